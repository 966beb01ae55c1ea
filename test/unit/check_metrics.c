/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_metrics: unit tests for daemon/metrics*: the JSON reader (values,
 * escapes, rejects), the HTTP request check (complete, incomplete,
 * malformed, other paths and methods), the exposition text rendered from
 * status documents (families once with HELP and TYPE, label escaping, a
 * child that did not answer), and the listener itself on loopback with two
 * fake children's status sockets: a scrape, a malformed request answered
 * 400, a silent child, and the loop still serving afterwards.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf/conf.h"
#include "daemon/metrics.h"

/* --- JSON --------------------------------------------------------------------------------- */

START_TEST(test_json_values)
{
	const char *doc =
		" {\"a\":[1,-2.5e3,true,false,null],\"s\":\"q\\\"\\\\\\n\\u00e9\\ud83d\\ude00\","
		"\"o\":{},\"e\":[]} ";
	struct mj *v = mj_parse(doc, strlen(doc));
	const struct mj *a;

	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->type, MJ_OBJ);
	a = mj_get(v, "a");
	ck_assert_int_eq(a->type, MJ_ARR);
	ck_assert_str_eq(a->child->text, "1");
	ck_assert_str_eq(a->child->next->text, "-2.5e3");
	ck_assert(a->child->next->next->b);
	ck_assert_int_eq(a->child->next->next->next->type, MJ_BOOL);
	ck_assert(!a->child->next->next->next->b);
	ck_assert_int_eq(a->child->next->next->next->next->type, MJ_NULL);
	ck_assert_str_eq(mj_str(v, "s"), "q\"\\\n\xc3\xa9\xf0\x9f\x98\x80");
	ck_assert_int_eq(mj_get(v, "o")->type, MJ_OBJ);
	ck_assert_ptr_null(mj_get(v, "o")->child);
	ck_assert_ptr_null(mj_get(v, "missing"));
	ck_assert_ptr_null(mj_str(v, "a"));
	mj_free(v);
}
END_TEST

START_TEST(test_json_rejects)
{
	static const char *const bad[] = {
		"",	 "{",		"{\"a\"}", "{\"a\":}", "[1,]",	     "[1 2]", "01",
		"1.",	 "-",		"\"\\x\"", "\"a\nb\"", "tru",	     "{} x",  "\"\\ud800\"",
		"{1:2}", "[\"\\u12\"]", "nul",	   "\"open",   "{\"a\":1,}",
	};
	char deep[100];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		ck_assert_msg(!mj_parse(bad[i], strlen(bad[i])), "accepted: %s", bad[i]);
	memset(deep, '[', sizeof(deep));
	ck_assert_ptr_null(mj_parse(deep, sizeof(deep)));
	ck_assert_ptr_null(mj_parse(NULL, 0));
}
END_TEST

/* --- HTTP --------------------------------------------------------------------------------- */

static int
http(const char *req, bool *head)
{
	return metrics_http_check(req, strlen(req), head);
}

START_TEST(test_http_check)
{
	bool head = true;
	char big[METRICS_MAX_REQUEST];

	ck_assert_int_eq(http("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", &head), 200);
	ck_assert(!head);
	ck_assert_int_eq(http("HEAD /metrics?x=1 HTTP/1.0\n\n", &head), 200);
	ck_assert(head);
	/* incomplete: no blank line yet, or not even a full request line */
	ck_assert_int_eq(http("GET /metrics HTTP/1.1\r\nHost: x\r\n", &head), 0);
	ck_assert_int_eq(http("GET /metr", &head), 0);
	ck_assert_int_eq(http("", &head), 0);
	ck_assert_int_eq(http("GET / HTTP/1.1\r\n\r\n", &head), 404);
	ck_assert_int_eq(http("GET /metricsx HTTP/1.1\r\n\r\n", &head), 404);
	ck_assert_int_eq(http("POST /metrics HTTP/1.1\r\n\r\n", &head), 405);
	/* malformed request lines are answered at once, without waiting for headers */
	ck_assert_int_eq(http("GARBAGE\r\n", &head), 400);
	ck_assert_int_eq(http("GET metrics HTTP/1.1\r\n", &head), 400);
	ck_assert_int_eq(http("GET /metrics HTTP/2.0\r\n", &head), 400);
	ck_assert_int_eq(http("GET  /metrics HTTP/1.1\r\n", &head), 400);
	ck_assert_int_eq(http("get /metrics HTTP/1.1\r\n", &head), 400);
	ck_assert_int_eq(http("GET /metrics HTTP/1.1 x\r\n", &head), 400);
	ck_assert_int_eq(metrics_http_check("GET /\0 HTTP/1.1\r\n\r\n", 20, &head), 400);
	/* too long without an end */
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /metrics HTTP/1.1\r\n", 23);
	ck_assert_int_eq(metrics_http_check(big, sizeof(big), &head), 400);
	ck_assert_str_eq(metrics_http_reason(400), "Bad Request");
}
END_TEST

