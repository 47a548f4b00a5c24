/*
 * test_negative.c — one peer misbehaving per alert the library can send
 * (RFC 9846 §6.2; DESIGN.md: "one error → one alert, in one place").
 *
 * Every row of the table below is a mistake a peer can make on the wire:
 * a malformed or out-of-order message or record, built by hand or made by
 * rewriting what a real peer sent. For each, the connection that receives it
 * must return exactly the row's error, and exactly one record must leave it
 * afterwards: a fatal alert with exactly the row's description. The test
 * reads that alert off the wire itself (in the clear, or opened with the
 * secrets of the key log); where a real peer is in a state to read it, the
 * peer must also report it (tls13_conn_peer_alert).
 *
 * How the misbehaving peer is played:
 *   - ClientHello and ServerHello / HelloRetryRequest: built field by field
 *     (ch_spec, sh_spec), starting from a hello the control tests show is
 *     accepted, so that the one change a row makes is what is refused;
 *   - the server's encrypted flight: a real server sends each message in a
 *     record of its own (config test hook one_message_per_record); the test
 *     opens them with the key-logged server handshake secret, changes, drops
 *     or adds messages, and seals them again;
 *   - after the handshake: records sealed with the key-logged application
 *     secrets;
 *   - certificates: the real server presents a chain of the openssl-made
 *     test PKI (tests/pki_harness.h) to a client that verifies by default,
 *     or asks for a client certificate (mutual TLS) and gets a bad one, none,
 *     or a Certificate rewritten under the key-logged client handshake
 *     secret. Without openssl those rows are skipped ("skipped: openssl
 *     missing"), and so are their errors in the coverage test.
 *
 * The last test walks every tls13_error: each one whose alert is not
 * TLS13_ALERT_NONE is either provoked by a row or listed in
 * not_from_the_wire[] with the reason no peer can cause it.
 */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include "conn_harness.h"
#include "config.h"
#include "pki_harness.h"
#include "crypto/kex.h"
#include "crypto/sig.h"
#include "handshake/messages.h"
#include "tls13.h"
#include "x509/x509.h"

/* ---- building bytes ---------------------------------------------------------- */

typedef struct bytes {
    uint8_t b[24576];
    size_t len;
} bytes;

static void put8(bytes *m, unsigned v)
{
    ck_assert_uint_lt(m->len, sizeof m->b);
    m->b[m->len++] = (uint8_t)v;
}

static void put16(bytes *m, unsigned v)
{
    put8(m, v >> 8);
    put8(m, v & 0xff);
}

static void put24(bytes *m, size_t v)
{
    put8(m, (unsigned)(v >> 16) & 0xff);
    put16(m, (unsigned)(v & 0xffff));
}

static void put32(bytes *m, uint32_t v)
{
    put16(m, v >> 16);
    put16(m, v & 0xffff);
}

static void putn(bytes *m, const uint8_t *p, size_t n)
{
    ck_assert_uint_le(n, sizeof m->b - m->len);
    if (n > 0)
        memcpy(m->b + m->len, p, n);
    m->len += n;
}

/* A length prefix of `width` bytes, filled in by close_len. */
static size_t open_len(bytes *m, int width)
{
    size_t at = m->len;
    for (int i = 0; i < width; i++)
        put8(m, 0);
    return at;
}

static void close_len(bytes *m, size_t at, int width)
{
    size_t len = m->len - at - (size_t)width;
    for (int i = width - 1; i >= 0; i--) {
        m->b[at + (size_t)i] = (uint8_t)(len & 0xff);
        len >>= 8;
    }
    ck_assert_uint_eq(len, 0);
}

/* A handshake message: msg_type, uint24 length, body. */
static size_t open_message(bytes *m, uint8_t type)
{
    m->len = 0;
    put8(m, type);
    return open_len(m, 3);
}

/* ---- extensions ---------------------------------------------------------------- */

typedef struct ext_entry {
    uint16_t type;
    uint8_t data[1024];
    size_t len;
} ext_entry;

#define MAX_EXTS 16

typedef struct ext_list {
    ext_entry e[MAX_EXTS];
    size_t count;
} ext_list;

/* Appends an extension (a second of the same type too). */
static ext_entry *ext_add(ext_list *l, uint16_t type)
{
    ck_assert_uint_lt(l->count, MAX_EXTS);
    ext_entry *e = &l->e[l->count++];
    e->type = type;
    e->len = 0;
    return e;
}

static ext_entry *ext_find(ext_list *l, uint16_t type)
{
    for (size_t i = 0; i < l->count; i++) {
        if (l->e[i].type == type)
            return &l->e[i];
    }
    return NULL;
}

/* The extension of this type, emptied (added at the end if absent). */
static ext_entry *ext_set(ext_list *l, uint16_t type)
{
    ext_entry *e = ext_find(l, type);
    if (e == NULL)
        return ext_add(l, type);
    e->len = 0;
    return e;
}

static void ext_remove(ext_list *l, uint16_t type)
{
    for (size_t i = 0; i < l->count; i++) {
        if (l->e[i].type == type) {
            memmove(&l->e[i], &l->e[i + 1], (l->count - i - 1) * sizeof l->e[0]);
            l->count--;
            return;
        }
    }
    ck_abort_msg("no extension %u to remove", type);
}

static void e8(ext_entry *e, unsigned v)
{
    ck_assert_uint_lt(e->len, sizeof e->data);
    e->data[e->len++] = (uint8_t)v;
}

static void e16(ext_entry *e, unsigned v)
{
    e8(e, v >> 8);
    e8(e, v & 0xff);
}

static void en(ext_entry *e, const uint8_t *p, size_t n)
{
    ck_assert_uint_le(n, sizeof e->data - e->len);
    memcpy(e->data + e->len, p, n);
    e->len += n;
}

/* A list of uint16 values behind a length prefix of width 1 or 2. */
static void e_u16_list(ext_entry *e, int width, const uint16_t *v, size_t n)
{
    if (width == 1)
        e8(e, (unsigned)(2 * n));
    else
        e16(e, (unsigned)(2 * n));
    for (size_t i = 0; i < n; i++)
        e16(e, v[i]);
}

/* One KeyShareEntry: group, opaque key_exchange<1..2^16-1>. */
static void e_share(ext_entry *e, uint16_t group, const uint8_t *key, size_t len)
{
    e16(e, group);
    e16(e, (unsigned)len);
    en(e, key, len);
}

static void put_extensions(bytes *m, const ext_list *l)
{
    size_t at = open_len(m, 2);
    for (size_t i = 0; i < l->count; i++) {
        put16(m, l->e[i].type);
        put16(m, (unsigned)l->e[i].len);
        putn(m, l->e[i].data, l->e[i].len);
    }
    close_len(m, at, 2);
}

/* ---- ClientHello, field by field (§4.2.2) --------------------------------------- */

typedef struct ch_spec {
    uint16_t legacy_version;
    uint8_t random[32];
    uint8_t session_id[32];
    size_t session_id_len;
    uint16_t suites[8];
    size_t suite_count;
    uint8_t compression[4];
    size_t compression_len;
    ext_list ext;
    uint8_t trailing[4];
    size_t trailing_len;
} ch_spec;

static const uint16_t default_sigalgs[] = { SIG_ED25519, SIG_RSA_PSS_RSAE_SHA256,
                                            SIG_ECDSA_SECP256R1_SHA256 };

/* A fresh public key share for a group. */
static size_t fresh_share(uint16_t group, uint8_t *out)
{
    kex_keypair kp;
    ck_assert_int_eq(kex_generate(&kp, (kex_group)group, NULL), TLS13_OK);
    size_t len = kp.public_len;
    memcpy(out, kp.public_key, len);
    kex_wipe(&kp);
    return len;
}

/* A ClientHello our server accepts (ch_is_accepted checks it): TLS 1.3, the
 * three suites, X25519 and P-256 with an X25519 share, three schemes. */
static void ch_default(ch_spec *s)
{
    static const uint16_t groups[] = { TLS13_GROUP_X25519, TLS13_GROUP_SECP256R1 };
    static const uint16_t versions[] = { TLS13_VERSION };
    memset(s, 0, sizeof *s);
    s->legacy_version = TLS12_VERSION;
    for (size_t i = 0; i < 32; i++) {
        s->random[i] = (uint8_t)(0x40 + i);
        s->session_id[i] = (uint8_t)(0x80 + i);
    }
    s->session_id_len = 32;
    s->suites[0] = TLS13_AES_128_GCM_SHA256;
    s->suites[1] = TLS13_AES_256_GCM_SHA384;
    s->suites[2] = TLS13_CHACHA20_POLY1305_SHA256;
    s->suite_count = 3;
    s->compression_len = 1;
    e_u16_list(ext_add(&s->ext, EXT_SUPPORTED_VERSIONS), 1, versions, 1);
    e_u16_list(ext_add(&s->ext, EXT_SUPPORTED_GROUPS), 2, groups, 2);
    e_u16_list(ext_add(&s->ext, EXT_SIGNATURE_ALGORITHMS), 2, default_sigalgs, 3);
    uint8_t key[KEX_MAX_PUBLIC_LEN];
    size_t len = fresh_share(TLS13_GROUP_X25519, key);
    ext_entry *ks = ext_add(&s->ext, EXT_KEY_SHARE);
    e16(ks, (unsigned)(4 + len));
    e_share(ks, TLS13_GROUP_X25519, key, len);
}

/* key_share with one entry. */
static void ch_set_share(ch_spec *s, uint16_t group, const uint8_t *key, size_t len)
{
    ext_entry *ks = ext_set(&s->ext, EXT_KEY_SHARE);
    e16(ks, (unsigned)(4 + len));
    e_share(ks, group, key, len);
}

static void ch_set_groups(ch_spec *s, const uint16_t *groups, size_t n)
{
    e_u16_list(ext_set(&s->ext, EXT_SUPPORTED_GROUPS), 2, groups, n);
}

static void ch_encode(const ch_spec *s, bytes *m)
{
    size_t body = open_message(m, HS_CLIENT_HELLO);
    put16(m, s->legacy_version);
    putn(m, s->random, 32);
    put8(m, (unsigned)s->session_id_len);
    putn(m, s->session_id, s->session_id_len);
    size_t at = open_len(m, 2);
    for (size_t i = 0; i < s->suite_count; i++)
        put16(m, s->suites[i]);
    close_len(m, at, 2);
    put8(m, (unsigned)s->compression_len);
    putn(m, s->compression, s->compression_len);
    put_extensions(m, &s->ext);
    putn(m, s->trailing, s->trailing_len);
    close_len(m, body, 3);
}

/* pre_shared_key (§4.3.11) with `identities` identities and `binders` binders. */
static void e_offered_psks(ext_entry *e, size_t identities, size_t binders)
{
    static const uint8_t identity[8] = "ticket!!";
    e16(e, (unsigned)(identities * (2 + sizeof identity + 4)));
    for (size_t i = 0; i < identities; i++) {
        e16(e, sizeof identity);
        en(e, identity, sizeof identity);
        e16(e, 0);
        e16(e, 0); /* obfuscated_ticket_age */
    }
    e16(e, (unsigned)(binders * 33));
    for (size_t i = 0; i < binders; i++) {
        uint8_t binder[32];
        memset(binder, 0xb0, sizeof binder);
        e8(e, sizeof binder);
        en(e, binder, sizeof binder);
    }
}

/* ---- ServerHello and HelloRetryRequest, field by field (§4.2.3, §4.2.4) ----------- */

typedef struct sh_spec {
    uint16_t legacy_version;
    uint8_t random[32];
    uint8_t session_id[32];
    size_t session_id_len;
    uint16_t suite;
    uint8_t compression;
    ext_list ext;
} sh_spec;

static void sh_encode(const sh_spec *s, bytes *m)
{
    size_t body = open_message(m, HS_SERVER_HELLO);
    put16(m, s->legacy_version);
    putn(m, s->random, 32);
    put8(m, (unsigned)s->session_id_len);
    putn(m, s->session_id, s->session_id_len);
    put16(m, s->suite);
    put8(m, s->compression);
    put_extensions(m, &s->ext);
    close_len(m, body, 3);
}

/* ---- the run: who misbehaves, who fails, what went out ----------------------------- */

typedef struct neg_run {
    tls13_config *ccfg, *scfg;
    tls13_conn *client, *server;
    tls13_conn *victim;          /* the connection that must fail */
    tls13_conn *peer;            /* a real peer able to read the alert, or NULL */
    tls13_error got;             /* what the victim's recv returned */
    size_t chunk;                /* the victim gets its input in pieces of this size (0: whole) */
    hx_keylog keylog;            /* both sides log here */
    aead_alg aead;
    hx_buf junk;                 /* application data nobody expects */
    bytes *seam;                 /* a ClientHello the client sends (test seam) */
    uint8_t rng_next;            /* the client's counting random source */
    uint8_t ch[4096];            /* the real client's first ClientHello */
    size_t ch_len;
    client_hello offered;        /* ch, parsed */
    const char *host;            /* the client's server_name (NULL: "localhost") */
    int64_t now;                 /* the client's clock, when set_clock */
    bool skipped;                /* the row needs the test PKI and openssl is missing */
} neg_run;

/* The test PKI (tests/pki_harness.h), made once in main() when openssl is
 * there; the rows that present its certificates need it. */
static test_pki pki;

static tls13_config *server_config(neg_run *r)
{
    if (r->scfg != NULL)
        return r->scfg;
    r->scfg = tls13_config_new();
    ck_assert_ptr_nonnull(r->scfg);
    ck_assert_int_eq(tls13_config_use_self_signed(r->scfg, "localhost", NULL), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_tickets(r->scfg, 0), TLS13_OK);
    tls13_config_set_keylog_callback(r->scfg, hx_keylog_cb, &r->keylog);
    /* Each handshake message in a record of its own, to rewrite them singly. */
    r->scfg->test.one_message_per_record = true;
    return r->scfg;
}

static tls13_config *client_config(neg_run *r)
{
    if (r->ccfg != NULL)
        return r->ccfg;
    r->ccfg = tls13_config_new();
    ck_assert_ptr_nonnull(r->ccfg);
    tls13_config_insecure_noverifycert(r->ccfg);
    tls13_config_set_keylog_callback(r->ccfg, hx_keylog_cb, &r->keylog);
    return r->ccfg;
}

static void run_free(neg_run *r)
{
    tls13_conn_free(r->client);
    tls13_conn_free(r->server);
    tls13_config_free(r->ccfg);
    tls13_config_free(r->scfg);
    hx_buf_free(&r->junk);
    free(r->seam);
}

static void server_receives(neg_run *r, const uint8_t *data, size_t len)
{
    if (r->server == NULL)
        r->server = tls13_server_new(server_config(r));
    ck_assert_ptr_nonnull(r->server);
    r->victim = r->server;
    r->got = hx_feed(r->server, data, len, r->chunk, &r->junk, NULL);
}

static void client_receives(neg_run *r, const uint8_t *data, size_t len)
{
    ck_assert_ptr_nonnull(r->client);
    r->victim = r->client;
    r->got = hx_feed(r->client, data, len, r->chunk, &r->junk, NULL);
}

/* One unprotected record of any type and length. */
static void plain_record(uint8_t type, const uint8_t *content, size_t len, hx_buf *out)
{
    uint8_t *rec = malloc(RECORD_HEADER_LEN + len);
    ck_assert_ptr_nonnull(rec);
    size_t n = hx_plain_record(type, content, len, rec);
    hx_buf_append(out, rec, n);
    free(rec);
}

static void server_receives_plain(neg_run *r, uint8_t type, const uint8_t *content, size_t len)
{
    hx_buf rec = { 0 };
    plain_record(type, content, len, &rec);
    server_receives(r, rec.data, rec.len);
    hx_buf_free(&rec);
}

static void client_receives_plain(neg_run *r, uint8_t type, const uint8_t *content, size_t len)
{
    hx_buf rec = { 0 };
    plain_record(type, content, len, &rec);
    client_receives(r, rec.data, rec.len);
    hx_buf_free(&rec);
}

static void server_receives_ch(neg_run *r, const ch_spec *s)
{
    bytes *m = malloc(sizeof *m);
    ch_encode(s, m);
    server_receives_plain(r, RECORD_HANDSHAKE, m->b, m->len);
    free(m);
}

/* A real client that has sent its ClientHello (kept in r->ch, parsed). */
static void client_start(neg_run *r)
{
    r->client = tls13_client_new(client_config(r), r->host != NULL ? r->host : "localhost");
    ck_assert_ptr_nonnull(r->client);
    ck_assert_int_eq(tls13_conn_handshake(r->client), TLS13_WANT_READ);
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->client, &out);
    hx_record rec;
    ck_assert_uint_eq(hx_split_records(out, len, &rec, 1), 1);
    ck_assert_uint_eq(rec.type, RECORD_HANDSHAKE);
    r->ch_len = rec.len - RECORD_HEADER_LEN;
    ck_assert_uint_le(r->ch_len, sizeof r->ch);
    memcpy(r->ch, rec.bytes + RECORD_HEADER_LEN, r->ch_len);
    ck_assert_int_eq(hs_parse_client_hello(r->ch + HS_HEADER_LEN, r->ch_len - HS_HEADER_LEN,
                                           &r->offered),
                     TLS13_OK);
    tls13_conn_output_done(r->client, len);
}

