#!/usr/bin/env bash
# Boots the VM tier's kernel in qemu (TCG) with the host's / as a read-only
# root (9p + overlay) and runs one command in it as root.
#
#   run-guest.sh [-t SECONDS] [-o DIR] [-e VAR=VALUE]... [-v] CMD [ARG]...
#
# CMD is a path on the host (the guest sees the host's files at the same
# paths), e.g. tests/vm/scenarios/flower-offload.sh.  Its output is printed
# here when the VM has powered off, and its exit status is ours.
#   -t  timeout of the whole boot, default 600 s ($OFFLOAD_VM_TIMEOUT)
#   -o  keep the results folder there (output.log, status, console.log,
#       dmesg.log and whatever the job wrote to $OVSVM_RESULTS, i.e. /ovsvm)
#   -e  export VAR=VALUE in the guest (repeatable)
#   -v  show the serial console live (on stderr)
# Needs a prepared cache (prepare.sh).  Exit 125 when the VM itself failed
# (no status came back: boot failure, crash, timeout).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${OFFLOAD_VM_CACHE:-/var/cache/ovs-offload-vm}
timeout=${OFFLOAD_VM_TIMEOUT:-600}
out='' verbose=0 envs=()

usage() { sed -n '2,17s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }
while getopts "t:o:e:vh" opt; do
    case $opt in
        t) timeout=$OPTARG ;;
        o) out=$OPTARG ;;
        e) envs+=("$OPTARG") ;;
        v) verbose=1 ;;
        *) usage ;;
    esac
done
shift $((OPTIND - 1))
[[ $# -ge 1 ]] || usage

[[ -r $cache/current.env ]] ||
    { echo "run-guest: no $cache/current.env: run tests/vm/prepare.sh" >&2; exit 125; }
# shellcheck source=/dev/null
. "$cache/current.env"
for f in "$VM_KERNEL" "$VM_INITRD"; do
    [[ -r $f ]] || { echo "run-guest: missing $f: run tests/vm/prepare.sh" >&2; exit 125; }
done

cmd=$1; shift
[[ $cmd == /* ]] || cmd=$PWD/$cmd
[[ -x $cmd || -r $cmd ]] || { echo "run-guest: no such file: $cmd" >&2; exit 2; }
name=$(basename "$cmd")
if [[ ! -x $cmd ]]; then set -- "$cmd" "$@"; cmd=/bin/bash; fi

if [[ -n $out ]]; then
    mkdir -p "$out"
    res=$(cd "$out" && pwd)
    find "$res" -mindepth 1 -delete
else
    res=$(mktemp -d /tmp/ovsvm.XXXXXX)
    trap 'rm -rf "$res"' EXIT
fi
cp "$here/lib/guest-stage2.sh" "$res/stage2.sh"
{
    printf 'JOB_ARGV=(%q' "$cmd"
    [[ $# -eq 0 ]] || printf ' %q' "$@"
    printf ')\nJOB_CWD=%q\nJOB_ENV=(' "$PWD"
    [[ ${#envs[@]} -eq 0 ]] || printf ' %q' "${envs[@]}"
    printf ')\n'
} >"$res/job"

# shellcheck disable=SC2054 # commas belong to qemu options
qemu=(
    qemu-system-x86_64 -accel tcg -cpu max -m "${OFFLOAD_VM_MEM:-1024}" -smp 2
    -nographic -no-reboot -nic none
    -kernel "$VM_KERNEL" -initrd "$VM_INITRD"
    -append "console=ttyS0 panic=-1 quiet loglevel=4 rdinit=/init"
    -fsdev "local,id=hostroot,path=/,security_model=none,readonly=on,multidevs=remap"
    -device virtio-9p-pci,fsdev=hostroot,mount_tag=hostroot
    -fsdev "local,id=modules,path=$VM_MODULES,security_model=none,readonly=on,multidevs=remap"
    -device virtio-9p-pci,fsdev=modules,mount_tag=modules
    -fsdev "local,id=results,path=$res,security_model=none,multidevs=remap"
    -device virtio-9p-pci,fsdev=results,mount_tag=results
)
command -v qemu-system-x86_64 >/dev/null ||
    { echo "run-guest: qemu-system-x86_64 not installed (qemu-system-x86)" >&2; exit 125; }

start=$SECONDS
set +e
if [[ $verbose -eq 1 ]]; then
    timeout -k 10 "$timeout" "${qemu[@]}" </dev/null 2>&1 | tee "$res/console.log" >&2
    qrc=${PIPESTATUS[0]}
else
    timeout -k 10 "$timeout" "${qemu[@]}" </dev/null >"$res/console.log" 2>&1
    qrc=$?
fi
set -e
took=$((SECONDS - start))

[[ -f $res/output.log ]] && cat "$res/output.log"
if [[ $qrc -eq 124 || $qrc -eq 137 ]]; then
    echo "run-guest: TIMEOUT: the VM did not power off within ${timeout} s;" \
         "last console lines:" >&2
    tail -n 30 "$res/console.log" >&2
    exit 125
fi
if [[ ! -f $res/status ]]; then
    echo "run-guest: the VM reported no status (qemu exit $qrc after ${took} s);" \
         "last console lines:" >&2
    tail -n 30 "$res/console.log" >&2
    exit 125
fi
rc=$(cat "$res/status")
echo "run-guest: $name exited $rc; VM ran ${took} s" >&2
exit "$rc"
