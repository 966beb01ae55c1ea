/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_conf_model: unit tests for daemon/conf on in-memory configurations:
 * keepalived's defaults and cross-field rules, the diagnostics (levels,
 * "did you mean", values and ranges), the -t exit codes, the dump round
 * trip, the parent's API, keyword coverage of keepalived.conf(5), and
 * script security on files this test creates (as root only).
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/conf.h"
#include "conf/conf_model_priv.h"

struct loaded {
	struct conf *conf;
	struct conf_diags diags;
};

static void
load(struct loaded *l, const char *text, bool system)
{
	struct conf_load_opts o = {.path = "t.conf", .config_id = "unit", .check_system = system};

	conf_diags_init(&l->diags);
	l->conf = conf_load_buf("t.conf", text, strlen(text), &o, &l->diags);
}

static void
unload(struct loaded *l)
{
	conf_free(l->conf);
	conf_diags_free(&l->diags);
}

/* True if some diagnostic of this level contains needle (level < 0: any level). */
static bool
has_diag(const struct loaded *l, int level, const char *needle)
{
	size_t i;

	for (i = 0; i < l->diags.n; i++)
		if ((level < 0 || (int)l->diags.v[i].level == level) &&
		    strstr(l->diags.v[i].msg, needle))
			return true;
	return false;
}

static char *
dump_of(const struct conf *conf)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	conf_dump(f, conf);
	fclose(f);
	return buf;
}

static const struct conf_vrrp *
vrrp(const struct conf *c, const char *name)
{
	size_t i;

	for (i = 0; i < c->nvrrp; i++)
		if (!strcmp(c->vrrp[i]->name, name))
			return c->vrrp[i];
	return NULL;
}

#define INST(name, body)                                                                           \
	"vrrp_instance " name " {\n interface eth0\n virtual_router_id " body                      \
	"\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n"

START_TEST(test_priority_defaults)
{
	struct loaded l;

	load(&l,
	     INST("M", "1\n state MASTER") INST("B", "2\n state BACKUP")
		     INST("O", "3\n priority 255") INST("N", "4"),
	     false);
	ck_assert_ptr_nonnull(l.conf);
	ck_assert_uint_eq(vrrp(l.conf, "M")->priority, 255);
	ck_assert_uint_eq(vrrp(l.conf, "B")->priority, 100);
	ck_assert_int_eq(vrrp(l.conf, "O")->state, CONF_VRRP_STATE_MASTER);
	ck_assert_int_eq(vrrp(l.conf, "N")->state, CONF_VRRP_STATE_BACKUP);
	ck_assert_uint_eq(vrrp(l.conf, "N")->priority, 100);
	ck_assert_int_eq(conf_diags_exit_code(&l.diags), 0);
	unload(&l);
}
END_TEST

START_TEST(test_nopreempt_needs_backup)
{
	struct loaded l;

	load(&l,
	     INST("M", "1\n state MASTER\n priority 150\n nopreempt")
		     INST("B", "2\n state BACKUP\n nopreempt"),
	     false);
	ck_assert(!vrrp(l.conf, "M")->nopreempt);
	ck_assert(vrrp(l.conf, "B")->nopreempt);
	ck_assert(has_diag(&l, CONF_DIAG_WARNING, "nopreempt needs 'state BACKUP'"));
	ck_assert_int_eq(conf_diags_exit_code(&l.diags), 0);
	unload(&l);
}
END_TEST

START_TEST(test_advert_rounding)
{
	struct loaded l;

	load(&l, INST("V2", "1\n advert_int 2.5") INST("V3", "2\n version 3\n advert_int 0.126"),
	     false);
	ck_assert_uint_eq(vrrp(l.conf, "V2")->advert_int_us, 3000000);
	ck_assert_uint_eq(vrrp(l.conf, "V3")->advert_int_us, 130000);
	ck_assert(has_diag(&l, CONF_DIAG_WARNING, "rounded to 3"));
	unload(&l);
}
END_TEST

