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

/* Unit tests of the HTTP endpoint (controller/http-status.c).
 *
 * Each test starts a real server on a loopback address and an ephemeral
 * port and talks to it with a minimal HTTP/1.0 client written with plain
 * sockets: status codes, media types, the exact published bytes, 404, 405,
 * HEAD, the 503 before the first publish, errors from http_status_start(),
 * publishing while clients fetch, and that the server listens on the
 * address it was given and on no other. */

#include <config.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "controller/http-status.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

/* One HTTP exchange, as the client saw it. */
struct reply {
    int status;                 /* From the status line; 0 if none. */
    struct ds head;             /* Status line and headers. */
    struct ds body;
};

static void
reply_destroy(struct reply *r)
{
    ds_destroy(&r->head);
    ds_destroy(&r->body);
}

/* Returns the value of header 'name' in 'r' (case-insensitive name), in a
 * static buffer, or NULL. */
static const char *
reply_header(const struct reply *r, const char *name)
{
    static char value[256];
    const char *p = ds_cstr_ro(&r->head);
    size_t n = strlen(name);

    while ((p = strstr(p, "\r\n")) != NULL) {
        p += 2;
        if (!strncasecmp(p, name, n) && p[n] == ':') {
            const char *v = p + n + 1;
            size_t len;

            v += strspn(v, " ");
            len = strcspn(v, "\r\n");
            len = MIN(len, sizeof value - 1);
            memcpy(value, v, len);
            value[len] = '\0';
            return value;
        }
    }
    return NULL;
}

/* Fills '*ss' with IP literal 'addr' and 'port'; returns its length. */
static socklen_t
make_addr(const char *addr, int port, struct sockaddr_storage *ss)
{
    memset(ss, 0, sizeof *ss);
    if (strchr(addr, ':')) {
        struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;

        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(port);
        assert_int_equal(inet_pton(AF_INET6, addr, &sin6->sin6_addr), 1);
        return sizeof *sin6;
    } else {
        struct sockaddr_in *sin = (struct sockaddr_in *) ss;

        sin->sin_family = AF_INET;
        sin->sin_port = htons(port);
        assert_int_equal(inet_pton(AF_INET, addr, &sin->sin_addr), 1);
        return sizeof *sin;
    }
}

/* Connects to 'addr' port 'port'.  Returns the socket, or -errno. */
static int
connect_to(const char *addr, int port)
{
    struct sockaddr_storage ss;
    socklen_t len = make_addr(addr, port, &ss);
    int fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);

    if (fd < 0) {
        return -errno;
    }
    if (connect(fd, (struct sockaddr *) &ss, len) < 0) {
        int error = errno;

        close(fd);
        return -error;
    }
    return fd;
}

/* Sends "'method' 'path' HTTP/1.0" to 'addr' port 'port' and reads the
 * whole reply into '*r'. */
static void
http_request(const char *addr, int port, const char *method,
             const char *path, struct reply *r)
{
    struct timeval tv = { .tv_sec = 10 };
    char *req;
    char buf[4096];
    struct ds raw = DS_EMPTY_INITIALIZER;
    const char *sep;
    ssize_t n;
    int fd;

    ds_init(&r->head);
    ds_init(&r->body);
    r->status = 0;

    fd = connect_to(addr, port);
    assert_true(fd >= 0);
    /* Never hang the test run on a server that does not answer. */
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    req = xasprintf("%s %s HTTP/1.0\r\nHost: test\r\n"
                    "Content-Length: 0\r\n\r\n", method, path);
    assert_int_equal(write(fd, req, strlen(req)), strlen(req));
    free(req);
    while ((n = read(fd, buf, sizeof buf)) > 0) {
        ds_put_buffer(&raw, buf, n);
    }
    assert_int_equal(n, 0);
    close(fd);

    sep = strstr(ds_cstr(&raw), "\r\n\r\n");
    assert_non_null(sep);
    ds_put_buffer(&r->head, raw.string, sep - raw.string);
    ds_put_buffer(&r->body, sep + 4, raw.length - (sep + 4 - raw.string));
    assert_int_equal(sscanf(ds_cstr(&r->head), "HTTP/1.%*d %d", &r->status),
                     1);
    ds_destroy(&raw);
}

