/*
 * fd.c — the file-descriptor API (tls13_socket_*): a libtls-style layer that
 * drives the sans-IO connection (tls13_conn_*) over a socket.
 *
 * The socket owns a tls13_conn and an input buffer. Bytes read from the fd go
 * into the buffer and are fed to the connection (tls13_conn_recv); what the
 * connection did not take yet stays buffered. Everything the connection wants
 * to send (tls13_conn_pending_output) is written with send(MSG_NOSIGNAL), so a
 * peer that vanished gives EPIPE rather than a SIGPIPE that kills the process.
 *
 * Blocking and non-blocking sockets both work: on a non-blocking one every
 * call may return TLS13_WANT_READ or TLS13_WANT_WRITE, and is simply called
 * again once poll() says the fd is ready. EINTR is retried here.
 *
 * This file touches the fd and the public connection API only; it knows
 * nothing of records or handshake messages.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#include "tls13.h"

/* Room for one whole record as it may arrive on the wire (5-byte header +
 * 2^14 + 256 bytes of ciphertext, RFC 9846 §5.2) and then some, so a read
 * can bring in the start of the next record too. */
#define SOCKET_INPUT_CAP (18 * 1024)

struct tls13_socket {
    int fd;
    tls13_conn *conn;
    bool peer_eof;                  /* read(2) returned 0 */
    bool close_queued;              /* tls13_conn_close was called */
    size_t in_start;                /* first unconsumed byte in `in` */
    size_t in_len;                  /* unconsumed bytes from in_start */
    uint8_t in[SOCKET_INPUT_CAP];
};

static tls13_socket *socket_new(tls13_conn *conn, int fd)
{
    if (conn == NULL)
        return NULL;
    tls13_socket *s = calloc(1, sizeof(*s));
    if (s == NULL) {
        tls13_conn_free(conn);
        return NULL;
    }
    s->fd = fd;
    s->conn = conn;
    return s;
}

tls13_socket *tls13_socket_client(const tls13_config *cfg, int fd, const char *server_name)
{
    if (cfg == NULL || fd < 0)
        return NULL;
    return socket_new(tls13_client_new(cfg, server_name), fd);
}

tls13_socket *tls13_socket_server(const tls13_config *cfg, int fd)
{
    if (cfg == NULL || fd < 0)
        return NULL;
    return socket_new(tls13_server_new(cfg), fd);
}

void tls13_socket_free(tls13_socket *s)
{
    if (s == NULL)
        return;
    tls13_conn_free(s->conn);
    /* The buffer may hold undecrypted records only, but wipe it anyway. */
    memset(s->in, 0, sizeof(s->in));
    free(s);
}

tls13_conn *tls13_socket_conn(tls13_socket *s)
{
    return s == NULL ? NULL : s->conn;
}

/* A socket error other than "try again". A peer that reset or closed the
 * connection under us ended it without close_notify (RFC 9846 §6.1); an fd
 * that is not usable at all is the caller's mistake; anything else is a
 * failure of the socket itself. errno is left set. */
static tls13_error socket_errno_error(int err)
{
    switch (err) {
    case EBADF:
    case EFAULT:
    case EINVAL:
    case ENOTCONN:
    case ENOTSOCK:
        return TLS13_ERR_INVALID_ARGUMENT;
    case ECONNRESET:
    case EPIPE:
    case ECONNABORTED:
        return TLS13_ERR_TRUNCATED;
    default:
        return TLS13_ERR_SOCKET;
    }
}

/* send(2) without SIGPIPE; plain write(2) for an fd that is not a socket
 * (a pipe in a test, say). */
static ssize_t socket_send(int fd, const uint8_t *data, size_t len)
{
    ssize_t w = send(fd, data, len, MSG_NOSIGNAL);
    if (w < 0 && errno == ENOTSOCK)
        w = write(fd, data, len);
    return w;
}

/* Writes all pending output of the connection: TLS13_OK when nothing is left,
 * TLS13_WANT_WRITE when the socket would block, or an error. */
static tls13_error socket_flush(tls13_socket *s)
{
    const uint8_t *data;
    size_t len;
    while ((len = tls13_conn_pending_output(s->conn, &data)) > 0) {
        ssize_t w = socket_send(s->fd, data, len);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK)
                return TLS13_WANT_WRITE;
            return socket_errno_error(errno);
        }
        tls13_conn_output_done(s->conn, (size_t)w);
    }
    return TLS13_OK;
}

/* After the connection failed: try to get its alert out, then report the
 * connection's error (not a secondary socket error). */
static tls13_error socket_fail(tls13_socket *s, tls13_error err)
{
    int saved = errno;
    (void)socket_flush(s);
    errno = saved;
    return err;
}

/* Feeds buffered input to the connection. *progress says whether any byte
 * was taken. */
static tls13_error socket_feed(tls13_socket *s, bool *progress)
{
    *progress = false;
    if (s->in_len == 0)
        return TLS13_OK;
    size_t consumed = 0;
    tls13_error err = tls13_conn_recv(s->conn, s->in + s->in_start, s->in_len, &consumed);
    if (consumed > s->in_len)
        consumed = s->in_len;
    s->in_start += consumed;
    s->in_len -= consumed;
    if (s->in_len == 0)
        s->in_start = 0;
    *progress = consumed > 0;
    if (err == TLS13_WANT_READ)
        return TLS13_OK;
    return err;
}

