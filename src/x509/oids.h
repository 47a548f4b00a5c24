/*
 * oids.h — the OBJECT IDENTIFIER contents (X.690 §8.19) src/x509 compares
 * against or writes. Internal to src/x509.
 */
#ifndef TLS13_X509_OIDS_H
#define TLS13_X509_OIDS_H

#include <stdint.h>

/* 1.3.101.112, id-Ed25519 (RFC 8410 §3) */
static const uint8_t oid_ed25519[] = { 0x2b, 0x65, 0x70 };
/* 1.2.840.113549.1.1.1, rsaEncryption (RFC 3279 §2.3.1) */
static const uint8_t oid_rsa_encryption[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01 };
/* 1.2.840.113549.1.1.11 / .12 / .13, sha{256,384,512}WithRSAEncryption (RFC 4055 §5) */
static const uint8_t oid_sha256_with_rsa[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b };
static const uint8_t oid_sha384_with_rsa[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0c };
static const uint8_t oid_sha512_with_rsa[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0d };
/* 1.2.840.10045.2.1, id-ecPublicKey (RFC 5480 §2.1.1) */
static const uint8_t oid_ec_public_key[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01 };
/* 1.2.840.10045.3.1.7, secp256r1 / prime256v1 (RFC 5480 §2.1.1.1) */
static const uint8_t oid_prime256v1[] = { 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07 };
/* 1.2.840.10045.4.3.2, ecdsa-with-SHA256 (RFC 5758 §3.2) */
static const uint8_t oid_ecdsa_with_sha256[] = {
    0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02 };
/* 1.2.840.10045.4.3.3, ecdsa-with-SHA384 (RFC 5758 §3.2) */
static const uint8_t oid_ecdsa_with_sha384[] = {
    0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x03 };
/* 1.3.132.0.34, secp384r1 (RFC 5480 §2.1.1.1) */
static const uint8_t oid_secp384r1[] = { 0x2b, 0x81, 0x04, 0x00, 0x22 };
/* 1.2.840.113549.1.1.10, id-RSASSA-PSS, and 1.2.840.113549.1.1.8, id-mgf1
 * (RFC 4055 §3.1, §2.2) */
static const uint8_t oid_rsassa_pss[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a };
static const uint8_t oid_mgf1[] = {
    0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x08 };
/* 2.16.840.1.101.3.4.2.1 / .2 / .3, id-sha256 / id-sha384 / id-sha512
 * (RFC 4055 §2.1) */
static const uint8_t oid_sha256[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01 };
static const uint8_t oid_sha384[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02 };
static const uint8_t oid_sha512[] = { 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03 };
/* 2.5.4.3, id-at-commonName (RFC 5280 Appendix A.1) */
static const uint8_t oid_common_name[] = { 0x55, 0x04, 0x03 };
/* 2.5.29.17 subjectAltName, 2.5.29.19 basicConstraints, 2.5.29.15 keyUsage
 * (RFC 5280 §4.2.1.6, §4.2.1.9, §4.2.1.3) */
static const uint8_t oid_subject_alt_name[] = { 0x55, 0x1d, 0x11 };
static const uint8_t oid_basic_constraints[] = { 0x55, 0x1d, 0x13 };
static const uint8_t oid_key_usage[] = { 0x55, 0x1d, 0x0f };

#endif /* TLS13_X509_OIDS_H */
