#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# "ovs-offloadctl --root=DIR attach libvirt VF" on a synthetic sysfs tree
# under DIR/sys: the snippet is well-formed XML (xmllint --noout), and, if
# libvirt's schema /usr/share/libvirt/schemas/domain.rng is installed, the
# <interface> wrapped in a minimal domain validates against it; without the
# schema only well-formedness is checked, and the test says so.  Control:
# xmllint rejects the snippet with its closing tag cut off.  Exit 77 (skip)
# only if xmllint is missing.

set -euo pipefail

SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/../.." && pwd)}
OFFLOADCTL=${OFFLOADCTL:-$SRCDIR/build/controller/ovs-offloadctl}
RNG=${LIBVIRT_DOMAIN_RNG:-/usr/share/libvirt/schemas/domain.rng}
fail() { echo "FAIL: test-attach-libvirt: $*" >&2; exit 1; }
if ! command -v xmllint >/dev/null 2>&1; then
    echo "SKIP: test-attach-libvirt: xmllint not installed (package libxml2-utils)" >&2
    exit 77
fi
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT

# A PF 0000:03:00.0 (enp3s0f0np0) with VF 2 at 0000:03:00.4, group 17.
S=$T/sys
PF=$S/bus/pci/devices/0000:03:00.0
VF=$S/bus/pci/devices/0000:03:00.4
mkdir -p "$PF/net/enp3s0f0np0" "$VF/net/eth7" "$S/class/net/enp3s0f0np0" "$S/kernel/iommu_groups/17"
ln -s ../../../bus/pci/devices/0000:03:00.0 "$S/class/net/enp3s0f0np0/device"
ln -s ../0000:03:00.4 "$PF/virtfn2"
ln -s ../0000:03:00.0 "$VF/physfn"
ln -s ../../../kernel/iommu_groups/17 "$VF/iommu_group"
echo 0x15b3 >"$VF/vendor"
echo 0x101e >"$VF/device"
echo 52:54:00:12:34:56 >"$VF/net/eth7/address"

"$OFFLOADCTL" --root="$T" attach libvirt enp3s0f0np0:vf2 >"$T/iface.xml" ||
    fail "attach libvirt failed"
grep -q "<address type='pci' domain='0x0000' bus='0x03' slot='0x00' function='0x4'/>" "$T/iface.xml" ||
    fail "wrong source address: $(cat "$T/iface.xml")"
grep -q "<mac address='52:54:00:12:34:56'/>" "$T/iface.xml" || fail "no MAC: $(cat "$T/iface.xml")"
xmllint --noout "$T/iface.xml" || fail "not well-formed XML"
head -n -1 "$T/iface.xml" >"$T/broken.xml"
if xmllint --noout "$T/broken.xml" 2>/dev/null; then
    fail "control: xmllint accepted a truncated snippet"
fi

if [[ -r $RNG ]]; then
    {
        echo "<domain type='kvm'><name>t</name><memory>131072</memory>"
        echo "<os><type arch='x86_64'>hvm</type></os><devices>"
        grep -v '^<!--' "$T/iface.xml"
        echo "</devices></domain>"
    } >"$T/domain.xml"
    xmllint --noout --relaxng "$RNG" "$T/domain.xml" || fail "does not validate against $RNG"
    echo "PASS: test-attach-libvirt (well-formed, valid against $RNG)"
else
    echo "PASS: test-attach-libvirt (well-formedness only: $RNG not installed)"
fi
