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

#ifndef RECONCILE_H
#define RECONCILE_H 1

/* The daemon's reconciliation of the Open_vSwitch database with the
 * configuration file: the same apply as "ovs-offloadctl apply" (apply-run.h)
 * run again whenever the database may have drifted from the file.
 *
 * The NIC phase (SR-IOV, switchdev, VF-LAG bond) is never run here: for a
 * file that has one, each full reconcile observes the NIC with a dry run of
 * the NIC phase, which rewrites the model as "apply" would (a VF-LAG bond
 * port becomes a system port on the Linux bond, or the OVS bond fallback)
 * and logs what "ovs-offloadctl apply" would still change in the NIC.
 *
 * Failures back off: after a failed run, automatic runs (drift, retry) wait
 * 1, 2, 4, ... up to 60 seconds; explicit ones (start, reconcile/now,
 * config/reload, restarts of ovsdb-server or ovs-vswitchd) run at once. */

#include <stdbool.h>

struct ds;
struct offload_config;
struct ovsdb_idl;

enum reconcile_reason {
    RECONCILE_START,            /* The daemon started. */
    RECONCILE_DRIFT,            /* The database changed and differs. */
    RECONCILE_REQUEST,          /* reconcile/now. */
    RECONCILE_RELOAD,           /* config/reload. */
    RECONCILE_OVSDB_RECONNECT,  /* The database connection came back. */
    RECONCILE_VSWITCHD_RESTART, /* ovs-vswitchd has a new pid. */
    RECONCILE_RESYNC,           /* Kernel events were lost. */
    RECONCILE_RETRY,            /* After a failure, once the backoff ran
                                 * out. */
};

const char *reconcile_reason_to_string(enum reconcile_reason);

struct reconcile_stats {
    unsigned long long int runs;
    int last_result;            /* -1 none yet, 0 failed, 1 ok. */
    long long int last_time_ms; /* Wall clock. */
    long long int last_duration_ms;
    const char *last_error;     /* NULL if the last run succeeded. */
    unsigned long long int drift_repairs;
};

struct reconciler;

/* 'config_file' is read by reconciler_load(); 'nic_state' (may be NULL) is
 * the NIC state file for the NIC observation. */
struct reconciler *reconciler_create(const char *config_file,
                                     const char *nic_state,
                                     long long int timeout_ms);
void reconciler_destroy(struct reconciler *);

/* Reads and validates the file.  On success returns NULL and replaces the
 * configuration; on failure returns the errors (one per line; the caller
 * frees them) and keeps the previous configuration, if any. */
char *reconciler_load(struct reconciler *);

/* The configuration as the file says (NULL before a successful load). */
const struct offload_config *reconciler_config(const struct reconciler *);

/* True if the database in 'idl' differs from the file: a plan against the
 * model of the last full reconcile is not empty.  Cheap (no NIC access). */
bool reconciler_drifted(struct reconciler *, struct ovsdb_idl *);

/* Runs one reconcile for 'reason'.  Appends a human-readable outcome to
 * 'out' (may be NULL): one summary line, then what was changed.  Returns
 * true on success. */
bool reconciler_run(struct reconciler *, struct ovsdb_idl *,
                    enum reconcile_reason, struct ds *out);

/* After a failure: the time (time_msec()) from which an automatic run may
 * go, else LLONG_MAX. */
long long int reconciler_retry_time(const struct reconciler *);

const struct reconcile_stats *reconciler_stats(const struct reconciler *);

#endif /* reconcile.h */
