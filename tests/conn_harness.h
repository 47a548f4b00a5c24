/*
 * conn_harness.h — an in-memory client ↔ server harness for the connection
 * tests (test_conn.c, test_negative.c).
 *
 * Two sans-IO connections and a pump that moves the pending output of one
 * into tls13_conn_recv of the other (whole, or in chunks of n bytes), reading
 * application data out as it arrives. A key log callback captures the
 * secrets, and record helpers split a byte stream into records and open or
 * seal a record with a logged traffic secret: that is how a test plays a
 * peer that misbehaves under the real keys.
 *
 * Everything here is static inline: each test program uses a different part.
 */
#ifndef TLS13_TEST_CONN_HARNESS_H
#define TLS13_TEST_CONN_HARNESS_H

#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "crypto/aead.h"
#include "keyschedule/keyschedule.h"
#include "record/record.h"
#include "tls13.h"

/* ---- a growable byte buffer ------------------------------------------------ */

typedef struct hx_buf {
    uint8_t *data;
    size_t len, cap;
} hx_buf;

static inline void hx_buf_append(hx_buf *b, const uint8_t *data, size_t n)
{
    if (b->cap - b->len < n) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap - b->len < n)
            cap *= 2;
        b->data = realloc(b->data, cap);
        ck_assert_ptr_nonnull(b->data);
        b->cap = cap;
    }
    if (n > 0)
        memcpy(b->data + b->len, data, n);
    b->len += n;
}

