/*
 * algid.c — the AlgorithmIdentifier parameters of algid.h: EC named curves
 * and RSASSA-PSS-params.
 *
 * May touch: src/x509, src/wire, src/crypto (sig.h: key types and scheme
 * numbers only).
 */
#include "x509/algid.h"

#include "x509/der.h"
#include "x509/oids.h"

/* RSASSA-PSS-params fields, [0]..[3] EXPLICIT (RFC 4055 §3.1). */
enum {
    PSS_HASH_ALGORITHM = 0xa0,
    PSS_MASK_GEN_ALGORITHM = 0xa1,
    PSS_SALT_LENGTH = 0xa2,
    PSS_TRAILER_FIELD = 0xa3
};

algid_status algid_read_named_curve(wire_reader *r, sig_key_type *curve)
{
    wire_reader oid;
    if (!der_read(r, DER_OID, &oid) || oid.len == 0)
        return ALGID_MALFORMED;
    if (der_oid_equals(&oid, oid_prime256v1, sizeof oid_prime256v1)) {
        *curve = SIG_KEY_EC_P256;
        return ALGID_OK;
    }
    if (der_oid_equals(&oid, oid_secp384r1, sizeof oid_secp384r1)) {
        *curve = SIG_KEY_EC_P384;
        return ALGID_OK;
    }
    return ALGID_UNSUPPORTED;
}

/* HashAlgorithm ::= AlgorithmIdentifier, parameters NULL or absent (RFC 4055
 * §2.1: "implementations MUST accept both NULL and absent parameters as
 * legal and equivalent encodings"). Reads the SEQUENCE from r; *scheme is
 * the rsa_pss_pss_* scheme of the hash. */
static algid_status read_hash_algorithm(wire_reader *r, uint16_t *scheme)
{
    wire_reader alg, oid;
    if (!der_read(r, DER_SEQUENCE, &alg) || !der_read(&alg, DER_OID, &oid))
        return ALGID_MALFORMED;
    if (!wire_reader_done(&alg) && (!der_read_null(&alg) || !wire_reader_done(&alg)))
        return ALGID_MALFORMED;
    if (der_oid_equals(&oid, oid_sha256, sizeof oid_sha256))
        *scheme = SIG_RSA_PSS_PSS_SHA256;
    else if (der_oid_equals(&oid, oid_sha384, sizeof oid_sha384))
        *scheme = SIG_RSA_PSS_PSS_SHA384;
    else if (der_oid_equals(&oid, oid_sha512, sizeof oid_sha512))
        *scheme = SIG_RSA_PSS_PSS_SHA512;
    else
        return ALGID_UNSUPPORTED;             /* SHA-1 (the DEFAULT), SHA-224, ... */
    return ALGID_OK;
}

/* MaskGenAlgorithm: { id-mgf1, HashAlgorithm }. */
static algid_status read_mask_gen_algorithm(wire_reader *r, uint16_t *scheme)
{
    wire_reader alg, oid;
    if (!der_read(r, DER_SEQUENCE, &alg) || !der_read(&alg, DER_OID, &oid))
        return ALGID_MALFORMED;
    if (!der_oid_equals(&oid, oid_mgf1, sizeof oid_mgf1))
        return ALGID_UNSUPPORTED;
    algid_status st = read_hash_algorithm(&alg, scheme);
    if (st == ALGID_OK && !wire_reader_done(&alg))
        return ALGID_MALFORMED;
    return st;
}

static size_t hash_length(uint16_t scheme)
{
    return scheme == SIG_RSA_PSS_PSS_SHA256 ? 32 : scheme == SIG_RSA_PSS_PSS_SHA384 ? 48 : 64;
}

algid_status algid_read_rsa_pss_params(wire_reader *r, uint16_t *scheme)
{
    wire_reader params, hash, mgf, salt, trailer;
    bool has_hash, has_mgf, has_salt, has_trailer;
    if (!der_read(r, DER_SEQUENCE, &params) ||
        !der_read_optional(&params, PSS_HASH_ALGORITHM, &hash, &has_hash) ||
        !der_read_optional(&params, PSS_MASK_GEN_ALGORITHM, &mgf, &has_mgf) ||
        !der_read_optional(&params, PSS_SALT_LENGTH, &salt, &has_salt) ||
        !der_read_optional(&params, PSS_TRAILER_FIELD, &trailer, &has_trailer) ||
        !wire_reader_done(&params))
        return ALGID_MALFORMED;
    /* trailerField "MUST be 1" (RFC 4055 §3.1), the DEFAULT: DER omits it. */
    if (has_trailer)
        return ALGID_MALFORMED;
    /* The DEFAULTs are SHA-1, MGF1-SHA-1 and a 20-byte salt, none of which
     * TLS 1.3 uses; so every field we can use is present. */
    if (!has_hash || !has_mgf || !has_salt)
        return ALGID_UNSUPPORTED;
    uint16_t hash_scheme = 0, mgf_scheme = 0;
    uint32_t salt_len;
    algid_status st = read_hash_algorithm(&hash, &hash_scheme);
    if (st == ALGID_OK && !wire_reader_done(&hash))
        st = ALGID_MALFORMED;
    algid_status st_mgf = read_mask_gen_algorithm(&mgf, &mgf_scheme);
    if (st_mgf == ALGID_OK && !wire_reader_done(&mgf))
        st_mgf = ALGID_MALFORMED;
    if (!der_read_small_unsigned(&salt, &salt_len) || !wire_reader_done(&salt) ||
        st == ALGID_MALFORMED || st_mgf == ALGID_MALFORMED)
        return ALGID_MALFORMED;
    if (st != ALGID_OK || st_mgf != ALGID_OK)
        return ALGID_UNSUPPORTED;
    /* RFC 9846 §4.3.3: "The digest used in MGF1 and the digest being signed
     * are both the corresponding hash algorithm ... The length of the Salt
     * MUST be equal to the length of the digest algorithm." */
    if (mgf_scheme != hash_scheme || salt_len != hash_length(hash_scheme))
        return ALGID_UNSUPPORTED;
    *scheme = hash_scheme;
    return ALGID_OK;
}
