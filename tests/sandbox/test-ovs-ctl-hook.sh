#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# contrib/ovs-ctl-hook/ovs-offload-ovs-ctl pre-start, against Debian's real
# ovs-ctl with every OVS path in a private directory (OVS_RUNDIR, OVS_DBDIR,
# OVS_LOGDIR, OVS_SYSCONFDIR) and a private network namespace: it starts
# ovsdb-server through ovs-ctl and writes hw-offload and tc-policy; an
# ovs-vswitchd started afterwards logs "tc: Using policy 'skip_sw'" at its
# first start (no restart needed), and a later "ovs-ctl start" (what the
# init script runs) finds ovsdb-server already running.  No edit of ovs-ctl.

set -euo pipefail

SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
OFFLOADCTL=${OFFLOADCTL:-$SRCDIR/build/controller/ovs-offloadctl}
OVS_CTL=/usr/share/openvswitch/scripts/ovs-ctl
fail() { echo "FAIL: test-ovs-ctl-hook: $*" >&2; exit 1; }
skip() { echo "SKIP: test-ovs-ctl-hook: $*" >&2; exit 77; }
[[ $(id -u) == 0 ]] || skip "must run as root (ovs-ctl starts daemons)"
[[ -x $OVS_CTL ]] || skip "$OVS_CTL not found (install openvswitch-switch)"
command -v unshare >/dev/null || skip "unshare not found"
unshare -n true 2>/dev/null || skip "cannot create a network namespace"

T=$(mktemp -d)
export OVS_RUNDIR=$T OVS_LOGDIR=$T OVS_DBDIR=$T OVS_SYSCONFDIR=$T/etc
export OVS_OFFLOAD_CONFIG=$T/offload.yaml OVS_OFFLOADCTL=$OFFLOADCTL
cleanup() {
    local d pid
    for d in ovs-vswitchd ovsdb-server; do
        if [[ -r $T/$d.pid ]] && pid=$(<"$T/$d.pid") &&
            [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$d" ]]; then
            kill "$pid" 2>/dev/null || true
        fi
    done
    sleep 0.3
    rm -rf "$T"
}
trap cleanup EXIT
mkdir -p "$T/etc"
printf 'version: 1\novs:\n  hw-offload: true\n  tc-policy: skip_sw\n' >"$OVS_OFFLOAD_CONFIG"

unshare -n sh "$SRCDIR/contrib/ovs-ctl-hook/ovs-offload-ovs-ctl" pre-start \
    --system-id=random --no-record-hostname --no-monitor >"$T/hook.out" 2>&1 ||
    { cat "$T/hook.out" >&2; fail "pre-start failed"; }
[[ -r $T/ovsdb-server.pid ]] || fail "ovs-ctl did not start ovsdb-server"
[[ ! -e $T/ovs-vswitchd.pid ]] || fail "pre-start started ovs-vswitchd"
oc=$(ovs-vsctl --db="unix:$T/db.sock" --no-wait get Open_vSwitch . other_config)
[[ $oc == *'hw-offload="true"'* && $oc == *'tc-policy=skip_sw'* ]] ||
    fail "global keys not written: $oc"

# ovs-vswitchd's first start reads them.
unshare -n ovs-vswitchd "unix:$T/db.sock" --pidfile="$T/ovs-vswitchd.pid" \
    --detach -vconsole:off --log-file="$T/ovs-vswitchd.log"
for ((i = 0; i < 50; i++)); do
    grep -q "tc: Using policy 'skip_sw'" "$T/ovs-vswitchd.log" && break
    sleep 0.1
done
grep -q "tc: Using policy 'skip_sw'" "$T/ovs-vswitchd.log" ||
    fail "ovs-vswitchd did not start with tc-policy skip_sw: $(cat "$T/ovs-vswitchd.log")"

# What the init script does next: ovs-ctl start leaves ovsdb-server alone.
pid=$(<"$T/ovsdb-server.pid")
out=$("$OVS_CTL" --no-ovs-vswitchd --system-id=random --no-record-hostname start 2>&1)
grep -q 'ovsdb-server is already running' <<<"$out" || fail "ovs-ctl start: $out"
[[ $(<"$T/ovsdb-server.pid") == "$pid" ]] || fail "ovsdb-server was restarted"
# apply --nic-only needs no database, and waits (--timeout) for the PFs.
printf 'version: 1\nsriov:\n  - pf: oo-nosuch0\n    numvfs: 2\n' >"$T/nic.yaml"
start=$(date +%s)
if unshare -n "$OFFLOADCTL" --db=unix:/nonexistent -c "$T/nic.yaml" --timeout=2 apply --nic-only >"$T/nic.out" 2>&1; then
    fail "apply --nic-only with a missing PF succeeded"
fi
(( $(date +%s) - start >= 2 )) || fail "apply --nic-only did not wait for the PF"
grep -q 'still do not exist: oo-nosuch0' "$T/nic.out" || fail "no wait message: $(cat "$T/nic.out")"
"$OFFLOADCTL" --db=unix:/nonexistent -c "$OVS_OFFLOAD_CONFIG" apply --nic-only >"$T/nic.out" 2>&1 ||
    fail "apply --nic-only without a NIC phase failed: $(cat "$T/nic.out")"
echo "PASS: test-ovs-ctl-hook"
