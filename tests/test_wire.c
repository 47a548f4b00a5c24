/*
 * test_wire.c — the checked byte reader and writer (src/wire/).
 *
 * A real message (the xargs trace's ClientHello) is parsed and rebuilt with
 * the codec; every truncation of it must fail cleanly, and length prefixes
 * that overrun their parent must fail.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "vecfile.h"
#include "wire/wire.h"

/* A ClientHello parser written only with the wire API (RFC 9846 §4.2.2). */
static bool parse_extensions(wire_reader *r, int *count)
{
    wire_reader exts;
    if (!wire_read_prefixed_u16(r, &exts))
        return false;
    while (!wire_reader_done(&exts)) {
        uint16_t type;
        wire_reader body;
        if (!wire_read_u16(&exts, &type) || !wire_read_prefixed_u16(&exts, &body))
            return false;
        (*count)++;
    }
    return true;
}

static bool parse_client_hello(const uint8_t *msg, size_t len, int *ext_count)
{
    wire_reader r, body, session_id, suites, compression;
    uint8_t type, random[32];
    uint16_t version;
    wire_reader_init(&r, msg, len);
    *ext_count = 0;
    if (!wire_read_u8(&r, &type) || !wire_read_prefixed_u24(&r, &body) || !wire_reader_done(&r))
        return false;
    if (!wire_read_u16(&body, &version) || !wire_read_bytes(&body, random, sizeof random))
        return false;
    if (!wire_read_prefixed_u8(&body, &session_id) || !wire_read_prefixed_u16(&body, &suites))
        return false;
    if (!wire_read_prefixed_u8(&body, &compression))
        return false;
    if (!parse_extensions(&body, ext_count))
        return false;
    return wire_reader_done(&body);
}

START_TEST(client_hello_parses_and_every_truncation_fails)
{
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, "xargs/handshake.txt"), 0);
    size_t len;
    const uint8_t *ch = vec_get(&vf, "client_hello", &len);
    int exts;
    ck_assert(parse_client_hello(ch, len, &exts));
    ck_assert_int_eq(exts, 10); /* vectors/README.md lists ten CH extensions */
    for (size_t cut = 0; cut < len; cut++) {
        /* A heap copy of exactly `cut` bytes, so ASan catches any over-read. */
        uint8_t *copy = malloc(cut ? cut : 1);
        memcpy(copy, ch, cut);
        ck_assert_msg(!parse_client_hello(copy, cut, &exts), "truncation to %zu parsed", cut);
        free(copy);
    }
    vec_free(&vf);
}
END_TEST

START_TEST(trailing_byte_is_rejected_by_done_check)
{
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, "xargs/handshake.txt"), 0);
    size_t len;
    const uint8_t *ch = vec_get(&vf, "client_hello", &len);
    uint8_t *longer = malloc(len + 1);
    memcpy(longer, ch, len);
    longer[len] = 0;
    int exts;
    ck_assert(!parse_client_hello(longer, len + 1, &exts));
    free(longer);
    vec_free(&vf);
}
END_TEST

START_TEST(integers_are_big_endian)
{
    static const uint8_t in[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18 };
    wire_reader r;
    uint8_t u8;
    uint16_t u16;
    uint32_t u24, u32;
    uint64_t u64;
    wire_reader_init(&r, in, sizeof in);
    ck_assert(wire_read_u8(&r, &u8) && u8 == 0x01);
    ck_assert(wire_read_u16(&r, &u16) && u16 == 0x0203);
    ck_assert(wire_read_u24(&r, &u24) && u24 == 0x040506);
    ck_assert(wire_read_u32(&r, &u32) && u32 == 0x0708090a);
    ck_assert(wire_read_u64(&r, &u64) && u64 == 0x0b0c0d0e0f101112ULL);
    ck_assert(wire_reader_done(&r));
    ck_assert(!wire_read_u8(&r, &u8));
}
END_TEST

