/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_http_priv: what hc_http.c (the HTTP_GET / SSL_GET check) needs from
 * hc_http_curl.c (libcurl's multi-socket interface on our loop).
 */
#ifndef VIGIL_HC_HTTP_PRIV_H
#define VIGIL_HC_HTTP_PRIV_H

#include <curl/curl.h>

#include "checker/hc_priv.h"

/* A transfer: its easy handle and what to call when libcurl finishes it. */
struct hc_curl_xfer {
	CURL *easy;
	void (*done)(struct hc_curl_xfer *x, CURLcode res);
};

/*
 * Starts x->easy on the engine's multi handle (created on first use).
 * x->done runs from the loop once libcurl finishes it (never from inside
 * this call); it must call hc_curl_remove(). Returns 0 or -1.
 */
int hc_curl_add(struct hc_engine *e, struct hc_curl_xfer *x);
/* Stops x (if running), frees its easy handle; x->done never runs. */
void hc_curl_remove(struct hc_engine *e, struct hc_curl_xfer *x);

#endif
