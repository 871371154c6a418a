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
#include <time.h>

#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(tc_flower);

/* This module talks to the kernel with libmnl, because it needs the text of
 * the kernel's extended acks.  It must not include OVS's "netlink.h" or
 * "netlink-socket.h": their definitions clash with libmnl's. */

/* Size of the receive buffer of a dump.  The kernel sizes its dump messages
 * after the largest buffer that recvmsg() was given, up to 32 kB, and a
 * buffer smaller than a message truncates it (ENOSPC from libmnl), so this
 * is the largest size the kernel will use, larger than
 * MNL_SOCKET_BUFFER_SIZE (at most 8 kB). */
#define TC_FLOWER_RECV_SIZE 32768

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
 * Each level is parsed with mnl_attr_parse() or mnl_attr_parse_nested() and
 * a callback that validates the attributes it knows and ignores the others.
 * TCA_STATS_PKT64 appears once for each of the two counters and applies to
 * the one before it, so the stats are parsed in order rather than into an
 * array by type. */

/* Returns true if the 'len' bytes at 'start' are a sequence of whole
 * attributes.  libmnl's iterators stop silently at a truncated attribute;
 * this check turns that into an error. */
static bool
attrs_are_whole(const void *start, size_t len)
{
    const struct nlattr *attr = start;
    int left = len;

    while (mnl_attr_ok(attr, left)) {
        left -= MNL_ALIGN(attr->nla_len);
        attr = mnl_attr_next(attr);
    }
    return left <= 0;
}

static bool
nest_is_whole(const struct nlattr *nest)
{
    return attrs_are_whole(mnl_attr_get_payload(nest),
                           mnl_attr_get_payload_len(nest));
}

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
    const struct nlattr *kind;      /* TCA_ACT_KIND. */
    const struct nlattr *cookie;    /* TCA_ACT_COOKIE. */
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

static int
action_attr_cb(const struct nlattr *attr, void *act_)
{
    struct action_ctx *act = act_;

    switch (mnl_attr_get_type(attr)) {
    case TCA_ACT_KIND:
        if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0) {
            return MNL_CB_ERROR;
        }
        act->kind = attr;
        break;

    case TCA_ACT_COOKIE:
        /* Since Linux 4.11. */
        if (mnl_attr_validate(attr, MNL_TYPE_BINARY) < 0
            || !mnl_attr_get_payload_len(attr)
            || mnl_attr_get_payload_len(attr) > TC_FLOWER_COOKIE_MAX) {
            return MNL_CB_ERROR;
        }
        act->cookie = attr;
        break;

    case TCA_ACT_STATS:
        act->prev_type = TCA_STATS_UNSPEC;
        if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0
            || !nest_is_whole(attr)
            || mnl_attr_parse_nested(attr, action_stats_attr_cb, act) < 0) {
            return MNL_CB_ERROR;
        }
        break;

    default:
        break;
    }
    return MNL_CB_OK;
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
    struct action_ctx act;

    if (!index || index > TCA_ACT_MAX_PRIO) {
        return MNL_CB_OK;
    }
    memset(&act, 0, sizeof act);
    if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0
        || !nest_is_whole(attr)
        || mnl_attr_parse_nested(attr, action_attr_cb, &act) < 0) {
        return MNL_CB_ERROR;
    }

    if (!f->n_actions || index < ctx->first_index) {
        ctx->first_index = index;
        ovs_strlcpy(f->act_kind,
                    act.kind ? mnl_attr_get_str(act.kind) : "",
                    sizeof f->act_kind);
    }
    f->n_actions++;

    if (act.cookie && (!ctx->cookie_index || index < ctx->cookie_index)) {
        ctx->cookie_index = index;
        f->cookie_len = mnl_attr_get_payload_len(act.cookie);
        memcpy(f->cookie, mnl_attr_get_payload(act.cookie), f->cookie_len);
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

static int
flower_attr_cb(const struct nlattr *attr, void *f_)
{
    struct tc_flower_filter *f = f_;

    switch (mnl_attr_get_type(attr)) {
    case TCA_FLOWER_FLAGS:
        /* Since Linux 4.6; IN_HW and NOT_IN_HW since 4.11. */
        if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
            return MNL_CB_ERROR;
        }
        f->has_flags = true;
        f->flags = mnl_attr_get_u32(attr);
        break;

    case TCA_FLOWER_IN_HW_COUNT:
        /* Since Linux 4.20. */
        if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
            return MNL_CB_ERROR;
        }
        f->has_in_hw_count = true;
        f->in_hw_count = mnl_attr_get_u32(attr);
        break;

    case TCA_FLOWER_ACT: {
        struct actions_ctx ctx = { .filter = f };

        if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0
            || !nest_is_whole(attr)
            || mnl_attr_parse_nested(attr, actions_attr_cb, &ctx) < 0) {
            return MNL_CB_ERROR;
        }
        break;
    }

    default:
        break;
    }
    return MNL_CB_OK;
}

