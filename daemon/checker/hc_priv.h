/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_priv: what the engine (hc_engine.c, hc_sched.c, hc_rs.c) shares with
 * the check types (hc_tcp.c, hc_http.c, ...). A check type implements
 * struct hc_ops: start() begins one attempt, which ends with exactly one
 * hc_checker_done() (possibly from inside start()); cancel() aborts an
 * attempt without calling it. Check types never schedule runs, count
 * retries or report verdicts themselves: the engine does.
 */
#ifndef VIGIL_HC_PRIV_H
#define VIGIL_HC_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/socket.h>

#include "checker/hc_engine.h"
#include "conf/conf.h"
#include "ev/ev.h"
#include "util/spawn.h"

struct hc_checker;
struct curl_ev;

/* Outcome of one attempt. */
enum hc_result {
	HC_RES_UP,   /* the check passed */
	HC_RES_DOWN, /* the check failed */
	/*
	 * Passed, but the check needs more attempts before it may be declared
	 * up (HTTP: the other URLs must pass too). Counts as a pass for a
	 * checker that is up.
	 */
	HC_RES_PARTIAL,
};

struct hc_ops {
	const char *name; /* "TCP_CHECK": the "... on service X failed" log lines */
	/* Sets up c->priv. Returns 0, or -1 (logged here) to leave the checker out. */
	int (*init)(struct hc_checker *c);
	/* Begins one attempt; it ends with one hc_checker_done(). */
	void (*start)(struct hc_checker *c);
	/* Aborts the attempt in progress; hc_checker_done() must not be called. */
	void (*cancel)(struct hc_checker *c);
	/* Frees c->priv (no attempt is running). */
	void (*free)(struct hc_checker *c);
	/* One or more lines about c's type-specific state, for hc_engine_dump(); may be NULL. */
	void (*dump)(const struct hc_checker *c, FILE *out);
	/* True when a and b (same type) check the same thing the same way. */
	bool (*same_as)(const struct conf_checker *a, const struct conf_checker *b);
	/* Reload: takes over type-specific state from an equal old checker; may be NULL. */
	void (*migrate)(struct hc_checker *to, const struct hc_checker *from);
	/* When down, retry every max(delay_loop, delay_before_retry) instead of delay_loop. */
	bool down_uses_max_delay;
	/*
	 * Never scheduled (FILE_CHECK): start() is not used; the type sets its
	 * state itself with hc_checker_set_state(), with no retries.
	 */
	bool event_driven;
};

/* Room for "[ipv6 address]:tcp:65535". */
#define HC_LABEL_MAX 64

struct hc_vs {
	const struct conf_vs *conf;
	char label[HC_LABEL_MAX + 16]; /* "[10.0.0.1]:tcp:80", "FWM 1", "[group]" */
	bool suspended;		       /* ha_suspend */
};

struct hc_rs {
	struct hc_engine *eng;
	struct hc_vs *v; /* its virtual server (same generation) */
	const struct conf_rs *conf;
	size_t vs, idx; /* conf->vs[vs]->rs[idx] */
	char label[HC_LABEL_MAX];
	struct hc_checker **c; /* enabled checkers */
	size_t nc;
	bool up;
	int weight; /* effective */
};

struct hc_checker {
	struct hc_rs *rs;
	const struct conf_checker *conf;
	const struct hc_ops *ops;
	char label[HC_LABEL_MAX]; /* connect_ip:port, "[ip]:tcp:port" */
	struct ev_timer timer;	  /* next attempt */
	bool up;
	bool running;	   /* an attempt is in progress */
	bool attached;	   /* in its real server's list (init() is over) */
	unsigned retry_it; /* retries done since the last pass */
	bool has_weight;   /* weight_delta applies (misc_dynamic, FILE_CHECK) */
	int weight_delta;
	uint64_t runs, failures; /* statistics for the dump */
	uint64_t resume_at;	 /* reload: when the old checker would have run next (0: none) */
	void *priv;		 /* the check type's state */
};

struct hc_engine {
	struct ev_loop *loop;
	const struct conf *conf;
	hc_report_fn report;
	void *report_arg;
	struct hc_vs *vs;
	size_t nvs;
	struct hc_rs *rs; /* every real server of every virtual server, in order */
	size_t nrs;
	bool started;
	uint64_t rand_state;
	struct curl_ev *http;	    /* libcurl multi handle, created on first use */
	struct hc_notify *notifies; /* notify_up/notify_down scripts still running */
};

/* --- scheduling (hc_sched.c) ------------------------------------------------------------- */
/* Sets up c's timer and initial state (up unless alpha, retry count exhausted). */
void hc_sched_init(struct hc_checker *c);
/* Schedules the first run: 1 s + random(0..warmup). */
void hc_sched_first(struct hc_checker *c);
/* Stops the timer and cancels a running attempt. */
void hc_sched_stop(struct hc_checker *c);
/* Reload: n takes over o's state and next run time; o is stopped. */
void hc_sched_migrate(struct hc_checker *n, struct hc_checker *o);
/* After a reload: schedules n at its carried-over time, else as a first run. */
void hc_sched_resume(struct hc_checker *c);
void hc_sched_dump(const struct hc_checker *c, FILE *out);

