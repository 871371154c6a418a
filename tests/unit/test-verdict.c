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

/* Unit tests of the verdicts (controller/verdict.c) and of the status model
 * renderings (controller/status-model.c), on samples built by hand.
 *
 * The alert tests start from a healthy sample (an LACP bond whose two legs
 * are up and carry traffic, everything in hardware) and break one thing per
 * table row; each row names the alert that must then fire, and no other
 * alert may fire. */

#include <config.h>

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "controller/status-model.h"
#include "controller/verdict.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "util.h"

static void
test_rate(void **state OVS_UNUSED)
{
    double r;

    assert_true(verdict_rate(100, 1100, 1000, &r));
    assert_true(r == 1000.0);
    assert_true(verdict_rate(100, 100, 500, &r));
    assert_true(r == 0.0);
    assert_true(verdict_rate(0, 50, 500, &r));
    assert_true(r == 100.0);
    /* Reset or wrap: unknown, never negative. */
    assert_false(verdict_rate(1000, 10, 1000, &r));
    assert_true(r == 0.0);
    assert_false(verdict_rate(UINT64_MAX, 5, 1000, &r));
    /* No interval. */
    assert_false(verdict_rate(1, 2, 0, &r));
    assert_false(verdict_rate(1, 2, -5, &r));
    /* Large counters keep their precision in the difference. */
    assert_true(verdict_rate(UINT64_MAX - 1000, UINT64_MAX, 1000, &r));
    assert_true(r == 1000.0);
}

static void
set_pps(struct status_leg *leg, double rx, double tx)
{
    leg->has_pps = true;
    leg->rx_pps = rx;
    leg->tx_pps = tx;
}

static void
healthy(struct status_sample *s)
{
    status_sample_init(s);
    s->ok = true;
    s->time_ms = 1795000000000LL;
    s->interval_ms = 1000;
    s->host = xstrdup("pve1");
    s->ovs_reachable = true;
    s->vswitchd_pid = 1234;
    s->hw_offload_configured = 1;
    s->hw_offload_in_effect = 1;
    s->tc_policy = xstrdup("none");

    struct status_bond *b = status_sample_add_bond(s, "bond0");
    b->kind = STATUS_BOND_OVS;
    b->mode = xstrdup("balance-tcp");
    b->lacp = STATUS_LACP_NEGOTIATED;

    static const char *const names[2] = { "p0", "p1" };
    for (int i = 0; i < 2; i++) {
        struct status_leg *leg = status_bond_add_leg(b, names[i]);

        leg->up = leg->enabled = 1;
        leg->active = i == 0;
        leg->driver = xstrdup("mlx5_core");
        leg->has_counters = leg->counters_hw = leg->has_bytes = true;
        leg->rx_packets = 123;
        leg->tx_packets = 456;
        set_pps(leg, 500, 600);
    }

    struct status_tc *tc = status_sample_add_tc(s);
    tc->is_block = true;
    tc->block = 7;
    tc->legs = 2;
    tc->bond = xstrdup("bond0");
    tc->summary.n_filters = 10;
    tc->summary.n_state[TC_OFFLOAD_IN_HW] = 10;

    s->datapath.available = true;
    s->datapath.offloaded = 10;
}

struct alert_case {
    const char *name;
    void (*mutate)(struct status_sample *);
    const char *code;           /* Expected alert, or NULL for none. */
    const char *leg;            /* Its leg, or NULL. */
    int severity;
};

