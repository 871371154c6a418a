#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# A reconcile that keeps failing (the file names a bridge that ovs-offload
# does not own) is retried with backoff (1, 2, 4, ... s), not in a loop;
# the failure shows in /metrics and reconcile/now names the conflict; once
# the foreign bridge is gone, the daemon succeeds by itself.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
test_init

ovs_vsctl add-br br-offload -- set Bridge br-offload datapath_type=netdev
offloadd_start
retry 50 output_is 0 offloadd_metric ovs_offload_reconcile_last_success ||
    fail "the reconcile did not fail on the foreign bridge"
sleep 5
runs=$(offloadd_metric ovs_offload_reconcile_runs_total)
log "reconcile runs after ~5 s of failures: $runs"
# Start, then retries after 1, 2 (and perhaps 4) s: at most 4 runs.
((runs >= 2 && runs <= 4)) || fail "$runs reconcile runs in ~5 s (expected 2 to 4: backoff)"
assert_eq "" "$(ovs_key Bridge br-offload external_ids ovs-offload-owner)" "owner of the foreign bridge"

if out=$(offloadd_appctl reconcile/now 2>&1); then
    fail "reconcile/now succeeded on a conflict: $out"
fi
assert_contains "$out" "br-offload exists and was not created by ovs-offload" "reconcile/now reply"

# Remove the foreign bridge: the next automatic attempt succeeds.
ovs_vsctl del-br br-offload
retry 150 output_is 1 offloadd_metric ovs_offload_reconcile_last_success ||
    fail "the daemon did not recover once the conflict was gone"
assert_eq ovs-offload "$(ovs_key Bridge br-offload external_ids ovs-offload-owner)" "owner of the new br-offload"
assert_eq $'bond0\nvm1-p\nvm2-p' "$(ovs_vsctl list-ports br-offload)" "ports of br-offload"

offloadd_stop
pass
