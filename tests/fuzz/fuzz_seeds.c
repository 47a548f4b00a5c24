/*
 * fuzz_seeds.c — writes the handshake seeds of the connection targets:
 *   fuzz_seeds DIR
 * makes DIR/fuzz_server, DIR/fuzz_client and DIR/fuzz_client_after_handshake.
 *
 * The targets' client and server are deterministic (fuzz_common.h), so a
 * handshake between the two, recorded here, replays byte for byte inside a
 * target: what the client sent is a whole, valid client for fuzz_server, and
 * what the server sent one for fuzz_client. Each handshake is written twice:
 * as the raw byte stream, and in sealed mode as the records the other side
 * received, in the clear ([type][u16 length][content]), which the target
 * seals again. The fuzzer starts from these and mutates.
 * tests/fuzz/make_seeds.py writes the other seeds (from vectors/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_common.h"

typedef struct buf {
    uint8_t *data;
    size_t len;
} buf;

static void append(buf *b, const uint8_t *data, size_t n)
{
    b->data = realloc(b->data, b->len + n + 1);
    if (b->data == NULL)
        abort();
    if (n > 0)
        memcpy(b->data + b->len, data, n);
    b->len += n;
}

static void append_u8(buf *b, uint8_t v)
{
    append(b, &v, 1);
}

static void append_piece(buf *b, uint8_t type, const uint8_t *content, size_t len)
{
    append_u8(b, type);
    append_u8(b, (uint8_t)(len >> 8));
    append_u8(b, (uint8_t)len);
    append(b, content, len);
}

/* One side's view: the secrets its events report (fuzz_common.c needs
 * them for sealing) and the records it received, as pieces. */
typedef struct side {
    fuzz_secrets secrets;
    buf received;   /* pieces */
    buf stream;     /* the raw bytes it was sent */
} side;

static uint8_t content_type(const char *name)
{
    if (strcmp(name, "change_cipher_spec") == 0)
        return 20;
    if (strcmp(name, "alert") == 0)
        return 21;
    if (strcmp(name, "handshake") == 0)
        return 22;
    return 23;
}

static void on_event(void *ctx, const tls13_event *event)
{
    side *s = ctx;
    fuzz_secrets_event(&s->secrets, event);
    if (event->type == TLS13_EVENT_RECORD_RECEIVED)
        append_piece(&s->received, content_type(event->name), event->data, event->len);
}

static void transfer(tls13_conn *from, tls13_conn *to, side *to_side)
{
    const uint8_t *data;
    size_t len = tls13_conn_pending_output(from, &data);
    if (len == 0)
        return;
    uint8_t *copy = malloc(len);
    if (copy == NULL)
        abort();
    memcpy(copy, data, len);
    tls13_conn_output_done(from, len);
    append(&to_side->stream, copy, len);
    fuzz_chunker whole;
    fuzz_chunker_init(&whole, 0);
    (void)fuzz_feed(to, copy, len, &whole, false);
    free(copy);
}

static void pump(tls13_conn *client, tls13_conn *server, side *c, side *s)
{
    for (int round = 0; round < 16; round++) {
        transfer(client, server, s);
        transfer(server, client, c);
    }
}

static void write_seed(const char *dir, const char *target, const char *name, uint8_t flags,
                       uint8_t chunk_seed, const buf *body)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, target);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/%s/%s", dir, target, name);
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        perror(path);
        exit(1);
    }
    fputc(flags, f);
    fputc(chunk_seed, f);
    fwrite(body->data, 1, body->len, f);
    fclose(f);
}

static fuzz_rng client_rng = { 2, 0 }, server_rng = { 1, 0 };

/* One handshake, then "ping"/"pong" and close_notify both ways; writes the
 * seeds for client flags cf and server flags sf. */
static void handshake_seeds(const char *dir, unsigned cf, unsigned sf)
{
    side c, s;
    memset(&c, 0, sizeof c);
    memset(&s, 0, sizeof s);
    tls13_config *ccfg = fuzz_client_config(cf, &client_rng, &c.secrets);
    tls13_config *scfg = fuzz_server_config(sf & 1, sf & 2, &server_rng, &s.secrets);
    tls13_config_set_event_callback(ccfg, on_event, &c);
    tls13_config_set_event_callback(scfg, on_event, &s);
    fuzz_rng_reset(&client_rng);
    fuzz_rng_reset(&server_rng);
    tls13_conn *client = tls13_client_new(ccfg, FUZZ_HOST);
    tls13_conn *server = tls13_server_new(scfg);
    if (client == NULL || server == NULL || tls13_conn_handshake(client) != TLS13_WANT_READ)
        abort();
    pump(client, server, &c, &s);
    bool ok = tls13_conn_handshake(client) == TLS13_OK && tls13_conn_handshake(server) == TLS13_OK;
    fprintf(stderr, "client flags %u, server flags %u: %s%s%s%s\n", cf, sf,
            ok ? "connected" : "failed: ", tls13_conn_error_message(client),
            ok ? "" : " / ", tls13_conn_error_message(server));
    if (ok) {
        (void)tls13_conn_write(client, (const uint8_t *)"ping", 4);
        (void)tls13_conn_write(server, (const uint8_t *)"pong", 4);
        (void)tls13_conn_close(client);
        (void)tls13_conn_close(server);
        pump(client, server, &c, &s);
    }
    char name[64];
    /* fuzz_client's flags: bit 0 verify, bit 1 P-256, bit 2 sealed, bits 3-4
     * certificate and pin (FUZZ_CLIENT_* with the sealed bit made room for). */
    uint8_t client_flags = (uint8_t)((cf & 3) | (cf & 12) << 1);
    snprintf(name, sizeof name, "handshake-c%u-s%u-raw", cf, sf);
    write_seed(dir, "fuzz_client", name, client_flags, 0, &c.stream);
    snprintf(name, sizeof name, "handshake-c%u-s%u-sealed", cf, sf);
    write_seed(dir, "fuzz_client", name, client_flags | 4, 0, &c.received);
    /* fuzz_server's flags: bit 0 mutual TLS, bit 1 P-256 only, bit 2 sealed. */
    snprintf(name, sizeof name, "handshake-c%u-s%u-raw", cf, sf);
    write_seed(dir, "fuzz_server", name, (uint8_t)sf, 0, &s.stream);
    snprintf(name, sizeof name, "handshake-c%u-s%u-sealed", cf, sf);
    write_seed(dir, "fuzz_server", name, (uint8_t)(sf | 4), 0, &s.received);
    if (cf == 0 && sf == 0) {
        snprintf(name, sizeof name, "handshake-c%u-s%u-raw-chunked", cf, sf);
        write_seed(dir, "fuzz_client", name, client_flags, 3, &c.stream);
        write_seed(dir, "fuzz_server", name, (uint8_t)sf, 3, &s.stream);
    }
    tls13_conn_free(client);
    tls13_conn_free(server);
    tls13_config_free(ccfg);
    tls13_config_free(scfg);
    free(c.received.data);
    free(c.stream.data);
    free(s.received.data);
    free(s.stream.data);
}

