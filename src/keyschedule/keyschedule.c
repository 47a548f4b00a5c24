/*
 * keyschedule.c — HKDF-Expand-Label, Derive-Secret and the typed key-schedule
 * stages of RFC 9846 §7.1, the traffic keys of §7.3, KeyUpdate (§7.2),
 * Finished (§4.5.3), ticket PSKs (§4.7.1) and exporters (§7.5).
 *
 * It may touch: crypto/hash.h and crypto/hkdf.h (HMAC, HKDF-Extract/Expand),
 * crypto/secure.h (wiping, constant-time compare), crypto/aead.h (key
 * lengths) and wire/wire.h (the HkdfLabel encoding). Nothing else; in
 * particular no crypto library directly.
 *
 * Every secret that is only a step on the way (a "derived" salt, a computed
 * verify_data) is wiped before returning, and moving from one stage to the
 * next wipes the stage it consumed (§7.1: "Once all the values which are to
 * be derived from a given secret have been computed, that secret SHOULD be
 * erased.").
 */
#include "keyschedule/keyschedule.h"

#include <assert.h>
#include <string.h>

#include "crypto/hkdf.h"
#include "crypto/secure.h"
#include "wire/wire.h"

/* §7.1: opaque label<7..255> = "tls13 " + Label. */
static const char label_prefix[] = "tls13 ";
#define LABEL_PREFIX_LEN (sizeof label_prefix - 1)
#define LABEL_MAX_LEN 255
#define CONTEXT_MAX_LEN 255

/* Stands in for a NULL pointer when a byte string is empty. */
static const uint8_t no_bytes[1] = {0};

/* ---- HKDF-Expand-Label and Derive-Secret (§7.1) ------------------------- */

static bool write_hkdf_label(wire_writer *w, const char *label, size_t label_len,
                             const uint8_t *context, size_t context_len,
                             uint16_t length)
{
    wire_writer label_vec, context_vec;
    /* A child whose open failed is not initialised: never write to it. Inside
     * an open child failures are sticky, and closing it reports them. */
    if (!wire_write_u16(w, length) || !wire_writer_open_u8(w, &label_vec))
        return false;
    wire_write_bytes(&label_vec, (const uint8_t *)label_prefix, LABEL_PREFIX_LEN);
    wire_write_bytes(&label_vec, (const uint8_t *)label, label_len);
    if (!wire_writer_close(&label_vec) || !wire_writer_open_u8(w, &context_vec))
        return false;
    wire_write_bytes(&context_vec, context, context_len);
    return wire_writer_close(&context_vec);
}

tls13_error ks_hkdf_label(const char *label,
                          const uint8_t *context, size_t context_len,
                          size_t length, uint8_t *out, size_t cap, size_t *out_len)
{
    if (label == NULL || out == NULL || out_len == NULL)
        return TLS13_ERR_INVALID_ARGUMENT;
    if (length > UINT16_MAX)
        return TLS13_ERR_HKDF_LENGTH;
    /* label<7..255>: a Label of 1 to 249 bytes after the 6-byte prefix. */
    size_t label_len = strnlen(label, LABEL_MAX_LEN);
    if (label_len == 0 || label_len > LABEL_MAX_LEN - LABEL_PREFIX_LEN)
        return TLS13_ERR_INVALID_ARGUMENT;
    /* context<0..255>. */
    if (context_len > CONTEXT_MAX_LEN || (context == NULL && context_len != 0))
        return TLS13_ERR_INVALID_ARGUMENT;
    if (context == NULL)
        context = no_bytes;

    wire_writer w;
    wire_writer_init(&w, out, cap);
    if (!write_hkdf_label(&w, label, label_len, context, context_len,
                          (uint16_t)length)
        || !wire_writer_finish(&w, out_len))
        return TLS13_ERR_BUFFER_TOO_SMALL;
    return TLS13_OK;
}

/* HKDF-Expand-Label(Secret, Label, Context, Length) =
 *     HKDF-Expand(Secret, HkdfLabel, Length)                    (§7.1) */
tls13_error ks_hkdf_expand_label(hash_alg alg, const uint8_t *secret,
                                 const char *label,
                                 const uint8_t *context, size_t context_len,
                                 uint8_t *out, size_t out_len)
{
    uint8_t info[KS_HKDF_LABEL_MAX_LEN];
    size_t info_len = 0;
    tls13_error err = ks_hkdf_label(label, context, context_len, out_len,
                                    info, sizeof info, &info_len);
    if (err != TLS13_OK)
        return err;
    return hkdf_expand(alg, secret, hash_len(alg), info, info_len, out, out_len);
}

