/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_dump: keepalived.data, keepalived.stats and keepalived.json for the
 * running VRRP instances, in keepalived 2.2's layouts (see vrrp_dump.h). The
 * data dump has the lines keepalived has that vigil knows the value of; the
 * stats dump maps vigil's receive verdicts (vrrp_pkt reasons) onto
 * keepalived's counters and then lists every reason on its own.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf/conf.h"
#include "daemon/status.h"
#include "util/safe_file.h"
#include "vrrp/vrrp_dump.h"
#include "vrrp/vrrp_inst.h"

/* keepalived's state numbers in keepalived.json (vrrp.h: INIT 0, BACK 1, MAST 2, FAULT 3, STOP 98). */
static int
dump_ka_state(enum vrrp_state s)
{
	static const int ka[VRRP_STATE_COUNT] = {
		[VRRP_STATE_INIT] = 0,	[VRRP_STATE_BACKUP] = 1, [VRRP_STATE_MASTER] = 2,
		[VRRP_STATE_FAULT] = 3, [VRRP_STATE_STOP] = 98,
	};

	return (unsigned)s < VRRP_STATE_COUNT ? ka[s] : 0;
}

/* keepalived's counters, from vigil's per-reason receive counters. */
struct dump_ka_stats {
	uint64_t len_err, ttl_err, type_err, int_err, addr_err;
	uint64_t auth_invalid, auth_mismatch, auth_fail;
};

static void
dump_ka_stats_of(const struct vrrp_inst *vi, struct dump_ka_stats *k)
{
	const uint64_t *r = vi->rx_reason;

	k->len_err = r[VRRP_PKT_TOO_SHORT] + r[VRRP_PKT_BAD_LENGTH];
	k->ttl_err = r[VRRP_PKT_BAD_TTL];
	k->type_err = r[VRRP_PKT_BAD_TYPE];
	k->int_err = r[VRRP_PKT_BAD_ADVERT_INT];
	k->addr_err = r[VRRP_PKT_BAD_ADDR_COUNT] + r[VRRP_PKT_BAD_ADDR_LIST];
	k->auth_invalid = r[VRRP_PKT_INVALID_AUTH_TYPE];
	k->auth_mismatch = r[VRRP_PKT_AUTH_TYPE_MISMATCH];
	k->auth_fail = r[VRRP_PKT_BAD_PASSWORD] + r[VRRP_PKT_BAD_AH];
}

static const char *
dump_addr(const struct vrrp_pkt_addr *a, char *buf, size_t len)
{
	if (!a->family || !inet_ntop(a->family, a->addr, buf, (socklen_t)len))
		snprintf(buf, len, "(none)");
	return buf;
}

static const char *
dump_conf_addr(const struct conf_addr *a, char *buf, size_t len)
{
	if (a->family == AF_UNSPEC || !inet_ntop(a->family, &a->u, buf, (socklen_t)len))
		snprintf(buf, len, "(none)");
	return buf;
}

/* One VIP line as keepalived prints it: "10.0.0.1/24 dev eth0 scope global[ set]". */
static void
dump_vip(FILE *f, const struct conf_ipaddr *a, bool set, const char *indent)
{
	char ip[INET6_ADDRSTRLEN];
	const char *scope = a->scope == 0     ? "global"
			    : a->scope == 200 ? "site"
			    : a->scope == 253 ? "link"
			    : a->scope == 254 ? "host"
					      : "nowhere";

	fprintf(f, "%s%s/%u", indent, dump_conf_addr(&a->addr.addr, ip, sizeof(ip)), a->addr.len);
	if (a->dev)
		fprintf(f, " dev %s", a->dev);
	fprintf(f, " scope %s%s\n", scope, set ? " set" : "");
}

/* Writes path through a fresh 0600 temporary file renamed into place (util/safe_file). */
static int
dump_write(const char *path, void (*fill)(FILE *, const void *), const void *arg)
{
	struct safe_file sf;
	int r = safe_file_open(&sf, path);

	if (r < 0)
		return r;
	fill(sf.f, arg);
	return safe_file_commit(&sf);
}

