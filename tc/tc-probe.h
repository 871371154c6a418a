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

#ifndef TC_PROBE_H
#define TC_PROBE_H 1

/* tc-probe: does TC flower offload reach every leg of a VF-LAG bond?
 *
 * With VF-LAG, OVS puts the flows of a bond on one shared TC block that the
 * bond and both of its legs (the PF uplinks) are bound to, and the NIC must
 * hold each such filter on both legs: "tc filter show block N" then says
 * "in_hw in_hw_count 2".  A LAG that the driver did not activate, a leg with
 * hw-tc-offload off, or a leg whose hardware refuses the rule shows as a
 * lower count.  tc_probe_shared_block() measures that count with one
 * harmless probe rule, before any real traffic depends on it:
 *
 *   1. It reads the legs' ingress qdiscs (one RTM_GETQDISC dump).  If all
 *      legs are bound to one shared ingress block (e.g. OVS's, whose index
 *      is the bond's ifindex), it uses that block.  If no leg has an ingress
 *      qdisc, it creates a "clsact" qdisc on each leg bound to a block of
 *      its own (TC_PROBE_BLOCK_BASE, see there), and deletes exactly those
 *      qdiscs at the end.  Any other layout is ENOTSUP: the legs do not
 *      share a block, and this module does not rebind them.
 *
 *   2. It adds the probe rule (below) to the block, skip_sw: the kernel
 *      then insists that every device of the block offload it, and a refusal
 *      comes with the driver's reason ("TC offload is disabled on net
 *      device", mlx5's "...can't offload...").  If the kernel refuses, it
 *      adds the same rule without skip_sw, which the kernel keeps in
 *      software and offers to each leg's hardware, so that the count says
 *      how many legs do take it.  A block that also holds a device that
 *      cannot offload at all (OVS binds the bond itself to its block) always
 *      refuses skip_sw rules, without a reason; the second rule still
 *      counts the legs.
 *
 *   3. It reads the rule back (RTM_GETTFILTER) for its in_hw_count.
 *
 *   4. It deletes the rule and the qdiscs it created, on every path.
 *
 * The probe rule: "tc filter add block BLOCK chain 0 pref TC_PROBE_PRIO
 * protocol 0x88b5 handle TC_PROBE_HANDLE flower skip_sw dst_mac
 * 02:6f:66:66:6c:64 action drop".  Ethertype 0x88b5 is IEEE 802 "local
 * experimental ethertype 1", which no production traffic uses, and the
 * destination MAC is a fixed locally administered unicast address; while
 * the rule exists in software (step 2's fallback, for a moment), the only
 * packets it could drop are such frames.
 *
 * Message builders (tc_probe_build_*()) and parsers are separate from the
 * I/O, for unit tests.  Functions that return 'int' return 0 or a positive
 * errno value. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlmsghdr;

/* The block a probe creates is TC_PROBE_BLOCK_BASE | (the first leg's
 * ifindex & 0xffff), or the next index up that no qdisc in the network
 * namespace uses.  OVS numbers its blocks after ifindexes (small numbers),
 * iproute2 users pick small numbers too; 0x0ff1 reads "offl". */
#define TC_PROBE_BLOCK_BASE 0x0ff10000u

/* Identity of the probe rule: chain 0 (netdevsim, and mlx5 without chain
 * support, offload chain 0 only), this priority ("pref"), protocol and
 * handle.  A high priority number comes last in the block's lookup order. */
#define TC_PROBE_PRIO 0xfff1
#define TC_PROBE_HANDLE 0x0ff1
#define TC_PROBE_ETH_TYPE 0x88b5

/* Destination MAC of the probe rule, 02:6f:66:66:6c:64 ("\x02offld"). */
#define TC_PROBE_DST_MAC "\x02\x6f\x66\x66\x6c\x64"

/* Room that tc_probe_build_*() need. */
#define TC_PROBE_REQUEST_SIZE 512

/* The probe. */

int tc_probe_shared_block(const char *const *legs, size_t n_legs,
                          unsigned int *in_hw_count, char **reason);

/* Whether TC offload reaches every leg. */
enum tc_lag_verdict {
    TC_LAG_ACTIVE,              /* The probe rule is on every leg. */
    TC_LAG_INACTIVE,            /* It is not. */
};

enum tc_lag_verdict tc_probe_verdict(unsigned int in_hw_count,
                                     size_t n_legs, char **reason);
const char *tc_lag_verdict_to_string(enum tc_lag_verdict);

/* Ingress qdiscs. */

/* A qdisc, from an RTM_NEWQDISC message. */
struct tc_probe_qdisc {
    int ifindex;                /* tcm_ifindex. */
    uint32_t handle;            /* tcm_handle. */
    uint32_t parent;            /* tcm_parent. */
    char kind[16];              /* TCA_KIND, e.g. "clsact". */
    uint32_t ingress_block;     /* TCA_INGRESS_BLOCK, or 0 (none). */
    uint32_t egress_block;      /* TCA_EGRESS_BLOCK, or 0 (none). */
};

int tc_probe_parse_qdisc(const struct nlmsghdr *, struct tc_probe_qdisc *);
bool tc_probe_qdisc_is_ingress(const struct tc_probe_qdisc *);

int tc_probe_choose_block(const char *const *legs,
                          const struct tc_probe_qdisc *const *ingress,
                          size_t n_legs, int first_ifindex,
                          const uint32_t *used_blocks, size_t n_used,
                          uint32_t *block, bool *create, char **reason);

/* Message builders (no I/O).  Each needs a TC_PROBE_REQUEST_SIZE buffer,
 * aligned for a 'struct nlmsghdr', and leaves the sequence number 0. */

struct nlmsghdr *tc_probe_build_qdisc_dump(void *buf);
struct nlmsghdr *tc_probe_build_clsact_add(void *buf, int ifindex,
                                           uint32_t block);
struct nlmsghdr *tc_probe_build_clsact_del(void *buf, int ifindex);
struct nlmsghdr *tc_probe_build_filter_add(void *buf, uint32_t block,
                                           uint32_t flags);
struct nlmsghdr *tc_probe_build_filter_get(void *buf, uint32_t block);
struct nlmsghdr *tc_probe_build_filter_del(void *buf, uint32_t block);

#endif /* tc-probe.h */
