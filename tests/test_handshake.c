/*
 * test_handshake.c — the state machines as tables (RFC 9846 Appendix A).
 *
 * 1. Every (state, message type) pair that has no row in a table is
 *    answered with unexpected_message, before any parsing.
 * 2. Real handshakes (1-RTT, HelloRetryRequest, mutual TLS, KeyUpdate,
 *    tickets) walk every row of both tables.
 */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "handshake/handshake.h"
#include "tls13.h"

/* Every HandshakeType of §4 plus values no message uses. */
static const uint8_t message_types[] = {
    0, HS_CLIENT_HELLO, HS_SERVER_HELLO, 3, HS_NEW_SESSION_TICKET, HS_END_OF_EARLY_DATA, 6,
    HS_ENCRYPTED_EXTENSIONS, HS_CERTIFICATE, HS_CERTIFICATE_REQUEST, HS_CERTIFICATE_VERIFY,
    HS_FINISHED, HS_KEY_UPDATE, 99, HS_MESSAGE_HASH, 255,
};

static bool in_table(const hs_transition *table, size_t n, hs_state state, uint8_t type)
{
    for (size_t i = 0; i < n; i++) {
        if (table[i].state == state && table[i].msg_type == type)
            return true;
    }
    return false;
}

static void check_unlisted_pairs(bool server, hs_state first, hs_state last)
{
    tls13_config *cfg = tls13_config_new();
    const hs_transition *table = server ? hs_server_table : hs_client_table;
    size_t n = server ? hs_server_table_len : hs_client_table_len;
    int checked = 0;
    for (int s = (int)first; s <= (int)last; s++) {
        for (size_t t = 0; t < sizeof message_types; t++) {
            if (in_table(table, n, (hs_state)s, message_types[t]))
                continue;
            record_out out;
            record_protection rx = { 0 };
            handshake hs;
            record_out_init(&out);
            ck_assert_int_eq(hs_init(&hs, cfg, server, &out, &rx, NULL), TLS13_OK);
            hs.state = (hs_state)s;
            uint8_t msg[4] = { message_types[t], 0, 0, 0 };
            ck_assert_msg(hs_dispatch(&hs, msg, sizeof msg) == TLS13_ERR_UNEXPECTED_MESSAGE,
                          "type %u in %s", message_types[t], hs_state_name((hs_state)s));
            ck_assert_int_eq(hs.state, s); /* no state change on a refused message */
            hs_free(&hs);
            record_out_free(&out);
            checked++;
        }
    }
    ck_assert_int_gt(checked, 0);
    tls13_config_free(cfg);
}

START_TEST(client_refuses_every_unlisted_message)
{
    check_unlisted_pairs(false, HS_CLIENT_START, HS_CLIENT_CONNECTED);
}
END_TEST

START_TEST(server_refuses_every_unlisted_message)
{
    check_unlisted_pairs(true, HS_SERVER_START, HS_SERVER_CONNECTED);
}
END_TEST

/* ---- walking the rows with real handshakes ------------------------------- */

typedef struct walk {
    const hs_transition *table;
    size_t n;
    bool covered[32];
    const char *state;              /* the state before the next message */
    const char *message;            /* the message being handled */
} walk;

static void record_row(walk *w, const char *next_state)
{
    for (size_t i = 0; i < w->n; i++) {
        if (strcmp(hs_state_name(w->table[i].state), w->state) == 0 &&
            strcmp(hs_message_name(w->table[i].msg_type), w->message) == 0)
            w->covered[i] = true;
    }
    w->state = next_state;
}

static void on_event(void *ctx, const tls13_event *ev)
{
    walk *w = ctx;
    if (ev->type == TLS13_EVENT_MESSAGE_RECEIVED)
        w->message = ev->name;
    else if (ev->type == TLS13_EVENT_STATE)
        record_row(w, ev->name);
}

static void pump(tls13_conn *from, tls13_conn *to)
{
    const uint8_t *data;
    size_t len = tls13_conn_pending_output(from, &data), used;
    if (len == 0)
        return;
    ck_assert_int_eq(tls13_conn_recv(to, data, len, &used), TLS13_OK);
    tls13_conn_output_done(from, used);
}

/* Mutual TLS: the client gets a self-signed certificate, and the server
 * trusts exactly that certificate. */
static void give_client_a_certificate(tls13_config *ccfg, tls13_config *scfg)
{
    char path[] = "/tmp/tls13-test-handshake-XXXXXX";
    int fd = mkstemp(path);
    char *pem;
    size_t pem_len;
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(tls13_config_use_self_signed(ccfg, "client", NULL), TLS13_OK);
    ck_assert_int_eq(x509_pem_encode("CERTIFICATE", ccfg->chain.certs[0].data,
                                     ccfg->chain.certs[0].len, &pem, &pem_len), TLS13_OK);
    ck_assert(write(fd, pem, pem_len) == (ssize_t)pem_len);
    close(fd);
    free(pem);
    ck_assert_int_eq(tls13_config_set_verify_client_file(scfg, path), TLS13_OK);
    tls13_config_require_client_cert(scfg);
    unlink(path);
}

