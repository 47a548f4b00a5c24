/*
 * test_messages.c — the handshake message codecs (src/handshake/messages.c,
 * extensions.c; RFC 9846 §4): every message of the xargs and RFC 8448 traces
 * parsed and checked against the trace's separate fields, re-written byte for
 * byte where our writer's extension order is the trace's, every truncation,
 * the extension rules of §4.3 (Table 1, duplicates, pre_shared_key last,
 * unsolicited answers), the per-message limits, and a corruption sweep.
 *
 * Truncated and corrupted inputs are parsed from heap copies of exactly their
 * length, so an over-read is caught by ASan or valgrind.
 */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/messages.h"
#include "vecfile.h"

/* ---- helpers ------------------------------------------------------------- */

static uint8_t *heap_copy(const uint8_t *data, size_t len)
{
    uint8_t *p = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(p);
    if (len)
        memcpy(p, data, len);
    return p;
}

static void assert_span_eq(span s, const uint8_t *data, size_t len)
{
    ck_assert_uint_eq(s.len, len);
    ck_assert_int_eq(memcmp(s.data, data, len), 0);
}

/* A span over the named value of a vector file. */
static span vspan(const vec_file *vf, const char *name)
{
    span s;
    s.data = vec_get(vf, name, &s.len);
    return s;
}

/* Splits a whole message from a trace, checking its type. */
static span body_of(span msg, uint8_t expected_type)
{
    uint8_t type;
    span body;
    ck_assert_int_eq(hs_split_message(msg.data, msg.len, &type, &body), TLS13_OK);
    ck_assert_uint_eq(type, expected_type);
    return body;
}

static span vbody(const vec_file *vf, const char *name, uint8_t expected_type)
{
    return body_of(vspan(vf, name), expected_type);
}

/* Parses a body of any message type; the result only. */
static tls13_error parse_any(uint8_t type, const uint8_t *body, size_t len, size_t hash_len)
{
    client_hello ch;
    server_hello sh;
    encrypted_extensions ee;
    certificate_request cr;
    certificate_msg cert;
    certificate_verify cv;
    new_session_ticket nst;
    span verify_data;
    uint8_t request_update;
    switch (type) {
    case HS_CLIENT_HELLO: return hs_parse_client_hello(body, len, &ch);
    case HS_SERVER_HELLO: return hs_parse_server_hello(body, len, &sh);
    case HS_ENCRYPTED_EXTENSIONS: return hs_parse_encrypted_extensions(body, len, &ee);
    case HS_CERTIFICATE_REQUEST: return hs_parse_certificate_request(body, len, &cr);
    case HS_CERTIFICATE: return hs_parse_certificate(body, len, &cert);
    case HS_CERTIFICATE_VERIFY: return hs_parse_certificate_verify(body, len, &cv);
    case HS_FINISHED: return hs_parse_finished(body, len, hash_len, &verify_data);
    case HS_NEW_SESSION_TICKET: return hs_parse_new_session_ticket(body, len, &nst);
    case HS_KEY_UPDATE: return hs_parse_key_update(body, len, &request_update);
    case HS_END_OF_EARLY_DATA: return hs_parse_end_of_early_data(body, len);
    default: ck_abort_msg("unexpected message type %u", type);
    }
    return TLS13_ERR_DECODE;
}

/* The result of parsing a heap copy of exactly len bytes. */
static tls13_error parse_copy(uint8_t type, const uint8_t *body, size_t len, size_t hash_len)
{
    uint8_t *copy = heap_copy(body, len);
    tls13_error err = parse_any(type, copy, len, hash_len);
    free(copy);
    return err;
}

/* Writes with a writer into out; returns the length (0 on failure). */
typedef struct out_buf {
    uint8_t data[8192];
    size_t len;
} out_buf;

static void assert_written(const out_buf *out, span expected)
{
    ck_assert_uint_eq(out->len, expected.len);
    ck_assert_int_eq(memcmp(out->data, expected.data, expected.len), 0);
}

static bool finish(wire_writer *w, bool ok, out_buf *out)
{
    out->len = 0;
    return ok && wire_writer_finish(w, &out->len);
}

/* Every handshake message of every trace. */
typedef struct trace_message {
    const char *file;
    const char *name;
    uint8_t type;
    size_t hash_len;
} trace_message;

static const trace_message trace_messages[] = {
    { "xargs/handshake.txt", "client_hello", HS_CLIENT_HELLO, 48 },
    { "xargs/handshake.txt", "server_hello", HS_SERVER_HELLO, 48 },
    { "xargs/handshake.txt", "encrypted_extensions", HS_ENCRYPTED_EXTENSIONS, 48 },
    { "xargs/handshake.txt", "server_certificate", HS_CERTIFICATE, 48 },
    { "xargs/handshake.txt", "server_certificate_verify", HS_CERTIFICATE_VERIFY, 48 },
    { "xargs/handshake.txt", "server_finished", HS_FINISHED, 48 },
    { "xargs/handshake.txt", "client_finished", HS_FINISHED, 48 },
    { "xargs/handshake.txt", "new_session_ticket_1", HS_NEW_SESSION_TICKET, 48 },
    { "xargs/handshake.txt", "new_session_ticket_2", HS_NEW_SESSION_TICKET, 48 },
    { "xargs/archive_v1_aes128gcm_sha256.txt", "client_hello", HS_CLIENT_HELLO, 32 },
    { "xargs/archive_v1_aes128gcm_sha256.txt", "server_hello", HS_SERVER_HELLO, 32 },
    { "xargs/archive_v1_aes128gcm_sha256.txt", "encrypted_extensions", HS_ENCRYPTED_EXTENSIONS, 32 },
    { "xargs/archive_v1_aes128gcm_sha256.txt", "server_certificate", HS_CERTIFICATE, 32 },
    { "xargs/archive_v1_aes128gcm_sha256.txt", "server_certificate_verify", HS_CERTIFICATE_VERIFY, 32 },
    { "xargs/archive_v1_aes128gcm_sha256.txt", "server_finished", HS_FINISHED, 32 },
    { "xargs/archive_v1_aes128gcm_sha256.txt", "client_finished", HS_FINISHED, 32 },
    { "xargs/archive_v1_aes128gcm_sha256.txt", "new_session_ticket_1", HS_NEW_SESSION_TICKET, 32 },
    { "xargs/archive_v1_aes128gcm_sha256.txt", "new_session_ticket_2", HS_NEW_SESSION_TICKET, 32 },
    { "rfc8448/simple_1rtt.txt", "client_hello", HS_CLIENT_HELLO, 32 },
    { "rfc8448/simple_1rtt.txt", "server_hello", HS_SERVER_HELLO, 32 },
    { "rfc8448/simple_1rtt.txt", "encrypted_extensions", HS_ENCRYPTED_EXTENSIONS, 32 },
    { "rfc8448/simple_1rtt.txt", "server_certificate", HS_CERTIFICATE, 32 },
    { "rfc8448/simple_1rtt.txt", "server_certificate_verify", HS_CERTIFICATE_VERIFY, 32 },
    { "rfc8448/simple_1rtt.txt", "server_finished", HS_FINISHED, 32 },
    { "rfc8448/simple_1rtt.txt", "client_finished", HS_FINISHED, 32 },
    { "rfc8448/simple_1rtt.txt", "new_session_ticket", HS_NEW_SESSION_TICKET, 32 },
    { "rfc8448/resumed_0rtt.txt", "client_hello_record_payload", HS_CLIENT_HELLO, 32 },
    { "rfc8448/resumed_0rtt.txt", "server_hello", HS_SERVER_HELLO, 32 },
    { "rfc8448/resumed_0rtt.txt", "encrypted_extensions", HS_ENCRYPTED_EXTENSIONS, 32 },
    { "rfc8448/resumed_0rtt.txt", "server_finished", HS_FINISHED, 32 },
    { "rfc8448/resumed_0rtt.txt", "end_of_early_data", HS_END_OF_EARLY_DATA, 32 },
    { "rfc8448/resumed_0rtt.txt", "client_finished", HS_FINISHED, 32 },
    { "rfc8448/hello_retry_request.txt", "client_hello_1", HS_CLIENT_HELLO, 32 },
    { "rfc8448/hello_retry_request.txt", "hello_retry_request", HS_SERVER_HELLO, 32 },
    { "rfc8448/hello_retry_request.txt", "client_hello_2", HS_CLIENT_HELLO, 32 },
    { "rfc8448/hello_retry_request.txt", "server_hello", HS_SERVER_HELLO, 32 },
    { "rfc8448/hello_retry_request.txt", "encrypted_extensions", HS_ENCRYPTED_EXTENSIONS, 32 },
    { "rfc8448/hello_retry_request.txt", "server_certificate", HS_CERTIFICATE, 32 },
    { "rfc8448/hello_retry_request.txt", "server_certificate_verify", HS_CERTIFICATE_VERIFY, 32 },
    { "rfc8448/hello_retry_request.txt", "server_finished", HS_FINISHED, 32 },
    { "rfc8448/hello_retry_request.txt", "client_finished", HS_FINISHED, 32 },
    { "rfc8448/client_authentication.txt", "client_hello", HS_CLIENT_HELLO, 32 },
    { "rfc8448/client_authentication.txt", "server_hello", HS_SERVER_HELLO, 32 },
    { "rfc8448/client_authentication.txt", "encrypted_extensions", HS_ENCRYPTED_EXTENSIONS, 32 },
    { "rfc8448/client_authentication.txt", "certificate_request", HS_CERTIFICATE_REQUEST, 32 },
    { "rfc8448/client_authentication.txt", "server_certificate", HS_CERTIFICATE, 32 },
    { "rfc8448/client_authentication.txt", "server_certificate_verify", HS_CERTIFICATE_VERIFY, 32 },
    { "rfc8448/client_authentication.txt", "server_finished", HS_FINISHED, 32 },
    { "rfc8448/client_authentication.txt", "client_certificate", HS_CERTIFICATE, 32 },
    { "rfc8448/client_authentication.txt", "client_certificate_verify", HS_CERTIFICATE_VERIFY, 32 },
    { "rfc8448/client_authentication.txt", "client_finished", HS_FINISHED, 32 },
    { "rfc8448/compatibility_mode.txt", "client_hello", HS_CLIENT_HELLO, 32 },
    { "rfc8448/compatibility_mode.txt", "server_hello", HS_SERVER_HELLO, 32 },
    { "rfc8448/compatibility_mode.txt", "encrypted_extensions", HS_ENCRYPTED_EXTENSIONS, 32 },
    { "rfc8448/compatibility_mode.txt", "server_certificate", HS_CERTIFICATE, 32 },
    { "rfc8448/compatibility_mode.txt", "server_certificate_verify", HS_CERTIFICATE_VERIFY, 32 },
    { "rfc8448/compatibility_mode.txt", "server_finished", HS_FINISHED, 32 },
    { "rfc8448/compatibility_mode.txt", "client_finished", HS_FINISHED, 32 },
};
#define TRACE_MESSAGE_COUNT (sizeof trace_messages / sizeof trace_messages[0])

/* Builds a message body from a hello's fixed part and an extension block. */
static size_t client_hello_with(const uint8_t *exts, size_t exts_len, uint8_t *out, size_t cap)
{
    static const uint8_t suites[] = { 0x13, 0x01, 0x13, 0x02 };
    wire_writer w, v;
    size_t len = 0;
    wire_writer_init(&w, out, cap);
    wire_write_u16(&w, TLS12_VERSION);
    for (int i = 0; i < HS_RANDOM_LEN; i++)
        wire_write_u8(&w, (uint8_t)i);
    wire_write_u8(&w, 0); /* empty session id */
    wire_writer_open_u16(&w, &v);
    wire_write_bytes(&v, suites, sizeof suites);
    wire_writer_close(&v);
    wire_write_u8(&w, 1);
    wire_write_u8(&w, 0);
    wire_writer_open_u16(&w, &v);
    wire_write_bytes(&v, exts, exts_len);
    wire_writer_close(&v);
    ck_assert(wire_writer_finish(&w, &len));
    return len;
}

