/*
 * config.c — tls13_config: what a connection may negotiate and with what
 * credentials. Names follow OpenSSL's (-ciphersuites, -groups) so a user of
 * s_client / s_server can use the same lists.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "crypto/aead.h"
#include "crypto/kex.h"
#include "crypto/secure.h"
#include "x509/pem.h"

#define SYSTEM_CA_BUNDLE "/etc/ssl/certs/ca-certificates.crt"

tls13_config *tls13_config_new(void)
{
    if (secure_init() != TLS13_OK)
        return NULL;
    tls13_config *cfg = calloc(1, sizeof *cfg);
    if (cfg == NULL)
        return NULL;
    /* OpenSSL's default order for TLS 1.3 suites. */
    cfg->suites[0] = TLS13_AES_256_GCM_SHA384;
    cfg->suites[1] = TLS13_CHACHA20_POLY1305_SHA256;
    cfg->suites[2] = TLS13_AES_128_GCM_SHA256;
    cfg->suite_count = 3;
    cfg->groups[0] = TLS13_GROUP_X25519;
    cfg->groups[1] = TLS13_GROUP_SECP256R1;
    cfg->group_count = 2;
    cfg->tickets = 2;
    cfg->ticket_lifetime = 7200;
    /* Verification on by default: the system's trust anchors, if any. */
    size_t skipped;
    if (access(SYSTEM_CA_BUNDLE, R_OK) == 0)
        (void)x509_store_load_file(&cfg->anchors, SYSTEM_CA_BUNDLE, &skipped);
    return cfg;
}

void tls13_config_free(tls13_config *cfg)
{
    if (cfg == NULL)
        return;
    x509_chain_free(&cfg->chain);
    sig_private_key_wipe(&cfg->key);
    x509_store_free(&cfg->anchors);
    x509_store_free(&cfg->client_anchors);
    for (size_t i = 0; i < cfg->pin_count; i++)
        free(cfg->pins[i].data);
    if (cfg->keylog_file != NULL)
        fclose(cfg->keylog_file);
    secure_wipe(cfg, sizeof *cfg);
    free(cfg);
}

/* Calls each(name, ctx) for every item of a list separated by sep. */
static tls13_error for_each_item(const char *list, char sep,
                                 tls13_error (*each)(const char *name, void *ctx), void *ctx)
{
    char item[256];
    const char *p = list;
    while (*p != '\0') {
        const char *end = strchr(p, sep);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == 0 || n >= sizeof item)
            return TLS13_ERR_INVALID_ARGUMENT;
        memcpy(item, p, n);
        item[n] = '\0';
        tls13_error err = each(item, ctx);
        if (err != TLS13_OK)
            return err;
        p += n;
        if (*p == sep)
            p++;
    }
    return TLS13_OK;
}

static tls13_error add_suite(const char *name, void *ctx)
{
    tls13_config *cfg = ctx;
    static const uint16_t codes[] = { TLS13_AES_128_GCM_SHA256, TLS13_AES_256_GCM_SHA384,
                                      TLS13_CHACHA20_POLY1305_SHA256 };
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        const cipher_suite_info *info = cipher_suite_lookup(codes[i]);
        if (strcmp(info->name, name) != 0)
            continue;
        for (size_t j = 0; j < cfg->suite_count; j++) {
            if (cfg->suites[j] == codes[i])
                return TLS13_ERR_INVALID_ARGUMENT; /* listed twice */
        }
        cfg->suites[cfg->suite_count++] = codes[i];
        return TLS13_OK;
    }
    return TLS13_ERR_UNSUPPORTED_CIPHER_SUITE;
}

/* Replaces a code list (suites or groups) from a ':'-separated string of
 * names; on any error the old list stays. */
static tls13_error replace_code_list(tls13_config *cfg, const char *list, uint16_t *codes,
                                     size_t *count, size_t cap,
                                     tls13_error (*add)(const char *, void *))
{
    uint16_t saved[CONFIG_MAX_SUITES > CONFIG_MAX_GROUPS ? CONFIG_MAX_SUITES : CONFIG_MAX_GROUPS];
    size_t saved_count = *count;
    memcpy(saved, codes, cap * sizeof *codes);
    *count = 0;
    tls13_error err = for_each_item(list, ':', add, cfg);
    if (err == TLS13_OK && *count == 0)
        err = TLS13_ERR_INVALID_ARGUMENT;
    if (err != TLS13_OK) {
        memcpy(codes, saved, cap * sizeof *codes);
        *count = saved_count;
    }
    return err;
}

tls13_error tls13_config_set_cipher_suites(tls13_config *cfg, const char *list)
{
    return replace_code_list(cfg, list, cfg->suites, &cfg->suite_count, CONFIG_MAX_SUITES,
                             add_suite);
}

