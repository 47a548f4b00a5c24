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
        "cipher suite is not supported", "RFC 9846 §4.1.1"),
    ROW(TLS13_ERR_UNSUPPORTED_GROUP, TLS13_ALERT_HANDSHAKE_FAILURE,
        "key exchange group is not supported", "RFC 9846 §4.2.7"),
    ROW(TLS13_ERR_BAD_PRIVATE_KEY, TLS13_ALERT_INTERNAL_ERROR,
        "private key has the wrong length or is out of range", ""),
    ROW(TLS13_ERR_SEQUENCE_EXHAUSTED, TLS13_ALERT_INTERNAL_ERROR,
        "record sequence number would wrap; the keys must be updated first",
        "RFC 9846 §5.3"),
    ROW(TLS13_ERR_NO_KEYS, TLS13_ALERT_INTERNAL_ERROR,
        "record protection has no keys installed", ""),

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
        "RFC 9846 §4.2.8.2"),
    ROW(TLS13_ERR_ZERO_SHARED_SECRET, TLS13_ALERT_ILLEGAL_PARAMETER,
        "X25519 shared secret is all zeros (peer sent a small-order point)",
        "RFC 9846 §7.4.2"),

    ROW(TLS13_ERR_HKDF_LENGTH, TLS13_ALERT_INTERNAL_ERROR,
        "HKDF output length is out of range", "RFC 5869 §2.3"),

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
