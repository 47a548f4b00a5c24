/*
 * kex.c — ephemeral (EC)DH for key_share (RFC 9846 §4.3.8, §7.4):
 * X25519 from libsodium, secp256r1 from nettle/hogweed.
 */
#include "crypto/kex.h"

#include <gmp.h>
#include <nettle/bignum.h>
#include <nettle/ecc-curve.h>
#include <nettle/ecc.h>
#include <sodium.h>
#include <string.h>

#include "crypto/secure.h"

#define X25519_LEN 32
#define P256_SCALAR_LEN 32
#define P256_POINT_LEN 65 /* 04 || X || Y, RFC 9846 §4.3.8.2 */

int kex_group_supported(uint16_t group)
{
    return group == KEX_X25519 || group == KEX_SECP256R1;
}

size_t kex_public_len(kex_group group)
{
    return group == KEX_SECP256R1 ? P256_POINT_LEN : X25519_LEN;
}

const char *kex_group_name(uint16_t group)
{
    switch (group) {
    case KEX_X25519:
        return "x25519";
    case KEX_SECP256R1:
        return "secp256r1";
    default:
        return "unknown";
    }
}

/* ---- X25519 (RFC 7748) -------------------------------------------------- */

static tls13_error x25519_from_private(kex_keypair *kp, const uint8_t *priv, size_t len)
{
    if (len != X25519_LEN)
        return TLS13_ERR_BAD_PRIVATE_KEY;
    memcpy(kp->private_key, priv, X25519_LEN);
    kp->private_len = X25519_LEN;
    if (crypto_scalarmult_base(kp->public_key, kp->private_key) != 0)
        return TLS13_ERR_BAD_PRIVATE_KEY;
    kp->public_len = X25519_LEN;
    return TLS13_OK;
}

static tls13_error x25519_shared(const kex_keypair *kp, const uint8_t *peer, size_t peer_len,
                                 uint8_t *shared)
{
    if (peer_len != X25519_LEN)
        return TLS13_ERR_BAD_KEY_SHARE;
    /* RFC 9846 §7.4.2: "implementations MUST check whether the computed
     * Diffie-Hellman shared secret is the all-zero value and abort if so".
     * libsodium's crypto_scalarmult returns -1 in exactly that case. */
    if (crypto_scalarmult(shared, kp->private_key, peer) != 0) {
        secure_wipe(shared, X25519_LEN);
        return TLS13_ERR_ZERO_SHARED_SECRET;
    }
    return TLS13_OK;
}

/* ---- secp256r1 ------------------------------------------------------------ */

/* GMP and nettle free their limbs without clearing them: wipe a secret
 * integer's limbs first, so no copy of a private key stays in freed memory. */
static void wipe_mpz(mpz_t z)
{
    size_t n = mpz_size(z);
    if (n > 0)
        secure_wipe(mpz_limbs_modify(z, (mp_size_t)n), n * sizeof(mp_limb_t));
    mpz_clear(z);
}

static void wipe_scalar(struct ecc_scalar *s)
{
    secure_wipe(s->p, (size_t)ecc_size(s->ecc) * sizeof(mp_limb_t));
    ecc_scalar_clear(s);
}

/* The product point of a key exchange holds the shared secret. */
static void wipe_point(struct ecc_point *p)
{
    secure_wipe(p->p, 2 * (size_t)ecc_size(p->ecc) * sizeof(mp_limb_t));
    ecc_point_clear(p);
}

/* Sets scalar from 32 big-endian bytes; fails unless 0 < k < n. */
static bool p256_scalar_set(struct ecc_scalar *s, const uint8_t *bytes)
{
    mpz_t k;
    mpz_init(k);
    nettle_mpz_set_str_256_u(k, P256_SCALAR_LEN, bytes);
    bool ok = ecc_scalar_set(s, k) == 1;
    wipe_mpz(k);
    return ok;
}

static void p256_point_encode(const struct ecc_point *p, uint8_t out[P256_POINT_LEN])
{
    mpz_t x, y;
    mpz_init(x);
    mpz_init(y);
    ecc_point_get(p, x, y);
    out[0] = 0x04;
    nettle_mpz_get_str_256(32, out + 1, x);
    nettle_mpz_get_str_256(32, out + 33, y);
    wipe_mpz(x);
    wipe_mpz(y);
}

