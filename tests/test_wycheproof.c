/*
 * test_wycheproof.c — every primitive in src/crypto/ against the Project
 * Wycheproof vectors in vectors/wycheproof/ (DESIGN.md: "Every primitive we
 * call is checked against the Wycheproof files").
 *
 * The JSON files are converted at build time by tests/wycheproof_to_txt.py
 * into blocks of "name value" lines (format in that script); this file reads
 * those blocks. Every case of every file is counted: a case is either run and
 * judged, or skipped for a stated reason. A file prints
 *   "<file>: N cases: V valid passed, I invalid rejected, A acceptable, S skipped (...)"
 * and the test fails on any mismatch (naming the tcId), on a count that does
 * not add up to the file's numberOfTests, and on a file with no case run.
 *
 * Policies (where TLS, and so this library, is stricter than the file):
 *  - AEAD: TLS 1.3 nonces are always 96 bits (RFC 9846 §5.3) and aead.h only
 *    takes 12-byte nonces, so other IV sizes cannot be expressed: skipped and
 *    counted. aead.h offers AES-128/256-GCM only (the TLS 1.3 suites), so
 *    192-bit AES keys are skipped and counted.
 *  - X25519: RFC 9846 §7.4.2 requires aborting on an all-zero shared secret
 *    (RFC 7748 §6). Any case whose expected output is all zero must be refused
 *    with TLS13_ERR_ZERO_SHARED_SECRET. The other "acceptable" cases (twist
 *    points, non-canonical u-coordinates, special/small public keys) are what
 *    RFC 7748 §5 says an implementation MUST accept (mask the top bit, no
 *    point validation): they must produce the file's shared secret.
 *  - P-256: the file gives public keys as DER SubjectPublicKeyInfo. A strict
 *    DER walk here takes out the point; it accepts only id-ecPublicKey with
 *    the named curve prime256v1, so wrong curves, explicit curve parameters
 *    and non-DER encodings are "rejected by the parser". The point goes to
 *    kex_shared_secret as the peer's key_share. TLS allows only the
 *    uncompressed form (RFC 9846 §4.3.8.2), so compressed points must be
 *    refused with TLS13_ERR_BAD_KEY_SHARE (counted separately).
 */
#include <check.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/hkdf.h"
#include "crypto/kex.h"
#include "crypto/secure.h"
#include "vecfile.h"

#ifndef WYCHEPROOF_TXT_DIR
#define WYCHEPROOF_TXT_DIR "."
#endif

/* ------------------------------------------------------------------------ */
/* Reading the converted files                                              */
/* ------------------------------------------------------------------------ */

#define WP_MAX_FIELDS 32
#define WP_MAX_BUFS 16

typedef struct wp_field {
    char *name;
    char *value;
} wp_field;

/* One test case: its fields, plus the buffers decoded from them (freed by
 * wp_case_clear). */
typedef struct wp_case {
    wp_field fields[WP_MAX_FIELDS];
    size_t field_count;
    uint8_t *bufs[WP_MAX_BUFS];
    size_t buf_count;
    long tc_id;
    const char *result;
    const char *flags;
    const char *comment;
} wp_case;

typedef struct wp_file {
    FILE *f;
    char *path;
    char *name;
    long number_of_tests;
    char *line;
    size_t line_cap;
    long line_no;
} wp_file;

static void wp_die(const wp_file *wf, const char *msg)
{
    fprintf(stderr, "%s:%ld: %s\n", wf->path, wf->line_no, msg);
    abort();
}

/* Reads one line without its '\n'; NULL at end of file. */
static char *wp_read_line(wp_file *wf)
{
    ssize_t n = getline(&wf->line, &wf->line_cap, wf->f);
    if (n < 0)
        return NULL;
    wf->line_no++;
    if (n > 0 && wf->line[n - 1] == '\n')
        wf->line[n - 1] = '\0';
    return wf->line;
}

/* Splits "name value" in place; value is "" when the line is the name alone. */
static char *wp_split(char *line)
{
    char *sp = strchr(line, ' ');
    if (sp == NULL)
        return line + strlen(line);
    *sp = '\0';
    return sp + 1;
}