/* The attributes of a filter message that are parsed once the kind is
 * known. */
struct filter_attrs {
    struct tc_flower_filter *filter;
    const struct nlattr *kind;      /* TCA_KIND. */
    const struct nlattr *options;   /* TCA_OPTIONS. */
};

static int
filter_attr_cb(const struct nlattr *attr, void *fa_)
{
    struct filter_attrs *fa = fa_;

    switch (mnl_attr_get_type(attr)) {
    case TCA_KIND:
        if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0) {
            return MNL_CB_ERROR;
        }
        fa->kind = attr;
        break;

    case TCA_OPTIONS:
        if (mnl_attr_validate(attr, MNL_TYPE_NESTED) < 0) {
            return MNL_CB_ERROR;
        }
        fa->options = attr;
        break;

    case TCA_CHAIN:
        /* Since Linux 4.13. */
        if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0) {
            return MNL_CB_ERROR;
        }
        fa->filter->chain = mnl_attr_get_u32(attr);
        break;

    default:
        break;
    }
    return MNL_CB_OK;
}

int
tc_flower_parse_msg(const struct nlmsghdr *nlh, struct tc_flower_filter *f)
{
    struct filter_attrs fa = { .filter = f };
    const struct tcmsg *tcm;
    size_t hdrlen = MNL_ALIGN(sizeof *tcm);

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

    if (!attrs_are_whole(mnl_nlmsg_get_payload_offset(nlh, hdrlen),
                         mnl_nlmsg_get_payload_len(nlh) - hdrlen)
        || mnl_attr_parse(nlh, hdrlen, filter_attr_cb, &fa) < 0
        || !fa.kind) {
        return EINVAL;
    }
    if (strcmp(mnl_attr_get_str(fa.kind), "flower")) {
        return EAFNOSUPPORT;
    }
    if (!fa.options) {
        /* The kernel's header of a classifier instance (a prio/protocol
         * pair), which "tc filter show" prints as a line without "handle":
         * not a filter. */
        return ENOENT;
    }
    if (!nest_is_whole(fa.options)
        || mnl_attr_parse_nested(fa.options, flower_attr_cb, f) < 0) {
        return EINVAL;
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

    memset(buf, 0, TC_FLOWER_DUMP_REQUEST_SIZE);
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = RTM_GETTFILTER;
    nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
    nlh->nlmsg_seq = seq;

    tcm = mnl_nlmsg_put_extra_header(nlh, sizeof *tcm);
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

/* The receive side of one dump. */
struct tc_flower_dump_parser {
    uint32_t seq;               /* Sequence number of the request. */
    uint32_t portid;            /* Port id of the socket. */
    tc_flower_dump_cb *cb;      /* Called for each flower filter... */
    void *aux;                  /* ...with this. */

    bool over;                  /* No more data wanted? */
    bool complete;              /* Saw NLMSG_DONE? */
    int error;                  /* First error, or 0. */
    int parse_error;            /* EPROTO if a filter was malformed. */
    char *extack;               /* Kernel's extended ack text, or NULL. */
};

struct tc_flower_dump_parser *
tc_flower_dump_parser_create(uint32_t seq, uint32_t portid,
                             tc_flower_dump_cb *cb, void *aux)
{
    struct tc_flower_dump_parser *parser = xzalloc(sizeof *parser);

    parser->seq = seq;
    parser->portid = portid;
    parser->cb = cb;
    parser->aux = aux;
    return parser;
}

static int
extack_attr_cb(const struct nlattr *attr, void *msgp_)
{
    const struct nlattr **msgp = msgp_;

    if (mnl_attr_get_type(attr) == NLMSGERR_ATTR_MSG
        && mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) >= 0) {
        *msgp = attr;
    }
    return MNL_CB_OK;
}

/* Keeps the extended ack text (NLMSGERR_ATTR_MSG) among the attributes that
 * start at 'offset' in the payload of 'nlh', if it has any. */
static void
parser_take_extack(struct tc_flower_dump_parser *parser,
                   const struct nlmsghdr *nlh, size_t offset)
{
    const struct nlattr *msg = NULL;

    if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS)
        || offset > mnl_nlmsg_get_payload_len(nlh)) {
        return;
    }
    mnl_attr_parse(nlh, offset, extack_attr_cb, &msg);
    if (msg) {
        free(parser->extack);
        parser->extack = xstrdup(mnl_attr_get_str(msg));
    }
}

