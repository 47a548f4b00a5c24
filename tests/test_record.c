/*
 * test_record.c — the record layer (src/record/, RFC 9846 §5): framing,
 * protection, padding, limits, the nonce, the sequence number, and the
 * incremental reader fed in every possible way.
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/aead.h"
#include "crypto/secure.h"
#include "record/record.h"

/* ---- helpers ------------------------------------------------------------- */

static const uint8_t test_iv[AEAD_NONCE_LEN] = {
    0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab
};

/* Installs a fixed key (bytes 1, 2, 3, ...) for alg, plus seed. */
static void install(record_protection *rp, aead_alg alg, uint8_t seed)
{
    uint8_t key[AEAD_MAX_KEY_LEN];
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (uint8_t)(i + 1 + seed);
    memset(rp, 0, sizeof *rp);
    ck_assert_int_eq(record_protection_install(rp, alg, key, aead_key_len(alg), test_iv),
                     TLS13_OK);
}

static void fill_pattern(uint8_t *p, size_t n, uint8_t start)
{
    for (size_t i = 0; i < n; i++)
        p[i] = (uint8_t)(start + i);
}

/* Seals one record with record_seal; asserts success. */
static size_t seal(record_protection *rp, const record_padding_policy *pad, uint8_t type,
                   const uint8_t *content, size_t len, uint8_t *out, size_t cap)
{
    size_t out_len = 0;
    ck_assert_int_eq(record_seal(rp, pad, type, content, len, out, cap, &out_len), TLS13_OK);
    return out_len;
}

/* Seals an arbitrary TLSInnerPlaintext, bypassing record_seal's checks: how a
 * misbehaving peer would build a record. */
static size_t raw_seal(record_protection *rp, const uint8_t *inner, size_t inner_len,
                       uint8_t *out)
{
    size_t len = inner_len + AEAD_TAG_LEN;
    out[0] = RECORD_APPLICATION_DATA;
    out[1] = 0x03;
    out[2] = 0x03;
    out[3] = (uint8_t)(len >> 8);
    out[4] = (uint8_t)len;
    uint8_t nonce[AEAD_NONCE_LEN];
    record_nonce(rp, nonce);
    ck_assert_int_eq(aead_seal(&rp->key, nonce, out, RECORD_HEADER_LEN, inner, inner_len,
                               out + RECORD_HEADER_LEN),
                     TLS13_OK);
    rp->seq++;
    return RECORD_HEADER_LEN + len;
}

/* Reads one record from in; returns the error and sets *consumed. */
static tls13_error read_one(record_reader *rr, record_protection *rp, const uint8_t *in,
                            size_t len, size_t *consumed, record_view *v)
{
    *consumed = 0;
    return record_read(rr, rp, in, len, consumed, v);
}

/* Reads exactly one whole record from in and asserts it used all of in. */
static record_view read_whole(record_reader *rr, record_protection *rp, const uint8_t *in,
                              size_t len)
{
    record_view v;
    size_t consumed;
    ck_assert_int_eq(read_one(rr, rp, in, len, &consumed, &v), TLS13_OK);
    ck_assert_uint_eq(consumed, len);
    return v;
}

/* The error a whole buffer gives a fresh reader. */
static tls13_error read_error(record_protection *rp, const uint8_t *in, size_t len)
{
    static record_reader rr;
    record_reader_init(&rr);
    record_view v;
    size_t consumed;
    return read_one(&rr, rp, in, len, &consumed, &v);
}

static uint8_t wire[4 * RECORD_MAX_WIRE];
static uint8_t content[RECORD_MAX_PLAINTEXT + 1];
static uint8_t inner[RECORD_MAX_CIPHERTEXT];

/* ---- the incremental reader ---------------------------------------------- */

/* What a stream of records decodes to. */
typedef struct got_record {
    uint8_t type;
    bool was_protected;
    size_t len;
    uint8_t data[512];
} got_record;

typedef struct stream_state {
    record_reader rr;
    record_protection rp;
    got_record got[8];
    size_t count;
} stream_state;

/* Feeds one piece of a stream, collecting every record it completes. */
static void feed_piece(stream_state *st, const uint8_t *piece, size_t len)
{
    size_t off = 0;
    while (off < len) {
        record_view v;
        size_t consumed;
        tls13_error err = read_one(&st->rr, &st->rp, piece + off, len - off, &consumed, &v);
        off += consumed;
        if (err == TLS13_WANT_READ) {
            ck_assert_uint_eq(off, len);
            return;
        }
        ck_assert_int_eq(err, TLS13_OK);
        ck_assert_uint_lt(st->count, 8);
        ck_assert_uint_le(v.len, sizeof st->got[0].data);
        got_record *g = &st->got[st->count++];
        g->type = v.content_type;
        g->was_protected = v.was_protected;
        g->len = v.len;
        memcpy(g->data, v.data, v.len);
    }
}

static void stream_begin(stream_state *st)
{
    memset(st, 0, sizeof *st);
    record_reader_init(&st->rr);
    install(&st->rp, AEAD_AES_128_GCM, 0);
}

/* A test stream: an unprotected change_cipher_spec, then a padded protected
 * handshake record, a protected application_data record and an empty one. */
static size_t build_stream(uint8_t *out, size_t cap)
{
    static const uint8_t ccs[] = { 0x01 };
    record_protection rp;
    install(&rp, AEAD_AES_128_GCM, 0);
    size_t n = 0, len;
    ck_assert_int_eq(record_write_plaintext(RECORD_CHANGE_CIPHER_SPEC, RECORD_LEGACY_VERSION,
                                            ccs, 1, out, cap, &len),
                     TLS13_OK);
    n += len;
    uint8_t msg[200];
    fill_pattern(msg, sizeof msg, 0x10);
    n += raw_seal(&rp, (const uint8_t[]){ 0x14, 0x00, 0x00, 0x02, 0xab, 0xcd, 0x16, 0, 0, 0 },
                  10, out + n);
    n += seal(&rp, NULL, RECORD_APPLICATION_DATA, msg, sizeof msg, out + n, cap - n);
    n += seal(&rp, NULL, RECORD_APPLICATION_DATA, NULL, 0, out + n, cap - n);
    record_protection_wipe(&rp);
    return n;
}

