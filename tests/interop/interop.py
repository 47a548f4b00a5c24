"""interop.py — shared harness for the interop tests (meson suite 'interop').

Each test script runs tls13-server / tls13-client against another TLS stack
(openssl, gnutls) or against each other, on 127.0.0.1 with ephemeral ports.
Every process a test starts is registered with a Peers object and killed in
its `finally`, so no test leaves a process behind. A script whose peer binary
is missing exits 77, which meson reports as a skip.

Usage from a script:

    import interop
    t = interop.Tests(sys.argv)        # argv: script SERVER CLIENT
    @t.case("name")
    def _(peers):
        srv = peers.server("--once")
        ...
    t.main()
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

SKIP = 77
DEFAULT_TIMEOUT = 10.0
SUITES = ["TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"]


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


def require(*binaries):
    """Skips the whole script (exit 77) if a binary is not installed."""
    missing = [b for b in binaries if shutil.which(b) is None]
    if missing:
        print("SKIP: not installed: " + ", ".join(missing))
        sys.exit(SKIP)


def free_port():
    """A port that was free a moment ago (for peers that cannot pick their own)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_listening(proc, port, timeout=DEFAULT_TIMEOUT):
    """Waits until something accepts TCP connections on 127.0.0.1:port (for
    peers whose output is block-buffered); fails if proc exits first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.proc.poll() is not None:
            raise Failure("%s exited early\n%s" % (proc.name, proc.describe()))
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise Failure("%s: nothing listens on port %d\n%s" % (proc.name, port, proc.describe()))


class Proc:
    """A child process whose stdout and stderr are collected by threads."""

    def __init__(self, name, argv, stdin=True):
        self.name = name
        self.argv = argv
        self.proc = subprocess.Popen(
            argv,
            stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        self.out = bytearray()
        self.err = bytearray()
        self.cond = threading.Condition()
        self.threads = [
            threading.Thread(target=self._collect, args=(self.proc.stdout, self.out), daemon=True),
            threading.Thread(target=self._collect, args=(self.proc.stderr, self.err), daemon=True),
        ]
        for t in self.threads:
            t.start()

    def _collect(self, pipe, buf):
        fd = pipe.fileno()
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                chunk = b""
            with self.cond:
                if not chunk:
                    self.cond.notify_all()
                    return
                buf.extend(chunk)
                self.cond.notify_all()

    def stdout_text(self):
        with self.cond:
            return self.out.decode("utf-8", "replace")

    def stderr_text(self):
        with self.cond:
            return self.err.decode("utf-8", "replace")

    def wait_for(self, pattern, stream="stdout", timeout=DEFAULT_TIMEOUT):
        """Waits until `pattern` (bytes or a compiled regex) shows up; returns
        the match (a regex match object or True)."""
        buf = self.out if stream == "stdout" else self.err
        deadline = time.monotonic() + timeout
        with self.cond:
            while True:
                found = pattern.search(buf) if hasattr(pattern, "search") else (pattern in buf)
                if found:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                if self.proc.poll() is not None and not any(t.is_alive() for t in self.threads):
                    break
                self.cond.wait(min(left, 0.1))
        raise Failure("%s: %r never appeared on %s\n%s" % (self.name, pattern, stream, self.describe()))

    def send(self, data):
        if isinstance(data, str):
            data = data.encode()
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def close_stdin(self):
        try:
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def wait(self, timeout=DEFAULT_TIMEOUT):
        """Waits for the exit; returns the exit status (fails on a timeout)."""
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            raise Failure("%s: still running after %.0f s\n%s" % (self.name, timeout, self.describe()))
        for t in self.threads:
            t.join(2)
        return rc

    def expect_exit(self, status, timeout=DEFAULT_TIMEOUT):
        rc = self.wait(timeout)
        check(rc == status, "%s: exit status %s, wanted %s\n%s" % (self.name, rc, status, self.describe()))

    def signal(self, sig):
        if self.proc.poll() is None:
            self.proc.send_signal(sig)

    def kill(self):
        if self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                pass
        for stream in (self.proc.stdin, self.proc.stdout, self.proc.stderr):
            try:
                if stream:
                    stream.close()
            except OSError:
                pass

    def describe(self):
        return "  command: %s\n  --- stdout ---\n%s\n  --- stderr ---\n%s" % (
            " ".join(self.argv),
            self.stdout_text()[-3000:],
            self.stderr_text()[-3000:],
        )


class Peers:
    """Starts processes and guarantees they are all gone afterwards."""

    def __init__(self, server_bin, client_bin, tmpdir):
        self.server_bin = server_bin
        self.client_bin = client_bin
        self.tmpdir = tmpdir
        self.procs = []

    def start(self, name, argv, stdin=True):
        p = Proc(name, [str(a) for a in argv], stdin)
        self.procs.append(p)
        return p

    def server(self, *args, name="tls13-server"):
        """Starts tls13-server on 127.0.0.1, ephemeral port; returns (proc, port)."""
        p = self.start(name, [self.server_bin, "--accept", "127.0.0.1:0", *args])
        m = p.wait_for(re.compile(rb"ACCEPT 127\.0\.0\.1:(\d+)\n"))
        return p, int(m.group(1))

    def client(self, port, *args, host="127.0.0.1", name="tls13-client"):
        return self.start(name, [self.client_bin, "--connect", "%s:%d" % (host, port), *args])

    def cleanup(self):
        for p in self.procs:
            p.kill()
        self.procs = []


def make_cert(tmpdir, kind):
    """A self-signed certificate for localhost made by openssl: returns (cert, key)."""
    cert = os.path.join(tmpdir, kind + ".crt")
    key = os.path.join(tmpdir, kind + ".key")
    if os.path.exists(cert):
        return cert, key
    newkey = {
        "ed25519": ["-newkey", "ed25519"],
        "rsa": ["-newkey", "rsa:2048"],
        "ecdsa": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
    }[kind]
    subprocess.run(
        ["openssl", "req", "-x509", *newkey, "-keyout", key, "-out", cert, "-days", "2",
         "-nodes", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=30)
    return cert, key


def make_ca(tmpdir):
    """A root CA and two leaves issued by it, made by openssl (EC P-256):
    returns a dict of paths: root (the trust anchor), server_chain and
    server_key (CN=localhost, SAN DNS:localhost and IP:127.0.0.1, EKU
    serverAuth), client_chain and client_key (EKU clientAuth)."""
    d = os.path.join(tmpdir, "ca")
    paths = {
        "root": os.path.join(d, "root.pem"),
        "server_chain": os.path.join(d, "server.pem"), "server_key": os.path.join(d, "server.key"),
        "client_chain": os.path.join(d, "client.pem"), "client_key": os.path.join(d, "client.key"),
    }
    if os.path.exists(paths["client_chain"]):
        return paths
    os.makedirs(d, exist_ok=True)
    cnf = os.path.join(d, "min.cnf")
    with open(cnf, "w") as f:
        f.write("[req]\ndistinguished_name = dn\n[dn]\n")

    def run(*argv):
        subprocess.run(["openssl", *argv], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=30)

    def cert(name, cn, *ext, ca=None):
        key = os.path.join(d, name + ".key")
        run("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key)
        argv = ["req", "-config", cnf, "-x509", "-new", "-key", key, "-subj", "/CN=" + cn,
                "-days", "2", "-out", os.path.join(d, name + ".pem")]
        if ca:
            argv += ["-CA", os.path.join(d, ca + ".pem"), "-CAkey", os.path.join(d, ca + ".key")]
        for e in ext:
            argv += ["-addext", e]
        run(*argv)

    leaf = ["basicConstraints=critical,CA:FALSE", "keyUsage=critical,digitalSignature"]
    cert("root", "Interop Root", "basicConstraints=critical,CA:TRUE",
         "keyUsage=critical,keyCertSign,cRLSign")
    cert("server", "localhost", *leaf, "subjectAltName=DNS:localhost,IP:127.0.0.1",
         "extendedKeyUsage=serverAuth", ca="root")
    cert("client", "Interop Client", *leaf, "extendedKeyUsage=clientAuth", ca="root")
    return paths


class Tests:
    """A list of named cases; main() runs them all and exits 0, 1 or 77."""

    def __init__(self, argv):
        if len(argv) < 3:
            print("usage: %s TLS13_SERVER TLS13_CLIENT" % argv[0])
            sys.exit(2)
        self.server_bin = os.path.abspath(argv[1])
        self.client_bin = os.path.abspath(argv[2])
        self.cases = []

    def case(self, name):
        def register(fn):
            self.cases.append((name, fn))
            return fn
        return register

    def main(self):
        failed = skipped = 0
        with tempfile.TemporaryDirectory(prefix="tls13-interop-") as tmpdir:
            for name, fn in self.cases:
                peers = Peers(self.server_bin, self.client_bin, tmpdir)
                start = time.monotonic()
                try:
                    fn(peers)
                    print("ok    %s (%.1f s)" % (name, time.monotonic() - start))
                except Skip as e:
                    skipped += 1
                    print("skip  %s: %s" % (name, e))
                except Failure as e:
                    failed += 1
                    print("FAIL  %s\n%s" % (name, e))
                except Exception as e:  # a bug in the test itself
                    failed += 1
                    print("FAIL  %s: %s: %s" % (name, type(e).__name__, e))
                finally:
                    peers.cleanup()
                sys.stdout.flush()
        passed = len(self.cases) - failed - skipped
        print("summary: %d ok, %d failed, %d skipped" % (passed, failed, skipped))
        if failed:
            sys.exit(1)
        sys.exit(SKIP if skipped == len(self.cases) else 0)
