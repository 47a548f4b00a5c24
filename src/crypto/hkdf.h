/*
 * hkdf.h — HKDF-Extract and HKDF-Expand (RFC 5869), written here on top of
 * the HMAC in hash.h. The TLS-specific HKDF-Expand-Label lives one layer up,
 * in src/keyschedule/.
 */
#ifndef TLS13_CRYPTO_HKDF_H
#define TLS13_CRYPTO_HKDF_H

#include <stddef.h>
#include <stdint.h>

#include "crypto/hash.h"
#include "tls13.h"

/* PRK = HMAC-Hash(salt, IKM) (RFC 5869 §2.2). A NULL or empty salt means
 * hash_len(alg) zero bytes. Writes hash_len(alg) bytes to prk. */
void hkdf_extract(hash_alg alg, const uint8_t *salt, size_t salt_len,
                  const uint8_t *ikm, size_t ikm_len, uint8_t *prk);

/* OKM = T(1) | T(2) | ... truncated to out_len (RFC 5869 §2.3).
 * TLS13_ERR_HKDF_LENGTH when out_len > 255 * hash_len(alg). */
tls13_error hkdf_expand(hash_alg alg, const uint8_t *prk, size_t prk_len,
                        const uint8_t *info, size_t info_len,
                        uint8_t *out, size_t out_len);

#endif /* TLS13_CRYPTO_HKDF_H */
