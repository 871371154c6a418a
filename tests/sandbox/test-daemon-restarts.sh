#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# ovs-offloadd survives restarts of ovsdb-server and of ovs-vswitchd (done
# as contrib/sandbox.sh starts them): it stays alive, reconnects, counts the
# event, reconciles (the rows are as the file says) and keeps repairing
# drift afterwards, which proves its database connection is live again.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
test_init

offloadd_start
pid=$(offloadd_pid)
retry 50 output_is 1 offloadd_metric ovs_offload_reconcile_last_success ||
    fail "the first reconcile did not succeed"
retry 50 output_is balance-tcp ovs_col Port bond0 bond_mode ||
    fail "the daemon did not create bond0"
expected=$(db_dump_config)

# 1. ovsdb-server.
runs=$(offloadd_metric ovs_offload_reconcile_runs_total)
sandbox_ovsdb_restart || fail "cannot restart ovsdb-server"
# The IDL reconnects with backoff (up to 8 s).
retry 100 output_is 1 offloadd_metric 'ovs_offload_events_total{type="ovsdb_reconnect"}' ||
    fail "ovsdb reconnects: '$(offloadd_metric 'ovs_offload_events_total{type="ovsdb_reconnect"}')', expected 1"
assert_eq "$pid" "$(offloadd_pid)" "daemon pid after the ovsdb-server restart"
now=$(offloadd_metric ovs_offload_reconcile_runs_total)
((now > runs)) || fail "no reconcile after the ovsdb-server restart ($runs runs before, $now after)"
assert_eq 1 "$(offloadd_metric ovs_offload_reconcile_last_success)" "reconcile after the ovsdb-server restart"
assert_eq "$expected" "$(db_dump_config)" "configuration after the ovsdb-server restart"
# The connection is live: drift is still repaired.
ovs_vsctl set Port bond0 lacp=passive
retry 50 output_is active ovs_col Port bond0 lacp ||
    fail "lacp drift not repaired after the ovsdb-server restart"

# 2. ovs-vswitchd.
runs=$(offloadd_metric ovs_offload_reconcile_runs_total)
old_vs=$(sandbox_exec cat "$SANDBOX_DIR/ovs-vswitchd.pid")
sandbox_vswitchd_restart || fail "cannot restart ovs-vswitchd"
new_vs=$(sandbox_exec cat "$SANDBOX_DIR/ovs-vswitchd.pid")
[[ $new_vs != "$old_vs" ]] || fail "ovs-vswitchd kept pid $old_vs"
retry 50 output_is 1 offloadd_metric 'ovs_offload_events_total{type="vswitchd_restart"}' ||
    fail "vswitchd restarts: '$(offloadd_metric 'ovs_offload_events_total{type="vswitchd_restart"}')', expected 1"
assert_eq "$pid" "$(offloadd_pid)" "daemon pid after the ovs-vswitchd restart"
now=$(offloadd_metric ovs_offload_reconcile_runs_total)
((now > runs)) || fail "no reconcile after the ovs-vswitchd restart ($runs runs before, $now after)"
assert_eq 1 "$(offloadd_metric ovs_offload_reconcile_last_success)" "reconcile after the ovs-vswitchd restart"
assert_eq "$expected" "$(db_dump_config)" "configuration after the ovs-vswitchd restart"
# The views follow the new ovs-vswitchd.
retry 50 eval 'offloadd_appctl offload/show | grep -q "running (pid $new_vs)"' ||
    fail "offload/show does not name ovs-vswitchd pid $new_vs: $(offloadd_appctl offload/show)"
sandbox_wait_lacp bond0 30 || fail "bond0 did not negotiate LACP after the restart"
retry 50 output_is 1 offloadd_metric 'ovs_offload_bond_lacp_negotiated{bond="bond0"}' ||
    fail "the daemon does not see LACP negotiated after the restart"
# And its own log says what it checked after the restart (qdiscs: none are
# expected here, hw-offload is off).
retry 50 grep -q "after the ovs-vswitchd restart" "$SANDBOX_DIR/ovs-offloadd.log" ||
    fail "no ingress check logged after the ovs-vswitchd restart"

offloadd_stop
pass
