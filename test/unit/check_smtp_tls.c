/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_smtp_tls: vigil's SMTP extensions (smtp_starttls, smtp_tls_ca,
 * smtp_tls_verify, smtp_username, smtp_password) end to end: the test makes
 * a self-signed certificate for 127.0.0.1 with the OpenSSL API, forks a
 * small SMTP sink on loopback that offers STARTTLS and AUTH PLAIN or LOGIN,
 * and checks that alerts go over TLS with the configured credentials, that
 * "required" never talks to a relay without STARTTLS, that a certificate it
 * cannot verify stops delivery, and that refused credentials are retried
 * with back-off and logged without the password.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
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
#include "util/log.h"

static char dir[64], cert_path[96], key_path[96], sink_out[96], log_path[96];

/* What the sink offers and accepts. */
struct sink_opts {
	bool offer_tls;
	const char *mech; /* "PLAIN", "LOGIN" or NULL: no AUTH */
	const char *user, *pass;
};

/* --- certificate -------------------------------------------------------------------------- */

static void
make_cert(void)
{
	EVP_PKEY *key = EVP_EC_gen("prime256v1");
	X509 *x = X509_new();
	X509_NAME *name;
	X509V3_CTX v3;
	X509_EXTENSION *ext;
	FILE *f;

	ck_assert_ptr_nonnull(key);
	ASN1_INTEGER_set(X509_get_serialNumber(x), 1);
	X509_gmtime_adj(X509_getm_notBefore(x), -3600);
	X509_gmtime_adj(X509_getm_notAfter(x), 86400);
	X509_set_pubkey(x, key);
	name = X509_get_subject_name(x);
	X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, (const unsigned char *)"127.0.0.1", -1,
				   -1, 0);
	X509_set_issuer_name(x, name);
	X509V3_set_ctx(&v3, x, x, NULL, NULL, 0);
	ext = X509V3_EXT_conf_nid(NULL, &v3, NID_subject_alt_name, "IP:127.0.0.1");
	ck_assert_ptr_nonnull(ext);
	X509_add_ext(x, ext, -1);
	X509_EXTENSION_free(ext);
	ck_assert_int_gt(X509_sign(x, key, EVP_sha256()), 0);
	f = fopen(cert_path, "w");
	ck_assert_ptr_nonnull(f);
	PEM_write_X509(f, x);
	fclose(f);
	f = fopen(key_path, "w");
	ck_assert_ptr_nonnull(f);
	PEM_write_PrivateKey(f, key, NULL, NULL, 0, NULL, NULL);
	fclose(f);
	X509_free(x);
	EVP_PKEY_free(key);
}

/* --- sink --------------------------------------------------------------------------------- */

struct sink_conn {
	int fd;
	SSL *ssl;
	char buf[2048];
	size_t len;
};

static void
conn_put(struct sink_conn *c, const char *s)
{
	if (c->ssl)
		SSL_write(c->ssl, s, (int)strlen(s));
	else if (write(c->fd, s, strlen(s)) < 0)
		_exit(1);
}

/* One CRLF-terminated line into line (CRLF stripped); false at EOF. */
static bool
conn_line(struct sink_conn *c, char *line, size_t size)
{
	for (;;) {
		char *nl = memchr(c->buf, '\n', c->len);
		ssize_t n;

		if (nl) {
			size_t l = (size_t)(nl - c->buf) + 1, k = l;

			while (k && (c->buf[k - 1] == '\n' || c->buf[k - 1] == '\r'))
				k--;
			snprintf(line, size, "%.*s", (int)k, c->buf);
			memmove(c->buf, c->buf + l, c->len - l);
			c->len -= l;
			return true;
		}
		if (c->len == sizeof(c->buf))
			return false;
		n = c->ssl ? SSL_read(c->ssl, c->buf + c->len, (int)(sizeof(c->buf) - c->len))
			   : read(c->fd, c->buf + c->len, sizeof(c->buf) - c->len);
		if (n <= 0)
			return false;
		c->len += (size_t)n;
	}
}

static void
b64_decode(const char *in, char *out, size_t size)
{
	unsigned char tmp[512];
	int n = EVP_DecodeBlock(tmp, (const unsigned char *)in, (int)strlen(in));
	size_t len = strlen(in);

	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		snprintf(out, size, "?");
		return;
	}
	/* EVP_DecodeBlock counts the padding bytes as data */
	while (len && in[len - 1] == '=' && n > 0)
		len--, n--;
	for (int i = 0; i < n; i++)
		if (!tmp[i])
			tmp[i] = '|'; /* PLAIN's NUL separators */
	snprintf(out, size, "%.*s", n, tmp);
}

