/*
 * tls13-server — a TLS 1.3 test server on libtls13, in the manner of
 * `openssl s_server`.
 *
 *   tls13-server --accept HOST:PORT [--cert FILE --key FILE] [--echo | --www]
 *                [--verify-client FILE [--require-client-cert]]
 *                [--once] [--num-tickets N] [--ciphersuites LIST] [--groups LIST]
 *                [--alpn LIST] [--keylogfile FILE] [--explain]
 *
 * It prints "ACCEPT HOST:PORT" on standard output once listening (PORT 0
 * picks a free port: the line says which), then serves connections one after
 * another until SIGINT or SIGTERM. --echo (the default) sends application
 * data back; --www answers an HTTP GET with a page describing the connection,
 * like `openssl s_server -www`. Without --cert/--key it makes a throwaway
 * self-signed Ed25519 certificate for "localhost" and prints its fingerprint.
 * --verify-client asks every client for a certificate (mutual TLS) and checks
 * it against that CA bundle; a client that sends none is still served unless
 * --require-client-cert is given (then it gets a certificate_required alert).
 */
#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "common.h"
#include "tls13.h"

#define PROG "tls13-server"
#define HANDSHAKE_TIMEOUT_MS 10000
#define IDLE_TIMEOUT_MS 300000
#define LINGER_MS 1000

/* The one piece of global state: set by SIGINT/SIGTERM. */
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_requested = 1;
}

typedef struct server_opts {
    tool_common common;
    const char *accept;
    const char *cert_file;
    const char *key_file;
    bool www;
    bool once;
    const char *num_tickets;
    const char *verify_client;
    bool require_client_cert;
} server_opts;

enum { OPT_ACCEPT = OPT_TOOL_FIRST, OPT_CERT, OPT_KEY, OPT_ECHO, OPT_WWW, OPT_ONCE,
       OPT_NUM_TICKETS, OPT_VERIFY_CLIENT, OPT_REQUIRE_CLIENT_CERT };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: " PROG " --accept HOST:PORT [options]\n"
            "  --accept HOST:PORT   where to listen (PORT 0: any free port; the\n"
            "                       \"ACCEPT HOST:PORT\" line on stdout says which)\n"
            "  --cert FILE          certificate chain, PEM, leaf first\n"
            "  --key FILE           its private key, PEM (Ed25519, RSA, RSA-PSS, EC P-256/P-384)\n"
            "                       (neither: a throwaway self-signed Ed25519 certificate)\n"
            "  --echo               send application data back (the default)\n"
            "  --www                answer an HTTP GET with a page about the connection\n"
            "  --once               serve one connection, then exit (0 if it ended cleanly)\n"
            "  --num-tickets N      NewSessionTickets to send after the handshake (0..8)\n"
            "  --verify-client FILE ask clients for a certificate (mutual TLS) and check it\n"
            "                       against this CA bundle, PEM\n"
            "  --require-client-cert  refuse a client that sends no certificate\n"
            "                       (certificate_required; needs --verify-client)\n"
            TOOL_COMMON_USAGE);
}

static int parse_options(int argc, char **argv, server_opts *o)
{
    static const struct option longopts[] = {
        {"accept", required_argument, NULL, OPT_ACCEPT},
        {"cert", required_argument, NULL, OPT_CERT},
        {"key", required_argument, NULL, OPT_KEY},
        {"echo", no_argument, NULL, OPT_ECHO},
        {"www", no_argument, NULL, OPT_WWW},
        {"once", no_argument, NULL, OPT_ONCE},
        {"num-tickets", required_argument, NULL, OPT_NUM_TICKETS},
        {"verify-client", required_argument, NULL, OPT_VERIFY_CLIENT},
        {"require-client-cert", no_argument, NULL, OPT_REQUIRE_CLIENT_CERT},
        TOOL_COMMON_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (tool_common_option(&o->common, opt, optarg))
            continue;
        switch (opt) {
        case OPT_ACCEPT: o->accept = optarg; break;
        case OPT_CERT: o->cert_file = optarg; break;
        case OPT_KEY: o->key_file = optarg; break;
        case OPT_ECHO: o->www = false; break;
        case OPT_WWW: o->www = true; break;
        case OPT_ONCE: o->once = true; break;
        case OPT_NUM_TICKETS: o->num_tickets = optarg; break;
        case OPT_VERIFY_CLIENT: o->verify_client = optarg; break;
        case OPT_REQUIRE_CLIENT_CERT: o->require_client_cert = true; break;
        case OPT_HELP: usage(stdout); exit(0);
        default: usage(stderr); return -1;
        }
    }
    if (optind != argc || o->accept == NULL) {
        fprintf(stderr, PROG ": %s\n", optind != argc ? "unexpected argument" : "--accept is required");
        usage(stderr);
        return -1;
    }
    if ((o->cert_file == NULL) != (o->key_file == NULL)) {
        fprintf(stderr, PROG ": --cert and --key go together\n");
        return -1;
    }
    if (o->require_client_cert && o->verify_client == NULL) {
        fprintf(stderr, PROG ": --require-client-cert needs --verify-client FILE\n");
        return -1;
    }
    return 0;
}

