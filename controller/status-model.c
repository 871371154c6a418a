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

#include "controller/status-model.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "util.h"

void
status_sample_init(struct status_sample *s)
{
    memset(s, 0, sizeof *s);
    s->hw_offload_configured = -1;
    s->hw_offload_in_effect = -1;
    dp_flows_init(&s->datapath);
}

void
status_sample_clear_alerts(struct status_sample *s)
{
    for (size_t i = 0; i < s->n_alerts; i++) {
        free(s->alerts[i].bond);
        free(s->alerts[i].leg);
        free(s->alerts[i].message);
    }
    free(s->alerts);
    s->alerts = NULL;
    s->n_alerts = 0;
}

void
status_sample_destroy(struct status_sample *s)
{
    if (!s) {
        return;
    }
    for (size_t i = 0; i < s->n_bonds; i++) {
        struct status_bond *b = &s->bonds[i];

        for (size_t j = 0; j < b->n_legs; j++) {
            free(b->legs[j].name);
            free(b->legs[j].driver);
        }
        free(b->legs);
        free(b->name);
        free(b->mode);
    }
    free(s->bonds);
    for (size_t i = 0; i < s->n_tc; i++) {
        free(s->tc[i].device);
        free(s->tc[i].bond);
        free(s->tc[i].leg);
    }
    free(s->tc);
    status_sample_clear_alerts(s);
    free(s->daemon.last_error);
    free(s->daemon.paused);
    free(s->host);
    free(s->tc_policy);
    status_sample_init(s);
}

struct status_bond *
status_sample_add_bond(struct status_sample *s, const char *name)
{
    s->bonds = xrealloc(s->bonds, (s->n_bonds + 1) * sizeof *s->bonds);

    struct status_bond *b = &s->bonds[s->n_bonds++];
    memset(b, 0, sizeof *b);
    b->name = xstrdup(name);
    b->ingress = -1;
    return b;
}

struct status_leg *
status_bond_add_leg(struct status_bond *b, const char *name)
{
    b->legs = xrealloc(b->legs, (b->n_legs + 1) * sizeof *b->legs);

    struct status_leg *leg = &b->legs[b->n_legs++];
    memset(leg, 0, sizeof *leg);
    leg->name = xstrdup(name);
    leg->up = leg->enabled = leg->active = -1;
    leg->ingress = -1;
    return leg;
}

struct status_tc *
status_sample_add_tc(struct status_sample *s)
{
    s->tc = xrealloc(s->tc, (s->n_tc + 1) * sizeof *s->tc);

    struct status_tc *tc = &s->tc[s->n_tc++];
    memset(tc, 0, sizeof *tc);
    tc_flower_summary_init(&tc->summary);
    return tc;
}

void
status_sample_add_alert(struct status_sample *s, enum status_severity sev,
                        const char *code, const char *bond, const char *leg,
                        const char *message)
{
    s->alerts = xrealloc(s->alerts, (s->n_alerts + 1) * sizeof *s->alerts);

    struct status_alert *a = &s->alerts[s->n_alerts++];
    a->severity = sev;
    a->code = code;
    a->bond = nullable_xstrdup(bond);
    a->leg = nullable_xstrdup(leg);
    a->message = xstrdup(message);
}

bool
status_sample_offload_ratio(const struct status_sample *s, double *ratio)
{
    unsigned long long int n = 0, in_hw = 0;

    for (size_t i = 0; i < s->n_tc; i++) {
        n += s->tc[i].summary.n_filters;
        in_hw += s->tc[i].summary.n_state[TC_OFFLOAD_IN_HW];
    }
    *ratio = n ? (double) in_hw / n : 0;
    return n > 0;
}

size_t
status_sample_n_critical(const struct status_sample *s)
{
    size_t n = 0;

    for (size_t i = 0; i < s->n_alerts; i++) {
        n += s->alerts[i].severity == STATUS_CRITICAL;
    }
    return n;
}

const char *
status_lacp_to_string(enum status_lacp lacp)
{
    switch (lacp) {
    case STATUS_LACP_OFF:
        return "off";
    case STATUS_LACP_CONFIGURED:
        return "configured";
    case STATUS_LACP_NEGOTIATED:
        return "negotiated";
    case STATUS_LACP_UNKNOWN:
    default:
        return "unknown";
    }
}

