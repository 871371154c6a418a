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

/* Unit tests of the datapath flow counts (controller/dp-flows.c) and of
 * the lacp/show and bond/list parsers (controller/vswitchd-ctl.c), on the
 * text ovs-vswitchd prints (OVS lib/dpctl.c, lib/lacp.c, ofproto/bond.c). */

#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "controller/dp-flows.h"
#include "controller/vswitchd-ctl.h"
#include "lag/bond.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

static const char offloaded_text[] =
    "ufid:0d5e1bbb-8a0e-4cbd-9a3f-000000000001, recirc_id(0),dp_hash(0/0),"
    "skb_priority(0/0),in_port(eth1),skb_mark(0/0),eth(src=aa:bb:cc:00:00:01,"
    "dst=aa:bb:cc:00:00:02),eth_type(0x0800),ipv4(src=10.0.0.1,dst=10.0.0.2,"
    "proto=1,tos=0/0,ttl=0/0,frag=no), packets:10, bytes:980, used:0.5s, "
    "offloaded:yes, dp:tc, actions:eth2\n"
    "ufid:0d5e1bbb-8a0e-4cbd-9a3f-000000000002, recirc_id(0),in_port(eth2),"
    "eth_type(0x0806), packets:1, bytes:60, used:1.0s, offloaded:yes, dp:tc, "
    "actions:eth1\n";

static const char software_text[] =
    "ufid:1, recirc_id(0),in_port(vm1),eth_type(0x0800),ipv4(frag=no), "
    "packets:5, bytes:490, used:0.1s, dp:ovs, "
    "actions:hash(l4(0)),recirc(0x1)\n"
    "ufid:2, recirc_id(0x1),dp_hash(0x1/0xff),in_port(vm1), packets:5, "
    "bytes:490, used:0.1s, dp:ovs, actions:bond0\n"
    "ufid:3, recirc_id(0),in_port(vm2), packets:0, bytes:0, used:never, "
    "dp:ovs, actions:userspace(pid=3,slow_path(controller))\n"
    "ufid:4, recirc_id(0),in_port(vm2),eth_type(0x0800), packets:0, "
    "bytes:0, used:never, dp:ovs, actions:ct(commit,zone=1),recirc(0x2), "
    "dp-extra-info:miniflow_bits(4,1)\n"
    "ufid:5, recirc_id(0),in_port(vm3), packets:0, bytes:0, used:never, "
    "dp:ovs, actions:drop\n";

static void
test_dp_flows_parse(void **state OVS_UNUSED)
{
    struct dp_flows f;

    dp_flows_init(&f);
    dp_flows_parse(offloaded_text, false, &f);
    dp_flows_parse(software_text, true, &f);
    assert_int_equal(f.offloaded, 2);
    assert_int_equal(f.software, 5);
    assert_int_equal(f.reasons[DP_REASON_HASH], 1);
    assert_int_equal(f.reasons[DP_REASON_USERSPACE], 1);
    assert_int_equal(f.reasons[DP_REASON_CT], 1);
    assert_int_equal(f.reasons[DP_REASON_NONE], 2);
    assert_string_equal(dp_flow_reason_to_string(DP_REASON_HASH),
                        "hash action (balance-tcp)");
    assert_null(dp_flow_reason_to_string(DP_REASON_NONE));
}

static void
test_dp_flows_not_flows(void **state OVS_UNUSED)
{
    struct dp_flows f;

    /* The userspace datapath prints per-thread headers; an empty reply and
     * a reply without a final newline. */
    dp_flows_init(&f);
    dp_flows_parse("flow-dump from the main thread:\n"
                   "flow-dump from pmd on cpu core: 3\n", true, &f);
    dp_flows_parse("", true, &f);
    assert_int_equal(f.software, 0);
    dp_flows_parse("recirc_id(0), packets:0, bytes:0, used:never, "
                   "actions:drop", true, &f);
    assert_int_equal(f.software, 1);

    /* "hash(" inside a match field or another word is not the action. */
    const char *a = "set(ipv4(src=1.1.1.1)),myhash(1)";
    assert_int_equal(dp_flow_reason_of(a, strlen(a)), DP_REASON_NONE);
    a = "push_vlan(vid=5),hash(sym_l4(0)),recirc(0x5)";
    assert_int_equal(dp_flow_reason_of(a, strlen(a)), DP_REASON_HASH);
    /* Only the first 'n' bytes count. */
    a = "drop,hash(l4(0))";
    assert_int_equal(dp_flow_reason_of(a, 4), DP_REASON_NONE);
}

static void
test_dp_flows_scale(void **state OVS_UNUSED)
{
    struct ds text = DS_EMPTY_INITIALIZER;
    struct dp_flows f;

    for (int i = 0; i < 100000; i++) {
        ds_put_format(&text, "ufid:%d, recirc_id(0),in_port(vm%d),"
                      "eth_type(0x0800),ipv4(src=10.0.%d.%d,frag=no), "
                      "packets:1, bytes:98, used:0.1s, dp:ovs, actions:%s\n",
                      i, i % 7, i / 256 % 256, i % 256,
                      i % 2 ? "hash(l4(0)),recirc(0x1)" : "vm1");
    }

    clock_t start = clock();
    dp_flows_init(&f);
    dp_flows_parse(ds_cstr(&text), true, &f);
    double secs = (double) (clock() - start) / CLOCKS_PER_SEC;

    assert_int_equal(f.software, 100000);
    assert_int_equal(f.reasons[DP_REASON_HASH], 50000);
    /* Linear: ~15 MB of text in well under a second. */
    assert_true(secs < 1.0);
    ds_destroy(&text);
}

