/*
 * messages.c — parse and build the TLS 1.3 handshake messages (RFC 9846 §4;
 * the structures are collected in Appendix B.3).
 *
 * Parsers read the message body through the checked wire reader (src/wire/)
 * and never do length arithmetic of their own: every vector is opened as a
 * sub-reader, and every structure ends with a check that nothing is left.
 * Their output borrows from the input (spans). The extension blocks go
 * through hs_walk_extensions (extensions.c), which applies the rules common
 * to every block; the handlers here parse the bodies we understand.
 *
 * Writers write straight down and return the result of the outermost close:
 * the writer's failure flag is sticky (wire.h), so that one result covers
 * every step before it.
 */
#include "handshake/messages.h"

#include <string.h>

#include "handshake/extensions.h"

/* §4.2.3: SHA-256("HelloRetryRequest"). */
const uint8_t HS_HELLO_RETRY_REQUEST_RANDOM[HS_RANDOM_LEN] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
};
/* §4.2.3: "44 4F 57 4E 47 52 44 01" and "... 00" ("DOWNGRD"). */
const uint8_t HS_DOWNGRADE_TLS12[8] = { 0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01 };
const uint8_t HS_DOWNGRADE_TLS11[8] = { 0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x00 };

#define TICKET_LIFETIME_MAX 604800u /* §4.7.1: seven days */
#define RECORD_SIZE_LIMIT_MIN 64    /* RFC 8449 §4 */
#define HOST_NAME_TYPE 0            /* RFC 6066 §3: NameType host_name(0) */

/* ---- small readers -------------------------------------------------------- */

static span reader_span(const wire_reader *r)
{
    span s = { r->data, r->len };
    return s;
}

/* opaque x<0..2^8-1>, <0..2^16-1>, <0..2^24-1>: the body of the vector. */
static bool read_vector_u8(wire_reader *r, span *out)
{
    wire_reader v;
    if (!wire_read_prefixed_u8(r, &v))
        return false;
    *out = reader_span(&v);
    return true;
}

static bool read_vector_u16(wire_reader *r, span *out)
{
    wire_reader v;
    if (!wire_read_prefixed_u16(r, &v))
        return false;
    *out = reader_span(&v);
    return true;
}

static bool read_vector_u24(wire_reader *r, span *out)
{
    wire_reader v;
    if (!wire_read_prefixed_u24(r, &v))
        return false;
    *out = reader_span(&v);
    return true;
}

/* A vector of uint16 values with at least min_len bytes: its length must be
 * even. Every such list in the RFC has an even upper bound as well (e.g.
 * cipher_suites<2..2^16-2>), which the evenness check enforces. */
static bool is_u16_list(span list, size_t min_len)
{
    return list.len >= min_len && list.len % 2 == 0;
}

/* An extension whose body is a uint16 list with a 2-byte length:
 * supported_groups (named_group_list<2..2^16-1>, §4.3.7) and
 * signature_algorithms(_cert) (supported_signature_algorithms<2..2^16-2>,
 * §4.3.3). */
static tls13_error read_u16_list_extension(wire_reader *data, span *list)
{
    if (!read_vector_u16(data, list) || !is_u16_list(*list, 2))
        return TLS13_ERR_DECODE;
    return hs_extension_end(data);
}

/* An extension with an empty body (early_data in CH/EE, server_name in EE,
 * post_handshake_auth). */
static tls13_error read_empty_extension(wire_reader *data, bool *present)
{
    *present = true;
    return hs_extension_end(data);
}

/* §4.3.2: opaque cookie<1..2^16-1>. */
static tls13_error read_cookie(wire_reader *data, span *cookie)
{
    if (!read_vector_u16(data, cookie) || cookie->len == 0)
        return TLS13_ERR_DECODE;
    return hs_extension_end(data);
}

/* RFC 8449 §4: uint16 RecordSizeLimit; "Endpoints MUST NOT send a value
 * smaller than 64. An endpoint MUST treat receipt of a smaller value as a
 * fatal error and generate an "illegal_parameter" alert." */
static tls13_error read_record_size_limit(wire_reader *data, uint16_t *limit)
{
    if (!wire_read_u16(data, limit))
        return TLS13_ERR_DECODE;
    tls13_error err = hs_extension_end(data);
    if (err != TLS13_OK)
        return err;
    return *limit < RECORD_SIZE_LIMIT_MIN ? TLS13_ERR_RECORD_SIZE_LIMIT_TOO_SMALL : TLS13_OK;
}

/* RFC 7301 §3.1: ProtocolName protocol_name_list<2..2^16-1>, each
 * ProtocolName opaque<1..2^8-1>. Returns the list body, the first name and
 * the number of names. */
static tls13_error read_protocol_name_list(wire_reader *data, span *list, span *first,
                                           size_t *count)
{
    wire_reader names;
    if (!wire_read_prefixed_u16(data, &names) || wire_reader_done(&names))
        return TLS13_ERR_DECODE;
    *list = reader_span(&names);
    *count = 0;
    while (!wire_reader_done(&names)) {
        span name;
        if (!read_vector_u8(&names, &name) || name.len == 0)
            return TLS13_ERR_DECODE;
        if (*count == 0)
            *first = name;
        (*count)++;
    }
    return hs_extension_end(data);
}

/* §4.3.8: struct { NamedGroup group; opaque key_exchange<1..2^16-1>; }. */
static tls13_error read_key_share_entry(wire_reader *r, key_share_entry *entry)
{
    if (!wire_read_u16(r, &entry->group) || !read_vector_u16(r, &entry->key_exchange) ||
        entry->key_exchange.len == 0)
        return TLS13_ERR_DECODE;
    return TLS13_OK;
}

/* ---- the Handshake header ------------------------------------------------- */

tls13_error hs_read_header(wire_reader *r, uint8_t *type, uint32_t *body_len)
{
    if (wire_reader_remaining(r) < HS_HEADER_LEN)
        return TLS13_WANT_READ;
    if (!wire_read_u8(r, type) || !wire_read_u24(r, body_len))
        return TLS13_ERR_DECODE;
    return TLS13_OK;
}

