/*
 * tls13.h — the public API of libtls13, a TLS 1.3 implementation (RFC 9846).
 *
 * What is here today: the error values every layer returns (each carries the
 * TLS alert it maps to, a sentence and the RFC section it comes from), the
 * cipher-suite, group and alert code points, and the pluggable random source.
 * The connection API (config, connect/accept/read/write) comes with the
 * handshake; see docs/support.md for what is and is not implemented yet.
 */
#ifndef TLS13_H
#define TLS13_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(TLS13_BUILDING_LIBRARY) && defined(__GNUC__)
#define TLS13_API __attribute__((visibility("default")))
#else
#define TLS13_API
#endif

/* AlertDescription, RFC 9846 §6. */
typedef enum tls13_alert {
    TLS13_ALERT_CLOSE_NOTIFY = 0,
    TLS13_ALERT_UNEXPECTED_MESSAGE = 10,
    TLS13_ALERT_BAD_RECORD_MAC = 20,
    TLS13_ALERT_RECORD_OVERFLOW = 22,
    TLS13_ALERT_HANDSHAKE_FAILURE = 40,
    TLS13_ALERT_BAD_CERTIFICATE = 42,
    TLS13_ALERT_UNSUPPORTED_CERTIFICATE = 43,
    TLS13_ALERT_CERTIFICATE_REVOKED = 44,
    TLS13_ALERT_CERTIFICATE_EXPIRED = 45,
    TLS13_ALERT_CERTIFICATE_UNKNOWN = 46,
    TLS13_ALERT_ILLEGAL_PARAMETER = 47,
    TLS13_ALERT_UNKNOWN_CA = 48,
    TLS13_ALERT_ACCESS_DENIED = 49,
    TLS13_ALERT_DECODE_ERROR = 50,
    TLS13_ALERT_DECRYPT_ERROR = 51,
    TLS13_ALERT_PROTOCOL_VERSION = 70,
    TLS13_ALERT_INSUFFICIENT_SECURITY = 71,
    TLS13_ALERT_INTERNAL_ERROR = 80,
    TLS13_ALERT_INAPPROPRIATE_FALLBACK = 86,
    TLS13_ALERT_USER_CANCELED = 90,
    TLS13_ALERT_MISSING_EXTENSION = 109,
    TLS13_ALERT_UNSUPPORTED_EXTENSION = 110,
    TLS13_ALERT_UNRECOGNIZED_NAME = 112,
    TLS13_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE = 113,
    TLS13_ALERT_UNKNOWN_PSK_IDENTITY = 115,
    TLS13_ALERT_CERTIFICATE_REQUIRED = 116,
    TLS13_ALERT_NO_APPLICATION_PROTOCOL = 120,
    /* Not an alert: the error is local and nothing is sent to the peer. */
    TLS13_ALERT_NONE = 255
} tls13_alert;

/*
 * Every error of every layer. TLS13_OK is zero; everything else is an error
 * value with a fixed alert, sentence and RFC section (tls13_error_alert,
 * tls13_error_message, tls13_error_rfc_section). The table lives in
 * src/error.c; tests/test_error.c walks every entry.
 */
