/*
 * pki_harness.h — a small test PKI, made by `openssl` once per test process
 * in a temporary directory (tests/test_certs.c, tests/test_negative.c).
 *
 *   root            "Test Root", EC P-256, CA
 *   int             "Test Intermediate", EC P-256, CA, issued by root
 *   server_rsa      RSA-2048  \
 *   server_ec       P-256      } localhost: SAN DNS:localhost, IP:127.0.0.1,
 *   server_ed       Ed25519   /  EKU serverAuth, issued by int
 *   client_rsa      RSA-2048 (key also as client_rsa_pkcs1.key, "RSA PRIVATE KEY")
 *   client_ec       P-256 (key also as client_ec_sec1.key, "EC PRIVATE KEY")
 *   client_ed       Ed25519: EKU clientAuth, SAN DNS:client.localhost, issued by int
 *   other_root      "Other Root": trusts none of the above
 *   other_client    a client leaf issued by other_root
 *   leaf_by_leaf    a localhost server leaf whose issuer is server_ec (not a CA)
 *   int_pl0         a CA with pathLenConstraint 0, issued by root
 *   int_below       a CA under int_pl0 (one CA too many)
 *   server_deep     a localhost server leaf under int_below
 *   server_crit     a localhost server leaf with an unknown critical extension
 *   server_wild     SAN DNS:*.*.localhost, DNS:f*o.localhost, DNS:*.good.localhost
 *   int_nc          a CA whose (non-critical) nameConstraints permit only
 *                   DNS:example.com, issued by root
 *   server_nc       a localhost server leaf under int_nc (outside it)
 *
 * Every NAME has NAME.pem and NAME.key; each leaf also NAME_chain.pem: the
 * leaf then the CA certificates up to (not including) the root, as a server
 * sends them. Every certificate is valid from the moment it is made (leaves
 * for 365 days, CAs for 3650), so a test picks expired or not-yet-valid with
 * the config's clock (tls13_config_set_time).
 *
 * Everything here is static inline: each test program uses a different part.
 */
#ifndef TLS13_TEST_PKI_HARNESS_H
#define TLS13_TEST_PKI_HARNESS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "x509/x509.h"

#define PKI_DAY 86400
#define PKI_LEAF_DAYS 365

typedef struct test_pki {
    char dir[64];
    bool tried, ok;
    bool no_openssl;          /* skipped because openssl is not installed */
    time_t made_at;           /* certificates are valid from about here */
} test_pki;

/* A path in the PKI directory, by value: pki_path(&pki, "root.pem").s */
typedef struct pki_path_buf {
    char s[160];
} pki_path_buf;

static inline pki_path_buf pki_path(const test_pki *p, const char *file)
{
    pki_path_buf b;
    snprintf(b.s, sizeof b.s, "%s/%s", p->dir, file);
    return b;
}