tls13_error hs_split_message(const uint8_t *msg, size_t len, uint8_t *type, span *body)
{
    wire_reader r;
    uint32_t body_len;
    wire_reader_init(&r, msg, len);
    if (!wire_read_u8(&r, type) || !wire_read_u24(&r, &body_len) ||
        wire_reader_remaining(&r) != body_len)
        return TLS13_ERR_DECODE;
    *body = reader_span(&r);
    return TLS13_OK;
}

/* ---- uint16 list helpers -------------------------------------------------- */

size_t hs_u16_list_count(span list)
{
    return list.len / 2;
}

uint16_t hs_u16_list_at(span list, size_t i)
{
    wire_reader r;
    uint16_t v = 0;
    if (i >= hs_u16_list_count(list))
        return 0;
    wire_reader_init(&r, list.data, list.len);
    if (!wire_skip(&r, 2 * i) || !wire_read_u16(&r, &v))
        return 0;
    return v;
}

bool hs_u16_list_contains(span list, uint16_t value)
{
    wire_reader r;
    uint16_t v;
    wire_reader_init(&r, list.data, list.len);
    while (wire_read_u16(&r, &v)) {
        if (v == value)
            return true;
    }
    return false;
}

/* ---- ClientHello (§4.2.2) ------------------------------------------------- */

typedef struct client_hello_parse {
    client_hello *ch;
    const uint8_t *body; /* start of the message body, for binders_offset */
} client_hello_parse;

/* RFC 6066 §3: ServerName server_name_list<1..2^16-1>, each a NameType and,
 * for host_name, HostName<1..2^16-1>. "The ServerNameList MUST NOT contain
 * more than one name of the same name_type." */
static tls13_error read_server_name_list(wire_reader *data, span *host_name)
{
    wire_reader names;
    bool have_host_name = false;
    if (!wire_read_prefixed_u16(data, &names) || wire_reader_done(&names))
        return TLS13_ERR_DECODE;
    while (!wire_reader_done(&names)) {
        uint8_t name_type;
        span name;
        if (!wire_read_u8(&names, &name_type) || !read_vector_u16(&names, &name) ||
            name.len == 0)
            return TLS13_ERR_DECODE;
        if (name_type != HOST_NAME_TYPE)
            continue;
        if (have_host_name)
            return TLS13_ERR_DECODE;
        /* "The hostname is represented as a byte string using ASCII
         * encoding": a zero byte would cut the name short wherever it is
         * used as a C string ("good.example\0evil"). */
        if (memchr(name.data, 0, name.len) != NULL)
            return TLS13_ERR_BAD_SERVER_NAME;
        have_host_name = true;
        *host_name = name;
    }
    return hs_extension_end(data);
}

/* §4.3.1: ProtocolVersion versions<2..254>. */
static tls13_error read_client_versions(wire_reader *data, span *versions)
{
    if (!read_vector_u8(data, versions) || !is_u16_list(*versions, 2))
        return TLS13_ERR_DECODE;
    return hs_extension_end(data);
}

/* §4.3.9: PskKeyExchangeMode ke_modes<1..255>. */
static tls13_error read_psk_modes(wire_reader *data, span *modes)
{
    if (!read_vector_u8(data, modes) || modes->len == 0)
        return TLS13_ERR_DECODE;
    return hs_extension_end(data);
}

static bool key_share_group_seen(const client_hello *ch, uint16_t group)
{
    for (size_t i = 0; i < ch->key_share_count; i++) {
        if (ch->key_shares[i].group == group)
            return true;
    }
    return false;
}

/* §4.3.8: KeyShareEntry client_shares<0..2^16-1>. "Clients MUST NOT offer
 * multiple KeyShareEntry values for the same group. ... Servers MAY check
 * for violations of these rules and abort the handshake with an
 * "illegal_parameter" alert if one is violated." */
static tls13_error read_client_shares(wire_reader *data, client_hello *ch)
{
    wire_reader shares;
    if (!wire_read_prefixed_u16(data, &shares))
        return TLS13_ERR_DECODE;
    while (!wire_reader_done(&shares)) {
        key_share_entry entry;
        tls13_error err = read_key_share_entry(&shares, &entry);
        if (err != TLS13_OK)
            return err;
        if (ch->key_share_count == HS_MAX_KEY_SHARES)
            return TLS13_ERR_DECODE;
        if (key_share_group_seen(ch, entry.group))
            return TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS;
        ch->key_shares[ch->key_share_count++] = entry;
    }
    return hs_extension_end(data);
}

/* §4.3.11: PskIdentity identities<7..2^16-1>, each { opaque identity<1..2^16-1>;
 * uint32 obfuscated_ticket_age; }. Counts them. */
static tls13_error count_psk_identities(wire_reader ids, size_t *count)
{
    *count = 0;
    while (!wire_reader_done(&ids)) {
        span identity;
        uint32_t obfuscated_ticket_age;
        if (!read_vector_u16(&ids, &identity) || identity.len == 0 ||
            !wire_read_u32(&ids, &obfuscated_ticket_age))
            return TLS13_ERR_DECODE;
        (*count)++;
    }
    return *count > 0 ? TLS13_OK : TLS13_ERR_DECODE;
}

/* §4.3.11: PskBinderEntry binders<33..2^16-1>, each opaque<32..255>. */
static tls13_error count_psk_binders(wire_reader binders, size_t *count)
{
    *count = 0;
    while (!wire_reader_done(&binders)) {
        span binder;
        if (!read_vector_u8(&binders, &binder) || binder.len < 32)
            return TLS13_ERR_DECODE;
        (*count)++;
    }
    return *count > 0 ? TLS13_OK : TLS13_ERR_DECODE;
}

/* §4.3.11: OfferedPsks. binders_offset records where the binders list (with
 * its length) starts, for the truncated transcript of §4.3.11.2. */
