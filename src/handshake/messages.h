/*
 * messages.h — TLS 1.3 handshake message codecs (RFC 9846 §4, §B.3).
 *
 * Parsers take the message BODY (the 4-byte Handshake header — msg_type and
 * uint24 length — is split off by hs_read_header) and fill a struct whose
 * variable-length fields are spans borrowed from the input: nothing is
 * allocated and the struct is valid as long as the input buffer is.
 * Writers emit the WHOLE message, header included, since the transcript hash
 * covers the header (RFC 9846 §4.1).
 *
 * Parsing is strict: trailing bytes, bad lengths, empty lists where the RFC
 * sets a minimum, a duplicate extension, an extension the RFC's table
 * (§4.3, Table 1) does not allow in this message — each fails with its own
 * tls13_error, whose alert is the RFC's. Unknown extensions in a ClientHello
 * (or CertificateRequest, NewSessionTicket) are skipped (§4.2.2); in a
 * ServerHello, HelloRetryRequest or EncryptedExtensions, an extension the
 * client did not offer is the caller's check (hs_check_solicited).
 */
#ifndef TLS13_HANDSHAKE_MESSAGES_H
#define TLS13_HANDSHAKE_MESSAGES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls13.h"
#include "wire/wire.h"

/* HandshakeType, RFC 9846 §4. */
enum {
    HS_CLIENT_HELLO = 1,
    HS_SERVER_HELLO = 2,
    HS_NEW_SESSION_TICKET = 4,
    HS_END_OF_EARLY_DATA = 5,
    HS_ENCRYPTED_EXTENSIONS = 8,
    HS_CERTIFICATE = 11,
    HS_CERTIFICATE_REQUEST = 13,
    HS_CERTIFICATE_VERIFY = 15,
    HS_FINISHED = 20,
    HS_KEY_UPDATE = 24,
    HS_MESSAGE_HASH = 254
};

/* ExtensionType, RFC 9846 §4.3. */
enum {
    EXT_SERVER_NAME = 0,
    EXT_STATUS_REQUEST = 5,
    EXT_SUPPORTED_GROUPS = 10,
    EXT_SIGNATURE_ALGORITHMS = 13,
    EXT_USE_SRTP = 14,
    EXT_HEARTBEAT = 15,
    EXT_ALPN = 16,
    EXT_SIGNED_CERTIFICATE_TIMESTAMP = 18,
    EXT_CLIENT_CERTIFICATE_TYPE = 19,
    EXT_SERVER_CERTIFICATE_TYPE = 20,
    EXT_PADDING = 21,
    EXT_RECORD_SIZE_LIMIT = 28,
    EXT_PRE_SHARED_KEY = 41,
    EXT_EARLY_DATA = 42,
    EXT_SUPPORTED_VERSIONS = 43,
    EXT_COOKIE = 44,
    EXT_PSK_KEY_EXCHANGE_MODES = 45,
    EXT_CERTIFICATE_AUTHORITIES = 47,
    EXT_OID_FILTERS = 48,
    EXT_POST_HANDSHAKE_AUTH = 49,
    EXT_SIGNATURE_ALGORITHMS_CERT = 50,
    EXT_KEY_SHARE = 51,
    /* In Table 1, recognised (for its placement rules) but not parsed. */
    EXT_COMPRESS_CERTIFICATE = 27,
    EXT_DELEGATED_CREDENTIAL = 34,
    EXT_SUPPORTED_EKT_CIPHERS = 39,
    EXT_TRANSPARENCY_INFO = 52,
    EXT_EXTERNAL_ID_HASH = 55,
    EXT_EXTERNAL_SESSION_ID = 56,
    EXT_QUIC_TRANSPORT_PARAMETERS = 57,
    EXT_TICKET_REQUEST = 58,
    EXT_ECH_OUTER_EXTENSIONS = 64768,
    EXT_ENCRYPTED_CLIENT_HELLO = 65037
};

/* Where an extension may appear: RFC 9846 §4.3, Table 1. */
typedef enum hs_context {
    CTX_CH = 1 << 0,   /* ClientHello */
    CTX_SH = 1 << 1,   /* ServerHello */
    CTX_HRR = 1 << 2,  /* HelloRetryRequest */
    CTX_EE = 1 << 3,   /* EncryptedExtensions */
    CTX_CT = 1 << 4,   /* Certificate (per CertificateEntry) */
    CTX_CR = 1 << 5,   /* CertificateRequest */
    CTX_NST = 1 << 6   /* NewSessionTicket */
} hs_context;

