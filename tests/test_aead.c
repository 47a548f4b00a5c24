/*
 * test_aead.c — src/crypto/aead.h: the cipher-suite table, known answers
 * (GCM spec test cases 1, 2, 13, 14; RFC 8439 §2.8.2), round trips out of
 * place and in place at the lengths a record can have, and that any change
 * to ciphertext, tag, AAD, nonce or key is refused with no plaintext
 * released. The full Wycheproof AEAD files run in test_wycheproof.c.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/aead.h"
#include "crypto/secure.h"
#include "vecfile.h"

#define ck_assert_hex(got, len, want_hex)                                       \
    do {                                                                        \
        char got_hex_[2 * 512 + 1];                                             \
        ck_assert_uint_le((len), 512);                                          \
        hex_encode((got), (len), got_hex_);                                     \
        ck_assert_str_eq(got_hex_, (want_hex));                                 \
    } while (0)

static const aead_alg all_algs[] = {AEAD_AES_128_GCM, AEAD_AES_256_GCM,
                                    AEAD_CHACHA20_POLY1305};
#define ALG_COUNT (sizeof all_algs / sizeof all_algs[0])

/* Deterministic filler so failures reproduce. */
static void fill(uint8_t *p, size_t len, uint32_t seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < len; i++) {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        p[i] = (uint8_t)x;
    }
}

static bool all_zero(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (p[i] != 0)
            return false;
    return true;
}

static void init_key(aead_key *k, aead_alg alg, uint32_t seed)
{
    uint8_t key[AEAD_MAX_KEY_LEN];
    fill(key, sizeof key, seed);
    ck_assert_int_eq(aead_init(k, alg, key, aead_key_len(alg)), TLS13_OK);
}

/* RFC 9846 §B.4: the three suites we implement and their parameters. */
START_TEST(aead_suite_table)
{
    const cipher_suite_info *s = cipher_suite_lookup(TLS13_AES_128_GCM_SHA256);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->aead, AEAD_AES_128_GCM);
    ck_assert_int_eq(s->hash, HASH_SHA256);
    ck_assert_uint_eq(s->key_len, 16);
    ck_assert_str_eq(s->name, "TLS_AES_128_GCM_SHA256");

    s = cipher_suite_lookup(TLS13_AES_256_GCM_SHA384);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->aead, AEAD_AES_256_GCM);
    ck_assert_int_eq(s->hash, HASH_SHA384);
    ck_assert_uint_eq(s->key_len, 32);
    ck_assert_str_eq(s->name, "TLS_AES_256_GCM_SHA384");

    s = cipher_suite_lookup(TLS13_CHACHA20_POLY1305_SHA256);
    ck_assert_ptr_nonnull(s);
    ck_assert_int_eq(s->aead, AEAD_CHACHA20_POLY1305);
    ck_assert_int_eq(s->hash, HASH_SHA256);
    ck_assert_uint_eq(s->key_len, 32);
    ck_assert_str_eq(s->name, "TLS_CHACHA20_POLY1305_SHA256");

    /* TLS_AES_128_CCM_SHA256 and TLS_AES_128_CCM_8_SHA256 are not offered. */
    ck_assert_ptr_null(cipher_suite_lookup(0x1304));
    ck_assert_ptr_null(cipher_suite_lookup(0x1305));
    ck_assert_ptr_null(cipher_suite_lookup(0x0000));
    ck_assert_ptr_null(cipher_suite_lookup(0xc02f)); /* a TLS 1.2 suite */

    ck_assert_uint_eq(aead_key_len(AEAD_AES_128_GCM), 16);
    ck_assert_uint_eq(aead_key_len(AEAD_AES_256_GCM), 32);
    ck_assert_uint_eq(aead_key_len(AEAD_CHACHA20_POLY1305), 32);
}
END_TEST

START_TEST(aead_init_refuses_wrong_key_length)
{
    uint8_t key[64] = {0};
    aead_key k;
    for (size_t a = 0; a < ALG_COUNT; a++) {
        size_t good = aead_key_len(all_algs[a]);
        ck_assert_int_eq(aead_init(&k, all_algs[a], key, good - 1), TLS13_ERR_INVALID_ARGUMENT);
        ck_assert_int_eq(aead_init(&k, all_algs[a], key, good + 1), TLS13_ERR_INVALID_ARGUMENT);
        ck_assert_int_eq(aead_init(&k, all_algs[a], key, 24), TLS13_ERR_INVALID_ARGUMENT);
        ck_assert_int_eq(aead_init(&k, all_algs[a], key, 0), TLS13_ERR_INVALID_ARGUMENT);
        ck_assert_int_eq(aead_init(&k, all_algs[a], key, good), TLS13_OK);
        aead_wipe(&k);
    }
}
END_TEST

