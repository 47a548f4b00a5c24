/*
 * wire.c — the checked byte reader and writer (see wire.h).
 *
 * This file touches only its own buffers; it knows nothing of TLS messages.
 */
#include "wire/wire.h"

#include <string.h>

/* ---- reader ------------------------------------------------------------ */

void wire_reader_init(wire_reader *r, const uint8_t *data, size_t len)
{
    r->data = data;
    r->len = data ? len : 0;
}

size_t wire_reader_remaining(const wire_reader *r)
{
    return r->len;
}

bool wire_reader_done(const wire_reader *r)
{
    return r->len == 0;
}

/* Reads an n-byte big-endian unsigned integer, n <= 8. */
static bool read_uint(wire_reader *r, size_t n, uint64_t *out)
{
    if (r->len < n)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = (v << 8) | r->data[i];
    r->data += n;
    r->len -= n;
    *out = v;
    return true;
}

bool wire_read_u8(wire_reader *r, uint8_t *out)
{
    uint64_t v;
    if (!read_uint(r, 1, &v))
        return false;
    *out = (uint8_t)v;
    return true;
}

bool wire_read_u16(wire_reader *r, uint16_t *out)
{
    uint64_t v;
    if (!read_uint(r, 2, &v))
        return false;
    *out = (uint16_t)v;
    return true;
}

bool wire_read_u24(wire_reader *r, uint32_t *out)
{
    uint64_t v;
    if (!read_uint(r, 3, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool wire_read_u32(wire_reader *r, uint32_t *out)
{
    uint64_t v;
    if (!read_uint(r, 4, &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

bool wire_read_u64(wire_reader *r, uint64_t *out)
{
    return read_uint(r, 8, out);
}

bool wire_read_span(wire_reader *r, size_t n, const uint8_t **out)
{
    if (r->len < n)
        return false;
    *out = r->data;
    r->data += n;
    r->len -= n;
    return true;
}

bool wire_read_bytes(wire_reader *r, uint8_t *out, size_t n)
{
    const uint8_t *span;
    if (!wire_read_span(r, n, &span))
        return false;
    if (n > 0)
        memcpy(out, span, n);
    return true;
}

bool wire_skip(wire_reader *r, size_t n)
{
    const uint8_t *span;
    return wire_read_span(r, n, &span);
}

/* Reads a prefix_len-byte length, then opens a child over that many bytes.
 * On failure the parent is left as it was. */
static bool read_prefixed(wire_reader *r, size_t prefix_len, wire_reader *child)
{
    wire_reader saved = *r;
    uint64_t n;
    const uint8_t *body;
    if (!read_uint(r, prefix_len, &n) || !wire_read_span(r, (size_t)n, &body)) {
        *r = saved;
        return false;
    }
    wire_reader_init(child, body, (size_t)n);
    return true;
}

bool wire_read_prefixed_u8(wire_reader *r, wire_reader *child)
{
    return read_prefixed(r, 1, child);
}

bool wire_read_prefixed_u16(wire_reader *r, wire_reader *child)
{
    return read_prefixed(r, 2, child);
}

bool wire_read_prefixed_u24(wire_reader *r, wire_reader *child)
{
    return read_prefixed(r, 3, child);
}

/* ---- writer ------------------------------------------------------------ */

void wire_writer_init(wire_writer *w, uint8_t *buf, size_t cap)
{
    memset(w, 0, sizeof *w);
    w->buf = buf;
    w->cap = buf ? cap : 0;
    w->failed = &w->failed_storage;
}

static bool writer_fail(wire_writer *w)
{
    *w->failed = true;
    return false;
}

/* A writer may be written to only while it has no open child and all is well. */
static bool writer_usable(const wire_writer *w)
{
    return w->failed && !*w->failed && w->child == NULL;
}

uint8_t *wire_write_reserve(wire_writer *w, size_t n)
{
    if (!writer_usable(w))
        return NULL;
    if (w->cap - w->len < n) {
        writer_fail(w);
        return NULL;
    }
    uint8_t *p = w->buf + w->len;
    w->len += n;
    /* Keep every ancestor's view of the shared buffer in step. */
    for (wire_writer *a = w->parent; a != NULL; a = a->parent)
        a->len = w->len;
    return p;
}

static bool write_uint(wire_writer *w, size_t n, uint64_t v)
{
    uint8_t *p = wire_write_reserve(w, n);
    if (p == NULL)
        return false;
    for (size_t i = n; i > 0; i--) {
        p[i - 1] = (uint8_t)(v & 0xff);
        v >>= 8;
    }
    return true;
}

bool wire_write_u8(wire_writer *w, uint8_t v)
{
    return write_uint(w, 1, v);
}

bool wire_write_u16(wire_writer *w, uint16_t v)
{
    return write_uint(w, 2, v);
}

bool wire_write_u24(wire_writer *w, uint32_t v)
{
    if (v > 0xffffff)
        return writer_fail(w);
    return write_uint(w, 3, v);
}

bool wire_write_u32(wire_writer *w, uint32_t v)
{
    return write_uint(w, 4, v);
}

bool wire_write_u64(wire_writer *w, uint64_t v)
{
    return write_uint(w, 8, v);
}

bool wire_write_bytes(wire_writer *w, const uint8_t *data, size_t n)
{
    uint8_t *p = wire_write_reserve(w, n);
    if (p == NULL)
        return false;
    if (n > 0)
        memcpy(p, data, n);
    return true;
}

static bool open_child(wire_writer *w, wire_writer *child, size_t prefix_len)
{
    /* Even when the open fails, the child is left in a defined, failed state
     * (sharing the parent's failure flag), so a caller that writes to it
     * anyway gets failures, not undefined behaviour. */
    memset(child, 0, sizeof *child);
    child->failed = w->failed;
    child->buf = w->buf;
    /* A zero placeholder; wire_writer_close writes the real length. */
    if (!write_uint(w, prefix_len, 0)) {
        *child->failed = true;
        return false;
    }
    child->cap = w->cap;
    child->len = w->len;
    child->start = w->len;
    child->prefix_len = prefix_len;
    child->parent = w;
    w->child = child;
    return true;
}

bool wire_writer_open_u8(wire_writer *w, wire_writer *child)
{
    return open_child(w, child, 1);
}

bool wire_writer_open_u16(wire_writer *w, wire_writer *child)
{
    return open_child(w, child, 2);
}

bool wire_writer_open_u24(wire_writer *w, wire_writer *child)
{
    return open_child(w, child, 3);
}

size_t wire_writer_body_len(const wire_writer *w)
{
    return w->len - w->start;
}

bool wire_writer_close(wire_writer *child)
{
    wire_writer *parent = child->parent;
    if (parent == NULL || parent->child != child)
        return false;
    parent->child = NULL;
    child->parent = NULL;
    if (child->child != NULL || *child->failed)
        return writer_fail(parent);
    size_t body = wire_writer_body_len(child);
    size_t max = ((size_t)1 << (8 * child->prefix_len)) - 1;
    if (body > max)
        return writer_fail(parent);
    uint8_t *prefix = child->buf + child->start - child->prefix_len;
    for (size_t i = child->prefix_len; i > 0; i--) {
        prefix[i - 1] = (uint8_t)(body & 0xff);
        body >>= 8;
    }
    parent->len = child->len;
    return true;
}

bool wire_writer_finish(wire_writer *w, size_t *out_len)
{
    if (w->parent != NULL || w->child != NULL || *w->failed)
        return false;
    *out_len = w->len;
    return true;
}
