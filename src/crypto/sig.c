/*
 * sig.c — the signatures of sig.h: Ed25519 from libsodium; RSA-PSS, RSA
 * PKCS#1 v1.5 and ECDSA P-256 from nettle/hogweed (DESIGN.md).
 *
 * Keys arrive as big-endian byte strings (sig_bignum) so that src/x509 never
 * sees a crypto library. This file turns them into GMP integers for the
 * length of one operation, and wipes and frees them before returning.
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
    { SIG_ECDSA_SECP384R1_SHA384, "ecdsa_secp384r1_sha384", SIG_ALG_NONE, SIG_HASH_NONE,
      SIG_KEY_NONE, false },
    { 0x0603, "ecdsa_secp521r1_sha512", SIG_ALG_NONE, SIG_HASH_NONE, SIG_KEY_NONE, false },
    { 0x0808, "ed448", SIG_ALG_NONE, SIG_HASH_NONE, SIG_KEY_NONE, false },
    { SIG_RSA_PSS_PSS_SHA256, "rsa_pss_pss_sha256", SIG_ALG_NONE, SIG_HASH_NONE,
      SIG_KEY_NONE, false },
    { SIG_RSA_PSS_PSS_SHA384, "rsa_pss_pss_sha384", SIG_ALG_NONE, SIG_HASH_NONE,
      SIG_KEY_NONE, false },
    { SIG_RSA_PSS_PSS_SHA512, "rsa_pss_pss_sha512", SIG_ALG_NONE, SIG_HASH_NONE,
      SIG_KEY_NONE, false },
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

/* Loads and checks an RSA public key: 1024..4096 bits, n odd, e odd,
 * 3 <= e < n. Always initialises pub (free it with rsa_public_free). */
