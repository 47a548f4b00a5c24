/*
 * test_certs.c — certificates in the handshake: path validation by default
 * (RFC 5280 §6.1), host names (RFC 6125 §6.4), mutual TLS (RFC 9846 §4.4.2,
 * §4.5.1.3), in memory and live against openssl.
 *
 *   in-process   our client and server over the memory pump
 *                (tests/conn_harness.h) with the test PKI of
 *                tests/pki_harness.h (root -> intermediate -> RSA-2048, ECDSA
 *                P-256 and Ed25519 leaves): each leaf accepted, by name and
 *                by IP address; each way a chain can be wrong refused with
 *                its own error value and alert; client certificates
 *                accepted (also after a HelloRetryRequest), missing
 *                (required or not), untrusted, expired, of the wrong purpose.
 *   live         on 127.0.0.1, ephemeral ports: our client (tls13_socket_*)
 *                against `openssl s_server -cert_chain` with each leaf;
 *                `openssl s_client -cert` against build/tools/tls13-server
 *                --verify-client --require-client-cert; build/tools/
 *                tls13-client --cert/--key against `openssl s_server -Verify`.
 *                Every process started here dies with the test
 *                (PR_SET_PDEATHSIG, and killed at the end of each test).
 *   RFC 8448 §6  the client-authentication trace, replayed from each side as
 *                far as its published keys allow (neither side's private key
 *                is published: the server's ECDSA P-256 key and the client's
 *                RSA key), saying where the replay stops and why.
 *
 * The PKI is made once by openssl in main(), before Check forks; without
 * openssl the PKI and live tests are skipped (the RFC 8448 ones still run).
 */
#define _XOPEN_SOURCE 700 /* realpath */

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "conn_harness.h"
#include "config.h"
#include "crypto/hash.h"
#include "crypto/sig.h"
#include "handshake/messages.h"
#include "pki_harness.h"
#include "replay_harness.h"
#include "tls13.h"
#include "vecfile.h"
#include "x509/verify.h"
#include "x509/x509.h"

#define LIVE_TIMEOUT_MS 10000

static test_pki pki;
static char tools_dir[PATH_MAX + 16];     /* build/tools, next to this test's directory */

/* Returns from the test (skipping it) when openssl is missing; fails it when
 * openssl is there but the PKI could not be made. */
#define REQUIRE_PKI()                                                                      \
    do {                                                                                   \
        if (!pki.ok) {                                                                     \
            ck_assert_msg(pki.no_openssl, "the test PKI could not be made (see above)");  \
            printf("skipped: openssl missing: %s\n", __func__);                           \
            return;                                                                        \
        }                                                                                  \
    } while (0)

/* ---- configs from the PKI ------------------------------------------------------ */

static tls13_config *config_new(void)
{
    tls13_config *cfg = tls13_config_new();
    ck_assert_ptr_nonnull(cfg);
    return cfg;
}

/* Presents NAME_chain.pem (leaf + intermediates) with NAME's key, or with
 * key_file when given. */
static void use_credentials(tls13_config *cfg, const char *name, const char *key_file)
{
    char chain[64], key[64];
    snprintf(chain, sizeof chain, "%s_chain.pem", name);
    snprintf(key, sizeof key, "%s.key", name);
    ck_assert_int_eq(tls13_config_set_cert_file(cfg, pki_path(&pki, chain).s), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_key_file(cfg, pki_path(&pki, key_file ? key_file : key).s),
                     TLS13_OK);
}

static tls13_config *server_presenting(const char *leaf)
{
    tls13_config *cfg = config_new();
    use_credentials(cfg, leaf, NULL);
    return cfg;
}

/* A client that verifies by default, trusting the roots of one PEM file. */
static tls13_config *client_trusting(const char *ca_file)
{
    tls13_config *cfg = config_new();
    ck_assert_int_eq(tls13_config_set_ca_file(cfg, pki_path(&pki, ca_file).s), TLS13_OK);
    return cfg;
}

/* The DER of a PKI certificate (heap). */
static x509_der pki_der(const char *name)
{
    char file[64];
    snprintf(file, sizeof file, "%s.pem", name);
    x509_chain chain;
    ck_assert_int_eq(x509_load_chain_pem(pki_path(&pki, file).s, &chain), TLS13_OK);
    x509_der der = chain.certs[0];
    chain.certs[0].data = NULL;
    x509_chain_free(&chain);
    return der;
}

static void assert_peer_certificate(tls13_conn *conn, const char *name)
{
    size_t len = 0;
    const uint8_t *got = tls13_conn_peer_certificate(conn, &len);
    ck_assert_ptr_nonnull(got);
    x509_der want = pki_der(name);
    ck_assert_uint_eq(len, want.len);
    ck_assert_mem_eq(got, want.data, len);
    x509_der_free(&want);
}

static int64_t fixed_clock(void *ctx)
{
    return *(const int64_t *)ctx;
}

/* ==== in-process: our client verifies our server ============================================== */

typedef struct accept_case {
    const char *leaf;
    const char *host;
    uint16_t scheme;     /* the server's CertificateVerify */
} accept_case;

static const accept_case accepted[] = {
    { "server_rsa", "localhost", SIG_RSA_PSS_RSAE_SHA256 },
    { "server_ec", "localhost", SIG_ECDSA_SECP256R1_SHA256 },
    { "server_ed", "localhost", SIG_ED25519 },
    { "server_rsa", "127.0.0.1", SIG_RSA_PSS_RSAE_SHA256 },
    { "server_ec", "127.0.0.1", SIG_ECDSA_SECP256R1_SHA256 },
    { "server_ed", "127.0.0.1", SIG_ED25519 },
    { "server_ec", "LocalHost", SIG_ECDSA_SECP256R1_SHA256 },   /* §6.4.1: no case */
    { "server_ec", "localhost.", SIG_ECDSA_SECP256R1_SHA256 },  /* a trailing dot */
    { "server_wild", "www.good.localhost", SIG_ECDSA_SECP256R1_SHA256 },
};

START_TEST(client_accepts_each_leaf_through_the_intermediate)
{
    REQUIRE_PKI();
    const accept_case *c = &accepted[_i];
    tls13_config *scfg = server_presenting(c->leaf);
    tls13_config *ccfg = client_trusting("root.pem");
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, c->host);
    tls13_error err = hx_handshake(&p, 0);
    ck_assert_msg(err == TLS13_OK, "%s for %s: %s: %s", c->leaf, c->host, tls13_error_name(err),
                  tls13_conn_error_message(p.client));
    ck_assert_uint_eq(tls13_conn_signature_scheme(p.client), c->scheme);
    assert_peer_certificate(p.client, c->leaf);
    /* An IP address is checked, not sent in SNI (RFC 6066 §3). */
    const char *sni = tls13_conn_server_name(p.server);
    if (strcmp(c->host, "127.0.0.1") == 0)
        ck_assert_ptr_null(sni);
    else
        ck_assert_ptr_nonnull(sni);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

typedef enum clock_choice { CLOCK_NOW, CLOCK_AFTER_EXPIRY, CLOCK_BEFORE_VALIDITY } clock_choice;

