#!/bin/bash
# Guest scenario: datapath flows that stay in software.  OVS with the kernel
# datapath (hw-offload off) on two veths whose peers sit in two network
# namespaces; a ping makes OVS install datapath flows in the OVS kernel
# datapath (dpctl type=ovs), none in TC and none offloaded.  Our views must
# report them as software.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

[[ -x ${OFFLOADCTL:-} ]] || { fail "OFFLOADCTL is not set to the ovs-offloadctl binary"; finish; }
[[ -x $(build_file bench/tc-scan) ]] ||
    { fail "no $(build_file bench/tc-scan): build the project"; finish; }
run modprobe -a openvswitch veth cls_flower sch_ingress || finish
run ovs_start max-idle=60000 || finish
for i in 1 2; do
    run ip netns add "dpsw-ns$i" || finish
    on_exit ip netns del "dpsw-ns$i"
    run ip link add "dpsw-v$i" type veth peer name eth0 netns "dpsw-ns$i" || finish
    run ip -n "dpsw-ns$i" addr add "192.0.2.1$i/24" dev eth0
    run ip -n "dpsw-ns$i" link set eth0 up
    run ip link set "dpsw-v$i" up
done
run ovs-vsctl add-br dpsw-br0 -- add-port dpsw-br0 dpsw-v1 -- add-port dpsw-br0 dpsw-v2 ||
    finish
on_exit ovs-vsctl --if-exists del-br dpsw-br0
expect_eq "other_config:hw-offload (unset = off)" "" \
    "$(ovs-vsctl --if-exists get Open_vSwitch . other_config:hw-offload)"

out=$(ip netns exec dpsw-ns1 ping -c 3 -i 0.2 -W 2 192.0.2.12 2>&1)
expect_ge "ping dpsw-ns1 -> 192.0.2.12 through dpsw-br0, replies" 2 \
    "$(sed -nE 's/.* ([0-9]+) received.*/\1/p' <<<"$out")"

count() { appctl dpctl/dump-flows "$@" | grep -c . || true; }
expect_ge "dpctl/dump-flows type=ovs (kernel datapath flows)" 2 "$(count type=ovs)"
expect_eq "dpctl/dump-flows type=offloaded" 0 "$(count type=offloaded)"
expect_eq "dpctl/dump-flows type=tc" 0 "$(count type=tc)"
expect_ge "dpctl/dump-flows -m: flows marked dp:ovs" 2 \
    "$(appctl dpctl/dump-flows -m | grep -c 'dp:ovs' || true)"
for i in 1 2; do
    expect_eq "our scan of dpsw-v$i ingress: no TC filters" \
        "filters=0 in_hw=0 not_in_hw=0 partial=0 skip_hw=0 unknown=0" \
        "$(scan_counts 1 --dev="dpsw-v$i")"
done
note "$(appctl dpctl/dump-flows -m | head -3)"
# The status model (watch; the OVS_* variables point at this OVS): the
# datapath flows are software, none offloaded; hw-offload is off, so that
# is no alert.
w=$(watch_json)
n_ovs=$(count type=ovs)
expect_eq "watch: datapath available, offloaded" "true 0" \
    "$(jq -r '.datapath | "\(.available) \(.offloaded)"' <<<"$w")"
expect_ge "watch: datapath.software" 2 "$(jq -r .datapath.software <<<"$w")"
expect_eq "watch: datapath.software = dpctl type=ovs now" "$n_ovs" \
    "$(jq -r .datapath.software <<<"$(watch_json)")"
expect_eq "watch: hw-offload configured" false \
    "$(jq -r .ovs.hw_offload_configured <<<"$w")"
expect_eq "watch: alerts (hw-offload off: no datapath_software)" "" "$(watch_alerts "$w")"

finish