/* --- rendering ---------------------------------------------------------------------------- */

static const char vrrp_doc[] =
	"{\"pid\":12,\"instances\":[{\"name\":\"VI_1\",\"interface\":\"eth0\",\"vrid\":51,"
	"\"state\":\"MASTER\",\"priority\":150,\"effective_priority\":140,\"holds_vips\":true,"
	"\"vips\":[\"10.0.0.1\"],\"last_master\":null,\"rx\":{\"ok\":7,\"bad_ttl\":2,"
	"\"other_vrid\":1},\"stats\":{\"adverts_sent\":18446744073709551615,\"adverts_rcvd\":7,"
	"\"pri_zero_sent\":0,\"pri_zero_rcvd\":1,\"become_master\":1,\"release_master\":0}},"
	"{\"name\":\"we\\\"ird\\\\na\\nme\",\"interface\":\"eth1\",\"vrid\":52,"
	"\"state\":\"BACKUP\",\"priority\":100,\"effective_priority\":100,\"holds_vips\":false,"
	"\"vips\":[],\"last_master\":\"10.0.0.2\",\"master_priority\":150,\"rx\":{\"ok\":3},"
	"\"stats\":{\"adverts_sent\":0,\"adverts_rcvd\":3,\"pri_zero_sent\":0,"
	"\"pri_zero_rcvd\":0,\"become_master\":0,\"release_master\":0}}]}";

static const char hc_doc[] =
	"{\"pid\":13,\"ipvs\":false,\"virtual_servers\":[{\"vs\":\"10.0.0.1:80\",\"quorum\":1,"
	"\"quorum_state\":\"up\",\"real_servers\":[{\"rs\":\"10.0.0.2:80\",\"up\":true,"
	"\"weight\":3},{\"rs\":\"10.0.0.3:80\",\"up\":false,\"weight\":0}]},"
	"{\"vs\":\"fwmark 7\",\"quorum\":1,\"quorum_state\":\"unknown\",\"real_servers\":[]}]}";

static char *
render(const char *v, const char *c)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	metrics_render(f, v, v ? strlen(v) : 0, c, c ? strlen(c) : 0);
	fclose(f);
	return buf;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

/* Every family is announced once, before its samples; every sample line belongs to one. */
static void
check_format(const char *text)
{
	char fam[128] = "", line[1024];
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t n = (size_t)(nl - p);

		ck_assert_ptr_nonnull(nl);
		ck_assert_uint_lt(n, sizeof(line));
		memcpy(line, p, n);
		line[n] = '\0';
		p = nl + 1;
		if (!strncmp(line, "# HELP ", 7)) {
			char want[160];

			sscanf(line + 7, "%127s", fam);
			snprintf(want, sizeof(want), "# HELP %s ", fam);
			ck_assert_uint_eq(count(text, want), 1);
			ck_assert_msg(!strncmp(p, "# TYPE ", 7), "no TYPE after %s", line);
		} else if (!strncmp(line, "# TYPE ", 7)) {
			ck_assert_msg(strstr(line, " gauge") || strstr(line, " counter"), "%s",
				      line);
		} else {
			ck_assert_msg(
				fam[0] && !strncmp(line, fam, strlen(fam)) &&
					(line[strlen(fam)] == '{' || line[strlen(fam)] == ' '),
				"sample outside its family %s: %s", fam, line);
		}
	}
}