static tls13_error p256_from_private(kex_keypair *kp, const uint8_t *priv, size_t len)
{
    const struct ecc_curve *curve = nettle_get_secp_256r1();
    if (len != P256_SCALAR_LEN)
        return TLS13_ERR_BAD_PRIVATE_KEY;
    struct ecc_scalar s;
    struct ecc_point pub;
    ecc_scalar_init(&s, curve);
    ecc_point_init(&pub, curve);
    tls13_error err = TLS13_ERR_BAD_PRIVATE_KEY;
    if (p256_scalar_set(&s, priv)) {
        ecc_point_mul_g(&pub, &s);
        p256_point_encode(&pub, kp->public_key);
        memcpy(kp->private_key, priv, P256_SCALAR_LEN);
        kp->private_len = P256_SCALAR_LEN;
        kp->public_len = P256_POINT_LEN;
        err = TLS13_OK;
    }
    ecc_point_clear(&pub);
    wipe_scalar(&s);
    return err;
}

/* Decodes the peer's uncompressed point; nettle's ecc_point_set checks that
 * both coordinates are below p and that the point is on the curve. */
static bool p256_point_decode(struct ecc_point *p, const uint8_t *in, size_t len)
{
    if (len != P256_POINT_LEN || in[0] != 0x04)
        return false;
    mpz_t x, y;
    mpz_init(x);
    mpz_init(y);
    nettle_mpz_set_str_256_u(x, 32, in + 1);
    nettle_mpz_set_str_256_u(y, 32, in + 33);
    bool ok = ecc_point_set(p, x, y) == 1;
    mpz_clear(x);
    mpz_clear(y);
    return ok;
}

static tls13_error p256_shared(const kex_keypair *kp, const uint8_t *peer, size_t peer_len,
                               uint8_t *shared)
{
    const struct ecc_curve *curve = nettle_get_secp_256r1();
    struct ecc_point peer_point, product;
    struct ecc_scalar s;
    ecc_point_init(&peer_point, curve);
    ecc_point_init(&product, curve);
    ecc_scalar_init(&s, curve);
    tls13_error err = TLS13_ERR_BAD_KEY_SHARE;
    if (!p256_point_decode(&peer_point, peer, peer_len))
        goto done;
    err = TLS13_ERR_BAD_PRIVATE_KEY;
    if (!p256_scalar_set(&s, kp->private_key))
        goto done;
    /* The curve has prime order and the scalar is in [1, n-1], so the product
     * of a valid point is never the point at infinity. §7.4.2: the shared
     * secret is the X coordinate, 32 bytes. */
    ecc_point_mul(&product, &s, &peer_point);
    uint8_t encoded[P256_POINT_LEN];
    p256_point_encode(&product, encoded);
    memcpy(shared, encoded + 1, 32);
    secure_wipe(encoded, sizeof encoded);
    err = TLS13_OK;
done:
    wipe_scalar(&s);
    wipe_point(&product);
    ecc_point_clear(&peer_point);
    return err;
}

/* ---- the interface -------------------------------------------------------- */

tls13_error kex_from_private(kex_keypair *kp, kex_group group,
                             const uint8_t *private_key, size_t private_len)
{
    memset(kp, 0, sizeof *kp);
    kp->group = group;
    tls13_error err;
    if (group == KEX_X25519)
        err = x25519_from_private(kp, private_key, private_len);
    else if (group == KEX_SECP256R1)
        err = p256_from_private(kp, private_key, private_len);
    else
        err = TLS13_ERR_UNSUPPORTED_GROUP;
    if (err != TLS13_OK)
        kex_wipe(kp);
    return err;
}

tls13_error kex_generate(kex_keypair *kp, kex_group group, const tls13_random_source *rng)
{
    if (!kex_group_supported((uint16_t)group))
        return TLS13_ERR_UNSUPPORTED_GROUP;
    uint8_t priv[KEX_MAX_PRIVATE_LEN];
    tls13_error err;
    /* A P-256 scalar outside [1, n-1] is drawn again; the chance of that is
     * about 2^-32, so the bound on attempts is never reached in practice. */
    for (int attempt = 0; attempt < 64; attempt++) {
        err = secure_random(rng, priv, sizeof priv);
        if (err != TLS13_OK)
            break;
        err = kex_from_private(kp, group, priv, sizeof priv);
        if (err != TLS13_ERR_BAD_PRIVATE_KEY)
            break;
    }
    secure_wipe(priv, sizeof priv);
    return err;
}

tls13_error kex_shared_secret(const kex_keypair *kp,
                              const uint8_t *peer_public, size_t peer_len,
                              uint8_t *shared, size_t *shared_len)
{
    tls13_error err;
    if (kp->group == KEX_X25519)
        err = x25519_shared(kp, peer_public, peer_len, shared);
    else if (kp->group == KEX_SECP256R1)
        err = p256_shared(kp, peer_public, peer_len, shared);
    else
        err = TLS13_ERR_UNSUPPORTED_GROUP;
    *shared_len = err == TLS13_OK ? KEX_MAX_SHARED_LEN : 0;
    return err;
}

void kex_wipe(kex_keypair *kp)
{
    secure_wipe(kp, sizeof *kp);
}
