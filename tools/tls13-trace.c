/*
 * tls13-trace — replays a published TLS 1.3 trace through libtls13 and says,
 * value by value, what our code reproduced.
 *
 *   tls13-trace [--quiet] [TRACE.txt]     (default: vectors/xargs/handshake.txt)
 *
 * The trace file (format: vectors/README.md) supplies only what a real peer
 * would have: the two X25519 private keys and the records as they crossed the
 * wire. Everything else — the shared secret, every secret of the key schedule,
 * the traffic keys, the decrypted messages, the Finished values, the
 * re-encrypted records — is computed here by the library and compared with
 * the values the trace prints (and those in its *_computed.txt companion).
 *
 * It handles the traces whose records are listed with a direction prefix
 * (client_/server_) and an `_inner_plaintext`: both tls13.xargs.org traces.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/aead.h"
#include "crypto/kex.h"
#include "crypto/secure.h"
#include "keyschedule/keyschedule.h"
#include "record/record.h"
#include "tls13.h"
#include "vecfile.h"
#include "wire/wire.h"

typedef struct replay {
    vec_file trace, computed;
    bool quiet;
    int matched, differed;
    const cipher_suite_info *suite;
    ks_transcript transcript;
    ks_handshake_secret hs;
    ks_master_secret ms;
    ks_secret client_hs_secret, server_hs_secret, client_ap_secret, server_ap_secret;
    ks_secret resumption_master;
    record_protection client_protection, server_protection;
    bool server_finished_seen, client_finished_seen;
    int tickets_seen;
} replay;

/* ---- reporting ---------------------------------------------------------- */

static const vec_entry *find_value(const replay *rp, const char *name)
{
    const vec_entry *e = vec_find(&rp->trace, name);
    return e ? e : vec_find(&rp->computed, name);
}

static void print_hex_short(const uint8_t *p, size_t len)
{
    for (size_t i = 0; i < len && i < 16; i++)
        printf("%02x", p[i]);
    if (len > 16)
        printf("... (%zu bytes)", len);
}

/* Compares a value we computed with the trace's, if the trace has it. */
static void check(replay *rp, const char *name, const uint8_t *ours, size_t len)
{
    const vec_entry *want = find_value(rp, name);
    if (want == NULL)
        return;
    bool same = want->len == len && memcmp(want->data, ours, len) == 0;
    if (same)
        rp->matched++;
    else
        rp->differed++;
    if (rp->quiet && same)
        return;
    printf("  %s %-46s ", same ? "match " : "DIFFER", name);
    print_hex_short(ours, len);
    printf("\n");
}

static void step(const replay *rp, const char *title)
{
    if (!rp->quiet)
        printf("\n%s\n", title);
}

/* ---- key exchange and the hellos ---------------------------------------- */

static bool replay_key_exchange(replay *rp)
{
    kex_keypair client, server;
    uint8_t shared_c[KEX_MAX_SHARED_LEN], shared_s[KEX_MAX_SHARED_LEN];
    size_t len_c, len_s, priv_len;
    step(rp, "Key exchange (X25519, RFC 7748; RFC 9846 §7.4.2)");
    const uint8_t *priv = vec_get(&rp->trace, "client_x25519_private_key", &priv_len);
    if (kex_from_private(&client, KEX_X25519, priv, priv_len) != TLS13_OK)
        return false;
    priv = vec_get(&rp->trace, "server_x25519_private_key", &priv_len);
    if (kex_from_private(&server, KEX_X25519, priv, priv_len) != TLS13_OK)
        return false;
    check(rp, "client_x25519_public_key", client.public_key, client.public_len);
    check(rp, "server_x25519_public_key", server.public_key, server.public_len);
    if (kex_shared_secret(&client, server.public_key, server.public_len, shared_c, &len_c) ||
        kex_shared_secret(&server, client.public_key, client.public_len, shared_s, &len_s))
        return false;
    check(rp, "ecdhe_shared_secret", shared_c, len_c);
    check(rp, "ecdhe_shared_secret", shared_s, len_s);
    ks_early_secret es;
    ks_early_secret_init(&es, rp->suite->hash, NULL, 0);
    check(rp, "early_secret", es.secret, hash_len(rp->suite->hash));
    ks_handshake_secret_from_early(&rp->hs, &es, shared_c, len_c);
    check(rp, "handshake_secret", rp->hs.secret, hash_len(rp->suite->hash));
    kex_wipe(&client);
    kex_wipe(&server);
    secure_wipe(shared_c, sizeof shared_c);
    secure_wipe(shared_s, sizeof shared_s);
    return true;
}

