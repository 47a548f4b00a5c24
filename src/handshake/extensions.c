/*
 * extensions.c — where each extension may appear (RFC 9846 §4.3, Table 1),
 * the walker every message parser uses for its extension block, and the
 * check that a server answered only what the client asked (§4.3).
 *
 * It reads peer bytes only through the wire reader (src/wire/) and knows the
 * shape of no extension body: that is messages.c's business.
 */
#include "handshake/extensions.h"

#include <string.h>

#define CH CTX_CH
#define SH CTX_SH
#define HRR CTX_HRR
#define EE CTX_EE
#define CT CTX_CT
#define CR CTX_CR
#define NST CTX_NST

typedef struct extension_rule {
    uint16_t type;
    unsigned contexts; /* hs_context bits */
} extension_rule;

/* RFC 9846 §4.3, Table 1: "The table below indicates the messages where a
 * given extension may appear". signed_certificate_timestamp is from RFC 8446's
 * table (RFC 9846 lists its successor, transparency_info). */
static const extension_rule extension_rules[] = {
    { EXT_SERVER_NAME, CH | EE | CR },
    { EXT_STATUS_REQUEST, CH | CR | CT },
    { EXT_SUPPORTED_GROUPS, CH | EE },
    { EXT_SIGNATURE_ALGORITHMS, CH | CR },
    { EXT_USE_SRTP, CH | EE },
    { EXT_HEARTBEAT, CH | EE },
    { EXT_ALPN, CH | EE },
    { EXT_SIGNED_CERTIFICATE_TIMESTAMP, CH | CR | CT },
    { EXT_CLIENT_CERTIFICATE_TYPE, CH | EE },
    { EXT_SERVER_CERTIFICATE_TYPE, CH | EE },
    { EXT_PADDING, CH },
    { EXT_COMPRESS_CERTIFICATE, CH | CR },
    { EXT_RECORD_SIZE_LIMIT, CH | EE },
    { EXT_DELEGATED_CREDENTIAL, CH | CR | CT },
    { EXT_SUPPORTED_EKT_CIPHERS, CH | EE },
    { EXT_PRE_SHARED_KEY, CH | SH },
    { EXT_EARLY_DATA, CH | EE | NST },
    { EXT_SUPPORTED_VERSIONS, CH | SH | HRR },
    { EXT_COOKIE, CH | HRR },
    { EXT_PSK_KEY_EXCHANGE_MODES, CH },
    { EXT_CERTIFICATE_AUTHORITIES, CH | CR },
    { EXT_OID_FILTERS, CR },
    { EXT_POST_HANDSHAKE_AUTH, CH },
    { EXT_SIGNATURE_ALGORITHMS_CERT, CH | CR },
    { EXT_KEY_SHARE, CH | SH | HRR },
    { EXT_TRANSPARENCY_INFO, CH | CR | CT },
    { EXT_EXTERNAL_ID_HASH, CH | EE },
    { EXT_EXTERNAL_SESSION_ID, CH | EE },
    { EXT_QUIC_TRANSPORT_PARAMETERS, CH | EE },
    { EXT_TICKET_REQUEST, CH | EE },
    { EXT_ECH_OUTER_EXTENSIONS, CH },
    { EXT_ENCRYPTED_CLIENT_HELLO, CH | HRR | EE },
};

static const extension_rule *extension_rule_find(uint16_t type)
{
    size_t n = sizeof extension_rules / sizeof extension_rules[0];
    for (size_t i = 0; i < n; i++) {
        if (extension_rules[i].type == type)
            return &extension_rules[i];
    }
    return NULL;
}

bool hs_extension_known(uint16_t type)
{
    return extension_rule_find(type) != NULL;
}

bool hs_extension_allowed(uint16_t type, hs_context ctx)
{
    const extension_rule *rule = extension_rule_find(type);
    return rule != NULL && (rule->contexts & (unsigned)ctx) != 0;
}

tls13_error hs_extension_end(const wire_reader *data)
{
    /* §4.3: "receivers MUST abort the handshake with a "decode_error" alert
     * if there is data left over after parsing the structure." */
    return wire_reader_done(data) ? TLS13_OK : TLS13_ERR_DECODE;
}

/* One bit per ExtensionType: the types already seen in this block. */
typedef struct type_set {
    uint8_t bits[65536 / 8];
} type_set;

/* Marks the type as seen; false if it already was. */
static bool type_set_add(type_set *set, uint16_t type)
{
    uint8_t mask = (uint8_t)(1u << (type & 7u));
    uint8_t *byte = &set->bits[type >> 3];
    if (*byte & mask)
        return false;
    *byte = (uint8_t)(*byte | mask);
    return true;
}

