/*
 * test_hash.c — src/crypto/hash.h and hkdf.h: SHA-256/SHA-384 known answers
 * (FIPS 180-2 appendix examples), the running-hash behaviour the transcript
 * relies on (hash_peek, copying a hash_ctx by assignment), HMAC known
 * answers (RFC 4231) and HKDF (RFC 5869 appendix A). The full Wycheproof
 * HMAC and HKDF files run in test_wycheproof.c.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "crypto/hkdf.h"
#include "crypto/secure.h"
#include "vecfile.h"

/* Compares bytes against lowercase hex; the failure shows both. */
#define ck_assert_hex(got, len, want_hex)                                       \
    do {                                                                        \
        char got_hex_[2 * 512 + 1];                                             \
        ck_assert_uint_le((len), 512);                                          \
        hex_encode((got), (len), got_hex_);                                     \
        ck_assert_str_eq(got_hex_, (want_hex));                                 \
    } while (0)

static const uint8_t *str_bytes(const char *s)
{
    return (const uint8_t *)s;
}

static bool all_zero(const void *p, size_t len)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < len; i++)
        if (b[i] != 0)
            return false;
    return true;
}

#define SHA256_ABC "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA384_ABC                                                              \
    "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded163"                          \
    "1a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7"
#define SHA256_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA384_EMPTY                                                            \
    "38b060a751ac96384cd9327eb1b1e36a21fdb71114be0743"                          \
    "4c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b"

START_TEST(hash_lengths)
{
    ck_assert_uint_eq(hash_len(HASH_SHA256), 32);
    ck_assert_uint_eq(hash_len(HASH_SHA384), 48);
    ck_assert_uint_le(HASH_SHA384_LEN, HASH_MAX_LEN);
}
END_TEST

/* FIPS 180-2 appendix B.1 / D.1: the one-block message "abc". */
START_TEST(hash_fips180_abc)
{
    uint8_t out[HASH_MAX_LEN];
    hash_digest(HASH_SHA256, str_bytes("abc"), 3, out);
    ck_assert_hex(out, 32, SHA256_ABC);
    hash_digest(HASH_SHA384, str_bytes("abc"), 3, out);
    ck_assert_hex(out, 48, SHA384_ABC);
}
END_TEST

