/*
 * test_sig.c — signatures (src/crypto/sig.c): the CertificateVerify
 * signatures of the xargs and RFC 8448 traces verified and re-created byte
 * for byte (RFC 9846 §4.5.2), RFC 8032 §7.1 Ed25519, RSA-PSS round trips,
 * the scheme/key policy of RFC 9846 §4.3.3, and interop with the openssl
 * command line (skipped when it is not installed).
 *
 * Wycheproof's signature files are in test_wycheproof_sig.c.
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
#include "x509/x509.h"

/* ---- helpers ------------------------------------------------------------- */

/* A random source that hands out one fixed salt, once, of exactly its
 * length: sig_sign must ask for Hash.length bytes (RFC 9846 §4.3.3). */
typedef struct fixed_salt {
    const uint8_t *salt;
    size_t len;
    int calls;
} fixed_salt;

static int fixed_salt_fill(void *ctx, uint8_t *out, size_t len)
{
    fixed_salt *fs = ctx;
    fs->calls++;
    if (len != fs->len)
        return -1;
    memcpy(out, fs->salt, len);
    return 0;
}

static uint8_t *copy_of(const uint8_t *p, size_t len)
{
    uint8_t *c = malloc(len > 0 ? len : 1);
    ck_assert_ptr_nonnull(c);
    if (len > 0)
        memcpy(c, p, len);
    return c;
}

/* The first certificate of a TLS 1.3 Certificate message (RFC 9846
 * §4.5.1): header, context<0..255>, certificate_list<0..2^24-1> of
 * { cert_data<1..2^24-1>, extensions<0..2^16-1> }. */
static void first_certificate(const uint8_t *msg, size_t len, const uint8_t **cert,
                              size_t *cert_len)
{
    wire_reader r, body, context, list, data;
    uint8_t type;
    wire_reader_init(&r, msg, len);
    ck_assert(wire_read_u8(&r, &type) && type == 11);
    ck_assert(wire_read_prefixed_u24(&r, &body) && wire_reader_done(&r));
    ck_assert(wire_read_prefixed_u8(&body, &context));
    ck_assert(wire_read_prefixed_u24(&body, &list) && wire_reader_done(&body));
    ck_assert(wire_read_prefixed_u24(&list, &data));
    *cert = data.data;
    *cert_len = data.len;
}

/* The RFC 8448 §2 server key, component by component. */
static void load_rfc8448_key(sig_private_key *key)
{
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, "rfc8448/server_rsa_key.txt"), 0);
    struct { const char *name; sig_bignum *b; } parts[] = {
        { "rsa_modulus", &key->pub.rsa_n }, { "rsa_public_exponent", &key->pub.rsa_e },
        { "rsa_private_exponent", &key->rsa_d }, { "rsa_prime1", &key->rsa_p },
        { "rsa_prime2", &key->rsa_q }, { "rsa_exponent1", &key->rsa_dp },
        { "rsa_exponent2", &key->rsa_dq }, { "rsa_coefficient", &key->rsa_qinv },
    };
    memset(key, 0, sizeof *key);
    key->type = SIG_KEY_RSA;
    key->pub.type = SIG_KEY_RSA;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        size_t len;
        const uint8_t *v = vec_get(&vf, parts[i].name, &len);
        ck_assert_uint_le(len, SIG_RSA_MAX_BYTES);
        memcpy(parts[i].b->bytes, v, len);
        parts[i].b->len = len;
    }
    vec_free(&vf);
    ck_assert_int_eq(sig_rsa_check(key), TLS13_OK);
}

/* ---- openssl command line ------------------------------------------------ */

/* Runs a shell command; returns its exit status. */
/* Reads dir/name into buf; returns its length. */
static size_t read_file(const char *dir, const char *name, uint8_t *buf, size_t cap)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    size_t n = fread(buf, 1, cap, f);
    ck_assert(feof(f));
    fclose(f);
    return n;
}

static void tmp_path(char *out, size_t cap, const char *dir, const char *name)
{
    snprintf(out, cap, "%s/%s", dir, name);
}

/* ---- the traces' CertificateVerify ------------------------------------ */

/* RFC 9846 §4.5.2: the receiver verifies the signature with the public key
 * of the end-entity certificate; failure is decrypt_error. */
