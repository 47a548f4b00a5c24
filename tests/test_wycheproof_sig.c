/*
 * test_wycheproof_sig.c — the signature verifiers of src/crypto/sig.c, with
 * the public keys parsed by src/x509 (x509_parse_public_key_der on the
 * file's DER SubjectPublicKeyInfo), against Project Wycheproof:
 *
 *   ed25519_test                       ed25519
 *   rsa_pss_2048_sha256_mgf1_32_test   rsa_pss_rsae_sha256 (MGF1-SHA-256, salt 32)
 *   rsa_signature_2048_sha256_test     rsa_pkcs1_sha256 (certificate signatures)
 *   ecdsa_secp256r1_sha256_test        ecdsa_secp256r1_sha256 (DER Ecdsa-Sig-Value)
 *
 * The JSON files are converted at build time by tests/wycheproof_sig_to_txt.py
 * (format in that script). Every case is counted; each file prints
 *   "<file>: N cases: V valid passed, I invalid rejected (K by the key
 *    parser), A acceptable (a accepted, r rejected)"
 * and the test fails on any valid case that does not verify, any invalid
 * case that does, and on counts that do not add up to numberOfTests.
 *
 * "acceptable" cases are the file's judgement calls (e.g. a PKCS#1 v1.5
 * DigestInfo without the NULL parameters); we report what we did with them.
 * This library is strict: it refuses every one of them today.
 *
 * Known deviations (wp_known below) are listed with their reason, printed,
 * and not counted as failures; whichever way they go is reported.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "crypto/sig.h"
#include "vecfile.h"
#include "x509/x509.h"

#ifndef WYCHEPROOF_SIG_TXT_DIR
#define WYCHEPROOF_SIG_TXT_DIR "."
#endif

typedef struct wp_sig_file {
    const char *name;
    const char *schema;
    uint16_t scheme;
    const char *sha;          /* NULL: the schema has no hash (EdDSA) */
    sig_key_type key_type;
} wp_sig_file;

static const wp_sig_file wp_files[] = {
    { "ed25519_test", "eddsa_verify_schema_v1.json", SIG_ED25519, NULL, SIG_KEY_ED25519 },
    { "rsa_pss_2048_sha256_mgf1_32_test", "rsassa_pss_verify_schema_v1.json",
      SIG_RSA_PSS_RSAE_SHA256, "SHA-256", SIG_KEY_RSA },
    { "rsa_signature_2048_sha256_test", "rsassa_pkcs1_verify_schema_v1.json",
      SIG_RSA_PKCS1_SHA256, "SHA-256", SIG_KEY_RSA },
    { "ecdsa_secp256r1_sha256_test", "ecdsa_verify_schema_v1.json",
      SIG_ECDSA_SECP256R1_SHA256, "SHA-256", SIG_KEY_EC_P256 },
};

/* Cases whose outcome differs from the file for a documented reason. */
typedef struct wp_known_case {
    const char *file;
    long tc_id;
    const char *why;
} wp_known_case;

static const wp_known_case wp_known[] = {
    /* nettle's ecc_ecdsa_verify computes u1*G + u2*Q with an addition that
     * has no doubling case; its source says so (ecc-ecdsa-verify.c: "will
     * produce garbage in case u1 G = +/- u2 V"). That needs Q = (h/r)*G, a
     * signature crafted by the key's own holder, and it fails safe: a false
     * reject, never a false accept. */
    { "ecdsa_secp256r1_sha256_test", 427,
      "nettle: u1*G == u2*Q (point doubling) makes a valid signature fail (safe side)" },
};

static const wp_known_case *wp_known_lookup(const char *file, long tc_id)
{
    for (size_t i = 0; i < sizeof wp_known / sizeof wp_known[0]; i++) {
        if (strcmp(wp_known[i].file, file) == 0 && wp_known[i].tc_id == tc_id)
            return &wp_known[i];
    }
    return NULL;
}

/* ---- reading blocks ------------------------------------------------------ */

#define WP_MAX_FIELDS 16

typedef struct wp_case {
    char *names[WP_MAX_FIELDS];
    char *values[WP_MAX_FIELDS];
    size_t count;
} wp_case;

