/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_firewall: the no-accept drop rules (see vrrp_firewall.h). The wanted
 * rules are the union of what every owner (instance) asked for; any change
 * rewrites table inet vigil in one nft transaction ("add table; delete table;
 * table { ... }"), so a run is idempotent and a crashed predecessor's table is
 * replaced, not added to. One nft runs at a time; changes made meanwhile are
 * applied by one more run when it ends. A missing nft binary is reported once
 * and does not stop anything else. It never forks itself (lib/util/spawn does).
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "conf/conf_vrrp.h"
#include "daemon/options.h"
#include "util/log.h"
#include "util/spawn.h"
#include "util/xalloc.h"
#include "vrrp/vrrp_firewall.h"

#define FW_NFT_TIMEOUT_US (10 * EV_USEC_PER_SEC)

struct fw_owner {
	const void *key;
	struct vrrp_fw_addr *addrs;
	size_t n;
};

struct vrrp_fw {
	struct ev_loop *loop;
	struct spawn_proc proc;
	struct fw_owner *owners;
	size_t nowners, cap;
	char *applied; /* the script of the last successful run; NULL: none yet */
	bool dirty;    /* the wanted rules changed since the running nft started */
	bool reset;    /* run even if nothing is wanted (start-up clean-up) */
	bool warned;   /* "nft missing" was logged */
	int errfd;     /* memfd with the running nft's stderr, or -1 */
	char *running; /* the script nft is applying */
};

static bool
is_link_local6(const struct vrrp_fw_addr *a)
{
	return a->family == AF_INET6 && a->addr[0] == 0xfe && (a->addr[1] & 0xc0) == 0x80;
}

/* One address list of a family into f: "a, b, c" (link-local IPv6 excluded). */
static size_t
render_elements(FILE *f, const struct vrrp_fw_addr *a, size_t n, int family)
{
	char text[INET6_ADDRSTRLEN];
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (a[i].family != family || is_link_local6(&a[i]))
			continue;
		inet_ntop(family, a[i].addr, text, sizeof(text));
		fprintf(f, "%s%s", k++ ? ", " : "", text);
	}
	return k;
}

/* One hook's chain: drop by destination (input) or source (output). */
static void
render_chain(FILE *f, const char *name, const char *hook, const char *dir, const char *ifdir,
	     size_t n4, size_t n6, const struct vrrp_fw_addr *a, size_t n)
{
	char text[INET6_ADDRSTRLEN];

	fprintf(f, "\tchain %s {\n\t\ttype filter hook %s priority filter - 1; policy accept;\n",
		name, hook);
	fprintf(f, "\t\ticmpv6 type { nd-neighbor-solicit, nd-neighbor-advert } accept\n");
	if (n4)
		fprintf(f, "\t\tip %s @vips4 drop\n", dir);
	if (n6)
		fprintf(f, "\t\tip6 %s @vips6 drop\n", dir);
	for (size_t i = 0; i < n; i++) {
		if (!is_link_local6(&a[i]))
			continue;
		inet_ntop(AF_INET6, a[i].addr, text, sizeof(text));
		if (a[i].ifname[0])
			fprintf(f, "\t\t%s \"%s\" ip6 %s %s drop\n", ifdir, a[i].ifname, dir, text);
		else
			fprintf(f, "\t\tip6 %s %s drop\n", dir, text);
	}
	fprintf(f, "\t}\n");
}

/* Addresses of family outside IPv6 link-local (those are matched per interface). */
static size_t
count_family(const struct vrrp_fw_addr *a, size_t n, int family)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += a[i].family == family && !is_link_local6(&a[i]);
	return k;
}

static void
render_set(FILE *f, const char *name, const char *type, const struct vrrp_fw_addr *a, size_t n,
	   int family)
{
	fprintf(f, "\tset %s {\n\t\ttype %s\n\t\telements = { ", name, type);
	render_elements(f, a, n, family);
	fprintf(f, " }\n\t}\n");
}