static void check_trace_certificate_verify(const char *trace, const char *computed)
{
    vec_file tv, cv;
    ck_assert_int_eq(vec_load(&tv, trace), 0);
    ck_assert_int_eq(vec_load(&cv, computed), 0);
    size_t cert_len, content_len, sig_len, scheme_len;
    const uint8_t *cert = vec_get(&tv, "server_certificate_der", &cert_len);
    const uint8_t *content = vec_get(&cv, "server_certificate_verify_signed_content",
                                     &content_len);
    const uint8_t *sig = vec_get(&tv, "server_certificate_verify_signature", &sig_len);
    const uint8_t *scheme = vec_get(&tv, "server_certificate_verify_signature_scheme",
                                    &scheme_len);
    ck_assert_uint_eq(scheme_len, 2);
    ck_assert_uint_eq((unsigned)(scheme[0] << 8 | scheme[1]), SIG_RSA_PSS_RSAE_SHA256);

    sig_public_key pub;
    ck_assert_int_eq(x509_certificate_public_key(cert, cert_len, &pub), TLS13_OK);
    ck_assert_int_eq(pub.type, SIG_KEY_RSA);
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_RSAE_SHA256, pub.type));
    ck_assert_int_eq(sig_verify(&pub, SIG_RSA_PSS_RSAE_SHA256, content, content_len, sig,
                                sig_len), TLS13_OK);

    uint8_t *bad = copy_of(sig, sig_len);
    bad[sig_len / 2] ^= 0x01;
    ck_assert_int_eq(sig_verify(&pub, SIG_RSA_PSS_RSAE_SHA256, content, content_len, bad,
                                sig_len), TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_BAD_SIGNATURE), TLS13_ALERT_DECRYPT_ERROR);
    free(bad);
    uint8_t *bad_content = copy_of(content, content_len);
    bad_content[content_len - 1] ^= 0x80;
    ck_assert_int_eq(sig_verify(&pub, SIG_RSA_PSS_RSAE_SHA256, bad_content, content_len,
                                sig, sig_len), TLS13_ERR_BAD_SIGNATURE);
    free(bad_content);
    /* The same bytes under another hash, or truncated, do not verify. */
    ck_assert_int_eq(sig_verify(&pub, SIG_RSA_PSS_RSAE_SHA384, content, content_len, sig,
                                sig_len), TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_verify(&pub, SIG_RSA_PSS_RSAE_SHA256, content, content_len, sig,
                                sig_len - 1), TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_verify(&pub, SIG_ED25519, content, content_len, sig, sig_len),
                     TLS13_ERR_BAD_SIGNATURE);
    vec_free(&tv);
    vec_free(&cv);
}

START_TEST(xargs_certificate_verify_verifies)
{
    check_trace_certificate_verify("xargs/handshake.txt", "xargs/handshake_computed.txt");
}
END_TEST

START_TEST(xargs_archive_certificate_verify_verifies)
{
    check_trace_certificate_verify("xargs/archive_v1_aes128gcm_sha256.txt",
                                   "xargs/archive_v1_aes128gcm_sha256_computed.txt");
}
END_TEST

/* Signs the signed content with the trace's salt and compares. */
static void check_resign(const sig_private_key *key, const vec_file *computed,
                         const uint8_t *expected, size_t expected_len)
{
    size_t content_len, salt_len, sig_len = 0;
    const uint8_t *content = vec_get(computed, "server_certificate_verify_signed_content",
                                     &content_len);
    const uint8_t *salt = vec_get(computed, "server_certificate_verify_pss_salt", &salt_len);
    fixed_salt fs = { salt, salt_len, 0 };
    tls13_random_source rng = { fixed_salt_fill, &fs };
    uint8_t sig[SIG_MAX_SIGNATURE_LEN];
    ck_assert_int_eq(sig_sign(key, SIG_RSA_PSS_RSAE_SHA256, content, content_len, &rng, sig,
                              sizeof sig, &sig_len), TLS13_OK);
    ck_assert_int_eq(fs.calls, 1);
    ck_assert_uint_eq(sig_len, expected_len);
    ck_assert_mem_eq(sig, expected, expected_len);
    ck_assert_int_eq(sig_verify(&key->pub, SIG_RSA_PSS_RSAE_SHA256, content, content_len,
                                sig, sig_len), TLS13_OK);
}

static void check_xargs_resign(const char *trace, const char *computed)
{
    vec_file tv, cv;
    ck_assert_int_eq(vec_load(&tv, trace), 0);
    ck_assert_int_eq(vec_load(&cv, computed), 0);
    sig_private_key key;
    ck_assert_int_eq(x509_load_private_key_pem(vec_path("xargs/server.key"), &key), TLS13_OK);
    ck_assert_int_eq(key.type, SIG_KEY_RSA);
    size_t sig_len;
    const uint8_t *sig = vec_get(&tv, "server_certificate_verify_signature", &sig_len);
    check_resign(&key, &cv, sig, sig_len);
    sig_private_key_wipe(&key);
    vec_free(&tv);
    vec_free(&cv);
}

START_TEST(xargs_certificate_verify_is_recreated_byte_for_byte)
{
    check_xargs_resign("xargs/handshake.txt", "xargs/handshake_computed.txt");
}
END_TEST

START_TEST(xargs_archive_certificate_verify_is_recreated_byte_for_byte)
{
    check_xargs_resign("xargs/archive_v1_aes128gcm_sha256.txt",
                       "xargs/archive_v1_aes128gcm_sha256_computed.txt");
}
END_TEST

/* RFC 8448 §3, §5, §7: server_certificate_verify = 0f 00 00 84 | 08 04 |
 * 00 80 | signature. Re-signed with the §2 key and the recovered salt; the
 * key is also the certificate's (its modulus matches). */
