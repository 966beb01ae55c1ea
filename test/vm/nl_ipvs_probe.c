/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_ipvs_probe: drives lib/nl/nl_ipvs against a real kernel, for the QEMU
 * tier (test/vm/scenarios/nl_ipvs.sh compares `ipvsadm -Sn` after each step).
 * Built by `make check`, never run by it: the host has no IPVS.
 *
 *   nl_ipvs_probe info               open (modprobe ip_vs if needed), version
 *   nl_ipvs_probe program            flush, then services and real servers of each kind
 *   nl_ipvs_probe edit               edits, deletes, one batch of mixed outcomes
 *   nl_ipvs_probe dump               the table as transcript lines
 *   nl_ipvs_probe batch N            one service and N real servers in one batch
 *   nl_ipvs_probe unbatch N          removes them in one batch
 *   nl_ipvs_probe timeouts CMD       set, run CMD (a shell command), restore
 *   nl_ipvs_probe daemon IFNAME CMD  start master and backup, run CMD, stop
 *   nl_ipvs_probe flush
 *
 * Prints "ok: ..." or "FAIL: ..." per check; exits 1 if any check failed.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "nl/nl_ipvs.h"

static int failures;
static char err[512];

static void check(bool ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s: ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!ok)
		failures++;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static struct nl_ipvs_service
svc(int af, uint16_t proto, const char *addr, uint16_t port, const char *sched)
{
	struct nl_ipvs_service s = {.af = af, .protocol = proto, .port = port};

	inet_pton(af, addr, s.addr);
	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	return s;
}

static struct nl_ipvs_service
fwm(int af, uint32_t mark, const char *sched)
{
	struct nl_ipvs_service s = {.af = af, .fwmark = mark};

	snprintf(s.sched_name, sizeof(s.sched_name), "%s", sched);
	return s;
}

static struct nl_ipvs_dest
rs(int af, const char *addr, uint16_t port, uint32_t fwd, int32_t weight)
{
	struct nl_ipvs_dest d = {.af = af, .port = port, .fwd = fwd, .weight = weight};

	inet_pton(af, addr, d.addr);
	return d;
}

/* Commits b, checks that every operation succeeded, frees it. */
static void
commit_all(struct nl_ipvs_batch *b, const char *what)
{
	size_t n = nl_ipvs_batch_len(b);
	double t0 = now();
	int rc = nl_ipvs_batch_commit(b, err, sizeof(err));

	check(rc == 0, "%s: %zu operations in %.3f s%s%s", what, n, now() - t0, rc ? ": " : "",
	      rc ? err : "");
	nl_ipvs_batch_free(b);
}

static int
cmd_info(struct nl_ipvs *h)
{
	struct nl_ipvs_info info = {0};
	int rc = nl_ipvs_get_info(h, &info, err, sizeof(err));

	check(rc == 0 && info.version != 0, "info: IPVS %u.%u.%u, connection table %u",
	      info.version >> 16, (info.version >> 8) & 0xff, info.version & 0xff,
	      info.conn_tab_size);
	return 0;
}

static int
cmd_program(struct nl_ipvs *h)
{
	struct nl_ipvs_batch *b = nl_ipvs_batch_begin(h);
	struct nl_ipvs_service s;
	struct nl_ipvs_dest d;

	check(nl_ipvs_flush(h, err, sizeof(err)) == 0, "flush %s", err);
	s = svc(AF_INET, IPPROTO_TCP, "10.0.0.100", 80, "rr");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	d = rs(AF_INET, "192.168.1.1", 80, NL_IPVS_FWD_MASQ, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);
	d = rs(AF_INET, "192.168.1.2", 8080, NL_IPVS_FWD_MASQ, 2);
	d.u_threshold = 100;
	d.l_threshold = 10;
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);

	s = svc(AF_INET, IPPROTO_UDP, "10.0.0.100", 53, "wlc");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	d = rs(AF_INET, "192.168.1.1", 53, NL_IPVS_FWD_DROUTE, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);

	s = svc(AF_INET, IPPROTO_SCTP, "10.0.0.100", 3868, "sh");
	s.flags = NL_IPVS_SVC_F_SH_PORT;
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	d = rs(AF_INET, "192.168.1.3", 3868, NL_IPVS_FWD_TUNNEL, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);

	s = fwm(AF_INET, 1, "wrr");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	d = rs(AF_INET, "192.168.1.4", 0, NL_IPVS_FWD_DROUTE, 3);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);

	s = svc(AF_INET6, IPPROTO_TCP, "2001:db8::100", 443, "lc");
	s.flags = NL_IPVS_SVC_F_PERSISTENT;
	s.timeout = 300;
	s.netmask = 64;
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	d = rs(AF_INET6, "2001:db8:1::11", 443, NL_IPVS_FWD_MASQ, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);
	d = rs(AF_INET6, "2001:db8:1::12", 443, NL_IPVS_FWD_TUNNEL, 1);
	d.tun_type = NL_IPVS_TUN_GUE;
	d.tun_port = 6080;
	d.tun_flags = NL_IPVS_TUN_F_CSUM;
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);

	s = fwm(AF_INET6, 2, "rr");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	d = rs(AF_INET6, "2001:db8:1::13", 0, NL_IPVS_FWD_DROUTE, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);

	s = svc(AF_INET, IPPROTO_TCP, "10.0.0.101", 443, "rr");
	s.flags = NL_IPVS_SVC_F_PERSISTENT | NL_IPVS_SVC_F_ONEPACKET;
	s.timeout = 600;
	s.netmask = 24;
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	d = rs(AF_INET, "192.168.2.1", 443, NL_IPVS_FWD_MASQ, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);

	/* a mixed-family tunnel: an IPv6 real server behind an IPv4 service */
	s = svc(AF_INET, IPPROTO_TCP, "10.0.0.102", 80, "rr");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	d = rs(AF_INET6, "2001:db8:2::5", 80, NL_IPVS_FWD_TUNNEL, 1);
	d.tun_type = NL_IPVS_TUN_GRE;
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);
	commit_all(b, "program");
	return 0;
}

