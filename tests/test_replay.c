/*
 * test_replay.c — the whole library replays published handshakes byte for
 * byte: tls13.xargs.org (vectors/xargs/handshake.txt) and RFC 8448 §3, §5 and
 * §7, each from the server's side and from the client's side.
 *
 * A replay is a connection fed the peer's records from the trace; every byte
 * it sends must be the trace's. What makes that possible:
 *   - a scripted random source (tests/replay_harness.h, shared with
 *     test_certs.c's RFC 8448 §6 replay): each draw must have the length of
 *     the next scripted value (the trace's random, key share private key,
 *     RSA-PSS salt, ...), and the script must be used up, so the test also
 *     proves the order in which the library draws;
 *   - the trace's credentials (the xargs key files; RFC 8448 §2's RSA key and
 *     the certificate taken out of the trace);
 *   - the test seams of config_test_hooks (src/config.h), for choices the
 *     RFC leaves free: record grouping, extension order, the groups listed in
 *     EncryptedExtensions, whether the server_name is acknowledged, cookie and
 *     ticket contents, and the ClientHello a client sends (our client does not
 *     offer the traces' legacy extensions; it still makes the draws for its
 *     own ClientHello first, and takes its random and legacy_session_id from
 *     the one it sends).
 * Every scenario runs twice: with each step's records in one buffer, and one
 * byte per tls13_conn_recv.
 *
 * Each scenario is a table: its configuration, its random script and its
 * conversation, a list of steps ("the peer's records arrive", "these records
 * must come out", "read gives this", ...), all named by vector names.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "crypto/sig.h"
#include "handshake/messages.h"
#include "record/record.h"
#include "replay_harness.h"
#include "tls13.h"
#include "vecfile.h"
#include "x509/x509.h"

#define XARGS "xargs/handshake.txt"
#define XARGS_COMPUTED "xargs/handshake_computed.txt"
#define RFC_1RTT "rfc8448/simple_1rtt.txt"
#define RFC_1RTT_COMPUTED "rfc8448/simple_1rtt_computed.txt"
#define RFC_HRR "rfc8448/hello_retry_request.txt"
#define RFC_HRR_COMPUTED "rfc8448/hello_retry_request_computed.txt"
#define RFC_COMPAT "rfc8448/compatibility_mode.txt"
#define RFC_COMPAT_COMPUTED "rfc8448/compatibility_mode_computed.txt"
#define RFC_RSA_KEY "rfc8448/server_rsa_key.txt"

/* Offsets inside hello messages (4-byte handshake header, then
 * legacy_version): where the random and the legacy_session_id are. */
#define HELLO_RANDOM_OFFSET (HS_HEADER_LEN + 2)
#define CLIENT_HELLO_SESSION_ID_OFFSET (HELLO_RANDOM_OFFSET + HS_RANDOM_LEN + 1)

/* ---- the scenario tables ------------------------------------------------- */

/* One value the random source must hand out: `len` bytes of the vector
 * `name` from `offset` (len 0: the whole vector). name NULL: `len` zero
 * bytes, for a draw whose value the trace does not show and that cannot
 * change its bytes. */
typedef struct draw {
    const char *name;
    size_t offset, len;
} draw;

#define MAX_DRAWS 6
#define MAX_NAMES 8

typedef enum step_op {
    STEP_END = 0,
    STEP_HANDSHAKE,     /* tls13_conn_handshake: WANT_READ, or OK once connected */
    STEP_RECV,          /* the peer's records v[...] arrive, all in one buffer */
    STEP_SEND,          /* the pending output must be exactly v[0] || v[1] || ... */
    STEP_READ,          /* tls13_conn_read must give v[0] */
    STEP_WRITE,         /* tls13_conn_write(v[0]) */
    STEP_CLOSE,         /* tls13_conn_close */
    STEP_READ_CLOSED    /* tls13_conn_read must say TLS13_ERR_PEER_CLOSED */
} step_op;

typedef struct step {
    step_op op;
    const char *v[MAX_NAMES];
} step;

typedef enum credentials {
    CRED_NONE,              /* a client */
    CRED_XARGS_FILES,       /* vectors/xargs/server.crt and server.key */
    CRED_RFC8448            /* RFC 8448 §2's RSA key, the trace's certificate */
} credentials;

