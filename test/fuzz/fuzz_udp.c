/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_udp: libFuzzer target for UDP_CHECK's reply matcher (hc_reply.c).
 * Input: a header byte giving the length of the expected `reply` pattern
 * (low nibble) and of its mask (high nibble), two bytes each of
 * min_reply_length and max_reply_length, then the pattern, the mask and the
 * datagram. A reply that matches must be within the length bounds and stop
 * matching when any masked bit of its prefix flips; one that does not must
 * say why, and must match once its prefix is made to carry the pattern (when
 * its length is valid).
 *
 * FUZZ_SOURCES: daemon/checker/hc_reply.c
 * FUZZ_DICT: "\x00\x00" "\xff\xff" "\x0f" "\xf0"
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checker/hc_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t
mask_at(const struct conf_udp_check *u, size_t i)
{
	return i < u->reply_mask.n ? u->reply_mask.v[i] : 0xff;
}

/* A matching reply stops matching when one masked bit of it changes. */
static void
check_match(const struct conf_udp_check *u, uint8_t *buf, size_t len)
{
	const char *why;

	if (len < u->min_reply_length || (u->max_reply_length && len > u->max_reply_length))
		abort();
	for (size_t i = 0; i < u->reply.n; i++) {
		uint8_t m = mask_at(u, i), bit = (uint8_t)(m & -m);

		if (!m)
			continue;
		buf[i] ^= bit;
		if (hc_udp_reply_ok(u, buf, len, &why) || !why)
			abort();
		buf[i] ^= bit;
	}
}

/* A reply of a valid length matches once its prefix carries the pattern. */
static void
check_repair(const struct conf_udp_check *u, uint8_t *buf, size_t len)
{
	const char *why;

	if (len < u->reply.n || len < u->min_reply_length ||
	    (u->max_reply_length && len > u->max_reply_length))
		return;
	for (size_t i = 0; i < u->reply.n; i++) {
		uint8_t m = mask_at(u, i);

		buf[i] = (uint8_t)((u->reply.v[i] & m) | (buf[i] & ~m));
	}
	if (!hc_udp_reply_ok(u, buf, len, &why) || why)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf_udp_check u = {.require_reply = true};
	uint8_t reply[15], mask[15], *dgram;
	const char *why = NULL;
	size_t nreply, nmask, len;
	bool ok;

	if (size < 5)
		return 0;
	nreply = data[0] & 0x0f;
	nmask = data[0] >> 4;
	u.min_reply_length = (unsigned)(data[1] << 8 | data[2]) & 0x3f;
	u.max_reply_length = (unsigned)(data[3] << 8 | data[4]) & 0x3ff;
	data += 5, size -= 5;
	if (size < nreply + nmask)
		return 0;
	memcpy(reply, data, nreply);
	memcpy(mask, data + nreply, nmask);
	u.reply = (struct conf_bytes){.v = reply, .n = nreply};
	u.reply_mask = (struct conf_bytes){.v = mask, .n = nmask};
	data += nreply + nmask, size -= nreply + nmask;

	/* The datagram in its own buffer, so that ASan sees any read past it. */
	len = size;
	dgram = malloc(len ? len : 1);
	if (!dgram)
		return 0;
	memcpy(dgram, data, len);
	ok = hc_udp_reply_ok(&u, dgram, len, &why);
	if (ok && why)
		abort();
	if (!ok && !why)
		abort();
	if (ok)
		check_match(&u, dgram, len);
	else
		check_repair(&u, dgram, len);
	free(dgram);
	return 0;
}
