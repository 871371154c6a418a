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

#include <config.h>

#include "tc/tc-probe.h"

#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <linux/tc_act/tc_gact.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "netlink/nl-mnl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "tc/tc-flower.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(tc_probe);

/* tcm_info of the probe rule: priority in the upper 16 bits, protocol in
 * network byte order in the lower 16. */
#define PROBE_INFO TC_H_MAKE((uint32_t) TC_PROBE_PRIO << 16, \
                             htons(TC_PROBE_ETH_TYPE))

/* Message builders. */

/* Starts a TC request of 'type' with 'flags' in 'buf', with a tcmsg for
 * 'ifindex', 'parent', 'handle' and 'info'. */
static struct nlmsghdr *
put_tc_request(void *buf, uint16_t type, uint16_t flags, int ifindex,
               uint32_t parent, uint32_t handle, uint32_t info)
{
    struct nlmsghdr *nlh = nl_mnl_put_request(buf, TC_PROBE_REQUEST_SIZE,
                                              type, flags,
                                              sizeof(struct tcmsg));
    struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);

    tcm->tcm_family = AF_UNSPEC;
    tcm->tcm_ifindex = ifindex;
    tcm->tcm_parent = parent;
    tcm->tcm_handle = handle;
    tcm->tcm_info = info;
    return nlh;
}

/* Builds in 'buf' a dump request for every qdisc of the network namespace
 * ("tc qdisc show"): RTM_GETQDISC, NLM_F_DUMP, an all-zero tcmsg.  The
 * kernel dumps every device whatever tcm_ifindex says, so the reader picks
 * out the devices it wants. */
struct nlmsghdr *
tc_probe_build_qdisc_dump(void *buf)
{
    return put_tc_request(buf, RTM_GETQDISC, NLM_F_DUMP, 0, 0, 0, 0);
}

/* Builds in 'buf' the request "tc qdisc add dev IFINDEX ingress_block BLOCK
 * clsact": RTM_NEWQDISC with NLM_F_CREATE | NLM_F_EXCL, tcm_parent
 * TC_H_CLSACT (ffff:fff1), tcm_handle ffff:0, TCA_KIND "clsact" and
 * TCA_INGRESS_BLOCK 'block' (u32). */
struct nlmsghdr *
tc_probe_build_clsact_add(void *buf, int ifindex, uint32_t block)
{
    struct nlmsghdr *nlh;

    nlh = put_tc_request(buf, RTM_NEWQDISC, NLM_F_CREATE | NLM_F_EXCL,
                         ifindex, TC_H_CLSACT, TC_H_MAKE(TC_H_CLSACT, 0), 0);
    mnl_attr_put_strz(nlh, TCA_KIND, "clsact");
    mnl_attr_put_u32(nlh, TCA_INGRESS_BLOCK, block);
    return nlh;
}

/* Builds in 'buf' the request "tc qdisc del dev IFINDEX clsact":
 * RTM_DELQDISC for parent ffff:fff1, handle ffff:0, with TCA_KIND "clsact",
 * so that the kernel refuses to delete an ingress qdisc of another kind. */
struct nlmsghdr *
tc_probe_build_clsact_del(void *buf, int ifindex)
{
    struct nlmsghdr *nlh;

    nlh = put_tc_request(buf, RTM_DELQDISC, 0, ifindex, TC_H_CLSACT,
                         TC_H_MAKE(TC_H_CLSACT, 0), 0);
    mnl_attr_put_strz(nlh, TCA_KIND, "clsact");
    return nlh;
}

/* Starts a request of 'type' for the probe rule in shared block 'block':
 * tcm_ifindex TCM_IFINDEX_MAGIC_BLOCK, the block index in tcm_parent
 * (tcm_block_index), TC_PROBE_HANDLE, PROBE_INFO, then TCA_KIND "flower"
 * and TCA_CHAIN 0. */