#define TLS13_VERSION 0x0304
#define TLS12_VERSION 0x0303
#define HS_HEADER_LEN 4
#define HS_RANDOM_LEN 32
#define HS_MAX_SESSION_ID 32

/* A borrowed byte range. */
typedef struct span {
    const uint8_t *data;
    size_t len;
} span;

/* The Handshake header: msg_type, uint24 length. Consumes the 4 header bytes
 * and nothing of the body. Fewer than 4 bytes in r: TLS13_WANT_READ and
 * nothing is consumed (a header may be split across records, §5.1). */
tls13_error hs_read_header(wire_reader *r, uint8_t *type, uint32_t *body_len);

/* Splits one whole handshake message (header + body, exactly `len` bytes)
 * into its type and body: a length that does not match is a decode error. */
tls13_error hs_split_message(const uint8_t *msg, size_t len, uint8_t *type,
                             span *body);

/* True if the extension type is one we recognise (in Table 1 or above). */
bool hs_extension_known(uint16_t type);
/* True if a recognised extension may appear in the given context. */
bool hs_extension_allowed(uint16_t type, hs_context ctx);

/* The 32-byte random of a HelloRetryRequest: SHA-256("HelloRetryRequest"),
 * RFC 9846 §4.2.3. */
extern const uint8_t HS_HELLO_RETRY_REQUEST_RANDOM[HS_RANDOM_LEN];
/* The last 8 bytes of a TLS 1.3 server's random when it negotiates TLS 1.2
 * or below (§4.2.3: "DOWNGRD" 01 / 00). */
extern const uint8_t HS_DOWNGRADE_TLS12[8];
extern const uint8_t HS_DOWNGRADE_TLS11[8];

/* ---- ClientHello (§4.2.2) ---------------------------------------------- */

typedef struct key_share_entry {
    uint16_t group;
    span key_exchange;
} key_share_entry;

#define HS_MAX_KEY_SHARES 16

typedef struct client_hello {
    uint16_t legacy_version;
    uint8_t random[HS_RANDOM_LEN];
    span legacy_session_id;          /* 0..32 bytes */
    span cipher_suites;              /* list of uint16, non-empty, even length */
    span legacy_compression_methods; /* must be exactly { 0 } for TLS 1.3 (§4.2.2) */
    span extensions;                 /* the whole extension block */
    /* Extensions we understand; has_* says whether each was present. */
    bool has_supported_versions;
    span supported_versions;         /* list of uint16 */
    bool has_supported_groups;
    span supported_groups;           /* list of uint16 */
    bool has_signature_algorithms;
    span signature_algorithms;       /* list of uint16 */
    bool has_signature_algorithms_cert;
    span signature_algorithms_cert;
    bool has_key_share;
    key_share_entry key_shares[HS_MAX_KEY_SHARES];
    size_t key_share_count;          /* more than HS_MAX_KEY_SHARES: decode error */
    bool has_server_name;
    span server_name;                /* the host_name, if one was given */
    bool has_alpn;
    span alpn_protocols;             /* ProtocolNameList body: u8-prefixed names */
    bool has_cookie;
    span cookie;
    bool has_psk_key_exchange_modes;
    span psk_key_exchange_modes;     /* list of uint8 */
    bool has_early_data;
    bool has_pre_shared_key;
    span psk_identities;             /* PskIdentity list body */
    span psk_binders;                /* PskBinderEntry list body */
    size_t binders_offset;           /* offset of the binders list (with its length)
                                        from the start of the body: for the
                                        truncated transcript of §4.3.11.2 */
    bool has_record_size_limit;
    uint16_t record_size_limit;      /* >= 64 (RFC 8449 §4) */
    bool has_post_handshake_auth;
} client_hello;

tls13_error hs_parse_client_hello(const uint8_t *body, size_t len, client_hello *ch);

/* Helpers over the lists (each checks bounds; lists were validated by the parser). */
bool hs_u16_list_contains(span list, uint16_t value);
size_t hs_u16_list_count(span list);
uint16_t hs_u16_list_at(span list, size_t i);

/* ---- ServerHello and HelloRetryRequest (§4.2.3, §4.2.4) --------------- */

