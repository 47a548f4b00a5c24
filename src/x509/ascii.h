/*
 * ascii.h — case-insensitive ASCII comparison, as DNS names are compared
 * (RFC 4343): shared by host-name matching and name constraints.
 */
#ifndef TLS13_X509_ASCII_H
#define TLS13_X509_ASCII_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

static inline uint8_t ascii_lower(uint8_t c)
{
    return c >= 'A' && c <= 'Z' ? (uint8_t)(c - 'A' + 'a') : c;
}

static inline bool ascii_equal_nocase(const uint8_t *a, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (ascii_lower(a[i]) != ascii_lower(b[i]))
            return false;
    }
    return true;
}

#endif /* TLS13_X509_ASCII_H */
