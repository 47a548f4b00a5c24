/*
 * explain.c — prints a live handshake the way RFC 9846 describes it
 * (see explain.h).
 *
 * Each message is first run through libtls13's own strict parser
 * (handshake/messages.h); its verdict is printed if it rejects the message.
 * The fields are then walked in wire order with a wire_reader, so every
 * extension shows up where the peer put it, including the ones the library
 * does not know (GREASE, TLS 1.2 leftovers): this is a printer, so it is
 * tolerant where the library is strict, and says so when bytes do not parse.
 */
#include "explain.h"

#include <arpa/inet.h>
#include <string.h>

#include "crypto/hash.h"
#include "handshake/messages.h"
#include "x509/verify.h"
#include "names.h"
#include "wire/wire.h"

#define IND1 "    "
#define IND2 "        "
#define IND3 "            "

/* ---- small printers ------------------------------------------------------ */

static void print_hex_line(FILE *out, const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        fprintf(out, "%02x", p[i]);
}

/* Hex, 32 bytes a line, each line indented; at most `max` bytes (0: all). */
static void print_hex_block(FILE *out, const char *indent, const uint8_t *p, size_t len,
                            size_t max)
{
    size_t shown = (max != 0 && len > max) ? max : len;
    for (size_t off = 0; off < shown; off += 32) {
        size_t n = shown - off < 32 ? shown - off : 32;
        fputs(indent, out);
        print_hex_line(out, p + off, n);
        fputc('\n', out);
    }
    if (shown < len)
        fprintf(out, "%s... (%zu more bytes)\n", indent, len - shown);
}

static void print_fingerprint(FILE *out, const uint8_t *der, size_t len)
{
    uint8_t digest[HASH_SHA256_LEN];
    hash_digest(HASH_SHA256, der, len, digest);
    for (size_t i = 0; i < sizeof(digest); i++)
        fprintf(out, "%s%02X", i ? ":" : "", digest[i]);
}

static void print_string(FILE *out, wire_reader *r)
{
    fputc('"', out);
    uint8_t c;
    while (wire_read_u8(r, &c))
        fputc(c >= 0x20 && c < 0x7f ? c : '?', out);
    fputc('"', out);
}

static const char *arrow(const explain_ctx *ex, bool sent)
{
    bool client_to_server = (sent != ex->is_server);
    return client_to_server ? "client -> server" : "server -> client";
}

/* ---- extension bodies ------------------------------------------------------ */

typedef struct ext_where {
    uint8_t msg_type;
    bool is_hrr;
} ext_where;

static bool print_u16_names_at(FILE *out, const char *indent, wire_reader *list,
                               const char *(*name)(uint16_t))
{
    uint16_t v;
    while (wire_read_u16(list, &v))
        fprintf(out, "%s0x%04x %s\n", indent, v, name(v));
    return wire_reader_done(list);
}

static bool print_u16_names(FILE *out, wire_reader *list, const char *(*name)(uint16_t))
{
    return print_u16_names_at(out, IND3, list, name);
}

static bool ext_u16_list(FILE *out, wire_reader *r, const char *(*name)(uint16_t))
{
    wire_reader list;
    return wire_read_prefixed_u16(r, &list) && print_u16_names(out, &list, name);
}

static bool ext_server_name(FILE *out, wire_reader *r)
{
    if (wire_reader_done(r)) {
        fprintf(out, "%s(empty: the server used the name it was sent)\n", IND3);
        return true;
    }
    wire_reader list, name;
    uint8_t type;
    if (!wire_read_prefixed_u16(r, &list))
        return false;
    while (wire_read_u8(&list, &type) && wire_read_prefixed_u16(&list, &name)) {
        fprintf(out, "%s%s ", IND3, type == 0 ? "host_name" : "unknown name type");
        print_string(out, &name);
        fputc('\n', out);
    }
    return wire_reader_done(&list);
}

