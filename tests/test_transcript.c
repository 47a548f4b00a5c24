/*
 * test_transcript.c — the transcript hash (src/keyschedule/transcript.c,
 * RFC 9846 §4.1).
 *
 * The trace test is a table: (trace, value name, the handshake messages whose
 * Transcript-Hash it is). Each row feeds the messages into a ks_transcript
 * and compares the hash with the value the trace prints: the xargs
 * transcript_hash_* entries and RFC 8448's "hash" contexts (<secret>_hash).
 * Every row runs twice: with the hash selected before the first message (a
 * server, or a client after HelloRetryRequest) and selected only after the
 * last one (a client, both hashes running until ServerHello).
 *
 * The pseudo-message "message_hash" stands for
 * ks_transcript_replace_with_message_hash (after a HelloRetryRequest).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "keyschedule/keyschedule.h"
#include "vecfile.h"

typedef struct trace {
    const char *file;
    const char *computed;   /* the _computed.txt holding more values, or NULL */
    hash_alg alg;
} trace;

enum { XARGS, ARCHIVE, SIMPLE, RESUMED, HRR, CLIENT_AUTH, COMPAT, N_TRACES };

static const trace traces[N_TRACES] = {
    [XARGS] = { "xargs/handshake.txt", "xargs/handshake_computed.txt", HASH_SHA384 },
    [ARCHIVE] = { "xargs/archive_v1_aes128gcm_sha256.txt",
                  "xargs/archive_v1_aes128gcm_sha256_computed.txt", HASH_SHA256 },
    [SIMPLE] = { "rfc8448/simple_1rtt.txt", NULL, HASH_SHA256 },
    [RESUMED] = { "rfc8448/resumed_0rtt.txt", NULL, HASH_SHA256 },
    [HRR] = { "rfc8448/hello_retry_request.txt", NULL, HASH_SHA256 },
    [CLIENT_AUTH] = { "rfc8448/client_authentication.txt", NULL, HASH_SHA256 },
    [COMPAT] = { "rfc8448/compatibility_mode.txt", NULL, HASH_SHA256 },
};

#define MAX_MESSAGES 13

typedef struct transcript_case {
    int trace;
    const char *expected;
    const char *messages[MAX_MESSAGES]; /* NULL-terminated */
} transcript_case;

/* Prefixes of the main handshake, in §4.1 order. */
#define CH_SH "client_hello", "server_hello"
#define CH_TO_CERT CH_SH, "encrypted_extensions", "server_certificate"
#define CH_TO_CV CH_TO_CERT, "server_certificate_verify"
#define CH_TO_SF CH_TO_CV, "server_finished"
#define CH_TO_CF CH_TO_SF, "client_finished"

/* RFC 8448 §5: ClientHello1 becomes message_hash. */
#define HRR_CH_SH "client_hello_1", "message_hash", "hello_retry_request", \
                  "client_hello_2", "server_hello"
#define HRR_CH_TO_SF HRR_CH_SH, "encrypted_extensions", "server_certificate", \
                     "server_certificate_verify", "server_finished"

/* RFC 8448 §4: no certificate; EndOfEarlyData before the client Finished. */
#define RES_CH "client_hello_record_payload"
#define RES_CH_TO_SF RES_CH, "server_hello", "encrypted_extensions", "server_finished"

/* RFC 8448 §6: CertificateRequest, then the client's Certificate and CV. */
#define AUTH_CH_TO_SF CH_SH, "encrypted_extensions", "certificate_request", \
                      "server_certificate", "server_certificate_verify", "server_finished"

