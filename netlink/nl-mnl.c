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

#include "netlink/nl-mnl.h"

#include <errno.h>
#include <inttypes.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "ovs-atomic.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(nl_mnl);

/* Attributes. */

/* Returns true if the 'len' bytes at 'start' are a sequence of whole
 * attributes, false if the last one is truncated or is followed by bytes too
 * few to be an attribute.  mnl_attr_parse() and the mnl_attr_for_each*()
 * iterators silently stop at such a point, which would hide a truncated
 * attribute.  The last attribute may lack its trailing padding. */
bool
nl_mnl_attrs_whole(const void *start, size_t len)
{
    const struct nlattr *attr = start;
    int left = len;

    while (mnl_attr_ok(attr, left)) {
        left -= MNL_ALIGN(attr->nla_len);
        attr = mnl_attr_next(attr);
    }
    return left <= 0;
}

/* Returns true if the attributes of 'nlh' that start 'offset' bytes into
 * its payload are whole (see nl_mnl_attrs_whole()), up to 'nlmsg_len'
 * itself rather than its 4-byte alignment, as mnl_nlmsg_get_payload_tail()
 * would: an attribute cut by 1 to 3 bytes would otherwise pass.  False if
 * the payload is shorter than 'offset'. */
bool
nl_mnl_msg_attrs_whole(const struct nlmsghdr *nlh, size_t offset)
{
    size_t payload_len = mnl_nlmsg_get_payload_len(nlh);

    return (payload_len >= offset
            && nl_mnl_attrs_whole(mnl_nlmsg_get_payload_offset(nlh, offset),
                                  payload_len - offset));
}

/* Returns true if the attributes nested in 'nest' are whole (see
 * nl_mnl_attrs_whole()). */
bool
nl_mnl_nest_whole(const struct nlattr *nest)
{
    return nl_mnl_attrs_whole(mnl_attr_get_payload(nest),
                              mnl_attr_get_payload_len(nest));
}

/* Returns true if 'attr' passes its entry in 'policy', or has none.
 * 'what' names the message in the log message for one that does not. */
static bool
attr_valid(const struct nlattr *attr, const struct nl_mnl_policy *policy,
           size_t n_policy, const char *what)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    uint16_t type = mnl_attr_get_type(attr);
    uint16_t len = mnl_attr_get_payload_len(attr);
    const struct nl_mnl_policy *p;

    if (type >= n_policy || !policy[type].name) {
        /* Unknown to us, e.g. from a newer kernel. */
        return true;
    }

    p = &policy[type];
    if (mnl_attr_validate(attr, p->type) < 0
        || len < p->min_len
        || (p->max_len && len > p->max_len)) {
        VLOG_WARN_RL(&rl, "%s: malformed attribute %s (type %"PRIu16", "
                     "%"PRIu16"-byte payload)", what, p->name, type, len);
        return false;
    }
    return true;
}

/* Parses the 'len' bytes of attributes at 'start' into 'tb', checking each
 * against 'policy' and the whole against truncation. */
static int
parse_range(const void *start, size_t len,
            const struct nl_mnl_policy *policy, size_t n_policy,
            const struct nlattr *tb[], const char *what)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct nlattr *attr = start;
    int left = len;

    memset(tb, 0, n_policy * sizeof *tb);
    while (mnl_attr_ok(attr, left)) {
        uint16_t type = mnl_attr_get_type(attr);

        if (!attr_valid(attr, policy, n_policy, what)) {
            return EINVAL;
        }
        if (type < n_policy && policy[type].name) {
            tb[type] = attr;
        }
        left -= MNL_ALIGN(attr->nla_len);
        attr = mnl_attr_next(attr);
    }
    if (left > 0) {
        VLOG_WARN_RL(&rl, "%s: truncated attribute", what);
        return EINVAL;
    }
    return 0;
}

