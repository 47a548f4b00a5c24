/*
 * fuzz_common.c — randomness, credentials and the peer model of the fuzz
 * targets (fuzz_common.h says what each is for).
 */
#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "crypto/aead.h"
#include "crypto/secure.h"
#include "fuzz_anchors.h"
#include "record/record.h"
#include "x509/verify.h"
#include "x509/x509.h"

/* ---- randomness and time ---------------------------------------------------- */

static uint64_t splitmix64(uint64_t x)
{
    x += UINT64_C(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
    return x ^ (x >> 31);
}

int fuzz_rng_fill(void *ctx, uint8_t *out, size_t len)
{
    fuzz_rng *rng = ctx;
    for (size_t i = 0; i < len; i++, rng->counter++) {
        uint64_t word = splitmix64(rng->stream << 40 ^ rng->counter / 8);
        out[i] = (uint8_t)(word >> (8 * (rng->counter % 8)));
    }
    return 0;
}

void fuzz_rng_reset(fuzz_rng *rng)
{
    rng->counter = 0;
}

int64_t fuzz_now(void *ctx)
{
    (void)ctx;
    return FUZZ_NOW;
}

uint32_t fuzz_touch(const uint8_t *data, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ data[i]) * 16777619u;
    return h;
}

/* ---- an input reader --------------------------------------------------------- */

uint8_t fuzz_take_u8(fuzz_input *in)
{
    if (in->len == 0)
        return 0;
    uint8_t v = in->data[0];
    in->data++;
    in->len--;
    return v;
}

uint16_t fuzz_take_u16(fuzz_input *in)
{
    uint16_t hi = fuzz_take_u8(in);
    return (uint16_t)(hi << 8 | fuzz_take_u8(in));
}

const uint8_t *fuzz_take_bytes(fuzz_input *in, size_t n, size_t *got)
{
    const uint8_t *p = in->data;
    *got = n < in->len ? n : in->len;
    in->data += *got;
    in->len -= *got;
    return p;
}

void fuzz_chunker_init(fuzz_chunker *c, uint8_t seed)
{
    c->seed = seed;
    c->state = seed * 2654435761u + 1;
}

size_t fuzz_chunker_next(fuzz_chunker *c, size_t remaining)
{
    if (c->seed == 0)
        return remaining;
    c->state ^= c->state << 13;
    c->state ^= c->state >> 17;
    c->state ^= c->state << 5;
    size_t n = 1 + c->state % (8 * c->seed);
    return n < remaining ? n : remaining;
}

/* ---- credentials ---------------------------------------------------------------- */

typedef struct fuzz_credentials {
    bool made;
    char *cert_pem, *key_pem;
    size_t cert_pem_len, key_pem_len;
} fuzz_credentials;

/* Made once and kept for the life of the process (reachable, not leaked). */
static fuzz_credentials credentials;

static void make_credentials(void)
{
    if (credentials.made)
        return;
    if (secure_init() != TLS13_OK ||
        x509_pem_encode("CERTIFICATE", fuzz_server_certificate.data, fuzz_server_certificate.len,
                        &credentials.cert_pem, &credentials.cert_pem_len) != TLS13_OK ||
        x509_pem_encode("PRIVATE KEY", fuzz_server_key.data, fuzz_server_key.len,
                        &credentials.key_pem, &credentials.key_pem_len) != TLS13_OK)
        abort();
    credentials.made = true;
}

const char *fuzz_server_cert_pem(size_t *len)
{
    make_credentials();
    *len = credentials.cert_pem_len;
    return credentials.cert_pem;
}

const char *fuzz_server_key_pem(size_t *len)
{
    make_credentials();
    *len = credentials.key_pem_len;
    return credentials.key_pem;
}

size_t fuzz_anchor_count(void)
{
    return 1 + FUZZ_ROOT_COUNT;
}

const uint8_t *fuzz_anchor(size_t i, size_t *len)
{
    const fuzz_der *der = i == 0 ? &fuzz_server_certificate : &fuzz_roots[i - 1];
    *len = der->len;
    return der->data;
}