static const transcript_case cases[] = {
    /* The xargs traces print Transcript-Hash at five points. */
    { XARGS, "transcript_hash_client_hello_to_server_hello", { CH_SH } },
    { XARGS, "transcript_hash_client_hello_to_server_certificate", { CH_TO_CERT } },
    { XARGS, "transcript_hash_client_hello_to_server_certificate_verify", { CH_TO_CV } },
    { XARGS, "transcript_hash_client_hello_to_server_finished", { CH_TO_SF } },
    { XARGS, "transcript_hash_client_hello_to_client_finished", { CH_TO_CF } },
    { ARCHIVE, "transcript_hash_client_hello_to_server_hello", { CH_SH } },
    { ARCHIVE, "transcript_hash_client_hello_to_server_certificate", { CH_TO_CERT } },
    { ARCHIVE, "transcript_hash_client_hello_to_server_certificate_verify", { CH_TO_CV } },
    { ARCHIVE, "transcript_hash_client_hello_to_server_finished", { CH_TO_SF } },
    { ARCHIVE, "transcript_hash_client_hello_to_client_finished", { CH_TO_CF } },
    /* The empty transcript: Derive-Secret(., "derived", "") (§7.1). */
    { XARGS, "empty_hash", { NULL } },
    { SIMPLE, "derived_secret_for_handshake_hash", { NULL } },
    { SIMPLE, "derived_secret_for_master_hash", { NULL } },

    /* RFC 8448 §3 and §7: the contexts of each Derive-Secret. */
    { SIMPLE, "client_handshake_traffic_secret_hash", { CH_SH } },
    { SIMPLE, "server_handshake_traffic_secret_hash", { CH_SH } },
    { SIMPLE, "client_application_traffic_secret_0_hash", { CH_TO_SF } },
    { SIMPLE, "server_application_traffic_secret_0_hash", { CH_TO_SF } },
    { SIMPLE, "exporter_master_secret_hash", { CH_TO_SF } },
    { SIMPLE, "resumption_master_secret_hash", { CH_TO_CF } },
    { COMPAT, "client_handshake_traffic_secret_hash", { CH_SH } },
    { COMPAT, "server_handshake_traffic_secret_hash", { CH_SH } },
    { COMPAT, "client_application_traffic_secret_0_hash", { CH_TO_SF } },
    { COMPAT, "exporter_master_secret_hash", { CH_TO_SF } },
    { COMPAT, "resumption_master_secret_hash", { CH_TO_CF } },

    /* RFC 8448 §4: the binder hashes Truncate(ClientHello) (§4.3.11.2). */
    { RESUMED, "psk_binder_transcript_hash", { "client_hello_prefix" } },
    { RESUMED, "client_early_traffic_secret_hash", { RES_CH } },
    { RESUMED, "early_exporter_master_secret_hash", { RES_CH } },
    { RESUMED, "client_handshake_traffic_secret_hash", { RES_CH, "server_hello" } },
    { RESUMED, "server_handshake_traffic_secret_hash", { RES_CH, "server_hello" } },
    { RESUMED, "client_application_traffic_secret_0_hash", { RES_CH_TO_SF } },
    { RESUMED, "exporter_master_secret_hash", { RES_CH_TO_SF } },
    { RESUMED, "resumption_master_secret_hash",
      { RES_CH_TO_SF, "end_of_early_data", "client_finished" } },

    /* RFC 8448 §5: HelloRetryRequest. */
    { HRR, "client_handshake_traffic_secret_hash", { HRR_CH_SH } },
    { HRR, "server_handshake_traffic_secret_hash", { HRR_CH_SH } },
    { HRR, "client_application_traffic_secret_0_hash", { HRR_CH_TO_SF } },
    { HRR, "exporter_master_secret_hash", { HRR_CH_TO_SF } },
    { HRR, "resumption_master_secret_hash", { HRR_CH_TO_SF, "client_finished" } },

    /* RFC 8448 §6: client authentication. */
    { CLIENT_AUTH, "client_handshake_traffic_secret_hash", { CH_SH } },
    { CLIENT_AUTH, "client_application_traffic_secret_0_hash", { AUTH_CH_TO_SF } },
    { CLIENT_AUTH, "server_application_traffic_secret_0_hash", { AUTH_CH_TO_SF } },
    { CLIENT_AUTH, "exporter_master_secret_hash", { AUTH_CH_TO_SF } },
    { CLIENT_AUTH, "resumption_master_secret_hash",
      { AUTH_CH_TO_SF, "client_certificate", "client_certificate_verify",
        "client_finished" } },
};
#define N_CASES (sizeof cases / sizeof *cases)

static const vec_entry *find_in(const vec_file *main, const vec_file *computed,
                                const char *name)
{
    const vec_entry *e = vec_find(main, name);
    if (e == NULL && computed != NULL)
        e = vec_find(computed, name);
    ck_assert_msg(e != NULL, "%s is missing", name);
    return e;
}