static void check_rfc8448_resign(const char *trace, const char *computed)
{
    vec_file tv, cv;
    ck_assert_int_eq(vec_load(&tv, trace), 0);
    ck_assert_int_eq(vec_load(&cv, computed), 0);
    sig_private_key key;
    load_rfc8448_key(&key);
    size_t cv_len, msg_len, cert_len;
    const uint8_t *cvm = vec_get(&tv, "server_certificate_verify", &cv_len);
    static const uint8_t header[] = { 0x0f, 0x00, 0x00, 0x84, 0x08, 0x04, 0x00, 0x80 };
    ck_assert_uint_eq(cv_len, sizeof header + 128);
    ck_assert_mem_eq(cvm, header, sizeof header);
    check_resign(&key, &cv, cvm + sizeof header, 128);

    const uint8_t *msg = vec_get(&tv, "server_certificate", &msg_len), *cert;
    first_certificate(msg, msg_len, &cert, &cert_len);
    sig_public_key pub;
    ck_assert_int_eq(x509_certificate_public_key(cert, cert_len, &pub), TLS13_OK);
    ck_assert_uint_eq(pub.rsa_n.len, key.pub.rsa_n.len);
    ck_assert_mem_eq(pub.rsa_n.bytes, key.pub.rsa_n.bytes, pub.rsa_n.len);
    size_t content_len;
    const uint8_t *content = vec_get(&cv, "server_certificate_verify_signed_content",
                                     &content_len);
    ck_assert_int_eq(sig_verify(&pub, SIG_RSA_PSS_RSAE_SHA256, content, content_len,
                                cvm + sizeof header, 128), TLS13_OK);
    sig_private_key_wipe(&key);
    vec_free(&tv);
    vec_free(&cv);
}

START_TEST(rfc8448_simple_1rtt_certificate_verify_is_recreated)
{
    check_rfc8448_resign("rfc8448/simple_1rtt.txt", "rfc8448/simple_1rtt_computed.txt");
}
END_TEST

START_TEST(rfc8448_hello_retry_request_certificate_verify_is_recreated)
{
    check_rfc8448_resign("rfc8448/hello_retry_request.txt",
                         "rfc8448/hello_retry_request_computed.txt");
}
END_TEST

START_TEST(rfc8448_compatibility_mode_certificate_verify_is_recreated)
{
    check_rfc8448_resign("rfc8448/compatibility_mode.txt",
                         "rfc8448/compatibility_mode_computed.txt");
}
END_TEST

/* Verifies a CertificateVerify message (header, scheme, signature<0..2^16-1>)
 * with the first certificate of a Certificate message. */
static void check_certificate_verify_message(const vec_file *tv, const vec_file *cv,
                                             const char *side, uint16_t expect_scheme)
{
    char name[96];
    size_t msg_len, cvm_len, content_len, cert_len;
    snprintf(name, sizeof name, "%s_certificate", side);
    const uint8_t *msg = vec_get(tv, name, &msg_len), *cert;
    snprintf(name, sizeof name, "%s_certificate_verify", side);
    const uint8_t *cvm = vec_get(tv, name, &cvm_len);
    snprintf(name, sizeof name, "%s_certificate_verify_signed_content", side);
    const uint8_t *content = vec_get(cv, name, &content_len);
    first_certificate(msg, msg_len, &cert, &cert_len);

    wire_reader r, body, signature;
    uint8_t type;
    uint16_t scheme;
    wire_reader_init(&r, cvm, cvm_len);
    ck_assert(wire_read_u8(&r, &type) && type == 15);
    ck_assert(wire_read_prefixed_u24(&r, &body) && wire_reader_done(&r));
    ck_assert(wire_read_u16(&body, &scheme) && scheme == expect_scheme);
    ck_assert(wire_read_prefixed_u16(&body, &signature) && wire_reader_done(&body));

    sig_public_key pub;
    ck_assert_int_eq(x509_certificate_public_key(cert, cert_len, &pub), TLS13_OK);
    ck_assert(sig_scheme_usable_in_certificate_verify(scheme, pub.type));
    ck_assert_int_eq(sig_verify(&pub, scheme, content, content_len, signature.data,
                                signature.len), TLS13_OK);
    uint8_t *bad = copy_of(signature.data, signature.len);
    bad[signature.len - 3] ^= 0x10;
    ck_assert_int_eq(sig_verify(&pub, scheme, content, content_len, bad, signature.len),
                     TLS13_ERR_BAD_SIGNATURE);
    free(bad);
}

/* RFC 8448 §6: the server signs with ECDSA P-256 (DER Ecdsa-Sig-Value), the
 * client with RSA-PSS; both verify with the certificates' keys. */
START_TEST(rfc8448_client_authentication_both_signatures_verify)
{
    vec_file tv, cv;
    ck_assert_int_eq(vec_load(&tv, "rfc8448/client_authentication.txt"), 0);
    ck_assert_int_eq(vec_load(&cv, "rfc8448/client_authentication_computed.txt"), 0);
    check_certificate_verify_message(&tv, &cv, "server", SIG_ECDSA_SECP256R1_SHA256);
    check_certificate_verify_message(&tv, &cv, "client", SIG_RSA_PSS_RSAE_SHA256);
    vec_free(&tv);
    vec_free(&cv);
}
END_TEST

/* ---- Ed25519: RFC 8032 §7.1 ---------------------------------------------- */

typedef struct ed25519_vector {
    const char *secret, *public, *message, *signature;
} ed25519_vector;

static const ed25519_vector rfc8032_vectors[] = {
    { /* TEST 1 */
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
      "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
      "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
      "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b" },
    { /* TEST 2 */
      "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
      "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
      "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
      "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00" },
    { /* TEST 3 */
      "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
      "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
      "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac"
      "18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a" },
};

