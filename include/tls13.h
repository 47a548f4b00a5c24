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

    /* Key exchange (RFC 9846 §4.2.8.2, §7.4). */
    TLS13_ERR_BAD_KEY_SHARE,
    TLS13_ERR_ZERO_SHARED_SECRET,

    /* Key schedule. */
    TLS13_ERR_HKDF_LENGTH,

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

/* NamedGroup code points, RFC 9846 §4.2.7. */
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

/* The library version, "MAJOR.MINOR.PATCH". */
TLS13_API const char *tls13_version(void);

#ifdef __cplusplus
}
#endif

#endif /* TLS13_H */
