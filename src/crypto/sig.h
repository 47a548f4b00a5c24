/*
 * sig.h — digital signatures for CertificateVerify and certificates
 * (RFC 9846 §4.3.3 SignatureScheme, §4.5.2):
 *   ed25519                   libsodium
 *   rsa_pss_rsae_sha256/384/512  nettle (sign with an explicit salt, verify),
 *                             keys with the rsaEncryption OID
 *   rsa_pss_pss_sha256/384/512   the same math, keys with the RSASSA-PSS OID
 *   ecdsa_secp256r1_sha256    nettle (sign and verify)
 *   ecdsa_secp384r1_sha384    nettle (sign and verify)
 *   rsa_pkcs1_sha256/384/512  nettle (verify only, for certificate signatures;
 *                             never acceptable in CertificateVerify)
 * Keys are held as plain big-endian byte strings so the layer above (x509)
 * can fill them without touching the crypto libraries.
 *
 * Two verification policies: sig_verify is TLS's (RFC 9846 §4.3.3: each
 * scheme names its key type, curve and hash), sig_verify_x509 is X.509's
 * for certificate signatures (any hash with any curve; RSASSA-PSS with
 * either RSA key OID).
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
    SIG_KEY_RSA,          /* rsaEncryption: rsa_pss_rsae_*, rsa_pkcs1_* */
    SIG_KEY_EC_P256,
    SIG_KEY_EC_P384,
    SIG_KEY_RSA_PSS       /* id-RSASSA-PSS (RFC 4055): rsa_pss_pss_* only */
} sig_key_type;

#define SIG_RSA_MAX_BYTES 512 /* up to 4096-bit moduli */
#define SIG_MAX_SIGNATURE_LEN SIG_RSA_MAX_BYTES
#define SIG_EC_MAX_POINT_LEN 97   /* 04 || X || Y on P-384 */
#define SIG_EC_MAX_SCALAR_LEN 48  /* a P-384 private key */

/* A big-endian unsigned integer (no leading zero bytes required). */
typedef struct sig_bignum {
    uint8_t bytes[SIG_RSA_MAX_BYTES];
    size_t len;
} sig_bignum;

typedef struct sig_public_key {
    sig_key_type type;
    uint8_t ed25519[32];
    sig_bignum rsa_n, rsa_e;         /* SIG_KEY_RSA and SIG_KEY_RSA_PSS */
    /* SIG_KEY_RSA_PSS whose RSASSA-PSS-params restrict it to one hash
     * (RFC 4055 §3.1): the one rsa_pss_pss_* scheme it may make or check;
     * 0 when the parameters are absent (any of the three). */
    uint16_t rsa_pss_scheme;
    uint8_t ec_point[SIG_EC_MAX_POINT_LEN]; /* 04 || X || Y, uncompressed */
    size_t ec_point_len;             /* 65 (P-256) or 97 (P-384) */
} sig_public_key;

/* Holds secrets: wipe with sig_private_key_wipe. */
typedef struct sig_private_key {
    sig_key_type type;
    uint8_t ed25519_seed[32];
    sig_public_key pub;              /* the matching public key */
    sig_bignum rsa_d, rsa_p, rsa_q, rsa_dp, rsa_dq, rsa_qinv;
    uint8_t ec_scalar[SIG_EC_MAX_SCALAR_LEN]; /* big-endian, the curve's */
    size_t ec_scalar_len;                     /* order length: 32 or 48 */
} sig_private_key;

void sig_private_key_wipe(sig_private_key *key);
/* Same type and same key (for pinning): the EC point, the RSA modulus and
 * exponent (and an RSASSA-PSS key's restriction), or the Ed25519 key. */
bool sig_public_key_equal(const sig_public_key *a, const sig_public_key *b);

/* Ed25519 key from a 32-byte seed (fills the public key too). */
tls13_error sig_ed25519_from_seed(sig_private_key *key, const uint8_t seed[32]);
/* A fresh Ed25519 key from rng (NULL: the OS CSPRNG). */
tls13_error sig_ed25519_generate(sig_private_key *key, const tls13_random_source *rng);
/* An ECDSA key (curve SIG_KEY_EC_P256 or SIG_KEY_EC_P384) from its private
 * scalar, big-endian and exactly the curve's order length (32 or 48 bytes,
 * RFC 5915 §3); computes the public point. TLS13_ERR_BAD_PRIVATE_KEY unless
 * 0 < d < n. */
