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

#ifndef RTNL_MONITOR_H
#define RTNL_MONITOR_H 1

/* rtnl-monitor: the daemon's ear on the kernel's link and tc changes.
 *
 * A non-blocking libmnl rtnetlink socket subscribed to RTNLGRP_LINK and
 * RTNLGRP_TC, driven from the OVS poll loop (rtnl_monitor_run() and
 * rtnl_monitor_wait()).  It reports:
 *
 *   - link: a netdev went up or down.  "Up" is admin up (IFF_UP) with a
 *     carrier (IFF_LOWER_UP) and an operstate, if the kernel sent one, of
 *     UP or UNKNOWN (drivers without operstate support).  Only changes are
 *     reported: the kernel sends RTM_NEWLINK for many other reasons (MTU,
 *     master, address), which are not link events.  A deleted netdev is
 *     reported down.
 *
 *   - tc: a qdisc, filter or chain changed somewhere; the caller decides
 *     whether and when to look (it rate-limits re-samples).
 *
 *   - resync: the kernel dropped messages (ENOBUFS: our receive buffer
 *     overflowed) or one did not fit our buffer, so some change may have
 *     gone unseen.  The caller must re-read the whole state; the monitor
 *     forgets what it knew, so the next message about each netdev is
 *     reported whatever it says.
 *
 *     The kernel reports ENOBUFS before the messages still queued, which
 *     are older than the loss.  Fed after the caller's re-read, they would
 *     put back a state that is gone (a leg "up" queued before the overflow,
 *     its "down" dropped in it).  So the monitor first drains the socket,
 *     discarding what it reads, and reports the resync once it is empty:
 *     the caller's re-read then comes after every discarded message.
 *
 * Message handling is separate from the socket (rtnl_monitor_feed()), so
 * that the unit tests feed synthetic messages. */

#include <stdbool.h>
#include <stddef.h>

struct nlmsghdr;

/* IFNAMSIZ, without <net/if.h> or <linux/if.h>, which clash. */
#define RTNL_IFNAMSIZ 16

struct rtnl_monitor_cbs {
    void (*link)(void *aux, const char *ifname, bool up);
    void (*tc)(void *aux);
    void (*resync)(void *aux);
};

/* One RTM_NEWLINK or RTM_DELLINK message. */
struct rtnl_link_msg {
    bool deleted;             /* RTM_DELLINK. */
    int ifindex;
    char ifname[RTNL_IFNAMSIZ];
    unsigned int flags;       /* IFF_*. */
    int operstate;            /* IF_OPER_*, or -1 if absent. */
    bool up;                  /* As defined above; false if 'deleted'. */
};

/* Parses the link message 'nlh' into 'msg'.  Returns 0, or EINVAL if it is
 * malformed or lacks a name. */
int rtnl_link_msg_parse(const struct nlmsghdr *nlh, struct rtnl_link_msg *);

/* The definition of "up" used for link events and by the status model. */
bool rtnl_link_is_up(unsigned int flags, int operstate);

/* Creates a monitor that reports through 'cbs' (any may be NULL) with
 * 'aux'.  It has no socket until rtnl_monitor_open(). */
struct rtnl_monitor *rtnl_monitor_create(const struct rtnl_monitor_cbs *,
                                         void *aux);
void rtnl_monitor_destroy(struct rtnl_monitor *);

/* Receive buffer asked for by default, and the range
 * rtnl_monitor_set_rcvbuf() accepts (the kernel doubles what it is asked
 * for, and raises it to its own minimum). */
#define RTNL_MONITOR_RCVBUF_DEFAULT (4 * 1024 * 1024)
#define RTNL_MONITOR_RCVBUF_MIN 4096
#define RTNL_MONITOR_RCVBUF_MAX (512 * 1024 * 1024)

/* Sets the receive buffer that rtnl_monitor_open() asks for, in bytes,
 * from RTNL_MONITOR_RCVBUF_MIN to RTNL_MONITOR_RCVBUF_MAX.  Small buffers
 * overflow sooner, which costs resyncs, not events. */
void rtnl_monitor_set_rcvbuf(struct rtnl_monitor *, int bytes);

/* Opens the socket and joins the groups.  Returns 0 or a positive errno
 * value with an explanation in '*errp' (the caller frees it). */
int rtnl_monitor_open(struct rtnl_monitor *, char **errp);

/* Receive buffer size the kernel granted, in bytes (0 without a socket). */
int rtnl_monitor_rcvbuf(const struct rtnl_monitor *);

/* Receives and dispatches what the socket has (a bounded amount per call;
 * if more is left, wakes the next poll at once). */
void rtnl_monitor_run(struct rtnl_monitor *);
void rtnl_monitor_wait(struct rtnl_monitor *);

/* Processes the 'len' bytes of one datagram at 'buf'. */
void rtnl_monitor_feed(struct rtnl_monitor *, const void *buf, size_t len);

/* Events were lost: forget the known link states and report a resync. */
void rtnl_monitor_lost(struct rtnl_monitor *);

#endif /* rtnl-monitor.h */
