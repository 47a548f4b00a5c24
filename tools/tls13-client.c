/*
 * tls13-client — a TLS 1.3 test client on libtls13, in the manner of
 * `openssl s_client -quiet`.
 *
 *   tls13-client --connect HOST:PORT [--servername NAME]
 *                [--cafile FILE | --pin FILE | --insecure] [--cert FILE --key FILE]
 *                [--ciphersuites LIST] [--groups LIST] [--alpn LIST]
 *                [--keylogfile FILE] [--explain]
 *
 * Standard input goes to the server, what the server sends goes to standard
 * output. At the end of standard input it sends close_notify and reads on
 * until the server closes too (or a few seconds pass). A summary of what was
 * negotiated goes to standard error after the handshake.
 *
 * The server's certificate is verified by default: its chain must lead to a
 * trust anchor of the system's CA bundle (or of --cafile), and the leaf must
 * carry the host name (--servername, default HOST; an IP address is checked
 * against the certificate's IP addresses). Two named overrides: --pin (the
 * certificate or its key must equal a pinned one, instead of path
 * validation) and --insecure (no check, for tests). With --cert and --key
 * the client answers a server's CertificateRequest (mutual TLS).
 *
 * Exit status: 0 when the connection closed cleanly (the server's
 * close_notify arrived, or ours was sent and the server then hung up),
 * 1 on any failure, 2 on a usage error.
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

#define PROG "tls13-client"
#define HANDSHAKE_TIMEOUT_MS 10000
#define WRITE_TIMEOUT_MS 30000
#define CLOSE_WAIT_MS 3000
#define MAX_PINS 8

typedef struct client_opts {
    tool_common common;
    const char *connect;
    const char *servername;
    const char *pins[MAX_PINS];
    size_t pin_count;
    bool insecure;
    const char *cafile;
    const char *cert_file;
    const char *key_file;
} client_opts;

enum { OPT_CONNECT = OPT_TOOL_FIRST, OPT_SERVERNAME, OPT_PIN, OPT_INSECURE, OPT_CAFILE,
       OPT_CERT, OPT_KEY };

static void usage(FILE *out)
{
    fprintf(out,
            "usage: " PROG " --connect HOST:PORT [options]\n"
            "  --connect HOST:PORT  the server\n"
            "  --servername NAME    the name sent in SNI and checked against the certificate\n"
            "                       (default: HOST; an IP address is not sent in SNI and is\n"
            "                       checked against the certificate's IP addresses)\n"
            "  --cafile FILE        trust anchors, PEM (default: the system CA bundle)\n"
            "  --pin FILE           instead of path validation: accept the server only if its\n"
            "                       certificate, or its public key, equals the one in this PEM\n"
            "                       file (repeatable)\n"
            "  --insecure           accept any server certificate (tests only; the\n"
            "                       CertificateVerify signature is still checked)\n"
            "  --cert FILE          client certificate chain, PEM, leaf first (mutual TLS:\n"
            "                       sent when the server asks for one)\n"
            "  --key FILE           its private key, PEM (Ed25519, RSA, RSA-PSS, EC P-256/P-384)\n"
            TOOL_COMMON_USAGE);
}

static bool add_pin(client_opts *o, const char *file)
{
    if (o->pin_count == MAX_PINS) {
        fprintf(stderr, PROG ": at most %d --pin files\n", MAX_PINS);
        return false;
    }
    o->pins[o->pin_count++] = file;
    return true;
}

static int check_options(client_opts *o, int argc)
{
    if (optind != argc || o->connect == NULL) {
        fprintf(stderr, PROG ": %s\n", optind != argc ? "unexpected argument" : "--connect is required");
        usage(stderr);
        return -1;
    }
    int ways = (o->pin_count > 0) + o->insecure + (o->cafile != NULL);
    if (ways > 1) {
        fprintf(stderr, PROG ": --cafile, --pin and --insecure are three ways to check the "
                "server: pass one\n");
        return -1;
    }
    if ((o->cert_file == NULL) != (o->key_file == NULL)) {
        fprintf(stderr, PROG ": --cert and --key go together\n");
        return -1;
    }
    return 0;
}

static int parse_options(int argc, char **argv, client_opts *o)
{
    static const struct option longopts[] = {
        {"connect", required_argument, NULL, OPT_CONNECT},
        {"servername", required_argument, NULL, OPT_SERVERNAME},
        {"pin", required_argument, NULL, OPT_PIN},
        {"insecure", no_argument, NULL, OPT_INSECURE},
        {"cafile", required_argument, NULL, OPT_CAFILE},
        {"cert", required_argument, NULL, OPT_CERT},
        {"key", required_argument, NULL, OPT_KEY},
        TOOL_COMMON_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    int opt;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (tool_common_option(&o->common, opt, optarg))
            continue;
        switch (opt) {
        case OPT_CONNECT: o->connect = optarg; break;
        case OPT_SERVERNAME: o->servername = optarg; break;
        case OPT_PIN:
            if (!add_pin(o, optarg))
                return -1;
            break;
        case OPT_INSECURE: o->insecure = true; break;
        case OPT_CAFILE: o->cafile = optarg; break;
        case OPT_CERT: o->cert_file = optarg; break;
        case OPT_KEY: o->key_file = optarg; break;
        case OPT_HELP: usage(stdout); exit(0);
        default: usage(stderr); return -1;
        }
    }
    return check_options(o, argc);
}

static bool file_step(tls13_error err, const char *option, const char *file)
{
    if (err == TLS13_OK)
        return true;
    fprintf(stderr, PROG ": %s %s: %s\n", option, file, tls13_error_message(err));
    return false;
}

/* What happened that the summary reports: did the server ask for a
 * certificate? Seen through the event callback, which also feeds --explain. */
