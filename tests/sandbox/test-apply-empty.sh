#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# apply of contrib/examples/sandbox.yaml on a database that holds only the
# LACP partner creates exactly the expected rows, all tagged with the owner,
# and ovs-vswitchd realizes them.  Everything is read back with ovs-vsctl.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
test_init

owner=ovs-offload

# Before: only the partner exists.
assert_eq "br-partner" "$(ovs_vsctl list-br)" "bridges before apply"
partner_before=$(db_dump_config | grep -E '^(Bridge|Port|Interface)[|][^|]*[|](br-partner|pbond|peer-p|sb-b0|sb-b1)[|]')
assert_eq 8 "$(wc -l <<<"$partner_before")" "number of partner rows (1 bridge, 3 ports, 4 interfaces)"

ctl_ok -c "$SANDBOX_YAML" apply

# Bridges, reached from the root row.
assert_eq $'br-offload\nbr-partner' "$(ovs_vsctl list-br)" "bridges (list-br)"
assert_eq $'br-offload\nbr-partner' "$(ovs_names Bridge)" "Bridge rows"
assert_eq netdev "$(ovs_col Bridge br-offload datapath_type)" "br-offload datapath_type"
# The other settings sandbox.yaml has today (fail-mode, and the global
# max-idle and external-ids under "ovs:").
assert_eq standalone "$(ovs_col Bridge br-offload fail_mode)" "br-offload fail_mode"
assert_eq 10000 "$(ovs_key Open_vSwitch . other_config max-idle)" "Open_vSwitch other_config:max-idle"
assert_eq true "$(ovs_key Open_vSwitch . external_ids sandbox)" "Open_vSwitch external_ids:sandbox"

# Ports of br-offload, exactly.
assert_eq $'bond0\nbr-offload\nvm1-p\nvm2-p' \
    "$(ovs_ref_names Bridge br-offload ports)" "ports of br-offload"
assert_eq $'bond0\nvm1-p\nvm2-p' "$(ovs_vsctl list-ports br-offload)" \
    "list-ports br-offload"

# No stray rows: every Port/Interface belongs to one of the two bridges.
assert_eq $'bond0\nbr-offload\nbr-partner\npbond\npeer-p\nvm1-p\nvm2-p' \
    "$(ovs_names Port)" "all Port rows"
assert_eq $'br-offload\nbr-partner\npeer-p\nsb-a0\nsb-a1\nsb-b0\nsb-b1\nvm1-p\nvm2-p' \
    "$(ovs_names Interface)" "all Interface rows"

# The bond.
assert_eq $'sb-a0\nsb-a1' "$(ovs_ref_names Port bond0 interfaces)" "bond0 interfaces"
assert_eq balance-tcp "$(ovs_col Port bond0 bond_mode)" "bond0 bond_mode"
assert_eq active "$(ovs_col Port bond0 lacp)" "bond0 lacp"
assert_eq fast "$(ovs_key Port bond0 other_config lacp-time)" "bond0 lacp-time"
assert_eq true "$(ovs_key Port bond0 other_config lacp-fallback-ab)" "bond0 lacp-fallback-ab"

# Plain ports: one interface of the same name; the bridge's internal port.
for p in vm1-p vm2-p br-offload; do
    assert_eq "$p" "$(ovs_ref_names Port "$p" interfaces)" "interfaces of port $p"
done
assert_eq internal "$(ovs_col Interface br-offload type)" "type of interface br-offload"
for i in vm1-p vm2-p sb-a0 sb-a1; do
    assert_eq "" "$(ovs_col Interface "$i" type)" "type of interface $i (system)"
done

# The owner tag on every row we created.
for r in Bridge:br-offload Port:bond0 Port:br-offload Port:vm1-p Port:vm2-p \
    Interface:sb-a0 Interface:sb-a1 Interface:br-offload Interface:vm1-p \
    Interface:vm2-p; do
    assert_eq "$owner" "$(ovs_key "${r%%:*}" "${r#*:}" external_ids ovs-offload-owner)" \
        "external_ids:ovs-offload-owner of $r"
done

# The partner's rows are untouched and not tagged.
partner_after=$(db_dump_config | grep -E '^(Bridge|Port|Interface)[|][^|]*[|](br-partner|pbond|peer-p|sb-b0|sb-b1)[|]')
assert_eq "$partner_before" "$partner_after" "partner rows"
for r in Bridge:br-partner Port:pbond Port:peer-p Interface:sb-b0; do
    assert_eq "" "$(ovs_key "${r%%:*}" "${r#*:}" external_ids ovs-offload-owner)" \
        "owner tag on partner row $r"
done

# ovs-vswitchd realized the configuration: every interface has an OpenFlow
# port number and no error.
for i in br-offload sb-a0 sb-a1 vm1-p vm2-p; do
    retry 50 iface_has_ofport "$i" || fail "interface $i has no ofport: '$(ovs_col Interface "$i" ofport)'"
    assert_eq "" "$(ovs_col Interface "$i" error)" "error column of interface $i"
done
for p in br-offload sb-a0 sb-a1 vm1-p vm2-p; do
    retry 50 vswitchd_has_port br-offload "$p" ||
        fail "ovs-vswitchd does not show $p in br-offload (dpif/show)"
done

pass
