/*
 * test_sig_ec.c — what certificates need from the signature layer beyond
 * test_sig.c: ECDSA on P-256 and P-384 (signing, DER Ecdsa-Sig-Value, the
 * nonce's random source, RFC 9846 §4.3.3's curve/hash pairing in
 * CertificateVerify and X.509's freedom in certificates), EC private keys
 * (PKCS#8 and SEC1, RFC 5915) and public keys (RFC 5480), and RSASSA-PSS
 * keys and certificate signatures (RFC 4055, rsa_pss_pss_*).
 *
 * The openssl command line makes keys and certificates and checks our
 * signatures; those tests are skipped when it is not installed. The
 * truncation and corruption loops use heap copies of exact length: run
 * them under ASan or valgrind.
 */
#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "crypto/secure.h"
#include "crypto/sig.h"
#include "testutil.h"
#include "vecfile.h"
#include "wire/wire.h"
#include "x509/der.h"
#include "x509/pem.h"
#include "x509/x509.h"

/* ---- helpers ------------------------------------------------------------- */

static uint8_t *copy_of(const uint8_t *p, size_t len)
{
    uint8_t *c = malloc(len > 0 ? len : 1);
    ck_assert_ptr_nonnull(c);
    if (len > 0)
        memcpy(c, p, len);
    return c;
}

static void hex_to_bytes(const char *hex, uint8_t *out, size_t len)
{
    ck_assert_uint_eq(strlen(hex), 2 * len);
    for (size_t i = 0; i < len; i++) {
        unsigned v;
        ck_assert_int_eq(sscanf(hex + 2 * i, "%2x", &v), 1);
        out[i] = (uint8_t)v;
    }
}

static const sig_key_type curves[] = { SIG_KEY_EC_P256, SIG_KEY_EC_P384 };

static uint16_t curve_scheme(sig_key_type curve)
{
    return curve == SIG_KEY_EC_P256 ? SIG_ECDSA_SECP256R1_SHA256 : SIG_ECDSA_SECP384R1_SHA384;
}

static size_t curve_len(sig_key_type curve)
{
    return curve == SIG_KEY_EC_P256 ? 32 : 48;
}