static bool rsa_public_load(struct rsa_public_key *pub, const sig_public_key *key)
{
    rsa_public_key_init(pub);
    if (key->type != SIG_KEY_RSA || !bignum_valid(&key->rsa_n) ||
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
    if (key == NULL || key->type != SIG_KEY_RSA)
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
/* ECDSA P-256                                                              */
/* ------------------------------------------------------------------------ */

/* One DER TLV with a short-form length. For P-256 every length in an
 * Ecdsa-Sig-Value is below 128 (at most 2 + 2 * 35 bytes), and DER forbids
 * the long form for such lengths, so the short form is the only valid one. */
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
 * at most SIG_P256_SCALAR_LEN bytes of magnitude. */
static bool der_scalar(wire_reader *r, mpz_t out)
{
    wire_reader v;
    if (!der_short_tlv(r, 0x02, &v) || v.len == 0 || (v.data[0] & 0x80) != 0)
        return false;
    if (v.len > 1 && v.data[0] == 0x00 && (v.data[1] & 0x80) == 0)
        return false;                          /* a redundant leading zero */
    if (v.data[0] == 0x00 && v.len > 1)
        wire_skip(&v, 1);
    if (v.len > SIG_P256_SCALAR_LEN)
        return false;
    nettle_mpz_set_str_256_u(out, v.len, v.data);
    return true;
}

/* RFC 9846 §4.3.3: "The signature is represented as a DER-encoded [X690]
 * ECDSA-Sig-Value structure": SEQUENCE { r INTEGER, s INTEGER }, with nothing
 * after it. */
static bool ecdsa_signature_parse(const uint8_t *sig, size_t sig_len,
                                  struct dsa_signature *out)
{
    wire_reader r, seq;
    wire_reader_init(&r, sig, sig_len);
    return der_short_tlv(&r, 0x30, &seq) && wire_reader_done(&r) &&
           der_scalar(&seq, out->r) && der_scalar(&seq, out->s) &&
           wire_reader_done(&seq);
}

/* The uncompressed point 04 || X || Y, checked to lie on P-256. */
static bool p256_point_load(struct ecc_point *p, const uint8_t point[65])
{
    ecc_point_init(p, nettle_get_secp_256r1());
    if (point[0] != 0x04)
        return false;
    mpz_t x, y;
    mpz_inits(x, y, NULL);
    nettle_mpz_set_str_256_u(x, 32, point + 1);
    nettle_mpz_set_str_256_u(y, 32, point + 33);
    bool ok = ecc_point_set(p, x, y) != 0;
    mpz_clears(x, y, NULL);
    return ok;
}

static bool ecdsa_p256_verify(const sig_public_key *key, const uint8_t *msg,
                              size_t msg_len, const uint8_t *sig, size_t sig_len)
{
    struct ecc_point pub;
    struct dsa_signature signature;
    dsa_signature_init(&signature);
    bool ok = p256_point_load(&pub, key->ec_point) &&
              ecdsa_signature_parse(sig, sig_len, &signature);
    if (ok) {
        uint8_t digest[SIG_MAX_DIGEST];
        size_t hlen = sig_digest(SIG_HASH_SHA256, msg, msg_len, digest);
        /* nettle checks 0 < r, s < q itself (FIPS 186-4 §6.4.2 step 1). */
        ok = ecdsa_verify(&pub, hlen, digest, &signature) != 0;
    }
    dsa_signature_clear(&signature);
    ecc_point_clear(&pub);
    return ok;
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
    case SIG_KEY_RSA: {
        struct rsa_public_key pub;
        ok = rsa_public_load(&pub, key);
        rsa_public_free(&pub);
        break;
    }
    case SIG_KEY_EC_P256: {
        struct ecc_point p;
        ok = p256_point_load(&p, key->ec_point);
        ecc_point_clear(&p);
        break;
    }
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
    if (info == NULL || info->key_type != key->type || key->type == SIG_KEY_NONE)
        return TLS13_ERR_SIGN_FAILED;
    switch (info->alg) {
    case SIG_ALG_ED25519:
        return ed25519_sign(key, msg, msg_len, sig, sig_cap, sig_len);
    case SIG_ALG_RSA_PSS:
        return rsa_pss_sign(key, info->hash, msg, msg_len, rng, sig, sig_cap, sig_len);
    case SIG_ALG_RSA_PKCS1:  /* verify only: certificates, never CertificateVerify */
    case SIG_ALG_ECDSA:      /* verify only until EC private keys are loaded */
    case SIG_ALG_NONE:
        break;
    }
    return TLS13_ERR_SIGN_FAILED;
}

tls13_error sig_verify(const sig_public_key *key, uint16_t scheme,
                       const uint8_t *msg, size_t msg_len,
                       const uint8_t *sig, size_t sig_len)
{
    if (key == NULL || (sig == NULL && sig_len > 0) || (msg == NULL && msg_len > 0))
        return TLS13_ERR_INVALID_ARGUMENT;
    if (secure_init() != TLS13_OK)
        return TLS13_ERR_RANDOM_FAILED;
    /* A scheme that does not fit the key (RFC 9846 §4.5.2: "the signature
     * algorithm MUST be compatible with the key") cannot verify. */
    const scheme_info *info = scheme_lookup(scheme);
    if (info == NULL || info->key_type != key->type || key->type == SIG_KEY_NONE)
        return TLS13_ERR_BAD_SIGNATURE;
    bool ok = false;
    switch (info->alg) {
    case SIG_ALG_ED25519:
        ok = ed25519_verify(key, msg, msg_len, sig, sig_len);
        break;
    case SIG_ALG_RSA_PSS:
    case SIG_ALG_RSA_PKCS1:
        ok = rsa_verify(key, info, msg, msg_len, sig, sig_len);
        break;
    case SIG_ALG_ECDSA:
        ok = ecdsa_p256_verify(key, msg, msg_len, sig, sig_len);
        break;
    case SIG_ALG_NONE:
        break;
    }
    return ok ? TLS13_OK : TLS13_ERR_BAD_SIGNATURE;
}
