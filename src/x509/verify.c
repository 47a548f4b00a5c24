/*
 * verify.c — certification path validation (RFC 5280 §6.1) for TLS:
 * building a path from the peer's leaf to a trust anchor, then checking it.
 *
 * Building. The peer's Certificate message holds the leaf first and then
 * certificates that may help, in any order (RFC 9846 §4.5.1.3: "the sender
 * MAY ... include certificates that are not needed"). From the leaf we look
 * for an issuer whose subject Name equals the certificate's issuer Name,
 * byte for byte: first among the anchors, then among the other presented
 * certificates not already on the path, trying each candidate in turn
 * (several may fit: cross-signed CAs, renewed keys) depth first. A
 * candidate is an issuer only if its key verifies the certificate's
 * signature. A presented certificate that is itself an anchor (the same DER,
 * or the same subject and key) ends the path there: trust starts at the
 * first anchor met. The search is bounded by the depth limit and by a
 * budget of signature checks.
 *
 * Checking, for each complete path, leaf (index 0) to anchor:
 *   - every certificate is valid at `now`, the anchor included (§6.1.3
 *     (a)(2));
 *   - every issuer is a CA: basicConstraints cA TRUE (§4.2.1.9; a v1 anchor
 *     without extensions is accepted, as trust anchors are configuration,
 *     §6.1.1 (d)) and, if keyUsage is present, keyCertSign (§4.2.1.3);
 *   - every issuer's extKeyUsage, if present, names our purpose or
 *     anyExtendedKeyUsage (EKU chaining, check_issuer_purpose), the
 *     anchor's included;
 *   - every pathLenConstraint holds: "the maximum number of
 *     non-self-issued intermediate certificates that may follow this
 *     certificate in a valid certification path" (§4.2.1.9, §6.1.4 (m));
 *   - the leaf allows signing: "the digitalSignature bit MUST be set if the
 *     Key Usage extension is present" (RFC 9846 §4.5.1.2), and its
 *     extKeyUsage, if present, names our purpose or anyExtendedKeyUsage
 *     (§4.2.1.12);
 *   - every CA's nameConstraints, critical or not, the anchor's included,
 *     hold for the dNSName, iPAddress and directoryName SANs and the
 *     subject of every certificate below it (self-issued intermediates
 *     skipped, §6.1.3 (b)) and for the host name (nameconstraints.c says
 *     how names compare); a CA constraining another name form is refused;
 * then, once a path passes, the host name against the leaf (hostname.c).
 *
 * When no path passes, the error is the most telling failure met: a
 * complete path that failed a check, else a signature that did not verify,
 * else an issuer we could not use, else the depth limit, else "unknown CA".
 *
 * Not done: revocation (CRL, OCSP), name constraints of forms other than
 * dNSName, iPAddress and (permitted) directoryName, policy processing,
 * RFC 5280 §7.1 name comparison rules beyond byte equality.
 *
 * May touch: src/x509, src/crypto (sig.h).
 */
#include "x509/verify.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "x509/nameconstraints.h"

#define DEFAULT_MAX_DEPTH 10
#define MAX_PRESENTED 32          /* certificates in one Certificate message */
#define MAX_PATH (MAX_PRESENTED + 1)
#define MAX_SIGNATURE_CHECKS 64   /* the search budget */
#define DETAIL_LEN 256
#define NAME_TEXT_LEN 80
#define OID_TEXT_LEN 96

/* How telling a failure is: a higher rank replaces a lower one. */
typedef enum failure_rank {
    RANK_NONE = 0,
    RANK_NO_ISSUER,       /* a certificate whose issuer we do not have */
    RANK_DEPTH,           /* an issuer existed, but the depth limit was reached */
    RANK_UNUSABLE,        /* an issuer existed, but we could not parse it */
    RANK_SIGNATURE,       /* an issuer's name matched, its key did not verify */
    RANK_PATH             /* a complete path failed a check */
} failure_rank;

