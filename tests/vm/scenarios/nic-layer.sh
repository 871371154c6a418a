#!/bin/bash
# Guest scenario: ovs-offloadctl's NIC layer on netdevsim (issue 3).  Two
# netdevsim devices with two ports each; the file asks for VFs, switchdev,
# hw-tc-offload, a VF-LAG bond over the two ports of one device and the
# representors of its VFs in an OVS bridge (kernel datapath, hw-offload on).
# Every check reads the result back from the kernel (sysfs, devlink, ip, tc)
# or OVSDB (ovs-vsctl), never from ovs-offloadctl's own words alone.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

ctl=${OFFLOADCTL:-}
[[ -x $ctl ]] || { fail "OFFLOADCTL is not set to the ovs-offloadctl binary"; finish; }

run modprobe -a netdevsim bonding openvswitch cls_flower sch_ingress \
    act_gact act_mirred || finish
run nsim_new 10 2 || finish
PA=${nsim_ports[0]} PB=${nsim_ports[1]}
run nsim_new 11 2 || finish
OA=${nsim_ports[0]}
run ovs_start hw-offload=true || finish

work=$(mktemp -d /run/nic-layer.XXXXXX)
state=$work/nic-state.json
dev10=/sys/bus/netdevsim/devices/netdevsim10
octl() { "$ctl" --nic-state="$state" --timeout=60 "$@"; }

# config FILE POLICY: the desired state, with vf-lag POLICY.
config() {
    cat >"$1" <<EOT
version: 1
ovs:
  hw-offload: true
sriov:
  - {pf: $PA, numvfs: 2, eswitch: switchdev, hw-tc-offload: true}
  - {pf: $PB, hw-tc-offload: true}
bridges:
  - name: br0
    datapath-type: system
    ports:
      - name: bond0
        type: bond
        members: [$PA, $PB]
        vf-lag: $2
        fallback: active-backup
        linux-bond: {mode: active-backup, miimon: 100}
      - representors: {pf: $PA, vfs: all}
EOT
}

# The kernel and OVSDB state that matters, one line each.
host_state() {
    echo "numvfs=$(cat $dev10/sriov_numvfs)"
    echo "eswitch=$(devlink -j dev eswitch show netdevsim/netdevsim10 \
        | jq -r '.dev[].mode')"
    echo "bond0=$(ip -j link show bond0 2>/dev/null | jq -r '.[0].ifname // "none"')"
    echo "master_a=$(ip -j link show "$PA" | jq -r '.[0].master // "none"')"
    echo "bridges=$(ovs-vsctl list-br | tr '\n' ' ')"
}
reps() {
    devlink -j port show | jq -r '.port[] | select(.flavour == "pcivf")
        | .netdev' | sort
}
ifindexes() { for n in "$@"; do cat "/sys/class/net/$n/ifindex"; done | tr '\n' ' '; }

fresh=$(host_state)
note "fresh host: ${fresh//$'\n'/ }"

## Bad files are rejected before any change.
bad=$work/bad.yaml
config "$bad" auto
sed -i "s/pf: $PA, numvfs/pf: nosuchpf, numvfs/" "$bad"
expect_err "a PF that does not exist" "nosuchpf" octl -c "$bad" apply
config "$bad" auto
sed -i "s/members: \[$PA, $PB\]/members: [$PA, $PB, $OA]/" "$bad"
expect_err "three members" "exactly the two PFs" octl -c "$bad" apply
config "$bad" auto
sed -i "s/members: \[$PA, $PB\]/members: [$PA, $OA]/" "$bad"
expect_err "members from two devices" "not the two PFs of one NIC" \
    octl -c "$bad" apply
config "$bad" auto
sed -i "s/mode: active-backup, miimon/mode: balance-rr, miimon/" "$bad"
expect_err "an unsupported bond mode" "balance-rr" octl -c "$bad" apply
expect_eq "host unchanged after the bad files" "$fresh" "$(host_state)"

## apply on a fresh host.
cfg=$work/auto.yaml
config "$cfg" auto
expect_ok "apply (vf-lag auto)" octl -c "$cfg" apply
expect_eq "numvfs of netdevsim10" 2 "$(cat $dev10/sriov_numvfs)"
expect_eq "eswitch mode" switchdev "$(devlink -j dev eswitch show \
    netdevsim/netdevsim10 | jq -r '.dev[].mode')"
expect_eq "hw-tc-offload on $PB" on "$(ethtool -k "$PB" \
    | sed -n 's/^hw-tc-offload: \([a-z]*\).*/\1/p')"
