#!/usr/bin/env python3
"""Wireshark decrypts our traffic with our key log: tshark captures the
loopback traffic of a tls13-client ↔ tls13-server connection, and, given the
client's --keylogfile (NSS key log format), must show the application data
both ways in clear. Skips if tshark is missing or capturing is not permitted.

    test_tshark.py TLS13_SERVER TLS13_CLIENT
"""
import os
import re
import signal
import subprocess
import sys
import time

import interop
from interop import check

interop.require("tshark")
t = interop.Tests(sys.argv)

HEX_LINE = re.compile(r"^[0-9a-f]{4}  ((?:[0-9a-f]{2} ){1,16})")


def decrypted_payloads(pcap, keylog, port):
    """The bytes of every "Decrypted TLS" block tshark prints."""
    out = subprocess.run(
        ["tshark", "-r", pcap, "-o", "tls.keylog_file:" + keylog,
         "-d", "tcp.port==%d,tls" % port, "-x"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=60, check=True,
    ).stdout.decode("utf-8", "replace")
    blocks, current = [], None
    for line in out.splitlines():
        if line.startswith("Decrypted TLS"):
            current = bytearray()
            blocks.append(current)
        elif current is not None:
            m = HEX_LINE.match(line)
            if m:
                current.extend(bytes.fromhex(m.group(1).replace(" ", "")))
            else:
                current = None
    return blocks


def start_capture(peers, port, pcap):
    cap = peers.start("tshark", ["tshark", "-i", "lo", "-f", "tcp port %d" % port, "-w", pcap],
                      stdin=False)
    try:
        cap.wait_for(b"Capturing on", stream="stderr", timeout=15)
    except interop.Failure:
        raise interop.Skip("tshark cannot capture on lo here: " + cap.stderr_text().strip()[-300:])
    time.sleep(1.0)  # the filter is in place shortly after the banner
    return cap


@t.case("tshark decrypts tls13 traffic with --keylogfile")
def _(peers):
    server, port = peers.server("--once")
    pcap = os.path.join(peers.tmpdir, "capture.pcapng")
    keylog = os.path.join(peers.tmpdir, "keylog.txt")
    cap = start_capture(peers, port, pcap)
    client = peers.client(port, "--insecure", "--keylogfile", keylog)
    marker = b"tls13 interop marker: the quick brown fox"
    client.send(marker + b"\n")
    client.wait_for(marker + b"\n")
    client.close_stdin()
    client.expect_exit(0)
    server.expect_exit(0)
    time.sleep(0.3)
    cap.signal(signal.SIGINT)
    cap.wait(15)
    with open(keylog) as f:
        labels = {line.split()[0] for line in f if line.strip()}
    for label in ("CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                  "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0"):
        check(label in labels, "key log lacks " + label)
    blocks = decrypted_payloads(pcap, keylog, port)
    hits = sum(1 for b in blocks if marker in b)
    check(hits >= 2, "decrypted data shows the marker %d times, wanted 2 (both ways); "
          "%d decrypted blocks" % (hits, len(blocks)))
    # Wireshark also decrypted the handshake: the server's Finished (type 20).
    check(any(b[:1] == b"\x14" for b in blocks), "no decrypted Finished message")


t.main()
