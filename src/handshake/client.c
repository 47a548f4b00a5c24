/*
 * client.c — the client state machine (RFC 9846 §A.1):
 *
 *   START --send ClientHello--> WAIT_SH
 *   WAIT_SH --HelloRetryRequest / send ClientHello2--> WAIT_SH_AFTER_HRR
 *   WAIT_SH, WAIT_SH_AFTER_HRR --ServerHello--> WAIT_EE
 *   WAIT_EE --EncryptedExtensions--> WAIT_CERT_CR
 *   WAIT_CERT_CR --CertificateRequest--> WAIT_CERT
 *   WAIT_CERT_CR, WAIT_CERT --Certificate--> WAIT_CV
 *   WAIT_CV --CertificateVerify--> WAIT_FINISHED
 *   WAIT_FINISHED --Finished / send [Certificate] Finished--> CONNECTED
 *   CONNECTED --NewSessionTicket, KeyUpdate--> CONNECTED
 *
 * Each handler is one RFC step; the table at the end is the whole machine.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "handshake/handshake.h"
#include "x509/x509.h"

/* ---- ClientHello (§4.2.2) ---------------------------------------------- */

static tls13_error build_client_hello(handshake *hs, uint8_t *buf, size_t cap, size_t *len)
{
    const tls13_config *cfg = hs->cfg;
    client_hello_params p;
    memset(&p, 0, sizeof p);
    memcpy(p.random, hs->client_random, HS_RANDOM_LEN);
    memcpy(p.legacy_session_id, hs->session_id, hs->session_id_len);
    p.legacy_session_id_len = hs->session_id_len;
    p.cipher_suites = cfg->suites;
    p.cipher_suite_count = cfg->suite_count;
    p.server_name = hs->server_name[0] ? hs->server_name : NULL;
    p.groups = cfg->groups;
    p.group_count = cfg->group_count;
    p.signature_algorithms = hs_signature_schemes;
    p.signature_algorithm_count = hs_signature_scheme_count;
    key_share_entry share = { (uint16_t)hs->kex.group, { hs->kex.public_key, hs->kex.public_len } };
    p.key_shares = &share;
    p.key_share_count = 1;
    p.cookie.data = hs->cookie;
    p.cookie.len = hs->cookie_len;
    p.alpn = cfg->alpn;
    p.alpn_count = cfg->alpn_count;
    wire_writer w;
    wire_writer_init(&w, buf, cap);
    if (!hs_write_client_hello(&w, &p) || !wire_writer_finish(&w, len))
        return TLS13_ERR_INTERNAL_WRITE;
    return TLS13_OK;
}

/* Keeps our own ClientHello (or the one a test substitutes for it) and
 * parses it: the server's answers are checked against what it offered. */
static tls13_error keep_client_hello(handshake *hs, const uint8_t *msg, size_t len)
{
    uint8_t type;
    span body;
    uint8_t *copy = malloc(len);
    if (copy == NULL)
        return TLS13_ERR_OUT_OF_MEMORY;
    memcpy(copy, msg, len);
    free(hs->client_hello);
    hs->client_hello = copy;
    hs->client_hello_len = len;
    tls13_error err = hs_split_message(copy, len, &type, &body);
    if (err == TLS13_OK)
        err = hs_parse_client_hello(body.data, body.len, &hs->offered);
    if (err != TLS13_OK)
        return err;
    memcpy(hs->client_random, hs->offered.random, HS_RANDOM_LEN);
    hs->session_id_len = hs->offered.legacy_session_id.len;
    memcpy(hs->session_id, hs->offered.legacy_session_id.data, hs->session_id_len);
    return TLS13_OK;
}

/* Builds, keeps and sends a ClientHello; `which` is 0 for the first, 1 after
 * a HelloRetryRequest. */
