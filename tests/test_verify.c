/*
 * test_verify.c — src/x509 path validation (RFC 5280 §6.1) and host names
 * (RFC 6125 §6.4):
 *
 *   parse     x509_cert_parse on the xargs certificate, on certificates
 *             built here byte by byte (each extension rule of §4.2, names,
 *             serials, the §4.1.2.5 time forms), and robustness: every
 *             truncation and single-byte corruption of real certificates
 *             fails cleanly (heap copies of exact length, for ASan/valgrind)
 *   hosts     x509_cert_matches_host, table-driven, on hand-built
 *             subjectAltNames
 *   chains    x509_verify_chain on a test PKI that `openssl` makes once in
 *             a temporary directory (skipped when openssl is missing):
 *             good chains in any order, with extras, cross-signed; and each
 *             failure with its own error and sentence
 *   store     x509_store: PEM bundles, duplicates, the system bundle
 */
#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "crypto/secure.h"
#include "crypto/sig.h"
#include "testutil.h"
#include "vecfile.h"
#include "x509/der.h"
#include "x509/nameconstraints.h"
#include "x509/verify.h"
#include "x509/x509.h"

#define SYSTEM_BUNDLE "/etc/ssl/certs/ca-certificates.crt"
#define DAY 86400

/* ---- helpers ------------------------------------------------------------- */

static uint8_t *copy_of(const uint8_t *p, size_t len)
{
    uint8_t *c = malloc(len > 0 ? len : 1);
    ck_assert_ptr_nonnull(c);
    if (len > 0)
        memcpy(c, p, len);
    return c;
}

/* ---- a DER builder for certificates with chosen fields --------------------- */

/* Only x509_cert_parse reads these: the signature is 64 zero bytes. */
typedef struct cert_spec {
    bool v1;
    const char *serial_hex;          /* INTEGER contents */
    const char *issuer_hex;          /* whole Name */
    const char *subject_hex;
    uint8_t not_before_tag, not_after_tag;
    const char *not_before, *not_after;
    const char *key_oid_hex;         /* SPKI algorithm (no parameters) */
    const char *extensions_hex;      /* Extension elements; NULL: no [3] */
} cert_spec;

/* CN=Test and CN=Hello as Names. */
#define NAME_TEST "300f310d300b06035504030c0454657374"
#define NAME_HELLO "3010310e300c06035504030c0548656c6c6f"

static cert_spec default_spec(void)
{
    cert_spec s = { false, "01", NAME_TEST, NAME_HELLO, DER_UTC_TIME, DER_UTC_TIME,
                    "250101000000Z", "350101000000Z", "2b6570", NULL };
    return s;
}

static uint8_t ed25519_point[32];

static void write_hex(wire_writer *w, const char *hex)
{
    size_t len;
    uint8_t *b = hex_decode(hex, &len);
    ck_assert_msg(b != NULL, "bad hex %s", hex);
    ck_assert(wire_write_bytes(w, b, len));
    free(b);
}

static void write_element_hex(wire_writer *w, uint8_t tag, const char *hex)
{
    size_t mark;
    ck_assert(der_begin(w, tag, &mark));
    write_hex(w, hex);
    ck_assert(der_end(w, mark));
}

static void write_ed25519_alg(wire_writer *w)
{
    size_t mark;
    ck_assert(der_begin(w, DER_SEQUENCE, &mark));
    write_element_hex(w, DER_OID, "2b6570");
    ck_assert(der_end(w, mark));
}

static void write_tbs(wire_writer *w, const cert_spec *s)
{
    size_t tbs, m, m2;
    ck_assert(der_begin(w, DER_SEQUENCE, &tbs));
    if (!s->v1)
        write_element_hex(w, DER_CONTEXT_0, "020102");
    write_element_hex(w, DER_INTEGER, s->serial_hex);
    write_ed25519_alg(w);
    write_hex(w, s->issuer_hex);
    ck_assert(der_begin(w, DER_SEQUENCE, &m));
    ck_assert(der_write(w, s->not_before_tag, (const uint8_t *)s->not_before,
                        strlen(s->not_before)));
    ck_assert(der_write(w, s->not_after_tag, (const uint8_t *)s->not_after,
                        strlen(s->not_after)));
    ck_assert(der_end(w, m));
    write_hex(w, s->subject_hex);
    ck_assert(der_begin(w, DER_SEQUENCE, &m));
    ck_assert(der_begin(w, DER_SEQUENCE, &m2));
    write_element_hex(w, DER_OID, s->key_oid_hex);
    ck_assert(der_end(w, m2));
    ck_assert(der_begin(w, DER_BIT_STRING, &m2));
    ck_assert(wire_write_u8(w, 0));
    ck_assert(wire_write_bytes(w, ed25519_point, 32));
    ck_assert(der_end(w, m2));
    ck_assert(der_end(w, m));
    if (s->extensions_hex != NULL && !s->v1) {
        ck_assert(der_begin(w, DER_CONTEXT_3, &m));
        write_element_hex(w, DER_SEQUENCE, s->extensions_hex);
        ck_assert(der_end(w, m));
    }
    ck_assert(der_end(w, tbs));
}

/* A heap copy of exactly the certificate's length. */
static uint8_t *build_cert(const cert_spec *s, size_t *len)
{
    uint8_t buf[8192];
    wire_writer w;
    size_t cert, sig;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(der_begin(&w, DER_SEQUENCE, &cert));
    write_tbs(&w, s);
    write_ed25519_alg(&w);
    ck_assert(der_begin(&w, DER_BIT_STRING, &sig));
    static const uint8_t zeros[65];
    ck_assert(wire_write_bytes(&w, zeros, sizeof zeros));
    ck_assert(der_end(&w, sig));
    ck_assert(der_end(&w, cert));
    ck_assert(wire_writer_finish(&w, len));
    return copy_of(buf, *len);
}

static tls13_error parse_spec(const cert_spec *s, x509_cert *cert, uint8_t **der)
{
    size_t len;
    *der = build_cert(s, &len);
    return x509_cert_parse(*der, len, cert);
}

/* Parses a default certificate carrying these extensions. */
static tls13_error parse_with_extensions(const char *extensions_hex, x509_cert *cert,
                                         uint8_t **der)
{
    cert_spec s = default_spec();
    s.extensions_hex = extensions_hex;
    return parse_spec(&s, cert, der);
}

/* ---- parse: the xargs certificate ---------------------------------------- */

static uint8_t *xargs_cert_der(size_t *len)
{
    x509_chain chain;
    ck_assert_int_eq(x509_load_chain_pem(vec_path("xargs/server.crt"), &chain), TLS13_OK);
    uint8_t *der = copy_of(chain.certs[0].data, chain.certs[0].len);
    *len = chain.certs[0].len;
    x509_chain_free(&chain);
    return der;
}

static bool bytes_are(x509_bytes b, const char *text)
{
    return b.len == strlen(text) && memcmp(b.data, text, b.len) == 0;
}

START_TEST(xargs_certificate_fields)
{
    size_t len;
    uint8_t *der = xargs_cert_der(&len);
    x509_cert c;
    ck_assert_int_eq(x509_cert_parse(der, len, &c), TLS13_OK);
    ck_assert_uint_eq(c.view.version, 2);
    ck_assert_uint_eq(c.view.signature_scheme, SIG_RSA_PKCS1_SHA256);
    static const uint8_t serial[] = { 0x15, 0x5a, 0x92, 0xad, 0xc2, 0x04, 0x8f, 0x90 };
    ck_assert_uint_eq(c.serial.len, sizeof serial);
    ck_assert_mem_eq(c.serial.data, serial, sizeof serial);
    ck_assert(bytes_are(c.subject_cn, "example.ulfheim.net"));
    ck_assert_ptr_null(c.issuer_cn.data);          /* C=US, O=Example CA */
    ck_assert_int_eq(c.not_before, 1538703497);    /* 2018-10-05 01:38:17 UTC */
    ck_assert_int_eq(c.not_after, 1570239497);     /* 2019-10-05 01:38:17 UTC */
    ck_assert_int_eq(c.key.type, SIG_KEY_RSA);
    ck_assert(!c.has_basic_constraints);
    ck_assert(!c.is_ca);
    ck_assert_int_eq(c.path_len, -1);
    ck_assert(c.has_key_usage);
    ck_assert_uint_eq(c.key_usage, X509_KU_DIGITAL_SIGNATURE | X509_KU_KEY_ENCIPHERMENT);
    ck_assert(c.has_ext_key_usage && c.eku_server_auth && c.eku_client_auth && !c.eku_any);
    ck_assert_uint_eq(c.authority_key_id.len, 20);
    ck_assert_uint_eq(c.authority_key_id.data[0], 0x89);
    ck_assert_uint_eq(c.subject_key_id.len, 0);
    /* No subjectAltName: no host matches, not even the CN (RFC 6125 §6.4.4). */
    ck_assert(!c.has_subject_alt_name);
    ck_assert(!x509_cert_matches_host(&c, "example.ulfheim.net"));
    char date[11];
    x509_time_format_date(c.not_after, date);
    ck_assert_str_eq(date, "2019-10-05");
    free(der);
}
END_TEST

/* ---- parse: times ---------------------------------------------------------- */

static const struct {
    uint8_t tag;
    const char *text;
    bool ok;
    int64_t value;
} time_cases[] = {
    { DER_UTC_TIME, "500101000000Z", true, -631152000 },          /* 1950 */
    { DER_UTC_TIME, "491231235959Z", true, 2524607999 },          /* 2049 */
    { DER_UTC_TIME, "700101000000Z", true, 0 },
    { DER_UTC_TIME, "000229120000Z", true, 951825600 },           /* 2000 is leap */
    { DER_UTC_TIME, "210101000000Z", true, 1609459200 },
    { DER_GENERALIZED_TIME, "20510101000000Z", true, 2556144000 },
    { DER_GENERALIZED_TIME, "99991231235959Z", true, 253402300799 },
    { DER_GENERALIZED_TIME, "20200101000000Z", true, 1577836800 },
    { DER_UTC_TIME, "2101010000Z", false, 0 },                    /* no seconds */
    { DER_UTC_TIME, "210101000000", false, 0 },                   /* no Z */
    { DER_UTC_TIME, "210101000000+0100", false, 0 },              /* offset */
    { DER_UTC_TIME, "210101000000z", false, 0 },
    { DER_UTC_TIME, "211301000000Z", false, 0 },                  /* month 13 */
    { DER_UTC_TIME, "210001000000Z", false, 0 },                  /* month 0 */
    { DER_UTC_TIME, "210100000000Z", false, 0 },                  /* day 0 */
    { DER_UTC_TIME, "210229000000Z", false, 0 },                  /* 2021 not leap */
    { DER_UTC_TIME, "210431000000Z", false, 0 },                  /* April 31 */
    { DER_UTC_TIME, "210101240000Z", false, 0 },
    { DER_UTC_TIME, "210101006000Z", false, 0 },
    { DER_UTC_TIME, "210101000060Z", false, 0 },                  /* no leap seconds */
    { DER_UTC_TIME, "2101010000 0Z", false, 0 },
    { DER_UTC_TIME, "-10101000000Z", false, 0 },
    { DER_UTC_TIME, "20210101000000Z", false, 0 },                /* 4-digit year */
    { DER_GENERALIZED_TIME, "210101000000Z", false, 0 },
    { DER_GENERALIZED_TIME, "21000229000000Z", false, 0 },        /* 2100 not leap */
    { DER_GENERALIZED_TIME, "20200101000000.5Z", false, 0 },      /* fractions */
    { DER_GENERALIZED_TIME, "2020010100000.Z", false, 0 },
    { DER_GENERALIZED_TIME, "20200101000000", false, 0 },
    { DER_OCTET_STRING, "20200101000000Z", false, 0 },
};

START_TEST(times_follow_rfc5280_4_1_2_5)
{
    for (size_t i = 0; i < sizeof time_cases / sizeof time_cases[0]; i++) {
        int64_t t = 42;
        bool ok = x509_time_parse(time_cases[i].tag, (const uint8_t *)time_cases[i].text,
                                  strlen(time_cases[i].text), &t);
        ck_assert_msg(ok == time_cases[i].ok, "%s", time_cases[i].text);
        if (ok)
            ck_assert_msg(t == time_cases[i].value, "%s -> %lld", time_cases[i].text,
                          (long long)t);
    }
    char date[11];
    x509_time_format_date(0, date);
    ck_assert_str_eq(date, "1970-01-01");
    x509_time_format_date(951825600, date);
    ck_assert_str_eq(date, "2000-02-29");
    x509_time_format_date(-1, date);
    ck_assert_str_eq(date, "1969-12-31");
    x509_time_format_date(253402300799, date);
    ck_assert_str_eq(date, "9999-12-31");

    /* In a certificate: both forms, and a bad one is a bad certificate. */
    x509_cert c;
    uint8_t *der;
    cert_spec s = default_spec();
    s.not_before = "500101000000Z";
    s.not_after_tag = DER_GENERALIZED_TIME;
    s.not_after = "20510101000000Z";
    ck_assert_int_eq(parse_spec(&s, &c, &der), TLS13_OK);
    ck_assert_int_eq(c.not_before, -631152000);
    ck_assert_int_eq(c.not_after, 2556144000);
    free(der);
    s.not_after = "20510101000000.1Z";
    ck_assert_int_eq(parse_spec(&s, &c, &der), TLS13_ERR_BAD_CERTIFICATE);
    free(der);
    s = default_spec();
    s.not_before_tag = DER_PRINTABLE_STRING;
    ck_assert_int_eq(parse_spec(&s, &c, &der), TLS13_ERR_BAD_CERTIFICATE);
    free(der);
}
END_TEST

