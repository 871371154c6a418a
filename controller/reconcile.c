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

#include "controller/reconcile.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "controller/apply-run.h"
#include "controller/nic-backend.h"
#include "controller/nic-phase.h"
#include "controller/offload-config.h"
#include "controller/plan.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(reconcile);

#define BACKOFF_MIN_MS 1000
#define BACKOFF_MAX_MS 60000

struct reconciler {
    char *config_file;
    char *nic_state;
    long long int timeout_ms;

    char *text;                         /* The file as last loaded. */
    struct offload_config *cfg;         /* Parsed from 'text'. */
    struct offload_config *model;       /* What the database must match:
                                         * 'cfg' rewritten by the NIC
                                         * observation, or 'cfg' itself. */

    long long int backoff_ms;           /* 0 after a success. */
    long long int retry_time;           /* LLONG_MAX unless failing. */

    struct reconcile_stats stats;
    char *last_error;
};

const char *
reconcile_reason_to_string(enum reconcile_reason reason)
{
    switch (reason) {
    case RECONCILE_START: return "start";
    case RECONCILE_DRIFT: return "drift";
    case RECONCILE_REQUEST: return "request";
    case RECONCILE_RELOAD: return "reload";
    case RECONCILE_OVSDB_RECONNECT: return "ovsdb-server reconnect";
    case RECONCILE_VSWITCHD_RESTART: return "ovs-vswitchd restart";
    case RECONCILE_RESYNC: return "resync";
    case RECONCILE_RETRY: return "retry";
    }
    return "unknown";
}

struct reconciler *
reconciler_create(const char *config_file, const char *nic_state,
                  long long int timeout_ms)
{
    struct reconciler *r = xzalloc(sizeof *r);

    r->config_file = xstrdup(config_file);
    r->nic_state = nullable_xstrdup(nic_state);
    r->timeout_ms = timeout_ms;
    r->retry_time = LLONG_MAX;
    r->stats.last_result = -1;
    return r;
}

static void
free_model(struct reconciler *r)
{
    if (r->model != r->cfg) {
        offload_config_destroy(r->model);
    }
    r->model = NULL;
}

void
reconciler_destroy(struct reconciler *r)
{
    if (r) {
        free_model(r);
        offload_config_destroy(r->cfg);
        free(r->text);
        free(r->last_error);
        free(r->nic_state);
        free(r->config_file);
        free(r);
    }
}

static char *
read_file(const char *name, char **textp)
{
    struct ds text = DS_EMPTY_INITIALIZER;
    int error = offload_config_read_file(name, &text);

    if (error) {
        ds_destroy(&text);
        *textp = NULL;
        return xasprintf("%s: cannot read: %s", name, ovs_strerror(error));
    }
    *textp = ds_steal_cstr(&text);
    return NULL;
}

char *
reconciler_load(struct reconciler *r)
{
    struct offload_config *cfg;
    char *text;
    char *errors = read_file(r->config_file, &text);

    if (errors) {
        return errors;
    }
    errors = offload_config_parse_buffer(r->config_file, text, strlen(text),
                                         &cfg);
    if (errors) {
        free(text);
        return errors;
    }

    free_model(r);
    offload_config_destroy(r->cfg);
    free(r->text);
    r->cfg = cfg;
    r->text = text;
    r->model = cfg;
    return NULL;
}

const struct offload_config *
reconciler_config(const struct reconciler *r)
{
    return r->cfg;
}

/* Rebuilds 'r->model' from the file and, if the file has a NIC phase, from
 * a dry run of it (which only reads the NIC).  Returns NULL or an error. */
static char *
refresh_model(struct reconciler *r)
{
    if (!nic_phase_needed(r->cfg)) {
        free_model(r);
        r->model = r->cfg;
        return NULL;
    }

    struct offload_config *model;
    char *errors = offload_config_parse_buffer(r->config_file, r->text,
                                               strlen(r->text), &model);
    if (errors) {
        /* It parsed when loaded; it cannot fail now. */
        return errors;
    }

    struct nic_kernel *k = nic_kernel_create(model->owner);
    struct nic_result nic;
    char *error = NULL;

    nic_result_init(&nic);
    nic_phase_run(model, &nic_kernel_backend, k, true, r->nic_state, &nic);
    nic_kernel_destroy(k);
    if (!nic.ok) {
        error = xasprintf("observing the NIC failed: %s", nic.error);
        offload_config_destroy(model);
    } else {
        if (nic.n_actions) {
            struct ds s = DS_EMPTY_INITIALIZER;

            for (size_t i = 0; i < nic.n_actions; i++) {
                ds_put_format(&s, "\n  %s", nic.actions[i]);
            }
            VLOG_WARN("the NIC differs from %s; the daemon does not change "
                      "the NIC, \"ovs-offloadctl apply\" would:%s",
                      r->config_file, ds_cstr(&s));
            ds_destroy(&s);
        }
        free_model(r);
        r->model = model;
    }
    nic_result_destroy(&nic);
    return error;
}

