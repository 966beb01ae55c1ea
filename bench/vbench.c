/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vbench: the small timing helper of the benchmarks in bench/. Every time it
 * prints is CLOCK_REALTIME in nanoseconds, the clock tcpdump stamps packets
 * with, so a fault, an address event and a packet on the wire compare.
 *
 *   vbench now                     the current time
 *   vbench watch ADDR              one line per netlink address event for the
 *                                  IPv4 ADDR in this namespace:
 *                                  "<ns> add|del ADDR", after a "<ns> ready" line
 *   vbench kill SIG PID            prints the time, then sends SIG (a number)
 *   vbench link IFNAME up|down     prints the time, then sets IFNAME's IFF_UP
 *
 * The time is taken right before the system call that makes the fault, so
 * process start-up is not part of what the benchmarks measure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_addr.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static long long
vbench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int
vbench_usage(void)
{
	fprintf(stderr, "usage: vbench now | watch ADDR | kill SIG PID | link IFNAME up|down\n");
	return 2;
}

/* The IPv4 address of an RTM_NEWADDR/RTM_DELADDR message, or 0 if it has none. */
static int
vbench_ifa_addr(struct nlmsghdr *nh, struct in_addr *out)
{
	struct ifaddrmsg *ifa = NLMSG_DATA(nh);
	int len = (int)nh->nlmsg_len - (int)NLMSG_LENGTH(sizeof(*ifa));
	struct rtattr *rta;
	int found = 0;

	if (len < 0 || ifa->ifa_family != AF_INET)
		return 0;
	for (rta = IFA_RTA(ifa); RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
		if (rta->rta_type != IFA_LOCAL && rta->rta_type != IFA_ADDRESS)
			continue;
		if (RTA_PAYLOAD(rta) < sizeof(*out))
			continue;
		memcpy(out, RTA_DATA(rta), sizeof(*out));
		found = 1;
		if (rta->rta_type == IFA_LOCAL)
			break;
	}
	return found;
}

static void
vbench_watch_batch(char *buf, int n, struct in_addr want, const char *text)
{
	long long t = vbench_now_ns();
	struct nlmsghdr *nh;
	struct in_addr got;

	for (nh = (struct nlmsghdr *)buf; NLMSG_OK(nh, (unsigned)n); nh = NLMSG_NEXT(nh, n)) {
		if (nh->nlmsg_type != RTM_NEWADDR && nh->nlmsg_type != RTM_DELADDR)
			continue;
		if (!vbench_ifa_addr(nh, &got) || got.s_addr != want.s_addr)
			continue;
		printf("%lld %s %s\n", t, nh->nlmsg_type == RTM_NEWADDR ? "add" : "del", text);
		fflush(stdout);
	}
}

static int
vbench_watch(const char *text)
{
	struct sockaddr_nl sa = {.nl_family = AF_NETLINK, .nl_groups = RTMGRP_IPV4_IFADDR};
	struct in_addr want;
	int fd, rcvbuf = 1 << 20;
	char buf[16384];

	if (inet_pton(AF_INET, text, &want) != 1)
		return vbench_usage();
	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("vbench: netlink");
		return 1;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	printf("%lld ready %s\n", vbench_now_ns(), text);
	fflush(stdout);
	for (;;) {
		int n = (int)recv(fd, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == ENOBUFS) {
			printf("%lld overrun %s\n", vbench_now_ns(), text);
			continue;
		}
		if (n <= 0) {
			perror("vbench: recv");
			return 1;
		}
		vbench_watch_batch(buf, n, want, text);
	}
}

static int
vbench_kill(const char *sig, const char *pid)
{
	long long t = vbench_now_ns();

	if (kill((pid_t)atoi(pid), atoi(sig)) < 0) {
		perror("vbench: kill");
		return 1;
	}
	printf("%lld\n", t);
	return 0;
}

static int
vbench_link(const char *ifname, const char *updown)
{
	struct ifreq ifr;
	long long t;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (fd < 0 || ioctl(fd, SIOCGIFFLAGS, &ifr) < 0) {
		perror("vbench: SIOCGIFFLAGS");
		return 1;
	}
	if (strcmp(updown, "up") == 0)
		ifr.ifr_flags |= IFF_UP;
	else
		ifr.ifr_flags &= ~IFF_UP;
	t = vbench_now_ns();
	if (ioctl(fd, SIOCSIFFLAGS, &ifr) < 0) {
		perror("vbench: SIOCSIFFLAGS");
		return 1;
	}
	printf("%lld\n", t);
	close(fd);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "now") == 0) {
		printf("%lld\n", vbench_now_ns());
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "watch") == 0)
		return vbench_watch(argv[2]);
	if (argc == 4 && strcmp(argv[1], "kill") == 0)
		return vbench_kill(argv[2], argv[3]);
	if (argc == 4 && strcmp(argv[1], "link") == 0)
		return vbench_link(argv[2], argv[3]);
	return vbench_usage();
}
