/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_test_util: shared helpers for the checker test suites (Check, fork
 * mode): a log file captured per test, an engine run on one real server
 * bounded by a log line and a time limit, scripted servers on 127.0.0.1
 * with ephemeral ports (a forked TCP server, plain or TLS with a key and
 * self-signed certificate made in memory with the OpenSSL API, and a UDP
 * server on the test's own loop), MD5 and /proc/self/status figures.
 */
#ifndef VIGIL_HC_TEST_UTIL_H
#define VIGIL_HC_TEST_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <check.h>
#include <openssl/ssl.h>

#include "ev/ev.h"

struct conf;

/* HCT_ASAN: built with AddressSanitizer (gcc or clang), whose quarantine inflates RSS. */
#if defined(__SANITIZE_ADDRESS__)
#define HCT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define HCT_ASAN 1
#endif
#endif

/* The per-test state: the loop, the log file, what the engine reported. */
struct hct {
	struct ev_loop *loop;
	char dir[64];
	char logpath[128];
	int nreports;
	int nup;
	int ndown;
	bool last_up;
	int last_weight;  /* the weight of the last report */
	pid_t server_pid; /* the forked TCP server, killed at teardown */
};

extern struct hct hct;

/* Runs every test of s (CK_NORMAL), frees the runner; main()'s exit status. */
int hct_run_suite(Suite *s);

/* Check fixture: a fresh temporary directory, log file and loop; teardown undoes it. */
void hct_setup(void);
void hct_teardown(void);

/* A whole file (static buffer, up to 1 MiB; "" when it cannot be read). */
const char *hct_slurp(const char *path);
/* The whole log so far (hct_slurp()'s buffer), and tests on it. */
const char *hct_log(void);
bool hct_log_has(const char *needle);
unsigned hct_log_count(const char *needle);

uint64_t hct_mono_ms(void);
/* Runs the loop until the log holds one more until_log (NULL: never) or max_ms passed. */
bool hct_run_until(const char *until_log, uint64_t max_ms);
/* Runs the loop for ms milliseconds. */
void hct_run_ms(uint64_t ms);

/* Loads a configuration text, asserting it has no warning or error. */
struct conf *hct_conf_load(const char *text);
/* The engine's report callback: counts reports in hct (arg unused). */
void hct_on_report(void *arg, size_t vs, size_t rs, bool up, int weight);

/*
 * Runs an engine for one real server 127.0.0.1:port (virtual server
 * protocol proto, "TCP" or "UDP") whose checker block is `checker` until
 * the log holds one more until_log than before or max_ms passed. Returns whether the line came.
 * The engine is freed before returning.
 */
bool hct_run_checker(const char *proto, unsigned port, const char *checker, const char *until_log,
		     uint64_t max_ms);

/* A socket bound to 127.0.0.1 on an ephemeral port. */
int hct_bound(int type, unsigned *port);

/* --- the forked TCP server --------------------------------------------------------------- */

struct hct_conn {
	int fd;
	SSL *ssl;
	char req[4096]; /* the request, when hct_conn_read_request() read it */
	size_t nreq;
};

/* Plays one behaviour on an accepted connection (in the server process). */
typedef void (*hct_conn_fn)(struct hct_conn *c, void *arg);

/*
 * Forks a server listening on 127.0.0.1 (port returned) that accepts
 * connections one at a time, makes the TLS handshake when tls is set (see
 * hct_tls_server_ctx()), and runs fn on each; the connection is closed
 * when fn returns. tls (may be NULL) is consumed. The server is killed at
 * teardown.
 */
unsigned hct_tcp_server(hct_conn_fn fn, void *arg, SSL_CTX *tls);
/* Reads until an empty line (a whole request head) or EOF. False on EOF or error first. */
bool hct_conn_read_request(struct hct_conn *c);
/* Writes all n bytes. False when the peer is gone. */
bool hct_conn_write(struct hct_conn *c, const void *buf, size_t n);
bool hct_conn_puts(struct hct_conn *c, const char *s);
/* Sleeps ms milliseconds (in the server process). */
void hct_sleep_ms(unsigned ms);

/* A TLS server context with an EC key and a self-signed certificate, made in memory. */
SSL_CTX *hct_tls_server_ctx(void);

/* --- the UDP server on the test's loop --------------------------------------------------- */

struct hct_udp;
/*
 * Returns the reply to a datagram q (written to out, up to cap bytes), 0
 * for none; hct_udp_send() sends more datagrams to its sender first.
 */
typedef size_t (*hct_udp_fn)(struct hct_udp *s, const uint8_t *q, size_t n, uint8_t *out,
			     size_t cap, void *arg);

struct hct_udp *hct_udp_server(hct_udp_fn fn, void *arg, unsigned *port);
void hct_udp_send(struct hct_udp *s, const void *buf, size_t n);
unsigned hct_udp_queries(const struct hct_udp *s);
void hct_udp_free(struct hct_udp *s);

/* --- figures ----------------------------------------------------------------------------- */

/* MD5 of n bytes as lowercase hex. */
const char *hct_md5_hex(const void *buf, size_t n, char out[33]);
/* A field of /proc/self/status in kB ("VmRSS", "VmHWM"), -1 when absent. */
long hct_status_kb(const char *field);

#endif
