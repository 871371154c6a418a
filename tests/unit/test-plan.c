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

/* Unit tests of the planner against synthetic database states.
 *
 * fake_ovsdb_play() (fake-ovsdb.c) is a fake backend: it carries out a plan
 * on a db_state the way ovsdb-server would (including garbage collection of
 * unreferenced ports and interfaces), so that tests can check the central
 * property of apply: after a plan is carried out, the next plan is empty. */

#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "controller/db-state.h"
#include "controller/offload-config.h"
#include "controller/plan.h"
#include "fake-ovsdb.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "smap.h"
#include "unit-util.h"
#include "util.h"

/* The tests' YAML, parsed; a parse error fails the test. */
static struct offload_config *
parse(const char *yaml)
{
    return unit_parse_config("test.yaml", yaml);
}

static void
compute(const struct offload_config *cfg, const struct db_state *st,
        long int pid, struct plan *plan)
{
    struct plan_options opts = { .vswitchd_pid = pid };

    plan_init(plan);
    plan_compute(cfg, st, &opts, plan);
}

/* Helpers to look into plans. */

static const struct plan_op *
find_op(const struct plan *plan, enum plan_table table, const char *name)
{
    for (size_t i = 0; i < plan->n_ops; i++) {
        if (plan->ops[i].table == table && !strcmp(plan->ops[i].name, name)) {
            return &plan->ops[i];
        }
    }
    return NULL;
}

static const struct plan_change *
find_change(const struct plan_op *op, const char *column, const char *key)
{
    for (size_t i = 0; op && i < op->n_changes; i++) {
        const struct plan_change *c = &op->changes[i];

        if (!strcmp(c->column, column)
            && (!key || (c->key && !strcmp(c->key, key)))) {
            return c;
        }
    }
    return NULL;
}

static void
assert_plan_empty(const struct plan *plan)
{
    if (!plan_is_empty(plan)) {
        struct ds s = DS_EMPTY_INITIALIZER;

        plan_format_text(plan, &s);
        fprintf(stderr, "plan not empty:\n%s", ds_cstr(&s));
        ds_destroy(&s);
        fail();
    }
}

/* Applies 'yaml' to 'st' and checks that a second plan is empty. */
static void
converge(struct db_state *st, const char *yaml)
{
    struct offload_config *cfg = parse(yaml);
    struct plan plan;

    compute(cfg, st, 0, &plan);
    assert_int_equal(plan.n_conflicts, 0);
    fake_ovsdb_play(st, &plan);
    plan_destroy(&plan);

    compute(cfg, st, 0, &plan);
    assert_plan_empty(&plan);
    plan_destroy(&plan);
    offload_config_destroy(cfg);
}

static const char sandbox_yaml[] =
    "version: 1\n"
    "ovs:\n"
    "  max-idle: 10000\n"
    "bridges:\n"
    "  - name: br0\n"
    "    datapath-type: netdev\n"
    "    fail-mode: standalone\n"
    "    ports:\n"
    "      - name: bond0\n"
    "        type: bond\n"
    "        members: [a0, a1]\n"
    "        bond-mode: balance-tcp\n"
    "        lacp: active\n"
    "        lacp-time: fast\n"
    "        lacp-fallback-ab: true\n"
    "      - {name: vm1, type: system, tag: 10}\n"
    "      - {name: vm2, type: internal, mtu: 1400, trunks: [20, 10]}\n";

/* Tests. */

