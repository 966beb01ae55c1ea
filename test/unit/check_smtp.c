/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_smtp: unit tests for daemon/notify/smtp*: the pure message builder
 * (exact text, RFC 5322 date, envelope addresses, CR/LF refused) and real
 * deliveries through libcurl on our loop to a tiny SMTP sink the test forks
 * on 127.0.0.1, including a relay that is down first and comes up later.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "conf/conf.h"
#include "ev/ev.h"
#include "notify/smtp.h"

/* --- builder ------------------------------------------------------------------------------ */

START_TEST(test_date)
{
	char b[64];

	setenv("TZ", "UTC", 1);
	tzset();
	ck_assert_int_eq(smtp_fmt_date(b, sizeof(b), 1795158248), 0);
	ck_assert_str_eq(b, "Fri, 20 Nov 2026 07:04:08 +0000");
	setenv("TZ", "EST5", 1);
	tzset();
	ck_assert_int_eq(smtp_fmt_date(b, sizeof(b), 1795158248), 0);
	ck_assert_str_eq(b, "Fri, 20 Nov 2026 02:04:08 -0500");
	setenv("TZ", "IST-5:30", 1);
	tzset();
	ck_assert_int_eq(smtp_fmt_date(b, sizeof(b), 0), 0);
	ck_assert_str_eq(b, "Thu, 01 Jan 1970 05:30:00 +0530");
	ck_assert_int_eq(smtp_fmt_date(b, 10, 0), -1);
}
END_TEST

START_TEST(test_addr_spec)
{
	char b[64];

	ck_assert_int_eq(smtp_addr_spec(b, sizeof(b), "a@b.c"), 0);
	ck_assert_str_eq(b, "<a@b.c>");
	ck_assert_int_eq(smtp_addr_spec(b, sizeof(b), "Ops Team <ops@b.c>"), 0);
	ck_assert_str_eq(b, "<ops@b.c>");
	ck_assert_int_eq(smtp_addr_spec(b, 4, "a@b.c"), -1);
}
END_TEST

START_TEST(test_build)
{
	const char *to[] = {"a@x.org", "Ops <ops@x.org>"};
	struct smtp_msg_in in = {.when = 1795158248,
				 .from = "vigil@x.org",
				 .to = to,
				 .nto = 2,
				 .subject = "[R1] VRRP Instance VI_1 - Entering MASTER state",
				 .body = "=> VRRP Instance is now owning VRRP VIPs <="};
	char err[128], *m;

	setenv("TZ", "UTC", 1);
	tzset();
	m = smtp_msg_build(&in, err, sizeof(err));
	ck_assert_ptr_nonnull(m);
	ck_assert_str_eq(m, "Date: Fri, 20 Nov 2026 07:04:08 +0000\r\n"
			    "From: vigil@x.org\r\n"
			    "To: a@x.org, Ops <ops@x.org>\r\n"
			    "Subject: [R1] VRRP Instance VI_1 - Entering MASTER state\r\n"
			    "\r\n"
			    "=> VRRP Instance is now owning VRRP VIPs <=\r\n");
	free(m);
}
END_TEST

START_TEST(test_crlf_refused)
{
	const char *to[] = {"a@x.org"};
	const char *bad_to[] = {"a@x.org\r\nBcc: evil@y.org"};
	struct smtp_msg_in in = {
		.when = 0, .from = "f@x.org", .to = to, .nto = 1, .subject = "s", .body = "b"};
	char err[128];

	in.subject = "[R1] VRRP Instance VI_1\r\nBcc: evil@y.org - Entering MASTER state";
	ck_assert_ptr_null(smtp_msg_build(&in, err, sizeof(err)));
	ck_assert_str_eq(err, "Subject contains CR or LF");
	in.subject = "[R1] x\ny";
	ck_assert_ptr_null(smtp_msg_build(&in, err, sizeof(err)));
	in.subject = "ok";
	in.from = "f@x.org\rX: y";
	ck_assert_ptr_null(smtp_msg_build(&in, err, sizeof(err)));
	ck_assert_str_eq(err, "From contains CR or LF");
	in.from = "f@x.org";
	in.to = bad_to;
	ck_assert_ptr_null(smtp_msg_build(&in, err, sizeof(err)));
	ck_assert_str_eq(err, "To contains CR or LF");
	in.to = to;
	in.body = "line1\r\n.\r\nMAIL FROM:<x>";
	ck_assert_ptr_null(smtp_msg_build(&in, err, sizeof(err)));
	ck_assert(smtp_header_safe("plain"));
	ck_assert(!smtp_header_safe(NULL));
}
END_TEST