static uint16_t group_by_name(const char *name)
{
    if (strcasecmp(name, "X25519") == 0)
        return TLS13_GROUP_X25519;
    if (strcasecmp(name, "P-256") == 0 || strcasecmp(name, "secp256r1") == 0 ||
        strcasecmp(name, "prime256v1") == 0)
        return TLS13_GROUP_SECP256R1;
    return 0;
}

static tls13_error add_group(const char *name, void *ctx)
{
    tls13_config *cfg = ctx;
    uint16_t g = group_by_name(name);
    if (g == 0)
        return TLS13_ERR_UNSUPPORTED_GROUP;
    for (size_t j = 0; j < cfg->group_count; j++) {
        if (cfg->groups[j] == g)
            return TLS13_ERR_INVALID_ARGUMENT;
    }
    cfg->groups[cfg->group_count++] = g;
    return TLS13_OK;
}

tls13_error tls13_config_set_groups(tls13_config *cfg, const char *list)
{
    return replace_code_list(cfg, list, cfg->groups, &cfg->group_count, CONFIG_MAX_GROUPS,
                             add_group);
}

static tls13_error add_alpn(const char *name, void *ctx)
{
    tls13_config *cfg = ctx;
    size_t n = strlen(name);
    if (cfg->alpn_count == CONFIG_MAX_ALPN || n == 0 || n > 255)
        return TLS13_ERR_INVALID_ARGUMENT;
    memcpy(cfg->alpn_names[cfg->alpn_count], name, n);
    cfg->alpn[cfg->alpn_count].data = (const uint8_t *)cfg->alpn_names[cfg->alpn_count];
    cfg->alpn[cfg->alpn_count].len = n;
    cfg->alpn_count++;
    return TLS13_OK;
}

tls13_error tls13_config_set_alpn(tls13_config *cfg, const char *list)
{
    cfg->alpn_count = 0;
    tls13_error err = for_each_item(list, ',', add_alpn, cfg);
    if (err != TLS13_OK)
        cfg->alpn_count = 0;
    return err;
}

tls13_error tls13_config_set_cert_file(tls13_config *cfg, const char *path)
{
    x509_chain chain = { 0 };
    tls13_error err = x509_load_chain_pem(path, &chain);
    if (err != TLS13_OK)
        return err;
    x509_chain_free(&cfg->chain);
    cfg->chain = chain;
    return TLS13_OK;
}

tls13_error tls13_config_set_cert_pem(tls13_config *cfg, const char *pem, size_t len)
{
    x509_chain chain = { 0 };
    tls13_error err = x509_parse_chain_pem(pem, len, &chain);
    if (err != TLS13_OK)
        return err;
    x509_chain_free(&cfg->chain);
    cfg->chain = chain;
    return TLS13_OK;
}

tls13_error tls13_config_set_key_file(tls13_config *cfg, const char *path)
{
    sig_private_key key;
    tls13_error err = x509_load_private_key_pem(path, &key);
    if (err == TLS13_OK) {
        sig_private_key_wipe(&cfg->key);
        cfg->key = key;
        cfg->has_key = true;
    }
    sig_private_key_wipe(&key);
    return err;
}

tls13_error tls13_config_set_key_pem(tls13_config *cfg, const char *pem, size_t len)
{
    sig_private_key key;
    tls13_error err = x509_parse_private_key_pem(pem, len, &key);
    if (err == TLS13_OK) {
        sig_private_key_wipe(&cfg->key);
        cfg->key = key;
        cfg->has_key = true;
    }
    sig_private_key_wipe(&key);
    return err;
}

tls13_error tls13_config_use_self_signed(tls13_config *cfg, const char *name,
                                         uint8_t fingerprint[32])
{
    sig_private_key key;
    x509_der der = { 0 };
    tls13_error err = sig_ed25519_generate(&key, &cfg->rng);
    /* Valid from an hour ago (clock skew) for 30 days. */
    if (err == TLS13_OK)
        err = x509_make_self_signed(&key, name, (int64_t)time(NULL) - 3600, 30, &der);
    if (err != TLS13_OK) {
        sig_private_key_wipe(&key);
        return err;
    }
    x509_chain_free(&cfg->chain);
    cfg->chain.certs[0] = der;
    cfg->chain.count = 1;
    sig_private_key_wipe(&cfg->key);
    cfg->key = key;
    cfg->has_key = true;
    sig_private_key_wipe(&key);
    if (fingerprint != NULL)
        x509_fingerprint_sha256(der.data, der.len, fingerprint);
    return TLS13_OK;
}

/* The first "PUBLIC KEY" block (a SubjectPublicKeyInfo) of a PEM file. */
static tls13_error load_public_key_pem(const char *path, sig_public_key *key)
{
    char *text;
    size_t len, pos = 0;
    tls13_error err = pem_read_file(path, &text, &len);
    if (err != TLS13_OK)
        return err;
    for (;;) {
        pem_block block;
        bool found;
        err = pem_next_block(text, len, &pos, &block, &found);
        if (err == TLS13_OK && !found)
            err = TLS13_ERR_PEM;
        bool is_key = err == TLS13_OK && strcmp(block.label, "PUBLIC KEY") == 0;
        if (is_key)
            err = x509_parse_public_key_der(block.der, block.len, key);
        pem_block_free(&block);
        if (err != TLS13_OK || is_key)
            break;
    }
    free(text);
    return err;
}