static void
test_create_from_empty(void **state OVS_UNUSED)
{
    struct offload_config *cfg = parse(sandbox_yaml);
    struct db_state st;
    struct plan plan;

    db_state_init(&st);
    compute(cfg, &st, 0, &plan);

    const struct plan_op *root = find_op(&plan, PLAN_OPEN_VSWITCH, ".");
    assert_non_null(root);
    assert_int_equal(root->action, PLAN_CREATE);
    assert_non_null(find_change(root, "other_config", "max-idle"));
    const struct plan_change *c = find_change(root, "bridges", NULL);
    assert_int_equal(c->kind, PLAN_ADDREF);
    assert_string_equal(c->new_value, "br0");

    const struct plan_op *bond = find_op(&plan, PLAN_PORT, "bond0");
    assert_int_equal(bond->action, PLAN_CREATE);
    assert_string_equal(find_change(bond, "bond_mode", NULL)->new_value,
                        "balance-tcp");
    assert_string_equal(find_change(bond, "lacp", NULL)->new_value,
                        "active");
    assert_string_equal(find_change(bond, "other_config",
                                    "lacp-time")->new_value, "fast");
    assert_string_equal(find_change(bond, "other_config",
                                    "lacp-fallback-ab")->new_value, "true");
    assert_string_equal(find_change(bond, "external_ids",
                                    OFFLOAD_OWNER_KEY)->new_value,
                        "ovs-offload");

    /* The bridge's own internal port comes with it. */
    const struct plan_op *own = find_op(&plan, PLAN_INTERFACE, "br0");
    assert_string_equal(find_change(own, "type", NULL)->new_value,
                        "internal");
    assert_non_null(find_op(&plan, PLAN_INTERFACE, "a0"));
    assert_non_null(find_op(&plan, PLAN_INTERFACE, "a1"));
    assert_string_equal(find_change(find_op(&plan, PLAN_PORT, "vm2"),
                                    "trunks", NULL)->new_value, "10,20");
    assert_string_equal(find_change(find_op(&plan, PLAN_INTERFACE, "vm2"),
                                    "mtu_request", NULL)->new_value,
                        "1400");
    assert_int_equal(plan.n_conflicts, 0);
    assert_false(plan.restart_needed);

    plan_destroy(&plan);
    offload_config_destroy(cfg);
    db_state_destroy(&st);
}

static void
test_converges(void **state OVS_UNUSED)
{
    struct db_state st;

    db_state_init(&st);
    converge(&st, sandbox_yaml);
    assert_int_equal(shash_count(&st.ports), 4);
    assert_int_equal(shash_count(&st.ifaces), 5);
    db_state_destroy(&st);
}

static void
test_foreign_rows_survive(void **state OVS_UNUSED)
{
    struct db_state st;

    db_state_init(&st);
    converge(&st, sandbox_yaml);

    /* Someone adds a port and keys by hand. */
    db_state_add_port(&st, "br0", "foreign0");
    db_state_add_iface(&st, "foreign0", "foreign0");
    smap_add(&((struct db_bridge *) shash_find_data(&st.bridges, "br0"))
             ->other_config, "someone", "else");
    smap_add(&st.other_config, "hw-offload", "true");
    db_state_finish(&st);

    struct offload_config *cfg = parse(sandbox_yaml);
    struct plan plan;
    compute(cfg, &st, 0, &plan);
    assert_plan_empty(&plan);
    plan_destroy(&plan);
    offload_config_destroy(cfg);

    /* Also after a change that touches the bridge. */
    converge(&st, "version: 1\nbridges:\n  - name: br0\n"
             "    other-config: {mcast-snooping-disable-flood-unregistered: "
             "\"true\"}\n");
    assert_non_null(shash_find(&st.ports, "foreign0"));
    assert_null(shash_find(&st.ports, "bond0"));
    assert_string_equal(smap_get(&((struct db_bridge *)
                                   shash_find_data(&st.bridges, "br0"))
                                 ->other_config, "someone"), "else");
    assert_string_equal(smap_get(&st.other_config, "hw-offload"), "true");
    db_state_destroy(&st);
}