/* The expected answer (raw, then after tolerance) of each op of a mixed batch. */
struct expect {
	int error, result;
	const char *what;
};

static void
check_results(struct nl_ipvs_batch *b, const struct expect *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		int e = nl_ipvs_batch_error(b, i), r = nl_ipvs_batch_result(b, i);

		check(e == want[i].error && r == want[i].result,
		      "op %zu (%s): answer %d (%s), result %d", i, want[i].what, e,
		      e < 0 ? strerror(-e) : "ok", r);
	}
}

static int
cmd_edit(struct nl_ipvs *h)
{
	static const struct expect want[] = {
		{0, 0, "service edit"},
		{0, 0, "dest edit weight"},
		{0, 0, "dest edit thresholds"},
		{0, 0, "dest del"},
		{0, 0, "service del"},
		{-EEXIST, -EEXIST, "service add, exists"},
		{-EEXIST, 0, "service add, exists, tolerated"},
		{-EEXIST, 0, "dest add, exists, tolerated"},
		{-ENOENT, 0, "dest del, missing, tolerated"},
		{-ESRCH, 0, "service del, missing, tolerated"},
		{-ESRCH, -ESRCH, "dest add, no service"},
		{-ENOENT, -ENOENT, "service add, no such scheduler"},
		{0, 0, "service add after failures"},
		{0, 0, "dest add after failures"},
	};
	struct nl_ipvs_batch *b = nl_ipvs_batch_begin(h);
	struct nl_ipvs_service s = svc(AF_INET, IPPROTO_TCP, "10.0.0.100", 80, "wrr");
	struct nl_ipvs_service gone = svc(AF_INET, IPPROTO_TCP, "10.9.9.9", 80, "rr");
	struct nl_ipvs_dest d = rs(AF_INET, "192.168.1.1", 80, NL_IPVS_FWD_MASQ, 5);
	int rc;

	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_EDIT, &s, 0);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_EDIT, &s, &d, 0);
	d = rs(AF_INET, "192.168.1.2", 8080, NL_IPVS_FWD_MASQ, 2);
	d.u_threshold = 200;
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_EDIT, &s, &d, 0);
	s = svc(AF_INET, IPPROTO_UDP, "10.0.0.100", 53, "wlc");
	d = rs(AF_INET, "192.168.1.1", 53, NL_IPVS_FWD_DROUTE, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_DEL, &s, &d, 0);
	s = svc(AF_INET, IPPROTO_SCTP, "10.0.0.100", 3868, "sh");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_DEL, &s, 0);
	s = svc(AF_INET, IPPROTO_TCP, "10.0.0.100", 80, "wrr");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, NL_IPVS_OP_IGNORE_EXIST);
	d = rs(AF_INET, "192.168.1.1", 80, NL_IPVS_FWD_MASQ, 5);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, NL_IPVS_OP_IGNORE_EXIST);
	d = rs(AF_INET, "192.168.1.99", 80, NL_IPVS_FWD_MASQ, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_DEL, &s, &d, NL_IPVS_OP_IGNORE_MISSING);
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_DEL, &gone, NL_IPVS_OP_IGNORE_MISSING);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &gone, &d, 0);
	s = svc(AF_INET, IPPROTO_TCP, "10.0.0.103", 80, "nosuch");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	s = svc(AF_INET, IPPROTO_TCP, "10.0.0.104", 80, "rr");
	nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	d = rs(AF_INET, "192.168.1.5", 80, NL_IPVS_FWD_MASQ, 1);
	nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, 0);
	rc = nl_ipvs_batch_commit(b, err, sizeof(err));
	check(rc == 3, "edit: %d failed operations (3 expected): %s", rc, err);
	check_results(b, want, sizeof(want) / sizeof(want[0]));
	nl_ipvs_batch_free(b);
	return 0;
}

