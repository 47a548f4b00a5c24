/*
 * transcript.c — the running transcript hash of RFC 9846 §4.1.
 *
 *     Transcript-Hash(M1, M2, ... Mn) = Hash(M1 || M2 || ... || Mn)
 *
 * over whole handshake messages (with their 4-byte headers, without record
 * headers). A client does not know the hash until ServerHello picks the
 * cipher suite, so until ks_transcript_select both SHA-256 and SHA-384 run
 * (§4.1: "implementations can implement the transcript by keeping a running
 * transcript hash value based on the negotiated hash, once the hash has been
 * selected in the ServerHello").
 *
 * It may touch: crypto/hash.h, crypto/secure.h and wire/wire.h (to build the
 * synthetic message_hash message). Nothing else.
 */
#include "keyschedule/keyschedule.h"

#include <assert.h>
#include <string.h>

#include "crypto/secure.h"
#include "wire/wire.h"

/* HandshakeType message_hash(254), §4. */
#define HANDSHAKE_TYPE_MESSAGE_HASH 254

static hash_ctx *transcript_ctx(ks_transcript *t, hash_alg alg)
{
    return alg == HASH_SHA384 ? &t->sha384 : &t->sha256;
}

static const hash_ctx *transcript_ctx_const(const ks_transcript *t, hash_alg alg)
{
    return alg == HASH_SHA384 ? &t->sha384 : &t->sha256;
}

/* Whether the hash alg is still running. */
static bool transcript_runs(const ks_transcript *t, hash_alg alg)
{
    return !t->selected || t->alg == alg;
}

void ks_transcript_init(ks_transcript *t)
{
    memset(t, 0, sizeof *t);
    t->selected = false;
    t->alg = HASH_SHA256;
    hash_init(&t->sha256, HASH_SHA256);
    hash_init(&t->sha384, HASH_SHA384);
}

/* Keeps the suite's hash and wipes the other. Selecting again is a no-op:
 * the hash a transcript runs cannot change once chosen. */
void ks_transcript_select(ks_transcript *t, hash_alg alg)
{
    if (t->selected)
        return;
    t->selected = true;
    t->alg = alg;
    hash_wipe(transcript_ctx(t, alg == HASH_SHA384 ? HASH_SHA256 : HASH_SHA384));
}

void ks_transcript_update(ks_transcript *t, const uint8_t *msg, size_t len)
{
    if (transcript_runs(t, HASH_SHA256))
        hash_update(&t->sha256, msg, len);
    if (transcript_runs(t, HASH_SHA384))
        hash_update(&t->sha384, msg, len);
}

void ks_transcript_hash(const ks_transcript *t, uint8_t *out)
{
    hash_peek(transcript_ctx_const(t, t->alg), out);
}

void ks_transcript_hash_as(const ks_transcript *t, hash_alg alg, uint8_t *out)
{
    /* The other hash was wiped by ks_transcript_select. */
    assert(transcript_runs(t, alg));
    hash_peek(transcript_ctx_const(t, alg), out);
}

/* §4.1: ClientHello1 "is replaced with a special synthetic handshake message
 * of handshake type "message_hash" (254) containing Hash(ClientHello1)":
 *     message_hash || 00 00 Hash.length || Hash(ClientHello1)         */
static void replace_one(hash_ctx *ctx, hash_alg alg)
{
    uint8_t client_hello1_hash[HASH_MAX_LEN];
    uint8_t message[4 + HASH_MAX_LEN];
    size_t n = hash_len(alg), message_len = 0;
    wire_writer w;

    hash_final(ctx, client_hello1_hash);
    wire_writer_init(&w, message, sizeof message);
    wire_write_u8(&w, HANDSHAKE_TYPE_MESSAGE_HASH);
    wire_write_u24(&w, (uint32_t)n);
    wire_write_bytes(&w, client_hello1_hash, n);
    /* Cannot fail: the buffer has room for the largest hash. */
    (void)wire_writer_finish(&w, &message_len);

    hash_init(ctx, alg);
    hash_update(ctx, message, message_len);
}

void ks_transcript_replace_with_message_hash(ks_transcript *t)
{
    if (transcript_runs(t, HASH_SHA256))
        replace_one(&t->sha256, HASH_SHA256);
    if (transcript_runs(t, HASH_SHA384))
        replace_one(&t->sha384, HASH_SHA384);
}

void ks_transcript_wipe(ks_transcript *t)
{
    hash_wipe(&t->sha256);
    hash_wipe(&t->sha384);
    secure_wipe(t, sizeof *t);
}
