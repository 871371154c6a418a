/*
 * Copyright (c) 2026 The ovs-offload authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at:
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

/* Unit tests of the ethtool module (devlink/ethtool.c).
 *
 * The pure parts are tested with synthetic data: driver information and
 * string conversion, statistic lookups and patterns, the leg counter table
 * per driver, the bytes of the netlink requests, and features replies laid
 * out as the kernel's ethnl_put_bitset32() writes them.
 *
 * The live tests run as root in a private network (and mount) namespace
 * on a veth pair that they create over rtnetlink: veth has driver
 * information, link settings, statistics, a changeable feature (rx-gro,
 * "generic-receive-offload" in "ethtool -k") and hw-tc-offload fixed off.
 * They use both the netlink and the ioctl path.  Without root they are
 * skipped. */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <net/if.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <cmocka.h>

#include "devlink/ethtool.h"
#include "openvswitch/vlog.h"
#include "util.h"

/* A plausible dynamic generic netlink id for "ethtool". */
#define FAMILY 0x15

/* Driver information. */

static void
test_driver_info_from_raw(void **state OVS_UNUSED)
{
    struct ethtool_driver_info info;
    struct ethtool_drvinfo raw;

    memset(&raw, 0, sizeof raw);
    raw.cmd = ETHTOOL_GDRVINFO;
    ovs_strlcpy(raw.driver, "ixgbevf", sizeof raw.driver);
    ovs_strlcpy(raw.version, "4.1.0-k", sizeof raw.version);
    ovs_strlcpy(raw.fw_version, "N/A", sizeof raw.fw_version);
    ovs_strlcpy(raw.bus_info, "0000:00:03.0", sizeof raw.bus_info);
    /* 32 characters, no terminator. */
    memset(raw.erom_version, 'x', sizeof raw.erom_version);
    raw.n_stats = 42;
    raw.n_priv_flags = 2;

    ethtool_driver_info_from_raw(&raw, &info);
    assert_string_equal(info.driver, "ixgbevf");
    assert_string_equal(info.version, "4.1.0-k");
    assert_string_equal(info.fw_version, "N/A");
    assert_string_equal(info.bus_info, "0000:00:03.0");
    assert_int_equal(strlen(info.erom_version), 32);
    assert_int_equal(info.n_stats, 42);
    assert_int_equal(info.n_priv_flags, 2);
}

/* Strings. */

/* Fills 'buf' with the names in 'names', ETH_GSTRING_LEN bytes each, as
 * ETHTOOL_GSTRINGS returns them. */
static char *
make_strings(const char *const names[], size_t n)
{
    char *buf = xzalloc(n * ETH_GSTRING_LEN);

    for (size_t i = 0; i < n; i++) {
        memcpy(buf + i * ETH_GSTRING_LEN, names[i],
               MIN(strlen(names[i]), ETH_GSTRING_LEN));
    }
    return buf;
}

static void
test_strings_find(void **state OVS_UNUSED)
{
    static const char *const names[] = {
        "tx-scatter-gather", "rx-checksum", "hw-tc-offload",
        "hw-tc-offload-x",
        /* Exactly 32 characters. */
        "abcdefghijklmnopqrstuvwxyz012345",
    };
    char *buf = make_strings(names, ARRAY_SIZE(names));

    assert_int_equal(ethtool_strings_find(buf, ARRAY_SIZE(names),
                                          "hw-tc-offload"), 2);
    assert_int_equal(ethtool_strings_find(buf, ARRAY_SIZE(names),
                                          "tx-scatter-gather"), 0);
    assert_int_equal(ethtool_strings_find(buf, ARRAY_SIZE(names),
                                          "abcdefghijklmnopqrstuvwxyz012345"),
                     4);
    assert_int_equal(ethtool_strings_find(buf, ARRAY_SIZE(names), "hw-tc"),
                     -1);
    assert_int_equal(ethtool_strings_find(buf, ARRAY_SIZE(names), ""), -1);
    assert_int_equal(ethtool_strings_find(buf, ARRAY_SIZE(names),
                                          "abcdefghijklmnopqrstuvwxyz0123456"),
                     -1);
    assert_int_equal(ethtool_strings_find(buf, 2, "hw-tc-offload"), -1);
    free(buf);
}

