/*
 * server.c — the server state machine (RFC 9846 §A.2):
 *
 *   START --ClientHello / send HelloRetryRequest--> WAIT_CH2
 *   START, WAIT_CH2 --ClientHello / send ServerHello, EncryptedExtensions,
 *                     [CertificateRequest], Certificate, CertificateVerify,
 *                     Finished--> WAIT_FINISHED, or WAIT_CERT with a request
 *   WAIT_CERT --Certificate--> WAIT_CV (or WAIT_FINISHED when empty)
 *   WAIT_CV --CertificateVerify--> WAIT_FINISHED
 *   WAIT_FINISHED --Finished / send NewSessionTicket*--> CONNECTED
 *   CONNECTED --KeyUpdate--> CONNECTED
 *
 * Negotiation (§4.2.1): the cipher suite and the group follow the server's
 * preference order (the config's lists); a group the client sent a share for
 * is taken over one that would need a HelloRetryRequest.
 */
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "handshake/handshake.h"

#define SERVER_RECORD_SIZE_LIMIT (RECORD_MAX_PLAINTEXT + 1) /* RFC 8449 §4, TLS 1.3 */

/* What the server chose for one ClientHello. */
typedef struct server_choice {
    uint16_t suite;
    uint16_t group;
    const key_share_entry *share;   /* NULL: a HelloRetryRequest is needed */
} server_choice;

/* ---- checking the ClientHello ------------------------------------------ */

/* §4.3.1: "If this extension is present, servers MUST ignore the
 * ClientHello.legacy_version value and MUST use only the supported_versions
 * extension"; we speak nothing but TLS 1.3 (protocol_version otherwise). */
static tls13_error check_version(const client_hello *ch)
{
    if (!ch->has_supported_versions || !hs_u16_list_contains(ch->supported_versions, TLS13_VERSION))
        return TLS13_ERR_NO_TLS13;
    /* §4.2.2: for TLS 1.3 "this vector MUST contain exactly one byte, set
     * to zero". */
    if (ch->legacy_compression_methods.len != 1 || ch->legacy_compression_methods.data[0] != 0)
        return TLS13_ERR_LEGACY_COMPRESSION;
    return TLS13_OK;
}

/* §9.2: a ClientHello without a PSK must carry supported_groups and
 * key_share together, and signature_algorithms. §4.3.8: each share's group
 * is in supported_groups, and no group has two shares. */
static tls13_error check_required_extensions(const client_hello *ch)
{
    if (ch->has_key_share != ch->has_supported_groups || !ch->has_key_share)
        return TLS13_ERR_MISSING_KEY_SHARE_OR_GROUPS;
    if (!ch->has_signature_algorithms)
        return TLS13_ERR_MISSING_SIGNATURE_ALGORITHMS;
    /* §4.3.9: "If clients offer "pre_shared_key" without a
     * "psk_key_exchange_modes" extension, servers MUST abort the handshake." */
    if (ch->has_pre_shared_key && !ch->has_psk_key_exchange_modes)
        return TLS13_ERR_PSK_WITHOUT_MODES;
    for (size_t i = 0; i < ch->key_share_count; i++) {
        if (!hs_u16_list_contains(ch->supported_groups, ch->key_shares[i].group))
            return TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS;
        for (size_t j = 0; j < i; j++) {
            if (ch->key_shares[j].group == ch->key_shares[i].group)
                return TLS13_ERR_KEY_SHARE_NOT_IN_GROUPS;
        }
    }
    return TLS13_OK;
}

static tls13_error choose_suite(const handshake *hs, const client_hello *ch, uint16_t *suite)
{
    for (size_t i = 0; i < hs->cfg->suite_count; i++) {
        if (hs_u16_list_contains(ch->cipher_suites, hs->cfg->suites[i])) {
            *suite = hs->cfg->suites[i];
            return TLS13_OK;
        }
    }
    return TLS13_ERR_NO_COMMON_CIPHER_SUITE;
}

static const key_share_entry *find_share(const client_hello *ch, uint16_t group)
{
    for (size_t i = 0; i < ch->key_share_count; i++) {
        if (ch->key_shares[i].group == group)
            return &ch->key_shares[i];
    }
    return NULL;
}

/* First the server's most preferred group the client sent a share for; if
 * there is none, its most preferred group the client supports (then a
 * HelloRetryRequest asks for a share, §4.2.4). */
