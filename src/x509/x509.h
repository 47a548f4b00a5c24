/*
 * x509.h — what the handshake needs from certificates and keys today:
 * PEM decoding, a strict DER reader, the SubjectPublicKeyInfo of a
 * certificate, private keys from PEM files (PKCS#8 Ed25519 and RSA, and the
 * traditional "RSA PRIVATE KEY"), and a throwaway self-signed Ed25519
 * certificate for tls13-server. Full path and host-name validation comes
 * later (docs/support.md).
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

/* Reads every "CERTIFICATE" block of a PEM file (at least one). */
tls13_error x509_load_chain_pem(const char *path, x509_chain *chain);
tls13_error x509_parse_chain_pem(const char *pem, size_t len, x509_chain *chain);

/* Reads the private key of a PEM file: "PRIVATE KEY" (PKCS#8: Ed25519, RSA)
 * or "RSA PRIVATE KEY" (PKCS#1). */
tls13_error x509_load_private_key_pem(const char *path, sig_private_key *key);
tls13_error x509_parse_private_key_pem(const char *pem, size_t len, sig_private_key *key);
/* From DER: PKCS#8 PrivateKeyInfo or PKCS#1 RSAPrivateKey. */
tls13_error x509_parse_private_key_der(const uint8_t *der, size_t len, sig_private_key *key);

/* The subject public key of a DER certificate (Ed25519, RSA, EC P-256). */
tls13_error x509_certificate_public_key(const uint8_t *der, size_t len, sig_public_key *key);
/* The public key of a PEM "PUBLIC KEY" (SubjectPublicKeyInfo) block. */
tls13_error x509_parse_public_key_der(const uint8_t *der, size_t len, sig_public_key *key);

/* A self-signed Ed25519 certificate for `common_name` (also its DNS
 * subjectAltName), valid from not_before for `days` days. */
tls13_error x509_make_self_signed(const sig_private_key *key, const char *common_name,
                                  int64_t not_before, int days, x509_der *out);

/* SHA-256 of the DER, as a fingerprint. */
void x509_fingerprint_sha256(const uint8_t *der, size_t len, uint8_t out[32]);

/* PEM armor helpers. */
tls13_error x509_pem_encode(const char *label, const uint8_t *der, size_t len,
                            char **out, size_t *out_len);

#endif /* TLS13_X509_H */