typedef struct scenario {
    const char *trace, *computed;
    bool is_server;
    const char *suites, *groups;
    credentials cred;
    /* Client: the certificate pinned, from this PEM file, or (NULL) the
     * leaf of the trace's server_certificate message. */
    const char *pin_file;
    /* Test hooks. */
    bool one_message_per_record;
    bool server_hello_key_share_first;
    bool ee_groups_from_trace;       /* groups of the trace's encrypted_extensions */
    bool ee_no_server_name_ack;
    const char *hrr_cookie_from;     /* HelloRetryRequest to take the cookie from */
    const char *tickets[2];          /* NewSessionTicket messages to send */
    const char *client_hellos[2];    /* ClientHello messages to send */
    draw rng[MAX_DRAWS];
    step steps[16];
    /* Negotiated, checked once connected. */
    uint16_t suite, group;
    bool hello_retry;
} scenario;

/* xargs: TLS_AES_256_GCM_SHA384, X25519, one handshake message per record,
 * a compatibility-mode CCS from each side, "ping", two tickets, "pong". */
static const scenario server_xargs = {
    .trace = XARGS, .computed = XARGS_COMPUTED, .is_server = true,
    .suites = "TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256",
    .groups = "X25519", .cred = CRED_XARGS_FILES,
    .one_message_per_record = true, .ee_no_server_name_ack = true,
    .tickets = { "new_session_ticket_1", "new_session_ticket_2" },
    .rng = { { "server_random", 0, 0 }, { "server_x25519_private_key", 0, 0 },
             { "server_certificate_verify_pss_salt", 0, 0 } },
    .steps = {
        { STEP_HANDSHAKE, { 0 } },
        { STEP_RECV, { "client_hello_record" } },
        { STEP_SEND, { "server_hello_record", "server_change_cipher_spec_record",
                       "server_encrypted_extensions_record", "server_certificate_record",
                       "server_certificate_verify_record", "server_finished_record" } },
        { STEP_RECV, { "client_change_cipher_spec_record", "client_finished_record" } },
        { STEP_SEND, { "server_new_session_ticket_1_record",
                       "server_new_session_ticket_2_record" } },
        { STEP_HANDSHAKE, { 0 } },
        { STEP_RECV, { "client_application_data_record" } },
        { STEP_READ, { "client_application_data" } },
        { STEP_WRITE, { "server_application_data" } },
        { STEP_SEND, { "server_application_data_record" } },
    },
    .suite = TLS13_AES_256_GCM_SHA384, .group = TLS13_GROUP_X25519,
};

static const scenario client_xargs = {
    .trace = XARGS, .computed = XARGS_COMPUTED, .is_server = false,
    .groups = "X25519:P-256", .pin_file = "xargs/server.crt",
    .client_hellos = { "client_hello" },
    .rng = { { "client_random", 0, 0 }, { "client_hello_legacy_session_id", 0, 0 },
             { "client_x25519_private_key", 0, 0 } },
    .steps = {
        { STEP_HANDSHAKE, { 0 } },
        { STEP_SEND, { "client_hello_record" } },
        { STEP_RECV, { "server_hello_record", "server_change_cipher_spec_record",
                       "server_encrypted_extensions_record", "server_certificate_record",
                       "server_certificate_verify_record", "server_finished_record" } },
        { STEP_SEND, { "client_change_cipher_spec_record", "client_finished_record" } },
        { STEP_HANDSHAKE, { 0 } },
        { STEP_WRITE, { "client_application_data" } },
        { STEP_SEND, { "client_application_data_record" } },
        { STEP_RECV, { "server_new_session_ticket_1_record",
                       "server_new_session_ticket_2_record",
                       "server_application_data_record" } },
        { STEP_READ, { "server_application_data" } },
    },
    .suite = TLS13_AES_256_GCM_SHA384, .group = TLS13_GROUP_X25519,
};

/* RFC 8448 §3: TLS_AES_128_GCM_SHA256, X25519, the server's flight in one
 * record, no CCS (empty legacy_session_id), one ticket with early_data,
 * 50 bytes each way, close_notify from each side. */
static const scenario server_rfc8448_1rtt = {
    .trace = RFC_1RTT, .computed = RFC_1RTT_COMPUTED, .is_server = true,
    .suites = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384",
    .groups = "X25519:P-256", .cred = CRED_RFC8448,
    .server_hello_key_share_first = true, .ee_groups_from_trace = true,
    .tickets = { "new_session_ticket" },
    .rng = { { "server_hello", HELLO_RANDOM_OFFSET, HS_RANDOM_LEN },
             { "server_x25519_private_key", 0, 0 },
             { "server_certificate_verify_pss_salt", 0, 0 } },
    .steps = {
        { STEP_RECV, { "client_hello_record" } },
        { STEP_SEND, { "server_hello_record", "server_encrypted_handshake_record" } },
        { STEP_RECV, { "client_encrypted_handshake_record" } },
        { STEP_SEND, { "server_new_session_ticket_record" } },
        { STEP_HANDSHAKE, { 0 } },
        { STEP_RECV, { "client_application_data_record" } },
        { STEP_READ, { "client_application_data_record_payload" } },
        { STEP_WRITE, { "server_application_data_record_payload" } },
        { STEP_SEND, { "server_application_data_record" } },
        { STEP_RECV, { "client_close_notify_record" } },
        { STEP_READ_CLOSED, { 0 } },
        { STEP_CLOSE, { 0 } },
        { STEP_SEND, { "server_close_notify_record" } },
    },
    .suite = TLS13_AES_128_GCM_SHA256, .group = TLS13_GROUP_X25519,
};

