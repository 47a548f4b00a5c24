/*
 * fuzz_server.c — a server connection (tls13_server_new) fed the client's
 * bytes: ClientHello parsing and negotiation, HelloRetryRequest and the
 * second ClientHello, change_cipher_spec and alerts in the clear, and —
 * in sealed mode — the client's encrypted flight.
 *
 * Input: byte 0 is flags — bit 0: the server asks for a client certificate
 * (mutual TLS, checked against the small anchor store); bit 1: the server's
 * only group is P-256 (so an X25519 key share draws a HelloRetryRequest);
 * bit 2: sealed mode (fuzz_play_peer: pieces [type][u16 length][content],
 * sealed with the client_handshake_traffic_secret once the server has one).
 * Byte 1 seeds the chunk sizes. The rest is the client.
 *
 * The server has a fixed Ed25519 certificate and a counter-based random
 * source that every input starts over, so a client that is just as
 * deterministic (tests/fuzz/fuzz_seeds.c) completes a handshake with it:
 * the corpus holds such handshakes for the fuzzer to start from. Whatever
 * the input, the connection must end connected, waiting, or failed with
 * its error and alert -- no crash, hang or leak.
 */
#include <stdlib.h>

#include "crypto/secure.h"
#include "fuzz_common.h"

static fuzz_rng rng = { 1, 0 };
static fuzz_secrets secrets;
static tls13_config *configs[4];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    fuzz_input in = { data, size };
    uint8_t flags = fuzz_take_u8(&in);
    fuzz_chunker chunks;
    fuzz_chunker_init(&chunks, fuzz_take_u8(&in));
    size_t which = flags & 3;
    if (configs[which] == NULL)
        configs[which] = fuzz_server_config(which & 1, which & 2, &rng, &secrets);
    fuzz_rng_reset(&rng);
    fuzz_secrets_reset(&secrets);

    tls13_conn *server = tls13_server_new(configs[which]);
    if (server == NULL)
        abort();
    fuzz_sealer sealer = { &secrets, false, 0, 0 };
    (void)fuzz_play_peer(server, &sealer, (flags & 4) != 0, &in, &chunks);
    fuzz_finish(server);
    tls13_conn_free(server);
    return 0;
}
