#!/usr/bin/env python3
"""wycheproof_sig_to_txt.py — turn one Wycheproof signature-verification JSON
file (EdDSA, RSASSA-PSS, RSASSA-PKCS1-v1_5, ECDSA) into the line format
tests/test_wycheproof_sig.c reads, so the C test needs no JSON parser.

Usage: wycheproof_sig_to_txt.py INPUT.json OUTPUT.txt   (python3 stdlib only)

Output format (ASCII, LF):

    file <basename of the JSON file>
    schema <schema>
    algorithm <algorithm>
    numberOfTests <n>
    test                      one self-contained block per test case:
    tcId <n>
    result valid|invalid|acceptable
    flags <Flag,Flag,...>     ("flags" alone when there are none)
    key <hex>                 the group's publicKeyDer (SubjectPublicKeyInfo)
    sha <name>                group hash (absent for EdDSA)
    mgf <name>                RSASSA-PSS only: mgf, mgfSha, sLen
    mgfSha <name>
    sLen <n>
    msg <hex>                 may be empty (then the line is "msg" alone)
    sig <hex>                 may be empty
    comment <text>
    end

Strict like tests/wycheproof_to_txt.py: an unknown schema, an unknown group or
test field, a non-hex value or a test count that differs from numberOfTests
stops the build, so a new Wycheproof field is never dropped silently.
(A separate script from wycheproof_to_txt.py because these groups carry the
key as nested objects, which that converter deliberately refuses.)
"""

import json
import os
import re
import sys

# Group fields copied to every test, per schema. Other known group fields
# (alternative encodings of the same key) are listed as "ignored".
SCHEMAS = {
    "eddsa_verify_schema_v1.json": {
        "copy": [],
        "ignored": {"type", "source", "publicKey", "publicKeyPem", "publicKeyJwk"},
    },
    "rsassa_pss_verify_schema_v1.json": {
        "copy": ["sha", "mgf", "mgfSha", "sLen"],
        "ignored": {"type", "source", "keySize", "publicKey", "publicKeyAsn",
                    "publicKeyPem", "publicKeyJwk"},
    },
    "rsassa_pkcs1_verify_schema_v1.json": {
        "copy": ["sha"],
        "ignored": {"type", "source", "keySize", "publicKey", "publicKeyAsn",
                    "publicKeyPem", "keyJwk", "publicKeyJwk"},
    },
    "ecdsa_verify_schema_v1.json": {
        "copy": ["sha"],
        "ignored": {"type", "source", "publicKey", "publicKeyPem"},
    },
}

TEST_FIELDS = {"tcId", "comment", "flags", "result", "msg", "sig"}
HEX_RE = re.compile(r"^(?:[0-9a-f]{2})*$")
TOKEN_RE = re.compile(r"^[A-Za-z0-9_.-]+$")


def fail(msg):
    sys.stderr.write("wycheproof_sig_to_txt: %s\n" % msg)
    sys.exit(1)


def hex_field(where, name, value):
    if not isinstance(value, str) or not HEX_RE.match(value):
        fail("%s: field %s is not lowercase even-length hex" % (where, name))
    return value


def token(where, name, value):
    text = str(value)
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not TOKEN_RE.match(text):
        fail("%s: field %s is not a simple token" % (where, name))
    return text


def line(name, value):
    return name + (" " + value if value != "" else "")


def convert_group(where, spec, group):
    known = set(spec["copy"]) | spec["ignored"] | {"publicKeyDer", "tests"}
    for name in group:
        if name not in known:
            fail("%s: unknown group field %r" % (where, name))
    shared = [line("key", hex_field(where, "publicKeyDer", group.get("publicKeyDer")))]
    for name in spec["copy"]:
        if name not in group:
            fail("%s: missing group field %s" % (where, name))
        shared.append(line(name, token(where, name, group[name])))
    return shared


def convert_test(where, shared, test):
    for name in test:
        if name not in TEST_FIELDS:
            fail("%s: unknown test field %r" % (where, name))
    tc_id = test.get("tcId")
    if isinstance(tc_id, bool) or not isinstance(tc_id, int) or tc_id <= 0:
        fail("%s: bad tcId" % where)
    where = "%s tcId %d" % (where, tc_id)
    if test.get("result") not in ("valid", "invalid", "acceptable"):
        fail("%s: bad result" % where)
    flags = test.get("flags")
    if not isinstance(flags, list) or not all(isinstance(f, str) and TOKEN_RE.match(f)
                                              for f in flags):
        fail("%s: bad flags" % where)
    comment = test.get("comment", "")
    if not isinstance(comment, str) or "\n" in comment or "\r" in comment:
        fail("%s: bad comment" % where)
    lines = ["test", line("tcId", str(tc_id)), line("result", test["result"]),
             line("flags", ",".join(flags))]
    lines.extend(shared)
    lines.append(line("msg", hex_field(where, "msg", test.get("msg"))))
    lines.append(line("sig", hex_field(where, "sig", test.get("sig"))))
    lines.append(line("comment", comment))
    lines.append("end")
    return lines


def convert(path):
    base = os.path.basename(path)
    with open(path, "r", encoding="utf-8") as f:
        doc = json.load(f)
    schema = doc.get("schema")
    spec = SCHEMAS.get(schema)
    if spec is None:
        fail("%s: unsupported schema %r" % (base, schema))
    lines = [
        "# generated by tests/wycheproof_sig_to_txt.py from vectors/wycheproof/" + base,
        "file " + base,
        "schema " + schema,
        "algorithm " + token(base, "algorithm", doc.get("algorithm", "")),
        "numberOfTests " + str(int(doc["numberOfTests"])),
    ]
    count = 0
    seen = set()
    for gi, group in enumerate(doc["testGroups"]):
        where = "%s group %d" % (base, gi)
        shared = convert_group(where, spec, group)
        for test in group["tests"]:
            lines.extend(convert_test(where, shared, test))
            if test["tcId"] in seen:
                fail("%s: duplicate tcId %d" % (where, test["tcId"]))
            seen.add(test["tcId"])
            count += 1
    if count != doc["numberOfTests"]:
        fail("%s: %d tests but numberOfTests is %d" % (base, count, doc["numberOfTests"]))
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 3:
        fail("usage: wycheproof_sig_to_txt.py INPUT.json OUTPUT.txt")
    text = convert(argv[1])
    tmp = argv[2] + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.replace(tmp, argv[2])


if __name__ == "__main__":
    main(sys.argv)