static tls13_error read_offered_psks(wire_reader *data, client_hello_parse *p)
{
    wire_reader ids, binders;
    size_t id_count, binder_count;
    if (!wire_read_prefixed_u16(data, &ids))
        return TLS13_ERR_DECODE;
    const uint8_t *binders_start = data->data;
    if (!wire_read_prefixed_u16(data, &binders))
        return TLS13_ERR_DECODE;
    tls13_error err = count_psk_identities(ids, &id_count);
    if (err == TLS13_OK)
        err = count_psk_binders(binders, &binder_count);
    if (err == TLS13_OK)
        err = hs_extension_end(data);
    if (err != TLS13_OK)
        return err;
    /* §4.3.11: binders are "one for each value in the identities list". */
    if (id_count != binder_count)
        return TLS13_ERR_PSK_BINDER_COUNT;
    p->ch->psk_identities = reader_span(&ids);
    p->ch->psk_binders = reader_span(&binders);
    p->ch->binders_offset = (size_t)(binders_start - p->body);
    return TLS13_OK;
}

static tls13_error client_hello_extension(void *msg, uint16_t type, wire_reader *data)
{
    client_hello_parse *p = msg;
    client_hello *ch = p->ch;
    switch (type) {
    case EXT_SUPPORTED_VERSIONS:
        ch->has_supported_versions = true;
        return read_client_versions(data, &ch->supported_versions);
    case EXT_SUPPORTED_GROUPS:
        ch->has_supported_groups = true;
        return read_u16_list_extension(data, &ch->supported_groups);
    case EXT_SIGNATURE_ALGORITHMS:
        ch->has_signature_algorithms = true;
        return read_u16_list_extension(data, &ch->signature_algorithms);
    case EXT_SIGNATURE_ALGORITHMS_CERT:
        ch->has_signature_algorithms_cert = true;
        return read_u16_list_extension(data, &ch->signature_algorithms_cert);
    case EXT_KEY_SHARE:
        ch->has_key_share = true;
        return read_client_shares(data, ch);
    case EXT_SERVER_NAME:
        ch->has_server_name = true;
        return read_server_name_list(data, &ch->server_name);
    case EXT_ALPN: {
        span first;
        size_t count;
        ch->has_alpn = true;
        return read_protocol_name_list(data, &ch->alpn_protocols, &first, &count);
    }
    case EXT_COOKIE:
        ch->has_cookie = true;
        return read_cookie(data, &ch->cookie);
    case EXT_PSK_KEY_EXCHANGE_MODES:
        ch->has_psk_key_exchange_modes = true;
        return read_psk_modes(data, &ch->psk_key_exchange_modes);
    case EXT_EARLY_DATA:
        return read_empty_extension(data, &ch->has_early_data);
    case EXT_PRE_SHARED_KEY:
        ch->has_pre_shared_key = true;
        return read_offered_psks(data, p);
    case EXT_RECORD_SIZE_LIMIT:
        ch->has_record_size_limit = true;
        return read_record_size_limit(data, &ch->record_size_limit);
    case EXT_POST_HANDSHAKE_AUTH:
        return read_empty_extension(data, &ch->has_post_handshake_auth);
    default:
        return TLS13_OK; /* §4.2.2: unknown extensions are ignored */
    }
}

/* legacy_version, random, legacy_session_id<0..32>, cipher_suites<2..2^16-2>,
 * legacy_compression_methods<1..2^8-1>. */
static tls13_error read_client_hello_fixed(wire_reader *r, client_hello *ch)
{
    if (!wire_read_u16(r, &ch->legacy_version) ||
        !wire_read_bytes(r, ch->random, HS_RANDOM_LEN) ||
        !read_vector_u8(r, &ch->legacy_session_id) ||
        !read_vector_u16(r, &ch->cipher_suites) ||
        !read_vector_u8(r, &ch->legacy_compression_methods))
        return TLS13_ERR_DECODE;
    if (ch->legacy_session_id.len > HS_MAX_SESSION_ID || !is_u16_list(ch->cipher_suites, 2) ||
        ch->legacy_compression_methods.len == 0)
        return TLS13_ERR_DECODE;
    return TLS13_OK;
}

/* The extension block, which a pre-TLS-1.3 hello may leave out: §4.2.2 "the
 * message either contains no data after legacy_compression_methods or ... a
 * valid extensions block with no data following". Without it, no
 * supported_versions is present and version negotiation fails cleanly. */
static tls13_error read_extension_block(wire_reader *r, span *block)
{
    block->data = r->data;
    block->len = 0;
    if (wire_reader_done(r))
        return TLS13_OK;
    if (!read_vector_u16(r, block) || !wire_reader_done(r))
        return TLS13_ERR_DECODE;
    return TLS13_OK;
}

/* §4.2.2 legacy_compression_methods: "For every TLS 1.3 ClientHello, this
 * list MUST contain exactly one byte, set to zero ... If a TLS 1.3 ClientHello
 * is received with any other value in this field, the server MUST abort the
 * handshake with an "illegal_parameter" alert." An older hello must still
 * offer the null method (RFC 5246 §7.4.1.2); which version is negotiated is
 * the state machine's choice. */
static tls13_error check_compression_methods(const client_hello *ch)
{
    span methods = ch->legacy_compression_methods;
    bool offers_tls13 = ch->has_supported_versions &&
                        hs_u16_list_contains(ch->supported_versions, TLS13_VERSION);
    if (offers_tls13 && !(methods.len == 1 && methods.data[0] == 0))
        return TLS13_ERR_LEGACY_COMPRESSION;
    if (memchr(methods.data, 0, methods.len) == NULL)
        return TLS13_ERR_LEGACY_COMPRESSION;
    return TLS13_OK;
}

/* §4.3.8: "Clients MUST NOT offer any KeyShareEntry values for groups not
 * listed in the client's "supported_groups" extension. Servers MAY check for
 * violations of these rules and abort the handshake with an
 * "illegal_parameter" alert". (Without supported_groups, §9.2 applies: the
 * state machine's missing_extension check.) */
static tls13_error check_key_share_groups(const client_hello *ch)
{
    if (!ch->has_key_share || !ch->has_supported_groups)
        return TLS13_OK;
    for (size_t i = 0; i < ch->key_share_count; i++) {
        if (!hs_u16_list_contains(ch->supported_groups, ch->key_shares[i].group))
            return TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS;
    }
    return TLS13_OK;
}

