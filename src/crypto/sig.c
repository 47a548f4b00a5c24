/*
 * sig.c — the signatures of sig.h: Ed25519 from libsodium; RSA-PSS, RSA
 * PKCS#1 v1.5 and ECDSA P-256/P-384 from nettle/hogweed (DESIGN.md).
 *
 * Keys arrive as big-endian byte strings (sig_bignum, EC points and
 * scalars) so that src/x509 never sees a crypto library. This file turns
 * them into GMP integers and nettle scalars for the length of one
 * operation, and wipes (secret ones) and frees them before returning.
 *
 * May touch: libsodium, nettle/hogweed, GMP, src/crypto, src/wire.
 */
#include "crypto/sig.h"

#include <string.h>

#include <gmp.h>
#include <nettle/bignum.h>
#include <nettle/dsa.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>
#include <nettle/ecdsa.h>
#include <nettle/rsa.h>
#include <sodium.h>

#include "crypto/hash.h"
#include "crypto/secure.h"
#include "wire/wire.h"

/* RFC 8448's server key has 1024 bits; nothing smaller is accepted.
 * SIG_RSA_MAX_BYTES bounds the other end (4096 bits). */
#define SIG_RSA_MIN_BITS 1024

#define SIG_ED25519_SIG_LEN 64
#define SIG_MAX_DIGEST 64
#define SIG_P256_SCALAR_LEN 32
#define SIG_P384_SCALAR_LEN 48
/* A DER Ecdsa-Sig-Value: SEQUENCE header (2) and two INTEGERs, each a tag,
 * a length and at most the scalar plus a 0x00 sign byte: 72 bytes on P-256,
 * 104 on P-384. Every length inside is below 128 (short form). */
#define ECDSA_DER_MAX(scalar_len) (2 + 2 * (3 + (scalar_len)))
/* nettle redraws k until 0 < k < q; a draw fails that test with probability
 * about 2^-32 on P-256 (and far less on P-384), so a source that needs more
 * draws than this is not random (a test's constant source, say). */
#define ECDSA_MAX_NONCE_DRAWS 16

typedef enum sig_hash {
    SIG_HASH_NONE,
    SIG_HASH_SHA256,
    SIG_HASH_SHA384,
    SIG_HASH_SHA512
} sig_hash;

typedef enum sig_alg {
    SIG_ALG_NONE,        /* named, but not implemented */
    SIG_ALG_ED25519,
    SIG_ALG_RSA_PSS,
    SIG_ALG_RSA_PKCS1,
    SIG_ALG_ECDSA
} sig_alg;

/* One SignatureScheme (RFC 9846 §4.3.3): what it is made of and where it
 * may be used. */
typedef struct scheme_info {
    uint16_t scheme;
    const char *name;
    sig_alg alg;
    sig_hash hash;
    sig_key_type key_type;
    bool in_certificate_verify;
} scheme_info;

static const scheme_info scheme_table[] = {
    { SIG_ED25519, "ed25519", SIG_ALG_ED25519, SIG_HASH_NONE, SIG_KEY_ED25519, true },
    { SIG_RSA_PSS_RSAE_SHA256, "rsa_pss_rsae_sha256", SIG_ALG_RSA_PSS, SIG_HASH_SHA256,
      SIG_KEY_RSA, true },
    { SIG_RSA_PSS_RSAE_SHA384, "rsa_pss_rsae_sha384", SIG_ALG_RSA_PSS, SIG_HASH_SHA384,
      SIG_KEY_RSA, true },
    { SIG_RSA_PSS_RSAE_SHA512, "rsa_pss_rsae_sha512", SIG_ALG_RSA_PSS, SIG_HASH_SHA512,
      SIG_KEY_RSA, true },
    { SIG_ECDSA_SECP256R1_SHA256, "ecdsa_secp256r1_sha256", SIG_ALG_ECDSA, SIG_HASH_SHA256,
      SIG_KEY_EC_P256, true },
    { SIG_ECDSA_SECP384R1_SHA384, "ecdsa_secp384r1_sha384", SIG_ALG_ECDSA, SIG_HASH_SHA384,
      SIG_KEY_EC_P384, true },
    /* RFC 9846 §4.3.3: rsa_pss_pss_* "If the public key is carried in an
     * X.509 certificate, it MUST use the RSASSA-PSS OID". */
    { SIG_RSA_PSS_PSS_SHA256, "rsa_pss_pss_sha256", SIG_ALG_RSA_PSS, SIG_HASH_SHA256,
      SIG_KEY_RSA_PSS, true },
    { SIG_RSA_PSS_PSS_SHA384, "rsa_pss_pss_sha384", SIG_ALG_RSA_PSS, SIG_HASH_SHA384,
      SIG_KEY_RSA_PSS, true },
    { SIG_RSA_PSS_PSS_SHA512, "rsa_pss_pss_sha512", SIG_ALG_RSA_PSS, SIG_HASH_SHA512,
      SIG_KEY_RSA_PSS, true },
    /* RFC 9846 §4.3.3: RSASSA-PKCS1-v1_5 "refer solely to signatures which
     * appear in certificates ... and are not defined for use in signed TLS
     * handshake messages". */
    { SIG_RSA_PKCS1_SHA256, "rsa_pkcs1_sha256", SIG_ALG_RSA_PKCS1, SIG_HASH_SHA256,
      SIG_KEY_RSA, false },
    { SIG_RSA_PKCS1_SHA384, "rsa_pkcs1_sha384", SIG_ALG_RSA_PKCS1, SIG_HASH_SHA384,
      SIG_KEY_RSA, false },
    { SIG_RSA_PKCS1_SHA512, "rsa_pkcs1_sha512", SIG_ALG_RSA_PKCS1, SIG_HASH_SHA512,
      SIG_KEY_RSA, false },
    /* Named for logs and traces; not implemented. */
    { 0x0603, "ecdsa_secp521r1_sha512", SIG_ALG_NONE, SIG_HASH_NONE, SIG_KEY_NONE, false },
    { 0x0808, "ed448", SIG_ALG_NONE, SIG_HASH_NONE, SIG_KEY_NONE, false },
    { 0x0201, "rsa_pkcs1_sha1", SIG_ALG_NONE, SIG_HASH_NONE, SIG_KEY_NONE, false },
    { 0x0203, "ecdsa_sha1", SIG_ALG_NONE, SIG_HASH_NONE, SIG_KEY_NONE, false },
};

