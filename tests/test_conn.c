/*
 * test_conn.c — whole connections, client ↔ server in memory (src/conn.c and
 * everything under it): every cipher suite × both groups with an Ed25519 and
 * an RSA certificate, HelloRetryRequest, certificate pinning, KeyUpdate both
 * ways, close_notify both ways, application data of 0 B to 1 MiB, input
 * split at every byte, ALPN, SNI, the key log and the events callback.
 *
 * The peer that misbehaves is in test_negative.c.
 *
 * The RSA certificate is made by openssl(1) in a temporary directory when the
 * program starts; without openssl the RSA cases are not registered (a line
 * on stderr says so).
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conn_harness.h"
#include "config.h"
#include "crypto/sig.h"
#include "handshake/messages.h"
#include "tls13.h"
#include "x509/x509.h"

/* ---- fixtures: files in a temporary directory ---------------------------- */

static char tmp_dir[64];
static char rsa_key_path[128], rsa_cert_path[128], rsa_pub_path[128];
static char other_cert_path[128], other_pub_path[128];
static bool have_rsa;

static int run_quiet(const char *cmd)
{
    char full[1024];
    snprintf(full, sizeof full, "%s >/dev/null 2>&1", cmd);
    return system(full);
}

/* RSA 2048 key and a self-signed certificate for CN=localhost, its public key
 * alone, and an unrelated certificate (a pin that must not match). */
static void make_rsa_files(void)
{
    char cmd[1024];
    snprintf(rsa_key_path, sizeof rsa_key_path, "%s/rsa.key", tmp_dir);
    snprintf(rsa_cert_path, sizeof rsa_cert_path, "%s/rsa.pem", tmp_dir);
    snprintf(rsa_pub_path, sizeof rsa_pub_path, "%s/rsa.pub", tmp_dir);
    snprintf(other_cert_path, sizeof other_cert_path, "%s/other.pem", tmp_dir);
    snprintf(other_pub_path, sizeof other_pub_path, "%s/other.pub", tmp_dir);
    if (run_quiet("openssl version") != 0) {
        fprintf(stderr, "test_conn: openssl not found, RSA certificate cases skipped\n");
        return;
    }
    snprintf(cmd, sizeof cmd,
             "openssl genpkey -algorithm rsa -pkeyopt rsa_keygen_bits:2048 -out %s",
             rsa_key_path);
    if (run_quiet(cmd) != 0)
        return;
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -new -key %s -subj /CN=localhost -days 1 -out %s",
             rsa_key_path, rsa_cert_path);
    if (run_quiet(cmd) != 0)
        return;
    snprintf(cmd, sizeof cmd, "openssl pkey -in %s -pubout -out %s", rsa_key_path,
             rsa_pub_path);
    if (run_quiet(cmd) != 0)
        return;
    snprintf(cmd, sizeof cmd,
             "openssl req -x509 -newkey ed25519 -nodes -keyout %s/other.key -subj /CN=other "
             "-days 1 -out %s",
             tmp_dir, other_cert_path);
    if (run_quiet(cmd) != 0)
        return;
    snprintf(cmd, sizeof cmd, "openssl pkey -in %s/other.key -pubout -out %s", tmp_dir,
             other_pub_path);
    have_rsa = run_quiet(cmd) == 0;
    if (!have_rsa)
        fprintf(stderr, "test_conn: openssl failed, RSA certificate cases skipped\n");
}

static void remove_tmp_dir(void)
{
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmp_dir);
    (void)run_quiet(cmd);
}

/* Writes the config's leaf certificate as PEM (for a client to pin). */
static void write_cert_pem(const tls13_config *cfg, const char *path)
{
    char *pem;
    size_t len;
    ck_assert_int_eq(x509_pem_encode("CERTIFICATE", cfg->chain.certs[0].data,
                                     cfg->chain.certs[0].len, &pem, &len),
                     TLS13_OK);
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    ck_assert_uint_eq(fwrite(pem, 1, len, f), len);
    fclose(f);
    free(pem);
}

/* ---- configs ------------------------------------------------------------------ */

enum { KEY_ED25519, KEY_RSA };

/* A server with a fresh self-signed Ed25519 certificate or the RSA one;
 * pin_path receives a PEM of its certificate. */
static tls13_config *server_config(int key, char *pin_path, size_t pin_cap)
{
    tls13_config *cfg = tls13_config_new();
    ck_assert_ptr_nonnull(cfg);
    if (key == KEY_RSA) {
        ck_assert_int_eq(tls13_config_set_cert_file(cfg, rsa_cert_path), TLS13_OK);
        ck_assert_int_eq(tls13_config_set_key_file(cfg, rsa_key_path), TLS13_OK);
        if (pin_path != NULL)
            snprintf(pin_path, pin_cap, "%s", rsa_cert_path);
        return cfg;
    }
    ck_assert_int_eq(tls13_config_use_self_signed(cfg, "localhost", NULL), TLS13_OK);
    if (pin_path != NULL) {
        static unsigned counter;
        snprintf(pin_path, pin_cap, "%s/ed25519-%u-%u.pem", tmp_dir, (unsigned)getpid(),
                 counter++);
        write_cert_pem(cfg, pin_path);
    }
    return cfg;
}

/* A client that trusts nothing but an insecure flag: for the tests about
 * something other than certificates. */
static tls13_config *insecure_client(void)
{
    tls13_config *cfg = tls13_config_new();
    ck_assert_ptr_nonnull(cfg);
    tls13_config_insecure_noverifycert(cfg);
    return cfg;
}

/* ---- helpers --------------------------------------------------------------------- */

static void fill_pattern(uint8_t *p, size_t n, unsigned seed)
{
    uint32_t x = seed * 2654435761u + 1;
    for (size_t i = 0; i < n; i++) {
        x = x * 1103515245u + 12345u;
        p[i] = (uint8_t)(x >> 16);
    }
}

/* Writes len bytes from one side and checks the other side reads exactly them. */
static void send_and_check(hx_pair *p, bool from_client, size_t len, unsigned seed)
{
    uint8_t *data = malloc(len ? len : 1);
    ck_assert_ptr_nonnull(data);
    fill_pattern(data, len, seed);
    tls13_conn *from = from_client ? p->client : p->server;
    hx_buf *got = from_client ? &p->server_got : &p->client_got;
    got->len = 0;
    ck_assert_int_eq(tls13_conn_write(from, data, len), TLS13_OK);
    ck_assert_int_eq(hx_pump(p, 0), TLS13_OK);
    ck_assert_uint_eq(got->len, len);
    ck_assert(len == 0 || memcmp(got->data, data, len) == 0);
    free(data);
}

static void check_data_flows(hx_pair *p)
{
    send_and_check(p, true, 100, 1);
    send_and_check(p, false, 200, 2);
}

/* ---- every suite × every group × both key types ----------------------------------- */