/* --- SMTP sink ---------------------------------------------------------------------------- */

static char sink_out[64];

static int
free_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	close(fd);
	return ntohs(a.sin_port);
}

static void
sink_session(int c, FILE *out)
{
	FILE *in = fdopen(c, "r");
	char line[1024];
	bool data = false;

	dprintf(c, "220 sink ESMTP\r\n");
	while (in && fgets(line, sizeof(line), in)) {
		if (data) {
			if (!strcmp(line, ".\r\n")) {
				data = false;
				fprintf(out, "--\n");
				fflush(out);
				dprintf(c, "250 queued\r\n");
			} else {
				fputs(line, out);
			}
		} else if (!strncasecmp(line, "EHLO", 4) || !strncasecmp(line, "HELO", 4)) {
			dprintf(c, "250 sink\r\n");
		} else if (!strncasecmp(line, "MAIL", 4) || !strncasecmp(line, "RCPT", 4)) {
			fputs(line, out);
			dprintf(c, "250 ok\r\n");
		} else if (!strncasecmp(line, "DATA", 4)) {
			data = true;
			dprintf(c, "354 go ahead\r\n");
		} else if (!strncasecmp(line, "QUIT", 4)) {
			dprintf(c, "221 bye\r\n");
			break;
		} else {
			dprintf(c, "502 what\r\n");
		}
	}
	if (in)
		fclose(in);
}

/* Forks a sink on 127.0.0.1:port appending what it receives to sink_out. */
static pid_t
sink_start(int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
	pid_t pid;

	ck_assert_int_ge(fd, 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(fd, 8), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		FILE *out = fopen(sink_out, "a");

		for (;;) {
			int c = accept(fd, NULL, NULL);

			if (c >= 0)
				sink_session(c, out);
		}
	}
	close(fd);
	return pid;
}

static void
sink_stop(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static char *
slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

static struct conf *
load(int port)
{
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};
	struct conf_diags d;
	struct conf *conf;
	char *text;

	text = NULL;
	ck_assert_int_gt(asprintf(&text,
				  "global_defs {\n router_id R1\n"
				  " notification_email {\n  a@x.org\n  b@x.org\n }\n"
				  " notification_email_from vigil@x.org\n"
				  " smtp_server 127.0.0.1 %d\n smtp_connect_timeout 2\n}\n",
				  port),
			 0);
	conf_diags_init(&d);
	conf = conf_load_buf("t.conf", text, strlen(text), &o, &d);
	conf_diags_free(&d);
	free(text);
	ck_assert_ptr_nonnull(conf);
	return conf;
}

/* Runs the loop until nothing is pending or max_ms passed; returns the elapsed ms. */
static long
drain(struct ev_loop *loop, struct smtp *s, long max_ms)
{
	struct timespec a, b;
	long ms = 0;

	clock_gettime(CLOCK_MONOTONIC, &a);
	while (smtp_pending(s) && ms < max_ms) {
		ev_run_once(loop, 50000);
		clock_gettime(CLOCK_MONOTONIC, &b);
		ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
	}
	return ms;
}

static void
sink_setup(void)
{
	strcpy(sink_out, "/tmp/check_smtp.XXXXXX");
	close(mkstemp(sink_out));
	setenv("TZ", "UTC", 1);
	tzset();
}

