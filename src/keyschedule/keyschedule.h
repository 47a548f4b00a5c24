/*
 * keyschedule.h — the TLS 1.3 key schedule (RFC 9846 §7.1) and transcript
 * hash (§4.1), in the RFC's own words.
 *
 * Section numbers are RFC 9846's. Its chapter 4 is renumbered from RFC 8446
 * (transcript hash §4.1, was §4.4.1; Finished §4.5.3, was §4.4.4;
 * NewSessionTicket §4.7.1, was §4.6.1; PSK binder §4.3.11.2, was §4.2.11.2);
 * chapter 7 keeps its numbers.
 *
 *            0
 *            |
 *            v
 *  PSK ->  HKDF-Extract = Early Secret        (ks_early_secret)
 *            |  +--> binder key, client_early_traffic_secret, early exporter
 *            v
 *      Derive-Secret(., "derived", "")
 *            |
 *            v
 *  (EC)DHE -> HKDF-Extract = Handshake Secret (ks_handshake_secret)
 *            |  +--> [sender]_handshake_traffic_secret
 *            v
 *      Derive-Secret(., "derived", "")
 *            |
 *            v
 *  0 -> HKDF-Extract = Master Secret          (ks_master_secret)
 *               +--> [sender]_application_traffic_secret_0,
 *                    exporter_master_secret, resumption_master_secret
 *
 * Each stage is its own type; moving to the next stage wipes the one it
 * consumed, so a secret cannot outlive its stage. Every struct that holds a
 * secret has a wipe function.
 */
#ifndef TLS13_KEYSCHEDULE_H
#define TLS13_KEYSCHEDULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "crypto/aead.h"
#include "crypto/hash.h"
#include "tls13.h"

/* ---- HKDF-Expand-Label and Derive-Secret (§7.1) --------------------------- */

/* The HkdfLabel structure (§7.1) that is HKDF-Expand's info:
 *     struct {
 *         uint16 length = Length;
 *         opaque label<7..255> = "tls13 " + Label;
 *         opaque context<0..255> = Context;
 *     } HkdfLabel;
 * label is given without the "tls13 " prefix. Writes at most
 * KS_HKDF_LABEL_MAX_LEN bytes to out and sets *out_len.
 * TLS13_ERR_INVALID_ARGUMENT when the label is empty or longer than 249
 * bytes or the context longer than 255; TLS13_ERR_HKDF_LENGTH when length
 * does not fit a uint16; TLS13_ERR_BUFFER_TOO_SMALL when cap is too small. */
#define KS_HKDF_LABEL_MAX_LEN (2 + 1 + 255 + 1 + 255)
tls13_error ks_hkdf_label(const char *label,
                          const uint8_t *context, size_t context_len,
                          size_t length, uint8_t *out, size_t cap, size_t *out_len);

/* HKDF-Expand-Label(Secret, Label, Context, Length) with label without the
 * "tls13 " prefix (it is added here). Secret is hash_len(alg) bytes. */
tls13_error ks_hkdf_expand_label(hash_alg alg, const uint8_t *secret,
                                 const char *label,
                                 const uint8_t *context, size_t context_len,
                                 uint8_t *out, size_t out_len);

/* Derive-Secret(Secret, Label, Messages), given Transcript-Hash(Messages)
 * already computed. Writes hash_len(alg) bytes. */
tls13_error ks_derive_secret(hash_alg alg, const uint8_t *secret,
                             const char *label, const uint8_t *transcript_hash,
                             uint8_t *out);

/* ---- transcript hash (§4.1) ------------------------------------------------ */

/* Until the cipher suite is known (the client before ServerHello) both hashes
 * run; ks_transcript_select keeps the one the suite uses. */
typedef struct ks_transcript {
    bool selected;
    hash_alg alg;
    hash_ctx sha256;
    hash_ctx sha384;
} ks_transcript;

void ks_transcript_init(ks_transcript *t);
void ks_transcript_select(ks_transcript *t, hash_alg alg);
/* Adds a whole handshake message, with its 4-byte header. */
void ks_transcript_update(ks_transcript *t, const uint8_t *msg, size_t len);
/* Transcript-Hash of everything so far, in the selected hash (before
 * ks_transcript_select: in SHA-256, t->alg's initial value). Writes
 * hash_len(t->alg) bytes. */
void ks_transcript_hash(const ks_transcript *t, uint8_t *out);
/* Transcript-Hash in a given hash. Before ServerHello a client needs the
 * hash of its PSK's suite (binder, early secrets: §4.3.11.2, §7.1) while both
 * still run; after ks_transcript_select alg must be the selected one. */
void ks_transcript_hash_as(const ks_transcript *t, hash_alg alg, uint8_t *out);
/* After a HelloRetryRequest: replaces ClientHello1 (which must be all the
 * transcript holds) by message_hash = 0xfe 00 00 Hash.length Hash(CH1). */
void ks_transcript_replace_with_message_hash(ks_transcript *t);
void ks_transcript_wipe(ks_transcript *t);

/* ---- the stages --------------------------------------------------------- */

typedef struct ks_early_secret {
    hash_alg alg;
    uint8_t secret[HASH_MAX_LEN];
} ks_early_secret;

typedef struct ks_handshake_secret {
    hash_alg alg;
    uint8_t secret[HASH_MAX_LEN];
} ks_handshake_secret;

typedef struct ks_master_secret {
    hash_alg alg;
    uint8_t secret[HASH_MAX_LEN];
} ks_master_secret;

/* Any traffic secret (handshake, application_N, early) or any other
 * one-hash-long secret that comes out of a stage. */
