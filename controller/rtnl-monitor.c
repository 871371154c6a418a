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

#include "controller/rtnl-monitor.h"

#include <errno.h>
#include <limits.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <string.h>
#include <sys/socket.h>

#include "netlink/nl-mnl.h"
#include "openvswitch/compiler.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "simap.h"
#include "util.h"

BUILD_ASSERT_DECL(RTNL_IFNAMSIZ == IFNAMSIZ);

VLOG_DEFINE_THIS_MODULE(rtnl_monitor);

/* Receive buffer we ask for by default (RTNL_MONITOR_RCVBUF_DEFAULT).  The
 * system default (rmem_default, ~200 kB) holds under a hundred RTM_NEWLINK
 * messages (each costs over 2 kB of buffer); a PF with many VFs sends large
 * ones and a mass change (switchdev mode, numvfs) sends one per
 * representor, while the daemon may be busy in a reconcile for a second.
 * 4 MB rides that out; ENOBUFS beyond it is handled as a resync. */
BUILD_ASSERT_DECL(RTNL_MONITOR_RCVBUF_MAX <= INT_MAX / 2);

/* Datagrams handled per rtnl_monitor_run(), so that a flood cannot starve
 * the rest of the poll loop. */
#define RTNL_MONITOR_BATCH 64

/* Datagrams discarded per rtnl_monitor_run() while draining after a loss:
 * a read without parsing is cheap, and the resync waits for the end. */
#define RTNL_MONITOR_DRAIN_BATCH 4096

struct rtnl_monitor {
    struct rtnl_monitor_cbs cbs;
    void *aux;
    struct mnl_socket *sock;
    int rcvbuf_want;            /* Asked for. */
    int rcvbuf;                 /* Granted. */
    bool draining;              /* Events were lost: discarding what is
                                 * queued, resync when empty. */
    struct simap links;         /* ifname -> 1 + up, as last reported. */
    void *buf;                  /* NL_MNL_RECV_SIZE bytes. */
};

bool
rtnl_link_is_up(unsigned int flags, int operstate)
{
    if (!(flags & IFF_UP) || !(flags & IFF_LOWER_UP)) {
        return false;
    }
    return (operstate < 0 || operstate == IF_OPER_UP
            || operstate == IF_OPER_UNKNOWN);
}

int
rtnl_link_msg_parse(const struct nlmsghdr *nlh, struct rtnl_link_msg *msg)
{
    static const struct nl_mnl_policy policy[] = {
        [IFLA_IFNAME] = { .type = MNL_TYPE_NUL_STRING, .name = "IFLA_IFNAME",
                          .max_len = IFNAMSIZ },
        [IFLA_OPERSTATE] = { .type = MNL_TYPE_U8, .name = "IFLA_OPERSTATE" },
    };
    const struct nlattr *tb[ARRAY_SIZE(policy)];
    const struct ifinfomsg *ifi;

    memset(msg, 0, sizeof *msg);
    msg->operstate = -1;
    if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) {
        return EINVAL;
    }
    if (mnl_nlmsg_get_payload_len(nlh) < sizeof *ifi
        || nl_mnl_parse_attrs(nlh, sizeof *ifi, policy, ARRAY_SIZE(policy),
                              tb, "RTM_NEWLINK")) {
        return EINVAL;
    }
    ifi = mnl_nlmsg_get_payload(nlh);
    if (!tb[IFLA_IFNAME] || !mnl_attr_get_str(tb[IFLA_IFNAME])[0]) {
        return EINVAL;
    }

    msg->deleted = nlh->nlmsg_type == RTM_DELLINK;
    msg->ifindex = ifi->ifi_index;
    ovs_strlcpy(msg->ifname, mnl_attr_get_str(tb[IFLA_IFNAME]),
                sizeof msg->ifname);
    msg->flags = ifi->ifi_flags;
    if (tb[IFLA_OPERSTATE]) {
        msg->operstate = mnl_attr_get_u8(tb[IFLA_OPERSTATE]);
    }
    msg->up = !msg->deleted && rtnl_link_is_up(msg->flags, msg->operstate);
    return 0;
}

struct rtnl_monitor *
rtnl_monitor_create(const struct rtnl_monitor_cbs *cbs, void *aux)
{
    struct rtnl_monitor *m = xzalloc(sizeof *m);

    if (cbs) {
        m->cbs = *cbs;
    }
    m->aux = aux;
    m->rcvbuf_want = RTNL_MONITOR_RCVBUF_DEFAULT;
    simap_init(&m->links);
    return m;
}

void
rtnl_monitor_destroy(struct rtnl_monitor *m)
{
    if (m) {
        if (m->sock) {
            mnl_socket_close(m->sock);
        }
        simap_destroy(&m->links);
        free(m->buf);
        free(m);
    }
}

void
rtnl_monitor_set_rcvbuf(struct rtnl_monitor *m, int bytes)
{
    ovs_assert(bytes >= RTNL_MONITOR_RCVBUF_MIN
               && bytes <= RTNL_MONITOR_RCVBUF_MAX);
    m->rcvbuf_want = bytes;
}

/* Asks for 'want' bytes of receive buffer: SO_RCVBUFFORCE passes
 * net.core.rmem_max (and, smaller, rmem_default) when we have
 * CAP_NET_ADMIN, SO_RCVBUF is capped by rmem_max otherwise.  Returns what
 * the kernel granted. */
static int
set_rcvbuf(int fd, int want)
{
    int size = want;
    socklen_t len = sizeof size;

    if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size)
        && setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size)) {
        VLOG_WARN("cannot enlarge the rtnetlink receive buffer (%s)",
                  ovs_strerror(errno));
    }
    if (getsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, &len)) {
        size = 0;
    }
    return size;
}