/* Feeds the case's messages; selects the hash first or last. */
static void run_case(const transcript_case *c, const vec_file *vf, bool select_first,
                     uint8_t *out)
{
    const trace *tr = &traces[c->trace];
    ks_transcript t;
    ks_transcript_init(&t);
    if (select_first)
        ks_transcript_select(&t, tr->alg);
    for (size_t i = 0; i < MAX_MESSAGES && c->messages[i] != NULL; i++) {
        if (strcmp(c->messages[i], "message_hash") == 0) {
            ks_transcript_replace_with_message_hash(&t);
            continue;
        }
        const vec_entry *msg = vec_find(vf, c->messages[i]);
        ck_assert_msg(msg != NULL, "%s has no %s", tr->file, c->messages[i]);
        ks_transcript_update(&t, msg->data, msg->len);
    }
    ks_transcript_select(&t, tr->alg);
    ks_transcript_hash(&t, out);
    ks_transcript_wipe(&t);
}

START_TEST(transcript_hash_matches_trace)
{
    const transcript_case *c = &cases[_i];
    const trace *tr = &traces[c->trace];
    vec_file vf, computed;
    uint8_t got[HASH_MAX_LEN];
    ck_assert_int_eq(vec_load(&vf, tr->file), 0);
    if (tr->computed != NULL)
        ck_assert_int_eq(vec_load(&computed, tr->computed), 0);
    const vec_entry *want = find_in(&vf, tr->computed ? &computed : NULL, c->expected);
    ck_assert_uint_eq(want->len, hash_len(tr->alg));

    for (int select_first = 0; select_first <= 1; select_first++) {
        run_case(c, &vf, select_first, got);
        ck_assert_msg(memcmp(got, want->data, want->len) == 0, "%s %s (select %s)",
                      tr->file, c->expected, select_first ? "first" : "last");
    }
    vec_free(&vf);
    if (tr->computed != NULL)
        vec_free(&computed);
}
END_TEST

/* ---- behaviour ---------------------------------------------------------- */

static bool all_zero(const void *p, size_t len)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < len; i++) {
        if (b[i] != 0)
            return false;
    }
    return true;
}

static void assert_hex(const uint8_t *got, size_t len, const char *want_hex)
{
    char hex[2 * HASH_MAX_LEN + 1];
    hex_encode(got, len, hex);
    ck_assert_str_eq(hex, want_hex);
}

