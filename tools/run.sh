#!/usr/bin/env bash
# tools/run.sh — the main job: builds libtls13 and replays the tls13.xargs.org
# trace through it, printing every value our code reproduced and whether it
# matched the published bytes. (When the handshake lands this becomes a live
# handshake between tls13-server and openssl s_client.)
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
build/tools/tls13-trace xargs/handshake.txt
build/tools/tls13-trace --quiet xargs/archive_v1_aes128gcm_sha256.txt
