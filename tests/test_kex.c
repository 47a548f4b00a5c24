/*
 * test_kex.c — src/crypto/kex.h: X25519 known answers (RFC 7748 §5.2, §6.1),
 * P-256 known answers (RFC 5903 §8.1, RFC 8448 §5), round trips between
 * generated key pairs, validation of the peer's key_share (RFC 9846
 * §4.3.8.2, §7.4.2), private-key ranges, and that key generation draws from
 * the configured random source. The full Wycheproof X25519 and P-256 files
 * run in test_wycheproof.c.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/kex.h"
#include "crypto/secure.h"
#include "vecfile.h"

#define ck_assert_hex(got, len, want_hex)                                       \
    do {                                                                        \
        char got_hex_[2 * 512 + 1];                                             \
        ck_assert_uint_le((len), 512);                                          \
        hex_encode((got), (len), got_hex_);                                     \
        ck_assert_str_eq(got_hex_, (want_hex));                                 \
    } while (0)

/* Decodes hex into a fixed buffer; the test fails on bad hex or length. */
static void unhex(const char *hex, uint8_t *out, size_t want_len)
{
    size_t len;
    uint8_t *b = hex_decode(hex, &len);
    ck_assert_ptr_nonnull(b);
    ck_assert_uint_eq(len, want_len);
    memcpy(out, b, len);
    free(b);
}

static bool all_zero(const void *p, size_t len)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < len; i++)
        if (b[i] != 0)
            return false;
    return true;
}

/* The shared secret of kp with a peer's public key, which must succeed. */
static void shared_ok(const kex_keypair *kp, const uint8_t *peer, size_t peer_len,
                      uint8_t out[KEX_MAX_SHARED_LEN])
{
    size_t len = 0;
    ck_assert_int_eq(kex_shared_secret(kp, peer, peer_len, out, &len), TLS13_OK);
    ck_assert_uint_eq(len, 32);
}

static tls13_error shared_err(const kex_keypair *kp, const uint8_t *peer, size_t peer_len)
{
    uint8_t out[KEX_MAX_SHARED_LEN];
    size_t len = 99;
    tls13_error err = kex_shared_secret(kp, peer, peer_len, out, &len);
    if (err != TLS13_OK)
        ck_assert_uint_eq(len, 0);
    return err;
}

START_TEST(kex_group_table)
{
    ck_assert(kex_group_supported(TLS13_GROUP_X25519));
    ck_assert(kex_group_supported(TLS13_GROUP_SECP256R1));
    ck_assert(!kex_group_supported(0x0018)); /* secp384r1 */
    ck_assert(!kex_group_supported(0x001e)); /* x448 */
    ck_assert(!kex_group_supported(0x0100)); /* ffdhe2048 */
    ck_assert(!kex_group_supported(0));
    ck_assert_uint_eq(kex_public_len(KEX_X25519), 32);
    ck_assert_uint_eq(kex_public_len(KEX_SECP256R1), 65);
    ck_assert_str_eq(kex_group_name(TLS13_GROUP_X25519), "x25519");
    ck_assert_str_eq(kex_group_name(TLS13_GROUP_SECP256R1), "secp256r1");
    ck_assert_ptr_nonnull(kex_group_name(0x0018));

    kex_keypair kp;
    uint8_t priv[32] = {1};
    ck_assert_int_eq(kex_generate(&kp, (kex_group)0x0018, NULL), TLS13_ERR_UNSUPPORTED_GROUP);
    ck_assert_int_eq(kex_from_private(&kp, (kex_group)0x0018, priv, 32),
                     TLS13_ERR_UNSUPPORTED_GROUP);
}
END_TEST

/* ---- X25519 ------------------------------------------------------------- */

