#!/usr/bin/env python3
"""tests/fuzz/make_anchors.py — writes fuzz_anchors.c: the roots of
tests/fuzz/pki (made by make_pki.sh) as C arrays, the fuzz targets' small
anchor store, and one leaf for host matching. Run from anywhere: python3 tests/fuzz/make_anchors.py"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOTS = ["root_ed25519", "root_p256", "root_rsa", "resign_root"]
# A leaf with every kind of subjectAltName entry (DNS, wildcard, IPv4, IPv6)
# for host matching.
LEAF = "leaf_p256"
# The connection targets' own self-signed Ed25519 certificate and its key
# (PKCS#8 DER), and the key of the re-sign chain (resign_root is a root).
SERVER = "server_ed25519"

out = [
    "/*",
    " * fuzz_anchors.c — the trust anchors of the fuzz targets, the roots of",
    " * tests/fuzz/pki (Ed25519, P-256, RSA-2048 and the re-sign root), and the",
    " * certificates and keys the targets use (made by make_pki.sh). Written by",
    " * make_anchors.py; do not edit.",
    " */",
    "#include <stddef.h>",
    "#include <stdint.h>",
    "",
    '#include "fuzz_anchors.h"',
    "",
]
for name in ROOTS + [LEAF]:
    der = open(os.path.join(HERE, "pki", name + ".der"), "rb").read()
    out.append("static const uint8_t %s[%d] = {" % (name, len(der)))
    for i in range(0, len(der), 12):
        out.append("    " + " ".join("0x%02x," % b for b in der[i:i + 12]))
    out.append("};")
    out.append("")
out.append("const fuzz_der fuzz_roots[FUZZ_ROOT_COUNT] = {")
for name in ROOTS:
    out.append("    { %s, sizeof %s }," % (name, name))
out.append("};")
out.append("const fuzz_der fuzz_leaf = { %s, sizeof %s };" % (LEAF, LEAF))
out.append("")
for name, path, what in [("server_cert", SERVER + ".der", "server_certificate"),
                         ("server_key", SERVER + ".key.der", "server_key"),
                         ("resign_key", "resign.key.der", "resign_key")]:
    der = open(os.path.join(HERE, "pki", path), "rb").read()
    out.append("static const uint8_t %s[%d] = {" % (name, len(der)))
    for i in range(0, len(der), 12):
        out.append("    " + " ".join("0x%02x," % b for b in der[i:i + 12]))
    out.append("};")
    out.append("const fuzz_der fuzz_%s = { %s, sizeof %s };" % (what, name, name))
    out.append("")
out[-1:] = []
with open(os.path.join(HERE, "fuzz_anchors.c"), "w") as f:
    f.write("\n".join(out) + "\n")
