#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# "plan --format=json" on a database without our rows lists the creation of
# every row of contrib/examples/sandbox.yaml, with its changes, and writes
# nothing; "plan" of an invalid file exits 1 with a located message; after
# apply, the created rows are those the plan announced.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
require_jq
test_init

db_wait_settled 2
md5_before=$(db_md5)

ctl_ok -c "$SANDBOX_YAML" plan --format=json
plan=$CTL_OUT
log "plan: $(json_get "$plan" '[.ops[] | .action + " " + .table + " " + .name]')"

assert_eq '[]' "$(json_get "$plan" '.conflicts')" "conflicts"
assert_eq false "$(json_get "$plan" '.restart_needed')" "restart_needed"
json_get "$plan" '.warnings | type' | grep -qx '"array"' || fail "warnings is not an array"

# The rows to create, by table.
creates() {
    json_get "$plan" "[.ops[] | select(.action == \"create\" and .table == \"$1\") | .name] | sort"
}
assert_eq '["br-offload"]' "$(creates Bridge)" "Bridge rows to create"
assert_eq '["bond0","br-offload","vm1-p","vm2-p"]' "$(creates Port)" "Port rows to create"
assert_eq '["br-offload","sb-a0","sb-a1","vm1-p","vm2-p"]' "$(creates Interface)" \
    "Interface rows to create"

# Nothing of the partner is touched, nothing is deleted.
assert_eq '[]' "$(json_get "$plan" '[.ops[] | select(.action == "delete")]')" "delete ops"
assert_eq '[]' "$(json_get "$plan" \
    '[.ops[] | select(.name == "br-partner" or .name == "pbond" or .name == "peer-p" or (.name | startswith("sb-b")))]')" \
    "ops on the partner's rows"

# The interesting changes are spelled out.
op() {
    json_get "$plan" "[.ops[] | select(.table == \"$1\" and .name == \"$2\")][0]"
}
change() {              # change OP COLUMN [KEY] -> new value
    if (($# == 3)); then
        json_get "$1" "[.changes[] | select(.column == \"$2\" and .key == \"$3\") | .new][0]"
    else
        json_get "$1" "[.changes[] | select(.column == \"$2\") | .new][0]"
    fi
}
bridge=$(op Bridge br-offload)
bond=$(op Port bond0)
assert_eq '"netdev"' "$(change "$bridge" datapath_type)" "Bridge br-offload datapath_type"
assert_eq '"ovs-offload"' "$(change "$bridge" external_ids ovs-offload-owner)" "Bridge br-offload owner"
assert_eq '"balance-tcp"' "$(change "$bond" bond_mode)" "Port bond0 bond_mode"
assert_eq '"active"' "$(change "$bond" lacp)" "Port bond0 lacp"
assert_eq '"fast"' "$(change "$bond" other_config lacp-time)" "Port bond0 lacp-time"
assert_eq '"true"' "$(change "$bond" other_config lacp-fallback-ab)" "Port bond0 lacp-fallback-ab"
assert_eq '["bond0","br-offload","vm1-p","vm2-p"]' \
    "$(json_get "$bridge" '[.changes[] | select(.column == "ports" and .kind == "addref") | .new] | sort')" \
    "ports the bridge gets"
assert_eq '["sb-a0","sb-a1"]' \
    "$(json_get "$bond" '[.changes[] | select(.column == "interfaces" and .kind == "addref") | .new] | sort')" \
    "interfaces bond0 gets"

# Text plan works too, and neither wrote anything.
ctl_ok -c "$SANDBOX_YAML" plan
assert_contains "$CTL_OUT" "br-offload" "text plan"
ctl_ok -c "$SANDBOX_YAML" apply --dry-run --format=json
assert_eq false "$(json_get "$CTL_OUT" '.transaction_sent')" "apply --dry-run transaction_sent"
assert_eq "$md5_before" "$(db_md5)" "conf.db md5 after plan and apply --dry-run"
assert_eq br-partner "$(ovs_vsctl list-br)" "bridges after plan"

# plan of an invalid file: exit 1, located message, nothing on stdout that
# looks like a plan.
printf 'version: 1\nbridges:\n  - name: br-offload\n    ports:\n      - name: vm1-p\n        tag: 5000\n' \
    >"$TEST_TMP/bad.yaml"
ctl -c "$TEST_TMP/bad.yaml" plan --format=json
if [[ $CTL_RC != 1 ]]; then
    ctl_show
    fail "plan of an invalid file exited $CTL_RC, expected 1"
fi
assert_match "$CTL_ERR" 'bad[.]yaml:6:[0-9]+: ' "stderr of plan of an invalid file"

# The plan was the truth: apply creates the announced rows, then the plan
# is empty.
ctl_ok -c "$SANDBOX_YAML" apply
for t in Bridge Port Interface; do
    for name in $(json_get "$plan" "[.ops[] | select(.action == \"create\" and .table == \"$t\") | .name] | .[]" | tr -d '"'); do
        assert_eq ovs-offload "$(ovs_key "$t" "$name" external_ids ovs-offload-owner)" \
            "owner of $t $name announced by the plan"
    done
done
ctl_ok -c "$SANDBOX_YAML" plan --format=json
assert_eq '[]' "$(json_get "$CTL_OUT" '.ops')" "plan ops after apply"

pass
