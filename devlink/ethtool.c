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

#include "devlink/ethtool.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <libmnl/libmnl.h>
#include <limits.h>
#include <linux/ethtool.h>
#include <linux/ethtool_netlink.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "netlink/nl-mnl.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ethtool);

BUILD_ASSERT_DECL(ETHTOOL_STRING_SIZE == ETH_GSTRING_LEN + 1);

/* Attempts at reading strings and values that agree in number: a driver's
 * statistics count changes with its configuration (e.g. channels). */
#define STATS_ATTEMPTS 3

static void OVS_PRINTF_FORMAT(2, 3)
set_error(char **errp, const char *format, ...)
{
    if (errp) {
        va_list args;

        va_start(args, format);
        *errp = xvasprintf(format, args);
        va_end(args);
    }
}

static void
clear_error(char **errp)
{
    if (errp) {
        *errp = NULL;
    }
}

static bool
netdev_name_ok(const char *netdev)
{
    return netdev && netdev[0] && strlen(netdev) < IFNAMSIZ;
}

/* ioctl(SIOCETHTOOL). */

/* Issues the ethtool ioctl whose command structure is 'cmd' on 'netdev'.
 * Returns a negative errno value on failure, otherwise the ioctl's return
 * value, which ETHTOOL_SFEATURES uses for flags. */
static int
ethtool_ioctl(const char *netdev, void *cmd)
{
    struct ifreq ifr;
    int fd, ret;

    if (!netdev_name_ok(netdev)) {
        return -ENODEV;
    }
    fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        /* A kernel without IPv4: any socket can carry the ioctl. */
        fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0) {
            return -errno;
        }
    }
    memset(&ifr, 0, sizeof ifr);
    ovs_strlcpy(ifr.ifr_name, netdev, sizeof ifr.ifr_name);
    ifr.ifr_data = cmd;
    ret = ioctl(fd, SIOCETHTOOL, &ifr);
    if (ret < 0) {
        ret = -errno;
    }
    close(fd);
    return ret;
}

/* Copies the 'size'-byte, possibly unterminated string 'src' into 'dst',
 * which has room for 'size' + 1 bytes. */
