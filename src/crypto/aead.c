/*
 * aead.c — AES-GCM (nettle) and ChaCha20-Poly1305 (libsodium) behind the one
 * interface of aead.h, and the table of cipher suites (RFC 9846 §B.4).
 */
#include "crypto/aead.h"

#include <nettle/gcm.h>
#include <sodium.h>
#include <string.h>

#include "crypto/secure.h"

_Static_assert(sizeof(struct gcm_aes128_ctx) <= AEAD_STATE_SIZE, "aead_key too small");
_Static_assert(sizeof(struct gcm_aes256_ctx) <= AEAD_STATE_SIZE, "aead_key too small");
_Static_assert(crypto_aead_chacha20poly1305_ietf_KEYBYTES <= AEAD_STATE_SIZE,
               "aead_key too small");
_Static_assert(crypto_aead_chacha20poly1305_ietf_NPUBBYTES == AEAD_NONCE_LEN,
               "ChaCha20-Poly1305 nonce is 12 bytes");
_Static_assert(crypto_aead_chacha20poly1305_ietf_ABYTES == AEAD_TAG_LEN,
               "ChaCha20-Poly1305 tag is 16 bytes");
_Static_assert(GCM_DIGEST_SIZE == AEAD_TAG_LEN, "GCM tag is 16 bytes");

static const cipher_suite_info suites[] = {
    { TLS13_AES_128_GCM_SHA256, "TLS_AES_128_GCM_SHA256", AEAD_AES_128_GCM, HASH_SHA256, 16 },
    { TLS13_AES_256_GCM_SHA384, "TLS_AES_256_GCM_SHA384", AEAD_AES_256_GCM, HASH_SHA384, 32 },
    { TLS13_CHACHA20_POLY1305_SHA256, "TLS_CHACHA20_POLY1305_SHA256",
      AEAD_CHACHA20_POLY1305, HASH_SHA256, 32 },
};

const cipher_suite_info *cipher_suite_lookup(uint16_t code)
{
    for (size_t i = 0; i < sizeof suites / sizeof suites[0]; i++) {
        if (suites[i].code == code)
            return &suites[i];
    }
    return NULL;
}

size_t aead_key_len(aead_alg alg)
{
    return alg == AEAD_AES_128_GCM ? 16 : 32;
}

static struct gcm_aes128_ctx *gcm128(aead_key *k)
{
    return (struct gcm_aes128_ctx *)(void *)k->state;
}

static struct gcm_aes256_ctx *gcm256(aead_key *k)
{
    return (struct gcm_aes256_ctx *)(void *)k->state;
}

tls13_error aead_init(aead_key *k, aead_alg alg, const uint8_t *key, size_t key_len)
{
    if (key_len != aead_key_len(alg))
        return TLS13_ERR_INVALID_ARGUMENT;
    memset(k, 0, sizeof *k);
    k->alg = alg;
    switch (alg) {
    case AEAD_AES_128_GCM:
        gcm_aes128_set_key(gcm128(k), key);
        break;
    case AEAD_AES_256_GCM:
        gcm_aes256_set_key(gcm256(k), key);
        break;
    case AEAD_CHACHA20_POLY1305:
        memcpy(k->state, key, key_len);
        break;
    default:
        return TLS13_ERR_INVALID_ARGUMENT;
    }
    k->ready = true;
    return TLS13_OK;
}

void aead_wipe(aead_key *k)
{
    secure_wipe(k, sizeof *k);
}

/* GCM in one direction: set the nonce, absorb the AAD, run the cipher, and
 * produce the tag. encrypt selects the direction. */
static void gcm_run(aead_key *k, bool encrypt, const uint8_t *nonce,
                    const uint8_t *aad, size_t aad_len,
                    const uint8_t *in, size_t len, uint8_t *out, uint8_t *tag)
{
    if (k->alg == AEAD_AES_128_GCM) {
        struct gcm_aes128_ctx *c = gcm128(k);
        gcm_aes128_set_iv(c, AEAD_NONCE_LEN, nonce);
        gcm_aes128_update(c, aad_len, aad);
        if (encrypt)
            gcm_aes128_encrypt(c, len, out, in);
        else
            gcm_aes128_decrypt(c, len, out, in);
        gcm_aes128_digest(c, AEAD_TAG_LEN, tag);
        return;
    }
    struct gcm_aes256_ctx *c = gcm256(k);
    gcm_aes256_set_iv(c, AEAD_NONCE_LEN, nonce);
    gcm_aes256_update(c, aad_len, aad);
    if (encrypt)
        gcm_aes256_encrypt(c, len, out, in);
    else
        gcm_aes256_decrypt(c, len, out, in);
    gcm_aes256_digest(c, AEAD_TAG_LEN, tag);
}

tls13_error aead_seal(aead_key *k, const uint8_t nonce[AEAD_NONCE_LEN],
                      const uint8_t *aad, size_t aad_len,
                      const uint8_t *pt, size_t pt_len, uint8_t *out)
{
    if (!k->ready)
        return TLS13_ERR_NO_KEYS;
    if (k->alg == AEAD_CHACHA20_POLY1305) {
        crypto_aead_chacha20poly1305_ietf_encrypt_detached(
            out, out + pt_len, NULL, pt, pt_len, aad, aad_len, NULL, nonce, k->state);
        return TLS13_OK;
    }
    gcm_run(k, true, nonce, aad, aad_len, pt, pt_len, out, out + pt_len);
    return TLS13_OK;
}

tls13_error aead_open(aead_key *k, const uint8_t nonce[AEAD_NONCE_LEN],
                      const uint8_t *aad, size_t aad_len,
                      const uint8_t *ct, size_t ct_len, uint8_t *out)
{
    if (!k->ready)
        return TLS13_ERR_NO_KEYS;
    if (ct_len < AEAD_TAG_LEN)
        return TLS13_ERR_RECORD_BAD_MAC;
    size_t len = ct_len - AEAD_TAG_LEN;
    const uint8_t *received_tag = ct + len;
    if (k->alg == AEAD_CHACHA20_POLY1305) {
        /* libsodium checks the tag before it decrypts anything. */
        if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(
                out, NULL, ct, len, received_tag, aad, aad_len, nonce, k->state) != 0)
            return TLS13_ERR_RECORD_BAD_MAC;
        return TLS13_OK;
    }
    /* Keep the received tag: decrypting in place may not touch it, but the
     * copy makes the order of operations obvious. */
    uint8_t expected[AEAD_TAG_LEN], received[AEAD_TAG_LEN];
    memcpy(received, received_tag, AEAD_TAG_LEN);
    gcm_run(k, false, nonce, aad, aad_len, ct, len, out, expected);
    bool ok = secure_equal(expected, received, AEAD_TAG_LEN);
    secure_wipe(expected, sizeof expected);
    if (!ok) {
        /* Release nothing that failed authentication. */
        secure_wipe(out, len);
        return TLS13_ERR_RECORD_BAD_MAC;
    }
    return TLS13_OK;
}
