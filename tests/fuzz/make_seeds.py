#!/usr/bin/env python3
"""tests/fuzz/make_seeds.py OUTDIR — the seeds of the fuzz targets that come
from vectors/ and tests/fuzz/pki (stdlib only). tests/fuzz/fuzz_seeds.c writes
the handshake seeds. The committed corpora (tests/fuzz/corpus/<target>/) are
these seeds and what the fuzzers found, minimized with -merge=1
(docs/fuzzing.md)."""
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VECTORS = os.path.join(ROOT, "vectors")
PKI = os.path.join(HERE, "pki")

TRACES = ["xargs/handshake.txt", "xargs/archive_v1_aes128gcm_sha256.txt",
          "rfc8448/simple_1rtt.txt", "rfc8448/resumed_0rtt.txt",
          "rfc8448/hello_retry_request.txt", "rfc8448/client_authentication.txt",
          "rfc8448/compatibility_mode.txt"]

# fuzz_messages' first byte, by HandshakeType.
SELECTOR = {1: 0, 2: 1, 8: 2, 11: 3, 13: 4, 15: 5, 20: 6, 4: 7, 24: 8, 5: 9}


def load(rel):
    values = []
    for line in open(os.path.join(VECTORS, rel)):
        if line.startswith("#") or not line.strip():
            continue
        name, hexval = line.split()
        values.append((name, bytes.fromhex(hexval)))
    return values


class Out:
    def __init__(self, root):
        self.root = root
        self.count = {}

    def put(self, target, data, name=None):
        d = os.path.join(self.root, target)
        os.makedirs(d, exist_ok=True)
        name = name or hashlib.sha1(data).hexdigest()
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
        self.count[target] = self.count.get(target, 0) + 1


def split_messages(data):
    """The whole handshake messages at the start of data, back to back."""
    msgs, off = [], 0
    while len(data) - off >= 4:
        n = int.from_bytes(data[off + 1:off + 4], "big")
        if len(data) - off - 4 < n:
            break
        msgs.append(data[off:off + 4 + n])
        off += 4 + n
    return msgs


def piece(ctype, content):
    return bytes([ctype]) + len(content).to_bytes(2, "big") + content


