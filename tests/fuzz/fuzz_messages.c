/*
 * fuzz_messages.c — the handshake message parsers (src/handshake/messages.c).
 *
 * Input: the first byte picks the parser (its value mod 10: client_hello,
 * server_hello, encrypted_extensions, certificate, certificate_request,
 * certificate_verify, finished, new_session_ticket, key_update,
 * end_of_early_data; for finished, bit 7 picks SHA-384's length); the rest
 * is the message body. A parser must return an error or a struct whose
 * spans lie inside the body (every span is read whole, so a sanitizer sees
 * one that does not). Where the writer can say the same thing, what was
 * parsed is written back and must equal the input.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "handshake/messages.h"

static const uint8_t *body_start, *body_end;

/* A span must be empty or lie inside the body. */
static void check_span(span s)
{
    if (s.len == 0)
        return;
    if (s.data < body_start || s.data > body_end || s.len > (size_t)(body_end - s.data))
        abort();
    (void)fuzz_touch(s.data, s.len);
}

/* The ClientHello of RFC 8448 §3, whose offers a server's extensions are
 * checked against (hs_check_solicited). */
static const uint8_t rfc8448_client_hello[] = {
    0x03, 0x03, 0xcb, 0x34, 0xec, 0xb1, 0xe7, 0x81, 0x63, 0xba, 0x1c, 0x38, 0xc6, 0xda, 0xcb,
    0x19, 0x6a, 0x6d, 0xff, 0xa2, 0x1a, 0x8d, 0x99, 0x12, 0xec, 0x18, 0xa2, 0xef, 0x62, 0x83,
    0x02, 0x4d, 0xec, 0xe7, 0x00, 0x00, 0x06, 0x13, 0x01, 0x13, 0x03, 0x13, 0x02, 0x01, 0x00,
    0x00, 0x91, 0x00, 0x00, 0x00, 0x0b, 0x00, 0x09, 0x00, 0x00, 0x06, 0x73, 0x65, 0x72, 0x76,
    0x65, 0x72, 0xff, 0x01, 0x00, 0x01, 0x00, 0x00, 0x0a, 0x00, 0x14, 0x00, 0x12, 0x00, 0x1d,
    0x00, 0x17, 0x00, 0x18, 0x00, 0x19, 0x01, 0x00, 0x01, 0x01, 0x01, 0x02, 0x01, 0x03, 0x01,
    0x04, 0x00, 0x23, 0x00, 0x00, 0x00, 0x33, 0x00, 0x26, 0x00, 0x24, 0x00, 0x1d, 0x00, 0x20,
    0x99, 0x38, 0x1d, 0xe5, 0x60, 0xe4, 0xbd, 0x43, 0xd2, 0x3d, 0x8e, 0x43, 0x5a, 0x7d, 0xba,
    0xfe, 0xb3, 0xc0, 0x6e, 0x51, 0xc1, 0x3c, 0xae, 0x4d, 0x54, 0x13, 0x69, 0x1e, 0x52, 0x9a,
    0xaf, 0x2c, 0x00, 0x2b, 0x00, 0x03, 0x02, 0x03, 0x04, 0x00, 0x0d, 0x00, 0x20, 0x00, 0x1e,
    0x04, 0x03, 0x05, 0x03, 0x06, 0x03, 0x02, 0x03, 0x08, 0x04, 0x08, 0x05, 0x08, 0x06, 0x04,
    0x01, 0x05, 0x01, 0x06, 0x01, 0x02, 0x01, 0x04, 0x02, 0x05, 0x02, 0x06, 0x02, 0x02, 0x02,
    0x00, 0x2d, 0x00, 0x02, 0x01, 0x01, 0x00, 0x1c, 0x00, 0x02, 0x40, 0x01,
};

static const client_hello *offered_client_hello(void)
{
    static client_hello ch;
    static bool parsed;
    if (!parsed) {
        if (hs_parse_client_hello(rfc8448_client_hello, sizeof rfc8448_client_hello, &ch) !=
            TLS13_OK)
            abort();
        parsed = true;
    }
    return &ch;
}

