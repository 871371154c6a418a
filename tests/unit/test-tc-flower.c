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

/* Unit tests of the TC flower reader against synthetic netlink messages.
 *
 * The host may have no cls_flower module, so the messages are built here
 * with libmnl in the layout the kernel uses (tcf_fill_node(), fl_dump(),
 * tcf_action_dump(), gnet_stats_copy_basic()): see build_filter_msg().  The
 * receive side of a dump is tested by feeding such messages, and
 * NLMSG_DONE/NLMSG_ERROR messages, to a dump parser.  Only the live tests at
 * the end talk to the kernel, and they expect no flower filters. */

#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/gen_stats.h>
#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_mirred.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "tc/tc-flower.h"
#include "util.h"

#define INGRESS_PARENT 0xfffffff2u
#define TEST_SEQ 4242
#define TEST_PORTID 777

/* Room for one message.  Built in uint32_t arrays, for alignment. */
#define MSG_WORDS 512

/* The cookie OVS would write: a UFID. */
static const uint8_t ufid_cookie[16] = {
    0x5a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71,
    0x82, 0x93, 0xa4, 0xb5, 0xc6, 0xd7, 0xe8, 0xf9,
};
#define UFID_HEX "5a1b2c3d4e5f60718293a4b5c6d7e8f9"

static const uint8_t short_cookie[4] = { 0xde, 0xad, 0xbe, 0xef };
static const uint8_t long_cookie[17] = { 0 };

/* How to break a message. */
enum corruption {
    GOOD,
    FLAGS_U16,          /* TCA_FLOWER_FLAGS of 2 bytes. */
    FLAGS_U64,          /* TCA_FLOWER_FLAGS of 8 bytes. */
    COUNT_U16,          /* TCA_FLOWER_IN_HW_COUNT of 2 bytes. */
    TRUNCATED,          /* TCA_FLOWER_FLAGS longer than its nest. */
    PKT64_FIRST,        /* TCA_STATS_PKT64 before any counter. */
    BASIC_SHORT,        /* TCA_STATS_BASIC of 8 bytes. */
    KIND_UNTERMINATED,  /* TCA_KIND without its NUL. */
    UNKNOWN_ATTRS,      /* Not a corruption: unknown attributes. */
    PAD_BEFORE_PKT64,   /* Not a corruption: TCA_STATS_PAD in between. */
};

struct act_spec {
    const char *kind;           /* NULL: no such action. */
    const uint8_t *cookie;
    size_t cookie_len;
    bool stats;                 /* TCA_ACT_STATS? */
    uint64_t bytes;
    uint32_t packets;
    uint64_t pkt64;             /* TCA_STATS_PKT64 after BASIC, if not 0. */
    bool hw;                    /* TCA_STATS_BASIC_HW? */
    uint64_t hw_bytes;
    uint32_t hw_packets;
    uint64_t hw_pkt64;          /* TCA_STATS_PKT64 after BASIC_HW. */
};

struct msg_spec {
    uint16_t type;              /* 0: RTM_NEWTFILTER. */
    const char *kind;           /* NULL: no TCA_KIND. */
    bool no_options;            /* Kernel's classifier header message. */
    uint32_t ifindex;
    uint32_t parent;
    uint32_t handle;
    uint32_t chain;
    uint16_t prio;
    uint16_t protocol;
    bool has_flags;
    uint32_t flags;
    bool has_count;
    uint32_t count;
    struct act_spec acts[2];
    enum corruption corruption;
};

/* Puts a struct gnet_stats_basic attribute of type 'type', of 'len' bytes
 * (0: the size of the struct). */
static void
put_basic(struct nlmsghdr *nlh, uint16_t type, uint64_t bytes,
          uint32_t packets, size_t len)
{
    struct gnet_stats_basic basic;

    /* The kernel clears the padding too. */
    memset(&basic, 0, sizeof basic);
    basic.bytes = bytes;
    basic.packets = packets;
    mnl_attr_put(nlh, type, len ? len : sizeof basic, &basic);
}

static void
put_action(struct nlmsghdr *nlh, uint16_t index, const struct act_spec *a,
           enum corruption corruption)
{
    struct nlattr *act = mnl_attr_nest_start(nlh, index);
    struct nlattr *opts;

    mnl_attr_put_strz(nlh, TCA_ACT_KIND, a->kind);
    if (a->stats) {
        struct nlattr *stats = mnl_attr_nest_start(nlh, TCA_ACT_STATS);
        struct gnet_stats_queue queue;

        if (corruption == PKT64_FIRST) {
            mnl_attr_put_u64(nlh, TCA_STATS_PKT64, 1);
        }
        put_basic(nlh, TCA_STATS_BASIC, a->bytes, a->packets,
                  corruption == BASIC_SHORT ? 8 : 0);
        if (a->pkt64) {
            if (corruption == PAD_BEFORE_PKT64) {
                mnl_attr_put(nlh, TCA_STATS_PAD, 0, NULL);
            }
            mnl_attr_put_u64(nlh, TCA_STATS_PKT64, a->pkt64);
        }
        if (a->hw) {
            put_basic(nlh, TCA_STATS_BASIC_HW, a->hw_bytes, a->hw_packets,
                      0);
            if (a->hw_pkt64) {
                mnl_attr_put_u64(nlh, TCA_STATS_PKT64, a->hw_pkt64);
            }
        }
        memset(&queue, 0, sizeof queue);
        mnl_attr_put(nlh, TCA_STATS_QUEUE, sizeof queue, &queue);
        if (corruption == UNKNOWN_ATTRS) {
            mnl_attr_put_u32(nlh, TCA_STATS_MAX + 20, 1);
        }
        mnl_attr_nest_end(nlh, stats);
    }
    if (a->cookie_len) {
        mnl_attr_put(nlh, TCA_ACT_COOKIE, a->cookie_len, a->cookie);
    }
    opts = mnl_attr_nest_start(nlh, TCA_ACT_OPTIONS);
    if (!strcmp(a->kind, "mirred")) {
        struct tc_mirred parms;

        memset(&parms, 0, sizeof parms);
        parms.action = TC_ACT_STOLEN;
        parms.eaction = TCA_EGRESS_REDIR;
        parms.ifindex = 9;
        mnl_attr_put(nlh, TCA_MIRRED_PARMS, sizeof parms, &parms);
    }
    mnl_attr_nest_end(nlh, opts);
    mnl_attr_nest_end(nlh, act);
}

/* Builds in 'buf' the RTM_NEWTFILTER message that 'm' describes, as a reply
 * to a dump with 'seq' on port 'portid'. */