static void wp_open(wp_file *wf, const char *json_name)
{
    memset(wf, 0, sizeof *wf);
    const char *dir = getenv("TLS13_WYCHEPROOF_TXT_DIR");
    if (dir == NULL || dir[0] == '\0')
        dir = WYCHEPROOF_TXT_DIR;
    size_t n = strlen(dir) + strlen(json_name) + 8;
    wf->path = malloc(n);
    ck_assert_ptr_nonnull(wf->path);
    /* aes_gcm_test.json -> <dir>/aes_gcm_test.txt */
    snprintf(wf->path, n, "%s/%.*s.txt", dir, (int)(strlen(json_name) - 5), json_name);
    wf->f = fopen(wf->path, "r");
    ck_assert_msg(wf->f != NULL, "cannot open %s (built by tests/wycheproof_to_txt.py)",
                  wf->path);
    wf->number_of_tests = -1;
    char *line;
    while ((line = wp_read_line(wf)) != NULL && strcmp(line, "test") != 0) {
        if (line[0] == '#')
            continue;
        char *value = wp_split(line);
        if (strcmp(line, "file") == 0) {
            if (strcmp(value, json_name) != 0)
                wp_die(wf, "file name does not match");
            wf->name = strdup(value);
        } else if (strcmp(line, "numberOfTests") == 0) {
            wf->number_of_tests = strtol(value, NULL, 10);
        }
    }
    if (line == NULL || wf->name == NULL || wf->number_of_tests <= 0)
        wp_die(wf, "bad header");
    /* The first "test" line has been consumed; wp_next expects that. */
}

static void wp_close(wp_file *wf)
{
    fclose(wf->f);
    free(wf->line);
    free(wf->path);
    free(wf->name);
}

static void wp_case_clear(wp_case *c)
{
    for (size_t i = 0; i < c->field_count; i++) {
        free(c->fields[i].name);
        free(c->fields[i].value);
    }
    for (size_t i = 0; i < c->buf_count; i++)
        free(c->bufs[i]);
    memset(c, 0, sizeof *c);
}

static const char *wp_get(const wp_case *c, const char *name)
{
    for (size_t i = 0; i < c->field_count; i++)
        if (strcmp(c->fields[i].name, name) == 0)
            return c->fields[i].value;
    return NULL;
}

/* Reads the block after a "test" line (already consumed) up to "end", and the
 * "test" line of the next block. Returns false at the end of the file. */
static bool wp_next(wp_file *wf, wp_case *c, bool *have_block)
{
    wp_case_clear(c);
    if (!*have_block)
        return false;
    char *line;
    while ((line = wp_read_line(wf)) != NULL && strcmp(line, "end") != 0) {
        if (c->field_count == WP_MAX_FIELDS)
            wp_die(wf, "too many fields");
        char *value = wp_split(line);
        c->fields[c->field_count].name = strdup(line);
        c->fields[c->field_count].value = strdup(value);
        c->field_count++;
    }
    if (line == NULL)
        wp_die(wf, "test block without end");
    line = wp_read_line(wf);
    *have_block = line != NULL;
    if (line != NULL && strcmp(line, "test") != 0)
        wp_die(wf, "expected a test block");
    const char *id = wp_get(c, "tcId");
    c->result = wp_get(c, "result");
    c->flags = wp_get(c, "flags");
    c->comment = wp_get(c, "comment");
    if (id == NULL || c->result == NULL || c->flags == NULL || c->comment == NULL)
        wp_die(wf, "test block lacks tcId, result, flags or comment");
    c->tc_id = strtol(id, NULL, 10);
    return true;
}

/* A field as bytes; the buffer belongs to the case. Aborts if it is absent. */
static const uint8_t *wp_hex(wp_case *c, const char *name, size_t *len)
{
    const char *hex = wp_get(c, name);
    ck_assert_msg(hex != NULL, "tcId %ld has no field %s", c->tc_id, name);
    ck_assert_uint_lt(c->buf_count, WP_MAX_BUFS);
    uint8_t *buf = hex_decode(hex, len);
    ck_assert_msg(buf != NULL, "tcId %ld: bad hex in %s", c->tc_id, name);
    c->bufs[c->buf_count++] = buf;
    return buf;
}

static long wp_int(const wp_case *c, const char *name)
{
    const char *v = wp_get(c, name);
    ck_assert_msg(v != NULL, "tcId %ld has no field %s", c->tc_id, name);
    return strtol(v, NULL, 10);
}

static bool wp_has_flag(const wp_case *c, const char *flag)
{
    size_t n = strlen(flag);
    for (const char *p = c->flags; *p != '\0';) {
        const char *comma = strchr(p, ',');
        size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
        if (len == n && memcmp(p, flag, n) == 0)
            return true;
        if (comma == NULL)
            break;
        p = comma + 1;
    }
    return false;
}

static bool is_valid(const wp_case *c) { return strcmp(c->result, "valid") == 0; }
static bool is_invalid(const wp_case *c) { return strcmp(c->result, "invalid") == 0; }

/* ------------------------------------------------------------------------ */
/* Counting                                                                 */
/* ------------------------------------------------------------------------ */

typedef struct wp_tally {
    const char *file;
    long total;
    long valid_passed;
    long invalid_rejected;
    long acceptable;
    long skipped;
    long failures;
    long first_failed;
} wp_tally;

