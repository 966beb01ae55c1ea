/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_vrrp_lvs_sync: the sync daemon tied to a VRRP instance follows its
 * transitions, as keepalived's does, checked on the IPVS fake's transcript;
 * and the no_accept nft script (vrrp_fw_render) for IPv4, IPv6 and none.
 */
#include "config.h"

#include <arpa/inet.h>
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_model.h"
#include "nl/nl_ipvs.h"
#include "vrrp/vrrp_firewall.h"
#include "vrrp/vrrp_lvs_sync.h"

static char eth1[] = "eth1", vi_1[] = "VI_1";

static struct conf_lvs_syncd
syncd(char *inst)
{
	struct conf_lvs_syncd c = {.ifname = eth1, .vrrp_instance = inst};

	c.syncid = 51;
	c.port = 8848;
	c.group.family = AF_INET;
	inet_pton(AF_INET, "224.0.0.81", &c.group.u.in4);
	return c;
}

/* The transcript since the last call. */
static char *
take(struct nl_ipvs *h)
{
	char *t = strdup(nl_ipvs_fake_transcript(h));

	nl_ipvs_fake_clear_transcript(h);
	return t;
}

#define ck_transcript(h, want)                                                                     \
	do {                                                                                       \
		char *got_ = take(h);                                                              \
		ck_assert_str_eq(got_, want);                                                      \
		free(got_);                                                                        \
	} while (0)

START_TEST(test_follows_instance)
{
	struct nl_ipvs *h = nl_ipvs_fake_new();
	struct conf_lvs_syncd c = syncd(vi_1);
	struct vrrp_lvs_sync *s = vrrp_lvs_sync_start(&c, h);

	ck_assert_ptr_nonnull(s);
	/* leftovers stopped, then BACKUP */
	ck_transcript(h, "daemon stop master\ndaemon stop backup\n"
			 "daemon start backup eth1 id 51\n");
	vrrp_lvs_sync_transition(s, "VI_1", VRRP_STATE_INIT, VRRP_STATE_BACKUP);
	ck_transcript(h, "");
	vrrp_lvs_sync_transition(s, "VI_2", VRRP_STATE_BACKUP, VRRP_STATE_MASTER);
	ck_transcript(h, "");
	vrrp_lvs_sync_transition(s, "VI_1", VRRP_STATE_BACKUP, VRRP_STATE_MASTER);
	ck_transcript(h, "daemon stop backup\ndaemon start master eth1 id 51\n");
	vrrp_lvs_sync_transition(s, "VI_1", VRRP_STATE_MASTER, VRRP_STATE_FAULT);
	ck_transcript(h, "daemon stop master\ndaemon start backup eth1 id 51\n");
	vrrp_lvs_sync_transition(s, "VI_1", VRRP_STATE_FAULT, VRRP_STATE_BACKUP);
	ck_transcript(h, "");
	vrrp_lvs_sync_transition(s, "VI_1", VRRP_STATE_BACKUP, VRRP_STATE_MASTER);
	ck_transcript(h, "daemon stop backup\ndaemon start master eth1 id 51\n");
	/* shutdown: MASTER -> STOP starts nothing; free stops what runs */
	vrrp_lvs_sync_transition(s, "VI_1", VRRP_STATE_MASTER, VRRP_STATE_STOP);
	ck_transcript(h, "");
	vrrp_lvs_sync_free(s, true);
	ck_transcript(h, "daemon stop master\n");
	nl_ipvs_close(h);
}
END_TEST

START_TEST(test_settings_and_identity)
{
	struct nl_ipvs *h = nl_ipvs_fake_new();
	struct conf_lvs_syncd c = syncd(vi_1), d;
	struct vrrp_lvs_sync *s;

	c.maxlen = 1400;
	c.port = 9000;
	c.ttl = 3;
	inet_pton(AF_INET, "239.1.2.3", &c.group.u.in4);
	s = vrrp_lvs_sync_start(&c, h);
	ck_transcript(h, "daemon stop master\ndaemon stop backup\n"
			 "daemon start backup eth1 id 51 maxlen 1400 group 239.1.2.3 port 9000 "
			 "ttl 3\n");
	vrrp_lvs_sync_free(s, false);
	ck_transcript(h, "");
	d = c;
	ck_assert(vrrp_lvs_sync_same(&c, &d));
	d.ttl = 4;
	ck_assert(!vrrp_lvs_sync_same(&c, &d));
	/* not tied to an instance: the checker's, not ours */
	d = syncd(NULL);
	ck_assert_ptr_null(vrrp_lvs_sync_start(&d, h));
	d = syncd(vi_1);
	d.ifname = NULL;
	ck_assert_ptr_null(vrrp_lvs_sync_start(&d, h));
	ck_transcript(h, "");
	nl_ipvs_close(h);
}
END_TEST

static struct vrrp_fw_addr
fwa(const char *text, const char *ifname)
{
	struct vrrp_fw_addr a = {.family = strchr(text, ':') ? AF_INET6 : AF_INET};

	inet_pton(a.family, text, a.addr);
	if (ifname)
		snprintf(a.ifname, sizeof(a.ifname), "%s", ifname);
	return a;
}

START_TEST(test_fw_render)
{
	struct vrrp_fw_addr a[3] = {fwa("10.0.0.1", NULL), fwa("10.0.0.2", NULL),
				    fwa("fe80::100", "eth0")};
	char *s = vrrp_fw_render(NULL, 0);

	ck_assert_str_eq(s, "add table inet vigil\ndelete table inet vigil\n");
	free(s);
	s = vrrp_fw_render(a, 2);
	ck_assert_ptr_nonnull(strstr(s, "elements = { 10.0.0.1, 10.0.0.2 }"));
	ck_assert_ptr_nonnull(strstr(s, "ip daddr @vips4 drop"));
	ck_assert_ptr_nonnull(strstr(s, "ip saddr @vips4 drop"));
	ck_assert_ptr_nonnull(strstr(s, "hook input priority filter - 1; policy accept;"));
	ck_assert_ptr_null(strstr(s, "vips6")); /* no empty set: nft refuses one */
	free(s);
	s = vrrp_fw_render(a + 2, 1);
	ck_assert_ptr_null(strstr(s, "vips4"));
	ck_assert_ptr_null(strstr(s, "vips6"));
	ck_assert_ptr_nonnull(strstr(s, "iifname \"eth0\" ip6 daddr fe80::100 drop"));
	ck_assert_ptr_nonnull(strstr(s, "oifname \"eth0\" ip6 saddr fe80::100 drop"));
	ck_assert_ptr_nonnull(strstr(s, "nd-neighbor-solicit, nd-neighbor-advert } accept"));
	free(s);
}
END_TEST

int
main(void)
{
	Suite *su = suite_create("vrrp_lvs_sync");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_follows_instance);
	tcase_add_test(tc, test_settings_and_identity);
	tcase_add_test(tc, test_fw_render);
	suite_add_tcase(su, tc);
	sr = srunner_create(su);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
