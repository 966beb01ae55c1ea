/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_lvs_sync: keepalived's ipvs_syncd_master()/ipvs_syncd_backup() for the
 * VRRP child (see vrrp_lvs_sync.h). It remembers which daemons it started so
 * a stop never touches one it does not own, and treats "already running" /
 * "not running" answers as done.
 */
#include "config.h"

#include <errno.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf_model.h"
#include "nl/nl_ipvs.h"
#include "util/log.h"
#include "util/xalloc.h"
#include "vrrp/vrrp_lvs_sync.h"

#define LVS_SYNC_DEFAULT_PORT  8848
#define LVS_SYNC_DEFAULT_GROUP "224.0.0.81"

struct vrrp_lvs_sync {
	struct nl_ipvs *ipvs; /* NULL: IPVS unavailable */
	bool own_ipvs;
	struct nl_ipvs_daemon d; /* the settings; d.state set per call */
	char *inst;
	uint32_t running; /* NL_IPVS_DAEMON_* bits we started */
};

static const char *
state_name(uint32_t state)
{
	return state == NL_IPVS_DAEMON_MASTER ? "MASTER" : "BACKUP";
}

static void
syncd_start(struct vrrp_lvs_sync *s, uint32_t state)
{
	char err[256];
	int rc;

	if (!s->ipvs || (s->running & state))
		return;
	s->d.state = state;
	rc = nl_ipvs_daemon_start(s->ipvs, &s->d, err, sizeof(err));
	if (rc < 0 && rc != -EEXIST) {
		log_warnx("lvs_sync_daemon: cannot start the %s sync daemon on %s: %s",
			  state_name(state), s->d.ifname, err[0] ? err : strerror(-rc));
		return;
	}
	s->running |= state;
	log_info("lvs_sync_daemon: %s sync daemon running on %s (syncid %u)", state_name(state),
		 s->d.ifname, s->d.syncid);
}

static void
syncd_stop(struct vrrp_lvs_sync *s, uint32_t state, bool force)
{
	char err[256];
	int rc;

	if (!s->ipvs || (!force && !(s->running & state)))
		return;
	rc = nl_ipvs_daemon_stop(s->ipvs, state, err, sizeof(err));
	if (rc < 0 && rc != -ESRCH)
		log_warnx("lvs_sync_daemon: cannot stop the %s sync daemon: %s", state_name(state),
			  err[0] ? err : strerror(-rc));
	else if (s->running & state)
		log_info("lvs_sync_daemon: %s sync daemon stopped", state_name(state));
	s->running &= ~state;
}

static void
syncd_settings(const struct conf_lvs_syncd *c, struct nl_ipvs_daemon *d)
{
	struct in_addr deflt;

	memset(d, 0, sizeof(*d));
	snprintf(d->ifname, sizeof(d->ifname), "%s", c->ifname);
	d->syncid = c->syncid == CONF_UNSET_UINT ? 0 : c->syncid;
	d->sync_maxlen = (uint16_t)c->maxlen;
	d->mcast_ttl = (uint8_t)c->ttl;
	if (c->port != LVS_SYNC_DEFAULT_PORT)
		d->mcast_port = (uint16_t)c->port;
	inet_pton(AF_INET, LVS_SYNC_DEFAULT_GROUP, &deflt);
	if (c->group.family == AF_INET6 ||
	    (c->group.family == AF_INET && memcmp(&c->group.u.in4, &deflt, 4))) {
		d->mcast_af = c->group.family;
		memcpy(d->mcast_group, &c->group.u, c->group.family == AF_INET ? 4 : 16);
	}
}

struct vrrp_lvs_sync *
vrrp_lvs_sync_start(const struct conf_lvs_syncd *c, struct nl_ipvs *ipvs)
{
	struct vrrp_lvs_sync *s;
	char err[256];

	if (!c->ifname || !c->vrrp_instance)
		return NULL;
	s = xcalloc(1, sizeof(*s));
	s->inst = xstrdup(c->vrrp_instance);
	syncd_settings(c, &s->d);
	s->ipvs = ipvs;
	if (!ipvs) {
		int rc = nl_ipvs_open(&s->ipvs, err, sizeof(err));

		if (rc < 0) {
			log_warnx("lvs_sync_daemon: %s: no sync daemon for %s",
				  err[0] ? err : strerror(-rc), s->inst);
			s->ipvs = NULL;
		}
		s->own_ipvs = s->ipvs != NULL;
	}
	/* a predecessor's daemons go; the instance starts as backup */
	syncd_stop(s, NL_IPVS_DAEMON_MASTER, true);
	syncd_stop(s, NL_IPVS_DAEMON_BACKUP, true);
	syncd_start(s, NL_IPVS_DAEMON_BACKUP);
	return s;
}

void
vrrp_lvs_sync_transition(struct vrrp_lvs_sync *s, const char *inst, enum vrrp_state from,
			 enum vrrp_state to)
{
	if (!s || !inst || strcmp(inst, s->inst))
		return;
	if (to == VRRP_STATE_MASTER) {
		syncd_stop(s, NL_IPVS_DAEMON_BACKUP, false);
		syncd_start(s, NL_IPVS_DAEMON_MASTER);
	} else if (from == VRRP_STATE_MASTER && to != VRRP_STATE_STOP) {
		syncd_stop(s, NL_IPVS_DAEMON_MASTER, false);
		syncd_start(s, NL_IPVS_DAEMON_BACKUP);
	}
}

static bool
str_eq(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

bool
vrrp_lvs_sync_same(const struct conf_lvs_syncd *a, const struct conf_lvs_syncd *b)
{
	return str_eq(a->ifname, b->ifname) && str_eq(a->vrrp_instance, b->vrrp_instance) &&
	       a->syncid == b->syncid && a->maxlen == b->maxlen && a->port == b->port &&
	       a->ttl == b->ttl && a->group.family == b->group.family &&
	       !memcmp(&a->group.u, &b->group.u, sizeof(a->group.u));
}

void
vrrp_lvs_sync_free(struct vrrp_lvs_sync *s, bool stop)
{
	if (!s)
		return;
	if (stop) {
		syncd_stop(s, NL_IPVS_DAEMON_MASTER, false);
		syncd_stop(s, NL_IPVS_DAEMON_BACKUP, false);
	}
	if (s->own_ipvs)
		nl_ipvs_close(s->ipvs);
	free(s->inst);
	free(s);
}