static tls13_error send_client_hello(handshake *hs, int which)
{
    uint8_t buf[4096];
    size_t len;
    tls13_error err = build_client_hello(hs, buf, sizeof buf, &len);
    if (err != TLS13_OK)
        return err;
    span substitute = hs->cfg->test.client_hello[which];
    err = substitute.len ? keep_client_hello(hs, substitute.data, substitute.len)
                         : keep_client_hello(hs, buf, len);
    if (err != TLS13_OK)
        return err;
    /* §5.1: legacy_record_version may be 0x0301 for an initial ClientHello,
     * "for maximum backward compatibility"; 0x0303 ever after. */
    hs->out->legacy_version = which == 0 ? RECORD_LEGACY_VERSION_INITIAL : RECORD_LEGACY_VERSION;
    err = hs_queue_message(hs, hs->client_hello, hs->client_hello_len, true);
    if (err == TLS13_OK)
        err = hs_flush(hs);
    hs->out->legacy_version = RECORD_LEGACY_VERSION;
    return err;
}

tls13_error hs_client_start(handshake *hs)
{
    const tls13_config *cfg = hs->cfg;
    if (hs->state != HS_CLIENT_START)
        return TLS13_ERR_INVALID_ARGUMENT;
    /* §E.4 middlebox compatibility mode: a non-empty legacy_session_id. */
    hs->session_id_len = HS_MAX_SESSION_ID;
    tls13_error err = secure_random(&cfg->rng, hs->client_random, HS_RANDOM_LEN);
    if (err == TLS13_OK)
        err = secure_random(&cfg->rng, hs->session_id, hs->session_id_len);
    if (err == TLS13_OK)
        err = kex_generate(&hs->kex, (kex_group)cfg->groups[0], &cfg->rng);
    if (err == TLS13_OK)
        err = send_client_hello(hs, 0);
    if (err == TLS13_OK)
        hs->state = HS_CLIENT_WAIT_SH;
    return err;
}

/* ---- ServerHello and HelloRetryRequest (§4.2.3, §4.2.4) ------------------ */

/* Checks shared by ServerHello and HelloRetryRequest (§4.2.3). */
static tls13_error check_server_hello(handshake *hs, const server_hello *sh)
{
    if (!sh->has_supported_versions) {
        /* A TLS 1.2 (or older) ServerHello. §4.2.3: a TLS 1.3 client that
         * sees a downgrade sentinel "MUST abort the handshake with an
         * illegal_parameter alert"; otherwise we do not speak that version. */
        const uint8_t *tail = sh->random + HS_RANDOM_LEN - 8;
        if (memcmp(tail, HS_DOWNGRADE_TLS12, 8) == 0 || memcmp(tail, HS_DOWNGRADE_TLS11, 8) == 0)
            return hs_fail(hs, TLS13_ERR_DOWNGRADE_DETECTED, "server random ends in DOWNGRD");
        return hs_fail(hs, TLS13_ERR_NO_TLS13, "server answered without TLS 1.3");
    }
    if (sh->selected_version != TLS13_VERSION)
        return TLS13_ERR_SERVER_WRONG_VERSION;
    /* §4.2.3: "legacy_version: ... In TLS 1.3 ... MUST be set to 0x0303". */
    if (sh->legacy_version != TLS12_VERSION)
        return TLS13_ERR_SERVER_LEGACY_VERSION;
    /* §4.2.3: legacy_session_id_echo must be the client's session id. */
    if (sh->legacy_session_id_echo.len != hs->session_id_len ||
        memcmp(sh->legacy_session_id_echo.data, hs->session_id, hs->session_id_len) != 0)
        return TLS13_ERR_SERVER_SESSION_ID_MISMATCH;
    if (!hs_u16_list_contains(hs->offered.cipher_suites, sh->cipher_suite) ||
        cipher_suite_lookup(sh->cipher_suite) == NULL)
        return TLS13_ERR_SERVER_CHOSE_UNOFFERED_SUITE;
    return hs_check_solicited(sh->extension_types, sh->extension_count, &hs->offered,
                              sh->is_hello_retry_request);
}

/* §4.2.4: the client answers a HelloRetryRequest once, with a new share for
 * the group asked for and the cookie echoed; the transcript restarts with
 * message_hash(ClientHello1) (§4.1). */
