#!/bin/bash
# PID 1 of the VM after switch_root (the host's bash on the overlay root).
# Sets up a minimal system, runs the job that run-guest.sh wrote to
# /ovsvm/job, stores its output in /ovsvm/output.log and its exit status in
# /ovsvm/status, then powers the VM off.  Never exits: PID 1 exiting would
# panic the kernel (which, with panic=-1 and -no-reboot, also ends qemu).
set -u
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb

off() {
    sync
    busybox poweroff -f
    sleep 5
    echo o >/proc/sysrq-trigger
    sleep 60
}

mount -t tmpfs -o mode=0755 tmpfs /run
# /tmp stays the overlay (host files visible, writes in RAM), so that a job
# script under the host's /tmp runs too.
mkdir -p /dev/pts /dev/shm /run/netns /run/lock
mount -t devpts devpts /dev/pts
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr
mount -t tmpfs tmpfs /dev/shm
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
hostname ovsvm
ip link set lo up

echo "ovsvm: $(uname -r), $(nproc) cpus, booted in $(cut -d' ' -f1 /proc/uptime) s"

# /ovsvm/job sets JOB_ARGV, JOB_CWD and exports JOB_ENV entries.
JOB_ARGV=() JOB_CWD=/ JOB_ENV=()
# shellcheck source=/dev/null
. /ovsvm/job || { echo 125 >/ovsvm/status; off; }
for e in "${JOB_ENV[@]}"; do export "${e?}"; done
cd "$JOB_CWD" || cd /
export OVSVM_RESULTS=/ovsvm

"${JOB_ARGV[@]}" </dev/null 2>&1 | tee /ovsvm/output.log
rc=${PIPESTATUS[0]}
dmesg >/ovsvm/dmesg.log 2>&1
echo "$rc" >/ovsvm/status.tmp && mv /ovsvm/status.tmp /ovsvm/status
echo "ovsvm: job exited $rc after $(cut -d' ' -f1 /proc/uptime) s"
off
