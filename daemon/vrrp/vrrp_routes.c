/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_routes: route and static address lines to rtnetlink. Table names are
 * looked up in iproute2's rt_tables files as `ip` does; vigil's routes are
 * tagged with keepalived's protocol number unless the line names another.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf/conf.h"
#include "conf/conf_vrrp.h"
#include "util/log.h"
#include "vrrp/vrrp_params.h"
#include "vrrp/vrrp_routes.h"

static const char *const rt_tables_files[] = {"/etc/iproute2/rt_tables",
					      "/usr/share/iproute2/rt_tables"};

/* A table or protocol given as a number, a well-known name, or a name in the rt_tables files. */
static int
name_to_id(const char *name, const char *const *files, size_t nfiles, const char *const *known,
	   const unsigned *known_ids, size_t nknown, uint32_t *out)
{
	char *end, line[256], word[128];
	unsigned long v = strtoul(name, &end, 0);

	if (*name && !*end) {
		*out = (uint32_t)v;
		return 0;
	}
	for (size_t i = 0; i < nknown; i++)
		if (!strcmp(name, known[i])) {
			*out = known_ids[i];
			return 0;
		}
	for (size_t i = 0; i < nfiles; i++) {
		FILE *f = fopen(files[i], "re");

		while (f && fgets(line, sizeof(line), f))
			if (sscanf(line, "%lu %127s", &v, word) == 2 && !strcmp(word, name)) {
				fclose(f);
				*out = (uint32_t)v;
				return 0;
			}
		if (f)
			fclose(f);
	}
	return -1;
}

static void
copy_addr(const struct conf_addr *a, uint8_t out[16])
{
	memcpy(out, &a->u, a->family == AF_INET ? 4 : 16);
}

static int
route_names(const struct conf_route *r, struct nl_route_spec *out, char *err, size_t errlen)
{
	static const char *const tables[] = {"main", "local", "default"};
	static const unsigned table_ids[] = {RT_TABLE_MAIN, RT_TABLE_LOCAL, RT_TABLE_DEFAULT};
	static const char *const protos[] = {"kernel", "boot", "static", "keepalived"};
	static const unsigned proto_ids[] = {RTPROT_KERNEL, RTPROT_BOOT, RTPROT_STATIC,
					     NL_RTNL_PROTO_KEEPALIVED};
	uint32_t id;

	if (r->table && name_to_id(r->table, rt_tables_files, 2, tables, table_ids, 3, &id) < 0) {
		snprintf(err, errlen, "unknown routing table '%s'", r->table);
		return -1;
	}
	out->table = r->table ? id : 0;
	out->protocol = NL_RTNL_PROTO_KEEPALIVED;
	if (r->protocol && name_to_id(r->protocol, NULL, 0, protos, proto_ids, 4, &id) < 0) {
		snprintf(err, errlen, "unknown route protocol '%s'", r->protocol);
		return -1;
	}
	if (r->protocol)
		out->protocol = id;
	if (r->type) {
		int t = nl_route_type_from_name(r->type);

		if (t < 0) {
			snprintf(err, errlen, "unknown route type '%s'", r->type);
			return -1;
		}
		out->type = (unsigned)t;
	}
	return 0;
}

int
vrrp_route_spec(struct nl_rtnl *rt, const struct conf_route *r, struct nl_route_spec *out,
		char *err, size_t errlen)
{
	struct nl_link_info link;

	memset(out, 0, sizeof(*out));
	if (r->nnexthops || r->nopts) {
		snprintf(err, errlen, "%s not programmed yet",
			 r->nnexthops ? "multipath routes are" : "iproute2 route options are");
		return -1;
	}
	out->family = r->dst.addr.family ? r->dst.addr.family : (r->inet6 ? AF_INET6 : AF_INET);
	if (r->dst.addr.family)
		copy_addr(&r->dst.addr, out->dst);
	out->dst_len = r->dst.len;
	if (r->via.family) {
		copy_addr(&r->via, out->gateway);
		out->has_gateway = true;
	}
	if (r->src.addr.family) {
		copy_addr(&r->src.addr, out->src);
		out->has_src = true;
	}
	if (r->dev) {
		if (nl_rtnl_link_by_name(rt, r->dev, &link) < 0) {
			snprintf(err, errlen, "interface %s does not exist", r->dev);
			return -1;
		}
		out->ifindex = link.ifindex;
	}
	if (r->metric != CONF_UNSET_UINT) {
		out->metric = r->metric;
		out->has_metric = true;
	}
	if (r->scope != CONF_UNSET_UINT) {
		out->scope = r->scope;
		out->has_scope = true;
	}
	out->onlink = r->onlink;
	return route_names(r, out, err, errlen);
}

