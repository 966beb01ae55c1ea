/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * proctitle: set the process name seen by ps, top and pgrep ("vigild: vrrp").
 * Sets both the kernel's comm (prctl, 15 bytes) and the argv area shown by
 * ps -f. proctitle_init() must run first, before anything reads environ by
 * pointer, because it moves the environment out of the way.
 */
#ifndef VIGIL_UTIL_PROCTITLE_H
#define VIGIL_UTIL_PROCTITLE_H

/*
 * Remembers the argv/environ area and moves argv's strings and environ to
 * the heap (argv[i] are repointed), so option values survive a new title.
 */
void proctitle_init(int argc, char **argv);
/* Sets the title; longer titles are truncated to the available space. */
void proctitle_set(const char *title);

#endif
