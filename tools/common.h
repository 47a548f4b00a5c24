/*
 * common.h — what tls13-server and tls13-client share: the options both take
 * (--ciphersuites, --groups, --alpn, --keylogfile, --explain), HOST:PORT
 * parsing, waiting on a non-blocking socket, the one-line summary of a
 * connection, and error reports.
 *
 * Both tools drive their sockets non-blocking with poll(), so a signal or a
 * timeout can always interrupt them.
 */
#ifndef TLS13_TOOLS_COMMON_H
#define TLS13_TOOLS_COMMON_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "explain.h"
#include "tls13.h"

/* getopt_long codes of the shared options (beyond any single character). */
enum {
    OPT_CIPHERSUITES = 1000,
    OPT_GROUPS,
    OPT_ALPN,
    OPT_KEYLOGFILE,
    OPT_EXPLAIN,
    OPT_KEYMATEXPORT,
    OPT_KEYMATEXPORTLEN,
    OPT_HELP,
    OPT_TOOL_FIRST /* each tool numbers its own options from here */
};

#define TOOL_COMMON_LONG_OPTIONS                                     \
    {"ciphersuites", required_argument, NULL, OPT_CIPHERSUITES},     \
    {"groups", required_argument, NULL, OPT_GROUPS},                 \
    {"alpn", required_argument, NULL, OPT_ALPN},                     \
    {"keylogfile", required_argument, NULL, OPT_KEYLOGFILE},         \
    {"explain", no_argument, NULL, OPT_EXPLAIN},                     \
    {"keymatexport", required_argument, NULL, OPT_KEYMATEXPORT},     \
    {"keymatexportlen", required_argument, NULL, OPT_KEYMATEXPORTLEN}, \
    {"help", no_argument, NULL, OPT_HELP}

#define TOOL_COMMON_USAGE                                                         \
    "  --ciphersuites LIST  TLS 1.3 suites, ':'-separated, in preference order\n"  \
    "                       (TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:\n"     \
    "                        TLS_CHACHA20_POLY1305_SHA256)\n"                      \
    "  --groups LIST        key exchange groups, ':'-separated (X25519:P-256)\n"   \
    "  --alpn LIST          ALPN protocols, ','-separated (h2,http/1.1)\n"        \
    "  --keylogfile FILE    append the secrets in NSS key log format (Wireshark)\n" \
    "  --explain            print every message, secret and record, field by field\n" \
    "  --keymatexport LABEL print keying material exported with LABEL (RFC 9846\n"  \
    "                       §7.5) after the handshake, as openssl -keymatexport\n" \
    "  --keymatexportlen N  its length in bytes (default 20, at most 1024)\n"

typedef struct tool_common {
    const char *prog;
    const char *ciphersuites;
    const char *groups;
    const char *alpn;
    const char *keylogfile;
    bool explain;
    explain_ctx explain_ctx;
    const char *keymat_label;
    const char *keymat_len;
} tool_common;

/* With --keymatexport: prints the exported keying material in openssl's
 * format ("Keying material: HEX"). */
void tool_print_keying_material(FILE *out, const tool_common *c, tls13_conn *conn);

/* Takes a shared option; false if `opt` is not one. */
bool tool_common_option(tool_common *c, int opt, const char *arg);
/* Applies the shared options to a config; prints the error and returns
 * false on failure. */
bool tool_common_apply(tool_common *c, tls13_config *cfg, bool is_server);

/* "HOST:PORT", "[::1]:PORT", "::1:PORT" (the last colon splits). */
bool tool_split_hostport(const char *s, char *host, size_t host_cap, char *port,
                         size_t port_cap);
/* "127.0.0.1:4433" or "[::1]:4433". */
void tool_format_address(const struct sockaddr *sa, socklen_t len, char *buf, size_t cap);

bool tool_set_nonblocking(int fd);
/* Milliseconds on a monotonic clock. */
long long tool_now_ms(void);
/* Waits until fd is ready for what `want` asks (TLS13_WANT_READ or
 * TLS13_WANT_WRITE): 1 ready, 0 timed out, -1 interrupted by a signal. */
int tool_wait(int fd, tls13_error want, long long deadline_ms);

/* Runs the handshake on a non-blocking socket until done, failed, timed out
 * (TLS13_WANT_READ is returned then) or *stop is set. */
tls13_error tool_handshake(tls13_socket *s, int fd, long long deadline_ms,
                           volatile sig_atomic_t *stop);
/* Writes all of data, waiting as needed. */
tls13_error tool_write_all(tls13_socket *s, int fd, const void *data, size_t len,
                           long long deadline_ms);
/* Sends close_notify and flushes it. */
tls13_error tool_close_notify(tls13_socket *s, int fd, long long deadline_ms);

/* "TLSv1.3 TLS_AES_128_GCM_SHA256 x25519 ed25519 ..." */
void tool_print_summary(FILE *out, const char *prog, tls13_conn *conn);
/* A certificate (DER) in one line: "CN=localhost, issued by CN=Test
 * Intermediate, valid until 2027-11-27". */
void tool_describe_certificate(const uint8_t *der, size_t len, char *out, size_t cap);
/* "<prog>: <what> failed: <message> (sent alert <name>)". */
void tool_report_error(const char *prog, const char *what, tls13_conn *conn, tls13_error err);

#endif /* TLS13_TOOLS_COMMON_H */