/* Parses the attributes of 'nlh' that start 'offset' bytes into its payload
 * (the size of the family header, aligned: GENL_HDRLEN, or
 * MNL_ALIGN(sizeof(struct ifinfomsg)), ...) into 'tb', which must have room
 * for 'n_policy' elements, after checking each against 'policy'.  Where an
 * attribute type repeats, 'tb' holds the last one.  The attributes must
 * fill the message up to 'nlmsg_len' (see nl_mnl_msg_attrs_whole()).
 * 'what' names the message in log messages.
 *
 * Returns 0, or EINVAL if the payload is shorter than 'offset', an
 * attribute fails its policy, or an attribute is truncated; 'tb' is then
 * only partly filled. */
int
nl_mnl_parse_attrs(const struct nlmsghdr *nlh, size_t offset,
                   const struct nl_mnl_policy *policy, size_t n_policy,
                   const struct nlattr *tb[], const char *what)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    size_t payload_len = mnl_nlmsg_get_payload_len(nlh);

    if (payload_len < offset) {
        memset(tb, 0, n_policy * sizeof *tb);
        VLOG_WARN_RL(&rl, "%s: message too short (%zu-byte payload)", what,
                     payload_len);
        return EINVAL;
    }
    return parse_range(mnl_nlmsg_get_payload_offset(nlh, offset),
                       payload_len - offset, policy, n_policy, tb, what);
}

/* Parses the attributes nested in 'nest' into 'tb', which must have room
 * for 'n_policy' elements, as nl_mnl_parse_attrs() does.  Returns 0 or
 * EINVAL. */
int
nl_mnl_parse_nested(const struct nlattr *nest,
                    const struct nl_mnl_policy *policy, size_t n_policy,
                    const struct nlattr *tb[], const char *what)
{
    return parse_range(mnl_attr_get_payload(nest),
                       mnl_attr_get_payload_len(nest), policy, n_policy, tb,
                       what);
}

/* Requests. */

/* Starts a request of type 'type' with flags NLM_F_REQUEST | 'flags' in
 * 'buf', 'size' bytes aligned for a 'struct nlmsghdr', followed by a
 * zeroed family header of 'hdrlen' bytes (a struct ifinfomsg, tcmsg, ...,
 * at mnl_nlmsg_get_payload()), with sequence number 0.  Zeroes all of
 * 'buf' first: libmnl does not clear attribute padding, which would
 * otherwise carry stale bytes to the kernel.  Returns the message, or NULL
 * if 'size' is too small for the headers. */
struct nlmsghdr *
nl_mnl_put_request(void *buf, size_t size, uint16_t type, uint16_t flags,
                   size_t hdrlen)
{
    struct nlmsghdr *nlh;

    if (size < MNL_NLMSG_HDRLEN + MNL_ALIGN(hdrlen)) {
        return NULL;
    }
    memset(buf, 0, size);
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    if (hdrlen) {
        mnl_nlmsg_put_extra_header(nlh, hdrlen);
    }
    return nlh;
}

/* Starts a generic netlink request for command 'cmd', version 'version', of
 * family 'family' in 'buf', as nl_mnl_put_request() does. */
struct nlmsghdr *
nl_mnl_put_genl_request(void *buf, size_t size, uint16_t family, uint8_t cmd,
                        uint8_t version, uint16_t flags)
{
    struct nlmsghdr *nlh = nl_mnl_put_request(buf, size, family, flags,
                                              GENL_HDRLEN);
    struct genlmsghdr *genl;

    if (nlh) {
        genl = mnl_nlmsg_get_payload(nlh);
        genl->cmd = cmd;
        genl->version = version;
    }
    return nlh;
}

/* Acknowledgements. */

/* Extended acknowledgement TLVs after an NLMSG_ERROR or NLMSG_DONE. */
static const struct nl_mnl_policy nlmsgerr_policy[] = {
    /* Linux v4.12. */
    [NLMSGERR_ATTR_MSG] = { .type = MNL_TYPE_NUL_STRING, .name = "MSG" },

    /* Linux v6.0. */
    [NLMSGERR_ATTR_MISS_TYPE] = { .type = MNL_TYPE_U32,
                                  .name = "MISS_TYPE" },
};

