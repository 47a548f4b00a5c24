/*
 * hash.h — SHA-256 / SHA-384 and HMAC over either, behind one interface.
 *
 * SHA-256 and HMAC-SHA-256 come from libsodium, SHA-384 and HMAC-SHA-384 from
 * nettle (DESIGN.md). Contexts are plain structs with opaque storage: copying
 * one with `=` copies the running state, which is how the transcript takes an
 * intermediate hash without disturbing the running one (hash_peek).
 *
 * Only src/crypto/ includes <sodium.h> or <nettle/...>; this header does not.
 */
#ifndef TLS13_CRYPTO_HASH_H
#define TLS13_CRYPTO_HASH_H

#include <stddef.h>
#include <stdint.h>

typedef enum hash_alg {
    HASH_SHA256,
    HASH_SHA384
} hash_alg;

#define HASH_SHA256_LEN 32
#define HASH_SHA384_LEN 48
#define HASH_MAX_LEN 48

/* Room for the larger of libsodium's crypto_hash_sha256_state and nettle's
 * sha384_ctx; hash.c checks the fit with static assertions. */
#define HASH_STATE_SIZE 256

typedef struct hash_ctx {
    hash_alg alg;
    _Alignas(16) unsigned char state[HASH_STATE_SIZE];
} hash_ctx;

size_t hash_len(hash_alg alg);

void hash_init(hash_ctx *ctx, hash_alg alg);
void hash_update(hash_ctx *ctx, const uint8_t *data, size_t len);
/* Writes hash_len(ctx->alg) bytes and wipes the context. */
void hash_final(hash_ctx *ctx, uint8_t *out);
/* The digest of everything so far, leaving ctx running. */
void hash_peek(const hash_ctx *ctx, uint8_t *out);
/* One-shot digest. */
void hash_digest(hash_alg alg, const uint8_t *data, size_t len, uint8_t *out);
void hash_wipe(hash_ctx *ctx);

/* Room for libsodium's crypto_auth_hmacsha256_state and nettle's
 * hmac_sha384_ctx. */
#define HMAC_STATE_SIZE 768

typedef struct hmac_ctx {
    hash_alg alg;
    _Alignas(16) unsigned char state[HMAC_STATE_SIZE];
} hmac_ctx;

/* Keys of any length (RFC 2104: longer keys are hashed first). */
void hmac_init(hmac_ctx *ctx, hash_alg alg, const uint8_t *key, size_t key_len);
void hmac_update(hmac_ctx *ctx, const uint8_t *data, size_t len);
/* Writes hash_len(ctx->alg) bytes and wipes the context. */
void hmac_final(hmac_ctx *ctx, uint8_t *out);
void hmac_wipe(hmac_ctx *ctx);
/* One-shot HMAC. */
void hmac(hash_alg alg, const uint8_t *key, size_t key_len,
          const uint8_t *data, size_t len, uint8_t *out);

#endif /* TLS13_CRYPTO_HASH_H */