char *
vrrp_fw_render(const struct vrrp_fw_addr *a, size_t n)
{
	char *out = NULL;
	size_t len = 0, n4 = count_family(a, n, AF_INET), n6 = count_family(a, n, AF_INET6);
	FILE *f = open_memstream(&out, &len);

	if (!f)
		fatalx(VIGIL_EXIT_FATAL, "open_memstream: %s", strerror(errno));
	fprintf(f, "add table inet %s\ndelete table inet %s\n", VRRP_FW_TABLE, VRRP_FW_TABLE);
	if (n) {
		fprintf(f, "table inet %s {\n", VRRP_FW_TABLE);
		if (n4)
			render_set(f, "vips4", "ipv4_addr", a, n, AF_INET);
		if (n6)
			render_set(f, "vips6", "ipv6_addr", a, n, AF_INET6);
		render_chain(f, "in", "input", "daddr", "iifname", n4, n6, a, n);
		render_chain(f, "out", "output", "saddr", "oifname", n4, n6, a, n);
		fprintf(f, "}\n");
	}
	fclose(f);
	return out;
}

/* ---- the driver ---- */

static void fw_apply(struct vrrp_fw *fw);

/* The union of every owner's addresses, without duplicates. */
static char *
fw_wanted(const struct vrrp_fw *fw, size_t *total)
{
	struct vrrp_fw_addr *all = NULL;
	size_t n = 0, cap = 0;
	char *script;

	for (size_t o = 0; o < fw->nowners; o++)
		for (size_t i = 0; i < fw->owners[o].n; i++) {
			const struct vrrp_fw_addr *a = &fw->owners[o].addrs[i];
			bool dup = false;

			for (size_t j = 0; j < n && !dup; j++)
				dup = !memcmp(&all[j], a, sizeof(*a));
			if (dup)
				continue;
			xgrow((void **)&all, &cap, n + 1, sizeof(*all));
			all[n++] = *a;
		}
	script = vrrp_fw_render(all, n);
	free(all);
	*total = n;
	return script;
}