/* --- real server verdicts (hc_rs.c) ------------------------------------------------------ */
/* Recomputes rs->up and rs->weight from its checkers, silently. */
void hc_rs_init(struct hc_rs *rs);
/* Start: reports the initial verdict (and runs notifies with rs_init_notifies). */
void hc_rs_start(struct hc_rs *rs);
/* Reports the current verdict unconditionally. */
void hc_rs_report(struct hc_rs *rs);
/* A checker changed: recomputes, and on change logs, runs notify scripts and reports. */
void hc_rs_update(struct hc_rs *rs);
/* Engine teardown: kills notify scripts still running. */
void hc_rs_notify_stop_all(struct hc_engine *e);
/* Shutdown of an omega virtual server: runs rs's notify_down (hc_engine_stop). */
void hc_rs_notify_shutdown(struct hc_rs *rs);

/* --- check types ------------------------------------------------------------------------- */
extern const struct hc_ops hc_tcp_ops;
extern const struct hc_ops hc_http_ops; /* HTTP_GET and SSL_GET */
extern const struct hc_ops hc_misc_ops;
extern const struct hc_ops hc_smtp_ops;
extern const struct hc_ops hc_dns_ops;
extern const struct hc_ops hc_udp_ops;
extern const struct hc_ops hc_ping_ops;
extern const struct hc_ops hc_file_ops;

/*
 * Tests: replaces the ops used for every checker of type t by checkers
 * built from now on (NULL restores the built-in ones).
 */
void hc_engine_set_ops(enum conf_checker_type t, const struct hc_ops *ops);

/* --- engine services for check types ----------------------------------------------------- */

/*
 * Ends the attempt in progress with result r. msg (printf) says what was
 * seen, in keepalived's words ("TCP connection to [ip]:tcp:80 success."); it
 * is logged when the attempt changes the checker's state, or for every
 * failure with log_all_failures. msg may be NULL.
 */
void hc_checker_done(struct hc_checker *c, enum hc_result r, const char *msg, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * Event-driven checkers: sets c up or down at once (no retries), logging
 * msg when that changes its state. During init() it only sets the
 * initial state.
 */
void hc_checker_set_state(struct hc_checker *c, bool up, const char *msg, ...)
	__attribute__((format(printf, 3, 4)));
/*
 * misc_dynamic / FILE_CHECK: the checker's contribution to its real
 * server's weight (added to the configured weight). on = false removes it.
 */
void hc_checker_set_weight(struct hc_checker *c, bool on, int delta);
/* The engine's loop. */
struct ev_loop *hc_checker_loop(const struct hc_checker *c);
/* Uniform random number in [0, n] from the engine's generator. */
uint64_t hc_rand(struct hc_engine *e, uint64_t n);

/* Label helpers: "[addr]:proto:port" ("[addr]" with port < 0). */
void hc_fmt_addr(char *buf, size_t len, const struct conf_addr *a, const char *proto, int port);
/* Fills a sockaddr for a and port. Returns its length. */
socklen_t hc_sockaddr(const struct conf_addr *a, uint16_t port, struct sockaddr_storage *ss);
/* True when two addresses are equal (family and bytes). */
bool hc_addr_eq(const struct conf_addr *a, const struct conf_addr *b);
/* Compares two possibly NULL strings. */
bool hc_str_eq(const char *a, const char *b);

/* --- sockets shared by TCP, SMTP, UDP, DNS (hc_sock.c) ------------------------------------ */

/*
 * A non-blocking, close-on-exec socket of the given type towards the
 * checker's connect_ip, with bindto/bind_port/bind_if/fwmark applied, and a
 * connect() started. Returns the fd (connect may still be in progress) or
 * -errno; err gets a short reason ("socket", "bind", "connect").
 */
int hc_sock_connect(const struct conf_checker *cc, int type, const char **err);
/* The same with a protocol (PING_CHECK: IPPROTO_ICMP / IPPROTO_ICMPV6). */
int hc_sock_open(const struct conf_checker *cc, int type, int proto, const char **err);
/* The pending error of a socket whose non-blocking connect finished (0: connected). */
int hc_sock_error(int fd);

/* --- scripts: notify_up/down, MISC_CHECK (hc_script.c) ------------------------------------ */

/* A configured command made ready to run: words, shell or not, user. */
struct hc_script {
	char **argv;	 /* owned, from spawn_argv_split() */
	bool use_shell;	 /* /bin/sh -c cmd */
	const char *cmd; /* borrowed from the config */
	bool set_ids;	 /* switch to uid/gid (we are root) */
	uid_t uid;
	gid_t gid;
};

/*
 * Prepares sc for running as keepalived would: the user is sc's, else
 * user/group (MISC_CHECK's own), else global script_user, else
 * keepalived_script if it exists, else root; with enable_script_security
 * a script run as root must pass spawn_check_security(). Returns 0, or -1
 * with err set and nothing to free ("insecure", "not found or not
 * executable", an unknown user...); *insecure tells the first apart.
 */
int hc_script_prepare(const struct conf *conf, const struct conf_script *sc, const char *user,
		      const char *group, struct hc_script *out, bool *insecure, char *err,
		      size_t errlen);
void hc_script_clear(struct hc_script *s);
/* spawn_start() for s with the given timeout (0: none). Returns 0 or -errno. */
int hc_script_run(struct ev_loop *loop, struct spawn_proc *p, const struct hc_script *s,
		  uint64_t timeout_us, spawn_done_cb cb, void *arg);

/* --- HTTP (hc_http.c) -------------------------------------------------------------------- */
/* Frees the engine's libcurl context (hc_engine_free). */

#endif