/* Returns the extended acknowledgement text in 'tb', malloc'd, or NULL. */
static char *
extack_text(const struct nlattr *tb[])
{
    const char *msg = NULL;

    if (tb[NLMSGERR_ATTR_MSG] && mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG])[0]) {
        msg = mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]);
    }
    if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
        uint32_t type = mnl_attr_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);

        return (msg
                ? xasprintf("%s (missing attribute %"PRIu32")", msg, type)
                : xasprintf("missing attribute %"PRIu32, type));
    }
    return msg ? xstrdup(msg) : NULL;
}

/* Parses 'nlh', an NLMSG_ERROR or NLMSG_DONE message, and returns the error
 * it reports as a positive errno value: 0 for an acknowledgement or the end
 * of a dump, EPROTO if 'nlh' is of another type or too short, or reports a
 * positive "error".
 *
 * If 'extack' is nonnull, stores in '*extack' the extended acknowledgement
 * message (NLMSGERR_ATTR_MSG, followed by the missing attribute type if the
 * kernel named one), malloc'd, or NULL if there is none.  It is what
 * iproute2 prints after "Error: " or, for a successful acknowledgement,
 * after "Warning: ".
 *
 * In an NLMSG_ERROR, the TLVs follow the error code and, unless the kernel
 * capped the message (NLM_F_CAPPED: always for a success, and for errors on
 * NETLINK_CAP_ACK sockets), the echoed request, padded to 4 bytes.  In an
 * NLMSG_DONE they follow the dump's final return value, an int.  They are
 * present only if NLM_F_ACK_TLVS is set (NETLINK_EXT_ACK, Linux v4.12).  A
 * malformed TLV area drops the text but not the error. */
int
nl_mnl_parse_ack(const struct nlmsghdr *nlh, char **extack)
{
    const struct nlattr *tb[ARRAY_SIZE(nlmsgerr_policy)];
    size_t payload_len = mnl_nlmsg_get_payload_len(nlh);
    size_t offset;
    int code;

    if (extack) {
        *extack = NULL;
    }

    if (nlh->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

        if (payload_len < sizeof *err) {
            return EPROTO;
        }
        code = err->error;
        offset = sizeof *err;
        if (!(nlh->nlmsg_flags & NLM_F_CAPPED)
            && err->msg.nlmsg_len > sizeof err->msg) {
            offset += MNL_ALIGN(err->msg.nlmsg_len - sizeof err->msg);
        }
    } else if (nlh->nlmsg_type == NLMSG_DONE) {
        if (payload_len < sizeof code) {
            return EPROTO;
        }
        memcpy(&code, mnl_nlmsg_get_payload(nlh), sizeof code);
        offset = sizeof code;
    } else {
        return EPROTO;
    }

    if (extack && (nlh->nlmsg_flags & NLM_F_ACK_TLVS) && offset < payload_len
        && !nl_mnl_parse_attrs(nlh, offset, nlmsgerr_policy,
                               ARRAY_SIZE(nlmsgerr_policy), tb,
                               "netlink ack")) {
        *extack = extack_text(tb);
    }
    return code < 0 ? -code : code > 0 ? EPROTO : 0;
}

/* Replies. */

/* Initializes 'reply' for the replies to a request sent with sequence
 * number 'seq' on a socket bound to port id 'portid'.  Messages of another
 * sequence number or port id (stale replies to an earlier request on the
 * same socket) are skipped; 0 for either matches anything.  'cb', if
 * nonnull, is called with 'aux' for each message of the reply that is
 * neither an acknowledgement nor NLMSG_NOOP. */
void
nl_mnl_reply_init(struct nl_mnl_reply *reply, uint32_t seq, uint32_t portid,
                  nl_mnl_msg_cb *cb, void *aux)
{
    memset(reply, 0, sizeof *reply);
    reply->seq = seq;
    reply->portid = portid;
    reply->cb = cb;
    reply->aux = aux;
}

