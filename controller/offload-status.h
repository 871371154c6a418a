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

#ifndef OFFLOAD_STATUS_H
#define OFFLOAD_STATUS_H 1

/* The status sampler: one status model for every view (docs/status.md).
 *
 * A sampler knows which bonds to watch, takes samples of the system
 * (status_sampler_run()), keeps the last two to compute rates, and renders
 * the latest as /status.json, Prometheus text or a text view.  The data
 * model and the rendering live in controller/status-model.h, the alert
 * rules in controller/verdict.h; this module reads the system. */

#include <stdbool.h>
#include <stddef.h>

struct status_sampler;
struct offload_config;
struct ovsdb_idl;
struct json;
struct ds;

struct status_sampler *status_sampler_create(void);
void status_sampler_destroy(struct status_sampler *);

/* Which bonds to watch: those of 'cfg' (may be NULL: OVS bonds = ports with
 * more than one interface; VF-LAG Linux bonds) plus 'bonds' by name (OVS
 * bond or Linux bond, resolved at sample time); with neither, discover
 * every OVS bond (bond/list) and every Linux bond.  Copies what it
 * needs. */
void status_sampler_set_targets(struct status_sampler *,
                                const struct offload_config *cfg,
                                char *const *bonds, size_t n_bonds);

/* Where the VF-LAG verdicts of the last apply are (the NIC state file,
 * NIC_STATE_FILE_DEFAULT unless set); NULL restores the default. */
void status_sampler_set_nic_state_file(struct status_sampler *,
                                       const char *path);

/* Takes one sample now; rates against the previous sample.  'idl' (may be
 * NULL) gives the Open_vSwitch row (hw-offload configured, restart-pending
 * record).  Never blocks for long: unixctl calls use a short timeout;
 * failures become "unknown"/null, not errors. */
void status_sampler_run(struct status_sampler *, struct ovsdb_idl *idl);

/* An rtnetlink link event (daemon): updates that leg's up/down in the
 * current sample at once and recomputes the alerts, without a full
 * sample. */
void status_sampler_link_event(struct status_sampler *, const char *ifname,
                               bool up);

/* Daemon-only facts, shown under "reconcile" and "events"; NULL clears. */
struct status_daemon_info {
    unsigned long long int reconcile_runs;
    int last_result;                 /* -1 none yet, 0 failed, 1 ok. */
    long long int last_time_ms, last_duration_ms;
    const char *last_error;          /* Copied; may be NULL. */
    unsigned long long int drift_repairs, link_events, resyncs,
                           ovsdb_reconnects, vswitchd_restarts,
                           block_repairs;
    const char *paused;              /* Why reconciles wait (copied), or
                                      * NULL. */
};
void status_sampler_set_daemon_info(struct status_sampler *,
                                    const struct status_daemon_info *);

/* The latest sample (its alerts included), for the daemon's decisions;
 * valid until the next status_sampler_*() call. */
struct status_sample;
const struct status_sample *status_sampler_current(
    const struct status_sampler *);

/* /status.json; the caller frees it. */
struct json *status_sampler_to_json(const struct status_sampler *);

/* /metrics: Prometheus text format 0.0.4, with # HELP and # TYPE lines and
 * escaped label values. */
void status_sampler_format_prometheus(const struct status_sampler *,
                                      struct ds *);

enum status_view {
    STATUS_VIEW_OFFLOAD,        /* hw-offload, TC filters, alerts. */
    STATUS_VIEW_LAG,            /* Bonds and legs. */
    STATUS_VIEW_FLOWS,          /* Datapath flows and TC filters. */
    STATUS_VIEW_WATCH,          /* All of it, compact, for "watch". */
};
void status_sampler_format_text(const struct status_sampler *,
                                enum status_view, struct ds *);

/* Number of active alerts (for exit codes and tests). */
size_t status_sampler_n_alerts(const struct status_sampler *);

/* Number of active critical alerts. */
size_t status_sampler_n_critical(const struct status_sampler *);

#endif /* offload-status.h */
