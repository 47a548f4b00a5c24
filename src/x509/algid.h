/*
 * algid.h — the AlgorithmIdentifier parameters that more than one src/x509
 * file reads: the named curve of id-ecPublicKey (RFC 5480 §2.1.1, in
 * certificates, PKCS#8 and SEC1 keys) and RSASSA-PSS-params (RFC 4055 §3.1,
 * in RSASSA-PSS keys and certificate signatures). Internal to src/x509.
 */
#ifndef TLS13_X509_ALGID_H
#define TLS13_X509_ALGID_H

#include <stdint.h>

#include "crypto/sig.h"
#include "wire/wire.h"

typedef enum algid_status {
    ALGID_OK,
    ALGID_UNSUPPORTED,   /* well formed, but not something we can use */
    ALGID_MALFORMED      /* not DER, or not the structure */
} algid_status;

/* ECParameters ::= CHOICE { namedCurve OBJECT IDENTIFIER, ... }: reads one
 * element from r. RFC 5480 §2.1.1: "implicitCurve and specifiedCurve MUST
 * NOT be used", so only the OID is well formed. *curve becomes
 * SIG_KEY_EC_P256 or SIG_KEY_EC_P384; other curves are unsupported. */
algid_status algid_read_named_curve(wire_reader *r, sig_key_type *curve);

/* RSASSA-PSS-params (RFC 4055 §3.1), the whole SEQUENCE read from r, as TLS
 * can use them (RFC 9846 §4.3.3): hashAlgorithm SHA-256, -384 or -512;
 * maskGenAlgorithm MGF1 with the same hash; saltLength the hash's length;
 * trailerField absent (its only value, 1, is the DEFAULT, which DER omits).
 * *scheme becomes the rsa_pss_pss_* scheme of that hash. The hash
 * AlgorithmIdentifiers may have NULL or absent parameters (RFC 4055 §2.1). */
algid_status algid_read_rsa_pss_params(wire_reader *r, uint16_t *scheme);

#endif /* TLS13_X509_ALGID_H */
