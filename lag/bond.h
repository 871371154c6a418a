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

#ifndef BOND_H
#define BOND_H 1

/* bond: Linux bonding devices over rtnetlink, for mlx5 VF-LAG.
 *
 * mlx5 offloads a LAG (VF-LAG) when both PFs of a NIC, and nothing else, are
 * the slaves of one Linux bond in active-backup, balance-xor or 802.3ad
 * mode.  This module creates such a bond ("ip link add"), reads it back
 * ("ip -d link show"), changes its options, enslaves and releases the PFs
 * ("ip link set PF master BOND") and reads the state of each slave, which is
 * how LACP negotiation shows.  It uses the kernel's bonding driver, never the
 * team driver: mlx5 follows a team too, but a team always reports an unknown
 * hash type (so a hash-mode LAG could not follow an xmit hash policy), and
 * NVIDIA's own VF-LAG tests cover bonding only.
 *
 * Extended acks.  When mlx5 cannot activate the LAG it says so in a warning
 * attached to the *successful* acknowledgement of the enslave request, for
 * example "mlx5_core: Can't activate LAG offload, PF is configured with more
 * than 64 VFs".  That text is the main signal that VF-LAG failed, so every
 * operation takes a 'char **extack' (which may be NULL): on return
 * '*extack' is NULL or a malloc'd message that the caller must free, on
 * success as well as on failure.  Where this module refuses a request
 * itself (an invalid option, a mode change on a bond that is up), the
 * message is its own explanation instead.
 *
 * Ownership.  A bond created here carries the tag "ovs-offload:<owner>" as
 * its interface alias (IFLA_IFALIAS, "ip link set BOND alias ...", shown by
 * "ip link show" as "alias ...").  The alias was chosen over an alternative
 * name (IFLA_ALT_IFNAME): it is free text that survives renames, needs no
 * separate RTM_NEWLINKPROP request, every kernel since 2.6.28 has it, and
 * "ip link show" prints it; an alternative name, by contrast, takes a slot
 * in the device namespace.  Kernels ignore IFLA_IFALIAS in a creation
 * request, so bond_create() sets it in a second request.  Never delete a
 * bond that does not carry your tag (see bond_owner_from_alias()).
 *
 * Options.  'struct bond_opts' holds the bond options this module manages,
 * each with a presence bit: only options the caller set are sent, and only
 * those are compared with the kernel's (a "loose" comparison).  The kernel
 * refuses some changes while the bond is up or has slaves (mode, for one);
 * bond_check_change() encodes those rules so that bond_change() can explain
 * them instead of passing the kernel's terse EBUSY or ENOTEMPTY along.
 *
 * Layers.  The module is in three layers:
 *
 *   - Pure functions that build requests into a caller-supplied buffer
 *     (bond_build_*()) and parse messages (bond_parse_*(),
 *     bond_slaves_feed()).  They do no I/O; the unit tests exercise them.
 *
 *   - The option model: presence bits, names, validation, comparison and
 *     the change rules (bond_opts_*(), bond_check_change()), and LACP state
 *     decoding (bond_lacp_*()).
 *
 *   - Synchronous operations, each of which opens its own NETLINK_ROUTE
 *     socket (nl_mnl_open() from netlink/nl-mnl.h, with extended acks) in
 *     the calling thread's network namespace, sends its requests, waits for
 *     the answers and closes the socket.  Acknowledgements are parsed by
 *     nl_mnl_parse_ack().
 *
 * Errors.  Every function that returns 'int' returns 0 or a positive errno
 * value.  The module has no global state: threads may call it concurrently
 * as long as they do not share the structures they pass.
 *
 * Each function is documented at its definition in bond.c, together with
 * the ip(8) command it corresponds to. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "openvswitch/compiler.h"

struct ds;
struct nlmsghdr;

/* Size of the buffer that bond_build_*() need, enough for any request they
 * build (the largest is an alias of BOND_IFALIAS_SIZE - 1 bytes). */
#define BOND_REQUEST_SIZE 1024