/* The client's own legacy_session_id draw is made before the trace's
 * ClientHello replaces its own; §3 and §5 send an empty session id, so the
 * value drawn never reaches the wire. */
static const scenario client_rfc8448_1rtt = {
    .trace = RFC_1RTT, .computed = RFC_1RTT_COMPUTED, .is_server = false,
    .groups = "X25519:P-256",
    .client_hellos = { "client_hello" },
    .rng = { { "client_hello", HELLO_RANDOM_OFFSET, HS_RANDOM_LEN },
             { NULL, 0, HS_MAX_SESSION_ID },
             { "client_x25519_private_key", 0, 0 } },
    .steps = {
        { STEP_HANDSHAKE, { 0 } },
        { STEP_SEND, { "client_hello_record" } },
        { STEP_RECV, { "server_hello_record", "server_encrypted_handshake_record" } },
        { STEP_SEND, { "client_encrypted_handshake_record" } },
        { STEP_HANDSHAKE, { 0 } },
        { STEP_RECV, { "server_new_session_ticket_record" } },
        { STEP_WRITE, { "client_application_data_record_payload" } },
        { STEP_SEND, { "client_application_data_record" } },
        { STEP_RECV, { "server_application_data_record" } },
        { STEP_READ, { "server_application_data_record_payload" } },
        { STEP_CLOSE, { 0 } },
        { STEP_SEND, { "client_close_notify_record" } },
        { STEP_RECV, { "server_close_notify_record" } },
        { STEP_READ_CLOSED, { 0 } },
    },
    .suite = TLS13_AES_128_GCM_SHA256, .group = TLS13_GROUP_X25519,
};

/* RFC 8448 §5: the client's first share is X25519, the server wants P-256
 * and sends a HelloRetryRequest with a cookie; no tickets, no data. */
static const scenario server_rfc8448_hrr = {
    .trace = RFC_HRR, .computed = RFC_HRR_COMPUTED, .is_server = true,
    .suites = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384",
    .groups = "P-256", .cred = CRED_RFC8448,
    .server_hello_key_share_first = true, .ee_groups_from_trace = true,
    .hrr_cookie_from = "hello_retry_request",
    .rng = { { "server_hello", HELLO_RANDOM_OFFSET, HS_RANDOM_LEN },
             { "server_p256_private_key", 0, 0 },
             { "server_certificate_verify_pss_salt", 0, 0 } },
    .steps = {
        { STEP_RECV, { "client_hello_1_record" } },
        { STEP_SEND, { "hello_retry_request_record" } },
        { STEP_RECV, { "client_hello_2_record" } },
        { STEP_SEND, { "server_hello_record", "server_encrypted_handshake_record" } },
        { STEP_RECV, { "client_encrypted_handshake_record" } },
        { STEP_HANDSHAKE, { 0 } },
        { STEP_RECV, { "client_close_notify_record" } },
        { STEP_READ_CLOSED, { 0 } },
        { STEP_CLOSE, { 0 } },
        { STEP_SEND, { "server_close_notify_record" } },
    },
    .suite = TLS13_AES_128_GCM_SHA256, .group = TLS13_GROUP_SECP256R1, .hello_retry = true,
};

static const scenario client_rfc8448_hrr = {
    .trace = RFC_HRR, .computed = RFC_HRR_COMPUTED, .is_server = false,
    .groups = "X25519:P-256",
    .client_hellos = { "client_hello_1", "client_hello_2" },
    .rng = { { "client_hello_1", HELLO_RANDOM_OFFSET, HS_RANDOM_LEN },
             { NULL, 0, HS_MAX_SESSION_ID },
             { "client_x25519_private_key", 0, 0 },
             { "client_p256_private_key", 0, 0 } },
    .steps = {
        { STEP_HANDSHAKE, { 0 } },
        { STEP_SEND, { "client_hello_1_record" } },
        { STEP_RECV, { "hello_retry_request_record" } },
        { STEP_SEND, { "client_hello_2_record" } },
        { STEP_RECV, { "server_hello_record", "server_encrypted_handshake_record" } },
        { STEP_SEND, { "client_encrypted_handshake_record" } },
        { STEP_HANDSHAKE, { 0 } },
        { STEP_CLOSE, { 0 } },
        { STEP_SEND, { "client_close_notify_record" } },
        { STEP_RECV, { "server_close_notify_record" } },
        { STEP_READ_CLOSED, { 0 } },
    },
    .suite = TLS13_AES_128_GCM_SHA256, .group = TLS13_GROUP_SECP256R1, .hello_retry = true,
};

