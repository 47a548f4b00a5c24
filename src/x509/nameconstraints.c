/*
 * nameconstraints.c — does a name fall within a CA's nameConstraints
 * (RFC 5280 §4.2.1.10)?
 *
 * "The name constraints extension ... indicates a name space within which
 * all subject names in subsequent certificates in a certification path MUST
 * be located. Restrictions apply to the subject distinguished name and apply
 * to subject alternative names. Restrictions apply only when the specified
 * name form is present." So, for each name of a form we check:
 *   - within any excludedSubtree of that form: refused;
 *   - the CA lists permittedSubtrees of that form and the name is within
 *     none of them: refused;
 *   - otherwise (in particular when the CA says nothing about the form): OK.
 *
 * The forms, and what "within" means:
 *   - dNSName: "Any DNS name that can be constructed by simply adding zero
 *     or more labels to the left-hand side of the name satisfies the name
 *     constraint": "example.com" holds example.com and www.example.com, not
 *     badexample.com. Compared case-insensitively, one trailing dot ignored
 *     on either side. An empty constraint holds every name. A constraint
 *     with a leading dot (".example.com", not RFC 5280's form but seen in
 *     the wild and in RFC 5280's rfc822Name rules) holds the subdomains
 *     only, not example.com itself. A wildcard SAN ("*.example.com") is
 *     compared as written, its "*" an ordinary label; the host name we
 *     verify is checked too, so a wildcard cannot reach into an excluded
 *     subtree ("*.example.com" with bad.example.com excluded still fails
 *     for the host bad.example.com).
 *   - iPAddress: the constraint is an address and a mask, "eight (8)
 *     octets" for IPv4 and "thirty-two (32) octets" for IPv6 (CIDR, so the
 *     mask is contiguous: x509_cert_parse checks it). An IPv4 constraint
 *     holds IPv4 addresses only, an IPv6 one IPv6 addresses only: with only
 *     127.0.0.0/8 permitted, ::1 is outside.
 *   - directoryName, in permittedSubtrees only: the Name must begin with the
 *     constraint's RDNs, each equal byte for byte (RFC 5280 §7.1's
 *     normalised comparison is not done: a false reject at worst). Applied
 *     to the subject "when the certificate includes a non-empty subject
 *     field" and to directoryName SAN entries.
 * Any other form (rfc822Name, URI, otherName, ..., and directoryName in
 * excludedSubtrees) is not processed: a CA that uses one is refused
 * (x509_name_constraints_supported), which is safe where ignoring it would
 * not be.
 *
 * May touch: src/x509, src/wire.
 */
#include "x509/nameconstraints.h"

#include <arpa/inet.h>
#include <string.h>

#include "x509/ascii.h"
#include "x509/der.h"

/* Is the name (contents of a GeneralName of some form) within the base of
 * a constraint of the same form? */
typedef bool (*within_fn)(const uint8_t *name, size_t len, const uint8_t *base,
                          size_t base_len);

static size_t without_trailing_dot(const uint8_t *s, size_t len)
{
    return len > 0 && s[len - 1] == '.' ? len - 1 : len;
}

static bool dns_within(const uint8_t *name, size_t len, const uint8_t *base, size_t base_len)
{
    len = without_trailing_dot(name, len);
    base_len = without_trailing_dot(base, base_len);
    if (base_len == 0)
        return true;
    if (base[0] == '.')        /* ".example.com": subdomains only (not RFC 5280) */
        return len > base_len && ascii_equal_nocase(name + len - base_len, base, base_len);
    if (len == base_len)
        return ascii_equal_nocase(name, base, len);
    return len > base_len && name[len - base_len - 1] == '.' &&
           ascii_equal_nocase(name + len - base_len, base, base_len);
}

/* base is the address then the mask, so twice the address's length. */
static bool ip_within(const uint8_t *ip, size_t len, const uint8_t *base, size_t base_len)
{
    if (base_len != 2 * len)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (((ip[i] ^ base[i]) & base[len + i]) != 0)
            return false;
    }
    return true;
}

/* Both are Name elements (SEQUENCE OF RelativeDistinguishedName): the
 * base's RDNs must be the first RDNs of the name. */
static bool dn_within(const uint8_t *name, size_t len, const uint8_t *base, size_t base_len)
{
    wire_reader n, b, name_rdns, base_rdns, rdn;
    wire_reader_init(&n, name, len);
    wire_reader_init(&b, base, base_len);
    if (!der_read(&n, DER_SEQUENCE, &name_rdns) || !der_read(&b, DER_SEQUENCE, &base_rdns))
        return false;
    while (!wire_reader_done(&base_rdns)) {
        const uint8_t *name_rdn, *base_rdn;
        size_t name_rdn_len, base_rdn_len;
        if (!der_read_element(&base_rdns, DER_SET, &rdn, &base_rdn, &base_rdn_len) ||
            !der_read_element(&name_rdns, DER_SET, &rdn, &name_rdn, &name_rdn_len) ||
            name_rdn_len != base_rdn_len || memcmp(name_rdn, base_rdn, base_rdn_len) != 0)
            return false;
    }
    return true;
}

/* Walks GeneralSubtrees (x509_cert_parse checked their structure) for the
 * bases of this form: 1 if one holds the name, 0 if none does, -1 if the
 * walk fails. *of_form says whether there was any base of the form. */
