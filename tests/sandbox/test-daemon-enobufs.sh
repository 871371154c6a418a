#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# A real rtnetlink overrun: ENOBUFS means a full resync, never a silent gap.
#
# ovs-offloadd runs with a small --netlink-rcvbuf and a 60 s --interval (so
# that only events and resyncs can update its view).  While it is stopped
# (SIGSTOP), a burst of link events in the sandbox overflows its socket (the
# kernel's drop counter in /proc/net/netlink is the witness), then bond leg
# sb-a1 loses its carrier (its peer sb-b1 set down): those messages are
# dropped too, so only a resync can know.  After SIGCONT the daemon must
# count a resync, stay alive, show sb-a1 down within seconds, keep showing
# it down once its socket is drained, and show it up again when it is.
#
# Two rounds:
#   1. the smallest buffer (--netlink-rcvbuf=4096, the kernel grants 8 kB);
#   2. a buffer that queues a few hundred messages, with sb-a1 going down
#      and up again early in the queue, behind more than one batch (64) of
#      other messages.  Those stale messages are older than the loss; fed
#      after the resync's sample they would put sb-a1 back up.  The daemon
#      must discard them.
# Without an overflow (no drops, resync counter unchanged) the test fails.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
require_jq
test_init

# Each toggle of this veth (its peer stays down) is one RTM_NEWLINK, which
# takes some 2.3 kB of a receiver's buffer.
sandbox_exec ip link add sb-nl0 type veth peer name sb-nl1 ||
    skip "cannot create a veth pair for the burst"

# toggles N: "ip -batch" lines that set sb-nl0 up and down N times.
toggles() {
    local i
    for ((i = 0; i < $1; i++)); do
        if ((i % 2)); then
            echo "link set dev sb-nl0 down"
        else
            echo "link set dev sb-nl0 up"
        fi
    done >"$TEST_TMP/burst"
    sandbox_exec ip -batch "$TEST_TMP/burst"
}

# monitor_socket PID: the /proc/net/netlink line of the daemon's rtnetlink
# monitor (NETLINK_ROUTE, groups LINK and TC: 00000009): columns sk Eth Pid
# Groups Rmem Wmem Dump Locks Drops Inode.
monitor_socket() {
    local inodes
    inodes=$(find "/proc/$1/fd" -lname 'socket:*' -printf '%l\n' 2>/dev/null |
             sed 's/socket:\[\([0-9]*\)\]/\1/' | tr '\n' ' ')
    sandbox_exec cat /proc/net/netlink |
        awk -v inodes=" $inodes" '$2 == 0 && $4 == "00000009" &&
                                  index(inodes, " " $10 " ") { print }'
}
socket_field() {        # socket_field PID COLUMN
    monitor_socket "$1" | awk -v c="$2" '{ print $c; exit }'
}

leg_shows() {
    offloadd_appctl lag/show | grep -qiE "^ +$1 +$2 "
}
resyncs() {
    offloadd_metric 'ovs_offload_events_total{type="resync"}'
}
ms_since() {
    echo $(( ($(date +%s%N) - $1) / 1000000 ))
}

