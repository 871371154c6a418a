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

#ifndef ETHTOOL_H
#define ETHTOOL_H 1

/* ethtool: what ovs-offload needs from the kernel's ethtool interface.
 *
 *   - Driver information ("ethtool -i"): driver name and version, firmware
 *     version, bus address.  Through the ETHTOOL_GDRVINFO ioctl; netlink
 *     has no equivalent.
 *
 *   - Link speed and duplex ("ethtool DEV"): the ETHTOOL_GLINKSETTINGS
 *     ioctl, or ETHTOOL_GSET on kernels before 4.6.
 *
 *   - Offload features ("ethtool -k/-K"), above all "hw-tc-offload"
 *     (NETIF_F_HW_TC), which must be on for TC flower rules to reach the
 *     NIC.  Through the ethtool generic netlink family
 *     (ETHTOOL_MSG_FEATURES_GET/SET, Linux 5.6), with the feature names in
 *     the messages, or through the ETHTOOL_GFEATURES/SFEATURES ioctls, with
 *     the feature's bit found among the ETH_SS_FEATURES strings, on kernels
 *     without the family.
 *
 *   - Driver statistics by name ("ethtool -S"): ETHTOOL_GSTRINGS of
 *     ETH_SS_STATS and ETHTOOL_GSTATS.  Netlink carries only the standard
 *     statistics groups, not these driver-private counters
 *     (rx_packets_phy and friends).
 *
 *   - "Leg counters": for a port (a PF uplink, a VF representor, an AWS
 *     ENA or ixgbevf interface, ...), which counters show the traffic
 *     through it, chosen per driver from a table (see
 *     ethtool_leg_rules()).
 *
 * Message builders and parsers are separate from the I/O and do none, so
 * that unit tests check them with synthetic data.
 *
 * Errors.  Functions that return 'int' return 0 or a positive errno value.
 * Those that take a 'char **errp' store there, on failure, a malloc'd
 * explanation (with the kernel's extended acknowledgement text when there
 * is one), which the caller must free, and NULL on success.  'errp' may be
 * NULL. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ethtool_drvinfo;
struct nlmsghdr;

/* Room for an ethtool string (ETH_GSTRING_LEN, 32) and a null. */
#define ETHTOOL_STRING_SIZE 33

/* The feature that TC offload needs (NETIF_F_HW_TC). */
#define ETHTOOL_HW_TC_OFFLOAD "hw-tc-offload"

/* Driver information. */

/* "ethtool -i": the fields of 'struct ethtool_drvinfo', null-terminated.
 * Empty strings where the driver reports nothing. */
struct ethtool_driver_info {
    char driver[ETHTOOL_STRING_SIZE];       /* E.g. "mlx5_core". */
    char version[ETHTOOL_STRING_SIZE];      /* Often the kernel release
                                             * for in-tree drivers. */
    char fw_version[ETHTOOL_STRING_SIZE];   /* E.g. "16.35.2000 (MT_...)",
                                             * or "N/A". */
    char bus_info[ETHTOOL_STRING_SIZE];     /* E.g. "0000:03:00.0". */
    char erom_version[ETHTOOL_STRING_SIZE];
    uint32_t n_stats;                       /* ETH_SS_STATS count. */
    uint32_t n_priv_flags;
};

int ethtool_get_driver_info(const char *netdev, struct ethtool_driver_info *,
                            char **errp);
void ethtool_driver_info_from_raw(const struct ethtool_drvinfo *,
                                  struct ethtool_driver_info *);

/* Link. */

/* Link speed and duplex ("ethtool DEV"). */
struct ethtool_link_state {
    bool speed_known;
    uint32_t speed;             /* Mb/s, if 'speed_known'. */
    int duplex;                 /* 0 half, 1 full, -1 unknown. */
    int autoneg;                /* 1 on, 0 off, -1 unknown. */
};

int ethtool_get_link_state(const char *netdev, struct ethtool_link_state *,
                           char **errp);

/* Features. */

/* One offload feature, as "ethtool -k" shows it. */
struct ethtool_feature {
    bool active;                /* In effect: "on". */
    bool wanted;                /* Requested; may differ from 'active'
                                 * when a dependency is off. */
    bool changeable;            /* False: "[fixed]". */
};