/* A ServerHello the started client accepts (sh_is_accepted checks it): its
 * session id echoed, TLS_AES_128_GCM_SHA256, a fresh share for its group. */
static void sh_default(const neg_run *r, sh_spec *s)
{
    memset(s, 0, sizeof *s);
    s->legacy_version = TLS12_VERSION;
    for (size_t i = 0; i < 32; i++)
        s->random[i] = (uint8_t)(0x11 * (i + 1));
    s->session_id_len = r->offered.legacy_session_id.len;
    memcpy(s->session_id, r->offered.legacy_session_id.data, s->session_id_len);
    s->suite = TLS13_AES_128_GCM_SHA256;
    e16(ext_add(&s->ext, EXT_SUPPORTED_VERSIONS), TLS13_VERSION);
    uint16_t group = r->offered.key_shares[0].group;
    uint8_t key[KEX_MAX_PUBLIC_LEN];
    size_t len = fresh_share(group, key);
    e_share(ext_add(&s->ext, EXT_KEY_SHARE), group, key, len);
}

/* A HelloRetryRequest asking for `group`. */
static void hrr_default(const neg_run *r, sh_spec *s, uint16_t group)
{
    memset(s, 0, sizeof *s);
    s->legacy_version = TLS12_VERSION;
    memcpy(s->random, HS_HELLO_RETRY_REQUEST_RANDOM, 32);
    s->session_id_len = r->offered.legacy_session_id.len;
    memcpy(s->session_id, r->offered.legacy_session_id.data, s->session_id_len);
    s->suite = TLS13_AES_128_GCM_SHA256;
    e16(ext_add(&s->ext, EXT_KEY_SHARE), group);
    e16(ext_add(&s->ext, EXT_SUPPORTED_VERSIONS), TLS13_VERSION);
}

static void client_receives_sh(neg_run *r, const sh_spec *s)
{
    bytes *m = malloc(sizeof *m);
    sh_encode(s, m);
    client_receives_plain(r, RECORD_HANDSHAKE, m->b, m->len);
    free(m);
}

/* A client offering X25519 and P-256 with an X25519 share has answered a
 * HelloRetryRequest for P-256; its CCS and second ClientHello are dropped. */
static void client_after_hrr(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    hrr_default(r, s, TLS13_GROUP_SECP256R1);
    client_receives_sh(r, s);
    free(s);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert(tls13_conn_did_hello_retry(r->client));
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->client, &out);
    hx_record recs[2];
    ck_assert_uint_eq(hx_split_records(out, len, recs, 2), 2);
    ck_assert_uint_eq(recs[0].type, RECORD_CHANGE_CIPHER_SPEC);
    ck_assert_uint_eq(recs[1].type, RECORD_HANDSHAKE);
    tls13_conn_output_done(r->client, len);
}

/* ---- the real server's flight, message by message --------------------------------- */

#define FLIGHT_MSG_MAX 8192

/* SH, CCS, then EE, Certificate, CertificateVerify, Finished each in a
 * record of its own under the server handshake secret (sequence 0..3). */
typedef struct flight {
    hx_buf bytes;
    hx_record recs[8];
    size_t n;
    ks_secret shts;
    uint8_t msg[4][FLIGHT_MSG_MAX];  /* EE, Certificate, CertificateVerify, Finished */
    size_t msg_len[4];
} flight;

enum { EE, CERT, CV, FIN };

/* A real client and a real server; the server has answered the client's
 * ClientHello with its flight, which has not been delivered. The server
 * (waiting for the client's Finished, reading with the client handshake
 * secret) is the peer that reads a failing client's alert. */
static void real_flight(neg_run *r, flight *f)
{
    memset(f, 0, sizeof *f);
    client_start(r);
    r->server = tls13_server_new(server_config(r));
    ck_assert_ptr_nonnull(r->server);
    hx_buf ch = { 0 };
    plain_record(RECORD_HANDSHAKE, r->ch, r->ch_len, &ch);
    ck_assert_int_eq(hx_feed(r->server, ch.data, ch.len, 0, &r->junk, NULL), TLS13_OK);
    hx_buf_free(&ch);
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->server, &out);
    hx_buf_append(&f->bytes, out, len);
    tls13_conn_output_done(r->server, len);
    f->n = hx_split_records(f->bytes.data, f->bytes.len, f->recs, 8);
    ck_assert_uint_eq(f->n, 6);
    ck_assert_uint_eq(f->recs[0].type, RECORD_HANDSHAKE);
    ck_assert_uint_eq(f->recs[1].type, RECORD_CHANGE_CIPHER_SPEC);
    r->aead = cipher_suite_lookup(tls13_conn_cipher_suite(r->server))->aead;
    ck_assert(hx_keylog_secret(&r->keylog, "SERVER_HANDSHAKE_TRAFFIC_SECRET", &f->shts));
    static const uint8_t types[4] = { HS_ENCRYPTED_EXTENSIONS, HS_CERTIFICATE,
                                      HS_CERTIFICATE_VERIFY, HS_FINISHED };
    for (size_t i = 0; i < 4; i++) {
        uint8_t *inner = malloc(RECORD_MAX_WIRE);
        size_t inner_len, content_len;
        uint8_t type;
        ck_assert(hx_open(&f->shts, r->aead, i, f->recs[2 + i].bytes, f->recs[2 + i].len,
                          inner, &inner_len));
        ck_assert(hx_inner_split(inner, inner_len, &type, &content_len));
        ck_assert_uint_eq(type, RECORD_HANDSHAKE);
        ck_assert_uint_eq(inner[0], types[i]);
        ck_assert_uint_le(content_len, FLIGHT_MSG_MAX);
        memcpy(f->msg[i], inner, content_len);
        f->msg_len[i] = content_len;
        free(inner);
    }
    r->peer = r->server;
}

static void flight_free(flight *f)
{
    hx_buf_free(&f->bytes);
}

/* Appends content sealed under a secret at a sequence number. */
static void append_sealed(const neg_run *r, hx_buf *out, const ks_secret *secret, uint64_t seq,
                          uint8_t type, const uint8_t *content, size_t len)
{
    uint8_t *rec = malloc(len + 64);
    ck_assert_ptr_nonnull(rec);
    size_t n = hx_seal(secret, r->aead, seq, type, content, len, rec);
    hx_buf_append(out, rec, n);
    free(rec);
}

/* Delivers SH, CCS and then these handshake messages, each sealed in a record
 * of its own under the server handshake secret from sequence 0. */
static void client_receives_flight(neg_run *r, const flight *f, const uint8_t *const *msgs,
                                   const size_t *lens, size_t count)
{
    hx_buf s = { 0 };
    hx_buf_append(&s, f->recs[0].bytes, f->recs[0].len);
    hx_buf_append(&s, f->recs[1].bytes, f->recs[1].len);
    for (size_t i = 0; i < count; i++)
        append_sealed(r, &s, &f->shts, i, RECORD_HANDSHAKE, msgs[i], lens[i]);
    client_receives(r, s.data, s.len);
    hx_buf_free(&s);
}

/* The flight with message `which` replaced by msg. */
static void client_receives_flight_with(neg_run *r, const flight *f, int which,
                                        const uint8_t *msg, size_t len)
{
    const uint8_t *msgs[4];
    size_t lens[4];
    for (int i = 0; i < 4; i++) {
        msgs[i] = i == which ? msg : f->msg[i];
        lens[i] = i == which ? len : f->msg_len[i];
    }
    client_receives_flight(r, f, msgs, lens, 4);
}

/* A Certificate message (server: empty context) with these DER certificates;
 * the first entry carries the extension block leaf_exts (NULL: none). */
static void certificate_message_with(const uint8_t *const *certs, const size_t *lens,
                                     size_t count, const ext_list *leaf_exts, bytes *m)
{
    size_t body = open_message(m, HS_CERTIFICATE);
    put8(m, 0);
    size_t list = open_len(m, 3);
    for (size_t i = 0; i < count; i++) {
        put24(m, lens[i]);
        putn(m, certs[i], lens[i]);
        if (i == 0 && leaf_exts != NULL)
            put_extensions(m, leaf_exts);
        else
            put16(m, 0);
    }
    close_len(m, list, 3);
    close_len(m, body, 3);
}

static void certificate_message(const uint8_t *const *certs, const size_t *lens, size_t count,
                                bytes *m)
{
    certificate_message_with(certs, lens, count, NULL, m);
}

/* The server's leaf certificate, from its Certificate message. */
static const uint8_t *flight_leaf(const flight *f, size_t *len)
{
    const uint8_t *m = f->msg[CERT];
    *len = (size_t)m[8] << 16 | (size_t)m[9] << 8 | m[10];
    return m + 11;
}

/* An EncryptedExtensions message with these extensions. */
static void ee_message(const ext_list *l, bytes *m)
{
    size_t body = open_message(m, HS_ENCRYPTED_EXTENSIONS);
    put_extensions(m, l);
    close_len(m, body, 3);
}

/* The client took the whole real flight and answered: its CCS and Finished
 * (under the client handshake secret, sequence 0) are in `answer`, not
 * delivered. The client, now connected, reads a failing server's alert. */
static void client_answers(neg_run *r, flight *f, hx_buf *answer, ks_secret *chts)
{
    real_flight(r, f);
    client_receives(r, f->bytes.data, f->bytes.len);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert(tls13_conn_handshake_done(r->client));
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->client, &out);
    memset(answer, 0, sizeof *answer);
    hx_buf_append(answer, out, len);
    tls13_conn_output_done(r->client, len);
    hx_record recs[2];
    ck_assert_uint_eq(hx_split_records(answer->data, answer->len, recs, 2), 2);
    ck_assert_uint_eq(recs[0].type, RECORD_CHANGE_CIPHER_SPEC);
    ck_assert(hx_keylog_secret(&r->keylog, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", chts));
    r->peer = r->client;
}

/* The server, waiting for the client's Finished, gets the client's CCS and
 * then this content under the client handshake secret instead. */
static void server_receives_instead_of_finished(neg_run *r, uint8_t type, const uint8_t *content,
                                                size_t len)
{
    flight f;
    hx_buf answer, s = { 0 };
    ks_secret chts;
    client_answers(r, &f, &answer, &chts);
    hx_buf_append(&s, answer.data, RECORD_HEADER_LEN + 1); /* the CCS */
    append_sealed(r, &s, &chts, 0, type, content, len);
    server_receives(r, s.data, s.len);
    hx_buf_free(&s);
    hx_buf_free(&answer);
    flight_free(&f);
}

/* ---- connected --------------------------------------------------------------------- */

/* A finished handshake; nothing has been sent under the application secrets
 * yet (no tickets), so the next record each way has sequence number 0. */
static void connected(neg_run *r)
{
    r->client = tls13_client_new(client_config(r), "localhost");
    r->server = tls13_server_new(server_config(r));
    hx_pair p;
    memset(&p, 0, sizeof p);
    p.client = r->client;
    p.server = r->server;
    ck_assert_int_eq(hx_handshake(&p, 0), TLS13_OK);
    hx_buf_free(&p.client_got);
    hx_buf_free(&p.server_got);
    r->aead = cipher_suite_lookup(tls13_conn_cipher_suite(r->server))->aead;
}

/* A record from one side under its application_traffic_secret_0, delivered
 * to the other side. */
static void receives_protected_inner(neg_run *r, bool to_server, const uint8_t *inner,
                                     size_t len)
{
    ks_secret secret;
    ck_assert(hx_keylog_secret(&r->keylog,
                               to_server ? "CLIENT_TRAFFIC_SECRET_0" : "SERVER_TRAFFIC_SECRET_0",
                               &secret));
    uint8_t *rec = malloc(len + 64);
    size_t n = hx_seal_inner(&secret, r->aead, 0, inner, len, rec);
    if (to_server)
        server_receives(r, rec, n);
    else
        client_receives(r, rec, n);
    free(rec);
    r->peer = to_server ? r->client : r->server;
}

static void receives_protected(neg_run *r, bool to_server, uint8_t type,
                               const uint8_t *content, size_t len)
{
    uint8_t *inner = malloc(len + 1);
    if (len > 0)
        memcpy(inner, content, len);
    inner[len] = type;
    receives_protected_inner(r, to_server, inner, len + 1);
    free(inner);
}

static void server_receives_protected_inner(neg_run *r, const uint8_t *inner, size_t len)
{
    receives_protected_inner(r, true, inner, len);
}

static void server_receives_protected(neg_run *r, uint8_t type, const uint8_t *content,
                                      size_t len)
{
    receives_protected(r, true, type, content, len);
}

static void client_receives_protected(neg_run *r, uint8_t type, const uint8_t *content,
                                      size_t len)
{
    receives_protected(r, false, type, content, len);
}

/* ---- 0-RTT the server does not accept (§4.3.10) ------------------------------------------ */

static int counting_random(void *ctx, uint8_t *out, size_t len)
{
    uint8_t *next = ctx;
    for (size_t i = 0; i < len; i++)
        out[i] = (*next)++;
    return 0;
}

/* A real client whose first ClientHello (through the test seam) offers
 * 0-RTT: early_data with a PSK, as a resuming client would. Its random
 * source counts from 0, so the key share it makes (bytes 64..95, after the
 * random and the session id) is known and goes into that hello. */
static void client_offering_early_data(neg_run *r)
{
    tls13_config *cfg = client_config(r);
    tls13_config_set_random(cfg, (tls13_random_source){ counting_random, &r->rng_next });
    uint8_t priv[32];
    for (size_t i = 0; i < 32; i++)
        priv[i] = (uint8_t)(64 + i);
    kex_keypair kp;
    ck_assert_int_eq(kex_from_private(&kp, KEX_X25519, priv, sizeof priv), TLS13_OK);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    for (size_t i = 0; i < 32; i++) {
        s->random[i] = (uint8_t)i;
        s->session_id[i] = (uint8_t)(32 + i);
    }
    ch_set_share(s, TLS13_GROUP_X25519, kp.public_key, kp.public_len);
    kex_wipe(&kp);
    static const uint8_t psk_dhe_ke[2] = { 1, 1 };
    en(ext_add(&s->ext, EXT_PSK_KEY_EXCHANGE_MODES), psk_dhe_ke, 2);
    ext_add(&s->ext, EXT_EARLY_DATA);
    e_offered_psks(ext_add(&s->ext, EXT_PRE_SHARED_KEY), 1, 1);
    r->seam = malloc(sizeof *r->seam);
    ch_encode(s, r->seam);
    free(s);
    cfg->test.client_hello[0].data = r->seam->b;
    cfg->test.client_hello[0].len = r->seam->len;
    client_start(r);
    ck_assert_uint_eq(r->ch_len, r->seam->len);
    ck_assert_mem_eq(r->ch, r->seam->b, r->ch_len);
}

/* `count` records of early data (what the server sees: application_data
 * records it cannot open), `len` bytes of body each. */
static void append_early_data(hx_buf *out, size_t count, size_t len)
{
    uint8_t *body = malloc(len);
    for (size_t i = 0; i < count; i++) {
        memset(body, (int)(0xe0 + i), len);
        plain_record(RECORD_APPLICATION_DATA, body, len, out);
    }
    free(body);
}

/* The client offered 0-RTT and sent `count` records of early data after its
 * ClientHello; the server, which accepts none, gets them before the client's
 * CCS and Finished. */
static void server_gets_early_data(neg_run *r, size_t count, size_t len)
{
    client_offering_early_data(r);
    r->server = tls13_server_new(server_config(r));
    hx_buf in = { 0 };
    plain_record(RECORD_HANDSHAKE, r->ch, r->ch_len, &in);
    ck_assert_int_eq(hx_feed(r->server, in.data, in.len, 0, &r->junk, NULL), TLS13_OK);
    ck_assert_int_eq(hx_transfer(r->server, r->client, &r->junk, 0), TLS13_OK);
    ck_assert(tls13_conn_handshake_done(r->client));
    in.len = 0;
    append_early_data(&in, count, len);
    const uint8_t *out;
    size_t out_len = tls13_conn_pending_output(r->client, &out);
    hx_buf_append(&in, out, out_len);
    tls13_conn_output_done(r->client, out_len);
    server_receives(r, in.data, in.len);
    hx_buf_free(&in);
    r->aead = cipher_suite_lookup(tls13_conn_cipher_suite(r->server))->aead;
    r->peer = r->client;
}

/* ==== the misbehaving peers, one per row ============================================= */

/* ---- unexpected_message ---- */

static void finished_before_certificate(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    const uint8_t *msgs[2] = { f.msg[EE], f.msg[FIN] };
    size_t lens[2] = { f.msg_len[EE], f.msg_len[FIN] };
    client_receives_flight(r, &f, msgs, lens, 2);
    flight_free(&f);
}

static void client_hello_to_a_client(neg_run *r)
{
    client_start(r);
    client_receives_plain(r, RECORD_HANDSHAKE, r->ch, r->ch_len);
}

static void server_hello_to_a_server(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    bytes *m = malloc(sizeof *m);
    sh_default(r, s);
    sh_encode(s, m);
    server_receives_plain(r, RECORD_HANDSHAKE, m->b, m->len);
    free(m);
    free(s);
}

static void second_hello_retry_request(neg_run *r)
{
    client_after_hrr(r);
    sh_spec *s = malloc(sizeof *s);
    hrr_default(r, s, TLS13_GROUP_X25519);
    client_receives_sh(r, s);
    free(s);
}

static const uint8_t key_update_not_requested[5] = { HS_KEY_UPDATE, 0, 0, 1, 0 };

static void key_update_before_client_finished(neg_run *r)
{
    server_receives_instead_of_finished(r, RECORD_HANDSHAKE, key_update_not_requested, 5);
}

static void key_update_before_server_finished(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    const uint8_t *msgs[1] = { key_update_not_requested };
    size_t lens[1] = { 5 };
    client_receives_flight(r, &f, msgs, lens, 1);
    flight_free(&f);
}

static void application_data_before_client_finished(neg_run *r)
{
    server_receives_instead_of_finished(r, RECORD_APPLICATION_DATA, (const uint8_t *)"early", 5);
}

static void application_data_before_server_hello(neg_run *r)
{
    /* Unprotected: the client holds no keys to read anything else yet. */
    client_start(r);
    client_receives_plain(r, RECORD_APPLICATION_DATA, (const uint8_t *)"data", 4);
}

static const uint8_t ccs_byte[1] = { 1 };

/* §4.3.10: after a HelloRetryRequest the server skips application_data
 * records before the second ClientHello "up to the configured
 * max_early_data_size" (64 KiB here); past it they are data before the
 * handshake. */
static void too_much_early_data_before_the_second_client_hello(neg_run *r)
{
    ck_assert_int_eq(tls13_config_set_groups(server_config(r), "P-256"), TLS13_OK);
    client_offering_early_data(r);
    hx_buf in = { 0 };
    plain_record(RECORD_HANDSHAKE, r->ch, r->ch_len, &in);
    append_early_data(&in, 70, 1000);
    r->chunk = 333;
    server_receives(r, in.data, in.len);
    hx_buf_free(&in);
    ck_assert(tls13_conn_did_hello_retry(r->server));
    /* The HelloRetryRequest and its CCS went out before the failure. */
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->server, &out);
    hx_record recs[4];
    ck_assert_uint_eq(hx_split_records(out, len, recs, 4), 3);
    ck_assert_uint_eq(recs[0].type, RECORD_HANDSHAKE);
    ck_assert_uint_eq(recs[1].type, RECORD_CHANGE_CIPHER_SPEC);
    tls13_conn_output_done(r->server, recs[2].bytes - out);
}