/* Processes the 'len' bytes at 'buf', one datagram from the kernel, which
 * may hold several messages.  Returns true if the reply needs more data,
 * false once it is over: after the acknowledgement, error or NLMSG_DONE
 * that ends it, or after an error of its own (EPROTO for a truncated
 * message; netlink never splits a message across datagrams).  Data after
 * the end is ignored.  A message flagged NLM_F_DUMP_INTR (the kernel's
 * objects changed during the dump) makes the result EAGAIN, unless there is
 * another error. */
bool
nl_mnl_reply_feed(struct nl_mnl_reply *reply, const void *buf, size_t len)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct nlmsghdr *nlh = buf;
    int remaining = len;

    for (; !reply->done && mnl_nlmsg_ok(nlh, remaining);
         nlh = mnl_nlmsg_next(nlh, &remaining)) {
        if (!mnl_nlmsg_seq_ok(nlh, reply->seq)
            || !mnl_nlmsg_portid_ok(nlh, reply->portid)) {
            VLOG_DBG_RL(&rl, "skipping netlink message with sequence number "
                        "%"PRIu32" for port id %"PRIu32, nlh->nlmsg_seq,
                        nlh->nlmsg_pid);
            continue;
        }
        if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
            reply->interrupted = true;
        }

        if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
            char *extack;
            int error = nl_mnl_parse_ack(nlh, &extack);

            if (error && !reply->error) {
                reply->error = error;
            }
            if (extack && !reply->extack) {
                reply->extack = extack;
            } else {
                free(extack);
            }
            reply->done = true;
        } else if (nlh->nlmsg_type < NLMSG_MIN_TYPE) {
            /* NLMSG_NOOP, or a reserved type. */
        } else if (reply->cb && !reply->error) {
            reply->error = reply->cb(nlh, reply->aux);
        }
    }
    if (!reply->done && remaining > 0) {
        VLOG_WARN_RL(&rl, "truncated netlink message in reply");
        nl_mnl_reply_set_error(reply, EPROTO);
    }
    return !reply->done;
}

/* Records 'error', a positive errno value (from receiving, for example), as
 * the result of 'reply' unless it has one already, and ends the reply. */
void
nl_mnl_reply_set_error(struct nl_mnl_reply *reply, int error)
{
    if (!reply->error) {
        reply->error = error;
    }
    reply->done = true;
}

/* Returns the result of 'reply': its first error, else EAGAIN if the dump
 * was interrupted, else 0.  Hands its extended ack text (or NULL) to the
 * caller through '*extack' if 'extack' is nonnull, frees it otherwise.
 * Whether the reply is complete is 'reply->done'. */
int
nl_mnl_reply_finish(struct nl_mnl_reply *reply, char **extack)
{
    int error = (reply->error ? reply->error
                 : reply->interrupted ? EAGAIN
                 : 0);

    if (extack) {
        *extack = reply->extack;
    } else {
        free(reply->extack);
    }
    reply->extack = NULL;
    return error;
}

/* Processes 'len' bytes at 'buf', one datagram received in reply to some
 * request, as a whole reply without sequence number or port id checks
 * (struct nl_mnl_reply): the parsing half of a receive loop, for tests and
 * for callers with their own.  Passes each data message to 'cb' (if
 * nonnull) with 'aux', stores in '*done' whether the datagram ended the
 * reply, and returns its result, with the kernel's text or NULL in
 * '*extack' (if nonnull), as nl_mnl_reply_finish() does. */
int
nl_mnl_reply_parse(const void *buf, size_t len, nl_mnl_msg_cb *cb, void *aux,
                   bool *done, char **extack)
{
    struct nl_mnl_reply reply;

    nl_mnl_reply_init(&reply, 0, 0, cb, aux);
    nl_mnl_reply_feed(&reply, buf, len);
    *done = reply.done;
    return nl_mnl_reply_finish(&reply, extack);
}