static tls13_error choose_group(const handshake *hs, const client_hello *ch, server_choice *c)
{
    for (size_t i = 0; i < hs->cfg->group_count; i++) {
        c->share = find_share(ch, hs->cfg->groups[i]);
        if (c->share != NULL) {
            c->group = hs->cfg->groups[i];
            return TLS13_OK;
        }
    }
    for (size_t i = 0; i < hs->cfg->group_count; i++) {
        if (hs_u16_list_contains(ch->supported_groups, hs->cfg->groups[i])) {
            c->group = hs->cfg->groups[i];
            return TLS13_OK;
        }
    }
    return TLS13_ERR_NO_COMMON_GROUP;
}

/* §4.3.3 / §4.5.2: the first scheme in the client's list that our key can
 * make, in the client's order of preference. */
static tls13_error choose_signature_scheme(handshake *hs, const client_hello *ch)
{
    tls13_error err = hs_check_our_credentials(hs);
    if (err != TLS13_OK)
        return err;
    hs->sig_scheme = hs_choose_signature_scheme(hs, ch->signature_algorithms);
    return hs->sig_scheme != 0 ? TLS13_OK : TLS13_ERR_NO_COMMON_SIGNATURE_SCHEME;
}

/* RFC 7301 §3.2: the server's most preferred protocol the client offers; if
 * both sides configured ALPN and none is shared, no_application_protocol. */
static tls13_error choose_alpn(handshake *hs, const client_hello *ch)
{
    if (!ch->has_alpn || hs->cfg->alpn_count == 0)
        return TLS13_OK;
    for (size_t i = 0; i < hs->cfg->alpn_count; i++) {
        wire_reader r;
        wire_reader_init(&r, ch->alpn_protocols.data, ch->alpn_protocols.len);
        while (!wire_reader_done(&r)) {
            wire_reader name;
            if (!wire_read_prefixed_u8(&r, &name))
                return TLS13_ERR_DECODE;
            if (name.len == hs->cfg->alpn[i].len &&
                memcmp(name.data, hs->cfg->alpn[i].data, name.len) == 0) {
                memcpy(hs->alpn, name.data, name.len);
                hs->alpn_len = name.len;
                return TLS13_OK;
            }
        }
    }
    return TLS13_ERR_ALPN_MISMATCH;
}

static tls13_error negotiate(handshake *hs, const client_hello *ch, server_choice *c)
{
    tls13_error err = check_version(ch);
    if (err == TLS13_OK)
        err = check_required_extensions(ch);
    if (err == TLS13_OK)
        err = choose_suite(hs, ch, &c->suite);
    if (err == TLS13_OK)
        err = choose_group(hs, ch, c);
    if (err == TLS13_OK)
        err = choose_signature_scheme(hs, ch);
    if (err == TLS13_OK)
        err = choose_alpn(hs, ch);
    return err;
}

/* ---- HelloRetryRequest (§4.2.4) -------------------------------------------- */

static tls13_error send_hello_retry_request(handshake *hs, const client_hello *ch,
                                            const server_choice *c)
{
    const config_test_hooks *test = &hs->cfg->test;
    hs->cookie_len = test->hrr_cookie.len ? test->hrr_cookie.len : 32;
    if (hs->cookie_len > sizeof hs->cookie)
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = TLS13_OK;
    if (test->hrr_cookie.len)
        memcpy(hs->cookie, test->hrr_cookie.data, hs->cookie_len);
    else
        err = secure_random(&hs->cfg->rng, hs->cookie, hs->cookie_len);
    if (err != TLS13_OK)
        return err;
    /* §4.1: the transcript restarts with message_hash(ClientHello1). */
    ks_transcript_replace_with_message_hash(&hs->transcript);
    server_hello_params p;
    memset(&p, 0, sizeof p);
    p.hello_retry_request = true;
    p.legacy_session_id_echo = ch->legacy_session_id;
    p.cipher_suite = c->suite;
    p.selected_group = c->group;
    p.cookie.data = hs->cookie;
    p.cookie.len = hs->cookie_len;
    uint8_t msg[HS_HEADER_LEN + 128 + HS_MAX_COOKIE];
    size_t len;
    wire_writer w;
    wire_writer_init(&w, msg, sizeof msg);
    if (!hs_write_server_hello(&w, &p) || !wire_writer_finish(&w, &len))
        return TLS13_ERR_INTERNAL_WRITE;
    err = hs_queue_message(hs, msg, len, true);
    /* §E.4: in compatibility mode the CCS follows the server's first message. */
    if (err == TLS13_OK && ch->legacy_session_id.len > 0)
        err = hs_send_ccs(hs);
    if (err == TLS13_OK)
        err = hs_flush(hs);
    hs->hello_retried = true;
    hs->hrr_group = c->group;
    hs->hrr_suite = c->suite;
    return err;
}