START_TEST(test_render_both)
{
	char *t = render(vrrp_doc, hc_doc);

	check_format(t);
	ck_assert_msg(strstr(t, "vigil_child_up{child=\"vrrp\"} 1\n"
				"vigil_child_up{child=\"checker\"} 1\n"),
		      "%s", t);
	ck_assert_msg(strstr(t, "# HELP vigil_vrrp_state 1 for the state the VRRP instance is in.\n"
				"# TYPE vigil_vrrp_state gauge\n"
				"vigil_vrrp_state{instance=\"VI_1\",state=\"INIT\"} 0\n"
				"vigil_vrrp_state{instance=\"VI_1\",state=\"BACKUP\"} 0\n"
				"vigil_vrrp_state{instance=\"VI_1\",state=\"MASTER\"} 1\n"),
		      "%s", t);
	ck_assert(strstr(t, "vigil_vrrp_instance_info{instance=\"VI_1\",interface=\"eth0\","
			    "vrid=\"51\"} 1\n"));
	/* label values: quote, backslash and newline escaped */
	ck_assert_msg(
		strstr(t,
		       "vigil_vrrp_state{instance=\"we\\\"ird\\\\na\\nme\",state=\"BACKUP\"} 1\n"),
		"%s", t);
	ck_assert(strstr(
		t, "# TYPE vigil_vrrp_adverts_sent_total counter\n"
		   "vigil_vrrp_adverts_sent_total{instance=\"VI_1\"} 18446744073709551615\n"));
	ck_assert(strstr(t, "vigil_vrrp_holds_vips{instance=\"VI_1\"} 1\n"));
	ck_assert(strstr(t, "vigil_vrrp_effective_priority{instance=\"VI_1\"} 140\n"));
	ck_assert(
		strstr(t, "vigil_vrrp_adverts_rx_total{instance=\"VI_1\",reason=\"bad_ttl\"} 2\n"));
	ck_assert(strstr(
		t, "vigil_vrrp_adverts_rx_total{instance=\"VI_1\",reason=\"other_vrid\"} 1\n"));
	ck_assert(strstr(t, "vigil_vrrp_become_master_total{instance=\"VI_1\"} 1\n"));
	/* no "entered" object in these documents: no transitions family */
	ck_assert_ptr_null(strstr(t, "vigil_vrrp_transitions_total"));
	ck_assert(strstr(t, "vigil_checker_ipvs_available 0\n"));
	ck_assert(strstr(t, "vigil_lvs_quorum_up{virtual_server=\"10.0.0.1:80\"} 1\n"));
	ck_assert_ptr_null(strstr(t, "fwmark 7\"} "));
	ck_assert(strstr(t, "vigil_lvs_real_server_up{virtual_server=\"10.0.0.1:80\","
			    "real_server=\"10.0.0.3:80\"} 0\n"));
	ck_assert(strstr(t, "vigil_lvs_real_server_weight{virtual_server=\"10.0.0.1:80\","
			    "real_server=\"10.0.0.2:80\"} 3\n"));
	free(t);
}
END_TEST

START_TEST(test_render_missing_child)
{
	char *t = render(NULL, hc_doc);

	check_format(t);
	ck_assert(strstr(t, "vigil_child_up{child=\"vrrp\"} 0\n"));
	ck_assert_ptr_null(strstr(t, "vigil_vrrp_state"));
	ck_assert(strstr(t, "vigil_lvs_real_server_up"));
	free(t);
	/* a broken or non-object document counts as no answer */
	t = render("{\"instances\":[", "[1]");
	check_format(t);
	ck_assert(strstr(
		t, "vigil_child_up{child=\"vrrp\"} 0\nvigil_child_up{child=\"checker\"} 0\n"));
	ck_assert_ptr_null(strstr(t, "vigil_lvs"));
	free(t);
}
END_TEST

