/*
 * test_fd.c — the file-descriptor API (src/api/fd.c) over socketpairs:
 * non-blocking handshakes driven by WANT_READ / WANT_WRITE, 1 MiB through a
 * full socket buffer, close_notify both ways, a peer that vanishes without
 * close_notify (before and after the handshake), a blocking pair (a forked
 * server) where read drives the handshake itself, and bad arguments.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tls13.h"

typedef struct pair {
    tls13_config *client_cfg, *server_cfg;
    int client_fd, server_fd;
    tls13_socket *client, *server;
} pair;

static void set_nonblocking(int fd)
{
    int flags = fcntl(fd, F_GETFL);
    ck_assert_int_ge(flags, 0);
    ck_assert_int_eq(fcntl(fd, F_SETFL, flags | O_NONBLOCK), 0);
}

static void pair_open(pair *p, bool nonblocking)
{
    int fds[2];
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, fds), 0);
    p->client_fd = fds[0];
    p->server_fd = fds[1];
    if (nonblocking) {
        set_nonblocking(p->client_fd);
        set_nonblocking(p->server_fd);
    }
    p->server_cfg = tls13_config_new();
    p->client_cfg = tls13_config_new();
    ck_assert_ptr_nonnull(p->server_cfg);
    ck_assert_ptr_nonnull(p->client_cfg);
    ck_assert_int_eq(tls13_config_use_self_signed(p->server_cfg, "localhost", NULL), TLS13_OK);
    tls13_config_insecure_noverifycert(p->client_cfg);
    p->client = tls13_socket_client(p->client_cfg, p->client_fd, "localhost");
    p->server = tls13_socket_server(p->server_cfg, p->server_fd);
    ck_assert_ptr_nonnull(p->client);
    ck_assert_ptr_nonnull(p->server);
}

static void pair_close(pair *p)
{
    tls13_socket_free(p->client);
    tls13_socket_free(p->server);
    if (p->client_fd >= 0)
        close(p->client_fd);
    if (p->server_fd >= 0)
        close(p->server_fd);
    tls13_config_free(p->client_cfg);
    tls13_config_free(p->server_cfg);
}

static bool is_want(tls13_error err)
{
    return err == TLS13_WANT_READ || err == TLS13_WANT_WRITE;
}

/* Alternates the two non-blocking handshakes until both are done. */
static void pair_handshake(pair *p)
{
    tls13_error c = TLS13_WANT_READ, s = TLS13_WANT_READ;
    for (int i = 0; i < 100 && (c != TLS13_OK || s != TLS13_OK); i++) {
        if (c != TLS13_OK)
            c = tls13_socket_handshake(p->client);
        if (s != TLS13_OK)
            s = tls13_socket_handshake(p->server);
        ck_assert_msg(c == TLS13_OK || is_want(c), "client: %s", tls13_error_name(c));
        ck_assert_msg(s == TLS13_OK || is_want(s), "server: %s", tls13_error_name(s));
    }
    ck_assert_int_eq(c, TLS13_OK);
    ck_assert_int_eq(s, TLS13_OK);
}

/* Reads from a non-blocking socket until WANT_READ; returns the byte count. */
static size_t read_available(tls13_socket *s, uint8_t *buf, size_t cap)
{
    size_t total = 0, n;
    tls13_error err;
    while (total < cap && (err = tls13_socket_read(s, buf + total, cap - total, &n)) == TLS13_OK)
        total += n;
    return total;
}

START_TEST(nonblocking_handshake_and_data_both_ways)
{
    pair p;
    pair_open(&p, true);
    pair_handshake(&p);
    size_t n;
    ck_assert_int_eq(tls13_socket_write(p.client, "ping", 4, &n), TLS13_OK);
    ck_assert_uint_eq(n, 4);
    uint8_t buf[64];
    ck_assert_uint_eq(read_available(p.server, buf, sizeof buf), 4);
    ck_assert_mem_eq(buf, "ping", 4);
    ck_assert_int_eq(tls13_socket_write(p.server, "pong!", 5, &n), TLS13_OK);
    ck_assert_uint_eq(read_available(p.client, buf, sizeof buf), 5);
    ck_assert_mem_eq(buf, "pong!", 5);
    /* Nothing more: WANT_READ, not an error. */
    ck_assert_int_eq(tls13_socket_read(p.client, buf, sizeof buf, &n), TLS13_WANT_READ);
    ck_assert_uint_eq(n, 0);
    pair_close(&p);
}
END_TEST

START_TEST(one_mebibyte_through_a_full_socket)
{
    pair p;
    pair_open(&p, true);
    pair_handshake(&p);
    size_t len = 1 << 20, got = 0, n = 0;
    uint8_t *data = malloc(len), *recv = malloc(len);
    ck_assert_ptr_nonnull(data);
    ck_assert_ptr_nonnull(recv);
    for (size_t i = 0; i < len; i++)
        data[i] = (uint8_t)(i * 7 + i / 251);
    /* All is accepted at once; the socket buffer cannot take it all. */
    tls13_error err = tls13_socket_write(p.client, data, len, &n);
    ck_assert_int_eq(err, TLS13_WANT_WRITE);
    ck_assert_uint_eq(n, len);
    for (int i = 0; i < 10000 && got < len; i++) {
        got += read_available(p.server, recv + got, len - got);
        err = tls13_socket_write(p.client, NULL, 0, &n);
        ck_assert_msg(err == TLS13_OK || err == TLS13_WANT_WRITE, "%s", tls13_error_name(err));
    }
    ck_assert_uint_eq(got, len);
    ck_assert_int_eq(memcmp(data, recv, len), 0);
    free(data);
    free(recv);
    pair_close(&p);
}
END_TEST