/* Reads one unprotected record; its content must be one handshake message. */
static bool read_plaintext_record(replay *rp, const char *record_name, const char *msg_name)
{
    size_t len, used;
    const uint8_t *bytes = vec_get(&rp->trace, record_name, &len);
    record_reader *rr = malloc(sizeof *rr);
    record_view view;
    record_reader_init(rr);
    bool ok = rr && record_read(rr, NULL, bytes, len, &used, &view) == TLS13_OK &&
              used == len && view.content_type == RECORD_HANDSHAKE;
    if (ok) {
        check(rp, msg_name, view.data, view.len);
        ks_transcript_update(&rp->transcript, view.data, view.len);
    }
    free(rr);
    return ok;
}

/* ServerHello: legacy_version, random, legacy_session_id_echo, cipher_suite
 * (RFC 9846 §4.2.3). */
static const cipher_suite_info *server_hello_suite(const vec_file *trace)
{
    size_t len;
    const uint8_t *sh = vec_get(trace, "server_hello", &len);
    wire_reader r, sid;
    uint16_t suite;
    wire_reader_init(&r, sh, len);
    if (!wire_skip(&r, 4 + 2 + 32) || !wire_read_prefixed_u8(&r, &sid) ||
        !wire_read_u16(&r, &suite))
        return NULL;
    return cipher_suite_lookup(suite);
}

static void install(replay *rp, record_protection *p, const ks_secret *secret,
                    const char *key_name, const char *iv_name)
{
    ks_traffic_keys keys;
    ks_traffic_keys_derive(secret, rp->suite->aead, &keys);
    check(rp, key_name, keys.key, keys.key_len);
    check(rp, iv_name, keys.iv, sizeof keys.iv);
    record_protection_install(p, keys.aead, keys.key, keys.key_len, keys.iv);
    ks_traffic_keys_wipe(&keys);
}

static void derive_handshake_keys(replay *rp)
{
    uint8_t th[HASH_MAX_LEN];
    size_t hl = hash_len(rp->suite->hash);
    step(rp, "Handshake keys (RFC 9846 §7.1, §7.3)");
    ks_transcript_hash(&rp->transcript, th);
    check(rp, "transcript_hash_client_hello_to_server_hello", th, hl);
    ks_client_handshake_traffic_secret(&rp->hs, th, &rp->client_hs_secret);
    ks_server_handshake_traffic_secret(&rp->hs, th, &rp->server_hs_secret);
    check(rp, "client_handshake_traffic_secret", rp->client_hs_secret.secret, hl);
    check(rp, "server_handshake_traffic_secret", rp->server_hs_secret.secret, hl);
    install(rp, &rp->server_protection, &rp->server_hs_secret,
            "server_handshake_key", "server_handshake_iv");
    install(rp, &rp->client_protection, &rp->client_hs_secret,
            "client_handshake_key", "client_handshake_iv");
}

/* ---- the protected records ---------------------------------------------- */

static void derive_application_keys(replay *rp)
{
    uint8_t th[HASH_MAX_LEN];
    size_t hl = hash_len(rp->suite->hash);
    ks_secret exporter;
    step(rp, "Application keys (RFC 9846 §7.1)");
    ks_master_secret_from_handshake(&rp->ms, &rp->hs);
    check(rp, "master_secret", rp->ms.secret, hl);
    ks_transcript_hash(&rp->transcript, th);
    check(rp, "transcript_hash_client_hello_to_server_finished", th, hl);
    ks_client_application_traffic_secret_0(&rp->ms, th, &rp->client_ap_secret);
    ks_server_application_traffic_secret_0(&rp->ms, th, &rp->server_ap_secret);
    ks_exporter_master_secret(&rp->ms, th, &exporter);
    check(rp, "client_application_traffic_secret_0", rp->client_ap_secret.secret, hl);
    check(rp, "server_application_traffic_secret_0", rp->server_ap_secret.secret, hl);
    check(rp, "exporter_master_secret", exporter.secret, hl);
    ks_secret_wipe(&exporter);
    install(rp, &rp->server_protection, &rp->server_ap_secret,
            "server_application_key", "server_application_iv");
}

/* A Finished message from `side`: recompute verify_data over the transcript
 * so far and compare (RFC 9846 §4.5.3). */