tls13_error sig_ec_from_scalar(sig_private_key *key, sig_key_type curve,
                               const uint8_t *scalar, size_t len);
/* A fresh ECDSA key on the curve, its scalar from rng (NULL: the OS CSPRNG). */
tls13_error sig_ec_generate(sig_private_key *key, sig_key_type curve,
                            const tls13_random_source *rng);
/* Checks an RSA private key (SIG_KEY_RSA or SIG_KEY_RSA_PSS) is consistent
 * (n = p*q, ...) and usable: TLS13_OK or TLS13_ERR_BAD_PRIVATE_KEY. */
tls13_error sig_rsa_check(const sig_private_key *key);
/* Checks a public key can be used: Ed25519 a valid point of the prime-order
 * group, RSA 1024..4096 bits with an odd e >= 3, P-256 and P-384 an
 * uncompressed point on the curve (ec_point_len 65 or 97), an RSASSA-PSS
 * restriction one of the rsa_pss_pss_* schemes.
 * TLS13_OK or TLS13_ERR_UNSUPPORTED_KEY. */
tls13_error sig_public_key_check(const sig_public_key *key);

/* Can a key of this type make (or check) signatures of this scheme in
 * CertificateVerify? Strictly RFC 9846 §4.3.3: ecdsa_secp256r1_sha256 needs
 * a P-256 key and ecdsa_secp384r1_sha384 a P-384 key; rsa_pss_rsae_* an
 * rsaEncryption key and rsa_pss_pss_* an RSASSA-PSS key. */
bool sig_scheme_usable_in_certificate_verify(uint16_t scheme, sig_key_type key_type);
/* The same for one key: also honours an RSASSA-PSS key's restriction to one
 * hash (sig_public_key.rsa_pss_scheme). */
bool sig_key_usable_in_certificate_verify(uint16_t scheme, const sig_public_key *key);
const char *sig_scheme_name(uint16_t scheme);

/* Signs msg (ed25519, rsa_pss_rsae_*, rsa_pss_pss_*, ecdsa_secp256r1_sha256,
 * ecdsa_secp384r1_sha384). RSA-PSS draws its salt (Hash.length bytes, RFC
 * 9846 §4.3.3) from rng with one call (NULL: the OS CSPRNG), so a test can
 * inject the trace's salt; RSA blinding uses the OS CSPRNG and does not
 * change the output. ECDSA draws its per-signature secret k from rng (NULL:
 * the OS CSPRNG) mixed with the OS CSPRNG, so a repeating rng cannot repeat
 * k (a repeated k reveals the key), and writes a DER Ecdsa-Sig-Value (at most 72 or 104 bytes). Ed25519 is
 * deterministic. TLS13_ERR_SIGN_FAILED when the key cannot make this scheme,
 * TLS13_ERR_RANDOM_FAILED when rng fails, TLS13_ERR_BUFFER_TOO_SMALL when
 * sig_cap is below the signature's size (64, the RSA modulus length, or the
 * largest DER ECDSA signature of the curve). */
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

/* Verifies a certificate's signature (RFC 5280 §4.1.1.3) under X.509's
 * rules, which are looser than TLS's: the scheme names only the algorithm
 * and the hash. ecdsa_secp256r1_sha256 / ecdsa_secp384r1_sha384 stand for
 * ecdsa-with-SHA256 / -SHA384 and verify with a P-256 or a P-384 key;
 * rsa_pss_rsae_* and rsa_pss_pss_* stand for RSASSA-PSS with that hash,
 * MGF1 with the same hash and a salt of the hash's length, and verify with
 * an rsaEncryption or an RSASSA-PSS key (whose restriction, if any, must
 * name the same hash: RFC 9846 §4.3.3); rsa_pkcs1_* need an rsaEncryption
 * key (RFC 4055 §1.2), ed25519 an Ed25519 key. TLS13_OK or
 * TLS13_ERR_BAD_SIGNATURE. */
tls13_error sig_verify_x509(const sig_public_key *key, uint16_t scheme,
                            const uint8_t *msg, size_t msg_len,
                            const uint8_t *sig, size_t sig_len);

#endif /* TLS13_CRYPTO_SIG_H */