/* The heap copy the last parsed ClientHello borrows from: kept until the
 * next parse (or the test case's teardown), since *ch points into it. */
static uint8_t *client_hello_copy;

static void free_client_hello_copy(void)
{
    free(client_hello_copy);
    client_hello_copy = NULL;
}

static tls13_error parse_client_hello_with(const uint8_t *exts, size_t exts_len,
                                           client_hello *ch)
{
    uint8_t buf[1024];
    size_t len = client_hello_with(exts, exts_len, buf, sizeof buf);
    free_client_hello_copy();
    client_hello_copy = heap_copy(buf, len);
    return hs_parse_client_hello(client_hello_copy, len, ch);
}

/* A ServerHello body (random chosen by hrr) with the given extension block
 * and compression method. The parsed struct borrows from a static buffer. */
static tls13_error parse_server_hello_with(bool hrr, uint8_t compression, const uint8_t *exts,
                                           size_t exts_len, server_hello *sh)
{
    static uint8_t buf[1024];
    wire_writer w, v;
    size_t len = 0;
    wire_writer_init(&w, buf, sizeof buf);
    wire_write_u16(&w, TLS12_VERSION);
    if (hrr)
        wire_write_bytes(&w, HS_HELLO_RETRY_REQUEST_RANDOM, HS_RANDOM_LEN);
    else
        for (int i = 0; i < HS_RANDOM_LEN; i++)
            wire_write_u8(&w, (uint8_t)(0x70 + i));
    wire_write_u8(&w, 0);
    wire_write_u16(&w, 0x1301);
    wire_write_u8(&w, compression);
    wire_writer_open_u16(&w, &v);
    wire_write_bytes(&v, exts, exts_len);
    wire_writer_close(&v);
    ck_assert(wire_writer_finish(&w, &len));
    return hs_parse_server_hello(buf, len, sh);
}

/* An EncryptedExtensions body holding the given block. */
static tls13_error parse_ee_with(const uint8_t *exts, size_t exts_len, encrypted_extensions *ee)
{
    static uint8_t buf[1024];
    buf[0] = (uint8_t)(exts_len >> 8);
    buf[1] = (uint8_t)exts_len;
    memcpy(buf + 2, exts, exts_len);
    return hs_parse_encrypted_extensions(buf, exts_len + 2, ee);
}

/* ---- the traces: parse and compare with the separate fields -------------- */

START_TEST(every_trace_message_parses)
{
    for (size_t i = 0; i < TRACE_MESSAGE_COUNT; i++) {
        const trace_message *m = &trace_messages[i];
        vec_file vf;
        ck_assert_int_eq(vec_load(&vf, m->file), 0);
        span body = vbody(&vf, m->name, m->type);
        tls13_error err = parse_copy(m->type, body.data, body.len, m->hash_len);
        ck_assert_msg(err == TLS13_OK, "%s %s: %s", m->file, m->name, tls13_error_name(err));
        vec_free(&vf);
    }
}
END_TEST

/* The span of an extension's list inside a trace's "<x>_ext_<name>" value:
 * the extension header (4 bytes) and the list's own length (prefix bytes)
 * are skipped. */
static span ext_list(const vec_file *vf, const char *name, size_t prefix)
{
    span e = vspan(vf, name);
    span s = { e.data + 4 + prefix, e.len - 4 - prefix };
    return s;
}

static void check_xargs_client_hello(const char *file)
{
    vec_file vf;
    client_hello ch;
    ck_assert_int_eq(vec_load(&vf, file), 0);
    span body = vbody(&vf, "client_hello", HS_CLIENT_HELLO);
    ck_assert_int_eq(hs_parse_client_hello(body.data, body.len, &ch), TLS13_OK);
    ck_assert_uint_eq(ch.legacy_version, TLS12_VERSION);
    span random = vspan(&vf, "client_random");
    ck_assert_int_eq(memcmp(ch.random, random.data, HS_RANDOM_LEN), 0);
    span sid = vspan(&vf, "client_hello_legacy_session_id");
    assert_span_eq(ch.legacy_session_id, sid.data, sid.len);
    span suites = vspan(&vf, "client_hello_cipher_suites");
    assert_span_eq(ch.cipher_suites, suites.data, suites.len);
    span comp = vspan(&vf, "client_hello_compression_methods");
    assert_span_eq(ch.legacy_compression_methods, comp.data, comp.len);
    span exts = vspan(&vf, "client_hello_extensions");
    assert_span_eq(ch.extensions, exts.data, exts.len);
    ck_assert(ch.has_server_name);
    assert_span_eq(ch.server_name, (const uint8_t *)"example.ulfheim.net", 19);
    ck_assert(ch.has_supported_groups);
    span groups = ext_list(&vf, "client_hello_ext_supported_groups", 2);
    assert_span_eq(ch.supported_groups, groups.data, groups.len);
    ck_assert(ch.has_signature_algorithms);
    span algs = ext_list(&vf, "client_hello_ext_signature_algorithms", 2);
    assert_span_eq(ch.signature_algorithms, algs.data, algs.len);
    ck_assert(ch.has_supported_versions);
    span versions = ext_list(&vf, "client_hello_ext_supported_versions", 1);
    assert_span_eq(ch.supported_versions, versions.data, versions.len);
    ck_assert(hs_u16_list_contains(ch.supported_versions, TLS13_VERSION));
    ck_assert(ch.has_key_share);
    ck_assert_uint_eq(ch.key_share_count, 1);
    ck_assert_uint_eq(ch.key_shares[0].group, TLS13_GROUP_X25519);
    span pub = vspan(&vf, "client_x25519_public_key");
    assert_span_eq(ch.key_shares[0].key_exchange, pub.data, pub.len);
    ck_assert(ch.has_psk_key_exchange_modes);
    ck_assert_uint_eq(ch.psk_key_exchange_modes.len, 1);
    /* The traces' ec_point_formats, session_ticket, encrypt_then_mac and
     * extended_master_secret are TLS 1.2 extensions: unknown, skipped. */
    ck_assert(!ch.has_pre_shared_key && !ch.has_cookie && !ch.has_early_data);
    vec_free(&vf);
}

START_TEST(xargs_client_hello_fields)
{
    check_xargs_client_hello("xargs/handshake.txt");
    check_xargs_client_hello("xargs/archive_v1_aes128gcm_sha256.txt");
}
END_TEST

/* ServerHello: fields, then the writer reproduces it. The current xargs trace
 * (OpenSSL) writes supported_versions first; the archived one (BoringSSL)
 * key_share first. */
static void check_xargs_server_hello(const char *file, bool key_share_first)
{
    vec_file vf;
    server_hello sh;
    ck_assert_int_eq(vec_load(&vf, file), 0);
    span msg = vspan(&vf, "server_hello");
    span body = body_of(msg, HS_SERVER_HELLO);
    ck_assert_int_eq(hs_parse_server_hello(body.data, body.len, &sh), TLS13_OK);
    ck_assert(!sh.is_hello_retry_request);
    span random = vspan(&vf, "server_random");
    ck_assert_int_eq(memcmp(sh.random, random.data, HS_RANDOM_LEN), 0);
    span sid = vspan(&vf, "server_hello_legacy_session_id");
    assert_span_eq(sh.legacy_session_id_echo, sid.data, sid.len);
    span suite = vspan(&vf, "cipher_suite");
    ck_assert_uint_eq(sh.cipher_suite, (uint16_t)(suite.data[0] << 8 | suite.data[1]));
    span exts = vspan(&vf, "server_hello_extensions");
    assert_span_eq(sh.extensions, exts.data, exts.len);
    ck_assert(sh.has_supported_versions);
    ck_assert_uint_eq(sh.selected_version, TLS13_VERSION);
    ck_assert(sh.has_key_share);
    ck_assert_uint_eq(sh.key_share.group, TLS13_GROUP_X25519);
    span share = ext_list(&vf, "server_hello_ext_key_share", 4);
    assert_span_eq(sh.key_share.key_exchange, share.data, share.len);
    ck_assert_uint_eq(sh.extension_count, 2);
    ck_assert_uint_eq(sh.extension_types[0], key_share_first ? EXT_KEY_SHARE : EXT_SUPPORTED_VERSIONS);

    server_hello_params p;
    memset(&p, 0, sizeof p);
    memcpy(p.random, sh.random, HS_RANDOM_LEN);
    p.legacy_session_id_echo = sh.legacy_session_id_echo;
    p.cipher_suite = sh.cipher_suite;
    p.key_share = sh.key_share;
    p.key_share_first = key_share_first;
    out_buf out;
    wire_writer w;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_server_hello(&w, &p), &out));
    assert_written(&out, msg);
    vec_free(&vf);
}

START_TEST(xargs_server_hello_round_trip)
{
    check_xargs_server_hello("xargs/handshake.txt", false);
    check_xargs_server_hello("xargs/archive_v1_aes128gcm_sha256.txt", true);
}
END_TEST

/* EE (empty), Certificate, CertificateVerify, Finished: fields and rewrite. */
static void check_xargs_server_flight(const char *file, size_t hash_len)
{
    vec_file vf;
    out_buf out;
    wire_writer w;
    ck_assert_int_eq(vec_load(&vf, file), 0);

    encrypted_extensions ee;
    span msg = vspan(&vf, "encrypted_extensions");
    span body = body_of(msg, HS_ENCRYPTED_EXTENSIONS);
    ck_assert_int_eq(hs_parse_encrypted_extensions(body.data, body.len, &ee), TLS13_OK);
    ck_assert_uint_eq(ee.extension_count, 0);
    encrypted_extensions_params eep;
    memset(&eep, 0, sizeof eep);
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_encrypted_extensions(&w, &eep), &out));
    assert_written(&out, msg);

    certificate_msg cert;
    msg = vspan(&vf, "server_certificate");
    body = body_of(msg, HS_CERTIFICATE);
    ck_assert_int_eq(hs_parse_certificate(body.data, body.len, &cert), TLS13_OK);
    ck_assert_uint_eq(cert.certificate_request_context.len, 0);
    ck_assert_uint_eq(cert.cert_count, 1);
    span der = vspan(&vf, "server_certificate_der");
    assert_span_eq(cert.cert_data[0], der.data, der.len);
    ck_assert_uint_eq(cert.extension_count, 0);
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_certificate(&w, cert.certificate_request_context,
                                              cert.cert_data, cert.cert_count), &out));
    assert_written(&out, msg);

    certificate_verify cv;
    msg = vspan(&vf, "server_certificate_verify");
    body = body_of(msg, HS_CERTIFICATE_VERIFY);
    ck_assert_int_eq(hs_parse_certificate_verify(body.data, body.len, &cv), TLS13_OK);
    ck_assert_uint_eq(cv.algorithm, 0x0804);
    span sig = vspan(&vf, "server_certificate_verify_signature");
    assert_span_eq(cv.signature, sig.data, sig.len);
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_certificate_verify(&w, cv.algorithm, cv.signature), &out));
    assert_written(&out, msg);

    const char *finished[] = { "server_finished", "client_finished" };
    const char *verify[] = { "server_finished_verify_data", "client_finished_verify_data" };
    for (int i = 0; i < 2; i++) {
        span vd;
        msg = vspan(&vf, finished[i]);
        body = body_of(msg, HS_FINISHED);
        ck_assert_int_eq(hs_parse_finished(body.data, body.len, hash_len, &vd), TLS13_OK);
        span expected = vspan(&vf, verify[i]);
        assert_span_eq(vd, expected.data, expected.len);
        wire_writer_init(&w, out.data, sizeof out.data);
        ck_assert(finish(&w, hs_write_finished(&w, vd.data, vd.len), &out));
        assert_written(&out, msg);
    }
    vec_free(&vf);
}

START_TEST(xargs_server_flight_round_trip)
{
    check_xargs_server_flight("xargs/handshake.txt", 48);
    check_xargs_server_flight("xargs/archive_v1_aes128gcm_sha256.txt", 32);
}
END_TEST

