/*
 * fuzz_client.c — a client connection (tls13_client_new) that has sent its
 * ClientHello, fed the server's bytes: ServerHello and HelloRetryRequest
 * parsing and checks, and -- in sealed mode -- EncryptedExtensions,
 * CertificateRequest, Certificate (with path validation or without),
 * CertificateVerify and Finished.
 *
 * Input: byte 0 is flags — bit 0: default verification (the server's chain
 * is checked against the small anchor store and FUZZ_HOST; else
 * insecure_noverifycert, which still checks CertificateVerify); bit 1: the
 * client leads with a P-256 key share; bit 2: sealed mode (fuzz_play_peer:
 * pieces [type][u16 length][content], sealed with the
 * server_handshake_traffic_secret once the client has one); bit 3: the
 * client has a certificate to offer when asked; bit 4: the fixed server
 * certificate is pinned (with bit 0 clear, pins alone decide). Byte 1 seeds
 * the chunk sizes. The rest is the server.
 *
 * The client's randomness is counter-based and starts over for every
 * input, so its ClientHello (and key share) is always the same: the corpus
 * holds whole handshakes a deterministic server made for it
 * (tests/fuzz/fuzz_seeds.c), which the fuzzer mutates.
 */
#include <stdlib.h>

#include "crypto/secure.h"
#include "fuzz_common.h"

static fuzz_rng rng = { 2, 0 };
static fuzz_secrets secrets;
static tls13_config *configs[16];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    fuzz_input in = { data, size };
    uint8_t flags = fuzz_take_u8(&in);
    fuzz_chunker chunks;
    fuzz_chunker_init(&chunks, fuzz_take_u8(&in));
    unsigned which = (flags & 3) | (flags & 24) >> 1; /* FUZZ_CLIENT_* */
    if (configs[which] == NULL)
        configs[which] = fuzz_client_config(which, &rng, &secrets);
    fuzz_rng_reset(&rng);
    fuzz_secrets_reset(&secrets);

    tls13_conn *client = tls13_client_new(configs[which], FUZZ_HOST);
    if (client == NULL)
        abort();
    if (tls13_conn_handshake(client) != TLS13_WANT_READ)
        abort(); /* the ClientHello is ready */
    fuzz_sealer sealer = { &secrets, true, 0, 0 };
    (void)fuzz_play_peer(client, &sealer, (flags & 4) != 0, &in, &chunks);
    fuzz_finish(client);
    tls13_conn_free(client);
    return 0;
}
