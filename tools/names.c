/*
 * names.c — code point → name tables for the tools (see names.h).
 * Names are the IANA registry's, as the RFCs spell them.
 */
#include "names.h"

#include <stddef.h>

typedef struct name_entry {
    uint16_t value;
    const char *name;
    const char *rfc;
} name_entry;

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const name_entry *lookup(const name_entry *table, size_t count, uint16_t value)
{
    for (size_t i = 0; i < count; i++)
        if (table[i].value == value)
            return &table[i];
    return NULL;
}

bool name_is_grease(uint16_t value)
{
    return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
}

static const name_entry cipher_suites[] = {
    {0x1301, "TLS_AES_128_GCM_SHA256", ""},
    {0x1302, "TLS_AES_256_GCM_SHA384", ""},
    {0x1303, "TLS_CHACHA20_POLY1305_SHA256", ""},
    {0x1304, "TLS_AES_128_CCM_SHA256", ""},
    {0x1305, "TLS_AES_128_CCM_8_SHA256", ""},
    {0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV", ""},
    {0x5600, "TLS_FALLBACK_SCSV", ""},
    /* TLS 1.2 suites a dual-version client offers too. */
    {0xc02b, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", ""},
    {0xc02c, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", ""},
    {0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", ""},
    {0xc030, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", ""},
    {0xcca8, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", ""},
    {0xcca9, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", ""},
    {0xccaa, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", ""},
    {0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", ""},
    {0x009f, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", ""},
    {0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256", ""},
    {0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384", ""},
    {0xc009, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", ""},
    {0xc00a, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", ""},
    {0xc013, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", ""},
    {0xc014, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", ""},
    {0xc023, "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", ""},
    {0xc024, "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", ""},
    {0xc027, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", ""},
    {0xc028, "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", ""},
    {0xc0ac, "TLS_ECDHE_ECDSA_WITH_AES_128_CCM", ""},
    {0xc0ad, "TLS_ECDHE_ECDSA_WITH_AES_256_CCM", ""},
    {0x0033, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", ""},
    {0x0039, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA", ""},
    {0x0067, "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", ""},
    {0x006b, "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", ""},
    {0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA", ""},
    {0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA", ""},
    {0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256", ""},
    {0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256", ""},
};

static const name_entry groups[] = {
    {0x0017, "secp256r1", ""},
    {0x0018, "secp384r1", ""},
    {0x0019, "secp521r1", ""},
    {0x001d, "x25519", ""},
    {0x001e, "x448", ""},
    {0x001a, "brainpoolP256r1", ""},
    {0x001b, "brainpoolP384r1", ""},
    {0x001c, "brainpoolP512r1", ""},
    {0x0100, "ffdhe2048", ""},
    {0x0101, "ffdhe3072", ""},
    {0x0102, "ffdhe4096", ""},
    {0x0103, "ffdhe6144", ""},
    {0x0104, "ffdhe8192", ""},
    {0x0200, "MLKEM512", ""},
    {0x0201, "MLKEM768", ""},
    {0x0202, "MLKEM1024", ""},
    {0x11eb, "SecP256r1MLKEM768", ""},
    {0x11ec, "X25519MLKEM768", ""},
    {0x11ed, "SecP384r1MLKEM1024", ""},
    {0x6399, "X25519Kyber768Draft00", ""},
};

static const name_entry signature_schemes[] = {
    {0x0401, "rsa_pkcs1_sha256", ""},
    {0x0501, "rsa_pkcs1_sha384", ""},
    {0x0601, "rsa_pkcs1_sha512", ""},
    {0x0403, "ecdsa_secp256r1_sha256", ""},
    {0x0503, "ecdsa_secp384r1_sha384", ""},
    {0x0603, "ecdsa_secp521r1_sha512", ""},
    {0x0804, "rsa_pss_rsae_sha256", ""},
    {0x0805, "rsa_pss_rsae_sha384", ""},
    {0x0806, "rsa_pss_rsae_sha512", ""},
    {0x0807, "ed25519", ""},
    {0x0808, "ed448", ""},
    {0x0809, "rsa_pss_pss_sha256", ""},
    {0x080a, "rsa_pss_pss_sha384", ""},
    {0x080b, "rsa_pss_pss_sha512", ""},
    {0x081a, "ecdsa_brainpoolP256r1tls13_sha256", ""},
    {0x081b, "ecdsa_brainpoolP384r1tls13_sha384", ""},
    {0x081c, "ecdsa_brainpoolP512r1tls13_sha512", ""},
    {0x0201, "rsa_pkcs1_sha1", ""},
    {0x0203, "ecdsa_sha1", ""},
    {0x0301, "rsa_pkcs1_sha224 (legacy)", ""},
    {0x0303, "ecdsa_sha224 (legacy)", ""},
    {0x0202, "dsa_sha1 (legacy)", ""},
    {0x0302, "dsa_sha224 (legacy)", ""},
    {0x0402, "dsa_sha256 (legacy)", ""},
    {0x0502, "dsa_sha384 (legacy)", ""},
    {0x0602, "dsa_sha512 (legacy)", ""},
};

static const name_entry extensions[] = {
    {0, "server_name", "RFC 6066 §3"},
    {1, "max_fragment_length", "RFC 6066 §4"},
    {5, "status_request", "RFC 6066 §8"},
    {10, "supported_groups", "RFC 9846 §4.3.7"},
    {11, "ec_point_formats", "RFC 8422 §5.1.2, TLS 1.2"},
    {13, "signature_algorithms", "RFC 9846 §4.3.3"},
    {14, "use_srtp", "RFC 5764"},
    {15, "heartbeat", "RFC 6520"},
    {16, "application_layer_protocol_negotiation", "RFC 7301 §3.1"},
    {18, "signed_certificate_timestamp", "RFC 6962"},
    {19, "client_certificate_type", "RFC 7250"},
    {20, "server_certificate_type", "RFC 7250"},
    {21, "padding", "RFC 7685"},
    {22, "encrypt_then_mac", "RFC 7366, TLS 1.2"},
    {23, "extended_master_secret", "RFC 7627, TLS 1.2"},
    {27, "compress_certificate", "RFC 8879"},
    {28, "record_size_limit", "RFC 8449"},
    {35, "session_ticket", "RFC 5077, TLS 1.2"},
    {41, "pre_shared_key", "RFC 9846 §4.3.11"},
    {42, "early_data", "RFC 9846 §4.3.10"},
    {43, "supported_versions", "RFC 9846 §4.3.1"},
    {44, "cookie", "RFC 9846 §4.3.2"},
    {45, "psk_key_exchange_modes", "RFC 9846 §4.3.9"},
    {47, "certificate_authorities", "RFC 9846 §4.3.4"},
    {48, "oid_filters", "RFC 9846 §4.3.5"},
    {49, "post_handshake_auth", "RFC 9846 §4.3.6"},
    {50, "signature_algorithms_cert", "RFC 9846 §4.3.3"},
    {51, "key_share", "RFC 9846 §4.3.8"},
    {57, "quic_transport_parameters", "RFC 9001"},
    {0x4469, "application_settings", "draft"},
    {0xfe0d, "encrypted_client_hello", "draft"},
    {0xff01, "renegotiation_info", "RFC 5746, TLS 1.2"},
};

static const name_entry handshake_types[] = {
    {1, "ClientHello", "RFC 9846 §4.2.2"},
    {2, "ServerHello", "RFC 9846 §4.2.3"},
    {4, "NewSessionTicket", "RFC 9846 §4.7.1"},
    {5, "EndOfEarlyData", "RFC 9846 §4.6"},
    {8, "EncryptedExtensions", "RFC 9846 §4.4.1"},
    {11, "Certificate", "RFC 9846 §4.5.1"},
    {13, "CertificateRequest", "RFC 9846 §4.4.2"},
    {15, "CertificateVerify", "RFC 9846 §4.5.2"},
    {20, "Finished", "RFC 9846 §4.5.3"},
    {24, "KeyUpdate", "RFC 9846 §4.7.3"},
    {254, "message_hash", "RFC 9846 §4.1"},
};

static const name_entry content_types[] = {
    {20, "change_cipher_spec", ""},
    {21, "alert", ""},
    {22, "handshake", ""},
    {23, "application_data", ""},
};

static const name_entry versions[] = {
    {0x0304, "TLS 1.3", ""},
    {0x0303, "TLS 1.2", ""},
    {0x0302, "TLS 1.1", ""},
    {0x0301, "TLS 1.0", ""},
    {0x0300, "SSL 3.0", ""},
};

static const name_entry psk_modes[] = {
    {0, "psk_ke", ""},
    {1, "psk_dhe_ke", ""},
};

static const char *name_of(const name_entry *table, size_t count, uint16_t value)
{
    const name_entry *e = lookup(table, count, value);
    if (e != NULL)
        return e->name;
    return name_is_grease(value) ? "GREASE" : "unknown";
}

const char *name_cipher_suite(uint16_t suite)
{
    return name_of(cipher_suites, COUNT(cipher_suites), suite);
}

const char *name_group(uint16_t group)
{
    return name_of(groups, COUNT(groups), group);
}

const char *name_signature_scheme(uint16_t scheme)
{
    return name_of(signature_schemes, COUNT(signature_schemes), scheme);
}

const char *name_extension(uint16_t type)
{
    return name_of(extensions, COUNT(extensions), type);
}

const char *name_extension_rfc(uint16_t type)
{
    const name_entry *e = lookup(extensions, COUNT(extensions), type);
    return e != NULL ? e->rfc : (name_is_grease(type) ? "RFC 8701" : "");
}

const char *name_handshake_type(uint8_t type)
{
    return name_of(handshake_types, COUNT(handshake_types), type);
}

const char *name_handshake_rfc(uint8_t type)
{
    const name_entry *e = lookup(handshake_types, COUNT(handshake_types), type);
    return e != NULL ? e->rfc : "RFC 9846 §4";
}

const char *name_content_type(uint8_t type)
{
    return name_of(content_types, COUNT(content_types), type);
}

const char *name_version(uint16_t version)
{
    return name_of(versions, COUNT(versions), version);
}

const char *name_psk_mode(uint8_t mode)
{
    return name_of(psk_modes, COUNT(psk_modes), mode);
}
