#!/usr/bin/env bash
# Prepares what the VM tier boots: Debian's current 6.1 kernel (the image
# that linux-image-amd64 depends on), its modules plus our patched netdevsim,
# and a busybox initramfs that mounts the host's / read-only over 9p.
#
# Everything lands in ${OFFLOAD_VM_CACHE:-/var/cache/ovs-offload-vm}, in one
# folder per kernel package version; each step leaves a stamp and is skipped
# when its stamp matches, so a run with a warm cache takes seconds.  The last
# step writes $CACHE/current.env, which run-guest.sh reads.
#
# Needs root and Debian's registry (apt) on a cold cache.  Exit 0 when ready,
# 1 on failure, 77 when this machine cannot prepare it (not root, no apt).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cache=${OFFLOAD_VM_CACHE:-/var/cache/ovs-offload-vm}
patch_file=$here/netdevsim-flower.patch
init_file=$here/lib/initramfs-init.sh
nsteps=9
step=0

say() { step=$((step + 1)); echo "prepare: [$step/$nsteps] $*"; }
die() { echo "prepare: ERROR: $*" >&2; exit 1; }
skip() { echo "prepare: cannot prepare the VM: $*" >&2; exit 77; }
sha() { sha256sum "$@" | sha256sum | cut -c1-16; }
installed_version() {
    dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
        awk '$3 == "installed" { print $4 }'
}
apt_install() {
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
        --no-install-recommends "$@" >"$cache/apt.log" 2>&1 ||
        { tail -20 "$cache/apt.log" >&2; die "apt-get install $* failed"; }
}

[[ $(id -u) -eq 0 ]] || skip "needs root (apt-get, depmod, cache in $cache)"
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9

# 1. Fixed host tools (contrib/install-deps.sh lists the same packages).
declare -A tool_pkg=(
    [qemu-system-x86_64]=qemu-system-x86 [busybox]=busybox-static
    [cpio]=cpio [depmod]=kmod [xz]=xz-utils [patch]=patch [make]=make
    [gcc]=gcc [strip]=binutils [ethtool]=ethtool [jq]=jq
)
missing=()
for t in "${!tool_pkg[@]}"; do
    command -v "$t" >/dev/null || missing+=("${tool_pkg[$t]}")
done
# busybox must be the static one: it runs alone in the initramfs.
if command -v busybox >/dev/null &&
   ldd "$(command -v busybox)" >/dev/null 2>&1; then
    missing+=(busybox-static)