/* Reads what the fd has into the free end of the buffer. */
static tls13_error socket_fill(tls13_socket *s)
{
    if (s->peer_eof)
        return TLS13_ERR_TRUNCATED;
    if (s->in_start > 0) {
        memmove(s->in, s->in + s->in_start, s->in_len);
        s->in_start = 0;
    }
    if (s->in_len == sizeof(s->in))
        return TLS13_ERR_BUFFER_TOO_SMALL; /* the connection refuses a full buffer */
    for (;;) {
        ssize_t r = read(s->fd, s->in + s->in_len, sizeof(s->in) - s->in_len);
        if (r > 0) {
            s->in_len += (size_t)r;
            return TLS13_OK;
        }
        if (r == 0) {
            /* The peer closed the TCP connection; had it sent close_notify
             * first, the connection would have said so (RFC 9846 §6.1). */
            s->peer_eof = true;
            return TLS13_ERR_TRUNCATED;
        }
        if (errno == EINTR)
            continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK)
            return TLS13_WANT_READ;
        return socket_errno_error(errno);
    }
}

/* Moves input forward by one step: feeds what is buffered if the connection
 * takes any of it, else reads more from the fd and feeds that. */
static tls13_error socket_pump(tls13_socket *s)
{
    bool progress;
    tls13_error err = socket_feed(s, &progress);
    if (err != TLS13_OK || progress)
        return err;
    err = socket_fill(s);
    if (err != TLS13_OK)
        return err;
    return socket_feed(s, &progress);
}

tls13_error tls13_socket_handshake(tls13_socket *s)
{
    if (s == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    for (;;) {
        tls13_error err = tls13_conn_handshake(s->conn);
        if (err != TLS13_OK && err != TLS13_WANT_READ)
            return socket_fail(s, err);
        tls13_error flushed = socket_flush(s);
        if (flushed != TLS13_OK)
            return flushed;
        if (err == TLS13_OK)
            return TLS13_OK;
        err = socket_pump(s);
        if (err == TLS13_WANT_READ)
            return err;
        if (err != TLS13_OK)
            return socket_fail(s, err);
    }
}

/* Runs the handshake first if the caller went straight to read or write
 * (as libtls does). */
static tls13_error socket_ensure_handshake(tls13_socket *s)
{
    if (tls13_conn_handshake_done(s->conn))
        return TLS13_OK;
    return tls13_socket_handshake(s);
}

tls13_error tls13_socket_read(tls13_socket *s, void *buf, size_t cap, size_t *n)
{
    if (n != NULL)
        *n = 0;
    if (s == NULL || buf == NULL || n == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = socket_ensure_handshake(s);
    if (err != TLS13_OK)
        return err;
    for (;;) {
        err = tls13_conn_read(s->conn, buf, cap, n);
        if (err == TLS13_OK && *n > 0) {
            (void)socket_flush(s); /* e.g. our answer to a KeyUpdate */
            return TLS13_OK;
        }
        if (err != TLS13_OK && err != TLS13_WANT_READ)
            return socket_fail(s, err);
        /* Post-handshake messages (a KeyUpdate answer) may want to go out.
         * A full socket does not stop us reading: the peer may be blocked
         * until we do. */
        tls13_error flushed = socket_flush(s);
        if (flushed != TLS13_OK && flushed != TLS13_WANT_WRITE)
            return flushed;
        err = socket_pump(s);
        if (err == TLS13_WANT_READ)
            return flushed == TLS13_WANT_WRITE ? TLS13_WANT_WRITE : TLS13_WANT_READ;
        if (err != TLS13_OK)
            return socket_fail(s, err);
    }
}

/*
 * The connection encrypts all of data into its pending output at once, so
 * the data is accepted (*n = len) as soon as that succeeded. If the socket
 * then would block, TLS13_WANT_WRITE says records are still queued: wait for
 * POLLOUT and call again (with len 0, or with more data) to send them.
 */
tls13_error tls13_socket_write(tls13_socket *s, const void *data, size_t len, size_t *n)
{
    if (n != NULL)
        *n = 0;
    if (s == NULL || n == NULL || (data == NULL && len > 0))
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = socket_ensure_handshake(s);
    if (err != TLS13_OK)
        return err;
    err = socket_flush(s); /* what an earlier call left queued goes first */
    if (err != TLS13_OK)
        return err;
    if (len == 0)
        return TLS13_OK;
    err = tls13_conn_write(s->conn, data, len);
    if (err != TLS13_OK)
        return socket_fail(s, err);
    *n = len;
    /* The data is taken (*n == len), even if the socket cannot hold all of
     * it now: WANT_WRITE then means "flush later", not "offer it again".
     * Until it is out, new data is not taken (above), so what waits here is
     * bounded by one write. */
    return socket_flush(s);
}

tls13_error tls13_socket_close(tls13_socket *s)
{
    if (s == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    /* Called again after WANT_WRITE: close_notify is queued already. */
    if (!s->close_queued) {
        s->close_queued = true;
        tls13_error err = tls13_conn_close(s->conn);
        if (err != TLS13_OK)
            return socket_fail(s, err);
    }
    return socket_flush(s);
}