static void m_none(struct status_sample *s OVS_UNUSED) { }
static void m_leg_down(struct status_sample *s)
{
    s->bonds[0].legs[1].up = 0;
    set_pps(&s->bonds[0].legs[1], 0, 0);
}
static void m_leg_unknown(struct status_sample *s)
{
    s->bonds[0].legs[1].up = -1;
}
static void m_lacp_configured(struct status_sample *s)
{
    s->bonds[0].lacp = STATUS_LACP_CONFIGURED;
}
static void m_lacp_off(struct status_sample *s)
{
    s->bonds[0].lacp = STATUS_LACP_OFF;
}
static void m_lacp_unknown(struct status_sample *s)
{
    s->bonds[0].lacp = STATUS_LACP_UNKNOWN;
}
static void m_vf_lag_inactive(struct status_sample *s)
{
    s->bonds[0].vf_lag = STATUS_VF_LAG_INACTIVE;
}
static void m_vf_lag_active(struct status_sample *s)
{
    s->bonds[0].vf_lag = STATUS_VF_LAG_ACTIVE;
}
static void m_vf_lag_unknown(struct status_sample *s)
{
    s->bonds[0].vf_lag = STATUS_VF_LAG_UNKNOWN;
}
static void m_not_in_effect(struct status_sample *s)
{
    s->hw_offload_in_effect = 0;
}
static void m_in_effect_unknown(struct status_sample *s)
{
    s->hw_offload_in_effect = -1;
}
static void m_hw_offload_off(struct status_sample *s)
{
    s->hw_offload_configured = 0;
    s->hw_offload_in_effect = 0;
    s->datapath.software = 3;   /* Software flows are expected then. */
}
static void m_not_in_hw(struct status_sample *s)
{
    s->tc[0].summary.n_state[TC_OFFLOAD_IN_HW] = 9;
    s->tc[0].summary.n_state[TC_OFFLOAD_NOT_IN_HW] = 1;
}
static void m_skip_hw(struct status_sample *s)
{
    s->tc[0].summary.n_state[TC_OFFLOAD_IN_HW] = 9;
    s->tc[0].summary.n_state[TC_OFFLOAD_SKIP_HW] = 1;
}
static void m_partial(struct status_sample *s)
{
    s->tc[0].summary.n_state[TC_OFFLOAD_IN_HW] = 8;
    s->tc[0].summary.n_state[TC_OFFLOAD_PARTIAL] = 2;
}
static void m_leg_idle(struct status_sample *s)
{
    set_pps(&s->bonds[0].legs[1], 1, 1);        /* LACP only. */
}
static void m_leg_idle_quiet_bond(struct status_sample *s)
{
    set_pps(&s->bonds[0].legs[0], 20, 20);      /* Below VERDICT_BUSY_PPS. */
    set_pps(&s->bonds[0].legs[1], 1, 1);
}
static void m_leg_idle_active_backup(struct status_sample *s)
{
    free(s->bonds[0].mode);
    s->bonds[0].mode = xstrdup("active-backup");
    set_pps(&s->bonds[0].legs[1], 0, 0);
}
static void m_leg_idle_no_rates(struct status_sample *s)
{
    s->bonds[0].legs[1].has_pps = false;
}
static void m_imbalance(struct status_sample *s)
{
    set_pps(&s->bonds[0].legs[0], 5000, 5000);
    set_pps(&s->bonds[0].legs[1], 1000, 1000);  /* 5.0 > 4. */
}
static void m_balance_at_limit(struct status_sample *s)
{
    set_pps(&s->bonds[0].legs[0], 4000, 4000);
    set_pps(&s->bonds[0].legs[1], 1000, 1000);  /* 4.0: not above. */
}
static void m_dp_software(struct status_sample *s)
{
    s->datapath.software = 2;
    s->datapath.reasons[DP_REASON_HASH] = 2;
}
static void m_dp_unavailable(struct status_sample *s)
{
    s->datapath.available = false;
    s->datapath.software = 2;
}

/* The VF-LAG layout OVS makes (facts.md 3.5): the Linux bond's ingress on
 * shared block 7 (its ifindex), both legs bound to it. */