START_TEST(test_render_transitions)
{
	const char *doc = "{\"instances\":[{\"name\":\"VI_1\",\"state\":\"FAULT\",\"stats\":"
			  "{\"entered\":{\"BACKUP\":2,\"MASTER\":1,\"FAULT\":1}}}]}";
	char *t = render(doc, NULL);

	check_format(t);
	ck_assert(strstr(t,
			 "# TYPE vigil_vrrp_transitions_total counter\n"
			 "vigil_vrrp_transitions_total{instance=\"VI_1\",state=\"BACKUP\"} 2\n"));
	ck_assert(strstr(t, "vigil_vrrp_state{instance=\"VI_1\",state=\"FAULT\"} 1\n"));
	/* members missing from the document give no sample, not a zero */
	ck_assert_ptr_null(strstr(t, "vigil_vrrp_priority{"));
	free(t);
}
END_TEST

/* --- listener ----------------------------------------------------------------------------- */

static char sockdir[64];

/* A fake child: answers each connection on path with doc after reading the request line. */
static pid_t
fake_child(const char *path, const char *doc)
{
	struct sockaddr_un sun = {.sun_family = AF_UNIX};
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);
	pid_t pid;

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	ck_assert_int_eq(listen(fd, 8), 0);
	pid = fork();
	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		for (;;) {
			char req[16];
			int c = accept(fd, NULL, NULL);

			if (c < 0)
				continue;
			if (doc && read(c, req, sizeof(req)) > 0 && write(c, doc, strlen(doc)) < 0)
				_exit(1);
			if (!doc)
				sleep(5); /* never answers */
			close(c);
		}
	}
	close(fd);
	return pid;
}

struct scrape {
	int fd;
	char buf[65536];
	size_t len;
};

static int
free_port(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	port = ntohs(a.sin_port);
	close(fd);
	return port;
}

/* Sends req to the listener and runs the loop until the answer is complete (EOF). */
static const char *
scrape(struct ev_loop *loop, int port, const char *req)
{
	static struct scrape s;
	struct sockaddr_in a = {.sin_family = AF_INET,
				.sin_port = htons((uint16_t)port),
				.sin_addr.s_addr = htonl(INADDR_LOOPBACK)};

	s.len = 0;
	s.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	ck_assert_int_eq(
		connect(s.fd, (struct sockaddr *)&a, sizeof(a)) == 0 || errno == EINPROGRESS, 1);
	for (int i = 0; i < 400; i++) {
		ssize_t n;

		ev_run_once(loop, 10000);
		if (i == 1)
			ck_assert_int_eq(send(s.fd, req, strlen(req), MSG_NOSIGNAL),
					 (ssize_t)strlen(req));
		n = recv(s.fd, s.buf + s.len, sizeof(s.buf) - 1 - s.len, 0);
		if (n > 0)
			s.len += (size_t)n;
		if (n == 0)
			break;
	}
	close(s.fd);
	s.buf[s.len] = '\0';
	return s.buf;
}

static struct conf *
load_metrics(int port)
{
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};
	struct conf_diags d;
	struct conf *conf;
	char text[128];

	snprintf(text, sizeof(text), "global_defs {\n metrics_listen 127.0.0.1 %d\n}\n", port);
	conf_diags_init(&d);
	conf = conf_load_buf("t.conf", text, strlen(text), &o, &d);
	ck_assert_int_eq(conf_diags_exit_code(&d), 0);
	conf_diags_free(&d);
	return conf;
}

