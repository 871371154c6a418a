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

#include "tc/tc-flower.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/gen_stats.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "netlink/nl-mnl.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(tc_flower);

/* This module talks to the kernel with libmnl, through netlink/nl-mnl.h,
 * because it needs the text of the kernel's extended acks.  It must not
 * include OVS's "netlink.h" or "netlink-socket.h": their definitions clash
 * with libmnl's. */

/* Rate limit of all the log messages of the module. */
static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 20);

/* Parsing one RTM_NEWTFILTER message.
 *
 * The kernel lays a flower filter out as (tcf_fill_node() in
 * net/sched/cls_api.c, fl_dump() in cls_flower.c, tcf_action_dump() in
 * act_api.c):
 *
 *     struct tcmsg (tcm_ifindex, tcm_parent, tcm_handle, tcm_info)
 *     TCA_KIND "flower"
 *     TCA_CHAIN u32
 *     TCA_OPTIONS {
 *         TCA_FLOWER_KEY_* ...
 *         TCA_FLOWER_FLAGS u32             (only if nonzero)
 *         TCA_FLOWER_IN_HW_COUNT u32
 *         TCA_FLOWER_ACT {
 *             1 {                          (one nest per action, in order)
 *                 TCA_ACT_KIND "mirred"
 *                 TCA_ACT_STATS {
 *                     TCA_STATS_BASIC      struct gnet_stats_basic (total)
 *                     TCA_STATS_PKT64      u64 (if packets > UINT32_MAX)
 *                     TCA_STATS_BASIC_HW   struct gnet_stats_basic (hw)
 *                     TCA_STATS_PKT64      u64 (if packets > UINT32_MAX)
 *                     TCA_STATS_QUEUE ...
 *                 }
 *                 TCA_ACT_COOKIE bytes
 *                 TCA_ACT_OPTIONS { ... }
 *             }
 *             2 { ... }
 *         }
 *     }
 *
 * Each level is parsed against a policy (netlink/nl-mnl.h) that validates
 * the attributes it knows and ignores the others, except two: the actions
 * nest is an array indexed by action order, and TCA_STATS_PKT64 appears once
 * for each of the two counters and applies to the one before it, so the
 * stats are parsed in order rather than into an array by type. */

static const struct nl_mnl_policy filter_policy[] = {
    [TCA_KIND] = { .type = MNL_TYPE_NUL_STRING, .name = "KIND" },
    [TCA_OPTIONS] = { .type = MNL_TYPE_NESTED, .name = "OPTIONS" },
    /* Since Linux 4.13. */
    [TCA_CHAIN] = { .type = MNL_TYPE_U32, .name = "CHAIN" },
};

static const struct nl_mnl_policy flower_policy[] = {
    [TCA_FLOWER_ACT] = { .type = MNL_TYPE_NESTED, .name = "FLOWER_ACT" },
    /* Since Linux 4.6; IN_HW and NOT_IN_HW since 4.11. */
    [TCA_FLOWER_FLAGS] = { .type = MNL_TYPE_U32, .name = "FLOWER_FLAGS" },
    /* Since Linux 4.20. */
    [TCA_FLOWER_IN_HW_COUNT] = { .type = MNL_TYPE_U32,
                                 .name = "FLOWER_IN_HW_COUNT" },
};

static const struct nl_mnl_policy action_policy[] = {
    [TCA_ACT_KIND] = { .type = MNL_TYPE_NUL_STRING, .name = "ACT_KIND" },
    [TCA_ACT_STATS] = { .type = MNL_TYPE_NESTED, .name = "ACT_STATS" },
    /* Since Linux 4.11. */
    [TCA_ACT_COOKIE] = { .type = MNL_TYPE_BINARY, .name = "ACT_COOKIE",
                         .min_len = 1, .max_len = TC_FLOWER_COOKIE_MAX },
};

/* Returns the u64 in 'attr', which has been validated as MNL_TYPE_U64.  The
 * payload is only 4-byte aligned. */
static uint64_t
attr_get_u64(const struct nlattr *attr)
{
    uint64_t value;

    memcpy(&value, mnl_attr_get_payload(attr), sizeof value);
    return value;
}

static uint64_t
sat_sub(uint64_t a, uint64_t b)
{
    return a > b ? a - b : 0;
}

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
    return a + b >= a ? a + b : UINT64_MAX;
}

/* What one action holds. */
struct action_ctx {
    bool has_stats;
    bool has_hw_stats;
    struct tc_flower_stats total;
    struct tc_flower_stats hw;
    uint16_t prev_type;             /* Previous attribute in TCA_ACT_STATS,
                                     * for TCA_STATS_PKT64. */
};