const char *
status_vf_lag_to_string(enum status_vf_lag v)
{
    switch (v) {
    case STATUS_VF_LAG_ACTIVE:
        return "active";
    case STATUS_VF_LAG_INACTIVE:
        return "inactive";
    case STATUS_VF_LAG_UNKNOWN:
        return "unknown";
    case STATUS_VF_LAG_NONE:
    default:
        return NULL;
    }
}

const char *
status_severity_to_string(enum status_severity sev)
{
    return sev == STATUS_CRITICAL ? "critical" : "warning";
}

/* JSON. */

static struct json *
json_tristate(int v)
{
    return v < 0 ? json_null_create() : json_boolean_create(v);
}

static struct json *
json_nullable_string(const char *s)
{
    return s ? json_string_create(s) : json_null_create();
}

static struct json *
json_opt_real(bool has, double v)
{
    return has ? json_real_create(v) : json_null_create();
}

static struct json *
json_u64(uint64_t v)
{
    return json_integer_create(v > INT64_MAX ? INT64_MAX : (long long) v);
}

/* The shared block of an ingress qdisc: null if unknown, 0 for none. */
static struct json *
json_ingress_block(int ingress, uint32_t block)
{
    return (ingress < 0 ? json_null_create()
            : json_integer_create(ingress ? block : 0));
}