tls13_error hs_parse_client_hello(const uint8_t *body, size_t len, client_hello *ch)
{
    wire_reader r, block;
    client_hello_parse p = { ch, body };
    hs_extension_walk walk = { CTX_CH, client_hello_extension, &p, NULL, 0, NULL };
    memset(ch, 0, sizeof *ch);
    wire_reader_init(&r, body, len);
    tls13_error err = read_client_hello_fixed(&r, ch);
    if (err == TLS13_OK)
        err = read_extension_block(&r, &ch->extensions);
    if (err != TLS13_OK)
        return err;
    wire_reader_init(&block, ch->extensions.data, ch->extensions.len);
    err = hs_walk_extensions(block, &walk);
    if (err == TLS13_OK)
        err = check_compression_methods(ch);
    if (err == TLS13_OK)
        err = check_key_share_groups(ch);
    return err;
}

/* ---- ServerHello and HelloRetryRequest (§4.2.3, §4.2.4) ---------------- */

/* §4.3.1: in a ServerHello or HRR, "ProtocolVersion selected_version". */
static tls13_error read_selected_version(wire_reader *data, uint16_t *version)
{
    if (!wire_read_u16(data, version))
        return TLS13_ERR_DECODE;
    return hs_extension_end(data);
}

/* §4.3.8: in an HRR, "NamedGroup selected_group"; in a ServerHello,
 * "KeyShareEntry server_share". */
static tls13_error read_server_key_share(wire_reader *data, server_hello *sh)
{
    if (sh->is_hello_retry_request) {
        if (!wire_read_u16(data, &sh->selected_group))
            return TLS13_ERR_DECODE;
        return hs_extension_end(data);
    }
    tls13_error err = read_key_share_entry(data, &sh->key_share);
    if (err != TLS13_OK)
        return err;
    return hs_extension_end(data);
}

static tls13_error server_hello_extension(void *msg, uint16_t type, wire_reader *data)
{
    server_hello *sh = msg;
    switch (type) {
    case EXT_SUPPORTED_VERSIONS:
        sh->has_supported_versions = true;
        return read_selected_version(data, &sh->selected_version);
    case EXT_KEY_SHARE:
        sh->has_key_share = true;
        return read_server_key_share(data, sh);
    case EXT_COOKIE: /* Table 1 lets it into an HRR only */
        sh->has_cookie = true;
        return read_cookie(data, &sh->cookie);
    case EXT_PRE_SHARED_KEY: /* ServerHello only: uint16 selected_identity */
        sh->has_pre_shared_key = true;
        if (!wire_read_u16(data, &sh->selected_identity))
            return TLS13_ERR_DECODE;
        return hs_extension_end(data);
    default:
        return TLS13_OK; /* hs_check_solicited will judge it */
    }
}

/* legacy_version, random, legacy_session_id_echo<0..32>, cipher_suite,
 * legacy_compression_method. */
static tls13_error read_server_hello_fixed(wire_reader *r, server_hello *sh)
{
    if (!wire_read_u16(r, &sh->legacy_version) ||
        !wire_read_bytes(r, sh->random, HS_RANDOM_LEN) ||
        !read_vector_u8(r, &sh->legacy_session_id_echo) ||
        !wire_read_u16(r, &sh->cipher_suite) ||
        !wire_read_u8(r, &sh->legacy_compression_method))
        return TLS13_ERR_DECODE;
    if (sh->legacy_session_id_echo.len > HS_MAX_SESSION_ID)
        return TLS13_ERR_DECODE;
    /* §4.2.3: an HRR is a ServerHello whose random is this constant;
     * "upon receiving a message with type server_hello, implementations MUST
     * first examine the Random value". */
    sh->is_hello_retry_request =
        memcmp(sh->random, HS_HELLO_RETRY_REQUEST_RANDOM, HS_RANDOM_LEN) == 0;
    return TLS13_OK;
}

tls13_error hs_parse_server_hello(const uint8_t *body, size_t len, server_hello *sh)
{
    wire_reader r, block;
    memset(sh, 0, sizeof *sh);
    wire_reader_init(&r, body, len);
    tls13_error err = read_server_hello_fixed(&r, sh);
    if (err == TLS13_OK)
        err = read_extension_block(&r, &sh->extensions);
    if (err != TLS13_OK)
        return err;
    hs_extension_walk walk = {
        sh->is_hello_retry_request ? CTX_HRR : CTX_SH, server_hello_extension, sh,
        sh->extension_types, sizeof sh->extension_types / sizeof sh->extension_types[0],
        &sh->extension_count,
    };
    wire_reader_init(&block, sh->extensions.data, sh->extensions.len);
    err = hs_walk_extensions(block, &walk);
    if (err != TLS13_OK)
        return err;
    /* §4.2.3: "legacy_compression_method: A single byte which MUST have the
     * value 0." Our client offers only 0, so any other value is illegal
     * whatever the version. */
    if (sh->legacy_compression_method != 0)
        return TLS13_ERR_SERVER_HELLO_COMPRESSION;
    return TLS13_OK;
}

/* ---- EncryptedExtensions (§4.4.1) ---------------------------------------- */

/* RFC 7301 §3.1: in the server's answer, "The "ProtocolNameList" MUST contain
 * exactly one "ProtocolName"." */
static tls13_error read_selected_protocol(wire_reader *data, span *protocol)
{
    span list;
    size_t count;
    tls13_error err = read_protocol_name_list(data, &list, protocol, &count);
    if (err != TLS13_OK)
        return err;
    return count == 1 ? TLS13_OK : TLS13_ERR_DECODE;
}

static tls13_error encrypted_extensions_extension(void *msg, uint16_t type, wire_reader *data)
{
    encrypted_extensions *ee = msg;
    switch (type) {
    case EXT_SERVER_NAME: /* RFC 6066 §3: "extension_data" ... SHALL be empty */
        return read_empty_extension(data, &ee->has_server_name);
    case EXT_SUPPORTED_GROUPS:
        ee->has_supported_groups = true;
        return read_u16_list_extension(data, &ee->supported_groups);
    case EXT_ALPN:
        ee->has_alpn = true;
        return read_selected_protocol(data, &ee->alpn_protocol);
    case EXT_EARLY_DATA: /* §4.3.10: empty in EncryptedExtensions */
        return read_empty_extension(data, &ee->has_early_data);
    case EXT_RECORD_SIZE_LIMIT:
        ee->has_record_size_limit = true;
        return read_record_size_limit(data, &ee->record_size_limit);
    default:
        return TLS13_OK; /* hs_check_solicited will judge it */
    }
}

