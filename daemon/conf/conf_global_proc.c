/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * conf_global_proc: the second half of the global_defs keyword table
 * (chained to conf_global.c's): process names and scheduling, scripts and
 * FIFOs, netlink buffer sizes, reload and file settings, and the global
 * keywords vigil parses but does not support. Only fills struct
 * conf_global; never touches the system.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "conf/conf_model_priv.h"

#define GC struct conf_global

static struct conf_global *
glob(void *obj)
{
	return obj;
}

/* vrrp_cpu_affinity / checker_cpu_affinity: CPU numbers. */
static void
kw_cpu_affinity(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	struct conf_sched *s = (struct conf_sched *)((char *)obj + kw->off);
	long long v;
	size_t i;

	if (conf_want_args(ctx, n, 1, 4096))
		return;
	s->cpu_affinity.n = 0;
	for (i = 1; i < n->argc; i++)
		if (!conf_get_ll(ctx, n, kw->name, n->argv[i], 0, 4095, &v))
			conf_strlist_add(ctx->conf, &s->cpu_affinity, n->argv[i]);
}

static void
dump_cpu_affinity(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_sched *s = (const struct conf_sched *)((const char *)obj + kw->off);
	size_t i;

	if (!s->cpu_affinity.n)
		return;
	conf_dump_start(d, kw->name);
	for (i = 0; i < s->cpu_affinity.n; i++)
		conf_dump_word(d, s->cpu_affinity.v[i]);
	conf_dump_end(d);
}

static void
kw_script_user(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_global *g = glob(obj);

	(void)kw;
	if (conf_want_args(ctx, n, 1, 2))
		return;
	g->script_user = conf_strdup(ctx->conf, n->argv[1]);
	g->script_group = n->argc > 2 ? conf_strdup(ctx->conf, n->argv[2]) : NULL;
}

static void
dump_script_user(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;

	(void)kw;
	if (!g->script_user)
		return;
	conf_dump_start(d, "script_user");
	conf_dump_word(d, g->script_user);
	if (g->script_group)
		conf_dump_word(d, g->script_group);
	conf_dump_end(d);
}

/* notify_fifo / vrrp_notify_fifo / lvs_notify_fifo: PATH [user [group]]. */
static void
kw_fifo(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj, const struct conf_kw *kw)
{
	struct conf_fifo *f = (struct conf_fifo *)((char *)obj + kw->off);

	if (conf_want_args(ctx, n, 1, 3))
		return;
	f->path = conf_strdup(ctx->conf, n->argv[1]);
	f->user = n->argc > 2 ? conf_strdup(ctx->conf, n->argv[2]) : NULL;
	f->group = n->argc > 3 ? conf_strdup(ctx->conf, n->argv[3]) : NULL;
}

static void
kw_fifo_script(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_fifo *f = (struct conf_fifo *)((char *)obj + kw->off);
	struct conf_script *s = conf_get_script(ctx, n);

	if (s)
		f->script = s;
}

static void
dump_fifo(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_fifo *f = (const struct conf_fifo *)((const char *)obj + kw->off);
	char name[64];

	if (!f->path)
		return;
	conf_dump_start(d, kw->name);
	conf_dump_word(d, f->path);
	if (f->user)
		conf_dump_word(d, f->user);
	if (f->group)
		conf_dump_word(d, f->group);
	conf_dump_end(d);
	snprintf(name, sizeof(name), "%s_script", kw->name);
	conf_dump_script(d, name, f->script);
}

static int
umask_bits(const char *s)
{
	static const struct {
		const char *name;
		int bit;
	} bits[] = {{"IRUSR", S_IRUSR}, {"IWUSR", S_IWUSR}, {"IXUSR", S_IXUSR},
		    {"IRGRP", S_IRGRP}, {"IWGRP", S_IWGRP}, {"IXGRP", S_IXGRP},
		    {"IROTH", S_IROTH}, {"IWOTH", S_IWOTH}, {"IXOTH", S_IXOTH}};
	int mask = 0;
	size_t i, len;

	while (*s) {
		len = strcspn(s, "|");
		for (i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
			if (strlen(bits[i].name) == len && !strncmp(s, bits[i].name, len))
				break;
		if (i == sizeof(bits) / sizeof(bits[0]))
			return -1;
		mask |= bits[i].bit;
		s += len;
		if (*s == '|')
			s++;
	}
	return mask;
}

static void
kw_umask(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj, const struct conf_kw *kw)
{
	char *end;
	long v;
	int bits;
	size_t i;
	char joined[256] = "";

	(void)kw;
	if (conf_want_args(ctx, n, 1, 16))
		return;
	v = strtol(n->argv[1], &end, 0);
	if (!*end && v >= 0 && v <= 0777) {
		glob(obj)->umask = (int)v;
		return;
	}
	for (i = 1; i < n->argc; i++)
		strncat(joined, n->argv[i], sizeof(joined) - strlen(joined) - 1);
	bits = umask_bits(joined);
	if (bits < 0)
		conf_err(ctx, n,
			 "umask: '%s' is neither a number 0..0777 nor I{R|W|X}{USR|GRP|OTH} "
			 "bits joined by '|'; ignored",
			 joined);
	else
		glob(obj)->umask = bits;
}

static void
dump_umask(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;

	(void)kw;
	if (g->umask >= 0)
		conf_dump_line(d, "umask 0%03o", (unsigned)g->umask);
}

static void
kw_reload_check(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		const struct conf_kw *kw)
{
	struct conf_global *g = glob(obj);

	(void)kw;
	conf_want_args(ctx, n, 0, 1);
	g->reload_check_config = true;
	g->reload_check_config_log = n->argc > 1 ? conf_strdup(ctx->conf, n->argv[1]) : NULL;
}

static void
kw_reload_file(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
	       const struct conf_kw *kw)
{
	struct conf_global *g = glob(obj);

	(void)kw;
	conf_want_args(ctx, n, 0, 1);
	g->reload_file_set = true;
	g->reload_file = n->argc > 1 ? conf_strdup(ctx->conf, n->argv[1]) : NULL;
}

static void
dump_reload(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const struct conf_global *g = obj;

	(void)kw;
	if (g->reload_check_config) {
		conf_dump_start(d, "reload_check_config");
		if (g->reload_check_config_log)
			conf_dump_word(d, g->reload_check_config_log);
		conf_dump_end(d);
	}
	if (g->reload_file_set) {
		conf_dump_start(d, "reload_file");
		if (g->reload_file)
			conf_dump_word(d, g->reload_file);
		conf_dump_end(d);
	}
}

static void
kw_max_auto_priority(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		     const struct conf_kw *kw)
{
	long long v = 99;

	(void)kw;
	conf_want_args(ctx, n, 0, 1);
	if (n->argc == 1 || !conf_get_ll(ctx, n, "max_auto_priority", n->argv[1], -1, 99, &v))
		glob(obj)->max_auto_priority = (int)v;
}

static void
dump_max_auto_priority(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	(void)kw;
	conf_dump_line(d, "max_auto_priority %d",
		       ((const struct conf_global *)obj)->max_auto_priority);
}

static void
kw_include_check(struct conf_parse_ctx *ctx, const struct conf_node *n, void *obj,
		 const struct conf_kw *kw)
{
	static const char *const opts[] = {"readable", "match", "wildcard_match", "brace_match",
					   NULL};
	char joined[256] = "";
	size_t i, j;

	(void)kw;
	for (i = 1; i < n->argc; i++) {
		const char *o = n->argv[i] + (n->argv[i][0] == '+' || n->argv[i][0] == '-');

		for (j = 0; opts[j] && strcmp(opts[j], o); j++)
			;
		if (!opts[j]) {
			conf_err(ctx, n, "include_check: unknown option '%s'; ignored", n->argv[i]);
			continue;
		}
		if (*joined)
			strncat(joined, " ", sizeof(joined) - strlen(joined) - 1);
		strncat(joined, n->argv[i], sizeof(joined) - strlen(joined) - 1);
	}
	glob(obj)->include_check = conf_strdup(ctx->conf, joined);
}

static void
dump_include_check(struct conf_dump *d, const void *obj, const struct conf_kw *kw)
{
	const char *s = ((const struct conf_global *)obj)->include_check;

	(void)kw;
	if (s)
		conf_dump_line(d, "include_check%s%s", *s ? " " : "", s);
}

#define SCHED(p, f) CONF_FIELD(struct conf_global, p.f)
#define SCHED_KWS(pfx, p)                                                                          \
	{.name = pfx "_priority", .type = CONF_KW_INT, SCHED(p, priority), .min = -20, .max = 19}, \
		{.name = pfx "_no_swap", .type = CONF_KW_FLAG, SCHED(p, no_swap)},                 \
		KW_UINT_NZ(pfx "_rt_priority", GC, p.rt_priority, 1, 99),                          \
		KW_UINT(pfx "_rlimit_rttime", GC, p.rlimit_rttime_us, 2, 1LL << 40),               \
		KW_FNOFF(pfx "_cpu_affinity", GC, p, kw_cpu_affinity, dump_cpu_affinity, 0)

static const char *const no_snmp = "SNMP is not implemented";
static const char *const no_dbus = "D-Bus is not implemented";
static const char *const no_fw = "vigil does not manage firewall rules";
static const char *const no_bfd = "BFD is not implemented";
static const char *const newer = "from keepalived newer than 2.2.7";

static const struct conf_kw proc_kws[] = {
	KW_FLAG("process_names", GC, process_names),
	KW_STR("process_name", GC, process_name),
	KW_STR("vrrp_process_name", GC, vrrp_process_name),
	KW_STR("checker_process_name", GC, checker_process_name),
	KW_ALIAS("lvs_process_name", "checker_process_name",
		 "is the old name of 'checker_process_name'"),
	SCHED_KWS("vrrp", vrrp_sched),
	KW_ALIAS("vrrp_rlimit_rtime", "vrrp_rlimit_rttime",
		 "is the old name of 'vrrp_rlimit_rttime'"),
	SCHED_KWS("checker", checker_sched),
	KW_ALIAS("checker_rlimit_rtime", "checker_rlimit_rttime",
		 "is the old name of 'checker_rlimit_rttime'"),
	KW_FN("max_auto_priority", kw_max_auto_priority, dump_max_auto_priority, 0),
	KW_UINT("min_auto_priority_delay", GC, min_auto_priority_delay_us, 1, 10000000),
	KW_SCRIPT("startup_script", GC, startup_script),
	KW_UINT("startup_script_timeout", GC, startup_script_timeout, 1, 1000),
	KW_SCRIPT("shutdown_script", GC, shutdown_script),
	KW_UINT("shutdown_script_timeout", GC, shutdown_script_timeout, 1, 1000),
	KW_FN("script_user", kw_script_user, dump_script_user, 0),
	KW_FLAG("enable_script_security", GC, enable_script_security),
	KW_FNOFF("notify_fifo", GC, notify_fifo, kw_fifo, dump_fifo, 0),
	KW_FNOFF("notify_fifo_script", GC, notify_fifo, kw_fifo_script, NULL, CONF_KWF_NODUMP),
	KW_FNOFF("vrrp_notify_fifo", GC, vrrp_notify_fifo, kw_fifo, dump_fifo, 0),
	KW_FNOFF("vrrp_notify_fifo_script", GC, vrrp_notify_fifo, kw_fifo_script, NULL,
		 CONF_KWF_NODUMP),
	KW_FNOFF("lvs_notify_fifo", GC, lvs_notify_fifo, kw_fifo, dump_fifo, 0),
	KW_FNOFF("lvs_notify_fifo_script", GC, lvs_notify_fifo, kw_fifo_script, NULL,
		 CONF_KWF_NODUMP),
	KW_FLAG("fifo_write_vrrp_states_on_reload", GC, fifo_write_vrrp_states_on_reload),
	KW_FN("umask", kw_umask, dump_umask, 0),
	KW_UINT_NZ("vrrp_netlink_cmd_rcv_bufs", GC, vrrp_netlink_cmd_rcv_bufs, 0, INT_MAX),
	KW_FLAG("vrrp_netlink_cmd_rcv_bufs_force", GC, vrrp_netlink_cmd_rcv_bufs_force),
	KW_UINT_NZ("vrrp_netlink_monitor_rcv_bufs", GC, vrrp_netlink_monitor_rcv_bufs, 0, INT_MAX),
	KW_FLAG("vrrp_netlink_monitor_rcv_bufs_force", GC, vrrp_netlink_monitor_rcv_bufs_force),
	KW_UINT_NZ("lvs_netlink_cmd_rcv_bufs", GC, lvs_netlink_cmd_rcv_bufs, 0, INT_MAX),
	KW_FLAG("lvs_netlink_cmd_rcv_bufs_force", GC, lvs_netlink_cmd_rcv_bufs_force),
	KW_UINT_NZ("lvs_netlink_monitor_rcv_bufs", GC, lvs_netlink_monitor_rcv_bufs, 0, INT_MAX),
	KW_FLAG("lvs_netlink_monitor_rcv_bufs_force", GC, lvs_netlink_monitor_rcv_bufs_force),
	KW_UINT_NZ("process_monitor_rcv_bufs", GC, process_monitor_rcv_bufs, 0, INT_MAX),
	KW_FLAG("process_monitor_rcv_bufs_force", GC, process_monitor_rcv_bufs_force),
	KW_FN("reload_check_config", kw_reload_check, dump_reload, 0),
	KW_STR("reload_time_file", GC, reload_time_file),
	KW_FLAG("reload_repeat", GC, reload_repeat),
	KW_FN("reload_file", kw_reload_file, NULL, 0),
	KW_STR("tmp_config_directory", GC, tmp_config_directory),
	KW_STR("config_save_dir", GC, config_save_dir),
	KW_FLAG("data_use_instance", GC, data_use_instance),
	KW_UINT("random_seed", GC, random_seed, 0, UINT_MAX - 1),
	KW_STR("iproute_usr_dir", GC, iproute_usr_dir),
	KW_STR("iproute_etc_dir", GC, iproute_etc_dir),
	KW_FN("include_check", kw_include_check, dump_include_check, 0),
	KW_UNSUP("bfd_process_name", no_bfd),
	KW_UNSUP("bfd_priority", no_bfd),
	KW_UNSUP("bfd_no_swap", no_bfd),
	KW_UNSUP("bfd_rt_priority", no_bfd),
	KW_UNSUP("bfd_cpu_affinity", no_bfd),
	KW_UNSUP("bfd_rlimit_rttime", no_bfd),
	KW_UNSUP("bfd_rlimit_rtime", no_bfd),
	KW_UNSUP("snmp_socket", no_snmp),
	KW_UNSUP("enable_snmp_vrrp", no_snmp),
	KW_UNSUP("enable_snmp_keepalived", no_snmp),
	KW_UNSUP("enable_snmp_checker", no_snmp),
	KW_UNSUP("enable_snmp_rfc", no_snmp),
	KW_UNSUP("enable_snmp_rfcv2", no_snmp),
	KW_UNSUP("enable_snmp_rfcv3", no_snmp),
	KW_UNSUP("enable_traps", no_snmp),
	KW_UNSUP("snmp_vs_stats_update_interval", no_snmp),
	KW_UNSUP("snmp_rs_stats_update_interval", no_snmp),
	KW_UNSUP("enable_dbus", no_dbus),
	KW_UNSUP("dbus_service_name", no_dbus),
	KW_UNSUP("dbus_no_interface_name", no_dbus),
	KW_UNSUP("vrrp_iptables", no_fw),
	KW_UNSUP("vrrp_ipsets", no_fw),
	KW_UNSUP("nftables", no_fw),
	KW_UNSUP("nftables_priority", no_fw),
	KW_UNSUP("nftables_ifindex", no_fw),
	KW_UNSUP("nftables_counters", no_fw),
	KW_UNSUP("nftables_ipvs", no_fw),
	KW_UNSUP("nftables_ipvs_priority", no_fw),
	KW_UNSUP("nftables_ipvs_start_fwmark", no_fw),
	KW_UNSUP("disable_local_igmp", "vigil does not change igmp_link_local_mcast_reports"),
	KW_UNSUP("vrrp_owner_ignore_adverts", newer),
	KW_UNSUP("vrrp_delay_after_boot", newer),
	KW_UNSUP("use_symlink_paths", newer),
	KW_UNSUP("state_dump_file", newer),
	KW_UNSUP("stats_dump_file", newer),
	KW_UNSUP("json_dump_file", newer),
	KW_UNSUP("json_version", newer),
	KW_END,
};

const struct conf_block conf_global_proc_block = {"global_defs", proc_kws, CONF_NO_RAW, NULL};
