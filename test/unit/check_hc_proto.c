/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_proto: SMTP_CHECK, DNS_CHECK and UDP_CHECK through the whole
 * engine on a real loop against servers on 127.0.0.1: a forked SMTP
 * server (good conversation, bad banner, silence), and UDP servers on the
 * test's own loop (DNS replies with chosen RCODEs and foreign IDs, echo,
 * fixed and missing UDP replies), plus closed UDP ports (ICMP errors).
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "checker/hc_engine.h"
#include "conf/conf.h"
#include "ev/ev.h"
#include "util/log.h"

static struct ev_loop *loop;
static char logpath[64], rec[4096];
static size_t nrec;
static pid_t server_pid;
static int nreports;
static bool last_up;

static void
on_report(void *arg, size_t vs, size_t rs, bool up, int weight)
{
	(void)arg, (void)vs, (void)rs, (void)weight;
	nreports++;
	last_up = up;
}

static uint64_t
mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static void
setup(void)
{
	struct log_opts lo = {.no_syslog = true};
	int fd;

	strcpy(logpath, "/tmp/check_hc_proto.XXXXXX");
	fd = mkstemp(logpath);
	ck_assert_int_ge(fd, 0);
	close(fd);
	lo.file = logpath;
	log_init(&lo, LOG_PROC_PARENT);
	loop = ev_loop_new();
	ck_assert_ptr_nonnull(loop);
	nreports = 0;
	last_up = false;
	server_pid = 0;
	nrec = 0;
	rec[0] = '\0';
}

static void
teardown(void)
{
	if (server_pid > 0) {
		kill(server_pid, SIGKILL);
		waitpid(server_pid, NULL, 0);
	}
	ev_loop_free(loop);
	log_close();
	unlink(logpath);
}

static bool
log_has(const char *needle)
{
	static char buf[1 << 16];
	FILE *f = fopen(logpath, "r");
	size_t n;

	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* A socket bound to 127.0.0.1 on an ephemeral port. */
static int
bound(int type, unsigned *port)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, type | SOCK_CLOEXEC, 0);

	ck_assert_int_ge(fd, 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	return fd;
}

/* A UDP port nobody listens on (bound, then closed). */
static unsigned
closed_udp_port(void)
{
	unsigned port;

	close(bound(SOCK_DGRAM, &port));
	return port;
}

/* Runs an engine for ms on one real server at port with checker as its checker block. */
static void
run_checker(unsigned port, const char *checker, uint64_t ms)
{
	char text[4096];
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};
	struct conf_diags d;
	struct conf *conf;
	struct hc_engine *e;
	uint64_t end;
	size_t i;

	snprintf(text, sizeof(text),
		 "virtual_server 10.0.0.1 53 {\n protocol UDP\n delay_loop 0.3\n"
		 " real_server 127.0.0.1 %u {\n%s\n }\n}\n",
		 port, checker);
	conf_diags_init(&d);
	conf = conf_load_buf("t.conf", text, strlen(text), &o, &d);
	for (i = 0; i < d.n; i++)
		ck_assert_msg(d.v[i].level < CONF_DIAG_WARNING, "config: %s", d.v[i].msg);
	conf_diags_free(&d);
	ck_assert_ptr_nonnull(conf);
	e = hc_engine_new(loop, conf, on_report, NULL);
	hc_engine_start(e);
	end = mono_ms() + ms;
	while (mono_ms() < end)
		ev_run_once(loop, 10000);
	hc_engine_free(e);
	conf_free(conf);
}

#define CHK(type, extra)                                                                           \
	type " {\n connect_timeout 0.5\n delay_before_retry 0.2\n warmup 0\n alpha\n retry 0\n"    \
	     " log_all_failures\n" extra "\n}"

/* --- SMTP (forked server) ---------------------------------------------------------------- */

enum smtp_mode { SMTP_GOOD, SMTP_BAD_BANNER, SMTP_SILENT };

