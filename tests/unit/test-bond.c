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

/* Unit tests of the Linux bond module (lag/bond.c).
 *
 * Most tests are rows of tables, one cmocka test per row.  They check the
 * bytes of the requests that the builders produce against layouts written
 * out here by hand from <linux/if_link.h> and the kernel's bond_policy[],
 * and feed the parsers synthetic RTM_NEWLINK messages laid out the way the
 * kernel's rtnl_fill_ifinfo(), bond_fill_info() and bond_fill_slave_info()
 * lay them out (nests without NLA_F_NESTED, the partner LACP state as a
 * u16).
 *
 * The "live" tests run in a throwaway network namespace ("ip netns add";
 * they skip, saying why, where that is impossible).  On a kernel without
 * the bonding driver, such as the build host's, creating a bond must fail
 * with EOPNOTSUPP and the kernel's extack "Unknown device type"; the other
 * operations run against the namespace's loopback device.  Where bonding
 * exists (a VM with a distribution kernel), the same test runs a full round
 * trip instead: two 802.3ad bonds over two veth pairs, LACP negotiation
 * between them, option changes, the mode-change rule, release, delete.
 *
 * "test-bond live" runs only that round trip and exits with 77 (skipped)
 * if the kernel has no bonding driver or no network namespaces. */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/if_bonding.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>

#include "lag/bond.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

/* The number of elements of 'ARRAY'. */
#define N_ELEMS(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

/* bond.h mirrors these <linux/if_bonding.h> values, which it cannot
 * include. */
BUILD_ASSERT_DECL(BOND_M_BALANCE_RR == BOND_MODE_ROUNDROBIN);
BUILD_ASSERT_DECL(BOND_M_ACTIVE_BACKUP == BOND_MODE_ACTIVEBACKUP);
BUILD_ASSERT_DECL(BOND_M_BALANCE_XOR == BOND_MODE_XOR);
BUILD_ASSERT_DECL(BOND_M_BROADCAST == BOND_MODE_BROADCAST);
BUILD_ASSERT_DECL(BOND_M_8023AD == BOND_MODE_8023AD);
BUILD_ASSERT_DECL(BOND_M_BALANCE_TLB == BOND_MODE_TLB);
BUILD_ASSERT_DECL(BOND_M_BALANCE_ALB == BOND_MODE_ALB);
BUILD_ASSERT_DECL(BOND_XHP_LAYER2 == BOND_XMIT_POLICY_LAYER2);
BUILD_ASSERT_DECL(BOND_XHP_LAYER34 == BOND_XMIT_POLICY_LAYER34);
BUILD_ASSERT_DECL(BOND_XHP_LAYER23 == BOND_XMIT_POLICY_LAYER23);
BUILD_ASSERT_DECL(BOND_XHP_ENCAP23 == BOND_XMIT_POLICY_ENCAP23);
BUILD_ASSERT_DECL(BOND_XHP_ENCAP34 == BOND_XMIT_POLICY_ENCAP34);
BUILD_ASSERT_DECL(BOND_XHP_VLAN_SRCMAC == BOND_XMIT_POLICY_VLAN_SRCMAC);
BUILD_ASSERT_DECL(BOND_SLAVE_ACTIVE == BOND_STATE_ACTIVE);
BUILD_ASSERT_DECL(BOND_SLAVE_BACKUP == BOND_STATE_BACKUP);
BUILD_ASSERT_DECL(BOND_MII_UP == BOND_LINK_UP);
BUILD_ASSERT_DECL(BOND_MII_FAIL == BOND_LINK_FAIL);
BUILD_ASSERT_DECL(BOND_MII_DOWN == BOND_LINK_DOWN);
BUILD_ASSERT_DECL(BOND_MII_BACK == BOND_LINK_BACK);
BUILD_ASSERT_DECL(BOND_IFALIAS_SIZE == IFALIASZ);

/* The attribute numbers the builders must use (facts.md, section 5). */
BUILD_ASSERT_DECL(IFLA_BOND_MODE == 1 && IFLA_BOND_MIIMON == 3);
BUILD_ASSERT_DECL(IFLA_BOND_UPDELAY == 4 && IFLA_BOND_DOWNDELAY == 5);
BUILD_ASSERT_DECL(IFLA_BOND_PRIMARY == 11);
BUILD_ASSERT_DECL(IFLA_BOND_XMIT_HASH_POLICY == 14);
BUILD_ASSERT_DECL(IFLA_BOND_MIN_LINKS == 18);
BUILD_ASSERT_DECL(IFLA_BOND_AD_LACP_RATE == 21);
BUILD_ASSERT_DECL(IFLA_BOND_AD_SELECT == 22);
BUILD_ASSERT_DECL(IFLA_LINKINFO == 18 && IFLA_MASTER == 10);
BUILD_ASSERT_DECL(IFLA_INFO_KIND == 1 && IFLA_INFO_DATA == 2);
BUILD_ASSERT_DECL(IFLA_INFO_SLAVE_KIND == 4 && IFLA_INFO_SLAVE_DATA == 5);

/* Room for several messages, aligned for 'struct nlmsghdr'. */
struct msgbuf {
    uint64_t words[2048];
    size_t len;                 /* Bytes used. */
};

static struct msgbuf *
msgbuf_create(void)
{
    return xzalloc(sizeof(struct msgbuf));
}

static struct nlmsghdr *
msg_cur(struct msgbuf *mb)
{
    return (struct nlmsghdr *) (void *) ((char *) mb->words + mb->len);
}

static void
msg_end(struct msgbuf *mb, const struct nlmsghdr *nlh)
{
    mb->len += MNL_ALIGN(nlh->nlmsg_len);
    assert_true(mb->len <= sizeof mb->words);
}

/* Starts a link message of type 'type' in 'mb'. */
static struct nlmsghdr *
link_start(struct msgbuf *mb, uint16_t type, uint16_t flags, int ifindex,
           unsigned int ifi_flags)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(msg_cur(mb));
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = flags;
    nlh->nlmsg_seq = 1;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_type = 1;          /* ARPHRD_ETHER. */
    ifi->ifi_index = ifindex;
    ifi->ifi_flags = ifi_flags;
    return nlh;
}

/* Starts a nest without NLA_F_NESTED, as the kernel's
 * nla_nest_start_noflag() does for IFLA_LINKINFO and its data. */
static struct nlattr *
nest_start(struct nlmsghdr *nlh, uint16_t type)
{
    struct nlattr *nest = mnl_attr_nest_start(nlh, type);

    nest->nla_type &= ~NLA_F_NESTED;
    return nest;
}

/* Appends a netlink acknowledgement to 'mb': 'code' (0 or a negative
 * errno), capped, with extended ack text 'text' (if nonnull). */
static void
put_ack(struct msgbuf *mb, int code, const char *text)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(msg_cur(mb));
    struct nlmsgerr *err;

    nlh->nlmsg_type = NLMSG_ERROR;
    nlh->nlmsg_flags = NLM_F_CAPPED;
    nlh->nlmsg_seq = 1;
    err = mnl_nlmsg_put_extra_header(nlh, sizeof *err);
    err->error = code;
    err->msg.nlmsg_len = sizeof err->msg;
    err->msg.nlmsg_type = RTM_GETLINK;
    if (text) {
        nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
        mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, text);
    }
    msg_end(mb, nlh);
}

static void
put_done(struct msgbuf *mb, int code)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(msg_cur(mb));
    int *payload;

    nlh->nlmsg_type = NLMSG_DONE;
    nlh->nlmsg_flags = NLM_F_MULTI;
    nlh->nlmsg_seq = 1;
    payload = mnl_nlmsg_put_extra_header(nlh, sizeof *payload);
    *payload = code;
    msg_end(mb, nlh);
}

/* Synthetic link messages. */

static const uint8_t PF0_MAC[6] = { 0x0c, 0x42, 0xa1, 0x00, 0x00, 0x01 };
static const uint8_t PF1_MAC[6] = { 0x0c, 0x42, 0xa1, 0x00, 0x00, 0x02 };
static const uint8_t SWITCH_MAC[6] = { 0x00, 0x1c, 0x73, 0xaa, 0xbb, 0xcc };

/* Appends the common attributes of a link, in rtnl_fill_ifinfo()'s order
 * (IFLA_IFNAME ... IFLA_MASTER ... IFLA_OPERSTATE ... IFLA_IFALIAS), plus
 * an attribute from the future, which the parser must skip. */
static void
put_common(struct nlmsghdr *nlh, const char *ifname, int master,
           const char *alias)
{
    mnl_attr_put_strz(nlh, IFLA_IFNAME, ifname);
    mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
    if (master) {
        mnl_attr_put_u32(nlh, IFLA_MASTER, master);
    }
    mnl_attr_put_u8(nlh, IFLA_OPERSTATE, 6);     /* IF_OPER_UP. */
    if (alias) {
        mnl_attr_put_strz(nlh, IFLA_IFALIAS, alias);
    }
    mnl_attr_put_u32(nlh, IFLA_MAX + 7, 0xdeadbeef);
}

/* Appends the IFLA_INFO_DATA attributes that bond_fill_info() always
 * sends and this module does not read. */
static void
put_bond_extras(struct nlmsghdr *nlh)
{
    mnl_attr_put_u32(nlh, IFLA_BOND_PEER_NOTIF_DELAY, 0);
    mnl_attr_put_u8(nlh, IFLA_BOND_USE_CARRIER, 1);
    mnl_attr_put_u32(nlh, IFLA_BOND_ARP_INTERVAL, 0);
    mnl_attr_put_u32(nlh, IFLA_BOND_ARP_VALIDATE, 0);
    mnl_attr_put_u32(nlh, IFLA_BOND_ARP_ALL_TARGETS, 0);
    mnl_attr_put_u8(nlh, IFLA_BOND_PRIMARY_RESELECT, 0);
    mnl_attr_put_u8(nlh, IFLA_BOND_FAIL_OVER_MAC, 0);
}

/* A bond in 802.3ad mode with an active aggregator, up, tagged, the way
 * "ip link add bond0 type bond mode 802.3ad miimon 100 lacp_rate fast
 * xmit_hash_policy layer3+4" leaves it once LACP has converged. */
static struct nlmsghdr *
put_bond_8023ad(struct msgbuf *mb, uint16_t type)
{
    struct nlmsghdr *nlh = link_start(mb, type, 0, 7,
                                      IFF_UP | IFF_RUNNING | IFF_MASTER
                                      | IFF_LOWER_UP);
    struct nlattr *linkinfo, *data, *ad;

    put_common(nlh, "bond0", 0, "ovs-offload:test");
    linkinfo = nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bond");
    data = nest_start(nlh, IFLA_INFO_DATA);
    mnl_attr_put_u8(nlh, IFLA_BOND_MODE, BOND_M_8023AD);
    mnl_attr_put_u32(nlh, IFLA_BOND_MIIMON, 100);
    mnl_attr_put_u32(nlh, IFLA_BOND_UPDELAY, 200);
    mnl_attr_put_u32(nlh, IFLA_BOND_DOWNDELAY, 0);
    put_bond_extras(nlh);
    mnl_attr_put_u8(nlh, IFLA_BOND_XMIT_HASH_POLICY, BOND_XHP_LAYER34);
    mnl_attr_put_u32(nlh, IFLA_BOND_RESEND_IGMP, 1);
    mnl_attr_put_u32(nlh, IFLA_BOND_MIN_LINKS, 1);
    mnl_attr_put_u8(nlh, IFLA_BOND_AD_LACP_ACTIVE, 1);
    mnl_attr_put_u8(nlh, IFLA_BOND_AD_LACP_RATE, BOND_LACP_FAST);
    mnl_attr_put_u8(nlh, IFLA_BOND_AD_SELECT, BOND_ADS_STABLE);
    mnl_attr_put_u16(nlh, IFLA_BOND_AD_ACTOR_SYS_PRIO, 65535);
    ad = nest_start(nlh, IFLA_BOND_AD_INFO);
    mnl_attr_put_u16(nlh, IFLA_BOND_AD_INFO_AGGREGATOR, 1);
    mnl_attr_put_u16(nlh, IFLA_BOND_AD_INFO_NUM_PORTS, 2);
    mnl_attr_put_u16(nlh, IFLA_BOND_AD_INFO_ACTOR_KEY, 15);
    mnl_attr_put_u16(nlh, IFLA_BOND_AD_INFO_PARTNER_KEY, 33);
    mnl_attr_put(nlh, IFLA_BOND_AD_INFO_PARTNER_MAC, sizeof SWITCH_MAC,
                 SWITCH_MAC);
    mnl_attr_nest_end(nlh, ad);
    mnl_attr_put_u8(nlh, IFLA_BOND_MAX + 3, 9);  /* From the future. */
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, linkinfo);
    return nlh;
}

static struct nlmsghdr *
put_bond_8023ad_msg(struct msgbuf *mb)
{
    return put_bond_8023ad(mb, RTM_NEWLINK);
}

static struct nlmsghdr *
put_bond_8023ad_dellink(struct msgbuf *mb)
{
    return put_bond_8023ad(mb, RTM_DELLINK);
}

/* The same, but with NLA_F_NESTED on the nests, which the parser must
 * accept too. */