/* AUTH: records "AUTH MECH decoded" and answers 235 or 535. */
static void
sink_auth(struct sink_conn *c, const struct sink_opts *o, const char *args, FILE *out)
{
	char mech[16] = "", ir[512] = "", l1[512], l2[512], got[1100], want[600];

	sscanf(args, "%15s %511s", mech, ir);
	if (!o->mech || strcasecmp(mech, o->mech)) {
		conn_put(c, "504 mechanism not offered\r\n");
		return;
	}
	if (!strcasecmp(mech, "PLAIN")) {
		if (!ir[0]) {
			conn_put(c, "334 \r\n");
			if (!conn_line(c, ir, sizeof(ir)))
				return;
		}
		b64_decode(ir, got, sizeof(got));
		snprintf(want, sizeof(want), "|%s|%s", o->user, o->pass);
	} else {
		if (!ir[0]) {
			conn_put(c, "334 VXNlcm5hbWU6\r\n");
			if (!conn_line(c, ir, sizeof(ir)))
				return;
		}
		conn_put(c, "334 UGFzc3dvcmQ6\r\n");
		if (!conn_line(c, l2, sizeof(l2)))
			return;
		b64_decode(ir, l1, 256);
		b64_decode(l2, want, 256);
		snprintf(got, sizeof(got), "%.255s|%.255s", l1, want);
		snprintf(want, sizeof(want), "%s|%s", o->user, o->pass);
	}
	fprintf(out, "%s AUTH %s %s\n", c->ssl ? "T" : "P", mech, got);
	fflush(out);
	conn_put(c, strcmp(got, want) ? "535 5.7.8 authentication failed\r\n"
				      : "235 2.7.0 accepted\r\n");
}

static void
sink_ehlo(struct sink_conn *c, const struct sink_opts *o)
{
	char b[256];
	int n = snprintf(b, sizeof(b), "250-sink\r\n%s",
			 o->offer_tls && !c->ssl ? "250-STARTTLS\r\n" : "");

	if (o->mech)
		n += snprintf(b + n, sizeof(b) - (size_t)n, "250-AUTH %s\r\n", o->mech);
	snprintf(b + n, sizeof(b) - (size_t)n, "250 8BITMIME\r\n");
	conn_put(c, b);
}

static void
sink_session(int fd, SSL_CTX *ctx, const struct sink_opts *o, FILE *out)
{
	struct sink_conn c = {.fd = fd};
	char line[1024];
	bool data = false;

	conn_put(&c, "220 sink ESMTP\r\n");
	while (conn_line(&c, line, sizeof(line))) {
		const char *tag = c.ssl ? "T" : "P";

		if (data) {
			if (!strcmp(line, ".")) {
				data = false;
				fprintf(out, "--\n");
				conn_put(&c, "250 queued\r\n");
			} else {
				fprintf(out, "%s %s\n", tag, line);
			}
		} else if (!strncasecmp(line, "EHLO", 4)) {
			sink_ehlo(&c, o);
		} else if (!strcasecmp(line, "STARTTLS") && o->offer_tls && !c.ssl) {
			conn_put(&c, "220 go ahead\r\n");
			c.ssl = SSL_new(ctx);
			SSL_set_fd(c.ssl, fd);
			c.len = 0;
			if (SSL_accept(c.ssl) != 1)
				break;
			fprintf(out, "TLS up\n");
		} else if (!strncasecmp(line, "AUTH ", 5)) {
			sink_auth(&c, o, line + 5, out);
		} else if (!strncasecmp(line, "MAIL", 4) || !strncasecmp(line, "RCPT", 4)) {
			fprintf(out, "%s %s\n", tag, line);
			conn_put(&c, "250 ok\r\n");
		} else if (!strncasecmp(line, "DATA", 4)) {
			data = true;
			conn_put(&c, "354 go ahead\r\n");
		} else if (!strncasecmp(line, "QUIT", 4)) {
			conn_put(&c, "221 bye\r\n");
			break;
		} else {
			conn_put(&c, "502 what\r\n");
		}
		fflush(out);
	}
	if (c.ssl) {
		SSL_shutdown(c.ssl);
		SSL_free(c.ssl);
	}
	close(fd);
}

static int
listen_any(int *port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t l = sizeof(a);
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&a, sizeof(a)), 0);
	ck_assert_int_eq(listen(fd, 8), 0);
	ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&a, &l), 0);
	*port = ntohs(a.sin_port);
	return fd;
}