/* After a HelloRetryRequest, application data before the second ClientHello
 * is skipped only if the first one offered early data (§4.3.10). */
static void application_data_after_hrr_without_early_data(neg_run *r)
{
    ck_assert_int_eq(tls13_config_set_groups(server_config(r), "P-256"), TLS13_OK);
    client_start(r);
    hx_buf in = { 0 };
    plain_record(RECORD_HANDSHAKE, r->ch, r->ch_len, &in);
    server_receives(r, in.data, in.len);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert(tls13_conn_did_hello_retry(r->server));
    tls13_conn_output_done(r->server, hx_pending(r->server));
    in.len = 0;
    append_early_data(&in, 1, 100);
    server_receives(r, in.data, in.len);
    hx_buf_free(&in);
}

static void ccs_after_the_handshake(neg_run *r)
{
    connected(r);
    client_receives_plain(r, RECORD_CHANGE_CIPHER_SPEC, ccs_byte, 1);
    r->peer = r->server;
}

static void ccs_before_client_hello(neg_run *r)
{
    server_receives_plain(r, RECORD_CHANGE_CIPHER_SPEC, ccs_byte, 1);
}

static void ccs_of_value_2(neg_run *r)
{
    static const uint8_t two[1] = { 2 };
    client_start(r);
    client_receives_plain(r, RECORD_CHANGE_CIPHER_SPEC, two, 1);
}

static void ccs_flood(neg_run *r)
{
    static const uint8_t one[1] = { 1 };
    hx_buf recs = { 0 };
    for (int i = 0; i < 40; i++)
        plain_record(RECORD_CHANGE_CIPHER_SPEC, one, 1, &recs);
    client_start(r);
    client_receives(r, recs.data, recs.len);
    hx_buf_free(&recs);
}

static void ccs_of_two_bytes(neg_run *r)
{
    static const uint8_t ones[2] = { 1, 1 };
    client_start(r);
    client_receives_plain(r, RECORD_CHANGE_CIPHER_SPEC, ones, 2);
}

static void protected_ccs(neg_run *r)
{
    connected(r);
    client_receives_protected(r, RECORD_CHANGE_CIPHER_SPEC, ccs_byte, 1);
}

static void record_of_unknown_type(neg_run *r)
{
    static const uint8_t heartbeat[3] = { 1, 0, 0 };
    server_receives_plain(r, 24, heartbeat, sizeof heartbeat);
}

static void protected_record_of_unknown_type(neg_run *r)
{
    connected(r);
    server_receives_protected(r, 24, (const uint8_t *)"x", 1);
}

static void protected_record_all_zeros(neg_run *r)
{
    static const uint8_t zeros[20] = { 0 };
    connected(r);
    server_receives_protected_inner(r, zeros, sizeof zeros);
}

static void empty_handshake_record(neg_run *r)
{
    server_receives_plain(r, RECORD_HANDSHAKE, NULL, 0);
}

static void empty_protected_handshake_record(neg_run *r)
{
    connected(r);
    server_receives_protected(r, RECORD_HANDSHAKE, NULL, 0);
}

static void handshake_in_the_clear_after_server_hello(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    hx_buf s = { 0 };
    hx_buf_append(&s, f.recs[0].bytes, f.recs[0].len);
    plain_record(RECORD_HANDSHAKE, f.msg[EE], f.msg_len[EE], &s);
    client_receives(r, s.data, s.len);
    hx_buf_free(&s);
    flight_free(&f);
}

/* §5.1: "Handshake messages MUST NOT span key changes": the ServerHello and
 * EncryptedExtensions in one unprotected record. */
static void server_hello_and_encrypted_extensions_in_one_record(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    bytes *m = malloc(sizeof *m);
    m->len = 0;
    putn(m, f.recs[0].bytes + RECORD_HEADER_LEN, f.recs[0].len - RECORD_HEADER_LEN);
    putn(m, f.msg[EE], f.msg_len[EE]);
    client_receives_plain(r, RECORD_HANDSHAKE, m->b, m->len);
    free(m);
    flight_free(&f);
}

/* §5.1: "Handshake messages MUST NOT be interleaved with other record types". */
static void client_hello_interrupted_by_ccs(neg_run *r)
{
    ch_spec *s = malloc(sizeof *s);
    bytes *m = malloc(sizeof *m);
    ch_default(s);
    ch_encode(s, m);
    hx_buf in = { 0 };
    plain_record(RECORD_HANDSHAKE, m->b, 10, &in);
    plain_record(RECORD_CHANGE_CIPHER_SPEC, ccs_byte, 1, &in);
    plain_record(RECORD_HANDSHAKE, m->b + 10, m->len - 10, &in);
    server_receives(r, in.data, in.len);
    hx_buf_free(&in);
    free(m);
    free(s);
}

/* A KeyUpdate changes the read keys, so it must end its record. */
static void key_update_not_at_the_end_of_its_record(neg_run *r)
{
    uint8_t two[10];
    memcpy(two, key_update_not_requested, 5);
    memcpy(two + 5, key_update_not_requested, 5);
    connected(r);
    server_receives_protected(r, RECORD_HANDSHAKE, two, sizeof two);
}

/* ---- bad_record_mac ---- */

static void record_that_fails_authentication(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    /* The last byte of the EncryptedExtensions record is in its tag. */
    f.bytes.data[f.recs[2].bytes - f.bytes.data + f.recs[2].len - 1] ^= 0x01;
    client_receives(r, f.bytes.data, f.bytes.len);
    flight_free(&f);
}

static void application_data_that_fails_authentication(neg_run *r)
{
    connected(r);
    ks_secret cats;
    ck_assert(hx_keylog_secret(&r->keylog, "CLIENT_TRAFFIC_SECRET_0", &cats));
    uint8_t rec[64];
    size_t n = hx_seal(&cats, r->aead, 0, RECORD_APPLICATION_DATA, (const uint8_t *)"hi", 2,
                       rec);
    rec[RECORD_HEADER_LEN] ^= 0x80; /* the first ciphertext byte */
    server_receives(r, rec, n);
    r->peer = r->client;
}

static void protected_record_shorter_than_its_tag(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    uint8_t short_body[AEAD_TAG_LEN - 1];
    memset(short_body, 0x55, sizeof short_body);
    hx_buf s = { 0 };
    hx_buf_append(&s, f.recs[0].bytes, f.recs[0].len);
    hx_buf_append(&s, f.recs[1].bytes, f.recs[1].len);
    uint8_t rec[RECORD_HEADER_LEN + sizeof short_body];
    size_t n = hx_plain_record(RECORD_APPLICATION_DATA, short_body, sizeof short_body, rec);
    hx_buf_append(&s, rec, n);
    client_receives(r, s.data, s.len);
    hx_buf_free(&s);
    flight_free(&f);
}

/* §4.3.10: the server skips early data it cannot open "up to the configured
 * max_early_data_size"; past that (64 KiB here) the record is bad_record_mac. */
static void too_much_rejected_early_data(neg_run *r)
{
    server_gets_early_data(r, 70, 1000);
}

/* The same, arriving as a socket may deliver it: in pieces that split the
 * records. The bound counts records, not the bytes of one read. */
static void too_much_rejected_early_data_in_pieces(neg_run *r)
{
    r->chunk = 100;
    server_gets_early_data(r, 70, 1000);
}

/* ---- record_overflow ---- */

static void plaintext_record_over_2_14(neg_run *r)
{
    uint8_t *big = calloc(1, 16385);
    server_receives_plain(r, RECORD_HANDSHAKE, big, 16385);
    free(big);
}

static void protected_record_over_2_14_plus_256(neg_run *r)
{
    uint8_t *big = calloc(1, 16641);
    server_receives_plain(r, RECORD_APPLICATION_DATA, big, 16641);
    free(big);
}

static void decrypted_record_over_2_14_plus_1(neg_run *r)
{
    size_t len = 16386; /* 2^14 + 1 content bytes, then the type */
    uint8_t *inner = malloc(len);
    memset(inner, 'a', len - 1);
    inner[len - 1] = RECORD_APPLICATION_DATA;
    connected(r);
    server_receives_protected_inner(r, inner, len);
    free(inner);
}

/* ---- handshake_failure ---- */

static void no_cipher_suite_in_common(neg_run *r)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    s->suites[0] = 0x1304; /* TLS_AES_128_CCM_SHA256 */
    s->suites[1] = 0x1305; /* TLS_AES_128_CCM_8_SHA256 */
    s->suite_count = 2;
    server_receives_ch(r, s);
    free(s);
}

static void no_group_in_common(neg_run *r)
{
    static const uint16_t x448[1] = { 0x001e };
    uint8_t key[56];
    memset(key, 0x09, sizeof key);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ch_set_groups(s, x448, 1);
    ch_set_share(s, 0x001e, key, sizeof key);
    server_receives_ch(r, s);
    free(s);
}

static void no_signature_scheme_for_the_servers_key(neg_run *r)
{
    static const uint16_t only_ecdsa_p384[1] = { SIG_ECDSA_SECP384R1_SHA384 };
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    e_u16_list(ext_set(&s->ext, EXT_SIGNATURE_ALGORITHMS), 2, only_ecdsa_p384, 1);
    server_receives_ch(r, s);
    free(s);
}

/* ---- bad_certificate ---- */

static void certificate_matches_no_pin(neg_run *r)
{
    /* A client pinned to another key: the server's certificate is refused. */
    r->ccfg = tls13_config_new();
    tls13_config_set_keylog_callback(r->ccfg, hx_keylog_cb, &r->keylog);
    sig_private_key other;
    ck_assert_int_eq(sig_ed25519_generate(&other, NULL), TLS13_OK);
    r->ccfg->pin_keys[0] = other.pub;
    r->ccfg->pin_count = 1;
    sig_private_key_wipe(&other);
    flight f;
    real_flight(r, &f);
    client_receives(r, f.bytes.data, f.bytes.len);
    flight_free(&f);
}

static void certificate_from_no_trusted_ca(neg_run *r)
{
    /* A client that verifies by default (no pin, not insecure): the server's
     * self-signed certificate leads to none of the trust anchors. */
    r->ccfg = tls13_config_new();
    tls13_config_set_keylog_callback(r->ccfg, hx_keylog_cb, &r->keylog);
    flight f;
    real_flight(r, &f);
    client_receives(r, f.bytes.data, f.bytes.len);
    flight_free(&f);
}

static void certificate_not_der(neg_run *r)
{
    static const uint8_t not_der[6] = { 0x30, 0x04, 0x02, 0x01, 0x00, 0xff };
    flight f;
    real_flight(r, &f);
    const uint8_t *certs[1] = { not_der };
    size_t lens[1] = { sizeof not_der };
    bytes *m = malloc(sizeof *m);
    certificate_message(certs, lens, 1, m);
    client_receives_flight_with(r, &f, CERT, m->b, m->len);
    free(m);
    flight_free(&f);
}

static void certificate_chain_of_eleven(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    size_t leaf_len;
    const uint8_t *leaf = flight_leaf(&f, &leaf_len);
    const uint8_t *certs[11];
    size_t lens[11];
    for (size_t i = 0; i < 11; i++) {
        certs[i] = leaf;
        lens[i] = leaf_len;
    }
    bytes *m = malloc(sizeof *m);
    certificate_message(certs, lens, 11, m);
    client_receives_flight_with(r, &f, CERT, m->b, m->len);
    free(m);
    flight_free(&f);
}

/* ---- unsupported_certificate ---- */

/* The leaf with its key's algorithm changed from Ed25519 (1.3.101.112) to
 * Ed448 (1.3.101.113), which this library does not implement. */
static void certificate_key_of_an_unsupported_kind(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    size_t leaf_len;
    const uint8_t *leaf = flight_leaf(&f, &leaf_len);
    uint8_t *copy = malloc(leaf_len);
    memcpy(copy, leaf, leaf_len);
    x509_certificate_view view;
    ck_assert_int_eq(x509_certificate_parse(copy, leaf_len, &view), TLS13_OK);
    static const uint8_t ed25519_oid[5] = { 0x06, 0x03, 0x2b, 0x65, 0x70 };
    uint8_t *spki = copy + (view.spki - copy);
    uint8_t *oid = NULL;
    for (size_t i = 0; i + 5 <= view.spki_len; i++) {
        if (memcmp(spki + i, ed25519_oid, 5) == 0)
            oid = spki + i;
    }
    ck_assert_ptr_nonnull(oid);
    oid[4] = 0x71;
    const uint8_t *certs[1] = { copy };
    size_t lens[1] = { leaf_len };
    bytes *m = malloc(sizeof *m);
    certificate_message(certs, lens, 1, m);
    client_receives_flight_with(r, &f, CERT, m->b, m->len);
    free(m);
    free(copy);
    flight_free(&f);
}

/* ---- illegal_parameter ---- */

static void server_hello_with_suite(neg_run *r, uint16_t suite)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    s->suite = suite;
    client_receives_sh(r, s);
    free(s);
}

static void server_hello_unoffered_suite(neg_run *r)
{
    ck_assert_int_eq(tls13_config_set_cipher_suites(client_config(r), "TLS_AES_128_GCM_SHA256"),
                     TLS13_OK);
    server_hello_with_suite(r, TLS13_AES_256_GCM_SHA384);
}

static void server_hello_unknown_suite(neg_run *r)
{
    server_hello_with_suite(r, 0x1304);
}

static void server_hello_wrong_session_id(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    s->session_id[0] ^= 1;
    client_receives_sh(r, s);
    free(s);
}

static void server_hello_legacy_version_not_0303(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    s->legacy_version = 0x0304;
    client_receives_sh(r, s);
    free(s);
}

static void server_hello_empty_session_id(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    s->session_id_len = 0;
    client_receives_sh(r, s);
    free(s);
}

static void server_hello_selects_tls12_in_supported_versions(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    e16(ext_set(&s->ext, EXT_SUPPORTED_VERSIONS), TLS12_VERSION);
    client_receives_sh(r, s);
    free(s);
}

