/* SPDX-License-Identifier: GPL-2.0-or-later */
/* sdnotify without libsystemd: nothing to tell (the unit is Type=forking). */
#include "config.h"

#include "util/sdnotify.h"

void
sdnotify(const char *state)
{
	(void)state;
}
