/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * metrics_render: the pure half of the metrics endpoint. Checks an HTTP
 * request (only GET/HEAD /metrics is served) and turns the children's
 * status documents (JSON) into the Prometheus text exposition format 0.0.4:
 * each family once, with its # HELP and # TYPE lines, label values escaped.
 * No I/O but on the FILE it is given; never logs.
 */
#include "config.h"

#include <string.h>

#include "daemon/metrics.h"

/* ---- HTTP request ---- */

static bool
is_token_char(char c)
{
	return c >= 'A' && c <= 'Z';
}

/* The request line [p, eol): METHOD SP /TARGET SP HTTP/1.x */
static int
check_request_line(const char *p, const char *eol, bool *head)
{
	const char *m = p, *t, *v;
	size_t mlen, tlen;

	while (p < eol && is_token_char(*p))
		p++;
	mlen = (size_t)(p - m);
	if (!mlen || p >= eol || *p != ' ')
		return 400;
	t = ++p;
	while (p<eol && * p> ' ' && *p < 0x7f)
		p++;
	tlen = (size_t)(p - t);
	if (!tlen || *t != '/' || p >= eol || *p != ' ')
		return 400;
	v = ++p;
	if (eol - v != 8 || memcmp(v, "HTTP/1.", 7) || (v[7] != '0' && v[7] != '1'))
		return 400;
	*head = mlen == 4 && !memcmp(m, "HEAD", 4);
	if (!*head && !(mlen == 3 && !memcmp(m, "GET", 3)))
		return 405;
	for (size_t i = 0; i < tlen; i++)
		if (t[i] == '?')
			tlen = i;
	return tlen == 8 && !memcmp(t, "/metrics", 8) ? 200 : 404;
}

int
metrics_http_check(const char *buf, size_t len, bool *head)
{
	const char *nl = memchr(buf, '\n', len), *eol;
	int status;

	*head = false;
	if (memchr(buf, '\0', len))
		return 400;
	if (!nl)
		return len >= METRICS_MAX_REQUEST ? 400 : 0;
	eol = nl > buf && nl[-1] == '\r' ? nl - 1 : nl;
	/* a malformed request line is answered at once, headers or not */
	status = check_request_line(buf, eol, head);
	if (status == 400)
		return 400;
	if (!memmem(buf, len, "\r\n\r\n", 4) && !memmem(buf, len, "\n\n", 2))
		return len >= METRICS_MAX_REQUEST ? 400 : 0;
	return status;
}

const char *
metrics_http_reason(int status)
{
	switch (status) {
	case 200:
		return "OK";
	case 400:
		return "Bad Request";
	case 404:
		return "Not Found";
	case 405:
		return "Method Not Allowed";
	default:
		return "Internal Server Error";
	}
}

/* ---- exposition text ---- */

void
metrics_label_value(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '\\')
			fputs("\\\\", out);
		else if (*s == '"')
			fputs("\\\"", out);
		else if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static void