typedef enum tls13_error {
    TLS13_OK = 0,
    /* Not failures: the sans-IO core needs more input, or has output pending. */
    TLS13_WANT_READ,
    TLS13_WANT_WRITE,

    /* Local errors (no alert is owed to the peer for them). */
    TLS13_ERR_INVALID_ARGUMENT,
    TLS13_ERR_BUFFER_TOO_SMALL,
    TLS13_ERR_OUT_OF_MEMORY,
    TLS13_ERR_RANDOM_FAILED,
    TLS13_ERR_UNSUPPORTED_CIPHER_SUITE,
    TLS13_ERR_UNSUPPORTED_GROUP,
    TLS13_ERR_BAD_PRIVATE_KEY,
    TLS13_ERR_SEQUENCE_EXHAUSTED,
    TLS13_ERR_NO_KEYS,
    TLS13_ERR_INTERNAL_WRITE,
    TLS13_ERR_SOCKET,
    TLS13_ERR_NO_CERTIFICATE_CONFIGURED,
    TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE,
    TLS13_ERR_FILE_READ,
    TLS13_ERR_PEM,
    TLS13_ERR_BAD_KEY_FILE,
    TLS13_ERR_SIGN_FAILED,

    /* Record layer (RFC 9846 §5). */
    TLS13_ERR_RECORD_UNKNOWN_TYPE,
    TLS13_ERR_RECORD_OVERFLOW,
    TLS13_ERR_RECORD_CIPHERTEXT_OVERFLOW,
    TLS13_ERR_RECORD_INNER_OVERFLOW,
    TLS13_ERR_RECORD_BAD_MAC,
    TLS13_ERR_RECORD_NO_CONTENT_TYPE,
    TLS13_ERR_RECORD_EMPTY_FRAGMENT,
    TLS13_ERR_RECORD_TOO_SHORT,
    TLS13_ERR_RECORD_PROTECTED_CCS,
    TLS13_ERR_RECORD_UNPROTECTED,

    /* Key exchange (RFC 9846 §4.3.8.2, §7.4). */
    TLS13_ERR_BAD_KEY_SHARE,
    TLS13_ERR_ZERO_SHARED_SECRET,

    /* Key schedule. */
    TLS13_ERR_HKDF_LENGTH,

    /* Handshake state machines (RFC 9846 §4, Appendix A). */
    TLS13_ERR_UNEXPECTED_MESSAGE,
    TLS13_ERR_MESSAGE_TOO_LARGE,
    TLS13_ERR_HANDSHAKE_INTERLEAVED,
    TLS13_ERR_NO_TLS13,
    TLS13_ERR_LEGACY_COMPRESSION,
    TLS13_ERR_NO_COMMON_CIPHER_SUITE,
    TLS13_ERR_NO_COMMON_GROUP,
    TLS13_ERR_NO_COMMON_SIGNATURE_SCHEME,
    TLS13_ERR_MISSING_KEY_SHARE_OR_GROUPS,
    TLS13_ERR_MISSING_SIGNATURE_ALGORITHMS,
    TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS,
    TLS13_ERR_SERVER_CHOSE_UNOFFERED_SUITE,
    TLS13_ERR_SERVER_CHOSE_UNOFFERED_GROUP,
    TLS13_ERR_SERVER_NO_KEY_SHARE,
    TLS13_ERR_SERVER_LEGACY_VERSION,
    TLS13_ERR_PSK_WITHOUT_MODES,
    TLS13_ERR_SERVER_WRONG_VERSION,
    TLS13_ERR_SERVER_SESSION_ID_MISMATCH,
    TLS13_ERR_SERVER_SELECTED_PSK,
    TLS13_ERR_DOWNGRADE_DETECTED,
    TLS13_ERR_SECOND_HELLO_RETRY_REQUEST,
    TLS13_ERR_HRR_CHANGED_NOTHING,
    TLS13_ERR_HRR_GROUP_ALREADY_SENT,
    TLS13_ERR_SUITE_CHANGED_AFTER_HRR,
    TLS13_ERR_CLIENT_HELLO2_MISMATCH,
    TLS13_ERR_BAD_COOKIE,
    TLS13_ERR_BAD_FINISHED,
    TLS13_ERR_EMPTY_CERTIFICATE,
    TLS13_ERR_CERTIFICATE_NOT_TRUSTED,
    TLS13_ERR_CV_SCHEME_NOT_OFFERED,
    TLS13_ERR_BAD_CCS,
    TLS13_ERR_CCS_AFTER_HANDSHAKE,
    TLS13_ERR_ALPN_MISMATCH,
    TLS13_ERR_DATA_BEFORE_HANDSHAKE,
    TLS13_ERR_TOO_MANY_EMPTY_RECORDS,

    /* Certificate path validation (RFC 5280 §6, RFC 6125). */
    TLS13_ERR_CERT_EXPIRED,
    TLS13_ERR_CERT_NOT_YET_VALID,
    TLS13_ERR_CERT_UNKNOWN_CA,
    TLS13_ERR_CERT_NOT_A_CA,
    TLS13_ERR_CERT_PATH_TOO_LONG,
    TLS13_ERR_CERT_BAD_SIGNATURE,
    TLS13_ERR_CERT_HOSTNAME_MISMATCH,
    TLS13_ERR_CERT_WRONG_PURPOSE,
    TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION,
    TLS13_ERR_CERT_NAME_CONSTRAINTS,
    TLS13_ERR_CERTIFICATE_REQUIRED,
    TLS13_ERR_BAD_CERT_REQUEST_CONTEXT,

    /* Alerts and closure (RFC 9846 §6). */
    TLS13_ERR_PEER_ALERT,
    TLS13_ERR_PEER_CLOSED,
    TLS13_ERR_BAD_ALERT,
    TLS13_ERR_TRUNCATED,
    TLS13_ERR_CLOSED,

    /* Signatures and certificates (RFC 9846 §4.3.3, §4.5.1, §4.5.2). */
    TLS13_ERR_BAD_SIGNATURE,
    TLS13_ERR_BAD_CERTIFICATE,
    TLS13_ERR_UNSUPPORTED_KEY,

    /* Handshake message decoding (RFC 9846 §4, extensions §4.3). */
    TLS13_ERR_DUPLICATE_EXTENSION,
    TLS13_ERR_EXTENSION_NOT_ALLOWED,
    TLS13_ERR_UNSOLICITED_EXTENSION,
    TLS13_ERR_PRE_SHARED_KEY_NOT_LAST,
    TLS13_ERR_PSK_BINDER_COUNT,
    TLS13_ERR_SERVER_HELLO_COMPRESSION,
    TLS13_ERR_RECORD_SIZE_LIMIT_TOO_SMALL,
    TLS13_ERR_CERTIFICATE_CHAIN_TOO_LONG,
    TLS13_ERR_TICKET_LIFETIME_TOO_LONG,
    TLS13_ERR_BAD_KEY_UPDATE,
    TLS13_ERR_BAD_SERVER_NAME,

    /* Decoding. */
    TLS13_ERR_DECODE,

    TLS13_ERR__COUNT /* number of values; not an error */
} tls13_error;