static void check_stream_result(const stream_state *st)
{
    ck_assert_uint_eq(st->count, 4);
    ck_assert_int_eq(st->got[0].type, RECORD_CHANGE_CIPHER_SPEC);
    ck_assert(!st->got[0].was_protected);
    ck_assert_uint_eq(st->got[0].len, 1);
    ck_assert_int_eq(st->got[1].type, RECORD_HANDSHAKE);
    ck_assert(st->got[1].was_protected);
    ck_assert_uint_eq(st->got[1].len, 6);
    ck_assert_mem_eq(st->got[1].data, ((const uint8_t[]){ 0x14, 0, 0, 2, 0xab, 0xcd }), 6);
    ck_assert_int_eq(st->got[2].type, RECORD_APPLICATION_DATA);
    ck_assert_uint_eq(st->got[2].len, 200);
    ck_assert_uint_eq(st->got[2].data[199], (uint8_t)(0x10 + 199));
    ck_assert_int_eq(st->got[3].type, RECORD_APPLICATION_DATA);
    ck_assert_uint_eq(st->got[3].len, 0);
    ck_assert_uint_eq(st->rp.seq, 3);
}

/* RFC 9846 §5.1: records arrive over a byte stream; any split must decode the same. */
START_TEST(stream_fed_in_chunks_of_every_size_gives_the_same_records)
{
    static uint8_t stream[1024];
    size_t n = build_stream(stream, sizeof stream);
    static stream_state st;
    for (size_t chunk = 1; chunk <= n; chunk++) {
        stream_begin(&st);
        for (size_t pos = 0; pos < n; pos += chunk)
            feed_piece(&st, stream + pos, pos + chunk <= n ? chunk : n - pos);
        check_stream_result(&st);
    }
}
END_TEST

START_TEST(stream_split_in_two_at_every_position_gives_the_same_records)
{
    static uint8_t stream[1024];
    size_t n = build_stream(stream, sizeof stream);
    static stream_state st;
    for (size_t cut = 0; cut <= n; cut++) {
        stream_begin(&st);
        feed_piece(&st, stream, cut);
        feed_piece(&st, stream + cut, n - cut);
        check_stream_result(&st);
    }
}
END_TEST

START_TEST(several_records_in_one_buffer_are_returned_one_per_call)
{
    static uint8_t stream[1024];
    size_t n = build_stream(stream, sizeof stream);
    static stream_state st;
    stream_begin(&st);
    record_view v;
    size_t consumed, off = 0;
    /* The CCS record is 6 bytes: the first call stops right after it. */
    ck_assert_int_eq(read_one(&st.rr, &st.rp, stream, n, &consumed, &v), TLS13_OK);
    ck_assert_uint_eq(consumed, 6);
    ck_assert_int_eq(v.content_type, RECORD_CHANGE_CIPHER_SPEC);
    off += consumed;
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(read_one(&st.rr, &st.rp, stream + off, n - off, &consumed, &v),
                         TLS13_OK);
        ck_assert(v.was_protected);
        off += consumed;
    }
    ck_assert_uint_eq(off, n);
    ck_assert_int_eq(read_one(&st.rr, &st.rp, stream + off, 0, &consumed, &v),
                     TLS13_WANT_READ);
    ck_assert_uint_eq(consumed, 0);
}
END_TEST

/* ---- header checks: judged as soon as 5 bytes are in ------------------- */

/* RFC 9846 §5.1: TLSPlaintext.length MUST NOT exceed 2^14 → record_overflow. */
START_TEST(plaintext_length_over_2_14_is_record_overflow_from_the_header_alone)
{
    static const uint8_t over[] = { RECORD_HANDSHAKE, 3, 3, 0x40, 0x01 };
    ck_assert_int_eq(read_error(NULL, over, sizeof over), TLS13_ERR_RECORD_OVERFLOW);
    static const uint8_t at_limit[] = { RECORD_HANDSHAKE, 3, 3, 0x40, 0x00 };
    ck_assert_int_eq(read_error(NULL, at_limit, sizeof at_limit), TLS13_WANT_READ);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_OVERFLOW),
                     TLS13_ALERT_RECORD_OVERFLOW);
}
END_TEST

/* RFC 9846 §5.2: TLSCiphertext.length MUST NOT exceed 2^14 + 256 → record_overflow. */
START_TEST(ciphertext_length_over_2_14_plus_256_is_record_overflow_from_the_header_alone)
{
    record_protection rp;
    install(&rp, AEAD_AES_128_GCM, 0);
    static const uint8_t over[] = { RECORD_APPLICATION_DATA, 3, 3, 0x41, 0x01 };
    ck_assert_int_eq(read_error(&rp, over, sizeof over), TLS13_ERR_RECORD_CIPHERTEXT_OVERFLOW);
    ck_assert_int_eq(read_error(NULL, over, sizeof over), TLS13_ERR_RECORD_CIPHERTEXT_OVERFLOW);
    static const uint8_t at_limit[] = { RECORD_APPLICATION_DATA, 3, 3, 0x41, 0x00 };
    ck_assert_int_eq(read_error(&rp, at_limit, sizeof at_limit), TLS13_WANT_READ);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_CIPHERTEXT_OVERFLOW),
                     TLS13_ALERT_RECORD_OVERFLOW);
    record_protection_wipe(&rp);
}
END_TEST

/* RFC 9846 §5: an unknown record type → unexpected_message. */
START_TEST(unknown_outer_content_type_is_unexpected_message_from_the_header_alone)
{
    static const uint8_t types[] = { 0, 19, 24, 0xff };
    for (size_t i = 0; i < sizeof types; i++) {
        const uint8_t hdr[] = { types[i], 3, 3, 0, 1 };
        ck_assert_int_eq(read_error(NULL, hdr, sizeof hdr), TLS13_ERR_RECORD_UNKNOWN_TYPE);
    }
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_UNKNOWN_TYPE),
                     TLS13_ALERT_UNEXPECTED_MESSAGE);
}
END_TEST

