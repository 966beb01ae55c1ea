/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * smtp: the SMTP alert queue and its transfers (see smtp.h). One libcurl
 * transfer at a time on the child's loop via curl_ev: MAIL FROM, one RCPT
 * per notification_email, the prebuilt message as DATA. A relay that cannot
 * be reached (connect refused, timeout, reset, 4xx) leaves the message at the
 * head and retries after 1, 2, 4 ... 60 s; a permanent refusal (5xx) drops
 * it. Never blocks: libcurl resolves host names with its own resolver.
 *
 * vigil extensions: STARTTLS (smtp_starttls optional|required, verified
 * against smtp_tls_ca or the system store unless smtp_tls_verify false) and
 * AUTH (smtp_username/smtp_password, the mechanism the relay offers). TLS
 * and login failures are retried with the same back-off, with a log line
 * that says which setting to look at; the password is never logged.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
#include "notify/smtp.h"
#include "util/curl_ev.h"
#include "util/log.h"
#include "util/xalloc.h"

struct smtp_item {
	char *text; /* the whole message, CRLF lines */
	char *subject;
	struct smtp_item *next;
};

struct smtp {
	struct ev_loop *loop;
	struct curl_ev *cev; /* created on the first transfer */
	/* settings, copied from the configuration */
	char *url, *from, *from_spec, *router_id;
	char **rcpt;
	size_t nrcpt;
	uint64_t connect_timeout_us;
	bool no_email_faults;
	enum conf_smtp_tls starttls;
	bool tls_verify;
	char *tls_ca, *username, *password;
	/* queue */
	struct smtp_item *head, *tail;
	size_t n;
	/* the transfer of head, when one runs */
	struct curl_ev_xfer xfer;
	struct curl_slist *rcpt_list;
	char errbuf[CURL_ERROR_SIZE];
	size_t sent; /* bytes of head->text handed to libcurl */
	struct ev_timer kick;
	uint64_t backoff_us, backoff_first_us, backoff_max_us;
};

static void
settings_clear(struct smtp *s)
{
	free(s->url);
	free(s->from);
	free(s->from_spec);
	free(s->router_id);
	free(s->tls_ca);
	free(s->username);
	if (s->password) {
		explicit_bzero(s->password, strlen(s->password));
		free(s->password);
	}
	for (size_t i = 0; i < s->nrcpt; i++)
		free(s->rcpt[i]);
	free(s->rcpt);
	s->url = s->from = s->from_spec = s->router_id = NULL;
	s->tls_ca = s->username = s->password = NULL;
	s->rcpt = NULL;
	s->nrcpt = 0;
}

/* Settings that work but are probably not what the operator meant. */
static void
smtp_warn_settings(const struct smtp *s)
{
	if (s->password && !s->username)
		log_warnx("SMTP: smtp_password without smtp_username: no AUTH is attempted");
	if (s->username && s->starttls != CONF_SMTP_TLS_REQUIRED)
		log_warnx("SMTP: smtp_username without 'smtp_starttls required': the "
			  "credentials may cross the network in clear");
	if (s->starttls != CONF_SMTP_TLS_OFF && !s->tls_verify)
		log_warnx("SMTP: smtp_tls_verify false: the relay's certificate is not checked");
}

static char *
local_host(void)
{
	char h[256];

	if (gethostname(h, sizeof(h)) < 0 || !h[0])
		return xstrdup("localhost");
	h[sizeof(h) - 1] = '\0';
	return xstrdup(h);
}

