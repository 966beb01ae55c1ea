/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sdnotify through libsystemd's sd_notify (selected by configure). */
#include "config.h"

#include <systemd/sd-daemon.h>

#include "util/sdnotify.h"

void
sdnotify(const char *state)
{
	sd_notify(0, state);
}