tls13_error hs_parse_encrypted_extensions(const uint8_t *body, size_t len,
                                          encrypted_extensions *ee)
{
    wire_reader r, block;
    memset(ee, 0, sizeof *ee);
    wire_reader_init(&r, body, len);
    /* §4.4.1: struct { Extension extensions<0..2^16-1>; }. */
    if (!wire_read_prefixed_u16(&r, &block) || !wire_reader_done(&r))
        return TLS13_ERR_DECODE;
    ee->extensions = reader_span(&block);
    hs_extension_walk walk = {
        CTX_EE, encrypted_extensions_extension, ee, ee->extension_types,
        sizeof ee->extension_types / sizeof ee->extension_types[0], &ee->extension_count,
    };
    return hs_walk_extensions(block, &walk);
}

/* ---- CertificateRequest (§4.4.2) ----------------------------------------- */

static tls13_error certificate_request_extension(void *msg, uint16_t type, wire_reader *data)
{
    certificate_request *cr = msg;
    switch (type) {
    case EXT_SIGNATURE_ALGORITHMS:
        cr->has_signature_algorithms = true;
        return read_u16_list_extension(data, &cr->signature_algorithms);
    case EXT_SIGNATURE_ALGORITHMS_CERT:
        cr->has_signature_algorithms_cert = true;
        return read_u16_list_extension(data, &cr->signature_algorithms_cert);
    default:
        return TLS13_OK; /* §4.4.2: "Clients MUST ignore unrecognized extensions." */
    }
}

tls13_error hs_parse_certificate_request(const uint8_t *body, size_t len,
                                         certificate_request *cr)
{
    wire_reader r, block;
    memset(cr, 0, sizeof *cr);
    wire_reader_init(&r, body, len);
    /* opaque certificate_request_context<0..2^8-1>; Extension extensions<0..2^16-1>. */
    if (!read_vector_u8(&r, &cr->certificate_request_context) ||
        !wire_read_prefixed_u16(&r, &block) || !wire_reader_done(&r))
        return TLS13_ERR_DECODE;
    cr->extensions = reader_span(&block);
    hs_extension_walk walk = { CTX_CR, certificate_request_extension, cr, NULL, 0, NULL };
    tls13_error err = hs_walk_extensions(block, &walk);
    if (err != TLS13_OK)
        return err;
    /* §4.4.2: "The "signature_algorithms" extension MUST be specified";
     * §9.2: its absence is a "missing_extension". */
    if (!cr->has_signature_algorithms)
        return TLS13_ERR_MISSING_SIGNATURE_ALGORITHMS;
    return TLS13_OK;
}

/* ---- Certificate (§4.5.1) --------------------------------------------------- */

/* CertificateEntry extensions (status_request, signed_certificate_timestamp,
 * ...) are placed by the walker and recorded, not parsed: we never ask for
 * them, and hs_check_solicited refuses them. */
static tls13_error certificate_entry_extension(void *msg, uint16_t type, wire_reader *data)
{
    (void)msg;
    (void)type;
    (void)data;
    return TLS13_OK;
}

/* struct { opaque cert_data<1..2^24-1>; Extension extensions<0..2^16-1>; }. */
static tls13_error read_certificate_entry(wire_reader *list, certificate_msg *cert)
{
    span cert_data;
    wire_reader block;
    if (!read_vector_u24(list, &cert_data) || cert_data.len == 0 ||
        !wire_read_prefixed_u16(list, &block))
        return TLS13_ERR_DECODE;
    if (cert->cert_count == HS_MAX_CERT_CHAIN)
        return TLS13_ERR_CERTIFICATE_CHAIN_TOO_LONG;
    hs_extension_walk walk = {
        CTX_CT, certificate_entry_extension, cert, cert->extension_types,
        sizeof cert->extension_types / sizeof cert->extension_types[0], &cert->extension_count,
    };
    tls13_error err = hs_walk_extensions(block, &walk);
    if (err != TLS13_OK)
        return err;
    cert->cert_data[cert->cert_count] = cert_data;
    cert->cert_extensions[cert->cert_count] = reader_span(&block);
    cert->cert_count++;
    return TLS13_OK;
}

tls13_error hs_parse_certificate(const uint8_t *body, size_t len, certificate_msg *cert)
{
    wire_reader r, list;
    memset(cert, 0, sizeof *cert);
    wire_reader_init(&r, body, len);
    /* opaque certificate_request_context<0..2^8-1>;
     * CertificateEntry certificate_list<0..2^24-1>. An empty list is
     * well-formed (a client without a certificate); §4.5.1.3's rule for an
     * empty server Certificate is the state machine's. */
    if (!read_vector_u8(&r, &cert->certificate_request_context) ||
        !wire_read_prefixed_u24(&r, &list) || !wire_reader_done(&r))
        return TLS13_ERR_DECODE;
    while (!wire_reader_done(&list)) {
        tls13_error err = read_certificate_entry(&list, cert);
        if (err != TLS13_OK)
            return err;
    }
    return TLS13_OK;
}

/* ---- CertificateVerify (§4.5.2) ------------------------------------------- */

tls13_error hs_parse_certificate_verify(const uint8_t *body, size_t len,
                                        certificate_verify *cv)
{
    wire_reader r;
    memset(cv, 0, sizeof *cv);
    wire_reader_init(&r, body, len);
    /* SignatureScheme algorithm; opaque signature<0..2^16-1>. */
    if (!wire_read_u16(&r, &cv->algorithm) || !read_vector_u16(&r, &cv->signature) ||
        !wire_reader_done(&r))
        return TLS13_ERR_DECODE;
    return TLS13_OK;
}