START_TEST(ed25519_rfc8032_vectors_sign_and_verify)
{
    const ed25519_vector *v = &rfc8032_vectors[_i];
    size_t seed_len, pk_len, msg_len, sig_len, out_len = 0;
    uint8_t *seed = hex_decode(v->secret, &seed_len);
    uint8_t *pk = hex_decode(v->public, &pk_len);
    uint8_t *msg = hex_decode(v->message, &msg_len);
    uint8_t *expected = hex_decode(v->signature, &sig_len);
    ck_assert(seed && pk && msg && expected && seed_len == 32 && pk_len == 32);

    sig_private_key key;
    ck_assert_int_eq(sig_ed25519_from_seed(&key, seed), TLS13_OK);
    ck_assert_mem_eq(key.pub.ed25519, pk, 32);
    uint8_t sig[64];
    ck_assert_int_eq(sig_sign(&key, SIG_ED25519, msg, msg_len, NULL, sig, sizeof sig,
                              &out_len), TLS13_OK);
    ck_assert_uint_eq(out_len, 64);
    ck_assert_mem_eq(sig, expected, 64);
    ck_assert_int_eq(sig_verify(&key.pub, SIG_ED25519, msg, msg_len, sig, 64), TLS13_OK);
    sig[63] ^= 0x40;
    ck_assert_int_eq(sig_verify(&key.pub, SIG_ED25519, msg, msg_len, sig, 64),
                     TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_verify(&key.pub, SIG_ED25519, msg, msg_len, expected, 63),
                     TLS13_ERR_BAD_SIGNATURE);
    ck_assert_int_eq(sig_sign(&key, SIG_ED25519, msg, msg_len, NULL, sig, 63, &out_len),
                     TLS13_ERR_BUFFER_TOO_SMALL);
    sig_private_key_wipe(&key);
    free(seed);
    free(pk);
    free(msg);
    free(expected);
}
END_TEST

START_TEST(ed25519_generate_uses_the_random_source)
{
    static const uint8_t seed[32] = { 0x9d, 0x61, 0xb1, 0x9d, 0xef, 0xfd, 0x5a, 0x60,
                                      0xba, 0x84, 0x4a, 0xf4, 0x92, 0xec, 0x2c, 0xc4,
                                      0x44, 0x49, 0xc5, 0x69, 0x7b, 0x32, 0x69, 0x19,
                                      0x70, 0x3b, 0xac, 0x03, 0x1c, 0xae, 0x7f, 0x60 };
    fixed_salt fs = { seed, 32, 0 };
    tls13_random_source rng = { fixed_salt_fill, &fs };
    sig_private_key a, b;
    ck_assert_int_eq(sig_ed25519_generate(&a, &rng), TLS13_OK);
    ck_assert_int_eq(sig_ed25519_from_seed(&b, seed), TLS13_OK);
    ck_assert_mem_eq(a.pub.ed25519, b.pub.ed25519, 32);
    ck_assert_int_eq(sig_ed25519_generate(&a, NULL), TLS13_OK);
    ck_assert(memcmp(a.pub.ed25519, b.pub.ed25519, 32) != 0);
    ck_assert_int_eq(sig_public_key_check(&a.pub), TLS13_OK);
    sig_private_key_wipe(&a);
    sig_private_key_wipe(&b);
    /* A failing random source is reported, not papered over. */
    fixed_salt short_salt = { seed, 16, 0 };
    rng.ctx = &short_salt;
    ck_assert_int_eq(sig_ed25519_generate(&a, &rng), TLS13_ERR_RANDOM_FAILED);
}
END_TEST

/* ---- RSA ------------------------------------------------------------------ */

START_TEST(rsa_pss_round_trips_with_every_hash)
{
    sig_private_key key;
    ck_assert_int_eq(x509_load_private_key_pem(vec_path("xargs/server.key"), &key), TLS13_OK);
    static const uint16_t schemes[] = { SIG_RSA_PSS_RSAE_SHA256, SIG_RSA_PSS_RSAE_SHA384,
                                        SIG_RSA_PSS_RSAE_SHA512 };
    static const uint8_t msg[] = "TLS 1.3, server CertificateVerify";
    for (size_t i = 0; i < 3; i++) {
        uint8_t sig1[SIG_MAX_SIGNATURE_LEN], sig2[SIG_MAX_SIGNATURE_LEN];
        size_t len1 = 0, len2 = 0;
        ck_assert_int_eq(sig_sign(&key, schemes[i], msg, sizeof msg, NULL, sig1,
                                  sizeof sig1, &len1), TLS13_OK);
        ck_assert_int_eq(sig_sign(&key, schemes[i], msg, sizeof msg, NULL, sig2,
                                  sizeof sig2, &len2), TLS13_OK);
        ck_assert_uint_eq(len1, 256);
        /* Fresh salts: two signatures of one message differ. */
        ck_assert(memcmp(sig1, sig2, len1) != 0);
        ck_assert_int_eq(sig_verify(&key.pub, schemes[i], msg, sizeof msg, sig1, len1),
                         TLS13_OK);
        ck_assert_int_eq(sig_verify(&key.pub, schemes[i], msg, sizeof msg - 1, sig1, len1),
                         TLS13_ERR_BAD_SIGNATURE);
        ck_assert_int_eq(sig_verify(&key.pub, schemes[(i + 1) % 3], msg, sizeof msg, sig1,
                                    len1), TLS13_ERR_BAD_SIGNATURE);
        ck_assert_int_eq(sig_sign(&key, schemes[i], msg, sizeof msg, NULL, sig1, 255, &len1),
                         TLS13_ERR_BUFFER_TOO_SMALL);
    }
    sig_private_key_wipe(&key);
}
END_TEST

