/*
 * test_keyschedule.c — the key schedule (src/keyschedule/keyschedule.c)
 * against every key-schedule value of the seven published traces, plus the
 * parts no trace prints (KeyUpdate, exporters, external binders, psk_ke),
 * wiping, Finished checking and argument limits.
 *
 * How the trace test works, for each scenario of the table `scenarios`:
 *   1. walk_scenario() runs the RFC 9846 §7.1 key schedule through the typed
 *      stage API, feeding the trace's handshake messages into a ks_transcript
 *      in order, and records every value it derives under the name the vector
 *      files use (values_put).
 *   2. apply_label_steps() recomputes each HKDF-Expand-Label step of the
 *      table `label_steps` a second way, with ks_hkdf_expand_label directly,
 *      and records the step's inputs as RFC 8448 prints them: <x>_prk,
 *      <x>_hash (the context) and <x>_info (the HkdfLabel, built by
 *      ks_hkdf_label).
 *   3. check_file() walks every entry of the trace and of its _computed.txt:
 *      each entry whose name says it is a key-schedule value (is_schedule_name)
 *      must have been derived, byte for byte. A value in a file that the test
 *      does not derive is a failure, so nothing is skipped silently; the
 *      number checked per file is printed and compared with the table.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "keyschedule/keyschedule.h"
#include "vecfile.h"
#include "wire/wire.h"

/* ---- derived values, by vector name ------------------------------------ */

#define MAX_VALUES 200
#define MAX_NAME 64

typedef struct value {
    char name[MAX_NAME];
    uint8_t data[KS_HKDF_LABEL_MAX_LEN];
    size_t len;
} value;

typedef struct values {
    value v[MAX_VALUES];
    size_t count;
} values;

static const value *values_find(const values *vs, const char *name)
{
    for (size_t i = 0; i < vs->count; i++) {
        if (strcmp(vs->v[i].name, name) == 0)
            return &vs->v[i];
    }
    return NULL;
}

/* Records a derived value. Deriving the same name twice must agree. */
static void values_put(values *vs, const char *name, const uint8_t *data, size_t len)
{
    const value *old = values_find(vs, name);
    ck_assert_uint_le(len, KS_HKDF_LABEL_MAX_LEN);
    if (old != NULL) {
        ck_assert_msg(old->len == len && memcmp(old->data, data, len) == 0,
                      "%s derived twice with different values", name);
        return;
    }
    ck_assert_uint_lt(vs->count, MAX_VALUES);
    ck_assert_uint_lt(strlen(name), MAX_NAME);
    value *v = &vs->v[vs->count++];
    strcpy(v->name, name);
    memcpy(v->data, data, len);
    v->len = len;
}

static void values_put_secret(values *vs, const char *name, const ks_secret *s)
{
    values_put(vs, name, s->secret, hash_len(s->alg));
}

/* ---- which vector entries are key-schedule values ----------------------- */

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The names (vectors/README.md "Naming conventions") of secrets, keys, IVs,
 * HkdfLabels, PRKs, contexts, salts, IKMs, PSKs, Finished values and
 * transcript hashes, and the CertificateVerify content (which embeds a
 * transcript hash). Excluded: key-exchange keys and the (EC)DHE output
 * (the kex layer's, an input here), RSA-PSS salts (signatures) and hello
 * extensions (client_hello_ext_extended_master_secret is not a secret). */
static bool is_schedule_name(const char *name)
{
    static const char *const suffixes[] = {
        "_secret", "_secret_0", "_key", "_iv", "_info", "_hash", "_prk",
        "_psk", "_verify_data", "_salt", "_ikm", "_signed_content",
    };
    static const char *const excluded_suffixes[] = {
        "_private_key", "_public_key", "_pss_salt",
    };
    if (strcmp(name, "ecdhe_shared_secret") == 0 || strstr(name, "_ext_") != NULL)
        return false;
    if (strncmp(name, "transcript_hash_", 16) == 0
        || strncmp(name, "derived_secret_for_", 19) == 0
        || strcmp(name, "psk_binder") == 0)
        return true;
    for (size_t i = 0; i < sizeof excluded_suffixes / sizeof *excluded_suffixes; i++) {
        if (ends_with(name, excluded_suffixes[i]))
            return false;
    }
    for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
        if (ends_with(name, suffixes[i]))
            return true;
    }
    return false;
}

/* Every key-schedule entry of vf must equal its derived value. Returns the
 * number of entries checked. */
static size_t check_file(const vec_file *vf, const char *file, const values *vs)
{
    size_t checked = 0;
    for (size_t i = 0; i < vf->count; i++) {
        const vec_entry *e = &vf->entries[i];
        if (!is_schedule_name(e->name))
            continue;
        const value *v = values_find(vs, e->name);
        ck_assert_msg(v != NULL, "%s: %s is in the file but was not derived",
                      file, e->name);
        ck_assert_msg(v->len == e->len && memcmp(v->data, e->data, e->len) == 0,
                      "%s: %s differs", file, e->name);
        checked++;
    }
    return checked;
}

/* ---- the scenarios ------------------------------------------------------ */

typedef struct scenario {
    const char *file;
    const char *computed;       /* its *_computed.txt, or NULL */
    hash_alg alg;
    aead_alg aead;
    const char *client_hello;   /* the (last) ClientHello's name in the file */
    const char *resumes;        /* the scenario whose ticket gives the PSK */
    /* How many key-schedule values each file holds: all must be checked, and
     * a change in the files (or in is_schedule_name) shows up here. */
    size_t checked_main;
    size_t checked_computed;
} scenario;