START_TEST(test_strict_consequences)
{
	struct loaded l;
	const struct conf_vrrp *v;

	load(&l,
	     "global_defs {\n vrrp_strict\n}\n" INST("S", "1\n state MASTER\n priority 200\n "
							  "authentication {\n auth_type PASS\n "
							  "auth_pass x\n }\n preempt_delay 3"),
	     false);
	v = vrrp(l.conf, "S");
	ck_assert_ptr_nonnull(v);
	ck_assert_int_eq(v->state, CONF_VRRP_STATE_BACKUP);
	ck_assert_int_eq(v->auth_type, CONF_AUTH_NONE);
	ck_assert_uint_eq(v->preempt_delay_us, 0);
	ck_assert_int_eq(v->accept, 0);
	ck_assert_int_eq(v->lower_prio_no_advert, 1);
	ck_assert_uint_eq(v->garp_lower_prio_repeat, 0);
	ck_assert_int_eq(conf_diags_exit_code(&l.diags), 0);
	unload(&l);
}
END_TEST

START_TEST(test_checker_inheritance)
{
	struct loaded l;
	const struct conf_checker *c;
	const struct conf_rs *rs;

	load(&l,
	     "virtual_server 10.0.0.1 80 {\n protocol TCP\n delay_loop 7\n retry 4\n"
	     " virtualhost vs.example\n"
	     " real_server 10.0.0.2 8080 {\n  connect_timeout 2\n"
	     "  HTTP_GET {\n   url {\n    path /\n   }\n  }\n"
	     "  MISC_CHECK {\n   misc_path /bin/true\n  }\n  DNS_CHECK {\n  }\n }\n}\n",
	     false);
	ck_assert_uint_eq(l.conf->nvs, 1);
	rs = l.conf->vs[0]->rs[0];
	ck_assert_uint_eq(rs->ncheckers, 3);
	c = rs->checkers[0];
	ck_assert_uint_eq(c->retry, 4);
	ck_assert_uint_eq(c->delay_loop_us, 7000000);
	ck_assert_uint_eq(c->warmup_us, 7000000);
	ck_assert_uint_eq(c->delay_before_retry_us, 3000000);
	ck_assert_uint_eq(c->connect_timeout_us, 2000000);
	ck_assert_uint_eq(c->connect_port, 8080);
	ck_assert_str_eq(c->u.http.urls[0].virtualhost, "vs.example");
	ck_assert_uint_eq(c->u.http.urls[0].status[0].lo, 200);
	ck_assert_uint_eq(c->u.http.urls[0].status[0].hi, 299);
	ck_assert_uint_eq(rs->checkers[1]->u.misc.timeout_us, 7000000);
	ck_assert_uint_eq(rs->checkers[2]->delay_before_retry_us, 7000000);
	ck_assert_int_eq(rs->smtp_alert, 1);
	ck_assert_int_eq(l.conf->vs[0]->fwd.method, CONF_FWD_NAT);
	ck_assert_str_eq(l.conf->vs[0]->sched, "wlc");
	unload(&l);
}
END_TEST

/*
 * The model's pool (conf_alloc, conf_push in conf_kw.c): lists that grow
 * across their first block and past it (1, 4, 5, 8, 9 and 33 real servers),
 * objects from many pool chunks, a string near the line limit, and an
 * unsupported block kept raw whose children array is larger than a small
 * object (a block of its own).
 */
