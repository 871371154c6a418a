#!/bin/bash
# Guest scenario: netdevsim devices as SR-IOV NICs.  VFs, eswitch mode
# switchdev, VF representors (devlink flavour pcivf, phys_port_name pf0vfN),
# one phys_switch_id per device, back to legacy.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

run modprobe netdevsim || finish
run nsim_new 10 2 || finish
ports10=("${nsim_ports[@]}")
run nsim_new 11 2 || finish
ports11=("${nsim_ports[@]}")
sysdev=/sys/bus/netdevsim/devices/netdevsim10
dl=netdevsim/netdevsim10

# devlink_ports DEV FLAVOUR: "index netdev pfnum vfnum port" per port.
devlink_ports() {
    devlink -j port show | jq -r --arg d "$1/" --arg f "$2" '.port
        | to_entries[] | select(.key | startswith($d))
        | select(.value.flavour == $f)
        | "\(.key | ltrimstr($d)) \(.value.netdev) \(.value.pfnum)"
          + " \(.value.vfnum) \(.value.port)"' | sort -n
}
mode() { devlink -j dev eswitch show "$1" | jq -r ".dev[\"$1\"].mode"; }

expect_eq "netdevsim10 uplinks (devlink flavour physical)" 2 \
    "$(devlink_ports $dl physical | wc -l)"
for i in 0 1; do
    expect_eq "${ports10[i]} phys_port_name" "p$((i + 1))" \
        "$(cat "/sys/class/net/${ports10[i]}/phys_port_name")"
done
expect_eq "netdevsim10 eswitch mode at creation" legacy "$(mode $dl)"

run eval "echo 2 > $sysdev/sriov_numvfs"
expect_eq "$sysdev/sriov_numvfs" 2 "$(cat $sysdev/sriov_numvfs)"
expect_eq "VF representors in legacy mode" 0 "$(devlink_ports $dl pcivf | wc -l)"

run devlink dev eswitch set $dl mode switchdev
expect_eq "netdevsim10 eswitch mode" switchdev "$(mode $dl)"

mapfile -t reps < <(devlink_ports $dl pcivf)
expect_eq "VF representors (devlink flavour pcivf)" 2 "${#reps[@]}"
for r in "${reps[@]}"; do
    read -r idx netdev pfnum vfnum _ <<<"$r"
    want="pf${pfnum}vf$vfnum"
    expect_eq "rep port $idx ($netdev) sysfs phys_port_name" "$want" \
        "$(cat "/sys/class/net/$netdev/phys_port_name" 2>&1)"
    expect_eq "rep port $idx ($netdev) rtnetlink IFLA_PHYS_PORT_NAME" "$want" \
        "$(ip -j -d link show dev "$netdev" | jq -r '.[0].phys_port_name')"
done
expect_eq "VF numbers of the reps" "0 1" \
    "$(printf '%s\n' "${reps[@]}" | awk '{print $4}' | sort -n | paste -sd' ')"

# One switch id per device: every netdev of netdevsim10 (uplinks and reps)
# shares it, netdevsim11's differs.
ids10=$(for n in "$sysdev"/net/*; do cat "$n/phys_switch_id"; done | sort -u)
ids11=$(for n in "${ports11[@]}"; do cat "/sys/class/net/$n/phys_switch_id"; done | sort -u)
expect_eq "netdevs of netdevsim10 ($(cd "$sysdev/net" && echo *))" \
    "1 switch id" "$(wc -l <<<"$ids10") switch id"
expect_eq "netdevs of netdevsim11" "1 switch id" "$(wc -l <<<"$ids11") switch id"
if [[ -n $ids10 && -n $ids11 && $ids10 != "$ids11" ]]; then
    pass "switch ids differ: netdevsim10 ${ids10:0:16}…, netdevsim11 ${ids11:0:16}…"
else
    fail "switch ids: netdevsim10 '$ids10', netdevsim11 '$ids11'"
fi
# iproute2 6.1 prints at most 62 hex digits of the 32-byte id netdevsim uses:
# compare a prefix, and read full ids from sysfs (or IFLA_PHYS_SWITCH_ID).
rep0=$(awk '{print $2}' <<<"${reps[0]}")
ipid=$(ip -j -d link show dev "$rep0" | jq -r '.[0].phys_switch_id')
if [[ -n $ipid && $ids10 == "$ipid"* ]]; then
    pass "ip -d link switchid of $rep0 is the sysfs id (${#ipid} of ${#ids10} hex digits shown)"
else
    fail "ip -d link switchid of $rep0: '$ipid' is not a prefix of sysfs '$ids10'"
fi

expect_eq "netdevsim11 (no VFs) representors" 0 \
    "$(devlink_ports netdevsim/netdevsim11 pcivf | wc -l)"

run devlink dev eswitch set $dl mode legacy
expect_eq "netdevsim10 eswitch mode after reset" legacy "$(mode $dl)"
expect_eq "VF representors after legacy" 0 "$(devlink_ports $dl pcivf | wc -l)"

finish
