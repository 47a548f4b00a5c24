/*
 * pem.h — PEM armor (RFC 7468) and base64 (RFC 4648 §4). Internal to
 * src/x509; the public entry points are in x509.h.
 */
#ifndef TLS13_X509_PEM_H
#define TLS13_X509_PEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tls13.h"

#define PEM_MAX_LABEL 48
#define PEM_MAX_FILE (1024 * 1024)

/* One decoded block. der is malloc'd; pem_block_free wipes it (it may be a
 * private key) and frees it. */
typedef struct pem_block {
    char label[PEM_MAX_LABEL];
    uint8_t *der;
    size_t len;
} pem_block;

/* Finds the next block at or after *pos and decodes it; *pos moves past its
 * END line. *found is false (and TLS13_OK returned) when no BEGIN line is
 * left. A malformed block is TLS13_ERR_PEM. */
tls13_error pem_next_block(const char *text, size_t len, size_t *pos,
                           pem_block *block, bool *found);
void pem_block_free(pem_block *block);

/* Strict base64 (RFC 4648 §4): the standard alphabet, padding to a multiple
 * of 4, zero pad bits (§3.5). out needs room for 3 * len / 4 bytes. */
bool base64_decode(const char *in, size_t len, uint8_t *out, size_t *out_len);
/* Writes 4 * ceil(len / 3) characters (no NUL). */
void base64_encode(const uint8_t *in, size_t len, char *out);

/* Reads a whole file (at most PEM_MAX_FILE bytes) into a malloc'd,
 * NUL-terminated buffer. The caller wipes and frees it. */
tls13_error pem_read_file(const char *path, char **text, size_t *len);

#endif /* TLS13_X509_PEM_H */