static struct nlmsghdr *
put_bond_flagged_nests(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 7, 0);
    struct nlattr *linkinfo, *data;

    put_common(nlh, "bond0", 0, NULL);
    linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bond");
    data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
    mnl_attr_put_u8(nlh, IFLA_BOND_MODE, BOND_M_BALANCE_XOR);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, linkinfo);
    return nlh;
}

/* An active-backup bond, down, with a primary and an active slave. */
static struct nlmsghdr *
put_bond_ab(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 8, IFF_MASTER);
    struct nlattr *linkinfo, *data;

    put_common(nlh, "bond1", 0, NULL);
    linkinfo = nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bond");
    data = nest_start(nlh, IFLA_INFO_DATA);
    mnl_attr_put_u8(nlh, IFLA_BOND_MODE, BOND_M_ACTIVE_BACKUP);
    mnl_attr_put_u32(nlh, IFLA_BOND_ACTIVE_SLAVE, 4);
    mnl_attr_put_u32(nlh, IFLA_BOND_MIIMON, 100);
    mnl_attr_put_u32(nlh, IFLA_BOND_UPDELAY, 0);
    mnl_attr_put_u32(nlh, IFLA_BOND_DOWNDELAY, 0);
    mnl_attr_put_u32(nlh, IFLA_BOND_PRIMARY, 4);
    mnl_attr_put_u8(nlh, IFLA_BOND_XMIT_HASH_POLICY, BOND_XHP_LAYER2);
    mnl_attr_put_u32(nlh, IFLA_BOND_MIN_LINKS, 0);
    mnl_attr_put_u8(nlh, IFLA_BOND_AD_LACP_RATE, BOND_LACP_SLOW);
    mnl_attr_put_u8(nlh, IFLA_BOND_AD_SELECT, BOND_ADS_STABLE);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, linkinfo);
    return nlh;
}

/* What a bond slave's IFLA_LINKINFO holds (a PF: no IFLA_INFO_KIND of its
 * own, IFLA_INFO_SLAVE_KIND "bond"). */
struct slave_spec {
    int ifindex;
    const char *ifname;
    int master;
    uint8_t state;
    uint8_t mii_status;
    const uint8_t *mac;
    bool ad;                    /* 802.3ad attributes? */
    uint16_t aggregator;
    uint8_t actor_state;
    uint16_t partner_state;
};

static struct nlmsghdr *
put_slave(struct msgbuf *mb, const struct slave_spec *s)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, NLM_F_MULTI,
                                      s->ifindex,
                                      IFF_UP | IFF_RUNNING | IFF_SLAVE
                                      | IFF_LOWER_UP);
    struct nlattr *linkinfo, *data;

    put_common(nlh, s->ifname, s->master, NULL);
    linkinfo = nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bond");
    data = nest_start(nlh, IFLA_INFO_SLAVE_DATA);
    mnl_attr_put_u8(nlh, IFLA_BOND_SLAVE_STATE, s->state);
    mnl_attr_put_u8(nlh, IFLA_BOND_SLAVE_MII_STATUS, s->mii_status);
    mnl_attr_put_u32(nlh, IFLA_BOND_SLAVE_LINK_FAILURE_COUNT, 3);
    mnl_attr_put(nlh, IFLA_BOND_SLAVE_PERM_HWADDR, 6, s->mac);
    mnl_attr_put_u16(nlh, IFLA_BOND_SLAVE_QUEUE_ID, 0);
    mnl_attr_put_u32(nlh, IFLA_BOND_SLAVE_PRIO, 0);
    if (s->ad) {
        mnl_attr_put_u16(nlh, IFLA_BOND_SLAVE_AD_AGGREGATOR_ID,
                         s->aggregator);
        mnl_attr_put_u8(nlh, IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE,
                        s->actor_state);
        /* A u16, as bond_fill_slave_info() sends it. */
        mnl_attr_put_u16(nlh, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE,
                         s->partner_state);
        mnl_attr_put_u8(nlh, IFLA_BOND_SLAVE_AD_CHURN_ACTOR_STATE, 0);
        mnl_attr_put_u8(nlh, IFLA_BOND_SLAVE_AD_CHURN_PARTNER_STATE, 0);
    }
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, linkinfo);
    return nlh;
}

/* LACP states as a negotiated and a defaulted port show them. */
#define LACP_UP (BOND_LACP_ST_ACTIVITY | BOND_LACP_ST_TIMEOUT             \
                 | BOND_LACP_ST_AGGREGATION                               \
                 | BOND_LACP_ST_SYNCHRONIZATION                           \
                 | BOND_LACP_ST_COLLECTING | BOND_LACP_ST_DISTRIBUTING)
#define LACP_ALONE (BOND_LACP_ST_ACTIVITY | BOND_LACP_ST_TIMEOUT          \
                    | BOND_LACP_ST_AGGREGATION)
#define LACP_DEFAULTED (BOND_LACP_ST_AGGREGATION | BOND_LACP_ST_DEFAULTED)

static const struct slave_spec slave_pf0_up = {
    4, "ens1f0np0", 7, BOND_SLAVE_ACTIVE, BOND_MII_UP, PF0_MAC, true, 1,
    LACP_UP, LACP_UP,
};
static const struct slave_spec slave_pf1_up = {
    5, "ens1f1np1", 7, BOND_SLAVE_ACTIVE, BOND_MII_UP, PF1_MAC, true, 1,
    LACP_UP, LACP_UP,
};
static const struct slave_spec slave_pf0_alone = {
    4, "ens1f0np0", 7, BOND_SLAVE_ACTIVE, BOND_MII_UP, PF0_MAC, true, 1,
    LACP_ALONE, LACP_DEFAULTED,
};
static const struct slave_spec slave_pf1_alone = {
    5, "ens1f1np1", 7, BOND_SLAVE_BACKUP, BOND_MII_UP, PF1_MAC, true, 2,
    LACP_ALONE, LACP_DEFAULTED,
};
static const struct slave_spec slave_pf1_ab = {
    5, "ens1f1np1", 8, BOND_SLAVE_BACKUP, BOND_MII_DOWN, PF1_MAC, false, 0,
    0, 0,
};
static const struct slave_spec slave_other_bond = {
    6, "ens2f0np0", 9, BOND_SLAVE_ACTIVE, BOND_MII_UP, PF0_MAC, true, 1,
    LACP_UP, LACP_UP,
};

static struct nlmsghdr *
put_slave_pf0_up(struct msgbuf *mb)
{
    return put_slave(mb, &slave_pf0_up);
}

static struct nlmsghdr *
put_slave_pf1_alone(struct msgbuf *mb)
{
    return put_slave(mb, &slave_pf1_alone);
}

static struct nlmsghdr *
put_slave_pf1_ab(struct msgbuf *mb)
{
    return put_slave(mb, &slave_pf1_ab);
}

/* A veth, whose IFLA_INFO_DATA holds VETH_INFO_PEER (type 1, like
 * IFLA_BOND_MODE, but a nest of an ifinfomsg and attributes): the parser
 * must not read it as a bond's. */
static struct nlmsghdr *
put_veth(struct msgbuf *mb)
{
    static const uint8_t peer[20] = { 0 };
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 12, IFF_UP);
    struct nlattr *linkinfo, *data;

    put_common(nlh, "veth0", 0, "some alias");
    linkinfo = nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
    data = nest_start(nlh, IFLA_INFO_DATA);
    mnl_attr_put(nlh, 1, sizeof peer, peer);
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, linkinfo);
    return nlh;
}

/* Loopback: no IFLA_LINKINFO at all. */
static struct nlmsghdr *
put_lo(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 1,
                                      IFF_UP | IFF_LOOPBACK | IFF_RUNNING);

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "lo");
    mnl_attr_put_u8(nlh, IFLA_OPERSTATE, 0);
    return nlh;
}

/* Malformed messages. */

static struct nlmsghdr *
put_wrong_type(struct msgbuf *mb)
{
    return link_start(mb, RTM_NEWADDR, 0, 1, 0);
}

static struct nlmsghdr *
put_short_header(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(msg_cur(mb));

    nlh->nlmsg_type = RTM_NEWLINK;
    mnl_nlmsg_put_extra_header(nlh, 8);
    return nlh;
}

static struct nlmsghdr *
put_no_ifname(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 3, 0);

    mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
    return nlh;
}

static struct nlmsghdr *
put_ifname_unterminated(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 3, 0);

    mnl_attr_put(nlh, IFLA_IFNAME, 4, "eth0");
    return nlh;
}

static struct nlmsghdr *
put_ifname_too_long(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 3, 0);

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "a-name-of-twenty-ch");
    return nlh;
}

static struct nlmsghdr *
put_master_u16(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 3, 0);

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
    mnl_attr_put_u16(nlh, IFLA_MASTER, 7);
    return nlh;
}

static struct nlmsghdr *
put_operstate_u32(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 3, 0);

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
    mnl_attr_put_u32(nlh, IFLA_OPERSTATE, 6);
    return nlh;
}

static struct nlmsghdr *
put_truncated_attr(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 3, 0);

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
    mnl_attr_put_u32(nlh, IFLA_MTU, 1500);
    nlh->nlmsg_len -= 2;        /* Cuts IFLA_MTU's value. */
    return nlh;
}

static struct nlmsghdr *
put_trailing_bytes(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 3, 0);

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
    nlh->nlmsg_len += 2;        /* Too few for an attribute header. */
    return nlh;
}

/* Starts a bond message up to the inside of IFLA_INFO_DATA. */
static struct nlmsghdr *
bond_data_start(struct msgbuf *mb, struct nlattr **linkinfo,
                struct nlattr **data)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 7, 0);

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "bond0");
    *linkinfo = nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bond");
    *data = nest_start(nlh, IFLA_INFO_DATA);
    return nlh;
}

static struct nlmsghdr *
bond_data_end(struct nlmsghdr *nlh, struct nlattr *linkinfo,
              struct nlattr *data)
{
    mnl_attr_nest_end(nlh, data);
    mnl_attr_nest_end(nlh, linkinfo);
    return nlh;
}

static struct nlmsghdr *
put_mode_u32(struct msgbuf *mb)
{
    struct nlattr *linkinfo, *data;
    struct nlmsghdr *nlh = bond_data_start(mb, &linkinfo, &data);

    mnl_attr_put_u32(nlh, IFLA_BOND_MODE, BOND_M_8023AD);
    return bond_data_end(nlh, linkinfo, data);
}

static struct nlmsghdr *
put_miimon_u8(struct msgbuf *mb)
{
    struct nlattr *linkinfo, *data;
    struct nlmsghdr *nlh = bond_data_start(mb, &linkinfo, &data);

    mnl_attr_put_u8(nlh, IFLA_BOND_MIIMON, 100);
    return bond_data_end(nlh, linkinfo, data);
}

static struct nlmsghdr *
put_xmit_u32(struct msgbuf *mb)
{
    struct nlattr *linkinfo, *data;
    struct nlmsghdr *nlh = bond_data_start(mb, &linkinfo, &data);

    mnl_attr_put_u32(nlh, IFLA_BOND_XMIT_HASH_POLICY, BOND_XHP_LAYER34);
    return bond_data_end(nlh, linkinfo, data);
}

static struct nlmsghdr *
put_partner_mac_short(struct msgbuf *mb)
{
    struct nlattr *linkinfo, *data, *ad;
    struct nlmsghdr *nlh = bond_data_start(mb, &linkinfo, &data);

    ad = nest_start(nlh, IFLA_BOND_AD_INFO);
    mnl_attr_put(nlh, IFLA_BOND_AD_INFO_PARTNER_MAC, 4, SWITCH_MAC);
    mnl_attr_nest_end(nlh, ad);
    return bond_data_end(nlh, linkinfo, data);
}

/* IFLA_INFO_DATA's last attribute cut short, with the nests and the
 * message shortened to match, so that only the inside is inconsistent. */
static struct nlmsghdr *
put_truncated_nested(struct msgbuf *mb)
{
    struct nlattr *linkinfo, *data;
    struct nlmsghdr *nlh = bond_data_start(mb, &linkinfo, &data);

    mnl_attr_put_u8(nlh, IFLA_BOND_MODE, BOND_M_8023AD);
    mnl_attr_put_u32(nlh, IFLA_BOND_MIIMON, 100);
    bond_data_end(nlh, linkinfo, data);
    data->nla_len -= 4;
    linkinfo->nla_len -= 4;
    nlh->nlmsg_len -= 4;
    return nlh;
}

static struct nlmsghdr *
put_linkinfo_garbage(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 3, 0);

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "eth0");
    mnl_attr_put(nlh, IFLA_LINKINFO, 3, "abc");
    return nlh;
}

static struct nlmsghdr *
put_kind_unterminated(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 3, 0);
    struct nlattr *linkinfo;

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "bond0");
    linkinfo = nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put(nlh, IFLA_INFO_KIND, 4, "bond");
    mnl_attr_nest_end(nlh, linkinfo);
    return nlh;
}

/* Starts a slave message up to the inside of IFLA_INFO_SLAVE_DATA. */
static struct nlmsghdr *
slave_data_start(struct msgbuf *mb, struct nlattr **linkinfo,
                 struct nlattr **data)
{
    struct nlmsghdr *nlh = link_start(mb, RTM_NEWLINK, 0, 4, 0);

