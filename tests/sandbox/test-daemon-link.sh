#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# A bond leg set down with "ip link set" shows as down in ovs-offloadd's
# lag/show at once (the daemon hears RTM_NEWLINK; it does not wait for its
# next sample, which is 60 s away here), in /metrics too, and the link event
# is counted; set up again, it shows up again.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
test_init

# A long interval: only the link event can explain a quick change.
offloadd_start --interval=60
retry 50 output_is 1 offloadd_metric ovs_offload_reconcile_last_success ||
    fail "the first reconcile did not succeed"
leg_shows() {
    offloadd_appctl lag/show | grep -qiE "^ +$1 +$2 "
}
# The views start from the sample after the reconcile.
retry 50 leg_shows sb-a0 up || fail "lag/show never showed sb-a0 up"
retry 50 leg_shows sb-a1 up || fail "lag/show never showed sb-a1 up"
events=$(offloadd_metric 'ovs_offload_events_total{type="link"}')

# Down: measure from the command to the first lag/show that says so.
t0=$(date +%s%N)
sandbox_exec ip link set sb-a1 down
n=0
until leg_shows sb-a1 down; do
    n=$((n + 1))
    (( $(date +%s%N) - t0 < 2000000000 )) || fail "lag/show still shows sb-a1 up after 2 s"
done
ms=$(( ($(date +%s%N) - t0) / 1000000 ))
log "sb-a1 down in lag/show after $ms ms ($n earlier lag/show calls said otherwise)"
((ms < 500)) || fail "lag/show took $ms ms to show sb-a1 down (limit 500)"
log "lag/show:"$'\n'"$(offloadd_appctl lag/show)"
leg_shows sb-a0 up || fail "sb-a0 no longer shows up"

assert_eq 0 "$(offloadd_metric 'ovs_offload_leg_up{bond="bond0",leg="sb-a1"}')" "leg_up of sb-a1 when down"
assert_eq 1 "$(offloadd_metric 'ovs_offload_leg_up{bond="bond0",leg="sb-a0"}')" "leg_up of sb-a0"
after=$(offloadd_metric 'ovs_offload_events_total{type="link"}')
((after > events)) || fail "link events: $events before, $after after"
assert_contains "$(offloadd_appctl offload/show)" "leg_down" "offload/show alerts with sb-a1 down"

# Up again.
t0=$(date +%s%N)
sandbox_exec ip link set sb-a1 up
until leg_shows sb-a1 up; do
    (( $(date +%s%N) - t0 < 2000000000 )) || fail "lag/show still shows sb-a1 down 2 s after it came up"
done
log "sb-a1 up in lag/show after $(( ($(date +%s%N) - t0) / 1000000 )) ms"
assert_eq 1 "$(offloadd_metric 'ovs_offload_leg_up{bond="bond0",leg="sb-a1"}')" "leg_up of sb-a1 when up again"

offloadd_stop
pass