static void m_on_block(struct status_sample *s)
{
    struct status_bond *b = &s->bonds[0];

    b->kind = STATUS_BOND_LINUX;
    b->ingress = 1;
    b->ingress_block = 7;
    for (size_t i = 0; i < b->n_legs; i++) {
        b->legs[i].ingress = 1;
        b->legs[i].ingress_block = 7;
    }
}
static void m_leg_no_qdisc(struct status_sample *s)
{
    m_on_block(s);
    s->bonds[0].legs[1].ingress = 0;
    s->bonds[0].legs[1].ingress_block = 0;
}
static void m_leg_other_block(struct status_sample *s)
{
    m_on_block(s);
    s->bonds[0].legs[1].ingress_block = 9;
}
static void m_leg_own_qdisc(struct status_sample *s)
{
    m_on_block(s);
    s->bonds[0].legs[1].ingress_block = 0;
}
static void m_leg_off_block_down(struct status_sample *s)
{
    m_leg_no_qdisc(s);
    m_leg_down(s);
}
static void m_leg_off_block_unknown(struct status_sample *s)
{
    m_on_block(s);
    s->bonds[0].legs[1].ingress = -1;
}
static void m_bond_without_block(struct status_sample *s)
{
    m_leg_no_qdisc(s);
    s->bonds[0].ingress_block = 0;      /* An ingress qdisc of its own. */
}
static void m_bond_without_qdisc(struct status_sample *s)
{
    m_leg_no_qdisc(s);
    s->bonds[0].ingress = 0;
    s->bonds[0].ingress_block = 0;
}

static const struct alert_case alert_cases[] = {
    { "healthy", m_none, NULL, NULL, 0 },
    { "leg down", m_leg_down, "leg_down", "p1", STATUS_CRITICAL },
    { "leg state unknown", m_leg_unknown, NULL, NULL, 0 },
    { "lacp configured", m_lacp_configured, "lacp_not_negotiated", NULL,
      STATUS_CRITICAL },
    { "lacp off", m_lacp_off, NULL, NULL, 0 },
    { "lacp unknown", m_lacp_unknown, NULL, NULL, 0 },
    { "vf-lag inactive", m_vf_lag_inactive, "vf_lag_inactive", NULL,
      STATUS_CRITICAL },
    { "vf-lag active", m_vf_lag_active, NULL, NULL, 0 },
    { "vf-lag unknown", m_vf_lag_unknown, NULL, NULL, 0 },
    { "hw-offload not in effect", m_not_in_effect,
      "hw_offload_not_in_effect", NULL, STATUS_CRITICAL },
    { "hw-offload in effect unknown", m_in_effect_unknown, NULL, NULL, 0 },
    { "hw-offload off", m_hw_offload_off, NULL, NULL, 0 },
    { "filter not in hw", m_not_in_hw, "flows_not_in_hw", NULL,
      STATUS_WARNING },
    { "filter skip_hw", m_skip_hw, NULL, NULL, 0 },
    { "filter partial", m_partial, "flows_partial", NULL, STATUS_WARNING },
    { "leg idle", m_leg_idle, "leg_idle", "p1", STATUS_WARNING },
    { "leg idle, quiet bond", m_leg_idle_quiet_bond, NULL, NULL, 0 },
    { "backup leg idle", m_leg_idle_active_backup, NULL, NULL, 0 },
    { "leg without rates", m_leg_idle_no_rates, NULL, NULL, 0 },
    { "imbalance", m_imbalance, "imbalance", NULL, STATUS_WARNING },
    { "imbalance at the limit", m_balance_at_limit, NULL, NULL, 0 },
    { "datapath software", m_dp_software, "datapath_software", NULL,
      STATUS_WARNING },
    { "datapath unknown", m_dp_unavailable, NULL, NULL, 0 },
    { "legs on the bond's block", m_on_block, NULL, NULL, 0 },
    { "leg without ingress qdisc", m_leg_no_qdisc, "leg_off_bond_block",
      "p1", STATUS_CRITICAL },
    { "leg on another block", m_leg_other_block, "leg_off_bond_block", "p1",
      STATUS_CRITICAL },
    { "leg with a qdisc of its own", m_leg_own_qdisc, "leg_off_bond_block",
      "p1", STATUS_CRITICAL },
    { "leg off the block and down", m_leg_off_block_down, "leg_down", "p1",
      STATUS_CRITICAL },
    { "leg ingress unknown", m_leg_off_block_unknown, NULL, NULL, 0 },
    { "bond without a block", m_bond_without_block, NULL, NULL, 0 },
    { "bond without ingress qdisc", m_bond_without_qdisc, NULL, NULL, 0 },
};