/* The GCM specification (McGrew & Viega), test cases 1, 2 (AES-128) and 13,
 * 14 (AES-256): all-zero key and nonce. */
START_TEST(aead_gcm_known_answers)
{
    uint8_t key[32] = {0}, nonce[AEAD_NONCE_LEN] = {0}, zeros[16] = {0}, out[32];
    aead_key k;
    ck_assert_int_eq(aead_init(&k, AEAD_AES_128_GCM, key, 16), TLS13_OK);
    ck_assert_int_eq(aead_seal(&k, nonce, NULL, 0, NULL, 0, out), TLS13_OK);
    ck_assert_hex(out, 16, "58e2fccefa7e3061367f1d57a4e7455a");
    ck_assert_int_eq(aead_seal(&k, nonce, NULL, 0, zeros, 16, out), TLS13_OK);
    ck_assert_hex(out, 32, "0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf");
    aead_wipe(&k);

    ck_assert_int_eq(aead_init(&k, AEAD_AES_256_GCM, key, 32), TLS13_OK);
    ck_assert_int_eq(aead_seal(&k, nonce, NULL, 0, NULL, 0, out), TLS13_OK);
    ck_assert_hex(out, 16, "530f8afbc74536b9a963b4f1c4cb738b");
    ck_assert_int_eq(aead_seal(&k, nonce, NULL, 0, zeros, 16, out), TLS13_OK);
    ck_assert_hex(out, 32, "cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919");
    uint8_t back[16];
    ck_assert_int_eq(aead_open(&k, nonce, NULL, 0, out, 32, back), TLS13_OK);
    ck_assert(all_zero(back, 16));
    aead_wipe(&k);
}
END_TEST

/* RFC 8439 §2.8.2, the AEAD_CHACHA20_POLY1305 example. */
START_TEST(aead_chacha20_poly1305_rfc8439)
{
    size_t key_len, nonce_len, aad_len, ct_len;
    uint8_t *key = hex_decode("808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
                              &key_len);
    uint8_t *nonce = hex_decode("070000004041424344454647", &nonce_len);
    uint8_t *aad = hex_decode("50515253c0c1c2c3c4c5c6c7", &aad_len);
    const char *pt = "Ladies and Gentlemen of the class of '99: If I could offer you only "
                     "one tip for the future, sunscreen would be it.";
    size_t pt_len = strlen(pt);
    uint8_t *want = hex_decode(
        "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
        "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
        "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
        "3ff4def08e4b7a9de576d26586cec64b6116"
        "1ae10b594f09e26a7e902ecbd0600691",
        &ct_len);
    ck_assert_uint_eq(ct_len, pt_len + AEAD_TAG_LEN);
    ck_assert_uint_eq(nonce_len, AEAD_NONCE_LEN);

    aead_key k;
    uint8_t out[256];
    ck_assert_int_eq(aead_init(&k, AEAD_CHACHA20_POLY1305, key, key_len), TLS13_OK);
    ck_assert_int_eq(aead_seal(&k, nonce, aad, aad_len, (const uint8_t *)pt, pt_len, out),
                     TLS13_OK);
    ck_assert_mem_eq(out, want, ct_len);
    ck_assert_int_eq(aead_open(&k, nonce, aad, aad_len, want, ct_len, out), TLS13_OK);
    ck_assert_mem_eq(out, pt, pt_len);
    aead_wipe(&k);
    free(key);
    free(nonce);
    free(aad);
    free(want);
}
END_TEST

/* Lengths around the block sizes (16 for AES, 64 for ChaCha20) and the
 * largest TLSInnerPlaintext, 2^14 + 1 bytes (RFC 9846 §5.2). */
static const size_t round_trip_lens[] = {0,  1,  15,  16,  17,   31,   32,   33,  63,
                                         64, 65, 255, 256, 1000, 4096, 16385};