static void
http_get(int port, const char *path, struct reply *r)
{
    http_request("127.0.0.1", port, "GET", path, r);
}

static struct http_status *
start_ok(const char *addr, int port)
{
    char *error = NULL;
    struct http_status *hs = http_status_start(addr, port, &error);

    if (!hs) {
        fail_msg("http_status_start(%s, %d): %s", addr ? addr : "NULL",
                 port, error);
    }
    assert_null(error);
    assert_true(http_status_port(hs) > 0);
    return hs;
}

static const char metrics_doc[] =
    "# HELP ovs_offload_up 1 when the last sample succeeded.\n"
    "# TYPE ovs_offload_up gauge\n"
    "ovs_offload_up 1\n"
    "ovs_offload_ratio 0.97\n";
static const char json_doc[] =
    "{\"version\":1,\"bonds\":[],\"alerts\":[],\"host\":\"h\\u00e9\"}";

/* Before the first publish: 503 for the documents, the page already. */
static void
test_before_publish(void **state OVS_UNUSED)
{
    struct http_status *hs = start_ok(NULL, 0);
    int port = http_status_port(hs);
    struct reply r;

    http_get(port, "/metrics", &r);
    assert_int_equal(r.status, 503);
    assert_non_null(strstr(ds_cstr(&r.body), "no status yet"));
    reply_destroy(&r);

    http_get(port, "/status.json", &r);
    assert_int_equal(r.status, 503);
    reply_destroy(&r);

    http_get(port, "/", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(reply_header(&r, "Content-Type"),
                        "text/html; charset=utf-8");
    assert_non_null(strstr(ds_cstr(&r.body), "<html"));
    assert_non_null(strstr(ds_cstr(&r.body), "/status.json"));
    /* Self-contained: no external scripts, styles, fonts or images. */
    assert_null(strstr(ds_cstr(&r.body), "http://"));
    assert_null(strstr(ds_cstr(&r.body), "https://"));
    assert_null(strstr(ds_cstr(&r.body), "src=\"//"));
    assert_null(strstr(ds_cstr(&r.body), "href=\"//"));
    assert_non_null(strstr(reply_header(&r, "Content-Security-Policy"),
                           "default-src 'none'"));
    reply_destroy(&r);

    http_status_stop(hs);
}

/* After a publish: the exact bytes, with their media types; a NULL
 * document keeps the previous one. */
static void
test_publish(void **state OVS_UNUSED)
{
    struct http_status *hs = start_ok("127.0.0.1", 0);
    int port = http_status_port(hs);
    struct reply r;

    http_status_publish(hs, metrics_doc, json_doc);

    http_get(port, "/metrics", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(reply_header(&r, "Content-Type"),
                        "text/plain; version=0.0.4; charset=utf-8");
    assert_string_equal(reply_header(&r, "Cache-Control"), "no-store");
    assert_int_equal(r.body.length, strlen(metrics_doc));
    assert_string_equal(ds_cstr(&r.body), metrics_doc);
    reply_destroy(&r);

    http_get(port, "/status.json", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(reply_header(&r, "Content-Type"), "application/json");
    assert_string_equal(ds_cstr(&r.body), json_doc);
    reply_destroy(&r);

    /* A query string does not change the document. */
    http_get(port, "/status.json?t=1", &r);
    assert_int_equal(r.status, 200);
    assert_string_equal(ds_cstr(&r.body), json_doc);
    reply_destroy(&r);

    http_status_publish(hs, NULL, "{\"version\":1}");
    http_get(port, "/status.json", &r);
    assert_string_equal(ds_cstr(&r.body), "{\"version\":1}");
    reply_destroy(&r);
    http_get(port, "/metrics", &r);
    assert_string_equal(ds_cstr(&r.body), metrics_doc);
    reply_destroy(&r);

    http_status_stop(hs);
}

/* Unknown paths get 404, other methods 405 with Allow, HEAD no body. */
static void
test_errors(void **state OVS_UNUSED)
{
    static const char *const paths404[] = {
        "/nope", "/metrics/", "/status", "/status.json/x", "/index.html",
        "//metrics",
    };
    static const char *const methods405[] = {
        "POST", "PUT", "DELETE", "OPTIONS", "PATCH",
    };
    struct http_status *hs = start_ok("127.0.0.1", 0);
    int port = http_status_port(hs);
    struct reply r;
    size_t i;

    http_status_publish(hs, metrics_doc, json_doc);
    for (i = 0; i < ARRAY_SIZE(paths404); i++) {
        http_get(port, paths404[i], &r);
        if (r.status != 404) {
            fail_msg("GET %s: %d, expected 404", paths404[i], r.status);
        }
        reply_destroy(&r);
    }
    for (i = 0; i < ARRAY_SIZE(methods405); i++) {
        http_request("127.0.0.1", port, methods405[i], "/metrics", &r);
        if (r.status != 405) {
            fail_msg("%s /metrics: %d, expected 405", methods405[i],
                     r.status);
        }
        assert_string_equal(reply_header(&r, "Allow"), "GET, HEAD");
        reply_destroy(&r);
    }

    http_request("127.0.0.1", port, "HEAD", "/metrics", &r);
    assert_int_equal(r.status, 200);
    assert_int_equal(r.body.length, 0);
    assert_int_equal(atoi(reply_header(&r, "Content-Length")),
                     strlen(metrics_doc));
    reply_destroy(&r);

    http_status_stop(hs);
}

/* Returns true if /proc/net/tcp ('v6' false) or tcp6 lists a listening
 * socket on 'port' whose local address is 'hex_addr' (as the kernel prints
 * it), and sets '*others' to the number listening on 'port' elsewhere. */
static bool
proc_listens(bool v6, int port, const char *hex_addr, int *others)
{
    FILE *f = fopen(v6 ? "/proc/net/tcp6" : "/proc/net/tcp", "r");
    char line[512];
    bool found = false;

    if (!f) {
        return false;
    }
    while (fgets(line, sizeof line, f)) {
        char local[64];
        unsigned int lport, st;

        if (sscanf(line, " %*d: %63[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %x",
                   local, &lport, &st) != 3
            || lport != port || st != 0x0a /* TCP_LISTEN */) {
            continue;
        }
        if (!strcasecmp(local, hex_addr)) {
            found = true;
        } else {
            (*others)++;
        }
    }
    fclose(f);
    return found;
}

/* The server listens on the address it was given and on no other: the
 * kernel's socket table shows 127.0.0.1 only, and 127.0.0.2 (also
 * loopback, so present in any container) refuses connections, which a
 * wildcard listener would accept.  The control: a server on 127.0.0.2 is
 * reachable there and not on 127.0.0.1. */
static void
test_loopback_only(void **state OVS_UNUSED)
{
    struct http_status *hs = start_ok(NULL, 0);
    int port = http_status_port(hs);
    struct reply r;
    int others = 0;
    int fd;

    assert_true(proc_listens(false, port, "0100007F", &others));
    proc_listens(true, port, "", &others);
    assert_int_equal(others, 0);

    fd = connect_to("127.0.0.2", port);
    assert_int_equal(fd, -ECONNREFUSED);
    http_status_stop(hs);

    hs = start_ok("127.0.0.2", 0);
    port = http_status_port(hs);
    http_request("127.0.0.2", port, "GET", "/", &r);
    assert_int_equal(r.status, 200);
    reply_destroy(&r);
    assert_int_equal(connect_to("127.0.0.1", port), -ECONNREFUSED);
    http_status_stop(hs);
}

/* IPv6 loopback, plain and in brackets; skipped without IPv6. */
static void
test_ipv6(void **state OVS_UNUSED)
{
    static const char *const forms[] = { "::1", "[::1]" };
    struct sockaddr_in6 sin6 = {
        .sin6_family = AF_INET6,
        .sin6_addr = IN6ADDR_LOOPBACK_INIT,
    };
    int fd = socket(AF_INET6, SOCK_STREAM, 0);
    size_t i;

    if (fd < 0 || bind(fd, (struct sockaddr *) &sin6, sizeof sin6) < 0) {
        if (fd >= 0) {
            close(fd);
        }
        skip();
    }
    close(fd);

    for (i = 0; i < ARRAY_SIZE(forms); i++) {
        struct http_status *hs = start_ok(forms[i], 0);
        int port = http_status_port(hs);
        struct reply r;
        int others = 0;

        http_status_publish(hs, metrics_doc, json_doc);
        http_request("::1", port, "GET", "/metrics", &r);
        assert_int_equal(r.status, 200);
        assert_string_equal(ds_cstr(&r.body), metrics_doc);
        reply_destroy(&r);
        assert_true(proc_listens(true, port,
                                 "00000000000000000000000001000000",
                                 &others));
        proc_listens(false, port, "", &others);
        assert_int_equal(others, 0);
        assert_int_equal(connect_to("127.0.0.1", port), -ECONNREFUSED);
        http_status_stop(hs);
    }
}

/* http_status_start() failures carry a message that says why. */
static void
test_start_errors(void **state OVS_UNUSED)
{
    struct http_status *hs = start_ok("127.0.0.1", 0);
    struct http_status *hs2;
    char *error = NULL;

    hs2 = http_status_start("127.0.0.1", http_status_port(hs), &error);
    assert_null(hs2);
    assert_non_null(error);
    if (!strstr(error, "in use")) {
        fail_msg("unexpected error: %s", error);
    }
    assert_non_null(strstr(error, "127.0.0.1"));
    free(error);
    http_status_stop(hs);

    error = NULL;
    assert_null(http_status_start("localhost", 0, &error));
    assert_non_null(strstr(error, "not an IP address"));
    free(error);

    error = NULL;
    assert_null(http_status_start("127.0.0.1", 65536, &error));
    assert_non_null(strstr(error, "out of range"));
    free(error);

    error = NULL;
    assert_null(http_status_start("127.0.0.1", -1, &error));
    assert_non_null(error);
    free(error);

    http_status_stop(NULL);
}

/* Publishing while clients fetch: every reply is one whole document. */
struct publisher {
    struct http_status *hs;
    volatile bool stop;
};

static void *
publisher_main(void *p_)
{
    struct publisher *p = p_;
    unsigned int i = 0;

    while (!p->stop) {
        char *doc = xasprintf("{\"version\":1,\"n\":%u,\"pad\":\"%0*d\"}",
                              i, (int) (i % 3000), 0);

        http_status_publish(p->hs, doc, doc);
        free(doc);
        i++;
    }
    return NULL;
}

static void
test_concurrent_publish(void **state OVS_UNUSED)
{
    struct publisher p = { .hs = start_ok(NULL, 0) };
    int port = http_status_port(p.hs);
    pthread_t thread;
    int i;

    http_status_publish(p.hs, "{}", "{}");
    assert_int_equal(pthread_create(&thread, NULL, publisher_main, &p), 0);
    for (i = 0; i < 200; i++) {
        struct reply r;
        unsigned int n;
        int len = -1;

        http_get(port, i % 2 ? "/metrics" : "/status.json", &r);
        assert_int_equal(r.status, 200);
        if (strcmp(ds_cstr(&r.body), "{}")) {
            /* "pad" is n % 3000 zeros, "%0*d" writes at least one. */
            assert_int_equal(sscanf(ds_cstr(&r.body),
                                    "{\"version\":1,\"n\":%u,\"pad\":\"%*[0]"
                                    "\"}%n", &n, &len), 1);
            assert_int_equal(len, r.body.length);
            assert_int_equal(strspn(strstr(ds_cstr(&r.body), "pad\":\"") + 6,
                                    "0"), MAX(n % 3000, 1));
        }
        reply_destroy(&r);
    }
    p.stop = true;
    pthread_join(thread, NULL);
    http_status_stop(p.hs);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_before_publish),
        cmocka_unit_test(test_publish),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_loopback_only),
        cmocka_unit_test(test_ipv6),
        cmocka_unit_test(test_start_errors),
        cmocka_unit_test(test_concurrent_publish),
    };

    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
