/*
 * cert.c — certificates: the strict walk of RFC 5280 §4.1, the subject
 * public key (SubjectPublicKeyInfo, RFC 5280 §4.1.2.7), the certificate's own
 * signature, and PEM chains.
 *
 * What is checked: DER (der.c), the field order and types of Certificate and
 * TBSCertificate, version-dependent fields, that the inner and outer
 * signature algorithms match. What is not interpreted yet: names, validity
 * times, extensions (only their structure is walked). Path and host-name
 * validation come later.
 *
 * May touch: src/x509, src/wire, src/crypto (sig.h, hash.h).
 */
#include "x509/x509.h"

#include <stdlib.h>
#include <string.h>

#include "crypto/hash.h"
#include "x509/algid.h"
#include "x509/der.h"
#include "x509/oids.h"
#include "x509/pem.h"

/* ------------------------------------------------------------------------ */
/* SubjectPublicKeyInfo                                                     */
/* ------------------------------------------------------------------------ */

/* RFC 8410 §3: "the parameters MUST be absent"; the key is 32 bytes. */
static tls13_error spki_ed25519(const wire_reader *params, wire_reader *bits,
                                sig_public_key *key)
{
    if (!wire_reader_done(params) || bits->len != 32)
        return TLS13_ERR_BAD_CERTIFICATE;
    key->type = SIG_KEY_ED25519;
    memcpy(key->ed25519, bits->data, 32);
    return TLS13_OK;
}

static bool read_bignum(wire_reader *r, sig_bignum *out)
{
    const uint8_t *bytes;
    size_t len;
    if (!der_read_unsigned(r, &bytes, &len) || len > SIG_RSA_MAX_BYTES)
        return false;
    memcpy(out->bytes, bytes, len);
    out->len = len;
    return true;
}

/* The BIT STRING of an RSA key holds
 * RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }. */
static tls13_error rsa_public_key_bits(wire_reader *bits, sig_public_key *key)
{
    wire_reader seq;
    if (!der_read(bits, DER_SEQUENCE, &seq) || !wire_reader_done(bits))
        return TLS13_ERR_BAD_CERTIFICATE;
    if (!read_bignum(&seq, &key->rsa_n) || !read_bignum(&seq, &key->rsa_e) ||
        !wire_reader_done(&seq))
        return TLS13_ERR_BAD_CERTIFICATE;
    return TLS13_OK;
}

/* RFC 3279 §2.3.1: rsaEncryption, parameters NULL. */
static tls13_error spki_rsa(wire_reader *params, wire_reader *bits, sig_public_key *key)
{
    if (!der_read_null(params) || !wire_reader_done(params))
        return TLS13_ERR_BAD_CERTIFICATE;
    key->type = SIG_KEY_RSA;
    return rsa_public_key_bits(bits, key);
}

/* RFC 4055 §3.1: id-RSASSA-PSS, parameters "MUST be either absent or
 * present" as RSASSA-PSS-params; present, they limit the key to one hash,
 * and ones TLS cannot use (RFC 9846 §4.3.3) make the key unusable. */
static tls13_error spki_rsa_pss(wire_reader *params, wire_reader *bits, sig_public_key *key)
{
    uint16_t scheme = 0;
    if (!wire_reader_done(params)) {
        algid_status st = algid_read_rsa_pss_params(params, &scheme);
        if (st == ALGID_MALFORMED || (st == ALGID_OK && !wire_reader_done(params)))
            return TLS13_ERR_BAD_CERTIFICATE;
        if (st == ALGID_UNSUPPORTED)
            return TLS13_ERR_UNSUPPORTED_KEY;
    }
    key->type = SIG_KEY_RSA_PSS;
    key->rsa_pss_scheme = scheme;
    return rsa_public_key_bits(bits, key);
}

/* RFC 5480 §2.1.1: namedCurve parameters; prime256v1 and secp384r1. §2.2:
 * the point is an ECPoint; TLS takes the uncompressed form only (RFC 9846
 * §4.3.8.2), 04 || X || Y. */
static tls13_error spki_ec(wire_reader *params, wire_reader *bits, sig_public_key *key)
{
    sig_key_type curve = SIG_KEY_NONE;
    algid_status st = algid_read_named_curve(params, &curve);
    if (st == ALGID_MALFORMED || !wire_reader_done(params))
        return TLS13_ERR_BAD_CERTIFICATE;
    if (st == ALGID_UNSUPPORTED)
        return TLS13_ERR_UNSUPPORTED_KEY;
    size_t point_len = curve == SIG_KEY_EC_P256 ? 65 : 97;
    if (bits->len != point_len || bits->data[0] != 0x04)
        return TLS13_ERR_UNSUPPORTED_KEY;
    key->type = curve;
    memcpy(key->ec_point, bits->data, point_len);
    key->ec_point_len = point_len;
    return TLS13_OK;
}

/* SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
 * subjectPublicKey BIT STRING }. */
static tls13_error spki_parse(wire_reader *r, sig_public_key *key)
{
    wire_reader spki, alg, oid, bits;
    if (!der_read(r, DER_SEQUENCE, &spki) || !der_read(&spki, DER_SEQUENCE, &alg) ||
        !der_read(&alg, DER_OID, &oid) || !der_read_bit_string_octets(&spki, &bits) ||
        !wire_reader_done(&spki))
        return TLS13_ERR_BAD_CERTIFICATE;
    memset(key, 0, sizeof *key);
    tls13_error err = TLS13_ERR_UNSUPPORTED_KEY;
    if (der_oid_equals(&oid, oid_ed25519, sizeof oid_ed25519))
        err = spki_ed25519(&alg, &bits, key);
    else if (der_oid_equals(&oid, oid_rsa_encryption, sizeof oid_rsa_encryption))
        err = spki_rsa(&alg, &bits, key);
    else if (der_oid_equals(&oid, oid_rsassa_pss, sizeof oid_rsassa_pss))
        err = spki_rsa_pss(&alg, &bits, key);
    else if (der_oid_equals(&oid, oid_ec_public_key, sizeof oid_ec_public_key))
        err = spki_ec(&alg, &bits, key);
    if (err == TLS13_OK)
        err = sig_public_key_check(key);
    if (err != TLS13_OK)
        memset(key, 0, sizeof *key);
    return err;
}

