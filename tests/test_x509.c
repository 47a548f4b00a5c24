/*
 * test_x509.c — src/x509: the strict DER reader and writer, PEM armor and
 * base64, certificates and their public keys, private-key files, the
 * self-signed certificate (checked by our parser, our signature check and
 * `openssl x509`), and robustness: every truncation and many single-byte
 * corruptions of a real certificate and key fail cleanly (run it under ASan
 * or valgrind: every input is a heap copy of exactly its length).
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

/* Reads a whole file (vectors or temp) into a malloc'd NUL-terminated buffer. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *buf = malloc(1 << 20);
    ck_assert_ptr_nonnull(buf);
    *len = fread(buf, 1, (1 << 20) - 1, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* The DER of the first "CERTIFICATE" in a PEM file, as a heap copy. */
static uint8_t *xargs_cert_der(size_t *len)
{
    x509_chain chain;
    ck_assert_int_eq(x509_load_chain_pem(vec_path("xargs/server.crt"), &chain), TLS13_OK);
    ck_assert_uint_eq(chain.count, 1);
    uint8_t *der = copy_of(chain.certs[0].data, chain.certs[0].len);
    *len = chain.certs[0].len;
    x509_chain_free(&chain);
    return der;
}

/* The DER inside the xargs server.key PEM ("RSA PRIVATE KEY"). */
static uint8_t *xargs_key_der(size_t *len)
{
    size_t text_len, pos = 0;
    char *text = slurp(vec_path("xargs/server.key"), &text_len);
    pem_block block;
    bool found;
    ck_assert_int_eq(pem_next_block(text, text_len, &pos, &block, &found), TLS13_OK);
    ck_assert(found);
    ck_assert_str_eq(block.label, "RSA PRIVATE KEY");
    uint8_t *der = copy_of(block.der, block.len);
    *len = block.len;
    pem_block_free(&block);
    free(text);
    return der;
}

static bool contains(const uint8_t *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        if (memcmp(hay + i, needle, n) == 0)
            return true;
    }
    return false;
}

static void write_text(const char *dir, const char *name, const char *text, size_t len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(text, 1, len, f), len);
    fclose(f);
}

/* ---- DER reader ---------------------------------------------------------- */

static bool der_one(const uint8_t *in, size_t len, uint8_t tag)
{
    uint8_t *copy = copy_of(in, len);
    wire_reader r, c;
    wire_reader_init(&r, copy, len);
    bool ok = der_read(&r, tag, &c) && wire_reader_done(&r);
    free(copy);
    return ok;
}

/* X.690 §10.1: definite lengths, in the fewest octets. */
START_TEST(der_lengths_must_be_definite_and_minimal)
{
    static const uint8_t short_form[] = { 0x04, 0x02, 0xaa, 0xbb };
    static const uint8_t long_form_for_short[] = { 0x04, 0x81, 0x02, 0xaa, 0xbb };
    static const uint8_t indefinite[] = { 0x30, 0x80, 0x04, 0x00, 0x00, 0x00 };
    static const uint8_t leading_zero[] = { 0x04, 0x82, 0x00, 0x02, 0xaa, 0xbb };
    static const uint8_t too_long[] = { 0x04, 0x03, 0xaa, 0xbb };
    static const uint8_t five_octets[] = { 0x04, 0x85, 0x00, 0x00, 0x00, 0x00, 0x01, 0xaa };
    static const uint8_t reserved[] = { 0x04, 0xff, 0x00 };
    static const uint8_t high_tag[] = { 0x1f, 0x81, 0x00, 0x00 };
    static const uint8_t header_only[] = { 0x04 };
    ck_assert(der_one(short_form, sizeof short_form, DER_OCTET_STRING));
    ck_assert(!der_one(long_form_for_short, sizeof long_form_for_short, DER_OCTET_STRING));
    ck_assert(!der_one(indefinite, sizeof indefinite, DER_SEQUENCE));
    ck_assert(!der_one(leading_zero, sizeof leading_zero, DER_OCTET_STRING));
    ck_assert(!der_one(too_long, sizeof too_long, DER_OCTET_STRING));
    ck_assert(!der_one(five_octets, sizeof five_octets, DER_OCTET_STRING));
    ck_assert(!der_one(reserved, sizeof reserved, DER_OCTET_STRING));
    ck_assert(!der_one(high_tag, sizeof high_tag, 0x1f));
    ck_assert(!der_one(header_only, sizeof header_only, DER_OCTET_STRING));
    ck_assert(!der_one(short_form, sizeof short_form, DER_BIT_STRING));   /* wrong tag */

    /* 0x81 is right for 128..255 bytes; 0x82 only from 256. */
    uint8_t big[4 + 300];
    memset(big, 0x5a, sizeof big);
    big[0] = 0x04;
    big[1] = 0x81;
    big[2] = 200;
    ck_assert(der_one(big, 3 + 200, DER_OCTET_STRING));
    big[1] = 0x82;
    big[2] = 0x00;
    big[3] = 200;
    ck_assert(!der_one(big, 4 + 200, DER_OCTET_STRING));
    big[2] = 0x01;
    big[3] = 0x2c;                                      /* 300 */
    ck_assert(der_one(big, 4 + 300, DER_OCTET_STRING));
}
END_TEST

