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

/* Unit tests of the rtnetlink monitor (controller/rtnl-monitor.c).
 *
 * The messages are built by hand as the kernel's rtnl_fill_ifinfo() lays
 * them out (<linux/rtnetlink.h>, <linux/if_link.h>): a struct ifinfomsg,
 * then IFLA_IFNAME (a NUL-terminated string), IFLA_OPERSTATE (u8), and
 * others that the monitor must skip (IFLA_MTU, IFLA_MASTER).  Several
 * messages share one datagram, as in a real multicast burst. */

#include <config.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>

#include "controller/rtnl-monitor.h"
#include "util.h"

#define UP_FLAGS (IFF_UP | IFF_RUNNING | IFF_LOWER_UP)

/* What the callbacks saw. */
struct events {
    int n_link;
    char names[16][IFNAMSIZ];
    bool ups[16];
    int n_tc;
    int n_resync;
};

static void
on_link(void *aux, const char *ifname, bool up)
{
    struct events *e = aux;

    assert_true(e->n_link < 16);
    ovs_strlcpy(e->names[e->n_link], ifname, IFNAMSIZ);
    e->ups[e->n_link] = up;
    e->n_link++;
}

static void
on_tc(void *aux)
{
    struct events *e = aux;

    e->n_tc++;
}

static void
on_resync(void *aux)
{
    struct events *e = aux;

    e->n_resync++;
}

static const struct rtnl_monitor_cbs cbs = {
    .link = on_link, .tc = on_tc, .resync = on_resync,
};

/* A datagram under construction. */
struct dgram {
    uint8_t buf[8192];
    size_t len;
};

/* Appends a link message.  'operstate' < 0 omits IFLA_OPERSTATE; 'name'
 * NULL omits IFLA_IFNAME. */
static struct nlmsghdr *
put_link(struct dgram *d, uint16_t type, int ifindex, const char *name,
         unsigned int flags, int operstate)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->buf + d->len);
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = type;
    nlh->nlmsg_seq = 0;          /* Multicast: no sequence number. */
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_type = 1;           /* ARPHRD_ETHER. */
    ifi->ifi_index = ifindex;
    ifi->ifi_flags = flags;
    ifi->ifi_change = 0;
    if (name) {
        mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    }
    mnl_attr_put_u32(nlh, IFLA_TXQLEN, 1000);
    if (operstate >= 0) {
        mnl_attr_put_u8(nlh, IFLA_OPERSTATE, operstate);
    }
    mnl_attr_put_u8(nlh, IFLA_LINKMODE, 0);
    mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
    mnl_attr_put_u32(nlh, IFLA_MASTER, 7);
    d->len += MNL_ALIGN(nlh->nlmsg_len);
    return nlh;
}

static void
put_tc(struct dgram *d, uint16_t type)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(d->buf + d->len);
    struct tcmsg *tcm;

    nlh->nlmsg_type = type;
    tcm = mnl_nlmsg_put_extra_header(nlh, sizeof *tcm);
    tcm->tcm_ifindex = 3;
    tcm->tcm_parent = TC_H_INGRESS;
    mnl_attr_put_strz(nlh, TCA_KIND, "flower");
    d->len += MNL_ALIGN(nlh->nlmsg_len);
}

static void
test_is_up(void **state OVS_UNUSED)
{
    assert_true(rtnl_link_is_up(UP_FLAGS, IF_OPER_UP));
    assert_true(rtnl_link_is_up(UP_FLAGS, IF_OPER_UNKNOWN));
    assert_true(rtnl_link_is_up(UP_FLAGS, -1));
    assert_false(rtnl_link_is_up(UP_FLAGS, IF_OPER_DOWN));
    assert_false(rtnl_link_is_up(UP_FLAGS, IF_OPER_LOWERLAYERDOWN));
    assert_false(rtnl_link_is_up(UP_FLAGS, IF_OPER_DORMANT));
    /* Admin up without carrier (cable pulled, veth peer down). */
    assert_false(rtnl_link_is_up(IFF_UP, IF_OPER_UP));
    /* Carrier but admin down ("ip link set X down"). */
    assert_false(rtnl_link_is_up(IFF_LOWER_UP, IF_OPER_UP));
    assert_false(rtnl_link_is_up(0, -1));
}

