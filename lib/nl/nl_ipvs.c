/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * nl_ipvs: the real IPVS backend on libnl-genl-3. One generic netlink socket
 * per handle. A batch is sent in chunks of up to CHUNK_OPS messages, each
 * chunk in one sendmsg() (the kernel runs them in order and answers each with
 * its own ACK or error); the answers are matched back to the operations by
 * sequence number before the next chunk goes. Chunks keep the answers of one
 * sendmsg() inside the receive buffer: an overrun would lose ACKs.
 *
 * It must not log, and it never blocks longer than RECV_TIMEOUT_S waiting for
 * an answer. It forks once, for `modprobe ip_vs` at open.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/ip_vs.h>
#include <linux/netlink.h>

#include <netlink/netlink.h>
#include <netlink/errno.h>
#include <netlink/genl/ctrl.h>
#include <netlink/genl/genl.h>

#include "nl/nl_ipvs_encode.h"
#include "nl/nl_ipvs_priv.h"
#include "util/xalloc.h"

#define CHUNK_OPS      128	 /* messages per sendmsg() */
#define BUF_SIZE       (1 << 20) /* socket buffers (capped by net.core.[rw]mem_max) */
#define BUF_SIZE_FORCE (8 << 20) /* with CAP_NET_ADMIN, which IPVS needs anyway */
#define RECV_TIMEOUT_S 5
#define DUMP_TRIES     3 /* a dump interrupted by a change is read again */

/* The request(s) in flight, filled by the receive callbacks. */
struct rx {
	uint32_t first_seq; /* answers[i] belongs to sequence number first_seq + i */
	size_t n;
	int *answers; /* NL_IPVS_PENDING until answered, then 0 or -errno */
	size_t pending;
	bool dump; /* answered by NLMSG_DONE rather than by an ACK */
	int (*parse)(struct nlmsghdr *nlh, void *arg);
	void *arg;
	int parse_error;
};

struct nl_ipvs_real {
	struct nl_ipvs base;
	struct nl_sock *sk;
	struct nl_cb *cb;
	int family; /* of "IPVS" */
	uint32_t seq;
	struct rx rx;
};

static const struct nl_ipvs_ops real_ops;

/* libnl's error codes back to errno values (negative). */
static int
errno_of(int nlerr)
{
	static const int map[][2] = {
		{NLE_INTR, EINTR},	     {NLE_BAD_SOCK, EBADF},
		{NLE_AGAIN, EAGAIN},	     {NLE_NOMEM, ENOMEM},
		{NLE_EXIST, EEXIST},	     {NLE_INVAL, EINVAL},
		{NLE_RANGE, ERANGE},	     {NLE_MSGSIZE, EMSGSIZE},
		{NLE_OPNOTSUPP, EOPNOTSUPP}, {NLE_AF_NOSUPPORT, EAFNOSUPPORT},
		{NLE_OBJ_NOTFOUND, ENOENT},  {NLE_BUSY, EBUSY},
		{NLE_NOACCESS, EACCES},	     {NLE_PERM, EPERM},
		{NLE_NODEV, ENODEV},	     {NLE_SEQ_MISMATCH, EPROTO},
		{NLE_MSG_TRUNC, EMSGSIZE},   {NLE_DUMP_INTR, EAGAIN},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		if (map[i][0] == abs(nlerr))
			return -map[i][1];
	}
	return -EIO;
}

/* Receive callbacks: arg is the handle. */

static void
rx_answer(struct rx *rx, uint32_t seq, int error)
{
	uint32_t i = seq - rx->first_seq;

	if (i >= rx->n || rx->answers[i] != NL_IPVS_PENDING)
		return;
	rx->answers[i] = error;
	rx->pending--;
}

/* Answers to anything but the requests in flight (late, after a failure) are dropped. */
static int
cb_seq_check(struct nl_msg *msg, void *arg)
{
	struct rx *rx = &((struct nl_ipvs_real *)arg)->rx;

	return nlmsg_hdr(msg)->nlmsg_seq - rx->first_seq < rx->n ? NL_OK : NL_SKIP;
}

static int
cb_valid(struct nl_msg *msg, void *arg)
{
	struct rx *rx = &((struct nl_ipvs_real *)arg)->rx;
	int rc;

	if (rx->parse == NULL)
		return NL_OK;
	rc = rx->parse(nlmsg_hdr(msg), rx->arg);
	if (rc < 0 && rx->parse_error == 0)
		rx->parse_error = rc;
	return NL_OK;
}

