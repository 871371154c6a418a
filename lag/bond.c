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

#include "lag/bond.h"

#include <errno.h>
#include <inttypes.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "netlink/nl-mnl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(lag_bond);

/* This module talks to the kernel with libmnl, because it needs the text of
 * the kernel's extended acks.  It must not include OVS's "netlink.h" or
 * "netlink-socket.h": their definitions clash with libmnl's.  It must not
 * include <linux/if_bonding.h> or <linux/if.h> either, which clash with
 * <net/if.h>: bond.h defines the few bonding values it needs. */

BUILD_ASSERT_DECL(BOND_IFNAMSIZ == IFNAMSIZ);
BUILD_ASSERT_DECL(BOND_OPT_MAX <= 32);

/* Attempts at a slave dump that the kernel flags as interrupted by a
 * concurrent change (NLM_F_DUMP_INTR). */
#define DUMP_ATTEMPTS 3

/* IF_OPER_* (RFC 2863 operational states), from <linux/if.h>. */
#define OPERSTATE_MAX 6

/* The option model. */

static const char *const mode_names[] = {
    [BOND_M_BALANCE_RR] = "balance-rr",
    [BOND_M_ACTIVE_BACKUP] = "active-backup",
    [BOND_M_BALANCE_XOR] = "balance-xor",
    [BOND_M_BROADCAST] = "broadcast",
    [BOND_M_8023AD] = "802.3ad",
    [BOND_M_BALANCE_TLB] = "balance-tlb",
    [BOND_M_BALANCE_ALB] = "balance-alb",
};

static const char *const xmit_hash_policy_names[] = {
    [BOND_XHP_LAYER2] = "layer2",
    [BOND_XHP_LAYER34] = "layer3+4",
    [BOND_XHP_LAYER23] = "layer2+3",
    [BOND_XHP_ENCAP23] = "encap2+3",
    [BOND_XHP_ENCAP34] = "encap3+4",
    [BOND_XHP_VLAN_SRCMAC] = "vlan+srcmac",
};

static const char *const lacp_rate_names[] = {
    [BOND_LACP_SLOW] = "slow",
    [BOND_LACP_FAST] = "fast",
};

static const char *const ad_select_names[] = {
    [BOND_ADS_STABLE] = "stable",
    [BOND_ADS_BANDWIDTH] = "bandwidth",
    [BOND_ADS_COUNT] = "count",
    [BOND_ADS_ACTOR_PORT_PRIO] = "actor_port_prio",
};

/* How each option travels: its IFLA_BOND_* attribute and width (the types
 * of the kernel's bond_policy[] in drivers/net/bonding/bond_netlink.c), its
 * range and, for enumerations, the names of its values.  The kernel keeps
 * the integer options in 'int's and refuses larger values, so they top out
 * at INT32_MAX. */
struct opt_info {
    const char *name;           /* "ip link ... type bond" keyword. */
    uint16_t attr;              /* IFLA_BOND_*. */
    uint8_t width;              /* 1 (u8) or 4 (u32) bytes. */
    uint32_t max;               /* Largest valid value. */
    const char *const *values;  /* Value names, or NULL. */
};

#define ENUM_OPT(NAME, ATTR, NAMES)                                     \
    { NAME, ATTR, 1, ARRAY_SIZE(NAMES) - 1, NAMES }
#define U32_OPT(NAME, ATTR) { NAME, ATTR, 4, INT32_MAX, NULL }

static const struct opt_info opt_infos[BOND_OPT_MAX] = {
    [BOND_OPT_MODE] = ENUM_OPT("mode", IFLA_BOND_MODE, mode_names),
    [BOND_OPT_MIIMON] = U32_OPT("miimon", IFLA_BOND_MIIMON),
    [BOND_OPT_UPDELAY] = U32_OPT("updelay", IFLA_BOND_UPDELAY),
    [BOND_OPT_DOWNDELAY] = U32_OPT("downdelay", IFLA_BOND_DOWNDELAY),
    [BOND_OPT_PRIMARY] = U32_OPT("primary", IFLA_BOND_PRIMARY),
    [BOND_OPT_XMIT_HASH_POLICY] = ENUM_OPT("xmit_hash_policy",
                                           IFLA_BOND_XMIT_HASH_POLICY,
                                           xmit_hash_policy_names),
    [BOND_OPT_MIN_LINKS] = U32_OPT("min_links", IFLA_BOND_MIN_LINKS),
    [BOND_OPT_LACP_RATE] = ENUM_OPT("lacp_rate", IFLA_BOND_AD_LACP_RATE,
                                    lacp_rate_names),
    [BOND_OPT_AD_SELECT] = ENUM_OPT("ad_select", IFLA_BOND_AD_SELECT,
                                    ad_select_names),
};

static uint32_t
opt_bit(enum bond_opt opt)
{
    return UINT32_C(1) << opt;
}

/* Initializes 'opts' to hold no option, like a bare "ip link add NAME type
 * bond" that leaves every option at the kernel's default. */
void
bond_opts_init(struct bond_opts *opts)
{
    memset(opts, 0, sizeof *opts);
}

/* Returns true if 'opts' sets option 'opt', i.e. if "ip link set BOND type
 * bond ..." built from 'opts' would carry the keyword of 'opt'. */
bool
bond_opts_has(const struct bond_opts *opts, enum bond_opt opt)
{
    return opt < BOND_OPT_MAX && (opts->present & opt_bit(opt));
}

/* Returns the value of option 'opt' in 'opts' (e.g. the 100 in "miimon 100"
 * of "ip -d link show BOND"), or 0 if 'opts' does not set it. */
uint32_t
bond_opts_get(const struct bond_opts *opts, enum bond_opt opt)
{
    return bond_opts_has(opts, opt) ? opts->values[opt] : 0;
}

/* Sets option 'opt' of 'opts' to 'value' ("ip link set BOND type bond
 * <opt> <value>" once sent).  Returns 0, or EINVAL if 'value' is out of
 * range for 'opt' (e.g. a mode above BOND_M_BALANCE_ALB), leaving 'opts'
 * unchanged. */
int
bond_opts_set(struct bond_opts *opts, enum bond_opt opt, uint32_t value)
{
    if (opt >= BOND_OPT_MAX || value > opt_infos[opt].max) {
        return EINVAL;
    }
    opts->present |= opt_bit(opt);
    opts->values[opt] = value;
    return 0;
}

/* Removes option 'opt' from 'opts', so that "ip link set BOND type bond
 * ..." built from it leaves 'opt' alone. */
void
bond_opts_unset(struct bond_opts *opts, enum bond_opt opt)
{
    if (opt < BOND_OPT_MAX) {
        opts->present &= ~opt_bit(opt);
        opts->values[opt] = 0;
    }
}

/* Returns true if 'opts' sets no option (nothing to say after "ip link set
 * BOND type bond"). */
bool
bond_opts_is_empty(const struct bond_opts *opts)
{
    return !(opts->present & (opt_bit(BOND_OPT_MAX) - 1));
}

/* Returns the "ip link add ... type bond" keyword of 'opt' ("mode",
 * "miimon", "lacp_rate", ...), or "unknown". */
const char *
bond_opt_name(enum bond_opt opt)
{
    return opt < BOND_OPT_MAX ? opt_infos[opt].name : "unknown";
}

/* Stores in '*opt' the option whose "ip link ... type bond" keyword is
 * 'name' (see bond_opt_name()) and returns true, or returns false if there
 * is none. */
bool
bond_opt_from_name(const char *name, enum bond_opt *opt)
{
    for (int i = 0; i < BOND_OPT_MAX; i++) {
        if (!strcmp(name, opt_infos[i].name)) {
            *opt = i;
            return true;
        }
    }
    return false;
}

/* Returns the name that "ip -d link show" prints for 'value' of an
 * enumerated option 'opt' (e.g. "802.3ad" for BOND_OPT_MODE 4, "layer3+4"
 * for BOND_OPT_XMIT_HASH_POLICY 1, "fast" for BOND_OPT_LACP_RATE 1), or NULL
 * if 'opt' is numeric or 'value' has no name. */
const char *
bond_opt_value_name(enum bond_opt opt, uint32_t value)
{
    if (opt >= BOND_OPT_MAX || !opt_infos[opt].values
        || value > opt_infos[opt].max) {
        return NULL;
    }
    return opt_infos[opt].values[value];
}

/* Parses 's' as a value of option 'opt' into '*value', as "ip link add ...
 * type bond <opt> <s>" would: a name for an enumerated option (as
 * bond_opt_value_name() returns) or, as the kernel also accepts, its decimal
 * value; a decimal number for the others.  Unlike iproute2, "primary" takes
 * an ifindex, not a name: resolve names with bond_link_ifindex().  Returns
 * true if successful, false if 's' is not a valid value. */
bool
bond_opt_value_parse(enum bond_opt opt, const char *s, uint32_t *value)
{
    const struct opt_info *info;
    unsigned int n;

    if (opt >= BOND_OPT_MAX) {
        return false;
    }
    info = &opt_infos[opt];
    if (info->values) {
        for (uint32_t i = 0; i <= info->max; i++) {
            if (!strcmp(s, info->values[i])) {
                *value = i;
                return true;
            }
        }
    }
    if (s[0] >= '0' && s[0] <= '9' && str_to_uint(s, 10, &n)
        && n <= info->max) {
        *value = n;
        return true;
    }
    return false;
}

/* Appends to 's' the values that option 'opt' accepts. */
static void
format_opt_range(enum bond_opt opt, struct ds *s)
{
    const struct opt_info *info = &opt_infos[opt];

    if (info->values) {
        ds_put_cstr(s, "one of ");
        for (uint32_t i = 0; i <= info->max; i++) {
            ds_put_format(s, "%s%s", i ? ", " : "", info->values[i]);
        }
    } else {
        ds_put_format(s, "an integer from 0 to %"PRIu32, info->max);
    }
}

/* Sets the option of 'opts' whose keyword is 'key' (see bond_opt_name()) to
 * the value in string 'value' (see bond_opt_value_parse()), e.g. "mode"
 * "802.3ad", "miimon" "100", "xmit_hash_policy" "layer3+4", as in "ip link
 * add BOND type bond mode 802.3ad miimon 100 xmit_hash_policy layer3+4".
 * Returns NULL if successful, otherwise a malloc'd error message, which the
 * caller must free, leaving 'opts' unchanged. */
