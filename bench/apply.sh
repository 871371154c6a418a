#!/usr/bin/env bash
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
# bench/apply.sh -- how long it takes to build a bridge with N ports:
#
#   (a) ovs-offloadctl apply of a generated YAML file (one transaction);
#   (b) N separate "ovs-vsctl add-port" calls, the way ifupdown2, netplan
#       and os-net-config drive OVS (plus one add-br);
#   (c) one hand-written ovs-vsctl transaction: add-br plus N
#       "-- add-port" clauses;
#   (d) a no-op re-apply of (a)'s file on the finished bridge (median).
#
# Every method starts from the same state -- the bridge does not exist; the
# Open_vSwitch root row and the netdev datapath do (an unrelated bridge
# br-anchor keeps the datapath up) -- and is torn down (not timed)
# afterwards.  One untimed warm-up round of (a) and (c) with 8 ports comes
# first, since the first reconfiguration of a fresh ovs-vswitchd is slower.
# Every method waits for ovs-vswitchd to apply the change (cur_cfg) the
# same way: ovs-vsctl waits by default and so does ovs-offloadctl apply.
# The ports are checked after each method, so the methods are compared on
# the same result.
#
# Port type: "internal" by default.  With datapath_type=netdev an internal
# port is a tap that ovs-vswitchd really creates, which is what real setups
# pay for.  Creation is fast enough (about 1 ms per port); deletion of taps
# is slow (about 17 ms per port in the kernel), but teardown is not timed.
# --type=system uses system ports named after interfaces that do not exist
# (ovs-vswitchd records an error for each): it measures the database and
# ovs-vswitchd's reconfiguration without any device work.
#
# Everything is timed inside the sandbox's network namespace with
# "date +%s%N" around the command, so the cost of entering the namespace is
# not counted.  Runs in a private sandbox (contrib/sandbox.sh): root needed.
#
# Targets (checked at every size, the no-op one at 256 ports):
#   (a) within 2x of (c);  (b) at least 10x slower than (a);
#   (d) below 20 ms at 256 ports.
#
# Usage: bench/apply.sh [--sizes="256 1024"] [--repeat=3] [--noop-runs=7]
#                       [--type=internal|system] [--strict]
#   OFFLOADCTL  the binary (default: build/controller/ovs-offloadctl of
#               this source tree)
# Exit status: 0 done (1 with --strict if a target is missed), 77 if the
# sandbox cannot run here, 1 on error.

set -euo pipefail

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
OFFLOADCTL=${OFFLOADCTL:-$SRCDIR/build/controller/ovs-offloadctl}
SIZES="256 1024"
REPEAT=3
NOOP_RUNS=7
PORT_TYPE=internal
STRICT=0
BRIDGE=br-bench

usage() {
    sed -n '/^# Usage:/,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//'
}

for arg; do
    case $arg in
    --sizes=*) SIZES=${arg#*=} ;;
    --repeat=*) REPEAT=${arg#*=} ;;
    --noop-runs=*) NOOP_RUNS=${arg#*=} ;;
    --type=*) PORT_TYPE=${arg#*=} ;;
    --strict) STRICT=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
    esac
done
case $PORT_TYPE in
internal | system) ;;
*) echo "bench: --type must be internal or system" >&2; exit 2 ;;
esac
for v in $SIZES $REPEAT $NOOP_RUNS; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "bench: '$v' is not a positive number" >&2; exit 2; }
done

# shellcheck source-path=SCRIPTDIR source=../contrib/sandbox.sh
. "$SRCDIR/contrib/sandbox.sh"

die() {
    echo "bench: $*" >&2
    exit 1
}

sandbox_preflight || exit $?
[[ -x $OFFLOADCTL ]] || die "ovs-offloadctl not found at '$OFFLOADCTL' (build it, or set OFFLOADCTL)"
OFFLOADCTL=$(cd "$(dirname "$OFFLOADCTL")" && pwd)/$(basename "$OFFLOADCTL")