/* Builds a statistics list from names and values. */
static void
make_stats(struct ethtool_stat_list *list, const char *const names[],
           const uint64_t values[], size_t n)
{
    char *buf = make_strings(names, n);

    ethtool_stat_list_fill(list, buf, values, n);
    free(buf);
}

static void
test_stat_list(void **state OVS_UNUSED)
{
    static const char *const names[] = {
        "rx_packets", "tx_packets", "queue_0_rx_cnt", "queue_1_rx_cnt",
        "queue_10_rx_cnt", "queue_x_rx_cnt", "queue_0_rx_cnt_x",
    };
    static const uint64_t values[] = { 1, 2, 10, 20, 300, 4000, 50000 };
    struct ethtool_stat_list list;
    uint64_t sum;

    make_stats(&list, names, values, ARRAY_SIZE(names));
    assert_int_equal(list.n, ARRAY_SIZE(names));
    assert_string_equal(list.stats[4].name, "queue_10_rx_cnt");

    assert_int_equal(ethtool_stat_list_find(&list, "tx_packets")->value, 2);
    assert_null(ethtool_stat_list_find(&list, "tx_bytes"));

    assert_true(ethtool_stat_list_sum(&list, "rx_packets", &sum));
    assert_int_equal(sum, 1);
    assert_true(ethtool_stat_list_sum(&list, "queue_#_rx_cnt", &sum));
    assert_int_equal(sum, 330);
    assert_false(ethtool_stat_list_sum(&list, "queue_#_tx_cnt", &sum));
    assert_int_equal(sum, 0);
    ethtool_stat_list_destroy(&list);
    ethtool_stat_list_destroy(NULL);

    /* Empty. */
    make_stats(&list, names, values, 0);
    assert_int_equal(list.n, 0);
    assert_false(ethtool_stat_list_sum(&list, "rx_packets", &sum));
    ethtool_stat_list_destroy(&list);
}

static void
test_stat_name_match(void **state OVS_UNUSED)
{
    static const struct {
        const char *pattern;
        const char *name;
        bool match;
    } cases[] = {
        { "rx_packets", "rx_packets", true },
        { "rx_packets", "rx_packets_phy", false },
        { "rx#_packets", "rx0_packets", true },
        { "rx#_packets", "rx15_packets", true },
        { "rx#_packets", "rx_packets", false },
        { "rx#_packets", "rx0_xdp_packets", false },
        { "rx_queue_#_packets", "rx_queue_3_packets", true },
        { "rx_queue_#_packets", "rx_queue_3_xdp_packets", false },
        { "#", "123", true },
        { "#", "", false },
        { "", "", true },
        { "a#b", "a1b2", false },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        if (ethtool_stat_name_match(cases[i].pattern, cases[i].name)
            != cases[i].match) {
            fail_msg("\"%s\" vs \"%s\": expected %s", cases[i].pattern,
                     cases[i].name, cases[i].match ? "match" : "no match");
        }
    }
}

/* Leg counters. */

static void
test_leg_rules_table(void **state OVS_UNUSED)
{
    const struct ethtool_leg_rule *rules;
    size_t n;

    rules = ethtool_leg_rules(&n);
    assert_true(n >= 10);
    for (size_t i = 0; i < n; i++) {
        assert_non_null(rules[i].driver);
        assert_non_null(rules[i].what);
        assert_true(!rules[i].rx_packets == !rules[i].tx_packets);
        assert_true(!rules[i].rx_bytes == !rules[i].tx_bytes);
        assert_true(rules[i].rx_packets || !rules[i].hw);
    }
}

struct leg_case {
    const char *name;
    const char *driver;
    const char *stats[8];
    uint64_t values[8];
    bool selected;
    const char *rx_name;        /* Expected rule. */
    uint64_t rx, tx;
    bool hw, swapped, bytes;
    uint64_t rx_bytes, tx_bytes;
};

