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

#ifndef TC_FLOWER_H
#define TC_FLOWER_H 1

/* Reading TC flower filters over rtnetlink and telling whether they are in
 * hardware.
 *
 * OVS offloads a datapath flow as one TC flower filter on the ingress of the
 * input port, or on the shared block of a bond (all members of a bond share
 * the bond's block, whose index is the bond's ifindex).  The kernel reports
 * per filter whether the filter is in hardware (TCA_FLOWER_FLAGS), how many
 * hardware callbacks hold it (TCA_FLOWER_IN_HW_COUNT) and, per action, the
 * total and hardware-only counters.  OVS stores the flow's UFID in the
 * cookie of the filter's actions.
 *
 * The module has three layers:
 *
 *   - tc_flower_parse_msg() parses one RTM_NEWTFILTER message.  It does no
 *     I/O, so it is unit-tested with synthetic messages.
 *
 *   - tc_flower_classify() and struct tc_flower_summary turn filters into
 *     an offload state and per-device (or per-block) totals.
 *
 *   - tc_flower_dump() dumps the filters of a device's ingress or of a
 *     shared block ("tc -s filter show dev DEV ingress", "tc -s filter show
 *     block BLOCK") over its own libmnl socket, and hands each filter to a
 *     callback as it is parsed, so that memory use does not grow with the
 *     number of filters.  tc_flower_dump_collect() keeps them all, for the
 *     callers that ask for it.  The dump is blocking; struct
 *     tc_flower_dump_parser is its receive side without the socket, for a
 *     caller that runs its own (non-blocking) socket and for tests.
 *
 * All functions that can fail return 0 or a positive errno value. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "openvswitch/types.h"

struct nlmsghdr;

/* Largest action cookie the kernel accepts (TC_COOKIE_MAX_SIZE). */
#define TC_FLOWER_COOKIE_MAX 16

/* Room for an action kind: the kernel limits kinds to IFNAMSIZ bytes. */
#define TC_FLOWER_KIND_SIZE 16

/* Packet and byte counters. */
struct tc_flower_stats {
    uint64_t n_packets;         /* Packets. */
    uint64_t n_bytes;           /* Bytes, without the Ethernet header for
                                 * packets counted in hardware. */
};

/* One flower filter, as read from the kernel.  Plain data without pointers:
 * it may be copied with '=' and freed with free() when heap-allocated. */
struct tc_flower_filter {
    /* Where the filter is: tcm_ifindex is a device's ifindex, or
     * TCM_IFINDEX_MAGIC_BLOCK (0xffffffff) for a shared block, in which case
     * tcm_parent is the block index.  'block_index' is 0 for a device. */
    uint32_t ifindex;           /* tcm_ifindex. */
    uint32_t parent;            /* tcm_parent. */
    uint32_t block_index;       /* Shared block, or 0. */

    /* Identity of the filter: "tc filter ... chain CHAIN pref PRIO protocol
     * PROTOCOL handle HANDLE flower". */
    uint32_t chain;             /* TCA_CHAIN; 0 if absent (before 4.13). */
    uint16_t prio;              /* Upper 16 bits of tcm_info. */
    uint16_t protocol;          /* ETH_P_* in host byte order, from the
                                 * lower 16 bits of tcm_info. */
    uint32_t handle;            /* tcm_handle. */

    /* Offload state. */
    bool has_flags;             /* TCA_FLOWER_FLAGS present? */
    uint32_t flags;             /* TCA_CLS_FLAGS_* bits (linux/pkt_cls.h):
                                 * SKIP_HW, SKIP_SW, IN_HW and NOT_IN_HW
                                 * (the last two since Linux 4.11); 0 if
                                 * absent. */
    bool has_in_hw_count;       /* TCA_FLOWER_IN_HW_COUNT present? */
    uint32_t in_hw_count;       /* Hardware callbacks holding the filter. */

