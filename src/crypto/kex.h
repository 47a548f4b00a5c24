/*
 * kex.h — (EC)DHE key exchange behind one interface picked by group:
 *   x25519    (0x001d) libsodium crypto_scalarmult; 32-byte keys (RFC 7748)
 *   secp256r1 (0x0017) nettle/hogweed; the public key is the 65-byte
 *             uncompressed point 04 || X || Y, the shared secret the 32-byte X
 *             coordinate (RFC 9846 §4.3.8.2, §7.4.2)
 * The peer's share is validated: wrong length, a P-256 point not on the curve
 * or not in uncompressed form, and an all-zero X25519 result are refused.
 */
#ifndef TLS13_CRYPTO_KEX_H
#define TLS13_CRYPTO_KEX_H

#include <stddef.h>
#include <stdint.h>

#include "tls13.h"

typedef enum kex_group {
    KEX_X25519 = TLS13_GROUP_X25519,
    KEX_SECP256R1 = TLS13_GROUP_SECP256R1
} kex_group;

#define KEX_MAX_PRIVATE_LEN 32
#define KEX_MAX_PUBLIC_LEN 65
#define KEX_MAX_SHARED_LEN 32

/* An ephemeral key pair. Holds a secret: wipe it with kex_wipe. */
typedef struct kex_keypair {
    kex_group group;
    uint8_t private_key[KEX_MAX_PRIVATE_LEN];
    size_t private_len;
    uint8_t public_key[KEX_MAX_PUBLIC_LEN];
    size_t public_len;
} kex_keypair;

/* True for the groups we implement. */
int kex_group_supported(uint16_t group);
size_t kex_public_len(kex_group group);
const char *kex_group_name(uint16_t group);

/* A fresh key pair with private key bytes drawn from rng (NULL: the OS CSPRNG).
 * For P-256 the private scalar is drawn until it is in [1, n-1]. */
tls13_error kex_generate(kex_keypair *kp, kex_group group,
                         const tls13_random_source *rng);
/* The key pair for a given private key (to replay traces). For P-256 the
 * scalar is 32 big-endian bytes in [1, n-1]. */
tls13_error kex_from_private(kex_keypair *kp, kex_group group,
                             const uint8_t *private_key, size_t private_len);
/* The shared secret with the peer's public key; *shared_len is set to 32.
 * TLS13_ERR_BAD_KEY_SHARE for an invalid share, TLS13_ERR_ZERO_SHARED_SECRET
 * for an all-zero X25519 result. */
tls13_error kex_shared_secret(const kex_keypair *kp,
                              const uint8_t *peer_public, size_t peer_len,
                              uint8_t *shared, size_t *shared_len);
void kex_wipe(kex_keypair *kp);

#endif /* TLS13_CRYPTO_KEX_H */