int
rtnl_monitor_open(struct rtnl_monitor *m, char **errp)
{
    static const unsigned int groups[] = { RTNLGRP_LINK, RTNLGRP_TC };
    const char *step;
    int error;

    *errp = NULL;
    ovs_assert(!m->sock);
    m->sock = mnl_socket_open2(NETLINK_ROUTE, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (!m->sock) {
        step = "open";
        goto error;
    }
    if (mnl_socket_bind(m->sock, 0, MNL_SOCKET_AUTOPID) < 0) {
        step = "bind";
        goto error;
    }
    for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
        int group = groups[i];

        if (mnl_socket_setsockopt(m->sock, NETLINK_ADD_MEMBERSHIP, &group,
                                  sizeof group) < 0) {
            step = "join a multicast group of";
            goto error;
        }
    }
    m->rcvbuf = set_rcvbuf(mnl_socket_get_fd(m->sock), m->rcvbuf_want);
    m->draining = false;
    if (!m->buf) {
        m->buf = xmalloc(NL_MNL_RECV_SIZE);
    }
    VLOG_INFO("rtnetlink monitor open, %d-byte receive buffer (asked for "
              "%d)", m->rcvbuf, m->rcvbuf_want);
    return 0;

error:
    error = errno;
    *errp = xasprintf("cannot %s an rtnetlink socket (%s)", step,
                      ovs_strerror(error));
    if (m->sock) {
        mnl_socket_close(m->sock);
        m->sock = NULL;
    }
    return error;
}

int
rtnl_monitor_rcvbuf(const struct rtnl_monitor *m)
{
    return m->sock ? m->rcvbuf : 0;
}

void
rtnl_monitor_lost(struct rtnl_monitor *m)
{
    simap_clear(&m->links);
    if (m->cbs.resync) {
        m->cbs.resync(m->aux);
    }
}

static void
handle_link(struct rtnl_monitor *m, const struct nlmsghdr *nlh)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    struct rtnl_link_msg msg;

    if (rtnl_link_msg_parse(nlh, &msg)) {
        VLOG_WARN_RL(&rl, "ignoring a malformed link message");
        return;
    }

    unsigned int want = 1 + msg.up;
    if (msg.deleted) {
        /* Reported down even if we never heard of it: it may be a leg that
         * the sampler knows from its last sample. */
        simap_find_and_delete(&m->links, msg.ifname);
    } else if (simap_get(&m->links, msg.ifname) == want) {
        return;                 /* Not a change of link state. */
    } else {
        simap_put(&m->links, msg.ifname, want);
    }
    VLOG_DBG("link %s %s%s", msg.ifname, msg.up ? "up" : "down",
             msg.deleted ? " (deleted)" : "");
    if (m->cbs.link) {
        m->cbs.link(m->aux, msg.ifname, msg.up);
    }
}

void
rtnl_monitor_feed(struct rtnl_monitor *m, const void *buf, size_t len)
{
    const struct nlmsghdr *nlh = buf;
    int left = len;
    bool tc = false;

    for (; mnl_nlmsg_ok(nlh, left); nlh = mnl_nlmsg_next(nlh, &left)) {
        switch (nlh->nlmsg_type) {
        case RTM_NEWLINK:
        case RTM_DELLINK:
            handle_link(m, nlh);
            break;
        case RTM_NEWQDISC:
        case RTM_DELQDISC:
        case RTM_NEWTFILTER:
        case RTM_DELTFILTER:
        case RTM_NEWCHAIN:
        case RTM_DELCHAIN:
            tc = true;
            break;
        default:
            break;
        }
    }
    if (tc && m->cbs.tc) {
        m->cbs.tc(m->aux);
    }
}

void
rtnl_monitor_run(struct rtnl_monitor *m)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);

    if (!m->sock) {
        return;
    }
    for (int fed = 0, discarded = 0;
         fed < RTNL_MONITOR_BATCH && discarded < RTNL_MONITOR_DRAIN_BATCH;) {
        ssize_t n = mnl_socket_recvfrom(m->sock, m->buf, NL_MNL_RECV_SIZE);

        if (n > 0 && m->draining) {
            discarded++;        /* Older than the resync's re-read. */
        } else if (n > 0) {
            rtnl_monitor_feed(m, m->buf, n);
            fed++;
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && errno == EAGAIN) {
            if (m->draining) {
                /* Drained: whatever the caller reads now is newer than
                 * every message we did not feed. */
                m->draining = false;
                rtnl_monitor_lost(m);
            }
            return;
        } else if (n < 0 && (errno == ENOBUFS || errno == ENOSPC)) {
            /* ENOBUFS: the kernel dropped messages; ENOSPC: libmnl saw
             * MSG_TRUNC, one did not fit.  Either way, a gap: drain, then
             * resync (see rtnl-monitor.h). */
            VLOG_WARN_RL(&rl, "rtnetlink events lost (%s); resynchronizing",
                         errno == ENOBUFS ? "receive buffer overflow"
                         : "message truncated");
            m->draining = true;
        } else {
            VLOG_WARN_RL(&rl, "rtnetlink receive failed (%s)",
                         n < 0 ? ovs_strerror(errno) : "end of file");
            return;
        }
    }
    /* More may be waiting; come back after the rest of the loop ran. */
    poll_immediate_wake();
}

void
rtnl_monitor_wait(struct rtnl_monitor *m)
{
    if (m->sock) {
        poll_fd_wait(mnl_socket_get_fd(m->sock), POLLIN);
    }
}