/* How to reach the kernel. */
enum ethtool_path {
    ETHTOOL_PATH_AUTO,          /* Netlink if the kernel has the family,
                                 * else the ioctl. */
    ETHTOOL_PATH_NETLINK,       /* Only netlink. */
    ETHTOOL_PATH_IOCTL,         /* Only the ioctl. */
};

int ethtool_feature_get(const char *netdev, const char *name,
                        struct ethtool_feature *, char **errp);
int ethtool_feature_set(const char *netdev, const char *name, bool on,
                        bool *changed, char **errp);
int ethtool_feature_get__(enum ethtool_path, const char *netdev,
                          const char *name, struct ethtool_feature *,
                          char **errp);
int ethtool_feature_set__(enum ethtool_path, const char *netdev,
                          const char *name, bool on, bool *changed,
                          char **errp);

/* Size of the buffer that ethtool_build_*() need. */
#define ETHTOOL_REQUEST_SIZE 512

struct nlmsghdr *ethtool_build_features_get(void *buf, size_t size,
                                            uint16_t family,
                                            const char *netdev);
struct nlmsghdr *ethtool_build_features_set(void *buf, size_t size,
                                            uint16_t family,
                                            const char *netdev,
                                            const char *name, bool on);
int ethtool_parse_features_msg(const struct nlmsghdr *, const char *name,
                               struct ethtool_feature *, bool *found);
int ethtool_strings_find(const char *strings, size_t n, const char *name);

/* Statistics. */

/* One driver statistic ("ethtool -S" line). */
struct ethtool_stat {
    char name[ETHTOOL_STRING_SIZE];
    uint64_t value;
};

/* All the statistics of a netdev, in the driver's order. */
struct ethtool_stat_list {
    struct ethtool_stat *stats;
    size_t n;
};

int ethtool_get_stats(const char *netdev, struct ethtool_stat_list *,
                      char **errp);
void ethtool_stat_list_fill(struct ethtool_stat_list *, const char *strings,
                            const uint64_t *values, size_t n);
void ethtool_stat_list_destroy(struct ethtool_stat_list *);
const struct ethtool_stat *ethtool_stat_list_find(
    const struct ethtool_stat_list *, const char *name);
bool ethtool_stat_list_sum(const struct ethtool_stat_list *,
                           const char *pattern, uint64_t *sum);
bool ethtool_stat_name_match(const char *pattern, const char *name);

/* Leg counters. */

/* Which counters show the traffic through a port with a given driver.
 *
 * 'rx_*' count what the port's netdev receives (from the wire for an
 * uplink, from the VF for a VF representor), 'tx_*' what it sends.  Each
 * name is a statistic name or a pattern in which "#" stands for a run of
 * decimal digits, e.g. "queue_#_rx_cnt": then the sum of all matches.  A
 * rule whose 'rx_packets' is NULL means the netdev's own counters
 * (/sys/class/net/DEV/statistics), for drivers whose ethtool statistics
 * have no totals. */
struct ethtool_leg_rule {
    const char *driver;         /* "ethtool -i" driver name. */
    const char *rx_packets;
    const char *tx_packets;
    const char *rx_bytes;       /* May be NULL. */
    const char *tx_bytes;       /* May be NULL. */
    bool hw;                    /* Counted by the NIC, so traffic that is
                                 * offloaded (never seen by the CPU) is
                                 * included. */
    bool vf_swapped;            /* A representor: its rx is what the VF
                                 * sent, its tx what the VF received. */
    const char *what;           /* One-line description. */
};

/* The leg counters of one port, as read. */
struct ethtool_leg_counters {
    const struct ethtool_leg_rule *rule;    /* The rule used, or NULL for
                                             * the netdev's counters. */
    bool hw;                    /* See struct ethtool_leg_rule. */
    bool vf_swapped;
    uint64_t rx_packets;
    uint64_t tx_packets;
    bool bytes_present;
    uint64_t rx_bytes;
    uint64_t tx_bytes;
};

const struct ethtool_leg_rule *ethtool_leg_rules(size_t *n);
bool ethtool_leg_counters_select(const char *driver,
                                 const struct ethtool_stat_list *,
                                 struct ethtool_leg_counters *);
int ethtool_leg_counters_read(const char *netdev, const char *sysfs_root,
                              struct ethtool_leg_counters *, char **errp);

#endif /* ethtool.h */