/* lacp/show of a negotiated bond and a second, passive, defaulted one. */
static const char lacp_text[] =
    "---- bond0 ----\n"
    "  status: active negotiated\n"
    "  sys_id: aa:55:aa:55:00:01\n"
    "  sys_priority: 65534\n"
    "  aggregation key: 1\n"
    "  lacp_time: fast\n"
    "\n"
    "member: sb-a0: current attached\n"
    "  port_id: 1\n"
    "  port_priority: 65535\n"
    "  may_enable: true\n"
    "\n"
    "  actor sys_id: aa:55:aa:55:00:01\n"
    "  actor sys_priority: 65534\n"
    "  actor port_id: 1\n"
    "  actor port_priority: 65535\n"
    "  actor key: 1\n"
    "  actor state: activity timeout aggregation synchronized collecting "
    "distributing\n"
    "\n"
    "  partner sys_id: aa:55:aa:55:00:02\n"
    "  partner sys_priority: 65534\n"
    "  partner port_id: 3\n"
    "  partner port_priority: 65535\n"
    "  partner key: 3\n"
    "  partner state: activity timeout aggregation synchronized collecting "
    "distributing\n"
    "\n"
    "member: sb-a1: defaulted detached\n"
    "  port_id: 2\n"
    "  port_priority: 65535\n"
    "  may_enable: false\n"
    "\n"
    "  actor sys_id: aa:55:aa:55:00:01\n"
    "  actor state: activity timeout aggregation defaulted\n"
    "\n"
    "  partner sys_id: 00:00:00:00:00:00\n"
    "  partner state:\n"
    "---- bond1 ----\n"
    "  status: passive\n"
    "  sys_id: aa:55:aa:55:00:03\n"
    "  lacp_time: slow\n";

static void
test_lacp_show(void **state OVS_UNUSED)
{
    struct lacp_status *bonds;
    size_t n;

    assert_int_equal(vswitchd_parse_lacp_show(lacp_text, &bonds, &n), 2);
    assert_int_equal(n, 2);

    const struct lacp_status *b = &bonds[0];
    assert_string_equal(b->name, "bond0");
    assert_true(b->active);
    assert_true(b->negotiated);
    assert_string_equal(b->sys_id, "aa:55:aa:55:00:01");
    assert_string_equal(b->lacp_time, "fast");
    assert_int_equal(b->n_members, 2);
    assert_string_equal(b->members[0].name, "sb-a0");
    assert_string_equal(b->members[0].status, "current");
    assert_true(b->members[0].attached);
    assert_true(b->members[0].may_enable);
    assert_int_equal(b->members[0].actor_state, 0x3f);
    assert_int_equal(b->members[0].partner_state, 0x3f);
    assert_string_equal(b->members[0].partner_sys_id, "aa:55:aa:55:00:02");
    assert_string_equal(b->members[1].name, "sb-a1");
    assert_string_equal(b->members[1].status, "defaulted");
    assert_false(b->members[1].attached);
    assert_false(b->members[1].may_enable);
    assert_int_equal(b->members[1].actor_state,
                     BOND_LACP_ST_ACTIVITY | BOND_LACP_ST_TIMEOUT
                     | BOND_LACP_ST_AGGREGATION | BOND_LACP_ST_DEFAULTED);
    assert_int_equal(b->members[1].partner_state, 0);

    b = &bonds[1];
    assert_string_equal(b->name, "bond1");
    assert_false(b->active);
    assert_false(b->negotiated);
    assert_string_equal(b->lacp_time, "slow");
    assert_int_equal(b->n_members, 0);
    lacp_status_list_destroy(bonds, n);

    assert_int_equal(vswitchd_parse_lacp_show("", &bonds, &n), 0);
    lacp_status_list_destroy(bonds, n);
}

static void
test_bond_list(void **state OVS_UNUSED)
{
    struct bond_status *bonds;
    size_t n = vswitchd_parse_bond_list(
        "bond\ttype\trecircID\tmembers\n"
        "bond0\tbalance-tcp\t1\tsb-a1, sb-a0\n"
        "bond1\tactive-backup\t0\tp0\n", &bonds);

    assert_int_equal(n, 2);
    assert_string_equal(bonds[0].name, "bond0");
    assert_string_equal(bonds[0].bond_mode, "balance-tcp");
    assert_int_equal(bonds[0].n_members, 2);
    assert_string_equal(bonds[0].members[0].name, "sb-a1");
    assert_string_equal(bonds[0].members[1].name, "sb-a0");
    assert_string_equal(bonds[1].name, "bond1");
    assert_int_equal(bonds[1].n_members, 1);
    for (size_t i = 0; i < n; i++) {
        bond_status_destroy(&bonds[i]);
    }
    free(bonds);

    assert_int_equal(vswitchd_parse_bond_list("bond\ttype\trecircID\t"
                                              "members\n", &bonds), 0);
    free(bonds);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dp_flows_parse),
        cmocka_unit_test(test_dp_flows_not_flows),
        cmocka_unit_test(test_dp_flows_scale),
        cmocka_unit_test(test_lacp_show),
        cmocka_unit_test(test_bond_list),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