/* The alert a peer is sent for this error (TLS13_ALERT_NONE when none is owed). */
TLS13_API tls13_alert tls13_error_alert(tls13_error err);
/* A human sentence saying what went wrong, e.g. "record is longer than 2^14 bytes". */
TLS13_API const char *tls13_error_message(tls13_error err);
/* The RFC section the rule comes from ("RFC 9846 §5.1"), or "" for local errors. */
TLS13_API const char *tls13_error_rfc_section(tls13_error err);
/* The symbolic name ("TLS13_ERR_RECORD_OVERFLOW"). */
TLS13_API const char *tls13_error_name(tls13_error err);
/* The alert's name as the RFC spells it ("record_overflow"). */
TLS13_API const char *tls13_alert_name(tls13_alert alert);

/* CipherSuite code points, RFC 9846 §B.4. */
enum {
    TLS13_AES_128_GCM_SHA256 = 0x1301,
    TLS13_AES_256_GCM_SHA384 = 0x1302,
    TLS13_CHACHA20_POLY1305_SHA256 = 0x1303
};

/* NamedGroup code points, RFC 9846 §4.3.7. */
enum {
    TLS13_GROUP_SECP256R1 = 0x0017,
    TLS13_GROUP_X25519 = 0x001d
};

/*
 * The random source. Everything random the library does (key shares, the
 * hello randoms, padding choices) draws from one of these. The default is the
 * operating system's CSPRNG (libsodium randombytes_buf). A test replaying a
 * trace supplies its own so the run is deterministic. Returns 0 on success.
 */
typedef int (*tls13_random_fn)(void *ctx, uint8_t *out, size_t len);

typedef struct tls13_random_source {
    tls13_random_fn fill;
    void *ctx;
} tls13_random_source;

/* ---- configuration ------------------------------------------------------
 *
 * A config is shared by any number of connections and must outlive them.
 * Safe defaults: all three cipher suites, X25519 then secp256r1, certificate
 * verification on (a client checks the server's chain against the system's CA
 * bundle and its host name; pins replace that check), two NewSessionTickets
 * from a server.
 */
typedef struct tls13_config tls13_config;