typedef struct ks_secret {
    hash_alg alg;
    uint8_t secret[HASH_MAX_LEN];
} ks_secret;

/* Early Secret = HKDF-Extract(0, PSK); psk NULL means Hash.length zeros. */
void ks_early_secret_init(ks_early_secret *es, hash_alg alg,
                          const uint8_t *psk, size_t psk_len);
/* binder_key = Derive-Secret(ES, "ext binder" | "res binder", ""). */
void ks_binder_key(const ks_early_secret *es, bool external, ks_secret *out);
/* client_early_traffic_secret = Derive-Secret(ES, "c e traffic", ClientHello). */
void ks_client_early_traffic_secret(const ks_early_secret *es,
                                    const uint8_t *transcript_hash, ks_secret *out);
/* early_exporter_master_secret = Derive-Secret(ES, "e exp master", ClientHello). */
void ks_early_exporter_master_secret(const ks_early_secret *es,
                                     const uint8_t *transcript_hash, ks_secret *out);

/* Handshake Secret = HKDF-Extract(Derive-Secret(ES, "derived", ""), (EC)DHE).
 * ecdhe NULL means the 0-value, Hash.length zeros (psk_ke: no (EC)DHE).
 * Wipes es. */
void ks_handshake_secret_from_early(ks_handshake_secret *hs, ks_early_secret *es,
                                    const uint8_t *ecdhe, size_t ecdhe_len);
/* [sender]_handshake_traffic_secret = Derive-Secret(HS, "c hs traffic" |
 * "s hs traffic", ClientHello...ServerHello). */
void ks_client_handshake_traffic_secret(const ks_handshake_secret *hs,
                                        const uint8_t *transcript_hash, ks_secret *out);
void ks_server_handshake_traffic_secret(const ks_handshake_secret *hs,
                                        const uint8_t *transcript_hash, ks_secret *out);

/* Master Secret = HKDF-Extract(Derive-Secret(HS, "derived", ""), 0). Wipes hs. */
void ks_master_secret_from_handshake(ks_master_secret *ms, ks_handshake_secret *hs);
/* Derive-Secret(MS, "c ap traffic" | "s ap traffic" | "exp master",
 * ClientHello...server Finished). */
void ks_client_application_traffic_secret_0(const ks_master_secret *ms,
                                            const uint8_t *transcript_hash, ks_secret *out);
void ks_server_application_traffic_secret_0(const ks_master_secret *ms,
                                            const uint8_t *transcript_hash, ks_secret *out);
void ks_exporter_master_secret(const ks_master_secret *ms,
                               const uint8_t *transcript_hash, ks_secret *out);
/* resumption_master_secret = Derive-Secret(MS, "res master",
 * ClientHello...client Finished). */
void ks_resumption_master_secret(const ks_master_secret *ms,
                                 const uint8_t *transcript_hash, ks_secret *out);

void ks_early_secret_wipe(ks_early_secret *es);
void ks_handshake_secret_wipe(ks_handshake_secret *hs);
void ks_master_secret_wipe(ks_master_secret *ms);
void ks_secret_wipe(ks_secret *s);

/* ---- from a traffic secret --------------------------------------------- */

/* The record protection keys of a traffic secret (§7.3):
 * key = HKDF-Expand-Label(Secret, "key", "", key_length),
 * iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length). Wipe with ks_traffic_keys_wipe. */
typedef struct ks_traffic_keys {
    aead_alg aead;
    uint8_t key[AEAD_MAX_KEY_LEN];
    size_t key_len;
    uint8_t iv[AEAD_NONCE_LEN];
} ks_traffic_keys;

void ks_traffic_keys_derive(const ks_secret *traffic_secret, aead_alg aead,
                            ks_traffic_keys *out);
void ks_traffic_keys_wipe(ks_traffic_keys *k);

/* application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd",
 * "", Hash.length), in place (§7.2). */
void ks_next_application_traffic_secret(ks_secret *secret);

/* finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length)
 * (§4.5.3). A PSK binder is the same computation with BaseKey = binder_key
 * (§4.3.11.2). */
void ks_finished_key(const ks_secret *base_key, ks_secret *finished_key);
/* verify_data = HMAC(finished_key, Transcript-Hash(...)). */
void ks_finished_verify_data(const ks_secret *finished_key,
                             const uint8_t *transcript_hash, uint8_t *verify_data);
/* Recomputes verify_data and compares in constant time; false also when
 * received_len is not Hash.length. */
bool ks_finished_check(const ks_secret *finished_key, const uint8_t *transcript_hash,
                       const uint8_t *received, size_t received_len);

/* PSK for a ticket = HKDF-Expand-Label(resumption_master_secret, "resumption",
 * ticket_nonce, Hash.length) (§4.7.1). The nonce comes from the peer:
 * TLS13_ERR_INVALID_ARGUMENT (and a zeroed psk) when it is longer than the
 * 255 bytes ticket_nonce<0..255> allows. */
tls13_error ks_resumption_psk(const ks_secret *resumption_master_secret,
                              const uint8_t *ticket_nonce, size_t nonce_len,
                              ks_secret *psk);

/* TLS-Exporter(label, context, length) (§7.5):
 * HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter",
 * Hash(context_value), key_length). Secret is the exporter_master_secret or,
 * for 0-RTT, the early_exporter_master_secret. Errors as ks_hkdf_label and
 * hkdf_expand (label of 1..249 bytes, out_len <= 255 * Hash.length). */
tls13_error ks_export(const ks_secret *exporter_master_secret, const char *label,
                      const uint8_t *context, size_t context_len,
                      uint8_t *out, size_t out_len);

#endif /* TLS13_KEYSCHEDULE_H */
