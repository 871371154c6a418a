#!/usr/bin/env bash
# VM tier (ctest vm/run): prepares the cached kernel, netdevsim and initramfs
# (prepare.sh), then boots qemu once and runs every guest scenario in
# tests/vm/scenarios (or the ones named as arguments) inside it.
#
# Exit 0 when all scenarios pass, 1 when one fails (its log is printed), 77
# with a "SKIP:" line on stderr when this machine cannot run the VM -- except
# with CI=true, where that is a failure (exit 1) with the same reason.
#   OFFLOAD_VM_CACHE    cache folder (default /var/cache/ovs-offload-vm)
#   OFFLOAD_VM_RESULTS  keep the guest's results there (default: a temporary
#                       folder, removed when everything passed)
#   OFFLOAD_VM_TIMEOUT  seconds for the whole boot (default 600)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

skip() {
    if [[ ${CI:-} == true ]]; then
        echo "FAIL: vm: the VM tier cannot run here and CI=true forbids" \
             "skipping it: $*" >&2
        exit 1
    fi
    echo "SKIP: vm: $* -- nothing kernel-side (netdevsim, TC flower" \
         "offload, bonding, OVS kernel datapath) was tested" >&2
    exit 77
}

scenarios=()
for s in "$@"; do
    [[ -f $s ]] || s=$here/scenarios/${s%.sh}.sh
    [[ -f $s ]] || { echo "vm: no scenario $s" >&2; exit 2; }
    scenarios+=("$(cd "$(dirname "$s")" && pwd)/$(basename "$s")")
done

[[ $(id -u) -eq 0 ]] || skip "needs root (apt-get, depmod, modules cache)"

t0=$SECONDS
set +e
bash "$here/prepare.sh"
rc=$?
set -e
t_prep=$((SECONDS - t0))
echo "vm: prepare took ${t_prep} s"
case $rc in
    0) ;;
    77) skip "prepare.sh could not prepare the VM (see above)" ;;
    *) echo "FAIL: vm: prepare.sh failed (exit $rc)" >&2; exit 1 ;;
esac

command -v qemu-system-x86_64 >/dev/null ||
    skip "qemu-system-x86_64 is not installed (package qemu-system-x86)"
[[ $(qemu-system-x86_64 -accel help 2>/dev/null) == *$'\n'tcg* ]] ||
    skip "qemu-system-x86_64 does not run or has no TCG accelerator"

if [[ -n ${OFFLOAD_VM_RESULTS:-} ]]; then
    res=$OFFLOAD_VM_RESULTS keep=1
else
    res=$(mktemp -d /tmp/ovs-offload-vm.XXXXXX) keep=0
fi

t1=$SECONDS
set +e
# The project's CLI, for the scenarios that drive it (ctest sets it).
guest_env=()
if [[ -n ${OFFLOADCTL:-} ]]; then
    guest_env+=(-e "OFFLOADCTL=$(readlink -f "$OFFLOADCTL")")
fi
bash "$here/run-guest.sh" -o "$res" ${guest_env[@]+"${guest_env[@]}"} \
    "$here/lib/run-scenarios.sh" ${scenarios[@]+"${scenarios[@]}"}
rc=$?
set -e
t_boot=$((SECONDS - t1))
echo "vm: boot and scenarios took ${t_boot} s (prepare ${t_prep} s, total $((SECONDS - t0)) s)"

failed=0
for log in "$res"/scenarios/*.log; do
    [[ -e $log ]] || continue
    name=$(basename "$log" .log)
    if [[ "$(cat "$res/scenarios/$name.rc" 2>/dev/null)" == 0 ]]; then
        echo "== $name: PASS"
        grep -E '^(PASS|FAIL): |^  \.\. ' "$log" | sed 's/^/   /'
    else
        failed=1
        echo "== $name: FAIL; its log:"
        sed 's/^/   /' "$log"
    fi
done

if [[ $rc -eq 0 && $failed -eq 0 ]]; then
    [[ $keep -eq 1 ]] || rm -rf "$res"
    echo "vm: all scenarios passed"
    exit 0
fi
if [[ $rc -eq 125 ]]; then
    echo "FAIL: vm: the VM did not complete (see the console lines above;" \
         "console.log and dmesg.log in $res)" >&2
else
    echo "FAIL: vm: scenarios failed (results kept in $res)" >&2
fi
exit 1