static void
copy_string(char *dst, const char *src, size_t size)
{
    size_t len = strnlen(src, size);

    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* Driver information. */

/* Converts 'raw', an ETHTOOL_GDRVINFO reply, into 'info'.  The kernel
 * null-terminates each string, but a 32-character one is kept whole. */
void
ethtool_driver_info_from_raw(const struct ethtool_drvinfo *raw,
                             struct ethtool_driver_info *info)
{
    BUILD_ASSERT_DECL(sizeof raw->driver == ETH_GSTRING_LEN);

    memset(info, 0, sizeof *info);
    copy_string(info->driver, raw->driver, sizeof raw->driver);
    copy_string(info->version, raw->version, sizeof raw->version);
    copy_string(info->fw_version, raw->fw_version, sizeof raw->fw_version);
    copy_string(info->bus_info, raw->bus_info, sizeof raw->bus_info);
    copy_string(info->erom_version, raw->erom_version,
                sizeof raw->erom_version);
    info->n_stats = raw->n_stats;
    info->n_priv_flags = raw->n_priv_flags;
}

/* Reads the driver information of 'netdev' ("ethtool -i DEV") into
 * '*info'.  Returns 0, or a positive errno value (then '*info' is zeroed):
 * ENODEV for no such netdev, EOPNOTSUPP if the driver has no ethtool
 * support. */
int
ethtool_get_driver_info(const char *netdev, struct ethtool_driver_info *info,
                        char **errp)
{
    struct ethtool_drvinfo raw;
    int ret;

    clear_error(errp);
    memset(info, 0, sizeof *info);
    memset(&raw, 0, sizeof raw);
    raw.cmd = ETHTOOL_GDRVINFO;
    ret = ethtool_ioctl(netdev, &raw);
    if (ret < 0) {
        set_error(errp, "%s: cannot read driver information (%s)", netdev,
                  ovs_strerror(-ret));
        return -ret;
    }
    ethtool_driver_info_from_raw(&raw, info);
    return 0;
}

/* Link. */

static void
link_state_set(struct ethtool_link_state *link, uint32_t speed,
               uint8_t duplex, uint8_t autoneg)
{
    link->speed_known = speed != (uint32_t) SPEED_UNKNOWN && speed <= INT_MAX
                        && speed != 0;
    link->speed = link->speed_known ? speed : 0;
    link->duplex = (duplex == DUPLEX_FULL ? 1
                    : duplex == DUPLEX_HALF ? 0 : -1);
    link->autoneg = (autoneg == AUTONEG_ENABLE ? 1
                     : autoneg == AUTONEG_DISABLE ? 0 : -1);
}

/* Reads the link speed, duplex and autonegotiation of 'netdev' ("ethtool
 * DEV") into '*link', through ETHTOOL_GLINKSETTINGS (Linux 4.6) or, if the
 * kernel or driver lacks it, ETHTOOL_GSET.  A link that is down has an
 * unknown speed and duplex.  Returns 0 or a positive errno value. */
int
ethtool_get_link_state(const char *netdev, struct ethtool_link_state *link,
                       char **errp)
{
    /* The request is followed by three link mode masks whose size the
     * kernel announces in a first call ("handshake"): at most 127 words
     * each. */
    size_t size = sizeof(struct ethtool_link_settings)
                  + 3 * SCHAR_MAX * sizeof(uint32_t);
    struct ethtool_link_settings *ls = xzalloc(size);
    struct ethtool_cmd ecmd;
    int ret;

    clear_error(errp);
    memset(link, 0, sizeof *link);
    link->duplex = -1;
    link->autoneg = -1;

    ls->cmd = ETHTOOL_GLINKSETTINGS;
    ret = ethtool_ioctl(netdev, ls);
    if (!ret && ls->link_mode_masks_nwords < 0) {
        int8_t nwords = -ls->link_mode_masks_nwords;

        memset(ls, 0, size);
        ls->cmd = ETHTOOL_GLINKSETTINGS;
        ls->link_mode_masks_nwords = nwords;
        ret = ethtool_ioctl(netdev, ls);
        if (!ret && ls->link_mode_masks_nwords == nwords) {
            link_state_set(link, ls->speed, ls->duplex, ls->autoneg);
            free(ls);
            return 0;
        }
    }
    free(ls);
    if (ret == -ENODEV) {
        goto error;
    }

    memset(&ecmd, 0, sizeof ecmd);
    ecmd.cmd = ETHTOOL_GSET;
    ret = ethtool_ioctl(netdev, &ecmd);
    if (!ret) {
        link_state_set(link, ethtool_cmd_speed(&ecmd), ecmd.duplex,
                       ecmd.autoneg);
        return 0;
    }

error:
    set_error(errp, "%s: cannot read link settings (%s)", netdev,
              ovs_strerror(-ret));
    return -ret;
}

/* Strings and statistics through the ioctl. */

/* Returns the number of strings in string set 'sset' of 'netdev' (>= 0),
 * or a negative errno value. */
static int
get_sset_count(const char *netdev, uint32_t sset)
{
    /* One string set asked for, one count back. */
    struct ethtool_sset_info *info = xzalloc(sizeof *info
                                             + sizeof info->data[0]);
    int ret;

    info->cmd = ETHTOOL_GSSET_INFO;
    info->sset_mask = UINT64_C(1) << sset;
    ret = ethtool_ioctl(netdev, info);
    if (ret >= 0) {
        ret = (!(info->sset_mask & (UINT64_C(1) << sset))
               ? -EOPNOTSUPP
               : (int) MIN(info->data[0], INT_MAX / ETH_GSTRING_LEN));
    }
    free(info);
    return ret;
}

/* Room beyond the announced count: the ioctls write as many entries as the
 * driver has at that moment, whatever the caller asked for, so a count
 * that grows between two calls must not overflow the buffer. */
static size_t
with_slack(size_t n)
{
    return n + n / 4 + 64;
}

/* Reads the 'n' strings of string set 'sset' of 'netdev' into '*stringsp',
 * ETH_GSTRING_LEN bytes each, malloc'd, and their number now in '*np'.
 * Returns 0 or a positive errno value. */
static int
get_strings(const char *netdev, uint32_t sset, size_t n, char **stringsp,
            size_t *np)
{
    size_t room = with_slack(n);
    struct ethtool_gstrings *gs;
    int ret;

    *stringsp = NULL;
    *np = 0;
    gs = xzalloc(sizeof *gs + room * ETH_GSTRING_LEN);
    gs->cmd = ETHTOOL_GSTRINGS;
    gs->string_set = sset;
    gs->len = n;
    ret = ethtool_ioctl(netdev, gs);
    if (ret < 0 || gs->len > room) {
        free(gs);
        return ret < 0 ? -ret : EAGAIN;
    }
    *np = gs->len;
    *stringsp = xmemdup(gs->data, gs->len * ETH_GSTRING_LEN);
    free(gs);
    return 0;
}

/* Returns the index of the string 'name' among the 'n' ETH_GSTRING_LEN-byte
 * strings in 'strings' (an ETHTOOL_GSTRINGS reply), or -1. */
int
ethtool_strings_find(const char *strings, size_t n, const char *name)
{
    size_t len = strlen(name);

    if (len > ETH_GSTRING_LEN) {
        return -1;
    }
    for (size_t i = 0; i < n && i <= INT_MAX; i++) {
        const char *s = strings + i * ETH_GSTRING_LEN;

        if (strnlen(s, ETH_GSTRING_LEN) == len && !memcmp(s, name, len)) {
            return i;
        }
    }
    return -1;
}

/* Initializes 'list' with the 'n' statistics named by the ETH_GSTRING_LEN
 * byte strings in 'strings' with the values in 'values': the parsing half
 * of ethtool_get_stats().  The caller must free 'list' with
 * ethtool_stat_list_destroy(). */
void
ethtool_stat_list_fill(struct ethtool_stat_list *list, const char *strings,
                       const uint64_t *values, size_t n)
{
    list->stats = n ? xcalloc(n, sizeof *list->stats) : NULL;
    list->n = n;
    for (size_t i = 0; i < n; i++) {
        copy_string(list->stats[i].name, strings + i * ETH_GSTRING_LEN,
                    ETH_GSTRING_LEN);
        list->stats[i].value = values[i];
    }
}

/* Frees the statistics in 'list' and clears it.  'list' may be NULL. */
void
ethtool_stat_list_destroy(struct ethtool_stat_list *list)
{
    if (list) {
        free(list->stats);
        list->stats = NULL;
        list->n = 0;
    }
}

/* Returns the first statistic named 'name' in 'list', or NULL. */
const struct ethtool_stat *
ethtool_stat_list_find(const struct ethtool_stat_list *list,
                       const char *name)
{
    for (size_t i = 0; i < list->n; i++) {
        if (!strcmp(list->stats[i].name, name)) {
            return &list->stats[i];
        }
    }
    return NULL;
}

/* Returns true if statistic name 'name' matches 'pattern', in which each
 * "#" stands for a run of one or more decimal digits and every other
 * character for itself: "queue_#_rx_cnt" matches "queue_12_rx_cnt" but not
 * "queue__rx_cnt" or "queue_1_rx_cnt_x". */
bool
ethtool_stat_name_match(const char *pattern, const char *name)
{
    while (*pattern) {
        if (*pattern == '#') {
            if (!isdigit((unsigned char) *name)) {
                return false;
            }
            while (isdigit((unsigned char) *name)) {
                name++;
            }
        } else if (*pattern != *name) {
            return false;
        } else {
            name++;
        }
        pattern++;
    }
    return !*name;
}

/* Stores in '*sum' the sum of the statistics in 'list' whose names match
 * 'pattern' (see ethtool_stat_name_match()), e.g. "rx_packets" or
 * "queue_#_rx_cnt".  Returns true if at least one matched, otherwise false
 * with 0 in '*sum'. */
bool
ethtool_stat_list_sum(const struct ethtool_stat_list *list,
                      const char *pattern, uint64_t *sum)
{
    bool found = false;

    *sum = 0;
    for (size_t i = 0; i < list->n; i++) {
        if (ethtool_stat_name_match(pattern, list->stats[i].name)) {
            *sum += list->stats[i].value;
            found = true;
        }
    }
    return found;
}

/* Reads the driver statistics of 'netdev' ("ethtool -S DEV") into '*list',
 * which the caller must free with ethtool_stat_list_destroy() (also after
 * an error, which leaves it empty): ETHTOOL_GSSET_INFO for the count,
 * ETHTOOL_GSTRINGS for the names, ETHTOOL_GSTATS for the values.  If the
 * count changes between the calls, starts again, a few times.
 *
 * Returns 0, or a positive errno value: EOPNOTSUPP for a driver without
 * statistics, EAGAIN if the count kept changing. */
int
ethtool_get_stats(const char *netdev, struct ethtool_stat_list *list,
                  char **errp)
{
    int error = EAGAIN;

    clear_error(errp);
    list->stats = NULL;
    list->n = 0;

    for (int attempt = 0; attempt < STATS_ATTEMPTS && error == EAGAIN;
         attempt++) {
        struct ethtool_stats *st;
        size_t n_strings, room;
        char *strings;
        int count;

        count = get_sset_count(netdev, ETH_SS_STATS);
        if (count == -EOPNOTSUPP) {
            /* Drivers before get_sset_count() report the count here. */
            struct ethtool_driver_info info;

            count = (ethtool_get_driver_info(netdev, &info, NULL)
                     ? -EOPNOTSUPP : (int) MIN(info.n_stats, INT_MAX));
        }
        if (count < 0) {
            error = -count;
            break;
        }

        error = get_strings(netdev, ETH_SS_STATS, count, &strings,
                            &n_strings);
        if (error) {
            break;
        }

        room = with_slack(n_strings);
        st = xzalloc(sizeof *st + room * sizeof st->data[0]);
        st->cmd = ETHTOOL_GSTATS;
        st->n_stats = n_strings;
        count = ethtool_ioctl(netdev, st);
        if (count < 0) {
            error = -count;
        } else if (st->n_stats != n_strings) {
            error = EAGAIN;
        } else {
            /* __u64 is "unsigned long long", uint64_t may not be. */
            uint64_t *values = xmalloc(MAX(n_strings, 1) * sizeof *values);

            for (size_t i = 0; i < n_strings; i++) {
                values[i] = st->data[i];
            }
            ethtool_stat_list_fill(list, strings, values, n_strings);
            free(values);
            error = 0;
        }
        free(st);
        free(strings);
    }
    if (error) {
        set_error(errp, "%s: cannot read statistics (%s)", netdev,
                  ovs_strerror(error));
    }
    return error;
}

/* Features through the ioctl. */

/* Reads feature 'name' of 'netdev' through the ioctls into '*feature'.
 * Stores its bit number in '*bitp' and the kernel's number of 32-bit
 * feature words (ETHTOOL_DEV_FEATURE_WORDS, which ETHTOOL_SFEATURES
 * requires exactly) in '*n_wordsp'. */
static int
feature_get_ioctl(const char *netdev, const char *name,
                  struct ethtool_feature *feature, int *bitp,
                  uint32_t *n_wordsp, char **errp)
{
    const struct ethtool_get_features_block *block;
    struct ethtool_gfeatures *gf;
    size_t n_strings, n_blocks;
    char *strings;
    uint32_t mask;
    int count, bit;
    int error;

    count = get_sset_count(netdev, ETH_SS_FEATURES);
    if (count < 0) {
        set_error(errp, "%s: cannot read the feature names (%s)", netdev,
                  ovs_strerror(-count));
        return -count;
    }
    error = get_strings(netdev, ETH_SS_FEATURES, count, &strings,
                        &n_strings);
    if (error) {
        set_error(errp, "%s: cannot read the feature names (%s)", netdev,
                  ovs_strerror(error));
        return error;
    }
    bit = ethtool_strings_find(strings, n_strings, name);
    free(strings);
    if (bit < 0) {
        set_error(errp, "%s: the kernel has no feature \"%s\"", netdev, name);
        return ENOENT;
    }

    n_blocks = DIV_ROUND_UP(n_strings, 32);
    gf = xzalloc(sizeof *gf + n_blocks * sizeof gf->features[0]);
    gf->cmd = ETHTOOL_GFEATURES;
    gf->size = n_blocks;
    count = ethtool_ioctl(netdev, gf);
    if (count < 0) {
        free(gf);
        set_error(errp, "%s: cannot read features (%s)", netdev,
                  ovs_strerror(-count));
        return -count;
    }
    if (gf->size < n_blocks) {
        /* The kernel has fewer feature words than feature names. */
        free(gf);
        set_error(errp, "%s: inconsistent feature words from the kernel",
                  netdev);
        return EPROTO;
    }
    *n_wordsp = gf->size;
    block = &gf->features[bit / 32];
    mask = UINT32_C(1) << (bit % 32);

    feature->active = (block->active & mask) != 0;
    feature->wanted = (block->requested & mask) != 0;
    feature->changeable = ((block->available & mask)
                           && !(block->never_changed & mask));
    free(gf);
    *bitp = bit;
    return 0;
}

static int
feature_set_ioctl(const char *netdev, int bit, uint32_t n_words, bool on,
                  char **errp)
{
    size_t n_blocks = MAX(n_words, bit / 32 + 1);
    struct ethtool_sfeatures *sf;
    uint32_t mask = UINT32_C(1) << (bit % 32);
    int ret;

    sf = xzalloc(sizeof *sf + n_blocks * sizeof sf->features[0]);
    sf->cmd = ETHTOOL_SFEATURES;
    sf->size = n_words;
    sf->features[bit / 32].valid = mask;
    sf->features[bit / 32].requested = on ? mask : 0;
    ret = ethtool_ioctl(netdev, sf);
    free(sf);
    if (ret < 0) {
        set_error(errp, "%s: cannot set features (%s)", netdev,
                  ovs_strerror(-ret));
        return -ret;
    }
    /* A positive return is ETHTOOL_F_* flags; the caller reads the result
     * back to learn what happened. */
    return 0;
}

/* Generic netlink. */

/* A generic netlink socket and the id of the ethtool family on it. */
struct genl {
    struct mnl_socket *nl;
    uint16_t family;
};

static void
genl_close(struct genl *genl)
{
    nl_mnl_close(genl->nl);
    genl->nl = NULL;
}

/* Opens 'genl' and resolves the id of the ethtool generic netlink family
 * (ETHTOOL_GENL_NAME).  Returns 0, ENOENT if the kernel has no such family
 * (before Linux 5.6, or built without CONFIG_ETHTOOL_NETLINK), or another
 * positive errno value. */
static int
genl_open(struct genl *genl)
{
    int error;

    memset(genl, 0, sizeof *genl);
    error = nl_mnl_open(NETLINK_GENERIC, &genl->nl, NULL);
    if (!error) {
        error = nl_mnl_genl_family(genl->nl, ETHTOOL_GENL_NAME,
                                   &genl->family, NULL, NULL, NULL);
    }
    if (error) {
        genl_close(genl);
    }
    return error;
}

/* Starts an ethtool netlink request 'cmd' for 'netdev' with header flags
 * 'flags' in 'buf' of 'size' bytes.  Every nest carries NLA_F_NESTED: the
 * ethtool family validates strictly. */
static struct nlmsghdr *
put_request(void *buf, size_t size, uint16_t family, uint8_t cmd,
            const char *netdev, uint32_t flags)
{
    struct nlmsghdr *nlh;
    struct nlattr *hdr;

    if (!netdev_name_ok(netdev)) {
        return NULL;
    }
    nlh = nl_mnl_put_genl_request(buf, size, family, cmd,
                                  ETHTOOL_GENL_VERSION, NLM_F_ACK);
    if (!nlh) {
        return NULL;
    }

    /* The header nest's attribute number is 1 for every message. */
    BUILD_ASSERT_DECL(ETHTOOL_A_FEATURES_HEADER == 1);
    hdr = mnl_attr_nest_start_check(nlh, size,
                                    ETHTOOL_A_FEATURES_HEADER | NLA_F_NESTED);
    if (!hdr
        || !mnl_attr_put_strz_check(nlh, size, ETHTOOL_A_HEADER_DEV_NAME,
                                    netdev)
        || (flags && !mnl_attr_put_u32_check(nlh, size,
                                             ETHTOOL_A_HEADER_FLAGS,
                                             flags))) {
        return NULL;
    }
    mnl_attr_nest_end(nlh, hdr);
    return nlh;
}

/* Builds in 'buf', 'size' bytes aligned for a 'struct nlmsghdr', an
 * ETHTOOL_MSG_FEATURES_GET request for 'netdev' to the ethtool family with
 * id 'family' ("ethtool -k DEV"):
 *
 *   ETHTOOL_A_FEATURES_HEADER { ETHTOOL_A_HEADER_DEV_NAME "DEV" }
 *
 * without ETHTOOL_FLAG_COMPACT_BITSETS, so that the reply names each
 * feature.  Returns the message, or NULL if 'netdev' is not a valid name or
 * 'buf' too small. */
struct nlmsghdr *
ethtool_build_features_get(void *buf, size_t size, uint16_t family,
                           const char *netdev)
{
    return put_request(buf, size, family, ETHTOOL_MSG_FEATURES_GET, netdev,
                       0);
}

/* Builds in 'buf', 'size' bytes aligned for a 'struct nlmsghdr', an
 * ETHTOOL_MSG_FEATURES_SET request that turns feature 'name' of 'netdev'
 * on or off ("ethtool -K DEV NAME on|off") and leaves every other feature
 * alone:
 *
 *   ETHTOOL_A_FEATURES_HEADER { DEV_NAME "DEV", FLAGS OMIT_REPLY }
 *   ETHTOOL_A_FEATURES_WANTED {
 *       ETHTOOL_A_BITSET_BITS {
 *           ETHTOOL_A_BITSET_BITS_BIT {
 *               ETHTOOL_A_BITSET_BIT_NAME "NAME"
 *               ETHTOOL_A_BITSET_BIT_VALUE (flag, only for on)
 *           }
 *       }
 *   }
 *
 * A verbose bitset without ETHTOOL_A_BITSET_NOMASK changes only the bits
 * it lists.  Returns the message, or NULL if a name is invalid or 'buf' too
 * small. */
struct nlmsghdr *
ethtool_build_features_set(void *buf, size_t size, uint16_t family,
                           const char *netdev, const char *name, bool on)
{
    struct nlattr *wanted, *bits, *bit;
    struct nlmsghdr *nlh;

    if (!name || !name[0] || strlen(name) >= ETHTOOL_STRING_SIZE) {
        return NULL;
    }
    nlh = put_request(buf, size, family, ETHTOOL_MSG_FEATURES_SET, netdev,
                      ETHTOOL_FLAG_OMIT_REPLY);
    if (!nlh) {
        return NULL;
    }
    wanted = mnl_attr_nest_start_check(nlh, size, (ETHTOOL_A_FEATURES_WANTED
                                                   | NLA_F_NESTED));
    bits = wanted ? mnl_attr_nest_start_check(nlh, size,
                                              (ETHTOOL_A_BITSET_BITS
                                               | NLA_F_NESTED)) : NULL;
    bit = bits ? mnl_attr_nest_start_check(nlh, size,
                                           (ETHTOOL_A_BITSET_BITS_BIT
                                            | NLA_F_NESTED)) : NULL;
    if (!bit
        || !mnl_attr_put_strz_check(nlh, size, ETHTOOL_A_BITSET_BIT_NAME,
                                    name)
        || (on && !mnl_attr_put_check(nlh, size, ETHTOOL_A_BITSET_BIT_VALUE,
                                      0, ""))) {
        return NULL;
    }
    mnl_attr_nest_end(nlh, bit);
    mnl_attr_nest_end(nlh, bits);
    mnl_attr_nest_end(nlh, wanted);
    return nlh;
}

/* Looks for bit 'name' in verbose bitset 'bitset'.  Stores in '*listed'
 * whether it is listed and in '*set' whether it is set: with
 * ETHTOOL_A_BITSET_NOMASK, listed bits are the set ones; otherwise a listed
 * bit is set if it has ETHTOOL_A_BITSET_BIT_VALUE.  Returns 0, EINVAL for
 * a malformed bitset, EPROTO for a compact one (no names). */
static int
bitset_lookup(const struct nlattr *bitset, const char *name, bool *listed,
              bool *set)
{
    const struct nlattr *attr, *bits = NULL;
    bool nomask = false;

    *listed = *set = false;
    if (!nl_mnl_nest_whole(bitset)) {
        return EINVAL;
    }
    mnl_attr_for_each_nested (attr, bitset) {
        switch (mnl_attr_get_type(attr)) {
        case ETHTOOL_A_BITSET_NOMASK:
            nomask = true;
            break;
        case ETHTOOL_A_BITSET_BITS:
            bits = attr;
            break;
        case ETHTOOL_A_BITSET_VALUE:
            return EPROTO;
        default:
            break;
        }
    }
    if (!bits) {
        /* An empty verbose bitset. */
        return 0;
    }
    if (!nl_mnl_nest_whole(bits)) {
        return EINVAL;
    }
    mnl_attr_for_each_nested (attr, bits) {
        const struct nlattr *a;
        const char *bit_name = NULL;
        bool value = false;

        if (mnl_attr_get_type(attr) != ETHTOOL_A_BITSET_BITS_BIT) {
            continue;
        }
        if (!nl_mnl_nest_whole(attr)) {
            return EINVAL;
        }
        mnl_attr_for_each_nested (a, attr) {
            switch (mnl_attr_get_type(a)) {
            case ETHTOOL_A_BITSET_BIT_NAME:
                if (mnl_attr_validate(a, MNL_TYPE_NUL_STRING)) {
                    return EINVAL;
                }
                bit_name = mnl_attr_get_str(a);
                break;
            case ETHTOOL_A_BITSET_BIT_VALUE:
                value = true;
                break;
            default:
                break;
            }
        }
        if (bit_name && !strcmp(bit_name, name)) {
            *listed = true;
            *set = nomask || value;
            return 0;
        }
    }
    return 0;
}

/* Parses 'nlh', an ETHTOOL_MSG_FEATURES_GET_REPLY with verbose bitsets,
 * for feature 'name' into '*feature':
 *
 *   - 'active' from ETHTOOL_A_FEATURES_ACTIVE,
 *   - 'wanted' from ETHTOOL_A_FEATURES_WANTED,
 *   - 'changeable' from ETHTOOL_A_FEATURES_HW (the netdev's hw_features)
 *     minus ETHTOOL_A_FEATURES_NOCHANGE.
 *
 * Stores in '*found' whether any of the bitsets names the feature: the
 * kernel lists only set bits, so a feature that is off, fixed and never
 * wanted appears nowhere (then '*feature' is all false).  Returns 0, EINVAL
 * for a malformed message, EPROTO for compact bitsets. */
int
ethtool_parse_features_msg(const struct nlmsghdr *nlh, const char *name,
                           struct ethtool_feature *feature, bool *found)
{
    bool hw = false, nochange = false;
    const struct nlattr *attr;

    memset(feature, 0, sizeof *feature);
    *found = false;
    if (!nl_mnl_msg_attrs_whole(nlh, GENL_HDRLEN)) {
        return EINVAL;
    }
    mnl_attr_for_each (attr, nlh, GENL_HDRLEN) {
        uint16_t type = mnl_attr_get_type(attr);
        bool listed, set;
        bool *dst;
        int error;

        switch (type) {
        case ETHTOOL_A_FEATURES_HW:
            dst = &hw;
            break;
        case ETHTOOL_A_FEATURES_WANTED:
            dst = &feature->wanted;
            break;
        case ETHTOOL_A_FEATURES_ACTIVE:
            dst = &feature->active;
            break;
        case ETHTOOL_A_FEATURES_NOCHANGE:
            dst = &nochange;
            break;
        default:
            continue;
        }
        error = bitset_lookup(attr, name, &listed, &set);
        if (error) {
            memset(feature, 0, sizeof *feature);
            *found = false;
            return error;
        }
        *found = *found || listed;
        *dst = set;
    }
    feature->changeable = hw && !nochange;
    return 0;
}

/* Formats a netlink failure into '*errp'. */
static void
set_nl_error(char **errp, const char *netdev, const char *what, int error,
             const char *extack)
{
    set_error(errp, "%s: %s failed (%s)%s%s%s", netdev, what,
              ovs_strerror(error), extack ? ": \"" : "",
              extack ? extack : "", extack ? "\"" : "");
}

/* Returns false if the kernel's feature names (ETH_SS_FEATURES) are
 * readable for 'netdev' and do not include 'name', true otherwise. */
static bool
feature_name_exists(const char *netdev, const char *name)
{
    size_t n_strings;
    char *strings;
    bool exists;
    int count;

    count = get_sset_count(netdev, ETH_SS_FEATURES);
    if (count < 0 || get_strings(netdev, ETH_SS_FEATURES, count, &strings,
                                 &n_strings)) {
        return true;
    }
    exists = ethtool_strings_find(strings, n_strings, name) >= 0;
    free(strings);
    return exists;
}

static int
feature_get_netlink(struct genl *genl, const char *netdev, const char *name,
                    struct ethtool_feature *feature, char **errp)
{
    uint64_t buf[ETHTOOL_REQUEST_SIZE / sizeof(uint64_t)];
    struct nlmsghdr *req, *reply;
    char *extack;
    bool found;
    int error;

    req = ethtool_build_features_get(buf, sizeof buf, genl->family, netdev);
    if (!req) {
        set_error(errp, "%s: invalid netdev name", netdev);
        return ENODEV;
    }
    error = nl_mnl_transact_one(genl->nl, req, genl->family, &reply,
                                &extack);
    if (!error) {
        error = ethtool_parse_features_msg(reply, name, feature, &found);
    }
    if (error) {
        set_nl_error(errp, netdev, "reading features", error, extack);
    } else if (!found && !feature_name_exists(netdev, name)) {
        /* The reply lists only set bits, so a feature that is off, fixed
         * and unwanted looks like one the kernel does not have.  The
         * kernel's list of names tells them apart. */
        set_error(errp, "%s: the kernel has no feature \"%s\"", netdev,
                  name);
        error = ENOENT;
    }
    free(reply);
    free(extack);
    return error;
}

static int
feature_set_netlink(struct genl *genl, const char *netdev, const char *name,
                    bool on, char **errp)
{
    uint64_t buf[ETHTOOL_REQUEST_SIZE / sizeof(uint64_t)];
    struct nlmsghdr *req;
    char *extack;
    int error;

    req = ethtool_build_features_set(buf, sizeof buf, genl->family, netdev,
                                     name, on);
    if (!req) {
        set_error(errp, "%s: invalid netdev or feature name", netdev);
        return EINVAL;
    }
    error = nl_mnl_transact(genl->nl, req, NULL, NULL, &extack);
    if (error) {
        char *what = xasprintf("setting %s %s", name, on ? "on" : "off");

        set_nl_error(errp, netdev, what, error, extack);
        free(what);
    } else if (extack) {
        VLOG_WARN("%s: setting %s: kernel warning: %s", netdev, name,
                  extack);
    }
    free(extack);
    return error;
}

/* Features, either way. */

/* Opens the netlink path for 'path' into 'genl': returns true if netlink
 * is to be used, false for the ioctl.  '*errorp' is set to a fatal error,
 * or 0. */
static bool
choose_path(enum ethtool_path path, struct genl *genl, int *errorp,
            char **errp)
{
    int error;

    *errorp = 0;
    memset(genl, 0, sizeof *genl);
    if (path == ETHTOOL_PATH_IOCTL) {
        return false;
    }
    error = genl_open(genl);
    if (!error) {
        return true;
    }
    if (path == ETHTOOL_PATH_NETLINK) {
        set_error(errp, "cannot use the ethtool netlink family (%s)%s",
                  ovs_strerror(error),
                  error == ENOENT ? ": Linux 5.6 or later with "
                  "CONFIG_ETHTOOL_NETLINK is needed" : "");
        *errorp = error;
    } else {
        VLOG_DBG("no ethtool netlink family (%s), using the ioctl",
                 ovs_strerror(error));
    }
    return false;
}

/* Reads the state of offload feature 'name' of 'netdev' into '*feature',
 * over 'path'.  'name' is the kernel's name of the feature (the
 * ETH_SS_FEATURES string, as in "ethtool -k" output for most features):
 * "hw-tc-offload", "rx-gro" (which "ethtool -k" shows as
 * "generic-receive-offload"), ...  Returns 0 or a positive errno value:
 * ENODEV for no such netdev, ENOENT if the kernel knows no such feature.
 * ethtool_feature_get() is the same with ETHTOOL_PATH_AUTO. */
int
ethtool_feature_get__(enum ethtool_path path, const char *netdev,
                      const char *name, struct ethtool_feature *feature,
                      char **errp)
{
    uint32_t n_words;
    struct genl genl;
    int error;
    int bit;

    clear_error(errp);
    memset(feature, 0, sizeof *feature);
    if (choose_path(path, &genl, &error, errp)) {
        error = feature_get_netlink(&genl, netdev, name, feature, errp);
        genl_close(&genl);
    } else if (!error) {
        error = feature_get_ioctl(netdev, name, feature, &bit, &n_words,
                                  errp);
    }
    return error;
}

int
ethtool_feature_get(const char *netdev, const char *name,
                    struct ethtool_feature *feature, char **errp)
{
    return ethtool_feature_get__(ETHTOOL_PATH_AUTO, netdev, name, feature,
                                 errp);
}

/* Turns offload feature 'name' of 'netdev' on or off ("ethtool -K DEV NAME
 * on|off") over 'path', if it is not already so, and stores in '*changed'
 * whether a request was sent.  Then reads the feature back.
 *
 * Returns 0 if the feature is now as asked.  Otherwise a positive errno
 * value: EOPNOTSUPP if the driver cannot change it ("[fixed]", e.g.
 * hw-tc-offload on a NIC without TC offload) or the kernel accepted the
 * request but the feature did not follow (a dependency is off), or the
 * kernel's error with its explanation.  ethtool_feature_set() is the same
 * with ETHTOOL_PATH_AUTO. */
int
ethtool_feature_set__(enum ethtool_path path, const char *netdev,
                      const char *name, bool on, bool *changed, char **errp)
{
    struct ethtool_feature feature;
    uint32_t n_words = 0;
    bool netlink;
    struct genl genl;
    int error;
    int bit = -1;

    *changed = false;
    clear_error(errp);
    netlink = choose_path(path, &genl, &error, errp);
    if (error) {
        return error;
    }

    error = (netlink
             ? feature_get_netlink(&genl, netdev, name, &feature, errp)
             : feature_get_ioctl(netdev, name, &feature, &bit, &n_words,
                                 errp));
    if (error || feature.active == on) {
        goto out;
    }
    if (!feature.changeable) {
        set_error(errp, "%s: %s is fixed %s: the driver cannot change it",
                  netdev, name, feature.active ? "on" : "off");
        error = EOPNOTSUPP;
        goto out;
    }

    error = (netlink
             ? feature_set_netlink(&genl, netdev, name, on, errp)
             : feature_set_ioctl(netdev, bit, n_words, on, errp));
    if (error) {
        goto out;
    }
    *changed = true;

    error = (netlink
             ? feature_get_netlink(&genl, netdev, name, &feature, errp)
             : feature_get_ioctl(netdev, name, &feature, &bit, &n_words,
                                 errp));
    if (!error && feature.active != on) {
        set_error(errp, "%s: %s requested %s but it is still %s (another "
                  "feature it depends on may be off)", netdev, name,
                  on ? "on" : "off", feature.active ? "on" : "off");
        error = EOPNOTSUPP;
    }
    if (!error) {
        VLOG_INFO("%s: %s %s", netdev, name, on ? "on" : "off");
    }

out:
    if (netlink) {
        genl_close(&genl);
    }
    return error;
}

int
ethtool_feature_set(const char *netdev, const char *name, bool on,
                    bool *changed, char **errp)
{
    return ethtool_feature_set__(ETHTOOL_PATH_AUTO, netdev, name, on,
                                 changed, errp);
}

/* Leg counters. */

/* Rules are tried in order; the first whose driver matches and whose
 * packet counters are both present wins.
 *
 * Sources: Documentation/networking/device_drivers/ethernet/mellanox/mlx5/
 * counters.rst and en_rep.c (mlx5), ixgbe_ethtool.c, ixgbevf/ethtool.c,
 * ena_ethtool.c, virtio_net.c (queue names changed from "rx_queue_N_" to
 * "rxN_" around Linux 6.10), veth.c. */
static const struct ethtool_leg_rule leg_rules[] = {
    /* mlx5 PF (uplink) in legacy mode and, on recent kernels, the uplink
     * representor in switchdev mode: physical port counters (PPCNT). */
    { "mlx5_core", "rx_packets_phy", "tx_packets_phy", "rx_bytes_phy",
      "tx_bytes_phy", true, false,
      "physical port counters, offloaded traffic included" },

    /* mlx5 uplink representor on older kernels. */
    { "mlx5e_rep", "rx_packets_phy", "tx_packets_phy", "rx_bytes_phy",
      "tx_bytes_phy", true, false,
      "physical port counters, offloaded traffic included" },

    /* mlx5 VF representor: the eswitch vport's counters, flipped by the
     * driver to the representor's point of view. */
    { "mlx5e_rep", "vport_rx_packets", "vport_tx_packets", "vport_rx_bytes",
      "vport_tx_bytes", true, true,
      "eswitch vport counters, offloaded traffic included; rx is what the "
      "VF sent" },

    /* mlx5 VF netdev (in a VM or the host). */
    { "mlx5_core", "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", false,
      false, "software counters: traffic the CPU handled" },

    /* Intel 82599 and friends: the MAC's good packet counters. */
    { "ixgbe", "rx_pkts_nic", "tx_pkts_nic", "rx_bytes_nic", "tx_bytes_nic",
      true, false, "NIC counters (GPRC/GPTC)" },
    { "ixgbe", "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", false,
      false, "netdev counters" },

    /* Intel 82599 VF, e.g. AWS "SR-IOV simple" enhanced networking. */
    { "ixgbevf", "rx_packets", "tx_packets", "rx_bytes", "tx_bytes", false,
      false, "netdev counters" },

    /* AWS ENA: per-queue counters only. */
    { "ena", "queue_#_rx_cnt", "queue_#_tx_cnt", "queue_#_rx_bytes",
      "queue_#_tx_bytes", false, false, "sum of the per-queue counters" },

    /* virtio-net: per-queue counters only, under two spellings. */
    { "virtio_net", "rx_queue_#_packets", "tx_queue_#_packets",
      "rx_queue_#_bytes", "tx_queue_#_bytes", false, false,
      "sum of the per-queue counters" },
    { "virtio_net", "rx#_packets", "tx#_packets", "rx#_bytes", "tx#_bytes",
      false, false, "sum of the per-queue counters" },

    /* veth counts only XDP in its ethtool statistics. */
    { "veth", NULL, NULL, NULL, NULL, false, false, "netdev counters" },
};

/* Returns the table of leg counter rules and stores its size in '*n'. */
const struct ethtool_leg_rule *
ethtool_leg_rules(size_t *n)
{
    *n = ARRAY_SIZE(leg_rules);
    return leg_rules;
}

/* Chooses the rule for driver 'driver' and statistics 'stats' (of one
 * netdev) and fills '*counters' from it.  Returns true if a rule with
 * ethtool counters applied; false if the netdev's own counters are to be
 * used instead (no rule for the driver, none whose counters exist, or a
 * rule that says so), and then '*counters' has 'rule' set to that rule or
 * NULL and no values. */
bool
ethtool_leg_counters_select(const char *driver,
                            const struct ethtool_stat_list *stats,
                            struct ethtool_leg_counters *counters)
{
    memset(counters, 0, sizeof *counters);
    for (size_t i = 0; i < ARRAY_SIZE(leg_rules); i++) {
        const struct ethtool_leg_rule *rule = &leg_rules[i];
        uint64_t rx, tx;

        if (!driver || strcmp(rule->driver, driver)) {
            continue;
        }
        if (!rule->rx_packets) {
            counters->rule = rule;
            return false;
        }
        if (!ethtool_stat_list_sum(stats, rule->rx_packets, &rx)
            || !ethtool_stat_list_sum(stats, rule->tx_packets, &tx)) {
            continue;
        }

        counters->rule = rule;
        counters->hw = rule->hw;
        counters->vf_swapped = rule->vf_swapped;
        counters->rx_packets = rx;
        counters->tx_packets = tx;
        counters->bytes_present
            = (rule->rx_bytes && rule->tx_bytes
               && ethtool_stat_list_sum(stats, rule->rx_bytes,
                                        &counters->rx_bytes)
               && ethtool_stat_list_sum(stats, rule->tx_bytes,
                                        &counters->tx_bytes));
        if (!counters->bytes_present) {
            counters->rx_bytes = counters->tx_bytes = 0;
        }
        return true;
    }
    return false;
}

/* Reads "<sysfs_root>/class/net/<netdev>/statistics/<name>" into
 * '*value'. */
static int
read_netdev_stat(const char *sysfs_root, const char *netdev,
                 const char *name, uint64_t *value)
{
    char *path = xasprintf("%s/class/net/%s/statistics/%s", sysfs_root,
                           netdev, name);
    unsigned long long int v;
    char line[32];
    int error = 0;
    FILE *f;

    f = fopen(path, "r");
    free(path);
    if (!f) {
        return errno;
    }
    if (!fgets(line, sizeof line, f)) {
        error = ferror(f) ? errno : EINVAL;
    } else {
        line[strcspn(line, "\n")] = '\0';
        if (!str_to_ullong(line, 10, &v)) {
            error = EINVAL;
        } else {
            *value = v;
        }
    }
    fclose(f);
    return error;
}

/* Reads the leg counters of 'netdev' into '*counters': its driver through
 * ethtool_get_driver_info(), its statistics through ethtool_get_stats(),
 * the counters that ethtool_leg_counters_select() chooses, or else the
 * netdev's own counters from "<sysfs_root>/class/net/<netdev>/statistics"
 * ('sysfs_root' NULL means "/sys").  Returns 0 or a positive errno
 * value. */
int
ethtool_leg_counters_read(const char *netdev, const char *sysfs_root,
                          struct ethtool_leg_counters *counters, char **errp)
{
    struct ethtool_driver_info info;
    struct ethtool_stat_list stats;
    const struct ethtool_leg_rule *rule;
    int error;

    clear_error(errp);
    memset(counters, 0, sizeof *counters);
    if (!netdev_name_ok(netdev) || strchr(netdev, '/')) {
        set_error(errp, "%s: invalid netdev name", netdev);
        return ENODEV;
    }
    error = ethtool_get_driver_info(netdev, &info, errp);
    if (error) {
        return error;
    }
    if (!ethtool_get_stats(netdev, &stats, NULL)
        && ethtool_leg_counters_select(info.driver, &stats, counters)) {
        ethtool_stat_list_destroy(&stats);
        return 0;
    }
    ethtool_stat_list_destroy(&stats);

    rule = counters->rule;
    memset(counters, 0, sizeof *counters);
    counters->rule = rule;
    sysfs_root = sysfs_root ? sysfs_root : "/sys";
    error = read_netdev_stat(sysfs_root, netdev, "rx_packets",
                             &counters->rx_packets);
    if (!error) {
        error = read_netdev_stat(sysfs_root, netdev, "tx_packets",
                                 &counters->tx_packets);
    }
    if (error) {
        set_error(errp, "%s: cannot read the netdev counters (%s)", netdev,
                  ovs_strerror(error));
        return error;
    }
    counters->bytes_present
        = (!read_netdev_stat(sysfs_root, netdev, "rx_bytes",
                             &counters->rx_bytes)
           && !read_netdev_stat(sysfs_root, netdev, "tx_bytes",
                                &counters->tx_bytes));
    return 0;
}