static struct nlmsghdr *
build_filter_msg(void *buf, const struct msg_spec *m, uint32_t seq,
                 uint32_t portid)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct tcmsg *tcm;

    nlh->nlmsg_type = m->type ? m->type : RTM_NEWTFILTER;
    nlh->nlmsg_flags = NLM_F_MULTI;
    nlh->nlmsg_seq = seq;
    nlh->nlmsg_pid = portid;

    tcm = mnl_nlmsg_put_extra_header(nlh, sizeof *tcm);
    tcm->tcm_family = AF_UNSPEC;
    tcm->tcm_ifindex = m->ifindex;
    tcm->tcm_parent = m->parent;
    tcm->tcm_handle = m->handle;
    tcm->tcm_info = TC_H_MAKE((uint32_t) m->prio << 16, htons(m->protocol));

    if (m->kind) {
        if (m->corruption == KIND_UNTERMINATED) {
            mnl_attr_put(nlh, TCA_KIND, strlen(m->kind), m->kind);
        } else {
            mnl_attr_put_strz(nlh, TCA_KIND, m->kind);
        }
    }
    mnl_attr_put_u32(nlh, TCA_CHAIN, m->chain);
    if (m->corruption == UNKNOWN_ATTRS) {
        mnl_attr_put_u32(nlh, TCA_MAX + 30, 1);
    }
    if (!m->no_options) {
        struct nlattr *opts = mnl_attr_nest_start(nlh, TCA_OPTIONS);

        mnl_attr_put_u16(nlh, TCA_FLOWER_KEY_ETH_TYPE, htons(m->protocol));
        if (m->has_flags) {
            struct nlattr *flags = mnl_nlmsg_get_payload_tail(nlh);

            if (m->corruption == FLAGS_U16) {
                mnl_attr_put_u16(nlh, TCA_FLOWER_FLAGS, m->flags);
            } else if (m->corruption == FLAGS_U64) {
                mnl_attr_put_u64(nlh, TCA_FLOWER_FLAGS, m->flags);
            } else {
                mnl_attr_put_u32(nlh, TCA_FLOWER_FLAGS, m->flags);
            }
            if (m->corruption == TRUNCATED) {
                flags->nla_len = 2000;
            }
        }
        if (m->has_count) {
            if (m->corruption == COUNT_U16) {
                mnl_attr_put_u16(nlh, TCA_FLOWER_IN_HW_COUNT, m->count);
            } else {
                mnl_attr_put_u32(nlh, TCA_FLOWER_IN_HW_COUNT, m->count);
            }
        }
        if (m->corruption == UNKNOWN_ATTRS) {
            mnl_attr_put_u32(nlh, TCA_FLOWER_MAX + 40, 1);
        }
        if (m->acts[0].kind) {
            struct nlattr *acts = mnl_attr_nest_start(nlh, TCA_FLOWER_ACT);

            for (size_t i = 0; i < ARRAY_SIZE(m->acts) && m->acts[i].kind;
                 i++) {
                put_action(nlh, i + 1, &m->acts[i], m->corruption);
            }
            if (m->corruption == UNKNOWN_ATTRS) {
                mnl_attr_put_u32(nlh, TCA_ACT_MAX_PRIO + 5, 1);
            }
            mnl_attr_nest_end(nlh, acts);
        }
        mnl_attr_nest_end(nlh, opts);
    }
    return nlh;
}

/* Common parts of the test messages. */
#define FLOWER_DEV                                                      \
    .kind = "flower", .ifindex = 7, .parent = INGRESS_PARENT,           \
    .handle = 1, .chain = 0, .prio = 2, .protocol = ETH_P_IP
#define FLOWER_DEV_CHAIN                                                \
    .kind = "flower", .ifindex = 7, .parent = INGRESS_PARENT,           \
    .handle = 0x1f, .chain = 5, .prio = 4, .protocol = ETH_P_8021Q
#define FLOWER_BLOCK                                                    \
    .kind = "flower", .ifindex = TCM_IFINDEX_MAGIC_BLOCK, .parent = 22, \
    .handle = 3, .chain = 0, .prio = 1, .protocol = ETH_P_ALL

/* A mirred action with OVS's cookie, 10 packets and 1000 bytes in total,
 * 6 and 600 of which in hardware. */
#define MIRRED_HW                                                       \
    { .kind = "mirred", .cookie = ufid_cookie, .cookie_len = 16,        \
      .stats = true, .bytes = 1000, .packets = 10,                      \
      .hw = true, .hw_bytes = 600, .hw_packets = 6 }
#define MIRRED_SW                                                       \
    { .kind = "mirred", .cookie = ufid_cookie, .cookie_len = 16,        \
      .stats = true, .bytes = 1000, .packets = 10 }

/* Flags. */
#define IN_HW TCA_CLS_FLAGS_IN_HW
#define NOT_IN_HW TCA_CLS_FLAGS_NOT_IN_HW
#define SKIP_HW TCA_CLS_FLAGS_SKIP_HW
#define SKIP_SW TCA_CLS_FLAGS_SKIP_SW

struct parse_case {
    const char *name;
    struct msg_spec msg;
    unsigned int n_legs;

    /* Expected results. */
    int error;
    enum tc_offload_state state;
    const char *act_kind;
    unsigned int n_actions;
    const char *cookie_hex;
    bool has_stats;
    bool has_hw_stats;
    struct tc_flower_stats total;
    struct tc_flower_stats hw;
    struct tc_flower_stats sw;
};

