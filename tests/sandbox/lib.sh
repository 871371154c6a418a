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
# Helpers for the sandbox integration tests (tests/sandbox/test-*.sh).
#
# A test is a standalone bash script:
#
#   #!/usr/bin/env bash
#   . "$(dirname "$0")/lib.sh"
#   test_init                    # skip (77) if no root/netns; sandbox up
#   ctl_ok -c "$SANDBOX_YAML" apply
#   assert_eq balance-tcp "$(ovs_col Port bond0 bond_mode)" "bond_mode"
#   pass
#
# Exit status: 0 pass, 1 fail, 77 skip.  Whatever happens, the EXIT trap
# stops the sandbox (no namespace or process is left behind) and, on
# failure, prints the OVS logs and the last ovs-offloadctl output.
#
# Environment:
#   OFFLOADCTL   the ovs-offloadctl binary
#                (default: $SRCDIR/build/controller/ovs-offloadctl)
#   OFFLOADD     the ovs-offloadd binary
#                (default: $SRCDIR/build/controller/ovs-offloadd)
#   SRCDIR       the source tree (default: two levels above this file)
#   TEST_KEEP=1  keep the sandbox and temporary files on failure, for
#                debugging; remove them afterwards with
#                  bash -c '. contrib/sandbox.sh; sandbox_load DIR; sandbox_stop'
#   CTL_TIMEOUT  seconds before an ovs-offloadctl run is killed (120)
#   TEST_VERBOSE=1  trace commands (set -x)

set -euo pipefail

TESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SRCDIR=${SRCDIR:-$(cd "$TESTS_DIR/../.." && pwd)}
OFFLOADCTL=${OFFLOADCTL:-$SRCDIR/build/controller/ovs-offloadctl}
OFFLOADD=${OFFLOADD:-$SRCDIR/build/controller/ovs-offloadd}
OFFLOADD_PORT=
SANDBOX_YAML=${SANDBOX_YAML:-$SRCDIR/contrib/examples/sandbox.yaml}
TEST_NAME=$(basename "$0" .sh)
TEST_TMP=
CTL_RC=0
CTL_OUT=
CTL_ERR=
CTL_CMD=
export SRCDIR OFFLOADCTL OFFLOADD

# shellcheck source-path=SCRIPTDIR source=../../contrib/sandbox.sh
. "$SRCDIR/contrib/sandbox.sh"

log() { printf '%s: %s\n' "$TEST_NAME" "$*" >&2; }

# skip REASON: the test cannot run here; exit 77.
skip() {
    {
        echo "********************************************************"
        echo "SKIP: $TEST_NAME: $*"
        echo "********************************************************"
    } >&2
    _TEST_RESULT=skip
    exit 77
}

# fail MSG: the test failed; exit 1 (the trap dumps the logs).
fail() {
    printf 'FAIL: %s: %s\n' "$TEST_NAME" "$*" >&2
    _TEST_RESULT=fail
    exit 1
}

pass() {
    _TEST_RESULT=pass
    exit 0
}

# assert_eq EXPECTED ACTUAL [WHAT]
assert_eq() {
    local expected=$1 actual=$2 what=${3:-value}
    if [[ $expected != "$actual" ]]; then
        if [[ $expected == *$'\n'* || $actual == *$'\n'* ]]; then
            printf '%s: %s differs (- expected, + actual):\n' "$TEST_NAME" "$what" >&2
            diff -u <(printf '%s\n' "$expected") <(printf '%s\n' "$actual") \
                --label expected --label actual >&2 || true
            fail "$what differs"
        fi
        fail "$what: expected '$expected', got '$actual'"
    fi
}

# assert_contains HAYSTACK NEEDLE [WHAT]: fixed-string match.
assert_contains() {
    local haystack=$1 needle=$2 what=${3:-output}
    if ! grep -qF -- "$needle" <<<"$haystack"; then
        printf '%s: %s:\n%s\n' "$TEST_NAME" "$what" "$haystack" >&2
        fail "$what does not contain '$needle'"
    fi
}