static uint32_t be32(span s)
{
    ck_assert_uint_eq(s.len, 4);
    return (uint32_t)s.data[0] << 24 | (uint32_t)s.data[1] << 16 | (uint32_t)s.data[2] << 8 |
           s.data[3];
}

/* NewSessionTicket: fields; the current trace's tickets (no extensions) are
 * re-written byte for byte. The archived trace's carry a GREASE extension
 * (RFC 8701), which the parser skips and our writer never emits. */
static void check_xargs_tickets(const char *file, bool rewrite)
{
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, file), 0);
    for (int i = 1; i <= 2; i++) {
        char name[64];
        new_session_ticket nst;
        snprintf(name, sizeof name, "new_session_ticket_%d", i);
        span msg = vspan(&vf, name);
        span body = body_of(msg, HS_NEW_SESSION_TICKET);
        ck_assert_int_eq(hs_parse_new_session_ticket(body.data, body.len, &nst), TLS13_OK);
        snprintf(name, sizeof name, "new_session_ticket_%d_lifetime", i);
        ck_assert_uint_eq(nst.ticket_lifetime, be32(vspan(&vf, name)));
        snprintf(name, sizeof name, "new_session_ticket_%d_age_add", i);
        ck_assert_uint_eq(nst.ticket_age_add, be32(vspan(&vf, name)));
        snprintf(name, sizeof name, "new_session_ticket_%d_nonce", i);
        span nonce = vspan(&vf, name);
        assert_span_eq(nst.ticket_nonce, nonce.data, nonce.len);
        snprintf(name, sizeof name, "new_session_ticket_%d_ticket", i);
        span ticket = vspan(&vf, name);
        assert_span_eq(nst.ticket, ticket.data, ticket.len);
        ck_assert(!nst.has_early_data);
        if (!rewrite)
            continue;
        out_buf out;
        wire_writer w;
        wire_writer_init(&w, out.data, sizeof out.data);
        ck_assert(finish(&w, hs_write_new_session_ticket(&w, &nst), &out));
        assert_written(&out, msg);
    }
    vec_free(&vf);
}

START_TEST(xargs_new_session_tickets)
{
    check_xargs_tickets("xargs/handshake.txt", true);
    check_xargs_tickets("xargs/archive_v1_aes128gcm_sha256.txt", false);
}
END_TEST

/* RFC 8448 §3: CH fields; SH, EE (supported_groups, record_size_limit,
 * server_name: our writer's order), Certificate, CV, both Finished and the NST
 * (with early_data) re-written byte for byte. */
START_TEST(rfc8448_simple_1rtt_round_trip)
{
    vec_file vf;
    out_buf out;
    wire_writer w;
    ck_assert_int_eq(vec_load(&vf, "rfc8448/simple_1rtt.txt"), 0);

    client_hello ch;
    span body = vbody(&vf, "client_hello", HS_CLIENT_HELLO);
    ck_assert_int_eq(hs_parse_client_hello(body.data, body.len, &ch), TLS13_OK);
    span pub = vspan(&vf, "client_x25519_public_key");
    ck_assert_uint_eq(ch.key_share_count, 1);
    assert_span_eq(ch.key_shares[0].key_exchange, pub.data, pub.len);
    assert_span_eq(ch.server_name, (const uint8_t *)"server", 6);
    ck_assert(ch.has_record_size_limit);
    ck_assert_uint_eq(ch.record_size_limit, 0x4001);
    ck_assert(ch.has_psk_key_exchange_modes);
    ck_assert_uint_eq(hs_u16_list_count(ch.cipher_suites), 3);
    ck_assert_uint_eq(hs_u16_list_at(ch.cipher_suites, 0), TLS13_AES_128_GCM_SHA256);
    ck_assert_uint_eq(hs_u16_list_at(ch.cipher_suites, 3), 0); /* out of range */

    server_hello sh;
    span msg = vspan(&vf, "server_hello");
    body = body_of(msg, HS_SERVER_HELLO);
    ck_assert_int_eq(hs_parse_server_hello(body.data, body.len, &sh), TLS13_OK);
    pub = vspan(&vf, "server_x25519_public_key");
    assert_span_eq(sh.key_share.key_exchange, pub.data, pub.len);
    ck_assert_int_eq(hs_check_solicited(sh.extension_types, sh.extension_count, &ch, false),
                     TLS13_OK);
    server_hello_params shp;
    memset(&shp, 0, sizeof shp);
    memcpy(shp.random, sh.random, HS_RANDOM_LEN);
    shp.cipher_suite = sh.cipher_suite;
    shp.key_share = sh.key_share;
    shp.key_share_first = true;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_server_hello(&w, &shp), &out));
    assert_written(&out, msg);

    encrypted_extensions ee;
    msg = vspan(&vf, "encrypted_extensions");
    body = body_of(msg, HS_ENCRYPTED_EXTENSIONS);
    ck_assert_int_eq(hs_parse_encrypted_extensions(body.data, body.len, &ee), TLS13_OK);
    ck_assert(ee.has_server_name && ee.has_supported_groups && ee.has_record_size_limit);
    ck_assert(!ee.has_alpn && !ee.has_early_data);
    ck_assert_uint_eq(ee.record_size_limit, 0x4001);
    ck_assert_uint_eq(ee.extension_count, 3);
    ck_assert_int_eq(hs_check_solicited(ee.extension_types, ee.extension_count, &ch, false),
                     TLS13_OK);
    uint16_t groups[16];
    size_t group_count = hs_u16_list_count(ee.supported_groups);
    for (size_t i = 0; i < group_count; i++)
        groups[i] = hs_u16_list_at(ee.supported_groups, i);
    encrypted_extensions_params eep;
    memset(&eep, 0, sizeof eep);
    eep.server_name_ack = true;
    eep.supported_groups = groups;
    eep.group_count = group_count;
    eep.record_size_limit = ee.record_size_limit;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_encrypted_extensions(&w, &eep), &out));
    assert_written(&out, msg);

    certificate_msg cert;
    msg = vspan(&vf, "server_certificate");
    body = body_of(msg, HS_CERTIFICATE);
    ck_assert_int_eq(hs_parse_certificate(body.data, body.len, &cert), TLS13_OK);
    ck_assert_uint_eq(cert.cert_count, 1);
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_certificate(&w, cert.certificate_request_context,
                                              cert.cert_data, cert.cert_count), &out));
    assert_written(&out, msg);

    certificate_verify cv;
    msg = vspan(&vf, "server_certificate_verify");
    body = body_of(msg, HS_CERTIFICATE_VERIFY);
    ck_assert_int_eq(hs_parse_certificate_verify(body.data, body.len, &cv), TLS13_OK);
    ck_assert_uint_eq(cv.algorithm, 0x0804);
    ck_assert_uint_eq(cv.signature.len, 128);
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_certificate_verify(&w, cv.algorithm, cv.signature), &out));
    assert_written(&out, msg);

    new_session_ticket nst;
    msg = vspan(&vf, "new_session_ticket");
    body = body_of(msg, HS_NEW_SESSION_TICKET);
    ck_assert_int_eq(hs_parse_new_session_ticket(body.data, body.len, &nst), TLS13_OK);
    ck_assert_uint_eq(nst.ticket_lifetime, 30);
    ck_assert_uint_eq(nst.ticket_age_add, 0xfad6aac5);
    ck_assert_uint_eq(nst.ticket_nonce.len, 2);
    ck_assert(nst.has_early_data);
    ck_assert_uint_eq(nst.max_early_data_size, 0x400);
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_new_session_ticket(&w, &nst), &out));
    assert_written(&out, msg);
    vec_free(&vf);
}
END_TEST

/* RFC 8448 §5: the HRR (key_share = selected_group only, then cookie, then
 * supported_versions) is re-written byte for byte, CH2 echoes its cookie,
 * and the final ServerHello carries a P-256 share. */
START_TEST(rfc8448_hello_retry_request_round_trip)
{
    vec_file vf;
    out_buf out;
    wire_writer w;
    ck_assert_int_eq(vec_load(&vf, "rfc8448/hello_retry_request.txt"), 0);

    client_hello ch1, ch2;
    span body = vbody(&vf, "client_hello_1", HS_CLIENT_HELLO);
    ck_assert_int_eq(hs_parse_client_hello(body.data, body.len, &ch1), TLS13_OK);
    ck_assert_uint_eq(ch1.key_share_count, 1);
    ck_assert_uint_eq(ch1.key_shares[0].group, TLS13_GROUP_X25519);
    ck_assert(!ch1.has_cookie);

    server_hello hrr;
    span msg = vspan(&vf, "hello_retry_request");
    body = body_of(msg, HS_SERVER_HELLO);
    ck_assert_int_eq(hs_parse_server_hello(body.data, body.len, &hrr), TLS13_OK);
    ck_assert(hrr.is_hello_retry_request);
    ck_assert(hrr.has_key_share);
    ck_assert_uint_eq(hrr.selected_group, TLS13_GROUP_SECP256R1);
    ck_assert(hrr.has_cookie);
    ck_assert_uint_eq(hrr.cookie.len, 0x72);
    ck_assert(hrr.has_supported_versions);
    ck_assert_uint_eq(hrr.selected_version, TLS13_VERSION);
    /* The cookie is the one extension an HRR may carry unasked (§4.3). */
    ck_assert_int_eq(hs_check_solicited(hrr.extension_types, hrr.extension_count, &ch1, true),
                     TLS13_OK);
    ck_assert_int_eq(hs_check_solicited(hrr.extension_types, hrr.extension_count, &ch1, false),
                     TLS13_ERR_UNSOLICITED_EXTENSION);
    server_hello_params p;
    memset(&p, 0, sizeof p);
    p.hello_retry_request = true;
    p.cipher_suite = hrr.cipher_suite;
    p.selected_group = hrr.selected_group;
    p.cookie = hrr.cookie;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_server_hello(&w, &p), &out));
    assert_written(&out, msg);

    body = vbody(&vf, "client_hello_2", HS_CLIENT_HELLO);
    ck_assert_int_eq(hs_parse_client_hello(body.data, body.len, &ch2), TLS13_OK);
    ck_assert(ch2.has_cookie);
    assert_span_eq(ch2.cookie, hrr.cookie.data, hrr.cookie.len);
    ck_assert_uint_eq(ch2.key_share_count, 1);
    ck_assert_uint_eq(ch2.key_shares[0].group, TLS13_GROUP_SECP256R1);
    span pub = vspan(&vf, "client_p256_public_key");
    assert_span_eq(ch2.key_shares[0].key_exchange, pub.data, pub.len);

    server_hello sh;
    msg = vspan(&vf, "server_hello");
    body = body_of(msg, HS_SERVER_HELLO);
    ck_assert_int_eq(hs_parse_server_hello(body.data, body.len, &sh), TLS13_OK);
    ck_assert(!sh.is_hello_retry_request);
    ck_assert_uint_eq(sh.key_share.group, TLS13_GROUP_SECP256R1);
    pub = vspan(&vf, "server_p256_public_key");
    assert_span_eq(sh.key_share.key_exchange, pub.data, pub.len);
    memset(&p, 0, sizeof p);
    memcpy(p.random, sh.random, HS_RANDOM_LEN);
    p.cipher_suite = sh.cipher_suite;
    p.key_share = sh.key_share;
    p.key_share_first = true;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_server_hello(&w, &p), &out));
    assert_written(&out, msg);
    vec_free(&vf);
}
END_TEST

/* RFC 8448 §4: the resumption ClientHello with early_data, padding and a
 * pre_shared_key; binders_offset points where client_hello_prefix ends. The
 * ServerHello (pre_shared_key, key_share, supported_versions) and the EE
 * (..., early_data) are re-written byte for byte. */