/* Sockets. */

static const char *
bus_name(int bus)
{
    return (bus == NETLINK_ROUTE ? "rtnetlink"
            : bus == NETLINK_GENERIC ? "generic netlink"
            : "netlink");
}

/* Sets netlink socket option 'option' on 'sock', best effort: a kernel that
 * predates it refuses it with ENOPROTOOPT, which only loses a comfort. */
static void
set_option(struct mnl_socket *sock, int option, const char *name,
           const char *without)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
    int one = 1;

    if (mnl_socket_setsockopt(sock, option, &one, sizeof one) < 0) {
        VLOG_INFO_RL(&rl, "cannot set %s on netlink socket (%s): %s", name,
                     ovs_strerror(errno), without);
    }
}

/* Opens a netlink socket of family 'bus' (NETLINK_ROUTE, NETLINK_GENERIC),
 * in the calling thread's network namespace, bound to a port id of the
 * kernel's choice, with these options, each best effort:
 *
 *   - NETLINK_EXT_ACK (Linux v4.12): errors and warnings come with the
 *     kernel's text; without it, they come without;
 *
 *   - NETLINK_CAP_ACK (Linux v4.3): errors do not echo the request; without
 *     it they do, which nl_mnl_parse_ack() skips;
 *
 *   - NETLINK_GET_STRICT_CHK (Linux v4.20): the kernel checks the headers
 *     and attributes of "get" and dump requests instead of ignoring what it
 *     does not use.
 *
 * On success, returns 0 and stores the socket in '*sockp', which the caller
 * closes with nl_mnl_close(), and NULL in '*errp' (if nonnull).  On failure,
 * returns a positive errno value (e.g. EPROTONOSUPPORT for a kernel without
 * the family), stores NULL in '*sockp' and an explanation in '*errp' (if
 * nonnull), malloc'd, which the caller frees. */
int
nl_mnl_open(int bus, struct mnl_socket **sockp, char **errp)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    struct mnl_socket *sock;
    const char *step;
    int error;

    *sockp = NULL;
    if (errp) {
        *errp = NULL;
    }

    sock = mnl_socket_open(bus);
    if (!sock) {
        step = "open";
        error = errno;
        goto error;
    }
    set_option(sock, NETLINK_EXT_ACK, "NETLINK_EXT_ACK",
               "errors will lack the kernel's explanation");
    set_option(sock, NETLINK_CAP_ACK, "NETLINK_CAP_ACK",
               "errors will echo the whole request");
    set_option(sock, NETLINK_GET_STRICT_CHK, "NETLINK_GET_STRICT_CHK",
               "the kernel will not check requests strictly");
    if (mnl_socket_bind(sock, 0, MNL_SOCKET_AUTOPID) < 0) {
        step = "bind";
        error = errno;
        mnl_socket_close(sock);
        goto error;
    }
    *sockp = sock;
    return 0;

error:
    VLOG_WARN_RL(&rl, "cannot %s %s socket (%s)", step, bus_name(bus),
                 ovs_strerror(error));
    if (errp) {
        *errp = xasprintf("cannot %s %s socket (%s)", step, bus_name(bus),
                          ovs_strerror(error));
    }
    return error;
}

/* Closes 'sock', which may be NULL. */
void
nl_mnl_close(struct mnl_socket *sock)
{
    if (sock) {
        mnl_socket_close(sock);
    }
}

/* Returns a new nonzero sequence number. */
static uint32_t
next_seq(void)
{
    static atomic_count seq = ATOMIC_COUNT_INIT(0);
    uint32_t value;

    do {
        value = atomic_count_inc(&seq) + 1;
    } while (!value);
    return value;
}

/* Receives one datagram from 'sock' into '*bufp', of '*sizep' bytes, which
 * grows if the datagram is larger.  Returns its length, or a negative errno
 * value. */