    /* Actions (TCA_FLOWER_ACT). */
    unsigned int n_actions;     /* Number of actions. */
    char act_kind[TC_FLOWER_KIND_SIZE]; /* Kind of the first action, e.g.
                                         * "mirred"; "" without actions. */

    /* The cookie of the first action that has one (OVS puts the flow's UFID
     * in all its actions except "police"), as raw bytes and as lowercase
     * hex ("" without a cookie). */
    size_t cookie_len;                      /* 0 without a cookie. */
    uint8_t cookie[TC_FLOWER_COOKIE_MAX];   /* 'cookie_len' bytes. */
    char cookie_hex[2 * TC_FLOWER_COOKIE_MAX + 1];  /* Lowercase hex. */

    /* Counters of the action that saw the most packets (the actions after a
     * terminal action see fewer; OVS takes the largest counter too).
     * 'total' is TCA_STATS_BASIC, 'hw' TCA_STATS_BASIC_HW (since 4.20), and
     * 'sw' is total - hw, clamped at 0 (the two are not read atomically).
     * Without hardware counters, 'hw' is 0 and 'sw' is 'total'. */
    bool has_stats;             /* Some action had TCA_STATS_BASIC? */
    bool has_hw_stats;          /* ...and TCA_STATS_BASIC_HW? */
    struct tc_flower_stats total;
    struct tc_flower_stats hw;
    struct tc_flower_stats sw;
};

/* Parses 'nlh', one RTM_NEWTFILTER message, into 'filter', the way
 * "tc -s filter show" reads one filter.
 *
 * Returns:
 *
 *   - 0 if 'nlh' is a flower filter;
 *
 *   - EAFNOSUPPORT if it is a filter of another kind ("matchall", "u32",
 *     ...): skip it;
 *
 *   - ENOENT if it is the header of a flower classifier instance (the kernel
 *     sends one without TCA_OPTIONS, and with handle 0, before the filters
 *     of each prio/protocol pair): skip it;
 *
 *   - EINVAL if the message is malformed: not RTM_NEWTFILTER, shorter than
 *     a tcmsg, a truncated attribute, or a known attribute of the wrong
 *     length or type.  Unknown attributes are ignored.
 *
 * On a nonzero return, '*filter' holds only part of the message.  Nothing in
 * '*filter' points into 'nlh'. */
int tc_flower_parse_msg(const struct nlmsghdr *nlh,
                        struct tc_flower_filter *filter);

/* Copies the cookie of 'filter' into '*ufid' and returns true if it has the
 * size of a UFID, as OVS's cookies do, otherwise returns false.  The result
 * prints as in "ovs-appctl dpctl/dump-flows" with odp_format_ufid(). */
bool tc_flower_filter_get_ufid(const struct tc_flower_filter *filter,
                               ovs_u128 *ufid);

/* Offload state of a filter. */
enum tc_offload_state {
    TC_OFFLOAD_IN_HW,           /* In hardware on all expected legs. */
    TC_OFFLOAD_NOT_IN_HW,       /* The hardware refused it, or has no room:
                                 * the filter runs in software. */
    TC_OFFLOAD_PARTIAL,         /* In hardware on fewer callbacks than
                                 * expected legs (in_hw_count < legs). */
    TC_OFFLOAD_SKIP_HW,         /* Software only by policy (skip_hw). */
    TC_OFFLOAD_UNKNOWN,         /* No IN_HW/NOT_IN_HW flag (kernel before
                                 * 4.11, or a skip_sw filter without them).
                                 * OVS shows these as "offloaded:yes". */
    TC_OFFLOAD_MAX              /* Number of states. */
};

/* Returns the offload state of 'filter', from its flags and in_hw_count,
 * which "tc filter show" prints as "skip_hw", "not_in_hw" and "in_hw
 * in_hw_count N".
 * 'n_legs' is the number of hardware devices expected to hold the filter
 * (2 for a VF-LAG bond's block, 1 for a single port), or 0 for no
 * expectation.  A filter that is in hardware with an in_hw_count below
 * 'n_legs' is TC_OFFLOAD_PARTIAL; without an in_hw_count it counts as fully
 * in hardware. */