    mnl_attr_put_strz(nlh, IFLA_IFNAME, "ens1f0np0");
    mnl_attr_put_u32(nlh, IFLA_MASTER, 7);
    *linkinfo = nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_SLAVE_KIND, "bond");
    *data = nest_start(nlh, IFLA_INFO_SLAVE_DATA);
    return nlh;
}

static struct nlmsghdr *
put_partner_state_3_bytes(struct msgbuf *mb)
{
    struct nlattr *linkinfo, *data;
    struct nlmsghdr *nlh = slave_data_start(mb, &linkinfo, &data);

    mnl_attr_put(nlh, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE, 3,
                 "\x3d\x00\x00");
    return bond_data_end(nlh, linkinfo, data);
}

static struct nlmsghdr *
put_partner_state_u8(struct msgbuf *mb)
{
    struct nlattr *linkinfo, *data;
    struct nlmsghdr *nlh = slave_data_start(mb, &linkinfo, &data);

    mnl_attr_put_u8(nlh, IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE,
                    LACP_UP);
    return bond_data_end(nlh, linkinfo, data);
}

static struct nlmsghdr *
put_perm_hwaddr_too_long(struct msgbuf *mb)
{
    static const uint8_t addr[BOND_HWADDR_MAX + 1] = { 0 };
    struct nlattr *linkinfo, *data;
    struct nlmsghdr *nlh = slave_data_start(mb, &linkinfo, &data);

    mnl_attr_put(nlh, IFLA_BOND_SLAVE_PERM_HWADDR, sizeof addr, addr);
    return bond_data_end(nlh, linkinfo, data);
}

static struct nlmsghdr *
put_slave_state_u32(struct msgbuf *mb)
{
    struct nlattr *linkinfo, *data;
    struct nlmsghdr *nlh = slave_data_start(mb, &linkinfo, &data);

    mnl_attr_put_u32(nlh, IFLA_BOND_SLAVE_STATE, BOND_SLAVE_BACKUP);
    return bond_data_end(nlh, linkinfo, data);
}

/* Parse cases. */

/* The options of the bond that put_bond_8023ad() describes. */
#define OPTS_8023AD {                                                   \
        .present = ((1 << BOND_OPT_MODE) | (1 << BOND_OPT_MIIMON)       \
                    | (1 << BOND_OPT_UPDELAY) | (1 << BOND_OPT_DOWNDELAY) \
                    | (1 << BOND_OPT_XMIT_HASH_POLICY)                  \
                    | (1 << BOND_OPT_MIN_LINKS)                         \
                    | (1 << BOND_OPT_LACP_RATE)                         \
                    | (1 << BOND_OPT_AD_SELECT)),                       \
        .values = {                                                     \
            [BOND_OPT_MODE] = BOND_M_8023AD,                            \
            [BOND_OPT_MIIMON] = 100,                                    \
            [BOND_OPT_UPDELAY] = 200,                                   \
            [BOND_OPT_XMIT_HASH_POLICY] = BOND_XHP_LAYER34,             \
            [BOND_OPT_MIN_LINKS] = 1,                                   \
            [BOND_OPT_LACP_RATE] = BOND_LACP_FAST,                      \
        },                                                              \
    }

#define SLAVE_ALL (BOND_SLAVE_HAS_STATE | BOND_SLAVE_HAS_MII_STATUS       \
                   | BOND_SLAVE_HAS_LINK_FAILURE_COUNT                    \
                   | BOND_SLAVE_HAS_PERM_HWADDR | BOND_SLAVE_HAS_QUEUE_ID)
#define SLAVE_AD (BOND_SLAVE_HAS_AD_AGGREGATOR_ID                         \
                  | BOND_SLAVE_HAS_AD_ACTOR_STATE                         \
                  | BOND_SLAVE_HAS_AD_PARTNER_STATE)

struct parse_case {
    const char *name;
    struct nlmsghdr *(*put)(struct msgbuf *);
    int error;
    struct bond_link expected;  /* If 'error' is 0. */
};

static const struct parse_case parse_cases[] = {
    { "parse: bond 802.3ad, negotiated", put_bond_8023ad_msg, 0, {
        .ifindex = 7, .ifname = "bond0",
        .flags = IFF_UP | IFF_RUNNING | IFF_MASTER | IFF_LOWER_UP,
        .operstate_present = true, .operstate = IF_OPER_UP,
        .ifalias = "ovs-offload:test", .kind = "bond",
        .opts = OPTS_8023AD,
        .ad_info = { true, 1, 2, 15, 33,
                     { 0x00, 0x1c, 0x73, 0xaa, 0xbb, 0xcc } } } },
    { "parse: RTM_DELLINK of a bond", put_bond_8023ad_dellink, 0, {
        .ifindex = 7, .ifname = "bond0",
        .flags = IFF_UP | IFF_RUNNING | IFF_MASTER | IFF_LOWER_UP,
        .operstate_present = true, .operstate = IF_OPER_UP,
        .ifalias = "ovs-offload:test", .kind = "bond",
        .opts = OPTS_8023AD,
        .ad_info = { true, 1, 2, 15, 33,
                     { 0x00, 0x1c, 0x73, 0xaa, 0xbb, 0xcc } } } },
    { "parse: bond with NLA_F_NESTED nests", put_bond_flagged_nests, 0, {
        .ifindex = 7, .ifname = "bond0", .operstate_present = true,
        .operstate = IF_OPER_UP, .kind = "bond",
        .opts = { .present = 1 << BOND_OPT_MODE,
                  .values = { [BOND_OPT_MODE] = BOND_M_BALANCE_XOR } } } },
    { "parse: bond active-backup with primary", put_bond_ab, 0, {
        .ifindex = 8, .ifname = "bond1", .flags = IFF_MASTER,
        .operstate_present = true, .operstate = IF_OPER_UP, .kind = "bond",
        .opts = {
            .present = ((1 << BOND_OPT_MODE) | (1 << BOND_OPT_MIIMON)
                        | (1 << BOND_OPT_UPDELAY)
                        | (1 << BOND_OPT_DOWNDELAY)
                        | (1 << BOND_OPT_PRIMARY)
                        | (1 << BOND_OPT_XMIT_HASH_POLICY)
                        | (1 << BOND_OPT_MIN_LINKS)
                        | (1 << BOND_OPT_LACP_RATE)
                        | (1 << BOND_OPT_AD_SELECT)),
            .values = {
                [BOND_OPT_MODE] = BOND_M_ACTIVE_BACKUP,
                [BOND_OPT_MIIMON] = 100,
                [BOND_OPT_PRIMARY] = 4,
            },
        },
        .active_slave = 4 } },
    { "parse: slave 802.3ad negotiated", put_slave_pf0_up, 0, {
        .ifindex = 4, .ifname = "ens1f0np0",
        .flags = IFF_UP | IFF_RUNNING | IFF_SLAVE | IFF_LOWER_UP,
        .operstate_present = true, .operstate = IF_OPER_UP, .master = 7,
        .slave_kind = "bond",
        .slave = { SLAVE_ALL | SLAVE_AD, BOND_SLAVE_ACTIVE, BOND_MII_UP, 3,
                   { 0x0c, 0x42, 0xa1, 0x00, 0x00, 0x01 }, 6, 0, 1,
                   LACP_UP, LACP_UP } } },
    { "parse: slave 802.3ad not negotiated", put_slave_pf1_alone, 0, {
        .ifindex = 5, .ifname = "ens1f1np1",
        .flags = IFF_UP | IFF_RUNNING | IFF_SLAVE | IFF_LOWER_UP,
        .operstate_present = true, .operstate = IF_OPER_UP, .master = 7,
        .slave_kind = "bond",
        .slave = { SLAVE_ALL | SLAVE_AD, BOND_SLAVE_BACKUP, BOND_MII_UP, 3,
                   { 0x0c, 0x42, 0xa1, 0x00, 0x00, 0x02 }, 6, 0, 2,
                   LACP_ALONE, LACP_DEFAULTED } } },
    { "parse: slave active-backup", put_slave_pf1_ab, 0, {
        .ifindex = 5, .ifname = "ens1f1np1",
        .flags = IFF_UP | IFF_RUNNING | IFF_SLAVE | IFF_LOWER_UP,
        .operstate_present = true, .operstate = IF_OPER_UP, .master = 8,
        .slave_kind = "bond",
        .slave = { SLAVE_ALL, BOND_SLAVE_BACKUP, BOND_MII_DOWN, 3,
                   { 0x0c, 0x42, 0xa1, 0x00, 0x00, 0x02 }, 6, 0, 0,
                   0, 0 } } },
    { "parse: partner state as a u8", put_partner_state_u8, 0, {
        .ifindex = 4, .ifname = "ens1f0np0", .master = 7,
        .slave_kind = "bond",
        .slave = { .present = BOND_SLAVE_HAS_AD_PARTNER_STATE,
                   .ad_partner_oper_port_state = LACP_UP } } },
    { "parse: veth data is not a bond's", put_veth, 0, {
        .ifindex = 12, .ifname = "veth0", .flags = IFF_UP,
        .operstate_present = true, .operstate = IF_OPER_UP,
        .ifalias = "some alias", .kind = "veth" } },
    { "parse: loopback", put_lo, 0, {
        .ifindex = 1, .ifname = "lo",
        .flags = IFF_UP | IFF_LOOPBACK | IFF_RUNNING,
        .operstate_present = true, .operstate = IF_OPER_UNKNOWN } },

    { "parse: wrong message type", put_wrong_type, EINVAL, { 0 } },
    { "parse: short ifinfomsg", put_short_header, EINVAL, { 0 } },
    { "parse: no IFLA_IFNAME", put_no_ifname, EINVAL, { 0 } },
    { "parse: IFLA_IFNAME unterminated", put_ifname_unterminated, EINVAL,
      { 0 } },
    { "parse: IFLA_IFNAME too long", put_ifname_too_long, EINVAL, { 0 } },
    { "parse: IFLA_MASTER u16", put_master_u16, EINVAL, { 0 } },
    { "parse: IFLA_OPERSTATE u32", put_operstate_u32, EINVAL, { 0 } },
    { "parse: truncated attribute", put_truncated_attr, EINVAL, { 0 } },
    { "parse: trailing bytes", put_trailing_bytes, EINVAL, { 0 } },
    { "parse: IFLA_BOND_MODE u32", put_mode_u32, EINVAL, { 0 } },
    { "parse: IFLA_BOND_MIIMON u8", put_miimon_u8, EINVAL, { 0 } },
    { "parse: IFLA_BOND_XMIT_HASH_POLICY u32", put_xmit_u32, EINVAL,
      { 0 } },
    { "parse: AD_INFO partner MAC of 4 bytes", put_partner_mac_short,
      EINVAL, { 0 } },
    { "parse: truncated nested attribute", put_truncated_nested, EINVAL,
      { 0 } },
    { "parse: IFLA_LINKINFO of 3 bytes", put_linkinfo_garbage, EINVAL,
      { 0 } },
    { "parse: IFLA_INFO_KIND unterminated", put_kind_unterminated, EINVAL,
      { 0 } },
    { "parse: partner state of 3 bytes", put_partner_state_3_bytes, EINVAL,
      { 0 } },
    { "parse: perm_hwaddr of 33 bytes", put_perm_hwaddr_too_long, EINVAL,
      { 0 } },
    { "parse: slave state u32", put_slave_state_u32, EINVAL, { 0 } },
};

static void
assert_opts_equal(const struct bond_opts *a, const struct bond_opts *b)
{
    assert_int_equal(a->present, b->present);
    for (int i = 0; i < BOND_OPT_MAX; i++) {
        if (a->present & (1u << i)) {
            assert_int_equal(a->values[i], b->values[i]);
        }
    }
}

static void
assert_link_equal(const struct bond_link *a, const struct bond_link *b)
{
    assert_int_equal(a->ifindex, b->ifindex);
    assert_string_equal(a->ifname, b->ifname);
    assert_int_equal(a->flags, b->flags);
    assert_int_equal(a->operstate_present, b->operstate_present);
    assert_int_equal(a->operstate, b->operstate);
    assert_int_equal(a->master, b->master);
    assert_string_equal(a->ifalias, b->ifalias);
    assert_string_equal(a->kind, b->kind);
    assert_string_equal(a->slave_kind, b->slave_kind);
    assert_opts_equal(&a->opts, &b->opts);
    assert_int_equal(a->active_slave, b->active_slave);
    assert_int_equal(a->ad_info.present, b->ad_info.present);
    assert_int_equal(a->ad_info.aggregator_id, b->ad_info.aggregator_id);
    assert_int_equal(a->ad_info.num_ports, b->ad_info.num_ports);
    assert_int_equal(a->ad_info.actor_key, b->ad_info.actor_key);
    assert_int_equal(a->ad_info.partner_key, b->ad_info.partner_key);
    assert_memory_equal(a->ad_info.partner_mac, b->ad_info.partner_mac, 6);
    assert_int_equal(a->slave.present, b->slave.present);
    assert_int_equal(a->slave.state, b->slave.state);
    assert_int_equal(a->slave.mii_status, b->slave.mii_status);
    assert_int_equal(a->slave.link_failure_count,
                     b->slave.link_failure_count);
    assert_int_equal(a->slave.perm_hwaddr_len, b->slave.perm_hwaddr_len);
    assert_memory_equal(a->slave.perm_hwaddr, b->slave.perm_hwaddr,
                        a->slave.perm_hwaddr_len);
    assert_int_equal(a->slave.queue_id, b->slave.queue_id);
    assert_int_equal(a->slave.ad_aggregator_id, b->slave.ad_aggregator_id);
    assert_int_equal(a->slave.ad_actor_oper_port_state,
                     b->slave.ad_actor_oper_port_state);
    assert_int_equal(a->slave.ad_partner_oper_port_state,
                     b->slave.ad_partner_oper_port_state);
}

