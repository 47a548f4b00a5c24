/*
 * test_trace_records.c — replays every record of the published traces
 * (tls13.xargs.org, current and archived; RFC 8448 §3-§7) through the record
 * layer: each protected record is opened with the key, IV and sequence number
 * of its direction and phase and must give the trace's TLSInnerPlaintext; its
 * content sealed again must give the trace's record byte for byte. Each
 * unprotected record must read back as its content and re-frame identically.
 *
 * The tables are the test: one row per record, in trace order. In RFC 8448 the
 * sequence numbers are not printed; they follow from the order of the records
 * under each key (§5.3: the first record under a key is 0, then +1 per
 * record), and a second test re-derives them by streaming each key's records
 * through one reader from a fresh install.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/aead.h"
#include "crypto/secure.h"
#include "record/record.h"
#include "vecfile.h"

#define XARGS "xargs/handshake.txt"
#define XARGS_V1 "xargs/archive_v1_aes128gcm_sha256.txt"
#define RFC_1RTT "rfc8448/simple_1rtt.txt"
#define RFC_0RTT "rfc8448/resumed_0rtt.txt"
#define RFC_HRR "rfc8448/hello_retry_request.txt"
#define RFC_CAUTH "rfc8448/client_authentication.txt"
#define RFC_COMPAT "rfc8448/compatibility_mode.txt"

/* A protected record: "<record>" is the whole record on the wire,
 * "<record>_inner_plaintext" its content || type. keys is the prefix of the
 * "<keys>_key" / "<keys>_iv" pair for its direction and phase. */
typedef struct protected_row {
    const char *file;
    const char *record;
    const char *keys;
    uint64_t seq;
    aead_alg aead;
} protected_row;

#define A128 AEAD_AES_128_GCM
#define A256 AEAD_AES_256_GCM

static const protected_row protected_rows[] = {
    /* xargs current: one handshake message per record; seq printed. */
    { XARGS, "server_encrypted_extensions_record", "server_handshake", 0, A256 },
    { XARGS, "server_certificate_record", "server_handshake", 1, A256 },
    { XARGS, "server_certificate_verify_record", "server_handshake", 2, A256 },
    { XARGS, "server_finished_record", "server_handshake", 3, A256 },
    { XARGS, "client_finished_record", "client_handshake", 0, A256 },
    { XARGS, "client_application_data_record", "client_application", 0, A256 },
    { XARGS, "server_new_session_ticket_1_record", "server_application", 0, A256 },
    { XARGS, "server_new_session_ticket_2_record", "server_application", 1, A256 },
    { XARGS, "server_application_data_record", "server_application", 2, A256 },
    /* xargs archive: the server flight and both tickets each in one record. */
    { XARGS_V1, "server_handshake_flight_record", "server_handshake", 0, A128 },
    { XARGS_V1, "client_finished_record", "client_handshake", 0, A128 },
    { XARGS_V1, "client_application_data_record", "client_application", 0, A128 },
    { XARGS_V1, "server_new_session_tickets_record", "server_application", 0, A128 },
    { XARGS_V1, "server_application_data_record", "server_application", 1, A128 },
    /* RFC 8448 §3: NewSessionTicket is the server's first application-key
     * record, so its data is seq 1 and its close_notify seq 2. */
    { RFC_1RTT, "server_encrypted_handshake_record", "server_handshake", 0, A128 },
    { RFC_1RTT, "client_encrypted_handshake_record", "client_handshake", 0, A128 },
    { RFC_1RTT, "server_new_session_ticket_record", "server_application", 0, A128 },
    { RFC_1RTT, "client_application_data_record", "client_application", 0, A128 },
    { RFC_1RTT, "server_application_data_record", "server_application", 1, A128 },
    { RFC_1RTT, "client_close_notify_record", "client_application", 1, A128 },
    { RFC_1RTT, "server_close_notify_record", "server_application", 2, A128 },
    /* RFC 8448 §4: early data is client early-key seq 0, EndOfEarlyData seq 1. */
    { RFC_0RTT, "client_early_data_record", "client_early", 0, A128 },
    { RFC_0RTT, "server_encrypted_handshake_record", "server_handshake", 0, A128 },
    { RFC_0RTT, "client_end_of_early_data_record", "client_early", 1, A128 },
    { RFC_0RTT, "client_encrypted_handshake_record", "client_handshake", 0, A128 },
    { RFC_0RTT, "client_application_data_record", "client_application", 0, A128 },
    { RFC_0RTT, "server_application_data_record", "server_application", 0, A128 },
    { RFC_0RTT, "client_close_notify_record", "client_application", 1, A128 },
    { RFC_0RTT, "server_close_notify_record", "server_application", 1, A128 },
    /* RFC 8448 §5: no application data; each close_notify is app seq 0. */
    { RFC_HRR, "server_encrypted_handshake_record", "server_handshake", 0, A128 },
    { RFC_HRR, "client_encrypted_handshake_record", "client_handshake", 0, A128 },
    { RFC_HRR, "client_close_notify_record", "client_application", 0, A128 },
    { RFC_HRR, "server_close_notify_record", "server_application", 0, A128 },
    /* RFC 8448 §6: the client's Certificate+CV+Finished in one record. */
    { RFC_CAUTH, "server_encrypted_handshake_record", "server_handshake", 0, A128 },
    { RFC_CAUTH, "client_encrypted_handshake_record", "client_handshake", 0, A128 },
    { RFC_CAUTH, "client_close_notify_record", "client_application", 0, A128 },
    { RFC_CAUTH, "server_close_notify_record", "server_application", 0, A128 },
    /* RFC 8448 §7: the CCS records do not count: they are not protected. */
    { RFC_COMPAT, "server_encrypted_handshake_record", "server_handshake", 0, A128 },
    { RFC_COMPAT, "client_encrypted_handshake_record", "client_handshake", 0, A128 },
    { RFC_COMPAT, "client_close_notify_record", "client_application", 0, A128 },
    { RFC_COMPAT, "server_close_notify_record", "server_application", 0, A128 },
};

