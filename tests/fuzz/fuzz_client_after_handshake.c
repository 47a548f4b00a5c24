/*
 * fuzz_client_after_handshake.c — a connection after a completed handshake,
 * fed records from its peer: NewSessionTicket, KeyUpdate (and the key
 * change that follows it), alerts, application data, and anything else a
 * connected endpoint may be sent.
 *
 * Every input starts with a fresh in-memory handshake between a
 * deterministic client and server (fuzz_handshake_pair). Input: byte 0 is
 * flags — bit 0: the server is the one fed (by default the client is, as
 * the name says); bit 1: raw mode, the rest is fed as is (the fuzzer cannot
 * make a record that decrypts, so this is for framing and limits). Byte 1
 * seeds the chunk sizes. The rest is pieces [type][u16 length][content]
 * that the harness seals with the peer's current application traffic
 * secret (fuzz_peer_record), following the secret to the next one whenever
 * the connection under test takes a KeyUpdate.
 */
#include <stdlib.h>

#include "crypto/secure.h"
#include "fuzz_common.h"

static fuzz_rng client_rng = { 3, 0 }, server_rng = { 4, 0 };
static fuzz_secrets client_secrets, server_secrets;
static tls13_config *client_cfg, *server_cfg;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    if (client_cfg == NULL) {
        client_cfg = fuzz_client_config(FUZZ_CLIENT_VERIFY, &client_rng, &client_secrets);
        server_cfg = fuzz_server_config(false, false, &server_rng, &server_secrets);
        /* No tickets: the peer model's first record is then the first one
         * under the application traffic secret, sequence number 0 (the
         * input brings its own NewSessionTickets). */
        if (tls13_config_set_tickets(server_cfg, 0) != TLS13_OK)
            abort();
    }
    fuzz_input in = { data, size };
    uint8_t flags = fuzz_take_u8(&in);
    fuzz_chunker chunks;
    fuzz_chunker_init(&chunks, fuzz_take_u8(&in));
    fuzz_rng_reset(&client_rng);
    fuzz_rng_reset(&server_rng);
    fuzz_secrets_reset(&client_secrets);
    fuzz_secrets_reset(&server_secrets);

    tls13_conn *client = tls13_client_new(client_cfg, FUZZ_HOST);
    tls13_conn *server = tls13_server_new(server_cfg);
    if (client == NULL || server == NULL || !fuzz_handshake_pair(client, server))
        abort(); /* the fixed handshake must work */
    bool feed_server = flags & 1;
    tls13_conn *conn = feed_server ? server : client;
    /* The secrets the fed side derived: its peer's are what the model seals with. */
    fuzz_sealer sealer = { feed_server ? &server_secrets : &client_secrets, !feed_server, 0, 0 };
    (void)fuzz_play_peer(conn, &sealer, (flags & 2) == 0, &in, &chunks);
    fuzz_finish(conn);
    tls13_conn_free(client);
    tls13_conn_free(server);
    return 0;
}
