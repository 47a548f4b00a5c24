# tools/deps.sh — sourced by tools/run.sh and tools/test.sh: installs the
# Debian 12 packages the build and the tests need, when any is missing.
tls13_packages="gcc pkg-config meson ninja-build python3 libsodium-dev nettle-dev libgmp-dev check valgrind openssl gnutls-bin tshark libssl-dev"

tls13_install_deps() {
    local missing=""
    for p in $tls13_packages; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    echo "installing:$missing"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    # tshark (wireshark-common) asks whether non-root users may capture:
    # answer "no" up front so the install never stops at a prompt.
    echo "wireshark-common wireshark-common/install-setuid boolean false" |
        $sudo debconf-set-selections
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
}