#if defined(__GNUC__)
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))
#else
#define PRINTF_LIKE(f, a)
#endif

PRINTF_LIKE(3, 4)
static void fail_case(wp_tally *t, const wp_case *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "MISMATCH %s tcId %ld (%s; flags %s; \"%s\"): ", t->file, c->tc_id,
            c->result, c->flags, c->comment);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (t->failures++ == 0)
        t->first_failed = c->tc_id;
}

/* Records the outcome of a case that was run: passed says whether our result
 * agrees with the file (valid: accepted with the right output; invalid:
 * rejected; acceptable: either, judged by the runner). */
static void count_case(wp_tally *t, const wp_case *c, bool passed)
{
    if (!passed)
        return;
    if (is_valid(c))
        t->valid_passed++;
    else if (is_invalid(c))
        t->invalid_rejected++;
    else
        t->acceptable++;
}

static void finish(const wp_tally *t, long number_of_tests, const char *details)
{
    printf("%s: %ld cases: %ld valid passed, %ld invalid rejected, %ld acceptable, "
           "%ld skipped%s%s\n",
           t->file, t->total, t->valid_passed, t->invalid_rejected, t->acceptable,
           t->skipped, details[0] != '\0' ? " " : "", details);
    fflush(stdout);
    ck_assert_msg(t->failures == 0, "%s: %ld mismatches, the first at tcId %ld", t->file,
                  t->failures, t->first_failed);
    ck_assert_msg(t->total == number_of_tests, "%s: read %ld cases, the file says %ld",
                  t->file, t->total, number_of_tests);
    ck_assert_msg(t->total - t->skipped > 0, "%s: no case was run", t->file);
    ck_assert_msg(t->valid_passed + t->invalid_rejected + t->acceptable + t->skipped ==
                      t->total,
                  "%s: counts do not add up", t->file);
}