static void
test_alerts(void **state OVS_UNUSED)
{
    for (size_t i = 0; i < ARRAY_SIZE(alert_cases); i++) {
        const struct alert_case *c = &alert_cases[i];
        struct status_sample s;

        healthy(&s);
        c->mutate(&s);
        verdict_judge(&s);
        /* Judging twice replaces, never duplicates. */
        verdict_judge(&s);

        print_message("case: %s\n", c->name);
        if (!c->code) {
            for (size_t j = 0; j < s.n_alerts; j++) {
                print_message("unexpected: %s\n", s.alerts[j].code);
            }
            assert_int_equal(s.n_alerts, 0);
        } else {
            assert_int_equal(s.n_alerts, 1);
            assert_string_equal(s.alerts[0].code, c->code);
            assert_int_equal(s.alerts[0].severity, c->severity);
            if (c->leg) {
                assert_string_equal(s.alerts[0].leg, c->leg);
            }
            assert_int_equal(status_sample_n_critical(&s),
                             c->severity == STATUS_CRITICAL);
        }
        status_sample_destroy(&s);
    }
}

static void
test_leg_down_message(void **state OVS_UNUSED)
{
    struct status_sample s;

    healthy(&s);
    m_leg_down(&s);
    verdict_judge(&s);
    assert_int_equal(s.n_alerts, 1);
    assert_string_equal(s.alerts[0].bond, "bond0");
    assert_string_equal(s.alerts[0].message,
                        "leg p1 of bond0 is down; traffic runs on p0 only");

    /* Both down: two alerts, and the message says so. */
    s.bonds[0].legs[0].up = 0;
    verdict_judge(&s);
    assert_int_equal(s.n_alerts, 2);
    assert_non_null(strstr(s.alerts[0].message, "no leg is up"));
    status_sample_destroy(&s);
}

static void
test_off_block_message(void **state OVS_UNUSED)
{
    struct status_sample s;

    healthy(&s);
    m_leg_no_qdisc(&s);
    verdict_judge(&s);
    assert_int_equal(s.n_alerts, 1);
    assert_string_equal(s.alerts[0].bond, "bond0");
    assert_string_equal(s.alerts[0].leg, "p1");
    assert_string_equal(s.alerts[0].message,
                        "leg p1 of bond0 is not on the bond's shared ingress "
                        "block 7 (it has no ingress qdisc): traffic entering "
                        "on p1 misses the offloaded rules; a link down/up of "
                        "p1 makes ovs-vswitchd bind it again; ovs-offloadd "
                        "--repair-blocks does it");
    status_sample_destroy(&s);

    healthy(&s);
    m_leg_other_block(&s);
    verdict_judge(&s);
    assert_int_equal(s.n_alerts, 1);
    assert_non_null(strstr(s.alerts[0].message, "(it is on block 9)"));
    status_sample_destroy(&s);

    /* Both off: one alert per leg. */
    healthy(&s);
    m_leg_no_qdisc(&s);
    s.bonds[0].legs[0].ingress = 0;
    verdict_judge(&s);
    assert_int_equal(s.n_alerts, 2);
    assert_string_equal(s.alerts[0].leg, "p0");
    assert_string_equal(s.alerts[1].leg, "p1");
    status_sample_destroy(&s);
}