static const scheme_info *scheme_lookup(uint16_t scheme)
{
    size_t n = sizeof scheme_table / sizeof scheme_table[0];
    for (size_t i = 0; i < n; i++) {
        if (scheme_table[i].scheme == scheme)
            return &scheme_table[i];
    }
    return NULL;
}

bool sig_scheme_usable_in_certificate_verify(uint16_t scheme, sig_key_type key_type)
{
    const scheme_info *info = scheme_lookup(scheme);
    return info != NULL && info->alg != SIG_ALG_NONE && info->in_certificate_verify &&
           key_type != SIG_KEY_NONE && info->key_type == key_type;
}

/* An RSASSA-PSS key whose parameters name a hash signs and verifies with
 * that hash only (RFC 4055 §3.1; RFC 9846 §4.3.3: a certificate
 * signature's parameters "MUST be identical to those in the public key"). */
static bool rsa_pss_restriction_allows(const sig_public_key *key, sig_hash hash)
{
    if (key->type != SIG_KEY_RSA_PSS || key->rsa_pss_scheme == 0)
        return true;
    const scheme_info *only = scheme_lookup(key->rsa_pss_scheme);
    return only != NULL && only->key_type == SIG_KEY_RSA_PSS && only->hash == hash;
}

bool sig_key_usable_in_certificate_verify(uint16_t scheme, const sig_public_key *key)
{
    const scheme_info *info = scheme_lookup(scheme);
    return key != NULL && sig_scheme_usable_in_certificate_verify(scheme, key->type) &&
           (info->alg != SIG_ALG_RSA_PSS || rsa_pss_restriction_allows(key, info->hash));
}

const char *sig_scheme_name(uint16_t scheme)
{
    const scheme_info *info = scheme_lookup(scheme);
    return info != NULL ? info->name : "unknown";
}

/* ------------------------------------------------------------------------ */
/* Helpers: digests, GMP integers                                           */
/* ------------------------------------------------------------------------ */

/* Hashes msg; returns the digest length. SHA-256 (libsodium) and SHA-384
 * (nettle) through hash.h, SHA-512 from libsodium. */
static size_t sig_digest(sig_hash hash, const uint8_t *msg, size_t len,
                         uint8_t out[SIG_MAX_DIGEST])
{
    switch (hash) {
    case SIG_HASH_SHA256:
        hash_digest(HASH_SHA256, msg, len, out);
        return HASH_SHA256_LEN;
    case SIG_HASH_SHA384:
        hash_digest(HASH_SHA384, msg, len, out);
        return HASH_SHA384_LEN;
    case SIG_HASH_SHA512:
        crypto_hash_sha512(out, msg, len);
        return crypto_hash_sha512_BYTES;
    case SIG_HASH_NONE:
        break;
    }
    return 0;
}

static bool bignum_valid(const sig_bignum *b)
{
    return b->len > 0 && b->len <= SIG_RSA_MAX_BYTES;
}

static void mpz_set_bignum(mpz_t out, const sig_bignum *b)
{
    nettle_mpz_set_str_256_u(out, b->len, b->bytes);
}

/* GMP frees without clearing; wipe the limbs first. A freshly initialised
 * integer may point at a shared read-only limb (_mp_alloc == 0). */
static void mpz_wipe(mpz_t x)
{
    if (x[0]._mp_alloc > 0)
        secure_wipe(x[0]._mp_d, (size_t)x[0]._mp_alloc * sizeof(mp_limb_t));
}

static void rsa_public_free(struct rsa_public_key *pub)
{
    rsa_public_key_clear(pub);
}

static void rsa_private_free(struct rsa_private_key *priv)
{
    mpz_wipe(priv->d);
    mpz_wipe(priv->p);
    mpz_wipe(priv->q);
    mpz_wipe(priv->a);
    mpz_wipe(priv->b);
    mpz_wipe(priv->c);
    rsa_private_key_clear(priv);
}

/* nettle's blinding randomness. It never changes the signature, so it comes
 * from the OS CSPRNG, not from the caller's (possibly replaying) source. */
static void blinding_random(void *ctx, size_t len, uint8_t *dst)
{
    (void)ctx;
    randombytes_buf(dst, len);
}

/* ------------------------------------------------------------------------ */
/* RSA keys                                                                 */
/* ------------------------------------------------------------------------ */

static bool is_rsa_key(sig_key_type type)
{
    return type == SIG_KEY_RSA || type == SIG_KEY_RSA_PSS;
}

/* Loads and checks an RSA public key (either OID: the math is the same):
 * 1024..4096 bits, n odd, e odd, 3 <= e < n. Always initialises pub (free
 * it with rsa_public_free). */