typedef struct reject_case {
    const char *what;
    const char *leaf;          /* the server presents NAME_chain.pem */
    const char *ca;            /* the client's trust anchors */
    const char *host;
    clock_choice clock;        /* the client's clock */
    bool flip_intermediate;    /* one byte of the intermediate's signature flipped */
    tls13_error err;
    tls13_alert alert;
    const char *detail;        /* in the client's error message */
} reject_case;

static const reject_case rejected[] = {
    { "another host name", "server_ec", "root.pem", "www.example.com", CLOCK_NOW, false,
      TLS13_ERR_CERT_HOSTNAME_MISMATCH, TLS13_ALERT_BAD_CERTIFICATE, "www.example.com" },
    { "another IP address", "server_ec", "root.pem", "127.0.0.2", CLOCK_NOW, false,
      TLS13_ERR_CERT_HOSTNAME_MISMATCH, TLS13_ALERT_BAD_CERTIFICATE, "127.0.0.2" },
    { "expired (clock after notAfter)", "server_ec", "root.pem", "localhost", CLOCK_AFTER_EXPIRY,
      false, TLS13_ERR_CERT_EXPIRED, TLS13_ALERT_CERTIFICATE_EXPIRED, "CN=localhost" },
    { "not yet valid (clock before notBefore)", "server_ec", "root.pem", "localhost",
      CLOCK_BEFORE_VALIDITY, false, TLS13_ERR_CERT_NOT_YET_VALID,
      TLS13_ALERT_CERTIFICATE_EXPIRED, "CN=" },
    { "untrusted root (another root's CA file)", "server_ec", "other_root.pem", "localhost",
      CLOCK_NOW, false, TLS13_ERR_CERT_UNKNOWN_CA, TLS13_ALERT_UNKNOWN_CA, NULL },
    { "a leaf used as a CA", "leaf_by_leaf", "root.pem", "localhost", CLOCK_NOW, false,
      TLS13_ERR_CERT_NOT_A_CA, TLS13_ALERT_BAD_CERTIFICATE, "CN=localhost" },
    { "a chain too long for a pathlen:0 CA", "server_deep", "root.pem", "localhost", CLOCK_NOW,
      false, TLS13_ERR_CERT_PATH_TOO_LONG, TLS13_ALERT_BAD_CERTIFICATE, "Pathlen Zero" },
    { "the intermediate's signature flipped", "server_ec", "root.pem", "localhost", CLOCK_NOW,
      true, TLS13_ERR_CERT_BAD_SIGNATURE, TLS13_ALERT_BAD_CERTIFICATE, "Test Intermediate" },
    { "wildcard *.*.localhost for a.b.localhost", "server_wild", "root.pem", "a.b.localhost",
      CLOCK_NOW, false, TLS13_ERR_CERT_HOSTNAME_MISMATCH, TLS13_ALERT_BAD_CERTIFICATE, NULL },
    { "wildcard f*o.localhost for foo.localhost", "server_wild", "root.pem", "foo.localhost",
      CLOCK_NOW, false, TLS13_ERR_CERT_HOSTNAME_MISMATCH, TLS13_ALERT_BAD_CERTIFICATE, NULL },
    { "a wildcard stands for one label only", "server_wild", "root.pem", "good.localhost",
      CLOCK_NOW, false, TLS13_ERR_CERT_HOSTNAME_MISMATCH, TLS13_ALERT_BAD_CERTIFICATE, NULL },
    { "a clientAuth-only leaf from a server", "client_ec", "root.pem", "client.localhost",
      CLOCK_NOW, false, TLS13_ERR_CERT_WRONG_PURPOSE, TLS13_ALERT_UNSUPPORTED_CERTIFICATE,
      NULL },
    { "an unknown critical extension", "server_crit", "root.pem", "localhost", CLOCK_NOW, false,
      TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION, TLS13_ALERT_UNSUPPORTED_CERTIFICATE,
      "1.2.3.4" },
};

START_TEST(client_refuses_a_bad_chain_with_its_own_error_and_alert)
{
    REQUIRE_PKI();
    const reject_case *c = &rejected[_i];
    tls13_config *scfg = server_presenting(c->leaf);
    tls13_config *ccfg = client_trusting(c->ca);
    if (c->flip_intermediate) {
        ck_assert_uint_eq(scfg->chain.count, 2);
        x509_der *inter = &scfg->chain.certs[1];
        inter->data[inter->len - 1] ^= 0x01; /* the last byte of signatureValue */
    }
    int64_t now = c->clock == CLOCK_AFTER_EXPIRY      ? pki_after_leaves_expire(&pki)
                  : c->clock == CLOCK_BEFORE_VALIDITY ? pki_before_anything_is_valid(&pki)
                                                      : 0;
    if (c->clock != CLOCK_NOW)
        tls13_config_set_time(ccfg, fixed_clock, &now);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, c->host);
    (void)hx_handshake(&p, 0);
    const char *msg = tls13_conn_error_message(p.client);
    printf("  %-44s %s: %s\n", c->what, tls13_error_name(p.client_err), msg);
    ck_assert_msg(p.client_err == c->err, "%s: got %s (%s)", c->what,
                  tls13_error_name(p.client_err), msg);
    ck_assert_int_eq(tls13_conn_error(p.client), c->err);
    ck_assert(!tls13_conn_handshake_done(p.client));
    if (c->detail != NULL)
        ck_assert_msg(strstr(msg, c->detail) != NULL, "%s: \"%s\" lacks \"%s\"", c->what, msg,
                      c->detail);
    /* The alert went out and the server read it. */
    ck_assert_int_eq(p.server_err, TLS13_ERR_PEER_ALERT);
    ck_assert_int_eq(tls13_conn_peer_alert(p.server), c->alert);
    ck_assert_int_eq(tls13_error_alert(c->err), c->alert);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* Pins and --insecure replace path validation: the untrusted chain, the
 * wrong name are accepted then; the CertificateVerify is still checked. */
START_TEST(pins_and_insecure_override_path_validation)
{
    REQUIRE_PKI();
    tls13_config *scfg = server_presenting("server_ec");
    for (int mode = 0; mode < 2; mode++) {
        tls13_config *ccfg = client_trusting("other_root.pem");
        if (mode == 0)
            ck_assert_int_eq(tls13_config_add_pin_file(ccfg, pki_path(&pki, "server_ec.pem").s),
                             TLS13_OK);
        else
            tls13_config_insecure_noverifycert(ccfg);
        hx_pair p;
        hx_pair_init(&p, ccfg, scfg, "www.example.com");
        ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
        hx_pair_free(&p);
        tls13_config_free(ccfg);
    }
    tls13_config_free(scfg);
}
END_TEST

/* ==== in-process: mutual TLS ================================================================== */

typedef struct client_leaf {
    const char *name;
    const char *key;     /* a key file in another format than the PKCS#8 one */
} client_leaf;

static const client_leaf client_leaves[] = {
    { "client_rsa", "client_rsa_pkcs1.key" },
    { "client_ec", "client_ec_sec1.key" },
    { "client_ed", "client_ed.key" },
};

static tls13_config *server_asking(bool require)
{
    tls13_config *cfg = server_presenting("server_ec");
    ck_assert_int_eq(tls13_config_set_verify_client_file(cfg, pki_path(&pki, "root.pem").s),
                     TLS13_OK);
    if (require)
        tls13_config_require_client_cert(cfg);
    return cfg;
}

