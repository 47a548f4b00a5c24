/*
 * engine.c — what the client and server state machines share: dispatch
 * through the transition tables, the flight of outgoing messages, key
 * installation, the key-schedule steps, Finished and CertificateVerify.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "handshake/handshake.h"
#include "x509/x509.h"

static const char *const state_names[HS_STATE_COUNT] = {
    [HS_CLIENT_START] = "CLIENT_START",
    [HS_CLIENT_WAIT_SH] = "CLIENT_WAIT_SERVER_HELLO",
    [HS_CLIENT_WAIT_SH_AFTER_HRR] = "CLIENT_WAIT_SERVER_HELLO_AFTER_HRR",
    [HS_CLIENT_WAIT_EE] = "CLIENT_WAIT_ENCRYPTED_EXTENSIONS",
    [HS_CLIENT_WAIT_CERT_CR] = "CLIENT_WAIT_CERTIFICATE_OR_REQUEST",
    [HS_CLIENT_WAIT_CERT] = "CLIENT_WAIT_CERTIFICATE",
    [HS_CLIENT_WAIT_CV] = "CLIENT_WAIT_CERTIFICATE_VERIFY",
    [HS_CLIENT_WAIT_FINISHED] = "CLIENT_WAIT_FINISHED",
    [HS_CLIENT_CONNECTED] = "CLIENT_CONNECTED",
    [HS_SERVER_START] = "SERVER_WAIT_CLIENT_HELLO",
    [HS_SERVER_WAIT_CH2] = "SERVER_WAIT_SECOND_CLIENT_HELLO",
    [HS_SERVER_WAIT_CERT] = "SERVER_WAIT_CERTIFICATE",
    [HS_SERVER_WAIT_CV] = "SERVER_WAIT_CERTIFICATE_VERIFY",
    [HS_SERVER_WAIT_FINISHED] = "SERVER_WAIT_FINISHED",
    [HS_SERVER_CONNECTED] = "SERVER_CONNECTED",
};

const char *hs_state_name(hs_state state)
{
    return state < HS_STATE_COUNT ? state_names[state] : "?";
}

const char *hs_message_name(uint8_t type)
{
    switch (type) {
    case HS_CLIENT_HELLO: return "ClientHello";
    case HS_SERVER_HELLO: return "ServerHello";
    case HS_NEW_SESSION_TICKET: return "NewSessionTicket";
    case HS_END_OF_EARLY_DATA: return "EndOfEarlyData";
    case HS_ENCRYPTED_EXTENSIONS: return "EncryptedExtensions";
    case HS_CERTIFICATE: return "Certificate";
    case HS_CERTIFICATE_REQUEST: return "CertificateRequest";
    case HS_CERTIFICATE_VERIFY: return "CertificateVerify";
    case HS_FINISHED: return "Finished";
    case HS_KEY_UPDATE: return "KeyUpdate";
    default: return "unknown";
    }
}

static bool is_ip_literal(const char *name)
{
    uint8_t addr[16];
    return inet_pton(AF_INET, name, addr) == 1 || inet_pton(AF_INET6, name, addr) == 1;
}

tls13_error hs_init(handshake *hs, const struct tls13_config *cfg, bool is_server,
                    record_out *out, record_protection *rx, const char *server_name)
{
    memset(hs, 0, sizeof *hs);
    hs->cfg = cfg;
    hs->is_server = is_server;
    hs->out = out;
    hs->rx = rx;
    hs->state = is_server ? HS_SERVER_START : HS_CLIENT_START;
    ks_transcript_init(&hs->transcript);
    if (server_name != NULL) {
        size_t n = strlen(server_name);
        if (n == 0 || n >= sizeof hs->verify_host)
            return TLS13_ERR_INVALID_ARGUMENT;
        memcpy(hs->verify_host, server_name, n + 1);
        /* RFC 6066 §3: "Literal IPv4 and IPv6 addresses are not permitted
         * in "HostName"": an address is checked, but not sent. */
        if (!is_ip_literal(server_name))
            memcpy(hs->server_name, server_name, n + 1);
    }
    return TLS13_OK;
}

/* The handshake traffic secrets end with the handshake (§7.1: they protect
 * only handshake messages); after a failure nothing is kept at all. */
