/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_hc_reply: the pure wire code of SMTP_CHECK, DNS_CHECK and
 * UDP_CHECK: SMTP replies (single and multi-line, split anywhere, several
 * in one buffer, malformed), DNS queries (exact bytes, names, limits) and
 * reply checks, UDP reply matching with lengths and nibble masks.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "checker/hc_reply.h"

/* Feeds text in pieces of step bytes; returns the first non-zero result (0 if none). */
static int
smtp(struct hc_smtp_reply *r, const char *text, size_t step, size_t *consumed)
{
	size_t len = strlen(text), i = 0, used;
	int rc = 0;

	hc_smtp_reply_init(r);
	while (i < len) {
		size_t n = len - i < step ? len - i : step;

		rc = hc_smtp_reply_feed(r, (const uint8_t *)text + i, n, &used);
		i += used;
		if (rc)
			break;
	}
	*consumed = i;
	return rc;
}

START_TEST(test_smtp_replies)
{
	static const size_t steps[] = {1, 2, 5, 1000};
	struct hc_smtp_reply r;
	size_t used, k;

	for (k = 0; k < sizeof(steps) / sizeof(steps[0]); k++) {
		ck_assert_int_eq(smtp(&r, "220 mail.example ESMTP\r\n", steps[k], &used), 1);
		ck_assert_uint_eq(r.code, 220);
		ck_assert_int_eq(
			smtp(&r, "250-mail\r\n250-PIPELINING\r\n250 8BITMIME\r\n", steps[k], &used),
			1);
		ck_assert_uint_eq(r.code, 250);
		ck_assert_uint_eq(r.lines, 3);
		ck_assert_int_eq(smtp(&r, "221\n", steps[k], &used), 1);
		ck_assert_uint_eq(r.code, 221);
		ck_assert_int_eq(smtp(&r, "250-part", steps[k], &used), 0);
	}
	/* a second reply in the same buffer is left unconsumed */
	ck_assert_int_eq(smtp(&r, "220 hi\r\n250 ok\r\n", 1000, &used), 1);
	ck_assert_uint_eq(used, 8);
}
END_TEST

START_TEST(test_smtp_malformed)
{
	struct hc_smtp_reply r;
	char big[HC_SMTP_LINE_MAX + 10];
	size_t used;

	ck_assert_int_eq(smtp(&r, "hello\r\n", 1000, &used), -1);
	ck_assert_int_eq(smtp(&r, "2x0 hi\r\n", 1000, &used), -1);
	ck_assert_int_eq(smtp(&r, "120 hi\r\n", 1000, &used), -1);
	ck_assert_int_eq(smtp(&r, "220+hi\r\n", 1000, &used), -1);
	ck_assert_int_eq(smtp(&r, "25\r\n", 1000, &used), -1);
	ck_assert_int_eq(smtp(&r, "250-a\r\n220 b\r\n", 1000, &used), -1);
	ck_assert_str_eq(r.err, "reply code changed within a reply");
	memset(big, 'a', sizeof(big) - 1);
	memcpy(big, "220 ", 4);
	big[sizeof(big) - 1] = '\0';
	ck_assert_int_eq(smtp(&r, big, 7, &used), -1);
	ck_assert_str_eq(r.err, "reply line too long");
}
END_TEST

START_TEST(test_dns_query)
{
	uint8_t q[HC_DNS_QUERY_MAX];
	static const uint8_t want[] = {0x12, 0x34, 0x01, 0x00, 0,   1,	 0,   0,   0,	0,   0,
				       0,    3,	   'w',	 'w',  'w', 7,	 'e', 'x', 'a', 'm', 'p',
				       'l',  'e',  3,	 'o',  'r', 'g', 0,   0,   28,	0,   1};
	char name[300];
	int n;

	n = hc_dns_build_query(q, sizeof(q), 0x1234, "www.example.org.", 28);
	ck_assert_int_eq(n, (int)sizeof(want));
	ck_assert(!memcmp(q, want, sizeof(want)));
	ck_assert_int_eq(hc_dns_build_query(q, sizeof(q), 1, "www.example.org", 28), n);
	/* the root: NULL, "" and "." */
	ck_assert_int_eq(hc_dns_build_query(q, sizeof(q), 1, NULL, 6), 17);
	ck_assert_int_eq(q[12], 0);
	ck_assert_int_eq(q[14], 6);
	ck_assert_int_eq(hc_dns_build_query(q, sizeof(q), 1, ".", 6), 17);
	ck_assert_int_eq(hc_dns_build_query(q, sizeof(q), 1, "", 6), 17);
	/* bad names */
	ck_assert_int_eq(hc_dns_build_query(q, sizeof(q), 1, "a..b", 1), -1);
	ck_assert_int_eq(hc_dns_build_query(q, sizeof(q), 1, ".a", 1), -1);
	memset(name, 'a', 64);
	name[64] = '\0';
	ck_assert_int_eq(hc_dns_build_query(q, sizeof(q), 1, name, 1), -1);
	for (n = 0; n < 290; n += 2)
		name[n] = 'a', name[n + 1] = '.';
	name[290] = '\0';
	ck_assert_int_eq(hc_dns_build_query(q, sizeof(q), 1, name, 1), -1);
	ck_assert_int_eq(hc_dns_build_query(q, 20, 1, "a", 1), -1);
	ck_assert_int_eq(hc_dns_qtype(CONF_DNS_SOA), 6);
	ck_assert_int_eq(hc_dns_qtype(CONF_DNS_MX), 15);
	ck_assert_int_eq(hc_dns_qtype(CONF_DNS_TXT), 16);
}
END_TEST