char *
bond_opts_parse(struct bond_opts *opts, const char *key, const char *value)
{
    enum bond_opt opt;
    uint32_t v;

    if (!bond_opt_from_name(key, &opt)) {
        struct ds s = DS_EMPTY_INITIALIZER;

        ds_put_format(&s, "unknown bond option \"%s\" (expected one of ",
                      key);
        for (int i = 0; i < BOND_OPT_MAX; i++) {
            ds_put_format(&s, "%s%s", i ? ", " : "", opt_infos[i].name);
        }
        ds_put_char(&s, ')');
        return ds_steal_cstr(&s);
    }
    if (!bond_opt_value_parse(opt, value, &v)) {
        struct ds s = DS_EMPTY_INITIALIZER;

        ds_put_format(&s, "invalid value \"%s\" for bond option %s "
                      "(expected ", value, key);
        format_opt_range(opt, &s);
        ds_put_char(&s, ')');
        return ds_steal_cstr(&s);
    }
    bond_opts_set(opts, opt, v);
    return NULL;
}

static bool
mode_has_primary(uint32_t mode)
{
    return (mode == BOND_M_ACTIVE_BACKUP || mode == BOND_M_BALANCE_TLB
            || mode == BOND_M_BALANCE_ALB);
}

static const char *
mode_name(uint32_t mode)
{
    const char *name = bond_opt_value_name(BOND_OPT_MODE, mode);

    return name ? name : "unknown";
}

/* Checks the options that 'opts' sets against each other, with the rules of
 * the kernel's drivers/net/bonding/bond_options.c that would otherwise fail
 * "ip link add/set ... type bond" built from 'opts', or silently store a
 * value other than the one asked for:
 *
 *   - every value must be in range;
 *
 *   - "lacp_rate" needs mode 802.3ad, "primary" (other than 0) needs mode
 *     active-backup, balance-tlb or balance-alb (the kernel fails the
 *     request with EACCES, "option not supported in mode");
 *
 *   - "updelay" and "downdelay" (other than 0) need a nonzero "miimon"
 *     (otherwise EPERM), and must be multiples of it: the kernel stores them
 *     as multiples of miimon, rounding down, so another value would never
 *     read back as set.
 *
 * Each rule applies only when 'opts' sets all the options it involves.
 * Returns NULL if 'opts' is consistent, otherwise a malloc'd explanation,
 * which the caller must free. */
char *
bond_opts_validate(const struct bond_opts *opts)
{
    static const enum bond_opt delays[] = {
        BOND_OPT_UPDELAY, BOND_OPT_DOWNDELAY,
    };
    bool has_mode = bond_opts_has(opts, BOND_OPT_MODE);
    uint32_t mode = bond_opts_get(opts, BOND_OPT_MODE);

    for (int i = 0; i < BOND_OPT_MAX; i++) {
        if (bond_opts_has(opts, i) && opts->values[i] > opt_infos[i].max) {
            struct ds s = DS_EMPTY_INITIALIZER;

            ds_put_format(&s, "bond option %s: value %"PRIu32" is out of "
                          "range (expected ", opt_infos[i].name,
                          opts->values[i]);
            format_opt_range(i, &s);
            ds_put_char(&s, ')');
            return ds_steal_cstr(&s);
        }
    }

    if (has_mode && mode != BOND_M_8023AD
        && bond_opts_has(opts, BOND_OPT_LACP_RATE)) {
        return xasprintf("bond option lacp_rate applies to mode 802.3ad "
                         "only, not to mode %s", mode_name(mode));
    }
    if (has_mode && !mode_has_primary(mode)
        && bond_opts_get(opts, BOND_OPT_PRIMARY)) {
        return xasprintf("bond option primary applies to modes "
                         "active-backup, balance-tlb and balance-alb only, "
                         "not to mode %s", mode_name(mode));
    }

    if (bond_opts_has(opts, BOND_OPT_MIIMON)) {
        uint32_t miimon = bond_opts_get(opts, BOND_OPT_MIIMON);

        for (size_t i = 0; i < ARRAY_SIZE(delays); i++) {
            uint32_t delay = bond_opts_get(opts, delays[i]);
            const char *name = bond_opt_name(delays[i]);

            if (!delay) {
                continue;
            } else if (!miimon) {
                return xasprintf("bond option %s %"PRIu32" needs miimon: "
                                 "the kernel refuses link delays while MII "
                                 "monitoring is off (miimon 0)", name,
                                 delay);
            } else if (delay % miimon) {
                return xasprintf("bond option %s %"PRIu32" is not a "
                                 "multiple of miimon %"PRIu32": the kernel "
                                 "would round it down to %"PRIu32, name,
                                 delay, miimon, delay / miimon * miimon);
            }
        }
    }
    return NULL;
}

/* Stores in '*diff' the options that 'desired' sets and 'actual' (e.g. what
 * "ip -d link show BOND" reports) lacks or sets to another value, and
 * returns true if there is any: what "ip link set BOND type bond ..." must
 * carry.  This is the loose comparison: options that 'desired' does not set
 * never differ.
 *
 * Two kernel behaviours are accounted for.  The kernel reports no
 * "primary" when there is none, which matches a desired "primary" of 0.
 * And it stores "updelay" and "downdelay" as multiples of "miimon", so when
 * "miimon" differs, the delays that 'desired' sets are part of the
 * difference too: the kernel applies miimon before the delays in one
 * request (bond_changelink()), so sending them again keeps them in
 * milliseconds.
 *
 * 'diff' may not be the same object as 'desired' or 'actual'. */
bool
bond_opts_diff(const struct bond_opts *desired,
               const struct bond_opts *actual, struct bond_opts *diff)
{
    bond_opts_init(diff);
    for (int i = 0; i < BOND_OPT_MAX; i++) {
        if (!bond_opts_has(desired, i)) {
            continue;
        }
        if (i == BOND_OPT_PRIMARY && !desired->values[i]
            && !bond_opts_has(actual, i)) {
            continue;
        }
        if (!bond_opts_has(actual, i)
            || actual->values[i] != desired->values[i]) {
            bond_opts_set(diff, i, desired->values[i]);
        }
    }
    if (bond_opts_has(diff, BOND_OPT_MIIMON)) {
        if (bond_opts_has(desired, BOND_OPT_UPDELAY)) {
            bond_opts_set(diff, BOND_OPT_UPDELAY,
                          desired->values[BOND_OPT_UPDELAY]);
        }
        if (bond_opts_has(desired, BOND_OPT_DOWNDELAY)) {
            bond_opts_set(diff, BOND_OPT_DOWNDELAY,
                          desired->values[BOND_OPT_DOWNDELAY]);
        }
    }
    return !bond_opts_is_empty(diff);
}

/* Appends to 's' the options that 'opts' sets, in the words of "ip -d link
 * show", e.g. "mode 802.3ad miimon 100 xmit_hash_policy layer3+4 lacp_rate
 * fast", or "none" if it sets none. */
void
bond_opts_format(const struct bond_opts *opts, struct ds *s)
{
    const char *sep = "";

    for (int i = 0; i < BOND_OPT_MAX; i++) {
        const char *name;

        if (!bond_opts_has(opts, i)) {
            continue;
        }
        name = bond_opt_value_name(i, opts->values[i]);
        if (name) {
            ds_put_format(s, "%s%s %s", sep, opt_infos[i].name, name);
        } else {
            ds_put_format(s, "%s%s %"PRIu32, sep, opt_infos[i].name,
                          opts->values[i]);
        }
        sep = " ";
    }
    if (!*sep) {
        ds_put_cstr(s, "none");
    }
}

/* Names. */

static const char *
name_lookup(const char *const names[], size_t n_names, unsigned int value)
{
    return value < n_names && names[value] ? names[value] : "unknown";
}

/* The spellings of "ip link show". */
static const char *const operstate_names[OPERSTATE_MAX + 1] = {
    "UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT",
    "UP",
};

/* The spellings of "ip -d link show" for bond slaves. */
static const char *const slave_state_names[] = {
    [BOND_SLAVE_ACTIVE] = "ACTIVE",
    [BOND_SLAVE_BACKUP] = "BACKUP",
};

static const char *const mii_status_names[] = {
    [BOND_MII_UP] = "UP",
    [BOND_MII_FAIL] = "GOING_DOWN",
    [BOND_MII_DOWN] = "DOWN",
    [BOND_MII_BACK] = "GOING_BACK",
};

/* Returns the name of operational state 'operstate' (IF_OPER_*) as "ip link
 * show" prints it ("UP", "DOWN", "LOWERLAYERDOWN", ...), or "unknown". */
const char *
bond_operstate_name(uint8_t operstate)
{
    return name_lookup(operstate_names, ARRAY_SIZE(operstate_names),
                       operstate);
}

/* Returns the name of slave state 'state' as "ip -d link show" prints it
 * ("ACTIVE", "BACKUP"), or "unknown". */
const char *
bond_slave_state_name(uint8_t state)
{
    return name_lookup(slave_state_names, ARRAY_SIZE(slave_state_names),
                       state);
}

/* Returns the name of MII status 'mii_status' as "ip -d link show" prints
 * it ("UP", "GOING_DOWN", "DOWN", "GOING_BACK"), or "unknown". */
const char *
bond_mii_status_name(uint8_t mii_status)
{
    return name_lookup(mii_status_names, ARRAY_SIZE(mii_status_names),
                       mii_status);
}

/* LACP. */

/* The names of the LACP state bits, lowest first, as "ip -d link show"
 * prints them in "ad_actor_oper_port_state_str". */
static const char *const lacp_bit_names[8] = {
    "active", "short_timeout", "aggregating", "in_sync", "collecting",
    "distributing", "defaulted", "expired",
};

/* Decodes LACP port state 'state' (BOND_LACP_ST_* bits), as the kernel
 * reports it in IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE and
 * IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE ("ip -d link show SLAVE" prints
 * the number as "ad_partner_oper_port_state 61"; also "cat
 * /sys/class/net/SLAVE/bonding_slave/ad_partner_oper_port_state"). */
struct bond_lacp_state
bond_lacp_state_decode(uint8_t state)
{
    return (struct bond_lacp_state) {
        .activity = state & BOND_LACP_ST_ACTIVITY,
        .timeout = state & BOND_LACP_ST_TIMEOUT,
        .aggregation = state & BOND_LACP_ST_AGGREGATION,
        .synchronization = state & BOND_LACP_ST_SYNCHRONIZATION,
        .collecting = state & BOND_LACP_ST_COLLECTING,
        .distributing = state & BOND_LACP_ST_DISTRIBUTING,
        .defaulted = state & BOND_LACP_ST_DEFAULTED,
        .expired = state & BOND_LACP_ST_EXPIRED,
    };
}