static bool ext_supported_versions(FILE *out, wire_reader *r, ext_where w)
{
    if (w.msg_type != HS_CLIENT_HELLO) {
        uint16_t v;
        if (!wire_read_u16(r, &v))
            return false;
        fprintf(out, "%sselected_version: 0x%04x %s\n", IND3, v, name_version(v));
        return true;
    }
    wire_reader list;
    return wire_read_prefixed_u8(r, &list) && print_u16_names(out, &list, name_version);
}

static bool print_key_share_entry(FILE *out, wire_reader *r)
{
    uint16_t group;
    wire_reader key;
    if (!wire_read_u16(r, &group) || !wire_read_prefixed_u16(r, &key))
        return false;
    fprintf(out, "%sgroup 0x%04x %s, key_exchange (%zu bytes):\n", IND3, group,
            name_group(group), wire_reader_remaining(&key));
    print_hex_block(out, IND3 "    ", key.data, key.len, 96);
    return true;
}

static bool ext_key_share(FILE *out, wire_reader *r, ext_where w)
{
    if (w.is_hrr) {
        uint16_t group;
        if (!wire_read_u16(r, &group))
            return false;
        fprintf(out, "%sselected_group: 0x%04x %s (send a new key share for it)\n", IND3,
                group, name_group(group));
        return true;
    }
    if (w.msg_type == HS_SERVER_HELLO)
        return print_key_share_entry(out, r);
    wire_reader list;
    if (!wire_read_prefixed_u16(r, &list))
        return false;
    if (wire_reader_done(&list))
        fprintf(out, "%s(no shares: the client asks the server to pick a group)\n", IND3);
    while (!wire_reader_done(&list))
        if (!print_key_share_entry(out, &list))
            return false;
    return true;
}

static bool ext_alpn(FILE *out, wire_reader *r)
{
    wire_reader list, name;
    if (!wire_read_prefixed_u16(r, &list))
        return false;
    while (wire_read_prefixed_u8(&list, &name)) {
        fputs(IND3, out);
        print_string(out, &name);
        fputc('\n', out);
    }
    return wire_reader_done(&list);
}

static bool ext_psk_modes(FILE *out, wire_reader *r)
{
    wire_reader list;
    uint8_t mode;
    if (!wire_read_prefixed_u8(r, &list))
        return false;
    while (wire_read_u8(&list, &mode))
        fprintf(out, "%s%u %s\n", IND3, mode, name_psk_mode(mode));
    return true;
}

static bool ext_cookie(FILE *out, wire_reader *r)
{
    wire_reader cookie;
    if (!wire_read_prefixed_u16(r, &cookie))
        return false;
    fprintf(out, "%scookie (%zu bytes):\n", IND3, cookie.len);
    print_hex_block(out, IND3 "    ", cookie.data, cookie.len, 64);
    return true;
}

static bool ext_u16_value(FILE *out, wire_reader *r, const char *what)
{
    uint16_t v;
    if (!wire_read_u16(r, &v))
        return false;
    fprintf(out, "%s%s: %u\n", IND3, what, v);
    return true;
}

static bool ext_early_data(FILE *out, wire_reader *r, ext_where w)
{
    uint32_t max;
    if (w.msg_type != HS_NEW_SESSION_TICKET) {
        fprintf(out, "%s(empty)\n", IND3);
        return true;
    }
    if (!wire_read_u32(r, &max))
        return false;
    fprintf(out, "%smax_early_data_size: %u\n", IND3, max);
    return true;
}

static bool ext_pre_shared_key(FILE *out, wire_reader *r, ext_where w)
{
    if (w.msg_type == HS_SERVER_HELLO)
        return ext_u16_value(out, r, "selected_identity");
    wire_reader ids, binders, id, binder;
    uint32_t age;
    if (!wire_read_prefixed_u16(r, &ids) || !wire_read_prefixed_u16(r, &binders))
        return false;
    while (wire_read_prefixed_u16(&ids, &id) && wire_read_u32(&ids, &age))
        fprintf(out, "%sidentity (%zu bytes), obfuscated_ticket_age %u\n", IND3, id.len, age);
    while (wire_read_prefixed_u8(&binders, &binder)) {
        fprintf(out, "%sbinder: ", IND3);
        print_hex_line(out, binder.data, binder.len);
        fputc('\n', out);
    }
    return true;
}