static int
action_stats_attr_cb(const struct nlattr *attr, void *act_)
{
    struct action_ctx *act = act_;
    uint16_t type = mnl_attr_get_type(attr);
    struct gnet_stats_basic basic;

    switch (type) {
    case TCA_STATS_BASIC:
    case TCA_STATS_BASIC_HW:
        if (mnl_attr_validate2(attr, MNL_TYPE_BINARY, sizeof basic) < 0) {
            return MNL_CB_ERROR;
        }
        memcpy(&basic, mnl_attr_get_payload(attr), sizeof basic);
        if (type == TCA_STATS_BASIC) {
            act->has_stats = true;
            act->total.n_packets = basic.packets;
            act->total.n_bytes = basic.bytes;
        } else {
            act->has_hw_stats = true;
            act->hw.n_packets = basic.packets;
            act->hw.n_bytes = basic.bytes;
        }
        break;

    case TCA_STATS_PKT64:
        /* 64-bit packet count of the counter just before (since 5.5). */
        if (mnl_attr_validate(attr, MNL_TYPE_U64) < 0) {
            return MNL_CB_ERROR;
        }
        if (act->prev_type == TCA_STATS_BASIC) {
            act->total.n_packets = attr_get_u64(attr);
        } else if (act->prev_type == TCA_STATS_BASIC_HW) {
            act->hw.n_packets = attr_get_u64(attr);
        } else {
            return MNL_CB_ERROR;
        }
        break;

    case TCA_STATS_PAD:
        /* Alignment padding that the kernel may put before a 64-bit
         * attribute: it does not separate TCA_STATS_PKT64 from its
         * counter. */
        return MNL_CB_OK;

    default:
        break;
    }
    act->prev_type = type;
    return MNL_CB_OK;
}

/* Parses one action nest 'nest' into 'act' and its kind and cookie
 * attributes (or NULL) into '*kindp' and '*cookiep'.  Returns 0 or
 * EINVAL. */
static int
parse_action(const struct nlattr *nest, struct action_ctx *act,
             const struct nlattr **kindp, const struct nlattr **cookiep)
{
    const struct nlattr *tb[ARRAY_SIZE(action_policy)];
    const struct nlattr *stats;

    memset(act, 0, sizeof *act);
    if (mnl_attr_validate(nest, MNL_TYPE_NESTED) < 0
        || nl_mnl_parse_nested(nest, action_policy,
                               ARRAY_SIZE(action_policy), tb, "tc action")) {
        return EINVAL;
    }
    stats = tb[TCA_ACT_STATS];
    if (stats && (!nl_mnl_nest_whole(stats)
                  || mnl_attr_parse_nested(stats, action_stats_attr_cb,
                                           act) < 0)) {
        return EINVAL;
    }
    *kindp = tb[TCA_ACT_KIND];
    *cookiep = tb[TCA_ACT_COOKIE];
    return 0;
}

static void
format_hex(const uint8_t *data, size_t len, char *hex)
{
    static const char digits[] = "0123456789abcdef";

    for (size_t i = 0; i < len; i++) {
        *hex++ = digits[data[i] >> 4];
        *hex++ = digits[data[i] & 0xf];
    }
    *hex = '\0';
}

/* What the TCA_FLOWER_ACT nest holds, folded into the filter. */
struct actions_ctx {
    struct tc_flower_filter *filter;
    uint16_t first_index;           /* Index of the first action. */
    uint16_t cookie_index;          /* Index of the action whose cookie
                                     * 'filter' holds, or 0. */
};

static int
actions_attr_cb(const struct nlattr *attr, void *ctx_)
{
    struct actions_ctx *ctx = ctx_;
    struct tc_flower_filter *f = ctx->filter;
    uint16_t index = mnl_attr_get_type(attr);
    const struct nlattr *kind, *cookie;
    struct action_ctx act;

    if (!index || index > TCA_ACT_MAX_PRIO) {
        return MNL_CB_OK;
    }
    if (parse_action(attr, &act, &kind, &cookie)) {
        return MNL_CB_ERROR;
    }

    if (!f->n_actions || index < ctx->first_index) {
        ctx->first_index = index;
        ovs_strlcpy(f->act_kind, kind ? mnl_attr_get_str(kind) : "",
                    sizeof f->act_kind);
    }
    f->n_actions++;

    if (cookie && (!ctx->cookie_index || index < ctx->cookie_index)) {
        ctx->cookie_index = index;
        f->cookie_len = mnl_attr_get_payload_len(cookie);
        memcpy(f->cookie, mnl_attr_get_payload(cookie), f->cookie_len);
        format_hex(f->cookie, f->cookie_len, f->cookie_hex);
    }

    if (act.has_stats
        && (!f->has_stats || act.total.n_packets > f->total.n_packets)) {
        f->has_stats = true;
        f->has_hw_stats = act.has_hw_stats;
        f->total = act.total;
        f->hw = act.has_hw_stats ? act.hw : (struct tc_flower_stats) { 0 };
        f->sw.n_packets = sat_sub(f->total.n_packets, f->hw.n_packets);
        f->sw.n_bytes = sat_sub(f->total.n_bytes, f->hw.n_bytes);
    }
    return MNL_CB_OK;
}