/* RFC 8448 §7: §3 with a 32-byte legacy_session_id, so a CCS from each
 * side (RFC 9846 §E.4); no tickets, no data. */
static const scenario server_rfc8448_compat = {
    .trace = RFC_COMPAT, .computed = RFC_COMPAT_COMPUTED, .is_server = true,
    .suites = "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_256_GCM_SHA384",
    .groups = "X25519:P-256", .cred = CRED_RFC8448,
    .server_hello_key_share_first = true, .ee_groups_from_trace = true,
    .rng = { { "server_hello", HELLO_RANDOM_OFFSET, HS_RANDOM_LEN },
             { "server_x25519_private_key", 0, 0 },
             { "server_certificate_verify_pss_salt", 0, 0 } },
    .steps = {
        { STEP_RECV, { "client_hello_record" } },
        { STEP_SEND, { "server_hello_record", "server_change_cipher_spec_record",
                       "server_encrypted_handshake_record" } },
        { STEP_RECV, { "client_change_cipher_spec_record", "client_encrypted_handshake_record" } },
        { STEP_HANDSHAKE, { 0 } },
        { STEP_RECV, { "client_close_notify_record" } },
        { STEP_READ_CLOSED, { 0 } },
        { STEP_CLOSE, { 0 } },
        { STEP_SEND, { "server_close_notify_record" } },
    },
    .suite = TLS13_AES_128_GCM_SHA256, .group = TLS13_GROUP_X25519,
};

static const scenario client_rfc8448_compat = {
    .trace = RFC_COMPAT, .computed = RFC_COMPAT_COMPUTED, .is_server = false,
    .groups = "X25519:P-256",
    .client_hellos = { "client_hello" },
    .rng = { { "client_hello", HELLO_RANDOM_OFFSET, HS_RANDOM_LEN },
             { "client_hello", CLIENT_HELLO_SESSION_ID_OFFSET, HS_MAX_SESSION_ID },
             { "client_x25519_private_key", 0, 0 } },
    .steps = {
        { STEP_HANDSHAKE, { 0 } },
        { STEP_SEND, { "client_hello_record" } },
        { STEP_RECV, { "server_hello_record", "server_change_cipher_spec_record",
                       "server_encrypted_handshake_record" } },
        { STEP_SEND, { "client_change_cipher_spec_record", "client_encrypted_handshake_record" } },
        { STEP_HANDSHAKE, { 0 } },
        { STEP_CLOSE, { 0 } },
        { STEP_SEND, { "client_close_notify_record" } },
        { STEP_RECV, { "server_close_notify_record" } },
        { STEP_READ_CLOSED, { 0 } },
    },
    .suite = TLS13_AES_128_GCM_SHA256, .group = TLS13_GROUP_X25519,
};

/* ---- a replay in progress -------------------------------------------------- */

typedef struct replay {
    const scenario *sc;
    vec_file trace, computed;
    scripted_random rng;
    tls13_config *cfg;
    tls13_conn *conn;
    /* What the hooks point to: owned here, freed after the config. */
    new_session_ticket tickets[2];
    uint16_t ee_groups[32];
    uint8_t *buf;                    /* concatenated records of one step */
    bool one_byte_at_a_time;
} replay;

static const uint8_t *vector(const replay *r, const char *name, size_t *len)
{
    const vec_entry *e = vec_find(&r->trace, name);
    if (e == NULL)
        e = vec_find(&r->computed, name);
    ck_assert_msg(e != NULL, "%s: no vector named %s", r->sc->trace, name);
    *len = e->len;
    return e->data;
}

static void script_random(replay *r)
{
    scripted_random *s = &r->rng;
    for (size_t i = 0; i < MAX_DRAWS; i++) {
        const draw *d = &r->sc->rng[i];
        if (d->name == NULL && d->len == 0)
            break; /* the end of the script */
        size_t len = d->len, have = 0;
        const uint8_t *src = NULL;
        if (d->name != NULL) {
            src = vector(r, d->name, &have);
            ck_assert_msg(d->offset < have, "draw %zu: %s is too short", i + 1, d->name);
            if (len == 0)
                len = have - d->offset;
            ck_assert_msg(d->offset + len <= have, "draw %zu: %s is too short", i + 1, d->name);
        }
        scripted_random_add(s, src != NULL ? src + d->offset : NULL, len, 0);
    }
    tls13_config_set_random(r->cfg, scripted_random_source(s));
}