START_TEST(close_notify_both_ways)
{
    pair p;
    pair_open(&p, true);
    pair_handshake(&p);
    uint8_t buf[16];
    size_t n;
    ck_assert_int_eq(tls13_socket_close(p.client), TLS13_OK);
    ck_assert_int_eq(tls13_socket_read(p.server, buf, sizeof buf, &n), TLS13_ERR_PEER_CLOSED);
    ck_assert_int_eq(tls13_socket_close(p.server), TLS13_OK);
    ck_assert_int_eq(tls13_socket_read(p.client, buf, sizeof buf, &n), TLS13_ERR_PEER_CLOSED);
    pair_close(&p);
}
END_TEST

START_TEST(peer_vanishes_after_the_handshake)
{
    pair p;
    pair_open(&p, true);
    pair_handshake(&p);
    close(p.client_fd);
    p.client_fd = -1;
    uint8_t buf[16];
    size_t n;
    /* RFC 9846 §6.1: end of stream without close_notify is a truncation. */
    ck_assert_int_eq(tls13_socket_read(p.server, buf, sizeof buf, &n), TLS13_ERR_TRUNCATED);
    pair_close(&p);
}
END_TEST

START_TEST(peer_vanishes_during_the_handshake)
{
    pair p;
    pair_open(&p, true);
    ck_assert_int_eq(tls13_socket_handshake(p.client), TLS13_WANT_READ); /* ClientHello sent */
    close(p.client_fd);
    p.client_fd = -1;
    tls13_error err = TLS13_WANT_READ;
    for (int i = 0; i < 100 && err == TLS13_WANT_READ; i++)
        err = tls13_socket_handshake(p.server);
    ck_assert_int_eq(err, TLS13_ERR_TRUNCATED);
    pair_close(&p);
}
END_TEST

START_TEST(writing_to_a_vanished_peer_is_an_error_not_sigpipe)
{
    pair p;
    pair_open(&p, true);
    pair_handshake(&p);
    close(p.server_fd);
    p.server_fd = -1;
    signal(SIGPIPE, SIG_DFL); /* a SIGPIPE would kill the test */
    size_t n;
    tls13_error err = tls13_socket_write(p.client, "late", 4, &n);
    ck_assert_int_eq(err, TLS13_ERR_TRUNCATED);
    pair_close(&p);
}
END_TEST

/* A blocking server in a child process: handshake, echo one read, close. */
static void blocking_echo_server(pair *p)
{
    uint8_t buf[256];
    size_t n = 0;
    int status = 1;
    close(p->client_fd); /* the parent's end */
    if (tls13_socket_handshake(p->server) == TLS13_OK &&
        tls13_socket_read(p->server, buf, sizeof buf, &n) == TLS13_OK &&
        tls13_socket_write(p->server, buf, n, &n) == TLS13_OK &&
        tls13_socket_read(p->server, buf, sizeof buf, &n) == TLS13_ERR_PEER_CLOSED &&
        tls13_socket_close(p->server) == TLS13_OK)
        status = 0;
    _exit(status);
}

START_TEST(blocking_sockets_read_drives_the_handshake)
{
    pair p;
    pair_open(&p, false);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0)
        blocking_echo_server(&p);
    size_t n;
    /* No explicit handshake: write runs it, as libtls does. */
    ck_assert_int_eq(tls13_socket_write(p.client, "blocking", 8, &n), TLS13_OK);
    uint8_t buf[64];
    ck_assert_int_eq(tls13_socket_read(p.client, buf, sizeof buf, &n), TLS13_OK);
    ck_assert_uint_eq(n, 8);
    ck_assert_mem_eq(buf, "blocking", 8);
    ck_assert_int_eq(tls13_socket_close(p.client), TLS13_OK);
    ck_assert_int_eq(tls13_socket_read(p.client, buf, sizeof buf, &n), TLS13_ERR_PEER_CLOSED);
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    pair_close(&p);
}
END_TEST

START_TEST(bad_arguments)
{
    tls13_config *cfg = tls13_config_new();
    ck_assert_ptr_nonnull(cfg);
    ck_assert_ptr_null(tls13_socket_client(cfg, -1, NULL));
    ck_assert_ptr_null(tls13_socket_server(NULL, 0));
    size_t n = 99;
    uint8_t buf[4];
    ck_assert_int_eq(tls13_socket_handshake(NULL), TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(tls13_socket_read(NULL, buf, sizeof buf, &n), TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_uint_eq(n, 0);
    ck_assert_int_eq(tls13_socket_write(NULL, buf, 1, &n), TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(tls13_socket_close(NULL), TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_ptr_null(tls13_socket_conn(NULL));
    tls13_socket_free(NULL);
    tls13_config_free(cfg);
}
END_TEST

static Suite *fd_suite(void)
{
    Suite *s = suite_create("fd");
    TCase *tc = tcase_create("socketpair");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, nonblocking_handshake_and_data_both_ways);
    tcase_add_test(tc, one_mebibyte_through_a_full_socket);
    tcase_add_test(tc, close_notify_both_ways);
    tcase_add_test(tc, peer_vanishes_after_the_handshake);
    tcase_add_test(tc, peer_vanishes_during_the_handshake);
    tcase_add_test(tc, writing_to_a_vanished_peer_is_an_error_not_sigpipe);
    tcase_add_test(tc, blocking_sockets_read_drives_the_handshake);
    tcase_add_test(tc, bad_arguments);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(fd_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? 0 : 1;
}