void hs_wipe_handshake_secrets(handshake *hs)
{
    ks_secret_wipe(&hs->client_hs);
    ks_secret_wipe(&hs->server_hs);
    ks_early_secret_wipe(&hs->early);
    ks_handshake_secret_wipe(&hs->hs_secret);
    kex_wipe(&hs->kex);
}

void hs_wipe_all_secrets(handshake *hs)
{
    hs_wipe_handshake_secrets(hs);
    ks_master_secret_wipe(&hs->master);
    ks_secret_wipe(&hs->client_ap);
    ks_secret_wipe(&hs->server_ap);
    ks_secret_wipe(&hs->exporter);
    ks_secret_wipe(&hs->resumption);
}

void hs_free(handshake *hs)
{
    ks_transcript_wipe(&hs->transcript);
    ks_early_secret_wipe(&hs->early);
    ks_handshake_secret_wipe(&hs->hs_secret);
    ks_master_secret_wipe(&hs->master);
    ks_secret *secrets[] = { &hs->client_hs, &hs->server_hs, &hs->client_ap,
                             &hs->server_ap, &hs->exporter, &hs->resumption };
    for (size_t i = 0; i < sizeof secrets / sizeof secrets[0]; i++)
        ks_secret_wipe(secrets[i]);
    kex_wipe(&hs->kex);
    free(hs->client_hello);
    free(hs->peer_leaf);
    if (hs->flight != NULL) {
        secure_wipe(hs->flight, hs->flight_cap);
        free(hs->flight);
    }
    memset(hs, 0, sizeof *hs);
}

tls13_error hs_fail(handshake *hs, tls13_error err, const char *detail)
{
    snprintf(hs->detail, sizeof hs->detail, "%s", detail);
    return err;
}

bool hs_connected(const handshake *hs)
{
    return hs->state == HS_CLIENT_CONNECTED || hs->state == HS_SERVER_CONNECTED;
}

/* RFC 9846 §5: a change_cipher_spec of 0x01 may arrive "at any time after
 * the first ClientHello message has been sent or received and before the
 * peer's Finished message has been received". */
bool hs_ccs_allowed(const handshake *hs)
{
    if (hs->is_server)
        return hs->state == HS_SERVER_WAIT_CH2 || hs->state == HS_SERVER_WAIT_CERT ||
               hs->state == HS_SERVER_WAIT_CV || hs->state == HS_SERVER_WAIT_FINISHED;
    return hs->state != HS_CLIENT_START && !hs_connected(hs);
}

/* ---- events and key logging ---------------------------------------------- */

void hs_event(const handshake *hs, tls13_event_type type, const char *name,
              const uint8_t *data, size_t len)
{
    if (hs->cfg->event == NULL)
        return;
    tls13_event ev = { type, name, data, len };
    hs->cfg->event(hs->cfg->event_ctx, &ev);
}

void hs_secret_event(const handshake *hs, const char *name, const char *keylog_label,
                     const ks_secret *secret)
{
    size_t len = hash_len(secret->alg);
    hs_event(hs, TLS13_EVENT_SECRET, name, secret->secret, len);
    if (keylog_label != NULL)
        keylog_secret(hs->cfg, keylog_label, hs->client_random, secret->secret, len);
}

size_t hs_hash_len(const handshake *hs)
{
    return hash_len(hs->suite->hash);
}

void hs_transcript_hash(const handshake *hs, uint8_t out[HASH_MAX_LEN])
{
    ks_transcript_hash(&hs->transcript, out);
}

/* ---- dispatch -------------------------------------------------------------- */

static const hs_transition *find_transition(const handshake *hs, uint8_t type)
{
    const hs_transition *table = hs->is_server ? hs_server_table : hs_client_table;
    size_t n = hs->is_server ? hs_server_table_len : hs_client_table_len;
    for (size_t i = 0; i < n; i++) {
        if (table[i].state == hs->state && table[i].msg_type == type)
            return &table[i];
    }
    return NULL;
}

