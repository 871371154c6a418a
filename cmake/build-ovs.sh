#!/bin/sh
# Builds lib/libopenvswitch.la in an OVS build tree configured by
# cmake/OpenvSwitch.cmake.  "make lib/libopenvswitch.la" alone fails because
# lib/packets.h needs the generated include/odp-netlink.h, so the generated
# sources ($(BUILT_SOURCES)) are made first.
set -e
# Run our own parallel make: the outer make's jobserver is not passed down
# to a custom command, and with its flags inherited make falls back to -j1.
unset MAKEFLAGS MFLAGS MAKELEVEL
cd "$1"
jobs=$(( $(nproc 2>/dev/null || echo 2) + 1 ))
built=$(printf 'p:\n\t@echo $(BUILT_SOURCES)\n' | make -s -f Makefile -f - p)
# shellcheck disable=SC2086
make -s -j"$jobs" $built >build-ovs.log 2>&1 || { tail -30 build-ovs.log; exit 1; }
make -s -j"$jobs" lib/libopenvswitch.la >>build-ovs.log 2>&1 || { tail -30 build-ovs.log; exit 1; }