#define N_PROTECTED (sizeof protected_rows / sizeof protected_rows[0])

/* An unprotected record: its content is the named value (a handshake message,
 * or the RFC 8448 "payload"), or the single byte 1 for change_cipher_spec
 * when content is NULL. */
typedef struct plaintext_row {
    const char *file;
    const char *record;
    uint8_t type;
    uint16_t legacy_version;
    const char *content;
} plaintext_row;

#define HS RECORD_HANDSHAKE
#define CCS RECORD_CHANGE_CIPHER_SPEC
#define V0301 RECORD_LEGACY_VERSION_INITIAL
#define V0303 RECORD_LEGACY_VERSION

static const plaintext_row plaintext_rows[] = {
    { XARGS, "client_hello_record", HS, V0301, "client_hello" },
    { XARGS, "server_hello_record", HS, V0303, "server_hello" },
    { XARGS, "server_change_cipher_spec_record", CCS, V0303, NULL },
    { XARGS, "client_change_cipher_spec_record", CCS, V0303, NULL },
    { XARGS_V1, "client_hello_record", HS, V0301, "client_hello" },
    { XARGS_V1, "server_hello_record", HS, V0303, "server_hello" },
    { XARGS_V1, "server_change_cipher_spec_record", CCS, V0303, NULL },
    { XARGS_V1, "client_change_cipher_spec_record", CCS, V0303, NULL },
    { RFC_1RTT, "client_hello_record", HS, V0301, "client_hello_record_payload" },
    { RFC_1RTT, "server_hello_record", HS, V0303, "server_hello_record_payload" },
    { RFC_0RTT, "client_hello_record", HS, V0301, "client_hello_record_payload" },
    { RFC_0RTT, "server_hello_record", HS, V0303, "server_hello_record_payload" },
    /* §5.1: a second ClientHello (after HelloRetryRequest) uses 0x0303. */
    { RFC_HRR, "client_hello_1_record", HS, V0301, "client_hello_1_record_payload" },
    { RFC_HRR, "hello_retry_request_record", HS, V0303, "hello_retry_request_record_payload" },
    { RFC_HRR, "client_hello_2_record", HS, V0303, "client_hello_2_record_payload" },
    { RFC_HRR, "server_hello_record", HS, V0303, "server_hello_record_payload" },
    { RFC_CAUTH, "client_hello_record", HS, V0301, "client_hello_record_payload" },
    { RFC_CAUTH, "server_hello_record", HS, V0303, "server_hello_record_payload" },
    { RFC_COMPAT, "client_hello_record", HS, V0301, "client_hello_record_payload" },
    { RFC_COMPAT, "server_hello_record", HS, V0303, "server_hello_record_payload" },
    { RFC_COMPAT, "server_change_cipher_spec_record", CCS, V0303,
      "server_change_cipher_spec_record_payload" },
    { RFC_COMPAT, "client_change_cipher_spec_record", CCS, V0303,
      "client_change_cipher_spec_record_payload" },
};