static bool der_unsigned_ok(const uint8_t *in, size_t len, size_t expect_len)
{
    uint8_t *copy = copy_of(in, len);
    wire_reader r;
    const uint8_t *bytes;
    size_t n;
    wire_reader_init(&r, copy, len);
    bool ok = der_read_unsigned(&r, &bytes, &n) && wire_reader_done(&r) && n == expect_len;
    free(copy);
    return ok;
}

/* X.690 §8.3.2: no redundant leading octet; negative values refused. */
START_TEST(der_integers_are_minimal_and_non_negative)
{
    static const uint8_t zero[] = { 0x02, 0x01, 0x00 };
    static const uint8_t v127[] = { 0x02, 0x01, 0x7f };
    static const uint8_t v128[] = { 0x02, 0x02, 0x00, 0x80 };
    static const uint8_t padded[] = { 0x02, 0x02, 0x00, 0x7f };
    static const uint8_t negative[] = { 0x02, 0x01, 0x80 };
    static const uint8_t empty[] = { 0x02, 0x00 };
    static const uint8_t ff_padded[] = { 0x02, 0x02, 0xff, 0x80 };
    ck_assert(der_unsigned_ok(zero, sizeof zero, 1));
    ck_assert(der_unsigned_ok(v127, sizeof v127, 1));
    ck_assert(der_unsigned_ok(v128, sizeof v128, 1));   /* sign octet stripped */
    ck_assert(!der_unsigned_ok(padded, sizeof padded, 1));
    ck_assert(!der_unsigned_ok(negative, sizeof negative, 1));
    ck_assert(!der_unsigned_ok(empty, sizeof empty, 0));
    ck_assert(!der_unsigned_ok(ff_padded, sizeof ff_padded, 1));
}
END_TEST

START_TEST(der_bit_strings_and_nulls)
{
    static const uint8_t whole[] = { 0x03, 0x03, 0x00, 0xaa, 0xbb };
    static const uint8_t unused_bits[] = { 0x03, 0x02, 0x07, 0x80 };
    static const uint8_t empty[] = { 0x03, 0x00 };
    static const uint8_t null[] = { 0x05, 0x00 };
    static const uint8_t null_with_body[] = { 0x05, 0x01, 0x00 };
    wire_reader r, bits;
    wire_reader_init(&r, whole, sizeof whole);
    ck_assert(der_read_bit_string_octets(&r, &bits) && bits.len == 2);
    wire_reader_init(&r, unused_bits, sizeof unused_bits);
    ck_assert(!der_read_bit_string_octets(&r, &bits));
    wire_reader_init(&r, empty, sizeof empty);
    ck_assert(!der_read_bit_string_octets(&r, &bits));
    wire_reader_init(&r, null, sizeof null);
    ck_assert(der_read_null(&r));
    wire_reader_init(&r, null_with_body, sizeof null_with_body);
    ck_assert(!der_read_null(&r));
}
END_TEST

/* The writer picks the minimal length form, and the reader reads it back. */
START_TEST(der_writer_uses_minimal_lengths)
{
    static const size_t sizes[] = { 0, 1, 127, 128, 255, 256, 1000, 65535, 65536 };
    static uint8_t body[70000], out[70100];
    memset(body, 0xc3, sizeof body);
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        wire_writer w;
        size_t m, len;
        wire_writer_init(&w, out, sizeof out);
        ck_assert(der_begin(&w, DER_SEQUENCE, &m));
        ck_assert(der_write(&w, DER_OCTET_STRING, body, sizes[i]));
        ck_assert(der_end(&w, m));
        ck_assert(wire_writer_finish(&w, &len));
        wire_reader r, seq, os;
        wire_reader_init(&r, out, len);
        ck_assert(der_read(&r, DER_SEQUENCE, &seq) && wire_reader_done(&r));
        ck_assert(der_read(&seq, DER_OCTET_STRING, &os) && wire_reader_done(&seq));
        ck_assert_uint_eq(os.len, sizes[i]);
        ck_assert(os.len == 0 || memcmp(os.data, body, os.len) == 0);
    }
    /* INTEGER: leading zeros stripped, a sign octet added when needed. */
    static const uint8_t mag[] = { 0x00, 0x00, 0x80, 0x01 };
    static const uint8_t expect[] = { 0x02, 0x03, 0x00, 0x80, 0x01 };
    wire_writer w;
    size_t len;
    wire_writer_init(&w, out, sizeof out);
    ck_assert(der_write_unsigned(&w, mag, sizeof mag) && wire_writer_finish(&w, &len));
    ck_assert_uint_eq(len, sizeof expect);
    ck_assert_mem_eq(out, expect, sizeof expect);
    /* Running out of room is reported, not written past. */
    wire_writer_init(&w, out, 10);
    ck_assert(der_begin(&w, DER_SEQUENCE, &len));
    ck_assert(!der_write(&w, DER_OCTET_STRING, body, 200));
    ck_assert(!der_end(&w, len));
}
END_TEST

/* ---- PEM and base64 ------------------------------------------------------ */

