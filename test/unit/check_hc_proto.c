/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_proto: SMTP_CHECK, DNS_CHECK and UDP_CHECK through the whole
 * engine on a real loop against servers on 127.0.0.1: a forked SMTP
 * server (good conversation, bad banner, silence), and UDP servers on the
 * test's own loop (DNS replies with chosen RCODEs and foreign IDs, echo,
 * fixed and missing UDP replies), plus closed UDP ports (ICMP errors).
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test/unit/hc_test_util.h"

static char rec[4096];
static size_t nrec;

static void
setup(void)
{
	hct_setup();
	nrec = 0;
	rec[0] = '\0';
}

/* A UDP port nobody listens on (bound, then closed). */
static unsigned
closed_udp_port(void)
{
	unsigned port;

	close(hct_bound(SOCK_DGRAM, &port));
	return port;
}

/* Runs an engine for ms on one real server at port with checker as its checker block. */
static void
run_checker(unsigned port, const char *checker, uint64_t ms)
{
	hct_run_checker("UDP", port, checker, NULL, ms);
}

#define CHK(type, extra)                                                                           \
	type " {\n connect_timeout 0.5\n delay_before_retry 0.2\n warmup 0\n alpha\n retry 0\n"    \
	     " log_all_failures\n" extra "\n}"

/* --- SMTP (forked server) ---------------------------------------------------------------- */

enum smtp_mode { SMTP_GOOD, SMTP_BAD_BANNER, SMTP_SILENT };

struct smtp_srv {
	enum smtp_mode mode;
	int recfd; /* what the client sends goes here */
};

static void
smtp_conn(struct hct_conn *c, void *arg)
{
	const struct smtp_srv *srv = arg;
	char buf[512];
	ssize_t n;

	if (srv->mode == SMTP_SILENT) {
		sleep(5);
		return;
	}
	if (srv->mode == SMTP_BAD_BANNER) {
		hct_conn_puts(c, "554 go away\r\n");
		return;
	}
	hct_conn_puts(c, "220 test ESMTP\r\n");
	n = read(c->fd, buf, sizeof(buf));
	if (n > 0)
		(void)!write(srv->recfd, buf, (size_t)n);
	hct_conn_puts(c, "250-test\r\n250 HELP\r\n");
	n = read(c->fd, buf, sizeof(buf));
	if (n > 0)
		(void)!write(srv->recfd, buf, (size_t)n);
	hct_conn_puts(c, "221 bye\r\n");
}

/* Forks an SMTP server; what the client sends goes to the returned pipe. */
static int
start_smtp(enum smtp_mode mode, unsigned *port)
{
	static struct smtp_srv srv;
	int p[2];

	ck_assert_int_eq(pipe(p), 0);
	srv.mode = mode;
	srv.recfd = p[1];
	*port = hct_tcp_server(smtp_conn, &srv, NULL);
	close(p[1]);
	return p[0];
}

static const char *
drain(int fd)
{
	ssize_t n;

	fcntl(fd, F_SETFL, O_NONBLOCK);
	while ((n = read(fd, rec + nrec, sizeof(rec) - 1 - nrec)) > 0)
		nrec += (size_t)n;
	rec[nrec] = '\0';
	return rec;
}

START_TEST(test_smtp_good)
{
	unsigned port;
	int p = start_smtp(SMTP_GOOD, &port);
	char want[128];

	run_checker(port, CHK("SMTP_CHECK", "helo_name checker.example"), 1200);
	ck_assert(hct.last_up);
	snprintf(want, sizeof(want), "Remote SMTP server [127.0.0.1]:tcp:%u succeed on service.",
		 port);
	ck_assert(hct_log_has(want));
	ck_assert_ptr_nonnull(strstr(drain(p), "HELO checker.example\r\nQUIT\r\n"));
	close(p);
}
END_TEST

START_TEST(test_smtp_bad_banner_and_silence)
{
	unsigned port;
	int p = start_smtp(SMTP_BAD_BANNER, &port);
	char want[128];

	run_checker(port, CHK("SMTP_CHECK", ""), 1200);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want),
		 "Bad banner from server [127.0.0.1]:tcp:%u. (unexpected reply 554)", port);
	ck_assert(hct_log_has(want));
	close(p);
	kill(hct.server_pid, SIGKILL);
	waitpid(hct.server_pid, NULL, 0);
	hct.server_pid = 0;
	p = start_smtp(SMTP_SILENT, &port);
	run_checker(port, CHK("SMTP_CHECK", ""), 1700);
	snprintf(want, sizeof(want), "Read timeout from server [127.0.0.1]:tcp:%u.", port);
	ck_assert(hct_log_has(want));
	close(p);
}
END_TEST

/* --- DNS and UDP (servers on the test's loop) -------------------------------------------- */

enum udp_mode { UDP_ECHO, UDP_FIXED, UDP_SILENT, DNS_OK, DNS_SERVFAIL, DNS_FOREIGN_FIRST };

struct udp_server {
	struct hct_udp *srv;
	enum udp_mode mode;
	unsigned queries;
	uint8_t last[512];
	size_t nlast;
};