static const struct parse_case parse_cases[] = {
    {
        .name = "in_hw, in_hw_count 2 of 2 legs",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 2, .acts = { MIRRED_HW } },
        .n_legs = 2,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true, .has_hw_stats = true,
        .total = { 10, 1000 }, .hw = { 6, 600 }, .sw = { 4, 400 },
    },
    {
        .name = "in_hw, in_hw_count 1 of 2 legs",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 1, .acts = { MIRRED_HW } },
        .n_legs = 2,
        .state = TC_OFFLOAD_PARTIAL, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true, .has_hw_stats = true,
        .total = { 10, 1000 }, .hw = { 6, 600 }, .sw = { 4, 400 },
    },
    {
        .name = "in_hw, in_hw_count 3 of 2 legs",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 3, .acts = { MIRRED_HW } },
        .n_legs = 2,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true, .has_hw_stats = true,
        .total = { 10, 1000 }, .hw = { 6, 600 }, .sw = { 4, 400 },
    },
    {
        .name = "in_hw without in_hw_count (before 4.20)",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .acts = { MIRRED_HW } },
        .n_legs = 2,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true, .has_hw_stats = true,
        .total = { 10, 1000 }, .hw = { 6, 600 }, .sw = { 4, 400 },
    },
    {
        .name = "in_hw, no expected legs",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 1, .acts = { MIRRED_HW } },
        .n_legs = 0,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true, .has_hw_stats = true,
        .total = { 10, 1000 }, .hw = { 6, 600 }, .sw = { 4, 400 },
    },
    {
        .name = "skip_sw in_hw, 1 of 1 leg",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = SKIP_SW | IN_HW,
                 .has_count = true, .count = 1, .acts = { MIRRED_HW } },
        .n_legs = 1,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true, .has_hw_stats = true,
        .total = { 10, 1000 }, .hw = { 6, 600 }, .sw = { 4, 400 },
    },
    {
        .name = "not_in_hw",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = NOT_IN_HW,
                 .has_count = true, .count = 0, .acts = { MIRRED_SW } },
        .n_legs = 2,
        .state = TC_OFFLOAD_NOT_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true,
        .total = { 10, 1000 }, .sw = { 10, 1000 },
    },
    {
        /* The kernel adds not_in_hw to skip_hw filters. */
        .name = "skip_hw not_in_hw",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = SKIP_HW | NOT_IN_HW,
                 .has_count = true, .count = 0, .acts = { MIRRED_SW } },
        .n_legs = 2,
        .state = TC_OFFLOAD_SKIP_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true,
        .total = { 10, 1000 }, .sw = { 10, 1000 },
    },
    {
        .name = "no flags (before 4.11)",
        .msg = { FLOWER_DEV, .acts = { MIRRED_SW } },
        .n_legs = 2,
        .state = TC_OFFLOAD_UNKNOWN, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true,
        .total = { 10, 1000 }, .sw = { 10, 1000 },
    },
    {
        .name = "flags without in_hw or not_in_hw",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = SKIP_SW,
                 .acts = { MIRRED_SW } },
        .n_legs = 1,
        .state = TC_OFFLOAD_UNKNOWN, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true,
        .total = { 10, 1000 }, .sw = { 10, 1000 },
    },
    {
        .name = "hardware counters above the total",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 1,
                 .acts = { { .kind = "mirred", .stats = true,
                             .bytes = 1000, .packets = 10, .hw = true,
                             .hw_bytes = 1500, .hw_packets = 12 } } },
        .n_legs = 1,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = "", .has_stats = true, .has_hw_stats = true,
        .total = { 10, 1000 }, .hw = { 12, 1500 }, .sw = { 0, 0 },
    },
    {
        .name = "64-bit packet counters",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 1,
                 .acts = { { .kind = "mirred", .stats = true,
                             .bytes = 900000000000ull, .packets = UINT32_MAX,
                             .pkt64 = 10000000000ull, .hw = true,
                             .hw_bytes = 500000000000ull,
                             .hw_packets = UINT32_MAX,
                             .hw_pkt64 = 6000000000ull } } },
        .n_legs = 1,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = "", .has_stats = true, .has_hw_stats = true,
        .total = { 10000000000ull, 900000000000ull },
        .hw = { 6000000000ull, 500000000000ull },
        .sw = { 4000000000ull, 400000000000ull },
    },
    {
        .name = "padding before TCA_STATS_PKT64",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = NOT_IN_HW,
                 .acts = { { .kind = "gact", .stats = true, .bytes = 7,
                             .packets = 1, .pkt64 = 1ull << 40 } },
                 .corruption = PAD_BEFORE_PKT64 },
        .n_legs = 1,
        .state = TC_OFFLOAD_NOT_IN_HW, .act_kind = "gact", .n_actions = 1,
        .cookie_hex = "", .has_stats = true,
        .total = { 1ull << 40, 7 }, .sw = { 1ull << 40, 7 },
    },
    {
        /* OVS puts a meter's police action first, without a cookie.  The
         * counters are those of the busier action. */
        .name = "police then mirred",
        .msg = { FLOWER_DEV_CHAIN, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 2,
                 .acts = { { .kind = "police", .stats = true, .bytes = 2000,
                             .packets = 20, .hw = true, .hw_bytes = 1900,
                             .hw_packets = 19 },
                           { .kind = "mirred", .cookie = short_cookie,
                             .cookie_len = 4, .stats = true, .bytes = 1000,
                             .packets = 10, .hw = true, .hw_bytes = 900,
                             .hw_packets = 9 } } },
        .n_legs = 2,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "police", .n_actions = 2,
        .cookie_hex = "deadbeef", .has_stats = true, .has_hw_stats = true,
        .total = { 20, 2000 }, .hw = { 19, 1900 }, .sw = { 1, 100 },
    },
    {
        .name = "no actions",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 1 },
        .n_legs = 1,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "", .n_actions = 0,
        .cookie_hex = "",
    },
    {
        .name = "action without stats",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 1,
                 .acts = { { .kind = "gact" } } },
        .n_legs = 1,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "gact", .n_actions = 1,
        .cookie_hex = "",
    },
    {
        .name = "unknown attributes are ignored",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 2, .acts = { MIRRED_HW },
                 .corruption = UNKNOWN_ATTRS },
        .n_legs = 2,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true, .has_hw_stats = true,
        .total = { 10, 1000 }, .hw = { 6, 600 }, .sw = { 4, 400 },
    },
    {
        .name = "filter on a shared block",
        .msg = { FLOWER_BLOCK, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 2, .acts = { MIRRED_HW } },
        .n_legs = 2,
        .state = TC_OFFLOAD_IN_HW, .act_kind = "mirred", .n_actions = 1,
        .cookie_hex = UFID_HEX, .has_stats = true, .has_hw_stats = true,
        .total = { 10, 1000 }, .hw = { 6, 600 }, .sw = { 4, 400 },
    },

    /* Skipped messages. */
    {
        .name = "matchall filter",
        .msg = { .kind = "matchall", .ifindex = 7, .parent = INGRESS_PARENT,
                 .handle = 1, .prio = 1, .protocol = ETH_P_ALL,
                 .has_flags = true, .flags = NOT_IN_HW },
        .error = EAFNOSUPPORT,
    },
    {
        .name = "classifier header without a filter",
        .msg = { .kind = "flower", .ifindex = 7, .parent = INGRESS_PARENT,
                 .prio = 2, .protocol = ETH_P_IP, .no_options = true },
        .error = ENOENT,
    },

    /* Malformed messages. */
    {
        .name = "TCA_FLOWER_FLAGS of 2 bytes",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .acts = { MIRRED_HW }, .corruption = FLAGS_U16 },
        .error = EINVAL,
    },
    {
        .name = "TCA_FLOWER_FLAGS of 8 bytes",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .acts = { MIRRED_HW }, .corruption = FLAGS_U64 },
        .error = EINVAL,
    },
    {
        .name = "TCA_FLOWER_IN_HW_COUNT of 2 bytes",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .has_count = true, .count = 1, .acts = { MIRRED_HW },
                 .corruption = COUNT_U16 },
        .error = EINVAL,
    },
    {
        .name = "attribute longer than its nest",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .acts = { MIRRED_HW }, .corruption = TRUNCATED },
        .error = EINVAL,
    },
    {
        .name = "cookie of 17 bytes",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .acts = { { .kind = "mirred", .cookie = long_cookie,
                             .cookie_len = 17 } } },
        .error = EINVAL,
    },
    {
        .name = "TCA_STATS_PKT64 before any counter",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .acts = { MIRRED_HW }, .corruption = PKT64_FIRST },
        .error = EINVAL,
    },
    {
        .name = "TCA_STATS_BASIC of 8 bytes",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .acts = { MIRRED_HW }, .corruption = BASIC_SHORT },
        .error = EINVAL,
    },
    {
        .name = "TCA_KIND without NUL",
        .msg = { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
                 .corruption = KIND_UNTERMINATED },
        .error = EINVAL,
    },
    {
        .name = "no TCA_KIND",
        .msg = { .ifindex = 7, .parent = INGRESS_PARENT, .handle = 1,
                 .has_flags = true, .flags = IN_HW },
        .error = EINVAL,
    },
    {
        .name = "not RTM_NEWTFILTER",
        .msg = { FLOWER_DEV, .type = RTM_NEWQDISC },
        .error = EINVAL,
    },
};

