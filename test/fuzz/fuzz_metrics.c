/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_metrics: libFuzzer target for the metrics endpoint's pure parts: the
 * HTTP request check (metrics_render.c) and the JSON reader and exposition
 * renderer (metrics_json.c, metrics_render.c). The input is used whole as
 * all three:
 *  - an HTTP request: the verdict is one of 0/200/400/404/405, 0 only below
 *    METRICS_MAX_REQUEST, 200 only for GET /metrics or (flagged) HEAD /metrics;
 *  - a JSON document: when it parses, the tree written back as JSON parses
 *    again to the same tree (types, keys, texts, order);
 *  - a status document of either child: every line of the rendered text is
 *    "# HELP", "# TYPE" or a well-formed sample (name, escaped labels, one
 *    value), so no input can break the exposition format.
 *
 * FUZZ_SOURCES: daemon/metrics_render.c daemon/metrics_json.c lib/util/xalloc.c
 * FUZZ_DICT: "GET " "HEAD " "/metrics" " HTTP/1.1\x0d\x0a" "\x0d\x0a\x0d\x0a" "\\u" "\\ud83d\\ude00"
 * FUZZ_DICT: "{\"instances\":[" "{\"virtual_servers\":[" "\"real_servers\":[" "\"name\":"
 * FUZZ_DICT: "\"stats\":{" "\"rx\":{" "\"entered\":{" "\"up\":true" "\"weight\":" "\"rs\":"
 * FUZZ_DICT: "\"vs\":" "\"quorum_state\":\"up\"" "\"state\":\"MASTER\"" "\"ipvs\":" "-0.5e+3"
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "daemon/metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_http(const char *s, size_t n)
{
	bool head = true;
	int st = metrics_http_check(s, n, &head);

	switch (st) {
	case 0:
		if (n >= METRICS_MAX_REQUEST)
			abort();
		return;
	case 200:
		if (head ? memcmp(s, "HEAD /metrics", 13) : memcmp(s, "GET /metrics", 12))
			abort();
		break;
	case 400:
	case 404:
	case 405:
		break;
	default:
		abort();
	}
	if (!metrics_http_reason(st) || !strcmp(metrics_http_reason(st), "Internal Server Error"))
		abort();
}

static void
put_json_string(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void
put_json(FILE *f, const struct mj *v)
{
	if (v->key) {
		put_json_string(f, v->key);
		fputc(':', f);
	}
	switch (v->type) {
	case MJ_NULL:
		fputs("null", f);
		break;
	case MJ_BOOL:
		fputs(v->b ? "true" : "false", f);
		break;
	case MJ_NUM:
		fputs(v->text, f);
		break;
	case MJ_STR:
		put_json_string(f, v->text);
		break;
	case MJ_ARR:
	case MJ_OBJ:
		fputc(v->type == MJ_ARR ? '[' : '{', f);
		for (const struct mj *m = v->child; m; m = m->next) {
			put_json(f, m);
			if (m->next)
				fputc(',', f);
		}
		fputc(v->type == MJ_ARR ? ']' : '}', f);
		break;
	}
}

static bool
str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

static bool
same_tree(const struct mj *a, const struct mj *b)
{
	for (; a && b; a = a->next, b = b->next)
		if (a->type != b->type || a->b != b->b || !str_eq(a->key, b->key) ||
		    !str_eq(a->text, b->text) || !same_tree(a->child, b->child))
			return false;
	return !a && !b;
}

static void
check_json(const char *s, size_t n)
{
	struct mj *v = mj_parse(s, n), *again;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	if (!v)
		return;
	if (v->key || v->next)
		abort();
	f = open_memstream(&buf, &len);
	if (!f)
		abort();
	put_json(f, v);
	fclose(f);
	again = mj_parse(buf, len);
	if (!again || !same_tree(v, again))
		abort();
	if (v->type == MJ_OBJ && v->child && v->child->key && mj_get(v, v->child->key) != v->child)
		abort();
	mj_free(again);
	mj_free(v);
	free(buf);
}

/* A label value: "..." with only \\, \" and \n escapes and no raw newline. Returns the end. */
static const char *
label_value(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (; *p != '"'; p++) {
		if (!*p || *p == '\n')
			return NULL;
		if (*p == '\\' && (p[1] == '\\' || p[1] == '"' || p[1] == 'n'))
			p++;
		else if (*p == '\\')
			return NULL;
	}
	return p + 1;
}

static bool
name_char(char c)
{
	return (c >= 'a' && c <= 'z') || c == '_';
}

/* One sample line (no newline): name{k="v",...} value. */
static bool
sample_ok(const char *p)
{
	if (!name_char(*p))
		return false;
	while (name_char(*p))
		p++;
	if (*p == '{') {
		do {
			p++;
			if (!name_char(*p))
				return false;
			while (name_char(*p))
				p++;
			if (*p++ != '=' || !(p = label_value(p)))
				return false;
		} while (*p == ',');
		if (*p++ != '}')
			return false;
	}
	if (*p++ != ' ' || !*p)
		return false;
	return !strchr(p, ' ');
}

static void
check_lines(char *text, size_t len)
{
	char *line = text, *nl;

	if (!len || text[len - 1] != '\n' || strlen(text) != len)
		abort();
	for (; *line; line = nl + 1) {
		nl = strchr(line, '\n');
		*nl = '\0';
		if (strncmp(line, "# HELP vigil_", 13) && strncmp(line, "# TYPE vigil_", 13) &&
		    (strncmp(line, "vigil_", 6) || !sample_ok(line)))
			abort();
	}
}

static void
check_render(const char *vrrp, size_t vn, const char *hc, size_t hn)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		abort();
	metrics_render(f, vrrp, vn, hc, hn);
	fclose(f);
	check_lines(buf, len);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	check_http(s, size);
	check_json(s, size);
	check_render(s, size, NULL, 0);
	check_render(NULL, 0, s, size);
	return 0;
}
