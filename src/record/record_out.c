/*
 * record_out.c — the sending side of the record layer: fragments content
 * into records (RFC 9846 §5.1), protects them when keys are installed, and
 * keeps them in order in one growing buffer until they are sent.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "record/record.h"

void record_out_init(record_out *out)
{
    memset(out, 0, sizeof *out);
    out->legacy_version = RECORD_LEGACY_VERSION;
    out->max_fragment = RECORD_MAX_PLAINTEXT;
}

void record_out_free(record_out *out)
{
    record_protection_wipe(&out->tx);
    if (out->buf != NULL) {
        secure_wipe(out->buf, out->cap);
        free(out->buf);
    }
    memset(out, 0, sizeof *out);
}

/* Makes room for `more` bytes at the end. */
static tls13_error reserve(record_out *out, size_t more)
{
    if (out->cap - out->len >= more)
        return TLS13_OK;
    size_t cap = out->cap ? out->cap : 4096;
    while (cap - out->len < more)
        cap *= 2;
    uint8_t *grown = realloc(out->buf, cap);
    if (grown == NULL)
        return TLS13_ERR_OUT_OF_MEMORY;
    out->buf = grown;
    out->cap = cap;
    return TLS13_OK;
}

/* One record with at most max_fragment bytes of content. */
static tls13_error send_one(record_out *out, uint8_t type, const uint8_t *content, size_t len)
{
    tls13_error err = reserve(out, RECORD_MAX_WIRE);
    if (err != TLS13_OK)
        return err;
    uint8_t *at = out->buf + out->len;
    size_t written = 0;
    if (out->tx.active)
        err = record_seal(&out->tx, &out->padding, type, content, len, at,
                          out->cap - out->len, &written);
    else
        err = record_write_plaintext(type, out->legacy_version, content, len, at,
                                     out->cap - out->len, &written);
    if (err != TLS13_OK)
        return err;
    if (out->observe != NULL)
        out->observe(out->observe_ctx, at, written);
    out->len += written;
    return TLS13_OK;
}

tls13_error record_out_send(record_out *out, uint8_t content_type,
                            const uint8_t *content, size_t len)
{
    size_t max = out->max_fragment;
    if (max == 0 || max > RECORD_MAX_PLAINTEXT)
        max = RECORD_MAX_PLAINTEXT;
    /* Zero-length application data is a record of its own (§5.1 allows it). */
    if (len == 0)
        return send_one(out, content_type, content, 0);
    for (size_t done = 0; done < len;) {
        size_t n = len - done < max ? len - done : max;
        tls13_error err = send_one(out, content_type, content + done, n);
        if (err != TLS13_OK)
            return err;
        done += n;
    }
    return TLS13_OK;
}

void record_out_consume(record_out *out, size_t n)
{
    if (n > out->len)
        n = out->len;
    /* Nothing was sent -- perhaps before anything was ever queued, when buf
     * is still NULL: memmove with a null pointer is undefined even for zero
     * bytes (C11 §7.24.1), and so is NULL + 0. */
    if (n == 0)
        return;
    memmove(out->buf, out->buf + n, out->len - n);
    out->len -= n;
}
