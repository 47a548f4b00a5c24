#!/usr/bin/env python3
"""tls13-client against openssl s_server: each cipher suite with an Ed25519,
an RSA and an ECDSA P-256 certificate (pinned with --pin), data both ways
(s_server -rev sends each line back reversed); a wrong pin and a missing
verification option must fail.

    test_openssl_server.py TLS13_SERVER TLS13_CLIENT
"""
import re
import sys

import interop
from interop import SUITES, check

interop.require("openssl")
t = interop.Tests(sys.argv)

SCHEMES = {"ed25519": "ed25519", "rsa": "rsa_pss_rsae_sha256", "ecdsa": "ecdsa_secp256r1_sha256"}


def s_server(peers, kind):
    cert, key = interop.make_cert(peers.tmpdir, kind)
    proc = peers.start("openssl s_server", [
        "openssl", "s_server", "-tls1_3", "-cert", cert, "-key", key,
        "-accept", "127.0.0.1:0", "-naccept", "1", "-rev"])
    m = proc.wait_for(re.compile(rb"ACCEPT 127\.0\.0\.1:(\d+)"))
    return proc, int(m.group(1)), cert


def case(kind, suite):
    def run(peers):
        server, port, cert = s_server(peers, kind)
        client = peers.client(port, "--pin", cert, "--ciphersuites", suite)
        line = "hello from tls13-client with %s" % suite
        client.send(line + "\n")
        client.wait_for(line[::-1].encode())
        client.close_stdin()
        client.expect_exit(0)
        server.expect_exit(0)
        err = client.stderr_text()
        want = "tls13-client: TLSv1.3 %s x25519 %s" % (suite, SCHEMES[kind])
        check(want in err, "client summary: wanted %r in\n%s" % (want, err))
    return run


for kind in SCHEMES:
    for s in SUITES:
        t.case("tls13-client -> openssl s_server (%s certificate, %s)" % (kind, s))(case(kind, s))


@t.case("tls13-client refuses a certificate that does not match --pin")
def _(peers):
    server, port, _ = s_server(peers, "ed25519")
    other, _ = interop.make_cert(peers.tmpdir, "rsa")
    client = peers.client(port, "--pin", other)
    client.close_stdin()
    rc = client.wait()
    check(rc not in (0, None), "client accepted a certificate it was not pinned to")
    err = client.stderr_text()
    check("handshake failed" in err, "no clear message:\n" + err)


@t.case("tls13-client without --pin or --insecure refuses to run")
def _(peers):
    client = peers.client(1, name="tls13-client (no verification)")
    client.close_stdin()
    check(client.wait() != 0, "client ran without a way to verify the server")
    check("no way to verify the server" in client.stderr_text(), client.stderr_text())


t.main()
