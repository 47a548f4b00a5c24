/*
 * record.c — the TLS 1.3 record layer (RFC 9846 §5); the contract is in
 * record.h.
 *
 * This file frames and deframes records, protects and deprotects them with the
 * AEAD it is handed (src/crypto/aead.h), and enforces the record-level rules of
 * §5: content types, length limits, zero-length fragments, padding and the
 * per-record nonce. It touches only its own buffers and the caller's: it knows
 * nothing of handshake messages, keys' origins or sockets. Header fields from
 * the peer are read through the checked wire_reader; lengths are compared to
 * the limits before any arithmetic is done with them.
 */
#include "record/record.h"

#include <string.h>

#include "crypto/secure.h"
#include "wire/wire.h"

/* ---- content types ------------------------------------------------------ */

static bool content_type_known(uint8_t type)
{
    return type == RECORD_CHANGE_CIPHER_SPEC || type == RECORD_ALERT ||
           type == RECORD_HANDSHAKE || type == RECORD_APPLICATION_DATA;
}

/* §5.1: "Implementations MUST NOT send zero-length fragments of Handshake
 * types"; §5.4: the same for Alert, and a receiver MUST answer either with
 * unexpected_message. Zero-length application data is allowed. */
static bool content_may_be_empty(uint8_t type)
{
    return type != RECORD_HANDSHAKE && type != RECORD_ALERT;
}

/* ---- record protection -------------------------------------------------- */

