/*
 * config.h — the inside of tls13_config (internal). The handshake reads it;
 * src/api/config.c fills it.
 */
#ifndef TLS13_CONFIG_INTERNAL_H
#define TLS13_CONFIG_INTERNAL_H

#include <stdbool.h>
#include <stdio.h>

#include "crypto/sig.h"
#include "handshake/messages.h"
#include "tls13.h"
#include "x509/verify.h"
#include "x509/x509.h"

#define CONFIG_MAX_SUITES 3
#define CONFIG_MAX_GROUPS 2
#define CONFIG_MAX_ALPN 8
#define CONFIG_MAX_PINS 8
#define CONFIG_MAX_TICKETS 8

/*
 * Test seams: ways for a test to make the library reproduce a published
 * trace byte for byte. Nothing here is reachable through the public API;
 * tests/ set them through this header. Each is named for what it changes.
 */
typedef struct config_test_hooks {
    /* Send each handshake message in a record of its own (tls13.xargs.org)
     * instead of one record per flight. */
    bool one_message_per_record;
    /* ServerHello extensions: key_share before supported_versions (RFC 8448
     * order) instead of supported_versions first (OpenSSL's, xargs' order). */
    bool server_hello_key_share_first;
    /* Groups to list in EncryptedExtensions' supported_groups (RFC 8448
     * lists groups the server does not implement). */
    const uint16_t *ee_groups;
    size_t ee_group_count;
    /* Leave the empty server_name out of EncryptedExtensions. RFC 6066 §3:
     * the acknowledgement says the server used the name, which is the
     * server's choice (OpenSSL without a servername callback, as in xargs,
     * sends none; NSS, in RFC 8448, does). */
    bool ee_no_server_name_ack;
    /* The cookie a server puts in a HelloRetryRequest. */
    span hrr_cookie;
    /* The NewSessionTickets a server sends (instead of random tickets). */
    const new_session_ticket *tickets;
    size_t ticket_count;
    /* The ClientHello bytes a client sends instead of the one it built
     * (first and, after an HRR, second). The key share private keys still
     * come from the random source. */
    span client_hello[2];
    /* Sign CertificateVerify even with a key that is not the certificate's:
     * for traces whose private key was never published (RFC 8448 §6), so a
     * stand-in key can carry the replay past the CertificateVerify. */
    bool sign_with_any_key;
    /* The signature schemes a server's CertificateRequest lists (and then
     * accepts in the client's CertificateVerify), instead of the ones it
     * implements: RFC 8448 §6's NSS lists schemes we do not. At most 64. */
    const uint16_t *cr_signature_schemes;
    size_t cr_signature_scheme_count;
} config_test_hooks;

struct tls13_config {
    uint16_t suites[CONFIG_MAX_SUITES];
    size_t suite_count;
    uint16_t groups[CONFIG_MAX_GROUPS];
    size_t group_count;
    char alpn_names[CONFIG_MAX_ALPN][256];
    span alpn[CONFIG_MAX_ALPN];
    size_t alpn_count;

    x509_chain chain;
    bool has_key;
    sig_private_key key;

    x509_der pins[CONFIG_MAX_PINS];   /* certificates (DER) */
    sig_public_key pin_keys[CONFIG_MAX_PINS];
    size_t pin_count;
    bool insecure_noverifycert;
    x509_store anchors;               /* for the server's chain */
    bool verify_client;               /* server: send a CertificateRequest */
    bool require_client_cert;
    x509_store client_anchors;        /* for a client's chain */
    tls13_time_fn now;
    void *now_ctx;

    tls13_random_source rng;
    unsigned tickets;
    uint32_t ticket_lifetime;

    tls13_keylog_fn keylog;
    void *keylog_ctx;
    FILE *keylog_file;

    tls13_event_fn event;
    void *event_ctx;

    config_test_hooks test;
};

/* The config's clock, in seconds since the Unix epoch. */
int64_t config_now(const struct tls13_config *cfg);

/* Writes one NSS key log line for a secret (no-op without a key log). */
void keylog_secret(const struct tls13_config *cfg, const char *label,
                   const uint8_t client_random[32], const uint8_t *secret, size_t len);

#endif /* TLS13_CONFIG_INTERNAL_H */
