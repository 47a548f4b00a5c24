/*
 * error.c — one error, one alert, in one place.
 *
 * Every tls13_error value has exactly one row here: the alert the peer is sent
 * (or TLS13_ALERT_NONE for local errors), a sentence for humans, and the RFC
 * section the rule comes from. Layers return error values; only the connection
 * layer turns them into alerts, by looking them up here.
 * tests/test_error.c walks every row.
 */
#include "tls13.h"

#include <stddef.h>

typedef struct error_row {
    tls13_error err;
    const char *name;
    tls13_alert alert;
    const char *message;
    const char *section;
} error_row;

#define ROW(e, a, msg, sec) { e, #e, a, msg, sec }

static const error_row error_table[] = {
    ROW(TLS13_OK, TLS13_ALERT_NONE, "success", ""),
    ROW(TLS13_WANT_READ, TLS13_ALERT_NONE, "more input is needed", ""),
    ROW(TLS13_WANT_WRITE, TLS13_ALERT_NONE, "output is waiting to be sent", ""),

    ROW(TLS13_ERR_INVALID_ARGUMENT, TLS13_ALERT_NONE,
        "invalid argument passed to the library", ""),
    ROW(TLS13_ERR_BUFFER_TOO_SMALL, TLS13_ALERT_INTERNAL_ERROR,
        "output buffer is too small", ""),
    ROW(TLS13_ERR_OUT_OF_MEMORY, TLS13_ALERT_INTERNAL_ERROR, "out of memory", ""),
    ROW(TLS13_ERR_RANDOM_FAILED, TLS13_ALERT_INTERNAL_ERROR,
        "the random source failed", ""),
    ROW(TLS13_ERR_UNSUPPORTED_CIPHER_SUITE, TLS13_ALERT_HANDSHAKE_FAILURE,
        "cipher suite is not supported", "RFC 9846 §4.2.1"),
    ROW(TLS13_ERR_UNSUPPORTED_GROUP, TLS13_ALERT_HANDSHAKE_FAILURE,
        "key exchange group is not supported", "RFC 9846 §4.3.7"),
    ROW(TLS13_ERR_BAD_PRIVATE_KEY, TLS13_ALERT_INTERNAL_ERROR,
        "private key has the wrong length or is out of range", ""),
    ROW(TLS13_ERR_SEQUENCE_EXHAUSTED, TLS13_ALERT_INTERNAL_ERROR,
        "record sequence number would wrap; the keys must be updated first",
        "RFC 9846 §5.3"),
    ROW(TLS13_ERR_NO_KEYS, TLS13_ALERT_INTERNAL_ERROR,
        "record protection has no keys installed", ""),
    ROW(TLS13_ERR_INTERNAL_WRITE, TLS13_ALERT_INTERNAL_ERROR,
        "could not build a handshake message (a field is too long)", ""),
    ROW(TLS13_ERR_SOCKET, TLS13_ALERT_NONE,
        "the socket failed (errno says why)", ""),
    ROW(TLS13_ERR_NO_CERTIFICATE_CONFIGURED, TLS13_ALERT_INTERNAL_ERROR,
        "the server has no certificate and key configured", ""),
    ROW(TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE, TLS13_ALERT_INTERNAL_ERROR,
        "the configured private key is not the certificate's key", ""),
    ROW(TLS13_ERR_FILE_READ, TLS13_ALERT_NONE,
        "file could not be opened or read (or is too large)", ""),
    ROW(TLS13_ERR_PEM, TLS13_ALERT_NONE,
        "PEM text is malformed or has no block of the expected kind", ""),
    ROW(TLS13_ERR_BAD_KEY_FILE, TLS13_ALERT_NONE,
        "private key is malformed, inconsistent or of an unsupported kind", ""),
    ROW(TLS13_ERR_SIGN_FAILED, TLS13_ALERT_INTERNAL_ERROR,
        "could not sign: the key does not fit the scheme, or the signer failed", ""),

    ROW(TLS13_ERR_RECORD_UNKNOWN_TYPE, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "record has an unknown content type", "RFC 9846 §5"),
    ROW(TLS13_ERR_RECORD_OVERFLOW, TLS13_ALERT_RECORD_OVERFLOW,
        "plaintext record is longer than 2^14 bytes", "RFC 9846 §5.1"),
    ROW(TLS13_ERR_RECORD_CIPHERTEXT_OVERFLOW, TLS13_ALERT_RECORD_OVERFLOW,
        "protected record is longer than 2^14 + 256 bytes", "RFC 9846 §5.2"),
    ROW(TLS13_ERR_RECORD_INNER_OVERFLOW, TLS13_ALERT_RECORD_OVERFLOW,
        "decrypted record is longer than 2^14 + 1 bytes", "RFC 9846 §5.2"),
    ROW(TLS13_ERR_RECORD_BAD_MAC, TLS13_ALERT_BAD_RECORD_MAC,
        "record failed authentication (wrong key, or tampered with)",
        "RFC 9846 §5.2"),
    ROW(TLS13_ERR_RECORD_NO_CONTENT_TYPE, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "decrypted record is all zeros: it has no content type", "RFC 9846 §5.4"),
    ROW(TLS13_ERR_RECORD_EMPTY_FRAGMENT, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "zero-length handshake or alert record", "RFC 9846 §5.1"),
    ROW(TLS13_ERR_RECORD_TOO_SHORT, TLS13_ALERT_BAD_RECORD_MAC,
        "protected record is shorter than its authentication tag", "RFC 9846 §5.2"),
    ROW(TLS13_ERR_RECORD_PROTECTED_CCS, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "change_cipher_spec record arrived protected", "RFC 9846 §5"),
    ROW(TLS13_ERR_RECORD_UNPROTECTED, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "handshake or alert record arrived unprotected after record protection started",
        "RFC 9846 §5.1"),

    ROW(TLS13_ERR_BAD_KEY_SHARE, TLS13_ALERT_ILLEGAL_PARAMETER,
        "peer's key share is not a valid public key for its group",
        "RFC 9846 §4.3.8.2"),
    ROW(TLS13_ERR_ZERO_SHARED_SECRET, TLS13_ALERT_ILLEGAL_PARAMETER,
        "X25519 shared secret is all zeros (peer sent a small-order point)",
        "RFC 9846 §7.4.2"),

    ROW(TLS13_ERR_HKDF_LENGTH, TLS13_ALERT_INTERNAL_ERROR,
        "HKDF output length is out of range", "RFC 5869 §2.3"),

    ROW(TLS13_ERR_UNEXPECTED_MESSAGE, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "handshake message arrived out of order for this state", "RFC 9846 Appendix A"),
    ROW(TLS13_ERR_MESSAGE_TOO_LARGE, TLS13_ALERT_ILLEGAL_PARAMETER,
        "handshake message is larger than this implementation accepts", "RFC 9846 §4"),
    ROW(TLS13_ERR_HANDSHAKE_INTERLEAVED, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "handshake message is split across a key change or interleaved with other records",
        "RFC 9846 §5.1"),
    ROW(TLS13_ERR_NO_TLS13, TLS13_ALERT_PROTOCOL_VERSION,
        "peer does not offer TLS 1.3 (supported_versions lacks 0x0304)", "RFC 9846 §4.3.1"),
    ROW(TLS13_ERR_LEGACY_COMPRESSION, TLS13_ALERT_ILLEGAL_PARAMETER,
        "legacy_compression_methods must be exactly the null method", "RFC 9846 §4.2.2"),
    ROW(TLS13_ERR_NO_COMMON_CIPHER_SUITE, TLS13_ALERT_HANDSHAKE_FAILURE,
        "no cipher suite is offered by both sides", "RFC 9846 §4.2.1"),
    ROW(TLS13_ERR_NO_COMMON_GROUP, TLS13_ALERT_HANDSHAKE_FAILURE,
        "no key exchange group is supported by both sides", "RFC 9846 §4.2.1"),
    ROW(TLS13_ERR_NO_COMMON_SIGNATURE_SCHEME, TLS13_ALERT_HANDSHAKE_FAILURE,
        "no signature scheme offered by the peer fits our key", "RFC 9846 §4.5.2"),
    ROW(TLS13_ERR_MISSING_KEY_SHARE_OR_GROUPS, TLS13_ALERT_MISSING_EXTENSION,
        "ClientHello has key_share without supported_groups or the reverse", "RFC 9846 §9.2"),
    ROW(TLS13_ERR_MISSING_SIGNATURE_ALGORITHMS, TLS13_ALERT_MISSING_EXTENSION,
        "certificate authentication needs the signature_algorithms extension",
        "RFC 9846 §9.2"),
    ROW(TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS, TLS13_ALERT_ILLEGAL_PARAMETER,
        "a key share's group is missing from supported_groups or appears twice",
        "RFC 9846 §4.3.8"),
    ROW(TLS13_ERR_SERVER_CHOSE_UNOFFERED_SUITE, TLS13_ALERT_ILLEGAL_PARAMETER,
        "server selected a cipher suite the client did not offer", "RFC 9846 §4.2.3"),
    ROW(TLS13_ERR_SERVER_CHOSE_UNOFFERED_GROUP, TLS13_ALERT_ILLEGAL_PARAMETER,
        "server's key share is for a group the client did not send a share for",
        "RFC 9846 §4.3.8"),
    ROW(TLS13_ERR_SERVER_WRONG_VERSION, TLS13_ALERT_ILLEGAL_PARAMETER,
        "server selected a version other than TLS 1.3 in supported_versions",
        "RFC 9846 §4.3.1"),
    ROW(TLS13_ERR_SERVER_LEGACY_VERSION, TLS13_ALERT_PROTOCOL_VERSION,
        "ServerHello legacy_version is not 0x0303", "RFC 9846 §4.2.3"),
    ROW(TLS13_ERR_PSK_WITHOUT_MODES, TLS13_ALERT_MISSING_EXTENSION,
        "ClientHello offers a pre_shared_key without psk_key_exchange_modes",
        "RFC 9846 §4.3.9"),
    ROW(TLS13_ERR_SERVER_NO_KEY_SHARE, TLS13_ALERT_MISSING_EXTENSION,
        "ServerHello has no key_share and no pre-shared key was offered", "RFC 9846 §4.3.8"),
    ROW(TLS13_ERR_SERVER_SESSION_ID_MISMATCH, TLS13_ALERT_ILLEGAL_PARAMETER,
        "server's legacy_session_id_echo differs from the client's session id",
        "RFC 9846 §4.2.3"),
    ROW(TLS13_ERR_SERVER_SELECTED_PSK, TLS13_ALERT_ILLEGAL_PARAMETER,
        "server selected a pre-shared key the client did not offer", "RFC 9846 §4.3.11"),
    ROW(TLS13_ERR_DOWNGRADE_DETECTED, TLS13_ALERT_ILLEGAL_PARAMETER,
        "server random carries a downgrade sentinel", "RFC 9846 §4.2.3"),
    ROW(TLS13_ERR_SECOND_HELLO_RETRY_REQUEST, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "server sent a second HelloRetryRequest", "RFC 9846 §4.2.4"),
    ROW(TLS13_ERR_HRR_CHANGED_NOTHING, TLS13_ALERT_ILLEGAL_PARAMETER,
        "HelloRetryRequest would not change the ClientHello", "RFC 9846 §4.2.4"),
    ROW(TLS13_ERR_HRR_GROUP_ALREADY_SENT, TLS13_ALERT_ILLEGAL_PARAMETER,
        "HelloRetryRequest asks for a group the client did not offer or already sent",
        "RFC 9846 §4.3.8"),
    ROW(TLS13_ERR_SUITE_CHANGED_AFTER_HRR, TLS13_ALERT_ILLEGAL_PARAMETER,
        "ServerHello's cipher suite differs from the HelloRetryRequest's", "RFC 9846 §4.2.4"),
    ROW(TLS13_ERR_CLIENT_HELLO2_MISMATCH, TLS13_ALERT_ILLEGAL_PARAMETER,
        "second ClientHello does not answer the HelloRetryRequest", "RFC 9846 §4.2.2"),
    ROW(TLS13_ERR_BAD_COOKIE, TLS13_ALERT_ILLEGAL_PARAMETER,
        "second ClientHello does not echo the cookie", "RFC 9846 §4.3.2"),
    ROW(TLS13_ERR_BAD_FINISHED, TLS13_ALERT_DECRYPT_ERROR,
        "Finished verify_data is wrong", "RFC 9846 §4.5.3"),
    ROW(TLS13_ERR_EMPTY_CERTIFICATE, TLS13_ALERT_DECODE_ERROR,
        "server sent an empty Certificate message", "RFC 9846 §4.5.1.3"),
    ROW(TLS13_ERR_CERTIFICATE_NOT_TRUSTED, TLS13_ALERT_BAD_CERTIFICATE,
        "server certificate matches no pinned certificate or key", "RFC 9846 §4.5.1.3"),
    ROW(TLS13_ERR_CV_SCHEME_NOT_OFFERED, TLS13_ALERT_ILLEGAL_PARAMETER,
        "CertificateVerify uses a scheme we did not offer or that does not fit the key",
        "RFC 9846 §4.5.2"),
    ROW(TLS13_ERR_BAD_CCS, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "change_cipher_spec record is not the single byte 0x01", "RFC 9846 §5"),
    ROW(TLS13_ERR_CCS_AFTER_HANDSHAKE, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "change_cipher_spec record outside the handshake", "RFC 9846 §5"),
    ROW(TLS13_ERR_ALPN_MISMATCH, TLS13_ALERT_NO_APPLICATION_PROTOCOL,
        "no application protocol is offered by both sides", "RFC 7301 §3.2"),
    ROW(TLS13_ERR_TOO_MANY_EMPTY_RECORDS, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "too many records in a row that carry nothing (change_cipher_spec, empty "
        "data, user_canceled)", "RFC 9846 §5.1"),
    ROW(TLS13_ERR_DATA_BEFORE_HANDSHAKE, TLS13_ALERT_UNEXPECTED_MESSAGE,
        "application data arrived before the handshake finished", "RFC 9846 §5.1"),

    ROW(TLS13_ERR_CERT_EXPIRED, TLS13_ALERT_CERTIFICATE_EXPIRED,
        "a certificate in the chain has expired", "RFC 5280 §6.1.3"),
    ROW(TLS13_ERR_CERT_NOT_YET_VALID, TLS13_ALERT_CERTIFICATE_EXPIRED,
        "a certificate in the chain is not yet valid", "RFC 5280 §6.1.3"),
    ROW(TLS13_ERR_CERT_UNKNOWN_CA, TLS13_ALERT_UNKNOWN_CA,
        "the chain does not lead to a trusted root", "RFC 5280 §6.1"),
    ROW(TLS13_ERR_CERT_NOT_A_CA, TLS13_ALERT_BAD_CERTIFICATE,
        "a certificate that is not a CA signed another certificate", "RFC 5280 §4.2.1.9"),
    ROW(TLS13_ERR_CERT_PATH_TOO_LONG, TLS13_ALERT_BAD_CERTIFICATE,
        "the chain is longer than a pathLenConstraint or our depth limit allows",
        "RFC 5280 §4.2.1.9"),
    ROW(TLS13_ERR_CERT_BAD_SIGNATURE, TLS13_ALERT_BAD_CERTIFICATE,
        "a certificate's signature does not verify with its issuer's key", "RFC 5280 §6.1.3"),
    ROW(TLS13_ERR_CERT_HOSTNAME_MISMATCH, TLS13_ALERT_BAD_CERTIFICATE,
        "the certificate is not for the host name we connected to", "RFC 6125 §6"),
    ROW(TLS13_ERR_CERT_WRONG_PURPOSE, TLS13_ALERT_UNSUPPORTED_CERTIFICATE,
        "a certificate's keyUsage or extendedKeyUsage does not allow this use",
        "RFC 5280 §4.2.1.3"),
    ROW(TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION, TLS13_ALERT_UNSUPPORTED_CERTIFICATE,
        "a certificate has a critical extension we do not understand", "RFC 5280 §4.2"),
    ROW(TLS13_ERR_CERT_NAME_CONSTRAINTS, TLS13_ALERT_BAD_CERTIFICATE,
        "a name in the chain is outside a CA's name constraints, or a CA constrains a name "
        "form we do not process",
        "RFC 5280 §4.2.1.10"),
    ROW(TLS13_ERR_CERTIFICATE_REQUIRED, TLS13_ALERT_CERTIFICATE_REQUIRED,
        "the server requires a client certificate and none was sent", "RFC 9846 §4.5.1.3"),
    ROW(TLS13_ERR_BAD_CERT_REQUEST_CONTEXT, TLS13_ALERT_ILLEGAL_PARAMETER,
        "certificate_request_context is not empty in the handshake (or not the "
        "CertificateRequest's)",
        "RFC 9846 §4.5.1"),

    ROW(TLS13_ERR_PEER_ALERT, TLS13_ALERT_NONE,
        "peer sent a fatal alert", "RFC 9846 §6.2"),
    ROW(TLS13_ERR_PEER_CLOSED, TLS13_ALERT_NONE,
        "peer closed the connection (close_notify)", "RFC 9846 §6.1"),
    ROW(TLS13_ERR_BAD_ALERT, TLS13_ALERT_DECODE_ERROR,
        "alert record is not exactly two bytes", "RFC 9846 §6"),
    ROW(TLS13_ERR_TRUNCATED, TLS13_ALERT_NONE,
        "connection ended without close_notify", "RFC 9846 §6.1"),
    ROW(TLS13_ERR_CLOSED, TLS13_ALERT_NONE,
        "connection is closed", "RFC 9846 §6.1"),

    ROW(TLS13_ERR_BAD_SIGNATURE, TLS13_ALERT_DECRYPT_ERROR,
        "signature does not verify with the peer's public key", "RFC 9846 §4.5.2"),
    ROW(TLS13_ERR_BAD_CERTIFICATE, TLS13_ALERT_BAD_CERTIFICATE,
        "certificate is malformed (not strict DER, or not the X.509 structure)",
        "RFC 5280 §4.1"),
    ROW(TLS13_ERR_UNSUPPORTED_KEY, TLS13_ALERT_UNSUPPORTED_CERTIFICATE,
        "certificate's public key is of a kind or size this library does not support",
        "RFC 9846 §6.2"),

    /* Duplicate extension: the RFC names no alert. OpenSSL and BoringSSL
     * (ssl_parse_extensions) both send illegal_parameter. */
    ROW(TLS13_ERR_DUPLICATE_EXTENSION, TLS13_ALERT_ILLEGAL_PARAMETER,
        "an extension type appears twice in one extension block", "RFC 9846 §4.3"),
    ROW(TLS13_ERR_EXTENSION_NOT_ALLOWED, TLS13_ALERT_ILLEGAL_PARAMETER,
        "a recognised extension appears in a message Table 1 does not allow it in",
        "RFC 9846 §4.3"),
    ROW(TLS13_ERR_UNSOLICITED_EXTENSION, TLS13_ALERT_UNSUPPORTED_EXTENSION,
        "peer answered with an extension that was not offered", "RFC 9846 §4.3"),
    ROW(TLS13_ERR_PRE_SHARED_KEY_NOT_LAST, TLS13_ALERT_ILLEGAL_PARAMETER,
        "pre_shared_key is not the last extension of the ClientHello", "RFC 9846 §4.3.11"),
    /* The RFC names no alert; BoringSSL sends illegal_parameter. */
    ROW(TLS13_ERR_PSK_BINDER_COUNT, TLS13_ALERT_ILLEGAL_PARAMETER,
        "pre_shared_key has a different number of binders than identities",
        "RFC 9846 §4.3.11"),
    ROW(TLS13_ERR_SERVER_HELLO_COMPRESSION, TLS13_ALERT_ILLEGAL_PARAMETER,
        "ServerHello legacy_compression_method is not 0", "RFC 9846 §4.2.3"),
    ROW(TLS13_ERR_RECORD_SIZE_LIMIT_TOO_SMALL, TLS13_ALERT_ILLEGAL_PARAMETER,
        "record_size_limit is below 64", "RFC 8449 §4"),
    /* A local limit (HS_MAX_CERT_CHAIN); OpenSSL's verify-depth failure is
     * similar. bad_certificate says which message was refused. */
    ROW(TLS13_ERR_CERTIFICATE_CHAIN_TOO_LONG, TLS13_ALERT_BAD_CERTIFICATE,
        "Certificate message carries more certificates than this implementation accepts",
        "RFC 9846 §4.5.1"),
    ROW(TLS13_ERR_TICKET_LIFETIME_TOO_LONG, TLS13_ALERT_ILLEGAL_PARAMETER,
        "NewSessionTicket lifetime is longer than 604800 seconds (7 days)",
        "RFC 9846 §4.7.1"),
    ROW(TLS13_ERR_BAD_KEY_UPDATE, TLS13_ALERT_ILLEGAL_PARAMETER,
        "KeyUpdate request_update is neither 0 nor 1", "RFC 9846 §4.7.3"),
    /* The RFC names no alert; OpenSSL and BoringSSL send unrecognized_name. */
    ROW(TLS13_ERR_BAD_SERVER_NAME, TLS13_ALERT_UNRECOGNIZED_NAME,
        "server_name host_name contains a zero byte: it is no DNS host name", "RFC 6066 §3"),

    ROW(TLS13_ERR_DECODE, TLS13_ALERT_DECODE_ERROR,
        "message is malformed: a length or field does not fit", "RFC 9846 §6.2"),
};