START_TEST(test_pool_lists_and_sizes)
{
	static const unsigned counts[] = {1, 4, 5, 8, 9, 33};
	const size_t nvs = 120;
	char *text = NULL, *host = malloc(1001);
	size_t len = 0, i;
	FILE *f = open_memstream(&text, &len);
	struct loaded l;

	memset(host, 'h', 1000);
	host[1000] = '\0';
	for (i = 0; i < nvs; i++) {
		unsigned n = counts[i % 6];

		fprintf(f, "virtual_server 10.1.%zu.%zu 80 {\n protocol TCP\n", i / 200,
			i % 200 + 1);
		for (unsigned r = 0; r < n; r++)
			fprintf(f,
				" real_server 10.2.0.%u 80 {\n  weight %u\n  TCP_CHECK {\n  }\n }\n",
				r + 1, r + 1 + (unsigned)i);
		fprintf(f, "}\n");
	}
	fprintf(f,
		"virtual_server 10.9.0.1 80 {\n protocol TCP\n virtualhost %s\n"
		" real_server 10.9.0.2 80 {\n }\n}\n",
		host);
	fprintf(f, "bfd_instance b {\n");
	for (i = 0; i < 40; i++)
		fprintf(f, " opt%zu %zu\n", i, i);
	fprintf(f, "}\n");
	fclose(f);
	load(&l, text, false);
	ck_assert_ptr_nonnull(l.conf);
	ck_assert_uint_eq(l.conf->nvs, nvs + 1);
	for (i = 0; i < nvs; i++) {
		const struct conf_vs *vs = l.conf->vs[i];

		ck_assert_uint_eq(vs->port, 80);
		ck_assert_uint_eq(vs->nrs, counts[i % 6]);
		for (size_t r = 0; r < vs->nrs; r++) {
			ck_assert_int_eq(vs->rs[r]->weight, (int)(r + 1 + i));
			ck_assert_uint_eq(vs->rs[r]->ncheckers, 1);
			ck_assert_int_eq(vs->rs[r]->checkers[0]->type, CONF_CHECK_TCP);
		}
	}
	ck_assert_str_eq(l.conf->vs[nvs]->virtualhost, host);
	ck_assert_uint_eq(l.conf->unsupported.n, 1);
	ck_assert_uint_eq(l.conf->unsupported.v[0].nchildren, 40);
	for (i = 0; i < 40; i++) {
		char kw[16];

		snprintf(kw, sizeof(kw), "opt%zu", i);
		ck_assert_str_eq(l.conf->unsupported.v[0].children[i].argv[0], kw);
	}
	unload(&l);
	free(text);
	free(host);
}
END_TEST

START_TEST(test_did_you_mean_and_ranges)
{
	struct loaded l;

	load(&l, INST("X", "1\n priorty 100\n priority 300\n advert_int abc") "vrrp_strict\n",
	     false);
	ck_assert_ptr_nonnull(l.conf);
	ck_assert(has_diag(&l, CONF_DIAG_ERROR, "did you mean 'priority'?"));
	ck_assert(has_diag(&l, CONF_DIAG_ERROR, "'priority' value '300' is out of range 1..255"));
	ck_assert(has_diag(&l, CONF_DIAG_ERROR, "'advert_int' value 'abc'"));
	ck_assert(has_diag(&l, CONF_DIAG_ERROR, "(it belongs in global_defs)"));
	ck_assert_uint_eq(vrrp(l.conf, "X")->priority, 100); /* the default stands */
	ck_assert_int_eq(conf_diags_exit_code(&l.diags), 5);
	unload(&l);
}
END_TEST

START_TEST(test_unknown_keyword_still_runs)
{
	struct loaded l;

	load(&l, "-- cut here --\n" INST("X", "1") "-- cut here --\n", false);
	ck_assert_ptr_nonnull(l.conf);
	ck_assert_uint_eq(l.conf->nvrrp, 1);
	ck_assert(has_diag(&l, CONF_DIAG_ERROR, "unknown keyword '--'"));
	ck_assert_uint_eq(l.diags.count[CONF_DIAG_ERROR], 2);
	ck_assert(conf_has_vrrp(l.conf));
	ck_assert(!conf_has_checker(l.conf));
	unload(&l);
}
END_TEST

START_TEST(test_legacy_notes)
{
	struct loaded l;

	load(&l,
	     "global_defs {\n lvs_id OLD\n vrrp_garp_interval 0\n vrrp_gna_interval 0\n}\n"
	     "vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
	     " lvs_sync_daemon_inteface eth0\n virtual_ipaddress {\n  10.0.0.1\n }\n}\n"
	     "virtual_server 10.0.0.1 80 {\n lb_algo rr\n lb_kind DR\n nat_mask 255.0.0.0\n"
	     " protocol TCP\n real_server 10.0.0.2 80 {\n  TCP_CHECK {\n   nb_get_retry 2\n  }\n"
	     " }\n}\n",
	     false);
	ck_assert_uint_eq(l.diags.count[CONF_DIAG_ERROR], 0);
	ck_assert_uint_eq(l.diags.count[CONF_DIAG_WARNING], 0);
	ck_assert_uint_eq(l.diags.count[CONF_DIAG_NOTE], 8);
	ck_assert_str_eq(l.conf->global.router_id, "OLD");
	ck_assert_str_eq(l.conf->global.lvs_sync_daemon.ifname, "eth0");
	ck_assert_str_eq(l.conf->global.lvs_sync_daemon.vrrp_instance, "V");
	ck_assert_uint_eq(l.conf->global.lvs_sync_daemon.syncid, 1);
	ck_assert_str_eq(l.conf->vs[0]->sched, "rr");
	ck_assert_int_eq(l.conf->vs[0]->fwd.method, CONF_FWD_DR);
	ck_assert_uint_eq(l.conf->vs[0]->rs[0]->checkers[0]->retry, 2);
	unload(&l);
}
END_TEST