static size_t
udp_server_reply(struct hct_udp *u, const uint8_t *q, size_t n, uint8_t *b, size_t cap, void *arg)
{
	struct udp_server *s = arg;

	if (n > sizeof(s->last) || n > cap)
		return 0;
	s->queries++;
	memcpy(s->last, q, n);
	s->nlast = n;
	if (s->mode == UDP_SILENT)
		return 0;
	if (s->mode == UDP_FIXED) {
		memcpy(b, "\x12\x34\x56", 3);
		return 3;
	}
	memcpy(b, q, n);
	if (s->mode >= DNS_OK && n >= 12) {
		b[2] |= 0x80;
		b[3] = s->mode == DNS_SERVFAIL ? 0x82 : 0x80;
		if (s->mode == DNS_FOREIGN_FIRST) {
			b[0] ^= 0xff;
			hct_udp_send(u, b, n);
			b[0] ^= 0xff;
		}
	}
	return n;
}

static void
udp_server(struct udp_server *s, enum udp_mode mode, unsigned *port)
{
	memset(s, 0, sizeof(*s));
	s->mode = mode;
	s->srv = hct_udp_server(udp_server_reply, s, port);
}

static void
udp_server_stop(struct udp_server *s)
{
	hct_udp_free(s->srv);
}

START_TEST(test_dns_ok_and_query_shape)
{
	struct udp_server s;
	unsigned port;
	char want[128];

	udp_server(&s, DNS_FOREIGN_FIRST, &port);
	run_checker(port, CHK("DNS_CHECK", "type A\n name www.example.org"), 1200);
	ck_assert(hct.last_up);
	snprintf(want, sizeof(want), "DNS_CHECK ([127.0.0.1]:udp:%u) succeed", port);
	ck_assert(hct_log_has(want));
	ck_assert_uint_ge(s.queries, 1);
	ck_assert_uint_eq(s.nlast, 12 + 17 + 4);
	ck_assert_int_eq(s.last[2], 0x01); /* RD */
	ck_assert(!memcmp(s.last + 12, "\3www\7example\3org\0\0\1\0\1", 21));
	udp_server_stop(&s);
}
END_TEST

START_TEST(test_dns_failures)
{
	struct udp_server s;
	unsigned port;
	char want[128];

	udp_server(&s, DNS_SERVFAIL, &port);
	run_checker(port, CHK("DNS_CHECK", ""), 1200);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want), "DNS_CHECK ([127.0.0.1]:udp:%u) failed: SERVFAIL", port);
	ck_assert(hct_log_has(want));
	ck_assert(!memcmp(s.last + 12, "\0\0\6\0\1", 5)); /* SOA for the root by default */
	udp_server_stop(&s);
	udp_server(&s, UDP_SILENT, &port);
	run_checker(port, CHK("DNS_CHECK", ""), 1700);
	snprintf(want, sizeof(want), "DNS_CHECK ([127.0.0.1]:udp:%u) timeout", port);
	ck_assert(hct_log_has(want));
	udp_server_stop(&s);
	port = closed_udp_port();
	run_checker(port, CHK("DNS_CHECK", ""), 1200);
	snprintf(want, sizeof(want), "DNS_CHECK ([127.0.0.1]:udp:%u) Connection refused", port);
	ck_assert(hct_log_has(want));
}
END_TEST

START_TEST(test_udp_checks)
{
	struct udp_server s;
	unsigned port;
	char want[160];

	/* echo of our payload, required and matched */
	udp_server(&s, UDP_ECHO, &port);
	run_checker(port, CHK("UDP_CHECK", "payload cafe01\n require_reply cafexx"), 1200);
	ck_assert(hct.last_up);
	ck_assert_uint_eq(s.nlast, 3);
	ck_assert(!memcmp(s.last, "\xca\xfe\x01", 3));
	snprintf(want, sizeof(want), "UDP connection to [127.0.0.1]:udp:%u success.", port);
	ck_assert(hct_log_has(want));
	udp_server_stop(&s);
	/* a reply that does not match */
	udp_server(&s, UDP_FIXED, &port);
	run_checker(port, CHK("UDP_CHECK", "require_reply 1235"), 1200);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want), "UDP check to [127.0.0.1]:udp:%u reply data mismatch.", port);
	ck_assert(hct_log_has(want));
	ck_assert_uint_eq(s.nlast, 16); /* random payload */
	udp_server_stop(&s);
	/* silence: fine without require_reply */
	udp_server(&s, UDP_SILENT, &port);
	run_checker(port, CHK("UDP_CHECK", ""), 1700);
	ck_assert(hct.last_up);
	udp_server_stop(&s);
	/* ICMP port unreachable */
	hct.nreports = 0;
	port = closed_udp_port();
	run_checker(port, CHK("UDP_CHECK", ""), 1200);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want),
		 "UDP connection to [127.0.0.1]:udp:%u failed. (Connection refused)", port);
	ck_assert(hct_log_has(want));
}
END_TEST

static Suite *
hc_proto_suite(void)
{
	Suite *s = suite_create("hc_proto");
	TCase *tc = tcase_create("proto");

	tcase_add_checked_fixture(tc, setup, hct_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_smtp_good);
	tcase_add_test(tc, test_smtp_bad_banner_and_silence);
	tcase_add_test(tc, test_dns_ok_and_query_shape);
	tcase_add_test(tc, test_dns_failures);
	tcase_add_test(tc, test_udp_checks);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hc_proto_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