START_TEST(rfc8448_resumed_0rtt_round_trip)
{
    vec_file vf;
    out_buf out;
    wire_writer w;
    ck_assert_int_eq(vec_load(&vf, "rfc8448/resumed_0rtt.txt"), 0);

    client_hello ch;
    span ch_msg = vspan(&vf, "client_hello_record_payload");
    span body = body_of(ch_msg, HS_CLIENT_HELLO);
    ck_assert_int_eq(hs_parse_client_hello(body.data, body.len, &ch), TLS13_OK);
    ck_assert(ch.has_early_data);
    ck_assert(ch.has_pre_shared_key);
    ck_assert(ch.has_psk_key_exchange_modes);
    span prefix = vspan(&vf, "client_hello_prefix");
    ck_assert_uint_eq(HS_HEADER_LEN + ch.binders_offset, prefix.len);
    ck_assert_int_eq(memcmp(ch_msg.data, prefix.data, prefix.len), 0);
    span binder = vspan(&vf, "psk_binder");
    ck_assert_uint_eq(ch.psk_binders.len, 1 + binder.len);
    ck_assert_uint_eq(ch.psk_binders.data[0], binder.len);
    ck_assert_int_eq(memcmp(ch.psk_binders.data + 1, binder.data, binder.len), 0);
    /* One identity: the §3 ticket, then obfuscated_ticket_age. */
    ck_assert_uint_eq(ch.psk_identities.len, 2 + 0xb2 + 4);

    server_hello sh;
    span msg = vspan(&vf, "server_hello");
    body = body_of(msg, HS_SERVER_HELLO);
    ck_assert_int_eq(hs_parse_server_hello(body.data, body.len, &sh), TLS13_OK);
    ck_assert(sh.has_pre_shared_key);
    ck_assert_uint_eq(sh.selected_identity, 0);
    ck_assert_int_eq(hs_check_solicited(sh.extension_types, sh.extension_count, &ch, false),
                     TLS13_OK);
    server_hello_params p;
    memset(&p, 0, sizeof p);
    memcpy(p.random, sh.random, HS_RANDOM_LEN);
    p.cipher_suite = sh.cipher_suite;
    p.key_share = sh.key_share;
    p.key_share_first = true;
    p.has_pre_shared_key = true;
    p.selected_identity = sh.selected_identity;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_server_hello(&w, &p), &out));
    assert_written(&out, msg);

    encrypted_extensions ee;
    msg = vspan(&vf, "encrypted_extensions");
    body = body_of(msg, HS_ENCRYPTED_EXTENSIONS);
    ck_assert_int_eq(hs_parse_encrypted_extensions(body.data, body.len, &ee), TLS13_OK);
    ck_assert(ee.has_early_data);
    uint16_t groups[16];
    size_t group_count = hs_u16_list_count(ee.supported_groups);
    for (size_t i = 0; i < group_count; i++)
        groups[i] = hs_u16_list_at(ee.supported_groups, i);
    encrypted_extensions_params eep;
    memset(&eep, 0, sizeof eep);
    eep.server_name_ack = ee.has_server_name;
    eep.supported_groups = groups;
    eep.group_count = group_count;
    eep.record_size_limit = ee.record_size_limit;
    eep.early_data = true;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_encrypted_extensions(&w, &eep), &out));
    assert_written(&out, msg);

    msg = vspan(&vf, "end_of_early_data");
    body = body_of(msg, HS_END_OF_EARLY_DATA);
    ck_assert_int_eq(hs_parse_end_of_early_data(body.data, body.len), TLS13_OK);
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_end_of_early_data(&w), &out));
    assert_written(&out, msg);
    vec_free(&vf);
}
END_TEST

/* RFC 8448 §6: the CertificateRequest (signature_algorithms only) and both
 * Certificate messages re-written byte for byte; the client's CV parsed. */
START_TEST(rfc8448_client_authentication_round_trip)
{
    vec_file vf;
    out_buf out;
    wire_writer w;
    ck_assert_int_eq(vec_load(&vf, "rfc8448/client_authentication.txt"), 0);

    certificate_request cr;
    span msg = vspan(&vf, "certificate_request");
    span body = body_of(msg, HS_CERTIFICATE_REQUEST);
    ck_assert_int_eq(hs_parse_certificate_request(body.data, body.len, &cr), TLS13_OK);
    ck_assert_uint_eq(cr.certificate_request_context.len, 0);
    ck_assert(cr.has_signature_algorithms && !cr.has_signature_algorithms_cert);
    size_t n = hs_u16_list_count(cr.signature_algorithms);
    ck_assert_uint_eq(n, 15);
    ck_assert(hs_u16_list_contains(cr.signature_algorithms, 0x0804));
    uint16_t algs[32];
    for (size_t i = 0; i < n; i++)
        algs[i] = hs_u16_list_at(cr.signature_algorithms, i);
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_certificate_request(&w, cr.certificate_request_context,
                                                      algs, n), &out));
    assert_written(&out, msg);

    const char *certs[] = { "server_certificate", "client_certificate" };
    for (int i = 0; i < 2; i++) {
        certificate_msg cert;
        msg = vspan(&vf, certs[i]);
        body = body_of(msg, HS_CERTIFICATE);
        ck_assert_int_eq(hs_parse_certificate(body.data, body.len, &cert), TLS13_OK);
        ck_assert_uint_eq(cert.cert_count, 1);
        wire_writer_init(&w, out.data, sizeof out.data);
        ck_assert(finish(&w, hs_write_certificate(&w, cert.certificate_request_context,
                                                  cert.cert_data, cert.cert_count), &out));
        assert_written(&out, msg);
    }

    certificate_verify cv;
    body = vbody(&vf, "server_certificate_verify", HS_CERTIFICATE_VERIFY);
    ck_assert_int_eq(hs_parse_certificate_verify(body.data, body.len, &cv), TLS13_OK);
    ck_assert_uint_eq(cv.algorithm, 0x0403); /* ecdsa_secp256r1_sha256 */
    body = vbody(&vf, "client_certificate_verify", HS_CERTIFICATE_VERIFY);
    ck_assert_int_eq(hs_parse_certificate_verify(body.data, body.len, &cv), TLS13_OK);
    ck_assert_uint_eq(cv.algorithm, 0x0804);
    vec_free(&vf);
}
END_TEST

/* RFC 8448 §7: a 32-byte legacy_session_id, echoed by the server. */
START_TEST(rfc8448_compatibility_mode_session_id)
{
    vec_file vf;
    client_hello ch;
    server_hello sh;
    out_buf out;
    wire_writer w;
    ck_assert_int_eq(vec_load(&vf, "rfc8448/compatibility_mode.txt"), 0);
    span body = vbody(&vf, "client_hello", HS_CLIENT_HELLO);
    ck_assert_int_eq(hs_parse_client_hello(body.data, body.len, &ch), TLS13_OK);
    ck_assert_uint_eq(ch.legacy_session_id.len, 32);
    span msg = vspan(&vf, "server_hello");
    body = body_of(msg, HS_SERVER_HELLO);
    ck_assert_int_eq(hs_parse_server_hello(body.data, body.len, &sh), TLS13_OK);
    assert_span_eq(sh.legacy_session_id_echo, ch.legacy_session_id.data, 32);
    server_hello_params p;
    memset(&p, 0, sizeof p);
    memcpy(p.random, sh.random, HS_RANDOM_LEN);
    p.legacy_session_id_echo = sh.legacy_session_id_echo;
    p.cipher_suite = sh.cipher_suite;
    p.key_share = sh.key_share;
    p.key_share_first = true;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_server_hello(&w, &p), &out));
    assert_written(&out, msg);
    vec_free(&vf);
}
END_TEST

/* §4.5.2: the signed content is 64 spaces, the context string, 0, the hash;
 * checked against the verifier's recomputed content for RFC 8448 §3 and §6. */
START_TEST(certificate_verify_content_matches_rfc8448)
{
    const char *files[] = { "rfc8448/simple_1rtt_computed.txt",
                            "rfc8448/client_authentication_computed.txt",
                            "rfc8448/client_authentication_computed.txt" };
    const char *names[] = { "server_certificate_verify_signed_content",
                            "server_certificate_verify_signed_content",
                            "client_certificate_verify_signed_content" };
    const bool server[] = { true, true, false };
    for (int i = 0; i < 3; i++) {
        vec_file vf;
        uint8_t out[146];
        ck_assert_int_eq(vec_load(&vf, files[i]), 0);
        span content = vspan(&vf, names[i]);
        const uint8_t *hash = content.data + content.len - 32;
        ck_assert_uint_eq(hs_certificate_verify_content(server[i], hash, 32, out), content.len);
        ck_assert_int_eq(memcmp(out, content.data, content.len), 0);
        vec_free(&vf);
    }
    uint8_t out[146], hash[49] = { 0 };
    ck_assert_uint_eq(hs_certificate_verify_content(true, hash, 48, out), 146);
    ck_assert_uint_eq(hs_certificate_verify_content(true, hash, 49, out), 0);
}
END_TEST

/* ---- our ClientHello writer ------------------------------------------------ */

START_TEST(client_hello_writer_round_trip)
{
    static const uint16_t suites[] = { 0x1301, 0x1302, 0x1303 };
    static const uint16_t groups[] = { 0x001d, 0x0017 };
    static const uint16_t algs[] = { 0x0804, 0x0403, 0x0807 };
    static const uint8_t x25519[32] = { 1, 2, 3 }, p256[65] = { 4 };
    static const uint8_t cookie[5] = { 9, 8, 7, 6, 5 };
    key_share_entry shares[2] = { { 0x001d, { x25519, sizeof x25519 } },
                                  { 0x0017, { p256, sizeof p256 } } };
    span alpn[2] = { { (const uint8_t *)"h2", 2 }, { (const uint8_t *)"http/1.1", 8 } };
    client_hello_params p;
    memset(&p, 0, sizeof p);
    for (int i = 0; i < HS_RANDOM_LEN; i++)
        p.random[i] = (uint8_t)(0xa0 + i);
    p.legacy_session_id_len = 32;
    memset(p.legacy_session_id, 0x55, 32);
    p.cipher_suites = suites;
    p.cipher_suite_count = 3;
    p.server_name = "example.com";
    p.groups = groups;
    p.group_count = 2;
    p.signature_algorithms = algs;
    p.signature_algorithm_count = 3;
    p.key_shares = shares;
    p.key_share_count = 2;
    p.cookie.data = cookie;
    p.cookie.len = sizeof cookie;
    p.alpn = alpn;
    p.alpn_count = 2;
    p.record_size_limit = 0x4001;

    out_buf out;
    wire_writer w;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_client_hello(&w, &p), &out));
    span msg = { out.data, out.len };
    span body = body_of(msg, HS_CLIENT_HELLO);
    client_hello ch;
    ck_assert_int_eq(hs_parse_client_hello(body.data, body.len, &ch), TLS13_OK);
    ck_assert_uint_eq(ch.legacy_version, TLS12_VERSION);
    ck_assert_int_eq(memcmp(ch.random, p.random, HS_RANDOM_LEN), 0);
    assert_span_eq(ch.legacy_session_id, p.legacy_session_id, 32);
    ck_assert_uint_eq(hs_u16_list_count(ch.cipher_suites), 3);
    ck_assert_uint_eq(hs_u16_list_at(ch.cipher_suites, 2), 0x1303);
    assert_span_eq(ch.legacy_compression_methods, (const uint8_t *)"\0", 1);
    assert_span_eq(ch.server_name, (const uint8_t *)"example.com", 11);
    ck_assert_uint_eq(hs_u16_list_count(ch.supported_groups), 2);
    ck_assert_uint_eq(hs_u16_list_count(ch.signature_algorithms), 3);
    assert_span_eq(ch.supported_versions, (const uint8_t *)"\x03\x04", 2);
    ck_assert_uint_eq(ch.key_share_count, 2);
    assert_span_eq(ch.key_shares[1].key_exchange, p256, sizeof p256);
    assert_span_eq(ch.cookie, cookie, sizeof cookie);
    assert_span_eq(ch.alpn_protocols, (const uint8_t *)"\x02h2\x08http/1.1", 12);
    ck_assert_uint_eq(ch.record_size_limit, 0x4001);
    ck_assert(!ch.has_psk_key_exchange_modes && !ch.has_pre_shared_key);

    /* The order, as documented. */
    static const uint16_t order[] = { EXT_SERVER_NAME, EXT_SUPPORTED_GROUPS,
                                      EXT_SIGNATURE_ALGORITHMS, EXT_SUPPORTED_VERSIONS,
                                      EXT_KEY_SHARE, EXT_COOKIE, EXT_ALPN,
                                      EXT_RECORD_SIZE_LIMIT };
    wire_reader r, data;
    wire_reader_init(&r, ch.extensions.data, ch.extensions.len);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        uint16_t type;
        ck_assert(wire_read_u16(&r, &type) && wire_read_prefixed_u16(&r, &data));
        ck_assert_uint_eq(type, order[i]);
    }
    ck_assert(wire_reader_done(&r));
}
END_TEST