static void walk_u16_list(span list)
{
    check_span(list);
    size_t n = hs_u16_list_count(list);
    if (n * 2 > list.len)
        abort();
    for (size_t i = 0; i < n; i++)
        (void)hs_u16_list_at(list, i);
}

static void fuzz_client_hello(const uint8_t *body, size_t len)
{
    client_hello ch;
    if (hs_parse_client_hello(body, len, &ch) != TLS13_OK)
        return;
    if (ch.legacy_session_id.len > HS_MAX_SESSION_ID || ch.key_share_count > HS_MAX_KEY_SHARES ||
        ch.binders_offset > len)
        abort();
    check_span(ch.legacy_session_id);
    walk_u16_list(ch.cipher_suites);
    check_span(ch.legacy_compression_methods);
    check_span(ch.extensions);
    walk_u16_list(ch.supported_versions);
    walk_u16_list(ch.supported_groups);
    walk_u16_list(ch.signature_algorithms);
    walk_u16_list(ch.signature_algorithms_cert);
    for (size_t i = 0; i < ch.key_share_count; i++)
        check_span(ch.key_shares[i].key_exchange);
    check_span(ch.server_name);
    check_span(ch.alpn_protocols);
    check_span(ch.cookie);
    check_span(ch.psk_key_exchange_modes);
    check_span(ch.psk_identities);
    check_span(ch.psk_binders);
    (void)hs_u16_list_contains(ch.cipher_suites, TLS13_AES_128_GCM_SHA256);
}

static void fuzz_server_hello(const uint8_t *body, size_t len)
{
    server_hello sh;
    if (hs_parse_server_hello(body, len, &sh) != TLS13_OK)
        return;
    if (sh.extension_count > sizeof sh.extension_types / sizeof sh.extension_types[0])
        abort();
    check_span(sh.legacy_session_id_echo);
    check_span(sh.extensions);
    check_span(sh.key_share.key_exchange);
    check_span(sh.cookie);
    (void)hs_check_solicited(sh.extension_types, sh.extension_count, offered_client_hello(),
                             sh.is_hello_retry_request);
}

static void fuzz_encrypted_extensions(const uint8_t *body, size_t len)
{
    encrypted_extensions ee;
    if (hs_parse_encrypted_extensions(body, len, &ee) != TLS13_OK)
        return;
    if (ee.extension_count > sizeof ee.extension_types / sizeof ee.extension_types[0])
        abort();
    check_span(ee.extensions);
    walk_u16_list(ee.supported_groups);
    check_span(ee.alpn_protocol);
    (void)hs_check_solicited(ee.extension_types, ee.extension_count, offered_client_hello(),
                             false);
}

/* Writes a message back with the header it would have had and compares. */
static void check_round_trip(uint8_t type, const uint8_t *body, size_t len, const uint8_t *msg,
                             size_t msg_len)
{
    if (msg_len != HS_HEADER_LEN + len || msg[0] != type ||
        (msg[1] << 16 | msg[2] << 8 | msg[3]) != (int)len ||
        memcmp(msg + HS_HEADER_LEN, body, len) != 0)
        abort();
}

static void fuzz_certificate(const uint8_t *body, size_t len)
{
    certificate_msg cert;
    if (hs_parse_certificate(body, len, &cert) != TLS13_OK)
        return;
    if (cert.cert_count > HS_MAX_CERT_CHAIN ||
        cert.extension_count > sizeof cert.extension_types / sizeof cert.extension_types[0])
        abort();
    check_span(cert.certificate_request_context);
    bool any_extensions = false;
    for (size_t i = 0; i < cert.cert_count; i++) {
        check_span(cert.cert_data[i]);
        check_span(cert.cert_extensions[i]);
        any_extensions |= cert.cert_extensions[i].len > 0;
    }
    if (any_extensions)
        return; /* the writer writes entries without extensions */
    uint8_t *msg = malloc(len + HS_HEADER_LEN);
    if (msg == NULL)
        abort();
    wire_writer w;
    size_t msg_len;
    wire_writer_init(&w, msg, len + HS_HEADER_LEN);
    if (!hs_write_certificate(&w, cert.certificate_request_context, cert.cert_data,
                              cert.cert_count) ||
        !wire_writer_finish(&w, &msg_len))
        abort();
    check_round_trip(HS_CERTIFICATE, body, len, msg, msg_len);
    free(msg);
}