static const struct leg_case leg_cases[] = {
    { "mlx5 PF: port counters",
      "mlx5_core",
      { "rx_packets", "tx_packets", "rx_packets_phy", "tx_packets_phy",
        "rx_bytes_phy", "tx_bytes_phy" },
      { 1, 2, 100, 200, 6400, 12800 },
      true, "rx_packets_phy", 100, 200, true, false, true, 6400, 12800 },

    { "mlx5 VF netdev: software counters",
      "mlx5_core",
      { "rx_packets", "tx_packets", "rx_bytes", "tx_bytes" },
      { 5, 6, 7, 8 },
      true, "rx_packets", 5, 6, false, false, true, 7, 8 },

    { "mlx5 VF representor: vport counters, swapped",
      "mlx5e_rep",
      { "rx_packets", "tx_packets", "vport_rx_packets", "vport_tx_packets",
        "vport_rx_bytes", "vport_tx_bytes" },
      { 1, 1, 1000, 2000, 3000, 4000 },
      true, "vport_rx_packets", 1000, 2000, true, true, true, 3000, 4000 },

    { "mlx5 uplink representor (old kernel)",
      "mlx5e_rep",
      { "rx_packets_phy", "tx_packets_phy", "vport_rx_packets",
        "vport_tx_packets" },
      { 11, 12, 13, 14 },
      true, "rx_packets_phy", 11, 12, true, false, false, 0, 0 },

    { "ixgbe: NIC counters",
      "ixgbe",
      { "rx_packets", "tx_packets", "rx_pkts_nic", "tx_pkts_nic",
        "rx_bytes_nic", "tx_bytes_nic" },
      { 1, 2, 30, 40, 50, 60 },
      true, "rx_pkts_nic", 30, 40, true, false, true, 50, 60 },

    { "ixgbe without NIC counters",
      "ixgbe",
      { "rx_packets", "tx_packets" },
      { 3, 4 },
      true, "rx_packets", 3, 4, false, false, false, 0, 0 },

    { "ixgbevf",
      "ixgbevf",
      { "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", "tx_busy" },
      { 9, 8, 7, 6, 0 },
      true, "rx_packets", 9, 8, false, false, true, 7, 6 },

    { "ena: per-queue sums",
      "ena",
      { "tx_timeout", "queue_0_tx_cnt", "queue_0_rx_cnt", "queue_1_tx_cnt",
        "queue_1_rx_cnt", "queue_0_rx_bytes", "bw_in_allowance_exceeded" },
      { 0, 10, 20, 30, 40, 50, 0 },
      /* No tx bytes: bytes absent. */
      true, "queue_#_rx_cnt", 60, 40, false, false, false, 0, 0 },

    { "virtio_net, old spelling",
      "virtio_net",
      { "rx_queue_0_packets", "rx_queue_0_xdp_packets", "tx_queue_0_packets",
        "rx_queue_1_packets", "tx_queue_1_packets" },
      { 1, 100, 2, 3, 4 },
      true, "rx_queue_#_packets", 4, 6, false, false, false, 0, 0 },

    { "virtio_net, new spelling",
      "virtio_net",
      { "rx0_packets", "rx0_xdp_packets", "tx0_packets", "rx0_bytes",
        "tx0_bytes" },
      { 1, 100, 2, 3, 4 },
      true, "rx#_packets", 1, 2, false, false, true, 3, 4 },

    { "veth: netdev counters",
      "veth",
      { "peer_ifindex", "rx_queue_0_xdp_packets" },
      { 7, 0 },
      false, NULL, 0, 0, false, false, false, 0, 0 },

    { "mlx5 without any counter it knows",
      "mlx5_core",
      { "ch0_arm" },
      { 0 },
      false, NULL, 0, 0, false, false, false, 0, 0 },

    { "unknown driver",
      "e1000",
      { "rx_packets", "tx_packets" },
      { 1, 2 },
      false, NULL, 0, 0, false, false, false, 0, 0 },
};

static void
test_leg_counters(void **state OVS_UNUSED)
{
    for (size_t i = 0; i < ARRAY_SIZE(leg_cases); i++) {
        const struct leg_case *c = &leg_cases[i];
        struct ethtool_leg_counters lc;
        struct ethtool_stat_list list;
        size_t n = 0;
        bool selected;

        while (n < ARRAY_SIZE(c->stats) && c->stats[n]) {
            n++;
        }
        make_stats(&list, c->stats, c->values, n);
        selected = ethtool_leg_counters_select(c->driver, &list, &lc);
        if (selected != c->selected) {
            fail_msg("%s: expected %sselected", c->name,
                     c->selected ? "" : "not ");
        }
        if (c->selected) {
            assert_non_null(lc.rule);
            assert_string_equal(lc.rule->rx_packets, c->rx_name);
            assert_int_equal(lc.rx_packets, c->rx);
            assert_int_equal(lc.tx_packets, c->tx);
            assert_int_equal(lc.hw, c->hw);
            assert_int_equal(lc.vf_swapped, c->swapped);
            assert_int_equal(lc.bytes_present, c->bytes);
            assert_int_equal(lc.rx_bytes, c->rx_bytes);
            assert_int_equal(lc.tx_bytes, c->tx_bytes);
        } else if (!strcmp(c->driver, "veth")) {
            /* The rule that says "use the netdev's counters". */
            assert_non_null(lc.rule);
            assert_null(lc.rule->rx_packets);
        } else {
            assert_null(lc.rule);
        }
        ethtool_stat_list_destroy(&list);
    }
}