START_TEST(writers_fail_cleanly_when_out_of_room)
{
    static const uint16_t suites[] = { 0x1301 };
    static const uint8_t share[32] = { 1 };
    key_share_entry entry = { 0x001d, { share, sizeof share } };
    client_hello_params p;
    memset(&p, 0, sizeof p);
    p.cipher_suites = suites;
    p.cipher_suite_count = 1;
    p.key_shares = &entry;
    p.key_share_count = 1;
    uint8_t buf[512];
    size_t full = 0;
    wire_writer w;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(hs_write_client_hello(&w, &p));
    ck_assert(wire_writer_finish(&w, &full));
    for (size_t cap = 0; cap < full; cap++) {
        uint8_t *small = heap_copy(buf, cap);
        size_t len;
        wire_writer_init(&w, small, cap);
        ck_assert(!hs_write_client_hello(&w, &p));
        ck_assert(!wire_writer_finish(&w, &len));
        free(small);
    }
    /* Missing required fields. */
    p.cipher_suite_count = 0;
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(!hs_write_client_hello(&w, &p));
    new_session_ticket nst;
    memset(&nst, 0, sizeof nst);
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(!hs_write_new_session_ticket(&w, &nst)); /* empty ticket */
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(!hs_write_key_update(&w, 2));
    wire_writer_init(&w, buf, sizeof buf);
    ck_assert(!hs_write_certificate_request(&w, (span){ NULL, 0 }, NULL, 0));
}
END_TEST

START_TEST(key_update_round_trip)
{
    for (uint8_t v = 0; v <= 1; v++) {
        out_buf out;
        wire_writer w;
        uint8_t got = 9;
        wire_writer_init(&w, out.data, sizeof out.data);
        ck_assert(finish(&w, hs_write_key_update(&w, v), &out));
        span body = body_of((span){ out.data, out.len }, HS_KEY_UPDATE);
        ck_assert_int_eq(hs_parse_key_update(body.data, body.len, &got), TLS13_OK);
        ck_assert_uint_eq(got, v);
    }
}
END_TEST

/* ---- truncation, trailing bytes, corruption ------------------------------- */

/* §4: every proper prefix of a body is malformed. The one exception is a
 * hello cut right before its extension block: a pre-TLS-1.3 hello may end
 * there (§4.2.2), and it parses with no supported_versions, leaving the state
 * machine to refuse the version. */
START_TEST(every_truncation_is_a_decode_error)
{
    for (size_t i = 0; i < TRACE_MESSAGE_COUNT; i++) {
        const trace_message *m = &trace_messages[i];
        vec_file vf;
        ck_assert_int_eq(vec_load(&vf, m->file), 0);
        span body = vbody(&vf, m->name, m->type);
        size_t no_extensions_len = body.len + 1; /* none */
        if (m->type == HS_CLIENT_HELLO) {
            client_hello ch;
            ck_assert_int_eq(hs_parse_client_hello(body.data, body.len, &ch), TLS13_OK);
            no_extensions_len = (size_t)(ch.extensions.data - body.data) - 2;
        } else if (m->type == HS_SERVER_HELLO) {
            server_hello sh;
            ck_assert_int_eq(hs_parse_server_hello(body.data, body.len, &sh), TLS13_OK);
            no_extensions_len = (size_t)(sh.extensions.data - body.data) - 2;
        }
        for (size_t cut = 0; cut < body.len; cut++) {
            tls13_error err = parse_copy(m->type, body.data, cut, m->hash_len);
            if (cut == no_extensions_len) {
                ck_assert_int_eq(err, TLS13_OK);
                continue;
            }
            ck_assert_msg(err == TLS13_ERR_DECODE, "%s %s cut at %zu of %zu: %s", m->file,
                          m->name, cut, body.len, tls13_error_name(err));
        }
        vec_free(&vf);
    }
}
END_TEST

START_TEST(trailing_bytes_after_a_message_are_a_decode_error)
{
    for (size_t i = 0; i < TRACE_MESSAGE_COUNT; i++) {
        const trace_message *m = &trace_messages[i];
        vec_file vf;
        ck_assert_int_eq(vec_load(&vf, m->file), 0);
        span body = vbody(&vf, m->name, m->type);
        uint8_t *longer = malloc(body.len + 1);
        ck_assert_ptr_nonnull(longer);
        memcpy(longer, body.data, body.len);
        longer[body.len] = 0;
        tls13_error err = parse_any(m->type, longer, body.len + 1, m->hash_len);
        ck_assert_msg(err == TLS13_ERR_DECODE, "%s %s: %s", m->file, m->name,
                      tls13_error_name(err));
        free(longer);
        vec_free(&vf);
    }
}
END_TEST

/* Every single-byte change to a hello yields OK or an error value: never a
 * crash or an over-read (ASan, valgrind). */
static void corruption_sweep(const char *file, const char *name, uint8_t type)
{
    static const uint8_t changes[] = { 0x01, 0x80, 0xff };
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, file), 0);
    span body = vbody(&vf, name, type);
    for (size_t i = 0; i < body.len; i++) {
        for (size_t c = 0; c < sizeof changes + 2; c++) {
            uint8_t *copy = heap_copy(body.data, body.len);
            if (c < sizeof changes)
                copy[i] ^= changes[c];
            else
                copy[i] = c == sizeof changes ? 0x00 : 0xff;
            tls13_error err = parse_any(type, copy, body.len, 48);
            ck_assert(err == TLS13_OK || (err > TLS13_WANT_WRITE && err < TLS13_ERR__COUNT));
            free(copy);
        }
    }
    vec_free(&vf);
}

START_TEST(corrupted_hellos_never_crash)
{
    corruption_sweep("xargs/handshake.txt", "client_hello", HS_CLIENT_HELLO);
    corruption_sweep("xargs/handshake.txt", "server_hello", HS_SERVER_HELLO);
    corruption_sweep("rfc8448/resumed_0rtt.txt", "client_hello_record_payload", HS_CLIENT_HELLO);
    corruption_sweep("rfc8448/hello_retry_request.txt", "hello_retry_request", HS_SERVER_HELLO);
    corruption_sweep("rfc8448/client_authentication.txt", "certificate_request",
                     HS_CERTIFICATE_REQUEST);
    corruption_sweep("rfc8448/simple_1rtt.txt", "encrypted_extensions", HS_ENCRYPTED_EXTENSIONS);
    corruption_sweep("rfc8448/simple_1rtt.txt", "new_session_ticket", HS_NEW_SESSION_TICKET);
}
END_TEST

START_TEST(header_split_and_want_read)
{
    static const uint8_t msg[] = { 20, 0, 0, 2, 0xaa, 0xbb, 0xcc };
    wire_reader r;
    uint8_t type = 0;
    uint32_t len = 0;
    for (size_t n = 0; n < HS_HEADER_LEN; n++) {
        wire_reader_init(&r, msg, n);
        ck_assert_int_eq(hs_read_header(&r, &type, &len), TLS13_WANT_READ);
        ck_assert_uint_eq(wire_reader_remaining(&r), n); /* nothing consumed */
    }
    wire_reader_init(&r, msg, sizeof msg);
    ck_assert_int_eq(hs_read_header(&r, &type, &len), TLS13_OK);
    ck_assert_uint_eq(type, HS_FINISHED);
    ck_assert_uint_eq(len, 2);
    ck_assert_uint_eq(wire_reader_remaining(&r), 3);
    span body;
    ck_assert_int_eq(hs_split_message(msg, 6, &type, &body), TLS13_OK);
    assert_span_eq(body, msg + 4, 2);
    ck_assert_int_eq(hs_split_message(msg, 7, &type, &body), TLS13_ERR_DECODE);
    ck_assert_int_eq(hs_split_message(msg, 5, &type, &body), TLS13_ERR_DECODE);
    ck_assert_int_eq(hs_split_message(msg, 3, &type, &body), TLS13_ERR_DECODE);
}
END_TEST

/* ---- §4.3: extension rules ------------------------------------------------ */

START_TEST(table1_placement)
{
    ck_assert(hs_extension_allowed(EXT_COOKIE, CTX_CH));
    ck_assert(hs_extension_allowed(EXT_COOKIE, CTX_HRR));
    ck_assert(!hs_extension_allowed(EXT_COOKIE, CTX_SH));
    ck_assert(hs_extension_allowed(EXT_KEY_SHARE, CTX_SH));
    ck_assert(!hs_extension_allowed(EXT_KEY_SHARE, CTX_EE));
    ck_assert(!hs_extension_allowed(EXT_SERVER_NAME, CTX_SH));
    ck_assert(hs_extension_allowed(EXT_SERVER_NAME, CTX_EE));
    ck_assert(hs_extension_allowed(EXT_EARLY_DATA, CTX_NST));
    ck_assert(hs_extension_allowed(EXT_STATUS_REQUEST, CTX_CT));
    ck_assert(!hs_extension_allowed(EXT_STATUS_REQUEST, CTX_EE));
    ck_assert(hs_extension_allowed(EXT_OID_FILTERS, CTX_CR));
    ck_assert(!hs_extension_allowed(EXT_OID_FILTERS, CTX_CH));
    ck_assert(!hs_extension_allowed(EXT_PRE_SHARED_KEY, CTX_HRR));
    ck_assert(hs_extension_known(EXT_ENCRYPTED_CLIENT_HELLO));
    ck_assert(!hs_extension_known(0x000b)); /* ec_point_formats: TLS 1.2 only */
    ck_assert(!hs_extension_known(0x0a0a)); /* GREASE */
    ck_assert(!hs_extension_allowed(0x0a0a, CTX_CH));
}
END_TEST

START_TEST(duplicate_extension_is_refused)
{
    client_hello ch;
    encrypted_extensions ee;
    static const uint8_t ch_exts[] = { 0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04,
                                       0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04 };
    ck_assert_int_eq(parse_client_hello_with(ch_exts, sizeof ch_exts, &ch),
                     TLS13_ERR_DUPLICATE_EXTENSION);
    /* Unknown types are duplicates too (§4.3: "more than one extension of the
     * same type"). */
    static const uint8_t grease[] = { 0x0a, 0x0a, 0x00, 0x00, 0x0a, 0x0a, 0x00, 0x01, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(grease, sizeof grease, &ch),
                     TLS13_ERR_DUPLICATE_EXTENSION);
    static const uint8_t ee_exts[] = { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00 };
    ck_assert_int_eq(parse_ee_with(ee_exts, sizeof ee_exts, &ee), TLS13_ERR_DUPLICATE_EXTENSION);
}
END_TEST