/* A TLS 1.2 ServerHello (no supported_versions) whose random ends in the
 * sentinel a TLS 1.3 server writes when it negotiates TLS 1.2. */
static void downgrade_sentinel(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    ext_remove(&s->ext, EXT_SUPPORTED_VERSIONS);
    memcpy(s->random + 24, HS_DOWNGRADE_TLS12, 8);
    client_receives_sh(r, s);
    free(s);
}

static void downgrade_sentinel_tls11(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    ext_remove(&s->ext, EXT_SUPPORTED_VERSIONS);
    memcpy(s->random + 24, HS_DOWNGRADE_TLS11, 8);
    client_receives_sh(r, s);
    free(s);
}

static void server_hello_compression_1(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    s->compression = 1;
    client_receives_sh(r, s);
    free(s);
}

static void server_hello_share_for_another_group(neg_run *r)
{
    client_start(r);
    ck_assert_uint_eq(r->offered.key_shares[0].group, TLS13_GROUP_X25519);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    uint8_t key[KEX_MAX_PUBLIC_LEN];
    size_t len = fresh_share(TLS13_GROUP_SECP256R1, key);
    e_share(ext_set(&s->ext, EXT_KEY_SHARE), TLS13_GROUP_SECP256R1, key, len);
    client_receives_sh(r, s);
    free(s);
}

/* The client (through the ClientHello test seam) offers a PSK it cannot
 * resume; the server answers that it selected it. */
static void server_hello_selects_a_psk(neg_run *r)
{
    static const uint8_t psk_dhe_ke[2] = { 1, 1 };
    ch_spec *c = malloc(sizeof *c);
    bytes *m = malloc(sizeof *m);
    ch_default(c);
    en(ext_add(&c->ext, EXT_PSK_KEY_EXCHANGE_MODES), psk_dhe_ke, 2);
    e_offered_psks(ext_add(&c->ext, EXT_PRE_SHARED_KEY), 1, 1);
    ch_encode(c, m);
    client_config(r)->test.client_hello[0].data = m->b;
    client_config(r)->test.client_hello[0].len = m->len;
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    e16(ext_add(&s->ext, EXT_PRE_SHARED_KEY), 0);
    client_receives_sh(r, s);
    free(s);
    /* The seam points into m: the config must not keep it. */
    r->ccfg->test.client_hello[0].data = NULL;
    r->ccfg->test.client_hello[0].len = 0;
    free(m);
    free(c);
}

/* §7.4.2: X25519 with the point 0: the shared secret is all zeros. */
static const uint8_t x25519_zero_point[32] = { 0 };

static void client_key_share_all_zero_x25519(neg_run *r)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ch_set_share(s, TLS13_GROUP_X25519, x25519_zero_point, 32);
    server_receives_ch(r, s);
    free(s);
}

static void server_key_share_all_zero_x25519(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    e_share(ext_set(&s->ext, EXT_KEY_SHARE), TLS13_GROUP_X25519, x25519_zero_point, 32);
    client_receives_sh(r, s);
    free(s);
}

/* 04 || x || y with (1, 1), which is not on P-256 (y^2 = x^3 - 3x + b). */
static void p256_point_off_the_curve(uint8_t point[65])
{
    memset(point, 0, 65);
    point[0] = 0x04;
    point[32] = 1;
    point[64] = 1;
}

static void client_key_share_off_the_curve(neg_run *r)
{
    static const uint16_t p256[1] = { TLS13_GROUP_SECP256R1 };
    uint8_t point[65];
    p256_point_off_the_curve(point);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ch_set_groups(s, p256, 1);
    ch_set_share(s, TLS13_GROUP_SECP256R1, point, sizeof point);
    server_receives_ch(r, s);
    free(s);
}

static void server_key_share_off_the_curve(neg_run *r)
{
    ck_assert_int_eq(tls13_config_set_groups(client_config(r), "P-256"), TLS13_OK);
    client_start(r);
    uint8_t point[65];
    p256_point_off_the_curve(point);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    e_share(ext_set(&s->ext, EXT_KEY_SHARE), TLS13_GROUP_SECP256R1, point, sizeof point);
    client_receives_sh(r, s);
    free(s);
}

static void client_key_share_of_31_bytes(neg_run *r)
{
    uint8_t key[31];
    memset(key, 0x42, sizeof key);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ch_set_share(s, TLS13_GROUP_X25519, key, sizeof key);
    server_receives_ch(r, s);
    free(s);
}

static void hrr_with(neg_run *r, void (*change)(sh_spec *))
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    hrr_default(r, s, TLS13_GROUP_SECP256R1);
    change(s);
    client_receives_sh(r, s);
    free(s);
}

static void ask_for_x25519(sh_spec *s)
{
    e16(ext_set(&s->ext, EXT_KEY_SHARE), TLS13_GROUP_X25519);
}

static void ask_for_x448(sh_spec *s)
{
    e16(ext_set(&s->ext, EXT_KEY_SHARE), 0x001e);
}

static void ask_for_nothing(sh_spec *s)
{
    ext_remove(&s->ext, EXT_KEY_SHARE);
}

static void add_long_cookie(sh_spec *s)
{
    ext_entry *e = ext_add(&s->ext, EXT_COOKIE);
    e16(e, 600);
    for (int i = 0; i < 600; i++)
        e8(e, 0xc0);
}

static void hrr_for_the_group_already_sent(neg_run *r)
{
    hrr_with(r, ask_for_x25519);
}

static void hrr_for_a_group_not_offered(neg_run *r)
{
    hrr_with(r, ask_for_x448);
}

static void hrr_that_changes_nothing(neg_run *r)
{
    hrr_with(r, ask_for_nothing);
}

static void hrr_with_a_cookie_too_long(neg_run *r)
{
    hrr_with(r, add_long_cookie);
}

static void server_hello_suite_differs_from_hrr(neg_run *r)
{
    client_after_hrr(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    s->suite = TLS13_CHACHA20_POLY1305_SHA256;
    uint8_t key[KEX_MAX_PUBLIC_LEN];
    size_t len = fresh_share(TLS13_GROUP_SECP256R1, key);
    e_share(ext_set(&s->ext, EXT_KEY_SHARE), TLS13_GROUP_SECP256R1, key, len);
    client_receives_sh(r, s);
    free(s);
}

/* After an HRR for P-256 the ServerHello's share is X25519, the group of
 * the first ClientHello's share. */
static void server_hello_after_hrr_with_the_first_group(neg_run *r)
{
    client_after_hrr(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s); /* a share for the first ClientHello's group, X25519 */
    client_receives_sh(r, s);
    free(s);
}

/* A real client and a real server through a HelloRetryRequest; the client's
 * CCS and second ClientHello (record 1, message at +5) are handed to `change`
 * before the server gets them. The client, waiting for the ServerHello with
 * no keys, reads the server's alert. */
static void second_client_hello_changed(neg_run *r, void (*change)(uint8_t *msg, size_t len))
{
    ck_assert_int_eq(tls13_config_set_groups(server_config(r), "P-256"), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_groups(client_config(r), "X25519:P-256"), TLS13_OK);
    client_start(r);
    hx_buf ch = { 0 };
    plain_record(RECORD_HANDSHAKE, r->ch, r->ch_len, &ch);
    server_receives(r, ch.data, ch.len);
    hx_buf_free(&ch);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert(tls13_conn_did_hello_retry(r->server));
    ck_assert_int_eq(hx_transfer(r->server, r->client, &r->junk, 0), TLS13_OK);
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->client, &out);
    hx_buf ch2 = { 0 };
    hx_buf_append(&ch2, out, len);
    tls13_conn_output_done(r->client, len);
    hx_record recs[2];
    ck_assert_uint_eq(hx_split_records(ch2.data, ch2.len, recs, 2), 2);
    ck_assert_uint_eq(recs[1].type, RECORD_HANDSHAKE);
    uint8_t *msg = ch2.data + (recs[1].bytes - ch2.data) + RECORD_HEADER_LEN;
    change(msg, recs[1].len - RECORD_HEADER_LEN);
    server_receives(r, ch2.data, ch2.len);
    hx_buf_free(&ch2);
    r->peer = r->client;
}

static void flip_random(uint8_t *msg, size_t len)
{
    (void)len;
    msg[HS_HEADER_LEN + 2 + 5] ^= 1; /* after legacy_version */
}

static void flip_cookie(uint8_t *msg, size_t len)
{
    client_hello ch;
    ck_assert_int_eq(hs_parse_client_hello(msg + HS_HEADER_LEN, len - HS_HEADER_LEN, &ch),
                     TLS13_OK);
    ck_assert(ch.has_cookie);
    msg[ch.cookie.data - msg] ^= 1;
}

static void second_client_hello_with_another_random(neg_run *r)
{
    second_client_hello_changed(r, flip_random);
}

static void second_client_hello_with_a_wrong_cookie(neg_run *r)
{
    second_client_hello_changed(r, flip_cookie);
}

static void client_hello_with_compression(neg_run *r, const uint8_t *methods, size_t n)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    memcpy(s->compression, methods, n);
    s->compression_len = n;
    server_receives_ch(r, s);
    free(s);
}

static void client_hello_compression_1(neg_run *r)
{
    static const uint8_t deflate[1] = { 1 };
    client_hello_with_compression(r, deflate, 1);
}

static void client_hello_compression_0_and_1(neg_run *r)
{
    static const uint8_t both[2] = { 0, 1 };
    client_hello_with_compression(r, both, 2);
}

static void key_share_for_a_group_not_in_supported_groups(neg_run *r)
{
    static const uint16_t p256[1] = { TLS13_GROUP_SECP256R1 };
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ch_set_groups(s, p256, 1); /* the share stays X25519 */
    server_receives_ch(r, s);
    free(s);
}

static void two_key_shares_for_one_group(neg_run *r)
{
    uint8_t a[32], b[32];
    fresh_share(TLS13_GROUP_X25519, a);
    fresh_share(TLS13_GROUP_X25519, b);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ext_entry *ks = ext_set(&s->ext, EXT_KEY_SHARE);
    e16(ks, 2 * (4 + 32));
    e_share(ks, TLS13_GROUP_X25519, a, 32);
    e_share(ks, TLS13_GROUP_X25519, b, 32);
    server_receives_ch(r, s);
    free(s);
}

static void duplicate_extension(neg_run *r)
{
    static const uint16_t x25519[1] = { TLS13_GROUP_X25519 };
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    e_u16_list(ext_add(&s->ext, EXT_SUPPORTED_GROUPS), 2, x25519, 1);
    server_receives_ch(r, s);
    free(s);
}

static void client_hello_with_oid_filters(neg_run *r)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    e16(ext_add(&s->ext, EXT_OID_FILTERS), 0);
    server_receives_ch(r, s);
    free(s);
}

static void server_hello_with_server_name(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    ext_add(&s->ext, EXT_SERVER_NAME);
    client_receives_sh(r, s);
    free(s);
}

static void pre_shared_key_not_last(neg_run *r)
{
    static const uint8_t psk_dhe_ke[2] = { 1, 1 };
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    e_offered_psks(ext_add(&s->ext, EXT_PRE_SHARED_KEY), 1, 1);
    en(ext_add(&s->ext, EXT_PSK_KEY_EXCHANGE_MODES), psk_dhe_ke, 2);
    server_receives_ch(r, s);
    free(s);
}

static void pre_shared_key_without_psk_modes(neg_run *r)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    e_offered_psks(ext_add(&s->ext, EXT_PRE_SHARED_KEY), 1, 1);
    server_receives_ch(r, s);
    free(s);
}

static void psk_binder_count_differs(neg_run *r)
{
    static const uint8_t psk_dhe_ke[2] = { 1, 1 };
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    en(ext_add(&s->ext, EXT_PSK_KEY_EXCHANGE_MODES), psk_dhe_ke, 2);
    e_offered_psks(ext_add(&s->ext, EXT_PRE_SHARED_KEY), 1, 2);
    server_receives_ch(r, s);
    free(s);
}

static void record_size_limit_of_63(neg_run *r)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    e16(ext_add(&s->ext, EXT_RECORD_SIZE_LIMIT), 63);
    server_receives_ch(r, s);
    free(s);
}

static void certificate_verify_with_scheme(neg_run *r, uint16_t scheme)
{
    flight f;
    real_flight(r, &f);
    f.msg[CV][4] = (uint8_t)(scheme >> 8);
    f.msg[CV][5] = (uint8_t)scheme;
    client_receives_flight_with(r, &f, CV, f.msg[CV], f.msg_len[CV]);
    flight_free(&f);
}

static void certificate_verify_rsa_pkcs1_sha256(neg_run *r)
{
    certificate_verify_with_scheme(r, SIG_RSA_PKCS1_SHA256);
}

static void certificate_verify_scheme_for_another_key(neg_run *r)
{
    certificate_verify_with_scheme(r, SIG_ECDSA_SECP256R1_SHA256);
}

static void key_update_of_value_2(neg_run *r)
{
    static const uint8_t ku[5] = { HS_KEY_UPDATE, 0, 0, 1, 2 };
    connected(r);
    server_receives_protected(r, RECORD_HANDSHAKE, ku, sizeof ku);
}

static void ticket_lifetime_over_seven_days(neg_run *r)
{
    bytes *m = malloc(sizeof *m);
    size_t body = open_message(m, HS_NEW_SESSION_TICKET);
    put32(m, 604801); /* ticket_lifetime */
    put32(m, 0x01020304); /* ticket_age_add */
    put8(m, 1);           /* ticket_nonce */
    put8(m, 0);
    put16(m, 4);          /* ticket */
    put32(m, 0xdeadbeef);
    put16(m, 0);          /* extensions */
    close_len(m, body, 3);
    connected(r);
    client_receives_protected(r, RECORD_HANDSHAKE, m->b, m->len);
    free(m);
}

static void handshake_message_of_2_24_minus_1_bytes(neg_run *r)
{
    static const uint8_t header[4] = { HS_CLIENT_HELLO, 0xff, 0xff, 0xff };
    server_receives_plain(r, RECORD_HANDSHAKE, header, sizeof header);
}

/* ---- decode_error ---- */

static void client_hello_with_trailing_bytes(neg_run *r)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    s->trailing[0] = 0;
    s->trailing_len = 1;
    server_receives_ch(r, s);
    free(s);
}

static void client_hello_session_id_of_33_bytes(neg_run *r)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    bytes *m = malloc(sizeof *m);
    ch_encode(s, m);
    /* Rebuild with a 33-byte legacy_session_id (ch_spec holds at most 32). */
    bytes *n = malloc(sizeof *n);
    size_t body = open_message(n, HS_CLIENT_HELLO);
    putn(n, m->b + 4, 2 + 32);
    put8(n, 33);
    putn(n, s->session_id, 32);
    put8(n, 0);
    putn(n, m->b + 4 + 2 + 32 + 1 + 32, m->len - (4 + 2 + 32 + 1 + 32));
    close_len(n, body, 3);
    server_receives_plain(r, RECORD_HANDSHAKE, n->b, n->len);
    free(n);
    free(m);
    free(s);
}

static void empty_certificate(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    bytes *m = malloc(sizeof *m);
    certificate_message(NULL, NULL, 0, m);
    client_receives_flight_with(r, &f, CERT, m->b, m->len);
    free(m);
    flight_free(&f);
}

static void alert_of_three_bytes(neg_run *r)
{
    static const uint8_t alert[3] = { 2, TLS13_ALERT_HANDSHAKE_FAILURE, 0 };
    server_receives_plain(r, RECORD_ALERT, alert, sizeof alert);
}

static void protected_alert_of_one_byte(neg_run *r)
{
    static const uint8_t alert[1] = { 2 };
    connected(r);
    server_receives_protected(r, RECORD_ALERT, alert, sizeof alert);
}

static void finished_one_byte_short(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    bytes *m = malloc(sizeof *m);
    size_t body = open_message(m, HS_FINISHED);
    putn(m, f.msg[FIN] + 4, f.msg_len[FIN] - 5);
    close_len(m, body, 3);
    client_receives_flight_with(r, &f, FIN, m->b, m->len);
    free(m);
    flight_free(&f);
}

static void key_update_of_two_bytes(neg_run *r)
{
    static const uint8_t ku[6] = { HS_KEY_UPDATE, 0, 0, 2, 0, 0 };
    connected(r);
    server_receives_protected(r, RECORD_HANDSHAKE, ku, sizeof ku);
}

/* ---- decrypt_error ---- */

static void tampered_server_finished(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    f.msg[FIN][HS_HEADER_LEN] ^= 1;
    client_receives_flight_with(r, &f, FIN, f.msg[FIN], f.msg_len[FIN]);
    flight_free(&f);
}