expect_eq "bond0 is a Linux bond" bond "$(ip -d -j link show bond0 \
    | jq -r '.[0].linkinfo.info_kind')"
expect_eq "$PA enslaved" bond0 "$(ip -j link show "$PA" | jq -r '.[0].master')"
expect_eq "$PB enslaved" bond0 "$(ip -j link show "$PB" | jq -r '.[0].master')"
expect_eq "bond0 owned" "ovs-offload:ovs-offload" "$(ip -j link show bond0 \
    | jq -r '.[0].ifalias // ""')"
mapfile -t rep_names < <(reps)
expect_eq "two representors" 2 "${#rep_names[@]}"
for rep in "${rep_names[@]}"; do
    expect_eq "hw-tc-offload on representor $rep" on "$(ethtool -k "$rep" \
        | sed -n 's/^hw-tc-offload: \([a-z]*\).*/\1/p')"
done
expect_eq "ports of br0" "$(printf '%s\n' bond0 "${rep_names[@]}" | sort)" \
    "$(ovs-vsctl list-ports br0 | sort)"
expect_eq "bond0 is a system port, not an OVS bond" "[] \"\"" \
    "$(ovs-vsctl get Port bond0 bond_mode) $(ovs-vsctl get Interface bond0 type)"
expect_eq "owner of Port bond0" ovs-offload \
    "$(ovs-vsctl get Port bond0 external_ids:ovs-offload-owner | tr -d '"')"

expect_eq "show reports the VF-LAG verdict" \
    "VF-LAG bond0: active: probe rule" \
    "$(octl -c "$cfg" show | grep -o '^VF-LAG bond0: active: probe rule')"

## A second apply writes nothing: no numvfs rewrite (the representors
## would be destroyed and re-created with new ifindexes), no new bond, no
## OVSDB transaction.
before=$(ifindexes bond0 "${rep_names[@]}")
db_before=$(md5sum <"$OVS_DBDIR/conf.db")
if out=$(octl -c "$cfg" -f json apply); then pass "second apply"
else fail "second apply failed: $out"; fi
expect_eq "no OVSDB transaction" false "$(jq -r .transaction_sent <<<"$out")"
expect_eq "no NIC action but the LAG report" 1 \
    "$(jq -r '.nic.actions | length' <<<"$out")"
expect_eq "bond and representor ifindexes unchanged" "$before" \
    "$(ifindexes bond0 "${rep_names[@]}")"
expect_eq "conf.db unchanged" "$db_before" "$(md5sum <"$OVS_DBDIR/conf.db")"
note "VF-LAG: $(jq -c '.nic.vf_lag' <<<"$out")"

## teardown leaves a clean host.
expect_ok "teardown" octl -c "$cfg" teardown
expect_eq "host after teardown" "$fresh" "$(host_state)"
expect_eq "state file removed" no "$([[ -e $state ]] && echo yes || echo no)"

## With the hardware refusing flower rules, the LAG probe fails.
for port in 0 1; do
    echo Y >"$(nsim_dfs 10 $port)/tc_flower_refuse"
done
req=$work/require.yaml
config "$req" require
expect_err "vf-lag require with refusing hardware" "VF-LAG on bond0 is inactive" \
    octl -c "$req" apply
expect_eq "host exactly as before after the failed require" "$fresh" \
    "$(host_state)"

if out=$(octl -c "$cfg" -f json apply); then
    pass "apply (auto) with refusing hardware"
else
    fail "apply (auto) with refusing hardware: $out"
fi
expect_eq "VF-LAG state" fallback "$(jq -r '.nic.vf_lag[0].state' <<<"$out")"
expect_eq "no Linux bond0" none \
    "$(ip link show bond0 >/dev/null 2>&1 && echo present || echo none)"
expect_eq "OVS bond fallback: bond_mode" active-backup \
    "$(ovs-vsctl get Port bond0 bond_mode)"
expect_eq "OVS bond fallback: members" "$(printf '%s\n' "$PA" "$PB" | sort)" \
    "$(ovs-vsctl --bare --columns=name find Interface \
       external_ids:ovs-offload-owner=ovs-offload | grep -E "^($PA|$PB)\$" | sort)"
expect_ok "teardown after the fallback" octl -c "$cfg" teardown
for port in 0 1; do
    echo N >"$(nsim_dfs 10 $port)/tc_flower_refuse"
done
expect_eq "host after the second teardown" "$fresh" "$(host_state)"

rm -rf "$work"
finish
