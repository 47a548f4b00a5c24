/*
 * x509.h — what the handshake needs from certificates and keys today:
 * PEM decoding, a strict DER reader, the SubjectPublicKeyInfo of a
 * certificate, private keys from PEM files (PKCS#8 Ed25519, RSA, RSASSA-PSS
 * and EC, and the traditional "RSA PRIVATE KEY" and "EC PRIVATE KEY"), and a
 * throwaway self-signed Ed25519 certificate for tls13-server. Full path and
 * host-name validation comes later (docs/support.md).
 */
#ifndef TLS13_X509_H
#define TLS13_X509_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/sig.h"
#include "tls13.h"

/* A DER blob owned by a list (malloc'd). */
typedef struct x509_der {
    uint8_t *data;
    size_t len;
} x509_der;

#define X509_MAX_CHAIN 10

typedef struct x509_chain {
    x509_der certs[X509_MAX_CHAIN];  /* leaf first, as in the PEM file */
    size_t count;
} x509_chain;

void x509_chain_free(x509_chain *chain);
/* Frees one blob (e.g. x509_make_self_signed's output). */
void x509_der_free(x509_der *der);

/* Reads every "CERTIFICATE" block of a PEM file (at least one). */
tls13_error x509_load_chain_pem(const char *path, x509_chain *chain);
tls13_error x509_parse_chain_pem(const char *pem, size_t len, x509_chain *chain);

/* Reads the private key of a PEM file: "PRIVATE KEY" (PKCS#8: Ed25519, RSA,
 * RSASSA-PSS, EC P-256/P-384), "RSA PRIVATE KEY" (PKCS#1) or
 * "EC PRIVATE KEY" (SEC1, RFC 5915). */
tls13_error x509_load_private_key_pem(const char *path, sig_private_key *key);
tls13_error x509_parse_private_key_pem(const char *pem, size_t len, sig_private_key *key);
/* From DER: PKCS#8 PrivateKeyInfo, PKCS#1 RSAPrivateKey or SEC1
 * ECPrivateKey. */
tls13_error x509_parse_private_key_der(const uint8_t *der, size_t len, sig_private_key *key);

/* The subject public key of a DER certificate (Ed25519, RSA, RSASSA-PSS,
 * EC P-256 and P-384). */
tls13_error x509_certificate_public_key(const uint8_t *der, size_t len, sig_public_key *key);
/* The public key of a DER SubjectPublicKeyInfo (a PEM "PUBLIC KEY" block).
 * TLS13_ERR_BAD_CERTIFICATE when malformed, TLS13_ERR_UNSUPPORTED_KEY for
 * other algorithms, curves, compressed points, or unusable keys
 * (sig_public_key_check). */
tls13_error x509_parse_public_key_der(const uint8_t *der, size_t len, sig_public_key *key);

/* The parts of a DER certificate (RFC 5280 §4.1), pointing into the DER. */
typedef struct x509_certificate_view {
    const uint8_t *tbs;              /* tbsCertificate, header included: */
    size_t tbs_len;                  /*   the bytes the signature covers */
    const uint8_t *spki;             /* subjectPublicKeyInfo, header included */
    size_t spki_len;
    uint16_t signature_scheme;       /* signatureAlgorithm as a SignatureScheme:
                                        ed25519, rsa_pkcs1_*, ecdsa-with-SHA256 /
                                        -SHA384 as ecdsa_secp256r1_sha256 /
                                        ecdsa_secp384r1_sha384 (the hash; the curve
                                        is the issuer's), RSASSA-PSS (SHA-2, MGF1
                                        same hash, salt = hash length) as
                                        rsa_pss_rsae_*; 0 when not supported */
    const uint8_t *signature;        /* signatureValue, without the unused-bits byte */
    size_t signature_len;
    uint32_t version;                /* 0 = v1, 1 = v2, 2 = v3 */
} x509_certificate_view;

/* Walks a certificate strictly (TLS13_ERR_BAD_CERTIFICATE on any deviation
 * from DER or from the structure of RFC 5280 §4.1). */
tls13_error x509_certificate_parse(const uint8_t *der, size_t len, x509_certificate_view *view);
/* Checks the certificate's signature with its issuer's public key (its own
 * for a self-signed certificate), by X.509's rules (sig_verify_x509: any
 * ECDSA hash with either curve; RSASSA-PSS with either RSA key OID):
 * TLS13_ERR_BAD_SIGNATURE, or TLS13_ERR_UNSUPPORTED_KEY when the signature
 * algorithm is not supported. */
tls13_error x509_certificate_check_signature(const x509_certificate_view *cert,
                                             const sig_public_key *issuer_key);

/* A self-signed Ed25519 certificate for `common_name` (also its DNS
 * subjectAltName), valid from not_before (Unix time) for `days` days.
 * common_name is a host name: 1..64 characters of A-Z a-z 0-9 '-' '.'.
 * out->data is malloc'd (x509_der_free). */
tls13_error x509_make_self_signed(const sig_private_key *key, const char *common_name,
                                  int64_t not_before, int days, x509_der *out);

/* SHA-256 of the DER, as a fingerprint. */
void x509_fingerprint_sha256(const uint8_t *der, size_t len, uint8_t out[32]);

/* PEM armor: "-----BEGIN <label>-----", 64-character base64 lines, END.
 * *out is malloc'd and NUL-terminated; *out_len excludes the NUL. */
tls13_error x509_pem_encode(const char *label, const uint8_t *der, size_t len,
                            char **out, size_t *out_len);

#endif /* TLS13_X509_H */