static ssize_t
recv_datagram(struct mnl_socket *sock, char **bufp, size_t *sizep)
{
    int fd = mnl_socket_get_fd(sock);

    for (;;) {
        ssize_t n = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC);

        if (n >= 0) {
            if (n > *sizep) {
                free(*bufp);
                *sizep = n;
                *bufp = xmalloc(*sizep);
            }
            n = mnl_socket_recvfrom(sock, *bufp, *sizep);
        }
        if (n >= 0) {
            return n;
        } else if (errno != EINTR) {
            return -errno;
        }
    }
}

/* Sends 'req' on 'sock', a socket from nl_mnl_open(), with NLM_F_REQUEST and
 * NLM_F_ACK added to its flags and a new sequence number, then receives and
 * processes the replies until the kernel's acknowledgement, error or
 * NLMSG_DONE, passing each other message of the reply to 'cb' (if nonnull)
 * with 'aux' (see struct nl_mnl_reply).  Stale replies to earlier requests
 * on 'sock' are skipped.  One buffer receives every datagram: its size is
 * NL_MNL_RECV_SIZE, or that of a larger datagram.  Blocks until the end.
 *
 * Returns 0 or a positive errno value:
 *
 *   - the kernel's error, or the first error of 'cb';
 *
 *   - ENOBUFS if the socket's receive queue overflowed: replies were lost;
 *
 *   - EAGAIN if the kernel flagged a dump as interrupted by changes
 *     (NLM_F_DUMP_INTR): 'cb' may have seen an inconsistent set;
 *
 *   - EPROTO for a truncated message or an empty datagram, or another
 *     errno value from the socket.
 *
 * Stores in '*extack' (if nonnull) the kernel's extended ack text or NULL,
 * on success (a warning) as on failure. */
int
nl_mnl_transact(struct mnl_socket *sock, struct nlmsghdr *req,
                nl_mnl_msg_cb *cb, void *aux, char **extack)
{
    struct nl_mnl_reply reply;
    size_t size = NL_MNL_RECV_SIZE;
    char *buf;

    req->nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
    req->nlmsg_seq = next_seq();
    req->nlmsg_pid = 0;
    nl_mnl_reply_init(&reply, req->nlmsg_seq, mnl_socket_get_portid(sock),
                      cb, aux);

    if (mnl_socket_sendto(sock, req, req->nlmsg_len) < 0) {
        nl_mnl_reply_set_error(&reply, errno);
        return nl_mnl_reply_finish(&reply, extack);
    }

    buf = xmalloc(size);
    for (;;) {
        ssize_t n = recv_datagram(sock, &buf, &size);

        if (n <= 0) {
            /* ENOBUFS: replies were lost.  Netlink never sends an empty
             * datagram. */
            nl_mnl_reply_set_error(&reply, n < 0 ? -n : EPROTO);
            break;
        }
        if (!nl_mnl_reply_feed(&reply, buf, n)) {
            break;
        }
    }
    free(buf);
    return nl_mnl_reply_finish(&reply, extack);
}

struct one_ctx {
    uint16_t type;
    struct nlmsghdr *msg;
};

static int
one_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    struct one_ctx *ctx = ctx_;

    if (nlh->nlmsg_type == ctx->type && !ctx->msg) {
        ctx->msg = xmemdup(nlh, nlh->nlmsg_len);
    }
    return 0;
}

/* Sends 'req' on 'sock' as nl_mnl_transact() does and keeps a copy of the
 * first reply message of type 'type', malloc'd, in '*replyp', which the
 * caller frees.  Returns 0 or a positive errno value, EPROTO if no message
 * of type 'type' came; '*replyp' is NULL on failure. */
int
nl_mnl_transact_one(struct mnl_socket *sock, struct nlmsghdr *req,
                    uint16_t type, struct nlmsghdr **replyp, char **extack)
{
    struct one_ctx ctx = { .type = type };
    int error;

    error = nl_mnl_transact(sock, req, one_cb, &ctx, extack);
    if (!error && !ctx.msg) {
        error = EPROTO;
    }
    if (error) {
        free(ctx.msg);
        ctx.msg = NULL;
    }
    *replyp = ctx.msg;
    return error;
}