static bool ext_raw(FILE *out, wire_reader *r)
{
    if (wire_reader_done(r)) {
        fprintf(out, "%s(empty)\n", IND3);
        return true;
    }
    print_hex_block(out, IND3, r->data, r->len, 64);
    wire_skip(r, r->len);
    return true;
}

static bool print_extension_body(FILE *out, uint16_t type, wire_reader *r, ext_where w)
{
    switch (type) {
    case EXT_SERVER_NAME: return ext_server_name(out, r);
    case EXT_SUPPORTED_GROUPS: return ext_u16_list(out, r, name_group);
    case EXT_SIGNATURE_ALGORITHMS:
    case EXT_SIGNATURE_ALGORITHMS_CERT: return ext_u16_list(out, r, name_signature_scheme);
    case EXT_SUPPORTED_VERSIONS: return ext_supported_versions(out, r, w);
    case EXT_KEY_SHARE: return ext_key_share(out, r, w);
    case EXT_ALPN: return ext_alpn(out, r);
    case EXT_PSK_KEY_EXCHANGE_MODES: return ext_psk_modes(out, r);
    case EXT_COOKIE: return ext_cookie(out, r);
    case EXT_RECORD_SIZE_LIMIT: return ext_u16_value(out, r, "record_size_limit");
    case EXT_EARLY_DATA: return ext_early_data(out, r, w);
    case EXT_PRE_SHARED_KEY: return ext_pre_shared_key(out, r, w);
    case EXT_PADDING:
        fprintf(out, "%s%zu bytes of padding\n", IND3, wire_reader_remaining(r));
        return wire_skip(r, wire_reader_remaining(r));
    default: return ext_raw(out, r);
    }
}

/* Walks an extension block (with its uint16 length prefix). */
static void print_extensions(FILE *out, wire_reader *r, ext_where w)
{
    wire_reader block, data;
    if (!wire_read_prefixed_u16(r, &block)) {
        fprintf(out, "%sextensions: (missing or malformed)\n", IND1);
        return;
    }
    fprintf(out, "%sextensions (%zu bytes):\n", IND1, block.len);
    uint16_t type;
    while (wire_read_u16(&block, &type) && wire_read_prefixed_u16(&block, &data)) {
        const char *rfc = name_extension_rfc(type);
        fprintf(out, "%s%s (%u%s%s), %zu bytes\n", IND2, name_extension(type), type,
                *rfc ? ", " : "", rfc, data.len);
        wire_reader body = data;
        if (!print_extension_body(out, type, &body, w) || !wire_reader_done(&body)) {
            fprintf(out, "%s(does not parse as the RFC describes; raw:)\n", IND3);
            print_hex_block(out, IND3, data.data, data.len, 64);
        }
    }
    if (!wire_reader_done(&block))
        fprintf(out, "%s(%zu trailing bytes)\n", IND2, wire_reader_remaining(&block));
}

/* ---- messages -------------------------------------------------------------- */

static void print_verdict(FILE *out, tls13_error err)
{
    if (err == TLS13_OK)
        return;
    fprintf(out, "%s! libtls13's parser rejects this message: %s (%s)\n", IND1,
            tls13_error_message(err), tls13_error_rfc_section(err));
}

static bool print_random(FILE *out, wire_reader *r)
{
    const uint8_t *random;
    if (!wire_read_span(r, HS_RANDOM_LEN, &random))
        return false;
    bool hrr = memcmp(random, HS_HELLO_RETRY_REQUEST_RANDOM, HS_RANDOM_LEN) == 0;
    fprintf(out, "%srandom: ", IND1);
    print_hex_line(out, random, HS_RANDOM_LEN);
    fprintf(out, "%s\n", hrr ? "\n" IND2 "(= SHA-256(\"HelloRetryRequest\"): this is an HRR)" : "");
    return true;
}