typedef struct presented {
    x509_cert cert;
    tls13_error parse_err;
    bool on_path;
} presented;

typedef struct verifier {
    const x509_verify_params *params;
    size_t max_depth;
    presented *certs;                 /* the message's certificates */
    size_t count;
    x509_cert anchor;                 /* the anchor ending the current path */
    const x509_cert *path[MAX_PATH];  /* path[0] is the leaf */
    size_t signature_checks;
    tls13_error err;                  /* the most telling failure so far */
    failure_rank rank;
    char detail[DETAIL_LEN];
} verifier;

/* ------------------------------------------------------------------------ */
/* Failures and their sentences                                             */
/* ------------------------------------------------------------------------ */

/* "CN=<common name>" in printable ASCII (others become '?'), for
 * messages; zero bytes are dropped, so a BMPString of ASCII reads well. */
static void cn_text(x509_bytes cn, char out[NAME_TEXT_LEN])
{
    if (cn.data == NULL) {
        snprintf(out, NAME_TEXT_LEN, "a name without CN");
        return;
    }
    memcpy(out, "CN=", 3);
    size_t n = 3;
    for (size_t i = 0; i < cn.len && n + 1 < NAME_TEXT_LEN; i++) {
        uint8_t c = cn.data[i];
        if (c != 0)
            out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
    }
    out[n] = '\0';
}

static void name_text(const x509_cert *cert, char out[NAME_TEXT_LEN])
{
    cn_text(cert->subject_cn, out);
}

/* An OID's dotted form (X.690 §8.19), e.g. "1.2.3.4": the first
 * subidentifier holds the first two arcs as 40 * X + Y (X = 2 from 80 up). */
static void oid_text(x509_bytes oid, char out[OID_TEXT_LEN])
{
    size_t n = 0;
    unsigned long long arc = 0;
    out[0] = '\0';
    for (size_t i = 0; i < oid.len && n + 24 < OID_TEXT_LEN; i++) {
        arc = (arc << 7) | (oid.data[i] & 0x7f);
        if (oid.data[i] & 0x80)
            continue;
        int w;
        if (n == 0) {
            unsigned first = arc < 80 ? (unsigned)(arc / 40) : 2;
            w = snprintf(out, OID_TEXT_LEN, "%u.%llu", first, arc - 40ull * first);
        } else {
            w = snprintf(out + n, OID_TEXT_LEN - n, ".%llu", arc);
        }
        n += w > 0 ? (size_t)w : 0;
        arc = 0;
    }
}