/* ---- ServerHello (§4.2.3) and the server's flight -------------------------- */

static tls13_error send_server_hello(handshake *hs, const client_hello *ch, const server_choice *c)
{
    kex_keypair kp;
    uint8_t shared[KEX_MAX_SHARED_LEN];
    size_t shared_len;
    tls13_error err = secure_random(&hs->cfg->rng, hs->server_random, HS_RANDOM_LEN);
    if (err == TLS13_OK)
        err = kex_generate(&kp, (kex_group)c->group, &hs->cfg->rng);
    if (err != TLS13_OK)
        return err;
    err = kex_shared_secret(&kp, c->share->key_exchange.data, c->share->key_exchange.len,
                            shared, &shared_len);
    server_hello_params p;
    memset(&p, 0, sizeof p);
    memcpy(p.random, hs->server_random, HS_RANDOM_LEN);
    p.legacy_session_id_echo = ch->legacy_session_id;
    p.cipher_suite = c->suite;
    p.key_share.group = c->group;
    p.key_share.key_exchange.data = kp.public_key;
    p.key_share.key_exchange.len = kp.public_len;
    p.key_share_first = hs->cfg->test.server_hello_key_share_first;
    uint8_t msg[HS_HEADER_LEN + 256];
    size_t len;
    wire_writer w;
    wire_writer_init(&w, msg, sizeof msg);
    if (err == TLS13_OK && (!hs_write_server_hello(&w, &p) || !wire_writer_finish(&w, &len)))
        err = TLS13_ERR_INTERNAL_WRITE;
    kex_wipe(&kp);
    if (err == TLS13_OK)
        err = hs_queue_message(hs, msg, len, true);
    if (err == TLS13_OK && ch->legacy_session_id.len > 0)
        err = hs_send_ccs(hs);
    if (err == TLS13_OK)
        err = hs_derive_handshake_secrets(hs, shared, shared_len);
    secure_wipe(shared, sizeof shared);
    return err;
}

static tls13_error send_encrypted_extensions(handshake *hs, const client_hello *ch)
{
    encrypted_extensions_params p;
    memset(&p, 0, sizeof p);
    /* RFC 6066 §3: an empty server_name tells the client its name was used. */
    p.server_name_ack = ch->has_server_name && !hs->cfg->test.ee_no_server_name_ack;
    p.alpn_protocol.data = hs->alpn;
    p.alpn_protocol.len = hs->alpn_len;
    p.supported_groups = hs->cfg->test.ee_groups;
    p.group_count = hs->cfg->test.ee_group_count;
    if (ch->has_record_size_limit)
        p.record_size_limit = SERVER_RECORD_SIZE_LIMIT;
    uint8_t msg[HS_HEADER_LEN + 1024];
    size_t len;
    wire_writer w;
    wire_writer_init(&w, msg, sizeof msg);
    if (!hs_write_encrypted_extensions(&w, &p) || !wire_writer_finish(&w, &len))
        return TLS13_ERR_INTERNAL_WRITE;
    return hs_queue_message(hs, msg, len, true);
}

#define CR_MAX_SCHEMES 64

/* The schemes a CertificateRequest lists: the ones we implement (or a
 * test's list, config_test_hooks). */
static const uint16_t *request_schemes(const handshake *hs, size_t *count)
{
    const config_test_hooks *test = &hs->cfg->test;
    if (test->cr_signature_schemes != NULL && test->cr_signature_scheme_count <= CR_MAX_SCHEMES) {
        *count = test->cr_signature_scheme_count;
        return test->cr_signature_schemes;
    }
    *count = hs_signature_scheme_count;
    return hs_signature_schemes;
}

/* §4.4.2: mutual TLS. An empty context (this is the handshake, not
 * post-handshake authentication) and the schemes we accept. */
static tls13_error send_certificate_request(handshake *hs)
{
    uint8_t msg[HS_HEADER_LEN + 16 + 2 * CR_MAX_SCHEMES];
    size_t len, count;
    wire_writer w;
    span no_context = { NULL, 0 };
    const uint16_t *schemes = request_schemes(hs, &count);
    wire_writer_init(&w, msg, sizeof msg);
    if (!hs_write_certificate_request(&w, no_context, schemes, count) ||
        !wire_writer_finish(&w, &len))
        return TLS13_ERR_INTERNAL_WRITE;
    hs->certificate_requested = true;
    hs->state = HS_SERVER_WAIT_CERT;
    hs->state_overridden = true;
    return hs_queue_message(hs, msg, len, true);
}