static int
cmd_dump(struct nl_ipvs *h)
{
	struct nl_ipvs_service *svcs;
	struct nl_ipvs_dest *dests;
	size_t n, m, i, j;
	char line[256];
	int rc = nl_ipvs_dump_services(h, &svcs, &n, err, sizeof(err));

	check(rc == 0, "dump: %zu services %s", n, rc ? err : "");
	for (i = 0; i < n; i++) {
		struct nl_ipvs_op op = {.cmd = NL_IPVS_SERVICE_ADD, .svc = svcs[i]};

		op.svc.flags &= ~(uint32_t)NL_IPVS_SVC_F_HASHED;
		nl_ipvs_op_format(&op, line, sizeof(line));
		printf("dump: %s\n", line);
		rc = nl_ipvs_dump_dests(h, &svcs[i], &dests, &m, err, sizeof(err));
		check(rc == 0, "dump: %zu real servers %s", m, rc ? err : "");
		for (j = 0; j < m; j++) {
			op.cmd = NL_IPVS_DEST_ADD;
			op.dest = dests[j];
			nl_ipvs_op_format(&op, line, sizeof(line));
			printf("dump: %s\n", line);
		}
		free(dests);
	}
	free(svcs);
	return 0;
}

static struct nl_ipvs_dest
nth_dest(size_t i)
{
	struct nl_ipvs_dest d = rs(AF_INET, "10.200.0.0", 80, NL_IPVS_FWD_MASQ, 1);

	d.addr[2] = (uint8_t)(i >> 8);
	d.addr[3] = (uint8_t)(i & 0xff);
	return d;
}

static int
cmd_batch(struct nl_ipvs *h, size_t n, bool add)
{
	struct nl_ipvs_service s = svc(AF_INET, IPPROTO_TCP, "10.0.1.1", 80, "rr");
	struct nl_ipvs_batch *b = nl_ipvs_batch_begin(h);
	struct nl_ipvs_dest *dests = NULL, d;
	size_t i, m = 0;
	char what[64];

	if (add)
		nl_ipvs_batch_service(b, NL_IPVS_SERVICE_ADD, &s, 0);
	for (i = 0; i < n; i++) {
		d = nth_dest(i);
		nl_ipvs_batch_dest(b, add ? NL_IPVS_DEST_ADD : NL_IPVS_DEST_DEL, &s, &d, 0);
	}
	if (!add)
		nl_ipvs_batch_service(b, NL_IPVS_SERVICE_DEL, &s, 0);
	snprintf(what, sizeof(what), "batch %s %zu real servers", add ? "add" : "del", n);
	commit_all(b, what);
	nl_ipvs_dump_dests(h, &s, &dests, &m, err, sizeof(err));
	check(m == (add ? n : 0), "batch: the kernel lists %zu real servers", m);
	free(dests);
	if (!add)
		return 0;
	/* again, tolerated: every operation answered EEXIST */
	b = nl_ipvs_batch_begin(h);
	for (i = 0; i < n; i++) {
		d = nth_dest(i);
		nl_ipvs_batch_dest(b, NL_IPVS_DEST_ADD, &s, &d, NL_IPVS_OP_IGNORE_EXIST);
	}
	check(nl_ipvs_batch_commit(b, err, sizeof(err)) == 0 &&
		      nl_ipvs_batch_error(b, n - 1) == -EEXIST,
	      "batch: %zu adds again, EEXIST tolerated", n);
	nl_ipvs_batch_free(b);
	return 0;
}

static void
run(const char *cmd)
{
	fflush(stdout);
	if (system(cmd) != 0)
		check(false, "command failed: %s", cmd);
}