START_TEST(failed_read_consumes_nothing)
{
    static const uint8_t in[] = { 0xaa, 0xbb, 0xcc };
    wire_reader r;
    uint32_t v;
    wire_reader_init(&r, in, sizeof in);
    ck_assert(!wire_read_u32(&r, &v));
    ck_assert_uint_eq(wire_reader_remaining(&r), 3);
    ck_assert(wire_read_u24(&r, &v) && v == 0xaabbcc);
}
END_TEST

START_TEST(prefix_overrunning_parent_fails)
{
    /* Outer u16 length 4; inside, a u8 length 5 that runs past the outer body. */
    static const uint8_t in[] = { 0x00, 0x04, 0x05, 'a', 'b', 'c', 'd', 'e' };
    wire_reader r, outer, inner;
    wire_reader_init(&r, in, sizeof in);
    ck_assert(wire_read_prefixed_u16(&r, &outer));
    ck_assert_uint_eq(wire_reader_remaining(&outer), 4);
    ck_assert(!wire_read_prefixed_u8(&outer, &inner));
    /* The parent is untouched by the failure. */
    ck_assert_uint_eq(wire_reader_remaining(&outer), 4);
}
END_TEST

START_TEST(u24_prefix_larger_than_input_fails)
{
    static const uint8_t in[] = { 0xff, 0xff, 0xff, 0x00 };
    wire_reader r, child;
    wire_reader_init(&r, in, sizeof in);
    ck_assert(!wire_read_prefixed_u24(&r, &child));
    ck_assert_uint_eq(wire_reader_remaining(&r), 4);
}
END_TEST

/* Rebuilds the xargs ClientHello's outer structure with child writers. */
START_TEST(writer_rebuilds_client_hello_exactly)
{
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, "xargs/handshake.txt"), 0);
    size_t ch_len, random_len, sid_len, suites_len, exts_len;
    const uint8_t *ch = vec_get(&vf, "client_hello", &ch_len);
    const uint8_t *random = vec_get(&vf, "client_random", &random_len);
    const uint8_t *sid = vec_get(&vf, "client_hello_legacy_session_id", &sid_len);
    const uint8_t *suites = vec_get(&vf, "client_hello_cipher_suites", &suites_len);
    const uint8_t *exts = vec_get(&vf, "client_hello_extensions", &exts_len);

    uint8_t buf[1024];
    wire_writer w, body, c;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(wire_write_u8(&w, 1));
    ck_assert(wire_writer_open_u24(&w, &body));
    ck_assert(wire_write_u16(&body, 0x0303));
    ck_assert(wire_write_bytes(&body, random, random_len));
    ck_assert(wire_writer_open_u8(&body, &c) && wire_write_bytes(&c, sid, sid_len));
    ck_assert(wire_writer_close(&c));
    ck_assert(wire_writer_open_u16(&body, &c) && wire_write_bytes(&c, suites, suites_len));
    ck_assert(wire_writer_close(&c));
    ck_assert(wire_writer_open_u8(&body, &c) && wire_write_u8(&c, 0));
    ck_assert(wire_writer_close(&c));
    ck_assert(wire_writer_open_u16(&body, &c) && wire_write_bytes(&c, exts, exts_len));
    ck_assert(wire_writer_close(&c));
    ck_assert(wire_writer_close(&body));
    size_t out_len;
    ck_assert(wire_writer_finish(&w, &out_len));
    ck_assert_uint_eq(out_len, ch_len);
    ck_assert_mem_eq(buf, ch, ch_len);
    vec_free(&vf);
}
END_TEST

START_TEST(writer_overflow_is_sticky)
{
    uint8_t buf[3];
    wire_writer w;
    size_t len;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(wire_write_u16(&w, 0x0102));
    ck_assert(!wire_write_u16(&w, 0x0304));
    ck_assert(!wire_write_u8(&w, 5)); /* room for it, but the writer has failed */
    ck_assert(!wire_writer_finish(&w, &len));
}
END_TEST

