/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * smtp_msg: the pure half of the SMTP alerts: the RFC 5322 date, address
 * extraction for the envelope and the message text. No I/O, no logging; a
 * value that would break out of its header (CR or LF) is refused.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "notify/smtp.h"
#include "util/xalloc.h"

bool
smtp_header_safe(const char *s)
{
	return s && !strpbrk(s, "\r\n");
}

int
smtp_fmt_date(char *buf, size_t len, time_t when)
{
	static const char *const wday[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
	static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
	struct tm tm;
	long off, aoff;
	int n;

	if (!localtime_r(&when, &tm) || tm.tm_wday < 0 || tm.tm_wday > 6 || tm.tm_mon < 0 ||
	    tm.tm_mon > 11)
		return -1;
	off = tm.tm_gmtoff / 60;
	aoff = off < 0 ? -off : off;
	n = snprintf(buf, len, "%s, %02d %s %04d %02d:%02d:%02d %c%02ld%02ld", wday[tm.tm_wday],
		     tm.tm_mday, mon[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
		     tm.tm_sec, off < 0 ? '-' : '+', aoff / 60, aoff % 60);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

int
smtp_addr_spec(char *buf, size_t len, const char *mailbox)
{
	const char *lt = strrchr(mailbox, '<'), *gt;
	int n;

	if (lt && (gt = strchr(lt, '>')))
		n = snprintf(buf, len, "%.*s", (int)(gt - lt + 1), lt);
	else
		n = snprintf(buf, len, "<%s>", mailbox);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

/* Appends s to the growing buffer *b (length *n). */
static void
put(char **b, size_t *n, const char *s)
{
	size_t l = strlen(s);

	*b = xrealloc(*b, *n + l + 1);
	memcpy(*b + *n, s, l + 1);
	*n += l;
}

static int
check(const char *what, const char *v, char *err, size_t errlen)
{
	if (smtp_header_safe(v))
		return 0;
	snprintf(err, errlen, "%s %s", what, v ? "contains CR or LF" : "is missing");
	return -1;
}

char *
smtp_msg_build(const struct smtp_msg_in *in, char *err, size_t errlen)
{
	char date[64], *b = NULL;
	size_t n = 0;

	if (check("From", in->from, err, errlen) || check("Subject", in->subject, err, errlen) ||
	    check("body", in->body, err, errlen))
		return NULL;
	for (size_t i = 0; i < in->nto; i++)
		if (check("To", in->to[i], err, errlen))
			return NULL;
	if (smtp_fmt_date(date, sizeof(date), in->when) < 0) {
		snprintf(err, errlen, "cannot format the date");
		return NULL;
	}
	put(&b, &n, "Date: ");
	put(&b, &n, date);
	put(&b, &n, "\r\nFrom: ");
	put(&b, &n, in->from);
	put(&b, &n, "\r\nTo: ");
	for (size_t i = 0; i < in->nto; i++) {
		if (i)
			put(&b, &n, ", ");
		put(&b, &n, in->to[i]);
	}
	put(&b, &n, "\r\nSubject: ");
	put(&b, &n, in->subject);
	put(&b, &n, "\r\n\r\n");
	put(&b, &n, in->body);
	put(&b, &n, "\r\n");
	return b;
}
