#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# "watch -f json bond0" reports the LACP bond of the sandbox as ovs-vswitchd
# and the kernel see it: two legs, LACP negotiated, legs up and no alert;
# then, with the partner end of one leg set down (ip, as a witness), a
# critical leg_down alert for that leg, and exit status 1.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
require_jq
test_init

ctl_ok -c "$SANDBOX_YAML" apply
sandbox_wait_lacp bond0 30 || fail "bond0 did not negotiate LACP"

ctl watch --count=3 --interval=0.5 -f json bond0
[[ $CTL_RC == 0 ]] || { ctl_show; fail "watch exited $CTL_RC on a healthy bond"; }
assert_eq 3 "$(grep -c '^{' <<<"$CTL_OUT")" "number of JSON frames"
last=$(tail -n 1 <<<"$CTL_OUT")
assert_eq 1 "$(json_get "$last" '.version')" "schema version"
assert_eq '["bond0"]' "$(json_get "$last" '[.bonds[].name]')" "bonds"
assert_eq '"ovs"' "$(json_get "$last" '.bonds[0].kind')" "bond0 kind"
assert_eq '"negotiated"' "$(json_get "$last" '.bonds[0].lacp')" "bond0 lacp"
assert_eq '["sb-a0","sb-a1"]' "$(json_get "$last" '[.bonds[0].legs[].name] | sort')" "legs"
assert_eq '[true,true]' "$(json_get "$last" '[.bonds[0].legs[].up]')" "legs up"
assert_eq '[true,true]' "$(json_get "$last" '[.bonds[0].legs[].enabled]')" "legs enabled"
assert_eq '[]' "$(json_get "$last" '[.alerts[] | select(.bond == "bond0")]')" "bond0 alerts"
assert_eq true "$(json_get "$last" '.datapath.available')" "datapath flows read"
# Rates come from two samples: known in every frame.
assert_eq '[true,true]' "$(json_get "$last" '[.bonds[0].legs[].rx_pps | type == "number"]')" "leg rates"
# The text view says the same.
ctl watch --count=1 --interval=0.2 bond0
assert_match "$CTL_OUT" '^bond0 \(OVS bond, balance-tcp\), lacp negotiated' "text view"

# The witness: the partner end of sb-a1 goes down, so sb-a1 loses carrier.
sandbox_exec ip link set sb-b1 down
ctl watch --count=2 --interval=0.5 -f json bond0
[[ $CTL_RC == 1 ]] || { ctl_show; fail "watch exited $CTL_RC with a leg down, not 1"; }
last=$(tail -n 1 <<<"$CTL_OUT")
assert_eq false "$(json_get "$last" '.bonds[0].legs[] | select(.name == "sb-a1") | .up')" "sb-a1 up"
assert_eq true "$(json_get "$last" '.bonds[0].legs[] | select(.name == "sb-a0") | .up')" "sb-a0 up"
assert_eq '[{"severity":"critical","bond":"bond0","leg":"sb-a1"}]' \
    "$(json_get "$last" '[.alerts[] | select(.code == "leg_down") | {severity, bond, leg}]')" \
    "leg_down alerts"

sandbox_exec ip link set sb-b1 up
pass
