/*
 * keys.c — private keys from PEM and DER:
 *   "PRIVATE KEY"      PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208,
 *                      RFC 5958) holding Ed25519 (RFC 8410 §7) or RSA
 *   "RSA PRIVATE KEY"  PKCS#1 RSAPrivateKey (RFC 8017 Appendix A.1.2)
 * Not yet: EC keys (SEC1 "EC PRIVATE KEY", or PKCS#8 id-ecPublicKey) and
 * encrypted keys; they are refused with TLS13_ERR_BAD_KEY_FILE.
 *
 * Every buffer that held key material is wiped before it is freed, and a key
 * that fails to load is wiped.
 *
 * May touch: src/x509, src/wire, src/crypto (sig.h, secure.h).
 */
#include "x509/x509.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "x509/der.h"
#include "x509/oids.h"
#include "x509/pem.h"

static bool read_key_bignum(wire_reader *r, sig_bignum *out)
{
    const uint8_t *bytes;
    size_t len;
    if (!der_read_unsigned(r, &bytes, &len) || len > SIG_RSA_MAX_BYTES)
        return false;
    memcpy(out->bytes, bytes, len);
    out->len = len;
    return true;
}

/* RSAPrivateKey ::= SEQUENCE { version (0: two primes; 1, multi-prime, is
 * not supported), modulus, publicExponent, privateExponent, prime1, prime2,
 * exponent1, exponent2, coefficient }, then the RFC 8017 §3.2 relations. */
static tls13_error parse_rsa_private_key(const uint8_t *der, size_t len, sig_private_key *key)
{
    wire_reader r, seq;
    uint32_t version;
    wire_reader_init(&r, der, len);
    if (!der_read(&r, DER_SEQUENCE, &seq) || !wire_reader_done(&r) ||
        !der_read_small_unsigned(&seq, &version) || version != 0)
        return TLS13_ERR_BAD_KEY_FILE;
    sig_bignum *fields[] = { &key->pub.rsa_n, &key->pub.rsa_e, &key->rsa_d, &key->rsa_p,
                             &key->rsa_q, &key->rsa_dp, &key->rsa_dq, &key->rsa_qinv };
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (!read_key_bignum(&seq, fields[i]))
            return TLS13_ERR_BAD_KEY_FILE;
    }
    if (!wire_reader_done(&seq))
        return TLS13_ERR_BAD_KEY_FILE;
    key->type = SIG_KEY_RSA;
    key->pub.type = SIG_KEY_RSA;
    return sig_rsa_check(key) == TLS13_OK ? TLS13_OK : TLS13_ERR_BAD_KEY_FILE;
}

/* RFC 8410 §7: privateKey is CurvePrivateKey ::= OCTET STRING (32 bytes),
 * inside PrivateKeyInfo's OCTET STRING. The parameters are absent. */
static tls13_error parse_ed25519_private_key(const wire_reader *params, wire_reader inner,
                                             sig_private_key *key)
{
    wire_reader seed;
    if (!wire_reader_done(params) || !der_read(&inner, DER_OCTET_STRING, &seed) ||
        !wire_reader_done(&inner) || seed.len != 32)
        return TLS13_ERR_BAD_KEY_FILE;
    return sig_ed25519_from_seed(key, seed.data);
}

/* OneAsymmetricKey's optional publicKey [1] (RFC 5958 §2, version 1 only):
 * when present it must be the key's own public key. Only Ed25519 keys are
 * compared; an RSA key's public half is inside RSAPrivateKey already. */
static bool public_key_matches(const wire_reader *field, const sig_private_key *key)
{
    if (key->type != SIG_KEY_ED25519)
        return true;
    return field->len == 33 && field->data[0] == 0 &&
           memcmp(field->data + 1, key->pub.ed25519, 32) == 0;
}

/* attributes [0] IMPLICIT (skipped), publicKey [1] IMPLICIT BIT STRING. */
static bool pkcs8_trailer(wire_reader *seq, uint32_t version, const sig_private_key *key)
{
    wire_reader field;
    bool present;
    if (!der_read_optional(seq, DER_CONTEXT_0, &field, &present))
        return false;
    if (!der_read_optional(seq, DER_CONTEXT_PRIMITIVE_1, &field, &present) ||
        (present && (version != 1 || !public_key_matches(&field, key))))
        return false;
    return wire_reader_done(seq);
}

/* PrivateKeyInfo ::= SEQUENCE { version (0, or 1 for OneAsymmetricKey),
 * privateKeyAlgorithm AlgorithmIdentifier, privateKey OCTET STRING,
 * attributes [0] OPTIONAL, publicKey [1] OPTIONAL }. */