/* The encoded OIDs the hand-built keys use (X.690 §8.19). */
static const uint8_t oid_ec_public_key[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
static const uint8_t oid_p256[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
static const uint8_t oid_p384[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
static const uint8_t oid_p521[] = { 0x2b, 0x81, 0x04, 0x00, 0x23 };

static void curve_oid(sig_key_type curve, const uint8_t **oid, size_t *len)
{
    *oid = curve == SIG_KEY_EC_P256 ? oid_p256 : oid_p384;
    *len = curve == SIG_KEY_EC_P256 ? sizeof oid_p256 : sizeof oid_p384;
}

/* SEC1 ECPrivateKey (RFC 5915 §3) of key, optionally with parameters [0]
 * (the curve given, so a test can name the wrong one) and publicKey [1]. */
static size_t build_sec1(const sig_private_key *key, sig_key_type param_curve, bool with_pub,
                         uint8_t *out, size_t cap)
{
    wire_writer w;
    size_t seq, params, pub, bits, len;
    static const uint8_t one = 1;
    wire_writer_init(&w, out, cap);
    ck_assert(der_begin(&w, DER_SEQUENCE, &seq) && der_write_unsigned(&w, &one, 1) &&
              der_write(&w, DER_OCTET_STRING, key->ec_scalar, key->ec_scalar_len));
    if (param_curve != SIG_KEY_NONE) {
        const uint8_t *oid;
        size_t oid_len;
        curve_oid(param_curve, &oid, &oid_len);
        ck_assert(der_begin(&w, DER_CONTEXT_0, &params) && der_write(&w, DER_OID, oid, oid_len) &&
                  der_end(&w, params));
    }
    if (with_pub)
        ck_assert(der_begin(&w, DER_CONTEXT_1, &pub) && der_begin(&w, DER_BIT_STRING, &bits) &&
                  wire_write_u8(&w, 0) &&
                  wire_write_bytes(&w, key->pub.ec_point, key->pub.ec_point_len) &&
                  der_end(&w, bits) && der_end(&w, pub));
    ck_assert(der_end(&w, seq) && wire_writer_finish(&w, &len));
    return len;
}

/* PKCS#8 PrivateKeyInfo around a SEC1 body, as `openssl genpkey` writes it
 * (id-ecPublicKey with the namedCurve, the inner parameters left out). */
static size_t build_pkcs8_ec(const sig_private_key *key, sig_key_type outer_curve,
                             sig_key_type inner_curve, uint8_t *out, size_t cap)
{
    uint8_t inner[256];
    size_t inner_len = build_sec1(key, inner_curve, true, inner, sizeof inner);
    const uint8_t *oid;
    size_t oid_len, seq, alg, len;
    static const uint8_t zero = 0;
    curve_oid(outer_curve, &oid, &oid_len);
    wire_writer w;
    wire_writer_init(&w, out, cap);
    ck_assert(der_begin(&w, DER_SEQUENCE, &seq) && der_write_unsigned(&w, &zero, 1) &&
              der_begin(&w, DER_SEQUENCE, &alg) &&
              der_write(&w, DER_OID, oid_ec_public_key, sizeof oid_ec_public_key) &&
              der_write(&w, DER_OID, oid, oid_len) && der_end(&w, alg) &&
              der_write(&w, DER_OCTET_STRING, inner, inner_len) && der_end(&w, seq) &&
              wire_writer_finish(&w, &len));
    secure_wipe(inner, sizeof inner);
    return len;
}

/* SubjectPublicKeyInfo of an EC public key (RFC 5480 §2). */
static size_t build_ec_spki(const uint8_t *point, size_t point_len, const uint8_t *oid,
                            size_t oid_len, uint8_t *out, size_t cap)
{
    wire_writer w;
    size_t seq, alg, bits, len;
    wire_writer_init(&w, out, cap);
    ck_assert(der_begin(&w, DER_SEQUENCE, &seq) && der_begin(&w, DER_SEQUENCE, &alg) &&
              der_write(&w, DER_OID, oid_ec_public_key, sizeof oid_ec_public_key) &&
              der_write(&w, DER_OID, oid, oid_len) && der_end(&w, alg) &&
              der_begin(&w, DER_BIT_STRING, &bits) && wire_write_u8(&w, 0) &&
              wire_write_bytes(&w, point, point_len) && der_end(&w, bits) &&
              der_end(&w, seq) && wire_writer_finish(&w, &len));
    return len;
}

/* Checks sig is a DER Ecdsa-Sig-Value with minimal INTEGERs of at most n
 * bytes of magnitude; reports whether either needed a 0x00 sign byte. */
static bool check_ecdsa_der(const uint8_t *sig, size_t len, size_t n)
{
    bool padded = false;
    ck_assert_uint_le(len, 2 + 2 * (3 + n));
    ck_assert_uint_eq(sig[0], 0x30);
    ck_assert_uint_eq(sig[1], len - 2);
    size_t pos = 2;
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(sig[pos], 0x02);
        size_t ilen = sig[pos + 1];
        const uint8_t *v = sig + pos + 2;
        ck_assert_uint_gt(ilen, 0);
        ck_assert((v[0] & 0x80) == 0);
        if (v[0] == 0x00) {
            ck_assert_uint_gt(ilen, 1);
            ck_assert(v[1] & 0x80);                 /* the zero is needed */
            padded = true;
            ck_assert_uint_le(ilen - 1, n);
        } else {
            ck_assert_uint_le(ilen, n);
        }
        pos += 2 + ilen;
    }
    ck_assert_uint_eq(pos, len);
    return padded;
}

/* ---- openssl command line ------------------------------------------------ */

/* Reads dir/name into a malloc'd buffer of exactly its length. */
static uint8_t *read_file(const char *dir, const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    uint8_t buf[16384];
    *len = fread(buf, 1, sizeof buf, f);
    ck_assert(feof(f));
    fclose(f);
    return copy_of(buf, *len);
}

static tls13_error load_key(const char *dir, const char *name, sig_private_key *key)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    return x509_load_private_key_pem(path, key);
}

static void load_spki(const char *dir, const char *name, sig_public_key *pub)
{
    size_t len;
    uint8_t *der = read_file(dir, name, &len);
    ck_assert_int_eq(x509_parse_public_key_der(der, len, pub), TLS13_OK);
    free(der);
}

/* The first certificate of a PEM file, parsed; *der is malloc'd. */
static void load_cert(const char *dir, const char *name, uint8_t **der,
                      x509_certificate_view *view)
{
    char path[512];
    x509_chain chain;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    ck_assert_int_eq(x509_load_chain_pem(path, &chain), TLS13_OK);
    *der = copy_of(chain.certs[0].data, chain.certs[0].len);
    ck_assert_int_eq(x509_certificate_parse(*der, chain.certs[0].len, view), TLS13_OK);
    x509_chain_free(&chain);
}

/* ---- ECDSA: signing and verification -------------------------------------- */

/* RFC 9846 §4.3.3: ECDSA signatures are DER Ecdsa-Sig-Values; sig_sign makes
 * them for ecdsa_secp256r1_sha256 and ecdsa_secp384r1_sha384, each with its
 * own curve only. */
START_TEST(ecdsa_signs_and_verifies_on_both_curves)
{
    sig_key_type curve = curves[_i];
    uint16_t scheme = curve_scheme(curve), other = curve_scheme(curves[1 - _i]);
    size_t n = curve_len(curve);
    sig_private_key key;
    ck_assert_int_eq(sig_ec_generate(&key, curve, NULL), TLS13_OK);
    ck_assert_int_eq(key.type, curve);
    ck_assert_uint_eq(key.ec_scalar_len, n);
    ck_assert_uint_eq(key.pub.ec_point_len, 1 + 2 * n);
    ck_assert_int_eq(sig_public_key_check(&key.pub), TLS13_OK);
    ck_assert(sig_key_usable_in_certificate_verify(scheme, &key.pub));
    ck_assert(!sig_key_usable_in_certificate_verify(other, &key.pub));

    static const uint8_t msg[] = "TLS 1.3, server CertificateVerify";
    uint8_t sig1[SIG_MAX_SIGNATURE_LEN], sig2[SIG_MAX_SIGNATURE_LEN];
    size_t len1, len2;
    ck_assert_int_eq(sig_sign(&key, scheme, msg, sizeof msg, NULL, sig1, sizeof sig1, &len1),
                     TLS13_OK);
    ck_assert_int_eq(sig_sign(&key, scheme, msg, sizeof msg, NULL, sig2, sizeof sig2, &len2),
                     TLS13_OK);
    check_ecdsa_der(sig1, len1, n);
    /* A fresh k each time: two signatures of one message differ. */
    ck_assert(len1 != len2 || memcmp(sig1, sig2, len1) != 0);
    ck_assert_int_eq(sig_verify(&key.pub, scheme, msg, sizeof msg, sig1, len1), TLS13_OK);
    ck_assert_int_eq(sig_verify(&key.pub, scheme, msg, sizeof msg, sig2, len2), TLS13_OK);
    ck_assert_int_eq(sig_verify(&key.pub, scheme, msg, sizeof msg - 1, sig1, len1),
                     TLS13_ERR_BAD_SIGNATURE);
    /* TLS pairs curve and hash: the other ECDSA scheme neither signs nor
     * verifies with this key. */
    ck_assert_int_eq(sig_sign(&key, other, msg, sizeof msg, NULL, sig2, sizeof sig2, &len2),
                     TLS13_ERR_SIGN_FAILED);
    ck_assert_int_eq(sig_verify(&key.pub, other, msg, sizeof msg, sig1, len1),
                     TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_sign(&key, SIG_RSA_PSS_RSAE_SHA256, msg, sizeof msg, NULL, sig2,
                              sizeof sig2, &len2), TLS13_ERR_SIGN_FAILED);
    /* The buffer must hold the largest signature of the curve. */
    ck_assert_int_eq(sig_sign(&key, scheme, msg, sizeof msg, NULL, sig2, 2 + 2 * (3 + n) - 1,
                              &len2), TLS13_ERR_BUFFER_TOO_SMALL);
    ck_assert_int_eq(sig_sign(&key, scheme, msg, sizeof msg, NULL, sig2, 2 + 2 * (3 + n),
                              &len2), TLS13_OK);
    /* Every truncation and every bit flip fails. */
    for (size_t i = 0; i < len1; i++) {
        uint8_t *t = copy_of(sig1, i);
        ck_assert_int_eq(sig_verify(&key.pub, scheme, msg, sizeof msg, t, i),
                         TLS13_ERR_BAD_SIGNATURE);
        free(t);
    }
    for (size_t i = 0; i < len1 * 8; i++) {
        uint8_t *t = copy_of(sig1, len1);
        t[i / 8] ^= (uint8_t)(1u << (i % 8));
        ck_assert_int_eq(sig_verify(&key.pub, scheme, msg, sizeof msg, t, len1),
                         TLS13_ERR_BAD_SIGNATURE);
        free(t);
    }
    /* A key whose public half is not its scalar's never lets a signature
     * out (it is checked before it leaves). */
    sig_private_key other_key, mixed;
    ck_assert_int_eq(sig_ec_generate(&other_key, curve, NULL), TLS13_OK);
    mixed = key;
    mixed.pub = other_key.pub;
    ck_assert_int_eq(sig_sign(&mixed, scheme, msg, sizeof msg, NULL, sig2, sizeof sig2, &len2),
                     TLS13_ERR_SIGN_FAILED);
    sig_private_key_wipe(&mixed);
    sig_private_key_wipe(&other_key);
    sig_private_key_wipe(&key);
}
END_TEST

/* X.690 §8.3.2: each INTEGER minimal, a 0x00 only before a set top bit;
 * over many signatures both shapes occur. */
START_TEST(ecdsa_signatures_are_minimal_der)
{
    sig_key_type curve = curves[_i];
    uint16_t scheme = curve_scheme(curve);
    sig_private_key key;
    ck_assert_int_eq(sig_ec_generate(&key, curve, NULL), TLS13_OK);
    uint8_t msg[4], sig[SIG_MAX_SIGNATURE_LEN];
    size_t len;
    int padded = 0;
    for (int i = 0; i < 200; i++) {
        memcpy(msg, &i, sizeof msg);
        ck_assert_int_eq(sig_sign(&key, scheme, msg, sizeof msg, NULL, sig, sizeof sig, &len),
                         TLS13_OK);
        padded += check_ecdsa_der(sig, len, curve_len(curve));
        ck_assert_int_eq(sig_verify(&key.pub, scheme, msg, sizeof msg, sig, len), TLS13_OK);
    }
    ck_assert_int_gt(padded, 0);
    ck_assert_int_lt(padded, 200);
    sig_private_key_wipe(&key);
}
END_TEST

/* A random source that counts its calls and hands out one fixed pattern,
 * or fails. */
typedef struct counting_rng {
    int calls;
    size_t last_len;
    uint8_t fill;
    bool fail;
} counting_rng;

static int counting_fill(void *ctx, uint8_t *out, size_t len)
{
    counting_rng *c = ctx;
    c->calls++;
    c->last_len = len;
    if (c->fail)
        return -1;
    memset(out, c->fill, len);
    return 0;
}

/* The nonce k is drawn from the caller's random source (the config's), as
 * the order's length, and mixed with the OS's randomness: a source that
 * repeats itself does not repeat k (two signatures with one k give away the
 * key). A failing source fails the signature instead of hanging or falling
 * back silently. */
START_TEST(ecdsa_nonce_comes_from_the_random_source)
{
    sig_key_type curve = curves[_i];
    uint16_t scheme = curve_scheme(curve);
    sig_private_key key;
    ck_assert_int_eq(sig_ec_generate(&key, curve, NULL), TLS13_OK);
    static const uint8_t msg[] = "k";
    uint8_t sig1[SIG_MAX_SIGNATURE_LEN], sig2[SIG_MAX_SIGNATURE_LEN];
    size_t len1, len2;
    counting_rng c = { 0, 0, 0x5a, false };
    tls13_random_source rng = { counting_fill, &c };
    ck_assert_int_eq(sig_sign(&key, scheme, msg, 1, &rng, sig1, sizeof sig1, &len1), TLS13_OK);
    ck_assert_int_eq(c.calls, 1);
    ck_assert_uint_eq(c.last_len, curve_len(curve));
    /* The source gives the same bytes twice; the signatures still differ. */
    ck_assert_int_eq(sig_sign(&key, scheme, msg, 1, &rng, sig2, sizeof sig2, &len2), TLS13_OK);
    ck_assert(len1 != len2 || memcmp(sig1, sig2, len1) != 0);
    ck_assert_int_eq(sig_verify(&key.pub, scheme, msg, 1, sig1, len1), TLS13_OK);
    ck_assert_int_eq(sig_verify(&key.pub, scheme, msg, 1, sig2, len2), TLS13_OK);

    c.fail = true;
    ck_assert_int_eq(sig_sign(&key, scheme, msg, 1, &rng, sig1, sizeof sig1, &len1),
                     TLS13_ERR_RANDOM_FAILED);
    c.fail = false;
    /* Key generation draws from the source too. */
    sig_private_key a, b;
    c.fill = 0x11;
    ck_assert_int_eq(sig_ec_generate(&a, curve, &rng), TLS13_OK);
    ck_assert_int_eq(sig_ec_generate(&b, curve, &rng), TLS13_OK);
    ck_assert_mem_eq(a.pub.ec_point, b.pub.ec_point, a.pub.ec_point_len);
    c.fill = 0x00;                          /* d = 0 is never a key */
    ck_assert_int_eq(sig_ec_generate(&a, curve, &rng), TLS13_ERR_RANDOM_FAILED);
    c.fail = true;
    ck_assert_int_eq(sig_ec_generate(&a, curve, &rng), TLS13_ERR_RANDOM_FAILED);
    sig_private_key_wipe(&a);
    sig_private_key_wipe(&b);
    sig_private_key_wipe(&key);
}
END_TEST

/* FIPS 186-4 / SEC 2: d = 1 gives the base point G; d must be 1..n-1 and
 * exactly the order's length (RFC 5915 §3). */
START_TEST(ec_keys_from_scalars)
{
    static const struct {
        sig_key_type curve;
        const char *gx, *gy, *n;
    } c[] = {
        { SIG_KEY_EC_P256,
          "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296",
          "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
          "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551" },
        { SIG_KEY_EC_P384,
          "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a38"
          "5502f25dbf55296c3a545e3872760ab7",
          "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c0"
          "0a60b1ce1d7e819d7a431d7c90ea0e5f",
          "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf"
          "581a0db248b0a77aecec196accc52973" },
    };
    for (size_t i = 0; i < 2; i++) {
        size_t n = curve_len(c[i].curve);
        uint8_t d[48] = { 0 }, gx[48], gy[48], order[48];
        hex_to_bytes(c[i].gx, gx, n);
        hex_to_bytes(c[i].gy, gy, n);
        hex_to_bytes(c[i].n, order, n);
        sig_private_key key;
        d[n - 1] = 1;
        ck_assert_int_eq(sig_ec_from_scalar(&key, c[i].curve, d, n), TLS13_OK);
        ck_assert_uint_eq(key.pub.ec_point[0], 0x04);
        ck_assert_mem_eq(key.pub.ec_point + 1, gx, n);
        ck_assert_mem_eq(key.pub.ec_point + 1 + n, gy, n);
        ck_assert_int_eq(sig_public_key_check(&key.pub), TLS13_OK);
        d[n - 1] = 0;
        ck_assert_int_eq(sig_ec_from_scalar(&key, c[i].curve, d, n), TLS13_ERR_BAD_PRIVATE_KEY);
        ck_assert_int_eq(key.type, SIG_KEY_NONE);
        ck_assert_int_eq(sig_ec_from_scalar(&key, c[i].curve, order, n),
                         TLS13_ERR_BAD_PRIVATE_KEY);
        order[n - 1]--;                                    /* n - 1 is the last key */
        ck_assert_int_eq(sig_ec_from_scalar(&key, c[i].curve, order, n), TLS13_OK);
        d[n - 1] = 1;
        ck_assert_int_eq(sig_ec_from_scalar(&key, c[i].curve, d, n - 1),
                         TLS13_ERR_BAD_PRIVATE_KEY);
        ck_assert_int_eq(sig_ec_from_scalar(&key, SIG_KEY_RSA, d, n),
                         TLS13_ERR_INVALID_ARGUMENT);
        sig_private_key_wipe(&key);
    }
}
END_TEST

/* RFC 5480 §2.2 / RFC 9846 §4.3.8.2: only uncompressed points on the named
 * curve; sig_public_key_equal compares them. */
START_TEST(ec_public_keys_are_checked_and_compared)
{
    sig_private_key k256, k384;
    ck_assert_int_eq(sig_ec_generate(&k256, SIG_KEY_EC_P256, NULL), TLS13_OK);
    ck_assert_int_eq(sig_ec_generate(&k384, SIG_KEY_EC_P384, NULL), TLS13_OK);
    sig_public_key p = k384.pub;
    ck_assert(sig_public_key_equal(&p, &k384.pub));
    ck_assert(!sig_public_key_equal(&k256.pub, &k384.pub));
    p.ec_point[96] ^= 0x01;                                 /* off the curve */
    ck_assert(!sig_public_key_equal(&p, &k384.pub));
    ck_assert_int_eq(sig_public_key_check(&p), TLS13_ERR_UNSUPPORTED_KEY);
    p = k384.pub;
    p.ec_point_len = 65;                                    /* the wrong length */
    ck_assert_int_eq(sig_public_key_check(&p), TLS13_ERR_UNSUPPORTED_KEY);
    p = k384.pub;
    p.ec_point[0] = 0x02 | (p.ec_point[96] & 1);             /* compressed form */
    ck_assert_int_eq(sig_public_key_check(&p), TLS13_ERR_UNSUPPORTED_KEY);
    p = k256.pub;
    p.type = SIG_KEY_EC_P384;                               /* P-256 point as P-384 */
    ck_assert_int_eq(sig_public_key_check(&p), TLS13_ERR_UNSUPPORTED_KEY);
    static const uint8_t msg[] = "m";
    uint8_t sig[SIG_MAX_SIGNATURE_LEN];
    size_t len;
    ck_assert_int_eq(sig_sign(&k256, SIG_ECDSA_SECP256R1_SHA256, msg, 1, NULL, sig, sizeof sig,
                              &len), TLS13_OK);
    ck_assert_int_eq(sig_verify(&p, SIG_ECDSA_SECP384R1_SHA384, msg, 1, sig, len),
                     TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_verify_x509(&p, SIG_ECDSA_SECP256R1_SHA256, msg, 1, sig, len),
                     TLS13_ERR_BAD_SIGNATURE);
    sig_private_key_wipe(&k256);
    sig_private_key_wipe(&k384);
}
END_TEST

/* sig_verify_x509: certificate signatures pair ECDSA's hash with either
 * curve (RFC 5758 §3.2), but never with another key type. */
START_TEST(x509_policy_lets_ecdsa_hash_and_curve_differ)
{
    sig_private_key key;
    ck_assert_int_eq(sig_ec_generate(&key, SIG_KEY_EC_P384, NULL), TLS13_OK);
    static const uint8_t msg[] = "tbsCertificate";
    uint8_t sig[SIG_MAX_SIGNATURE_LEN];
    size_t len;
    ck_assert_int_eq(sig_sign(&key, SIG_ECDSA_SECP384R1_SHA384, msg, sizeof msg, NULL, sig,
                              sizeof sig, &len), TLS13_OK);
    ck_assert_int_eq(sig_verify_x509(&key.pub, SIG_ECDSA_SECP384R1_SHA384, msg, sizeof msg,
                                     sig, len), TLS13_OK);
    /* The same signature under the other hash is simply wrong. */
    ck_assert_int_eq(sig_verify_x509(&key.pub, SIG_ECDSA_SECP256R1_SHA256, msg, sizeof msg,
                                     sig, len), TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_verify_x509(&key.pub, SIG_RSA_PKCS1_SHA384, msg, sizeof msg, sig,
                                     len), TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_verify_x509(&key.pub, SIG_ED25519, msg, sizeof msg, sig, len),
                     TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_verify_x509(&key.pub, 0x0203, msg, sizeof msg, sig, len),
                     TLS13_ERR_BAD_SIGNATURE);         /* ecdsa_sha1: not supported */
    ck_assert_int_eq(sig_verify_x509(NULL, SIG_ED25519, msg, sizeof msg, sig, len),
                     TLS13_ERR_INVALID_ARGUMENT);
    sig_private_key_wipe(&key);
}
END_TEST

/* ---- RSASSA-PSS keys ------------------------------------------------------ */

/* The xargs RSA key relabelled with the RSASSA-PSS OID: the same math, a
 * different set of schemes (RFC 9846 §4.3.3). */
static void load_pss_key(sig_private_key *key, uint16_t restriction)
{
    ck_assert_int_eq(x509_load_private_key_pem(vec_path("xargs/server.key"), key), TLS13_OK);
    key->type = SIG_KEY_RSA_PSS;
    key->pub.type = SIG_KEY_RSA_PSS;
    key->pub.rsa_pss_scheme = restriction;
    ck_assert_int_eq(sig_rsa_check(key), TLS13_OK);
    ck_assert_int_eq(sig_public_key_check(&key->pub), TLS13_OK);
}

START_TEST(rsa_pss_keys_make_rsa_pss_pss_signatures_only)
{
    static const uint16_t pss[] = { SIG_RSA_PSS_PSS_SHA256, SIG_RSA_PSS_PSS_SHA384,
                                    SIG_RSA_PSS_PSS_SHA512 };
    static const uint16_t rsae[] = { SIG_RSA_PSS_RSAE_SHA256, SIG_RSA_PSS_RSAE_SHA384,
                                     SIG_RSA_PSS_RSAE_SHA512 };
    static const uint8_t msg[] = "rsa_pss_pss";
    sig_private_key key, rsa;
    load_pss_key(&key, 0);
    ck_assert_int_eq(x509_load_private_key_pem(vec_path("xargs/server.key"), &rsa), TLS13_OK);
    uint8_t sig[SIG_MAX_SIGNATURE_LEN];
    size_t len;
    for (size_t i = 0; i < 3; i++) {
        ck_assert(sig_key_usable_in_certificate_verify(pss[i], &key.pub));
        ck_assert(!sig_key_usable_in_certificate_verify(rsae[i], &key.pub));
        ck_assert(!sig_key_usable_in_certificate_verify(pss[i], &rsa.pub));
        ck_assert_int_eq(sig_sign(&key, pss[i], msg, sizeof msg, NULL, sig, sizeof sig, &len),
                         TLS13_OK);
        ck_assert_int_eq(sig_verify(&key.pub, pss[i], msg, sizeof msg, sig, len), TLS13_OK);
        /* Same math: the rsaEncryption key's rsae scheme checks it, but TLS
         * keeps the OIDs apart. */
        ck_assert_int_eq(sig_verify(&rsa.pub, rsae[i], msg, sizeof msg, sig, len), TLS13_OK);
        ck_assert_int_eq(sig_verify(&key.pub, rsae[i], msg, sizeof msg, sig, len),
                         TLS13_ERR_BAD_SIGNATURE);
        ck_assert_int_eq(sig_verify(&rsa.pub, pss[i], msg, sizeof msg, sig, len),
                         TLS13_ERR_BAD_SIGNATURE);
        ck_assert_int_eq(sig_sign(&key, rsae[i], msg, sizeof msg, NULL, sig, sizeof sig, &len),
                         TLS13_ERR_SIGN_FAILED);
        ck_assert_int_eq(sig_sign(&rsa, pss[i], msg, sizeof msg, NULL, sig, sizeof sig, &len),
                         TLS13_ERR_SIGN_FAILED);
    }
    /* In certificates, RSASSA-PSS signatures verify with either OID;
     * PKCS#1 v1.5 never with an RSASSA-PSS key (RFC 4055 §1.2). */
    ck_assert_int_eq(sig_sign(&key, SIG_RSA_PSS_PSS_SHA384, msg, sizeof msg, NULL, sig,
                              sizeof sig, &len), TLS13_OK);
    ck_assert_int_eq(sig_verify_x509(&key.pub, SIG_RSA_PSS_RSAE_SHA384, msg, sizeof msg, sig,
                                     len), TLS13_OK);
    ck_assert_int_eq(sig_verify_x509(&key.pub, SIG_RSA_PSS_PSS_SHA384, msg, sizeof msg, sig,
                                     len), TLS13_OK);
    ck_assert_int_eq(sig_verify_x509(&rsa.pub, SIG_RSA_PSS_RSAE_SHA384, msg, sizeof msg, sig,
                                     len), TLS13_OK);
    ck_assert_int_eq(sig_verify_x509(&key.pub, SIG_RSA_PKCS1_SHA384, msg, sizeof msg, sig,
                                     len), TLS13_ERR_BAD_SIGNATURE);
    ck_assert(!sig_public_key_equal(&key.pub, &rsa.pub));
    sig_private_key_wipe(&key);
    sig_private_key_wipe(&rsa);
}
END_TEST

/* RFC 4055 §3.1: parameters in an RSASSA-PSS key restrict it to their hash;
 * RFC 9846 §4.3.3: a certificate signature's parameters "MUST be identical
 * to those in the public key". */
START_TEST(rsa_pss_key_restricted_to_one_hash)
{
    static const uint8_t msg[] = "restricted";
    sig_private_key key;
    load_pss_key(&key, SIG_RSA_PSS_PSS_SHA384);
    uint8_t sig[SIG_MAX_SIGNATURE_LEN];
    size_t len;
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA256, key.type));
    ck_assert(!sig_key_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA256, &key.pub));
    ck_assert(sig_key_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA384, &key.pub));
    ck_assert(!sig_key_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA512, &key.pub));
    ck_assert_int_eq(sig_sign(&key, SIG_RSA_PSS_PSS_SHA256, msg, sizeof msg, NULL, sig,
                              sizeof sig, &len), TLS13_ERR_SIGN_FAILED);
    ck_assert_int_eq(sig_sign(&key, SIG_RSA_PSS_PSS_SHA384, msg, sizeof msg, NULL, sig,
                              sizeof sig, &len), TLS13_OK);
    ck_assert_int_eq(sig_verify(&key.pub, SIG_RSA_PSS_PSS_SHA384, msg, sizeof msg, sig, len),
                     TLS13_OK);
    ck_assert_int_eq(sig_verify_x509(&key.pub, SIG_RSA_PSS_RSAE_SHA384, msg, sizeof msg, sig,
                                     len), TLS13_OK);
    /* An unrestricted key made the SHA-256 signature; the restricted one
     * refuses it. */
    sig_private_key any;
    load_pss_key(&any, 0);
    ck_assert_int_eq(sig_sign(&any, SIG_RSA_PSS_PSS_SHA256, msg, sizeof msg, NULL, sig,
                              sizeof sig, &len), TLS13_OK);
    ck_assert_int_eq(sig_verify(&any.pub, SIG_RSA_PSS_PSS_SHA256, msg, sizeof msg, sig, len),
                     TLS13_OK);
    ck_assert_int_eq(sig_verify(&key.pub, SIG_RSA_PSS_PSS_SHA256, msg, sizeof msg, sig, len),
                     TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_verify_x509(&key.pub, SIG_RSA_PSS_RSAE_SHA256, msg, sizeof msg, sig,
                                     len), TLS13_ERR_BAD_SIGNATURE);
    ck_assert(!sig_public_key_equal(&key.pub, &any.pub));
    /* A restriction that is not an rsa_pss_pss_* scheme is not a key. */
    key.pub.rsa_pss_scheme = SIG_RSA_PSS_RSAE_SHA256;
    ck_assert_int_eq(sig_public_key_check(&key.pub), TLS13_ERR_UNSUPPORTED_KEY);
    sig_private_key_wipe(&key);
    sig_private_key_wipe(&any);
}
END_TEST