/* RFC 9846 §5.2: a protected record carries at least the tag. */
START_TEST(protected_record_shorter_than_the_tag_is_rejected_from_the_header_alone)
{
    record_protection rp;
    install(&rp, AEAD_AES_128_GCM, 0);
    for (uint8_t len = 0; len < AEAD_TAG_LEN; len++) {
        const uint8_t hdr[] = { RECORD_APPLICATION_DATA, 3, 3, 0, len };
        ck_assert_int_eq(read_error(&rp, hdr, sizeof hdr), TLS13_ERR_RECORD_TOO_SHORT);
    }
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_TOO_SHORT),
                     TLS13_ALERT_BAD_RECORD_MAC);
    /* Exactly a tag (an empty inner plaintext) is judged by the AEAD. */
    static uint8_t just_tag[RECORD_HEADER_LEN + AEAD_TAG_LEN] = {
        RECORD_APPLICATION_DATA, 3, 3, 0, AEAD_TAG_LEN
    };
    ck_assert_int_eq(read_error(&rp, just_tag, sizeof just_tag), TLS13_ERR_RECORD_BAD_MAC);
    record_protection_wipe(&rp);
}
END_TEST

/* RFC 9846 §5.1: legacy_record_version "MUST be ignored for all purposes". */
START_TEST(legacy_record_version_is_ignored_on_read)
{
    static const uint8_t rec[] = { RECORD_HANDSHAKE, 0x12, 0x34, 0, 1, 0x42 };
    static record_reader rr;
    record_reader_init(&rr);
    record_view v = read_whole(&rr, NULL, rec, sizeof rec);
    ck_assert_int_eq(v.content_type, RECORD_HANDSHAKE);
    ck_assert_uint_eq(v.len, 1);
    ck_assert_uint_eq(v.data[0], 0x42);
}
END_TEST

/* ---- protection ----------------------------------------------------------- */

/* RFC 9846 §5.2: every byte is authenticated: the header as additional data,
 * the body by the AEAD. A change to the length changes the framing instead. */
START_TEST(every_flipped_byte_of_a_protected_record_is_detected)
{
    record_protection tx, rx;
    install(&tx, AEAD_AES_128_GCM, 0);
    uint8_t msg[40];
    fill_pattern(msg, sizeof msg, 0);
    static uint8_t rec[128], bad[128];
    size_t n = seal(&tx, NULL, RECORD_HANDSHAKE, msg, sizeof msg, rec, sizeof rec);
    for (size_t i = 0; i < n; i++) {
        memcpy(bad, rec, n);
        bad[i] ^= 0x01;
        install(&rx, AEAD_AES_128_GCM, 0);
        tls13_error err = read_error(&rx, bad, n);
        if (i == 0) /* 0x17 → 0x16: a handshake record in the clear */
            ck_assert_int_eq(err, TLS13_ERR_RECORD_UNPROTECTED);
        else if (i == 3) /* length + 256: the record is not complete yet */
            ck_assert_int_eq(err, TLS13_WANT_READ);
        else if (i == 4 && (rec[4] & 1) == 0) /* length + 1 */
            ck_assert_int_eq(err, TLS13_WANT_READ);
        else
            ck_assert_msg(err == TLS13_ERR_RECORD_BAD_MAC, "byte %zu: %s", i,
                          tls13_error_name(err));
        ck_assert_uint_eq(rx.seq, 0);
    }
    install(&rx, AEAD_AES_128_GCM, 0);
    ck_assert_int_eq(read_error(&rx, rec, n), TLS13_OK);
}
END_TEST

START_TEST(wrong_key_is_bad_record_mac)
{
    record_protection tx, rx;
    install(&tx, AEAD_AES_128_GCM, 0);
    install(&rx, AEAD_AES_128_GCM, 1);
    static const uint8_t msg[] = "hello";
    size_t n = seal(&tx, NULL, RECORD_APPLICATION_DATA, msg, 5, wire, sizeof wire);
    ck_assert_int_eq(read_error(&rx, wire, n), TLS13_ERR_RECORD_BAD_MAC);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_BAD_MAC), TLS13_ALERT_BAD_RECORD_MAC);
    /* Same key, wrong sequence number: a different nonce. */
    install(&rx, AEAD_AES_128_GCM, 0);
    rx.seq = 1;
    ck_assert_int_eq(read_error(&rx, wire, n), TLS13_ERR_RECORD_BAD_MAC);
}
END_TEST

/* The reader drops a record that fails deprotection and may go on (the
 * connection decides: RFC 9846 §4.3.10 skips rejected 0-RTT this way). */
START_TEST(bad_record_mac_drops_the_record_and_keeps_the_sequence_number)
{
    record_protection early, hs, rx;
    install(&early, AEAD_AES_128_GCM, 7);
    install(&hs, AEAD_AES_128_GCM, 0);
    install(&rx, AEAD_AES_128_GCM, 0);
    static const uint8_t msg[] = "finished";
    size_t n1 = seal(&early, NULL, RECORD_APPLICATION_DATA, msg, 8, wire, sizeof wire);
    size_t n2 = seal(&hs, NULL, RECORD_HANDSHAKE, msg, 8, wire + n1, sizeof wire - n1);
    static record_reader rr;
    record_reader_init(&rr);
    record_view v;
    size_t consumed;
    ck_assert_int_eq(read_one(&rr, &rx, wire, n1 + n2, &consumed, &v),
                     TLS13_ERR_RECORD_BAD_MAC);
    ck_assert_uint_eq(consumed, n1);
    ck_assert_uint_eq(rx.seq, 0);
    v = read_whole(&rr, &rx, wire + n1, n2);
    ck_assert_int_eq(v.content_type, RECORD_HANDSHAKE);
    ck_assert_mem_eq(v.data, msg, 8);
    ck_assert_uint_eq(rx.seq, 1);
}
END_TEST

