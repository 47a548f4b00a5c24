/*
 * conn.c — the connection: glues the record layer to the handshake, owns
 * alerts and application data. Sans-IO: bytes in (tls13_conn_recv), bytes
 * out (tls13_conn_pending_output), no sockets, no clocks.
 *
 * Records in → by content type:
 *   handshake         reassembled into whole messages → hs_dispatch
 *   change_cipher_spec  dropped when the handshake allows it (§5), else error
 *   alert             close_notify ends reading; any other alert is fatal
 *   application_data  buffered for tls13_conn_read, once connected
 * Every error goes through conn_fail, the one place that sends an alert:
 * the alert comes from the error's row in src/error.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "crypto/kex.h"
#include "crypto/secure.h"
#include "handshake/handshake.h"
#include "record/record.h"

/* Largest handshake message accepted: a certificate chain can be long, but
 * not unbounded (§4: messages are up to 2^24-1 bytes; we stop well before). */
#define CONN_MAX_HANDSHAKE_MESSAGE (256 * 1024)
/* Records in a row that carry nothing (a dropped change_cipher_spec, empty
 * application data, user_canceled): each is legal, an endless stream of them
 * is a peer burning our time (cf. RFC 9846 §5.1's note on zero-length
 * records as traffic analysis countermeasure). */
#define CONN_MAX_EMPTY_RECORDS 32
/* How much rejected 0-RTT data a server skips (§4.3.10). */
#define CONN_MAX_SKIPPED_EARLY_DATA (64 * 1024)

struct tls13_conn {
    const tls13_config *cfg;
    handshake hs;
    record_reader *reader;
    record_protection rx;
    record_out out;
    uint8_t *hs_buf;               /* handshake bytes not yet a whole message */
    size_t hs_len, hs_cap;
    uint8_t *app;                  /* decrypted application data not yet read */
    size_t app_off, app_len;
    size_t skipped_early_data;
    /* §4.3.10, a server that did not accept 0-RTT: skip the client's early
     * data -- records that fail deprotection until one deprotects, or
     * (after a HelloRetryRequest) application_data until ClientHello2. */
    bool skip_undecryptable, skip_cleartext_app_data, early_data_judged;
    bool peer_protected;           /* a protected record from the peer was read */
    unsigned empty_records;        /* in a row, see CONN_MAX_EMPTY_RECORDS */
    size_t record_taken;           /* bytes of the record being read, from earlier calls */
    tls13_error error;
    char message[512];
    tls13_alert peer_alert;
    bool peer_closed, close_sent;
};

static void observe_record(void *ctx, const uint8_t *record, size_t len)
{
    const tls13_conn *conn = ctx;
    hs_event(&conn->hs, TLS13_EVENT_RECORD_SENT, "record", record, len);
}

static tls13_conn *conn_new(const tls13_config *cfg, bool is_server, const char *server_name)
{
    if (cfg == NULL || secure_init() != TLS13_OK)
        return NULL;
    tls13_conn *conn = calloc(1, sizeof *conn);
    if (conn == NULL)
        return NULL;
    conn->reader = malloc(sizeof *conn->reader);
    conn->app = malloc(RECORD_MAX_INNER);
    conn->cfg = cfg;
    conn->peer_alert = TLS13_ALERT_NONE; /* calloc's 0 would be close_notify */
    record_out_init(&conn->out);
    conn->out.observe = observe_record;
    conn->out.observe_ctx = conn;
    if (conn->reader == NULL || conn->app == NULL ||
        hs_init(&conn->hs, cfg, is_server, &conn->out, &conn->rx, server_name) != TLS13_OK) {
        tls13_conn_free(conn);
        return NULL;
    }
    record_reader_init(conn->reader);
    return conn;
}

tls13_conn *tls13_client_new(const tls13_config *cfg, const char *server_name)
{
    return conn_new(cfg, false, server_name);
}

tls13_conn *tls13_server_new(const tls13_config *cfg)
{
    return conn_new(cfg, true, NULL);
}

void tls13_conn_free(tls13_conn *conn)
{
    if (conn == NULL)
        return;
    hs_free(&conn->hs);
    if (conn->reader != NULL) {
        record_reader_wipe(conn->reader);
        free(conn->reader);
    }
    record_protection_wipe(&conn->rx);
    record_out_free(&conn->out);
    if (conn->hs_buf != NULL) {
        secure_wipe(conn->hs_buf, conn->hs_cap);
        free(conn->hs_buf);
    }
    if (conn->app != NULL) {
        secure_wipe(conn->app, RECORD_MAX_INNER);
        free(conn->app);
    }
    free(conn);
}