/* ---- configuration ---------------------------------------------------------- */

static bool use_self_signed(tls13_config *cfg)
{
    uint8_t fp[32];
    tls13_error err = tls13_config_use_self_signed(cfg, "localhost", fp);
    if (err != TLS13_OK) {
        fprintf(stderr, PROG ": self-signed certificate: %s\n", tls13_error_message(err));
        return false;
    }
    fprintf(stderr, PROG ": self-signed certificate for localhost, SHA-256 fingerprint ");
    for (size_t i = 0; i < sizeof(fp); i++)
        fprintf(stderr, "%s%02X", i ? ":" : "", fp[i]);
    fprintf(stderr, "\n");
    return true;
}

static bool load_certificate(tls13_config *cfg, const server_opts *o)
{
    tls13_error err = tls13_config_set_cert_file(cfg, o->cert_file);
    if (err != TLS13_OK) {
        fprintf(stderr, PROG ": --cert %s: %s\n", o->cert_file, tls13_error_message(err));
        return false;
    }
    err = tls13_config_set_key_file(cfg, o->key_file);
    if (err == TLS13_OK)
        err = tls13_config_check_credentials(cfg);
    if (err != TLS13_OK) {
        fprintf(stderr, PROG ": --key %s: %s\n", o->key_file, tls13_error_message(err));
        return false;
    }
    return true;
}

static bool set_tickets(tls13_config *cfg, const char *arg)
{
    char *end;
    unsigned long n = strtoul(arg, &end, 10);
    if (*arg == '\0' || *end != '\0' || n > 8 ||
        tls13_config_set_tickets(cfg, (unsigned)n) != TLS13_OK) {
        fprintf(stderr, PROG ": --num-tickets wants a number from 0 to 8, not \"%s\"\n", arg);
        return false;
    }
    return true;
}

static bool set_verify_client(tls13_config *cfg, const server_opts *o)
{
    tls13_error err = tls13_config_set_verify_client_file(cfg, o->verify_client);
    if (err != TLS13_OK) {
        fprintf(stderr, PROG ": --verify-client %s: %s\n", o->verify_client,
                tls13_error_message(err));
        return false;
    }
    if (o->require_client_cert)
        tls13_config_require_client_cert(cfg);
    return true;
}

static bool configure(tls13_config *cfg, server_opts *o)
{
    if (!tool_common_apply(&o->common, cfg, true))
        return false;
    if (o->num_tickets != NULL && !set_tickets(cfg, o->num_tickets))
        return false;
    if (o->verify_client != NULL && !set_verify_client(cfg, o))
        return false;
    return o->cert_file != NULL ? load_certificate(cfg, o) : use_self_signed(cfg);
}

/* ---- listening ---------------------------------------------------------------- */

static int listen_on(const struct addrinfo *ai)
{
    int fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
    if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 16) == 0)
        return fd;
    close(fd);
    return -1;
}

static int open_listener(const char *spec)
{
    char host[256], port[32];
    if (!tool_split_hostport(spec, host, sizeof(host), port, sizeof(port))) {
        fprintf(stderr, PROG ": --accept wants HOST:PORT, not \"%s\"\n", spec);
        return -1;
    }
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE};
    struct addrinfo *res;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai != 0) {
        fprintf(stderr, PROG ": %s: %s\n", spec, gai_strerror(gai));
        return -1;
    }
    int fd = -1;
    for (struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next)
        fd = listen_on(ai);
    freeaddrinfo(res);
    if (fd < 0)
        fprintf(stderr, PROG ": cannot listen on %s: %s\n", spec, strerror(errno));
    return fd;
}

static void announce(int fd)
{
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    char addr[128] = "?";
    if (getsockname(fd, (struct sockaddr *)&ss, &len) == 0)
        tool_format_address((struct sockaddr *)&ss, len, addr, sizeof(addr));
    printf("ACCEPT %s\n", addr);
    fflush(stdout);
}

/* ---- one connection --------------------------------------------------------- */

typedef struct session {
    tls13_socket *s;
    int fd;
    char peer[128];
} session;

