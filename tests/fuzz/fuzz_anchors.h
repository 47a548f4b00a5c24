/*
 * fuzz_anchors.h — the committed roots of tests/fuzz/pki, and one leaf, as DER
 * (fuzz_anchors.c).
 */
#ifndef TLS13_FUZZ_ANCHORS_H
#define TLS13_FUZZ_ANCHORS_H

#include <stddef.h>
#include <stdint.h>

typedef struct fuzz_der {
    const uint8_t *data;
    size_t len;
} fuzz_der;

#define FUZZ_ROOT_COUNT 4
extern const fuzz_der fuzz_roots[FUZZ_ROOT_COUNT];
/* leaf_p256: fuzz.example, *.wild.example, 127.0.0.1 and ::1, under the
 * P-256 intermediate. */
extern const fuzz_der fuzz_leaf;
/* The connection targets' certificate (self-signed Ed25519, fuzz.example)
 * and its private key (PKCS#8). */
extern const fuzz_der fuzz_server_certificate;
extern const fuzz_der fuzz_server_key;
/* The one key of the re-sign chain (resign_root, the last root, and the
 * certificates under it), PKCS#8: fuzz_x509 signs with it. */
extern const fuzz_der fuzz_resign_key;

#endif