START_TEST(test_round_trip)
{
	static const char *const text =
		"child_wait_time 3\nglobal_defs {\n router_id \"a b\"\n smtp_server 10.0.0.9\n}\n"
		"vrrp_script s {\n script \"/bin/echo 'x y' z\"\n weight -5\n}\n"
		"vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		" authentication {\n auth_type PASS\n auth_pass \"p#w!\"\n }\n"
		" track_script {\n  s\n }\n virtual_ipaddress {\n  10.0.0.1/24 label eth0:1\n }\n}\n"
		"virtual_server group G {\n protocol UDP\n real_server 10.0.0.2 53 {\n"
		"  UDP_CHECK {\n   require_reply 0Ax1\n  }\n }\n}\n"
		"virtual_server_group G {\n 10.0.1.1-5 53\n fwmark 3\n}\n";
	struct loaded a, b;
	char *da, *db;

	load(&a, text, false);
	da = dump_of(a.conf);
	load(&b, da, false);
	db = dump_of(b.conf);
	ck_assert_str_eq(da, db);
	ck_assert_uint_eq(b.diags.count[CONF_DIAG_ERROR], 0);
	ck_assert(strstr(da, "auth_pass \"p#w!\"  # secret"));
	ck_assert_str_eq(b.conf->vrrp[0]->track_script.v[0].name, "s");
	ck_assert_int_eq(b.conf->vrrp[0]->track_script.v[0].weight, -5);
	ck_assert_uint_eq(b.conf->scripts[0]->script->argc, 3);
	ck_assert_str_eq(b.conf->scripts[0]->script->argv[1], "x y");
	free(da);
	free(db);
	unload(&a);
	unload(&b);
}
END_TEST

/* The dump written to the log never carries a secret. */
START_TEST(test_redacted_dump)
{
	static const char *const text =
		"vrrp_instance V {\n interface eth0\n virtual_router_id 1\n"
		" authentication {\n auth_type PASS\n auth_pass s3cr3t\n }\n"
		" virtual_ipaddress {\n  10.0.0.1\n }\n}\n"
		"SSL {\n password k3ypass\n}\n";
	struct loaded a;
	char *buf = NULL;
	size_t len = 0;
	FILE *f;

	load(&a, text, false);
	ck_assert_ptr_nonnull(a.conf);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	conf_dump_redacted(f, a.conf);
	fclose(f);
	ck_assert_ptr_null(strstr(buf, "s3cr3t"));
	ck_assert_ptr_null(strstr(buf, "k3ypass"));
	ck_assert_ptr_nonnull(strstr(buf, "auth_pass <hidden>"));
	ck_assert_ptr_nonnull(strstr(buf, "password <hidden>"));
	free(buf);
	buf = dump_of(a.conf);
	ck_assert_ptr_nonnull(strstr(buf, "auth_pass s3cr3t  # secret"));
	free(buf);
	unload(&a);
}
END_TEST

START_TEST(test_process_and_missing_file)
{
	struct conf_load_opts o = {.path = "/nonexistent/vigil.conf"};
	struct conf_diags d;
	struct loaded l;

	conf_diags_init(&d);
	ck_assert_ptr_null(conf_load(&o, &d));
	ck_assert_int_eq(conf_diags_exit_code(&d), 4);
	conf_diags_free(&d);

	load(&l, "child_wait_time 12\nglobal_defs {\n router_id r1\n}\n", false);
	ck_assert_uint_eq(conf_process(l.conf)->child_wait_time_us, 12000000);
	ck_assert_str_eq(conf_process(l.conf)->router_id, "r1");
	ck_assert(!conf_has_vrrp(l.conf));
	unload(&l);

	load(&l, "static_ipaddress {\n 10.0.0.1/24 dev lo\n}\n", false);
	ck_assert_uint_eq(conf_process(l.conf)->child_wait_time_us, 5000000);
	ck_assert_ptr_nonnull(conf_process(l.conf)->router_id); /* host name */
	ck_assert(conf_has_vrrp(l.conf));
	unload(&l);
}
END_TEST

START_TEST(test_missing_interface_is_fatal)
{
	struct loaded l;

	load(&l, "vrrp_instance V {\n interface vigil-no-if0\n virtual_router_id 1\n}\n", true);
	ck_assert_int_eq(conf_diags_exit_code(&l.diags), 4);
	ck_assert(has_diag(&l, CONF_DIAG_FATAL, "interface vigil-no-if0"));
	unload(&l);
	load(&l,
	     "global_defs {\n dynamic_interfaces\n}\n"
	     "vrrp_instance V {\n interface vigil-no-if0\n virtual_router_id 1\n}\n",
	     true);
	ck_assert_int_eq(conf_diags_exit_code(&l.diags), 0);
	unload(&l);
}
END_TEST

/* Script security on files created here; needs root (scripts run as root). */
START_TEST(test_script_security)
{
	char dir[] = "/tmp/vigil-conf-sec.XXXXXX", script[128], text[512];
	struct loaded l;
	FILE *f;

	if (geteuid() != 0)
		return;
	ck_assert_ptr_nonnull(mkdtemp(dir));
	ck_assert_int_eq(chmod(dir, 0755), 0);
	snprintf(script, sizeof(script), "%s/chk.sh", dir);
	f = fopen(script, "w");
	ck_assert_ptr_nonnull(f);
	fputs("#!/bin/sh\nexit 0\n", f);
	fclose(f);
	ck_assert_int_eq(chmod(script, 0755), 0);
	snprintf(text, sizeof(text),
		 "global_defs {\n enable_script_security\n script_user root\n}\n"
		 "vrrp_script c {\n script %s\n}\n",
		 script);
	load(&l, text, true);
	ck_assert_int_eq(conf_diags_exit_code(&l.diags), 0);
	unload(&l);

	ck_assert_int_eq(chmod(dir, 0777), 0);
	load(&l, text, true);
	ck_assert_int_eq(conf_diags_exit_code(&l.diags), 6);
	ck_assert(has_diag(&l, CONF_DIAG_SECURITY, "writable by a non-root user"));
	unload(&l);

	snprintf(text, sizeof(text), "vrrp_script c {\n script %s\n}\n", script);
	load(&l, text, true);
	ck_assert_int_eq(conf_diags_exit_code(&l.diags), 6);
	ck_assert(has_diag(&l, CONF_DIAG_SECURITY,
			   "script_security not enabled. There are insecure"));
	unload(&l);

	unlink(script);
	rmdir(dir);
}
END_TEST

/* Every keyword of keepalived.conf(5) (2.2.7) is in the table of its block. */
static const char *const documented[] = {
	"the top level:net_namespace net_namespace_ipvs namespace_with_ipsets instance use_pid_dir "
	"linkbeat_use_polling child_wait_time global_defs linkbeat_interfaces "
	"interface_up_down_delays track_group static_ipaddress static_routes static_rules "
	"track_file vrrp_track_file vrrp_track_process bfd_instance vrrp_script vrrp_sync_group "
	"garp_group vrrp_instance virtual_server_group virtual_server SSL",
	"global_defs:tmp_config_directory config_save_dir process_names process_name "
	"vrrp_process_name checker_process_name bfd_process_name startup_script "
	"startup_script_timeout shutdown_script shutdown_script_timeout notification_email "
	"notification_email_from smtp_server smtp_helo_name smtp_connect_timeout smtp_alert "
	"smtp_alert_vrrp smtp_alert_checker checker_log_all_failures no_email_faults router_id "
	"vrrp_mcast_group4 vrrp_mcast_group6 default_interface lvs_sync_daemon lvs_timeouts "
	"lvs_flush lvs_flush_on_stop vrrp_garp_master_delay vrrp_garp_master_repeat "
	"vrrp_garp_lower_prio_delay vrrp_down_timer_adverts vrrp_garp_lower_prio_repeat "
	"vrrp_garp_master_refresh vrrp_garp_master_refresh_repeat vrrp_garp_interval "
	"vrrp_gna_interval vrrp_min_garp vrrp_garp_extra_if vrrp_lower_prio_no_advert "
	"vrrp_higher_prio_send_advert vrrp_version nftables nftables_priority nftables_counters "
	"nftables_ifindex nftables_ipvs nftables_ipvs_priority nftables_ipvs_start_fwmark "
	"vrrp_iptables vrrp_ipsets disable_local_igmp vrrp_check_unicast_src "
	"vrrp_skip_check_adv_addr vrrp_strict vrrp_notify_priority_changes max_auto_priority "
	"min_auto_priority_delay vrrp_priority checker_priority bfd_priority vrrp_no_swap "
	"checker_no_swap bfd_no_swap vrrp_cpu_affinity checker_cpu_affinity bfd_cpu_affinity "
	"vrrp_rt_priority checker_rt_priority bfd_rt_priority vrrp_rlimit_rttime "
	"checker_rlimit_rttime bfd_rlimit_rttime snmp_socket enable_snmp_vrrp enable_snmp_checker "
	"enable_snmp_rfc enable_snmp_rfcv2 enable_snmp_rfcv3 enable_traps enable_dbus "
	"dbus_service_name script_user enable_script_security notify_fifo notify_fifo_script "
	"vrrp_notify_fifo vrrp_notify_fifo_script lvs_notify_fifo lvs_notify_fifo_script "
	"fifo_write_vrrp_states_on_reload dynamic_interfaces vrrp_netlink_cmd_rcv_bufs "
	"vrrp_netlink_cmd_rcv_bufs_force vrrp_netlink_monitor_rcv_bufs "
	"vrrp_netlink_monitor_rcv_bufs_force lvs_netlink_cmd_rcv_bufs "
	"lvs_netlink_cmd_rcv_bufs_force lvs_netlink_monitor_rcv_bufs "
	"lvs_netlink_monitor_rcv_bufs_force process_monitor_rcv_bufs "
	"process_monitor_rcv_bufs_force vrrp_rx_bufs_policy vrrp_rx_bufs_multiplier "
	"rs_init_notifies no_checker_emails umask vrrp_startup_delay log_unknown_vrids "
	"vmac_prefix vmac_addr_prefix random_seed reload_check_config include_check "
	"reload_time_file reload_repeat reload_file data_use_instance",
	"track_file:file weight init_file",
	"vrrp_script:script interval timeout weight rise fall user init_fail",
	"vrrp_sync_group:group track_interface track_script track_file track_process track_bfd "
	"notify_master notify_backup notify_fault notify_stop notify_deleted notify "
	"notify_priority_changes smtp_alert global_tracking sync_group_tracking_weight",
	"garp_group:garp_interval gna_interval interface interfaces",
	"vrrp_instance:state interface vrf use_vmac use_vmac_addr vmac_xmit_base use_ipvlan "
	"native_ipv6 dont_track_primary track_interface track_script track_file track_process "
	"track_bfd mcast_src_ip unicast_src_ip mcast_dst_ip track_src_ip version check_unicast_src "
	"unicast_peer unicast_fault_no_peer unicast_ttl old_unicast_checksum garp_master_delay "
	"garp_master_repeat garp_lower_prio_delay garp_lower_prio_repeat garp_master_refresh "
	"garp_master_refresh_repeat garp_extra_if down_timer_adverts lower_prio_no_advert "
	"higher_prio_send_advert virtual_router_id priority advert_int authentication "
	"virtual_ipaddress virtual_ipaddress_excluded promote_secondaries virtual_routes "
	"virtual_rules accept no_accept nopreempt preempt preempt_delay skip_check_adv_addr "
	"strict_mode debug notify_master notify_backup notify_fault notify_stop notify "
	"notify_master_rx_lower_pri notify_priority_changes smtp_alert kernel_rx_buf_size "
	"linkbeat_use_polling notify_deleted lvs_sync_daemon_interface",
	"virtual_server:lvs_sched flag-1 flag-2 flag-3 sh-port sh-fallback mh-port mh-fallback ops "
	"lvs_method persistence_engine persistence_timeout persistence_granularity protocol "
	"ha_suspend smtp_alert virtualhost snmp_name alpha omega quorum hysteresis quorum_up "
	"quorum_down ip_family sorry_server sorry_server_inhibit sorry_server_lvs_method "
	"connect_timeout retry delay_before_retry warmup delay_loop inhibit_on_failure real_server "
	"hashed lb_algo lb_kind",
	"real_server:weight lvs_method notify_up notify_down uthreshold lthreshold smtp_alert "
	"virtualhost snmp_name alpha connect_timeout retry delay_before_retry warmup delay_loop "
	"inhibit_on_failure HTTP_GET SSL_GET TCP_CHECK SMTP_CHECK DNS_CHECK MISC_CHECK BFD_CHECK "
	"UDP_CHECK PING_CHECK FILE_CHECK",
	"TCP_CHECK:connect_ip connect_port bindto bind_if bind_port fwmark alpha connect_timeout "
	"retry delay_before_retry warmup delay_loop log_all_failures",
	"HTTP_GET:http_protocol fast_recovery url virtualhost connect_ip nb_get_retry",
	"SSL_GET:enable_sni http_protocol url",
	"url:path digest status_code virtualhost regex regex_no_match regex_options regex_stack "
	"regex_min_offset regex_max_offset",
	"SMTP_CHECK:helo_name host connect_ip",
	"DNS_CHECK:type name retry",
	"MISC_CHECK:misc_path misc_timeout misc_dynamic user alpha retry delay_before_retry warmup "
	"delay_loop log_all_failures",
	"BFD_CHECK:name",
	"UDP_CHECK:payload require_reply min_reply_length max_reply_length",
	"PING_CHECK:connect_ip",
	"FILE_CHECK:track_file dynamic weight",
	"SSL:password ca certificate key",
	NULL,
};

static const struct conf_block *
block_named(const char *name)
{
	size_t i;

	for (i = 0; conf_all_blocks[i]; i++)
		if (!strcmp(conf_all_blocks[i]->name, name))
			return conf_all_blocks[i];
	for (i = 0; conf_checker_blocks[i]; i++)
		if (!strcmp(conf_checker_blocks[i]->name, name))
			return conf_checker_blocks[i];
	return NULL;
}

START_TEST(test_documented_keywords)
{
	char buf[4096], *save, *w;
	const struct conf_block *blk;
	const struct conf_kw *kw;
	size_t i;

	for (i = 0; documented[i]; i++) {
		snprintf(buf, sizeof(buf), "%s", documented[i]);
		*strchr(buf, ':') = '\0';
		blk = block_named(buf);
		ck_assert_msg(blk != NULL, "no block %s", buf);
		for (w = strtok_r(buf + strlen(buf) + 1, " ", &save); w;
		     w = strtok_r(NULL, " ", &save)) {
			kw = conf_kw_lookup(blk, w);
			ck_assert_msg(kw != NULL, "%s: keyword %s is not known", blk->name, w);
		}
	}
}
END_TEST

int
main(void)
{
	Suite *s = suite_create("conf_model");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, test_priority_defaults);
	tcase_add_test(tc, test_redacted_dump);
	tcase_add_test(tc, test_nopreempt_needs_backup);
	tcase_add_test(tc, test_advert_rounding);
	tcase_add_test(tc, test_strict_consequences);
	tcase_add_test(tc, test_checker_inheritance);
	tcase_add_test(tc, test_did_you_mean_and_ranges);
	tcase_add_test(tc, test_unknown_keyword_still_runs);
	tcase_add_test(tc, test_legacy_notes);
	tcase_add_test(tc, test_round_trip);
	tcase_add_test(tc, test_process_and_missing_file);
	tcase_add_test(tc, test_missing_interface_is_fatal);
	tcase_add_test(tc, test_script_security);
	tcase_add_test(tc, test_documented_keywords);
	tcase_add_test(tc, test_pool_lists_and_sizes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