/* The body of a whole handshake message vector, checked to be of `type`. */
static span message_body(const replay *r, const char *name, uint8_t type)
{
    size_t len;
    const uint8_t *msg = vector(r, name, &len);
    return replay_message_body(msg, len, type);
}

/* The leaf certificate (DER) of the trace's server Certificate message. */
static span trace_leaf_certificate(const replay *r)
{
    size_t len;
    const uint8_t *msg = vector(r, "server_certificate", &len);
    return replay_leaf_certificate(msg, len);
}

static void set_bignum(sig_bignum *b, const vec_file *vf, const char *name)
{
    size_t len;
    const uint8_t *data = vec_get(vf, name, &len);
    ck_assert_uint_le(len, sizeof b->bytes);
    memcpy(b->bytes, data, len);
    b->len = len;
}

/* RFC 8448 §2's RSA key, and the certificate the trace's server sends. */
static void use_rfc8448_credentials(replay *r)
{
    vec_file keyfile;
    ck_assert_int_eq(vec_load(&keyfile, RFC_RSA_KEY), 0);
    sig_private_key *key = &r->cfg->key;
    memset(key, 0, sizeof *key);
    key->type = SIG_KEY_RSA;
    key->pub.type = SIG_KEY_RSA;
    set_bignum(&key->pub.rsa_n, &keyfile, "rsa_modulus");
    set_bignum(&key->pub.rsa_e, &keyfile, "rsa_public_exponent");
    set_bignum(&key->rsa_d, &keyfile, "rsa_private_exponent");
    set_bignum(&key->rsa_p, &keyfile, "rsa_prime1");
    set_bignum(&key->rsa_q, &keyfile, "rsa_prime2");
    set_bignum(&key->rsa_dp, &keyfile, "rsa_exponent1");
    set_bignum(&key->rsa_dq, &keyfile, "rsa_exponent2");
    set_bignum(&key->rsa_qinv, &keyfile, "rsa_coefficient");
    vec_free(&keyfile);
    ck_assert_int_eq(sig_rsa_check(key), TLS13_OK);
    r->cfg->has_key = true;

    span leaf = trace_leaf_certificate(r);
    x509_chain_free(&r->cfg->chain);
    r->cfg->chain.certs[0].data = malloc(leaf.len);
    ck_assert_ptr_nonnull(r->cfg->chain.certs[0].data);
    memcpy(r->cfg->chain.certs[0].data, leaf.data, leaf.len);
    r->cfg->chain.certs[0].len = leaf.len;
    r->cfg->chain.count = 1;
}

/* Pins the trace's leaf through the public API: a PEM file in a fresh
 * temporary directory. */
static void pin_trace_certificate(replay *r)
{
    span leaf = trace_leaf_certificate(r);
    char *pem;
    size_t pem_len;
    ck_assert_int_eq(x509_pem_encode("CERTIFICATE", leaf.data, leaf.len, &pem, &pem_len),
                     TLS13_OK);
    char dir[] = "/tmp/tls13-replay-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char path[sizeof dir + 16];
    snprintf(path, sizeof path, "%s/pin.pem", dir);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(pem, 1, pem_len, f), pem_len);
    ck_assert_int_eq(fclose(f), 0);
    free(pem);
    tls13_error err = tls13_config_add_pin_file(r->cfg, path);
    unlink(path);
    rmdir(dir);
    ck_assert_int_eq(err, TLS13_OK);
}

