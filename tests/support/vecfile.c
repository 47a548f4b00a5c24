/*
 * vecfile.c — loader for the text vector files (see vecfile.h).
 */
#include "vecfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef VECTORS_DIR
#define VECTORS_DIR "vectors"
#endif

const char *vec_path(const char *relpath)
{
    static char path[4096];
    const char *dir = getenv("TLS13_VECTORS_DIR");
    if (relpath[0] == '/' || strncmp(relpath, "./", 2) == 0)
        return relpath; /* a path of the user's own */
    if (dir == NULL || dir[0] == '\0')
        dir = VECTORS_DIR;
    snprintf(path, sizeof path, "%s/%s", dir, relpath);
    return path;
}

static int hex_nibble(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

uint8_t *hex_decode(const char *hex, size_t *len)
{
    size_t n = strlen(hex);
    if (n % 2 != 0)
        return NULL;
    uint8_t *out = malloc(n / 2 + 1);
    if (out == NULL)
        return NULL;
    for (size_t i = 0; i < n / 2; i++) {
        int hi = hex_nibble(hex[2 * i]), lo = hex_nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) {
            free(out);
            return NULL;
        }
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    *len = n / 2;
    return out;
}

void hex_encode(const uint8_t *data, size_t len, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[data[i] >> 4];
        out[2 * i + 1] = digits[data[i] & 15];
    }
    out[2 * len] = '\0';
}

static void add_entry(vec_file *vf, const char *name, const char *hex, const char *path)
{
    vec_entry e;
    e.data = hex_decode(hex, &e.len);
    if (e.data == NULL || e.len == 0) {
        fprintf(stderr, "%s: bad hex for %s\n", path, name);
        abort();
    }
    e.name = strdup(name);
    vec_entry *grown = realloc(vf->entries, (vf->count + 1) * sizeof *grown);
    if (e.name == NULL || grown == NULL)
        abort();
    vf->entries = grown;
    vf->entries[vf->count++] = e;
}

int vec_load(vec_file *vf, const char *relpath)
{
    const char *path = vec_path(relpath);
    FILE *f = fopen(path, "r");
    memset(vf, 0, sizeof *vf);
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return -1;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;
    while ((got = getline(&line, &cap, f)) > 0) {
        if (line[got - 1] == '\n')
            line[--got] = '\0';
        if (got == 0 || line[0] == '#')
            continue;
        char *space = strchr(line, ' ');
        if (space == NULL) {
            fprintf(stderr, "%s: malformed line: %s\n", path, line);
            abort();
        }
        *space = '\0';
        add_entry(vf, line, space + 1, path);
    }
    free(line);
    fclose(f);
    return 0;
}

void vec_free(vec_file *vf)
{
    for (size_t i = 0; i < vf->count; i++) {
        free(vf->entries[i].name);
        free(vf->entries[i].data);
    }
    free(vf->entries);
    memset(vf, 0, sizeof *vf);
}

const vec_entry *vec_find(const vec_file *vf, const char *name)
{
    for (size_t i = 0; i < vf->count; i++) {
        if (strcmp(vf->entries[i].name, name) == 0)
            return &vf->entries[i];
    }
    return NULL;
}

const uint8_t *vec_get(const vec_file *vf, const char *name, size_t *len)
{
    const vec_entry *e = vec_find(vf, name);
    if (e == NULL) {
        /* A missing vector is a broken test: stop loudly (Check reports the
         * signal as an error of the running test). */
        fprintf(stderr, "vector %s is missing\n", name);
        abort();
    }
    if (len != NULL)
        *len = e->len;
    return e->data;
}