/* Appends to 's' LACP port state 'state' as "ip -d link show" prints it,
 * e.g. "<active,short_timeout,aggregating,in_sync,collecting,distributing>",
 * or "<>" for 0. */
void
bond_lacp_state_format(uint8_t state, struct ds *s)
{
    const char *sep = "";

    ds_put_char(s, '<');
    for (int i = 0; i < 8; i++) {
        if (state & (1u << i)) {
            ds_put_format(s, "%s%s", sep, lacp_bit_names[i]);
            sep = ",";
        }
    }
    ds_put_char(s, '>');
}

/* Returns true if the 'n' slaves in 'slaves' (from bond_slaves_dump(), "ip
 * -d link show master BOND") show a negotiated 802.3ad LAG: there is at
 * least one, they all report the same aggregator id, and each one's
 * partner state has synchronization, collecting and distributing set (what
 * a healthy LACP leg shows in "ad_partner_oper_port_state_str
 * <...,in_sync,collecting,distributing>"), and so does its actor state: on
 * Linux 6.1 the partner's bits can be set for a moment before the local
 * port starts collecting and distributing.  False in other modes, where the
 * kernel reports no aggregator. */
bool
bond_lacp_negotiated(const struct bond_slave *slaves, size_t n)
{
    const uint8_t up = (BOND_LACP_ST_SYNCHRONIZATION
                        | BOND_LACP_ST_COLLECTING
                        | BOND_LACP_ST_DISTRIBUTING);
    const uint32_t needed = (BOND_SLAVE_HAS_AD_AGGREGATOR_ID
                             | BOND_SLAVE_HAS_AD_ACTOR_STATE
                             | BOND_SLAVE_HAS_AD_PARTNER_STATE);

    if (!n) {
        return false;
    }
    for (size_t i = 0; i < n; i++) {
        const struct bond_slave_info *info = &slaves[i].info;

        if ((info->present & needed) != needed
            || info->ad_aggregator_id != slaves[0].info.ad_aggregator_id
            || (info->ad_partner_oper_port_state & up) != up
            || (info->ad_actor_oper_port_state & up) != up) {
            return false;
        }
    }
    return true;
}

/* Appends to 's' a one-line description of 'slave' in the words of "ip -d
 * link show SLAVE", e.g. "ens1f0np0 (ifindex 4) master 6 operstate UP state
 * ACTIVE mii_status UP link_failure_count 0 perm_hwaddr 0c:42:a1:00:00:01
 * queue_id 0 ad_aggregator_id 1 ad_actor_oper_port_state <...>
 * ad_partner_oper_port_state <...>".  Absent values are left out. */
void
bond_slave_format(const struct bond_slave *slave, struct ds *s)
{
    const struct bond_slave_info *info = &slave->info;

    ds_put_format(s, "%s (ifindex %d) master %d operstate %s", slave->ifname,
                  slave->ifindex, slave->master,
                  bond_operstate_name(slave->operstate));
    if (info->present & BOND_SLAVE_HAS_STATE) {
        ds_put_format(s, " state %s", bond_slave_state_name(info->state));
    }
    if (info->present & BOND_SLAVE_HAS_MII_STATUS) {
        ds_put_format(s, " mii_status %s",
                      bond_mii_status_name(info->mii_status));
    }
    if (info->present & BOND_SLAVE_HAS_LINK_FAILURE_COUNT) {
        ds_put_format(s, " link_failure_count %"PRIu32,
                      info->link_failure_count);
    }
    if (info->present & BOND_SLAVE_HAS_PERM_HWADDR) {
        ds_put_cstr(s, " perm_hwaddr ");
        for (size_t i = 0; i < info->perm_hwaddr_len; i++) {
            ds_put_format(s, "%s%02x", i ? ":" : "", info->perm_hwaddr[i]);
        }
    }
    if (info->present & BOND_SLAVE_HAS_QUEUE_ID) {
        ds_put_format(s, " queue_id %"PRIu16, info->queue_id);
    }
    if (info->present & BOND_SLAVE_HAS_AD_AGGREGATOR_ID) {
        ds_put_format(s, " ad_aggregator_id %"PRIu16,
                      info->ad_aggregator_id);
    }
    if (info->present & BOND_SLAVE_HAS_AD_ACTOR_STATE) {
        ds_put_cstr(s, " ad_actor_oper_port_state ");
        bond_lacp_state_format(info->ad_actor_oper_port_state, s);
    }
    if (info->present & BOND_SLAVE_HAS_AD_PARTNER_STATE) {
        ds_put_cstr(s, " ad_partner_oper_port_state ");
        bond_lacp_state_format(info->ad_partner_oper_port_state, s);
    }
}

/* Ownership tags and kernel messages. */

/* Returns the interface alias that marks a bond as owned by 'owner',
 * BOND_OWNER_PREFIX followed by 'owner' (e.g. "ovs-offload:ovs-offload", as
 * in "ip link set BOND alias ovs-offload:ovs-offload"), malloc'd, which the
 * caller must free. */
char *
bond_owner_alias(const char *owner)
{
    return xasprintf("%s%s", BOND_OWNER_PREFIX, owner);
}

/* Returns the owner named in interface alias 'ifalias' (what "ip link show
 * BOND" prints after "alias"): the part after BOND_OWNER_PREFIX, pointing
 * into 'ifalias', or NULL if 'ifalias' is NULL or is not an ownership tag of
 * this module. */
const char *
bond_owner_from_alias(const char *ifalias)
{
    size_t len = strlen(BOND_OWNER_PREFIX);

    return (ifalias && !strncmp(ifalias, BOND_OWNER_PREFIX, len)
            ? ifalias + len : NULL);
}

/* Returns true if 'extack', a kernel message returned by bond_enslave() (it
 * may be NULL), is mlx5's refusal to offload the bond as a LAG, which "ip
 * link set PF master BOND" prints as "Warning: mlx5_core: ...": "Can't
 * activate LAG offload, TX type isn't supported" (a bond mode other than
 * active-backup, balance-xor and 802.3ad) or "Can't activate LAG offload,
 * PF is configured with more than 64 VFs" (the LAG is not ready; the text
 * can mislead on current kernels).  mlx5 attaches these as warnings to a
 * successful enslave, so the enslave itself succeeds; the bond works, but
 * in software only. */
bool
bond_extack_lag_refused(const char *extack)
{
    return extack && strstr(extack, "Can't activate LAG offload");
}

/* Rules for changes. */

/* Checks whether the kernel will accept changing the options in 'diff'
 * (from bond_opts_diff()) on the bond in 'state' (from bond_get()), i.e.
 * "ip link set BOND type bond <diff>", with the rules of the kernel's
 * drivers/net/bonding/bond_options.c:
 *
 *   - "mode" changes only while the bond is down and has no slaves
 *     (BOND_OPTFLAG_IFDOWN | BOND_OPTFLAG_NOSLAVES; the kernel answers
 *     EBUSY or ENOTEMPTY): bring it down and release its slaves first;
 *
 *   - "lacp_rate" and "ad_select" change only while the bond is down
 *     (BOND_OPTFLAG_IFDOWN);
 *
 *   - "lacp_rate" and "primary" need a suitable mode, the one that 'diff'
 *     sets or else the bond's current one (see bond_opts_validate()).
 *
 * Returns 0 if the change may go ahead, EBUSY for a state rule and EINVAL
 * for a mode rule.  On error stores in '*msg' (if 'msg' is nonnull) a
 * malloc'd explanation, which the caller must free; otherwise NULL. */
int
bond_check_change(const struct bond_state *state,
                  const struct bond_opts *diff, char **msg)
{
    static const enum bond_opt ifdown_opts[] = {
        BOND_OPT_LACP_RATE, BOND_OPT_AD_SELECT,
    };
    char *error = NULL;
    int code = 0;

    if (bond_opts_has(diff, BOND_OPT_MODE)
        && (state->up || state->n_slaves)) {
        struct ds s = DS_EMPTY_INITIALIZER;

        ds_put_format(&s, "cannot change the mode of bond %s", state->ifname);
        if (bond_opts_has(&state->opts, BOND_OPT_MODE)) {
            ds_put_format(&s, " from %s",
                          mode_name(state->opts.values[BOND_OPT_MODE]));
        }
        ds_put_format(&s, " to %s while it is %s",
                      mode_name(diff->values[BOND_OPT_MODE]),
                      state->up ? "up" : "down");
        if (state->n_slaves) {
            ds_put_format(&s, " and has %"PRIuSIZE" slave%s",
                          state->n_slaves, state->n_slaves == 1 ? "" : "s");
        }
        ds_put_cstr(&s, ": the kernel changes a bond's mode only while it "
                    "is down and has no slaves");
        error = ds_steal_cstr(&s);
        code = EBUSY;
    }
    for (size_t i = 0; !error && i < ARRAY_SIZE(ifdown_opts); i++) {
        if (bond_opts_has(diff, ifdown_opts[i]) && state->up) {
            error = xasprintf("cannot change %s of bond %s while it is up: "
                              "the kernel changes it only while the bond is "
                              "down", opt_infos[ifdown_opts[i]].name,
                              state->ifname);
            code = EBUSY;
        }
    }
    if (!error) {
        /* The mode rules, against the mode the bond will have.  The
         * kernel's other values need no checks. */
        static const enum bond_opt mode_opts[] = {
            BOND_OPT_LACP_RATE, BOND_OPT_PRIMARY,
        };
        struct bond_opts merged;

        bond_opts_init(&merged);
        if (bond_opts_has(diff, BOND_OPT_MODE)) {
            bond_opts_set(&merged, BOND_OPT_MODE,
                          diff->values[BOND_OPT_MODE]);
        } else if (bond_opts_has(&state->opts, BOND_OPT_MODE)) {
            bond_opts_set(&merged, BOND_OPT_MODE,
                          state->opts.values[BOND_OPT_MODE]);
        }
        for (size_t i = 0; i < ARRAY_SIZE(mode_opts); i++) {
            if (bond_opts_has(diff, mode_opts[i])) {
                bond_opts_set(&merged, mode_opts[i],
                              diff->values[mode_opts[i]]);
            }
        }
        error = bond_opts_validate(&merged);
        if (error) {
            code = EINVAL;
        }
    }

    if (msg) {
        *msg = error;
    } else {
        free(error);
    }
    return code;
}