static void
test_sweep_owned(void **state OVS_UNUSED)
{
    struct offload_config *cfg;
    struct db_state st;
    struct plan plan;

    db_state_init(&st);
    converge(&st, sandbox_yaml);

    cfg = parse("version: 1\nbridges:\n  - name: br0\n"
                "    datapath-type: netdev\n"
                "    fail-mode: standalone\n"
                "    ports:\n      - {name: vm1, tag: 10}\n");
    compute(cfg, &st, 0, &plan);
    assert_int_equal(find_op(&plan, PLAN_PORT, "bond0")->action,
                     PLAN_DELETE);
    assert_int_equal(find_op(&plan, PLAN_PORT, "vm2")->action, PLAN_DELETE);
    assert_int_equal(find_op(&plan, PLAN_INTERFACE, "a0")->action,
                     PLAN_DELETE);
    assert_null(find_op(&plan, PLAN_PORT, "vm1"));
    assert_non_null(find_change(find_op(&plan, PLAN_OPEN_VSWITCH, "."),
                                "other_config", "max-idle"));
    plan_destroy(&plan);
    offload_config_destroy(cfg);

    /* No bridge at all: the owned bridge goes. */
    converge(&st, "version: 1\n");
    assert_int_equal(shash_count(&st.bridges), 0);
    assert_int_equal(shash_count(&st.ports), 0);
    assert_int_equal(shash_count(&st.ifaces), 0);
    db_state_destroy(&st);
}

static void
test_keep_bridge_with_foreign_port(void **state OVS_UNUSED)
{
    struct offload_config *cfg = parse("version: 1\n");
    struct db_state st;
    struct plan plan;

    db_state_init(&st);
    converge(&st, sandbox_yaml);
    db_state_add_port(&st, "br0", "foreign0");
    db_state_add_iface(&st, "foreign0", "foreign0");
    db_state_finish(&st);

    compute(cfg, &st, 0, &plan);
    assert_int_equal(plan.n_warnings, 1);
    assert_non_null(strstr(plan.warnings[0], "foreign0"));
    assert_null(find_op(&plan, PLAN_OPEN_VSWITCH, ".")
                ? find_change(find_op(&plan, PLAN_OPEN_VSWITCH, "."),
                              "bridges", NULL) : NULL);
    fake_ovsdb_play(&st, &plan);
    assert_non_null(shash_find(&st.bridges, "br0"));
    assert_non_null(shash_find(&st.ports, "foreign0"));
    assert_null(shash_find(&st.ports, "bond0"));
    plan_destroy(&plan);
    offload_config_destroy(cfg);
    db_state_destroy(&st);
}

static void
test_conflict_and_adopt(void **state OVS_UNUSED)
{
    static const char yaml[] = "version: 1\nbridges:\n  - name: br0\n";
    static const char adopt[] = "version: 1\nbridges:\n  - name: br0\n"
                                "    adopt: true\n";
    struct offload_config *cfg = parse(yaml);
    struct db_state st;
    struct plan plan;

    db_state_init(&st);
    st.has_root = true;
    db_state_add_bridge(&st, "br0");
    db_state_add_port(&st, "br0", "br0");
    db_state_add_iface(&st, "br0", "br0");
    db_state_finish(&st);

    compute(cfg, &st, 0, &plan);
    assert_int_equal(plan.n_conflicts, 1);
    assert_non_null(strstr(plan.conflicts[0], "adopt: true"));
    assert_non_null(strstr(plan.conflicts[0], "test.yaml:3"));
    plan_destroy(&plan);
    offload_config_destroy(cfg);

    converge(&st, adopt);
    assert_true(db_state_is_owned(&((struct db_bridge *)
                                    shash_find_data(&st.bridges, "br0"))
                                  ->external_ids));
    db_state_destroy(&st);
}

static void
test_port_of_someone_else(void **state OVS_UNUSED)
{
    struct offload_config *cfg = parse(sandbox_yaml);
    struct db_state st;
    struct plan plan;

    db_state_init(&st);
    st.has_root = true;
    db_state_add_bridge(&st, "other");
    db_state_add_port(&st, "other", "vm1");
    db_state_add_iface(&st, "vm1", "vm1");
    db_state_add_port(&st, "other", "legacy");
    db_state_add_iface(&st, "legacy", "a0");
    db_state_finish(&st);

    compute(cfg, &st, 0, &plan);
    assert_int_equal(plan.n_conflicts, 2);
    assert_non_null(strstr(plan.conflicts[0], "vm1")
                    ? plan.conflicts[0] : plan.conflicts[1]);
    plan_destroy(&plan);
    offload_config_destroy(cfg);
    db_state_destroy(&st);
}

