/*
 * pem.c — PEM armor (RFC 7468) and our own base64 (RFC 4648 §4; base64 is an
 * encoding, not a crypto primitive, so it lives here rather than in a
 * library).
 *
 * Strict on purpose (RFC 7468 §3 "strict" grammar): a block is a BEGIN line,
 * lines of base64 characters only, and an END line with the same label.
 * Lines end in LF or CRLF. No blank lines, spaces, tabs or headers
 * ("Proc-Type:" marks an encrypted legacy key, which we do not read) inside a
 * block. Text outside blocks is ignored (RFC 7468 §5.2 explanatory text).
 *
 * May touch: libc, src/crypto/secure.h (wiping).
 */
#include "x509/pem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "crypto/secure.h"
#include "x509/x509.h"

static const char pem_begin[] = "-----BEGIN ";
static const char pem_end[] = "-----END ";
static const char pem_dashes[] = "-----";
#define LIT_LEN(s) (sizeof(s) - 1)

#define PEM_LINE_CHARS 64   /* RFC 7468 §2: generators wrap at 64 characters */

/* ------------------------------------------------------------------------ */
/* base64                                                                   */
/* ------------------------------------------------------------------------ */

static const char base64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static int base64_value(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

/* Number of '=' ending the final quantum (RFC 4648 §4): 0, 1 or 2. */
static size_t base64_padding(const char *quantum)
{
    if (quantum[3] != '=')
        return 0;
    return quantum[2] == '=' ? 2 : 1;
}

/* One 4-character quantum into 3 - pad bytes. RFC 4648 §3.5: the pad bits
 * must be zero, so every byte string has exactly one encoding. */
static bool base64_quantum(const char *q, size_t pad, uint8_t *out)
{
    uint32_t v = 0;
    for (size_t j = 0; j < 4; j++) {
        int d = j >= 4 - pad ? 0 : base64_value(q[j]);
        if (d < 0)
            return false;
        v = (v << 6) | (uint32_t)d;
    }
    if ((pad == 1 && (v & 0xff) != 0) || (pad == 2 && (v & 0xffff) != 0))
        return false;
    out[0] = (uint8_t)(v >> 16);
    if (pad < 2)
        out[1] = (uint8_t)(v >> 8);
    if (pad < 1)
        out[2] = (uint8_t)v;
    return true;
}

bool base64_decode(const char *in, size_t len, uint8_t *out, size_t *out_len)
{
    if (len % 4 != 0)
        return false;
    size_t o = 0;
    for (size_t i = 0; i < len; i += 4) {
        size_t pad = i + 4 == len ? base64_padding(in + i) : 0;
        if (!base64_quantum(in + i, pad, out + o))
            return false;
        o += 3 - pad;
    }
    *out_len = o;
    return true;
}

void base64_encode(const uint8_t *in, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        size_t n = len - i < 3 ? len - i : 3;
        uint32_t v = (uint32_t)in[i] << 16;
        if (n > 1)
            v |= (uint32_t)in[i + 1] << 8;
        if (n > 2)
            v |= in[i + 2];
        out[o++] = base64_alphabet[(v >> 18) & 0x3f];
        out[o++] = base64_alphabet[(v >> 12) & 0x3f];
        out[o++] = n > 1 ? base64_alphabet[(v >> 6) & 0x3f] : '=';
        out[o++] = n > 2 ? base64_alphabet[v & 0x3f] : '=';
    }
}

/* ------------------------------------------------------------------------ */
/* Lines and labels                                                         */
/* ------------------------------------------------------------------------ */

/* The line starting at pos: [pos, *end) without its LF or CRLF; *next is
 * where the following line starts (len at the end of the text). */
static void line_span(const char *text, size_t len, size_t pos, size_t *end, size_t *next)
{
    size_t e = pos;
    while (e < len && text[e] != '\n')
        e++;
    *next = e < len ? e + 1 : len;
    if (e > pos && e < len && text[e - 1] == '\r')
        e--;
    *end = e;
}