static void
parser_set_error(struct tc_flower_dump_parser *parser, int error)
{
    if (!parser->error) {
        parser->error = error;
    }
    parser->over = true;
}

/* NLMSG_ERROR: the kernel refused the dump. */
static int
parser_error_cb(const struct nlmsghdr *nlh, void *parser_)
{
    struct tc_flower_dump_parser *parser = parser_;
    const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);
    size_t offset;

    if (mnl_nlmsg_get_payload_len(nlh) < sizeof *err) {
        parser_set_error(parser, EPROTO);
        return MNL_CB_ERROR;
    }
    if (!err->error) {
        /* An ack: not expected for a dump, but an end all the same. */
        parser->complete = true;
        return MNL_CB_STOP;
    }

    /* The attributes follow the request, which is left out if the kernel
     * capped the ack. */
    offset = sizeof *err;
    if (!(nlh->nlmsg_flags & NLM_F_CAPPED)
        && err->msg.nlmsg_len >= sizeof err->msg) {
        offset += MNL_ALIGN(err->msg.nlmsg_len - sizeof err->msg);
    }
    parser_take_extack(parser, nlh, offset);
    parser_set_error(parser, err->error < 0 ? -err->error : err->error);
    return MNL_CB_ERROR;
}

/* NLMSG_DONE: the end of the dump.  Its payload is the dump's result, an
 * int, which is negative if the kernel stopped the dump on an error (for
 * example -ENOBUFS, "Buffer too small for object"), followed by extended ack
 * attributes. */
static int
parser_done_cb(const struct nlmsghdr *nlh, void *parser_)
{
    struct tc_flower_dump_parser *parser = parser_;
    int status;

    if (mnl_nlmsg_get_payload_len(nlh) >= sizeof status) {
        memcpy(&status, mnl_nlmsg_get_payload(nlh), sizeof status);
        if (status < 0) {
            parser_take_extack(parser, nlh, sizeof status);
            parser_set_error(parser, -status);
            return MNL_CB_ERROR;
        }
    }
    parser->complete = true;
    return MNL_CB_STOP;
}

static int
parser_data_cb(const struct nlmsghdr *nlh, void *parser_)
{
    struct tc_flower_dump_parser *parser = parser_;
    struct tc_flower_filter filter;
    int error;

    if (nlh->nlmsg_type != RTM_NEWTFILTER) {
        return MNL_CB_OK;
    }

    error = tc_flower_parse_msg(nlh, &filter);
    if (!error) {
        parser->cb(&filter, parser->aux);
    } else if (error == EINVAL) {
        VLOG_WARN_RL(&rl, "malformed tc filter message (ifindex %"PRIu32
                     ", parent %"PRIx32", prio %"PRIu16", handle %#"PRIx32
                     ") skipped", filter.ifindex, filter.parent,
                     filter.prio, filter.handle);
        parser->parse_error = EPROTO;
    }
    /* EAFNOSUPPORT (another kind) and ENOENT (no filter) are skipped. */
    return MNL_CB_OK;
}

