#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# apply --restart-vswitchd: with hw-offload on, a tc-policy change needs an
# ovs-vswitchd restart.  Without the flag, apply records it and leaves
# ovs-vswitchd alone (same pid).  With the flag, ovs-vswitchd is restarted
# once (new pid), an OpenFlow flow added beforehand with ovs-ofctl is still
# there afterwards (saved and restored with ovs-save around the restart),
# the restart record and flow-restore-wait are gone, and a further apply
# with the flag does not restart again.  Control: a plain restart loses
# that flow, so the witness does prove the save and restore.
#
# The sandbox restarts its ovs-vswitchd through OVS_OFFLOAD_RESTART_CMD (a
# script running sandbox_vswitchd_restart, exec'd without a shell; shell
# syntax in the variable is refused); systemctl and ovs-ctl are not used.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
require_jq
test_init

# The sandbox file with global offload keys under "ovs:".
with_policy() {
    sed "s/^ovs:\$/ovs:\\n  hw-offload: true\\n  tc-policy: $1/" "$SANDBOX_YAML" >"$TEST_TMP/$1.yaml"
    echo "$TEST_TMP/$1.yaml"
}
Y_NONE=$(with_policy none)
Y_SKIP=$(with_policy skip_sw)
grep -q '^  tc-policy: skip_sw$' "$Y_SKIP" || fail "could not write $Y_SKIP"

vswitchd_pid() { cat "$SANDBOX_DIR/ovs-vswitchd.pid"; }
witness() { sandbox_exec ovs-ofctl dump-flows br-offload | grep -c 'nw_dst=192.0.2.250' || true; }

# hw-offload false -> true takes effect at run time: no restart needed.
ctl_ok -c "$Y_NONE" apply
assert_eq true "$(ovs_key Open_vSwitch . other_config hw-offload)" "hw-offload"
assert_eq "" "$(ovs_key Open_vSwitch . external_ids ovs-offload-restart-pending)" "restart record after enabling hw-offload"

sandbox_exec ovs-ofctl add-flow br-offload "priority=12345,ip,nw_dst=192.0.2.250,actions=drop"
assert_eq 1 "$(witness)" "witness flow before the restart"
pid1=$(vswitchd_pid)

# tc-policy none -> skip_sw without the flag: recorded, not restarted.
ctl_ok -c "$Y_SKIP" apply
assert_contains "$CTL_OUT" "restart needed" "apply output"
assert_contains "$CTL_OUT" "ovs-vswitchd was not restarted" "apply output"
assert_eq "$pid1" "$(vswitchd_pid)" "ovs-vswitchd pid after apply without --restart-vswitchd"
rec=$(ovs_key Open_vSwitch . external_ids ovs-offload-restart-pending)
[[ $rec == "$pid1 "* ]] || fail "restart record '$rec' does not name pid $pid1"
assert_eq skip_sw "$(ovs_key Open_vSwitch . other_config tc-policy)" "tc-policy"

# OVS_OFFLOAD_RESTART_CMD runs without a shell: shell syntax in it is a
# usage error before anything changes (same pid, restart still pending).
export OVS_OFFLOAD_RESTART_CMD="sandbox_vswitchd_restart && true"
ctl_expect 2 -c "$Y_SKIP" apply --restart-vswitchd
assert_contains "$CTL_ERR" "runs without a shell" "refusal of shell syntax"
assert_eq "$pid1" "$(vswitchd_pid)" "ovs-vswitchd pid after the refused restart command"
[[ $(ovs_key Open_vSwitch . external_ids ovs-offload-restart-pending) == "$pid1 "* ]] \
    || fail "restart record lost after the refused restart command"

# With the flag: one restart, flows kept.  The restart is a script, given
# by its path (quoted words: a path with a blank would do too).
restart_script="$TEST_TMP/restart vswitchd.sh"
cat >"$restart_script" <<EOS
#!/usr/bin/env bash
. "$SRCDIR/contrib/sandbox.sh" && sandbox_load "$SANDBOX_DIR" && sandbox_vswitchd_restart
EOS
chmod +x "$restart_script"
export OVS_OFFLOAD_RESTART_CMD="'$restart_script'"
ctl_ok -c "$Y_SKIP" apply --restart-vswitchd --format=json
pid2=$(vswitchd_pid)
[[ $pid2 != "$pid1" ]] || fail "ovs-vswitchd pid did not change ($pid1)"
_sandbox_pid_is "$pid2" ovs-vswitchd || fail "no ovs-vswitchd with pid $pid2"
assert_eq "$pid1" "$(json_get "$CTL_OUT" '.vswitchd_restart.old_pid')" "reported old pid"
assert_eq "$pid2" "$(json_get "$CTL_OUT" '.vswitchd_restart.new_pid')" "reported new pid"
assert_eq true "$(json_get "$CTL_OUT" '.vswitchd_restart.reapplied')" "reapplied"
assert_eq null "$(json_get "$CTL_OUT" '.vswitchd_restart.error')" "restart error"
assert_eq '"userspace datapath (netdev): OVS uses no TC"' \
    "$(json_get "$CTL_OUT" '.vswitchd_restart.bonds[0].reason')" "ingress qdisc check"
assert_eq 1 "$(witness)" "witness flow after the restart"
assert_eq "" "$(ovs_key Open_vSwitch . external_ids ovs-offload-restart-pending)" "restart record after the restart"
assert_eq "" "$(ovs_key Open_vSwitch . other_config flow-restore-wait)" "flow-restore-wait after the restart"
assert_eq skip_sw "$(ovs_key Open_vSwitch . other_config tc-policy)" "tc-policy after the restart"
retry 50 iface_has_ofport vm1-p || fail "vm1-p has no OpenFlow port after the restart"

# Nothing pending: the flag does not restart again.
ctl_ok -c "$Y_SKIP" apply --restart-vswitchd
assert_eq "$pid2" "$(vswitchd_pid)" "ovs-vswitchd pid after an apply with nothing pending"

# Control: a restart without the save loses the witness flow.
sandbox_vswitchd_restart
assert_eq 0 "$(witness)" "witness flow after a plain restart"

# And back to tc-policy none, with the text report.
pid3=$(vswitchd_pid)
ctl_ok -c "$Y_NONE" apply --restart-vswitchd
assert_match "$CTL_OUT" "^Restarted ovs-vswitchd \(pid $pid3 -> [0-9]+\) with OVS_OFFLOAD_RESTART_CMD" "text report"
assert_contains "$CTL_OUT" "Bond bond0: ingress qdiscs not checked (userspace datapath (netdev): OVS uses no TC)." "text report"
[[ $(vswitchd_pid) != "$pid3" ]] || fail "no restart back to tc-policy none"
pass