/* ---- errors and alerts (§6) ------------------------------------------------- */

static void send_alert(tls13_conn *conn, uint8_t level, tls13_alert alert)
{
    uint8_t body[2] = { level, (uint8_t)alert };
    hs_event(&conn->hs, TLS13_EVENT_ALERT_SENT, tls13_alert_name(alert), body, 2);
    /* Best effort: the connection is ending either way. */
    (void)record_out_send(&conn->out, RECORD_ALERT, body, sizeof body);
}

/* The one place an error becomes an alert (§6.2: "all alerts ... MUST be
 * sent with AlertLevel=fatal" except closure alerts). */
static tls13_error conn_fail(tls13_conn *conn, tls13_error err)
{
    if (conn->error != TLS13_OK)
        return conn->error;
    conn->error = err;
    const char *detail = conn->hs.detail;
    snprintf(conn->message, sizeof conn->message, "%s%s%s (%s)", tls13_error_message(err),
             detail[0] ? ": " : "", detail, tls13_error_rfc_section(err));
    tls13_alert alert = tls13_error_alert(err);
    if (alert != TLS13_ALERT_NONE)
        send_alert(conn, 2, alert);
    /* The connection is over: no secret of it is needed any more. The write
     * keys went with the alert; the read keys go now. */
    hs_wipe_all_secrets(&conn->hs);
    record_protection_wipe(&conn->rx);
    return err;
}

tls13_error tls13_conn_error(const tls13_conn *conn)
{
    return conn->error;
}

const char *tls13_conn_error_message(const tls13_conn *conn)
{
    return conn->error != TLS13_OK ? conn->message : "";
}

tls13_alert tls13_conn_peer_alert(const tls13_conn *conn)
{
    return conn->peer_alert;
}

/* ---- records in ------------------------------------------------------------- */

static tls13_error on_alert(tls13_conn *conn, const record_view *rec)
{
    if (rec->len != 2)
        return TLS13_ERR_BAD_ALERT;
    tls13_alert alert = (tls13_alert)rec->data[1];
    hs_event(&conn->hs, TLS13_EVENT_ALERT_RECEIVED, tls13_alert_name(alert), rec->data, 2);
    /* §6.1: close_notify ends the peer's writing; user_canceled is followed
     * by a close_notify and changes nothing by itself. */
    if (alert == TLS13_ALERT_CLOSE_NOTIFY) {
        conn->peer_closed = true;
        return TLS13_OK;
    }
    if (alert == TLS13_ALERT_USER_CANCELED)
        return TLS13_OK;
    conn->peer_alert = alert;
    snprintf(conn->hs.detail, sizeof conn->hs.detail, "%s", tls13_alert_name(alert));
    return TLS13_ERR_PEER_ALERT;
}

static tls13_error on_change_cipher_spec(tls13_conn *conn, const record_view *rec)
{
    if (!hs_ccs_allowed(&conn->hs))
        return TLS13_ERR_CCS_AFTER_HANDSHAKE;
    /* §5: anything but the single byte 0x01 is unexpected_message. */
    if (rec->len != 1 || rec->data[0] != 0x01)
        return TLS13_ERR_BAD_CCS;
    return TLS13_OK;
}

static tls13_error append_handshake_bytes(tls13_conn *conn, const uint8_t *data, size_t len)
{
    /* The largest message, whole, plus the rest of the record it ends in. */
    const size_t limit = HS_HEADER_LEN + CONN_MAX_HANDSHAKE_MESSAGE + RECORD_MAX_PLAINTEXT;
    if (len > limit - conn->hs_len)
        return TLS13_ERR_MESSAGE_TOO_LARGE;
    if (conn->hs_cap - conn->hs_len < len) {
        size_t cap = conn->hs_cap ? conn->hs_cap : 4096;
        while (cap - conn->hs_len < len)
            cap *= 2;
        if (cap > limit)
            cap = limit;
        uint8_t *grown = realloc(conn->hs_buf, cap);
        if (grown == NULL)
            return TLS13_ERR_OUT_OF_MEMORY;
        conn->hs_buf = grown;
        conn->hs_cap = cap;
    }
    memcpy(conn->hs_buf + conn->hs_len, data, len);
    conn->hs_len += len;
    return TLS13_OK;
}