typedef struct client_events {
    client_opts *o;
    bool certificate_requested;
} client_events;

static void on_event(void *ctx, const tls13_event *ev)
{
    client_events *ce = ctx;
    if (ev->type == TLS13_EVENT_MESSAGE_RECEIVED && ev->len > 0 && ev->data[0] == 13)
        ce->certificate_requested = true; /* CertificateRequest (§4.4.2) */
    if (ce->o->common.explain)
        explain_event(&ce->o->common.explain_ctx, ev);
}

static bool configure(tls13_config *cfg, client_opts *o, client_events *ce)
{
    if (!tool_common_apply(&o->common, cfg, false))
        return false;
    tls13_config_set_event_callback(cfg, on_event, ce);
    if (o->insecure)
        tls13_config_insecure_noverifycert(cfg);
    if (o->cafile != NULL && !file_step(tls13_config_set_ca_file(cfg, o->cafile), "--cafile",
                                        o->cafile))
        return false;
    for (size_t i = 0; i < o->pin_count; i++) {
        if (!file_step(tls13_config_add_pin_file(cfg, o->pins[i]), "--pin", o->pins[i]))
            return false;
    }
    if (o->cert_file != NULL &&
        (!file_step(tls13_config_set_cert_file(cfg, o->cert_file), "--cert", o->cert_file) ||
         !file_step(tls13_config_set_key_file(cfg, o->key_file), "--key", o->key_file) ||
         !file_step(tls13_config_check_credentials(cfg), "--key", o->key_file)))
        return false;
    return true;
}

/* How the server was checked, and whether we showed a certificate. */
static void print_verification(const client_opts *o, const client_events *ce, tls13_conn *conn,
                               const char *name)
{
    size_t len = 0;
    const uint8_t *leaf = tls13_conn_peer_certificate(conn, &len);
    char desc[256];
    tool_describe_certificate(leaf, len, desc, sizeof desc);
    if (o->insecure)
        fprintf(stderr, PROG ": server certificate NOT verified (--insecure): %s\n", desc);
    else if (o->pin_count > 0)
        fprintf(stderr, PROG ": server certificate matches a --pin: %s\n", desc);
    else
        fprintf(stderr, PROG ": server certificate verified: chain to a trust anchor of %s, "
                "host %s: %s\n", o->cafile != NULL ? o->cafile : "the system CA bundle", name,
                desc);
    if (ce->certificate_requested)
        fprintf(stderr, PROG ": the server asked for a client certificate: %s\n",
                o->cert_file != NULL ? "sent --cert" : "sent none (no --cert)");
}