static bool rsa_public_load(struct rsa_public_key *pub, const sig_public_key *key)
{
    rsa_public_key_init(pub);
    if (!is_rsa_key(key->type) || !bignum_valid(&key->rsa_n) ||
        !bignum_valid(&key->rsa_e))
        return false;
    mpz_set_bignum(pub->n, &key->rsa_n);
    mpz_set_bignum(pub->e, &key->rsa_e);
    size_t bits = mpz_sizeinbase(pub->n, 2);
    if (bits < SIG_RSA_MIN_BITS || bits > 8 * SIG_RSA_MAX_BYTES)
        return false;
    if (!mpz_odd_p(pub->n) || !mpz_odd_p(pub->e) || mpz_cmp_ui(pub->e, 3) < 0 ||
        mpz_cmp(pub->e, pub->n) >= 0)
        return false;
    return rsa_public_key_prepare(pub) != 0;
}

/* Loads the CRT form of an RSA private key. Always initialises priv. */
static bool rsa_private_load(struct rsa_private_key *priv, const sig_private_key *key)
{
    rsa_private_key_init(priv);
    const sig_bignum *parts[] = { &key->rsa_d, &key->rsa_p, &key->rsa_q,
                                  &key->rsa_dp, &key->rsa_dq, &key->rsa_qinv };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (!bignum_valid(parts[i]))
            return false;
    }
    mpz_set_bignum(priv->d, &key->rsa_d);
    mpz_set_bignum(priv->p, &key->rsa_p);
    mpz_set_bignum(priv->q, &key->rsa_q);
    mpz_set_bignum(priv->a, &key->rsa_dp);
    mpz_set_bignum(priv->b, &key->rsa_dq);
    mpz_set_bignum(priv->c, &key->rsa_qinv);
    return rsa_private_key_prepare(priv) != 0;
}

/* x * y mod m == 1 (each a CRT relation of RFC 8017 §3.2). */
static bool mul_mod_is_one(const mpz_t x, const mpz_t y, const mpz_t m)
{
    mpz_t t;
    mpz_init(t);
    mpz_mul(t, x, y);
    mpz_mod(t, t, m);
    bool one = mpz_cmp_ui(t, 1) == 0;
    mpz_wipe(t);
    mpz_clear(t);
    return one;
}

/* RFC 8017 §3.2: n = p*q, e*d = 1 mod lambda(n) (checked mod p-1 and
 * mod q-1), e*dP = 1 mod (p-1), e*dQ = 1 mod (q-1), q*qInv = 1 mod p. */
static bool rsa_crt_consistent(const struct rsa_public_key *pub,
                               const struct rsa_private_key *priv)
{
    mpz_t t, pm1, qm1;
    mpz_inits(t, pm1, qm1, NULL);
    mpz_mul(t, priv->p, priv->q);
    mpz_sub_ui(pm1, priv->p, 1);
    mpz_sub_ui(qm1, priv->q, 1);
    bool ok = mpz_cmp(t, pub->n) == 0 && mpz_cmp(priv->p, priv->q) != 0 &&
              mul_mod_is_one(pub->e, priv->d, pm1) && mul_mod_is_one(pub->e, priv->d, qm1) &&
              mul_mod_is_one(pub->e, priv->a, pm1) &&
              mul_mod_is_one(pub->e, priv->b, qm1) &&
              mul_mod_is_one(priv->q, priv->c, priv->p);
    mpz_wipe(t);
    mpz_wipe(pm1);
    mpz_wipe(qm1);
    mpz_clears(t, pm1, qm1, NULL);
    return ok;
}

tls13_error sig_rsa_check(const sig_private_key *key)
{
    if (key == NULL || !is_rsa_key(key->type) || key->pub.type != key->type)
        return TLS13_ERR_INVALID_ARGUMENT;
    struct rsa_public_key pub;
    struct rsa_private_key priv;
    bool ok = rsa_public_load(&pub, &key->pub);
    ok = rsa_private_load(&priv, key) && ok;
    ok = ok && priv.size == pub.size && rsa_crt_consistent(&pub, &priv);
    rsa_private_free(&priv);
    rsa_public_free(&pub);
    return ok ? TLS13_OK : TLS13_ERR_BAD_PRIVATE_KEY;
}

/* ------------------------------------------------------------------------ */
/* RSA signatures                                                           */
/* ------------------------------------------------------------------------ */

typedef int rsa_pss_sign_fn(const struct rsa_public_key *, const struct rsa_private_key *,
                            void *, nettle_random_func *, size_t, const uint8_t *,
                            const uint8_t *, mpz_t);
typedef int rsa_pss_verify_fn(const struct rsa_public_key *, size_t, const uint8_t *,
                              const mpz_t);

static rsa_pss_sign_fn *rsa_pss_signer(sig_hash hash)
{
    switch (hash) {
    case SIG_HASH_SHA256: return rsa_pss_sha256_sign_digest_tr;
    case SIG_HASH_SHA384: return rsa_pss_sha384_sign_digest_tr;
    case SIG_HASH_SHA512: return rsa_pss_sha512_sign_digest_tr;
    case SIG_HASH_NONE: break;
    }
    return NULL;
}

static rsa_pss_verify_fn *rsa_pss_verifier(sig_hash hash)
{
    switch (hash) {
    case SIG_HASH_SHA256: return rsa_pss_sha256_verify_digest;
    case SIG_HASH_SHA384: return rsa_pss_sha384_verify_digest;
    case SIG_HASH_SHA512: return rsa_pss_sha512_verify_digest;
    case SIG_HASH_NONE: break;
    }
    return NULL;
}

/* One RSASSA-PSS signature with nettle. The _tr variants blind the private
 * operation and check the result with the public key before releasing it. */