/* The rules that hold whatever the extension's body. */
static tls13_error check_placement(type_set *seen, uint16_t type, hs_context ctx,
                                   bool is_last)
{
    /* §4.3: "There MUST NOT be more than one extension of the same type in a
     * given extension block." */
    if (!type_set_add(seen, type))
        return TLS13_ERR_DUPLICATE_EXTENSION;
    /* §4.3: "If an implementation receives an extension which it recognizes
     * and which is not specified for the message in which it appears, it MUST
     * abort the handshake with an "illegal_parameter" alert." */
    if (hs_extension_known(type) && !hs_extension_allowed(type, ctx))
        return TLS13_ERR_EXTENSION_NOT_ALLOWED;
    /* §4.3.11: "The "pre_shared_key" extension MUST be the last extension in
     * the ClientHello ... Servers MUST check that it is the last extension and
     * otherwise fail the handshake with an "illegal_parameter" alert." */
    if (ctx == CTX_CH && type == EXT_PRE_SHARED_KEY && !is_last)
        return TLS13_ERR_PRE_SHARED_KEY_NOT_LAST;
    return TLS13_OK;
}

/* Keeps the list of types a server message carried, for hs_check_solicited.
 * We never offer as many types as the list holds, so a message with more
 * carries at least one we did not ask for (§4.3: unsupported_extension). */
static tls13_error record_type(const hs_extension_walk *walk, uint16_t type)
{
    if (walk->types == NULL)
        return TLS13_OK;
    if (*walk->type_count >= walk->types_cap)
        return TLS13_ERR_UNSOLICITED_EXTENSION;
    walk->types[(*walk->type_count)++] = type;
    return TLS13_OK;
}

tls13_error hs_walk_extensions(wire_reader block, const hs_extension_walk *walk)
{
    type_set seen;
    memset(&seen, 0, sizeof seen);
    while (!wire_reader_done(&block)) {
        uint16_t type;
        wire_reader data;
        if (!wire_read_u16(&block, &type) || !wire_read_prefixed_u16(&block, &data))
            return TLS13_ERR_DECODE;
        tls13_error err = check_placement(&seen, type, walk->context,
                                          wire_reader_done(&block));
        if (err == TLS13_OK)
            err = record_type(walk, type);
        if (err == TLS13_OK)
            err = walk->handler(walk->msg, type, &data);
        if (err != TLS13_OK)
            return err;
    }
    return TLS13_OK;
}

/* True if the extension block (already validated by the parser) holds type. */
static bool block_contains(span block, uint16_t type)
{
    wire_reader r;
    wire_reader_init(&r, block.data, block.len);
    while (!wire_reader_done(&r)) {
        uint16_t t;
        wire_reader data;
        if (!wire_read_u16(&r, &t) || !wire_read_prefixed_u16(&r, &data))
            return false;
        if (t == type)
            return true;
    }
    return false;
}

/* True if the client's hello carried the extension: by its has_* flag for
 * the ones the parser understands, else by a look at the raw block. */
static bool client_offered(const client_hello *ch, uint16_t type)
{
    switch (type) {
    case EXT_SUPPORTED_VERSIONS: return ch->has_supported_versions;
    case EXT_SUPPORTED_GROUPS: return ch->has_supported_groups;
    case EXT_SIGNATURE_ALGORITHMS: return ch->has_signature_algorithms;
    case EXT_SIGNATURE_ALGORITHMS_CERT: return ch->has_signature_algorithms_cert;
    case EXT_KEY_SHARE: return ch->has_key_share;
    case EXT_SERVER_NAME: return ch->has_server_name;
    case EXT_ALPN: return ch->has_alpn;
    case EXT_COOKIE: return ch->has_cookie;
    case EXT_PSK_KEY_EXCHANGE_MODES: return ch->has_psk_key_exchange_modes;
    case EXT_EARLY_DATA: return ch->has_early_data;
    case EXT_PRE_SHARED_KEY: return ch->has_pre_shared_key;
    case EXT_RECORD_SIZE_LIMIT: return ch->has_record_size_limit;
    case EXT_POST_HANDSHAKE_AUTH: return ch->has_post_handshake_auth;
    default: return block_contains(ch->extensions, type);
    }
}

tls13_error hs_check_solicited(const uint16_t *types, size_t count,
                               const client_hello *offered, bool is_hrr)
{
    /* §4.3: "Implementations MUST NOT send extension responses ... if the
     * remote endpoint did not send the corresponding extension requests, with
     * the exception of the "cookie" extension in the HelloRetryRequest. Upon
     * receiving such an extension, an endpoint MUST abort the handshake with
     * an "unsupported_extension" alert." */
    for (size_t i = 0; i < count; i++) {
        if (is_hrr && types[i] == EXT_COOKIE)
            continue;
        if (offered == NULL || !client_offered(offered, types[i]))
            return TLS13_ERR_UNSOLICITED_EXTENSION;
    }
    return TLS13_OK;
}