/* Attribute policies (see struct nl_mnl_policy).
 *
 * One entry per attribute this module reads, indexed by attribute type.
 * Attributes without an entry are ignored, so that this code keeps working
 * on kernels newer than its headers; one with an entry but the wrong length
 * or, for strings, no null terminator makes the whole message invalid
 * (EINVAL).  The comments give the Linux release in which each attribute
 * appeared, as far as the kernel history was checked; a kernel that
 * predates one simply omits it. */
static const struct nl_mnl_policy ifla_policy[] = {
    /* Linux v2.6.12. */
    [IFLA_IFNAME] = { .type = MNL_TYPE_NUL_STRING, .name = "IFNAME",
                      .max_len = IFNAMSIZ },
    [IFLA_MASTER] = { .type = MNL_TYPE_U32, .name = "MASTER" },

    /* Linux v2.6.17. */
    [IFLA_OPERSTATE] = { .type = MNL_TYPE_U8, .name = "OPERSTATE" },

    /* Linux v2.6.23. */
    [IFLA_LINKINFO] = { .type = MNL_TYPE_NESTED, .name = "LINKINFO" },

    /* Linux v2.6.28. */
    [IFLA_IFALIAS] = { .type = MNL_TYPE_NUL_STRING, .name = "IFALIAS",
                       .max_len = BOND_IFALIAS_SIZE },
};

static const struct nl_mnl_policy linkinfo_policy[] = {
    /* Linux v2.6.23. */
    [IFLA_INFO_KIND] = { .type = MNL_TYPE_NUL_STRING, .name = "INFO_KIND" },
    [IFLA_INFO_DATA] = { .type = MNL_TYPE_NESTED, .name = "INFO_DATA" },

    /* Linux v3.14. */
    [IFLA_INFO_SLAVE_KIND] = { .type = MNL_TYPE_NUL_STRING,
                               .name = "INFO_SLAVE_KIND" },
    [IFLA_INFO_SLAVE_DATA] = { .type = MNL_TYPE_NESTED,
                               .name = "INFO_SLAVE_DATA" },
};

static const struct nl_mnl_policy bond_policy[] = {
    /* Linux v3.13: bonding over rtnetlink; the rest in v3.14. */
    [IFLA_BOND_MODE] = { .type = MNL_TYPE_U8, .name = "BOND_MODE" },
    [IFLA_BOND_ACTIVE_SLAVE] = { .type = MNL_TYPE_U32,
                                 .name = "BOND_ACTIVE_SLAVE" },
    [IFLA_BOND_MIIMON] = { .type = MNL_TYPE_U32, .name = "BOND_MIIMON" },
    [IFLA_BOND_UPDELAY] = { .type = MNL_TYPE_U32, .name = "BOND_UPDELAY" },
    [IFLA_BOND_DOWNDELAY] = { .type = MNL_TYPE_U32,
                              .name = "BOND_DOWNDELAY" },
    [IFLA_BOND_PRIMARY] = { .type = MNL_TYPE_U32, .name = "BOND_PRIMARY" },
    [IFLA_BOND_XMIT_HASH_POLICY] = { .type = MNL_TYPE_U8,
                                     .name = "BOND_XMIT_HASH_POLICY" },
    [IFLA_BOND_MIN_LINKS] = { .type = MNL_TYPE_U32,
                              .name = "BOND_MIN_LINKS" },
    [IFLA_BOND_AD_LACP_RATE] = { .type = MNL_TYPE_U8,
                                 .name = "BOND_AD_LACP_RATE" },
    [IFLA_BOND_AD_SELECT] = { .type = MNL_TYPE_U8,
                              .name = "BOND_AD_SELECT" },
    [IFLA_BOND_AD_INFO] = { .type = MNL_TYPE_NESTED,
                            .name = "BOND_AD_INFO" },
};

static const struct nl_mnl_policy ad_info_policy[] = {
    /* Linux v3.14. */
    [IFLA_BOND_AD_INFO_AGGREGATOR] = { .type = MNL_TYPE_U16,
                                       .name = "AD_INFO_AGGREGATOR" },
    [IFLA_BOND_AD_INFO_NUM_PORTS] = { .type = MNL_TYPE_U16,
                                      .name = "AD_INFO_NUM_PORTS" },
    [IFLA_BOND_AD_INFO_ACTOR_KEY] = { .type = MNL_TYPE_U16,
                                      .name = "AD_INFO_ACTOR_KEY" },
    [IFLA_BOND_AD_INFO_PARTNER_KEY] = { .type = MNL_TYPE_U16,
                                        .name = "AD_INFO_PARTNER_KEY" },
    [IFLA_BOND_AD_INFO_PARTNER_MAC] = { .type = MNL_TYPE_BINARY,
                                        .name = "AD_INFO_PARTNER_MAC",
                                        .min_len = 6, .max_len = 6 },
};

static const struct nl_mnl_policy slave_policy[] = {
    /* Linux v3.14. */
    [IFLA_BOND_SLAVE_STATE] = { .type = MNL_TYPE_U8,
                                .name = "BOND_SLAVE_STATE" },
    [IFLA_BOND_SLAVE_MII_STATUS] = { .type = MNL_TYPE_U8,
                                     .name = "BOND_SLAVE_MII_STATUS" },
    [IFLA_BOND_SLAVE_LINK_FAILURE_COUNT] = {
        .type = MNL_TYPE_U32, .name = "BOND_SLAVE_LINK_FAILURE_COUNT" },
    [IFLA_BOND_SLAVE_PERM_HWADDR] = { .type = MNL_TYPE_BINARY,
                                      .name = "BOND_SLAVE_PERM_HWADDR",
                                      .max_len = BOND_HWADDR_MAX },
    [IFLA_BOND_SLAVE_QUEUE_ID] = { .type = MNL_TYPE_U16,
                                   .name = "BOND_SLAVE_QUEUE_ID" },
    [IFLA_BOND_SLAVE_AD_AGGREGATOR_ID] = {
        .type = MNL_TYPE_U16, .name = "BOND_SLAVE_AD_AGGREGATOR_ID" },

    /* Later (a v4 kernel; the exact release was not checked). */
    [IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE] = {
        .type = MNL_TYPE_U8, .name = "BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE" },

    /* An 8-bit LACP state that the kernel has always sent as a u16
     * (nla_put_u16() in bond_fill_slave_info()); a u8 is accepted too. */
    [IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE] = {
        .type = MNL_TYPE_BINARY,
        .name = "BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE",
        .min_len = 1, .max_len = 2 },
};

/* Copies the string in validated attribute 'attr', if nonnull, into the
 * 'size'-byte buffer 'dst', truncating it if necessary. */
static void
attr_copy_str(const struct nlattr *attr, char *dst, size_t size)
{
    if (attr) {
        ovs_strlcpy(dst, mnl_attr_get_str(attr), size);
    }
}

/* Message builders. */

/* Starts an rtnetlink link request of type 'type' in 'buf', with an
 * ifinfomsg for 'ifindex'.  Zeroes the whole buffer first: libmnl does not
 * clear attribute padding, which would otherwise carry stale bytes to the
 * kernel. */
static struct nlmsghdr *
put_link_request(char *buf, uint16_t type, uint16_t flags, int ifindex)
{
    struct nlmsghdr *nlh = nl_mnl_put_request(buf, BOND_REQUEST_SIZE, type,
                                              flags, sizeof(struct ifinfomsg));
    struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = ifindex;
    return nlh;
}

static bool
name_ok(const char *name)
{
    return name && name[0] && strlen(name) < IFNAMSIZ;
}

/* Returns true if every option that 'opts' sets is in range. */
static bool
opts_in_range(const struct bond_opts *opts)
{
    for (int i = 0; i < BOND_OPT_MAX; i++) {
        if (bond_opts_has(opts, i) && opts->values[i] > opt_infos[i].max) {
            return false;
        }
    }
    return true;
}

/* Appends IFLA_LINKINFO { IFLA_INFO_KIND "bond", IFLA_INFO_DATA { ... } }
 * to 'nlh', with one IFLA_BOND_* attribute of the kernel's width for each
 * option that 'opts' sets, in attribute order, and no IFLA_INFO_DATA if it
 * sets none. */
static void
put_bond_linkinfo(struct nlmsghdr *nlh, const struct bond_opts *opts)
{
    struct nlattr *linkinfo, *data;

    linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
    mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "bond");
    if (!bond_opts_is_empty(opts)) {
        data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
        for (int i = 0; i < BOND_OPT_MAX; i++) {
            const struct opt_info *info = &opt_infos[i];

            if (!bond_opts_has(opts, i)) {
                continue;
            }
            if (info->width == 1) {
                mnl_attr_put_u8(nlh, info->attr, opts->values[i]);
            } else {
                mnl_attr_put_u32(nlh, info->attr, opts->values[i]);
            }
        }
        mnl_attr_nest_end(nlh, data);
    }
    mnl_attr_nest_end(nlh, linkinfo);
}

/* Builds in 'buf' the request that creates the bond 'cfg' describes ("ip
 * link add name BOND type bond mode 802.3ad miimon 100 ..."): RTM_NEWLINK
 * with NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, IFLA_IFNAME, and IFLA_LINKINFO
 * { IFLA_INFO_KIND "bond", IFLA_INFO_DATA { IFLA_BOND_* } } with the options
 * that 'cfg->opts' sets: MODE, XMIT_HASH_POLICY, AD_LACP_RATE and AD_SELECT
 * as u8s, the others as u32s.  'cfg->owner' is not part of it (see
 * bond_create()).
 *
 * Returns the message, or NULL if the name is NULL, empty or IFNAMSIZ bytes
 * or longer, or an option is out of range.
 *
 * Like every bond_build_*() function, this needs 'buf' to be
 * BOND_REQUEST_SIZE bytes, aligned for a 'struct nlmsghdr', and leaves the
 * sequence number 0. */
struct nlmsghdr *
bond_build_create(char *buf, const struct bond_cfg *cfg)
{
    struct nlmsghdr *nlh;

    if (!name_ok(cfg->name) || !opts_in_range(&cfg->opts)) {
        return NULL;
    }
    nlh = put_link_request(buf, RTM_NEWLINK,
                           NLM_F_CREATE | NLM_F_EXCL | NLM_F_ACK, 0);
    mnl_attr_put_strz(nlh, IFLA_IFNAME, cfg->name);
    put_bond_linkinfo(nlh, &cfg->opts);
    return nlh;
}

/* Builds in 'buf' the request that sets the options in 'opts' on the bond
 * with ifindex 'ifindex' ("ip link set BOND type bond miimon 200"):
 * RTM_NEWLINK with NLM_F_ACK and IFLA_LINKINFO as bond_build_create() lays
 * it out.  The kernel refuses the request with EOPNOTSUPP if the device is
 * not a bond.  Returns the message, or NULL if 'ifindex' is not positive,
 * 'opts' sets nothing or an option is out of range. */