/* Fails the test case 'c' if 'A' != 'B', naming the case. */
#define EXPECT_EQ(A, B)                                                 \
    do {                                                                \
        unsigned long long int a_ = (A);                                \
        unsigned long long int b_ = (B);                                \
                                                                        \
        if (a_ != b_) {                                                 \
            fail_msg("%s: %s is %llu, expected %llu", c->name, #A, a_, \
                     b_);                                               \
        }                                                               \
    } while (0)

static void
check_parse_case(const struct parse_case *c)
{
    uint32_t buf[MSG_WORDS];
    struct tc_flower_filter f;
    const struct msg_spec *m = &c->msg;
    struct nlmsghdr *nlh = build_filter_msg(buf, m, TEST_SEQ, TEST_PORTID);
    int error;

    assert_true(nlh->nlmsg_len <= sizeof buf);
    error = tc_flower_parse_msg(nlh, &f);
    if (error != c->error) {
        fail_msg("%s: expected error %d, got %d", c->name, c->error, error);
    }
    if (error) {
        return;
    }

    EXPECT_EQ(f.ifindex, m->ifindex);
    EXPECT_EQ(f.parent, m->parent);
    EXPECT_EQ(f.block_index,
              m->ifindex == TCM_IFINDEX_MAGIC_BLOCK ? m->parent : 0);
    EXPECT_EQ(f.handle, m->handle);
    EXPECT_EQ(f.chain, m->chain);
    EXPECT_EQ(f.prio, m->prio);
    EXPECT_EQ(f.protocol, m->protocol);
    EXPECT_EQ(f.has_flags, m->has_flags);
    EXPECT_EQ(f.flags, m->flags);
    EXPECT_EQ(f.has_in_hw_count, m->has_count);
    EXPECT_EQ(f.in_hw_count, m->count);

    if (tc_flower_classify(&f, c->n_legs) != c->state) {
        fail_msg("%s: expected %s, got %s", c->name,
                 tc_offload_state_to_string(c->state),
                 tc_offload_state_to_string(tc_flower_classify(&f,
                                                               c->n_legs)));
    }
    if (strcmp(f.act_kind, c->act_kind)
        || strcmp(f.cookie_hex, c->cookie_hex)) {
        fail_msg("%s: expected kind \"%s\" cookie \"%s\", got \"%s\" "
                 "\"%s\"", c->name, c->act_kind, c->cookie_hex, f.act_kind,
                 f.cookie_hex);
    }
    EXPECT_EQ(f.n_actions, c->n_actions);
    EXPECT_EQ(f.cookie_len, strlen(c->cookie_hex) / 2);

    EXPECT_EQ(f.has_stats, c->has_stats);
    EXPECT_EQ(f.has_hw_stats, c->has_hw_stats);
    EXPECT_EQ(f.total.n_packets, c->total.n_packets);
    EXPECT_EQ(f.total.n_bytes, c->total.n_bytes);
    EXPECT_EQ(f.hw.n_packets, c->hw.n_packets);
    EXPECT_EQ(f.hw.n_bytes, c->hw.n_bytes);
    EXPECT_EQ(f.sw.n_packets, c->sw.n_packets);
    EXPECT_EQ(f.sw.n_bytes, c->sw.n_bytes);
}

static void
test_parse_table(void **state OVS_UNUSED)
{
    for (size_t i = 0; i < ARRAY_SIZE(parse_cases); i++) {
        check_parse_case(&parse_cases[i]);
    }
}

static void
test_parse_short_message(void **state OVS_UNUSED)
{
    static const struct msg_spec m = { FLOWER_DEV, .has_flags = true,
                                       .flags = IN_HW };
    uint32_t buf[MSG_WORDS];
    struct nlmsghdr *nlh = build_filter_msg(buf, &m, 1, 1);
    const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);
    struct tc_flower_filter f;

    /* Only part of the tcmsg. */
    nlh->nlmsg_len = NLMSG_HDRLEN + sizeof *tcm - 4;
    assert_int_equal(tc_flower_parse_msg(nlh, &f), EINVAL);

    /* A tcmsg and no attributes at all: no TCA_KIND. */
    nlh->nlmsg_len = NLMSG_HDRLEN + sizeof *tcm;
    assert_int_equal(tc_flower_parse_msg(nlh, &f), EINVAL);
}

static void
test_ufid(void **state OVS_UNUSED)
{
    static const struct msg_spec with_ufid = {
        FLOWER_DEV, .has_flags = true, .flags = IN_HW,
        .acts = { MIRRED_HW },
    };
    static const struct msg_spec with_short = {
        FLOWER_DEV, .has_flags = true, .flags = IN_HW,
        .acts = { { .kind = "gact", .cookie = short_cookie,
                    .cookie_len = 4 } },
    };
    uint32_t buf[MSG_WORDS];
    struct tc_flower_filter f;
    ovs_u128 ufid;

    build_filter_msg(buf, &with_ufid, 1, 1);
    assert_int_equal(tc_flower_parse_msg((struct nlmsghdr *) buf, &f), 0);
    assert_true(tc_flower_filter_get_ufid(&f, &ufid));
    assert_memory_equal(&ufid, ufid_cookie, sizeof ufid);

    build_filter_msg(buf, &with_short, 1, 1);
    assert_int_equal(tc_flower_parse_msg((struct nlmsghdr *) buf, &f), 0);
    assert_false(tc_flower_filter_get_ufid(&f, &ufid));
}

struct classify_case {
    bool has_flags;
    uint32_t flags;
    bool has_count;
    uint32_t count;
    unsigned int n_legs;
    enum tc_offload_state state;
};