static void set_test_hooks(replay *r)
{
    const scenario *sc = r->sc;
    config_test_hooks *test = &r->cfg->test;
    test->one_message_per_record = sc->one_message_per_record;
    test->server_hello_key_share_first = sc->server_hello_key_share_first;
    test->ee_no_server_name_ack = sc->ee_no_server_name_ack;
    if (sc->ee_groups_from_trace) {
        span body = message_body(r, "encrypted_extensions", HS_ENCRYPTED_EXTENSIONS);
        encrypted_extensions ee;
        ck_assert_int_eq(hs_parse_encrypted_extensions(body.data, body.len, &ee), TLS13_OK);
        ck_assert(ee.has_supported_groups);
        size_t n = hs_u16_list_count(ee.supported_groups);
        ck_assert_uint_le(n, sizeof r->ee_groups / sizeof r->ee_groups[0]);
        for (size_t i = 0; i < n; i++)
            r->ee_groups[i] = hs_u16_list_at(ee.supported_groups, i);
        test->ee_groups = r->ee_groups;
        test->ee_group_count = n;
    }
    if (sc->hrr_cookie_from != NULL) {
        span body = message_body(r, sc->hrr_cookie_from, HS_SERVER_HELLO);
        server_hello hrr;
        ck_assert_int_eq(hs_parse_server_hello(body.data, body.len, &hrr), TLS13_OK);
        ck_assert(hrr.is_hello_retry_request && hrr.has_cookie);
        test->hrr_cookie = hrr.cookie;
    }
    for (size_t i = 0; i < 2 && sc->tickets[i] != NULL; i++) {
        span body = message_body(r, sc->tickets[i], HS_NEW_SESSION_TICKET);
        ck_assert_int_eq(hs_parse_new_session_ticket(body.data, body.len, &r->tickets[i]),
                         TLS13_OK);
        test->tickets = r->tickets;
        test->ticket_count = i + 1;
    }
    for (size_t i = 0; i < 2 && sc->client_hellos[i] != NULL; i++) {
        size_t len;
        const uint8_t *msg = vector(r, sc->client_hellos[i], &len);
        test->client_hello[i].data = msg;
        test->client_hello[i].len = len;
    }
}

/* The server_name of the ClientHello the client will send. */
static void client_hello_server_name(const replay *r, char *name, size_t cap)
{
    span body = message_body(r, r->sc->client_hellos[0], HS_CLIENT_HELLO);
    client_hello ch;
    ck_assert_int_eq(hs_parse_client_hello(body.data, body.len, &ch), TLS13_OK);
    ck_assert(ch.has_server_name && ch.server_name.len < cap);
    memcpy(name, ch.server_name.data, ch.server_name.len);
    name[ch.server_name.len] = '\0';
}

static void replay_open(replay *r, const scenario *sc)
{
    memset(r, 0, sizeof *r);
    r->sc = sc;
    ck_assert_int_eq(vec_load(&r->trace, sc->trace), 0);
    ck_assert_int_eq(vec_load(&r->computed, sc->computed), 0);
    r->cfg = tls13_config_new();
    ck_assert_ptr_nonnull(r->cfg);
    if (sc->suites != NULL)
        ck_assert_int_eq(tls13_config_set_cipher_suites(r->cfg, sc->suites), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_groups(r->cfg, sc->groups), TLS13_OK);
    /* Only the tickets of the trace: none when it shows none. */
    ck_assert_int_eq(tls13_config_set_tickets(r->cfg, 0), TLS13_OK);
    if (sc->cred == CRED_XARGS_FILES) {
        ck_assert_int_eq(tls13_config_set_cert_file(r->cfg, vec_path("xargs/server.crt")),
                         TLS13_OK);
        ck_assert_int_eq(tls13_config_set_key_file(r->cfg, vec_path("xargs/server.key")),
                         TLS13_OK);
    } else if (sc->cred == CRED_RFC8448) {
        use_rfc8448_credentials(r);
    }
    if (!sc->is_server) {
        if (sc->pin_file != NULL)
            ck_assert_int_eq(tls13_config_add_pin_file(r->cfg, vec_path(sc->pin_file)),
                             TLS13_OK);
        else
            pin_trace_certificate(r);
    }
    set_test_hooks(r);
    script_random(r);
    if (sc->is_server) {
        r->conn = tls13_server_new(r->cfg);
    } else {
        char name[256];
        client_hello_server_name(r, name, sizeof name);
        r->conn = tls13_client_new(r->cfg, name);
    }
    ck_assert_ptr_nonnull(r->conn);
}

static void replay_close(replay *r)
{
    tls13_conn_free(r->conn);
    tls13_config_free(r->cfg);
    scripted_random_free(&r->rng);
    free(r->buf);
    vec_free(&r->trace);
    vec_free(&r->computed);
}

/* ---- running the steps ------------------------------------------------------ */

/* v[0] || v[1] || ... into r->buf. */
static size_t concatenate(replay *r, const step *st)
{
    size_t total = 0;
    for (size_t i = 0; i < MAX_NAMES && st->v[i] != NULL; i++) {
        size_t len;
        vector(r, st->v[i], &len);
        total += len;
    }
    free(r->buf);
    r->buf = malloc(total ? total : 1);
    ck_assert_ptr_nonnull(r->buf);
    size_t off = 0;
    for (size_t i = 0; i < MAX_NAMES && st->v[i] != NULL; i++) {
        size_t len;
        const uint8_t *data = vector(r, st->v[i], &len);
        memcpy(r->buf + off, data, len);
        off += len;
    }
    return total;
}

/* Byte-for-byte comparison that says where the first difference is, and in
 * which of the expected records it falls. */
