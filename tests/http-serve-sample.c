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

/* http-serve-sample: serves a fixed status document with the daemon's HTTP
 * endpoint (controller/http-status.c), for tests of the status page that
 * need no daemon (tests/sandbox/test-status-page.sh).
 *
 *     http-serve-sample STATUS_JSON [METRICS]
 *
 * Publishes the contents of file STATUS_JSON as /status.json (and of file
 * METRICS as /metrics, else one "ovs_offload_up 1" line), or nothing if
 * STATUS_JSON is "-" (both then answer 503), listens on
 * 127.0.0.1 at a free port, prints that port on a line of its own, and
 * serves until SIGTERM or SIGINT. */

#include <config.h>

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/http-status.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

/* Returns the contents of file 'name'; exits on error. */
static char *
slurp(const char *name)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    FILE *f = fopen(name, "r");

    if (!f) {
        ovs_fatal(errno, "%s: cannot open", name);
    }
    for (;;) {
        char buf[4096];
        size_t n = fread(buf, 1, sizeof buf, f);

        if (!n) {
            break;
        }
        ds_put_buffer(&ds, buf, n);
    }
    if (ferror(f)) {
        ovs_fatal(errno, "%s: read error", name);
    }
    fclose(f);
    return ds_steal_cstr(&ds);
}

int
main(int argc, char *argv[])
{
    struct http_status *hs;
    char *metrics, *json;
    char *error = NULL;
    sigset_t sigs;

    set_program_name(argv[0]);
    if (argc < 2 || argc > 3) {
        ovs_fatal(0, "usage: %s STATUS_JSON [METRICS]", program_name);
    }
    if (strcmp(argv[1], "-")) {
        json = slurp(argv[1]);
        metrics = argc > 2 ? slurp(argv[2]) : xstrdup("ovs_offload_up 1\n");
    } else {
        json = metrics = NULL;
    }

    /* The server's thread must not take the signals that stop us. */
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    sigprocmask(SIG_BLOCK, &sigs, NULL);

    hs = http_status_start("127.0.0.1", 0, &error);
    if (!hs) {
        ovs_fatal(0, "%s", error);
    }
    if (json) {
        http_status_publish(hs, metrics, json);
    }
    printf("%d\n", http_status_port(hs));
    fflush(stdout);

    for (int sig; sigwait(&sigs, &sig);) {
        continue;
    }
    http_status_stop(hs);
    free(metrics);
    free(json);
    return 0;
}
