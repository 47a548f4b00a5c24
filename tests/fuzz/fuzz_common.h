/*
 * fuzz_common.h — what the fuzz targets share (tests/fuzz/, docs/fuzzing.md).
 *
 * Every target is deterministic: randomness comes from a counter-based
 * source that each input resets, the clock is pinned, and the certificates
 * and configs are made once per process from committed data. So an input that
 * crashed once crashes again when replayed (tests/fuzz/replay_main.c).
 *
 * fuzz_common.c also holds the peer model the connection targets use: the
 * input is cut into records ([type][u16 length][content]) which are sent in
 * the clear, or sealed with the traffic secret the connection under test
 * just derived (the harness learns it from the config's event callback), so
 * a fuzzer can reach the handshake messages that travel encrypted.
 */
#ifndef TLS13_FUZZ_COMMON_H
#define TLS13_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keyschedule/keyschedule.h"
#include "tls13.h"

/* libFuzzer's entry point; each target defines it. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The pinned clock: 2027-01-01T00:00:00Z. The committed test certificates
 * (tests/fuzz/pki, fuzz_anchors.c) are valid then. */
#define FUZZ_NOW INT64_C(1798761600)
/* The host name of the fixed server certificate and the one the client checks. */
#define FUZZ_HOST "fuzz.example"

/* ---- randomness and time ---------------------------------------------------- */

/* A counter-based random source: byte i of the stream is a hash of
 * (stream, i). fuzz_rng_reset starts every stream over. */
typedef struct fuzz_rng {
    uint64_t stream;
    uint64_t counter;
} fuzz_rng;

int fuzz_rng_fill(void *ctx, uint8_t *out, size_t len);
void fuzz_rng_reset(fuzz_rng *rng);
int64_t fuzz_now(void *ctx);

/* Touches every byte of a range (so a sanitizer sees a read past the end)
 * and returns a value that depends on them. */
uint32_t fuzz_touch(const uint8_t *data, size_t len);

/* ---- an input reader --------------------------------------------------------- */

typedef struct fuzz_input {
    const uint8_t *data;
    size_t len;
} fuzz_input;

uint8_t fuzz_take_u8(fuzz_input *in);
uint16_t fuzz_take_u16(fuzz_input *in);
/* At most n bytes (fewer at the end of the input). */
const uint8_t *fuzz_take_bytes(fuzz_input *in, size_t n, size_t *got);

/* Chunk sizes for feeding a stream: seed 0 means "all at once"; any other
 * seed gives a reproducible sequence of sizes from 1 to 8 * seed. */
typedef struct fuzz_chunker {
    uint32_t seed, state;
} fuzz_chunker;

void fuzz_chunker_init(fuzz_chunker *c, uint8_t seed);
size_t fuzz_chunker_next(fuzz_chunker *c, size_t remaining);

/* ---- credentials ---------------------------------------------------------------- */

/* The fixed Ed25519 server certificate (self-signed, FUZZ_HOST; committed
 * in tests/fuzz/pki, so every run sends the same bytes) as PEM, with its
 * private key as PKCS#8 PEM. Made once per process. */
const char *fuzz_server_cert_pem(size_t *len);
const char *fuzz_server_key_pem(size_t *len);
/* The small anchor store's certificates (DER): the server certificate above
 * and the committed openssl-made roots of fuzz_anchors.c. */
size_t fuzz_anchor_count(void);
const uint8_t *fuzz_anchor(size_t i, size_t *len);
/* Replaces a config's anchors (for the server's chain, or for clients'
 * chains when `client`) with the small store. */
void fuzz_config_use_anchors(tls13_config *cfg, bool client);

/* ---- the peer model ------------------------------------------------------------- */

/* What the connection under test derived, from its event callback: the
 * latest handshake and application traffic secret each way (index 0: the
 * client's, 1: the server's). Set as the config's event ctx; reset before
 * each input. */
typedef struct fuzz_secrets {
    bool have_hs[2], have_ap[2];
    ks_secret hs[2], ap[2];
    unsigned generation[2];          /* bumped whenever a side's secret changes */
} fuzz_secrets;

