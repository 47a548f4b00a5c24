/*
 * verify.h — X.509 certificates as path validation needs them (RFC 5280),
 * trust anchors, chain building and checking, and host-name matching
 * (RFC 6125).
 *
 * A client checks the server's chain: from the leaf, through the
 * intermediates the server sent (in any order), to a trust anchor of its CA
 * bundle; each signature, each validity period against the config's clock,
 * basicConstraints and pathLenConstraint, keyUsage and extendedKeyUsage for
 * the role, and the host name against the leaf's subjectAltName. A server
 * checks a client's chain the same way, without a name. Every failure is
 * its own error value (with its alert, src/error.c) and a detail sentence
 * that says which certificate and what was wrong.
 */
#ifndef TLS13_X509_VERIFY_H
#define TLS13_X509_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/sig.h"
#include "tls13.h"
#include "x509/x509.h"

#define X509_MAX_SAN 32

/* A byte range inside the certificate's DER. */
typedef struct x509_bytes {
    const uint8_t *data;
    size_t len;
} x509_bytes;

/* keyUsage bits (RFC 5280 §4.2.1.3), as bit 0 = digitalSignature ... */
enum {
    X509_KU_DIGITAL_SIGNATURE = 1 << 0,
    X509_KU_NON_REPUDIATION = 1 << 1,
    X509_KU_KEY_ENCIPHERMENT = 1 << 2,
    X509_KU_DATA_ENCIPHERMENT = 1 << 3,
    X509_KU_KEY_AGREEMENT = 1 << 4,
    X509_KU_KEY_CERT_SIGN = 1 << 5,
    X509_KU_CRL_SIGN = 1 << 6
};

/* A certificate, parsed; every x509_bytes points into the DER. */
typedef struct x509_cert {
    x509_certificate_view view;
    x509_bytes serial;
    x509_bytes issuer;               /* Name, DER with its header */
    x509_bytes subject;
    int64_t not_before, not_after;   /* Unix time */
    sig_public_key key;
    bool has_basic_constraints;
    bool is_ca;
    int path_len;                    /* -1: no pathLenConstraint */
    bool has_key_usage;
    uint16_t key_usage;
    bool has_ext_key_usage;
    bool eku_server_auth, eku_client_auth, eku_any;
    x509_bytes dns_names[X509_MAX_SAN];
    size_t dns_name_count;
    x509_bytes ip_addresses[X509_MAX_SAN];   /* 4 or 16 bytes each */
    size_t ip_address_count;
    bool has_subject_alt_name;
} x509_cert;

/* Parses a v3 (or v1) certificate strictly: TLS13_ERR_BAD_CERTIFICATE for a
 * malformed one, TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION for a critical
 * extension we do not understand (RFC 5280 §4.2), TLS13_ERR_UNSUPPORTED_KEY
 * for a key type we cannot use. */
tls13_error x509_cert_parse(const uint8_t *der, size_t len, x509_cert *cert);

/* Trust anchors: the certificates of a CA bundle (PEM). */
typedef struct x509_store {
    x509_der *certs;
    size_t count, cap;
} x509_store;

/* Adds every CERTIFICATE of a PEM bundle; certificates we cannot parse
 * (unsupported key types) are skipped and counted in *skipped. */
tls13_error x509_store_load_file(x509_store *store, const char *path, size_t *skipped);
tls13_error x509_store_add_der(x509_store *store, const uint8_t *der, size_t len);
void x509_store_free(x509_store *store);

typedef enum x509_purpose {
    X509_PURPOSE_SERVER,   /* id-kp-serverAuth */
    X509_PURPOSE_CLIENT    /* id-kp-clientAuth */
} x509_purpose;

typedef struct x509_verify_params {
    const x509_store *anchors;
    int64_t now;                     /* Unix time, from the config's clock */
    const char *host;                /* the name to match, NULL: none (client certificates) */
    x509_purpose purpose;
    size_t max_depth;                /* certificates in the path, anchor included (0: 10) */
} x509_verify_params;

/* Verifies a chain as sent in a Certificate message (leaf first, then the
 * certificates that may help, in any order). On success *leaf_key is the
 * leaf's public key. On failure `detail` (if non-NULL) gets a sentence such
 * as "certificate 1 (CN=Test Intermediate) expired on 2024-01-01". */
tls13_error x509_verify_chain(const x509_verify_params *params, const x509_bytes *chain,
                              size_t count, sig_public_key *leaf_key,
                              char *detail, size_t detail_len);

/* RFC 6125 §6.4: does the certificate carry this host name? DNS names are
 * compared case-insensitively; a wildcard is honoured only as the whole
 * left-most label ("*.example.com" matches "a.example.com", not
 * "example.com" or "a.b.example.com"); an IP address literal ("127.0.0.1",
 * "::1") is matched against iPAddress entries only. The subject CN is not
 * used (the leaf must have a subjectAltName). */
bool x509_cert_matches_host(const x509_cert *cert, const char *host);

#endif /* TLS13_X509_VERIFY_H */