tls13_error hs_dispatch(handshake *hs, const uint8_t *msg, size_t len)
{
    uint8_t type;
    span body;
    tls13_error err = hs_split_message(msg, len, &type, &body);
    if (err != TLS13_OK)
        return err;
    const hs_transition *t = find_transition(hs, type);
    if (t == NULL) {
        char detail[160];
        snprintf(detail, sizeof detail, "%s (type %u) is not expected in state %s",
                 hs_message_name(type), type, hs_state_name(hs->state));
        return hs_fail(hs, TLS13_ERR_UNEXPECTED_MESSAGE, detail);
    }
    hs_event(hs, TLS13_EVENT_MESSAGE_RECEIVED, hs_message_name(type), msg, len);
    hs->state_overridden = false;
    hs->rx_changed = false;
    err = t->handle(hs, msg, len, body);
    if (err != TLS13_OK)
        return err;
    if (!hs->state_overridden)
        hs->state = t->next;
    hs_event(hs, TLS13_EVENT_STATE, hs_state_name(hs->state), NULL, 0);
    return TLS13_OK;
}

/* ---- the outgoing flight ------------------------------------------------- */

tls13_error hs_queue_message(handshake *hs, const uint8_t *msg, size_t len, bool in_transcript)
{
    if (hs->flight_cap - hs->flight_len < len) {
        size_t cap = hs->flight_cap ? hs->flight_cap : 4096;
        while (cap - hs->flight_len < len)
            cap *= 2;
        uint8_t *grown = realloc(hs->flight, cap);
        if (grown == NULL)
            return TLS13_ERR_OUT_OF_MEMORY;
        hs->flight = grown;
        hs->flight_cap = cap;
    }
    memcpy(hs->flight + hs->flight_len, msg, len);
    hs->flight_len += len;
    if (in_transcript)
        ks_transcript_update(&hs->transcript, msg, len);
    hs_event(hs, TLS13_EVENT_MESSAGE_SENT, hs_message_name(msg[0]), msg, len);
    if (hs->cfg->test.one_message_per_record)
        return hs_flush(hs);
    return TLS13_OK;
}

tls13_error hs_flush(handshake *hs)
{
    if (hs->flight_len == 0)
        return TLS13_OK;
    tls13_error err = record_out_send(hs->out, RECORD_HANDSHAKE, hs->flight, hs->flight_len);
    secure_wipe(hs->flight, hs->flight_len);
    hs->flight_len = 0;
    return err;
}

/* RFC 9846 §E.4: the middlebox-compatibility change_cipher_spec, sent at most once. */
tls13_error hs_send_ccs(handshake *hs)
{
    static const uint8_t ccs[1] = { 1 };
    if (hs->ccs_sent)
        return TLS13_OK;
    tls13_error err = hs_flush(hs);
    if (err != TLS13_OK)
        return err;
    hs->ccs_sent = true;
    /* A change_cipher_spec is never protected (§5), even once keys are in. */
    bool active = hs->out->tx.active;
    hs->out->tx.active = false;
    err = record_out_send(hs->out, RECORD_CHANGE_CIPHER_SPEC, ccs, sizeof ccs);
    hs->out->tx.active = active;
    return err;
}

static tls13_error install(record_protection *p, const handshake *hs, const ks_secret *secret)
{
    ks_traffic_keys keys;
    ks_traffic_keys_derive(secret, hs->suite->aead, &keys);
    tls13_error err = record_protection_install(p, keys.aead, keys.key, keys.key_len, keys.iv);
    ks_traffic_keys_wipe(&keys);
    return err;
}

tls13_error hs_install_write_keys(handshake *hs, const ks_secret *secret)
{
    tls13_error err = hs_flush(hs);
    if (err != TLS13_OK)
        return err;
    return install(&hs->out->tx, hs, secret);
}

tls13_error hs_install_read_keys(handshake *hs, const ks_secret *secret)
{
    hs->rx_changed = true;
    return install(hs->rx, hs, secret);
}

/* ---- key schedule steps (RFC 9846 §7.1) ---------------------------------- */

tls13_error hs_derive_handshake_secrets(handshake *hs, const uint8_t *shared, size_t len)
{
    uint8_t th[HASH_MAX_LEN];
    ks_early_secret_init(&hs->early, hs->suite->hash, NULL, 0);
    ks_handshake_secret_from_early(&hs->hs_secret, &hs->early, shared, len);
    hs_transcript_hash(hs, th);
    ks_client_handshake_traffic_secret(&hs->hs_secret, th, &hs->client_hs);
    ks_server_handshake_traffic_secret(&hs->hs_secret, th, &hs->server_hs);
    hs_secret_event(hs, "client_handshake_traffic_secret", "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
                    &hs->client_hs);
    hs_secret_event(hs, "server_handshake_traffic_secret", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                    &hs->server_hs);
    return TLS13_OK;
}

