/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * check_vrrp_sock.h: what the two halves of the vrrp_sock test share: the two
 * namespaces and their veth ends (made by check_vrrp_sock.c's main()), socket
 * and capture helpers, checksums. check_vrrp_sock_link.c holds the GARP, NA
 * and keepalived interop tests.
 */
#ifndef VIGIL_CHECK_VRRP_SOCK_H
#define VIGIL_CHECK_VRRP_SOCK_H

#include <check.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "vrrp/vrrp_sock.h"

/* Namespace A holds va (02:00:00:00:00:0a, 10.77.0.1, 10.77.0.9, fd77::1),
 * B holds vb (02:00:00:00:00:0b, 10.77.0.2, fd77::2); DAD is off in both. */
enum { NS_A, NS_B };

#define WAIT_MS 3000 /* longest wait for a packet */

extern int ns_fd[2];
extern int ifindex_of[2]; /* of va in A and vb in B */
extern const char *const ifname_of[2];
extern const uint8_t mac_a[6];

/* Moves this process into namespace ns (sockets keep the one they were made in). */
void ns_enter(int ns);

struct vrrp_sock_addr addr(int family, const char *s);
void ck_addr(const struct vrrp_sock_addr *got, int family, const char *want);

/* Internet checksum pieces (RFC 1071) and the IPv6 pseudo-header one (RFC 8200 8.1). */
uint32_t sum16(uint32_t sum, const uint8_t *p, size_t len);
uint16_t fold(uint32_t sum);
uint16_t csum6(const uint8_t *src, const uint8_t *dst, uint8_t nh, const uint8_t *msg, size_t len);

/* vrrp_sock parameters for the veth end of ns; src may be NULL. */
struct vrrp_sock_params params(int ns, int family, bool unicast, const char *src);
void open_in(int ns, const struct vrrp_sock_params *p, struct vrrp_sock *s);
bool readable(int fd, int ms);

/* An AF_PACKET socket capturing ethertype on vb in B. */
int capture_open(int ethertype);
size_t capture_match(int fd, uint8_t *buf, size_t len, size_t off, const uint8_t *want, size_t wlen,
		     int ms);

TCase *vrrp_sock_link_tcase(void);
TCase *vrrp_sock_ka_tcase(void);

#endif