#define N_PLAINTEXT (sizeof plaintext_rows / sizeof plaintext_rows[0])

/* ---- helpers --------------------------------------------------------------- */

static const uint8_t *get_named(const vec_file *vf, const char *a, const char *b, size_t *len)
{
    char name[160];
    snprintf(name, sizeof name, "%s%s", a, b);
    return vec_get(vf, name, len);
}

static void load(vec_file *vf, const char *file)
{
    ck_assert_msg(vec_load(vf, file) == 0, "cannot load %s", file);
}

static void install_row(record_protection *rp, const vec_file *vf, const protected_row *row)
{
    size_t key_len, iv_len;
    const uint8_t *key = get_named(vf, row->keys, "_key", &key_len);
    const uint8_t *iv = get_named(vf, row->keys, "_iv", &iv_len);
    ck_assert_uint_eq(iv_len, AEAD_NONCE_LEN);
    ck_assert_uint_eq(key_len, aead_key_len(row->aead));
    ck_assert_int_eq(record_protection_install(rp, row->aead, key, key_len, iv), TLS13_OK);
}

/* Where the trace prints the sequence number (xargs), the table agrees. */
static void check_printed_seq(const vec_file *vf, const protected_row *row)
{
    char name[160];
    snprintf(name, sizeof name, "%s_seq", row->record);
    const vec_entry *e = vec_find(vf, name);
    if (e == NULL)
        return;
    ck_assert_uint_eq(e->len, 8);
    uint64_t seq = 0;
    for (size_t i = 0; i < 8; i++)
        seq = seq << 8 | e->data[i];
    ck_assert_msg(seq == row->seq, "%s: table seq %llu, trace prints %llu", row->record,
                  (unsigned long long)row->seq, (unsigned long long)seq);
}

/* Opens the record and checks it against the inner plaintext. */
static void check_open(const vec_file *vf, const protected_row *row, record_protection *rp)
{
    size_t rec_len, inner_len;
    const uint8_t *rec = vec_get(vf, row->record, &rec_len);
    const uint8_t *inner = get_named(vf, row->record, "_inner_plaintext", &inner_len);
    static record_reader rr;
    record_reader_init(&rr);
    record_view v;
    size_t consumed;
    tls13_error err = record_read(&rr, rp, rec, rec_len, &consumed, &v);
    ck_assert_msg(err == TLS13_OK, "%s %s: %s", row->file, row->record, tls13_error_name(err));
    ck_assert_uint_eq(consumed, rec_len);
    ck_assert(v.was_protected);
    ck_assert_uint_eq(v.len + 1, inner_len); /* no padding in any trace */
    ck_assert_int_eq(v.content_type, inner[inner_len - 1]);
    ck_assert_mem_eq(v.data, inner, v.len);
    ck_assert_uint_eq(rp->seq, row->seq + 1);
    record_reader_wipe(&rr);
}

