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
# "ovs-offloadctl install-units" under a temporary root: dry run writes
# nothing; --write writes exactly contrib/systemd/ (binaries' directory
# filled in); the result passes "systemd-analyze verify" (with the drop-in
# loaded into a copy of ovs-vswitchd.service); a second run changes nothing;
# a file it did not write is never overwritten, and then nothing is
# written at all.  No privileges, no systemctl.  Exit 77 (skip) only if
# systemd-analyze is missing.

set -euo pipefail

SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
OFFLOADCTL=${OFFLOADCTL:-$SRCDIR/build/controller/ovs-offloadctl}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: test-install-units: $*" >&2; exit 1; }
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIP: test-install-units: systemd-analyze not installed (package systemd)" >&2
    exit 77
fi

# Stand-ins for the installed binaries, so that verify finds ExecStart.
mkdir -p "$T/sbin"
ln -s "$OFFLOADCTL" "$T/sbin/ovs-offloadctl"
printf '#!/bin/sh\nexit 0\n' >"$T/sbin/ovs-offloadd"
chmod +x "$T/sbin/ovs-offloadd"
export OVS_OFFLOAD_SBINDIR=$T/sbin
ROOT=$T/root
D=$ROOT/etc/systemd/system
FILES="ovs-offload-nic.service ovs-offloadd.service ovs-vswitchd.service.d/ovs-offload.conf"

# 1. Dry run: shows three new files, writes nothing.
out=$("$OFFLOADCTL" install-units --root="$ROOT") || fail "dry run failed"
[[ $(grep -c '^==> .* (new) <==$' <<<"$out") == 3 ]] || fail "dry run: $out"
grep -q "^ExecStart=$T/sbin/ovs-offloadctl --timeout=120 apply --nic-only$" <<<"$out" ||
    fail "dry run does not show the nic unit with the binary in $T/sbin"
[[ ! -e $ROOT ]] || fail "dry run wrote under $ROOT"

# 2. --write: the files are contrib/systemd/ with the sbindir filled in.
"$OFFLOADCTL" install-units --root="$ROOT" --write >"$T/out" || fail "--write failed: $(cat "$T/out")"
grep -q 'systemctl daemon-reload' "$T/out" || fail "--write does not say to run daemon-reload"
for f in $FILES; do
    sed "s|/usr/sbin/ovs-offload|$T/sbin/ovs-offload|g" "$SRCDIR/contrib/systemd/$f" >"$T/expected"
    cmp -s "$T/expected" "$D/$f" || { diff -u "$T/expected" "$D/$f" >&2; fail "$f differs from contrib/systemd"; }
done

# 3. systemd-analyze verify: our units, and ovs-vswitchd.service with our
#    drop-in next to it (verify loads drop-ins from the unit's directory).
{
    if [[ -r /lib/systemd/system/ovs-vswitchd.service ]]; then
        cp /lib/systemd/system/ovs-vswitchd.service "$D/"
    else
        printf '[Unit]\nDescription=stand-in\n[Service]\nType=oneshot\nExecStart=/bin/true\n' >"$D/ovs-vswitchd.service"
    fi
    if ! systemd-analyze verify --man=no "$D/ovs-offload-nic.service" \
        "$D/ovs-offloadd.service" "$D/ovs-vswitchd.service" >"$T/verify" 2>&1; then
        cat "$T/verify" >&2
        fail "systemd-analyze verify failed"
    fi
    if grep -E 'ovs-offload|ovs-vswitchd' "$T/verify" >&2; then
        fail "systemd-analyze verify warns about our units"
    fi
    # Control: verify does check what we wrote (a missing binary fails).
    sed "s|$T/sbin/|$T/nonexistent/|" "$D/ovs-offloadd.service" >"$T/ovs-offloadd.service"
    if systemd-analyze verify --man=no "$T/ovs-offloadd.service" >/dev/null 2>&1; then
        fail "systemd-analyze verify accepted a unit whose binary is missing"
    fi
    rm -f "$D/ovs-vswitchd.service"
}

# 4. Again: unchanged, and the files keep their inode (not rewritten).
ino=$(stat -c %i "$D/ovs-offload-nic.service")
"$OFFLOADCTL" install-units --root="$ROOT" --write >"$T/out" || fail "second --write failed"
[[ $(grep -c ': unchanged$' "$T/out") == 3 ]] || fail "second --write: $(cat "$T/out")"
[[ $(stat -c %i "$D/ovs-offload-nic.service") == "$ino" ]] || fail "unchanged file was rewritten"

# 5. A foreign file at one of our paths: refused, and nothing is written,
#    not even our own outdated file.
echo "# mine" >"$D/ovs-vswitchd.service.d/ovs-offload.conf"
echo "# extra line" >>"$D/ovs-offload-nic.service"
if "$OFFLOADCTL" install-units --root="$ROOT" --write >"$T/out" 2>"$T/err"; then
    fail "--write over a foreign file succeeded"
fi
grep -q 'REFUSED' "$T/out" || fail "no REFUSED line: $(cat "$T/out")"
[[ $(cat "$D/ovs-vswitchd.service.d/ovs-offload.conf") == "# mine" ]] || fail "foreign file was overwritten"
tail -n1 "$D/ovs-offload-nic.service" | grep -q '^# extra line$' || fail "a file was written despite the refusal"
"$OFFLOADCTL" install-units --root="$ROOT" >/dev/null 2>&1 && fail "dry run with a foreign file exited 0"

# 6. Foreign file gone: our own outdated file is replaced (it has the marker).
rm "$D/ovs-vswitchd.service.d/ovs-offload.conf"
"$OFFLOADCTL" install-units --root="$ROOT" --write >"$T/out" || fail "third --write failed"
grep -q 'ovs-offload-nic.service: replaces an earlier install-units version, written' "$T/out" ||
    fail "outdated file not replaced: $(cat "$T/out")"
sed "s|/usr/sbin/ovs-offload|$T/sbin/ovs-offload|g" "$SRCDIR/contrib/systemd/ovs-offload-nic.service" |
    cmp -s - "$D/ovs-offload-nic.service" || fail "replaced file differs"

echo "PASS: test-install-units"