/* The rest of the server's first flight, under the handshake keys, then the
 * switch to the application write keys (§4.5.3, §7.1). */
static tls13_error send_server_flight(handshake *hs, const client_hello *ch)
{
    tls13_error err = hs_install_write_keys(hs, &hs->server_hs);
    if (err == TLS13_OK)
        err = hs_install_read_keys(hs, &hs->client_hs);
    span no_context = { NULL, 0 };
    if (err == TLS13_OK)
        err = send_encrypted_extensions(hs, ch);
    if (err == TLS13_OK && hs->cfg->verify_client)
        err = send_certificate_request(hs);
    if (err == TLS13_OK)
        err = hs_send_certificate(hs, no_context, false);
    if (err == TLS13_OK)
        err = hs_send_certificate_verify(hs, true, hs->sig_scheme);
    if (err == TLS13_OK)
        err = hs_send_finished(hs, &hs->server_hs);
    if (err != TLS13_OK)
        return err;
    hs_derive_application_secrets(hs);
    return hs_install_write_keys(hs, &hs->server_ap);
}

/* Letters, digits, '-', '_' and '.' (RFC 6066 §3: a DNS host name). */
static bool host_name_chars_ok(span name)
{
    for (size_t i = 0; i < name.len; i++) {
        uint8_t c = name.data[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_' || c == '.';
        if (!ok)
            return false;
    }
    return true;
}

static void remember_client_hello(handshake *hs, const client_hello *ch)
{
    memcpy(hs->client_random, ch->random, HS_RANDOM_LEN);
    hs->session_id_len = ch->legacy_session_id.len;
    memcpy(hs->session_id, ch->legacy_session_id.data, hs->session_id_len);
    /* A server_name list may hold only name types we do not know (RFC 6066
     * §3 leaves room for them): then there is no host name, and the span
     * is empty with no data to copy from. The name goes to the application
     * as a C string: only a plausible host name is kept. */
    if (ch->has_server_name && ch->server_name.len > 0 &&
        ch->server_name.len < sizeof hs->server_name && host_name_chars_ok(ch->server_name)) {
        memcpy(hs->server_name, ch->server_name.data, ch->server_name.len);
        hs->server_name[ch->server_name.len] = '\0';
    }
    if (ch->has_record_size_limit) {
        /* RFC 8449 §4: the limit includes the content type byte in TLS 1.3. */
        hs->peer_record_size_limit = ch->record_size_limit;
        if ((size_t)ch->record_size_limit - 1 < hs->out->max_fragment)
            hs->out->max_fragment = (size_t)ch->record_size_limit - 1;
    }
}

static tls13_error answer_client_hello(handshake *hs, const client_hello *ch, const server_choice *c)
{
    hs->suite = cipher_suite_lookup(c->suite);
    hs->group = c->group;
    remember_client_hello(hs, ch);
    if (c->share == NULL) {
        hs->state = HS_SERVER_WAIT_CH2;
        hs->state_overridden = true;
        return send_hello_retry_request(hs, ch, c);
    }
    tls13_error err = send_server_hello(hs, ch, c);
    if (err == TLS13_OK)
        err = send_server_flight(hs, ch);
    return err;
}

/* Both ClientHellos: parse, then negotiate (§4.2.1). */
static tls13_error read_client_hello(handshake *hs, span body, client_hello *ch,
                                     server_choice *c)
{
    memset(c, 0, sizeof *c);
    tls13_error err = hs_parse_client_hello(body.data, body.len, ch);
    if (err == TLS13_OK)
        err = negotiate(hs, ch, c);
    return err;
}

static tls13_error on_client_hello(handshake *hs, const uint8_t *msg, size_t len, span body)
{
    client_hello ch;
    server_choice c;
    tls13_error err = read_client_hello(hs, body, &ch, &c);
    if (err != TLS13_OK)
        return err;
    ks_transcript_select(&hs->transcript, cipher_suite_lookup(c.suite)->hash);
    ks_transcript_update(&hs->transcript, msg, len);
    hs->ch1_had_early_data = ch.has_early_data;
    return answer_client_hello(hs, &ch, &c);
}

/* §4.2.2: the second ClientHello must answer the HelloRetryRequest: a share
 * for the group asked for (only that one), the cookie echoed, the same
 * suite chosen. */
static tls13_error check_client_hello2(handshake *hs, const client_hello *ch,
                                       const server_choice *c)
{
    if (c->suite != hs->hrr_suite || c->group != hs->hrr_group || c->share == NULL ||
        ch->key_share_count != 1)
        return hs_fail(hs, TLS13_ERR_CLIENT_HELLO2_MISMATCH,
                       "second ClientHello lacks the key share the HelloRetryRequest asked for");
    if (!ch->has_cookie || ch->cookie.len != hs->cookie_len ||
        !secure_equal(ch->cookie.data, hs->cookie, hs->cookie_len))
        return TLS13_ERR_BAD_COOKIE;
    if (ch->legacy_session_id.len != hs->session_id_len ||
        memcmp(ch->legacy_session_id.data, hs->session_id, hs->session_id_len) != 0 ||
        memcmp(ch->random, hs->client_random, HS_RANDOM_LEN) != 0)
        return hs_fail(hs, TLS13_ERR_CLIENT_HELLO2_MISMATCH,
                       "second ClientHello changed its random or session id");
    /* §4.3.10: "A client MUST NOT include the early_data extension in its
     * followup ClientHello." */
    if (ch->has_early_data)
        return hs_fail(hs, TLS13_ERR_CLIENT_HELLO2_MISMATCH,
                       "second ClientHello offers early data");
    return TLS13_OK;
}

static tls13_error on_client_hello2(handshake *hs, const uint8_t *msg, size_t len, span body)
{
    client_hello ch;
    server_choice c;
    tls13_error err = read_client_hello(hs, body, &ch, &c);
    if (err == TLS13_OK)
        err = check_client_hello2(hs, &ch, &c);
    if (err != TLS13_OK)
        return err;
    ks_transcript_update(&hs->transcript, msg, len);
    return answer_client_hello(hs, &ch, &c);
}

/* ---- the client's certificate (mutual TLS, §4.5.1.3, §4.5.2) ------------- */

static tls13_error verify_client_chain(handshake *hs, const certificate_msg *cert)
{
    x509_bytes chain[HS_MAX_CERT_CHAIN];
    for (size_t i = 0; i < cert->cert_count; i++) {
        chain[i].data = cert->cert_data[i].data;
        chain[i].len = cert->cert_data[i].len;
    }
    x509_verify_params params = { &hs->cfg->client_anchors, config_now(hs->cfg), NULL,
                                  X509_PURPOSE_CLIENT, 0 };
    sig_public_key leaf_key;
    return x509_verify_chain(&params, chain, cert->cert_count, &leaf_key, hs->detail,
                             sizeof hs->detail);
}

static tls13_error on_client_certificate(handshake *hs, const uint8_t *msg, size_t len,
                                         span body)
{
    certificate_msg cert;
    tls13_error err = hs_parse_certificate(body.data, body.len, &cert);
    if (err != TLS13_OK)
        return err;
    /* §4.5.1: the context echoes the CertificateRequest's (empty). */
    if (cert.certificate_request_context.len != 0)
        return TLS13_ERR_BAD_CERT_REQUEST_CONTEXT;
    /* We requested no certificate extensions (§4.3: unsolicited otherwise). */
    if (cert.extension_count != 0)
        return TLS13_ERR_UNSOLICITED_EXTENSION;
    ks_transcript_update(&hs->transcript, msg, len);
    if (cert.cert_count == 0) {
        /* §4.5.1.3: "If the client does not send any certificates ... the
         * server MAY at its discretion either continue the handshake
         * without client authentication, or abort the handshake with a
         * "certificate_required" alert." */
        if (hs->cfg->require_client_cert)
            return TLS13_ERR_CERTIFICATE_REQUIRED;
        hs->state = HS_SERVER_WAIT_FINISHED;
        hs->state_overridden = true;
        return TLS13_OK;
    }
    err = hs_keep_peer_leaf(hs, cert.cert_data[0]);
    if (err == TLS13_OK)
        err = verify_client_chain(hs, &cert);
    return err;
}

static tls13_error on_client_certificate_verify(handshake *hs, const uint8_t *msg, size_t len,
                                                span body)
{
    uint8_t offered[2 * CR_MAX_SCHEMES];
    size_t count;
    const uint16_t *schemes = request_schemes(hs, &count);
    span list = { offered, 2 * count };
    for (size_t i = 0; i < count; i++) {
        offered[2 * i] = (uint8_t)(schemes[i] >> 8);
        offered[2 * i + 1] = (uint8_t)schemes[i];
    }
    tls13_error err = hs_check_certificate_verify(hs, false, body, list);
    if (err != TLS13_OK)
        return err;
    hs->peer_authenticated = true;
    ks_transcript_update(&hs->transcript, msg, len);
    return TLS13_OK;
}

/* ---- the client's Finished and the tickets (§4.5.3, §4.7.1) ----------------- */

static tls13_error send_ticket(handshake *hs, const new_session_ticket *nst)
{
    uint8_t msg[HS_HEADER_LEN + 64 + 255 + 65536];
    size_t len;
    wire_writer w;
    if (nst->ticket.len > 65535 || nst->ticket_nonce.len > 255)
        return TLS13_ERR_INVALID_ARGUMENT;
    wire_writer_init(&w, msg, sizeof msg);
    if (!hs_write_new_session_ticket(&w, nst) || !wire_writer_finish(&w, &len))
        return TLS13_ERR_INTERNAL_WRITE;
    /* NewSessionTicket is not part of the transcript. */
    return hs_queue_message(hs, msg, len, false);
}

/* Until resumption exists the tickets are random and cannot be redeemed;
 * they are sent because clients (and the traces) expect them. */
static tls13_error send_random_ticket(handshake *hs, unsigned index)
{
    uint8_t age_add[4], ticket[32], nonce[8] = { 0 };
    tls13_error err = secure_random(&hs->cfg->rng, age_add, sizeof age_add);
    if (err == TLS13_OK)
        err = secure_random(&hs->cfg->rng, ticket, sizeof ticket);
    if (err != TLS13_OK)
        return err;
    nonce[7] = (uint8_t)index;
    new_session_ticket nst;
    memset(&nst, 0, sizeof nst);
    nst.ticket_lifetime = hs->cfg->ticket_lifetime;
    nst.ticket_age_add = (uint32_t)age_add[0] << 24 | (uint32_t)age_add[1] << 16 |
                         (uint32_t)age_add[2] << 8 | age_add[3];
    nst.ticket_nonce.data = nonce;
    nst.ticket_nonce.len = sizeof nonce;
    nst.ticket.data = ticket;
    nst.ticket.len = sizeof ticket;
    return send_ticket(hs, &nst);
}

static tls13_error send_tickets(handshake *hs)
{
    const config_test_hooks *test = &hs->cfg->test;
    tls13_error err = TLS13_OK;
    if (test->ticket_count > 0) {
        for (size_t i = 0; i < test->ticket_count && err == TLS13_OK; i++)
            err = send_ticket(hs, &test->tickets[i]);
    } else {
        for (unsigned i = 0; i < hs->cfg->tickets && err == TLS13_OK; i++)
            err = send_random_ticket(hs, i);
    }
    if (err == TLS13_OK)
        err = hs_flush(hs);
    return err;
}

static tls13_error on_client_finished(handshake *hs, const uint8_t *msg, size_t len, span body)
{
    tls13_error err = hs_check_finished(hs, &hs->client_hs, body);
    if (err != TLS13_OK)
        return err;
    ks_transcript_update(&hs->transcript, msg, len);
    hs_derive_resumption_secret(hs);
    hs_wipe_handshake_secrets(hs);
    err = hs_install_read_keys(hs, &hs->client_ap);
    if (err == TLS13_OK)
        err = send_tickets(hs);
    return err;
}

const hs_transition hs_server_table[] = {
    { HS_SERVER_START, HS_CLIENT_HELLO, on_client_hello, HS_SERVER_WAIT_FINISHED },
    { HS_SERVER_WAIT_CH2, HS_CLIENT_HELLO, on_client_hello2, HS_SERVER_WAIT_FINISHED },
    { HS_SERVER_WAIT_CERT, HS_CERTIFICATE, on_client_certificate, HS_SERVER_WAIT_CV },
    { HS_SERVER_WAIT_CV, HS_CERTIFICATE_VERIFY, on_client_certificate_verify,
      HS_SERVER_WAIT_FINISHED },
    { HS_SERVER_WAIT_FINISHED, HS_FINISHED, on_client_finished, HS_SERVER_CONNECTED },
    { HS_SERVER_CONNECTED, HS_KEY_UPDATE, hs_on_key_update, HS_SERVER_CONNECTED },
};

const size_t hs_server_table_len = sizeof hs_server_table / sizeof hs_server_table[0];
