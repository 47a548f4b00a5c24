/*
 * store.c — trust anchors: the certificates of a CA bundle, kept as DER
 * with the place of each one's subject Name and SubjectPublicKeyInfo (so
 * that chain building finds candidate issuers without parsing every anchor).
 *
 * An anchor is trusted by configuration (RFC 5280 §6.1.1 (d)): its own
 * signature is never checked. Anchors that x509_cert_parse refuses
 * (malformed, a key type we cannot use, a critical extension we do not
 * understand such as policyConstraints) are left out of a bundle and
 * counted.
 *
 * May touch: src/x509.
 */
#include "x509/verify.h"

#include <stdlib.h>
#include <string.h>

#include "x509/pem.h"

#define STORE_INITIAL_CAP 16

void x509_store_free(x509_store *store)
{
    if (store == NULL)
        return;
    for (size_t i = 0; i < store->count; i++)
        x509_der_free(&store->certs[i]);
    free(store->certs);
    free(store->index);
    memset(store, 0, sizeof *store);
}

static bool store_contains(const x509_store *store, const uint8_t *der, size_t len)
{
    for (size_t i = 0; i < store->count; i++) {
        if (store->certs[i].len == len && memcmp(store->certs[i].data, der, len) == 0)
            return true;
    }
    return false;
}

/* Room for one more anchor; both arrays grow together. */
static bool store_reserve(x509_store *store)
{
    if (store->count < store->cap)
        return true;
    size_t cap = store->cap == 0 ? STORE_INITIAL_CAP : store->cap * 2;
    x509_der *certs = realloc(store->certs, cap * sizeof *certs);
    if (certs == NULL)
        return false;
    store->certs = certs;
    x509_anchor_index *index = realloc(store->index, cap * sizeof *index);
    if (index == NULL)
        return false;
    store->index = index;
    store->cap = cap;
    return true;
}

/* A range of `from` moved to the same place in `to` (a copy of it). */
static x509_bytes rebase(x509_bytes range, const uint8_t *from, const uint8_t *to)
{
    x509_bytes b = { to + (range.data - from), range.len };
    return b;
}

tls13_error x509_store_add_der(x509_store *store, const uint8_t *der, size_t len)
{
    if (store == NULL || der == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    x509_cert *cert = malloc(sizeof *cert);
    if (cert == NULL)
        return TLS13_ERR_OUT_OF_MEMORY;
    tls13_error err = x509_cert_parse(der, len, cert);
    if (err == TLS13_OK && !store_contains(store, der, len)) {
        uint8_t *copy = malloc(len);
        if (copy == NULL || !store_reserve(store)) {
            free(copy);
            err = TLS13_ERR_OUT_OF_MEMORY;
        } else {
            memcpy(copy, der, len);
            x509_bytes spki = { cert->view.spki, cert->view.spki_len };
            store->certs[store->count].data = copy;
            store->certs[store->count].len = len;
            store->index[store->count].subject = rebase(cert->subject, der, copy);
            store->index[store->count].spki = rebase(spki, der, copy);
            store->count++;
        }
    }
    free(cert);
    return err;
}

/* Removes the anchors added after `count` (a failed load leaves the store
 * as it was). */
static void store_truncate(x509_store *store, size_t count)
{
    while (store->count > count)
        x509_der_free(&store->certs[--store->count]);
}

/* Adds one PEM block if it is a certificate; *found_cert says it was. */
static tls13_error add_block(x509_store *store, const pem_block *block, size_t *skipped,
                             bool *found_cert)
{
    if (strcmp(block->label, "CERTIFICATE") != 0)
        return TLS13_OK;
    *found_cert = true;
    tls13_error err = x509_store_add_der(store, block->der, block->len);
    if (err == TLS13_ERR_BAD_CERTIFICATE || err == TLS13_ERR_UNSUPPORTED_KEY ||
        err == TLS13_ERR_CERT_UNKNOWN_CRITICAL_EXTENSION) {
        (*skipped)++;
        return TLS13_OK;
    }
    return err;
}

static tls13_error load_text(x509_store *store, const char *text, size_t len, size_t *skipped)
{
    size_t pos = 0;
    bool found_cert = false;
    for (;;) {
        pem_block block;
        bool found;
        tls13_error err = pem_next_block(text, len, &pos, &block, &found);
        if (err == TLS13_OK && found)
            err = add_block(store, &block, skipped, &found_cert);
        pem_block_free(&block);
        if (err != TLS13_OK)
            return err;
        if (!found)
            return found_cert ? TLS13_OK : TLS13_ERR_PEM;
    }
}

tls13_error x509_store_load_file(x509_store *store, const char *path, size_t *skipped)
{
    size_t local_skipped = 0;
    char *text;
    size_t len;
    if (store == NULL || path == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = pem_read_file(path, &text, &len);
    if (err != TLS13_OK)
        return err;
    size_t before = store->count;
    err = load_text(store, text, len, &local_skipped);
    free(text);
    if (err != TLS13_OK)
        store_truncate(store, before);
    if (skipped != NULL)
        *skipped = err == TLS13_OK ? local_skipped : 0;
    return err;
}