/* After the server Finished: the master secret and the application secrets. */
void hs_derive_application_secrets(handshake *hs)
{
    uint8_t th[HASH_MAX_LEN];
    ks_master_secret_from_handshake(&hs->master, &hs->hs_secret);
    hs_transcript_hash(hs, th);
    ks_client_application_traffic_secret_0(&hs->master, th, &hs->client_ap);
    ks_server_application_traffic_secret_0(&hs->master, th, &hs->server_ap);
    ks_exporter_master_secret(&hs->master, th, &hs->exporter);
    hs_secret_event(hs, "client_application_traffic_secret_0", "CLIENT_TRAFFIC_SECRET_0",
                    &hs->client_ap);
    hs_secret_event(hs, "server_application_traffic_secret_0", "SERVER_TRAFFIC_SECRET_0",
                    &hs->server_ap);
    hs_secret_event(hs, "exporter_master_secret", "EXPORTER_SECRET", &hs->exporter);
}

/* After the client Finished (§7.1): the master secret is needed no more. */
void hs_derive_resumption_secret(handshake *hs)
{
    uint8_t th[HASH_MAX_LEN];
    hs_transcript_hash(hs, th);
    ks_resumption_master_secret(&hs->master, th, &hs->resumption);
    hs_secret_event(hs, "resumption_master_secret", NULL, &hs->resumption);
    ks_master_secret_wipe(&hs->master);
}

/* ---- Finished (§4.5.3) ------------------------------------------------------ */

tls13_error hs_send_finished(handshake *hs, const ks_secret *base_key)
{
    uint8_t th[HASH_MAX_LEN], verify[HASH_MAX_LEN], msg[HS_HEADER_LEN + HASH_MAX_LEN];
    ks_secret finished_key;
    size_t msg_len;
    wire_writer w;
    hs_transcript_hash(hs, th);
    ks_finished_key(base_key, &finished_key);
    ks_finished_verify_data(&finished_key, th, verify);
    ks_secret_wipe(&finished_key);
    wire_writer_init(&w, msg, sizeof msg);
    if (!hs_write_finished(&w, verify, hs_hash_len(hs)) || !wire_writer_finish(&w, &msg_len))
        return TLS13_ERR_INTERNAL_WRITE;
    return hs_queue_message(hs, msg, msg_len, true);
}

tls13_error hs_check_finished(handshake *hs, const ks_secret *base_key, span body)
{
    uint8_t th[HASH_MAX_LEN];
    ks_secret finished_key;
    span verify_data;
    tls13_error err = hs_parse_finished(body.data, body.len, hs_hash_len(hs), &verify_data);
    if (err != TLS13_OK)
        return err;
    hs_transcript_hash(hs, th);
    ks_finished_key(base_key, &finished_key);
    /* §4.5.3: "Recipients of Finished messages MUST verify that the contents
     * are correct and if incorrect MUST terminate the connection with a
     * "decrypt_error" alert." Compared in constant time. */
    bool ok = ks_finished_check(&finished_key, th, verify_data.data, verify_data.len);
    ks_secret_wipe(&finished_key);
    if (!ok)
        return hs_fail(hs, TLS13_ERR_BAD_FINISHED, "the peer's Finished does not match "
                       "our transcript (wrong keys, or the handshake was tampered with)");
    return TLS13_OK;
}

/* ---- CertificateVerify (§4.5.2) ----------------------------------------- */

/* Before our certificate goes out: a key that is not the certificate's
 * could only earn a decrypt_error from the peer, which would hide the cause. */
tls13_error hs_check_our_credentials(const handshake *hs)
{
    if (hs->cfg->test.sign_with_any_key)
        return hs->cfg->has_key && hs->cfg->chain.count > 0 ? TLS13_OK
                                                            : TLS13_ERR_NO_CERTIFICATE_CONFIGURED;
    return tls13_config_check_credentials(hs->cfg);
}