static bool
route_in(struct nl_rtnl *rt, const struct nl_route_spec *spec, const struct conf_routelist *l)
{
	struct nl_route_spec other;
	char err[128];

	for (size_t i = 0; l && i < l->n; i++)
		if (vrrp_route_spec(rt, &l->v[i], &other, err, sizeof(err)) == 0 &&
		    !memcmp(&other, spec, sizeof(other)))
			return true;
	return false;
}

void
vrrp_routes_apply(struct nl_rtnl *rt, const struct conf_routelist *l,
		  const struct conf_routelist *except, bool add, const char *who)
{
	for (size_t i = 0; l && i < l->n; i++) {
		struct nl_route_spec spec;
		char err[256];
		int rc;

		if (vrrp_route_spec(rt, &l->v[i], &spec, err, sizeof(err)) < 0) {
			if (add)
				log_warnx("%s: route at %s:%u: %s", who, l->v[i].loc.file,
					  l->v[i].loc.line, err);
			continue;
		}
		if (route_in(rt, &spec, except))
			continue;
		rc = add ? nl_rtnl_route_add(rt, &spec) : nl_rtnl_route_del(rt, &spec);
		if (rc == 0 || (add && rc == -EEXIST) || (!add && rc == -ESRCH))
			continue;
		log_warnx("%s: cannot %s the route at %s:%u: %s", who, add ? "add" : "remove",
			  l->v[i].loc.file, l->v[i].loc.line, strerror(-rc));
	}
}

static bool
addr_spec_in(struct nl_rtnl *rt, const struct nl_addr_spec *spec, const struct conf_iplist *l)
{
	for (size_t i = 0; l && i < l->n; i++) {
		struct nl_link_info link;
		struct nl_addr_spec other;

		if (nl_rtnl_link_by_name(rt, l->v[i].dev ? l->v[i].dev : "", &link) < 0)
			continue;
		vrrp_params_addr_spec(&l->v[i], link.ifindex, &other);
		if (!memcmp(&other, spec, sizeof(other)))
			return true;
	}
	return false;
}

void
vrrp_addrs_apply(struct nl_rtnl *rt, const struct conf_iplist *l, const struct conf_iplist *except,
		 bool add, const char *who)
{
	for (size_t i = 0; l && i < l->n; i++) {
		const struct conf_ipaddr *a = &l->v[i];
		struct nl_link_info link;
		struct nl_addr_spec spec;
		int rc;

		if (!a->dev || nl_rtnl_link_by_name(rt, a->dev, &link) < 0) {
			if (add)
				log_warnx("%s: address at %s:%u: interface %s does not exist", who,
					  a->loc.file, a->loc.line, a->dev ? a->dev : "(none)");
			continue;
		}
		vrrp_params_addr_spec(a, link.ifindex, &spec);
		if (addr_spec_in(rt, &spec, except))
			continue;
		rc = add ? nl_rtnl_addr_add(rt, &spec) : nl_rtnl_addr_del(rt, &spec);
		if (rc == 0 || (add && rc == -EEXIST) || (!add && rc == -EADDRNOTAVAIL))
			continue;
		log_warnx("%s: cannot %s the address at %s:%u: %s", who, add ? "add" : "remove",
			  a->loc.file, a->loc.line, strerror(-rc));
	}
}