/* With --verify-client: whom the handshake authenticated. */
static void client_certificate_line(const server_opts *o, tls13_conn *c, char *out, size_t cap)
{
    size_t len = 0;
    const uint8_t *der = tls13_conn_peer_certificate(c, &len);
    if (der == NULL) {
        snprintf(out, cap, "none sent (accepted: no --require-client-cert)");
        return;
    }
    char desc[256];
    tool_describe_certificate(der, len, desc, sizeof desc);
    snprintf(out, cap, "verified, chain to a trust anchor of %s: %s", o->verify_client, desc);
}

static void print_client_certificate(const server_opts *o, tls13_conn *c)
{
    if (o->verify_client == NULL)
        return;
    char line[512];
    client_certificate_line(o, c, line, sizeof line);
    fprintf(stderr, PROG ": client certificate %s\n", line);
}

/* "tls13-server: handshake failed: <message> (sent alert <name>)"; the
 * "connection from" line before it says which client. */
static void report(const session *se, const char *what, tls13_error err)
{
    tool_report_error(PROG, what, tls13_socket_conn(se->s), err);
}

/* Waits for the socket; false on a timeout (reported) or a stop request. */
static bool wait_socket(const session *se, tls13_error want)
{
    int r = tool_wait(se->fd, want, tool_now_ms() + IDLE_TIMEOUT_MS);
    if (r == 0)
        fprintf(stderr, PROG ": connection from %s: idle for too long\n", se->peer);
    return r != 0 || stop_requested;
}

/* After our close_notify: let the peer's last bytes arrive before close(2),
 * so the kernel does not answer them with a reset that could destroy data
 * the peer has not read yet. */
static void linger_close(int fd)
{
    shutdown(fd, SHUT_WR);
    long long deadline = tool_now_ms() + LINGER_MS;
    char sink[4096];
    while (tool_wait(fd, TLS13_WANT_READ, deadline) > 0 && read(fd, sink, sizeof(sink)) > 0)
        ;
}

static bool finish(const session *se)
{
    tls13_error err = tool_close_notify(se->s, se->fd, tool_now_ms() + HANDSHAKE_TIMEOUT_MS);
    if (err != TLS13_OK) {
        report(se, "close", err);
        return false;
    }
    linger_close(se->fd);
    return true;
}

static bool serve_echo(const session *se)
{
    uint8_t buf[16384];
    for (;;) {
        size_t n = 0;
        tls13_error err = tls13_socket_read(se->s, buf, sizeof(buf), &n);
        if (err == TLS13_OK) {
            err = tool_write_all(se->s, se->fd, buf, n, tool_now_ms() + IDLE_TIMEOUT_MS);
            if (err != TLS13_OK) {
                report(se, "write", err);
                return false;
            }
            continue;
        }
        if (err == TLS13_WANT_READ || err == TLS13_WANT_WRITE) {
            if (stop_requested)
                return finish(se);
            if (!wait_socket(se, err))
                return false;
            continue;
        }
        if (err == TLS13_ERR_PEER_CLOSED)
            return finish(se);
        report(se, "connection", err);
        return false;
    }
}

/* Reads an HTTP request up to its blank line. */
static bool read_request(const session *se, char *req, size_t cap)
{
    size_t len = 0;
    req[0] = '\0';
    while (strstr(req, "\r\n\r\n") == NULL && strstr(req, "\n\n") == NULL) {
        size_t n = 0;
        if (len + 1 >= cap)
            return true; /* long enough to answer */
        tls13_error err = tls13_socket_read(se->s, req + len, cap - 1 - len, &n);
        if (err == TLS13_OK) {
            len += n;
            req[len] = '\0';
        } else if (err == TLS13_WANT_READ || err == TLS13_WANT_WRITE) {
            if (stop_requested || !wait_socket(se, err))
                return false;
        } else {
            if (err != TLS13_ERR_PEER_CLOSED || len == 0)
                report(se, "reading the request", err);
            return err == TLS13_ERR_PEER_CLOSED && len > 0;
        }
    }
    return true;
}

