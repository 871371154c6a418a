#!/bin/bash
# Helpers for the guest-side scenarios (tests/vm/scenarios/*.sh), sourced at
# their top.  A scenario prints one "PASS: what: read back" or "FAIL: what:
# expected X, read Y" line per check, and ends with `finish`, whose exit
# status is 0 only when no check failed.
set -u

scenario=$(basename "$0" .sh)
n_pass=0 n_fail=0
cleanups=()

pass() { echo "PASS: $*"; n_pass=$((n_pass + 1)); }
fail() { echo "FAIL: $*"; n_fail=$((n_fail + 1)); }
note() { echo "  .. $*"; }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
    if [[ "$3" == "$2" ]]; then pass "$1: $3"
    else fail "$1: expected '$2', read '$3'"; fi
}

# expect_ge WHAT MIN ACTUAL (integers)
expect_ge() {
    if [[ "$3" =~ ^[0-9]+$ ]] && (("$3" >= "$2")); then pass "$1: $3 (>= $2)"
    else fail "$1: expected >= $2, read '$3'"; fi
}

# expect_ok WHAT CMD...: the command succeeds (its output goes to the log).
expect_ok() {
    local what=$1 out; shift
    if out=$("$@" 2>&1); then pass "$what${out:+: ${out//$'\n'/ | }}"
    else fail "$what: '$*' failed: ${out//$'\n'/ | }"; fi
}

# expect_err WHAT PATTERN CMD...: the command fails and says PATTERN.
expect_err() {
    local what=$1 pattern=$2 out; shift 2
    if out=$("$@" 2>&1); then
        fail "$what: '$*' succeeded, expected an error matching '$pattern'"
    elif [[ $out == *"$pattern"* ]]; then
        pass "$what: refused: ${out//$'\n'/ | }"
    else
        fail "$what: '$*' failed, but not with '$pattern': ${out//$'\n'/ | }"
    fi
}

# Run and echo a setup command; a failing setup step is a failed check.
run() {
    echo "+ $*"
    "$@" || { fail "setup step failed (exit $?): $*"; return 1; }
}

