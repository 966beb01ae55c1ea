/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * smtp: keepalived's SMTP alerts. Each child owns one struct smtp built from
 * global_defs (smtp_server, smtp_helo_name, smtp_connect_timeout,
 * notification_email, notification_email_from, router_id). smtp_alert()
 * builds the message at once (Date is the event's time) and queues it; one
 * transfer at a time goes through libcurl on the child's event loop. While
 * the relay is unreachable the head of the queue is retried with back-off
 * (1, 2, 4 ... 60 s); the queue is bounded (the oldest message is dropped,
 * with a log line). A header value holding CR or LF is refused, never sent.
 *
 * The message builder (smtp_msg_*) is pure: no I/O, no logging.
 */
#ifndef VIGIL_NOTIFY_SMTP_H
#define VIGIL_NOTIFY_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "ev/ev.h"

struct conf;

#define SMTP_QUEUE_MAX	      64
#define SMTP_BACKOFF_FIRST_US (1 * EV_USEC_PER_SEC)
#define SMTP_BACKOFF_MAX_US   (60 * EV_USEC_PER_SEC)

struct smtp;

/* Always returns an object; it sends nothing unless smtp_enabled(). Owned. */
struct smtp *smtp_new(struct ev_loop *loop, const struct conf *conf);
/* Reload: takes the new settings (copied); queued messages stay queued. */
void smtp_set_conf(struct smtp *s, const struct conf *conf);
/* notification_email and smtp_server are both set. NULL: false. */
bool smtp_enabled(const struct smtp *s);
/*
 * Queues "[router_id] <subject>" with the one-line body. A no-op when not
 * enabled (or s is NULL). A subject or body with CR/LF is refused (logged).
 */
void smtp_alert(struct smtp *s, const char *subject, const char *body);
/*
 * keepalived's VRRP alert for an instance (group false) or a sync group
 * entering state ("MASTER", "BACKUP", "FAULT", "STOP"); other states and
 * FAULT under no_email_faults send nothing.
 */
void smtp_alert_vrrp(struct smtp *s, bool group, const char *name, const char *state);
/* Messages queued or in flight. */
size_t smtp_pending(const struct smtp *s);
/* Tests: the back-off's first and largest delay. */
void smtp_set_backoff(struct smtp *s, uint64_t first_us, uint64_t max_us);
/* Drops whatever is still queued. NULL is a no-op. */
void smtp_free(struct smtp *s);

/* ---- pure message builder ---- */

struct smtp_msg_in {
	time_t when;
	const char *from;      /* a mailbox: "a@b" or "Name <a@b>" */
	const char *const *to; /* mailboxes */
	size_t nto;
	const char *subject; /* complete, with the [router_id] prefix */
	const char *body;    /* one line */
};

/* RFC 5322 date in local time: "Sat, 21 Nov 2026 07:04:08 +0100". Returns 0 or -1. */
int smtp_fmt_date(char *buf, size_t len, time_t when);
/* The address part of a mailbox, with angle brackets: "Name <a@b>" and "a@b" give "<a@b>". */
int smtp_addr_spec(char *buf, size_t len, const char *mailbox);
/* True when s has no CR or LF. */
bool smtp_header_safe(const char *s);
/*
 * The message: Date, From, To (every recipient), Subject, a blank line and
 * the body, CRLF line endings. NULL (and err filled) when a value holds CR/LF.
 */
char *smtp_msg_build(const struct smtp_msg_in *in, char *err, size_t errlen);

#endif
