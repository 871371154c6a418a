#!/bin/bash
# Guest scenario: Open vSwitch with the kernel datapath and hw-offload=true.
# A bridge over two veths whose peers sit in two network namespaces; a ping
# between them makes OVS put its datapath flows into TC flower on the veths'
# ingress (not_in_hw: veth has no hardware), visible to tc and dpctl.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

run modprobe -a openvswitch veth cls_flower sch_ingress act_mirred act_gact || finish

run ovs_start hw-offload=true max-idle=30000 || finish
d=$ovs_dir

for i in 1 2; do
    run ip netns add "ovsvm-ns$i" || finish
    on_exit ip netns del "ovsvm-ns$i"
    run ip link add "ovsvm-v$i" type veth peer name eth0 netns "ovsvm-ns$i" || finish
    run ip -n "ovsvm-ns$i" addr add "192.0.2.$i/24" dev eth0
    run ip -n "ovsvm-ns$i" link set eth0 up
    run ip link set "ovsvm-v$i" up
done
run ovs-vsctl add-br br0 -- add-port br0 ovsvm-v1 -- add-port br0 ovsvm-v2 || finish
on_exit ovs-vsctl --if-exists del-br br0

expect_ge "ovs-vswitchd log: 'Flow API Enabled' lines" 1 \
    "$(grep -c 'Flow API Enabled' "$d/ovs-vswitchd.log")"
expect_eq "other_config:hw-offload" '"true"' \
    "$(ovs-vsctl get Open_vSwitch . other_config:hw-offload)"

# The first packets go up to ovs-vswitchd, which then installs the flows in
# TC; the second ping, once the flows exist, is forwarded by TC alone.
n_filters() {
    tc -j filter show dev "$1" ingress | jq '[.[] | select(.options)] | length'
}
out=$(ip netns exec ovsvm-ns1 ping -c 3 -i 0.2 -W 2 192.0.2.2 2>&1)
expect_ge "ping ovsvm-ns1 -> 192.0.2.2 through br0 (flow setup), replies" 2 \
    "$(sed -nE 's/.* ([0-9]+) received.*/\1/p' <<<"$out")"
for ((i = 0; i < 100; i++)); do
    (($(n_filters ovsvm-v1) > 0 && $(n_filters ovsvm-v2) > 0)) && break
    sleep 0.1
done
out=$(ip netns exec ovsvm-ns1 ping -c 5 -i 0.2 -W 2 192.0.2.2 2>&1)
expect_ge "ping again through the TC flows, replies" 4 \
    "$(sed -nE 's/.* ([0-9]+) received.*/\1/p' <<<"$out")"

for i in 1 2; do
    f=$(tc -s -j filter show dev "ovsvm-v$i" ingress)
    expect_ge "ovsvm-v$i ingress: flower filters" 1 \
        "$(jq '[.[] | select(.kind == "flower" and .options)] | length' <<<"$f")"
    expect_eq "ovsvm-v$i ingress: filters not_in_hw / in_hw" "all / 0" \
        "$(jq -r '[.[] | select(.options) | .options]
            | "\(if all(.not_in_hw == true) then "all" else "some" end)"
              + " / \([.[] | select(.in_hw == true)] | length)"' <<<"$f")"
    expect_ge "ovsvm-v$i ingress: packets through the filters (software)" 4 \
        "$(jq '[.[] | select(.options) | .options.actions[0].stats.packets]
               | add // 0' <<<"$f")"
done
note "$(tc -s filter show dev ovsvm-v1 ingress | head -20)"

count() { appctl dpctl/dump-flows "$@" | grep -c . || true; }
expect_ge "dpctl/dump-flows type=tc" 2 "$(count type=tc)"
expect_eq "dpctl/dump-flows type=offloaded (veth: nothing in hardware)" 0 \
    "$(count type=offloaded)"
expect_ge "dpctl/dump-flows type=non-offloaded" 2 "$(count type=non-offloaded)"
note "type=ovs: $(count type=ovs) flows (in the OVS kernel datapath, not TC)"
note "$(appctl dpctl/dump-flows -m type=tc | head -4)"
expect_ge "dpctl/dump-flows -m: flows marked dp:tc" 2 \
    "$(appctl dpctl/dump-flows -m | grep -c 'dp:tc' || true)"

finish