static tls13_error rsa_pss_compute(const struct rsa_public_key *pub,
                                   const struct rsa_private_key *priv, sig_hash hash,
                                   size_t hlen, const uint8_t *salt, const uint8_t *digest,
                                   uint8_t *sig, size_t *sig_len)
{
    mpz_t s;
    mpz_init(s);
    int ok = rsa_pss_signer(hash)(pub, priv, NULL, blinding_random, hlen, salt, digest, s);
    if (ok) {
        nettle_mpz_get_str_256(pub->size, sig, s);
        *sig_len = pub->size;
    }
    mpz_clear(s);
    return ok ? TLS13_OK : TLS13_ERR_SIGN_FAILED;
}

/* RSASSA-PSS sign. RFC 9846 §4.3.3: "The length of the Salt MUST be equal to
 * the length of the output of the digest algorithm." The salt comes from rng
 * so that a test can replay a trace's signature byte for byte. */
static tls13_error rsa_pss_sign(const sig_private_key *key, sig_hash hash,
                                const uint8_t *msg, size_t msg_len,
                                const tls13_random_source *rng,
                                uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
    uint8_t digest[SIG_MAX_DIGEST], salt[SIG_MAX_DIGEST];
    if (!rsa_pss_restriction_allows(&key->pub, hash))
        return TLS13_ERR_SIGN_FAILED;
    size_t hlen = sig_digest(hash, msg, msg_len, digest);
    tls13_error err = secure_random(rng, salt, hlen);
    if (err != TLS13_OK)
        return err;
    struct rsa_public_key pub;
    struct rsa_private_key priv;
    bool loaded = rsa_public_load(&pub, &key->pub);
    loaded = rsa_private_load(&priv, key) && loaded && priv.size == pub.size;
    if (!loaded)
        err = TLS13_ERR_SIGN_FAILED;
    else if (sig_cap < pub.size)
        err = TLS13_ERR_BUFFER_TOO_SMALL;
    else
        err = rsa_pss_compute(&pub, &priv, hash, hlen, salt, digest, sig, sig_len);
    rsa_private_free(&priv);
    rsa_public_free(&pub);
    secure_wipe(salt, sizeof salt);
    return err;
}

/* DigestInfo prefixes for EMSA-PKCS1-v1_5, RFC 8017 §9.2 note 1. */
static const uint8_t digest_info_sha256[] = {
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20 };
static const uint8_t digest_info_sha384[] = {
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30 };
static const uint8_t digest_info_sha512[] = {
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40 };

/* EMSA-PKCS1-v1_5 check against the one DER DigestInfo (nettle rebuilds the
 * whole encoded message and compares, so BER variants are refused). */
static bool rsa_pkcs1_check(const struct rsa_public_key *pub, sig_hash hash,
                            const uint8_t *digest, size_t hlen, const mpz_t s)
{
    const uint8_t *prefix = hash == SIG_HASH_SHA256   ? digest_info_sha256
                            : hash == SIG_HASH_SHA384 ? digest_info_sha384
                                                      : digest_info_sha512;
    uint8_t info[sizeof digest_info_sha256 + SIG_MAX_DIGEST];
    memcpy(info, prefix, sizeof digest_info_sha256);
    memcpy(info + sizeof digest_info_sha256, digest, hlen);
    return rsa_pkcs1_verify(pub, sizeof digest_info_sha256 + hlen, info, s) != 0;
}

/* RSASSA-PSS and RSASSA-PKCS1-v1_5 verification. */
static bool rsa_verify(const sig_public_key *key, const scheme_info *info,
                       const uint8_t *msg, size_t msg_len,
                       const uint8_t *sig, size_t sig_len)
{
    struct rsa_public_key pub;
    bool ok = rsa_public_load(&pub, key);
    if (info->alg == SIG_ALG_RSA_PSS)
        ok = ok && rsa_pss_restriction_allows(key, info->hash);
    /* RFC 8017 §8.1.2 / §8.2.2 step 1: the signature is exactly k octets. */
    ok = ok && sig_len == pub.size;
    if (ok) {
        uint8_t digest[SIG_MAX_DIGEST];
        size_t hlen = sig_digest(info->hash, msg, msg_len, digest);
        mpz_t s;
        mpz_init(s);
        nettle_mpz_set_str_256_u(s, sig_len, sig);
        if (info->alg == SIG_ALG_RSA_PSS)
            ok = rsa_pss_verifier(info->hash)(&pub, hlen, digest, s) != 0;
        else
            ok = rsa_pkcs1_check(&pub, info->hash, digest, hlen, s);
        mpz_clear(s);
    }
    rsa_public_free(&pub);
    return ok;
}

/* ------------------------------------------------------------------------ */
/* ECDSA P-256 and P-384                                                    */
/* ------------------------------------------------------------------------ */

/* The curve of an EC key type, and its order's (and coordinates') length in
 * bytes; NULL / 0 for other key types. */
static const struct ecc_curve *ec_curve(sig_key_type type)
{
    switch (type) {
    case SIG_KEY_EC_P256: return nettle_get_secp_256r1();
    case SIG_KEY_EC_P384: return nettle_get_secp_384r1();
    default: return NULL;
    }
}

static size_t ec_scalar_len(sig_key_type type)
{
    switch (type) {
    case SIG_KEY_EC_P256: return SIG_P256_SCALAR_LEN;
    case SIG_KEY_EC_P384: return SIG_P384_SCALAR_LEN;
    default: return 0;
    }
}

static bool is_ec_key(sig_key_type type)
{
    return ec_curve(type) != NULL;
}

/* GMP frees without clearing; a nettle scalar is a private key. */
static void ec_scalar_wipe(struct ecc_scalar *s)
{
    secure_wipe(s->p, (size_t)ecc_size(s->ecc) * sizeof(mp_limb_t));
    ecc_scalar_clear(s);
}