static void fail(verifier *v, failure_rank rank, tls13_error err, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Records a failure if it is more telling than the one we have. */
static void fail(verifier *v, failure_rank rank, tls13_error err, const char *fmt, ...)
{
    if (rank <= v->rank)
        return;
    v->rank = rank;
    v->err = err;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(v->detail, sizeof v->detail, fmt, ap);
    va_end(ap);
}

/* ------------------------------------------------------------------------ */
/* Checks on a complete path                                                */
/* ------------------------------------------------------------------------ */

/* §6.1.3 (a)(2): "The certificate validity period includes the current
 * time." Both ends are inclusive (§4.1.2.5). */
static tls13_error check_validity(verifier *v, size_t i)
{
    const x509_cert *c = v->path[i];
    char name[NAME_TEXT_LEN], date[11];
    name_text(c, name);
    if (v->params->now < c->not_before) {
        x509_time_format_date(c->not_before, date);
        fail(v, RANK_PATH, TLS13_ERR_CERT_NOT_YET_VALID,
             "certificate %zu (%s) is not valid before %s", i, name, date);
        return TLS13_ERR_CERT_NOT_YET_VALID;
    }
    if (v->params->now > c->not_after) {
        x509_time_format_date(c->not_after, date);
        fail(v, RANK_PATH, TLS13_ERR_CERT_EXPIRED, "certificate %zu (%s) expired on %s", i,
             name, date);
        return TLS13_ERR_CERT_EXPIRED;
    }
    return TLS13_OK;
}

static bool self_issued(const x509_cert *c)
{
    return c->issuer.len == c->subject.len &&
           memcmp(c->issuer.data, c->subject.data, c->issuer.len) == 0;
}

/* §4.2.1.9: pathLenConstraint counts the non-self-issued intermediates
 * below this CA (the leaf, path[0], is not an intermediate). */
static tls13_error check_path_len(verifier *v, size_t i)
{
    const x509_cert *c = v->path[i];
    if (c->path_len < 0)
        return TLS13_OK;
    size_t below = 0;
    for (size_t j = 1; j < i; j++)
        below += self_issued(v->path[j]) ? 0 : 1;
    if (below <= (size_t)c->path_len)
        return TLS13_OK;
    char name[NAME_TEXT_LEN];
    name_text(c, name);
    fail(v, RANK_PATH, TLS13_ERR_CERT_PATH_TOO_LONG,
         "certificate %zu (%s) allows %d intermediate certificate(s) below it "
         "(pathLenConstraint), the path has %zu", i, name, c->path_len, below);
    return TLS13_ERR_CERT_PATH_TOO_LONG;
}

/* extKeyUsage in a CA certificate restricts what the certificates below it
 * may be used for. RFC 5280 §4.2.1.12 speaks only of the certificate that
 * carries it, but the CA/Browser Forum Baseline Requirements (a
 * subordinate CA's extKeyUsage), NSS, Chrome, OpenSSL and Go read it so
 * ("EKU chaining"): a CA limited to
 * emailProtection must not issue a TLS server certificate. Anchors too, as
 * Go does: an anchor that lists purposes without ours was not meant for
 * them (no anchor of the system bundle carries extKeyUsage at all). */
static tls13_error check_issuer_purpose(verifier *v, size_t i)
{
    const x509_cert *c = v->path[i];
    bool server = v->params->purpose == X509_PURPOSE_SERVER;
    if (!c->has_ext_key_usage || c->eku_any ||
        (server ? c->eku_server_auth : c->eku_client_auth))
        return TLS13_OK;
    char name[NAME_TEXT_LEN];
    name_text(c, name);
    fail(v, RANK_PATH, TLS13_ERR_CERT_WRONG_PURPOSE,
         "certificate %zu (%s), a CA on the path, has an extKeyUsage without %s, so it may "
         "not issue certificates for it", i, name, server ? "serverAuth" : "clientAuth");
    return TLS13_ERR_CERT_WRONG_PURPOSE;
}

/* path[i] issued path[i - 1]: it must be a CA allowed to sign certificates. */
static tls13_error check_issuer(verifier *v, size_t i, bool is_anchor)
{
    const x509_cert *c = v->path[i];
    char name[NAME_TEXT_LEN];
    name_text(c, name);
    bool v1_anchor = is_anchor && c->view.version == 0;
    if (!c->is_ca && !v1_anchor) {
        fail(v, RANK_PATH, TLS13_ERR_CERT_NOT_A_CA,
             "certificate %zu (%s) signed certificate %zu but is not a CA (%s)", i, name,
             i - 1, c->has_basic_constraints ? "basicConstraints cA is FALSE"
                                             : "it has no basicConstraints");
        return TLS13_ERR_CERT_NOT_A_CA;
    }
    /* §4.2.1.3: "The keyCertSign bit is asserted when the subject public
     * key is used for verifying signatures on public key certificates." */
    if (c->has_key_usage && (c->key_usage & X509_KU_KEY_CERT_SIGN) == 0) {
        fail(v, RANK_PATH, TLS13_ERR_CERT_NOT_A_CA,
             "certificate %zu (%s) signed certificate %zu but its keyUsage lacks "
             "keyCertSign", i, name, i - 1);
        return TLS13_ERR_CERT_NOT_A_CA;
    }
    tls13_error err = check_issuer_purpose(v, i);
    return err != TLS13_OK ? err : check_path_len(v, i);
}

static tls13_error check_leaf(verifier *v)
{
    const x509_cert *c = v->path[0];
    char name[NAME_TEXT_LEN];
    name_text(c, name);
    if (c->has_key_usage && (c->key_usage & X509_KU_DIGITAL_SIGNATURE) == 0) {
        fail(v, RANK_PATH, TLS13_ERR_CERT_WRONG_PURPOSE,
             "certificate 0 (%s) has a keyUsage without digitalSignature, so it cannot sign "
             "a TLS handshake (RFC 9846 §4.5.1.2)", name);
        return TLS13_ERR_CERT_WRONG_PURPOSE;
    }
    bool server = v->params->purpose == X509_PURPOSE_SERVER;
    if (c->has_ext_key_usage && !c->eku_any &&
        !(server ? c->eku_server_auth : c->eku_client_auth)) {
        fail(v, RANK_PATH, TLS13_ERR_CERT_WRONG_PURPOSE,
             "certificate 0 (%s) has an extKeyUsage without %s", name,
             server ? "serverAuth" : "clientAuth");
        return TLS13_ERR_CERT_WRONG_PURPOSE;
    }
    return TLS13_OK;
}

/* The name a violation is about, e.g. "DNS:evil.test", "IP:10.0.0.1",
 * "its subject". */
static void violating_name(const x509_nc_violation *why, char *out, size_t cap)
{
    char ip[INET6_ADDRSTRLEN];
    if (why->is_subject) {
        snprintf(out, cap, "its subject");
    } else if (why->form == X509_SAN_DNS_NAME) {
        size_t n = (size_t)snprintf(out, cap, "DNS:");
        for (size_t i = 0; i < why->name.len && i < 64 && n + 1 < cap; i++) {
            uint8_t c = why->name.data[i];
            out[n++] = c >= 0x20 && c < 0x7f ? (char)c : '?';
        }
        out[n] = '\0';
    } else if (why->form == X509_SAN_IP_ADDRESS &&
               inet_ntop(why->name.len == 4 ? AF_INET : AF_INET6, why->name.data, ip,
                         sizeof ip) != NULL) {
        snprintf(out, cap, "IP:%s", ip);
    } else {
        snprintf(out, cap, "a %s", x509_general_name_form(why->form));
    }
}

static tls13_error name_constraints_failed(verifier *v, size_t i, const char *who,
                                           x509_nc_result result, const x509_nc_violation *why)
{
    char ca[NAME_TEXT_LEN];
    name_text(v->path[i], ca);
    if (result == X509_NC_UNSUPPORTED_FORM)
        fail(v, RANK_PATH, TLS13_ERR_CERT_NAME_CONSTRAINTS,
             "certificate %zu (%s) has name constraints on %s names (in %s), which this "
             "library does not process", i, ca,
             x509_general_name_form(why->form), why->excluded ? "excludedSubtrees"
                                                               : "permittedSubtrees");
    else
        fail(v, RANK_PATH, TLS13_ERR_CERT_NAME_CONSTRAINTS,
             "%s is %s the name constraints of certificate %zu (%s)", who,
             result == X509_NC_EXCLUDED ? "excluded by" : "outside", i, ca);
    return TLS13_ERR_CERT_NAME_CONSTRAINTS;
}

/* §6.1.3 (b), (c) with §6.1.4 (g): the name constraints of every CA on the
 * path, the anchor's included (conservatively: RFC 5280 leaves an anchor's
 * constraints to configuration), hold for every certificate below it --
 * "If certificate i is self-issued and it is not the final certificate in
 * the path, skip this step for certificate i" -- and for the host name we
 * want to reach (a SAN wildcard could otherwise stand for an excluded
 * name). Critical or not: §6.1 does not ask. */
static tls13_error check_name_constraints(verifier *v, size_t n)
{
    x509_nc_violation why;
    char who[DETAIL_LEN], name[NAME_TEXT_LEN], what[96];
    for (size_t i = 1; i < n; i++) {
        const x509_cert *ca = v->path[i];
        if (!ca->has_name_constraints)
            continue;
        x509_nc_result result = x509_name_constraints_supported(ca, &why);
        if (result != X509_NC_OK)
            return name_constraints_failed(v, i, "", result, &why);
        for (size_t j = 0; j < i; j++) {
            if (j > 0 && self_issued(v->path[j]))
                continue;
            result = x509_name_constraints_check_cert(ca, v->path[j], &why);
            if (result == X509_NC_OK)
                continue;
            name_text(v->path[j], name);
            violating_name(&why, what, sizeof what);
            snprintf(who, sizeof who, "certificate %zu (%s): %s", j, name, what);
            return name_constraints_failed(v, i, who, result, &why);
        }
        const char *host = v->params->host;
        if (host == NULL)
            continue;
        result = x509_name_constraints_check_host(ca, host, &why);
        if (result != X509_NC_OK) {
            snprintf(who, sizeof who, "the host name \"%.64s\"", host);
            return name_constraints_failed(v, i, who, result, &why);
        }
    }
    return TLS13_OK;
}

/* A complete path of n certificates, path[n - 1] the anchor. */
static tls13_error check_path(verifier *v, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        tls13_error err = check_validity(v, i);
        if (err == TLS13_OK)
            err = i == 0 ? check_leaf(v) : check_issuer(v, i, i == n - 1);
        if (err != TLS13_OK)
            return err;
    }
    return check_name_constraints(v, n);
}