static bool print_legacy_version(FILE *out, wire_reader *r)
{
    uint16_t v;
    if (!wire_read_u16(r, &v))
        return false;
    fprintf(out, "%slegacy_version: 0x%04x %s%s\n", IND1, v, name_version(v),
            v == TLS12_VERSION ? " (frozen; the real version is in supported_versions)" : "");
    return true;
}

static bool print_session_id(FILE *out, wire_reader *r, const char *label)
{
    wire_reader sid;
    if (!wire_read_prefixed_u8(r, &sid))
        return false;
    fprintf(out, "%s%s (%zu bytes): ", IND1, label, sid.len);
    print_hex_line(out, sid.data, sid.len);
    fprintf(out, "%s\n", sid.len ? " (middlebox compatibility mode, RFC 9846 Appendix E.4)" : "");
    return true;
}

static void print_client_hello(explain_ctx *ex, const uint8_t *body, size_t len)
{
    client_hello ch;
    print_verdict(ex->out, hs_parse_client_hello(body, len, &ch));
    wire_reader r, suites, comp;
    wire_reader_init(&r, body, len);
    if (!print_legacy_version(ex->out, &r) || !print_random(ex->out, &r) ||
        !print_session_id(ex->out, &r, "legacy_session_id") ||
        !wire_read_prefixed_u16(&r, &suites)) {
        fprintf(ex->out, "%s(truncated)\n", IND1);
        return;
    }
    fprintf(ex->out, "%scipher_suites (%zu):\n", IND1, suites.len / 2);
    print_u16_names_at(ex->out, IND2, &suites, name_cipher_suite);
    if (!wire_read_prefixed_u8(&r, &comp))
        return;
    fprintf(ex->out, "%slegacy_compression_methods: ", IND1);
    print_hex_line(ex->out, comp.data, comp.len);
    fprintf(ex->out, " (must be exactly one 0 byte, \"null\")\n");
    print_extensions(ex->out, &r, (ext_where){HS_CLIENT_HELLO, false});
}

static void print_server_hello(explain_ctx *ex, const uint8_t *body, size_t len)
{
    server_hello sh;
    print_verdict(ex->out, hs_parse_server_hello(body, len, &sh));
    bool hrr = len >= 2 + HS_RANDOM_LEN &&
               memcmp(body + 2, HS_HELLO_RETRY_REQUEST_RANDOM, HS_RANDOM_LEN) == 0;
    wire_reader r;
    uint16_t suite;
    uint8_t comp;
    wire_reader_init(&r, body, len);
    if (!print_legacy_version(ex->out, &r) || !print_random(ex->out, &r) ||
        !print_session_id(ex->out, &r, "legacy_session_id_echo") ||
        !wire_read_u16(&r, &suite) || !wire_read_u8(&r, &comp)) {
        fprintf(ex->out, "%s(truncated)\n", IND1);
        return;
    }
    fprintf(ex->out, "%scipher_suite: 0x%04x %s\n", IND1, suite, name_cipher_suite(suite));
    fprintf(ex->out, "%slegacy_compression_method: %u\n", IND1, comp);
    print_extensions(ex->out, &r, (ext_where){HS_SERVER_HELLO, hrr});
}

static void print_encrypted_extensions(explain_ctx *ex, const uint8_t *body, size_t len)
{
    encrypted_extensions ee;
    print_verdict(ex->out, hs_parse_encrypted_extensions(body, len, &ee));
    wire_reader r;
    wire_reader_init(&r, body, len);
    print_extensions(ex->out, &r, (ext_where){HS_ENCRYPTED_EXTENSIONS, false});
}

