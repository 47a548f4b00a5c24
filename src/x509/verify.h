/*
 * verify.h — X.509 certificates as path validation needs them (RFC 5280),
 * trust anchors, chain building and checking, and host-name matching
 * (RFC 6125).
 *
 * A client checks the server's chain: from the leaf, through the
 * intermediates the server sent (in any order), to a trust anchor of its CA
 * bundle; each signature, each validity period against the config's clock,
 * basicConstraints and pathLenConstraint, keyUsage and extendedKeyUsage for
 * the role (the CAs' extendedKeyUsage too), every CA's nameConstraints
 * (nameconstraints.h), and the host name against the leaf's
 * subjectAltName. A server checks a client's chain the same way, without a
 * name. Every failure is its own error value (with its alert, src/error.c)
 * and a detail sentence that says which certificate and what was wrong.
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
    X509_KU_CRL_SIGN = 1 << 6,
    X509_KU_ENCIPHER_ONLY = 1 << 7,
    X509_KU_DECIPHER_ONLY = 1 << 8
};

/* GeneralName tags (RFC 5280 §4.2.1.6; IMPLICIT, except directoryName,
 * whose Name is a CHOICE and so stays EXPLICIT). */
enum {
    X509_SAN_OTHER_NAME = 0xa0,      /* [0] */
    X509_SAN_RFC822_NAME = 0x81,     /* [1] IA5String */
    X509_SAN_DNS_NAME = 0x82,        /* [2] IA5String */
    X509_SAN_X400_ADDRESS = 0xa3,    /* [3] */
    X509_SAN_DIRECTORY_NAME = 0xa4,  /* [4] Name */
    X509_SAN_EDI_PARTY_NAME = 0xa5,  /* [5] */
    X509_SAN_URI = 0x86,             /* [6] IA5String */
    X509_SAN_IP_ADDRESS = 0x87,      /* [7] OCTET STRING, 4 or 16 bytes (8 or 32 in
                                        a name constraint: address, then mask) */
    X509_SAN_REGISTERED_ID = 0x88    /* [8] OID */
};

/* A certificate, parsed; every x509_bytes points into the DER, which must
 * outlive the struct. */
typedef struct x509_cert {
    x509_certificate_view view;
    x509_bytes der;                  /* the whole certificate */
    x509_bytes serial;               /* magnitude, big-endian */
    x509_bytes issuer;               /* Name, DER with its header */
    x509_bytes subject;
    x509_bytes issuer_cn;            /* the last commonName's string contents */
    x509_bytes subject_cn;           /*   (for messages only; never matched) */
    int64_t not_before, not_after;   /* Unix time; valid from not_before
                                        through not_after, inclusive */
    sig_public_key key;
    bool has_basic_constraints;
    bool is_ca;
    int path_len;                    /* -1: no pathLenConstraint */
    bool has_key_usage;
    uint16_t key_usage;              /* X509_KU_* */
    bool has_ext_key_usage;
    bool eku_server_auth, eku_client_auth, eku_any;
    x509_bytes subject_key_id;       /* empty when absent */
    x509_bytes authority_key_id;     /* keyIdentifier; empty when absent */
    /* subjectAltName: the contents of its GeneralNames SEQUENCE (every
     * entry, checked by x509_cert_parse). Host matching walks this. */
    bool has_subject_alt_name;
    x509_bytes subject_alt_name;
    /* A convenience copy of the first X509_MAX_SAN dNSName and iPAddress
     * entries, for display; a certificate may carry more. */
    x509_bytes dns_names[X509_MAX_SAN];
    size_t dns_name_count;
    x509_bytes ip_addresses[X509_MAX_SAN];   /* 4 or 16 bytes each */
    size_t ip_address_count;
    /* nameConstraints (RFC 5280 §4.2.1.10), critical or not: the contents
     * of permittedSubtrees [0] and excludedSubtrees [1] (GeneralSubtree
     * SEQUENCEs, each checked by x509_cert_parse: a well-formed base, no
     * minimum or maximum); empty when absent. nameconstraints.c applies
     * them. */
    bool has_name_constraints;
    x509_bytes permitted_subtrees;
    x509_bytes excluded_subtrees;
    /* The extnID (OID contents) of the first critical extension we do not
     * understand, when x509_cert_parse returns
     * TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION. */
    x509_bytes unknown_critical;
} x509_cert;