static void
smtp_conn(int fd, enum smtp_mode mode, int recfd)
{
	char buf[512];
	ssize_t n;

	if (mode == SMTP_SILENT) {
		sleep(5);
		return;
	}
	if (mode == SMTP_BAD_BANNER) {
		(void)!write(fd, "554 go away\r\n", 13);
		return;
	}
	(void)!write(fd, "220 test ESMTP\r\n", 16);
	n = read(fd, buf, sizeof(buf));
	if (n > 0)
		(void)!write(recfd, buf, (size_t)n);
	(void)!write(fd, "250-test\r\n250 HELP\r\n", 20);
	n = read(fd, buf, sizeof(buf));
	if (n > 0)
		(void)!write(recfd, buf, (size_t)n);
	(void)!write(fd, "221 bye\r\n", 9);
}

/* Forks an SMTP server; what the client sends goes to the returned pipe. */
static int
start_smtp(enum smtp_mode mode, unsigned *port)
{
	int lfd = bound(SOCK_STREAM, port), p[2];

	ck_assert_int_eq(listen(lfd, 8), 0);
	ck_assert_int_eq(pipe(p), 0);
	server_pid = fork();
	ck_assert_int_ge(server_pid, 0);
	if (server_pid == 0) {
		close(p[0]);
		for (;;) {
			int fd = accept(lfd, NULL, NULL);

			if (fd >= 0) {
				smtp_conn(fd, mode, p[1]);
				close(fd);
			}
		}
	}
	close(lfd);
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
	ck_assert(last_up);
	snprintf(want, sizeof(want), "Remote SMTP server [127.0.0.1]:tcp:%u succeed on service.",
		 port);
	ck_assert(log_has(want));
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
	ck_assert(!last_up);
	snprintf(want, sizeof(want),
		 "Bad banner from server [127.0.0.1]:tcp:%u. (unexpected reply 554)", port);
	ck_assert(log_has(want));
	close(p);
	kill(server_pid, SIGKILL);
	waitpid(server_pid, NULL, 0);
	p = start_smtp(SMTP_SILENT, &port);
	run_checker(port, CHK("SMTP_CHECK", ""), 1700);
	snprintf(want, sizeof(want), "Read timeout from server [127.0.0.1]:tcp:%u.", port);
	ck_assert(log_has(want));
	close(p);
}
END_TEST

/* --- DNS and UDP (servers on the test's loop) -------------------------------------------- */

enum udp_mode { UDP_ECHO, UDP_FIXED, UDP_SILENT, DNS_OK, DNS_SERVFAIL, DNS_FOREIGN_FIRST };

struct udp_server {
	struct ev_io io;
	int fd;
	enum udp_mode mode;
	unsigned queries;
	uint8_t last[512];
	size_t nlast;
};

static void
udp_server_io(struct ev_loop *l, struct ev_io *io, unsigned revents, void *arg)
{
	struct udp_server *s = arg;
	struct sockaddr_storage from;
	socklen_t flen = sizeof(from);
	uint8_t b[512];
	ssize_t n = recvfrom(s->fd, b, sizeof(b), 0, (struct sockaddr *)&from, &flen);

	(void)l, (void)io, (void)revents;
	if (n <= 0)
		return;
	s->queries++;
	memcpy(s->last, b, (size_t)n);
	s->nlast = (size_t)n;
	if (s->mode == UDP_SILENT)
		return;
	if (s->mode == UDP_FIXED) {
		sendto(s->fd, "\x12\x34\x56", 3, 0, (struct sockaddr *)&from, flen);
		return;
	}
	if (s->mode >= DNS_OK && n >= 12) {
		b[2] |= 0x80;
		b[3] = s->mode == DNS_SERVFAIL ? 0x82 : 0x80;
		if (s->mode == DNS_FOREIGN_FIRST) {
			b[0] ^= 0xff;
			sendto(s->fd, b, (size_t)n, 0, (struct sockaddr *)&from, flen);
			b[0] ^= 0xff;
		}
	}
	sendto(s->fd, b, (size_t)n, 0, (struct sockaddr *)&from, flen);
}