START_TEST(extension_in_the_wrong_message_is_refused)
{
    encrypted_extensions ee;
    server_hello sh;
    client_hello ch;
    static const uint8_t key_share[] = { 0x00, 0x33, 0x00, 0x02, 0x00, 0x1d };
    ck_assert_int_eq(parse_ee_with(key_share, sizeof key_share, &ee),
                     TLS13_ERR_EXTENSION_NOT_ALLOWED);
    static const uint8_t server_name[] = { 0x00, 0x00, 0x00, 0x00 };
    ck_assert_int_eq(parse_server_hello_with(false, 0, server_name, sizeof server_name, &sh),
                     TLS13_ERR_EXTENSION_NOT_ALLOWED);
    static const uint8_t cookie[] = { 0x00, 0x2c, 0x00, 0x03, 0x00, 0x01, 0x42 };
    ck_assert_int_eq(parse_server_hello_with(false, 0, cookie, sizeof cookie, &sh),
                     TLS13_ERR_EXTENSION_NOT_ALLOWED);
    ck_assert_int_eq(parse_server_hello_with(true, 0, cookie, sizeof cookie, &sh), TLS13_OK);
    ck_assert(sh.has_cookie);
    /* cookie in a ClientHello is fine (§4.3.2). */
    ck_assert_int_eq(parse_client_hello_with(cookie, sizeof cookie, &ch), TLS13_OK);
    ck_assert(ch.has_cookie);
    assert_span_eq(ch.cookie, (const uint8_t *)"\x42", 1);
    static const uint8_t psk[] = { 0x00, 0x29, 0x00, 0x02, 0x00, 0x00 };
    ck_assert_int_eq(parse_server_hello_with(true, 0, psk, sizeof psk, &sh),
                     TLS13_ERR_EXTENSION_NOT_ALLOWED);
    /* An oid_filters (CR only) in a ClientHello. */
    static const uint8_t oid_filters[] = { 0x00, 0x30, 0x00, 0x02, 0x00, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(oid_filters, sizeof oid_filters, &ch),
                     TLS13_ERR_EXTENSION_NOT_ALLOWED);
}
END_TEST

START_TEST(unknown_extensions_in_a_client_hello_are_skipped)
{
    client_hello ch;
    static const uint8_t exts[] = {
        0x0a, 0x0a, 0x00, 0x00,                         /* GREASE, empty */
        0x12, 0x34, 0x00, 0x03, 0x01, 0x02, 0x03,       /* unknown, 3 bytes */
        0x00, 0x0b, 0x00, 0x02, 0x01, 0x00,             /* ec_point_formats */
        0x00, 0x15, 0x00, 0x03, 0x00, 0x00, 0x00,       /* padding (known, unparsed) */
        0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04,       /* supported_versions */
    };
    ck_assert_int_eq(parse_client_hello_with(exts, sizeof exts, &ch), TLS13_OK);
    ck_assert(ch.has_supported_versions);
    ck_assert(!ch.has_key_share);
}
END_TEST

START_TEST(trailing_bytes_inside_an_extension)
{
    client_hello ch;
    server_hello sh;
    encrypted_extensions ee;
    static const uint8_t sv[] = { 0x00, 0x2b, 0x00, 0x03, 0x03, 0x04, 0x00 };
    ck_assert_int_eq(parse_server_hello_with(false, 0, sv, sizeof sv, &sh), TLS13_ERR_DECODE);
    static const uint8_t groups[] = { 0x00, 0x0a, 0x00, 0x05, 0x00, 0x02, 0x00, 0x1d, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(groups, sizeof groups, &ch), TLS13_ERR_DECODE);
    static const uint8_t rsl[] = { 0x00, 0x1c, 0x00, 0x03, 0x40, 0x01, 0x00 };
    ck_assert_int_eq(parse_ee_with(rsl, sizeof rsl, &ee), TLS13_ERR_DECODE);
    static const uint8_t sni_ack[] = { 0x00, 0x00, 0x00, 0x01, 0x00 };
    ck_assert_int_eq(parse_ee_with(sni_ack, sizeof sni_ack, &ee), TLS13_ERR_DECODE);
    static const uint8_t early[] = { 0x00, 0x2a, 0x00, 0x01, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(early, sizeof early, &ch), TLS13_ERR_DECODE);
    /* An extension whose length runs past the block. */
    static const uint8_t overrun[] = { 0x00, 0x2b, 0x00, 0x09, 0x02, 0x03, 0x04 };
    ck_assert_int_eq(parse_client_hello_with(overrun, sizeof overrun, &ch), TLS13_ERR_DECODE);
}
END_TEST

/* A PskIdentity ("abc", age 0) and one 32-byte binder. */
#define PSK_EXT                                                                     \
    0x00, 0x29, 0x00, 0x2e, 0x00, 0x09, 0x00, 0x03, 'a', 'b', 'c', 0, 0, 0, 0, 0x00, \
        0x21, 0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,  \
        19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32

START_TEST(pre_shared_key_must_be_last)
{
    client_hello ch;
    static const uint8_t last[] = { 0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04, PSK_EXT };
    ck_assert_int_eq(parse_client_hello_with(last, sizeof last, &ch), TLS13_OK);
    ck_assert(ch.has_pre_shared_key);
    ck_assert_uint_eq(ch.psk_identities.len, 9);
    ck_assert_uint_eq(ch.psk_binders.len, 33);
    static const uint8_t not_last[] = { PSK_EXT, 0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04 };
    ck_assert_int_eq(parse_client_hello_with(not_last, sizeof not_last, &ch),
                     TLS13_ERR_PRE_SHARED_KEY_NOT_LAST);
    /* Anywhere in a ServerHello (§4.3). */
    server_hello sh;
    static const uint8_t sh_exts[] = { 0x00, 0x29, 0x00, 0x02, 0x00, 0x00,
                                       0x00, 0x2b, 0x00, 0x02, 0x03, 0x04 };
    ck_assert_int_eq(parse_server_hello_with(false, 0, sh_exts, sizeof sh_exts, &sh), TLS13_OK);
    ck_assert(sh.has_pre_shared_key);
}
END_TEST

START_TEST(pre_shared_key_shape)
{
    client_hello ch;
    /* Two identities, one binder. */
    static const uint8_t count[] = {
        0x00, 0x29, 0x00, 0x37, 0x00, 0x12, 0x00, 0x03, 'a', 'b', 'c', 0, 0, 0, 0, 0x00,
        0x03, 'd', 'e', 'f', 0, 0, 0, 0, 0x00, 0x21, 0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
        11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30,
        31, 32,
    };
    ck_assert_int_eq(parse_client_hello_with(count, sizeof count, &ch), TLS13_ERR_PSK_BINDER_COUNT);
    /* A 31-byte binder (PskBinderEntry<32..255>). */
    static const uint8_t short_binder[] = {
        0x00, 0x29, 0x00, 0x2d, 0x00, 0x09, 0x00, 0x03, 'a', 'b', 'c', 0, 0, 0, 0, 0x00,
        0x20, 0x1f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20,
        21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
    };
    ck_assert_int_eq(parse_client_hello_with(short_binder, sizeof short_binder, &ch),
                     TLS13_ERR_DECODE);
    /* No identities at all. */
    static const uint8_t empty[] = { 0x00, 0x29, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(empty, sizeof empty, &ch), TLS13_ERR_DECODE);
}
END_TEST

START_TEST(lists_with_rfc_minimums)
{
    client_hello ch;
    encrypted_extensions ee;
    /* supported_versions<2..254>: odd, and empty. */
    static const uint8_t sv_odd[] = { 0x00, 0x2b, 0x00, 0x04, 0x03, 0x03, 0x04, 0x03 };
    ck_assert_int_eq(parse_client_hello_with(sv_odd, sizeof sv_odd, &ch), TLS13_ERR_DECODE);
    static const uint8_t sv_empty[] = { 0x00, 0x2b, 0x00, 0x01, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(sv_empty, sizeof sv_empty, &ch), TLS13_ERR_DECODE);
    /* named_group_list<2..2^16-1>: odd, empty. */
    static const uint8_t groups_odd[] = { 0x00, 0x0a, 0x00, 0x05, 0x00, 0x03, 0x00, 0x1d, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(groups_odd, sizeof groups_odd, &ch), TLS13_ERR_DECODE);
    static const uint8_t groups_empty[] = { 0x00, 0x0a, 0x00, 0x02, 0x00, 0x00 };
    ck_assert_int_eq(parse_ee_with(groups_empty, sizeof groups_empty, &ee), TLS13_ERR_DECODE);
    /* signature_algorithms<2..2^16-2>. */
    static const uint8_t algs_empty[] = { 0x00, 0x0d, 0x00, 0x02, 0x00, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(algs_empty, sizeof algs_empty, &ch), TLS13_ERR_DECODE);
    static const uint8_t algs_odd[] = { 0x00, 0x0d, 0x00, 0x03, 0x00, 0x01, 0x08 };
    ck_assert_int_eq(parse_client_hello_with(algs_odd, sizeof algs_odd, &ch), TLS13_ERR_DECODE);
    /* key_exchange<1..2^16-1>. */
    static const uint8_t share_empty[] = { 0x00, 0x33, 0x00, 0x06, 0x00, 0x04, 0x00, 0x1d, 0x00, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(share_empty, sizeof share_empty, &ch), TLS13_ERR_DECODE);
    /* An empty client_shares list is allowed (§4.3.8: the client asks for an HRR). */
    static const uint8_t shares_none[] = { 0x00, 0x33, 0x00, 0x02, 0x00, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(shares_none, sizeof shares_none, &ch), TLS13_OK);
    ck_assert(ch.has_key_share);
    ck_assert_uint_eq(ch.key_share_count, 0);
    /* ALPN: empty list, empty name. */
    static const uint8_t alpn_empty[] = { 0x00, 0x10, 0x00, 0x02, 0x00, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(alpn_empty, sizeof alpn_empty, &ch), TLS13_ERR_DECODE);
    static const uint8_t alpn_empty_name[] = { 0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x01, 'h', 0x00 };
    ck_assert_int_eq(parse_client_hello_with(alpn_empty_name, sizeof alpn_empty_name, &ch),
                     TLS13_ERR_DECODE);
    /* Cookie<1..2^16-1>, ke_modes<1..255>, server_name_list<1..2^16-1>. */
    static const uint8_t cookie_empty[] = { 0x00, 0x2c, 0x00, 0x02, 0x00, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(cookie_empty, sizeof cookie_empty, &ch), TLS13_ERR_DECODE);
    static const uint8_t modes_empty[] = { 0x00, 0x2d, 0x00, 0x01, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(modes_empty, sizeof modes_empty, &ch), TLS13_ERR_DECODE);
    static const uint8_t sni_empty[] = { 0x00, 0x00, 0x00, 0x02, 0x00, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(sni_empty, sizeof sni_empty, &ch), TLS13_ERR_DECODE);
    static const uint8_t sni_two_hosts[] = { 0x00, 0x00, 0x00, 0x0a, 0x00, 0x08, 0x00, 0x00, 0x01,
                                             'a', 0x00, 0x00, 0x01, 'b' };
    ck_assert_int_eq(parse_client_hello_with(sni_two_hosts, sizeof sni_two_hosts, &ch),
                     TLS13_ERR_DECODE);
}
END_TEST

/* Body of a ClientHello with the given cipher_suites vector and compression
 * methods, no extensions. */
static tls13_error parse_client_hello_fixed(const uint8_t *suites, size_t suites_len,
                                            const uint8_t *comp, size_t comp_len,
                                            size_t session_id_len)
{
    uint8_t buf[512];
    client_hello ch;
    wire_writer w, v;
    size_t len = 0;
    wire_writer_init(&w, buf, sizeof buf);
    wire_write_u16(&w, TLS12_VERSION);
    for (int i = 0; i < HS_RANDOM_LEN; i++)
        wire_write_u8(&w, 0);
    wire_writer_open_u8(&w, &v);
    for (size_t i = 0; i < session_id_len; i++)
        wire_write_u8(&v, 0x11);
    wire_writer_close(&v);
    wire_writer_open_u16(&w, &v);
    wire_write_bytes(&v, suites, suites_len);
    wire_writer_close(&v);
    wire_writer_open_u8(&w, &v);
    wire_write_bytes(&v, comp, comp_len);
    wire_writer_close(&v);
    /* supported_versions { 0x0304 }, so the hello is a TLS 1.3 one. */
    static const uint8_t exts[] = { 0x00, 0x07, 0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04 };
    wire_write_bytes(&w, exts, sizeof exts);
    ck_assert(wire_writer_finish(&w, &len));
    uint8_t *copy = heap_copy(buf, len);
    tls13_error err = hs_parse_client_hello(copy, len, &ch);
    free(copy);
    return err;
}