static tls13_error parse_pkcs8(wire_reader seq, sig_private_key *key)
{
    wire_reader alg, oid, inner;
    uint32_t version;
    if (!der_read_small_unsigned(&seq, &version) || version > 1 ||
        !der_read(&seq, DER_SEQUENCE, &alg) || !der_read(&alg, DER_OID, &oid) ||
        !der_read(&seq, DER_OCTET_STRING, &inner))
        return TLS13_ERR_BAD_KEY_FILE;
    tls13_error err = TLS13_ERR_BAD_KEY_FILE;    /* EC and others: not yet */
    if (der_oid_equals(&oid, oid_ed25519, sizeof oid_ed25519)) {
        err = parse_ed25519_private_key(&alg, inner, key);
    } else if (der_oid_equals(&oid, oid_rsa_encryption, sizeof oid_rsa_encryption)) {
        err = der_read_null(&alg) && wire_reader_done(&alg)
                  ? parse_rsa_private_key(inner.data, inner.len, key)
                  : TLS13_ERR_BAD_KEY_FILE;
    }
    if (err == TLS13_OK && !pkcs8_trailer(&seq, version, key))
        err = TLS13_ERR_BAD_KEY_FILE;
    return err;
}

/* PKCS#8 from DER: the outer SEQUENCE, nothing after it. */
static tls13_error parse_pkcs8_der(const uint8_t *der, size_t len, sig_private_key *key)
{
    wire_reader r, seq;
    wire_reader_init(&r, der, len);
    if (!der_read(&r, DER_SEQUENCE, &seq) || !wire_reader_done(&r))
        return TLS13_ERR_BAD_KEY_FILE;
    return parse_pkcs8(seq, key);
}

/* PKCS#8 and PKCS#1 both open with SEQUENCE { INTEGER version, ... }; the
 * element after the version tells them apart (AlgorithmIdentifier is a
 * SEQUENCE, the RSA modulus an INTEGER). */
static bool looks_like_pkcs8(const uint8_t *der, size_t len)
{
    wire_reader r, seq;
    uint32_t version;
    uint8_t next;
    wire_reader_init(&r, der, len);
    return der_read(&r, DER_SEQUENCE, &seq) && der_read_small_unsigned(&seq, &version) &&
           der_peek_tag(&seq, &next) && next == DER_SEQUENCE;
}

tls13_error x509_parse_private_key_der(const uint8_t *der, size_t len, sig_private_key *key)
{
    if (der == NULL || key == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    memset(key, 0, sizeof *key);
    tls13_error err = looks_like_pkcs8(der, len) ? parse_pkcs8_der(der, len, key)
                                                 : parse_rsa_private_key(der, len, key);
    if (err != TLS13_OK)
        sig_private_key_wipe(key);
    return err;
}

/* The label says which structure the block holds (RFC 7468 §10, §11). */
static tls13_error parse_key_block(const pem_block *block, sig_private_key *key)
{
    tls13_error err = TLS13_ERR_BAD_KEY_FILE;
    if (strcmp(block->label, "PRIVATE KEY") == 0)
        err = parse_pkcs8_der(block->der, block->len, key);
    else if (strcmp(block->label, "RSA PRIVATE KEY") == 0)
        err = parse_rsa_private_key(block->der, block->len, key);
    if (err != TLS13_OK)
        sig_private_key_wipe(key);
    return err;
}

/* The first key block of the text is the key. Other blocks before it
 * (certificates, "EC PARAMETERS") are skipped; a key block of another kind
 * ("ENCRYPTED PRIVATE KEY", "EC PRIVATE KEY") is refused. */
static bool is_key_label(const char *label)
{
    size_t n = strlen(label);
    return n >= 11 && strcmp(label + n - 11, "PRIVATE KEY") == 0;
}

tls13_error x509_parse_private_key_pem(const char *pem, size_t len, sig_private_key *key)
{
    if (pem == NULL || key == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    memset(key, 0, sizeof *key);
    size_t pos = 0;
    for (;;) {
        pem_block block;
        bool found;
        tls13_error err = pem_next_block(pem, len, &pos, &block, &found);
        if (err != TLS13_OK)
            return err;
        if (!found)
            return TLS13_ERR_PEM;
        bool is_key = is_key_label(block.label);
        if (is_key)
            err = parse_key_block(&block, key);
        pem_block_free(&block);
        if (is_key)
            return err;
    }
}

tls13_error x509_load_private_key_pem(const char *path, sig_private_key *key)
{
    char *text;
    size_t len;
    if (key == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = pem_read_file(path, &text, &len);
    if (err != TLS13_OK)
        return err;
    err = x509_parse_private_key_pem(text, len, key);
    secure_wipe(text, len);
    free(text);
    return err;
}