/* Runs every whole message in the buffer through the handshake. */
static tls13_error dispatch_messages(tls13_conn *conn)
{
    size_t off = 0;
    tls13_error err = TLS13_OK;
    while (err == TLS13_OK && conn->hs_len - off >= HS_HEADER_LEN) {
        wire_reader r;
        uint8_t type;
        uint32_t body_len;
        wire_reader_init(&r, conn->hs_buf + off, conn->hs_len - off);
        err = hs_read_header(&r, &type, &body_len);
        if (err != TLS13_OK)
            break;
        if (body_len > CONN_MAX_HANDSHAKE_MESSAGE)
            return TLS13_ERR_MESSAGE_TOO_LARGE;
        if (wire_reader_remaining(&r) < body_len)
            break; /* the rest of this message is in a later record */
        size_t msg_len = HS_HEADER_LEN + body_len;
        err = hs_dispatch(&conn->hs, conn->hs_buf + off, msg_len);
        off += msg_len;
        /* §5.1: "Handshake messages MUST NOT span key changes": a message
         * that changed the read keys must end its record. */
        if (err == TLS13_OK && conn->hs.rx_changed && off != conn->hs_len)
            err = TLS13_ERR_HANDSHAKE_INTERLEAVED;
    }
    memmove(conn->hs_buf, conn->hs_buf + off, conn->hs_len - off);
    conn->hs_len -= off;
    return err;
}

static tls13_error on_handshake(tls13_conn *conn, const record_view *rec)
{
    tls13_error err = append_handshake_bytes(conn, rec->data, rec->len);
    if (err == TLS13_OK)
        err = dispatch_messages(conn);
    return err;
}

static tls13_error on_application_data(tls13_conn *conn, const record_view *rec)
{
    if (!hs_connected(&conn->hs))
        return TLS13_ERR_DATA_BEFORE_HANDSHAKE;
    memcpy(conn->app, rec->data, rec->len);
    conn->app_off = 0;
    conn->app_len = rec->len;
    return TLS13_OK;
}

static const char *record_type_name(uint8_t type)
{
    switch (type) {
    case RECORD_CHANGE_CIPHER_SPEC: return "change_cipher_spec";
    case RECORD_ALERT: return "alert";
    case RECORD_HANDSHAKE: return "handshake";
    case RECORD_APPLICATION_DATA: return "application_data";
    default: return "unknown";
    }
}

/* Does this record carry anything? Handshake bytes, data, and alerts other
 * than user_canceled do. */
static bool record_is_empty(const record_view *rec)
{
    if (rec->content_type == RECORD_CHANGE_CIPHER_SPEC)
        return true;
    if (rec->content_type == RECORD_APPLICATION_DATA)
        return rec->len == 0;
    if (rec->content_type == RECORD_ALERT)
        return rec->len == 2 && rec->data[1] == TLS13_ALERT_USER_CANCELED;
    return false;
}

static tls13_error on_record(tls13_conn *conn, const record_view *rec)
{
    conn->empty_records = record_is_empty(rec) ? conn->empty_records + 1 : 0;
    if (conn->empty_records > CONN_MAX_EMPTY_RECORDS)
        return TLS13_ERR_TOO_MANY_EMPTY_RECORDS;
    hs_event(&conn->hs, TLS13_EVENT_RECORD_RECEIVED, record_type_name(rec->content_type),
             rec->data, rec->len);
    /* §5.1: "Handshake messages MUST NOT be interleaved with other record
     * types": a partial message must be completed first. */
    if (conn->hs_len > 0 && rec->content_type != RECORD_HANDSHAKE)
        return TLS13_ERR_HANDSHAKE_INTERLEAVED;
    switch (rec->content_type) {
    case RECORD_HANDSHAKE:
        return on_handshake(conn, rec);
    case RECORD_CHANGE_CIPHER_SPEC:
        return on_change_cipher_spec(conn, rec);
    case RECORD_ALERT:
        return on_alert(conn, rec);
    case RECORD_APPLICATION_DATA:
        return on_application_data(conn, rec);
    default:
        return TLS13_ERR_RECORD_UNKNOWN_TYPE;
    }
}

