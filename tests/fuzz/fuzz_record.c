/*
 * fuzz_record.c — the record layer's reader (record_read, src/record/record.c).
 *
 * Input: byte 0 is flags — bit 0: keys installed; bits 1-2: the AEAD
 * (AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305); bit 3: unprotected alerts
 * allowed (the handshake's setting); bit 4: sealed mode. Byte 1 seeds the
 * chunk sizes the stream is fed in. The rest is the stream: as is, or in
 * sealed mode a list of pieces [type][u16 length][content] that the harness
 * seals with the same fixed key (fuzz_peer_record's rules), so the fuzzer
 * reaches what lies behind the AEAD: the inner plaintext, its padding and
 * content type.
 *
 * Every record returned must lie inside the reader's buffer and within the
 * RFC's limits; a reader that failed must keep failing; bad_record_mac is the
 * one error after which reading goes on (record.h).
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "fuzz_common.h"
#include "record/record.h"

static record_reader reader;

static const uint8_t key_bytes[32] = {
    0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
};
static const uint8_t iv_bytes[AEAD_NONCE_LEN] = { 0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5,
                                                  0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab };

static void check_record(const record_view *rec, bool keys)
{
    const uint8_t *buf = reader.buf;
    if (rec->data < buf + RECORD_HEADER_LEN || rec->len > RECORD_MAX_PLAINTEXT ||
        rec->data + rec->len > buf + sizeof reader.buf)
        abort();
    (void)fuzz_touch(rec->data, rec->len);
    if (rec->was_protected && !keys)
        abort();
    /* With keys, application data arrives only opened (§5.2). */
    if (keys && rec->content_type == RECORD_APPLICATION_DATA && !rec->was_protected)
        abort();
}

/* Feeds the stream; returns when it is used up or the reader has failed. */
static void read_stream(record_protection *rp, const uint8_t *data, size_t len,
                        fuzz_chunker *chunks)
{
    bool keys = rp != NULL && rp->active;
    size_t off = 0;
    while (off < len) {
        size_t n = fuzz_chunker_next(chunks, len - off), used = 0;
        record_view rec;
        tls13_error err = record_read(&reader, rp, data + off, n, &used, &rec);
        if (used > n)
            abort();
        off += used;
        if (err == TLS13_OK) {
            check_record(&rec, keys);
            continue;
        }
        if (err == TLS13_WANT_READ) {
            if (used != n)
                abort(); /* WANT_READ means all input was taken */
            continue;
        }
        if (err == TLS13_ERR_RECORD_BAD_MAC)
            continue;
        /* Any other error ends the reader for good. */
        size_t again = 0;
        if (record_read(&reader, rp, data + off, len - off, &again, &rec) != err || again != 0)
            abort();
        return;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    if (secure_init() != TLS13_OK)
        abort();
    fuzz_input in = { data, size };
    uint8_t flags = fuzz_take_u8(&in);
    fuzz_chunker chunks;
    fuzz_chunker_init(&chunks, fuzz_take_u8(&in));

    static const aead_alg algs[4] = { AEAD_AES_128_GCM, AEAD_AES_256_GCM, AEAD_CHACHA20_POLY1305,
                                      AEAD_AES_128_GCM };
    static const uint16_t suites[4] = { TLS13_AES_128_GCM_SHA256, TLS13_AES_256_GCM_SHA384,
                                        TLS13_CHACHA20_POLY1305_SHA256,
                                        TLS13_AES_128_GCM_SHA256 };
    aead_alg alg = algs[(flags >> 1) & 3];
    bool keys = flags & 1, sealed = flags & 16;
    /* In sealed mode the keys are those of a traffic secret the peer model
     * seals with (the record layer does not care where a key came from, so
     * the secret is just a fixed value); otherwise fixed key bytes. */
    fuzz_secrets secrets;
    memset(&secrets, 0, sizeof secrets);
    secrets.have_hs[1] = true;
    secrets.hs[1].alg = alg == AEAD_AES_256_GCM ? HASH_SHA384 : HASH_SHA256;
    memcpy(secrets.hs[1].secret, key_bytes, sizeof key_bytes);
    ks_traffic_keys tk;
    ks_traffic_keys_derive(&secrets.hs[1], alg, &tk);
    record_protection rp;
    memset(&rp, 0, sizeof rp);
    if (keys && record_protection_install(&rp, alg, sealed ? tk.key : key_bytes,
                                          aead_key_len(alg), sealed ? tk.iv : iv_bytes) !=
                    TLS13_OK)
        abort();
    ks_traffic_keys_wipe(&tk);
    record_reader_init(&reader);
    reader.plaintext_alerts_allowed = (flags & 8) != 0;

    if (!sealed) {
        read_stream(&rp, in.data, in.len, &chunks);
    } else {
        fuzz_sealer sealer = { &secrets, true, 0, 0 };
        uint8_t *stream = NULL;
        size_t stream_len = 0;
        while (in.len > 0) {
            uint8_t type = fuzz_take_u8(&in);
            size_t n;
            const uint8_t *content = fuzz_take_bytes(&in, fuzz_take_u16(&in), &n);
            stream = realloc(stream, stream_len + n + RECORD_HEADER_LEN + 1 + AEAD_TAG_LEN);
            if (stream == NULL)
                abort();
            stream_len += fuzz_peer_record(&sealer, suites[(flags >> 1) & 3], false, type,
                                           content, n, stream + stream_len);
        }
        read_stream(&rp, stream, stream_len, &chunks);
        free(stream);
    }
    record_reader_wipe(&reader);
    record_protection_wipe(&rp);
    return 0;
}