static tls13_error on_hello_retry_request(handshake *hs, const uint8_t *msg, size_t len,
                                          const server_hello *hrr)
{
    if (hs->state == HS_CLIENT_WAIT_SH_AFTER_HRR)
        return TLS13_ERR_SECOND_HELLO_RETRY_REQUEST;
    if (!hrr->has_key_share && !hrr->has_cookie)
        return TLS13_ERR_HRR_CHANGED_NOTHING;
    if (hrr->has_key_share && (hrr->selected_group == hs->kex.group ||
                               !hs_u16_list_contains(hs->offered.supported_groups,
                                                     hrr->selected_group) ||
                               !kex_group_supported(hrr->selected_group)))
        return TLS13_ERR_HRR_GROUP_ALREADY_SENT;
    if (hrr->cookie.len > sizeof hs->cookie)
        return hs_fail(hs, TLS13_ERR_MESSAGE_TOO_LARGE, "HelloRetryRequest cookie too long");
    hs->hello_retried = true;
    hs->hrr_suite = hrr->cipher_suite;
    hs->suite = cipher_suite_lookup(hrr->cipher_suite);
    ks_transcript_select(&hs->transcript, hs->suite->hash);
    ks_transcript_replace_with_message_hash(&hs->transcript);
    ks_transcript_update(&hs->transcript, msg, len);
    if (hrr->cookie.len > 0) /* no cookie: its data pointer is NULL */
        memcpy(hs->cookie, hrr->cookie.data, hrr->cookie.len);
    hs->cookie_len = hrr->cookie.len;
    tls13_error err = TLS13_OK;
    if (hrr->has_key_share) {
        kex_wipe(&hs->kex);
        err = kex_generate(&hs->kex, (kex_group)hrr->selected_group, &hs->cfg->rng);
    }
    /* §E.4: in compatibility mode the CCS goes before the second flight. */
    if (err == TLS13_OK && hs->session_id_len > 0)
        err = hs_send_ccs(hs);
    if (err == TLS13_OK)
        err = send_client_hello(hs, 1);
    hs->state = HS_CLIENT_WAIT_SH_AFTER_HRR;
    hs->state_overridden = true;
    return err;
}

/* §4.3.8: the server's share must be for the group of the share we sent;
 * then the (EC)DHE secret and the handshake keys (§7.1). */
static tls13_error accept_server_share(handshake *hs, const server_hello *sh)
{
    if (!sh->has_key_share)
        return hs_fail(hs, TLS13_ERR_SERVER_NO_KEY_SHARE, "ServerHello has no key_share");
    if (sh->key_share.group != hs->kex.group)
        return TLS13_ERR_SERVER_CHOSE_UNOFFERED_GROUP;
    uint8_t shared[KEX_MAX_SHARED_LEN];
    size_t shared_len;
    tls13_error err = kex_shared_secret(&hs->kex, sh->key_share.key_exchange.data,
                                        sh->key_share.key_exchange.len, shared, &shared_len);
    if (err == TLS13_OK)
        err = hs_derive_handshake_secrets(hs, shared, shared_len);
    secure_wipe(shared, sizeof shared);
    hs->group = (uint16_t)hs->kex.group;
    kex_wipe(&hs->kex);
    if (err != TLS13_OK)
        return err;
    err = hs_install_read_keys(hs, &hs->server_hs);
    if (err == TLS13_OK)
        err = hs_install_write_keys(hs, &hs->client_hs);
    return err;
}