START_TEST(server_verifies_each_client_certificate)
{
    REQUIRE_PKI();
    const client_leaf *c = &client_leaves[_i];
    tls13_config *scfg = server_asking(true);
    tls13_config *ccfg = client_trusting("root.pem");
    use_credentials(ccfg, c->name, c->key);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    tls13_error err = hx_handshake(&p, 0);
    ck_assert_msg(err == TLS13_OK, "%s: %s: %s", c->name, tls13_error_name(err),
                  tls13_conn_error_message(p.server));
    assert_peer_certificate(p.server, c->name);
    assert_peer_certificate(p.client, "server_ec");
    /* Data both ways after mutual authentication. */
    ck_assert_int_eq(tls13_conn_write(p.client, (const uint8_t *)"who", 3), TLS13_OK);
    ck_assert_int_eq(tls13_conn_write(p.server, (const uint8_t *)"you", 3), TLS13_OK);
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    ck_assert_uint_eq(p.server_got.len, 3);
    ck_assert_uint_eq(p.client_got.len, 3);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

START_TEST(missing_client_certificate_when_required_is_refused_on_both_sides)
{
    REQUIRE_PKI();
    tls13_config *scfg = server_asking(true);
    tls13_config *ccfg = client_trusting("root.pem");
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    (void)hx_handshake(&p, 0);
    ck_assert_int_eq(p.server_err, TLS13_ERR_CERTIFICATE_REQUIRED);
    ck_assert_int_eq(tls13_conn_error(p.server), TLS13_ERR_CERTIFICATE_REQUIRED);
    ck_assert(!tls13_conn_handshake_done(p.server));
    ck_assert_int_eq(p.client_err, TLS13_ERR_PEER_ALERT);
    ck_assert_int_eq(tls13_conn_peer_alert(p.client), TLS13_ALERT_CERTIFICATE_REQUIRED);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

START_TEST(missing_client_certificate_when_optional_completes_without_one)
{
    REQUIRE_PKI();
    tls13_config *scfg = server_asking(false);
    tls13_config *ccfg = client_trusting("root.pem");
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    size_t len = 1;
    ck_assert_ptr_null(tls13_conn_peer_certificate(p.server, &len));
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* After a HelloRetryRequest the CertificateRequest comes in the server's
 * flight after the second ClientHello; compatibility-mode CCS on both sides. */
START_TEST(mutual_tls_after_a_hello_retry_request)
{
    REQUIRE_PKI();
    tls13_config *scfg = server_asking(true);
    ck_assert_int_eq(tls13_config_set_groups(scfg, "P-256"), TLS13_OK);
    tls13_config *ccfg = client_trusting("root.pem");
    ck_assert_int_eq(tls13_config_set_groups(ccfg, "X25519:P-256"), TLS13_OK);
    use_credentials(ccfg, "client_ed", NULL);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 1), TLS13_OK); /* one byte at a time, too */
    ck_assert(tls13_conn_did_hello_retry(p.client));
    assert_peer_certificate(p.server, "client_ed");
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* A client with a certificate shows it only when asked. */
START_TEST(client_certificate_is_not_sent_unasked)
{
    REQUIRE_PKI();
    tls13_config *scfg = server_presenting("server_ec");
    tls13_config *ccfg = client_trusting("root.pem");
    use_credentials(ccfg, "client_ec", NULL);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    size_t len = 1;
    ck_assert_ptr_null(tls13_conn_peer_certificate(p.server, &len));
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

typedef struct client_reject_case {
    const char *what;
    const char *leaf;
    bool server_clock_after_expiry;
    tls13_error err;
    tls13_alert alert;
} client_reject_case;

static const client_reject_case client_rejected[] = {
    { "a client certificate from an untrusted CA", "other_client", false,
      TLS13_ERR_CERT_UNKNOWN_CA, TLS13_ALERT_UNKNOWN_CA },
    { "an expired client certificate (server clock)", "client_ec", true, TLS13_ERR_CERT_EXPIRED,
      TLS13_ALERT_CERTIFICATE_EXPIRED },
    { "a serverAuth-only leaf as a client certificate", "server_ec", false,
      TLS13_ERR_CERT_WRONG_PURPOSE, TLS13_ALERT_UNSUPPORTED_CERTIFICATE },
};

START_TEST(server_refuses_a_bad_client_certificate)
{
    REQUIRE_PKI();
    const client_reject_case *c = &client_rejected[_i];
    tls13_config *scfg = server_asking(true);
    int64_t now = pki_after_leaves_expire(&pki);
    if (c->server_clock_after_expiry)
        tls13_config_set_time(scfg, fixed_clock, &now);
    tls13_config *ccfg = client_trusting("root.pem");
    if (c->server_clock_after_expiry) /* the server's own chain must still look fine */
        tls13_config_insecure_noverifycert(ccfg);
    use_credentials(ccfg, c->leaf, NULL);
    hx_pair p;
    hx_pair_init(&p, ccfg, scfg, "localhost");
    (void)hx_handshake(&p, 0);
    printf("  %-44s %s: %s\n", c->what, tls13_error_name(p.server_err),
           tls13_conn_error_message(p.server));
    ck_assert_msg(p.server_err == c->err, "%s: got %s", c->what, tls13_error_name(p.server_err));
    ck_assert_int_eq(p.client_err, TLS13_ERR_PEER_ALERT);
    ck_assert_int_eq(tls13_conn_peer_alert(p.client), c->alert);
    hx_pair_free(&p);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
}
END_TEST

/* ==== live: processes on 127.0.0.1 ============================================================ */

typedef struct child {
    const char *name;
    pid_t pid;
    int in_fd;           /* its standard input; -1 once closed */
    int out_fd;          /* its standard output and error, merged */
    char out[65536];     /* what it wrote (NUL-terminated; the rest is dropped) */
    size_t out_len;
    bool eof;
} child;

static void set_cloexec(int fd)
{
    int flags = fcntl(fd, F_GETFD);
    ck_assert_int_ge(flags, 0);
    ck_assert_int_eq(fcntl(fd, F_SETFD, flags | FD_CLOEXEC), 0);
}

/* argv[0] is looked up in PATH. The child gets its own process group and,
 * on Linux, dies with this process. */
static void child_start(child *c, const char *name, const char *const argv[])
{
    memset(c, 0, sizeof *c);
    c->name = name;
    int in[2], out[2];
    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(out), 0);
    for (int i = 0; i < 2; i++) {
        set_cloexec(in[i]);
        set_cloexec(out[i]);
    }
    pid_t parent = getpid();
    c->pid = fork();
    ck_assert_int_ge(c->pid, 0);
    if (c->pid == 0) {
        setpgid(0, 0);
#ifdef __linux__
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent)
            _exit(127);
#else
        (void)parent;
#endif
        if (dup2(in[0], STDIN_FILENO) < 0 || dup2(out[1], STDOUT_FILENO) < 0 ||
            dup2(out[1], STDERR_FILENO) < 0)
            _exit(127);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    c->in_fd = in[1];
    c->out_fd = out[0];
}

/* Reads what is there (waiting at most timeout_ms); false at EOF or when
 * nothing came. */
static bool child_read(child *c, int timeout_ms)
{
    if (c->eof)
        return false;
    struct pollfd p = { .fd = c->out_fd, .events = POLLIN };
    int r = poll(&p, 1, timeout_ms < 0 ? 0 : timeout_ms);
    if (r <= 0)
        return false;
    char buf[4096];
    ssize_t n = read(c->out_fd, buf, sizeof buf);
    if (n <= 0) {
        c->eof = true;
        return false;
    }
    size_t room = sizeof c->out - 1 - c->out_len;
    size_t take = (size_t)n < room ? (size_t)n : room;
    memcpy(c->out + c->out_len, buf, take);
    c->out_len += take;
    c->out[c->out_len] = '\0';
    return true;
}

static long long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Waits until `needle` appears in the child's output. */
static bool child_wait_for(child *c, const char *needle)
{
    long long deadline = now_ms() + LIVE_TIMEOUT_MS;
    while (strstr(c->out, needle) == NULL) {
        if (now_ms() >= deadline || (c->eof && !child_read(c, 0)))
            return false;
        child_read(c, (int)(deadline - now_ms()));
    }
    return true;
}

/* The port of an "ACCEPT 127.0.0.1:PORT" line (openssl s_server and
 * tls13-server both print one). */
static int child_port(child *c)
{
    static const char prefix[] = "ACCEPT 127.0.0.1:";
    long long deadline = now_ms() + LIVE_TIMEOUT_MS;
    for (;;) {
        const char *at = strstr(c->out, prefix);
        if (at != NULL) {
            char *end;
            long port = strtol(at + sizeof prefix - 1, &end, 10);
            if (*end == '\n' && port > 0 && port < 65536)
                return (int)port;
        }
        ck_assert_msg(now_ms() < deadline && !(c->eof && !child_read(c, 0)),
                      "%s never said where it listens:\n%s", c->name, c->out);
        child_read(c, (int)(deadline - now_ms()));
    }
}

static void child_send(child *c, const char *text)
{
    size_t len = strlen(text);
    ck_assert_int_eq(write(c->in_fd, text, len), (ssize_t)len);
}

static void child_close_stdin(child *c)
{
    if (c->in_fd >= 0)
        close(c->in_fd);
    c->in_fd = -1;
}

/* Waits for the exit (reading its output meanwhile): its exit status, or -1
 * if it did not exit in time (then it is killed) or died of a signal. */
static int child_exit_status(child *c)
{
    long long deadline = now_ms() + LIVE_TIMEOUT_MS;
    int status;
    for (;;) {
        pid_t r = waitpid(c->pid, &status, WNOHANG);
        if (r == c->pid) {
            c->pid = 0;
            while (child_read(c, 0))
                ;
            return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
        }
        if (now_ms() >= deadline) {
            kill(-c->pid, SIGKILL);
            kill(c->pid, SIGKILL);
            waitpid(c->pid, &status, 0);
            c->pid = 0;
            return -1;
        }
        if (!child_read(c, 20) && c->eof) {
            struct timespec pause = { 0, 10 * 1000 * 1000 };
            nanosleep(&pause, NULL);
        }
    }
}

/* Kills it if it still runs; closes everything. */
static void child_finish(child *c)
{
    if (c->pid > 0) {
        kill(-c->pid, SIGKILL);
        kill(c->pid, SIGKILL);
        int status;
        waitpid(c->pid, &status, 0);
        c->pid = 0;
    }
    child_close_stdin(c);
    if (c->out_fd >= 0)
        close(c->out_fd);
    c->out_fd = -1;
}

#define REQUIRE_TOOL(path)                                                                 \
    do {                                                                                   \
        if (access(path, X_OK) != 0) {                                                     \
            printf("skipped: %s not built: %s\n", path, __func__);                        \
            return;                                                                        \
        }                                                                                  \
    } while (0)

static void tool_path(char *out, size_t cap, const char *tool)
{
    snprintf(out, cap, "%s/%s", tools_dir, tool);
}

static int connect_loopback(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_ge(fd, 0);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof sa), 0);
    struct timeval tv = { LIVE_TIMEOUT_MS / 1000, 0 };
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return fd;
}