static void wp_case_clear(wp_case *c)
{
    for (size_t i = 0; i < c->count; i++) {
        free(c->names[i]);
        free(c->values[i]);
    }
    c->count = 0;
}

static const char *wp_get(const wp_case *c, const char *name)
{
    for (size_t i = 0; i < c->count; i++) {
        if (strcmp(c->names[i], name) == 0)
            return c->values[i];
    }
    return NULL;
}

static const char *wp_need(const wp_case *c, const char *name)
{
    const char *v = wp_get(c, name);
    ck_assert_msg(v != NULL, "case lacks field %s", name);
    return v;
}

/* Splits "name value" (value may be absent: empty). */
static void wp_add(wp_case *c, const char *line)
{
    ck_assert_uint_lt(c->count, WP_MAX_FIELDS);
    const char *space = strchr(line, ' ');
    size_t name_len = space ? (size_t)(space - line) : strlen(line);
    c->names[c->count] = strndup(line, name_len);
    c->values[c->count] = strdup(space ? space + 1 : "");
    ck_assert(c->names[c->count] != NULL && c->values[c->count] != NULL);
    c->count++;
}

/* Reads the next "test" ... "end" block, or a header line into *header.
 * Returns false at the end of the file. */
static bool wp_next(FILE *f, wp_case *c, char **line, size_t *cap)
{
    ssize_t n;
    bool in_test = false;
    while ((n = getline(line, cap, f)) > 0) {
        if ((*line)[n - 1] == '\n')
            (*line)[n - 1] = '\0';
        if ((*line)[0] == '#' || (*line)[0] == '\0')
            continue;
        if (strcmp(*line, "test") == 0) {
            in_test = true;
            continue;
        }
        if (strcmp(*line, "end") == 0) {
            ck_assert(in_test);
            return true;
        }
        wp_add(c, *line);
        if (!in_test)
            return true;               /* a header line: one field */
    }
    ck_assert_msg(!in_test, "truncated test block");
    return false;
}

static uint8_t *wp_hex(const wp_case *c, const char *name, size_t *len)
{
    uint8_t *out = hex_decode(wp_need(c, name), len);
    ck_assert_ptr_nonnull(out);
    return out;
}

/* ---- judging ------------------------------------------------------------- */

typedef struct wp_counts {
    long total, valid_passed, invalid_rejected, invalid_by_parser;
    long acceptable_accepted, acceptable_rejected, known, failures;
} wp_counts;

/* True when the signature verified; *by_parser when the key was refused. */
static bool wp_verify(const wp_sig_file *wf, const wp_case *c, bool *by_parser)
{
    size_t key_len, msg_len, sig_len;
    uint8_t *key = wp_hex(c, "key", &key_len);
    uint8_t *msg = wp_hex(c, "msg", &msg_len);
    uint8_t *sig = wp_hex(c, "sig", &sig_len);
    sig_public_key pub;
    tls13_error err = x509_parse_public_key_der(key, key_len, &pub);
    *by_parser = err != TLS13_OK;
    bool ok = false;
    if (err == TLS13_OK) {
        ck_assert_int_eq(pub.type, wf->key_type);
        err = sig_verify(&pub, wf->scheme, msg, msg_len, sig, sig_len);
        ck_assert_msg(err == TLS13_OK || err == TLS13_ERR_BAD_SIGNATURE,
                      "tcId %s: unexpected %s", wp_need(c, "tcId"), tls13_error_name(err));
        ok = err == TLS13_OK;
    }
    free(key);
    free(msg);
    free(sig);
    return ok;
}

/* The group parameters must be the ones the scheme fixes (RFC 9846 §4.3.3:
 * RSA-PSS with MGF1 over the same hash and a salt of Hash.length). */
static void wp_check_parameters(const wp_sig_file *wf, const wp_case *c)
{
    if (wf->sha != NULL)
        ck_assert_str_eq(wp_need(c, "sha"), wf->sha);
    if (wf->scheme == SIG_RSA_PSS_RSAE_SHA256) {
        ck_assert_str_eq(wp_need(c, "mgf"), "MGF1");
        ck_assert_str_eq(wp_need(c, "mgfSha"), "SHA-256");
        ck_assert_str_eq(wp_need(c, "sLen"), "32");
    }
}

