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

#include <config.h>

#include "controller/http-status.h"

#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <microhttpd.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/thread.h"
#include "openvswitch/vlog.h"
#include "status-page.h"        /* Generated: 'status_page_html'. */
#include "util.h"

VLOG_DEFINE_THIS_MODULE(http_status);

/* At most this many clients at once: the endpoint serves a browser tab and
 * a Prometheus scraper or two, and must not let anyone exhaust our fds. */
#define HTTP_STATUS_MAX_CONNECTIONS 32

/* Seconds of inactivity after which a connection is closed. */
#define HTTP_STATUS_TIMEOUT 10

#define CT_TEXT "text/plain; charset=utf-8"
#define CT_METRICS "text/plain; version=0.0.4; charset=utf-8"
#define CT_JSON "application/json"
#define CT_HTML "text/html; charset=utf-8"

/* The page may run its own inline script and style and fetch from where it
 * came from, nothing else: a stray external reference fails loudly in the
 * browser instead of leaking requests off the host. */
#define PAGE_CSP "default-src 'none'; script-src 'unsafe-inline'; " \
                 "style-src 'unsafe-inline'; connect-src 'self'; " \
                 "img-src data:; base-uri 'none'; form-action 'none'"

struct http_status {
    struct MHD_Daemon *daemon;
    int port;                       /* The bound TCP port. */

    struct ovs_mutex mutex;
    char *metrics OVS_GUARDED;      /* NULL until the first publish. */
    char *status_json OVS_GUARDED;  /* NULL until the first publish. */
    bool starting OVS_GUARDED;      /* In MHD_start_daemon(). */
    char *start_error OVS_GUARDED;  /* libmicrohttpd's last message then. */
};

/* libmicrohttpd's log messages.  While the daemon starts, keeps the last
 * one for http_status_start()'s error (it says why a bind failed); later,
 * from the server's thread, logs them rate-limited. */
static void
http_status_log(void *hs_, const char *format, va_list args)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    struct http_status *hs = hs_;
    struct ds msg = DS_EMPTY_INITIALIZER;

    ds_put_format_valist(&msg, format, args);
    ds_chomp(&msg, '\n');

    ovs_mutex_lock(&hs->mutex);
    if (hs->starting) {
        free(hs->start_error);
        hs->start_error = ds_steal_cstr(&msg);
    }
    ovs_mutex_unlock(&hs->mutex);

    if (msg.string) {
        VLOG_WARN_RL(&rl, "libmicrohttpd: %s", ds_cstr(&msg));
    }
    ds_destroy(&msg);
}

/* Queues on 'conn' a response with HTTP status 'code', media type 'type'
 * and a copy of the 'len' bytes at 'body'; 'page' adds the headers that
 * the HTML page needs. */