static const scenario scenarios[] = {
    { "xargs/handshake.txt", "xargs/handshake_computed.txt",
      HASH_SHA384, AEAD_AES_256_GCM, "client_hello", NULL, 18, 14 },
    { "xargs/archive_v1_aes128gcm_sha256.txt",
      "xargs/archive_v1_aes128gcm_sha256_computed.txt",
      HASH_SHA256, AEAD_AES_128_GCM, "client_hello", NULL, 20, 14 },
    { "rfc8448/simple_1rtt.txt", "rfc8448/simple_1rtt_computed.txt",
      HASH_SHA256, AEAD_AES_128_GCM, "client_hello", NULL, 71, 1 },
    { "rfc8448/resumed_0rtt.txt", NULL,
      HASH_SHA256, AEAD_AES_128_GCM, "client_hello_record_payload",
      "rfc8448/simple_1rtt.txt", 85, 0 },
    { "rfc8448/hello_retry_request.txt", "rfc8448/hello_retry_request_computed.txt",
      HASH_SHA256, AEAD_AES_128_GCM, "client_hello_2", NULL, 67, 1 },
    { "rfc8448/client_authentication.txt",
      "rfc8448/client_authentication_computed.txt",
      HASH_SHA256, AEAD_AES_128_GCM, "client_hello", NULL, 67, 2 },
    { "rfc8448/compatibility_mode.txt", "rfc8448/compatibility_mode_computed.txt",
      HASH_SHA256, AEAD_AES_128_GCM, "client_hello", NULL, 67, 1 },
};
#define N_SCENARIOS (sizeof scenarios / sizeof *scenarios)

static const scenario *scenario_by_file(const char *file)
{
    for (size_t i = 0; i < N_SCENARIOS; i++) {
        if (strcmp(scenarios[i].file, file) == 0)
            return &scenarios[i];
    }
    ck_abort_msg("no scenario %s", file);
    return NULL;
}

/* The state of one walk through a trace's key schedule. */
typedef struct walk {
    const scenario *sc;
    vec_file trace;
    values *out;
    size_t hash_len;
    ks_transcript transcript;
    uint8_t transcript_hash[HASH_MAX_LEN];
    bool have_psk;
    ks_secret psk;
    ks_early_secret es;
    ks_handshake_secret hs;
    ks_master_secret ms;
    ks_secret client_handshake_traffic_secret;
    ks_secret server_handshake_traffic_secret;
    ks_secret resumption_master_secret;
    ks_secret last_ticket_psk;
} walk;

static bool all_zero(const void *p, size_t len)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < len; i++) {
        if (b[i] != 0)
            return false;
    }
    return true;
}

static const vec_entry *message(const walk *w, const char *name)
{
    return vec_find(&w->trace, name);
}

/* Adds a message to the transcript and takes the hash so far. */
static void feed(walk *w, const vec_entry *msg)
{
    ks_transcript_update(&w->transcript, msg->data, msg->len);
    ks_transcript_hash(&w->transcript, w->transcript_hash);
}

static void put_traffic_keys(walk *w, const char *prefix, const ks_secret *secret)
{
    ks_traffic_keys keys;
    char name[MAX_NAME];
    ks_traffic_keys_derive(secret, w->sc->aead, &keys);
    ck_assert_uint_eq(keys.key_len, aead_key_len(w->sc->aead));
    snprintf(name, sizeof name, "%s_key", prefix);
    values_put(w->out, name, keys.key, keys.key_len);
    snprintf(name, sizeof name, "%s_iv", prefix);
    values_put(w->out, name, keys.iv, AEAD_NONCE_LEN);
    ks_traffic_keys_wipe(&keys);
    ck_assert(all_zero(&keys, sizeof keys));
}

/* §4.5.3: the computed verify_data must be the body of the trace's Finished
 * message, must be accepted by ks_finished_check, and every one-bit change
 * of it (and a wrong length) must be rejected. */
static void check_finished(walk *w, const char *side, const ks_secret *base_key)
{
    ks_secret finished_key;
    uint8_t verify_data[HASH_MAX_LEN];
    char name[MAX_NAME];
    size_t n = w->hash_len;

    ks_finished_key(base_key, &finished_key);
    ks_finished_verify_data(&finished_key, w->transcript_hash, verify_data);
    snprintf(name, sizeof name, "%s_finished_key", side);
    values_put_secret(w->out, name, &finished_key);
    snprintf(name, sizeof name, "%s_finished_verify_data", side);
    values_put(w->out, name, verify_data, n);

    snprintf(name, sizeof name, "%s_finished", side);
    const vec_entry *msg = message(w, name);
    ck_assert_uint_eq(msg->len, 4 + n);
    ck_assert_mem_eq(msg->data + 4, verify_data, n);
    ck_assert(ks_finished_check(&finished_key, w->transcript_hash, msg->data + 4, n));
    ck_assert(!ks_finished_check(&finished_key, w->transcript_hash, msg->data + 4, n - 1));
    for (size_t bit = 0; bit < 8 * n; bit++) {
        verify_data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        ck_assert(!ks_finished_check(&finished_key, w->transcript_hash, verify_data, n));
        verify_data[bit / 8] ^= (uint8_t)(1u << (bit % 8));
    }
    ks_secret_wipe(&finished_key);
}

/* ---- the walk: Early Secret --------------------------------------------- */

/* §4.3.11.2: the binder is a Finished computation over Truncate(ClientHello)
 * with BaseKey = binder_key ("res binder": the PSK is a ticket's). */
static void walk_binder(walk *w)
{
    const vec_entry *prefix = message(w, "client_hello_prefix");
    if (prefix == NULL)
        return;
    ks_transcript binder_transcript;
    uint8_t th[HASH_MAX_LEN], binder[HASH_MAX_LEN];
    ks_secret binder_key, finished_key;
    size_t n = w->hash_len;

    ks_transcript_init(&binder_transcript);
    ks_transcript_update(&binder_transcript, prefix->data, prefix->len);
    ks_transcript_hash_as(&binder_transcript, w->sc->alg, th);
    ks_binder_key(&w->es, false, &binder_key);
    ks_finished_key(&binder_key, &finished_key);
    ks_finished_verify_data(&finished_key, th, binder);
    values_put(w->out, "psk_binder_transcript_hash", th, n);
    values_put_secret(w->out, "psk_binder_key", &binder_key);
    values_put_secret(w->out, "psk_binder_finished_key", &finished_key);
    values_put(w->out, "psk_binder", binder, n);

    /* The full ClientHello ends with the binders list: <binder> last. */
    const vec_entry *ch = message(w, w->sc->client_hello);
    ck_assert_mem_eq(ch->data + ch->len - n, binder, n);
    ck_assert(ks_finished_check(&finished_key, th, ch->data + ch->len - n, n));
    ks_secret_wipe(&binder_key);
    ks_secret_wipe(&finished_key);
    ks_transcript_wipe(&binder_transcript);
}