/* The first line nft wrote to stderr, for the log. */
static void
fw_read_error(struct vrrp_fw *fw, char *buf, size_t len)
{
	ssize_t got;

	buf[0] = '\0';
	if (fw->errfd < 0 || lseek(fw->errfd, 0, SEEK_SET) < 0)
		return;
	got = read(fw->errfd, buf, len - 1);
	buf[got > 0 ? got : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static void
fw_done(struct spawn_proc *p, const struct spawn_result *r, void *arg)
{
	struct vrrp_fw *fw = arg;
	char msg[256];

	(void)p;
	if (WIFEXITED(r->status) && WEXITSTATUS(r->status) == 0) {
		free(fw->applied);
		fw->applied = fw->running;
		log_detail("no_accept: nftables table inet %s updated", VRRP_FW_TABLE);
	} else {
		fw_read_error(fw, msg, sizeof(msg));
		log_warnx("no_accept: nft failed (%s%d)%s%s", r->timed_out ? "timed out, " : "",
			  WIFEXITED(r->status) ? WEXITSTATUS(r->status) : -1, msg[0] ? ": " : "",
			  msg);
		free(fw->running);
	}
	fw->running = NULL;
	if (fw->errfd >= 0)
		close(fw->errfd);
	fw->errfd = -1;
	if (fw->dirty)
		fw_apply(fw);
}

/* Runs nft with the wanted table unless it is what the kernel already has. */
static void
fw_apply(struct vrrp_fw *fw)
{
	size_t n;
	char *script, *argv[] = {(char *)"nft", NULL, NULL};
	struct spawn_req req = {.argv = argv, .timeout_us = FW_NFT_TIMEOUT_US};
	int rc;

	if (spawn_running(&fw->proc)) {
		fw->dirty = true;
		return;
	}
	fw->dirty = false;
	script = fw_wanted(fw, &n);
	if ((fw->applied && !strcmp(fw->applied, script)) || (!fw->applied && !n && !fw->reset)) {
		free(script);
		return;
	}
	fw->reset = false;
	argv[1] = script;
	fw->errfd = memfd_create("vigil-nft", MFD_CLOEXEC);
	req.stderr_fd = fw->errfd;
	fw->running = script;
	rc = spawn_start(fw->loop, &fw->proc, &req, fw_done, fw);
	if (rc == 0)
		return;
	if (rc == -ENOENT || rc == -EACCES) {
		if (!fw->warned)
			log_warnx("no_accept: cannot run nft (%s): VIPs of instances without "
				  "'accept' are NOT protected; install nftables",
				  strerror(-rc));
		fw->warned = true;
	} else {
		log_warnx("no_accept: cannot run nft: %s", strerror(-rc));
	}
	free(fw->running);
	fw->running = NULL;
	if (fw->errfd >= 0)
		close(fw->errfd);
	fw->errfd = -1;
}

struct vrrp_fw *
vrrp_fw_new(struct ev_loop *loop)
{
	struct vrrp_fw *fw = xcalloc(1, sizeof(*fw));

	fw->loop = loop;
	fw->errfd = -1;
	return fw;
}

static struct fw_owner *
fw_owner(struct vrrp_fw *fw, const void *key, bool create)
{
	for (size_t i = 0; i < fw->nowners; i++)
		if (fw->owners[i].key == key)
			return &fw->owners[i];
	if (!create)
		return NULL;
	xgrow((void **)&fw->owners, &fw->cap, fw->nowners + 1, sizeof(*fw->owners));
	fw->owners[fw->nowners] = (struct fw_owner){.key = key};
	return &fw->owners[fw->nowners++];
}

static void
fw_add_list(struct fw_owner *o, size_t *cap, const struct conf_iplist *l, const char *ifname)
{
	for (size_t i = 0; l && i < l->n; i++) {
		const struct conf_ipaddr *c = &l->v[i];
		struct vrrp_fw_addr *a;
		const char *dev = c->dev ? c->dev : ifname;

		xgrow((void **)&o->addrs, cap, o->n + 1, sizeof(*o->addrs));
		a = &o->addrs[o->n++];
		memset(a, 0, sizeof(*a));
		a->family = c->addr.addr.family;
		memcpy(a->addr, &c->addr.addr.u, a->family == AF_INET ? 4 : 16);
		if (is_link_local6(a) && dev)
			snprintf(a->ifname, sizeof(a->ifname), "%s", dev);
	}
}

void
vrrp_fw_set(struct vrrp_fw *fw, const void *key, const struct conf_iplist *vips,
	    const struct conf_iplist *evips, const char *ifname)
{
	struct fw_owner *o = fw_owner(fw, key, true);
	size_t cap = 0;

	free(o->addrs);
	o->addrs = NULL;
	o->n = 0;
	fw_add_list(o, &cap, vips, ifname);
	fw_add_list(o, &cap, evips, ifname);
	fw_apply(fw);
}

void
vrrp_fw_clear(struct vrrp_fw *fw, const void *key)
{
	struct fw_owner *o = fw ? fw_owner(fw, key, false) : NULL;

	if (!o)
		return;
	free(o->addrs);
	*o = fw->owners[--fw->nowners];
	fw_apply(fw);
}

void
vrrp_fw_reset(struct vrrp_fw *fw)
{
	fw->reset = true;
	free(fw->applied);
	fw->applied = NULL;
	fw_apply(fw);
}

bool
vrrp_fw_busy(const struct vrrp_fw *fw)
{
	return fw && (spawn_running(&fw->proc) || fw->dirty);
}

void
vrrp_fw_free(struct vrrp_fw *fw)
{
	if (!fw)
		return;
	spawn_stop(&fw->proc);
	for (size_t i = 0; i < fw->nowners; i++)
		free(fw->owners[i].addrs);
	free(fw->owners);
	free(fw->applied);
	free(fw->running);
	if (fw->errfd >= 0)
		close(fw->errfd);
	free(fw);
}
