#!/usr/bin/env bash
# tools/test.sh — runs every test, three ways:
#   1. a plain debug-optimized build (build/),
#   2. the same suite under AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/),
#   3. the unit suite under valgrind's memcheck (build/, --wrap=valgrind).
# Installs missing Debian packages first. Ends with one summary line
# "tests: N passed, N failed, N skipped" and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
. tools/deps.sh
tls13_install_deps || { echo "could not install dependencies"; exit 1; }

setup() { # dir, extra meson options...
    local dir=$1; shift
    if [ -f "$dir/build.ninja" ]; then
        meson setup --reconfigure "$dir" "$@" >/dev/null
    else
        meson setup "$dir" "$@" >/dev/null
    fi && ninja -C "$dir" >/dev/null
}

passed=0; failed=0; skipped=0; status=0
tally() { # log file
    local log="$1"
    [ -f "$log" ] || return
    local counts
    counts=$(python3 -c '
import json, sys
p = f = s = 0
for line in open(sys.argv[1]):
    r = json.loads(line)["result"]
    if r == "OK": p += 1
    elif r in ("SKIP", "EXPECTEDFAIL"): s += 1
    else: f += 1
print(p, f, s)' "$log")
    read -r p f s <<<"$counts"
    passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
}

run() { # title, dir, log name, meson test options...
    local title=$1 dir=$2 log=$3; shift 3
    echo "== $title"
    meson test -C "$dir" --print-errorlogs "$@" || status=1
    tally "$dir/meson-logs/$log"
}

setup build || { echo "build failed"; exit 1; }
run "plain build" build testlog.json

export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
setup build-asan -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fno-sanitize-recover=all || { echo "sanitizer build failed"; exit 1; }
run "ASan + UBSan" build-asan testlog.json

# The unit suite once more under valgrind memcheck (the "valgrind" test setup
# in meson.build: leaks and invalid accesses fail the test).
run "valgrind (unit suite)" build testlog-valgrind.json --setup valgrind --suite unit

echo "tests: $passed passed, $failed failed, $skipped skipped"
[ $status -eq 0 ] && [ $failed -eq 0 ]
