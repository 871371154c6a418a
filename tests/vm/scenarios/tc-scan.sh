#!/bin/bash
# Guest scenario: bench/tc-scan (our TC flower dump and classification,
# tc_flower_dump_summary() / tc_flower_dump_collect()) on 1000 filters, the
# smoke version of bench/tc-scan.sh so that the benchmark cannot rot.  A
# shared block over two netdevsim legs (as a VF-LAG bond's) holds filters in
# every offload state, made with `tc -b`; a third port's own ingress holds a
# few more.  Our counts must equal the numbers made and tc's own JSON.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

scan=$(build_file bench/tc-scan)
[[ -x $scan ]] || { fail "no $scan: build the project"; finish; }
run modprobe -a netdevsim cls_flower sch_ingress act_gact || finish
run nsim_new 52 3 || finish
L0=${nsim_ports[0]} L1=${nsim_ports[1]} S=${nsim_ports[2]}
for p in "$L0" "$L1" "$S"; do run ethtool -K "$p" hw-tc-offload on; done
for p in "$L0" "$L1"; do run tc qdisc add dev "$p" ingress_block 5200 clsact; done
run tc qdisc add dev "$S" clsact
refuse() { echo "$1" >"$(nsim_dfs 52 0)/tc_flower_refuse"; echo "$2" >"$(nsim_dfs 52 1)/tc_flower_refuse"; }
on_exit refuse N N

work=$(mktemp -d /tmp/tc-scan.XXXXXX)
on_exit rm -rf "$work"
# batch FILE TARGET FIRST COUNT [FLAGS]: COUNT filters with a cookie each.
batch() {
    awk -v t="$2" -v first="$3" -v n="$4" -v flags="${5:-}" 'BEGIN {
        for (i = first; i < first + n; i++)
            printf "filter add %s protocol ip pref 1 flower %s dst_ip 198.18.%d.%d" \
                   " action gact drop cookie %032x\n", t, flags, int(i / 256), i % 256, i
    }' >"$1"
}
batch "$work/in" "block 5200" 0 900
batch "$work/part" "block 5200" 900 50
batch "$work/not" "block 5200" 950 40
batch "$work/skip" "block 5200" 990 10 skip_hw
run refuse N N && run tc -b "$work/in"
run refuse N Y && run tc -b "$work/part"
run refuse Y Y && run tc -b "$work/not"
run refuse N N && run tc -b "$work/skip"
batch "$work/dev" "dev $S ingress" 0 20
run tc -b "$work/dev"

want="filters=1000 in_hw=900 not_in_hw=40 partial=50 skip_hw=10 unknown=0"
expect_eq "tc's JSON, block 5200 (2 legs)" "$want" "$(tc_counts 2 block 5200)"
expect_eq "tc-scan --block=5200 --legs=2" "$want" "$(scan_counts 2 --block=5200)"
expect_eq "tc-scan --mode=collect" "$want" \
    "$("$scan" --legs=2 --block=5200 --mode=collect | awk '{ v[$1] = $2 } END {
        printf "filters=%s in_hw=%s not_in_hw=%s partial=%s skip_hw=%s unknown=%s\n",
        v["filters"], v["in_hw"], v["not_in_hw"], v["partial"], v["skip_hw"], v["unknown"] }')"
# Against one leg, in_hw_count 1 is enough: the partial ones count as in_hw.
expect_eq "tc-scan --block=5200 --legs=1" \
    "filters=1000 in_hw=950 not_in_hw=40 partial=0 skip_hw=10 unknown=0" \
    "$(scan_counts 1 --block=5200)"
want="filters=20 in_hw=20 not_in_hw=0 partial=0 skip_hw=0 unknown=0"
expect_eq "tc's JSON, dev $S ingress" "$want" "$(tc_counts 1 dev "$S" ingress)"
expect_eq "tc-scan --dev=$S" "$want" "$(scan_counts 1 --dev="$S")"
out=$("$scan" --block=5200 --legs=2 --repeat=3)
expect_eq "tc-scan --repeat=3: runs" 3 "$(awk '$1 == "runs" { print $2 }' <<<"$out")"
kb=$(awk '$1 == "vm_hwm_kb" { print $2 }' <<<"$out")
if [[ $kb =~ ^[0-9]+$ ]] && ((kb > 0 && kb < 20480)); then
    pass "tc-scan peak resident memory at 1000 filters: $kb kB (< 20 MB)"
else
    fail "tc-scan peak resident memory: '$kb' kB"
fi
note "$(grep -E '^(seconds_median|filters_per_second)' <<<"$out" | tr '\n' ' ')"

# Deleting the filters shows in the next scan.
run tc filter del block 5200
expect_eq "tc-scan after deleting block 5200's filters" \
    "filters=0 in_hw=0 not_in_hw=0 partial=0 skip_hw=0 unknown=0" \
    "$(scan_counts 2 --block=5200)"

finish
