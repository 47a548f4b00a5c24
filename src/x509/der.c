/*
 * der.c — the strict DER reader and the small DER writer of der.h.
 *
 * Only the subset X.509 and PKCS#8 need: single-byte tags, definite lengths
 * up to 4 bytes (4 GiB, far beyond any certificate), minimal encodings.
 * May touch: src/wire.
 */
#include "x509/der.h"

#include <string.h>

/* ------------------------------------------------------------------------ */
/* Reader                                                                   */
/* ------------------------------------------------------------------------ */

/* The long form's length octets: X.690 §8.1.3.5. DER (X.690 §10.1) requires
 * the fewest octets: no leading zero octet, and the long form only for
 * lengths of 128 and more. */
static bool read_long_length(wire_reader *r, size_t count, size_t *len)
{
    if (count == 0 || count > 4)           /* 0: indefinite (X.690 §8.1.3.6) */
        return false;
    size_t value = 0;
    for (size_t i = 0; i < count; i++) {
        uint8_t b;
        if (!wire_read_u8(r, &b) || (i == 0 && b == 0))
            return false;
        value = (value << 8) | b;
    }
    if (value < 0x80)
        return false;
    *len = value;
    return true;
}

/* Tag and length. Tag numbers of 31 and more (X.690 §8.1.2.4) are not used
 * by anything we read, so they are refused. */
static bool read_header(wire_reader *r, uint8_t *tag, size_t *len)
{
    uint8_t t, first;
    if (!wire_read_u8(r, &t) || (t & 0x1f) == 0x1f || !wire_read_u8(r, &first))
        return false;
    *tag = t;
    if (first < 0x80) {
        *len = first;
        return true;
    }
    return read_long_length(r, (size_t)(first & 0x7f), len);
}

bool der_peek_tag(const wire_reader *r, uint8_t *tag)
{
    if (r->len == 0)
        return false;
    *tag = r->data[0];
    return true;
}

bool der_read_any(wire_reader *r, uint8_t *tag, wire_reader *contents)
{
    size_t len;
    const uint8_t *body;
    if (!read_header(r, tag, &len) || !wire_read_span(r, len, &body))
        return false;
    wire_reader_init(contents, body, len);
    return true;
}

bool der_read(wire_reader *r, uint8_t tag, wire_reader *contents)
{
    uint8_t got;
    return der_read_any(r, &got, contents) && got == tag;
}

bool der_read_element(wire_reader *r, uint8_t tag, wire_reader *contents,
                      const uint8_t **element, size_t *element_len)
{
    const uint8_t *start = r->data;
    size_t before = r->len;
    if (!der_read(r, tag, contents))
        return false;
    *element = start;
    *element_len = before - r->len;
    return true;
}

bool der_read_optional(wire_reader *r, uint8_t tag, wire_reader *contents, bool *present)
{
    uint8_t next;
    *present = der_peek_tag(r, &next) && next == tag;
    if (!*present)
        return true;
    return der_read(r, tag, contents);
}

/* X.690 §8.3.2: the first nine bits of a multi-octet INTEGER are never all
 * zeros or all ones. Negative values are refused: nothing we read is signed. */
bool der_read_unsigned(wire_reader *r, const uint8_t **bytes, size_t *len)
{
    wire_reader v;
    if (!der_read(r, DER_INTEGER, &v) || v.len == 0 || (v.data[0] & 0x80) != 0)
        return false;
    if (v.len > 1 && v.data[0] == 0x00) {
        if ((v.data[1] & 0x80) == 0)
            return false;
        wire_skip(&v, 1);
    }
    *bytes = v.data;
    *len = v.len;
    return true;
}

bool der_read_small_unsigned(wire_reader *r, uint32_t *value)
{
    const uint8_t *bytes;
    size_t len;
    if (!der_read_unsigned(r, &bytes, &len) || len > 4)
        return false;
    uint32_t v = 0;
    for (size_t i = 0; i < len; i++)
        v = (v << 8) | bytes[i];
    *value = v;
    return true;
}

bool der_oid_equals(const wire_reader *oid, const uint8_t *expected, size_t len)
{
    return oid->len == len && memcmp(oid->data, expected, len) == 0;
}

/* X.690 §8.6.2: the first contents octet counts the unused bits of the last
 * octet. Keys and signatures are whole octets, so it must be zero. */
bool der_read_bit_string_octets(wire_reader *r, wire_reader *bits)
{
    uint8_t unused;
    return der_read(r, DER_BIT_STRING, bits) && wire_read_u8(bits, &unused) && unused == 0;
}

bool der_read_null(wire_reader *r)
{
    wire_reader v;
    return der_read(r, DER_NULL, &v) && wire_reader_done(&v);
}

/* ------------------------------------------------------------------------ */
/* Writer                                                                   */
/* ------------------------------------------------------------------------ */

/* The tag and a one-byte placeholder for the length. */
bool der_begin(wire_writer *w, uint8_t tag, size_t *mark)
{
    if (!wire_write_u8(w, tag) || !wire_write_u8(w, 0))
        return false;
    *mark = w->len;
    return true;
}

/* Works on the root writer's buffer directly: the contents written since
 * der_begin move right when the length needs the long form. */
bool der_end(wire_writer *w, size_t mark)
{
    if (wire_write_reserve(w, 0) == NULL || mark == 0 || mark > w->len)
        return false;                   /* the writer already failed */
    size_t body = w->len - mark;
    if (body < 0x80) {
        w->buf[mark - 1] = (uint8_t)body;
        return true;
    }
    size_t extra = 0;
    for (size_t v = body; v > 0; v >>= 8)
        extra++;
    if (extra > 4 || wire_write_reserve(w, extra) == NULL)
        return false;
    memmove(w->buf + mark + extra, w->buf + mark, body);
    w->buf[mark - 1] = (uint8_t)(0x80 | extra);
    for (size_t i = 0; i < extra; i++)
        w->buf[mark + i] = (uint8_t)(body >> (8 * (extra - 1 - i)));
    return true;
}

bool der_write(wire_writer *w, uint8_t tag, const uint8_t *contents, size_t len)
{
    size_t mark;
    return der_begin(w, tag, &mark) && wire_write_bytes(w, contents, len) &&
           der_end(w, mark);
}

bool der_write_unsigned(wire_writer *w, const uint8_t *magnitude, size_t len)
{
    while (len > 0 && magnitude[0] == 0) {
        magnitude++;
        len--;
    }
    size_t mark;
    if (!der_begin(w, DER_INTEGER, &mark))
        return false;
    if (len == 0 || (magnitude[0] & 0x80) != 0) {
        if (!wire_write_u8(w, 0))
            return false;
    }
    return wire_write_bytes(w, magnitude, len) && der_end(w, mark);
}
