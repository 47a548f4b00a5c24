/*
 * common.c — shared option handling and socket driving for the tools
 * (see common.h).
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "x509/verify.h"

/* ---- options -------------------------------------------------------------- */

bool tool_common_option(tool_common *c, int opt, const char *arg)
{
    switch (opt) {
    case OPT_CIPHERSUITES: c->ciphersuites = arg; return true;
    case OPT_GROUPS: c->groups = arg; return true;
    case OPT_ALPN: c->alpn = arg; return true;
    case OPT_KEYLOGFILE: c->keylogfile = arg; return true;
    case OPT_EXPLAIN: c->explain = true; return true;
    case OPT_KEYMATEXPORT: c->keymat_label = arg; return true;
    case OPT_KEYMATEXPORTLEN: c->keymat_len = arg; return true;
    default: return false;
    }
}

static bool config_step(const tool_common *c, tls13_error err, const char *what,
                        const char *value)
{
    if (err == TLS13_OK)
        return true;
    fprintf(stderr, "%s: %s \"%s\": %s\n", c->prog, what, value, tls13_error_message(err));
    return false;
}

bool tool_common_apply(tool_common *c, tls13_config *cfg, bool is_server)
{
    if (c->ciphersuites != NULL &&
        !config_step(c, tls13_config_set_cipher_suites(cfg, c->ciphersuites),
                     "--ciphersuites", c->ciphersuites))
        return false;
    if (c->groups != NULL &&
        !config_step(c, tls13_config_set_groups(cfg, c->groups), "--groups", c->groups))
        return false;
    if (c->alpn != NULL &&
        !config_step(c, tls13_config_set_alpn(cfg, c->alpn), "--alpn", c->alpn))
        return false;
    if (c->keylogfile != NULL &&
        !config_step(c, tls13_config_set_keylog_file(cfg, c->keylogfile), "--keylogfile",
                     c->keylogfile))
        return false;
    if (c->explain) {
        /* Standard error: a client's standard output carries the data. */
        explain_init(&c->explain_ctx, stderr, is_server);
        tls13_config_set_event_callback(cfg, explain_event, &c->explain_ctx);
    }
    return true;
}

/* ---- addresses ------------------------------------------------------------- */

static bool copy_part(char *dst, size_t cap, const char *src, size_t len)
{
    if (len == 0 || len >= cap)
        return false;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return true;
}

bool tool_split_hostport(const char *s, char *host, size_t host_cap, char *port,
                         size_t port_cap)
{
    const char *colon = strrchr(s, ':');
    if (colon == NULL)
        return false;
    const char *h = s;
    size_t hlen = (size_t)(colon - s);
    if (hlen >= 2 && h[0] == '[' && h[hlen - 1] == ']') {
        h++;
        hlen -= 2;
    }
    return copy_part(host, host_cap, h, hlen) &&
           copy_part(port, port_cap, colon + 1, strlen(colon + 1));
}

void tool_format_address(const struct sockaddr *sa, socklen_t len, char *buf, size_t cap)
{
    char ip[INET6_ADDRSTRLEN] = "?";
    unsigned port = 0;
    (void)len;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)(const void *)sa;
        inet_ntop(AF_INET, &in->sin_addr, ip, sizeof(ip));
        port = ntohs(in->sin_port);
        snprintf(buf, cap, "%s:%u", ip, port);
        return;
    }
    if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)(const void *)sa;
        inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof(ip));
        port = ntohs(in6->sin6_port);
    }
    snprintf(buf, cap, "[%s]:%u", ip, port);
}

/* ---- waiting -------------------------------------------------------------- */

bool tool_set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0;
}

long long tool_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int tool_wait(int fd, tls13_error want, long long deadline_ms)
{
    struct pollfd p = {.fd = fd, .events = want == TLS13_WANT_WRITE ? POLLOUT : POLLIN};
    long long left = deadline_ms - tool_now_ms();
    if (left <= 0)
        return 0;
    int r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
    if (r < 0)
        return errno == EINTR ? -1 : 1; /* a real poll error: let the call report it */
    if (r == 0)
        return tool_now_ms() >= deadline_ms ? 0 : tool_wait(fd, want, deadline_ms);
    return 1;
}

static bool is_want(tls13_error err)
{
    return err == TLS13_WANT_READ || err == TLS13_WANT_WRITE;
}

tls13_error tool_handshake(tls13_socket *s, int fd, long long deadline_ms,
                           volatile sig_atomic_t *stop)
{
    tls13_error err;
    while (is_want(err = tls13_socket_handshake(s))) {
        if (stop != NULL && *stop)
            return err;
        if (tool_wait(fd, err, deadline_ms) == 0)
            return err;
    }
    return err;
}

tls13_error tool_write_all(tls13_socket *s, int fd, const void *data, size_t len,
                           long long deadline_ms)
{
    size_t n = 0;
    tls13_error err = tls13_socket_write(s, data, len, &n);
    /* The data was accepted (n == len); what is left is queued records. */
    while (is_want(err)) {
        if (tool_wait(fd, err, deadline_ms) == 0)
            return err;
        err = tls13_socket_write(s, NULL, 0, &n);
    }
    return err;
}