/* ---- parse: names, serials, versions --------------------------------------- */

START_TEST(names_serials_and_versions)
{
    x509_cert c;
    uint8_t *der;
    cert_spec s = default_spec();
    ck_assert_int_eq(parse_spec(&s, &c, &der), TLS13_OK);
    ck_assert(bytes_are(c.subject_cn, "Hello"));
    ck_assert(bytes_are(c.issuer_cn, "Test"));
    ck_assert_uint_eq(c.issuer.len, 17);             /* the whole Name, header included */
    ck_assert_uint_eq(c.issuer.data[0], 0x30);
    ck_assert_int_eq(c.key.type, SIG_KEY_ED25519);
    ck_assert(!c.has_subject_alt_name && !c.has_key_usage && !c.has_basic_constraints);
    free(der);

    /* v1: no extensions; the version field is absent. */
    s.v1 = true;
    ck_assert_int_eq(parse_spec(&s, &c, &der), TLS13_OK);
    ck_assert_uint_eq(c.view.version, 0);
    free(der);

    static const struct {
        const char *serial, *issuer, *subject;
        tls13_error want;
    } cases[] = {
        { "00", NAME_TEST, NAME_HELLO, TLS13_OK },                    /* zero: tolerated */
        { "7fffffffffffffffffffffffffffffffffffffff", NAME_TEST, NAME_HELLO, TLS13_OK },
        { "00ffffffffffffffffffffffffffffffffffffffff", NAME_TEST, NAME_HELLO, TLS13_OK },
        { "01ffffffffffffffffffffffffffffffffffffffff", NAME_TEST, NAME_HELLO,
          TLS13_ERR_BAD_CERTIFICATE },                                /* 21 octets */
        { "ff", NAME_TEST, NAME_HELLO, TLS13_ERR_BAD_CERTIFICATE },   /* negative */
        { "0001", NAME_TEST, NAME_HELLO, TLS13_ERR_BAD_CERTIFICATE }, /* not minimal */
        { "", NAME_TEST, NAME_HELLO, TLS13_ERR_BAD_CERTIFICATE },
        { "01", "3000", NAME_HELLO, TLS13_ERR_BAD_CERTIFICATE },      /* empty issuer */
        { "01", NAME_TEST, "3000", TLS13_OK },                        /* empty subject */
        { "01", NAME_TEST, "30023100", TLS13_ERR_BAD_CERTIFICATE },   /* empty RDN */
        { "01", NAME_TEST, "30043002060100", TLS13_ERR_BAD_CERTIFICATE }, /* SEQ not SET */
        { "01", NAME_TEST, "3009310730050603550403", TLS13_ERR_BAD_CERTIFICATE }, /* no value */
        { "01", NAME_TEST, "300b310930070603550403800100", TLS13_ERR_BAD_CERTIFICATE },
        { "01", NAME_TEST, "300b3109300706035504030c00", TLS13_OK },  /* empty CN */
        { "01", NAME_TEST, "300a3108300606018055040c00", TLS13_ERR_BAD_CERTIFICATE },
        /* a multi-valued RDN: CN=a + CN=b */
        { "01", NAME_TEST, "30163114300806035504030c0161300806035504030c0162", TLS13_OK },
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        s = default_spec();
        s.serial_hex = cases[i].serial;
        s.issuer_hex = cases[i].issuer;
        s.subject_hex = cases[i].subject;
        ck_assert_msg(parse_spec(&s, &c, &der) == cases[i].want, "case %zu", i);
        free(der);
    }

    /* An unsupported key type: every field but the key is filled in. */
    s = default_spec();
    s.key_oid_hex = "2b6571";                       /* Ed448 */
    ck_assert_int_eq(parse_spec(&s, &c, &der), TLS13_ERR_UNSUPPORTED_KEY);
    ck_assert(bytes_are(c.subject_cn, "Hello"));
    free(der);
}
END_TEST

/* ---- parse: extensions ----------------------------------------------------- */

/* One Extension (§4.1.2.9) as hex: SEQUENCE { OID oid, BOOLEAN crit (NULL:
 * absent), OCTET STRING value }; the lengths are computed. */
static void ext_hex(char *out, size_t cap, const char *oid, const char *crit, const char *value)
{
    uint8_t buf[2048];
    wire_writer w;
    size_t mark, len;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(der_begin(&w, DER_SEQUENCE, &mark));
    write_element_hex(&w, DER_OID, oid);
    if (crit != NULL)
        write_element_hex(&w, DER_BOOLEAN, crit);
    write_element_hex(&w, DER_OCTET_STRING, value);
    ck_assert(der_end(&w, mark));
    ck_assert(wire_writer_finish(&w, &len));
    ck_assert_uint_lt(2 * len, cap);
    hex_encode(buf, len, out);
}

#define OID_BC "551d13"
#define OID_KU "551d0f"
#define OID_EKU "551d25"
#define OID_SAN "551d11"
#define OID_NC "551d1e"
#define OID_UNKNOWN "2a0304"      /* 1.2.3.4 */
/* NameConstraints { permittedSubtrees { { DNS:example.com } } } */
#define NC_EXAMPLE_COM "3011a00f300d820b6578616d706c652e636f6d"
#define TRUE_ "ff"

typedef struct ext_parts {
    const char *oid, *crit, *value;
} ext_parts;