static void
test_map_keys(void **state OVS_UNUSED)
{
    struct db_state st;

    db_state_init(&st);
    converge(&st, "version: 1\nbridges:\n  - name: br0\n"
             "    other-config: {a: \"1\", b: \"2\"}\n"
             "    external-ids: {x: \"1\"}\n");
    struct db_bridge *br = shash_find_data(&st.bridges, "br0");
    smap_add(&br->other_config, "c", "foreign");

    struct offload_config *cfg = parse("version: 1\nbridges:\n"
                                       "  - name: br0\n"
                                       "    other-config: {a: \"9\"}\n");
    struct plan plan;
    compute(cfg, &st, 0, &plan);

    const struct plan_op *op = find_op(&plan, PLAN_BRIDGE, "br0");
    assert_int_equal(find_change(op, "other_config", "a")->kind,
                     PLAN_SETKEY);
    assert_int_equal(find_change(op, "other_config", "b")->kind,
                     PLAN_DELKEY);
    assert_null(find_change(op, "other_config", "c"));
    assert_int_equal(find_change(op, "external_ids", "x")->kind,
                     PLAN_DELKEY);
    fake_ovsdb_play(&st, &plan);
    plan_destroy(&plan);
    offload_config_destroy(cfg);

    br = shash_find_data(&st.bridges, "br0");
    assert_string_equal(smap_get(&br->other_config, "a"), "9");
    assert_null(smap_get(&br->other_config, "b"));
    assert_string_equal(smap_get(&br->other_config, "c"), "foreign");
    assert_null(smap_get(&br->external_ids, "x"));
    db_state_destroy(&st);
}

static void
test_global_prior_restored(void **state OVS_UNUSED)
{
    struct db_state st;

    db_state_init(&st);
    st.has_root = true;
    smap_add(&st.other_config, "max-idle", "5000");
    converge(&st, "version: 1\novs:\n  max-idle: 10000\n"
             "  hw-offload: true\n");
    assert_string_equal(smap_get(&st.other_config, "max-idle"), "10000");
    assert_string_equal(smap_get(&st.other_config, "hw-offload"), "true");

    converge(&st, "version: 1\n");
    assert_string_equal(smap_get(&st.other_config, "max-idle"), "5000");
    assert_null(smap_get(&st.other_config, "hw-offload"));
    assert_true(smap_is_empty(&st.external_ids));
    db_state_destroy(&st);
}

/* hw-offload lifecycle.  hw-offload is not derived from the sriov section:
 * a file that wants offload says "hw-offload: true" under "ovs:", next to
 * its sriov entries, and removing SR-IOV from the file removes both.  The
 * key then goes back to the operator's value from before ovs-offload first
 * set it, or away if there was none. */
static const char sriov_offload_yaml[] =
    "version: 1\n"
    "ovs: {hw-offload: true, tc-policy: skip_sw}\n"
    "sriov:\n"
    "  - {pf: pf0, numvfs: 2, eswitch: switchdev}\n";