/* Size of an interface name buffer, including the null terminator
 * (IFNAMSIZ). */
#define BOND_IFNAMSIZ 16

/* Size of an interface alias buffer, including the null terminator
 * (IFALIASZ: the kernel accepts aliases of at most 255 bytes). */
#define BOND_IFALIAS_SIZE 256

/* Size of a link kind buffer ("bond", "veth", ...), including the null
 * terminator.  Longer kinds are truncated when parsed. */
#define BOND_KIND_SIZE 32

/* Longest hardware address (MAX_ADDR_LEN in the kernel). */
#define BOND_HWADDR_MAX 32

/* The prefix of the ownership tag in a bond's interface alias. */
#define BOND_OWNER_PREFIX "ovs-offload:"

/* Bond options.
 *
 * The options this module manages, in the order of their IFLA_BOND_*
 * attribute numbers, which is also the order in which requests carry
 * them.  Each has an "ip link add ... type bond" keyword of the same name
 * (bond_opt_name()). */
enum bond_opt {
    BOND_OPT_MODE,              /* IFLA_BOND_MODE (1), u8, BOND_M_*. */
    BOND_OPT_MIIMON,            /* IFLA_BOND_MIIMON (3), u32, ms. */
    BOND_OPT_UPDELAY,           /* IFLA_BOND_UPDELAY (4), u32, ms. */
    BOND_OPT_DOWNDELAY,         /* IFLA_BOND_DOWNDELAY (5), u32, ms. */
    BOND_OPT_PRIMARY,           /* IFLA_BOND_PRIMARY (11), u32 ifindex. */
    BOND_OPT_XMIT_HASH_POLICY,  /* IFLA_BOND_XMIT_HASH_POLICY (14), u8,
                                 * BOND_XHP_*. */
    BOND_OPT_MIN_LINKS,         /* IFLA_BOND_MIN_LINKS (18), u32. */
    BOND_OPT_LACP_RATE,         /* IFLA_BOND_AD_LACP_RATE (21), u8,
                                 * BOND_LACP_SLOW or BOND_LACP_FAST. */
    BOND_OPT_AD_SELECT,         /* IFLA_BOND_AD_SELECT (22), u8,
                                 * BOND_ADS_*. */
    BOND_OPT_MAX
};

/* Values of BOND_OPT_MODE, as BOND_MODE_* in <linux/if_bonding.h> (which
 * cannot be included together with <net/if.h>), with iproute2's names. */
enum {
    BOND_M_BALANCE_RR = 0,      /* "balance-rr". */
    BOND_M_ACTIVE_BACKUP = 1,   /* "active-backup": VF-LAG capable. */
    BOND_M_BALANCE_XOR = 2,     /* "balance-xor": VF-LAG capable. */
    BOND_M_BROADCAST = 3,       /* "broadcast". */
    BOND_M_8023AD = 4,          /* "802.3ad" (LACP): VF-LAG capable. */
    BOND_M_BALANCE_TLB = 5,     /* "balance-tlb". */
    BOND_M_BALANCE_ALB = 6,     /* "balance-alb". */
};

/* Values of BOND_OPT_XMIT_HASH_POLICY, as BOND_XMIT_POLICY_*. */
enum {
    BOND_XHP_LAYER2 = 0,        /* "layer2". */
    BOND_XHP_LAYER34 = 1,       /* "layer3+4". */
    BOND_XHP_LAYER23 = 2,       /* "layer2+3". */
    BOND_XHP_ENCAP23 = 3,       /* "encap2+3". */
    BOND_XHP_ENCAP34 = 4,       /* "encap3+4". */
    BOND_XHP_VLAN_SRCMAC = 5,   /* "vlan+srcmac" (Linux 5.12). */
};

/* Values of BOND_OPT_LACP_RATE. */
enum {
    BOND_LACP_SLOW = 0,         /* "slow": LACPDU every 30 s. */
    BOND_LACP_FAST = 1,         /* "fast": LACPDU every second. */
};