/* Derive-Secret(ES, "c e traffic" | "e exp master", ClientHello). Before
 * ServerHello a client takes the hash of its PSK's suite (both still run). */
static void walk_early_traffic(walk *w)
{
    uint8_t th[HASH_MAX_LEN];
    ks_secret secret;
    ks_transcript_hash_as(&w->transcript, w->sc->alg, th);
    values_put(w->out, "transcript_hash_client_hello", th, w->hash_len);
    ks_client_early_traffic_secret(&w->es, th, &secret);
    values_put_secret(w->out, "client_early_traffic_secret", &secret);
    put_traffic_keys(w, "client_early", &secret);
    ks_early_exporter_master_secret(&w->es, th, &secret);
    values_put_secret(w->out, "early_exporter_master_secret", &secret);
    ks_secret_wipe(&secret);
}

static void walk_early_secret(walk *w)
{
    uint8_t zeros[HASH_MAX_LEN] = {0};
    if (w->have_psk) {
        ks_early_secret_init(&w->es, w->sc->alg, w->psk.secret, w->hash_len);
        values_put_secret(w->out, "early_secret_ikm_psk", &w->psk);
    } else {
        ks_early_secret_init(&w->es, w->sc->alg, NULL, 0);
        values_put(w->out, "early_secret_ikm", zeros, w->hash_len);
    }
    values_put(w->out, "early_secret", w->es.secret, w->hash_len);
    walk_binder(w);
}

/* The ClientHello(s): §4.1, after a HelloRetryRequest ClientHello1 is
 * replaced by message_hash. The HRR names the suite, so the hash is chosen
 * there; otherwise both run until ServerHello. */
static void walk_client_hello(walk *w)
{
    const vec_entry *client_hello1 = message(w, "client_hello_1");
    if (client_hello1 != NULL) {
        ks_transcript_update(&w->transcript, client_hello1->data, client_hello1->len);
        ks_transcript_select(&w->transcript, w->sc->alg);
        ks_transcript_replace_with_message_hash(&w->transcript);
        feed(w, message(w, "hello_retry_request"));
    }
    const vec_entry *ch = message(w, w->sc->client_hello);
    ck_assert_ptr_nonnull(ch);
    ks_transcript_update(&w->transcript, ch->data, ch->len);
    walk_early_traffic(w);
}

/* ---- the walk: Handshake and Master Secrets ----------------------------- */

static void after_server_hello(walk *w)
{
    size_t n = w->hash_len, ecdhe_len = 0;
    uint8_t empty_hash[HASH_MAX_LEN], derived[HASH_MAX_LEN];
    const uint8_t *ecdhe = vec_get(&w->trace, "ecdhe_shared_secret", &ecdhe_len);

    hash_digest(w->sc->alg, (const uint8_t *)"", 0, empty_hash);
    values_put(w->out, "empty_hash", empty_hash, n);
    ck_assert_int_eq(ks_derive_secret(w->sc->alg, w->es.secret, "derived",
                                      empty_hash, derived), TLS13_OK);
    values_put(w->out, "derived_secret_for_handshake", derived, n);
    values_put(w->out, "handshake_secret_salt", derived, n);

    ks_handshake_secret_from_early(&w->hs, &w->es, ecdhe, ecdhe_len);
    ck_assert_msg(all_zero(&w->es, sizeof w->es), "Early Secret not wiped");
    values_put(w->out, "handshake_secret", w->hs.secret, n);

    ks_client_handshake_traffic_secret(&w->hs, w->transcript_hash,
                                       &w->client_handshake_traffic_secret);
    ks_server_handshake_traffic_secret(&w->hs, w->transcript_hash,
                                       &w->server_handshake_traffic_secret);
    values_put_secret(w->out, "client_handshake_traffic_secret",
                      &w->client_handshake_traffic_secret);
    values_put_secret(w->out, "server_handshake_traffic_secret",
                      &w->server_handshake_traffic_secret);
    put_traffic_keys(w, "client_handshake", &w->client_handshake_traffic_secret);
    put_traffic_keys(w, "server_handshake", &w->server_handshake_traffic_secret);
}

/* §4.5.2: CertificateVerify signs 64 spaces || context string || 0 ||
 * Transcript-Hash(Handshake Context, Certificate). The _computed.txt files
 * print the signed content; its transcript hash is ours to reproduce. */
static void put_signed_content(walk *w, const char *side)
{
    uint8_t content[64 + 33 + 1 + HASH_MAX_LEN];
    char context_string[40], name[MAX_NAME];
    size_t len = 0;
    wire_writer out;
    snprintf(context_string, sizeof context_string, "TLS 1.3, %s CertificateVerify", side);
    memset(content, 0x20, 64);
    wire_writer_init(&out, content, sizeof content);
    ck_assert_ptr_nonnull(wire_write_reserve(&out, 64));
    wire_write_bytes(&out, (const uint8_t *)context_string, strlen(context_string));
    wire_write_u8(&out, 0);
    wire_write_bytes(&out, w->transcript_hash, w->hash_len);
    ck_assert(wire_writer_finish(&out, &len));
    snprintf(name, sizeof name, "%s_certificate_verify_signed_content", side);
    values_put(w->out, name, content, len);
}

static void after_server_certificate(walk *w)
{
    put_signed_content(w, "server");
}

static void after_client_certificate(walk *w)
{
    put_signed_content(w, "client");
}

static void before_server_finished(walk *w)
{
    check_finished(w, "server", &w->server_handshake_traffic_secret);
}