static void print_certificate_request(explain_ctx *ex, const uint8_t *body, size_t len)
{
    certificate_request cr;
    print_verdict(ex->out, hs_parse_certificate_request(body, len, &cr));
    wire_reader r, ctx;
    wire_reader_init(&r, body, len);
    if (!wire_read_prefixed_u8(&r, &ctx))
        return;
    fprintf(ex->out, "%scertificate_request_context (%zu bytes)\n", IND1, ctx.len);
    print_extensions(ex->out, &r, (ext_where){HS_CERTIFICATE_REQUEST, false});
}

static void print_cn(FILE *out, const char *label, x509_bytes cn)
{
    fprintf(out, "%s CN=", label);
    for (size_t i = 0; i < cn.len; i++)
        fputc(cn.data[i] >= 0x20 && cn.data[i] < 0x7f ? cn.data[i] : '?', out);
}

/* What path validation looks at (RFC 5280 §6.1, RFC 6125): names,
 * validity, basicConstraints, the names a leaf is for. */
static void print_certificate_fields(FILE *out, const uint8_t *der, size_t len)
{
    x509_cert c;
    tls13_error err = x509_cert_parse(der, len, &c);
    if (err != TLS13_OK && err != TLS13_ERR_UNSUPPORTED_KEY &&
        err != TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION) {
        fprintf(out, "%s(not parsed: %s)\n", IND3, tls13_error_message(err));
        return;
    }
    char from[11], until[11];
    x509_time_format_date(c.not_before, from);
    x509_time_format_date(c.not_after, until);
    fputs(IND3, out);
    print_cn(out, "subject", c.subject_cn);
    print_cn(out, ", issuer", c.issuer_cn);
    fprintf(out, "\n%svalid %s to %s, %s", IND3, from, until,
            c.is_ca ? "a CA" : "not a CA");
    for (size_t i = 0; i < c.dns_name_count; i++)
        fprintf(out, "%s DNS:%.*s", i == 0 ? ", for" : "", (int)c.dns_names[i].len,
                (const char *)c.dns_names[i].data);
    for (size_t i = 0; i < c.ip_address_count; i++) {
        char ip[INET6_ADDRSTRLEN] = "?";
        inet_ntop(c.ip_addresses[i].len == 4 ? AF_INET : AF_INET6, c.ip_addresses[i].data, ip,
                  sizeof ip);
        fprintf(out, "%s IP:%s", i == 0 && c.dns_name_count == 0 ? ", for" : "", ip);
    }
    if (err != TLS13_OK)
        fprintf(out, " (%s)", tls13_error_message(err));
    fputc('\n', out);
}

static void print_certificate(explain_ctx *ex, const uint8_t *body, size_t len)
{
    certificate_msg cert;
    print_verdict(ex->out, hs_parse_certificate(body, len, &cert));
    wire_reader r, ctx, list, der, exts;
    wire_reader_init(&r, body, len);
    if (!wire_read_prefixed_u8(&r, &ctx) || !wire_read_prefixed_u24(&r, &list))
        return;
    fprintf(ex->out, "%scertificate_request_context (%zu bytes)\n", IND1, ctx.len);
    fprintf(ex->out, "%scertificate_list (%zu bytes), leaf first:\n", IND1, list.len);
    for (int i = 0; wire_read_prefixed_u24(&list, &der); i++) {
        fprintf(ex->out, "%s[%d] %zu bytes of DER, SHA-256 fingerprint\n%s", IND2, i, der.len,
                IND3);
        print_fingerprint(ex->out, der.data, der.len);
        fputc('\n', ex->out);
        print_certificate_fields(ex->out, der.data, der.len);
        if (!wire_read_prefixed_u16(&list, &exts))
            break;
        if (exts.len > 0)
            fprintf(ex->out, "%sentry extensions: %zu bytes\n", IND3, exts.len);
    }
    if (cert.cert_count == 0)
        fprintf(ex->out, "%s(empty: no certificate)\n", IND2);
}

