/*
 * aead.h — authenticated encryption for the three TLS 1.3 cipher suites,
 * behind one interface picked by suite (RFC 9846 §5.2, §B.4):
 *   TLS_AES_128_GCM_SHA256        AES-128-GCM       (nettle)
 *   TLS_AES_256_GCM_SHA384        AES-256-GCM       (nettle)
 *   TLS_CHACHA20_POLY1305_SHA256  ChaCha20-Poly1305 (libsodium, IETF variant)
 * All use a 12-byte nonce and a 16-byte tag (RFC 5116).
 */
#ifndef TLS13_CRYPTO_AEAD_H
#define TLS13_CRYPTO_AEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "tls13.h"

typedef enum aead_alg {
    AEAD_AES_128_GCM,
    AEAD_AES_256_GCM,
    AEAD_CHACHA20_POLY1305
} aead_alg;

#define AEAD_NONCE_LEN 12
#define AEAD_TAG_LEN 16
#define AEAD_MAX_KEY_LEN 32

/* The parameters of a cipher suite: its AEAD and its hash. */
typedef struct cipher_suite_info {
    uint16_t code;          /* e.g. TLS13_AES_128_GCM_SHA256 */
    const char *name;       /* "TLS_AES_128_GCM_SHA256" */
    aead_alg aead;
    hash_alg hash;
    size_t key_len;
} cipher_suite_info;

/* NULL for a suite we do not implement. */
const cipher_suite_info *cipher_suite_lookup(uint16_t code);

size_t aead_key_len(aead_alg alg);

/* Room for nettle's gcm_aes256_ctx (the largest: its 4 KiB GHASH table);
 * aead.c checks the fit. */
#define AEAD_STATE_SIZE 4416

/* A keyed AEAD. Holds the (expanded) key: wipe it with aead_wipe. */
typedef struct aead_key {
    aead_alg alg;
    bool ready;
    _Alignas(16) unsigned char state[AEAD_STATE_SIZE];
} aead_key;

/* TLS13_ERR_INVALID_ARGUMENT if key_len is not aead_key_len(alg). */
tls13_error aead_init(aead_key *k, aead_alg alg, const uint8_t *key, size_t key_len);
void aead_wipe(aead_key *k);

/* Encrypts pt and appends the tag: writes pt_len + AEAD_TAG_LEN bytes to out.
 * out may equal pt (in place); otherwise they must not overlap. */
tls13_error aead_seal(aead_key *k, const uint8_t nonce[AEAD_NONCE_LEN],
                      const uint8_t *aad, size_t aad_len,
                      const uint8_t *pt, size_t pt_len, uint8_t *out);

/* Checks the tag and decrypts: ct is ciphertext || tag (ct_len >= 16), writes
 * ct_len - AEAD_TAG_LEN bytes to out. On a bad tag returns
 * TLS13_ERR_RECORD_BAD_MAC and leaves no plaintext in out (it is zeroed).
 * out may equal ct (in place). */
tls13_error aead_open(aead_key *k, const uint8_t nonce[AEAD_NONCE_LEN],
                      const uint8_t *aad, size_t aad_len,
                      const uint8_t *ct, size_t ct_len, uint8_t *out);

#endif /* TLS13_CRYPTO_AEAD_H */