/* Netlink requests. */

static const struct nlattr *
find_attr(const struct nlmsghdr *nlh, uint16_t type)
{
    const struct nlattr *attr;

    mnl_attr_for_each (attr, nlh, GENL_HDRLEN) {
        if (mnl_attr_get_type(attr) == type) {
            return attr;
        }
    }
    return NULL;
}

static const struct nlattr *
find_nested(const struct nlattr *nest, uint16_t type)
{
    const struct nlattr *attr;

    mnl_attr_for_each_nested (attr, nest) {
        if (mnl_attr_get_type(attr) == type) {
            return attr;
        }
    }
    return NULL;
}

static void
check_header(const struct nlmsghdr *nlh, uint8_t cmd, const char *netdev,
             uint32_t flags)
{
    const struct genlmsghdr *genlh = mnl_nlmsg_get_payload(nlh);
    const struct nlattr *hdr, *a;

    assert_int_equal(nlh->nlmsg_type, FAMILY);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    assert_int_equal(genlh->cmd, cmd);
    assert_int_equal(genlh->version, ETHTOOL_GENL_VERSION);

    hdr = find_attr(nlh, ETHTOOL_A_FEATURES_HEADER);
    assert_non_null(hdr);
    assert_true(hdr->nla_type & NLA_F_NESTED);
    a = find_nested(hdr, ETHTOOL_A_HEADER_DEV_NAME);
    assert_non_null(a);
    assert_string_equal(mnl_attr_get_str(a), netdev);
    a = find_nested(hdr, ETHTOOL_A_HEADER_FLAGS);
    if (flags) {
        assert_non_null(a);
        assert_int_equal(mnl_attr_get_u32(a), flags);
    } else {
        assert_null(a);
    }
}

static void
test_build_features_get(void **state OVS_UNUSED)
{
    uint64_t buf[ETHTOOL_REQUEST_SIZE / sizeof(uint64_t)];
    struct nlmsghdr *nlh;

    nlh = ethtool_build_features_get(buf, sizeof buf, FAMILY, "ens1f0");
    assert_non_null(nlh);
    check_header(nlh, ETHTOOL_MSG_FEATURES_GET, "ens1f0", 0);
    /* Nothing but the header. */
    assert_int_equal(nlh->nlmsg_len, 16 + 4 + 4 + 4 + 8);

    assert_null(ethtool_build_features_get(buf, sizeof buf, FAMILY, ""));
    assert_null(ethtool_build_features_get(buf, sizeof buf, FAMILY,
                                           "0123456789abcdef"));
    assert_null(ethtool_build_features_get(buf, 24, FAMILY, "ens1f0"));
}