START_TEST(signing_refuses_schemes_the_key_cannot_make)
{
    sig_private_key rsa, ed;
    ck_assert_int_eq(x509_load_private_key_pem(vec_path("xargs/server.key"), &rsa), TLS13_OK);
    ck_assert_int_eq(sig_ed25519_generate(&ed, NULL), TLS13_OK);
    uint8_t sig[SIG_MAX_SIGNATURE_LEN];
    size_t len;
    static const uint8_t msg[] = "m";
    ck_assert_int_eq(sig_sign(&rsa, SIG_ED25519, msg, 1, NULL, sig, sizeof sig, &len),
                     TLS13_ERR_SIGN_FAILED);
    ck_assert_int_eq(sig_sign(&ed, SIG_RSA_PSS_RSAE_SHA256, msg, 1, NULL, sig, sizeof sig,
                              &len), TLS13_ERR_SIGN_FAILED);
    /* PKCS#1 v1.5 is never made (RFC 9846 §4.3.3); rsa_pss_pss_* need a key
     * with the RSASSA-PSS OID, and ECDSA an EC key (test_sig_ec.c). */
    ck_assert_int_eq(sig_sign(&rsa, SIG_RSA_PKCS1_SHA256, msg, 1, NULL, sig, sizeof sig,
                              &len), TLS13_ERR_SIGN_FAILED);
    ck_assert_int_eq(sig_sign(&rsa, SIG_RSA_PSS_PSS_SHA256, msg, 1, NULL, sig, sizeof sig,
                              &len), TLS13_ERR_SIGN_FAILED);
    ck_assert_int_eq(sig_sign(&rsa, SIG_ECDSA_SECP256R1_SHA256, msg, 1, NULL, sig,
                              sizeof sig, &len), TLS13_ERR_SIGN_FAILED);
    ck_assert_int_eq(sig_sign(&rsa, 0x1234, msg, 1, NULL, sig, sizeof sig, &len),
                     TLS13_ERR_SIGN_FAILED);
    ck_assert_int_eq(sig_sign(NULL, SIG_ED25519, msg, 1, NULL, sig, sizeof sig, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    sig_private_key_wipe(&rsa);
    sig_private_key_wipe(&ed);
}
END_TEST

START_TEST(rsa_check_catches_inconsistent_keys)
{
    sig_private_key key;
    load_rfc8448_key(&key);
    sig_private_key bad = key;
    bad.rsa_p.bytes[bad.rsa_p.len - 1] ^= 0x02;        /* p no longer divides n */
    ck_assert_int_eq(sig_rsa_check(&bad), TLS13_ERR_BAD_PRIVATE_KEY);
    bad = key;
    bad.rsa_dp.bytes[0] ^= 0x01;
    ck_assert_int_eq(sig_rsa_check(&bad), TLS13_ERR_BAD_PRIVATE_KEY);
    bad = key;
    bad.rsa_qinv.bytes[5] ^= 0x01;
    ck_assert_int_eq(sig_rsa_check(&bad), TLS13_ERR_BAD_PRIVATE_KEY);
    bad = key;
    bad.pub.rsa_e.bytes[bad.pub.rsa_e.len - 1] = 0x02;  /* even exponent */
    ck_assert_int_eq(sig_rsa_check(&bad), TLS13_ERR_BAD_PRIVATE_KEY);
    bad = key;
    bad.rsa_d.len = 0;
    ck_assert_int_eq(sig_rsa_check(&bad), TLS13_ERR_BAD_PRIVATE_KEY);
    ck_assert_int_eq(sig_rsa_check(&key), TLS13_OK);
    sig_private_key_wipe(&bad);
    sig_private_key_wipe(&key);
}
END_TEST

START_TEST(rsa_public_keys_outside_the_policy_are_refused)
{
    sig_private_key key;
    load_rfc8448_key(&key);
    sig_public_key pub = key.pub;
    ck_assert_int_eq(sig_public_key_check(&pub), TLS13_OK);
    pub.rsa_n.len = 64;                                /* 512 bits: too small */
    ck_assert_int_eq(sig_public_key_check(&pub), TLS13_ERR_UNSUPPORTED_KEY);
    pub = key.pub;
    pub.rsa_e.len = 1;
    pub.rsa_e.bytes[0] = 1;                            /* e = 1 */
    ck_assert_int_eq(sig_public_key_check(&pub), TLS13_ERR_UNSUPPORTED_KEY);
    pub.type = SIG_KEY_NONE;
    ck_assert_int_eq(sig_public_key_check(&pub), TLS13_ERR_UNSUPPORTED_KEY);
    sig_private_key_wipe(&key);
}
END_TEST

/* ---- policy -------------------------------------------------------------- */

/* RFC 9846 §4.3.3 / §4.5.2: which schemes a CertificateVerify may use with
 * which key. */
START_TEST(certificate_verify_scheme_policy)
{
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_ED25519, SIG_KEY_ED25519));
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_RSAE_SHA256, SIG_KEY_RSA));
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_RSAE_SHA384, SIG_KEY_RSA));
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_RSAE_SHA512, SIG_KEY_RSA));
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_ECDSA_SECP256R1_SHA256,
                                                      SIG_KEY_EC_P256));
    /* PKCS#1 v1.5: certificates only, never CertificateVerify. */
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_RSA_PKCS1_SHA256, SIG_KEY_RSA));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_RSA_PKCS1_SHA384, SIG_KEY_RSA));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_RSA_PKCS1_SHA512, SIG_KEY_RSA));
    /* rsa_pss_pss_* need RSASSA-PSS keys, rsa_pss_rsae_* rsaEncryption
     * keys (RFC 9846 §4.3.3). */
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA256, SIG_KEY_RSA));
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA256,
                                                      SIG_KEY_RSA_PSS));
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA384,
                                                      SIG_KEY_RSA_PSS));
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_PSS_SHA512,
                                                      SIG_KEY_RSA_PSS));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_RSAE_SHA256,
                                                       SIG_KEY_RSA_PSS));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_RSA_PKCS1_SHA256,
                                                       SIG_KEY_RSA_PSS));
    /* ECDSA: the scheme names the curve (RFC 9846 §4.3.3). */
    ck_assert(sig_scheme_usable_in_certificate_verify(SIG_ECDSA_SECP384R1_SHA384,
                                                      SIG_KEY_EC_P384));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_ECDSA_SECP384R1_SHA384,
                                                       SIG_KEY_EC_P256));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_ECDSA_SECP256R1_SHA256,
                                                       SIG_KEY_EC_P384));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_ED25519, SIG_KEY_RSA));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_RSAE_SHA256,
                                                       SIG_KEY_ED25519));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_RSA_PSS_RSAE_SHA256,
                                                       SIG_KEY_EC_P256));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_ECDSA_SECP256R1_SHA256,
                                                       SIG_KEY_RSA));
    ck_assert(!sig_scheme_usable_in_certificate_verify(0x0201, SIG_KEY_RSA)); /* SHA-1 */
    ck_assert(!sig_scheme_usable_in_certificate_verify(0x0203, SIG_KEY_EC_P256));
    ck_assert(!sig_scheme_usable_in_certificate_verify(SIG_ED25519, SIG_KEY_NONE));
    ck_assert_str_eq(sig_scheme_name(SIG_RSA_PSS_RSAE_SHA256), "rsa_pss_rsae_sha256");
    ck_assert_str_eq(sig_scheme_name(SIG_ED25519), "ed25519");
    ck_assert_str_eq(sig_scheme_name(0xfefe), "unknown");
}
END_TEST