void fuzz_config_use_anchors(tls13_config *cfg, bool client)
{
    x509_store *store = client ? &cfg->client_anchors : &cfg->anchors;
    x509_store_free(store);
    for (size_t i = 0; i < fuzz_anchor_count(); i++) {
        size_t len;
        const uint8_t *der = fuzz_anchor(i, &len);
        if (x509_store_add_der(store, der, len) != TLS13_OK)
            abort();
    }
    if (client)
        cfg->verify_client = true;
}

/* ---- the peer model ------------------------------------------------------------- */

static bool starts_with(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

void fuzz_secrets_event(void *ctx, const tls13_event *event)
{
    fuzz_secrets *s = ctx;
    if (event->type != TLS13_EVENT_SECRET ||
        (event->len != HASH_SHA256_LEN && event->len != HASH_SHA384_LEN))
        return;
    bool client = starts_with(event->name, "client_");
    bool server = starts_with(event->name, "server_");
    bool handshake = strstr(event->name, "_handshake_traffic_secret") != NULL;
    bool application = strstr(event->name, "_application_traffic_secret") != NULL;
    if (!(client || server) || !(handshake || application))
        return;
    int side = server ? 1 : 0;
    ks_secret *dst = handshake ? &s->hs[side] : &s->ap[side];
    dst->alg = event->len == HASH_SHA256_LEN ? HASH_SHA256 : HASH_SHA384;
    memcpy(dst->secret, event->data, event->len);
    if (handshake)
        s->have_hs[side] = true;
    else
        s->have_ap[side] = true;
    s->generation[side]++;
}

void fuzz_secrets_reset(fuzz_secrets *s)
{
    secure_wipe(s, sizeof *s);
}

/* The secret the peer model writes with now, or NULL. */
static const ks_secret *peer_secret(const fuzz_sealer *s, bool connected)
{
    int side = s->server_side ? 1 : 0;
    if (connected)
        return s->secrets->have_ap[side] ? &s->secrets->ap[side] : NULL;
    return s->secrets->have_hs[side] ? &s->secrets->hs[side] : NULL;
}

static size_t seal(fuzz_sealer *s, const ks_secret *secret, aead_alg alg, const uint8_t *inner,
                   size_t inner_len, uint8_t *out)
{
    ks_traffic_keys keys;
    record_protection rp;
    memset(&rp, 0, sizeof rp);
    ks_traffic_keys_derive(secret, alg, &keys);
    if (record_protection_install(&rp, keys.aead, keys.key, keys.key_len, keys.iv) != TLS13_OK)
        abort();
    ks_traffic_keys_wipe(&keys);
    rp.seq = s->seq++;
    size_t ct_len = inner_len + AEAD_TAG_LEN;
    out[0] = RECORD_APPLICATION_DATA;
    out[1] = 0x03;
    out[2] = 0x03;
    out[3] = (uint8_t)(ct_len >> 8);
    out[4] = (uint8_t)ct_len;
    uint8_t nonce[AEAD_NONCE_LEN];
    record_nonce(&rp, nonce);
    if (aead_seal(&rp.key, nonce, out, RECORD_HEADER_LEN, inner, inner_len,
                  out + RECORD_HEADER_LEN) != TLS13_OK)
        abort();
    record_protection_wipe(&rp);
    return RECORD_HEADER_LEN + ct_len;
}

size_t fuzz_peer_record(fuzz_sealer *s, uint16_t suite, bool connected, uint8_t type,
                        const uint8_t *content, size_t len, uint8_t *out)
{
    if (type & 0x80) {
        if (len > 0)
            memcpy(out, content, len);
        return len;
    }
    const cipher_suite_info *info = suite != 0 ? cipher_suite_lookup(suite) : NULL;
    const ks_secret *secret = peer_secret(s, connected);
    if (info == NULL || secret == NULL || type == RECORD_CHANGE_CIPHER_SPEC) {
        if (len > 0xffff)
            len = 0xffff;
        out[0] = type;
        out[1] = 0x03;
        out[2] = 0x03;
        out[3] = (uint8_t)(len >> 8);
        out[4] = (uint8_t)len;
        if (len > 0)
            memcpy(out + RECORD_HEADER_LEN, content, len);
        return RECORD_HEADER_LEN + len;
    }
    unsigned generation = s->secrets->generation[s->server_side ? 1 : 0] * 2u + connected;
    if (generation != s->generation) {
        s->generation = generation;
        s->seq = 0;
    }
    size_t inner_len = (type & 0x40) ? len : len + 1;
    if (inner_len > 0xffff - AEAD_TAG_LEN)
        inner_len = 0xffff - AEAD_TAG_LEN;
    uint8_t *inner = malloc(inner_len + 1);
    if (inner == NULL)
        abort();
    if (type & 0x40) {
        memcpy(inner, content, inner_len);
    } else {
        memcpy(inner, content, inner_len - 1);
        inner[inner_len - 1] = type;
    }
    size_t n = seal(s, secret, info->aead, inner, inner_len, out);
    free(inner);
    return n;
}

/* Reads out the application data; with discard_output, throws away what
 * conn has to send as well. Returns the bytes of application data. */
static size_t drain(tls13_conn *conn, bool discard_output)
{
    if (discard_output) {
        const uint8_t *out;
        size_t pending = tls13_conn_pending_output(conn, &out);
        (void)fuzz_touch(out, pending);
        tls13_conn_output_done(conn, pending);
    }
    uint8_t buf[4096];
    size_t total = 0, n = 0;
    while (tls13_conn_read(conn, buf, sizeof buf, &n) == TLS13_OK && n > 0) {
        (void)fuzz_touch(buf, n);
        total += n;
    }
    return total;
}

tls13_error fuzz_feed(tls13_conn *conn, const uint8_t *data, size_t len, fuzz_chunker *chunks,
                      bool discard_output)
{
    size_t off = 0;
    while (off < len) {
        size_t n = fuzz_chunker_next(chunks, len - off), took = 0;
        tls13_error err = tls13_conn_recv(conn, data + off, n, &took);
        if (took > n)
            abort(); /* the connection claims bytes it was not given */
        off += took;
        if (err == TLS13_OK)
            err = tls13_conn_handshake(conn);
        size_t read = drain(conn, discard_output);
        if (err != TLS13_OK && err != TLS13_WANT_READ)
            return err;
        if (took == 0 && read == 0)
            break; /* the connection takes no more: the peer closed */
    }
    return TLS13_OK;
}

tls13_error fuzz_play_peer(tls13_conn *conn, fuzz_sealer *sealer, bool sealed, fuzz_input *in,
                           fuzz_chunker *chunks)
{
    if (!sealed)
        return fuzz_feed(conn, in->data, in->len, chunks, true);
    uint8_t *record = NULL;
    tls13_error err = TLS13_OK;
    while (err == TLS13_OK && in->len > 0) {
        uint8_t type = fuzz_take_u8(in);
        size_t n;
        const uint8_t *content = fuzz_take_bytes(in, fuzz_take_u16(in), &n);
        record = realloc(record, n + RECORD_HEADER_LEN + 1 + AEAD_TAG_LEN);
        if (record == NULL)
            abort();
        size_t len = fuzz_peer_record(sealer, tls13_conn_cipher_suite(conn),
                                      tls13_conn_handshake_done(conn) != 0, type, content, n,
                                      record);
        err = fuzz_feed(conn, record, len, chunks, true);
    }
    free(record);
    return err;
}

void fuzz_finish(tls13_conn *conn)
{
    tls13_error status = tls13_conn_handshake(conn);
    if ((unsigned)status >= TLS13_ERR__COUNT)
        abort();
    if (getenv("TLS13_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "%s %s\n", tls13_error_name(status), tls13_conn_error_message(conn));
    if (status != TLS13_OK) {
        /* A failed connection stays failed, with a message. */
        if (status != TLS13_WANT_READ &&
            (tls13_conn_error(conn) != status || tls13_conn_error_message(conn)[0] == '\0'))
            abort();
        (void)drain(conn, true);
        return;
    }
    static const uint8_t hello[] = "hello from the fuzz target";
    (void)tls13_conn_write(conn, hello, sizeof hello);
    (void)tls13_conn_key_update(conn, 1);
    (void)tls13_conn_write(conn, hello, sizeof hello);
    (void)tls13_conn_close(conn);
    (void)drain(conn, true);
}

/* Moves everything `from` has for its peer into `to`. */
static tls13_error transfer(tls13_conn *from, tls13_conn *to)
{
    const uint8_t *data;
    size_t len = tls13_conn_pending_output(from, &data);
    uint8_t *copy = malloc(len > 0 ? len : 1);
    if (copy == NULL)
        abort();
    memcpy(copy, data, len);
    tls13_conn_output_done(from, len);
    fuzz_chunker whole;
    fuzz_chunker_init(&whole, 0);
    tls13_error err = fuzz_feed(to, copy, len, &whole, false);
    free(copy);
    return err;
}

static size_t pending(const tls13_conn *conn)
{
    const uint8_t *data;
    return tls13_conn_pending_output(conn, &data);
}

bool fuzz_handshake_pair(tls13_conn *client, tls13_conn *server)
{
    if (tls13_conn_handshake(client) != TLS13_WANT_READ)
        return false;
    for (int round = 0; round < 16; round++) {
        if (pending(client) == 0 && pending(server) == 0)
            break;
        if (transfer(client, server) != TLS13_OK || transfer(server, client) != TLS13_OK)
            return false;
    }
    return tls13_conn_handshake(client) == TLS13_OK && tls13_conn_handshake(server) == TLS13_OK;
}

/* ---- configs ------------------------------------------------------------------ */

static tls13_config *config_common(fuzz_rng *rng, fuzz_secrets *secrets)
{
    tls13_config *cfg = tls13_config_new();
    if (cfg == NULL)
        abort();
    x509_store_free(&cfg->anchors); /* the system's bundle: not ours to fuzz */
    tls13_config_set_random(cfg, (tls13_random_source){ fuzz_rng_fill, rng });
    tls13_config_set_time(cfg, fuzz_now, NULL);
    tls13_config_set_event_callback(cfg, fuzz_secrets_event, secrets);
    return cfg;
}

static void use_fixed_certificate(tls13_config *cfg)
{
    size_t cert_len, key_len;
    const char *cert = fuzz_server_cert_pem(&cert_len);
    const char *key = fuzz_server_key_pem(&key_len);
    if (tls13_config_set_cert_pem(cfg, cert, cert_len) != TLS13_OK ||
        tls13_config_set_key_pem(cfg, key, key_len) != TLS13_OK)
        abort();
}

tls13_config *fuzz_server_config(bool verify_client, bool p256_only, fuzz_rng *rng,
                                 fuzz_secrets *secrets)
{
    tls13_config *cfg = config_common(rng, secrets);
    use_fixed_certificate(cfg);
    if (tls13_config_set_alpn(cfg, "http/1.1,h2") != TLS13_OK ||
        (p256_only && tls13_config_set_groups(cfg, "P-256") != TLS13_OK))
        abort();
    if (verify_client)
        fuzz_config_use_anchors(cfg, true);
    return cfg;
}

/* Pins the fixed certificate, as tls13_config_add_pin_file would. */
static void pin_fixed_certificate(tls13_config *cfg)
{
    x509_der *pin = &cfg->pins[cfg->pin_count];
    pin->data = malloc(fuzz_server_certificate.len);
    if (pin->data == NULL)
        abort();
    memcpy(pin->data, fuzz_server_certificate.data, fuzz_server_certificate.len);
    pin->len = fuzz_server_certificate.len;
    if (x509_certificate_public_key(pin->data, pin->len, &cfg->pin_keys[cfg->pin_count]) !=
        TLS13_OK)
        abort();
    cfg->pin_count++;
}

tls13_config *fuzz_client_config(unsigned options, fuzz_rng *rng, fuzz_secrets *secrets)
{
    tls13_config *cfg = config_common(rng, secrets);
    if (options & FUZZ_CLIENT_VERIFY)
        fuzz_config_use_anchors(cfg, false);
    if (options & FUZZ_CLIENT_PIN)
        pin_fixed_certificate(cfg);
    if (!(options & (FUZZ_CLIENT_VERIFY | FUZZ_CLIENT_PIN)))
        tls13_config_insecure_noverifycert(cfg);
    if (options & FUZZ_CLIENT_CERT)
        use_fixed_certificate(cfg);
    if (tls13_config_set_alpn(cfg, "h2,http/1.1") != TLS13_OK ||
        ((options & FUZZ_CLIENT_P256) && tls13_config_set_groups(cfg, "P-256:X25519") != TLS13_OK))
        abort();
    return cfg;
}
