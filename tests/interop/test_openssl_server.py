#!/usr/bin/env python3
"""tls13-client against openssl s_server: each cipher suite with an Ed25519,
an RSA and an ECDSA P-256 certificate (pinned with --pin), data both ways
(s_server -rev sends each line back reversed); a wrong pin fails; default
verification refuses a self-signed certificate; --cafile accepts a
CA-issued one by name and by IP address and refuses another host name;
--cert/--key answer s_server -Verify (mutual TLS).

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


@t.case("tls13-client verifies by default: a self-signed certificate leads to no trust anchor")
def _(peers):
    server, port, _ = s_server(peers, "ed25519")
    client = peers.client(port, "--servername", "localhost", name="tls13-client (default)")
    client.close_stdin()
    check(client.wait() == 1, "client accepted a certificate no trust anchor vouches for")
    err = client.stderr_text()
    check("handshake failed: the chain does not lead to a trusted root" in err, err)
    check("(sent alert unknown_ca)" in err, err)


def ca_server(peers, *extra):
    ca = interop.make_ca(peers.tmpdir)
    proc = peers.start("openssl s_server", [
        "openssl", "s_server", "-tls1_3", "-cert", ca["server_chain"], "-key", ca["server_key"],
        "-accept", "127.0.0.1:0", "-naccept", "1", "-rev", *extra])
    m = proc.wait_for(re.compile(rb"ACCEPT 127\.0\.0\.1:(\d+)"))
    return proc, int(m.group(1)), ca


@t.case("tls13-client --cafile: openssl s_server's CA-issued certificate, by name and by IP")
def _(peers):
    for host in ("localhost", "127.0.0.1"):
        server, port, ca = ca_server(peers)
        client = peers.client(port, "--cafile", ca["root"], host=host)
        client.send("verified\n")
        client.wait_for(b"deifirev")
        client.close_stdin()
        client.expect_exit(0)
        server.expect_exit(0)
        err = client.stderr_text()
        want = "server certificate verified: chain to a trust anchor of %s, host %s: " \
               "CN=localhost, issued by CN=Interop Root" % (ca["root"], host)
        check(want in err, "client lacks %r:\n%s" % (want, err))


@t.case("tls13-client --cafile refuses a certificate for another host name")
def _(peers):
    server, port, ca = ca_server(peers)
    client = peers.client(port, "--cafile", ca["root"], "--servername", "www.example.com")
    client.close_stdin()
    check(client.wait() == 1, "client accepted a certificate for another name")
    err = client.stderr_text()
    check("not for the host name" in err and "(sent alert bad_certificate)" in err, err)


@t.case("tls13-client --cert/--key -> openssl s_server -Verify 1 (mutual TLS)")
def _(peers):
    root = interop.make_ca(peers.tmpdir)["root"]
    server, port, ca = ca_server(peers, "-Verify", "1", "-CAfile", root)
    client = peers.client(port, "--cafile", ca["root"], "--cert", ca["client_chain"],
                          "--key", ca["client_key"])
    client.send("mutual\n")
    client.wait_for(b"lautum")
    client.close_stdin()
    client.expect_exit(0)
    server.expect_exit(0)
    check("the server asked for a client certificate: sent --cert" in client.stderr_text(),
          client.stderr_text())
    out = server.stdout_text() + server.stderr_text()
    check("Interop Client" in out, "s_server did not show the client certificate:\n" + out)


@t.case("tls13-client --cafile, --pin and --insecure: one at a time")
def _(peers):
    ca = interop.make_ca(peers.tmpdir)
    client = peers.client(1, "--cafile", ca["root"], "--insecure", name="tls13-client (both)")
    client.close_stdin()
    check(client.wait() == 2, "client took two ways to check the server")
    check("pass one" in client.stderr_text(), client.stderr_text())


t.main()