START_TEST(test_listener)
{
	struct ev_loop *loop = ev_loop_new();
	char vpid[128], cpid[128], vsock[160], csock[160];
	int port = free_port();
	struct conf *conf = load_metrics(port);
	struct metrics *m;
	pid_t v, c;
	const char *r;

	strcpy(sockdir, "/tmp/check_metrics.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(sockdir));
	snprintf(vpid, sizeof(vpid), "%s/vrrp.pid", sockdir);
	snprintf(cpid, sizeof(cpid), "%s/checker.pid", sockdir);
	snprintf(vsock, sizeof(vsock), "%s.sock", vpid);
	snprintf(csock, sizeof(csock), "%s.sock", cpid);
	v = fake_child(vsock, vrrp_doc);
	m = metrics_open(loop, &conf->global, vpid, cpid);
	ck_assert_ptr_nonnull(m);
	/* the checker's socket does not exist: it shows as down, the scrape still works */
	r = scrape(loop, port, "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n");
	ck_assert_msg(!strncmp(r, "HTTP/1.1 200 OK\r\n", 17), "%s", r);
	ck_assert(strstr(r, "Content-Type: text/plain; version=0.0.4; charset=utf-8\r\n"));
	ck_assert(strstr(r, "vigil_vrrp_state{instance=\"VI_1\",state=\"MASTER\"} 1\n"));
	ck_assert(strstr(r, "vigil_child_up{child=\"checker\"} 0\n"));
	/* Content-Length matches the body */
	ck_assert_uint_eq(strtoul(strstr(r, "Content-Length: ") + 16, NULL, 10),
			  strlen(strstr(r, "\r\n\r\n") + 4));
	r = scrape(loop, port, "GARBAGE\r\n");
	ck_assert_msg(!strncmp(r, "HTTP/1.1 400 Bad Request\r\n", 26), "%s", r);
	r = scrape(loop, port, "GET /other HTTP/1.1\r\n\r\n");
	ck_assert_msg(!strncmp(r, "HTTP/1.1 404 ", 13), "%s", r);
	/* a checker that accepts but never answers: the scrape is answered after the deadline */
	c = fake_child(csock, NULL);
	r = scrape(loop, port, "HEAD /metrics HTTP/1.0\r\n\r\n");
	ck_assert_msg(!strncmp(r, "HTTP/1.1 200 OK\r\n", 17), "%s", r);
	ck_assert_msg(!strstr(r, "vigil_"), "HEAD has no body: %s", r);
	kill(c, SIGKILL);
	waitpid(c, NULL, 0);
	unlink(csock);
	c = fake_child(csock, hc_doc);
	r = scrape(loop, port, "GET /metrics HTTP/1.1\r\n\r\n");
	ck_assert_msg(strstr(r, "vigil_lvs_real_server_weight{virtual_server=\"10.0.0.1:80\","
				"real_server=\"10.0.0.2:80\"} 3\n"),
		      "%s", r);
	/* reload with the same address keeps the listener */
	metrics_reconf(&m, loop, &conf->global, vpid, cpid);
	ck_assert_ptr_nonnull(m);
	metrics_close(m);
	kill(v, SIGKILL);
	kill(c, SIGKILL);
	waitpid(v, NULL, 0);
	waitpid(c, NULL, 0);
	unlink(vsock);
	unlink(csock);
	rmdir(sockdir);
	conf_free(conf);
	ev_loop_free(loop);
}
END_TEST

START_TEST(test_not_configured)
{
	struct ev_loop *loop = ev_loop_new();
	struct conf_global g;

	memset(&g, 0, sizeof(g));
	ck_assert_ptr_null(metrics_open(loop, &g, "/x.pid", "/y.pid"));
	metrics_close(NULL);
	ev_loop_free(loop);
}
END_TEST

static Suite *
metrics_suite(void)
{
	Suite *su = suite_create("metrics");
	TCase *tc = tcase_create("pure");
	TCase *io = tcase_create("listener");

	tcase_add_test(tc, test_json_values);
	tcase_add_test(tc, test_json_rejects);
	tcase_add_test(tc, test_http_check);
	tcase_add_test(tc, test_render_both);
	tcase_add_test(tc, test_render_missing_child);
	tcase_add_test(tc, test_render_transitions);
	suite_add_tcase(su, tc);
	tcase_set_timeout(io, 30);
	tcase_add_test(io, test_listener);
	tcase_add_test(io, test_not_configured);
	suite_add_tcase(su, io);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(metrics_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