bool
reconciler_drifted(struct reconciler *r, struct ovsdb_idl *idl)
{
    struct plan plan;
    bool drifted;

    if (!r->model) {
        return false;
    }
    apply_compute_plan(r->model, idl, &plan);
    drifted = !plan_is_empty(&plan);
    plan_destroy(&plan);
    return drifted;
}

static void
record(struct reconciler *r, bool ok, const char *error,
       long long int start_ms, long long int wall_ms)
{
    r->stats.runs++;
    r->stats.last_result = ok;
    r->stats.last_time_ms = wall_ms;
    r->stats.last_duration_ms = time_msec() - start_ms;
    free(r->last_error);
    r->last_error = ok ? NULL : xstrdup(error);
    r->stats.last_error = r->last_error;

    if (ok) {
        r->backoff_ms = 0;
        r->retry_time = LLONG_MAX;
    } else {
        r->backoff_ms = (r->backoff_ms
                         ? MIN(2 * r->backoff_ms, BACKOFF_MAX_MS)
                         : BACKOFF_MIN_MS);
        r->retry_time = time_msec() + r->backoff_ms;
    }
}

bool
reconciler_run(struct reconciler *r, struct ovsdb_idl *idl,
               enum reconcile_reason reason, struct ds *out)
{
    const char *why = reconcile_reason_to_string(reason);
    long long int start = time_msec();
    long long int wall = time_wall_msec();
    char *error;

    if (!r->cfg) {
        error = xstrdup("no valid configuration loaded");
        goto fail;
    }

    /* A drift check reuses the model; everything else looks again. */
    if (reason != RECONCILE_DRIFT) {
        error = refresh_model(r);
        if (error) {
            goto fail;
        }
    }

    struct apply_run_options opts = {
        .source = r->config_file,
        .dry_run = false,
        .no_wait = false,
        .timeout_ms = r->timeout_ms,
    };
    struct apply_report report;
    bool ok = apply_run(&opts, r->model, idl, &report);
    size_t n_ops = report.plan.n_ops;

    record(r, ok, report.error, start, wall);
    if (ok && report.sent && reason == RECONCILE_DRIFT) {
        r->stats.drift_repairs++;
    }

    struct ds plan_text = DS_EMPTY_INITIALIZER;
    if (report.sent) {
        plan_format_text(&report.plan, &plan_text);
    }
    for (size_t i = 0; i < report.plan.n_conflicts; i++) {
        ds_put_format(&plan_text, "conflict: %s\n",
                      report.plan.conflicts[i]);
    }
    if (!ok) {
        VLOG_WARN("reconcile (%s) failed after %lld ms: %s; next automatic "
                  "attempt in %lld s%s%s", why, r->stats.last_duration_ms,
                  report.error, r->backoff_ms / 1000,
                  plan_text.length ? "\n" : "", ds_cstr(&plan_text));
        if (out) {
            ds_put_format(out, "reconcile (%s) failed: %s\n%s", why,
                          report.error, ds_cstr(&plan_text));
        }
    } else if (report.sent) {
        VLOG_INFO("reconcile (%s): %"PRIuSIZE" operation%s applied and "
                  "verified in %lld ms:\n%s", why, n_ops,
                  n_ops == 1 ? "" : "s", r->stats.last_duration_ms,
                  ds_cstr(&plan_text));
        if (out) {
            ds_put_format(out, "reconcile (%s): ok, %"PRIuSIZE" operation%s "
                          "applied and verified\n%s", why, n_ops,
                          n_ops == 1 ? "" : "s", ds_cstr(&plan_text));
        }
    } else {
        VLOG_DBG("reconcile (%s): in sync", why);
        if (out) {
            ds_put_format(out, "reconcile (%s): ok, the database matches "
                          "%s\n", why, r->config_file);
        }
    }
    if (ok && report.plan.restart_needed && out) {
        ds_put_format(out, "ovs-vswitchd must restart for a change to take "
                      "effect: %s\n", report.plan.restart_reason
                      ? report.plan.restart_reason : "(no reason given)");
    }
    ds_destroy(&plan_text);
    apply_report_destroy(&report);
    return ok;

fail:
    record(r, false, error, start, wall);
    VLOG_WARN("reconcile (%s) failed: %s; next automatic attempt in %lld s",
              why, error, r->backoff_ms / 1000);
    if (out) {
        ds_put_format(out, "reconcile (%s) failed: %s\n", why, error);
    }
    free(error);
    return false;
}

long long int
reconciler_retry_time(const struct reconciler *r)
{
    return r->retry_time;
}

const struct reconcile_stats *
reconciler_stats(const struct reconciler *r)
{
    return &r->stats;
}