struct nlmsghdr *
bond_build_change(char *buf, int ifindex, const struct bond_opts *opts)
{
    struct nlmsghdr *nlh;

    if (ifindex <= 0 || bond_opts_is_empty(opts) || !opts_in_range(opts)) {
        return NULL;
    }
    nlh = put_link_request(buf, RTM_NEWLINK, NLM_F_ACK, ifindex);
    put_bond_linkinfo(nlh, opts);
    return nlh;
}

/* Builds in 'buf' the request that sets the interface alias of 'ifindex'
 * to 'alias' ("ip link set DEV alias ALIAS"): RTM_NEWLINK with NLM_F_ACK
 * and IFLA_IFALIAS holding the alias without a null terminator, as iproute2
 * sends it (the kernel counts a terminator against its 255-byte limit).  An
 * empty 'alias' removes the alias.  Returns the message, or NULL if
 * 'ifindex' is not positive or 'alias' is NULL or longer than
 * BOND_IFALIAS_SIZE - 1 bytes. */
struct nlmsghdr *
bond_build_set_alias(char *buf, int ifindex, const char *alias)
{
    struct nlmsghdr *nlh;

    if (ifindex <= 0 || !alias || strlen(alias) >= BOND_IFALIAS_SIZE) {
        return NULL;
    }
    nlh = put_link_request(buf, RTM_NEWLINK, NLM_F_ACK, ifindex);
    mnl_attr_put(nlh, IFLA_IFALIAS, strlen(alias), alias);
    return nlh;
}

/* Builds in 'buf' the request that makes 'slave_ifindex' a slave of
 * 'bond_ifindex' ("ip link set SLAVE master BOND"): RTM_NEWLINK with
 * NLM_F_ACK for the slave and IFLA_MASTER (u32) the bond's ifindex.
 * Returns the message, or NULL if an ifindex is not positive or they are
 * equal. */
struct nlmsghdr *
bond_build_enslave(char *buf, int slave_ifindex, int bond_ifindex)
{
    struct nlmsghdr *nlh;

    if (slave_ifindex <= 0 || bond_ifindex <= 0
        || slave_ifindex == bond_ifindex) {
        return NULL;
    }
    nlh = put_link_request(buf, RTM_NEWLINK, NLM_F_ACK, slave_ifindex);
    mnl_attr_put_u32(nlh, IFLA_MASTER, bond_ifindex);
    return nlh;
}

/* Builds in 'buf' the request that releases 'slave_ifindex' from its master
 * ("ip link set SLAVE nomaster"): RTM_NEWLINK with NLM_F_ACK and
 * IFLA_MASTER 0.  Returns the message, or NULL if 'slave_ifindex' is not
 * positive. */
struct nlmsghdr *
bond_build_release(char *buf, int slave_ifindex)
{
    struct nlmsghdr *nlh;

    if (slave_ifindex <= 0) {
        return NULL;
    }
    nlh = put_link_request(buf, RTM_NEWLINK, NLM_F_ACK, slave_ifindex);
    mnl_attr_put_u32(nlh, IFLA_MASTER, 0);
    return nlh;
}

/* Builds in 'buf' the request that deletes 'ifindex' ("ip link del DEV"):
 * RTM_DELLINK with NLM_F_ACK.  Returns the message, or NULL if 'ifindex' is
 * not positive. */
struct nlmsghdr *
bond_build_delete(char *buf, int ifindex)
{
    return ifindex > 0 ? put_link_request(buf, RTM_DELLINK, NLM_F_ACK,
                                          ifindex) : NULL;
}

/* Builds in 'buf' the request that brings 'ifindex' administratively up or
 * down ("ip link set DEV up" or "... down"): RTM_NEWLINK with NLM_F_ACK,
 * ifi_change IFF_UP and ifi_flags IFF_UP or 0.  Returns the message, or NULL
 * if 'ifindex' is not positive. */
struct nlmsghdr *
bond_build_set_up(char *buf, int ifindex, bool up)
{
    struct ifinfomsg *ifi;
    struct nlmsghdr *nlh;

    if (ifindex <= 0) {
        return NULL;
    }
    nlh = put_link_request(buf, RTM_NEWLINK, NLM_F_ACK, ifindex);
    ifi = mnl_nlmsg_get_payload(nlh);
    ifi->ifi_flags = up ? IFF_UP : 0;
    ifi->ifi_change = IFF_UP;
    return nlh;
}

/* Builds in 'buf' the request that reads one link ("ip -d link show DEV"):
 * RTM_GETLINK with NLM_F_ACK for 'ifindex' if it is positive, otherwise for
 * the link named 'name' (IFLA_IFNAME), with IFLA_EXT_MASK
 * RTEXT_FILTER_SKIP_STATS (Linux v4.19; older kernels ignore it), which
 * leaves out the counters.  Returns the message, or NULL if 'ifindex' is not
 * positive and 'name' is NULL, empty or too long. */
struct nlmsghdr *
bond_build_get(char *buf, const char *name, int ifindex)
{
    struct nlmsghdr *nlh;

    if (ifindex <= 0 && !name_ok(name)) {
        return NULL;
    }
    nlh = put_link_request(buf, RTM_GETLINK, NLM_F_ACK,
                           ifindex > 0 ? ifindex : 0);
    if (ifindex <= 0) {
        mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
    }
    mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    return nlh;
}

/* Builds in 'buf' the request that dumps the slaves of 'bond_ifindex' ("ip
 * -d link show master BOND"): RTM_GETLINK with NLM_F_DUMP, an all-zeros
 * ifinfomsg, IFLA_EXT_MASK RTEXT_FILTER_SKIP_STATS and IFLA_MASTER (u32)
 * 'bond_ifindex', which makes the kernel (since Linux v4.5) send only the
 * links whose master that is.  Returns the message, or NULL if
 * 'bond_ifindex' is not positive. */
struct nlmsghdr *
bond_build_slaves_dump(char *buf, int bond_ifindex)
{
    struct nlmsghdr *nlh;

    if (bond_ifindex <= 0) {
        return NULL;
    }
    nlh = put_link_request(buf, RTM_GETLINK, NLM_F_DUMP, 0);
    mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    mnl_attr_put_u32(nlh, IFLA_MASTER, bond_ifindex);
    return nlh;
}

/* Message parsers. */

/* Parses IFLA_INFO_DATA of a bond into 'link'. */
static int
parse_bond_data(const struct nlattr *nest, struct bond_link *link)
{
    const struct nlattr *tb[ARRAY_SIZE(bond_policy)];
    const struct nlattr *atb[ARRAY_SIZE(ad_info_policy)];
    int error;

    error = nl_mnl_parse_nested(nest, bond_policy, ARRAY_SIZE(bond_policy),
                               tb, "bond IFLA_INFO_DATA");
    if (error) {
        return error;
    }

    for (int i = 0; i < BOND_OPT_MAX; i++) {
        const struct opt_info *info = &opt_infos[i];
        const struct nlattr *a = tb[info->attr];

        if (a) {
            /* Stored without a range check: this is what the kernel has,
             * whatever this module would accept. */
            link->opts.present |= opt_bit(i);
            link->opts.values[i] = (info->width == 1
                                    ? mnl_attr_get_u8(a)
                                    : mnl_attr_get_u32(a));
        }
    }
    if (tb[IFLA_BOND_ACTIVE_SLAVE]) {
        link->active_slave = mnl_attr_get_u32(tb[IFLA_BOND_ACTIVE_SLAVE]);
    }

    if (tb[IFLA_BOND_AD_INFO]) {
        struct bond_ad_info *ad = &link->ad_info;

        error = nl_mnl_parse_nested(tb[IFLA_BOND_AD_INFO], ad_info_policy,
                                   ARRAY_SIZE(ad_info_policy), atb,
                                   "bond IFLA_BOND_AD_INFO");
        if (error) {
            return error;
        }
        ad->present = true;
        if (atb[IFLA_BOND_AD_INFO_AGGREGATOR]) {
            ad->aggregator_id
                = mnl_attr_get_u16(atb[IFLA_BOND_AD_INFO_AGGREGATOR]);
        }
        if (atb[IFLA_BOND_AD_INFO_NUM_PORTS]) {
            ad->num_ports
                = mnl_attr_get_u16(atb[IFLA_BOND_AD_INFO_NUM_PORTS]);
        }
        if (atb[IFLA_BOND_AD_INFO_ACTOR_KEY]) {
            ad->actor_key
                = mnl_attr_get_u16(atb[IFLA_BOND_AD_INFO_ACTOR_KEY]);
        }
        if (atb[IFLA_BOND_AD_INFO_PARTNER_KEY]) {
            ad->partner_key
                = mnl_attr_get_u16(atb[IFLA_BOND_AD_INFO_PARTNER_KEY]);
        }
        if (atb[IFLA_BOND_AD_INFO_PARTNER_MAC]) {
            memcpy(ad->partner_mac,
                   mnl_attr_get_payload(atb[IFLA_BOND_AD_INFO_PARTNER_MAC]),
                   sizeof ad->partner_mac);
        }
    }
    return 0;
}

