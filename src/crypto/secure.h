/*
 * secure.h — randomness, wiping and constant-time comparison.
 *
 * secure_init() must run before anything else in src/crypto/ (it calls
 * sodium_init, which picks the fastest implementations and seeds the RNG);
 * the library calls it from every entry point that creates state, and tests
 * call it first. It is idempotent and thread-safe.
 */
#ifndef TLS13_CRYPTO_SECURE_H
#define TLS13_CRYPTO_SECURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls13.h"

tls13_error secure_init(void);

/* Fills out from rng, or from the OS CSPRNG when rng is NULL or has no fill. */
tls13_error secure_random(const tls13_random_source *rng, uint8_t *out, size_t len);

/* Zeroes memory in a way the compiler may not remove (sodium_memzero). */
void secure_wipe(void *p, size_t len);

/* Compares in time that depends only on len (sodium_memcmp): for MACs,
 * Finished verify_data and PSK binders. */
bool secure_equal(const uint8_t *a, const uint8_t *b, size_t len);

#endif /* TLS13_CRYPTO_SECURE_H */