enum tc_offload_state tc_flower_classify(const struct tc_flower_filter *filter,
                                         unsigned int n_legs);

/* Returns the name of 'state': "in_hw", "not_in_hw", "partial", "skip_hw" or
 * "unknown" (or "<invalid>" for a value out of range).  The names of the
 * first and the fourth are the words "tc filter show" prints. */
const char *tc_offload_state_to_string(enum tc_offload_state state);

/* What a device's ingress or a shared block holds: the numbers one would
 * count and add up by hand in "tc -s filter show dev DEV ingress" (or
 * "... block BLOCK"). */
struct tc_flower_summary {
    unsigned int n_filters;     /* Flower filters. */
    unsigned int n_state[TC_OFFLOAD_MAX];  /* Filters per offload state. */
    struct tc_flower_stats hw;  /* Sums of the filters' hardware counters. */
    struct tc_flower_stats sw;  /* Sums of the filters' software counters. */
};

/* Initializes 'summary' to no filters. */
void tc_flower_summary_init(struct tc_flower_summary *summary);

/* Adds 'filter', classified against 'n_legs' (see tc_flower_classify()), to
 * 'summary'.  Counter sums saturate at UINT64_MAX. */
void tc_flower_summary_add(struct tc_flower_summary *summary,
                           const struct tc_flower_filter *filter,
                           unsigned int n_legs);

/* What to dump.  As in OVS's tcf_id: a nonzero 'block_index' selects that
 * shared block ("tc filter show block BLOCK"), and 'ifindex' is then
 * ignored; otherwise 'ifindex' selects the device's clsact/ingress hook
 * ("tc filter show dev DEV ingress"). */
struct tc_flower_dump_target {
    uint32_t ifindex;           /* Device, if 'block_index' is 0. */
    uint32_t block_index;       /* Shared block, or 0. */
};

/* Room that tc_flower_build_dump_request() needs. */
#define TC_FLOWER_DUMP_REQUEST_SIZE 64

/* Builds in 'buf' the RTM_GETTFILTER dump request for 'target', with
 * sequence number 'seq', and returns it (it starts at 'buf').  'buf' must
 * have TC_FLOWER_DUMP_REQUEST_SIZE bytes and be 4-byte aligned.
 *
 * The request is a struct tcmsg with tcm_ifindex = ifindex and tcm_parent =
 * TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS) (ffff:fff2) for a device, or
 * tcm_ifindex = TCM_IFINDEX_MAGIC_BLOCK and tcm_block_index = the block
 * index for a block, tcm_info = 0 (all prios and protocols), no TCA_CHAIN
 * (all chains), and NLM_F_REQUEST | NLM_F_DUMP. */
struct nlmsghdr *tc_flower_build_dump_request(
    void *buf, const struct tc_flower_dump_target *target, uint32_t seq);

/* Called for each flower filter of a dump.  'filter' lives only during the
 * call: copy what you keep. */
typedef void tc_flower_dump_cb(const struct tc_flower_filter *filter,
                               void *aux);

