#!/usr/bin/env bash
# tools/run.sh — the main job: builds libtls13 and the tools, then shows a
# live TLS 1.3 handshake on loopback, explained message by message:
#   1. tls13-server (Ed25519 certificate) answers `openssl s_client`;
#   2. tls13-client, with that certificate as its trust anchor (path validation
#      and the host name localhost), talks to the same server.
# Both sides print every handshake message field by field, every secret
# derived and every record (--explain). Finally the published tls13.xargs.org
# trace is replayed through the library, value by value.
set -euo pipefail
cd "$(dirname "$0")/.."
. tools/deps.sh
tls13_install_deps
if [ -f build/build.ninja ]; then
    meson setup --reconfigure build >/dev/null
else
    meson setup build >/dev/null
fi
ninja -C build >/dev/null

work=$(mktemp -d)
server_pid=""
cleanup() {
    [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

# An Ed25519 key and a self-signed certificate for localhost.
openssl genpkey -algorithm ed25519 -out "$work/key.pem" 2>/dev/null
openssl req -x509 -new -key "$work/key.pem" -subj /CN=localhost -days 1 \
    -addext subjectAltName=DNS:localhost -out "$work/cert.pem" 2>/dev/null

build/tools/tls13-server --accept 127.0.0.1:0 --cert "$work/cert.pem" --key "$work/key.pem" \
    --explain >"$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 50); do
    grep -q '^ACCEPT' "$work/server.log" 2>/dev/null && break
    sleep 0.1
done
port=$(sed -n 's/^ACCEPT 127.0.0.1:\([0-9]*\)$/\1/p' "$work/server.log")
[ -n "$port" ] || { cat "$work/server.log"; echo "the server did not start"; exit 1; }

echo "==== 1. openssl s_client -> tls13-server on 127.0.0.1:$port"
echo "hello from openssl s_client" |
    timeout 10 openssl s_client -tls1_3 -connect "127.0.0.1:$port" -quiet 2>/dev/null || true
sleep 0.3
echo
echo "---- what tls13-server saw and did (--explain)"
cat "$work/server.log"
: >"$work/server.log"

echo
echo "==== 2. tls13-client (verifying the server against that certificate as its CA) -> tls13-server"
echo "hello from tls13-client" |
    timeout 10 build/tools/tls13-client --connect "127.0.0.1:$port" --servername localhost \
        --cafile "$work/cert.pem" --explain
sleep 0.3
echo
echo "==== 3. the tls13.xargs.org trace, replayed through the library"
build/tools/tls13-trace --quiet xargs/handshake.txt
build/tools/tls13-trace --quiet xargs/archive_v1_aes128gcm_sha256.txt
