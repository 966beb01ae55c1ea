/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_tcp: TCP_CHECK against real sockets on 127.0.0.1 ephemeral
 * ports, through the whole engine on a real clock: a listening port is up,
 * a closed port goes down after its retries, a full accept queue times
 * out, bindto/bind_port are used as the source, fwmark is accepted.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "checker/hc_engine.h"
#include "conf/conf.h"
#include "ev/ev.h"
#include "test/unit/hc_test_util.h"

/* A listening TCP socket on 127.0.0.1 (ephemeral port). */
static int
listener(int backlog, unsigned *port)
{
	int fd = hct_bound(SOCK_STREAM, port);

	ck_assert_int_eq(listen(fd, backlog), 0);
	return fd;
}

static struct conf *
load_tcp(unsigned port, const char *extra)
{
	char text[2048];

	snprintf(text, sizeof(text),
		 "virtual_server 10.0.0.1 80 {\n protocol TCP\n delay_loop 0.2\n"
		 " real_server 127.0.0.1 %u {\n  TCP_CHECK {\n   connect_timeout 0.3\n"
		 "   delay_before_retry 0.1\n   warmup 0\n%s\n  }\n }\n}\n",
		 port, extra);
	return hct_conf_load(text);
}

START_TEST(test_listening_port_up)
{
	unsigned port;
	int lfd = listener(16, &port);
	struct conf *conf = load_tcp(port, "alpha");
	struct hc_engine *e = hc_engine_new(hct.loop, conf, hct_on_report, NULL);
	char want[128];

	hc_engine_start(e);
	ck_assert(!hct.last_up);
	hct_run_ms(1300);
	ck_assert(hct.last_up);
	ck_assert_int_eq(hct.nreports, 2);
	snprintf(want, sizeof(want), "TCP connection to [127.0.0.1]:tcp:%u success.", port);
	ck_assert(hct_log_has(want));
	hc_engine_free(e);
	conf_free(conf);
	close(lfd);
}
END_TEST

START_TEST(test_closed_port_down_after_retries)
{
	unsigned port;
	int lfd = listener(16, &port);
	struct conf *conf = load_tcp(port, "retry 2");
	struct hc_engine *e = hc_engine_new(hct.loop, conf, hct_on_report, NULL);
	char want[160];

	hc_engine_start(e);
	hct_run_ms(1100); /* first pass at 1 s resets the retry count */
	ck_assert(hct.last_up);
	close(lfd);
	hct_run_ms(700); /* fail, retry, retry: 0.2 + 0.1 + 0.1 s */
	ck_assert(!hct.last_up);
	ck_assert_int_eq(hct.nreports, 2);
	snprintf(want, sizeof(want),
		 "TCP_CHECK on service [127.0.0.1]:tcp:%u failed after 2 retries.", port);
	ck_assert(hct_log_has(want));
	snprintf(want, sizeof(want), "TCP connection to [127.0.0.1]:tcp:%u failed.", port);
	ck_assert(hct_log_has(want));
	snprintf(want, sizeof(want),
		 "Removing service [127.0.0.1]:tcp:%u from VS [10.0.0.1]:tcp:80", port);
	ck_assert(hct_log_has(want));
	hc_engine_free(e);
	conf_free(conf);
}
END_TEST

START_TEST(test_full_backlog_times_out)
{
	struct sockaddr_in sin = {.sin_family = AF_INET};
	unsigned port;
	int lfd = listener(0, &port), fill[8], i;
	struct conf *conf = load_tcp(port, "retry 0");
	struct hc_engine *e;
	char want[128];

	/* Fill the accept queue: further SYNs are dropped, connects hang. */
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	for (i = 0; i < 8; i++) {
		fill[i] = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
		connect(fill[i], (struct sockaddr *)&sin, sizeof(sin));
	}
	usleep(100000);
	e = hc_engine_new(hct.loop, conf, hct_on_report, NULL);
	hc_engine_start(e);
	hct_run_ms(1500);
	ck_assert(!hct.last_up);
	snprintf(want, sizeof(want), "TCP connection to [127.0.0.1]:tcp:%u timeout.", port);
	ck_assert(hct_log_has(want));
	hc_engine_free(e);
	conf_free(conf);
	for (i = 0; i < 8; i++)
		close(fill[i]);
	close(lfd);
}
END_TEST

START_TEST(test_bindto_and_fwmark)
{
	struct sockaddr_in peer;
	socklen_t len = sizeof(peer);
	unsigned port, bport = 40000 + (unsigned)getpid() % 20000;
	int lfd = listener(16, &port), afd;
	char extra[128];
	struct conf *conf;
	struct hc_engine *e;

	/* SO_MARK needs CAP_NET_ADMIN. */
	snprintf(extra, sizeof(extra), "alpha\n bindto 127.0.0.2\n bind_port %u\n%s", bport,
		 geteuid() ? "" : " fwmark 7");
	conf = load_tcp(port, extra);
	e = hc_engine_new(hct.loop, conf, hct_on_report, NULL);

	hc_engine_start(e);
	hct_run_ms(1200);
	ck_assert(hct.last_up);
	afd = accept(lfd, (struct sockaddr *)&peer, &len);
	ck_assert_int_ge(afd, 0);
	ck_assert_str_eq(inet_ntoa(peer.sin_addr), "127.0.0.2");
	ck_assert_uint_eq(ntohs(peer.sin_port), bport);
	close(afd);
	hc_engine_free(e);
	conf_free(conf);
	close(lfd);
}
END_TEST

static Suite *
hc_tcp_suite(void)
{
	Suite *s = suite_create("hc_tcp");
	TCase *tc = tcase_create("tcp");

	tcase_add_checked_fixture(tc, hct_setup, hct_teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_listening_port_up);
	tcase_add_test(tc, test_closed_port_down_after_retries);
	tcase_add_test(tc, test_full_backlog_times_out);
	tcase_add_test(tc, test_bindto_and_fwmark);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	return hct_run_suite(hc_tcp_suite());
}