static int
cb_ack(struct nl_msg *msg, void *arg)
{
	struct rx *rx = &((struct nl_ipvs_real *)arg)->rx;

	if (!rx->dump)
		rx_answer(rx, nlmsg_hdr(msg)->nlmsg_seq, 0);
	return NL_OK;
}

static int
cb_finish(struct nl_msg *msg, void *arg)
{
	struct rx *rx = &((struct nl_ipvs_real *)arg)->rx;

	if (rx->dump)
		rx_answer(rx, nlmsg_hdr(msg)->nlmsg_seq, 0);
	return NL_OK;
}

/* An error answers its request; NL_SKIP lets the rest of the datagram through. */
static int
cb_error(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct rx *rx = &((struct nl_ipvs_real *)arg)->rx;

	(void)nla;
	rx_answer(rx, e->msg.nlmsg_seq, e->error < 0 ? e->error : -EPROTO);
	return NL_SKIP;
}

/* Sending and receiving. */

/* Numbers the k messages from r->seq on and sends them in one sendmsg(). */
static int
send_msgs(struct nl_ipvs_real *r, struct nl_msg **msgs, size_t k, char *err, size_t errlen)
{
	struct iovec iov[CHUNK_OPS];
	size_t i;
	int rc;

	for (i = 0; i < k; i++) {
		struct nlmsghdr *nlh = nlmsg_hdr(msgs[i]);

		nlh->nlmsg_seq = r->seq++;
		nlh->nlmsg_pid = nl_socket_get_local_port(r->sk);
		iov[i].iov_base = nlh;
		iov[i].iov_len = NLMSG_ALIGN(nlh->nlmsg_len);
	}
	rc = nl_send_iovec(r->sk, msgs[0], iov, (unsigned)k);
	if (rc >= 0)
		return 0;
	nl_ipvs_seterr(err, errlen, "IPVS: sending %zu message(s): %s", k, nl_geterror(rc));
	return errno_of(rc);
}

/* Sets up r->rx for k requests numbered from r->seq on. */
static void
rx_begin(struct nl_ipvs_real *r, int *answers, size_t k, bool dump)
{
	size_t i;

	for (i = 0; i < k; i++)
		answers[i] = NL_IPVS_PENDING;
	r->rx = (struct rx){
		.first_seq = r->seq, .n = k, .answers = answers, .pending = k, .dump = dump};
}

/* Reads until every request in flight is answered; unanswered ones get the error. */
static int
rx_wait(struct nl_ipvs_real *r, char *err, size_t errlen)
{
	int rc = 0;
	size_t i;

	while (r->rx.pending > 0) {
		rc = nl_recvmsgs_report(r->sk, r->cb);
		if (rc == 0 || rc == -NLE_AGAIN) {
			nl_ipvs_seterr(err, errlen, "IPVS: no answer from the kernel in %d s",
				       RECV_TIMEOUT_S);
			rc = -ETIMEDOUT;
			break;
		}
		if (rc == -NLE_DUMP_INTR && r->rx.pending == 0) {
			rc = -EAGAIN;
			break;
		}
		if (rc < 0) {
			nl_ipvs_seterr(err, errlen, "IPVS: receiving: %s", nl_geterror(rc));
			/* ENOBUFS (an overrun, answers lost) is NLE_NOMEM in libnl */
			rc = rc == -NLE_NOMEM ? -ENOBUFS : errno_of(rc);
			break;
		}
		rc = 0;
	}
	for (i = 0; i < r->rx.n; i++) {
		if (r->rx.answers[i] == NL_IPVS_PENDING)
			r->rx.answers[i] = rc;
	}
	/* nothing in flight: whatever arrives late is dropped */
	r->rx.n = r->rx.pending = 0;
	r->rx.answers = NULL;
	return rc;
}

/*
 * Encodes, sends and waits for the next chunk of pending operations from
 * *next on. Operations that cannot be encoded get their error unsent.
 */