static struct json *
leg_to_json(const struct status_leg *leg)
{
    struct json *j = json_object_create();

    json_object_put_string(j, "name", leg->name);
    json_object_put(j, "up", json_tristate(leg->up));
    json_object_put(j, "enabled", json_tristate(leg->enabled));
    json_object_put(j, "active", json_tristate(leg->active));
    json_object_put(j, "driver", json_nullable_string(leg->driver));
    json_object_put(j, "counters", (!leg->has_counters ? json_null_create()
                                    : json_string_create(leg->counters_hw
                                                         ? "hw" : "sw")));
#define PUT_COUNTER(NAME, HAS)                                          \
    json_object_put(j, #NAME, HAS ? json_u64(leg->NAME) : json_null_create())
    PUT_COUNTER(rx_packets, leg->has_counters);
    PUT_COUNTER(tx_packets, leg->has_counters);
    PUT_COUNTER(rx_bytes, leg->has_counters && leg->has_bytes);
    PUT_COUNTER(tx_bytes, leg->has_counters && leg->has_bytes);
#undef PUT_COUNTER
    json_object_put(j, "rx_pps", json_opt_real(leg->has_pps, leg->rx_pps));
    json_object_put(j, "tx_pps", json_opt_real(leg->has_pps, leg->tx_pps));
    json_object_put(j, "rx_bps", json_opt_real(leg->has_bps, leg->rx_bps));
    json_object_put(j, "tx_bps", json_opt_real(leg->has_bps, leg->tx_bps));
    json_object_put(j, "ingress_block",
                    json_ingress_block(leg->ingress, leg->ingress_block));
    return j;
}

static struct json *
bond_to_json(const struct status_bond *b)
{
    struct json *j = json_object_create();

    json_object_put_string(j, "name", b->name);
    json_object_put_string(j, "kind",
                           b->kind == STATUS_BOND_OVS ? "ovs" : "linux");
    json_object_put(j, "mode", json_nullable_string(b->mode));
    json_object_put_string(j, "lacp", status_lacp_to_string(b->lacp));
    json_object_put(j, "vf_lag",
                    json_nullable_string(status_vf_lag_to_string(b->vf_lag)));
    json_object_put(j, "imbalance_ratio",
                    json_opt_real(b->has_imbalance, b->imbalance_ratio));
    json_object_put(j, "ingress_block",
                    json_ingress_block(b->ingress, b->ingress_block));

    struct json *legs = json_array_create_empty();
    for (size_t i = 0; i < b->n_legs; i++) {
        json_array_add(legs, leg_to_json(&b->legs[i]));
    }
    json_object_put(j, "legs", legs);
    return j;
}

static struct json *
tc_to_json(const struct status_tc *tc)
{
    struct json *j = json_object_create();
    const struct tc_flower_summary *sum = &tc->summary;

    json_object_put_string(j, "kind", tc->is_block ? "block" : "device");
    json_object_put(j, "device", json_nullable_string(tc->device));
    json_object_put(j, "block", json_integer_create(tc->block));
    json_object_put(j, "legs", json_integer_create(tc->legs));
    json_object_put(j, "filters", json_integer_create(sum->n_filters));
    for (int st = 0; st < TC_OFFLOAD_MAX; st++) {
        json_object_put(j, tc_offload_state_to_string(st),
                        json_integer_create(sum->n_state[st]));
    }
    json_object_put(j, "hw_packets", json_u64(sum->hw.n_packets));
    json_object_put(j, "hw_bytes", json_u64(sum->hw.n_bytes));
    json_object_put(j, "sw_packets", json_u64(sum->sw.n_packets));
    json_object_put(j, "sw_bytes", json_u64(sum->sw.n_bytes));
    return j;
}

static struct json *
datapath_to_json(const struct dp_flows *dp)
{
    struct json *j = json_object_create();
    struct json *reasons = json_object_create();

    json_object_put(j, "available", json_boolean_create(dp->available));
    json_object_put(j, "offloaded", (dp->available
                                     ? json_integer_create(dp->offloaded)
                                     : json_null_create()));
    json_object_put(j, "software", (dp->available
                                    ? json_integer_create(dp->software)
                                    : json_null_create()));
    for (int r = 0; r < DP_REASON_N; r++) {
        const char *name = dp_flow_reason_to_string(r);

        if (name && dp->reasons[r]) {
            json_object_put(reasons, name,
                            json_integer_create(dp->reasons[r]));
        }
    }
    json_object_put(j, "reasons", reasons);
    return j;
}

static const char *
result_name(int last_result)
{
    return last_result < 0 ? "none" : last_result ? "ok" : "failed";
}

struct json *
status_sample_to_json(const struct status_sample *s)
{
    struct json *j = json_object_create();

    json_object_put(j, "version", json_integer_create(1));
    json_object_put(j, "time_ms", json_integer_create(s->time_ms));
    json_object_put(j, "interval_ms", (s->interval_ms > 0
                                       ? json_integer_create(s->interval_ms)
                                       : json_null_create()));
    json_object_put(j, "host", json_nullable_string(s->host));

    struct json *ovs = json_object_create();
    json_object_put(ovs, "reachable", json_boolean_create(s->ovs_reachable));
    json_object_put(ovs, "vswitchd_pid", (s->vswitchd_pid
                                          ? json_integer_create(
                                              s->vswitchd_pid)
                                          : json_null_create()));
    json_object_put(ovs, "hw_offload_configured",
                    json_tristate(s->hw_offload_configured));
    json_object_put(ovs, "hw_offload_in_effect",
                    json_tristate(s->hw_offload_in_effect));
    json_object_put(ovs, "tc_policy", json_nullable_string(s->tc_policy));
    json_object_put(j, "ovs", ovs);

    double ratio;
    bool has_ratio = status_sample_offload_ratio(s, &ratio);
    json_object_put(j, "offload_ratio", json_opt_real(has_ratio, ratio));

    struct json *bonds = json_array_create_empty();
    for (size_t i = 0; i < s->n_bonds; i++) {
        json_array_add(bonds, bond_to_json(&s->bonds[i]));
    }
    json_object_put(j, "bonds", bonds);

    struct json *tc = json_array_create_empty();
    for (size_t i = 0; i < s->n_tc; i++) {
        json_array_add(tc, tc_to_json(&s->tc[i]));
    }
    json_object_put(j, "tc", tc);
    json_object_put(j, "datapath", datapath_to_json(&s->datapath));

    if (s->has_daemon) {
        const struct status_daemon *d = &s->daemon;
        struct json *r = json_object_create();
        struct json *e = json_object_create();

        json_object_put(r, "runs", json_integer_create(d->reconcile_runs));
        json_object_put_string(r, "last_result",
                               result_name(d->last_result));
        json_object_put(r, "last_time_ms", (d->last_result >= 0
                                            ? json_integer_create(
                                                d->last_time_ms)
                                            : json_null_create()));
        json_object_put(r, "last_duration_ms", (d->last_result >= 0
                                                ? json_integer_create(
                                                    d->last_duration_ms)
                                                : json_null_create()));
        json_object_put(r, "last_error",
                        json_nullable_string(d->last_error));
        json_object_put(r, "drift_repairs",
                        json_integer_create(d->drift_repairs));
        json_object_put(r, "paused", json_nullable_string(d->paused));
        json_object_put(j, "reconcile", r);

        json_object_put(e, "link", json_integer_create(d->link_events));
        json_object_put(e, "resyncs", json_integer_create(d->resyncs));
        json_object_put(e, "ovsdb_reconnects",
                        json_integer_create(d->ovsdb_reconnects));
        json_object_put(e, "vswitchd_restarts",
                        json_integer_create(d->vswitchd_restarts));
        json_object_put(e, "block_repairs",
                        json_integer_create(d->block_repairs));
        json_object_put(j, "events", e);
    } else {
        json_object_put(j, "reconcile", json_null_create());
        json_object_put(j, "events", json_null_create());
    }

    struct json *alerts = json_array_create_empty();
    for (size_t i = 0; i < s->n_alerts; i++) {
        const struct status_alert *a = &s->alerts[i];
        struct json *o = json_object_create();

        json_object_put_string(o, "severity",
                               status_severity_to_string(a->severity));
        json_object_put_string(o, "code", a->code);
        json_object_put(o, "bond", json_nullable_string(a->bond));
        json_object_put(o, "leg", json_nullable_string(a->leg));
        json_object_put_string(o, "message", a->message);
        json_array_add(alerts, o);
    }
    json_object_put(j, "alerts", alerts);
    return j;
}

/* Prometheus text format 0.0.4. */

static void
prom_header(struct ds *out, const char *name, const char *type,
            const char *help)
{
    ds_put_format(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name,
                  type);
}

/* Label value escaping: backslash, double quote and line feed. */
static void
prom_escape(struct ds *out, const char *s)
{
    for (; s && *s; s++) {
        if (*s == '\\') {
            ds_put_cstr(out, "\\\\");
        } else if (*s == '"') {
            ds_put_cstr(out, "\\\"");
        } else if (*s == '\n') {
            ds_put_cstr(out, "\\n");
        } else {
            ds_put_char(out, *s);
        }
    }
}

/* One sample line: 'labels' is a NULL-terminated list of name, value
 * pairs (a NULL value prints as ""). */
static void
prom_line(struct ds *out, const char *name, const char *const *labels,
          double value)
{
    ds_put_cstr(out, name);
    if (labels && labels[0]) {
        ds_put_char(out, '{');
        for (size_t i = 0; labels[i]; i += 2) {
            ds_put_format(out, "%s%s=\"", i ? "," : "", labels[i]);
            prom_escape(out, labels[i + 1]);
            ds_put_char(out, '"');
        }
        ds_put_char(out, '}');
    }
    ds_put_format(out, " %.17g\n", value);
}

#define LABELS(...) ((const char *const []) { __VA_ARGS__, NULL })

void
status_sample_format_prometheus(const struct status_sample *s,
                                struct ds *out)
{
    prom_header(out, "ovs_offload_up", "gauge",
                "1 when the last sample succeeded.");
    prom_line(out, "ovs_offload_up", NULL, s->ok);

    if (s->hw_offload_configured >= 0) {
        prom_header(out, "ovs_offload_hw_offload_configured", "gauge",
                    "other_config:hw-offload is true in the database.");
        prom_line(out, "ovs_offload_hw_offload_configured", NULL,
                  s->hw_offload_configured);
    }
    if (s->hw_offload_in_effect >= 0) {
        prom_header(out, "ovs_offload_hw_offload_in_effect", "gauge",
                    "ovs-vswitchd runs with hw-offload.");
        prom_line(out, "ovs_offload_hw_offload_in_effect", NULL,
                  s->hw_offload_in_effect);
    }

    double ratio;
    if (status_sample_offload_ratio(s, &ratio)) {
        prom_header(out, "ovs_offload_ratio", "gauge",
                    "In-hardware flower filters over all flower filters.");
        prom_line(out, "ovs_offload_ratio", NULL, ratio);
    }

    if (s->n_tc) {
        prom_header(out, "ovs_offload_tc_filters", "gauge",
                    "Flower filters per offload state.");
        for (size_t i = 0; i < s->n_tc; i++) {
            const struct status_tc *tc = &s->tc[i];
            char block[16];

            snprintf(block, sizeof block, "%"PRIu32, tc->block);
            for (int st = 0; st < TC_OFFLOAD_MAX; st++) {
                prom_line(out, "ovs_offload_tc_filters",
                          LABELS("kind", tc->is_block ? "block" : "device",
                                 "device", tc->device, "block", block,
                                 "state", tc_offload_state_to_string(st)),
                          tc->summary.n_state[st]);
            }
        }
        static const char *const names[2] = {
            "ovs_offload_tc_packets_total", "ovs_offload_tc_bytes_total",
        };
        for (int k = 0; k < 2; k++) {
            prom_header(out, names[k], "counter", k
                        ? "Bytes matched by flower filters, per path."
                        : "Packets matched by flower filters, per path.");
            for (size_t i = 0; i < s->n_tc; i++) {
                const struct status_tc *tc = &s->tc[i];
                char block[16];

                snprintf(block, sizeof block, "%"PRIu32, tc->block);
                const char *kind = tc->is_block ? "block" : "device";
                prom_line(out, names[k],
                          LABELS("kind", kind, "device", tc->device,
                                 "block", block, "path", "hw"),
                          k ? tc->summary.hw.n_bytes
                            : tc->summary.hw.n_packets);
                prom_line(out, names[k],
                          LABELS("kind", kind, "device", tc->device,
                                 "block", block, "path", "sw"),
                          k ? tc->summary.sw.n_bytes
                            : tc->summary.sw.n_packets);
            }
        }
    }

    if (s->datapath.available) {
        prom_header(out, "ovs_offload_datapath_flows", "gauge",
                    "Datapath flows, offloaded or in software.");
        prom_line(out, "ovs_offload_datapath_flows",
                  LABELS("type", "offloaded"), s->datapath.offloaded);
        prom_line(out, "ovs_offload_datapath_flows",
                  LABELS("type", "software"), s->datapath.software);
    }

    if (s->n_bonds) {
        prom_header(out, "ovs_offload_bond_lacp_negotiated", "gauge",
                    "1 when LACP is negotiated on the bond.");
        for (size_t i = 0; i < s->n_bonds; i++) {
            prom_line(out, "ovs_offload_bond_lacp_negotiated",
                      LABELS("bond", s->bonds[i].name),
                      s->bonds[i].lacp == STATUS_LACP_NEGOTIATED);
        }
        prom_header(out, "ovs_offload_bond_vf_lag_active", "gauge",
                    "1 when the NIC offloads the bond's LAG (VF-LAG).");
        for (size_t i = 0; i < s->n_bonds; i++) {
            if (s->bonds[i].vf_lag != STATUS_VF_LAG_NONE) {
                prom_line(out, "ovs_offload_bond_vf_lag_active",
                          LABELS("bond", s->bonds[i].name),
                          s->bonds[i].vf_lag == STATUS_VF_LAG_ACTIVE);
            }
        }
        prom_header(out, "ovs_offload_bond_imbalance_ratio", "gauge",
                    "Busier leg pps over quieter leg pps.");
        for (size_t i = 0; i < s->n_bonds; i++) {
            if (s->bonds[i].has_imbalance) {
                prom_line(out, "ovs_offload_bond_imbalance_ratio",
                          LABELS("bond", s->bonds[i].name),
                          s->bonds[i].imbalance_ratio);
            }
        }

        prom_header(out, "ovs_offload_leg_up", "gauge",
                    "1 when the leg has carrier and is admin up.");
        for (size_t i = 0; i < s->n_bonds; i++) {
            for (size_t j = 0; j < s->bonds[i].n_legs; j++) {
                const struct status_leg *l = &s->bonds[i].legs[j];
                if (l->up >= 0) {
                    prom_line(out, "ovs_offload_leg_up",
                              LABELS("bond", s->bonds[i].name,
                                     "leg", l->name), l->up);
                }
            }
        }
        prom_header(out, "ovs_offload_leg_enabled", "gauge",
                    "1 when the bond uses the leg.");
        for (size_t i = 0; i < s->n_bonds; i++) {
            for (size_t j = 0; j < s->bonds[i].n_legs; j++) {
                const struct status_leg *l = &s->bonds[i].legs[j];
                if (l->enabled >= 0) {
                    prom_line(out, "ovs_offload_leg_enabled",
                              LABELS("bond", s->bonds[i].name,
                                     "leg", l->name), l->enabled);
                }
            }
        }
        prom_header(out, "ovs_offload_leg_on_bond_block", "gauge",
                    "1 when the leg's ingress is on its bond's shared "
                    "block (bonds with a block only).");
        for (size_t i = 0; i < s->n_bonds; i++) {
            const struct status_bond *b = &s->bonds[i];

            if (b->ingress != 1 || !b->ingress_block) {
                continue;
            }
            for (size_t j = 0; j < b->n_legs; j++) {
                const struct status_leg *l = &b->legs[j];

                if (l->ingress >= 0) {
                    prom_line(out, "ovs_offload_leg_on_bond_block",
                              LABELS("bond", b->name, "leg", l->name),
                              l->ingress == 1
                              && l->ingress_block == b->ingress_block);
                }
            }
        }
        static const char *const leg_names[2] = {
            "ovs_offload_leg_packets_total", "ovs_offload_leg_bytes_total",
        };
        for (int k = 0; k < 2; k++) {
            prom_header(out, leg_names[k], "counter", k
                        ? "Bytes through the leg."
                        : "Packets through the leg.");
            for (size_t i = 0; i < s->n_bonds; i++) {
                for (size_t j = 0; j < s->bonds[i].n_legs; j++) {
                    const struct status_leg *l = &s->bonds[i].legs[j];
                    const char *c = l->counters_hw ? "hw" : "sw";

                    if (!l->has_counters || (k && !l->has_bytes)) {
                        continue;
                    }
                    prom_line(out, leg_names[k],
                              LABELS("bond", s->bonds[i].name,
                                     "leg", l->name, "direction", "rx",
                                     "counters", c),
                              k ? l->rx_bytes : l->rx_packets);
                    prom_line(out, leg_names[k],
                              LABELS("bond", s->bonds[i].name,
                                     "leg", l->name, "direction", "tx",
                                     "counters", c),
                              k ? l->tx_bytes : l->tx_packets);
                }
            }
        }
        prom_header(out, "ovs_offload_leg_packets_per_second", "gauge",
                    "Packets per second through the leg, last interval.");
        for (size_t i = 0; i < s->n_bonds; i++) {
            for (size_t j = 0; j < s->bonds[i].n_legs; j++) {
                const struct status_leg *l = &s->bonds[i].legs[j];

                if (!l->has_pps) {
                    continue;
                }
                prom_line(out, "ovs_offload_leg_packets_per_second",
                          LABELS("bond", s->bonds[i].name, "leg", l->name,
                                 "direction", "rx"), l->rx_pps);
                prom_line(out, "ovs_offload_leg_packets_per_second",
                          LABELS("bond", s->bonds[i].name, "leg", l->name,
                                 "direction", "tx"), l->tx_pps);
            }
        }
    }

    prom_header(out, "ovs_offload_alert", "gauge",
                "1 per active alert (see docs/status.md).");
    for (size_t i = 0; i < s->n_alerts; i++) {
        const struct status_alert *a = &s->alerts[i];

        prom_line(out, "ovs_offload_alert",
                  LABELS("code", a->code,
                         "severity", status_severity_to_string(a->severity),
                         "bond", a->bond, "leg", a->leg), 1);
    }

    if (s->has_daemon) {
        const struct status_daemon *d = &s->daemon;

        prom_header(out, "ovs_offload_reconcile_runs_total", "counter",
                    "Reconcile runs of the daemon.");
        prom_line(out, "ovs_offload_reconcile_runs_total", NULL,
                  d->reconcile_runs);
        if (d->last_result >= 0) {
            prom_header(out, "ovs_offload_reconcile_last_success", "gauge",
                        "1 when the last reconcile run succeeded.");
            prom_line(out, "ovs_offload_reconcile_last_success", NULL,
                      d->last_result);
            prom_header(out, "ovs_offload_reconcile_last_duration_seconds",
                        "gauge", "Duration of the last reconcile run.");
            prom_line(out, "ovs_offload_reconcile_last_duration_seconds",
                      NULL, d->last_duration_ms / 1000.0);
        }
        prom_header(out, "ovs_offload_reconcile_paused", "gauge",
                    "1 while the daemon does not reconcile (see "
                    "reconcile.paused in /status.json).");
        prom_line(out, "ovs_offload_reconcile_paused", NULL, !!d->paused);
        prom_header(out, "ovs_offload_drift_repairs_total", "counter",
                    "Drift the daemon repaired.");
        prom_line(out, "ovs_offload_drift_repairs_total", NULL,
                  d->drift_repairs);
        prom_header(out, "ovs_offload_events_total", "counter",
                    "Events the daemon handled, per type.");
        prom_line(out, "ovs_offload_events_total", LABELS("type", "link"),
                  d->link_events);
        prom_line(out, "ovs_offload_events_total", LABELS("type", "resync"),
                  d->resyncs);
        prom_line(out, "ovs_offload_events_total",
                  LABELS("type", "ovsdb_reconnect"), d->ovsdb_reconnects);
        prom_line(out, "ovs_offload_events_total",
                  LABELS("type", "vswitchd_restart"), d->vswitchd_restarts);
        prom_line(out, "ovs_offload_events_total",
                  LABELS("type", "block_repair"), d->block_repairs);
    }
}

/* Text views. */

static const char *
tristate_word(int v, const char *yes, const char *no)
{
    return v < 0 ? "?" : v ? yes : no;
}

static void
format_rate(struct ds *out, bool has, double v)
{
    if (!has) {
        ds_put_format(out, " %10s", "-");
    } else if (v >= 1e6) {
        ds_put_format(out, " %9.2fM", v / 1e6);
    } else if (v >= 1e4) {
        ds_put_format(out, " %9.1fk", v / 1e3);
    } else {
        ds_put_format(out, " %10.1f", v);
    }
}

static void
format_ovs(const struct status_sample *s, struct ds *out)
{
    ds_put_format(out, "ovs-vswitchd: %s",
                  s->ovs_reachable ? "running" : "not running");
    if (s->vswitchd_pid) {
        ds_put_format(out, " (pid %ld)", s->vswitchd_pid);
    }
    ds_put_format(out, ", hw-offload %s, in effect %s, tc-policy %s\n",
                  tristate_word(s->hw_offload_configured, "on", "off"),
                  tristate_word(s->hw_offload_in_effect, "yes", "no"),
                  s->tc_policy ? s->tc_policy : "?");
}

static void
format_offload_ratio(const struct status_sample *s, struct ds *out)
{
    double ratio;
    unsigned long long int n = 0, in_hw = 0;

    for (size_t i = 0; i < s->n_tc; i++) {
        n += s->tc[i].summary.n_filters;
        in_hw += s->tc[i].summary.n_state[TC_OFFLOAD_IN_HW];
    }
    if (status_sample_offload_ratio(s, &ratio)) {
        ds_put_format(out, "offload ratio: %.0f%% (%llu of %llu flower "
                      "filters in hardware)\n", ratio * 100, in_hw, n);
    } else {
        ds_put_cstr(out, "offload ratio: - (no flower filters)\n");
    }
}

static void
format_datapath(const struct status_sample *s, struct ds *out)
{
    const struct dp_flows *dp = &s->datapath;

    if (!dp->available) {
        ds_put_cstr(out, "datapath flows: unknown\n");
        return;
    }
    ds_put_format(out, "datapath flows: %llu offloaded, %llu in software",
                  dp->offloaded, dp->software);

    bool first = true;
    for (int r = 0; r < DP_REASON_N; r++) {
        const char *name = dp_flow_reason_to_string(r);

        if (name && dp->reasons[r]) {
            ds_put_format(out, "%s%s: %llu", first ? " (" : ", ", name,
                          dp->reasons[r]);
            first = false;
        }
    }
    ds_put_cstr(out, first ? "\n" : ")\n");
}

static void
format_tc(const struct status_sample *s, struct ds *out)
{
    if (!s->n_tc) {
        return;
    }
    ds_put_format(out, "%-20s %5s %7s %6s %9s %7s %7s %12s %12s\n",
                  "TC INGRESS", "LEGS", "FILTERS", "IN_HW", "NOT_IN_HW",
                  "PARTIAL", "SKIP_HW", "HW PKTS", "SW PKTS");
    for (size_t i = 0; i < s->n_tc; i++) {
        const struct status_tc *tc = &s->tc[i];
        const struct tc_flower_summary *sum = &tc->summary;
        char *where = (tc->is_block ? xasprintf("block %"PRIu32, tc->block)
                       : xstrdup(tc->device));

        ds_put_format(out, "%-20s %5u %7u %6u %9u %7u %7u %12"PRIu64
                      " %12"PRIu64"%s\n", where, tc->legs, sum->n_filters,
                      sum->n_state[TC_OFFLOAD_IN_HW],
                      sum->n_state[TC_OFFLOAD_NOT_IN_HW],
                      sum->n_state[TC_OFFLOAD_PARTIAL],
                      sum->n_state[TC_OFFLOAD_SKIP_HW],
                      sum->hw.n_packets, sum->sw.n_packets,
                      tc->error ? "  (dump failed)" : "");
        free(where);
    }
}

static void
format_bonds(const struct status_sample *s, struct ds *out)
{
    if (!s->n_bonds) {
        ds_put_cstr(out, "no bonds\n");
    }
    for (size_t i = 0; i < s->n_bonds; i++) {
        const struct status_bond *b = &s->bonds[i];
        const char *vf = status_vf_lag_to_string(b->vf_lag);

        ds_put_format(out, "%s (%s bond, %s), lacp %s", b->name,
                      b->kind == STATUS_BOND_OVS ? "OVS" : "Linux",
                      b->mode ? b->mode : "mode unknown",
                      status_lacp_to_string(b->lacp));
        if (vf) {
            ds_put_format(out, ", VF-LAG %s", vf);
        }
        if (b->has_imbalance) {
            ds_put_format(out, ", imbalance %.2f", b->imbalance_ratio);
        }
        bool has_block = b->ingress == 1 && b->ingress_block;
        if (has_block) {
            ds_put_format(out, ", ingress block %"PRIu32, b->ingress_block);
        }
        ds_put_char(out, '\n');
        ds_put_format(out, "  %-15s %-5s %-7s %-6s %10s %10s %10s %10s  %s\n",
                      "LEG", "LINK", "ENABLED", "ACTIVE", "RX PPS", "TX PPS",
                      "RX BPS", "TX BPS", "COUNTERS");
        for (size_t j = 0; j < b->n_legs; j++) {
            const struct status_leg *l = &b->legs[j];

            ds_put_format(out, "  %-15s %-5s %-7s %-6s", l->name,
                          tristate_word(l->up, "up", "DOWN"),
                          tristate_word(l->enabled, "yes", "no"),
                          tristate_word(l->active, "yes", "no"));
            format_rate(out, l->has_pps, l->rx_pps);
            format_rate(out, l->has_pps, l->tx_pps);
            format_rate(out, l->has_bps, l->rx_bps);
            format_rate(out, l->has_bps, l->tx_bps);
            ds_put_format(out, "  %s%s%s",
                          !l->has_counters ? "-" : l->counters_hw ? "hw"
                          : "sw", l->driver ? " " : "",
                          l->driver ? l->driver : "");
            if (has_block && l->ingress >= 0) {
                if (l->ingress && l->ingress_block == b->ingress_block) {
                    ds_put_format(out, "  block %"PRIu32, l->ingress_block);
                } else if (l->ingress && l->ingress_block) {
                    ds_put_format(out, "  OFF BLOCK (on %"PRIu32")",
                                  l->ingress_block);
                } else {
                    ds_put_cstr(out, "  OFF BLOCK");
                }
            }
            ds_put_char(out, '\n');
        }
    }
}

/* The daemon's reconcile, when something holds it back. */
static void
format_reconcile(const struct status_sample *s, struct ds *out)
{
    if (s->has_daemon && s->daemon.paused) {
        ds_put_format(out, "reconcile: paused: %s\n", s->daemon.paused);
    }
}

static void
format_alerts(const struct status_sample *s, struct ds *out)
{
    if (!s->n_alerts) {
        ds_put_cstr(out, "alerts: none\n");
        return;
    }
    ds_put_format(out, "alerts: %"PRIuSIZE"\n", s->n_alerts);
    for (size_t i = 0; i < s->n_alerts; i++) {
        const struct status_alert *a = &s->alerts[i];

        ds_put_format(out, "  %-8s %-24s %s\n",
                      a->severity == STATUS_CRITICAL ? "CRITICAL" : "warning",
                      a->code, a->message);
    }
}

void
status_sample_format_text(const struct status_sample *s,
                          enum status_view view, struct ds *out)
{
    switch (view) {
    case STATUS_VIEW_OFFLOAD:
        format_ovs(s, out);
        format_offload_ratio(s, out);
        format_datapath(s, out);
        format_tc(s, out);
        format_reconcile(s, out);
        format_alerts(s, out);
        break;
    case STATUS_VIEW_LAG:
        format_bonds(s, out);
        format_alerts(s, out);
        break;
    case STATUS_VIEW_FLOWS:
        format_datapath(s, out);
        format_offload_ratio(s, out);
        format_tc(s, out);
        break;
    case STATUS_VIEW_WATCH:
    default:
        format_ovs(s, out);
        format_bonds(s, out);
        format_offload_ratio(s, out);
        format_datapath(s, out);
        format_tc(s, out);
        format_alerts(s, out);
        break;
    }
}
