/*
 * handshake.h — the TLS 1.3 handshake state machines (RFC 9846 §4, Appendix A).
 *
 * One struct holds a handshake in progress for either side. Messages arrive
 * whole (the connection layer reassembles them from records) and are
 * dispatched through one transition table per side (client.c, server.c):
 * {state, message type, handler, next state}. A message that has no row for
 * the current state is unexpected_message. Handlers read straight down, one
 * RFC step per function, and return an error value; they never send alerts
 * (the connection layer does, from the error's table row).
 *
 * The handshake writes its messages into the connection's record_out and
 * installs keys into it and into the reading side's record_protection.
 */
#ifndef TLS13_HANDSHAKE_H
#define TLS13_HANDSHAKE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "crypto/aead.h"
#include "crypto/kex.h"
#include "crypto/sig.h"
#include "handshake/messages.h"
#include "keyschedule/keyschedule.h"
#include "record/record.h"

typedef enum hs_state {
    /* Client, RFC 9846 §A.1. */
    HS_CLIENT_START,
    HS_CLIENT_WAIT_SH,
    HS_CLIENT_WAIT_SH_AFTER_HRR,
    HS_CLIENT_WAIT_EE,
    HS_CLIENT_WAIT_CERT_CR,
    HS_CLIENT_WAIT_CERT,
    HS_CLIENT_WAIT_CV,
    HS_CLIENT_WAIT_FINISHED,
    HS_CLIENT_CONNECTED,
    /* Server, RFC 9846 §A.2. */
    HS_SERVER_START,
    HS_SERVER_WAIT_CH2,
    HS_SERVER_WAIT_CERT,
    HS_SERVER_WAIT_CV,
    HS_SERVER_WAIT_FINISHED,
    HS_SERVER_CONNECTED,
    HS_STATE_COUNT
} hs_state;

typedef struct handshake handshake;

/* msg is the whole message (header included); body points into it. */
typedef tls13_error (*hs_handler)(handshake *hs, const uint8_t *msg, size_t len,
                                  span body);

typedef struct hs_transition {
    hs_state state;
    uint8_t msg_type;
    hs_handler handle;
    hs_state next;
} hs_transition;

#define HS_MAX_COOKIE 512

struct handshake {
    bool is_server;
    hs_state state;
    bool state_overridden;          /* a handler chose the next state itself */
    const struct tls13_config *cfg;
    record_out *out;                /* where our records go */
    record_protection *rx;          /* the reading side's protection */
    bool rx_changed;                /* the last message installed new read keys */

    ks_transcript transcript;
    ks_early_secret early;
    ks_handshake_secret hs_secret;
    ks_master_secret master;
    ks_secret client_hs, server_hs, client_ap, server_ap, exporter, resumption;

    const cipher_suite_info *suite;
    uint16_t group;
    uint16_t sig_scheme;            /* the server's CertificateVerify */
    uint16_t client_sig_scheme;     /* the client's, with mutual TLS */
    uint8_t client_random[HS_RANDOM_LEN];
    uint8_t server_random[HS_RANDOM_LEN];
    uint8_t session_id[HS_MAX_SESSION_ID];
    size_t session_id_len;
    bool hello_retried;
    bool ccs_sent;
    bool write_closed;              /* we sent close_notify: nothing more goes out (§6.1) */
    bool key_update_reply_owed;     /* the peer asked; answered before our next data */
    bool key_update_requested;      /* we asked; no KeyUpdate from the peer since */
    uint64_t key_updates_sent;
    uint16_t peer_record_size_limit;

    /* Client: our key shares (one, or after an HRR the new one), and our
     * ClientHello, kept for checking the server's answers against it. */
    kex_keypair kex;
    uint8_t *client_hello;
    size_t client_hello_len;
    client_hello offered;
    uint16_t hrr_group;
    uint16_t hrr_suite;
    uint8_t cookie[HS_MAX_COOKIE];
    size_t cookie_len;
    bool certificate_requested;
    uint8_t cert_request_context[255];
    size_t cert_request_context_len;
    char server_name[256];          /* client: sent in SNI; server: received */
    char verify_host[256];          /* client: checked against the certificate */
    uint8_t cr_signature_algorithms[256]; /* client: the CertificateRequest's */
    size_t cr_signature_algorithms_len;

    /* Server: what the first ClientHello asked for (to check the second). */
    uint16_t ch1_suites_hash;       /* not secret: a cheap fingerprint */
    bool ch1_had_early_data;
    bool requested_server_name;
    bool sent_ee_record_size_limit;

    /* Peer certificate (leaf, DER) and its key. */
    uint8_t *peer_leaf;
    size_t peer_leaf_len;
    sig_public_key peer_key;
    bool peer_authenticated;