static struct nlmsghdr *
put_filter_request(void *buf, uint16_t type, uint16_t flags, uint32_t block)
{
    struct nlmsghdr *nlh;

    nlh = put_tc_request(buf, type, flags, (int) TCM_IFINDEX_MAGIC_BLOCK,
                         block, TC_PROBE_HANDLE, PROBE_INFO);
    mnl_attr_put_strz(nlh, TCA_KIND, "flower");
    mnl_attr_put_u32(nlh, TCA_CHAIN, 0);
    return nlh;
}

/* Builds in 'buf' the request that adds the probe rule to shared block
 * 'block' with TCA_FLOWER_FLAGS 'flags' (TCA_CLS_FLAGS_SKIP_SW, or 0),
 * NLM_F_CREATE | NLM_F_EXCL:
 *
 *   tcmsg { AF_UNSPEC, TCM_IFINDEX_MAGIC_BLOCK, handle TC_PROBE_HANDLE,
 *           parent BLOCK, info TC_PROBE_PRIO << 16 | htons(0x88b5) }
 *   TCA_KIND "flower"
 *   TCA_CHAIN 0
 *   TCA_OPTIONS {
 *       TCA_FLOWER_KEY_ETH_TYPE     be16 0x88b5
 *       TCA_FLOWER_KEY_ETH_DST      02:6f:66:66:6c:64
 *       TCA_FLOWER_KEY_ETH_DST_MASK ff:ff:ff:ff:ff:ff
 *       TCA_FLOWER_FLAGS            u32 FLAGS
 *       TCA_FLOWER_ACT {
 *           1 {
 *               TCA_ACT_KIND "gact"
 *               TCA_ACT_OPTIONS { TCA_GACT_PARMS tc_gact { TC_ACT_SHOT } }
 *           }
 *       }
 *   }
 *
 * as "tc filter add block BLOCK chain 0 pref 65521 protocol 0x88b5 handle
 * 0xff1 flower skip_sw dst_mac 02:6f:66:66:6c:64 action drop" sends it.
 * Nests carry NLA_F_NESTED, as iproute2 sets it. */