START_TEST(base64_round_trips_and_is_strict)
{
    uint8_t data[100], back[100];
    char text[140];
    for (size_t n = 0; n < sizeof data; n++) {
        for (size_t i = 0; i < n; i++)
            data[i] = (uint8_t)(i * 37 + n);
        base64_encode(data, n, text);
        size_t tlen = 4 * ((n + 2) / 3), blen = 0;
        ck_assert(base64_decode(text, tlen, back, &blen));
        ck_assert_uint_eq(blen, n);
        ck_assert(n == 0 || memcmp(back, data, n) == 0);
    }
    size_t len;
    ck_assert(base64_decode("TWFu", 4, back, &len) && len == 3 && memcmp(back, "Man", 3) == 0);
    ck_assert(base64_decode("TWE=", 4, back, &len) && len == 2);
    ck_assert(base64_decode("TQ==", 4, back, &len) && len == 1);
    ck_assert(!base64_decode("TWF", 3, back, &len));        /* not a multiple of 4 */
    ck_assert(!base64_decode("TWF=TWFu", 8, back, &len));   /* padding in the middle */
    ck_assert(!base64_decode("T===", 4, back, &len));
    ck_assert(!base64_decode("TR==", 4, back, &len));       /* non-zero pad bits */
    ck_assert(!base64_decode("TWF!", 4, back, &len));
    ck_assert(!base64_decode("TW-u", 4, back, &len));       /* base64url is not PEM */
    ck_assert(!base64_decode("T=Fu", 4, back, &len));
}
END_TEST

static tls13_error parse_chain_text(const char *text)
{
    x509_chain chain;
    size_t len = strlen(text);
    char *copy = (char *)copy_of((const uint8_t *)text, len);
    tls13_error err = x509_parse_chain_pem(copy, len, &chain);
    if (err == TLS13_OK)
        x509_chain_free(&chain);
    free(copy);
    return err;
}

/* RFC 7468 strictness: anything but base64 lines between BEGIN and a
 * matching END fails. */
START_TEST(pem_armor_is_strict)
{
    size_t len;
    char *good = slurp(vec_path("xargs/server.crt"), &len);
    ck_assert_int_eq(parse_chain_text(good), TLS13_OK);
    char *t = malloc(len + 64);
    ck_assert_ptr_nonnull(t);

    /* CRLF line ends and explanatory text outside the block are fine. */
    size_t o = 0;
    o += (size_t)sprintf(t, "Subject: example\r\n");
    for (size_t i = 0; i < len; i++) {
        if (good[i] == '\n')
            t[o++] = '\r';
        t[o++] = good[i];
    }
    t[o] = '\0';
    ck_assert_int_eq(parse_chain_text(t), TLS13_OK);

    const char *body = strchr(good, '\n') + 1;
    size_t at = (size_t)(body - good) + 10;
    static const char bad_chars[] = { ' ', '\t', '!', '-', '_', '.', '\0', '\x80' };
    for (size_t i = 0; i < sizeof bad_chars; i++) {
        memcpy(t, good, len + 1);
        t[at] = bad_chars[i];
        x509_chain chain;
        char *copy = (char *)copy_of((const uint8_t *)t, len);
        ck_assert_int_eq(x509_parse_chain_pem(copy, len, &chain), TLS13_ERR_PEM);
        free(copy);
    }
    /* A blank line inside the block. */
    memcpy(t, good, (size_t)(body - good));
    t[body - good] = '\n';
    strcpy(t + (body - good) + 1, body);
    ck_assert_int_eq(parse_chain_text(t), TLS13_ERR_PEM);
    /* END label differs, END missing, BEGIN line malformed. */
    memcpy(t, good, len + 1);
    char *end = strstr(t, "-----END CERTIFICATE");
    ck_assert_ptr_nonnull(end);
    memcpy(end + 9, "CERTIFICATF", 11);
    ck_assert_int_eq(parse_chain_text(t), TLS13_ERR_PEM);
    memcpy(t, good, len + 1);
    *strstr(t, "-----END CERTIFICATE") = '\0';
    ck_assert_int_eq(parse_chain_text(t), TLS13_ERR_PEM);
    ck_assert_int_eq(parse_chain_text("-----BEGIN CERTIFICATE----\nAAAA\n"
                                      "-----END CERTIFICATE-----\n"), TLS13_ERR_PEM);
    ck_assert_int_eq(parse_chain_text("-----BEGIN certificate-----\nAAAA\n"
                                      "-----END certificate-----\n"), TLS13_ERR_PEM);
    /* An empty block, and no block at all. */
    ck_assert_int_eq(parse_chain_text("-----BEGIN CERTIFICATE-----\n"
                                      "-----END CERTIFICATE-----\n"), TLS13_ERR_PEM);
    ck_assert_int_eq(parse_chain_text("just text\n"), TLS13_ERR_PEM);
    ck_assert_int_eq(parse_chain_text(""), TLS13_ERR_PEM);
    /* Well-formed armor around something that is not a certificate. */
    ck_assert_int_eq(parse_chain_text("-----BEGIN CERTIFICATE-----\nMAA=\n"
                                      "-----END CERTIFICATE-----\n"),
                     TLS13_ERR_BAD_CERTIFICATE);
    free(t);
    free(good);
}
END_TEST

START_TEST(pem_encode_round_trips)
{
    size_t der_len;
    uint8_t *der = xargs_cert_der(&der_len);
    char *pem;
    size_t pem_len;
    ck_assert_int_eq(x509_pem_encode("CERTIFICATE", der, der_len, &pem, &pem_len), TLS13_OK);
    ck_assert_uint_eq(strlen(pem), pem_len);
    size_t file_len;
    char *file = slurp(vec_path("xargs/server.crt"), &file_len);
    ck_assert_uint_eq(pem_len, file_len);           /* openssl wraps at 64 too */
    ck_assert_mem_eq(pem, file, file_len);
    x509_chain chain;
    ck_assert_int_eq(x509_parse_chain_pem(pem, pem_len, &chain), TLS13_OK);
    ck_assert_uint_eq(chain.certs[0].len, der_len);
    ck_assert_mem_eq(chain.certs[0].data, der, der_len);
    x509_chain_free(&chain);
    ck_assert_int_eq(x509_pem_encode("bad label", der, der_len, &pem, &pem_len),
                     TLS13_ERR_INVALID_ARGUMENT);
    free(pem);
    free(file);
    free(der);
}
END_TEST