struct dump_args {
	const struct conf *conf;
	struct vrrp_inst *const *inst;
	size_t n;
};

static void
dump_data_global(FILE *f, const struct conf *conf)
{
	const struct conf_global *g = &conf->global;
	char a[INET6_ADDRSTRLEN];

	fputs("------< Global definitions >------\n", f);
	fprintf(f, " Router ID = %s\n", g->router_id ? g->router_id : "(null)");
	fprintf(f, " Default interface = %s\n",
		g->default_interface ? g->default_interface : "(none)");
	fprintf(f, " VRRP IPv4 mcast group = %s\n",
		g->mcast_group4.family ? dump_conf_addr(&g->mcast_group4, a, sizeof(a))
				       : "224.0.0.18");
	fprintf(f, " VRRP IPv6 mcast group = %s\n",
		g->mcast_group6.family ? dump_conf_addr(&g->mcast_group6, a, sizeof(a))
				       : "ff02::12");
	fprintf(f, " Gratuitous ARP delay = %u\n", g->garp_master_delay);
	fprintf(f, " Gratuitous ARP repeat = %u\n", g->garp_master_repeat);
	fprintf(f, " Gratuitous ARP refresh timer = %u\n", g->garp_master_refresh);
	fprintf(f, " Gratuitous ARP refresh repeat = %u\n", g->garp_master_refresh_repeat);
	fprintf(f, " Num adverts before down = %u\n", g->down_timer_adverts);
	fprintf(f, " VRRP default protocol version = %u\n", g->vrrp_version);
	fprintf(f, " VRRP check unicast_src = %s\n", g->vrrp_check_unicast_src ? "true" : "false");
	fprintf(f, " VRRP skip check advert addresses = %s\n",
		g->vrrp_skip_check_adv_addr ? "true" : "false");
	fprintf(f, " VRRP strict mode = %s\n", g->vrrp_strict ? "true" : "false");
	fprintf(f, " Script security %s\n", g->enable_script_security ? "enabled" : "disabled");
}

static const char *
dump_auth_name(enum conf_auth_type t)
{
	return t == CONF_AUTH_PASS ? "SIMPLE_PASSWORD" : t == CONF_AUTH_AH ? "IPSEC_AH" : "none";
}

/* Where the instance's adverts go: the multicast group or its unicast peers. */
static void
dump_data_dest(FILE *f, const struct vrrp_inst *vi)
{
	char a[INET6_ADDRSTRLEN];

	if (!vi->params.npeers) {
		fprintf(f, "   Multicast address %s\n",
			dump_addr(&vi->params.mcast_dst, a, sizeof(a)));
		return;
	}
	fprintf(f, "   Unicast Peer = %zu\n", vi->params.npeers);
	for (size_t i = 0; i < vi->params.npeers; i++)
		fprintf(f, "     %s\n", dump_addr(&vi->params.peers[i].addr, a, sizeof(a)));
	fprintf(f, "   Check unicast src = %s\n", vi->conf->check_unicast_src ? "true" : "false");
}

