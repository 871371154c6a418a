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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "controller/ctl.h"
#include "controller/offload-config.h"
#include "controller/offload-status.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "ovsdb-idl.h"
#include "ovsdb/offload-idl.h"
#include "timeval.h"
#include "util.h"

/* Loads the desired state if its file exists: watch works without one
 * (then it discovers the bonds). */
static struct offload_config *
watch_load_config(const struct ctl_options *opts)
{
    struct offload_config *cfg = NULL;

    if (!opts->config_file || access(opts->config_file, R_OK)) {
        return NULL;
    }

    char *errors = offload_config_parse_file(opts->config_file, &cfg);
    if (errors) {
        fprintf(stderr, "%s: %s: not usable, discovering the bonds "
                "instead:\n%s\n", program_name, opts->config_file, errors);
        free(errors);
        return NULL;
    }
    return cfg;
}

/* Sleeps until 'deadline' (time_msec()), keeping the database connection
 * alive meanwhile. */
static void
watch_sleep_until(struct ovsdb_idl *idl, long long int deadline)
{
    for (;;) {
        long long int now = time_msec();

        if (idl) {
            ovsdb_idl_run(idl);
        }
        if (now >= deadline) {
            return;
        }
        long long int left = deadline - now;
        xnanosleep((idl && left > 100 ? 100 : left) * 1000 * 1000);
    }
}

/* "watch [BOND]": samples every --interval and redraws the status.  With
 * --count=N it stops after N frames and exits 1 if the last one had a
 * critical alert; forever otherwise (stopped by a signal). */
int
cmd_watch(const struct ctl_options *opts, int argc, char *argv[])
{
    struct offload_config *cfg = watch_load_config(opts);
    struct ovsdb_idl *idl = NULL;
    char *db_err = NULL;

    if (offload_idl_connect(opts->db, opts->timeout_ms, &idl, &db_err)) {
        fprintf(stderr, "%s: %s: %s; hw-offload will show as unknown\n",
                program_name, opts->db ? opts->db : "database",
                db_err ? db_err : "cannot connect");
        idl = NULL;
    }
    free(db_err);

    struct status_sampler *sampler = status_sampler_create();
    status_sampler_set_targets(sampler, argc ? NULL : cfg,
                               argc ? argv : NULL, argc);
    status_sampler_set_nic_state_file(sampler, opts->nic_state);

    bool tty = isatty(STDOUT_FILENO);
    long long int interval = opts->interval_ms > 0 ? opts->interval_ms : 1000;
    long long int next = time_msec();
    long long int frame = 0;

    /* A first sample to have rates in the first frame. */
    status_sampler_run(sampler, idl);
    next += interval;
    for (;;) {
        watch_sleep_until(idl, next);
        next += interval;
        status_sampler_run(sampler, idl);
        frame++;

        if (opts->json) {
            struct json *j = status_sampler_to_json(sampler);
            char *s = json_to_string(j, 0);

            puts(s);
            free(s);
            json_destroy(j);
        } else {
            struct ds out = DS_EMPTY_INITIALIZER;
            time_t t = time_wall();
            char when[64];

            if (tty) {
                ds_put_cstr(&out, "\033[H\033[2J");
            } else if (frame > 1) {
                ds_put_char(&out, '\n');
            }
            strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S",
                     localtime(&t));
            ds_put_format(&out, "ovs-offloadctl watch  %s  every %.1f s\n\n",
                          when, interval / 1000.0);
            status_sampler_format_text(sampler, STATUS_VIEW_WATCH, &out);
            fputs(ds_cstr(&out), stdout);
            ds_destroy(&out);
        }
        fflush(stdout);
        if (opts->count && frame >= opts->count) {
            break;
        }
    }

    int rc = (opts->count && status_sampler_n_critical(sampler)
              ? CTL_EXIT_FAIL : CTL_EXIT_OK);
    status_sampler_destroy(sampler);
    offload_idl_destroy(idl);
    offload_config_destroy(cfg);
    return rc;
}
