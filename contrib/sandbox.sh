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
# sandbox.sh -- a throw-away Open vSwitch inside private network namespaces,
# for trying ovs-offload and for its integration tests.
#
# Nothing here touches the host's Open vSwitch, its database or its network:
# ovsdb-server and ovs-vswitchd (userspace datapath, datapath_type=netdev,
# so no openvswitch kernel module is needed) run inside a network namespace
# with their database, sockets, pidfiles and logs in one private directory,
# and every address used is from TEST-NET-1 (192.0.2.0/24).
#
# Topology (the names are fixed; contrib/examples/sandbox.yaml uses them):
#
#   netns <NS>-vm1        netns <NS> (ovsdb-server, ovs-vswitchd)      netns <NS>-peer
#   eth0 192.0.2.1 ---- vm1-p \                           / peer-p ---- eth0 192.0.2.100
#                             br-offload          br-partner
#   eth0 192.0.2.2 ---- vm2-p /  bond0 sb-a0 ==== sb-b0 pbond
#   netns <NS>-vm2               (ours) sb-a1 ==== sb-b1 (partner, LACP active,
#                                                         balance-tcp, fast)
#
#   The partner side (br-partner, pbond, peer-p) is created here with
#   ovs-vsctl and tagged external_ids:sandbox-role=partner.  Our side
#   (br-offload, bond0, vm1-p, vm2-p) is NOT created here: that is the job of
#   "ovs-offloadctl apply -c contrib/examples/sandbox.yaml".
#
#   Open_vSwitch root row: the database starts empty (ovsdb-tool create), and
#   ovs-vswitchd never inserts the root row, but ovs-vsctl inserts it as a
#   side effect of its first command.  So, deterministically:
#     - by default the partner bridge is created, hence the root row EXISTS
#       when sandbox_start returns;
#     - with SANDBOX_PARTNER=0 nothing is written to the database, the root
#       row does NOT exist, and no partner bridge exists (the veths sb-b0/1
#       and peer-p are still created) -- use this to test that
#       "ovs-offloadctl apply" creates the root row itself.
#
# Use as a library (bash):
#
#   . contrib/sandbox.sh
#   sandbox_preflight || exit $?     # 77 with the reason on stderr if unusable
#   sandbox_start [ID]               # exports SANDBOX_DIR SANDBOX_NS SANDBOX_ID
#                                    # OVS_RUNDIR OVS_LOGDIR OVS_DBDIR
#   sandbox_install_trap             # sandbox_stop on any exit (optional)
#   sandbox_exec CMD...              # CMD inside the sandbox netns, with env
#   sandbox_ns_exec vm1|vm2|peer CMD...
#   sandbox_appctl ovs-vswitchd|ovsdb-server CMD...
#   sandbox_bond_ready BOND          # LACP negotiated, all members enabled?
#   sandbox_wait_lacp BOND [TIMEOUT] # poll sandbox_bond_ready (30 s)
#   sandbox_vswitchd_restart; sandbox_ovsdb_restart
#   sandbox_dump_logs                # tails of the OVS logs, for failures
#   sandbox_load DIR                 # adopt a running sandbox by its state
#   sandbox_stop                     # safe to call twice
#
#   SANDBOX_PARTNER=0 sandbox_start  # no partner bridge, no root row (above)
#   SANDBOX_SCHEMA=FILE              # another vswitch.ovsschema
#
# Use as a command (persistent sandbox with id "quickstart", state in
# /run/ovs-offload-sandbox):
#
#   contrib/sandbox.sh start|stop|status|shell|exec CMD...
#
# Exit status 77 (the automake "skip" code) means the sandbox cannot run
# here (not root, no "ip netns", OVS missing); the reason is on stderr.

SANDBOX_SCHEMA=${SANDBOX_SCHEMA:-/usr/share/openvswitch/vswitch.ovsschema}
SANDBOX_CLI_ID=quickstart
SANDBOX_CLI_DIR=/run/ovs-offload-sandbox