    uint8_t alpn[256];
    size_t alpn_len;
    unsigned tickets_sent;

    /* The flight being assembled: handshake messages not yet put in records. */
    uint8_t *flight;
    size_t flight_len, flight_cap;

    char detail[256];               /* what exactly went wrong */
};

void hs_wipe_handshake_secrets(handshake *hs);
void hs_wipe_all_secrets(handshake *hs);
tls13_error hs_init(handshake *hs, const struct tls13_config *cfg, bool is_server,
                    record_out *out, record_protection *rx, const char *server_name);
void hs_free(handshake *hs);

/* Client: builds and sends the first ClientHello. */
tls13_error hs_client_start(handshake *hs);

/* Runs one whole handshake message through the table. */
tls13_error hs_dispatch(handshake *hs, const uint8_t *msg, size_t len);
bool hs_connected(const handshake *hs);
/* Whether an unprotected change_cipher_spec may arrive now (RFC 9846 §5). */
bool hs_ccs_allowed(const handshake *hs);
const char *hs_state_name(hs_state state);
const char *hs_message_name(uint8_t type);

/* Post-handshake: sends a KeyUpdate and moves to the next write keys. */
tls13_error hs_send_key_update(handshake *hs, bool request_peer);
/* Sends the KeyUpdate a peer's request is owed, if any (before our data). */
tls13_error hs_answer_key_update(handshake *hs);
/* Post-handshake: the peer's KeyUpdate (§4.7.3), a row of both tables. */
tls13_error hs_on_key_update(handshake *hs, const uint8_t *msg, size_t len, span body);

/* ---- shared by client.c and server.c -------------------------------------- */

extern const hs_transition hs_client_table[];
extern const size_t hs_client_table_len;
extern const hs_transition hs_server_table[];
extern const size_t hs_server_table_len;

/* Adds a message to the flight (and to the transcript if `in_transcript`). */
tls13_error hs_queue_message(handshake *hs, const uint8_t *msg, size_t len, bool in_transcript);
/* Puts the flight into records under the current write keys. */
tls13_error hs_flush(handshake *hs);
tls13_error hs_send_ccs(handshake *hs);
/* Flushes, then installs new write (or read) keys from a traffic secret. */
tls13_error hs_install_write_keys(handshake *hs, const ks_secret *secret);
tls13_error hs_install_read_keys(handshake *hs, const ks_secret *secret);
void hs_event(const handshake *hs, tls13_event_type type, const char *name,
              const uint8_t *data, size_t len);
void hs_secret_event(const handshake *hs, const char *name, const char *keylog_label,
                     const ks_secret *secret);
void hs_transcript_hash(const handshake *hs, uint8_t out[HASH_MAX_LEN]);
size_t hs_hash_len(const handshake *hs);
tls13_error hs_fail(handshake *hs, tls13_error err, const char *detail);

/* Key schedule steps common to both sides. */
tls13_error hs_derive_handshake_secrets(handshake *hs, const uint8_t *shared, size_t len);
void hs_derive_application_secrets(handshake *hs);
void hs_derive_resumption_secret(handshake *hs);
/* Builds our Finished (over the transcript so far) and queues it. */
tls13_error hs_send_finished(handshake *hs, const ks_secret *base_key);
/* Checks the peer's Finished against the transcript before it. */
tls13_error hs_check_finished(handshake *hs, const ks_secret *base_key, span body);
/* Signs and queues CertificateVerify with our key and this scheme. */
tls13_error hs_send_certificate_verify(handshake *hs, bool server, uint16_t scheme);
/* Checks the peer's CertificateVerify against the transcript before it;
 * `offered` is the signature_algorithms list we sent. */
tls13_error hs_check_certificate_verify(handshake *hs, bool from_server, span body,
                                        span offered);
/* Queues a Certificate message with our chain (or none). */
tls13_error hs_send_certificate(handshake *hs, span context, bool empty);
/* Our certificate and key are there and belong together. */
tls13_error hs_check_our_credentials(const handshake *hs);
/* The first scheme of `peer_list` our key can sign with, 0 if none. */
uint16_t hs_choose_signature_scheme(const handshake *hs, span peer_list);
/* Keeps the peer's leaf certificate and its public key. */
tls13_error hs_keep_peer_leaf(handshake *hs, span leaf);

/* The signature schemes we offer and accept (RFC 9846 §4.3.3). */
extern const uint16_t hs_signature_schemes[];
extern const size_t hs_signature_scheme_count;

/* Message helpers: a writer over a scratch buffer, then queue. */
typedef bool (*hs_write_fn)(wire_writer *w, const void *params);

#endif /* TLS13_HANDSHAKE_H */