static const struct classify_case classify_cases[] = {
    { false, 0, false, 0, 2, TC_OFFLOAD_UNKNOWN },
    { true, 0, false, 0, 2, TC_OFFLOAD_UNKNOWN },
    { true, SKIP_SW, true, 0, 2, TC_OFFLOAD_UNKNOWN },
    { true, IN_HW, true, 2, 2, TC_OFFLOAD_IN_HW },
    { true, IN_HW, true, 1, 2, TC_OFFLOAD_PARTIAL },
    { true, IN_HW, true, 0, 1, TC_OFFLOAD_PARTIAL },
    { true, IN_HW, true, 1, 1, TC_OFFLOAD_IN_HW },
    { true, IN_HW, true, 1, 0, TC_OFFLOAD_IN_HW },
    { true, IN_HW, false, 0, 2, TC_OFFLOAD_IN_HW },
    { true, IN_HW | SKIP_SW, true, 1, 2, TC_OFFLOAD_PARTIAL },
    { true, NOT_IN_HW, true, 0, 2, TC_OFFLOAD_NOT_IN_HW },
    { true, NOT_IN_HW, false, 0, 0, TC_OFFLOAD_NOT_IN_HW },
    { true, NOT_IN_HW | IN_HW, true, 1, 1, TC_OFFLOAD_NOT_IN_HW },
    { true, SKIP_HW, false, 0, 2, TC_OFFLOAD_SKIP_HW },
    { true, SKIP_HW | NOT_IN_HW, true, 0, 2, TC_OFFLOAD_SKIP_HW },
};

static void
test_classify_table(void **state OVS_UNUSED)
{
    for (size_t i = 0; i < ARRAY_SIZE(classify_cases); i++) {
        const struct classify_case *c = &classify_cases[i];
        struct tc_flower_filter f;
        enum tc_offload_state got;

        memset(&f, 0, sizeof f);
        f.has_flags = c->has_flags;
        f.flags = c->flags;
        f.has_in_hw_count = c->has_count;
        f.in_hw_count = c->count;
        got = tc_flower_classify(&f, c->n_legs);
        if (got != c->state) {
            fail_msg("case %"PRIuSIZE": expected %s, got %s", i,
                     tc_offload_state_to_string(c->state),
                     tc_offload_state_to_string(got));
        }
    }
}

static void
test_state_names(void **state OVS_UNUSED)
{
    static const char *const names[] = {
        [TC_OFFLOAD_IN_HW] = "in_hw",
        [TC_OFFLOAD_NOT_IN_HW] = "not_in_hw",
        [TC_OFFLOAD_PARTIAL] = "partial",
        [TC_OFFLOAD_SKIP_HW] = "skip_hw",
        [TC_OFFLOAD_UNKNOWN] = "unknown",
    };

    assert_int_equal(ARRAY_SIZE(names), TC_OFFLOAD_MAX);
    for (int i = 0; i < TC_OFFLOAD_MAX; i++) {
        assert_string_equal(tc_offload_state_to_string(i), names[i]);
    }
    assert_string_equal(tc_offload_state_to_string(TC_OFFLOAD_MAX),
                        "<invalid>");
}

static void
test_summary(void **state OVS_UNUSED)
{
    struct tc_flower_summary s;
    struct tc_flower_filter f;

    tc_flower_summary_init(&s);

    memset(&f, 0, sizeof f);
    f.has_flags = true;
    f.flags = IN_HW;
    f.has_in_hw_count = true;
    f.in_hw_count = 2;
    f.has_stats = true;
    f.hw = (struct tc_flower_stats) { 6, 600 };
    f.sw = (struct tc_flower_stats) { 4, 400 };
    tc_flower_summary_add(&s, &f, 2);

    f.in_hw_count = 1;
    tc_flower_summary_add(&s, &f, 2);

    f.flags = SKIP_HW | NOT_IN_HW;
    f.hw = (struct tc_flower_stats) { 0, 0 };
    f.sw = (struct tc_flower_stats) { 1, 100 };
    tc_flower_summary_add(&s, &f, 2);

    /* Without stats: counted, nothing summed. */
    f.flags = NOT_IN_HW;
    f.has_stats = false;
    f.sw = (struct tc_flower_stats) { 1000, 1000 };
    tc_flower_summary_add(&s, &f, 2);

    f.has_flags = false;
    tc_flower_summary_add(&s, &f, 2);

    assert_int_equal(s.n_filters, 5);
    assert_int_equal(s.n_state[TC_OFFLOAD_IN_HW], 1);
    assert_int_equal(s.n_state[TC_OFFLOAD_PARTIAL], 1);
    assert_int_equal(s.n_state[TC_OFFLOAD_SKIP_HW], 1);
    assert_int_equal(s.n_state[TC_OFFLOAD_NOT_IN_HW], 1);
    assert_int_equal(s.n_state[TC_OFFLOAD_UNKNOWN], 1);
    assert_true(s.hw.n_packets == 12 && s.hw.n_bytes == 1200);
    assert_true(s.sw.n_packets == 9 && s.sw.n_bytes == 900);

    /* Sums saturate. */
    f.has_flags = true;
    f.flags = IN_HW;
    f.has_stats = true;
    f.hw = (struct tc_flower_stats) { UINT64_MAX - 1, UINT64_MAX - 1 };
    tc_flower_summary_add(&s, &f, 0);
    assert_true(s.hw.n_packets == UINT64_MAX);
    assert_true(s.hw.n_bytes == UINT64_MAX);
}

/* Reads the u32 at 'offset' of 'nlh', in host byte order. */
static uint32_t
get_u32_at(const struct nlmsghdr *nlh, size_t offset)
{
    uint32_t value;

    memcpy(&value, (const char *) nlh + offset, sizeof value);
    return value;
}