tls13_error tool_close_notify(tls13_socket *s, int fd, long long deadline_ms)
{
    tls13_error err;
    while (is_want(err = tls13_socket_close(s)))
        if (tool_wait(fd, err, deadline_ms) == 0)
            return err;
    return err;
}

/* ---- reports -------------------------------------------------------------- */

void tool_print_keying_material(FILE *out, const tool_common *c, tls13_conn *conn)
{
    if (c->keymat_label == NULL)
        return;
    char *end;
    unsigned long len = c->keymat_len ? strtoul(c->keymat_len, &end, 10) : 20;
    uint8_t material[1024];
    if ((c->keymat_len && (*c->keymat_len == '\0' || *end != '\0')) || len == 0 ||
        len > sizeof material) {
        fprintf(out, "%s: --keymatexportlen wants 1 to %zu\n", c->prog, sizeof material);
        return;
    }
    tls13_error err = tls13_conn_export(conn, c->keymat_label, NULL, 0, material, len);
    if (err != TLS13_OK) {
        fprintf(out, "%s: keying material: %s\n", c->prog, tls13_error_message(err));
        return;
    }
    fprintf(out, "Keying material exporter:\n    Label: '%s'\n    Length: %lu bytes\n"
                 "    Keying material: ", c->keymat_label, len);
    for (unsigned long i = 0; i < len; i++)
        fprintf(out, "%02X", material[i]);
    fprintf(out, "\n");
    fflush(out);
}

void tool_print_summary(FILE *out, const char *prog, tls13_conn *conn)
{
    size_t alpn_len = 0;
    const char *alpn = tls13_conn_alpn(conn, &alpn_len);
    const char *sni = tls13_conn_server_name(conn);
    fprintf(out, "%s: TLSv1.3 %s %s %s", prog, tls13_conn_cipher_suite_name(conn),
            tls13_conn_group_name(conn), tls13_conn_signature_scheme_name(conn));
    if (alpn != NULL && alpn_len > 0)
        fprintf(out, " ALPN %.*s", (int)alpn_len, alpn);
    if (sni != NULL)
        fprintf(out, " SNI %s", sni);
    fprintf(out, "%s\n", tls13_conn_did_hello_retry(conn) ? " HRR (HelloRetryRequest)" : "");
    fflush(out);
}

void tool_report_error(const char *prog, const char *what, tls13_conn *conn, tls13_error err)
{
    if (is_want(err)) {
        fprintf(stderr, "%s: %s failed: timed out\n", prog, what);
        return;
    }
    if (err == TLS13_ERR_PEER_ALERT && conn != NULL) {
        fprintf(stderr, "%s: %s failed: peer sent alert %s\n", prog, what,
                tls13_alert_name(tls13_conn_peer_alert(conn)));
        return;
    }
    /* The connection's own message is fuller ("<error>: <detail> (<section>)"). */
    bool from_conn = conn != NULL && tls13_conn_error(conn) == err &&
                     tls13_conn_error_message(conn) != NULL &&
                     *tls13_conn_error_message(conn) != '\0';
    const char *rfc = tls13_error_rfc_section(err);
    fprintf(stderr, "%s: %s failed: ", prog, what);
    if (from_conn)
        fputs(tls13_conn_error_message(conn), stderr);
    else
        fprintf(stderr, *rfc ? "%s (%s)" : "%s", tls13_error_message(err), rfc);
    tls13_alert alert = tls13_error_alert(err);
    if (alert != TLS13_ALERT_NONE)
        fprintf(stderr, " (sent alert %s)", tls13_alert_name(alert));
    fputc('\n', stderr);
}

/* ---- certificates ------------------------------------------------------------ */

/* A CN's string contents, printable ASCII only ('?' for anything else). */
static void cn_text(x509_bytes cn, char *out, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < cn.len && n + 1 < cap; i++)
        out[n++] = cn.data[i] >= 0x20 && cn.data[i] < 0x7f ? (char)cn.data[i] : '?';
    out[n] = '\0';
    if (n == 0)
        snprintf(out, cap, "(no CN)");
}

void tool_describe_certificate(const uint8_t *der, size_t len, char *out, size_t cap)
{
    x509_cert cert;
    tls13_error err = der != NULL ? x509_cert_parse(der, len, &cert) : TLS13_ERR_BAD_CERTIFICATE;
    if (err != TLS13_OK && err != TLS13_ERR_UNSUPPORTED_KEY &&
        err != TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION) {
        snprintf(out, cap, "(a certificate this tool cannot parse: %s)", tls13_error_message(err));
        return;
    }
    char subject[80], issuer[80], until[11];
    cn_text(cert.subject_cn, subject, sizeof subject);
    cn_text(cert.issuer_cn, issuer, sizeof issuer);
    x509_time_format_date(cert.not_after, until);
    snprintf(out, cap, "CN=%s, issued by CN=%s, valid until %s", subject, issuer, until);
}
