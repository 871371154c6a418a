#!/bin/bash
# Guest scenario: TC flower "hardware" offload on netdevsim ports (needs
# tests/vm/netdevsim-flower.patch): in_hw / not_in_hw, in_hw_count on a
# shared block over the two legs of a Linux bond, hardware statistics, and a
# port that refuses new filters.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

run modprobe -a netdevsim cls_flower sch_ingress act_gact bonding || finish
run nsim_new 21 1 || finish
S=${nsim_ports[0]}
run nsim_new 20 2 || finish
P0=${nsim_ports[0]} P1=${nsim_ports[1]}
dfs21=$(nsim_dfs 21 0)
[[ -e $dfs21/tc_flower_refuse ]] ||
    { fail "$dfs21/tc_flower_refuse missing: netdevsim without the flower patch"; finish; }

# flags_of ARGS: offload flags of the filter that `tc -j filter show ARGS` finds.
flags_of() { tc -j filter show "$@" | tc_flags; }
# stats_of ARGS: "packets hw_packets hw_bytes" of its first action.
stats_of() {
    tc -s -j filter show "$@" | jq -r '[.[] | select(.options)][0]
        .options.actions[0].stats | "\(.packets) \(.hw_packets // 0) \(.hw_bytes // 0)"'
}
# shellcheck disable=SC2317 # called through run / expect_*
filter() { tc filter add protocol ip "$@"; }

## One port: S, device 21.
run tc qdisc add dev "$S" clsact
expect_err "skip_sw with hw-tc-offload off" "TC offload is disabled" \
    filter dev "$S" ingress pref 1 flower skip_sw dst_ip 192.0.2.1 action drop
run ethtool -K "$S" hw-tc-offload on
expect_ok "skip_sw filter with hw-tc-offload on" \
    filter dev "$S" ingress pref 1 flower skip_sw dst_ip 192.0.2.1 action drop
expect_eq "$S pref 1 (skip_sw)" \
    "in_hw=true not_in_hw=false in_hw_count=1 skip_sw=true skip_hw=false" \
    "$(flags_of dev "$S" ingress pref 1)"
run filter dev "$S" ingress pref 2 flower dst_ip 192.0.2.2 action drop
expect_eq "$S pref 2 (no flags)" \
    "in_hw=true not_in_hw=false in_hw_count=1 skip_sw=false skip_hw=false" \
    "$(flags_of dev "$S" ingress pref 2)"
run filter dev "$S" ingress pref 3 flower skip_hw dst_ip 192.0.2.3 action drop
expect_eq "$S pref 3 (skip_hw)" \
    "in_hw=false not_in_hw=true in_hw_count=0 skip_sw=false skip_hw=true" \
    "$(flags_of dev "$S" ingress pref 3)"
expect_err "filter on chain 1 with skip_sw" "chain 0" \
    filter dev "$S" ingress chain 1 pref 1 flower skip_sw dst_ip 192.0.2.9 action drop

# Hardware statistics: what the port reports at the next FLOW_CLS_STATS.
run eval "echo 5 > $dfs21/tc_flower_stats_pkts; echo 500 > $dfs21/tc_flower_stats_bytes"
expect_eq "$S pref 1 stats 'packets hw_packets hw_bytes'" "5 5 500" \
    "$(stats_of dev "$S" ingress pref 1)"
expect_eq "$S pref 1 stats read again (totals kept)" "5 5 500" \
    "$(stats_of dev "$S" ingress pref 1)"
expect_eq "$S pref 1 used_hw_stats" delayed \
    "$(tc -s -j filter show dev "$S" ingress pref 1 |
        jq -r '[.[] | select(.options)][0].options.actions[0].used_hw_stats[0]')"

# The "hardware" refuses new filters; those already in it stay.
run eval "echo Y > $dfs21/tc_flower_refuse"
expect_err "skip_sw filter on a refusing port" "refuse flower offload" \
    filter dev "$S" ingress pref 4 flower skip_sw dst_ip 192.0.2.4 action drop