tls13_error x509_parse_public_key_der(const uint8_t *der, size_t len, sig_public_key *key)
{
    if (der == NULL || key == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    wire_reader r;
    wire_reader_init(&r, der, len);
    tls13_error err = spki_parse(&r, key);
    if (err == TLS13_OK && !wire_reader_done(&r)) {
        memset(key, 0, sizeof *key);
        err = TLS13_ERR_BAD_CERTIFICATE;
    }
    return err;
}

/* ------------------------------------------------------------------------ */
/* Certificate                                                              */
/* ------------------------------------------------------------------------ */

/* id-RSASSA-PSS as a signature algorithm: RFC 4055 §3.1, the parameters
 * are present; we check those TLS can use (algid.h). As a SignatureScheme,
 * rsa_pss_rsae_* of the hash: which key OID the issuer has is not known here
 * (x509_certificate_check_signature takes either). */
static uint16_t rsa_pss_signature_scheme(wire_reader *alg)
{
    uint16_t pss_scheme;
    if (algid_read_rsa_pss_params(alg, &pss_scheme) != ALGID_OK || !wire_reader_done(alg))
        return 0;
    return pss_scheme == SIG_RSA_PSS_PSS_SHA256   ? SIG_RSA_PSS_RSAE_SHA256
           : pss_scheme == SIG_RSA_PSS_PSS_SHA384 ? SIG_RSA_PSS_RSAE_SHA384
                                                  : SIG_RSA_PSS_RSAE_SHA512;
}

/* The signature algorithms of certificates we can check, with the
 * parameters rule of each: RFC 8410 §3 (absent), RFC 4055 §5 (NULL),
 * RFC 5758 §3.2 (absent), RFC 4055 §3.1 (RSASSA-PSS-params). ECDSA maps to
 * the scheme of its hash; the curve is the issuer key's (RFC 5758 §3.2). */
static uint16_t signature_scheme_of(wire_reader alg)
{
    wire_reader oid;
    if (!der_read(&alg, DER_OID, &oid))
        return 0;
    bool absent = wire_reader_done(&alg);
    if (der_oid_equals(&oid, oid_ed25519, sizeof oid_ed25519))
        return absent ? SIG_ED25519 : 0;
    if (der_oid_equals(&oid, oid_ecdsa_with_sha256, sizeof oid_ecdsa_with_sha256))
        return absent ? SIG_ECDSA_SECP256R1_SHA256 : 0;
    if (der_oid_equals(&oid, oid_ecdsa_with_sha384, sizeof oid_ecdsa_with_sha384))
        return absent ? SIG_ECDSA_SECP384R1_SHA384 : 0;
    if (der_oid_equals(&oid, oid_rsassa_pss, sizeof oid_rsassa_pss))
        return rsa_pss_signature_scheme(&alg);
    if (absent || !der_read_null(&alg) || !wire_reader_done(&alg))
        return 0;
    if (der_oid_equals(&oid, oid_sha256_with_rsa, sizeof oid_sha256_with_rsa))
        return SIG_RSA_PKCS1_SHA256;
    if (der_oid_equals(&oid, oid_sha384_with_rsa, sizeof oid_sha384_with_rsa))
        return SIG_RSA_PKCS1_SHA384;
    if (der_oid_equals(&oid, oid_sha512_with_rsa, sizeof oid_sha512_with_rsa))
        return SIG_RSA_PKCS1_SHA512;
    return 0;
}

/* version [0] EXPLICIT Version DEFAULT v1. DER omits a default value
 * (X.690 §11.5), so an explicit v1 is refused. */
static bool tbs_version(wire_reader *tbs, uint32_t *version)
{
    wire_reader field;
    bool present;
    *version = 0;
    if (!der_read_optional(tbs, DER_CONTEXT_0, &field, &present))
        return false;
    if (!present)
        return true;
    return der_read_small_unsigned(&field, version) && wire_reader_done(&field) &&
           (*version == 1 || *version == 2);
}

/* Validity ::= SEQUENCE { notBefore Time, notAfter Time }, each UTCTime or
 * GeneralizedTime (RFC 5280 §4.1.2.5). The values are not interpreted yet. */
static bool tbs_validity(wire_reader *tbs)
{
    wire_reader validity, t;
    uint8_t tag;
    if (!der_read(tbs, DER_SEQUENCE, &validity))
        return false;
    for (int i = 0; i < 2; i++) {
        if (!der_read_any(&validity, &tag, &t) ||
            (tag != DER_UTC_TIME && tag != DER_GENERALIZED_TIME))
            return false;
    }
    return wire_reader_done(&validity);
}

/* Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 * extnValue OCTET STRING }. A present critical must be TRUE (DER: a default
 * is omitted, and TRUE is 0xff, X.690 §11.1). */
static bool extension_valid(wire_reader *exts)
{
    wire_reader ext, oid, crit, value;
    bool present;
    if (!der_read(exts, DER_SEQUENCE, &ext) || !der_read(&ext, DER_OID, &oid) ||
        oid.len == 0 || !der_read_optional(&ext, DER_BOOLEAN, &crit, &present))
        return false;
    if (present && (crit.len != 1 || crit.data[0] != 0xff))
        return false;
    return der_read(&ext, DER_OCTET_STRING, &value) && wire_reader_done(&ext);
}

/* issuerUniqueID [1], subjectUniqueID [2] (v2 and v3) and extensions [3]
 * (v3 only), RFC 5280 §4.1.2.8, §4.1.2.9. */
static bool tbs_trailer(wire_reader *tbs, uint32_t version)
{
    wire_reader field, exts;
    bool present;
    if (!der_read_optional(tbs, DER_CONTEXT_PRIMITIVE_1, &field, &present) ||
        (present && version < 1))
        return false;
    if (!der_read_optional(tbs, DER_CONTEXT_PRIMITIVE_2, &field, &present) ||
        (present && version < 1))
        return false;
    if (!der_read_optional(tbs, DER_CONTEXT_3, &field, &present) || (present && version < 2))
        return false;
    if (present) {
        /* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension */
        if (!der_read(&field, DER_SEQUENCE, &exts) || !wire_reader_done(&field) ||
            wire_reader_done(&exts))
            return false;
        while (!wire_reader_done(&exts)) {
            if (!extension_valid(&exts))
                return false;
        }
    }
    return wire_reader_done(tbs);
}

/* TBSCertificate, RFC 5280 §4.1. outer_alg is the Certificate's
 * signatureAlgorithm, which "MUST contain the same algorithm identifier as
 * the signature field in the sequence tbsCertificate" (§4.1.1.2). */
static bool tbs_parse(wire_reader tbs, const wire_reader *outer_alg,
                      x509_certificate_view *view)
{
    wire_reader alg, name, spki;
    const uint8_t *serial, *alg_der;
    size_t serial_len, alg_len;
    if (!tbs_version(&tbs, &view->version) ||
        !der_read_unsigned(&tbs, &serial, &serial_len) || serial_len > 20 ||
        !der_read_element(&tbs, DER_SEQUENCE, &alg, &alg_der, &alg_len) ||
        alg_len != outer_alg->len || memcmp(alg_der, outer_alg->data, alg_len) != 0)
        return false;
    if (!der_read(&tbs, DER_SEQUENCE, &name) || !tbs_validity(&tbs) ||
        !der_read(&tbs, DER_SEQUENCE, &name))
        return false;
    if (!der_read_element(&tbs, DER_SEQUENCE, &spki, &view->spki, &view->spki_len))
        return false;
    return tbs_trailer(&tbs, view->version);
}

/* Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm,
 * signatureValue BIT STRING }, RFC 5280 §4.1.1. */
tls13_error x509_certificate_parse(const uint8_t *der, size_t len, x509_certificate_view *view)
{
    if (der == NULL || view == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    memset(view, 0, sizeof *view);
    wire_reader r, cert, tbs, alg, alg_contents, sig;
    const uint8_t *alg_der;
    size_t alg_len;
    wire_reader_init(&r, der, len);
    bool ok = der_read(&r, DER_SEQUENCE, &cert) && wire_reader_done(&r) &&
              der_read_element(&cert, DER_SEQUENCE, &tbs, &view->tbs, &view->tbs_len) &&
              der_read_element(&cert, DER_SEQUENCE, &alg_contents, &alg_der, &alg_len) &&
              der_read_bit_string_octets(&cert, &sig) && wire_reader_done(&cert);
    if (ok) {
        wire_reader_init(&alg, alg_der, alg_len);
        ok = tbs_parse(tbs, &alg, view);
    }
    if (!ok) {
        memset(view, 0, sizeof *view);
        return TLS13_ERR_BAD_CERTIFICATE;
    }
    view->signature_scheme = signature_scheme_of(alg_contents);
    view->signature = sig.data;
    view->signature_len = sig.len;
    return TLS13_OK;
}

tls13_error x509_certificate_public_key(const uint8_t *der, size_t len, sig_public_key *key)
{
    if (der == NULL || key == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    x509_certificate_view view;
    tls13_error err = x509_certificate_parse(der, len, &view);
    if (err != TLS13_OK)
        return err;
    return x509_parse_public_key_der(view.spki, view.spki_len, key);
}

tls13_error x509_certificate_check_signature(const x509_certificate_view *cert,
                                             const sig_public_key *issuer_key)
{
    if (cert == NULL || issuer_key == NULL || cert->tbs == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    if (cert->signature_scheme == 0)
        return TLS13_ERR_UNSUPPORTED_KEY;
    /* X.509's pairing of algorithm and key, not TLS's: ecdsa-with-SHA384
     * from a P-256 issuer is valid, and so is RSASSA-PSS from an
     * rsaEncryption or an RSASSA-PSS issuer (sig_verify_x509). */
    return sig_verify_x509(issuer_key, cert->signature_scheme, cert->tbs, cert->tbs_len,
                           cert->signature, cert->signature_len);
}

void x509_fingerprint_sha256(const uint8_t *der, size_t len, uint8_t out[32])
{
    hash_digest(HASH_SHA256, der, len, out);
}

/* ------------------------------------------------------------------------ */
/* Chains                                                                   */
/* ------------------------------------------------------------------------ */

void x509_der_free(x509_der *der)
{
    if (der == NULL)
        return;
    free(der->data);
    der->data = NULL;
    der->len = 0;
}

void x509_chain_free(x509_chain *chain)
{
    if (chain == NULL)
        return;
    for (size_t i = 0; i < chain->count && i < X509_MAX_CHAIN; i++)
        x509_der_free(&chain->certs[i]);
    chain->count = 0;
}

/* Takes a decoded "CERTIFICATE" block into the chain after checking it. */
static tls13_error chain_add(x509_chain *chain, pem_block *block)
{
    x509_certificate_view view;
    if (chain->count == X509_MAX_CHAIN)
        return TLS13_ERR_PEM;
    tls13_error err = x509_certificate_parse(block->der, block->len, &view);
    if (err != TLS13_OK)
        return err;
    chain->certs[chain->count].data = block->der;
    chain->certs[chain->count].len = block->len;
    chain->count++;
    block->der = NULL;
    block->len = 0;
    return TLS13_OK;
}

tls13_error x509_parse_chain_pem(const char *pem, size_t len, x509_chain *chain)
{
    if (pem == NULL || chain == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    memset(chain, 0, sizeof *chain);
    size_t pos = 0;
    for (;;) {
        pem_block block;
        bool found;
        tls13_error err = pem_next_block(pem, len, &pos, &block, &found);
        if (err == TLS13_OK && found && strcmp(block.label, "CERTIFICATE") == 0)
            err = chain_add(chain, &block);
        pem_block_free(&block);
        if (err != TLS13_OK) {
            x509_chain_free(chain);
            return err;
        }
        if (!found)
            break;
    }
    return chain->count > 0 ? TLS13_OK : TLS13_ERR_PEM;
}

tls13_error x509_load_chain_pem(const char *path, x509_chain *chain)
{
    char *text;
    size_t len;
    if (chain == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = pem_read_file(path, &text, &len);
    if (err != TLS13_OK)
        return err;
    err = x509_parse_chain_pem(text, len, chain);
    free(text);
    return err;
}