tls13_error hs_send_certificate_verify(handshake *hs, bool server, uint16_t scheme)
{
    uint8_t th[HASH_MAX_LEN], content[146], sig[SIG_MAX_SIGNATURE_LEN];
    size_t sig_len = 0, msg_len;
    hs_transcript_hash(hs, th);
    size_t content_len = hs_certificate_verify_content(server, th, hs_hash_len(hs), content);
    tls13_error err = sig_sign(&hs->cfg->key, scheme, content, content_len,
                               &hs->cfg->rng, sig, sizeof sig, &sig_len);
    if (err != TLS13_OK)
        return err;
    uint8_t msg[HS_HEADER_LEN + 4 + SIG_MAX_SIGNATURE_LEN];
    wire_writer w;
    wire_writer_init(&w, msg, sizeof msg);
    span s = { sig, sig_len };
    if (!hs_write_certificate_verify(&w, scheme, s) || !wire_writer_finish(&w, &msg_len))
        return TLS13_ERR_INTERNAL_WRITE;
    return hs_queue_message(hs, msg, msg_len, true);
}

tls13_error hs_check_certificate_verify(handshake *hs, bool from_server, span body,
                                        span offered)
{
    certificate_verify cv;
    uint8_t th[HASH_MAX_LEN], content[146];
    tls13_error err = hs_parse_certificate_verify(body.data, body.len, &cv);
    if (err != TLS13_OK)
        return err;
    /* §4.5.2: the algorithm must be one we offered in signature_algorithms,
     * and one that fits the certificate's key. */
    if (!hs_u16_list_contains(offered, cv.algorithm) ||
        !sig_key_usable_in_certificate_verify(cv.algorithm, &hs->peer_key))
        return hs_fail(hs, TLS13_ERR_CV_SCHEME_NOT_OFFERED, sig_scheme_name(cv.algorithm));
    hs_transcript_hash(hs, th);
    size_t content_len = hs_certificate_verify_content(from_server, th, hs_hash_len(hs), content);
    err = sig_verify(&hs->peer_key, cv.algorithm, content, content_len,
                     cv.signature.data, cv.signature.len);
    if (err != TLS13_OK)
        return hs_fail(hs, err, "the CertificateVerify signature does not verify with "
                       "the certificate's public key");
    if (from_server)
        hs->sig_scheme = cv.algorithm;
    else
        hs->client_sig_scheme = cv.algorithm;
    return TLS13_OK;
}

/* ---- certificates -------------------------------------------------------- */

/* rsa_pkcs1_* is offered for certificate signatures only; a CertificateVerify
 * using it is refused (sig_scheme_usable_in_certificate_verify). */
const uint16_t hs_signature_schemes[] = {
    SIG_ECDSA_SECP256R1_SHA256, SIG_ECDSA_SECP384R1_SHA384, SIG_ED25519,
    SIG_RSA_PSS_RSAE_SHA256, SIG_RSA_PSS_RSAE_SHA384, SIG_RSA_PSS_RSAE_SHA512,
    SIG_RSA_PSS_PSS_SHA256, SIG_RSA_PSS_PSS_SHA384, SIG_RSA_PSS_PSS_SHA512,
    SIG_RSA_PKCS1_SHA256, SIG_RSA_PKCS1_SHA384, SIG_RSA_PKCS1_SHA512,
};
const size_t hs_signature_scheme_count = sizeof hs_signature_schemes / sizeof hs_signature_schemes[0];

/* §4.3.3: the peer's list is in its order of preference. */
uint16_t hs_choose_signature_scheme(const handshake *hs, span peer_list)
{
    size_t n = hs_u16_list_count(peer_list);
    for (size_t i = 0; i < n; i++) {
        uint16_t scheme = hs_u16_list_at(peer_list, i);
        if (sig_key_usable_in_certificate_verify(scheme, &hs->cfg->key.pub))
            return scheme;
    }
    return 0;
}

tls13_error hs_send_certificate(handshake *hs, span context, bool empty)
{
    const x509_chain *chain = &hs->cfg->chain;
    size_t count = empty ? 0 : chain->count;
    span certs[X509_MAX_CHAIN];
    size_t total = HS_HEADER_LEN + 1 + context.len + 3;
    for (size_t i = 0; i < count; i++) {
        certs[i].data = chain->certs[i].data;
        certs[i].len = chain->certs[i].len;
        total += chain->certs[i].len + 5;
    }
    uint8_t *msg = malloc(total);
    if (msg == NULL)
        return TLS13_ERR_OUT_OF_MEMORY;
    size_t len;
    wire_writer w;
    wire_writer_init(&w, msg, total);
    tls13_error err = TLS13_OK;
    if (!hs_write_certificate(&w, context, certs, count) || !wire_writer_finish(&w, &len))
        err = TLS13_ERR_INTERNAL_WRITE;
    if (err == TLS13_OK)
        err = hs_queue_message(hs, msg, len, true);
    free(msg);
    return err;
}