TLS13_API tls13_config *tls13_config_new(void);
TLS13_API void tls13_config_free(tls13_config *cfg);

/* Cipher suites in preference order, OpenSSL-style names separated by ':'
 * ("TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256"). For a server the
 * order is its preference. */
TLS13_API tls13_error tls13_config_set_cipher_suites(tls13_config *cfg, const char *list);
/* Key exchange groups in preference order, ':'-separated: "X25519",
 * "P-256" (also "secp256r1", "prime256v1"). A client sends a key share for the
 * first one. */
TLS13_API tls13_error tls13_config_set_groups(tls13_config *cfg, const char *list);
/* ALPN protocols in preference order, ','-separated ("h2,http/1.1"). */
TLS13_API tls13_error tls13_config_set_alpn(tls13_config *cfg, const char *list);

/* The certificate chain (PEM, leaf first) and its private key (PEM: PKCS#8
 * Ed25519, RSA or EC, "RSA PRIVATE KEY" or "EC PRIVATE KEY"). A server
 * presents them; a client presents them when the server asks (mutual TLS). */
TLS13_API tls13_error tls13_config_set_cert_file(tls13_config *cfg, const char *path);
TLS13_API tls13_error tls13_config_set_key_file(tls13_config *cfg, const char *path);
TLS13_API tls13_error tls13_config_set_cert_pem(tls13_config *cfg, const char *pem, size_t len);
TLS13_API tls13_error tls13_config_set_key_pem(tls13_config *cfg, const char *pem, size_t len);
/* TLS13_OK when a certificate and its private key are configured and belong
 * together; TLS13_ERR_NO_CERTIFICATE_CONFIGURED or
 * TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE otherwise. Handshakes check this
 * too; a tool can call it at start-up to fail early. */
TLS13_API tls13_error tls13_config_check_credentials(const tls13_config *cfg);
/* Makes a throwaway self-signed Ed25519 certificate for `name` and uses it.
 * Its SHA-256 fingerprint is written to fingerprint (32 bytes) if non-NULL. */
TLS13_API tls13_error tls13_config_use_self_signed(tls13_config *cfg, const char *name,
                                                   uint8_t fingerprint[32]);
/* Pinning: the server certificate is accepted if it equals one pinned here
 * (a PEM file with a CERTIFICATE or a PUBLIC KEY, the leaf's key), instead of
 * path validation. May be called more than once. */
TLS13_API tls13_error tls13_config_add_pin_file(tls13_config *cfg, const char *path);
/* Turns certificate checking off: any server certificate is accepted (its
 * CertificateVerify signature is still checked). For tests only. */
TLS13_API void tls13_config_insecure_noverifycert(tls13_config *cfg);

/* Trust anchors for checking the peer's certificate chain (RFC 5280 path
 * validation): a PEM bundle. A new config trusts the system's bundle,
 * /etc/ssl/certs/ca-certificates.crt, when it exists; this replaces it. */
TLS13_API tls13_error tls13_config_set_ca_file(tls13_config *cfg, const char *path);
/* Server: ask clients for a certificate and check it against this CA bundle
 * (mutual TLS). Without tls13_config_require_client_cert a client that sends
 * none is still accepted. */
TLS13_API tls13_error tls13_config_set_verify_client_file(tls13_config *cfg, const char *path);
TLS13_API void tls13_config_require_client_cert(tls13_config *cfg);
/* The clock used to check certificate validity: seconds since the Unix
 * epoch (default: time(NULL)). A test pins it to replay old traces. */
typedef int64_t (*tls13_time_fn)(void *ctx);
TLS13_API void tls13_config_set_time(tls13_config *cfg, tls13_time_fn now, void *ctx);

TLS13_API void tls13_config_set_random(tls13_config *cfg, tls13_random_source rng);
/* Number of NewSessionTickets a server sends after the handshake (0..8). */
TLS13_API tls13_error tls13_config_set_tickets(tls13_config *cfg, unsigned count);

/* Key logging in the NSS SSLKEYLOGFILE format, one line per secret
 * ("CLIENT_HANDSHAKE_TRAFFIC_SECRET <client_random> <secret>"). */