static pid_t
sink_start(const struct sink_opts *o, int *port)
{
	int fd = listen_any(port);
	pid_t pid = fork();

	ck_assert_int_ge(pid, 0);
	if (pid == 0) {
		SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
		FILE *out = fopen(sink_out, "a");

		if (!ctx || SSL_CTX_use_certificate_file(ctx, cert_path, SSL_FILETYPE_PEM) != 1 ||
		    SSL_CTX_use_PrivateKey_file(ctx, key_path, SSL_FILETYPE_PEM) != 1 || !out)
			_exit(1);
		for (;;) {
			int c = accept(fd, NULL, NULL);

			if (c >= 0)
				sink_session(c, ctx, o, out);
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
	static char buf[16384];
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
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

/* --- daemon side -------------------------------------------------------------------------- */

static struct conf *
load(int port, const char *extra)
{
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};
	struct conf_diags d;
	struct conf *conf;
	char *text = NULL;

	ck_assert_int_gt(asprintf(&text,
				  "global_defs {\n router_id R1\n"
				  " notification_email {\n  a@x.org\n }\n"
				  " notification_email_from vigil@x.org\n"
				  " smtp_server 127.0.0.1 %d\n smtp_connect_timeout 3\n%s}\n",
				  port, extra),
			 0);
	conf_diags_init(&d);
	conf = conf_load_buf("t.conf", text, strlen(text), &o, &d);
	ck_assert_int_eq(conf_diags_exit_code(&d), 0);
	conf_diags_free(&d);
	free(text);
	ck_assert_ptr_nonnull(conf);
	return conf;
}

/* Runs the loop until nothing is pending or max_ms passed. */
static void
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
}

/* extra with "@CA@" replaced by the test certificate's path. */
static void
expand_ca(char *out, size_t size, const char *extra)
{
	const char *at = strstr(extra, "@CA@");

	if (at)
		snprintf(out, size, "%.*s%s%s", (int)(at - extra), extra, cert_path, at + 4);
	else
		snprintf(out, size, "%s", extra);
}

/* Sends one alert through a sink with opts and global_defs lines extra; returns its record. */
static const char *
deliver(const struct sink_opts *so, const char *extra, size_t want_pending, long max_ms)
{
	struct ev_loop *loop = ev_loop_new();
	struct conf *conf;
	struct smtp *s;
	char buf[512];
	int port;
	pid_t sink = sink_start(so, &port);

	expand_ca(buf, sizeof(buf), extra);
	conf = load(port, buf);
	s = smtp_new(loop, conf);
	smtp_set_backoff(s, 200000, 400000);
	smtp_alert(s, "VRRP Instance VI_1 - Entering MASTER state",
		   "=> VRRP Instance is now owning VRRP VIPs <=");
	drain(loop, s, max_ms);
	ck_assert_uint_eq(smtp_pending(s), want_pending);
	smtp_free(s);
	conf_free(conf);
	ev_loop_free(loop);
	sink_stop(sink);
	return slurp(sink_out);
}

static void
setup(void)
{
	struct log_opts lo = {.no_syslog = true};

	strcpy(dir, "/tmp/check_smtp_tls.XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(cert_path, sizeof(cert_path), "%s/cert.pem", dir);
	snprintf(key_path, sizeof(key_path), "%s/key.pem", dir);
	snprintf(sink_out, sizeof(sink_out), "%s/sink.txt", dir);
	snprintf(log_path, sizeof(log_path), "%s/vigil.log", dir);
	lo.file = log_path;
	log_init(&lo, LOG_PROC_PARENT);
	make_cert();
	setenv("TZ", "UTC", 1);
	tzset();
}

static void
teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
}

#define TLS_AUTH_CONF                                                                              \
	" smtp_starttls required\n smtp_tls_ca @CA@\n"                                             \
	" smtp_username \"ops@x.org\"\n smtp_password \"s3cr3t pw\"\n"

START_TEST(test_starttls_auth_plain)
{
	struct sink_opts so = {
		.offer_tls = true, .mech = "PLAIN", .user = "ops@x.org", .pass = "s3cr3t pw"};
	const char *got = deliver(&so, TLS_AUTH_CONF, 0, 8000);
	const char *tls = strstr(got, "TLS up\n");

	ck_assert_msg(tls, "%s", got);
	/* nothing of the message before the handshake, everything after it */
	ck_assert_msg(!strstr(got, "P MAIL") && !strstr(got, "P Subject"), "%s", got);
	ck_assert_msg(strstr(tls, "T AUTH PLAIN |ops@x.org|s3cr3t pw\n"), "%s", got);
	ck_assert_msg(strstr(tls, "T MAIL FROM:<vigil@x.org>"), "%s", got);
	ck_assert_msg(strstr(tls, "T Subject: [R1] VRRP Instance VI_1 - Entering MASTER state\n"),
		      "%s", got);
	ck_assert_ptr_null(strstr(slurp(log_path), "s3cr3t"));
}
END_TEST

START_TEST(test_starttls_auth_login_optional)
{
	struct sink_opts so = {
		.offer_tls = true, .mech = "LOGIN", .user = "ops@x.org", .pass = "s3cr3t pw"};
	const char *got = deliver(&so,
				  " smtp_starttls optional\n smtp_tls_ca @CA@\n"
				  " smtp_username \"ops@x.org\"\n smtp_password \"s3cr3t pw\"\n",
				  0, 8000);

	ck_assert_msg(strstr(got, "TLS up\nT AUTH LOGIN ops@x.org|s3cr3t pw\n"), "%s", got);
	ck_assert_msg(strstr(got, "T RCPT TO:<a@x.org>"), "%s", got);
	ck_assert_msg(strstr(got, "T => VRRP Instance is now owning VRRP VIPs <=\n--\n"), "%s",
		      got);
}
END_TEST

START_TEST(test_optional_without_tls)
{
	struct sink_opts so = {.offer_tls = false};
	const char *got = deliver(&so, " smtp_starttls optional\n smtp_tls_ca @CA@\n", 0, 8000);

	/* optional: a relay without STARTTLS still gets the alert, in clear */
	ck_assert_msg(!strstr(got, "TLS up") && strstr(got, "P MAIL FROM:<vigil@x.org>"), "%s",
		      got);
}
END_TEST

START_TEST(test_required_refuses_plain_relay)
{
	struct sink_opts so = {
		.offer_tls = false, .mech = "PLAIN", .user = "ops@x.org", .pass = "s3cr3t pw"};
	const char *got = deliver(&so, TLS_AUTH_CONF, 1, 1000);
	const char *log = slurp(log_path);

	/* connected (EHLO) but never authenticated nor sent anything */
	ck_assert_msg(!strstr(got, "AUTH") && !strstr(got, "MAIL") && !strstr(got, "Subject"), "%s",
		      got);
	ck_assert_msg(strstr(log, "SMTP alert \"[R1] VRRP Instance VI_1 - Entering MASTER state\" "
				  "not sent: the relay does not offer STARTTLS (smtp_starttls "
				  "required)"),
		      "%s", log);
	ck_assert_msg(count(log, "does not offer STARTTLS") >= 2, "no retry: %s", log);
}
END_TEST

START_TEST(test_unverified_certificate)
{
	struct sink_opts so = {.offer_tls = true};
	const char *got =
		deliver(&so, " smtp_starttls required\n smtp_tls_ca /dev/null\n", 1, 1000);

	/* the handshake fails on our side: no MAIL over an unverified channel */
	ck_assert_msg(!strstr(got, "MAIL"), "%s", got);
	ck_assert_msg(strstr(slurp(log_path), "STARTTLS with the relay failed"), "%s",
		      slurp(log_path));
	/* with verification off the same relay is used */
	got = deliver(&so, " smtp_starttls required\n smtp_tls_verify false\n", 0, 8000);
	ck_assert_msg(strstr(got, "TLS up\nT MAIL FROM:<vigil@x.org>"), "%s", got);
}
END_TEST

START_TEST(test_wrong_credentials_retry)
{
	struct sink_opts so = {
		.offer_tls = true, .mech = "PLAIN", .user = "ops@x.org", .pass = "right"};
	const char *got = deliver(&so, TLS_AUTH_CONF, 1, 1500);
	const char *log;

	/* back-off retries: 0, +0.2, +0.6, +1.0 s */
	ck_assert_msg(count(got, "T AUTH PLAIN |ops@x.org|s3cr3t pw\n") >= 2, "%s", got);
	ck_assert_msg(count(got, "T AUTH PLAIN") <= 6, "busy retry: %s", got);
	ck_assert_msg(!strstr(got, "MAIL"), "%s", got);
	log = slurp(log_path);
	ck_assert_msg(strstr(log, "not sent: the relay refused the login of smtp_username "
				  "'ops@x.org' (535)"),
		      "%s", log);
	ck_assert_msg(strstr(log, "retrying in 0.2 s") && strstr(log, "retrying in 0.4 s"), "%s",
		      log);
	ck_assert_ptr_null(strstr(log, "s3cr3t"));
}
END_TEST

static Suite *
smtp_tls_suite(void)
{
	Suite *su = suite_create("smtp_tls");
	TCase *tc = tcase_create("starttls");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, test_starttls_auth_plain);
	tcase_add_test(tc, test_starttls_auth_login_optional);
	tcase_add_test(tc, test_optional_without_tls);
	tcase_add_test(tc, test_required_refuses_plain_relay);
	tcase_add_test(tc, test_unverified_certificate);
	tcase_add_test(tc, test_wrong_credentials_retry);
	suite_add_tcase(su, tc);
	return su;
}

int
main(void)
{
	SRunner *sr = srunner_create(smtp_tls_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