static void expect_output(replay *r, const step *st, size_t step_no)
{
    size_t want_len = concatenate(r, st);
    const uint8_t *got;
    size_t got_len = tls13_conn_pending_output(r->conn, &got);
    size_t n = got_len < want_len ? got_len : want_len, diff = 0;
    while (diff < n && got[diff] == r->buf[diff])
        diff++;
    if (diff == n && got_len == want_len) {
        tls13_conn_output_done(r->conn, got_len);
        return;
    }
    const char *where = "(past the end)";
    size_t start = 0;
    for (size_t i = 0; i < MAX_NAMES && st->v[i] != NULL; i++) {
        size_t len;
        vector(r, st->v[i], &len);
        if (diff < start + len) {
            where = st->v[i];
            break;
        }
        start += len;
    }
    ck_abort_msg("%s step %zu: sent %zu bytes, the trace has %zu; first difference at "
                 "byte %zu (byte %zu of %s): got %02x, want %02x; connection error: %s",
                 r->sc->trace, step_no, got_len, want_len, diff, diff - start, where,
                 diff < got_len ? got[diff] : 0, diff < want_len ? r->buf[diff] : 0,
                 tls13_conn_error_message(r->conn));
}

/* The peer's records arrive in one buffer, or one byte per
 * tls13_conn_recv (the connection must reassemble records and messages). */
static void feed(replay *r, const step *st, size_t step_no)
{
    size_t len = concatenate(r, st), taken = 0;
    while (taken < len) {
        size_t chunk = r->one_byte_at_a_time ? 1 : len - taken, consumed;
        tls13_error err = tls13_conn_recv(r->conn, r->buf + taken, chunk, &consumed);
        ck_assert_msg(err == TLS13_OK, "%s step %zu (%s...) at byte %zu: %s: %s",
                      r->sc->trace, step_no, st->v[0], taken, tls13_error_name(err),
                      tls13_conn_error_message(r->conn));
        ck_assert_msg(consumed == chunk, "%s step %zu: %zu of %zu bytes taken at byte %zu",
                      r->sc->trace, step_no, consumed, chunk, taken);
        taken += chunk;
    }
}

static void expect_read(replay *r, const step *st, size_t step_no)
{
    uint8_t buf[RECORD_MAX_PLAINTEXT];
    size_t want_len, n;
    const uint8_t *want = vector(r, st->v[0], &want_len);
    tls13_error err = tls13_conn_read(r->conn, buf, sizeof buf, &n);
    ck_assert_msg(err == TLS13_OK, "%s step %zu: read: %s", r->sc->trace, step_no,
                  tls13_error_name(err));
    ck_assert_uint_eq(n, want_len);
    ck_assert_mem_eq(buf, want, want_len);
}

static void run_step(replay *r, const step *st, size_t step_no)
{
    const uint8_t *pending;
    size_t len, n;
    uint8_t buf[16];
    /* Everything the connection sends is expected by a STEP_SEND. */
    if (st->op != STEP_SEND)
        ck_assert_msg(tls13_conn_pending_output(r->conn, &pending) == 0,
                      "%s step %zu: unexpected output before it", r->sc->trace, step_no);
    switch (st->op) {
    case STEP_HANDSHAKE: {
        tls13_error err = tls13_conn_handshake(r->conn);
        tls13_error want = tls13_conn_handshake_done(r->conn) ? TLS13_OK : TLS13_WANT_READ;
        ck_assert_msg(err == want, "%s step %zu: handshake: %s", r->sc->trace, step_no,
                      tls13_error_name(err));
        break;
    }
    case STEP_RECV:
        feed(r, st, step_no);
        break;
    case STEP_SEND:
        expect_output(r, st, step_no);
        break;
    case STEP_READ:
        expect_read(r, st, step_no);
        break;
    case STEP_WRITE: {
        const uint8_t *data = vector(r, st->v[0], &len);
        ck_assert_int_eq(tls13_conn_write(r->conn, data, len), TLS13_OK);
        break;
    }
    case STEP_CLOSE:
        ck_assert_int_eq(tls13_conn_close(r->conn), TLS13_OK);
        break;
    case STEP_READ_CLOSED:
        ck_assert_int_eq(tls13_conn_read(r->conn, buf, sizeof buf, &n), TLS13_ERR_PEER_CLOSED);
        ck_assert_uint_eq(n, 0);
        break;
    case STEP_END:
        break;
    }
}