static bool starts_with(const char *s, size_t len, const char *prefix, size_t prefix_len)
{
    return len >= prefix_len && memcmp(s, prefix, prefix_len) == 0;
}

/* RFC 7468 §3 labels; we accept the ones in use: A-Z, 0-9 and single
 * inner spaces ("RSA PRIVATE KEY"). */
static bool label_valid(const char *label, size_t len)
{
    if (len == 0 || len >= PEM_MAX_LABEL || label[0] == ' ' || label[len - 1] == ' ')
        return false;
    for (size_t i = 0; i < len; i++) {
        char c = label[i];
        bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  (c == ' ' && label[i - 1] != ' ');
        if (!ok)
            return false;
    }
    return true;
}

/* "-----BEGIN <label>-----": copies the label out. */
static bool parse_begin_line(const char *line, size_t len, char label[PEM_MAX_LABEL])
{
    if (!starts_with(line, len, pem_begin, LIT_LEN(pem_begin)) ||
        len < LIT_LEN(pem_begin) + LIT_LEN(pem_dashes) ||
        memcmp(line + len - LIT_LEN(pem_dashes), pem_dashes, LIT_LEN(pem_dashes)) != 0)
        return false;
    size_t label_len = len - LIT_LEN(pem_begin) - LIT_LEN(pem_dashes);
    if (!label_valid(line + LIT_LEN(pem_begin), label_len))
        return false;
    memcpy(label, line + LIT_LEN(pem_begin), label_len);
    label[label_len] = '\0';
    return true;
}

/* "-----END <label>-----" with the BEGIN line's label (RFC 7468 §2). */
static bool is_end_line(const char *line, size_t len, const char *label)
{
    size_t label_len = strlen(label);
    return len == LIT_LEN(pem_end) + label_len + LIT_LEN(pem_dashes) &&
           starts_with(line, len, pem_end, LIT_LEN(pem_end)) &&
           memcmp(line + LIT_LEN(pem_end), label, label_len) == 0 &&
           memcmp(line + len - LIT_LEN(pem_dashes), pem_dashes, LIT_LEN(pem_dashes)) == 0;
}

static bool line_is_base64(const char *line, size_t len)
{
    if (len == 0)
        return false;
    for (size_t i = 0; i < len; i++) {
        if (base64_value(line[i]) < 0 && line[i] != '=')
            return false;
    }
    return true;
}

/* ------------------------------------------------------------------------ */
/* Blocks                                                                   */
/* ------------------------------------------------------------------------ */

/* Gathers the base64 lines after the BEGIN line into chars (room for
 * len - pos bytes) up to the matching END line; *pos moves past it. */
static bool gather_body(const char *text, size_t len, size_t *pos, const char *label,
                        char *chars, size_t *count)
{
    size_t p = *pos, n = 0;
    while (p < len) {
        size_t end, next;
        line_span(text, len, p, &end, &next);
        if (is_end_line(text + p, end - p, label)) {
            *pos = next;
            *count = n;
            return true;
        }
        if (!line_is_base64(text + p, end - p))
            return false;
        memcpy(chars + n, text + p, end - p);
        n += end - p;
        p = next;
    }
    return false;                         /* no END line */
}

static tls13_error decode_body(const char *text, size_t len, size_t *pos, pem_block *block)
{
    size_t room = len - *pos + 1, count = 0;
    char *chars = malloc(room);
    block->der = malloc(room);
    tls13_error err = TLS13_OK;
    if (chars == NULL || block->der == NULL)
        err = TLS13_ERR_OUT_OF_MEMORY;
    else if (!gather_body(text, len, pos, block->label, chars, &count) ||
             !base64_decode(chars, count, block->der, &block->len) || block->len == 0)
        err = TLS13_ERR_PEM;
    if (chars != NULL)
        secure_wipe(chars, room);
    free(chars);
    if (err != TLS13_OK) {
        if (block->der != NULL)
            secure_wipe(block->der, room);
        free(block->der);
        block->der = NULL;
        block->len = 0;
    }
    return err;
}

