/*
 * replay_harness.h — what a test needs to make the library replay a
 * published trace (tests/test_replay.c, tests/test_certs.c):
 *
 *   - a scripted random source: each draw the library makes must have the
 *     length of the next scripted value (the trace's random, key share
 *     private key, RSA-PSS salt, ...), and a test checks the script was used
 *     up, so the order of the draws is part of what is tested;
 *   - the body of a handshake message vector, and the leaf certificate of a
 *     Certificate message.
 *
 * Everything here is static inline: each test program uses a different part.
 */
#ifndef TLS13_TEST_REPLAY_HARNESS_H
#define TLS13_TEST_REPLAY_HARNESS_H

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "handshake/messages.h"
#include "tls13.h"
#include "vecfile.h"

#define SCRIPT_MAX_DRAWS 8

typedef struct scripted_random {
    uint8_t *values[SCRIPT_MAX_DRAWS];
    size_t lens[SCRIPT_MAX_DRAWS];
    size_t count, next;
} scripted_random;

/* Hands out the scripted values in order; a draw of another length than the
 * next value's, or past the end, fails the test: the order is part of the
 * contract (a trace can only be replayed if it is). */
static inline int scripted_fill(void *ctx, uint8_t *out, size_t len)
{
    scripted_random *s = ctx;
    ck_assert_msg(s->next < s->count,
                  "random draw %zu (%zu bytes) is past the end of the script (%zu values)",
                  s->next + 1, len, s->count);
    ck_assert_msg(len == s->lens[s->next],
                  "random draw %zu asks for %zu bytes; the script's value %zu has %zu",
                  s->next + 1, len, s->next + 1, s->lens[s->next]);
    memcpy(out, s->values[s->next], len);
    s->next++;
    return 0;
}

/* Appends a value: len bytes of data, or (data NULL) len bytes of `fill`. */
static inline void scripted_random_add(scripted_random *s, const uint8_t *data, size_t len,
                                       uint8_t fill)
{
    ck_assert_uint_lt(s->count, SCRIPT_MAX_DRAWS);
    uint8_t *v = malloc(len > 0 ? len : 1);
    ck_assert_ptr_nonnull(v);
    if (data != NULL)
        memcpy(v, data, len);
    else
        memset(v, fill, len);
    s->values[s->count] = v;
    s->lens[s->count] = len;
    s->count++;
}

static inline tls13_random_source scripted_random_source(scripted_random *s)
{
    tls13_random_source source = { scripted_fill, s };
    return source;
}

static inline void scripted_random_free(scripted_random *s)
{
    for (size_t i = 0; i < s->count; i++)
        free(s->values[i]);
    memset(s, 0, sizeof *s);
}

/* The body of a whole handshake message, checked to be of `type`. */
static inline span replay_message_body(const uint8_t *msg, size_t len, uint8_t type)
{
    uint8_t got;
    span body;
    ck_assert_int_eq(hs_split_message(msg, len, &got, &body), TLS13_OK);
    ck_assert_int_eq(got, type);
    return body;
}

/* The leaf certificate (DER) of a whole Certificate message. */
static inline span replay_leaf_certificate(const uint8_t *msg, size_t len)
{
    span body = replay_message_body(msg, len, HS_CERTIFICATE);
    certificate_msg cert;
    ck_assert_int_eq(hs_parse_certificate(body.data, body.len, &cert), TLS13_OK);
    ck_assert_uint_ge(cert.cert_count, 1);
    return cert.cert_data[0];
}

#endif /* TLS13_TEST_REPLAY_HARNESS_H */