static void fuzz_certificate_request(const uint8_t *body, size_t len)
{
    certificate_request cr;
    if (hs_parse_certificate_request(body, len, &cr) != TLS13_OK)
        return;
    if (!cr.has_signature_algorithms)
        abort(); /* §4.4.2: required */
    check_span(cr.certificate_request_context);
    check_span(cr.extensions);
    walk_u16_list(cr.signature_algorithms);
    walk_u16_list(cr.signature_algorithms_cert);
}

static void fuzz_certificate_verify(const uint8_t *body, size_t len)
{
    certificate_verify cv;
    if (hs_parse_certificate_verify(body, len, &cv) != TLS13_OK)
        return;
    check_span(cv.signature);
    uint8_t msg[HS_HEADER_LEN + 4 + 0xffff];
    wire_writer w;
    size_t msg_len;
    wire_writer_init(&w, msg, sizeof msg);
    if (!hs_write_certificate_verify(&w, cv.algorithm, cv.signature) ||
        !wire_writer_finish(&w, &msg_len))
        abort();
    check_round_trip(HS_CERTIFICATE_VERIFY, body, len, msg, msg_len);
}

static void fuzz_finished(const uint8_t *body, size_t len, size_t hash_len)
{
    span verify_data;
    if (hs_parse_finished(body, len, hash_len, &verify_data) != TLS13_OK)
        return;
    if (verify_data.len != hash_len)
        abort();
    check_span(verify_data);
    uint8_t msg[HS_HEADER_LEN + 48];
    wire_writer w;
    size_t msg_len;
    wire_writer_init(&w, msg, sizeof msg);
    if (!hs_write_finished(&w, verify_data.data, verify_data.len) ||
        !wire_writer_finish(&w, &msg_len))
        abort();
    check_round_trip(HS_FINISHED, body, len, msg, msg_len);
}

static void fuzz_new_session_ticket(const uint8_t *body, size_t len)
{
    new_session_ticket nst;
    if (hs_parse_new_session_ticket(body, len, &nst) != TLS13_OK)
        return;
    if (nst.ticket_lifetime > 604800 || nst.ticket.len == 0)
        abort(); /* §4.7.1 */
    check_span(nst.ticket_nonce);
    check_span(nst.ticket);
}

static void fuzz_key_update(const uint8_t *body, size_t len)
{
    uint8_t request;
    if (hs_parse_key_update(body, len, &request) != TLS13_OK)
        return;
    if (request != KEY_UPDATE_NOT_REQUESTED && request != KEY_UPDATE_REQUESTED)
        abort();
    uint8_t msg[HS_HEADER_LEN + 1];
    wire_writer w;
    size_t msg_len;
    wire_writer_init(&w, msg, sizeof msg);
    if (!hs_write_key_update(&w, request) || !wire_writer_finish(&w, &msg_len))
        abort();
    check_round_trip(HS_KEY_UPDATE, body, len, msg, msg_len);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const uint8_t *body = data + 1;
    size_t len = size - 1;
    body_start = body;
    body_end = body + len;
    switch (data[0] % 10) {
    case 0: fuzz_client_hello(body, len); break;
    case 1: fuzz_server_hello(body, len); break;
    case 2: fuzz_encrypted_extensions(body, len); break;
    case 3: fuzz_certificate(body, len); break;
    case 4: fuzz_certificate_request(body, len); break;
    case 5: fuzz_certificate_verify(body, len); break;
    case 6: fuzz_finished(body, len, (data[0] & 0x80) ? 48 : 32); break;
    case 7: fuzz_new_session_ticket(body, len); break;
    case 8: fuzz_key_update(body, len); break;
    default:
        if (hs_parse_end_of_early_data(body, len) == TLS13_OK && len != 0)
            abort();
        break;
    }
    return 0;
}
