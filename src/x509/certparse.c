/*
 * certparse.c — x509_cert_parse: a certificate as path validation needs it
 * (RFC 5280 §4.1, §4.2).
 *
 * x509_certificate_parse (cert.c) has already walked the outer structure
 * strictly (DER, field order, version rules, that the inner and outer
 * signature algorithms match, §4.1.1.2). This file walks tbsCertificate once
 * more and interprets it: the serial number, the issuer and subject Names
 * (their RDNSequence structure; the raw DER is kept, names are compared as
 * bytes), the validity times, the subject public key, and the extensions we
 * understand. An extension we do not understand is ignored unless it is
 * critical (§4.2: "A certificate-using system MUST reject the certificate if
 * it encounters a critical extension it does not recognize").
 *
 * Error order: a malformed certificate is TLS13_ERR_BAD_CERTIFICATE however
 * far into it the fault is; only a well-formed one can be refused for an
 * unknown critical extension, and only after that for its key type.
 *
 * May touch: src/x509, src/wire, src/crypto (sig.h).
 */
#include "x509/verify.h"

#include <string.h>

#include "x509/der.h"
#include "x509/oids.h"

#define MAX_EXTENSIONS 64
#define MAX_PATH_LEN 255   /* a larger pathLenConstraint is as good as none */

/* 2.5.29.14 subjectKeyIdentifier, 2.5.29.35 authorityKeyIdentifier,
 * 2.5.29.37 extKeyUsage, 2.5.29.32 certificatePolicies, 2.5.29.30
 * nameConstraints (RFC 5280 §4.2.1.2, §4.2.1.1, §4.2.1.12, §4.2.1.4,
 * §4.2.1.10). */
static const uint8_t oid_subject_key_id[] = { 0x55, 0x1d, 0x0e };
static const uint8_t oid_authority_key_id[] = { 0x55, 0x1d, 0x23 };
static const uint8_t oid_ext_key_usage[] = { 0x55, 0x1d, 0x25 };
static const uint8_t oid_certificate_policies[] = { 0x55, 0x1d, 0x20 };
static const uint8_t oid_name_constraints[] = { 0x55, 0x1d, 0x1e };
/* 1.3.6.1.5.5.7.3.1 id-kp-serverAuth, .3.2 id-kp-clientAuth, 2.5.29.37.0
 * anyExtendedKeyUsage (§4.2.1.12). */
static const uint8_t oid_kp_server_auth[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01 };
static const uint8_t oid_kp_client_auth[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02 };
static const uint8_t oid_any_ext_key_usage[] = { 0x55, 0x1d, 0x25, 0x00 };

/* ------------------------------------------------------------------------ */
/* Small DER helpers                                                        */
/* ------------------------------------------------------------------------ */

static x509_bytes bytes_of(const wire_reader *r)
{
    x509_bytes b = { r->data, r->len };
    return b;
}

/* X.690 §8.19: at least one subidentifier, each in base 128 with the fewest
 * octets (no leading 0x80), the last octet of each with bit 8 clear. */
static bool oid_well_formed(const wire_reader *oid)
{
    if (oid->len == 0 || (oid->data[oid->len - 1] & 0x80) != 0)
        return false;
    bool at_start = true;
    for (size_t i = 0; i < oid->len; i++) {
        if (at_start && oid->data[i] == 0x80)
            return false;
        at_start = (oid->data[i] & 0x80) == 0;
    }
    return true;
}

static bool read_oid(wire_reader *r, wire_reader *oid)
{
    return der_read(r, DER_OID, oid) && oid_well_formed(oid);
}

/* DER BOOLEAN TRUE is 0xff (X.690 §11.1); a FALSE with DEFAULT FALSE is
 * never encoded (X.690 §11.5), so a present BOOLEAN here must be TRUE. */
static bool is_der_true(const wire_reader *b)
{
    return b->len == 1 && b->data[0] == 0xff;
}