/* Derive-Secret(Secret, Label, Messages) =
 *     HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length) */
tls13_error ks_derive_secret(hash_alg alg, const uint8_t *secret,
                             const char *label, const uint8_t *transcript_hash,
                             uint8_t *out)
{
    return ks_hkdf_expand_label(alg, secret, label, transcript_hash,
                                hash_len(alg), out, hash_len(alg));
}

/* Derive-Secret(Secret, Label, ""): the Messages are empty, so the context is
 * Transcript-Hash() = Hash of the empty string, not an empty context. */
static tls13_error derive_secret_empty(hash_alg alg, const uint8_t *secret,
                                       const char *label, uint8_t *out)
{
    uint8_t empty_hash[HASH_MAX_LEN];
    hash_digest(alg, no_bytes, 0, empty_hash);
    return ks_derive_secret(alg, secret, label, empty_hash, out);
}

/* A secret out of a stage, under a label fixed by the RFC: such a call cannot
 * fail (the label fits, the output is Hash.length). */
static void derive_stage_secret(hash_alg alg, const uint8_t *stage_secret,
                                const char *label, const uint8_t *transcript_hash,
                                ks_secret *out)
{
    memset(out, 0, sizeof *out);
    out->alg = alg;
    tls13_error err = ks_derive_secret(alg, stage_secret, label,
                                       transcript_hash, out->secret);
    assert(err == TLS13_OK);
    (void)err;
}

/* HKDF-Expand-Label(secret, label, "", length) under a fixed label. */
static void expand_fixed(hash_alg alg, const uint8_t *secret, const char *label,
                         uint8_t *out, size_t out_len)
{
    tls13_error err = ks_hkdf_expand_label(alg, secret, label, NULL, 0,
                                           out, out_len);
    assert(err == TLS13_OK);
    (void)err;
}

/* ---- Early Secret ------------------------------------------------------ */

/* Early Secret = HKDF-Extract(salt = 0, IKM = PSK). §7.1: "if PSK is not in
 * use, Early Secret will still be HKDF-Extract(0, 0)". */
void ks_early_secret_init(ks_early_secret *es, hash_alg alg,
                          const uint8_t *psk, size_t psk_len)
{
    uint8_t zeros[HASH_MAX_LEN] = {0};
    if (psk == NULL) {
        psk = zeros;
        psk_len = hash_len(alg);
    }
    memset(es, 0, sizeof *es);
    es->alg = alg;
    /* A NULL salt is Hash.length zeros (hkdf.h), the RFC's "0". */
    hkdf_extract(alg, NULL, 0, psk, psk_len, es->secret);
}

/* §7.1: "ext binder" for external PSKs, "res binder" for resumption PSKs,
 * so that one kind of PSK cannot be substituted for the other. */
void ks_binder_key(const ks_early_secret *es, bool external, ks_secret *out)
{
    const char *label = external ? "ext binder" : "res binder";
    memset(out, 0, sizeof *out);
    out->alg = es->alg;
    tls13_error err = derive_secret_empty(es->alg, es->secret, label, out->secret);
    assert(err == TLS13_OK);
    (void)err;
}

void ks_client_early_traffic_secret(const ks_early_secret *es,
                                    const uint8_t *transcript_hash, ks_secret *out)
{
    derive_stage_secret(es->alg, es->secret, "c e traffic", transcript_hash, out);
}

void ks_early_exporter_master_secret(const ks_early_secret *es,
                                     const uint8_t *transcript_hash, ks_secret *out)
{
    derive_stage_secret(es->alg, es->secret, "e exp master", transcript_hash, out);
}

/* ---- Handshake Secret -------------------------------------------------- */

/* Handshake Secret = HKDF-Extract(salt = Derive-Secret(ES, "derived", ""),
 *                                 IKM = (EC)DHE shared secret). */
