#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# ovs-offloadd repairs drift by itself: a column it manages changed with
# ovs-vsctl behind its back (bond0's bond_mode), and a port it owns deleted
# (vm2-p), come back as the file says, and
# ovs_offload_drift_repairs_total counts each repair.  A map key it does
# not manage, set by hand, is left alone and is not drift.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
test_init

offloadd_start
retry 50 output_is 1 offloadd_metric ovs_offload_reconcile_last_success ||
    fail "the first reconcile did not succeed"
retry 50 output_is balance-tcp ovs_col Port bond0 bond_mode ||
    fail "the daemon did not create bond0"
assert_eq 0 "$(offloadd_metric ovs_offload_drift_repairs_total)" "drift repairs at start"

# 1. A managed column.
ovs_vsctl set Port bond0 bond_mode=active-backup
t0=$(date +%s%N)
retry 50 output_is balance-tcp ovs_col Port bond0 bond_mode ||
    fail "bond_mode of bond0 stays '$(ovs_col Port bond0 bond_mode)'"
log "bond_mode restored in $(( ($(date +%s%N) - t0) / 1000000 )) ms"
retry 25 output_is 1 offloadd_metric ovs_offload_drift_repairs_total ||
    fail "drift repairs: '$(offloadd_metric ovs_offload_drift_repairs_total)', expected 1"

# 2. A port we own, deleted.
ovs_vsctl del-port br-offload vm2-p
retry 50 output_is $'bond0\nvm1-p\nvm2-p' ovs_vsctl list-ports br-offload ||
    fail "vm2-p was not restored: $(ovs_vsctl list-ports br-offload | tr '\n' ' ')"
assert_eq ovs-offload "$(ovs_key Port vm2-p external_ids ovs-offload-owner)" "owner of the restored vm2-p"
retry 50 iface_has_ofport vm2-p || fail "the restored vm2-p has no ofport"
retry 25 output_is 2 offloadd_metric ovs_offload_drift_repairs_total ||
    fail "drift repairs: '$(offloadd_metric ovs_offload_drift_repairs_total)', expected 2"

# 3. A key we do not manage: not drift, not touched.
runs=$(offloadd_metric ovs_offload_reconcile_runs_total)
ovs_vsctl set Port bond0 other_config:by-hand=yes
sleep 2
assert_eq yes "$(ovs_key Port bond0 other_config by-hand)" "hand-set key on bond0"
assert_eq 2 "$(offloadd_metric ovs_offload_drift_repairs_total)" "drift repairs after a foreign key"
assert_eq "$runs" "$(offloadd_metric ovs_offload_reconcile_runs_total)" "reconcile runs after a foreign key"

# The database matches the file: the CLI's plan is empty.
ctl_ok -c "$SANDBOX_YAML" plan
assert_contains "$CTL_OUT" "No changes" "plan after the repairs"

offloadd_stop
pass