/* Several certificates in a file, other blocks skipped, X509_MAX_CHAIN. */
START_TEST(pem_chains)
{
    size_t len;
    char *one = slurp(vec_path("xargs/server.crt"), &len);
    size_t key_len;
    char *key = slurp(vec_path("xargs/server.key"), &key_len);
    char *text = malloc((X509_MAX_CHAIN + 1) * len + key_len + 1);
    ck_assert_ptr_nonnull(text);
    memcpy(text, one, len);
    memcpy(text + len, key, key_len);
    memcpy(text + len + key_len, one, len);
    x509_chain chain;
    ck_assert_int_eq(x509_parse_chain_pem(text, 2 * len + key_len, &chain), TLS13_OK);
    ck_assert_uint_eq(chain.count, 2);
    x509_chain_free(&chain);
    for (size_t i = 0; i <= X509_MAX_CHAIN; i++)
        memcpy(text + i * len, one, len);
    ck_assert_int_eq(x509_parse_chain_pem(text, X509_MAX_CHAIN * len, &chain), TLS13_OK);
    ck_assert_uint_eq(chain.count, X509_MAX_CHAIN);
    x509_chain_free(&chain);
    ck_assert_int_eq(x509_parse_chain_pem(text, (X509_MAX_CHAIN + 1) * len, &chain),
                     TLS13_ERR_PEM);
    ck_assert_int_eq(x509_parse_chain_pem(key, key_len, &chain), TLS13_ERR_PEM);
    ck_assert_int_eq(x509_load_chain_pem("/nonexistent/cert.pem", &chain),
                     TLS13_ERR_FILE_READ);
    free(text);
    free(one);
    free(key);
}
END_TEST

/* ---- certificates -------------------------------------------------------- */

START_TEST(xargs_certificate_parses)
{
    vec_file tv;
    ck_assert_int_eq(vec_load(&tv, "xargs/handshake.txt"), 0);
    size_t der_len, trace_len;
    uint8_t *der = xargs_cert_der(&der_len);
    const uint8_t *trace = vec_get(&tv, "server_certificate_der", &trace_len);
    ck_assert_uint_eq(der_len, trace_len);
    ck_assert_mem_eq(der, trace, der_len);

    x509_certificate_view view;
    ck_assert_int_eq(x509_certificate_parse(der, der_len, &view), TLS13_OK);
    ck_assert_uint_eq(view.version, 2);
    ck_assert_uint_eq(view.signature_scheme, SIG_RSA_PKCS1_SHA256);
    ck_assert_uint_eq(view.signature_len, 256);
    ck_assert_ptr_eq(view.tbs, der + 4);
    sig_public_key pub;
    ck_assert_int_eq(x509_certificate_public_key(der, der_len, &pub), TLS13_OK);
    ck_assert_int_eq(pub.type, SIG_KEY_RSA);
    ck_assert_uint_eq(pub.rsa_n.len, 256);
    ck_assert_uint_eq(pub.rsa_e.len, 3);

    /* The key file holds the same modulus. */
    sig_private_key key;
    ck_assert_int_eq(x509_load_private_key_pem(vec_path("xargs/server.key"), &key), TLS13_OK);
    ck_assert_mem_eq(key.pub.rsa_n.bytes, pub.rsa_n.bytes, 256);
    sig_private_key_wipe(&key);

    /* SHA-256 fingerprint, as `openssl x509 -fingerprint -sha256` prints it. */
    static const char expect[] =
        "c66414aaf6eb0445ccbf2769c0f5ed68dd8940563bf4ebb4b59cdc14d7d71e91";
    uint8_t fp[32];
    char hex[65];
    x509_fingerprint_sha256(der, der_len, fp);
    hex_encode(fp, 32, hex);
    ck_assert_str_eq(hex, expect);
    free(der);
    vec_free(&tv);
}
END_TEST

/* RFC 8448's server certificate is self-signed with sha256WithRSAEncryption:
 * its own key checks its PKCS#1 v1.5 signature. */
START_TEST(rfc8448_certificate_signature_checks_with_its_own_key)
{
    vec_file tv;
    ck_assert_int_eq(vec_load(&tv, "rfc8448/simple_1rtt.txt"), 0);
    size_t msg_len;
    const uint8_t *msg = vec_get(&tv, "server_certificate", &msg_len);
    /* 0b | len(3) | context len 00 | list len(3) | cert len(3) | cert */
    size_t cert_len = (size_t)msg[8] << 16 | (size_t)msg[9] << 8 | msg[10];
    uint8_t *cert = copy_of(msg + 11, cert_len);
    x509_certificate_view view;
    ck_assert_int_eq(x509_certificate_parse(cert, cert_len, &view), TLS13_OK);
    sig_public_key pub;
    ck_assert_int_eq(x509_parse_public_key_der(view.spki, view.spki_len, &pub), TLS13_OK);
    ck_assert_uint_eq(view.signature_scheme, SIG_RSA_PKCS1_SHA256);
    ck_assert_int_eq(x509_certificate_check_signature(&view, &pub), TLS13_OK);
    cert[view.tbs_len / 2 + 4] ^= 0x01;          /* inside tbsCertificate */
    ck_assert_int_eq(x509_certificate_parse(cert, cert_len, &view), TLS13_OK);
    ck_assert_int_eq(x509_certificate_check_signature(&view, &pub), TLS13_ERR_BAD_SIGNATURE);
    free(cert);
    vec_free(&tv);
}
END_TEST