START_TEST(aead_round_trip)
{
    for (size_t a = 0; a < ALG_COUNT; a++) {
        aead_key k;
        init_key(&k, all_algs[a], (uint32_t)a + 1);
        for (size_t i = 0; i < sizeof round_trip_lens / sizeof round_trip_lens[0]; i++) {
            size_t len = round_trip_lens[i];
            uint8_t nonce[AEAD_NONCE_LEN], aad[5];
            fill(nonce, sizeof nonce, (uint32_t)i + 100);
            fill(aad, sizeof aad, (uint32_t)i + 200);
            uint8_t *pt = malloc(len + 1);
            uint8_t *ct = malloc(len + AEAD_TAG_LEN);
            uint8_t *inplace = malloc(len + AEAD_TAG_LEN);
            uint8_t *back = malloc(len + 1);
            ck_assert(pt && ct && inplace && back);
            fill(pt, len, (uint32_t)i + 300);

            /* Out of place. */
            ck_assert_int_eq(aead_seal(&k, nonce, aad, sizeof aad, pt, len, ct), TLS13_OK);
            ck_assert_int_eq(aead_open(&k, nonce, aad, sizeof aad, ct, len + AEAD_TAG_LEN,
                                       back),
                             TLS13_OK);
            ck_assert_mem_eq(back, pt, len);
            if (len >= 16)
                ck_assert(memcmp(ct, pt, len) != 0);

            /* In place: the same ciphertext, and it opens in place. */
            memcpy(inplace, pt, len);
            ck_assert_int_eq(aead_seal(&k, nonce, aad, sizeof aad, inplace, len, inplace),
                             TLS13_OK);
            ck_assert_mem_eq(inplace, ct, len + AEAD_TAG_LEN);
            ck_assert_int_eq(aead_open(&k, nonce, aad, sizeof aad, inplace,
                                       len + AEAD_TAG_LEN, inplace),
                             TLS13_OK);
            ck_assert_mem_eq(inplace, pt, len);

            /* Without AAD (a NULL pointer with length 0). */
            ck_assert_int_eq(aead_seal(&k, nonce, NULL, 0, pt, len, ct), TLS13_OK);
            ck_assert_int_eq(aead_open(&k, nonce, NULL, 0, ct, len + AEAD_TAG_LEN, back),
                             TLS13_OK);
            ck_assert_mem_eq(back, pt, len);
            free(pt);
            free(ct);
            free(inplace);
            free(back);
        }
        aead_wipe(&k);
    }
}
END_TEST

/* Checks that opening fails with TLS13_ERR_RECORD_BAD_MAC and that the
 * output holds no plaintext (aead.h: "it is zeroed"). */
static void expect_refused(aead_key *k, const uint8_t *nonce, const uint8_t *aad,
                           size_t aad_len, const uint8_t *ct, size_t ct_len)
{
    uint8_t out[128 + AEAD_TAG_LEN];
    ck_assert_uint_le(ct_len, sizeof out);
    memset(out, 0xa5, sizeof out);
    ck_assert_int_eq(aead_open(k, nonce, aad, aad_len, ct, ct_len, out),
                     TLS13_ERR_RECORD_BAD_MAC);
    if (ct_len >= AEAD_TAG_LEN)
        ck_assert(all_zero(out, ct_len - AEAD_TAG_LEN));
    /* The same in place. */
    memcpy(out, ct, ct_len);
    ck_assert_int_eq(aead_open(k, nonce, aad, aad_len, out, ct_len, out),
                     TLS13_ERR_RECORD_BAD_MAC);
    if (ct_len >= AEAD_TAG_LEN)
        ck_assert(all_zero(out, ct_len - AEAD_TAG_LEN));
}