# overrun ROUND RCVBUF PREFILL: one round, as described above.  PREFILL
# toggles queue before the stale down/up of sb-a1 (0: none of those).
overrun() {
    local round=$1 rcvbuf=$2 prefill=$3 pid granted r0 r1 d0 d1 t0 ms runs0 runs1 seen

    log "round $round: --netlink-rcvbuf=$rcvbuf, $prefill messages before the stale ones"
    : >"$SANDBOX_DIR/ovs-offloadd.log"
    offloadd_start --interval=60 --netlink-rcvbuf="$rcvbuf"
    pid=$(offloadd_pid) || fail "round $round: ovs-offloadd is not running"
    granted=$(sed -n 's/.*rtnetlink monitor open, \([0-9]*\)-byte receive buffer.*/\1/p' \
              "$SANDBOX_DIR/ovs-offloadd.log" | tail -n 1)
    log "round $round: the kernel granted ${granted:-?} bytes"
    [[ -n $(monitor_socket "$pid") ]] ||
        fail "round $round: cannot find the daemon's rtnetlink socket in /proc/net/netlink"
    retry 50 output_is 1 offloadd_metric ovs_offload_reconcile_last_success ||
        fail "round $round: the first reconcile did not succeed"
    retry 50 leg_shows sb-a0 up || fail "round $round: lag/show never showed sb-a0 up"
    retry 50 leg_shows sb-a1 up || fail "round $round: lag/show never showed sb-a1 up"

    r0=$(resyncs)
    [[ -n $r0 ]] || fail "round $round: no resync counter in /metrics"
    d0=$(socket_field "$pid" 9)
    runs0=$(offloadd_metric ovs_offload_reconcile_runs_total)

    kill -STOP "$pid"
    if ((prefill > 0)); then
        toggles "$prefill"
        # Queued, stale by the time the daemon reads them: sb-a1 down, then
        # up (the carrier change reaches rtnetlink through linkwatch, a
        # moment later: wait for it).
        sandbox_exec ip link set sb-b1 down
        sleep 0.3
        sandbox_exec ip link set sb-b1 up
        sleep 0.3
    fi
    toggles 2000
    # The change that only a resync can see: the buffer is full, so these
    # messages are dropped.
    sandbox_exec ip link set sb-b1 down
    sleep 0.5
    log "round $round: daemon stopped, its socket:"$'\n'"$(monitor_socket "$pid")"
    d1=$(socket_field "$pid" 9)
    log "round $round: the kernel dropped $((d1 - d0)) messages for the daemon (Drops $d0 -> $d1)"
    ((d1 > d0)) ||
        fail "round $round: no overflow: the kernel dropped no message for the daemon (Drops $d0 -> $d1), the test proves nothing; make the burst bigger"

    t0=$(date +%s%N)
    kill -CONT "$pid"
    seen="shows sb-a1 down"
    until leg_shows sb-a1 down; do
        (($(ms_since "$t0") < 5000)) || { seen="does not show sb-a1 down"; break; }
        sleep 0.05
    done
    ms=$(ms_since "$t0")
    r1=$(resyncs)
    log "round $round: resyncs $r0 -> ${r1:-?}; lag/show $seen $ms ms after SIGCONT"
    if [[ -z $r1 ]] || ((r1 <= r0)); then
        fail "round $round: the kernel dropped $((d1 - d0)) messages but the daemon did not resync (resync counter $r0 -> ${r1:-none})"
    fi
    offloadd_pid >/dev/null || fail "round $round: ovs-offloadd died after the overrun"
    leg_shows sb-a1 down ||
        fail "round $round: lag/show still shows sb-a1 up ${ms} ms after SIGCONT (only a resync can know it is down; were stale queued messages applied after its sample?)"
    ((ms < 5000)) || fail "round $round: $ms ms to show sb-a1 down"

    # Once everything queued is read, the view must not have gone back.
    t0=$(date +%s%N)
    until [[ $(socket_field "$pid" 5) == 0 ]]; do
        (($(ms_since "$t0") < 5000)) ||
            fail "round $round: the daemon's socket still holds $(socket_field "$pid" 5) bytes after 5 s"
        sleep 0.05
    done
    sleep 0.5
    log "round $round: socket drained, lag/show:"$'\n'"$(offloadd_appctl lag/show)"
    leg_shows sb-a1 down ||
        fail "round $round: sb-a1 shows up again after the drain: stale messages from before the overflow were applied after the resync"
    leg_shows sb-a0 up || fail "round $round: sb-a0 no longer shows up"
    # The resync is a reconcile too, not only a sample.
    runs1=$(offloadd_metric ovs_offload_reconcile_runs_total)
    log "round $round: reconcile runs $runs0 -> $runs1"
    ((runs1 > runs0)) || fail "round $round: no reconcile after the resync (runs $runs0 -> $runs1)"
    assert_eq 1 "$(offloadd_metric ovs_offload_reconcile_last_success)" \
        "round $round: reconcile last success after the resync"
    assert_eq 0 "$(offloadd_metric 'ovs_offload_leg_up{bond="bond0",leg="sb-a1"}')" \
        "round $round: leg_up of sb-a1"
    local json
    json=$(sandbox_exec curl -sf --max-time 5 "http://127.0.0.1:$OFFLOADD_PORT/status.json")
    (($(json_get "$json" '.events.resyncs') >= r1)) ||
        fail "round $round: status.json events.resyncs is $(json_get "$json" '.events.resyncs')"
    assert_eq false "$(json_get "$json" '[.bonds[] | select(.name == "bond0") | .legs[] | select(.name == "sb-a1") | .up][0]')" \
        "round $round: status.json up of sb-a1"

    # Back up: an ordinary event now.
    t0=$(date +%s%N)
    sandbox_exec ip link set sb-b1 up
    until leg_shows sb-a1 up; do
        (($(ms_since "$t0") < 3000)) ||
            fail "round $round: lag/show still shows sb-a1 down 3 s after it came back"
        sleep 0.05
    done
    log "round $round: sb-a1 up in lag/show $(ms_since "$t0") ms after it came back"
    offloadd_pid >/dev/null || fail "round $round: ovs-offloadd died"
    offloadd_stop
}

overrun 1 4096 0
overrun 2 262144 150
pass