typedef struct server_hello {
    uint16_t legacy_version;
    uint8_t random[HS_RANDOM_LEN];
    bool is_hello_retry_request;     /* random == HS_HELLO_RETRY_REQUEST_RANDOM */
    span legacy_session_id_echo;
    uint16_t cipher_suite;
    uint8_t legacy_compression_method;
    span extensions;
    bool has_supported_versions;
    uint16_t selected_version;
    bool has_key_share;
    key_share_entry key_share;       /* SH: the server's share */
    uint16_t selected_group;         /* HRR: the group asked for */
    bool has_cookie;
    span cookie;                     /* HRR only */
    bool has_pre_shared_key;
    uint16_t selected_identity;      /* SH only */
    uint16_t extension_types[32];    /* types present, in order (for hs_check_solicited) */
    size_t extension_count;
} server_hello;

tls13_error hs_parse_server_hello(const uint8_t *body, size_t len, server_hello *sh);

/* ---- EncryptedExtensions (§4.4.1) -------------------------------------- */

typedef struct encrypted_extensions {
    span extensions;
    bool has_server_name;            /* empty extension_data */
    bool has_supported_groups;
    span supported_groups;
    bool has_alpn;
    span alpn_protocol;              /* the one selected protocol name */
    bool has_early_data;
    bool has_record_size_limit;
    uint16_t record_size_limit;
    uint16_t extension_types[32];
    size_t extension_count;
} encrypted_extensions;

tls13_error hs_parse_encrypted_extensions(const uint8_t *body, size_t len,
                                          encrypted_extensions *ee);

/* Every extension type in a server message (SH, HRR, EE, and the entries of
 * the server's Certificate) must have been offered by the client (§4.3: else
 * unsupported_extension), cookie in HRR excepted. `offered` is the client's
 * own ClientHello as hs_parse_client_hello parsed it. */
tls13_error hs_check_solicited(const uint16_t *types, size_t count,
                               const client_hello *offered, bool is_hrr);

/* ---- CertificateRequest (§4.4.2) ---------------------------------------- */

typedef struct certificate_request {
    span certificate_request_context;
    span extensions;
    bool has_signature_algorithms;   /* required (§4.4.2) */
    span signature_algorithms;
    bool has_signature_algorithms_cert;
    span signature_algorithms_cert;
} certificate_request;

tls13_error hs_parse_certificate_request(const uint8_t *body, size_t len,
                                         certificate_request *cr);

/* ---- Certificate (§4.5.1) ------------------------------------------------ */

#define HS_MAX_CERT_CHAIN 10

typedef struct certificate_msg {
    span certificate_request_context;
    span cert_data[HS_MAX_CERT_CHAIN];  /* DER certificates, leaf first */
    size_t cert_count;                  /* more than HS_MAX_CERT_CHAIN: error */
    span cert_extensions[HS_MAX_CERT_CHAIN]; /* each entry's extension block */
    uint16_t extension_types[32];       /* types of all entries' extensions, in
                                           order (for hs_check_solicited) */
    size_t extension_count;
} certificate_msg;

tls13_error hs_parse_certificate(const uint8_t *body, size_t len, certificate_msg *cert);

/* ---- CertificateVerify (§4.5.2) ----------------------------------------- */

typedef struct certificate_verify {
    uint16_t algorithm;
    span signature;
} certificate_verify;

tls13_error hs_parse_certificate_verify(const uint8_t *body, size_t len,
                                        certificate_verify *cv);

/* The content that is signed (§4.5.2): 64 spaces, the context string
 * ("TLS 1.3, server CertificateVerify" or "TLS 1.3, client CertificateVerify"),
 * a zero byte, then the transcript hash. Returns its length (<= 146). */
size_t hs_certificate_verify_content(bool server, const uint8_t *transcript_hash,
                                     size_t hash_len, uint8_t out[146]);

/* ---- Finished (§4.5.3) ---------------------------------------------------- */

/* verify_data must be exactly Hash.length bytes: else decode_error. */
tls13_error hs_parse_finished(const uint8_t *body, size_t len, size_t hash_len,
                              span *verify_data);

/* ---- NewSessionTicket (§4.7.1) ---------------------------------------- */

typedef struct new_session_ticket {
    uint32_t ticket_lifetime;        /* <= 604800 (7 days) */
    uint32_t ticket_age_add;
    span ticket_nonce;
    span ticket;                     /* non-empty */
    bool has_early_data;
    uint32_t max_early_data_size;
} new_session_ticket;

