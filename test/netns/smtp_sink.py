#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""smtp_sink: a tiny SMTP relay for the netns tests (no smtpd module).

Usage: smtp_sink.py ADDR PORT DIR

Listens on ADDR:PORT, answers a plain RFC 5321 dialogue (HELO/EHLO, MAIL,
RCPT, DATA, RSET, NOOP, QUIT) and writes each message to DIR/msg.N (the DATA
text, dot-unstuffed, CRLF kept) with DIR/env.N (the client's commands, one a
line, up to and including DATA). Files are written under a temporary name and
renamed, so a reader never sees half a message. DIR/ready appears once
listening. One connection at a time; a client that stalls is dropped after
30 s. EHLO lists no extensions, so clients fall back to plain SMTP.
"""

import os
import socket
import sys


def serve(conn, outdir, counter):
    conn.settimeout(30)
    f = conn.makefile("rb")

    def say(line):
        conn.sendall(line.encode() + b"\r\n")

    say("220 sink.test ESMTP vigil-test-sink")
    env = []
    while True:
        raw = f.readline()
        if not raw:
            return
        line = raw.decode("latin-1").rstrip("\r\n")
        verb = line.split(" ", 1)[0].upper()
        if verb in ("HELO", "EHLO"):
            env = [line]
            say("250 sink.test")
        elif verb in ("MAIL", "RCPT", "NOOP"):
            env.append(line)
            say("250 OK")
        elif verb == "RSET":
            env = env[:1]
            say("250 OK")
        elif verb == "DATA":
            env.append(line)
            say("354 End data with <CR><LF>.<CR><LF>")
            data = []
            while True:
                d = f.readline()
                if not d:
                    return
                if d in (b".\r\n", b".\n"):
                    break
                if d.startswith(b".."):
                    d = d[1:]
                data.append(d)
            counter[0] += 1
            n = counter[0]
            for name, content in (("env", "\n".join(env).encode() + b"\n"), ("msg", b"".join(data))):
                tmp = os.path.join(outdir, ".%s.%d" % (name, n))
                with open(tmp, "wb") as out:
                    out.write(content)
                os.rename(tmp, os.path.join(outdir, "%s.%d" % (name, n)))
            env = env[:1]
            say("250 OK queued as %d" % n)
        elif verb == "QUIT":
            say("221 Bye")
            return
        else:
            say("502 Command not implemented")


def main():
    addr, port, outdir = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    family = socket.AF_INET6 if ":" in addr else socket.AF_INET
    srv = socket.socket(family, socket.SOCK_STREAM)
    srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    srv.bind((addr, port))
    srv.listen(16)
    with open(os.path.join(outdir, "ready"), "w") as r:
        r.write("%d\n" % os.getpid())
    counter = [0]
    while True:
        conn, _ = srv.accept()
        try:
            serve(conn, outdir, counter)
        except (OSError, UnicodeError):
            pass
        finally:
            conn.close()


if __name__ == "__main__":
    main()
