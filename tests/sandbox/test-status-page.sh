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
# The status page in a real browser: headless Chromium loads "/" from
# tests/http-serve-sample (the daemon's HTTP server with a fixed document:
# two bonds, one leg down, alerts) and
#   - takes a screenshot, kept at ${OFFLOAD_ARTIFACTS:-build/artifacts}/
#     status-page.png, which must be a real PNG of some substance;
#   - dumps the DOM after the page's script ran, which must hold the legs,
#     bonds and alert messages of the document (they are not in the page's
#     source, so only a fetch of /status.json and a render put them there);
#   - shows "waiting" before the first publish (503), renders a document of
#     nulls, and shows "daemon unreachable" when the fetch fails.
# Needs no OVS and no root; skips without Chromium.
#
# Environment: HTTP_SERVE_SAMPLE (default build/tests/http-serve-sample),
# CHROMIUM (default: chromium in PATH), OFFLOAD_ARTIFACTS.

. "$(dirname "$0")/lib.sh"

SERVE=${HTTP_SERVE_SAMPLE:-$SRCDIR/build/tests/http-serve-sample}
SAMPLE=$SRCDIR/tests/data/status-sample.json
ARTIFACTS=${OFFLOAD_ARTIFACTS:-$SRCDIR/build/artifacts}
CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser \
                       || true)}

[[ -n $CHROMIUM && -x $CHROMIUM ]] \
    || skip "chromium not installed (apt-get install chromium)"
[[ -x $SERVE ]] || skip "$SERVE not built (make -C build http-serve-sample)"
require_jq

TEST_TMP=$(mktemp -d)
SERVER_PIDS=()
cleanup() {
    local rc=$? pid
    set +e
    # A server's subshell killed before it exec'd runs this trap too.
    [[ $BASHPID == "$$" ]] || exit "$rc"
    for pid in "${SERVER_PIDS[@]}"; do
        kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    done
    rm -rf -- "$TEST_TMP"
    case $rc in
    0) echo "PASS: $TEST_NAME" >&2 ;;
    77) ;;
    *) echo "FAIL: $TEST_NAME (exit $rc)" >&2 ;;
    esac
    exit "$rc"
}
trap cleanup EXIT

# serve FILE: starts http-serve-sample on FILE ("-": publish nothing) and
# sets PORT.
serve() {
    local out=$TEST_TMP/serve.$RANDOM i
    : >"$out"
    "$SERVE" "$1" >"$out" 2>"$out.err" &
    SERVER_PIDS+=("$!")
    for ((i = 0; i < 50; i++)); do
        PORT=$(head -n1 "$out")
        [[ $PORT =~ ^[0-9]+$ ]] && return 0
        kill -0 "$!" 2>/dev/null || break
        sleep 0.1
    done
    cat "$out.err" >&2
    fail "http-serve-sample did not start"
}

# chrome ARGS...: runs headless Chromium with a throwaway profile.  The
# virtual time budget lets the page's first fetch and render finish before
# the screenshot or the DOM dump.
chrome() {
    local profile
    profile=$(mktemp -d "$TEST_TMP/profile.XXXXXX")
    HOME=$profile timeout 90 "$CHROMIUM" --headless=new --no-sandbox \
        --disable-gpu --no-first-run --disable-extensions \
        --disable-background-networking --user-data-dir="$profile" \
        --virtual-time-budget=5000 "$@" 2>"$TEST_TMP/chrome.err"
}

# dom URL: the DOM after the page's script ran.
dom() {
    chrome --dump-dom "$1" || {
        tail -20 "$TEST_TMP/chrome.err" >&2
        fail "chromium --dump-dom $1 failed"
    }
}

# --- A document with two bonds, one leg down, alerts. ---
serve "$SAMPLE"
URL=http://127.0.0.1:$PORT/

mkdir -p "$ARTIFACTS"
PNG=$ARTIFACTS/status-page.png
rm -f "$PNG"
chrome --screenshot="$PNG" --window-size=1280,900 "$URL" >/dev/null || {
    tail -20 "$TEST_TMP/chrome.err" >&2
    fail "chromium --screenshot failed"
}
[[ -s $PNG ]] || fail "no screenshot at $PNG"
magic=$(head -c 8 "$PNG" | od -An -tx1 | tr -d ' \n')
assert_eq 89504e470d0a1a0a "$magic" "PNG signature"
# IHDR: width and height, big-endian, at bytes 16 to 23.
dims=$(od -An -tu1 -j16 -N8 "$PNG" | awk '{
    printf "%dx%d", (($1*256+$2)*256+$3)*256+$4, (($5*256+$6)*256+$7)*256+$8 }')
assert_eq 1280x900 "$dims" "screenshot size"
size=$(stat -c %s "$PNG")
# A blank or error page compresses to a few kB; the rendered page to 100+.
((size > 30000)) || fail "screenshot is only $size bytes: blank page?"
echo "status page screenshot: $PNG ($size bytes)"

html=$(dom "$URL")
# Rendered elements only: data-* attributes and messages that exist only in
# the sample document, never in the page's source.
for leg in $(jq -r '.bonds[].legs[].name' "$SAMPLE"); do
    assert_contains "$html" "data-leg=\"$leg\"" "leg $leg rendered"
done
for bond in bond0 vflag0; do
    assert_contains "$html" "data-bond=\"$bond\"" "bond $bond rendered"
done
while IFS= read -r msg; do
    assert_contains "$html" "$msg" "alert message"
done < <(jq -r '.alerts[].message' "$SAMPLE")
assert_contains "$html" '<li class="critical">' "critical alert row"
assert_contains "$html" '<li class="warning">' "warning alert row"
assert_contains "$html" 'class="leg down alerted" data-leg="enp1s0f1np1"' \
    "the down leg marked down"
assert_contains "$html" '>90.0%<' "offload ratio"
assert_contains "$html" 'id="conn">live<' "connection state"
[[ $html != *'class="banner show'* ]] || fail "banner shown for a live page"

# --- Before the first publish: 503, the page waits. ---
serve -
html=$(dom "http://127.0.0.1:$PORT/")
assert_contains "$html" \
    'class="banner show info" id="banner">Waiting for the daemon' "503 banner"

# --- A document of nulls: no bonds, no filters, nothing to crash on. ---
jq -n '{version: 1, time_ms: null, interval_ms: null, host: null,
        ovs: null, offload_ratio: null, bonds: null, tc: null,
        datapath: null, reconcile: null, events: null, alerts: null}' \
    >"$TEST_TMP/null.json"
serve "$TEST_TMP/null.json"
html=$(dom "http://127.0.0.1:$PORT/")
assert_contains "$html" 'class="card empty">No bonds<' "no bonds"
assert_contains "$html" '<li class="none">No alerts</li>' "no alerts"
assert_contains "$html" 'id="conn">live<' "connection state"

# --- The fetch fails: the page served from a file cannot reach a daemon. ---
html=$(dom "file://$SRCDIR/controller/status-page.html")
assert_contains "$html" 'class="banner show crit" id="banner">daemon unreachable' \
    "unreachable banner"
assert_contains "$html" 'id="conn">unreachable<' "connection state"

pass
