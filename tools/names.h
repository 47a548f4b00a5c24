/*
 * names.h — names of TLS code points for the tools' teaching output
 * (--explain): cipher suites, groups, signature schemes, extensions,
 * handshake and content types, protocol versions, PSK modes.
 *
 * These tables name what a peer may send, not only what libtls13 supports:
 * a ClientHello from OpenSSL or GnuTLS offers TLS 1.2 suites, x448, ed448,
 * GREASE values (RFC 8701) and more, and the explain view shows them all.
 * Every function returns a static string; an unknown value gives "unknown".
 */
#ifndef TLS13_TOOLS_NAMES_H
#define TLS13_TOOLS_NAMES_H

#include <stdbool.h>
#include <stdint.h>

/* RFC 8701: 0x0a0a, 0x1a1a, ..., 0xfafa. */
bool name_is_grease(uint16_t value);

const char *name_cipher_suite(uint16_t suite);
const char *name_group(uint16_t group);
const char *name_signature_scheme(uint16_t scheme);
const char *name_extension(uint16_t type);
/* Where the extension is defined ("RFC 9846 §4.3.8"), "" if unknown. */
const char *name_extension_rfc(uint16_t type);
const char *name_handshake_type(uint8_t type);
/* Where the message is defined ("RFC 9846 §4.2.2"). */
const char *name_handshake_rfc(uint8_t type);
const char *name_content_type(uint8_t type);
const char *name_version(uint16_t version);
const char *name_psk_mode(uint8_t mode);

#endif /* TLS13_TOOLS_NAMES_H */
