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

#include "controller/verdict.h"

#include <inttypes.h>
#include <string.h>

#include "controller/status-model.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

bool
verdict_rate(uint64_t prev, uint64_t cur, long long int interval_ms,
             double *rate)
{
    if (interval_ms <= 0 || cur < prev) {
        *rate = 0;
        return false;
    }
    *rate = (double) (cur - prev) * 1000.0 / interval_ms;
    return true;
}

static double
leg_pps(const struct status_leg *leg)
{
    return leg->rx_pps + leg->tx_pps;
}

/* Active-backup bonds keep their backup leg idle by design. */
static bool
bond_balances(const struct status_bond *bond)
{
    return !bond->mode || !strstr(bond->mode, "active-backup");
}

/* Busiest and quietest up legs with rates, and the bond's total; returns
 * the number of such legs. */
static size_t
bond_extremes(const struct status_bond *bond, double *max, double *min,
              size_t *min_idx, double *total)
{
    size_t n = 0;

    *max = *min = *total = 0;
    *min_idx = 0;
    for (size_t i = 0; i < bond->n_legs; i++) {
        const struct status_leg *leg = &bond->legs[i];

        if (leg->up != 1 || !leg->has_pps) {
            continue;
        }
        double pps = leg_pps(leg);
        if (!n || pps > *max) {
            *max = pps;
        }
        if (!n || pps < *min) {
            *min = pps;
            *min_idx = i;
        }
        *total += pps;
        n++;
    }
    return n;
}

bool
verdict_imbalance(const struct status_bond *bond, double *ratio)
{
    double max, min, total;
    size_t min_idx;

    *ratio = 0;
    if (bond_extremes(bond, &max, &min, &min_idx, &total) < 2
        || total < VERDICT_BUSY_PPS || min <= 0) {
        return false;
    }
    *ratio = max / min;
    return true;
}

bool
verdict_leg_off_block(const struct status_bond *b,
                      const struct status_leg *leg)
{
    return (b->ingress == 1 && b->ingress_block
            && leg->up == 1 && leg->ingress >= 0
            && !(leg->ingress == 1
                 && leg->ingress_block == b->ingress_block));
}

static void
judge_bond(struct status_sample *s, struct status_bond *b)
{
    struct ds msg = DS_EMPTY_INITIALIZER;

    b->has_imbalance = verdict_imbalance(b, &b->imbalance_ratio);

    for (size_t i = 0; i < b->n_legs; i++) {
        const struct status_leg *leg = &b->legs[i];

        if (leg->up != 0) {
            continue;
        }
        ds_clear(&msg);
        ds_put_format(&msg, "leg %s of %s is down; ", leg->name, b->name);

        size_t n_up = 0;
        for (size_t j = 0; j < b->n_legs; j++) {
            if (b->legs[j].up == 1) {
                ds_put_format(&msg, "%s%s", n_up ? ", " : "traffic runs on ",
                              b->legs[j].name);
                n_up++;
            }
        }
        ds_put_cstr(&msg, n_up == 1 ? " only" : n_up ? "" : "no leg is up");
        status_sample_add_alert(s, STATUS_CRITICAL, "leg_down", b->name,
                                leg->name, ds_cstr(&msg));
    }

    /* OVS puts a Linux bond's ingress on a shared block and binds every
     * member's ingress to it (facts.md section 3.5); a member left off it
     * after an ovs-vswitchd restart, or enslaved before ovs-vswitchd
     * started, never sees the offloaded rules.  A down leg carries nothing
     * and is "leg_down" already; an unknown ingress is not judged. */
    for (size_t i = 0; b->ingress == 1 && b->ingress_block
                       && i < b->n_legs; i++) {
        const struct status_leg *leg = &b->legs[i];

        if (!verdict_leg_off_block(b, leg)) {
            continue;
        }
        ds_clear(&msg);
        ds_put_format(&msg, "leg %s of %s is not on the bond's shared "
                      "ingress block %"PRIu32" (", leg->name, b->name,
                      b->ingress_block);
        if (!leg->ingress) {
            ds_put_cstr(&msg, "it has no ingress qdisc");
        } else if (leg->ingress_block) {
            ds_put_format(&msg, "it is on block %"PRIu32,
                          leg->ingress_block);
        } else {
            ds_put_cstr(&msg, "its ingress qdisc is its own");
        }
        ds_put_format(&msg, "): traffic entering on %s misses the "
                      "offloaded rules; a link down/up of %s makes "
                      "ovs-vswitchd bind it again; ovs-offloadd "
                      "--repair-blocks does it", leg->name, leg->name);
        status_sample_add_alert(s, STATUS_CRITICAL, "leg_off_bond_block",
                                b->name, leg->name, ds_cstr(&msg));
    }

    if (b->lacp == STATUS_LACP_CONFIGURED) {
        ds_clear(&msg);
        ds_put_format(&msg, "LACP is configured on %s but not negotiated "
                      "with the switch", b->name);
        status_sample_add_alert(s, STATUS_CRITICAL, "lacp_not_negotiated",
                                b->name, NULL, ds_cstr(&msg));
    }
    if (b->vf_lag == STATUS_VF_LAG_INACTIVE) {
        ds_clear(&msg);
        ds_put_format(&msg, "the NIC has not activated the VF-LAG of %s: "
                      "offloaded traffic does not fail over", b->name);
        status_sample_add_alert(s, STATUS_CRITICAL, "vf_lag_inactive",
                                b->name, NULL, ds_cstr(&msg));
    }

    double max, min, total;
    size_t min_idx;
    if (bond_balances(b)
        && bond_extremes(b, &max, &min, &min_idx, &total) >= 2
        && total >= VERDICT_BUSY_PPS) {
        if (min < max * VERDICT_IDLE_SHARE) {
            const struct status_leg *leg = &b->legs[min_idx];

            ds_clear(&msg);
            ds_put_format(&msg, "%s carries %.0f pps but its leg %s carries "
                          "%s", b->name, total, leg->name,
                          min > 0 ? "almost none" : "none");
            status_sample_add_alert(s, STATUS_WARNING, "leg_idle", b->name,
                                    leg->name, ds_cstr(&msg));
        } else if (b->has_imbalance
                   && b->imbalance_ratio > VERDICT_IMBALANCE_MAX) {
            ds_clear(&msg);
            ds_put_format(&msg, "the legs of %s are imbalanced: the busier "
                          "carries %.1f times what the quieter does",
                          b->name, b->imbalance_ratio);
            status_sample_add_alert(s, STATUS_WARNING, "imbalance", b->name,
                                    NULL, ds_cstr(&msg));
        }
    }
    ds_destroy(&msg);
}