static void
test_parse(void **state OVS_UNUSED)
{
    struct dgram d = { .len = 0 };
    struct nlmsghdr *nlh = put_link(&d, RTM_NEWLINK, 5, "sb-a0", UP_FLAGS,
                                    IF_OPER_UP);
    struct rtnl_link_msg msg;

    assert_int_equal(0, rtnl_link_msg_parse(nlh, &msg));
    assert_false(msg.deleted);
    assert_int_equal(5, msg.ifindex);
    assert_string_equal("sb-a0", msg.ifname);
    assert_int_equal(UP_FLAGS, msg.flags);
    assert_int_equal(IF_OPER_UP, msg.operstate);
    assert_true(msg.up);

    d.len = 0;
    nlh = put_link(&d, RTM_NEWLINK, 6, "sb-a1", IFF_UP, IF_OPER_DOWN);
    assert_int_equal(0, rtnl_link_msg_parse(nlh, &msg));
    assert_false(msg.up);

    /* No operstate attribute: flags decide. */
    d.len = 0;
    nlh = put_link(&d, RTM_NEWLINK, 6, "sb-a1", UP_FLAGS, -1);
    assert_int_equal(0, rtnl_link_msg_parse(nlh, &msg));
    assert_int_equal(-1, msg.operstate);
    assert_true(msg.up);

    /* Deleted: never up, whatever the flags said. */
    d.len = 0;
    nlh = put_link(&d, RTM_DELLINK, 6, "sb-a1", UP_FLAGS, IF_OPER_UP);
    assert_int_equal(0, rtnl_link_msg_parse(nlh, &msg));
    assert_true(msg.deleted);
    assert_false(msg.up);
}

static void
test_parse_malformed(void **state OVS_UNUSED)
{
    struct dgram d = { .len = 0 };
    struct rtnl_link_msg msg;
    struct nlmsghdr *nlh;

    /* No name. */
    nlh = put_link(&d, RTM_NEWLINK, 5, NULL, UP_FLAGS, IF_OPER_UP);
    assert_int_equal(EINVAL, rtnl_link_msg_parse(nlh, &msg));

    /* Payload shorter than struct ifinfomsg. */
    d.len = 0;
    nlh = mnl_nlmsg_put_header(d.buf);
    nlh->nlmsg_type = RTM_NEWLINK;
    mnl_nlmsg_put_extra_header(nlh, 8);
    assert_int_equal(EINVAL, rtnl_link_msg_parse(nlh, &msg));

    /* IFLA_OPERSTATE of the wrong size. */
    d.len = 0;
    nlh = put_link(&d, RTM_NEWLINK, 5, "sb-a0", UP_FLAGS, -1);
    mnl_attr_put_u32(nlh, IFLA_OPERSTATE, IF_OPER_UP);
    assert_int_equal(EINVAL, rtnl_link_msg_parse(nlh, &msg));

    /* A name without its terminator. */
    d.len = 0;
    nlh = put_link(&d, RTM_NEWLINK, 5, NULL, UP_FLAGS, -1);
    mnl_attr_put(nlh, IFLA_IFNAME, 5, "sb-a0");
    assert_int_equal(EINVAL, rtnl_link_msg_parse(nlh, &msg));

    /* A truncated attribute at the end. */
    d.len = 0;
    nlh = put_link(&d, RTM_NEWLINK, 5, "sb-a0", UP_FLAGS, IF_OPER_UP);
    nlh->nlmsg_len -= 2;
    assert_int_equal(EINVAL, rtnl_link_msg_parse(nlh, &msg));

    /* Not a link message. */
    d.len = 0;
    put_tc(&d, RTM_NEWTFILTER);
    assert_int_equal(EINVAL, rtnl_link_msg_parse((void *) d.buf, &msg));
}

/* Only changes of link state are reported, several messages per
 * datagram. */
static void
test_feed_changes(void **state OVS_UNUSED)
{
    struct events e = { .n_link = 0 };
    struct rtnl_monitor *m = rtnl_monitor_create(&cbs, &e);
    struct dgram d = { .len = 0 };

    put_link(&d, RTM_NEWLINK, 5, "sb-a0", UP_FLAGS, IF_OPER_UP);
    put_link(&d, RTM_NEWLINK, 6, "sb-a1", UP_FLAGS, IF_OPER_UP);
    /* Same state again (an MTU change, say): not an event. */
    put_link(&d, RTM_NEWLINK, 5, "sb-a0", UP_FLAGS, IF_OPER_UP);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(2, e.n_link);
    assert_string_equal("sb-a0", e.names[0]);
    assert_true(e.ups[0]);
    assert_string_equal("sb-a1", e.names[1]);
    assert_true(e.ups[1]);

    /* "ip link set sb-a1 down": IFF_UP cleared, operstate DOWN. */
    d.len = 0;
    put_link(&d, RTM_NEWLINK, 6, "sb-a1", 0, IF_OPER_DOWN);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(3, e.n_link);
    assert_string_equal("sb-a1", e.names[2]);
    assert_false(e.ups[2]);

    /* Admin up again, carrier not yet: still down, no event; then the
     * carrier comes: up. */
    d.len = 0;
    put_link(&d, RTM_NEWLINK, 6, "sb-a1", IFF_UP, IF_OPER_DOWN);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(3, e.n_link);
    d.len = 0;
    put_link(&d, RTM_NEWLINK, 6, "sb-a1", UP_FLAGS, IF_OPER_UP);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(4, e.n_link);
    assert_true(e.ups[3]);

    /* Deleted: reported down, and forgotten. */
    d.len = 0;
    put_link(&d, RTM_DELLINK, 5, "sb-a0", UP_FLAGS, IF_OPER_UP);
    put_link(&d, RTM_NEWLINK, 5, "sb-a0", UP_FLAGS, IF_OPER_UP);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(6, e.n_link);
    assert_false(e.ups[4]);
    assert_true(e.ups[5]);

    assert_int_equal(0, e.n_tc);
    assert_int_equal(0, e.n_resync);
    rtnl_monitor_destroy(m);
}