# assert_match HAYSTACK ERE [WHAT]: extended regular expression match.
assert_match() {
    local haystack=$1 re=$2 what=${3:-output}
    if ! grep -qE -- "$re" <<<"$haystack"; then
        printf '%s: %s:\n%s\n' "$TEST_NAME" "$what" "$haystack" >&2
        fail "$what does not match /$re/"
    fi
}

# retry N CMD...: runs CMD up to N times, RETRY_DELAY (0.2) seconds apart,
# until it succeeds.  Returns CMD's last status.
retry() {
    local n=$1 i rc=1
    shift
    for ((i = 1; i <= n; i++)); do
        if "$@"; then
            return 0
        else
            rc=$?
        fi
        ((i == n)) || sleep "${RETRY_DELAY:-0.2}"
    done
    return "$rc"
}

# output_is EXPECTED CMD...: true if CMD prints exactly EXPECTED.  For use
# with retry: "retry 25 output_is up ovs_col Interface eth0 link_state"
# (a "$(...)" in retry's arguments would be evaluated only once).
output_is() {
    local expected=$1 out
    shift
    out=$("$@") || return 1
    [[ $out == "$expected" ]]
}

# ---------------------------------------------------------------------------
# OVS access, all inside the sandbox.

# ovs_vsctl ARGS...: ovs-vsctl against the sandbox database (waits for
# ovs-vswitchd like ovs-vsctl does by default).
ovs_vsctl() {
    sandbox_exec ovs-vsctl --timeout=30 "$@"
}

# ovs_appctl ARGS...: ovs-appctl to the sandbox's ovs-vswitchd.
ovs_appctl() {
    sandbox_appctl ovs-vswitchd "$@"
}

# ovs_col TABLE RECORD COLUMN: the column in bare form ("" if empty; maps as
# "k=v k=v", sets space separated, both sorted by OVSDB).
ovs_col() {
    ovs_vsctl --bare --columns="$3" list "$1" "$2"
}

# ovs_key TABLE RECORD COLUMN KEY: one map value, unquoted; "" if absent.
ovs_key() {
    local v
    v=$(ovs_vsctl --if-exists get "$1" "$2" "$3:$4")
    v=${v#\"}
    v=${v%\"}
    printf '%s\n' "$v"
}

# ovs_names TABLE: the sorted names of all rows of TABLE, one per line.
ovs_names() {
    ovs_vsctl --bare --columns=name list "$1" | sed '/^$/d' | LC_ALL=C sort
}

# ovs_ref_names TABLE RECORD COLUMN: names of the rows a reference column
# (Bridge ports, Port interfaces) points to, sorted, one per line.
ovs_ref_names() {
    local uuid reftable
    case $1:$3 in
    Bridge:ports) reftable=Port ;;
    Port:interfaces) reftable=Interface ;;
    Open_vSwitch:bridges) reftable=Bridge ;;
    *) fail "ovs_ref_names: unsupported $1:$3" ;;
    esac
    for uuid in $(ovs_col "$1" "$2" "$3"); do
        ovs_col "$reftable" "$uuid" name
    done | LC_ALL=C sort
}

# iface_has_ofport IFACE: true if ovs-vswitchd gave IFACE an OpenFlow port.
iface_has_ofport() {
    local ofport
    ofport=$(ovs_col Interface "$1" ofport)
    [[ $ofport =~ ^[0-9]+$ && $ofport -gt 0 ]]
}

# vswitchd_has_port BRIDGE PORT: true if ovs-vswitchd's datapath view
# (dpif/show) has PORT in BRIDGE.
vswitchd_has_port() {
    ovs_appctl dpif/show | awk -v br="  $1:" -v port="$2" '
        /^  [^ ]/ { inbr = ($0 == br) }
        inbr && $1 == port { found = 1 }
        END { exit !found }'
}