/* ---- EC private keys ------------------------------------------------------ */

/* Hand-built SEC1 and PKCS#8 keys (no openssl needed): every shape RFC 5915
 * allows loads to the same key; a publicKey that is not the scalar's, a
 * curve that disagrees, a wrong version or scalar length do not. */
START_TEST(ec_private_key_structures)
{
    sig_key_type curve = curves[_i], other = curves[1 - _i];
    sig_private_key key, got;
    ck_assert_int_eq(sig_ec_generate(&key, curve, NULL), TLS13_OK);
    uint8_t der[512];
    size_t len;
    /* SEC1 with [0] and [1] (openssl ecparam -genkey), [0] only (openssl ec
     * -no_public); PKCS#8 with [1] inside. */
    len = build_sec1(&key, curve, true, der, sizeof der);
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_OK);
    ck_assert_int_eq(got.type, curve);
    ck_assert_mem_eq(got.ec_scalar, key.ec_scalar, key.ec_scalar_len);
    ck_assert(sig_public_key_equal(&got.pub, &key.pub));
    len = build_sec1(&key, curve, false, der, sizeof der);
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_OK);
    ck_assert(sig_public_key_equal(&got.pub, &key.pub));
    len = build_pkcs8_ec(&key, curve, SIG_KEY_NONE, der, sizeof der);
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_OK);
    ck_assert(sig_public_key_equal(&got.pub, &key.pub));
    len = build_pkcs8_ec(&key, curve, curve, der, sizeof der);
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_OK);
    /* PEM labels: "EC PRIVATE KEY" is SEC1, "PRIVATE KEY" is PKCS#8. */
    char *pem;
    size_t pem_len;
    len = build_sec1(&key, curve, true, der, sizeof der);
    ck_assert_int_eq(x509_pem_encode("EC PRIVATE KEY", der, len, &pem, &pem_len), TLS13_OK);
    ck_assert_int_eq(x509_parse_private_key_pem(pem, pem_len, &got), TLS13_OK);
    ck_assert(sig_public_key_equal(&got.pub, &key.pub));
    free(pem);
    ck_assert_int_eq(x509_pem_encode("PRIVATE KEY", der, len, &pem, &pem_len), TLS13_OK);
    ck_assert_int_eq(x509_parse_private_key_pem(pem, pem_len, &got), TLS13_ERR_BAD_KEY_FILE);
    free(pem);

    /* No curve anywhere; curves that disagree; another curve. */
    len = build_sec1(&key, SIG_KEY_NONE, true, der, sizeof der);
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_ERR_BAD_KEY_FILE);
    ck_assert_int_eq(got.type, SIG_KEY_NONE);                /* wiped */
    len = build_pkcs8_ec(&key, curve, other, der, sizeof der);
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_ERR_BAD_KEY_FILE);
    len = build_sec1(&key, other, false, der, sizeof der);   /* scalar of the wrong length */
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_ERR_BAD_KEY_FILE);
    len = build_sec1(&key, curve, false, der, sizeof der);
    /* The curve OID ends the DER: 1.2.840.10045.3.1.8 / secp521r1. */
    der[len - 1] = curve == SIG_KEY_EC_P256 ? 0x08 : 0x23;
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_ERR_BAD_KEY_FILE);
    /* A publicKey that is not the scalar's. */
    len = build_sec1(&key, curve, true, der, sizeof der);
    der[len - 1] ^= 0x01;
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_ERR_BAD_KEY_FILE);
    sig_private_key other_key = key;
    ck_assert_int_eq(sig_ec_generate(&other_key, curve, NULL), TLS13_OK);
    sig_private_key mixed = key;
    mixed.pub = other_key.pub;
    len = build_sec1(&mixed, curve, true, der, sizeof der);
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_ERR_BAD_KEY_FILE);
    /* ECPrivateKey version 1 only. */
    len = build_sec1(&key, curve, true, der, sizeof der);
    size_t version_at = (der[1] & 0x80 ? 2 + (size_t)(der[1] & 0x7f) : 2) + 2;
    ck_assert_uint_eq(der[version_at], 0x01);
    der[version_at] = 0x00;
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_ERR_BAD_KEY_FILE);
    /* A zero scalar is not a key. */
    sig_private_key zero = key;
    memset(zero.ec_scalar, 0, sizeof zero.ec_scalar);
    len = build_sec1(&zero, curve, false, der, sizeof der);
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &got), TLS13_ERR_BAD_KEY_FILE);
    secure_wipe(der, sizeof der);
    sig_private_key_wipe(&zero);
    sig_private_key_wipe(&mixed);
    sig_private_key_wipe(&other_key);
    sig_private_key_wipe(&key);
    sig_private_key_wipe(&got);
}
END_TEST