/* FIPS 180-2 appendix B.2 / D.2: the multi-block messages. */
START_TEST(hash_fips180_multiblock)
{
    uint8_t out[HASH_MAX_LEN];
    const char *m256 = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    const char *m384 = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                       "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    hash_digest(HASH_SHA256, str_bytes(m256), strlen(m256), out);
    ck_assert_hex(out, 32, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    hash_digest(HASH_SHA384, str_bytes(m384), strlen(m384), out);
    ck_assert_hex(out, 48,
                  "09330c33f71147e83d192fc782cd1b4753111b173b3b05d2"
                  "2fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039");
}
END_TEST

/* FIPS 180-2 appendix B.3 / D.3: one million 'a', fed in uneven pieces so
 * that updates straddle block boundaries. */
START_TEST(hash_fips180_million_a)
{
    static uint8_t piece[997];
    memset(piece, 'a', sizeof piece);
    const hash_alg algs[] = {HASH_SHA256, HASH_SHA384};
    const char *want[] = {
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
        "9d0e1809716474cb086e834e310a4a1ced149e9c00f24852"
        "7972cec5704c2a5b07b8b3dc38ecc4ebae97ddd87f3d8985",
    };
    for (size_t a = 0; a < 2; a++) {
        hash_ctx ctx;
        hash_init(&ctx, algs[a]);
        size_t left = 1000000, step = 1;
        while (left > 0) {
            size_t n = step < left ? step : left;
            hash_update(&ctx, piece, n);
            left -= n;
            step = step * 3 % sizeof piece + 1;
        }
        uint8_t out[HASH_MAX_LEN];
        hash_final(&ctx, out);
        ck_assert_hex(out, hash_len(algs[a]), want[a]);
    }
}
END_TEST

/* The empty string: also the transcript hash of nothing (RFC 9846 §7.1). */
START_TEST(hash_empty)
{
    uint8_t out[HASH_MAX_LEN];
    hash_digest(HASH_SHA256, NULL, 0, out);
    ck_assert_hex(out, 32, SHA256_EMPTY);
    hash_digest(HASH_SHA384, NULL, 0, out);
    ck_assert_hex(out, 48, SHA384_EMPTY);

    hash_ctx ctx;
    hash_init(&ctx, HASH_SHA384);
    hash_update(&ctx, NULL, 0);
    hash_final(&ctx, out);
    ck_assert_hex(out, 48, SHA384_EMPTY);
}
END_TEST

/* hash_peek gives the digest so far and leaves the state running, as the
 * transcript needs at every Derive-Secret. */
START_TEST(hash_peek_leaves_state_running)
{
    const hash_alg algs[] = {HASH_SHA256, HASH_SHA384};
    const char *empty[] = {SHA256_EMPTY, SHA384_EMPTY};
    const char *abc[] = {SHA256_ABC, SHA384_ABC};
    for (size_t a = 0; a < 2; a++) {
        size_t len = hash_len(algs[a]);
        uint8_t out[HASH_MAX_LEN], a_only[HASH_MAX_LEN];
        hash_digest(algs[a], str_bytes("a"), 1, a_only);

        hash_ctx ctx;
        hash_init(&ctx, algs[a]);
        hash_peek(&ctx, out);
        ck_assert_hex(out, len, empty[a]);
        hash_update(&ctx, str_bytes("a"), 1);
        hash_peek(&ctx, out);
        ck_assert_mem_eq(out, a_only, len);
        hash_peek(&ctx, out); /* twice: still the same */
        ck_assert_mem_eq(out, a_only, len);
        hash_update(&ctx, str_bytes("bc"), 2);
        hash_peek(&ctx, out);
        ck_assert_hex(out, len, abc[a]);
        hash_final(&ctx, out);
        ck_assert_hex(out, len, abc[a]);
    }
}
END_TEST

/* Copying a hash_ctx with = forks the running state: both copies continue
 * independently (hash.h). */
START_TEST(hash_copy_by_assignment)
{
    const hash_alg algs[] = {HASH_SHA256, HASH_SHA384};
    for (size_t a = 0; a < 2; a++) {
        size_t len = hash_len(algs[a]);
        uint8_t want_abc[HASH_MAX_LEN], want_abx[HASH_MAX_LEN];
        uint8_t got1[HASH_MAX_LEN], got2[HASH_MAX_LEN];
        hash_digest(algs[a], str_bytes("abc"), 3, want_abc);
        hash_digest(algs[a], str_bytes("abx"), 3, want_abx);

        hash_ctx first;
        hash_init(&first, algs[a]);
        hash_update(&first, str_bytes("ab"), 2);
        hash_ctx second = first;
        hash_update(&first, str_bytes("c"), 1);
        hash_update(&second, str_bytes("x"), 1);
        hash_final(&second, got2);
        hash_final(&first, got1);
        ck_assert_mem_eq(got1, want_abc, len);
        ck_assert_mem_eq(got2, want_abx, len);
    }
}
END_TEST

/* hash_final and hmac_final wipe the context (hash.h). */
START_TEST(hash_final_wipes)
{
    uint8_t out[HASH_MAX_LEN];
    hash_ctx ctx;
    hash_init(&ctx, HASH_SHA384);
    hash_update(&ctx, str_bytes("secret"), 6);
    hash_final(&ctx, out);
    ck_assert(all_zero(ctx.state, sizeof ctx.state));

    hmac_ctx h;
    hmac_init(&h, HASH_SHA256, str_bytes("key"), 3);
    hmac_update(&h, str_bytes("secret"), 6);
    hmac_final(&h, out);
    ck_assert(all_zero(h.state, sizeof h.state));
}
END_TEST

/* RFC 4231 test cases 1, 2 and 6 (6: a 131-byte key, hashed first). */
START_TEST(hmac_rfc4231)
{
    static const uint8_t key1[20] = {
        0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
        0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
    };
    uint8_t key6[131];
    memset(key6, 0xaa, sizeof key6);
    struct {
        const uint8_t *key;
        size_t key_len;
        const char *data;
        const char *sha256;
        const char *sha384;
    } cases[] = {
        {key1, sizeof key1, "Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
         "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec6"
         "82aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6"},
        {str_bytes("Jefe"), 4, "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
         "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47"
         "e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649"},
        {key6, sizeof key6, "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
         "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f"
         "3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint8_t out[HASH_MAX_LEN];
        const uint8_t *data = str_bytes(cases[i].data);
        size_t len = strlen(cases[i].data);
        hmac(HASH_SHA256, cases[i].key, cases[i].key_len, data, len, out);
        ck_assert_hex(out, 32, cases[i].sha256);
        hmac(HASH_SHA384, cases[i].key, cases[i].key_len, data, len, out);
        ck_assert_hex(out, 48, cases[i].sha384);

        /* Streaming, one byte at a time, gives the same tag. */
        hmac_ctx ctx;
        hmac_init(&ctx, HASH_SHA384, cases[i].key, cases[i].key_len);
        for (size_t j = 0; j < len; j++)
            hmac_update(&ctx, data + j, 1);
        hmac_final(&ctx, out);
        ck_assert_hex(out, 48, cases[i].sha384);
    }
}
END_TEST

/* RFC 5869 appendix A.1 (basic) and A.3 (empty salt and info), SHA-256. */
START_TEST(hkdf_rfc5869)
{
    uint8_t ikm[22], salt[13], info[10], prk[HASH_MAX_LEN], okm[42];
    memset(ikm, 0x0b, sizeof ikm);
    for (size_t i = 0; i < sizeof salt; i++)
        salt[i] = (uint8_t)i;
    for (size_t i = 0; i < sizeof info; i++)
        info[i] = (uint8_t)(0xf0 + i);

    hkdf_extract(HASH_SHA256, salt, sizeof salt, ikm, sizeof ikm, prk);
    ck_assert_hex(prk, 32, "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5");
    ck_assert_int_eq(hkdf_expand(HASH_SHA256, prk, 32, info, sizeof info, okm, sizeof okm),
                     TLS13_OK);
    ck_assert_hex(okm, 42,
                  "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db0"
                  "2d56ecc4c5bf34007208d5b887185865");

    hkdf_extract(HASH_SHA256, NULL, 0, ikm, sizeof ikm, prk);
    ck_assert_hex(prk, 32, "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04");
    ck_assert_int_eq(hkdf_expand(HASH_SHA256, prk, 32, NULL, 0, okm, sizeof okm), TLS13_OK);
    ck_assert_hex(okm, 42,
                  "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec345"
                  "4e5f3c738d2d9d201395faa4b61a96c8");
}
END_TEST

/* A missing salt is HashLen zero bytes (RFC 5869 §2.2); TLS 1.3 relies on it
 * for the early secret without a PSK (RFC 9846 §7.1). */
START_TEST(hkdf_empty_salt_is_zeros)
{
    const hash_alg algs[] = {HASH_SHA256, HASH_SHA384};
    for (size_t a = 0; a < 2; a++) {
        uint8_t zeros[HASH_MAX_LEN] = {0}, p1[HASH_MAX_LEN], p2[HASH_MAX_LEN];
        uint8_t p3[HASH_MAX_LEN];
        size_t len = hash_len(algs[a]);
        hkdf_extract(algs[a], NULL, 0, zeros, len, p1);
        hkdf_extract(algs[a], zeros, len, zeros, len, p2);
        hkdf_extract(algs[a], zeros, 0, zeros, len, p3);
        ck_assert_mem_eq(p1, p2, len);
        ck_assert_mem_eq(p1, p3, len);
    }
}
END_TEST

/* L <= 255 * HashLen (RFC 5869 §2.3); one more byte is refused. */
START_TEST(hkdf_length_limit)
{
    const hash_alg algs[] = {HASH_SHA256, HASH_SHA384};
    for (size_t a = 0; a < 2; a++) {
        size_t max = 255 * hash_len(algs[a]);
        uint8_t prk[HASH_MAX_LEN] = {1};
        uint8_t *out = malloc(max + 1);
        ck_assert_ptr_nonnull(out);
        ck_assert_int_eq(hkdf_expand(algs[a], prk, hash_len(algs[a]), NULL, 0, out, max),
                         TLS13_OK);
        ck_assert_int_eq(hkdf_expand(algs[a], prk, hash_len(algs[a]), NULL, 0, out, max + 1),
                         TLS13_ERR_HKDF_LENGTH);
        /* A shorter output is a prefix of a longer one. */
        uint8_t short_out[100];
        ck_assert_int_eq(hkdf_expand(algs[a], prk, hash_len(algs[a]), NULL, 0, short_out,
                                     sizeof short_out),
                         TLS13_OK);
        ck_assert_mem_eq(short_out, out, sizeof short_out);
        ck_assert_int_eq(hkdf_expand(algs[a], prk, hash_len(algs[a]), NULL, 0, out, 0),
                         TLS13_OK);
        free(out);
    }
}
END_TEST

static Suite *hash_suite(void)
{
    Suite *s = suite_create("hash");
    TCase *sha = tcase_create("sha2");
    tcase_add_test(sha, hash_lengths);
    tcase_add_test(sha, hash_fips180_abc);
    tcase_add_test(sha, hash_fips180_multiblock);
    tcase_add_test(sha, hash_fips180_million_a);
    tcase_add_test(sha, hash_empty);
    tcase_add_test(sha, hash_peek_leaves_state_running);
    tcase_add_test(sha, hash_copy_by_assignment);
    tcase_add_test(sha, hash_final_wipes);
    suite_add_tcase(s, sha);
    TCase *mac = tcase_create("hmac_hkdf");
    tcase_add_test(mac, hmac_rfc4231);
    tcase_add_test(mac, hkdf_rfc5869);
    tcase_add_test(mac, hkdf_empty_salt_is_zeros);
    tcase_add_test(mac, hkdf_length_limit);
    suite_add_tcase(s, mac);
    return s;
}

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(hash_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