/* FIPS 180-4 digests of the empty string (also `openssl dgst` of /dev/null). */
START_TEST(empty_transcript_is_hash_of_nothing)
{
    ks_transcript t;
    uint8_t out[HASH_MAX_LEN];
    ks_transcript_init(&t);
    ks_transcript_hash_as(&t, HASH_SHA256, out);
    assert_hex(out, 32, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    ks_transcript_hash_as(&t, HASH_SHA384, out);
    assert_hex(out, 48, "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
                        "274edebfe76f65fbd51ad2f14898b95b");
    ks_transcript_wipe(&t);
}
END_TEST

/* Before ServerHello both hashes run over the same messages; each equals a
 * one-shot digest of the concatenation, and taking a hash does not disturb
 * the running one. */
START_TEST(both_hashes_run_until_selected)
{
    vec_file vf;
    ks_transcript t;
    uint8_t got[HASH_MAX_LEN], want[HASH_MAX_LEN], joined[4096];
    size_t ch_len, sh_len;
    ck_assert_int_eq(vec_load(&vf, "xargs/handshake.txt"), 0);
    const uint8_t *ch = vec_get(&vf, "client_hello", &ch_len);
    const uint8_t *sh = vec_get(&vf, "server_hello", &sh_len);
    ck_assert_uint_le(ch_len + sh_len, sizeof joined);
    memcpy(joined, ch, ch_len);
    memcpy(joined + ch_len, sh, sh_len);

    ks_transcript_init(&t);
    ks_transcript_update(&t, ch, ch_len);
    ks_transcript_hash_as(&t, HASH_SHA256, got);
    hash_digest(HASH_SHA256, ch, ch_len, want);
    ck_assert_mem_eq(got, want, 32);
    ks_transcript_update(&t, sh, sh_len);
    ks_transcript_hash_as(&t, HASH_SHA256, got);
    hash_digest(HASH_SHA256, joined, ch_len + sh_len, want);
    ck_assert_mem_eq(got, want, 32);
    ks_transcript_hash_as(&t, HASH_SHA384, got);
    ck_assert_mem_eq(got, vec_get(&vf, "transcript_hash_client_hello_to_server_hello", NULL), 48);
    ks_transcript_wipe(&t);
    vec_free(&vf);
}
END_TEST

/* Selecting keeps the suite's hash, wipes the other, and cannot be undone. */
START_TEST(select_wipes_the_other_hash)
{
    ks_transcript t;
    uint8_t out[HASH_MAX_LEN], first[HASH_MAX_LEN];
    ks_transcript_init(&t);
    ks_transcript_update(&t, (const uint8_t *)"abc", 3);
    ks_transcript_select(&t, HASH_SHA384);
    ck_assert(all_zero(&t.sha256, sizeof t.sha256));
    ck_assert(!all_zero(t.sha384.state, sizeof t.sha384.state));
    ks_transcript_hash(&t, first);
    /* FIPS 180-2 SHA-384("abc"). */
    assert_hex(first, 48, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
                          "8086072ba1e7cc2358baeca134c825a7");
    ks_transcript_select(&t, HASH_SHA256);
    ck_assert_int_eq(t.alg, HASH_SHA384);
    ks_transcript_hash(&t, out);
    ck_assert_mem_eq(out, first, 48);
    ks_transcript_wipe(&t);
}
END_TEST

/* §4.1 built by hand from one-shot digests: Hash(fe 00 00 Hash.length ||
 * Hash(CH1) || HRR || CH2 || SH), for both hashes, must equal what the
 * transcript computes with ks_transcript_replace_with_message_hash. */
static void check_message_hash(hash_alg alg, bool select_first)
{
    vec_file vf;
    ks_transcript t;
    static uint8_t joined[4096];
    uint8_t got[HASH_MAX_LEN], want[HASH_MAX_LEN];
    size_t n = hash_len(alg), len = 4 + n, part_len;
    const char *rest[] = { "hello_retry_request", "client_hello_2", "server_hello" };
    ck_assert_int_eq(vec_load(&vf, "rfc8448/hello_retry_request.txt"), 0);
    const uint8_t *ch1 = vec_get(&vf, "client_hello_1", &part_len);

    ks_transcript_init(&t);
    if (select_first)
        ks_transcript_select(&t, alg);
    ks_transcript_update(&t, ch1, part_len);
    ks_transcript_replace_with_message_hash(&t);
    joined[0] = 0xfe, joined[1] = 0, joined[2] = 0, joined[3] = (uint8_t)n;
    hash_digest(alg, ch1, part_len, joined + 4);
    for (size_t i = 0; i < 3; i++) {
        const uint8_t *part = vec_get(&vf, rest[i], &part_len);
        ck_assert_uint_le(len + part_len, sizeof joined);
        memcpy(joined + len, part, part_len);
        len += part_len;
        ks_transcript_update(&t, part, part_len);
    }
    hash_digest(alg, joined, len, want);
    ks_transcript_hash_as(&t, alg, got);
    ck_assert_mem_eq(got, want, n);
    ks_transcript_wipe(&t);
    vec_free(&vf);
}

START_TEST(message_hash_replaces_client_hello1)
{
    check_message_hash(HASH_SHA256, true);
    check_message_hash(HASH_SHA256, false);
    check_message_hash(HASH_SHA384, true);
    check_message_hash(HASH_SHA384, false);
}
END_TEST

START_TEST(wipe_zeroes_the_transcript)
{
    ks_transcript t;
    ks_transcript_init(&t);
    ks_transcript_update(&t, (const uint8_t *)"abc", 3);
    ks_transcript_wipe(&t);
    ck_assert(all_zero(&t, sizeof t));
}
END_TEST

static Suite *transcript_suite(void)
{
    Suite *s = suite_create("transcript");
    TCase *tc = tcase_create("traces");
    tcase_add_loop_test(tc, transcript_hash_matches_trace, 0, (int)N_CASES);
    suite_add_tcase(s, tc);
    tc = tcase_create("behaviour");
    tcase_add_test(tc, empty_transcript_is_hash_of_nothing);
    tcase_add_test(tc, both_hashes_run_until_selected);
    tcase_add_test(tc, select_wipes_the_other_hash);
    tcase_add_test(tc, message_hash_replaces_client_hello1);
    tcase_add_test(tc, wipe_zeroes_the_transcript);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    for (int tr = 0; tr < N_TRACES; tr++) {
        size_t n = 0;
        for (size_t i = 0; i < N_CASES; i++)
            n += cases[i].trace == tr;
        printf("  %-40s %2zu transcript hashes checked (hash selected first and last)\n",
               traces[tr].file, n);
    }
    fflush(stdout);
    SRunner *sr = srunner_create(transcript_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