static int
commit_chunk(struct nl_ipvs_real *r, const struct nl_ipvs_op *ops, int *errors, size_t n,
	     size_t *next, char *err, size_t errlen)
{
	struct nl_msg *msgs[CHUNK_OPS];
	size_t idx[CHUNK_OPS];
	int answers[CHUNK_OPS];
	size_t i = *next, k = 0, j;
	int rc = 0;

	for (; i < n && k < CHUNK_OPS; i++) {
		if (errors[i] != NL_IPVS_PENDING)
			continue;
		rc = nl_ipvs_encode_op(r->family, &ops[i], &msgs[k]);
		if (rc < 0) {
			errors[i] = rc;
			continue;
		}
		idx[k++] = i;
	}
	*next = i;
	if (k == 0)
		return 0;
	rx_begin(r, answers, k, false);
	rc = send_msgs(r, msgs, k, err, errlen);
	if (rc == 0)
		rc = rx_wait(r, err, errlen);
	/* answers received before a transport failure are kept */
	for (j = 0; j < k; j++) {
		errors[idx[j]] = answers[j] == NL_IPVS_PENDING ? rc : answers[j];
		nlmsg_free(msgs[j]);
	}
	return rc;
}

static int
real_commit(struct nl_ipvs *h, const struct nl_ipvs_op *ops, int *errors, size_t n, char *err,
	    size_t errlen)
{
	struct nl_ipvs_real *r = (struct nl_ipvs_real *)h;
	size_t next = 0, i;
	int rc = 0;

	while (next < n && rc == 0)
		rc = commit_chunk(r, ops, errors, n, &next, err, errlen);
	for (i = next; rc < 0 && i < n; i++) {
		if (errors[i] == NL_IPVS_PENDING)
			errors[i] = rc;
	}
	return rc;
}

/*
 * Sends one request (takes msg) and reads its answer, handing each reply
 * message to parse. what names the request in error messages.
 */
static int
request(struct nl_ipvs_real *r, struct nl_msg *msg, bool dump,
	int (*parse)(struct nlmsghdr *nlh, void *arg), void *arg, const char *what, char *err,
	size_t errlen)
{
	int answer, rc;

	rx_begin(r, &answer, 1, dump);
	r->rx.parse = parse;
	r->rx.arg = arg;
	rc = send_msgs(r, &msg, 1, err, errlen);
	if (rc == 0)
		rc = rx_wait(r, err, errlen);
	nlmsg_free(msg);
	r->rx.parse = NULL;
	if (rc < 0)
		return rc;
	if (answer < 0) {
		nl_ipvs_seterr(err, errlen, "IPVS: %s: %s", what, strerror(-answer));
		return answer;
	}
	if (r->rx.parse_error < 0) {
		nl_ipvs_seterr(err, errlen, "IPVS: %s: malformed reply", what);
		return r->rx.parse_error;
	}
	return 0;
}

static int
parse_info(struct nlmsghdr *nlh, void *arg)
{
	return nl_ipvs_decode_info(nlh, arg);
}

static int
parse_timeouts(struct nlmsghdr *nlh, void *arg)
{
	return nl_ipvs_decode_timeouts(nlh, arg);
}

static int
get_one(struct nl_ipvs_real *r, uint8_t cmd, int (*parse)(struct nlmsghdr *, void *), void *arg,
	const char *what, char *err, size_t errlen)
{
	struct nl_msg *msg;
	int rc = nl_ipvs_encode_get(r->family, cmd, false, &msg);

	if (rc < 0) {
		nl_ipvs_seterr(err, errlen, "IPVS: %s: %s", what, strerror(-rc));
		return rc;
	}
	return request(r, msg, false, parse, arg, what, err, errlen);
}

static int
real_get_info(struct nl_ipvs *h, struct nl_ipvs_info *info, char *err, size_t errlen)
{
	memset(info, 0, sizeof(*info));
	return get_one((struct nl_ipvs_real *)h, IPVS_CMD_GET_INFO, parse_info, info, "get info",
		       err, errlen);
}

static int
real_get_timeouts(struct nl_ipvs *h, struct nl_ipvs_timeouts *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	return get_one((struct nl_ipvs_real *)h, IPVS_CMD_GET_CONFIG, parse_timeouts, t,
		       "get timeouts", err, errlen);
}

/* Dumps: entries decoded into a growing array. */

struct dump_acc {
	void *items;
	size_t n, cap, size;
	int (*decode)(struct nlmsghdr *nlh, void *item);
};

