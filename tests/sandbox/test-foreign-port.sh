#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# Rows and keys that ovs-offload did not create survive every apply: a port
# added by hand to br-offload (no owner tag), and a key added by hand to
# br-offload's other_config and external_ids -- through two applies of the
# same file and one apply of a changed file (a tag on vm1-p).

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
require_jq
test_init

ctl_ok -c "$SANDBOX_YAML" apply

ovs_vsctl add-port br-offload foreign0 -- set Interface foreign0 type=internal
ovs_vsctl set Bridge br-offload other_config:foreign-key=keep-me \
    external_ids:foreign-id=keep-me-too
retry 50 iface_has_ofport foreign0 || fail "foreign0 was not realized by ovs-vswitchd"

# The foreign rows, uuids included, and the owned rows (except the Bridge
# row, whose maps hold the foreign keys) as they are now.
foreign_rows() {
    db_dump_config | grep -E '^(Port|Interface)[|][^|]*[|]foreign0[|]'
}
foreign=$(foreign_rows)
assert_eq 2 "$(wc -l <<<"$foreign")" "foreign0 rows (Port, Interface)"
assert_eq "" "$(ovs_key Port foreign0 external_ids ovs-offload-owner)" "owner of foreign0"

check_foreign() {
    local when=$1
    assert_eq "$foreign" "$(foreign_rows)" "foreign0 rows $when"
    assert_contains "$(ovs_vsctl list-ports br-offload)" foreign0 "ports of br-offload $when"
    assert_eq keep-me "$(ovs_key Bridge br-offload other_config foreign-key)" \
        "br-offload other_config:foreign-key $when"
    assert_eq keep-me-too "$(ovs_key Bridge br-offload external_ids foreign-id)" \
        "br-offload external_ids:foreign-id $when"
    iface_has_ofport foreign0 || fail "foreign0 lost its ofport $when"
}

# The plan must neither delete nor modify the foreign port.
ctl_ok -c "$SANDBOX_YAML" plan --format=json
assert_eq '[]' "$(json_get "$CTL_OUT" '[.ops[] | select(.name == "foreign0")]')" \
    "plan ops on foreign0"
assert_eq '[]' "$(json_get "$CTL_OUT" '.conflicts')" "plan conflicts"

ctl_ok -c "$SANDBOX_YAML" apply
check_foreign "after the 2nd apply"
ctl_ok -c "$SANDBOX_YAML" apply
check_foreign "after the 3rd apply"

# A changed file: vm1-p becomes an access port on VLAN 42.
yaml_set_port_key "$SANDBOX_YAML" "$TEST_TMP/changed.yaml" vm1-p tag 42
ctl_ok -c "$TEST_TMP/changed.yaml" validate
ctl_ok -c "$TEST_TMP/changed.yaml" plan --format=json
assert_eq '[]' "$(json_get "$CTL_OUT" '[.ops[] | select(.name == "foreign0")]')" \
    "plan ops on foreign0 (changed file)"
ctl_ok -c "$TEST_TMP/changed.yaml" apply
assert_eq 42 "$(ovs_col Port vm1-p tag)" "vm1-p tag after the changed apply"
check_foreign "after the apply of the changed file"

# And back: the tag goes away, the foreign state still stays.
ctl_ok -c "$SANDBOX_YAML" apply
assert_eq "" "$(ovs_col Port vm1-p tag)" "vm1-p tag after re-applying the original file"
check_foreign "after re-applying the original file"

pass