void
smtp_set_conf(struct smtp *s, const struct conf *conf)
{
	const struct conf_global *g = &conf->global;
	char spec[512], *host = local_host();
	const char *srv = g->smtp_server;

	settings_clear(s);
	s->connect_timeout_us = g->smtp_connect_timeout_us;
	s->no_email_faults = g->no_email_faults;
	s->starttls = g->smtp_starttls;
	s->tls_verify = g->smtp_tls_verify != 0;
	s->tls_ca = g->smtp_tls_ca ? xstrdup(g->smtp_tls_ca) : NULL;
	s->username = g->smtp_username ? xstrdup(g->smtp_username) : NULL;
	s->password = g->smtp_password ? xstrdup(g->smtp_password) : NULL;
	s->router_id = xstrdup(conf->process.router_id ? conf->process.router_id : host);
	s->from = g->email_from ? xstrdup(g->email_from) : xasprintf("keepalived@%s", host);
	s->from_spec = xstrdup(smtp_addr_spec(spec, sizeof(spec), s->from) ? "<>" : spec);
	if (srv && g->emails.n) {
		s->url = xasprintf(strchr(srv, ':') ? "smtp://[%s]:%u/%s" : "smtp://%s:%u/%s", srv,
				   g->smtp_port, g->smtp_helo_name ? g->smtp_helo_name : host);
		s->rcpt = xcalloc(g->emails.n, sizeof(*s->rcpt));
		for (size_t i = 0; i < g->emails.n; i++)
			s->rcpt[s->nrcpt++] = xstrdup(g->emails.v[i]);
	}
	free(host);
	if (s->url)
		smtp_warn_settings(s);
}

static void kick_due(struct ev_loop *loop, struct ev_timer *t, void *arg);

struct smtp *
smtp_new(struct ev_loop *loop, const struct conf *conf)
{
	struct smtp *s = x_new(struct smtp);

	s->loop = loop;
	s->backoff_first_us = SMTP_BACKOFF_FIRST_US;
	s->backoff_max_us = SMTP_BACKOFF_MAX_US;
	ev_timer_init(&s->kick, kick_due, s);
	smtp_set_conf(s, conf);
	return s;
}

bool
smtp_enabled(const struct smtp *s)
{
	return s && s->url && s->nrcpt;
}

size_t
smtp_pending(const struct smtp *s)
{
	return s ? s->n : 0;
}

void
smtp_set_backoff(struct smtp *s, uint64_t first_us, uint64_t max_us)
{
	s->backoff_first_us = first_us;
	s->backoff_max_us = max_us;
}

static void
item_free(struct smtp_item *it)
{
	free(it->text);
	free(it->subject);
	free(it);
}

static void
pop_head(struct smtp *s)
{
	struct smtp_item *it = s->head;

	s->head = it->next;
	if (!s->head)
		s->tail = NULL;
	s->n--;
	item_free(it);
}

static void
xfer_end(struct smtp *s)
{
	curl_ev_remove(s->cev, &s->xfer);
	curl_slist_free_all(s->rcpt_list);
	s->rcpt_list = NULL;
}

static size_t
read_cb(char *buf, size_t size, size_t nitems, void *arg)
{
	struct smtp *s = arg;
	size_t left = strlen(s->head->text) - s->sent, n = size * nitems;

	if (n > left)
		n = left;
	memcpy(buf, s->head->text + s->sent, n);
	s->sent += n;
	return n;
}

/* Connection-level failures and 4xx replies: the relay may come back. */
static bool
transient(CURLcode res, long code)
{
	switch (res) {
	case CURLE_LOGIN_DENIED:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		/* fixable by the relay's or our operator: keep the alert */
		return true;
	default:
		break;
	}
	if (code >= 500)
		return false;
	switch (res) {
	case CURLE_COULDNT_CONNECT:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
		return true;
	default:
		return code == 0 || (code >= 400 && code < 500);
	}
}

