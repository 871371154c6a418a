#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# The bond that apply built survives a leg failure: with a ping running from
# vm1 to the peer (vm1 -> vm1-p -> br-offload -> bond0 => pbond -> peer),
# taking one veth of the bond down disables that member only, the ping goes
# on over the other member, and the member comes back when the veth does.
# Both legs are failed in turn, so the one carrying the ping fails at least
# once whatever balance-tcp's hash chose.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
test_init

PEER=192.0.2.100
INTERVAL=0.2
AFTER_FAILURE=4         # seconds of ping counted after a failure
MIN_REPLIES=15          # of ~20 sent in AFTER_FAILURE seconds

ctl_ok -c "$SANDBOX_YAML" apply
sandbox_wait_lacp bond0 30 || fail "bond0 did not negotiate LACP"
sandbox_wait_lacp pbond 30 || fail "pbond did not negotiate LACP"
retry 25 sandbox_ns_exec vm1 ping -c 1 -W 1 -q "$PEER" >/dev/null ||
    fail "vm1 cannot ping the peer $PEER before any failure"

replies() {
    grep -c 'bytes from' "$TEST_TMP/ping.out" || true
}

# shellcheck disable=SC2317  # called through retry
replies_at_least() {
    (($(replies) >= $1))
}

member_state() {            # member_state BOND MEMBER -> enabled|disabled
    ovs_appctl bond/show "$1" | sed -n "s/^member $2: //p"
}

for leg in sb-a0 sb-a1; do
    other=sb-a0
    [[ $leg != sb-a0 ]] || other=sb-a1
    log "failing $leg (the other member is $other)"

    # Line-buffered, so that replies can be counted while ping runs; not
    # through a shell function, so that $! is ping itself.
    ip netns exec "$SANDBOX_NS-vm1" stdbuf -oL ping -n -i "$INTERVAL" "$PEER" \
        >"$TEST_TMP/ping.out" 2>&1 &
    ping_pid=$!
    retry 25 replies_at_least 3 || fail "no ping replies before failing $leg"

    sandbox_exec ip link set "$leg" down
    retry 25 output_is disabled member_state bond0 "$leg" ||
        fail "bond0 member $leg is '$(member_state bond0 "$leg")' after link down, expected disabled"
    assert_eq enabled "$(member_state bond0 "$other")" "bond0 member $other while $leg is down"
    show=$(ovs_appctl bond/show bond0)
    log "bond/show bond0 with $leg down:"$'\n'"$show"
    assert_match "$show" '^lacp_status: negotiated$' "bond/show bond0 with $leg down"
    assert_eq down "$(ovs_col Interface "$leg" link_state)" "link_state of $leg"

    n0=$(replies)
    sleep "$AFTER_FAILURE"
    n1=$(replies)
    got=$((n1 - n0))
    log "$got ping replies in ${AFTER_FAILURE}s with $leg down"
    ((got >= MIN_REPLIES)) ||
        fail "only $got ping replies in ${AFTER_FAILURE}s after $leg went down (want >= $MIN_REPLIES)"

    sandbox_exec ip link set "$leg" up
    sandbox_wait_lacp bond0 30 || fail "bond0 did not re-enable $leg"
    assert_eq enabled "$(member_state bond0 "$leg")" "bond0 member $leg after link up"
    n2=$(replies)
    sleep 1
    (($(replies) > n2)) || fail "ping stopped after $leg came back"

    # SIGINT: ping prints its statistics.
    kill -INT "$ping_pid" 2>/dev/null || true
    wait "$ping_pid" 2>/dev/null || true
    log "ping across the failure of $leg: $(grep 'packets transmitted' "$TEST_TMP/ping.out")"
done

pass
