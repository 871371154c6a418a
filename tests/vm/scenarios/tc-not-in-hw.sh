#!/bin/bash
# Guest scenario: filters that the "hardware" refuses show as not_in_hw.
# Two netdevsim ports in a Linux bond share an ingress block; filters added
# while netdevsim's debugfs switch tc_flower_refuse is Y on both run in
# software only.  Our classification must count them not_in_hw (tc's JSON
# is the witness), and the earlier ones stay in_hw.
# shellcheck source-path=SCRIPTDIR source=../lib/guest-lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/guest-lib.sh"
guest_only

[[ -x ${OFFLOADCTL:-} ]] || { fail "OFFLOADCTL is not set to the ovs-offloadctl binary"; finish; }
[[ -x $(build_file bench/tc-scan) ]] ||
    { fail "no $(build_file bench/tc-scan): build the project"; finish; }
run modprobe -a netdevsim bonding cls_flower sch_ingress act_gact || finish
nsim_bond nihbond0 51 || finish
for p in "$P0" "$P1"; do run tc qdisc add dev "$p" ingress_block 5100 clsact; done

add() {
    tc filter add block 5100 protocol ip pref 1 flower dst_ip "198.18.1.$1" \
        action gact drop cookie "$(printf '%032x' "$1")"
}
for i in 1 2 3; do run add "$i"; done
want="filters=3 in_hw=3 not_in_hw=0 partial=0 skip_hw=0 unknown=0"
expect_eq "block 5100 per tc, hardware accepting" "$want" "$(tc_counts 2 block 5100)"
expect_eq "block 5100 per our scan, hardware accepting" "$want" \
    "$(scan_counts 2 --block=5100)"
w=$(watch_json nihbond0)
expect_eq "watch nihbond0: block 5100 'legs filters in_hw not_in_hw partial'" \
    "2 3 3 0 0" "$(watch_tc "$w" 5100)"
expect_eq "watch nihbond0: alerts, hardware accepting" "" "$(watch_alerts "$w")"

for port in 0 1; do
    run eval "echo Y > $(nsim_dfs 51 $port)/tc_flower_refuse"
    on_exit "echo N > $(nsim_dfs 51 $port)/tc_flower_refuse"
done
for i in 4 5 6 7; do run add "$i"; done
want="filters=7 in_hw=3 not_in_hw=4 partial=0 skip_hw=0 unknown=0"
expect_eq "block 5100 per tc, both legs refusing 4 new filters" "$want" \
    "$(tc_counts 2 block 5100)"
expect_eq "block 5100 per our scan, both legs refusing" "$want" \
    "$(scan_counts 2 --block=5100)"
expect_eq "tc: the refused filters (dst 198.18.1.4-7) say not_in_hw" "true true true true" \
    "$(tc -j filter show block 5100 | jq -r '[.[] | select(.options)
        | select(.options.keys.dst_ip | test("^198.18.1.[4-7]$"))
        | .options.not_in_hw] | map(tostring) | join(" ")')"
w=$(watch_json nihbond0)
expect_eq "watch nihbond0, both refusing: block 5100" "2 7 3 4 0" "$(watch_tc "$w" 5100)"
expect_eq "watch nihbond0, both refusing: alerts" flows_not_in_hw "$(watch_alerts "$w")"
expect_eq "watch: flows_not_in_hw names the bond, as a warning" "nihbond0 warning" \
    "$(jq -r '.alerts[] | select(.code == "flows_not_in_hw") | "\(.bond) \(.severity)"' <<<"$w")"
expect_eq "watch: offload_ratio (3 of 7)" 0.429 \
    "$(jq -r '.offload_ratio * 1000 | round / 1000' <<<"$w")"

# The daemon's /metrics (HTTP on loopback), scraped with curl.
daemon=$(build_file controller/ovs-offloadd)
if [[ -x $daemon ]]; then
    dd=$(mktemp -d /run/tc-not-in-hw.XXXXXX)
    printf 'version: 1\n' >"$dd/offload.yaml"
    run "$daemon" -c "$dd/offload.yaml" --db="unix:$dd/none.sock" \
        --nic-state="$dd/nic-state.json" --interval=0.5 --http-port=19479 \
        --unixctl="$dd/ctl" --pidfile="$dd/pid" --log-file="$dd/log" --detach \
        --no-chdir -vconsole:off
    on_exit "kill \$(cat $dd/pid); rm -rf $dd"
    metric() {
        curl -s --max-time 5 http://127.0.0.1:19479/metrics |
            grep "^ovs_offload_tc_filters{.*block=\"5100\".*state=\"$1\"" |
            awk '{ print $NF }'
    }
    for ((i = 0; i < 50; i++)); do
        [[ -n $(metric not_in_hw) ]] && break
        sleep 0.2
    done
    expect_eq "daemon /metrics: ovs_offload_tc_filters block 5100 not_in_hw / in_hw" \
        "4 / 3" "$(metric not_in_hw) / $(metric in_hw)"
    expect_eq "daemon /metrics: ovs_offload_alert flows_not_in_hw" 1 \
        "$(curl -s --max-time 5 http://127.0.0.1:19479/metrics |
           grep '^ovs_offload_alert{.*code="flows_not_in_hw"' | awk '{ print $NF }')"
else
    fail "no $daemon: build the project"
fi

finish
