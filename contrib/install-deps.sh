#!/usr/bin/env bash
# Installs exactly the Debian 12 packages that building and testing
# ovs-offload needs and that this machine lacks.  Idempotent; silent when
# everything is there.  Run as root.
set -euo pipefail

packages=(
    # Build.
    build-essential cmake pkg-config git python3
    # libopenvswitch from source, same version as the installed OVS, and
    # what its configure links (--enable-ssl).
    openvswitch-switch openvswitch-common openvswitch-source
    libssl-dev libcap-ng-dev libunbound-dev
    # Our libraries.
    libmnl-dev libyaml-dev libcmocka-dev libmicrohttpd-dev
    # Sandbox test bed and witnesses.
    iproute2 iputils-ping procps jq
    # The status page in a real browser (tests/sandbox/test-status-page.sh).
    chromium
    # Man pages ("man -l docs/*.5").
    man-db groff-base
    # VM tier (tests/vm): qemu, the initramfs, module tools, the netdevsim
    # build, hw-tc-offload in the guest.  tests/vm/prepare.sh installs the
    # versioned linux-headers-<abi> and linux-source-6.1 matching the
    # kernel image it downloads.
    qemu-system-x86 busybox-static cpio kmod xz-utils patch ethtool
)

missing=()
for p in "${packages[@]}"; do
    status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ $(id -u) -ne 0 ]]; then
    echo "install-deps: missing packages: ${missing[*]}" >&2
    echo "install-deps: run as root (sudo $0) to install them" >&2
    exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# Do not let the package start the system's OVS: tests run their own.
policy=/usr/sbin/policy-rc.d
created_policy=0
if [[ ! -e $policy ]]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod +x "$policy"
    created_policy=1
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[[ $created_policy -eq 1 ]] && rm -f "$policy"
exit 0