static void
test_parse_case(void **state)
{
    static const struct bond_link zero;
    const struct parse_case *c = *state;
    struct msgbuf *mb = msgbuf_create();
    struct nlmsghdr *nlh = c->put(mb);
    struct bond_link *link = xmalloc(sizeof *link);

    memset(link, 0x5a, sizeof *link);
    assert_int_equal(bond_parse_link_msg(nlh, link), c->error);
    assert_link_equal(link, c->error ? &zero : &c->expected);
    if (!c->error) {
        assert_int_equal(bond_link_is_bond(link),
                         !strcmp(c->expected.kind, "bond"));
        assert_int_equal(bond_link_is_bond_slave(link),
                         !strcmp(c->expected.slave_kind, "bond"));
    }
    free(link);
    free(mb);
}

/* Warnings mlx5 attaches to a successful enslave acknowledgement, which
 * nl_mnl_parse_ack() extracts (test-nl-mnl.c). */
#define LAG_64_VFS "mlx5_core: Can't activate LAG offload, PF is " \
    "configured with more than 64 VFs"
#define LAG_TX_TYPE "mlx5_core: Can't activate LAG offload, TX type isn't " \
    "supported"

/* Builders. */

/* Expected bytes, written out attribute by attribute in host byte order
 * (netlink's). */
struct bytes {
    uint8_t b[512];
    size_t n;
};

static void
put_raw(struct bytes *x, const void *p, size_t n)
{
    assert_true(x->n + n <= sizeof x->b);
    memcpy(&x->b[x->n], p, n);
    x->n += n;
}

static void
put_pad(struct bytes *x)
{
    while (x->n % 4) {
        x->b[x->n++] = 0;
    }
}

static void
put_hdr(struct bytes *x, uint32_t len, uint16_t type, uint16_t flags)
{
    uint32_t zero = 0;

    put_raw(x, &len, 4);
    put_raw(x, &type, 2);
    put_raw(x, &flags, 2);
    put_raw(x, &zero, 4);       /* Sequence number. */
    put_raw(x, &zero, 4);       /* Port id. */
}

static void
put_ifi(struct bytes *x, int32_t ifindex, uint32_t flags, uint32_t change)
{
    uint8_t family_pad[2] = { AF_UNSPEC, 0 };
    uint16_t type = 0;

    put_raw(x, family_pad, 2);
    put_raw(x, &type, 2);
    put_raw(x, &ifindex, 4);
    put_raw(x, &flags, 4);
    put_raw(x, &change, 4);
}

static void
put_attr_hdr(struct bytes *x, uint16_t len, uint16_t type)
{
    put_raw(x, &len, 2);
    put_raw(x, &type, 2);
}

static void
put_a_u8(struct bytes *x, uint16_t type, uint8_t v)
{
    put_attr_hdr(x, 5, type);
    put_raw(x, &v, 1);
    put_pad(x);
}

static void
put_a_u32(struct bytes *x, uint16_t type, uint32_t v)
{
    put_attr_hdr(x, 8, type);
    put_raw(x, &v, 4);
}

static void
put_a_str(struct bytes *x, uint16_t type, const char *s, bool terminator)
{
    size_t len = strlen(s) + terminator;

    put_attr_hdr(x, 4 + len, type);
    put_raw(x, s, strlen(s));
    if (terminator) {
        x->b[x->n++] = 0;
    }
    put_pad(x);
}

/* Fixes up the length of the message in 'x'. */
static void
bytes_finish(struct bytes *x)
{
    uint32_t len = x->n;

    memcpy(x->b, &len, 4);
}

/* Fills 'buf' with a pattern, builds with 'build' and compares the result
 * with 'x', including the padding. */
static void
assert_built(const struct nlmsghdr *nlh, const char *buf,
             const struct bytes *x)
{
    assert_non_null(nlh);
    assert_ptr_equal(nlh, buf);
    assert_int_equal(nlh->nlmsg_len, x->n);
    assert_memory_equal(buf, x->b, x->n);
    /* The rest of the buffer is zeroed, not left with stale bytes. */
    for (size_t i = x->n; i < BOND_REQUEST_SIZE; i++) {
        assert_int_equal((uint8_t) buf[i], 0);
    }
}

static void
test_build_create_layout(void **state OVS_UNUSED)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct bond_cfg cfg = { .name = "bond0", .owner = "test" };
    struct bytes x = { .n = 0 };
    size_t linkinfo, data;
    struct nlmsghdr *nlh;
    uint16_t len;

    /* "ip link add bond0 type bond mode 802.3ad miimon 100 updelay 200
     * downdelay 200 lacp_rate fast xmit_hash_policy layer3+4". */
    assert_null(bond_opts_parse(&cfg.opts, "mode", "802.3ad"));
    assert_null(bond_opts_parse(&cfg.opts, "miimon", "100"));
    assert_null(bond_opts_parse(&cfg.opts, "lacp_rate", "fast"));
    assert_null(bond_opts_parse(&cfg.opts, "xmit_hash_policy", "layer3+4"));
    assert_null(bond_opts_parse(&cfg.opts, "updelay", "200"));
    assert_null(bond_opts_parse(&cfg.opts, "downdelay", "200"));

    put_hdr(&x, 0, RTM_NEWLINK,
            NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    put_ifi(&x, 0, 0, 0);
    put_a_str(&x, IFLA_IFNAME, "bond0", true);
    linkinfo = x.n;
    put_attr_hdr(&x, 0, IFLA_LINKINFO | NLA_F_NESTED);
    put_a_str(&x, IFLA_INFO_KIND, "bond", true);
    data = x.n;
    put_attr_hdr(&x, 0, IFLA_INFO_DATA | NLA_F_NESTED);
    put_a_u8(&x, IFLA_BOND_MODE, BOND_M_8023AD);          /* u8. */
    put_a_u32(&x, IFLA_BOND_MIIMON, 100);                 /* u32. */
    put_a_u32(&x, IFLA_BOND_UPDELAY, 200);                /* u32. */
    put_a_u32(&x, IFLA_BOND_DOWNDELAY, 200);              /* u32. */
    put_a_u8(&x, IFLA_BOND_XMIT_HASH_POLICY, BOND_XHP_LAYER34); /* u8. */
    put_a_u8(&x, IFLA_BOND_AD_LACP_RATE, BOND_LACP_FAST); /* u8. */
    len = x.n - data;
    memcpy(&x.b[data], &len, 2);
    len = x.n - linkinfo;
    memcpy(&x.b[linkinfo], &len, 2);
    bytes_finish(&x);
    assert_int_equal(x.n, 112);

    memset(buf, 0xa5, sizeof buf);
    nlh = bond_build_create((char *) buf, &cfg);
    assert_built(nlh, (char *) buf, &x);
}

static void
test_build_create_no_opts(void **state OVS_UNUSED)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct bond_cfg cfg = { .name = "b" };
    struct bytes x = { .n = 0 };
    struct nlmsghdr *nlh;

    put_hdr(&x, 0, RTM_NEWLINK,
            NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL);
    put_ifi(&x, 0, 0, 0);
    put_a_str(&x, IFLA_IFNAME, "b", true);
    put_attr_hdr(&x, 4 + 12, IFLA_LINKINFO | NLA_F_NESTED);
    put_a_str(&x, IFLA_INFO_KIND, "bond", true);
    bytes_finish(&x);

    memset(buf, 0xa5, sizeof buf);
    nlh = bond_build_create((char *) buf, &cfg);
    assert_built(nlh, (char *) buf, &x);
}

static void
test_build_change(void **state OVS_UNUSED)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct bytes x = { .n = 0 };
    struct bond_opts opts;
    struct nlmsghdr *nlh;

    bond_opts_init(&opts);
    assert_int_equal(bond_opts_set(&opts, BOND_OPT_MIN_LINKS, 2), 0);
    assert_int_equal(bond_opts_set(&opts, BOND_OPT_PRIMARY, 4), 0);
    assert_int_equal(bond_opts_set(&opts, BOND_OPT_AD_SELECT,
                                   BOND_ADS_COUNT), 0);

    put_hdr(&x, 0, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
    put_ifi(&x, 7, 0, 0);
    put_attr_hdr(&x, 4 + 12 + 4 + 3 * 8, IFLA_LINKINFO | NLA_F_NESTED);
    put_a_str(&x, IFLA_INFO_KIND, "bond", true);
    put_attr_hdr(&x, 4 + 3 * 8, IFLA_INFO_DATA | NLA_F_NESTED);
    put_a_u32(&x, IFLA_BOND_PRIMARY, 4);                  /* u32. */
    put_a_u32(&x, IFLA_BOND_MIN_LINKS, 2);                /* u32. */
    put_a_u8(&x, IFLA_BOND_AD_SELECT, BOND_ADS_COUNT);    /* u8. */
    bytes_finish(&x);

    memset(buf, 0xa5, sizeof buf);
    nlh = bond_build_change((char *) buf, 7, &opts);
    assert_built(nlh, (char *) buf, &x);
}

/* A request without attributes, or with one u32 attribute. */
struct simple_build {
    const char *name;
    int which;                  /* BUILD_*. */
    int ifindex;
    int arg;                    /* Bond ifindex, or up (1) / down (0). */
    uint16_t type;
    uint16_t flags;
    int32_t ifi_index;
    uint32_t ifi_flags;
    uint32_t ifi_change;
    uint16_t attr;              /* 0 for none. */
    uint32_t value;
    uint16_t attr2;             /* 0 for none. */
    uint32_t value2;
};

enum {
    BUILD_ENSLAVE,
    BUILD_RELEASE,
    BUILD_DELETE,
    BUILD_SET_UP,
    BUILD_GET,
    BUILD_SLAVES_DUMP,
};

static const struct simple_build simple_builds[] = {
    { "build: enslave (ip link set SLAVE master BOND)", BUILD_ENSLAVE, 4, 7,
      RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 4, 0, 0, IFLA_MASTER, 7,
      0, 0 },
    { "build: release (ip link set SLAVE nomaster)", BUILD_RELEASE, 4, 0,
      RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, 4, 0, 0, IFLA_MASTER, 0,
      0, 0 },
    { "build: delete (ip link del BOND)", BUILD_DELETE, 7, 0, RTM_DELLINK,
      NLM_F_REQUEST | NLM_F_ACK, 7, 0, 0, 0, 0, 0, 0 },
    { "build: up (ip link set DEV up)", BUILD_SET_UP, 7, 1, RTM_NEWLINK,
      NLM_F_REQUEST | NLM_F_ACK, 7, IFF_UP, IFF_UP, 0, 0, 0, 0 },
    { "build: down (ip link set DEV down)", BUILD_SET_UP, 4, 0, RTM_NEWLINK,
      NLM_F_REQUEST | NLM_F_ACK, 4, 0, IFF_UP, 0, 0, 0, 0 },
    { "build: get by ifindex", BUILD_GET, 7, 0, RTM_GETLINK,
      NLM_F_REQUEST | NLM_F_ACK, 7, 0, 0, IFLA_EXT_MASK,
      RTEXT_FILTER_SKIP_STATS, 0, 0 },
    { "build: slaves dump (ip link show master BOND)", BUILD_SLAVES_DUMP, 7,
      0, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, 0, 0, 0, IFLA_EXT_MASK,
      RTEXT_FILTER_SKIP_STATS, IFLA_MASTER, 7 },
};

static void
test_simple_build(void **state)
{
    const struct simple_build *c = *state;
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct bytes x = { .n = 0 };
    struct nlmsghdr *nlh = NULL;

    put_hdr(&x, 0, c->type, c->flags);
    put_ifi(&x, c->ifi_index, c->ifi_flags, c->ifi_change);
    if (c->attr) {
        put_a_u32(&x, c->attr, c->value);
    }
    if (c->attr2) {
        put_a_u32(&x, c->attr2, c->value2);
    }
    bytes_finish(&x);

    memset(buf, 0xa5, sizeof buf);
    switch (c->which) {
    case BUILD_ENSLAVE:
        nlh = bond_build_enslave((char *) buf, c->ifindex, c->arg);
        break;
    case BUILD_RELEASE:
        nlh = bond_build_release((char *) buf, c->ifindex);
        break;
    case BUILD_DELETE:
        nlh = bond_build_delete((char *) buf, c->ifindex);
        break;
    case BUILD_SET_UP:
        nlh = bond_build_set_up((char *) buf, c->ifindex, c->arg);
        break;
    case BUILD_GET:
        nlh = bond_build_get((char *) buf, "ignored", c->ifindex);
        break;
    case BUILD_SLAVES_DUMP:
        nlh = bond_build_slaves_dump((char *) buf, c->ifindex);
        break;
    default:
        fail();
    }
    assert_built(nlh, (char *) buf, &x);
}