/* openssl s_server -tls1_3 with a leaf and the intermediate (-cert_chain),
 * one connection, each line sent back reversed (-rev); extra options after. */
static void start_s_server(child *c, const char *leaf, const char *const *extra)
{
    char cert[64], key[64];
    snprintf(cert, sizeof cert, "%s.pem", leaf);
    snprintf(key, sizeof key, "%s.key", leaf);
    pki_path_buf cert_p = pki_path(&pki, cert), key_p = pki_path(&pki, key),
                 int_p = pki_path(&pki, "int.pem");
    const char *argv[24] = { "openssl", "s_server", "-tls1_3", "-accept", "127.0.0.1:0",
                             "-naccept", "1", "-rev", "-cert", cert_p.s, "-cert_chain",
                             int_p.s, "-key", key_p.s };
    size_t n = 14;
    for (size_t i = 0; extra != NULL && extra[i] != NULL && n < 23; i++)
        argv[n++] = extra[i];
    argv[n] = NULL;
    child_start(c, "openssl s_server", argv);
}

/* Our client, through the socket API, verifying by default against the
 * PKI's root: one line there and back. Returns the handshake's result. */
static tls13_error talk_to(int port, const char *ca, uint16_t *scheme)
{
    tls13_config *cfg = client_trusting(ca);
    int fd = connect_loopback(port);
    tls13_socket *s = tls13_socket_client(cfg, fd, "localhost");
    ck_assert_ptr_nonnull(s);
    tls13_error err = tls13_socket_handshake(s);
    if (err == TLS13_OK) {
        *scheme = tls13_conn_signature_scheme(tls13_socket_conn(s));
        static const char line[] = "hello from tls13\n", back[] = "31slt morf olleh";
        size_t n = 0;
        ck_assert_int_eq(tls13_socket_write(s, line, sizeof line - 1, &n), TLS13_OK);
        char got[256] = { 0 };
        size_t have = 0;
        while (strstr(got, back) == NULL && have < sizeof got - 1) {
            ck_assert_int_eq(tls13_socket_read(s, got + have, sizeof got - 1 - have, &n),
                             TLS13_OK);
            have += n;
        }
        ck_assert_int_eq(tls13_socket_close(s), TLS13_OK);
    } else {
        printf("  our client: %s: %s\n", tls13_error_name(err),
               tls13_conn_error_message(tls13_socket_conn(s)));
    }
    tls13_socket_free(s);
    close(fd);
    tls13_config_free(cfg);
    return err;
}

static const accept_case live_leaves[] = {
    { "server_rsa", "localhost", SIG_RSA_PSS_RSAE_SHA256 },
    { "server_ec", "localhost", SIG_ECDSA_SECP256R1_SHA256 },
    { "server_ed", "localhost", SIG_ED25519 },
};

START_TEST(openssl_s_server_with_each_leaf_is_verified)
{
    REQUIRE_PKI();
    const accept_case *c = &live_leaves[_i];
    child server;
    start_s_server(&server, c->leaf, NULL);
    int port = child_port(&server);
    uint16_t scheme = 0;
    tls13_error err = talk_to(port, "root.pem", &scheme);
    ck_assert_msg(err == TLS13_OK, "%s: %s\n%s", c->leaf, tls13_error_name(err), server.out);
    ck_assert_uint_eq(scheme, c->scheme);
    ck_assert_msg(child_exit_status(&server) == 0, "s_server:\n%s", server.out);
    child_finish(&server);
}
END_TEST

