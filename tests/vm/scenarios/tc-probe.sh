#!/bin/bash
# Guest scenario: the VF-LAG TC probe (tc/tc-probe.c) on netdevsim, through
# "test-tc-probe live LEG..." (the unit test binary's live mode, from the
# build tree next to $OFFLOADCTL, or $TC_PROBE).  Two ports with
# hw-tc-offload: the probe makes a block of its own and counts 2 legs; one
# leg refusing, or with hw-tc-offload off, counts 1 with the driver's
# reason; legs on different blocks are refused; an existing shared block
# (an admin's, or OVS's over a bond, which also holds the bond itself) is
# used and left as it was.  After every probe, nothing of the probe's is
# left: no qdisc it made, no rule in any block.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

probe_bin=${TC_PROBE:-}
if [[ -z $probe_bin && -n ${OFFLOADCTL:-} ]]; then
    probe_bin=$(dirname "$(dirname "$OFFLOADCTL")")/tests/test-tc-probe
elif [[ -z $probe_bin ]]; then
    probe_bin=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." &&
        pwd)/build/tests/test-tc-probe
fi
[[ -x $probe_bin ]] ||
    { fail "no test-tc-probe at $probe_bin: build the project or set TC_PROBE"; finish; }

run modprobe -a netdevsim cls_flower sch_ingress act_gact bonding || finish
run nsim_new 40 2 || finish
P0=${nsim_ports[0]} P1=${nsim_ports[1]}
for p in "$P0" "$P1"; do run ethtool -K "$p" hw-tc-offload on; done
errf=$(mktemp)
on_exit rm -f "$errf"
# The block the probe makes: 0x0ff10000 | (ifindex of the first leg).
ours=$((0x0ff10000 | ($(cat "/sys/class/net/$P0/ifindex") & 0xffff)))