static tls13_error on_server_hello(handshake *hs, const uint8_t *msg, size_t len, span body)
{
    server_hello sh;
    tls13_error err = hs_parse_server_hello(body.data, body.len, &sh);
    if (err == TLS13_OK)
        err = check_server_hello(hs, &sh);
    if (err != TLS13_OK)
        return err;
    if (sh.is_hello_retry_request)
        return on_hello_retry_request(hs, msg, len, &sh);
    /* §4.2.4: the ServerHello's suite must be the HelloRetryRequest's. */
    if (hs->hello_retried && sh.cipher_suite != hs->hrr_suite)
        return TLS13_ERR_SUITE_CHANGED_AFTER_HRR;
    if (sh.has_pre_shared_key)
        return TLS13_ERR_SERVER_SELECTED_PSK;
    memcpy(hs->server_random, sh.random, HS_RANDOM_LEN);
    hs->suite = cipher_suite_lookup(sh.cipher_suite);
    ks_transcript_select(&hs->transcript, hs->suite->hash);
    ks_transcript_update(&hs->transcript, msg, len);
    return accept_server_share(hs, &sh);
}

/* ---- EncryptedExtensions (§4.4.1) ---------------------------------------- */

static tls13_error on_encrypted_extensions(handshake *hs, const uint8_t *msg, size_t len,
                                           span body)
{
    encrypted_extensions ee;
    tls13_error err = hs_parse_encrypted_extensions(body.data, body.len, &ee);
    if (err == TLS13_OK)
        err = hs_check_solicited(ee.extension_types, ee.extension_count, &hs->offered, false);
    if (err != TLS13_OK)
        return err;
    if (ee.has_alpn) {
        /* RFC 7301 §3.1: the server's protocol must be one the client offered. */
        bool offered = false;
        for (size_t i = 0; i < hs->cfg->alpn_count; i++)
            offered |= hs->cfg->alpn[i].len == ee.alpn_protocol.len &&
                       memcmp(hs->cfg->alpn[i].data, ee.alpn_protocol.data,
                              ee.alpn_protocol.len) == 0;
        if (!offered)
            return hs_fail(hs, TLS13_ERR_ALPN_MISMATCH, "server selected an ALPN protocol "
                           "the client did not offer");
        memcpy(hs->alpn, ee.alpn_protocol.data, ee.alpn_protocol.len);
        hs->alpn_len = ee.alpn_protocol.len;
    }
    if (ee.has_record_size_limit) {
        /* RFC 8449 §4: in TLS 1.3 the limit counts the content type byte. */
        hs->peer_record_size_limit = ee.record_size_limit;
        if ((size_t)ee.record_size_limit - 1 < hs->out->max_fragment)
            hs->out->max_fragment = (size_t)ee.record_size_limit - 1;
    }
    ks_transcript_update(&hs->transcript, msg, len);
    return TLS13_OK;
}

/* ---- CertificateRequest (§4.4.2) ------------------------------------------- */

static tls13_error on_certificate_request(handshake *hs, const uint8_t *msg, size_t len,
                                          span body)
{
    certificate_request cr;
    tls13_error err = hs_parse_certificate_request(body.data, body.len, &cr);
    if (err != TLS13_OK)
        return err;
    /* §4.4.2: the context "SHALL be zero length unless used for the
     * post-handshake authentication exchanges"; this is the handshake. */
    if (cr.certificate_request_context.len != 0)
        return hs_fail(hs, TLS13_ERR_BAD_CERT_REQUEST_CONTEXT,
                       "the handshake's CertificateRequest has a non-empty context");
    /* Answered after the server's Finished: with our certificate if we have
     * one the server's signature_algorithms allow, else with an empty
     * Certificate (§4.5.1), and the server decides by its policy. The
     * request context is echoed, so keep it. */
    if (cr.certificate_request_context.len > sizeof hs->cert_request_context)
        return TLS13_ERR_DECODE;
    memcpy(hs->cert_request_context, cr.certificate_request_context.data,
           cr.certificate_request_context.len);
    hs->cert_request_context_len = cr.certificate_request_context.len;
    if (cr.signature_algorithms.len > sizeof hs->cr_signature_algorithms)
        return TLS13_ERR_DECODE;
    memcpy(hs->cr_signature_algorithms, cr.signature_algorithms.data,
           cr.signature_algorithms.len);
    hs->cr_signature_algorithms_len = cr.signature_algorithms.len;
    hs->certificate_requested = true;
    ks_transcript_update(&hs->transcript, msg, len);
    return TLS13_OK;
}