static void
test_build_features_set(void **state OVS_UNUSED)
{
    uint64_t buf[ETHTOOL_REQUEST_SIZE / sizeof(uint64_t)];

    for (int on = 0; on < 2; on++) {
        const struct nlattr *wanted, *bits, *bit, *a;
        struct nlmsghdr *nlh;
        int n_bits = 0;

        nlh = ethtool_build_features_set(buf, sizeof buf, FAMILY, "ens1f0",
                                         ETHTOOL_HW_TC_OFFLOAD, on);
        assert_non_null(nlh);
        check_header(nlh, ETHTOOL_MSG_FEATURES_SET, "ens1f0",
                     ETHTOOL_FLAG_OMIT_REPLY);

        wanted = find_attr(nlh, ETHTOOL_A_FEATURES_WANTED);
        assert_non_null(wanted);
        assert_true(wanted->nla_type & NLA_F_NESTED);
        /* A mask-style bitset: no NOMASK, no SIZE, no compact values. */
        assert_null(find_nested(wanted, ETHTOOL_A_BITSET_NOMASK));
        assert_null(find_nested(wanted, ETHTOOL_A_BITSET_VALUE));
        bits = find_nested(wanted, ETHTOOL_A_BITSET_BITS);
        assert_non_null(bits);
        assert_true(bits->nla_type & NLA_F_NESTED);
        mnl_attr_for_each_nested (bit, bits) {
            assert_int_equal(mnl_attr_get_type(bit),
                             ETHTOOL_A_BITSET_BITS_BIT);
            assert_true(bit->nla_type & NLA_F_NESTED);
            a = find_nested(bit, ETHTOOL_A_BITSET_BIT_NAME);
            assert_non_null(a);
            assert_string_equal(mnl_attr_get_str(a), "hw-tc-offload");
            assert_null(find_nested(bit, ETHTOOL_A_BITSET_BIT_INDEX));
            a = find_nested(bit, ETHTOOL_A_BITSET_BIT_VALUE);
            if (on) {
                assert_non_null(a);
                assert_int_equal(mnl_attr_get_payload_len(a), 0);
            } else {
                assert_null(a);
            }
            n_bits++;
        }
        assert_int_equal(n_bits, 1);
    }

    assert_null(ethtool_build_features_set(buf, sizeof buf, FAMILY,
                                           "ens1f0", "", true));
    assert_null(ethtool_build_features_set(buf, sizeof buf, FAMILY, "",
                                           "hw-tc-offload", true));
    assert_null(ethtool_build_features_set(buf, 60, FAMILY, "ens1f0",
                                           "hw-tc-offload", true));
}

/* Features replies. */

/* One verbose bit: name and, for a bitset with a mask, its value. */
struct bit_spec {
    const char *name;
    bool value;
};

/* Appends a verbose bitset of type 'type' listing 'bits' to 'nlh', as
 * ethnl_put_bitset32() does: with NOMASK ('nomask'), listed bits are set
 * and carry no VALUE; otherwise listed bits form the mask and set ones
 * carry VALUE. */
static void
put_bitset(struct nlmsghdr *nlh, uint16_t type, bool nomask,
           const struct bit_spec *bits, size_t n)
{
    struct nlattr *set = mnl_attr_nest_start(nlh, type | NLA_F_NESTED);
    struct nlattr *list;

    if (nomask) {
        mnl_attr_put(nlh, ETHTOOL_A_BITSET_NOMASK, 0, "");
    }
    mnl_attr_put_u32(nlh, ETHTOOL_A_BITSET_SIZE, 64);
    list = mnl_attr_nest_start(nlh, ETHTOOL_A_BITSET_BITS | NLA_F_NESTED);
    for (size_t i = 0; i < n; i++) {
        struct nlattr *bit = mnl_attr_nest_start(nlh,
                                                 ETHTOOL_A_BITSET_BITS_BIT
                                                 | NLA_F_NESTED);

        mnl_attr_put_u32(nlh, ETHTOOL_A_BITSET_BIT_INDEX, 40 + i);
        mnl_attr_put_strz(nlh, ETHTOOL_A_BITSET_BIT_NAME, bits[i].name);
        if (!nomask && bits[i].value) {
            mnl_attr_put(nlh, ETHTOOL_A_BITSET_BIT_VALUE, 0, "");
        }
        mnl_attr_nest_end(nlh, bit);
    }
    mnl_attr_nest_end(nlh, list);
    mnl_attr_nest_end(nlh, set);
}

static struct nlmsghdr *
start_reply(void *buf)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct genlmsghdr *genlh;
    struct nlattr *hdr;

    nlh->nlmsg_type = FAMILY;
    genlh = mnl_nlmsg_put_extra_header(nlh, sizeof *genlh);
    genlh->cmd = ETHTOOL_MSG_FEATURES_GET_REPLY;
    genlh->version = ETHTOOL_GENL_VERSION;
    hdr = mnl_attr_nest_start(nlh, ETHTOOL_A_FEATURES_HEADER | NLA_F_NESTED);
    mnl_attr_put_u32(nlh, ETHTOOL_A_HEADER_DEV_INDEX, 5);
    mnl_attr_put_strz(nlh, ETHTOOL_A_HEADER_DEV_NAME, "ens1f0");
    mnl_attr_nest_end(nlh, hdr);
    return nlh;
}