static bool is_ia5(const wire_reader *s)
{
    for (size_t i = 0; i < s->len; i++) {
        if (s->data[i] > 0x7f)
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Names and validity                                                       */
/* ------------------------------------------------------------------------ */

/* The string types a commonName may have (DirectoryString, §4.1.2.4, and
 * the IA5String some old certificates use). */
static bool is_string_tag(uint8_t tag)
{
    return tag == DER_UTF8_STRING || tag == DER_PRINTABLE_STRING || tag == DER_IA5_STRING ||
           tag == 0x14 /* TeletexString */ || tag == 0x1c /* UniversalString */ ||
           tag == 0x1e /* BMPString */;
}

/* AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY }. */
static bool name_attribute(wire_reader *rdn, x509_bytes *cn)
{
    wire_reader atv, oid, value;
    uint8_t tag;
    if (!der_read(rdn, DER_SEQUENCE, &atv) || !read_oid(&atv, &oid) ||
        !der_read_any(&atv, &tag, &value) || !wire_reader_done(&atv))
        return false;
    if (is_string_tag(tag) &&
        der_oid_equals(&oid, oid_common_name, sizeof oid_common_name))
        *cn = bytes_of(&value);
    return true;
}

/* Name ::= RDNSequence ::= SEQUENCE OF RelativeDistinguishedName,
 * RelativeDistinguishedName ::= SET SIZE (1..MAX) OF AttributeTypeAndValue
 * (§4.1.2.4). The whole Name is kept as DER for comparison. */
static bool name_parse(wire_reader *tbs, x509_bytes *name_der, x509_bytes *cn)
{
    wire_reader name, rdn;
    if (!der_read_element(tbs, DER_SEQUENCE, &name, &name_der->data, &name_der->len))
        return false;
    while (!wire_reader_done(&name)) {
        if (!der_read(&name, DER_SET, &rdn) || wire_reader_done(&rdn))
            return false;
        while (!wire_reader_done(&rdn)) {
            if (!name_attribute(&rdn, cn))
                return false;
        }
    }
    return true;
}

static bool read_time(wire_reader *validity, int64_t *t)
{
    wire_reader text;
    uint8_t tag;
    return der_read_any(validity, &tag, &text) &&
           x509_time_parse(tag, text.data, text.len, t);
}

/* Validity ::= SEQUENCE { notBefore Time, notAfter Time } (§4.1.2.5). */
static bool validity_parse(wire_reader *tbs, x509_cert *cert)
{
    wire_reader validity;
    return der_read(tbs, DER_SEQUENCE, &validity) && read_time(&validity, &cert->not_before) &&
           read_time(&validity, &cert->not_after) && wire_reader_done(&validity);
}

/* ------------------------------------------------------------------------ */
/* Extensions we understand                                                 */
/* ------------------------------------------------------------------------ */

/* BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE,
 * pathLenConstraint INTEGER (0..MAX) OPTIONAL } (§4.2.1.9). "CAs MUST NOT
 * include the pathLenConstraint field unless the cA boolean is asserted". */
static bool ext_basic_constraints(wire_reader value, x509_cert *cert)
{
    wire_reader seq, ca;
    bool present;
    if (!der_read(&value, DER_SEQUENCE, &seq) || !wire_reader_done(&value) ||
        !der_read_optional(&seq, DER_BOOLEAN, &ca, &present) || (present && !is_der_true(&ca)))
        return false;
    cert->has_basic_constraints = true;
    cert->is_ca = present;
    cert->path_len = -1;
    if (wire_reader_done(&seq))
        return true;
    uint32_t path_len;
    if (!cert->is_ca || !der_read_small_unsigned(&seq, &path_len) || !wire_reader_done(&seq))
        return false;
    cert->path_len = path_len > MAX_PATH_LEN ? MAX_PATH_LEN : (int)path_len;
    return true;
}

/* KeyUsage ::= BIT STRING { digitalSignature (0), ... decipherOnly (8) }
 * (§4.2.1.3). A named bit list in DER has no trailing zero bits (X.690
 * §11.2.2), so the last used bit is 1 and the unused bits are 0; "When the
 * keyUsage extension appears in a certificate, at least one of the bits
 * MUST be set to 1" -- which the same rule implies. */
static bool ext_key_usage(wire_reader value, x509_cert *cert)
{
    wire_reader bits;
    uint8_t unused;
    if (!der_read(&value, DER_BIT_STRING, &bits) || !wire_reader_done(&value) ||
        !wire_read_u8(&bits, &unused) || unused > 7 || bits.len == 0 || bits.len > 2)
        return false;
    uint8_t last = bits.data[bits.len - 1];
    if (((last >> unused) & 1) == 0 || (last & ((1u << unused) - 1)) != 0)
        return false;
    uint16_t usage = 0;
    for (size_t i = 0; i < bits.len * 8 - unused; i++) {
        if (bits.data[i / 8] & (0x80 >> (i % 8)))
            usage = (uint16_t)(usage | (1u << i));
    }
    cert->has_key_usage = true;
    cert->key_usage = usage;
    return true;
}

/* ExtKeyUsageSyntax ::= SEQUENCE SIZE (1..MAX) OF KeyPurposeId
 * (§4.2.1.12); purposes other than the three TLS cares about are ignored. */
static bool ext_ext_key_usage(wire_reader value, x509_cert *cert)
{
    wire_reader seq, oid;
    if (!der_read(&value, DER_SEQUENCE, &seq) || !wire_reader_done(&value) ||
        wire_reader_done(&seq))
        return false;
    while (!wire_reader_done(&seq)) {
        if (!read_oid(&seq, &oid))
            return false;
        if (der_oid_equals(&oid, oid_kp_server_auth, sizeof oid_kp_server_auth))
            cert->eku_server_auth = true;
        else if (der_oid_equals(&oid, oid_kp_client_auth, sizeof oid_kp_client_auth))
            cert->eku_client_auth = true;
        else if (der_oid_equals(&oid, oid_any_ext_key_usage, sizeof oid_any_ext_key_usage))
            cert->eku_any = true;
    }
    cert->has_ext_key_usage = true;
    return true;
}

/* One GeneralName (§4.2.1.6). dNSName and iPAddress are checked (IA5String;
 * "four octets" for IPv4 or "sixteen octets" for IPv6) and remembered; the
 * other choices are skipped after their tag is checked. */
static bool general_name(wire_reader *names, x509_cert *cert)
{
    wire_reader value;
    uint8_t tag;
    if (!der_read_any(names, &tag, &value))
        return false;
    switch (tag) {
    case 0xa0: case 0xa3: case 0xa4: case 0xa5: case 0x88:
        return true;        /* otherName, x400Address, directoryName, ediPartyName, registeredID */
    case 0x81: case 0x86:
        return is_ia5(&value);                  /* rfc822Name, URI */
    case X509_SAN_DNS_NAME:
        if (!is_ia5(&value))
            return false;
        if (cert->dns_name_count < X509_MAX_SAN)
            cert->dns_names[cert->dns_name_count++] = bytes_of(&value);
        return true;
    case X509_SAN_IP_ADDRESS:
        if (value.len != 4 && value.len != 16)
            return false;
        if (cert->ip_address_count < X509_MAX_SAN)
            cert->ip_addresses[cert->ip_address_count++] = bytes_of(&value);
        return true;
    default:
        return false;
    }
}

/* SubjectAltName ::= GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName. */
static bool ext_subject_alt_name(wire_reader value, x509_cert *cert)
{
    wire_reader names;
    if (!der_read(&value, DER_SEQUENCE, &names) || !wire_reader_done(&value) ||
        wire_reader_done(&names))
        return false;
    cert->has_subject_alt_name = true;
    cert->subject_alt_name = bytes_of(&names);
    while (!wire_reader_done(&names)) {
        if (!general_name(&names, cert))
            return false;
    }
    return true;
}

/* A name-constraint base: the GeneralName forms nameconstraints.c compares
 * are checked (a dNSName is an IA5String; an iPAddress is "eight (8)
 * octets" or "thirty-two (32) octets", the address then a CIDR mask, so the
 * mask's one bits come first; a directoryName holds one Name), the others
 * only by tag, as in a subjectAltName. */
static bool mask_is_contiguous(const uint8_t *mask, size_t len)
{
    bool zeros = false;
    for (size_t i = 0; i < len * 8; i++) {
        bool one = (mask[i / 8] & (0x80 >> (i % 8))) != 0;
        if (one && zeros)
            return false;
        zeros = !one;
    }
    return true;
}

static bool constraint_base(uint8_t tag, const wire_reader *value)
{
    switch (tag) {
    case X509_SAN_OTHER_NAME: case X509_SAN_X400_ADDRESS: case X509_SAN_EDI_PARTY_NAME:
    case X509_SAN_REGISTERED_ID:
        return true;
    case X509_SAN_RFC822_NAME: case X509_SAN_DNS_NAME: case X509_SAN_URI:
        return is_ia5(value);
    case X509_SAN_IP_ADDRESS:
        return (value->len == 8 || value->len == 32) &&
               mask_is_contiguous(value->data + value->len / 2, value->len / 2);
    case X509_SAN_DIRECTORY_NAME: {
        wire_reader name = *value;
        x509_bytes der, cn;
        return name_parse(&name, &der, &cn) && wire_reader_done(&name);
    }
    default:
        return false;
    }
}

/* GeneralSubtrees ::= SEQUENCE SIZE (1..MAX) OF GeneralSubtree,
 * GeneralSubtree ::= SEQUENCE { base GeneralName, minimum [0] BaseDistance
 * DEFAULT 0, maximum [1] BaseDistance OPTIONAL }. "Within this profile, the
 * minimum and maximum fields are not used with any name forms, thus, the
 * minimum MUST be zero, and maximum MUST be absent" -- and a zero minimum,
 * the DEFAULT, is never encoded in DER (X.690 §11.5): so the base must be
 * the whole GeneralSubtree. */
static bool general_subtrees(wire_reader subtrees)
{
    wire_reader subtree, base;
    uint8_t tag;
    if (wire_reader_done(&subtrees))
        return false;
    while (!wire_reader_done(&subtrees)) {
        if (!der_read(&subtrees, DER_SEQUENCE, &subtree) ||
            !der_read_any(&subtree, &tag, &base) || !constraint_base(tag, &base) ||
            !wire_reader_done(&subtree))
            return false;
    }
    return true;
}

/* NameConstraints ::= SEQUENCE { permittedSubtrees [0] GeneralSubtrees
 * OPTIONAL, excludedSubtrees [1] GeneralSubtrees OPTIONAL } (§4.2.1.10,
 * IMPLICIT). "Conforming CAs MUST NOT issue certificates where name
 * constraints is an empty sequence." Read whether critical or not: §6.1
 * applies it either way (nameconstraints.c, verify.c). */
static bool ext_name_constraints(wire_reader value, x509_cert *cert)
{
    wire_reader seq, permitted, excluded;
    bool has_permitted, has_excluded;
    if (!der_read(&value, DER_SEQUENCE, &seq) || !wire_reader_done(&value) ||
        !der_read_optional(&seq, DER_CONTEXT_0, &permitted, &has_permitted) ||
        !der_read_optional(&seq, DER_CONTEXT_1, &excluded, &has_excluded) ||
        !wire_reader_done(&seq) || (!has_permitted && !has_excluded) ||
        (has_permitted && !general_subtrees(permitted)) ||
        (has_excluded && !general_subtrees(excluded)))
        return false;
    cert->has_name_constraints = true;
    if (has_permitted)
        cert->permitted_subtrees = bytes_of(&permitted);
    if (has_excluded)
        cert->excluded_subtrees = bytes_of(&excluded);
    return true;
}

/* SubjectKeyIdentifier ::= KeyIdentifier ::= OCTET STRING (§4.2.1.2). */
static bool ext_subject_key_id(wire_reader value, x509_cert *cert)
{
    wire_reader id;
    if (!der_read(&value, DER_OCTET_STRING, &id) || !wire_reader_done(&value))
        return false;
    cert->subject_key_id = bytes_of(&id);
    return true;
}

/* AuthorityKeyIdentifier ::= SEQUENCE { keyIdentifier [0] OPTIONAL,
 * authorityCertIssuer [1] GeneralNames OPTIONAL, authorityCertSerialNumber
 * [2] OPTIONAL } (§4.2.1.1), all IMPLICIT. */
static bool ext_authority_key_id(wire_reader value, x509_cert *cert)
{
    wire_reader seq, field;
    bool present;
    if (!der_read(&value, DER_SEQUENCE, &seq) || !wire_reader_done(&value) ||
        !der_read_optional(&seq, 0x80, &field, &present))
        return false;
    if (present)
        cert->authority_key_id = bytes_of(&field);
    return der_read_optional(&seq, DER_CONTEXT_1, &field, &present) &&
           der_read_optional(&seq, DER_CONTEXT_PRIMITIVE_2, &field, &present) &&
           wire_reader_done(&seq);
}

/* certificatePolicies ::= SEQUENCE SIZE (1..MAX) OF PolicyInformation,
 * PolicyInformation ::= SEQUENCE { policyIdentifier OID, policyQualifiers
 * SEQUENCE OPTIONAL } (§4.2.1.4). Only the structure is checked. */
static bool ext_certificate_policies(wire_reader value, x509_cert *cert)
{
    wire_reader seq, info, oid, qualifiers;
    bool present;
    (void)cert;
    if (!der_read(&value, DER_SEQUENCE, &seq) || !wire_reader_done(&value) ||
        wire_reader_done(&seq))
        return false;
    while (!wire_reader_done(&seq)) {
        if (!der_read(&seq, DER_SEQUENCE, &info) || !read_oid(&info, &oid) ||
            !der_read_optional(&info, DER_SEQUENCE, &qualifiers, &present) ||
            !wire_reader_done(&info))
            return false;
    }
    return true;
}

typedef bool (*extension_parser)(wire_reader value, x509_cert *cert);

static const struct {
    const uint8_t *oid;
    size_t oid_len;
    extension_parser parse;
} known_extensions[] = {
    { oid_basic_constraints, sizeof oid_basic_constraints, ext_basic_constraints },
    { oid_key_usage, sizeof oid_key_usage, ext_key_usage },
    { oid_ext_key_usage, sizeof oid_ext_key_usage, ext_ext_key_usage },
    { oid_subject_alt_name, sizeof oid_subject_alt_name, ext_subject_alt_name },
    { oid_subject_key_id, sizeof oid_subject_key_id, ext_subject_key_id },
    { oid_authority_key_id, sizeof oid_authority_key_id, ext_authority_key_id },
    { oid_certificate_policies, sizeof oid_certificate_policies, ext_certificate_policies },
    { oid_name_constraints, sizeof oid_name_constraints, ext_name_constraints },
};

static extension_parser parser_for(const wire_reader *oid)
{
    for (size_t i = 0; i < sizeof known_extensions / sizeof known_extensions[0]; i++) {
        if (der_oid_equals(oid, known_extensions[i].oid, known_extensions[i].oid_len))
            return known_extensions[i].parse;
    }
    return NULL;
}

/* ------------------------------------------------------------------------ */
/* The extensions list                                                      */
/* ------------------------------------------------------------------------ */

typedef struct extensions_state {
    x509_bytes seen[MAX_EXTENSIONS];
    size_t count;
    bool unknown_critical;
} extensions_state;

/* §4.2: "A certificate MUST NOT include more than one instance of a
 * particular extension." */
static bool remember_extension(extensions_state *st, const wire_reader *oid)
{
    if (st->count == MAX_EXTENSIONS)
        return false;
    for (size_t i = 0; i < st->count; i++) {
        if (der_oid_equals(oid, st->seen[i].data, st->seen[i].len))
            return false;
    }
    st->seen[st->count++] = bytes_of(oid);
    return true;
}

/* Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE,
 * extnValue OCTET STRING } (§4.1.2.9). */
static bool extension_parse(wire_reader *exts, extensions_state *st, x509_cert *cert)
{
    wire_reader ext, oid, critical, value;
    bool is_critical;
    if (!der_read(exts, DER_SEQUENCE, &ext) || !read_oid(&ext, &oid) ||
        !der_read_optional(&ext, DER_BOOLEAN, &critical, &is_critical) ||
        (is_critical && !is_der_true(&critical)) ||
        !der_read(&ext, DER_OCTET_STRING, &value) || !wire_reader_done(&ext) ||
        !remember_extension(st, &oid))
        return false;
    extension_parser parse = parser_for(&oid);
    if (parse != NULL)
        return parse(value, cert);
    if (is_critical && !st->unknown_critical) {
        st->unknown_critical = true;
        cert->unknown_critical = bytes_of(&oid);
    }
    return true;
}

/* extensions [3] EXPLICIT Extensions, Extensions ::= SEQUENCE SIZE (1..MAX)
 * OF Extension. */
static tls13_error extensions_parse(wire_reader *field, x509_cert *cert)
{
    wire_reader exts;
    extensions_state st;
    st.count = 0;
    st.unknown_critical = false;
    if (!der_read(field, DER_SEQUENCE, &exts) || !wire_reader_done(field) ||
        wire_reader_done(&exts))
        return TLS13_ERR_BAD_CERTIFICATE;
    while (!wire_reader_done(&exts)) {
        if (!extension_parse(&exts, &st, cert))
            return TLS13_ERR_BAD_CERTIFICATE;
    }
    return st.unknown_critical ? TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION : TLS13_OK;
}

/* ------------------------------------------------------------------------ */
/* tbsCertificate                                                           */
/* ------------------------------------------------------------------------ */

/* version [0] (checked by cert.c) and serialNumber: "a positive integer"
 * of "no longer than 20 octets" (§4.1.2.2). Zero is accepted, as some old
 * roots use it; a negative or longer serial is refused. */
static bool tbs_head(wire_reader *tbs, x509_cert *cert)
{
    wire_reader field;
    bool present;
    return der_read_optional(tbs, DER_CONTEXT_0, &field, &present) &&
           der_read_unsigned(tbs, &cert->serial.data, &cert->serial.len) &&
           cert->serial.len <= 20 && der_read(tbs, DER_SEQUENCE, &field);
}

/* issuerUniqueID [1], subjectUniqueID [2] (skipped), extensions [3]. */
static tls13_error tbs_trailer(wire_reader *tbs, x509_cert *cert)
{
    wire_reader field;
    bool present;
    if (!der_read_optional(tbs, DER_CONTEXT_PRIMITIVE_1, &field, &present) ||
        !der_read_optional(tbs, DER_CONTEXT_PRIMITIVE_2, &field, &present) ||
        !der_read_optional(tbs, DER_CONTEXT_3, &field, &present))
        return TLS13_ERR_BAD_CERTIFICATE;
    tls13_error err = present ? extensions_parse(&field, cert) : TLS13_OK;
    if (err != TLS13_ERR_BAD_CERTIFICATE && !wire_reader_done(tbs))
        err = TLS13_ERR_BAD_CERTIFICATE;
    return err;
}

/* TBSCertificate ::= SEQUENCE { version, serialNumber, signature, issuer,
 * validity, subject, subjectPublicKeyInfo, issuerUniqueID, subjectUniqueID,
 * extensions } (§4.1). "The issuer field MUST contain a non-empty
 * distinguished name" (§4.1.2.4). */
static tls13_error tbs_walk(x509_cert *cert)
{
    wire_reader r, tbs, spki;
    wire_reader_init(&r, cert->view.tbs, cert->view.tbs_len);
    if (!der_read(&r, DER_SEQUENCE, &tbs) || !wire_reader_done(&r) ||
        !tbs_head(&tbs, cert) || !name_parse(&tbs, &cert->issuer, &cert->issuer_cn) ||
        cert->issuer.len <= 2 || !validity_parse(&tbs, cert) ||
        !name_parse(&tbs, &cert->subject, &cert->subject_cn) ||
        !der_read(&tbs, DER_SEQUENCE, &spki))
        return TLS13_ERR_BAD_CERTIFICATE;
    return tbs_trailer(&tbs, cert);
}

tls13_error x509_cert_parse(const uint8_t *der, size_t len, x509_cert *cert)
{
    if (der == NULL || cert == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    memset(cert, 0, sizeof *cert);
    tls13_error err = x509_certificate_parse(der, len, &cert->view);
    if (err != TLS13_OK)
        return err;
    cert->der.data = der;
    cert->der.len = len;
    cert->path_len = -1;
    err = tbs_walk(cert);
    if (err == TLS13_OK)
        err = x509_parse_public_key_der(cert->view.spki, cert->view.spki_len, &cert->key);
    if (err == TLS13_ERR_BAD_CERTIFICATE)
        memset(cert, 0, sizeof *cert);
    return err;
}