/* ------------------------------------------------------------------------ */
/* Building                                                                 */
/* ------------------------------------------------------------------------ */

static bool bytes_equal(x509_bytes a, x509_bytes b)
{
    return a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
}

static bool budget_left(const verifier *v)
{
    return v->signature_checks < MAX_SIGNATURE_CHECKS;
}

/* Did `issuer` sign path[depth - 1]? Records why not. */
static bool signed_by(verifier *v, size_t depth, const x509_cert *issuer)
{
    const x509_cert *child = v->path[depth - 1];
    v->signature_checks++;
    tls13_error err = x509_certificate_check_signature(&child->view, &issuer->key);
    if (err == TLS13_OK)
        return true;
    char name[NAME_TEXT_LEN], issuer_name[NAME_TEXT_LEN];
    name_text(child, name);
    name_text(issuer, issuer_name);
    if (err == TLS13_ERR_UNSUPPORTED_KEY)
        fail(v, RANK_SIGNATURE, TLS13_ERR_UNSUPPORTED_KEY,
             "certificate %zu (%s) is signed with an algorithm this library does not support",
             depth - 1, name);
    else
        fail(v, RANK_SIGNATURE, TLS13_ERR_CERT_BAD_SIGNATURE,
             "the signature of certificate %zu (%s) does not verify with the key of %s",
             depth - 1, name, issuer_name);
    return false;
}