/* system(3) with printf-style arguments: the exit status, or -1. */
static inline int pki_run(const char *fmt, ...)
{
    char cmd[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(cmd, sizeof cmd, fmt, ap);
    va_end(ap);
    int status = system(cmd);
    return status == -1 ? -1 : WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static inline bool pki_have_openssl(void)
{
    return pki_run("openssl version >/dev/null 2>&1") == 0;
}

static const char *const pki_script_lines[] = {
    "set -e\n",
    "cd \"$1\"\n",
    "printf '[req]\\ndistinguished_name = dn\\n[dn]\\n' > min.cnf\n",
    "ec() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1.key; }\n",
    "ed() { openssl genpkey -algorithm ed25519 -out $1.key; }\n",
    "rsa() { openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out $1.key; }\n",
    /* root NAME CN DAYS [-addext ...]: self-signed */
    "root() { n=$1; cn=$2; d=$3; shift 3; openssl req -config min.cnf -x509 -new -key $n.key "
    "  -subj \"/CN=$cn\" -days $d \"$@\" -out $n.pem; }\n",
    /* issue NAME CA CN DAYS [options]: NAME.key certified by CA */
    "issue() { n=$1; ca=$2; cn=$3; d=$4; shift 4; openssl req -config min.cnf -x509 -new "
    "  -key $n.key -CA $ca.pem -CAkey $ca.key -subj \"/CN=$cn\" -days $d \"$@\" -out $n.pem; }\n",
    "CA='-addext basicConstraints=critical,CA:TRUE "
    "-addext keyUsage=critical,keyCertSign,cRLSign'\n",
    "SERVER='-addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature "
    "-addext subjectAltName=DNS:localhost,IP:127.0.0.1 -addext extendedKeyUsage=serverAuth'\n",
    "CLIENT='-addext basicConstraints=critical,CA:FALSE -addext keyUsage=critical,digitalSignature "
    "-addext subjectAltName=DNS:client.localhost -addext extendedKeyUsage=clientAuth'\n",
    "ec root; root root 'Test Root' 3650 $CA\n",
    "ec int; issue int root 'Test Intermediate' 3650 $CA\n",
    "rsa server_rsa; issue server_rsa int localhost 365 $SERVER\n",
    "ec server_ec; issue server_ec int localhost 365 $SERVER\n",
    "ed server_ed; issue server_ed int localhost 365 $SERVER\n",
    "rsa client_rsa; issue client_rsa int 'Test Client RSA' 365 $CLIENT\n",
    "ec client_ec; issue client_ec int 'Test Client EC' 365 $CLIENT\n",
    "ed client_ed; issue client_ed int 'Test Client Ed25519' 365 $CLIENT\n",
    "openssl rsa -in client_rsa.key -traditional -out client_rsa_pkcs1.key 2>/dev/null\n",
    "openssl ec -in client_ec.key -out client_ec_sec1.key 2>/dev/null\n",
    "ec other_root; root other_root 'Other Root' 3650 $CA\n",
    "ec other_client; issue other_client other_root 'Other Client' 365 $CLIENT\n",
    "ec leaf_by_leaf; issue leaf_by_leaf server_ec localhost 365 $SERVER\n",
    "ec int_pl0; issue int_pl0 root 'Pathlen Zero' 3650 "
    "  -addext basicConstraints=critical,CA:TRUE,pathlen:0 -addext keyUsage=critical,keyCertSign\n",
    "ec int_below; issue int_below int_pl0 'Below Pathlen Zero' 3650 $CA\n",
    "ec server_deep; issue server_deep int_below localhost 365 $SERVER\n",
    "ec server_crit; issue server_crit int localhost 365 $SERVER "
    "  -addext 1.2.3.4=critical,ASN1:NULL\n",
    "ec server_wild; issue server_wild int 'Wild' 365 "
    "  -addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=serverAuth "
    "  -addext 'subjectAltName=DNS:*.*.localhost,DNS:f*o.localhost,DNS:*.good.localhost'\n",
    "ec int_nc; issue int_nc root 'Constrained CA' 3650 $CA "
    "  -addext 'nameConstraints=permitted;DNS:example.com'\n",
    "ec server_nc; issue server_nc int_nc localhost 365 $SERVER\n",
    "for n in server_rsa server_ec server_ed client_rsa client_ec client_ed server_crit "
    "  server_wild; do cat $n.pem int.pem > ${n}_chain.pem; done\n",
    "cat server_nc.pem int_nc.pem > server_nc_chain.pem\n",
    "cat other_client.pem > other_client_chain.pem\n",
    "cat leaf_by_leaf.pem server_ec.pem int.pem > leaf_by_leaf_chain.pem\n",
    "cat server_deep.pem int_below.pem int_pl0.pem > server_deep_chain.pem\n",
    NULL
};

/* Makes the PKI (once; later calls return the first answer). false when
 * openssl is missing (p->no_openssl) or failed (its log goes to stderr). */
static inline bool pki_make(test_pki *p, const char *who)
{
    if (p->tried)
        return p->ok;
    p->tried = true;
    if (!pki_have_openssl()) {
        p->no_openssl = true;
        fprintf(stderr, "%s: openssl not found: the tests that need the test PKI are skipped\n",
                who);
        return false;
    }
    snprintf(p->dir, sizeof p->dir, "/tmp/tls13-pki-XXXXXX");
    if (mkdtemp(p->dir) == NULL) {
        p->dir[0] = '\0';
        return false;
    }
    pki_path_buf script = pki_path(p, "make.sh");
    FILE *f = fopen(script.s, "w");
    if (f == NULL)
        return false;
    for (size_t i = 0; pki_script_lines[i] != NULL; i++)
        fputs(pki_script_lines[i], f);
    fclose(f);
    p->made_at = time(NULL);
    int rc = pki_run("sh '%s' '%s' > '%s/make.log' 2>&1", script.s, p->dir, p->dir);
    if (rc != 0) {
        fprintf(stderr, "%s: making the test PKI failed (%d):\n", who, rc);
        pki_run("tail -20 '%s/make.log' >&2", p->dir);
        return false;
    }
    fprintf(stderr, "%s: test PKI made in %s (%lds)\n", who, p->dir,
            (long)(time(NULL) - p->made_at));
    p->ok = true;
    return true;
}

static inline void pki_remove(test_pki *p)
{
    if (p->dir[0] != '\0')
        pki_run("rm -rf '%s'", p->dir);
    p->dir[0] = '\0';
    p->ok = false;
}

/* Times relative to when the PKI was made: a leaf is valid from about
 * made_at through made_at + 365 days. */
static inline int64_t pki_after_leaves_expire(const test_pki *p)
{
    return (int64_t)p->made_at + (PKI_LEAF_DAYS + 30) * (int64_t)PKI_DAY;
}

static inline int64_t pki_before_anything_is_valid(const test_pki *p)
{
    return (int64_t)p->made_at - 30 * (int64_t)PKI_DAY;
}

#endif /* TLS13_TEST_PKI_HARNESS_H */
