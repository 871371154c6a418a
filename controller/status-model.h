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

#ifndef STATUS_MODEL_H
#define STATUS_MODEL_H 1

/* The status model of docs/status.md as plain data: one sample of the
 * system, and its rendering as /status.json, Prometheus text and text
 * views.  Nothing here reads the system, so unit tests fill a sample by
 * hand and check what comes out. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "controller/dp-flows.h"
#include "controller/offload-status.h"
#include "tc/tc-flower.h"

struct ds;
struct json;

/* Tri-state facts: 1 yes, 0 no, -1 unknown (null in JSON). */

struct status_leg {
    char *name;
    int up;                     /* Carrier and admin up. */
    int enabled;                /* The bond uses it. */
    int active;                 /* Active member. */
    char *driver;               /* NULL if unknown. */

    bool has_counters;
    bool counters_hw;           /* NIC counters (include offloaded
                                 * traffic) rather than the netdev's. */
    bool has_bytes;
    uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;

    bool has_pps, has_bps;      /* Rates over the last interval. */
    double rx_pps, tx_pps, rx_bps, tx_bps;

    /* Its ingress qdisc: 1 has one, 0 has none, -1 unknown (no such
     * netdev, or the qdisc dump failed); the shared block it is on, 0 if
     * none. */
    int ingress;
    uint32_t ingress_block;
};

enum status_bond_kind {
    STATUS_BOND_OVS,
    STATUS_BOND_LINUX,
};

enum status_lacp {
    STATUS_LACP_UNKNOWN,
    STATUS_LACP_OFF,
    STATUS_LACP_CONFIGURED,     /* Configured, not negotiated. */
    STATUS_LACP_NEGOTIATED,
};

enum status_vf_lag {
    STATUS_VF_LAG_NONE,         /* Not a VF-LAG bond: null. */
    STATUS_VF_LAG_ACTIVE,
    STATUS_VF_LAG_INACTIVE,
    STATUS_VF_LAG_UNKNOWN,
};

struct status_bond {
    char *name;
    enum status_bond_kind kind;
    char *mode;                 /* NULL if unknown. */
    enum status_lacp lacp;
    enum status_vf_lag vf_lag;
    bool has_imbalance;
    double imbalance_ratio;
    int ingress;                /* As for a leg: the bond netdev's own */
    uint32_t ingress_block;     /* ingress qdisc and shared block. */
    struct status_leg *legs;
    size_t n_legs;
};

/* The flower filters of one device's ingress or one shared block. */
struct status_tc {
    bool is_block;
    char *device;               /* NULL for a block. */
    uint32_t block;             /* 0 for a device. */
    unsigned int legs;          /* Hardware callbacks expected. */
    char *bond;                 /* Bond it belongs to, for alerts, or
                                 * NULL. */
    char *leg;                  /* The leg it is, for alerts, or NULL. */
    int error;                  /* Dump error (errno), 0 if none. */
    struct tc_flower_summary summary;
};

enum status_severity {
    STATUS_CRITICAL,
    STATUS_WARNING,
};

struct status_alert {
    enum status_severity severity;
    const char *code;           /* Static string. */
    char *bond;                 /* NULL if none. */
    char *leg;                  /* NULL if none. */
    char *message;
};

struct status_daemon {
    unsigned long long int reconcile_runs;
    int last_result;            /* -1 none yet, 0 failed, 1 ok. */
    long long int last_time_ms, last_duration_ms;
    char *last_error;
    unsigned long long int drift_repairs, link_events, resyncs,
                           ovsdb_reconnects, vswitchd_restarts,
                           block_repairs;
    char *paused;               /* Why reconciles wait, or NULL. */
};

struct status_sample {
    bool ok;                    /* The sample could read the system. */
    long long int time_ms;      /* Wall clock. */
    long long int interval_ms;  /* Since the previous sample, or 0. */
    char *host;

    bool ovs_reachable;
    long int vswitchd_pid;      /* 0 if not running. */
    int hw_offload_configured;
    int hw_offload_in_effect;
    char *tc_policy;            /* NULL if unknown. */

    struct status_bond *bonds;
    size_t n_bonds;

    struct status_tc *tc;
    size_t n_tc;

    struct dp_flows datapath;

    bool has_daemon;
    struct status_daemon daemon;

    struct status_alert *alerts;
    size_t n_alerts;
};

void status_sample_init(struct status_sample *);
void status_sample_destroy(struct status_sample *);

/* Appending to a sample; the returned element is zeroed, with tri-states
 * set to unknown. */
struct status_bond *status_sample_add_bond(struct status_sample *,
                                           const char *name);
struct status_leg *status_bond_add_leg(struct status_bond *,
                                       const char *name);
struct status_tc *status_sample_add_tc(struct status_sample *);
void status_sample_add_alert(struct status_sample *, enum status_severity,
                             const char *code, const char *bond,
                             const char *leg, const char *message);
void status_sample_clear_alerts(struct status_sample *);

/* in_hw filters / all flower filters; false without filters. */
bool status_sample_offload_ratio(const struct status_sample *, double *);

size_t status_sample_n_critical(const struct status_sample *);

const char *status_lacp_to_string(enum status_lacp);
const char *status_vf_lag_to_string(enum status_vf_lag);
const char *status_severity_to_string(enum status_severity);

/* Renderings of 'sample', as docs/status.md specifies them. */
struct json *status_sample_to_json(const struct status_sample *);
void status_sample_format_prometheus(const struct status_sample *,
                                     struct ds *);
void status_sample_format_text(const struct status_sample *, enum status_view,
                               struct ds *);

#endif /* status-model.h */
