#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-or-later
# genhash: `vigild --genhash` (and vigil-genhash) print the same digest as
# keepalived 2.2.7's genhash for the same URL: empty, small and 1 MB bodies,
# a chunked reply, a virtualhost (the server echoes the Host header, so a
# wrong Host changes the digest), HTTP/1.0c and 1.1, an error page, over
# HTTP and HTTPS (self-signed certificate made here), with and without SNI.
# A refused connection makes vigil exit non-zero (keepalived exits 0) and
# print no digest. Local servers on 127.0.0.1 only; no root needed.
# Skips (77) only when keepalived's genhash is missing.
set -u
top_builddir=${top_builddir:-.}
VIGILD=$top_builddir/vigild
KA=${KA_GENHASH:-$(command -v genhash || echo /usr/bin/genhash)}
[ -x "$KA" ] || { echo "SKIP: keepalived's genhash not installed"; exit 77; }
for t in python3 openssl md5sum; do
	command -v $t >/dev/null || { echo "not ok - $t is needed"; exit 1; }
done

W=$(mktemp -d /tmp/vigil-genhash.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; rm -rf "$W"; }
trap cleanup EXIT
fails=0
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
notok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }

mkdir -p "$W/www"
: >"$W/www/empty"
printf 'hello\n' >"$W/www/small.txt"
head -c 1048576 /dev/urandom >"$W/www/big.bin"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=vigil-test \
	-keyout "$W/key.pem" -out "$W/cert.pem" >/dev/null 2>&1 ||
	{ echo "not ok - openssl cannot make a certificate"; exit 1; }

# A file server with two extras: /host answers with the request's Host and
# User-Agent, /chunked answers with a chunked body. Prints its port.
cat >"$W/srv.py" <<'PY'
import http.server, os, ssl, sys
class H(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *a):
        pass
    def do_GET(self):
        if self.path == "/host":
            b = ("host=%s ua=%s\n" % (self.headers.get("Host"), self.headers.get("User-Agent"))).encode()
            self.send_response(200); self.send_header("Content-Length", str(len(b))); self.end_headers()
            self.wfile.write(b); return
        if self.path == "/chunked":
            self.send_response(200); self.send_header("Transfer-Encoding", "chunked"); self.end_headers()
            self.wfile.write(b"5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"); return
        return super().do_GET()
os.chdir(sys.argv[1])
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
if len(sys.argv) > 2:
    c = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER); c.load_cert_chain(sys.argv[2], sys.argv[3])
    s.socket = c.wrap_socket(s.socket, server_side=True)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
start_srv() { # outfile args...
	local out=$1
	shift
	python3 "$W/srv.py" "$@" >"$out" 2>/dev/null &
	pids+=($!)
	for _ in $(seq 50); do [ -s "$out" ] && return 0; sleep 0.1; done
	return 1
}
start_srv "$W/http.port" "$W/www" || { echo "not ok - HTTP server"; exit 1; }
start_srv "$W/https.port" "$W/www" "$W/cert.pem" "$W/key.pem" || { echo "not ok - HTTPS server"; exit 1; }
HP=$(cat "$W/http.port")
SP=$(cat "$W/https.port")

# same_digest WHAT ARGS...: both tools print one identical 32-hex line.
same_digest() {
	local what=$1 v k
	shift
	v=$("$VIGILD" --genhash "$@" 2>"$W/err")
	k=$("$KA" "$@" 2>/dev/null)
	if [[ $v =~ ^[0-9a-f]{32}$ && $v == "$k" ]]; then
		ok "$what: $v"
	else
		notok "$what: vigil '$v' keepalived '$k' ($(head -c 200 "$W/err"))"
	fi
}

same_digest "empty body" -s 127.0.0.1 -p "$HP" -u /empty
same_digest "small body" -s 127.0.0.1 -p "$HP" -u /small.txt
same_digest "1 MB body" -s 127.0.0.1 -p "$HP" -u /big.bin
same_digest "Host: server:port" -s 127.0.0.1 -p "$HP" -u /host
same_digest "virtualhost" -s 127.0.0.1 -p "$HP" -u /host -V www.example.com
same_digest "HTTP/1.1" -s 127.0.0.1 -p "$HP" -u /host -P 1.1 -V www.example.com
same_digest "HTTP/1.0c" -s 127.0.0.1 -p "$HP" -u /small.txt -P 1.0c
same_digest "chunked body (framing hashed)" -s 127.0.0.1 -p "$HP" -u /chunked -P 1.1
same_digest "error page" -s 127.0.0.1 -p "$HP" -u /no-such-file
same_digest "HTTPS small body" -S -s 127.0.0.1 -p "$SP" -u /small.txt
same_digest "HTTPS 1 MB body" -S -s 127.0.0.1 -p "$SP" -u /big.bin
same_digest "HTTPS virtualhost with SNI" -S -I -s 127.0.0.1 -p "$SP" -u /host -V www.example.com

# The digest is md5sum's for a plain body, and -v shows keepalived's frame.
want=$(md5sum <"$W/www/big.bin" | cut -d' ' -f1)
got=$("$VIGILD" --genhash -s 127.0.0.1 -p "$HP" -u /big.bin)
[ "$got" = "$want" ] && ok "1 MB digest is md5sum's" || notok "1 MB digest $got, md5sum $want"
"$VIGILD" -T -v -s 127.0.0.1 -p "$HP" -u /small.txt >"$W/v.out"
if grep -q '^-----------------------\[ HTML hash final resulting \]' "$W/v.out" &&
	grep -q '^0000  68 65 6c 6c 6f 0a  ' "$W/v.out" &&
	grep -q "^Global response time for \[/small.txt\] = [0-9]* usecs$" "$W/v.out" &&
	[ "$(grep -A1 'final resulting' "$W/v.out" | tail -1)" = "$(md5sum <"$W/www/small.txt" | cut -d' ' -f1)" ]; then
	ok "-v: body dump, digest and response time"
else
	notok "-v output: $(head -c 400 "$W/v.out")"
fi

# Invoked as vigil-genhash.
ln -s "$(cd "$top_builddir" && pwd)/vigild" "$W/vigil-genhash"
got=$("$W/vigil-genhash" -s 127.0.0.1 -p "$HP" -u /small.txt)
[ "$got" = "$(md5sum <"$W/www/small.txt" | cut -d' ' -f1)" ] && ok "as vigil-genhash" ||
	notok "as vigil-genhash: '$got'"

# A refused connection: vigil fails (keepalived's genhash exits 0).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
out=$("$VIGILD" --genhash -s 127.0.0.1 -p "$port" -u / -t 2 2>/dev/null)
rc=$?
if [ $rc -ne 0 ] && ! [[ $out =~ [0-9a-f]{32} ]]; then
	ok "refused connection: exit $rc, no digest"
else
	notok "refused connection: exit $rc, output '$out'"
fi
"$KA" -s 127.0.0.1 -p "$port" -u / >/dev/null 2>&1
echo "# keepalived's genhash exits $? on the same refused connection"
# Bad options: exit 2 with a message.
"$VIGILD" --genhash -s 127.0.0.1 -u / >/dev/null 2>"$W/err"
rc=$?
[ $rc -eq 2 ] && grep -q "required" "$W/err" && ok "missing -p: exit 2" || notok "missing -p: exit $rc"

echo "1..$n"
echo "# $fails failed"
[ $fails -eq 0 ]
