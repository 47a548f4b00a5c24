/*
 * fuzz_x509.c — certificates: x509_cert_parse, path validation
 * (x509_verify_chain) and host-name matching (src/x509/).
 *
 * Input: DER certificates back to back (a chain as a Certificate message
 * carries it, leaf first). The input is cut at each DER element's length;
 * what is left when a length does not parse is one last piece. Each piece is
 * parsed; then the pieces as a chain are validated against a fixed small
 * anchor store (the roots of tests/fuzz/pki and the fixed server
 * certificate) at the pinned time, for a server with FUZZ_HOST and for a
 * client, and a leaf that parses is matched against a few host names.
 * An input that starts with 0x00 is in re-sign mode: the rest is
 * tbsCertificates back to back, and the harness signs each with the one
 * Ed25519 key of the re-sign chain (tests/fuzz/pki/resign_*; its root is an
 * anchor) before the same checks. A fuzzer cannot make a signature, so
 * without this it never gets past the signature checks to what path
 * validation judges behind them: validity, basicConstraints and
 * pathLenConstraint, keyUsage, extKeyUsage chaining, nameConstraints.
 * Any other input that does not start with a SEQUENCE (0x30) is a host name,
 * matched against a fixed leaf with DNS, wildcard and IP entries.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "crypto/sig.h"
#include "fuzz_anchors.h"
#include "fuzz_common.h"
#include "x509/verify.h"
#include "x509/x509.h"

#define MAX_PIECES 34 /* past x509_verify_chain's limit of 32 */

static const x509_store *anchors(void)
{
    static x509_store store;
    static bool made;
    if (!made) {
        for (size_t i = 0; i < fuzz_anchor_count(); i++) {
            size_t len;
            const uint8_t *der = fuzz_anchor(i, &len);
            if (x509_store_add_der(&store, der, len) != TLS13_OK)
                abort();
        }
        made = true;
    }
    return &store;
}

/* The length of the DER element at the start of data (header included),
 * or 0 when its header does not parse or it runs past the end. */
static size_t element_len(const uint8_t *data, size_t len)
{
    if (len < 2)
        return 0;
    size_t n = data[1], header = 2;
    if (n & 0x80) {
        size_t octets = n & 0x7f;
        if (octets == 0 || octets > 3 || len < 2 + octets)
            return 0;
        n = 0;
        for (size_t i = 0; i < octets; i++)
            n = n << 8 | data[2 + i];
        header += octets;
    }
    return n <= len - header ? header + n : 0;
}

static void check_cert(const uint8_t *der, size_t len)
{
    x509_cert cert;
    tls13_error err = x509_cert_parse(der, len, &cert);
    x509_certificate_view view;
    tls13_error view_err = x509_certificate_parse(der, len, &view);
    /* What the full parser accepts, the view parser accepts too. */
    if (err == TLS13_OK && view_err != TLS13_OK)
        abort();
    sig_public_key key;
    (void)x509_certificate_public_key(der, len, &key);
    if (err != TLS13_OK)
        return;
    if (cert.der.data != der || cert.der.len != len || cert.dns_name_count > X509_MAX_SAN ||
        cert.ip_address_count > X509_MAX_SAN)
        abort();
    const x509_bytes *parts[] = { &cert.serial, &cert.issuer, &cert.subject, &cert.issuer_cn,
                                  &cert.subject_cn, &cert.subject_key_id,
                                  &cert.authority_key_id, &cert.subject_alt_name };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        const x509_bytes *b = parts[i];
        if (b->len > 0 && (b->data < der || b->len > len ||
                           (size_t)(b->data - der) > len - b->len))
            abort();
        (void)fuzz_touch(b->data, b->len);
    }
    for (size_t i = 0; i < cert.dns_name_count; i++)
        (void)fuzz_touch(cert.dns_names[i].data, cert.dns_names[i].len);
    for (size_t i = 0; i < cert.ip_address_count; i++) {
        if (cert.ip_addresses[i].len != 4 && cert.ip_addresses[i].len != 16)
            abort();
    }
    char date[11];
    x509_time_format_date(cert.not_before, date);
    x509_time_format_date(cert.not_after, date);
    static const char *const hosts[] = { FUZZ_HOST, "FUZZ.Example.", "a.wild.example",
                                         "wild.example", "a.b.wild.example", "127.0.0.1", "::1",
                                         "0:0:0:0:0:0:0:1", "*.wild.example", "" };
    for (size_t i = 0; i < sizeof hosts / sizeof hosts[0]; i++)
        (void)x509_cert_matches_host(&cert, hosts[i]);
}