/* One line naming the setting to check; never the password. */
static void
log_retry(const struct smtp *s, CURLcode res, long code)
{
	double in_s = (double)s->backoff_us / EV_USEC_PER_SEC;
	const char *detail = s->errbuf[0] ? s->errbuf : curl_easy_strerror(res);
	const char *subj = s->head->subject;

	switch (res) {
	case CURLE_LOGIN_DENIED:
		log_err("SMTP alert \"%s\" not sent: the relay refused the login of smtp_username "
			"'%s' (%ld); retrying in %.1f s",
			subj, s->username ? s->username : "", code, in_s);
		break;
	case CURLE_USE_SSL_FAILED:
		log_err("SMTP alert \"%s\" not sent: the relay does not offer STARTTLS "
			"(smtp_starttls required); retrying in %.1f s",
			subj, in_s);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CACERT_BADFILE:
		log_err("SMTP alert \"%s\" not sent: STARTTLS with the relay failed (%s; see "
			"smtp_tls_ca, smtp_tls_verify); retrying in %.1f s",
			subj, detail, in_s);
		break;
	default:
		log_warnx("SMTP alert not sent (%s); retrying in %.1f s", detail, in_s);
		break;
	}
}

static void
xfer_done(struct curl_ev_xfer *x, CURLcode res)
{
	struct smtp *s = (struct smtp *)((char *)x - offsetof(struct smtp, xfer));
	long code = 0;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	xfer_end(s);
	if (res == CURLE_OK) {
		log_info("SMTP alert \"%s\" successfully sent.", s->head->subject);
		pop_head(s);
		s->backoff_us = 0;
		if (s->head)
			ev_timer_start(s->loop, &s->kick, 0);
		return;
	}
	if (!transient(res, code)) {
		log_err("SMTP alert \"%s\" refused by the relay (%ld: %s): dropped",
			s->head->subject, code, curl_easy_strerror(res));
		pop_head(s);
		if (s->head)
			ev_timer_start(s->loop, &s->kick, 0);
		return;
	}
	s->backoff_us = s->backoff_us ? s->backoff_us * 2 : s->backoff_first_us;
	if (s->backoff_us > s->backoff_max_us)
		s->backoff_us = s->backoff_max_us;
	log_retry(s, res, code);
	ev_timer_start(s->loop, &s->kick, s->backoff_us);
}

/* STARTTLS and AUTH (vigil extensions). */
static void
xfer_setup_security(const struct smtp *s, CURL *e)
{
	if (s->starttls != CONF_SMTP_TLS_OFF) {
		curl_easy_setopt(e, CURLOPT_USE_SSL,
				 (long)(s->starttls == CONF_SMTP_TLS_REQUIRED ? CURLUSESSL_ALL
									      : CURLUSESSL_TRY));
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, s->tls_verify ? 1L : 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, s->tls_verify ? 2L : 0L);
		if (s->tls_ca)
			curl_easy_setopt(e, CURLOPT_CAINFO, s->tls_ca);
	}
	if (s->username) {
		curl_easy_setopt(e, CURLOPT_USERNAME, s->username);
		curl_easy_setopt(e, CURLOPT_PASSWORD, s->password ? s->password : "");
	}
}

static int
xfer_setup(struct smtp *s, CURL *e)
{
	char spec[512];
	long ms = (long)(s->connect_timeout_us / 1000);

	for (size_t i = 0; i < s->nrcpt; i++) {
		if (smtp_addr_spec(spec, sizeof(spec), s->rcpt[i]) < 0)
			continue;
		s->rcpt_list = curl_slist_append(s->rcpt_list, spec);
	}
	if (!s->rcpt_list)
		return -1;
	curl_easy_setopt(e, CURLOPT_URL, s->url);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "smtp");
#else
	curl_easy_setopt(e, CURLOPT_PROTOCOLS, (long)CURLPROTO_SMTP);
#endif
	curl_easy_setopt(e, CURLOPT_MAIL_FROM, s->from_spec);
	curl_easy_setopt(e, CURLOPT_MAIL_RCPT, s->rcpt_list);
	curl_easy_setopt(e, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(e, CURLOPT_READDATA, s);
	curl_easy_setopt(e, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, ms > 0 ? ms : 1L);
	/* the whole conversation: a relay that stalls mid-way does not hold the queue */
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, ms > 0 ? 3 * ms : 3L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	s->errbuf[0] = '\0';
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, s->errbuf);
	xfer_setup_security(s, e);
	return 0;
}