static void check_finished(replay *rp, bool from_server, const uint8_t *msg, size_t len)
{
    uint8_t th[HASH_MAX_LEN], verify[HASH_MAX_LEN];
    size_t hl = hash_len(rp->suite->hash);
    ks_secret finished_key;
    ks_transcript_hash(&rp->transcript, th);
    ks_finished_key(from_server ? &rp->server_hs_secret : &rp->client_hs_secret, &finished_key);
    check(rp, from_server ? "server_finished_key" : "client_finished_key",
          finished_key.secret, hl);
    ks_finished_verify_data(&finished_key, th, verify);
    check(rp, from_server ? "server_finished_verify_data" : "client_finished_verify_data",
          verify, hl);
    bool ok = len == 4 + hl && ks_finished_check(&finished_key, th, msg + 4, hl);
    if (!ok)
        rp->differed++;
    ks_secret_wipe(&finished_key);
}

static void on_new_session_ticket(replay *rp, const uint8_t *msg, size_t len)
{
    /* ticket_lifetime, ticket_age_add, ticket_nonce<0..255> (§4.7.1) */
    wire_reader r, nonce;
    char name[64];
    ks_secret psk;
    wire_reader_init(&r, msg, len);
    if (!wire_skip(&r, 4 + 4) || !wire_read_prefixed_u8(&r, &nonce))
        return;
    ks_resumption_psk(&rp->resumption_master, nonce.data, nonce.len, &psk);
    snprintf(name, sizeof name, "new_session_ticket_%d_psk", ++rp->tickets_seen);
    check(rp, name, psk.secret, hash_len(rp->suite->hash));
    ks_secret_wipe(&psk);
}

static void after_client_finished(replay *rp)
{
    uint8_t th[HASH_MAX_LEN];
    size_t hl = hash_len(rp->suite->hash);
    ks_transcript_hash(&rp->transcript, th);
    check(rp, "transcript_hash_client_hello_to_client_finished", th, hl);
    ks_resumption_master_secret(&rp->ms, th, &rp->resumption_master);
    check(rp, "resumption_master_secret", rp->resumption_master.secret, hl);
    install(rp, &rp->client_protection, &rp->client_ap_secret,
            "client_application_key", "client_application_iv");
}

/* One handshake message out of a decrypted record. */
static void on_handshake_message(replay *rp, bool from_server, const uint8_t *msg, size_t len)
{
    uint8_t type = msg[0];
    if (type == 20) /* finished: verified against the transcript before it */
        check_finished(rp, from_server, msg, len);
    if (type == 4) { /* new_session_ticket: not part of the transcript */
        on_new_session_ticket(rp, msg + 4, len - 4);
        return;
    }
    ks_transcript_update(&rp->transcript, msg, len);
    if (type == 20 && from_server) {
        rp->server_finished_seen = true;
        derive_application_keys(rp);
    } else if (type == 20) {
        rp->client_finished_seen = true;
        after_client_finished(rp);
    }
}

static bool split_handshake_messages(replay *rp, bool from_server, const uint8_t *p, size_t len)
{
    wire_reader r;
    wire_reader_init(&r, p, len);
    while (!wire_reader_done(&r)) {
        const uint8_t *start = r.data;
        uint8_t type;
        wire_reader body;
        if (!wire_read_u8(&r, &type) || !wire_read_prefixed_u24(&r, &body))
            return false;
        on_handshake_message(rp, from_server, start, (size_t)(r.data - start));
    }
    return true;
}

/* Re-encrypts the decrypted content under the same sequence number and checks
 * that the record comes out byte for byte as it was on the wire. */
static void check_reseal(replay *rp, const char *name, record_protection *p, uint64_t seq,
                         const record_view *view, size_t wire_len)
{
    uint8_t *out = malloc(RECORD_MAX_WIRE);
    size_t out_len = 0;
    uint64_t next = p->seq;
    p->seq = seq;
    bool ok = out && record_seal(p, NULL, view->content_type, view->data, view->len,
                                 out, RECORD_MAX_WIRE, &out_len) == TLS13_OK;
    p->seq = next;
    if (ok)
        check(rp, name, out, out_len);
    if (!ok || out_len != wire_len)
        rp->differed++;
    free(out);
}

static void check_inner_plaintext(replay *rp, const char *record_name, const record_view *view)
{
    char name[128];
    uint8_t *inner = malloc(view->len + 1);
    if (inner == NULL)
        return;
    memcpy(inner, view->data, view->len);
    inner[view->len] = view->content_type;
    snprintf(name, sizeof name, "%s_inner_plaintext", record_name);
    check(rp, name, inner, view->len + 1);
    free(inner);
}