void ks_handshake_secret_from_early(ks_handshake_secret *hs, ks_early_secret *es,
                                    const uint8_t *ecdhe, size_t ecdhe_len)
{
    hash_alg alg = es->alg;
    uint8_t zeros[HASH_MAX_LEN] = {0};
    uint8_t derived[HASH_MAX_LEN];
    tls13_error err = derive_secret_empty(alg, es->secret, "derived", derived);
    assert(err == TLS13_OK);
    (void)err;
    /* §7.1: "If a given secret is not available, then the 0-value consisting
     * of a string of Hash.length bytes set to zeros is used." */
    if (ecdhe == NULL) {
        ecdhe = zeros;
        ecdhe_len = hash_len(alg);
    }
    memset(hs, 0, sizeof *hs);
    hs->alg = alg;
    hkdf_extract(alg, derived, hash_len(alg), ecdhe, ecdhe_len, hs->secret);
    secure_wipe(derived, sizeof derived);
    ks_early_secret_wipe(es);
}

void ks_client_handshake_traffic_secret(const ks_handshake_secret *hs,
                                        const uint8_t *transcript_hash, ks_secret *out)
{
    derive_stage_secret(hs->alg, hs->secret, "c hs traffic", transcript_hash, out);
}

void ks_server_handshake_traffic_secret(const ks_handshake_secret *hs,
                                        const uint8_t *transcript_hash, ks_secret *out)
{
    derive_stage_secret(hs->alg, hs->secret, "s hs traffic", transcript_hash, out);
}

/* ---- Master Secret ----------------------------------------------------- */

/* Master Secret = HKDF-Extract(salt = Derive-Secret(HS, "derived", ""),
 *                              IKM = 0). RFC 9846 calls it the Main Secret;
 * the labels keep "master" for compatibility. */
void ks_master_secret_from_handshake(ks_master_secret *ms, ks_handshake_secret *hs)
{
    hash_alg alg = hs->alg;
    uint8_t zeros[HASH_MAX_LEN] = {0};
    uint8_t derived[HASH_MAX_LEN];
    tls13_error err = derive_secret_empty(alg, hs->secret, "derived", derived);
    assert(err == TLS13_OK);
    (void)err;
    memset(ms, 0, sizeof *ms);
    ms->alg = alg;
    hkdf_extract(alg, derived, hash_len(alg), zeros, hash_len(alg), ms->secret);
    secure_wipe(derived, sizeof derived);
    ks_handshake_secret_wipe(hs);
}

void ks_client_application_traffic_secret_0(const ks_master_secret *ms,
                                            const uint8_t *transcript_hash, ks_secret *out)
{
    derive_stage_secret(ms->alg, ms->secret, "c ap traffic", transcript_hash, out);
}

void ks_server_application_traffic_secret_0(const ks_master_secret *ms,
                                            const uint8_t *transcript_hash, ks_secret *out)
{
    derive_stage_secret(ms->alg, ms->secret, "s ap traffic", transcript_hash, out);
}

void ks_exporter_master_secret(const ks_master_secret *ms,
                               const uint8_t *transcript_hash, ks_secret *out)
{
    derive_stage_secret(ms->alg, ms->secret, "exp master", transcript_hash, out);
}

void ks_resumption_master_secret(const ks_master_secret *ms,
                                 const uint8_t *transcript_hash, ks_secret *out)
{
    derive_stage_secret(ms->alg, ms->secret, "res master", transcript_hash, out);
}

/* ---- wiping ------------------------------------------------------------ */

void ks_early_secret_wipe(ks_early_secret *es)
{
    secure_wipe(es, sizeof *es);
}

void ks_handshake_secret_wipe(ks_handshake_secret *hs)
{
    secure_wipe(hs, sizeof *hs);
}

void ks_master_secret_wipe(ks_master_secret *ms)
{
    secure_wipe(ms, sizeof *ms);
}

void ks_secret_wipe(ks_secret *s)
{
    secure_wipe(s, sizeof *s);
}

void ks_traffic_keys_wipe(ks_traffic_keys *k)
{
    secure_wipe(k, sizeof *k);
}

/* ---- from a traffic secret --------------------------------------------- */

/* §7.3: [sender]_write_key = HKDF-Expand-Label(Secret, "key", "", key_length)
 *       [sender]_write_iv  = HKDF-Expand-Label(Secret, "iv", "", iv_length)
 * iv_length is the 12-byte AEAD nonce of every TLS 1.3 suite (§5.3). */
void ks_traffic_keys_derive(const ks_secret *traffic_secret, aead_alg aead,
                            ks_traffic_keys *out)
{
    memset(out, 0, sizeof *out);
    out->aead = aead;
    out->key_len = aead_key_len(aead);
    expand_fixed(traffic_secret->alg, traffic_secret->secret, "key",
                 out->key, out->key_len);
    expand_fixed(traffic_secret->alg, traffic_secret->secret, "iv",
                 out->iv, AEAD_NONCE_LEN);
}