static void tampered_client_finished(neg_run *r)
{
    flight f;
    hx_buf answer, s = { 0 };
    ks_secret chts;
    client_answers(r, &f, &answer, &chts);
    hx_record recs[2];
    hx_split_records(answer.data, answer.len, recs, 2);
    uint8_t inner[128];
    size_t inner_len, content_len;
    uint8_t type;
    ck_assert(hx_open(&chts, r->aead, 0, recs[1].bytes, recs[1].len, inner, &inner_len));
    ck_assert(hx_inner_split(inner, inner_len, &type, &content_len));
    ck_assert_uint_eq(inner[0], HS_FINISHED);
    inner[content_len - 1] ^= 1; /* the last byte of verify_data */
    hx_buf_append(&s, recs[0].bytes, recs[0].len);
    append_sealed(r, &s, &chts, 0, RECORD_HANDSHAKE, inner, content_len);
    server_receives(r, s.data, s.len);
    hx_buf_free(&s);
    hx_buf_free(&answer);
    flight_free(&f);
}

static void tampered_certificate_verify_signature(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    f.msg[CV][HS_HEADER_LEN + 4] ^= 1; /* the signature's first byte */
    client_receives_flight_with(r, &f, CV, f.msg[CV], f.msg_len[CV]);
    flight_free(&f);
}

/* ---- protocol_version ---- */

static void client_hello_offering_only_tls12(neg_run *r)
{
    static const uint16_t tls12[1] = { TLS12_VERSION };
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    e_u16_list(ext_set(&s->ext, EXT_SUPPORTED_VERSIONS), 1, tls12, 1);
    server_receives_ch(r, s);
    free(s);
}

static void client_hello_without_supported_versions(neg_run *r)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ext_remove(&s->ext, EXT_SUPPORTED_VERSIONS);
    server_receives_ch(r, s);
    free(s);
}

static void server_hello_without_supported_versions(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    ext_remove(&s->ext, EXT_SUPPORTED_VERSIONS);
    client_receives_sh(r, s);
    free(s);
}

/* ---- missing_extension ---- */

static void client_hello_without(neg_run *r, uint16_t type)
{
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ext_remove(&s->ext, type);
    server_receives_ch(r, s);
    free(s);
}

static void client_hello_without_key_share(neg_run *r)
{
    client_hello_without(r, EXT_KEY_SHARE);
}

static void client_hello_without_supported_groups(neg_run *r)
{
    client_hello_without(r, EXT_SUPPORTED_GROUPS);
}

static void client_hello_without_signature_algorithms(neg_run *r)
{
    client_hello_without(r, EXT_SIGNATURE_ALGORITHMS);
}

static void server_hello_without_key_share(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    ext_remove(&s->ext, EXT_KEY_SHARE);
    client_receives_sh(r, s);
    free(s);
}

static void certificate_request_without_signature_algorithms(neg_run *r)
{
    static const uint8_t cr[7] = { HS_CERTIFICATE_REQUEST, 0, 0, 3, 0, 0, 0 };
    flight f;
    real_flight(r, &f);
    const uint8_t *msgs[5] = { f.msg[EE], cr, f.msg[CERT], f.msg[CV], f.msg[FIN] };
    size_t lens[5] = { f.msg_len[EE], sizeof cr, f.msg_len[CERT], f.msg_len[CV],
                       f.msg_len[FIN] };
    client_receives_flight(r, &f, msgs, lens, 5);
    flight_free(&f);
}

/* ---- unsupported_extension ---- */

static void encrypted_extensions_with_unoffered_alpn(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    ext_list *l = calloc(1, sizeof *l);
    ext_entry *e = ext_add(l, EXT_ALPN);
    e16(e, 3);
    e8(e, 2);
    en(e, (const uint8_t *)"h2", 2);
    bytes *m = malloc(sizeof *m);
    ee_message(l, m);
    client_receives_flight_with(r, &f, EE, m->b, m->len);
    free(m);
    free(l);
    flight_free(&f);
}

static void encrypted_extensions_with_unknown_extension(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    ext_list *l = calloc(1, sizeof *l);
    ext_add(l, 0x1234);
    bytes *m = malloc(sizeof *m);
    ee_message(l, m);
    client_receives_flight_with(r, &f, EE, m->b, m->len);
    free(m);
    free(l);
    flight_free(&f);
}

static void server_hello_with_unknown_extension(neg_run *r)
{
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    ext_add(&s->ext, 0x1234);
    client_receives_sh(r, s);
    free(s);
}

/* status_request in the leaf's CertificateEntry: Table 1 allows it there,
 * but the client never asked for it. */
static void certificate_entry_with_unrequested_status(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    size_t leaf_len;
    const uint8_t *leaf = flight_leaf(&f, &leaf_len);
    ext_list *l = calloc(1, sizeof *l);
    ext_entry *e = ext_add(l, EXT_STATUS_REQUEST);
    static const uint8_t ocsp_response[4] = { 1, 0, 0, 0 }; /* CertificateStatus, empty */
    en(e, ocsp_response, sizeof ocsp_response);
    bytes *m = malloc(sizeof *m);
    certificate_message_with(&leaf, &leaf_len, 1, l, m);
    client_receives_flight_with(r, &f, CERT, m->b, m->len);
    free(m);
    free(l);
    flight_free(&f);
}

/* RFC 7301 §3.1: the server's ProtocolNameList "MUST contain exactly one
 * ProtocolName". */
static void encrypted_extensions_with_two_alpn_protocols(neg_run *r)
{
    ck_assert_int_eq(tls13_config_set_alpn(client_config(r), "h2,http/1.1"), TLS13_OK);
    flight f;
    real_flight(r, &f);
    ext_list *l = calloc(1, sizeof *l);
    ext_entry *e = ext_add(l, EXT_ALPN);
    e16(e, 3 + 9);
    e8(e, 2);
    en(e, (const uint8_t *)"h2", 2);
    e8(e, 8);
    en(e, (const uint8_t *)"http/1.1", 8);
    bytes *m = malloc(sizeof *m);
    ee_message(l, m);
    client_receives_flight_with(r, &f, EE, m->b, m->len);
    free(m);
    free(l);
    flight_free(&f);
}

/* ---- unrecognized_name ---- */

/* RFC 6066 §3: "good.example\0evil" would reach the application as
 * "good.example". */
static void server_name_with_a_zero_byte(neg_run *r)
{
    static const uint8_t name[17] = "good.example\0evil";
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ext_entry *e = ext_add(&s->ext, EXT_SERVER_NAME);
    e16(e, 3 + sizeof name);
    e8(e, 0); /* host_name */
    e16(e, sizeof name);
    en(e, name, sizeof name);
    server_receives_ch(r, s);
    free(s);
}

/* ---- no_application_protocol ---- */

static void server_selects_unoffered_alpn(neg_run *r)
{
    ck_assert_int_eq(tls13_config_set_alpn(client_config(r), "http/1.1"), TLS13_OK);
    flight f;
    real_flight(r, &f);
    ext_list *l = calloc(1, sizeof *l);
    ext_entry *e = ext_add(l, EXT_ALPN);
    e16(e, 3);
    e8(e, 2);
    en(e, (const uint8_t *)"h2", 2);
    bytes *m = malloc(sizeof *m);
    ee_message(l, m);
    client_receives_flight_with(r, &f, EE, m->b, m->len);
    free(m);
    free(l);
    flight_free(&f);
}

static void client_offers_no_common_alpn(neg_run *r)
{
    ck_assert_int_eq(tls13_config_set_alpn(server_config(r), "h2"), TLS13_OK);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    ext_entry *e = ext_add(&s->ext, EXT_ALPN);
    e16(e, 4);
    e8(e, 3);
    en(e, (const uint8_t *)"foo", 3);
    server_receives_ch(r, s);
    free(s);
}

/* ---- internal_error: not the peer's doing, but a peer's ClientHello meets it ---- */

static void server_without_certificate(neg_run *r)
{
    r->scfg = tls13_config_new();
    tls13_config_set_keylog_callback(r->scfg, hx_keylog_cb, &r->keylog);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    server_receives_ch(r, s);
    free(s);
}

static void server_key_is_not_the_certificates(neg_run *r)
{
    r->scfg = tls13_config_new();
    tls13_config_set_keylog_callback(r->scfg, hx_keylog_cb, &r->keylog);
    ck_assert_int_eq(tls13_config_use_self_signed(r->scfg, "localhost", NULL), TLS13_OK);
    sig_private_key other;
    ck_assert_int_eq(sig_ed25519_generate(&other, NULL), TLS13_OK);
    sig_private_key_wipe(&r->scfg->key);
    r->scfg->key = other;
    sig_private_key_wipe(&other);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    server_receives_ch(r, s);
    free(s);
}

static int failing_random(void *ctx, uint8_t *out, size_t len)
{
    (void)ctx;
    (void)out;
    (void)len;
    return -1;
}

static void server_random_source_fails(neg_run *r)
{
    tls13_random_source broken = { failing_random, NULL };
    tls13_config_set_random(server_config(r), broken);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    server_receives_ch(r, s);
    free(s);
}

/* ==== certificates: path validation (RFC 5280 §6, RFC 6125) and mutual TLS ============== */

/* A row that presents the test PKI's certificates is skipped when openssl is
 * not installed; any other failure to make the PKI fails it. */
static bool need_pki(neg_run *r)
{
    if (pki.ok)
        return true;
    ck_assert_msg(pki.no_openssl, "the test PKI could not be made (see above)");
    r->skipped = true;
    return false;
}

static int64_t fixed_clock(void *ctx)
{
    return *(const int64_t *)ctx;
}

/* The real server presents NAME_chain.pem with NAME.key (tests/pki_harness.h). */
static void server_presents(neg_run *r, const char *leaf)
{
    char chain[64], key[64];
    snprintf(chain, sizeof chain, "%s_chain.pem", leaf);
    snprintf(key, sizeof key, "%s.key", leaf);
    tls13_config *cfg = server_config(r);
    ck_assert_int_eq(tls13_config_set_cert_file(cfg, pki_path(&pki, chain).s), TLS13_OK);
    ck_assert_int_eq(tls13_config_set_key_file(cfg, pki_path(&pki, key).s), TLS13_OK);
}

/* A client that verifies by default against the PKI's root. */
static tls13_config *verifying_client_config(neg_run *r)
{
    r->ccfg = tls13_config_new();
    ck_assert_ptr_nonnull(r->ccfg);
    tls13_config_set_keylog_callback(r->ccfg, hx_keylog_cb, &r->keylog);
    ck_assert_int_eq(tls13_config_set_ca_file(r->ccfg, pki_path(&pki, "root.pem").s), TLS13_OK);
    return r->ccfg;
}

/* The verifying client gets the real server's flight: it fails at the
 * Certificate, and the server (waiting for its Finished) reads the alert. */
static void client_checks_the_chain(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    client_receives(r, f.bytes.data, f.bytes.len);
    flight_free(&f);
}

static void client_checks(neg_run *r, const char *leaf, const char *host)
{
    server_presents(r, leaf);
    verifying_client_config(r);
    r->host = host;
    client_checks_the_chain(r);
}

/* ---- the client refuses the server's chain ---- */

static void server_certificate_expired(neg_run *r)
{
    if (!need_pki(r))
        return;
    r->now = pki_after_leaves_expire(&pki);
    tls13_config_set_time(verifying_client_config(r), fixed_clock, &r->now);
    server_presents(r, "server_ec");
    client_checks_the_chain(r);
}

static void server_certificate_not_yet_valid(neg_run *r)
{
    if (!need_pki(r))
        return;
    r->now = pki_before_anything_is_valid(&pki);
    tls13_config_set_time(verifying_client_config(r), fixed_clock, &r->now);
    server_presents(r, "server_ec");
    client_checks_the_chain(r);
}

/* The leaf's issuer is another leaf (basicConstraints cA FALSE). */
static void server_leaf_issued_by_a_leaf(neg_run *r)
{
    if (need_pki(r))
        client_checks(r, "leaf_by_leaf", "localhost");
}

/* root -> Pathlen Zero (pathLenConstraint 0) -> another CA -> the leaf. */
static void chain_through_a_pathlen_0_ca(neg_run *r)
{
    if (need_pki(r))
        client_checks(r, "server_deep", "localhost");
}

/* The server sends its intermediate with one byte of the signature flipped
 * (the chain set straight into its config, src/config.h). */
static void intermediate_signature_flipped(neg_run *r)
{
    if (!need_pki(r))
        return;
    server_presents(r, "server_ec");
    x509_der *inter = &r->scfg->chain.certs[1];
    ck_assert_uint_eq(r->scfg->chain.count, 2);
    inter->data[inter->len - 1] ^= 0x01; /* the last byte of signatureValue */
    verifying_client_config(r);
    client_checks_the_chain(r);
}

static void certificate_for_another_host(neg_run *r)
{
    if (need_pki(r))
        client_checks(r, "server_ec", "www.example.com");
}

/* RFC 6125 §6.4.3: a wildcard only as the whole left-most label. */
static void wildcard_in_the_wrong_place(neg_run *r)
{
    if (need_pki(r))
        client_checks(r, "server_wild", "foo.localhost"); /* f*o.localhost */
}

/* RFC 5280 §4.2.1.10: the leaf's DNS:localhost is outside its CA's
 * (non-critical) nameConstraints, permitted;DNS:example.com. */
static void server_leaf_outside_name_constraints(neg_run *r)
{
    if (need_pki(r))
        client_checks(r, "server_nc", "localhost");
}

/* A leaf whose extendedKeyUsage is clientAuth only. */
static void server_presents_a_client_certificate(neg_run *r)
{
    if (need_pki(r))
        client_checks(r, "client_ec", "localhost");
}

static void server_leaf_with_an_unknown_critical_extension(neg_run *r)
{
    if (need_pki(r))
        client_checks(r, "server_crit", "localhost");
}

/* §4.5.1: "in the case of server authentication, this field SHALL be zero
 * length." */
static void server_certificate_with_a_context(neg_run *r)
{
    flight f;
    real_flight(r, &f);
    bytes *m = malloc(sizeof *m);
    m->len = 0;
    put8(m, HS_CERTIFICATE);
    put24(m, f.msg_len[CERT] - HS_HEADER_LEN + 1);
    put8(m, 1);
    put8(m, 0x42);
    putn(m, f.msg[CERT] + HS_HEADER_LEN + 1, f.msg_len[CERT] - HS_HEADER_LEN - 1);
    client_receives_flight_with(r, &f, CERT, m->b, m->len);
    free(m);
    flight_free(&f);
}

/* §4.4.2: the context "SHALL be zero length unless used for the
 * post-handshake authentication exchanges". */
static void certificate_request_with_a_context(neg_run *r)
{
    /* context 0x42; signature_algorithms: ed25519 */
    static const uint8_t msg[16] = { HS_CERTIFICATE_REQUEST, 0, 0, 12, 1, 0x42, 0, 8,
                                     0, EXT_SIGNATURE_ALGORITHMS, 0, 4, 0, 2, 0x08, 0x07 };
    flight f;
    real_flight(r, &f);
    const uint8_t *msgs[5] = { f.msg[EE], msg, f.msg[CERT], f.msg[CV], f.msg[FIN] };
    size_t lens[5] = { f.msg_len[EE], sizeof msg, f.msg_len[CERT], f.msg_len[CV],
                       f.msg_len[FIN] };
    client_receives_flight(r, &f, msgs, lens, 5);
    flight_free(&f);
}

/* ---- the server refuses the client's answer to its CertificateRequest ---- */

/* A real client has taken the flight of a server that asks for a
 * certificate (mutual TLS) and answered; its CCS, Certificate,
 * [CertificateVerify] and Finished are in `answer`, not delivered. The
 * client, connected, reads the alert of a failing server. */
static void client_answers_certificate_request(neg_run *r, hx_buf *answer)
{
    r->client = tls13_client_new(client_config(r), "localhost");
    r->server = tls13_server_new(server_config(r));
    ck_assert_ptr_nonnull(r->client);
    ck_assert_ptr_nonnull(r->server);
    ck_assert_int_eq(tls13_conn_handshake(r->client), TLS13_WANT_READ);
    ck_assert_int_eq(hx_transfer(r->client, r->server, &r->junk, 0), TLS13_OK);
    ck_assert_int_eq(hx_transfer(r->server, r->client, &r->junk, 0), TLS13_OK);
    ck_assert(tls13_conn_handshake_done(r->client));
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->client, &out);
    memset(answer, 0, sizeof *answer);
    hx_buf_append(answer, out, len);
    tls13_conn_output_done(r->client, len);
    r->aead = cipher_suite_lookup(tls13_conn_cipher_suite(r->server))->aead;
    r->peer = r->client;
}

static void server_asks_for_a_certificate(neg_run *r, const char *client_leaf)
{
    tls13_config *scfg = server_config(r);
    if (pki.ok)
        ck_assert_int_eq(tls13_config_set_verify_client_file(scfg, pki_path(&pki, "root.pem").s),
                         TLS13_OK);
    else
        scfg->verify_client = true; /* no anchors: only rows without a certificate */
    if (client_leaf != NULL) {
        char chain[64], key[64];
        snprintf(chain, sizeof chain, "%s_chain.pem", client_leaf);
        snprintf(key, sizeof key, "%s.key", client_leaf);
        tls13_config *ccfg = client_config(r);
        ck_assert_int_eq(tls13_config_set_cert_file(ccfg, pki_path(&pki, chain).s), TLS13_OK);
        ck_assert_int_eq(tls13_config_set_key_file(ccfg, pki_path(&pki, key).s), TLS13_OK);
    }
}

