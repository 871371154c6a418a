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

#ifndef DEVLINK_H
#define DEVLINK_H 1

/* devlink: the kernel's generic netlink interface to NIC eswitches.
 *
 * ovs-offload uses devlink for three things:
 *
 *   - Reading and setting the eswitch mode of a PF (legacy or switchdev),
 *     plus its inline and encapsulation modes.
 *
 *   - Dumping devlink ports, to map a VF (PF number, VF number) to its
 *     representor netdev.
 *
 *   - Reading device information (driver, serial number, firmware
 *     versions), for status output and bug reports.
 *
 * A devlink instance is named by a "handle", a bus name and a device name,
 * e.g. "pci" and "0000:81:00.0", or "netdevsim" and "netdevsim10".  The
 * devlink(8) CLI writes it as "pci/0000:81:00.0".
 *
 * The module is in two layers:
 *
 *   - Pure functions that build requests into a caller-supplied buffer
 *     (devlink_build_*()) and parse replies (devlink_parse_*()).  They do no
 *     I/O and are what the unit tests exercise.
 *
 *   - Synchronous operations on a 'struct devlink_sock' (libmnl,
 *     NETLINK_GENERIC) that send one request and wait for its replies.
 *
 * The netlink plumbing (attribute policies, acknowledgements, sockets,
 * generic netlink family resolution) is netlink/nl-mnl.h's.
 *
 * Errors.  Every function that returns 'int' returns 0 on success or a
 * positive errno value.  The kernel often explains a failure in an extended
 * acknowledgement ("extack"), e.g. mlx5's "Can't change mode, E-Switch is
 * busy": for offload problems that text, not the errno, is the diagnosis.
 * Every operation therefore takes a 'char **extack' (which may be NULL): on
 * return '*extack' is NULL or the kernel's message, malloc'd, which the
 * caller must free.  The kernel may attach a message to a successful
 * acknowledgement too, as a warning, so check '*extack' even on success.
 *
 * Presence.  Older kernels and some drivers omit attributes, so each
 * optional value in the structures below comes with a "present" flag (or is
 * a NULL string).  Never read a value whose flag is false.
 *
 * Each function is documented at its definition in devlink.c, together with
 * the devlink(8) command it corresponds to.  Not thread-safe: use one socket
 * per thread. */

#include <linux/devlink.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;
struct nlmsghdr;

/* Size of the buffer that devlink_build_*() need.  It holds any request
 * whose bus and device names are at most DEVLINK_NAME_MAX bytes each. */
#define DEVLINK_REQUEST_SIZE 1024

/* Longest bus or device name accepted in a request, in bytes. */
#define DEVLINK_NAME_MAX 255

/* Size of a phys_port_name buffer, including the null terminator.  The
 * kernel formats phys_port_name into an IFNAMSIZ buffer. */
#define DEVLINK_PHYS_PORT_NAME_SIZE 16

/* Longest switch id (MAX_PHYS_ITEM_ID_LEN in the kernel). */
#define DEVLINK_SWITCH_ID_MAX 32

/* Longest port function hardware address (MAX_ADDR_LEN in the kernel). */
#define DEVLINK_HW_ADDR_MAX 32

/* Socket. */

struct devlink_sock;

int devlink_sock_open(struct devlink_sock **sockp, char **errmsg);
int devlink_sock_open__(const char *family_name, const char *group_name,
                        struct devlink_sock **sockp, char **errmsg);
void devlink_sock_close(struct devlink_sock *);
uint16_t devlink_sock_family(const struct devlink_sock *);
uint32_t devlink_sock_config_group(const struct devlink_sock *);

/* Eswitch. */

/* Eswitch mode: the value of DEVLINK_ATTR_ESWITCH_MODE, a u16 on the wire.
 *
 * These mirror 'enum devlink_eswitch_mode' from <linux/devlink.h>.  The
 * headers this is built against (Linux 6.1) lack SWITCHDEV_INACTIVE, which
 * a November 2025 patch series added to the UAPI, after Linux 6.18, and an
 * enum constant cannot be tested with #ifdef.  Defining the values here lets
 * this module read and name mode 2 whatever the build headers say. */