START_TEST(u8_child_longer_than_255_fails)
{
    uint8_t buf[400], zeros[256] = { 0 };
    wire_writer w, c;
    size_t len;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(wire_writer_open_u8(&w, &c));
    ck_assert(wire_write_bytes(&c, zeros, sizeof zeros));
    ck_assert(!wire_writer_close(&c));
    ck_assert(!wire_writer_finish(&w, &len));
}
END_TEST

START_TEST(u8_child_of_255_fits)
{
    uint8_t buf[400], ones[255];
    memset(ones, 1, sizeof ones);
    wire_writer w, c;
    size_t len;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(wire_writer_open_u8(&w, &c));
    ck_assert(wire_write_bytes(&c, ones, sizeof ones));
    ck_assert(wire_writer_close(&c));
    ck_assert(wire_writer_finish(&w, &len));
    ck_assert_uint_eq(len, 256);
    ck_assert_uint_eq(buf[0], 255);
}
END_TEST

START_TEST(parent_cannot_be_written_while_child_open)
{
    uint8_t buf[16];
    wire_writer w, c;
    size_t len;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(wire_writer_open_u16(&w, &c));
    ck_assert(!wire_write_u8(&w, 1));
    ck_assert(!wire_writer_finish(&w, &len));
}
END_TEST

START_TEST(finish_with_open_child_fails)
{
    uint8_t buf[16];
    wire_writer w, c;
    size_t len;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(wire_writer_open_u16(&w, &c));
    ck_assert(wire_write_u8(&c, 1));
    ck_assert(!wire_writer_finish(&w, &len));
}
END_TEST

START_TEST(nested_children_fill_every_length)
{
    uint8_t buf[32];
    wire_writer w, a, b;
    size_t len;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(wire_writer_open_u24(&w, &a));
    ck_assert(wire_writer_open_u16(&a, &b));
    ck_assert(wire_write_u32(&b, 0xdeadbeef));
    ck_assert(wire_writer_close(&b));
    ck_assert(wire_write_u8(&a, 0x77));
    ck_assert(wire_writer_close(&a));
    ck_assert(wire_writer_finish(&w, &len));
    static const uint8_t want[] = { 0, 0, 7, 0, 4, 0xde, 0xad, 0xbe, 0xef, 0x77 };
    ck_assert_uint_eq(len, sizeof want);
    ck_assert_mem_eq(buf, want, sizeof want);
}
END_TEST

START_TEST(failed_open_leaves_a_failed_child)
{
    uint8_t buf[1];
    wire_writer w, c;
    size_t len;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(!wire_writer_open_u16(&w, &c)); /* no room for the prefix */
    ck_assert(!wire_write_u8(&c, 1));
    ck_assert(!wire_writer_close(&c));
    ck_assert(!wire_writer_finish(&w, &len));
}
END_TEST

static Suite *wire_suite(void)
{
    Suite *s = suite_create("wire");
    TCase *tc = tcase_create("reader");
    tcase_add_test(tc, client_hello_parses_and_every_truncation_fails);
    tcase_add_test(tc, trailing_byte_is_rejected_by_done_check);
    tcase_add_test(tc, integers_are_big_endian);
    tcase_add_test(tc, failed_read_consumes_nothing);
    tcase_add_test(tc, prefix_overrunning_parent_fails);
    tcase_add_test(tc, u24_prefix_larger_than_input_fails);
    suite_add_tcase(s, tc);
    tc = tcase_create("writer");
    tcase_add_test(tc, writer_rebuilds_client_hello_exactly);
    tcase_add_test(tc, writer_overflow_is_sticky);
    tcase_add_test(tc, u8_child_longer_than_255_fails);
    tcase_add_test(tc, u8_child_of_255_fits);
    tcase_add_test(tc, parent_cannot_be_written_while_child_open);
    tcase_add_test(tc, finish_with_open_child_fails);
    tcase_add_test(tc, nested_children_fill_every_length);
    tcase_add_test(tc, failed_open_leaves_a_failed_child);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(wire_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
