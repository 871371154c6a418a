#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# ovs-offloadd as an OVS daemon: with --detach --pidfile it returns once
# ready, the pidfile names the running daemon, "ovs-appctl -t ovs-offloadd"
# finds it through the default run directory, and "exit" stops it and
# removes its pidfile and control socket.  A bad file keeps it from
# starting; config/reload of a bad file is refused with the errors, keeps
# the previous configuration and shows in the status; a good one applies.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
require_jq
test_init

# A bad file: no start, the errors on stderr, no pidfile.
printf 'version: 1\nbridges:\n  - name: br-x\n    bogus-key: 1\n' >"$TEST_TMP/bad.yaml"
if sandbox_exec "$OFFLOADD" --detach --pidfile -c "$TEST_TMP/bad.yaml" \
    --no-http 2>"$TEST_TMP/bad.err"; then
    fail "ovs-offloadd started with an invalid file"
fi
assert_contains "$(<"$TEST_TMP/bad.err")" "bogus-key" "ovs-offloadd's error for a bad file"
[[ ! -e $SANDBOX_DIR/ovs-offloadd.pid ]] || fail "a pidfile was left by the failed start"

# Detached.
cp "$SANDBOX_YAML" "$TEST_TMP/offload.yaml"
offloadd_start -c "$TEST_TMP/offload.yaml"
pid=$(offloadd_pid) || fail "no live pid in $SANDBOX_DIR/ovs-offloadd.pid"
assert_eq ovs-offloadd "$(cat "/proc/$pid/comm")" "process named by the pidfile"
[[ -S $SANDBOX_DIR/ovs-offloadd.$pid.ctl ]] || fail "no control socket ovs-offloadd.$pid.ctl"
assert_match "$(offloadd_appctl version)" 'ovs-offloadd' "ovs-appctl -t ovs-offloadd version"
assert_match "$(offloadd_appctl list-commands)" 'reconcile/now' "list-commands"
retry 50 output_is balance-tcp ovs_col Port bond0 bond_mode ||
    fail "the daemon did not create bond0"

# reconcile/now replies with its result.
out=$(offloadd_appctl reconcile/now) || fail "reconcile/now failed: $out"
assert_contains "$out" "reconcile (request): ok" "reconcile/now reply"

# config/reload with a bad file: refused, old configuration kept.
cp "$TEST_TMP/bad.yaml" "$TEST_TMP/offload.yaml"
if out=$(offloadd_appctl config/reload 2>&1); then
    fail "config/reload accepted an invalid file: $out"
fi
assert_contains "$out" "bogus-key" "config/reload reply for a bad file"
assert_contains "$out" "previous configuration" "config/reload reply for a bad file"
json=$(sandbox_exec curl -sf --max-time 5 "http://127.0.0.1:$OFFLOADD_PORT/status.json")
assert_contains "$(json_get "$json" '.reconcile.last_error')" "config/reload failed" "status last_error"
ovs_vsctl set Port bond0 bond_mode=active-backup
retry 50 output_is balance-tcp ovs_col Port bond0 bond_mode ||
    fail "the previous configuration is not kept in force after a bad reload"

# config/reload with a good file that drops vm2-p: applied.
awk '/- name: vm2-p$/ { skip = 2 } skip { skip--; next } { print }' \
    "$SANDBOX_YAML" >"$TEST_TMP/offload.yaml"
ctl_ok -c "$TEST_TMP/offload.yaml" validate
out=$(offloadd_appctl config/reload) || fail "config/reload of a good file failed: $out"
assert_contains "$out" "Port vm2-p" "config/reload reply (the change it made)"
assert_eq $'bond0\nvm1-p' "$(ovs_vsctl list-ports br-offload)" "ports after the reload"
json=$(sandbox_exec curl -sf --max-time 5 "http://127.0.0.1:$OFFLOADD_PORT/status.json")
assert_eq null "$(json_get "$json" '.reconcile.last_error')" "status last_error after a good reload"

# exit.
offloadd_appctl exit
retry 50 eval "! kill -0 $pid 2>/dev/null" || fail "ovs-offloadd did not exit"
[[ ! -e $SANDBOX_DIR/ovs-offloadd.pid ]] || fail "pidfile left after exit"
[[ ! -e $SANDBOX_DIR/ovs-offloadd.$pid.ctl ]] || fail "control socket left after exit"
pass