tls13_error pem_next_block(const char *text, size_t len, size_t *pos,
                           pem_block *block, bool *found)
{
    memset(block, 0, sizeof *block);
    *found = false;
    size_t p = *pos;
    while (p < len) {
        size_t end, next;
        line_span(text, len, p, &end, &next);
        if (starts_with(text + p, end - p, pem_begin, LIT_LEN(pem_begin))) {
            if (!parse_begin_line(text + p, end - p, block->label))
                return TLS13_ERR_PEM;
            *pos = next;
            *found = true;
            return decode_body(text, len, pos, block);
        }
        p = next;
    }
    *pos = len;
    return TLS13_OK;
}

void pem_block_free(pem_block *block)
{
    if (block == NULL)
        return;
    if (block->der != NULL)
        secure_wipe(block->der, block->len);
    free(block->der);
    block->der = NULL;
    block->len = 0;
}

/* ------------------------------------------------------------------------ */
/* Encoding and files                                                       */
/* ------------------------------------------------------------------------ */

/* Appends s (n bytes) at *o. */
static void put(char *out, size_t *o, const char *s, size_t n)
{
    memcpy(out + *o, s, n);
    *o += n;
}

tls13_error x509_pem_encode(const char *label, const uint8_t *der, size_t len,
                            char **out, size_t *out_len)
{
    if (label == NULL || der == NULL || len == 0 || out == NULL || out_len == NULL ||
        !label_valid(label, strlen(label)) || len > PEM_MAX_FILE)
        return TLS13_ERR_INVALID_ARGUMENT;
    size_t label_len = strlen(label), b64_len = 4 * ((len + 2) / 3);
    size_t lines = (b64_len + PEM_LINE_CHARS - 1) / PEM_LINE_CHARS;
    size_t cap = LIT_LEN(pem_begin) + LIT_LEN(pem_end) + 2 * (label_len + LIT_LEN(pem_dashes) + 1) +
                 b64_len + lines + 1;
    char *b64 = malloc(b64_len);
    char *text = malloc(cap);
    if (b64 == NULL || text == NULL) {
        free(b64);
        free(text);
        return TLS13_ERR_OUT_OF_MEMORY;
    }
    base64_encode(der, len, b64);
    size_t o = 0;
    put(text, &o, pem_begin, LIT_LEN(pem_begin));
    put(text, &o, label, label_len);
    put(text, &o, "-----\n", 6);
    for (size_t i = 0; i < b64_len; i += PEM_LINE_CHARS) {
        size_t n = b64_len - i < PEM_LINE_CHARS ? b64_len - i : PEM_LINE_CHARS;
        put(text, &o, b64 + i, n);
        put(text, &o, "\n", 1);
    }
    put(text, &o, pem_end, LIT_LEN(pem_end));
    put(text, &o, label, label_len);
    put(text, &o, "-----\n", 6);
    text[o] = '\0';
    secure_wipe(b64, b64_len);
    free(b64);
    *out = text;
    *out_len = o;
    return TLS13_OK;
}

static tls13_error read_all(FILE *f, char **text, size_t *len)
{
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 0 ||
        st.st_size > PEM_MAX_FILE)
        return TLS13_ERR_FILE_READ;
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    if (buf == NULL)
        return TLS13_ERR_OUT_OF_MEMORY;
    if (fread(buf, 1, size, f) != size || fgetc(f) != EOF) {
        secure_wipe(buf, size + 1);
        free(buf);
        return TLS13_ERR_FILE_READ;
    }
    buf[size] = '\0';
    *text = buf;
    *len = size;
    return TLS13_OK;
}

tls13_error pem_read_file(const char *path, char **text, size_t *len)
{
    if (path == NULL || text == NULL || len == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return TLS13_ERR_FILE_READ;
    tls13_error err = read_all(f, text, len);
    fclose(f);
    return err;
}