static void after_server_finished(walk *w)
{
    size_t n = w->hash_len;
    uint8_t zeros[HASH_MAX_LEN] = {0}, empty_hash[HASH_MAX_LEN], derived[HASH_MAX_LEN];
    ks_secret secret;

    hash_digest(w->sc->alg, (const uint8_t *)"", 0, empty_hash);
    ck_assert_int_eq(ks_derive_secret(w->sc->alg, w->hs.secret, "derived",
                                      empty_hash, derived), TLS13_OK);
    values_put(w->out, "derived_secret_for_master", derived, n);
    values_put(w->out, "master_secret_salt", derived, n);
    values_put(w->out, "master_secret_ikm", zeros, n);
    ks_master_secret_from_handshake(&w->ms, &w->hs);
    ck_assert_msg(all_zero(&w->hs, sizeof w->hs), "Handshake Secret not wiped");
    values_put(w->out, "master_secret", w->ms.secret, n);

    ks_client_application_traffic_secret_0(&w->ms, w->transcript_hash, &secret);
    values_put_secret(w->out, "client_application_traffic_secret_0", &secret);
    put_traffic_keys(w, "client_application", &secret);
    ks_server_application_traffic_secret_0(&w->ms, w->transcript_hash, &secret);
    values_put_secret(w->out, "server_application_traffic_secret_0", &secret);
    put_traffic_keys(w, "server_application", &secret);
    ks_exporter_master_secret(&w->ms, w->transcript_hash, &secret);
    values_put_secret(w->out, "exporter_master_secret", &secret);
    ks_secret_wipe(&secret);
}

static void before_client_finished(walk *w)
{
    check_finished(w, "client", &w->client_handshake_traffic_secret);
}

static void after_client_finished(walk *w)
{
    ks_resumption_master_secret(&w->ms, w->transcript_hash,
                                &w->resumption_master_secret);
    values_put_secret(w->out, "resumption_master_secret",
                      &w->resumption_master_secret);
    ks_master_secret_wipe(&w->ms);
    ck_assert(all_zero(&w->ms, sizeof w->ms));
}

/* The main handshake's messages in transcript order (§4.1), each fed if the
 * trace has it, with what the key schedule does around it. After each one
 * the running hash is recorded as transcript_hash_client_hello_to_<msg>. */
typedef struct handshake_step {
    const char *message;
    void (*before)(walk *w);
    void (*after)(walk *w);
} handshake_step;

static const handshake_step handshake_steps[] = {
    { "server_hello", NULL, after_server_hello },
    { "encrypted_extensions", NULL, NULL },
    { "certificate_request", NULL, NULL },
    { "server_certificate", NULL, after_server_certificate },
    { "server_certificate_verify", NULL, NULL },
    { "server_finished", before_server_finished, after_server_finished },
    { "end_of_early_data", NULL, NULL },
    { "client_certificate", NULL, after_client_certificate },
    { "client_certificate_verify", NULL, NULL },
    { "client_finished", before_client_finished, after_client_finished },
};

static void walk_handshake(walk *w)
{
    char name[MAX_NAME];
    for (size_t i = 0; i < sizeof handshake_steps / sizeof *handshake_steps; i++) {
        const handshake_step *step = &handshake_steps[i];
        const vec_entry *msg = message(w, step->message);
        if (msg == NULL)
            continue;
        /* ServerHello names the suite (a no-op after a HelloRetryRequest). */
        ks_transcript_select(&w->transcript, w->sc->alg);
        if (step->before != NULL)
            step->before(w);
        feed(w, msg);
        snprintf(name, sizeof name, "transcript_hash_client_hello_to_%s", step->message);
        values_put(w->out, name, w->transcript_hash, w->hash_len);
        if (step->after != NULL)
            step->after(w);
    }
}

/* ---- the walk: tickets (§4.7.1) ----------------------------------------- */

/* struct { uint32 ticket_lifetime; uint32 ticket_age_add;
 *          opaque ticket_nonce<0..255>; ... } NewSessionTicket; */
static void ticket_nonce(const vec_entry *msg, wire_reader *nonce)
{
    wire_reader r, body;
    uint8_t type;
    uint32_t lifetime, age_add;
    wire_reader_init(&r, msg->data, msg->len);
    ck_assert(wire_read_u8(&r, &type) && type == 4);
    ck_assert(wire_read_prefixed_u24(&r, &body) && wire_reader_done(&r));
    ck_assert(wire_read_u32(&body, &lifetime) && wire_read_u32(&body, &age_add));
    ck_assert(wire_read_prefixed_u8(&body, nonce));
}

static void walk_tickets(walk *w)
{
    static const struct { const char *message, *psk; } tickets[] = {
        { "new_session_ticket", "resumption_psk" },
        { "new_session_ticket_1", "new_session_ticket_1_psk" },
        { "new_session_ticket_2", "new_session_ticket_2_psk" },
    };
    char name[MAX_NAME];
    for (size_t i = 0; i < sizeof tickets / sizeof *tickets; i++) {
        const vec_entry *msg = message(w, tickets[i].message);
        wire_reader nonce;
        if (msg == NULL)
            continue;
        ticket_nonce(msg, &nonce);
        ck_assert_int_eq(ks_resumption_psk(&w->resumption_master_secret, nonce.data,
                                           nonce.len, &w->last_ticket_psk), TLS13_OK);
        values_put_secret(w->out, tickets[i].psk, &w->last_ticket_psk);
        snprintf(name, sizeof name, "%s_nonce", tickets[i].message);
        values_put(w->out, name, nonce.data, nonce.len);
    }
}

/* ---- the second path: each HKDF-Expand-Label step, with its inputs ------- */

/* <secret> = HKDF-Expand-Label(<prk>, label, <context>, Hash.length), where
 * <prk> and <context> name derived values (context NULL: ""). */
typedef struct label_step {
    const char *secret;
    const char *label;
    const char *prk;
    const char *context;
} label_step;