/* RFC 9846 §5.3: nonce = iv XOR the sequence number left-padded to 12 bytes. */
START_TEST(nonce_is_the_iv_xor_the_padded_sequence_number)
{
    record_protection rp;
    install(&rp, AEAD_AES_128_GCM, 0);
    rp.seq = 0x0102030405060708u;
    uint8_t nonce[AEAD_NONCE_LEN];
    record_nonce(&rp, nonce);
    static const uint8_t want[AEAD_NONCE_LEN] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4 ^ 1, 0xa5 ^ 2,
                                                  0xa6 ^ 3, 0xa7 ^ 4, 0xa8 ^ 5, 0xa9 ^ 6,
                                                  0xaa ^ 7, 0xab ^ 8 };
    ck_assert_mem_eq(nonce, want, sizeof want);
    rp.seq = 0;
    record_nonce(&rp, nonce);
    ck_assert_mem_eq(nonce, test_iv, sizeof test_iv);
    record_protection_wipe(&rp);
}
END_TEST

/* RFC 9846 §5.3: the sequence number increments per record and resets on install. */
START_TEST(sequence_number_advances_per_record_and_resets_on_new_keys)
{
    record_protection rp;
    install(&rp, AEAD_AES_128_GCM, 0);
    for (uint64_t i = 0; i < 3; i++) {
        ck_assert_uint_eq(rp.seq, i);
        seal(&rp, NULL, RECORD_APPLICATION_DATA, content, 1, wire, sizeof wire);
    }
    install(&rp, AEAD_AES_128_GCM, 1);
    ck_assert_uint_eq(rp.seq, 0);
    record_protection_wipe(&rp);
}
END_TEST

/* RFC 9846 §5.3: sequence numbers "should not wrap"; the layer refuses instead. */
START_TEST(sequence_number_never_wraps)
{
    record_protection tx, rx;
    install(&tx, AEAD_AES_128_GCM, 0);
    install(&rx, AEAD_AES_128_GCM, 0);
    tx.seq = UINT64_MAX - 1;
    size_t n = seal(&tx, NULL, RECORD_APPLICATION_DATA, content, 3, wire, sizeof wire);
    ck_assert_uint_eq(tx.seq, UINT64_MAX);
    size_t len;
    ck_assert_int_eq(record_seal(&tx, NULL, RECORD_APPLICATION_DATA, content, 3, wire + n,
                                 sizeof wire - n, &len),
                     TLS13_ERR_SEQUENCE_EXHAUSTED);
    ck_assert_uint_eq(tx.seq, UINT64_MAX);

    rx.seq = UINT64_MAX - 1;
    ck_assert_int_eq(read_error(&rx, wire, n), TLS13_OK);
    ck_assert_uint_eq(rx.seq, UINT64_MAX);
    ck_assert_int_eq(read_error(&rx, wire, n), TLS13_ERR_SEQUENCE_EXHAUSTED);
}
END_TEST

/* Round trip under each of the three AEADs. */
START_TEST(records_round_trip_under_every_aead)
{
    static const aead_alg algs[] = { AEAD_AES_128_GCM, AEAD_AES_256_GCM,
                                     AEAD_CHACHA20_POLY1305 };
    for (size_t a = 0; a < 3; a++) {
        record_protection tx, rx;
        install(&tx, algs[a], 0);
        install(&rx, algs[a], 0);
        fill_pattern(content, 300, (uint8_t)a);
        static record_reader rr;
        record_reader_init(&rr);
        for (int i = 0; i < 3; i++) {
            size_t n = seal(&tx, NULL, RECORD_HANDSHAKE, content, 300, wire, sizeof wire);
            ck_assert_uint_eq(n, RECORD_HEADER_LEN + 300 + 1 + AEAD_TAG_LEN);
            record_view v = read_whole(&rr, &rx, wire, n);
            ck_assert_int_eq(v.content_type, RECORD_HANDSHAKE);
            ck_assert(v.was_protected);
            ck_assert_uint_eq(v.len, 300);
            ck_assert_mem_eq(v.data, content, 300);
        }
        record_protection_wipe(&tx);
        record_protection_wipe(&rx);
    }
}
END_TEST