static void
test_parse_features(void **state OVS_UNUSED)
{
    static const struct bit_spec hw[] = {
        { "rx-gro", false }, { "hw-tc-offload", false },
    };
    static const struct bit_spec wanted[] = { { "rx-gro", false } };
    static const struct bit_spec active[] = {
        { "rx-gro", false }, { "tx-lockless", false },
    };
    static const struct bit_spec nochange[] = { { "tx-lockless", false } };
    struct ethtool_feature f;
    uint64_t buf[1024];
    struct nlmsghdr *nlh;
    bool found;

    memset(buf, 0, sizeof buf);
    nlh = start_reply(buf);
    put_bitset(nlh, ETHTOOL_A_FEATURES_HW, true, hw, ARRAY_SIZE(hw));
    put_bitset(nlh, ETHTOOL_A_FEATURES_WANTED, true, wanted,
               ARRAY_SIZE(wanted));
    put_bitset(nlh, ETHTOOL_A_FEATURES_ACTIVE, true, active,
               ARRAY_SIZE(active));
    put_bitset(nlh, ETHTOOL_A_FEATURES_NOCHANGE, true, nochange,
               ARRAY_SIZE(nochange));

    /* Changeable and off. */
    assert_int_equal(ethtool_parse_features_msg(nlh, "hw-tc-offload", &f,
                                                &found), 0);
    assert_true(found);
    assert_false(f.active);
    assert_false(f.wanted);
    assert_true(f.changeable);

    /* On and changeable. */
    assert_int_equal(ethtool_parse_features_msg(nlh, "rx-gro", &f, &found),
                     0);
    assert_true(found && f.active && f.wanted && f.changeable);

    /* On and fixed. */
    assert_int_equal(ethtool_parse_features_msg(nlh, "tx-lockless", &f,
                                                &found), 0);
    assert_true(found && f.active && !f.wanted && !f.changeable);

    /* Off and fixed: listed nowhere. */
    assert_int_equal(ethtool_parse_features_msg(nlh, "rx-fcs", &f, &found),
                     0);
    assert_false(found);
    assert_false(f.active || f.wanted || f.changeable);

    /* Truncated. */
    nlh->nlmsg_len -= 8;
    assert_int_equal(ethtool_parse_features_msg(nlh, "rx-gro", &f, &found),
                     EINVAL);
    assert_false(found);
}

static void
test_parse_features_masked_and_compact(void **state OVS_UNUSED)
{
    static const struct bit_spec active[] = {
        { "rx-gro", true }, { "hw-tc-offload", false },
    };
    struct ethtool_feature f;
    uint64_t buf[1024];
    struct nlmsghdr *nlh;
    struct nlattr *set;
    uint32_t words[2] = { 1, 0 };
    bool found;

    /* A bitset with a mask: the VALUE flag says which bits are set. */
    memset(buf, 0, sizeof buf);
    nlh = start_reply(buf);
    put_bitset(nlh, ETHTOOL_A_FEATURES_ACTIVE, false, active,
               ARRAY_SIZE(active));
    assert_int_equal(ethtool_parse_features_msg(nlh, "rx-gro", &f, &found),
                     0);
    assert_true(found && f.active);
    assert_int_equal(ethtool_parse_features_msg(nlh, "hw-tc-offload", &f,
                                                &found), 0);
    assert_true(found);
    assert_false(f.active);

    /* Compact bitsets have no names. */
    memset(buf, 0, sizeof buf);
    nlh = start_reply(buf);
    set = mnl_attr_nest_start(nlh, ETHTOOL_A_FEATURES_ACTIVE | NLA_F_NESTED);
    mnl_attr_put_u32(nlh, ETHTOOL_A_BITSET_SIZE, 64);
    mnl_attr_put(nlh, ETHTOOL_A_BITSET_VALUE, sizeof words, words);
    mnl_attr_nest_end(nlh, set);
    assert_int_equal(ethtool_parse_features_msg(nlh, "rx-gro", &f, &found),
                     EPROTO);
}

/* Live tests on veth. */

/* Creates veth pair 'a'/'b' over rtnetlink ("ip link add A type veth peer
 * name B").  Returns 0 or a positive errno value. */