/* ---- connecting --------------------------------------------------------------- */

static int connect_to(const char *host, const char *port)
{
    struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
    struct addrinfo *res;
    int gai = getaddrinfo(host, port, &hints, &res);
    if (gai != 0) {
        fprintf(stderr, PROG ": %s:%s: %s\n", host, port, gai_strerror(gai));
        return -1;
    }
    int fd = -1, saved = 0;
    for (struct addrinfo *ai = res; ai != NULL && fd < 0; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
        if (fd >= 0 && connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
            saved = errno;
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    if (fd < 0)
        fprintf(stderr, PROG ": cannot connect to %s:%s: %s\n", host, port, strerror(saved));
    return fd;
}

/* ---- relaying ------------------------------------------------------------------ */

typedef struct relay {
    tls13_socket *s;
    int fd;
    bool stdin_open;
    bool output_pending;     /* records queued: wait for POLLOUT */
    bool close_sent;
    long long close_deadline;
} relay;

enum relay_status { RELAY_GOING, RELAY_CLEAN, RELAY_FAILED };

static bool write_stdout(const uint8_t *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(STDOUT_FILENO, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            fprintf(stderr, PROG ": standard output: %s\n", strerror(errno));
            return false;
        }
        data += w;
        len -= (size_t)w;
    }
    return true;
}

static enum relay_status send_close_notify(relay *r)
{
    r->close_sent = true;
    r->close_deadline = tool_now_ms() + CLOSE_WAIT_MS;
    tls13_error err = tool_close_notify(r->s, r->fd, tool_now_ms() + WRITE_TIMEOUT_MS);
    if (err == TLS13_OK)
        return RELAY_GOING;
    tool_report_error(PROG, "close", tls13_socket_conn(r->s), err);
    return RELAY_FAILED;
}

/* Reads everything the socket has now, to standard output. */
static enum relay_status from_server(relay *r)
{
    uint8_t buf[16384];
    for (;;) {
        size_t n = 0;
        tls13_error err = tls13_socket_read(r->s, buf, sizeof(buf), &n);
        if (err == TLS13_OK) {
            if (!write_stdout(buf, n))
                return RELAY_FAILED;
            continue;
        }
        if (err == TLS13_WANT_READ || err == TLS13_WANT_WRITE) {
            r->output_pending = r->output_pending || err == TLS13_WANT_WRITE;
            return RELAY_GOING;
        }
        if (err == TLS13_ERR_PEER_CLOSED) {
            /* RFC 9846 §6.1: answer close_notify with our own. */
            if (!r->close_sent && send_close_notify(r) != RELAY_GOING)
                return RELAY_FAILED;
            return RELAY_CLEAN;
        }
        if (err == TLS13_ERR_TRUNCATED && r->close_sent)
            return RELAY_CLEAN; /* we said goodbye; the server hung up */
        tool_report_error(PROG, "connection", tls13_socket_conn(r->s), err);
        return RELAY_FAILED;
    }
}

static enum relay_status to_server(relay *r)
{
    uint8_t buf[16384];
    ssize_t n = read(STDIN_FILENO, buf, sizeof(buf));
    if (n < 0)
        return errno == EINTR || errno == EAGAIN ? RELAY_GOING : RELAY_FAILED;
    if (n == 0) {
        r->stdin_open = false;
        return send_close_notify(r);
    }
    size_t written = 0;
    tls13_error err = tls13_socket_write(r->s, buf, (size_t)n, &written);
    if (err == TLS13_WANT_WRITE && written == (size_t)n) {
        r->output_pending = true; /* accepted; records still queued */
        return RELAY_GOING;
    }
    if (err == TLS13_WANT_WRITE || err == TLS13_WANT_READ) /* not accepted: wait, retry */
        err = tool_write_all(r->s, r->fd, buf, (size_t)n, tool_now_ms() + WRITE_TIMEOUT_MS);
    if (err == TLS13_OK)
        return RELAY_GOING;
    tool_report_error(PROG, "write", tls13_socket_conn(r->s), err);
    return RELAY_FAILED;
}

static enum relay_status flush_pending(relay *r)
{
    size_t n;
    tls13_error err = tls13_socket_write(r->s, NULL, 0, &n);
    if (err == TLS13_WANT_WRITE)
        return RELAY_GOING;
    r->output_pending = false;
    if (err == TLS13_OK || err == TLS13_WANT_READ)
        return RELAY_GOING;
    tool_report_error(PROG, "write", tls13_socket_conn(r->s), err);
    return RELAY_FAILED;
}

static int poll_timeout(const relay *r)
{
    if (!r->close_sent)
        return -1;
    long long left = r->close_deadline - tool_now_ms();
    return left < 0 ? 0 : (int)left;
}

static enum relay_status relay_step(relay *r)
{
    struct pollfd p[2] = {
        {.fd = r->fd, .events = (short)(POLLIN | (r->output_pending ? POLLOUT : 0))},
        {.fd = (r->stdin_open && !r->output_pending) ? STDIN_FILENO : -1, .events = POLLIN},
    };
    int ready = poll(p, 2, poll_timeout(r));
    if (ready < 0)
        return errno == EINTR ? RELAY_GOING : RELAY_FAILED;
    if (ready == 0)
        return RELAY_CLEAN; /* our close_notify went out; the server stayed silent */
    enum relay_status st = RELAY_GOING;
    if (p[0].revents & POLLOUT)
        st = flush_pending(r);
    if (st == RELAY_GOING && (p[0].revents & (POLLIN | POLLHUP | POLLERR)))
        st = from_server(r);
    if (st == RELAY_GOING && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
        st = to_server(r);
    return st;
}

static int run_relay(tls13_socket *s, int fd)
{
    relay r = {.s = s, .fd = fd, .stdin_open = true};
    enum relay_status st = from_server(&r); /* data may have come with the handshake */
    while (st == RELAY_GOING)
        st = relay_step(&r);
    return st == RELAY_CLEAN ? 0 : 1;
}

/* ---- main ------------------------------------------------------------------------ */

static int run(const tls13_config *cfg, const client_opts *o, const client_events *ce,
               const char *host, const char *port)
{
    /* The name sent in SNI (unless an IP address, RFC 6066 §3) and checked
     * against the certificate. */
    const char *name = o->servername != NULL ? o->servername : host;
    int fd = connect_to(host, port);
    if (fd < 0)
        return 1;
    int rc = 1;
    tls13_socket *s = tool_set_nonblocking(fd) ? tls13_socket_client(cfg, fd, name) : NULL;
    if (s == NULL) {
        fprintf(stderr, PROG ": cannot set up the connection\n");
    } else {
        tls13_error err = tool_handshake(s, fd, tool_now_ms() + HANDSHAKE_TIMEOUT_MS, NULL);
        if (err == TLS13_OK) {
            tool_print_summary(stderr, PROG, tls13_socket_conn(s));
            tool_print_keying_material(stderr, &o->common, tls13_socket_conn(s));
            print_verification(o, ce, tls13_socket_conn(s), name);
            rc = run_relay(s, fd);
        } else {
            tool_report_error(PROG, "handshake", tls13_socket_conn(s), err);
        }
        tls13_socket_free(s);
    }
    close(fd);
    return rc;
}

int main(int argc, char **argv)
{
    client_opts o = {.common = {.prog = PROG}};
    if (parse_options(argc, argv, &o) != 0)
        return 2;
    char host[256], port[32];
    if (!tool_split_hostport(o.connect, host, sizeof(host), port, sizeof(port))) {
        fprintf(stderr, PROG ": --connect wants HOST:PORT, not \"%s\"\n", o.connect);
        return 2;
    }
    signal(SIGPIPE, SIG_IGN);
    tls13_config *cfg = tls13_config_new();
    if (cfg == NULL) {
        fprintf(stderr, PROG ": out of memory\n");
        return 1;
    }
    client_events ce = {.o = &o};
    int rc = configure(cfg, &o, &ce) ? run(cfg, &o, &ce, host, port) : 1;
    tls13_config_free(cfg);
    return rc;
}