static void
test_dump_request(void **state OVS_UNUSED)
{
    static const struct {
        struct tc_flower_dump_target target;
        uint32_t ifindex;
        uint32_t parent;
    } cases[] = {
        { { .ifindex = 7 }, 7, 0xfffffff2 },
        { { .ifindex = 7, .block_index = 22 }, 0xffffffff, 22 },
        { { .block_index = 0x7fffffff }, 0xffffffff, 0x7fffffff },
    };
    /* Offsets of the fields of struct tcmsg in the message. */
    const size_t family = NLMSG_HDRLEN + offsetof(struct tcmsg, tcm_family);
    const size_t ifindex = NLMSG_HDRLEN + offsetof(struct tcmsg,
                                                   tcm_ifindex);
    const size_t handle = NLMSG_HDRLEN + offsetof(struct tcmsg, tcm_handle);
    const size_t parent = NLMSG_HDRLEN + offsetof(struct tcmsg, tcm_parent);
    const size_t info = NLMSG_HDRLEN + offsetof(struct tcmsg, tcm_info);

    assert_int_equal(ifindex, 20);
    assert_int_equal(parent, 28);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        uint32_t buf[TC_FLOWER_DUMP_REQUEST_SIZE / 4];
        struct nlmsghdr *nlh;

        memset(buf, 0xa5, sizeof buf);
        nlh = tc_flower_build_dump_request(buf, &cases[i].target, 99);
        assert_ptr_equal(nlh, buf);
        assert_int_equal(nlh->nlmsg_len, 36);
        assert_int_equal(nlh->nlmsg_type, RTM_GETTFILTER);
        assert_int_equal(nlh->nlmsg_type, 46);
        assert_int_equal(nlh->nlmsg_flags, 0x0301);
        assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
        assert_int_equal(nlh->nlmsg_seq, 99);
        assert_int_equal(nlh->nlmsg_pid, 0);
        assert_int_equal(((const uint8_t *) buf)[family], AF_UNSPEC);
        assert_int_equal(get_u32_at(nlh, ifindex), cases[i].ifindex);
        assert_int_equal(get_u32_at(nlh, parent), cases[i].parent);
        assert_int_equal(get_u32_at(nlh, handle), 0);
        assert_int_equal(get_u32_at(nlh, info), 0);
    }
}

/* Dump parser. */

struct dump_aux {
    struct tc_flower_summary summary;
    unsigned int n_legs;
    uint32_t last_handle;
};

static void
dump_cb(const struct tc_flower_filter *filter, void *aux_)
{
    struct dump_aux *aux = aux_;

    tc_flower_summary_add(&aux->summary, filter, aux->n_legs);
    aux->last_handle = filter->handle;
}

/* Appends to the 'len' bytes of messages in 'buf' the one that 'm'
 * describes.  Returns the new length. */
static size_t
append_filter(uint32_t *buf, size_t len, const struct msg_spec *m,
              uint32_t seq, uint32_t portid)
{
    struct nlmsghdr *nlh;

    assert_true(len % 4 == 0);
    nlh = build_filter_msg(buf + len / 4, m, seq, portid);
    return len + MNL_ALIGN(nlh->nlmsg_len);
}

/* Builds in 'buf' an NLMSG_DONE with 'status' and, if 'extack' is nonnull,
 * an extended ack message.  Returns its length. */
static size_t
build_done(uint32_t *buf, int status, const char *extack, uint32_t seq,
           uint32_t portid)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    int *payload;

    nlh->nlmsg_type = NLMSG_DONE;
    nlh->nlmsg_flags = NLM_F_MULTI;
    nlh->nlmsg_seq = seq;
    nlh->nlmsg_pid = portid;
    payload = mnl_nlmsg_put_extra_header(nlh, sizeof *payload);
    *payload = status;
    if (extack) {
        nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
        mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
    }
    return nlh->nlmsg_len;
}

/* Builds in 'buf' an NLMSG_ERROR with 'error' (negative) for the dump
 * request, capped or with the request copied, and an extended ack message
 * 'extack' (if nonnull) behind an NLMSGERR_ATTR_OFFS.  Returns its
 * length. */
static size_t
build_error(uint32_t *buf, int error, bool capped, const char *extack,
            uint32_t seq, uint32_t portid)
{
    static const struct tc_flower_dump_target target = { .ifindex = 3 };
    uint32_t req[TC_FLOWER_DUMP_REQUEST_SIZE / 4];
    struct nlmsghdr *request = tc_flower_build_dump_request(req, &target,
                                                            seq);
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct nlmsgerr *err;

    request->nlmsg_pid = portid;
    nlh->nlmsg_type = NLMSG_ERROR;
    nlh->nlmsg_seq = seq;
    nlh->nlmsg_pid = portid;
    err = mnl_nlmsg_put_extra_header(nlh, sizeof *err);
    err->error = error;
    err->msg = *request;
    if (capped) {
        nlh->nlmsg_flags |= NLM_F_CAPPED;
    } else {
        void *copy = mnl_nlmsg_put_extra_header(
            nlh, request->nlmsg_len - NLMSG_HDRLEN);
        memcpy(copy, mnl_nlmsg_get_payload(request),
               request->nlmsg_len - NLMSG_HDRLEN);
    }
    if (extack) {
        nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
        mnl_attr_put_u32(nlh, NLMSGERR_ATTR_OFFS, 20);
        mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, extack);
    }
    return nlh->nlmsg_len;
}

static const struct msg_spec dump_header = {
    .kind = "flower", .ifindex = 7, .parent = INGRESS_PARENT, .prio = 2,
    .protocol = ETH_P_IP, .no_options = true,
};
static const struct msg_spec dump_in_hw = {
    FLOWER_DEV, .has_flags = true, .flags = IN_HW, .has_count = true,
    .count = 2, .acts = { MIRRED_HW },
};
static const struct msg_spec dump_matchall = {
    .kind = "matchall", .ifindex = 7, .parent = INGRESS_PARENT, .handle = 1,
    .prio = 1, .protocol = ETH_P_ALL, .has_flags = true, .flags = NOT_IN_HW,
};
static const struct msg_spec dump_not_in_hw = {
    FLOWER_DEV_CHAIN, .has_flags = true, .flags = NOT_IN_HW,
    .has_count = true, .acts = { MIRRED_SW },
};
static const struct msg_spec dump_malformed = {
    FLOWER_DEV, .has_flags = true, .flags = IN_HW, .acts = { MIRRED_HW },
    .corruption = FLAGS_U16,
};

static void
test_dump_parser_ok(void **state OVS_UNUSED)
{
    struct dump_aux aux = { .n_legs = 2 };
    struct tc_flower_dump_parser *p;
    uint32_t buf[4 * MSG_WORDS];
    char *extack = (char *) "not touched";
    size_t len = 0;

    tc_flower_summary_init(&aux.summary);
    p = tc_flower_dump_parser_create(TEST_SEQ, TEST_PORTID, dump_cb, &aux);

    /* First datagram: a classifier header, two flower filters and a
     * matchall filter. */
    len = append_filter(buf, len, &dump_header, TEST_SEQ, TEST_PORTID);
    len = append_filter(buf, len, &dump_in_hw, TEST_SEQ, TEST_PORTID);
    len = append_filter(buf, len, &dump_matchall, TEST_SEQ, TEST_PORTID);
    len = append_filter(buf, len, &dump_not_in_hw, TEST_SEQ, TEST_PORTID);
    assert_true(len <= sizeof buf);
    assert_true(tc_flower_dump_parser_feed(p, buf, len));
    assert_int_equal(aux.summary.n_filters, 2);
    assert_int_equal(aux.last_handle, 0x1f);

    /* Second datagram: the end. */
    len = build_done(buf, 0, NULL, TEST_SEQ, TEST_PORTID);
    assert_false(tc_flower_dump_parser_feed(p, buf, len));

    /* Nothing more is taken after the end. */
    len = append_filter(buf, 0, &dump_in_hw, TEST_SEQ, TEST_PORTID);
    assert_false(tc_flower_dump_parser_feed(p, buf, len));

    assert_int_equal(tc_flower_dump_parser_finish(p, &extack), 0);
    assert_null(extack);
    assert_int_equal(aux.summary.n_filters, 2);
    assert_int_equal(aux.summary.n_state[TC_OFFLOAD_IN_HW], 1);
    assert_int_equal(aux.summary.n_state[TC_OFFLOAD_NOT_IN_HW], 1);
    assert_true(aux.summary.hw.n_packets == 6);
    assert_true(aux.summary.sw.n_packets == 14);
    assert_true(aux.summary.sw.n_bytes == 1400);
}