static int format_page(const session *se, const server_opts *o, const char *req, char *page,
                       size_t cap)
{
    tls13_conn *c = tls13_socket_conn(se->s);
    char client_cert[512] = "not asked for";
    if (o->verify_client != NULL)
        client_certificate_line(o, c, client_cert, sizeof client_cert);
    size_t alpn_len = 0;
    const char *alpn = tls13_conn_alpn(c, &alpn_len);
    const char *sni = tls13_conn_server_name(c);
    size_t line_len = strcspn(req, "\r\n");
    return snprintf(page, cap,
        "HTTP/1.0 200 ok\r\nContent-Type: text/plain\r\n\r\n"
        "tls13-server (libtls13 %s)\n\n"
        "Request     : %.*s\n"
        "Client      : %s\n"
        "Protocol    : TLSv1.3\n"
        "Cipher suite: %s (0x%04x)\n"
        "Group       : %s (0x%04x)\n"
        "Signature   : %s (0x%04x)\n"
        "ALPN        : %.*s\n"
        "SNI         : %s\n"
        "HelloRetryRequest: %s\n"
        "Client certificate: %s\n",
        tls13_version(), (int)(line_len > 200 ? 200 : line_len), req, se->peer,
        tls13_conn_cipher_suite_name(c), tls13_conn_cipher_suite(c),
        tls13_conn_group_name(c), tls13_conn_group(c),
        tls13_conn_signature_scheme_name(c), tls13_conn_signature_scheme(c),
        alpn != NULL ? (int)alpn_len : 6, alpn != NULL ? alpn : "(none)",
        sni != NULL ? sni : "(none)",
        tls13_conn_did_hello_retry(c) ? "yes" : "no", client_cert);
}

static bool serve_www(const session *se, const server_opts *o)
{
    char req[8192], page[4096];
    if (!read_request(se, req, sizeof(req)))
        return false;
    static const char bad[] = "HTTP/1.0 400 bad request\r\nContent-Type: text/plain\r\n\r\n"
                              "tls13-server --www answers GET requests only\n";
    int len = strncmp(req, "GET ", 4) == 0 ? format_page(se, o, req, page, sizeof(page))
                                           : snprintf(page, sizeof(page), "%s", bad);
    if (len < 0 || (size_t)len >= sizeof(page))
        len = (int)strlen(page);
    tls13_error err = tool_write_all(se->s, se->fd, page, (size_t)len,
                                     tool_now_ms() + IDLE_TIMEOUT_MS);
    if (err != TLS13_OK) {
        report(se, "write", err);
        return false;
    }
    return finish(se);
}

static bool serve_connection(const tls13_config *cfg, const server_opts *o, session *se)
{
    if (!tool_set_nonblocking(se->fd)) {
        fprintf(stderr, PROG ": fcntl: %s\n", strerror(errno));
        return false;
    }
    se->s = tls13_socket_server(cfg, se->fd);
    if (se->s == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return false;
    }
    bool ok = false;
    fprintf(stderr, PROG ": connection from %s\n", se->peer);
    tls13_error err = tool_handshake(se->s, se->fd, tool_now_ms() + HANDSHAKE_TIMEOUT_MS,
                                     &stop_requested);
    if (err == TLS13_OK) {
        tool_print_summary(stderr, PROG, tls13_socket_conn(se->s));
        tool_print_keying_material(stderr, &o->common, tls13_socket_conn(se->s));
        print_client_certificate(o, tls13_socket_conn(se->s));
        ok = o->www ? serve_www(se, o) : serve_echo(se);
    } else {
        report(se, "handshake", err);
    }
    if (ok)
        fprintf(stderr, PROG ": connection from %s closed cleanly\n", se->peer);
    tls13_socket_free(se->s);
    se->s = NULL;
    return ok;
}

/* ---- the accept loop ---------------------------------------------------------- */

static int accept_one(int listen_fd, session *se)
{
    struct pollfd p = {.fd = listen_fd, .events = POLLIN};
    if (poll(&p, 1, -1) <= 0)
        return -1; /* EINTR: the caller looks at stop_requested */
    struct sockaddr_storage ss;
    socklen_t len = sizeof(ss);
    int fd = accept(listen_fd, (struct sockaddr *)&ss, &len);
    if (fd >= 0)
        tool_format_address((struct sockaddr *)&ss, len, se->peer, sizeof(se->peer));
    return fd;
}

static int serve(const tls13_config *cfg, const server_opts *o, int listen_fd)
{
    while (!stop_requested) {
        session se = {0};
        se.fd = accept_one(listen_fd, &se);
        if (se.fd < 0)
            continue;
        bool ok = serve_connection(cfg, o, &se);
        close(se.fd);
        if (o->once)
            return ok ? 0 : 1;
    }
    return 0;
}

static void install_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_stop_signal; /* no SA_RESTART: poll() returns EINTR */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

int main(int argc, char **argv)
{
    server_opts o = {.common = {.prog = PROG}};
    if (parse_options(argc, argv, &o) != 0)
        return 2;
    tls13_config *cfg = tls13_config_new();
    if (cfg == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return 1;
    }
    int rc = 1;
    if (configure(cfg, &o)) {
        int listen_fd = open_listener(o.accept);
        if (listen_fd >= 0) {
            install_signals();
            announce(listen_fd);
            rc = serve(cfg, &o, listen_fd);
            close(listen_fd);
        }
    }
    tls13_config_free(cfg);
    return rc;
}
