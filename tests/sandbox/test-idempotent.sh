#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# A second apply of the same file sends no transaction: conf.db keeps its
# size and md5 (ovsdb-server appends every committed transaction to it, so
# an unchanged file proves nothing was committed), next_cfg does not move,
# "plan --format=json" has no ops and "apply --format=json" says
# transaction_sent false.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
require_jq
test_init

next_cfg() {
    ovs_vsctl --no-wait get Open_vSwitch . next_cfg
}

ctl_ok -c "$SANDBOX_YAML" apply
sandbox_wait_lacp bond0 30 || fail "bond0 did not negotiate LACP"
# ovs-vswitchd writes ofport, cur_cfg, bond_active_slave, ... on its own
# after a change: start from a database at rest.
db_wait_settled 2

size0=$(db_size)
md50=$(db_md5)
cfg0=$(next_cfg)
cp "$SANDBOX_DIR/conf.db" "$TEST_TMP/conf.db.before"

# plan: empty, no conflicts.
ctl_ok -c "$SANDBOX_YAML" plan --format=json
assert_eq '[]' "$(json_get "$CTL_OUT" '.ops')" "plan ops after the first apply"
assert_eq '[]' "$(json_get "$CTL_OUT" '.conflicts')" "plan conflicts"
assert_eq false "$(json_get "$CTL_OUT" '.restart_needed')" "plan restart_needed"

# Second apply, text output.
ctl_ok -c "$SANDBOX_YAML" apply

# Third apply, JSON output.
ctl_ok -c "$SANDBOX_YAML" apply --format=json
assert_eq false "$(json_get "$CTL_OUT" '.transaction_sent')" "apply transaction_sent"
assert_eq '[]' "$(json_get "$CTL_OUT" '.plan.ops')" "apply plan.ops"

# Give a stray commit time to reach the file.
sleep 1
show_db_growth() {
    if ! cmp -s "$TEST_TMP/conf.db.before" "$SANDBOX_DIR/conf.db"; then
        echo "conf.db grew by: (new records)" >&2
        tail -c +"$((size0 + 1))" "$SANDBOX_DIR/conf.db" >&2
        echo >&2
    fi
}
if [[ $(db_size) != "$size0" || $(db_md5) != "$md50" ]]; then
    show_db_growth
    fail "conf.db changed (size $size0 -> $(db_size)): a no-op apply committed a transaction"
fi
assert_eq "$cfg0" "$(next_cfg)" "next_cfg after no-op applies"

# The no-op applies left the live state alone too.
sandbox_bond_ready bond0 || fail "bond0 no longer negotiated after the no-op applies"

pass