run filter dev "$S" ingress pref 5 flower dst_ip 192.0.2.5 action drop
expect_eq "$S pref 5 (no flags) on a refusing port" \
    "in_hw=false not_in_hw=true in_hw_count=0 skip_sw=false skip_hw=false" \
    "$(flags_of dev "$S" ingress pref 5)"
expect_eq "$S pref 1 added before the refusal" "in_hw=true in_hw_count=1" \
    "$(flags_of dev "$S" ingress pref 1 | awk '{print $1, $3}')"
run eval "echo N > $dfs21/tc_flower_refuse"
expect_ok "delete an offloaded filter" tc filter del dev "$S" ingress pref 1
expect_eq "filters left on $S (pref 2, 3, 5)" 3 \
    "$(tc -j filter show dev "$S" ingress | jq '[.[] | select(.options)] | length')"

## A bond over the two ports of device 20, legs sharing ingress block 22.
run ip link add bond0 type bond mode active-backup miimon 100 || finish
on_exit ip link del bond0
for p in "$P0" "$P1"; do
    run ethtool -K "$p" hw-tc-offload on
    run ip link set "$p" down
    run ip link set "$p" master bond0
    run tc qdisc add dev "$p" ingress_block 22 clsact
done
run ip link set bond0 up
expect_eq "bond0 slaves" "$P0 $P1" \
    "$(ip -j link show master bond0 | jq -r '[.[].ifname] | join(" ")')"
for p in "$P0" "$P1"; do
    expect_eq "$p clsact ingress_block" 22 \
        "$(tc -j qdisc show dev "$p" | jq -r '.[] | select(.kind == "clsact") | .ingress_block')"
done
run filter block 22 pref 1 flower skip_sw dst_ip 192.0.2.10 action drop
expect_eq "block 22 pref 1 (skip_sw, both legs)" \
    "in_hw=true not_in_hw=false in_hw_count=2 skip_sw=true skip_hw=false" \
    "$(flags_of block 22 pref 1)"
run eval "echo 3 > $(nsim_dfs 20 0)/tc_flower_stats_pkts; echo 300 > $(nsim_dfs 20 0)/tc_flower_stats_bytes"
run eval "echo 4 > $(nsim_dfs 20 1)/tc_flower_stats_pkts; echo 400 > $(nsim_dfs 20 1)/tc_flower_stats_bytes"
expect_eq "block 22 pref 1 stats, sum of the legs (3+4 pkts)" "7 7 700" \
    "$(stats_of block 22 pref 1)"

# One leg refuses: a skip_sw filter fails, a plain one is in one leg only.
run eval "echo Y > $(nsim_dfs 20 0)/tc_flower_refuse"
expect_err "skip_sw filter on block 22, leg $P0 refusing" "refuse flower offload" \
    filter block 22 pref 2 flower skip_sw dst_ip 192.0.2.11 action drop
run filter block 22 pref 3 flower dst_ip 192.0.2.12 action drop
expect_eq "block 22 pref 3 (no flags), leg $P0 refusing" \
    "in_hw=true not_in_hw=false in_hw_count=1 skip_sw=false skip_hw=false" \
    "$(flags_of block 22 pref 3)"
run eval "echo N > $(nsim_dfs 20 0)/tc_flower_refuse"

# As OVS does it (facts 3.5): the bond itself joins the block too.  The
# kernel lets a device that cannot offload join only a block with no
# offloaded filter, and then refuses skip_sw filters on it.
expect_err "bond0 joins block 22 while it holds in_hw filters" "" \
    tc qdisc add dev bond0 ingress_block 22 clsact
run tc filter del block 22
expect_ok "bond0 joins the emptied block 22" \
    tc qdisc add dev bond0 ingress_block 22 clsact
expect_err "skip_sw filter on a block that includes bond0" "" \
    filter block 22 pref 1 flower skip_sw dst_ip 192.0.2.13 action drop
run filter block 22 pref 2 flower dst_ip 192.0.2.14 action drop
expect_eq "block 22 pref 2 (no flags) with bond0 in the block" \
    "in_hw=true not_in_hw=false in_hw_count=2 skip_sw=false skip_hw=false" \
    "$(flags_of block 22 pref 2)"

finish
