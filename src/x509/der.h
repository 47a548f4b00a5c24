/*
 * der.h — a strict DER reader and a small DER writer (X.690 §8, §10), both
 * on top of src/wire. Internal to src/x509.
 *
 * Reader: every function reads one element from a wire_reader and returns
 * true on success; on failure the reader's position is unspecified and the
 * caller gives up. Strictness (X.690 §10.1, §8.1.3): single-byte tags only
 * (no high tag numbers), definite lengths only, the shortest length form,
 * and a length that fits the input. Callers finish every constructed value
 * with wire_reader_done, so no trailing bytes slip through.
 *
 * Writer: der_begin writes a tag and remembers where the contents start;
 * der_end fills in the length, in its minimal form, once the contents are
 * written (moving them when the length needs more than one byte). Failures
 * are sticky in the wire_writer, as for every other writer.
 */
#ifndef TLS13_X509_DER_H
#define TLS13_X509_DER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wire/wire.h"

/* Universal tags (X.680 §8.4) and the context tags X.509 uses. */
enum {
    DER_BOOLEAN = 0x01,
    DER_INTEGER = 0x02,
    DER_BIT_STRING = 0x03,
    DER_OCTET_STRING = 0x04,
    DER_NULL = 0x05,
    DER_OID = 0x06,
    DER_UTF8_STRING = 0x0c,
    DER_PRINTABLE_STRING = 0x13,
    DER_IA5_STRING = 0x16,
    DER_UTC_TIME = 0x17,
    DER_GENERALIZED_TIME = 0x18,
    DER_SEQUENCE = 0x30,
    DER_SET = 0x31,
    DER_CONTEXT_0 = 0xa0,            /* [0] constructed */
    DER_CONTEXT_1 = 0xa1,
    DER_CONTEXT_3 = 0xa3,
    DER_CONTEXT_PRIMITIVE_1 = 0x81,  /* [1] primitive, e.g. issuerUniqueID */
    DER_CONTEXT_PRIMITIVE_2 = 0x82   /* [2] primitive, e.g. dNSName */
};

/* ---- reader ---- */

/* The tag of the next element, without consuming anything. */
bool der_peek_tag(const wire_reader *r, uint8_t *tag);
/* Reads any element: its tag and a sub-reader over its contents. */
bool der_read_any(wire_reader *r, uint8_t *tag, wire_reader *contents);
/* Reads an element that must have this tag. */
bool der_read(wire_reader *r, uint8_t tag, wire_reader *contents);
/* Like der_read, and also returns the whole element (header included):
 * what a signature covers, or a blob to copy. */
bool der_read_element(wire_reader *r, uint8_t tag, wire_reader *contents,
                      const uint8_t **element, size_t *element_len);
/* If the next element has this tag, reads it and sets *present. */
bool der_read_optional(wire_reader *r, uint8_t tag, wire_reader *contents, bool *present);

/* INTEGER that must be non-negative, minimally encoded (X.690 §8.3.2).
 * Returns the magnitude without the sign byte (zero is one 0x00 byte). */
bool der_read_unsigned(wire_reader *r, const uint8_t **bytes, size_t *len);
/* A non-negative INTEGER that fits a uint32_t. */
bool der_read_small_unsigned(wire_reader *r, uint32_t *value);
/* OBJECT IDENTIFIER equal to the given encoded contents. */
bool der_oid_equals(const wire_reader *oid, const uint8_t *expected, size_t len);
/* BIT STRING with zero unused bits (keys, signatures); contents after the
 * unused-bits byte. */
bool der_read_bit_string_octets(wire_reader *r, wire_reader *bits);
/* NULL (contents must be empty). */
bool der_read_null(wire_reader *r);

/* ---- writer ---- */

/* Opens an element; *mark remembers where its contents start. */
bool der_begin(wire_writer *w, uint8_t tag, size_t *mark);
/* Closes the element opened at mark: writes its length, minimally. */
bool der_end(wire_writer *w, size_t mark);
/* A whole primitive element. */
bool der_write(wire_writer *w, uint8_t tag, const uint8_t *contents, size_t len);
/* INTEGER from a big-endian magnitude (leading zeros stripped, a 0x00 added
 * when the top bit is set). */
bool der_write_unsigned(wire_writer *w, const uint8_t *magnitude, size_t len);

#endif /* TLS13_X509_DER_H */
