#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
# apply --confirm-within, confirm and rollback against the sandbox's real
# ovsdb-server and ovs-vswitchd.  The database is compared as a normalized
# dump (lib.sh: db_dump_config) before and after:
#   1. the CLI is killed (after it returned, and while it runs): the
#      guardian rolls back at the deadline, to exactly the state before;
#   2. confirm: the applied state survives the deadline;
#   3. a failed verification (test hook): immediate rollback;
#   4. a second --confirm-within while one is pending is refused; rollback
#      by hand;
#   5. another client changed a value the apply set: the rollback reports
#      the conflict and changes nothing.
# The kernel side (numvfs, eswitch mode, bonds) cannot change here; the
# unit tests cover its rollback with the fake NIC backend.

. "$(dirname "$0")/lib.sh"
test_init

CK=$TEST_TMP/checkpoint.json
NS=$TEST_TMP/nic-state.json
CKOPTS=(--checkpoint="$CK" --nic-state="$NS")

guardians_killed_at_exit

# The baseline: the sandbox file applied plainly.
ctl_ok -c "$SANDBOX_YAML" "${CKOPTS[@]}" apply

# The change: vm2-p leaves as a port (its row is deleted; a rollback makes
# a new one) and joins a new bond bond1 with a missing second member; a
# global key changes, another appears.
CHANGED=$TEST_TMP/changed.yaml
sed -e 's/max-idle: 10000/max-idle: 20000\n  other-config: {n-handler-threads: "2"}/' \
    -e '/- name: vm2-p/,/type: system/d' "$SANDBOX_YAML" >"$CHANGED"
cat >>"$CHANGED" <<'YAML'
      - name: bond1
        type: bond
        members: [vm2-p, sb-none]
        bond-mode: active-backup
YAML
ctl_ok -c "$CHANGED" validate

# Rows named vm2-p may come back under a new UUID: mask it.
dump() {
    db_dump_config vm2-p
}

db_wait_settled
BEFORE=$(dump)
assert_contains "$BEFORE" "Port|*|vm2-p" "baseline dump"

guardian_of() {
    jq -r .guardian_pid "$CK"
}

guardian_gone() {
    ! [[ $(cat "/proc/$1/comm" 2>/dev/null) == offload-guard ]]
}

# wait_rolled_back SECS: waits until the checkpoint is gone.
wait_rolled_back() {
    local i
    for ((i = 0; i < $1 * 5; i++)); do
        [[ -e $CK ]] || return 0
        sleep 0.2
    done
    return 1
}

require_jq

# 1a. The CLI returns (and is "killed" after); the guardian rolls back.
ctl_ok -c "$CHANGED" "${CKOPTS[@]}" apply --confirm-within 3
assert_contains "$CTL_OUT" "confirm" "apply --confirm-within output"
[[ -e $CK ]] || fail "no checkpoint after apply --confirm-within"
assert_eq 600 "$(stat -c %a "$CK")" "checkpoint mode"
assert_eq pending "$(jq -r .state "$CK")" "checkpoint state"
GPID=$(guardian_of)
guardian_gone "$GPID" && fail "guardian $GPID is not running"
assert_eq 20000 "$(ovs_key Open_vSwitch . other_config max-idle)" "max-idle applied"
assert_eq $'sb-none\nvm2-p' "$(ovs_ref_names Port bond1 interfaces)" "bond1 applied"
wait_rolled_back 10 || fail "the guardian did not roll back within 10 s"
retry 25 guardian_gone "$GPID" || fail "guardian $GPID still runs after the rollback"
db_wait_settled
assert_eq "$BEFORE" "$(dump)" "database after the guardian's rollback (1a)"
assert_contains "$(cat "$CK.log")" "Rolled back" "guardian log"
log "guardian log: $(cat "$CK.log")"

# 1b. The CLI is killed -9 while it runs (or just after).
sandbox_exec "$OFFLOADCTL" -c "$CHANGED" "${CKOPTS[@]}" apply --confirm-within 3 \
    >"$TEST_TMP/bg.out" 2>&1 &