tls13_error hs_parse_new_session_ticket(const uint8_t *body, size_t len,
                                        new_session_ticket *nst);

/* ---- KeyUpdate (§4.7.3) ---------------------------------------------------- */

enum { KEY_UPDATE_NOT_REQUESTED = 0, KEY_UPDATE_REQUESTED = 1 };

tls13_error hs_parse_key_update(const uint8_t *body, size_t len, uint8_t *request_update);

/* EndOfEarlyData (§4.6): an empty body. */
tls13_error hs_parse_end_of_early_data(const uint8_t *body, size_t len);

/* ---- writers ----------------------------------------------------------- */

/* What a writer needs to build a ClientHello. Lists are arrays of code points. */
typedef struct client_hello_params {
    uint8_t random[HS_RANDOM_LEN];
    uint8_t legacy_session_id[HS_MAX_SESSION_ID];
    size_t legacy_session_id_len;
    const uint16_t *cipher_suites;
    size_t cipher_suite_count;
    const char *server_name;           /* NULL: no server_name extension */
    const uint16_t *groups;            /* supported_groups */
    size_t group_count;
    const uint16_t *signature_algorithms;
    size_t signature_algorithm_count;
    const key_share_entry *key_shares;
    size_t key_share_count;
    span cookie;                       /* echoed after an HRR; len 0: none */
    const span *alpn;                  /* protocol names; NULL/0: no ALPN */
    size_t alpn_count;
    uint16_t record_size_limit;        /* 0: do not send */
} client_hello_params;

/* Extensions in this order: server_name, supported_groups,
 * signature_algorithms, supported_versions (0x0304 only), key_share, cookie,
 * ALPN, record_size_limit. legacy_version 0x0303, compression { 0 }.
 * Each writer returns false when the writer fails (no room, a field too long
 * for its length prefix) or a required field is missing. */
bool hs_write_client_hello(wire_writer *w, const client_hello_params *p);

typedef struct server_hello_params {
    uint8_t random[HS_RANDOM_LEN];
    span legacy_session_id_echo;
    uint16_t cipher_suite;
    bool hello_retry_request;          /* writes the HRR random, ignores `random` */
    key_share_entry key_share;         /* SH */
    uint16_t selected_group;           /* HRR */
    span cookie;                       /* HRR; len 0: none */
    /* Extension order. Default (false): supported_versions, key_share,
     * pre_shared_key -- OpenSSL's order, the xargs trace's. True:
     * pre_shared_key, key_share, supported_versions -- NSS's and BoringSSL's,
     * as in RFC 8448 and the archived xargs trace. An HRR is always written
     * key_share, cookie, supported_versions (RFC 8448 §5). */
    bool key_share_first;
    bool has_pre_shared_key;           /* SH: PSK accepted */
    uint16_t selected_identity;
} server_hello_params;

bool hs_write_server_hello(wire_writer *w, const server_hello_params *p);

typedef struct encrypted_extensions_params {
    bool server_name_ack;              /* empty server_name: the name was used */
    span alpn_protocol;                /* len 0: none */
    const uint16_t *supported_groups;  /* NULL: none */
    size_t group_count;
    uint16_t record_size_limit;        /* 0: none */
    bool early_data;                   /* 0-RTT accepted (empty early_data) */
} encrypted_extensions_params;

/* Written in RFC 8448's order: supported_groups, record_size_limit,
 * server_name, then ALPN and early_data. */

bool hs_write_encrypted_extensions(wire_writer *w, const encrypted_extensions_params *p);
/* Certificate with an empty context (server) or the request's context (client),
 * each entry with no extensions. count may be 0 (client without a certificate). */
bool hs_write_certificate(wire_writer *w, span context, const span *certs, size_t count);
bool hs_write_certificate_request(wire_writer *w, span context,
                                  const uint16_t *signature_algorithms, size_t count);
bool hs_write_certificate_verify(wire_writer *w, uint16_t algorithm, span signature);
bool hs_write_finished(wire_writer *w, const uint8_t *verify_data, size_t len);
bool hs_write_new_session_ticket(wire_writer *w, const new_session_ticket *nst);
bool hs_write_key_update(wire_writer *w, uint8_t request_update);
bool hs_write_end_of_early_data(wire_writer *w);
/* message_hash for the transcript after an HRR is built by the key schedule. */

#endif /* TLS13_HANDSHAKE_MESSAGES_H */