int
tc_flower_parse_msg(const struct nlmsghdr *nlh, struct tc_flower_filter *f)
{
    const struct nlattr *tb[ARRAY_SIZE(filter_policy)];
    const struct nlattr *ftb[ARRAY_SIZE(flower_policy)];
    size_t hdrlen = MNL_ALIGN(sizeof(struct tcmsg));
    const struct tcmsg *tcm;

    memset(f, 0, sizeof *f);
    if (nlh->nlmsg_type != RTM_NEWTFILTER
        || nlh->nlmsg_len < mnl_nlmsg_size(hdrlen)) {
        return EINVAL;
    }

    tcm = mnl_nlmsg_get_payload(nlh);
    f->ifindex = tcm->tcm_ifindex;
    f->parent = tcm->tcm_parent;
    f->block_index = (f->ifindex == TCM_IFINDEX_MAGIC_BLOCK
                      ? tcm->tcm_block_index : 0);
    f->handle = tcm->tcm_handle;
    f->prio = TC_H_MAJ(tcm->tcm_info) >> 16;
    f->protocol = ntohs(TC_H_MIN(tcm->tcm_info));

    if (nl_mnl_parse_attrs(nlh, hdrlen, filter_policy,
                           ARRAY_SIZE(filter_policy), tb, "tc filter")
        || !tb[TCA_KIND]) {
        return EINVAL;
    }
    if (tb[TCA_CHAIN]) {
        f->chain = mnl_attr_get_u32(tb[TCA_CHAIN]);
    }
    if (strcmp(mnl_attr_get_str(tb[TCA_KIND]), "flower")) {
        return EAFNOSUPPORT;
    }
    if (!tb[TCA_OPTIONS]) {
        /* The kernel's header of a classifier instance (a prio/protocol
         * pair), which "tc filter show" prints as a line without "handle":
         * not a filter. */
        return ENOENT;
    }
    if (nl_mnl_parse_nested(tb[TCA_OPTIONS], flower_policy,
                            ARRAY_SIZE(flower_policy), ftb,
                            "tc flower options")) {
        return EINVAL;
    }
    if (ftb[TCA_FLOWER_FLAGS]) {
        f->has_flags = true;
        f->flags = mnl_attr_get_u32(ftb[TCA_FLOWER_FLAGS]);
    }
    if (ftb[TCA_FLOWER_IN_HW_COUNT]) {
        f->has_in_hw_count = true;
        f->in_hw_count = mnl_attr_get_u32(ftb[TCA_FLOWER_IN_HW_COUNT]);
    }
    if (ftb[TCA_FLOWER_ACT]) {
        struct actions_ctx ctx = { .filter = f };

        if (!nl_mnl_nest_whole(ftb[TCA_FLOWER_ACT])
            || mnl_attr_parse_nested(ftb[TCA_FLOWER_ACT], actions_attr_cb,
                                     &ctx) < 0) {
            return EINVAL;
        }
    }
    return 0;
}

bool
tc_flower_filter_get_ufid(const struct tc_flower_filter *filter,
                          ovs_u128 *ufid)
{
    /* OVS writes the ufid into the cookie as it is in memory
     * (netdev-offload-tc.c), so read it back the same way. */
    if (filter->cookie_len != sizeof *ufid) {
        return false;
    }
    memcpy(ufid, filter->cookie, sizeof *ufid);
    return true;
}

/* Classification. */

enum tc_offload_state
tc_flower_classify(const struct tc_flower_filter *f, unsigned int n_legs)
{
    /* The order follows OVS's nl_get_flower_offloaded_state(), with policy
     * (skip_hw) first: such a filter never has IN_HW. */
    if (!f->has_flags) {
        return TC_OFFLOAD_UNKNOWN;
    } else if (f->flags & TCA_CLS_FLAGS_SKIP_HW) {
        return TC_OFFLOAD_SKIP_HW;
    } else if (f->flags & TCA_CLS_FLAGS_NOT_IN_HW) {
        return TC_OFFLOAD_NOT_IN_HW;
    } else if (f->flags & TCA_CLS_FLAGS_IN_HW) {
        return (f->has_in_hw_count && f->in_hw_count < n_legs
                ? TC_OFFLOAD_PARTIAL : TC_OFFLOAD_IN_HW);
    } else {
        return TC_OFFLOAD_UNKNOWN;
    }
}

