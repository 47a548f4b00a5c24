/*
 * vecfile.h — reads the text vector files in vectors/ (format in
 * vectors/README.md: "<name> <lowercase hex>" lines, '#' comments).
 */
#ifndef TLS13_TEST_VECFILE_H
#define TLS13_TEST_VECFILE_H

#include <stddef.h>
#include <stdint.h>

typedef struct vec_entry {
    char *name;
    uint8_t *data;
    size_t len;
} vec_entry;

typedef struct vec_file {
    vec_entry *entries;
    size_t count;
} vec_file;

/* Loads vectors/<relpath> (the vectors directory is VECTORS_DIR, set by the
 * build, or $TLS13_VECTORS_DIR). Returns 0 on success; aborts the process with
 * a message on a malformed file. */
int vec_load(vec_file *vf, const char *relpath);
void vec_free(vec_file *vf);
/* NULL when the name is absent. */
const vec_entry *vec_find(const vec_file *vf, const char *name);
/* Like vec_find but aborts (failing the running test) when the name is absent. */
const uint8_t *vec_get(const vec_file *vf, const char *name, size_t *len);
/* The full path of a file under the vectors directory (static buffer). */
const char *vec_path(const char *relpath);

/* Hex helpers for tests. hex_decode returns a malloc'd buffer (free it), or
 * NULL on bad hex; *len is set. hex_encode writes 2*len+1 chars. */
uint8_t *hex_decode(const char *hex, size_t *len);
void hex_encode(const uint8_t *data, size_t len, char *out);

#endif