static const label_step label_steps[] = {
    { "derived_secret_for_handshake", "derived", "early_secret", "empty_hash" },
    { "psk_binder_key", "res binder", "early_secret", "empty_hash" },
    { "psk_binder_finished_key", "finished", "psk_binder_key", NULL },
    { "client_early_traffic_secret", "c e traffic", "early_secret",
      "transcript_hash_client_hello" },
    { "early_exporter_master_secret", "e exp master", "early_secret",
      "transcript_hash_client_hello" },
    { "client_handshake_traffic_secret", "c hs traffic", "handshake_secret",
      "transcript_hash_client_hello_to_server_hello" },
    { "server_handshake_traffic_secret", "s hs traffic", "handshake_secret",
      "transcript_hash_client_hello_to_server_hello" },
    { "derived_secret_for_master", "derived", "handshake_secret", "empty_hash" },
    { "server_finished_key", "finished", "server_handshake_traffic_secret", NULL },
    { "client_application_traffic_secret_0", "c ap traffic", "master_secret",
      "transcript_hash_client_hello_to_server_finished" },
    { "server_application_traffic_secret_0", "s ap traffic", "master_secret",
      "transcript_hash_client_hello_to_server_finished" },
    { "exporter_master_secret", "exp master", "master_secret",
      "transcript_hash_client_hello_to_server_finished" },
    { "client_finished_key", "finished", "client_handshake_traffic_secret", NULL },
    { "resumption_master_secret", "res master", "master_secret",
      "transcript_hash_client_hello_to_client_finished" },
    { "resumption_psk", "resumption", "resumption_master_secret",
      "new_session_ticket_nonce" },
    { "new_session_ticket_1_psk", "resumption", "resumption_master_secret",
      "new_session_ticket_1_nonce" },
    { "new_session_ticket_2_psk", "resumption", "resumption_master_secret",
      "new_session_ticket_2_nonce" },
};

/* [sender]_write_key / _iv = HKDF-Expand-Label(<secret>, "key" | "iv", "", len). */
typedef struct key_step {
    const char *prefix;
    const char *secret;
} key_step;

static const key_step key_steps[] = {
    { "client_early", "client_early_traffic_secret" },
    { "server_handshake", "server_handshake_traffic_secret" },
    { "client_handshake", "client_handshake_traffic_secret" },
    { "server_application", "server_application_traffic_secret_0" },
    { "client_application", "client_application_traffic_secret_0" },
};

static void put_suffixed(values *vs, const char *base, const char *suffix,
                         const uint8_t *data, size_t len)
{
    char name[MAX_NAME];
    snprintf(name, sizeof name, "%s%s", base, suffix);
    values_put(vs, name, data, len);
}

/* Builds the HkdfLabel (recorded as <name>_info), expands, and checks the
 * result against the value the walk derived under expected_name. */
static void expand_step(walk *w, const char *info_name, const value *prk,
                        const char *label, const value *context,
                        size_t len, const char *expected_name)
{
    uint8_t info[KS_HKDF_LABEL_MAX_LEN], out[HASH_MAX_LEN];
    size_t info_len = 0;
    const uint8_t *ctx = context != NULL ? context->data : NULL;
    size_t ctx_len = context != NULL ? context->len : 0;
    ck_assert_int_eq(ks_hkdf_label(label, ctx, ctx_len, len, info, sizeof info,
                                   &info_len), TLS13_OK);
    values_put(w->out, info_name, info, info_len);
    ck_assert_int_eq(ks_hkdf_expand_label(w->sc->alg, prk->data, label, ctx, ctx_len,
                                          out, len), TLS13_OK);
    const value *expected = values_find(w->out, expected_name);
    ck_assert_ptr_nonnull(expected);
    ck_assert_msg(expected->len == len && memcmp(expected->data, out, len) == 0,
                  "%s: HKDF-Expand-Label disagrees with the stage API", expected_name);
}

static void apply_label_step(walk *w, const label_step *s)
{
    char info_name[MAX_NAME];
    const value *prk = values_find(w->out, s->prk);
    const value *context = s->context ? values_find(w->out, s->context) : NULL;
    if (values_find(w->out, s->secret) == NULL || prk == NULL
        || (s->context != NULL && context == NULL))
        return;
    put_suffixed(w->out, s->secret, "_prk", prk->data, prk->len);
    if (context != NULL)
        put_suffixed(w->out, s->secret, "_hash", context->data, context->len);
    snprintf(info_name, sizeof info_name, "%s_info", s->secret);
    expand_step(w, info_name, prk, s->label, context, w->hash_len, s->secret);
}

static void apply_key_step(walk *w, const key_step *s)
{
    char name[MAX_NAME], info_name[MAX_NAME];
    const value *secret = values_find(w->out, s->secret);
    if (secret == NULL)
        return;
    put_suffixed(w->out, s->prefix, "_traffic_keys_prk", secret->data, secret->len);
    snprintf(name, sizeof name, "%s_key", s->prefix);
    snprintf(info_name, sizeof info_name, "%s_key_info", s->prefix);
    expand_step(w, info_name, secret, "key", NULL, aead_key_len(w->sc->aead), name);
    snprintf(name, sizeof name, "%s_iv", s->prefix);
    snprintf(info_name, sizeof info_name, "%s_iv_info", s->prefix);
    expand_step(w, info_name, secret, "iv", NULL, AEAD_NONCE_LEN, name);
}

static void apply_label_steps(walk *w)
{
    for (size_t i = 0; i < sizeof label_steps / sizeof *label_steps; i++)
        apply_label_step(w, &label_steps[i]);
    for (size_t i = 0; i < sizeof key_steps / sizeof *key_steps; i++)
        apply_key_step(w, &key_steps[i]);
}

/* ---- running a scenario ------------------------------------------------- */

static void run_scenario(const scenario *sc, values *out, ks_secret *ticket_psk);

static void walk_init(walk *w, const scenario *sc, values *out)
{
    memset(w, 0, sizeof *w);
    w->sc = sc;
    w->out = out;
    w->hash_len = hash_len(sc->alg);
    ck_assert_int_eq(vec_load(&w->trace, sc->file), 0);
    ks_transcript_init(&w->transcript);
    if (sc->resumes != NULL) {
        /* The PSK is the one the earlier connection's ticket gives (§4.7.1):
         * run that scenario and take its ticket's PSK. */
        values *earlier = calloc(1, sizeof *earlier);
        ck_assert_ptr_nonnull(earlier);
        run_scenario(scenario_by_file(sc->resumes), earlier, &w->psk);
        free(earlier);
        w->have_psk = true;
    }
}