/* §4.3.10: a server that did not accept 0-RTT (we never do) skips the
 * client's early data, up to a bound. What to skip is decided once, right
 * after the first ClientHello is answered. */
static void judge_early_data(tls13_conn *conn)
{
    const handshake *hs = &conn->hs;
    if (conn->early_data_judged || !hs->is_server || hs->state == HS_SERVER_START)
        return;
    conn->early_data_judged = true;
    if (!hs->ch1_had_early_data)
        return;
    if (hs->hello_retried)
        conn->skip_cleartext_app_data = true;
    else
        conn->skip_undecryptable = true;
}

static bool skip_early_data(tls13_conn *conn, tls13_error err, const record_view *rec,
                            size_t record_len)
{
    /* The second ClientHello ends the application_data that came before it;
     * the first record that deprotects ends the undecryptable ones. */
    if (conn->hs.state != HS_SERVER_WAIT_CH2)
        conn->skip_cleartext_app_data = false;
    bool cleartext = conn->skip_cleartext_app_data && err == TLS13_OK && !rec->was_protected &&
                     rec->content_type == RECORD_APPLICATION_DATA;
    bool undecryptable = conn->skip_undecryptable && err == TLS13_ERR_RECORD_BAD_MAC;
    if (err == TLS13_OK && rec->was_protected)
        conn->skip_undecryptable = false;
    if (!(cleartext || undecryptable) ||
        conn->skipped_early_data + record_len > CONN_MAX_SKIPPED_EARLY_DATA)
        return false;
    conn->skipped_early_data += record_len;
    return true;
}

tls13_error tls13_conn_recv(tls13_conn *conn, const uint8_t *data, size_t len, size_t *consumed)
{
    *consumed = 0;
    if (conn->error != TLS13_OK)
        return conn->error;
    /* Nothing after the peer's close_notify is read (§6.1): say so, rather
     * than take nothing and leave the caller feeding the same bytes. */
    if (conn->peer_closed && conn->app_len == 0 && len > 0)
        return TLS13_ERR_PEER_CLOSED;
    while (*consumed < len && conn->app_len == 0 && !conn->peer_closed) {
        size_t used = 0;
        record_view rec = { 0, false, NULL, 0 };
        /* Only a server can meet a peer that failed before it had keys (a
         * client that refused the ServerHello), and only until the client's
         * first protected record: the client has keys from then on. */
        conn->reader->plaintext_alerts_allowed = conn->hs.is_server && !conn->peer_protected;
        tls13_error err = record_read(conn->reader, &conn->rx, data + *consumed,
                                      len - *consumed, &used, &rec);
        *consumed += used;
        conn->record_taken += used;
        if (err == TLS13_WANT_READ)
            break;
        size_t record_len = conn->record_taken;
        conn->record_taken = 0;
        if (skip_early_data(conn, err, &rec, record_len))
            continue;
        if (err == TLS13_OK && rec.was_protected)
            conn->peer_protected = true;
        if (err == TLS13_OK)
            err = on_record(conn, &rec);
        if (err != TLS13_OK)
            return conn_fail(conn, err);
        judge_early_data(conn);
    }
    return TLS13_OK;
}

/* ---- driving the handshake ---------------------------------------------------- */

tls13_error tls13_conn_handshake(tls13_conn *conn)
{
    if (conn->error != TLS13_OK)
        return conn->error;
    if (conn->hs.state == HS_CLIENT_START) {
        tls13_error err = hs_client_start(&conn->hs);
        if (err != TLS13_OK)
            return conn_fail(conn, err);
    }
    if (hs_connected(&conn->hs))
        return TLS13_OK;
    if (conn->peer_closed)
        return conn_fail(conn, TLS13_ERR_PEER_CLOSED);
    return TLS13_WANT_READ;
}

tls13_error tls13_conn_export(const tls13_conn *conn, const char *label,
                              const uint8_t *context, size_t context_len,
                              uint8_t *out, size_t len)
{
    if (conn->error != TLS13_OK || !hs_connected(&conn->hs) || label == NULL || out == NULL ||
        (context == NULL && context_len > 0))
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = ks_export(&conn->hs.exporter, label, context, context_len, out, len);
    return err == TLS13_OK ? TLS13_OK : TLS13_ERR_INVALID_ARGUMENT;
}