/* Is there room for one more certificate on a path of `depth`? */
static bool room_for_issuer(verifier *v, size_t depth)
{
    if (depth < v->max_depth)
        return true;
    char name[NAME_TEXT_LEN];
    name_text(v->path[depth - 1], name);
    fail(v, RANK_DEPTH, TLS13_ERR_CERT_PATH_TOO_LONG,
         "the path from the leaf to a trust anchor is longer than %zu certificates "
         "(at certificate %zu, %s)", v->max_depth, depth - 1, name);
    return false;
}

typedef enum anchor_result {
    NOT_AN_ANCHOR,
    ANCHOR_PASSED,        /* an anchor, and the path to it passes the checks */
    ANCHOR_FAILED
} anchor_result;

/* Is anchor i the certificate c: in pass 0 the same DER, in pass 1 the same
 * subject and key (another certificate for the same CA)? */
static bool anchor_is(const x509_store *store, size_t i, const x509_cert *c, int pass)
{
    x509_bytes der = { store->certs[i].data, store->certs[i].len };
    x509_bytes spki = { c->view.spki, c->view.spki_len };
    if (pass == 0)
        return bytes_equal(der, c->der);
    return bytes_equal(store->index[i].subject, c->subject) &&
           bytes_equal(store->index[i].spki, spki);
}