static void print_certificate_verify(explain_ctx *ex, const uint8_t *body, size_t len)
{
    certificate_verify cv;
    tls13_error err = hs_parse_certificate_verify(body, len, &cv);
    print_verdict(ex->out, err);
    if (err != TLS13_OK)
        return;
    fprintf(ex->out, "%salgorithm: 0x%04x %s\n", IND1, cv.algorithm,
            name_signature_scheme(cv.algorithm));
    fprintf(ex->out, "%ssignature (%zu bytes) over 64 spaces || context string || 0 ||"
            " transcript hash:\n", IND1, cv.signature.len);
    print_hex_block(ex->out, IND2, cv.signature.data, cv.signature.len, 64);
}

static void print_finished(explain_ctx *ex, const uint8_t *body, size_t len)
{
    fprintf(ex->out, "%sverify_data (%zu bytes) = HMAC(finished_key, transcript hash):\n",
            IND1, len);
    print_hex_block(ex->out, IND2, body, len, 0);
}

static void print_new_session_ticket(explain_ctx *ex, const uint8_t *body, size_t len)
{
    new_session_ticket nst;
    print_verdict(ex->out, hs_parse_new_session_ticket(body, len, &nst));
    wire_reader r, nonce, ticket;
    uint32_t lifetime, age_add;
    wire_reader_init(&r, body, len);
    if (!wire_read_u32(&r, &lifetime) || !wire_read_u32(&r, &age_add) ||
        !wire_read_prefixed_u8(&r, &nonce) || !wire_read_prefixed_u16(&r, &ticket))
        return;
    fprintf(ex->out, "%sticket_lifetime: %u s (%.1f h; at most 7 days)\n", IND1, lifetime,
            lifetime / 3600.0);
    fprintf(ex->out, "%sticket_age_add: 0x%08x\n", IND1, age_add);
    fprintf(ex->out, "%sticket_nonce (%zu bytes): ", IND1, nonce.len);
    print_hex_line(ex->out, nonce.data, nonce.len);
    fprintf(ex->out, "\n%sticket (%zu bytes, opaque to the client)\n", IND1, ticket.len);
    print_extensions(ex->out, &r, (ext_where){HS_NEW_SESSION_TICKET, false});
}

static void print_key_update(explain_ctx *ex, const uint8_t *body, size_t len)
{
    uint8_t request;
    tls13_error err = hs_parse_key_update(body, len, &request);
    print_verdict(ex->out, err);
    if (err != TLS13_OK)
        return;
    fprintf(ex->out, "%srequest_update: %u %s\n", IND1, request,
            request == KEY_UPDATE_REQUESTED ? "update_requested (the peer must answer)"
                                            : "update_not_requested");
}

static void print_body(explain_ctx *ex, uint8_t type, const uint8_t *body, size_t len)
{
    switch (type) {
    case HS_CLIENT_HELLO: print_client_hello(ex, body, len); break;
    case HS_SERVER_HELLO: print_server_hello(ex, body, len); break;
    case HS_ENCRYPTED_EXTENSIONS: print_encrypted_extensions(ex, body, len); break;
    case HS_CERTIFICATE_REQUEST: print_certificate_request(ex, body, len); break;
    case HS_CERTIFICATE: print_certificate(ex, body, len); break;
    case HS_CERTIFICATE_VERIFY: print_certificate_verify(ex, body, len); break;
    case HS_FINISHED: print_finished(ex, body, len); break;
    case HS_NEW_SESSION_TICKET: print_new_session_ticket(ex, body, len); break;
    case HS_KEY_UPDATE: print_key_update(ex, body, len); break;
    default: print_hex_block(ex->out, IND1, body, len, 256); break;
    }
}

