/*
 * extensions.h — the extension-block walker shared by the message parsers
 * (internal to src/handshake/; the public table functions are in messages.h).
 *
 * An extension block is Extension extensions<0..2^16-1> (RFC 9846 §4.3).
 * The walker reads each extension in turn and enforces the rules that hold
 * for every message:
 *   - a type appears at most once in a block (§4.3),
 *   - a type we recognise appears only where Table 1 allows it (§4.3),
 *   - pre_shared_key is the last extension of a ClientHello (§4.3.11),
 * then hands the extension to the message's handler. The handler parses the
 * types it understands (ending with hs_extension_end, §4.3: no trailing data)
 * and returns TLS13_OK for the rest, which are thereby skipped.
 */
#ifndef TLS13_HANDSHAKE_EXTENSIONS_H
#define TLS13_HANDSHAKE_EXTENSIONS_H

#include "handshake/messages.h"

typedef tls13_error (*hs_extension_handler)(void *msg, uint16_t type, wire_reader *data);

typedef struct hs_extension_walk {
    hs_context context;            /* the message the block belongs to */
    hs_extension_handler handler;
    void *msg;                     /* passed to the handler */
    uint16_t *types;               /* NULL: types are not recorded */
    size_t types_cap;              /* recording more than this: unsolicited */
    size_t *type_count;            /* in/out: types recorded so far */
} hs_extension_walk;

/* Walks the whole of `block` (the body of the extensions vector). */
tls13_error hs_walk_extensions(wire_reader block, const hs_extension_walk *walk);

/* The end of an extension's structure: any byte left is a decode error (§4.3). */
tls13_error hs_extension_end(const wire_reader *data);

#endif /* TLS13_HANDSHAKE_EXTENSIONS_H */