static void
test_build_get_by_name(void **state OVS_UNUSED)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct bytes x = { .n = 0 };

    put_hdr(&x, 0, RTM_GETLINK, NLM_F_REQUEST | NLM_F_ACK);
    put_ifi(&x, 0, 0, 0);
    put_a_str(&x, IFLA_IFNAME, "bond0", true);
    put_a_u32(&x, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    bytes_finish(&x);

    memset(buf, 0xa5, sizeof buf);
    assert_built(bond_build_get((char *) buf, "bond0", 0), (char *) buf,
                 &x);
}

static void
test_build_set_alias(void **state OVS_UNUSED)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct bytes x = { .n = 0 };
    char *alias = bond_owner_alias("test");

    /* The alias goes without a terminator, as iproute2 sends it. */
    put_hdr(&x, 0, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
    put_ifi(&x, 7, 0, 0);
    put_a_str(&x, IFLA_IFALIAS, "ovs-offload:test", false);
    bytes_finish(&x);

    memset(buf, 0xa5, sizeof buf);
    assert_built(bond_build_set_alias((char *) buf, 7, alias), (char *) buf,
                 &x);
    free(alias);

    /* An empty alias removes it: an empty attribute. */
    x.n = 0;
    put_hdr(&x, 0, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK);
    put_ifi(&x, 7, 0, 0);
    put_attr_hdr(&x, 4, IFLA_IFALIAS);
    bytes_finish(&x);
    assert_built(bond_build_set_alias((char *) buf, 7, ""), (char *) buf,
                 &x);
}