fi
if [[ ${#missing[@]} -eq 0 ]]; then
    say "host tools: present"
else
    command -v apt-get >/dev/null || skip "no apt-get to install ${missing[*]}"
    say "host tools: installing ${missing[*]}"
    apt-get update -qq
    apt_install "${missing[@]}"
    updated=1
fi

# 2. Which kernel: the package linux-image-amd64 depends on, at its
#    candidate version.  With no usable apt lists, fall back to the kernel
#    that the cache already holds.
resolve() {
    image_pkg=$(apt-cache depends linux-image-amd64 2>/dev/null |
        awk '/Depends: linux-image-[0-9]/ && !n++ { print $2 }')
    [[ -n $image_pkg ]] || return 1
    image_ver=$(apt-cache policy "$image_pkg" 2>/dev/null |
        awk '/Candidate:/ && !n++ { print $2 }')
    [[ -n $image_ver && $image_ver != "(none)" ]]
}
if resolve || { [[ -z ${updated:-} ]] && apt-get update -qq && resolve; }; then
    kver=${image_pkg#linux-image-}
    series=$(sed -E 's/^([0-9]+\.[0-9]+).*/\1/' <<<"$image_ver")
    say "kernel: $image_pkg $image_ver (linux-source-$series)"
elif [[ -r $cache/current.env ]]; then
    # shellcheck source=/dev/null
    . "$cache/current.env"
    image_pkg=linux-image-$VM_KVER image_ver=$VM_KVER_DEB kver=$VM_KVER
    series=$(sed -E 's/^([0-9]+\.[0-9]+).*/\1/' <<<"$image_ver")
    say "kernel: apt cannot tell; using the cached $image_pkg $image_ver"
else
    skip "apt-cache cannot resolve linux-image-amd64 and nothing is cached"
fi
dir=$cache/${image_pkg}_$image_ver
root=$dir/root
mkdir -p "$dir"

# 3. Download the image package.
deb=$(find "$dir" -maxdepth 1 -name "${image_pkg}_*.deb" -print -quit)
if [[ -n $deb ]] && dpkg-deb --info "$deb" >/dev/null 2>&1; then
    say "download: cached $(basename "$deb")"
else
    say "download: apt-get download $image_pkg=$image_ver"
    rm -rf "$dir/dl" && mkdir -p "$dir/dl"
    (cd "$dir/dl" && apt-get download -qq -o APT::Sandbox::User=root "$image_pkg=$image_ver") ||
        die "apt-get download $image_pkg=$image_ver failed"
    mv "$dir"/dl/*.deb "$dir/" && rmdir "$dir/dl"
    deb=$(find "$dir" -maxdepth 1 -name "${image_pkg}_*.deb" -print -quit)
    rm -f "$dir/root.stamp"
fi

# 4. Unpack it (kernel and modules) and index the modules.
if [[ -f $dir/root.stamp && -f $root/boot/vmlinuz-$kver ]]; then
    say "unpack: cached $root"
else
    say "unpack: dpkg -x $(basename "$deb") + depmod"
    rm -rf "$root" "$root.tmp"
    dpkg -x "$deb" "$root.tmp"
    # Debian 12 ships /lib as a usrmerge symlink; the image unpacks lib/.
    [[ -d $root.tmp/lib/modules/$kver ]] ||
        die "$deb has no lib/modules/$kver"
    depmod -b "$root.tmp" "$kver"
    mv "$root.tmp" "$root"
    rm -f "$dir/netdevsim.stamp" "$dir/initramfs.stamp"
    touch "$dir/root.stamp"
fi

# 5.-7. netdevsim with our flower patch, built against the same version.
want_nsim="$(sha "$patch_file") $image_ver"
ko_dest=$root/lib/modules/$kver/extra/netdevsim.ko
if [[ -f $ko_dest && "$(cat "$dir/netdevsim.stamp" 2>/dev/null)" == "$want_nsim" ]]; then
    say "headers+source: not needed (netdevsim.ko cached)"
    say "netdevsim source: not needed"
    say "netdevsim build: cached $ko_dest"
else
    pkgs=()
    for p in "linux-headers-$kver" "linux-source-$series"; do
        [[ "$(installed_version "$p")" == "$image_ver" ]] || pkgs+=("$p=$image_ver")
    done
    if [[ ${#pkgs[@]} -eq 0 ]]; then
        say "headers+source: installed (linux-headers-$kver, linux-source-$series $image_ver)"
    else
        say "headers+source: apt-get install ${pkgs[*]}"
        [[ $(apt-cache policy "linux-source-$series") == *" $image_ver "* ]] ||
            die "linux-source-$series $image_ver is not in apt (apt-cache policy linux-source-$series)"
        apt_install "${pkgs[@]}"
    fi
    src=$dir/netdevsim-src
    if [[ -f $src/.stamp && "$(cat "$src/.stamp")" == "$image_ver" ]]; then
        say "netdevsim source: cached $src"
    else
        tarball=/usr/src/linux-source-$series.tar.xz
        say "netdevsim source: extract drivers/net/netdevsim from $tarball"
        rm -rf "$src" "$src.tmp" && mkdir -p "$src.tmp"
        tar -xJf "$tarball" -C "$src.tmp" --strip-components=1 --wildcards \
            "linux-source-$series/drivers/net/netdevsim/*"
        echo "$image_ver" >"$src.tmp/.stamp"
        mv "$src.tmp" "$src"
    fi
    build=$dir/netdevsim-build
    say "netdevsim build: patch -p1 < $(basename "$patch_file") + make M=... (log $build.log)"
    rm -rf "$build" && cp -a "$src" "$build"
    (cd "$build" && patch -p1 --quiet --batch <"$patch_file") ||
        die "$(basename "$patch_file") does not apply to linux-source-$series $image_ver"
    make -C "/usr/src/linux-headers-$kver" M="$build/drivers/net/netdevsim" \
        CONFIG_NETDEVSIM=m -j"$(nproc)" modules >"$build.log" 2>&1 ||
        { tail -30 "$build.log" >&2; die "netdevsim build failed (log $build.log)"; }
    if grep -q 'warning:' "$build.log"; then
        grep 'warning:' "$build.log" >&2
        die "netdevsim build has compiler warnings (log $build.log)"
    fi
    mkdir -p "$(dirname "$ko_dest")"
    strip --strip-debug -o "$ko_dest" "$build/drivers/net/netdevsim/netdevsim.ko"
    depmod -b "$root" "$kver"
    echo "$want_nsim" >"$dir/netdevsim.stamp"
    rm -rf "$build"
fi

# 8. The initramfs: static busybox, our /init, and the modules that mount
#    the 9p root (in dependency order, as modprobe resolves them).
moddir=$root/lib/modules/$kver
boot_mods=(virtio_pci 9pnet_virtio 9p overlay)
want_initrd="$(sha "$init_file" "$(command -v busybox)") $image_ver"
initrd=$dir/initramfs.cpio.gz
if [[ -f $initrd && "$(cat "$dir/initramfs.stamp" 2>/dev/null)" == "$want_initrd" ]]; then
    say "initramfs: cached $initrd"
else
    say "initramfs: busybox + ${boot_mods[*]} (+ deps)"
    ir=$dir/initramfs.tmp
    rm -rf "$ir" && mkdir -p "$ir"/{bin,dev,proc,sys,newroot,mods}
    cp "$(command -v busybox)" "$ir/bin/busybox"
    ln -s busybox "$ir/bin/sh"
    install -m 0755 "$init_file" "$ir/init"
    deps=$(modprobe -d "$root" -S "$kver" -a --show-depends "${boot_mods[@]}") ||
        die "modprobe cannot resolve ${boot_mods[*]} in $moddir"
    order=()
    while read -r verb path _; do
        [[ $verb == insmod ]] || continue
        name=$(basename "$path"); name=${name%%.ko*}
        [[ " ${order[*]} " == *" $name "* ]] && continue
        case $path in
            *.ko.xz) xz -dc "$path" >"$ir/mods/$name.ko" ;;
            *.ko.zst) zstd -qdc "$path" >"$ir/mods/$name.ko" ;;
            *.ko.gz) gzip -dc "$path" >"$ir/mods/$name.ko" ;;
            *) cp "$path" "$ir/mods/$name.ko" ;;
        esac
        order+=("$name")
    done <<<"$deps"
    printf '%s\n' "${order[@]}" >"$ir/mods/order"
    (cd "$ir" && find . -print0 | cpio --null -o -H newc --quiet) |
        gzip -1 >"$initrd.tmp"
    mv "$initrd.tmp" "$initrd"
    rm -rf "$ir"
    echo "$want_initrd" >"$dir/initramfs.stamp"
fi

# 9. Tell run-guest.sh what to boot.
cat >"$cache/current.env.tmp" <<EOF
VM_KVER=$kver
VM_KVER_DEB=$image_ver
VM_KERNEL=$root/boot/vmlinuz-$kver
VM_INITRD=$initrd
VM_MODULES=$root/lib/modules
EOF
mv "$cache/current.env.tmp" "$cache/current.env"
say "ready: $cache/current.env ($kver, $image_ver)"