/* Post-handshake records, as pieces for fuzz_client_after_handshake. */
static void after_handshake_seeds(const char *dir)
{
    static const uint8_t nst[] = {
        0x04, 0x00, 0x00, 0x3d, 0x00, 0x00, 0x1c, 0x20, 0x01, 0x02, 0x03, 0x04, 0x08, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x20, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
        0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
        0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0x00,
        0x08, 0x00, 0x2a, 0x00, 0x04, 0x00, 0x00, 0x40, 0x00,
    };
    static const uint8_t key_update_requested[] = { 0x18, 0x00, 0x00, 0x01, 0x01 };
    static const uint8_t key_update[] = { 0x18, 0x00, 0x00, 0x01, 0x00 };
    static const uint8_t close_notify[] = { 0x01, 0x00 };
    static const uint8_t fatal_alert[] = { 0x02, 0x28 };
    static const uint8_t user_canceled[] = { 0x01, 0x5a };
    static const uint8_t certificate_request[] = { 0x0d, 0x00, 0x00, 0x0b, 0x01, 0x01, 0x00,
                                                   0x08, 0x00, 0x0d, 0x00, 0x04, 0x00, 0x02,
                                                   0x08, 0x07 };
    static const uint8_t hello[] = "application data";
    struct {
        const char *name;
        uint8_t flags;
        struct { uint8_t type; const uint8_t *data; size_t len; } pieces[6];
    } seeds[] = {
        { "nst", 0, { { 22, nst, sizeof nst } } },
        { "nst-split", 0, { { 22, nst, 10 }, { 22, nst + 10, sizeof nst - 10 } } },
        { "key-update-data-close", 0,
          { { 22, key_update_requested, sizeof key_update_requested }, { 23, hello, sizeof hello },
            { 22, key_update, sizeof key_update }, { 23, hello, sizeof hello },
            { 21, close_notify, sizeof close_notify } } },
        { "data-empty-data", 0, { { 23, hello, sizeof hello }, { 23, hello, 0 },
                                  { 23, hello, sizeof hello } } },
        { "alerts", 0, { { 21, user_canceled, sizeof user_canceled },
                         { 21, fatal_alert, sizeof fatal_alert } } },
        { "certificate-request", 0, { { 22, certificate_request, sizeof certificate_request } } },
        { "ccs-after-handshake", 0, { { 20, (const uint8_t *)"\x01", 1 } } },
        { "server-key-update-data-close", 1,
          { { 22, key_update_requested, sizeof key_update_requested }, { 23, hello, sizeof hello },
            { 21, close_notify, sizeof close_notify } } },
        { "server-nst", 1, { { 22, nst, sizeof nst } } },
        { "padded-inner", 0, { { 0x40 | 23, (const uint8_t *)"abc\x17\x00\x00\x00", 7 } } },
    };
    for (size_t i = 0; i < sizeof seeds / sizeof seeds[0]; i++) {
        buf b = { NULL, 0 };
        for (size_t j = 0; j < 6 && seeds[i].pieces[j].data != NULL; j++)
            append_piece(&b, seeds[i].pieces[j].type, seeds[i].pieces[j].data,
                         seeds[i].pieces[j].len);
        write_seed(dir, "fuzz_client_after_handshake", seeds[i].name, seeds[i].flags, 0, &b);
        free(b.data);
    }
    /* Raw mode: a record header that claims too much, and a plaintext handshake record. */
    static const uint8_t raw[] = { 0x17, 0x03, 0x03, 0x40, 0x11, 0x16, 0x03, 0x03, 0x00, 0x01 };
    buf b = { NULL, 0 };
    append(&b, raw, sizeof raw);
    write_seed(dir, "fuzz_client_after_handshake", "raw-headers", 2, 0, &b);
    free(b.data);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    mkdir(argv[1], 0755);
    for (unsigned cf = 0; cf < 16; cf++) {
        for (unsigned sf = 0; sf < 4; sf++)
            handshake_seeds(argv[1], cf, sf);
    }
    after_handshake_seeds(argv[1]);
    return 0;
}