/* If path[depth - 1] (a presented certificate) is an anchor, the path ends
 * there, with the anchor's own certificate in its place (its validity and
 * extensions are the ones we were configured with). */
static anchor_result ends_at_anchor(verifier *v, size_t depth)
{
    const x509_store *store = v->params->anchors;
    const x509_cert *c = v->path[depth - 1];
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; store != NULL && i < store->count; i++) {
            if (!anchor_is(store, i, c, pass) ||
                x509_cert_parse(store->certs[i].data, store->certs[i].len, &v->anchor) != TLS13_OK)
                continue;
            v->path[depth - 1] = &v->anchor;
            bool ok = check_path(v, depth) == TLS13_OK;
            v->path[depth - 1] = c;
            return ok ? ANCHOR_PASSED : ANCHOR_FAILED;
        }
    }
    return NOT_AN_ANCHOR;
}

/* Anchors whose subject is path[depth - 1]'s issuer; *candidates counts
 * them. */
static bool try_anchors(verifier *v, size_t depth, size_t *candidates)
{
    const x509_store *store = v->params->anchors;
    const x509_cert *child = v->path[depth - 1];
    for (size_t i = 0; store != NULL && i < store->count && budget_left(v); i++) {
        if (!bytes_equal(store->index[i].subject, child->issuer))
            continue;
        (*candidates)++;
        if (!room_for_issuer(v, depth) ||
            x509_cert_parse(store->certs[i].data, store->certs[i].len, &v->anchor) != TLS13_OK ||
            !signed_by(v, depth, &v->anchor))
            continue;
        v->path[depth] = &v->anchor;
        if (check_path(v, depth + 1) == TLS13_OK)
            return true;
    }
    return false;
}

static bool extend(verifier *v, size_t depth);

/* A presented certificate that has the right name but that x509_cert_parse
 * refused (a key type we cannot use, an unknown critical extension). */
static void unusable_issuer(verifier *v, size_t depth, const presented *p, size_t index)
{
    char name[NAME_TEXT_LEN], oid[OID_TEXT_LEN];
    name_text(&p->cert, name);
    if (p->parse_err == TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION) {
        oid_text(p->cert.unknown_critical, oid);
        fail(v, RANK_UNUSABLE, p->parse_err,
             "certificate %zu of the message (%s), the issuer of certificate %zu, has a "
             "critical extension we do not understand (%s)", index, name, depth - 1, oid);
        return;
    }
    fail(v, RANK_UNUSABLE, p->parse_err,
         "certificate %zu of the message (%s), the issuer of certificate %zu, has a "
         "public key this library cannot use", index, name, depth - 1);
}

/* Presented certificates, not on the path yet, whose subject is
 * path[depth - 1]'s issuer; *candidates counts them. */
static bool try_presented(verifier *v, size_t depth, size_t *candidates)
{
    const x509_cert *child = v->path[depth - 1];
    for (size_t i = 1; i < v->count && budget_left(v); i++) {
        presented *p = &v->certs[i];
        if (p->on_path || !bytes_equal(p->cert.subject, child->issuer))
            continue;
        (*candidates)++;
        if (p->parse_err != TLS13_OK) {
            unusable_issuer(v, depth, p, i);
            continue;
        }
        if (!room_for_issuer(v, depth) || !signed_by(v, depth, &p->cert))
            continue;
        p->on_path = true;
        v->path[depth] = &p->cert;
        bool ok = extend(v, depth + 1);
        p->on_path = false;
        if (ok)
            return true;
    }
    return false;
}