static void run_scenario(const scenario *sc, bool one_byte_at_a_time)
{
    replay r;
    replay_open(&r, sc);
    r.one_byte_at_a_time = one_byte_at_a_time;
    for (size_t i = 0; i < sizeof sc->steps / sizeof sc->steps[0] && sc->steps[i].op != STEP_END;
         i++)
        run_step(&r, &sc->steps[i], i + 1);
    const uint8_t *pending;
    ck_assert_msg(tls13_conn_pending_output(r.conn, &pending) == 0,
                  "%s: output left over at the end", sc->trace);
    ck_assert_msg(r.rng.next == r.rng.count, "%s: %zu of %zu scripted random values drawn",
                  sc->trace, r.rng.next, r.rng.count);
    ck_assert(tls13_conn_handshake_done(r.conn));
    ck_assert_int_eq(tls13_conn_error(r.conn), TLS13_OK);
    ck_assert_uint_eq(tls13_conn_cipher_suite(r.conn), sc->suite);
    ck_assert_uint_eq(tls13_conn_group(r.conn), sc->group);
    ck_assert_uint_eq(tls13_conn_signature_scheme(r.conn), SIG_RSA_PSS_RSAE_SHA256);
    ck_assert_int_eq(tls13_conn_did_hello_retry(r.conn), sc->hello_retry);
    if (!sc->is_server) {
        size_t len;
        const uint8_t *leaf = tls13_conn_peer_certificate(r.conn, &len);
        span want = trace_leaf_certificate(&r);
        ck_assert_uint_eq(len, want.len);
        ck_assert_mem_eq(leaf, want.data, len);
    }
    replay_close(&r);
}

/* ---- the tests ------------------------------------------------------------------- */

START_TEST(server_replays_xargs_byte_for_byte)
{
    run_scenario(&server_xargs, false);
}
END_TEST

START_TEST(client_replays_xargs_byte_for_byte)
{
    run_scenario(&client_xargs, false);
}
END_TEST

START_TEST(server_replays_rfc8448_simple_1rtt_byte_for_byte)
{
    run_scenario(&server_rfc8448_1rtt, false);
}
END_TEST

START_TEST(client_replays_rfc8448_simple_1rtt_byte_for_byte)
{
    run_scenario(&client_rfc8448_1rtt, false);
}
END_TEST

START_TEST(server_replays_rfc8448_hello_retry_request_byte_for_byte)
{
    run_scenario(&server_rfc8448_hrr, false);
}
END_TEST

START_TEST(client_replays_rfc8448_hello_retry_request_byte_for_byte)
{
    run_scenario(&client_rfc8448_hrr, false);
}
END_TEST

START_TEST(server_replays_rfc8448_compatibility_mode_byte_for_byte)
{
    run_scenario(&server_rfc8448_compat, false);
}
END_TEST

START_TEST(client_replays_rfc8448_compatibility_mode_byte_for_byte)
{
    run_scenario(&client_rfc8448_compat, false);
}
END_TEST

static const scenario *const every_scenario[] = {
    &server_xargs, &client_xargs,
    &server_rfc8448_1rtt, &client_rfc8448_1rtt,
    &server_rfc8448_hrr, &client_rfc8448_hrr,
    &server_rfc8448_compat, &client_rfc8448_compat,
};

#define SCENARIO_COUNT ((int)(sizeof every_scenario / sizeof every_scenario[0]))

START_TEST(every_replay_holds_when_records_arrive_one_byte_at_a_time)
{
    run_scenario(every_scenario[_i], true);
}
END_TEST

static Suite *replay_suite(void)
{
    Suite *s = suite_create("replay");
    TCase *xargs = tcase_create("xargs");
    tcase_add_test(xargs, server_replays_xargs_byte_for_byte);
    tcase_add_test(xargs, client_replays_xargs_byte_for_byte);
    suite_add_tcase(s, xargs);
    TCase *rfc = tcase_create("rfc8448");
    tcase_add_test(rfc, server_replays_rfc8448_simple_1rtt_byte_for_byte);
    tcase_add_test(rfc, client_replays_rfc8448_simple_1rtt_byte_for_byte);
    tcase_add_test(rfc, server_replays_rfc8448_hello_retry_request_byte_for_byte);
    tcase_add_test(rfc, client_replays_rfc8448_hello_retry_request_byte_for_byte);
    tcase_add_test(rfc, server_replays_rfc8448_compatibility_mode_byte_for_byte);
    tcase_add_test(rfc, client_replays_rfc8448_compatibility_mode_byte_for_byte);
    suite_add_tcase(s, rfc);
    TCase *bytewise = tcase_create("one_byte_at_a_time");
    tcase_add_loop_test(bytewise, every_replay_holds_when_records_arrive_one_byte_at_a_time,
                        0, SCENARIO_COUNT);
    suite_add_tcase(s, bytewise);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(replay_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