static void
udp_server(struct udp_server *s, enum udp_mode mode, unsigned *port)
{
	memset(s, 0, sizeof(*s));
	s->mode = mode;
	s->fd = bound(SOCK_DGRAM, port);
	ev_io_init(&s->io, s->fd, udp_server_io, s);
	ck_assert_int_eq(ev_io_start(loop, &s->io, EV_READ, 0), 0);
}

static void
udp_server_stop(struct udp_server *s)
{
	ev_io_stop(loop, &s->io);
	close(s->fd);
}

START_TEST(test_dns_ok_and_query_shape)
{
	struct udp_server s;
	unsigned port;
	char want[128];

	udp_server(&s, DNS_FOREIGN_FIRST, &port);
	run_checker(port, CHK("DNS_CHECK", "type A\n name www.example.org"), 1200);
	ck_assert(last_up);
	snprintf(want, sizeof(want), "DNS_CHECK ([127.0.0.1]:udp:%u) succeed", port);
	ck_assert(log_has(want));
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
	ck_assert(!last_up);
	snprintf(want, sizeof(want), "DNS_CHECK ([127.0.0.1]:udp:%u) failed: SERVFAIL", port);
	ck_assert(log_has(want));
	ck_assert(!memcmp(s.last + 12, "\0\0\6\0\1", 5)); /* SOA for the root by default */
	udp_server_stop(&s);
	udp_server(&s, UDP_SILENT, &port);
	run_checker(port, CHK("DNS_CHECK", ""), 1700);
	snprintf(want, sizeof(want), "DNS_CHECK ([127.0.0.1]:udp:%u) timeout", port);
	ck_assert(log_has(want));
	udp_server_stop(&s);
	port = closed_udp_port();
	run_checker(port, CHK("DNS_CHECK", ""), 1200);
	snprintf(want, sizeof(want), "DNS_CHECK ([127.0.0.1]:udp:%u) Connection refused", port);
	ck_assert(log_has(want));
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
	ck_assert(last_up);
	ck_assert_uint_eq(s.nlast, 3);
	ck_assert(!memcmp(s.last, "\xca\xfe\x01", 3));
	snprintf(want, sizeof(want), "UDP connection to [127.0.0.1]:udp:%u success.", port);
	ck_assert(log_has(want));
	udp_server_stop(&s);
	/* a reply that does not match */
	udp_server(&s, UDP_FIXED, &port);
	run_checker(port, CHK("UDP_CHECK", "require_reply 1235"), 1200);
	ck_assert(!last_up);
	snprintf(want, sizeof(want), "UDP check to [127.0.0.1]:udp:%u reply data mismatch.", port);
	ck_assert(log_has(want));
	ck_assert_uint_eq(s.nlast, 16); /* random payload */
	udp_server_stop(&s);
	/* silence: fine without require_reply */
	udp_server(&s, UDP_SILENT, &port);
	run_checker(port, CHK("UDP_CHECK", ""), 1700);
	ck_assert(last_up);
	udp_server_stop(&s);
	/* ICMP port unreachable */
	nreports = 0;
	port = closed_udp_port();
	run_checker(port, CHK("UDP_CHECK", ""), 1200);
	ck_assert(!last_up);
	snprintf(want, sizeof(want),
		 "UDP connection to [127.0.0.1]:udp:%u failed. (Connection refused)", port);
	ck_assert(log_has(want));
}
END_TEST

static Suite *
hc_proto_suite(void)
{
	Suite *s = suite_create("hc_proto");
	TCase *tc = tcase_create("proto");

	tcase_add_checked_fixture(tc, setup, teardown);
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
