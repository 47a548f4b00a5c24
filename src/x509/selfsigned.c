/*
 * selfsigned.c — a throwaway self-signed Ed25519 certificate (RFC 5280 v3,
 * RFC 8410 keys and signature) for tls13-server and tests:
 *
 *   serialNumber  16 random bytes, positive (RFC 5280 §4.1.2.2)
 *   issuer = subject  CN=<name>
 *   validity      UTCTime through 2049, GeneralizedTime after (§4.1.2.5)
 *   extensions    subjectAltName dNSName=<name> (§4.2.1.6),
 *                 basicConstraints cA FALSE, critical (§4.2.1.9),
 *                 keyUsage digitalSignature, critical (§4.2.1.3)
 *   signature     Ed25519 over the DER tbsCertificate (RFC 8410 §6)
 *
 * Built with der.c's writer, which fills in minimal lengths.
 * May touch: src/x509, src/wire, src/crypto (sig.h, secure.h).
 */
#include "x509/x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "x509/der.h"
#include "x509/oids.h"

#define SELF_SIGNED_MAX 2048
#define SERIAL_LEN 16
#define MAX_NAME_LEN 64   /* ub-common-name, RFC 5280 Appendix A.1 */
#define SECONDS_PER_DAY 86400

/* ------------------------------------------------------------------------ */
/* Time                                                                     */
/* ------------------------------------------------------------------------ */

typedef struct civil_time {
    int64_t year;
    unsigned month, day, hour, minute, second;
} civil_time;

/* Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's
 * civil_from_days). */
static civil_time civil_from_unix(int64_t t)
{
    int64_t days = t / SECONDS_PER_DAY, secs = t % SECONDS_PER_DAY;
    if (secs < 0) {
        secs += SECONDS_PER_DAY;
        days--;
    }
    int64_t z = days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    civil_time c;
    c.day = doy - (153 * mp + 2) / 5 + 1;
    c.month = mp < 10 ? mp + 3 : mp - 9;
    c.year = (int64_t)yoe + era * 400 + (c.month <= 2 ? 1 : 0);
    c.hour = (unsigned)(secs / 3600);
    c.minute = (unsigned)(secs / 60 % 60);
    c.second = (unsigned)(secs % 60);
    return c;
}

/* RFC 5280 §4.1.2.5: UTCTime (YYMMDDHHMMSSZ) for 1950 through 2049,
 * GeneralizedTime (YYYYMMDDHHMMSSZ) otherwise; always Zulu, with seconds. */
static bool write_time(wire_writer *w, int64_t t)
{
    civil_time c = civil_from_unix(t);
    if (c.year < 0 || c.year > 9999)
        return false;
    char text[16];
    bool utc = c.year >= 1950 && c.year <= 2049;
    int n = utc ? snprintf(text, sizeof text, "%02u%02u%02u%02u%02u%02uZ",
                           (unsigned)(c.year % 100), c.month, c.day, c.hour, c.minute,
                           c.second)
                : snprintf(text, sizeof text, "%04u%02u%02u%02u%02u%02uZ",
                           (unsigned)c.year, c.month, c.day, c.hour, c.minute, c.second);
    if (n <= 0 || (size_t)n >= sizeof text)
        return false;
    return der_write(w, utc ? DER_UTC_TIME : DER_GENERALIZED_TIME, (const uint8_t *)text,
                     (size_t)n);
}

/* ------------------------------------------------------------------------ */
/* Pieces of the certificate                                                */
/* ------------------------------------------------------------------------ */

/* AlgorithmIdentifier for Ed25519: parameters absent (RFC 8410 §3). */
static bool write_ed25519_algorithm(wire_writer *w)
{
    size_t m;
    return der_begin(w, DER_SEQUENCE, &m) && der_write(w, DER_OID, oid_ed25519,
                                                       sizeof oid_ed25519) &&
           der_end(w, m);
}