/* RFC 9846 §5.1: 2^14 bytes of content is the largest record. */
START_TEST(content_of_2_14_bytes_round_trips)
{
    record_protection tx, rx;
    install(&tx, AEAD_AES_256_GCM, 0);
    install(&rx, AEAD_AES_256_GCM, 0);
    fill_pattern(content, RECORD_MAX_PLAINTEXT, 3);
    size_t n = seal(&tx, NULL, RECORD_APPLICATION_DATA, content, RECORD_MAX_PLAINTEXT, wire,
                    sizeof wire);
    ck_assert_uint_eq(n, RECORD_HEADER_LEN + RECORD_MAX_INNER + AEAD_TAG_LEN);
    static record_reader rr;
    record_reader_init(&rr);
    record_view v = read_whole(&rr, &rx, wire, n);
    ck_assert_uint_eq(v.len, RECORD_MAX_PLAINTEXT);
    ck_assert_mem_eq(v.data, content, RECORD_MAX_PLAINTEXT);
    size_t len;
    ck_assert_int_eq(record_seal(&tx, NULL, RECORD_APPLICATION_DATA, content,
                                 RECORD_MAX_PLAINTEXT + 1, wire, sizeof wire, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
}
END_TEST

/* RFC 9846 §5.1, §5.4: zero-length application data MAY be sent. */
START_TEST(empty_application_data_is_allowed)
{
    record_protection tx, rx;
    install(&tx, AEAD_AES_128_GCM, 0);
    install(&rx, AEAD_AES_128_GCM, 0);
    size_t n = seal(&tx, NULL, RECORD_APPLICATION_DATA, NULL, 0, wire, sizeof wire);
    ck_assert_uint_eq(n, RECORD_HEADER_LEN + 1 + AEAD_TAG_LEN);
    static record_reader rr;
    record_reader_init(&rr);
    record_view v = read_whole(&rr, &rx, wire, n);
    ck_assert_int_eq(v.content_type, RECORD_APPLICATION_DATA);
    ck_assert_uint_eq(v.len, 0);
}
END_TEST

/* ---- TLSInnerPlaintext: type, padding, limits ---------------------------- */

typedef struct fixed_padding {
    size_t amount;
    size_t seen_max;
} fixed_padding;

static size_t choose_fixed(void *ctx, uint8_t type, size_t content_len, size_t max_padding)
{
    (void)type;
    (void)content_len;
    fixed_padding *p = ctx;
    p->seen_max = max_padding;
    return p->amount;
}

/* RFC 9846 §5.4: the receiver scans back past the zeros to the content type. */
START_TEST(padding_is_stripped_on_read)
{
    static const size_t amounts[] = { 0, 1, 2, 15, 16, 255, 1000, 16000 };
    fill_pattern(content, 200, 9);
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
        record_protection tx, rx;
        install(&tx, AEAD_CHACHA20_POLY1305, 0);
        install(&rx, AEAD_CHACHA20_POLY1305, 0);
        fixed_padding fp = { amounts[i], 0 };
        record_padding_policy pol = { choose_fixed, &fp };
        size_t n = seal(&tx, &pol, RECORD_ALERT, content, 200, wire, sizeof wire);
        ck_assert_uint_eq(n, RECORD_HEADER_LEN + 200 + 1 + amounts[i] + AEAD_TAG_LEN);
        ck_assert_uint_eq(fp.seen_max, RECORD_MAX_INNER - 201);
        static record_reader rr;
        record_reader_init(&rr);
        record_view v = read_whole(&rr, &rx, wire, n);
        ck_assert_int_eq(v.content_type, RECORD_ALERT);
        ck_assert_uint_eq(v.len, 200);
        ck_assert_mem_eq(v.data, content, 200);
    }
}
END_TEST

/* RFC 9846 §5.4: "the full encoded TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets". */
START_TEST(padding_is_clamped_so_the_inner_plaintext_stays_within_2_14_plus_1)
{
    static const size_t lens[] = { 0, 1, 100, RECORD_MAX_PLAINTEXT - 1, RECORD_MAX_PLAINTEXT };
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        record_protection tx, rx;
        install(&tx, AEAD_AES_128_GCM, 0);
        install(&rx, AEAD_AES_128_GCM, 0);
        fixed_padding fp = { SIZE_MAX, 0 };
        record_padding_policy pol = { choose_fixed, &fp };
        size_t n = seal(&tx, &pol, RECORD_APPLICATION_DATA, content, lens[i], wire,
                        sizeof wire);
        ck_assert_uint_eq(fp.seen_max, RECORD_MAX_PLAINTEXT - lens[i]);
        ck_assert_uint_eq(n, RECORD_HEADER_LEN + RECORD_MAX_INNER + AEAD_TAG_LEN);
        static record_reader rr;
        record_reader_init(&rr);
        record_view v = read_whole(&rr, &rx, wire, n);
        ck_assert_uint_eq(v.len, lens[i]);
    }
}
END_TEST

/* RFC 9846 §5.4: no non-zero octet in the cleartext → unexpected_message. */
START_TEST(all_zero_inner_plaintext_has_no_content_type)
{
    static const size_t lens[] = { 0, 1, 2, 100, RECORD_MAX_INNER };
    memset(inner, 0, sizeof inner);
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        record_protection tx, rx;
        install(&tx, AEAD_AES_128_GCM, 0);
        install(&rx, AEAD_AES_128_GCM, 0);
        size_t n = raw_seal(&tx, inner, lens[i], wire);
        ck_assert_int_eq(read_error(&rx, wire, n), TLS13_ERR_RECORD_NO_CONTENT_TYPE);
    }
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_NO_CONTENT_TYPE),
                     TLS13_ALERT_UNEXPECTED_MESSAGE);
}
END_TEST

/* RFC 9846 §5.4 / §6.2: a decrypted TLSInnerPlaintext over 2^14 + 1 → record_overflow. */
START_TEST(inner_plaintext_over_2_14_plus_1_is_record_overflow)
{
    record_protection tx, rx;
    install(&tx, AEAD_AES_128_GCM, 0);
    install(&rx, AEAD_AES_128_GCM, 0);
    memset(inner, 0x61, sizeof inner);
    inner[RECORD_MAX_INNER] = RECORD_APPLICATION_DATA; /* 2^14 + 1 bytes of content */
    size_t n = raw_seal(&tx, inner, RECORD_MAX_INNER + 1, wire);
    ck_assert_int_eq(read_error(&rx, wire, n), TLS13_ERR_RECORD_INNER_OVERFLOW);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_INNER_OVERFLOW),
                     TLS13_ALERT_RECORD_OVERFLOW);
    /* Padding counts too: 10 bytes of content and 2^14 - 8 zeros. */
    memset(inner, 0, sizeof inner);
    inner[10] = RECORD_APPLICATION_DATA;
    install(&tx, AEAD_AES_128_GCM, 0);
    install(&rx, AEAD_AES_128_GCM, 0);
    n = raw_seal(&tx, inner, RECORD_MAX_INNER + 1, wire);
    ck_assert_int_eq(read_error(&rx, wire, n), TLS13_ERR_RECORD_INNER_OVERFLOW);
    /* Exactly 2^14 + 1 is fine. */
    install(&tx, AEAD_AES_128_GCM, 0);
    install(&rx, AEAD_AES_128_GCM, 0);
    n = raw_seal(&tx, inner, RECORD_MAX_INNER, wire);
    ck_assert_int_eq(read_error(&rx, wire, n), TLS13_OK);
}
END_TEST

/* ---- content types ------------------------------------------------------- */