enum devlink_esw_mode {
    DEVLINK_ESW_MODE_LEGACY = 0,      /* No representors. */
    DEVLINK_ESW_MODE_SWITCHDEV = 1,   /* Representors, offload possible. */
    DEVLINK_ESW_MODE_SWITCHDEV_INACTIVE = 2, /* Switchdev with traffic to the
                                              * FDB blocked until the mode is
                                              * set to switchdev. */
};

/* The eswitch attributes of one devlink instance.  Each value is valid only
 * if its '*_present' flag is true. */
struct devlink_eswitch {
    bool mode_present;
    uint16_t mode;              /* enum devlink_esw_mode. */
    bool inline_mode_present;
    uint8_t inline_mode;        /* enum devlink_eswitch_inline_mode. */
    bool encap_mode_present;
    uint8_t encap_mode;         /* enum devlink_eswitch_encap_mode. */
};

int devlink_eswitch_get(struct devlink_sock *, const char *bus,
                        const char *dev, struct devlink_eswitch *,
                        char **extack);
int devlink_eswitch_set(struct devlink_sock *, const char *bus,
                        const char *dev, uint16_t mode, char **extack);
int devlink_eswitch_set_attrs(struct devlink_sock *, const char *bus,
                              const char *dev,
                              const struct devlink_eswitch *,
                              char **extack);
void devlink_eswitch_format(const struct devlink_eswitch *, struct ds *);

/* Ports. */

/* One devlink port, as reported by DEVLINK_CMD_PORT_GET. */
struct devlink_port {
    /* Always present. */
    char *bus_name;             /* Handle, e.g. "pci". */
    char *dev_name;             /* Handle, e.g. "0000:81:00.0". */
    uint32_t index;             /* Port index, unique per instance. */

    bool type_present;
    uint16_t type;              /* enum devlink_port_type. */
    bool flavour_present;
    uint16_t flavour;           /* enum devlink_port_flavour. */

    /* Physical, CPU and DSA ports: the front panel number ("p1") and, for
     * a split port, the subport number ("p1s0"). */
    bool number_present;
    uint32_t number;
    bool split_subport_present;
    uint32_t split_subport;
    bool splittable;            /* False if absent. */
    bool linecard_present;
    uint32_t linecard;

    /* PCI PF, VF and SF ports.  The kernel sends the PF number only for
     * these flavours, never for physical ports. */
    bool controller_present;
    uint32_t controller;        /* 0 is the local host. */
    bool external;              /* Controller is external.  False if
                                 * absent. */
    bool pfnum_present;
    uint16_t pfnum;
    bool vfnum_present;
    uint16_t vfnum;
    bool sfnum_present;
    uint32_t sfnum;

    /* The port function's hardware address (the VF's MAC), length 0 if
     * absent. */
    uint8_t hw_addr[DEVLINK_HW_ADDR_MAX];
    size_t hw_addr_len;

    /* The port's netdev, e.g. a VF representor. */
    char *netdev_name;          /* NULL if absent. */
    bool ifindex_present;
    uint32_t ifindex;

    /* Not devlink attributes.
     *
     * 'phys_port_name' is derived from the attributes above by the rules
     * the kernel uses for the netdev's phys_port_name ("p1", "pf0vf3",
     * "c1pf0vf3", ...).  It is empty if the kernel would report none.
     *
     * devlink does not carry the switch id.  devlink_port_table_read_sysfs()
     * fills it from /sys/class/net/<netdev>/phys_switch_id (equivalently,
     * IFLA_PHYS_SWITCH_ID); until then 'switch_id_len' is 0. */
    char phys_port_name[DEVLINK_PHYS_PORT_NAME_SIZE];
    uint8_t switch_id[DEVLINK_SWITCH_ID_MAX];
    size_t switch_id_len;
};

void devlink_port_uninit(struct devlink_port *);
void devlink_port_format(const struct devlink_port *, struct ds *);