static void walk_free(walk *w)
{
    ks_transcript_wipe(&w->transcript);
    ck_assert(all_zero(&w->transcript, sizeof w->transcript));
    ks_secret_wipe(&w->client_handshake_traffic_secret);
    ks_secret_wipe(&w->server_handshake_traffic_secret);
    ks_secret_wipe(&w->resumption_master_secret);
    ks_secret_wipe(&w->psk);
    vec_free(&w->trace);
}

/* Derives everything the trace allows, into out; the last ticket PSK (if
 * the trace has a NewSessionTicket) into ticket_psk. */
static void run_scenario(const scenario *sc, values *out, ks_secret *ticket_psk)
{
    walk *w = calloc(1, sizeof *w);
    ck_assert_ptr_nonnull(w);
    walk_init(w, sc, out);
    walk_early_secret(w);
    walk_client_hello(w);
    walk_handshake(w);
    walk_tickets(w);
    apply_label_steps(w);
    if (ticket_psk != NULL)
        *ticket_psk = w->last_ticket_psk;
    ks_secret_wipe(&w->last_ticket_psk);
    walk_free(w);
    free(w);
}

static size_t check_named_file(const char *file, const values *vs)
{
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, file), 0);
    size_t checked = check_file(&vf, file, vs);
    vec_free(&vf);
    printf("  %-50s %3zu key-schedule values checked\n", file, checked);
    return checked;
}

START_TEST(trace_key_schedule_is_reproduced_byte_for_byte)
{
    const scenario *sc = &scenarios[_i];
    values *vs = calloc(1, sizeof *vs);
    ck_assert_ptr_nonnull(vs);
    run_scenario(sc, vs, NULL);
    size_t main_checked = check_named_file(sc->file, vs);
    size_t computed_checked = sc->computed ? check_named_file(sc->computed, vs) : 0;
    fflush(stdout);
    ck_assert_uint_eq(main_checked, sc->checked_main);
    ck_assert_uint_eq(computed_checked, sc->checked_computed);
    free(vs);
}
END_TEST

/* ---- values no trace prints --------------------------------------------- */

static void load_secret(ks_secret *s, hash_alg alg, const char *file, const char *name)
{
    vec_file vf;
    size_t len = 0;
    ck_assert_int_eq(vec_load(&vf, file), 0);
    const uint8_t *data = vec_get(&vf, name, &len);
    ck_assert_uint_eq(len, hash_len(alg));
    memset(s, 0, sizeof *s);
    s->alg = alg;
    memcpy(s->secret, data, len);
    vec_free(&vf);
}

static void assert_hex(const uint8_t *got, size_t len, const char *want_hex)
{
    char hex[2 * 128 + 1];
    ck_assert_uint_le(len, 128);
    hex_encode(got, len, hex);
    ck_assert_str_eq(hex, want_hex);
}

/*
 * §7.2 KeyUpdate. Expected values computed independently, twice, from the
 * trace secrets, and agreeing:
 *   openssl kdf -keylen 32 -kdfopt digest:SHA256 -kdfopt mode:EXPAND_ONLY \
 *     -kdfopt hexkey:<secret_N> -kdfopt hexprefix:746c73313320 \
 *     -kdfopt label:"traffic upd" TLS13-KDF          (OpenSSL 3.0.22)
 * and a 10-line python3 hashlib/hmac HKDF-Expand-Label.
 */
START_TEST(key_update_follows_traffic_upd)
{
    ks_secret s;
    ks_traffic_keys keys;
    load_secret(&s, HASH_SHA256, "rfc8448/simple_1rtt.txt",
                "client_application_traffic_secret_0");
    ks_next_application_traffic_secret(&s);
    assert_hex(s.secret, 32,
               "fcdfcc72725aaee48bf64e4fd8b749cdbdbab39d90da0b26e2245ca6ea167207");
    ks_next_application_traffic_secret(&s);
    assert_hex(s.secret, 32,
               "68474fe58c172143d0a009a76edd231b0d934f3058588ea0852662279e54a573");

    load_secret(&s, HASH_SHA384, "xargs/handshake.txt",
                "server_application_traffic_secret_0");
    ks_next_application_traffic_secret(&s);
    assert_hex(s.secret, 48,
               "5a776a85e667a92dd7e1e753b6f9bcc68614549b552b6eef0cea6d80678fc42c"
               "1e39c231f9ece8e0dc65bc58590b7b6d");
    ks_traffic_keys_derive(&s, AEAD_AES_256_GCM, &keys);
    assert_hex(keys.key, 32,
               "fee414f73cc459ff3e618f3ad5d27ca9738140c897bcb331ca7cc27f8f7a9a90");
    assert_hex(keys.iv, 12, "e8f033e4508965bb247a857c");
    ks_traffic_keys_wipe(&keys);
    ks_secret_wipe(&s);
}
END_TEST

/*
 * §7.5 exporters. Expected values computed with OpenSSL 3.0.22's TLS13-KDF
 * (EXPAND_ONLY, two steps: Derive-Secret(Secret, label, "") with context
 * `openssl dgst` of the empty string, then "exporter" with the hash of the
 * context value) and again with python3 hashlib/hmac; both agree.
 * "EXPORTER-Channel-Binding" with no context and 32 bytes is RFC 9266's
 * tls-exporter channel binding.
 */
