/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_smtp: libFuzzer target for the SMTP reply parser of SMTP_CHECK
 * (hc_reply.c). Input: one byte choosing how the rest is cut into pieces,
 * then server output. Replies are read one after the other, whole and in
 * pieces; both runs must see the same sequence of reply codes and stop at
 * the same place, and every code is 200..599.
 *
 * FUZZ_SOURCES: daemon/checker/hc_reply.c
 * FUZZ_DICT: "220 " "250-" "250 " "221" "\x0d\x0a" "554 "
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checker/hc_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Reads replies from d in pieces of step; returns a hash of the codes seen and the end state. */
static uint64_t
run(const uint8_t *d, size_t n, size_t step, size_t *stop)
{
	static struct hc_smtp_reply r;
	uint64_t h = 1469598103934665603ULL;
	size_t i = 0, used, piece;
	int rc;

	hc_smtp_reply_init(&r);
	while (i < n) {
		piece = n - i < step ? n - i : step;
		rc = hc_smtp_reply_feed(&r, d + i, piece, &used);
		if (used > piece)
			abort();
		i += used;
		if (rc == 0)
			continue;
		if (rc == 1 && (r.code < 200 || r.code > 599))
			abort();
		h = (h ^ (rc == 1 ? r.code : 1000)) * 1099511628211ULL;
		if (rc < 0)
			break;
		hc_smtp_reply_init(&r);
	}
	*stop = i;
	return h;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t a, b;

	if (size < 1)
		return 0;
	if (run(data + 1, size - 1, size, &a) !=
	    run(data + 1, size - 1, (size_t)data[0] % 9 + 1, &b))
		abort();
	if (a != b)
		abort();
	return 0;
}