/* ---- openssl interop ---------------------------------------------------- */

/* A key from `openssl genpkey -algorithm ed25519` (PKCS#8 PEM) loads; our
 * signature passes `openssl pkeyutl -verify`, and openssl's passes ours. */
START_TEST(ed25519_interop_with_openssl)
{
    if (!have_openssl()) {
        fprintf(stderr, "ed25519_interop_with_openssl: openssl not found, skipped\n");
        return;
    }
    char dir[64], key_path[128];
    make_tmpdir(dir);
    ck_assert_int_eq(run("cd '%s' && openssl genpkey -algorithm ed25519 -out key.pem "
                         "2>/dev/null && openssl pkey -in key.pem -pubout -out pub.pem "
                         "2>/dev/null", dir), 0);
    tmp_path(key_path, sizeof key_path, dir, "key.pem");
    sig_private_key key;
    ck_assert_int_eq(x509_load_private_key_pem(key_path, &key), TLS13_OK);
    ck_assert_int_eq(key.type, SIG_KEY_ED25519);

    static const uint8_t msg[] = "signed by tls13, checked by openssl";
    uint8_t sig[64], osig[128];
    size_t sig_len;
    ck_assert_int_eq(sig_sign(&key, SIG_ED25519, msg, sizeof msg - 1, NULL, sig, sizeof sig,
                              &sig_len), TLS13_OK);
    write_file(dir, "msg", msg, sizeof msg - 1);
    write_file(dir, "sig", sig, sig_len);
    ck_assert_int_eq(run("cd '%s' && openssl pkeyutl -verify -pubin -inkey pub.pem -rawin "
                         "-in msg -sigfile sig >/dev/null 2>&1", dir), 0);
    ck_assert_int_eq(run("cd '%s' && openssl pkeyutl -sign -inkey key.pem -rawin -in msg "
                         "-out osig 2>/dev/null", dir), 0);
    size_t osig_len = read_file(dir, "osig", osig, sizeof osig);
    ck_assert_uint_eq(osig_len, 64);
    ck_assert_mem_eq(osig, sig, 64);   /* Ed25519 is deterministic */
    ck_assert_int_eq(sig_verify(&key.pub, SIG_ED25519, msg, sizeof msg - 1, osig, osig_len),
                     TLS13_OK);
    sig_private_key_wipe(&key);
    remove_tmpdir(dir);
}
END_TEST