static void
test_imbalance(void **state OVS_UNUSED)
{
    struct status_sample s;
    double r;

    healthy(&s);
    assert_true(verdict_imbalance(&s.bonds[0], &r));
    assert_true(fabs(r - 1.0) < 1e-9);

    m_imbalance(&s);
    assert_true(verdict_imbalance(&s.bonds[0], &r));
    assert_true(fabs(r - 5.0) < 1e-9);

    /* A quieter leg at 0 is leg_idle, not a ratio. */
    set_pps(&s.bonds[0].legs[1], 0, 0);
    assert_false(verdict_imbalance(&s.bonds[0], &r));

    /* A down leg is not compared. */
    s.bonds[0].legs[1].up = 0;
    assert_false(verdict_imbalance(&s.bonds[0], &r));
    status_sample_destroy(&s);
}

static size_t
json_array_size(const struct json *j)
{
    assert_int_equal(j->type, JSON_ARRAY);
    return json_array(j)->n;
}

static const struct json *
json_array_at(const struct json *j, size_t i)
{
    assert_true(i < json_array_size(j));
    return json_array(j)->elems[i];
}

static const struct json *
jget(const struct json *j, const char *key)
{
    assert_int_equal(j->type, JSON_OBJECT);

    const struct json *v = shash_find_data(json_object(j), key);
    assert_non_null(v);
    return v;
}

static void
test_json(void **state OVS_UNUSED)
{
    struct status_sample s;

    healthy(&s);
    m_leg_down(&s);
    m_dp_software(&s);
    verdict_judge(&s);

    struct json *j = status_sample_to_json(&s);
    assert_int_equal(json_integer(jget(j, "version")), 1);
    assert_int_equal(json_integer(jget(j, "interval_ms")), 1000);
    assert_string_equal(json_string(jget(j, "host")), "pve1");
    assert_true(json_boolean(jget(jget(j, "ovs"), "hw_offload_in_effect")));
    assert_true(json_real(jget(j, "offload_ratio")) == 1.0);

    const struct json *bonds = jget(j, "bonds");
    assert_int_equal(json_array_size(bonds), 1);
    const struct json *b = json_array_at(bonds, 0);
    assert_string_equal(json_string(jget(b, "kind")), "ovs");
    assert_string_equal(json_string(jget(b, "lacp")), "negotiated");
    assert_int_equal(jget(b, "vf_lag")->type, JSON_NULL);
    const struct json *legs = jget(b, "legs");
    assert_int_equal(json_array_size(legs), 2);
    assert_false(json_boolean(jget(json_array_at(legs, 1), "up")));
    assert_string_equal(json_string(jget(json_array_at(legs, 0),
                                         "counters")), "hw");
    assert_int_equal(json_integer(jget(json_array_at(legs, 0),
                                       "rx_packets")), 123);
    assert_true(json_real(jget(json_array_at(legs, 0), "rx_pps")) == 500.0);
    assert_int_equal(jget(json_array_at(legs, 0), "rx_bps")->type,
                     JSON_NULL);
    /* Ingress not read: null. */
    assert_int_equal(jget(b, "ingress_block")->type, JSON_NULL);
    assert_int_equal(jget(json_array_at(legs, 0), "ingress_block")->type,
                     JSON_NULL);

    const struct json *tc = json_array_at(jget(j, "tc"), 0);
    assert_string_equal(json_string(jget(tc, "kind")), "block");
    assert_int_equal(jget(tc, "device")->type, JSON_NULL);
    assert_int_equal(json_integer(jget(tc, "block")), 7);
    assert_int_equal(json_integer(jget(tc, "in_hw")), 10);
    assert_int_equal(json_integer(jget(tc, "not_in_hw")), 0);

    const struct json *dp = jget(j, "datapath");
    assert_int_equal(json_integer(jget(dp, "software")), 2);
    assert_int_equal(json_integer(jget(jget(dp, "reasons"),
                                       "hash action (balance-tcp)")), 2);
    assert_int_equal(jget(j, "reconcile")->type, JSON_NULL);
    assert_int_equal(jget(j, "events")->type, JSON_NULL);

    const struct json *alerts = jget(j, "alerts");
    assert_int_equal(json_array_size(alerts), 2);
    const struct json *a = json_array_at(alerts, 0);
    assert_string_equal(json_string(jget(a, "severity")), "critical");
    assert_string_equal(json_string(jget(a, "code")), "leg_down");
    assert_string_equal(json_string(jget(a, "leg")), "p1");
    json_destroy(j);

    /* Daemon facts. */
    s.has_daemon = true;
    s.daemon.reconcile_runs = 3;
    s.daemon.last_result = 1;
    s.daemon.last_duration_ms = 12;
    s.daemon.link_events = 4;
    j = status_sample_to_json(&s);
    assert_string_equal(json_string(jget(jget(j, "reconcile"),
                                         "last_result")), "ok");
    assert_int_equal(json_integer(jget(jget(j, "events"), "link")), 4);
    assert_int_equal(json_integer(jget(jget(j, "events"), "block_repairs")),
                     0);
    json_destroy(j);
    status_sample_destroy(&s);

    /* The bond's block, and a leg off it: 7, 7 and 0. */
    healthy(&s);
    m_leg_no_qdisc(&s);
    s.has_daemon = true;
    s.daemon.block_repairs = 2;
    verdict_judge(&s);
    j = status_sample_to_json(&s);
    b = json_array_at(jget(j, "bonds"), 0);
    legs = jget(b, "legs");
    assert_int_equal(json_integer(jget(b, "ingress_block")), 7);
    assert_int_equal(json_integer(jget(json_array_at(legs, 0),
                                       "ingress_block")), 7);
    assert_int_equal(json_integer(jget(json_array_at(legs, 1),
                                       "ingress_block")), 0);
    assert_string_equal(json_string(jget(json_array_at(jget(j, "alerts"), 0),
                                         "code")), "leg_off_bond_block");
    assert_int_equal(json_integer(jget(jget(j, "events"), "block_repairs")),
                     2);
    json_destroy(j);
    status_sample_destroy(&s);
}

