/*
 * keys.c — private keys from PEM and DER:
 *   "PRIVATE KEY"      PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208,
 *                      RFC 5958) holding Ed25519 (RFC 8410 §7), RSA,
 *                      RSASSA-PSS (RFC 4055 §3.1) or EC P-256/P-384
 *                      (RFC 5915 §2, id-ecPublicKey with a namedCurve)
 *   "RSA PRIVATE KEY"  PKCS#1 RSAPrivateKey (RFC 8017 Appendix A.1.2)
 *   "EC PRIVATE KEY"   SEC1 ECPrivateKey (RFC 5915 §3)
 * Not supported: encrypted keys, other curves; they are refused with
 * TLS13_ERR_BAD_KEY_FILE.
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
#include "x509/algid.h"
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

/* RFC 5480 §2.2 ECPoint, uncompressed: equal to the point of the key's
 * scalar (computed by sig_ec_from_scalar). */
static bool ec_point_matches(const wire_reader *point, const sig_private_key *key)
{
    return point->len == key->pub.ec_point_len &&
           memcmp(point->data, key->pub.ec_point, point->len) == 0;
}

/* ECPrivateKey ::= SEQUENCE { version INTEGER { ecPrivkeyVer1(1) },
 * privateKey OCTET STRING, parameters [0] ECParameters OPTIONAL,
 * publicKey [1] BIT STRING OPTIONAL } (RFC 5915 §3). The curve comes from
 * [0] or, inside PKCS#8, from the AlgorithmIdentifier (outer_curve; when
 * both are present they must agree). The privateKey is exactly the order's
 * length; a present publicKey must be the scalar's own point. */
static tls13_error parse_ec_private_key(const uint8_t *der, size_t len,
                                        sig_key_type outer_curve, sig_private_key *key)
{
    wire_reader r, seq, scalar, field, point;
    uint32_t version;
    bool present;
    sig_key_type curve = outer_curve;
    wire_reader_init(&r, der, len);
    if (!der_read(&r, DER_SEQUENCE, &seq) || !wire_reader_done(&r) ||
        !der_read_small_unsigned(&seq, &version) || version != 1 ||
        !der_read(&seq, DER_OCTET_STRING, &scalar) ||
        !der_read_optional(&seq, DER_CONTEXT_0, &field, &present))
        return TLS13_ERR_BAD_KEY_FILE;
    if (present) {
        sig_key_type inner = SIG_KEY_NONE;
        if (algid_read_named_curve(&field, &inner) != ALGID_OK || !wire_reader_done(&field) ||
            (outer_curve != SIG_KEY_NONE && inner != outer_curve))
            return TLS13_ERR_BAD_KEY_FILE;
        curve = inner;
    }
    if (curve == SIG_KEY_NONE ||
        sig_ec_from_scalar(key, curve, scalar.data, scalar.len) != TLS13_OK)
        return TLS13_ERR_BAD_KEY_FILE;
    if (!der_read_optional(&seq, DER_CONTEXT_1, &field, &present))
        return TLS13_ERR_BAD_KEY_FILE;
    if (present && (!der_read_bit_string_octets(&field, &point) || !wire_reader_done(&field) ||
                    !ec_point_matches(&point, key)))
        return TLS13_ERR_BAD_KEY_FILE;
    return wire_reader_done(&seq) ? TLS13_OK : TLS13_ERR_BAD_KEY_FILE;
}

/* PKCS#8 id-ecPublicKey: the AlgorithmIdentifier's parameters are the
 * namedCurve (RFC 5915 §2, RFC 5480 §2.1.1). */
static tls13_error parse_pkcs8_ec(wire_reader *params, wire_reader inner,
                                  sig_private_key *key)
{
    sig_key_type curve = SIG_KEY_NONE;
    if (algid_read_named_curve(params, &curve) != ALGID_OK || !wire_reader_done(params))
        return TLS13_ERR_BAD_KEY_FILE;
    return parse_ec_private_key(inner.data, inner.len, curve, key);
}

/* PKCS#8 id-RSASSA-PSS: an RSAPrivateKey, with the parameters absent or
 * RSASSA-PSS-params that TLS can use (RFC 4055 §3.1, algid.h). */