static const error_row *error_lookup(tls13_error err)
{
    size_t n = sizeof error_table / sizeof error_table[0];
    for (size_t i = 0; i < n; i++) {
        if (error_table[i].err == err)
            return &error_table[i];
    }
    return NULL;
}

tls13_alert tls13_error_alert(tls13_error err)
{
    const error_row *row = error_lookup(err);
    return row ? row->alert : TLS13_ALERT_INTERNAL_ERROR;
}

const char *tls13_error_message(tls13_error err)
{
    const error_row *row = error_lookup(err);
    return row ? row->message : "unknown error";
}

const char *tls13_error_rfc_section(tls13_error err)
{
    const error_row *row = error_lookup(err);
    return row ? row->section : "";
}

const char *tls13_error_name(tls13_error err)
{
    const error_row *row = error_lookup(err);
    return row ? row->name : "TLS13_ERR_UNKNOWN";
}

typedef struct alert_name {
    tls13_alert alert;
    const char *name;
} alert_name;

static const alert_name alert_names[] = {
    { TLS13_ALERT_CLOSE_NOTIFY, "close_notify" },
    { TLS13_ALERT_UNEXPECTED_MESSAGE, "unexpected_message" },
    { TLS13_ALERT_BAD_RECORD_MAC, "bad_record_mac" },
    { TLS13_ALERT_RECORD_OVERFLOW, "record_overflow" },
    { TLS13_ALERT_HANDSHAKE_FAILURE, "handshake_failure" },
    { TLS13_ALERT_BAD_CERTIFICATE, "bad_certificate" },
    { TLS13_ALERT_UNSUPPORTED_CERTIFICATE, "unsupported_certificate" },
    { TLS13_ALERT_CERTIFICATE_REVOKED, "certificate_revoked" },
    { TLS13_ALERT_CERTIFICATE_EXPIRED, "certificate_expired" },
    { TLS13_ALERT_CERTIFICATE_UNKNOWN, "certificate_unknown" },
    { TLS13_ALERT_ILLEGAL_PARAMETER, "illegal_parameter" },
    { TLS13_ALERT_UNKNOWN_CA, "unknown_ca" },
    { TLS13_ALERT_ACCESS_DENIED, "access_denied" },
    { TLS13_ALERT_DECODE_ERROR, "decode_error" },
    { TLS13_ALERT_DECRYPT_ERROR, "decrypt_error" },
    { TLS13_ALERT_PROTOCOL_VERSION, "protocol_version" },
    { TLS13_ALERT_INSUFFICIENT_SECURITY, "insufficient_security" },
    { TLS13_ALERT_INTERNAL_ERROR, "internal_error" },
    { TLS13_ALERT_INAPPROPRIATE_FALLBACK, "inappropriate_fallback" },
    { TLS13_ALERT_USER_CANCELED, "user_canceled" },
    { TLS13_ALERT_MISSING_EXTENSION, "missing_extension" },
    { TLS13_ALERT_UNSUPPORTED_EXTENSION, "unsupported_extension" },
    { TLS13_ALERT_UNRECOGNIZED_NAME, "unrecognized_name" },
    { TLS13_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE, "bad_certificate_status_response" },
    { TLS13_ALERT_UNKNOWN_PSK_IDENTITY, "unknown_psk_identity" },
    { TLS13_ALERT_CERTIFICATE_REQUIRED, "certificate_required" },
    { TLS13_ALERT_NO_APPLICATION_PROTOCOL, "no_application_protocol" },
    { TLS13_ALERT_NONE, "(none)" },
};

const char *tls13_alert_name(tls13_alert alert)
{
    size_t n = sizeof alert_names / sizeof alert_names[0];
    for (size_t i = 0; i < n; i++) {
        if (alert_names[i].alert == alert)
            return alert_names[i].name;
    }
    return "unknown_alert";
}

const char *tls13_version(void)
{
    return TLS13_VERSION_STRING;
}
