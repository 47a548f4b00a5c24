/*
 * explain.h — the teaching view of a live connection (--explain).
 *
 * Registered as the config's event callback (tls13_config_set_event_callback),
 * it prints every handshake message sent or received field by field, with
 * the names and section numbers of RFC 9846; every secret the key schedule
 * derives; every record that crosses the wire; alerts and state changes.
 */
#ifndef TLS13_TOOLS_EXPLAIN_H
#define TLS13_TOOLS_EXPLAIN_H

#include <stdbool.h>
#include <stdio.h>

#include "tls13.h"

typedef struct explain_ctx {
    FILE *out;
    bool is_server;        /* which side we are: for the arrows */
} explain_ctx;

void explain_init(explain_ctx *ex, FILE *out, bool is_server);
/* The tls13_event_fn; ctx is an explain_ctx. */
void explain_event(void *ctx, const tls13_event *event);

/* Prints a whole handshake message (with its 4-byte header); sent says
 * whether we sent it. Exposed for tests and other tools. */
void explain_handshake_message(explain_ctx *ex, bool sent, const uint8_t *msg, size_t len);

#endif /* TLS13_TOOLS_EXPLAIN_H */