static void
test_build_invalid(void **state OVS_UNUSED)
{
    uint64_t words[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    char *buf = (char *) words;
    char long_alias[BOND_IFALIAS_SIZE + 1];
    struct bond_cfg cfg = { .name = "bond0" };
    struct bond_opts empty, bad;

    bond_opts_init(&empty);
    bond_opts_init(&bad);
    bad.present = 1 << BOND_OPT_MODE;
    bad.values[BOND_OPT_MODE] = 7;

    cfg.name = NULL;
    assert_null(bond_build_create(buf, &cfg));
    cfg.name = "";
    assert_null(bond_build_create(buf, &cfg));
    cfg.name = "sixteen-chars-xx";
    assert_null(bond_build_create(buf, &cfg));
    cfg.name = "fifteen-chars-x";
    assert_non_null(bond_build_create(buf, &cfg));
    cfg.opts = bad;
    assert_null(bond_build_create(buf, &cfg));

    assert_null(bond_build_change(buf, 7, &empty));
    assert_null(bond_build_change(buf, 7, &bad));
    assert_null(bond_build_change(buf, 0, &cfg.opts));

    memset(long_alias, 'x', sizeof long_alias - 1);
    long_alias[sizeof long_alias - 1] = '\0';
    assert_null(bond_build_set_alias(buf, 7, long_alias));
    long_alias[BOND_IFALIAS_SIZE - 1] = '\0';
    assert_non_null(bond_build_set_alias(buf, 7, long_alias));
    assert_null(bond_build_set_alias(buf, 7, NULL));
    assert_null(bond_build_set_alias(buf, -1, "x"));

    assert_null(bond_build_enslave(buf, 7, 7));
    assert_null(bond_build_enslave(buf, 0, 7));
    assert_null(bond_build_enslave(buf, 4, 0));
    assert_null(bond_build_release(buf, 0));
    assert_null(bond_build_delete(buf, -1));
    assert_null(bond_build_set_up(buf, 0, true));
    assert_null(bond_build_get(buf, NULL, 0));
    assert_null(bond_build_get(buf, "", 0));
    assert_null(bond_build_slaves_dump(buf, 0));
}

/* The option model. */

struct opts_parse_case {
    const char *name;
    const char *key;
    const char *value;
    enum bond_opt opt;          /* If 'error' is NULL. */
    uint32_t expected;
    const char *error;          /* Expected substring of the error. */
};

static const struct opts_parse_case opts_parse_cases[] = {
    { "opts: mode 802.3ad", "mode", "802.3ad", BOND_OPT_MODE,
      BOND_M_8023AD, NULL },
    { "opts: mode active-backup", "mode", "active-backup", BOND_OPT_MODE,
      BOND_M_ACTIVE_BACKUP, NULL },
    { "opts: mode by number", "mode", "2", BOND_OPT_MODE,
      BOND_M_BALANCE_XOR, NULL },
    { "opts: mode balance-alb", "mode", "balance-alb", BOND_OPT_MODE,
      BOND_M_BALANCE_ALB, NULL },
    { "opts: mode out of range", "mode", "7", 0, 0,
      "invalid value \"7\" for bond option mode (expected one of "
      "balance-rr, active-backup, balance-xor, broadcast, 802.3ad, "
      "balance-tlb, balance-alb)" },
    { "opts: mode team", "mode", "loadbalance", 0, 0,
      "invalid value \"loadbalance\"" },
    { "opts: xmit_hash_policy vlan+srcmac", "xmit_hash_policy",
      "vlan+srcmac", BOND_OPT_XMIT_HASH_POLICY, BOND_XHP_VLAN_SRCMAC,
      NULL },
    { "opts: xmit_hash_policy encap3+4", "xmit_hash_policy", "encap3+4",
      BOND_OPT_XMIT_HASH_POLICY, BOND_XHP_ENCAP34, NULL },
    { "opts: xmit_hash_policy layer3", "xmit_hash_policy", "layer3", 0, 0,
      "expected one of layer2, layer3+4, layer2+3, encap2+3, encap3+4, "
      "vlan+srcmac" },
    { "opts: lacp_rate slow", "lacp_rate", "slow", BOND_OPT_LACP_RATE,
      BOND_LACP_SLOW, NULL },
    { "opts: lacp_rate medium", "lacp_rate", "medium", 0, 0,
      "expected one of slow, fast" },
    { "opts: ad_select bandwidth", "ad_select", "bandwidth",
      BOND_OPT_AD_SELECT, BOND_ADS_BANDWIDTH, NULL },
    { "opts: miimon 100", "miimon", "100", BOND_OPT_MIIMON, 100, NULL },
    { "opts: miimon 0", "miimon", "0", BOND_OPT_MIIMON, 0, NULL },
    { "opts: miimon negative", "miimon", "-1", 0, 0,
      "expected an integer from 0 to 2147483647" },
    { "opts: miimon too large", "miimon", "2147483648", 0, 0,
      "invalid value" },
    { "opts: miimon words", "miimon", "fast", 0, 0, "invalid value" },
    { "opts: miimon empty", "miimon", "", 0, 0, "invalid value" },
    { "opts: updelay", "updelay", "200", BOND_OPT_UPDELAY, 200, NULL },
    { "opts: downdelay", "downdelay", "0", BOND_OPT_DOWNDELAY, 0, NULL },
    { "opts: min_links", "min_links", "1", BOND_OPT_MIN_LINKS, 1, NULL },
    { "opts: primary ifindex", "primary", "4", BOND_OPT_PRIMARY, 4, NULL },
    { "opts: primary name", "primary", "ens1f0", 0, 0, "invalid value" },
    { "opts: unknown key", "arp_interval", "100", 0, 0,
      "unknown bond option \"arp_interval\" (expected one of mode, miimon, "
      "updelay, downdelay, primary, xmit_hash_policy, min_links, "
      "lacp_rate, ad_select)" },
};

static void
test_opts_parse(void **state)
{
    const struct opts_parse_case *c = *state;
    struct bond_opts opts;
    char *error;

    bond_opts_init(&opts);
    error = bond_opts_parse(&opts, c->key, c->value);
    if (c->error) {
        assert_non_null(error);
        if (!strstr(error, c->error)) {
            fail_msg("\"%s\" lacks \"%s\"", error, c->error);
        }
        assert_true(bond_opts_is_empty(&opts));
    } else {
        assert_null(error);
        assert_int_equal(opts.present, 1u << c->opt);
        assert_true(bond_opts_has(&opts, c->opt));
        assert_int_equal(bond_opts_get(&opts, c->opt), c->expected);
    }
    free(error);
}

static void
test_opts_names(void **state OVS_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct bond_opts opts;
    size_t n_names = 0;
    enum bond_opt opt;
    uint32_t value;

    for (int i = 0; i < BOND_OPT_MAX; i++) {
        assert_true(bond_opt_from_name(bond_opt_name(i), &opt));
        assert_int_equal(opt, i);
        for (uint32_t v = 0; v < 16; v++) {
            const char *name = bond_opt_value_name(i, v);

            if (name) {
                n_names++;
                assert_true(bond_opt_value_parse(i, name, &value));
                assert_int_equal(value, v);
            }
        }
    }
    /* 7 modes, 6 hash policies, 2 LACP rates, 4 ad_select values. */
    assert_int_equal(n_names, 19);
    assert_false(bond_opt_from_name("team", &opt));
    assert_string_equal(bond_opt_name(BOND_OPT_MAX), "unknown");
    assert_null(bond_opt_value_name(BOND_OPT_MIIMON, 100));
    assert_null(bond_opt_value_name(BOND_OPT_MODE, 7));
    assert_false(bond_opt_value_parse(BOND_OPT_MAX, "1", &value));

    assert_int_equal(bond_opts_set(&opts, BOND_OPT_MODE, 7), EINVAL);
    assert_int_equal(bond_opts_set(&opts, BOND_OPT_LACP_RATE, 2), EINVAL);
    assert_int_equal(bond_opts_set(&opts, BOND_OPT_MIIMON, UINT32_MAX),
                     EINVAL);
    assert_int_equal(bond_opts_set(&opts, BOND_OPT_MAX, 0), EINVAL);

    bond_opts_init(&opts);
    bond_opts_format(&opts, &s);
    assert_string_equal(ds_cstr(&s), "none");
    ds_clear(&s);
    bond_opts_set(&opts, BOND_OPT_LACP_RATE, BOND_LACP_FAST);
    bond_opts_set(&opts, BOND_OPT_MODE, BOND_M_8023AD);
    bond_opts_set(&opts, BOND_OPT_MIIMON, 100);
    bond_opts_set(&opts, BOND_OPT_XMIT_HASH_POLICY, BOND_XHP_LAYER34);
    bond_opts_format(&opts, &s);
    assert_string_equal(ds_cstr(&s), "mode 802.3ad miimon 100 "
                        "xmit_hash_policy layer3+4 lacp_rate fast");
    bond_opts_unset(&opts, BOND_OPT_MIIMON);
    assert_false(bond_opts_has(&opts, BOND_OPT_MIIMON));
    assert_int_equal(bond_opts_get(&opts, BOND_OPT_MIIMON), 0);
    ds_destroy(&s);

    assert_string_equal(bond_operstate_name(IF_OPER_UP), "UP");
    assert_string_equal(bond_operstate_name(IF_OPER_LOWERLAYERDOWN),
                        "LOWERLAYERDOWN");
    assert_string_equal(bond_operstate_name(7), "unknown");
    assert_string_equal(bond_slave_state_name(BOND_SLAVE_BACKUP), "BACKUP");
    assert_string_equal(bond_mii_status_name(BOND_MII_FAIL), "GOING_DOWN");
    assert_string_equal(bond_mii_status_name(4), "unknown");
}

static void
test_owner(void **state OVS_UNUSED)
{
    char *alias = bond_owner_alias("ovs-offload");

    assert_string_equal(alias, "ovs-offload:ovs-offload");
    assert_string_equal(bond_owner_from_alias(alias), "ovs-offload");
    assert_string_equal(bond_owner_from_alias("ovs-offload:"), "");
    assert_null(bond_owner_from_alias("ovs-offload"));
    assert_null(bond_owner_from_alias("someone else's bond"));
    assert_null(bond_owner_from_alias(""));
    assert_null(bond_owner_from_alias(NULL));
    free(alias);

    assert_false(bond_extack_lag_refused(NULL));
    assert_false(bond_extack_lag_refused("Unknown device type"));
    assert_true(bond_extack_lag_refused(LAG_64_VFS));
    assert_true(bond_extack_lag_refused(LAG_TX_TYPE));
}

/* An option setting in a table: which option, and its value. */
struct opt_val {
    enum bond_opt opt;
    uint32_t value;
};

#define MAX_OPT_VALS 6

static void
opts_from(struct bond_opts *opts, const struct opt_val vals[MAX_OPT_VALS])
{
    bond_opts_init(opts);
    for (size_t i = 0; i < MAX_OPT_VALS && vals[i].opt != BOND_OPT_MAX;
         i++) {
        assert_int_equal(bond_opts_set(opts, vals[i].opt, vals[i].value),
                         0);
    }
}

#define END { BOND_OPT_MAX, 0 }

struct validate_case {
    const char *name;
    struct opt_val opts[MAX_OPT_VALS];
    const char *error;          /* Expected substring, or NULL. */
};

static const struct validate_case validate_cases[] = {
    { "validate: empty", { END }, NULL },
    { "validate: VF-LAG 802.3ad", {
        { BOND_OPT_MODE, BOND_M_8023AD }, { BOND_OPT_MIIMON, 100 },
        { BOND_OPT_LACP_RATE, BOND_LACP_FAST },
        { BOND_OPT_XMIT_HASH_POLICY, BOND_XHP_LAYER34 },
        { BOND_OPT_UPDELAY, 300 }, END }, NULL },
    { "validate: lacp_rate in active-backup", {
        { BOND_OPT_MODE, BOND_M_ACTIVE_BACKUP },
        { BOND_OPT_LACP_RATE, BOND_LACP_SLOW }, END },
      "lacp_rate applies to mode 802.3ad only, not to mode active-backup" },
    { "validate: lacp_rate without mode", {
        { BOND_OPT_LACP_RATE, BOND_LACP_FAST }, END }, NULL },
    { "validate: primary in 802.3ad", {
        { BOND_OPT_MODE, BOND_M_8023AD }, { BOND_OPT_PRIMARY, 4 }, END },
      "primary applies to modes active-backup, balance-tlb and balance-alb "
      "only, not to mode 802.3ad" },
    { "validate: primary 0 in 802.3ad", {
        { BOND_OPT_MODE, BOND_M_8023AD }, { BOND_OPT_PRIMARY, 0 }, END },
      NULL },
    { "validate: primary in active-backup", {
        { BOND_OPT_MODE, BOND_M_ACTIVE_BACKUP }, { BOND_OPT_PRIMARY, 4 },
        END }, NULL },
    { "validate: updelay not a multiple of miimon", {
        { BOND_OPT_MIIMON, 100 }, { BOND_OPT_UPDELAY, 250 }, END },
      "updelay 250 is not a multiple of miimon 100: the kernel would round "
      "it down to 200" },
    { "validate: downdelay without MII monitoring", {
        { BOND_OPT_MIIMON, 0 }, { BOND_OPT_DOWNDELAY, 200 }, END },
      "downdelay 200 needs miimon" },
    { "validate: delays of 0 without MII monitoring", {
        { BOND_OPT_MIIMON, 0 }, { BOND_OPT_DOWNDELAY, 0 },
        { BOND_OPT_UPDELAY, 0 }, END }, NULL },
    { "validate: updelay without miimon set", {
        { BOND_OPT_UPDELAY, 250 }, END }, NULL },
};

static void
test_validate(void **state)
{
    const struct validate_case *c = *state;
    struct bond_opts opts;
    char *error;

    opts_from(&opts, c->opts);
    error = bond_opts_validate(&opts);
    if (c->error) {
        assert_non_null(error);
        if (!strstr(error, c->error)) {
            fail_msg("\"%s\" lacks \"%s\"", error, c->error);
        }
    } else if (error) {
        fail_msg("unexpected error: %s", error);
    }
    free(error);
}

static void
test_validate_range(void **state OVS_UNUSED)
{
    struct bond_opts opts;
    char *error;

    bond_opts_init(&opts);
    opts.present = 1 << BOND_OPT_XMIT_HASH_POLICY;
    opts.values[BOND_OPT_XMIT_HASH_POLICY] = 6;
    error = bond_opts_validate(&opts);
    assert_non_null(error);
    assert_string_equal(error, "bond option xmit_hash_policy: value 6 is "
                        "out of range (expected one of layer2, layer3+4, "
                        "layer2+3, encap2+3, encap3+4, vlan+srcmac)");
    free(error);
}

struct diff_case {
    const char *name;
    struct opt_val desired[MAX_OPT_VALS];
    struct opt_val actual[MAX_OPT_VALS];
    struct opt_val diff[MAX_OPT_VALS];
};

static const struct diff_case diff_cases[] = {
    { "diff: equal", {
        { BOND_OPT_MODE, BOND_M_8023AD }, { BOND_OPT_MIIMON, 100 }, END }, {
        { BOND_OPT_MODE, BOND_M_8023AD }, { BOND_OPT_MIIMON, 100 },
        { BOND_OPT_LACP_RATE, BOND_LACP_SLOW }, END }, { END } },
    { "diff: only what desired sets", {
        { BOND_OPT_LACP_RATE, BOND_LACP_FAST }, END }, {
        { BOND_OPT_MODE, BOND_M_8023AD }, { BOND_OPT_MIIMON, 100 },
        { BOND_OPT_LACP_RATE, BOND_LACP_SLOW }, END }, {
        { BOND_OPT_LACP_RATE, BOND_LACP_FAST }, END } },
    { "diff: mode", {
        { BOND_OPT_MODE, BOND_M_ACTIVE_BACKUP }, { BOND_OPT_MIIMON, 100 },
        END }, {
        { BOND_OPT_MODE, BOND_M_8023AD }, { BOND_OPT_MIIMON, 100 }, END }, {
        { BOND_OPT_MODE, BOND_M_ACTIVE_BACKUP }, END } },
    { "diff: absent in actual", {
        { BOND_OPT_PRIMARY, 4 }, END }, {
        { BOND_OPT_MODE, BOND_M_ACTIVE_BACKUP }, END }, {
        { BOND_OPT_PRIMARY, 4 }, END } },
    { "diff: primary 0 matches no primary", {
        { BOND_OPT_PRIMARY, 0 }, END }, { END }, { END } },
    { "diff: miimon change resends the delays", {
        { BOND_OPT_MIIMON, 50 }, { BOND_OPT_UPDELAY, 200 },
        { BOND_OPT_DOWNDELAY, 100 }, END }, {
        { BOND_OPT_MIIMON, 100 }, { BOND_OPT_UPDELAY, 200 },
        { BOND_OPT_DOWNDELAY, 100 }, END }, {
        { BOND_OPT_MIIMON, 50 }, { BOND_OPT_UPDELAY, 200 },
        { BOND_OPT_DOWNDELAY, 100 }, END } },
};

static void
test_diff(void **state)
{
    const struct diff_case *c = *state;
    struct bond_opts desired, actual, expected, diff;

    opts_from(&desired, c->desired);
    opts_from(&actual, c->actual);
    opts_from(&expected, c->diff);
    assert_int_equal(bond_opts_diff(&desired, &actual, &diff),
                     !bond_opts_is_empty(&expected));
    assert_opts_equal(&diff, &expected);
}

/* The change rules. */

struct change_case {
    const char *name;
    bool up;
    size_t n_slaves;
    uint32_t mode;              /* Current mode. */
    struct opt_val diff[MAX_OPT_VALS];
    int error;
    const char *msg;            /* Expected message (exactly), or NULL. */
};

static const struct change_case change_cases[] = {
    { "rule: mode change, down, no slaves", false, 0, BOND_M_8023AD, {
        { BOND_OPT_MODE, BOND_M_ACTIVE_BACKUP }, END }, 0, NULL },
    { "rule: mode change, up", true, 0, BOND_M_8023AD, {
        { BOND_OPT_MODE, BOND_M_ACTIVE_BACKUP }, END }, EBUSY,
      "cannot change the mode of bond bond0 from 802.3ad to active-backup "
      "while it is up: the kernel changes a bond's mode only while it is "
      "down and has no slaves" },
    { "rule: mode change, down with slaves", false, 2, BOND_M_8023AD, {
        { BOND_OPT_MODE, BOND_M_BALANCE_XOR }, END }, EBUSY,
      "cannot change the mode of bond bond0 from 802.3ad to balance-xor "
      "while it is down and has 2 slaves: the kernel changes a bond's mode "
      "only while it is down and has no slaves" },
    { "rule: mode change, up with a slave", true, 1, BOND_M_BALANCE_RR, {
        { BOND_OPT_MODE, BOND_M_8023AD }, END }, EBUSY,
      "cannot change the mode of bond bond0 from balance-rr to 802.3ad "
      "while it is up and has 1 slave: the kernel changes a bond's mode "
      "only while it is down and has no slaves" },
    { "rule: miimon change, up with slaves", true, 2, BOND_M_8023AD, {
        { BOND_OPT_MIIMON, 200 }, END }, 0, NULL },
    { "rule: lacp_rate change, up", true, 2, BOND_M_8023AD, {
        { BOND_OPT_LACP_RATE, BOND_LACP_FAST }, END }, EBUSY,
      "cannot change lacp_rate of bond bond0 while it is up: the kernel "
      "changes it only while the bond is down" },
    { "rule: ad_select change, up", true, 0, BOND_M_8023AD, {
        { BOND_OPT_AD_SELECT, BOND_ADS_COUNT }, END }, EBUSY,
      "cannot change ad_select of bond bond0 while it is up: the kernel "
      "changes it only while the bond is down" },
    { "rule: lacp_rate change, down with slaves", false, 2, BOND_M_8023AD, {
        { BOND_OPT_LACP_RATE, BOND_LACP_FAST }, END }, 0, NULL },
    { "rule: lacp_rate in the current active-backup", false, 0,
      BOND_M_ACTIVE_BACKUP, { { BOND_OPT_LACP_RATE, BOND_LACP_FAST }, END },
      EINVAL, "bond option lacp_rate applies to mode 802.3ad only, not to "
      "mode active-backup" },
    { "rule: lacp_rate with a change to 802.3ad", false, 0,
      BOND_M_ACTIVE_BACKUP, { { BOND_OPT_MODE, BOND_M_8023AD },
                              { BOND_OPT_LACP_RATE, BOND_LACP_FAST }, END },
      0, NULL },
    { "rule: primary in the current 802.3ad", true, 2, BOND_M_8023AD, {
        { BOND_OPT_PRIMARY, 4 }, END }, EINVAL,
      "bond option primary applies to modes active-backup, balance-tlb and "
      "balance-alb only, not to mode 802.3ad" },
};

static void
test_change_rule(void **state)
{
    const struct change_case *c = *state;
    struct bond_state bond;
    struct bond_opts diff;
    char *msg;

    memset(&bond, 0, sizeof bond);
    ovs_strlcpy(bond.ifname, "bond0", sizeof bond.ifname);
    bond.up = c->up;
    bond.n_slaves = c->n_slaves;
    bond_opts_set(&bond.opts, BOND_OPT_MODE, c->mode);
    bond_opts_set(&bond.opts, BOND_OPT_MIIMON, 100);
    bond_opts_set(&bond.opts, BOND_OPT_LACP_RATE, BOND_LACP_SLOW);
    opts_from(&diff, c->diff);

    assert_int_equal(bond_check_change(&bond, &diff, &msg), c->error);
    if (c->msg) {
        assert_non_null(msg);
        assert_string_equal(msg, c->msg);
    } else {
        assert_null(msg);
    }
    free(msg);
    assert_int_equal(bond_check_change(&bond, &diff, NULL), c->error);
}

/* LACP. */

static void
test_lacp_decode(void **state OVS_UNUSED)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    struct bond_lacp_state st;

    st = bond_lacp_state_decode(LACP_UP);
    assert_true(st.activity && st.timeout && st.aggregation
                && st.synchronization && st.collecting && st.distributing);
    assert_false(st.defaulted || st.expired);

    st = bond_lacp_state_decode(LACP_DEFAULTED);
    assert_true(st.aggregation && st.defaulted);
    assert_false(st.activity || st.timeout || st.synchronization
                 || st.collecting || st.distributing || st.expired);

    st = bond_lacp_state_decode(BOND_LACP_ST_EXPIRED);
    assert_true(st.expired);
    assert_false(st.defaulted);

    bond_lacp_state_format(LACP_UP, &s);
    assert_string_equal(ds_cstr(&s), "<active,short_timeout,aggregating,"
                        "in_sync,collecting,distributing>");
    ds_clear(&s);
    bond_lacp_state_format(0xc0, &s);
    assert_string_equal(ds_cstr(&s), "<defaulted,expired>");
    ds_clear(&s);
    bond_lacp_state_format(0, &s);
    assert_string_equal(ds_cstr(&s), "<>");
    ds_destroy(&s);
}

struct negotiated_case {
    const char *name;
    const struct slave_spec *slaves[3];
    size_t n;
    bool negotiated;
};

static const struct slave_spec slave_pf1_other_agg = {
    5, "ens1f1np1", 7, BOND_SLAVE_BACKUP, BOND_MII_UP, PF1_MAC, true, 2,
    LACP_UP, LACP_UP,
};
static const struct slave_spec slave_pf1_not_distributing = {
    5, "ens1f1np1", 7, BOND_SLAVE_ACTIVE, BOND_MII_UP, PF1_MAC, true, 1,
    LACP_UP, LACP_UP & ~BOND_LACP_ST_DISTRIBUTING,
};
/* As seen on Linux 6.1 while LACP converges: the partner is distributing,
 * the local port only in sync. */
static const struct slave_spec slave_pf1_actor_in_sync = {
    5, "ens1f1np1", 7, BOND_SLAVE_BACKUP, BOND_MII_UP, PF1_MAC, true, 1,
    LACP_ALONE | BOND_LACP_ST_SYNCHRONIZATION, LACP_UP,
};