struct nlmsghdr *
tc_probe_build_filter_add(void *buf, uint32_t block, uint32_t flags)
{
    static const uint8_t mask[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    struct nlattr *options, *acts, *act, *act_options;
    struct tc_gact gact;
    struct nlmsghdr *nlh;

    nlh = put_filter_request(buf, RTM_NEWTFILTER, NLM_F_CREATE | NLM_F_EXCL,
                             block);
    options = mnl_attr_nest_start(nlh, TCA_OPTIONS | NLA_F_NESTED);
    mnl_attr_put_u16(nlh, TCA_FLOWER_KEY_ETH_TYPE, htons(TC_PROBE_ETH_TYPE));
    mnl_attr_put(nlh, TCA_FLOWER_KEY_ETH_DST, 6, TC_PROBE_DST_MAC);
    mnl_attr_put(nlh, TCA_FLOWER_KEY_ETH_DST_MASK, sizeof mask, mask);
    mnl_attr_put_u32(nlh, TCA_FLOWER_FLAGS, flags);

    acts = mnl_attr_nest_start(nlh, TCA_FLOWER_ACT | NLA_F_NESTED);
    act = mnl_attr_nest_start(nlh, 1 | NLA_F_NESTED);
    mnl_attr_put_strz(nlh, TCA_ACT_KIND, "gact");
    act_options = mnl_attr_nest_start(nlh, TCA_ACT_OPTIONS | NLA_F_NESTED);
    memset(&gact, 0, sizeof gact);
    gact.action = TC_ACT_SHOT;
    mnl_attr_put(nlh, TCA_GACT_PARMS, sizeof gact, &gact);
    mnl_attr_nest_end(nlh, act_options);
    mnl_attr_nest_end(nlh, act);
    mnl_attr_nest_end(nlh, acts);
    mnl_attr_nest_end(nlh, options);
    return nlh;
}

/* Builds in 'buf' the request that reads the probe rule back from shared
 * block 'block' ("tc filter get block BLOCK chain 0 pref 65521 protocol
 * 0x88b5 handle 0xff1 flower"): RTM_GETTFILTER, not a dump, without
 * NLM_F_ECHO.  The kernel answers with one RTM_NEWTFILTER. */
struct nlmsghdr *
tc_probe_build_filter_get(void *buf, uint32_t block)
{
    return put_filter_request(buf, RTM_GETTFILTER, 0, block);
}

/* Builds in 'buf' the request that deletes the probe rule from shared
 * block 'block' ("tc filter del block BLOCK chain 0 pref 65521 protocol
 * 0x88b5 handle 0xff1 flower"): RTM_DELTFILTER. */
struct nlmsghdr *
tc_probe_build_filter_del(void *buf, uint32_t block)
{
    return put_filter_request(buf, RTM_DELTFILTER, 0, block);
}

/* Qdiscs. */

static const struct nl_mnl_policy qdisc_policy[] = {
    [TCA_KIND] = { .type = MNL_TYPE_NUL_STRING, .name = "KIND",
                   .max_len = IFNAMSIZ },
    /* Linux v4.16: shared blocks. */
    [TCA_INGRESS_BLOCK] = { .type = MNL_TYPE_U32, .name = "INGRESS_BLOCK" },
    [TCA_EGRESS_BLOCK] = { .type = MNL_TYPE_U32, .name = "EGRESS_BLOCK" },
};

/* Parses 'nlh', an RTM_NEWQDISC message, into '*q'.  A qdisc bound to a
 * private block, or a kernel before shared blocks (Linux 4.16), has no
 * TCA_INGRESS_BLOCK: 'ingress_block' is then 0.  Returns 0, or EINVAL if
 * 'nlh' is malformed, not RTM_NEWQDISC, or has no kind (then '*q' is all
 * zeros). */
int
tc_probe_parse_qdisc(const struct nlmsghdr *nlh, struct tc_probe_qdisc *q)
{
    const struct nlattr *tb[ARRAY_SIZE(qdisc_policy)];
    const struct tcmsg *tcm = mnl_nlmsg_get_payload(nlh);

    memset(q, 0, sizeof *q);
    if (nlh->nlmsg_type != RTM_NEWQDISC
        || mnl_nlmsg_get_payload_len(nlh) < sizeof *tcm
        || nl_mnl_parse_attrs(nlh, MNL_ALIGN(sizeof *tcm), qdisc_policy,
                              ARRAY_SIZE(qdisc_policy), tb, "tc qdisc")
        || !tb[TCA_KIND]) {
        return EINVAL;
    }
    q->ifindex = tcm->tcm_ifindex;
    q->handle = tcm->tcm_handle;
    q->parent = tcm->tcm_parent;
    ovs_strlcpy(q->kind, mnl_attr_get_str(tb[TCA_KIND]), sizeof q->kind);
    if (tb[TCA_INGRESS_BLOCK]) {
        q->ingress_block = mnl_attr_get_u32(tb[TCA_INGRESS_BLOCK]);
    }
    if (tb[TCA_EGRESS_BLOCK]) {
        q->egress_block = mnl_attr_get_u32(tb[TCA_EGRESS_BLOCK]);
    }
    return 0;
}

/* Returns true if 'q' is a device's ingress hook: an "ingress" or "clsact"
 * qdisc, at parent ffff:fff1. */
bool
tc_probe_qdisc_is_ingress(const struct tc_probe_qdisc *q)
{
    return (q->parent == TC_H_INGRESS
            && (!strcmp(q->kind, "ingress") || !strcmp(q->kind, "clsact")));
}

static bool
block_used(uint32_t block, const uint32_t *used, size_t n_used)
{
    for (size_t i = 0; i < n_used; i++) {
        if (used[i] == block) {
            return true;
        }
    }
    return false;
}

/* Decides which shared block to probe for the 'n_legs' netdevs named in
 * 'legs', where 'ingress[i]' is the ingress qdisc of leg i or NULL if it
 * has none, 'first_ifindex' is the ifindex of legs[0], and 'used_blocks'
 * lists the 'n_used' block indexes that the namespace's qdiscs use:
 *
 *   - if every leg's ingress qdisc is bound to one shared block, that
 *     block, stored in '*block', with '*create' false;
 *
 *   - if no leg has an ingress qdisc, a new block index, with '*create'
 *     true: TC_PROBE_BLOCK_BASE | (first_ifindex & 0xffff), or the next
 *     one up (wrapping within TC_PROBE_BLOCK_BASE's 64k) that no qdisc
 *     uses;
 *
 *   - otherwise ENOTSUP, with '*reason' (malloc'd) saying "legs do not share
 *     an ingress block: " and what each leg has.
 *
 * Returns 0 (with '*reason' NULL) or a positive errno value. */
int
tc_probe_choose_block(const char *const *legs,
                      const struct tc_probe_qdisc *const *ingress,
                      size_t n_legs, int first_ifindex,
                      const uint32_t *used_blocks, size_t n_used,
                      uint32_t *block, bool *create, char **reason)
{
    uint32_t shared = ingress[0] ? ingress[0]->ingress_block : 0;
    size_t n_with = 0, n_shared = 0;
    struct ds s;

    *block = 0;
    *create = false;
    *reason = NULL;
    for (size_t i = 0; i < n_legs; i++) {
        if (ingress[i]) {
            n_with++;
            n_shared += shared && ingress[i]->ingress_block == shared;
        }
    }

    if (!n_with) {
        uint32_t low = first_ifindex & 0xffff;

        for (uint32_t i = 0; i <= 0xffff; i++) {
            uint32_t candidate = TC_PROBE_BLOCK_BASE | ((low + i) & 0xffff);

            if (!block_used(candidate, used_blocks, n_used)) {
                *block = candidate;
                *create = true;
                return 0;
            }
        }
        *reason = xasprintf("no free block index in %#"PRIx32"..%#"PRIx32,
                            TC_PROBE_BLOCK_BASE, TC_PROBE_BLOCK_BASE | 0xffff);
        return EBUSY;
    }
    if (n_shared == n_legs) {
        *block = shared;
        return 0;
    }

    ds_init(&s);
    ds_put_cstr(&s, "legs do not share an ingress block:");
    for (size_t i = 0; i < n_legs; i++) {
        const struct tc_probe_qdisc *q = ingress[i];

        ds_put_format(&s, "%s %s ", i ? "," : "", legs[i]);
        if (!q) {
            ds_put_cstr(&s, "has no ingress qdisc");
        } else if (q->ingress_block) {
            ds_put_format(&s, "%s ingress_block %"PRIu32, q->kind,
                          q->ingress_block);
        } else {
            ds_put_format(&s, "%s without a shared block", q->kind);
        }
    }
    *reason = ds_steal_cstr(&s);
    return ENOTSUP;
}

/* The probe. */

/* The legs' ingress qdiscs and the blocks in use, from a qdisc dump. */
struct qdisc_scan {
    const int *ifindexes;       /* Of the legs. */
    size_t n_legs;
    struct tc_probe_qdisc *ingress;     /* Per leg; ifindex 0: none. */
    uint32_t *blocks;           /* Every block index a qdisc uses. */
    size_t n_blocks;
    size_t allocated_blocks;
};

static void
scan_add_block(struct qdisc_scan *scan, uint32_t block)
{
    if (block && !block_used(block, scan->blocks, scan->n_blocks)) {
        if (scan->n_blocks >= scan->allocated_blocks) {
            scan->blocks = x2nrealloc(scan->blocks, &scan->allocated_blocks,
                                      sizeof *scan->blocks);
        }
        scan->blocks[scan->n_blocks++] = block;
    }
}

static int
qdisc_scan_cb(const struct nlmsghdr *nlh, void *scan_)
{
    struct qdisc_scan *scan = scan_;
    struct tc_probe_qdisc q;

    if (nlh->nlmsg_type != RTM_NEWQDISC) {
        return 0;
    }
    if (tc_probe_parse_qdisc(nlh, &q)) {
        return EPROTO;
    }
    scan_add_block(scan, q.ingress_block);
    scan_add_block(scan, q.egress_block);
    if (tc_probe_qdisc_is_ingress(&q)) {
        for (size_t i = 0; i < scan->n_legs; i++) {
            if (scan->ifindexes[i] == q.ifindex) {
                scan->ingress[i] = q;
            }
        }
    }
    return 0;
}

/* Appends to 's' "WHAT failed (ERROR): EXTACK". */
static void
put_failure(struct ds *s, const char *what, int error, const char *extack)
{
    ds_put_format(s, "%s%s failed (%s)%s%s", s->length ? "; " : "", what,
                  ovs_strerror(error), extack ? ": " : "",
                  extack ? extack : "");
}

/* Sends 'req', which 'what' describes, on 'sock', with 'cb' and 'aux' for
 * the replies.  On failure, appends why to 's'.  A warning that the kernel
 * attaches to a success is logged. */
static int
transact(struct mnl_socket *sock, struct nlmsghdr *req, nl_mnl_msg_cb *cb,
         void *aux, const char *what, struct ds *s)
{
    char *extack;
    int error;

    error = nl_mnl_transact(sock, req, cb, aux, &extack);
    if (error) {
        put_failure(s, what, error, extack);
    } else if (extack) {
        VLOG_INFO("%s: kernel warning: %s", what, extack);
    }
    free(extack);
    return error;
}

/* Adds the probe rule to 'block' (skip_sw, or plain if the kernel refuses
 * that), reads its in_hw_count into '*in_hw_count' and deletes it again.
 * Appends to 's' why the skip_sw rule was refused, or why the probe
 * failed. */
static int
probe_rule(struct mnl_socket *sock, uint32_t block,
           unsigned int *in_hw_count, struct ds *s)
{
    uint64_t buf[TC_PROBE_REQUEST_SIZE / sizeof(uint64_t)];
    struct nlmsghdr *req, *reply;
    struct tc_flower_filter filter;
    char *extack;
    int error, del_error;

    /* skip_sw: every device of the block must take it. */
    req = tc_probe_build_filter_add(buf, block, TCA_CLS_FLAGS_SKIP_SW);
    error = nl_mnl_transact(sock, req, NULL, NULL, &extack);
    if (error == EEXIST) {
        ds_put_format(s, "a probe rule is already in block %"PRIu32" (pref "
                      "%d handle %#x): another probe is running, or one was "
                      "interrupted; \"tc filter del block %"PRIu32" pref "
                      "%d\" removes it", block, TC_PROBE_PRIO,
                      TC_PROBE_HANDLE, block, TC_PROBE_PRIO);
        free(extack);
        return error;
    } else if (error) {
        /* The reason is the verdict's; the plain rule tells how many legs
         * take it. */
        size_t length = s->length;

        ds_put_format(s, "skip_sw probe rule refused: %s",
                      extack ? extack : ovs_strerror(error));
        free(extack);
        req = tc_probe_build_filter_add(buf, block, 0);
        error = nl_mnl_transact(sock, req, NULL, NULL, &extack);
        if (error) {
            /* Not about hardware, then (no cls_flower, no permission...):
             * the same error as before, as a rule. */
            char *what = xasprintf("adding the probe rule to block "
                                   "%"PRIu32, block);

            ds_truncate(s, length);
            put_failure(s, what, error, extack);
            free(what);
            free(extack);
            return error;
        }
        free(extack);
    } else {
        if (extack) {
            ds_put_format(s, "kernel warning: %s", extack);
        }
        free(extack);
    }

    req = tc_probe_build_filter_get(buf, block);
    error = nl_mnl_transact_one(sock, req, RTM_NEWTFILTER, &reply, &extack);
    if (!error && tc_flower_parse_msg(reply, &filter)) {
        error = EPROTO;
    }
    if (error) {
        put_failure(s, "reading the probe rule back", error, extack);
    } else {
        *in_hw_count = filter.in_hw_count;
        if (!filter.has_in_hw_count) {
            ds_put_format(s, "%sthe kernel reports no in_hw_count (Linux "
                          "4.20 and later do); the rule is %s",
                          s->length ? "; " : "",
                          (filter.flags & TCA_CLS_FLAGS_IN_HW
                           ? "in_hw" : "not in_hw"));
        }
    }
    free(extack);
    free(reply);

    del_error = transact(sock, tc_probe_build_filter_del(buf, block), NULL,
                         NULL, "deleting the probe rule", s);
    if (del_error) {
        VLOG_WARN("block %"PRIu32": cannot delete the probe rule (pref %d "
                  "handle %#x): %s", block, TC_PROBE_PRIO, TC_PROBE_HANDLE,
                  ovs_strerror(del_error));
    }
    return error ? error : del_error;
}

/* Probes whether TC flower offload reaches every one of the 'n_legs'
 * netdevs named in 'legs' (the legs of a bond) through a shared ingress
 * block, as tc-probe.h describes, and stores the probe rule's in_hw_count
 * in '*in_hw_count': the number of legs (more exactly, hardware callbacks
 * of the block) that hold it.  See tc_probe_verdict() for what it means.
 *
 * Returns 0 if the probe ran, whatever the count: a refusal of the
 * hardware is a result, not an error.  '*reason' is then NULL, or a
 * malloc'd note: above all the kernel's reason for refusing the skip_sw
 * rule ("skip_sw probe rule refused: TC offload is disabled on net
 * device").
 *
 * Otherwise returns a positive errno value, with '*in_hw_count' 0 and a
 * malloc'd explanation in '*reason': ENODEV for a leg that does not exist,
 * ENOTSUP if the legs are not bound to one shared block, EEXIST if a probe
 * rule is already there, or the kernel's error (with its text), e.g. EPERM
 * without CAP_NET_ADMIN or ENOENT without cls_flower.  The caller frees
 * '*reason' either way.  Whatever happens, the probe leaves nothing behind:
 * the rule and any qdisc it created are deleted (a failure to delete them
 * is an error). */
int
tc_probe_shared_block(const char *const *legs, size_t n_legs,
                      unsigned int *in_hw_count, char **reason)
{
    uint64_t buf[TC_PROBE_REQUEST_SIZE / sizeof(uint64_t)];
    const struct tc_probe_qdisc **ingress = NULL;
    struct qdisc_scan scan = { .n_legs = n_legs };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct mnl_socket *sock = NULL;
    bool *created = NULL;
    int *ifindexes = NULL;
    uint32_t block = 0;
    bool create = false;
    char *msg = NULL;
    int error;

    *in_hw_count = 0;
    *reason = NULL;
    if (!n_legs) {
        *reason = xstrdup("no legs to probe");
        return EINVAL;
    }

    ifindexes = xcalloc(n_legs, sizeof *ifindexes);
    for (size_t i = 0; i < n_legs; i++) {
        ifindexes[i] = if_nametoindex(legs[i]);
        if (!ifindexes[i]) {
            ds_put_format(&s, "%s: no such network device", legs[i]);
            error = ENODEV;
            goto out;
        }
    }

    error = nl_mnl_open(NETLINK_ROUTE, &sock, &msg);
    if (error) {
        ds_put_cstr(&s, msg);
        goto out;
    }

    /* 1. The legs' ingress qdiscs, and the block to probe. */
    scan.ifindexes = ifindexes;
    scan.ingress = xcalloc(n_legs, sizeof *scan.ingress);
    error = transact(sock, tc_probe_build_qdisc_dump(buf), qdisc_scan_cb,
                     &scan, "reading the qdiscs", &s);
    if (error) {
        goto out;
    }
    ingress = xcalloc(n_legs, sizeof *ingress);
    for (size_t i = 0; i < n_legs; i++) {
        ingress[i] = scan.ingress[i].ifindex ? &scan.ingress[i] : NULL;
    }
    error = tc_probe_choose_block(legs, ingress, n_legs, ifindexes[0],
                                  scan.blocks, scan.n_blocks, &block,
                                  &create, &msg);
    if (error) {
        ds_put_cstr(&s, msg);
        goto out;
    }

    created = xcalloc(n_legs, sizeof *created);
    for (size_t i = 0; create && i < n_legs; i++) {
        char *what = xasprintf("%s: adding a clsact qdisc with ingress_block "
                               "%"PRIu32, legs[i], block);

        error = transact(sock, tc_probe_build_clsact_add(buf, ifindexes[i],
                                                         block),
                         NULL, NULL, what, &s);
        free(what);
        if (error) {
            goto out;
        }
        created[i] = true;
    }

    /* 2., 3. and 4. */
    error = probe_rule(sock, block, in_hw_count, &s);

out:
    for (size_t i = 0; created && i < n_legs; i++) {
        if (created[i]) {
            char *what = xasprintf("%s: deleting the probe's clsact qdisc",
                                   legs[i]);
            int del_error;

            del_error = transact(sock,
                                 tc_probe_build_clsact_del(buf, ifindexes[i]),
                                 NULL, NULL, what, &s);
            if (del_error) {
                VLOG_WARN("%s: %s", what, ovs_strerror(del_error));
                error = error ? error : del_error;
            }
            free(what);
        }
    }
    if (error) {
        *in_hw_count = 0;
    }
    if (s.length) {
        *reason = ds_steal_cstr(&s);
    }
    VLOG_DBG("probe of block %"PRIu32" (%"PRIuSIZE" legs): %s, in_hw_count "
             "%u%s%s", block, n_legs, error ? ovs_strerror(error) : "ok",
             *in_hw_count, *reason ? ": " : "", *reason ? *reason : "");

    ds_destroy(&s);
    free(msg);
    free(created);
    free(ingress);
    free(scan.ingress);
    free(scan.blocks);
    free(ifindexes);
    nl_mnl_close(sock);
    return error;
}

/* Returns the verdict that 'in_hw_count', a probe rule's count, means for a
 * bond of 'n_legs' legs: TC_LAG_ACTIVE only if it equals 'n_legs', else
 * TC_LAG_INACTIVE (fewer: some legs' hardware does not hold the rule; more:
 * other offloading devices share the block, so the count says nothing
 * about the legs).  Stores a malloc'd explanation in '*reason' (if
 * nonnull), e.g. "probe rule in_hw_count 1 of 2 legs". */
enum tc_lag_verdict
tc_probe_verdict(unsigned int in_hw_count, size_t n_legs, char **reason)
{
    enum tc_lag_verdict verdict = (n_legs && in_hw_count == n_legs
                                   ? TC_LAG_ACTIVE : TC_LAG_INACTIVE);

    if (reason) {
        *reason = xasprintf("probe rule in_hw_count %u of %"PRIuSIZE" leg%s%s",
                            in_hw_count, n_legs, n_legs == 1 ? "" : "s",
                            (in_hw_count > n_legs
                             ? " (more devices than the legs offload the "
                               "block)" : ""));
    }
    return verdict;
}

/* Returns "active" or "inactive". */
const char *
tc_lag_verdict_to_string(enum tc_lag_verdict verdict)
{
    return verdict == TC_LAG_ACTIVE ? "active" : "inactive";
}