static const struct {
    const char *name;
    ext_parts ext, second;      /* second.oid NULL: one extension */
    tls13_error want;
} extension_cases[] = {
    { "basicConstraints cA", { OID_BC, TRUE_, "30030101ff" }, { 0 }, TLS13_OK },
    { "basicConstraints cA, pathLen 3", { OID_BC, TRUE_, "30060101ff020103" }, { 0 }, TLS13_OK },
    { "basicConstraints empty (cA FALSE)", { OID_BC, NULL, "3000" }, { 0 }, TLS13_OK },
    { "basicConstraints explicit FALSE", { OID_BC, NULL, "3003010100" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "basicConstraints cA as 0x01", { OID_BC, NULL, "3003010101" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "basicConstraints pathLen without cA", { OID_BC, NULL, "3003020100" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "basicConstraints negative pathLen", { OID_BC, TRUE_, "30060101ff0201ff" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "basicConstraints trailing data", { OID_BC, TRUE_, "30030101ff0500" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "keyUsage digitalSignature, keyEncipherment", { OID_KU, TRUE_, "030205a0" }, { 0 },
      TLS13_OK },
    { "keyUsage with a trailing zero bit", { OID_KU, TRUE_, "030204a0" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "keyUsage without bits", { OID_KU, TRUE_, "030100" }, { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "keyUsage all zero", { OID_KU, TRUE_, "03020000" }, { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "keyUsage unused bits set", { OID_KU, TRUE_, "030205a8" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "keyUsage 8 unused bits", { OID_KU, TRUE_, "03020880" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "keyUsage three octets", { OID_KU, TRUE_, "030407800080" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "keyUsage decipherOnly", { OID_KU, TRUE_, "0303078080" }, { 0 }, TLS13_OK },
    { "extKeyUsage serverAuth", { OID_EKU, NULL, "300a06082b06010505070301" }, { 0 }, TLS13_OK },
    { "extKeyUsage empty", { OID_EKU, NULL, "3000" }, { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "extKeyUsage not an OID", { OID_EKU, NULL, "30020500" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "subjectAltName dNSName", { OID_SAN, NULL, "300b82096c6f63616c686f7374" }, { 0 },
      TLS13_OK },
    { "subjectAltName empty", { OID_SAN, NULL, "3000" }, { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "subjectAltName iPAddress of 5 octets", { OID_SAN, NULL, "300787057f00000100" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "subjectAltName 8-bit dNSName", { OID_SAN, NULL, "30038201c3" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "subjectAltName unknown GeneralName", { OID_SAN, NULL, "3003890161" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "subjectAltName URI and rfc822Name skipped", { OID_SAN, NULL, "30088601618103612e62" },
      { 0 }, TLS13_OK },
    { "subjectAltName trailing data", { OID_SAN, NULL, "300382016100" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "duplicate subjectAltName", { OID_SAN, NULL, "300382016161" },
      { OID_SAN, NULL, "300382016162" }, TLS13_ERR_BAD_CERTIFICATE },
    { "explicit critical FALSE", { OID_KU, "00", "030205a0" }, { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "critical as 0x01", { OID_KU, "01", "030205a0" }, { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "unknown, not critical", { OID_UNKNOWN, NULL, "0500" }, { 0 }, TLS13_OK },
    { "unknown, critical", { OID_UNKNOWN, TRUE_, "0500" }, { 0 },
      TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION },
    /* nameConstraints (§4.2.1.10): permitted DNS:example.com, then the
     * rules on its shape. */
    { "nameConstraints, critical", { OID_NC, TRUE_, NC_EXAMPLE_COM }, { 0 }, TLS13_OK },
    { "nameConstraints, not critical", { OID_NC, NULL, NC_EXAMPLE_COM }, { 0 }, TLS13_OK },
    { "nameConstraints empty", { OID_NC, TRUE_, "3000" }, { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, empty permittedSubtrees", { OID_NC, NULL, "3002a000" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, a minimum (even 0)",
      { OID_NC, NULL, "3014a0123010820b6578616d706c652e636f6d800100" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, a maximum",
      { OID_NC, NULL, "3014a0123010820b6578616d706c652e636f6d810105" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, excluded 10.0.0.0/8", { OID_NC, NULL, "300ea10c300a87080a000000ff000000" },
      { 0 }, TLS13_OK },
    { "nameConstraints, IPv6 ::/0", { OID_NC, NULL, "3026a12430228720" "0000000000000000"
      "0000000000000000" "0000000000000000" "0000000000000000" }, { 0 }, TLS13_OK },
    { "nameConstraints, iPAddress of 5 octets", { OID_NC, NULL, "300ba109300787050a000000ff" },
      { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, a mask that is not CIDR",
      { OID_NC, NULL, "300ea10c300a87080a000000ff00ff00" }, { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, unknown GeneralName", { OID_NC, NULL, "3007a0053003890161" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, two bases in a subtree", { OID_NC, NULL, "300aa0083006820161820162" },
      { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, 8-bit dNSName", { OID_NC, NULL, "3007a005300382" "01c3" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, directoryName not a Name", { OID_NC, NULL, "3008a0063004a4023100" },
      { 0 }, TLS13_ERR_BAD_CERTIFICATE },
    { "nameConstraints, empty directoryName", { OID_NC, NULL, "3008a0063004a4023000" }, { 0 },
      TLS13_OK },
    { "nameConstraints, rfc822Name (parsed; refused on a path)",
      { OID_NC, NULL, "3011a00f300d810b6578616d706c652e636f6d" }, { 0 }, TLS13_OK },
    { "nameConstraints, trailing data", { OID_NC, NULL, NC_EXAMPLE_COM "00" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "duplicate nameConstraints", { OID_NC, NULL, NC_EXAMPLE_COM },
      { OID_NC, NULL, NC_EXAMPLE_COM }, TLS13_ERR_BAD_CERTIFICATE },
    { "policyConstraints, critical", { "551d24", TRUE_, "3003800100" }, { 0 },
      TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION },
    { "authorityInfoAccess, critical", { "2b06010505070101", TRUE_, "3000" }, { 0 },
      TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION },
    { "certificatePolicies, critical", { "551d20", TRUE_, "300630040602" "2a03" }, { 0 },
      TLS13_OK },
    { "certificatePolicies malformed", { "551d20", TRUE_, "30023000" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "unknown critical, then a malformed extension", { OID_UNKNOWN, TRUE_, "0500" },
      { OID_SAN, NULL, "3000" }, TLS13_ERR_BAD_CERTIFICATE },
    { "extnID with a non-minimal arc", { "55801d", NULL, "0500" }, { 0 },
      TLS13_ERR_BAD_CERTIFICATE },
    { "subjectKeyIdentifier", { "551d0e", NULL, "04080102030405060708" }, { 0 }, TLS13_OK },
    { "authorityKeyIdentifier", { "551d23", NULL, "300a80080102030405060708" }, { 0 },
      TLS13_OK },
    { "authorityKeyIdentifier, wrong tag", { "551d23", NULL, "300a04080102030405060708" },
      { 0 }, TLS13_ERR_BAD_CERTIFICATE },
};

START_TEST(extensions_follow_rfc5280_4_2)
{
    for (size_t i = 0; i < sizeof extension_cases / sizeof extension_cases[0]; i++) {
        char hex[2048];
        size_t n;
        ext_hex(hex, sizeof hex, extension_cases[i].ext.oid, extension_cases[i].ext.crit,
                extension_cases[i].ext.value);
        n = strlen(hex);
        if (extension_cases[i].second.oid != NULL)
            ext_hex(hex + n, sizeof hex - n, extension_cases[i].second.oid,
                    extension_cases[i].second.crit, extension_cases[i].second.value);
        x509_cert c;
        uint8_t *der;
        tls13_error err = parse_with_extensions(hex, &c, &der);
        ck_assert_msg(err == extension_cases[i].want, "%s: %s", extension_cases[i].name,
                      tls13_error_name(err));
        free(der);
    }
    /* Extensions ::= SEQUENCE SIZE (1..MAX): an empty list is malformed. */
    x509_cert c;
    uint8_t *der;
    ck_assert_int_eq(parse_with_extensions("", &c, &der), TLS13_ERR_BAD_CERTIFICATE);
    free(der);
}
END_TEST

/* Parses a default certificate with up to three extensions. */
static tls13_error parse_exts(x509_cert *c, uint8_t **der, ext_parts a, ext_parts b,
                              ext_parts d)
{
    char hex[4096] = "";
    ext_parts all[3] = { a, b, d };
    for (size_t i = 0; i < 3 && all[i].oid != NULL; i++) {
        size_t n = strlen(hex);
        ext_hex(hex + n, sizeof hex - n, all[i].oid, all[i].crit, all[i].value);
    }
    return parse_with_extensions(hex, c, der);
}

static const ext_parts NONE_ = { NULL, NULL, NULL };

START_TEST(extension_values_are_read)
{
    x509_cert c;
    uint8_t *der;
    ck_assert_int_eq(parse_exts(&c, &der, (ext_parts){ OID_BC, TRUE_, "30060101ff020103" },
                                (ext_parts){ OID_KU, TRUE_, "03020106" }, NONE_), TLS13_OK);
    ck_assert(c.has_basic_constraints && c.is_ca);
    ck_assert_int_eq(c.path_len, 3);
    ck_assert(c.has_key_usage);
    ck_assert_uint_eq(c.key_usage, X509_KU_KEY_CERT_SIGN | X509_KU_CRL_SIGN);
    free(der);

    ck_assert_int_eq(parse_exts(&c, &der, (ext_parts){ OID_BC, NULL, "3000" },
                                (ext_parts){ OID_KU, TRUE_, "0303078080" }, NONE_), TLS13_OK);
    ck_assert(c.has_basic_constraints && !c.is_ca);
    ck_assert_int_eq(c.path_len, -1);
    ck_assert_uint_eq(c.key_usage, X509_KU_DIGITAL_SIGNATURE | X509_KU_DECIPHER_ONLY);
    free(der);

    ck_assert_int_eq(parse_exts(&c, &der,
                                (ext_parts){ OID_EKU, NULL, "301006082b060105050703020604551d2500" },
                                (ext_parts){ "551d0e", NULL, "0403010203" },
                                (ext_parts){ OID_SAN, NULL, "300c82016187047f0000018201" "62" }),
                     TLS13_OK);
    ck_assert(c.has_ext_key_usage && !c.eku_server_auth && c.eku_client_auth && c.eku_any);
    ck_assert_uint_eq(c.subject_key_id.len, 3);
    ck_assert(c.has_subject_alt_name);
    ck_assert_uint_eq(c.dns_name_count, 2);
    ck_assert(bytes_are(c.dns_names[1], "b"));
    ck_assert_uint_eq(c.ip_address_count, 1);
    ck_assert_mem_eq(c.ip_addresses[0].data, "\x7f\x00\x00\x01", 4);
    free(der);

    /* An unknown critical extension: named, and the rest is filled in. */
    ck_assert_int_eq(parse_exts(&c, &der, (ext_parts){ OID_UNKNOWN, TRUE_, "0500" }, NONE_,
                                NONE_), TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION);
    ck_assert_uint_eq(c.unknown_critical.len, 3);
    ck_assert_mem_eq(c.unknown_critical.data, "\x2a\x03\x04", 3);
    ck_assert(bytes_are(c.subject_cn, "Hello"));
    free(der);

    /* An unknown critical extension outranks an unsupported key. */
    char hex[256];
    ext_hex(hex, sizeof hex, OID_UNKNOWN, TRUE_, "0500");
    cert_spec s = default_spec();
    s.key_oid_hex = "2b6571";
    s.extensions_hex = hex;
    ck_assert_int_eq(parse_spec(&s, &c, &der), TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION);
    free(der);
}
END_TEST

/* 40 dNSNames: more than X509_MAX_SAN; all of them still match. */
START_TEST(many_subject_alt_names)
{
    uint8_t names[1024];
    wire_writer w;
    size_t mark, len;
    wire_writer_init(&w, names, sizeof names);
    ck_assert(der_begin(&w, DER_SEQUENCE, &mark));
    for (int i = 0; i < 40; i++) {
        char name[16];
        int n = snprintf(name, sizeof name, "h%02d.example", i);
        ck_assert(der_write(&w, X509_SAN_DNS_NAME, (const uint8_t *)name, (size_t)n));
    }
    ck_assert(der_end(&w, mark));
    ck_assert(wire_writer_finish(&w, &len));
    char value[2100], ext[2200];
    hex_encode(names, len, value);
    ext_hex(ext, sizeof ext, OID_SAN, NULL, value);
    x509_cert c;
    uint8_t *der;
    ck_assert_int_eq(parse_with_extensions(ext, &c, &der), TLS13_OK);
    ck_assert_uint_eq(c.dns_name_count, X509_MAX_SAN);
    ck_assert(bytes_are(c.dns_names[0], "h00.example"));
    ck_assert(x509_cert_matches_host(&c, "h00.example"));
    ck_assert(x509_cert_matches_host(&c, "H39.example"));
    ck_assert(!x509_cert_matches_host(&c, "h40.example"));
    free(der);
}
END_TEST

/* ---- parse: robustness ------------------------------------------------------ */

static void check_parse_fails_cleanly(const uint8_t *der, size_t len)
{
    x509_cert c;
    for (size_t cut = 0; cut < len; cut++) {
        uint8_t *t = copy_of(der, cut);
        ck_assert_int_ne(x509_cert_parse(t, cut, &c), TLS13_OK);
        free(t);
    }
    /* Every byte: the first 64 with every value, the rest with a few flips. */
    static const uint8_t flips[] = { 0x01, 0x02, 0x40, 0x80, 0xff };
    for (size_t i = 0; i < len; i++) {
        uint8_t *t = copy_of(der, len);
        size_t tries = i < 64 ? 255 : sizeof flips;
        for (size_t k = 0; k < tries; k++) {
            t[i] = (uint8_t)(der[i] ^ (i < 64 ? (uint8_t)(k + 1) : flips[k]));
            tls13_error err = x509_cert_parse(t, len, &c);
            if (err == TLS13_OK)
                (void)x509_cert_matches_host(&c, "localhost");
            else
                ck_assert(err == TLS13_ERR_BAD_CERTIFICATE || err == TLS13_ERR_UNSUPPORTED_KEY ||
                          err == TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION);
        }
        free(t);
    }
}

START_TEST(xargs_truncations_and_corruptions_fail_cleanly)
{
    size_t len;
    uint8_t *der = xargs_cert_der(&len);
    check_parse_fails_cleanly(der, len);
    free(der);
}
END_TEST

START_TEST(system_certificates_truncations_and_corruptions_fail_cleanly)
{
    if (access(SYSTEM_BUNDLE, R_OK) != 0) {
        fprintf(stderr, "robustness: no %s, skipped\n", SYSTEM_BUNDLE);
        return;
    }
    x509_store store = { 0 };
    ck_assert_int_eq(x509_store_load_file(&store, SYSTEM_BUNDLE, NULL), TLS13_OK);
    for (size_t i = 0; i < store.count && i < 3; i++) {
        uint8_t *der = copy_of(store.certs[i].data, store.certs[i].len);
        check_parse_fails_cleanly(der, store.certs[i].len);
        free(der);
    }
    x509_store_free(&store);
}
END_TEST

/* ---- hosts: table-driven on hand-built subjectAltNames ----------------------- */

/* A cert with only a subjectAltName: "DNS:name" and "IP:<hex>" entries. */
typedef struct san_cert {
    uint8_t buf[1024];
    x509_cert cert;
} san_cert;

static void make_san_cert(san_cert *sc, const char *const *entries)
{
    wire_writer w;
    size_t len;
    memset(&sc->cert, 0, sizeof sc->cert);
    wire_writer_init(&w, sc->buf, sizeof sc->buf);
    for (size_t i = 0; entries[i] != NULL; i++) {
        if (strncmp(entries[i], "DNS:", 4) == 0) {
            ck_assert(der_write(&w, X509_SAN_DNS_NAME, (const uint8_t *)entries[i] + 4,
                                strlen(entries[i]) - 4));
            continue;
        }
        size_t ip_len;
        uint8_t *ip = hex_decode(entries[i] + 3, &ip_len);
        ck_assert_ptr_nonnull(ip);
        ck_assert(der_write(&w, X509_SAN_IP_ADDRESS, ip, ip_len));
        free(ip);
    }
    ck_assert(wire_writer_finish(&w, &len));
    sc->cert.has_subject_alt_name = true;
    sc->cert.subject_alt_name.data = sc->buf;
    sc->cert.subject_alt_name.len = len;
}

static const char *const sans_plain[] = { "DNS:example.com", "DNS:WWW.Example.Org",
                                          "DNS:xn--bcher-kva.example", NULL };
static const char *const sans_wild[] = { "DNS:*.example.com", NULL };
static const char *const sans_bad_wild[] = { "DNS:*.*.example.com", "DNS:f*o.example.com",
                                             "DNS:*.com", "DNS:a.*.example.net", "DNS:*",
                                             "DNS:*.", "DNS:**.example.org", "DNS:*foo.example.net",
                                             "DNS:", NULL };
static const char *const sans_ip[] = { "IP:7f000001", "IP:00000000000000000000000000000001",
                                       "DNS:10.0.0.1", NULL };

static const struct {
    const char *const *sans;
    const char *host;
    bool match;
} host_cases[] = {
    { sans_plain, "example.com", true },
    { sans_plain, "EXAMPLE.com", true },                /* §6.4.1 case-insensitive */
    { sans_plain, "example.com.", true },               /* trailing dot ignored */
    { sans_plain, "example.com..", false },
    { sans_plain, "www.example.org", true },
    { sans_plain, "xn--bcher-kva.example", true },      /* an A-label is ASCII */
    { sans_plain, "XN--BCHER-KVA.example", true },
    { sans_plain, "example.co", false },
    { sans_plain, "example.comm", false },
    { sans_plain, "a.example.com", false },
    { sans_plain, ".example.com", false },
    { sans_plain, "", false },
    { sans_plain, ".", false },
    { sans_plain, "example..com", false },
    { sans_plain, "exa mple.com", false },              /* not LDH */
    { sans_plain, "exam_ple.com", false },
    { sans_plain, "example.com\n", false },
    { sans_plain, "-example.com", false },
    { sans_plain, "b\xc3\xbc" "cher.example", false },  /* a U-label: not ASCII */
    { sans_wild, "a.example.com", true },               /* §6.4.3 */
    { sans_wild, "A-1.Example.COM", true },
    { sans_wild, "a.example.com.", true },
    { sans_wild, "example.com", false },                /* not the empty label */
    { sans_wild, ".example.com", false },
    { sans_wild, "a.b.example.com", false },            /* exactly one label */
    { sans_wild, "aexample.com", false },
    { sans_wild, "*.example.com", false },              /* '*' is not LDH */
    { sans_bad_wild, "a.b.example.com", false },        /* §6.4.3 rule 1 */
    { sans_bad_wild, "foo.example.com", false },        /* partial-label wildcard */
    { sans_bad_wild, "fo.example.com", false },
    { sans_bad_wild, "example.com", false },            /* "*.com": too wide */
    { sans_bad_wild, "a.com", false },
    { sans_bad_wild, "a.b.example.net", false },
    { sans_bad_wild, "com", false },
    { sans_bad_wild, "x.example.org", false },
    { sans_bad_wild, "foo.example.net", false },
    { sans_ip, "127.0.0.1", true },
    { sans_ip, "::1", true },
    { sans_ip, "0:0:0:0:0:0:0:1", true },
    { sans_ip, "127.0.0.2", false },
    { sans_ip, "::2", false },
    { sans_ip, "::ffff:127.0.0.1", false },             /* a 16-byte address */
    { sans_ip, "10.0.0.1", false },                     /* IP literal: iPAddress only */
    { sans_ip, "10.0.0.1.", false },                    /* numeric last label: not DNS */
    { sans_ip, "127.1", false },
    { sans_ip, "localhost", false },
};

START_TEST(host_names_follow_rfc6125_6_4)
{
    for (size_t i = 0; i < sizeof host_cases / sizeof host_cases[0]; i++) {
        san_cert sc;
        make_san_cert(&sc, host_cases[i].sans);
        ck_assert_msg(x509_cert_matches_host(&sc.cert, host_cases[i].host) ==
                          host_cases[i].match,
                      "case %zu: host \"%s\" should %smatch", i, host_cases[i].host,
                      host_cases[i].match ? "" : "not ");
    }
    /* No subjectAltName at all: no match, and no crash on NULLs. */
    x509_cert empty;
    memset(&empty, 0, sizeof empty);
    ck_assert(!x509_cert_matches_host(&empty, "example.com"));
    ck_assert(!x509_cert_matches_host(NULL, "example.com"));
    san_cert sc;
    make_san_cert(&sc, sans_plain);
    ck_assert(!x509_cert_matches_host(&sc.cert, NULL));
    /* A 253-character name matches; 254 is too long for DNS. */
    char long_name[300], san[310];
    memset(long_name, 'a', sizeof long_name);
    for (size_t i = 63; i < 253; i += 64)
        long_name[i] = '.';
    long_name[253] = '\0';
    snprintf(san, sizeof san, "DNS:%s", long_name);
    const char *entries[] = { san, NULL };
    make_san_cert(&sc, entries);
    ck_assert(x509_cert_matches_host(&sc.cert, long_name));
    char too_long[310];
    snprintf(too_long, sizeof too_long, "a%s", long_name);
    ck_assert(!x509_cert_matches_host(&sc.cert, too_long));
}
END_TEST

/* ---- name constraints: how names compare (nameconstraints.c) ---------------- */

/* A nameConstraints extension value from entries "+FORM:value" (permitted)
 * and "-FORM:value" (excluded); FORM is DNS, EMAIL, URI (text), IP (hex:
 * address then mask) or DIR (hex: a whole Name). */
static void nc_value_hex(char *out, const char *const *entries)
{
    uint8_t buf[1024];
    wire_writer w;
    size_t seq, subtrees = 0, subtree, len;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(der_begin(&w, DER_SEQUENCE, &seq));
    for (int pass = 0; pass < 2; pass++) {
        bool open = false;
        for (size_t i = 0; entries[i] != NULL; i++) {
            const char *e = entries[i] + 1;
            if (entries[i][0] != (pass == 0 ? '+' : '-'))
                continue;
            if (!open)
                ck_assert(der_begin(&w, pass == 0 ? DER_CONTEXT_0 : DER_CONTEXT_1, &subtrees));
            open = true;
            ck_assert(der_begin(&w, DER_SEQUENCE, &subtree));
            const char *colon = strchr(e, ':');
            ck_assert_ptr_nonnull(colon);
            size_t form_len = (size_t)(colon - e);
            const char *v = colon + 1;
            if (strncmp(e, "DNS", form_len) == 0)
                ck_assert(der_write(&w, X509_SAN_DNS_NAME, (const uint8_t *)v, strlen(v)));
            else if (strncmp(e, "EMAIL", form_len) == 0)
                ck_assert(der_write(&w, X509_SAN_RFC822_NAME, (const uint8_t *)v, strlen(v)));
            else if (strncmp(e, "URI", form_len) == 0)
                ck_assert(der_write(&w, X509_SAN_URI, (const uint8_t *)v, strlen(v)));
            else if (strncmp(e, "IP", form_len) == 0)
                write_element_hex(&w, X509_SAN_IP_ADDRESS, v);
            else if (strncmp(e, "DIR", form_len) == 0)
                write_element_hex(&w, X509_SAN_DIRECTORY_NAME, v);
            else
                ck_abort_msg("bad entry %s", entries[i]);
            ck_assert(der_end(&w, subtree));
        }
        if (open)
            ck_assert(der_end(&w, subtrees));
    }
    ck_assert(der_end(&w, seq));
    ck_assert(wire_writer_finish(&w, &len));
    hex_encode(buf, len, out);
}

/* A certificate with these constraints (and, if non-NULL, this subject and
 * subjectAltName value). */
static void nc_cert(x509_cert *c, uint8_t **der, const char *const *constraints,
                    const char *subject_hex, const char *san_hex)
{
    char value[2100], ext[4400];
    nc_value_hex(value, constraints);
    ext_hex(ext, sizeof ext, OID_NC, NULL, value);
    if (san_hex != NULL) {
        size_t n = strlen(ext);
        ext_hex(ext + n, sizeof ext - n, OID_SAN, NULL, san_hex);
    }
    cert_spec s = default_spec();
    s.extensions_hex = ext;
    if (subject_hex != NULL)
        s.subject_hex = subject_hex;
    ck_assert_int_eq(parse_spec(&s, c, der), TLS13_OK);
    ck_assert(c->has_name_constraints);
}

#define NC_OK X509_NC_OK
#define NC_OUT X509_NC_NOT_PERMITTED
#define NC_EXCL X509_NC_EXCLUDED
/* 127.0.0.0/8, 10.0.0.0/8, 0.0.0.0/0; ::1/128; ::/0 */
#define IP4_LOOPBACK "IP:7f000000ff000000"
#define IP4_TEN "IP:0a000000ff000000"
#define IP4_ALL "IP:0000000000000000"
#define IP6_LOOPBACK "IP:00000000000000000000000000000001ffffffffffffffffffffffffffffffff"
#define IP6_ALL "IP:0000000000000000000000000000000000000000000000000000000000000000"

static const struct {
    const char *constraints[4];
    const char *host;
    x509_nc_result want;
} nc_host_cases[] = {
    /* RFC 5280: "adding zero or more labels to the left-hand side" */
    { { "+DNS:example.com" }, "example.com", NC_OK },
    { { "+DNS:example.com" }, "www.example.com", NC_OK },
    { { "+DNS:example.com" }, "a.b.example.com", NC_OK },
    { { "+DNS:example.com" }, "WWW.Example.COM", NC_OK },
    { { "+DNS:example.com" }, "www.example.com.", NC_OK },
    { { "+DNS:example.com." }, "www.example.com", NC_OK },
    { { "+DNS:Example.Com" }, "www.example.com", NC_OK },
    { { "+DNS:example.com" }, "badexample.com", NC_OUT },
    { { "+DNS:example.com" }, "example.com.evil", NC_OUT },
    { { "+DNS:example.com" }, "com", NC_OUT },
    { { "+DNS:example.com" }, "example.org", NC_OUT },
    { { "+DNS:example.com" }, "127.0.0.1", NC_OK },       /* IPs: not constrained */
    { { "+DNS:example.com" }, "::1", NC_OK },
    { { "+DNS:example.com", "+DNS:example.org" }, "www.example.org", NC_OK },
    /* the leading-dot form: subdomains only */
    { { "+DNS:.example.com" }, "www.example.com", NC_OK },
    { { "+DNS:.example.com" }, "example.com", NC_OUT },
    { { "+DNS:.example.com" }, "xexample.com", NC_OUT },
    /* an empty dNSName constraint is every name */
    { { "-DNS:" }, "example.com", NC_EXCL },
    { { "-DNS:" }, "10.0.0.1", NC_OK },
    { { "+DNS:" }, "anything.test", NC_OK },
    /* excluded wins over permitted */
    { { "+DNS:example.com", "-DNS:bad.example.com" }, "bad.example.com", NC_EXCL },
    { { "+DNS:example.com", "-DNS:bad.example.com" }, "x.bad.example.com", NC_EXCL },
    { { "+DNS:example.com", "-DNS:bad.example.com" }, "notbad.example.com", NC_OK },
    { { "+DNS:example.com", "-DNS:bad.example.com" }, "bad.example.org", NC_OUT },
    /* iPAddress: address and mask, each family on its own */
    { { "+" IP4_LOOPBACK }, "127.0.0.1", NC_OK },
    { { "+" IP4_LOOPBACK }, "127.255.3.4", NC_OK },
    { { "+" IP4_LOOPBACK }, "10.0.0.1", NC_OUT },
    { { "+" IP4_LOOPBACK }, "128.0.0.1", NC_OUT },
    { { "+" IP4_LOOPBACK }, "::1", NC_OUT },
    { { "+" IP4_LOOPBACK }, "::ffff:127.0.0.1", NC_OUT },
    { { "+" IP4_LOOPBACK }, "localhost", NC_OK },         /* DNS: not constrained */
    { { "+" IP4_LOOPBACK, "+" IP4_TEN }, "10.9.8.7", NC_OK },
    { { "+" IP6_LOOPBACK }, "::1", NC_OK },
    { { "+" IP6_LOOPBACK }, "::2", NC_OUT },
    { { "+" IP6_LOOPBACK }, "127.0.0.1", NC_OUT },
    { { "-" IP4_ALL }, "192.0.2.1", NC_EXCL },
    { { "-" IP4_ALL }, "2001:db8::1", NC_OK },
    { { "-" IP4_ALL, "-" IP6_ALL }, "2001:db8::1", NC_EXCL },
    { { "-" IP4_ALL, "-" IP6_ALL }, "www.example.com", NC_OK },
    { { "+DNS:example.com", "-" IP4_TEN }, "10.1.1.1", NC_EXCL },
};

START_TEST(name_constraints_compare_names)
{
    for (size_t i = 0; i < sizeof nc_host_cases / sizeof nc_host_cases[0]; i++) {
        x509_cert ca;
        uint8_t *der;
        x509_nc_violation why;
        nc_cert(&ca, &der, nc_host_cases[i].constraints, NULL, NULL);
        ck_assert_int_eq(x509_name_constraints_supported(&ca, &why), X509_NC_OK);
        x509_nc_result got = x509_name_constraints_check_host(&ca, nc_host_cases[i].host, &why);
        ck_assert_msg(got == nc_host_cases[i].want, "case %zu (%s, host %s): %d, not %d", i,
                      nc_host_cases[i].constraints[0], nc_host_cases[i].host, got,
                      nc_host_cases[i].want);
        free(der);
    }
}
END_TEST

/* A Name with one RDN per entry, all CN: the test certificates' style. */
#define RDN_GOOD "310d300b060355040a0c04476f6f64"       /* O=Good */
#define NAME_GOOD "300f" RDN_GOOD

START_TEST(name_constraints_on_certificate_names)
{
    x509_cert ca, leaf;
    uint8_t *ca_der, *leaf_der;
    x509_nc_violation why;
    /* Each dNSName and iPAddress of the SAN; other forms are not looked at. */
    const char *dns_only[] = { "+DNS:example.com", "+" IP4_LOOPBACK, NULL };
    nc_cert(&ca, &ca_der, dns_only, NULL, NULL);
    cert_spec s = default_spec();
    char ext[512];
    /* DNS:a.example.com, IP:127.0.0.1, rfc822Name a@b, URI x */
    ext_hex(ext, sizeof ext, OID_SAN, NULL,
            "301d820d612e6578616d706c652e636f6d87047f0000018103614062860178");
    s.extensions_hex = ext;
    ck_assert_int_eq(parse_spec(&s, &leaf, &leaf_der), TLS13_OK);
    ck_assert_int_eq(x509_name_constraints_check_cert(&ca, &leaf, &why), X509_NC_OK);
    free(leaf_der);
    /* DNS:a.example.com, DNS:evil.test: the second is named. */
    ext_hex(ext, sizeof ext, OID_SAN, NULL,
            "301a820d612e6578616d706c652e636f6d82096576696c2e74657374");
    ck_assert_int_eq(parse_spec(&s, &leaf, &leaf_der), TLS13_OK);
    ck_assert_int_eq(x509_name_constraints_check_cert(&ca, &leaf, &why), X509_NC_NOT_PERMITTED);
    ck_assert_uint_eq(why.form, X509_SAN_DNS_NAME);
    ck_assert(bytes_are(why.name, "evil.test"));
    ck_assert(!why.is_subject);
    free(leaf_der);
    /* More SANs than X509_MAX_SAN: the last one is checked too. */
    uint8_t names[1024];
    wire_writer w;
    size_t mark, len;
    wire_writer_init(&w, names, sizeof names);
    ck_assert(der_begin(&w, DER_SEQUENCE, &mark));
    for (int i = 0; i < 40; i++) {
        const char *name = i < 39 ? "www.example.com" : "www.example.org";
        ck_assert(der_write(&w, X509_SAN_DNS_NAME, (const uint8_t *)name, strlen(name)));
    }
    ck_assert(der_end(&w, mark));
    ck_assert(wire_writer_finish(&w, &len));
    char value[2100], big[2200];
    hex_encode(names, len, value);
    ext_hex(big, sizeof big, OID_SAN, NULL, value);
    s.extensions_hex = big;
    ck_assert_int_eq(parse_spec(&s, &leaf, &leaf_der), TLS13_OK);
    ck_assert_int_eq(x509_name_constraints_check_cert(&ca, &leaf, &why), X509_NC_NOT_PERMITTED);
    ck_assert(bytes_are(why.name, "www.example.org"));
    free(leaf_der);
    free(ca_der);

    /* directoryName: the subject must begin with the constraint's RDNs. */
    const char *good[] = { "+DIR:" NAME_GOOD, NULL };
    nc_cert(&ca, &ca_der, good, NULL, NULL);
    ck_assert_int_eq(x509_name_constraints_supported(&ca, &why), X509_NC_OK);
    s = default_spec();                                 /* subject CN=Hello */
    ck_assert_int_eq(parse_spec(&s, &leaf, &leaf_der), TLS13_OK);
    ck_assert_int_eq(x509_name_constraints_check_cert(&ca, &leaf, &why), X509_NC_NOT_PERMITTED);
    ck_assert(why.is_subject);
    free(leaf_der);
    s.subject_hex = "301f" RDN_GOOD "310e300c06035504030c0548656c6c6f";   /* O=Good, CN=Hello */
    ck_assert_int_eq(parse_spec(&s, &leaf, &leaf_der), TLS13_OK);
    ck_assert_int_eq(x509_name_constraints_check_cert(&ca, &leaf, &why), X509_NC_OK);
    free(leaf_der);
    s.subject_hex = NAME_GOOD;                          /* the constraint itself */
    ck_assert_int_eq(parse_spec(&s, &leaf, &leaf_der), TLS13_OK);
    ck_assert_int_eq(x509_name_constraints_check_cert(&ca, &leaf, &why), X509_NC_OK);
    free(leaf_der);
    s.subject_hex = "3000";                  /* an empty subject is not checked */
    ck_assert_int_eq(parse_spec(&s, &leaf, &leaf_der), TLS13_OK);
    ck_assert_int_eq(x509_name_constraints_check_cert(&ca, &leaf, &why), X509_NC_OK);
    free(leaf_der);
    /* ... but a directoryName SAN entry is. */
    ext_hex(ext, sizeof ext, OID_SAN, NULL, "3013a411" NAME_TEST);
    s.extensions_hex = ext;
    ck_assert_int_eq(parse_spec(&s, &leaf, &leaf_der), TLS13_OK);
    ck_assert_int_eq(x509_name_constraints_check_cert(&ca, &leaf, &why), X509_NC_NOT_PERMITTED);
    ck_assert_uint_eq(why.form, X509_SAN_DIRECTORY_NAME);
    ck_assert(!why.is_subject);
    free(leaf_der);
    free(ca_der);

    /* Forms we do not process: the CA is refused, whatever the names. */
    static const struct {
        const char *entry;
        uint8_t form;
        bool excluded;
    } unsupported[] = {
        { "+EMAIL:example.com", X509_SAN_RFC822_NAME, false },
        { "-EMAIL:example.com", X509_SAN_RFC822_NAME, true },
        { "+URI:example.com", X509_SAN_URI, false },
        { "-DIR:" NAME_GOOD, X509_SAN_DIRECTORY_NAME, true },
    };
    for (size_t i = 0; i < sizeof unsupported / sizeof unsupported[0]; i++) {
        const char *entries[] = { "+DNS:example.com", unsupported[i].entry, NULL };
        nc_cert(&ca, &ca_der, entries, NULL, NULL);
        ck_assert_int_eq(x509_name_constraints_supported(&ca, &why), X509_NC_UNSUPPORTED_FORM);
        ck_assert_uint_eq(why.form, unsupported[i].form);
        ck_assert(why.excluded == unsupported[i].excluded);
        free(ca_der);
    }
    ck_assert_str_eq(x509_general_name_form(X509_SAN_RFC822_NAME), "rfc822Name");
    ck_assert_str_eq(x509_general_name_form(X509_SAN_OTHER_NAME), "otherName");
    /* A certificate without constraints constrains nothing. */
    s = default_spec();
    ck_assert_int_eq(parse_spec(&s, &leaf, &leaf_der), TLS13_OK);
    ck_assert_int_eq(x509_name_constraints_supported(&leaf, &why), X509_NC_OK);
    ck_assert_int_eq(x509_name_constraints_check_cert(&leaf, &leaf, &why), X509_NC_OK);
    ck_assert_int_eq(x509_name_constraints_check_host(&leaf, "x.test", &why), X509_NC_OK);
    free(leaf_der);
}
END_TEST

/* ---- the test PKI ------------------------------------------------------------ */

/* Made by openssl once (an unchecked fixture runs in the parent process)
 * and removed by main. Every certificate is valid from the moment it is
 * made, so `now` picks what is expired or not yet valid. */
static char pki_dir[64];
static bool pki_tried, pki_ok;

static const char *const pki_script[] = {
    "set -e\n",
    "cd \"$1\"\n",
    "printf '[req]\\ndistinguished_name = dn\\n[dn]\\n[good_o]\\nO = Good\\n' > min.cnf\n",
    "mkdir ca && touch ca/index.txt && echo 1000 > ca/serial\n",
    "printf '[ca]\\ndefault_ca = c\\n[c]\\ndatabase = ca/index.txt\\nnew_certs_dir = ca\\n",
    "serial = ca/serial\\ndefault_md = sha256\\npolicy = p\\nemail_in_dn = no\\n",
    "unique_subject = no\\ncopy_extensions = copy\\n[p]\\ncommonName = supplied\\n",
    "[req]\\ndistinguished_name = dn\\n[dn]\\n' > ca.cnf\n",
    "ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1.key; }\n",
    "ed() { openssl genpkey -algorithm ed25519 -out $1.key; }\n",
    /* root NAME CN DAYS [-addext ...] : self-signed */
    "root() { n=$1; cn=$2; d=$3; shift 3; openssl req -config min.cnf -x509 -new -key $n.key "
    "  -subj \"/CN=$cn\" -days $d \"$@\" -out $n.pem; }\n",
    /* issue NAME CA CN DAYS [options] : NAME.key certified by CA */
    "issue() { n=$1; ca=$2; cn=$3; d=$4; shift 4; openssl req -config min.cnf -x509 -new "
    "  -key $n.key -CA $ca.pem -CAkey $ca.key -subj \"/CN=$cn\" -days $d \"$@\" -out $n.pem; }\n",
    "CA='-addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign'\n",
    "LEAF='-addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature "
    "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -addext extendedKeyUsage=serverAuth'\n",
    "ec root; root root 'Test Root' 3650 $CA\n",
    "ec int; issue int root 'Test Intermediate' 3650 $CA\n",
    "openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out leaf_rsa.key\n",
    "issue leaf_rsa int localhost 365 $LEAF\n",
    "ec leaf_ec; issue leaf_ec int localhost 365 $LEAF\n",
    "ed leaf_ed; issue leaf_ed int localhost 365 $LEAF\n",
    "ec other_root; root other_root 'Other Root' 3650 $CA\n",
    /* the intermediate's key and name, cross-signed by Other Root */
    "cp int.key int_x.key; issue int_x other_root 'Test Intermediate' 3650 $CA\n",
    /* really expired: 2020-01-01 .. 2021-01-01 */
    "ec old; openssl req -config min.cnf -new -key old.key -subj '/CN=Old Intermediate' "
    "  $CA -out old.csr\n",
    "openssl ca -batch -config ca.cnf -cert root.pem -keyfile root.key -in old.csr "
    "  -startdate 20200101000000Z -enddate 20210101000000Z -notext -out old.pem 2>/dev/null\n",
    "ec leaf_old; issue leaf_old old localhost 365 $LEAF\n",
    /* a root that expires in 2 days */
    "ec short_root; root short_root 'Short Root' 2 $CA\n",
    "ec short_int; issue short_int short_root 'Short Intermediate' 3650 $CA\n",
    "ec leaf_short; issue leaf_short short_int localhost 365 $LEAF\n",
    /* GeneralizedTime: valid through 2051 */
    "ec leaf_2051; openssl req -config min.cnf -new -key leaf_2051.key -subj '/CN=localhost' "
    "  $LEAF -out leaf_2051.csr\n",
    "openssl ca -batch -config ca.cnf -cert int.pem -keyfile int.key -in leaf_2051.csr "
    "  -startdate 20250101000000Z -enddate 20510101000000Z -notext -out leaf_2051.pem "
    "  2>/dev/null\n",
    /* a leaf (CA:FALSE) that signs another leaf */
    "ec leaf_by_leaf; issue leaf_by_leaf leaf_ec 'Leaf Of Leaf' 365 $LEAF\n",
    /* pathlen:0 with another intermediate below it */
    "ec int_pl0; issue int_pl0 root 'Pathlen Zero' 3650 "
    "  -addext basicConstraints=critical,CA:TRUE,pathlen:0 "
    "  -addext keyUsage=critical,keyCertSign\n",
    "ec int_below; issue int_below int_pl0 'Below Pathlen Zero' 3650 $CA\n",
    "ec leaf_deep; issue leaf_deep int_below localhost 365 $LEAF\n",
    /* a self-issued certificate below it (a key rollover): not counted */
    "ec pz_new; issue pz_new int_pl0 'Pathlen Zero' 3650 $CA\n",
    "ec leaf_pz; issue leaf_pz pz_new localhost 365 $LEAF\n",
    /* wildcards in the wrong places, and one in the right place */
    "ec leaf_wild; issue leaf_wild int 'Wild' 365 -addext basicConstraints=CA:FALSE "
    "  -addext 'subjectAltName=DNS:*.*.example.com,DNS:f*o.example.com,DNS:*.com,"
    "DNS:*.good.example.com'\n",
    "ec leaf_client; issue leaf_client int 'Client Only' 365 "
    "  -addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=clientAuth\n",
    "ec leaf_keyenc; issue leaf_keyenc int localhost 365 "
    "  -addext keyUsage=critical,keyEncipherment -addext subjectAltName=DNS:localhost\n",
    "ec leaf_nosan; issue leaf_nosan int localhost 365 -addext basicConstraints=CA:FALSE\n",
    "ec leaf_ca; issue leaf_ca int localhost 365 -addext basicConstraints=critical,CA:TRUE "
    "  -addext keyUsage=critical,digitalSignature,keyCertSign "
    "  -addext subjectAltName=DNS:localhost\n",
    /* a CA whose keyUsage lacks keyCertSign */
    "ec int_noks; issue int_noks root 'No Cert Sign' 3650 "
    "  -addext basicConstraints=critical,CA:TRUE "
    "  -addext keyUsage=critical,digitalSignature,cRLSign\n",
    "ec leaf_noks; issue leaf_noks int_noks localhost 365 $LEAF\n",
    /* unknown critical extensions */
    "ec leaf_crit; issue leaf_crit int localhost 365 $LEAF -addext 1.2.3.4=critical,ASN1:NULL\n",
    "ec int_crit; issue int_crit root 'Critical Intermediate' 3650 $CA "
    "  -addext 1.2.3.4=critical,ASN1:NULL\n",
    "ec leaf_under_crit; issue leaf_under_crit int_crit localhost 365 $LEAF\n",
    /* other signature algorithms on the path: an Ed25519 CA, an RSA root
     * (the xargs key) signing with SHA-384 */
    "ed int_ed; issue int_ed root 'Ed25519 Intermediate' 3650 $CA\n",
    "ec leaf_under_ed; issue leaf_under_ed int_ed localhost 365 $LEAF\n",
    "cp \"$2\" rsa_root.key; root rsa_root 'RSA Root' 3650 $CA -sha384\n",
    "ec leaf_under_rsa; issue leaf_under_rsa rsa_root localhost 365 $LEAF -sha384\n",
    "ec leaf_under_rsa512; issue leaf_under_rsa512 rsa_root localhost 365 $LEAF -sha512\n",
    /* extKeyUsage on CAs: it restricts the certificates below them */
    "ec int_email; issue int_email root 'Email CA' 3650 $CA "
    "  -addext extendedKeyUsage=emailProtection\n",
    "ec leaf_under_email; issue leaf_under_email int_email localhost 365 $LEAF\n",
    "ec int_server; issue int_server root 'Server CA' 3650 $CA "
    "  -addext extendedKeyUsage=serverAuth\n",
    "ec leaf_under_server; issue leaf_under_server int_server localhost 365 "
    "  -addext basicConstraints=critical,CA:FALSE -addext subjectAltName=DNS:localhost\n",
    "ec int_any; issue int_any root 'Any Purpose CA' 3650 $CA "
    "  -addext extendedKeyUsage=anyExtendedKeyUsage\n",
    "ec leaf_under_any; issue leaf_under_any int_any localhost 365 $LEAF\n",
    "ec email_root; root email_root 'Email Root' 3650 $CA "
    "  -addext extendedKeyUsage=emailProtection\n",
    "ec leaf_under_email_root; issue leaf_under_email_root email_root localhost 365 $LEAF\n",
    /* nameConstraints (RFC 5280 §4.2.1.10), critical and not */
    "NC='nameConstraints=permitted;DNS:example.com'\n",
    "ec int_nc; issue int_nc root 'Constrained CA' 3650 $CA -addext \"$NC\"\n",
    "ec int_ncc; issue int_ncc root 'Critical Constrained CA' 3650 $CA "
    "  -addext \"nameConstraints=critical,permitted;DNS:example.com\"\n",
    /* nc_leaf CA NAME SAN: a server leaf for SAN */
    "nc_leaf() { ec $2; issue $2 $1 'NC Leaf' 365 -addext basicConstraints=critical,CA:FALSE "
    "  -addext extendedKeyUsage=serverAuth -addext \"subjectAltName=$3\"; }\n",
    "nc_leaf int_nc leaf_nc_good DNS:sub.example.com,DNS:example.com,IP:10.0.0.1\n",
    "nc_leaf int_nc leaf_nc_evil DNS:sub.example.com,DNS:evil.test\n",
    "nc_leaf int_ncc leaf_ncc_good DNS:sub.example.com\n",
    "nc_leaf int_ncc leaf_ncc_evil DNS:evil.test\n",
    "ec int_nc_excl; issue int_nc_excl root 'Excluding CA' 3650 $CA "
    "  -addext 'nameConstraints=permitted;DNS:example.com,excluded;DNS:bad.example.com'\n",
    "nc_leaf int_nc_excl leaf_excl_wild 'DNS:*.example.com'\n",
    "nc_leaf int_nc_excl leaf_excl_bad DNS:www.example.com,DNS:x.bad.example.com\n",
    "ec int_nc_ip; issue int_nc_ip root 'Loopback CA' 3650 $CA "
    "  -addext 'nameConstraints=permitted;IP:127.0.0.0/255.0.0.0'\n",
    "nc_leaf int_nc_ip leaf_ip_good DNS:localhost,IP:127.0.0.1\n",
    "nc_leaf int_nc_ip leaf_ip_v6 IP:::1\n",
    "nc_leaf int_nc_ip leaf_ip_ten IP:10.0.0.1\n",
    "ec int_nc_email; issue int_nc_email root 'Email Constrained CA' 3650 $CA "
    "  -addext 'nameConstraints=permitted;email:example.com'\n",
    "nc_leaf int_nc_email leaf_under_nc_email DNS:localhost\n",
    "ec int_nc_dir; issue int_nc_dir root 'Good CA' 3650 $CA "
    "  -addext 'nameConstraints=permitted;dirName:good_o'\n",
    "ec int_nc_xdir; issue int_nc_xdir root 'Not Good CA' 3650 $CA "
    "  -addext 'nameConstraints=excluded;dirName:good_o'\n",
    "nc_leaf int_nc_dir leaf_dir_cn DNS:localhost\n",
    "nc_leaf int_nc_xdir leaf_xdir DNS:localhost\n",
    "ec leaf_dir_good; openssl req -config min.cnf -x509 -new -key leaf_dir_good.key "
    "  -CA int_nc_dir.pem -CAkey int_nc_dir.key -subj '/O=Good/CN=localhost' -days 365 "
    "  -addext basicConstraints=critical,CA:FALSE -addext subjectAltName=DNS:localhost "
    "  -out leaf_dir_good.pem\n",
    /* an intermediate below int_nc with a name of its own outside it */
    "ec int_nc_sub; issue int_nc_sub int_nc 'Sub CA' 3650 $CA "
    "  -addext subjectAltName=DNS:ca.evil.test\n",
    "nc_leaf int_nc_sub leaf_under_nc_sub DNS:www.example.com\n",
    /* a constrained anchor */
    "ec nc_root; root nc_root 'Constrained Root' 3650 $CA -addext \"$NC\"\n",
    "nc_leaf nc_root leaf_nc_root_good DNS:www.example.com\n",
    "nc_leaf nc_root leaf_nc_root_evil DNS:evil.test\n",
    /* a self-signed leaf, to be its own anchor */
    "ec self; root self localhost 365 -addext basicConstraints=critical,CA:FALSE "
    "  -addext subjectAltName=DNS:localhost -addext extendedKeyUsage=serverAuth\n",
    NULL
};

static void make_pki(void)
{
    if (pki_tried)
        return;
    pki_tried = true;
    if (!have_openssl()) {
        fprintf(stderr, "chains: openssl not found, the PKI tests are skipped\n");
        return;
    }
    snprintf(pki_dir, sizeof pki_dir, "/tmp/tls13-verify-XXXXXX");
    if (mkdtemp(pki_dir) == NULL)
        return;
    char script[128];
    snprintf(script, sizeof script, "%s/make.sh", pki_dir);
    FILE *f = fopen(script, "w");
    if (f == NULL)
        return;
    for (size_t i = 0; pki_script[i] != NULL; i++)
        fputs(pki_script[i], f);
    fclose(f);
    time_t start = time(NULL);
    int rc = run("sh '%s' '%s' '%s' > '%s/make.log' 2>&1", script, pki_dir,
                 vec_path("xargs/server.key"), pki_dir);
    if (rc != 0) {
        fprintf(stderr, "chains: making the test PKI failed (%d):\n", rc);
        run("tail -20 '%s/make.log' >&2", pki_dir);
        return;
    }
    fprintf(stderr, "chains: test PKI made in %s (%lds)\n", pki_dir,
            (long)(time(NULL) - start));
    pki_ok = true;
}

static void remove_pki(void)
{
    if (pki_dir[0] != '\0')
        run("rm -rf '%s'", pki_dir);
}

/* The PKI's certificates, each read once per test (PEM -> DER heap copies). */
typedef struct loaded {
    x509_bytes der[8];
    uint8_t *owned[8];
    size_t count;
} loaded;

static x509_bytes pki_cert(const char *name, uint8_t **owned)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s.pem", pki_dir, name);
    x509_chain chain;
    ck_assert_msg(x509_load_chain_pem(path, &chain) == TLS13_OK, "cannot load %s", path);
    *owned = copy_of(chain.certs[0].data, chain.certs[0].len);
    x509_bytes b = { *owned, chain.certs[0].len };
    x509_chain_free(&chain);
    return b;
}

/* A chain from names: chain_of(&l, "leaf_ec", "int", NULL). */
static void chain_of(loaded *l, ...)
{
    va_list ap;
    va_start(ap, l);
    l->count = 0;
    for (const char *n = va_arg(ap, const char *); n != NULL; n = va_arg(ap, const char *)) {
        ck_assert_uint_lt(l->count, 8);
        l->der[l->count] = pki_cert(n, &l->owned[l->count]);
        l->count++;
    }
    va_end(ap);
}

static void loaded_free(loaded *l)
{
    for (size_t i = 0; i < l->count; i++)
        free(l->owned[i]);
    l->count = 0;
}

static void store_of(x509_store *store, ...)
{
    va_list ap;
    va_start(ap, store);
    memset(store, 0, sizeof *store);
    for (const char *n = va_arg(ap, const char *); n != NULL; n = va_arg(ap, const char *)) {
        uint8_t *owned;
        x509_bytes b = pki_cert(n, &owned);
        ck_assert_int_eq(x509_store_add_der(store, b.data, b.len), TLS13_OK);
        free(owned);
    }
    va_end(ap);
}

typedef struct outcome {
    tls13_error err;
    char detail[256];
    sig_public_key key;
} outcome;

static outcome verify_with(const x509_store *anchors, const loaded *chain, const char *host,
                           x509_purpose purpose, int64_t now, size_t max_depth)
{
    x509_verify_params params = { anchors, now, host, purpose, max_depth };
    outcome o;
    o.err = x509_verify_chain(&params, chain->der, chain->count, &o.key, o.detail,
                              sizeof o.detail);
    if (o.err != TLS13_OK)
        fprintf(stderr, "    %-40s %s\n", tls13_error_name(o.err), o.detail);
    return o;
}

static outcome verify_now(const x509_store *anchors, const loaded *chain, const char *host)
{
    return verify_with(anchors, chain, host, X509_PURPOSE_SERVER, time(NULL), 0);
}

#define REQUIRE_PKI()                                                            \
    do {                                                                         \
        if (!pki_ok)                                                             \
            return;                                                              \
    } while (0)

static void assert_detail(const outcome *o, const char *needle)
{
    ck_assert_msg(strstr(o->detail, needle) != NULL, "detail \"%s\" lacks \"%s\"", o->detail,
                  needle);
}

/* ---- chains that verify ----------------------------------------------------- */

START_TEST(leaves_of_each_key_type_verify)
{
    REQUIRE_PKI();
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    static const struct {
        const char *leaf;
        sig_key_type type;
    } leaves[] = { { "leaf_rsa", SIG_KEY_RSA }, { "leaf_ec", SIG_KEY_EC_P256 },
                   { "leaf_ed", SIG_KEY_ED25519 } };
    static const char *const hosts[] = { "localhost", "LocalHost", "localhost.", "127.0.0.1",
                                         NULL };
    for (size_t i = 0; i < 3; i++) {
        loaded chain;
        chain_of(&chain, leaves[i].leaf, "int", NULL);
        for (size_t h = 0; h < sizeof hosts / sizeof hosts[0]; h++) {
            outcome o = verify_now(&anchors, &chain, hosts[h]);
            ck_assert_msg(o.err == TLS13_OK, "%s for %s: %s", leaves[i].leaf,
                          hosts[h] ? hosts[h] : "(no host)", o.detail);
            ck_assert_int_eq(o.key.type, leaves[i].type);
        }
        /* The key is the leaf's. */
        sig_public_key key;
        ck_assert_int_eq(x509_certificate_public_key(chain.der[0].data, chain.der[0].len, &key),
                         TLS13_OK);
        outcome o = verify_now(&anchors, &chain, "localhost");
        ck_assert(memcmp(&o.key, &key, sizeof key) == 0);
        loaded_free(&chain);
    }
    x509_store_free(&anchors);
}
END_TEST

START_TEST(order_extras_and_anchors_in_the_chain)
{
    REQUIRE_PKI();
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    loaded chain;
    /* The root sent too (it is the anchor: the path stops there). */
    chain_of(&chain, "leaf_ec", "int", "root", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    /* Shuffled, with unrelated certificates around. */
    chain_of(&chain, "leaf_ec", "other_root", "root", "leaf_rsa", "int", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    chain_of(&chain, "leaf_deep", "int_below", "leaf_ed", "int_pl0", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_ERR_CERT_PATH_TOO_LONG);
    loaded_free(&chain);
    /* A leaf that is its own anchor (pinned self-signed certificate). */
    x509_store self;
    store_of(&self, "self", NULL);
    chain_of(&chain, "self", NULL);
    ck_assert_int_eq(verify_now(&self, &chain, "localhost").err, TLS13_OK);
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_UNKNOWN_CA);
    assert_detail(&o, "certificate 0 (CN=localhost) is self-issued and is not a trust anchor");
    x509_store_free(&self);
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

/* int and int_x share name and key; int_x is signed by Other Root. The
 * search tries both. */
START_TEST(cross_signed_intermediates)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    chain_of(&chain, "leaf_ec", "int_x", "int", NULL);
    store_of(&anchors, "root", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    x509_store_free(&anchors);
    store_of(&anchors, "other_root", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    x509_store_free(&anchors);
    loaded_free(&chain);
    /* The anchor's subject and key, with another certificate: int as an
     * anchor stops the path at the presented int_x. */
    chain_of(&chain, "leaf_ec", "int_x", NULL);
    store_of(&anchors, "int", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    x509_store_free(&anchors);
    loaded_free(&chain);
}
END_TEST

START_TEST(other_signature_algorithms_on_the_path)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", "rsa_root", NULL);
    chain_of(&chain, "leaf_under_ed", "int_ed", NULL);             /* ed25519 */
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    chain_of(&chain, "leaf_under_rsa", NULL);                      /* rsa_pkcs1_sha384 */
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    chain_of(&chain, "leaf_under_rsa512", NULL);                   /* rsa_pkcs1_sha512 */
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(generalized_time_leaf)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_2051", "int", NULL);
    x509_cert c;
    ck_assert_int_eq(x509_cert_parse(chain.der[0].data, chain.der[0].len, &c), TLS13_OK);
    ck_assert_int_eq(c.not_before, 1735689600);     /* 2025-01-01 */
    ck_assert_int_eq(c.not_after, 2556144000);      /* 2051-01-01, GeneralizedTime */
    ck_assert_int_eq(verify_with(&anchors, &chain, "localhost", X509_PURPOSE_SERVER,
                                 time(NULL), 0).err, TLS13_OK);
    x509_store_free(&anchors);
    loaded_free(&chain);
}
END_TEST

START_TEST(ca_leaf_serves_and_client_purpose)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    /* RFC 5280 does not forbid a CA certificate as a TLS leaf. */
    chain_of(&chain, "leaf_ca", "int", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    /* A client certificate: no host, clientAuth. */
    chain_of(&chain, "leaf_client", "int", NULL);
    ck_assert_int_eq(verify_with(&anchors, &chain, NULL, X509_PURPOSE_CLIENT, time(NULL), 0).err,
                     TLS13_OK);
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

/* ---- chains that fail, each with its own error ------------------------------ */

START_TEST(wrong_host_name)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_ec", "int", NULL);
    static const char *const wrong[] = { "example.com", "localhost.localdomain", "127.0.0.2",
                                         "::1", "local_host", "" };
    for (size_t i = 0; i < sizeof wrong / sizeof wrong[0]; i++) {
        outcome o = verify_now(&anchors, &chain, wrong[i]);
        ck_assert_int_eq(o.err, TLS13_ERR_CERT_HOSTNAME_MISMATCH);
        assert_detail(&o, "DNS:localhost, IP:127.0.0.1");
        ck_assert_int_eq(o.key.type, SIG_KEY_NONE);
    }
    loaded_free(&chain);
    chain_of(&chain, "leaf_nosan", "int", NULL);
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_HOSTNAME_MISMATCH);
    assert_detail(&o, "no subjectAltName");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(validity_against_now)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_ec", "int", NULL);
    x509_cert leaf;
    ck_assert_int_eq(x509_cert_parse(chain.der[0].data, chain.der[0].len, &leaf), TLS13_OK);
    char expected[128], date[11];

    /* §4.1.2.5: the period is inclusive at both ends. */
    ck_assert_int_eq(verify_with(&anchors, &chain, "localhost", X509_PURPOSE_SERVER,
                                 leaf.not_after, 0).err, TLS13_OK);
    ck_assert_int_eq(verify_with(&anchors, &chain, "localhost", X509_PURPOSE_SERVER,
                                 leaf.not_before + 1, 0).err, TLS13_OK);

    outcome o = verify_with(&anchors, &chain, "localhost", X509_PURPOSE_SERVER,
                            leaf.not_after + 1, 0);
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_EXPIRED);
    x509_time_format_date(leaf.not_after, date);
    snprintf(expected, sizeof expected, "certificate 0 (CN=localhost) expired on %s", date);
    ck_assert_str_eq(o.detail, expected);

    o = verify_with(&anchors, &chain, "localhost", X509_PURPOSE_SERVER,
                    leaf.not_before - 30 * DAY, 0);
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NOT_YET_VALID);
    x509_time_format_date(leaf.not_before, date);
    snprintf(expected, sizeof expected, "certificate 0 (CN=localhost) is not valid before %s",
             date);
    ck_assert_str_eq(o.detail, expected);
    loaded_free(&chain);

    /* A really expired intermediate (2020-01-01 .. 2021-01-01). */
    chain_of(&chain, "leaf_old", "old", NULL);
    o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_EXPIRED);
    ck_assert_str_eq(o.detail, "certificate 1 (CN=Old Intermediate) expired on 2021-01-01");
    loaded_free(&chain);

    /* An expired anchor fails too. */
    x509_store short_anchors;
    store_of(&short_anchors, "short_root", NULL);
    chain_of(&chain, "leaf_short", "short_int", NULL);
    ck_assert_int_eq(verify_now(&short_anchors, &chain, "localhost").err, TLS13_OK);
    o = verify_with(&short_anchors, &chain, "localhost", X509_PURPOSE_SERVER,
                    time(NULL) + 5 * DAY, 0);
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_EXPIRED);
    assert_detail(&o, "certificate 2 (CN=Short Root) expired on ");
    x509_store_free(&short_anchors);
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(untrusted_root)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    chain_of(&chain, "leaf_ec", "int", "root", NULL);
    store_of(&anchors, "other_root", NULL);
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_UNKNOWN_CA);
    ck_assert_str_eq(o.detail,
                     "certificate 2 (CN=Test Root) is self-issued and is not a trust anchor");
    x509_store_free(&anchors);
    loaded_free(&chain);
    /* Without the root in the message, and with no anchors at all. */
    chain_of(&chain, "leaf_ec", "int", NULL);
    memset(&anchors, 0, sizeof anchors);
    o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_UNKNOWN_CA);
    ck_assert_str_eq(o.detail, "certificate 1 (CN=Test Intermediate) is issued by CN=Test Root, "
                               "which is neither a trust anchor nor among the certificates sent");
    x509_verify_params params = { NULL, time(NULL), "localhost", X509_PURPOSE_SERVER, 0 };
    sig_public_key key;
    ck_assert_int_eq(x509_verify_chain(&params, chain.der, chain.count, &key, NULL, 0),
                     TLS13_ERR_CERT_UNKNOWN_CA);
    /* The intermediate alone is not enough. */
    loaded_free(&chain);
    chain_of(&chain, "leaf_ec", NULL);
    o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_UNKNOWN_CA);
    loaded_free(&chain);
}
END_TEST

START_TEST(leaf_used_as_a_ca)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_by_leaf", "leaf_ec", "int", NULL);
    outcome o = verify_now(&anchors, &chain, NULL);
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NOT_A_CA);
    ck_assert_str_eq(o.detail, "certificate 1 (CN=localhost) signed certificate 0 but is not a "
                               "CA (basicConstraints cA is FALSE)");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(ca_without_key_cert_sign)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_noks", "int_noks", NULL);
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NOT_A_CA);
    assert_detail(&o, "certificate 1 (CN=No Cert Sign)");
    assert_detail(&o, "keyCertSign");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(path_too_long)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    /* pathLenConstraint 0 with an intermediate below it (§4.2.1.9). */
    chain_of(&chain, "leaf_deep", "int_below", "int_pl0", NULL);
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_PATH_TOO_LONG);
    assert_detail(&o, "certificate 2 (CN=Pathlen Zero) allows 0 intermediate");
    loaded_free(&chain);
    /* "non-self-issued intermediate certificates": a self-issued one below
     * (same name, new key) does not count. Two presented certificates carry
     * the leaf's issuer name; the signatures tell which is its issuer. */
    chain_of(&chain, "leaf_pz", "int_pl0", "pz_new", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    /* Our depth limit: leaf, intermediate, root is 3 certificates. */
    chain_of(&chain, "leaf_ec", "int", NULL);
    o = verify_with(&anchors, &chain, "localhost", X509_PURPOSE_SERVER, time(NULL), 2);
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_PATH_TOO_LONG);
    assert_detail(&o, "longer than 2 certificates");
    ck_assert_int_eq(verify_with(&anchors, &chain, "localhost", X509_PURPOSE_SERVER, time(NULL),
                                 3).err, TLS13_OK);
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(bad_signatures)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_ec", "int", NULL);
    /* The last byte of a certificate is in its signature. */
    chain.owned[1][chain.der[1].len - 1] ^= 0x01;
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_BAD_SIGNATURE);
    ck_assert_str_eq(o.detail, "the signature of certificate 1 (CN=Test Intermediate) does not "
                               "verify with the key of CN=Test Root");
    chain.owned[1][chain.der[1].len - 1] ^= 0x01;
    chain.owned[0][chain.der[0].len - 1] ^= 0x01;
    o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_BAD_SIGNATURE);
    assert_detail(&o, "certificate 0 (CN=localhost)");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(wildcards_in_the_wrong_place)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_wild", "int", NULL);
    static const char *const refused[] = { "a.b.example.com", "foo.example.com",
                                           "fo.example.com", "example.com", "x.com",
                                           "good.example.com", "a.b.good.example.com" };
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
        ck_assert_int_eq(verify_now(&anchors, &chain, refused[i]).err,
                         TLS13_ERR_CERT_HOSTNAME_MISMATCH);
    ck_assert_int_eq(verify_now(&anchors, &chain, "a.good.example.com").err, TLS13_OK);
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(wrong_purpose)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_client", "int", NULL);
    outcome o = verify_with(&anchors, &chain, NULL, X509_PURPOSE_SERVER, time(NULL), 0);
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_WRONG_PURPOSE);
    ck_assert_str_eq(o.detail,
                     "certificate 0 (CN=Client Only) has an extKeyUsage without serverAuth");
    loaded_free(&chain);
    chain_of(&chain, "leaf_ec", "int", NULL);
    o = verify_with(&anchors, &chain, NULL, X509_PURPOSE_CLIENT, time(NULL), 0);
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_WRONG_PURPOSE);
    loaded_free(&chain);
    /* keyUsage without digitalSignature: cannot sign CertificateVerify. */
    chain_of(&chain, "leaf_keyenc", "int", NULL);
    o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_WRONG_PURPOSE);
    assert_detail(&o, "digitalSignature");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

/* extKeyUsage on a CA restricts the certificates below it (EKU chaining,
 * verify.c check_issuer_purpose), the anchor's included. */
START_TEST(extended_key_usage_of_the_cas)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    /* An intermediate for emailProtection only issues a serverAuth leaf. */
    chain_of(&chain, "leaf_under_email", "int_email", NULL);
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_WRONG_PURPOSE);
    ck_assert_str_eq(o.detail, "certificate 1 (CN=Email CA), a CA on the path, has an "
                               "extKeyUsage without serverAuth, so it may not issue "
                               "certificates for it");
    loaded_free(&chain);
    /* serverAuth: a server leaf (this one has no extKeyUsage of its own)
     * is accepted, the same leaf as a client certificate is not. */
    chain_of(&chain, "leaf_under_server", "int_server", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    o = verify_with(&anchors, &chain, NULL, X509_PURPOSE_CLIENT, time(NULL), 0);
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_WRONG_PURPOSE);
    assert_detail(&o, "certificate 1 (CN=Server CA), a CA on the path, has an extKeyUsage "
                      "without clientAuth");
    loaded_free(&chain);
    /* anyExtendedKeyUsage allows every purpose. */
    chain_of(&chain, "leaf_under_any", "int_any", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    x509_store_free(&anchors);
    /* An anchor for emailProtection only. */
    store_of(&anchors, "email_root", NULL);
    chain_of(&chain, "leaf_under_email_root", NULL);
    o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_WRONG_PURPOSE);
    assert_detail(&o, "certificate 1 (CN=Email Root), a CA on the path");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

/* nameConstraints (RFC 5280 §4.2.1.10) of intermediates and anchors,
 * critical or not (verify.c check_name_constraints). */
START_TEST(name_constraints_of_the_cas)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    /* permitted;DNS:example.com, not critical, then critical. */
    static const char *const cas[] = { "int_nc", "int_ncc" };
    static const char *const good[] = { "leaf_nc_good", "leaf_ncc_good" };
    static const char *const evil[] = { "leaf_nc_evil", "leaf_ncc_evil" };
    for (size_t i = 0; i < 2; i++) {
        chain_of(&chain, good[i], cas[i], NULL);
        ck_assert_int_eq(verify_now(&anchors, &chain, "sub.example.com").err, TLS13_OK);
        ck_assert_int_eq(verify_with(&anchors, &chain, NULL, X509_PURPOSE_SERVER, time(NULL),
                                     0).err, TLS13_OK);
        loaded_free(&chain);
        chain_of(&chain, evil[i], cas[i], NULL);
        /* Refused whichever name is asked for: the leaf's SAN is enough. */
        outcome o = verify_now(&anchors, &chain, "evil.test");
        ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
        assert_detail(&o, "certificate 0 (CN=NC Leaf): DNS:evil.test is outside the name "
                          "constraints of certificate 1 (CN=");
        ck_assert_int_eq(verify_now(&anchors, &chain, "sub.example.com").err,
                         TLS13_ERR_CERT_NAME_CONSTRAINTS);
        loaded_free(&chain);
    }
    /* An IP SAN is not a DNS name: unconstrained by DNS subtrees. */
    chain_of(&chain, "leaf_nc_good", "int_nc", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "10.0.0.1").err, TLS13_OK);
    ck_assert_int_eq(verify_now(&anchors, &chain, "example.com").err, TLS13_OK);
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(name_constraints_excluded_and_ip)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    /* permitted example.com, excluded bad.example.com: a wildcard SAN may
     * serve www but not the excluded host name. */
    chain_of(&chain, "leaf_excl_wild", "int_nc_excl", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "www.example.com").err, TLS13_OK);
    outcome o = verify_now(&anchors, &chain, "bad.example.com");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
    ck_assert_str_eq(o.detail, "the host name \"bad.example.com\" is excluded by the name "
                               "constraints of certificate 1 (CN=Excluding CA)");
    loaded_free(&chain);
    chain_of(&chain, "leaf_excl_bad", "int_nc_excl", NULL);
    o = verify_now(&anchors, &chain, "www.example.com");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
    assert_detail(&o, "DNS:x.bad.example.com is excluded by the name constraints of "
                      "certificate 1 (CN=Excluding CA)");
    loaded_free(&chain);
    /* permitted;IP:127.0.0.0/255.0.0.0 */
    chain_of(&chain, "leaf_ip_good", "int_nc_ip", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "127.0.0.1").err, TLS13_OK);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    chain_of(&chain, "leaf_ip_v6", "int_nc_ip", NULL);
    o = verify_now(&anchors, &chain, "::1");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
    assert_detail(&o, "IP:::1 is outside the name constraints of certificate 1 "
                      "(CN=Loopback CA)");
    loaded_free(&chain);
    chain_of(&chain, "leaf_ip_ten", "int_nc_ip", NULL);
    o = verify_now(&anchors, &chain, "10.0.0.1");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
    assert_detail(&o, "IP:10.0.0.1 is outside");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(name_constraints_other_forms_paths_and_anchors)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    /* An rfc822Name constraint: not processed, so the CA is refused. */
    chain_of(&chain, "leaf_under_nc_email", "int_nc_email", NULL);
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
    ck_assert_str_eq(o.detail, "certificate 1 (CN=Email Constrained CA) has name constraints "
                               "on rfc822Name names (in permittedSubtrees), which this library "
                               "does not process");
    loaded_free(&chain);
    /* A permitted directoryName (O=Good) holds the subject. */
    chain_of(&chain, "leaf_dir_good", "int_nc_dir", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "localhost").err, TLS13_OK);
    loaded_free(&chain);
    chain_of(&chain, "leaf_dir_cn", "int_nc_dir", NULL);
    o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
    assert_detail(&o, "certificate 0 (CN=NC Leaf): its subject is outside the name "
                      "constraints of certificate 1 (CN=Good CA)");
    loaded_free(&chain);
    /* An excluded directoryName is not processed (byte comparison could
     * let a differently spelt name through). */
    chain_of(&chain, "leaf_xdir", "int_nc_xdir", NULL);
    o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
    assert_detail(&o, "directoryName names (in excludedSubtrees)");
    loaded_free(&chain);
    /* A CA's constraints hold for the intermediates below it too. */
    chain_of(&chain, "leaf_under_nc_sub", "int_nc_sub", "int_nc", NULL);
    o = verify_now(&anchors, &chain, "www.example.com");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
    ck_assert_str_eq(o.detail, "certificate 1 (CN=Sub CA): DNS:ca.evil.test is outside the "
                               "name constraints of certificate 2 (CN=Constrained CA)");
    loaded_free(&chain);
    x509_store_free(&anchors);
    /* And an anchor's. */
    store_of(&anchors, "nc_root", NULL);
    chain_of(&chain, "leaf_nc_root_good", NULL);
    ck_assert_int_eq(verify_now(&anchors, &chain, "www.example.com").err, TLS13_OK);
    loaded_free(&chain);
    chain_of(&chain, "leaf_nc_root_evil", NULL);
    o = verify_now(&anchors, &chain, "evil.test");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_NAME_CONSTRAINTS);
    assert_detail(&o, "certificate 1 (CN=Constrained Root)");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(unknown_critical_extensions)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_crit", "int", NULL);
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION);
    ck_assert_str_eq(o.detail, "certificate 0 (CN=localhost) has a critical extension we do not "
                               "understand (1.2.3.4)");
    loaded_free(&chain);
    chain_of(&chain, "leaf_under_crit", "int_crit", NULL);
    o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION);
    assert_detail(&o, "(CN=Critical Intermediate), the issuer of certificate 0");
    assert_detail(&o, "(1.2.3.4)");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(malformed_and_bad_arguments)
{
    REQUIRE_PKI();
    loaded chain;
    x509_store anchors;
    store_of(&anchors, "root", NULL);
    chain_of(&chain, "leaf_ec", "int", "other_root", NULL);
    chain.der[2].len--;                         /* a truncated extra */
    outcome o = verify_now(&anchors, &chain, "localhost");
    ck_assert_int_eq(o.err, TLS13_ERR_BAD_CERTIFICATE);
    ck_assert_str_eq(o.detail, "certificate 2 of the message is malformed (RFC 5280 §4.1)");
    chain.der[2].len++;
    x509_verify_params params = { &anchors, time(NULL), "localhost", X509_PURPOSE_SERVER, 0 };
    sig_public_key key;
    char detail[8];
    ck_assert_int_eq(x509_verify_chain(&params, chain.der, 0, &key, detail, sizeof detail),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(x509_verify_chain(NULL, chain.der, 1, &key, NULL, 0),
                     TLS13_ERR_INVALID_ARGUMENT);
    /* A short detail buffer is truncated, never overrun. */
    params.host = "example.com";
    ck_assert_int_eq(x509_verify_chain(&params, chain.der, chain.count, &key, detail,
                                       sizeof detail), TLS13_ERR_CERT_HOSTNAME_MISMATCH);
    ck_assert_uint_eq(strlen(detail), sizeof detail - 1);
    /* Too many certificates. */
    x509_bytes many[40];
    for (size_t i = 0; i < 40; i++)
        many[i] = chain.der[0];
    ck_assert_int_eq(x509_verify_chain(&params, many, 40, &key, NULL, 0),
                     TLS13_ERR_CERTIFICATE_CHAIN_TOO_LONG);
    /* Many copies of the intermediate: the search stays bounded. */
    for (size_t i = 1; i < 32; i++)
        many[i] = chain.der[1];
    params.host = "localhost";
    ck_assert_int_eq(x509_verify_chain(&params, many, 32, &key, NULL, 0), TLS13_OK);
    loaded_free(&chain);
    /* 32 copies of a self-signed certificate: each "issues" every other, so
     * the paths are countless; the signature budget ends the search. */
    chain_of(&chain, "self", NULL);
    for (size_t i = 0; i < 32; i++)
        many[i] = chain.der[0];
    char sentence[256];
    ck_assert_int_eq(x509_verify_chain(&params, many, 32, &key, sentence, sizeof sentence),
                     TLS13_ERR_CERT_UNKNOWN_CA);
    ck_assert_str_eq(sentence, "gave up looking for a path to a trust anchor after 64 "
                               "signature checks");
    loaded_free(&chain);
    x509_store_free(&anchors);
}
END_TEST

START_TEST(generated_certificates_fail_cleanly)
{
    REQUIRE_PKI();
    static const char *const names[] = { "leaf_rsa", "leaf_ec", "leaf_ed", "int", "leaf_2051" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        uint8_t *owned;
        x509_bytes b = pki_cert(names[i], &owned);
        check_parse_fails_cleanly(b.data, b.len);
        free(owned);
    }
}
END_TEST

/* ---- the store ------------------------------------------------------------- */

START_TEST(store_loads_bundles)
{
    REQUIRE_PKI();
    char path[128];
    snprintf(path, sizeof path, "%s/bundle.pem", pki_dir);
    ck_assert_int_eq(run("cd '%s' && cat root.pem other_root.pem leaf_crit.pem root.pem "
                         "> bundle.pem", pki_dir), 0);
    x509_store store = { 0 };
    size_t skipped = 99;
    ck_assert_int_eq(x509_store_load_file(&store, path, &skipped), TLS13_OK);
    ck_assert_uint_eq(store.count, 2);      /* root once: duplicates are dropped */
    ck_assert_uint_eq(skipped, 1);          /* the unknown critical extension */
    /* A file without certificates, a missing file, bad armor: unchanged. */
    snprintf(path, sizeof path, "%s/root.key", pki_dir);
    ck_assert_int_eq(x509_store_load_file(&store, path, &skipped), TLS13_ERR_PEM);
    snprintf(path, sizeof path, "%s/missing.pem", pki_dir);
    ck_assert_int_eq(x509_store_load_file(&store, path, &skipped), TLS13_ERR_FILE_READ);
    ck_assert_int_eq(run("cd '%s' && (cat int.pem; sed 's/^M/%%/' leaf_ec.pem) > broken.pem",
                         pki_dir), 0);
    snprintf(path, sizeof path, "%s/broken.pem", pki_dir);
    ck_assert_int_eq(x509_store_load_file(&store, path, NULL), TLS13_ERR_PEM);
    ck_assert_uint_eq(store.count, 2);
    x509_store_free(&store);
    ck_assert_uint_eq(store.count, 0);
    x509_store_free(&store);
}
END_TEST

START_TEST(system_bundle_loads)
{
    if (access(SYSTEM_BUNDLE, R_OK) != 0) {
        fprintf(stderr, "store: no %s, skipped\n", SYSTEM_BUNDLE);
        return;
    }
    x509_store store = { 0 };
    size_t skipped = 0;
    ck_assert_int_eq(x509_store_load_file(&store, SYSTEM_BUNDLE, &skipped), TLS13_OK);
    fprintf(stderr, "store: %s: %zu anchors loaded, %zu skipped\n", SYSTEM_BUNDLE, store.count,
            skipped);
    ck_assert_uint_gt(store.count, 0);
    /* Every anchor verifies as a one-certificate path to itself, at a time
     * inside its own validity, unless it is a CA-only certificate whose
     * keyUsage forbids signing (then: wrong purpose). */
    for (size_t i = 0; i < store.count; i++) {
        x509_cert c;
        ck_assert_int_eq(x509_cert_parse(store.certs[i].data, store.certs[i].len, &c), TLS13_OK);
        x509_bytes chain = { store.certs[i].data, store.certs[i].len };
        x509_verify_params params = { &store, c.not_before, NULL, X509_PURPOSE_SERVER, 0 };
        sig_public_key key;
        tls13_error err = x509_verify_chain(&params, &chain, 1, &key, NULL, 0);
        ck_assert(err == TLS13_OK || err == TLS13_ERR_CERT_WRONG_PURPOSE);
    }
    x509_store_free(&store);
}
END_TEST

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    sig_private_key ed;
    if (sig_ed25519_generate(&ed, NULL) != TLS13_OK)
        return EXIT_FAILURE;
    memcpy(ed25519_point, ed.pub.ed25519, 32);
    sig_private_key_wipe(&ed);

    Suite *s = suite_create("verify");
    TCase *parse = tcase_create("parse");
    tcase_set_timeout(parse, 600);
    tcase_add_test(parse, xargs_certificate_fields);
    tcase_add_test(parse, times_follow_rfc5280_4_1_2_5);
    tcase_add_test(parse, names_serials_and_versions);
    tcase_add_test(parse, extensions_follow_rfc5280_4_2);
    tcase_add_test(parse, extension_values_are_read);
    tcase_add_test(parse, many_subject_alt_names);
    tcase_add_test(parse, xargs_truncations_and_corruptions_fail_cleanly);
    tcase_add_test(parse, system_certificates_truncations_and_corruptions_fail_cleanly);
    suite_add_tcase(s, parse);

    TCase *hosts = tcase_create("hosts");
    tcase_add_test(hosts, host_names_follow_rfc6125_6_4);
    tcase_add_test(hosts, name_constraints_compare_names);
    tcase_add_test(hosts, name_constraints_on_certificate_names);
    suite_add_tcase(s, hosts);

    TCase *chains = tcase_create("chains");
    tcase_set_timeout(chains, 600);
    tcase_add_unchecked_fixture(chains, make_pki, NULL);
    tcase_add_test(chains, leaves_of_each_key_type_verify);
    tcase_add_test(chains, order_extras_and_anchors_in_the_chain);
    tcase_add_test(chains, cross_signed_intermediates);
    tcase_add_test(chains, other_signature_algorithms_on_the_path);
    tcase_add_test(chains, generalized_time_leaf);
    tcase_add_test(chains, ca_leaf_serves_and_client_purpose);
    tcase_add_test(chains, wrong_host_name);
    tcase_add_test(chains, validity_against_now);
    tcase_add_test(chains, untrusted_root);
    tcase_add_test(chains, leaf_used_as_a_ca);
    tcase_add_test(chains, ca_without_key_cert_sign);
    tcase_add_test(chains, path_too_long);
    tcase_add_test(chains, bad_signatures);
    tcase_add_test(chains, wildcards_in_the_wrong_place);
    tcase_add_test(chains, wrong_purpose);
    tcase_add_test(chains, extended_key_usage_of_the_cas);
    tcase_add_test(chains, name_constraints_of_the_cas);
    tcase_add_test(chains, name_constraints_excluded_and_ip);
    tcase_add_test(chains, name_constraints_other_forms_paths_and_anchors);
    tcase_add_test(chains, unknown_critical_extensions);
    tcase_add_test(chains, malformed_and_bad_arguments);
    tcase_add_test(chains, generated_certificates_fail_cleanly);
    suite_add_tcase(s, chains);

    TCase *store = tcase_create("store");
    tcase_set_timeout(store, 600);
    tcase_add_unchecked_fixture(store, make_pki, NULL);
    tcase_add_test(store, store_loads_bundles);
    tcase_add_test(store, system_bundle_loads);
    suite_add_tcase(s, store);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    remove_pki();
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