tls13_error hs_keep_peer_leaf(handshake *hs, span leaf)
{
    tls13_error err = x509_certificate_public_key(leaf.data, leaf.len, &hs->peer_key);
    if (err != TLS13_OK)
        return hs_fail(hs, err, "cannot read the public key of the peer's certificate");
    free(hs->peer_leaf);
    hs->peer_leaf = malloc(leaf.len);
    if (hs->peer_leaf == NULL)
        return TLS13_ERR_OUT_OF_MEMORY;
    memcpy(hs->peer_leaf, leaf.data, leaf.len);
    hs->peer_leaf_len = leaf.len;
    return TLS13_OK;
}

/* ---- post-handshake ---------------------------------------------------------- */

/* §4.7.3: send KeyUpdate under the old keys, then switch to the next ones. */
/* §4.7.3: "sending implementations MUST NOT allow the epoch -- and hence
 * the number of key updates -- to exceed 2^48-1". */
#define HS_MAX_KEY_UPDATES ((UINT64_C(1) << 48) - 1)

tls13_error hs_send_key_update(handshake *hs, bool request_peer)
{
    if (hs->key_updates_sent >= HS_MAX_KEY_UPDATES)
        return TLS13_ERR_SEQUENCE_EXHAUSTED;
    /* §4.7.3: "Until receiving a subsequent KeyUpdate from the peer, the
     * sender MUST NOT send another KeyUpdate with request_update set to
     * "update_requested"": a second request becomes a plain update. */
    if (hs->key_update_requested)
        request_peer = false;
    uint8_t msg[HS_HEADER_LEN + 1];
    size_t msg_len;
    wire_writer w;
    wire_writer_init(&w, msg, sizeof msg);
    if (!hs_write_key_update(&w, request_peer ? KEY_UPDATE_REQUESTED : KEY_UPDATE_NOT_REQUESTED) ||
        !wire_writer_finish(&w, &msg_len))
        return TLS13_ERR_INTERNAL_WRITE;
    tls13_error err = hs_queue_message(hs, msg, msg_len, false);
    if (err != TLS13_OK)
        return err;
    hs->key_updates_sent++;
    hs->key_update_requested |= request_peer;
    hs->key_update_reply_owed = false; /* any KeyUpdate of ours answers it */
    ks_secret *mine = hs->is_server ? &hs->server_ap : &hs->client_ap;
    ks_next_application_traffic_secret(mine);
    hs_secret_event(hs, hs->is_server ? "server_application_traffic_secret_N+1"
                                      : "client_application_traffic_secret_N+1", NULL, mine);
    return hs_install_write_keys(hs, mine);
}

/* §4.7.3: on a KeyUpdate the receiver moves to the peer's next read keys and,
 * if asked, "MUST send a KeyUpdate of its own with request_update set to
 * update_not_requested prior to sending its next Application Data record"
 * -- one answer however many requests came while we were silent, and none
 * once we have sent close_notify (§6.1). */
tls13_error hs_on_key_update(handshake *hs, const uint8_t *msg, size_t len, span body)
{
    (void)msg;
    (void)len;
    uint8_t request_update;
    tls13_error err = hs_parse_key_update(body.data, body.len, &request_update);
    if (err != TLS13_OK)
        return err;
    ks_secret *peer = hs->is_server ? &hs->client_ap : &hs->server_ap;
    ks_next_application_traffic_secret(peer);
    hs_secret_event(hs, hs->is_server ? "client_application_traffic_secret_N+1"
                                      : "server_application_traffic_secret_N+1", NULL, peer);
    err = hs_install_read_keys(hs, peer);
    hs->key_update_requested = false;
    if (request_update == KEY_UPDATE_REQUESTED && !hs->write_closed)
        hs->key_update_reply_owed = true;
    return err;
}

tls13_error hs_answer_key_update(handshake *hs)
{
    if (!hs->key_update_reply_owed || hs->write_closed)
        return TLS13_OK;
    return hs_send_key_update(hs, false);
}