/* ---- Certificate (§4.5.1) and CertificateVerify (§4.5.2) ------------------- */

static bool public_keys_equal(const sig_public_key *a, const sig_public_key *b)
{
    return sig_public_key_equal(a, b);
}

/* Who is the server? Pins, when the user gave some, replace path
 * validation; --insecure skips both; otherwise the chain must lead to one of
 * our trust anchors and the leaf must carry the host name (RFC 5280 §6,
 * RFC 6125). Never silently. */
static tls13_error check_pins(handshake *hs)
{
    const tls13_config *cfg = hs->cfg;
    for (size_t i = 0; i < cfg->pin_count; i++) {
        bool same_cert = cfg->pins[i].len == hs->peer_leaf_len &&
                         memcmp(cfg->pins[i].data, hs->peer_leaf, hs->peer_leaf_len) == 0;
        if (same_cert || public_keys_equal(&cfg->pin_keys[i], &hs->peer_key))
            return TLS13_OK;
    }
    char detail[96];
    snprintf(detail, sizeof detail, "%zu pin%s given, none is the server's certificate or key",
             cfg->pin_count, cfg->pin_count == 1 ? "" : "s");
    return hs_fail(hs, TLS13_ERR_CERTIFICATE_NOT_TRUSTED, detail);
}

static tls13_error verify_server_chain(handshake *hs, const certificate_msg *cert)
{
    if (hs->verify_host[0] == '\0')
        return hs_fail(hs, TLS13_ERR_CERTIFICATE_NOT_TRUSTED,
                       "no host name to check the server's certificate against");
    x509_bytes chain[HS_MAX_CERT_CHAIN];
    for (size_t i = 0; i < cert->cert_count; i++) {
        chain[i].data = cert->cert_data[i].data;
        chain[i].len = cert->cert_data[i].len;
    }
    x509_verify_params params = { &hs->cfg->anchors, config_now(hs->cfg), hs->verify_host,
                                  X509_PURPOSE_SERVER, 0 };
    sig_public_key leaf_key;
    return x509_verify_chain(&params, chain, cert->cert_count, &leaf_key, hs->detail,
                             sizeof hs->detail);
}

static tls13_error authenticate_server(handshake *hs, const certificate_msg *cert)
{
    if (hs->cfg->insecure_noverifycert)
        return TLS13_OK;
    if (hs->cfg->pin_count > 0)
        return check_pins(hs);
    return verify_server_chain(hs, cert);
}

static tls13_error on_certificate(handshake *hs, const uint8_t *msg, size_t len, span body)
{
    certificate_msg cert;
    tls13_error err = hs_parse_certificate(body.data, body.len, &cert);
    if (err == TLS13_OK)
        err = hs_check_solicited(cert.extension_types, cert.extension_count, &hs->offered, false);
    if (err != TLS13_OK)
        return err;
    /* §4.5.1: "In the case of server authentication, this field SHALL be
     * zero length." */
    if (cert.certificate_request_context.len != 0)
        return TLS13_ERR_BAD_CERT_REQUEST_CONTEXT;
    /* §4.5.1.3: "If the server supplies an empty Certificate message, the
     * client MUST abort the handshake with a "decode_error" alert." */
    if (cert.cert_count == 0)
        return TLS13_ERR_EMPTY_CERTIFICATE;
    err = hs_keep_peer_leaf(hs, cert.cert_data[0]);
    if (err != TLS13_OK)
        return err;
    err = authenticate_server(hs, &cert);
    if (err != TLS13_OK)
        return err;
    ks_transcript_update(&hs->transcript, msg, len);
    return TLS13_OK;
}

static tls13_error on_certificate_verify(handshake *hs, const uint8_t *msg, size_t len,
                                         span body)
{
    tls13_error err = hs_check_certificate_verify(hs, true, body,
                                                  hs->offered.signature_algorithms);
    if (err != TLS13_OK)
        return err;
    hs->peer_authenticated = true;
    ks_transcript_update(&hs->transcript, msg, len);
    return TLS13_OK;
}

/* ---- Finished (§4.5.3) and the client's second flight ---------------------- */

