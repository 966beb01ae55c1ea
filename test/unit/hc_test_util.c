/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_test_util: the checker suites' shared fixture, bounded engine runs,
 * scripted TCP (forked, plain or TLS) and UDP (in-loop) servers on
 * 127.0.0.1, MD5 and /proc figures. See hc_test_util.h.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "checker/hc_engine.h"
#include "conf/conf.h"
#include "test/unit/hc_test_util.h"
#include "util/log.h"

struct hct hct;

/* --- fixture and log --------------------------------------------------------------------- */

int
hct_run_suite(Suite *s)
{
	SRunner *sr = srunner_create(s);
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

void
hct_setup(void)
{
	struct log_opts lo = {.no_syslog = true};

	memset(&hct, 0, sizeof(hct));
	strcpy(hct.dir, "/tmp/check_hc.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(hct.dir));
	snprintf(hct.logpath, sizeof(hct.logpath), "%s/log", hct.dir);
	lo.file = hct.logpath;
	log_init(&lo, LOG_PROC_PARENT);
	hct.loop = ev_loop_new();
	ck_assert_ptr_nonnull(hct.loop);
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	return remove(path);
}

void
hct_teardown(void)
{
	if (hct.server_pid > 0) {
		kill(hct.server_pid, SIGKILL);
		waitpid(hct.server_pid, NULL, 0);
		hct.server_pid = 0;
	}
	if (hct.loop)
		ev_loop_free(hct.loop);
	hct.loop = NULL;
	log_close();
	if (getenv("HCT_VERBOSE")) /* show what the checkers logged */
		fprintf(stderr, "--- %s\n%s", tcase_name(), hct_log());
	nftw(hct.dir, rm_entry, 8, FTW_DEPTH | FTW_PHYS);
}

const char *
hct_slurp(const char *path)
{
	static char buf[1 << 20];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
	return buf;
}

const char *
hct_log(void)
{
	return hct_slurp(hct.logpath);
}

bool
hct_log_has(const char *needle)
{
	return strstr(hct_log(), needle) != NULL;
}

unsigned
hct_log_count(const char *needle)
{
	const char *p = hct_log();
	unsigned n = 0;

	while ((p = strstr(p, needle)) != NULL) {
		n++;
		p += strlen(needle);
	}
	return n;
}

/* --- runs -------------------------------------------------------------------------------- */

uint64_t
hct_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

bool
hct_run_until(const char *until_log, uint64_t max_ms)
{
	uint64_t end = hct_mono_ms() + max_ms;
	unsigned before = until_log ? hct_log_count(until_log) : 0;

	while (hct_mono_ms() < end) {
		ev_run_once(hct.loop, 20000);
		if (until_log && hct_log_count(until_log) > before)
			return true;
	}
	return false;
}

void
hct_run_ms(uint64_t ms)
{
	hct_run_until(NULL, ms);
}

void
hct_on_report(void *arg, size_t vs, size_t rs, bool up, int weight)
{
	(void)arg, (void)vs, (void)rs;
	hct.nreports++;
	if (up)
		hct.nup++;
	else
		hct.ndown++;
	hct.last_up = up;
	hct.last_weight = weight;
}

struct conf *
hct_conf_load(const char *text)
{
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};
	struct conf_diags d;
	struct conf *conf;
	size_t i;

	conf_diags_init(&d);
	conf = conf_load_buf("t.conf", text, strlen(text), &o, &d);
	for (i = 0; i < d.n; i++)
		ck_assert_msg(d.v[i].level < CONF_DIAG_WARNING, "config: %s", d.v[i].msg);
	conf_diags_free(&d);
	ck_assert_ptr_nonnull(conf);
	return conf;
}

bool
hct_run_checker(const char *proto, unsigned port, const char *checker, const char *until_log,
		uint64_t max_ms)
{
	char text[4096];
	struct conf *conf;
	struct hc_engine *e;
	bool got;

	snprintf(text, sizeof(text),
		 "virtual_server 10.0.0.1 80 {\n protocol %s\n delay_loop 0.3\n"
		 " real_server 127.0.0.1 %u {\n%s\n }\n}\n",
		 proto, port, checker);
	conf = hct_conf_load(text);
	e = hc_engine_new(hct.loop, conf, hct_on_report, NULL);
	ck_assert_ptr_nonnull(e);
	hc_engine_start(e);
	got = hct_run_until(until_log, max_ms);
	hc_engine_free(e);
	conf_free(conf);
	return got;
}

int
hct_bound(int type, unsigned *port)
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

/* --- the forked TCP server --------------------------------------------------------------- */

bool
hct_conn_write(struct hct_conn *c, const void *buf, size_t n)
{
	const char *p = buf;
	ssize_t r;

	while (n) {
		r = c->ssl ? SSL_write(c->ssl, p, (int)(n > (1u << 30) ? 1u << 30 : n))
			   : write(c->fd, p, n);
		if (r < 0 && !c->ssl && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
	}
	return true;
}

bool
hct_conn_puts(struct hct_conn *c, const char *s)
{
	return hct_conn_write(c, s, strlen(s));
}

bool
hct_conn_read_request(struct hct_conn *c)
{
	ssize_t r;

	c->nreq = 0;
	while (c->nreq < sizeof(c->req) - 1 && !memmem(c->req, c->nreq, "\r\n\r\n", 4)) {
		r = c->ssl ? SSL_read(c->ssl, c->req + c->nreq, (int)(sizeof(c->req) - 1 - c->nreq))
			   : read(c->fd, c->req + c->nreq, sizeof(c->req) - 1 - c->nreq);
		if (r <= 0)
			return false;
		c->nreq += (size_t)r;
	}
	c->req[c->nreq] = '\0';
	return true;
}

void
hct_sleep_ms(unsigned ms)
{
	struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void
serve_one(int fd, hct_conn_fn fn, void *arg, SSL_CTX *tls)
{
	static struct hct_conn c;

	memset(&c, 0, sizeof(c));
	c.fd = fd;
	if (tls) {
		c.ssl = SSL_new(tls);
		if (!c.ssl || SSL_set_fd(c.ssl, fd) != 1 || SSL_accept(c.ssl) != 1)
			goto out;
	}
	fn(&c, arg);
out:
	SSL_free(c.ssl);
	close(fd);
}

unsigned
hct_tcp_server(hct_conn_fn fn, void *arg, SSL_CTX *tls)
{
	unsigned port;
	int lfd = hct_bound(SOCK_STREAM, &port);
	sigset_t none;

	ck_assert_int_eq(listen(lfd, 64), 0);
	ck_assert_int_eq(hct.server_pid, 0);
	hct.server_pid = fork();
	ck_assert_int_ge(hct.server_pid, 0);
	if (hct.server_pid == 0) {
		/* a failed test skips teardown: go with the test process */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() == 1)
			_exit(0);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		signal(SIGPIPE, SIG_IGN);
		for (;;) {
			int fd = accept(lfd, NULL, NULL);

			if (fd >= 0)
				serve_one(fd, fn, arg, tls);
		}
	}
	close(lfd);
	SSL_CTX_free(tls); /* the server has its copy */
	return port;
}

SSL_CTX *
hct_tls_server_ctx(void)
{
	EVP_PKEY *key = EVP_EC_gen("P-256");
	X509 *crt = X509_new();
	X509_NAME *name;
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());

	ck_assert_ptr_nonnull(key);
	ck_assert_ptr_nonnull(crt);
	ck_assert_ptr_nonnull(ctx);
	X509_set_version(crt, 2);
	ASN1_INTEGER_set(X509_get_serialNumber(crt), 1);
	X509_gmtime_adj(X509_getm_notBefore(crt), -3600);
	X509_gmtime_adj(X509_getm_notAfter(crt), 86400);
	name = X509_get_subject_name(crt);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"hostile", -1,
				   -1, 0);
	X509_set_issuer_name(crt, name);
	X509_set_pubkey(crt, key);
	ck_assert_int_gt(X509_sign(crt, key, EVP_sha256()), 0);
	ck_assert_int_eq(SSL_CTX_use_certificate(ctx, crt), 1);
	ck_assert_int_eq(SSL_CTX_use_PrivateKey(ctx, key), 1);
	X509_free(crt);
	EVP_PKEY_free(key);
	return ctx;
}