# db_md5: md5 of the sandbox's database file.
db_md5() {
    md5sum "$SANDBOX_DIR/conf.db" | cut -d' ' -f1
}

# db_size: size in bytes of the sandbox's database file.
db_size() {
    stat -c %s "$SANDBOX_DIR/conf.db"
}

# db_wait_settled [QUIET_SECS] [TIMEOUT_SECS]: waits until conf.db has not
# changed for QUIET_SECS (default 2) seconds.  ovs-vswitchd writes some
# persistent columns on its own (cur_cfg, ofport, bond_active_slave, ...)
# after a change and on LACP events, so byte-for-byte comparisons of the
# database need a quiet database to start from.
db_wait_settled() {
    local quiet=${1:-2} timeout=${2:-30} last cur stable=0 i
    last=$(db_md5)
    for ((i = 0; i < timeout * 5; i++)); do
        sleep 0.2
        cur=$(db_md5)
        if [[ $cur == "$last" ]]; then
            stable=$((stable + 1))
            ((stable * 2 < quiet * 10)) || return 0
        else
            stable=0
            last=$cur
        fi
    done
    fail "conf.db kept changing for ${timeout}s"
}

# db_dump_config [MASKED_NAME...]: a normalized dump of the configuration
# columns of the Open_vSwitch, Bridge, Port and Interface tables, one line
# per row ("Table|uuid|name|column=value|..."), sorted; references (ports,
# interfaces, bridges) are shown as sorted names.  Each row keeps its _uuid
# (so that a deleted-and-recreated row shows up), except rows named
# MASKED_NAME, whose uuid is printed as "*".  Columns that ovs-vswitchd
# writes (ofport, status, statistics, bond_active_slave, cur_cfg, ...) are
# left out.
db_dump_config() {
    local masked=" $* " names t cols
    names=$(for t in Bridge Port Interface; do
        ovs_vsctl --format=csv --data=bare --no-headings --columns=_uuid,name list "$t"
    done)
    for t in Open_vSwitch Bridge Port Interface; do
        case $t in
        Open_vSwitch) cols=_uuid,bridges,other_config,external_ids ;;
        Bridge) cols=_uuid,name,datapath_type,fail_mode,ports,protocols,stp_enable,mcast_snooping_enable,other_config,external_ids ;;
        Port) cols=_uuid,name,interfaces,tag,trunks,vlan_mode,bond_mode,lacp,bond_updelay,bond_downdelay,other_config,external_ids ;;
        Interface) cols=_uuid,name,type,options,mtu_request,other_config,external_ids ;;
        esac
        ovs_vsctl --format=list --data=string --columns="$cols" list "$t" |
            awk -v table="$t" -v masked="$masked" -v names="$names" '
            function sortwords(s,    n, a, i, j, t, out) {
                n = split(s, a, " ")
                for (i = 2; i <= n; i++) {
                    t = a[i]
                    for (j = i - 1; j >= 1 && a[j] > t; j--) a[j + 1] = a[j]
                    a[j + 1] = t
                }
                out = ""
                for (i = 1; i <= n; i++) out = out (i > 1 ? " " : "") a[i]
                return out
            }
            function refs(v,    n, w, i, s) {
                gsub(/[][,]/, " ", v)
                n = split(v, w, " ")
                s = ""
                for (i = 1; i <= n; i++)
                    s = s (i > 1 ? " " : "") (w[i] in name ? "@" name[w[i]] : w[i])
                return "[" sortwords(s) "]"
            }
            function flush() {
                if (uuid == "") return
                if (index(masked, " " rowname " ")) uuid = "*"
                print table "|" uuid "|" rowname rest
                uuid = ""; rowname = "."; rest = ""
            }
            BEGIN {
                n = split(names, l, "\n")
                for (i = 1; i <= n; i++) {
                    split(l[i], p, ",")
                    name[p[1]] = p[2]
                }
                uuid = ""; rowname = "."; rest = ""
            }
            /^$/ { flush(); next }
            {
                i = index($0, ":")
                col = substr($0, 1, i - 1); sub(/ +$/, "", col)
                val = substr($0, i + 2)
                if (col == "_uuid") uuid = (table == "Open_vSwitch" ? "-" : val)
                else if (col == "name") rowname = val
                else if (col == "ports" || col == "interfaces" || col == "bridges")
                    rest = rest "|" col "=" refs(val)
                else rest = rest "|" col "=" val
            }
            END { flush() }'
    done | LC_ALL=C sort
}