# probe LEG...: runs the probe; sets out, rc, count and verdict.
probe() {
    out=$("$probe_bin" live "$@" 2>&1)
    rc=$?
    note "probe $*: exit $rc: ${out//$'\n'/ | }"
    count=$(sed -n 's/^in_hw_count //p' <<<"$out")
    verdict=$(sed -n 's/^verdict //p' <<<"$out")
}
# says TEXT: whether the probe's output contains TEXT.
says() { [[ $out == *"$1"* ]] && echo yes || echo no; }
# ingress_of DEV: "KIND:BLOCK" of DEV's ingress qdisc, or "none".
ingress_of() {
    tc -j qdisc show dev "$1" | jq -r '[.[] | select(.kind == "ingress"
        or .kind == "clsact")][0] | if . == null then "none"
        else "\(.kind):\(.ingress_block // 0)" end'
}
# rules_in BLOCK: the number of filters in BLOCK, or "gone" if there is no
# such block.
rules_in() {
    local json err
    json=$(tc -j filter show block "$1" 2>"$errf")
    err=$(cat "$errf")
    if [[ $err == *"Cannot find block"* ]]; then
        echo gone
    elif [[ -n $err ]]; then
        echo "error: $err"
    else
        json=$(jq '[.[]? | select(.options)] | length' <<<"$json")
        echo "${json:-0}"
    fi
}
# nothing_left WHAT DEV=EXPECTED... block:N=EXPECTED...: the devices'
# ingress qdiscs ("KIND:BLOCK" or "none") and the blocks' rule counts (or
# "gone") are as expected.
nothing_left() {
    local what=$1 arg name; shift
    for arg in "$@"; do
        name=${arg%%=*}
        if [[ $name == block:* ]]; then
            expect_eq "$what: rules in block ${name#block:}" "${arg#*=}" \
                "$(rules_in "${name#block:}")"
        else
            expect_eq "$what: $name ingress qdisc" "${arg#*=}" "$(ingress_of "$name")"
        fi
    done
}

## Both legs offload, no qdisc yet: a block of the probe's own.
probe "$P0" "$P1"
expect_eq "both legs: exit, in_hw_count, verdict" "0 2 active" "$rc $count $verdict"
expect_eq "both legs: skip_sw rule accepted (no refusal)" no "$(says refused)"
nothing_left "both legs" "$P0=none" "$P1=none" "block:$ours=gone"

## One leg's hardware refuses the rule.
run eval "echo Y > $(nsim_dfs 40 0)/tc_flower_refuse"
probe "$P0" "$P1"
expect_eq "$P0 refusing: exit, in_hw_count, verdict" "0 1 inactive" "$rc $count $verdict"
expect_eq "$P0 refusing: the driver's reason" yes \
    "$(says "skip_sw probe rule refused: netdevsim: netdevsim configured to refuse flower offload")"
expect_eq "$P0 refusing: reason of the verdict" yes "$(says "in_hw_count 1 of 2 legs")"
nothing_left "$P0 refusing" "$P0=none" "$P1=none" "block:$ours=gone"

## Both refuse.
run eval "echo Y > $(nsim_dfs 40 1)/tc_flower_refuse"
probe "$P0" "$P1"
expect_eq "both refusing: exit, in_hw_count, verdict" "0 0 inactive" "$rc $count $verdict"
nothing_left "both refusing" "$P0=none" "$P1=none" "block:$ours=gone"
run eval "echo N > $(nsim_dfs 40 0)/tc_flower_refuse; echo N > $(nsim_dfs 40 1)/tc_flower_refuse"

## hw-tc-offload off on one leg.
run ethtool -K "$P1" hw-tc-offload off
probe "$P0" "$P1"
expect_eq "$P1 hw-tc-offload off: exit, in_hw_count, verdict" "0 1 inactive" \
    "$rc $count $verdict"
expect_eq "$P1 hw-tc-offload off: the kernel's reason" yes \
    "$(says "TC offload is disabled on net device")"
nothing_left "$P1 hw-tc-offload off" "$P0=none" "$P1=none" "block:$ours=gone"
run ethtool -K "$P1" hw-tc-offload on

## Legs that do not share a block: refused, nothing touched.
run tc qdisc add dev "$P0" clsact
probe "$P0" "$P1"
expect_eq "private clsact on $P0: exit" 1 "$rc"
expect_eq "private clsact on $P0: reason" yes \
    "$(says "legs do not share an ingress block: $P0 clsact without a shared block, $P1 has no ingress qdisc")"
nothing_left "private clsact on $P0" "$P0=clsact:0" "$P1=none"
run tc qdisc del dev "$P0" clsact

## A leg that does not exist.
probe "$P0" ovsoffl-none0
expect_eq "missing leg: exit" 1 "$rc"
expect_eq "missing leg: reason" yes "$(says "ovsoffl-none0: no such network device")"

## A shared block that exists (an admin's): used, left as it was.
for p in "$P0" "$P1"; do run tc qdisc add dev "$p" ingress_block 41 clsact; done
probe "$P0" "$P1"
expect_eq "block 41: exit, in_hw_count, verdict" "0 2 active" "$rc $count $verdict"
nothing_left "block 41" "$P0=clsact:41" "$P1=clsact:41" block:41=0

# A rule where the probe's goes (an interrupted probe): EEXIST, and that
# rule is not the probe's to delete.
run tc filter add block 41 protocol 0x88b5 pref 65521 handle 0xff1 flower \
    skip_sw dst_mac 02:6f:66:66:6c:64 action drop
probe "$P0" "$P1"
expect_eq "block 41 with a stale probe rule: exit" 1 "$rc"
expect_eq "block 41 with a stale probe rule: reason" yes \
    "$(says "a probe rule is already in block 41")"
expect_eq "block 41: the stale rule is still there" 1 "$(rules_in 41)"
run tc filter del block 41
for p in "$P0" "$P1"; do run tc qdisc del dev "$p" clsact; done

## As OVS sets up a VF-LAG bond (facts 3.5): the bond and both legs on one
## block, whose index is the bond's ifindex, with "ingress" qdiscs.
run ip link add tcprobe0 type bond mode active-backup miimon 100 || finish
on_exit ip link del tcprobe0
for p in "$P0" "$P1"; do
    run ip link set "$p" down
    run ip link set "$p" master tcprobe0
done
run ip link set tcprobe0 up
bi=$(cat /sys/class/net/tcprobe0/ifindex)
for d in tcprobe0 "$P0" "$P1"; do run tc qdisc add dev "$d" ingress_block "$bi" ingress; done
probe "$P0" "$P1"
expect_eq "OVS block $bi: exit, in_hw_count, verdict" "0 2 active" "$rc $count $verdict"
expect_eq "OVS block $bi: skip_sw refused (the bond cannot offload)" yes \
    "$(says "skip_sw probe rule refused")"
nothing_left "OVS block $bi" "tcprobe0=ingress:$bi" "$P0=ingress:$bi" "$P1=ingress:$bi" \
    "block:$bi=0"

run eval "echo Y > $(nsim_dfs 40 1)/tc_flower_refuse"
probe "$P0" "$P1"
expect_eq "OVS block $bi, $P1 refusing: exit, in_hw_count, verdict" "0 1 inactive" \
    "$rc $count $verdict"
nothing_left "OVS block $bi, $P1 refusing" "$P0=ingress:$bi" "$P1=ingress:$bi" \
    "block:$bi=0"
run eval "echo N > $(nsim_dfs 40 1)/tc_flower_refuse"

finish