/* Dumps the flower filters of 'target' ("tc -s filter show dev DEV ingress"
 * or "tc -s filter show block BLOCK"), calling 'cb' with 'aux' for each one,
 * in the kernel's order (chain, then prio, then handle).  Filters of other
 * kinds are skipped.  Opens, and closes again, its own NETLINK_ROUTE socket
 * (nl_mnl_open()) and receives into one buffer (nl_mnl_transact()), so it
 * runs in time linear in the number of filters and in constant memory.
 * Blocks until the dump is complete.
 *
 * Returns 0 on success, otherwise a positive errno value:
 *
 *   - the kernel's error, e.g. EINVAL or EOPNOTSUPP.  If 'extackp' is
 *     nonnull, '*extackp' receives a copy of the kernel's extended ack text
 *     (or NULL without one), which the caller frees.  On success it is
 *     NULL, or a warning the kernel attached to the end of the dump;
 *
 *   - ENOBUFS if the socket overflowed or the kernel could not fit an object
 *     in a dump message: the callbacks saw an incomplete set, so resync;
 *
 *   - EAGAIN if the kernel flagged the dump as interrupted by changes
 *     (NLM_F_DUMP_INTR): the set may be inconsistent, so dump again;
 *
 *   - EPROTO if the kernel sent a malformed flower message.  The dump went
 *     on without that filter, so the others were all seen;
 *
 *   - another errno value from the socket, e.g. ENOSPC for a message larger
 *     than the receive buffer.
 *
 * On failure, 'cb' may have been called for some filters.  A dump of a
 * device without a clsact or ingress qdisc, or of an unknown device or
 * block, succeeds with no filters. */
int tc_flower_dump(const struct tc_flower_dump_target *target,
                   tc_flower_dump_cb *cb, void *aux, char **extackp);

/* Dumps 'target' as tc_flower_dump() does, but keeps all the filters: stores
 * an array of them in '*filtersp' and their number in '*n_filtersp'.  The
 * caller frees '*filtersp' with free(), also on failure, where it holds the
 * filters seen before the failure. */
int tc_flower_dump_collect(const struct tc_flower_dump_target *target,
                           struct tc_flower_filter **filtersp,
                           size_t *n_filtersp, char **extackp);

/* Dumps 'target' as tc_flower_dump() does and adds each filter to 'summary'
 * (which the caller initializes) with tc_flower_summary_add(). */
int tc_flower_dump_summary(const struct tc_flower_dump_target *target,
                           unsigned int n_legs,
                           struct tc_flower_summary *summary,
                           char **extackp);

/* The receive side of a dump, without the socket.  Send the request from
 * tc_flower_build_dump_request() on a NETLINK_ROUTE socket, then feed the
 * parser what the socket receives, datagram by datagram, into a buffer of
 * 32 kB (the kernel's largest dump message; smaller buffers truncate):
 *
 *     parser = tc_flower_dump_parser_create(seq, portid, cb, aux);
 *     do {
 *         n = recv(fd, buf, sizeof buf, 0);
 *         ...
 *     } while (tc_flower_dump_parser_feed(parser, buf, n));
 *     error = tc_flower_dump_parser_finish(parser, &extack);
 */
struct tc_flower_dump_parser;

/* Creates a parser for the replies to a dump request sent with sequence
 * number 'seq' on a socket bound to port id 'portid', which calls 'cb' with
 * 'aux' for each flower filter.  Messages of another sequence number or port
 * id (stale replies to an earlier request on the socket) are skipped; 0 for
 * either matches anything.  It is a struct nl_mnl_reply underneath. */
struct tc_flower_dump_parser *tc_flower_dump_parser_create(
    uint32_t seq, uint32_t portid, tc_flower_dump_cb *cb, void *aux);

/* Processes the 'len' bytes at 'buf', one or more netlink messages as one
 * recv() returns them.  Returns true if the dump needs more data, false once
 * it is over (NLMSG_DONE, or an error).  Data after the end is ignored. */
bool tc_flower_dump_parser_feed(struct tc_flower_dump_parser *parser,
                                const void *buf, size_t len);

/* Records 'error', a positive errno value from receiving, as the result of
 * 'parser' (if it has none yet), and ends the dump. */
void tc_flower_dump_parser_set_error(struct tc_flower_dump_parser *parser,
                                     int error);

/* Frees 'parser' and returns the result of the dump, as tc_flower_dump()
 * does, including '*extackp' (if 'extackp' is nonnull).  A dump that ended
 * without NLMSG_DONE or an error fails with EPROTO.  'parser' may be NULL
 * (then returns 0). */
int tc_flower_dump_parser_finish(struct tc_flower_dump_parser *parser,
                                 char **extackp);

#endif /* tc-flower.h */