/* One DER TLV with a short-form length. In an Ecdsa-Sig-Value on P-256 or
 * P-384 every length is below 128 (ECDSA_DER_MAX), and DER forbids the long
 * form for such lengths, so the short form is the only valid one. */
static bool der_short_tlv(wire_reader *r, uint8_t tag, wire_reader *value)
{
    uint8_t t, len;
    if (!wire_read_u8(r, &t) || t != tag || !wire_read_u8(r, &len) || len >= 0x80)
        return false;
    const uint8_t *body;
    if (!wire_read_span(r, len, &body))
        return false;
    wire_reader_init(value, body, len);
    return true;
}

/* A DER INTEGER that is non-negative and minimally encoded (X.690 §8.3.2),
 * at most max_len bytes of magnitude. */
static bool der_scalar(wire_reader *r, size_t max_len, mpz_t out)
{
    wire_reader v;
    if (!der_short_tlv(r, 0x02, &v) || v.len == 0 || (v.data[0] & 0x80) != 0)
        return false;
    if (v.len > 1 && v.data[0] == 0x00 && (v.data[1] & 0x80) == 0)
        return false;                          /* a redundant leading zero */
    if (v.data[0] == 0x00 && v.len > 1)
        wire_skip(&v, 1);
    if (v.len > max_len)
        return false;
    nettle_mpz_set_str_256_u(out, v.len, v.data);
    return true;
}

/* RFC 9846 §4.3.3: "The signature is represented as a DER-encoded [X690]
 * ECDSA-Sig-Value structure": SEQUENCE { r INTEGER, s INTEGER }, with nothing
 * after it. */
static bool ecdsa_signature_parse(const uint8_t *sig, size_t sig_len, size_t scalar_len,
                                  struct dsa_signature *out)
{
    wire_reader r, seq;
    wire_reader_init(&r, sig, sig_len);
    return der_short_tlv(&r, 0x30, &seq) && wire_reader_done(&r) &&
           der_scalar(&seq, scalar_len, out->r) && der_scalar(&seq, scalar_len, out->s) &&
           wire_reader_done(&seq);
}

/* One INTEGER of an Ecdsa-Sig-Value from a fixed-length big-endian value:
 * leading zeros dropped, a 0x00 added when the top bit is set (X.690
 * §8.3.2). The u8 length prefix is DER's short form: every length is below
 * 128 (ECDSA_DER_MAX). */
static bool der_write_scalar(wire_writer *w, const uint8_t *be, size_t len)
{
    while (len > 1 && be[0] == 0) {
        be++;
        len--;
    }
    wire_writer value;
    return wire_write_u8(w, 0x02) && wire_writer_open_u8(w, &value) &&
           ((be[0] & 0x80) == 0 || wire_write_u8(&value, 0x00)) &&
           wire_write_bytes(&value, be, len) && wire_writer_close(&value);
}

static bool ecdsa_signature_write(const struct dsa_signature *signature, size_t scalar_len,
                                  uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
    uint8_t r[SIG_P384_SCALAR_LEN], s[SIG_P384_SCALAR_LEN];
    nettle_mpz_get_str_256(scalar_len, r, signature->r);
    nettle_mpz_get_str_256(scalar_len, s, signature->s);
    wire_writer w, seq;
    wire_writer_init(&w, sig, sig_cap);
    return wire_write_u8(&w, 0x30) && wire_writer_open_u8(&w, &seq) &&
           der_write_scalar(&seq, r, scalar_len) && der_write_scalar(&seq, s, scalar_len) &&
           wire_writer_close(&seq) && wire_writer_finish(&w, sig_len);
}

/* The uncompressed point 04 || X || Y of the key, checked to lie on its
 * curve (nettle's ecc_point_set checks both coordinates are below p and the
 * curve equation). p must have been initialised on the key's curve. */
static bool ec_point_load(struct ecc_point *p, const sig_public_key *key)
{
    size_t n = ec_scalar_len(key->type);
    if (n == 0 || key->ec_point_len != 1 + 2 * n || key->ec_point[0] != 0x04)
        return false;
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    nettle_mpz_set_str_256_u(x, n, key->ec_point + 1);
    nettle_mpz_set_str_256_u(y, n, key->ec_point + 1 + n);
    bool ok = ecc_point_set(p, x, y) != 0;
    mpz_clears(x, y, NULL);
    return ok;
}

static void ec_point_encode(const struct ecc_point *p, size_t n, uint8_t *out)
{
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    ecc_point_get(p, x, y);
    out[0] = 0x04;
    nettle_mpz_get_str_256(n, out + 1, x);
    nettle_mpz_get_str_256(n, out + 1 + n, y);
    mpz_clears(x, y, NULL);
}

static bool ec_public_key_valid(const sig_public_key *key)
{
    const struct ecc_curve *curve = ec_curve(key->type);
    if (curve == NULL)
        return false;
    struct ecc_point p;
    ecc_point_init(&p, curve);
    bool ok = ec_point_load(&p, key);
    ecc_point_clear(&p);
    return ok;
}

/* ECDSA verification with any hash on either curve: TLS fixes the pair
 * (sig_verify), X.509 does not (sig_verify_x509). nettle reduces a digest
 * longer than the order to its leftmost bits (FIPS 186-4 §6.4), and checks
 * 0 < r, s < q itself (§6.4.2 step 1). */
