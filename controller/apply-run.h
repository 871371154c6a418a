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

#ifndef APPLY_RUN_H
#define APPLY_RUN_H 1

/* One apply of the OVSDB side of a desired state: plan, commit in one
 * transaction (re-planning if another client changed the rows under us),
 * wait for ovs-vswitchd, read back and verify.  Shared by "ovs-offloadctl
 * apply" and the daemon's reconciliation; it prints nothing. */

#include <stdbool.h>

#include "controller/plan.h"

struct json;
struct offload_config;
struct ovsdb_idl;

/* How many times an apply re-plans when the database changes under it. */
#define APPLY_MAX_ATTEMPTS 5

struct apply_run_options {
    const char *source;         /* Named in the transaction comment. */
    bool dry_run;               /* Plan only. */
    bool no_wait;               /* Do not wait for ovs-vswitchd. */
    long long int timeout_ms;   /* Overall deadline. */

    /* If nonnull, called with each plan just before it is committed, while
     * 'idl' still holds the contents the plan was computed from.  Returning
     * false stops the apply with nothing committed and '*errp' (set by the
     * hook) as the error.  "apply --confirm-within" records its undo log
     * here (controller/checkpoint.h). */
    bool (*before_commit)(const struct plan *, struct ovsdb_idl *idl,
                          void *aux, char **errp);
    void *before_commit_aux;
};

/* The outcome of one apply. */
struct apply_report {
    bool sent;                  /* A transaction was committed. */
    int attempts;               /* Transactions tried. */
    bool waited;                /* Waited for ovs-vswitchd. */
    bool vswitchd_applied;      /* ...and it applied the change. */
    long long int duration_ms;
    char *error;                /* NULL on success. */
    struct plan plan;           /* What was (or would be) done. */
    bool have_residual;
    struct plan residual;       /* Read back after the commit: empty when
                                 * verified. */
};

/* Computes in 'plan' (uninitialized) what would make the database in 'idl'
 * match 'cfg'. */
void apply_compute_plan(const struct offload_config *cfg,
                        struct ovsdb_idl *idl, struct plan *plan);

/* Makes the database in 'idl' match 'cfg'.  Fills 'report' (uninitialized;
 * free it with apply_report_destroy()).  Returns true on success. */
bool apply_run(const struct apply_run_options *,
               const struct offload_config *cfg, struct ovsdb_idl *idl,
               struct apply_report *report);

void apply_report_destroy(struct apply_report *);
bool apply_report_verified(const struct apply_report *);
struct json *apply_report_to_json(const struct apply_report *);

#endif /* apply-run.h */