static int subtrees_hold(x509_bytes subtrees, uint8_t form, within_fn within,
                         const uint8_t *name, size_t len, bool *of_form)
{
    wire_reader r, subtree, base;
    uint8_t tag;
    *of_form = false;
    wire_reader_init(&r, subtrees.data, subtrees.len);
    while (!wire_reader_done(&r)) {
        if (!der_read(&r, DER_SEQUENCE, &subtree) || !der_read_any(&subtree, &tag, &base))
            return -1;
        if (tag != form)
            continue;
        *of_form = true;
        if (within(name, len, base.data, base.len))
            return 1;
    }
    return 0;
}

/* One name against one CA: excluded first, then permitted. A walk that
 * fails (it cannot, after x509_cert_parse) counts against the name. */
static x509_nc_result check_name(const x509_cert *ca, uint8_t form, const uint8_t *name,
                                 size_t len, x509_nc_violation *why)
{
    within_fn within = form == X509_SAN_DNS_NAME ? dns_within
                       : form == X509_SAN_IP_ADDRESS ? ip_within
                                                     : dn_within;
    bool of_form;
    why->form = form;
    why->name.data = name;
    why->name.len = len;
    if (subtrees_hold(ca->excluded_subtrees, form, within, name, len, &of_form) != 0)
        return X509_NC_EXCLUDED;
    int held = subtrees_hold(ca->permitted_subtrees, form, within, name, len, &of_form);
    if (held < 0 || (of_form && held == 0))
        return X509_NC_NOT_PERMITTED;
    return X509_NC_OK;
}

static x509_nc_result forms_supported(x509_bytes subtrees, bool excluded,
                                      x509_nc_violation *why)
{
    wire_reader r, subtree, base;
    uint8_t tag;
    wire_reader_init(&r, subtrees.data, subtrees.len);
    while (!wire_reader_done(&r)) {
        if (!der_read(&r, DER_SEQUENCE, &subtree) || !der_read_any(&subtree, &tag, &base))
            tag = 0;
        if (tag == X509_SAN_DNS_NAME || tag == X509_SAN_IP_ADDRESS ||
            (tag == X509_SAN_DIRECTORY_NAME && !excluded))
            continue;
        why->form = tag;
        why->excluded = excluded;
        return X509_NC_UNSUPPORTED_FORM;
    }
    return X509_NC_OK;
}

x509_nc_result x509_name_constraints_supported(const x509_cert *ca, x509_nc_violation *why)
{
    memset(why, 0, sizeof *why);
    x509_nc_result result = forms_supported(ca->permitted_subtrees, false, why);
    if (result == X509_NC_OK)
        result = forms_supported(ca->excluded_subtrees, true, why);
    return result;
}

/* The subjectAltName's dNSName, iPAddress and directoryName entries. */
static x509_nc_result check_alt_names(const x509_cert *ca, const x509_cert *cert,
                                      x509_nc_violation *why)
{
    wire_reader names, value;
    uint8_t tag;
    wire_reader_init(&names, cert->subject_alt_name.data, cert->subject_alt_name.len);
    while (!wire_reader_done(&names)) {
        if (!der_read_any(&names, &tag, &value)) {
            why->form = 0;
            return X509_NC_NOT_PERMITTED;
        }
        if (tag != X509_SAN_DNS_NAME && tag != X509_SAN_IP_ADDRESS &&
            tag != X509_SAN_DIRECTORY_NAME)
            continue;
        x509_nc_result result = check_name(ca, tag, value.data, value.len, why);
        if (result != X509_NC_OK)
            return result;
    }
    return X509_NC_OK;
}

x509_nc_result x509_name_constraints_check_cert(const x509_cert *ca, const x509_cert *cert,
                                                x509_nc_violation *why)
{
    memset(why, 0, sizeof *why);
    if (!ca->has_name_constraints)
        return X509_NC_OK;
    x509_nc_result result = check_alt_names(ca, cert, why);
    if (result != X509_NC_OK)
        return result;
    /* "when the certificate includes a non-empty subject field": an empty
     * Name is the two bytes 30 00. */
    if (cert->subject.len <= 2)
        return X509_NC_OK;
    result = check_name(ca, X509_SAN_DIRECTORY_NAME, cert->subject.data, cert->subject.len,
                        why);
    why->is_subject = true;
    return result;
}

x509_nc_result x509_name_constraints_check_host(const x509_cert *ca, const char *host,
                                                x509_nc_violation *why)
{
    memset(why, 0, sizeof *why);
    if (!ca->has_name_constraints)
        return X509_NC_OK;
    uint8_t ip[16];
    x509_nc_result result;
    if (inet_pton(AF_INET, host, ip) == 1)
        result = check_name(ca, X509_SAN_IP_ADDRESS, ip, 4, why);
    else if (inet_pton(AF_INET6, host, ip) == 1)
        result = check_name(ca, X509_SAN_IP_ADDRESS, ip, 16, why);
    else
        result = check_name(ca, X509_SAN_DNS_NAME, (const uint8_t *)host, strlen(host), why);
    why->name.data = NULL;      /* ip is ours; the caller has the host */
    why->name.len = 0;
    return result;
}

const char *x509_general_name_form(uint8_t tag)
{
    switch (tag) {
    case X509_SAN_OTHER_NAME: return "otherName";
    case X509_SAN_RFC822_NAME: return "rfc822Name";
    case X509_SAN_DNS_NAME: return "dNSName";
    case X509_SAN_X400_ADDRESS: return "x400Address";
    case X509_SAN_DIRECTORY_NAME: return "directoryName";
    case X509_SAN_EDI_PARTY_NAME: return "ediPartyName";
    case X509_SAN_URI: return "uniformResourceIdentifier";
    case X509_SAN_IP_ADDRESS: return "iPAddress";
    case X509_SAN_REGISTERED_ID: return "registeredID";
    default: return "an unknown form";
    }
}
