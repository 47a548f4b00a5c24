/*
 * hkdf.c — HKDF (RFC 5869), written plainly on the HMAC of hash.c.
 */
#include "crypto/hkdf.h"

#include <string.h>

#include "crypto/secure.h"

/* RFC 5869 §2.2: PRK = HMAC-Hash(salt, IKM); "if not provided, [salt] is set
 * to a string of HashLen zeros". */
void hkdf_extract(hash_alg alg, const uint8_t *salt, size_t salt_len,
                  const uint8_t *ikm, size_t ikm_len, uint8_t *prk)
{
    static const uint8_t zeros[HASH_MAX_LEN] = { 0 };
    if (salt == NULL || salt_len == 0) {
        salt = zeros;
        salt_len = hash_len(alg);
    }
    hmac(alg, salt, salt_len, ikm, ikm_len, prk);
}

/* RFC 5869 §2.3: T(0) = empty, T(i) = HMAC-Hash(PRK, T(i-1) | info | i),
 * OKM = the first L octets of T(1) | T(2) | ...; L <= 255 * HashLen. */
tls13_error hkdf_expand(hash_alg alg, const uint8_t *prk, size_t prk_len,
                        const uint8_t *info, size_t info_len,
                        uint8_t *out, size_t out_len)
{
    size_t hlen = hash_len(alg);
    if (out_len > 255 * hlen)
        return TLS13_ERR_HKDF_LENGTH;
    uint8_t t[HASH_MAX_LEN];
    size_t t_len = 0, done = 0;
    for (uint8_t i = 1; done < out_len; i++) {
        hmac_ctx ctx;
        hmac_init(&ctx, alg, prk, prk_len);
        hmac_update(&ctx, t, t_len);
        hmac_update(&ctx, info, info_len);
        hmac_update(&ctx, &i, 1);
        hmac_final(&ctx, t);
        t_len = hlen;
        size_t take = out_len - done < hlen ? out_len - done : hlen;
        memcpy(out + done, t, take);
        done += take;
    }
    secure_wipe(t, sizeof t);
    return TLS13_OK;
}
