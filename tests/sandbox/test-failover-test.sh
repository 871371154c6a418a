#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# "ovs-offloadctl failover-test bond0" on the sandbox's LACP bond, with its
# built-in traffic between two namespaces made here: ft-a on our bridge
# (br-offload) and ft-b on the partner's (br-partner), so that every
# datagram crosses bond0 => pbond.
#
#   1. Both legs are failed in turn: each is detected, traffic comes back
#      with a bounded loss, both legs are restored, the reports (JSON and
#      JUnit) say so, and ip(8) and bond/show confirm the end state.
#   2. SIGINT while a leg is down: the leg is up again when it exits.
#   3. With a leg already down, it refuses (exit 1) and changes nothing.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
test_init
require_jq
command -v xmllint >/dev/null 2>&1 || skip "xmllint not installed (apt-get install libxml2-utils)"

MAX_LOSS_MS=1000
# TEST-NET-2, so as not to meet the sandbox's own 192.0.2.0/24.
ADDR_A=198.51.100.1
ADDR_B=198.51.100.2
NS_A=$SANDBOX_NS-fta
NS_B=$SANDBOX_NS-ftb

ctl_ok -c "$SANDBOX_YAML" apply
sandbox_wait_lacp bond0 30 || fail "bond0 did not negotiate LACP"
sandbox_wait_lacp pbond 30 || fail "pbond did not negotiate LACP"

# The traffic namespaces, removed with the sandbox.
for pair in "$NS_A:ft-a:$ADDR_A:br-offload" "$NS_B:ft-b:$ADDR_B:br-partner"; do
    IFS=: read -r ns port addr br <<<"$pair"
    ip netns add "$ns"
    SANDBOX_NAMESPACES+=" $ns"
    _sandbox_save
    _sandbox_quiet_ns "$ns"
    ip -n "$SANDBOX_NS" link add "$port" type veth peer name eth0 netns "$ns"
    ip -n "$SANDBOX_NS" link set "$port" up
    ip -n "$ns" addr add "$addr/24" dev eth0
    ip -n "$ns" link set eth0 up
    ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null 2>&1 || true
    ovs_vsctl add-port "$br" "$port"
done
retry 25 ip netns exec "$NS_A" ping -c 1 -W 1 -q "$ADDR_B" >/dev/null ||
    fail "$NS_A cannot reach $ADDR_B in $NS_B through bond0"

link_flags() {              # link_flags DEV -> its flags, comma-separated
    sandbox_exec ip -j link show dev "$1" | jq -r '.[0].flags | join(",")'
}
member_state() {            # member_state BOND MEMBER -> enabled|disabled
    ovs_appctl bond/show "$1" | sed -n "s/^member $2: //p"
}

# 1. A full run.
report=$TEST_TMP/report.json
junit=$TEST_TMP/junit.xml
ctl failover-test bond0 --traffic-from="$NS_A" --traffic-to="$NS_B:$ADDR_B" \
    --report="$report" --junit="$junit" --timeout=10 --hold=1.5
log "failover-test output:"$'\n'"$CTL_OUT"
[[ $CTL_RC == 0 ]] || { ctl_show; fail "failover-test exited $CTL_RC, expected 0"; }
[[ -s $report ]] || fail "no JSON report written"
log "report: $(jq -c '.legs[] | {leg, detect_ms, recover_ms, restore_ms, packets, offload: .offload.status}' "$report")"

r=$(<"$report")
assert_eq '"bond0"' "$(json_get "$r" .bond)" "report bond"
assert_eq '"ovs"' "$(json_get "$r" .kind)" "report kind"
assert_eq true "$(json_get "$r" .pass)" "report overall pass"
assert_eq '"builtin"' "$(json_get "$r" .traffic.mode)" "traffic mode"
assert_eq '["sb-a0","sb-a1"]' "$(json_get "$r" '[.legs[].leg] | sort')" "legs tested"
assert_eq '[true,true]' "$(json_get "$r" '[.legs[].detected]')" "legs detected"
assert_eq '[true,true]' "$(json_get "$r" '[.legs[].detect_ms | type == "number" and . >= 0 and . <= 10000]')" \
    "detect_ms measured"
assert_eq '[true,true]' "$(json_get "$r" '[.legs[].restored]')" "legs restored"
assert_eq '[true,true]' "$(json_get "$r" '[.legs[].recovered]')" "traffic recovered"
# Loss bounded: every datagram sent was received or counted lost, each leg
# saw ~1000 datagrams/s, and the longest loss stays within the bound.
assert_eq '[true,true]' "$(json_get "$r" '[.legs[].packets | .sent >= 1000 and .received + .lost <= .sent and .received >= .sent * 0.9]')" \
    "datagrams sent/received/lost per leg"