START_TEST(exporter_matches_independent_computation)
{
    static const uint8_t context[] = "context value";
    const char *label = "EXPORTER-tls13-keyschedule-test";
    uint8_t out[64];
    ks_secret s;

    load_secret(&s, HASH_SHA256, "rfc8448/simple_1rtt.txt", "exporter_master_secret");
    ck_assert_int_eq(ks_export(&s, label, context, sizeof context - 1, out, 32), TLS13_OK);
    assert_hex(out, 32, "0cad9f598f5a1a8ffda7351f17cd9a6d6463fcfa2ced10c63dcf1411d4f01ce2");
    ck_assert_int_eq(ks_export(&s, "EXPORTER-Channel-Binding", NULL, 0, out, 32), TLS13_OK);
    assert_hex(out, 32, "e3b0946bf2f4668144f22872e0afd51dc9608638c6f9b2584b98c6cd3a4affad");

    load_secret(&s, HASH_SHA384, "xargs/handshake.txt", "exporter_master_secret");
    ck_assert_int_eq(ks_export(&s, label, context, sizeof context - 1, out, 64), TLS13_OK);
    assert_hex(out, 64,
               "1d771f699d378b8ed8ae410c071b311fb2bf47d19a46a923e37874409e72765d"
               "fe48bc7829aee87bba4a56cb8dba7c48c1b162b79eb5920a561871219bfe7a10");
    ck_assert_int_eq(ks_export(&s, "EXPORTER-Channel-Binding", NULL, 0, out, 32), TLS13_OK);
    assert_hex(out, 32, "54b246f462f9f0b4ab34b72f91ab0efe239a530167222fac7324b6eb16d10bb6");

    /* The early exporter (§7.5: Secret is the early_exporter_master_secret). */
    load_secret(&s, HASH_SHA256, "rfc8448/resumed_0rtt.txt", "early_exporter_master_secret");
    ck_assert_int_eq(ks_export(&s, label, context, sizeof context - 1, out, 32), TLS13_OK);
    assert_hex(out, 32, "cbdeb58526894ebe56989671f3acf2295586b4a4ff1f22b9f760b93bd0f5b9fe");
    ks_secret_wipe(&s);
}
END_TEST

START_TEST(exporter_rejects_bad_arguments)
{
    char long_label[251];
    uint8_t out[32];
    ks_secret s;
    load_secret(&s, HASH_SHA256, "rfc8448/simple_1rtt.txt", "exporter_master_secret");
    memset(long_label, 'a', 250);
    long_label[250] = '\0';
    ck_assert_int_eq(ks_export(&s, long_label, NULL, 0, out, 32), TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ks_export(&s, "", NULL, 0, out, 32), TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ks_export(&s, "x", NULL, 5, out, 32), TLS13_ERR_INVALID_ARGUMENT);
    /* HKDF-Expand cannot give more than 255 * Hash.length bytes. */
    static uint8_t big[255 * 32 + 1];
    ck_assert_int_eq(ks_export(&s, "x", NULL, 0, big, sizeof big), TLS13_ERR_HKDF_LENGTH);
    ck_assert_int_eq(ks_export(&s, "x", NULL, 0, big, sizeof big - 1), TLS13_OK);
    ks_secret_wipe(&s);
}
END_TEST

/* §7.1 "ext binder". Expected from OpenSSL TLS13-KDF over RFC 8448 §4's
 * early_secret (the same command reproduces its psk_binder_key with
 * "res binder"). */
START_TEST(external_binder_key_uses_ext_binder)
{
    ks_early_secret es;
    ks_secret key;
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, "rfc8448/resumed_0rtt.txt"), 0);
    memset(&es, 0, sizeof es);
    es.alg = HASH_SHA256;
    memcpy(es.secret, vec_get(&vf, "early_secret", NULL), 32);
    ks_binder_key(&es, true, &key);
    assert_hex(key.secret, 32,
               "ce30064fe130ccc35799d808397cadddc95f09730c23b65ff659bb16202f51aa");
    ks_binder_key(&es, false, &key);
    ck_assert_mem_eq(key.secret, vec_get(&vf, "psk_binder_key", NULL), 32);
    ks_secret_wipe(&key);
    ks_early_secret_wipe(&es);
    vec_free(&vf);
}
END_TEST

/* psk_ke (no (EC)DHE): the 0-value is used (§7.1). Expected from
 * `openssl kdf -kdfopt mode:EXTRACT_ONLY -kdfopt hexsalt:<RFC 8448 §4
 * derived_secret_for_handshake> -kdfopt hexkey:00*32 HKDF` and python hmac. */
START_TEST(psk_only_handshake_secret_extracts_zeros)
{
    ks_early_secret es;
    ks_handshake_secret hs;
    vec_file vf;
    ck_assert_int_eq(vec_load(&vf, "rfc8448/resumed_0rtt.txt"), 0);
    ks_early_secret_init(&es, HASH_SHA256, vec_get(&vf, "early_secret_ikm_psk", NULL), 32);
    ck_assert_mem_eq(es.secret, vec_get(&vf, "early_secret", NULL), 32);
    ks_handshake_secret_from_early(&hs, &es, NULL, 0);
    assert_hex(hs.secret, 32,
               "9bb7515d263663339e1e0195f5680d88a9954e593038e38b7a1c110fb93cfe2f");
    ks_handshake_secret_wipe(&hs);
    vec_free(&vf);
}
END_TEST

/* ---- wiping ------------------------------------------------------------- */

START_TEST(stage_transitions_wipe_the_consumed_stage)
{
    uint8_t ecdhe[32];
    ks_early_secret es;
    ks_handshake_secret hs;
    ks_master_secret ms;
    memset(ecdhe, 0x5a, sizeof ecdhe);
    ks_early_secret_init(&es, HASH_SHA384, NULL, 0);
    ck_assert(!all_zero(es.secret, 48));
    ks_handshake_secret_from_early(&hs, &es, ecdhe, sizeof ecdhe);
    ck_assert(all_zero(&es, sizeof es));
    ck_assert(!all_zero(hs.secret, 48));
    ks_master_secret_from_handshake(&ms, &hs);
    ck_assert(all_zero(&hs, sizeof hs));
    ck_assert(!all_zero(ms.secret, 48));
    ck_assert_int_eq(ms.alg, HASH_SHA384);
    ks_master_secret_wipe(&ms);
    ck_assert(all_zero(&ms, sizeof ms));
}
END_TEST

START_TEST(wipe_functions_zero_the_whole_struct)
{
    ks_early_secret es;
    ks_handshake_secret hs;
    ks_secret s;
    ks_traffic_keys keys;
    uint8_t transcript_hash[32] = {0};
    ks_early_secret_init(&es, HASH_SHA256, NULL, 0);
    ks_handshake_secret_from_early(&hs, &es, NULL, 0);
    ks_client_handshake_traffic_secret(&hs, transcript_hash, &s);
    ks_traffic_keys_derive(&s, AEAD_CHACHA20_POLY1305, &keys);
    ck_assert_uint_eq(keys.key_len, 32);
    ks_early_secret_init(&es, HASH_SHA256, NULL, 0);
    ks_early_secret_wipe(&es);
    ks_handshake_secret_wipe(&hs);
    ks_secret_wipe(&s);
    ks_traffic_keys_wipe(&keys);
    ck_assert(all_zero(&es, sizeof es));
    ck_assert(all_zero(&hs, sizeof hs));
    ck_assert(all_zero(&s, sizeof s));
    ck_assert(all_zero(&keys, sizeof keys));
}
END_TEST

