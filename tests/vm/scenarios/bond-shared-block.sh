#!/bin/bash
# Guest scenario: TC filters on the shared ingress block of a Linux bond of
# two netdevsim ports, set up as OVS sets up a VF-LAG bond (facts 3.5: the
# bond and both members on one block, whose index is the bond's ifindex).
# Our classification must see the filters in hardware on both legs
# (in_hw_count 2 = in_hw against 2 legs), and as partial once a leg refuses
# new ones; `tc -s -j filter show block N` is the independent witness.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

[[ -x ${OFFLOADCTL:-} ]] || { fail "OFFLOADCTL is not set to the ovs-offloadctl binary"; finish; }
[[ -x $(build_file bench/tc-scan) ]] ||
    { fail "no $(build_file bench/tc-scan): build the project"; finish; }
run modprobe -a netdevsim bonding cls_flower sch_ingress act_gact || finish
nsim_bond sbbond0 50 || finish
B=$(cat /sys/class/net/sbbond0/ifindex)
for d in sbbond0 "$P0" "$P1"; do run tc qdisc add dev "$d" ingress_block "$B" ingress; done
expect_eq "ingress_block of sbbond0, $P0, $P1" "$B $B $B" \
    "$(for d in sbbond0 "$P0" "$P1"; do tc -j qdisc show dev "$d" ingress |
        jq -r '.[] | select(.kind == "ingress") | .ingress_block'; done | paste -sd' ')"

work=$(mktemp -d /tmp/bond-shared-block.XXXXXX)
on_exit rm -rf "$work"
# filters FIRST COUNT: COUNT plain filters (no skip_sw: the bond itself
# cannot offload, so the kernel refuses skip_sw on its block).
filters() {
    awk -v b="$B" -v first="$1" -v n="$2" 'BEGIN { for (i = first; i < first + n; i++)
        printf "filter add block %d protocol ip pref 1 flower dst_ip 198.18.0.%d" \
               " action gact drop cookie %032x\n", b, i, i }' >"$work/batch"
    tc -b "$work/batch"
}
run filters 1 20
want="filters=20 in_hw=20 not_in_hw=0 partial=0 skip_hw=0 unknown=0"
expect_eq "block $B per tc (in_hw_count 2 on each filter = in_hw)" "$want" \
    "$(tc_counts 2 block "$B")"
expect_eq "tc: in_hw_count of the 20 filters" "2" \
    "$(tc -j filter show block "$B" | jq -r '[.[] | select(.options)
        | .options.in_hw_count] | unique | map(tostring) | join(",")')"
expect_eq "block $B per our scan, 2 legs" "$want" "$(scan_counts 2 --block="$B")"
# The status model (watch, the daemon): the block once, with 2 legs (the
# bond itself has no hardware callback and does not count).
w=$(watch_json sbbond0)
expect_eq "watch sbbond0: block $B 'legs filters in_hw not_in_hw partial'" \
    "2 20 20 0 0" "$(watch_tc "$w" "$B")"
expect_eq "watch sbbond0: block $B listed once" 1 \
    "$(jq --argjson b "$B" '[.tc[] | select(.block == $b)] | length' <<<"$w")"
expect_eq "watch sbbond0: offload_ratio" 1 "$(jq -r .offload_ratio <<<"$w")"
expect_eq "watch sbbond0: alerts" "" "$(watch_alerts "$w")"

# Leg P1 refuses new filters: they are in hardware on one leg only.
run eval "echo Y > $(nsim_dfs 50 1)/tc_flower_refuse"
on_exit "echo N > $(nsim_dfs 50 1)/tc_flower_refuse"
run filters 21 5
want="filters=25 in_hw=20 not_in_hw=0 partial=5 skip_hw=0 unknown=0"
expect_eq "block $B per tc, leg $P1 refusing 5 new filters" "$want" \
    "$(tc_counts 2 block "$B")"
expect_eq "block $B per our scan, leg $P1 refusing" "$want" \
    "$(scan_counts 2 --block="$B")"
w=$(watch_json sbbond0)
expect_eq "watch sbbond0, leg $P1 refusing: block $B" "2 25 20 0 5" \
    "$(watch_tc "$w" "$B")"
expect_eq "watch sbbond0, leg $P1 refusing: alerts" flows_partial "$(watch_alerts "$w")"
expect_eq "watch: the flows_partial alert names the bond, as a warning" "sbbond0 warning" \
    "$(jq -r '.alerts[] | select(.code == "flows_partial") | "\(.bond) \(.severity)"' <<<"$w")"

# The members' and the bond's own ingress hook is the block: a dump of
# "dev $P0 ingress" finds the block's filters too.
expect_eq "our scan of dev $P0 ingress (the shared block)" "$want" \
    "$(scan_counts 2 --dev="$P0")"

finish