static int
cmd_timeouts(struct nl_ipvs *h, const char *cmd)
{
	struct nl_ipvs_timeouts orig, t = {.tcp = 7200, .udp = 60}, got;
	int rc = nl_ipvs_get_timeouts(h, &orig, err, sizeof(err));

	check(rc == 0, "timeouts: tcp %u tcpfin %u udp %u", orig.tcp, orig.tcp_fin, orig.udp);
	check(nl_ipvs_set_timeouts(h, &t, err, sizeof(err)) == 0, "timeouts: set %s", err);
	nl_ipvs_get_timeouts(h, &got, err, sizeof(err));
	check(got.tcp == 7200 && got.tcp_fin == orig.tcp_fin && got.udp == 60,
	      "timeouts: now tcp %u tcpfin %u udp %u", got.tcp, got.tcp_fin, got.udp);
	run(cmd);
	check(nl_ipvs_restore_timeouts(h, err, sizeof(err)) == 0, "timeouts: restore %s", err);
	nl_ipvs_get_timeouts(h, &got, err, sizeof(err));
	check(memcmp(&got, &orig, sizeof(got)) == 0, "timeouts: restored tcp %u tcpfin %u udp %u",
	      got.tcp, got.tcp_fin, got.udp);
	return 0;
}

static int
cmd_daemon(struct nl_ipvs *h, const char *ifname, const char *cmd)
{
	struct nl_ipvs_daemon master = {.state = NL_IPVS_DAEMON_MASTER, .syncid = 7};
	struct nl_ipvs_daemon backup = {.state = NL_IPVS_DAEMON_BACKUP,
					.syncid = 7,
					.sync_maxlen = 1400,
					.mcast_af = AF_INET,
					.mcast_port = 8849,
					.mcast_ttl = 2};
	int rc;

	snprintf(master.ifname, sizeof(master.ifname), "%s", ifname);
	snprintf(backup.ifname, sizeof(backup.ifname), "%s", ifname);
	inet_pton(AF_INET, "224.0.0.82", backup.mcast_group);
	rc = nl_ipvs_daemon_start(h, &master, err, sizeof(err));
	check(rc == 0, "daemon: start master %s", rc ? err : "");
	rc = nl_ipvs_daemon_start(h, &backup, err, sizeof(err));
	check(rc == 0, "daemon: start backup %s", rc ? err : "");
	rc = nl_ipvs_daemon_start(h, &master, err, sizeof(err));
	check(rc == -EEXIST, "daemon: start master again: %d (%s)", rc, err);
	run(cmd);
	check(nl_ipvs_daemon_stop(h, NL_IPVS_DAEMON_MASTER, err, sizeof(err)) == 0,
	      "daemon: stop master");
	check(nl_ipvs_daemon_stop(h, NL_IPVS_DAEMON_BACKUP, err, sizeof(err)) == 0,
	      "daemon: stop backup");
	check(nl_ipvs_daemon_stop(h, NL_IPVS_DAEMON_BACKUP, err, sizeof(err)) == 0,
	      "daemon: stop backup again (tolerated)");
	return 0;
}

static int
dispatch(struct nl_ipvs *h, int argc, char **argv)
{
	const char *c = argv[1];

	if (strcmp(c, "info") == 0)
		return cmd_info(h);
	if (strcmp(c, "program") == 0)
		return cmd_program(h);
	if (strcmp(c, "edit") == 0)
		return cmd_edit(h);
	if (strcmp(c, "dump") == 0)
		return cmd_dump(h);
	if (strcmp(c, "flush") == 0) {
		check(nl_ipvs_flush(h, err, sizeof(err)) == 0, "flush %s", err);
		return 0;
	}
	if ((strcmp(c, "batch") == 0 || strcmp(c, "unbatch") == 0) && argc == 3)
		return cmd_batch(h, strtoul(argv[2], NULL, 10), c[0] == 'b');
	if (strcmp(c, "timeouts") == 0 && argc == 3)
		return cmd_timeouts(h, argv[2]);
	if (strcmp(c, "daemon") == 0 && argc == 4)
		return cmd_daemon(h, argv[2], argv[3]);
	fprintf(stderr, "nl_ipvs_probe: unknown command %s\n", c);
	return 2;
}

int
main(int argc, char **argv)
{
	struct nl_ipvs *h;
	double t0 = now();
	int rc;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc < 2) {
		fprintf(stderr, "usage: nl_ipvs_probe info|program|edit|dump|flush|batch N|"
				"unbatch N|timeouts CMD|daemon IFNAME CMD\n");
		return 2;
	}
	rc = nl_ipvs_open(&h, err, sizeof(err));
	check(rc == 0, "open in %.3f s %s", now() - t0, rc ? err : "");
	if (rc < 0)
		return 1;
	rc = dispatch(h, argc, argv);
	nl_ipvs_close(h);
	return rc != 0 ? rc : failures != 0;
}
