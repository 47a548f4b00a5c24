#!/usr/bin/env python3
"""tls13-client against tls13-server: echo with pinned Ed25519 and RSA
certificates, the self-signed certificate with --insecure, the --www page,
ALPN and SNI, a HelloRetryRequest between the two, both --explain views,
mutual TLS (--verify-client, --require-client-cert, --cert/--key with
--cafile), and a server that survives a failed handshake and exits cleanly
on SIGINT.

    test_self.py TLS13_SERVER TLS13_CLIENT
"""
import signal
import sys

import interop
from interop import SUITES, check

interop.require("openssl")
t = interop.Tests(sys.argv)


def echo(client, line):
    client.send(line + "\n")
    client.wait_for((line + "\n").encode())


def pinned_case(kind, suite):
    def run(peers):
        cert, key = interop.make_cert(peers.tmpdir, kind)
        server, port = peers.server("--once", "--cert", cert, "--key", key)
        client = peers.client(port, "--pin", cert, "--ciphersuites", suite)
        echo(client, "ping over %s with %s" % (suite, kind))
        echo(client, "x" * 40000)  # several records each way
        client.close_stdin()
        client.expect_exit(0)
        server.expect_exit(0)
        check("TLSv1.3 " + suite in client.stderr_text(), client.stderr_text())
    return run


t.case("tls13-client -> tls13-server, pinned ed25519")(pinned_case("ed25519", SUITES[0]))
t.case("tls13-client -> tls13-server, pinned rsa")(pinned_case("rsa", SUITES[2]))


@t.case("tls13-client --insecure -> tls13-server self-signed, SNI and ALPN")
def _(peers):
    server, port = peers.server("--once", "--alpn", "h2,http/1.1")
    server.wait_for(b"self-signed certificate for localhost, SHA-256 fingerprint ", stream="stderr")
    client = peers.client(port, "--insecure", "--alpn", "http/1.1", host="localhost")
    echo(client, "hello localhost")
    client.close_stdin()
    client.expect_exit(0)
    server.expect_exit(0)
    err = server.stderr_text()
    check("ALPN http/1.1" in err, "server summary lacks ALPN:\n" + err)
    check("SNI localhost" in err, "server summary lacks SNI:\n" + err)
    check("ALPN http/1.1" in client.stderr_text(), client.stderr_text())


@t.case("tls13-client fetches the tls13-server --www page")
def _(peers):
    server, port = peers.server("--once", "--www")
    client = peers.client(port, "--insecure", "--servername", "www.example")
    client.send("GET / HTTP/1.0\r\n\r\n")
    client.expect_exit(0)  # the server answers, then sends close_notify
    server.expect_exit(0)
    page = client.stdout_text()
    check(page.startswith("HTTP/1.0 200 ok\r\nContent-Type: text/plain\r\n\r\n"), page)
    for want in ("Protocol    : TLSv1.3", "Cipher suite: TLS_", "Group       : x25519",
                 "Signature   : ed25519", "SNI         : www.example", "HelloRetryRequest: no"):
        check(want in page, "page lacks %r:\n%s" % (want, page))


@t.case("tls13-client P-256 first, tls13-server X25519 only: HelloRetryRequest, --explain")
def _(peers):
    server, port = peers.server("--once", "--groups", "X25519", "--explain")
    client = peers.client(port, "--insecure", "--groups", "P-256:X25519", "--explain")
    echo(client, "after HRR")
    client.close_stdin()
    client.expect_exit(0)
    server.expect_exit(0)
    for who, text in (("client", client.stderr_text()), ("server", server.stderr_text())):
        for want in ("ClientHello", "HelloRetryRequest", "ServerHello", "EncryptedExtensions",
                     "Certificate ", "CertificateVerify", "Finished", "key_share",
                     "client_handshake_traffic_secret", "server_application_traffic_secret_0",
                     "[record sent]", "close_notify"):
            check(want in text, "%s --explain lacks %r:\n%s" % (who, want, text[-3000:]))
        check(" HRR" in text, "%s summary lacks HRR" % who)


def mutual_server(peers, *extra):
    ca = interop.make_ca(peers.tmpdir)
    server, port = peers.server("--once", "--cert", ca["server_chain"], "--key", ca["server_key"],
                                "--verify-client", ca["root"], *extra)
    return server, port, ca


@t.case("mutual TLS: tls13-client --cert/--key -> tls13-server --verify-client "
        "--require-client-cert, --www page, --explain shows the CertificateRequest")
def _(peers):
    server, port, ca = mutual_server(peers, "--require-client-cert", "--www", "--explain")
    client = peers.client(port, "--cafile", ca["root"], "--cert", ca["client_chain"],
                          "--key", ca["client_key"], host="localhost")
    client.send("GET / HTTP/1.0\r\n\r\n")
    client.expect_exit(0)
    server.expect_exit(0)
    page = client.stdout_text()
    want = "Client certificate: verified, chain to a trust anchor of %s: CN=Interop Client" \
           % ca["root"]
    check(want in page, "page lacks %r:\n%s" % (want, page))
    err = server.stderr_text()
    check("tls13-server: client certificate verified" in err, err[-3000:])
    check(">>> CertificateRequest" in err, "server --explain lacks the CertificateRequest")
    check("subject CN=Interop Client, issuer CN=Interop Root" in err, err[-3000:])
    cerr = client.stderr_text()
    check("server certificate verified: chain to a trust anchor of" in cerr, cerr)
    check("the server asked for a client certificate: sent --cert" in cerr, cerr)


@t.case("mutual TLS: no --cert, tls13-server --require-client-cert says certificate_required")
def _(peers):
    server, port, ca = mutual_server(peers, "--require-client-cert")
    client = peers.client(port, "--cafile", ca["root"], host="localhost")
    client.close_stdin()
    check(client.wait() == 1, "the client got through without a certificate")
    server.expect_exit(1)
    check("sent alert certificate_required" in server.stderr_text(), server.stderr_text())
    check("peer sent alert certificate_required" in client.stderr_text(), client.stderr_text())


@t.case("mutual TLS: no --cert, tls13-server without --require-client-cert serves the client")
def _(peers):
    server, port, ca = mutual_server(peers)
    client = peers.client(port, "--cafile", ca["root"], host="localhost")
    echo(client, "anonymous client")
    client.close_stdin()
    client.expect_exit(0)
    server.expect_exit(0)
    check("client certificate none sent" in server.stderr_text(), server.stderr_text())


@t.case("tls13-server goes on after a failed handshake; SIGINT ends it with 0")
def _(peers):
    cert, key = interop.make_cert(peers.tmpdir, "ed25519")
    other, _ = interop.make_cert(peers.tmpdir, "rsa")
    server, port = peers.server("--cert", cert, "--key", key)
    bad = peers.client(port, "--pin", other, name="tls13-client (wrong pin)")
    bad.close_stdin()
    check(bad.wait() == 1, "client accepted the wrong certificate")
    server.wait_for(b"tls13-server: handshake failed: peer sent alert bad_certificate\n",
                    stream="stderr")
    good = peers.client(port, "--pin", cert)
    echo(good, "the server is still here")
    good.close_stdin()
    good.expect_exit(0)
    server.signal(signal.SIGINT)
    server.expect_exit(0)


t.main()