/* Seals the content again under the same seq: the record, byte for byte. */
static void check_seal(const vec_file *vf, const protected_row *row, record_protection *rp)
{
    size_t rec_len, inner_len;
    const uint8_t *rec = vec_get(vf, row->record, &rec_len);
    const uint8_t *inner = get_named(vf, row->record, "_inner_plaintext", &inner_len);
    static uint8_t out[RECORD_MAX_WIRE];
    size_t out_len;
    rp->seq = row->seq;
    ck_assert_int_eq(record_seal(rp, NULL, inner[inner_len - 1], inner, inner_len - 1, out,
                                 sizeof out, &out_len),
                     TLS13_OK);
    ck_assert_uint_eq(out_len, rec_len);
    ck_assert_msg(memcmp(out, rec, rec_len) == 0, "%s %s: sealed record differs", row->file,
                  row->record);
}

/* RFC 8448 also prints the payload (content without the type byte). */
static void check_payload(const vec_file *vf, const protected_row *row)
{
    char name[160];
    snprintf(name, sizeof name, "%s_payload", row->record);
    const vec_entry *payload = vec_find(vf, name);
    if (payload == NULL)
        return;
    size_t inner_len;
    const uint8_t *inner = get_named(vf, row->record, "_inner_plaintext", &inner_len);
    ck_assert_uint_eq(payload->len + 1, inner_len);
    ck_assert_mem_eq(payload->data, inner, payload->len);
}

/* ---- tests ------------------------------------------------------------------ */

START_TEST(every_protected_trace_record_opens_and_reseals_byte_for_byte)
{
    for (size_t i = 0; i < N_PROTECTED; i++) {
        const protected_row *row = &protected_rows[i];
        vec_file vf;
        load(&vf, row->file);
        record_protection rp;
        install_row(&rp, &vf, row);
        check_printed_seq(&vf, row);
        check_payload(&vf, row);
        rp.seq = row->seq;
        check_open(&vf, row, &rp);
        check_seal(&vf, row, &rp);
        record_protection_wipe(&rp);
        vec_free(&vf);
    }
    printf("test_trace_records: %zu protected records opened and resealed byte for byte\n",
           N_PROTECTED);
    fflush(stdout);
}
END_TEST

/* Reads all records under one key (same file, same keys), in table order,
 * with one record_protection from a fresh install: the sequence numbers in
 * the table are exactly the order of the records (RFC 9846 §5.3). */
static size_t stream_one_key(const protected_row *first)
{
    vec_file vf;
    load(&vf, first->file);
    record_protection rp;
    install_row(&rp, &vf, first);
    static record_reader rr;
    record_reader_init(&rr);
    size_t n = 0;
    for (size_t i = 0; i < N_PROTECTED; i++) {
        const protected_row *row = &protected_rows[i];
        if (strcmp(row->file, first->file) != 0 || strcmp(row->keys, first->keys) != 0)
            continue;
        ck_assert_uint_eq(rp.seq, row->seq);
        check_open(&vf, row, &rp);
        n++;
    }
    record_protection_wipe(&rp);
    vec_free(&vf);
    return n;
}

static bool first_of_its_key(size_t i)
{
    for (size_t j = 0; j < i; j++) {
        if (strcmp(protected_rows[j].file, protected_rows[i].file) == 0 &&
            strcmp(protected_rows[j].keys, protected_rows[i].keys) == 0)
            return false;
    }
    return true;
}

START_TEST(sequence_numbers_follow_the_order_of_records_under_each_key)
{
    size_t keys = 0, records = 0;
    for (size_t i = 0; i < N_PROTECTED; i++) {
        if (!first_of_its_key(i))
            continue;
        ck_assert_uint_eq(protected_rows[i].seq, 0);
        records += stream_one_key(&protected_rows[i]);
        keys++;
    }
    ck_assert_uint_eq(records, N_PROTECTED);
    printf("test_trace_records: %zu records read in order under %zu traffic keys from seq 0\n",
           records, keys);
    fflush(stdout);
}
END_TEST