static const struct {
    const char *name;
    uint16_t code;
} suites[] = {
    { "TLS_AES_128_GCM_SHA256", TLS13_AES_128_GCM_SHA256 },
    { "TLS_AES_256_GCM_SHA384", TLS13_AES_256_GCM_SHA384 },
    { "TLS_CHACHA20_POLY1305_SHA256", TLS13_CHACHA20_POLY1305_SHA256 },
};

static const struct {
    const char *name;
    uint16_t code;
} groups[] = {
    { "X25519", TLS13_GROUP_X25519 },
    { "P-256", TLS13_GROUP_SECP256R1 },
};

/* The server offers only `suite`; the client offers only `group`: both are
 * what must be negotiated, without a HelloRetryRequest. The client pins the
 * server's certificate. */
static void handshake_with(int key, size_t suite, size_t group)
{
    char pin[256];
    tls13_config *scfg = server_config(key, pin, sizeof pin);
    tls13_config *ccfg = tls13_config_new();
    ck_assert_int_eq(tls13_config_set_cipher_suites(scfg, suites[suite].name), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_groups(ccfg, groups[group].name), TLS13_OK);
    ck_assert_int_eq(tls13_config_add_pin_file(ccfg, pin), TLS13_OK);

    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    uint16_t scheme = key == KEY_RSA ? SIG_RSA_PSS_RSAE_SHA256 : SIG_ED25519;
    tls13_conn *both[2] = { p.client, p.server };
    for (int i = 0; i < 2; i++) {
        ck_assert_uint_eq(tls13_conn_cipher_suite(both[i]), suites[suite].code);
        ck_assert_str_eq(tls13_conn_cipher_suite_name(both[i]), suites[suite].name);
        ck_assert_uint_eq(tls13_conn_group(both[i]), groups[group].code);
        ck_assert_uint_eq(tls13_conn_signature_scheme(both[i]), scheme);
        ck_assert(!tls13_conn_did_hello_retry(both[i]));
        ck_assert_int_eq(tls13_conn_error(both[i]), TLS13_OK);
        ck_assert_int_eq(tls13_conn_peer_alert(both[i]), TLS13_ALERT_NONE);
    }
    size_t leaf_len;
    const uint8_t *leaf = tls13_conn_peer_certificate(p.client, &leaf_len);
    ck_assert_uint_eq(leaf_len, scfg->chain.certs[0].len);
    ck_assert_mem_eq(leaf, scfg->chain.certs[0].data, leaf_len);
    check_data_flows(&p);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}

START_TEST(every_suite_and_group_with_ed25519)
{
    handshake_with(KEY_ED25519, (size_t)_i / 2, (size_t)_i % 2);
}
END_TEST

START_TEST(every_suite_and_group_with_rsa)
{
    handshake_with(KEY_RSA, (size_t)_i / 2, (size_t)_i % 2);
}
END_TEST

/* ---- HelloRetryRequest (§4.2.4) --------------------------------------------------- */

typedef struct event_log {
    size_t count;
    struct {
        tls13_event_type type;
        char name[64];
        uint8_t *data;
        size_t len;
    } ev[512];
} event_log;

static void event_cb(void *ctx, const tls13_event *e)
{
    event_log *log = ctx;
    ck_assert_uint_lt(log->count, sizeof log->ev / sizeof log->ev[0]);
    log->ev[log->count].type = e->type;
    snprintf(log->ev[log->count].name, sizeof log->ev[0].name, "%s", e->name);
    log->ev[log->count].data = NULL;
    log->ev[log->count].len = e->len;
    if (e->len > 0) {
        log->ev[log->count].data = malloc(e->len);
        ck_assert_ptr_nonnull(log->ev[log->count].data);
        memcpy(log->ev[log->count].data, e->data, e->len);
    }
    log->count++;
}

static void event_log_free(event_log *log)
{
    for (size_t i = 0; i < log->count; i++)
        free(log->ev[i].data);
    log->count = 0;
}

static size_t count_events(const event_log *log, tls13_event_type type, const char *name)
{
    size_t n = 0;
    for (size_t i = 0; i < log->count; i++)
        n += log->ev[i].type == type && (name == NULL || strcmp(log->ev[i].name, name) == 0);
    return n;
}

/* Records (whole, as on the wire) a side sent, of one content type. */
static size_t count_sent_records(const event_log *log, uint8_t type)
{
    size_t n = 0;
    for (size_t i = 0; i < log->count; i++)
        n += log->ev[i].type == TLS13_EVENT_RECORD_SENT && log->ev[i].len > 0 &&
             log->ev[i].data[0] == type;
    return n;
}

START_TEST(hello_retry_request_for_p256)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    event_log *clog = calloc(1, sizeof *clog), *slog = calloc(1, sizeof *slog);
    ck_assert_int_eq(tls13_config_set_groups(scfg, "P-256"), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_groups(ccfg, "X25519:P-256"), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_cipher_suites(scfg, suites[_i].name), TLS13_OK);
    tls13_config_set_event_callback(ccfg, event_cb, clog);
    tls13_config_set_event_callback(scfg, event_cb, slog);

    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    ck_assert(tls13_conn_did_hello_retry(p.client));
    ck_assert(tls13_conn_did_hello_retry(p.server));
    ck_assert_uint_eq(tls13_conn_group(p.client), TLS13_GROUP_SECP256R1);
    ck_assert_uint_eq(tls13_conn_group(p.server), TLS13_GROUP_SECP256R1);
    ck_assert_uint_eq(tls13_conn_cipher_suite(p.client), suites[_i].code);
    /* Two ClientHellos, a HelloRetryRequest then a ServerHello. */
    ck_assert_uint_eq(count_events(clog, TLS13_EVENT_MESSAGE_SENT, "ClientHello"), 2);
    ck_assert_uint_eq(count_events(clog, TLS13_EVENT_MESSAGE_RECEIVED, "ServerHello"), 2);
    ck_assert_uint_eq(count_events(slog, TLS13_EVENT_MESSAGE_RECEIVED, "ClientHello"), 2);
    size_t first_sh = 0;
    while (!(slog->ev[first_sh].type == TLS13_EVENT_MESSAGE_SENT &&
             strcmp(slog->ev[first_sh].name, "ServerHello") == 0))
        first_sh++;
    ck_assert_mem_eq(slog->ev[first_sh].data + 6, HS_HELLO_RETRY_REQUEST_RANDOM, HS_RANDOM_LEN);
    /* §E.4: one change_cipher_spec from each side, no more. */
    ck_assert_uint_eq(count_sent_records(clog, RECORD_CHANGE_CIPHER_SPEC), 1);
    ck_assert_uint_eq(count_sent_records(slog, RECORD_CHANGE_CIPHER_SPEC), 1);
    check_data_flows(&p);
    hx_pair_free(&p);
    event_log_free(clog);
    event_log_free(slog);
    free(clog);
    free(slog);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* ---- trusting the server ------------------------------------------------------------ */

