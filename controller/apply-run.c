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

#include "controller/apply-run.h"

#include <string.h>

#include "controller/db-state.h"
#include "controller/offload-config.h"
#include "controller/vswitchd-ctl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "ovsdb-idl.h"
#include "ovsdb/offload-apply.h"
#include "ovsdb/offload-idl.h"
#include "timeval.h"
#include "util.h"

void
apply_compute_plan(const struct offload_config *cfg, struct ovsdb_idl *idl,
                   struct plan *plan)
{
    struct db_state state;
    struct plan_options popts = { .vswitchd_pid = vswitchd_ctl_pid() };

    db_state_init(&state);
    offload_idl_snapshot(idl, &state);
    plan_init(plan);
    plan_compute(cfg, &state, &popts, plan);
    db_state_destroy(&state);
}

/* Commits 'plan' and waits for the database (and ovs-vswitchd) to show it.
 * Returns 1 on success, 0 on failure with 'report->error' set, or -1 to ask
 * for another attempt. */
static int
apply_once(const struct apply_run_options *opts, struct ovsdb_idl *idl,
           const struct plan *plan, long long int deadline,
           struct apply_report *report)
{
    bool bump = !opts->no_wait && vswitchd_ctl_pid() != 0;
    unsigned int seqno = ovsdb_idl_get_seqno(idl);
    int64_t next_cfg = 0;
    char *comment;
    char *err;

    if (opts->before_commit
        && !opts->before_commit(plan, idl, opts->before_commit_aux, &err)) {
        report->error = xasprintf("%s; nothing was changed", err);
        free(err);
        return 0;
    }
    comment = xasprintf("ovs-offload: apply %s", opts->source);
    enum offload_apply_result r = offload_apply_plan(idl, plan, comment, bump,
                                                     &next_cfg, &err);

    free(comment);
    report->attempts++;
    switch (r) {
    case OFFLOAD_APPLY_OK:
        report->sent = true;
        break;
    case OFFLOAD_APPLY_TRY_AGAIN:
        offload_idl_wait_change(idl, seqno, deadline);
        return -1;
    case OFFLOAD_APPLY_ERROR:
    default:
        report->error = xasprintf("%s; nothing was changed", err);
        free(err);
        return 0;
    }

    if (bump) {
        report->waited = true;
        report->vswitchd_applied = offload_apply_wait_vswitchd(idl, next_cfg,
                                                               deadline);
        if (!report->vswitchd_applied) {
            report->error = xasprintf("the database was changed, but "
                                      "ovs-vswitchd did not apply it within "
                                      "%lld s (see its log; --no-wait skips "
                                      "this wait)", opts->timeout_ms / 1000);
            return 0;
        }
    } else {
        /* Let our own update arrive before reading back. */
        offload_idl_wait_change(idl, seqno, deadline);
    }
    return 1;
}

bool
apply_run(const struct apply_run_options *opts,
          const struct offload_config *cfg, struct ovsdb_idl *idl,
          struct apply_report *report)
{
    long long int start = time_msec();
    long long int deadline = start + opts->timeout_ms;
    bool ok = true;

    memset(report, 0, sizeof *report);
    for (;;) {
        apply_compute_plan(cfg, idl, &report->plan);
        if (report->plan.n_conflicts) {
            report->error = xstrdup("conflicts with rows that ovs-offload "
                                    "does not own; nothing was changed");
            ok = false;
            break;
        }
        if (opts->dry_run || plan_is_empty(&report->plan)) {
            break;
        }

        int r = apply_once(opts, idl, &report->plan, deadline, report);
        if (r >= 0) {
            ok = r > 0;
            break;
        }
        plan_destroy(&report->plan);
        if (report->attempts >= APPLY_MAX_ATTEMPTS
            || time_msec() >= deadline) {
            plan_init(&report->plan);
            report->error = xasprintf("the database kept changing under us "
                                      "(%d attempts); nothing was changed",
                                      report->attempts);
            ok = false;
            break;
        }
    }

    /* Read back: a fresh plan against the new contents must be empty. */
    if (ok && report->sent) {
        apply_compute_plan(cfg, idl, &report->residual);
        report->have_residual = true;
        if (!plan_is_empty(&report->residual)) {
            struct ds s = DS_EMPTY_INITIALIZER;

            plan_format_text(&report->residual, &s);
            report->error = xasprintf("verification failed: the database "
                                      "does not match the file after the "
                                      "commit; still different:\n%s",
                                      ds_cstr(&s));
            ds_destroy(&s);
            ok = false;
        }
    }
    report->duration_ms = time_msec() - start;
    return ok;
}

bool
apply_report_verified(const struct apply_report *report)
{
    return report->have_residual && plan_is_empty(&report->residual);
}

void
apply_report_destroy(struct apply_report *report)
{
    if (report) {
        free(report->error);
        plan_destroy(&report->plan);
        if (report->have_residual) {
            plan_destroy(&report->residual);
        }
    }
}

struct json *
apply_report_to_json(const struct apply_report *report)
{
    struct json *j = json_object_create();

    json_object_put(j, "transaction_sent",
                    json_boolean_create(report->sent));
    json_object_put(j, "attempts", json_integer_create(report->attempts));
    json_object_put(j, "vswitchd_waited",
                    json_boolean_create(report->waited));
    json_object_put(j, "vswitchd_applied",
                    json_boolean_create(report->vswitchd_applied));
    json_object_put(j, "duration_ms",
                    json_integer_create(report->duration_ms));
    json_object_put(j, "verified",
                    json_boolean_create(apply_report_verified(report)));
    json_object_put(j, "error", report->error
                    ? json_string_create(report->error) : json_null_create());
    json_object_put(j, "plan", plan_to_json(&report->plan));
    return j;
}