/* A 2048-bit key from `openssl genpkey -algorithm rsa` (PKCS#8 PEM) loads;
 * our RSA-PSS signature (salt = hash length) passes openssl. */
START_TEST(rsa_pss_interop_with_openssl)
{
    if (!have_openssl()) {
        fprintf(stderr, "rsa_pss_interop_with_openssl: openssl not found, skipped\n");
        return;
    }
    char dir[64], key_path[128];
    make_tmpdir(dir);
    ck_assert_int_eq(run("cd '%s' && openssl genpkey -algorithm rsa -pkeyopt "
                         "rsa_keygen_bits:2048 -out key.pem 2>/dev/null && openssl pkey "
                         "-in key.pem -pubout -out pub.pem 2>/dev/null", dir), 0);
    tmp_path(key_path, sizeof key_path, dir, "key.pem");
    sig_private_key key;
    ck_assert_int_eq(x509_load_private_key_pem(key_path, &key), TLS13_OK);
    ck_assert_int_eq(key.type, SIG_KEY_RSA);
    ck_assert_uint_eq(key.pub.rsa_n.len, 256);

    static const uint8_t msg[] = "rsa_pss_rsae_sha256 from tls13";
    uint8_t sig[SIG_MAX_SIGNATURE_LEN];
    size_t sig_len;
    ck_assert_int_eq(sig_sign(&key, SIG_RSA_PSS_RSAE_SHA256, msg, sizeof msg - 1, NULL, sig,
                              sizeof sig, &sig_len), TLS13_OK);
    write_file(dir, "msg", msg, sizeof msg - 1);
    write_file(dir, "sig", sig, sig_len);
    ck_assert_int_eq(run("cd '%s' && openssl dgst -sha256 -verify pub.pem -sigopt "
                         "rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32 -signature sig msg "
                         ">/dev/null 2>&1", dir), 0);
    /* openssl signs with salt length 32 too; we verify it. */
    ck_assert_int_eq(run("cd '%s' && openssl dgst -sha384 -sign key.pem -sigopt "
                         "rsa_padding_mode:pss -sigopt rsa_pss_saltlen:48 -out osig msg "
                         "2>/dev/null", dir), 0);
    size_t osig_len = read_file(dir, "osig", sig, sizeof sig);
    ck_assert_int_eq(sig_verify(&key.pub, SIG_RSA_PSS_RSAE_SHA384, msg, sizeof msg - 1, sig,
                                osig_len), TLS13_OK);
    sig_private_key_wipe(&key);
    remove_tmpdir(dir);
}
END_TEST

/* An ECDSA P-256 signature made by openssl (DER Ecdsa-Sig-Value) verifies
 * with the key from its SubjectPublicKeyInfo. */
START_TEST(ecdsa_p256_signature_from_openssl_verifies)
{
    if (!have_openssl()) {
        fprintf(stderr, "ecdsa_p256_signature_from_openssl_verifies: no openssl, skipped\n");
        return;
    }
    char dir[64];
    make_tmpdir(dir);
    static const uint8_t msg[] = "ecdsa_secp256r1_sha256";
    write_file(dir, "msg", msg, sizeof msg - 1);
    ck_assert_int_eq(run("cd '%s' && openssl genpkey -algorithm EC -pkeyopt "
                         "ec_paramgen_curve:P-256 -out key.pem 2>/dev/null && openssl pkey "
                         "-in key.pem -pubout -outform DER -out pub.der 2>/dev/null && "
                         "openssl dgst -sha256 -sign key.pem -out sig msg 2>/dev/null", dir), 0);
    uint8_t spki[256], sig[128];
    size_t spki_len = read_file(dir, "pub.der", spki, sizeof spki);
    size_t sig_len = read_file(dir, "sig", sig, sizeof sig);
    sig_public_key pub;
    ck_assert_int_eq(x509_parse_public_key_der(spki, spki_len, &pub), TLS13_OK);
    ck_assert_int_eq(pub.type, SIG_KEY_EC_P256);
    ck_assert_int_eq(sig_verify(&pub, SIG_ECDSA_SECP256R1_SHA256, msg, sizeof msg - 1, sig,
                                sig_len), TLS13_OK);
    ck_assert_int_eq(sig_verify(&pub, SIG_ECDSA_SECP256R1_SHA256, msg, sizeof msg - 2, sig,
                                sig_len), TLS13_ERR_BAD_SIGNATURE);
    /* Trailing bytes after the SEQUENCE are not DER. */
    sig[sig_len] = 0;
    ck_assert_int_eq(sig_verify(&pub, SIG_ECDSA_SECP256R1_SHA256, msg, sizeof msg - 1, sig,
                                sig_len + 1), TLS13_ERR_BAD_SIGNATURE);
    /* The private key loads too (PKCS#8 id-ecPublicKey), and its public
     * half is the SubjectPublicKeyInfo's (test_sig_ec.c has the rest). */
    char key_path[128];
    sig_private_key key;
    tmp_path(key_path, sizeof key_path, dir, "key.pem");
    ck_assert_int_eq(x509_load_private_key_pem(key_path, &key), TLS13_OK);
    ck_assert_int_eq(key.type, SIG_KEY_EC_P256);
    ck_assert(sig_public_key_equal(&key.pub, &pub));
    sig_private_key_wipe(&key);
    remove_tmpdir(dir);
}
END_TEST

