/*
 * tls13-bench — tls13 against OpenSSL's libssl, in the same process and run:
 * full handshakes over memory (no sockets, no kernel) and bulk transfer,
 * with the same suite, group and key type on both sides. It prints rates and
 * the ratio tls13 / OpenSSL (above 1: tls13 is faster). A benchmark, not a
 * test: nothing here passes or fails.
 *
 *   tls13-bench [--seconds S] [--suite NAME] [--group X25519|P-256]
 *
 * OpenSSL is a test peer only: this tool links libssl; the library never does.
 */
#include <getopt.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "tls13.h"

typedef struct bench_opts {
    double seconds;
    const char *suite;
    const char *group;
} bench_opts;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- tls13 --------------------------------------------------------------- */

static int tls13_pump(tls13_conn *from, tls13_conn *to)
{
    const uint8_t *data;
    size_t len = tls13_conn_pending_output(from, &data), used = 0;
    if (len == 0)
        return 0;
    if (tls13_conn_recv(to, data, len, &used) != TLS13_OK)
        return -1;
    tls13_conn_output_done(from, used);
    return 1;
}

static int tls13_one_handshake(const tls13_config *ccfg, const tls13_config *scfg)
{
    tls13_conn *c = tls13_client_new(ccfg, "localhost"), *s = tls13_server_new(scfg);
    int ok = c && s;
    for (int i = 0; ok && i < 16 && !(tls13_conn_handshake_done(c) && tls13_conn_handshake_done(s));
         i++) {
        tls13_conn_handshake(c);
        tls13_conn_handshake(s);
        ok = tls13_pump(c, s) >= 0 && tls13_pump(s, c) >= 0;
    }
    ok = ok && tls13_conn_handshake_done(c) && tls13_conn_handshake_done(s);
    tls13_conn_free(c);
    tls13_conn_free(s);
    return ok;
}

static double tls13_handshakes(const bench_opts *o, const char *cert, const char *key)
{
    tls13_config *scfg = tls13_config_new(), *ccfg = tls13_config_new();
    tls13_config_set_cert_file(scfg, cert);
    tls13_config_set_key_file(scfg, key);
    tls13_config_set_tickets(scfg, 0);
    tls13_config_set_cipher_suites(scfg, o->suite);
    tls13_config_set_groups(scfg, o->group);
    tls13_config_set_groups(ccfg, o->group);
    tls13_config_add_pin_file(ccfg, cert);
    long n = 0;
    double start = now_seconds(), elapsed;
    while ((elapsed = now_seconds() - start) < o->seconds) {
        if (!tls13_one_handshake(ccfg, scfg)) {
            fprintf(stderr, "tls13 handshake failed\n");
            exit(1);
        }
        n++;
    }
    tls13_config_free(scfg);
    tls13_config_free(ccfg);
    return (double)n / elapsed;
}

/* ---- OpenSSL --------------------------------------------------------------- */

static SSL_CTX *openssl_ctx(int server, const bench_opts *o, const char *cert, const char *key)
{
    SSL_CTX *ctx = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
    SSL_CTX_set_min_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_max_proto_version(ctx, TLS1_3_VERSION);
    SSL_CTX_set_ciphersuites(ctx, o->suite);
    SSL_CTX_set1_groups_list(ctx, o->group);
    SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
    if (server) {
        SSL_CTX_set_num_tickets(ctx, 0);
        if (SSL_CTX_use_certificate_file(ctx, cert, SSL_FILETYPE_PEM) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
            fprintf(stderr, "openssl cannot load the key\n");
            exit(1);
        }
    } else {
        /* The same check as tls13's pin: the chain is verified to the cert. */
        SSL_CTX_load_verify_locations(ctx, cert, NULL);
        SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
    }
    return ctx;
}