/* Name: one RDN holding commonName as a UTF8String (RFC 5280 §4.1.2.4). */
static bool write_name(wire_writer *w, const char *cn)
{
    size_t seq, set, atv;
    return der_begin(w, DER_SEQUENCE, &seq) && der_begin(w, DER_SET, &set) &&
           der_begin(w, DER_SEQUENCE, &atv) &&
           der_write(w, DER_OID, oid_common_name, sizeof oid_common_name) &&
           der_write(w, DER_UTF8_STRING, (const uint8_t *)cn, strlen(cn)) &&
           der_end(w, atv) && der_end(w, set) && der_end(w, seq);
}

static bool write_validity(wire_writer *w, int64_t not_before, int64_t not_after)
{
    size_t m;
    return der_begin(w, DER_SEQUENCE, &m) && write_time(w, not_before) &&
           write_time(w, not_after) && der_end(w, m);
}

/* SubjectPublicKeyInfo for Ed25519 (RFC 8410 §4). */
static bool write_spki(wire_writer *w, const uint8_t pk[32])
{
    size_t m, bits;
    return der_begin(w, DER_SEQUENCE, &m) && write_ed25519_algorithm(w) &&
           der_begin(w, DER_BIT_STRING, &bits) && wire_write_u8(w, 0) &&
           wire_write_bytes(w, pk, 32) && der_end(w, bits) && der_end(w, m);
}

/* Extension ::= SEQUENCE { extnID, critical (only when TRUE), extnValue }
 * where extnValue wraps an already-encoded value. */
static bool write_extension(wire_writer *w, const uint8_t *oid, size_t oid_len,
                            bool critical, const uint8_t *value, size_t value_len)
{
    static const uint8_t der_true = 0xff;
    size_t m;
    return der_begin(w, DER_SEQUENCE, &m) && der_write(w, DER_OID, oid, oid_len) &&
           (!critical || der_write(w, DER_BOOLEAN, &der_true, 1)) &&
           der_write(w, DER_OCTET_STRING, value, value_len) && der_end(w, m);
}

/* GeneralNames ::= SEQUENCE { dNSName [2] IA5String }. */
static bool encode_san(const char *name, uint8_t *out, size_t cap, size_t *len)
{
    wire_writer w;
    size_t m;
    wire_writer_init(&w, out, cap);
    return der_begin(&w, DER_SEQUENCE, &m) &&
           der_write(&w, DER_CONTEXT_PRIMITIVE_2, (const uint8_t *)name, strlen(name)) &&
           der_end(&w, m) && wire_writer_finish(&w, len);
}

/* [3] EXPLICIT Extensions. basicConstraints is an empty SEQUENCE: cA
 * DEFAULT FALSE is omitted in DER. keyUsage is a BIT STRING with only bit 0
 * (digitalSignature) set: 7 unused bits, then 0x80. */
static bool write_extensions(wire_writer *w, const char *name)
{
    static const uint8_t basic_constraints[] = { 0x30, 0x00 };
    static const uint8_t key_usage[] = { 0x03, 0x02, 0x07, 0x80 };
    uint8_t san[MAX_NAME_LEN + 8];
    size_t san_len, outer, seq;
    return encode_san(name, san, sizeof san, &san_len) &&
           der_begin(w, DER_CONTEXT_3, &outer) && der_begin(w, DER_SEQUENCE, &seq) &&
           write_extension(w, oid_subject_alt_name, sizeof oid_subject_alt_name, false,
                           san, san_len) &&
           write_extension(w, oid_basic_constraints, sizeof oid_basic_constraints, true,
                           basic_constraints, sizeof basic_constraints) &&
           write_extension(w, oid_key_usage, sizeof oid_key_usage, true, key_usage,
                           sizeof key_usage) &&
           der_end(w, seq) && der_end(w, outer);
}

