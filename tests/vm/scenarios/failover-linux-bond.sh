#!/bin/bash
# Guest scenario: "ovs-offloadctl failover-test" on a Linux bond (the
# VF-LAG kind; the host kernel of the sandbox has no bonding module, so this
# path runs only here).  An active-backup bond of two netdevsim ports with
# hw-tc-offload, the bond and both members on one shared ingress block with
# flower filters in hardware on both legs (in_hw_count 2).  failover-test
# fails each leg (link down), must see the bond notice (MII status), the
# filters stay in hardware, and the leg come back; the JSON and JUnit
# reports are checked, and the legs' state is read back with ip as a
# witness.  Then, with a leg already down, it must refuse and change
# nothing.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

[[ -x ${OFFLOADCTL:-} ]] || { fail "OFFLOADCTL is not set to the ovs-offloadctl binary"; finish; }
run modprobe -a netdevsim bonding cls_flower sch_ingress act_gact || finish
run nsim_new 56 2 || finish
P0=${nsim_ports[0]} P1=${nsim_ports[1]}
for p in "$P0" "$P1"; do run ethtool -K "$p" hw-tc-offload on; done
run ip link add fobond0 type bond mode active-backup miimon 50 || finish
on_exit ip link del fobond0
for p in "$P0" "$P1"; do
    run ip link set "$p" down
    run ip link set "$p" master fobond0
done
run ip link set fobond0 up
B=$(cat /sys/class/net/fobond0/ifindex)
for d in fobond0 "$P0" "$P1"; do run tc qdisc add dev "$d" ingress_block "$B" ingress; done

work=$(mktemp -d /tmp/failover-linux-bond.XXXXXX)
on_exit rm -rf "$work"
awk -v b="$B" 'BEGIN { for (i = 1; i <= 10; i++)
    printf "filter add block %d protocol ip pref 1 flower dst_ip 198.18.1.%d" \
           " action gact drop\n", b, i }' >"$work/batch"
run tc -b "$work/batch"
expect_eq "tc: in_hw_count of the 10 filters on block $B" "2" \
    "$(tc -j filter show block "$B" | jq -r '[.[] | select(.options)
        | .options.in_hw_count] | unique | map(tostring) | join(",")')"

# Both slaves must be up in the bond's eyes before the test starts.
for ((i = 0; i < 50; i++)); do
    [[ $(cat /sys/class/net/"$P0"/bonding_slave/mii_status) == up &&
       $(cat /sys/class/net/"$P1"/bonding_slave/mii_status) == up ]] && break
    sleep 0.1
done

rc=0
"$OFFLOADCTL" failover-test fobond0 --timeout=10 --hold=0.5 \
    --report="$work/r.json" --junit="$work/r.xml" >"$work/out" 2>&1 || rc=$?
sed 's/^/  | /' "$work/out"
expect_eq "failover-test fobond0 exit status" 0 "$rc"
r=$work/r.json
expect_eq "report: bond, kind, pass, refused" "fobond0 linux true false" \
    "$(jq -r '"\(.bond) \(.kind) \(.pass) \(.refused)"' "$r")"
expect_eq "report: legs tested" "$P0 $P1" \
    "$(jq -r '[.legs[].leg] | sort | join(" ")' "$r")"
expect_eq "report: every leg detected, restored, passed" "true,true" \
    "$(jq -r '[.legs[] | .detected and .restored and .pass] | map(tostring)
              | join(",")' "$r")"
expect_eq "report: offload per leg (status, in hardware before/during/after)" \
    "recovered 10 10 10,recovered 10 10 10" \
    "$(jq -r '[.legs[] | .offload | "\(.status) \(.in_hw_before) \(.in_hw_during) \(.in_hw_after)"]
              | join(",")' "$r")"
expect_eq "report: detect_ms measured on every leg" true \
    "$(jq -r '[.legs[].detect_ms | type == "number"] | all' "$r")"
expect_eq "report: traffic mode" none "$(jq -r .traffic.mode "$r")"
expect_ok "JUnit report is well-formed XML" xmllint --noout "$work/r.xml"
expect_eq "JUnit: testcases, failures" "2 0" \
    "$(xmllint --xpath 'concat(count(//testcase), " ", count(//failure))' "$work/r.xml")"
for p in "$P0" "$P1"; do
    expect_eq "after the test: $p admin up, MII up" "UP up" \
        "$(ip -j link show "$p" | jq -r '.[0].flags | if index("UP") then "UP" else "DOWN" end') $(cat /sys/class/net/"$p"/bonding_slave/mii_status)"
done
expect_eq "after the test: filters in hardware on both legs" "2" \
    "$(tc -j filter show block "$B" | jq -r '[.[] | select(.options)
        | .options.in_hw_count] | unique | map(tostring) | join(",")')"

# A leg already down: refuse, change nothing.
run ip link set "$P1" down
for ((i = 0; i < 50; i++)); do
    [[ $(cat /sys/class/net/"$P1"/bonding_slave/mii_status) == down ]] && break
    sleep 0.1
done
rc=0
"$OFFLOADCTL" failover-test fobond0 --timeout=5 --report="$work/refused.json" \
    >"$work/out2" 2>&1 || rc=$?
expect_eq "failover-test with $P1 down: exit status" 1 "$rc"
expect_eq "refused report" "true false 0" \
    "$(jq -r '"\(.refused) \(.pass) \(.legs | length)"' "$work/refused.json")"
expect_eq "after the refusal: $P0 still up, $P1 still down" "up down" \
    "$(cat /sys/class/net/"$P0"/bonding_slave/mii_status) $(cat /sys/class/net/"$P1"/bonding_slave/mii_status)"
run ip link set "$P1" up

finish