/* Parses IFLA_INFO_SLAVE_DATA of a bond slave into 'info'. */
static int
parse_slave_data(const struct nlattr *nest, struct bond_slave_info *info)
{
    const struct nlattr *tb[ARRAY_SIZE(slave_policy)];
    const struct nlattr *a;
    int error;

    error = nl_mnl_parse_nested(nest, slave_policy, ARRAY_SIZE(slave_policy),
                               tb, "bond IFLA_INFO_SLAVE_DATA");
    if (error) {
        return error;
    }

    if (tb[IFLA_BOND_SLAVE_STATE]) {
        info->present |= BOND_SLAVE_HAS_STATE;
        info->state = mnl_attr_get_u8(tb[IFLA_BOND_SLAVE_STATE]);
    }
    if (tb[IFLA_BOND_SLAVE_MII_STATUS]) {
        info->present |= BOND_SLAVE_HAS_MII_STATUS;
        info->mii_status = mnl_attr_get_u8(tb[IFLA_BOND_SLAVE_MII_STATUS]);
    }
    if (tb[IFLA_BOND_SLAVE_LINK_FAILURE_COUNT]) {
        info->present |= BOND_SLAVE_HAS_LINK_FAILURE_COUNT;
        info->link_failure_count
            = mnl_attr_get_u32(tb[IFLA_BOND_SLAVE_LINK_FAILURE_COUNT]);
    }
    a = tb[IFLA_BOND_SLAVE_PERM_HWADDR];
    if (a) {
        info->present |= BOND_SLAVE_HAS_PERM_HWADDR;
        info->perm_hwaddr_len = mnl_attr_get_payload_len(a);
        memcpy(info->perm_hwaddr, mnl_attr_get_payload(a),
               info->perm_hwaddr_len);
    }
    if (tb[IFLA_BOND_SLAVE_QUEUE_ID]) {
        info->present |= BOND_SLAVE_HAS_QUEUE_ID;
        info->queue_id = mnl_attr_get_u16(tb[IFLA_BOND_SLAVE_QUEUE_ID]);
    }
    if (tb[IFLA_BOND_SLAVE_AD_AGGREGATOR_ID]) {
        info->present |= BOND_SLAVE_HAS_AD_AGGREGATOR_ID;
        info->ad_aggregator_id
            = mnl_attr_get_u16(tb[IFLA_BOND_SLAVE_AD_AGGREGATOR_ID]);
    }
    if (tb[IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE]) {
        info->present |= BOND_SLAVE_HAS_AD_ACTOR_STATE;
        info->ad_actor_oper_port_state
            = mnl_attr_get_u8(tb[IFLA_BOND_SLAVE_AD_ACTOR_OPER_PORT_STATE]);
    }
    a = tb[IFLA_BOND_SLAVE_AD_PARTNER_OPER_PORT_STATE];
    if (a) {
        info->present |= BOND_SLAVE_HAS_AD_PARTNER_STATE;
        info->ad_partner_oper_port_state
            = (mnl_attr_get_payload_len(a) == 2
               ? mnl_attr_get_u16(a) & 0xff : mnl_attr_get_u8(a));
    }
    return 0;
}

/* Parses IFLA_LINKINFO into 'link'. */
static int
parse_linkinfo(const struct nlattr *nest, struct bond_link *link)
{
    const struct nlattr *tb[ARRAY_SIZE(linkinfo_policy)];
    int error;

    error = nl_mnl_parse_nested(nest, linkinfo_policy,
                               ARRAY_SIZE(linkinfo_policy), tb,
                               "IFLA_LINKINFO");
    if (error) {
        return error;
    }
    attr_copy_str(tb[IFLA_INFO_KIND], link->kind, sizeof link->kind);
    attr_copy_str(tb[IFLA_INFO_SLAVE_KIND], link->slave_kind,
                  sizeof link->slave_kind);

    /* The data of other kinds has other attributes under the same
     * numbers: parse only a bond's. */
    if (bond_link_is_bond(link) && tb[IFLA_INFO_DATA]) {
        error = parse_bond_data(tb[IFLA_INFO_DATA], link);
        if (error) {
            return error;
        }
    }
    if (bond_link_is_bond_slave(link) && tb[IFLA_INFO_SLAVE_DATA]) {
        error = parse_slave_data(tb[IFLA_INFO_SLAVE_DATA], &link->slave);
        if (error) {
            return error;
        }
    }
    return 0;
}

/* Parses 'nlh', one RTM_NEWLINK message (or RTM_DELLINK, which has the same
 * layout), into '*link': what "ip -d link show DEV" prints of a bond or a
 * bond slave.  Reads the ifinfomsg, IFLA_IFNAME, IFLA_OPERSTATE,
 * IFLA_MASTER, IFLA_IFALIAS and IFLA_LINKINFO; in IFLA_LINKINFO, the bond
 * options and active aggregator from IFLA_INFO_DATA if IFLA_INFO_KIND is
 * "bond", and the slave state from IFLA_INFO_SLAVE_DATA if
 * IFLA_INFO_SLAVE_KIND is "bond".  The data of other kinds is not looked at.
 *
 * Returns 0 if successful.  Returns EINVAL if the message is of another
 * type, too short for an ifinfomsg, lacks IFLA_IFNAME, has a truncated
 * attribute, or a known attribute of the wrong size (e.g. an IFLA_BOND_MODE
 * that is not a u8) or, for strings, without a terminator; then '*link' is
 * all-zeros.  Unknown attributes are ignored.  Nothing in '*link' points
 * into 'nlh'. */
int
bond_parse_link_msg(const struct nlmsghdr *nlh, struct bond_link *link)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct nlattr *tb[ARRAY_SIZE(ifla_policy)];
    const struct ifinfomsg *ifi;
    int error;

    memset(link, 0, sizeof *link);
    if (nlh->nlmsg_type != RTM_NEWLINK && nlh->nlmsg_type != RTM_DELLINK) {
        VLOG_WARN_RL(&rl, "link message of unexpected type %"PRIu16,
                     nlh->nlmsg_type);
        return EINVAL;
    }
    error = nl_mnl_parse_attrs(nlh, MNL_ALIGN(sizeof *ifi), ifla_policy,
                            ARRAY_SIZE(ifla_policy), tb, "link message");
    if (error) {
        return error;
    }
    if (!tb[IFLA_IFNAME]) {
        VLOG_WARN_RL(&rl, "link message without IFLA_IFNAME");
        return EINVAL;
    }

    ifi = mnl_nlmsg_get_payload(nlh);
    link->ifindex = ifi->ifi_index;
    link->flags = ifi->ifi_flags;
    attr_copy_str(tb[IFLA_IFNAME], link->ifname, sizeof link->ifname);
    if (tb[IFLA_OPERSTATE]) {
        link->operstate_present = true;
        link->operstate = mnl_attr_get_u8(tb[IFLA_OPERSTATE]);
    }
    if (tb[IFLA_MASTER]) {
        link->master = mnl_attr_get_u32(tb[IFLA_MASTER]);
    }
    attr_copy_str(tb[IFLA_IFALIAS], link->ifalias, sizeof link->ifalias);
    if (tb[IFLA_LINKINFO]) {
        error = parse_linkinfo(tb[IFLA_LINKINFO], link);
        if (error) {
            memset(link, 0, sizeof *link);
            return error;
        }
    }
    return 0;
}

/* Returns true if 'link' is a bond (IFLA_INFO_KIND "bond", which "ip -d
 * link show" prints as "bond mode ..."). */
bool
bond_link_is_bond(const struct bond_link *link)
{
    return !strcmp(link->kind, "bond");
}

/* Returns true if 'link' is the slave of a bond (IFLA_INFO_SLAVE_KIND
 * "bond", which "ip -d link show" prints as "bond_slave state ..."). */
bool
bond_link_is_bond_slave(const struct bond_link *link)
{
    return !strcmp(link->slave_kind, "bond");
}

void
bond_slave_from_link(const struct bond_link *link, struct bond_slave *slave)
{
    memset(slave, 0, sizeof *slave);
    slave->ifindex = link->ifindex;
    memcpy(slave->ifname, link->ifname, sizeof slave->ifname);
    slave->master = link->master;
    slave->flags = link->flags;
    slave->operstate = link->operstate;
    slave->info = link->slave;
}

static void
state_from_link(const struct bond_link *link, struct bond_state *state)
{
    memset(state, 0, sizeof *state);
    state->ifindex = link->ifindex;
    memcpy(state->ifname, link->ifname, sizeof state->ifname);
    state->flags = link->flags;
    state->up = (link->flags & IFF_UP) != 0;
    state->operstate = link->operstate;
    memcpy(state->ifalias, link->ifalias, sizeof state->ifalias);
    state->opts = link->opts;
    state->active_slave = link->active_slave;
    state->ad_info = link->ad_info;
}

/* Replies. */

struct slaves_ctx {
    int bond_ifindex;
    struct bond_slave **slavesp;
    size_t *n_slavesp;
};

static int
slaves_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    struct slaves_ctx *ctx = ctx_;
    struct bond_link link;

    if (nlh->nlmsg_type != RTM_NEWLINK) {
        return 0;
    }
    if (bond_parse_link_msg(nlh, &link)) {
        return EPROTO;
    }
    if (link.master != ctx->bond_ifindex) {
        /* Kernels before v4.5 ignore the IFLA_MASTER filter. */
        return 0;
    }
    *ctx->slavesp = xrealloc(*ctx->slavesp,
                             (*ctx->n_slavesp + 1) * sizeof **ctx->slavesp);
    bond_slave_from_link(&link, &(*ctx->slavesp)[(*ctx->n_slavesp)++]);
    return 0;
}

/* Appends to the '*n_slavesp' slaves in '*slavesp' (a malloc'd array, or
 * NULL if there are none yet) the slaves of 'bond_ifindex' in 'buf', 'len'
 * bytes received from the kernel in reply to the dump request of
 * bond_build_slaves_dump() ("ip -d link show master BOND"): one datagram,
 * which may hold several messages.
 * Links whose master is not 'bond_ifindex' are skipped.  Sets '*done' to
 * true if 'buf' ends the dump (NLMSG_DONE or an error), false if more is to
 * come.  The caller frees '*slavesp' with free().
 *
 * Returns 0 or the first error: the kernel's, EPROTO for a malformed link
 * message or a truncated message, EAGAIN if the kernel flagged the dump as
 * inconsistent (NLM_F_DUMP_INTR) because links changed meanwhile.  Stores
 * in '*extack' (if nonnull) the kernel's message or NULL, which the caller
 * must free.
 *
 * bond_slaves_dump() does the I/O; this is its parsing half. */
int
bond_slaves_feed(int bond_ifindex, const void *buf, size_t len,
                 struct bond_slave **slavesp, size_t *n_slavesp, bool *done,
                 char **extack)
{
    struct slaves_ctx ctx = {
        .bond_ifindex = bond_ifindex,
        .slavesp = slavesp,
        .n_slavesp = n_slavesp,
    };

    return nl_mnl_reply_parse(buf, len, slaves_cb, &ctx, done, extack);
}

/* Requests. */

/* Adds 'msg' (malloc'd, may be NULL) to the messages in '*text', joined
 * with "; ", and takes ownership of it. */
static void
text_add(char **text, char *msg)
{
    if (!msg) {
        return;
    }
    if (!*text) {
        *text = msg;
    } else {
        char *joined = xasprintf("%s; %s", *text, msg);

        free(*text);
        free(msg);
        *text = joined;
    }
}

/* Hands 'text' to the caller through 'extack', or frees it if 'extack' is
 * NULL. */
static void
text_finish(char *text, char **extack)
{
    if (extack) {
        *extack = text;
    } else {
        free(text);
    }
}