# Set by sandbox_start / sandbox_load.
SANDBOX_ID=${SANDBOX_ID:-}
SANDBOX_DIR=${SANDBOX_DIR:-}
SANDBOX_NS=${SANDBOX_NS:-}
SANDBOX_NAMESPACES=${SANDBOX_NAMESPACES:-}
_SANDBOX_OWN_DIR=${_SANDBOX_OWN_DIR:-}

_sandbox_msg() { printf 'sandbox: %s\n' "$*" >&2; }

# Prints the reason on stderr and returns 77 if the sandbox cannot work here.
sandbox_preflight() {
    local cmd
    if [[ ${EUID:-$(id -u)} -ne 0 ]]; then
        _sandbox_msg "must run as root (network namespaces, veths); skipping"
        return 77
    fi
    if ! command -v ip >/dev/null 2>&1; then
        _sandbox_msg "'ip' (iproute2) not found; skipping"
        return 77
    fi
    if ! ip netns list >/dev/null 2>&1; then
        _sandbox_msg "'ip netns' is unavailable here (no network namespace support?); skipping"
        return 77
    fi
    for cmd in ovsdb-tool ovsdb-server ovs-vswitchd ovs-vsctl ovs-appctl ovsdb-client; do
        if ! command -v "$cmd" >/dev/null 2>&1; then
            _sandbox_msg "$cmd not found (install openvswitch-switch); skipping"
            return 77
        fi
    done
    if [[ ! -r $SANDBOX_SCHEMA ]]; then
        _sandbox_msg "OVS schema $SANDBOX_SCHEMA not found (set SANDBOX_SCHEMA); skipping"
        return 77
    fi
    if [[ ! -c /dev/net/tun ]]; then
        _sandbox_msg "/dev/net/tun missing: the userspace datapath needs taps; skipping"
        return 77
    fi
    return 0
}

# Writes the state file that sandbox_load and the CLI read back.
_sandbox_save() {
    {
        printf 'SANDBOX_ID=%q\n' "$SANDBOX_ID"
        printf 'SANDBOX_DIR=%q\n' "$SANDBOX_DIR"
        printf 'SANDBOX_NS=%q\n' "$SANDBOX_NS"
        printf 'SANDBOX_NAMESPACES=%q\n' "$SANDBOX_NAMESPACES"
        printf '_SANDBOX_OWN_DIR=%q\n' "$_SANDBOX_OWN_DIR"
    } >"$SANDBOX_DIR/sandbox.env"
}

_sandbox_export() {
    export SANDBOX_ID SANDBOX_DIR SANDBOX_NS SANDBOX_NAMESPACES
    export OVS_RUNDIR=$SANDBOX_DIR OVS_LOGDIR=$SANDBOX_DIR OVS_DBDIR=$SANDBOX_DIR
}

# sandbox_load DIR: adopts the sandbox whose state is in DIR.
sandbox_load() {
    local dir=$1
    if [[ ! -r $dir/sandbox.env ]]; then
        _sandbox_msg "no sandbox state in $dir"
        return 1
    fi
    # shellcheck disable=SC1091
    . "$dir/sandbox.env"
    _sandbox_export
}

# True if process PID is alive (not a zombie) and named NAME.
_sandbox_pid_is() {
    local pid=$1 name=$2 comm stat
    comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
    [[ $comm == "${name:0:15}" ]] || return 1
    stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}