/* Values of BOND_OPT_AD_SELECT. */
enum {
    BOND_ADS_STABLE = 0,        /* "stable". */
    BOND_ADS_BANDWIDTH = 1,     /* "bandwidth". */
    BOND_ADS_COUNT = 2,         /* "count". */
    BOND_ADS_ACTOR_PORT_PRIO = 3, /* "actor_port_prio" (newer kernels than
                                   * 6.1 only; older ones refuse it). */
};

/* A set of bond options.  Option 'opt' is set if bit (1 << opt) of
 * 'present' is 1, and then its value is 'values[opt]'.  Initialize with
 * bond_opts_init() or to all-zeros, and use the accessors below. */
struct bond_opts {
    uint32_t present;
    uint32_t values[BOND_OPT_MAX];
};

void bond_opts_init(struct bond_opts *);
bool bond_opts_has(const struct bond_opts *, enum bond_opt);
uint32_t bond_opts_get(const struct bond_opts *, enum bond_opt);
int bond_opts_set(struct bond_opts *, enum bond_opt, uint32_t value);
void bond_opts_unset(struct bond_opts *, enum bond_opt);
bool bond_opts_is_empty(const struct bond_opts *);
char *bond_opts_parse(struct bond_opts *, const char *key,
                      const char *value) OVS_WARN_UNUSED_RESULT;
char *bond_opts_validate(const struct bond_opts *) OVS_WARN_UNUSED_RESULT;
bool bond_opts_diff(const struct bond_opts *desired,
                    const struct bond_opts *actual, struct bond_opts *diff);
void bond_opts_format(const struct bond_opts *, struct ds *);

const char *bond_opt_name(enum bond_opt);
bool bond_opt_from_name(const char *, enum bond_opt *);
const char *bond_opt_value_name(enum bond_opt, uint32_t value);
bool bond_opt_value_parse(enum bond_opt, const char *, uint32_t *value);

/* What bond_create() creates. */
struct bond_cfg {
    const char *name;           /* IFLA_IFNAME, e.g. "bond0". */
    const char *owner;          /* Ownership tag: the alias becomes
                                 * BOND_OWNER_PREFIX + 'owner'.  NULL for
                                 * no alias. */
    struct bond_opts opts;      /* Options to set at creation; the kernel's
                                 * defaults apply to the others. */
};

/* LACP.
 *
 * The bits of an LACP port state (IEEE 802.1AX "Actor_State" and
 * "Partner_State"; AD_STATE_* in the kernel's include/net/bond_3ad.h). */
enum {
    BOND_LACP_ST_ACTIVITY = 0x01,       /* Active LACP (else passive). */
    BOND_LACP_ST_TIMEOUT = 0x02,        /* Short (fast) timeout. */
    BOND_LACP_ST_AGGREGATION = 0x04,    /* Aggregatable. */
    BOND_LACP_ST_SYNCHRONIZATION = 0x08, /* In sync with the aggregator. */
    BOND_LACP_ST_COLLECTING = 0x10,     /* Collecting (receiving). */
    BOND_LACP_ST_DISTRIBUTING = 0x20,   /* Distributing (sending). */
    BOND_LACP_ST_DEFAULTED = 0x40,      /* Using default partner info: no
                                         * LACPDU from the partner. */
    BOND_LACP_ST_EXPIRED = 0x80,        /* Partner info expired. */
};

/* An LACP port state, decoded. */
struct bond_lacp_state {
    bool activity;
    bool timeout;
    bool aggregation;
    bool synchronization;
    bool collecting;
    bool distributing;
    bool defaulted;
    bool expired;
};

struct bond_lacp_state bond_lacp_state_decode(uint8_t state);
void bond_lacp_state_format(uint8_t state, struct ds *);

/* Links.
 *
 * Values of bond_slave_info's 'state' (BOND_STATE_* in
 * <linux/if_bonding.h>) and 'mii_status' (BOND_LINK_*). */
