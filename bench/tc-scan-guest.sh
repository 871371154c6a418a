#!/bin/bash
#
# Copyright (c) 2026 The ovs-offload authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at:
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.
#
# bench/tc-scan-guest.sh -- the guest side of bench/tc-scan.sh (runs in the
# VM, as root, through tests/vm/run-guest.sh).
#
#   tc-scan-guest.sh TC_SCAN [SIZE...]
#
# For each SIZE, puts SIZE flower filters (tc -b batch files) on a shared
# ingress block of the two ports of a netdevsim device with hw-tc-offload on,
# as a VF-LAG bond's legs share one: 85 % in hardware on both legs, 5 % on
# one leg (the other refusing: partial), 9 % on neither (both refusing:
# not_in_hw), 1 % skip_hw.  Then times, --repeat times each:
#
#   ours: TC_SCAN --block=B --legs=2 (tc_flower_dump_summary), and once more
#         with --mode=collect (tc_flower_dump_collect);
#   tc:   tc -s -j filter show block B | jq (count per state), and the same
#         with python3's json module instead of jq;
#
# checks that every method found the same counts, and prints a table.  With
# OVS_OFFLOADD set to the daemon binary, also starts it against the largest
# size and reads its VmHWM (bench/tc-scan-daemon.sh).
#   TCSCAN_REPEAT  runs per method and size (default 3; median reported)
set -u

scan=${1:?usage: tc-scan-guest.sh TC_SCAN [SIZE...]}
shift
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 100000)
repeat=${TCSCAN_REPEAT:-3}
daemon=${OVS_OFFLOADD:-}
nsim_id=60
work=$(mktemp -d /tmp/tc-scan.XXXXXX)

die() { echo "tc-scan: $*" >&2; exit 1; }

modprobe -a netdevsim bonding cls_flower sch_ingress act_gact || die "modprobe failed"
echo "$nsim_id 2 1" >/sys/bus/netdevsim/new_device || die "no netdevsim device"
trap 'ip link del tcsbond0 2>/dev/null; echo $nsim_id > /sys/bus/netdevsim/del_device
      rm -rf "$work"' EXIT