static bool ecdsa_verify_hash(const sig_public_key *key, sig_hash hash,
                              const uint8_t *msg, size_t msg_len,
                              const uint8_t *sig, size_t sig_len)
{
    const struct ecc_curve *curve = ec_curve(key->type);
    if (curve == NULL)
        return false;
    struct ecc_point pub;
    struct dsa_signature signature;
    ecc_point_init(&pub, curve);
    dsa_signature_init(&signature);
    bool ok = ec_point_load(&pub, key) &&
              ecdsa_signature_parse(sig, sig_len, ec_scalar_len(key->type), &signature);
    if (ok) {
        uint8_t digest[SIG_MAX_DIGEST];
        size_t hlen = sig_digest(hash, msg, msg_len, digest);
        ok = hlen > 0 && ecdsa_verify(&pub, hlen, digest, &signature) != 0;
    }
    dsa_signature_clear(&signature);
    ecc_point_clear(&pub);
    return ok;
}

/* Sets a nettle scalar from big-endian bytes; fails unless 0 < d < q. The
 * GMP copy of the secret is wiped. s must be initialised. */
static bool ec_scalar_load(struct ecc_scalar *s, const uint8_t *bytes, size_t len)
{
    mpz_t d;
    mpz_init(d);
    nettle_mpz_set_str_256_u(d, len, bytes);
    bool ok = ecc_scalar_set(s, d) != 0;
    mpz_wipe(d);
    mpz_clear(d);
    return ok;
}

