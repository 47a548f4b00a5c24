/*
 * nameconstraints.h — a CA's nameConstraints (RFC 5280 §4.2.1.10) applied
 * to the names of a certificate below it and to the host name we want to
 * reach. Internal to src/x509; verify.c decides which CA constrains which
 * certificate (§6.1.3 (b), (c), §6.1.4 (g)), nameconstraints.c how a name
 * compares with a subtree.
 */
#ifndef TLS13_X509_NAMECONSTRAINTS_H
#define TLS13_X509_NAMECONSTRAINTS_H

#include <stdbool.h>
#include <stdint.h>

#include "x509/verify.h"

typedef enum x509_nc_result {
    X509_NC_OK,
    X509_NC_NOT_PERMITTED,      /* the CA permits names of this form, none like it */
    X509_NC_EXCLUDED,           /* within one of the CA's excludedSubtrees */
    X509_NC_UNSUPPORTED_FORM    /* the CA constrains a name form we do not process */
} x509_nc_result;

/* What failed, for the caller's sentence. */
typedef struct x509_nc_violation {
    uint8_t form;          /* X509_SAN_*: the offending name's form, or for
                              X509_NC_UNSUPPORTED_FORM the constraint's */
    bool excluded;         /* X509_NC_UNSUPPORTED_FORM: in excludedSubtrees */
    bool is_subject;       /* the name is the certificate's subject */
    x509_bytes name;       /* its contents: DNS text, address octets or Name
                              DER (empty for the host name) */
} x509_nc_violation;

/* Can we apply every constraint of ca? We process dNSName and iPAddress
 * subtrees, and directoryName in permittedSubtrees only (compared RDN by
 * RDN, byte for byte: a difference that RFC 5280 §7.1 would ignore makes a
 * name "outside", a false reject, so an excluded directoryName, where the
 * same difference would let a name through, is not processed). Any other
 * form: X509_NC_UNSUPPORTED_FORM. X509_NC_OK when ca has no constraints. */
x509_nc_result x509_name_constraints_supported(const x509_cert *ca, x509_nc_violation *why);

/* Every dNSName, iPAddress and directoryName of cert's subjectAltName, and
 * its subject when it is not empty, against ca's constraints: a name must
 * not be within an excluded subtree and, when ca permits subtrees of the
 * name's form, must be within one of them. Call
 * x509_name_constraints_supported first. */
x509_nc_result x509_name_constraints_check_cert(const x509_cert *ca, const x509_cert *cert,
                                                x509_nc_violation *why);

/* The host name (a DNS name, one trailing dot ignored, or an IP address
 * literal) against ca's constraints, by the same rules. */
x509_nc_result x509_name_constraints_check_host(const x509_cert *ca, const char *host,
                                                x509_nc_violation *why);

/* "dNSName", "rfc822Name", ... for a GeneralName tag. */
const char *x509_general_name_form(uint8_t tag);

#endif /* TLS13_X509_NAMECONSTRAINTS_H */