static bool replay_protected_record(replay *rp, const char *name, const uint8_t *wire, size_t len)
{
    bool from_server = strncmp(name, "server_", 7) == 0;
    record_protection *p = from_server ? &rp->server_protection : &rp->client_protection;
    record_reader *rr = malloc(sizeof *rr);
    record_view view;
    size_t used;
    uint64_t seq = p->seq;
    if (rr == NULL)
        return false;
    record_reader_init(rr);
    tls13_error err = record_read(rr, p, wire, len, &used, &view);
    if (err != TLS13_OK) {
        printf("  DIFFER %-46s %s\n", name, tls13_error_message(err));
        rp->differed++;
        free(rr);
        return false;
    }
    char seq_name[128];
    uint8_t seq_be[8];
    for (int i = 0; i < 8; i++)
        seq_be[i] = (uint8_t)(seq >> (56 - 8 * i));
    snprintf(seq_name, sizeof seq_name, "%s_seq", name);
    check(rp, seq_name, seq_be, sizeof seq_be);
    check_inner_plaintext(rp, name, &view);
    check_reseal(rp, name, p, seq, &view, len);
    if (view.content_type == RECORD_HANDSHAKE)
        split_handshake_messages(rp, from_server, view.data, view.len);
    if (view.content_type == RECORD_APPLICATION_DATA && !rp->quiet)
        printf("         application data: \"%.*s\"\n", (int)view.len, (const char *)view.data);
    record_reader_wipe(rr);
    free(rr);
    return true;
}

/* Is this entry a whole protected record (not a part of one)? */
static bool is_protected_record(const replay *rp, const vec_entry *e)
{
    size_t n = strlen(e->name);
    char inner[160];
    if (n < 7 || strcmp(e->name + n - 7, "_record") != 0)
        return false;
    snprintf(inner, sizeof inner, "%s_inner_plaintext", e->name);
    return vec_find(&rp->trace, inner) != NULL;
}

static void replay_records(replay *rp)
{
    step(rp, "Protected records, in trace order (RFC 9846 §5.2)");
    for (size_t i = 0; i < rp->trace.count; i++) {
        const vec_entry *e = &rp->trace.entries[i];
        if (!is_protected_record(rp, e))
            continue;
        if (!rp->quiet)
            printf(" %s:\n", e->name);
        replay_protected_record(rp, e->name, e->data, e->len);
    }
}

/* ---- main --------------------------------------------------------------- */

static int load(replay *rp, const char *path)
{
    char computed[4096];
    if (vec_load(&rp->trace, path) != 0)
        return -1;
    snprintf(computed, sizeof computed, "%.*s_computed.txt", (int)(strlen(path) - 4), path);
    if (vec_load(&rp->computed, computed) != 0)
        memset(&rp->computed, 0, sizeof rp->computed);
    return 0;
}

static void wipe(replay *rp)
{
    ks_transcript_wipe(&rp->transcript);
    ks_handshake_secret_wipe(&rp->hs);
    ks_master_secret_wipe(&rp->ms);
    ks_secret_wipe(&rp->client_hs_secret);
    ks_secret_wipe(&rp->server_hs_secret);
    ks_secret_wipe(&rp->client_ap_secret);
    ks_secret_wipe(&rp->server_ap_secret);
    ks_secret_wipe(&rp->resumption_master);
    record_protection_wipe(&rp->client_protection);
    record_protection_wipe(&rp->server_protection);
}

static bool run(replay *rp)
{
    rp->suite = server_hello_suite(&rp->trace);
    if (rp->suite == NULL)
        return false;
    if (!rp->quiet)
        printf("Cipher suite %s\n", rp->suite->name);
    ks_transcript_init(&rp->transcript);
    ks_transcript_select(&rp->transcript, rp->suite->hash);
    step(rp, "Hellos (plaintext records, RFC 9846 §4.2)");
    if (!read_plaintext_record(rp, "client_hello_record", "client_hello") ||
        !read_plaintext_record(rp, "server_hello_record", "server_hello"))
        return false;
    if (!replay_key_exchange(rp))
        return false;
    derive_handshake_keys(rp);
    replay_records(rp);
    return rp->server_finished_seen && rp->client_finished_seen;
}

int main(int argc, char **argv)
{
    replay *rp = calloc(1, sizeof *rp);
    const char *path = "xargs/handshake.txt";
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--quiet") == 0)
            rp->quiet = true;
        else
            path = argv[i];
    }
    if (rp == NULL || secure_init() != TLS13_OK || load(rp, path) != 0) {
        fprintf(stderr, "tls13-trace: cannot load %s\n", vec_path(path));
        return 2;
    }
    bool complete = run(rp);
    printf("\n%s: %d values matched, %d differed%s\n", path, rp->matched, rp->differed,
           complete ? "" : " (the replay did not reach both Finished messages)");
    int status = complete && rp->differed == 0 ? 0 : 1;
    wipe(rp);
    vec_free(&rp->trace);
    vec_free(&rp->computed);
    free(rp);
    return status;
}