/* --- the UDP server on the test's loop --------------------------------------------------- */

struct hct_udp {
	struct ev_io io;
	int fd;
	hct_udp_fn fn;
	void *arg;
	unsigned queries;
	struct sockaddr_storage from; /* the sender of the datagram being answered */
	socklen_t flen;
	uint8_t buf[65536], out[65536];
};

void
hct_udp_send(struct hct_udp *s, const void *buf, size_t n)
{
	sendto(s->fd, buf, n, 0, (struct sockaddr *)&s->from, s->flen);
}

static void
udp_io(struct ev_loop *l, struct ev_io *io, unsigned revents, void *arg)
{
	struct hct_udp *s = arg;
	ssize_t n;
	size_t r;

	(void)l, (void)io, (void)revents;
	s->flen = sizeof(s->from);
	n = recvfrom(s->fd, s->buf, sizeof(s->buf), 0, (struct sockaddr *)&s->from, &s->flen);
	if (n <= 0)
		return;
	s->queries++;
	r = s->fn(s, s->buf, (size_t)n, s->out, sizeof(s->out), s->arg);
	if (r)
		hct_udp_send(s, s->out, r);
}

struct hct_udp *
hct_udp_server(hct_udp_fn fn, void *arg, unsigned *port)
{
	struct hct_udp *s = calloc(1, sizeof(*s));
	int big = 1 << 20;

	ck_assert_ptr_nonnull(s);
	s->fn = fn;
	s->arg = arg;
	s->fd = hct_bound(SOCK_DGRAM, port);
	setsockopt(s->fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	ev_io_init(&s->io, s->fd, udp_io, s);
	ck_assert_int_eq(ev_io_start(hct.loop, &s->io, EV_READ, 0), 0);
	return s;
}

unsigned
hct_udp_queries(const struct hct_udp *s)
{
	return s->queries;
}

void
hct_udp_free(struct hct_udp *s)
{
	if (!s)
		return;
	ev_io_stop(hct.loop, &s->io);
	close(s->fd);
	free(s);
}

/* --- figures ----------------------------------------------------------------------------- */

const char *
hct_md5_hex(const void *buf, size_t n, char out[33])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned len = 0, i;

	ck_assert_int_eq(EVP_Digest(buf, n, md, &len, EVP_md5(), NULL), 1);
	for (i = 0; i < len && i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
	out[2 * i] = '\0';
	return out;
}

long
hct_status_kb(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	size_t n = strlen(field);
	long v = -1;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, n) && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}