static void
test_dump_parser_malformed_filter(void **state OVS_UNUSED)
{
    struct dump_aux aux = { .n_legs = 2 };
    struct tc_flower_dump_parser *p;
    uint32_t buf[4 * MSG_WORDS];
    char *extack;
    size_t len = 0;

    tc_flower_summary_init(&aux.summary);
    p = tc_flower_dump_parser_create(TEST_SEQ, TEST_PORTID, dump_cb, &aux);
    len = append_filter(buf, len, &dump_in_hw, TEST_SEQ, TEST_PORTID);
    len = append_filter(buf, len, &dump_malformed, TEST_SEQ, TEST_PORTID);
    len = append_filter(buf, len, &dump_not_in_hw, TEST_SEQ, TEST_PORTID);
    assert_true(tc_flower_dump_parser_feed(p, buf, len));
    len = build_done(buf, 0, NULL, TEST_SEQ, TEST_PORTID);
    assert_false(tc_flower_dump_parser_feed(p, buf, len));

    /* The dump went on past the bad filter, and reports it. */
    assert_int_equal(tc_flower_dump_parser_finish(p, &extack), EPROTO);
    assert_null(extack);
    assert_int_equal(aux.summary.n_filters, 2);
}

/* How a dump ends, and with what result. */
enum dump_end {
    END_DONE_ERROR,             /* NLMSG_DONE with a negative status. */
    END_ERROR_CAPPED,           /* NLMSG_ERROR, request left out. */
    END_ERROR_FULL,             /* NLMSG_ERROR with the request. */
    END_RECV_ERROR,             /* recv() failed. */
    END_DUMP_INTR,              /* A message flagged NLM_F_DUMP_INTR,
                                 * then NLMSG_DONE. */
    END_WRONG_SEQ,              /* A message of another sequence number
                                 * (skipped as stale), then nothing. */
    END_WRONG_PORTID,           /* A message for another socket (skipped),
                                 * then nothing. */
    END_NONE,                   /* The data just stops. */
    END_GARBAGE,                /* Fewer bytes than a message header. */
};

struct dump_end_case {
    const char *name;
    enum dump_end end;
    int error;                  /* Errno value the end carries. */
    const char *extack;         /* Kernel text the end carries. */

    int expected;               /* Result of the dump. */
};

static const struct dump_end_case dump_end_cases[] = {
    { "NLMSG_DONE -ENOBUFS", END_DONE_ERROR, ENOBUFS, NULL, ENOBUFS },
    { "NLMSG_DONE -EMSGSIZE with extack", END_DONE_ERROR, EMSGSIZE,
      "Filter dump too large", EMSGSIZE },
    { "NLMSG_ERROR capped", END_ERROR_CAPPED, EINVAL,
      "Cannot find specified filter chain", EINVAL },
    { "NLMSG_ERROR with the request", END_ERROR_FULL, EOPNOTSUPP,
      "Block does not exist", EOPNOTSUPP },
    { "NLMSG_ERROR without extack", END_ERROR_FULL, EPERM, NULL, EPERM },
    { "recv ENOBUFS", END_RECV_ERROR, ENOBUFS, NULL, ENOBUFS },
    { "NLM_F_DUMP_INTR", END_DUMP_INTR, 0, NULL, EAGAIN },
    { "wrong sequence number", END_WRONG_SEQ, 0, NULL, EPROTO },
    { "wrong port id", END_WRONG_PORTID, 0, NULL, EPROTO },
    { "no NLMSG_DONE", END_NONE, 0, NULL, EPROTO },
    { "truncated message", END_GARBAGE, 0, NULL, EPROTO },
};

static void
check_dump_end(const struct dump_end_case *c)
{
    struct dump_aux aux = { .n_legs = 2 };
    struct tc_flower_dump_parser *p;
    uint32_t buf[4 * MSG_WORDS];
    char *extack;
    size_t len;
    bool more;
    int error;

    tc_flower_summary_init(&aux.summary);
    p = tc_flower_dump_parser_create(TEST_SEQ, TEST_PORTID, dump_cb, &aux);
    len = append_filter(buf, 0, &dump_in_hw, TEST_SEQ, TEST_PORTID);
    assert_true(tc_flower_dump_parser_feed(p, buf, len));

    more = false;
    switch (c->end) {
    case END_DONE_ERROR:
        len = build_done(buf, -c->error, c->extack, TEST_SEQ, TEST_PORTID);
        more = tc_flower_dump_parser_feed(p, buf, len);
        break;
    case END_ERROR_CAPPED:
    case END_ERROR_FULL:
        len = build_error(buf, -c->error, c->end == END_ERROR_CAPPED,
                          c->extack, TEST_SEQ, TEST_PORTID);
        more = tc_flower_dump_parser_feed(p, buf, len);
        break;
    case END_RECV_ERROR:
        tc_flower_dump_parser_set_error(p, c->error);
        more = tc_flower_dump_parser_feed(p, buf, len);
        break;
    case END_DUMP_INTR:
        /* The dump goes on to its end, then fails. */
        len = append_filter(buf, 0, &dump_in_hw, TEST_SEQ, TEST_PORTID);
        ((struct nlmsghdr *) buf)->nlmsg_flags |= NLM_F_DUMP_INTR;
        assert_true(tc_flower_dump_parser_feed(p, buf, len));
        len = build_done(buf, 0, NULL, TEST_SEQ, TEST_PORTID);
        more = tc_flower_dump_parser_feed(p, buf, len);
        break;
    case END_WRONG_SEQ:
    case END_WRONG_PORTID:
        /* A stale message is skipped: the parser still waits for the end,
         * which does not come. */
        len = append_filter(buf, 0, &dump_in_hw,
                            TEST_SEQ + (c->end == END_WRONG_SEQ),
                            TEST_PORTID + (c->end == END_WRONG_PORTID));
        assert_true(tc_flower_dump_parser_feed(p, buf, len));
        break;
    case END_NONE:
        break;
    case END_GARBAGE:
        more = tc_flower_dump_parser_feed(p, buf, NLMSG_HDRLEN - 1);
        break;
    }
    if (more) {
        fail_msg("%s: the parser wants more data", c->name);
    }

    error = tc_flower_dump_parser_finish(p, &extack);
    if (error != c->expected) {
        fail_msg("%s: expected error %d, got %d", c->name, c->expected,
                 error);
    }
    if (c->extack) {
        assert_non_null(extack);
        assert_string_equal(extack, c->extack);
    } else {
        assert_null(extack);
    }
    free(extack);

    /* The filter before the end was seen (and the one flagged
     * NLM_F_DUMP_INTR). */
    assert_int_equal(aux.summary.n_filters, c->end == END_DUMP_INTR ? 2 : 1);
}