START_TEST(test_deliver)
{
	int port = free_port();
	pid_t sink = sink_start(port);
	struct ev_loop *loop = ev_loop_new();
	struct conf *conf = load(port);
	struct smtp *s = smtp_new(loop, conf);
	char *got;

	ck_assert(smtp_enabled(s));
	smtp_alert(s, "VRRP Instance VI_1 - Entering MASTER state",
		   "=> VRRP Instance is now owning VRRP VIPs <=");
	smtp_alert(s, "VRRP Instance VI_1\r\nBcc: evil@y.org", "x"); /* refused */
	smtp_alert(s, "VRRP Instance VI_1 - Entering BACKUP state",
		   "=> VRRP Instance is no longer owning VRRP VIPs <=");
	ck_assert_uint_eq(smtp_pending(s), 2);
	drain(loop, s, 5000);
	ck_assert_uint_eq(smtp_pending(s), 0);
	sink_stop(sink);
	got = slurp(sink_out);
	ck_assert_msg(strstr(got, "MAIL FROM:<vigil@x.org>"), "%s", got);
	ck_assert_msg(strstr(got, "RCPT TO:<a@x.org>\r\nRCPT TO:<b@x.org>\r\n"), "%s", got);
	ck_assert_msg(strstr(got, "From: vigil@x.org\r\nTo: a@x.org, b@x.org\r\n"
				  "Subject: [R1] VRRP Instance VI_1 - Entering MASTER state\r\n\r\n"
				  "=> VRRP Instance is now owning VRRP VIPs <=\r\n--\n"),
		      "%s", got);
	ck_assert_msg(strstr(got, "Subject: [R1] VRRP Instance VI_1 - Entering BACKUP state\r\n"),
		      "%s", got);
	ck_assert_ptr_null(strstr(got, "evil"));
	ck_assert_ptr_nonnull(strstr(got, "Date: "));
	smtp_free(s);
	conf_free(conf);
	ev_loop_free(loop);
	unlink(sink_out);
}
END_TEST

START_TEST(test_relay_down_then_up)
{
	int port = free_port();
	struct ev_loop *loop = ev_loop_new();
	struct conf *conf = load(port);
	struct smtp *s = smtp_new(loop, conf);
	pid_t sink;
	long ms;

	smtp_set_backoff(s, 200000, 800000);
	smtp_alert(s, "Realserver [10.0.0.2]:tcp:80 of virtual server [10.0.0.1]:tcp:80 - DOWN",
		   "=> CHECK failed on service <=");
	/* refused connections: attempts at 0, +0.2, +0.6, +1.4 s */
	ms = drain(loop, s, 1000);
	ck_assert_int_ge(ms, 1000);
	ck_assert_uint_eq(smtp_pending(s), 1);
	sink = sink_start(port);
	ms = drain(loop, s, 3000);
	ck_assert_uint_eq(smtp_pending(s), 0);
	ck_assert_int_gt(ms, 100); /* waited for the next back-off step, no busy retry */
	sink_stop(sink);
	ck_assert_msg(strstr(slurp(sink_out),
			     "Subject: [R1] Realserver [10.0.0.2]:tcp:80 of virtual server "
			     "[10.0.0.1]:tcp:80 - DOWN\r\n\r\n=> CHECK failed on service <=\r\n"),
		      "%s", slurp(sink_out));
	smtp_free(s);
	conf_free(conf);
	ev_loop_free(loop);
	unlink(sink_out);
}
END_TEST

START_TEST(test_disabled)
{
	struct ev_loop *loop = ev_loop_new();
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};
	const char *text = "global_defs {\n notification_email {\n  a@x.org\n }\n}\n";
	struct conf_diags d;
	struct conf *conf;
	struct smtp *s;

	conf_diags_init(&d);
	conf = conf_load_buf("t.conf", text, strlen(text), &o, &d);
	conf_diags_free(&d);
	s = smtp_new(loop, conf);
	ck_assert(!smtp_enabled(s));
	smtp_alert(s, "x", "y");
	ck_assert_uint_eq(smtp_pending(s), 0);
	ck_assert(!smtp_enabled(NULL));
	smtp_alert(NULL, "x", "y");
	smtp_free(s);
	conf_free(conf);
	ev_loop_free(loop);
}
END_TEST

static Suite *
smtp_suite(void)
{
	Suite *su = suite_create("smtp");
	TCase *tc = tcase_create("builder");
	TCase *io = tcase_create("delivery");

	tcase_add_test(tc, test_date);
	tcase_add_test(tc, test_addr_spec);
	tcase_add_test(tc, test_build);
	tcase_add_test(tc, test_crlf_refused);
	suite_add_tcase(su, tc);
	tcase_add_checked_fixture(io, sink_setup, NULL);
	tcase_set_timeout(io, 20);
	tcase_add_test(io, test_deliver);
	tcase_add_test(io, test_relay_down_then_up);
	tcase_add_test(io, test_disabled);
	suite_add_tcase(su, io);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(smtp_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