static void
dump_data_inst(FILE *f, const struct vrrp_inst *vi)
{
	const struct conf_vrrp *v = vi->conf;
	bool master = vi->fsm.state == VRRP_STATE_MASTER;
	char a[INET6_ADDRSTRLEN];

	fprintf(f, " VRRP Instance = %s\n", v->name);
	fprintf(f, "   VRRP Version = %u\n", v->version);
	fprintf(f, "   State = %s\n", vrrp_fsm_state_name(vi->fsm.state));
	if (vi->fsm.state == VRRP_STATE_BACKUP) {
		fprintf(f, "   Master router = %s\n",
			dump_addr(&vi->params.pkt.last_master, a, sizeof(a)));
		fprintf(f, "   Master priority = %u\n", vi->fsm.master_priority);
	}
	if (v->sync_group)
		fprintf(f, "   Sync group = %s\n", v->sync_group);
	fprintf(f, "   Master down timer = %" PRIu64 " usecs\n", vi->fsm.master_down_interval_us);
	fprintf(f, "   Interface = %s\n", v->ifname ? v->ifname : "(none)");
	fprintf(f, "   Using src_ip = %s\n", dump_addr(&vi->src, a, sizeof(a)));
	dump_data_dest(f, vi);
	fprintf(f, "   Gratuitous ARP delay = %u\n", v->garp_master_delay);
	fprintf(f, "   Gratuitous ARP repeat = %u\n", v->garp_master_repeat);
	fprintf(f, "   Gratuitous ARP refresh = %u\n", v->garp_master_refresh);
	fprintf(f, "   Gratuitous ARP refresh repeat = %u\n", v->garp_master_refresh_repeat);
	fprintf(f, "   Down timer adverts = %u\n", vi->params.fsm.down_timer_adverts);
	fprintf(f, "   Virtual Router ID = %u\n", v->vrid);
	fprintf(f, "   Priority = %u\n", vi->params.fsm.priority);
	fprintf(f, "   Effective priority = %u\n", vi->fsm.effective_priority);
	if (v->advert_int_us % 1000000)
		fprintf(f, "   Advert interval = %" PRIu64 " milli-sec\n", v->advert_int_us / 1000);
	else
		fprintf(f, "   Advert interval = %" PRIu64 " sec\n", v->advert_int_us / 1000000);
	fprintf(f, "   Accept = %s\n", v->accept ? "enabled" : "disabled");
	fprintf(f, "   Preempt = %s\n", v->nopreempt ? "disabled" : "enabled");
	if (v->preempt_delay_us)
		fprintf(f, "   Preempt delay = %g secs\n", (double)v->preempt_delay_us / 1e6);
	fprintf(f, "   Promote_secondaries = %s\n",
		v->promote_secondaries ? "enabled" : "disabled");
	fprintf(f, "   Authentication type = %s\n", dump_auth_name(v->auth_type));
	if (v->auth_type != CONF_AUTH_NONE && v->auth_pass)
		fprintf(f, "   Password = %s\n", v->auth_pass);
	fprintf(f, "   Virtual IP (%zu):\n", v->vips.n);
	for (size_t i = 0; i < v->vips.n; i++)
		dump_vip(f, &v->vips.v[i], master, "     ");
	if (v->evips.n) {
		fprintf(f, "   Virtual IP Excluded (%zu):\n", v->evips.n);
		for (size_t i = 0; i < v->evips.n; i++)
			dump_vip(f, &v->evips.v[i], master, "     ");
	}
	fprintf(f, "   Using smtp notification = %s\n", v->smtp_alert ? "yes" : "no");
}

static void
dump_data_fill(FILE *f, const void *arg)
{
	const struct dump_args *d = arg;

	dump_data_global(f, d->conf);
	fputs("------< VRRP Topology >------\n", f);
	for (size_t i = 0; i < d->n; i++)
		dump_data_inst(f, d->inst[i]);
	if (d->conf->nsync_groups)
		fputs("------< VRRP Sync groups >------\n", f);
	for (size_t g = 0; g < d->conf->nsync_groups; g++) {
		const struct conf_sync_group *sg = d->conf->sync_groups[g];

		fprintf(f, " VRRP Sync Group = %s\n", sg->name);
		for (size_t m = 0; m < sg->instances.n; m++)
			fprintf(f, "   monitor = %s\n", sg->instances.v[m]);
	}
}

int
vrrp_dump_data(const char *path, const struct conf *conf, struct vrrp_inst *const *inst, size_t n)
{
	struct dump_args d = {.conf = conf, .inst = inst, .n = n};

	return dump_write(path, dump_data_fill, &d);
}