/* Generic netlink. */

/* Generic netlink controller, CTRL_CMD_NEWFAMILY. */
static const struct nl_mnl_policy ctrl_policy[] = {
    /* Linux v2.6.15. */
    [CTRL_ATTR_FAMILY_ID] = { .type = MNL_TYPE_U16, .name = "FAMILY_ID" },
    [CTRL_ATTR_FAMILY_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                .name = "FAMILY_NAME" },
    [CTRL_ATTR_VERSION] = { .type = MNL_TYPE_U32, .name = "VERSION" },

    /* Linux v2.6.23. */
    [CTRL_ATTR_MCAST_GROUPS] = { .type = MNL_TYPE_NESTED,
                                 .name = "MCAST_GROUPS" },
};

/* Inside each entry of CTRL_ATTR_MCAST_GROUPS. */
static const struct nl_mnl_policy mcast_grp_policy[] = {
    /* Linux v2.6.23. */
    [CTRL_ATTR_MCAST_GRP_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                   .name = "MCAST_GRP_NAME" },
    [CTRL_ATTR_MCAST_GRP_ID] = { .type = MNL_TYPE_U32,
                                 .name = "MCAST_GRP_ID" },
};

/* Builds in 'buf', NL_MNL_GENL_REQUEST_SIZE bytes aligned for a 'struct
 * nlmsghdr', a request to the generic netlink controller for the id and
 * multicast groups of the family named 'name' (CTRL_CMD_GETFAMILY, version
 * 1, with CTRL_ATTR_FAMILY_NAME; "genl ctrl get name NAME"), with
 * NLM_F_REQUEST | NLM_F_ACK and sequence number 0.  Returns the message, or
 * NULL if 'name' is empty or longer than the kernel's limit of
 * GENL_NAMSIZ - 1 bytes. */
struct nlmsghdr *
nl_mnl_build_genl_family(void *buf, const char *name)
{
    struct nlmsghdr *nlh;

    BUILD_ASSERT_DECL(MNL_NLMSG_HDRLEN + GENL_HDRLEN
                      + MNL_ATTR_HDRLEN + GENL_NAMSIZ
                      <= NL_MNL_GENL_REQUEST_SIZE);

    if (!name || !name[0] || strlen(name) >= GENL_NAMSIZ) {
        return NULL;
    }
    nlh = nl_mnl_put_genl_request(buf, NL_MNL_GENL_REQUEST_SIZE,
                                  GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1,
                                  NLM_F_ACK);
    mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, name);
    return nlh;
}

/* Parses 'nlh', a generic netlink controller reply (CTRL_CMD_NEWFAMILY),
 * into the family id, stored in '*family', and the id of the multicast group
 * named 'group_name', stored in '*group', or 0 if there is no such group
 * (the kernel never assigns id 0 to a group).  'group_name' may be NULL.
 * The generic netlink command and unknown attributes are ignored.
 *
 * Returns 0 if successful, EINVAL if a known attribute is malformed or the
 * family id is missing (then '*family' and '*group' are 0). */
