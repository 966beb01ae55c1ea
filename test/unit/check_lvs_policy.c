/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_lvs_policy: the desired IPVS table for each virtual_server keyword,
 * seen as the fake backend's transcript when the table is programmed into
 * an empty kernel: schedulers and their flags, persistence, groups, sorry
 * server, inhibit_on_failure, quorum/hysteresis, alpha, DR/TUN ports; and
 * the policy's events and the health table's reload migration.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checker/lvs_health.h"
#include "checker/lvs_policy.h"
#include "checker/lvs_reconcile.h"
#include "conf/conf.h"

struct fx {
	struct conf_diags diags;
	struct conf *conf;
	struct lvs_health *h;
	struct lvs_table t;
	bool have_t;
	struct nl_ipvs *ipvs;
	char tr[8192];
	char ev[2048];
};

static void
fx_load(struct fx *f, const char *text)
{
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit"};

	memset(f, 0, sizeof(*f));
	conf_diags_init(&f->diags);
	f->conf = conf_load_buf("t.conf", text, strlen(text), &o, &f->diags);
	ck_assert_ptr_nonnull(f->conf);
	ck_assert_uint_gt(f->conf->nvs, 0);
	f->h = lvs_health_new(f->conf);
	lvs_table_init(&f->t);
	f->ipvs = nl_ipvs_fake_new();
}

static void
fx_free(struct fx *f)
{
	lvs_table_clear(&f->t);
	lvs_health_free(f->h);
	nl_ipvs_close(f->ipvs);
	conf_free(f->conf);
	conf_diags_free(&f->diags);
}

static void
on_event(const struct lvs_event *ev, void *arg)
{
	static const char *const names[] = {"up",	   "down",     "weight",   "quorum-up",
					    "quorum-down", "sorry-on", "sorry-off"};
	struct fx *f = arg;
	size_t len = strlen(f->ev);

	snprintf(f->ev + len, sizeof(f->ev) - len, "%s%s vs%zu", len ? ", " : "", names[ev->type],
		 ev->vs);
	len = strlen(f->ev);
	if (ev->type <= LVS_EV_RS_WEIGHT)
		snprintf(f->ev + len, sizeof(f->ev) - len, " rs%zu", ev->rs);
	len = strlen(f->ev);
	if (ev->type == LVS_EV_QUORUM_UP || ev->type == LVS_EV_QUORUM_DOWN)
		snprintf(f->ev + len, sizeof(f->ev) - len, " %ld/%ld", ev->weight_sum,
			 ev->threshold);
}

/* Computes the table, programs it (diffing with the previous one) and returns the transcript. */
static const char *
fx_apply(struct fx *f)
{
	struct lvs_table next;
	char err[256];
	int rc;

	lvs_table_init(&next);
	lvs_policy_update_quorum(f->conf, f->h);
	lvs_policy_desired(f->conf, f->h, &next);
	f->ev[0] = '\0';
	lvs_policy_events(f->conf, f->have_t ? &f->t : NULL, &next, on_event, f);
	nl_ipvs_fake_clear_transcript(f->ipvs);
	rc = lvs_reconcile(f->ipvs, &next, f->have_t ? &f->t : NULL, NULL, NULL, err, sizeof(err));
	ck_assert_msg(rc == 0, "reconcile: %d %s", rc, err);
	lvs_table_move(&f->t, &next);
	f->have_t = true;
	snprintf(f->tr, sizeof(f->tr), "%s", nl_ipvs_fake_transcript(f->ipvs));
	return f->tr;
}

/* The transcript of programming `text` into an empty table. */
#define ck_program(text, want)                                                                     \
	do {                                                                                       \
		struct fx f_;                                                                      \
		fx_load(&f_, (text));                                                              \
		ck_assert_str_eq(fx_apply(&f_), (want));                                           \
		fx_free(&f_);                                                                      \
	} while (0)

#define VS_HEAD(extra)	"virtual_server 10.0.0.1 80 {\n protocol TCP\n lb_kind NAT\n" extra "\n"
#define RS(a, p, extra) " real_server " a " " #p " {\n" extra "\n }\n"
#define TCP_CHECK	" TCP_CHECK {\n connect_timeout 1\n }\n"

