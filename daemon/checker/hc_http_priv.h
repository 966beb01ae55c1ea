/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * hc_http_priv: what hc_http.c (the HTTP_GET / SSL_GET check) needs from
 * the engine's shared libcurl multi handles (lib/util/curl_ev).
 */
#ifndef VIGIL_HC_HTTP_PRIV_H
#define VIGIL_HC_HTTP_PRIV_H

#include "checker/hc_priv.h"
#include "util/curl_ev.h"

/*
 * Starts x->easy on the engine's libcurl multi handles (created on first
 * use). x->done runs from the loop once libcurl finishes it (never from
 * inside this call); it must call hc_curl_detach() or hc_curl_remove().
 * Returns 0 or -1.
 */
int hc_curl_add(struct hc_engine *e, struct curl_ev_xfer *x);
/* Stops x (if running); x->done never runs; the easy handle stays for the next add. */
void hc_curl_detach(struct hc_engine *e, struct curl_ev_xfer *x);
/* hc_curl_detach() and frees the easy handle. */
void hc_curl_remove(struct hc_engine *e, struct curl_ev_xfer *x);

#endif