START_TEST(openssl_s_server_from_an_untrusted_root_is_refused)
{
    REQUIRE_PKI();
    child server;
    start_s_server(&server, "server_ec", NULL);
    int port = child_port(&server);
    uint16_t scheme = 0;
    ck_assert_int_eq(talk_to(port, "other_root.pem", &scheme), TLS13_ERR_CERT_UNKNOWN_CA);
    ck_assert(child_wait_for(&server, "alert unknown ca"));
    child_finish(&server);
}
END_TEST

/* build/tools/tls13-server --verify-client root --require-client-cert. */
static void start_tls13_server(child *c, char *server_bin)
{
    pki_path_buf chain = pki_path(&pki, "server_ec_chain.pem"),
                 key = pki_path(&pki, "server_ec.key"), root = pki_path(&pki, "root.pem");
    const char *argv[] = { server_bin, "--accept", "127.0.0.1:0", "--once", "--cert", chain.s,
                           "--key", key.s, "--verify-client", root.s, "--require-client-cert",
                           NULL };
    child_start(c, "tls13-server", argv);
}

static void start_s_client(child *c, int port, const char *leaf)
{
    char portarg[32], cert[64], key[64];
    snprintf(portarg, sizeof portarg, "127.0.0.1:%d", port);
    snprintf(cert, sizeof cert, "%s.pem", leaf != NULL ? leaf : "");
    snprintf(key, sizeof key, "%s.key", leaf != NULL ? leaf : "");
    pki_path_buf root = pki_path(&pki, "root.pem"), int_p = pki_path(&pki, "int.pem"),
                 cert_p = pki_path(&pki, cert), key_p = pki_path(&pki, key);
    const char *argv[24] = { "openssl", "s_client", "-tls1_3", "-connect", portarg,
                             "-servername", "localhost", "-verify_hostname", "localhost",
                             "-CAfile", root.s, "-verify_return_error", "-quiet",
                             "-no_ign_eof" };
    size_t n = 14;
    if (leaf != NULL) {
        const char *more[] = { "-cert", cert_p.s, "-key", key_p.s, "-cert_chain", int_p.s };
        for (size_t i = 0; i < 6; i++)
            argv[n++] = more[i];
    }
    argv[n] = NULL;
    child_start(c, "openssl s_client", argv);
}

START_TEST(openssl_s_client_with_a_certificate_is_verified_by_tls13_server)
{
    REQUIRE_PKI();
    char server_bin[PATH_MAX + 32];
    tool_path(server_bin, sizeof server_bin, "tls13-server");
    REQUIRE_TOOL(server_bin);
    child server, client;
    start_tls13_server(&server, server_bin);
    start_s_client(&client, child_port(&server), "client_ec");
    child_send(&client, "hello tls13-server\n");
    ck_assert_msg(child_wait_for(&client, "hello tls13-server\n"), "no echo:\n%s\n%s",
                  client.out, server.out);
    child_close_stdin(&client);
    ck_assert_msg(child_exit_status(&client) == 0, "s_client:\n%s", client.out);
    ck_assert_msg(child_exit_status(&server) == 0, "tls13-server:\n%s", server.out);
    char want[PATH_MAX + 128];
    snprintf(want, sizeof want, "tls13-server: client certificate verified, chain to a trust "
             "anchor of %s: CN=Test Client EC, issued by CN=Test Intermediate",
             pki_path(&pki, "root.pem").s);
    ck_assert_msg(strstr(server.out, want) != NULL, "tls13-server's log lacks \"%s\":\n%s",
                  want, server.out);
    child_finish(&client);
    child_finish(&server);
}
END_TEST

START_TEST(openssl_s_client_without_a_certificate_gets_certificate_required)
{
    REQUIRE_PKI();
    char server_bin[PATH_MAX + 32];
    tool_path(server_bin, sizeof server_bin, "tls13-server");
    REQUIRE_TOOL(server_bin);
    child server, client;
    start_tls13_server(&server, server_bin);
    start_s_client(&client, child_port(&server), NULL);
    child_send(&client, "anyone there?\n");
    ck_assert_msg(child_exit_status(&server) == 1, "tls13-server:\n%s", server.out);
    ck_assert_msg(strstr(server.out, "handshake failed: the server requires a client "
                                     "certificate and none was sent") != NULL &&
                  strstr(server.out, "(sent alert certificate_required)") != NULL,
                  "tls13-server:\n%s", server.out);
    child_close_stdin(&client);
    ck_assert_int_ne(child_exit_status(&client), 0);
    ck_assert_msg(strstr(client.out, "certificate required") != NULL, "s_client:\n%s",
                  client.out);
    child_finish(&client);
    child_finish(&server);
}
END_TEST

START_TEST(tls13_client_with_a_certificate_is_verified_by_openssl_s_server)
{
    REQUIRE_PKI();
    char client_bin[PATH_MAX + 32];
    tool_path(client_bin, sizeof client_bin, "tls13-client");
    REQUIRE_TOOL(client_bin);
    pki_path_buf root = pki_path(&pki, "root.pem"), chain = pki_path(&pki, "client_rsa_chain.pem"),
                 key = pki_path(&pki, "client_rsa_pkcs1.key");
    const char *extra[] = { "-Verify", "1", "-CAfile", root.s, NULL };
    child server, client;
    start_s_server(&server, "server_rsa", extra);
    char connect_arg[32];
    snprintf(connect_arg, sizeof connect_arg, "127.0.0.1:%d", child_port(&server));
    const char *argv[] = { client_bin, "--connect", connect_arg, "--servername", "localhost",
                           "--cafile", root.s, "--cert", chain.s, "--key", key.s, NULL };
    child_start(&client, "tls13-client", argv);
    child_send(&client, "mutual\n");
    ck_assert_msg(child_wait_for(&client, "lautum\n"), "no answer:\n%s\n%s", client.out,
                  server.out);
    child_close_stdin(&client);
    ck_assert_msg(child_exit_status(&client) == 0, "tls13-client:\n%s", client.out);
    ck_assert_msg(child_exit_status(&server) == 0, "s_server:\n%s", server.out);
    ck_assert_msg(strstr(server.out, "Peer certificate: CN = Test Client RSA") != NULL &&
                  strstr(server.out, "Verification: OK") != NULL,
                  "s_server did not verify the client:\n%s", server.out);
    ck_assert_msg(strstr(client.out, "the server asked for a client certificate: sent --cert"),
                  "tls13-client:\n%s", client.out);
    child_finish(&client);
    child_finish(&server);
}
END_TEST

/* ==== RFC 8448 §6: client authentication, replayed as far as the keys allow =================== */

#define RFC_CLIENT_AUTH "rfc8448/client_authentication.txt"
#define RFC_CLIENT_AUTH_COMPUTED "rfc8448/client_authentication_computed.txt"
#define HELLO_RANDOM_OFFSET (HS_HEADER_LEN + 2)

typedef struct trace {
    vec_file main, computed;
} trace;

static void trace_open(trace *t)
{
    ck_assert_int_eq(vec_load(&t->main, RFC_CLIENT_AUTH), 0);
    ck_assert_int_eq(vec_load(&t->computed, RFC_CLIENT_AUTH_COMPUTED), 0);
}

static void trace_close(trace *t)
{
    vec_free(&t->main);
    vec_free(&t->computed);
}