START_TEST(test_schedulers)
{
	static const char *const scheds[] = {"rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh",
					     "sh", "sed", "nq", "fo",  "ovf",  "mh",	"twos"};
	char conf[512], want[512];
	size_t i;

	for (i = 0; i < sizeof(scheds) / sizeof(scheds[0]); i++) {
		snprintf(conf, sizeof(conf),
			 VS_HEAD(" lvs_sched %s") RS("192.168.1.1", 80, "") "}\n", scheds[i]);
		snprintf(want, sizeof(want),
			 "service add tcp 10.0.0.1:80 %s\n"
			 "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n",
			 scheds[i]);
		ck_program(conf, want);
	}
	/* lb_algo is the old name; no scheduler at all is wlc. */
	ck_program(VS_HEAD(" lb_algo sh") RS("192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 sh\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
	ck_program(VS_HEAD("") RS("192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 wlc\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
}
END_TEST

START_TEST(test_sched_flags)
{
	ck_program(VS_HEAD(" lvs_sched rr\n flag-1\n flag-2\n flag-3")
			   RS("192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 rr flag-1 flag-2 flag-3\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
	ck_program(VS_HEAD(" lvs_sched sh\n sh-port\n sh-fallback") RS("192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 sh flag-1 flag-2\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
	ck_program(VS_HEAD(" lvs_sched mh\n mh-port") RS("192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 mh flag-2\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
	ck_program(VS_HEAD(" lvs_sched mh\n mh-fallback") RS("192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 mh flag-1\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
	/* ops: one-packet scheduling, UDP only */
	ck_program("virtual_server 10.0.0.1 53 {\n protocol UDP\n lvs_sched rr\n ops\n" RS(
			   "192.168.1.1", 53, "") "}\n",
		   "service add udp 10.0.0.1:53 rr ops\n"
		   "dest add udp 10.0.0.1:53 -> 192.168.1.1:53 masq w1\n");
}
END_TEST

START_TEST(test_persistence)
{
	ck_program(VS_HEAD(" lvs_sched rr\n persistence_timeout 300")
			   RS("192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 rr persistent 300\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
	ck_program(VS_HEAD(" lvs_sched rr\n persistence_timeout 60\n persistence_granularity "
			   "255.255.255.0") RS("192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 rr persistent 60 netmask /24\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
	ck_program("virtual_server 2001:db8::1 80 {\n protocol TCP\n lvs_sched rr\n "
		   "persistence_timeout 60\n persistence_granularity 64\n" RS("2001:db8:1::1", 80,
									      "") "}\n",
		   "service add tcp [2001:db8::1]:80 rr persistent 60 netmask /64\n"
		   "dest add tcp [2001:db8::1]:80 -> [2001:db8:1::1]:80 masq w1\n");
	ck_program("virtual_server 10.0.0.1 5060 {\n protocol UDP\n lvs_sched rr\n "
		   "persistence_timeout 30\n persistence_engine sip\n" RS("192.168.1.1", 5060,
									  "") "}\n",
		   "service add udp 10.0.0.1:5060 rr persistent 30 pe sip\n"
		   "dest add udp 10.0.0.1:5060 -> 192.168.1.1:5060 masq w1\n");
	/* port 0 services are persistent (keepalived forces 360 s) */
	ck_program("virtual_server 10.0.0.1 0 {\n protocol TCP\n lvs_sched rr\n" RS("192.168.1.1",
										    0, "") "}\n",
		   "service add tcp 10.0.0.1:0 rr persistent 360\n"
		   "dest add tcp 10.0.0.1:0 -> 192.168.1.1:0 masq w1\n");
}
END_TEST

START_TEST(test_fwd_ports)
{
	/* DR and TUN send to the service's port whatever the real server says; NAT keeps it. */
	ck_program("virtual_server 10.0.0.1 80 {\n protocol TCP\n lvs_sched rr\n lb_kind DR\n" RS(
			   "192.168.1.1", 8080, "") RS("192.168.1.2", 8080, " lvs_method NAT")
			   RS("192.168.1.3", 8080, " lvs_method TUN type gue port 6080 csum") "}\n",
		   "service add tcp 10.0.0.1:80 rr\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 dr w1\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.2:8080 masq w1\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.3:80 tun w1 gue:6080 csum\n");
	ck_program("virtual_server fwmark 7 {\n lvs_sched wrr\n lb_kind DR\n" RS("192.168.1.1", 80,
										 " weight 3") "}\n",
		   "service add fwmark 7 wrr\n"
		   "dest add fwmark 7 -> 192.168.1.1:0 dr w3\n");
	ck_program(VS_HEAD(" lvs_sched rr\n lvs_method TUN") RS("192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 rr\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 tun w1 ipip\n");
}
END_TEST

START_TEST(test_default_ports)
{
	/* NAT without a port: the virtual server's port (0 for groups and fwmarks), as
	 * keepalived; a sorry server without a port stays at 0; a server listed twice: the first. */
	ck_program(
		VS_HEAD(" lvs_sched rr\n sorry_server 192.168.9.9\n sorry_server_inhibit") RS(
			"192.168.1.1", , "")
			RS("192.168.1.1", ,
			   " weight 3") "}\n"
					"virtual_server_group G {\n 10.0.0.2 80\n}\n"
					"virtual_server group G {\n protocol TCP\n lvs_sched rr\n" RS(
						"192.168.1.2", , "") "}\n",
		"service add tcp 10.0.0.1:80 rr\n"
		"dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n"
		"dest add tcp 10.0.0.1:80 -> 192.168.9.9:0 masq w0\n"
		"service add tcp 10.0.0.2:80 rr\n"
		"dest add tcp 10.0.0.2:80 -> 192.168.1.2:0 masq w1\n");
}
END_TEST

START_TEST(test_rs_settings)
{
	ck_program(VS_HEAD(" lvs_sched wlc\n weight 5") RS("192.168.1.1", 80,
							   " uthreshold 100\n "
							   "lthreshold 10")
			   RS("192.168.1.2", 80, " weight 0") "}\n",
		   "service add tcp 10.0.0.1:80 wlc\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w5 u100 l10\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.2:80 masq w0\n");
	ck_program("virtual_server 10.0.0.1 80 {\n protocol SCTP\n lvs_sched rr\n" RS("192.168.1.1",
										      80, "") "}\n",
		   "service add sctp 10.0.0.1:80 rr\n"
		   "dest add sctp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
}
END_TEST

START_TEST(test_group_expansion)
{
	ck_program("virtual_server_group G {\n 10.0.0.1 80\n 10.0.0.5-7 8080\n fwmark 3\n}\n"
		   "virtual_server group G {\n protocol TCP\n lvs_sched rr\n lb_kind DR\n" RS(
			   "192.168.1.1", 80, "") "}\n",
		   "service add tcp 10.0.0.1:80 rr\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 dr w1\n"
		   "service add tcp 10.0.0.5:8080 rr\n"
		   "dest add tcp 10.0.0.5:8080 -> 192.168.1.1:8080 dr w1\n"
		   "service add tcp 10.0.0.6:8080 rr\n"
		   "dest add tcp 10.0.0.6:8080 -> 192.168.1.1:8080 dr w1\n"
		   "service add tcp 10.0.0.7:8080 rr\n"
		   "dest add tcp 10.0.0.7:8080 -> 192.168.1.1:8080 dr w1\n"
		   "service add fwmark 3 rr\n"
		   "dest add fwmark 3 -> 192.168.1.1:0 dr w1\n");
	/* IPv6 ranges vary the last 16 bits (hex); two protocols on one group are two sets. */
	ck_program("virtual_server_group G6 {\n 2001:db8::a-b 53\n}\n"
		   "virtual_server group G6 {\n protocol UDP\n lvs_sched rr\n" RS(
			   "2001:db8:1::1", 53,
			   "") "}\n"
			       "virtual_server group G6 {\n protocol TCP\n lvs_sched rr\n" RS(
				       "2001:db8:1::1", 53, "") "}\n",
		   "service add udp [2001:db8::a]:53 rr\n"
		   "dest add udp [2001:db8::a]:53 -> [2001:db8:1::1]:53 masq w1\n"
		   "service add udp [2001:db8::b]:53 rr\n"
		   "dest add udp [2001:db8::b]:53 -> [2001:db8:1::1]:53 masq w1\n"
		   "service add tcp [2001:db8::a]:53 rr\n"
		   "dest add tcp [2001:db8::a]:53 -> [2001:db8:1::1]:53 masq w1\n"
		   "service add tcp [2001:db8::b]:53 rr\n"
		   "dest add tcp [2001:db8::b]:53 -> [2001:db8:1::1]:53 masq w1\n");
}
END_TEST

START_TEST(test_alpha)
{
	struct fx f;

	/* alpha: a checked server starts down; an unchecked one is always up. */
	fx_load(&f, VS_HEAD(" lvs_sched rr\n alpha") RS("192.168.1.1", 80, TCP_CHECK)
			    RS("192.168.1.2", 80, "") "}\n");
	ck_assert_str_eq(fx_apply(&f), "service add tcp 10.0.0.1:80 rr\n"
				       "dest add tcp 10.0.0.1:80 -> 192.168.1.2:80 masq w1\n");
	ck_assert(!lvs_health_set(f.h, 0, 1, false)); /* no checker: verdicts ignored */
	ck_assert(lvs_health_set(f.h, 0, 0, true));
	ck_assert_str_eq(fx_apply(&f), "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
	ck_assert_str_eq(f.ev, "up vs0 rs0");
	ck_assert(lvs_health_set(f.h, 0, 0, false));
	ck_assert_str_eq(fx_apply(&f), "dest del tcp 10.0.0.1:80 -> 192.168.1.1:80\n");
	ck_assert_str_eq(f.ev, "down vs0 rs0");
	fx_free(&f);
	/* without alpha the checked server is in from the start */
	ck_program(VS_HEAD(" lvs_sched rr") RS("192.168.1.1", 80, TCP_CHECK) "}\n",
		   "service add tcp 10.0.0.1:80 rr\n"
		   "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n");
}
END_TEST

START_TEST(test_inhibit_on_failure)
{
	struct fx f;

	fx_load(&f, VS_HEAD(" lvs_sched rr\n inhibit_on_failure\n alpha")
			    RS("192.168.1.1", 80, " weight 2\n" TCP_CHECK) "}\n");
	/* down from the start (alpha) but in the table with weight 0 */
	ck_assert_str_eq(fx_apply(&f), "service add tcp 10.0.0.1:80 rr\n"
				       "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w0\n");
	lvs_health_set(f.h, 0, 0, true);
	ck_assert_str_eq(fx_apply(&f), "dest edit tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w2\n");
	lvs_health_set(f.h, 0, 0, false);
	ck_assert_str_eq(fx_apply(&f), "dest edit tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w0\n");
	fx_free(&f);
}
END_TEST

START_TEST(test_weight_change)
{
	struct fx f;

	fx_load(&f, VS_HEAD(" lvs_sched wrr") RS("192.168.1.1", 80, " weight 4\n" TCP_CHECK) "}\n");
	fx_apply(&f);
	ck_assert(lvs_health_set_weight(f.h, 0, 0, 9));
	ck_assert(!lvs_health_set_weight(f.h, 0, 0, 9));
	ck_assert_str_eq(fx_apply(&f), "dest edit tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w9\n");
	ck_assert_str_eq(f.ev, "weight vs0 rs0");
	lvs_health_set_weight(f.h, 0, 0, -3); /* clamped */
	ck_assert_str_eq(fx_apply(&f), "dest edit tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w0\n");
	fx_free(&f);
}
END_TEST

#define SORRY_VS(extra)                                                                            \
	VS_HEAD(" lvs_sched rr\n alpha\n sorry_server 192.168.9.9 8080" extra)                     \
	RS("192.168.1.1", 80, TCP_CHECK) RS("192.168.1.2", 80, TCP_CHECK) "}\n"

START_TEST(test_sorry_server)
{
	struct fx f;

	fx_load(&f, SORRY_VS(""));
	/* every server down: the sorry server serves */
	ck_assert_str_eq(fx_apply(&f), "service add tcp 10.0.0.1:80 rr\n"
				       "dest add tcp 10.0.0.1:80 -> 192.168.9.9:8080 masq w1\n");
	ck_assert_str_eq(f.ev, "quorum-down vs0 0/1, sorry-on vs0");
	lvs_health_set(f.h, 0, 0, true);
	ck_assert_str_eq(fx_apply(&f), "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n"
				       "dest del tcp 10.0.0.1:80 -> 192.168.9.9:8080\n");
	ck_assert_str_eq(f.ev, "up vs0 rs0, quorum-up vs0 1/1, sorry-off vs0");
	lvs_health_set(f.h, 0, 0, false);
	ck_assert_str_eq(fx_apply(&f), "dest add tcp 10.0.0.1:80 -> 192.168.9.9:8080 masq w1\n"
				       "dest del tcp 10.0.0.1:80 -> 192.168.1.1:80\n");
	fx_free(&f);
}
END_TEST

START_TEST(test_sorry_server_inhibit_and_method)
{
	struct fx f;

	/* sorry_server_inhibit: kept at weight 0 while the real servers serve */
	fx_load(&f, SORRY_VS("\n sorry_server_inhibit\n sorry_server_lvs_method DR"));
	lvs_health_set(f.h, 0, 0, true);
	ck_assert_str_eq(fx_apply(&f), "service add tcp 10.0.0.1:80 rr\n"
				       "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n"
				       "dest add tcp 10.0.0.1:80 -> 192.168.9.9:80 dr w0\n");
	lvs_health_set(f.h, 0, 0, false);
	ck_assert_str_eq(fx_apply(&f), "dest edit tcp 10.0.0.1:80 -> 192.168.9.9:80 dr w1\n"
				       "dest del tcp 10.0.0.1:80 -> 192.168.1.1:80\n");
	fx_free(&f);
	/* inhibit_on_failure servers stay at weight 0 while the sorry server serves */
	fx_load(&f, VS_HEAD(" lvs_sched rr\n sorry_server 192.168.9.9 80\n inhibit_on_failure\n "
			    "quorum 2") RS("192.168.1.1", 80, TCP_CHECK)
			    RS("192.168.1.2", 80, TCP_CHECK) "}\n");
	fx_apply(&f);
	lvs_health_set(f.h, 0, 1, false);
	ck_assert_str_eq(fx_apply(&f), "dest edit tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w0\n"
				       "dest edit tcp 10.0.0.1:80 -> 192.168.1.2:80 masq w0\n"
				       "dest add tcp 10.0.0.1:80 -> 192.168.9.9:80 masq w1\n");
	fx_free(&f);
}
END_TEST

/* quorum 3, hysteresis 1: up at >= 4, down below 2; five servers of weight 1. */
START_TEST(test_quorum_hysteresis)
{
	static const char conf[] = VS_HEAD(" lvs_sched rr\n quorum 3\n hysteresis 1\n sorry_server "
					   "192.168.9.9 80") RS("192.168.1.1", 80, TCP_CHECK)
		RS("192.168.1.2", 80, TCP_CHECK) RS("192.168.1.3", 80, TCP_CHECK)
			RS("192.168.1.4", 80, TCP_CHECK) RS("192.168.1.5", 80, TCP_CHECK) "}\n";
	struct fx f;

	fx_load(&f, conf);
	fx_apply(&f);
	ck_assert_str_eq(f.ev, "quorum-up vs0 5/4"); /* starts with quorum up */
	lvs_health_set(f.h, 0, 0, false);
	lvs_health_set(f.h, 0, 1, false);
	lvs_health_set(f.h, 0, 2, false); /* 2 left: still up (down only below 2) */
	fx_apply(&f);
	ck_assert_str_eq(f.ev, "down vs0 rs0, down vs0 rs1, down vs0 rs2");
	lvs_health_set(f.h, 0, 3, false); /* 1 left: lost */
	ck_assert_str_eq(fx_apply(&f), "dest add tcp 10.0.0.1:80 -> 192.168.9.9:80 masq w1\n"
				       "dest del tcp 10.0.0.1:80 -> 192.168.1.4:80\n"
				       "dest del tcp 10.0.0.1:80 -> 192.168.1.5:80\n");
	ck_assert_str_eq(f.ev, "down vs0 rs3, quorum-down vs0 1/2, sorry-on vs0");
	lvs_health_set(f.h, 0, 0, true);
	lvs_health_set(f.h, 0, 1, true); /* 3: not yet (needs 4) */
	ck_assert_str_eq(fx_apply(&f), "");
	ck_assert_str_eq(f.ev, "up vs0 rs0, up vs0 rs1");
	lvs_health_set(f.h, 0, 2, true); /* 4: gained */
	fx_apply(&f);
	ck_assert_str_eq(f.ev, "up vs0 rs2, quorum-up vs0 4/4, sorry-off vs0");
	ck_assert_str_eq(f.tr, "dest add tcp 10.0.0.1:80 -> 192.168.1.1:80 masq w1\n"
			       "dest add tcp 10.0.0.1:80 -> 192.168.1.2:80 masq w1\n"
			       "dest add tcp 10.0.0.1:80 -> 192.168.1.3:80 masq w1\n"
			       "dest add tcp 10.0.0.1:80 -> 192.168.1.5:80 masq w1\n"
			       "dest del tcp 10.0.0.1:80 -> 192.168.9.9:80\n");
	fx_free(&f);
}
END_TEST

START_TEST(test_quorum_without_sorry_server)
{
	struct fx f;

	/* no sorry server: losing quorum is an event, the live servers stay */
	fx_load(&f, VS_HEAD(" lvs_sched rr\n quorum 2") RS("192.168.1.1", 80, TCP_CHECK)
			    RS("192.168.1.2", 80, TCP_CHECK) "}\n");
	fx_apply(&f);
	lvs_health_set(f.h, 0, 1, false);
	ck_assert_str_eq(fx_apply(&f), "dest del tcp 10.0.0.1:80 -> 192.168.1.2:80\n");
	ck_assert_str_eq(f.ev, "down vs0 rs1, quorum-down vs0 1/2");
	fx_free(&f);
}
END_TEST

START_TEST(test_omega_stop_events)
{
	struct fx f;

	fx_load(&f, VS_HEAD(" lvs_sched rr\n omega") RS("192.168.1.1", 80, TCP_CHECK)
			    RS("192.168.1.2", 80, "") "}\n");
	fx_apply(&f);
	f.ev[0] = '\0';
	lvs_policy_events(f.conf, &f.t, NULL, on_event, &f);
	ck_assert_str_eq(f.ev, "down vs0 rs0, down vs0 rs1, quorum-down vs0 0/1");
	fx_free(&f);
}
END_TEST

START_TEST(test_sorry_server_is_a_real_server)
{
	struct fx f;

	fx_load(&f, VS_HEAD(" lvs_sched rr\n sorry_server 192.168.1.2 80\n quorum 2")
			    RS("192.168.1.1", 80, " weight 1\n" TCP_CHECK)
				    RS("192.168.1.2", 80, " weight 1\n" TCP_CHECK) "}\n");
	fx_apply(&f);
	lvs_health_set(f.h, 0, 0, false);
	ck_assert_str_eq(fx_apply(&f), "dest del tcp 10.0.0.1:80 -> 192.168.1.1:80\n");
	ck_assert_uint_eq(f.t.svc[0].ndest, 1);
	fx_free(&f);
}
END_TEST

START_TEST(test_health_migrate)
{
	static const char before[] = VS_HEAD(" lvs_sched rr\n alpha")
		RS("192.168.1.1", 80, TCP_CHECK) RS("192.168.1.2", 80, TCP_CHECK) "}\n";
	static const char after[] = VS_HEAD(" lvs_sched rr\n alpha")
		RS("192.168.1.3", 80, TCP_CHECK) RS("192.168.1.2", 80, TCP_CHECK)
			RS("192.168.1.1", 80, " weight 7\n" TCP_CHECK) "}\n";
	struct fx a, b;

	fx_load(&a, before);
	fx_load(&b, after);
	lvs_health_set(a.h, 0, 0, true);
	lvs_health_set(a.h, 0, 1, true);
	lvs_health_set_weight(a.h, 0, 1, 5);
	lvs_policy_update_quorum(a.conf, a.h);
	lvs_health_migrate(b.h, a.h, a.conf);
	ck_assert(!lvs_health_up(b.h, 0, 0)); /* new alpha server: down */
	ck_assert(lvs_health_up(b.h, 0, 1));
	ck_assert_int_eq(lvs_health_weight(b.h, 0, 1), 5); /* same configured weight: kept */
	ck_assert(lvs_health_up(b.h, 0, 2));
	ck_assert_int_eq(lvs_health_weight(b.h, 0, 2), 7); /* configured weight changed */
	ck_assert_int_eq(lvs_health_quorum(b.h, 0), LVS_QUORUM_UP);
	fx_free(&a);
	fx_free(&b);
}
END_TEST

static Suite *
lvs_policy_suite(void)
{
	Suite *s = suite_create("lvs_policy");
	TCase *tc = tcase_create("table");

	tcase_add_test(tc, test_schedulers);
	tcase_add_test(tc, test_sched_flags);
	tcase_add_test(tc, test_persistence);
	tcase_add_test(tc, test_fwd_ports);
	tcase_add_test(tc, test_default_ports);
	tcase_add_test(tc, test_rs_settings);
	tcase_add_test(tc, test_group_expansion);
	tcase_add_test(tc, test_alpha);
	tcase_add_test(tc, test_inhibit_on_failure);
	tcase_add_test(tc, test_weight_change);
	tcase_add_test(tc, test_sorry_server);
	tcase_add_test(tc, test_sorry_server_inhibit_and_method);
	tcase_add_test(tc, test_quorum_hysteresis);
	tcase_add_test(tc, test_quorum_without_sorry_server);
	tcase_add_test(tc, test_omega_stop_events);
	tcase_add_test(tc, test_sorry_server_is_a_real_server);
	tcase_add_test(tc, test_health_migrate);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(lvs_policy_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