family(FILE *out, const char *name, const char *type, const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

/* name{k1="v1",k2="v2"} value: NULL keys end the list early. */
static void
sample(FILE *out, const char *name, const char *k1, const char *v1, const char *k2, const char *v2,
       const char *value)
{
	fputs(name, out);
	if (k1) {
		fprintf(out, "{%s=", k1);
		metrics_label_value(out, v1);
		if (k2) {
			fprintf(out, ",%s=", k2);
			metrics_label_value(out, v2);
		}
		fputc('}', out);
	}
	fprintf(out, " %s\n", value);
}

/* A number or boolean member as a sample value; NULL when absent. */
static const char *
num_of(const struct mj *v)
{
	if (!v)
		return NULL;
	if (v->type == MJ_NUM)
		return v->text;
	if (v->type == MJ_BOOL)
		return v->b ? "1" : "0";
	return NULL;
}

static const struct mj *
array_of(const struct mj *doc, const char *key)
{
	const struct mj *a = mj_get(doc, key);

	return a && a->type == MJ_ARR ? a->child : NULL;
}

/* Per-instance numbers: family, type, help, sub-object (NULL: the instance), member. */
static const struct {
	const char *name, *type, *help, *sub, *key;
} vrrp_nums[] = {
	{"vigil_vrrp_priority", "gauge", "Configured VRRP priority.", NULL, "priority"},
	{"vigil_vrrp_effective_priority", "gauge", "VRRP priority after tracking weights.", NULL,
	 "effective_priority"},
	{"vigil_vrrp_holds_vips", "gauge", "1 while the instance holds its virtual addresses.",
	 NULL, "holds_vips"},
	{"vigil_vrrp_adverts_sent_total", "counter", "VRRP adverts sent.", "stats", "adverts_sent"},
	{"vigil_vrrp_adverts_received_total", "counter", "VRRP adverts received.", "stats",
	 "adverts_rcvd"},
	{"vigil_vrrp_priority_zero_sent_total", "counter", "Priority 0 adverts sent.", "stats",
	 "pri_zero_sent"},
	{"vigil_vrrp_priority_zero_received_total", "counter", "Priority 0 adverts received.",
	 "stats", "pri_zero_rcvd"},
	{"vigil_vrrp_become_master_total", "counter", "Transitions into MASTER.", "stats",
	 "become_master"},
	{"vigil_vrrp_release_master_total", "counter", "Transitions out of MASTER.", "stats",
	 "release_master"},
};

static const char *const vrrp_states[] = {"INIT", "BACKUP", "MASTER", "FAULT", "STOP"};

static void
render_vrrp_states(FILE *out, const struct mj *insts)
{
	family(out, "vigil_vrrp_instance_info", "gauge",
	       "VRRP instance: interface and virtual router id.");
	for (const struct mj *i = insts; i; i = i->next) {
		const char *vrid = num_of(mj_get(i, "vrid"));

		fputs("vigil_vrrp_instance_info{instance=", out);
		metrics_label_value(out, mj_str(i, "name"));
		fputs(",interface=", out);
		metrics_label_value(out, mj_str(i, "interface"));
		fputs(",vrid=", out);
		metrics_label_value(out, vrid ? vrid : "");
		fputs("} 1\n", out);
	}
	family(out, "vigil_vrrp_state", "gauge", "1 for the state the VRRP instance is in.");
	for (const struct mj *i = insts; i; i = i->next) {
		const char *st = mj_str(i, "state");

		for (size_t s = 0; s < sizeof(vrrp_states) / sizeof(vrrp_states[0]); s++)
			sample(out, "vigil_vrrp_state", "instance", mj_str(i, "name"), "state",
			       vrrp_states[s], st && !strcmp(st, vrrp_states[s]) ? "1" : "0");
	}
}

/*
 * The members of each instance's object sub (or sub/sub2) as one counter
 * family, the member name as label; nothing when no instance has one.
 */
static void
render_vrrp_keyed(FILE *out, const struct mj *insts, const char *sub, const char *sub2,
		  const char *name, const char *label, const char *help)
{
	bool any = false;

	for (const struct mj *i = insts; i; i = i->next) {
		const struct mj *o = mj_get(i, sub);

		if (sub2)
			o = mj_get(o, sub2);
		for (const struct mj *m = o && o->type == MJ_OBJ ? o->child : NULL; m;
		     m = m->next) {
			const char *v = num_of(m);

			if (!v)
				continue;
			if (!any)
				family(out, name, "counter", help);
			any = true;
			sample(out, name, "instance", mj_str(i, "name"), label, m->key, v);
		}
	}
}

static void
render_vrrp(FILE *out, const struct mj *doc)
{
	const struct mj *insts = array_of(doc, "instances");

	render_vrrp_states(out, insts);
	for (size_t f = 0; f < sizeof(vrrp_nums) / sizeof(vrrp_nums[0]); f++) {
		family(out, vrrp_nums[f].name, vrrp_nums[f].type, vrrp_nums[f].help);
		for (const struct mj *i = insts; i; i = i->next) {
			const struct mj *o = vrrp_nums[f].sub ? mj_get(i, vrrp_nums[f].sub) : i;
			const char *v = num_of(mj_get(o, vrrp_nums[f].key));

			if (v)
				sample(out, vrrp_nums[f].name, "instance", mj_str(i, "name"), NULL,
				       NULL, v);
		}
	}
	render_vrrp_keyed(out, insts, "rx", NULL, "vigil_vrrp_adverts_rx_total", "reason",
			  "VRRP adverts received, by verdict (ok, or why one was dropped).");
	render_vrrp_keyed(out, insts, "stats", "entered", "vigil_vrrp_transitions_total", "state",
			  "VRRP state transitions, by the state entered.");
}

static void
render_checker(FILE *out, const struct mj *doc)
{
	const struct mj *vss = array_of(doc, "virtual_servers");
	const char *ipvs = num_of(mj_get(doc, "ipvs"));

	family(out, "vigil_checker_ipvs_available", "gauge",
	       "1 when the checker child could open the kernel's IPVS interface.");
	sample(out, "vigil_checker_ipvs_available", NULL, NULL, NULL, NULL, ipvs ? ipvs : "0");
	family(out, "vigil_lvs_quorum_up", "gauge",
	       "1 when the virtual server's quorum is met, 0 when lost.");
	for (const struct mj *v = vss; v; v = v->next) {
		const char *q = mj_str(v, "quorum_state");

		if (q && (!strcmp(q, "up") || !strcmp(q, "down")))
			sample(out, "vigil_lvs_quorum_up", "virtual_server", mj_str(v, "vs"), NULL,
			       NULL, strcmp(q, "up") ? "0" : "1");
	}
	family(out, "vigil_lvs_real_server_up", "gauge",
	       "1 when the real server's checkers say it is up.");
	for (const struct mj *v = vss; v; v = v->next)
		for (const struct mj *r = array_of(v, "real_servers"); r; r = r->next)
			if (num_of(mj_get(r, "up")))
				sample(out, "vigil_lvs_real_server_up", "virtual_server",
				       mj_str(v, "vs"), "real_server", mj_str(r, "rs"),
				       num_of(mj_get(r, "up")));
	family(out, "vigil_lvs_real_server_weight", "gauge",
	       "The real server's current weight (vigild --status).");
	for (const struct mj *v = vss; v; v = v->next)
		for (const struct mj *r = array_of(v, "real_servers"); r; r = r->next)
			if (num_of(mj_get(r, "weight")))
				sample(out, "vigil_lvs_real_server_weight", "virtual_server",
				       mj_str(v, "vs"), "real_server", mj_str(r, "rs"),
				       num_of(mj_get(r, "weight")));
}

void
metrics_render(FILE *out, const char *vrrp_doc, size_t vrrp_len, const char *checker_doc,
	       size_t checker_len)
{
	struct mj *vrrp = mj_parse(vrrp_doc, vrrp_len);
	struct mj *hc = mj_parse(checker_doc, checker_len);

	if (vrrp && vrrp->type != MJ_OBJ) {
		mj_free(vrrp);
		vrrp = NULL;
	}
	if (hc && hc->type != MJ_OBJ) {
		mj_free(hc);
		hc = NULL;
	}
	family(out, "vigil_child_up", "gauge",
	       "1 when the child answered this scrape on its status socket.");
	sample(out, "vigil_child_up", "child", "vrrp", NULL, NULL, vrrp ? "1" : "0");
	sample(out, "vigil_child_up", "child", "checker", NULL, NULL, hc ? "1" : "0");
	if (vrrp)
		render_vrrp(out, vrrp);
	if (hc)
		render_checker(out, hc);
	mj_free(vrrp);
	mj_free(hc);
}
