/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * fifo_readers: the parent's notify_fifo_script, vrrp_notify_fifo_script and
 * lvs_notify_fifo_script. Each configured FIFO that has a script gets it
 * created (as the children would) and the script started through the
 * spawner, with the FIFO's path as its last argument and no timeout. The
 * parent keeps each FIFO open for writing while its reader runs, so a
 * reader sees no end of file while a child restarts; a reader that exits is
 * logged and not restarted (a reload starts it again).
 */
#ifndef VIGIL_DAEMON_FIFO_READERS_H
#define VIGIL_DAEMON_FIFO_READERS_H

#include <stddef.h>

struct ev_loop;
struct conf;
struct fifo_readers;

/* Runs (from the loop) when the last reader is gone after fifo_readers_stop(). */
typedef void (*fifo_readers_gone_cb)(void *arg);

struct fifo_readers *fifo_readers_new(struct ev_loop *loop, fifo_readers_gone_cb cb, void *arg);
/*
 * Start-up and reload: starts the reader of each FIFO conf configures with a
 * script, unless the same one (path, users, command) already runs; a reader
 * whose FIFO or script changed or went away gets SIGTERM. conf is borrowed
 * for the call only.
 */
void fifo_readers_apply(struct fifo_readers *fr, const struct conf *conf);
/*
 * Shutdown, once the children have exited: closes the parent's ends of the
 * FIFOs so readers reach end of file after the children's last lines, then
 * SIGTERM (SIGKILL after the spawner's grace) to the readers still running
 * a second later. Idempotent.
 */
void fifo_readers_stop(struct fifo_readers *fr);
/* Readers started and not yet reaped. */
size_t fifo_readers_running(const struct fifo_readers *fr);
/* In a forked child: closes the parent's FIFO ends (nothing else is touched). */
void fifo_readers_close_after_fork(struct fifo_readers *fr);
/* SIGKILL to readers still running, and frees everything. NULL: no-op. */
void fifo_readers_free(struct fifo_readers *fr);

#endif