static span tv(const trace *t, const char *name)
{
    const vec_entry *e = vec_find(&t->main, name);
    if (e == NULL)
        e = vec_find(&t->computed, name);
    ck_assert_msg(e != NULL, "no vector %s", name);
    span s = { e->data, e->len };
    return s;
}

static void set_bignum(sig_bignum *b, const vec_file *vf, const char *name)
{
    size_t len;
    const uint8_t *data = vec_get(vf, name, &len);
    ck_assert_uint_le(len, sizeof b->bytes);
    memcpy(b->bytes, data, len);
    b->len = len;
}

/* RFC 8448 §2's RSA key (the §3 server's, 1024 bits): the stand-in for the
 * §6 client's unpublished key, which has the same size. */
static void use_rfc8448_rsa_key(tls13_config *cfg)
{
    vec_file keyfile;
    ck_assert_int_eq(vec_load(&keyfile, "rfc8448/server_rsa_key.txt"), 0);
    sig_private_key *key = &cfg->key;
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
    cfg->has_key = true;
}

/* A config's chain: one certificate (copied). */
static void use_chain_of_one(tls13_config *cfg, span der)
{
    x509_chain_free(&cfg->chain);
    cfg->chain.certs[0].data = malloc(der.len);
    ck_assert_ptr_nonnull(cfg->chain.certs[0].data);
    memcpy(cfg->chain.certs[0].data, der.data, der.len);
    cfg->chain.certs[0].len = der.len;
    cfg->chain.count = 1;
}

static size_t pending(tls13_conn *conn, const uint8_t **out)
{
    return tls13_conn_pending_output(conn, out);
}

/* Feeds whole trace records; every byte must be taken without error. */
static void feed_records(tls13_conn *conn, const trace *t, const char *const *names)
{
    for (size_t i = 0; names[i] != NULL; i++) {
        span rec = tv(t, names[i]);
        size_t used = 0;
        tls13_error err = tls13_conn_recv(conn, rec.data, rec.len, &used);
        ck_assert_msg(err == TLS13_OK, "%s: %s: %s", names[i], tls13_error_name(err),
                      tls13_conn_error_message(conn));
        ck_assert_uint_eq(used, rec.len);
    }
}

/* The pending output must be exactly the trace's record. */
static void expect_record(tls13_conn *conn, const trace *t, const char *name)
{
    const uint8_t *out;
    size_t len = pending(conn, &out);
    span want = tv(t, name);
    ck_assert_msg(len >= want.len && memcmp(out, want.data, want.len) == 0,
                  "%s differs from the trace (%zu bytes pending, the trace's has %zu)", name, len,
                  want.len);
    tls13_conn_output_done(conn, want.len);
    printf("  = %s, byte for byte\n", name);
}

/* Opens one record of the pending output with a traffic secret of the
 * trace (sequence 0) and returns its content (type handshake). */
static size_t open_pending_record(tls13_conn *conn, const trace *t, const char *secret_name,
                                  uint8_t *content, size_t cap, size_t *record_len)
{
    const uint8_t *out;
    size_t len = pending(conn, &out);
    hx_record rec;
    ck_assert_uint_eq(hx_split_records(out, len, &rec, 1), 1);
    span sec = tv(t, secret_name);
    ks_secret secret;
    memset(&secret, 0, sizeof secret);
    secret.alg = HASH_SHA256;
    memcpy(secret.secret, sec.data, sec.len);
    uint8_t *inner = malloc(rec.len);
    size_t inner_len, content_len;
    uint8_t type;
    ck_assert(hx_open(&secret, AEAD_AES_128_GCM, 0, rec.bytes, rec.len, inner, &inner_len));
    ck_assert(hx_inner_split(inner, inner_len, &type, &content_len));
    ck_assert_uint_eq(type, RECORD_HANDSHAKE);
    ck_assert_uint_le(content_len, cap);
    memcpy(content, inner, content_len);
    free(inner);
    *record_len = rec.len;
    tls13_conn_output_done(conn, len);
    return content_len;
}

/* Compares the messages of `got` with the trace's, in order; returns how
 * many are byte-for-byte equal before the first difference. */
static size_t same_messages(const uint8_t *got, size_t got_len, const trace *t,
                            const char *const *names)
{
    size_t off = 0, n = 0;
    for (; names[n] != NULL; n++) {
        span want = tv(t, names[n]);
        if (off + want.len > got_len || memcmp(got + off, want.data, want.len) != 0)
            break;
        printf("  = %s, byte for byte (inside the encrypted record)\n", names[n]);
        off += want.len;
    }
    return n;
}

/* The header and scheme of the CertificateVerify at msg. */
static uint16_t cv_scheme(const uint8_t *msg)
{
    ck_assert_uint_eq(msg[0], HS_CERTIFICATE_VERIFY);
    return (uint16_t)(msg[HS_HEADER_LEN] << 8 | msg[HS_HEADER_LEN + 1]);
}

/* The client replays the trace: its ClientHello (the trace's, through the
 * test seam, with the trace's random and x25519 key), the server's whole
 * flight accepted (the server's ECDSA CertificateVerify checked with the
 * trace's certificate, pinned; its Finished), and the application secrets
 * match the trace's again after the client's own flight: they do not
 * depend on it. */