/* A pin is a certificate (compared whole) or a public key (compared with the
 * leaf's subjectPublicKeyInfo key). */
tls13_error tls13_config_add_pin_file(tls13_config *cfg, const char *path)
{
    if (cfg->pin_count == CONFIG_MAX_PINS)
        return TLS13_ERR_INVALID_ARGUMENT;
    x509_chain chain = { 0 };
    tls13_error err = x509_load_chain_pem(path, &chain);
    if (err == TLS13_ERR_PEM) {
        /* No CERTIFICATE block: a PUBLIC KEY pin (no certificate to compare). */
        err = load_public_key_pem(path, &cfg->pin_keys[cfg->pin_count]);
        if (err == TLS13_OK)
            cfg->pin_count++;
        return err;
    }
    if (err != TLS13_OK)
        return err;
    x509_der *pin = &cfg->pins[cfg->pin_count];
    err = x509_certificate_public_key(chain.certs[0].data, chain.certs[0].len,
                                      &cfg->pin_keys[cfg->pin_count]);
    if (err == TLS13_OK) {
        *pin = chain.certs[0];
        chain.certs[0].data = NULL;
        cfg->pin_count++;
    }
    x509_chain_free(&chain);
    return err;
}

void tls13_config_insecure_noverifycert(tls13_config *cfg)
{
    cfg->insecure_noverifycert = true;
}

void tls13_config_set_random(tls13_config *cfg, tls13_random_source rng)
{
    cfg->rng = rng;
}

tls13_error tls13_config_set_tickets(tls13_config *cfg, unsigned count)
{
    if (count > CONFIG_MAX_TICKETS)
        return TLS13_ERR_INVALID_ARGUMENT;
    cfg->tickets = count;
    return TLS13_OK;
}

tls13_error tls13_config_set_keylog_file(tls13_config *cfg, const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd < 0)
        return TLS13_ERR_INVALID_ARGUMENT;
    FILE *f = fdopen(fd, "a");
    if (f == NULL) {
        close(fd);
        return TLS13_ERR_OUT_OF_MEMORY;
    }
    if (cfg->keylog_file != NULL)
        fclose(cfg->keylog_file);
    cfg->keylog_file = f;
    return TLS13_OK;
}

void tls13_config_set_event_callback(tls13_config *cfg, tls13_event_fn fn, void *ctx)
{
    cfg->event = fn;
    cfg->event_ctx = ctx;
}

/* Loads a CA bundle into a fresh store; the old one stays on failure. */
static tls13_error replace_store(x509_store *store, const char *path)
{
    x509_store fresh = { 0 };
    size_t skipped = 0;
    tls13_error err = x509_store_load_file(&fresh, path, &skipped);
    if (err == TLS13_OK && fresh.count == 0)
        err = TLS13_ERR_PEM;
    if (err != TLS13_OK) {
        x509_store_free(&fresh);
        return err;
    }
    x509_store_free(store);
    *store = fresh;
    return TLS13_OK;
}

tls13_error tls13_config_set_ca_file(tls13_config *cfg, const char *path)
{
    return replace_store(&cfg->anchors, path);
}

tls13_error tls13_config_set_verify_client_file(tls13_config *cfg, const char *path)
{
    tls13_error err = replace_store(&cfg->client_anchors, path);
    if (err == TLS13_OK)
        cfg->verify_client = true;
    return err;
}

void tls13_config_require_client_cert(tls13_config *cfg)
{
    cfg->require_client_cert = true;
}

void tls13_config_set_time(tls13_config *cfg, tls13_time_fn now, void *ctx)
{
    cfg->now = now;
    cfg->now_ctx = ctx;
}

int64_t config_now(const struct tls13_config *cfg)
{
    if (cfg->now != NULL)
        return cfg->now(cfg->now_ctx);
    return (int64_t)time(NULL);
}

/* Checked when used, not when set: a new certificate and key may be set in
 * either order. */
tls13_error tls13_config_check_credentials(const tls13_config *cfg)
{
    if (!cfg->has_key || cfg->chain.count == 0)
        return TLS13_ERR_NO_CERTIFICATE_CONFIGURED;
    sig_public_key leaf;
    tls13_error err = x509_certificate_public_key(cfg->chain.certs[0].data,
                                                  cfg->chain.certs[0].len, &leaf);
    if (err != TLS13_OK)
        return err;
    return sig_public_key_equal(&leaf, &cfg->key.pub) ? TLS13_OK
                                                      : TLS13_ERR_KEY_DOES_NOT_MATCH_CERTIFICATE;
}
