#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# "apply --confirm-within", "rollback" and "confirm" with ovs-offloadd
# running on file A (both with the same --checkpoint):
#   1. A is edited and applied with --confirm-within: the daemon, which
#      still holds the old A, pauses (ovs_offload_reconcile_paused 1,
#      reconcile.paused in /status.json, "paused:" in offload/show) instead
#      of reverting the apply as drift;
#   2. the guardian rolls back at the deadline: the database is as before,
#      the rollback leaves its marker, and the daemon stays paused, even
#      once restarted on the edited A (which it would otherwise apply
#      again), for several intervals;
#   3. config/reload ends the pause, and the daemon applies A as it is now,
#      the edited file (the operator is expected to fix the file first);
#   4. A edited again, applied with --confirm-within and confirmed: paused
#      during, resumed after, and the confirmed state stays; the daemon
#      follows the confirmed file (drift goes back to it).

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
require_jq
test_init

A=$TEST_TMP/a.yaml
CK=$TEST_TMP/checkpoint.json
NS=$TEST_TMP/nic-state.json
CKOPTS=(--checkpoint="$CK" --nic-state="$NS")
cp "$SANDBOX_YAML" "$A"

guardians_killed_at_exit

max_idle() {
    ovs_key Open_vSwitch . other_config max-idle
}
status_paused() {
    json_get "$(sandbox_exec curl -sf --max-time 5 \
                "http://127.0.0.1:$OFFLOADD_PORT/status.json")" '.reconcile.paused'
}
paused_metric() {
    offloadd_metric ovs_offload_reconcile_paused
}

offloadd_start -c "$A" --checkpoint="$CK"
retry 50 output_is 1 offloadd_metric ovs_offload_reconcile_last_success ||
    fail "the first reconcile did not succeed"
assert_eq 10000 "$(max_idle)" "max-idle from A"
assert_eq null "$(status_paused)" "reconcile.paused at start"
db_wait_settled
BEFORE=$(db_dump_config)

# 1. Pending.
sed -i 's/max-idle: 10000/max-idle: 20000/' "$A"
ctl_ok -c "$A" "${CKOPTS[@]}" apply --confirm-within 6
retry 25 output_is 1 paused_metric || fail "the daemon did not pause"
assert_match "$(status_paused)" 'confirm-within is pending' "reconcile.paused while pending"
assert_contains "$(offloadd_appctl offload/show)" "paused: an apply --confirm-within" \
    "offload/show while pending"
sleep 2                         # two intervals: the old A would revert it
assert_eq 20000 "$(max_idle)" "max-idle while the apply is pending"
assert_eq 0 "$(offloadd_metric ovs_offload_drift_repairs_total)" "drift repairs while pending"
if out=$(offloadd_appctl reconcile/now 2>&1); then
    fail "reconcile/now ran while an apply was pending: $out"
fi
assert_contains "$out" "confirm" "reconcile/now while pending"

# 2. The guardian rolls back at the deadline.
retry 75 eval "[[ ! -e $CK ]]" || fail "the guardian did not roll back"
[[ -e $CK.rolled-back ]] || fail "the rollback left no marker $CK.rolled-back"
assert_contains "$(<"$CK.log")" "ovs-offloadd is paused until" "the guardian's rollback output"
assert_eq "$(realpath "$A")" "$(jq -r .source "$CK.rolled-back")" "the marker's file"
assert_eq 10000 "$(max_idle)" "max-idle after the rollback"
db_wait_settled
assert_eq "$BEFORE" "$(db_dump_config)" "the database after the rollback"
# The daemon, restarted, holds the edited A now; the marker keeps it from
# applying it again.
offloadd_stop
offloadd_start -c "$A" --checkpoint="$CK"
retry 25 output_is 1 paused_metric || fail "the restarted daemon is not paused"
sleep 4                         # several intervals
assert_eq 10000 "$(max_idle)" "max-idle with the daemon paused by the marker"
assert_eq 1 "$(paused_metric)" "ovs_offload_reconcile_paused after the rollback"
assert_match "$(status_paused)" "rolled back at .*config/reload" "reconcile.paused after the rollback"
assert_eq 0 "$(offloadd_metric ovs_offload_reconcile_runs_total)" \
    "reconcile runs of the daemon paused since its start"

# 3. config/reload resumes, with A as it is: the edited file.
offloadd_appctl config/reload >/dev/null
[[ ! -e $CK.rolled-back ]] || fail "config/reload left the marker"
assert_eq 0 "$(paused_metric)" "ovs_offload_reconcile_paused after config/reload"
assert_eq null "$(status_paused)" "reconcile.paused after config/reload"
assert_eq 20000 "$(max_idle)" "max-idle after config/reload (the edited A)"

# 4. Confirm.
sed -i 's/max-idle: 20000/max-idle: 30000/' "$A"
ctl_ok -c "$A" "${CKOPTS[@]}" apply --confirm-within 60
retry 25 output_is 1 paused_metric || fail "the daemon did not pause"
sleep 2
assert_eq 30000 "$(max_idle)" "max-idle while the apply is pending"
ctl_ok "${CKOPTS[@]}" confirm
assert_contains "$CTL_OUT" "Confirmed" "confirm"
if [[ $CTL_ERR == *ovs-offloadd* ]]; then
    ctl_show
    fail "confirm of the daemon's own file printed a warning"
fi
retry 25 output_is 0 paused_metric || fail "the daemon did not resume after confirm"
sleep 2.5
assert_eq 30000 "$(max_idle)" "max-idle after confirm"
[[ ! -e $CK.rolled-back ]] || fail "confirm left a rollback marker"
ovs_vsctl set Open_vSwitch . other_config:max-idle=12345
retry 50 output_is 30000 max_idle ||
    fail "drift was repaired to '$(max_idle)', not to the confirmed 30000"

offloadd_stop
pass