/* Names of the offload states, for tc_offload_state_to_string(). */
static const char *const tc_offload_state_names[TC_OFFLOAD_MAX] = {
    [TC_OFFLOAD_IN_HW] = "in_hw",
    [TC_OFFLOAD_NOT_IN_HW] = "not_in_hw",
    [TC_OFFLOAD_PARTIAL] = "partial",
    [TC_OFFLOAD_SKIP_HW] = "skip_hw",
    [TC_OFFLOAD_UNKNOWN] = "unknown",
};

const char *
tc_offload_state_to_string(enum tc_offload_state state)
{
    return ((unsigned int) state < TC_OFFLOAD_MAX
            ? tc_offload_state_names[state] : "<invalid>");
}

void
tc_flower_summary_init(struct tc_flower_summary *summary)
{
    memset(summary, 0, sizeof *summary);
}

static void
stats_add(struct tc_flower_stats *sum, const struct tc_flower_stats *x)
{
    sum->n_packets = sat_add(sum->n_packets, x->n_packets);
    sum->n_bytes = sat_add(sum->n_bytes, x->n_bytes);
}

void
tc_flower_summary_add(struct tc_flower_summary *summary,
                      const struct tc_flower_filter *filter,
                      unsigned int n_legs)
{
    summary->n_filters++;
    summary->n_state[tc_flower_classify(filter, n_legs)]++;
    if (filter->has_stats) {
        stats_add(&summary->hw, &filter->hw);
        stats_add(&summary->sw, &filter->sw);
    }
}

/* Dump request. */

struct nlmsghdr *
tc_flower_build_dump_request(void *buf,
                             const struct tc_flower_dump_target *target,
                             uint32_t seq)
{
    struct nlmsghdr *nlh;
    struct tcmsg *tcm;

    BUILD_ASSERT_DECL(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof *tcm)
                      <= TC_FLOWER_DUMP_REQUEST_SIZE);

    nlh = nl_mnl_put_request(buf, TC_FLOWER_DUMP_REQUEST_SIZE,
                             RTM_GETTFILTER, NLM_F_DUMP, sizeof *tcm);
    nlh->nlmsg_seq = seq;

    tcm = mnl_nlmsg_get_payload(nlh);
    tcm->tcm_family = AF_UNSPEC;
    if (target->block_index) {
        /* "tc filter show block BLOCK". */
        tcm->tcm_ifindex = (int) TCM_IFINDEX_MAGIC_BLOCK;
        tcm->tcm_block_index = target->block_index;
    } else {
        /* "tc filter show dev DEV ingress": parent ffff:fff2, which selects
         * the ingress hook of both a clsact and an ingress qdisc. */
        tcm->tcm_ifindex = target->ifindex;
        tcm->tcm_parent = TC_H_MAKE(TC_H_CLSACT, TC_H_MIN_INGRESS);
    }
    /* tcm_handle and tcm_info are 0: all filters of all prios and
     * protocols.  No TCA_CHAIN: all chains. */
    return nlh;
}

/* Receiving a dump. */

/* Where the filters of a dump go. */
struct filter_sink {
    tc_flower_dump_cb *cb;      /* Called for each flower filter... */
    void *aux;                  /* ...with this. */
    int parse_error;            /* EPROTO if a filter was malformed. */
};

/* The receive side of one dump. */
struct tc_flower_dump_parser {
    struct nl_mnl_reply reply;  /* Acknowledgement, errors, extack. */
    struct filter_sink sink;
};

/* nl_mnl_msg_cb for each message of a dump. */
static int
sink_msg_cb(const struct nlmsghdr *nlh, void *sink_)
{
    struct filter_sink *sink = sink_;
    struct tc_flower_filter filter;
    int error;

    if (nlh->nlmsg_type != RTM_NEWTFILTER) {
        return 0;
    }

    error = tc_flower_parse_msg(nlh, &filter);
    if (!error) {
        sink->cb(&filter, sink->aux);
    } else if (error == EINVAL) {
        VLOG_WARN_RL(&rl, "malformed tc filter message (ifindex %"PRIu32
                     ", parent %"PRIx32", prio %"PRIu16", handle %#"PRIx32
                     ") skipped", filter.ifindex, filter.parent,
                     filter.prio, filter.handle);
        sink->parse_error = EPROTO;
    }
    /* EAFNOSUPPORT (another kind) and ENOENT (no filter) are skipped. */
    return 0;
}

