#!/usr/bin/env python3
"""wycheproof_to_txt.py — turn one Wycheproof v1 JSON file into the line
format tests/test_wycheproof.c reads, so the C test needs no JSON parser.

Usage: wycheproof_to_txt.py INPUT.json OUTPUT.txt   (python3 stdlib only)

Output format (ASCII, LF):

    file <basename of the JSON file>
    schema <schema>
    algorithm <algorithm>
    numberOfTests <n>
    test                      one block per test case, self-contained:
    tcId <n>
    result valid|invalid|acceptable
    flags <Flag,Flag,...>     (the line is "flags" alone when there are none)
    <groupKey> <value>        every scalar of the test's group (keySize, ivSize,
                              tagSize, curve, encoding, type)
    <key> <value>             every field of the test; hex fields as lowercase
                              hex, which may be empty (then the line is the
                              name alone); integers in decimal
    comment <text>            free text, last field before "end"
    end

The converter is strict: it refuses a file with an unknown schema, a field it
does not know for that schema, a hex field that is not even-length hex, or a
test count that differs from numberOfTests. That way a new Wycheproof field
is never dropped silently.
"""

import json
import os
import re
import sys

# For each schema: test fields that are hex, test fields that are integers,
# and group fields that are copied (scalars). 'tests' and 'source' are
# structural and not copied.
SCHEMAS = {
    "aead_test_schema_v1.json": {
        "hex": {"key", "iv", "aad", "msg", "ct", "tag"},
        "int": set(),
        "group": {"type", "keySize", "ivSize", "tagSize"},
    },
    "xdh_comp_schema_v1.json": {
        "hex": {"public", "private", "shared"},
        "int": set(),
        "group": {"type", "curve"},
    },
    "ecdh_test_schema_v1.json": {
        "hex": {"public", "private", "shared"},
        "int": set(),
        "group": {"type", "curve", "encoding"},
    },
    "hkdf_test_schema_v1.json": {
        "hex": {"ikm", "salt", "info", "okm"},
        "int": {"size"},
        "group": {"type", "keySize"},
    },
    "mac_test_schema_v1.json": {
        "hex": {"key", "msg", "tag"},
        "int": set(),
        "group": {"type", "keySize", "tagSize"},
    },
}

COMMON_TEST_FIELDS = {"tcId", "comment", "flags", "result"}
HEX_RE = re.compile(r"^(?:[0-9a-f]{2})*$")
NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*$")


def fail(msg):
    sys.stderr.write("wycheproof_to_txt: %s\n" % msg)
    sys.exit(1)


def scalar_text(where, name, value):
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        fail("%s: field %s is not an integer or a string" % (where, name))
    text = str(value)
    if "\n" in text or "\r" in text:
        fail("%s: field %s contains a line break" % (where, name))
    return text


def emit(lines, name, value):
    if not NAME_RE.match(name):
        fail("bad field name %r" % name)
    lines.append(name + (" " + value if value != "" else ""))


def convert_test(where, spec, group_fields, test):
    lines = ["test"]
    known = COMMON_TEST_FIELDS | spec["hex"] | spec["int"]
    for name in test:
        if name not in known:
            fail("%s: unknown test field %r" % (where, name))
    for name in ("tcId", "result", "flags"):
        if name not in test:
            fail("%s: missing %s" % (where, name))
    tc_id = test["tcId"]
    if isinstance(tc_id, bool) or not isinstance(tc_id, int) or tc_id <= 0:
        fail("%s: bad tcId" % where)
    where = "%s tcId %d" % (where, tc_id)
    if test["result"] not in ("valid", "invalid", "acceptable"):
        fail("%s: bad result %r" % (where, test["result"]))
    flags = test["flags"]
    if not isinstance(flags, list) or not all(
            isinstance(f, str) and NAME_RE.match(f.replace("-", "")) for f in flags):
        fail("%s: bad flags" % where)
    emit(lines, "tcId", str(tc_id))
    emit(lines, "result", test["result"])
    emit(lines, "flags", ",".join(flags))
    for name, value in group_fields:
        if name in test:
            fail("%s: field %s is in both group and test" % (where, name))
        emit(lines, name, value)
    for name in sorted(spec["hex"]):
        if name not in test:
            fail("%s: missing %s" % (where, name))
        value = test[name]
        if not isinstance(value, str) or not HEX_RE.match(value):
            fail("%s: field %s is not lowercase even-length hex" % (where, name))
        emit(lines, name, value)
    for name in sorted(spec["int"]):
        value = test.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            fail("%s: field %s is not a non-negative integer" % (where, name))
        emit(lines, name, str(value))
    emit(lines, "comment", scalar_text(where, "comment", test.get("comment", "")))
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
        "# generated by tests/wycheproof_to_txt.py from vectors/wycheproof/" + base,
        "file " + base,
        "schema " + schema,
        "algorithm " + scalar_text(base, "algorithm", doc.get("algorithm", "")),
        "numberOfTests " + scalar_text(base, "numberOfTests", doc["numberOfTests"]),
    ]
    count = 0
    seen = set()
    for gi, group in enumerate(doc["testGroups"]):
        where = "%s group %d" % (base, gi)
        group_fields = []
        for name, value in group.items():
            if name in ("tests", "source"):
                continue
            if name not in spec["group"]:
                fail("%s: unknown group field %r" % (where, name))
            group_fields.append((name, scalar_text(where, name, value)))
        for test in group["tests"]:
            lines.extend(convert_test(where, spec, group_fields, test))
            if test["tcId"] in seen:
                fail("%s: duplicate tcId %d" % (where, test["tcId"]))
            seen.add(test["tcId"])
            count += 1
    if count != doc["numberOfTests"]:
        fail("%s: %d tests but numberOfTests is %d" % (base, count, doc["numberOfTests"]))
    return "\n".join(lines) + "\n"


def main(argv):
    if len(argv) != 3:
        fail("usage: wycheproof_to_txt.py INPUT.json OUTPUT.txt")
    text = convert(argv[1])
    tmp = argv[2] + ".tmp"
    with open(tmp, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    os.replace(tmp, argv[2])


if __name__ == "__main__":
    main(sys.argv)
