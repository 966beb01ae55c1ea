/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fuzz_dns: libFuzzer target for DNS_CHECK's packet code (hc_reply.c).
 * Input: two ID bytes, then a packet checked as a reply to a query with
 * that ID; the same bytes (up to a NUL) are used as a query name, and a
 * query that builds must be well formed: header, labels of 1..63 bytes,
 * total name length within 255, type and class at the end. The packet is
 * also offered to the ICMP echo reply matcher of PING_CHECK in all its
 * modes, which must not read out of bounds.
 *
 * FUZZ_SOURCES: daemon/checker/hc_reply.c
 * FUZZ_DICT: "\x81\x80" "\x81\x82" "\x01\x00" "www.example.org" "." ".."
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "checker/hc_reply.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_query(const uint8_t *q, int len, uint16_t id)
{
	int i = HC_DNS_HDR_LEN, names = 0;

	if (len < HC_DNS_HDR_LEN + 5 || len > HC_DNS_QUERY_MAX)
		abort();
	if (((unsigned)q[0] << 8 | q[1]) != id || q[2] != 0x01 || q[5] != 1)
		abort();
	while (q[i]) {
		if (q[i] > 63)
			abort();
		i += q[i] + 1;
		if (i >= len)
			abort();
	}
	names = i + 1 - HC_DNS_HDR_LEN;
	if (names > 255 || i + 5 != len || q[len - 1] != 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t q[HC_DNS_QUERY_MAX];
	char name[512];
	const char *why;
	uint16_t id;
	size_t n;
	int r, len;

	if (size < 2)
		return 0;
	id = (uint16_t)(data[0] << 8 | data[1]);
	r = hc_dns_check_reply(data + 2, size - 2, id, &why);
	if (r < -1 || r > 1 || (r && !why) || (!r && why))
		abort();
	n = size - 2 < sizeof(name) - 1 ? size - 2 : sizeof(name) - 1;
	memcpy(name, data + 2, n);
	name[n] = '\0';
	len = hc_dns_build_query(q, sizeof(q), id, name, 28);
	if (len >= 0)
		check_query(q, len, id);
	for (r = 0; r < 8; r++)
		(void)hc_icmp_echo_match(data + 2, size - 2, r & 1, r & 2, r & 4, id, id);
	return 0;
}