/* ---- ECDSA signature encoding ------------------------------------------- */

/* RFC 9846 §4.3.3: DER Ecdsa-Sig-Value. Non-DER variants of a valid
 * signature (long-form lengths, padded integers) are refused. */
START_TEST(ecdsa_signature_must_be_strict_der)
{
    vec_file tv, cv;
    ck_assert_int_eq(vec_load(&tv, "rfc8448/client_authentication.txt"), 0);
    ck_assert_int_eq(vec_load(&cv, "rfc8448/client_authentication_computed.txt"), 0);
    size_t msg_len, cvm_len, content_len, cert_len;
    const uint8_t *msg = vec_get(&tv, "server_certificate", &msg_len), *cert;
    const uint8_t *cvm = vec_get(&tv, "server_certificate_verify", &cvm_len);
    const uint8_t *content = vec_get(&cv, "server_certificate_verify_signed_content",
                                     &content_len);
    first_certificate(msg, msg_len, &cert, &cert_len);
    sig_public_key pub;
    ck_assert_int_eq(x509_certificate_public_key(cert, cert_len, &pub), TLS13_OK);
    const uint8_t *sig = cvm + 8;
    size_t sig_len = cvm_len - 8;
    ck_assert_int_eq(sig[0], 0x30);
    ck_assert_int_eq(sig_verify(&pub, SIG_ECDSA_SECP256R1_SHA256, content, content_len, sig,
                                sig_len), TLS13_OK);

    /* SEQUENCE length in the long form: 30 81 xx. */
    uint8_t *v = malloc(sig_len + 1);
    ck_assert_ptr_nonnull(v);
    v[0] = 0x30;
    v[1] = 0x81;
    memcpy(v + 2, sig + 1, sig_len - 1);
    ck_assert_int_eq(sig_verify(&pub, SIG_ECDSA_SECP256R1_SHA256, content, content_len, v,
                                sig_len + 1), TLS13_ERR_BAD_SIGNATURE);
    free(v);
    /* Every truncation fails; every single-bit flip fails. */
    for (size_t n = 0; n < sig_len; n++) {
        uint8_t *t = copy_of(sig, n);
        ck_assert_int_eq(sig_verify(&pub, SIG_ECDSA_SECP256R1_SHA256, content, content_len,
                                    t, n), TLS13_ERR_BAD_SIGNATURE);
        free(t);
    }
    for (size_t i = 0; i < sig_len * 8; i++) {
        uint8_t *t = copy_of(sig, sig_len);
        t[i / 8] ^= (uint8_t)(1u << (i % 8));
        ck_assert_int_eq(sig_verify(&pub, SIG_ECDSA_SECP256R1_SHA256, content, content_len,
                                    t, sig_len), TLS13_ERR_BAD_SIGNATURE);
        free(t);
    }
    vec_free(&tv);
    vec_free(&cv);
}
END_TEST

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    Suite *s = suite_create("sig");
    TCase *traces = tcase_create("traces");
    tcase_add_test(traces, xargs_certificate_verify_verifies);
    tcase_add_test(traces, xargs_archive_certificate_verify_verifies);
    tcase_add_test(traces, xargs_certificate_verify_is_recreated_byte_for_byte);
    tcase_add_test(traces, xargs_archive_certificate_verify_is_recreated_byte_for_byte);
    tcase_add_test(traces, rfc8448_simple_1rtt_certificate_verify_is_recreated);
    tcase_add_test(traces, rfc8448_hello_retry_request_certificate_verify_is_recreated);
    tcase_add_test(traces, rfc8448_compatibility_mode_certificate_verify_is_recreated);
    tcase_add_test(traces, rfc8448_client_authentication_both_signatures_verify);
    suite_add_tcase(s, traces);

    TCase *algs = tcase_create("algorithms");
    tcase_add_loop_test(algs, ed25519_rfc8032_vectors_sign_and_verify, 0,
                        (int)(sizeof rfc8032_vectors / sizeof rfc8032_vectors[0]));
    tcase_add_test(algs, ed25519_generate_uses_the_random_source);
    tcase_add_test(algs, rsa_pss_round_trips_with_every_hash);
    tcase_add_test(algs, signing_refuses_schemes_the_key_cannot_make);
    tcase_add_test(algs, rsa_check_catches_inconsistent_keys);
    tcase_add_test(algs, rsa_public_keys_outside_the_policy_are_refused);
    tcase_add_test(algs, certificate_verify_scheme_policy);
    tcase_add_test(algs, ecdsa_signature_must_be_strict_der);
    suite_add_tcase(s, algs);

    TCase *interop = tcase_create("openssl");
    tcase_set_timeout(interop, 300);
    tcase_add_test(interop, ed25519_interop_with_openssl);
    tcase_add_test(interop, rsa_pss_interop_with_openssl);
    tcase_add_test(interop, ecdsa_p256_signature_from_openssl_verifies);
    suite_add_tcase(s, interop);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
