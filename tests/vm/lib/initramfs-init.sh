#!/bin/sh
# /init of the VM tier's initramfs (runs under busybox sh, built by
# prepare.sh).  Loads the 9p/overlay modules, mounts the host's / (9p share
# "hostroot", read-only) as the lower layer of an overlay with a tmpfs upper
# layer, mounts the kernel's modules (share "modules") on /lib/modules and the
# writable share "results" on /ovsvm, then switch_roots into the host's bash
# running /ovsvm/stage2.sh (copied there by run-guest.sh).

/bin/busybox --install -s /bin
export PATH=/bin

fail() {
    echo "ovsvm-init: FAILED: $*"
    poweroff -f
    sleep 5
    echo o >/proc/sysrq-trigger
}

mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

while read -r m; do
    insmod "/mods/$m.ko" || fail "insmod $m"
done </mods/order

opts=trans=virtio,version=9p2000.L,msize=512000
mkdir -p /lower /rw
mount -t 9p -o "$opts,ro,cache=loose" hostroot /lower || fail "mount hostroot"
mount -t tmpfs -o mode=0755 tmpfs /rw || fail "mount tmpfs"
mkdir -p /rw/upper /rw/work
mount -t overlay overlay \
    -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work /newroot ||
    fail "mount overlay"
mount -t 9p -o "$opts,ro" modules /newroot/lib/modules || fail "mount modules"
mkdir -p /newroot/ovsvm
mount -t 9p -o "$opts" results /newroot/ovsvm || fail "mount results"
[ -r /newroot/ovsvm/stage2.sh ] || fail "no /ovsvm/stage2.sh"

mount --move /proc /newroot/proc
mount --move /sys /newroot/sys
mount --move /dev /newroot/dev
exec switch_root /newroot /bin/bash /ovsvm/stage2.sh
