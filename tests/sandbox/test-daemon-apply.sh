#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# "ovs-offloadctl apply" with ovs-offloadd running:
#   1. the daemon follows file A; A is edited in place and applied: the
#      change stays (the daemon holds off during the apply, then reloads
#      A), and the daemon's configuration is the edited A (a later drift is
#      repaired to the new value, not the old one);
#   2. another file B is applied: the CLI warns that the daemon follows A
#      and will treat the apply as drift, and the daemon does revert it
#      (documented behaviour);
#   3. with no daemon running, apply says nothing about one.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
test_init

A=$TEST_TMP/a.yaml
B=$TEST_TMP/b.yaml
CK=$TEST_TMP/checkpoint.json
cp "$SANDBOX_YAML" "$A"
max_idle() {
    ovs_key Open_vSwitch . other_config max-idle
}

offloadd_start -c "$A" --checkpoint="$CK"
retry 50 output_is 1 offloadd_metric ovs_offload_reconcile_last_success ||
    fail "the first reconcile did not succeed"
assert_eq 10000 "$(max_idle)" "max-idle from A"
assert_eq 0 "$(offloadd_metric ovs_offload_reconcile_paused)" "paused at start"

# 1. A edited in place and applied.
sed -i 's/max-idle: 10000/max-idle: 20000/' "$A"
ctl_ok -c "$A" --checkpoint="$CK" apply
if [[ $CTL_ERR == *ovs-offloadd* ]]; then
    ctl_show
    fail "apply of the daemon's own file printed a warning"
fi
sleep 2.5                       # two daemon intervals
assert_eq 20000 "$(max_idle)" "max-idle after the apply of the edited A"
assert_eq 0 "$(offloadd_metric ovs_offload_drift_repairs_total)" \
    "drift repairs after the apply of the daemon's file"
assert_eq 0 "$(offloadd_metric ovs_offload_reconcile_paused)" "paused after the apply"
# The daemon now holds the edited A: drift goes back to 20000.
ovs_vsctl set Open_vSwitch . other_config:max-idle=12345
retry 50 output_is 20000 max_idle ||
    fail "drift was repaired to '$(max_idle)', not to the edited A's 20000"

# 2. Another file.
sed 's/max-idle: 20000/max-idle: 40000/' "$A" >"$B"
ctl_ok -c "$B" --checkpoint="$CK" apply
assert_contains "$CTL_ERR" "ovs-offloadd follows $(realpath "$A"), not $(realpath "$B")" \
    "warning of the apply of another file"
assert_contains "$CTL_ERR" "treat this apply as drift" "warning of the apply of another file"
assert_contains "$CTL_ERR" "restart ovs-offloadd with -c $(realpath "$B")" "the fix offered"
retry 50 output_is 20000 max_idle ||
    fail "the daemon did not revert the apply of B: max-idle is '$(max_idle)'"

# config/reload FILE itself: another file is refused, naming ours.
if out=$(offloadd_appctl config/reload "$B" 2>&1); then
    fail "config/reload $B succeeded: $out"
fi
assert_contains "$out" "follows $(realpath "$A")" "config/reload of another file"
out=$(offloadd_appctl config/reload "$A")
assert_contains "$out" "loaded $(realpath "$A")" "config/reload of our file"

# 3. No daemon: nothing said.
offloadd_stop
ctl_ok -c "$B" --checkpoint="$CK" apply
if [[ $CTL_ERR == *ovs-offloadd* ]]; then
    ctl_show
    fail "apply without a daemon talked about one"
fi
assert_eq 40000 "$(max_idle)" "max-idle after the apply of B without a daemon"
pass