/* Appends "(item" or "; item" to a details string. */
PRINTF_LIKE(3, 4)
static void add_detail(char *details, size_t size, const char *fmt, ...)
{
    size_t used = strlen(details);
    used += (size_t)snprintf(details + used, size - used, used == 0 ? "(" : "; ");
    if (used >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(details + used, size - used, fmt, ap);
    va_end(ap);
}

static void close_details(char *details, size_t size)
{
    size_t used = strlen(details);
    if (used > 0 && used < size)
        snprintf(details + used, size - used, ")");
}

/* ------------------------------------------------------------------------ */
/* AEAD: aes_gcm_test.json, chacha20_poly1305_test.json (aead_test schema)  */
/* ------------------------------------------------------------------------ */

static bool all_zero(const uint8_t *p, size_t len)
{
    uint8_t acc = 0;
    for (size_t i = 0; i < len; i++)
        acc |= p[i];
    return acc == 0;
}

/* Returns true when our behaviour agrees with the case's verdict. */
static bool aead_case(wp_tally *t, wp_case *c, aead_alg alg)
{
    size_t key_len, iv_len, aad_len, msg_len, ct_len, tag_len;
    const uint8_t *key = wp_hex(c, "key", &key_len);
    const uint8_t *iv = wp_hex(c, "iv", &iv_len);
    const uint8_t *aad = wp_hex(c, "aad", &aad_len);
    const uint8_t *msg = wp_hex(c, "msg", &msg_len);
    const uint8_t *ct = wp_hex(c, "ct", &ct_len);
    const uint8_t *tag = wp_hex(c, "tag", &tag_len);
    /* What the schema guarantees for the groups we run. */
    ck_assert_uint_eq(iv_len, AEAD_NONCE_LEN);
    ck_assert_uint_eq(tag_len, AEAD_TAG_LEN);
    ck_assert_uint_eq(ct_len, msg_len);

    aead_key k;
    tls13_error err = aead_init(&k, alg, key, key_len);
    if (err != TLS13_OK) {
        fail_case(t, c, "aead_init: %s", tls13_error_name(err));
        return false;
    }
    size_t sealed_len = ct_len + AEAD_TAG_LEN;
    uint8_t *sealed = malloc(sealed_len);
    uint8_t *out = malloc(sealed_len);
    ck_assert_ptr_nonnull(sealed);
    ck_assert_ptr_nonnull(out);
    memcpy(sealed, ct, ct_len);
    memcpy(sealed + ct_len, tag, AEAD_TAG_LEN);
    bool ok = true;

    /* Open, out of place. */
    memset(out, 0xa5, sealed_len);
    err = aead_open(&k, iv, aad, aad_len, sealed, sealed_len, out);
    bool opened = err == TLS13_OK;
    if (opened && memcmp(out, msg, msg_len) != 0) {
        fail_case(t, c, "aead_open accepted but the plaintext differs");
        ok = false;
    }
    if (!opened && err != TLS13_ERR_RECORD_BAD_MAC) {
        fail_case(t, c, "aead_open: %s, expected TLS13_ERR_RECORD_BAD_MAC",
                  tls13_error_name(err));
        ok = false;
    }
    if (!opened && !all_zero(out, ct_len)) {
        fail_case(t, c, "aead_open refused but left bytes in the output");
        ok = false;
    }
    /* Open in place must agree. */
    memcpy(out, sealed, sealed_len);
    tls13_error err2 = aead_open(&k, iv, aad, aad_len, out, sealed_len, out);
    if (err2 != err || (opened && memcmp(out, msg, msg_len) != 0) ||
        (!opened && !all_zero(out, ct_len))) {
        fail_case(t, c, "aead_open in place differs from out of place (%s)",
                  tls13_error_name(err2));
        ok = false;
    }
    if (is_invalid(c) && opened) {
        fail_case(t, c, "aead_open accepted an invalid ciphertext");
        ok = false;
    }
    /* Valid (and acceptable, of which these files have none) must open. */
    if (!is_invalid(c)) {
        if (!opened) {
            fail_case(t, c, "aead_open refused: %s", tls13_error_name(err));
            ok = false;
        }
        /* Seal must give exactly ct || tag. */
        err = aead_seal(&k, iv, aad, aad_len, msg, msg_len, out);
        if (err != TLS13_OK || memcmp(out, sealed, sealed_len) != 0) {
            fail_case(t, c, "aead_seal: %s, or its output is not ct || tag",
                      tls13_error_name(err));
            ok = false;
        }
    }
    aead_wipe(&k);
    free(sealed);
    free(out);
    return ok;
}

static void run_aead_file(const char *json, bool is_gcm)
{
    ck_assert_int_eq(secure_init(), TLS13_OK);
    wp_file wf;
    wp_open(&wf, json);
    wp_tally t = {.file = json};
    long skip_iv = 0, skip_key192 = 0, skip_tag = 0;
    wp_case c = {0};
    bool more = true;
    while (wp_next(&wf, &c, &more)) {
        t.total++;
        long iv_bits = wp_int(&c, "ivSize"), key_bits = wp_int(&c, "keySize");
        if (iv_bits != 8 * AEAD_NONCE_LEN) {
            skip_iv++;
            continue;
        }
        if (wp_int(&c, "tagSize") != 8 * AEAD_TAG_LEN) {
            skip_tag++;
            continue;
        }
        aead_alg alg = AEAD_CHACHA20_POLY1305;
        if (is_gcm && key_bits == 192) {
            skip_key192++;
            continue;
        }
        if (is_gcm)
            alg = key_bits == 128 ? AEAD_AES_128_GCM : AEAD_AES_256_GCM;
        count_case(&t, &c, aead_case(&t, &c, alg));
    }
    wp_case_clear(&c);
    t.skipped = skip_iv + skip_key192 + skip_tag;
    /* Name only the reasons that occurred. */
    char details[512] = "";
    if (skip_iv > 0)
        add_detail(details, sizeof details, "%ld with a nonce that is not 96 bits: TLS 1.3 "
                   "nonces are 96 bits and aead.h takes exactly 12 bytes", skip_iv);
    if (skip_key192 > 0)
        add_detail(details, sizeof details, "%ld with a 192-bit AES key: no TLS 1.3 suite "
                   "uses it, aead.h has AES-128/256 only", skip_key192);
    if (skip_tag > 0)
        add_detail(details, sizeof details, "%ld with a tag that is not 128 bits", skip_tag);
    close_details(details, sizeof details);
    finish(&t, wf.number_of_tests, details);
    wp_close(&wf);
}

START_TEST(wycheproof_aes_gcm)
{
    run_aead_file("aes_gcm_test.json", true);
}
END_TEST

START_TEST(wycheproof_chacha20_poly1305)
{
    run_aead_file("chacha20_poly1305_test.json", false);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* X25519: x25519_test.json (xdh_comp schema)                               */
/* ------------------------------------------------------------------------ */

typedef struct x25519_counts {
    long zero_refused;    /* all-zero output refused (RFC 9846 §7.4.2) */
    long acceptable_ok;   /* acceptable case computed like RFC 7748 says */
} x25519_counts;

static bool x25519_case(wp_tally *t, wp_case *c, x25519_counts *xc)
{
    size_t pub_len, priv_len, shared_len;
    const uint8_t *pub = wp_hex(c, "public", &pub_len);
    const uint8_t *priv = wp_hex(c, "private", &priv_len);
    const uint8_t *want = wp_hex(c, "shared", &shared_len);
    bool zero = shared_len == 32 && all_zero(want, shared_len);
    if (wp_has_flag(c, "ZeroSharedSecret") != zero) {
        fail_case(t, c, "the ZeroSharedSecret flag and the expected output disagree");
        return false;
    }
    kex_keypair kp;
    tls13_error err = kex_from_private(&kp, KEX_X25519, priv, priv_len);
    if (err != TLS13_OK || kp.public_len != 32) {
        fail_case(t, c, "kex_from_private: %s", tls13_error_name(err));
        return false;
    }
    uint8_t got[KEX_MAX_SHARED_LEN];
    size_t got_len = 0;
    err = kex_shared_secret(&kp, pub, pub_len, got, &got_len);
    kex_wipe(&kp);
    if (zero) {
        /* RFC 9846 §7.4.2: "Implementations MUST check whether the computed
         * Diffie-Hellman shared secret is the all-zero value and abort". */
        if (err != TLS13_ERR_ZERO_SHARED_SECRET) {
            fail_case(t, c, "all-zero shared secret not refused: %s",
                      tls13_error_name(err));
            return false;
        }
        xc->zero_refused++;
        return true;
    }
    if (is_invalid(c)) {
        if (err == TLS13_OK) {
            fail_case(t, c, "invalid case accepted");
            return false;
        }
        return true;
    }
    if (err != TLS13_OK || got_len != shared_len || memcmp(got, want, shared_len) != 0) {
        fail_case(t, c, "kex_shared_secret: %s, or the secret differs",
                  tls13_error_name(err));
        return false;
    }
    if (!is_valid(c))
        xc->acceptable_ok++;
    return true;
}

START_TEST(wycheproof_x25519)
{
    ck_assert_int_eq(secure_init(), TLS13_OK);
    wp_file wf;
    wp_open(&wf, "x25519_test.json");
    wp_tally t = {.file = "x25519_test.json"};
    x25519_counts xc = {0};
    wp_case c = {0};
    bool more = true;
    while (wp_next(&wf, &c, &more)) {
        t.total++;
        ck_assert_str_eq(wp_get(&c, "curve"), "curve25519");
        count_case(&t, &c, x25519_case(&t, &c, &xc));
    }
    wp_case_clear(&c);
    char details[512];
    snprintf(details, sizeof details,
             "(acceptable: %ld with an all-zero shared secret refused with "
             "TLS13_ERR_ZERO_SHARED_SECRET per RFC 9846 §7.4.2, %ld twist/non-canonical/"
             "special keys accepted with the expected secret per RFC 7748 §5)",
             xc.zero_refused, xc.acceptable_ok);
    finish(&t, wf.number_of_tests, details);
    wp_close(&wf);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* P-256 ECDH: ecdh_secp256r1_test.json (ecdh_test schema, DER public keys) */
/* ------------------------------------------------------------------------ */

typedef enum spki_status {
    SPKI_OK,
    SPKI_BAD_DER,        /* not strict DER, or not the SPKI structure */
    SPKI_NOT_EC,         /* algorithm is not id-ecPublicKey */
    SPKI_WRONG_CURVE,    /* a named curve other than prime256v1 */
    SPKI_EXPLICIT_CURVE, /* specifiedCurve parameters instead of a name */
    SPKI_STATUS_COUNT
} spki_status;

static const char *const spki_status_names[SPKI_STATUS_COUNT] = {
    "ok", "not DER / not an SPKI", "not id-ecPublicKey", "another named curve",
    "explicit curve parameters",
};

/* Reads one DER TLV with the given tag from *p: strict DER lengths (definite,
 * minimal). Sets the content and its length, and advances *p and *len past
 * the TLV. */
static bool der_take(const uint8_t **p, size_t *len, uint8_t tag,
                     const uint8_t **content, size_t *content_len)
{
    if (*len < 2 || (*p)[0] != tag)
        return false;
    size_t n = (*p)[1], hdr = 2;
    if (n == 0x81) {
        if (*len < 3 || (*p)[2] < 0x80)
            return false;
        n = (*p)[2];
        hdr = 3;
    } else if (n == 0x82) {
        if (*len < 4 || (*p)[2] == 0 || (((size_t)(*p)[2] << 8) | (*p)[3]) < 0x100)
            return false;
        n = ((size_t)(*p)[2] << 8) | (*p)[3];
        hdr = 4;
    } else if (n >= 0x80) {
        return false; /* indefinite, or longer than any SPKI here */
    }
    if (*len - hdr < n)
        return false;
    *content = *p + hdr;
    *content_len = n;
    *p += hdr + n;
    *len -= hdr + n;
    return true;
}

static bool der_is(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
    return a_len == b_len && memcmp(a, b, a_len) == 0;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm SEQUENCE { OID, params },
 * subjectPublicKey BIT STRING } (RFC 5480 §2). On SPKI_OK *point is the
 * content of the BIT STRING (whatever form the point is in). */
static spki_status spki_ec_point(const uint8_t *der, size_t der_len, const uint8_t **point,
                                 size_t *point_len)
{
    static const uint8_t ec_public_key[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
    static const uint8_t prime256v1[] = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    const uint8_t *spki, *alg, *oid, *bits;
    size_t spki_len, alg_len, oid_len, bits_len;
    if (!der_take(&der, &der_len, 0x30, &spki, &spki_len) || der_len != 0)
        return SPKI_BAD_DER;
    if (!der_take(&spki, &spki_len, 0x30, &alg, &alg_len) ||
        !der_take(&spki, &spki_len, 0x03, &bits, &bits_len) || spki_len != 0)
        return SPKI_BAD_DER;
    if (!der_take(&alg, &alg_len, 0x06, &oid, &oid_len))
        return SPKI_BAD_DER;
    if (!der_is(oid, oid_len, ec_public_key, sizeof ec_public_key))
        return SPKI_NOT_EC;
    if (alg_len > 0 && alg[0] == 0x30)
        return SPKI_EXPLICIT_CURVE;
    if (!der_take(&alg, &alg_len, 0x06, &oid, &oid_len) || alg_len != 0)
        return SPKI_BAD_DER;
    if (!der_is(oid, oid_len, prime256v1, sizeof prime256v1))
        return SPKI_WRONG_CURVE;
    if (bits_len < 1 || bits[0] != 0) /* unused-bits octet must be 0 */
        return SPKI_BAD_DER;
    *point = bits + 1;
    *point_len = bits_len - 1;
    return SPKI_OK;
}

/* The P-256 group order n, big-endian. */
static const uint8_t p256_n[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17, 0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51,
};

/* The file's private keys are big-endian integers, sometimes with a leading
 * 00 (DER-style) or fewer than 32 bytes. Returns false if it does not fit. */
static bool p256_normalize_private(const uint8_t *in, size_t in_len, uint8_t out[32])
{
    while (in_len > 0 && in[0] == 0) {
        in++;
        in_len--;
    }
    if (in_len > 32)
        return false;
    memset(out, 0, 32);
    memcpy(out + 32 - in_len, in, in_len);
    return true;
}

static bool p256_in_range(const uint8_t k[32])
{
    return !all_zero(k, 32) && memcmp(k, p256_n, 32) < 0;
}

typedef struct ecdh_counts {
    long private_refused;           /* scalar outside [1, n-1] refused */
    long parser[SPKI_STATUS_COUNT]; /* rejected by the SPKI walk, by reason */
    long compressed;                /* compressed points refused by kex */
    long kex_refused;               /* other points refused by kex */
    long acceptable_ok;             /* acceptable and computed correctly */
} ecdh_counts;

static bool ecdh_case(wp_tally *t, wp_case *c, ecdh_counts *ec)
{
    size_t spki_len, priv_len, shared_len, point_len = 0;
    const uint8_t *spki = wp_hex(c, "public", &spki_len);
    const uint8_t *priv = wp_hex(c, "private", &priv_len);
    const uint8_t *want = wp_hex(c, "shared", &shared_len);
    const uint8_t *point = NULL;
    uint8_t scalar[32];

    kex_keypair kp;
    bool fits = p256_normalize_private(priv, priv_len, scalar);
    tls13_error err = fits ? kex_from_private(&kp, KEX_SECP256R1, scalar, 32)
                           : TLS13_ERR_BAD_PRIVATE_KEY;
    if (!fits || !p256_in_range(scalar)) {
        if (err == TLS13_OK) {
            fail_case(t, c, "kex_from_private accepted a scalar outside [1, n-1]");
            kex_wipe(&kp);
            return false;
        }
        if (is_valid(c)) {
            fail_case(t, c, "valid case with a private key outside [1, n-1]");
            return false;
        }
        ec->private_refused++;
        return true;
    }
    if (err != TLS13_OK || kp.public_len != 65) {
        fail_case(t, c, "kex_from_private: %s", tls13_error_name(err));
        return false;
    }

    spki_status st = spki_ec_point(spki, spki_len, &point, &point_len);
    if (st != SPKI_OK) {
        kex_wipe(&kp);
        if (is_valid(c)) {
            fail_case(t, c, "the SPKI walk refused a valid key: %s", spki_status_names[st]);
            return false;
        }
        ec->parser[st]++;
        return true;
    }
    bool compressed = point_len > 0 && (point[0] == 0x02 || point[0] == 0x03);
    uint8_t got[KEX_MAX_SHARED_LEN];
    size_t got_len = 0;
    err = kex_shared_secret(&kp, point, point_len, got, &got_len);
    kex_wipe(&kp);

    if (err != TLS13_OK && err != TLS13_ERR_BAD_KEY_SHARE) {
        fail_case(t, c, "kex_shared_secret: %s, expected OK or TLS13_ERR_BAD_KEY_SHARE",
                  tls13_error_name(err));
        return false;
    }
    if (compressed) {
        /* RFC 9846 §4.3.8.2: only UncompressedPointRepresentation. */
        if (err != TLS13_ERR_BAD_KEY_SHARE) {
            fail_case(t, c, "a compressed point was accepted");
            return false;
        }
        if (is_valid(c)) {
            fail_case(t, c, "valid case uses a compressed point (policy difference)");
            return false;
        }
        ec->compressed++;
        return true;
    }
    if (err == TLS13_OK) {
        if (got_len != shared_len || memcmp(got, want, shared_len) != 0) {
            fail_case(t, c, "kex_shared_secret gave the wrong secret");
            return false;
        }
        if (is_invalid(c)) {
            fail_case(t, c, "kex_shared_secret accepted an invalid public key");
            return false;
        }
        if (!is_valid(c))
            ec->acceptable_ok++;
        return true;
    }
    if (is_valid(c)) {
        fail_case(t, c, "kex_shared_secret refused a valid public key");
        return false;
    }
    ec->kex_refused++;
    return true;
}

START_TEST(wycheproof_ecdh_secp256r1)
{
    ck_assert_int_eq(secure_init(), TLS13_OK);
    wp_file wf;
    wp_open(&wf, "ecdh_secp256r1_test.json");
    wp_tally t = {.file = "ecdh_secp256r1_test.json"};
    ecdh_counts ec = {0, {0}, 0, 0, 0};
    wp_case c = {0};
    bool more = true;
    while (wp_next(&wf, &c, &more)) {
        t.total++;
        ck_assert_str_eq(wp_get(&c, "curve"), "secp256r1");
        ck_assert_str_eq(wp_get(&c, "encoding"), "asn");
        count_case(&t, &c, ecdh_case(&t, &c, &ec));
    }
    wp_case_clear(&c);
    char details[768];
    snprintf(details, sizeof details,
             "(of the invalid and acceptable cases: %ld private keys outside [1, n-1] "
             "refused by kex_from_private; %ld rejected by the SPKI walk as not "
             "strict DER, %ld as not id-ecPublicKey, %ld as another named curve, %ld as "
             "explicit curve parameters; %ld compressed points refused by kex_shared_secret "
             "(TLS needs the uncompressed form, RFC 9846 §4.3.8.2); %ld other points refused "
             "by kex_shared_secret; %ld acceptable cases computed the expected secret)",
             ec.private_refused, ec.parser[SPKI_BAD_DER], ec.parser[SPKI_NOT_EC], ec.parser[SPKI_WRONG_CURVE],
             ec.parser[SPKI_EXPLICIT_CURVE], ec.compressed, ec.kex_refused,
             ec.acceptable_ok);
    finish(&t, wf.number_of_tests, details);
    wp_close(&wf);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* HKDF: hkdf_sha256_test.json, hkdf_sha384_test.json (hkdf_test schema)    */
/* ------------------------------------------------------------------------ */

static bool hkdf_case(wp_tally *t, wp_case *c, hash_alg alg)
{
    size_t ikm_len, salt_len, info_len, okm_len;
    const uint8_t *ikm = wp_hex(c, "ikm", &ikm_len);
    const uint8_t *salt = wp_hex(c, "salt", &salt_len);
    const uint8_t *info = wp_hex(c, "info", &info_len);
    const uint8_t *okm = wp_hex(c, "okm", &okm_len);
    size_t size = (size_t)wp_int(c, "size");
    uint8_t prk[HASH_MAX_LEN];
    size_t canary = 16;
    uint8_t *out = malloc(size + canary);
    ck_assert_ptr_nonnull(out);
    memset(out, 0xa5, size + canary);

    hkdf_extract(alg, salt, salt_len, ikm, ikm_len, prk);
    tls13_error err = hkdf_expand(alg, prk, hash_len(alg), info, info_len, out, size);
    bool ok = true;
    bool canary_ok = true;
    for (size_t i = size; i < size + canary; i++)
        canary_ok = canary_ok && out[i] == 0xa5;
    if (!canary_ok) {
        fail_case(t, c, "hkdf_expand wrote past out_len");
        ok = false;
    } else if (is_invalid(c)) {
        if (err != TLS13_ERR_HKDF_LENGTH) {
            fail_case(t, c, "hkdf_expand: %s, expected TLS13_ERR_HKDF_LENGTH",
                      tls13_error_name(err));
            ok = false;
        }
    } else if (err != TLS13_OK || okm_len != size || memcmp(out, okm, size) != 0) {
        fail_case(t, c, "hkdf_expand: %s, or the OKM differs", tls13_error_name(err));
        ok = false;
    }
    free(out);
    return ok;
}

static void run_hkdf_file(const char *json, hash_alg alg)
{
    ck_assert_int_eq(secure_init(), TLS13_OK);
    wp_file wf;
    wp_open(&wf, json);
    wp_tally t = {.file = json};
    wp_case c = {0};
    bool more = true;
    while (wp_next(&wf, &c, &more)) {
        t.total++;
        count_case(&t, &c, hkdf_case(&t, &c, alg));
    }
    wp_case_clear(&c);
    finish(&t, wf.number_of_tests,
           "(invalid = output longer than 255 * HashLen, refused with TLS13_ERR_HKDF_LENGTH)");
    wp_close(&wf);
}

START_TEST(wycheproof_hkdf_sha256)
{
    run_hkdf_file("hkdf_sha256_test.json", HASH_SHA256);
}
END_TEST

START_TEST(wycheproof_hkdf_sha384)
{
    run_hkdf_file("hkdf_sha384_test.json", HASH_SHA384);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* HMAC: hmac_sha256_test.json, hmac_sha384_test.json (mac_test schema)     */
/* ------------------------------------------------------------------------ */

/* The file's tags may be truncated (tagSize < HashLen): compare the prefix. */
static bool hmac_case(wp_tally *t, wp_case *c, hash_alg alg)
{
    size_t key_len, msg_len, tag_len;
    const uint8_t *key = wp_hex(c, "key", &key_len);
    const uint8_t *msg = wp_hex(c, "msg", &msg_len);
    const uint8_t *tag = wp_hex(c, "tag", &tag_len);
    size_t tag_size = (size_t)wp_int(c, "tagSize") / 8;
    uint8_t one_shot[HASH_MAX_LEN], streamed[HASH_MAX_LEN];

    hmac(alg, key, key_len, msg, msg_len, one_shot);
    /* The streaming interface, fed in two pieces, must agree. */
    hmac_ctx ctx;
    hmac_init(&ctx, alg, key, key_len);
    hmac_update(&ctx, msg, msg_len / 2);
    hmac_update(&ctx, msg + msg_len / 2, msg_len - msg_len / 2);
    hmac_final(&ctx, streamed);
    if (memcmp(one_shot, streamed, hash_len(alg)) != 0) {
        fail_case(t, c, "hmac and hmac_init/update/final disagree");
        return false;
    }
    bool match = tag_len == tag_size && tag_len <= hash_len(alg) &&
                 secure_equal(one_shot, tag, tag_len);
    if (is_invalid(c) && match) {
        fail_case(t, c, "the modified tag matches");
        return false;
    }
    if (is_valid(c) && !match) {
        fail_case(t, c, "the tag does not match");
        return false;
    }
    return true;
}

static void run_hmac_file(const char *json, hash_alg alg)
{
    ck_assert_int_eq(secure_init(), TLS13_OK);
    wp_file wf;
    wp_open(&wf, json);
    wp_tally t = {.file = json};
    wp_case c = {0};
    bool more = true;
    while (wp_next(&wf, &c, &more)) {
        t.total++;
        count_case(&t, &c, hmac_case(&t, &c, alg));
    }
    wp_case_clear(&c);
    finish(&t, wf.number_of_tests, "(tags truncated to tagSize are compared as prefixes)");
    wp_close(&wf);
}

START_TEST(wycheproof_hmac_sha256)
{
    run_hmac_file("hmac_sha256_test.json", HASH_SHA256);
}
END_TEST

START_TEST(wycheproof_hmac_sha384)
{
    run_hmac_file("hmac_sha384_test.json", HASH_SHA384);
}
END_TEST

static Suite *wycheproof_suite(void)
{
    Suite *s = suite_create("wycheproof");
    TCase *tc = tcase_create("vectors");
    tcase_add_test(tc, wycheproof_aes_gcm);
    tcase_add_test(tc, wycheproof_chacha20_poly1305);
    tcase_add_test(tc, wycheproof_x25519);
    tcase_add_test(tc, wycheproof_ecdh_secp256r1);
    tcase_add_test(tc, wycheproof_hkdf_sha256);
    tcase_add_test(tc, wycheproof_hkdf_sha384);
    tcase_add_test(tc, wycheproof_hmac_sha256);
    tcase_add_test(tc, wycheproof_hmac_sha384);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(wycheproof_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