# ---------------------------------------------------------------------------
# ovs-offloadctl.

# ctl ARGS...: runs ovs-offloadctl inside the sandbox (it finds the database
# and ovs-vswitchd through OVS_RUNDIR).  Sets CTL_RC, CTL_OUT, CTL_ERR;
# never fails by itself.
ctl() {
    CTL_CMD="ovs-offloadctl $*"
    if sandbox_exec timeout "${CTL_TIMEOUT:-120}" "$OFFLOADCTL" "$@" >"$TEST_TMP/ctl.out" 2>"$TEST_TMP/ctl.err"; then
        CTL_RC=0
    else
        CTL_RC=$?
    fi
    CTL_OUT=$(<"$TEST_TMP/ctl.out")
    CTL_ERR=$(<"$TEST_TMP/ctl.err")
    log "$CTL_CMD -> exit $CTL_RC"
}

# ctl_show: prints the last ovs-offloadctl run.
ctl_show() {
    {
        echo "--- $CTL_CMD (exit $CTL_RC)"
        echo "--- stdout:"
        printf '%s\n' "$CTL_OUT"
        echo "--- stderr:"
        printf '%s\n' "$CTL_ERR"
        echo "---"
    } >&2
}

# ctl_expect RC ARGS...: runs ovs-offloadctl and fails unless it exits RC.
ctl_expect() {
    local want=$1
    shift
    ctl "$@"
    if [[ $CTL_RC != "$want" ]]; then
        ctl_show
        fail "'$CTL_CMD' exited $CTL_RC, expected $want"
    fi
}

# ctl_ok ARGS...: runs ovs-offloadctl and fails unless it exits 0.
ctl_ok() {
    ctl_expect 0 "$@"
}

# json_get JSON JQ_FILTER: jq -c FILTER applied to JSON (call require_jq
# first).  Fails the test if the JSON does not parse.
json_get() {
    local out
    out=$(jq -c "$2" <<<"$1") || fail "cannot evaluate '$2' on JSON output"
    printf '%s\n' "$out"
}

# require_jq: skip if jq is missing (JSON checks need it).
require_jq() {
    command -v jq >/dev/null 2>&1 || skip "jq not installed (apt-get install jq)"
}

# ---------------------------------------------------------------------------
# ovs-offloadd.

# offloadd_start [ARGS...]: starts ovs-offloadd in the sandbox, detached,
# with a pidfile (so that "ovs-appctl -t ovs-offloadd" finds it), its log in
# $SANDBOX_DIR/ovs-offloadd.log, the HTTP endpoint on a free port of the
# sandbox's 127.0.0.1 (OFFLOADD_PORT), a 1 s sample interval and
# $SANDBOX_YAML; ARGS come last and override these.
offloadd_start() {
    [[ -x $OFFLOADD ]] ||
        fail "ovs-offloadd not found at '$OFFLOADD' (build it, or set OFFLOADD)"
    sandbox_exec "$OFFLOADD" --detach --no-chdir --pidfile \
        --log-file="$SANDBOX_DIR/ovs-offloadd.log" --http-port=0 \
        --interval=1 -c "$SANDBOX_YAML" "$@" ||
        fail "ovs-offloadd did not start"
    OFFLOADD_PORT=$(sed -n 's/.*serving HTTP on 127\.0\.0\.1 port \([0-9]*\).*/\1/p' \
                    "$SANDBOX_DIR/ovs-offloadd.log" | tail -n 1)
    log "ovs-offloadd running, pid $(offloadd_pid), HTTP port ${OFFLOADD_PORT:-none}"
}