START_TEST(test_dns_reply)
{
	uint8_t r[12] = {0xab, 0xcd, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0};
	const char *why;

	ck_assert_int_eq(hc_dns_check_reply(r, 12, 0xabcd, &why), 0);
	ck_assert_int_eq(hc_dns_check_reply(r, 11, 0xabcd, &why), 1);
	ck_assert_int_eq(hc_dns_check_reply(r, 12, 0xabce, &why), 1);
	r[2] = 0x01; /* a query, not a reply */
	ck_assert_int_eq(hc_dns_check_reply(r, 12, 0xabcd, &why), 1);
	r[2] = 0x81;
	r[3] = 0x82;
	ck_assert_int_eq(hc_dns_check_reply(r, 12, 0xabcd, &why), -1);
	ck_assert_str_eq(why, "SERVFAIL");
	r[3] = 0x8f;
	ck_assert_int_eq(hc_dns_check_reply(r, 12, 0xabcd, &why), -1);
	r[3] = 0x80;
	r[2] = 0x81 | (4 << 3); /* NOTIFY */
	ck_assert_int_eq(hc_dns_check_reply(r, 12, 0xabcd, &why), -1);
}
END_TEST

START_TEST(test_udp_match)
{
	uint8_t want[] = {0x12, 0x30, 0xff}, mask[] = {0xff, 0xf0, 0x00};
	struct conf_udp_check u = {.require_reply = true,
				   .reply = {want, 3},
				   .reply_mask = {mask, 3},
				   .max_reply_length = 8};
	const uint8_t ok[] = {0x12, 0x3a, 0x00, 0x55}, bad[] = {0x12, 0x40, 0x00};
	const char *why;

	ck_assert(hc_udp_reply_ok(&u, ok, 4, &why));
	ck_assert(!hc_udp_reply_ok(&u, bad, 3, &why));
	ck_assert_str_eq(why, "reply data mismatch");
	ck_assert(!hc_udp_reply_ok(&u, ok, 2, &why));
	u.min_reply_length = 4;
	ck_assert(!hc_udp_reply_ok(&u, ok, 3, &why));
	ck_assert_str_eq(why, "reply length out of range");
	u.max_reply_length = 3;
	u.min_reply_length = 0;
	ck_assert(!hc_udp_reply_ok(&u, ok, 4, &why));
	u.max_reply_length = 0;
	u.reply_mask.n = 0; /* no mask: every byte counts */
	ck_assert(!hc_udp_reply_ok(&u, ok, 4, &why));
	u.reply.n = 1;
	ck_assert(hc_udp_reply_ok(&u, ok, 4, &why));
}
END_TEST

START_TEST(test_icmp_echo)
{
	uint8_t b[64], ip[84];
	size_t n = hc_icmp_echo_build(b, sizeof(b), false, 0x1234, 7, (const uint8_t *)"ab", 2);
	uint32_t sum = 0;
	size_t i;

	ck_assert_uint_eq(n, 10);
	ck_assert_int_eq(b[0], 8);
	for (i = 0; i < n; i += 2) /* a correct checksum sums to 0xffff */
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	ck_assert_uint_eq(sum, 0xffff);
	ck_assert_uint_eq(hc_icmp_echo_build(b, 9, false, 1, 1, (const uint8_t *)"ab", 2), 0);
	n = hc_icmp_echo_build(b, sizeof(b), true, 0x1234, 7, NULL, 0);
	ck_assert_int_eq(b[0], 128);
	ck_assert_int_eq(b[2] | b[3], 0);
	/* replies */
	b[0] = 129;
	ck_assert(hc_icmp_echo_match(b, n, true, false, true, 0x1234, 7));
	ck_assert(!hc_icmp_echo_match(b, n, true, false, true, 0x1235, 7));
	ck_assert(hc_icmp_echo_match(b, n, true, false, false, 0x1235, 7));
	ck_assert(!hc_icmp_echo_match(b, n, true, false, false, 0x1234, 8));
	ck_assert(!hc_icmp_echo_match(b, 7, true, false, false, 0x1234, 7));
	b[0] = 0;
	ck_assert(!hc_icmp_echo_match(b, n, true, false, true, 0x1234, 7));
	ck_assert(hc_icmp_echo_match(b, n, false, false, true, 0x1234, 7));
	memset(ip, 0, sizeof(ip));
	ip[0] = 0x46; /* IPv4 with 4 bytes of options */
	memcpy(ip + 24, b, n);
	ck_assert(hc_icmp_echo_match(ip, 24 + n, false, true, true, 0x1234, 7));
	ck_assert(!hc_icmp_echo_match(ip, 23, false, true, true, 0x1234, 7));
	ip[0] = 0x44; /* IHL below 5 */
	ck_assert(!hc_icmp_echo_match(ip, 24 + n, false, true, true, 0x1234, 7));
}
END_TEST

static Suite *
hc_reply_suite(void)
{
	Suite *s = suite_create("hc_reply");
	TCase *tc = tcase_create("reply");

	tcase_add_test(tc, test_smtp_replies);
	tcase_add_test(tc, test_smtp_malformed);
	tcase_add_test(tc, test_dns_query);
	tcase_add_test(tc, test_dns_reply);
	tcase_add_test(tc, test_udp_match);
	tcase_add_test(tc, test_icmp_echo);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(hc_reply_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