CLI=$!
sleep 0.15
kill -9 "$CLI" 2>/dev/null || true
wait "$CLI" 2>/dev/null || true
log "killed apply's output: $(cat "$TEST_TMP/bg.out")"
[[ -e $CK ]] || fail "no checkpoint after the killed apply"
wait_rolled_back 10 || fail "the guardian did not roll back the killed apply"
db_wait_settled
assert_eq "$BEFORE" "$(dump)" "database after the killed apply's rollback (1b)"

# 2. Confirmed in time: the change survives the deadline.
ctl_ok -c "$CHANGED" "${CKOPTS[@]}" apply --confirm-within 3
GPID=$(guardian_of)
db_wait_settled
APPLIED=$(dump)
[[ $APPLIED != "$BEFORE" ]] || fail "the apply changed nothing"
ctl_ok "${CKOPTS[@]}" confirm
assert_contains "$CTL_OUT" "Confirmed" "confirm output"
[[ ! -e $CK ]] || fail "checkpoint still there after confirm"
retry 25 guardian_gone "$GPID" || fail "guardian $GPID still runs after confirm"
sleep 4
db_wait_settled
assert_eq "$APPLIED" "$(dump)" "database after confirm and the deadline"
ctl_expect 1 "${CKOPTS[@]}" confirm
assert_contains "$CTL_ERR" "nothing to confirm" "second confirm"

# Back to the baseline.
ctl_ok -c "$SANDBOX_YAML" "${CKOPTS[@]}" apply
db_wait_settled
BEFORE=$(dump)

# 3. The verification fails: rolled back at once, before any deadline.
export OVS_OFFLOAD_TEST_FAIL_VERIFY=1
ctl_expect 1 -c "$CHANGED" "${CKOPTS[@]}" apply --confirm-within 30
unset OVS_OFFLOAD_TEST_FAIL_VERIFY
assert_contains "$CTL_OUT" "Applied" "failed apply's stdout (it did commit)"
assert_contains "$CTL_OUT" "OVSDB rollback" "failed apply's stdout"
assert_contains "$CTL_ERR" "rolled back" "failed apply's stderr"
[[ ! -e $CK ]] || fail "checkpoint left after the immediate rollback"
db_wait_settled
assert_eq "$BEFORE" "$(dump)" "database after the immediate rollback (3)"

# 4. One pending apply at a time; rollback by hand.
ctl_ok -c "$CHANGED" "${CKOPTS[@]}" apply --confirm-within 30
GPID=$(guardian_of)
db_wait_settled
APPLIED=$(dump)
ctl_expect 1 -c "$SANDBOX_YAML" "${CKOPTS[@]}" apply --confirm-within 30
assert_contains "$CTL_ERR" "waiting for confirmation" "second --confirm-within"
assert_eq "$APPLIED" "$(dump)" "database after the refused apply"
ctl_expect 1 -c "$SANDBOX_YAML" "${CKOPTS[@]}" apply
assert_contains "$CTL_ERR" "is pending" "plain apply while pending"
assert_eq "$APPLIED" "$(dump)" "database after the refused plain apply"
ctl_ok "${CKOPTS[@]}" rollback
retry 25 guardian_gone "$GPID" || fail "guardian $GPID still runs after rollback"
[[ ! -e $CK ]] || fail "checkpoint left after rollback"
db_wait_settled
assert_eq "$BEFORE" "$(dump)" "database after rollback by hand (4)"

# 5. Another client changes what the apply set: no clobbering.
ctl_ok -c "$CHANGED" "${CKOPTS[@]}" apply --confirm-within 30
ovs_vsctl set Open_vSwitch . other_config:max-idle=30000
db_wait_settled
CHANGED_BY_HAND=$(dump)
ctl_expect 1 "${CKOPTS[@]}" rollback
assert_contains "$CTL_ERR" "max-idle" "conflict report"
assert_contains "$CTL_ERR" "changed by another client" "conflict report"
db_wait_settled
assert_eq "$CHANGED_BY_HAND" "$(dump)" "database after the refused rollback"
[[ -e $CK ]] || fail "checkpoint dropped after a refused rollback"
ctl_ok "${CKOPTS[@]}" confirm
[[ ! -e $CK ]] || fail "checkpoint left after confirm"

pass
