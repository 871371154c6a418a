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
# The status page of a live daemon, in headless Chromium inside the
# sandbox: ovs-offloadd builds bond0 (LACP) and serves its page; with
# traffic on the bond the rendered page shows both legs up and no alert;
# then a leg's peer goes down and the page shows that leg down with the
# leg_down alert.  Screenshots of both states are kept in
# ${OFFLOAD_ARTIFACTS:-build/artifacts}/status-page-live*.png.

. "$(dirname "$0")/lib.sh"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser \
                       || true)}
ARTIFACTS=${OFFLOAD_ARTIFACTS:-$SRCDIR/build/artifacts}
[[ -n $CHROMIUM && -x $CHROMIUM ]] \
    || skip "chromium not installed (apt-get install chromium)"
command -v curl >/dev/null 2>&1 || skip "curl not installed"
require_jq
test_init

PAGE_TMP=$TEST_TMP

# chrome ARGS...: headless Chromium inside the sandbox netns (the daemon
# listens on the sandbox's loopback only), with a throwaway profile.
chrome() {
    local profile
    profile=$(mktemp -d "$PAGE_TMP/profile.XXXXXX")
    HOME=$profile sandbox_exec timeout 90 "$CHROMIUM" --headless=new \
        --no-sandbox --disable-gpu --no-first-run --disable-extensions \
        --disable-background-networking --user-data-dir="$profile" \
        --virtual-time-budget=5000 "$@" 2>"$PAGE_TMP/chrome.err"
}

# shot NAME: screenshot of the page into $ARTIFACTS/NAME.png, checked.
shot() {
    local png=$ARTIFACTS/$1.png size
    mkdir -p "$ARTIFACTS"
    rm -f "$png"
    chrome --screenshot="$png" --window-size=1280,900 "$URL" >/dev/null || {
        tail -20 "$PAGE_TMP/chrome.err" >&2
        fail "chromium --screenshot failed"
    }
    size=$(stat -c %s "$png" 2>/dev/null || echo 0)
    ((size > 30000)) || fail "screenshot $png is only $size bytes: blank page?"
    echo "live status page screenshot: $png ($size bytes)"
}

offloadd_start
[[ -n $OFFLOADD_PORT ]] || fail "the daemon logged no HTTP port"
URL=http://127.0.0.1:$OFFLOADD_PORT/
sandbox_wait_lacp bond0 30 || fail "bond0 did not negotiate LACP"
retry 25 sandbox_ns_exec vm1 ping -c 1 -W 1 -q 192.0.2.100 >/dev/null ||
    fail "vm1 cannot reach the peer over bond0"

# Traffic for the rates while the pages render: one flow at 20 pps, below
# the 100 pps from which leg_idle and imbalance are judged (one flow uses
# one leg of a balance-tcp bond).
sandbox_ns_exec vm1 ping -i 0.05 -c 600 -q 192.0.2.100 >/dev/null 2>&1 &
PING=$!

healthy() {
    local json
    json=$(sandbox_exec curl -sf --max-time 5 "${URL}status.json") || return 1
    [[ $(jq -r '[.bonds[] | select(.name == "bond0") | .legs[]
                 | select(.up and .enabled)] | length' <<<"$json") == 2 ]] &&
        [[ $(jq -r '[.alerts[] | select(.bond == "bond0"
                     and .severity == "critical")] | length' <<<"$json") == 0 ]]
}
retry 50 healthy || fail "status.json never showed bond0 healthy"

html=$(chrome --dump-dom "$URL") || { tail -20 "$PAGE_TMP/chrome.err" >&2; fail "dump-dom failed"; }
for leg in sb-a0 sb-a1; do
    assert_contains "$html" "data-leg=\"$leg\"" "rendered leg $leg"
done
assert_contains "$html" 'data-bond="bond0"' "rendered bond0"
if grep -q 'leg_down' <<<"$html"; then
    fail "the healthy page shows a leg_down alert"
fi
shot status-page-live

# A leg's peer goes down: the page must say so.
sandbox_exec ip link set sb-b1 down
down() {
    sandbox_exec curl -sf --max-time 5 "${URL}status.json" |
        jq -e '.alerts[] | select(.code == "leg_down" and .leg == "sb-a1")' >/dev/null
}
retry 50 down || fail "status.json never reported sb-a1 down"
html=$(chrome --dump-dom "$URL") || fail "dump-dom failed"
assert_contains "$html" "leg_down" "rendered leg_down alert"
assert_contains "$html" "sb-a1" "alert names sb-a1"
shot status-page-live-leg-down
sandbox_exec ip link set sb-b1 up

kill "$PING" 2>/dev/null || true
wait "$PING" 2>/dev/null || true
offloadd_stop
pass
