#!/usr/bin/env python3
"""GnuTLS interop: tls13-client against `gnutls-serv --echo` (Ed25519 and RSA
certificates, pinned), and `gnutls-cli` against tls13-server (each cipher
suite, forced with a GnuTLS priority string).

    test_gnutls.py TLS13_SERVER TLS13_CLIENT
"""
import sys
import time

import interop
from interop import SUITES, check

interop.require("gnutls-serv", "gnutls-cli", "openssl")
t = interop.Tests(sys.argv)

GNUTLS_CIPHER = {
    "TLS_AES_128_GCM_SHA256": "AES-128-GCM",
    "TLS_AES_256_GCM_SHA384": "AES-256-GCM",
    "TLS_CHACHA20_POLY1305_SHA256": "CHACHA20-POLY1305",
}


def gnutls_serv(peers, kind):
    """gnutls-serv cannot report an ephemeral port: take a free one, and try
    again if another process grabbed it in between."""
    cert, key = interop.make_cert(peers.tmpdir, kind)
    for _ in range(5):
        port = interop.free_port()
        proc = peers.start("gnutls-serv", [
            "gnutls-serv", "--echo", "--x509certfile", cert, "--x509keyfile", key,
            "-p", str(port)])
        try:
            interop.wait_listening(proc, port, timeout=5)
            return proc, port, cert
        except interop.Failure:
            proc.kill()
            time.sleep(0.2)
    raise interop.Failure("gnutls-serv did not start")


def client_case(kind):
    def run(peers):
        server, port, cert = gnutls_serv(peers, kind)
        client = peers.client(port, "--pin", cert)
        line = "hello gnutls-serv, from tls13-client (%s)" % kind
        client.send(line + "\n")
        client.wait_for((line + "\n").encode())
        client.send("second line\n")
        client.wait_for(b"second line\n")
        client.close_stdin()
        client.expect_exit(0)
        err = client.stderr_text()
        check("tls13-client: TLSv1.3 " in err, "no summary:\n" + err)
    return run


for k in ("ed25519", "rsa"):
    t.case("tls13-client -> gnutls-serv --echo (%s certificate)" % k)(client_case(k))


def cli_case(suite):
    def run(peers):
        server, port = peers.server("--once")
        priority = "NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+" + GNUTLS_CIPHER[suite]
        client = peers.start("gnutls-cli", [
            "gnutls-cli", "--no-ca-verification", "--priority", priority,
            "-p", str(port), "127.0.0.1"])
        line = "hello tls13-server, from gnutls-cli"
        client.send(line + "\n")
        client.wait_for((line + "\n").encode())
        client.close_stdin()
        client.expect_exit(0)
        server.expect_exit(0)
        err = server.stderr_text()
        check("TLSv1.3 " + suite in err, "server summary lacks %s:\n%s" % (suite, err))
        check("closed cleanly" in err, "not a clean close:\n" + err)
    return run


for s in SUITES:
    t.case("gnutls-cli (%s) -> tls13-server" % s)(cli_case(s))


t.main()