START_TEST(rfc8448_client_authentication_client_side)
{
    trace t;
    trace_open(&t);
    tls13_config *cfg = config_new();
    ck_assert_int_eq(tls13_config_set_groups(cfg, "X25519:P-256"), TLS13_OK);
    /* The trace's server certificate, pinned (it expired in 2026, and no CA
     * vouches for it). */
    span server_leaf = replay_leaf_certificate(tv(&t, "server_certificate").data,
                                               tv(&t, "server_certificate").len);
    cfg->pins[0].data = malloc(server_leaf.len);
    ck_assert_ptr_nonnull(cfg->pins[0].data);
    memcpy(cfg->pins[0].data, server_leaf.data, server_leaf.len);
    cfg->pins[0].len = server_leaf.len;
    cfg->pin_count = 1;
    /* The trace's client certificate, with a stand-in key of the same size. */
    use_chain_of_one(cfg, replay_leaf_certificate(tv(&t, "client_certificate").data,
                                                  tv(&t, "client_certificate").len));
    use_rfc8448_rsa_key(cfg);
    ck_assert_int_eq(tls13_config_check_credentials(cfg),
                     TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE);
    cfg->test.sign_with_any_key = true; /* the seam for unpublished keys */
    cfg->test.client_hello[0] = tv(&t, "client_hello");
    scripted_random rng = { 0 };
    scripted_random_add(&rng, tv(&t, "client_hello").data + HELLO_RANDOM_OFFSET, HS_RANDOM_LEN,
                        0);
    scripted_random_add(&rng, NULL, HS_MAX_SESSION_ID, 0); /* replaced by the trace's (empty) */
    scripted_random_add(&rng, tv(&t, "client_x25519_private_key").data,
                        tv(&t, "client_x25519_private_key").len, 0);
    scripted_random_add(&rng, NULL, 32, 0x5a); /* our CertificateVerify's RSA-PSS salt */
    tls13_config_set_random(cfg, scripted_random_source(&rng));
    tls13_conn *c = tls13_client_new(cfg, "server");
    ck_assert_ptr_nonnull(c);

    printf("RFC 8448 §6, the client's side:\n");
    ck_assert_int_eq(tls13_conn_handshake(c), TLS13_WANT_READ);
    expect_record(c, &t, "client_hello_record");
    static const char *const flight[] = { "server_hello_record",
                                          "server_encrypted_handshake_record", NULL };
    feed_records(c, &t, flight);
    ck_assert(tls13_conn_handshake_done(c));
    ck_assert_uint_eq(tls13_conn_signature_scheme(c), SIG_ECDSA_SECP256R1_SHA256);
    printf("  = the server's flight accepted: EncryptedExtensions, CertificateRequest, the\n"
           "    pinned Certificate, its ECDSA P-256 CertificateVerify and its Finished\n");

    /* The client's answer: Certificate, CertificateVerify, Finished. */
    uint8_t content[4096];
    size_t record_len;
    size_t len = open_pending_record(c, &t, "client_handshake_traffic_secret", content,
                                     sizeof content, &record_len);
    ck_assert_uint_eq(record_len, tv(&t, "client_encrypted_handshake_record").len);
    static const char *const answer[] = { "client_certificate", "client_certificate_verify",
                                          "client_finished", NULL };
    size_t same = same_messages(content, len, &t, answer);
    ck_assert_uint_eq(same, 1);
    span trace_cv = tv(&t, "client_certificate_verify");
    const uint8_t *our_cv = content + tv(&t, "client_certificate").len;
    ck_assert_uint_eq(cv_scheme(our_cv), cv_scheme(trace_cv.data));
    ck_assert_mem_eq(our_cv, trace_cv.data, HS_HEADER_LEN + 4); /* same scheme, same length */
    ck_assert_mem_ne(our_cv, trace_cv.data, trace_cv.len);
    printf("  ! client_encrypted_handshake_record: the replay stops here. It opens with the\n"
           "    trace's client handshake key and has the trace's length; its Certificate is\n"
           "    the trace's, its CertificateVerify has the trace's scheme (%s) and\n"
           "    length, but not its signature: the client's RSA private key is not\n"
           "    published (RFC 8448 §6), so a stand-in of the same size (§3's server key)\n"
           "    signed it; the client Finished covers that signature, so it differs too.\n",
           sig_scheme_name(cv_scheme(our_cv)));

    /* The application traffic secrets end at the server's Finished. */
    ck_assert_int_eq(tls13_conn_close(c), TLS13_OK);
    expect_record(c, &t, "client_close_notify_record");
    static const char *const closing[] = { "server_close_notify_record", NULL };
    feed_records(c, &t, closing);
    uint8_t buf[16];
    size_t n;
    ck_assert_int_eq(tls13_conn_read(c, buf, sizeof buf, &n), TLS13_ERR_PEER_CLOSED);
    printf("  = server_close_notify_record read: the application secrets are the trace's\n");
    ck_assert_uint_eq(rng.next, rng.count);
    tls13_conn_free(c);
    tls13_config_free(cfg);
    scripted_random_free(&rng);
    trace_close(&t);
}
END_TEST

/* The trace's own client CertificateVerify verifies with the trace's client
 * certificate over the trace's transcript, built the way the library
 * builds it (hs_certificate_verify_content): what our server would accept
 * had its own flight been the trace's. */
static void trace_client_certificate_verify_holds(const trace *t)
{
    static const char *const transcript[] = { "client_hello", "server_hello",
                                              "encrypted_extensions", "certificate_request",
                                              "server_certificate", "server_certificate_verify",
                                              "server_finished", "client_certificate", NULL };
    hx_buf all = { 0 };
    for (size_t i = 0; transcript[i] != NULL; i++)
        hx_buf_append(&all, tv(t, transcript[i]).data, tv(t, transcript[i]).len);
    uint8_t hash[HASH_SHA256_LEN], signed_content[146];
    hash_digest(HASH_SHA256, all.data, all.len, hash);
    hx_buf_free(&all);
    size_t content_len = hs_certificate_verify_content(false, hash, sizeof hash, signed_content);
    span cv_msg = tv(t, "client_certificate_verify");
    certificate_verify cv;
    ck_assert_int_eq(hs_parse_certificate_verify(cv_msg.data + HS_HEADER_LEN,
                                                 cv_msg.len - HS_HEADER_LEN, &cv),
                     TLS13_OK);
    span leaf = replay_leaf_certificate(tv(t, "client_certificate").data,
                                        tv(t, "client_certificate").len);
    sig_public_key key;
    ck_assert_int_eq(x509_certificate_public_key(leaf.data, leaf.len, &key), TLS13_OK);
    ck_assert_int_eq(sig_verify(&key, cv.algorithm, signed_content, content_len,
                                cv.signature.data, cv.signature.len),
                     TLS13_OK);
}

/* The server replays the trace: its ServerHello byte for byte (the trace's
 * random and x25519 key), then inside its encrypted flight the trace's
 * EncryptedExtensions, CertificateRequest (the trace's scheme list, through
 * a test seam) and Certificate; its CertificateVerify cannot be the trace's
 * (the server's P-256 key is not published, and ECDSA signatures are
 * randomized). The trace's client flight still opens with the handshake
 * keys, and its Certificate passes path validation (anchored at itself);
 * its CertificateVerify, over a transcript holding the trace's server
 * signature, is refused: decrypt_error. */