/* Structural rules: trailing bytes, outer/inner algorithm mismatch,
 * re-encoded lengths. */
START_TEST(certificate_structure_is_strict)
{
    size_t len;
    uint8_t *der = xargs_cert_der(&len);
    x509_certificate_view view;
    sig_public_key pub;

    uint8_t *t = malloc(len + 2);
    ck_assert_ptr_nonnull(t);
    memcpy(t, der, len);
    t[len] = 0x00;
    ck_assert_int_eq(x509_certificate_parse(t, len + 1, &view), TLS13_ERR_BAD_CERTIFICATE);
    ck_assert_int_eq(x509_certificate_public_key(t, len + 1, &pub),
                     TLS13_ERR_BAD_CERTIFICATE);
    /* The outer length in a longer form than needed: 30 82 xx xx -> 30 83 00 xx xx. */
    ck_assert_int_eq(der[0], 0x30);
    ck_assert_int_eq(der[1], 0x82);
    t[0] = 0x30;
    t[1] = 0x83;
    t[2] = 0x00;
    memcpy(t + 3, der + 2, len - 2);
    ck_assert_int_eq(x509_certificate_parse(t, len + 1, &view), TLS13_ERR_BAD_CERTIFICATE);
    /* Indefinite outer length with end-of-contents. */
    t[0] = 0x30;
    t[1] = 0x80;
    memcpy(t + 2, der + 4, len - 4);
    t[len - 2] = 0x00;
    t[len - 1] = 0x00;
    ck_assert_int_eq(x509_certificate_parse(t, len, &view), TLS13_ERR_BAD_CERTIFICATE);
    free(t);

    /* The outer signatureAlgorithm must equal the inner one (RFC 5280
     * §4.1.1.2): change sha256WithRSA (…01 01 0b) to sha384 in the outer only. */
    ck_assert_int_eq(x509_certificate_parse(der, len, &view), TLS13_OK);
    size_t last = 4 + view.tbs_len + 12;   /* header, tbs, 30 0d 06 09, 9th OID byte */
    ck_assert_int_eq(der[last], 0x0b);
    uint8_t *m = copy_of(der, len);
    m[last] = 0x0c;
    ck_assert_int_eq(x509_certificate_parse(m, len, &view), TLS13_ERR_BAD_CERTIFICATE);
    free(m);
    free(der);
}
END_TEST

/* Every truncation, and each single-byte corruption (every position, ten
 * values), of the certificate DER fails cleanly or parses; never crashes or
 * reads past the end (heap copies of exact length, for ASan/valgrind). */
START_TEST(certificate_truncations_and_corruptions_fail_cleanly)
{
    size_t len;
    uint8_t *der = xargs_cert_der(&len);
    sig_public_key pub;
    x509_certificate_view view;
    for (size_t n = 0; n < len; n++) {
        uint8_t *t = copy_of(der, n);
        ck_assert_int_eq(x509_certificate_parse(t, n, &view), TLS13_ERR_BAD_CERTIFICATE);
        ck_assert_int_ne(x509_certificate_public_key(t, n, &pub), TLS13_OK);
        free(t);
    }
    static const uint8_t values[] = { 0x00, 0xff, 0x80, 0x7f };
    size_t parsed = 0;
    for (size_t i = 0; i < len; i++) {
        for (size_t v = 0; v < 4 + 8; v++) {
            uint8_t *t = copy_of(der, len);
            t[i] = (uint8_t)(v < 4 ? values[v] : t[i] ^ (1u << (v - 4)));
            if (t[i] == der[i]) {
                free(t);
                continue;
            }
            tls13_error err = x509_certificate_public_key(t, len, &pub);
            ck_assert(err == TLS13_OK || err == TLS13_ERR_BAD_CERTIFICATE ||
                      err == TLS13_ERR_UNSUPPORTED_KEY);
            if (err == TLS13_OK) {
                parsed++;
                ck_assert_int_eq(pub.type, SIG_KEY_RSA);
            }
            free(t);
        }
    }
    /* Corrupting content bytes (names, the signature) still parses. */
    ck_assert_uint_gt(parsed, 0);
    free(der);
}
END_TEST