/* Runs a handshake; returns the client's error. */
static tls13_error handshake_result(const tls13_config *ccfg, const tls13_config *scfg,
                                    hx_pair *p)
{
    hx_pair_init(p, ccfg, scfg, "localhost");
    (void)hx_handshake(p, 0);
    return tls13_conn_error(p->client);
}

/* RFC 9846 §7.5: both sides export the same keying material; the label and
 * the context change it; no context equals an empty one; nothing before the
 * handshake is done. (tests/interop compares it with openssl's.) */
START_TEST(exported_keying_material_agrees)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    uint8_t a[40], b[40], c[40], d[40];
    ck_assert_int_eq(tls13_conn_export(p.client, "label", NULL, 0, a, sizeof a),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    static const uint8_t ctx[3] = { 1, 2, 3 };
    ck_assert_int_eq(tls13_conn_export(p.client, "EXPERIMENTAL x", ctx, 3, a, sizeof a), TLS13_OK);
    ck_assert_int_eq(tls13_conn_export(p.server, "EXPERIMENTAL x", ctx, 3, b, sizeof b), TLS13_OK);
    ck_assert_mem_eq(a, b, sizeof a);
    ck_assert_int_eq(tls13_conn_export(p.server, "EXPERIMENTAL y", ctx, 3, c, sizeof c), TLS13_OK);
    ck_assert(memcmp(a, c, sizeof a) != 0);
    ck_assert_int_eq(tls13_conn_export(p.server, "EXPERIMENTAL x", NULL, 0, c, sizeof c), TLS13_OK);
    ck_assert(memcmp(a, c, sizeof a) != 0);
    static const uint8_t empty[1] = { 0 };
    ck_assert_int_eq(tls13_conn_export(p.client, "EXPERIMENTAL x", empty, 0, d, sizeof d),
                     TLS13_OK);
    ck_assert_mem_eq(c, d, sizeof c);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* §6.2: after a fatal alert nothing more is sent -- not even close_notify. */
START_TEST(no_close_notify_after_a_fatal_alert)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = tls13_config_new(); /* default verification: refuses */
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    (void)hx_handshake(&p, 0);
    ck_assert_int_eq(tls13_conn_error(p.client), TLS13_ERR_CERT_UNKNOWN_CA);
    const uint8_t *out;
    size_t before = tls13_conn_pending_output(p.client, &out);
    ck_assert_int_eq(tls13_conn_close(p.client), TLS13_ERR_CERT_UNKNOWN_CA);
    ck_assert_uint_eq(tls13_conn_pending_output(p.client, &out), before);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* §6.1: bytes after the peer's close_notify are not read; recv says why
 * instead of taking nothing and returning OK. */
START_TEST(recv_after_close_notify_says_peer_closed)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    ck_assert_int_eq(tls13_conn_close(p.server), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(p.server, (const uint8_t *)"x", 1), TLS13_ERR_CLOSED);
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(p.server, &out), used;
    uint8_t *copy = malloc(2 * len);
    memcpy(copy, out, len);
    memcpy(copy + len, out, len); /* the close_notify, then anything at all */
    ck_assert_int_eq(tls13_conn_recv(p.client, copy, 2 * len, &used), TLS13_OK);
    ck_assert_uint_eq(used, len);
    ck_assert_int_eq(tls13_conn_recv(p.client, copy + used, len, &used),
                     TLS13_ERR_PEER_CLOSED);
    ck_assert_uint_eq(used, 0);
    free(copy);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

START_TEST(default_verification_refuses_a_self_signed_server)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = tls13_config_new();
    hx_pair p;
    /* Path validation is the default: a self-signed certificate leads to no
     * trusted root (RFC 5280 §6.1). */
    ck_assert_int_eq(handshake_result(ccfg, scfg, &p), TLS13_ERR_CERT_UNKNOWN_CA);
    ck_assert(!tls13_conn_handshake_done(p.client));
    /* The unknown_ca alert reaches the server, which stops. */
    ck_assert_int_eq(tls13_conn_error(p.server), TLS13_ERR_PEER_ALERT);
    ck_assert_int_eq(tls13_conn_peer_alert(p.server), TLS13_ALERT_UNKNOWN_CA);
    ck_assert(!tls13_conn_handshake_done(p.server));
    ck_assert_int_eq(tls13_conn_write(p.client, (const uint8_t *)"x", 1),
                     TLS13_ERR_CERT_UNKNOWN_CA);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

START_TEST(pin_of_another_certificate_refuses_the_server)
{
    char pin[256];
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *other = server_config(KEY_ED25519, pin, sizeof pin);
    tls13_config *ccfg = tls13_config_new();
    ck_assert_int_eq(tls13_config_add_pin_file(ccfg, pin), TLS13_OK);
    hx_pair p;
    ck_assert_int_eq(handshake_result(ccfg, scfg, &p), TLS13_ERR_CERTIFICATE_NOT_TRUSTED);
    ck_assert_int_eq(tls13_conn_peer_alert(p.server), TLS13_ALERT_BAD_CERTIFICATE);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(other);
    tls13_config_free(scfg);
}
END_TEST

START_TEST(second_pin_matches)
{
    char pin[256];
    tls13_config *scfg = server_config(KEY_ED25519, pin, sizeof pin);
    tls13_config *ccfg = tls13_config_new();
    ck_assert_int_eq(tls13_config_add_pin_file(ccfg, other_cert_path), TLS13_OK);
    ck_assert_int_eq(tls13_config_add_pin_file(ccfg, pin), TLS13_OK);
    hx_pair p;
    ck_assert_int_eq(handshake_result(ccfg, scfg, &p), TLS13_OK);
    ck_assert(tls13_conn_handshake_done(p.client));
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* tls13.h: a pin is "a PEM file with a CERTIFICATE or a PUBLIC KEY (the
 * leaf's key)". */
START_TEST(pin_of_the_public_key_matches)
{
    tls13_config *scfg = server_config(KEY_RSA, NULL, 0);
    tls13_config *ccfg = tls13_config_new();
    ck_assert_int_eq(tls13_config_add_pin_file(ccfg, rsa_pub_path), TLS13_OK);
    hx_pair p;
    ck_assert_int_eq(handshake_result(ccfg, scfg, &p), TLS13_OK);
    ck_assert(tls13_conn_handshake_done(p.server));
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

START_TEST(pin_of_another_public_key_refuses_the_server)
{
    tls13_config *scfg = server_config(KEY_RSA, NULL, 0);
    tls13_config *ccfg = tls13_config_new();
    ck_assert_int_eq(tls13_config_add_pin_file(ccfg, other_pub_path), TLS13_OK);
    hx_pair p;
    ck_assert_int_eq(handshake_result(ccfg, scfg, &p), TLS13_ERR_CERTIFICATE_NOT_TRUSTED);
    ck_assert_int_eq(tls13_conn_peer_alert(p.server), TLS13_ALERT_BAD_CERTIFICATE);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

START_TEST(insecure_client_accepts_any_certificate)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    ck_assert_int_eq(handshake_result(ccfg, scfg, &p), TLS13_OK);
    check_data_flows(&p);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* ---- KeyUpdate (§4.7.3) --------------------------------------------------------------- */

/* _i: bit 0 = the server updates (else the client), bit 1 = request_update. */
START_TEST(key_update)
{
    bool from_server = _i & 1, request = _i & 2;
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    event_log *clog = calloc(1, sizeof *clog), *slog = calloc(1, sizeof *slog);
    tls13_config_set_event_callback(ccfg, event_cb, clog);
    tls13_config_set_event_callback(scfg, event_cb, slog);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    check_data_flows(&p);

    tls13_conn *updater = from_server ? p.server : p.client;
    event_log *ulog = from_server ? slog : clog, *plog = from_server ? clog : slog;
    /* Three times in a row: each moves to the next generation of secrets. */
    for (int round = 1; round <= 3; round++) {
        ck_assert_int_eq(tls13_conn_key_update(updater, request), TLS13_OK);
        ck_assert_uint_gt(hx_pending(updater), 0);
        ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
        ck_assert_uint_eq(count_events(ulog, TLS13_EVENT_MESSAGE_SENT, "KeyUpdate"),
                          (size_t)round);
        ck_assert_uint_eq(count_events(plog, TLS13_EVENT_MESSAGE_RECEIVED, "KeyUpdate"),
                          (size_t)round);
        /* §4.7.3: asked to update, the peer answers with a KeyUpdate of its
         * own (update_not_requested) "prior to sending its next Application
         * Data record" -- not before; not asked, it sends none. */
        size_t answered = request ? (size_t)round - 1 : 0;
        ck_assert_uint_eq(count_events(plog, TLS13_EVENT_MESSAGE_SENT, "KeyUpdate"), answered);
        check_data_flows(&p);
        size_t answers = request ? (size_t)round : 0;
        ck_assert_uint_eq(count_events(plog, TLS13_EVENT_MESSAGE_SENT, "KeyUpdate"), answers);
        ck_assert_uint_eq(count_events(ulog, TLS13_EVENT_MESSAGE_RECEIVED, "KeyUpdate"),
                          answers);
        for (size_t i = 0; i < plog->count; i++) {
            if (plog->ev[i].type == TLS13_EVENT_MESSAGE_SENT &&
                strcmp(plog->ev[i].name, "KeyUpdate") == 0)
                ck_assert_uint_eq(plog->ev[i].data[4], KEY_UPDATE_NOT_REQUESTED);
        }
    }
    hx_pair_free(&p);
    event_log_free(clog);
    event_log_free(slog);
    free(clog);
    free(slog);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* §4.7.3: a second request before the peer's KeyUpdate goes out as a plain
 * update ("MUST NOT send another KeyUpdate with request_update set"), and a
 * peer asked several times while silent answers once. */
START_TEST(key_update_requests_are_not_repeated_and_answered_once)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    event_log *clog = calloc(1, sizeof *clog), *slog = calloc(1, sizeof *slog);
    tls13_config_set_event_callback(ccfg, event_cb, clog);
    tls13_config_set_event_callback(scfg, event_cb, slog);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    for (int i = 0; i < 3; i++)
        ck_assert_int_eq(tls13_conn_key_update(p.client, 1), TLS13_OK);
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    size_t requested = 0, sent = 0;
    for (size_t i = 0; i < clog->count; i++) {
        if (clog->ev[i].type == TLS13_EVENT_MESSAGE_SENT &&
            strcmp(clog->ev[i].name, "KeyUpdate") == 0) {
            sent++;
            requested += clog->ev[i].data[4] == KEY_UPDATE_REQUESTED;
        }
    }
    ck_assert_uint_eq(sent, 3);
    ck_assert_uint_eq(requested, 1);
    ck_assert_uint_eq(count_events(slog, TLS13_EVENT_MESSAGE_RECEIVED, "KeyUpdate"), 3);
    ck_assert_uint_eq(count_events(slog, TLS13_EVENT_MESSAGE_SENT, "KeyUpdate"), 0);
    check_data_flows(&p);
    ck_assert_uint_eq(count_events(slog, TLS13_EVENT_MESSAGE_SENT, "KeyUpdate"), 1);
    /* The answer cleared the client's outstanding request: it may ask again. */
    ck_assert_int_eq(tls13_conn_key_update(p.client, 1), TLS13_OK);
    const uint8_t *out;
    ck_assert_uint_gt(tls13_conn_pending_output(p.client, &out), 0);
    hx_pair_free(&p);
    event_log_free(clog);
    event_log_free(slog);
    free(clog);
    free(slog);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* Both sides update at the same time, both asking: each answers once. */
START_TEST(key_update_crossing)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    ck_assert_int_eq(tls13_conn_key_update(p.client, 1), TLS13_OK);
    ck_assert_int_eq(tls13_conn_key_update(p.server, 1), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(p.client, (const uint8_t *)"c", 1), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(p.server, (const uint8_t *)"s", 1), TLS13_OK);
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    ck_assert_uint_eq(p.server_got.len, 1);
    ck_assert_uint_eq(p.client_got.len, 1);
    check_data_flows(&p);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* ---- close_notify (§6.1) ------------------------------------------------------------------ */

/* _i: 0 the client closes first, 1 the server does. */
START_TEST(close_notify_both_ways)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    tls13_conn *first = _i ? p.server : p.client, *second = _i ? p.client : p.server;
    hx_buf *first_got = _i ? &p.server_got : &p.client_got;
    hx_buf *second_got = _i ? &p.client_got : &p.server_got;
    uint8_t buf[16];
    size_t n = 99;

    ck_assert_int_eq(tls13_conn_write(first, (const uint8_t *)"last", 4), TLS13_OK);
    ck_assert_int_eq(tls13_conn_close(first), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(first, (const uint8_t *)"x", 1), TLS13_ERR_CLOSED);
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    /* The data before close_notify arrives; then the end. */
    ck_assert_uint_eq(second_got->len, 4);
    ck_assert_mem_eq(second_got->data, "last", 4);
    ck_assert_int_eq(tls13_conn_read(second, buf, sizeof buf, &n), TLS13_ERR_PEER_CLOSED);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(tls13_conn_peer_alert(second), TLS13_ALERT_NONE);
    /* Half-closed: the other side may still write, and the closer reads it. */
    ck_assert_int_eq(tls13_conn_write(second, (const uint8_t *)"reply", 5), TLS13_OK);
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    ck_assert_uint_eq(first_got->len, 5);
    ck_assert_mem_eq(first_got->data, "reply", 5);
    ck_assert_int_eq(tls13_conn_read(first, buf, sizeof buf, &n), TLS13_WANT_READ);
    /* Now the other side closes too. */
    ck_assert_int_eq(tls13_conn_close(second), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(second, (const uint8_t *)"x", 1), TLS13_ERR_CLOSED);
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    ck_assert_int_eq(tls13_conn_read(first, buf, sizeof buf, &n), TLS13_ERR_PEER_CLOSED);
    ck_assert_int_eq(tls13_conn_read(second, buf, sizeof buf, &n), TLS13_ERR_PEER_CLOSED);
    ck_assert_int_eq(tls13_conn_error(first), TLS13_OK);
    ck_assert_int_eq(tls13_conn_error(second), TLS13_OK);
    /* Closing twice sends nothing more. */
    ck_assert_int_eq(tls13_conn_close(first), TLS13_OK);
    ck_assert_uint_eq(hx_pending(first), 0);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* §6.1: close_notify says "the sender will not send any more messages": a
 * KeyUpdate asking for an update that arrives afterwards updates the read
 * keys but is not answered. */
START_TEST(no_key_update_answer_after_close_notify)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    ck_assert_int_eq(tls13_conn_close(p.client), TLS13_OK);
    size_t closed = hx_pending(p.client);
    ck_assert_int_eq(tls13_conn_key_update(p.server, 1), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(p.server, (const uint8_t *)"still", 5), TLS13_OK);
    ck_assert_int_eq(hx_transfer(p.server, p.client, &p.client_got, 0), TLS13_OK);
    ck_assert_uint_eq(p.client_got.len, 5); /* read under the server's next keys */
    ck_assert_uint_eq(hx_pending(p.client), closed); /* only the close_notify */
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    uint8_t b[1];
    size_t n;
    ck_assert_int_eq(tls13_conn_read(p.server, b, 1, &n), TLS13_ERR_PEER_CLOSED);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* ---- application data: sizes and fragmenting (§5.1) -------------------------------------- */

static const size_t data_sizes[] = { 0, 1, 16384, 16385, 1024 * 1024 };

/* _i: size index * 2 + direction. */
START_TEST(application_data_sizes)
{
    size_t len = data_sizes[_i / 2];
    bool from_client = (_i % 2) == 0;
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    tls13_conn *from = from_client ? p.client : p.server;
    tls13_conn *to = from_client ? p.server : p.client;
    hx_buf *got = from_client ? &p.server_got : &p.client_got;
    size_t tag = AEAD_TAG_LEN;

    uint8_t *data = malloc(len + 1);
    ck_assert_ptr_nonnull(data);
    fill_pattern(data, len, (unsigned)_i);
    ck_assert_int_eq(tls13_conn_write(from, data, len), TLS13_OK);

    /* §5.1: at most 2^14 bytes of content per record; an empty write is one
     * record with no content (the content type alone, then the tag). */
    const uint8_t *out;
    size_t out_len = tls13_conn_pending_output(from, &out);
    size_t max_records = len / 16384 + 2;
    hx_record *recs = calloc(max_records, sizeof *recs);
    size_t n = hx_split_records(out, out_len, recs, max_records);
    size_t expect = len == 0 ? 1 : (len + 16383) / 16384;
    ck_assert_uint_eq(n, expect);
    size_t left = len;
    for (size_t i = 0; i < n; i++) {
        size_t content = left < 16384 ? left : 16384;
        ck_assert_uint_eq(recs[i].type, RECORD_APPLICATION_DATA);
        ck_assert_uint_eq(recs[i].len, RECORD_HEADER_LEN + content + 1 + tag);
        left -= content;
    }
    free(recs);

    ck_assert_int_eq(hx_transfer(from, to, got, 0), TLS13_OK);
    ck_assert_uint_eq(got->len, len);
    ck_assert(len == 0 || memcmp(got->data, data, len) == 0);
    uint8_t b[4];
    size_t nread = 7;
    ck_assert_int_eq(tls13_conn_read(to, b, sizeof b, &nread), TLS13_WANT_READ);
    ck_assert_uint_eq(nread, 0);
    check_data_flows(&p);
    free(data);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* Reading in small pieces returns the data in order, then WANT_READ. */
START_TEST(read_in_small_pieces)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    uint8_t data[1000], back[1000];
    fill_pattern(data, sizeof data, 9);
    ck_assert_int_eq(tls13_conn_write(p.client, data, sizeof data), TLS13_OK);
    const uint8_t *out;
    size_t out_len = tls13_conn_pending_output(p.client, &out), used = 0;
    ck_assert_int_eq(tls13_conn_recv(p.server, out, out_len, &used), TLS13_OK);
    ck_assert_uint_eq(used, out_len);
    tls13_conn_output_done(p.client, out_len);
    size_t have = 0, n;
    while (have < sizeof back) {
        ck_assert_int_eq(tls13_conn_read(p.server, back + have, 7, &n), TLS13_OK);
        ck_assert_uint_gt(n, 0);
        ck_assert_uint_le(n, 7);
        have += n;
    }
    ck_assert_mem_eq(back, data, sizeof data);
    ck_assert_int_eq(tls13_conn_read(p.server, back, 7, &n), TLS13_WANT_READ);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* The connection stops taking input while decrypted data waits to be read. */
START_TEST(recv_stops_while_data_waits)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(p.client, (const uint8_t *)"one", 3), TLS13_OK);
    const uint8_t *out;
    size_t first = tls13_conn_pending_output(p.client, &out);
    ck_assert_int_eq(tls13_conn_write(p.client, (const uint8_t *)"two", 3), TLS13_OK);
    size_t total = tls13_conn_pending_output(p.client, &out), used = 0;
    ck_assert_int_eq(tls13_conn_recv(p.server, out, total, &used), TLS13_OK);
    ck_assert_uint_eq(used, first);
    uint8_t buf[8];
    size_t n;
    ck_assert_int_eq(tls13_conn_read(p.server, buf, sizeof buf, &n), TLS13_OK);
    ck_assert_uint_eq(n, 3);
    ck_assert_mem_eq(buf, "one", 3);
    size_t used2 = 0;
    ck_assert_int_eq(tls13_conn_recv(p.server, out + used, total - used, &used2), TLS13_OK);
    ck_assert_uint_eq(used + used2, total);
    ck_assert_int_eq(tls13_conn_read(p.server, buf, sizeof buf, &n), TLS13_OK);
    ck_assert_mem_eq(buf, "two", 3);
    tls13_conn_output_done(p.client, total);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* Writing before the handshake is done is refused (nothing is sent). */
START_TEST(write_before_handshake_is_refused)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(tls13_conn_write(p.client, (const uint8_t *)"x", 1),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(tls13_conn_key_update(p.server, 0), TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_uint_eq(hx_pending(p.client), 0);
    ck_assert_uint_eq(hx_pending(p.server), 0);
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    check_data_flows(&p);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* ---- input split at every byte (§5.1: records and messages may be split) ------------ */

/* The whole life of a connection: handshake (with tickets), data both
 * ways, a requested KeyUpdate, data, close_notify both ways, with every
 * transfer split as `split` says. */
static void whole_life(const tls13_config *ccfg, const tls13_config *scfg, size_t chunk)
{
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, chunk), TLS13_OK);
    uint8_t data[300];
    fill_pattern(data, sizeof data, 4);
    ck_assert_int_eq(tls13_conn_write(p.client, data, 100), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(p.server, data + 100, 200), TLS13_OK);
    ck_assert_int_eq(hx_pump(&p, chunk), TLS13_OK);
    ck_assert_int_eq(tls13_conn_key_update(p.client, 1), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(p.client, data, 50), TLS13_OK);
    ck_assert_int_eq(hx_pump(&p, chunk), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(p.server, data, 60), TLS13_OK);
    ck_assert_int_eq(tls13_conn_close(p.server), TLS13_OK);
    ck_assert_int_eq(tls13_conn_close(p.client), TLS13_OK);
    ck_assert_int_eq(hx_pump(&p, chunk), TLS13_OK);
    ck_assert_uint_eq(p.server_got.len, 150);
    ck_assert_mem_eq(p.server_got.data, data, 100);
    ck_assert_mem_eq(p.server_got.data + 100, data, 50);
    ck_assert_uint_eq(p.client_got.len, 260);
    ck_assert_mem_eq(p.client_got.data, data + 100, 200);
    ck_assert_mem_eq(p.client_got.data + 200, data, 60);
    uint8_t b[1];
    size_t n;
    ck_assert_int_eq(tls13_conn_read(p.client, b, 1, &n), TLS13_ERR_PEER_CLOSED);
    ck_assert_int_eq(tls13_conn_read(p.server, b, 1, &n), TLS13_ERR_PEER_CLOSED);
    hx_pair_free(&p);
}

START_TEST(one_byte_at_a_time)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    whole_life(ccfg, scfg, 1);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* Every transfer of the handshake (ClientHello; the server's flight; the
 * client's CCS + Finished; the tickets) and of a little data is delivered in
 * two pieces, cut at position k, for every k up to the longest transfer. */
static tls13_error transfer_cut(tls13_conn *from, tls13_conn *to, hx_buf *sink, size_t cut)
{
    const uint8_t *data;
    size_t len = tls13_conn_pending_output(from, &data), used = 0;
    size_t first = cut < len ? cut : len;
    tls13_error err = hx_feed(to, data, first, 0, sink, &used);
    if (err == TLS13_OK) {
        ck_assert_uint_eq(used, first);
        err = hx_feed(to, data + first, len - first, 0, sink, &used);
        ck_assert(err != TLS13_OK || used == len - first);
    }
    tls13_conn_output_done(from, len);
    return err;
}

static size_t cut_pump(hx_pair *p, size_t cut)
{
    size_t longest = 0;
    for (int round = 0; round < 16; round++) {
        size_t c = hx_pending(p->client), s = hx_pending(p->server);
        if (c == 0 && s == 0)
            return longest;
        longest = c > longest ? c : longest;
        longest = s > longest ? s : longest;
        if (c > 0)
            ck_assert_int_eq(transfer_cut(p->client, p->server, &p->server_got, cut), TLS13_OK);
        if (s > 0)
            ck_assert_int_eq(transfer_cut(p->server, p->client, &p->client_got, cut), TLS13_OK);
    }
    ck_abort_msg("the pump did not settle");
    return 0;
}

START_TEST(split_in_two_at_every_position)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    ck_assert_int_eq(tls13_config_set_tickets(scfg, 1), TLS13_OK);
    size_t longest = 1, cuts = 0;
    for (size_t cut = 0; cut <= longest; cut++, cuts++) {
        hx_pair p;
        hx_pair_init(&p, ccfg, scfg, "localhost");
        ck_assert_int_eq(tls13_conn_handshake(p.client), TLS13_WANT_READ);
        size_t l = cut_pump(&p, cut);
        longest = l > longest ? l : longest;
        ck_assert(tls13_conn_handshake_done(p.client));
        ck_assert(tls13_conn_handshake_done(p.server));
        ck_assert_int_eq(tls13_conn_write(p.client, (const uint8_t *)"hello", 5), TLS13_OK);
        ck_assert_int_eq(tls13_conn_write(p.server, (const uint8_t *)"world!", 6), TLS13_OK);
        (void)cut_pump(&p, cut % 40);
        ck_assert_uint_eq(p.server_got.len, 5);
        ck_assert_mem_eq(p.server_got.data, "hello", 5);
        ck_assert_uint_eq(p.client_got.len, 6);
        ck_assert_mem_eq(p.client_got.data, "world!", 6);
        hx_pair_free(&p);
    }
    /* The server's flight with an Ed25519 certificate is several hundred bytes. */
    ck_assert_uint_gt(cuts, 300);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* ---- ALPN (RFC 7301) and SNI (RFC 6066) ---------------------------------------------------- */

static void alpn_case(const char *server_list, const char *client_list, const char *expect)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    if (server_list != NULL)
        ck_assert_int_eq(tls13_config_set_alpn(scfg, server_list), TLS13_OK);
    if (client_list != NULL)
        ck_assert_int_eq(tls13_config_set_alpn(ccfg, client_list), TLS13_OK);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    tls13_conn *both[2] = { p.client, p.server };
    for (int i = 0; i < 2; i++) {
        size_t len = 99;
        const char *proto = tls13_conn_alpn(both[i], &len);
        if (expect == NULL) {
            ck_assert_ptr_null(proto);
            ck_assert_uint_eq(len, 0);
        } else {
            ck_assert_uint_eq(len, strlen(expect));
            ck_assert_mem_eq(proto, expect, len);
        }
    }
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}

START_TEST(alpn_negotiated)
{
    alpn_case("h2,http/1.1", "http/1.1", "http/1.1");
    /* The server's order wins. */
    alpn_case("h2,http/1.1", "http/1.1,h2", "h2");
    /* Only one side configured: no protocol, no failure. */
    alpn_case(NULL, "http/1.1", NULL);
    alpn_case("h2", NULL, NULL);
}
END_TEST

START_TEST(alpn_mismatch_is_no_application_protocol)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    ck_assert_int_eq(tls13_config_set_alpn(scfg, "h2"), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_alpn(ccfg, "http/1.1"), TLS13_OK);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_ERR_PEER_ALERT);
    ck_assert_int_eq(tls13_conn_error(p.server), TLS13_ERR_ALPN_MISMATCH);
    ck_assert_int_eq(tls13_conn_error(p.client), TLS13_ERR_PEER_ALERT);
    ck_assert_int_eq(tls13_conn_peer_alert(p.client), TLS13_ALERT_NO_APPLICATION_PROTOCOL);
    ck_assert(!tls13_conn_handshake_done(p.client));
    ck_assert(!tls13_conn_handshake_done(p.server));
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

START_TEST(server_name_visible_on_the_server)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "www.example.test");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    ck_assert_ptr_nonnull(tls13_conn_server_name(p.server));
    ck_assert_str_eq(tls13_conn_server_name(p.server), "www.example.test");
    hx_pair_free(&p);
    /* No name: the server sees none. */
    hx_pair_init(&p, ccfg, scfg, NULL);
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    ck_assert_ptr_null(tls13_conn_server_name(p.server));
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* ---- the key log (NSS format) ---------------------------------------------------------------- */

static const char *const keylog_labels[] = {
    "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
    "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET",
};

/* Each of the 5 labels exactly once, with the client random, and a secret of
 * the suite's hash length. */
static void check_keylog(const hx_keylog *kl, const char *random_hex, size_t secret_hex_len)
{
    ck_assert_uint_eq(kl->count, 5);
    for (size_t l = 0; l < 5; l++) {
        size_t found = 0;
        for (size_t i = 0; i < kl->count; i++) {
            char label[64], random[80], secret[128];
            ck_assert_int_eq(sscanf(kl->lines[i], "%63s %79s %127s", label, random, secret), 3);
            if (strcmp(label, keylog_labels[l]) != 0)
                continue;
            found++;
            ck_assert_str_eq(random, random_hex);
            ck_assert_uint_eq(strlen(secret), secret_hex_len);
        }
        ck_assert_msg(found == 1, "%s logged %zu times", keylog_labels[l], found);
    }
}

START_TEST(key_log_has_the_five_secrets)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    hx_keylog ckl = { 0 }, skl = { 0 };
    bool sha384 = _i == 1;
    ck_assert_int_eq(tls13_config_set_cipher_suites(scfg, sha384 ? "TLS_AES_256_GCM_SHA384"
                                                                 : "TLS_AES_128_GCM_SHA256"),
                     TLS13_OK);
    tls13_config_set_keylog_callback(ccfg, hx_keylog_cb, &ckl);
    tls13_config_set_keylog_callback(scfg, hx_keylog_cb, &skl);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(tls13_conn_handshake(p.client), TLS13_WANT_READ);
    /* The client random is in the ClientHello: record header (5), message
     * header (4), legacy_version (2), then the 32 bytes. */
    const uint8_t *ch;
    ck_assert_uint_gt(tls13_conn_pending_output(p.client, &ch), 11 + 32);
    char random_hex[65];
    for (size_t i = 0; i < 32; i++)
        snprintf(random_hex + 2 * i, 3, "%02x", ch[11 + i]);
    ck_assert_int_eq(hx_transfer(p.client, p.server, &p.server_got, 0), TLS13_OK);

    /* The logged server handshake secret opens the server's first protected
     * record: EncryptedExtensions comes first in it. */
    const uint8_t *flight;
    size_t flight_len = tls13_conn_pending_output(p.server, &flight);
    hx_record recs[8];
    size_t n = hx_split_records(flight, flight_len, recs, 8);
    ck_assert_uint_ge(n, 3);
    ck_assert_uint_eq(recs[0].type, RECORD_HANDSHAKE);
    ck_assert_uint_eq(recs[1].type, RECORD_CHANGE_CIPHER_SPEC);
    ks_secret shts;
    ck_assert(hx_keylog_secret(&skl, "SERVER_HANDSHAKE_TRAFFIC_SECRET", &shts));
    const cipher_suite_info *suite = cipher_suite_lookup(tls13_conn_cipher_suite(p.server));
    uint8_t *inner = malloc(recs[2].len);
    size_t inner_len, content_len;
    uint8_t type;
    ck_assert(hx_open(&shts, suite->aead, 0, recs[2].bytes, recs[2].len, inner, &inner_len));
    ck_assert(hx_inner_split(inner, inner_len, &type, &content_len));
    ck_assert_uint_eq(type, RECORD_HANDSHAKE);
    ck_assert_uint_eq(inner[0], HS_ENCRYPTED_EXTENSIONS);
    free(inner);

    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    ck_assert(tls13_conn_handshake_done(p.client));
    size_t hex_len = sha384 ? 96 : 64;
    check_keylog(&ckl, random_hex, hex_len);
    check_keylog(&skl, random_hex, hex_len);
    /* Both sides log the same secrets. */
    for (size_t i = 0; i < 5; i++) {
        size_t j = 0;
        while (j < 5 && strcmp(ckl.lines[i], skl.lines[j]) != 0)
            j++;
        ck_assert_msg(j < 5, "client line not logged by the server: %s", ckl.lines[i]);
    }
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

START_TEST(key_log_file)
{
    char path[128];
    snprintf(path, sizeof path, "%s/keylog-%u.txt", tmp_dir, (unsigned)getpid());
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    ck_assert_int_eq(tls13_config_set_keylog_file(ccfg, path), TLS13_OK);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    FILE *f = fopen(path, "r");
    ck_assert_ptr_nonnull(f);
    char line[400];
    size_t lines = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        ck_assert_ptr_nonnull(strchr(line, '\n'));
        lines++;
    }
    fclose(f);
    ck_assert_uint_eq(lines, 5);
    tls13_config_free(scfg);
}
END_TEST

/* ---- the events callback ------------------------------------------------------------------------ */

static const char *const server_flight_names[] = {
    "ServerHello", "EncryptedExtensions", "Certificate", "CertificateVerify", "Finished",
    "NewSessionTicket", "NewSessionTicket",
};
static const uint8_t server_flight_types[] = {
    HS_SERVER_HELLO, HS_ENCRYPTED_EXTENSIONS, HS_CERTIFICATE, HS_CERTIFICATE_VERIFY,
    HS_FINISHED, HS_NEW_SESSION_TICKET, HS_NEW_SESSION_TICKET,
};

/* The messages of one type of event, in order. */
static size_t messages(const event_log *log, tls13_event_type type, size_t *index, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < log->count; i++) {
        if (log->ev[i].type != type)
            continue;
        ck_assert_uint_lt(n, max);
        index[n++] = i;
    }
    return n;
}

/* What one side sent is, message for message and byte for byte, what the
 * other received, with names and headers that agree. */
static void check_messages_match(const event_log *sender, const event_log *receiver,
                                 const char *const *names, const uint8_t *types, size_t count)
{
    size_t sent[32], received[32];
    ck_assert_uint_eq(messages(sender, TLS13_EVENT_MESSAGE_SENT, sent, 32), count);
    ck_assert_uint_eq(messages(receiver, TLS13_EVENT_MESSAGE_RECEIVED, received, 32), count);
    for (size_t i = 0; i < count; i++) {
        const uint8_t *s = sender->ev[sent[i]].data, *r = receiver->ev[received[i]].data;
        size_t len = sender->ev[sent[i]].len;
        ck_assert_str_eq(sender->ev[sent[i]].name, names[i]);
        ck_assert_str_eq(receiver->ev[received[i]].name, names[i]);
        ck_assert_uint_eq(receiver->ev[received[i]].len, len);
        ck_assert_mem_eq(s, r, len);
        ck_assert_uint_eq(s[0], types[i]);
        ck_assert_uint_eq(((size_t)s[1] << 16 | (size_t)s[2] << 8 | s[3]) + 4, len);
    }
}

START_TEST(events_see_every_message)
{
    tls13_config *scfg = server_config(KEY_ED25519, NULL, 0);
    tls13_config *ccfg = insecure_client();
    event_log *clog = calloc(1, sizeof *clog), *slog = calloc(1, sizeof *slog);
    tls13_config_set_event_callback(ccfg, event_cb, clog);
    tls13_config_set_event_callback(scfg, event_cb, slog);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    /* Keep every byte each side sends, to compare with its record events. */
    hx_buf cwire = { 0 }, swire = { 0 };
    const uint8_t *out;
    ck_assert_int_eq(tls13_conn_handshake(p.client), TLS13_WANT_READ);
    for (int round = 0; round < 8; round++) {
        size_t n = tls13_conn_pending_output(p.client, &out);
        hx_buf_append(&cwire, out, n);
        ck_assert_int_eq(hx_transfer(p.client, p.server, &p.server_got, 0), TLS13_OK);
        n = tls13_conn_pending_output(p.server, &out);
        hx_buf_append(&swire, out, n);
        ck_assert_int_eq(hx_transfer(p.server, p.client, &p.client_got, 0), TLS13_OK);
    }
    ck_assert(tls13_conn_handshake_done(p.client));
    ck_assert(tls13_conn_handshake_done(p.server));

    static const char *const client_names[] = { "ClientHello", "Finished" };
    static const uint8_t client_types[] = { HS_CLIENT_HELLO, HS_FINISHED };
    check_messages_match(clog, slog, client_names, client_types, 2);
    check_messages_match(slog, clog, server_flight_names, server_flight_types, 7);

    /* Every record on the wire was reported, whole and in order. */
    const event_log *logs[2] = { clog, slog };
    const hx_buf *wires[2] = { &cwire, &swire };
    for (int side = 0; side < 2; side++) {
        hx_buf seen = { 0 };
        for (size_t i = 0; i < logs[side]->count; i++) {
            if (logs[side]->ev[i].type == TLS13_EVENT_RECORD_SENT)
                hx_buf_append(&seen, logs[side]->ev[i].data, logs[side]->ev[i].len);
        }
        ck_assert_uint_eq(seen.len, wires[side]->len);
        ck_assert_mem_eq(seen.data, wires[side]->data, seen.len);
        hx_buf_free(&seen);
    }
    /* The secrets and the states, ending connected. */
    ck_assert_uint_eq(count_events(clog, TLS13_EVENT_SECRET, "client_handshake_traffic_secret"), 1);
    ck_assert_uint_eq(count_events(slog, TLS13_EVENT_SECRET, "server_application_traffic_secret_0"),
                      1);
    ck_assert_uint_eq(count_events(clog, TLS13_EVENT_SECRET, "resumption_master_secret"), 1);
    size_t last_state = 0;
    for (size_t i = 0; i < clog->count; i++)
        if (clog->ev[i].type == TLS13_EVENT_STATE)
            last_state = i;
    ck_assert_str_eq(clog->ev[last_state].name, "CLIENT_CONNECTED");
    for (size_t i = 0; i < slog->count; i++)
        if (slog->ev[i].type == TLS13_EVENT_STATE)
            last_state = i;
    ck_assert_str_eq(slog->ev[last_state].name, "SERVER_CONNECTED");
    ck_assert_uint_eq(count_events(clog, TLS13_EVENT_ALERT_SENT, NULL), 0);

    /* close_notify is an alert event on both sides. */
    ck_assert_int_eq(tls13_conn_close(p.client), TLS13_OK);
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    ck_assert_uint_eq(count_events(clog, TLS13_EVENT_ALERT_SENT, "close_notify"), 1);
    ck_assert_uint_eq(count_events(slog, TLS13_EVENT_ALERT_RECEIVED, "close_notify"), 1);

    hx_buf_free(&cwire);
    hx_buf_free(&swire);
    hx_pair_free(&p);
    event_log_free(clog);
    event_log_free(slog);
    free(clog);
    free(slog);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* ---- the suite ------------------------------------------------------------------------------------ */

static Suite *conn_suite(void)
{
    Suite *s = suite_create("conn");
    TCase *tc = tcase_create("handshake");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, every_suite_and_group_with_ed25519, 0, 6);
    if (have_rsa)
        tcase_add_loop_test(tc, every_suite_and_group_with_rsa, 0, 6);
    tcase_add_loop_test(tc, hello_retry_request_for_p256, 0, 3);
    suite_add_tcase(s, tc);

    tc = tcase_create("trust");
    tcase_add_test(tc, default_verification_refuses_a_self_signed_server);
    tcase_add_test(tc, no_close_notify_after_a_fatal_alert);
    tcase_add_test(tc, exported_keying_material_agrees);
    tcase_add_test(tc, recv_after_close_notify_says_peer_closed);
    tcase_add_test(tc, pin_of_another_certificate_refuses_the_server);
    tcase_add_test(tc, insecure_client_accepts_any_certificate);
    if (have_rsa) {
        tcase_add_test(tc, second_pin_matches);
        tcase_add_test(tc, pin_of_the_public_key_matches);
        tcase_add_test(tc, pin_of_another_public_key_refuses_the_server);
    }
    suite_add_tcase(s, tc);

    tc = tcase_create("after the handshake");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, key_update, 0, 4);
    tcase_add_test(tc, key_update_crossing);
    tcase_add_test(tc, key_update_requests_are_not_repeated_and_answered_once);
    tcase_add_loop_test(tc, close_notify_both_ways, 0, 2);
    tcase_add_test(tc, no_key_update_answer_after_close_notify);
    tcase_add_loop_test(tc, application_data_sizes, 0,
                        (int)(2 * sizeof data_sizes / sizeof data_sizes[0]));
    tcase_add_test(tc, read_in_small_pieces);
    tcase_add_test(tc, recv_stops_while_data_waits);
    tcase_add_test(tc, write_before_handshake_is_refused);
    suite_add_tcase(s, tc);

    tc = tcase_create("split input");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, one_byte_at_a_time);
    tcase_add_test(tc, split_in_two_at_every_position);
    suite_add_tcase(s, tc);

    tc = tcase_create("extensions and observers");
    tcase_add_test(tc, alpn_negotiated);
    tcase_add_test(tc, alpn_mismatch_is_no_application_protocol);
    tcase_add_test(tc, server_name_visible_on_the_server);
    tcase_add_loop_test(tc, key_log_has_the_five_secrets, 0, 2);
    tcase_add_test(tc, key_log_file);
    tcase_add_test(tc, events_see_every_message);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    snprintf(tmp_dir, sizeof tmp_dir, "/tmp/tls13-test-conn-XXXXXX");
    if (mkdtemp(tmp_dir) == NULL) {
        perror("mkdtemp");
        return 1;
    }
    make_rsa_files();
    SRunner *sr = srunner_create(conn_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    remove_tmp_dir();
    return failed == 0 ? 0 : 1;
}
