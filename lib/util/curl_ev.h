/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * curl_ev: one libcurl multi handle driven by our event loop through the
 * multi-socket interface. libcurl says which sockets to watch and when to
 * wake it; we call curl_multi_socket_action() and hand each finished
 * transfer to its owner's done callback. No thread, no blocking call. The
 * owner configures its easy handles; this module never sets transfer options
 * other than CURLOPT_PRIVATE.
 */
#ifndef VIGIL_UTIL_CURL_EV_H
#define VIGIL_UTIL_CURL_EV_H

#include <curl/curl.h>

#include "ev/ev.h"

struct curl_ev;
struct curl_ev_xfer;

typedef void (*curl_ev_done_fn)(struct curl_ev_xfer *x, CURLcode res);

/* A transfer: the owner embeds this and sets easy and done before curl_ev_add(). */
struct curl_ev_xfer {
	CURL *easy;
	curl_ev_done_fn done; /* called once, from the loop; may call curl_ev_remove() */
};

/* NULL when libcurl cannot be initialised. Owned; free with curl_ev_free(). */
struct curl_ev *curl_ev_new(struct ev_loop *loop);
/* Starts x. Returns 0 or -1. */
int curl_ev_add(struct curl_ev *c, struct curl_ev_xfer *x);
/* Detaches x (finished or not) and cleans up its easy handle; x->easy becomes NULL. */
void curl_ev_remove(struct curl_ev *c, struct curl_ev_xfer *x);
/* Every transfer must have been removed first. NULL is a no-op. */
void curl_ev_free(struct curl_ev *c);

#endif