static void
test_prometheus(void **state OVS_UNUSED)
{
    struct status_sample s;
    struct ds out = DS_EMPTY_INITIALIZER;

    healthy(&s);
    free(s.bonds[0].name);
    s.bonds[0].name = xstrdup("b\"o\\nd\n");
    m_leg_down(&s);
    verdict_judge(&s);
    status_sample_format_prometheus(&s, &out);

    const char *t = ds_cstr(&out);
    assert_non_null(strstr(t, "# HELP ovs_offload_up "));
    assert_non_null(strstr(t, "# TYPE ovs_offload_up gauge\n"
                           "ovs_offload_up 1\n"));
    assert_non_null(strstr(t, "# TYPE ovs_offload_leg_packets_total "
                           "counter\n"));
    assert_non_null(strstr(t, "ovs_offload_ratio 1\n"));
    assert_non_null(strstr(t, "ovs_offload_leg_up{bond=\"b\\\"o\\\\nd\\n\","
                           "leg=\"p1\"} 0\n"));
    assert_non_null(strstr(t, "ovs_offload_tc_filters{kind=\"block\","
                           "device=\"\",block=\"7\",state=\"in_hw\"} 10\n"));
    assert_non_null(strstr(t, "ovs_offload_leg_packets_total{bond=\"b\\\"o"
                           "\\\\nd\\n\",leg=\"p0\",direction=\"rx\","
                           "counters=\"hw\"} 123\n"));
    assert_non_null(strstr(t, "ovs_offload_alert{code=\"leg_down\","
                           "severity=\"critical\",bond=\"b\\\"o\\\\nd\\n\","
                           "leg=\"p1\"} 1\n"));
    assert_non_null(strstr(t, "ovs_offload_datapath_flows{type=\"offloaded\"}"
                           " 10\n"));
    assert_null(strstr(t, "reconcile"));
    /* Only bonds with a block have it. */
    assert_null(strstr(t, "ovs_offload_leg_on_bond_block{"));

    /* Every metric family has one HELP and one TYPE line, before its
     * samples. */
    struct shash seen = SHASH_INITIALIZER(&seen);
    char *copy = xstrdup(t), *save = NULL;
    for (char *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "# TYPE ", 7)) {
            char *name = xstrdup(line + 7);
            *strchr(name, ' ') = '\0';
            assert_true(shash_add_once(&seen, name, NULL));
            free(name);
        } else if (line[0] != '#') {
            size_t n = strcspn(line, "{ ");
            char *name = xmemdup0(line, n);
            assert_non_null(shash_find(&seen, name));
            free(name);
        }
    }
    free(copy);
    shash_destroy(&seen);
    ds_destroy(&out);
    status_sample_destroy(&s);

    healthy(&s);
    m_leg_no_qdisc(&s);
    s.bonds[0].legs[0].up = 0;  /* Judged 0/1 all the same. */
    s.has_daemon = true;
    s.daemon.block_repairs = 3;
    verdict_judge(&s);
    ds_init(&out);
    status_sample_format_prometheus(&s, &out);
    t = ds_cstr(&out);
    assert_non_null(strstr(t, "ovs_offload_leg_on_bond_block{bond=\"bond0\","
                           "leg=\"p0\"} 1\n"));
    assert_non_null(strstr(t, "ovs_offload_leg_on_bond_block{bond=\"bond0\","
                           "leg=\"p1\"} 0\n"));
    assert_non_null(strstr(t, "ovs_offload_alert{code=\"leg_off_bond_block\","
                           "severity=\"critical\",bond=\"bond0\","
                           "leg=\"p1\"} 1\n"));
    assert_non_null(strstr(t, "ovs_offload_events_total{type="
                           "\"block_repair\"} 3\n"));
    ds_destroy(&out);
    status_sample_destroy(&s);
}