static int
parse_dump(struct nlmsghdr *nlh, void *arg)
{
	struct dump_acc *acc = arg;
	int rc;

	xgrow(&acc->items, &acc->cap, acc->n + 1, acc->size);
	rc = acc->decode(nlh, (char *)acc->items + acc->n * acc->size);
	if (rc == 0)
		acc->n++;
	return rc;
}

static int
decode_service(struct nlmsghdr *nlh, void *item)
{
	return nl_ipvs_decode_service(nlh, item);
}

static int
decode_dest(struct nlmsghdr *nlh, void *item)
{
	return nl_ipvs_decode_dest(nlh, item);
}

/* Runs a dump (svc NULL: services; else the real servers of svc). */
static int
dump(struct nl_ipvs_real *r, const struct nl_ipvs_service *svc, struct dump_acc *acc, char *err,
     size_t errlen)
{
	const char *what = svc == NULL ? "dump services" : "dump real servers";
	struct nl_msg *msg;
	int rc = -EAGAIN, tries;

	for (tries = 0; tries < DUMP_TRIES && rc == -EAGAIN; tries++) {
		acc->n = 0;
		if (svc == NULL)
			rc = nl_ipvs_encode_get(r->family, IPVS_CMD_GET_SERVICE, true, &msg);
		else
			rc = nl_ipvs_encode_get_dests(r->family, svc, &msg);
		if (rc < 0) {
			nl_ipvs_seterr(err, errlen, "IPVS: %s: %s", what, strerror(-rc));
			break;
		}
		rc = request(r, msg, true, parse_dump, acc, what, err, errlen);
	}
	if (rc == -EAGAIN)
		nl_ipvs_seterr(err, errlen, "IPVS: %s: interrupted by changes %d times", what,
			       DUMP_TRIES);
	if (rc < 0 || acc->n == 0) {
		free(acc->items);
		acc->items = NULL;
		acc->n = 0;
	}
	return rc;
}

static int
real_dump_services(struct nl_ipvs *h, struct nl_ipvs_service **out, size_t *n, char *err,
		   size_t errlen)
{
	struct dump_acc acc = {.size = sizeof(**out), .decode = decode_service};
	int rc = dump((struct nl_ipvs_real *)h, NULL, &acc, err, errlen);

	*out = acc.items;
	*n = acc.n;
	return rc;
}

static int
real_dump_dests(struct nl_ipvs *h, const struct nl_ipvs_service *svc, struct nl_ipvs_dest **out,
		size_t *n, char *err, size_t errlen)
{
	struct dump_acc acc = {.size = sizeof(**out), .decode = decode_dest};
	int rc = dump((struct nl_ipvs_real *)h, svc, &acc, err, errlen);

	*out = acc.items;
	*n = acc.n;
	return rc;
}

static void
real_free(struct nl_ipvs *h)
{
	struct nl_ipvs_real *r = (struct nl_ipvs_real *)h;

	if (r->cb != NULL)
		nl_cb_put(r->cb);
	if (r->sk != NULL)
		nl_socket_free(r->sk);
	free(r);
}

static const struct nl_ipvs_ops real_ops = {
	.commit = real_commit,
	.get_info = real_get_info,
	.get_timeouts = real_get_timeouts,
	.dump_services = real_dump_services,
	.dump_dests = real_dump_dests,
	.free = real_free,
};

/* Opening. */

/*
 * Runs `modprobe module` and waits for it; *status is as from waitpid().
 * Returns 0, or -errno when it could not start. A daemon's PATH may lack
 * /sbin, hence the fixed places first. The child gets an empty signal mask
 * and default handlers (our loop blocks signals for its signalfd).
 * XXX: move to lib/util/spawn.c (only spawn.c should fork): it runs commands
 * from an event loop only; this runs before any loop and needs a synchronous
 * spawn there.
 */