/* One connection: handshake, a requested KeyUpdate each way, data. */
static void run(walk *client_walk, walk *server_walk, const char *server_groups, bool mutual)
{
    tls13_config *scfg = tls13_config_new(), *ccfg = tls13_config_new();
    ck_assert_int_eq(tls13_config_use_self_signed(scfg, "localhost", NULL), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_groups(scfg, server_groups), TLS13_OK);
    tls13_config_insecure_noverifycert(ccfg);
    if (mutual)
        give_client_a_certificate(ccfg, scfg);
    client_walk->state = hs_state_name(HS_CLIENT_WAIT_SH);
    server_walk->state = hs_state_name(HS_SERVER_START);
    tls13_config_set_event_callback(ccfg, on_event, client_walk);
    tls13_config_set_event_callback(scfg, on_event, server_walk);
    tls13_conn *c = tls13_client_new(ccfg, "localhost"), *s = tls13_server_new(scfg);
    for (int i = 0; i < 8 && !(tls13_conn_handshake_done(c) && tls13_conn_handshake_done(s)); i++) {
        tls13_conn_handshake(c);
        tls13_conn_handshake(s);
        pump(c, s);
        pump(s, c);
    }
    ck_assert(tls13_conn_handshake_done(c) && tls13_conn_handshake_done(s));
    ck_assert_int_eq(tls13_conn_key_update(c, 1), TLS13_OK);
    pump(c, s);
    pump(s, c);
    ck_assert_int_eq(tls13_conn_write(s, (const uint8_t *)"x", 1), TLS13_OK);
    pump(s, c);
    uint8_t buf[4];
    size_t n;
    ck_assert_int_eq(tls13_conn_read(c, buf, sizeof buf, &n), TLS13_OK);
    tls13_conn_free(c);
    tls13_conn_free(s);
    tls13_config_free(scfg);
    tls13_config_free(ccfg);
}

START_TEST(handshakes_walk_every_reachable_row)
{
    walk cw = { hs_client_table, hs_client_table_len, { false }, NULL, NULL };
    walk sw = { hs_server_table, hs_server_table_len, { false }, NULL, NULL };
    run(&cw, &sw, "X25519:P-256", false); /* 1-RTT */
    run(&cw, &sw, "P-256", false);        /* HelloRetryRequest: the client offers X25519 first */
    run(&cw, &sw, "X25519", true);        /* mutual TLS */
    for (size_t i = 0; i < sw.n; i++)
        ck_assert_msg(sw.covered[i], "server row %s / %s not walked",
                      hs_state_name(sw.table[i].state), hs_message_name(sw.table[i].msg_type));
    /* A server that requests a certificate sends CertificateRequest before
     * its own Certificate, so WAIT_CERT_CR / Certificate is the one-way
     * path without a request, and WAIT_CERT / Certificate the path with one. */
    for (size_t i = 0; i < cw.n; i++)
        ck_assert_msg(cw.covered[i], "client row %s / %s not walked",
                      hs_state_name(cw.table[i].state), hs_message_name(cw.table[i].msg_type));
}
END_TEST

/* A certificate and a key that do not belong together are refused before
 * anything is signed: by tls13_config_check_credentials, and by the server's
 * handshake (internal_error to the client). */
START_TEST(key_that_is_not_the_certificates_is_refused)
{
    tls13_config *scfg = tls13_config_new(), *other = tls13_config_new();
    tls13_config *ccfg = tls13_config_new();
    ck_assert_int_eq(tls13_config_use_self_signed(scfg, "localhost", NULL), TLS13_OK);
    ck_assert_int_eq(tls13_config_check_credentials(scfg), TLS13_OK);
    ck_assert_int_eq(tls13_config_use_self_signed(other, "localhost", NULL), TLS13_OK);
    sig_private_key_wipe(&scfg->key);
    scfg->key = other->key;
    ck_assert_int_eq(tls13_config_check_credentials(scfg),
                     TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE);
    tls13_config_insecure_noverifycert(ccfg);
    tls13_conn *c = tls13_client_new(ccfg, "localhost"), *s = tls13_server_new(scfg);
    for (int i = 0; i < 4; i++) {
        tls13_conn_handshake(c);
        tls13_conn_handshake(s);
        const uint8_t *data;
        size_t len, used;
        if ((len = tls13_conn_pending_output(c, &data)) > 0) {
            tls13_conn_recv(s, data, len, &used);
            tls13_conn_output_done(c, used);
        }
        if ((len = tls13_conn_pending_output(s, &data)) > 0) {
            tls13_conn_recv(c, data, len, &used);
            tls13_conn_output_done(s, used);
        }
    }
    ck_assert_int_eq(tls13_conn_error(s), TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE);
    ck_assert_int_eq(tls13_conn_peer_alert(c), TLS13_ALERT_INTERNAL_ERROR);
    tls13_conn_free(c);
    tls13_conn_free(s);
    tls13_config_free(scfg);
    tls13_config_free(other);
    tls13_config_free(ccfg);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("handshake");
    TCase *tc = tcase_create("tables");
    tcase_add_test(tc, client_refuses_every_unlisted_message);
    tcase_add_test(tc, server_refuses_every_unlisted_message);
    tcase_add_test(tc, handshakes_walk_every_reachable_row);
    tcase_add_test(tc, key_that_is_not_the_certificates_is_refused);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