/* Starts the transfer of the head of the queue. */
static void
kick_due(struct ev_loop *loop, struct ev_timer *t, void *arg)
{
	struct smtp *s = arg;

	(void)loop, (void)t;
	if (!s->head || s->xfer.easy || !smtp_enabled(s))
		return;
	if (!s->cev)
		s->cev = curl_ev_new(s->loop);
	s->xfer.easy = s->cev ? curl_easy_init() : NULL;
	if (!s->xfer.easy) {
		log_err("SMTP: cannot start libcurl; alert \"%s\" dropped", s->head->subject);
		pop_head(s);
		return;
	}
	s->xfer.done = xfer_done;
	s->sent = 0;
	if (xfer_setup(s, s->xfer.easy) < 0 || curl_ev_add(s->cev, &s->xfer) < 0) {
		log_err("SMTP: cannot start a transfer; alert \"%s\" dropped", s->head->subject);
		xfer_end(s);
		pop_head(s);
	}
}

void
smtp_alert(struct smtp *s, const char *subject, const char *body)
{
	struct smtp_msg_in in = {.when = time(NULL), .from = NULL, .body = body};
	struct smtp_item *it;
	char err[128], *full, *text;

	if (!smtp_enabled(s))
		return;
	full = xasprintf("[%s] %s", s->router_id, subject);
	in.from = s->from;
	in.to = (const char *const *)s->rcpt;
	in.nto = s->nrcpt;
	in.subject = full;
	text = smtp_msg_build(&in, err, sizeof(err));
	if (!text) {
		log_err("SMTP alert refused: %s", err);
		free(full);
		return;
	}
	if (s->n >= SMTP_QUEUE_MAX) {
		/* the head may be in flight: drop the oldest one that is not */
		struct smtp_item *old = s->xfer.easy ? s->head->next : s->head;

		log_warnx("SMTP queue full: dropping alert \"%s\"", old->subject);
		if (old == s->head) {
			pop_head(s);
		} else {
			s->head->next = old->next;
			if (s->tail == old)
				s->tail = s->head;
			s->n--;
			item_free(old);
		}
	}
	it = x_new(struct smtp_item);
	it->text = text;
	it->subject = full;
	if (s->tail)
		s->tail->next = it;
	else
		s->head = it;
	s->tail = it;
	s->n++;
	if (!s->xfer.easy && !ev_timer_active(&s->kick))
		ev_timer_start(s->loop, &s->kick, 0);
}

void
smtp_alert_vrrp(struct smtp *s, bool group, const char *name, const char *state)
{
	const char *what = group ? "Group" : "Instance";
	char subject[320], body[96];

	if (!smtp_enabled(s))
		return;
	if (!strcmp(state, "STOP")) {
		snprintf(subject, sizeof(subject), "VRRP %s %s - Stopping", what, name);
		snprintf(body, sizeof(body), "=> %s <=",
			 group ? "All VRRP group instances are now stopping"
			       : "VRRP Instance stopping");
	} else if (!strcmp(state, "MASTER") || !strcmp(state, "BACKUP") ||
		   !strcmp(state, "FAULT")) {
		if (!strcmp(state, "FAULT") && s->no_email_faults)
			return;
		snprintf(subject, sizeof(subject), "VRRP %s %s - Entering %s state", what, name,
			 state);
		if (group)
			snprintf(body, sizeof(body),
				 "=> All VRRP group instances are now in %s state <=", state);
		else
			snprintf(body, sizeof(body), "=> VRRP Instance is %s owning VRRP VIPs <=",
				 strcmp(state, "MASTER") ? "no longer" : "now");
	} else {
		return;
	}
	smtp_alert(s, subject, body);
}

void
smtp_free(struct smtp *s)
{
	if (!s)
		return;
	if (s->n)
		log_warnx("SMTP: %zu alert(s) not sent", s->n);
	ev_timer_stop(s->loop, &s->kick);
	xfer_end(s);
	while (s->head)
		pop_head(s);
	curl_ev_free(s->cev);
	settings_clear(s);
	free(s);
}
