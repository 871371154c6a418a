#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# Drift repair: after "ovs-vsctl del-port br-offload vm2-p", apply puts vm2-p
# back and touches nothing else: a normalized dump of the configuration
# columns of Open_vSwitch/Bridge/Port/Interface, with row uuids, is the same
# before and after, except for the uuids of the re-created vm2-p rows.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
require_jq
test_init

ctl_ok -c "$SANDBOX_YAML" apply
before=$(db_dump_config vm2-p)
log "configuration before the drift:"$'\n'"$before"

ovs_vsctl del-port br-offload vm2-p
assert_eq $'bond0\nvm1-p' "$(ovs_vsctl list-ports br-offload)" "ports after del-port"
[[ -z $(ovs_vsctl --bare --columns=_uuid find Interface name=vm2-p) ]] ||
    fail "Interface vm2-p still exists after del-port"

# The plan sees exactly the missing port.
ctl_ok -c "$SANDBOX_YAML" plan --format=json
ops=$(json_get "$CTL_OUT" '[.ops[] | select(.action != "create" or (.name != "vm2-p"))]')
created=$(json_get "$CTL_OUT" '[.ops[] | select(.action == "create") | .table + ":" + .name] | sort')
assert_eq '["Interface:vm2-p","Port:vm2-p"]' "$created" "rows the plan creates"
# Besides the creations, at most the bridge gains a reference to the port.
others=$(json_get "$ops" '[.[] | .table + ":" + .name + ":" + .action] | unique')
case $others in
'[]' | '["Bridge:br-offload:modify"]') ;;
*) fail "plan has unexpected ops besides creating vm2-p: $others" ;;
esac

ctl_ok -c "$SANDBOX_YAML" apply --format=json
assert_eq true "$(json_get "$CTL_OUT" '.transaction_sent')" "apply transaction_sent"

assert_eq $'bond0\nvm1-p\nvm2-p' "$(ovs_vsctl list-ports br-offload)" "ports after apply"
assert_eq ovs-offload "$(ovs_key Port vm2-p external_ids ovs-offload-owner)" "owner of Port vm2-p"
assert_eq ovs-offload "$(ovs_key Interface vm2-p external_ids ovs-offload-owner)" "owner of Interface vm2-p"
retry 50 iface_has_ofport vm2-p || fail "vm2-p has no ofport after apply"

after=$(db_dump_config vm2-p)
assert_eq "$before" "$after" "configuration (everything but vm2-p's uuids)"

# The repaired port carries traffic again: vm2 reaches the peer over bond0.
sandbox_wait_lacp bond0 30 || fail "bond0 did not negotiate LACP"
retry 25 sandbox_ns_exec vm2 ping -c 1 -W 1 -q 192.0.2.100 >/dev/null ||
    fail "vm2 cannot ping the peer after the repair"

# And a further apply is a no-op.
ctl_ok -c "$SANDBOX_YAML" plan --format=json
assert_eq '[]' "$(json_get "$CTL_OUT" '.ops')" "plan ops after the repair"

pass