static void
test_text(void **state OVS_UNUSED)
{
    struct status_sample s;
    struct ds out = DS_EMPTY_INITIALIZER;

    healthy(&s);
    m_leg_down(&s);
    verdict_judge(&s);
    status_sample_format_text(&s, STATUS_VIEW_WATCH, &out);
    assert_non_null(strstr(ds_cstr(&out), "bond0 (OVS bond, balance-tcp), "
                           "lacp negotiated"));
    assert_non_null(strstr(ds_cstr(&out), "p1              DOWN"));
    assert_non_null(strstr(ds_cstr(&out), "CRITICAL leg_down"));
    assert_non_null(strstr(ds_cstr(&out), "offload ratio: 100%"));
    ds_destroy(&out);
    status_sample_destroy(&s);

    healthy(&s);
    m_leg_other_block(&s);
    verdict_judge(&s);
    ds_init(&out);
    status_sample_format_text(&s, STATUS_VIEW_LAG, &out);
    assert_non_null(strstr(ds_cstr(&out), ", ingress block 7\n"));
    assert_non_null(strstr(ds_cstr(&out), "  block 7\n"));
    assert_non_null(strstr(ds_cstr(&out), "  OFF BLOCK (on 9)\n"));
    assert_non_null(strstr(ds_cstr(&out), "CRITICAL leg_off_bond_block"));
    ds_destroy(&out);
    status_sample_destroy(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rate),
        cmocka_unit_test(test_alerts),
        cmocka_unit_test(test_leg_down_message),
        cmocka_unit_test(test_off_block_message),
        cmocka_unit_test(test_imbalance),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_prometheus),
        cmocka_unit_test(test_text),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
