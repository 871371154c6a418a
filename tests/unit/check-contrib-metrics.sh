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
# Checks contrib/grafana/ovs-offload-dashboard.json and
# contrib/prometheus/ovs-offload-alerts.yml against the contract in
# docs/status.md: both parse, every ovs_offload_* name they use is a metric
# that docs/status.md lists, every alert code has a rule (and every code a
# rule names exists), and the exporter's absence is covered.  Runs
# "promtool check rules" when promtool is installed.
#
# Usage: check-contrib-metrics.sh [SRCDIR]; exit 0 pass, 1 fail, 77 skip.

set -euo pipefail

SRCDIR=${1:-${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}}
DOC=$SRCDIR/docs/status.md
DASH=$SRCDIR/contrib/grafana/ovs-offload-dashboard.json
RULES=$SRCDIR/contrib/prometheus/ovs-offload-alerts.yml
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
command -v jq >/dev/null || { echo "SKIP: jq not installed" >&2; exit 77; }

# The metric names of docs/status.md: the first column of the table under
# "## Prometheus metrics".
metrics=$(awk '/^## Prometheus metrics/ { on = 1; next }
               /^## / { on = 0 }
               on && /^\| `ovs_offload_/ { print $0 }' "$DOC" \
          | cut -d'|' -f2 | grep -o 'ovs_offload_[a-z0-9_]*' | sort -u)
# The alert codes: the first column of the table under "## Alert codes".
codes=$(awk '/^## Alert codes/ { on = 1; next } /^## / { on = 0 }
             on && /^\| `[a-z_]*` \|/ { print $2 }' "$DOC" | tr -d '`' \
        | sort -u)
(($(wc -l <<<"$metrics") >= 20)) \
    || fail "found only $(wc -l <<<"$metrics") metrics in $DOC"
(($(wc -l <<<"$codes") >= 9)) \
    || fail "found only $(wc -l <<<"$codes") alert codes in $DOC"

# check_names FILE TEXT: every ovs_offload_* name in TEXT is a documented
# metric.  "ovs_offload_" followed by nothing is not a name.
check_names() {
    local file=$1 text=$2 name n=0
    for name in $(grep -o 'ovs_offload_[a-z0-9_]*' <<<"$text" | sort -u); do
        n=$((n + 1))
        grep -qx -- "$name" <<<"$metrics" \
            || fail "${file#"$SRCDIR"/}: $name is not a metric of docs/status.md"
    done
    ((n > 0)) || fail "${file#"$SRCDIR"/}: uses no ovs_offload_* metric"
}

# --- Grafana dashboard. ---
jq -e 'type == "object" and (.panels | length > 0)' "$DASH" >/dev/null \
    || fail "${DASH#"$SRCDIR"/}: not a dashboard with panels"
check_names "$DASH" "$(jq -r '[.. | strings] | .[]' "$DASH")"
# Every query goes to the ${DS_PROMETHEUS} data source.
bad_ds=$(jq -r '[.panels[] | select(.type != "row") |
                 (.datasource.uid // "none"),
                 (.targets[]?.datasource.uid // "none")] |
                map(select(. != "${DS_PROMETHEUS}")) | length' "$DASH")
[[ $bad_ds == 0 ]] || fail "${DASH#"$SRCDIR"/}: $bad_ds panels or targets" \
                           "not on \${DS_PROMETHEUS}"
dup_ids=$(jq '[.panels[].id] | length - (unique | length)' "$DASH")
[[ $dup_ids == 0 ]] || fail "${DASH#"$SRCDIR"/}: duplicate panel ids"
for m in ovs_offload_ratio ovs_offload_tc_filters \
         ovs_offload_leg_packets_per_second ovs_offload_datapath_flows \
         ovs_offload_bond_lacp_negotiated ovs_offload_bond_vf_lag_active \
         ovs_offload_alert ovs_offload_reconcile_last_duration_seconds; do
    jq -e --arg m "$m" '[.panels[].targets[]?.expr | select(test($m))] |
                        length > 0' "$DASH" >/dev/null \
        || fail "${DASH#"$SRCDIR"/}: no panel queries $m"
done

# --- Prometheus rules: the expressions and labels, parsed as YAML when
# python3 has PyYAML, else taken from the "expr:" lines. ---
if python3 -c 'import yaml' 2>/dev/null; then
    exprs=$(python3 - "$RULES" <<'PY'
import sys, yaml
doc = yaml.safe_load(open(sys.argv[1]))
for g in doc["groups"]:
    for r in g["rules"]:
        sev = r.get("labels", {}).get("severity")
        if "alert" not in r or sev not in ("critical", "warning"):
            sys.exit("rule %r: no alert name or severity" % r.get("alert"))
        print(sev, " ".join(str(r["expr"]).split()))
PY
    ) || fail "${RULES#"$SRCDIR"/}: does not parse as rules"
else
    echo "note: python3 yaml missing; reading expr: lines only" >&2
    exprs=$(sed -n 's/^ *expr: *//p' "$RULES" | sed 's/^/unknown /')
fi
check_names "$RULES" "$exprs"
for code in $codes; do
    severity=$(awk -v c="$code" -F'|' '$2 ~ "`" c "`" { print $3 }' "$DOC" \
               | tr -d ' ')
    line=$(grep -F "code=\"$code\"" <<<"$exprs" || true)
    if [[ -z $line ]]; then
        fail "${RULES#"$SRCDIR"/}: no rule for alert code $code"
    elif [[ $line != "$severity "* && $line != "unknown "* ]]; then
        fail "${RULES#"$SRCDIR"/}: rule for $code is not $severity"
    fi
done
for code in $(grep -o 'code="[^"]*"' <<<"$exprs" | cut -d'"' -f2 | sort -u); do
    grep -qx -- "$code" <<<"$codes" \
        || fail "${RULES#"$SRCDIR"/}: $code is not an alert code of docs/status.md"
done
grep -q 'ovs_offload_up == 0' <<<"$exprs" \
    || fail "${RULES#"$SRCDIR"/}: no rule for ovs_offload_up == 0"
grep -q 'absent(ovs_offload_up)' <<<"$exprs" \
    || fail "${RULES#"$SRCDIR"/}: no rule for absent(ovs_offload_up)"

if command -v promtool >/dev/null; then
    promtool check rules "$RULES" || fail "promtool check rules failed"
else
    echo "note: promtool not installed; skipped 'promtool check rules'" >&2
fi

if ((failures)); then
    echo "FAIL: $failures problems" >&2
    exit 1
fi
echo "PASS: $(wc -l <<<"$metrics") metrics, $(wc -w <<<"$codes") alert codes;" \
     "dashboard and rules use documented names only"
