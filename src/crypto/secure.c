/*
 * secure.c — randomness, wiping and constant-time comparison, from libsodium.
 */
#include "crypto/secure.h"

#include <sodium.h>

tls13_error secure_init(void)
{
    /* 0: initialised now, 1: already initialised, -1: failure. */
    return sodium_init() < 0 ? TLS13_ERR_RANDOM_FAILED : TLS13_OK;
}

tls13_error secure_random(const tls13_random_source *rng, uint8_t *out, size_t len)
{
    if (len == 0)
        return TLS13_OK;
    if (rng != NULL && rng->fill != NULL) {
        if (rng->fill(rng->ctx, out, len) != 0)
            return TLS13_ERR_RANDOM_FAILED;
        return TLS13_OK;
    }
    if (secure_init() != TLS13_OK)
        return TLS13_ERR_RANDOM_FAILED;
    randombytes_buf(out, len);
    return TLS13_OK;
}

void secure_wipe(void *p, size_t len)
{
    if (p != NULL && len > 0)
        sodium_memzero(p, len);
}

bool secure_equal(const uint8_t *a, const uint8_t *b, size_t len)
{
    if (len == 0)
        return true;
    return sodium_memcmp(a, b, len) == 0;
}