/* Sends 'req' on 'sock' and waits for its acknowledgement, adding the
 * kernel's message, if any, to '*text'. */
static int
transact_ack(struct mnl_socket *sock, struct nlmsghdr *req, char **text)
{
    char *msg;
    int error;

    error = nl_mnl_transact(sock, req, NULL, NULL, &msg);
    text_add(text, msg);
    return error;
}

struct link_ctx {
    struct bond_link *link;
    bool found;
};

static int
link_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    struct link_ctx *ctx = ctx_;

    if (nlh->nlmsg_type != RTM_NEWLINK || ctx->found) {
        /* Only one reply is expected; keep the first. */
        return 0;
    }
    ctx->found = true;
    return bond_parse_link_msg(nlh, ctx->link) ? EPROTO : 0;
}

/* Reads the link 'ifindex', or the link named 'name' if 'ifindex' is not
 * positive, into '*link'. */
static int
link_get__(struct mnl_socket *sock, const char *name, int ifindex,
           struct bond_link *link, char **text)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct link_ctx ctx = { .link = link };
    struct nlmsghdr *req;
    char *msg;
    int error;

    memset(link, 0, sizeof *link);
    req = bond_build_get((char *) buf, name, ifindex);
    if (!req) {
        return EINVAL;
    }
    error = nl_mnl_transact(sock, req, link_cb, &ctx, &msg);
    text_add(text, msg);
    if (!error && !ctx.found) {
        error = EPROTO;
    }
    if (error) {
        memset(link, 0, sizeof *link);
    }
    return error;
}

/* Dumps the slaves of 'bond_ifindex' into '*slavesp' and '*n_slavesp'. */
static int
slaves_dump__(struct mnl_socket *sock, int bond_ifindex,
              struct bond_slave **slavesp, size_t *n_slavesp, char **text)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    int error = EAGAIN;

    *slavesp = NULL;
    *n_slavesp = 0;
    for (int i = 0; i < DUMP_ATTEMPTS && error == EAGAIN; i++) {
        struct slaves_ctx ctx = {
            .bond_ifindex = bond_ifindex,
            .slavesp = slavesp,
            .n_slavesp = n_slavesp,
        };
        struct nlmsghdr *req;
        char *msg;

        req = bond_build_slaves_dump((char *) buf, bond_ifindex);
        if (!req) {
            return EINVAL;
        }
        free(*slavesp);
        *slavesp = NULL;
        *n_slavesp = 0;
        error = nl_mnl_transact(sock, req, slaves_cb, &ctx, &msg);
        if (error == EAGAIN) {
            free(msg);
        } else {
            text_add(text, msg);
        }
    }
    if (error) {
        free(*slavesp);
        *slavesp = NULL;
        *n_slavesp = 0;
    }
    return error;
}

/* Returns a malloc'd message saying that 'link' is not a bond. */
static char *
not_a_bond(const struct bond_link *link)
{
    return (link->kind[0]
            ? xasprintf("%s is a %s device, not a bond", link->ifname,
                        link->kind)
            : xasprintf("%s is not a bond", link->ifname));
}

/* Reads the bond 'ifindex', or the one named 'name', into '*state'. */
static int
bond_get__(struct mnl_socket *sock, const char *name, int ifindex,
           struct bond_state *state, char **text)
{
    struct bond_slave *slaves;
    struct bond_link link;
    size_t n_slaves;
    int error;

    memset(state, 0, sizeof *state);
    error = link_get__(sock, name, ifindex, &link, text);
    if (error) {
        return error;
    }
    if (!bond_link_is_bond(&link)) {
        text_add(text, not_a_bond(&link));
        return EMEDIUMTYPE;
    }
    error = slaves_dump__(sock, link.ifindex, &slaves, &n_slaves, text);
    if (error) {
        return error;
    }
    free(slaves);

    state_from_link(&link, state);
    state->n_slaves = n_slaves;
    return 0;
}

/* Operations. */

/* Creates the bond that 'cfg' describes ("ip link add name BOND type bond
 * mode 802.3ad miimon 100 ..."), down, with the options that 'cfg->opts'
 * sets and the kernel's defaults for the others and, if 'cfg->owner' is
 * nonnull, tags it as owned by 'cfg->owner' ("ip link set BOND alias
 * ovs-offload:OWNER") in a second request, because the kernel ignores an
 * alias in a creation request.  If tagging fails, deletes the bond again so
 * that no untagged bond is left behind.  Stores the new bond's ifindex in
 * '*ifindexp' (if nonnull), 0 on failure.
 *
 * Bring the bond up with bond_link_set_up() once its slaves are enslaved:
 * mlx5 wants the PFs enslaved first, and the bond up after.
 *
 * Returns 0 if successful, otherwise a positive errno value:
 *
 *   - EINVAL if 'cfg' is invalid (see bond_opts_validate()), with this
 *     module's explanation in '*extack';
 *
 *   - EEXIST if a device of that name exists;
 *
 *   - EOPNOTSUPP, with the kernel's "Unknown device type", if the kernel
 *     has no bonding driver (and cannot load the "bonding" module);
 *
 *   - another error from the kernel, e.g. EPERM without CAP_NET_ADMIN.
 *
 * Stores in '*extack' (if nonnull) the kernel's messages or NULL, which the
 * caller must free. */
int
bond_create(const struct bond_cfg *cfg, int *ifindexp, char **extack)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct mnl_socket *sock;
    struct bond_link link;
    struct nlmsghdr *req;
    char *text = NULL;
    int error;

    if (ifindexp) {
        *ifindexp = 0;
    }
    if (!name_ok(cfg->name)) {
        text = xasprintf("invalid bond name \"%s\": it must have 1 to %d "
                         "bytes", cfg->name ? cfg->name : "",
                         IFNAMSIZ - 1);
        text_finish(text, extack);
        return EINVAL;
    }
    if (cfg->owner && (strlen(BOND_OWNER_PREFIX) + strlen(cfg->owner)
                       >= BOND_IFALIAS_SIZE)) {
        text = xasprintf("bond %s: owner tag longer than %d bytes",
                         cfg->name, BOND_IFALIAS_SIZE - 1);
        text_finish(text, extack);
        return EINVAL;
    }
    text = bond_opts_validate(&cfg->opts);
    if (text) {
        text_finish(text, extack);
        return EINVAL;
    }

    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (error) {
        text_finish(NULL, extack);
        return error;
    }

    req = bond_build_create((char *) buf, cfg);
    error = req ? transact_ack(sock, req, &text) : EINVAL;
    if (!error) {
        error = link_get__(sock, cfg->name, 0, &link, &text);
    }
    if (!error && cfg->owner) {
        char *alias = bond_owner_alias(cfg->owner);

        req = bond_build_set_alias((char *) buf, link.ifindex, alias);
        error = req ? transact_ack(sock, req, &text) : EINVAL;
        if (error) {
            text_add(&text, xasprintf("cannot tag bond %s as \"%s\" (%s): "
                                      "deleting it", cfg->name, alias,
                                      ovs_strerror(error)));
            req = bond_build_delete((char *) buf, link.ifindex);
            if (req) {
                transact_ack(sock, req, &text);
            }
        }
        free(alias);
    }
    nl_mnl_close(sock);

    if (!error && ifindexp) {
        *ifindexp = link.ifindex;
    }
    text_finish(text, extack);
    return error;
}

/* Reads the bond 'ifindex', or if 'ifindex' is not positive the bond named
 * 'name', into '*state' ("ip -d link show BOND"): its options as the
 * kernel reports them, flags (state->up is IFF_UP), operational state,
 * alias (the ownership tag), active slave, 802.3ad aggregator and number of
 * slaves (a second, dump, request).
 *
 * Returns 0 if successful, otherwise a positive errno value, and then
 * '*state' is all-zeros: ENODEV if there is no such link, EMEDIUMTYPE if it
 * is not a bond (with an explanation in '*extack'), EINVAL for an invalid
 * name, EPROTO for a malformed reply.  Stores in '*extack' (if nonnull) the
 * kernel's message or NULL, which the caller must free. */
int
bond_get(const char *name, int ifindex, struct bond_state *state,
         char **extack)
{
    struct mnl_socket *sock;
    char *text = NULL;
    int error;

    memset(state, 0, sizeof *state);
    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (!error) {
        error = bond_get__(sock, name, ifindex, state, &text);
        nl_mnl_close(sock);
    }
    text_finish(text, extack);
    return error;
}

/* Brings the bond 'ifindex' to the options that 'desired' sets ("ip link
 * set BOND type bond ..."), sending only those that differ from the
 * kernel's (bond_opts_diff()), and nothing at all if none does.  Options
 * that 'desired' does not set are left alone.
 *
 * Before sending, checks 'desired' (bond_opts_validate()) and the change
 * (bond_check_change()): a mode change needs the bond down and without
 * slaves; lacp_rate and ad_select need it down.
 *
 * Returns 0 if successful (or if nothing differs), otherwise a positive
 * errno value: EBUSY if the bond's state forbids the change, EINVAL if
 * 'desired' or the change is invalid (with this module's explanation in
 * '*extack' in both cases), ENODEV if there is no such link, EMEDIUMTYPE if
 * it is not a bond, or the kernel's error.  Stores in '*extack' (if nonnull)
 * the messages or NULL, which the caller must free. */
int
bond_change(int ifindex, const struct bond_opts *desired, char **extack)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct bond_state state;
    struct bond_opts diff;
    struct mnl_socket *sock;
    struct nlmsghdr *req;
    char *text;
    int error;

    text = bond_opts_validate(desired);
    if (text) {
        text_finish(text, extack);
        return EINVAL;
    }
    if (ifindex <= 0) {
        text_finish(NULL, extack);
        return EINVAL;
    }

    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (error) {
        text_finish(NULL, extack);
        return error;
    }
    error = bond_get__(sock, NULL, ifindex, &state, &text);
    if (!error && bond_opts_diff(desired, &state.opts, &diff)) {
        char *msg;

        error = bond_check_change(&state, &diff, &msg);
        text_add(&text, msg);
        if (!error) {
            req = bond_build_change((char *) buf, ifindex, &diff);
            error = req ? transact_ack(sock, req, &text) : EINVAL;
        }
    }
    nl_mnl_close(sock);
    text_finish(text, extack);
    return error;
}

/* Tags the link 'ifindex' as owned by 'owner' ("ip link set DEV alias
 * ovs-offload:OWNER"), or removes its alias if 'owner' is NULL.  For
 * adopting a bond that was created otherwise.
 *
 * Returns 0 if successful, EINVAL if the tag would be longer than
 * BOND_IFALIAS_SIZE - 1 bytes, otherwise the kernel's error (ENODEV for no
 * such link).  Stores in '*extack' (if nonnull) the kernel's message or
 * NULL, which the caller must free. */