static void wp_judge(const wp_sig_file *wf, const wp_case *c, wp_counts *n)
{
    const char *result = wp_need(c, "result");
    wp_check_parameters(wf, c);
    bool by_parser;
    bool ok = wp_verify(wf, c, &by_parser);
    n->total++;
    long tc_id = strtol(wp_need(c, "tcId"), NULL, 10);
    const wp_known_case *known = wp_known_lookup(wf->name, tc_id);
    if (known != NULL) {
        n->known++;
        fprintf(stderr, "%s tcId %s: known deviation, %s case %s: %s\n", wf->name,
                wp_need(c, "tcId"), result, ok ? "accepted" : "rejected", known->why);
        return;
    }
    if (strcmp(result, "valid") == 0) {
        if (ok) {
            n->valid_passed++;
            return;
        }
        n->failures++;
        fprintf(stderr, "%s tcId %s: valid case %s (%s)\n", wf->name, wp_need(c, "tcId"),
                by_parser ? "key refused" : "did not verify", wp_need(c, "comment"));
    } else if (strcmp(result, "invalid") == 0) {
        if (!ok) {
            n->invalid_rejected++;
            n->invalid_by_parser += by_parser;
            return;
        }
        n->failures++;
        fprintf(stderr, "%s tcId %s: invalid case verified (%s)\n", wf->name,
                wp_need(c, "tcId"), wp_need(c, "comment"));
    } else {
        ck_assert_str_eq(result, "acceptable");
        if (ok)
            n->acceptable_accepted++;
        else
            n->acceptable_rejected++;
        fprintf(stderr, "%s tcId %s: acceptable case %s [%s] (%s)\n", wf->name,
                wp_need(c, "tcId"), ok ? "accepted" : "rejected", wp_need(c, "flags"),
                wp_need(c, "comment"));
    }
}

START_TEST(wycheproof_signature_file)
{
    const wp_sig_file *wf = &wp_files[_i];
    char path[1024];
    const char *dir = getenv("TLS13_WYCHEPROOF_SIG_TXT_DIR");
    snprintf(path, sizeof path, "%s/sig_%s.txt", dir ? dir : WYCHEPROOF_SIG_TXT_DIR,
             wf->name);
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);

    wp_counts n = { 0 };
    long declared = -1;
    char *line = NULL;
    size_t cap = 0;
    wp_case c = { .count = 0 };
    while (wp_next(f, &c, &line, &cap)) {
        if (c.count == 1 && wp_get(&c, "tcId") == NULL) {
            if (strcmp(c.names[0], "schema") == 0)
                ck_assert_str_eq(c.values[0], wf->schema);
            if (strcmp(c.names[0], "numberOfTests") == 0)
                declared = strtol(c.values[0], NULL, 10);
        } else {
            wp_judge(wf, &c, &n);
        }
        wp_case_clear(&c);
    }
    free(line);
    fclose(f);

    printf("%s: %ld cases: %ld valid passed, %ld invalid rejected (%ld by the key parser), "
           "%ld acceptable (%ld accepted, %ld rejected), %ld known deviation(s)\n",
           wf->name, n.total, n.valid_passed, n.invalid_rejected, n.invalid_by_parser,
           n.acceptable_accepted + n.acceptable_rejected, n.acceptable_accepted,
           n.acceptable_rejected, n.known);
    fflush(stdout);
    ck_assert_msg(n.failures == 0, "%s: %ld cases judged wrongly", wf->name, n.failures);
    ck_assert_int_eq(n.total, declared);
    ck_assert_int_eq(n.valid_passed + n.invalid_rejected + n.acceptable_accepted +
                     n.acceptable_rejected + n.known, declared);
    ck_assert_int_gt(n.valid_passed, 0);
    ck_assert_int_gt(n.invalid_rejected, 0);
}
END_TEST

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    Suite *s = suite_create("wycheproof_sig");
    TCase *tc = tcase_create("files");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, wycheproof_signature_file, 0,
                        (int)(sizeof wp_files / sizeof wp_files[0]));
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