enum {
    BOND_SLAVE_ACTIVE = 0,
    BOND_SLAVE_BACKUP = 1,
};
enum {
    BOND_MII_UP = 0,            /* Link up. */
    BOND_MII_FAIL = 1,          /* Going down (within downdelay). */
    BOND_MII_DOWN = 2,          /* Link down. */
    BOND_MII_BACK = 3,          /* Going back up (within updelay). */
};

/* Presence bits of 'struct bond_slave_info'. */
enum {
    BOND_SLAVE_HAS_STATE = 1 << 0,
    BOND_SLAVE_HAS_MII_STATUS = 1 << 1,
    BOND_SLAVE_HAS_LINK_FAILURE_COUNT = 1 << 2,
    BOND_SLAVE_HAS_PERM_HWADDR = 1 << 3,
    BOND_SLAVE_HAS_QUEUE_ID = 1 << 4,
    BOND_SLAVE_HAS_AD_AGGREGATOR_ID = 1 << 5,
    BOND_SLAVE_HAS_AD_ACTOR_STATE = 1 << 6,
    BOND_SLAVE_HAS_AD_PARTNER_STATE = 1 << 7,
};

/* The bonding driver's view of one slave (IFLA_INFO_SLAVE_DATA, what
 * "ip -d link show SLAVE" prints after "bond_slave").  A value is valid only
 * if its BOND_SLAVE_HAS_* bit is set in 'present'.  The kernel reports the
 * AD_* values only in 802.3ad mode, once the slave has an aggregator. */
struct bond_slave_info {
    uint32_t present;                   /* BOND_SLAVE_HAS_* bits. */
    uint8_t state;                      /* BOND_SLAVE_ACTIVE or _BACKUP. */
    uint8_t mii_status;                 /* BOND_MII_*. */
    uint32_t link_failure_count;
    uint8_t perm_hwaddr[BOND_HWADDR_MAX];
    size_t perm_hwaddr_len;
    uint16_t queue_id;
    uint16_t ad_aggregator_id;
    uint8_t ad_actor_oper_port_state;   /* BOND_LACP_ST_* bits. */
    uint8_t ad_partner_oper_port_state; /* BOND_LACP_ST_* bits. */
};

/* The bond's active 802.3ad aggregator (IFLA_BOND_AD_INFO). */
struct bond_ad_info {
    bool present;               /* False outside 802.3ad, or before the
                                 * bond has an active aggregator. */
    uint16_t aggregator_id;
    uint16_t num_ports;
    uint16_t actor_key;
    uint16_t partner_key;
    uint8_t partner_mac[6];     /* All-zeros without an LACP partner. */
};

/* One RTM_NEWLINK message, as bond_parse_link_msg() reads it.  Plain data
 * without pointers: it may be copied with '=' and freed with free(). */
struct bond_link {
    int ifindex;
    char ifname[BOND_IFNAMSIZ];         /* IFLA_IFNAME. */
    unsigned int flags;                 /* ifi_flags: IFF_UP etc. */
    bool operstate_present;
    uint8_t operstate;                  /* IFLA_OPERSTATE, IF_OPER_*. */
    int master;                         /* IFLA_MASTER, 0 if none. */
    char ifalias[BOND_IFALIAS_SIZE];    /* IFLA_IFALIAS, "" if none. */
    char kind[BOND_KIND_SIZE];          /* IFLA_INFO_KIND, "" if none. */
    char slave_kind[BOND_KIND_SIZE];    /* IFLA_INFO_SLAVE_KIND, or "". */

    /* If 'kind' is "bond": the options in IFLA_INFO_DATA that this module
     * manages (the kernel reports all but PRIMARY, which it reports only
     * while the primary is a slave), the active slave (0 if none) and the
     * active aggregator. */
    struct bond_opts opts;
    int active_slave;
    struct bond_ad_info ad_info;

    /* If 'slave_kind' is "bond": IFLA_INFO_SLAVE_DATA. */
    struct bond_slave_info slave;
};

bool bond_link_is_bond(const struct bond_link *);
bool bond_link_is_bond_slave(const struct bond_link *);