static void check_plaintext_row(const plaintext_row *row)
{
    vec_file vf;
    load(&vf, row->file);
    size_t rec_len, content_len = 1;
    const uint8_t *rec = vec_get(&vf, row->record, &rec_len);
    static const uint8_t ccs_content[] = { 1 };
    const uint8_t *content = ccs_content;
    if (row->content != NULL)
        content = vec_get(&vf, row->content, &content_len);

    static record_reader rr;
    record_reader_init(&rr);
    record_view v;
    size_t consumed;
    ck_assert_int_eq(record_read(&rr, NULL, rec, rec_len, &consumed, &v), TLS13_OK);
    ck_assert_uint_eq(consumed, rec_len);
    ck_assert(!v.was_protected);
    ck_assert_int_eq(v.content_type, row->type);
    ck_assert_uint_eq(v.len, content_len);
    ck_assert_mem_eq(v.data, content, content_len);

    static uint8_t out[RECORD_MAX_WIRE];
    size_t out_len;
    ck_assert_int_eq(record_write_plaintext(row->type, row->legacy_version, v.data, v.len, out,
                                            sizeof out, &out_len),
                     TLS13_OK);
    ck_assert_uint_eq(out_len, rec_len);
    ck_assert_msg(memcmp(out, rec, rec_len) == 0, "%s %s: re-framed record differs", row->file,
                  row->record);
    vec_free(&vf);
}

START_TEST(every_plaintext_trace_record_reads_and_reframes_byte_for_byte)
{
    for (size_t i = 0; i < N_PLAINTEXT; i++)
        check_plaintext_row(&plaintext_rows[i]);
    printf("test_trace_records: %zu plaintext records read and re-framed byte for byte\n",
           N_PLAINTEXT);
    fflush(stdout);
}
END_TEST

/* A whole direction of a trace as the peer would receive it: unprotected
 * records first, then a CCS (passed through under protection), then the
 * protected ones, concatenated into one buffer and read in one go. */
START_TEST(xargs_server_flight_reads_from_one_buffer)
{
    vec_file vf;
    load(&vf, XARGS);
    static const char *const names[] = {
        "server_hello_record", "server_change_cipher_spec_record",
        "server_encrypted_extensions_record", "server_certificate_record",
        "server_certificate_verify_record", "server_finished_record",
    };
    static uint8_t stream[4096];
    size_t n = 0;
    for (size_t i = 0; i < 6; i++) {
        size_t len;
        const uint8_t *rec = vec_get(&vf, names[i], &len);
        ck_assert_uint_le(n + len, sizeof stream);
        memcpy(stream + n, rec, len);
        n += len;
    }
    record_protection rp;
    memset(&rp, 0, sizeof rp);
    static record_reader rr;
    record_reader_init(&rr);
    size_t off = 0, consumed;
    record_view v;
    ck_assert_int_eq(record_read(&rr, &rp, stream, n, &consumed, &v), TLS13_OK);
    ck_assert_int_eq(v.content_type, RECORD_HANDSHAKE);
    off += consumed;
    /* The handshake layer installs the server handshake keys after ServerHello. */
    install_row(&rp, &vf, &protected_rows[0]);
    ck_assert_int_eq(record_read(&rr, &rp, stream + off, n - off, &consumed, &v), TLS13_OK);
    ck_assert_int_eq(v.content_type, RECORD_CHANGE_CIPHER_SPEC);
    off += consumed;
    static const uint8_t hs_types[] = { 8, 11, 15, 20 };
    for (size_t i = 0; i < 4; i++) {
        ck_assert_int_eq(record_read(&rr, &rp, stream + off, n - off, &consumed, &v), TLS13_OK);
        ck_assert(v.was_protected);
        ck_assert_int_eq(v.content_type, RECORD_HANDSHAKE);
        ck_assert_uint_eq(v.data[0], hs_types[i]);
        off += consumed;
    }
    ck_assert_uint_eq(off, n);
    ck_assert_uint_eq(rp.seq, 4);
    record_protection_wipe(&rp);
    vec_free(&vf);
}
END_TEST

static Suite *trace_suite(void)
{
    Suite *s = suite_create("trace_records");
    TCase *tc = tcase_create("traces");
    tcase_add_test(tc, every_protected_trace_record_opens_and_reseals_byte_for_byte);
    tcase_add_test(tc, sequence_numbers_follow_the_order_of_records_under_each_key);
    tcase_add_test(tc, every_plaintext_trace_record_reads_and_reframes_byte_for_byte);
    tcase_add_test(tc, xargs_server_flight_reads_from_one_buffer);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(trace_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