static void
judge_tc(struct status_sample *s, const struct status_tc *tc)
{
    const struct tc_flower_summary *sum = &tc->summary;
    unsigned int not_in_hw = sum->n_state[TC_OFFLOAD_NOT_IN_HW];
    unsigned int partial = sum->n_state[TC_OFFLOAD_PARTIAL];
    char *where = (tc->is_block
                   ? xasprintf("block %"PRIu32, tc->block)
                   : xasprintf("%s ingress", tc->device));

    if (not_in_hw) {
        char *msg = xasprintf("%u of %u flower filters on %s are not in "
                              "hardware: that traffic runs in software",
                              not_in_hw, sum->n_filters, where);
        status_sample_add_alert(s, STATUS_WARNING, "flows_not_in_hw",
                                tc->bond, tc->leg, msg);
        free(msg);
    }
    if (partial) {
        char *msg = xasprintf("%u of %u flower filters on %s are in hardware "
                              "on fewer than its %u legs", partial,
                              sum->n_filters, where, tc->legs);
        status_sample_add_alert(s, STATUS_WARNING, "flows_partial",
                                tc->bond, tc->leg, msg);
        free(msg);
    }
    free(where);
}

void
verdict_judge(struct status_sample *s)
{
    status_sample_clear_alerts(s);

    if (s->hw_offload_configured == 1 && s->hw_offload_in_effect == 0) {
        status_sample_add_alert(s, STATUS_CRITICAL,
                                "hw_offload_not_in_effect", NULL, NULL,
                                "hw-offload=true in the database, but "
                                "ovs-vswitchd has not restarted since: "
                                "nothing is offloaded yet");
    }
    for (size_t i = 0; i < s->n_bonds; i++) {
        judge_bond(s, &s->bonds[i]);
    }
    for (size_t i = 0; i < s->n_tc; i++) {
        judge_tc(s, &s->tc[i]);
    }
    if (s->hw_offload_configured == 1 && s->datapath.available
        && s->datapath.software) {
        char *msg = xasprintf("hw-offload is on but %llu datapath flows "
                              "stay in software (%llu offloaded)",
                              s->datapath.software, s->datapath.offloaded);
        status_sample_add_alert(s, STATUS_WARNING, "datapath_software",
                                NULL, NULL, msg);
        free(msg);
    }
}