/* A bond, as bond_get() reads it. */
struct bond_state {
    int ifindex;
    char ifname[BOND_IFNAMSIZ];
    unsigned int flags;                 /* IFF_* flags. */
    bool up;                            /* IFF_UP: administratively up. */
    uint8_t operstate;                  /* IF_OPER_*, IF_OPER_UNKNOWN (0)
                                         * if not reported. */
    char ifalias[BOND_IFALIAS_SIZE];    /* "" if none. */
    struct bond_opts opts;              /* As the kernel reports them. */
    int active_slave;                   /* 0 if none. */
    struct bond_ad_info ad_info;
    size_t n_slaves;                    /* Links whose master it is. */
};

/* A slave of a bond, as bond_slaves_dump() reads it.  Plain data. */
struct bond_slave {
    int ifindex;
    char ifname[BOND_IFNAMSIZ];
    int master;                         /* The bond's ifindex. */
    unsigned int flags;                 /* IFF_* flags. */
    uint8_t operstate;                  /* IF_OPER_*. */
    struct bond_slave_info info;
};

bool bond_lacp_negotiated(const struct bond_slave *slaves, size_t n);

/* Fills 'slave' with what 'link', a bond slave's RTM_NEWLINK, says of it. */
void bond_slave_from_link(const struct bond_link *link,
                          struct bond_slave *slave);

void bond_slave_format(const struct bond_slave *, struct ds *);

/* Names. */

const char *bond_operstate_name(uint8_t operstate);
const char *bond_slave_state_name(uint8_t state);
const char *bond_mii_status_name(uint8_t mii_status);

/* Ownership tags and kernel messages. */

char *bond_owner_alias(const char *owner);
const char *bond_owner_from_alias(const char *ifalias);
bool bond_extack_lag_refused(const char *extack);

/* Rules for changes. */

int bond_check_change(const struct bond_state *, const struct bond_opts *diff,
                      char **msg);

/* Operations (blocking; each opens its own rtnetlink socket). */

int bond_create(const struct bond_cfg *, int *ifindexp, char **extack);
int bond_get(const char *name, int ifindex, struct bond_state *,
             char **extack);
int bond_change(int ifindex, const struct bond_opts *, char **extack);
int bond_set_owner(int ifindex, const char *owner, char **extack);
int bond_enslave(int slave_ifindex, int bond_ifindex, char **extack);
int bond_release(int slave_ifindex, char **extack);
int bond_delete(int ifindex, char **extack);
int bond_slaves_dump(int bond_ifindex, struct bond_slave **slavesp,
                     size_t *n_slavesp, char **extack);
int bond_link_get(const char *name, int ifindex, struct bond_link *,
                  char **extack);
int bond_link_set_up(int ifindex, bool up, char **extack);
int bond_link_ifindex(const char *name, int *ifindexp);
int bond_link_name(int ifindex, char name[BOND_IFNAMSIZ]);

/* Message builders (no I/O). */

struct nlmsghdr *bond_build_create(char *buf, const struct bond_cfg *);
struct nlmsghdr *bond_build_change(char *buf, int ifindex,
                                   const struct bond_opts *);
struct nlmsghdr *bond_build_set_alias(char *buf, int ifindex,
                                      const char *alias);
struct nlmsghdr *bond_build_enslave(char *buf, int slave_ifindex,
                                    int bond_ifindex);
struct nlmsghdr *bond_build_release(char *buf, int slave_ifindex);
struct nlmsghdr *bond_build_delete(char *buf, int ifindex);
struct nlmsghdr *bond_build_set_up(char *buf, int ifindex, bool up);
struct nlmsghdr *bond_build_get(char *buf, const char *name, int ifindex);
struct nlmsghdr *bond_build_slaves_dump(char *buf, int bond_ifindex);

/* Message parsers (no I/O). */

int bond_parse_link_msg(const struct nlmsghdr *, struct bond_link *);
int bond_slaves_feed(int bond_ifindex, const void *buf, size_t len,
                     struct bond_slave **slavesp, size_t *n_slavesp,
                     bool *done, char **extack);

#endif /* bond.h */