void explain_handshake_message(explain_ctx *ex, bool sent, const uint8_t *msg, size_t len)
{
    wire_reader r;
    uint8_t type;
    uint32_t body_len;
    wire_reader_init(&r, msg, len);
    if (hs_read_header(&r, &type, &body_len) != TLS13_OK ||
        wire_reader_remaining(&r) != body_len) {
        fprintf(ex->out, "\n%s handshake message with a bad header (%zu bytes)\n",
                sent ? "sent" : "received", len);
        return;
    }
    bool hrr = type == HS_SERVER_HELLO && body_len >= 2 + HS_RANDOM_LEN &&
               memcmp(r.data + 2, HS_HELLO_RETRY_REQUEST_RANDOM, HS_RANDOM_LEN) == 0;
    fprintf(ex->out, "\n%s %s  %s (%s), %u bytes + 4-byte header\n", sent ? ">>>" : "<<<",
            hrr ? "HelloRetryRequest" : name_handshake_type(type), arrow(ex, sent),
            hrr ? "RFC 9846 §4.2.4" : name_handshake_rfc(type), body_len);
    print_body(ex, type, r.data, body_len);
    fflush(ex->out);
}

/* ---- records, secrets, alerts, states ------------------------------------- */

static void print_record(explain_ctx *ex, bool sent, const char *name, const uint8_t *rec,
                         size_t len)
{
    const char *dir = sent ? "sent" : "received";
    if (!sent) {
        /* A received record comes as its content after deprotection, named
         * by its real content type. */
        fprintf(ex->out, "  [record %s] %s, %zu bytes of content\n", dir, name ? name : "?", len);
        return;
    }
    uint8_t type = rec[0];
    unsigned version = (unsigned)(rec[1] << 8 | rec[2]);
    fprintf(ex->out, "  [record %s] %s (%u), legacy_record_version 0x%04x, length %zu%s\n",
            dir, name_content_type(type), type, version, len - 5,
            type == 23 ? " (protected: the real type is inside, RFC 9846 §5.2)" : "");
}

static void print_secret(explain_ctx *ex, const tls13_event *ev)
{
    fprintf(ex->out, "  [key schedule, RFC 9846 §7.1] %s (%zu bytes):\n", ev->name,
            ev->len);
    print_hex_block(ex->out, "      ", ev->data, ev->len, 0);
}

static void print_alert(explain_ctx *ex, bool sent, const tls13_event *ev)
{
    unsigned level = ev->len >= 2 ? ev->data[0] : 2;
    unsigned desc = ev->len >= 2 ? ev->data[1] : (ev->len == 1 ? ev->data[0] : 255);
    fprintf(ex->out, "\n%s alert  %s (RFC 9846 §6): level %u, %s (%u)\n", sent ? ">>>" : "<<<",
            arrow(ex, sent), level, tls13_alert_name((tls13_alert)desc), desc);
}

void explain_init(explain_ctx *ex, FILE *out, bool is_server)
{
    ex->out = out;
    ex->is_server = is_server;
}

void explain_event(void *ctx, const tls13_event *ev)
{
    explain_ctx *ex = ctx;
    switch (ev->type) {
    case TLS13_EVENT_MESSAGE_SENT:
    case TLS13_EVENT_MESSAGE_RECEIVED:
        explain_handshake_message(ex, ev->type == TLS13_EVENT_MESSAGE_SENT, ev->data, ev->len);
        break;
    case TLS13_EVENT_SECRET: print_secret(ex, ev); break;
    case TLS13_EVENT_RECORD_SENT:
    case TLS13_EVENT_RECORD_RECEIVED:
        print_record(ex, ev->type == TLS13_EVENT_RECORD_SENT, ev->name, ev->data, ev->len);
        break;
    case TLS13_EVENT_STATE:
        fprintf(ex->out, "  [state] %s\n", ev->name ? ev->name : "?");
        break;
    case TLS13_EVENT_ALERT_SENT:
    case TLS13_EVENT_ALERT_RECEIVED:
        print_alert(ex, ev->type == TLS13_EVENT_ALERT_SENT, ev);
        break;
    }
    fflush(ex->out);
}