typedef void (*tls13_keylog_fn)(void *ctx, const char *line);
TLS13_API void tls13_config_set_keylog_callback(tls13_config *cfg, tls13_keylog_fn fn, void *ctx);
/* Appends to a file (created 0600); the file stays open while the config lives. */
TLS13_API tls13_error tls13_config_set_keylog_file(tls13_config *cfg, const char *path);

/* What happens in a handshake, for teaching views (--explain): every
 * handshake message sent or received (whole, with its header), every secret
 * derived, every record sent (whole, as on the wire) and every record
 * received (its content after deprotection; `name` is its real content
 * type, e.g. "handshake"). */
typedef enum tls13_event_type {
    TLS13_EVENT_MESSAGE_SENT,
    TLS13_EVENT_MESSAGE_RECEIVED,
    TLS13_EVENT_SECRET,
    TLS13_EVENT_RECORD_SENT,
    TLS13_EVENT_RECORD_RECEIVED,
    TLS13_EVENT_STATE,
    TLS13_EVENT_ALERT_SENT,
    TLS13_EVENT_ALERT_RECEIVED
} tls13_event_type;

typedef struct tls13_event {
    tls13_event_type type;
    const char *name;       /* message type, secret label, or state name */
    const uint8_t *data;
    size_t len;
} tls13_event;

typedef void (*tls13_event_fn)(void *ctx, const tls13_event *event);
TLS13_API void tls13_config_set_event_callback(tls13_config *cfg, tls13_event_fn fn, void *ctx);

/* ---- the connection: a sans-IO core ----------------------------------------
 *
 * A connection takes bytes from the peer (tls13_conn_recv) and gives bytes
 * for the peer (tls13_conn_pending_output / tls13_conn_output_done); it never
 * touches a socket. Randomness comes from the config.
 */
typedef struct tls13_conn tls13_conn;

/* server_name: the host the client connects to. A DNS name is sent in SNI
 * and checked against the certificate; an IP literal ("127.0.0.1", "::1")
 * is not sent (RFC 6066 §3) but is checked against the certificate's IP
 * addresses. NULL: no SNI and no name check (only with pins or insecure). */
TLS13_API tls13_conn *tls13_client_new(const tls13_config *cfg, const char *server_name);
TLS13_API tls13_conn *tls13_server_new(const tls13_config *cfg);
TLS13_API void tls13_conn_free(tls13_conn *conn);

/* Drives the handshake: TLS13_OK once it is complete, TLS13_WANT_READ while
 * it waits for the peer (send the pending output first), or an error. */
TLS13_API tls13_error tls13_conn_handshake(tls13_conn *conn);
/* Feeds bytes received from the peer. *consumed says how many were taken;
 * the connection stops taking input while decrypted application data is
 * waiting to be read. After the peer's close_notify nothing more is taken:
 * TLS13_ERR_PEER_CLOSED. */
TLS13_API tls13_error tls13_conn_recv(tls13_conn *conn, const uint8_t *data, size_t len,
                                      size_t *consumed);
/* The bytes waiting to be sent to the peer, and how many were sent. */
TLS13_API size_t tls13_conn_pending_output(const tls13_conn *conn, const uint8_t **data);
TLS13_API void tls13_conn_output_done(tls13_conn *conn, size_t n);

/* Application data. read returns TLS13_WANT_READ when nothing is buffered,
 * TLS13_ERR_PEER_CLOSED after the peer's close_notify. write encrypts all of
 * data into the pending output (fragmented into records). */
TLS13_API tls13_error tls13_conn_read(tls13_conn *conn, uint8_t *buf, size_t cap, size_t *n);
TLS13_API tls13_error tls13_conn_write(tls13_conn *conn, const uint8_t *data, size_t len);
/* Queues close_notify (RFC 9846 §6.1). */
TLS13_API tls13_error tls13_conn_close(tls13_conn *conn);
/* Sends a KeyUpdate (RFC 9846 §4.7.3), asking the peer to update too if
 * request_peer. */
TLS13_API tls13_error tls13_conn_key_update(tls13_conn *conn, int request_peer);