struct tc_flower_dump_parser *
tc_flower_dump_parser_create(uint32_t seq, uint32_t portid,
                             tc_flower_dump_cb *cb, void *aux)
{
    struct tc_flower_dump_parser *parser = xzalloc(sizeof *parser);

    parser->sink.cb = cb;
    parser->sink.aux = aux;
    nl_mnl_reply_init(&parser->reply, seq, portid, sink_msg_cb,
                      &parser->sink);
    return parser;
}

bool
tc_flower_dump_parser_feed(struct tc_flower_dump_parser *parser,
                           const void *buf, size_t len)
{
    return !parser->reply.done && nl_mnl_reply_feed(&parser->reply, buf, len);
}

void
tc_flower_dump_parser_set_error(struct tc_flower_dump_parser *parser,
                                int error)
{
    nl_mnl_reply_set_error(&parser->reply, error);
}

int
tc_flower_dump_parser_finish(struct tc_flower_dump_parser *parser,
                             char **extackp)
{
    bool complete;
    int error;

    if (extackp) {
        *extackp = NULL;
    }
    if (!parser) {
        return 0;
    }

    complete = parser->reply.done;
    error = nl_mnl_reply_finish(&parser->reply, extackp);
    if (!error) {
        error = !complete ? EPROTO : parser->sink.parse_error;
    }
    free(parser);
    return error;
}

/* Dumping over a socket. */

int
tc_flower_dump(const struct tc_flower_dump_target *target,
               tc_flower_dump_cb *cb, void *aux, char **extackp)
{
    uint32_t req[TC_FLOWER_DUMP_REQUEST_SIZE / 4];  /* 4-byte aligned. */
    struct filter_sink sink = { .cb = cb, .aux = aux };
    struct mnl_socket *sock;
    struct nlmsghdr *nlh;
    int error;

    if (extackp) {
        *extackp = NULL;
    }

    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (error) {
        return error;
    }

    /* nl_mnl_transact() receives each datagram into one buffer, whose
     * filters are handed on before the next: time linear in the number of
     * filters, constant memory. */
    nlh = tc_flower_build_dump_request(req, target, 0);
    error = nl_mnl_transact(sock, nlh, sink_msg_cb, &sink, extackp);
    if (!error) {
        error = sink.parse_error;
    }
    nl_mnl_close(sock);

    if (error) {
        VLOG_DBG_RL(&rl, "tc filter dump of %s %"PRIu32" failed: %s%s%s",
                    target->block_index ? "block" : "ifindex",
                    target->block_index ? target->block_index
                                        : target->ifindex,
                    ovs_strerror(error),
                    extackp && *extackp ? ": " : "",
                    extackp && *extackp ? *extackp : "");
    }
    return error;
}

/* Keeping all the filters of a dump. */
struct collect_aux {
    struct tc_flower_filter *filters;
    size_t n;
    size_t allocated;
};

static void
collect_cb(const struct tc_flower_filter *filter, void *aux_)
{
    struct collect_aux *aux = aux_;

    if (aux->n >= aux->allocated) {
        aux->filters = x2nrealloc(aux->filters, &aux->allocated,
                                  sizeof *aux->filters);
    }
    aux->filters[aux->n++] = *filter;
}

int
tc_flower_dump_collect(const struct tc_flower_dump_target *target,
                       struct tc_flower_filter **filtersp,
                       size_t *n_filtersp, char **extackp)
{
    struct collect_aux aux = { .filters = NULL };
    int error = tc_flower_dump(target, collect_cb, &aux, extackp);

    *filtersp = aux.filters;
    *n_filtersp = aux.n;
    return error;
}

/* Summing up the filters of a dump. */
struct summary_aux {
    struct tc_flower_summary *summary;
    unsigned int n_legs;
};

static void
summary_cb(const struct tc_flower_filter *filter, void *aux_)
{
    struct summary_aux *aux = aux_;

    tc_flower_summary_add(aux->summary, filter, aux->n_legs);
}

int
tc_flower_dump_summary(const struct tc_flower_dump_target *target,
                       unsigned int n_legs,
                       struct tc_flower_summary *summary, char **extackp)
{
    struct summary_aux aux = { .summary = summary, .n_legs = n_legs };

    return tc_flower_dump(target, summary_cb, &aux, extackp);
}