/* §4.5.1, §4.5.2: the client's answer to a CertificateRequest. */
static tls13_error send_client_certificate(handshake *hs)
{
    span context = { hs->cert_request_context, hs->cert_request_context_len };
    span allowed = { hs->cr_signature_algorithms, hs->cr_signature_algorithms_len };
    uint16_t scheme = 0;
    if (hs->cfg->has_key || hs->cfg->chain.count > 0) {
        tls13_error check = hs_check_our_credentials(hs);
        if (check != TLS13_OK)
            return check;
        scheme = hs_choose_signature_scheme(hs, allowed);
    }
    tls13_error err = hs_send_certificate(hs, context, scheme == 0);
    if (err == TLS13_OK && scheme != 0) {
        hs->client_sig_scheme = scheme;
        err = hs_send_certificate_verify(hs, false, scheme);
    }
    return err;
}

static tls13_error on_server_finished(handshake *hs, const uint8_t *msg, size_t len, span body)
{
    tls13_error err = hs_check_finished(hs, &hs->server_hs, body);
    if (err != TLS13_OK)
        return err;
    ks_transcript_update(&hs->transcript, msg, len);
    hs_derive_application_secrets(hs);
    err = hs_install_read_keys(hs, &hs->server_ap);
    if (err == TLS13_OK && hs->session_id_len > 0)
        err = hs_send_ccs(hs);
    if (err == TLS13_OK && hs->certificate_requested)
        err = send_client_certificate(hs);
    if (err == TLS13_OK)
        err = hs_send_finished(hs, &hs->client_hs);
    if (err == TLS13_OK)
        err = hs_install_write_keys(hs, &hs->client_ap);
    if (err == TLS13_OK)
        hs_derive_resumption_secret(hs);
    hs_wipe_handshake_secrets(hs);
    return err;
}

/* ---- post-handshake (§4.7) ------------------------------------------------------ */

/* §4.7.1: tickets are accepted and checked, and (until resumption exists)
 * not kept. The application never sees them. */
static tls13_error on_new_session_ticket(handshake *hs, const uint8_t *msg, size_t len,
                                         span body)
{
    (void)hs;
    (void)msg;
    (void)len;
    new_session_ticket nst;
    return hs_parse_new_session_ticket(body.data, body.len, &nst);
}

const hs_transition hs_client_table[] = {
    { HS_CLIENT_WAIT_SH, HS_SERVER_HELLO, on_server_hello, HS_CLIENT_WAIT_EE },
    { HS_CLIENT_WAIT_SH_AFTER_HRR, HS_SERVER_HELLO, on_server_hello, HS_CLIENT_WAIT_EE },
    { HS_CLIENT_WAIT_EE, HS_ENCRYPTED_EXTENSIONS, on_encrypted_extensions, HS_CLIENT_WAIT_CERT_CR },
    { HS_CLIENT_WAIT_CERT_CR, HS_CERTIFICATE_REQUEST, on_certificate_request, HS_CLIENT_WAIT_CERT },
    { HS_CLIENT_WAIT_CERT_CR, HS_CERTIFICATE, on_certificate, HS_CLIENT_WAIT_CV },
    { HS_CLIENT_WAIT_CERT, HS_CERTIFICATE, on_certificate, HS_CLIENT_WAIT_CV },
    { HS_CLIENT_WAIT_CV, HS_CERTIFICATE_VERIFY, on_certificate_verify, HS_CLIENT_WAIT_FINISHED },
    { HS_CLIENT_WAIT_FINISHED, HS_FINISHED, on_server_finished, HS_CLIENT_CONNECTED },
    { HS_CLIENT_CONNECTED, HS_NEW_SESSION_TICKET, on_new_session_ticket, HS_CLIENT_CONNECTED },
    { HS_CLIENT_CONNECTED, HS_KEY_UPDATE, hs_on_key_update, HS_CLIENT_CONNECTED },
};

const size_t hs_client_table_len = sizeof hs_client_table / sizeof hs_client_table[0];