START_TEST(rfc8448_client_authentication_server_side)
{
    trace t;
    trace_open(&t);
    tls13_config *cfg = config_new();
    ck_assert_int_eq(tls13_config_set_cipher_suites(
                         cfg, "TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256:"
                              "TLS_AES_256_GCM_SHA384"),
                     TLS13_OK);
    ck_assert_int_eq(tls13_config_set_groups(cfg, "X25519:P-256"), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_tickets(cfg, 0), TLS13_OK);
    span server_leaf = replay_leaf_certificate(tv(&t, "server_certificate").data,
                                               tv(&t, "server_certificate").len);
    use_chain_of_one(cfg, server_leaf);
    ck_assert_int_eq(sig_ec_generate(&cfg->key, SIG_KEY_EC_P256, NULL), TLS13_OK);
    cfg->has_key = true; /* a stand-in: not the certificate's key */
    ck_assert_int_eq(tls13_config_check_credentials(cfg),
                     TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE);
    cfg->test.sign_with_any_key = true; /* the seam for unpublished keys */
    /* The client's certificate is its own trust anchor, at a time it was valid. */
    span client_der = replay_leaf_certificate(tv(&t, "client_certificate").data,
                                               tv(&t, "client_certificate").len);
    ck_assert_int_eq(x509_store_add_der(&cfg->client_anchors, client_der.data, client_der.len),
                     TLS13_OK);
    cfg->verify_client = true;
    int64_t when = 1577836800; /* 2020-01-01 */
    tls13_config_set_time(cfg, fixed_clock, &when);
    /* The trace's choices: ServerHello extension order, EncryptedExtensions'
     * groups, the CertificateRequest's schemes. */
    cfg->test.server_hello_key_share_first = true;
    span ee_body = replay_message_body(tv(&t, "encrypted_extensions").data,
                                       tv(&t, "encrypted_extensions").len,
                                       HS_ENCRYPTED_EXTENSIONS);
    encrypted_extensions ee;
    ck_assert_int_eq(hs_parse_encrypted_extensions(ee_body.data, ee_body.len, &ee), TLS13_OK);
    uint16_t ee_groups[32], cr_schemes[64];
    size_t ngroups = hs_u16_list_count(ee.supported_groups);
    ck_assert_uint_le(ngroups, 32);
    for (size_t i = 0; i < ngroups; i++)
        ee_groups[i] = hs_u16_list_at(ee.supported_groups, i);
    cfg->test.ee_groups = ee_groups;
    cfg->test.ee_group_count = ngroups;
    span cr_body = replay_message_body(tv(&t, "certificate_request").data,
                                       tv(&t, "certificate_request").len, HS_CERTIFICATE_REQUEST);
    certificate_request cr;
    ck_assert_int_eq(hs_parse_certificate_request(cr_body.data, cr_body.len, &cr), TLS13_OK);
    size_t nschemes = hs_u16_list_count(cr.signature_algorithms);
    ck_assert_uint_le(nschemes, 64);
    for (size_t i = 0; i < nschemes; i++)
        cr_schemes[i] = hs_u16_list_at(cr.signature_algorithms, i);
    cfg->test.cr_signature_schemes = cr_schemes;
    cfg->test.cr_signature_scheme_count = nschemes;
    scripted_random rng = { 0 };
    span sh = tv(&t, "server_hello");
    scripted_random_add(&rng, sh.data + HELLO_RANDOM_OFFSET, HS_RANDOM_LEN, 0);
    scripted_random_add(&rng, tv(&t, "server_x25519_private_key").data,
                        tv(&t, "server_x25519_private_key").len, 0);
    scripted_random_add(&rng, NULL, 32, 0x42); /* the ECDSA nonce k of our CertificateVerify */
    tls13_config_set_random(cfg, scripted_random_source(&rng));
    tls13_conn *s = tls13_server_new(cfg);
    ck_assert_ptr_nonnull(s);

    printf("RFC 8448 §6, the server's side:\n");
    static const char *const hello[] = { "client_hello_record", NULL };
    feed_records(s, &t, hello);
    expect_record(s, &t, "server_hello_record");
    uint8_t content[4096];
    size_t record_len;
    size_t len = open_pending_record(s, &t, "server_handshake_traffic_secret", content,
                                     sizeof content, &record_len);
    static const char *const flight[] = { "encrypted_extensions", "certificate_request",
                                          "server_certificate", "server_certificate_verify",
                                          "server_finished", NULL };
    ck_assert_uint_eq(same_messages(content, len, &t, flight), 3);
    size_t cv_at = tv(&t, "encrypted_extensions").len + tv(&t, "certificate_request").len +
                   tv(&t, "server_certificate").len;
    ck_assert_uint_eq(cv_scheme(content + cv_at),
                      cv_scheme(tv(&t, "server_certificate_verify").data));
    printf("  ! server_certificate_verify: the server's replay stops here. Same scheme\n"
           "    (%s), another signature: the server's P-256 private key is not\n"
           "    published (RFC 8448 §6), so a stand-in key signed; the server Finished\n"
           "    covers it and differs too.\n",
           sig_scheme_name(cv_scheme(content + cv_at)));

    /* The trace's client flight, under the handshake keys (which end at the
     * ServerHello, so they are the trace's). */
    span rec = tv(&t, "client_encrypted_handshake_record");
    size_t used = 0;
    tls13_error err = tls13_conn_recv(s, rec.data, rec.len, &used);
    ck_assert_msg(err == TLS13_ERR_BAD_SIGNATURE, "%s: %s", tls13_error_name(err),
                  tls13_conn_error_message(s));
    /* Refused at the CertificateVerify, not before: the chain passed path
     * validation. A certificate whose CertificateVerify failed is not handed
     * to the application as the peer's. */
    size_t peer_len = 1;
    ck_assert_ptr_null(tls13_conn_peer_certificate(s, &peer_len));
    ck_assert_uint_eq(peer_len, 0);
    trace_client_certificate_verify_holds(&t);
    printf("  = client_encrypted_handshake_record opens; its Certificate passes path\n"
           "    validation (anchored at itself, clock 2020-01-01)\n"
           "  ! its CertificateVerify is refused (%s, alert %s): it signs a\n"
           "    transcript with the trace's server CertificateVerify, not ours; over the\n"
           "    trace's transcript, built as the library builds it, it verifies\n",
           tls13_error_name(err), tls13_alert_name(tls13_error_alert(err)));
    ck_assert_uint_eq(rng.next, rng.count);
    tls13_conn_free(s);
    tls13_config_free(cfg);
    scripted_random_free(&rng);
    trace_close(&t);
}
END_TEST

/* ---- main ---------------------------------------------------------------------------- */

#define N(a) ((int)(sizeof a / sizeof a[0]))

static void find_tools(const char *argv0)
{
    char self[PATH_MAX];
    if (realpath(argv0, self) == NULL)
        return;
    char *slash = strrchr(self, '/');     /* .../build/tests/test_certs */
    if (slash != NULL)
        *slash = '\0';
    slash = strrchr(self, '/');           /* .../build/tests */
    if (slash != NULL)
        *slash = '\0';
    snprintf(tools_dir, sizeof tools_dir, "%s/tools", self);
}

int main(int argc, char **argv)
{
    (void)argc;
    signal(SIGPIPE, SIG_IGN);
    find_tools(argv[0]);
    Suite *s = suite_create("certs");
    TCase *tc = tcase_create("in-process");
    tcase_add_loop_test(tc, client_accepts_each_leaf_through_the_intermediate, 0, N(accepted));
    tcase_add_loop_test(tc, client_refuses_a_bad_chain_with_its_own_error_and_alert, 0,
                        N(rejected));
    tcase_add_test(tc, pins_and_insecure_override_path_validation);
    suite_add_tcase(s, tc);

    tc = tcase_create("mutual TLS");
    tcase_add_loop_test(tc, server_verifies_each_client_certificate, 0, N(client_leaves));
    tcase_add_test(tc, missing_client_certificate_when_required_is_refused_on_both_sides);
    tcase_add_test(tc, missing_client_certificate_when_optional_completes_without_one);
    tcase_add_test(tc, mutual_tls_after_a_hello_retry_request);
    tcase_add_test(tc, client_certificate_is_not_sent_unasked);
    tcase_add_loop_test(tc, server_refuses_a_bad_client_certificate, 0, N(client_rejected));
    suite_add_tcase(s, tc);

    tc = tcase_create("live");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, openssl_s_server_with_each_leaf_is_verified, 0, N(live_leaves));
    tcase_add_test(tc, openssl_s_server_from_an_untrusted_root_is_refused);
    tcase_add_test(tc, openssl_s_client_with_a_certificate_is_verified_by_tls13_server);
    tcase_add_test(tc, openssl_s_client_without_a_certificate_gets_certificate_required);
    tcase_add_test(tc, tls13_client_with_a_certificate_is_verified_by_openssl_s_server);
    suite_add_tcase(s, tc);

    tc = tcase_create("RFC 8448 §6");
    tcase_add_test(tc, rfc8448_client_authentication_client_side);
    tcase_add_test(tc, rfc8448_client_authentication_server_side);
    suite_add_tcase(s, tc);

    /* Made here, before Check forks, so every test's process finds it. */
    pki_make(&pki, "test_certs");
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    pki_remove(&pki);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
