#!/bin/bash
# Guest driver: runs scenarios one after the other in one boot.
#
#   run-scenarios.sh [SCENARIO.sh]...   (default: all of tests/vm/scenarios)
#
# Each scenario's output goes to $OVSVM_RESULTS/scenarios/NAME.log and its
# exit status to NAME.rc; one line per scenario is printed here.  Exit 0 when
# all passed.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out=${OVSVM_RESULTS:-/tmp}/scenarios
per_timeout=${OFFLOAD_VM_SCENARIO_TIMEOUT:-240}
mkdir -p "$out"

if [[ $# -eq 0 ]]; then
    set -- "$here"/../scenarios/*.sh
fi

failed=0
for s in "$@"; do
    name=$(basename "$s" .sh)
    t0=$EPOCHREALTIME
    timeout -k 5 "$per_timeout" bash "$s" >"$out/$name.log" 2>&1
    rc=$?
    t=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { print b - a }')
    [[ $rc -eq 124 ]] && echo "FAIL: timed out after ${per_timeout} s" >>"$out/$name.log"
    echo "$rc" >"$out/$name.rc"
    summary=$(grep '^RESULT ' "$out/$name.log" | tail -1)
    if [[ $rc -eq 0 ]]; then verdict=PASS; else verdict=FAIL; failed=1; fi
    printf 'scenario %-24s %s (exit %s, %.1f s) %s\n' "$name" "$verdict" \
        "$rc" "$t" "${summary#RESULT }"
done
exit "$failed"