START_TEST(public_key_info_variants)
{
    /* Ed25519 (RFC 8410 §10.1 example). */
    static const uint8_t ed[] = {
        0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
        0x19, 0xbf, 0x44, 0x09, 0x69, 0x84, 0xcd, 0xfe, 0x85, 0x41, 0xba, 0xc1,
        0x67, 0xdc, 0x3b, 0x96, 0xc8, 0x50, 0x86, 0xaa, 0x30, 0xb6, 0xb6, 0xcb,
        0x0c, 0x5c, 0x38, 0xad, 0x70, 0x31, 0x66, 0xe1 };
    sig_public_key pub;
    uint8_t *t = copy_of(ed, sizeof ed);
    ck_assert_int_eq(x509_parse_public_key_der(t, sizeof ed, &pub), TLS13_OK);
    ck_assert_int_eq(pub.type, SIG_KEY_ED25519);
    ck_assert_mem_eq(pub.ed25519, ed + 12, 32);
    /* Parameters present (05 00) are refused for Ed25519. */
    uint8_t with_params[sizeof ed + 2];
    memcpy(with_params, ed, sizeof ed);
    with_params[1] = 0x2c;
    with_params[3] = 0x07;
    memmove(with_params + 11, ed + 9, sizeof ed - 9);
    with_params[9] = 0x05;
    with_params[10] = 0x00;
    ck_assert_int_eq(x509_parse_public_key_der(with_params, sizeof with_params, &pub),
                     TLS13_ERR_BAD_CERTIFICATE);
    /* X25519 (1.3.101.110) is not a signature key. */
    t[8] = 0x6e;
    ck_assert_int_eq(x509_parse_public_key_der(t, sizeof ed, &pub), TLS13_ERR_UNSUPPORTED_KEY);
    free(t);
}
END_TEST

/* ---- private keys -------------------------------------------------------- */

START_TEST(xargs_pkcs1_key_loads_and_matches_openssl_pkcs8)
{
    sig_private_key pkcs1;
    ck_assert_int_eq(x509_load_private_key_pem(vec_path("xargs/server.key"), &pkcs1), TLS13_OK);
    ck_assert_int_eq(pkcs1.type, SIG_KEY_RSA);
    ck_assert_int_eq(sig_rsa_check(&pkcs1), TLS13_OK);
    if (!have_openssl()) {
        fprintf(stderr, "pkcs8 conversion: openssl not found, skipped\n");
        sig_private_key_wipe(&pkcs1);
        return;
    }
    char dir[64], path[128];
    make_tmpdir(dir);
    ck_assert_int_eq(run("openssl pkcs8 -topk8 -nocrypt -in '%s' -out '%s/k8.pem' 2>/dev/null",
                         vec_path("xargs/server.key"), dir), 0);
    snprintf(path, sizeof path, "%s/k8.pem", dir);
    sig_private_key pkcs8;
    ck_assert_int_eq(x509_load_private_key_pem(path, &pkcs8), TLS13_OK);
    ck_assert_int_eq(memcmp(&pkcs1, &pkcs8, sizeof pkcs1), 0);
    /* An encrypted PKCS#8 key is refused (not supported). */
    ck_assert_int_eq(run("openssl pkcs8 -topk8 -passout pass:x -in '%s' -out '%s/enc.pem' "
                         "2>/dev/null", vec_path("xargs/server.key"), dir), 0);
    snprintf(path, sizeof path, "%s/enc.pem", dir);
    ck_assert_int_eq(x509_load_private_key_pem(path, &pkcs8), TLS13_ERR_BAD_KEY_FILE);
    run("rm -rf '%s'", dir);
    sig_private_key_wipe(&pkcs1);
    sig_private_key_wipe(&pkcs8);
}
END_TEST

/* RFC 8410 §10.3 example: an Ed25519 PKCS#8 key; with a matching publicKey
 * [1] (version 1) it loads, with a wrong one it is refused. */
START_TEST(ed25519_pkcs8_key_loads)
{
    static const char pem[] =
        "-----BEGIN PRIVATE KEY-----\n"
        "MC4CAQAwBQYDK2VwBCIEINTuctv5E1hK1bbY8fdp+K06/nwoy/HU++CXqI9EdVhC\n"
        "-----END PRIVATE KEY-----\n";
    sig_private_key key;
    char *copy = (char *)copy_of((const uint8_t *)pem, sizeof pem - 1);
    ck_assert_int_eq(x509_parse_private_key_pem(copy, sizeof pem - 1, &key), TLS13_OK);
    free(copy);
    ck_assert_int_eq(key.type, SIG_KEY_ED25519);
    static const uint8_t seed[8] = { 0xd4, 0xee, 0x72, 0xdb, 0xf9, 0x13, 0x58, 0x4a };
    ck_assert_mem_eq(key.ed25519_seed, seed, 8);

    /* The same key as OneAsymmetricKey v2 with its public key. */
    uint8_t der[128];
    wire_writer w;
    size_t m, alg, os, inner, pk, len;
    wire_writer_init(&w, der, sizeof der);
    static const uint8_t v1 = 1, ed_oid[] = { 0x2b, 0x65, 0x70 };
    ck_assert(der_begin(&w, DER_SEQUENCE, &m) && der_write_unsigned(&w, &v1, 1) &&
              der_begin(&w, DER_SEQUENCE, &alg) && der_write(&w, DER_OID, ed_oid, 3) &&
              der_end(&w, alg) && der_begin(&w, DER_OCTET_STRING, &os) &&
              der_begin(&w, DER_OCTET_STRING, &inner) &&
              wire_write_bytes(&w, key.ed25519_seed, 32) && der_end(&w, inner) &&
              der_end(&w, os) && der_begin(&w, DER_CONTEXT_PRIMITIVE_1, &pk) &&
              wire_write_u8(&w, 0) && wire_write_bytes(&w, key.pub.ed25519, 32) &&
              der_end(&w, pk) && der_end(&w, m) && wire_writer_finish(&w, &len));
    sig_private_key again;
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &again), TLS13_OK);
    ck_assert_mem_eq(again.pub.ed25519, key.pub.ed25519, 32);
    der[len - 1] ^= 0x01;                            /* wrong public key */
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &again), TLS13_ERR_BAD_KEY_FILE);
    der[len - 1] ^= 0x01;
    der[4] = 0x00;                                   /* version 0 may not carry [1] */
    ck_assert_int_eq(x509_parse_private_key_der(der, len, &again), TLS13_ERR_BAD_KEY_FILE);
    /* A PKCS#8 body under the PKCS#1 label is refused. */
    char *pem8;
    size_t pem8_len;
    der[4] = 0x01;
    ck_assert_int_eq(x509_pem_encode("RSA PRIVATE KEY", der, len, &pem8, &pem8_len), TLS13_OK);
    ck_assert_int_eq(x509_parse_private_key_pem(pem8, pem8_len, &again),
                     TLS13_ERR_BAD_KEY_FILE);
    free(pem8);
    ck_assert_int_eq(x509_parse_private_key_pem("no key here\n", 12, &again), TLS13_ERR_PEM);
    ck_assert_int_eq(x509_load_private_key_pem("/nonexistent/key.pem", &again),
                     TLS13_ERR_FILE_READ);
    sig_private_key_wipe(&key);
    sig_private_key_wipe(&again);
}
END_TEST