/* Every truncation of a SEC1 and a PKCS#8 EC key fails with BAD_KEY_FILE;
 * every single-byte change either fails the same way or (bytes nothing can
 * check, like PKCS#8's version 0 -> 1) yields a consistent key. */
static void ec_key_der_is_robust(const uint8_t *der, size_t len)
{
    sig_private_key key, check;
    for (size_t n = 0; n < len; n++) {
        uint8_t *t = copy_of(der, n);
        ck_assert_int_eq(x509_parse_private_key_der(t, n, &key), TLS13_ERR_BAD_KEY_FILE);
        free(t);
    }
    for (size_t i = 0; i < len; i++) {
        for (int v = 0; v < 4; v++) {
            uint8_t *t = copy_of(der, len);
            t[i] = (uint8_t)(v == 0 ? 0x00 : v == 1 ? t[i] ^ 0xff : t[i] ^ (0x01u << (2 * v)));
            if (t[i] == der[i]) {
                free(t);
                continue;
            }
            tls13_error err = x509_parse_private_key_der(t, len, &key);
            ck_assert_msg(err == TLS13_OK || err == TLS13_ERR_BAD_KEY_FILE,
                          "byte %zu: error %d", i, (int)err);
            if (err == TLS13_OK) {
                ck_assert_int_eq(sig_ec_from_scalar(&check, key.type, key.ec_scalar,
                                                    key.ec_scalar_len), TLS13_OK);
                ck_assert(sig_public_key_equal(&check.pub, &key.pub));
            } else {
                ck_assert_int_eq(key.type, SIG_KEY_NONE);
            }
            free(t);
        }
    }
    sig_private_key_wipe(&key);
    sig_private_key_wipe(&check);
}