START_TEST(client_hello_fixed_fields)
{
    static const uint8_t suites[] = { 0x13, 0x01 };
    static const uint8_t null_only[] = { 0 };
    ck_assert_int_eq(parse_client_hello_fixed(suites, 2, null_only, 1, 32), TLS13_OK);
    /* cipher_suites<2..2^16-2>: empty, odd. */
    ck_assert_int_eq(parse_client_hello_fixed(suites, 0, null_only, 1, 0), TLS13_ERR_DECODE);
    ck_assert_int_eq(parse_client_hello_fixed(suites, 1, null_only, 1, 0), TLS13_ERR_DECODE);
    /* legacy_session_id<0..32>. */
    ck_assert_int_eq(parse_client_hello_fixed(suites, 2, null_only, 1, 33), TLS13_ERR_DECODE);
    /* legacy_compression_methods<1..2^8-1>, exactly { 0 } for TLS 1.3 (§4.2.2). */
    ck_assert_int_eq(parse_client_hello_fixed(suites, 2, null_only, 0, 0), TLS13_ERR_DECODE);
    static const uint8_t deflate_and_null[] = { 1, 0 };
    ck_assert_int_eq(parse_client_hello_fixed(suites, 2, deflate_and_null, 2, 0),
                     TLS13_ERR_LEGACY_COMPRESSION);
    static const uint8_t deflate[] = { 1 };
    ck_assert_int_eq(parse_client_hello_fixed(suites, 2, deflate, 1, 0),
                     TLS13_ERR_LEGACY_COMPRESSION);
}
END_TEST

START_TEST(client_key_share_rules)
{
    client_hello ch;
    /* Two shares for x25519 (§4.3.8: "MUST NOT offer multiple KeyShareEntry
     * values for the same group"). */
    static const uint8_t twice[] = { 0x00, 0x33, 0x00, 0x0c, 0x00, 0x0a, 0x00, 0x1d, 0x00,
                                     0x01, 0x01, 0x00, 0x1d, 0x00, 0x01, 0x02 };
    ck_assert_int_eq(parse_client_hello_with(twice, sizeof twice, &ch),
                     TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS);
    /* A share for P-256 when supported_groups lists only x25519. */
    static const uint8_t outside[] = { 0x00, 0x0a, 0x00, 0x04, 0x00, 0x02, 0x00, 0x1d,
                                       0x00, 0x33, 0x00, 0x07, 0x00, 0x05, 0x00, 0x17, 0x00,
                                       0x01, 0x04 };
    ck_assert_int_eq(parse_client_hello_with(outside, sizeof outside, &ch),
                     TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS);
    /* More shares than HS_MAX_KEY_SHARES. */
    uint8_t many[4 + 2 + (HS_MAX_KEY_SHARES + 1) * 5];
    size_t list_len = (HS_MAX_KEY_SHARES + 1) * 5;
    many[0] = 0x00;
    many[1] = 0x33;
    many[2] = (uint8_t)((list_len + 2) >> 8);
    many[3] = (uint8_t)(list_len + 2);
    many[4] = (uint8_t)(list_len >> 8);
    many[5] = (uint8_t)list_len;
    for (size_t i = 0; i <= HS_MAX_KEY_SHARES; i++) {
        uint8_t *e = many + 6 + 5 * i;
        e[0] = 0x10;
        e[1] = (uint8_t)i;
        e[2] = 0;
        e[3] = 1;
        e[4] = 0x42;
    }
    ck_assert_int_eq(parse_client_hello_with(many, sizeof many, &ch), TLS13_ERR_DECODE);
    /* Exactly HS_MAX_KEY_SHARES is fine. */
    list_len -= 5;
    many[2] = (uint8_t)((list_len + 2) >> 8);
    many[3] = (uint8_t)(list_len + 2);
    many[4] = (uint8_t)(list_len >> 8);
    many[5] = (uint8_t)list_len;
    ck_assert_int_eq(parse_client_hello_with(many, sizeof many - 5, &ch), TLS13_OK);
    ck_assert_uint_eq(ch.key_share_count, HS_MAX_KEY_SHARES);
}
END_TEST

START_TEST(server_hello_key_share_shapes)
{
    server_hello sh;
    /* An HRR's key_share is a NamedGroup (§4.3.8). */
    static const uint8_t group[] = { 0x00, 0x33, 0x00, 0x02, 0x00, 0x17,
                                     0x00, 0x2b, 0x00, 0x02, 0x03, 0x04 };
    ck_assert_int_eq(parse_server_hello_with(true, 0, group, sizeof group, &sh), TLS13_OK);
    ck_assert(sh.is_hello_retry_request);
    ck_assert_uint_eq(sh.selected_group, TLS13_GROUP_SECP256R1);
    ck_assert_uint_eq(sh.extension_count, 2);
    /* A full KeyShareEntry in an HRR, or a bare group in a ServerHello. */
    static const uint8_t entry[] = { 0x00, 0x33, 0x00, 0x05, 0x00, 0x17, 0x00, 0x01, 0x04 };
    ck_assert_int_eq(parse_server_hello_with(true, 0, entry, sizeof entry, &sh), TLS13_ERR_DECODE);
    ck_assert_int_eq(parse_server_hello_with(false, 0, entry, sizeof entry, &sh), TLS13_OK);
    ck_assert_uint_eq(sh.key_share.group, TLS13_GROUP_SECP256R1);
    ck_assert_int_eq(parse_server_hello_with(false, 0, group, sizeof group, &sh), TLS13_ERR_DECODE);
    /* legacy_compression_method must be 0 (§4.2.3). */
    ck_assert_int_eq(parse_server_hello_with(false, 1, entry, sizeof entry, &sh),
                     TLS13_ERR_SERVER_HELLO_COMPRESSION);
}
END_TEST

START_TEST(record_size_limit_below_64)
{
    encrypted_extensions ee;
    client_hello ch;
    static const uint8_t low[] = { 0x00, 0x1c, 0x00, 0x02, 0x00, 0x3f };
    ck_assert_int_eq(parse_ee_with(low, sizeof low, &ee), TLS13_ERR_RECORD_SIZE_LIMIT_TOO_SMALL);
    ck_assert_int_eq(parse_client_hello_with(low, sizeof low, &ch),
                     TLS13_ERR_RECORD_SIZE_LIMIT_TOO_SMALL);
    static const uint8_t ok[] = { 0x00, 0x1c, 0x00, 0x02, 0x00, 0x40 };
    ck_assert_int_eq(parse_ee_with(ok, sizeof ok, &ee), TLS13_OK);
    ck_assert_uint_eq(ee.record_size_limit, 64);
}
END_TEST

START_TEST(encrypted_extensions_alpn)
{
    encrypted_extensions ee;
    static const uint8_t one[] = { 0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x02, 'h', '2' };
    ck_assert_int_eq(parse_ee_with(one, sizeof one, &ee), TLS13_OK);
    ck_assert(ee.has_alpn);
    assert_span_eq(ee.alpn_protocol, (const uint8_t *)"h2", 2);
    /* RFC 7301 §3.1: the server's list holds exactly one name. */
    static const uint8_t two[] = { 0x00, 0x10, 0x00, 0x08, 0x00, 0x06, 0x02, 'h', '2',
                                   0x02, 'h', '3' };
    ck_assert_int_eq(parse_ee_with(two, sizeof two, &ee), TLS13_ERR_DECODE);
    /* The writer's ALPN reads back. */
    out_buf out;
    wire_writer w;
    encrypted_extensions_params p;
    memset(&p, 0, sizeof p);
    p.alpn_protocol.data = (const uint8_t *)"http/1.1";
    p.alpn_protocol.len = 8;
    wire_writer_init(&w, out.data, sizeof out.data);
    ck_assert(finish(&w, hs_write_encrypted_extensions(&w, &p), &out));
    span body = body_of((span){ out.data, out.len }, HS_ENCRYPTED_EXTENSIONS);
    ck_assert_int_eq(hs_parse_encrypted_extensions(body.data, body.len, &ee), TLS13_OK);
    assert_span_eq(ee.alpn_protocol, (const uint8_t *)"http/1.1", 8);
}
END_TEST

START_TEST(unsolicited_extensions_are_refused)
{
    client_hello ch;
    encrypted_extensions ee;
    /* Our hello offered supported_versions only. */
    static const uint8_t ch_exts[] = { 0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04 };
    ck_assert_int_eq(parse_client_hello_with(ch_exts, sizeof ch_exts, &ch), TLS13_OK);
    static const uint8_t alpn[] = { 0x00, 0x10, 0x00, 0x05, 0x00, 0x03, 0x02, 'h', '2' };
    ck_assert_int_eq(parse_ee_with(alpn, sizeof alpn, &ee), TLS13_OK);
    ck_assert_int_eq(hs_check_solicited(ee.extension_types, ee.extension_count, &ch, false),
                     TLS13_ERR_UNSOLICITED_EXTENSION);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_UNSOLICITED_EXTENSION),
                     TLS13_ALERT_UNSUPPORTED_EXTENSION);
    /* An unknown type in EE is parsed past, then refused as unsolicited. */
    static const uint8_t unknown[] = { 0x12, 0x34, 0x00, 0x01, 0x00 };
    ck_assert_int_eq(parse_ee_with(unknown, sizeof unknown, &ee), TLS13_OK);
    ck_assert_uint_eq(ee.extension_count, 1);
    ck_assert_uint_eq(ee.extension_types[0], 0x1234);
    ck_assert_int_eq(hs_check_solicited(ee.extension_types, ee.extension_count, &ch, false),
                     TLS13_ERR_UNSOLICITED_EXTENSION);
    /* Offered, by flag or by a look at the raw block. */
    static const uint8_t ch_more[] = { 0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04, 0x00, 0x10,
                                       0x00, 0x05, 0x00, 0x03, 0x02, 'h', '2', 0x12, 0x34,
                                       0x00, 0x00 };
    ck_assert_int_eq(parse_client_hello_with(ch_more, sizeof ch_more, &ch), TLS13_OK);
    ck_assert_int_eq(hs_check_solicited(ee.extension_types, ee.extension_count, &ch, false),
                     TLS13_OK);
    ck_assert_int_eq(parse_ee_with(alpn, sizeof alpn, &ee), TLS13_OK);
    ck_assert_int_eq(hs_check_solicited(ee.extension_types, ee.extension_count, &ch, false),
                     TLS13_OK);
    ck_assert_int_eq(hs_check_solicited(ee.extension_types, ee.extension_count, NULL, false),
                     TLS13_ERR_UNSOLICITED_EXTENSION);
}
END_TEST

/* More extension types than the recorded list holds: we never offer that
 * many, so at least one is unsolicited. */
START_TEST(too_many_server_extensions_are_unsolicited)
{
    encrypted_extensions ee;
    uint8_t exts[33 * 4];
    for (size_t i = 0; i < 33; i++) {
        exts[4 * i] = 0x70;
        exts[4 * i + 1] = (uint8_t)i;
        exts[4 * i + 2] = 0;
        exts[4 * i + 3] = 0;
    }
    ck_assert_int_eq(parse_ee_with(exts, 32 * 4, &ee), TLS13_OK);
    ck_assert_uint_eq(ee.extension_count, 32);
    ck_assert_int_eq(parse_ee_with(exts, sizeof exts, &ee), TLS13_ERR_UNSOLICITED_EXTENSION);
}
END_TEST

/* ---- other messages' limits ------------------------------------------------ */

START_TEST(key_update_values)
{
    uint8_t v;
    static const uint8_t two[] = { 2 }, pair[] = { 0, 0 };
    ck_assert_int_eq(hs_parse_key_update(two, 1, &v), TLS13_ERR_BAD_KEY_UPDATE);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_BAD_KEY_UPDATE), TLS13_ALERT_ILLEGAL_PARAMETER);
    ck_assert_int_eq(hs_parse_key_update(pair, 2, &v), TLS13_ERR_DECODE);
    ck_assert_int_eq(hs_parse_key_update(pair, 0, &v), TLS13_ERR_DECODE);
    ck_assert_int_eq(hs_parse_key_update(pair, 1, &v), TLS13_OK);
    ck_assert_uint_eq(v, KEY_UPDATE_NOT_REQUESTED);
}
END_TEST