int
bond_set_owner(int ifindex, const char *owner, char **extack)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    char *alias = owner ? bond_owner_alias(owner) : xstrdup("");
    struct mnl_socket *sock;
    struct nlmsghdr *req;
    char *text = NULL;
    int error;

    req = bond_build_set_alias((char *) buf, ifindex, alias);
    free(alias);
    if (!req) {
        text_finish(NULL, extack);
        return EINVAL;
    }
    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (!error) {
        error = transact_ack(sock, req, &text);
        nl_mnl_close(sock);
    }
    text_finish(text, extack);
    return error;
}

/* Makes link 'slave_ifindex' a slave of the bond 'bond_ifindex' ("ip link
 * set SLAVE down; ip link set SLAVE master BOND"):
 *
 *   - if the link is already a slave of that bond, does nothing;
 *
 *   - if it is a slave of another master, fails with EBUSY, with an
 *     explanation, rather than move it;
 *
 *   - if it is up, brings it down first (the bonding driver brings it up
 *     again as it enslaves it; mlx5 and NVIDIA's tests want PFs down when
 *     they are enslaved);
 *
 *   - then enslaves it.
 *
 * The kernel may attach a warning to a successful enslave: that is how mlx5
 * says that it will not offload the bond ("mlx5_core: Can't activate LAG
 * offload, ..."; see bond_extack_lag_refused()).  So check '*extack' on
 * success too.
 *
 * Returns 0 if successful, otherwise a positive errno value: EINVAL for
 * an invalid ifindex, ENODEV if a link does not exist, EMEDIUMTYPE if
 * 'bond_ifindex' is not a bond, EBUSY as above, or the kernel's error (e.g.
 * EPERM for a link that cannot be enslaved, such as a bond's own slave).
 * Stores in '*extack' (if nonnull) the messages or NULL, which the caller
 * must free. */
int
bond_enslave(int slave_ifindex, int bond_ifindex, char **extack)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct mnl_socket *sock;
    struct bond_link link;
    struct nlmsghdr *req;
    char *text = NULL;
    int error;

    if (!bond_build_enslave((char *) buf, slave_ifindex, bond_ifindex)) {
        text_finish(NULL, extack);
        return EINVAL;
    }
    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (error) {
        text_finish(NULL, extack);
        return error;
    }

    /* The kernel would answer EINVAL for a missing master, and accept a
     * master that is not a bond, e.g. a bridge. */
    error = link_get__(sock, NULL, bond_ifindex, &link, &text);
    if (error) {
        goto out;
    }
    if (!bond_link_is_bond(&link)) {
        text_add(&text, not_a_bond(&link));
        error = EMEDIUMTYPE;
        goto out;
    }

    error = link_get__(sock, NULL, slave_ifindex, &link, &text);
    if (error || link.master == bond_ifindex) {
        goto out;
    }
    if (link.master) {
        text_add(&text, xasprintf("%s is already a slave of ifindex %d: "
                                  "release it first", link.ifname,
                                  link.master));
        error = EBUSY;
        goto out;
    }
    if (link.flags & IFF_UP) {
        req = bond_build_set_up((char *) buf, slave_ifindex, false);
        error = transact_ack(sock, req, &text);
        if (error) {
            goto out;
        }
    }
    req = bond_build_enslave((char *) buf, slave_ifindex, bond_ifindex);
    error = transact_ack(sock, req, &text);

out:
    nl_mnl_close(sock);
    text_finish(text, extack);
    return error;
}

/* Releases link 'slave_ifindex' from its master ("ip link set SLAVE
 * nomaster").  Does nothing if it has none.
 *
 * Returns 0 if successful, otherwise a positive errno value: EINVAL for an
 * invalid ifindex, ENODEV if the link does not exist, or the kernel's
 * error.  Stores in '*extack' (if nonnull) the kernel's message or NULL,
 * which the caller must free. */
int
bond_release(int slave_ifindex, char **extack)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct mnl_socket *sock;
    struct bond_link link;
    struct nlmsghdr *req;
    char *text = NULL;
    int error;

    if (slave_ifindex <= 0) {
        text_finish(NULL, extack);
        return EINVAL;
    }
    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (error) {
        text_finish(NULL, extack);
        return error;
    }
    error = link_get__(sock, NULL, slave_ifindex, &link, &text);
    if (!error && link.master) {
        req = bond_build_release((char *) buf, slave_ifindex);
        error = transact_ack(sock, req, &text);
    }
    nl_mnl_close(sock);
    text_finish(text, extack);
    return error;
}

/* Deletes the bond 'ifindex' ("ip link del BOND"), which releases its
 * slaves.  A bond that does not exist (ENODEV, whether before the request
 * or from it) counts as deleted.  Refuses, with EMEDIUMTYPE and an
 * explanation, to delete a link that is not a bond.  It does not check the
 * ownership tag: that is the caller's job (bond_owner_from_alias()).
 *
 * With mlx5 VF-LAG, unbind the VFs first: deactivating the LAG with VFs
 * bound fails ("Failed to deactivate VF LAG; driver restart required").
 *
 * Returns 0 if successful, otherwise a positive errno value.  Stores in
 * '*extack' (if nonnull) the messages or NULL, which the caller must
 * free. */
int
bond_delete(int ifindex, char **extack)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct mnl_socket *sock;
    struct bond_link link;
    struct nlmsghdr *req;
    char *text = NULL;
    int error;

    if (ifindex <= 0) {
        text_finish(NULL, extack);
        return EINVAL;
    }
    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (error) {
        text_finish(NULL, extack);
        return error;
    }
    error = link_get__(sock, NULL, ifindex, &link, &text);
    if (!error && !bond_link_is_bond(&link)) {
        text_add(&text, xasprintf("refusing to delete %s: it is not a bond",
                                  link.ifname));
        error = EMEDIUMTYPE;
    } else if (!error) {
        req = bond_build_delete((char *) buf, ifindex);
        error = transact_ack(sock, req, &text);
    }
    if (error == ENODEV) {
        error = 0;
    }
    nl_mnl_close(sock);
    text_finish(text, extack);
    return error;
}

/* Reads the slaves of the bond 'bond_ifindex' ("ip -d link show master
 * BOND"), with their bonding state (IFLA_INFO_SLAVE_DATA), into a malloc'd
 * array stored in '*slavesp', in the kernel's (ifindex) order, and their
 * number in '*n_slavesp'.  The caller frees '*slavesp' with free().  A dump
 * that links changed meanwhile is retried a few times before failing with
 * EAGAIN.
 *
 * Returns 0 if successful, otherwise a positive errno value, with NULL and
 * 0 stored.  Stores in '*extack' (if nonnull) the kernel's message or NULL,
 * which the caller must free. */
int
bond_slaves_dump(int bond_ifindex, struct bond_slave **slavesp,
                 size_t *n_slavesp, char **extack)
{
    struct mnl_socket *sock;
    char *text = NULL;
    int error;

    *slavesp = NULL;
    *n_slavesp = 0;
    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (!error) {
        error = slaves_dump__(sock, bond_ifindex, slavesp, n_slavesp,
                              &text);
        nl_mnl_close(sock);
    }
    text_finish(text, extack);
    return error;
}

/* Reads the link 'ifindex', or if 'ifindex' is not positive the link named
 * 'name', into '*link' ("ip -d link show DEV").  Any kind of link.
 *
 * Returns 0 if successful, otherwise a positive errno value, and then
 * '*link' is all-zeros: ENODEV if there is no such link, EINVAL for an
 * invalid name, EPROTO for a malformed reply.  Stores in '*extack' (if
 * nonnull) the kernel's message or NULL, which the caller must free. */
int
bond_link_get(const char *name, int ifindex, struct bond_link *link,
              char **extack)
{
    struct mnl_socket *sock;
    char *text = NULL;
    int error;

    memset(link, 0, sizeof *link);
    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (!error) {
        error = link_get__(sock, name, ifindex, link, &text);
        nl_mnl_close(sock);
    }
    text_finish(text, extack);
    return error;
}

/* Brings link 'ifindex' administratively up or down ("ip link set DEV up"
 * or "ip link set DEV down").
 *
 * Returns 0 if successful, otherwise a positive errno value (EINVAL for an
 * invalid ifindex, ENODEV for no such link, or the kernel's error).  Stores
 * in '*extack' (if nonnull) the kernel's message or NULL, which the caller
 * must free. */
int
bond_link_set_up(int ifindex, bool up, char **extack)
{
    uint64_t buf[BOND_REQUEST_SIZE / sizeof(uint64_t)];
    struct mnl_socket *sock;
    struct nlmsghdr *req;
    char *text = NULL;
    int error;

    req = bond_build_set_up((char *) buf, ifindex, up);
    if (!req) {
        text_finish(NULL, extack);
        return EINVAL;
    }
    error = nl_mnl_open(NETLINK_ROUTE, &sock, NULL);
    if (!error) {
        error = transact_ack(sock, req, &text);
        nl_mnl_close(sock);
    }
    text_finish(text, extack);
    return error;
}

/* Stores in '*ifindexp' the ifindex of the link named 'name' in the calling
 * thread's network namespace ("ip link show DEV", first field), with
 * if_nametoindex().  Returns 0, EINVAL for an invalid name, or ENODEV if
 * there is no such link (then '*ifindexp' is 0). */
int
bond_link_ifindex(const char *name, int *ifindexp)
{
    unsigned int ifindex;

    *ifindexp = 0;
    if (!name_ok(name)) {
        return EINVAL;
    }
    errno = 0;
    ifindex = if_nametoindex(name);
    if (!ifindex) {
        return errno == ENXIO || !errno ? ENODEV : errno;
    }
    *ifindexp = ifindex;
    return 0;
}

/* Stores in 'name' the name of link 'ifindex' ("ip link show" by index),
 * with if_indextoname().  Returns 0, EINVAL for an invalid ifindex, or ENODEV
 * if there is no such link (then 'name' is empty). */
int
bond_link_name(int ifindex, char name[BOND_IFNAMSIZ])
{
    name[0] = '\0';
    if (ifindex <= 0) {
        return EINVAL;
    }
    errno = 0;
    if (!if_indextoname(ifindex, name)) {
        int error = errno;

        name[0] = '\0';
        return error == ENXIO || !error ? ENODEV : error;
    }
    return 0;
}