static int
run_modprobe(const char *module, int *status)
{
	static const char *const paths[] = {"/sbin/modprobe", "/usr/sbin/modprobe", "/bin/modprobe",
					    "/usr/bin/modprobe"};
	char arg0[] = "modprobe", arg1[32];
	char *argv[] = {arg0, arg1, NULL};
	posix_spawnattr_t attr;
	posix_spawn_file_actions_t fa;
	sigset_t none, all;
	pid_t pid;
	size_t i;
	int rc = ENOENT;

	snprintf(arg1, sizeof(arg1), "%s", module);
	sigemptyset(&none);
	sigfillset(&all);
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	posix_spawnattr_setsigmask(&attr, &none);
	posix_spawnattr_setsigdefault(&attr, &all);
	/* modprobe's own complaint would land in our log stream; the caller
	 * reports a missing module with its own, clearer message. */
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
	for (i = 0; i < sizeof(paths) / sizeof(paths[0]) && rc == ENOENT; i++) {
		if (access(paths[i], X_OK) == 0)
			rc = posix_spawn(&pid, paths[i], &fa, &attr, argv, environ);
	}
	if (rc == ENOENT)
		rc = posix_spawnp(&pid, "modprobe", &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0)
		return -rc;
	while (waitpid(pid, status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	return 0;
}

/* Resolves "IPVS", loading ip_vs once when the family is missing. */
static int
resolve_family(struct nl_ipvs_real *r, char *err, size_t errlen)
{
	int status = 0, rc;

	r->family = genl_ctrl_resolve(r->sk, IPVS_GENL_NAME);
	if (r->family >= 0)
		return 0;
	if (r->family != -NLE_OBJ_NOTFOUND) {
		nl_ipvs_seterr(err, errlen, "IPVS: resolving generic netlink family %s: %s",
			       IPVS_GENL_NAME, nl_geterror(r->family));
		return errno_of(r->family);
	}
	rc = run_modprobe("ip_vs", &status);
	r->family = genl_ctrl_resolve(r->sk, IPVS_GENL_NAME);
	if (r->family >= 0)
		return 0;
	if (rc < 0)
		nl_ipvs_seterr(err, errlen,
			       "IPVS is not available: no generic netlink family %s, "
			       "and modprobe ip_vs could not run: %s",
			       IPVS_GENL_NAME, strerror(-rc));
	else
		nl_ipvs_seterr(err, errlen,
			       "IPVS is not available: no generic netlink family %s "
			       "after modprobe ip_vs (exit status %d)",
			       IPVS_GENL_NAME, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
	return -EAFNOSUPPORT;
}

/* Best effort: bigger buffers, ACKs without the request echoed, a receive timeout. */
static void
tune_socket(struct nl_ipvs_real *r)
{
	int fd = nl_socket_get_fd(r->sk);
	struct timeval tv = {.tv_sec = RECV_TIMEOUT_S};
	int one = 1, big = BUF_SIZE_FORCE;

	nl_socket_set_buffer_size(r->sk, BUF_SIZE, BUF_SIZE);
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	(void)setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static int
real_connect(struct nl_ipvs_real *r, char *err, size_t errlen)
{
	int rc;

	r->sk = nl_socket_alloc();
	r->cb = nl_cb_alloc(NL_CB_CUSTOM);
	if (r->sk == NULL || r->cb == NULL) {
		nl_ipvs_seterr(err, errlen, "IPVS: out of memory for a netlink socket");
		return -ENOMEM;
	}
	nl_cb_set(r->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, cb_seq_check, r);
	nl_cb_set(r->cb, NL_CB_VALID, NL_CB_CUSTOM, cb_valid, r);
	nl_cb_set(r->cb, NL_CB_ACK, NL_CB_CUSTOM, cb_ack, r);
	nl_cb_set(r->cb, NL_CB_FINISH, NL_CB_CUSTOM, cb_finish, r);
	nl_cb_err(r->cb, NL_CB_CUSTOM, cb_error, r);
	rc = genl_connect(r->sk);
	if (rc < 0) {
		nl_ipvs_seterr(err, errlen, "IPVS: generic netlink socket: %s", nl_geterror(rc));
		return errno_of(rc);
	}
	tune_socket(r);
	r->seq = (uint32_t)time(NULL);
	return 0;
}

int
nl_ipvs_open(struct nl_ipvs **hp, char *err, size_t errlen)
{
	struct nl_ipvs_real *r = x_new(struct nl_ipvs_real);
	struct nl_ipvs_info info;
	int rc;

	*hp = NULL;
	r->base.ops = &real_ops;
	rc = real_connect(r, err, errlen);
	if (rc == 0)
		rc = resolve_family(r, err, errlen);
	if (rc == 0)
		rc = real_get_info(&r->base, &info, err, errlen);
	if (rc == -EPERM)
		nl_ipvs_seterr(err, errlen, "IPVS: permission denied (CAP_NET_ADMIN needed)");
	if (rc < 0) {
		real_free(&r->base);
		return rc;
	}
	*hp = &r->base;
	return 0;
}