START_TEST(ec_key_truncations_and_corruptions_fail_cleanly)
{
    sig_key_type curve = curves[_i];
    sig_private_key key;
    ck_assert_int_eq(sig_ec_generate(&key, curve, NULL), TLS13_OK);
    uint8_t der[512];
    size_t len = build_sec1(&key, curve, true, der, sizeof der);
    ec_key_der_is_robust(der, len);
    len = build_sec1(&key, curve, false, der, sizeof der);
    ec_key_der_is_robust(der, len);
    len = build_pkcs8_ec(&key, curve, SIG_KEY_NONE, der, sizeof der);
    ec_key_der_is_robust(der, len);
    /* The PEM text: truncations and changed characters. */
    char *pem;
    size_t pem_len;
    len = build_sec1(&key, curve, true, der, sizeof der);
    ck_assert_int_eq(x509_pem_encode("EC PRIVATE KEY", der, len, &pem, &pem_len), TLS13_OK);
    sig_private_key got;
    for (size_t n = 0; n + 1 < pem_len; n++) {      /* the final newline is optional */
        char *t = (char *)copy_of((const uint8_t *)pem, n);
        ck_assert_int_ne(x509_parse_private_key_pem(t, n, &got), TLS13_OK);
        free(t);
    }
    for (size_t i = 0; i < pem_len; i++) {
        char *t = (char *)copy_of((const uint8_t *)pem, pem_len);
        t[i] = t[i] == 'A' ? 'B' : 'A';
        tls13_error err = x509_parse_private_key_pem(t, pem_len, &got);
        ck_assert(err == TLS13_ERR_PEM || err == TLS13_ERR_BAD_KEY_FILE || err == TLS13_OK);
        free(t);
    }
    free(pem);
    secure_wipe(der, sizeof der);
    sig_private_key_wipe(&got);
    sig_private_key_wipe(&key);
}
END_TEST

/* ---- EC SubjectPublicKeyInfo --------------------------------------------- */

START_TEST(ec_public_key_info)
{
    sig_key_type curve = curves[_i];
    sig_private_key key;
    ck_assert_int_eq(sig_ec_generate(&key, curve, NULL), TLS13_OK);
    const uint8_t *oid;
    size_t oid_len;
    curve_oid(curve, &oid, &oid_len);
    uint8_t der[256];
    size_t len = build_ec_spki(key.pub.ec_point, key.pub.ec_point_len, oid, oid_len, der,
                               sizeof der);
    sig_public_key pub;
    uint8_t *t = copy_of(der, len);
    ck_assert_int_eq(x509_parse_public_key_der(t, len, &pub), TLS13_OK);
    ck_assert_int_eq(pub.type, curve);
    ck_assert(sig_public_key_equal(&pub, &key.pub));
    free(t);
    /* Other curves (secp521r1 here) and compressed points: unsupported. */
    len = build_ec_spki(key.pub.ec_point, key.pub.ec_point_len, oid_p521, sizeof oid_p521,
                        der, sizeof der);
    ck_assert_int_eq(x509_parse_public_key_der(der, len, &pub), TLS13_ERR_UNSUPPORTED_KEY);
    ck_assert_int_eq(pub.type, SIG_KEY_NONE);
    uint8_t compressed[49];
    size_t n = curve_len(curve);
    compressed[0] = (uint8_t)(0x02 | (key.pub.ec_point[2 * n] & 1));
    memcpy(compressed + 1, key.pub.ec_point + 1, n);
    len = build_ec_spki(compressed, 1 + n, oid, oid_len, der, sizeof der);
    ck_assert_int_eq(x509_parse_public_key_der(der, len, &pub), TLS13_ERR_UNSUPPORTED_KEY);
    /* The point of one curve under the other's OID. */
    const uint8_t *other_oid;
    size_t other_len;
    curve_oid(curves[1 - _i], &other_oid, &other_len);
    len = build_ec_spki(key.pub.ec_point, key.pub.ec_point_len, other_oid, other_len, der,
                        sizeof der);
    ck_assert_int_eq(x509_parse_public_key_der(der, len, &pub), TLS13_ERR_UNSUPPORTED_KEY);
    /* A point off the curve. */
    uint8_t bad[97];
    memcpy(bad, key.pub.ec_point, key.pub.ec_point_len);
    bad[key.pub.ec_point_len - 1] ^= 0x01;
    len = build_ec_spki(bad, key.pub.ec_point_len, oid, oid_len, der, sizeof der);
    ck_assert_int_eq(x509_parse_public_key_der(der, len, &pub), TLS13_ERR_UNSUPPORTED_KEY);
    /* Every truncation is malformed; every corruption fails cleanly. */
    len = build_ec_spki(key.pub.ec_point, key.pub.ec_point_len, oid, oid_len, der, sizeof der);
    for (size_t i = 0; i < len; i++) {
        t = copy_of(der, i);
        ck_assert_int_eq(x509_parse_public_key_der(t, i, &pub), TLS13_ERR_BAD_CERTIFICATE);
        free(t);
        t = copy_of(der, len);
        t[i] ^= 0x41;
        tls13_error err = x509_parse_public_key_der(t, len, &pub);
        ck_assert(err == TLS13_ERR_BAD_CERTIFICATE || err == TLS13_ERR_UNSUPPORTED_KEY);
        free(t);
    }
    sig_private_key_wipe(&key);
}
END_TEST

/* ---- RSASSA-PSS parameters ------------------------------------------------- */

/* RSASSA-PSS-params (RFC 4055 §3.1) from parts: which fields, which hash
 * OID last byte (1 SHA-256, 2 SHA-384, 3 SHA-512), salt, NULL hash params. */
typedef struct pss_params {
    bool hash, mgf, salt, trailer, null_params;
    uint8_t hash_id, mgf_hash_id;
    uint8_t salt_len;
} pss_params;

static const uint8_t one_byte = 0;   /* a non-NULL pointer for empty contents */

static void write_hash_alg(wire_writer *w, uint8_t id, bool null_params)
{
    uint8_t oid[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, id };
    size_t m;
    ck_assert(der_begin(w, DER_SEQUENCE, &m) && der_write(w, DER_OID, oid, sizeof oid));
    if (null_params)
        ck_assert(der_write(w, DER_NULL, &one_byte, 0));
    ck_assert(der_end(w, m));
}

static void write_pss_params(wire_writer *w, const pss_params *p)
{
    static const uint8_t mgf1[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08 };
    static const uint8_t one = 1;
    size_t seq, f, m;
    ck_assert(der_begin(w, DER_SEQUENCE, &seq));
    if (p->hash) {
        ck_assert(der_begin(w, 0xa0, &f));
        write_hash_alg(w, p->hash_id, p->null_params);
        ck_assert(der_end(w, f));
    }
    if (p->mgf) {
        ck_assert(der_begin(w, 0xa1, &f) && der_begin(w, DER_SEQUENCE, &m) &&
                  der_write(w, DER_OID, mgf1, sizeof mgf1));
        write_hash_alg(w, p->mgf_hash_id, p->null_params);
        ck_assert(der_end(w, m) && der_end(w, f));
    }
    if (p->salt)
        ck_assert(der_begin(w, 0xa2, &f) && der_write_unsigned(w, &p->salt_len, 1) &&
                  der_end(w, f));
    if (p->trailer)
        ck_assert(der_begin(w, 0xa3, &f) && der_write_unsigned(w, &one, 1) && der_end(w, f));
    ck_assert(der_end(w, seq));
}

static const uint8_t oid_rsassa_pss[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01,
                                          0x0a };

/* An RSASSA-PSS SubjectPublicKeyInfo for the xargs key: params NULL for
 * "absent" (p == NULL), else the given params. */