static tls13_error parse_pkcs8_rsa_pss(wire_reader *params, wire_reader inner,
                                       sig_private_key *key)
{
    uint16_t scheme = 0;
    if (!wire_reader_done(params) &&
        (algid_read_rsa_pss_params(params, &scheme) != ALGID_OK || !wire_reader_done(params)))
        return TLS13_ERR_BAD_KEY_FILE;
    tls13_error err = parse_rsa_private_key(inner.data, inner.len, key);
    if (err != TLS13_OK)
        return err;
    key->type = SIG_KEY_RSA_PSS;
    key->pub.type = SIG_KEY_RSA_PSS;
    key->pub.rsa_pss_scheme = scheme;
    return TLS13_OK;
}

/* OneAsymmetricKey's optional publicKey [1] (RFC 5958 §2, version 1 only):
 * when present it must be the key's own public key. Ed25519 and EC keys are
 * compared; an RSA key's public half is inside RSAPrivateKey already. */
static bool public_key_matches(const wire_reader *field, const sig_private_key *key)
{
    if (key->type == SIG_KEY_EC_P256 || key->type == SIG_KEY_EC_P384) {
        wire_reader point = *field;                  /* after the unused-bits byte */
        uint8_t unused;
        return wire_read_u8(&point, &unused) && unused == 0 && ec_point_matches(&point, key);
    }
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
    tls13_error err = TLS13_ERR_BAD_KEY_FILE;    /* other algorithms */
    if (der_oid_equals(&oid, oid_ed25519, sizeof oid_ed25519)) {
        err = parse_ed25519_private_key(&alg, inner, key);
    } else if (der_oid_equals(&oid, oid_rsa_encryption, sizeof oid_rsa_encryption)) {
        err = der_read_null(&alg) && wire_reader_done(&alg)
                  ? parse_rsa_private_key(inner.data, inner.len, key)
                  : TLS13_ERR_BAD_KEY_FILE;
    } else if (der_oid_equals(&oid, oid_rsassa_pss, sizeof oid_rsassa_pss)) {
        err = parse_pkcs8_rsa_pss(&alg, inner, key);
    } else if (der_oid_equals(&oid, oid_ec_public_key, sizeof oid_ec_public_key)) {
        err = parse_pkcs8_ec(&alg, inner, key);
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

/* PKCS#8, PKCS#1 and SEC1 all open with SEQUENCE { INTEGER version, ... };
 * the element after the version tells them apart: AlgorithmIdentifier is a
 * SEQUENCE, the RSA modulus an INTEGER, the EC privateKey an OCTET STRING.
 * Returns that tag (0 when there is none). */
static uint8_t tag_after_version(const uint8_t *der, size_t len)
{
    wire_reader r, seq;
    uint32_t version;
    uint8_t next;
    wire_reader_init(&r, der, len);
    if (der_read(&r, DER_SEQUENCE, &seq) && der_read_small_unsigned(&seq, &version) &&
        der_peek_tag(&seq, &next))
        return next;
    return 0;
}

tls13_error x509_parse_private_key_der(const uint8_t *der, size_t len, sig_private_key *key)
{
    if (der == NULL || key == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    memset(key, 0, sizeof *key);
    tls13_error err;
    switch (tag_after_version(der, len)) {
    case DER_SEQUENCE:
        err = parse_pkcs8_der(der, len, key);
        break;
    case DER_OCTET_STRING:
        err = parse_ec_private_key(der, len, SIG_KEY_NONE, key);
        break;
    default:
        err = parse_rsa_private_key(der, len, key);
        break;
    }
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
    else if (strcmp(block->label, "EC PRIVATE KEY") == 0)
        err = parse_ec_private_key(block->der, block->len, SIG_KEY_NONE, key);
    if (err != TLS13_OK)
        sig_private_key_wipe(key);
    return err;
}

/* The first key block of the text is the key. Other blocks before it
 * (certificates, the "EC PARAMETERS" of `openssl ecparam -genkey`) are
 * skipped; a key block of another kind ("ENCRYPTED PRIVATE KEY") is
 * refused. */
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