/* A DER header (tag, definite length) into out; returns its length. */
static size_t der_header(uint8_t *out, uint8_t tag, size_t len)
{
    out[0] = tag;
    if (len < 0x80) {
        out[1] = (uint8_t)len;
        return 2;
    }
    size_t octets = len > 0xffff ? 3 : len > 0xff ? 2 : 1;
    out[1] = (uint8_t)(0x80 | octets);
    for (size_t i = 0; i < octets; i++)
        out[2 + i] = (uint8_t)(len >> (8 * (octets - 1 - i)));
    return 2 + octets;
}

/* Certificate ::= SEQUENCE { tbs, AlgorithmIdentifier Ed25519, BIT STRING
 * signature }, signed with the re-sign key. Returns a malloc'd DER. */
static uint8_t *resign(const uint8_t *tbs, size_t tbs_len, size_t *out_len)
{
    static sig_private_key key;
    static bool loaded;
    if (!loaded) {
        if (x509_parse_private_key_der(fuzz_resign_key.data, fuzz_resign_key.len, &key) !=
            TLS13_OK)
            abort();
        loaded = true;
    }
    static const uint8_t ed25519_algorithm[] = { 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70 };
    uint8_t sig[64];
    size_t sig_len;
    if (sig_sign(&key, SIG_ED25519, tbs, tbs_len, NULL, sig, sizeof sig, &sig_len) != TLS13_OK ||
        sig_len != sizeof sig)
        abort();
    size_t body_len = tbs_len + sizeof ed25519_algorithm + 3 + sizeof sig;
    uint8_t *der = malloc(body_len + 5);
    if (der == NULL)
        abort();
    size_t n = der_header(der, 0x30, body_len);
    memcpy(der + n, tbs, tbs_len);
    n += tbs_len;
    memcpy(der + n, ed25519_algorithm, sizeof ed25519_algorithm);
    n += sizeof ed25519_algorithm;
    n += der_header(der + n, 0x03, 1 + sizeof sig);
    der[n++] = 0x00; /* no unused bits */
    memcpy(der + n, sig, sizeof sig);
    *out_len = n + sizeof sig;
    return der;
}

static void match_host(const uint8_t *data, size_t size)
{
    static x509_cert leaf;
    static bool parsed;
    if (!parsed) {
        if (x509_cert_parse(fuzz_leaf.data, fuzz_leaf.len, &leaf) != TLS13_OK)
            abort();
        parsed = true;
    }
    char host[300];
    size_t n = size < sizeof host - 1 ? size : sizeof host - 1;
    memcpy(host, data, n);
    host[n] = '\0';
    (void)x509_cert_matches_host(&leaf, host);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (secure_init() != TLS13_OK)
        abort();
    bool resigning = size > 0 && data[0] == 0x00;
    if (resigning) {
        data++;
        size--;
    } else if (size == 0 || data[0] != 0x30) {
        match_host(data, size);
        return 0;
    }
    x509_bytes pieces[MAX_PIECES];
    uint8_t *signed_der[MAX_PIECES];
    size_t count = 0, off = 0;
    while (off < size && count < MAX_PIECES) {
        size_t n = element_len(data + off, size - off);
        if (n == 0 || count == MAX_PIECES - 1)
            n = size - off;
        pieces[count].data = data + off;
        pieces[count].len = n;
        signed_der[count] = NULL;
        if (resigning) {
            signed_der[count] = resign(data + off, n, &pieces[count].len);
            pieces[count].data = signed_der[count];
        }
        count++;
        off += n;
    }
    for (size_t i = 0; i < count; i++)
        check_cert(pieces[i].data, pieces[i].len);

    char detail[256];
    sig_public_key leaf_key;
    x509_verify_params params = { anchors(), FUZZ_NOW, FUZZ_HOST, X509_PURPOSE_SERVER, 0 };
    tls13_error err = x509_verify_chain(&params, pieces, count, &leaf_key, detail, sizeof detail);
    if (err != TLS13_OK && memchr(detail, '\0', sizeof detail) == NULL)
        abort();
    if (getenv("TLS13_FUZZ_VERBOSE") != NULL)
        fprintf(stderr, "%zu pieces: %s %s\n", count, tls13_error_name(err),
                err != TLS13_OK ? detail : "");
    params.host = NULL;
    params.purpose = X509_PURPOSE_CLIENT;
    params.max_depth = 3;
    (void)x509_verify_chain(&params, pieces, count, &leaf_key, NULL, 0);
    for (size_t i = 0; i < count; i++)
        free(signed_der[i]);
    return 0;
}