/* Parses a v3 (or v1) certificate strictly (RFC 5280 §4.1, §4.2):
 * TLS13_ERR_BAD_CERTIFICATE for a malformed one (and *cert is zeroed);
 * TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION for a critical extension we do
 * not understand (RFC 5280 §4.2), TLS13_ERR_UNSUPPORTED_KEY for a key type
 * we cannot use -- for these two every field but the key is filled in, so
 * a caller can say which certificate it was.
 *
 * Understood extensions: basicConstraints, keyUsage, extKeyUsage,
 * subjectAltName, subjectKeyIdentifier, authorityKeyIdentifier,
 * nameConstraints (critical or not; an empty one, or a subtree with a
 * minimum or maximum, is malformed) and certificatePolicies (accepted even
 * when critical: without policyConstraints, which we refuse when critical,
 * RFC 5280 §6.1 with the default inputs cannot fail on a policy). Others
 * (policyConstraints, policyMappings, inhibitAnyPolicy, and also CRL
 * distribution points and authorityInfoAccess: we do no revocation checks)
 * are ignored when non-critical and refused when critical. */
tls13_error x509_cert_parse(const uint8_t *der, size_t len, x509_cert *cert);

/* A UTCTime (YYMMDDHHMMSSZ, years 1950..2049) or GeneralizedTime
 * (YYYYMMDDHHMMSSZ) as RFC 5280 §4.1.2.5 allows it: Zulu, with seconds,
 * no fractions, a real calendar date. tag is DER_UTC_TIME (0x17) or
 * DER_GENERALIZED_TIME (0x18). */
bool x509_time_parse(uint8_t tag, const uint8_t *text, size_t len, int64_t *unix_time);
/* "YYYY-MM-DD" (UTC) into out (at least 11 bytes; years 0..9999). */
void x509_time_format_date(int64_t unix_time, char out[11]);

/* Trust anchors: the certificates of a CA bundle (PEM). A zeroed struct is
 * an empty store. index[i] says where certs[i]'s subject Name and
 * SubjectPublicKeyInfo are (pointing into certs[i].data), for chain
 * building without re-parsing every anchor. */
typedef struct x509_anchor_index {
    x509_bytes subject;
    x509_bytes spki;
} x509_anchor_index;

typedef struct x509_store {
    x509_der *certs;
    x509_anchor_index *index;
    size_t count, cap;
} x509_store;

/* Adds every CERTIFICATE of a PEM bundle. Certificates we cannot use
 * (malformed, unsupported key types, unknown critical extensions) are
 * skipped and counted in *skipped (may be NULL). TLS13_ERR_PEM when the
 * file has no CERTIFICATE block or bad armor (the store is then unchanged),
 * TLS13_ERR_FILE_READ when it cannot be read. */
tls13_error x509_store_load_file(x509_store *store, const char *path, size_t *skipped);
/* Adds one anchor (copied); x509_cert_parse's errors. A certificate
 * already in the store is not added twice. */
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
    size_t max_depth;                /* certificates in the path, anchor included
                                        (0: 10); TLS13_ERR_CERT_PATH_TOO_LONG beyond */
} x509_verify_params;

/* Verifies a chain as sent in a Certificate message (leaf first, then the
 * certificates that may help, in any order; at most 32). It builds a path
 * from the leaf through the presented certificates to an anchor, trying
 * each candidate issuer (subject Name equal to the issuer Name, byte for
 * byte; several candidates for cross-signed CAs), and stops at the first
 * anchor met: a presented certificate that is an anchor (same DER, or same
 * subject and key) ends the path, so a pinned self-signed leaf verifies on
 * its own. Each complete path is checked (verify.c says how); a path that
 * passes ends the search, then the host name is matched against the leaf.
 *
 * Errors: TLS13_ERR_CERT_* for a failed check (the first failing complete
 * path's, else a signature that did not verify, else the parse error of an
 * issuer we could not use, else the depth limit, else
 * TLS13_ERR_CERT_UNKNOWN_CA); TLS13_ERR_BAD_CERTIFICATE when any
 * certificate is malformed; the leaf's x509_cert_parse error;
 * TLS13_ERR_CERTIFICATE_CHAIN_TOO_LONG for more than 32 certificates.
 *
 * On success *leaf_key is the leaf's public key (zeroed on failure). On
 * failure `detail` (if non-NULL) gets a sentence naming the certificate by
 * its index in the path (0 is the leaf) and its subject CN, e.g.
 * "certificate 1 (CN=Test Intermediate) expired on 2024-01-01". */
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