/* keepalived's stats block, then vigil's receive verdicts, one per line. */
static void
dump_stats_inst(FILE *f, const struct vrrp_inst *vi)
{
	const struct vrrp_fsm_stats *s = &vi->fsm.stats;
	struct dump_ka_stats k;

	dump_ka_stats_of(vi, &k);
	fprintf(f, "VRRP Instance: %s\n", vi->conf->name);
	fprintf(f, "  Advertisements:\n    Received: %" PRIu64 "\n    Sent: %" PRIu64 "\n",
		s->adverts_rcvd, s->adverts_sent);
	fprintf(f, "  Became master: %" PRIu64 "\n  Released master: %" PRIu64 "\n",
		s->become_master, s->release_master);
	fprintf(f,
		"  Packet Errors:\n    Length: %" PRIu64 "\n    TTL: %" PRIu64
		"\n    Invalid Type: %" PRIu64 "\n    Advertisement Interval: %" PRIu64
		"\n    Address List: %" PRIu64 "\n",
		k.len_err, k.ttl_err, k.type_err, k.int_err, k.addr_err);
	fprintf(f,
		"  Authentication Errors:\n    Invalid Type: %" PRIu64
		"\n    Type Mismatch: %" PRIu64 "\n    Failure: %" PRIu64 "\n",
		k.auth_invalid, k.auth_mismatch, k.auth_fail);
	fprintf(f, "  Priority Zero:\n    Received: %" PRIu64 "\n    Sent: %" PRIu64 "\n",
		s->pri_zero_rcvd, s->pri_zero_sent);
	fputs("  Received adverts by verdict (vigil):\n", f);
	for (int r = 0; r < VRRP_PKT_REASON_COUNT; r++)
		fprintf(f, "    %s: %" PRIu64 "\n", vrrp_pkt_reason_name(r), vi->rx_reason[r]);
	fprintf(f, "    other_vrid: %" PRIu64 "\n", vi->rx_other_vrid);
}

static void
dump_stats_fill(FILE *f, const void *arg)
{
	const struct dump_args *d = arg;

	for (size_t i = 0; i < d->n; i++)
		dump_stats_inst(f, d->inst[i]);
}

int
vrrp_dump_stats(const char *path, struct vrrp_inst *const *inst, size_t n)
{
	struct dump_args d = {.inst = inst, .n = n};

	return dump_write(path, dump_stats_fill, &d);
}

static void
dump_json_kv(FILE *f, const char *key, const char *val)
{
	status_json_key(f, false, key);
	status_json_str(f, val);
}

static void
dump_json_vips(FILE *f, const struct conf_iplist *l, bool set)
{
	char *buf = NULL;
	size_t len = 0;

	for (size_t i = 0; i < l->n; i++) {
		FILE *m = open_memstream(&buf, &len);

		if (!m)
			break;
		dump_vip(m, &l->v[i], set, "");
		fclose(m);
		if (len && buf[len - 1] == '\n')
			buf[len - 1] = '\0';
		if (i)
			fputc(',', f);
		status_json_str(f, buf);
		free(buf);
		buf = NULL;
	}
}

/* The "data" object: keepalived's keys for what vigil has. */
static void
dump_json_data(FILE *f, const struct vrrp_inst *vi)
{
	const struct conf_vrrp *v = vi->conf;
	bool master = vi->fsm.state == VRRP_STATE_MASTER;

	fputs("\"data\":{\"iname\":", f);
	status_json_str(f, v->name);
	dump_json_kv(f, "ifp_ifname", v->ifname);
	fprintf(f,
		",\"dont_track_primary\":%d,\"skip_check_adv_addr\":%d,\"strict_mode\":%d"
		",\"master_priority\":%u,\"garp_delay\":%u,\"garp_refresh\":%u,\"garp_rep\":%u"
		",\"garp_refresh_rep\":%u,\"garp_lower_prio_delay\":%u,\"garp_lower_prio_rep\":%u"
		",\"lower_prio_no_advert\":%d,\"higher_prio_send_advert\":%d",
		v->dont_track_primary, v->skip_check_adv_addr, v->strict_mode,
		vi->fsm.state == VRRP_STATE_BACKUP ? vi->fsm.master_priority : 0,
		v->garp_master_delay, v->garp_master_refresh, v->garp_master_repeat,
		v->garp_master_refresh_repeat, v->garp_lower_prio_delay, v->garp_lower_prio_repeat,
		v->lower_prio_no_advert, v->higher_prio_send_advert);
	fprintf(f,
		",\"vrid\":%u,\"base_priority\":%u,\"effective_priority\":%u,\"vipset\":%s"
		",\"promote_secondaries\":%s,\"adver_int\":%g,\"master_adver_int\":%g"
		",\"accept\":%d,\"nopreempt\":%s,\"preempt_delay\":%g,\"state\":%d"
		",\"wantstate\":%d,\"version\":%u,\"smtp_alert\":%s,\"notify_deleted\":%s",
		v->vrid, vi->params.fsm.priority, vi->fsm.effective_priority,
		master ? "true" : "false", v->promote_secondaries ? "true" : "false",
		(double)v->advert_int_us / 1e6, (double)vi->fsm.master_adver_int_us / 1e6,
		v->accept, v->nopreempt ? "true" : "false", (double)v->preempt_delay_us / 1e6,
		dump_ka_state(vi->fsm.state), dump_ka_state(vi->fsm.state), v->version,
		v->smtp_alert ? "true" : "false", v->notify.deleted_set ? "true" : "false");
	fputs(",\"vips\":[", f);
	dump_json_vips(f, &v->vips, master);
	fputs("],\"evips\":[", f);
	dump_json_vips(f, &v->evips, master);
	fprintf(f, "],\"auth_type\":%d", (int)v->auth_type);
	if (v->auth_type != CONF_AUTH_NONE)
		dump_json_kv(f, "auth_data", v->auth_pass);
	fputc('}', f);
}