_sandbox_pid_alive() {
    local stat
    stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
    stat=${stat##*) }
    [[ ${stat:0:1} != Z ]]
}

# Pid of daemon NAME from its pidfile, if it is running.
_sandbox_daemon_pid() {
    local name=$1 pid
    [[ -n $SANDBOX_DIR && -r $SANDBOX_DIR/$name.pid ]] || return 1
    pid=$(<"$SANDBOX_DIR/$name.pid") || return 1
    [[ $pid =~ ^[0-9]+$ ]] || return 1
    _sandbox_pid_is "$pid" "$name" || return 1
    echo "$pid"
}

# Terminates daemon NAME by its pidfile: SIGTERM, then SIGKILL after 5 s.
_sandbox_kill_daemon() {
    local name=$1 pid i
    if pid=$(_sandbox_daemon_pid "$name"); then
        kill -TERM "$pid" 2>/dev/null || true
        for ((i = 0; i < 50; i++)); do
            _sandbox_pid_is "$pid" "$name" || break
            sleep 0.1
        done
        if _sandbox_pid_is "$pid" "$name"; then
            _sandbox_msg "$name ($pid) ignored SIGTERM; killing"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 0.2
        fi
    fi
    [[ -z $SANDBOX_DIR ]] || rm -f "$SANDBOX_DIR/$name.pid"
}

# Kills every process still inside netns NS (all of them were started in a
# namespace this sandbox created).
_sandbox_kill_ns_pids() {
    local ns=$1 pids pid i
    pids=$(ip netns pids "$ns" 2>/dev/null) || return 0
    [[ -n $pids ]] || return 0
    for pid in $pids; do kill -TERM "$pid" 2>/dev/null || true; done
    for ((i = 0; i < 30; i++)); do
        local alive=0
        for pid in $pids; do _sandbox_pid_alive "$pid" && alive=1; done
        ((alive)) || return 0
        sleep 0.1
    done
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
}

_sandbox_ns_exists() {
    [[ -e /run/netns/$1 ]]
}

_sandbox_start_ovsdb() {
    ip netns exec "$SANDBOX_NS" env \
        OVS_RUNDIR="$SANDBOX_DIR" OVS_LOGDIR="$SANDBOX_DIR" OVS_DBDIR="$SANDBOX_DIR" \
        ovsdb-server "$SANDBOX_DIR/conf.db" \
        --remote="punix:$SANDBOX_DIR/db.sock" \
        --pidfile="$SANDBOX_DIR/ovsdb-server.pid" --detach -vconsole:off \
        --log-file="$SANDBOX_DIR/ovsdb-server.log"
}

_sandbox_start_vswitchd() {
    ip netns exec "$SANDBOX_NS" env \
        OVS_RUNDIR="$SANDBOX_DIR" OVS_LOGDIR="$SANDBOX_DIR" OVS_DBDIR="$SANDBOX_DIR" \
        ovs-vswitchd "unix:$SANDBOX_DIR/db.sock" \
        --pidfile="$SANDBOX_DIR/ovs-vswitchd.pid" --detach -vconsole:off \
        --log-file="$SANDBOX_DIR/ovs-vswitchd.log"
}

# Waits until daemon NAME answers on its unixctl socket.
_sandbox_wait_unixctl() {
    local name=$1 timeout=${2:-10} i pid
    for ((i = 0; i < timeout * 10; i++)); do
        if pid=$(_sandbox_daemon_pid "$name") &&
            ovs-appctl -t "$SANDBOX_DIR/$name.$pid.ctl" version >/dev/null 2>&1; then
            return 0
        fi
        sleep 0.1
    done
    _sandbox_msg "$name did not come up within ${timeout}s (see $SANDBOX_DIR/$name.log)"
    return 1
}

# Reads one column of the Open_vSwitch root row without writing anything
# (ovs-vsctl would insert the root row if it is missing).
_sandbox_root_column() {
    local out
    out=$(ovsdb-client query "unix:$SANDBOX_DIR/db.sock" \
        "[\"Open_vSwitch\",{\"op\":\"select\",\"table\":\"Open_vSwitch\",\"where\":[],\"columns\":[\"$1\"]}]" \
        2>/dev/null) || return 0
    sed -n "s/.*\"$1\":\([0-9-]*\).*/\1/p" <<<"$out"
}

# Waits until ovs-vswitchd has caught up with the database (cur_cfg ==
# next_cfg), without writing to the database.  No root row: nothing to wait
# for.
_sandbox_wait_cfg() {
    local timeout=${1:-10} i cur next
    for ((i = 0; i < timeout * 10; i++)); do
        next=$(_sandbox_root_column next_cfg)
        [[ -n $next ]] || return 0
        cur=$(_sandbox_root_column cur_cfg)
        [[ $cur == "$next" ]] && return 0
        sleep 0.1
    done
    _sandbox_msg "ovs-vswitchd did not reach next_cfg=$next (cur_cfg=$cur) in ${timeout}s"
    return 1
}

# Runs CMD in netns NS; exits nonzero with a message on failure.
_sandbox_in() {
    local ns=$1
    shift
    if ! ip netns exec "$ns" "$@"; then
        _sandbox_msg "failed in netns $ns: $*"
        return 1
    fi
}

# Disables IPv6 in a namespace so that no router solicitations, MLD or DAD
# frames wander through the bridges (keeps MAC learning and LACP quiet).
_sandbox_quiet_ns() {
    # shellcheck disable=SC2016
    ip netns exec "$1" sh -c \
        'for f in /proc/sys/net/ipv6/conf/all/disable_ipv6 /proc/sys/net/ipv6/conf/default/disable_ipv6; do
             [ -w "$f" ] && echo 1 >"$f"; done; ip link set lo up' ||
        { _sandbox_msg "cannot set up netns $1"; return 1; }
}

# _sandbox_setup ID DIR OWN_DIR: the body of sandbox_start.
_sandbox_setup() {
    local ns=$SANDBOX_NS role vmns port addr i

    for role in "" -peer -vm1 -vm2; do
        if _sandbox_ns_exists "$ns$role"; then
            _sandbox_msg "netns $ns$role already exists (another sandbox with id '$SANDBOX_ID'?)"
            return 1
        fi
    done
    if ! ip netns add "$ns"; then
        _sandbox_msg "'ip netns add $ns' failed"
        return 77
    fi
    SANDBOX_NAMESPACES=$ns
    _sandbox_save
    for role in peer vm1 vm2; do
        ip netns add "$ns-$role" || { _sandbox_msg "'ip netns add $ns-$role' failed"; return 1; }
        SANDBOX_NAMESPACES+=" $ns-$role"
        _sandbox_save
    done
    for role in "" -peer -vm1 -vm2; do
        _sandbox_quiet_ns "$ns$role" || return 1
    done

    # Bond legs: sb-aN (ours) <-> sb-bN (partner), both ends in the sandbox.
    for i in 0 1; do
        if ! ip -n "$ns" link add "sb-a$i" type veth peer name "sb-b$i"; then
            _sandbox_msg "cannot create veth pair sb-a$i/sb-b$i (no veth support?)"
            return 77
        fi
        _sandbox_in "$ns" ip link set "sb-a$i" up || return 1
        _sandbox_in "$ns" ip link set "sb-b$i" up || return 1
    done

    # VM-facing and peer-facing veths: <port> in the sandbox, eth0 outside.
    for role in vm1:vm1-p:192.0.2.1 vm2:vm2-p:192.0.2.2 peer:peer-p:192.0.2.100; do
        IFS=: read -r vmns port addr <<<"$role"
        vmns=$ns-$vmns
        ip -n "$ns" link add "$port" type veth peer name eth0 netns "$vmns" ||
            { _sandbox_msg "cannot create veth $port/eth0@$vmns"; return 1; }
        _sandbox_in "$ns" ip link set "$port" up || return 1
        _sandbox_in "$vmns" ip addr add "$addr/24" dev eth0 || return 1
        _sandbox_in "$vmns" ip link set eth0 up || return 1
        # The userspace datapath reads frames with AF_PACKET and does not
        # complete checksums left to offload: compute them in software.
        if command -v ethtool >/dev/null 2>&1; then
            ip netns exec "$vmns" ethtool -K eth0 tx off >/dev/null 2>&1 || true
        fi
    done

    # Database and daemons.
    ovsdb-tool create "$SANDBOX_DIR/conf.db" "$SANDBOX_SCHEMA" ||
        { _sandbox_msg "ovsdb-tool create failed"; return 1; }
    _sandbox_start_ovsdb ||
        { _sandbox_msg "ovsdb-server failed to start (see $SANDBOX_DIR/ovsdb-server.log)"; return 1; }
    _sandbox_wait_unixctl ovsdb-server || return 1
    _sandbox_start_vswitchd ||
        { _sandbox_msg "ovs-vswitchd failed to start (see $SANDBOX_DIR/ovs-vswitchd.log)"; return 1; }
    _sandbox_wait_unixctl ovs-vswitchd || return 1

    # The partner: an LACP-active balance-tcp bond plus the peer's port.
    # This first ovs-vsctl command also inserts the Open_vSwitch root row.
    if [[ ${SANDBOX_PARTNER:-1} != 0 ]]; then
        if ! sandbox_exec ovs-vsctl --timeout=30 \
            add-br br-partner \
            -- set Bridge br-partner datapath_type=netdev \
                external_ids:sandbox-role=partner \
            -- add-bond br-partner pbond sb-b0 sb-b1 \
                bond_mode=balance-tcp lacp=active other_config:lacp-time=fast \
            -- add-port br-partner peer-p; then
            _sandbox_msg "cannot create the partner bridge"
            return 1
        fi
    fi
    return 0
}

# sandbox_start [ID]: builds a sandbox.  ID defaults to a fresh unique one.
# On success exports SANDBOX_ID, SANDBOX_DIR, SANDBOX_NS, SANDBOX_NAMESPACES,
# OVS_RUNDIR, OVS_LOGDIR, OVS_DBDIR.  On failure cleans up what it made and
# returns 1 (or 77 if the host cannot run a sandbox).
sandbox_start() {
    local id=${1:-$$-$RANDOM} rc
    sandbox_preflight || return $?
    if [[ -n $SANDBOX_DIR && -d $SANDBOX_DIR ]]; then
        _sandbox_msg "a sandbox is already active in this shell ($SANDBOX_DIR); sandbox_stop first"
        return 1
    fi
    if [[ ! $id =~ ^[A-Za-z0-9_.-]+$ ]]; then
        _sandbox_msg "bad sandbox id '$id' (letters, digits, '.', '_', '-')"
        return 1
    fi
    SANDBOX_ID=$id
    SANDBOX_NS=oo-sb-$id
    SANDBOX_NAMESPACES=
    if [[ -n ${_SANDBOX_FIXED_DIR:-} ]]; then
        SANDBOX_DIR=$_SANDBOX_FIXED_DIR
        mkdir -p "$SANDBOX_DIR" || return 1
        _SANDBOX_OWN_DIR=1
    else
        SANDBOX_DIR=$(mktemp -d "${TMPDIR:-/tmp}/oo-sb-$id.XXXXXX") ||
            { _sandbox_msg "cannot create a directory under ${TMPDIR:-/tmp}"; return 1; }
        _SANDBOX_OWN_DIR=1
    fi
    # ovs-vswitchd.PID.ctl must fit in a sockaddr_un (108 bytes).
    if ((${#SANDBOX_DIR} > 80)); then
        _sandbox_msg "warning: $SANDBOX_DIR is long; unix socket paths may not fit"
    fi
    _sandbox_export
    _sandbox_save

    _sandbox_setup
    rc=$?
    if ((rc != 0)); then
        _sandbox_msg "start failed; cleaning up"
        sandbox_dump_logs >&2
        sandbox_stop
        return "$rc"
    fi
    return 0
}

# sandbox_exec CMD...: runs CMD inside the sandbox netns with OVS_* set.
sandbox_exec() {
    if [[ -z $SANDBOX_NS ]]; then
        _sandbox_msg "no sandbox (sandbox_start first)"
        return 1
    fi
    ip netns exec "$SANDBOX_NS" env \
        OVS_RUNDIR="$SANDBOX_DIR" OVS_LOGDIR="$SANDBOX_DIR" OVS_DBDIR="$SANDBOX_DIR" \
        "$@"
}

# sandbox_ns_exec vm1|vm2|peer CMD...: runs CMD in a VM or peer namespace.
sandbox_ns_exec() {
    local role=$1
    shift
    case $role in
    vm1 | vm2 | peer) ip netns exec "$SANDBOX_NS-$role" "$@" ;;
    *) _sandbox_msg "unknown namespace role '$role' (vm1, vm2, peer)"; return 1 ;;
    esac
}

# sandbox_appctl TARGET CMD...: ovs-appctl to ovs-vswitchd or ovsdb-server.
sandbox_appctl() {
    local target=$1 pid
    shift
    pid=$(_sandbox_daemon_pid "$target") || { _sandbox_msg "$target is not running"; return 1; }
    ovs-appctl -t "$SANDBOX_DIR/$target.$pid.ctl" "$@"
}

# sandbox_bond_ready BOND: true if "bond/show BOND" says lacp_status
# negotiated and every member is enabled.
sandbox_bond_ready() {
    local out
    out=$(sandbox_appctl ovs-vswitchd bond/show "$1" 2>/dev/null) || return 1
    grep -q '^lacp_status: negotiated' <<<"$out" || return 1
    grep -qE '^member [^:]+: enabled' <<<"$out" || return 1
    ! grep -qE '^member [^:]+: disabled' <<<"$out"
}

# sandbox_wait_lacp BOND [TIMEOUT]: polls until BOND has negotiated LACP and
# all its members are enabled.  Prints bond/show and returns 1 on timeout.
sandbox_wait_lacp() {
    local bond=$1 timeout=${2:-30} i
    for ((i = 0; i < timeout * 5; i++)); do
        sandbox_bond_ready "$bond" && return 0
        sleep 0.2
    done
    _sandbox_msg "bond $bond: LACP not negotiated with all members enabled after ${timeout}s:"
    sandbox_appctl ovs-vswitchd bond/show "$bond" >&2 || true
    return 1
}

# sandbox_vswitchd_restart: stops ovs-vswitchd and starts it again with the
# same database, then waits until it has applied the configuration.
sandbox_vswitchd_restart() {
    _sandbox_kill_daemon ovs-vswitchd
    _sandbox_start_vswitchd || { _sandbox_msg "ovs-vswitchd failed to restart"; return 1; }
    _sandbox_wait_unixctl ovs-vswitchd || return 1
    _sandbox_wait_cfg 30
}

# sandbox_ovsdb_restart: stops ovsdb-server and starts it again on the same
# database file; ovs-vswitchd reconnects by itself.
sandbox_ovsdb_restart() {
    _sandbox_kill_daemon ovsdb-server
    _sandbox_start_ovsdb || { _sandbox_msg "ovsdb-server failed to restart"; return 1; }
    _sandbox_wait_unixctl ovsdb-server || return 1
    _sandbox_wait_cfg 30
}

# sandbox_dump_logs: prints the tail of the OVS logs (for failed tests).
sandbox_dump_logs() {
    local f
    [[ -n $SANDBOX_DIR && -d $SANDBOX_DIR ]] || return 0
    for f in "$SANDBOX_DIR"/ovsdb-server.log "$SANDBOX_DIR"/ovs-vswitchd.log \
             "$SANDBOX_DIR"/ovs-offloadd.log; do
        [[ -r $f ]] || continue
        echo "===== $f (last ${SANDBOX_LOG_LINES:-80} lines) ====="
        tail -n "${SANDBOX_LOG_LINES:-80}" "$f"
    done
}

# sandbox_stop: kills the daemons (by pidfile) and anything left in our
# namespaces, deletes the namespaces and the state directory.  Idempotent.
sandbox_stop() {
    local ns nslist
    if [[ -z $SANDBOX_NS && -z $SANDBOX_DIR ]]; then
        return 0
    fi
    _sandbox_kill_daemon ovs-vswitchd
    _sandbox_kill_daemon ovsdb-server
    nslist=$SANDBOX_NAMESPACES
    if [[ -z $nslist && -n $SANDBOX_NS ]]; then
        nslist="$SANDBOX_NS $SANDBOX_NS-peer $SANDBOX_NS-vm1 $SANDBOX_NS-vm2"
    fi
    for ns in $nslist; do
        _sandbox_ns_exists "$ns" || continue
        _sandbox_kill_ns_pids "$ns"
        ip netns del "$ns" 2>/dev/null || _sandbox_msg "could not delete netns $ns"
    done
    if [[ -n $_SANDBOX_OWN_DIR && -n $SANDBOX_DIR && -d $SANDBOX_DIR ]]; then
        rm -rf -- "$SANDBOX_DIR"
    fi
    SANDBOX_ID='' SANDBOX_DIR='' SANDBOX_NS='' SANDBOX_NAMESPACES='' _SANDBOX_OWN_DIR=''
    unset OVS_RUNDIR OVS_LOGDIR OVS_DBDIR
    return 0
}

# sandbox_install_trap: calls sandbox_stop on exit, including ^C and TERM.
# Idempotent; replaces any EXIT/INT/TERM trap of the caller.
sandbox_install_trap() {
    trap 'sandbox_stop' EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

# ---------------------------------------------------------------------------
# Command-line interface.

_sandbox_cli_usage() {
    cat <<EOF
usage: $0 start|stop|status|shell|exec CMD...

A throw-away Open vSwitch (userspace datapath) in network namespaces, for
trying ovs-offload.  Id "$SANDBOX_CLI_ID", state in $SANDBOX_CLI_DIR.

  start         create namespaces, veths, ovsdb-server, ovs-vswitchd and the
                LACP partner bridge br-partner
  stop          kill the daemons, delete the namespaces and the state
  status        show whether it runs, ovs-vsctl show, the bonds
  shell         an interactive shell inside the sandbox namespace
  exec CMD...   run CMD inside the sandbox namespace (OVS_RUNDIR set, so
                ovs-vsctl, ovs-appctl and ovs-offloadctl find the sandbox)
EOF
}

_sandbox_cli_srcdir() {
    cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd
}

_sandbox_cli_loaded() {
    [[ -r $SANDBOX_CLI_DIR/sandbox.env ]] && sandbox_load "$SANDBOX_CLI_DIR" 2>/dev/null
}

_sandbox_cli_running() {
    _sandbox_cli_loaded && _sandbox_ns_exists "$SANDBOX_NS" &&
        _sandbox_daemon_pid ovsdb-server >/dev/null &&
        _sandbox_daemon_pid ovs-vswitchd >/dev/null
}

# PATH with the build tree's ovs-offloadctl first, if it is built.
_sandbox_cli_path() {
    local src
    src=$(_sandbox_cli_srcdir)
    if [[ -x $src/build/controller/ovs-offloadctl ]]; then
        echo "$src/build/controller:$PATH"
    else
        echo "$PATH"
    fi
}

_sandbox_cli_main() {
    local cmd=${1:-} me rc
    me=$0
    case $cmd in
    start)
        sandbox_preflight || exit $?
        if _sandbox_cli_running; then
            echo "The sandbox is already running (netns $SANDBOX_NS, state in $SANDBOX_DIR)."
            echo "Stop it with: $me stop"
            exit 0
        fi
        if _sandbox_cli_loaded; then
            echo "Cleaning up a stale sandbox in $SANDBOX_CLI_DIR first."
            sandbox_stop
        fi
        _SANDBOX_FIXED_DIR=$SANDBOX_CLI_DIR sandbox_start "$SANDBOX_CLI_ID" || exit $?
        cat <<EOF
The sandbox is up.
  netns:     $SANDBOX_NS (OVS), $SANDBOX_NS-vm1 (192.0.2.1), $SANDBOX_NS-vm2 (192.0.2.2),
             $SANDBOX_NS-peer (192.0.2.100, behind the LACP partner br-partner)
  state:     $SANDBOX_DIR (conf.db, db.sock, *.log)

Next steps:
  $me exec ovs-offloadctl -c $(_sandbox_cli_srcdir)/contrib/examples/sandbox.yaml plan
  $me exec ovs-offloadctl -c $(_sandbox_cli_srcdir)/contrib/examples/sandbox.yaml apply
  $me exec ovs-vsctl show
  $me exec ovs-appctl bond/show bond0
  ip netns exec $SANDBOX_NS-vm1 ping -c 3 192.0.2.100
  $me shell      # interactive shell inside the sandbox
  $me status
  $me stop       # removes everything
EOF
        ;;
    stop)
        if ! _sandbox_cli_loaded; then
            # Be thorough even without a state file.
            SANDBOX_ID=$SANDBOX_CLI_ID SANDBOX_NS=oo-sb-$SANDBOX_CLI_ID
            SANDBOX_DIR=$SANDBOX_CLI_DIR _SANDBOX_OWN_DIR=1
            if ! _sandbox_ns_exists "$SANDBOX_NS" && [[ ! -d $SANDBOX_DIR ]]; then
                echo "No sandbox is running."
                exit 0
            fi
        fi
        sandbox_stop
        echo "The sandbox is stopped and removed."
        ;;
    status)
        if ! _sandbox_cli_loaded; then
            echo "No sandbox is running.  Start one with: $me start"
            exit 1
        fi
        local pid d b
        echo "Sandbox '$SANDBOX_ID': netns $SANDBOX_NS, state in $SANDBOX_DIR"
        for d in ovsdb-server ovs-vswitchd; do
            if pid=$(_sandbox_daemon_pid "$d"); then
                echo "  $d: running (pid $pid)"
            else
                echo "  $d: NOT running"
            fi
        done
        if ! _sandbox_cli_running; then
            echo "The sandbox is broken; run: $me stop; $me start"
            exit 1
        fi
        echo
        sandbox_exec ovs-vsctl --timeout=5 show || true
        for b in pbond bond0; do
            if sandbox_appctl ovs-vswitchd bond/show "$b" >/dev/null 2>&1; then
                echo
                sandbox_appctl ovs-vswitchd bond/show "$b" || true
            fi
        done
        ;;
    exec)
        shift
        if (($# == 0)); then
            _sandbox_cli_usage >&2
            exit 2
        fi
        if ! _sandbox_cli_running; then
            echo "No sandbox is running.  Start one with: $me start" >&2
            exit 1
        fi
        PATH=$(_sandbox_cli_path) sandbox_exec "$@"
        rc=$?
        exit "$rc"
        ;;
    shell)
        if ! _sandbox_cli_running; then
            echo "No sandbox is running.  Start one with: $me start" >&2
            exit 1
        fi
        echo "Shell inside netns $SANDBOX_NS (OVS_RUNDIR=$SANDBOX_DIR); exit to leave."
        PATH=$(_sandbox_cli_path) PS1="[oo-sandbox \\W]\\$ " \
            sandbox_exec bash --norc -i
        ;;
    -h | --help | help)
        _sandbox_cli_usage
        ;;
    *)
        _sandbox_cli_usage >&2
        exit 2
        ;;
    esac
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
    set -uo pipefail
    _sandbox_cli_main "$@"
fi