int
nl_mnl_parse_genl_family(const struct nlmsghdr *nlh, const char *group_name,
                         uint16_t *family, uint32_t *group)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct nlattr *tb[ARRAY_SIZE(ctrl_policy)];
    const struct nlattr *gtb[ARRAY_SIZE(mcast_grp_policy)];
    const struct nlattr *groups, *grp;
    uint32_t group_id = 0;
    int error;

    *family = 0;
    *group = 0;

    error = nl_mnl_parse_attrs(nlh, GENL_HDRLEN, ctrl_policy,
                               ARRAY_SIZE(ctrl_policy), tb,
                               "genl family reply");
    if (error) {
        return error;
    }
    if (!tb[CTRL_ATTR_FAMILY_ID]) {
        VLOG_WARN_RL(&rl, "genl family reply: no family id");
        return EINVAL;
    }

    groups = tb[CTRL_ATTR_MCAST_GROUPS];
    if (groups) {
        if (!nl_mnl_nest_whole(groups)) {
            return EINVAL;
        }
        mnl_attr_for_each_nested (grp, groups) {
            error = nl_mnl_parse_nested(grp, mcast_grp_policy,
                                        ARRAY_SIZE(mcast_grp_policy), gtb,
                                        "genl multicast group");
            if (error) {
                return error;
            }
            if (group_name && gtb[CTRL_ATTR_MCAST_GRP_NAME]
                && gtb[CTRL_ATTR_MCAST_GRP_ID]
                && !strcmp(mnl_attr_get_str(gtb[CTRL_ATTR_MCAST_GRP_NAME]),
                           group_name)) {
                group_id = mnl_attr_get_u32(gtb[CTRL_ATTR_MCAST_GRP_ID]);
            }
        }
    }

    *family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
    *group = group_id;
    return 0;
}

struct family_ctx {
    const char *group_name;
    bool found;
    uint16_t family;
    uint32_t group;
};

static int
family_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    struct family_ctx *ctx = ctx_;
    int error;

    if (nlh->nlmsg_type != GENL_ID_CTRL || ctx->found) {
        return 0;
    }
    error = nl_mnl_parse_genl_family(nlh, ctx->group_name, &ctx->family,
                                     &ctx->group);
    ctx->found = !error;
    return error;
}

/* Resolves, on 'sock' (a NETLINK_GENERIC socket from nl_mnl_open()), the id
 * of the generic netlink family named 'name' into '*family' and, if
 * 'group_name' is nonnull, the id of its multicast group of that name into
 * '*group' (0 if the family has no such group), as "genl ctrl get name
 * NAME" does.  'group' may be NULL if 'group_name' is.
 *
 * Returns 0 and stores NULL in '*errp' (if nonnull) on success.  On
 * failure, returns a positive errno value, ENOENT if the running kernel does
 * not know the family (built without it, or the module not loaded), and
 * stores an explanation in '*errp' (if nonnull), malloc'd, which the caller
 * frees. */
int
nl_mnl_genl_family(struct mnl_socket *sock, const char *name,
                   uint16_t *family, const char *group_name,
                   uint32_t *group, char **errp)
{
    uint64_t buf[NL_MNL_GENL_REQUEST_SIZE / sizeof(uint64_t)];
    struct family_ctx ctx = { .group_name = group_name };
    struct ds s = DS_EMPTY_INITIALIZER;
    struct nlmsghdr *req;
    char *extack;
    int error;

    *family = 0;
    if (group) {
        *group = 0;
    }
    if (errp) {
        *errp = NULL;
    }

    req = nl_mnl_build_genl_family(buf, name);
    if (!req) {
        if (errp) {
            *errp = xasprintf("invalid generic netlink family name \"%s\"",
                              name ? name : "");
        }
        return EINVAL;
    }
    error = nl_mnl_transact(sock, req, family_cb, &ctx, &extack);
    if (!error && !ctx.found) {
        error = EPROTO;
    }
    if (!error) {
        free(extack);
        *family = ctx.family;
        if (group) {
            *group = ctx.group;
        }
        return 0;
    }

    if (error == ENOENT) {
        ds_put_format(&s, "generic netlink family \"%s\" not found: the "
                      "running kernel does not provide it", name);
    } else {
        ds_put_format(&s, "cannot resolve generic netlink family \"%s\" "
                      "(%s)", name, ovs_strerror(error));
    }
    if (extack) {
        ds_put_format(&s, ": %s", extack);
    }
    free(extack);
    if (errp) {
        *errp = ds_steal_cstr(&s);
    } else {
        ds_destroy(&s);
    }
    return error;
}
