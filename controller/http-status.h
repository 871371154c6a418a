/*
 * Copyright (c) 2026 The ovs-offload authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

#ifndef HTTP_STATUS_H
#define HTTP_STATUS_H 1

/* The daemon's HTTP endpoint: a tiny read-only server for the status model
 * (docs/status.md).
 *
 *     GET /             the status page (controller/status-page.html, built
 *                       into the binary), which polls /status.json
 *     GET /metrics      Prometheus text exposition format 0.0.4
 *     GET /status.json  the status document, schema version 1
 *
 * HEAD works wherever GET does; any other method gets 405, any other path
 * 404.  Until the first http_status_publish(), /metrics and /status.json
 * answer 503.
 *
 * The server does not compute anything: the daemon builds both documents in
 * its own poll loop and hands them over with http_status_publish(), which
 * copies them under a mutex.  Requests are served by libmicrohttpd's
 * internal polling thread, so a slow or stuck client never blocks the
 * daemon's single-threaded loop, and the loop needs no fd or timer for it.
 *
 * Because that thread is created behind OVS's back, start the server after
 * daemonize_start() (a fork keeps only the calling thread) and stop it
 * before exiting. */

struct http_status;

/* Starts serving on IP address literal 'addr' ("127.0.0.1" when NULL; an
 * IPv6 literal such as "::1" or "[::1]" works too) at TCP port 'port' (0
 * picks a free port, see http_status_port()).  The server listens on that
 * address only, never on a wildcard address unless 'addr' is one.
 *
 * Returns the new server, or NULL on failure with '*errp' set to a message
 * such as "cannot serve HTTP on 127.0.0.1 port 8080: Address already in
 * use".  The caller owns '*errp' and frees it with free(). */
struct http_status *http_status_start(const char *addr, int port,
                                      char **errp);

/* Returns the TCP port that 'hs' listens on (the chosen one when it was
 * started with port 0). */
int http_status_port(const struct http_status *hs);

/* Replaces the documents that 'hs' serves with copies of 'metrics'
 * (Prometheus text) and 'status_json'.  Either may be NULL to keep the
 * current one.  Thread-safe; requests in flight finish with the old
 * documents. */
void http_status_publish(struct http_status *hs, const char *metrics,
                         const char *status_json);

/* Stops 'hs' (waiting for its thread) and frees it.  Accepts NULL. */
void http_status_stop(struct http_status *hs);

#endif /* http-status.h */