static void no_issuer(verifier *v, size_t depth)
{
    const x509_cert *c = v->path[depth - 1];
    char name[NAME_TEXT_LEN], issuer[NAME_TEXT_LEN];
    name_text(c, name);
    if (self_issued(c)) {
        fail(v, RANK_NO_ISSUER, TLS13_ERR_CERT_UNKNOWN_CA,
             "certificate %zu (%s) is self-issued and is not a trust anchor", depth - 1, name);
        return;
    }
    cn_text(c->issuer_cn, issuer);
    fail(v, RANK_NO_ISSUER, TLS13_ERR_CERT_UNKNOWN_CA,
         "certificate %zu (%s) is issued by %s, which is neither a trust anchor nor among "
         "the certificates sent", depth - 1, name, issuer);
}

/* Extends the path whose last certificate, path[depth - 1], was presented;
 * true once a complete path passes every check. */
static bool extend(verifier *v, size_t depth)
{
    anchor_result at_anchor = ends_at_anchor(v, depth);
    if (at_anchor != NOT_AN_ANCHOR)
        return at_anchor == ANCHOR_PASSED;
    size_t candidates = 0;
    if (try_anchors(v, depth, &candidates) || try_presented(v, depth, &candidates))
        return true;
    if (candidates == 0)
        no_issuer(v, depth);
    return false;
}

/* ------------------------------------------------------------------------ */
/* The entry point                                                          */
/* ------------------------------------------------------------------------ */

/* Parses the message's certificates. A malformed one anywhere, or a leaf we
 * cannot use, fails the chain; another certificate we cannot use is only
 * left out of the search (its error is reported if it was needed). */
static tls13_error parse_presented(verifier *v, const x509_bytes *chain)
{
    for (size_t i = 0; i < v->count; i++) {
        presented *p = &v->certs[i];
        p->parse_err = chain[i].data == NULL ? TLS13_ERR_BAD_CERTIFICATE
                                             : x509_cert_parse(chain[i].data, chain[i].len,
                                                               &p->cert);
        if (p->parse_err == TLS13_ERR_BAD_CERTIFICATE) {
            fail(v, RANK_PATH, p->parse_err,
                 "certificate %zu of the message is malformed (RFC 5280 §4.1)", i);
            return p->parse_err;
        }
    }
    presented *leaf = &v->certs[0];
    if (leaf->parse_err == TLS13_OK)
        return TLS13_OK;
    char name[NAME_TEXT_LEN], oid[OID_TEXT_LEN];
    name_text(&leaf->cert, name);
    oid_text(leaf->cert.unknown_critical, oid);
    if (leaf->parse_err == TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION)
        fail(v, RANK_PATH, leaf->parse_err,
             "certificate 0 (%s) has a critical extension we do not understand (%s)", name,
             oid);
    else
        fail(v, RANK_PATH, leaf->parse_err,
             "certificate 0 (%s) has a public key this library cannot use", name);
    return leaf->parse_err;
}

/* Appends "DNS:name" / "IP:addr" entries of the leaf to a sentence. */
static void append_names(const x509_cert *c, char *out, size_t cap)
{
    size_t n = strlen(out);
    for (size_t i = 0; i < c->dns_name_count && n + 1 < cap; i++) {
        int w = snprintf(out + n, cap - n, "%sDNS:%.*s", i == 0 ? "" : ", ",
                         (int)c->dns_names[i].len, (const char *)c->dns_names[i].data);
        n = w < 0 ? cap : n + (size_t)w;
    }
    for (size_t i = 0; i < c->ip_address_count && n + 1 < cap; i++) {
        char ip[INET6_ADDRSTRLEN];
        int family = c->ip_addresses[i].len == 4 ? AF_INET : AF_INET6;
        if (inet_ntop(family, c->ip_addresses[i].data, ip, sizeof ip) == NULL)
            continue;
        int w = snprintf(out + n, cap - n, "%sIP:%s",
                         i == 0 && c->dns_name_count == 0 ? "" : ", ", ip);
        n = w < 0 ? cap : n + (size_t)w;
    }
}