# offloadd_pid: the daemon's pid from its pidfile (fails if none).
offloadd_pid() {
    local pid
    pid=$(cat "$SANDBOX_DIR/ovs-offloadd.pid" 2>/dev/null) || return 1
    [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

# offloadd_appctl CMD...: ovs-appctl -t ovs-offloadd inside the sandbox.
offloadd_appctl() {
    sandbox_exec ovs-appctl -t ovs-offloadd "$@"
}

# offloadd_metrics: the daemon's /metrics (curl inside the sandbox).
offloadd_metrics() {
    sandbox_exec curl -sf --max-time 5 "http://127.0.0.1:$OFFLOADD_PORT/metrics"
}

# offloadd_metric SERIES: the value of one series of /metrics, written as
# the exposition writes it ('ovs_offload_leg_up{bond="bond0",leg="sb-a0"}');
# "" if absent.
offloadd_metric() {
    offloadd_metrics | awk -v m="$1" '$1 == m { print $2 }'
}

# offloadd_stop: "ovs-appctl -t ovs-offloadd exit" and waits for the
# process to go.
offloadd_stop() {
    local pid
    pid=$(offloadd_pid) || return 0
    offloadd_appctl exit || fail "ovs-appctl -t ovs-offloadd exit failed"
    retry 50 eval "! kill -0 $pid 2>/dev/null" ||
        fail "ovs-offloadd (pid $pid) did not exit"
}

# guardians_killed_at_exit: at exit, kill the rollback guardians (apply
# --confirm-within) of this sandbox: one left by a failed run would roll back
# into a stopped sandbox.
guardians_killed_at_exit() {
    trap '_rc=$?; trap - ERR; set +e; _kill_guardians; (exit $_rc); _test_on_exit' EXIT
}
_kill_guardians() {
    local pid
    for pid in $(pgrep -x offload-guard 2>/dev/null); do
        if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -q "^OVS_RUNDIR=$SANDBOX_DIR\$"; then
            kill "$pid" 2>/dev/null || true
        fi
    done
}

# ---------------------------------------------------------------------------
# Setup and teardown.

_test_on_err() {
    local rc=$? i
    echo "FAIL: $TEST_NAME: command failed (exit $rc): $BASH_COMMAND" >&2
    for ((i = 1; i < ${#FUNCNAME[@]}; i++)); do
        echo "    from ${FUNCNAME[i]} at ${BASH_SOURCE[i]##*/}:${BASH_LINENO[i - 1]}" >&2
    done
}

_test_on_exit() {
    local rc=$?
    set +e
    trap - EXIT INT TERM ERR
    # Only skip() may skip, and a failure is always 1, whatever command
    # failed under "set -e".
    if ((rc == 77)) && [[ ${_TEST_RESULT:-} != skip ]]; then
        rc=1
    elif ((rc != 0 && rc != 77)); then
        rc=1
    fi
    # Background jobs of the test (e.g. ping).
    local jobpids
    jobpids=$(jobs -p)
    # shellcheck disable=SC2086
    [[ -z $jobpids ]] || kill $jobpids 2>/dev/null
    if ((rc != 0 && rc != 77)); then
        echo "===== $TEST_NAME failed (exit $rc); sandbox state follows =====" >&2
        if [[ -n $CTL_CMD ]]; then
            ctl_show
        fi
        if [[ -n ${SANDBOX_DIR:-} && -d $SANDBOX_DIR ]]; then
            {
                echo "===== ovs-vsctl show ====="
                sandbox_exec ovs-vsctl --timeout=5 show
                sandbox_dump_logs
            } >&2 2>&1
        fi
        if [[ ${TEST_KEEP:-0} == 1 ]]; then
            echo "TEST_KEEP=1: left sandbox $SANDBOX_NS ($SANDBOX_DIR) and $TEST_TMP;" \
                "clean up with: bash -c '. $SRCDIR/contrib/sandbox.sh;" \
                "sandbox_load $SANDBOX_DIR; sandbox_stop'; rm -rf $TEST_TMP" >&2
            exit "$rc"
        fi
    fi
    sandbox_stop
    [[ -z $TEST_TMP ]] || rm -rf -- "$TEST_TMP"
    case $rc in
    0) echo "PASS: $TEST_NAME" >&2 ;;
    77) ;;
    *) echo "FAIL: $TEST_NAME (exit $rc)" >&2 ;;
    esac
    exit "$rc"
}

# test_init [--no-sandbox]: checks prerequisites (skip with 77 when the host
# cannot run a sandbox, fail when ovs-offloadctl is missing), makes TEST_TMP,
# installs the cleanup trap and starts a sandbox with a unique id.  Extra
# environment for sandbox_start (e.g. SANDBOX_PARTNER=0) passes through.
test_init() {
    local reason
    [[ ${TEST_VERBOSE:-0} != 1 ]] || set -x
    if ! reason=$(sandbox_preflight 2>&1); then
        skip "${reason#sandbox: }"
    fi
    if [[ ! -x $OFFLOADCTL ]]; then
        fail "ovs-offloadctl not found at '$OFFLOADCTL' (build it, or set OFFLOADCTL)"
    fi
    if [[ ! -r $SANDBOX_YAML ]]; then
        fail "$SANDBOX_YAML not found (set SRCDIR or SANDBOX_YAML)"
    fi
    TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/oo-test-$TEST_NAME.XXXXXX")
    trap _test_on_exit EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    # Name the command that failed under "set -e", also inside functions.
    set -E
    trap _test_on_err ERR
    if [[ ${1:-} != --no-sandbox ]]; then
        local id=${TEST_NAME#test-}
        id=${id:0:20}-$$
        if ! sandbox_start "$id"; then
            fail "cannot start the sandbox"
        fi
        log "sandbox $SANDBOX_NS in $SANDBOX_DIR"
    fi
}

# yaml_set_port_key IN OUT PORT KEY VALUE: copies the YAML file IN to OUT
# with "KEY: VALUE" set on the port PORT, which IN must write in block style
# ("- name: PORT" on its own line, keys of the port below it).  An existing
# KEY of that port is replaced, else the key is added after the name.
yaml_set_port_key() {
    local in=$1 out=$2 port=$3 key=$4 value=$5
    awk -v port="$port" -v key="$key" -v value="$value" '
        function emit_new() { printf "%s%s: %s\n", ind, key, value; done = 1 }
        {
            if (inport) {
                match($0, /^ */)
                if ($0 !~ /^ *$/ && $0 !~ /^ *#/ && RLENGTH < length(ind)) {
                    if (!done) emit_new()
                    inport = 0
                } else if ($0 ~ "^" ind key ":") {
                    emit_new(); inport = 0; next
                }
            }
            print
            if (!found && $0 ~ "^ *- name: *\"?" port "\"? *$") {
                match($0, /^ *- /)
                ind = sprintf("%" RLENGTH "s", "")
                found = 1; inport = 1
            }
        }
        END {
            if (inport && !done) emit_new()
            if (!found) exit 3
        }' "$in" >"$out" ||
        fail "cannot find '- name: $port' in $in to set $key"
}

# apply_sandbox_yaml: applies contrib/examples/sandbox.yaml, must succeed.
apply_sandbox_yaml() {
    ctl_ok -c "$SANDBOX_YAML" apply
}