/* RFC 9846 §5.1, §5.4: zero-length handshake or alert fragments → unexpected_message. */
START_TEST(zero_length_handshake_or_alert_record_is_empty_fragment)
{
    static const uint8_t types[] = { RECORD_HANDSHAKE, RECORD_ALERT };
    for (size_t i = 0; i < 2; i++) {
        const uint8_t plain[] = { types[i], 3, 3, 0, 0 };
        ck_assert_int_eq(read_error(NULL, plain, sizeof plain),
                         TLS13_ERR_RECORD_EMPTY_FRAGMENT);
        record_protection tx, rx;
        install(&tx, AEAD_AES_128_GCM, 0);
        install(&rx, AEAD_AES_128_GCM, 0);
        const uint8_t padded[] = { types[i], 0, 0, 0 }; /* "even if ... padding" */
        size_t n = raw_seal(&tx, padded, sizeof padded, wire);
        ck_assert_int_eq(read_error(&rx, wire, n), TLS13_ERR_RECORD_EMPTY_FRAGMENT);
        size_t len;
        ck_assert_int_eq(record_seal(&tx, NULL, types[i], NULL, 0, wire, sizeof wire, &len),
                         TLS13_ERR_INVALID_ARGUMENT);
    }
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_EMPTY_FRAGMENT),
                     TLS13_ALERT_UNEXPECTED_MESSAGE);
}
END_TEST

/* RFC 9846 §5.1: once protection has started, records are protected. */
START_TEST(unprotected_handshake_or_alert_under_protection_is_unexpected_message)
{
    record_protection rp;
    install(&rp, AEAD_AES_128_GCM, 0);
    static const uint8_t hs[] = { RECORD_HANDSHAKE, 3, 3, 0, 4, 0x14, 0, 0, 0 };
    static const uint8_t alert[] = { RECORD_ALERT, 3, 3, 0, 2, 2, 40 };
    ck_assert_int_eq(read_error(&rp, hs, sizeof hs), TLS13_ERR_RECORD_UNPROTECTED);
    ck_assert_int_eq(read_error(&rp, alert, sizeof alert), TLS13_ERR_RECORD_UNPROTECTED);
    /* Judged from the header alone. */
    ck_assert_int_eq(read_error(&rp, hs, RECORD_HEADER_LEN), TLS13_ERR_RECORD_UNPROTECTED);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_UNPROTECTED),
                     TLS13_ALERT_UNEXPECTED_MESSAGE);
    record_protection_wipe(&rp);
}
END_TEST

/* A peer that rejects our first flight before it has keys can only send its
 * alert in the clear: while the layer above allows it (the handshake), an
 * unprotected alert is handed up; a handshake record still is not. */
START_TEST(unprotected_alert_passes_while_allowed_and_handshake_never_does)
{
    record_protection rp;
    install(&rp, AEAD_AES_128_GCM, 0);
    static const uint8_t hs[] = { RECORD_HANDSHAKE, 3, 3, 0, 4, 0x14, 0, 0, 0 };
    static const uint8_t alert[] = { RECORD_ALERT, 3, 3, 0, 2, 2, 40 };
    static record_reader rr;
    record_reader_init(&rr);
    rr.plaintext_alerts_allowed = true;
    record_view v = read_whole(&rr, &rp, alert, sizeof alert);
    ck_assert_int_eq(v.content_type, RECORD_ALERT);
    ck_assert(!v.was_protected);
    ck_assert_uint_eq(v.len, 2);
    ck_assert_uint_eq(v.data[1], 40);
    record_reader_init(&rr);
    rr.plaintext_alerts_allowed = true;
    record_view ignored;
    size_t consumed;
    ck_assert_int_eq(read_one(&rr, &rp, hs, sizeof hs, &consumed, &ignored),
                     TLS13_ERR_RECORD_UNPROTECTED);
    record_protection_wipe(&rp);
}
END_TEST

/* RFC 9846 §5: an unprotected change_cipher_spec may arrive while protected
 * records are expected; the record layer hands it up unchanged. */
START_TEST(unprotected_change_cipher_spec_passes_through_under_protection)
{
    record_protection rp;
    install(&rp, AEAD_AES_128_GCM, 0);
    static const uint8_t ccs[] = { RECORD_CHANGE_CIPHER_SPEC, 3, 3, 0, 1, 1 };
    static record_reader rr;
    record_reader_init(&rr);
    record_view v = read_whole(&rr, &rp, ccs, sizeof ccs);
    ck_assert_int_eq(v.content_type, RECORD_CHANGE_CIPHER_SPEC);
    ck_assert(!v.was_protected);
    ck_assert_uint_eq(v.len, 1);
    ck_assert_uint_eq(v.data[0], 1);
    ck_assert_uint_eq(rp.seq, 0);
    record_protection_wipe(&rp);
}
END_TEST

/* RFC 9846 §5: "receives a protected change_cipher_spec record MUST abort the
 * handshake with an unexpected_message alert". */