/* A set of devlink ports with lookup indexes. */
struct devlink_port_table;

int devlink_port_dump(struct devlink_sock *, const char *bus,
                      const char *dev, struct devlink_port_table **tablep,
                      char **extack);

struct devlink_port_table *devlink_port_table_create(void);
void devlink_port_table_destroy(struct devlink_port_table *);
int devlink_port_table_insert(struct devlink_port_table *,
                              struct devlink_port *);
int devlink_port_table_feed(struct devlink_port_table *, uint16_t family,
                            const char *bus, const char *dev,
                            const void *buf, size_t len, bool *done,
                            char **extack);
size_t devlink_port_table_count(const struct devlink_port_table *);
const struct devlink_port *devlink_port_table_at(
    const struct devlink_port_table *, size_t idx);
const struct devlink_port *devlink_port_table_find_index(
    const struct devlink_port_table *, const char *bus, const char *dev,
    uint32_t index);
const struct devlink_port *devlink_port_table_find_vf(
    const struct devlink_port_table *, const char *bus, const char *dev,
    uint32_t controller, uint16_t pfnum, uint16_t vfnum);
const struct devlink_port *devlink_port_table_find_pf(
    const struct devlink_port_table *, const char *bus, const char *dev,
    uint32_t controller, uint16_t pfnum);
const struct devlink_port *devlink_port_table_find_netdev(
    const struct devlink_port_table *, const char *netdev_name);
int devlink_port_table_read_sysfs(struct devlink_port_table *,
                                  const char *sysfs_net);

/* Device information. */

/* One "name value" pair of firmware or hardware versions. */
struct devlink_info_version {
    char *name;                 /* E.g. "fw.version". */
    char *value;                /* E.g. "22.39.1002". */
};

/* A list of versions, in the kernel's order. */
struct devlink_info_versions {
    struct devlink_info_version *versions;
    size_t n;
    size_t allocated;
};

/* DEVLINK_CMD_INFO_GET reply.  Strings are NULL if absent. */
struct devlink_info {
    char *bus_name;
    char *dev_name;
    char *driver_name;
    char *serial_number;
    char *board_serial_number;
    struct devlink_info_versions fixed;    /* E.g. "board.id". */
    struct devlink_info_versions running;  /* E.g. "fw.version". */
    struct devlink_info_versions stored;   /* Flashed, active on reset. */
};

int devlink_info_get(struct devlink_sock *, const char *bus,
                     const char *dev, struct devlink_info *,
                     char **extack);
void devlink_info_uninit(struct devlink_info *);
const char *devlink_info_versions_find(const struct devlink_info_versions *,
                                       const char *name);

/* Names. */

const char *devlink_esw_mode_to_string(uint16_t mode);
bool devlink_esw_mode_from_string(const char *, uint16_t *mode);
const char *devlink_inline_mode_to_string(uint8_t inline_mode);
const char *devlink_encap_mode_to_string(uint8_t encap_mode);
const char *devlink_port_type_to_string(uint16_t type);
const char *devlink_flavour_to_string(uint16_t flavour);

/* Message builders (no I/O). */

struct nlmsghdr *devlink_build_eswitch_get(char *buf, uint16_t family,
                                           const char *bus, const char *dev);
struct nlmsghdr *devlink_build_eswitch_set(char *buf, uint16_t family,
                                           const char *bus, const char *dev,
                                           const struct devlink_eswitch *);
struct nlmsghdr *devlink_build_port_dump(char *buf, uint16_t family,
                                         const char *bus, const char *dev);
struct nlmsghdr *devlink_build_info_get(char *buf, uint16_t family,
                                        const char *bus, const char *dev);

/* Message parsers (no I/O). */

int devlink_parse_eswitch_msg(const struct nlmsghdr *,
                              struct devlink_eswitch *);
int devlink_parse_port_msg(const struct nlmsghdr *, struct devlink_port *);
int devlink_parse_info_msg(const struct nlmsghdr *, struct devlink_info *);

#endif /* devlink.h */