def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def der_int(v):
    b = v.to_bytes(max(1, (v.bit_length() + 8) // 8), "big")
    return b"\x02" + der_len(len(b)) + b


def element(data, off=0):
    """(header length, content length) of the DER element at off."""
    n, header = data[off + 1], 2
    if n & 0x80:
        octets = n & 0x7f
        n = int.from_bytes(data[off + 2:off + 2 + octets], "big")
        header += octets
    return header, n


def tbs_of(cert):
    """The tbsCertificate (with its header) of a DER certificate."""
    h, _ = element(cert)
    th, tn = element(cert, h)
    return cert[h:h + th + tn]


def certificates_of(msg):
    """The DER certificates of a Certificate message (whole message)."""
    body = msg[4:]
    ctx = body[0]
    off = 1 + ctx + 3
    certs = []
    while off + 3 <= len(body):
        n = int.from_bytes(body[off:off + 3], "big")
        certs.append(body[off + 3:off + 3 + n])
        off += 3 + n
        ext = int.from_bytes(body[off:off + 2], "big")
        off += 2 + ext
    return certs


def main():
    out = Out(sys.argv[1])
    messages, certs = set(), set()
    for rel in TRACES:
        values = load(rel)
        client_stream, server_stream = b"", b""
        client_pieces, server_pieces = b"", b""
        for name, data in values:
            is_record = name.endswith("_record")
            if name.endswith(("_record_inner_plaintext", "_record_payload")) or \
                    (not is_record and data[:1] and data[0] in SELECTOR):
                content = data[:-1] if name.endswith("inner_plaintext") else data
                for m in split_messages(content):
                    if m[0] in SELECTOR:
                        messages.add(m)
            if name in ("server_certificate", "client_certificate"):
                certs.update(certificates_of(data))
            if name.endswith("_certificate_der"):
                certs.add(data)
            if is_record:
                # fuzz_record: as is, without keys and with (bad MAC), whole and in chunks.
                flags = 1 if data[0] == 23 else 0
                out.put("fuzz_record", bytes([flags, 0]) + data)
                out.put("fuzz_record", bytes([flags | 8, 1]) + data)
                if name.startswith("client_"):
                    client_stream += data
                else:
                    server_stream += data
            if name.endswith("_record_inner_plaintext"):
                # fuzz_record's sealed mode: the inner plaintext, sealed again.
                out.put("fuzz_record", bytes([0x11, 0]) + piece(0x40 | data[-1], data))
                out.put("fuzz_record", bytes([0x15, 2]) + piece(data[-1], data[:-1]))
            # The records in the clear, as the connection targets' sealed mode takes them.
            if name.endswith("_record_inner_plaintext") or name in ("client_hello_record",
                                                                     "server_hello_record"):
                p = piece(data[-1], data[:-1]) if name.endswith("plaintext") else \
                    piece(data[0], data[5:])
                if name.startswith("client_"):
                    client_pieces += p
                else:
                    server_pieces += p
        # The connection targets, fed a published trace's bytes (our own
        # ClientHello and key share differ, so these end early; the
        # handshake seeds of fuzz_seeds.c go all the way).
        hrr = "hello_retry_request" in rel
        out.put("fuzz_server", bytes([2 if hrr else 0, 0]) + client_stream)
        out.put("fuzz_server", bytes([6 if hrr else 4, 0]) + client_pieces)
        out.put("fuzz_client", bytes([0, 0]) + server_stream)
        out.put("fuzz_client", bytes([4, 0]) + server_pieces)
        out.put("fuzz_record", bytes([0, 0]) + client_stream)
        out.put("fuzz_record", bytes([0, 5]) + server_stream)

    for m in sorted(messages):
        body = m[4:]
        sel = SELECTOR[m[0]]
        if m[0] == 20 and len(body) == 48:
            sel |= 0x80
        out.put("fuzz_messages", bytes([sel]) + body)  # a HelloRetryRequest is a ServerHello
    for body in (b"\x00", b"\x01", b"\x02", b""):
        out.put("fuzz_messages", bytes([8]) + body)
    out.put("fuzz_messages", bytes([9]))

    # Certificates, alone and as chains, and host names.
    pki = {f: open(os.path.join(PKI, f), "rb").read() for f in sorted(os.listdir(PKI))}
    for f, data in pki.items():
        if f.endswith(".der") and not f.endswith((".key.der", ".pub.der")):
            certs.add(data)
    for c in sorted(certs):
        out.put("fuzz_x509", c)
    for chain in (["leaf_p256", "inter_p256"], ["leaf_p256", "inter_p256", "root_p256"],
                  ["leaf_rsa", "root_rsa"], ["leaf_rsapss", "root_rsa"],
                  ["leaf_ed25519", "root_ed25519"], ["leaf_p384", "inter_p256"],
                  ["inter_p256", "leaf_p256"]):
        out.put("fuzz_x509", b"".join(pki[c + ".der"] for c in chain))
    # Re-sign mode (first byte 0): tbsCertificates the target signs again.
    for chain in (["resign_leaf", "resign_inter"], ["resign_leaf_direct"],
                  ["resign_leaf", "resign_inter", "resign_root"], ["resign_inter"],
                  ["resign_leaf", "resign_inter", "resign_inter"]):
        out.put("fuzz_x509", b"\x00" + b"".join(tbs_of(pki[c + ".der"]) for c in chain))
    for host in ("fuzz.example", "a.wild.example", "127.0.0.1", "::1", "FUZZ.EXAMPLE.",
                 "xn--bcher-kva.example", "*.wild.example", "1.2.3.4.5"):
        out.put("fuzz_x509", host.encode())

    # Keys, PEM and DER, and certificates as PEM.
    for f, data in pki.items():
        if f.endswith((".key", ".pem", ".key.der", ".pub.der")):
            out.put("fuzz_keys", data)
    for f in ("server.key", "server.crt"):
        out.put("fuzz_keys", open(os.path.join(VECTORS, "xargs", f), "rb").read())
    for name, data in load("xargs/handshake.txt"):
        if name.endswith("_der") and "private_key" in name:
            out.put("fuzz_keys", data)
    rsa = dict(load("rfc8448/server_rsa_key.txt"))
    fields = [0] + [int.from_bytes(rsa[k], "big") for k in (
        "rsa_modulus", "rsa_public_exponent", "rsa_private_exponent", "rsa_prime1",
        "rsa_prime2", "rsa_exponent1", "rsa_exponent2", "rsa_coefficient")]
    seq = b"".join(der_int(v) for v in fields)
    out.put("fuzz_keys", b"\x30" + der_len(len(seq)) + seq)

    for t, n in sorted(out.count.items()):
        print("%s: %d seeds" % (t, n))


if __name__ == "__main__":
    main()