static void
test_hw_offload_prior_on_sriov_removal(void **state OVS_UNUSED)
{
    static const char *const priors[] = { NULL, "false", "true" };

    for (size_t i = 0; i < ARRAY_SIZE(priors); i++) {
        struct db_state st;

        db_state_init(&st);
        st.has_root = true;
        if (priors[i]) {
            smap_add(&st.other_config, "hw-offload", priors[i]);
        }
        smap_add(&st.other_config, "unrelated", "kept");

        converge(&st, sriov_offload_yaml);
        assert_string_equal(smap_get(&st.other_config, "hw-offload"),
                            "true");
        assert_string_equal(smap_get(&st.other_config, "tc-policy"),
                            "skip_sw");
        /* The prior is recorded once, as it was ("" for none). */
        assert_string_equal(smap_get(&st.external_ids,
                                     OFFLOAD_PRIOR_PREFIX"hw-offload"),
                            priors[i] ? priors[i] : "");

        /* A second apply of the same file keeps the first prior. */
        converge(&st, sriov_offload_yaml);
        assert_string_equal(smap_get(&st.external_ids,
                                     OFFLOAD_PRIOR_PREFIX"hw-offload"),
                            priors[i] ? priors[i] : "");

        /* SR-IOV (and with it offload) removed from the file. */
        struct offload_config *cfg = parse("version: 1\n");
        struct plan plan;
        compute(cfg, &st, 0, &plan);
        const struct plan_change *c
            = find_change(find_op(&plan, PLAN_OPEN_VSWITCH, "."),
                          "other_config", "hw-offload");
        if (priors[i] && !strcmp(priors[i], "true")) {
            assert_null(c);                 /* Already the prior value. */
        } else {
            assert_non_null(c);
            assert_int_equal(c->kind, priors[i] ? PLAN_SETKEY : PLAN_DELKEY);
        }
        fake_ovsdb_play(&st, &plan);
        plan_destroy(&plan);
        offload_config_destroy(cfg);

        const char *hw = smap_get(&st.other_config, "hw-offload");
        if (priors[i]) {
            assert_non_null(hw);
            assert_string_equal(hw, priors[i]);
        } else {
            assert_null(hw);
        }
        assert_null(smap_get(&st.other_config, "tc-policy"));
        assert_string_equal(smap_get(&st.other_config, "unrelated"), "kept");
        /* No bookkeeping left behind, and nothing more to do. */
        assert_true(smap_is_empty(&st.external_ids));
        cfg = parse("version: 1\n");
        compute(cfg, &st, 0, &plan);
        assert_plan_empty(&plan);
        plan_destroy(&plan);
        offload_config_destroy(cfg);
        db_state_destroy(&st);
    }
}

/* The operator changes hw-offload by hand while ovs-offload manages it:
 * the next apply puts the file's value back, and removing it from the
 * file still restores the value from before ovs-offload, not the hand
 * edit. */
static void
test_hw_offload_prior_survives_drift(void **state OVS_UNUSED)
{
    struct db_state st;

    db_state_init(&st);
    st.has_root = true;
    smap_add(&st.other_config, "hw-offload", "false");
    converge(&st, sriov_offload_yaml);
    smap_replace(&st.other_config, "hw-offload", "banana");
    converge(&st, sriov_offload_yaml);
    assert_string_equal(smap_get(&st.other_config, "hw-offload"), "true");
    converge(&st, "version: 1\n");
    assert_string_equal(smap_get(&st.other_config, "hw-offload"), "false");
    db_state_destroy(&st);
}

static void
test_restart_needed(void **state OVS_UNUSED)
{
    struct offload_config *cfg;
    struct db_state st;
    struct plan plan;

    db_state_init(&st);
    st.has_root = true;
    smap_add(&st.other_config, "hw-offload", "true");
    smap_add(&st.other_config, "tc-policy", "none");

    cfg = parse("version: 1\novs:\n  hw-offload: true\n"
                "  tc-policy: skip_sw\n");
    compute(cfg, &st, 0, &plan);
    assert_false(plan.restart_needed);          /* ovs-vswitchd is down. */
    plan_destroy(&plan);

    compute(cfg, &st, 4242, &plan);
    assert_true(plan.restart_needed);
    assert_non_null(strstr(plan.restart_reason, "tc-policy"));
    fake_ovsdb_play(&st, &plan);
    plan_destroy(&plan);

    /* Still pending for the same ovs-vswitchd, with nothing to change. */
    compute(cfg, &st, 4242, &plan);
    assert_true(plan_is_empty(&plan));
    assert_true(plan.restart_needed);
    plan_destroy(&plan);

    /* A new ovs-vswitchd has read it: the record goes. */
    compute(cfg, &st, 4343, &plan);
    assert_false(plan.restart_needed);
    assert_int_equal(find_change(find_op(&plan, PLAN_OPEN_VSWITCH, "."),
                                 "external_ids",
                                 PLAN_RESTART_KEY)->kind, PLAN_DELKEY);
    plan_destroy(&plan);
    offload_config_destroy(cfg);

    /* Turning offload on at run time needs no restart. */
    db_state_destroy(&st);
    db_state_init(&st);
    st.has_root = true;
    cfg = parse("version: 1\novs:\n  hw-offload: true\n");
    compute(cfg, &st, 4242, &plan);
    assert_false(plan.restart_needed);
    plan_destroy(&plan);
    offload_config_destroy(cfg);
    db_state_destroy(&st);
}