static size_t build_pss_spki(const sig_public_key *rsa, const pss_params *p, bool null_params,
                             uint8_t *out, size_t cap)
{
    wire_writer w;
    size_t seq, alg, bits, key, len;
    wire_writer_init(&w, out, cap);
    ck_assert(der_begin(&w, DER_SEQUENCE, &seq) && der_begin(&w, DER_SEQUENCE, &alg) &&
              der_write(&w, DER_OID, oid_rsassa_pss, sizeof oid_rsassa_pss));
    if (p != NULL)
        write_pss_params(&w, p);
    if (null_params)
        ck_assert(der_write(&w, DER_NULL, &one_byte, 0));
    ck_assert(der_end(&w, alg) && der_begin(&w, DER_BIT_STRING, &bits) && wire_write_u8(&w, 0) &&
              der_begin(&w, DER_SEQUENCE, &key) &&
              der_write_unsigned(&w, rsa->rsa_n.bytes, rsa->rsa_n.len) &&
              der_write_unsigned(&w, rsa->rsa_e.bytes, rsa->rsa_e.len) && der_end(&w, key) &&
              der_end(&w, bits) && der_end(&w, seq) && wire_writer_finish(&w, &len));
    return len;
}

/* Which RSASSA-PSS parameters a key may carry (RFC 4055 §3.1, RFC 9846
 * §4.3.3): absent, or SHA-2 with MGF1 of the same hash and a salt of the
 * hash's length; DER (no explicit trailerField, no NULL instead of the
 * SEQUENCE). */