#define CV_PAD_LEN 64
static const char CV_SERVER_CONTEXT[] = "TLS 1.3, server CertificateVerify";
static const char CV_CLIENT_CONTEXT[] = "TLS 1.3, client CertificateVerify";

size_t hs_certificate_verify_content(bool server, const uint8_t *transcript_hash,
                                     size_t hash_len, uint8_t out[146])
{
    /* §4.5.2: "The digital signature is then computed over the concatenation
     * of: A string that consists of octet 32 (0x20) repeated 64 times; The
     * context string; A single 0 byte which serves as the separator; The
     * content to be signed." Both context strings are 33 bytes. */
    const char *context = server ? CV_SERVER_CONTEXT : CV_CLIENT_CONTEXT;
    size_t context_len = sizeof CV_SERVER_CONTEXT - 1;
    wire_writer w;
    size_t len = 0;
    wire_writer_init(&w, out, 146);
    for (size_t i = 0; i < CV_PAD_LEN; i++)
        wire_write_u8(&w, 0x20);
    wire_write_bytes(&w, (const uint8_t *)context, context_len);
    wire_write_u8(&w, 0);
    wire_write_bytes(&w, transcript_hash, hash_len);
    if (!wire_writer_finish(&w, &len))
        return 0;
    return len;
}

/* ---- Finished, NewSessionTicket, KeyUpdate, EndOfEarlyData --------------- */

tls13_error hs_parse_finished(const uint8_t *body, size_t len, size_t hash_len,
                              span *verify_data)
{
    /* §4.5.3: opaque verify_data[Hash.length]: a fixed-length field, so any
     * other length cannot be parsed. */
    if (len != hash_len)
        return TLS13_ERR_DECODE;
    verify_data->data = body;
    verify_data->len = len;
    return TLS13_OK;
}

static tls13_error new_session_ticket_extension(void *msg, uint16_t type, wire_reader *data)
{
    new_session_ticket *nst = msg;
    if (type != EXT_EARLY_DATA)
        return TLS13_OK; /* §4.7.1: unknown NST extensions are ignored */
    /* §4.3.10: in a NewSessionTicket, "uint32 max_early_data_size". */
    nst->has_early_data = true;
    if (!wire_read_u32(data, &nst->max_early_data_size))
        return TLS13_ERR_DECODE;
    return hs_extension_end(data);
}

tls13_error hs_parse_new_session_ticket(const uint8_t *body, size_t len,
                                        new_session_ticket *nst)
{
    wire_reader r, block;
    memset(nst, 0, sizeof *nst);
    wire_reader_init(&r, body, len);
    /* uint32 ticket_lifetime; uint32 ticket_age_add; opaque ticket_nonce<0..255>;
     * opaque ticket<1..2^16-1>; Extension extensions<0..2^16-1>. */
    if (!wire_read_u32(&r, &nst->ticket_lifetime) || !wire_read_u32(&r, &nst->ticket_age_add) ||
        !read_vector_u8(&r, &nst->ticket_nonce) || !read_vector_u16(&r, &nst->ticket) ||
        nst->ticket.len == 0 || !wire_read_prefixed_u16(&r, &block) || !wire_reader_done(&r))
        return TLS13_ERR_DECODE;
    hs_extension_walk walk = { CTX_NST, new_session_ticket_extension, nst, NULL, 0, NULL };
    tls13_error err = hs_walk_extensions(block, &walk);
    if (err != TLS13_OK)
        return err;
    /* §4.7.1: "Servers MUST NOT use any value greater than 604800 seconds". */
    if (nst->ticket_lifetime > TICKET_LIFETIME_MAX)
        return TLS13_ERR_TICKET_LIFETIME_TOO_LONG;
    return TLS13_OK;
}

tls13_error hs_parse_key_update(const uint8_t *body, size_t len, uint8_t *request_update)
{
    wire_reader r;
    wire_reader_init(&r, body, len);
    if (!wire_read_u8(&r, request_update) || !wire_reader_done(&r))
        return TLS13_ERR_DECODE;
    /* §4.7.3: "If an implementation receives any other value, it MUST
     * terminate the connection with an "illegal_parameter" alert." */
    if (*request_update != KEY_UPDATE_NOT_REQUESTED && *request_update != KEY_UPDATE_REQUESTED)
        return TLS13_ERR_BAD_KEY_UPDATE;
    return TLS13_OK;
}

tls13_error hs_parse_end_of_early_data(const uint8_t *body, size_t len)
{
    (void)body;
    /* §4.6: struct {} EndOfEarlyData. */
    return len == 0 ? TLS13_OK : TLS13_ERR_DECODE;
}

/* ---- writers ----------------------------------------------------------- */

/* msg_type and the uint24 length, left open for the body. */
static void open_message(wire_writer *w, uint8_t type, wire_writer *body)
{
    wire_write_u8(w, type);
    wire_writer_open_u24(w, body);
}

/* extension_type and the uint16 length of extension_data, left open. */
static void open_extension(wire_writer *w, uint16_t type, wire_writer *data)
{
    wire_write_u16(w, type);
    wire_writer_open_u16(w, data);
}

static void write_u16_values(wire_writer *w, const uint16_t *values, size_t count)
{
    for (size_t i = 0; i < count; i++)
        wire_write_u16(w, values[i]);
}

/* An extension whose body is a uint16 list with a 2-byte length. */
static void write_u16_list_extension(wire_writer *exts, uint16_t type,
                                     const uint16_t *values, size_t count)
{
    wire_writer data, list;
    open_extension(exts, type, &data);
    wire_writer_open_u16(&data, &list);
    write_u16_values(&list, values, count);
    wire_writer_close(&list);
    wire_writer_close(&data);
}

static void write_opaque_u8(wire_writer *w, const uint8_t *bytes, size_t len)
{
    wire_writer v;
    wire_writer_open_u8(w, &v);
    wire_write_bytes(&v, bytes, len);
    wire_writer_close(&v);
}

static void write_opaque_u16(wire_writer *w, const uint8_t *bytes, size_t len)
{
    wire_writer v;
    wire_writer_open_u16(w, &v);
    wire_write_bytes(&v, bytes, len);
    wire_writer_close(&v);
}