/* ---- HkdfLabel limits (§7.1) -------------------------------------------- */

START_TEST(hkdf_label_layout_matches_the_rfc)
{
    /* RFC 8448 §3 prints the "key" info for a 16-byte key:
     * 00 10 | 09 "tls13 key" | 00. */
    static const uint8_t want[] = { 0x00, 0x10, 0x09, 't', 'l', 's', '1', '3', ' ',
                                    'k', 'e', 'y', 0x00 };
    uint8_t info[KS_HKDF_LABEL_MAX_LEN];
    size_t len = 0;
    ck_assert_int_eq(ks_hkdf_label("key", NULL, 0, 16, info, sizeof info, &len), TLS13_OK);
    ck_assert_uint_eq(len, sizeof want);
    ck_assert_mem_eq(info, want, sizeof want);
}
END_TEST

START_TEST(hkdf_label_enforces_vector_bounds)
{
    uint8_t info[KS_HKDF_LABEL_MAX_LEN], context[256] = {0};
    char label[251];
    size_t len = 0;
    memset(label, 'l', 250);
    label[250] = '\0';
    ck_assert_int_eq(ks_hkdf_label(label, NULL, 0, 32, info, sizeof info, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    label[249] = '\0'; /* 6 + 249 = 255: the largest label<7..255> */
    ck_assert_int_eq(ks_hkdf_label(label, context, 255, 32, info, sizeof info, &len),
                     TLS13_OK);
    ck_assert_uint_eq(len, KS_HKDF_LABEL_MAX_LEN);
    ck_assert_uint_eq(info[2], 255);
    ck_assert_int_eq(ks_hkdf_label("", NULL, 0, 32, info, sizeof info, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ks_hkdf_label("x", context, 256, 32, info, sizeof info, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ks_hkdf_label("x", NULL, 1, 32, info, sizeof info, &len),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert_int_eq(ks_hkdf_label("x", NULL, 0, 65536, info, sizeof info, &len),
                     TLS13_ERR_HKDF_LENGTH);
    ck_assert_int_eq(ks_hkdf_label("key", NULL, 0, 16, info, 12, &len),
                     TLS13_ERR_BUFFER_TOO_SMALL);
}
END_TEST

START_TEST(expand_label_refuses_more_than_255_blocks)
{
    static uint8_t out[255 * 48 + 1];
    uint8_t secret[48] = {1};
    ck_assert_int_eq(ks_hkdf_expand_label(HASH_SHA256, secret, "x", NULL, 0, out,
                                          255 * 32 + 1), TLS13_ERR_HKDF_LENGTH);
    ck_assert_int_eq(ks_hkdf_expand_label(HASH_SHA256, secret, "x", NULL, 0, out,
                                          255 * 32), TLS13_OK);
    ck_assert_int_eq(ks_hkdf_expand_label(HASH_SHA384, secret, "x", NULL, 0, out,
                                          255 * 48 + 1), TLS13_ERR_HKDF_LENGTH);
}
END_TEST

START_TEST(resumption_psk_rejects_oversized_nonce)
{
    uint8_t nonce[256] = {0};
    ks_secret rms, psk;
    memset(&rms, 0, sizeof rms);
    rms.alg = HASH_SHA256;
    memset(&psk, 0xff, sizeof psk);
    ck_assert_int_eq(ks_resumption_psk(&rms, nonce, sizeof nonce, &psk),
                     TLS13_ERR_INVALID_ARGUMENT);
    ck_assert(all_zero(psk.secret, sizeof psk.secret));
    ck_assert_int_eq(ks_resumption_psk(&rms, nonce, 255, &psk), TLS13_OK);
    ck_assert(!all_zero(psk.secret, 32));
}
END_TEST

START_TEST(finished_check_rejects_wrong_length)
{
    ks_secret key;
    uint8_t th[48] = {0}, vd[48];
    memset(&key, 0, sizeof key);
    key.alg = HASH_SHA384;
    ks_finished_verify_data(&key, th, vd);
    ck_assert(ks_finished_check(&key, th, vd, 48));
    ck_assert(!ks_finished_check(&key, th, vd, 32));
    ck_assert(!ks_finished_check(&key, th, NULL, 48));
}
END_TEST

static Suite *keyschedule_suite(void)
{
    Suite *s = suite_create("keyschedule");
    TCase *tc = tcase_create("traces");
    tcase_add_loop_test(tc, trace_key_schedule_is_reproduced_byte_for_byte, 0,
                        (int)N_SCENARIOS);
    suite_add_tcase(s, tc);
    tc = tcase_create("beyond the traces");
    tcase_add_test(tc, key_update_follows_traffic_upd);
    tcase_add_test(tc, exporter_matches_independent_computation);
    tcase_add_test(tc, exporter_rejects_bad_arguments);
    tcase_add_test(tc, external_binder_key_uses_ext_binder);
    tcase_add_test(tc, psk_only_handshake_secret_extracts_zeros);
    suite_add_tcase(s, tc);
    tc = tcase_create("wiping");
    tcase_add_test(tc, stage_transitions_wipe_the_consumed_stage);
    tcase_add_test(tc, wipe_functions_zero_the_whole_struct);
    suite_add_tcase(s, tc);
    tc = tcase_create("limits");
    tcase_add_test(tc, hkdf_label_layout_matches_the_rfc);
    tcase_add_test(tc, hkdf_label_enforces_vector_bounds);
    tcase_add_test(tc, expand_label_refuses_more_than_255_blocks);
    tcase_add_test(tc, resumption_psk_rejects_oversized_nonce);
    tcase_add_test(tc, finished_check_rejects_wrong_length);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    if (secure_init() != TLS13_OK)
        return EXIT_FAILURE;
    SRunner *sr = srunner_create(keyschedule_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
