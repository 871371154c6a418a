#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# On a truly empty database (no Open_vSwitch root row: the sandbox is
# started without the partner, so no ovs-vsctl ever ran), apply creates the
# root row itself, hangs br-offload from it, and ovs-vswitchd realizes the
# bridge.  Read back with ovsdb-client first, because any ovs-vsctl command
# would insert the root row by itself.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
SANDBOX_PARTNER=0 test_init

root_rows() {
    ovsdb-client --format=csv --no-headings dump "unix:$SANDBOX_DIR/db.sock" \
        Open_vSwitch Open_vSwitch _uuid | sed '1d;/^$/d' | wc -l
}

assert_eq 0 "$(root_rows)" "Open_vSwitch rows before apply"
assert_eq "" "$(ovsdb-client --format=csv --no-headings dump "unix:$SANDBOX_DIR/db.sock" \
    Open_vSwitch Bridge name | sed '1d;/^$/d')" "Bridge rows before apply"

ctl_ok -c "$SANDBOX_YAML" apply

assert_eq 1 "$(root_rows)" "Open_vSwitch rows after apply"
assert_eq br-offload "$(ovs_vsctl list-br)" "bridges after apply"
assert_eq $'bond0\nvm1-p\nvm2-p' "$(ovs_vsctl list-ports br-offload)" "ports of br-offload"
retry 50 iface_has_ofport vm1-p || fail "vm1-p was not realized by ovs-vswitchd"
for p in br-offload sb-a0 sb-a1 vm1-p vm2-p; do
    retry 50 vswitchd_has_port br-offload "$p" ||
        fail "ovs-vswitchd does not show $p in br-offload (dpif/show)"
done

# And the second apply is a no-op here as well.
ctl_ok -c "$SANDBOX_YAML" plan --format=json
if command -v jq >/dev/null 2>&1; then
    assert_eq '[]' "$(json_get "$CTL_OUT" '.ops')" "plan ops after apply"
fi

pass