/* §7.2: application_traffic_secret_N+1 =
 *     HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "",
 *                       Hash.length)
 * and then "implementations SHOULD delete ... _secret_N": it is overwritten. */
void ks_next_application_traffic_secret(ks_secret *secret)
{
    uint8_t next[HASH_MAX_LEN];
    size_t n = hash_len(secret->alg);
    expand_fixed(secret->alg, secret->secret, "traffic upd", next, n);
    memcpy(secret->secret, next, n);
    secure_wipe(next, sizeof next);
}

/* §4.5.3: finished_key = HKDF-Expand-Label(BaseKey, "finished", "", Hash.length) */
void ks_finished_key(const ks_secret *base_key, ks_secret *finished_key)
{
    hash_alg alg = base_key->alg;
    uint8_t key[HASH_MAX_LEN];
    /* Into a local first: base_key and finished_key may be the same struct. */
    expand_fixed(alg, base_key->secret, "finished", key, hash_len(alg));
    memset(finished_key, 0, sizeof *finished_key);
    finished_key->alg = alg;
    memcpy(finished_key->secret, key, hash_len(alg));
    secure_wipe(key, sizeof key);
}

/* §4.5.3: verify_data = HMAC(finished_key, Transcript-Hash(Handshake Context,
 *                                          Certificate*, CertificateVerify*)) */
void ks_finished_verify_data(const ks_secret *finished_key,
                             const uint8_t *transcript_hash, uint8_t *verify_data)
{
    size_t n = hash_len(finished_key->alg);
    hmac(finished_key->alg, finished_key->secret, n, transcript_hash, n,
         verify_data);
}

/* §4.5.3: "Recipients of Finished messages MUST verify that the contents are
 * correct"; the comparison runs in constant time so that timing does not
 * tell an attacker how much of a forged verify_data (or binder) was right. */
bool ks_finished_check(const ks_secret *finished_key, const uint8_t *transcript_hash,
                       const uint8_t *received, size_t received_len)
{
    uint8_t expected[HASH_MAX_LEN];
    size_t n = hash_len(finished_key->alg);
    /* struct { opaque verify_data[Hash.length]; } Finished; */
    if (received == NULL || received_len != n)
        return false;
    ks_finished_verify_data(finished_key, transcript_hash, expected);
    bool ok = secure_equal(expected, received, n);
    secure_wipe(expected, sizeof expected);
    return ok;
}

/* §4.7.1: HKDF-Expand-Label(resumption_master_secret, "resumption",
 *                           ticket_nonce, Hash.length) */
tls13_error ks_resumption_psk(const ks_secret *resumption_master_secret,
                              const uint8_t *ticket_nonce, size_t nonce_len,
                              ks_secret *psk)
{
    hash_alg alg = resumption_master_secret->alg;
    uint8_t out[HASH_MAX_LEN];
    tls13_error err = ks_hkdf_expand_label(alg, resumption_master_secret->secret,
                                           "resumption", ticket_nonce, nonce_len,
                                           out, hash_len(alg));
    memset(psk, 0, sizeof *psk);
    psk->alg = alg;
    if (err == TLS13_OK)
        memcpy(psk->secret, out, hash_len(alg));
    secure_wipe(out, sizeof out);
    return err;
}

/* §7.5: TLS-Exporter(label, context_value, key_length) =
 *     HKDF-Expand-Label(Derive-Secret(Secret, label, ""),
 *                       "exporter", Hash(context_value), key_length)
 * "If no context is provided, the context_value is zero length." */
tls13_error ks_export(const ks_secret *exporter_master_secret, const char *label,
                      const uint8_t *context, size_t context_len,
                      uint8_t *out, size_t out_len)
{
    hash_alg alg = exporter_master_secret->alg;
    uint8_t derived[HASH_MAX_LEN];
    uint8_t context_hash[HASH_MAX_LEN];
    if (context == NULL && context_len != 0)
        return TLS13_ERR_INVALID_ARGUMENT;
    tls13_error err = derive_secret_empty(alg, exporter_master_secret->secret,
                                          label, derived);
    if (err == TLS13_OK) {
        hash_digest(alg, context != NULL ? context : no_bytes, context_len,
                    context_hash);
        err = ks_hkdf_expand_label(alg, derived, "exporter", context_hash,
                                   hash_len(alg), out, out_len);
    }
    secure_wipe(derived, sizeof derived);
    return err;
}