static void
test_dump_parser_ends(void **state OVS_UNUSED)
{
    for (size_t i = 0; i < ARRAY_SIZE(dump_end_cases); i++) {
        check_dump_end(&dump_end_cases[i]);
    }

    /* Finishing a null parser, with and without extack. */
    char *extack = (char *) "not touched";
    assert_int_equal(tc_flower_dump_parser_finish(NULL, &extack), 0);
    assert_null(extack);
    assert_int_equal(tc_flower_dump_parser_finish(NULL, NULL), 0);
}

/* 100,000 filters through the dump parser, in datagrams of 100 filters fed
 * from one reused buffer, as a real dump of that size arrives.  The test
 * checks the counts only: a quadratic parser would show as a slow test. */
static void
test_dump_parser_100k(void **state OVS_UNUSED)
{
    enum { PER_CHUNK = 100, N_CHUNKS = 1000, N = PER_CHUNK * N_CHUNKS };
    static const struct msg_spec kinds[4] = {
        { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
          .has_count = true, .count = 2, .acts = { MIRRED_HW } },
        { FLOWER_DEV, .has_flags = true, .flags = IN_HW,
          .has_count = true, .count = 1, .acts = { MIRRED_HW } },
        { FLOWER_DEV, .has_flags = true, .flags = NOT_IN_HW,
          .has_count = true, .acts = { MIRRED_SW } },
        { FLOWER_DEV, .has_flags = true, .flags = SKIP_HW | NOT_IN_HW,
          .has_count = true, .acts = { MIRRED_SW } },
    };
    struct dump_aux aux = { .n_legs = 2 };
    struct tc_flower_dump_parser *p;
    size_t len = 0;
    uint32_t *buf;
    char *extack;

    buf = xmalloc(PER_CHUNK * MSG_WORDS * sizeof *buf);
    for (size_t i = 0; i < PER_CHUNK; i++) {
        len = append_filter(buf, len, &kinds[i % 4], TEST_SEQ, TEST_PORTID);
    }
    assert_true(len <= 32768);

    tc_flower_summary_init(&aux.summary);
    p = tc_flower_dump_parser_create(TEST_SEQ, TEST_PORTID, dump_cb, &aux);
    for (size_t i = 0; i < N_CHUNKS; i++) {
        assert_true(tc_flower_dump_parser_feed(p, buf, len));
    }
    len = build_done(buf, 0, NULL, TEST_SEQ, TEST_PORTID);
    assert_false(tc_flower_dump_parser_feed(p, buf, len));
    assert_int_equal(tc_flower_dump_parser_finish(p, &extack), 0);
    free(buf);

    assert_int_equal(aux.summary.n_filters, N);
    assert_int_equal(aux.summary.n_state[TC_OFFLOAD_IN_HW], N / 4);
    assert_int_equal(aux.summary.n_state[TC_OFFLOAD_PARTIAL], N / 4);
    assert_int_equal(aux.summary.n_state[TC_OFFLOAD_NOT_IN_HW], N / 4);
    assert_int_equal(aux.summary.n_state[TC_OFFLOAD_SKIP_HW], N / 4);
    assert_int_equal(aux.summary.n_state[TC_OFFLOAD_UNKNOWN], 0);
    assert_true(aux.summary.hw.n_packets == 6ull * N / 2);
    assert_true(aux.summary.hw.n_bytes == 600ull * N / 2);
    assert_true(aux.summary.sw.n_packets == 4ull * N / 2 + 10ull * N / 2);
    assert_true(aux.summary.sw.n_bytes == 400ull * N / 2 + 1000ull * N / 2);
}

/* Live dumps.  The kernel need not have cls_flower: a dump of a device
 * without a clsact qdisc, or of a block that does not exist, is empty. */

static void
skip_if_no_rtnetlink(int error)
{
    if (error == EAFNOSUPPORT || error == EPROTONOSUPPORT
        || error == EPERM || error == EACCES) {
        skip();
    }
}

static void
test_live_dump_lo(void **state OVS_UNUSED)
{
    struct tc_flower_dump_target target = {
        .ifindex = if_nametoindex("lo"),
    };
    struct tc_flower_summary summary;
    struct tc_flower_filter *filters;
    size_t n_filters;
    char *extack;
    int error;

    if (!target.ifindex) {
        skip();
    }
    error = tc_flower_dump_collect(&target, &filters, &n_filters, &extack);
    skip_if_no_rtnetlink(error);
    assert_int_equal(error, 0);
    assert_null(extack);

    tc_flower_summary_init(&summary);
    error = tc_flower_dump_summary(&target, 1, &summary, &extack);
    assert_int_equal(error, 0);
    assert_null(extack);
    assert_int_equal(summary.n_filters, n_filters);
    free(filters);
}

static void
test_live_dump_missing_block(void **state OVS_UNUSED)
{
    struct tc_flower_dump_target target = { .block_index = 0x7ffffff1 };
    struct tc_flower_filter *filters;
    size_t n_filters;
    char *extack;
    int error;

    error = tc_flower_dump_collect(&target, &filters, &n_filters, &extack);
    skip_if_no_rtnetlink(error);
    assert_int_equal(error, 0);
    assert_null(extack);
    assert_int_equal(n_filters, 0);
    free(filters);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_parse_short_message),
        cmocka_unit_test(test_ufid),
        cmocka_unit_test(test_classify_table),
        cmocka_unit_test(test_state_names),
        cmocka_unit_test(test_summary),
        cmocka_unit_test(test_dump_request),
        cmocka_unit_test(test_dump_parser_ok),
        cmocka_unit_test(test_dump_parser_malformed_filter),
        cmocka_unit_test(test_dump_parser_ends),
        cmocka_unit_test(test_dump_parser_100k),
        cmocka_unit_test(test_live_dump_lo),
        cmocka_unit_test(test_live_dump_missing_block),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