assert_eq '[true,true]' "$(json_get "$r" "[.legs[].loss_window_ms <= $MAX_LOSS_MS]")" \
    "loss window within ${MAX_LOSS_MS} ms"
assert_eq '[true,true]' "$(json_get "$r" '[.legs[].survivor_counters.carried_traffic]')" \
    "surviving leg carried the traffic"
# The userspace datapath has no flower filters.
assert_eq '["not_applicable","not_applicable"]' "$(json_get "$r" '[.legs[].offload.status]')" \
    "offload check"

xmllint --noout "$junit" || fail "JUnit report is not well-formed XML"
assert_eq 2 "$(xmllint --xpath 'count(/testsuite/testcase)' "$junit")" "JUnit testcases"
assert_eq 0 "$(xmllint --xpath 'count(//failure)' "$junit")" "JUnit failures"
assert_eq 2 "$(xmllint --xpath 'string(/testsuite/@tests)' "$junit")" "JUnit tests attribute"

# The end state, read back independently: both legs up and enabled.
for leg in sb-a0 sb-a1; do
    assert_match "$(link_flags "$leg")" '(^|,)UP(,|$)' "flags of $leg after the run"
    assert_match "$(link_flags "$leg")" 'LOWER_UP' "flags of $leg after the run"
done
sandbox_wait_lacp bond0 10 || fail "bond0 not fully back after failover-test"

# 2. SIGINT while a leg is down: the leg comes back before the exit.
ip netns exec "$SANDBOX_NS" env OVS_RUNDIR="$SANDBOX_DIR" \
    "$OFFLOADCTL" failover-test bond0 --hold=60 --timeout=10 \
    >"$TEST_TMP/int.out" 2>&1 &
ctl_pid=$!
leg_down() { [[ ! $(link_flags sb-a0) =~ (^|,)UP(,|$) ]]; }
retry 50 leg_down || fail "failover-test did not take sb-a0 down"
kill -INT "$ctl_pid"
rc=0
wait "$ctl_pid" || rc=$?
log "after SIGINT: exit $rc: $(tail -n 3 "$TEST_TMP/int.out")"
assert_eq 1 "$rc" "exit status after SIGINT"
assert_match "$(link_flags sb-a0)" '(^|,)UP(,|$)' "flags of sb-a0 after SIGINT"
sandbox_wait_lacp bond0 30 || fail "bond0 not back after the interrupted run"

# 2b. --fail-cmd runs without a shell: one with shell syntax is a usage
# error before any leg is touched (through /bin/sh it would set them down).
rm -f "$report"
ctl_expect 2 failover-test bond0 --fail-cmd='ip link set {leg} down; true' \
    --restore-cmd='ip link set {leg} up' --report="$report" --timeout=10
assert_contains "$CTL_ERR" "runs without a shell" "stderr of the refused --fail-cmd"
[[ ! -e $report ]] || fail "a report was written for a refused --fail-cmd"
for leg in sb-a0 sb-a1; do
    assert_match "$(link_flags "$leg")" '(^|,)UP(,|$)' "flags of $leg after the refused --fail-cmd"
    assert_eq enabled "$(member_state bond0 "$leg")" "$leg after the refused --fail-cmd"
done

# 3. A leg already down: refuse, change nothing.
sandbox_exec ip link set sb-a0 down
retry 25 output_is disabled member_state bond0 sb-a0 || fail "sb-a0 not disabled"
rm -f "$report"
ctl_expect 1 failover-test bond0 --traffic-from="$NS_A" \
    --traffic-to="$NS_B:$ADDR_B" --report="$report" --timeout=10
assert_contains "$CTL_ERR" "refused" "stderr of the refused run"
assert_contains "$CTL_ERR" "sb-a0" "stderr of the refused run"
assert_eq true "$(jq .refused "$report")" "report refused"
assert_eq 0 "$(jq '.legs | length' "$report")" "legs tested when refused"
flags0=$(link_flags sb-a0)
flags1=$(link_flags sb-a1)
[[ ! $flags0 =~ (^|,)UP(,|$) ]] || fail "sb-a0 is up after the refusal ($flags0)"
assert_match "$flags1" '(^|,)UP(,|$)' "flags of sb-a1 after the refusal"
assert_match "$flags1" 'LOWER_UP' "flags of sb-a1 after the refusal"
assert_eq enabled "$(member_state bond0 sb-a1)" "sb-a1 after the refusal"

pass