static enum MHD_Result
http_status_reply(struct MHD_Connection *conn, unsigned int code,
                  const char *type, const void *body, size_t len, bool page)
{
    struct MHD_Response *resp;
    enum MHD_Result ret;

    resp = MHD_create_response_from_buffer(len, CONST_CAST(void *, body),
                                           MHD_RESPMEM_MUST_COPY);
    if (!resp) {
        return MHD_NO;
    }
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    /* Every document is a snapshot: never serve a stale one from a cache. */
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    if (page) {
        MHD_add_response_header(resp, "Content-Security-Policy", PAGE_CSP);
        MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    }
    if (code == MHD_HTTP_METHOD_NOT_ALLOWED) {
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
    }
    ret = MHD_queue_response(conn, code, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result
http_status_text(struct MHD_Connection *conn, unsigned int code,
                 const char *text)
{
    return http_status_reply(conn, code, CT_TEXT, text, strlen(text), false);
}

/* Serves one published document, or 503 before the first publish.  The
 * copy is made under the mutex, so a concurrent publish cannot free the
 * bytes under us. */
static enum MHD_Result
http_status_document(struct http_status *hs, struct MHD_Connection *conn,
                     bool metrics, const char *type)
{
    enum MHD_Result ret;
    const char *doc;

    ovs_mutex_lock(&hs->mutex);
    doc = metrics ? hs->metrics : hs->status_json;
    if (doc) {
        ret = http_status_reply(conn, MHD_HTTP_OK, type, doc, strlen(doc),
                                false);
    } else {
        ret = http_status_text(conn, MHD_HTTP_SERVICE_UNAVAILABLE,
                               "no status yet: the daemon has not finished "
                               "its first sample\n");
    }
    ovs_mutex_unlock(&hs->mutex);
    return ret;
}

/* libmicrohttpd's request handler, called in its thread.  Every answer is
 * decided from the method and path alone, so it answers on the first call
 * and never reads a request body. */
static enum MHD_Result
http_status_handle(void *hs_, struct MHD_Connection *conn, const char *url,
                   const char *method, const char *version OVS_UNUSED,
                   const char *upload_data OVS_UNUSED,
                   size_t *upload_data_size OVS_UNUSED,
                   void **req_cls OVS_UNUSED)
{
    struct http_status *hs = hs_;

    if (strcmp(method, MHD_HTTP_METHOD_GET)
        && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
        return http_status_text(conn, MHD_HTTP_METHOD_NOT_ALLOWED,
                                "method not allowed: use GET\n");
    }
    if (!strcmp(url, "/")) {
        return http_status_reply(conn, MHD_HTTP_OK, CT_HTML,
                                 status_page_html,
                                 sizeof status_page_html - 1, true);
    } else if (!strcmp(url, "/metrics")) {
        return http_status_document(hs, conn, true, CT_METRICS);
    } else if (!strcmp(url, "/status.json")) {
        return http_status_document(hs, conn, false, CT_JSON);
    }
    return http_status_text(conn, MHD_HTTP_NOT_FOUND,
                            "not found: try /, /metrics or /status.json\n");
}

/* Parses IP address literal 'addr' (IPv6 possibly in brackets) and 'port'
 * into '*ss' and '*ss_len'.  Returns NULL on success, otherwise an error
 * message that the caller must free. */
static char * OVS_WARN_UNUSED_RESULT
http_status_parse_addr(const char *addr, int port,
                       struct sockaddr_storage *ss, socklen_t *ss_len)
{
    struct addrinfo hints = {
        .ai_family = AF_UNSPEC,
        .ai_socktype = SOCK_STREAM,
        .ai_flags = AI_NUMERICHOST | AI_NUMERICSERV | AI_PASSIVE,
    };
    struct addrinfo *ai;
    char *host = xstrdup(addr);
    char service[16];
    size_t n = strlen(host);
    int error;

    if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
        host[n - 1] = '\0';
        memmove(host, host + 1, n - 1);
    }
    snprintf(service, sizeof service, "%d", port);
    error = getaddrinfo(host, service, &hints, &ai);
    free(host);
    if (error) {
        return xasprintf("\"%s\" is not an IP address (%s)", addr,
                         gai_strerror(error));
    }
    if (ai->ai_addrlen > sizeof *ss) {
        freeaddrinfo(ai);
        return xasprintf("\"%s\": address too long", addr);
    }
    memset(ss, 0, sizeof *ss);
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *ss_len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return NULL;
}

struct http_status *
http_status_start(const char *addr, int port, char **errp)
{
    const union MHD_DaemonInfo *info;
    struct sockaddr_storage ss;
    struct http_status *hs;
    unsigned int flags;
    socklen_t ss_len;
    char *error;

    *errp = NULL;
    addr = addr ? addr : "127.0.0.1";
    if (port < 0 || port > 65535) {
        *errp = xasprintf("HTTP port %d out of range 0 to 65535", port);
        return NULL;
    }
    error = http_status_parse_addr(addr, port, &ss, &ss_len);
    if (error) {
        *errp = xasprintf("cannot serve HTTP on %s: %s", addr, error);
        free(error);
        return NULL;
    }

    hs = xzalloc(sizeof *hs);
    ovs_mutex_init(&hs->mutex);
    flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO | MHD_USE_ERROR_LOG;
    if (ss.ss_family == AF_INET6) {
        /* Without MHD_USE_DUAL_STACK the socket is IPV6_V6ONLY. */
        flags |= MHD_USE_IPv6;
    }

    ovs_mutex_lock(&hs->mutex);
    hs->starting = true;
    ovs_mutex_unlock(&hs->mutex);
    hs->daemon = MHD_start_daemon(
        flags, port, NULL, NULL, http_status_handle, hs,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &ss,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int) HTTP_STATUS_MAX_CONNECTIONS,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) HTTP_STATUS_TIMEOUT,
        MHD_OPTION_EXTERNAL_LOGGER, http_status_log, hs,
        MHD_OPTION_END);
    ovs_mutex_lock(&hs->mutex);
    hs->starting = false;
    error = hs->start_error;
    hs->start_error = NULL;
    ovs_mutex_unlock(&hs->mutex);

    if (!hs->daemon) {
        *errp = xasprintf("cannot serve HTTP on %s port %d: %s", addr, port,
                          error ? error : "libmicrohttpd failed to start");
        free(error);
        ovs_mutex_destroy(&hs->mutex);
        free(hs);
        return NULL;
    }
    free(error);

    info = MHD_get_daemon_info(hs->daemon, MHD_DAEMON_INFO_BIND_PORT);
    hs->port = info ? info->port : port;
    VLOG_INFO("serving HTTP on %s%s%s port %d", ss.ss_family == AF_INET6
              && addr[0] != '[' ? "[" : "", addr,
              ss.ss_family == AF_INET6 && addr[0] != '[' ? "]" : "",
              hs->port);
    return hs;
}

int
http_status_port(const struct http_status *hs)
{
    return hs->port;
}

void
http_status_publish(struct http_status *hs, const char *metrics,
                    const char *status_json)
{
    char *new_metrics = metrics ? xstrdup(metrics) : NULL;
    char *new_json = status_json ? xstrdup(status_json) : NULL;
    char *old_metrics = NULL;
    char *old_json = NULL;

    /* Copies are made and old ones freed outside the lock, so requests
     * wait only for the pointer swap. */
    ovs_mutex_lock(&hs->mutex);
    if (new_metrics) {
        old_metrics = hs->metrics;
        hs->metrics = new_metrics;
    }
    if (new_json) {
        old_json = hs->status_json;
        hs->status_json = new_json;
    }
    ovs_mutex_unlock(&hs->mutex);
    free(old_metrics);
    free(old_json);
}

void
http_status_stop(struct http_status *hs)
{
    if (!hs) {
        return;
    }
    /* Joins the server's thread: no handler runs after this. */
    MHD_stop_daemon(hs->daemon);
    ovs_mutex_destroy(&hs->mutex);
    free(hs->metrics);
    free(hs->status_json);
    free(hs->start_error);
    free(hs);
}
