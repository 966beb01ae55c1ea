/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_main: the checker child's entry points for the parent (struct
 * child_ops). The engine behind them lives in the rest of daemon/checker/.
 */
#ifndef VIGIL_HC_MAIN_H
#define VIGIL_HC_MAIN_H

#include "daemon/child.h"

extern const struct child_ops hc_child_ops;

#endif