on_exit() { cleanups+=("$*"); }
run_cleanups() {
    local i
    for ((i = ${#cleanups[@]} - 1; i >= 0; i--)); do
        eval "${cleanups[i]}" >/dev/null 2>&1 || true
    done
    cleanups=()
}
trap run_cleanups EXIT

finish() {
    run_cleanups
    echo "RESULT $scenario: $n_pass PASS, $n_fail FAIL"
    [[ $n_fail -eq 0 && $n_pass -gt 0 ]]
    exit
}

# The scenarios load modules and create devices: only inside the VM.
guest_only() {
    if [[ ! -f /ovsvm/job ]]; then
        echo "$scenario: runs inside the test VM only:" \
             "tests/vm/run-guest.sh $0" >&2
        exit 2
    fi
}

# nsim_new ID PORTS: a netdevsim device with PORTS ports, deleted at exit.
# Sets nsim_ports to its netdevs, in port order.
nsim_new() {
    local id=$1 ports=$2 i dev=/sys/bus/netdevsim/devices/netdevsim$1
    echo "+ echo '$id $ports 1' > /sys/bus/netdevsim/new_device"
    echo "$id $ports 1" >/sys/bus/netdevsim/new_device || return 1
    on_exit "echo $id > /sys/bus/netdevsim/del_device"
    nsim_ports=()
    for ((i = 0; i < 50; i++)); do
        mapfile -t nsim_ports < <(devlink -j port show 2>/dev/null | jq -r \
            --arg d "netdevsim/netdevsim$id/" '.port | to_entries[]
             | select(.key | startswith($d)) | select(.value.flavour == "physical")
             | [.value.port, .value.netdev] | @tsv' | sort -n | cut -f2)
        [[ ${#nsim_ports[@]} -eq $ports && -d $dev/net ]] && return 0
        sleep 0.1
    done
    echo "netdevsim$id: expected $ports ports, found ${#nsim_ports[@]}" >&2
    return 1
}

# nsim_bond NAME ID: an active-backup Linux bond NAME (miimon 50) over the
# two ports of a new netdevsim device ID, both with hw-tc-offload, deleted at
# exit.  Sets P0 and P1 to the ports.
nsim_bond() {
    local name=$1 id=$2 p
    run nsim_new "$id" 2 || return 1
    P0=${nsim_ports[0]} P1=${nsim_ports[1]}
    run ip link add "$name" type bond mode active-backup miimon 50 || return 1
    on_exit ip link del "$name"
    for p in "$P0" "$P1"; do
        run ethtool -K "$p" hw-tc-offload on || return 1
        run ip link set "$p" down
        run ip link set "$p" master "$name" || return 1
    done
    run ip link set "$name" up
}

# Debugfs folder of port N of device ID.
nsim_dfs() { echo "/sys/kernel/debug/netdevsim/netdevsim$1/ports/$2"; }

# tc_flags JSON-FILTERS: "in_hw=… not_in_hw=… in_hw_count=… skip_sw=…" of
# the first filter that has options in `tc -j filter show` output.
tc_flags() {
    jq -r '[.[] | select(.options)][0].options
           | "in_hw=\(.in_hw // false) not_in_hw=\(.not_in_hw // false)"
             + " in_hw_count=\(.in_hw_count // 0) skip_sw=\(.skip_sw // false)"
             + " skip_hw=\(.skip_hw // false)"'
}

# ovs_start [KEY=VALUE]...: a private ovsdb-server and ovs-vswitchd (files
# in a folder under /run, the OVS_* variables point there), with the given
# Open_vSwitch other_config keys set before ovs-vswitchd starts.  Stopped
# with --cleanup (datapath removed) at exit.  `appctl` talks to it.
ovs_start() { ovsdb_start "$@" && vswitchd_start; }

# ovsdb_start [KEY=VALUE]...: the ovsdb-server half of ovs_start, for a
# scenario that does something before ovs-vswitchd starts (vswitchd_start).
ovsdb_start() {
    ovs_dir=$(mktemp -d /run/ovsvm-ovs.XXXXXX)
    export OVS_RUNDIR=$ovs_dir OVS_LOGDIR=$ovs_dir OVS_DBDIR=$ovs_dir \
        OVS_SYSCONFDIR=$ovs_dir
    local d=$ovs_dir kv
    run ovsdb-tool create "$d/conf.db" /usr/share/openvswitch/vswitch.ovsschema &&
    run ovsdb-server "$d/conf.db" --remote="punix:$d/db.sock" \
        --pidfile="$d/ovsdb-server.pid" --detach --log-file="$d/ovsdb-server.log" ||
        return 1
    on_exit "kill \$(cat $d/ovsdb-server.pid)"
    run ovs-vsctl --no-wait init || return 1
    for kv in "$@"; do
        run ovs-vsctl --no-wait set Open_vSwitch . "other_config:$kv" || return 1
    done
}
vswitchd_start() {
    local d=$ovs_dir
    run ovs-vswitchd "unix:$d/db.sock" --pidfile="$d/ovs-vswitchd.pid" \
        --detach --log-file="$d/ovs-vswitchd.log" || return 1
    on_exit "appctl exit --cleanup"
}
appctl() { ovs-appctl -t "$ovs_dir/ovs-vswitchd.$(cat "$ovs_dir/ovs-vswitchd.pid").ctl" "$@"; }
# odp_port NAME: the datapath port number OVS gave NAME.
odp_port() { appctl dpif/show | sed -nE "s|^ +$1 [0-9]+/([0-9]+):.*|\\1|p"; }

# build_file PATH: PATH under the project's build tree (the one $OFFLOADCTL
# is in, else build/ of this source tree), e.g. build_file bench/tc-scan.
build_file() {
    if [[ -n ${OFFLOADCTL:-} ]]; then
        echo "$(dirname "$(dirname "$OFFLOADCTL")")/$1"
    else
        echo "$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)/build/$1"
    fi
}

# scan_counts LEGS TARGET: our classification (bench/tc-scan, i.e.
# tc_flower_dump_summary()) of "--dev=DEV" or "--block=N" against LEGS legs,
# as "filters=N in_hw=N not_in_hw=N partial=N skip_hw=N unknown=N".
scan_counts() {
    "$(build_file bench/tc-scan)" --legs="$1" "$2" | awk '{ v[$1] = $2 } END {
        printf "filters=%s in_hw=%s not_in_hw=%s partial=%s skip_hw=%s unknown=%s\n",
            v["filters"], v["in_hw"], v["not_in_hw"], v["partial"], v["skip_hw"],
            v["unknown"] }'
}

# tc_counts LEGS ARGS...: the same counts from `tc -s -j filter show ARGS`
# (an independent witness: iproute2's dump and JSON, classified here).
tc_counts() {
    local legs=$1; shift
    tc -s -j filter show "$@" | jq -r --argjson legs "$legs" '
        [.[] | select(.kind == "flower" and .options) | .options
         | if .skip_hw then "skip_hw" elif .not_in_hw then "not_in_hw"
           elif .in_hw then (if (.in_hw_count // $legs) < $legs then "partial"
                             else "in_hw" end)
           else "unknown" end]
        | . as $s | reduce ("in_hw", "not_in_hw", "partial", "skip_hw", "unknown")
            as $k ({}; .[$k] = ([$s[] | select(. == $k)] | length))
        | "filters=\($s | length) in_hw=\(.in_hw) not_in_hw=\(.not_in_hw)"
          + " partial=\(.partial) skip_hw=\(.skip_hw) unknown=\(.unknown)"'
}

# watch_json [ARG]...: one frame of `ovs-offloadctl watch -f json` (the
# status model of docs/status.md), whatever its exit status (1 with a
# critical alert).  Needs $OFFLOADCTL.
watch_json() {
    "$OFFLOADCTL" --timeout=5 watch -f json --count=1 --interval=0.2 "$@" 2>/dev/null
}
# watch_tc JSON BLOCK: "legs filters in_hw not_in_hw partial" of the block's
# entry in the status model's "tc" section.
watch_tc() {
    jq -r --argjson b "$2" '[.tc[] | select(.kind == "block" and .block == $b)][0]
        | "\(.legs) \(.filters) \(.in_hw) \(.not_in_hw) \(.partial)"' <<<"$1"
}
# watch_alerts JSON: the codes of its alerts, sorted, comma-separated.
watch_alerts() { jq -r '[.alerts[].code] | sort | join(",")' <<<"$1"; }