bool
tc_flower_dump_parser_feed(struct tc_flower_dump_parser *parser,
                           const void *buf, size_t len)
{
    /* Not const only because mnl_cb_run2() takes a non-const array. */
    static mnl_cb_t ctl_cbs[NLMSG_MIN_TYPE] = {
        [NLMSG_ERROR] = parser_error_cb,
        [NLMSG_DONE] = parser_done_cb,
    };
    int retval;

    if (parser->over) {
        return false;
    }
    if (!mnl_nlmsg_ok(buf, len)) {
        /* Netlink never splits a message across datagrams. */
        parser_set_error(parser, EPROTO);
        return false;
    }

    errno = 0;
    retval = mnl_cb_run2(buf, len, parser->seq, parser->portid,
                         parser_data_cb, parser, ctl_cbs,
                         ARRAY_SIZE(ctl_cbs));
    if (retval == MNL_CB_ERROR && !parser->error) {
        /* libmnl's own checks: EINTR for NLM_F_DUMP_INTR, ESRCH for another
         * port id, EPROTO for another sequence number. */
        parser_set_error(parser, (errno == EINTR ? EAGAIN
                                  : errno ? errno : EPROTO));
    } else if (parser->complete) {
        parser->over = true;
    }
    return !parser->over;
}

void
tc_flower_dump_parser_set_error(struct tc_flower_dump_parser *parser,
                                int error)
{
    parser_set_error(parser, error);
}

int
tc_flower_dump_parser_finish(struct tc_flower_dump_parser *parser,
                             char **extackp)
{
    int error;

    if (extackp) {
        *extackp = NULL;
    }
    if (!parser) {
        return 0;
    }

    error = (parser->error ? parser->error
             : !parser->complete ? EPROTO
             : parser->parse_error);
    if (parser->error && extackp) {
        *extackp = parser->extack;
        parser->extack = NULL;
    }
    free(parser->extack);
    free(parser);
    return error;
}

/* Dumping over a socket. */

/* Sets netlink socket option 'option' on 'sock'.  Kernels that predate the
 * option (NETLINK_EXT_ACK: 4.12, NETLINK_GET_STRICT_CHK: 4.20) refuse it
 * with ENOPROTOOPT, which is harmless. */
static int
set_nl_option(struct mnl_socket *sock, int option, const char *name)
{
    int one = 1;

    if (mnl_socket_setsockopt(sock, option, &one, sizeof one) < 0) {
        if (errno == ENOPROTOOPT) {
            VLOG_DBG_RL(&rl, "kernel does not support %s", name);
            return 0;
        }
        return errno;
    }
    return 0;
}

int
tc_flower_dump(const struct tc_flower_dump_target *target,
               tc_flower_dump_cb *cb, void *aux, char **extackp)
{
    struct tc_flower_dump_parser *parser;
    uint32_t req[TC_FLOWER_DUMP_REQUEST_SIZE / 4];  /* 4-byte aligned. */
    struct mnl_socket *sock;
    struct nlmsghdr *nlh;
    uint32_t seq, portid;
    void *buf;
    int error;

    if (extackp) {
        *extackp = NULL;
    }

    sock = mnl_socket_open(NETLINK_ROUTE);
    if (!sock) {
        error = errno;
        VLOG_WARN_RL(&rl, "cannot open rtnetlink socket (%s)",
                     ovs_strerror(error));
        return error;
    }
    error = set_nl_option(sock, NETLINK_EXT_ACK, "NETLINK_EXT_ACK");
    if (!error) {
        error = set_nl_option(sock, NETLINK_GET_STRICT_CHK,
                              "NETLINK_GET_STRICT_CHK");
    }
    if (!error && mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
        error = errno;
    }
    if (error) {
        goto out;
    }

    portid = mnl_socket_get_portid(sock);
    seq = time(NULL);
    nlh = tc_flower_build_dump_request(req, target, seq);
    if (mnl_socket_sendto(sock, nlh, nlh->nlmsg_len) < 0) {
        error = errno;
        goto out;
    }

    /* One buffer for the whole dump: each recv() returns one datagram of
     * whole messages, which the parser consumes before the next recv(). */
    buf = xmalloc(TC_FLOWER_RECV_SIZE);
    parser = tc_flower_dump_parser_create(seq, portid, cb, aux);
    for (;;) {
        ssize_t n = mnl_socket_recvfrom(sock, buf, TC_FLOWER_RECV_SIZE);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            /* Includes ENOBUFS (socket overrun) and ENOSPC (a message
             * larger than the buffer). */
            tc_flower_dump_parser_set_error(parser, errno);
            break;
        }
        if (!tc_flower_dump_parser_feed(parser, buf, n)) {
            break;
        }
    }
    error = tc_flower_dump_parser_finish(parser, extackp);
    free(buf);

out:
    mnl_socket_close(sock);
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