static int
create_veth(const char *a, const char *b)
{
    uint64_t buf[256];
    struct nlattr *linkinfo, *data, *peer;
    struct ifinfomsg *ifi;
    struct mnl_socket *nl;
    struct nlmsghdr *nlh;
    int error = 0;

    memset(buf, 0, sizeof buf);
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL;
    nlh->nlmsg_seq = 1;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, a);
    linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
    data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
    peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, b);
    mnl_attr_nest_end(nlh, peer);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, linkinfo);

    nl = mnl_socket_open(NETLINK_ROUTE);
    if (!nl) {
        return errno;
    }
    if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0
        || mnl_socket_sendto(nl, nlh, nlh->nlmsg_len) < 0) {
        error = errno;
    } else {
        char reply[8192];
        ssize_t n = mnl_socket_recvfrom(nl, reply, sizeof reply);
        const struct nlmsghdr *r = (const void *) reply;

        if (n < 0) {
            error = errno;
        } else if (r->nlmsg_type == NLMSG_ERROR) {
            const struct nlmsgerr *e = mnl_nlmsg_get_payload(r);

            error = -e->error;
        }
    }
    mnl_socket_close(nl);
    return error;
}

/* True if /sys shows the private network namespace. */
static bool live_sysfs;

/* Enters a private network namespace with a veth pair va/vb and, if
 * possible, a private mount namespace with a /sys of its own.  Returns
 * false if that is not possible (not root). */
static bool
live_setup(void)
{
    static int done = -1;

    if (done < 0) {
        done = (!geteuid()
                && !unshare(CLONE_NEWNET)
                && !create_veth("va", "vb"));
        live_sysfs = (done
                      && !unshare(CLONE_NEWNS)
                      && !mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL)
                      && !mount("sysfs", "/sys", "sysfs", 0, NULL));
    }
    return done;
}

static void
test_live_driver_info(void **state OVS_UNUSED)
{
    struct ethtool_driver_info info;
    struct ethtool_link_state link;
    char *err;

    if (!live_setup()) {
        skip();
    }
    assert_int_equal(ethtool_get_driver_info("va", &info, &err), 0);
    assert_null(err);
    assert_string_equal(info.driver, "veth");
    assert_true(info.version[0] != '\0');
    assert_true(info.n_stats > 0);

    assert_int_equal(ethtool_get_driver_info("nosuch0", &info, &err),
                     ENODEV);
    assert_non_null(strstr(err, "nosuch0: cannot read driver information"));
    free(err);

    /* veth reports 10 Gb/s full duplex, no autonegotiation. */
    assert_int_equal(ethtool_get_link_state("va", &link, &err), 0);
    assert_null(err);
    assert_true(link.speed_known);
    assert_int_equal(link.speed, 10000);
    assert_int_equal(link.duplex, 1);
    assert_int_equal(link.autoneg, 0);

    assert_int_equal(ethtool_get_link_state("nosuch0", &link, &err), ENODEV);
    free(err);

    /* lo has no link settings. */
    assert_int_equal(ethtool_get_link_state("lo", &link, &err), EOPNOTSUPP);
    free(err);
}