static const struct negotiated_case negotiated_cases[] = {
    { "lacp: both legs negotiated", { &slave_pf0_up, &slave_pf1_up }, 2,
      true },
    { "lacp: one leg negotiated", { &slave_pf0_up }, 1, true },
    { "lacp: no slaves", { NULL }, 0, false },
    { "lacp: no partner", { &slave_pf0_alone, &slave_pf1_alone }, 2,
      false },
    { "lacp: one leg defaulted", { &slave_pf0_up, &slave_pf1_alone }, 2,
      false },
    { "lacp: two aggregators", { &slave_pf0_up, &slave_pf1_other_agg }, 2,
      false },
    { "lacp: partner not distributing",
      { &slave_pf0_up, &slave_pf1_not_distributing }, 2, false },
    { "lacp: actor not yet distributing",
      { &slave_pf0_up, &slave_pf1_actor_in_sync }, 2, false },
    { "lacp: active-backup has no aggregator",
      { &slave_pf0_up, &slave_pf1_ab }, 2, false },
};

/* Parses 'spec' into 'slave' through a synthetic message and a feed. */
static void
slave_from_spec(const struct slave_spec *spec, struct bond_slave *slave)
{
    struct msgbuf *mb = msgbuf_create();
    struct bond_slave *slaves = NULL;
    size_t n = 0;
    bool done;

    msg_end(mb, put_slave(mb, spec));
    put_done(mb, 0);
    assert_int_equal(bond_slaves_feed(spec->master, mb->words, mb->len,
                                      &slaves, &n, &done, NULL), 0);
    assert_true(done);
    assert_int_equal(n, 1);
    *slave = slaves[0];
    free(slaves);
    free(mb);
}

static void
test_negotiated(void **state)
{
    const struct negotiated_case *c = *state;
    struct bond_slave slaves[3];

    for (size_t i = 0; i < c->n; i++) {
        slave_from_spec(c->slaves[i], &slaves[i]);
    }
    assert_int_equal(bond_lacp_negotiated(slaves, c->n), c->negotiated);
}

/* Slave dumps. */

static void
test_slaves_feed(void **state OVS_UNUSED)
{
    struct msgbuf *mb = msgbuf_create();
    struct ds s = DS_EMPTY_INITIALIZER;
    struct bond_slave *slaves = NULL;
    size_t n = 0;
    char *extack;
    bool done;

    /* First datagram: two slaves of bond 7, one of bond 9 (which kernels
     * before v4.5 send despite the filter), the bond itself. */
    msg_end(mb, put_slave(mb, &slave_pf0_up));
    msg_end(mb, put_slave(mb, &slave_other_bond));
    msg_end(mb, put_bond_8023ad_msg(mb));
    assert_int_equal(bond_slaves_feed(7, mb->words, mb->len, &slaves, &n,
                                      &done, &extack), 0);
    assert_false(done);
    assert_null(extack);
    assert_int_equal(n, 1);

    /* Second datagram: the last slave and the end. */
    mb->len = 0;
    msg_end(mb, put_slave(mb, &slave_pf1_up));
    put_done(mb, 0);
    assert_int_equal(bond_slaves_feed(7, mb->words, mb->len, &slaves, &n,
                                      &done, &extack), 0);
    assert_true(done);
    assert_null(extack);
    assert_int_equal(n, 2);

    assert_int_equal(slaves[0].ifindex, 4);
    assert_string_equal(slaves[0].ifname, "ens1f0np0");
    assert_int_equal(slaves[0].master, 7);
    assert_int_equal(slaves[0].operstate, IF_OPER_UP);
    assert_int_equal(slaves[0].flags & IFF_SLAVE, IFF_SLAVE);
    assert_int_equal(slaves[1].ifindex, 5);
    assert_string_equal(slaves[1].ifname, "ens1f1np1");
    assert_int_equal(slaves[1].info.ad_aggregator_id, 1);
    assert_true(bond_lacp_negotiated(slaves, n));

    bond_slave_format(&slaves[0], &s);
    assert_string_equal(ds_cstr(&s), "ens1f0np0 (ifindex 4) master 7 "
                        "operstate UP state ACTIVE mii_status UP "
                        "link_failure_count 3 perm_hwaddr 0c:42:a1:00:00:01 "
                        "queue_id 0 ad_aggregator_id 1 "
                        "ad_actor_oper_port_state <active,short_timeout,"
                        "aggregating,in_sync,collecting,distributing> "
                        "ad_partner_oper_port_state <active,short_timeout,"
                        "aggregating,in_sync,collecting,distributing>");
    ds_destroy(&s);
    free(slaves);
    free(mb);
}

static void
test_slaves_feed_errors(void **state OVS_UNUSED)
{
    struct msgbuf *mb = msgbuf_create();
    struct bond_slave *slaves = NULL;
    struct nlmsghdr *nlh;
    size_t n = 0;
    char *extack;
    bool done;

    /* The kernel refuses the dump. */
    put_ack(mb, -EINVAL, "Unsupported attribute in link dump request");
    assert_int_equal(bond_slaves_feed(7, mb->words, mb->len, &slaves, &n,
                                      &done, &extack), EINVAL);
    assert_true(done);
    assert_string_equal(extack,
                        "Unsupported attribute in link dump request");
    free(extack);
    assert_int_equal(n, 0);

    /* A malformed link message. */
    mb->len = 0;
    msg_end(mb, put_mode_u32(mb));
    put_done(mb, 0);
    assert_int_equal(bond_slaves_feed(7, mb->words, mb->len, &slaves, &n,
                                      &done, NULL), EPROTO);
    assert_true(done);
    assert_int_equal(n, 0);

    /* An interrupted dump. */
    mb->len = 0;
    nlh = put_slave(mb, &slave_pf0_up);
    nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
    msg_end(mb, nlh);
    put_done(mb, 0);
    assert_int_equal(bond_slaves_feed(7, mb->words, mb->len, &slaves, &n,
                                      &done, NULL), EAGAIN);
    assert_true(done);
    assert_int_equal(n, 1);

    /* A truncated message. */
    mb->len = 0;
    msg_end(mb, put_slave(mb, &slave_pf0_up));
    assert_int_equal(bond_slaves_feed(7, mb->words, mb->len - 8, &slaves,
                                      &n, &done, NULL), EPROTO);
    assert_true(done);

    free(slaves);
    free(mb);
}

/* Live tests, in a throwaway network namespace. */

/* Where a process's network namespace is, and where "ip netns" keeps
 * named ones. */
#define SELF_NETNS "/proc/self/ns/net"
#define NETNS_RUN_DIR "/run/netns"

struct netns {
    char *name;                 /* "ip netns" name, or NULL if unshared. */
    int orig_fd;                /* The original namespace, or -1. */
    bool entered;
    char *why_not;              /* Why it could not be entered. */
};

/* Set when the round trip was skipped for want of bonding. */
static bool live_skipped;

static int
run(const char *command)
{
    int status = system(command);

    return status == -1 || !WIFEXITED(status) ? -1 : WEXITSTATUS(status);
}

static int
netns_setup(void **state)
{
    struct netns *ns = xzalloc(sizeof *ns);
    char *command;
    int fd;

    *state = ns;
    ns->orig_fd = -1;
    if (geteuid()) {
        ns->why_not = xstrdup("not root");
        return 0;
    }
    ns->orig_fd = open(SELF_NETNS, O_RDONLY | O_CLOEXEC);
    if (ns->orig_fd < 0) {
        ns->why_not = xasprintf("cannot open %s (%s)", SELF_NETNS,
                                ovs_strerror(errno));
        return 0;
    }

    ns->name = xasprintf("ovsoffl-bond-%ld", (long) getpid());
    command = xasprintf("ip netns add %s", ns->name);
    if (run(command)) {
        free(ns->name);
        ns->name = NULL;
    }
    free(command);

    if (ns->name) {
        char *path = xasprintf("%s/%s", NETNS_RUN_DIR, ns->name);

        fd = open(path, O_RDONLY | O_CLOEXEC);
        free(path);
        if (fd < 0 || setns(fd, CLONE_NEWNET)) {
            ns->why_not = xasprintf("cannot enter network namespace %s (%s)",
                                    ns->name, ovs_strerror(errno));
        }
        if (fd >= 0) {
            close(fd);
        }
    } else if (unshare(CLONE_NEWNET)) {
        ns->why_not = xasprintf("\"ip netns add\" failed and so did "
                                "unshare(CLONE_NEWNET) (%s)",
                                ovs_strerror(errno));
    } else {
        print_message("\"ip netns add\" failed; using an unnamed "
                      "namespace\n");
    }
    ns->entered = !ns->why_not;
    if (ns->entered) {
        /* "ip link" commands in the namespace need lo only to be there. */
        run("ip link set lo up");
    }
    return 0;
}

static int
netns_teardown(void **state)
{
    struct netns *ns = *state;

    if (ns->orig_fd >= 0) {
        if (setns(ns->orig_fd, CLONE_NEWNET)) {
            print_message("cannot return to the original namespace (%s)\n",
                          ovs_strerror(errno));
        }
        close(ns->orig_fd);
    }
    if (ns->name) {
        char *command = xasprintf("ip netns del %s", ns->name);

        run(command);
        free(command);
        free(ns->name);
    }
    free(ns->why_not);
    free(ns);
    return 0;
}

static void
skip_unless_entered(const struct netns *ns)
{
    if (!ns->entered) {
        print_message("SKIP: no network namespace: %s\n", ns->why_not);
        live_skipped = true;
        skip();
    }
}

/* The options of the live bonds: 802.3ad, miimon 100, lacp_rate fast,
 * xmit_hash_policy layer3+4. */
static void
live_cfg(struct bond_cfg *cfg, const char *name)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->name = name;
    cfg->owner = "test";
    assert_null(bond_opts_parse(&cfg->opts, "mode", "802.3ad"));
    assert_null(bond_opts_parse(&cfg->opts, "miimon", "100"));
    assert_null(bond_opts_parse(&cfg->opts, "lacp_rate", "fast"));
    assert_null(bond_opts_parse(&cfg->opts, "xmit_hash_policy",
                                "layer3+4"));
}

static void
print_extack(const char *what, int error, const char *extack)
{
    print_message("%s: %s%s%s\n", what,
                  error ? ovs_strerror(error) : "ok",
                  extack ? ": " : "", extack ? extack : "");
}

/* What a kernel without the bonding driver does, and the operations that
 * need no bond, against the namespace's loopback device. */
static void
live_without_bonding(int create_error, char *extack)
{
    struct bond_slave *slaves;
    struct bond_state state;
    struct bond_link link;
    size_t n;
    int ifindex;

    assert_int_equal(create_error, EOPNOTSUPP);
    assert_non_null(extack);
    assert_non_null(strstr(extack, "Unknown device type"));
    free(extack);
    assert_int_equal(bond_link_ifindex("ovsoffl0", &ifindex), ENODEV);

    /* Reading a real kernel message. */
    assert_int_equal(bond_link_get("lo", 0, &link, &extack), 0);
    assert_null(extack);
    assert_int_equal(link.ifindex, 1);
    assert_string_equal(link.ifname, "lo");
    assert_false(bond_link_is_bond(&link));
    assert_int_equal(bond_link_get(NULL, 1, &link, NULL), 0);
    assert_string_equal(link.ifname, "lo");
    assert_int_equal(bond_link_ifindex("lo", &ifindex), 0);
    assert_int_equal(ifindex, 1);
    {
        char name[BOND_IFNAMSIZ];

        assert_int_equal(bond_link_name(1, name), 0);
        assert_string_equal(name, "lo");
        assert_int_equal(bond_link_name(999999, name), ENODEV);
    }
    assert_int_equal(bond_link_get("ovsoffl-none", 0, &link, NULL),
                     ENODEV);

    /* Not a bond. */
    assert_int_equal(bond_get("lo", 0, &state, &extack), EMEDIUMTYPE);
    assert_string_equal(extack, "lo is not a bond");
    free(extack);
    assert_int_equal(bond_get(NULL, 999999, &state, NULL), ENODEV);
    assert_int_equal(bond_delete(1, &extack), EMEDIUMTYPE);
    assert_string_equal(extack, "refusing to delete lo: it is not a bond");
    free(extack);
    assert_int_equal(bond_enslave(1, 1, NULL), EINVAL);

    /* Deleting what does not exist succeeds. */
    assert_int_equal(bond_delete(999999, &extack), 0);
    assert_null(extack);

    /* Links go up and down; lo has no slaves. */
    assert_int_equal(bond_link_set_up(1, true, &extack), 0);
    assert_null(extack);
    assert_int_equal(bond_link_get(NULL, 1, &link, NULL), 0);
    assert_int_equal(link.flags & IFF_UP, IFF_UP);
    assert_int_equal(bond_link_set_up(999999, true, NULL), ENODEV);
    assert_int_equal(bond_slaves_dump(1, &slaves, &n, &extack), 0);
    assert_int_equal(n, 0);
    assert_null(slaves);
    assert_null(extack);
    assert_int_equal(bond_release(1, NULL), 0);
}

/* Creates two links named 'a' and 'b': a veth pair if the kernel has veth,
 * otherwise two dummies.  Returns true for a veth pair. */