START_TEST(finished_of_the_wrong_length)
{
    uint8_t vd[49] = { 0 };
    span out;
    ck_assert_int_eq(hs_parse_finished(vd, 32, 32, &out), TLS13_OK);
    ck_assert_int_eq(hs_parse_finished(vd, 31, 32, &out), TLS13_ERR_DECODE);
    ck_assert_int_eq(hs_parse_finished(vd, 33, 32, &out), TLS13_ERR_DECODE);
    ck_assert_int_eq(hs_parse_finished(vd, 32, 48, &out), TLS13_ERR_DECODE);
    ck_assert_int_eq(hs_parse_finished(vd, 48, 48, &out), TLS13_OK);
    ck_assert_int_eq(hs_parse_end_of_early_data(vd, 1), TLS13_ERR_DECODE);
}
END_TEST

static tls13_error parse_ticket(uint32_t lifetime, size_t ticket_len, const uint8_t *exts,
                                size_t exts_len, new_session_ticket *nst)
{
    static uint8_t buf[256];
    wire_writer w, v;
    size_t len = 0;
    wire_writer_init(&w, buf, sizeof buf);
    wire_write_u32(&w, lifetime);
    wire_write_u32(&w, 0x01020304);
    wire_write_u8(&w, 1);
    wire_write_u8(&w, 0xee);
    wire_writer_open_u16(&w, &v);
    for (size_t i = 0; i < ticket_len; i++)
        wire_write_u8(&v, 0x77);
    wire_writer_close(&v);
    wire_writer_open_u16(&w, &v);
    wire_write_bytes(&v, exts, exts_len);
    wire_writer_close(&v);
    ck_assert(wire_writer_finish(&w, &len));
    return hs_parse_new_session_ticket(buf, len, nst);
}

START_TEST(new_session_ticket_limits)
{
    new_session_ticket nst;
    ck_assert_int_eq(parse_ticket(604800, 4, NULL, 0, &nst), TLS13_OK);
    ck_assert_int_eq(parse_ticket(604801, 4, NULL, 0, &nst), TLS13_ERR_TICKET_LIFETIME_TOO_LONG);
    ck_assert_int_eq(parse_ticket(100, 0, NULL, 0, &nst), TLS13_ERR_DECODE);
    static const uint8_t early[] = { 0x00, 0x2a, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00 };
    ck_assert_int_eq(parse_ticket(100, 4, early, sizeof early, &nst), TLS13_OK);
    ck_assert(nst.has_early_data);
    ck_assert_uint_eq(nst.max_early_data_size, 0x4000);
    static const uint8_t early_short[] = { 0x00, 0x2a, 0x00, 0x02, 0x00, 0x00 };
    ck_assert_int_eq(parse_ticket(100, 4, early_short, sizeof early_short, &nst), TLS13_ERR_DECODE);
    static const uint8_t grease[] = { 0xfa, 0xfa, 0x00, 0x00 };
    ck_assert_int_eq(parse_ticket(100, 4, grease, sizeof grease, &nst), TLS13_OK);
    static const uint8_t sv[] = { 0x00, 0x2b, 0x00, 0x02, 0x03, 0x04 };
    ck_assert_int_eq(parse_ticket(100, 4, sv, sizeof sv, &nst), TLS13_ERR_EXTENSION_NOT_ALLOWED);
}
END_TEST

/* A Certificate with n one-byte certificates, each with the given entry
 * extensions. */
static tls13_error parse_certificate_n(size_t n, const uint8_t *exts, size_t exts_len,
                                       certificate_msg *cert)
{
    static uint8_t buf[1024];
    wire_writer w, list, v;
    size_t len = 0;
    wire_writer_init(&w, buf, sizeof buf);
    wire_write_u8(&w, 0);
    wire_writer_open_u24(&w, &list);
    for (size_t i = 0; i < n; i++) {
        wire_write_u24(&list, 1);
        wire_write_u8(&list, (uint8_t)i);
        wire_writer_open_u16(&list, &v);
        wire_write_bytes(&v, exts, exts_len);
        wire_writer_close(&v);
    }
    wire_writer_close(&list);
    ck_assert(wire_writer_finish(&w, &len));
    return hs_parse_certificate(buf, len, cert);
}

START_TEST(certificate_entries)
{
    certificate_msg cert;
    ck_assert_int_eq(parse_certificate_n(0, NULL, 0, &cert), TLS13_OK);
    ck_assert_uint_eq(cert.cert_count, 0);
    ck_assert_int_eq(parse_certificate_n(HS_MAX_CERT_CHAIN, NULL, 0, &cert), TLS13_OK);
    ck_assert_uint_eq(cert.cert_count, HS_MAX_CERT_CHAIN);
    ck_assert_uint_eq(cert.cert_data[9].data[0], 9);
    ck_assert_int_eq(parse_certificate_n(HS_MAX_CERT_CHAIN + 1, NULL, 0, &cert),
                     TLS13_ERR_CERTIFICATE_CHAIN_TOO_LONG);
    /* status_request may sit in an entry (Table 1: CT); recorded for
     * hs_check_solicited. key_share may not. */
    static const uint8_t status[] = { 0x00, 0x05, 0x00, 0x01, 0x01 };
    ck_assert_int_eq(parse_certificate_n(2, status, sizeof status, &cert), TLS13_OK);
    ck_assert_uint_eq(cert.extension_count, 2);
    ck_assert_uint_eq(cert.extension_types[0], EXT_STATUS_REQUEST);
    assert_span_eq(cert.cert_extensions[1], status, sizeof status);
    ck_assert_int_eq(hs_check_solicited(cert.extension_types, cert.extension_count, NULL, false),
                     TLS13_ERR_UNSOLICITED_EXTENSION);
    static const uint8_t twice[] = { 0x00, 0x05, 0x00, 0x00, 0x00, 0x05, 0x00, 0x00 };
    ck_assert_int_eq(parse_certificate_n(1, twice, sizeof twice, &cert),
                     TLS13_ERR_DUPLICATE_EXTENSION);
    static const uint8_t key_share[] = { 0x00, 0x33, 0x00, 0x00 };
    ck_assert_int_eq(parse_certificate_n(1, key_share, sizeof key_share, &cert),
                     TLS13_ERR_EXTENSION_NOT_ALLOWED);
    /* cert_data<1..2^24-1>. */
    static const uint8_t empty_cert[] = { 0x00, 0x00, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00 };
    ck_assert_int_eq(hs_parse_certificate(empty_cert, sizeof empty_cert, &cert), TLS13_ERR_DECODE);
}
END_TEST

START_TEST(certificate_request_needs_signature_algorithms)
{
    certificate_request cr;
    static const uint8_t none[] = { 0x00, 0x00, 0x00 };
    ck_assert_int_eq(hs_parse_certificate_request(none, sizeof none, &cr),
                     TLS13_ERR_MISSING_SIGNATURE_ALGORITHMS);
    /* Unknown extensions are ignored (§4.4.2); early_data is not allowed. */
    static const uint8_t ok[] = { 0x01, 0x07, 0x00, 0x0c, 0x12, 0x34, 0x00, 0x00, 0x00,
                                  0x0d, 0x00, 0x04, 0x00, 0x02, 0x08, 0x04 };
    ck_assert_int_eq(hs_parse_certificate_request(ok, sizeof ok, &cr), TLS13_OK);
    assert_span_eq(cr.certificate_request_context, (const uint8_t *)"\x07", 1);
    static const uint8_t early[] = { 0x00, 0x00, 0x0c, 0x00, 0x2a, 0x00, 0x00, 0x00,
                                     0x0d, 0x00, 0x04, 0x00, 0x02, 0x08, 0x04 };
    ck_assert_int_eq(hs_parse_certificate_request(early, sizeof early, &cr),
                     TLS13_ERR_EXTENSION_NOT_ALLOWED);
}
END_TEST

START_TEST(new_errors_have_their_alerts)
{
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_DUPLICATE_EXTENSION), TLS13_ALERT_ILLEGAL_PARAMETER);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_EXTENSION_NOT_ALLOWED), TLS13_ALERT_ILLEGAL_PARAMETER);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_PRE_SHARED_KEY_NOT_LAST), TLS13_ALERT_ILLEGAL_PARAMETER);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_RECORD_SIZE_LIMIT_TOO_SMALL),
                     TLS13_ALERT_ILLEGAL_PARAMETER);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_TICKET_LIFETIME_TOO_LONG),
                     TLS13_ALERT_ILLEGAL_PARAMETER);
    ck_assert_int_eq(tls13_error_alert(TLS13_ERR_SERVER_HELLO_COMPRESSION),
                     TLS13_ALERT_ILLEGAL_PARAMETER);
    ck_assert_str_eq(tls13_error_rfc_section(TLS13_ERR_PRE_SHARED_KEY_NOT_LAST), "RFC 9846 §4.3.11");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("messages");
    TCase *traces = tcase_create("traces");
    tcase_add_test(traces, every_trace_message_parses);
    tcase_add_test(traces, xargs_client_hello_fields);
    tcase_add_test(traces, xargs_server_hello_round_trip);
    tcase_add_test(traces, xargs_server_flight_round_trip);
    tcase_add_test(traces, xargs_new_session_tickets);
    tcase_add_test(traces, rfc8448_simple_1rtt_round_trip);
    tcase_add_test(traces, rfc8448_hello_retry_request_round_trip);
    tcase_add_test(traces, rfc8448_resumed_0rtt_round_trip);
    tcase_add_test(traces, rfc8448_client_authentication_round_trip);
    tcase_add_test(traces, rfc8448_compatibility_mode_session_id);
    tcase_add_test(traces, certificate_verify_content_matches_rfc8448);
    suite_add_tcase(s, traces);

    TCase *writers = tcase_create("writers");
    tcase_add_test(writers, client_hello_writer_round_trip);
    tcase_add_test(writers, writers_fail_cleanly_when_out_of_room);
    tcase_add_test(writers, key_update_round_trip);
    suite_add_tcase(s, writers);

    TCase *malformed = tcase_create("malformed");
    tcase_add_test(malformed, every_truncation_is_a_decode_error);
    tcase_add_test(malformed, trailing_bytes_after_a_message_are_a_decode_error);
    tcase_add_test(malformed, corrupted_hellos_never_crash);
    tcase_add_test(malformed, header_split_and_want_read);
    suite_add_tcase(s, malformed);

    TCase *extensions = tcase_create("extensions");
    tcase_add_checked_fixture(extensions, NULL, free_client_hello_copy);
    tcase_add_test(extensions, table1_placement);
    tcase_add_test(extensions, duplicate_extension_is_refused);
    tcase_add_test(extensions, extension_in_the_wrong_message_is_refused);
    tcase_add_test(extensions, unknown_extensions_in_a_client_hello_are_skipped);
    tcase_add_test(extensions, trailing_bytes_inside_an_extension);
    tcase_add_test(extensions, pre_shared_key_must_be_last);
    tcase_add_test(extensions, pre_shared_key_shape);
    tcase_add_test(extensions, lists_with_rfc_minimums);
    tcase_add_test(extensions, client_hello_fixed_fields);
    tcase_add_test(extensions, client_key_share_rules);
    tcase_add_test(extensions, server_hello_key_share_shapes);
    tcase_add_test(extensions, record_size_limit_below_64);
    tcase_add_test(extensions, encrypted_extensions_alpn);
    tcase_add_test(extensions, unsolicited_extensions_are_refused);
    tcase_add_test(extensions, too_many_server_extensions_are_unsolicited);
    suite_add_tcase(s, extensions);

    TCase *limits = tcase_create("limits");
    tcase_add_test(limits, key_update_values);
    tcase_add_test(limits, finished_of_the_wrong_length);
    tcase_add_test(limits, new_session_ticket_limits);
    tcase_add_test(limits, certificate_entries);
    tcase_add_test(limits, certificate_request_needs_signature_algorithms);
    tcase_add_test(limits, new_errors_have_their_alerts);
    suite_add_tcase(s, limits);

    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
