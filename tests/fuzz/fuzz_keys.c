/*
 * fuzz_keys.c — key and PEM parsing (src/x509/keys.c, pem.c, cert.c).
 *
 * Input: anything, given whole to each reader: PEM private keys (PKCS#8,
 * "RSA PRIVATE KEY", "EC PRIVATE KEY"), DER private keys, a DER
 * SubjectPublicKeyInfo, a PEM certificate chain, a certificate's public key.
 * A private key that parses must sign, with a scheme that fits it, only
 * signatures its own public key verifies: a key whose parts do not belong
 * together must be refused, when it is read or when it signs, never used to
 * send a bad signature.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crypto/secure.h"
#include "crypto/sig.h"
#include "fuzz_common.h"
#include "x509/x509.h"

static const uint16_t schemes[] = {
    SIG_ED25519,
    SIG_ECDSA_SECP256R1_SHA256,
    SIG_ECDSA_SECP384R1_SHA384,
    SIG_RSA_PSS_RSAE_SHA256,
    SIG_RSA_PSS_PSS_SHA256,
    SIG_RSA_PSS_PSS_SHA384,
    SIG_RSA_PSS_PSS_SHA512,
};

static void check_private_key(const sig_private_key *key)
{
    static fuzz_rng rng_state = { 7, 0 };
    tls13_random_source rng = { fuzz_rng_fill, &rng_state };
    fuzz_rng_reset(&rng_state);
    for (size_t i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
        if (!sig_key_usable_in_certificate_verify(schemes[i], &key->pub))
            continue;
        static const uint8_t msg[] = "fuzz_keys: a message to sign";
        uint8_t sig[SIG_MAX_SIGNATURE_LEN];
        size_t sig_len = 0;
        if (sig_sign(key, schemes[i], msg, sizeof msg, &rng, sig, sizeof sig, &sig_len) !=
            TLS13_OK)
            return;
        if (sig_len > sizeof sig ||
            sig_verify(&key->pub, schemes[i], msg, sizeof msg, sig, sig_len) != TLS13_OK)
            abort();
        return;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (secure_init() != TLS13_OK)
        abort();
    const char *text = (const char *)data;
    sig_private_key key;
    tls13_error err[5];
    err[0] = x509_parse_private_key_pem(text, size, &key);
    if (err[0] == TLS13_OK)
        check_private_key(&key);
    sig_private_key_wipe(&key);
    err[1] = x509_parse_private_key_der(data, size, &key);
    if (err[1] == TLS13_OK)
        check_private_key(&key);
    sig_private_key_wipe(&key);

    sig_public_key pub;
    err[2] = x509_parse_public_key_der(data, size, &pub);
    if (err[2] == TLS13_OK && sig_public_key_check(&pub) != TLS13_OK)
        abort(); /* x509.h: unusable keys are refused */
    err[3] = x509_certificate_public_key(data, size, &pub);

    x509_chain chain;
    memset(&chain, 0, sizeof chain);
    err[4] = x509_parse_chain_pem(text, size, &chain);
    if (err[4] == TLS13_OK) {
        if (chain.count == 0 || chain.count > X509_MAX_CHAIN)
            abort();
        for (size_t i = 0; i < chain.count; i++)
            (void)fuzz_touch(chain.certs[i].data, chain.certs[i].len);
    }
    x509_chain_free(&chain);
    if (getenv("TLS13_FUZZ_VERBOSE") != NULL) {
        static const char *const what[5] = { "private PEM", "private DER", "public DER",
                                              "certificate key", "PEM chain" };
        for (size_t i = 0; i < 5; i++) {
            if (err[i] == TLS13_OK || err[i] == TLS13_ERR_UNSUPPORTED_KEY)
                fprintf(stderr, "%s: %s ", what[i], tls13_error_name(err[i]));
        }
        fprintf(stderr, "\n");
    }
    return 0;
}
