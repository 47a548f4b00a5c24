/*
 * hash.c — SHA-256 (libsodium), SHA-384 (nettle) and HMAC over each.
 *
 * The contexts in hash.h hold opaque storage; the static assertions below
 * check that each library's state fits.
 */
#include "crypto/hash.h"

#include <nettle/hmac.h>
#include <nettle/sha2.h>
#include <sodium.h>
#include <string.h>

#include "crypto/secure.h"

/* nettle/hmac.h defines hmac_update and hmac_digest as macros for its generic
 * HMAC; this file never uses those, and our own hmac_update must not be
 * renamed by them. */
#undef hmac_update
#undef hmac_digest

_Static_assert(sizeof(crypto_hash_sha256_state) <= HASH_STATE_SIZE,
               "hash_ctx too small for SHA-256");
_Static_assert(sizeof(struct sha384_ctx) <= HASH_STATE_SIZE,
               "hash_ctx too small for SHA-384");
_Static_assert(sizeof(crypto_auth_hmacsha256_state) <= HMAC_STATE_SIZE,
               "hmac_ctx too small for HMAC-SHA-256");
_Static_assert(sizeof(struct hmac_sha384_ctx) <= HMAC_STATE_SIZE,
               "hmac_ctx too small for HMAC-SHA-384");

size_t hash_len(hash_alg alg)
{
    return alg == HASH_SHA384 ? HASH_SHA384_LEN : HASH_SHA256_LEN;
}

static crypto_hash_sha256_state *sha256_state(hash_ctx *ctx)
{
    return (crypto_hash_sha256_state *)(void *)ctx->state;
}

static struct sha384_ctx *sha384_state(hash_ctx *ctx)
{
    return (struct sha384_ctx *)(void *)ctx->state;
}

void hash_init(hash_ctx *ctx, hash_alg alg)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->alg = alg;
    if (alg == HASH_SHA384)
        sha384_init(sha384_state(ctx));
    else
        crypto_hash_sha256_init(sha256_state(ctx));
}

void hash_update(hash_ctx *ctx, const uint8_t *data, size_t len)
{
    if (len == 0)
        return;
    if (ctx->alg == HASH_SHA384)
        sha384_update(sha384_state(ctx), len, data);
    else
        crypto_hash_sha256_update(sha256_state(ctx), data, len);
}

void hash_final(hash_ctx *ctx, uint8_t *out)
{
    if (ctx->alg == HASH_SHA384)
        sha384_digest(sha384_state(ctx), HASH_SHA384_LEN, out);
    else
        crypto_hash_sha256_final(sha256_state(ctx), out);
    hash_wipe(ctx);
}

void hash_peek(const hash_ctx *ctx, uint8_t *out)
{
    hash_ctx copy = *ctx;
    hash_final(&copy, out);
}

void hash_digest(hash_alg alg, const uint8_t *data, size_t len, uint8_t *out)
{
    hash_ctx ctx;
    hash_init(&ctx, alg);
    hash_update(&ctx, data, len);
    hash_final(&ctx, out);
}

void hash_wipe(hash_ctx *ctx)
{
    secure_wipe(ctx->state, sizeof ctx->state);
}

static crypto_auth_hmacsha256_state *hmac256_state(hmac_ctx *ctx)
{
    return (crypto_auth_hmacsha256_state *)(void *)ctx->state;
}

static struct hmac_sha384_ctx *hmac384_state(hmac_ctx *ctx)
{
    return (struct hmac_sha384_ctx *)(void *)ctx->state;
}

void hmac_init(hmac_ctx *ctx, hash_alg alg, const uint8_t *key, size_t key_len)
{
    static const uint8_t empty[1] = { 0 };
    if (key == NULL)
        key = empty;
    memset(ctx, 0, sizeof *ctx);
    ctx->alg = alg;
    if (alg == HASH_SHA384)
        hmac_sha384_set_key(hmac384_state(ctx), key_len, key);
    else
        crypto_auth_hmacsha256_init(hmac256_state(ctx), key, key_len);
}

void hmac_update(hmac_ctx *ctx, const uint8_t *data, size_t len)
{
    if (len == 0)
        return;
    if (ctx->alg == HASH_SHA384)
        hmac_sha384_update(hmac384_state(ctx), len, data);
    else
        crypto_auth_hmacsha256_update(hmac256_state(ctx), data, len);
}

void hmac_final(hmac_ctx *ctx, uint8_t *out)
{
    if (ctx->alg == HASH_SHA384)
        hmac_sha384_digest(hmac384_state(ctx), HASH_SHA384_LEN, out);
    else
        crypto_auth_hmacsha256_final(hmac256_state(ctx), out);
    hmac_wipe(ctx);
}

void hmac_wipe(hmac_ctx *ctx)
{
    secure_wipe(ctx->state, sizeof ctx->state);
}

void hmac(hash_alg alg, const uint8_t *key, size_t key_len,
          const uint8_t *data, size_t len, uint8_t *out)
{
    hmac_ctx ctx;
    hmac_init(&ctx, alg, key, key_len);
    hmac_update(&ctx, data, len);
    hmac_final(&ctx, out);
}