/* RFC 6125 §6: the leaf must name the host we meant to reach. */
static tls13_error check_host(verifier *v)
{
    const x509_cert *leaf = &v->certs[0].cert;
    const char *host = v->params->host;
    if (host == NULL || x509_cert_matches_host(leaf, host))
        return TLS13_OK;
    char name[NAME_TEXT_LEN];
    name_text(leaf, name);
    if (!leaf->has_subject_alt_name)
        fail(v, RANK_PATH, TLS13_ERR_CERT_HOSTNAME_MISMATCH,
             "certificate 0 (%s) has no subjectAltName, so it names no host (its CN is not "
             "used, RFC 6125 §6.4.4)", name);
    else
        fail(v, RANK_PATH, TLS13_ERR_CERT_HOSTNAME_MISMATCH,
             "certificate 0 (%s) is not for host \"%.64s\"; its subjectAltName names: ", name,
             host);
    if (leaf->has_subject_alt_name)
        append_names(leaf, v->detail, sizeof v->detail);
    return TLS13_ERR_CERT_HOSTNAME_MISMATCH;
}

static tls13_error verify(verifier *v, const x509_bytes *chain, sig_public_key *leaf_key)
{
    tls13_error err = parse_presented(v, chain);
    if (err != TLS13_OK)
        return err;
    v->certs[0].on_path = true;
    v->path[0] = &v->certs[0].cert;
    if (!extend(v, 1)) {
        if (!budget_left(v) && v->rank < RANK_PATH)
            fail(v, RANK_PATH, TLS13_ERR_CERT_UNKNOWN_CA,
                 "gave up looking for a path to a trust anchor after %d signature checks",
                 MAX_SIGNATURE_CHECKS);
        return v->rank == RANK_NONE ? TLS13_ERR_CERT_UNKNOWN_CA : v->err;
    }
    err = check_host(v);
    if (err == TLS13_OK)
        *leaf_key = v->certs[0].cert.key;
    return err;
}

tls13_error x509_verify_chain(const x509_verify_params *params, const x509_bytes *chain,
                              size_t count, sig_public_key *leaf_key,
                              char *detail, size_t detail_len)
{
    if (detail != NULL && detail_len > 0)
        detail[0] = '\0';
    if (params == NULL || chain == NULL || leaf_key == NULL || count == 0)
        return TLS13_ERR_INVALID_ARGUMENT;
    memset(leaf_key, 0, sizeof *leaf_key);
    if (count > MAX_PRESENTED) {
        if (detail != NULL && detail_len > 0)
            snprintf(detail, detail_len, "%zu certificates sent, at most %d are examined",
                     count, MAX_PRESENTED);
        return TLS13_ERR_CERTIFICATE_CHAIN_TOO_LONG;
    }
    verifier *v = calloc(1, sizeof *v);
    presented *certs = calloc(count, sizeof *certs);
    if (v == NULL || certs == NULL) {
        free(v);
        free(certs);
        return TLS13_ERR_OUT_OF_MEMORY;
    }
    v->params = params;
    v->certs = certs;
    v->count = count;
    v->max_depth = params->max_depth == 0 ? DEFAULT_MAX_DEPTH : params->max_depth;
    if (v->max_depth > MAX_PATH)
        v->max_depth = MAX_PATH;
    tls13_error err = verify(v, chain, leaf_key);
    if (err != TLS13_OK && detail != NULL && detail_len > 0)
        snprintf(detail, detail_len, "%s", v->detail);
    free(certs);
    free(v);
    return err;
}