for ((i = 0; i < 50; i++)); do
    mapfile -t legs < <(ls /sys/bus/netdevsim/devices/netdevsim$nsim_id/net 2>/dev/null)
    [[ ${#legs[@]} -eq 2 ]] && break
    sleep 0.1
done
[[ ${#legs[@]} -eq 2 ]] || die "netdevsim$nsim_id has ${#legs[@]} ports, expected 2"
dfs=/sys/kernel/debug/netdevsim/netdevsim$nsim_id/ports
# The legs are in a Linux bond, so that the daemon (which watches bonds)
# finds the block; the scans do not care.
ip link add tcsbond0 type bond mode active-backup miimon 100 || die "no bond"
for l in "${legs[@]}"; do
    ethtool -K "$l" hw-tc-offload on || die "hw-tc-offload on $l"
    ip link set "$l" down
    ip link set "$l" master tcsbond0 || die "enslaving $l"
done
ip link set tcsbond0 up
refuse() { echo "$1" >$dfs/0/tc_flower_refuse; echo "$2" >$dfs/1/tc_flower_refuse; }

# now_us: wall clock in microseconds, without a fork.
now_us() { local t=${EPOCHREALTIME/./}; echo "$((10#$t))"; }
median() { printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
    print (NR % 2) ? v[(NR + 1) / 2] : int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
ms() { awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'; }

# batch FILE BLOCK FIRST COUNT FLAGS: a tc -b file adding COUNT filters
# numbered from FIRST, as OVS writes them (MACs, an IPv4 5-tuple part, and a
# 16-byte cookie on the action).
batch() {
    awk -v b="$2" -v first="$3" -v n="$4" -v flags="$5" 'BEGIN {
        for (i = first; i < first + n; i++) {
            hi = int(i / 65536); mid = int(i / 256) % 256; lo = i % 256
            printf "filter add block %d protocol ip pref 1 flower %s" \
                   " src_mac 02:00:00:%02x:%02x:%02x dst_mac 02:00:01:00:00:01" \
                   " dst_ip 198.%d.%d.%d ip_proto tcp dst_port 80" \
                   " action gact drop cookie %032x\n",
                   b, flags, hi, mid, lo, 18 + hi, mid, lo, i
        }
    }' >"$1"
}

# The counting pipelines of the other side: tc's JSON, classified as
# tc_flower_classify() does (skip_hw, not_in_hw, in_hw with in_hw_count
# below the legs = partial, in_hw, else unknown).
jq_count='reduce (.[] | select(.kind == "flower" and .options) | .options
    | if .skip_hw then "skip_hw" elif .not_in_hw then "not_in_hw"
      elif .in_hw then (if (.in_hw_count // 2) < 2 then "partial" else "in_hw" end)
      else "unknown" end) as $s
    ({in_hw: 0, not_in_hw: 0, partial: 0, skip_hw: 0, unknown: 0}; .[$s] += 1)
    | "\(.in_hw) \(.not_in_hw) \(.partial) \(.skip_hw) \(.unknown)"'
py_count='
import json, sys
c = dict.fromkeys(("in_hw", "not_in_hw", "partial", "skip_hw", "unknown"), 0)
for f in json.load(sys.stdin):
    o = f.get("options")
    if f.get("kind") != "flower" or not o:
        continue
    if o.get("skip_hw"): s = "skip_hw"
    elif o.get("not_in_hw"): s = "not_in_hw"
    elif o.get("in_hw"): s = "partial" if o.get("in_hw_count", 2) < 2 else "in_hw"
    else: s = "unknown"
    c[s] += 1
print(c["in_hw"], c["not_in_hw"], c["partial"], c["skip_hw"], c["unknown"])
'

# ours_counts FILE: "in_hw not_in_hw partial skip_hw unknown" of tc-scan output.
ours_counts() {
    awk '{ v[$1] = $2 } END { print v["in_hw"], v["not_in_hw"], v["partial"],
        v["skip_hw"], v["unknown"] }' "$1"
}
key() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }

declare -A R
block=0
mismatch=0
for n in "${sizes[@]}"; do
    block=$((block + 1))
    b=$((6000 + block))
    for l in "${legs[@]}"; do
        tc qdisc del dev "$l" clsact 2>/dev/null
        tc qdisc add dev "$l" ingress_block "$b" clsact || die "clsact on $l"
    done
    n_part=$((n / 20)) n_not=$((n * 9 / 100)) n_skip=$((n / 100))
    n_in=$((n - n_part - n_not - n_skip))
    batch "$work/in.tc" "$b" 0 "$n_in" ""
    batch "$work/part.tc" "$b" "$n_in" "$n_part" ""
    batch "$work/not.tc" "$b" $((n_in + n_part)) "$n_not" ""
    batch "$work/skip.tc" "$b" $((n_in + n_part + n_not)) "$n_skip" skip_hw
    t0=$(now_us)
    refuse N N && tc -b "$work/in.tc" || die "tc -b in.tc"
    refuse N Y && tc -b "$work/part.tc" || die "tc -b part.tc"
    refuse Y Y && tc -b "$work/not.tc" || die "tc -b not.tc"
    refuse N N && tc -b "$work/skip.tc" || die "tc -b skip.tc"
    R[$n,add]=$(($(now_us) - t0))
    rm -f "$work"/*.tc
    R[$n,want]="$n_in $n_not $n_part $n_skip 0"

    for method in ours collect jq py; do
        times=()
        for ((r = 0; r < repeat; r++)); do
            case $method in
            ours | collect)
                mode=summary; [[ $method == collect ]] && mode=collect
                t0=$(now_us)
                "$scan" --block="$b" --legs=2 --mode=$mode >"$work/out" ||
                    die "$scan failed"
                times+=($(($(now_us) - t0)))
                got=$(ours_counts "$work/out")
                R[$n,$method,hwm]=$(key "$work/out" vm_hwm_kb)
                R[$n,$method,fps]=$(key "$work/out" filters_per_second)
                ;;
            jq | py)
                t0=$(now_us)
                if [[ $method == jq ]]; then
                    got=$(/usr/bin/time -f %M -o "$work/tc.kb" tc -s -j filter show block "$b" |
                        /usr/bin/time -f %M -o "$work/parse.kb" jq -r "$jq_count")
                else
                    got=$(/usr/bin/time -f %M -o "$work/tc.kb" tc -s -j filter show block "$b" |
                        /usr/bin/time -f %M -o "$work/parse.kb" python3 -c "$py_count")
                fi
                times+=($(($(now_us) - t0)))
                R[$n,$method,hwm]="$(tail -1 "$work/tc.kb")+$(tail -1 "$work/parse.kb")"
                ;;
            esac
            if [[ $got != "${R[$n,want]}" ]]; then
                echo "tc-scan: n=$n $method run $((r + 1)): counts '$got'," \
                     "expected '${R[$n,want]}' (in_hw not_in_hw partial skip_hw unknown)" >&2
                mismatch=1
            fi
        done
        R[$n,$method]=$(median "${times[@]}")
    done
    R[$n,json_mb]=$(tc -s -j filter show block "$b" | wc -c |
        awk '{ printf "%.1f", $1 / 1048576 }')

    if [[ -n $daemon && $n == "${sizes[-1]}" ]]; then
        R[$n,daemon]=$(bash "$(dirname "${BASH_SOURCE[0]}")/tc-scan-daemon.sh" \
            "$daemon" "$n" 2>"$work/daemon.err") ||
            R[$n,daemon]="failed: $(tail -1 "$work/daemon.err")"
    fi
    # Free the kernel's memory before the next size: deleting the qdiscs
    # destroys the block and its filters.
    for l in "${legs[@]}"; do tc qdisc del dev "$l" clsact; done
done

echo "tc flower scan benchmark: shared block on 2 netdevsim legs, Linux $(uname -r)," \
    "$(nproc) CPU(s), TCG; median of $repeat runs; wall clock incl. process start"
echo "filters per size: 85% in_hw (2 legs), 5% partial, 9% not_in_hw, 1% skip_hw"
echo
printf '%7s | %9s | %9s | %10s | %10s | %10s | %7s | %7s | %11s\n' filters "tc -b add" \
    "ours, ms" "collect,ms" "tc|jq, ms" "tc|py, ms" "tc JSON" "best tc" "ours"
printf '%7s | %9s | %9s | %10s | %10s | %10s | %7s | %7s | %11s\n' "" "s" "" "" "" "" "MB" \
    "/ ours" "filters/s"
printf -- '--------+-----------+-----------+------------+------------+------------+---------+---------+------------\n'
for n in "${sizes[@]}"; do
    fast=${R[$n,py]}; ((R[$n,jq] < fast)) && fast=${R[$n,jq]}
    printf '%7s | %9s | %9s | %10s | %10s | %10s | %7s | %6sx | %11s\n' "$n" \
        "$(awk -v us="${R[$n,add]}" 'BEGIN { printf "%.1f", us / 1e6 }')" \
        "$(ms "${R[$n,ours]}")" "$(ms "${R[$n,collect]}")" "$(ms "${R[$n,jq]}")" \
        "$(ms "${R[$n,py]}")" "${R[$n,json_mb]}" \
        "$(awk -v a="$fast" -v b="${R[$n,ours]}" 'BEGIN { printf "%.1f", a / b }')" \
        "${R[$n,ours,fps]}"
done
echo
echo "Peak resident memory (VmHWM / time -f %M), kB:"
printf '%7s | %10s | %10s | %18s | %18s | %s\n' filters ours "collect" "tc + jq" "tc + python3" daemon
for n in "${sizes[@]}"; do
    printf '%7s | %10s | %10s | %18s | %18s | %s\n' "$n" "${R[$n,ours,hwm]}" \
        "${R[$n,collect,hwm]}" "${R[$n,jq,hwm]}" "${R[$n,py,hwm]}" \
        "${R[$n,daemon]:-$([[ -n $daemon ]] && echo "- (largest size only)" ||
            echo "not measured (no daemon binary)")}"
done
echo
echo "Targets (at the largest size, ${sizes[-1]} filters):"
n=${sizes[-1]}
fast=${R[$n,py]}; ((R[$n,jq] < fast)) && fast=${R[$n,jq]}
ratio=$(awk -v a="$fast" -v b="${R[$n,ours]}" 'BEGIN { printf "%.1f", a / b }')
verdict() { if awk "BEGIN { exit !($1) }"; then echo PASS; else echo MISS; fi; }
printf '  ours vs the faster tc pipeline: %sx   (target >= 5x)    %s\n' "$ratio" \
    "$(verdict "$ratio >= 5")"
printf '  ours, peak resident: %s kB   (target < 20 MB)   %s\n' "${R[$n,ours,hwm]}" \
    "$(verdict "${R[$n,ours,hwm]} < 20480")"
if ((mismatch)); then
    echo "COUNTS DIFFER between the methods (see above)"
    exit 1
fi
echo "Counts: every method found the same in_hw/not_in_hw/partial/skip_hw counts."
awk -v r="$ratio" -v m="${R[$n,ours,hwm]}" 'BEGIN { exit !(r >= 5 && m < 20480) }'