/* tc messages: one report per datagram however many it holds. */
static void
test_feed_tc(void **state OVS_UNUSED)
{
    struct events e = { .n_link = 0 };
    struct rtnl_monitor *m = rtnl_monitor_create(&cbs, &e);
    struct dgram d = { .len = 0 };

    put_tc(&d, RTM_NEWQDISC);
    put_tc(&d, RTM_NEWTFILTER);
    put_tc(&d, RTM_DELTFILTER);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(1, e.n_tc);

    d.len = 0;
    put_tc(&d, RTM_DELQDISC);
    put_link(&d, RTM_NEWLINK, 5, "sb-a0", UP_FLAGS, IF_OPER_UP);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(2, e.n_tc);
    assert_int_equal(1, e.n_link);
    rtnl_monitor_destroy(m);
}

/* A malformed message is skipped; the rest of the datagram is not. */
static void
test_feed_malformed(void **state OVS_UNUSED)
{
    struct events e = { .n_link = 0 };
    struct rtnl_monitor *m = rtnl_monitor_create(&cbs, &e);
    struct dgram d = { .len = 0 };

    put_link(&d, RTM_NEWLINK, 5, NULL, UP_FLAGS, IF_OPER_UP);
    put_link(&d, RTM_NEWLINK, 6, "sb-a1", 0, IF_OPER_DOWN);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(1, e.n_link);
    assert_string_equal("sb-a1", e.names[0]);
    assert_false(e.ups[0]);

    /* A datagram cut inside a message: nothing past the cut. */
    d.len = 0;
    put_link(&d, RTM_NEWLINK, 6, "sb-a1", UP_FLAGS, IF_OPER_UP);
    rtnl_monitor_feed(m, d.buf, d.len - 8);
    assert_int_equal(1, e.n_link);
    rtnl_monitor_destroy(m);
}

/* After lost events, the monitor reports a resync and forgets: the next
 * message about a netdev is reported even if it repeats the old state. */
static void
test_lost(void **state OVS_UNUSED)
{
    struct events e = { .n_link = 0 };
    struct rtnl_monitor *m = rtnl_monitor_create(&cbs, &e);
    struct dgram d = { .len = 0 };

    put_link(&d, RTM_NEWLINK, 5, "sb-a0", UP_FLAGS, IF_OPER_UP);
    rtnl_monitor_feed(m, d.buf, d.len);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(1, e.n_link);

    rtnl_monitor_lost(m);
    assert_int_equal(1, e.n_resync);
    rtnl_monitor_feed(m, d.buf, d.len);
    assert_int_equal(2, e.n_link);
    rtnl_monitor_destroy(m);
}

/* The socket opens and joins its groups in the test's own namespace (no
 * privileges needed to listen to rtnetlink multicast). */
static void
test_open(void **state OVS_UNUSED)
{
    struct events e = { .n_link = 0 };
    struct rtnl_monitor *m = rtnl_monitor_create(&cbs, &e);
    char *err = NULL;
    int error = rtnl_monitor_open(m, &err);

    if (error == EPERM || error == EACCES || error == EAFNOSUPPORT) {
        free(err);
        rtnl_monitor_destroy(m);
        skip();
    }
    assert_int_equal(0, error);
    assert_null(err);
    assert_true(rtnl_monitor_rcvbuf(m) > 0);
    /* Nothing pending is not an error, and does not block. */
    rtnl_monitor_run(m);
    assert_int_equal(0, e.n_resync);
    rtnl_monitor_destroy(m);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_up),
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_parse_malformed),
        cmocka_unit_test(test_feed_changes),
        cmocka_unit_test(test_feed_tc),
        cmocka_unit_test(test_feed_malformed),
        cmocka_unit_test(test_lost),
        cmocka_unit_test(test_open),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
