#!/usr/bin/env bash
# tests/fuzz/make_pki.sh — made the small PKI the fuzz targets use (run once;
# its output is committed in tests/fuzz/pki/ and is test data, not secrets):
#   the connection targets' self-signed Ed25519 certificate for fuzz.example,
#   three roots (Ed25519, P-256, RSA-2048), a P-256 intermediate, leaves for
#   fuzz.example under each, and keys in every format the library reads.
#   Also a chain on one Ed25519 key for fuzz_x509's re-sign mode, its
#   intermediate with nameConstraints. Run again, it makes only what is
#   missing. The roots are the fuzz targets' anchor store (fuzz_anchors.c,
#   made by tests/fuzz/make_anchors.py). Valid for 20 years from when it was
#   run; the targets pin their clock to FUZZ_NOW (fuzz_common.h), inside it.
set -euo pipefail
out=${1:-$(dirname "$0")/pki}
mkdir -p "$out"
cd "$out"
days=7300

cat > ca.cnf <<'CNF'
[ca]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[inter]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[server]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:fuzz.example
[resign_inter]
basicConstraints = critical, CA:TRUE, pathlen:1
keyUsage = critical, keyCertSign, cRLSign
extendedKeyUsage = serverAuth, clientAuth
nameConstraints = critical, permitted;DNS:example, permitted;IP:127.0.0.0/255.0.0.0, excluded;DNS:bad.fuzz.example
[leaf]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:fuzz.example, DNS:*.wild.example, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

root() { # name, keyfile, subject
    [ -f "$1.pem" ] && return
    openssl req -new -x509 -key "$2" -subj "/CN=$3" -days $days -out "$1.pem" \
        -extensions ca -config ca.cnf
}
issue() { # name, keyfile, subject, issuer name, issuer key, extension section, [digest opts]
    local name=$1 key=$2 subj=$3 ca=$4 cakey=$5 ext=$6; shift 6
    [ -f "$name.pem" ] && return
    openssl req -new -key "$key" -subj "/CN=$subj" -out "$name.csr"
    openssl x509 -req -in "$name.csr" -CA "$ca.pem" -CAkey "$cakey" -set_serial "0x$(openssl rand -hex 8)" \
        -days $days -extfile ca.cnf -extensions "$ext" -out "$name.pem" "$@"
    rm -f "$name.csr"
}

key() { # file, genpkey options...
    local f=$1; shift
    [ -f "$f" ] || openssl genpkey "$@" -out "$f"
}
key server_ed25519.key -algorithm ed25519
key root_ed25519.key -algorithm ed25519
key root_p256.key -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key root_rsa.key -algorithm RSA -pkeyopt rsa_keygen_bits:2048
key inter_p256.key -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key leaf_ed25519.key -algorithm ed25519
key leaf_p256.key -algorithm EC -pkeyopt ec_paramgen_curve:P-256
key leaf_p384.key -algorithm EC -pkeyopt ec_paramgen_curve:P-384
key leaf_rsa.key -algorithm RSA -pkeyopt rsa_keygen_bits:2048
key leaf_rsapss.key -algorithm RSA-PSS -pkeyopt rsa_keygen_bits:2048
# One key for a whole chain: fuzz_x509's re-sign mode signs whatever
# tbsCertificate the fuzzer makes with it, so every signature on such a
# chain verifies and the checks behind the signatures are reached.
key resign.key -algorithm ed25519

# The connection targets' own certificate: self-signed, so it is its own anchor.
[ -f server_ed25519.pem ] ||
openssl req -new -x509 -key server_ed25519.key -subj "/CN=fuzz.example" -days $days \
    -out server_ed25519.pem -extensions server -config ca.cnf
root root_ed25519 root_ed25519.key "Fuzz Root Ed25519"
root root_p256 root_p256.key "Fuzz Root P-256"
root root_rsa root_rsa.key "Fuzz Root RSA"
issue inter_p256 inter_p256.key "Fuzz Intermediate P-256" root_p256 root_p256.key inter -sha256
issue leaf_ed25519 leaf_ed25519.key fuzz.example root_ed25519 root_ed25519.key leaf
issue leaf_p256 leaf_p256.key fuzz.example inter_p256 inter_p256.key leaf -sha256
issue leaf_p384 leaf_p384.key fuzz.example root_p256 root_p256.key leaf -sha384
issue leaf_rsa leaf_rsa.key fuzz.example root_rsa root_rsa.key leaf -sha256
issue leaf_rsapss leaf_rsapss.key fuzz.example root_rsa root_rsa.key leaf -sha256 \
    -sigopt rsa_padding_mode:pss -sigopt rsa_pss_saltlen:32
root resign_root resign.key "Fuzz Resign Root"
issue resign_inter resign.key "Fuzz Resign Intermediate" resign_root resign.key resign_inter
issue resign_leaf resign.key fuzz.example resign_inter resign.key leaf
issue resign_leaf_direct resign.key fuzz.example resign_root resign.key leaf
cat leaf_p256.pem inter_p256.pem > chain_p256.pem

# The same keys in the other formats the library reads.
[ -f leaf_rsa.pkcs1.pem ] || openssl pkey -in leaf_rsa.key -traditional -out leaf_rsa.pkcs1.pem
[ -f leaf_p256.sec1.pem ] || openssl ec -in leaf_p256.key -out leaf_p256.sec1.pem 2>/dev/null
[ -f leaf_p384.sec1.pem ] || openssl ec -in leaf_p384.key -out leaf_p384.sec1.pem 2>/dev/null
for k in resign server_ed25519 leaf_ed25519 leaf_p256 leaf_rsa leaf_rsapss; do
    openssl pkey -in $k.key -outform DER -out $k.key.der
    openssl pkey -in $k.key -pubout -out $k.pub.pem
    openssl pkey -in $k.key -pubout -outform DER -out $k.pub.der
done
for c in server_ed25519 root_ed25519 root_p256 root_rsa inter_p256 leaf_ed25519 leaf_p256 \
         leaf_p384 leaf_rsa leaf_rsapss resign_root resign_inter resign_leaf resign_leaf_direct; do
    openssl x509 -in $c.pem -outform DER -out $c.der
done
rm -f ca.cnf ./*.srl