static bool
live_add_pair(const char *a, const char *b)
{
    char *command = xasprintf("ip link add %s type veth peer name %s", a, b);
    bool veth = !run(command);

    free(command);
    if (!veth) {
        command = xasprintf("ip link add %s type dummy && "
                            "ip link add %s type dummy", a, b);
        assert_int_equal(run(command), 0);
        free(command);
    }
    return veth;
}

static int
live_ifindex(const char *name)
{
    int ifindex;

    assert_int_equal(bond_link_ifindex(name, &ifindex), 0);
    return ifindex;
}

static void
live_enslave(int slave, int bond)
{
    char *extack;
    int error;

    error = bond_enslave(slave, bond, &extack);
    print_extack("enslave", error, extack);
    assert_int_equal(error, 0);
    free(extack);
}

/* Waits up to 'seconds' for the slaves of 'bond' to negotiate LACP. */
static bool
live_wait_lacp(int bond, int seconds, size_t n_expected)
{
    for (int i = 0; i < seconds * 10; i++) {
        struct bond_slave *slaves;
        bool negotiated;
        size_t n;

        assert_int_equal(bond_slaves_dump(bond, &slaves, &n, NULL), 0);
        negotiated = n == n_expected && bond_lacp_negotiated(slaves, n);
        if (negotiated || i == seconds * 10 - 1) {
            struct ds s = DS_EMPTY_INITIALIZER;

            for (size_t j = 0; j < n; j++) {
                ds_put_cstr(&s, "  ");
                bond_slave_format(&slaves[j], &s);
                ds_put_char(&s, '\n');
            }
            print_message("after %d ms:\n%s", i * 100, ds_cstr(&s));
            ds_destroy(&s);
            free(slaves);
            return negotiated;
        }
        free(slaves);
        xnanosleep(100 * 1000 * 1000);
    }
    return false;
}

/* The round trip on a kernel with bonding: bond A over a0 and a1, bond B
 * over their veth peers b0 and b1, LACP between them. */
static void
live_round_trip(int bond_a)
{
    struct bond_cfg cfg_b;
    struct bond_opts want;
    struct bond_slave *slaves;
    struct bond_state state;
    int a0, a1, b0, b1, bond_b;
    char *extack;
    size_t n;
    bool veth;
    int error;

    /* Read back. */
    assert_int_equal(bond_get("ovsoffl0", 0, &state, &extack), 0);
    assert_null(extack);
    assert_int_equal(state.ifindex, bond_a);
    assert_string_equal(state.ifalias, "ovs-offload:test");
    assert_string_equal(bond_owner_from_alias(state.ifalias), "test");
    assert_false(state.up);
    assert_int_equal(state.n_slaves, 0);
    assert_int_equal(bond_opts_get(&state.opts, BOND_OPT_MODE),
                     BOND_M_8023AD);
    assert_int_equal(bond_opts_get(&state.opts, BOND_OPT_MIIMON), 100);
    assert_int_equal(bond_opts_get(&state.opts, BOND_OPT_LACP_RATE),
                     BOND_LACP_FAST);
    assert_int_equal(bond_opts_get(&state.opts, BOND_OPT_XMIT_HASH_POLICY),
                     BOND_XHP_LAYER34);

    /* Creating it again fails. */
    live_cfg(&cfg_b, "ovsoffl0");
    assert_int_equal(bond_create(&cfg_b, NULL, NULL), EEXIST);

    /* Changes: nothing to do; miimon and updelay; mode while down and
     * empty, and back. */
    bond_opts_init(&want);
    bond_opts_set(&want, BOND_OPT_MODE, BOND_M_8023AD);
    bond_opts_set(&want, BOND_OPT_MIIMON, 100);
    assert_int_equal(bond_change(bond_a, &want, NULL), 0);
    bond_opts_set(&want, BOND_OPT_MIIMON, 200);
    bond_opts_set(&want, BOND_OPT_UPDELAY, 400);
    error = bond_change(bond_a, &want, &extack);
    print_extack("change miimon", error, extack);
    assert_int_equal(error, 0);
    free(extack);
    assert_int_equal(bond_get(NULL, bond_a, &state, NULL), 0);
    assert_int_equal(bond_opts_get(&state.opts, BOND_OPT_MIIMON), 200);
    assert_int_equal(bond_opts_get(&state.opts, BOND_OPT_UPDELAY), 400);
    bond_opts_init(&want);
    bond_opts_set(&want, BOND_OPT_MODE, BOND_M_ACTIVE_BACKUP);
    assert_int_equal(bond_change(bond_a, &want, NULL), 0);
    assert_int_equal(bond_get(NULL, bond_a, &state, NULL), 0);
    assert_int_equal(bond_opts_get(&state.opts, BOND_OPT_MODE),
                     BOND_M_ACTIVE_BACKUP);
    bond_opts_init(&want);
    bond_opts_set(&want, BOND_OPT_MODE, BOND_M_8023AD);
    bond_opts_set(&want, BOND_OPT_MIIMON, 100);
    bond_opts_set(&want, BOND_OPT_UPDELAY, 0);
    bond_opts_set(&want, BOND_OPT_LACP_RATE, BOND_LACP_FAST);
    assert_int_equal(bond_change(bond_a, &want, NULL), 0);

    /* Slaves. */
    veth = live_add_pair("ovsoffl-a0", "ovsoffl-b0");
    live_add_pair("ovsoffl-a1", "ovsoffl-b1");
    print_message("legs: %s\n", veth ? "veth pairs" : "dummies");
    a0 = live_ifindex("ovsoffl-a0");
    a1 = live_ifindex("ovsoffl-a1");
    b0 = live_ifindex("ovsoffl-b0");
    b1 = live_ifindex("ovsoffl-b1");
    assert_int_equal(bond_link_set_up(a0, true, NULL), 0);
    live_enslave(a0, bond_a);       /* Up: brought down first. */
    live_enslave(a1, bond_a);
    live_enslave(a0, bond_a);       /* Already: nothing to do. */
    assert_int_equal(bond_enslave(a0, b1, &extack), EMEDIUMTYPE);
    free(extack);
    assert_int_equal(bond_get(NULL, bond_a, &state, NULL), 0);
    assert_int_equal(state.n_slaves, 2);
    assert_int_equal(bond_link_set_up(bond_a, true, NULL), 0);

    /* The mode-change rule. */
    bond_opts_init(&want);
    bond_opts_set(&want, BOND_OPT_MODE, BOND_M_ACTIVE_BACKUP);
    assert_int_equal(bond_change(bond_a, &want, &extack), EBUSY);
    print_extack("mode change while up", EBUSY, extack);
    assert_non_null(strstr(extack, "while it is up and has 2 slaves"));
    free(extack);

    /* The partner. */
    live_cfg(&cfg_b, "ovsoffl1");
    assert_int_equal(bond_create(&cfg_b, &bond_b, NULL), 0);
    assert_int_equal(bond_enslave(b1, bond_b, &extack), 0);
    free(extack);
    assert_int_equal(bond_enslave(b0, bond_b, &extack), 0);
    free(extack);
    assert_int_equal(bond_enslave(b0, bond_a, &extack), EBUSY);
    print_extack("enslave to a second bond", EBUSY, extack);
    free(extack);
    assert_int_equal(bond_link_set_up(bond_b, true, NULL), 0);

    assert_int_equal(bond_slaves_dump(bond_a, &slaves, &n, NULL), 0);
    assert_int_equal(n, 2);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(slaves[i].master, bond_a);
        assert_true(slaves[i].info.present & BOND_SLAVE_HAS_STATE);
        assert_true(slaves[i].info.present & BOND_SLAVE_HAS_MII_STATUS);
    }
    free(slaves);
    if (veth) {
        assert_true(live_wait_lacp(bond_a, 30, 2));
        assert_true(live_wait_lacp(bond_b, 5, 2));
        assert_int_equal(bond_get(NULL, bond_a, &state, NULL), 0);
        assert_true(state.ad_info.present);
        assert_int_equal(state.ad_info.num_ports, 2);
    }

    /* Release and delete. */
    assert_int_equal(bond_release(a0, &extack), 0);
    free(extack);
    assert_int_equal(bond_release(a0, NULL), 0);
    assert_int_equal(bond_slaves_dump(bond_a, &slaves, &n, NULL), 0);
    assert_int_equal(n, 1);
    assert_int_equal(slaves[0].ifindex, a1);
    free(slaves);
    if (veth) {
        assert_false(live_wait_lacp(bond_a, 1, 2));
    }
    assert_int_equal(bond_delete(bond_b, NULL), 0);
    assert_int_equal(bond_delete(bond_a, &extack), 0);
    free(extack);
    assert_int_equal(bond_delete(bond_a, NULL), 0);
    assert_int_equal(bond_get("ovsoffl0", 0, &state, NULL), ENODEV);
}

/* Creates a bond: on a kernel without bonding that must fail as the kernel
 * says; with bonding, runs the round trip.  With 'need_bonding', skips
 * instead of checking the failure. */
static void
live_test(void **state, bool need_bonding)
{
    struct netns *ns = *state;
    struct bond_cfg cfg;
    char *extack;
    int ifindex;
    int error;

    skip_unless_entered(ns);
    live_cfg(&cfg, "ovsoffl0");
    error = bond_create(&cfg, &ifindex, &extack);
    print_extack("bond_create ovsoffl0 mode 802.3ad", error, extack);
    if (error == EOPNOTSUPP && need_bonding) {
        print_message("SKIP: the kernel has no bonding driver\n");
        free(extack);
        live_skipped = true;
        skip();
    } else if (error) {
        live_without_bonding(error, extack);
    } else {
        free(extack);
        assert_true(ifindex > 0);
        live_round_trip(ifindex);
    }
}

static void
test_live(void **state)
{
    live_test(state, false);
}

static void
test_live_round_trip(void **state)
{
    live_test(state, true);
}

#define ADD_ROWS(TESTS, N, FUNC, ROWS)                                  \
    for (size_t i_ = 0; i_ < N_ELEMS(ROWS); i_++) {                     \
        (TESTS)[(N)++] = (struct CMUnitTest) {                          \
            .name = (ROWS)[i_].name,                                    \
            .test_func = FUNC,                                          \
            .initial_state = CONST_CAST(void *, &(ROWS)[i_]),           \
        };                                                              \
    }

int
main(int argc, char *argv[])
{
    static const struct CMUnitTest fixed_tests[] = {
        cmocka_unit_test(test_build_create_layout),
        cmocka_unit_test(test_build_create_no_opts),
        cmocka_unit_test(test_build_change),
        cmocka_unit_test(test_build_get_by_name),
        cmocka_unit_test(test_build_set_alias),
        cmocka_unit_test(test_build_invalid),
        cmocka_unit_test(test_opts_names),
        cmocka_unit_test(test_owner),
        cmocka_unit_test(test_validate_range),
        cmocka_unit_test(test_lacp_decode),
        cmocka_unit_test(test_slaves_feed),
        cmocka_unit_test(test_slaves_feed_errors),
        cmocka_unit_test_setup_teardown(test_live, netns_setup,
                                        netns_teardown),
    };
    static const struct CMUnitTest live_tests[] = {
        cmocka_unit_test_setup_teardown(test_live_round_trip, netns_setup,
                                        netns_teardown),
    };
    struct CMUnitTest tests[N_ELEMS(fixed_tests) + N_ELEMS(parse_cases)
                            + N_ELEMS(simple_builds)
                            + N_ELEMS(opts_parse_cases)
                            + N_ELEMS(validate_cases) + N_ELEMS(diff_cases)
                            + N_ELEMS(change_cases)
                            + N_ELEMS(negotiated_cases)];
    size_t n = 0;
    int failed;

    /* The malformed-message tests provoke warnings on purpose. */
    vlog_set_levels(vlog_module_from_name("lag_bond"), VLF_ANY_DESTINATION,
                    VLL_OFF);
    vlog_set_levels(vlog_module_from_name("nl_mnl"), VLF_ANY_DESTINATION,
                    VLL_OFF);

    if (argc > 1) {
        if (strcmp(argv[1], "live") || argc > 2) {
            fprintf(stderr, "usage: %s [live]\n", argv[0]);
            return 2;
        }
        /* The round trip only, e.g. in a VM whose kernel has bonding. */
        failed = cmocka_run_group_tests_name("bond-live", live_tests, NULL,
                                             NULL);
        return failed ? 1 : live_skipped ? 77 : 0;
    }

    for (size_t i = 0; i < N_ELEMS(fixed_tests); i++) {
        tests[n++] = fixed_tests[i];
    }
    ADD_ROWS(tests, n, test_parse_case, parse_cases);
    ADD_ROWS(tests, n, test_simple_build, simple_builds);
    ADD_ROWS(tests, n, test_opts_parse, opts_parse_cases);
    ADD_ROWS(tests, n, test_validate, validate_cases);
    ADD_ROWS(tests, n, test_diff, diff_cases);
    ADD_ROWS(tests, n, test_change_rule, change_cases);
    ADD_ROWS(tests, n, test_negotiated, negotiated_cases);
    return cmocka_run_group_tests_name("bond", tests, NULL, NULL);
}