tls13_error record_protection_install(record_protection *rp, aead_alg alg,
                                      const uint8_t *key, size_t key_len,
                                      const uint8_t iv[AEAD_NONCE_LEN])
{
    if (rp == NULL || key == NULL || iv == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    record_protection_wipe(rp);
    tls13_error err = aead_init(&rp->key, alg, key, key_len);
    if (err != TLS13_OK) {
        record_protection_wipe(rp);
        return err;
    }
    memcpy(rp->iv, iv, AEAD_NONCE_LEN);
    /* §5.3: "Each sequence number is set to zero ... whenever the key is
     * changed". */
    rp->seq = 0;
    rp->active = true;
    return TLS13_OK;
}

void record_protection_wipe(record_protection *rp)
{
    if (rp == NULL)
        return;
    aead_wipe(&rp->key);
    secure_wipe(rp, sizeof *rp);
}

/* §5.3: the 64-bit sequence number in network byte order, padded on the left
 * with zeros to iv_length, XORed with the static IV. */
void record_nonce(const record_protection *rp, uint8_t nonce[AEAD_NONCE_LEN])
{
    memcpy(nonce, rp->iv, AEAD_NONCE_LEN);
    uint64_t seq = rp->seq;
    for (size_t i = 0; i < 8; i++) {
        nonce[AEAD_NONCE_LEN - 1 - i] ^= (uint8_t)(seq & 0xff);
        seq >>= 8;
    }
}

/* §5.3: "Because the size of sequence numbers is 64-bit, they should not wrap.
 * If a TLS implementation would need to wrap a sequence number, it MUST either
 * rekey or terminate the connection." The last usable number is
 * UINT64_MAX - 1: using UINT64_MAX would leave nothing to increment to. */
static bool sequence_exhausted(const record_protection *rp)
{
    return rp->seq == UINT64_MAX;
}

/* ---- writing ------------------------------------------------------------ */

/* Writes type and legacy_record_version (§5.1) and opens the fragment, whose
 * uint16 length the writer fills in when it is closed. */
static bool header_open(wire_writer *w, wire_writer *fragment, uint8_t type, uint16_t version)
{
    return wire_write_u8(w, type) && wire_write_u16(w, version) &&
           wire_writer_open_u16(w, fragment);
}

static tls13_error plaintext_check_args(uint8_t type, uint16_t version,
                                        const uint8_t *content, size_t content_len)
{
    /* §5.1: "Application Data records MUST NOT be written to the wire
     * unprotected." */
    if (!content_type_known(type) || type == RECORD_APPLICATION_DATA)
        return TLS13_ERR_INVALID_ARGUMENT;
    if (version != RECORD_LEGACY_VERSION && version != RECORD_LEGACY_VERSION_INITIAL)
        return TLS13_ERR_INVALID_ARGUMENT;
    /* §5.1: "The length MUST NOT exceed 2^14 bytes." A change_cipher_spec is
     * the single byte 1, so no unprotected type may be empty. */
    if (content_len == 0 || content_len > RECORD_MAX_PLAINTEXT || content == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    return TLS13_OK;
}

tls13_error record_write_plaintext(uint8_t content_type, uint16_t legacy_version,
                                   const uint8_t *content, size_t content_len,
                                   uint8_t *out, size_t out_cap, size_t *out_len)
{
    tls13_error err = plaintext_check_args(content_type, legacy_version, content,
                                           content_len);
    if (err != TLS13_OK)
        return err;
    if (out == NULL || out_len == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    wire_writer w, fragment;
    wire_writer_init(&w, out, out_cap);
    if (!header_open(&w, &fragment, content_type, legacy_version))
        return TLS13_ERR_BUFFER_TOO_SMALL;
    wire_write_bytes(&fragment, content, content_len);
    wire_writer_close(&fragment);
    if (!wire_writer_finish(&w, out_len))
        return TLS13_ERR_BUFFER_TOO_SMALL;
    return TLS13_OK;
}

static tls13_error seal_check_args(uint8_t type, const uint8_t *content, size_t content_len)
{
    /* §5: a change_cipher_spec is never protected ("a protected
     * change_cipher_spec record" is unexpected_message at the peer). */
    if (!content_type_known(type) || type == RECORD_CHANGE_CIPHER_SPEC)
        return TLS13_ERR_INVALID_ARGUMENT;
    if (content_len > RECORD_MAX_PLAINTEXT)
        return TLS13_ERR_INVALID_ARGUMENT;
    /* §5.4: "Implementations MUST NOT send Handshake and Alert records that
     * have a zero-length TLSInnerPlaintext.content". */
    if (content_len == 0 && !content_may_be_empty(type))
        return TLS13_ERR_INVALID_ARGUMENT;
    if (content == NULL && content_len > 0)
        return TLS13_ERR_INVALID_ARGUMENT;
    return TLS13_OK;
}

/* Asks the policy how many zero bytes to add, and clamps the answer so the
 * whole TLSInnerPlaintext stays within 2^14 + 1 bytes (§5.4: "the full encoded
 * TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets"). */
static size_t padding_choose(const record_padding_policy *padding, uint8_t type,
                             size_t content_len)
{
    if (padding == NULL || padding->choose == NULL)
        return 0;
    size_t max_padding = RECORD_MAX_INNER - (content_len + 1);
    size_t chosen = padding->choose(padding->ctx, type, content_len, max_padding);
    return chosen < max_padding ? chosen : max_padding;
}

/* TLSInnerPlaintext = content || type || zeros (§5.2). memmove: content may
 * already sit where it belongs (sealing in place). */
static void inner_plaintext_build(uint8_t *inner, const uint8_t *content,
                                  size_t content_len, uint8_t type, size_t padding)
{
    if (content_len > 0)
        memmove(inner, content, content_len);
    inner[content_len] = type;
    /* §5.4: "Implementations MUST set the padding octets to all zeros before
     * encrypting." */
    memset(inner + content_len + 1, 0, padding);
}

/* Encrypts the TLSInnerPlaintext at body in place, with the record header as
 * the additional data (§5.2), under the current sequence number. */
static tls13_error seal_body(record_protection *rp, const uint8_t header[RECORD_HEADER_LEN],
                             uint8_t *body, size_t inner_len)
{
    uint8_t nonce[AEAD_NONCE_LEN];
    record_nonce(rp, nonce);
    tls13_error err = aead_seal(&rp->key, nonce, header, RECORD_HEADER_LEN,
                                body, inner_len, body);
    secure_wipe(nonce, sizeof nonce);
    return err;
}

tls13_error record_seal(record_protection *rp, const record_padding_policy *padding,
                        uint8_t content_type, const uint8_t *content, size_t content_len,
                        uint8_t *out, size_t out_cap, size_t *out_len)
{
    if (rp == NULL || !rp->active)
        return TLS13_ERR_NO_KEYS;
    tls13_error err = seal_check_args(content_type, content, content_len);
    if (err != TLS13_OK)
        return err;
    if (out == NULL || out_len == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    if (sequence_exhausted(rp))
        return TLS13_ERR_SEQUENCE_EXHAUSTED;

    size_t pad = padding_choose(padding, content_type, content_len);
    size_t inner_len = content_len + 1 + pad; /* <= RECORD_MAX_INNER */
    wire_writer w, fragment;
    wire_writer_init(&w, out, out_cap);
    /* §5.2: opaque_type is always application_data, legacy_record_version
     * always 0x0303; encrypted_record is the sealed inner plaintext + tag. */
    if (!header_open(&w, &fragment, RECORD_APPLICATION_DATA, RECORD_LEGACY_VERSION))
        return TLS13_ERR_BUFFER_TOO_SMALL;
    uint8_t *body = wire_write_reserve(&fragment, inner_len + AEAD_TAG_LEN);
    wire_writer_close(&fragment);
    size_t len;
    if (body == NULL || !wire_writer_finish(&w, &len))
        return TLS13_ERR_BUFFER_TOO_SMALL;

    inner_plaintext_build(body, content, content_len, content_type, pad);
    err = seal_body(rp, out, body, inner_len);
    if (err != TLS13_OK) {
        secure_wipe(out, len);
        return err;
    }
    rp->seq++; /* §5.3: incremented after writing each record */
    *out_len = len;
    return TLS13_OK;
}

/* ---- reading ------------------------------------------------------------ */

void record_reader_init(record_reader *rr)
{
    memset(rr, 0, sizeof *rr);
}

void record_reader_wipe(record_reader *rr)
{
    if (rr == NULL)
        return;
    secure_wipe(rr, sizeof *rr);
}

static bool reader_complete(const record_reader *rr)
{
    return rr->need != 0 && rr->have == rr->need;
}

/* Forgets the record in the buffer, wiping what it held (after a record has
 * been opened that is plaintext). */
static void reader_reset(record_reader *rr)
{
    secure_wipe(rr->buf, rr->have);
    rr->have = 0;
    rr->need = 0;
}

/* Ends the reader for good: every later record_read returns err. */
static tls13_error reader_fail(record_reader *rr, tls13_error err)
{
    reader_reset(rr);
    rr->failed = err;
    return err;
}

static bool protection_active(const record_protection *rp)
{
    return rp != NULL && rp->active;
}

/* Judges a TLSCiphertext header (outer type application_data, §5.2). */
static tls13_error header_check_ciphertext(uint16_t length, bool is_protected)
{
    /* §5.2: "The length MUST NOT exceed 2^14 + 256 bytes. An endpoint that
     * receives a record that exceeds this length MUST terminate the
     * connection with a "record_overflow" alert." Application data is never
     * sent unprotected (§5.1), so this limit holds even when we hold no key. */
    if (length > RECORD_MAX_CIPHERTEXT)
        return TLS13_ERR_RECORD_CIPHERTEXT_OVERFLOW;
    /* A protected record carries at least the AEAD tag (§5.2). */
    if (is_protected && length < AEAD_TAG_LEN)
        return TLS13_ERR_RECORD_TOO_SHORT;
    return TLS13_OK;
}

/* Judges a TLSPlaintext header (handshake, alert, change_cipher_spec). */
static tls13_error header_check_plaintext(const record_reader *rr, uint8_t type,
                                          uint16_t length, bool is_protected)
{
    /* §5.1: "Once record protection has started, TLSPlaintext records are
     * protected"; only change_cipher_spec may still arrive in the clear (§5),
     * for the handshake layer to drop or reject -- and, while the layer
     * above allows it, an alert from a peer that failed before it had keys. */
    bool clear_alert = type == RECORD_ALERT && rr->plaintext_alerts_allowed;
    if (is_protected && type != RECORD_CHANGE_CIPHER_SPEC && !clear_alert)
        return TLS13_ERR_RECORD_UNPROTECTED;
    /* §5.1: "The length MUST NOT exceed 2^14 bytes." */
    if (length > RECORD_MAX_PLAINTEXT)
        return TLS13_ERR_RECORD_OVERFLOW;
    if (length == 0 && !content_may_be_empty(type))
        return TLS13_ERR_RECORD_EMPTY_FRAGMENT;
    return TLS13_OK;
}

/* Parses the 5-byte header in the buffer and sets need; judges it before any
 * of the body is read. */
static tls13_error header_parse(record_reader *rr, const record_protection *rp)
{
    wire_reader r;
    uint8_t type;
    uint16_t legacy_version, length;
    wire_reader_init(&r, rr->buf, RECORD_HEADER_LEN);
    if (!wire_read_u8(&r, &type) || !wire_read_u16(&r, &legacy_version) ||
        !wire_read_u16(&r, &length))
        return TLS13_ERR_DECODE; /* cannot happen: 5 bytes are buffered */
    /* §5.1: legacy_record_version "MUST be ignored for all purposes". */
    (void)legacy_version;
    tls13_error err;
    if (type == RECORD_APPLICATION_DATA)
        err = header_check_ciphertext(length, protection_active(rp));
    else if (content_type_known(type))
        err = header_check_plaintext(rr, type, length, protection_active(rp));
    else
        err = TLS13_ERR_RECORD_UNKNOWN_TYPE; /* §5: unexpected_message */
    if (err != TLS13_OK)
        return err;
    rr->need = RECORD_HEADER_LEN + (size_t)length;
    return TLS13_OK;
}

/* Copies from in into the buffer up to the end of the header (before it is
 * parsed) or of the record. */
static void reader_fill(record_reader *rr, wire_reader *in)
{
    size_t target = rr->need != 0 ? rr->need : RECORD_HEADER_LEN;
    size_t take = target - rr->have;
    size_t avail = wire_reader_remaining(in);
    if (take > avail)
        take = avail;
    if (wire_read_bytes(in, rr->buf + rr->have, take))
        rr->have += take;
}

/* §5.4: "the receiving implementation scans the field from the end toward the
 * beginning until it finds a non-zero octet. This non-zero octet is the
 * content type of the message." Sets *content_len to the bytes before it.
 * The scan stays within the cleartext the AEAD returned. */
static bool inner_plaintext_split(const uint8_t *inner, size_t inner_len,
                                  uint8_t *type, size_t *content_len)
{
    size_t i = inner_len;
    while (i > 0 && inner[i - 1] == 0)
        i--;
    if (i == 0)
        return false;
    *type = inner[i - 1];
    *content_len = i - 1;
    return true;
}

/* Judges the inner content type of a record that was opened. */
static tls13_error inner_type_check(uint8_t type, size_t content_len)
{
    /* §5: "An implementation which ... receives a protected
     * change_cipher_spec record MUST abort the handshake with an
     * "unexpected_message" alert." */
    if (type == RECORD_CHANGE_CIPHER_SPEC)
        return TLS13_ERR_RECORD_PROTECTED_CCS;
    /* §5: "If a TLS implementation receives an unexpected record type, it
     * MUST terminate the connection with an "unexpected_message" alert." */
    if (!content_type_known(type))
        return TLS13_ERR_RECORD_UNKNOWN_TYPE;
    /* §5.4: zero-length Handshake or Alert content → unexpected_message. */
    if (content_len == 0 && !content_may_be_empty(type))
        return TLS13_ERR_RECORD_EMPTY_FRAGMENT;
    return TLS13_OK;
}

/* Decrypts the buffered TLSCiphertext in place (§5.2): the header is the
 * additional data, the nonce comes from the sequence number (§5.3). */
static tls13_error record_decrypt(record_reader *rr, record_protection *rp,
                                  size_t *inner_len)
{
    wire_reader body;
    wire_reader_init(&body, rr->buf + RECORD_HEADER_LEN, rr->need - RECORD_HEADER_LEN);
    size_t ct_len = wire_reader_remaining(&body); /* >= AEAD_TAG_LEN: header_check */
    uint8_t nonce[AEAD_NONCE_LEN];
    record_nonce(rp, nonce);
    tls13_error err = aead_open(&rp->key, nonce, rr->buf, RECORD_HEADER_LEN,
                                body.data, ct_len, rr->buf + RECORD_HEADER_LEN);
    secure_wipe(nonce, sizeof nonce);
    /* §5.2: "If the decryption fails, the receiver MUST terminate the
     * connection with a "bad_record_mac" alert." */
    if (err != TLS13_OK)
        return TLS13_ERR_RECORD_BAD_MAC;
    rp->seq++; /* §5.3: incremented after reading each record */
    *inner_len = ct_len - AEAD_TAG_LEN;
    return TLS13_OK;
}

/* Opens a complete TLSCiphertext and fills out with its inner content. */
static tls13_error record_open(record_reader *rr, record_protection *rp, record_view *out)
{
    if (sequence_exhausted(rp))
        return reader_fail(rr, TLS13_ERR_SEQUENCE_EXHAUSTED);
    size_t inner_len;
    tls13_error err = record_decrypt(rr, rp, &inner_len);
    if (err != TLS13_OK) {
        /* The failed record is dropped; the caller decides whether that is
         * fatal (it is, except when skipping rejected 0-RTT data). */
        reader_reset(rr);
        return err;
    }
    /* §5.4: "the full encoded TLSInnerPlaintext MUST NOT exceed 2^14 + 1
     * octets"; §6.2: record_overflow. */
    if (inner_len > RECORD_MAX_INNER)
        return reader_fail(rr, TLS13_ERR_RECORD_INNER_OVERFLOW);
    const uint8_t *inner = rr->buf + RECORD_HEADER_LEN;
    uint8_t type;
    size_t content_len;
    /* §5.4: "If a receiving implementation does not find a non-zero octet in
     * the cleartext, it MUST terminate the connection with an
     * "unexpected_message" alert." */
    if (!inner_plaintext_split(inner, inner_len, &type, &content_len))
        return reader_fail(rr, TLS13_ERR_RECORD_NO_CONTENT_TYPE);
    err = inner_type_check(type, content_len);
    if (err != TLS13_OK)
        return reader_fail(rr, err);
    *out = (record_view){ type, true, inner, content_len };
    return TLS13_OK;
}

/* Hands over a complete record: opened if it is protected, as it arrived
 * otherwise (its header was judged already). */
static tls13_error record_deliver(record_reader *rr, record_protection *rp, record_view *out)
{
    uint8_t type = rr->buf[0];
    if (type == RECORD_APPLICATION_DATA && protection_active(rp))
        return record_open(rr, rp, out);
    *out = (record_view){ type, false, rr->buf + RECORD_HEADER_LEN,
                          rr->need - RECORD_HEADER_LEN };
    return TLS13_OK;
}

tls13_error record_read(record_reader *rr, record_protection *rp,
                        const uint8_t *in, size_t in_len, size_t *consumed,
                        record_view *out)
{
    if (rr == NULL || consumed == NULL || out == NULL || (in == NULL && in_len > 0))
        return TLS13_ERR_INVALID_ARGUMENT;
    *consumed = 0;
    if (rr->failed != TLS13_OK)
        return rr->failed;
    if (reader_complete(rr))
        reader_reset(rr); /* the record returned last time; wipes its plaintext */

    wire_reader input;
    wire_reader_init(&input, in, in_len);
    for (;;) {
        reader_fill(rr, &input);
        *consumed = in_len - wire_reader_remaining(&input);
        if (rr->have < (rr->need != 0 ? rr->need : RECORD_HEADER_LEN))
            return TLS13_WANT_READ;
        if (rr->need != 0)
            return record_deliver(rr, rp, out);
        tls13_error err = header_parse(rr, rp);
        if (err != TLS13_OK)
            return reader_fail(rr, err);
    }
}
