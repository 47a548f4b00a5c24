/*
 * record.h — the TLS 1.3 record layer (RFC 9846 §5).
 *
 * Framing (TLSPlaintext / TLSCiphertext), record protection with the AEAD of
 * the cipher suite (TLSInnerPlaintext: content || content type || zero
 * padding), the per-record nonce (§5.3: the IV XOR the 64-bit sequence number
 * left-padded to the IV length), and the length limits.
 *
 * The layer knows nothing of handshake messages or of the key schedule: it is
 * handed keys (record_protection_install) and bytes, and returns records.
 * Reading is incremental: bytes may arrive split at any point or several
 * records at once; record_read consumes what it needs and says when a whole
 * record is ready.
 */
#ifndef TLS13_RECORD_H
#define TLS13_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/aead.h"
#include "tls13.h"

/* ContentType, RFC 9846 §5.1. */
enum {
    RECORD_INVALID = 0,
    RECORD_CHANGE_CIPHER_SPEC = 20,
    RECORD_ALERT = 21,
    RECORD_HANDSHAKE = 22,
    RECORD_APPLICATION_DATA = 23
};

#define RECORD_HEADER_LEN 5
#define RECORD_MAX_PLAINTEXT 16384                        /* 2^14, §5.1 */
#define RECORD_MAX_INNER (RECORD_MAX_PLAINTEXT + 1)       /* + content type, §5.2 */
#define RECORD_MAX_CIPHERTEXT (RECORD_MAX_PLAINTEXT + 256) /* 2^14 + 256, §5.2 */
#define RECORD_MAX_WIRE (RECORD_HEADER_LEN + RECORD_MAX_CIPHERTEXT)
#define RECORD_LEGACY_VERSION 0x0303 /* TLS 1.2, §5.1 */
#define RECORD_LEGACY_VERSION_INITIAL 0x0301 /* allowed for the first ClientHello */

/* One direction's record protection: the AEAD key, the static IV and the
 * sequence number. Holds a secret: wipe with record_protection_wipe. */
typedef struct record_protection {
    bool active;
    aead_key key;
    uint8_t iv[AEAD_NONCE_LEN];
    uint64_t seq;
} record_protection;

/* Installs new keys and resets the sequence number to 0 (§5.3). */
tls13_error record_protection_install(record_protection *rp, aead_alg alg,
                                      const uint8_t *key, size_t key_len,
                                      const uint8_t iv[AEAD_NONCE_LEN]);
void record_protection_wipe(record_protection *rp);
/* The nonce for the current sequence number (§5.3). */
void record_nonce(const record_protection *rp, uint8_t nonce[AEAD_NONCE_LEN]);

/* Sender-side padding policy: the number of zero bytes to put after the
 * content type of a protected record (§5.4). The layer clamps the answer so
 * the inner plaintext stays within 2^14 + 1 bytes. */
typedef size_t (*record_padding_fn)(void *ctx, uint8_t content_type,
                                    size_t content_len, size_t max_padding);

typedef struct record_padding_policy {
    record_padding_fn choose;
    void *ctx;
} record_padding_policy;

/* Writes an unprotected TLSPlaintext record: handshake, alert or
 * change_cipher_spec, 0 < content_len <= 2^14 (§5.1). Application data is
 * refused (TLS13_ERR_INVALID_ARGUMENT): "Application Data records MUST NOT be
 * written to the wire unprotected" (§5.1). legacy_version is
 * RECORD_LEGACY_VERSION, or RECORD_LEGACY_VERSION_INITIAL for a first
 * ClientHello. */
tls13_error record_write_plaintext(uint8_t content_type, uint16_t legacy_version,
                                   const uint8_t *content, size_t content_len,
                                   uint8_t *out, size_t out_cap, size_t *out_len);

/* Protects content as one TLSCiphertext record and advances the sequence
 * number. content_type is handshake, alert or application_data (a
 * change_cipher_spec is never protected, §5); content_len <= 2^14 and > 0
 * unless application data (§5.4). padding may be NULL (no padding). out needs
 * RECORD_HEADER_LEN + content_len + 1 + padding + AEAD_TAG_LEN bytes. content
 * may sit at out + RECORD_HEADER_LEN (sealed in place); otherwise it must not
 * overlap out. Errors: TLS13_ERR_NO_KEYS, TLS13_ERR_INVALID_ARGUMENT,
 * TLS13_ERR_SEQUENCE_EXHAUSTED, TLS13_ERR_BUFFER_TOO_SMALL; on error the
 * sequence number is unchanged. */