static void write_empty_extension(wire_writer *exts, uint16_t type)
{
    wire_write_u16(exts, type);
    wire_write_u16(exts, 0);
}

static void write_uint16_extension(wire_writer *exts, uint16_t type, uint16_t value)
{
    wire_writer data;
    open_extension(exts, type, &data);
    wire_write_u16(&data, value);
    wire_writer_close(&data);
}

static void write_cookie_extension(wire_writer *exts, span cookie)
{
    wire_writer data;
    open_extension(exts, EXT_COOKIE, &data);
    write_opaque_u16(&data, cookie.data, cookie.len);
    wire_writer_close(&data);
}

static void write_key_share_entry(wire_writer *w, const key_share_entry *entry)
{
    wire_write_u16(w, entry->group);
    write_opaque_u16(w, entry->key_exchange.data, entry->key_exchange.len);
}

/* ClientHello extensions */

/* RFC 6066 §3: a ServerNameList with one host_name. */
static void write_server_name(wire_writer *exts, const char *host_name)
{
    wire_writer data, list;
    open_extension(exts, EXT_SERVER_NAME, &data);
    wire_writer_open_u16(&data, &list);
    wire_write_u8(&list, HOST_NAME_TYPE);
    write_opaque_u16(&list, (const uint8_t *)host_name, strlen(host_name));
    wire_writer_close(&list);
    wire_writer_close(&data);
}

/* §4.3.1: we offer TLS 1.3 only. */
static void write_client_versions(wire_writer *exts)
{
    wire_writer data, list;
    open_extension(exts, EXT_SUPPORTED_VERSIONS, &data);
    wire_writer_open_u8(&data, &list);
    wire_write_u16(&list, TLS13_VERSION);
    wire_writer_close(&list);
    wire_writer_close(&data);
}

static void write_client_shares(wire_writer *exts, const key_share_entry *shares, size_t count)
{
    wire_writer data, list;
    open_extension(exts, EXT_KEY_SHARE, &data);
    wire_writer_open_u16(&data, &list);
    for (size_t i = 0; i < count; i++)
        write_key_share_entry(&list, &shares[i]);
    wire_writer_close(&list);
    wire_writer_close(&data);
}

/* RFC 7301 §3.1: ProtocolNameList. */
static void write_alpn(wire_writer *exts, const span *protocols, size_t count)
{
    wire_writer data, list;
    open_extension(exts, EXT_ALPN, &data);
    wire_writer_open_u16(&data, &list);
    for (size_t i = 0; i < count; i++)
        write_opaque_u8(&list, protocols[i].data, protocols[i].len);
    wire_writer_close(&list);
    wire_writer_close(&data);
}

static bool client_hello_params_valid(const client_hello_params *p)
{
    if (p->cipher_suite_count == 0 || p->legacy_session_id_len > HS_MAX_SESSION_ID)
        return false;
    for (size_t i = 0; i < p->key_share_count; i++) {
        if (p->key_shares[i].key_exchange.len == 0)
            return false;
    }
    for (size_t i = 0; i < p->alpn_count; i++) {
        if (p->alpn[i].len == 0)
            return false;
    }
    return true;
}

static void write_client_hello_extensions(wire_writer *exts, const client_hello_params *p)
{
    if (p->server_name != NULL && p->server_name[0] != '\0')
        write_server_name(exts, p->server_name);
    if (p->group_count > 0)
        write_u16_list_extension(exts, EXT_SUPPORTED_GROUPS, p->groups, p->group_count);
    if (p->signature_algorithm_count > 0)
        write_u16_list_extension(exts, EXT_SIGNATURE_ALGORITHMS, p->signature_algorithms,
                                 p->signature_algorithm_count);
    write_client_versions(exts);
    write_client_shares(exts, p->key_shares, p->key_share_count);
    if (p->cookie.len > 0)
        write_cookie_extension(exts, p->cookie);
    if (p->alpn != NULL && p->alpn_count > 0)
        write_alpn(exts, p->alpn, p->alpn_count);
    if (p->record_size_limit != 0)
        write_uint16_extension(exts, EXT_RECORD_SIZE_LIMIT, p->record_size_limit);
}

/* §4.2.2: legacy_compression_methods is exactly one byte, 0. */
static const uint8_t NULL_COMPRESSION[1] = { 0 };

bool hs_write_client_hello(wire_writer *w, const client_hello_params *p)
{
    wire_writer body, suites, exts;
    if (!client_hello_params_valid(p))
        return false;
    open_message(w, HS_CLIENT_HELLO, &body);
    wire_write_u16(&body, TLS12_VERSION); /* §4.2.2: legacy_version = 0x0303 */
    wire_write_bytes(&body, p->random, HS_RANDOM_LEN);
    write_opaque_u8(&body, p->legacy_session_id, p->legacy_session_id_len);
    wire_writer_open_u16(&body, &suites);
    write_u16_values(&suites, p->cipher_suites, p->cipher_suite_count);
    wire_writer_close(&suites);
    write_opaque_u8(&body, NULL_COMPRESSION, sizeof NULL_COMPRESSION);
    wire_writer_open_u16(&body, &exts);
    write_client_hello_extensions(&exts, p);
    wire_writer_close(&exts);
    return wire_writer_close(&body);
}

/* ServerHello and HelloRetryRequest */

static void write_server_hello_extensions(wire_writer *exts, const server_hello_params *p)
{
    if (p->hello_retry_request) {
        /* RFC 8448 §5's order. §4.3.8: in an HRR, key_share is the
         * selected_group alone. */
        if (p->selected_group != 0)
            write_uint16_extension(exts, EXT_KEY_SHARE, p->selected_group);
        if (p->cookie.len > 0)
            write_cookie_extension(exts, p->cookie);
        write_uint16_extension(exts, EXT_SUPPORTED_VERSIONS, TLS13_VERSION);
        return;
    }
    wire_writer data;
    if (p->key_share_first && p->has_pre_shared_key)
        write_uint16_extension(exts, EXT_PRE_SHARED_KEY, p->selected_identity);
    if (!p->key_share_first)
        write_uint16_extension(exts, EXT_SUPPORTED_VERSIONS, TLS13_VERSION);
    open_extension(exts, EXT_KEY_SHARE, &data);
    write_key_share_entry(&data, &p->key_share);
    wire_writer_close(&data);
    if (p->key_share_first)
        write_uint16_extension(exts, EXT_SUPPORTED_VERSIONS, TLS13_VERSION);
    if (!p->key_share_first && p->has_pre_shared_key)
        write_uint16_extension(exts, EXT_PRE_SHARED_KEY, p->selected_identity);
}

