/*
 * keylog.c — the NSS key log format (SSLKEYLOGFILE), which Wireshark and
 * tshark read to decrypt captures: "<LABEL> <client_random hex> <secret hex>".
 * Labels for TLS 1.3: CLIENT_HANDSHAKE_TRAFFIC_SECRET,
 * SERVER_HANDSHAKE_TRAFFIC_SECRET, CLIENT_TRAFFIC_SECRET_0,
 * SERVER_TRAFFIC_SECRET_0, EXPORTER_SECRET.
 */
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "crypto/secure.h"

static void hex(char *out, const uint8_t *in, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = digits[in[i] >> 4];
        out[2 * i + 1] = digits[in[i] & 15];
    }
    out[2 * len] = '\0';
}

void keylog_secret(const struct tls13_config *cfg, const char *label,
                   const uint8_t client_random[32], const uint8_t *secret, size_t len)
{
    if (cfg->keylog == NULL && cfg->keylog_file == NULL)
        return;
    char random_hex[65], secret_hex[2 * 64 + 1], line[64 + 1 + 64 + 1 + 128 + 1];
    if (len > 64)
        return;
    hex(random_hex, client_random, 32);
    hex(secret_hex, secret, len);
    snprintf(line, sizeof line, "%s %s %s", label, random_hex, secret_hex);
    if (cfg->keylog != NULL)
        cfg->keylog(cfg->keylog_ctx, line);
    if (cfg->keylog_file != NULL) {
        fprintf(cfg->keylog_file, "%s\n", line);
        fflush(cfg->keylog_file);
    }
    secure_wipe(secret_hex, sizeof secret_hex);
    secure_wipe(line, sizeof line);
}

void tls13_config_set_keylog_callback(tls13_config *cfg, tls13_keylog_fn fn, void *ctx)
{
    cfg->keylog = fn;
    cfg->keylog_ctx = ctx;
}