/* Every truncation and each single-byte corruption of the xargs key DER
 * fails cleanly (BAD_KEY_FILE) or, where the byte is not checked by
 * anything, still yields a consistent key; never a crash or over-read.
 * The same for the PEM text. */
START_TEST(key_truncations_and_corruptions_fail_cleanly)
{
    size_t len;
    uint8_t *der = xargs_key_der(&len);
    sig_private_key key;
    for (size_t n = 0; n < len; n++) {
        uint8_t *t = copy_of(der, n);
        ck_assert_int_eq(x509_parse_private_key_der(t, n, &key), TLS13_ERR_BAD_KEY_FILE);
        free(t);
    }
    for (size_t i = 0; i < len; i++) {
        for (size_t v = 0; v < 3; v++) {
            uint8_t *t = copy_of(der, len);
            t[i] = (uint8_t)(v == 0 ? 0x00 : v == 1 ? t[i] ^ 0xff : t[i] ^ 0x01);
            if (t[i] == der[i]) {
                free(t);
                continue;
            }
            tls13_error err = x509_parse_private_key_der(t, len, &key);
            /* Every byte of an RSA key is checked by DER or by RFC 8017 §3.2. */
            ck_assert_msg(err == TLS13_ERR_BAD_KEY_FILE, "byte %zu value %d accepted", i,
                          (int)v);
            free(t);
        }
    }
    free(der);

    size_t text_len;
    char *text = slurp(vec_path("xargs/server.key"), &text_len);
    for (size_t n = 0; n < text_len; n += 7) {
        char *t = (char *)copy_of((const uint8_t *)text, n);
        ck_assert_int_ne(x509_parse_private_key_pem(t, n, &key), TLS13_OK);
        free(t);
    }
    for (size_t i = 0; i < text_len; i++) {
        char *t = (char *)copy_of((const uint8_t *)text, text_len);
        t[i] = t[i] == 'A' ? 'B' : 'A';
        tls13_error err = x509_parse_private_key_pem(t, text_len, &key);
        ck_assert(err == TLS13_ERR_PEM || err == TLS13_ERR_BAD_KEY_FILE || err == TLS13_OK);
        if (err == TLS13_OK)                /* e.g. a changed final pad-free char */
            ck_assert_int_eq(sig_rsa_check(&key), TLS13_OK);
        sig_private_key_wipe(&key);
        free(t);
    }
    free(text);
}
END_TEST

/* ---- the self-signed certificate ----------------------------------------- */

