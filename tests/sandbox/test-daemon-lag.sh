#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# ovs-offloadd alone (no ovs-offloadctl apply) builds the sandbox's bridge
# and LACP bond, and its views agree with ovs-vswitchd: lag/show lists both
# legs up, /metrics says both legs up, LACP negotiated, the reconcile
# succeeded, and the legs' counters grow with the traffic we send.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
require_jq
test_init

offloadd_start

# The daemon's reconcile made the rows (read back with ovs-vsctl).
retry 50 output_is balance-tcp ovs_col Port bond0 bond_mode ||
    fail "the daemon did not create bond0"
assert_eq ovs-offload "$(ovs_key Port bond0 external_ids ovs-offload-owner)" "owner of bond0"
assert_eq $'bond0\nvm1-p\nvm2-p' "$(ovs_vsctl list-ports br-offload)" "ports of br-offload"
sandbox_wait_lacp bond0 30 || fail "bond0 did not negotiate LACP"

# lag/show lists both legs, up and enabled, once a sample saw LACP.
lag_ready() {
    local out
    out=$(offloadd_appctl lag/show) || return 1
    grep -qE '^bond0 .*lacp negotiated' <<<"$out" &&
        grep -qE '^ +sb-a0 +up +yes' <<<"$out" &&
        grep -qE '^ +sb-a1 +up +yes' <<<"$out"
}
retry 50 lag_ready || { offloadd_appctl lag/show >&2; fail "lag/show does not show both legs up"; }
log "lag/show:"$'\n'"$(offloadd_appctl lag/show)"

# /metrics.
retry 25 output_is 1 offloadd_metric 'ovs_offload_bond_lacp_negotiated{bond="bond0"}' ||
    fail "lacp negotiated metric is '$(offloadd_metric 'ovs_offload_bond_lacp_negotiated{bond="bond0"}')'"
for leg in sb-a0 sb-a1; do
    assert_eq 1 "$(offloadd_metric "ovs_offload_leg_up{bond=\"bond0\",leg=\"$leg\"}")" "leg_up of $leg"
    assert_eq 1 "$(offloadd_metric "ovs_offload_leg_enabled{bond=\"bond0\",leg=\"$leg\"}")" "leg_enabled of $leg"
done
assert_eq 1 "$(offloadd_metric ovs_offload_reconcile_last_success)" "reconcile last success"
runs=$(offloadd_metric ovs_offload_reconcile_runs_total)
((runs >= 1)) || fail "reconcile runs_total is '$runs'"

# Traffic: 300 pings from vm1 to the peer cross bond0 (request out, reply
# in); the legs' counters must grow by at least that much.  LACP alone (fast
# rate: one PDU a second per leg and direction) cannot account for it.
leg_packets() {
    offloadd_metrics | awk '
        /^ovs_offload_leg_packets_total\{bond="bond0"/ { n += $2 }
        END { printf "%d\n", n }'
}
retry 25 sandbox_ns_exec vm1 ping -c 1 -W 1 -q 192.0.2.100 >/dev/null ||
    fail "vm1 cannot reach the peer over bond0"
before=$(leg_packets)
sandbox_ns_exec vm1 ping -c 300 -i 0.01 -q 192.0.2.100 >/dev/null ||
    fail "pings from vm1 to the peer were lost"
grew() {
    local now
    now=$(leg_packets)
    ((now - before >= 600))
}
retry 25 grew || fail "bond0 legs counted $(( $(leg_packets) - before )) packets for 300 pings (expected >= 600)"
log "bond0 legs counted $(( $(leg_packets) - before )) packets for 300 pings"

# /status.json agrees.
json=$(sandbox_exec curl -sf --max-time 5 "http://127.0.0.1:$OFFLOADD_PORT/status.json")
assert_eq '"ok"' "$(json_get "$json" '.reconcile.last_result')" "status.json reconcile.last_result"
assert_eq '["sb-a0","sb-a1"]' "$(json_get "$json" '[.bonds[] | select(.name == "bond0") | .legs[].name] | sort')" \
    "status.json legs of bond0"

offloadd_stop
pass
