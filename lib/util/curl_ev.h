/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * curl_ev: libcurl multi handles driven by our event loop through the
 * multi-socket interface. libcurl says which sockets to watch and when to
 * wake it; we call curl_multi_socket_action() and hand each finished
 * transfer to its owner's done callback. No thread, no blocking call. The
 * owner configures its easy handles; this module never sets transfer options
 * other than CURLOPT_PRIVATE. Transfers are spread over several multi
 * handles ("shards") of at most CURL_EV_SHARD_XFERS each: libcurl 7.88
 * walks its per-multi caches on every connection it closes, so one multi
 * handle with thousands of transfers in flight costs O(n) per transfer.
 */
#ifndef VIGIL_UTIL_CURL_EV_H
#define VIGIL_UTIL_CURL_EV_H

#include <curl/curl.h>

#include "ev/ev.h"

/* Most transfers in flight on one multi handle. */
#define CURL_EV_SHARD_XFERS 64

struct curl_ev;
struct curl_ev_shard;
struct curl_ev_xfer;

typedef void (*curl_ev_done_fn)(struct curl_ev_xfer *x, CURLcode res);

/*
 * A transfer: the owner embeds this (zeroed) and sets easy and done before
 * curl_ev_add(). The easy handle may be added again after curl_ev_detach().
 */
struct curl_ev_xfer {
	CURL *easy;
	curl_ev_done_fn done;	     /* called once, from the loop; may detach or remove x */
	struct curl_ev_shard *shard; /* the multi handle running it; NULL when idle */
};

/* NULL when libcurl cannot be initialised. Owned; free with curl_ev_free(). */
struct curl_ev *curl_ev_new(struct ev_loop *loop);
/* Starts x (which must not be running). Returns 0 or -1. */
int curl_ev_add(struct curl_ev *c, struct curl_ev_xfer *x);
/* Stops x if it is running; its easy handle stays, ready to be added again. */
void curl_ev_detach(struct curl_ev *c, struct curl_ev_xfer *x);
/* Detaches x (finished or not) and cleans up its easy handle; x->easy becomes NULL. */
void curl_ev_remove(struct curl_ev *c, struct curl_ev_xfer *x);
/* Every transfer must have been detached first. NULL is a no-op. */
void curl_ev_free(struct curl_ev *c);

#endif