static void check_self_signed(int64_t not_before, int days, const char *name)
{
    sig_private_key key;
    ck_assert_int_eq(sig_ed25519_generate(&key, NULL), TLS13_OK);
    x509_der cert;
    ck_assert_int_eq(x509_make_self_signed(&key, name, not_before, days, &cert), TLS13_OK);

    x509_certificate_view view;
    ck_assert_int_eq(x509_certificate_parse(cert.data, cert.len, &view), TLS13_OK);
    ck_assert_uint_eq(view.version, 2);
    ck_assert_uint_eq(view.signature_scheme, SIG_ED25519);
    sig_public_key pub;
    ck_assert_int_eq(x509_certificate_public_key(cert.data, cert.len, &pub), TLS13_OK);
    ck_assert_int_eq(pub.type, SIG_KEY_ED25519);
    ck_assert_mem_eq(pub.ed25519, key.pub.ed25519, 32);
    ck_assert_int_eq(x509_certificate_check_signature(&view, &pub), TLS13_OK);
    ck_assert_int_eq(sig_verify(&pub, SIG_ED25519, view.tbs, view.tbs_len, view.signature,
                                view.signature_len), TLS13_OK);
    ck_assert(contains(cert.data, cert.len, name));

    if (have_openssl()) {
        char dir[64], *pem;
        size_t pem_len;
        make_tmpdir(dir);
        ck_assert_int_eq(x509_pem_encode("CERTIFICATE", cert.data, cert.len, &pem, &pem_len),
                         TLS13_OK);
        write_text(dir, "c.pem", pem, pem_len);
        ck_assert_int_eq(run("openssl x509 -in '%s/c.pem' -noout -text > '%s/c.txt' 2>&1",
                             dir, dir), 0);
        ck_assert_int_eq(run("grep -q 'DNS:%s' '%s/c.txt' && grep -q 'CA:FALSE' '%s/c.txt' && "
                             "grep -q 'Digital Signature' '%s/c.txt' && "
                             "grep -q 'ED25519' '%s/c.txt'", name, dir, dir, dir, dir), 0);
        /* openssl checks the self-signature too (-check_ss_sig); with
         * -partial_chain the leaf is its own trust anchor whatever its
         * basicConstraints say. */
        ck_assert_int_eq(run("openssl verify -partial_chain -check_ss_sig -attime %lld "
                             "-CAfile '%s/c.pem' '%s/c.pem' >/dev/null 2>&1",
                             (long long)not_before + 60, dir, dir), 0);
        /* ... and refuses it once the signature is damaged. */
        free(pem);
        cert.data[cert.len - 1] ^= 0x01;
        ck_assert_int_eq(x509_pem_encode("CERTIFICATE", cert.data, cert.len, &pem, &pem_len),
                         TLS13_OK);
        write_text(dir, "bad.pem", pem, pem_len);
        ck_assert_int_ne(run("openssl verify -partial_chain -check_ss_sig -attime %lld "
                             "-CAfile '%s/bad.pem' '%s/bad.pem' >/dev/null 2>&1",
                             (long long)not_before + 60, dir, dir), 0);
        ck_assert_int_eq(x509_certificate_parse(cert.data, cert.len, &view), TLS13_OK);
        ck_assert_int_eq(x509_certificate_check_signature(&view, &pub),
                         TLS13_ERR_BAD_SIGNATURE);
        run("rm -rf '%s'", dir);
        free(pem);
    }
    x509_der_free(&cert);
    sig_private_key_wipe(&key);
}

START_TEST(self_signed_certificate_parses_and_openssl_accepts_it)
{
    check_self_signed(1767225600, 30, "localhost");         /* 2026-01-01, UTCTime */
    check_self_signed(2524608000, 365, "tls13.example");     /* 2050-01-01, GeneralizedTime */
    check_self_signed(2493072000, 400, "a.b-c.example");     /* 2049 -> 2050, both kinds */
    if (!have_openssl())
        fprintf(stderr, "self-signed: openssl not found, openssl checks skipped\n");
}
END_TEST

START_TEST(self_signed_refuses_bad_arguments)
{
    sig_private_key ed, rsa;
    x509_der cert;
    ck_assert_int_eq(sig_ed25519_generate(&ed, NULL), TLS13_OK);
    ck_assert_int_eq(x509_load_private_key_pem(vec_path("xargs/server.key"), &rsa), TLS13_OK);
    ck_assert_int_eq(x509_make_self_signed(&rsa, "localhost", 0, 1, &cert),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(x509_make_self_signed(&ed, "", 0, 1, &cert), TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(x509_make_self_signed(&ed, "bad name", 0, 1, &cert),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(x509_make_self_signed(&ed, "localhost", 0, 0, &cert),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(x509_make_self_signed(&ed, "localhost", -1, 1, &cert),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(x509_make_self_signed(&ed, "localhost", 253402300000LL, 1, &cert),
                     TLS13_ERR_INVALID_ARGUMENT);           /* past year 9999 */
    char long_name[80];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    ck_assert_int_eq(x509_make_self_signed(&ed, long_name, 0, 1, &cert),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(cert.data);
    sig_private_key_wipe(&ed);
    sig_private_key_wipe(&rsa);
}
END_TEST

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    Suite *s = suite_create("x509");
    TCase *der = tcase_create("der");
    tcase_add_test(der, der_lengths_must_be_definite_and_minimal);
    tcase_add_test(der, der_integers_are_minimal_and_non_negative);
    tcase_add_test(der, der_bit_strings_and_nulls);
    tcase_add_test(der, der_writer_uses_minimal_lengths);
    suite_add_tcase(s, der);

    TCase *pem = tcase_create("pem");
    tcase_add_test(pem, base64_round_trips_and_is_strict);
    tcase_add_test(pem, pem_armor_is_strict);
    tcase_add_test(pem, pem_encode_round_trips);
    tcase_add_test(pem, pem_chains);
    suite_add_tcase(s, pem);

    TCase *cert = tcase_create("certificates");
    tcase_set_timeout(cert, 600);
    tcase_add_test(cert, xargs_certificate_parses);
    tcase_add_test(cert, rfc8448_certificate_signature_checks_with_its_own_key);
    tcase_add_test(cert, certificate_structure_is_strict);
    tcase_add_test(cert, certificate_truncations_and_corruptions_fail_cleanly);
    tcase_add_test(cert, public_key_info_variants);
    suite_add_tcase(s, cert);

    TCase *keys = tcase_create("keys");
    tcase_set_timeout(keys, 600);
    tcase_add_test(keys, xargs_pkcs1_key_loads_and_matches_openssl_pkcs8);
    tcase_add_test(keys, ed25519_pkcs8_key_loads);
    tcase_add_test(keys, key_truncations_and_corruptions_fail_cleanly);
    suite_add_tcase(s, keys);

    TCase *self = tcase_create("self-signed");
    tcase_set_timeout(self, 300);
    tcase_add_test(self, self_signed_certificate_parses_and_openssl_accepts_it);
    tcase_add_test(self, self_signed_refuses_bad_arguments);
    suite_add_tcase(s, self);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