tls13_error record_seal(record_protection *rp, const record_padding_policy *padding,
                        uint8_t content_type, const uint8_t *content, size_t content_len,
                        uint8_t *out, size_t out_cap, size_t *out_len);

/* A record as returned to the layer above. data points into the reader's
 * buffer and stays valid until the next record_read on that reader. */
typedef struct record_view {
    uint8_t content_type;     /* the real type (the inner one if protected) */
    bool was_protected;       /* it arrived as a TLSCiphertext and was opened */
    const uint8_t *data;
    size_t len;
} record_view;

/* The incremental reader: buffers at most one record. After a record has been
 * opened its plaintext sits in buf: record_reader_wipe clears it, and so does
 * the next record_read. */
typedef struct record_reader {
    uint8_t buf[RECORD_MAX_WIRE];
    size_t have;              /* bytes of the current record buffered */
    size_t need;              /* total bytes of the current record, once the header is in */
    tls13_error failed;       /* sticky: the error that ended this reader, or TLS13_OK */
    /* Set by the layer above while the peer may not have keys yet (the
     * handshake): an unprotected alert is then returned, not refused. A
     * peer that rejects our first flight can only send its alert in the
     * clear. */
    bool plaintext_alerts_allowed;
} record_reader;

void record_reader_init(record_reader *rr);
void record_reader_wipe(record_reader *rr);

/*
 * Consumes input until one record is complete or the input runs out.
 * *consumed says how many bytes of in were used (the rest belong to later
 * records). Returns:
 *   TLS13_OK        a record is in *out;
 *   TLS13_WANT_READ all input was consumed and no record is complete yet;
 *   an error        with its alert (record_overflow, bad_record_mac,
 *                   unexpected_message, ...); the reader must not be used
 *                   again (a later call returns the same error) -- except:
 *   TLS13_ERR_RECORD_BAD_MAC  the record that failed has been consumed and
 *                   dropped, the sequence number is unchanged and the reader
 *                   may go on. A connection MUST treat it as fatal, except a
 *                   server skipping rejected 0-RTT data, which discards
 *                   records that fail deprotection (RFC 9846 §4.3.10).
 * The header is judged as soon as its 5 bytes are in (type, length limits),
 * before the body arrives.
 * When rp is active, an application_data record is opened with it (an
 * unprotected change_cipher_spec still passes through, for the handshake
 * layer to judge; any other unprotected type is unexpected_message,
 * TLS13_ERR_RECORD_UNPROTECTED). When rp is NULL or not active, records are
 * returned as they arrived (an application_data record then is ciphertext
 * this endpoint cannot read, e.g. 0-RTT data after a HelloRetryRequest).
 */
tls13_error record_read(record_reader *rr, record_protection *rp,
                        const uint8_t *in, size_t in_len, size_t *consumed,
                        record_view *out);

/* ---- the sending side: a growing output buffer of records --------------- */

/* Called with each record as it is written (for teaching views). */
typedef void (*record_observer)(void *ctx, const uint8_t *record, size_t len);

/*
 * Everything to be sent to the peer, as whole records, in order. Content is
 * fragmented into records of at most max_fragment bytes (2^14, or less when
 * the peer asked for a smaller record_size_limit, RFC 8449 §4) and protected
 * with tx when tx is active. Owns its buffer: free with record_out_free.
 */
typedef struct record_out {
    record_protection tx;
    record_padding_policy padding;
    uint16_t legacy_version;        /* of unprotected records */
    size_t max_fragment;
    uint8_t *buf;
    size_t len, cap;
    record_observer observe;
    void *observe_ctx;
} record_out;

void record_out_init(record_out *out);
void record_out_free(record_out *out);
/* Appends content as one or more records of this type. */
tls13_error record_out_send(record_out *out, uint8_t content_type,
                            const uint8_t *content, size_t len);
/* Drops the first n bytes (they were sent). */
void record_out_consume(record_out *out, size_t n);

#endif /* TLS13_RECORD_H */