/* TBSCertificate, version v3 ([0] EXPLICIT INTEGER 2). */
static bool write_tbs(wire_writer *w, const sig_private_key *key, const char *name,
                      const uint8_t serial[SERIAL_LEN], int64_t not_before,
                      int64_t not_after)
{
    static const uint8_t v3 = 2;
    size_t m, version;
    return der_begin(w, DER_SEQUENCE, &m) && der_begin(w, DER_CONTEXT_0, &version) &&
           der_write_unsigned(w, &v3, 1) && der_end(w, version) &&
           der_write_unsigned(w, serial, SERIAL_LEN) && write_ed25519_algorithm(w) &&
           write_name(w, name) && write_validity(w, not_before, not_after) &&
           write_name(w, name) && write_spki(w, key->pub.ed25519) &&
           write_extensions(w, name) && der_end(w, m);
}

/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
 * signatureValue BIT STRING }. */
static bool write_certificate(wire_writer *w, const uint8_t *tbs, size_t tbs_len,
                              const uint8_t *sig, size_t sig_len)
{
    size_t m, bits;
    return der_begin(w, DER_SEQUENCE, &m) && wire_write_bytes(w, tbs, tbs_len) &&
           write_ed25519_algorithm(w) && der_begin(w, DER_BIT_STRING, &bits) &&
           wire_write_u8(w, 0) && wire_write_bytes(w, sig, sig_len) && der_end(w, bits) &&
           der_end(w, m);
}

/* ------------------------------------------------------------------------ */
/* Entry point                                                              */
/* ------------------------------------------------------------------------ */

/* A DNS host name as we accept it for CN and dNSName. */
static bool name_valid(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || len > MAX_NAME_LEN)
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.'))
            return false;
    }
    return true;
}

static tls13_error copy_out(const uint8_t *der, size_t len, x509_der *out)
{
    out->data = malloc(len);
    if (out->data == NULL)
        return TLS13_ERR_OUT_OF_MEMORY;
    memcpy(out->data, der, len);
    out->len = len;
    return TLS13_OK;
}

tls13_error x509_make_self_signed(const sig_private_key *key, const char *common_name,
                                  int64_t not_before, int days, x509_der *out)
{
    if (out != NULL)
        memset(out, 0, sizeof *out);
    if (key == NULL || key->type != SIG_KEY_ED25519 || common_name == NULL ||
        out == NULL || !name_valid(common_name) || days <= 0 || days > 366 * 100 ||
        not_before < 0 || not_before > INT64_MAX / 2)
        return TLS13_ERR_INVALID_ARGUMENT;
    int64_t not_after = not_before + (int64_t)days * SECONDS_PER_DAY;
    uint8_t serial[SERIAL_LEN];
    tls13_error err = secure_random(NULL, serial, sizeof serial);
    if (err != TLS13_OK)
        return err;
    serial[0] = (uint8_t)((serial[0] & 0x7f) | 0x40);   /* positive, full length */

    uint8_t tbs[SELF_SIGNED_MAX], cert[SELF_SIGNED_MAX], sig[64];
    size_t tbs_len, cert_len, sig_len;
    wire_writer w;
    wire_writer_init(&w, tbs, sizeof tbs);
    if (!write_tbs(&w, key, common_name, serial, not_before, not_after) ||
        !wire_writer_finish(&w, &tbs_len))
        return TLS13_ERR_INVALID_ARGUMENT;       /* a time beyond year 9999 */
    err = sig_sign(key, SIG_ED25519, tbs, tbs_len, NULL, sig, sizeof sig, &sig_len);
    if (err != TLS13_OK)
        return err;
    wire_writer_init(&w, cert, sizeof cert);
    if (!write_certificate(&w, tbs, tbs_len, sig, sig_len) ||
        !wire_writer_finish(&w, &cert_len))
        return TLS13_ERR_BUFFER_TOO_SMALL;
    return copy_out(cert, cert_len, out);
}