WORK=
cleanup() {
    local rc=$?
    set +e
    sandbox_stop
    [[ -z $WORK ]] || rm -rf -- "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

WORK=$(mktemp -d "${TMPDIR:-/tmp}/oo-bench.XXXXXX")

# timer.sh CMD...: runs CMD (output to $WORK/last.log), prints
# "MICROSECONDS EXIT_STATUS".  Runs inside the namespace.
cat >"$WORK/timer.sh" <<'EOF'
#!/usr/bin/env bash
log=$1
shift
s=$(date +%s%N)
"$@" >"$log" 2>&1
rc=$?
e=$(date +%s%N)
echo "$(((e - s) / 1000)) $rc"
EOF
chmod +x "$WORK/timer.sh"

# timed CMD...: prints the microseconds CMD took inside the sandbox; dies if
# it fails.
timed() {
    local out us rc
    out=$(sandbox_exec "$WORK/timer.sh" "$WORK/last.log" "$@")
    read -r us rc <<<"$out"
    if [[ $rc != 0 ]]; then
        echo "bench: '$*' failed (exit $rc):" >&2
        tail -n 20 "$WORK/last.log" >&2
        exit 1
    fi
    echo "$us"
}

median() {
    printf '%s\n' "$@" | sort -n | awk '{ v[NR] = $1 } END {
        if (NR % 2) print v[(NR + 1) / 2]; else print int((v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}

ms() {
    awk -v us="$1" 'BEGIN { printf "%.1f", us / 1000 }'
}

vsctl() {
    sandbox_exec ovs-vsctl --timeout=900 "$@"
}

# Generated inputs for N ports.
make_inputs() {
    local n=$1 i
    {
        echo "version: 1"
        echo "bridges:"
        echo "  - name: $BRIDGE"
        echo "    datapath-type: netdev"
        echo "    ports:"
        for ((i = 0; i < n; i++)); do
            echo "      - name: bp$i"
            echo "        type: $PORT_TYPE"
        done
    } >"$WORK/bench-$n.yaml"

    {
        echo "ovs-vsctl --timeout=900 add-br $BRIDGE -- set Bridge $BRIDGE datapath_type=netdev"
        for ((i = 0; i < n; i++)); do
            if [[ $PORT_TYPE == internal ]]; then
                echo "ovs-vsctl --timeout=900 add-port $BRIDGE bp$i -- set Interface bp$i type=internal"
            else
                echo "ovs-vsctl --timeout=900 add-port $BRIDGE bp$i"
            fi
        done
    } >"$WORK/perport-$n.sh"

    {
        printf 'exec ovs-vsctl --timeout=900 add-br %s -- set Bridge %s datapath_type=netdev' \
            "$BRIDGE" "$BRIDGE"
        for ((i = 0; i < n; i++)); do
            printf ' \\\n    -- add-port %s bp%d' "$BRIDGE" "$i"
            [[ $PORT_TYPE != internal ]] || printf ' -- set Interface bp%d type=internal' "$i"
        done
        echo
    } >"$WORK/txn-$n.sh"
}

# check_built N METHOD: the bridge has exactly N ports bp0..bp(N-1).
check_built() {
    local n=$1 method=$2 got
    got=$(vsctl list-ports "$BRIDGE" | grep -c '^bp' || true)
    [[ $got == "$n" ]] || die "$method: $BRIDGE has $got ports, expected $n"
}

teardown() {
    vsctl --if-exists del-br "$BRIDGE"
    [[ $(vsctl list-br) == "$ANCHOR" ]] || die "teardown left bridges: $(vsctl list-br)"
}

ANCHOR=br-anchor
SANDBOX_PARTNER=0 sandbox_start "bench-$$" >/dev/null
# The root row and the netdev datapath exist for every method alike: an
# anchor bridge that is not ovs-offload's keeps the datapath up, as on a
# host that already has a bridge.
vsctl add-br "$ANCHOR" -- set Bridge "$ANCHOR" datapath_type=netdev
# Warm-up, not timed: the first reconfiguration of a fresh ovs-vswitchd is
# slower than the following ones, whichever method it serves.
make_inputs 8
timed "$OFFLOADCTL" -c "$WORK/bench-8.yaml" apply >/dev/null
teardown
timed bash "$WORK/txn-8.sh" >/dev/null
teardown

echo "ovs-offload apply benchmark: $PORT_TYPE ports on a netdev bridge," \
    "$(ovs-vswitchd --version | head -n 1 | sed 's/.*) //;s/^/OVS /')"
echo "ovs-offloadctl: $OFFLOADCTL"
echo "(a),(c): median of $REPEAT; (b): 1 run; (d): median of $NOOP_RUNS"

declare -A RES
for n in $SIZES; do
    make_inputs "$n"
    ta=() tc=()
    for ((r = 1; r <= REPEAT; r++)); do
        echo "n=$n: (a) ovs-offloadctl apply, run $r/$REPEAT" >&2
        ta+=("$(timed "$OFFLOADCTL" -c "$WORK/bench-$n.yaml" apply)")
        check_built "$n" "(a) ovs-offloadctl apply"
        if ((r == REPEAT)); then
            echo "n=$n: (d) no-op re-apply x $NOOP_RUNS" >&2
            td=()
            for ((k = 0; k < NOOP_RUNS; k++)); do
                td+=("$(timed "$OFFLOADCTL" -c "$WORK/bench-$n.yaml" apply)")
            done
            RES[$n,d]=$(median "${td[@]}")
        fi
        teardown

        echo "n=$n: (c) one ovs-vsctl transaction, run $r/$REPEAT" >&2
        tc+=("$(timed bash "$WORK/txn-$n.sh")")
        check_built "$n" "(c) one ovs-vsctl transaction"
        teardown
    done
    RES[$n,a]=$(median "${ta[@]}")
    RES[$n,c]=$(median "${tc[@]}")

    echo "n=$n: (b) $n x ovs-vsctl add-port" >&2
    RES[$n,b]=$(timed bash "$WORK/perport-$n.sh")
    check_built "$n" "(b) per-port ovs-vsctl"
    teardown
done

echo
printf '%6s | %14s | %18s | %14s | %14s\n' ports "(a) ours" "(b) N x ovs-vsctl" "(c) 1 txn" "(d) no-op"
printf '%6s | %14s | %18s | %14s | %14s\n' "" "apply, ms" "add-port, ms" "ovs-vsctl, ms" "re-apply, ms"
printf -- '-------+----------------+--------------------+----------------+---------------\n'
for n in $SIZES; do
    printf '%6s | %14s | %18s | %14s | %14s\n' "$n" "$(ms "${RES[$n,a]}")" \
        "$(ms "${RES[$n,b]}")" "$(ms "${RES[$n,c]}")" "$(ms "${RES[$n,d]}")"
done
echo

verdict() {                     # verdict AWK_CONDITION -> PASS or MISS
    if awk "BEGIN { exit !($1) }"; then echo PASS; else echo MISS; fi
}
echo "Targets:"
for n in $SIZES; do
    a=${RES[$n,a]} b=${RES[$n,b]} c=${RES[$n,c]} d=${RES[$n,d]}
    r_ac=$(awk -v a="$a" -v c="$c" 'BEGIN { printf "%.2f", a / c }')
    r_ba=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.1f", b / a }')
    printf '  n=%-5s (a)/(c) = %5sx  (target <= 2x)    %s\n' "$n" "$r_ac" "$(verdict "$r_ac <= 2")"
    printf '  n=%-5s (b)/(a) = %5sx  (target >= 10x)   %s\n' "$n" "$r_ba" "$(verdict "$r_ba >= 10")"
    if [[ $n == 256 ]]; then
        printf '  n=%-5s (d) = %s ms  (target < 20 ms)  %s\n' "$n" "$(ms "$d")" "$(verdict "$d < 20000")"
    fi
done
missed=0
for n in $SIZES; do
    a=${RES[$n,a]} b=${RES[$n,b]} c=${RES[$n,c]} d=${RES[$n,d]}
    awk -v a="$a" -v c="$c" 'BEGIN { exit !(a <= 2 * c) }' || missed=$((missed + 1))
    awk -v a="$a" -v b="$b" 'BEGIN { exit !(b >= 10 * a) }' || missed=$((missed + 1))
    [[ $n != 256 ]] || ((d < 20000)) || missed=$((missed + 1))
done
if ((missed)); then
    echo "$missed target(s) missed."
    ((STRICT == 0)) || exit 1
else
    echo "All targets met."
fi
