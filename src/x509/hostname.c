/*
 * hostname.c — does a certificate name this host? RFC 6125 §6.4 over the
 * subjectAltName of RFC 5280 §4.2.1.6.
 *
 *   - An IP address literal (inet_pton: dotted-quad IPv4, or IPv6) is
 *     compared byte for byte with the iPAddress entries, never with a
 *     dNSName.
 *   - Otherwise the host must be a DNS name of letters, digits and hyphens
 *     (IDNA A-labels included, RFC 6125 §6.4.2: we take names already in
 *     ASCII), one optional trailing dot ignored. It is compared with each
 *     dNSName case-insensitively (§6.4.1).
 *   - A wildcard counts only as the whole left-most label, "*.", followed
 *     by at least two labels, and stands for exactly one non-empty label
 *     (§6.4.3 rules 1 and 2; rule 3's partial-label wildcards such as
 *     "f*o" are a MAY we do not take, as the CA/Browser Forum forbids them).
 *   - No subjectAltName, no match: the CN-ID fallback of §6.4.4 is a MAY we
 *     do not take.
 *
 * May touch: src/x509, src/wire.
 */
#include "x509/verify.h"

#include <arpa/inet.h>
#include <string.h>

#include "x509/ascii.h"
#include "x509/der.h"

#define MAX_HOST_LEN 253   /* RFC 1035 §2.3.4, without the trailing dot */
#define MAX_LABEL_LEN 63

static bool is_ldh(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '-';
}

/* A DNS host name we are willing to match: labels of 1..63 letters, digits
 * and hyphens, not starting or ending with a hyphen, and a last label that
 * is not all digits (so "127.0.0.1." or "10.1" can never match a dNSName).
 * *len excludes one trailing dot. */
static bool host_is_dns_name(const char *host, size_t *len)
{
    size_t n = strlen(host);
    if (n > 0 && host[n - 1] == '.')
        n--;
    if (n == 0 || n > MAX_HOST_LEN)
        return false;
    size_t label_start = 0;
    bool all_digits = true;
    for (size_t i = 0; i <= n; i++) {
        uint8_t c = i < n ? (uint8_t)host[i] : '.';
        if (c != '.') {
            if (!is_ldh(c))
                return false;
            all_digits = all_digits && c >= '0' && c <= '9';
            continue;
        }
        size_t label_len = i - label_start;
        if (label_len == 0 || label_len > MAX_LABEL_LEN || host[label_start] == '-' ||
            host[i - 1] == '-')
            return false;
        if (i == n && all_digits)
            return false;
        label_start = i + 1;
        all_digits = true;
    }
    *len = n;
    return true;
}

/* "*.rest": rest has at least two labels and no other wildcard; the host's
 * first label is non-empty and the remainder equals rest (§6.4.3). */
static bool wildcard_matches(const uint8_t *rest, size_t rest_len, const uint8_t *host,
                             size_t host_len)
{
    if (rest_len == 0 || memchr(rest, '*', rest_len) != NULL || rest[0] == '.' ||
        rest[rest_len - 1] == '.' || memchr(rest, '.', rest_len) == NULL)
        return false;
    const uint8_t *dot = memchr(host, '.', host_len);
    if (dot == NULL || dot == host)
        return false;
    size_t first_label = (size_t)(dot - host);
    return host_len - first_label - 1 == rest_len &&
           ascii_equal_nocase(dot + 1, rest, rest_len);
}

static bool dns_name_matches(const wire_reader *pattern, const uint8_t *host, size_t host_len)
{
    const uint8_t *p = pattern->data;
    size_t n = pattern->len;
    if (n >= 2 && p[0] == '*' && p[1] == '.')
        return wildcard_matches(p + 2, n - 2, host, host_len);
    /* A '*' anywhere else ("f*o.example.com", "a.*.example.com"): no match. */
    if (n == 0 || memchr(p, '*', n) != NULL)
        return false;
    return n == host_len && ascii_equal_nocase(p, host, n);
}

/* Walks the GeneralNames for an entry of this tag that `matches`. */
static bool san_any(const x509_cert *cert, uint8_t want,
                    bool (*matches)(const wire_reader *value, const uint8_t *ref, size_t len),
                    const uint8_t *ref, size_t ref_len)
{
    wire_reader names, value;
    uint8_t tag;
    wire_reader_init(&names, cert->subject_alt_name.data, cert->subject_alt_name.len);
    while (!wire_reader_done(&names)) {
        if (!der_read_any(&names, &tag, &value))
            return false;
        if (tag == want && matches(&value, ref, ref_len))
            return true;
    }
    return false;
}

static bool ip_matches(const wire_reader *value, const uint8_t *ip, size_t len)
{
    return value->len == len && memcmp(value->data, ip, len) == 0;
}

bool x509_cert_matches_host(const x509_cert *cert, const char *host)
{
    if (cert == NULL || host == NULL || !cert->has_subject_alt_name ||
        cert->subject_alt_name.data == NULL)
        return false;
    uint8_t ip[16];
    if (inet_pton(AF_INET, host, ip) == 1)
        return san_any(cert, X509_SAN_IP_ADDRESS, ip_matches, ip, 4);
    if (inet_pton(AF_INET6, host, ip) == 1)
        return san_any(cert, X509_SAN_IP_ADDRESS, ip_matches, ip, 16);
    size_t len;
    if (!host_is_dns_name(host, &len))
        return false;
    return san_any(cert, X509_SAN_DNS_NAME, dns_name_matches, (const uint8_t *)host, len);
}