START_TEST(rsa_pss_public_key_parameters)
{
    sig_private_key rsa;
    ck_assert_int_eq(x509_load_private_key_pem(vec_path("xargs/server.key"), &rsa), TLS13_OK);
    uint8_t der[1024];
    sig_public_key pub;
    size_t len = build_pss_spki(&rsa.pub, NULL, false, der, sizeof der);
    ck_assert_int_eq(x509_parse_public_key_der(der, len, &pub), TLS13_OK);
    ck_assert_int_eq(pub.type, SIG_KEY_RSA_PSS);
    ck_assert_uint_eq(pub.rsa_pss_scheme, 0);
    ck_assert_mem_eq(pub.rsa_n.bytes, rsa.pub.rsa_n.bytes, rsa.pub.rsa_n.len);

    static const struct {
        pss_params p;
        tls13_error want;
        uint16_t scheme;
    } cases[] = {
        { { true, true, true, false, true, 1, 1, 32 }, TLS13_OK, SIG_RSA_PSS_PSS_SHA256 },
        { { true, true, true, false, false, 2, 2, 48 }, TLS13_OK, SIG_RSA_PSS_PSS_SHA384 },
        { { true, true, true, false, true, 3, 3, 64 }, TLS13_OK, SIG_RSA_PSS_PSS_SHA512 },
        /* openssl's rsa_pss_keygen_md:sha256 alone: MGF1-SHA-1, salt 20. */
        { { true, false, false, false, true, 1, 1, 0 }, TLS13_ERR_UNSUPPORTED_KEY, 0 },
        { { true, true, true, false, true, 1, 2, 32 }, TLS13_ERR_UNSUPPORTED_KEY, 0 },
        { { true, true, true, false, true, 2, 2, 32 }, TLS13_ERR_UNSUPPORTED_KEY, 0 },
        { { true, true, false, false, true, 1, 1, 0 }, TLS13_ERR_UNSUPPORTED_KEY, 0 },
        { { false, true, true, false, true, 1, 1, 32 }, TLS13_ERR_UNSUPPORTED_KEY, 0 },
        { { true, true, true, false, true, 4, 4, 28 }, TLS13_ERR_UNSUPPORTED_KEY, 0 },
        { { true, true, true, true, true, 1, 1, 32 }, TLS13_ERR_BAD_CERTIFICATE, 0 },
        /* An empty SEQUENCE: every DEFAULT, all SHA-1. */
        { { false, false, false, false, false, 0, 0, 0 }, TLS13_ERR_UNSUPPORTED_KEY, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        len = build_pss_spki(&rsa.pub, &cases[i].p, false, der, sizeof der);
        uint8_t *t = copy_of(der, len);
        ck_assert_msg(x509_parse_public_key_der(t, len, &pub) == cases[i].want, "case %zu", i);
        if (cases[i].want == TLS13_OK)
            ck_assert_uint_eq(pub.rsa_pss_scheme, cases[i].scheme);
        free(t);
    }
    /* NULL parameters are not RSASSA-PSS-params (RFC 4055 §3.1). */
    len = build_pss_spki(&rsa.pub, NULL, true, der, sizeof der);
    ck_assert_int_eq(x509_parse_public_key_der(der, len, &pub), TLS13_ERR_BAD_CERTIFICATE);
    /* Truncations and corruptions of a restricted key's SPKI. */
    len = build_pss_spki(&rsa.pub, &cases[1].p, false, der, sizeof der);
    for (size_t i = 0; i < len; i++) {
        uint8_t *t = copy_of(der, i);
        ck_assert_int_eq(x509_parse_public_key_der(t, i, &pub), TLS13_ERR_BAD_CERTIFICATE);
        free(t);
    }
    for (size_t i = 0; i < 80; i++) {                   /* the AlgorithmIdentifier */
        for (int v = 0; v < 3; v++) {
            uint8_t *t = copy_of(der, len);
            t[i] = (uint8_t)(v == 0 ? 0x00 : v == 1 ? t[i] ^ 0x80 : t[i] ^ 0x01);
            tls13_error err = x509_parse_public_key_der(t, len, &pub);
            ck_assert(err == TLS13_OK || err == TLS13_ERR_BAD_CERTIFICATE ||
                      err == TLS13_ERR_UNSUPPORTED_KEY);
            free(t);
        }
    }
    sig_private_key_wipe(&rsa);
}
END_TEST

/* ---- openssl interop -------------------------------------------------------- */

static const char *openssl_curve(sig_key_type curve)
{
    return curve == SIG_KEY_EC_P256 ? "P-256" : "P-384";
}

static const char *openssl_hash(sig_key_type curve)
{
    return curve == SIG_KEY_EC_P256 ? "sha256" : "sha384";
}

/* Keys from `openssl genpkey` (PKCS#8), `openssl ecparam -genkey` (SEC1 with
 * an EC PARAMETERS block first), `openssl ec -no_public` and DER all load to
 * the same key; our signatures pass `openssl dgst -verify` and openssl's
 * pass ours. */
START_TEST(ec_keys_and_signatures_interoperate_with_openssl)
{
    if (!have_openssl()) {
        fprintf(stderr, "ec interop: openssl not found, skipped\n");
        return;
    }
    sig_key_type curve = curves[_i];
    uint16_t scheme = curve_scheme(curve);
    const char *name = curve == SIG_KEY_EC_P256 ? "prime256v1" : "secp384r1";
    char dir[64];
    make_tmpdir(dir);
    ck_assert_int_eq(run("cd '%s' && openssl genpkey -algorithm EC -pkeyopt "
                         "ec_paramgen_curve:%s -out k8.pem 2>/dev/null && "
                         "openssl pkey -in k8.pem -pubout -outform DER -out pub.der && "
                         "openssl pkey -in k8.pem -pubout -out pub.pem && "
                         "openssl ec -in k8.pem -out sec1.pem 2>/dev/null && "
                         "openssl ec -in k8.pem -no_public -out nopub.pem 2>/dev/null && "
                         "openssl ec -in k8.pem -outform DER -out sec1.der 2>/dev/null && "
                         "openssl ecparam -name %s -genkey -out fresh.pem",
                         dir, openssl_curve(curve), name), 0);
    sig_public_key spki;
    load_spki(dir, "pub.der", &spki);
    ck_assert_int_eq(spki.type, curve);
    static const char *files[] = { "k8.pem", "sec1.pem", "nopub.pem" };
    sig_private_key key, other;
    ck_assert_int_eq(load_key(dir, "k8.pem", &key), TLS13_OK);
    ck_assert_int_eq(key.type, curve);
    ck_assert(sig_public_key_equal(&key.pub, &spki));
    for (size_t i = 0; i < 3; i++) {
        ck_assert_int_eq(load_key(dir, files[i], &other), TLS13_OK);
        ck_assert_mem_eq(other.ec_scalar, key.ec_scalar, key.ec_scalar_len);
        ck_assert(sig_public_key_equal(&other.pub, &spki));
    }
    size_t der_len;
    uint8_t *der = read_file(dir, "sec1.der", &der_len);
    ck_assert_int_eq(x509_parse_private_key_der(der, der_len, &other), TLS13_OK);
    ck_assert(sig_public_key_equal(&other.pub, &spki));
    free(der);
    ck_assert_int_eq(load_key(dir, "fresh.pem", &other), TLS13_OK);   /* EC PARAMETERS first */
    ck_assert_int_eq(other.type, curve);

    /* Ours -> openssl. */
    static const uint8_t msg[] = "ecdsa from tls13, checked by openssl";
    uint8_t sig[SIG_MAX_SIGNATURE_LEN];
    size_t sig_len;
    write_file(dir, "msg", msg, sizeof msg - 1);
    ck_assert_int_eq(sig_sign(&key, scheme, msg, sizeof msg - 1, NULL, sig, sizeof sig,
                              &sig_len), TLS13_OK);
    write_file(dir, "sig", sig, sig_len);
    ck_assert_int_eq(run("cd '%s' && openssl dgst -%s -verify pub.pem -signature sig msg "
                         ">/dev/null 2>&1", dir, openssl_hash(curve)), 0);
    sig[sig_len - 1] ^= 0x01;
    write_file(dir, "bad", sig, sig_len);
    ck_assert_int_ne(run("cd '%s' && openssl dgst -%s -verify pub.pem -signature bad msg "
                         ">/dev/null 2>&1", dir, openssl_hash(curve)), 0);
    /* openssl -> ours, with the scheme's hash, and with the other hash: a
     * certificate may pair them so (sig_verify_x509), TLS may not. */
    ck_assert_int_eq(run("cd '%s' && openssl dgst -sha256 -sign k8.pem -out o256 msg && "
                         "openssl dgst -sha384 -sign k8.pem -out o384 msg", dir), 0);
    size_t l256, l384;
    uint8_t *o256 = read_file(dir, "o256", &l256), *o384 = read_file(dir, "o384", &l384);
    uint8_t *same = curve == SIG_KEY_EC_P256 ? o256 : o384;
    uint8_t *cross = curve == SIG_KEY_EC_P256 ? o384 : o256;
    size_t same_len = curve == SIG_KEY_EC_P256 ? l256 : l384;
    size_t cross_len = curve == SIG_KEY_EC_P256 ? l384 : l256;
    uint16_t cross_scheme = curve_scheme(curves[1 - _i]);
    ck_assert_int_eq(sig_verify(&spki, scheme, msg, sizeof msg - 1, same, same_len), TLS13_OK);
    ck_assert_int_eq(sig_verify_x509(&spki, scheme, msg, sizeof msg - 1, same, same_len),
                     TLS13_OK);
    ck_assert_int_eq(sig_verify(&spki, cross_scheme, msg, sizeof msg - 1, cross, cross_len),
                     TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_verify_x509(&spki, cross_scheme, msg, sizeof msg - 1, cross,
                                     cross_len), TLS13_OK);
    ck_assert_int_eq(sig_verify_x509(&spki, scheme, msg, sizeof msg - 1, cross, cross_len),
                     TLS13_ERR_BAD_SIGNATURE);
    free(o256);
    free(o384);

    /* A compressed point in a SubjectPublicKeyInfo is refused. */
    ck_assert_int_eq(run("cd '%s' && openssl ec -in k8.pem -pubout -conv_form compressed "
                         "-outform DER -out pubc.der 2>/dev/null", dir), 0);
    size_t c_len;
    uint8_t *c = read_file(dir, "pubc.der", &c_len);
    sig_public_key pub;
    ck_assert_int_eq(x509_parse_public_key_der(c, c_len, &pub), TLS13_ERR_UNSUPPORTED_KEY);
    free(c);
    /* A SEC1 key whose publicKey is compressed is refused too (it is not
     * the form we compare). */
    ck_assert_int_eq(run("cd '%s' && openssl ec -in k8.pem -conv_form compressed "
                         "-out sec1c.pem 2>/dev/null", dir), 0);
    ck_assert_int_eq(load_key(dir, "sec1c.pem", &other), TLS13_ERR_BAD_KEY_FILE);
    /* Encrypted keys and other curves are refused. */
    ck_assert_int_eq(run("cd '%s' && openssl pkcs8 -topk8 -in k8.pem -passout pass:x "
                         "-out enc.pem && openssl ecparam -name secp521r1 -genkey -noout "
                         "-out p521.pem && openssl genpkey -algorithm EC -pkeyopt "
                         "ec_paramgen_curve:secp256k1 -out k1.pem", dir), 0);
    ck_assert_int_eq(load_key(dir, "enc.pem", &other), TLS13_ERR_BAD_KEY_FILE);
    ck_assert_int_eq(load_key(dir, "p521.pem", &other), TLS13_ERR_BAD_KEY_FILE);
    ck_assert_int_eq(load_key(dir, "k1.pem", &other), TLS13_ERR_BAD_KEY_FILE);
    sig_private_key_wipe(&key);
    sig_private_key_wipe(&other);
    remove_tmpdir(dir);
}
END_TEST

/* A P-384 CA (ecdsa-with-SHA384, self-signed) issues P-256 and P-384
 * leaves with SHA-384 and SHA-256: each certificate's signature checks with
 * its issuer's key whatever the pairing of hash and curve (X.509), and not
 * with another key. */
START_TEST(ecdsa_certificates_check_with_the_issuer_key)
{
    if (!have_openssl()) {
        fprintf(stderr, "ecdsa certificates: openssl not found, skipped\n");
        return;
    }
    char dir[64];
    make_tmpdir(dir);
    ck_assert_int_eq(run("(cd '%s' && openssl ecparam -name secp384r1 -genkey -out ca.pem && "
                         "openssl req -x509 -new -key ca.pem -subj /CN=ca -days 10 -sha384 "
                         "-out ca.crt && "
                         "openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 "
                         "-out leaf.pem && "
                         "openssl req -new -key leaf.pem -subj /CN=leaf -out leaf.csr && "
                         "openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.pem "
                         "-set_serial 2 -days 10 -sha384 -out leaf384.crt && "
                         "openssl x509 -req -in leaf.csr -CA ca.crt -CAkey ca.pem "
                         "-set_serial 3 -days 10 -sha256 -out leaf256.crt && "
                         "openssl req -x509 -new -key leaf.pem -subj /CN=self -days 10 "
                         "-sha384 -out self.crt) >/dev/null 2>&1", dir), 0);
    uint8_t *ca_der, *l384_der, *l256_der, *self_der;
    x509_certificate_view ca, l384, l256, self;
    load_cert(dir, "ca.crt", &ca_der, &ca);
    load_cert(dir, "leaf384.crt", &l384_der, &l384);
    load_cert(dir, "leaf256.crt", &l256_der, &l256);
    load_cert(dir, "self.crt", &self_der, &self);
    ck_assert_uint_eq(ca.signature_scheme, SIG_ECDSA_SECP384R1_SHA384);
    ck_assert_uint_eq(l384.signature_scheme, SIG_ECDSA_SECP384R1_SHA384);
    ck_assert_uint_eq(l256.signature_scheme, SIG_ECDSA_SECP256R1_SHA256);
    ck_assert_uint_eq(self.signature_scheme, SIG_ECDSA_SECP384R1_SHA384);
    sig_public_key ca_key, leaf_key;
    ck_assert_int_eq(x509_parse_public_key_der(ca.spki, ca.spki_len, &ca_key), TLS13_OK);
    ck_assert_int_eq(x509_parse_public_key_der(l384.spki, l384.spki_len, &leaf_key), TLS13_OK);
    ck_assert_int_eq(ca_key.type, SIG_KEY_EC_P384);
    ck_assert_int_eq(leaf_key.type, SIG_KEY_EC_P256);
    ck_assert_int_eq(x509_certificate_check_signature(&ca, &ca_key), TLS13_OK);
    ck_assert_int_eq(x509_certificate_check_signature(&l384, &ca_key), TLS13_OK);
    /* SHA-256 with a P-384 issuer, SHA-384 with a P-256 one. */
    ck_assert_int_eq(x509_certificate_check_signature(&l256, &ca_key), TLS13_OK);
    ck_assert_int_eq(x509_certificate_check_signature(&self, &leaf_key), TLS13_OK);
    ck_assert_int_eq(x509_certificate_check_signature(&l384, &leaf_key),
                     TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(x509_certificate_check_signature(&self, &ca_key),
                     TLS13_ERR_BAD_SIGNATURE);
    /* A damaged signature does not check. */
    size_t sig_off = (size_t)(l384.signature - l384_der);
    l384_der[sig_off + l384.signature_len - 1] ^= 0x01;
    ck_assert_int_eq(x509_certificate_check_signature(&l384, &ca_key), TLS13_ERR_BAD_SIGNATURE);
    free(ca_der);
    free(l384_der);
    free(l256_der);
    free(self_der);
    remove_tmpdir(dir);
}
END_TEST

/* `openssl genpkey -algorithm RSA-PSS`: the PKCS#8 key loads as an
 * RSASSA-PSS key (restricted when it carries usable parameters, refused
 * when they are not what TLS uses); its certificates carry id-RSASSA-PSS
 * keys and signatures; rsaEncryption keys make RSASSA-PSS certificate
 * signatures too (-sigopt rsa_padding_mode:pss). */
START_TEST(rsa_pss_keys_and_certificates_interoperate_with_openssl)
{
    if (!have_openssl()) {
        fprintf(stderr, "rsa-pss interop: openssl not found, skipped\n");
        return;
    }
    char dir[64];
    make_tmpdir(dir);
    ck_assert_int_eq(run("(cd '%s' && "
                         "openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 "
                         "-out pss.pem && "
                         "openssl pkey -in pss.pem -pubout -outform DER -out pss_pub.der && "
                         "openssl pkey -in pss.pem -pubout -out pss_pub.pem && "
                         "openssl req -x509 -new -key pss.pem -subj /CN=pss -days 10 -sha256 "
                         "-sigopt rsa_pss_saltlen:digest -out pss.crt && "
                         "openssl req -x509 -new -key pss.pem -subj /CN=pss -days 10 -sha256 "
                         "-out pss_maxsalt.crt && "
                         "openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 "
                         "-pkeyopt rsa_pss_keygen_md:sha384 "
                         "-pkeyopt rsa_pss_keygen_mgf1_md:sha384 "
                         "-pkeyopt rsa_pss_keygen_saltlen:48 -out pss384.pem && "
                         "openssl req -x509 -new -key pss384.pem -subj /CN=pss384 -days 10 "
                         "-sha384 -sigopt rsa_pss_saltlen:digest -out pss384.crt && "
                         "openssl genpkey -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048 "
                         "-pkeyopt rsa_pss_keygen_md:sha256 -out pss_sha1mgf.pem && "
                         "openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:2048 "
                         "-out rsa.pem && "
                         "openssl req -x509 -new -key rsa.pem -subj /CN=rsa -days 10 -sha512 "
                         "-sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:digest "
                         "-out rsa_pss.crt) >/dev/null 2>&1", dir), 0);
    sig_private_key key, k384, rsa;
    ck_assert_int_eq(load_key(dir, "pss.pem", &key), TLS13_OK);
    ck_assert_int_eq(key.type, SIG_KEY_RSA_PSS);
    ck_assert_int_eq(key.pub.type, SIG_KEY_RSA_PSS);
    ck_assert_uint_eq(key.pub.rsa_pss_scheme, 0);
    sig_public_key spki;
    load_spki(dir, "pss_pub.der", &spki);
    ck_assert_int_eq(spki.type, SIG_KEY_RSA_PSS);
    ck_assert(sig_public_key_equal(&spki, &key.pub));

    /* Our rsa_pss_pss_sha256 -> openssl, and openssl's -> ours. */
    static const uint8_t msg[] = "rsa_pss_pss_sha256 from tls13";
    uint8_t sig[SIG_MAX_SIGNATURE_LEN];
    size_t sig_len;
    write_file(dir, "msg", msg, sizeof msg - 1);
    ck_assert_int_eq(sig_sign(&key, SIG_RSA_PSS_PSS_SHA256, msg, sizeof msg - 1, NULL, sig,
                              sizeof sig, &sig_len), TLS13_OK);
    write_file(dir, "sig", sig, sig_len);
    ck_assert_int_eq(run("cd '%s' && openssl dgst -sha256 -verify pss_pub.pem -sigopt "
                         "rsa_pss_saltlen:32 -signature sig msg >/dev/null 2>&1", dir), 0);
    ck_assert_int_eq(run("cd '%s' && openssl dgst -sha512 -sign pss.pem -sigopt "
                         "rsa_pss_saltlen:64 -out osig msg 2>/dev/null", dir), 0);
    size_t osig_len;
    uint8_t *osig = read_file(dir, "osig", &osig_len);
    ck_assert_int_eq(sig_verify(&spki, SIG_RSA_PSS_PSS_SHA512, msg, sizeof msg - 1, osig,
                                osig_len), TLS13_OK);
    ck_assert_int_eq(sig_verify(&spki, SIG_RSA_PSS_RSAE_SHA512, msg, sizeof msg - 1, osig,
                                osig_len), TLS13_ERR_BAD_SIGNATURE);
    free(osig);

    /* Certificates. */
    uint8_t *der;
    x509_certificate_view view;
    sig_public_key cert_key;
    load_cert(dir, "pss.crt", &der, &view);
    ck_assert_uint_eq(view.signature_scheme, SIG_RSA_PSS_RSAE_SHA256);
    ck_assert_int_eq(x509_parse_public_key_der(view.spki, view.spki_len, &cert_key), TLS13_OK);
    ck_assert_int_eq(cert_key.type, SIG_KEY_RSA_PSS);
    ck_assert_int_eq(x509_certificate_check_signature(&view, &cert_key), TLS13_OK);
    free(der);
    /* openssl's default salt for an RSASSA-PSS key is the maximum: not a
     * TLS parameter set, so the signature algorithm is not supported. */
    load_cert(dir, "pss_maxsalt.crt", &der, &view);
    ck_assert_uint_eq(view.signature_scheme, 0);
    ck_assert_int_eq(x509_certificate_check_signature(&view, &cert_key),
                     TLS13_ERR_UNSUPPORTED_KEY);
    free(der);

    /* A key restricted to SHA-384 by its parameters, and its certificate. */
    ck_assert_int_eq(load_key(dir, "pss384.pem", &k384), TLS13_OK);
    ck_assert_int_eq(k384.type, SIG_KEY_RSA_PSS);
    ck_assert_uint_eq(k384.pub.rsa_pss_scheme, SIG_RSA_PSS_PSS_SHA384);
    ck_assert(sig_key_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA384, &k384.pub));
    ck_assert(!sig_key_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA256, &k384.pub));
    load_cert(dir, "pss384.crt", &der, &view);
    ck_assert_uint_eq(view.signature_scheme, SIG_RSA_PSS_RSAE_SHA384);
    ck_assert_int_eq(x509_parse_public_key_der(view.spki, view.spki_len, &cert_key), TLS13_OK);
    ck_assert(sig_public_key_equal(&cert_key, &k384.pub));
    ck_assert_int_eq(x509_certificate_check_signature(&view, &cert_key), TLS13_OK);
    ck_assert_int_eq(x509_certificate_check_signature(&view, &spki), TLS13_ERR_BAD_SIGNATURE);
    free(der);
    /* MGF1 with SHA-1 (openssl's rsa_pss_keygen_md alone): refused. */
    sig_private_key refused;
    ck_assert_int_eq(load_key(dir, "pss_sha1mgf.pem", &refused), TLS13_ERR_BAD_KEY_FILE);

    /* rsaEncryption issuer, RSASSA-PSS (SHA-512) signature. */
    ck_assert_int_eq(load_key(dir, "rsa.pem", &rsa), TLS13_OK);
    load_cert(dir, "rsa_pss.crt", &der, &view);
    ck_assert_uint_eq(view.signature_scheme, SIG_RSA_PSS_RSAE_SHA512);
    ck_assert_int_eq(x509_certificate_check_signature(&view, &rsa.pub), TLS13_OK);
    free(der);

    /* Every truncation of the RSASSA-PSS PKCS#8 key fails; corrupting its
     * AlgorithmIdentifier fails cleanly or leaves a consistent key. */
    size_t text_len;
    uint8_t *text = read_file(dir, "pss384.pem", &text_len);
    size_t pos = 0;
    pem_block block;
    bool found;
    ck_assert_int_eq(pem_next_block((const char *)text, text_len, &pos, &block, &found),
                     TLS13_OK);
    ck_assert(found);
    for (size_t n = 0; n < block.len; n++) {
        uint8_t *t = copy_of(block.der, n);
        ck_assert_int_eq(x509_parse_private_key_der(t, n, &refused), TLS13_ERR_BAD_KEY_FILE);
        free(t);
    }
    for (size_t i = 0; i < 80; i++) {
        uint8_t *t = copy_of(block.der, block.len);
        t[i] ^= 0x01;
        tls13_error err = x509_parse_private_key_der(t, block.len, &refused);
        ck_assert(err == TLS13_OK || err == TLS13_ERR_BAD_KEY_FILE);
        if (err == TLS13_OK)
            ck_assert_int_eq(sig_rsa_check(&refused), TLS13_OK);
        free(t);
    }
    pem_block_free(&block);
    secure_wipe(text, text_len);
    free(text);
    sig_private_key_wipe(&refused);
    sig_private_key_wipe(&key);
    sig_private_key_wipe(&k384);
    sig_private_key_wipe(&rsa);
    remove_tmpdir(dir);
}
END_TEST

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    Suite *s = suite_create("sig_ec");
    TCase *ecdsa = tcase_create("ecdsa");
    tcase_set_timeout(ecdsa, 300);
    tcase_add_loop_test(ecdsa, ecdsa_signs_and_verifies_on_both_curves, 0, 2);
    tcase_add_loop_test(ecdsa, ecdsa_signatures_are_minimal_der, 0, 2);
    tcase_add_loop_test(ecdsa, ecdsa_nonce_comes_from_the_random_source, 0, 2);
    tcase_add_test(ecdsa, ec_keys_from_scalars);
    tcase_add_test(ecdsa, ec_public_keys_are_checked_and_compared);
    tcase_add_test(ecdsa, x509_policy_lets_ecdsa_hash_and_curve_differ);
    suite_add_tcase(s, ecdsa);

    TCase *pss = tcase_create("rsa_pss");
    tcase_set_timeout(pss, 300);
    tcase_add_test(pss, rsa_pss_keys_make_rsa_pss_pss_signatures_only);
    tcase_add_test(pss, rsa_pss_key_restricted_to_one_hash);
    tcase_add_test(pss, rsa_pss_public_key_parameters);
    suite_add_tcase(s, pss);

    TCase *keys = tcase_create("ec_keys");
    tcase_set_timeout(keys, 600);
    tcase_add_loop_test(keys, ec_private_key_structures, 0, 2);
    tcase_add_loop_test(keys, ec_key_truncations_and_corruptions_fail_cleanly, 0, 2);
    tcase_add_loop_test(keys, ec_public_key_info, 0, 2);
    suite_add_tcase(s, keys);

    TCase *interop = tcase_create("openssl");
    tcase_set_timeout(interop, 600);
    tcase_add_loop_test(interop, ec_keys_and_signatures_interoperate_with_openssl, 0, 2);
    tcase_add_test(interop, ecdsa_certificates_check_with_the_issuer_key);
    tcase_add_test(interop, rsa_pss_keys_and_certificates_interoperate_with_openssl);
    suite_add_tcase(s, interop);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