/* RFC 7748 §6.1: Alice and Bob. */
START_TEST(kex_x25519_rfc7748_diffie_hellman)
{
    uint8_t alice_priv[32], bob_priv[32], s1[32], s2[32];
    unhex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a", alice_priv, 32);
    unhex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb", bob_priv, 32);
    kex_keypair alice, bob;
    ck_assert_int_eq(kex_from_private(&alice, KEX_X25519, alice_priv, 32), TLS13_OK);
    ck_assert_int_eq(kex_from_private(&bob, KEX_X25519, bob_priv, 32), TLS13_OK);
    ck_assert_int_eq(alice.group, KEX_X25519);
    ck_assert_uint_eq(alice.public_len, 32);
    ck_assert_uint_eq(alice.private_len, 32);
    ck_assert_hex(alice.public_key, 32,
                  "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    ck_assert_hex(bob.public_key, 32,
                  "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
    shared_ok(&alice, bob.public_key, 32, s1);
    shared_ok(&bob, alice.public_key, 32, s2);
    ck_assert_hex(s1, 32, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    ck_assert_mem_eq(s1, s2, 32);
    kex_wipe(&alice);
    kex_wipe(&bob);
}
END_TEST

/* RFC 7748 §5.2: the first scalar-multiplication vector, and the iterated
 * function (k, u) <- (X25519(k, u), k) from k = u = 9, after 1 and 1000
 * iterations. */
START_TEST(kex_x25519_rfc7748_function)
{
    uint8_t k[32], u[32], out[32];
    unhex("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4", k, 32);
    unhex("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c", u, 32);
    kex_keypair kp;
    ck_assert_int_eq(kex_from_private(&kp, KEX_X25519, k, 32), TLS13_OK);
    shared_ok(&kp, u, 32, out);
    ck_assert_hex(out, 32, "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552");

    memset(k, 0, 32);
    k[0] = 9;
    memcpy(u, k, 32);
    for (int i = 1; i <= 1000; i++) {
        ck_assert_int_eq(kex_from_private(&kp, KEX_X25519, k, 32), TLS13_OK);
        shared_ok(&kp, u, 32, out);
        memcpy(u, k, 32);
        memcpy(k, out, 32);
        if (i == 1)
            ck_assert_hex(k, 32,
                          "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
    ck_assert_hex(k, 32, "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
    kex_wipe(&kp);
}
END_TEST

/* RFC 9846 §7.4.2: an all-zero X25519 result is refused. Low-order points
 * (u = 0, u = 1, and the order-8 points) give it for every private key. */
START_TEST(kex_x25519_zero_shared_secret)
{
    static const char *const low_order[] = {
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0100000000000000000000000000000000000000000000000000000000000000",
        "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
        "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        /* u = 1 with the top bit set, which X25519 masks (RFC 7748 §5). */
        "0100000000000000000000000000000000000000000000000000000000000080",
    };
    kex_keypair kp;
    ck_assert_int_eq(kex_generate(&kp, KEX_X25519, NULL), TLS13_OK);
    for (size_t i = 0; i < sizeof low_order / sizeof low_order[0]; i++) {
        uint8_t peer[32];
        unhex(low_order[i], peer, 32);
        ck_assert_int_eq(shared_err(&kp, peer, 32), TLS13_ERR_ZERO_SHARED_SECRET);
    }
    kex_wipe(&kp);
}
END_TEST

START_TEST(kex_x25519_wrong_length)
{
    kex_keypair kp, peer;
    ck_assert_int_eq(kex_generate(&kp, KEX_X25519, NULL), TLS13_OK);
    ck_assert_int_eq(kex_generate(&peer, KEX_X25519, NULL), TLS13_OK);
    uint8_t buf[66] = {0};
    memcpy(buf, peer.public_key, 32);
    ck_assert_int_eq(shared_err(&kp, buf, 31), TLS13_ERR_BAD_KEY_SHARE);
    ck_assert_int_eq(shared_err(&kp, buf, 33), TLS13_ERR_BAD_KEY_SHARE);
    ck_assert_int_eq(shared_err(&kp, buf, 0), TLS13_ERR_BAD_KEY_SHARE);
    ck_assert_int_eq(shared_err(&kp, buf, 65), TLS13_ERR_BAD_KEY_SHARE);
    ck_assert_int_eq(shared_err(&kp, buf, 32), TLS13_OK);

    uint8_t priv[33] = {1};
    ck_assert_int_eq(kex_from_private(&kp, KEX_X25519, priv, 31), TLS13_ERR_BAD_PRIVATE_KEY);
    ck_assert_int_eq(kex_from_private(&kp, KEX_X25519, priv, 33), TLS13_ERR_BAD_PRIVATE_KEY);
    kex_wipe(&kp);
    kex_wipe(&peer);
}
END_TEST

/* ---- secp256r1 ---------------------------------------------------------- */

#define P256_G                                                                  \
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"         \
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"
#define P256_N "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"
#define P256_P "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"

/* RFC 5903 §8.1: the 256-bit random ECP group example. */
#define RFC5903_I "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433"
#define RFC5903_GI                                                              \
    "04dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180"         \
    "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3"
#define RFC5903_R "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53"
#define RFC5903_GR                                                              \
    "04d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63"         \
    "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab"
#define RFC5903_GIR "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"

static void p256_from_hex(kex_keypair *kp, const char *priv_hex)
{
    uint8_t priv[32];
    unhex(priv_hex, priv, 32);
    ck_assert_int_eq(kex_from_private(kp, KEX_SECP256R1, priv, 32), TLS13_OK);
    ck_assert_int_eq(kp->group, KEX_SECP256R1);
    ck_assert_uint_eq(kp->public_len, 65);
    ck_assert_uint_eq(kp->private_len, 32);
}

START_TEST(kex_p256_rfc5903)
{
    kex_keypair i, r;
    uint8_t s1[32], s2[32];
    p256_from_hex(&i, RFC5903_I);
    p256_from_hex(&r, RFC5903_R);
    ck_assert_hex(i.public_key, 65, RFC5903_GI);
    ck_assert_hex(r.public_key, 65, RFC5903_GR);
    shared_ok(&i, r.public_key, 65, s1);
    shared_ok(&r, i.public_key, 65, s2);
    ck_assert_hex(s1, 32, RFC5903_GIR);
    ck_assert_hex(s2, 32, RFC5903_GIR);
    kex_wipe(&i);
    kex_wipe(&r);
}
END_TEST

/* RFC 8448 §5 (HelloRetryRequest): the P-256 shares of both sides and the
 * (EC)DHE input of the handshake secret. */
START_TEST(kex_p256_rfc8448_hrr)
{
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, "rfc8448/hello_retry_request.txt"), 0);
    size_t len;
    const uint8_t *cpriv = vec_get(&vf, "client_p256_private_key", &len);
    ck_assert_uint_eq(len, 32);
    kex_keypair client, server;
    ck_assert_int_eq(kex_from_private(&client, KEX_SECP256R1, cpriv, len), TLS13_OK);
    const uint8_t *spriv = vec_get(&vf, "server_p256_private_key", &len);
    ck_assert_uint_eq(len, 32);
    ck_assert_int_eq(kex_from_private(&server, KEX_SECP256R1, spriv, len), TLS13_OK);

    const uint8_t *cpub = vec_get(&vf, "client_p256_public_key", &len);
    ck_assert_uint_eq(len, 65);
    ck_assert_mem_eq(client.public_key, cpub, 65);
    const uint8_t *spub = vec_get(&vf, "server_p256_public_key", &len);
    ck_assert_uint_eq(len, 65);
    ck_assert_mem_eq(server.public_key, spub, 65);

    const uint8_t *want = vec_get(&vf, "ecdhe_shared_secret", &len);
    ck_assert_uint_eq(len, 32);
    uint8_t s1[32], s2[32];
    shared_ok(&client, spub, 65, s1);
    shared_ok(&server, cpub, 65, s2);
    ck_assert_mem_eq(s1, want, 32);
    ck_assert_mem_eq(s2, want, 32);
    kex_wipe(&client);
    kex_wipe(&server);
    vec_free(&vf);
}
END_TEST

/* Two generated key pairs agree on the secret (both groups). */
START_TEST(kex_generated_round_trip)
{
    const kex_group groups[] = {KEX_X25519, KEX_SECP256R1};
    for (size_t g = 0; g < 2; g++) {
        for (int round = 0; round < 4; round++) {
            kex_keypair a, b;
            uint8_t s1[32], s2[32];
            ck_assert_int_eq(kex_generate(&a, groups[g], NULL), TLS13_OK);
            ck_assert_int_eq(kex_generate(&b, groups[g], NULL), TLS13_OK);
            ck_assert_uint_eq(a.public_len, kex_public_len(groups[g]));
            ck_assert(memcmp(a.public_key, b.public_key, a.public_len) != 0);
            if (groups[g] == KEX_SECP256R1)
                ck_assert_uint_eq(a.public_key[0], 0x04);
            shared_ok(&a, b.public_key, b.public_len, s1);
            shared_ok(&b, a.public_key, a.public_len, s2);
            ck_assert_mem_eq(s1, s2, 32);
            ck_assert(!all_zero(s1, 32));
            kex_wipe(&a);
            kex_wipe(&b);
        }
    }
}
END_TEST

/* RFC 9846 §4.3.8.2: a P-256 share is the uncompressed point 04 || X || Y
 * and must be on the curve. Everything else is TLS13_ERR_BAD_KEY_SHARE. */
START_TEST(kex_p256_bad_shares)
{
    kex_keypair me;
    p256_from_hex(&me, RFC5903_I);
    uint8_t good[65], bad[66];
    unhex(RFC5903_GR, good, 65);

    /* A flipped bit anywhere in X or Y moves the point off the curve; a
     * changed form byte is not the uncompressed form. */
    for (size_t i = 0; i < 65; i++) {
        memcpy(bad, good, 65);
        bad[i] ^= 0x01;
        ck_assert_msg(shared_err(&me, bad, 65) == TLS13_ERR_BAD_KEY_SHARE,
                      "a share with byte %zu flipped was accepted", i);
    }
    /* The compressed form of the same valid point, 33 bytes, and a 65-byte
     * share that claims a compressed or hybrid form. */
    bad[0] = 0x03;
    memcpy(bad + 1, good + 1, 32);
    ck_assert_int_eq(shared_err(&me, bad, 33), TLS13_ERR_BAD_KEY_SHARE);
    bad[0] = 0x02;
    ck_assert_int_eq(shared_err(&me, bad, 33), TLS13_ERR_BAD_KEY_SHARE);
    const uint8_t forms[] = {0x00, 0x02, 0x03, 0x06, 0x07};
    for (size_t i = 0; i < sizeof forms; i++) {
        memcpy(bad, good, 65);
        bad[0] = forms[i];
        ck_assert_int_eq(shared_err(&me, bad, 65), TLS13_ERR_BAD_KEY_SHARE);
    }
    /* 04 || zeros: (0, 0) is not on the curve. The point at infinity as a
     * single 00 byte. */
    memset(bad, 0, sizeof bad);
    bad[0] = 0x04;
    ck_assert_int_eq(shared_err(&me, bad, 65), TLS13_ERR_BAD_KEY_SHARE);
    bad[0] = 0x00;
    ck_assert_int_eq(shared_err(&me, bad, 1), TLS13_ERR_BAD_KEY_SHARE);
    /* Wrong lengths. */
    memcpy(bad, good, 65);
    bad[65] = 0;
    const size_t lens[] = {0, 1, 32, 33, 64, 66};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++)
        ck_assert_int_eq(shared_err(&me, bad, lens[i]), TLS13_ERR_BAD_KEY_SHARE);
    /* A coordinate equal to p is out of range (RFC 9846 §4.3.8.2, step 2). */
    memcpy(bad, good, 65);
    unhex(P256_P, bad + 1, 32);
    ck_assert_int_eq(shared_err(&me, bad, 65), TLS13_ERR_BAD_KEY_SHARE);
    memcpy(bad, good, 65);
    unhex(P256_P, bad + 33, 32);
    ck_assert_int_eq(shared_err(&me, bad, 65), TLS13_ERR_BAD_KEY_SHARE);
    /* An X25519 share sent for P-256. */
    kex_keypair x;
    ck_assert_int_eq(kex_generate(&x, KEX_X25519, NULL), TLS13_OK);
    ck_assert_int_eq(shared_err(&me, x.public_key, 32), TLS13_ERR_BAD_KEY_SHARE);
    /* And the good share still works. */
    uint8_t s[32];
    shared_ok(&me, good, 65, s);
    ck_assert_hex(s, 32, RFC5903_GIR);
    kex_wipe(&me);
    kex_wipe(&x);
}
END_TEST

/* kex.h: the P-256 scalar is 32 big-endian bytes in [1, n-1]. */
START_TEST(kex_p256_private_key_range)
{
    uint8_t k[33];
    kex_keypair kp;

    memset(k, 0, 32); /* 0 */
    ck_assert_int_eq(kex_from_private(&kp, KEX_SECP256R1, k, 32), TLS13_ERR_BAD_PRIVATE_KEY);
    unhex(P256_N, k, 32); /* n */
    ck_assert_int_eq(kex_from_private(&kp, KEX_SECP256R1, k, 32), TLS13_ERR_BAD_PRIVATE_KEY);
    k[31]++; /* n + 1 */
    ck_assert_int_eq(kex_from_private(&kp, KEX_SECP256R1, k, 32), TLS13_ERR_BAD_PRIVATE_KEY);
    memset(k, 0xff, 32);
    ck_assert_int_eq(kex_from_private(&kp, KEX_SECP256R1, k, 32), TLS13_ERR_BAD_PRIVATE_KEY);
    ck_assert(all_zero(&kp, sizeof kp)); /* nothing left behind on failure */

    memset(k, 0, 33);
    k[31] = 1; /* 1: the public key is the generator */
    ck_assert_int_eq(kex_from_private(&kp, KEX_SECP256R1, k, 32), TLS13_OK);
    ck_assert_hex(kp.public_key, 65, P256_G);
    unhex(P256_N, k, 32);
    k[31]--; /* n - 1: the public key is -G, the same X */
    ck_assert_int_eq(kex_from_private(&kp, KEX_SECP256R1, k, 32), TLS13_OK);
    char hex[131];
    hex_encode(kp.public_key, 33, hex);
    ck_assert(strncmp(hex, P256_G, 66) == 0);

    memset(k, 0, 33);
    k[32] = 1; /* 33 bytes, or 31: not the fixed length */
    ck_assert_int_eq(kex_from_private(&kp, KEX_SECP256R1, k, 33), TLS13_ERR_BAD_PRIVATE_KEY);
    ck_assert_int_eq(kex_from_private(&kp, KEX_SECP256R1, k + 2, 31),
                     TLS13_ERR_BAD_PRIVATE_KEY);
    kex_wipe(&kp);
}
END_TEST

/* ---- the random source --------------------------------------------------- */

/* A deterministic source: a counter run through a simple mixer, or scripted
 * blocks of bytes given in advance. */
typedef struct test_rng {
    uint64_t state;
    const uint8_t *script; /* when set, served first */
    size_t script_len, script_pos;
    size_t calls;
    bool fail;
} test_rng;

static int test_rng_fill(void *ctx, uint8_t *out, size_t len)
{
    test_rng *r = ctx;
    r->calls++;
    if (r->fail)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (r->script_pos < r->script_len) {
            out[i] = r->script[r->script_pos++];
            continue;
        }
        r->state = r->state * 6364136223846793005u + 1442695040888963407u;
        out[i] = (uint8_t)(r->state >> 56);
    }
    return 0;
}

/* The same seed gives the same keys; another seed gives other keys; the X25519
 * private key is the bytes the source produced. */
START_TEST(kex_generate_uses_the_random_source)
{
    const kex_group groups[] = {KEX_X25519, KEX_SECP256R1};
    for (size_t g = 0; g < 2; g++) {
        test_rng r1 = {.state = 42}, r2 = {.state = 42}, r3 = {.state = 43};
        tls13_random_source s1 = {test_rng_fill, &r1}, s2 = {test_rng_fill, &r2},
                            s3 = {test_rng_fill, &r3};
        kex_keypair a, b, c;
        ck_assert_int_eq(kex_generate(&a, groups[g], &s1), TLS13_OK);
        ck_assert_int_eq(kex_generate(&b, groups[g], &s2), TLS13_OK);
        ck_assert_int_eq(kex_generate(&c, groups[g], &s3), TLS13_OK);
        ck_assert_uint_ge(r1.calls, 1);
        ck_assert_uint_eq(a.public_len, b.public_len);
        ck_assert_mem_eq(a.public_key, b.public_key, a.public_len);
        ck_assert_mem_eq(a.private_key, b.private_key, a.private_len);
        ck_assert(memcmp(a.public_key, c.public_key, a.public_len) != 0);

        /* The private key is what the source gave. */
        test_rng again = {.state = 42};
        uint8_t expect[32];
        test_rng_fill(&again, expect, 32);
        ck_assert_uint_eq(a.private_len, 32);
        ck_assert_mem_eq(a.private_key, expect, 32);
        kex_keypair from;
        ck_assert_int_eq(kex_from_private(&from, groups[g], expect, 32), TLS13_OK);
        ck_assert_mem_eq(from.public_key, a.public_key, a.public_len);
        kex_wipe(&a);
        kex_wipe(&b);
        kex_wipe(&c);
        kex_wipe(&from);
    }
}
END_TEST

/* A P-256 draw outside [1, n-1] is drawn again (kex.h). */
START_TEST(kex_generate_p256_redraws_out_of_range)
{
    uint8_t script[96];
    memset(script, 0xff, 32);     /* > n */
    memset(script + 32, 0, 32);   /* 0 */
    memset(script + 64, 0, 32);   /* 1 */
    script[95] = 1;
    test_rng r = {.state = 1, .script = script, .script_len = sizeof script};
    tls13_random_source src = {test_rng_fill, &r};
    kex_keypair kp;
    ck_assert_int_eq(kex_generate(&kp, KEX_SECP256R1, &src), TLS13_OK);
    ck_assert_mem_eq(kp.private_key, script + 64, 32);
    ck_assert_hex(kp.public_key, 65, P256_G);
    kex_wipe(&kp);
}
END_TEST

/* A failing source fails generation; a source without fill is the OS CSPRNG. */
START_TEST(kex_generate_random_failure)
{
    test_rng r = {.fail = true};
    tls13_random_source src = {test_rng_fill, &r};
    kex_keypair kp;
    ck_assert_int_eq(kex_generate(&kp, KEX_X25519, &src), TLS13_ERR_RANDOM_FAILED);
    ck_assert_int_eq(kex_generate(&kp, KEX_SECP256R1, &src), TLS13_ERR_RANDOM_FAILED);
    tls13_random_source empty = {NULL, NULL};
    ck_assert_int_eq(kex_generate(&kp, KEX_SECP256R1, &empty), TLS13_OK);
    kex_wipe(&kp);
}
END_TEST

START_TEST(kex_wipe_clears)
{
    kex_keypair kp;
    ck_assert_int_eq(kex_generate(&kp, KEX_SECP256R1, NULL), TLS13_OK);
    kex_wipe(&kp);
    ck_assert(all_zero(&kp, sizeof kp));
}
END_TEST

static Suite *kex_suite(void)
{
    Suite *s = suite_create("kex");
    TCase *x = tcase_create("x25519");
    tcase_add_test(x, kex_group_table);
    tcase_add_test(x, kex_x25519_rfc7748_diffie_hellman);
    tcase_add_test(x, kex_x25519_rfc7748_function);
    tcase_add_test(x, kex_x25519_zero_shared_secret);
    tcase_add_test(x, kex_x25519_wrong_length);
    suite_add_tcase(s, x);
    TCase *p = tcase_create("secp256r1");
    tcase_add_test(p, kex_p256_rfc5903);
    tcase_add_test(p, kex_p256_rfc8448_hrr);
    tcase_add_test(p, kex_p256_bad_shares);
    tcase_add_test(p, kex_p256_private_key_range);
    suite_add_tcase(s, p);
    TCase *g = tcase_create("generate");
    tcase_add_test(g, kex_generated_round_trip);
    tcase_add_test(g, kex_generate_uses_the_random_source);
    tcase_add_test(g, kex_generate_p256_redraws_out_of_range);
    tcase_add_test(g, kex_generate_random_failure);
    tcase_add_test(g, kex_wipe_clears);
    suite_add_tcase(s, g);
    return s;
}

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(kex_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
