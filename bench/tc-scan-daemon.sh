#!/bin/bash
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
# bench/tc-scan-daemon.sh DAEMON N -- part of bench/tc-scan-guest.sh: runs
# ovs-offloadd (a desired state without bonds, so it discovers the Linux
# bonds; no database, so reconciles fail and back off; HTTP on loopback to
# see its samples) with a 1 s interval until /status.json shows N flower
# filters in the tc section three samples running, then prints
# "VmHWM KB VmRSS KB samples S" for it and stops it.
set -u
daemon=$1 n=$2
dir=$(mktemp -d /tmp/tc-scan-daemon.XXXXXX)
port=19478
printf 'version: 1\n' >"$dir/offload.yaml"
"$daemon" -c "$dir/offload.yaml" --db="unix:$dir/none.sock" \
    --nic-state="$dir/nic-state.json" --interval=1 --timeout=5 \
    --http-port=$port --unixctl="$dir/ctl" --log-file="$dir/log" -vconsole:off &
pid=$!
trap 'kill $pid 2>/dev/null; wait $pid 2>/dev/null; rm -rf "$dir"' EXIT
seen=0 last=''
for ((i = 0; i < 600 && seen < 3; i++)); do
    sleep 1
    kill -0 $pid 2>/dev/null || { echo "ovs-offloadd exited: $(tail -3 "$dir/log")" >&2; exit 1; }
    doc=$(curl -s --max-time 10 "http://127.0.0.1:$port/status.json") || continue
    t=$(jq -r --argjson n "$n" 'if ([.tc[].filters] | add) == $n then .time_ms
        else empty end' <<<"$doc" 2>/dev/null)
    [[ -n $t && $t != "$last" ]] && { seen=$((seen + 1)); last=$t; }
done
((seen == 3)) || { echo "ovs-offloadd never reported $n filters" >&2; exit 1; }
awk '/^VmHWM:/ { h = $2 } /^VmRSS:/ { r = $2 }
    END { printf "VmHWM %s kB, VmRSS %s kB", h, r }' "/proc/$pid/status"
echo " (after 3 samples of $n filters)"