static inline void hx_buf_free(hx_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

/* ---- the key log ------------------------------------------------------------ */

#define HX_KEYLOG_MAX 32

typedef struct hx_keylog {
    size_t count;
    char lines[HX_KEYLOG_MAX][320];
} hx_keylog;

static inline void hx_keylog_cb(void *ctx, const char *line)
{
    hx_keylog *kl = ctx;
    ck_assert_uint_lt(kl->count, HX_KEYLOG_MAX);
    ck_assert_uint_lt(strlen(line), sizeof kl->lines[0]);
    snprintf(kl->lines[kl->count++], sizeof kl->lines[0], "%s", line);
}

static inline int hx_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

/* Lowercase hex of exactly 2*max digits or fewer; returns the byte count, or
 * 0 on a bad digit. */
static inline size_t hx_unhex(const char *hex, size_t hex_len, uint8_t *out, size_t max)
{
    if (hex_len % 2 != 0 || hex_len / 2 > max)
        return 0;
    for (size_t i = 0; i < hex_len / 2; i++) {
        int hi = hx_hex_digit(hex[2 * i]), lo = hx_hex_digit(hex[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return 0;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return hex_len / 2;
}

/* The last secret logged under label, as a ks_secret (its hash from its
 * length). false if none was logged. */
static inline bool hx_keylog_secret(const hx_keylog *kl, const char *label, ks_secret *out)
{
    size_t label_len = strlen(label);
    for (size_t i = kl->count; i-- > 0;) {
        const char *line = kl->lines[i];
        if (strncmp(line, label, label_len) != 0 || line[label_len] != ' ')
            continue;
        const char *secret_hex = strrchr(line, ' ') + 1;
        memset(out, 0, sizeof *out);
        size_t n = hx_unhex(secret_hex, strlen(secret_hex), out->secret, sizeof out->secret);
        ck_assert_msg(n == HASH_SHA256_LEN || n == HASH_SHA384_LEN, "bad key log line %s", line);
        out->alg = n == HASH_SHA256_LEN ? HASH_SHA256 : HASH_SHA384;
        return true;
    }
    return false;
}

/* ---- the pair and the pump ---------------------------------------------------- */

typedef struct hx_pair {
    tls13_conn *client, *server;
    hx_buf client_got, server_got;   /* application data each side has read */
    tls13_error client_err, server_err; /* the first error tls13_conn_recv gave */
} hx_pair;

static inline void hx_pair_init(hx_pair *p, const tls13_config *client_cfg,
                                const tls13_config *server_cfg, const char *server_name)
{
    memset(p, 0, sizeof *p);
    p->client = tls13_client_new(client_cfg, server_name);
    p->server = tls13_server_new(server_cfg);
    ck_assert_ptr_nonnull(p->client);
    ck_assert_ptr_nonnull(p->server);
}

static inline void hx_pair_free(hx_pair *p)
{
    tls13_conn_free(p->client);
    tls13_conn_free(p->server);
    hx_buf_free(&p->client_got);
    hx_buf_free(&p->server_got);
    memset(p, 0, sizeof *p);
}

/* Reads every byte of application data conn has ready into sink; returns how
 * many there were. */
static inline size_t hx_drain(tls13_conn *conn, hx_buf *sink)
{
    uint8_t buf[4096];
    size_t total = 0, n = 0;
    while (tls13_conn_read(conn, buf, sizeof buf, &n) == TLS13_OK && n > 0) {
        hx_buf_append(sink, buf, n);
        total += n;
    }
    return total;
}

/* Feeds bytes to conn in chunks of at most `chunk` (0: as much as it takes),
 * reading application data out whenever conn stops to hand it over. Returns
 * TLS13_OK or conn's error; *used says how many bytes conn took. */
static inline tls13_error hx_feed(tls13_conn *conn, const uint8_t *data, size_t len,
                                  size_t chunk, hx_buf *sink, size_t *used)
{
    size_t off = 0;
    tls13_error err = TLS13_OK;
    while (off < len) {
        size_t n = len - off, took = 0;
        if (chunk != 0 && n > chunk)
            n = chunk;
        err = tls13_conn_recv(conn, data + off, n, &took);
        ck_assert_uint_le(took, n);
        off += took;
        size_t drained = hx_drain(conn, sink);
        if (err != TLS13_OK)
            break;
        if (took == 0 && drained == 0)
            break; /* conn takes no more: the peer closed */
    }
    if (used != NULL)
        *used = off;
    return err;
}

/* Moves everything `from` has for its peer into `to`. */
static inline tls13_error hx_transfer(tls13_conn *from, tls13_conn *to, hx_buf *sink,
                                      size_t chunk)
{
    const uint8_t *data;
    size_t len = tls13_conn_pending_output(from, &data);
    /* recv on `to` never touches `from`'s buffer, so no copy is needed. */
    tls13_error err = hx_feed(to, data, len, chunk, sink, NULL);
    tls13_conn_output_done(from, len);
    return err;
}

static inline size_t hx_pending(const tls13_conn *conn)
{
    const uint8_t *data;
    return tls13_conn_pending_output(conn, &data);
}

/* Client → server and back until neither has anything to send (bounded).
 * Errors do not stop the pump: the alert a failing side queues is carried
 * over too. Returns the first error either side's recv gave, or TLS13_OK. */
static inline tls13_error hx_pump(hx_pair *p, size_t chunk)
{
    for (int round = 0; round < 64; round++) {
        bool client_has = hx_pending(p->client) > 0, server_has = hx_pending(p->server) > 0;
        if (!client_has && !server_has)
            return p->client_err != TLS13_OK ? p->client_err : p->server_err;
        if (client_has) {
            tls13_error err = hx_transfer(p->client, p->server, &p->server_got, chunk);
            if (err != TLS13_OK && p->server_err == TLS13_OK)
                p->server_err = err;
        }
        if (server_has) {
            tls13_error err = hx_transfer(p->server, p->client, &p->client_got, chunk);
            if (err != TLS13_OK && p->client_err == TLS13_OK)
                p->client_err = err;
        }
    }
    ck_abort_msg("the pump did not settle in 64 rounds");
    return TLS13_ERR_INVALID_ARGUMENT;
}

/* Starts the client and pumps: TLS13_OK once both handshakes are done. */
static inline tls13_error hx_handshake(hx_pair *p, size_t chunk)
{
    tls13_error err = tls13_conn_handshake(p->client);
    if (err != TLS13_WANT_READ)
        return err;
    err = hx_pump(p, chunk);
    if (err != TLS13_OK)
        return err;
    ck_assert_int_eq(tls13_conn_handshake(p->client), TLS13_OK);
    ck_assert_int_eq(tls13_conn_handshake(p->server), TLS13_OK);
    ck_assert(tls13_conn_handshake_done(p->client));
    ck_assert(tls13_conn_handshake_done(p->server));
    return TLS13_OK;
}

/* ---- records ----------------------------------------------------------------- */

typedef struct hx_record {
    uint8_t type;           /* the outer content type */
    const uint8_t *bytes;   /* the whole record, header included */
    size_t len;
} hx_record;

/* Splits a stream of whole records; asserts there is no partial record. */
static inline size_t hx_split_records(const uint8_t *buf, size_t len, hx_record *recs,
                                      size_t max)
{
    size_t n = 0, off = 0;
    while (off < len) {
        ck_assert_uint_ge(len - off, RECORD_HEADER_LEN);
        size_t body = (size_t)buf[off + 3] << 8 | buf[off + 4];
        ck_assert_uint_ge(len - off, RECORD_HEADER_LEN + body);
        ck_assert_uint_lt(n, max);
        recs[n].type = buf[off];
        recs[n].bytes = buf + off;
        recs[n].len = RECORD_HEADER_LEN + body;
        off += recs[n].len;
        n++;
    }
    return n;
}

/* The record protection of a traffic secret at a given sequence number. */
static inline void hx_protection(const ks_secret *secret, aead_alg aead, uint64_t seq,
                                 record_protection *rp)
{
    ks_traffic_keys keys;
    ks_traffic_keys_derive(secret, aead, &keys);
    memset(rp, 0, sizeof *rp);
    ck_assert_int_eq(record_protection_install(rp, keys.aead, keys.key, keys.key_len, keys.iv),
                     TLS13_OK);
    ks_traffic_keys_wipe(&keys);
    rp->seq = seq;
}

/* Seals an arbitrary TLSInnerPlaintext (content || type || zeros, or any
 * bytes at all) as one TLSCiphertext, as a misbehaving peer would. out needs
 * RECORD_HEADER_LEN + inner_len + AEAD_TAG_LEN bytes. Returns the length. */
static inline size_t hx_seal_inner(const ks_secret *secret, aead_alg aead, uint64_t seq,
                                   const uint8_t *inner, size_t inner_len, uint8_t *out)
{
    record_protection rp;
    hx_protection(secret, aead, seq, &rp);
    size_t len = inner_len + AEAD_TAG_LEN;
    ck_assert_uint_le(len, 0xffff);
    out[0] = RECORD_APPLICATION_DATA;
    out[1] = 0x03;
    out[2] = 0x03;
    out[3] = (uint8_t)(len >> 8);
    out[4] = (uint8_t)len;
    uint8_t nonce[AEAD_NONCE_LEN];
    record_nonce(&rp, nonce);
    ck_assert_int_eq(aead_seal(&rp.key, nonce, out, RECORD_HEADER_LEN, inner, inner_len,
                               out + RECORD_HEADER_LEN),
                     TLS13_OK);
    record_protection_wipe(&rp);
    return RECORD_HEADER_LEN + len;
}

/* Seals content of a type (no padding). */
static inline size_t hx_seal(const ks_secret *secret, aead_alg aead, uint64_t seq,
                             uint8_t type, const uint8_t *content, size_t len, uint8_t *out)
{
    uint8_t *inner = malloc(len + 1);
    ck_assert_ptr_nonnull(inner);
    if (len > 0)
        memcpy(inner, content, len);
    inner[len] = type;
    size_t n = hx_seal_inner(secret, aead, seq, inner, len + 1, out);
    free(inner);
    return n;
}

/* Opens a TLSCiphertext; the inner plaintext (content || type || padding)
 * goes to inner. false if it does not authenticate. */
static inline bool hx_open(const ks_secret *secret, aead_alg aead, uint64_t seq,
                           const uint8_t *rec, size_t rec_len, uint8_t *inner, size_t *inner_len)
{
    if (rec_len < RECORD_HEADER_LEN + AEAD_TAG_LEN || rec[0] != RECORD_APPLICATION_DATA)
        return false;
    record_protection rp;
    hx_protection(secret, aead, seq, &rp);
    uint8_t nonce[AEAD_NONCE_LEN];
    record_nonce(&rp, nonce);
    size_t ct_len = rec_len - RECORD_HEADER_LEN;
    bool ok = aead_open(&rp.key, nonce, rec, RECORD_HEADER_LEN, rec + RECORD_HEADER_LEN, ct_len,
                        inner) == TLS13_OK;
    record_protection_wipe(&rp);
    if (ok)
        *inner_len = ct_len - AEAD_TAG_LEN;
    return ok;
}

/* Splits an inner plaintext into content and type (the last non-zero byte). */
static inline bool hx_inner_split(const uint8_t *inner, size_t inner_len, uint8_t *type,
                                  size_t *content_len)
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

/* An unprotected record (any type, any length up to 0xffff) into out. */
static inline size_t hx_plain_record(uint8_t type, const uint8_t *content, size_t len,
                                     uint8_t *out)
{
    ck_assert_uint_le(len, 0xffff);
    out[0] = type;
    out[1] = 0x03;
    out[2] = 0x03;
    out[3] = (uint8_t)(len >> 8);
    out[4] = (uint8_t)len;
    if (len > 0)
        memcpy(out + RECORD_HEADER_LEN, content, len);
    return RECORD_HEADER_LEN + len;
}

#endif /* TLS13_TEST_CONN_HARNESS_H */
