/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * vrrp_main: the VRRP child's entry points for the parent (struct
 * child_ops). The engine behind them lives in the rest of daemon/vrrp/.
 */
#ifndef VIGIL_VRRP_MAIN_H
#define VIGIL_VRRP_MAIN_H

#include "daemon/child.h"

extern const struct child_ops vrrp_child_ops;

#endif
