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
# bench/tc-scan.sh -- how fast, and in how much memory, our TC flower scan
# (tc/tc-flower.h: dump + classification, as the status sampler and the
# daemon read TC) goes through 10k and 100k filters, next to the usual
# "tc -s -j filter show block N | jq" (and | python3) pipeline.
#
# Runs in the VM tier's guest (tests/vm: Debian's 6.1 kernel, netdevsim
# with our flower patch), because the host kernel has no cls_flower.  The
# filters are on a shared block of two netdevsim legs with hw-tc-offload on,
# so most are really "in hardware" (in_hw_count 2) and the kernel asks the
# driver for each filter's statistics at every dump, as with a NIC.  See
# bench/tc-scan-guest.sh for what is measured; it prints the tables.
#
# Builds nothing: build the project first (build/bench/tc-scan, and
# build/controller/ovs-offloadd for the daemon's memory, if present).
#
# Targets (largest size): ours >= 5x faster than the faster tc pipeline;
# our scanner's peak resident memory < 20 MB.
#
# Usage: bench/tc-scan.sh [--sizes="10000 100000"] [--repeat=3] [--mem=MB]
#   TC_SCAN       the scanner (default build/bench/tc-scan of this tree)
#   OVS_OFFLOADD  the daemon (default build/controller/ovs-offloadd, if
#                 built); "none" to skip it
# Exit status: 0 done (1 if a target is missed or the counts differ), 77 if
# the VM cannot run here, 1 on error.

set -euo pipefail

SRCDIR=$(cd "$(dirname "$0")/.." && pwd)
TC_SCAN=${TC_SCAN:-$SRCDIR/build/bench/tc-scan}
OVS_OFFLOADD=${OVS_OFFLOADD:-$SRCDIR/build/controller/ovs-offloadd}
SIZES="10000 100000"
REPEAT=3
MEM=3072

usage() {
    sed -n '/^# Usage:/,/^# Exit status/p' "$0" | sed 's/^# \{0,1\}//'
}
for arg; do
    case $arg in
    --sizes=*) SIZES=${arg#*=} ;;
    --repeat=*) REPEAT=${arg#*=} ;;
    --mem=*) MEM=${arg#*=} ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
    esac
done
for v in $SIZES $REPEAT $MEM; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || { echo "bench: '$v' is not a positive number" >&2; exit 2; }
done

[[ $(id -u) -eq 0 ]] || { echo "bench: SKIP: needs root (the VM tier)" >&2; exit 77; }
[[ -x $TC_SCAN ]] || { echo "bench: no scanner at $TC_SCAN: build the project" >&2; exit 1; }
TC_SCAN=$(readlink -f "$TC_SCAN")
envs=(-e "TCSCAN_REPEAT=$REPEAT")
if [[ $OVS_OFFLOADD != none && -x $OVS_OFFLOADD ]]; then
    envs+=(-e "OVS_OFFLOADD=$(readlink -f "$OVS_OFFLOADD")")
else
    echo "bench: no daemon binary ($OVS_OFFLOADD): its memory is not measured" >&2
fi

set +e
bash "$SRCDIR/tests/vm/prepare.sh" >&2
rc=$?
set -e
case $rc in
    0) ;;
    77) echo "bench: SKIP: the VM cannot be prepared here (see above)" >&2; exit 77 ;;
    *) echo "bench: tests/vm/prepare.sh failed (exit $rc)" >&2; exit 1 ;;
esac

# 100k filters take a few hundred MB of kernel memory, and jq's tree of
# tc's JSON more: a larger guest than the test tier's.
# shellcheck disable=SC2086 # SIZES is a list
OFFLOAD_VM_MEM=$MEM bash "$SRCDIR/tests/vm/run-guest.sh" -t 3600 "${envs[@]}" \
    "$SRCDIR/bench/tc-scan-guest.sh" "$TC_SCAN" $SIZES