static void
check_live_features(enum ethtool_path path)
{
    struct ethtool_feature f;
    bool changed;
    char *err;

    /* hw-tc-offload: off and fixed. */
    assert_int_equal(ethtool_feature_get__(path, "va", ETHTOOL_HW_TC_OFFLOAD,
                                           &f, &err), 0);
    assert_null(err);
    assert_false(f.active);
    assert_false(f.changeable);

    assert_int_equal(ethtool_feature_set__(path, "va", ETHTOOL_HW_TC_OFFLOAD,
                                           false, &changed, &err), 0);
    assert_false(changed);
    assert_int_equal(ethtool_feature_set__(path, "va", ETHTOOL_HW_TC_OFFLOAD,
                                           true, &changed, &err), EOPNOTSUPP);
    assert_false(changed);
    assert_string_equal(err, "va: hw-tc-offload is fixed off: the driver "
                        "cannot change it");
    free(err);

    /* rx-gro (generic-receive-offload): changeable. */
    assert_int_equal(ethtool_feature_get__(path, "va", "rx-gro", &f, &err),
                     0);
    assert_true(f.changeable);
    for (int i = 0; i < 2; i++) {
        bool on = i;

        assert_int_equal(ethtool_feature_set__(path, "va", "rx-gro", on,
                                               &changed, &err), 0);
        assert_null(err);
        assert_int_equal(changed, on != f.active);
        assert_int_equal(ethtool_feature_set__(path, "va", "rx-gro", on,
                                               &changed, &err), 0);
        assert_false(changed);
        assert_int_equal(ethtool_feature_get__(path, "va", "rx-gro", &f,
                                               &err), 0);
        assert_int_equal(f.active, on);
        assert_int_equal(f.wanted, on);
    }

    /* Errors. */
    assert_int_equal(ethtool_feature_get__(path, "nosuch0",
                                           ETHTOOL_HW_TC_OFFLOAD, &f, &err),
                     ENODEV);
    assert_non_null(strstr(err, "nosuch0"));
    free(err);
    assert_int_equal(ethtool_feature_set__(path, "va", "no-such-feature",
                                           true, &changed, &err), ENOENT);
    assert_string_equal(err, "va: the kernel has no feature "
                        "\"no-such-feature\"");
    free(err);
    assert_int_equal(ethtool_feature_get__(path, "va", "no-such-feature",
                                           &f, &err), ENOENT);
    free(err);
}

static void
test_live_features_netlink(void **state OVS_UNUSED)
{
    if (!live_setup()) {
        skip();
    }
    check_live_features(ETHTOOL_PATH_NETLINK);
}

static void
test_live_features_ioctl(void **state OVS_UNUSED)
{
    if (!live_setup()) {
        skip();
    }
    check_live_features(ETHTOOL_PATH_IOCTL);
}

static void
test_live_features_auto(void **state OVS_UNUSED)
{
    struct ethtool_feature f;
    char *err;

    if (!live_setup()) {
        skip();
    }
    assert_int_equal(ethtool_feature_get("vb", ETHTOOL_HW_TC_OFFLOAD, &f,
                                         &err), 0);
    assert_false(f.active || f.changeable);
}

static void
test_live_stats(void **state OVS_UNUSED)
{
    struct ethtool_leg_counters lc;
    struct ethtool_stat_list list;
    const struct ethtool_stat *st;
    char *err;

    if (!live_setup()) {
        skip();
    }
    assert_int_equal(ethtool_get_stats("va", &list, &err), 0);
    assert_null(err);
    assert_true(list.n > 0);
    st = ethtool_stat_list_find(&list, "peer_ifindex");
    assert_non_null(st);
    assert_int_equal(st->value, if_nametoindex("vb"));
    ethtool_stat_list_destroy(&list);

    /* lo has no statistics. */
    assert_int_equal(ethtool_get_stats("lo", &list, &err), EOPNOTSUPP);
    assert_int_equal(list.n, 0);
    free(err);

    /* veth: the netdev's own counters, from this namespace's /sys. */
    if (live_sysfs) {
        assert_int_equal(ethtool_leg_counters_read("va", NULL, &lc, &err),
                         0);
        assert_null(err);
        assert_non_null(lc.rule);
        assert_string_equal(lc.rule->driver, "veth");
        assert_false(lc.hw);
        assert_true(lc.bytes_present);
    }

    assert_int_equal(ethtool_leg_counters_read("nosuch0", NULL, &lc, &err),
                     ENODEV);
    free(err);
    assert_int_equal(ethtool_leg_counters_read("../x", NULL, &lc, &err),
                     ENODEV);
    free(err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_driver_info_from_raw),
        cmocka_unit_test(test_strings_find),
        cmocka_unit_test(test_stat_list),
        cmocka_unit_test(test_stat_name_match),
        cmocka_unit_test(test_leg_rules_table),
        cmocka_unit_test(test_leg_counters),
        cmocka_unit_test(test_build_features_get),
        cmocka_unit_test(test_build_features_set),
        cmocka_unit_test(test_parse_features),
        cmocka_unit_test(test_parse_features_masked_and_compact),
        cmocka_unit_test(test_live_driver_info),
        cmocka_unit_test(test_live_features_netlink),
        cmocka_unit_test(test_live_features_ioctl),
        cmocka_unit_test(test_live_features_auto),
        cmocka_unit_test(test_live_stats),
    };

    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
