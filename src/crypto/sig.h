/*
 * sig.h — digital signatures for CertificateVerify and certificates
 * (RFC 9846 §4.3.3 SignatureScheme, §4.5.2):
 *   ed25519                   libsodium
 *   rsa_pss_rsae_sha256/384/512  nettle (sign with an explicit salt, verify)
 *   ecdsa_secp256r1_sha256    nettle (verify; signing comes with certificates)
 *   rsa_pkcs1_sha256/384/512  nettle (verify only, for certificate signatures;
 *                             never acceptable in CertificateVerify)
 * Keys are held as plain big-endian byte strings so the layer above (x509)
 * can fill them without touching the crypto libraries.
 */
#ifndef TLS13_CRYPTO_SIG_H
#define TLS13_CRYPTO_SIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls13.h"

/* SignatureScheme code points, RFC 9846 §4.3.3. */
enum {
    SIG_RSA_PKCS1_SHA256 = 0x0401,
    SIG_RSA_PKCS1_SHA384 = 0x0501,
    SIG_RSA_PKCS1_SHA512 = 0x0601,
    SIG_ECDSA_SECP256R1_SHA256 = 0x0403,
    SIG_ECDSA_SECP384R1_SHA384 = 0x0503,
    SIG_RSA_PSS_RSAE_SHA256 = 0x0804,
    SIG_RSA_PSS_RSAE_SHA384 = 0x0805,
    SIG_RSA_PSS_RSAE_SHA512 = 0x0806,
    SIG_ED25519 = 0x0807,
    SIG_RSA_PSS_PSS_SHA256 = 0x0809,
    SIG_RSA_PSS_PSS_SHA384 = 0x080a,
    SIG_RSA_PSS_PSS_SHA512 = 0x080b
};

typedef enum sig_key_type {
    SIG_KEY_NONE = 0,
    SIG_KEY_ED25519,
    SIG_KEY_RSA,
    SIG_KEY_EC_P256
} sig_key_type;

#define SIG_RSA_MAX_BYTES 512 /* up to 4096-bit moduli */
#define SIG_MAX_SIGNATURE_LEN SIG_RSA_MAX_BYTES

/* A big-endian unsigned integer (no leading zero bytes required). */
typedef struct sig_bignum {
    uint8_t bytes[SIG_RSA_MAX_BYTES];
    size_t len;
} sig_bignum;

typedef struct sig_public_key {
    sig_key_type type;
    uint8_t ed25519[32];
    sig_bignum rsa_n, rsa_e;
    uint8_t ec_point[65];            /* 04 || X || Y */
} sig_public_key;

/* Holds secrets: wipe with sig_private_key_wipe. */
typedef struct sig_private_key {
    sig_key_type type;
    uint8_t ed25519_seed[32];
    sig_public_key pub;              /* the matching public key */
    sig_bignum rsa_d, rsa_p, rsa_q, rsa_dp, rsa_dq, rsa_qinv;
    uint8_t ec_scalar[32];
} sig_private_key;

void sig_private_key_wipe(sig_private_key *key);

/* Ed25519 key from a 32-byte seed (fills the public key too). */
tls13_error sig_ed25519_from_seed(sig_private_key *key, const uint8_t seed[32]);
/* A fresh Ed25519 key from rng (NULL: the OS CSPRNG). */
tls13_error sig_ed25519_generate(sig_private_key *key, const tls13_random_source *rng);
/* Checks an RSA private key is consistent (n = p*q, ...) and usable:
 * TLS13_OK or TLS13_ERR_BAD_PRIVATE_KEY. */
tls13_error sig_rsa_check(const sig_private_key *key);
/* Checks a public key can be used: Ed25519 a valid point of the prime-order
 * group, RSA 1024..4096 bits with an odd e >= 3, P-256 a point on the curve.
 * TLS13_OK or TLS13_ERR_UNSUPPORTED_KEY. */
tls13_error sig_public_key_check(const sig_public_key *key);

/* Can this key make (or check) signatures of this scheme in CertificateVerify? */
bool sig_scheme_usable_in_certificate_verify(uint16_t scheme, sig_key_type key_type);
const char *sig_scheme_name(uint16_t scheme);

/* Signs msg (ed25519, rsa_pss_rsae_*). RSA-PSS draws its salt (Hash.length
 * bytes, RFC 9846 §4.3.3) from rng with one call (NULL: the OS CSPRNG), so a
 * test can inject the trace's salt; RSA blinding uses the OS CSPRNG and does
 * not change the output. Ed25519 is deterministic. TLS13_ERR_SIGN_FAILED when
 * the key cannot make this scheme, TLS13_ERR_BUFFER_TOO_SMALL when sig_cap is
 * below the signature's size (64, or the RSA modulus length). */
tls13_error sig_sign(const sig_private_key *key, uint16_t scheme,
                     const uint8_t *msg, size_t msg_len,
                     const tls13_random_source *rng,
                     uint8_t *sig, size_t sig_cap, size_t *sig_len);

/* Verifies; TLS13_ERR_BAD_SIGNATURE (decrypt_error) when it does not,
 * including when the scheme does not fit the key's type or is not
 * implemented. It does not apply the CertificateVerify policy: rsa_pkcs1_*
 * verify here (certificate signatures); the handshake asks
 * sig_scheme_usable_in_certificate_verify first. */
tls13_error sig_verify(const sig_public_key *key, uint16_t scheme,
                       const uint8_t *msg, size_t msg_len,
                       const uint8_t *sig, size_t sig_len);

#endif /* TLS13_CRYPTO_SIG_H */