int tls13_conn_handshake_done(const tls13_conn *conn)
{
    return hs_connected(&conn->hs);
}

size_t tls13_conn_pending_output(const tls13_conn *conn, const uint8_t **data)
{
    *data = conn->out.buf;
    return conn->out.len;
}

void tls13_conn_output_done(tls13_conn *conn, size_t n)
{
    record_out_consume(&conn->out, n);
}

/* ---- application data ------------------------------------------------------------ */

tls13_error tls13_conn_read(tls13_conn *conn, uint8_t *buf, size_t cap, size_t *n)
{
    *n = 0;
    if (conn->app_len > 0) {
        size_t take = conn->app_len < cap ? conn->app_len : cap;
        memcpy(buf, conn->app + conn->app_off, take);
        secure_wipe(conn->app + conn->app_off, take);
        conn->app_off += take;
        conn->app_len -= take;
        *n = take;
        return TLS13_OK;
    }
    if (conn->error != TLS13_OK)
        return conn->error;
    if (conn->peer_closed)
        return TLS13_ERR_PEER_CLOSED;
    return TLS13_WANT_READ;
}

tls13_error tls13_conn_write(tls13_conn *conn, const uint8_t *data, size_t len)
{
    if (conn->error != TLS13_OK)
        return conn->error;
    if (conn->close_sent)
        return TLS13_ERR_CLOSED;
    if (!hs_connected(&conn->hs))
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = hs_answer_key_update(&conn->hs);
    if (err == TLS13_OK)
        err = record_out_send(&conn->out, RECORD_APPLICATION_DATA, data, len);
    return err == TLS13_OK ? TLS13_OK : conn_fail(conn, err);
}

tls13_error tls13_conn_close(tls13_conn *conn)
{
    /* §6.2: after a fatal alert nothing more is sent, close_notify included. */
    if (conn->error != TLS13_OK)
        return conn->error;
    if (conn->close_sent)
        return TLS13_OK;
    conn->close_sent = true;
    conn->hs.write_closed = true;
    send_alert(conn, 1, TLS13_ALERT_CLOSE_NOTIFY);
    return TLS13_OK;
}

tls13_error tls13_conn_key_update(tls13_conn *conn, int request_peer)
{
    if (conn->error != TLS13_OK)
        return conn->error;
    if (!hs_connected(&conn->hs) || conn->close_sent)
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = hs_send_key_update(&conn->hs, request_peer != 0);
    return err == TLS13_OK ? TLS13_OK : conn_fail(conn, err);
}

/* ---- what was negotiated -------------------------------------------------------- */

uint16_t tls13_conn_cipher_suite(const tls13_conn *conn)
{
    return conn->hs.suite ? conn->hs.suite->code : 0;
}

const char *tls13_conn_cipher_suite_name(const tls13_conn *conn)
{
    return conn->hs.suite ? conn->hs.suite->name : "(none)";
}

uint16_t tls13_conn_group(const tls13_conn *conn)
{
    return conn->hs.group;
}

const char *tls13_conn_group_name(const tls13_conn *conn)
{
    return kex_group_name(conn->hs.group);
}

uint16_t tls13_conn_signature_scheme(const tls13_conn *conn)
{
    return conn->hs.sig_scheme;
}

const char *tls13_conn_signature_scheme_name(const tls13_conn *conn)
{
    return sig_scheme_name(conn->hs.sig_scheme);
}

const char *tls13_conn_alpn(const tls13_conn *conn, size_t *len)
{
    *len = conn->hs.alpn_len;
    return conn->hs.alpn_len ? (const char *)conn->hs.alpn : NULL;
}

const char *tls13_conn_server_name(const tls13_conn *conn)
{
    return conn->hs.server_name[0] ? conn->hs.server_name : NULL;
}

int tls13_conn_did_hello_retry(const tls13_conn *conn)
{
    return conn->hs.hello_retried;
}

/* Only a certificate whose CertificateVerify checked out: a leaf that failed
 * verification is never handed to the application as the peer's. */
const uint8_t *tls13_conn_peer_certificate(const tls13_conn *conn, size_t *len)
{
    if (!conn->hs.peer_authenticated) {
        *len = 0;
        return NULL;
    }
    *len = conn->hs.peer_leaf_len;
    return conn->hs.peer_leaf;
}