static void
dump_json_inst(FILE *f, const struct vrrp_inst *vi)
{
	const struct vrrp_fsm_stats *s = &vi->fsm.stats;
	struct dump_ka_stats k;

	dump_ka_stats_of(vi, &k);
	fputc('{', f);
	dump_json_data(f, vi);
	fprintf(f,
		",\"stats\":{\"advert_rcvd\":%" PRIu64 ",\"advert_sent\":%" PRIu64
		",\"become_master\":%" PRIu64 ",\"release_master\":%" PRIu64
		",\"packet_len_err\":%" PRIu64 ",\"advert_interval_err\":%" PRIu64
		",\"ip_ttl_err\":%" PRIu64 ",\"invalid_type_rcvd\":%" PRIu64
		",\"addr_list_err\":%" PRIu64 ",\"invalid_authtype\":%" PRIu64
		",\"authtype_mismatch\":%" PRIu64 ",\"auth_failure\":%" PRIu64
		",\"pri_zero_rcvd\":%" PRIu64 ",\"pri_zero_sent\":%" PRIu64 "}",
		s->adverts_rcvd, s->adverts_sent, s->become_master, s->release_master, k.len_err,
		k.int_err, k.ttl_err, k.type_err, k.addr_err, k.auth_invalid, k.auth_mismatch,
		k.auth_fail, s->pri_zero_rcvd, s->pri_zero_sent);
	fputs(",\"rx_drops\":{", f);
	for (int r = 1; r < VRRP_PKT_REASON_COUNT; r++)
		fprintf(f, "%s\"%s\":%" PRIu64, r > 1 ? "," : "", vrrp_pkt_reason_name(r),
			vi->rx_reason[r]);
	fprintf(f, ",\"other_vrid\":%" PRIu64 "}}", vi->rx_other_vrid);
}

static void
dump_json_fill(FILE *f, const void *arg)
{
	const struct dump_args *d = arg;

	fputc('[', f);
	for (size_t i = 0; i < d->n; i++) {
		if (i)
			fputc(',', f);
		dump_json_inst(f, d->inst[i]);
	}
	fputs("]\n", f);
}

int
vrrp_dump_json(const char *path, struct vrrp_inst *const *inst, size_t n)
{
	struct dump_args d = {.inst = inst, .n = n};

	return dump_write(path, dump_json_fill, &d);
}

void
vrrp_dump_clear_stats(struct vrrp_inst *const *inst, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		memset(&inst[i]->fsm.stats, 0, sizeof(inst[i]->fsm.stats));
		memset(inst[i]->rx_reason, 0, sizeof(inst[i]->rx_reason));
		inst[i]->rx_other_vrid = 0;
	}
}
