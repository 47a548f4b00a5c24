/*
 * wire.h — the checked byte reader and writer.
 *
 * Everything the library reads from a peer goes through a wire_reader; every
 * message it builds goes through a wire_writer. Nothing else in the code does
 * length arithmetic on peer data.
 *
 * Reader: a pointer and a remaining length. Each get returns true on success
 * and false, consuming nothing, when there are not enough bytes. A length
 * prefix opens a sub-reader over exactly that many bytes; a parser ends by
 * checking its reader is empty (wire_reader_done).
 *
 * Writer: writes into a caller-owned buffer (no allocation). A writer can
 * open a length-prefixed child; while the child is open only the child may be
 * written to, and closing it fills in the length. Any failure (no room, a
 * length that does not fit its prefix, writing to a parent with an open child)
 * is sticky: every later call fails and wire_writer_finish reports it.
 *
 * Integers are big-endian ("network byte order"), RFC 9846 §3.3.
 */
#ifndef TLS13_WIRE_H
#define TLS13_WIRE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct wire_reader {
    const uint8_t *data;
    size_t len;
} wire_reader;

void wire_reader_init(wire_reader *r, const uint8_t *data, size_t len);
size_t wire_reader_remaining(const wire_reader *r);
/* True when every byte has been read: the end-of-message check. */
bool wire_reader_done(const wire_reader *r);

bool wire_read_u8(wire_reader *r, uint8_t *out);
bool wire_read_u16(wire_reader *r, uint16_t *out);
bool wire_read_u24(wire_reader *r, uint32_t *out);
bool wire_read_u32(wire_reader *r, uint32_t *out);
bool wire_read_u64(wire_reader *r, uint64_t *out);
/* Copies n bytes into out. */
bool wire_read_bytes(wire_reader *r, uint8_t *out, size_t n);
/* Borrows n bytes: *out points into the reader's buffer. */
bool wire_read_span(wire_reader *r, size_t n, const uint8_t **out);
bool wire_skip(wire_reader *r, size_t n);
/* Reads a 1-, 2- or 3-byte length and opens a sub-reader over that many bytes. */
bool wire_read_prefixed_u8(wire_reader *r, wire_reader *child);
bool wire_read_prefixed_u16(wire_reader *r, wire_reader *child);
bool wire_read_prefixed_u24(wire_reader *r, wire_reader *child);

typedef struct wire_writer {
    uint8_t *buf;                /* shared by a writer and all its children */
    size_t cap;
    size_t len;                  /* bytes written so far, in buf */
    size_t start;                /* where this writer's body starts */
    size_t prefix_len;           /* 0 for a root writer, else 1, 2 or 3 */
    bool *failed;                /* sticky failure flag, shared with the root */
    bool failed_storage;         /* the root's own flag */
    struct wire_writer *parent;  /* NULL for a root */
    struct wire_writer *child;   /* the open child, if any */
} wire_writer;

void wire_writer_init(wire_writer *w, uint8_t *buf, size_t cap);
bool wire_write_u8(wire_writer *w, uint8_t v);
bool wire_write_u16(wire_writer *w, uint16_t v);
bool wire_write_u24(wire_writer *w, uint32_t v);
bool wire_write_u32(wire_writer *w, uint32_t v);
bool wire_write_u64(wire_writer *w, uint64_t v);
bool wire_write_bytes(wire_writer *w, const uint8_t *data, size_t n);
/* Reserves n bytes and returns a pointer to fill them in (NULL on failure). */
uint8_t *wire_write_reserve(wire_writer *w, size_t n);
/* Opens a child whose length is written as a 1-, 2- or 3-byte prefix. */
bool wire_writer_open_u8(wire_writer *w, wire_writer *child);
bool wire_writer_open_u16(wire_writer *w, wire_writer *child);
bool wire_writer_open_u24(wire_writer *w, wire_writer *child);
/* Closes a child: fills in its length, fails if the length does not fit. */
bool wire_writer_close(wire_writer *child);
/* Number of bytes in this writer's body so far. */
size_t wire_writer_body_len(const wire_writer *w);
/* Ends a root writer: fails if any call failed or a child is still open. */
bool wire_writer_finish(wire_writer *w, size_t *out_len);

#endif /* TLS13_WIRE_H */