/* Flipping any single bit of ciphertext or tag is refused. */
START_TEST(aead_tamper_every_bit)
{
    enum { LEN = 40 };
    for (size_t a = 0; a < ALG_COUNT; a++) {
        aead_key k;
        init_key(&k, all_algs[a], 7);
        uint8_t nonce[AEAD_NONCE_LEN], aad[13], pt[LEN], ct[LEN + AEAD_TAG_LEN];
        fill(nonce, sizeof nonce, 1);
        fill(aad, sizeof aad, 2);
        fill(pt, sizeof pt, 3);
        ck_assert_int_eq(aead_seal(&k, nonce, aad, sizeof aad, pt, LEN, ct), TLS13_OK);
        for (size_t bit = 0; bit < 8 * sizeof ct; bit++) {
            ct[bit / 8] ^= (uint8_t)(1u << (bit % 8));
            expect_refused(&k, nonce, aad, sizeof aad, ct, sizeof ct);
            ct[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        }
        uint8_t back[LEN];
        ck_assert_int_eq(aead_open(&k, nonce, aad, sizeof aad, ct, sizeof ct, back), TLS13_OK);
        ck_assert_mem_eq(back, pt, LEN);
        aead_wipe(&k);
    }
}
END_TEST

/* The wrong AAD, nonce or key, or a truncated or extended record, is refused. */
START_TEST(aead_tamper_context)
{
    enum { LEN = 33 };
    for (size_t a = 0; a < ALG_COUNT; a++) {
        aead_key k, other;
        init_key(&k, all_algs[a], 11);
        init_key(&other, all_algs[a], 12);
        uint8_t nonce[AEAD_NONCE_LEN], aad[5], pt[LEN], ct[LEN + AEAD_TAG_LEN + 1];
        fill(nonce, sizeof nonce, 1);
        fill(aad, sizeof aad, 2);
        fill(pt, sizeof pt, 3);
        ck_assert_int_eq(aead_seal(&k, nonce, aad, sizeof aad, pt, LEN, ct), TLS13_OK);
        size_t ct_len = LEN + AEAD_TAG_LEN;

        for (size_t i = 0; i < sizeof aad; i++) {
            aad[i] ^= 0x80;
            expect_refused(&k, nonce, aad, sizeof aad, ct, ct_len);
            aad[i] ^= 0x80;
        }
        expect_refused(&k, nonce, aad, sizeof aad - 1, ct, ct_len); /* shorter AAD */
        expect_refused(&k, nonce, NULL, 0, ct, ct_len);
        for (size_t i = 0; i < sizeof nonce; i++) {
            nonce[i] ^= 0x01;
            expect_refused(&k, nonce, aad, sizeof aad, ct, ct_len);
            nonce[i] ^= 0x01;
        }
        expect_refused(&other, nonce, aad, sizeof aad, ct, ct_len);
        expect_refused(&k, nonce, aad, sizeof aad, ct, ct_len - 1);
        ct[ct_len] = 0;
        expect_refused(&k, nonce, aad, sizeof aad, ct, ct_len + 1);
        /* Shorter than a tag: nothing to authenticate. */
        for (size_t n = 0; n < AEAD_TAG_LEN; n++)
            expect_refused(&k, nonce, aad, sizeof aad, ct, n);
        aead_wipe(&k);
        aead_wipe(&other);
    }
}
END_TEST

/* An empty plaintext still carries a tag that is checked. */
START_TEST(aead_empty_plaintext)
{
    for (size_t a = 0; a < ALG_COUNT; a++) {
        aead_key k;
        init_key(&k, all_algs[a], 21);
        uint8_t nonce[AEAD_NONCE_LEN] = {0}, tag[AEAD_TAG_LEN], out[1];
        ck_assert_int_eq(aead_seal(&k, nonce, NULL, 0, NULL, 0, tag), TLS13_OK);
        ck_assert_int_eq(aead_open(&k, nonce, NULL, 0, tag, AEAD_TAG_LEN, out), TLS13_OK);
        tag[AEAD_TAG_LEN - 1] ^= 1;
        expect_refused(&k, nonce, NULL, 0, tag, AEAD_TAG_LEN);
        aead_wipe(&k);
    }
}
END_TEST

/* Different nonces give different ciphertexts; different algorithms too. */
START_TEST(aead_nonce_changes_output)
{
    uint8_t pt[32] = {0}, c1[48], c2[48], nonce[AEAD_NONCE_LEN] = {0};
    for (size_t a = 0; a < ALG_COUNT; a++) {
        aead_key k;
        init_key(&k, all_algs[a], 31);
        ck_assert_int_eq(aead_seal(&k, nonce, NULL, 0, pt, sizeof pt, c1), TLS13_OK);
        nonce[AEAD_NONCE_LEN - 1] = 1; /* the next record sequence number */
        ck_assert_int_eq(aead_seal(&k, nonce, NULL, 0, pt, sizeof pt, c2), TLS13_OK);
        nonce[AEAD_NONCE_LEN - 1] = 0;
        ck_assert(memcmp(c1, c2, sizeof c1) != 0);
        aead_wipe(&k);
    }
}
END_TEST

/* aead_wipe clears the key material, and a wiped key does not encrypt. */
START_TEST(aead_wipe_clears)
{
    for (size_t a = 0; a < ALG_COUNT; a++) {
        aead_key k;
        init_key(&k, all_algs[a], 41);
        aead_wipe(&k);
        ck_assert(all_zero(k.state, sizeof k.state));
        ck_assert(!k.ready);
        uint8_t nonce[AEAD_NONCE_LEN] = {0}, pt[4] = {0}, out[4 + AEAD_TAG_LEN];
        ck_assert_int_ne(aead_seal(&k, nonce, NULL, 0, pt, sizeof pt, out), TLS13_OK);
        ck_assert_int_ne(aead_open(&k, nonce, NULL, 0, out, sizeof out, pt), TLS13_OK);
    }
}
END_TEST

static Suite *aead_suite(void)
{
    Suite *s = suite_create("aead");
    TCase *tc = tcase_create("aead");
    tcase_add_test(tc, aead_suite_table);
    tcase_add_test(tc, aead_init_refuses_wrong_key_length);
    tcase_add_test(tc, aead_gcm_known_answers);
    tcase_add_test(tc, aead_chacha20_poly1305_rfc8439);
    tcase_add_test(tc, aead_round_trip);
    tcase_add_test(tc, aead_tamper_every_bit);
    tcase_add_test(tc, aead_tamper_context);
    tcase_add_test(tc, aead_empty_plaintext);
    tcase_add_test(tc, aead_nonce_changes_output);
    tcase_add_test(tc, aead_wipe_clears);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(aead_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
