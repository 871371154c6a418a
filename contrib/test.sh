#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test tier: unit, sandbox
# and vm, then the unit and sandbox tiers again under ASan+UBSan.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

contrib/install-deps.sh
BUILD_DIR=$top/build contrib/build.sh

echo "== Tiers unit, sandbox, vm"
ctest --test-dir build --output-on-failure -L 'unit|sandbox|vm'

# The sanitizer build reuses the libopenvswitch.a built above.
echo "== Tiers unit and sandbox under ASan+UBSan"
BUILD_DIR=$top/build-asan contrib/build.sh -DOFFLOAD_SANITIZE=ON \
    -DOVS_SOURCE_DIR="$top/build/ovs/src/openvswitch" \
    -DOVS_BUILD_DIR="$top/build/ovs/build"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$top/tests/lsan.supp} \
    ctest --test-dir build-asan --output-on-failure -L 'unit|sandbox'