static void server_gets_the_answer_of(neg_run *r, const char *client_leaf)
{
    server_asks_for_a_certificate(r, client_leaf);
    hx_buf answer;
    client_answers_certificate_request(r, &answer);
    server_receives(r, answer.data, answer.len);
    hx_buf_free(&answer);
}

/* §4.5.1.3: a server that requires a certificate aborts with
 * certificate_required when the client sends an empty Certificate. */
static void client_sends_no_certificate_when_one_is_required(neg_run *r)
{
    tls13_config_require_client_cert(server_config(r));
    server_gets_the_answer_of(r, NULL);
}

/* §4.5.1: the client's context must echo the CertificateRequest's, which
 * is empty in the handshake. */
static void client_certificate_with_a_context(neg_run *r)
{
    static const uint8_t cert[9] = { HS_CERTIFICATE, 0, 0, 5, 1, 0x42, 0, 0, 0 };
    server_asks_for_a_certificate(r, NULL);
    hx_buf answer, s = { 0 };
    client_answers_certificate_request(r, &answer);
    ks_secret chts;
    ck_assert(hx_keylog_secret(&r->keylog, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", &chts));
    hx_buf_append(&s, answer.data, RECORD_HEADER_LEN + 1); /* the CCS */
    append_sealed(r, &s, &chts, 0, RECORD_HANDSHAKE, cert, sizeof cert);
    server_receives(r, s.data, s.len);
    hx_buf_free(&s);
    hx_buf_free(&answer);
}

static void client_certificate_from_an_untrusted_ca(neg_run *r)
{
    if (need_pki(r))
        server_gets_the_answer_of(r, "other_client");
}

/* A leaf whose extendedKeyUsage is serverAuth only, as a client's. */
static void client_presents_a_server_certificate(neg_run *r)
{
    if (need_pki(r))
        server_gets_the_answer_of(r, "server_ec");
}

/* ==== the table: RFC 9846 §6.2's alerts, in its order ================================= */

typedef struct neg_case {
    const char *name;      /* what the peer did */
    const char *section;   /* where the RFC says what must happen */
    tls13_error error;
    tls13_alert alert;
    void (*run)(neg_run *r);
    bool local;            /* not the peer's fault: our own configuration */
    bool needs_pki;        /* presents the test PKI's certificates (skipped without openssl) */
} neg_case;

#define ROW(name, sec, err, alert) { #name, sec, err, alert, name, false, false }
#define LOCAL(name, sec, err, alert) { #name, sec, err, alert, name, true, false }
#define PKI_ROW(name, sec, err, alert) { #name, sec, err, alert, name, false, true }

static const neg_case cases[] = {
    /* unexpected_message */
    ROW(finished_before_certificate, "A.1", TLS13_ERR_UNEXPECTED_MESSAGE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(client_hello_to_a_client, "A.1", TLS13_ERR_UNEXPECTED_MESSAGE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(server_hello_to_a_server, "A.2", TLS13_ERR_UNEXPECTED_MESSAGE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(key_update_before_client_finished, "4.7.3", TLS13_ERR_UNEXPECTED_MESSAGE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(key_update_before_server_finished, "4.7.3", TLS13_ERR_UNEXPECTED_MESSAGE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(second_hello_retry_request, "4.2.4", TLS13_ERR_SECOND_HELLO_RETRY_REQUEST,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(application_data_before_client_finished, "5.1", TLS13_ERR_DATA_BEFORE_HANDSHAKE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(application_data_before_server_hello, "5.1", TLS13_ERR_DATA_BEFORE_HANDSHAKE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(application_data_after_hrr_without_early_data, "4.3.10", TLS13_ERR_DATA_BEFORE_HANDSHAKE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(too_much_early_data_before_the_second_client_hello, "4.3.10",
        TLS13_ERR_DATA_BEFORE_HANDSHAKE, TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(ccs_after_the_handshake, "5", TLS13_ERR_CCS_AFTER_HANDSHAKE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(ccs_before_client_hello, "5", TLS13_ERR_CCS_AFTER_HANDSHAKE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(ccs_of_value_2, "5", TLS13_ERR_BAD_CCS, TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(ccs_of_two_bytes, "5", TLS13_ERR_BAD_CCS, TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(ccs_flood, "5.1", TLS13_ERR_TOO_MANY_EMPTY_RECORDS, TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(protected_ccs, "5", TLS13_ERR_RECORD_PROTECTED_CCS, TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(record_of_unknown_type, "5", TLS13_ERR_RECORD_UNKNOWN_TYPE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(protected_record_of_unknown_type, "5", TLS13_ERR_RECORD_UNKNOWN_TYPE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(protected_record_all_zeros, "5.4", TLS13_ERR_RECORD_NO_CONTENT_TYPE,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(empty_handshake_record, "5.1", TLS13_ERR_RECORD_EMPTY_FRAGMENT,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(empty_protected_handshake_record, "5.4", TLS13_ERR_RECORD_EMPTY_FRAGMENT,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(handshake_in_the_clear_after_server_hello, "5.1", TLS13_ERR_RECORD_UNPROTECTED,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(server_hello_and_encrypted_extensions_in_one_record, "5.1",
        TLS13_ERR_HANDSHAKE_INTERLEAVED, TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(client_hello_interrupted_by_ccs, "5.1", TLS13_ERR_HANDSHAKE_INTERLEAVED,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    ROW(key_update_not_at_the_end_of_its_record, "5.1", TLS13_ERR_HANDSHAKE_INTERLEAVED,
        TLS13_ALERT_UNEXPECTED_MESSAGE),
    /* bad_record_mac */
    ROW(record_that_fails_authentication, "5.2", TLS13_ERR_RECORD_BAD_MAC,
        TLS13_ALERT_BAD_RECORD_MAC),
    ROW(application_data_that_fails_authentication, "5.2", TLS13_ERR_RECORD_BAD_MAC,
        TLS13_ALERT_BAD_RECORD_MAC),
    ROW(protected_record_shorter_than_its_tag, "5.2", TLS13_ERR_RECORD_TOO_SHORT,
        TLS13_ALERT_BAD_RECORD_MAC),
    ROW(too_much_rejected_early_data, "4.3.10", TLS13_ERR_RECORD_BAD_MAC,
        TLS13_ALERT_BAD_RECORD_MAC),
    ROW(too_much_rejected_early_data_in_pieces, "4.3.10", TLS13_ERR_RECORD_BAD_MAC,
        TLS13_ALERT_BAD_RECORD_MAC),
    /* record_overflow */
    ROW(plaintext_record_over_2_14, "5.1", TLS13_ERR_RECORD_OVERFLOW,
        TLS13_ALERT_RECORD_OVERFLOW),
    ROW(protected_record_over_2_14_plus_256, "5.2", TLS13_ERR_RECORD_CIPHERTEXT_OVERFLOW,
        TLS13_ALERT_RECORD_OVERFLOW),
    ROW(decrypted_record_over_2_14_plus_1, "5.2", TLS13_ERR_RECORD_INNER_OVERFLOW,
        TLS13_ALERT_RECORD_OVERFLOW),
    /* handshake_failure */
    ROW(no_cipher_suite_in_common, "4.2.1", TLS13_ERR_NO_COMMON_CIPHER_SUITE,
        TLS13_ALERT_HANDSHAKE_FAILURE),
    ROW(no_group_in_common, "4.2.1", TLS13_ERR_NO_COMMON_GROUP, TLS13_ALERT_HANDSHAKE_FAILURE),
    ROW(no_signature_scheme_for_the_servers_key, "4.5.2", TLS13_ERR_NO_COMMON_SIGNATURE_SCHEME,
        TLS13_ALERT_HANDSHAKE_FAILURE),
    /* bad_certificate */
    ROW(certificate_matches_no_pin, "4.5.1.3", TLS13_ERR_CERTIFICATE_NOT_TRUSTED,
        TLS13_ALERT_BAD_CERTIFICATE),
    ROW(certificate_not_der, "4.5.1", TLS13_ERR_BAD_CERTIFICATE, TLS13_ALERT_BAD_CERTIFICATE),
    PKI_ROW(server_leaf_issued_by_a_leaf, "RFC 5280 4.2.1.9", TLS13_ERR_CERT_NOT_A_CA,
            TLS13_ALERT_BAD_CERTIFICATE),
    PKI_ROW(chain_through_a_pathlen_0_ca, "RFC 5280 4.2.1.9", TLS13_ERR_CERT_PATH_TOO_LONG,
            TLS13_ALERT_BAD_CERTIFICATE),
    PKI_ROW(intermediate_signature_flipped, "RFC 5280 6.1.3", TLS13_ERR_CERT_BAD_SIGNATURE,
            TLS13_ALERT_BAD_CERTIFICATE),
    PKI_ROW(certificate_for_another_host, "RFC 6125 6.4", TLS13_ERR_CERT_HOSTNAME_MISMATCH,
            TLS13_ALERT_BAD_CERTIFICATE),
    PKI_ROW(wildcard_in_the_wrong_place, "RFC 6125 6.4.3", TLS13_ERR_CERT_HOSTNAME_MISMATCH,
            TLS13_ALERT_BAD_CERTIFICATE),
    PKI_ROW(server_leaf_outside_name_constraints, "RFC 5280 4.2.1.10",
            TLS13_ERR_CERT_NAME_CONSTRAINTS, TLS13_ALERT_BAD_CERTIFICATE),
    /* unknown_ca */
    ROW(certificate_from_no_trusted_ca, "4.5.1.3", TLS13_ERR_CERT_UNKNOWN_CA,
        TLS13_ALERT_UNKNOWN_CA),
    PKI_ROW(client_certificate_from_an_untrusted_ca, "4.5.1.3", TLS13_ERR_CERT_UNKNOWN_CA,
            TLS13_ALERT_UNKNOWN_CA),
    ROW(certificate_chain_of_eleven, "4.5.1", TLS13_ERR_CERTIFICATE_CHAIN_TOO_LONG,
        TLS13_ALERT_BAD_CERTIFICATE),
    /* unsupported_certificate */
    ROW(certificate_key_of_an_unsupported_kind, "6.2", TLS13_ERR_UNSUPPORTED_KEY,
        TLS13_ALERT_UNSUPPORTED_CERTIFICATE),
    PKI_ROW(server_presents_a_client_certificate, "RFC 5280 4.2.1.12",
            TLS13_ERR_CERT_WRONG_PURPOSE, TLS13_ALERT_UNSUPPORTED_CERTIFICATE),
    PKI_ROW(client_presents_a_server_certificate, "RFC 5280 4.2.1.12",
            TLS13_ERR_CERT_WRONG_PURPOSE, TLS13_ALERT_UNSUPPORTED_CERTIFICATE),
    PKI_ROW(server_leaf_with_an_unknown_critical_extension, "RFC 5280 4.2",
            TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION, TLS13_ALERT_UNSUPPORTED_CERTIFICATE),
    /* certificate_expired */
    PKI_ROW(server_certificate_expired, "RFC 5280 6.1.3", TLS13_ERR_CERT_EXPIRED,
            TLS13_ALERT_CERTIFICATE_EXPIRED),
    PKI_ROW(server_certificate_not_yet_valid, "RFC 5280 6.1.3", TLS13_ERR_CERT_NOT_YET_VALID,
            TLS13_ALERT_CERTIFICATE_EXPIRED),
    /* illegal_parameter */
    ROW(server_certificate_with_a_context, "4.5.1", TLS13_ERR_BAD_CERT_REQUEST_CONTEXT,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(certificate_request_with_a_context, "4.4.2", TLS13_ERR_BAD_CERT_REQUEST_CONTEXT,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(client_certificate_with_a_context, "4.5.1", TLS13_ERR_BAD_CERT_REQUEST_CONTEXT,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_unoffered_suite, "4.2.3", TLS13_ERR_SERVER_CHOSE_UNOFFERED_SUITE,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_unknown_suite, "4.2.3", TLS13_ERR_SERVER_CHOSE_UNOFFERED_SUITE,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_legacy_version_not_0303, "4.2.3", TLS13_ERR_SERVER_LEGACY_VERSION,
        TLS13_ALERT_PROTOCOL_VERSION),
    ROW(pre_shared_key_without_psk_modes, "4.3.9", TLS13_ERR_PSK_WITHOUT_MODES,
        TLS13_ALERT_MISSING_EXTENSION),
    ROW(server_hello_wrong_session_id, "4.2.3", TLS13_ERR_SERVER_SESSION_ID_MISMATCH,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_empty_session_id, "4.2.3", TLS13_ERR_SERVER_SESSION_ID_MISMATCH,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_selects_tls12_in_supported_versions, "4.3.1",
        TLS13_ERR_SERVER_WRONG_VERSION, TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(downgrade_sentinel, "4.2.3", TLS13_ERR_DOWNGRADE_DETECTED, TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(downgrade_sentinel_tls11, "4.2.3", TLS13_ERR_DOWNGRADE_DETECTED,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_compression_1, "4.2.3", TLS13_ERR_SERVER_HELLO_COMPRESSION,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_share_for_another_group, "4.3.8", TLS13_ERR_SERVER_CHOSE_UNOFFERED_GROUP,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_selects_a_psk, "4.3.11", TLS13_ERR_SERVER_SELECTED_PSK,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(client_key_share_all_zero_x25519, "7.4.2", TLS13_ERR_ZERO_SHARED_SECRET,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_key_share_all_zero_x25519, "7.4.2", TLS13_ERR_ZERO_SHARED_SECRET,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(client_key_share_off_the_curve, "4.3.8.2", TLS13_ERR_BAD_KEY_SHARE,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_key_share_off_the_curve, "4.3.8.2", TLS13_ERR_BAD_KEY_SHARE,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(client_key_share_of_31_bytes, "4.3.8.2", TLS13_ERR_BAD_KEY_SHARE,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(hrr_for_the_group_already_sent, "4.3.8", TLS13_ERR_HRR_GROUP_ALREADY_SENT,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(hrr_for_a_group_not_offered, "4.3.8", TLS13_ERR_HRR_GROUP_ALREADY_SENT,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(hrr_that_changes_nothing, "4.2.4", TLS13_ERR_HRR_CHANGED_NOTHING,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(hrr_with_a_cookie_too_long, "4.3.2", TLS13_ERR_MESSAGE_TOO_LARGE,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_suite_differs_from_hrr, "4.2.4", TLS13_ERR_SUITE_CHANGED_AFTER_HRR,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_after_hrr_with_the_first_group, "4.3.8",
        TLS13_ERR_SERVER_CHOSE_UNOFFERED_GROUP, TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(second_client_hello_with_another_random, "4.2.2", TLS13_ERR_CLIENT_HELLO2_MISMATCH,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(second_client_hello_with_a_wrong_cookie, "4.3.2", TLS13_ERR_BAD_COOKIE,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(client_hello_compression_1, "4.2.2", TLS13_ERR_LEGACY_COMPRESSION,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(client_hello_compression_0_and_1, "4.2.2", TLS13_ERR_LEGACY_COMPRESSION,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(key_share_for_a_group_not_in_supported_groups, "4.3.8", TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(two_key_shares_for_one_group, "4.3.8", TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(duplicate_extension, "4.3", TLS13_ERR_DUPLICATE_EXTENSION, TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(client_hello_with_oid_filters, "4.3", TLS13_ERR_EXTENSION_NOT_ALLOWED,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(server_hello_with_server_name, "4.3", TLS13_ERR_EXTENSION_NOT_ALLOWED,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(pre_shared_key_not_last, "4.3.11", TLS13_ERR_PRE_SHARED_KEY_NOT_LAST,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(psk_binder_count_differs, "4.3.11", TLS13_ERR_PSK_BINDER_COUNT,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(record_size_limit_of_63, "RFC 8449 4", TLS13_ERR_RECORD_SIZE_LIMIT_TOO_SMALL,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(certificate_verify_rsa_pkcs1_sha256, "4.5.2", TLS13_ERR_CV_SCHEME_NOT_OFFERED,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(certificate_verify_scheme_for_another_key, "4.5.2", TLS13_ERR_CV_SCHEME_NOT_OFFERED,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(key_update_of_value_2, "4.7.3", TLS13_ERR_BAD_KEY_UPDATE, TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(ticket_lifetime_over_seven_days, "4.7.1", TLS13_ERR_TICKET_LIFETIME_TOO_LONG,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    ROW(handshake_message_of_2_24_minus_1_bytes, "4", TLS13_ERR_MESSAGE_TOO_LARGE,
        TLS13_ALERT_ILLEGAL_PARAMETER),
    /* decode_error */
    ROW(client_hello_with_trailing_bytes, "4.2.2", TLS13_ERR_DECODE, TLS13_ALERT_DECODE_ERROR),
    ROW(client_hello_session_id_of_33_bytes, "4.2.2", TLS13_ERR_DECODE,
        TLS13_ALERT_DECODE_ERROR),
    ROW(empty_certificate, "4.5.1.3", TLS13_ERR_EMPTY_CERTIFICATE, TLS13_ALERT_DECODE_ERROR),
    ROW(alert_of_three_bytes, "6", TLS13_ERR_BAD_ALERT, TLS13_ALERT_DECODE_ERROR),
    ROW(protected_alert_of_one_byte, "6", TLS13_ERR_BAD_ALERT, TLS13_ALERT_DECODE_ERROR),
    ROW(finished_one_byte_short, "4.5.3", TLS13_ERR_DECODE, TLS13_ALERT_DECODE_ERROR),
    ROW(key_update_of_two_bytes, "4.7.3", TLS13_ERR_DECODE, TLS13_ALERT_DECODE_ERROR),
    ROW(encrypted_extensions_with_two_alpn_protocols, "RFC 7301 3.1", TLS13_ERR_DECODE,
        TLS13_ALERT_DECODE_ERROR),
    /* decrypt_error */
    ROW(tampered_server_finished, "4.5.3", TLS13_ERR_BAD_FINISHED, TLS13_ALERT_DECRYPT_ERROR),
    ROW(tampered_client_finished, "4.5.3", TLS13_ERR_BAD_FINISHED, TLS13_ALERT_DECRYPT_ERROR),
    ROW(tampered_certificate_verify_signature, "4.5.2", TLS13_ERR_BAD_SIGNATURE,
        TLS13_ALERT_DECRYPT_ERROR),
    /* protocol_version */
    ROW(client_hello_offering_only_tls12, "4.3.1", TLS13_ERR_NO_TLS13,
        TLS13_ALERT_PROTOCOL_VERSION),
    ROW(client_hello_without_supported_versions, "4.3.1", TLS13_ERR_NO_TLS13,
        TLS13_ALERT_PROTOCOL_VERSION),
    ROW(server_hello_without_supported_versions, "4.3.1", TLS13_ERR_NO_TLS13,
        TLS13_ALERT_PROTOCOL_VERSION),
    /* missing_extension */
    ROW(client_hello_without_key_share, "9.2", TLS13_ERR_MISSING_KEY_SHARE_OR_GROUPS,
        TLS13_ALERT_MISSING_EXTENSION),
    ROW(client_hello_without_supported_groups, "9.2", TLS13_ERR_MISSING_KEY_SHARE_OR_GROUPS,
        TLS13_ALERT_MISSING_EXTENSION),
    ROW(client_hello_without_signature_algorithms, "9.2", TLS13_ERR_MISSING_SIGNATURE_ALGORITHMS,
        TLS13_ALERT_MISSING_EXTENSION),
    ROW(server_hello_without_key_share, "4.3.8", TLS13_ERR_SERVER_NO_KEY_SHARE,
        TLS13_ALERT_MISSING_EXTENSION),
    ROW(certificate_request_without_signature_algorithms, "4.4.2",
        TLS13_ERR_MISSING_SIGNATURE_ALGORITHMS, TLS13_ALERT_MISSING_EXTENSION),
    /* unsupported_extension */
    ROW(encrypted_extensions_with_unoffered_alpn, "4.3", TLS13_ERR_UNSOLICITED_EXTENSION,
        TLS13_ALERT_UNSUPPORTED_EXTENSION),
    ROW(encrypted_extensions_with_unknown_extension, "4.3", TLS13_ERR_UNSOLICITED_EXTENSION,
        TLS13_ALERT_UNSUPPORTED_EXTENSION),
    ROW(server_hello_with_unknown_extension, "4.3", TLS13_ERR_UNSOLICITED_EXTENSION,
        TLS13_ALERT_UNSUPPORTED_EXTENSION),
    ROW(certificate_entry_with_unrequested_status, "4.3", TLS13_ERR_UNSOLICITED_EXTENSION,
        TLS13_ALERT_UNSUPPORTED_EXTENSION),
    /* unrecognized_name */
    ROW(server_name_with_a_zero_byte, "RFC 6066 3", TLS13_ERR_BAD_SERVER_NAME,
        TLS13_ALERT_UNRECOGNIZED_NAME),
    /* certificate_required */
    ROW(client_sends_no_certificate_when_one_is_required, "4.5.1.3",
        TLS13_ERR_CERTIFICATE_REQUIRED, TLS13_ALERT_CERTIFICATE_REQUIRED),
    /* no_application_protocol */
    ROW(server_selects_unoffered_alpn, "RFC 7301 3.2", TLS13_ERR_ALPN_MISMATCH,
        TLS13_ALERT_NO_APPLICATION_PROTOCOL),
    ROW(client_offers_no_common_alpn, "RFC 7301 3.2", TLS13_ERR_ALPN_MISMATCH,
        TLS13_ALERT_NO_APPLICATION_PROTOCOL),
    /* internal_error (our side's fault, met on a peer's ClientHello) */
    LOCAL(server_without_certificate, "6.2", TLS13_ERR_NO_CERTIFICATE_CONFIGURED,
          TLS13_ALERT_INTERNAL_ERROR),
    LOCAL(server_random_source_fails, "6.2", TLS13_ERR_RANDOM_FAILED, TLS13_ALERT_INTERNAL_ERROR),
    LOCAL(server_key_is_not_the_certificates, "6.2", TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE,
          TLS13_ALERT_INTERNAL_ERROR),
};

#define CASE_COUNT (sizeof cases / sizeof cases[0])

/* ---- the checks every row gets ------------------------------------------------------------ */

/* Every secret the key log can lead to: the four traffic secrets and three
 * more generations of the two application ones (KeyUpdate). */
static size_t known_secrets(const neg_run *r, ks_secret *out)
{
    static const char *const labels[] = { "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                                          "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                                          "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0" };
    size_t n = 0;
    for (size_t i = 0; i < 4; i++) {
        if (!hx_keylog_secret(&r->keylog, labels[i], &out[n]))
            continue;
        n++;
        for (int gen = 0; i >= 2 && gen < 3; gen++, n++) {
            out[n] = out[n - 1];
            ks_next_application_traffic_secret(&out[n]);
        }
    }
    return n;
}

/* Reads the one record the failing side sent: it must be an alert, in the
 * clear or under one of the connection's secrets. */
static void read_alert(const neg_run *r, const neg_case *c, uint8_t alert[2])
{
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->victim, &out);
    hx_record recs[4];
    size_t n = hx_split_records(out, len, recs, 4);
    ck_assert_msg(n == 1, "%s: %zu records went out after the failure, expected the alert alone",
                  c->name, n);
    if (recs[0].type == RECORD_ALERT) {
        ck_assert_uint_eq(recs[0].len, RECORD_HEADER_LEN + 2);
        memcpy(alert, recs[0].bytes + RECORD_HEADER_LEN, 2);
        return;
    }
    ck_assert_msg(recs[0].type == RECORD_APPLICATION_DATA, "%s: record of type %u went out",
                  c->name, recs[0].type);
    ks_secret secrets[16];
    size_t count = known_secrets(r, secrets);
    for (size_t i = 0; i < count; i++) {
        for (uint64_t seq = 0; seq < 16; seq++) {
            uint8_t inner[64];
            size_t inner_len, content_len;
            uint8_t type;
            if (recs[0].len > sizeof inner ||
                !hx_open(&secrets[i], r->aead, seq, recs[0].bytes, recs[0].len, inner, &inner_len))
                continue;
            ck_assert(hx_inner_split(inner, inner_len, &type, &content_len));
            ck_assert_msg(type == RECORD_ALERT && content_len == 2,
                          "%s: a protected record of type %u went out", c->name, type);
            memcpy(alert, inner, 2);
            return;
        }
    }
    ck_abort_msg("%s: the protected record that went out opens with no known secret", c->name);
}

static void check_row(const neg_case *c, size_t chunk)
{
    neg_run *r = calloc(1, sizeof *r);
    ck_assert_ptr_nonnull(r);
    r->chunk = chunk;
    c->run(r);
    if (r->skipped) {
        printf("skipped: openssl missing: %s\n", c->name);
        run_free(r);
        free(r);
        return;
    }
    ck_assert_ptr_nonnull(r->victim);

    /* Exactly the row's error, from recv and from the connection. */
    ck_assert_msg(r->got == c->error, "%s: got %s (%s), expected %s", c->name,
                  tls13_error_name(r->got), tls13_conn_error_message(r->victim),
                  tls13_error_name(c->error));
    ck_assert_int_eq(tls13_conn_error(r->victim), c->error);
    ck_assert_str_ne(tls13_conn_error_message(r->victim), "");
    ck_assert(!tls13_conn_handshake_done(r->victim) || c->error != TLS13_OK);

    /* Exactly the row's alert on the wire, fatal. */
    ck_assert_int_eq(tls13_error_alert(c->error), c->alert);
    uint8_t alert[2];
    read_alert(r, c, alert);
    ck_assert_msg(alert[0] == 2, "%s: alert level %u, expected fatal (2)", c->name, alert[0]);
    ck_assert_msg(alert[1] == c->alert, "%s: alert %s went out, expected %s", c->name,
                  tls13_alert_name((tls13_alert)alert[1]), tls13_alert_name(c->alert));

    /* A real peer in a state to read it reports that alert. */
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->victim, &out), used = 0;
    if (r->peer != NULL) {
        tls13_error peer_err = tls13_conn_recv(r->peer, out, len, &used);
        ck_assert_msg(peer_err == TLS13_ERR_PEER_ALERT, "%s: the peer got %s", c->name,
                      tls13_error_name(peer_err));
        ck_assert_int_eq(tls13_conn_peer_alert(r->peer), c->alert);
        ck_assert_int_eq(tls13_conn_error(r->peer), TLS13_ERR_PEER_ALERT);
        ck_assert_uint_eq(hx_pending(r->peer), 0); /* no alert answers an alert */
    }
    tls13_conn_output_done(r->victim, len);

    /* The failed connection stays failed and says nothing more. */
    static const uint8_t more[6] = { 22, 3, 3, 0, 1, 1 };
    ck_assert_int_eq(tls13_conn_recv(r->victim, more, sizeof more, &used), c->error);
    ck_assert_uint_eq(used, 0);
    ck_assert_int_eq(tls13_conn_write(r->victim, more, 1), c->error);
    ck_assert_int_eq(tls13_conn_handshake(r->victim), c->error);
    ck_assert_int_eq(tls13_conn_key_update(r->victim, 1), c->error);
    ck_assert_uint_eq(hx_pending(r->victim), 0);
    run_free(r);
    free(r);
}

START_TEST(peer_misbehaves)
{
    check_row(&cases[_i], 0);
}
END_TEST

/* The same mistakes arriving one byte per tls13_conn_recv call: the same
 * error, the same alert (rows that choose their own pieces keep them). */
START_TEST(peer_misbehaves_byte_by_byte)
{
    check_row(&cases[_i], 1);
}
END_TEST

/* ---- control: the hellos the rows start from are accepted --------------------------------- */

START_TEST(default_client_hello_is_accepted)
{
    neg_run *r = calloc(1, sizeof *r);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    server_receives_ch(r, s);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert_uint_gt(hx_pending(r->server), 0);
    /* With P-256 only (the curve rows' base) too. */
    static const uint16_t p256[1] = { TLS13_GROUP_SECP256R1 };
    uint8_t key[KEX_MAX_PUBLIC_LEN];
    size_t len = fresh_share(TLS13_GROUP_SECP256R1, key);
    ch_set_groups(s, p256, 1);
    ch_set_share(s, TLS13_GROUP_SECP256R1, key, len);
    tls13_conn_free(r->server);
    r->server = NULL;
    server_receives_ch(r, s);
    ck_assert_int_eq(r->got, TLS13_OK);
    free(s);
    run_free(r);
    free(r);
}
END_TEST

START_TEST(default_server_hello_is_accepted)
{
    neg_run *r = calloc(1, sizeof *r);
    client_start(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    client_receives_sh(r, s);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert_int_eq(tls13_conn_error(r->client), TLS13_OK);
    free(s);
    run_free(r);
    free(r);
}
END_TEST

START_TEST(default_hello_retry_request_and_server_hello_are_accepted)
{
    neg_run *r = calloc(1, sizeof *r);
    client_after_hrr(r);
    sh_spec *s = malloc(sizeof *s);
    sh_default(r, s);
    uint8_t key[KEX_MAX_PUBLIC_LEN];
    size_t len = fresh_share(TLS13_GROUP_SECP256R1, key);
    e_share(ext_set(&s->ext, EXT_KEY_SHARE), TLS13_GROUP_SECP256R1, key, len);
    client_receives_sh(r, s);
    ck_assert_int_eq(r->got, TLS13_OK);
    free(s);
    run_free(r);
    free(r);
}
END_TEST

/* The real flight, resealed message by message, is accepted: what a row
 * changes is what is refused. */
START_TEST(resealed_flight_is_accepted)
{
    neg_run *r = calloc(1, sizeof *r);
    flight f;
    real_flight(r, &f);
    client_receives_flight_with(r, &f, -1, NULL, 0);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert(tls13_conn_handshake_done(r->client));
    hx_pair p = { .client = r->client, .server = r->server };
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    ck_assert(tls13_conn_handshake_done(r->server));
    hx_buf_free(&p.client_got);
    hx_buf_free(&p.server_got);
    flight_free(&f);
    run_free(r);
    free(r);
}
END_TEST

/* RFC 8701: GREASE values in every list of the ClientHello (suites,
 * extensions, groups, a key share, versions, schemes) are ignored. */
START_TEST(grease_client_hello_is_accepted)
{
    static const uint16_t groups[3] = { 0x1a1a, TLS13_GROUP_X25519, TLS13_GROUP_SECP256R1 };
    static const uint16_t versions[2] = { 0x2a2a, TLS13_VERSION };
    static const uint16_t sigalgs[2] = { 0x3a3a, SIG_ED25519 };
    static const uint8_t grease_share[1] = { 0 };
    neg_run *r = calloc(1, sizeof *r);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    memmove(s->suites + 1, s->suites, s->suite_count * sizeof s->suites[0]);
    s->suites[0] = 0x0a0a;
    s->suite_count++;
    ext_add(&s->ext, 0x4a4a);
    ch_set_groups(s, groups, 3);
    e_u16_list(ext_set(&s->ext, EXT_SUPPORTED_VERSIONS), 1, versions, 2);
    e_u16_list(ext_set(&s->ext, EXT_SIGNATURE_ALGORITHMS), 2, sigalgs, 2);
    uint8_t key[32];
    fresh_share(TLS13_GROUP_X25519, key);
    ext_entry *ks = ext_set(&s->ext, EXT_KEY_SHARE);
    e16(ks, 4 + 1 + 4 + 32);
    e_share(ks, 0x1a1a, grease_share, 1);
    e_share(ks, TLS13_GROUP_X25519, key, 32);
    server_receives_ch(r, s);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert_uint_eq(tls13_conn_group(r->server), TLS13_GROUP_X25519);
    ck_assert(!tls13_conn_did_hello_retry(r->server));
    free(s);
    run_free(r);
    free(r);
}
END_TEST

/* RFC 8449 §4: a client that sends record_size_limit 64 gets no record
 * from the server whose inner plaintext is longer than 64 bytes (content
 * and type; no padding): the server's flight comes in many small records. */
START_TEST(record_size_limit_is_honoured)
{
    neg_run *r = calloc(1, sizeof *r);
    ch_spec *s = malloc(sizeof *s);
    ch_default(s);
    e16(ext_add(&s->ext, EXT_RECORD_SIZE_LIMIT), 64);
    server_receives_ch(r, s);
    ck_assert_int_eq(r->got, TLS13_OK);
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->server, &out);
    hx_record recs[256];
    size_t n = hx_split_records(out, len, recs, 256), protected_records = 0;
    for (size_t i = 0; i < n; i++) {
        if (recs[i].type != RECORD_APPLICATION_DATA)
            continue;
        protected_records++;
        ck_assert_uint_le(recs[i].len, RECORD_HEADER_LEN + 64 + AEAD_TAG_LEN);
    }
    ck_assert_uint_gt(protected_records, 4); /* the flight did not fit in one */
    free(s);
    run_free(r);
    free(r);
}
END_TEST

/* §5.4: zeros after the content type are padding, and are dropped. */
START_TEST(padded_record_is_accepted)
{
    neg_run *r = calloc(1, sizeof *r);
    connected(r);
    uint8_t inner[3 + 200] = { 'h', 'i', RECORD_APPLICATION_DATA };
    server_receives_protected_inner(r, inner, sizeof inner);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert_uint_eq(r->junk.len, 2);
    ck_assert_mem_eq(r->junk.data, "hi", 2);
    run_free(r);
    free(r);
}
END_TEST

/* §5.1: a handshake message may be split over records, and several may share
 * one (without crossing a key change). */
START_TEST(handshake_messages_split_and_coalesced_are_accepted)
{
    neg_run *r = calloc(1, sizeof *r);
    flight f;
    real_flight(r, &f);
    /* The ClientHello in three records. */
    tls13_conn_free(r->server);
    r->server = NULL;
    hx_buf in = { 0 };
    plain_record(RECORD_HANDSHAKE, r->ch, 3, &in);
    plain_record(RECORD_HANDSHAKE, r->ch + 3, 100, &in);
    plain_record(RECORD_HANDSHAKE, r->ch + 103, r->ch_len - 103, &in);
    server_receives(r, in.data, in.len);
    hx_buf_free(&in);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert_uint_gt(hx_pending(r->server), 0);
    tls13_conn_output_done(r->server, hx_pending(r->server));
    /* The server's flight (the first server's): EncryptedExtensions with half
     * the Certificate, the rest of it, then CertificateVerify and Finished
     * together. */
    bytes *a = malloc(sizeof *a), *b = malloc(sizeof *b);
    size_t half = f.msg_len[CERT] / 2;
    a->len = b->len = 0;
    putn(a, f.msg[EE], f.msg_len[EE]);
    putn(a, f.msg[CERT], half);
    putn(b, f.msg[CV], f.msg_len[CV]);
    putn(b, f.msg[FIN], f.msg_len[FIN]);
    const uint8_t *msgs[3] = { a->b, f.msg[CERT] + half, b->b };
    size_t lens[3] = { a->len, f.msg_len[CERT] - half, b->len };
    client_receives_flight(r, &f, msgs, lens, 3);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert(tls13_conn_handshake_done(r->client));
    free(a);
    free(b);
    flight_free(&f);
    run_free(r);
    free(r);
}
END_TEST

/* §4.3.10: a server that does not accept 0-RTT skips the early data (records
 * that fail to open with the handshake keys) and the handshake goes on. */
START_TEST(rejected_early_data_is_skipped)
{
    neg_run *r = calloc(1, sizeof *r);
    server_gets_early_data(r, 3, 1000);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert(tls13_conn_handshake_done(r->server));
    ck_assert_int_eq(tls13_conn_write(r->client, (const uint8_t *)"after", 5), TLS13_OK);
    ck_assert_int_eq(hx_transfer(r->client, r->server, &r->junk, 0), TLS13_OK);
    ck_assert_uint_eq(r->junk.len, 5);
    ck_assert_mem_eq(r->junk.data, "after", 5);
    run_free(r);
    free(r);
}
END_TEST

/* §4.3.10: after a HelloRetryRequest the early data arrives before the second
 * ClientHello, unprotected as far as the server can tell: skipped too. */
START_TEST(early_data_before_the_second_client_hello_is_skipped)
{
    neg_run *r = calloc(1, sizeof *r);
    ck_assert_int_eq(tls13_config_set_groups(server_config(r), "P-256"), TLS13_OK);
    client_offering_early_data(r);
    r->server = tls13_server_new(server_config(r));
    hx_buf in = { 0 };
    plain_record(RECORD_HANDSHAKE, r->ch, r->ch_len, &in);
    append_early_data(&in, 3, 500);
    server_receives(r, in.data, in.len);
    ck_assert_int_eq(r->got, TLS13_OK);
    ck_assert(tls13_conn_did_hello_retry(r->server));
    ck_assert_int_eq(hx_transfer(r->server, r->client, &r->junk, 0), TLS13_OK);
    in.len = 0;
    append_early_data(&in, 2, 500);
    const uint8_t *out;
    size_t len = tls13_conn_pending_output(r->client, &out);
    hx_buf_append(&in, out, len);
    tls13_conn_output_done(r->client, len);
    server_receives(r, in.data, in.len);
    hx_buf_free(&in);
    ck_assert_int_eq(r->got, TLS13_OK);
    hx_pair p = { .client = r->client, .server = r->server };
    ck_assert_int_eq(hx_pump(&p, 0), TLS13_OK);
    ck_assert(tls13_conn_handshake_done(r->client));
    ck_assert(tls13_conn_handshake_done(r->server));
    hx_buf_free(&p.client_got);
    hx_buf_free(&p.server_got);
    run_free(r);
    free(r);
}
END_TEST

/* ---- coverage: every error with an alert has a row or a reason ------------------------------ */

typedef struct not_provokable {
    tls13_error error;
    const char *reason;
    /* NULL: for good. Else a function that makes the error reachable once
     * the connection calls it: the test fails when src/handshake/ or
     * src/conn.c names it, and the row is due. */
    const char *until;
} not_provokable;

/* Errors whose alert is not TLS13_ALERT_NONE that no peer can cause. */
static const not_provokable not_from_the_wire[] = {
    { TLS13_ERR_NO_CERTIFICATE_CONFIGURED, "our server has no certificate (configuration)", NULL },
    { TLS13_ERR_RANDOM_FAILED, "our random source failed", NULL },
    { TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE, "our own key is not our certificate's "
                                                "(configuration)", NULL },
    { TLS13_ERR_BUFFER_TOO_SMALL, "our own buffers are sized for the largest record; a "
                                  "caller-side size error", NULL },
    { TLS13_ERR_OUT_OF_MEMORY, "allocation failure", NULL },
    { TLS13_ERR_UNSUPPORTED_CIPHER_SUITE, "config parsing only (tls13_config_set_cipher_suites); "
                                          "a peer's unknown suite is NO_COMMON_CIPHER_SUITE or "
                                          "SERVER_CHOSE_UNOFFERED_SUITE", NULL },
    { TLS13_ERR_UNSUPPORTED_GROUP, "config parsing and kex_generate only: the server picks "
                                   "from its own groups, and an HRR for a group we lack is "
                                   "HRR_GROUP_ALREADY_SENT before any key is made", NULL },
    { TLS13_ERR_BAD_PRIVATE_KEY, "our own key-exchange or signing key", NULL },
    { TLS13_ERR_SEQUENCE_EXHAUSTED, "needs 2^64 - 1 records under one key", NULL },
    { TLS13_ERR_NO_KEYS, "internal: sealing before keys are installed", NULL },
    { TLS13_ERR_INTERNAL_WRITE, "one of our own messages does not fit its buffer; peer "
                                "input is bounded before it is echoed (session id <= 32, "
                                "ALPN name <= 255, cookie <= 512)", NULL },
    { TLS13_ERR_SIGN_FAILED, "our own key cannot sign the chosen scheme (the scheme is chosen "
                             "to fit the key)", NULL },
    { TLS13_ERR_HKDF_LENGTH, "HKDF lengths are fixed by the suite", NULL },
};

/* ---- which errors some code returns: a look at src/ ---------------------------------------- */

/* The source tree: $TLS13_VECTORS_DIR/.. (meson test sets it), else from this
 * file's path as the compiler saw it (run from the build directory). */
static void source_root(char *out, size_t cap)
{
    const char *vectors = getenv("TLS13_VECTORS_DIR");
    char from_file[1024];
    snprintf(from_file, sizeof from_file, "%s", __FILE__);
    char *slash = strrchr(from_file, '/');
    if (slash != NULL)
        *slash = '\0';
    const char *candidates[3] = { vectors, from_file, "." };
    for (size_t i = 0; i < 3; i++) {
        char probe[1200];
        if (candidates[i] == NULL)
            continue;
        snprintf(out, cap, "%s/..", candidates[i]);
        if (i == 2)
            snprintf(out, cap, ".");
        snprintf(probe, sizeof probe, "%s/src/error.c", out);
        FILE *f = fopen(probe, "r");
        if (f != NULL) {
            fclose(f);
            return;
        }
    }
}

static bool is_ident_char(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

/* True if the file names the identifier (whole, not as a prefix). */
static bool file_names(const char *path, const char *name)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return false;
    static char text[512 * 1024];
    size_t len = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[len] = '\0';
    size_t n = strlen(name);
    for (const char *p = strstr(text, name); p != NULL; p = strstr(p + 1, name)) {
        if ((p == text || !is_ident_char(p[-1])) && !is_ident_char(p[n]))
            return true;
    }
    return false;
}

/* True if a .c file under dir other than src/error.c (the table) names it. */
static bool sources_name(const char *dir, const char *name, int *files_seen)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return false;
    bool found = false;
    struct dirent *e;
    while (!found && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0)
            continue;
        size_t len = strlen(e->d_name);
        if (S_ISDIR(st.st_mode)) {
            found = sources_name(path, name, files_seen);
        } else if (len > 2 && strcmp(e->d_name + len - 2, ".c") == 0 &&
                   strcmp(e->d_name, "error.c") != 0) {
            (*files_seen)++;
            found = file_names(path, name);
        }
    }
    closedir(d);
    return found;
}

static const not_provokable *why_not_provokable(tls13_error e)
{
    for (size_t i = 0; i < sizeof not_from_the_wire / sizeof not_from_the_wire[0]; i++) {
        if (not_from_the_wire[i].error == e)
            return &not_from_the_wire[i];
    }
    return NULL;
}

/* True if the connection's own code (src/handshake/, src/conn.c) names it. */
static bool connection_names(const char *src, const char *name)
{
    char path[1200];
    int files = 0;
    snprintf(path, sizeof path, "%s/handshake", src);
    if (sources_name(path, name, &files))
        return true;
    snprintf(path, sizeof path, "%s/conn.c", src);
    return file_names(path, name);
}

/* An error that carries an alert needs a row, unless no peer can cause it
 * (not_from_the_wire[], with the reason) or no code returns it yet (found by
 * reading src/: once some code does, the row is due). The rows that present
 * the test PKI's certificates count only when the PKI could be made: when
 * openssl is missing their errors are reported "skipped: openssl missing". */
START_TEST(every_alerting_error_has_a_row_or_a_reason)
{
    char root[1024], src[1100];
    source_root(root, sizeof root);
    snprintf(src, sizeof src, "%s/src", root);
    int files = 0;
    (void)sources_name(src, "TLS13_ERR_DECODE", &files);
    ck_assert_msg(files > 10, "cannot read the sources in %s", src);
    size_t with_alert = 0, from_wire = 0, not_wire = 0, unused = 0, missing = 0, skipped = 0;
    for (int e = TLS13_OK; e < TLS13_ERR__COUNT; e++) {
        tls13_error err = (tls13_error)e;
        if (tls13_error_alert(err) == TLS13_ALERT_NONE)
            continue;
        with_alert++;
        size_t wire_rows = 0, local_rows = 0, pki_rows = 0;
        for (size_t i = 0; i < CASE_COUNT; i++) {
            if (cases[i].error == err && cases[i].local)
                local_rows++;
            else if (cases[i].error == err && cases[i].needs_pki && !pki.ok)
                pki_rows++;
            else if (cases[i].error == err)
                wire_rows++;
        }
        const not_provokable *why = why_not_provokable(err);
        ck_assert_msg(!(wire_rows > 0 && why != NULL),
                      "%s has a row but is listed as not provokable", tls13_error_name(err));
        if (wire_rows > 0) {
            from_wire++;
        } else if (pki_rows > 0 && pki.no_openssl) {
            skipped++;
            printf("skipped: openssl missing: %-29s %s (its rows need the test PKI)\n",
                   tls13_error_name(err), tls13_alert_name(tls13_error_alert(err)));
        } else if (why != NULL) {
            not_wire++;
            printf("not from the wire: %-38s %-17s %s%s\n", tls13_error_name(err),
                   tls13_alert_name(tls13_error_alert(err)), why->reason,
                   local_rows ? " [a local row checks its alert]" : "");
            ck_assert_msg(why->until == NULL || !connection_names(src, why->until),
                          "%s: the connection now calls %s, so a peer can cause it: add its row",
                          tls13_error_name(err), why->until);
        } else if (!sources_name(src, tls13_error_name(err), &files)) {
            unused++;
            printf("returned by no code: %-36s %s\n", tls13_error_name(err),
                   tls13_alert_name(tls13_error_alert(err)));
        } else {
            missing++;
            printf("NO ROW AND NO REASON: %s (%s)\n", tls13_error_name(err),
                   tls13_alert_name(tls13_error_alert(err)));
        }
    }
    /* The §6.2 alerts the library never sends. */
    static const tls13_alert alerts[] = {
        TLS13_ALERT_UNEXPECTED_MESSAGE, TLS13_ALERT_BAD_RECORD_MAC, TLS13_ALERT_RECORD_OVERFLOW,
        TLS13_ALERT_HANDSHAKE_FAILURE, TLS13_ALERT_BAD_CERTIFICATE,
        TLS13_ALERT_UNSUPPORTED_CERTIFICATE, TLS13_ALERT_CERTIFICATE_REVOKED,
        TLS13_ALERT_CERTIFICATE_EXPIRED, TLS13_ALERT_CERTIFICATE_UNKNOWN,
        TLS13_ALERT_ILLEGAL_PARAMETER, TLS13_ALERT_UNKNOWN_CA, TLS13_ALERT_ACCESS_DENIED,
        TLS13_ALERT_DECODE_ERROR, TLS13_ALERT_DECRYPT_ERROR, TLS13_ALERT_PROTOCOL_VERSION,
        TLS13_ALERT_INSUFFICIENT_SECURITY, TLS13_ALERT_INTERNAL_ERROR,
        TLS13_ALERT_INAPPROPRIATE_FALLBACK, TLS13_ALERT_USER_CANCELED,
        TLS13_ALERT_MISSING_EXTENSION, TLS13_ALERT_UNSUPPORTED_EXTENSION,
        TLS13_ALERT_UNRECOGNIZED_NAME, TLS13_ALERT_BAD_CERTIFICATE_STATUS_RESPONSE,
        TLS13_ALERT_UNKNOWN_PSK_IDENTITY, TLS13_ALERT_CERTIFICATE_REQUIRED,
        TLS13_ALERT_NO_APPLICATION_PROTOCOL,
    };
    printf("alerts no error maps to (never sent):");
    for (size_t a = 0; a < sizeof alerts / sizeof alerts[0]; a++) {
        bool sent = false;
        for (int e = TLS13_OK; e < TLS13_ERR__COUNT; e++)
            sent |= tls13_error_alert((tls13_error)e) == alerts[a];
        if (!sent)
            printf(" %s", tls13_alert_name(alerts[a]));
    }
    printf("\n%zu errors carry an alert: %zu provoked from the wire (%zu rows in all), "
           "%zu not provokable from the wire, %zu returned by no code, %zu skipped "
           "(openssl missing), %zu without a row\n",
           with_alert, from_wire, CASE_COUNT, not_wire, unused, skipped, missing);
    fflush(stdout);
    ck_assert_msg(missing == 0, "%zu errors some code returns have no row and no reason",
                  missing);
}
END_TEST

/* Every row's alert is the alert src/error.c gives its error, and rows
 * name errors that exist. */
START_TEST(rows_agree_with_the_error_table)
{
    for (size_t i = 0; i < CASE_COUNT; i++) {
        ck_assert_int_gt(cases[i].error, TLS13_WANT_WRITE);
        ck_assert_int_lt(cases[i].error, TLS13_ERR__COUNT);
        ck_assert_msg(tls13_error_alert(cases[i].error) == cases[i].alert,
                      "%s: %s maps to %s, the row says %s", cases[i].name,
                      tls13_error_name(cases[i].error),
                      tls13_alert_name(tls13_error_alert(cases[i].error)),
                      tls13_alert_name(cases[i].alert));
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(cases[i].name, cases[j].name);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("negative");
    TCase *tc = tcase_create("control");
    tcase_add_test(tc, default_client_hello_is_accepted);
    tcase_add_test(tc, default_server_hello_is_accepted);
    tcase_add_test(tc, default_hello_retry_request_and_server_hello_are_accepted);
    tcase_add_test(tc, resealed_flight_is_accepted);
    tcase_add_test(tc, grease_client_hello_is_accepted);
    tcase_add_test(tc, padded_record_is_accepted);
    tcase_add_test(tc, record_size_limit_is_honoured);
    tcase_add_test(tc, handshake_messages_split_and_coalesced_are_accepted);
    tcase_add_test(tc, rejected_early_data_is_skipped);
    tcase_add_test(tc, early_data_before_the_second_client_hello_is_skipped);
    suite_add_tcase(s, tc);

    tc = tcase_create("one row per mistake");
    tcase_set_timeout(tc, 600);
    tcase_add_loop_test(tc, peer_misbehaves, 0, (int)CASE_COUNT);
    tcase_add_loop_test(tc, peer_misbehaves_byte_by_byte, 0, (int)CASE_COUNT);
    suite_add_tcase(s, tc);

    tc = tcase_create("coverage");
    tcase_add_test(tc, rows_agree_with_the_error_table);
    tcase_add_test(tc, every_alerting_error_has_a_row_or_a_reason);
    suite_add_tcase(s, tc);

    /* Made here, before Check forks, so every row's process finds it. */
    pki_make(&pki, "test_negative");
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    pki_remove(&pki);
    return failed == 0 ? 0 : 1;
}