tls13_error sig_ec_from_scalar(sig_private_key *key, sig_key_type curve_type,
                               const uint8_t *scalar, size_t len)
{
    const struct ecc_curve *curve = ec_curve(curve_type);
    size_t n = ec_scalar_len(curve_type);
    if (key == NULL || scalar == NULL || curve == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    memset(key, 0, sizeof *key);
    if (len != n)
        return TLS13_ERR_BAD_PRIVATE_KEY;
    struct ecc_scalar s;
    struct ecc_point pub;
    ecc_scalar_init(&s, curve);
    ecc_point_init(&pub, curve);
    bool ok = ec_scalar_load(&s, scalar, len);
    if (ok) {
        ecc_point_mul_g(&pub, &s);
        ec_point_encode(&pub, n, key->pub.ec_point);
        key->pub.ec_point_len = 1 + 2 * n;
        key->pub.type = curve_type;
        key->type = curve_type;
        memcpy(key->ec_scalar, scalar, n);
        key->ec_scalar_len = n;
    }
    ecc_point_clear(&pub);
    ec_scalar_wipe(&s);
    return ok ? TLS13_OK : TLS13_ERR_BAD_PRIVATE_KEY;
}

tls13_error sig_ec_generate(sig_private_key *key, sig_key_type curve,
                            const tls13_random_source *rng)
{
    size_t n = ec_scalar_len(curve);
    if (key == NULL || n == 0)
        return TLS13_ERR_INVALID_ARGUMENT;
    if (secure_init() != TLS13_OK)
        return TLS13_ERR_RANDOM_FAILED;
    uint8_t d[SIG_EC_MAX_SCALAR_LEN];
    tls13_error err = TLS13_ERR_RANDOM_FAILED;
    /* A draw outside 1..q-1 is drawn again (FIPS 186-4 B.4.2, rejection). */
    for (int i = 0; i < ECDSA_MAX_NONCE_DRAWS && err != TLS13_OK; i++) {
        err = secure_random(rng, d, n);
        if (err != TLS13_OK)
            break;
        err = sig_ec_from_scalar(key, curve, d, n);
    }
    secure_wipe(d, sizeof d);
    if (err == TLS13_ERR_BAD_PRIVATE_KEY)
        err = TLS13_ERR_RANDOM_FAILED;
    return err;
}

/* nettle draws k through a nettle_random_func, which cannot fail, and draws
 * again until 0 < k < q. This adapter takes k from the config's random
 * source XORed with the OS's randomness: a replaceable source (a test's
 * script, a repeating generator) must never repeat k -- two signatures with
 * one k give away the private key. When the config's source fails (or keeps
 * giving out-of-range values) the failure is recorded, nettle's loop ends
 * on OS randomness, and the signature is thrown away. */
typedef struct ecdsa_nonce_source {
    const tls13_random_source *rng;
    int draws;
    bool failed;
} ecdsa_nonce_source;

static void ecdsa_nonce_random(void *ctx, size_t len, uint8_t *dst)
{
    ecdsa_nonce_source *src = ctx;
    if (!src->failed && (++src->draws > ECDSA_MAX_NONCE_DRAWS ||
                         secure_random(src->rng, dst, len) != TLS13_OK))
        src->failed = true;
    if (src->failed) {
        randombytes_buf(dst, len);
        return;
    }
    uint8_t os[64];
    for (size_t done = 0; done < len; done += sizeof os) {
        size_t n = len - done < sizeof os ? len - done : sizeof os;
        randombytes_buf(os, n);
        for (size_t i = 0; i < n; i++)
            dst[done + i] ^= os[i];
    }
    sodium_memzero(os, sizeof os);
}

/* ECDSA (FIPS 186-4 §6.4) with the scheme's hash; the DER Ecdsa-Sig-Value of
 * RFC 9846 §4.3.3. Like RSA's _tr variants, the signature is checked with
 * the public key before it leaves: a key whose halves do not match, or a
 * fault, never yields a bad signature. */
static tls13_error ecdsa_sign_hash(const sig_private_key *key, sig_hash hash,
                                   const uint8_t *msg, size_t msg_len,
                                   const tls13_random_source *rng,
                                   uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
    const struct ecc_curve *curve = ec_curve(key->type);
    size_t n = ec_scalar_len(key->type);
    if (curve == NULL || key->ec_scalar_len != n)
        return TLS13_ERR_SIGN_FAILED;
    if (sig_cap < ECDSA_DER_MAX(n))
        return TLS13_ERR_BUFFER_TOO_SMALL;
    uint8_t digest[SIG_MAX_DIGEST];
    size_t hlen = sig_digest(hash, msg, msg_len, digest);
    struct ecc_scalar d;
    struct dsa_signature signature;
    ecdsa_nonce_source nonce = { rng, 0, false };
    ecc_scalar_init(&d, curve);
    dsa_signature_init(&signature);
    tls13_error err = TLS13_ERR_SIGN_FAILED;
    if (ec_scalar_load(&d, key->ec_scalar, n)) {
        ecdsa_sign(&d, &nonce, ecdsa_nonce_random, hlen, digest, &signature);
        if (nonce.failed)
            err = TLS13_ERR_RANDOM_FAILED;
        else if (ecdsa_signature_write(&signature, n, sig, sig_cap, sig_len) &&
                 ecdsa_verify_hash(&key->pub, hash, msg, msg_len, sig, *sig_len))
            err = TLS13_OK;
    }
    dsa_signature_clear(&signature);
    ec_scalar_wipe(&d);
    return err;
}

/* ------------------------------------------------------------------------ */
/* Ed25519                                                                  */
/* ------------------------------------------------------------------------ */

tls13_error sig_ed25519_from_seed(sig_private_key *key, const uint8_t seed[32])
{
    if (key == NULL || seed == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    if (secure_init() != TLS13_OK)
        return TLS13_ERR_RANDOM_FAILED;
    uint8_t sk[crypto_sign_SECRETKEYBYTES];
    memset(key, 0, sizeof *key);
    key->type = SIG_KEY_ED25519;
    key->pub.type = SIG_KEY_ED25519;
    memcpy(key->ed25519_seed, seed, 32);
    crypto_sign_seed_keypair(key->pub.ed25519, sk, seed);
    secure_wipe(sk, sizeof sk);
    return TLS13_OK;
}

tls13_error sig_ed25519_generate(sig_private_key *key, const tls13_random_source *rng)
{
    if (key == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    uint8_t seed[32];
    tls13_error err = secure_random(rng, seed, sizeof seed);
    if (err == TLS13_OK)
        err = sig_ed25519_from_seed(key, seed);
    secure_wipe(seed, sizeof seed);
    return err;
}

/* RFC 8032 §5.1.6, PureEdDSA: the message itself is signed, not a digest. */
static tls13_error ed25519_sign(const sig_private_key *key, const uint8_t *msg,
                                size_t msg_len, uint8_t *sig, size_t sig_cap,
                                size_t *sig_len)
{
    if (sig_cap < SIG_ED25519_SIG_LEN)
        return TLS13_ERR_BUFFER_TOO_SMALL;
    uint8_t pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
    crypto_sign_seed_keypair(pk, sk, key->ed25519_seed);
    int rc = crypto_sign_detached(sig, NULL, msg, msg_len, sk);
    secure_wipe(sk, sizeof sk);
    if (rc != 0)
        return TLS13_ERR_SIGN_FAILED;
    *sig_len = SIG_ED25519_SIG_LEN;
    return TLS13_OK;
}

/* libsodium rejects a non-canonical S, a small-order R or A, and a
 * non-canonical A (RFC 8032 §5.1.7 plus the usual malleability checks). */
static bool ed25519_verify(const sig_public_key *key, const uint8_t *msg, size_t msg_len,
                           const uint8_t *sig, size_t sig_len)
{
    return sig_len == SIG_ED25519_SIG_LEN &&
           crypto_sign_verify_detached(sig, msg, msg_len, key->ed25519) == 0;
}

/* ------------------------------------------------------------------------ */
/* The public entry points                                                  */
/* ------------------------------------------------------------------------ */

void sig_private_key_wipe(sig_private_key *key)
{
    if (key != NULL)
        secure_wipe(key, sizeof *key);
}

static bool bignum_equal(const sig_bignum *a, const sig_bignum *b)
{
    return a->len == b->len && a->len <= SIG_RSA_MAX_BYTES &&
           memcmp(a->bytes, b->bytes, a->len) == 0;
}

bool sig_public_key_equal(const sig_public_key *a, const sig_public_key *b)
{
    if (a == NULL || b == NULL || a->type != b->type)
        return false;
    switch (a->type) {
    case SIG_KEY_ED25519:
        return memcmp(a->ed25519, b->ed25519, sizeof a->ed25519) == 0;
    case SIG_KEY_EC_P256:
    case SIG_KEY_EC_P384:
        return a->ec_point_len == b->ec_point_len && a->ec_point_len <= SIG_EC_MAX_POINT_LEN &&
               memcmp(a->ec_point, b->ec_point, a->ec_point_len) == 0;
    case SIG_KEY_RSA_PSS:
        if (a->rsa_pss_scheme != b->rsa_pss_scheme)
            return false;
        /* fall through */
    case SIG_KEY_RSA:
        return bignum_equal(&a->rsa_n, &b->rsa_n) && bignum_equal(&a->rsa_e, &b->rsa_e);
    case SIG_KEY_NONE:
        break;
    }
    return false;
}

/* An RSASSA-PSS key's restriction, if any, is one of the rsa_pss_pss_*. */
static bool rsa_pss_restriction_valid(const sig_public_key *key)
{
    return key->rsa_pss_scheme == 0 || key->rsa_pss_scheme == SIG_RSA_PSS_PSS_SHA256 ||
           key->rsa_pss_scheme == SIG_RSA_PSS_PSS_SHA384 ||
           key->rsa_pss_scheme == SIG_RSA_PSS_PSS_SHA512;
}

tls13_error sig_public_key_check(const sig_public_key *key)
{
    if (key == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    if (secure_init() != TLS13_OK)
        return TLS13_ERR_RANDOM_FAILED;
    bool ok = false;
    switch (key->type) {
    case SIG_KEY_ED25519:
        ok = crypto_core_ed25519_is_valid_point(key->ed25519) == 1;
        break;
    case SIG_KEY_RSA_PSS:
    case SIG_KEY_RSA: {
        struct rsa_public_key pub;
        ok = rsa_public_load(&pub, key) &&
             (key->type == SIG_KEY_RSA || rsa_pss_restriction_valid(key));
        rsa_public_free(&pub);
        break;
    }
    case SIG_KEY_EC_P256:
    case SIG_KEY_EC_P384:
        ok = ec_public_key_valid(key);
        break;
    case SIG_KEY_NONE:
        break;
    }
    return ok ? TLS13_OK : TLS13_ERR_UNSUPPORTED_KEY;
}

tls13_error sig_sign(const sig_private_key *key, uint16_t scheme,
                     const uint8_t *msg, size_t msg_len,
                     const tls13_random_source *rng,
                     uint8_t *sig, size_t sig_cap, size_t *sig_len)
{
    if (key == NULL || sig == NULL || sig_len == NULL || (msg == NULL && msg_len > 0))
        return TLS13_ERR_INVALID_ARGUMENT;
    if (secure_init() != TLS13_OK)
        return TLS13_ERR_RANDOM_FAILED;
    const scheme_info *info = scheme_lookup(scheme);
    if (info == NULL || info->key_type != key->type || key->type == SIG_KEY_NONE ||
        key->pub.type != key->type)
        return TLS13_ERR_SIGN_FAILED;
    switch (info->alg) {
    case SIG_ALG_ED25519:
        return ed25519_sign(key, msg, msg_len, sig, sig_cap, sig_len);
    case SIG_ALG_RSA_PSS:
        return rsa_pss_sign(key, info->hash, msg, msg_len, rng, sig, sig_cap, sig_len);
    case SIG_ALG_ECDSA:
        return ecdsa_sign_hash(key, info->hash, msg, msg_len, rng, sig, sig_cap, sig_len);
    case SIG_ALG_RSA_PKCS1:  /* verify only: certificates, never CertificateVerify */
    case SIG_ALG_NONE:
        break;
    }
    return TLS13_ERR_SIGN_FAILED;
}

/* One verification, once the caller's policy has matched scheme and key. */
static bool verify_with(const scheme_info *info, const sig_public_key *key,
                        const uint8_t *msg, size_t msg_len,
                        const uint8_t *sig, size_t sig_len)
{
    switch (info->alg) {
    case SIG_ALG_ED25519:
        return ed25519_verify(key, msg, msg_len, sig, sig_len);
    case SIG_ALG_RSA_PSS:
    case SIG_ALG_RSA_PKCS1:
        return rsa_verify(key, info, msg, msg_len, sig, sig_len);
    case SIG_ALG_ECDSA:
        return ecdsa_verify_hash(key, info->hash, msg, msg_len, sig, sig_len);
    case SIG_ALG_NONE:
        break;
    }
    return false;
}

/* TLS's pairing (RFC 9846 §4.5.2: "the signature algorithm MUST be
 * compatible with the key"): the scheme names the key type exactly. */
static bool tls_key_fits(const scheme_info *info, sig_key_type type)
{
    return info->key_type == type && type != SIG_KEY_NONE;
}

/* The checks common to both entry points, with their pairing rule. */
static tls13_error verify_checked(const sig_public_key *key, uint16_t scheme,
                                  const uint8_t *msg, size_t msg_len,
                                  const uint8_t *sig, size_t sig_len,
                                  bool (*fits)(const scheme_info *, sig_key_type))
{
    if (key == NULL || (sig == NULL && sig_len > 0) || (msg == NULL && msg_len > 0))
        return TLS13_ERR_INVALID_ARGUMENT;
    if (secure_init() != TLS13_OK)
        return TLS13_ERR_RANDOM_FAILED;
    /* A scheme that does not fit the key cannot verify. */
    const scheme_info *info = scheme_lookup(scheme);
    if (info == NULL || !fits(info, key->type))
        return TLS13_ERR_BAD_SIGNATURE;
    return verify_with(info, key, msg, msg_len, sig, sig_len) ? TLS13_OK
                                                               : TLS13_ERR_BAD_SIGNATURE;
}

tls13_error sig_verify(const sig_public_key *key, uint16_t scheme,
                       const uint8_t *msg, size_t msg_len,
                       const uint8_t *sig, size_t sig_len)
{
    return verify_checked(key, scheme, msg, msg_len, sig, sig_len, tls_key_fits);
}

/* X.509's pairing of signature algorithm and issuer key (sig.h). */
static bool x509_key_fits(const scheme_info *info, sig_key_type type)
{
    switch (info->alg) {
    case SIG_ALG_ED25519:
        return type == SIG_KEY_ED25519;
    case SIG_ALG_RSA_PSS:
        /* RFC 4055 §1.2: an rsaEncryption key may make RSASSA-PSS
         * signatures; an RSASSA-PSS key makes nothing else. */
        return is_rsa_key(type);
    case SIG_ALG_RSA_PKCS1:
        return type == SIG_KEY_RSA;
    case SIG_ALG_ECDSA:
        /* RFC 5758 §3.2: ecdsa-with-SHA256/384 name the hash, not the
         * curve; the curve is the issuer key's. */
        return is_ec_key(type);
    case SIG_ALG_NONE:
        break;
    }
    return false;
}

tls13_error sig_verify_x509(const sig_public_key *key, uint16_t scheme,
                            const uint8_t *msg, size_t msg_len,
                            const uint8_t *sig, size_t sig_len)
{
    return verify_checked(key, scheme, msg, msg_len, sig, sig_len, x509_key_fits);
}