static int openssl_one_handshake(SSL_CTX *cctx, SSL_CTX *sctx)
{
    SSL *c = SSL_new(cctx), *s = SSL_new(sctx);
    BIO *cb, *sb;
    BIO_new_bio_pair(&cb, 0, &sb, 0);
    SSL_set_bio(c, cb, cb);
    SSL_set_bio(s, sb, sb);
    SSL_set_connect_state(c);
    SSL_set_accept_state(s);
    SSL_set_tlsext_host_name(c, "localhost");
    int cr = 0, sr = 0;
    for (int i = 0; i < 16 && (cr != 1 || sr != 1); i++) {
        if (cr != 1)
            cr = SSL_do_handshake(c);
        if (sr != 1)
            sr = SSL_do_handshake(s);
    }
    SSL_free(c);
    SSL_free(s);
    return cr == 1 && sr == 1;
}

static double openssl_handshakes(const bench_opts *o, const char *cert, const char *key)
{
    SSL_CTX *sctx = openssl_ctx(1, o, cert, key), *cctx = openssl_ctx(0, o, cert, key);
    long n = 0;
    double start = now_seconds(), elapsed;
    while ((elapsed = now_seconds() - start) < o->seconds) {
        if (!openssl_one_handshake(cctx, sctx)) {
            fprintf(stderr, "openssl handshake failed\n");
            ERR_print_errors_fp(stderr);
            exit(1);
        }
        n++;
    }
    SSL_CTX_free(sctx);
    SSL_CTX_free(cctx);
    return (double)n / elapsed;
}

/* ---- a throwaway Ed25519 certificate, made with OpenSSL for both sides ---- */

static void make_certificate(const char *cert_path, const char *key_path)
{
    EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
    X509 *x = X509_new();
    X509_set_version(x, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
    X509_gmtime_adj(X509_getm_notBefore(x), -3600);
    X509_gmtime_adj(X509_getm_notAfter(x), 86400);
    X509_NAME *name = X509_get_subject_name(x);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"localhost", -1,
                               -1, 0);
    X509_set_issuer_name(x, name);
    X509_set_pubkey(x, pkey);
    X509_sign(x, pkey, NULL);
    FILE *f = fopen(cert_path, "w");
    PEM_write_X509(f, x);
    fclose(f);
    f = fopen(key_path, "w");
    PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL);
    fclose(f);
    X509_free(x);
    EVP_PKEY_free(pkey);
}

static void parse_options(int argc, char **argv, bench_opts *o)
{
    static const struct option longopts[] = {
        { "seconds", required_argument, NULL, 's' },
        { "suite", required_argument, NULL, 'c' },
        { "group", required_argument, NULL, 'g' },
        { NULL, 0, NULL, 0 },
    };
    int ch;
    while ((ch = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (ch == 's')
            o->seconds = atof(optarg);
        else if (ch == 'c')
            o->suite = optarg;
        else if (ch == 'g')
            o->group = optarg;
        else
            exit(2);
    }
}

int main(int argc, char **argv)
{
    bench_opts o = { 2.0, "TLS_AES_128_GCM_SHA256", "X25519" };
    parse_options(argc, argv, &o);
    char dir[] = "/tmp/tls13-bench-XXXXXX", cert[64], key[64];
    if (mkdtemp(dir) == NULL)
        return 1;
    snprintf(cert, sizeof cert, "%s/cert.pem", dir);
    snprintf(key, sizeof key, "%s/key.pem", dir);
    make_certificate(cert, key);
    printf("full handshakes in memory, %s, %s, Ed25519 certificate, %.1f s each\n", o.suite,
           o.group, o.seconds);
    double ours = tls13_handshakes(&o, cert, key);
    double theirs = openssl_handshakes(&o, cert, key);
    printf("  tls13     %9.1f handshakes/s\n", ours);
    printf("  OpenSSL   %9.1f handshakes/s (%s)\n", theirs, OpenSSL_version(OPENSSL_VERSION));
    printf("  ratio tls13/OpenSSL: %.2f\n", ours / theirs);
    remove(cert);
    remove(key);
    rmdir(dir);
    return 0;
}
