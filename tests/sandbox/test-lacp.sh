#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# After apply, bond0 negotiates LACP with the partner bond pbond and both
# members are enabled, as ovs-vswitchd itself reports (bond/show, lacp/show).

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
test_init

ctl_ok -c "$SANDBOX_YAML" apply

sandbox_wait_lacp bond0 30 || fail "bond0 did not negotiate LACP"
sandbox_wait_lacp pbond 30 || fail "pbond did not negotiate LACP"

show=$(ovs_appctl bond/show bond0)
log "bond/show bond0:"$'\n'"$show"
assert_match "$show" '^bond_mode: balance-tcp$' "bond/show bond0"
assert_match "$show" '^lacp_status: negotiated$' "bond/show bond0"
assert_match "$show" '^lacp_fallback_ab: true$' "bond/show bond0"
assert_match "$show" '^member sb-a0: enabled$' "bond/show bond0"
assert_match "$show" '^member sb-a1: enabled$' "bond/show bond0"
assert_eq 2 "$(grep -c '^member ' <<<"$show")" "number of bond0 members"

lacp=$(ovs_appctl lacp/show bond0)
log "lacp/show bond0:"$'\n'"$lacp"
assert_match "$lacp" 'status: active negotiated' "lacp/show bond0"
assert_match "$lacp" 'lacp_time: fast' "lacp/show bond0"
assert_match "$lacp" '^member: sb-a0: current attached' "lacp/show bond0"
assert_match "$lacp" '^member: sb-a1: current attached' "lacp/show bond0"
assert_eq 2 "$(grep -c 'partner state: activity timeout aggregation synchronized collecting distributing' <<<"$lacp")" \
    "members whose partner is synchronized, collecting and distributing"

# The partner seen by bond0 is pbond's system.
pbond_sys=$(ovs_appctl lacp/show pbond | sed -n 's/^  sys_id: //p')
[[ -n $pbond_sys ]] || fail "no sys_id in lacp/show pbond"
partners=$(sed -n 's/^  partner sys_id: //p' <<<"$lacp" | sort -u)
assert_eq "$pbond_sys" "$partners" "partner sys_id of bond0's members"

# And the database agrees (lacp_current is written by ovs-vswitchd).
for i in sb-a0 sb-a1; do
    retry 25 output_is true ovs_col Interface "$i" lacp_current ||
        fail "Interface $i lacp_current is '$(ovs_col Interface "$i" lacp_current)'"
done

# "show" agrees with ovs-vswitchd (checked above, not from show itself).
ctl_ok -c "$SANDBOX_YAML" show
assert_contains "$CTL_OUT" "lacp_status: negotiated" "ovs-offloadctl show"

pass