TLS13_API int tls13_conn_handshake_done(const tls13_conn *conn);
/* TLS-Exporter(label, context_value, length) (RFC 9846 §7.5, the keying
 * material exporter of RFC 5705): once the handshake is done, both sides get
 * the same `len` bytes. context NULL means "no context" -- which RFC 9846
 * treats like an empty one. TLS13_ERR_INVALID_ARGUMENT before the handshake
 * is done or for a label longer than 249 bytes. */
TLS13_API tls13_error tls13_conn_export(const tls13_conn *conn, const char *label,
                                        const uint8_t *context, size_t context_len,
                                        uint8_t *out, size_t len);
/* The last error, and a sentence with its details. */
TLS13_API tls13_error tls13_conn_error(const tls13_conn *conn);
TLS13_API const char *tls13_conn_error_message(const tls13_conn *conn);
/* The alert the peer sent (TLS13_ALERT_NONE if none). */
TLS13_API tls13_alert tls13_conn_peer_alert(const tls13_conn *conn);

/* What was negotiated (valid once the handshake is done). */
TLS13_API uint16_t tls13_conn_cipher_suite(const tls13_conn *conn);
TLS13_API const char *tls13_conn_cipher_suite_name(const tls13_conn *conn);
TLS13_API uint16_t tls13_conn_group(const tls13_conn *conn);
TLS13_API const char *tls13_conn_group_name(const tls13_conn *conn);
TLS13_API uint16_t tls13_conn_signature_scheme(const tls13_conn *conn);
TLS13_API const char *tls13_conn_signature_scheme_name(const tls13_conn *conn);
/* The selected ALPN protocol (NULL if none); *len is set. */
TLS13_API const char *tls13_conn_alpn(const tls13_conn *conn, size_t *len);
/* The server name the client sent (server side; NULL if none). */
TLS13_API const char *tls13_conn_server_name(const tls13_conn *conn);
/* Whether a HelloRetryRequest was part of the handshake. */
TLS13_API int tls13_conn_did_hello_retry(const tls13_conn *conn);
/* The peer's leaf certificate (DER), once its CertificateVerify checked out;
 * NULL before that, or if the peer sent none. */
TLS13_API const uint8_t *tls13_conn_peer_certificate(const tls13_conn *conn, size_t *len);

/* ---- the file-descriptor API (libtls-style) ------------------------------
 *
 * On top of the sans-IO core: the connection reads and writes a socket
 * itself. On a non-blocking socket every call may return TLS13_WANT_READ or
 * TLS13_WANT_WRITE: call it again when the socket is ready.
 */
typedef struct tls13_socket tls13_socket;

TLS13_API tls13_socket *tls13_socket_client(const tls13_config *cfg, int fd,
                                            const char *server_name);
TLS13_API tls13_socket *tls13_socket_server(const tls13_config *cfg, int fd);
/* Runs the handshake (connect / accept). */
TLS13_API tls13_error tls13_socket_handshake(tls13_socket *s);
/* Reads application data: *n bytes, or TLS13_ERR_PEER_CLOSED at the end. */
TLS13_API tls13_error tls13_socket_read(tls13_socket *s, void *buf, size_t cap, size_t *n);
/* Writes data. *n says whether it was taken -- always all of it (*n == len)
 * or none (*n == 0); on a non-blocking socket:
 *   TLS13_OK                 taken and sent;
 *   TLS13_WANT_WRITE, *n==len  taken, not all sent yet: do NOT offer it again;
 *                            when the socket is writable, call with len 0
 *                            (which only flushes) until TLS13_OK;
 *   TLS13_WANT_WRITE, *n==0  not taken (output of an earlier call still
 *                            waits): offer the same data again later. */
TLS13_API tls13_error tls13_socket_write(tls13_socket *s, const void *data, size_t len,
                                         size_t *n);
/* Sends close_notify and flushes; does not close the fd. */
TLS13_API tls13_error tls13_socket_close(tls13_socket *s);
TLS13_API tls13_conn *tls13_socket_conn(tls13_socket *s);
/* Frees the socket object (not the fd). */
TLS13_API void tls13_socket_free(tls13_socket *s);

/* The library version, "MAJOR.MINOR.PATCH". */
TLS13_API const char *tls13_version(void);

#ifdef __cplusplus
}
#endif

#endif /* TLS13_H */