static void
test_bond_member_change(void **state OVS_UNUSED)
{
    struct db_state st;

    db_state_init(&st);
    converge(&st, sandbox_yaml);
    converge(&st, "version: 1\nbridges:\n  - name: br0\n"
             "    datapath-type: netdev\n    ports:\n"
             "      - {name: bond0, type: bond, members: [a1, a2],"
             " bond-mode: active-backup}\n");
    assert_null(shash_find(&st.ifaces, "a0"));
    assert_non_null(shash_find(&st.ifaces, "a2"));
    assert_string_equal(((struct db_port *) shash_find_data(&st.ports,
                                                            "bond0"))
                        ->bond_mode, "active-backup");
    assert_null(((struct db_port *) shash_find_data(&st.ports, "bond0"))
                ->lacp);
    db_state_destroy(&st);
}

static void
test_port_moves_bridge(void **state OVS_UNUSED)
{
    struct db_state st;

    db_state_init(&st);
    converge(&st, "version: 1\nbridges:\n  - name: br0\n    ports: [{name: "
             "p1}]\n  - name: br1\n");
    converge(&st, "version: 1\nbridges:\n  - name: br0\n  - name: br1\n"
             "    ports: [{name: p1}]\n");
    assert_string_equal(((struct db_port *) shash_find_data(&st.ports, "p1"))
                        ->bridge, "br1");
    db_state_destroy(&st);
}

static void
test_output(void **state OVS_UNUSED)
{
    struct offload_config *cfg = parse(sandbox_yaml);
    struct db_state st;
    struct plan plan;
    struct ds s = DS_EMPTY_INITIALIZER;

    db_state_init(&st);
    compute(cfg, &st, 0, &plan);
    plan_format_text(&plan, &s);
    assert_non_null(strstr(ds_cstr(&s), "+ Port bond0 (in br0): create"));
    assert_non_null(strstr(ds_cstr(&s), "bond_mode: \"balance-tcp\""));
    assert_non_null(strstr(ds_cstr(&s), "to create, 0 to modify, 0 to "
                           "delete"));

    struct json *j = plan_to_json(&plan);
    char *text = json_to_string(j, JSSF_SORT);
    assert_non_null(strstr(text, "\"action\":\"create\""));
    assert_non_null(strstr(text, "\"restart_needed\":false"));
    free(text);
    json_destroy(j);

    ds_destroy(&s);
    plan_destroy(&plan);
    offload_config_destroy(cfg);
    db_state_destroy(&st);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_create_from_empty),
        cmocka_unit_test(test_converges),
        cmocka_unit_test(test_foreign_rows_survive),
        cmocka_unit_test(test_sweep_owned),
        cmocka_unit_test(test_keep_bridge_with_foreign_port),
        cmocka_unit_test(test_conflict_and_adopt),
        cmocka_unit_test(test_port_of_someone_else),
        cmocka_unit_test(test_map_keys),
        cmocka_unit_test(test_global_prior_restored),
        cmocka_unit_test(test_hw_offload_prior_on_sriov_removal),
        cmocka_unit_test(test_hw_offload_prior_survives_drift),
        cmocka_unit_test(test_restart_needed),
        cmocka_unit_test(test_bond_member_change),
        cmocka_unit_test(test_port_moves_bridge),
        cmocka_unit_test(test_output),
    };
    return cmocka_run_group_tests_name("plan", tests, NULL, NULL);
}