void fuzz_secrets_event(void *ctx, const tls13_event *event);
void fuzz_secrets_reset(fuzz_secrets *s);

/* Seals as a peer that writes with the secrets `secrets` holds for its side
 * (server_side: the server's). Tracks the sequence number and starts over
 * at 0 when the secret changes. */
typedef struct fuzz_sealer {
    const fuzz_secrets *secrets;
    bool server_side;
    unsigned generation;
    uint64_t seq;
} fuzz_sealer;

/* The bytes of one record as the peer model sends it, from an input piece:
 *   type bit 0x80: the content goes on the wire as is (no header at all);
 *   otherwise, with no key yet, or type 20 (change_cipher_spec): a
 *     TLSPlaintext record of that type;
 *   otherwise sealed as a TLSCiphertext whose inner plaintext is
 *     content || type, or with type bit 0x40, the content alone (so the
 *     fuzzer picks the padding and the inner type).
 * The key is the peer's handshake traffic secret, or once `connected` its
 * application traffic secret (a secret is derived before it is used, so
 * the harness cannot go by the newest one alone). suite is the connection's
 * cipher suite (0: none yet, so nothing is sealed). out needs len + 5 + 1 +
 * 16 bytes; returns the length written. */
size_t fuzz_peer_record(fuzz_sealer *s, uint16_t suite, bool connected, uint8_t type,
                        const uint8_t *content, size_t len, uint8_t *out);

/* Feeds `len` bytes to conn in chunks, then lets it run: after every chunk
 * application data is read out and, with discard_output, the pending output
 * is thrown away (a pair keeps it for the other side). Stops at the first
 * error or when conn takes no more input. */
tls13_error fuzz_feed(tls13_conn *conn, const uint8_t *data, size_t len, fuzz_chunker *chunks,
                      bool discard_output);

/* ---- configs ------------------------------------------------------------------ */

/* A server with the fixed certificate, ALPN "http/1.1,h2", the pinned clock,
 * randomness from rng and its secrets reported to `secrets`. verify_client:
 * it asks for a client certificate and checks it against the small anchor
 * store; p256_only: its only group is P-256 (a client that leads with
 * X25519 gets a HelloRetryRequest). Made once per process; never freed. */
tls13_config *fuzz_server_config(bool verify_client, bool p256_only, fuzz_rng *rng,
                                 fuzz_secrets *secrets);
/* A client, by the options below or'ed together (fuzz_client's flags).
 * Without VERIFY or PIN it is insecure_noverifycert. */
enum {
    FUZZ_CLIENT_VERIFY = 1,  /* the server's chain against the small anchor store and FUZZ_HOST */
    FUZZ_CLIENT_P256 = 2,    /* its key share is for P-256 */
    FUZZ_CLIENT_CERT = 4,    /* it offers the fixed certificate when asked */
    FUZZ_CLIENT_PIN = 8      /* the fixed certificate is pinned (no path validation) */
};
tls13_config *fuzz_client_config(unsigned options, fuzz_rng *rng, fuzz_secrets *secrets);

/* Plays the peer: the input as the peer's byte stream (fed in chunks), or
 * when `sealed` as pieces [type][u16 length][content] turned into records by
 * fuzz_peer_record, each fed as it is made (so a piece is sealed with the
 * key the connection derived from the pieces before it). Returns the first
 * error. */
tls13_error fuzz_play_peer(tls13_conn *conn, fuzz_sealer *sealer, bool sealed, fuzz_input *in,
                           fuzz_chunker *chunks);

/* The end of every connection target: the handshake's state must be OK,
 * WANT_READ or the connection's sticky error; a connected one writes, asks
 * for a KeyUpdate and closes. With TLS13_FUZZ_VERBOSE set in the
 * environment it prints the state and the error message (for corpus work). */
void fuzz_finish(tls13_conn *conn);

/* An in-memory handshake between two fresh connections (whole flights, no
 * chunking); true once both are connected. Every byte sent is delivered. */
bool fuzz_handshake_pair(tls13_conn *client, tls13_conn *server);

#endif /* TLS13_FUZZ_COMMON_H */