START_TEST(protected_change_cipher_spec_is_unexpected_message)
{
    record_protection tx, rx;
    install(&tx, AEAD_AES_128_GCM, 0);
    install(&rx, AEAD_AES_128_GCM, 0);
    static const uint8_t ccs[] = { 0x01, RECORD_CHANGE_CIPHER_SPEC };
    size_t n = raw_seal(&tx, ccs, sizeof ccs, wire);
    ck_assert_int_eq(read_error(&rx, wire, n), TLS13_ERR_RECORD_PROTECTED_CCS);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_PROTECTED_CCS),
                     TLS13_ALERT_UNEXPECTED_MESSAGE);
    size_t len;
    ck_assert_int_eq(record_seal(&tx, NULL, RECORD_CHANGE_CIPHER_SPEC, ccs, 1, wire,
                                 sizeof wire, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
}
END_TEST

/* RFC 9846 §5: an unknown (inner) record type → unexpected_message. */
START_TEST(unknown_inner_content_type_is_unexpected_message)
{
    static const uint8_t types[] = { 1, 19, 24, 0xff };
    for (size_t i = 0; i < sizeof types; i++) {
        record_protection tx, rx;
        install(&tx, AEAD_AES_128_GCM, 0);
        install(&rx, AEAD_AES_128_GCM, 0);
        const uint8_t in[] = { 'x', types[i], 0, 0 };
        size_t n = raw_seal(&tx, in, sizeof in, wire);
        ck_assert_int_eq(read_error(&rx, wire, n), TLS13_ERR_RECORD_UNKNOWN_TYPE);
    }
}
END_TEST

/* Without read keys an application_data record is ciphertext this endpoint
 * cannot read (e.g. 0-RTT after HelloRetryRequest): it is returned as is. */
START_TEST(application_data_without_keys_is_returned_as_it_arrived)
{
    static const uint8_t rec[] = { RECORD_APPLICATION_DATA, 3, 3, 0, 3, 9, 8, 7 };
    static record_reader rr;
    record_reader_init(&rr);
    record_view v = read_whole(&rr, NULL, rec, sizeof rec);
    ck_assert_int_eq(v.content_type, RECORD_APPLICATION_DATA);
    ck_assert(!v.was_protected);
    ck_assert_uint_eq(v.len, 3);
    record_protection inactive;
    memset(&inactive, 0, sizeof inactive);
    v = read_whole(&rr, &inactive, rec, sizeof rec);
    ck_assert(!v.was_protected);
}
END_TEST

/* ---- writing -------------------------------------------------------------- */

/* RFC 9846 §5.1: TLSPlaintext framing, 0x0301 allowed for a first ClientHello. */
START_TEST(plaintext_records_are_framed_and_read_back)
{
    static const uint8_t ch[] = { 1, 0, 0, 2, 3, 3 };
    size_t len;
    ck_assert_int_eq(record_write_plaintext(RECORD_HANDSHAKE, RECORD_LEGACY_VERSION_INITIAL, ch,
                                            sizeof ch, wire, sizeof wire, &len),
                     TLS13_OK);
    static const uint8_t want[] = { 0x16, 3, 1, 0, 6, 1, 0, 0, 2, 3, 3 };
    ck_assert_uint_eq(len, sizeof want);
    ck_assert_mem_eq(wire, want, sizeof want);
    static record_reader rr;
    record_reader_init(&rr);
    record_view v = read_whole(&rr, NULL, wire, len);
    ck_assert_int_eq(v.content_type, RECORD_HANDSHAKE);
    ck_assert_mem_eq(v.data, ch, sizeof ch);
}
END_TEST

START_TEST(write_plaintext_refuses_what_must_not_be_sent)
{
    size_t len;
    static const uint8_t b[] = { 1 };
    /* §5.1: "Application Data records MUST NOT be written to the wire unprotected". */
    ck_assert_int_eq(record_write_plaintext(RECORD_APPLICATION_DATA, RECORD_LEGACY_VERSION, b,
                                            1, wire, sizeof wire, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(record_write_plaintext(RECORD_HANDSHAKE, RECORD_LEGACY_VERSION, b, 0, wire,
                                            sizeof wire, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(record_write_plaintext(RECORD_HANDSHAKE, 0x0304, b, 1, wire, sizeof wire,
                                            &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(record_write_plaintext(0x42, RECORD_LEGACY_VERSION, b, 1, wire,
                                            sizeof wire, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(record_write_plaintext(RECORD_HANDSHAKE, RECORD_LEGACY_VERSION, content,
                                            RECORD_MAX_PLAINTEXT + 1, wire, sizeof wire, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(record_write_plaintext(RECORD_HANDSHAKE, RECORD_LEGACY_VERSION, b, 1, wire,
                                            5, &len),
                     TLS13_ERR_BUFFER_TOO_SMALL);
}
END_TEST

START_TEST(seal_refuses_without_keys_or_room_and_keeps_the_sequence_number)
{
    record_protection rp;
    memset(&rp, 0, sizeof rp);
    size_t len;
    ck_assert_int_eq(record_seal(&rp, NULL, RECORD_HANDSHAKE, content, 4, wire, sizeof wire,
                                 &len),
                     TLS13_ERR_NO_KEYS);
    ck_assert_int_eq(record_seal(NULL, NULL, RECORD_HANDSHAKE, content, 4, wire, sizeof wire,
                                 &len),
                     TLS13_ERR_NO_KEYS);
    install(&rp, AEAD_AES_128_GCM, 0);
    size_t need = RECORD_HEADER_LEN + 4 + 1 + AEAD_TAG_LEN;
    ck_assert_int_eq(record_seal(&rp, NULL, RECORD_HANDSHAKE, content, 4, wire, need - 1, &len),
                     TLS13_ERR_BUFFER_TOO_SMALL);
    ck_assert_uint_eq(rp.seq, 0);
    ck_assert_int_eq(record_seal(&rp, NULL, 0, content, 4, wire, sizeof wire, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(record_seal(&rp, NULL, RECORD_HANDSHAKE, content, 4, wire, need, &len),
                     TLS13_OK);
    ck_assert_uint_eq(len, need);
    ck_assert_uint_eq(rp.seq, 1);
    record_protection_wipe(&rp);
}
END_TEST

/* Content already in place after the header is sealed where it lies. */
START_TEST(seal_in_place_matches_seal_from_a_separate_buffer)
{
    record_protection a, b;
    install(&a, AEAD_AES_128_GCM, 0);
    install(&b, AEAD_AES_128_GCM, 0);
    static uint8_t separate[256], in_place[256];
    fill_pattern(content, 100, 0x33);
    size_t n1 = seal(&a, NULL, RECORD_HANDSHAKE, content, 100, separate, sizeof separate);
    memcpy(in_place + RECORD_HEADER_LEN, content, 100);
    size_t n2 = seal(&b, NULL, RECORD_HANDSHAKE, in_place + RECORD_HEADER_LEN, 100, in_place,
                     sizeof in_place);
    ck_assert_uint_eq(n1, n2);
    ck_assert_mem_eq(separate, in_place, n1);
}
END_TEST

/* ---- state: sticky errors, wiping ---------------------------------------- */

START_TEST(reader_errors_are_sticky)
{
    static const uint8_t over[] = { RECORD_HANDSHAKE, 3, 3, 0x40, 0x01 };
    static const uint8_t fine[] = { RECORD_HANDSHAKE, 3, 3, 0, 1, 1 };
    static record_reader rr;
    record_reader_init(&rr);
    record_view v;
    size_t consumed;
    ck_assert_int_eq(read_one(&rr, NULL, over, sizeof over, &consumed, &v),
                     TLS13_ERR_RECORD_OVERFLOW);
    ck_assert_uint_eq(consumed, RECORD_HEADER_LEN);
    ck_assert_int_eq(read_one(&rr, NULL, fine, sizeof fine, &consumed, &v),
                     TLS13_ERR_RECORD_OVERFLOW);
    ck_assert_uint_eq(consumed, 0);
}
END_TEST

static bool all_zero(const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        if (b[i] != 0)
            return false;
    }
    return true;
}

START_TEST(plaintext_is_wiped_by_the_next_read_and_by_reader_wipe)
{
    record_protection tx, rx;
    install(&tx, AEAD_AES_128_GCM, 0);
    install(&rx, AEAD_AES_128_GCM, 0);
    memset(content, 0x5a, 64);
    size_t n = seal(&tx, NULL, RECORD_APPLICATION_DATA, content, 64, wire, sizeof wire);
    static record_reader rr;
    record_reader_init(&rr);
    read_whole(&rr, &rx, wire, n);
    ck_assert(!all_zero(rr.buf + RECORD_HEADER_LEN, 64));
    record_view v;
    size_t consumed;
    ck_assert_int_eq(read_one(&rr, &rx, wire, 0, &consumed, &v), TLS13_WANT_READ);
    ck_assert(all_zero(rr.buf, sizeof rr.buf));

    install(&rx, AEAD_AES_128_GCM, 0);
    read_whole(&rr, &rx, wire, n);
    record_reader_wipe(&rr);
    ck_assert(all_zero(&rr, sizeof rr));
}
END_TEST

START_TEST(protection_wipe_clears_key_iv_and_state)
{
    record_protection rp;
    install(&rp, AEAD_AES_256_GCM, 0);
    rp.seq = 77;
    record_protection_wipe(&rp);
    ck_assert(all_zero(&rp, sizeof rp));
    ck_assert(!rp.active);
    size_t len;
    ck_assert_int_eq(record_seal(&rp, NULL, RECORD_HANDSHAKE, content, 4, wire, sizeof wire,
                                 &len),
                     TLS13_ERR_NO_KEYS);
}
END_TEST

START_TEST(install_refuses_a_key_of_the_wrong_length)
{
    record_protection rp;
    memset(&rp, 0, sizeof rp);
    static const uint8_t key[32] = { 0 };
    ck_assert_int_eq(record_protection_install(&rp, AEAD_AES_128_GCM, key, 32, test_iv),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert(!rp.active);
}
END_TEST

/* ---- suite ----------------------------------------------------------------- */

static Suite *record_suite(void)
{
    Suite *s = suite_create("record");
    TCase *tc = tcase_create("reader");
    tcase_add_test(tc, stream_fed_in_chunks_of_every_size_gives_the_same_records);
    tcase_add_test(tc, stream_split_in_two_at_every_position_gives_the_same_records);
    tcase_add_test(tc, several_records_in_one_buffer_are_returned_one_per_call);
    tcase_add_test(tc, reader_errors_are_sticky);
    suite_add_tcase(s, tc);

    tc = tcase_create("header");
    tcase_add_test(tc, plaintext_length_over_2_14_is_record_overflow_from_the_header_alone);
    tcase_add_test(tc,
                   ciphertext_length_over_2_14_plus_256_is_record_overflow_from_the_header_alone);
    tcase_add_test(tc, unknown_outer_content_type_is_unexpected_message_from_the_header_alone);
    tcase_add_test(tc, protected_record_shorter_than_the_tag_is_rejected_from_the_header_alone);
    tcase_add_test(tc, legacy_record_version_is_ignored_on_read);
    suite_add_tcase(s, tc);

    tc = tcase_create("protection");
    tcase_add_test(tc, every_flipped_byte_of_a_protected_record_is_detected);
    tcase_add_test(tc, wrong_key_is_bad_record_mac);
    tcase_add_test(tc, bad_record_mac_drops_the_record_and_keeps_the_sequence_number);
    tcase_add_test(tc, nonce_is_the_iv_xor_the_padded_sequence_number);
    tcase_add_test(tc, sequence_number_advances_per_record_and_resets_on_new_keys);
    tcase_add_test(tc, sequence_number_never_wraps);
    tcase_add_test(tc, records_round_trip_under_every_aead);
    tcase_add_test(tc, content_of_2_14_bytes_round_trips);
    tcase_add_test(tc, empty_application_data_is_allowed);
    suite_add_tcase(s, tc);

    tc = tcase_create("inner_plaintext");
    tcase_add_test(tc, padding_is_stripped_on_read);
    tcase_add_test(tc, padding_is_clamped_so_the_inner_plaintext_stays_within_2_14_plus_1);
    tcase_add_test(tc, all_zero_inner_plaintext_has_no_content_type);
    tcase_add_test(tc, inner_plaintext_over_2_14_plus_1_is_record_overflow);
    suite_add_tcase(s, tc);

    tc = tcase_create("content_types");
    tcase_add_test(tc, zero_length_handshake_or_alert_record_is_empty_fragment);
    tcase_add_test(tc, unprotected_handshake_or_alert_under_protection_is_unexpected_message);
    tcase_add_test(tc, unprotected_alert_passes_while_allowed_and_handshake_never_does);
    tcase_add_test(tc, unprotected_change_cipher_spec_passes_through_under_protection);
    tcase_add_test(tc, protected_change_cipher_spec_is_unexpected_message);
    tcase_add_test(tc, unknown_inner_content_type_is_unexpected_message);
    tcase_add_test(tc, application_data_without_keys_is_returned_as_it_arrived);
    suite_add_tcase(s, tc);

    tc = tcase_create("writing_and_state");
    tcase_add_test(tc, plaintext_records_are_framed_and_read_back);
    tcase_add_test(tc, write_plaintext_refuses_what_must_not_be_sent);
    tcase_add_test(tc, seal_refuses_without_keys_or_room_and_keeps_the_sequence_number);
    tcase_add_test(tc, seal_in_place_matches_seal_from_a_separate_buffer);
    tcase_add_test(tc, plaintext_is_wiped_by_the_next_read_and_by_reader_wipe);
    tcase_add_test(tc, protection_wipe_clears_key_iv_and_state);
    tcase_add_test(tc, install_refuses_a_key_of_the_wrong_length);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(record_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