bool hs_write_server_hello(wire_writer *w, const server_hello_params *p)
{
    wire_writer body, exts;
    if (p->legacy_session_id_echo.len > HS_MAX_SESSION_ID)
        return false;
    if (!p->hello_retry_request && p->key_share.key_exchange.len == 0)
        return false;
    open_message(w, HS_SERVER_HELLO, &body);
    wire_write_u16(&body, TLS12_VERSION); /* §4.2.3: legacy_version = 0x0303 */
    wire_write_bytes(&body, p->hello_retry_request ? HS_HELLO_RETRY_REQUEST_RANDOM : p->random,
                     HS_RANDOM_LEN);
    write_opaque_u8(&body, p->legacy_session_id_echo.data, p->legacy_session_id_echo.len);
    wire_write_u16(&body, p->cipher_suite);
    wire_write_u8(&body, 0); /* legacy_compression_method */
    wire_writer_open_u16(&body, &exts);
    write_server_hello_extensions(&exts, p);
    wire_writer_close(&exts);
    return wire_writer_close(&body);
}

/* EncryptedExtensions: RFC 8448's order. */
bool hs_write_encrypted_extensions(wire_writer *w, const encrypted_extensions_params *p)
{
    wire_writer body, exts;
    open_message(w, HS_ENCRYPTED_EXTENSIONS, &body);
    wire_writer_open_u16(&body, &exts);
    if (p->supported_groups != NULL && p->group_count > 0)
        write_u16_list_extension(&exts, EXT_SUPPORTED_GROUPS, p->supported_groups,
                                 p->group_count);
    if (p->record_size_limit != 0)
        write_uint16_extension(&exts, EXT_RECORD_SIZE_LIMIT, p->record_size_limit);
    if (p->server_name_ack)
        write_empty_extension(&exts, EXT_SERVER_NAME);
    if (p->alpn_protocol.len > 0)
        write_alpn(&exts, &p->alpn_protocol, 1);
    if (p->early_data)
        write_empty_extension(&exts, EXT_EARLY_DATA);
    wire_writer_close(&exts);
    return wire_writer_close(&body);
}

bool hs_write_certificate(wire_writer *w, span context, const span *certs, size_t count)
{
    wire_writer body, list, entry;
    for (size_t i = 0; i < count; i++) {
        if (certs[i].len == 0) /* cert_data<1..2^24-1> */
            return false;
    }
    open_message(w, HS_CERTIFICATE, &body);
    write_opaque_u8(&body, context.data, context.len);
    wire_writer_open_u24(&body, &list);
    for (size_t i = 0; i < count; i++) {
        wire_writer_open_u24(&list, &entry);
        wire_write_bytes(&entry, certs[i].data, certs[i].len);
        wire_writer_close(&entry);
        wire_write_u16(&list, 0); /* no extensions */
    }
    wire_writer_close(&list);
    return wire_writer_close(&body);
}

bool hs_write_certificate_request(wire_writer *w, span context,
                                  const uint16_t *signature_algorithms, size_t count)
{
    wire_writer body, exts;
    if (count == 0) /* §4.4.2: signature_algorithms MUST be specified */
        return false;
    open_message(w, HS_CERTIFICATE_REQUEST, &body);
    write_opaque_u8(&body, context.data, context.len);
    wire_writer_open_u16(&body, &exts);
    write_u16_list_extension(&exts, EXT_SIGNATURE_ALGORITHMS, signature_algorithms, count);
    wire_writer_close(&exts);
    return wire_writer_close(&body);
}

bool hs_write_certificate_verify(wire_writer *w, uint16_t algorithm, span signature)
{
    wire_writer body;
    open_message(w, HS_CERTIFICATE_VERIFY, &body);
    wire_write_u16(&body, algorithm);
    write_opaque_u16(&body, signature.data, signature.len);
    return wire_writer_close(&body);
}

bool hs_write_finished(wire_writer *w, const uint8_t *verify_data, size_t len)
{
    wire_writer body;
    open_message(w, HS_FINISHED, &body);
    wire_write_bytes(&body, verify_data, len);
    return wire_writer_close(&body);
}

bool hs_write_new_session_ticket(wire_writer *w, const new_session_ticket *nst)
{
    wire_writer body, exts, data;
    if (nst->ticket.len == 0 || nst->ticket_lifetime > TICKET_LIFETIME_MAX)
        return false;
    open_message(w, HS_NEW_SESSION_TICKET, &body);
    wire_write_u32(&body, nst->ticket_lifetime);
    wire_write_u32(&body, nst->ticket_age_add);
    write_opaque_u8(&body, nst->ticket_nonce.data, nst->ticket_nonce.len);
    write_opaque_u16(&body, nst->ticket.data, nst->ticket.len);
    wire_writer_open_u16(&body, &exts);
    if (nst->has_early_data) {
        open_extension(&exts, EXT_EARLY_DATA, &data);
        wire_write_u32(&data, nst->max_early_data_size);
        wire_writer_close(&data);
    }
    wire_writer_close(&exts);
    return wire_writer_close(&body);
}

bool hs_write_key_update(wire_writer *w, uint8_t request_update)
{
    wire_writer body;
    if (request_update != KEY_UPDATE_NOT_REQUESTED && request_update != KEY_UPDATE_REQUESTED)
        return false;
    open_message(w, HS_KEY_UPDATE, &body);
    wire_write_u8(&body, request_update);
    return wire_writer_close(&body);
}

bool hs_write_end_of_early_data(wire_writer *w)
{
    wire_writer body;
    open_message(w, HS_END_OF_EARLY_DATA, &body);
    return wire_writer_close(&body);
}
