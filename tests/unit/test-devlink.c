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

/* Unit tests of the devlink module (devlink/devlink.c).
 *
 * The build host has no devlink device, so the tests feed the parsers
 * synthetic generic netlink messages, built with libmnl the way the kernel
 * lays them out (net/devlink/port.c, dev.c; <linux/devlink.h>), and check
 * the bytes of the requests that the builders produce.  Most tests are rows
 * of tables, one cmocka test per row.
 *
 * The "live" tests talk to the running kernel: they resolve the "nlctrl"
 * family, which every kernel has, and "devlink", which must either work or
 * fail with ENOENT and a clear message. */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <cmocka.h>

#include "devlink/devlink.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

/* The number of elements of 'ARRAY'. */
#define N_ELEMS(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

/* A plausible dynamic generic netlink id for "devlink". */
#define FAMILY 0x1b

/* Room for several messages, aligned for 'struct nlmsghdr'. */
struct msgbuf {
    uint64_t words[4096];
    size_t len;                 /* Bytes used. */
};

static struct nlmsghdr *
msg_start(struct msgbuf *mb, uint16_t type, uint8_t cmd, uint16_t flags)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header((char *) mb->words
                                                + mb->len);
    struct genlmsghdr *genl;

    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = flags;
    nlh->nlmsg_seq = 1;
    genl = mnl_nlmsg_put_extra_header(nlh, sizeof *genl);
    genl->cmd = cmd;
    genl->version = DEVLINK_GENL_VERSION;
    return nlh;
}

static void
msg_end(struct msgbuf *mb, const struct nlmsghdr *nlh)
{
    mb->len += MNL_ALIGN(nlh->nlmsg_len);
    assert_true(mb->len <= sizeof mb->words);
}

static struct nlmsghdr *
msg_first(struct msgbuf *mb)
{
    return (struct nlmsghdr *) (void *) mb->words;
}

static void
put_done(struct msgbuf *mb, int code)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header((char *) mb->words
                                                + mb->len);
    int *payload;

    nlh->nlmsg_type = NLMSG_DONE;
    nlh->nlmsg_flags = NLM_F_MULTI;
    nlh->nlmsg_seq = 1;
    payload = mnl_nlmsg_put_extra_header(nlh, sizeof *payload);
    *payload = code;
    msg_end(mb, nlh);
}

/* Finds the attribute of type 'type' in 'nlh' after the genl header. */
static const struct nlattr *
find_attr(const struct nlmsghdr *nlh, uint16_t type)
{
    const struct nlattr *attr;

    mnl_attr_for_each (attr, nlh, GENL_HDRLEN) {
        if (mnl_attr_get_type(attr) == type) {
            return attr;
        }
    }
    return NULL;
}

/* Ports. */

enum {
    HAS_NUMBER = 1 << 0,
    HAS_SPLIT = 1 << 1,
    HAS_LINECARD = 1 << 2,
    HAS_CONTROLLER = 1 << 3,
    HAS_PF = 1 << 4,
    HAS_VF = 1 << 5,
    HAS_SF = 1 << 6,
    HAS_HW_ADDR = 1 << 7,
};

/* A port as the kernel would report it, and the phys_port_name expected
 * from it. */
struct port_spec {
    const char *name;           /* Test name, for phys_port_name cases. */
    const char *bus;
    const char *dev;
    uint32_t index;
    uint16_t flavour;
    unsigned int has;           /* HAS_*. */
    uint32_t number;
    uint32_t split;
    uint32_t linecard;
    uint32_t controller;
    bool external;
    uint16_t pfnum;
    uint16_t vfnum;
    uint32_t sfnum;
    const char *netdev;         /* NULL: no netdev. */
    uint32_t ifindex;
    const char *phys_port_name;
};

/* Appends to 'mb' a port message for 'p', with the attributes in the order
 * of devlink_nl_port_fill() and one attribute from the future, which the
 * parser must ignore. */
static struct nlmsghdr *
put_port(struct msgbuf *mb, uint8_t cmd, uint16_t flags,
         const struct port_spec *p)
{
    const uint8_t mac[6] = { 0x02, 0x00, 0x00, 0x00, 0x0a, p->index };
    struct nlmsghdr *nlh = msg_start(mb, FAMILY, cmd, flags);

    mnl_attr_put_strz(nlh, DEVLINK_ATTR_BUS_NAME, p->bus);
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, p->dev);
    mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_INDEX, p->index);
    mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_TYPE, DEVLINK_PORT_TYPE_ETH);
    if (p->netdev) {
        mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_NETDEV_IFINDEX, p->ifindex);
        mnl_attr_put_strz(nlh, DEVLINK_ATTR_PORT_NETDEV_NAME, p->netdev);
    }
    mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_FLAVOUR, p->flavour);
    mnl_attr_put_u8(nlh, DEVLINK_ATTR_PORT_SPLITTABLE, 0);
    if (p->has & HAS_CONTROLLER) {
        mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_CONTROLLER_NUMBER,
                         p->controller);
    }
    if (p->has & HAS_PF) {
        mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_PCI_PF_NUMBER, p->pfnum);
    }
    if (p->has & HAS_VF) {
        mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_PCI_VF_NUMBER, p->vfnum);
    }
    if (p->has & HAS_SF) {
        mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_PCI_SF_NUMBER, p->sfnum);
    }
    if (p->has & HAS_CONTROLLER) {
        mnl_attr_put_u8(nlh, DEVLINK_ATTR_PORT_EXTERNAL, p->external);
    }
    if (p->has & HAS_NUMBER) {
        mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_NUMBER, p->number);
    }
    if (p->has & HAS_SPLIT) {
        mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_SPLIT_GROUP, p->number);
        mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_SPLIT_SUBPORT_NUMBER,
                         p->split);
    }
    if (p->has & HAS_LINECARD) {
        mnl_attr_put_u32(nlh, DEVLINK_ATTR_LINECARD_INDEX, p->linecard);
    }
    if (p->has & HAS_HW_ADDR) {
        struct nlattr *nest = mnl_attr_nest_start(nlh,
                                                  DEVLINK_ATTR_PORT_FUNCTION);

        mnl_attr_put(nlh, DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR, sizeof mac,
                     mac);
        mnl_attr_put_u8(nlh, DEVLINK_PORT_FN_ATTR_STATE, 1);
        mnl_attr_nest_end(nlh, nest);
    }
    mnl_attr_put_u64(nlh, DEVLINK_ATTR_MAX + 50, 42);
    msg_end(mb, nlh);
    return nlh;
}

/* netdevsim instance 10 with two physical ports and two VFs, as created by
 * "echo '10 2' > /sys/bus/netdevsim/new_device" plus
 * "echo 2 > /sys/bus/netdevsim/devices/netdevsim10/sriov_numvfs" and
 * "devlink dev eswitch set netdevsim/netdevsim10 mode switchdev".
 * netdevsim numbers physical ports from 1 and VF port indexes from 128; udev
 * names the netdevs "eni<id>n<phys_port_name>". */
static const struct port_spec nsim_ports[] = {
    {
        .bus = "netdevsim", .dev = "netdevsim10", .index = 0,
        .flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
        .has = HAS_NUMBER, .number = 1,
        .netdev = "eni10np1", .ifindex = 5, .phys_port_name = "p1",
    },
    {
        .bus = "netdevsim", .dev = "netdevsim10", .index = 1,
        .flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
        .has = HAS_NUMBER, .number = 2,
        .netdev = "eni10np2", .ifindex = 6, .phys_port_name = "p2",
    },
    {
        .bus = "netdevsim", .dev = "netdevsim10", .index = 128,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
        .has = HAS_CONTROLLER | HAS_PF | HAS_VF | HAS_HW_ADDR,
        .pfnum = 0, .vfnum = 0,
        .netdev = "eni10npf0vf0", .ifindex = 7, .phys_port_name = "pf0vf0",
    },
    {
        .bus = "netdevsim", .dev = "netdevsim10", .index = 129,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
        .has = HAS_CONTROLLER | HAS_PF | HAS_VF | HAS_HW_ADDR,
        .pfnum = 0, .vfnum = 1,
        .netdev = "eni10npf0vf1", .ifindex = 8, .phys_port_name = "pf0vf1",
    },
};

/* A dual-port mlx5 NIC in switchdev mode, one devlink instance per PF (port
 * index = vhca_id << 16 | vport), and a BlueField whose host VF belongs to
 * external controller 1. */
static const struct port_spec pci_ports[] = {
    {
        .bus = "pci", .dev = "0000:81:00.0", .index = 65535,
        .flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
        .has = HAS_NUMBER, .number = 0,
        .netdev = "ens1f0np0", .ifindex = 10, .phys_port_name = "p0",
    },
    {
        .bus = "pci", .dev = "0000:81:00.0", .index = 1,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
        .has = HAS_CONTROLLER | HAS_PF | HAS_VF | HAS_HW_ADDR,
        .pfnum = 0, .vfnum = 0,
        .netdev = "ens1f0npf0vf0", .ifindex = 12, .phys_port_name = "pf0vf0",
    },
    {
        .bus = "pci", .dev = "0000:81:00.0", .index = 2,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
        .has = HAS_CONTROLLER | HAS_PF | HAS_VF,
        .pfnum = 0, .vfnum = 1,
        .netdev = "ens1f0npf0vf1", .ifindex = 13, .phys_port_name = "pf0vf1",
    },
    {
        .bus = "pci", .dev = "0000:81:00.1", .index = 131071,
        .flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
        .has = HAS_NUMBER, .number = 1,
        .netdev = "ens1f1np1", .ifindex = 11, .phys_port_name = "p1",
    },
    {
        .bus = "pci", .dev = "0000:81:00.1", .index = 65537,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
        .has = HAS_CONTROLLER | HAS_PF | HAS_VF,
        .pfnum = 1, .vfnum = 0,
        .netdev = "ens1f1npf1vf0", .ifindex = 14, .phys_port_name = "pf1vf0",
    },
    {
        .bus = "pci", .dev = "0000:03:00.0", .index = 196608,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_PF,
        .has = HAS_CONTROLLER | HAS_PF, .controller = 1, .external = true,
        .pfnum = 0,
        .netdev = "pf0hpf", .ifindex = 20, .phys_port_name = "c1pf0",
    },
    {
        .bus = "pci", .dev = "0000:03:00.0", .index = 196609,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
        .has = HAS_CONTROLLER | HAS_PF | HAS_VF, .controller = 1,
        .external = true, .pfnum = 0, .vfnum = 0,
        .netdev = "pf0vf0", .ifindex = 21, .phys_port_name = "c1pf0vf0",
    },
};

/* Builds a port table the way devlink_port_dump() does, from two datagrams:
 * the netdevsim ports with the quirky DEVLINK_CMD_NEW reply command, then
 * the PCI ports with DEVLINK_CMD_PORT_NEW and NLMSG_DONE. */
static struct devlink_port_table *
build_dump_table(void)
{
    struct devlink_port_table *table = devlink_port_table_create();
    struct msgbuf *mb = xzalloc(sizeof *mb);
    char *extack;
    bool done;

    for (size_t i = 0; i < N_ELEMS(nsim_ports); i++) {
        put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[i]);
    }
    assert_int_equal(devlink_port_table_feed(table, FAMILY, NULL, NULL,
                                             mb->words, mb->len, &done,
                                             &extack), 0);
    assert_false(done);
    assert_null(extack);
    assert_int_equal(devlink_port_table_count(table), N_ELEMS(nsim_ports));

    memset(mb, 0, sizeof *mb);
    for (size_t i = 0; i < N_ELEMS(pci_ports); i++) {
        put_port(mb, DEVLINK_CMD_PORT_NEW, NLM_F_MULTI, &pci_ports[i]);
    }
    put_done(mb, 0);
    assert_int_equal(devlink_port_table_feed(table, FAMILY, NULL, NULL,
                                             mb->words, mb->len, &done,
                                             &extack), 0);
    assert_true(done);
    assert_null(extack);
    free(mb);
    return table;
}

/* Checks that 'port' carries everything in 'spec'. */
static void
check_port(const struct devlink_port *port, const struct port_spec *spec)
{
    assert_non_null(port);
    assert_string_equal(port->bus_name, spec->bus);
    assert_string_equal(port->dev_name, spec->dev);
    assert_int_equal(port->index, spec->index);
    assert_true(port->type_present);
    assert_int_equal(port->type, DEVLINK_PORT_TYPE_ETH);
    assert_true(port->flavour_present);
    assert_int_equal(port->flavour, spec->flavour);
    assert_int_equal(port->number_present, !!(spec->has & HAS_NUMBER));
    if (spec->has & HAS_NUMBER) {
        assert_int_equal(port->number, spec->number);
    }
    assert_int_equal(port->pfnum_present, !!(spec->has & HAS_PF));
    if (spec->has & HAS_PF) {
        assert_int_equal(port->pfnum, spec->pfnum);
    }
    assert_int_equal(port->vfnum_present, !!(spec->has & HAS_VF));
    if (spec->has & HAS_VF) {
        assert_int_equal(port->vfnum, spec->vfnum);
    }
    assert_int_equal(port->controller_present,
                     !!(spec->has & HAS_CONTROLLER));
    assert_int_equal(port->external, spec->external);
    if (spec->netdev) {
        assert_string_equal(port->netdev_name, spec->netdev);
        assert_true(port->ifindex_present);
        assert_int_equal(port->ifindex, spec->ifindex);
    } else {
        assert_null(port->netdev_name);
        assert_false(port->ifindex_present);
    }
    if (spec->has & HAS_HW_ADDR) {
        assert_int_equal(port->hw_addr_len, 6);
        assert_int_equal(port->hw_addr[0], 0x02);
        assert_int_equal(port->hw_addr[5], (uint8_t) spec->index);
    } else {
        assert_int_equal(port->hw_addr_len, 0);
    }
    assert_string_equal(port->phys_port_name, spec->phys_port_name);
    assert_int_equal(port->switch_id_len, 0);
}

static void
test_port_dump(void **state OVS_UNUSED)
{
    struct devlink_port_table *table = build_dump_table();
    size_t n = 0;

    assert_int_equal(devlink_port_table_count(table),
                     N_ELEMS(nsim_ports) + N_ELEMS(pci_ports));
    for (size_t i = 0; i < N_ELEMS(nsim_ports); i++) {
        check_port(devlink_port_table_at(table, n++), &nsim_ports[i]);
    }
    for (size_t i = 0; i < N_ELEMS(pci_ports); i++) {
        const struct port_spec *spec = &pci_ports[i];

        check_port(devlink_port_table_at(table, n++), spec);
        check_port(devlink_port_table_find_index(table, spec->bus, spec->dev,
                                                 spec->index), spec);
    }
    assert_null(devlink_port_table_find_index(table, "pci", "0000:81:00.1",
                                              1));
    devlink_port_table_destroy(table);
}

/* Lookup of a VF representor by (handle, controller, pfnum, vfnum). */
struct vf_lookup {
    const char *name;
    const char *bus;
    const char *dev;
    uint32_t controller;
    uint16_t pfnum;
    uint16_t vfnum;
    const char *netdev;         /* Expected, or NULL for no match. */
};

static const struct vf_lookup vf_lookups[] = {
    { "vf: nsim pf0vf0", "netdevsim", "netdevsim10", 0, 0, 0, "eni10npf0vf0" },
    { "vf: nsim pf0vf1", "netdevsim", "netdevsim10", 0, 0, 1, "eni10npf0vf1" },
    { "vf: nsim pf0vf2 absent", "netdevsim", "netdevsim10", 0, 0, 2, NULL },
    { "vf: nsim pf1vf0 absent", "netdevsim", "netdevsim10", 0, 1, 0, NULL },
    { "vf: nsim other instance", "netdevsim", "netdevsim11", 0, 0, 0, NULL },
    { "vf: nsim wrong controller", "netdevsim", "netdevsim10", 1, 0, 0, NULL },
    { "vf: mlx5 pf0vf0", "pci", "0000:81:00.0", 0, 0, 0, "ens1f0npf0vf0" },
    { "vf: mlx5 pf0vf1", "pci", "0000:81:00.0", 0, 0, 1, "ens1f0npf0vf1" },
    { "vf: mlx5 pf1vf0", "pci", "0000:81:00.1", 0, 1, 0, "ens1f1npf1vf0" },
    { "vf: mlx5 pf1vf0 not on pf0", "pci", "0000:81:00.0", 0, 1, 0, NULL },
    { "vf: mlx5 pf0vf0 not on pf1", "pci", "0000:81:00.1", 0, 0, 0, NULL },
    { "vf: bluefield c1pf0vf0", "pci", "0000:03:00.0", 1, 0, 0, "pf0vf0" },
    { "vf: bluefield controller 0", "pci", "0000:03:00.0", 0, 0, 0, NULL },
};

static void
test_vf_lookup(void **state)
{
    const struct vf_lookup *l = *state;
    struct devlink_port_table *table = build_dump_table();
    const struct devlink_port *port;

    port = devlink_port_table_find_vf(table, l->bus, l->dev, l->controller,
                                      l->pfnum, l->vfnum);
    if (l->netdev) {
        assert_non_null(port);
        assert_string_equal(port->netdev_name, l->netdev);
        assert_int_equal(port->flavour, DEVLINK_PORT_FLAVOUR_PCI_VF);
        assert_int_equal(port->pfnum, l->pfnum);
        assert_int_equal(port->vfnum, l->vfnum);
        assert_ptr_equal(devlink_port_table_find_netdev(table, l->netdev),
                         port);
    } else {
        assert_null(port);
    }
    devlink_port_table_destroy(table);
}

/* Lookup by netdev name. */
struct name_lookup {
    const char *name;
    const char *netdev;
    const char *bus;            /* NULL: expect no match. */
    const char *dev;
    uint32_t index;
    uint16_t flavour;
    const char *phys_port_name;
};

static const struct name_lookup name_lookups[] = {
    { "name: eni10np1", "eni10np1", "netdevsim", "netdevsim10", 0,
      DEVLINK_PORT_FLAVOUR_PHYSICAL, "p1" },
    { "name: eni10np2", "eni10np2", "netdevsim", "netdevsim10", 1,
      DEVLINK_PORT_FLAVOUR_PHYSICAL, "p2" },
    { "name: eni10npf0vf0", "eni10npf0vf0", "netdevsim", "netdevsim10", 128,
      DEVLINK_PORT_FLAVOUR_PCI_VF, "pf0vf0" },
    { "name: eni10npf0vf1", "eni10npf0vf1", "netdevsim", "netdevsim10", 129,
      DEVLINK_PORT_FLAVOUR_PCI_VF, "pf0vf1" },
    { "name: ens1f1np1", "ens1f1np1", "pci", "0000:81:00.1", 131071,
      DEVLINK_PORT_FLAVOUR_PHYSICAL, "p1" },
    { "name: pf0hpf", "pf0hpf", "pci", "0000:03:00.0", 196608,
      DEVLINK_PORT_FLAVOUR_PCI_PF, "c1pf0" },
    { "name: eni10np3", "eni10np3", NULL, NULL, 0, 0, NULL },
    { "name: eni10npf0vf", "eni10npf0vf", NULL, NULL, 0, 0, NULL },
};

static void
test_name_lookup(void **state)
{
    const struct name_lookup *l = *state;
    struct devlink_port_table *table = build_dump_table();
    const struct devlink_port *port;

    port = devlink_port_table_find_netdev(table, l->netdev);
    if (l->bus) {
        assert_non_null(port);
        assert_string_equal(port->bus_name, l->bus);
        assert_string_equal(port->dev_name, l->dev);
        assert_int_equal(port->index, l->index);
        assert_int_equal(port->flavour, l->flavour);
        assert_string_equal(port->phys_port_name, l->phys_port_name);
    } else {
        assert_null(port);
    }
    devlink_port_table_destroy(table);
}

static void
test_pf_lookup(void **state OVS_UNUSED)
{
    struct devlink_port_table *table = build_dump_table();
    const struct devlink_port *port;

    port = devlink_port_table_find_pf(table, "pci", "0000:03:00.0", 1, 0);
    assert_non_null(port);
    assert_string_equal(port->netdev_name, "pf0hpf");
    assert_null(devlink_port_table_find_pf(table, "pci", "0000:03:00.0", 0,
                                           0));
    /* An ordinary NIC's uplink is a physical port, not a PF port. */
    assert_null(devlink_port_table_find_pf(table, "pci", "0000:81:00.0", 0,
                                           0));
    devlink_port_table_destroy(table);
}

/* phys_port_name derivation, following the kernel's
 * __devlink_port_phys_port_name_get(). */
static const struct port_spec ppn_cases[] = {
    {
        .name = "phys_port_name: split port p1s0",
        .bus = "pci", .dev = "0000:01:00.0", .index = 1,
        .flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
        .has = HAS_NUMBER | HAS_SPLIT, .number = 1, .split = 0,
        .phys_port_name = "p1s0",
    },
    {
        .name = "phys_port_name: line card l2p3s1",
        .bus = "pci", .dev = "0000:01:00.0", .index = 2,
        .flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
        .has = HAS_NUMBER | HAS_SPLIT | HAS_LINECARD, .number = 3,
        .split = 1, .linecard = 2, .phys_port_name = "l2p3s1",
    },
    {
        .name = "phys_port_name: physical without number",
        .bus = "pci", .dev = "0000:01:00.0", .index = 3,
        .flavour = DEVLINK_PORT_FLAVOUR_PHYSICAL,
        .phys_port_name = "",
    },
    {
        .name = "phys_port_name: pcipf pf1",
        .bus = "pci", .dev = "0000:01:00.0", .index = 4,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_PF,
        .has = HAS_CONTROLLER | HAS_PF, .pfnum = 1,
        .phys_port_name = "pf1",
    },
    {
        .name = "phys_port_name: local controller has no prefix",
        .bus = "pci", .dev = "0000:01:00.0", .index = 5,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
        .has = HAS_CONTROLLER | HAS_PF | HAS_VF, .controller = 2,
        .external = false, .pfnum = 0, .vfnum = 7,
        .phys_port_name = "pf0vf7",
    },
    {
        .name = "phys_port_name: VF without vfnum",
        .bus = "pci", .dev = "0000:01:00.0", .index = 6,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
        .has = HAS_PF, .pfnum = 0,
        .phys_port_name = "",
    },
    {
        .name = "phys_port_name: pcisf pf0sf88",
        .bus = "pci", .dev = "0000:01:00.0", .index = 7,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_SF,
        .has = HAS_CONTROLLER | HAS_PF | HAS_SF, .pfnum = 0, .sfnum = 88,
        .phys_port_name = "pf0sf88",
    },
    {
        .name = "phys_port_name: virtual",
        .bus = "pci", .dev = "0000:01:00.0", .index = 8,
        .flavour = DEVLINK_PORT_FLAVOUR_VIRTUAL,
        .phys_port_name = "",
    },
    {
        /* "c4294967295pf65535vf65535" does not fit into IFNAMSIZ. */
        .name = "phys_port_name: too long",
        .bus = "pci", .dev = "0000:01:00.0", .index = 9,
        .flavour = DEVLINK_PORT_FLAVOUR_PCI_VF,
        .has = HAS_CONTROLLER | HAS_PF | HAS_VF, .controller = UINT32_MAX,
        .external = true, .pfnum = UINT16_MAX, .vfnum = UINT16_MAX,
        .phys_port_name = "",
    },
    {
        .name = "phys_port_name: unknown flavour",
        .bus = "pci", .dev = "0000:01:00.0", .index = 10,
        .flavour = 42,
        .phys_port_name = "",
    },
};

static void
test_phys_port_name(void **state)
{
    const struct port_spec *spec = *state;
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct devlink_port port;

    assert_int_equal(devlink_parse_port_msg(put_port(mb, DEVLINK_CMD_PORT_NEW,
                                                     0, spec), &port), 0);
    assert_string_equal(port.phys_port_name, spec->phys_port_name);
    assert_int_equal(port.flavour, spec->flavour);
    assert_int_equal(port.split_subport_present, !!(spec->has & HAS_SPLIT));
    assert_int_equal(port.sfnum_present, !!(spec->has & HAS_SF));
    devlink_port_uninit(&port);
    free(mb);
}

static void
test_port_format(void **state OVS_UNUSED)
{
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct ds s = DS_EMPTY_INITIALIZER;
    struct devlink_port port;

    assert_int_equal(devlink_parse_port_msg(put_port(mb, DEVLINK_CMD_NEW, 0,
                                                     &nsim_ports[2]),
                                            &port), 0);
    devlink_port_format(&port, &s);
    assert_string_equal(ds_cstr(&s),
                        "netdevsim/netdevsim10/128: type eth netdev "
                        "eni10npf0vf0 flavour pcivf controller 0 pfnum 0 "
                        "vfnum 0 external false splittable false hw_addr "
                        "02:00:00:00:0a:80 phys_port_name pf0vf0");
    devlink_port_uninit(&port);

    ds_clear(&s);
    assert_int_equal(devlink_parse_port_msg(put_port(mb, DEVLINK_CMD_NEW, 0,
                                                     &nsim_ports[0]),
                                            &port), 0);
    devlink_port_format(&port, &s);
    assert_string_equal(ds_cstr(&s),
                        "netdevsim/netdevsim10/0: type eth netdev eni10np1 "
                        "flavour physical port 1 splittable false "
                        "phys_port_name p1");
    devlink_port_uninit(&port);
    ds_destroy(&s);
    free(mb);
}

static void
test_port_insert_duplicate(void **state OVS_UNUSED)
{
    struct devlink_port_table *table = devlink_port_table_create();
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct devlink_port port;

    assert_int_equal(devlink_parse_port_msg(put_port(mb, DEVLINK_CMD_NEW, 0,
                                                     &nsim_ports[2]),
                                            &port), 0);
    assert_int_equal(devlink_port_table_insert(table, &port), 0);
    assert_null(port.bus_name);
    assert_int_equal(devlink_parse_port_msg(msg_first(mb), &port), 0);
    assert_int_equal(devlink_port_table_insert(table, &port), EEXIST);
    assert_string_equal(port.netdev_name, "eni10npf0vf0");
    devlink_port_uninit(&port);
    devlink_port_uninit(NULL);
    assert_int_equal(devlink_port_table_count(table), 1);
    devlink_port_table_destroy(table);
    devlink_port_table_destroy(NULL);
    free(mb);
}

/* Feeding whole dump datagrams. */

struct feed_case {
    const char *name;
    void (*build)(struct msgbuf *);
    const char *bus;            /* Handle filter, or NULL. */
    const char *dev;
    int error;                  /* Expected return value. */
    bool done;                  /* Expected '*done'. */
    const char *extack;         /* Expected '*extack', or NULL. */
    size_t n_ports;             /* Expected number of ports. */
};

static void
build_all(struct msgbuf *mb)
{
    for (size_t i = 0; i < N_ELEMS(nsim_ports); i++) {
        put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[i]);
    }
    for (size_t i = 0; i < N_ELEMS(pci_ports); i++) {
        put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &pci_ports[i]);
    }
    put_done(mb, 0);
}

static void
build_error_mid_dump(struct msgbuf *mb)
{
    struct nlmsghdr *nlh;
    struct nlmsgerr *err;

    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[0]);
    nlh = mnl_nlmsg_put_header((char *) mb->words + mb->len);
    nlh->nlmsg_type = NLMSG_ERROR;
    nlh->nlmsg_flags = NLM_F_CAPPED | NLM_F_ACK_TLVS;
    err = mnl_nlmsg_put_extra_header(nlh, sizeof *err);
    err->error = -ENODEV;
    mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, "devlink instance is gone");
    msg_end(mb, nlh);
}

static void
build_done_error(struct msgbuf *mb)
{
    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[0]);
    put_done(mb, -EMSGSIZE);
}

static void
build_interrupted(struct msgbuf *mb)
{
    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[0]);
    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI | NLM_F_DUMP_INTR,
             &nsim_ports[1]);
    put_done(mb, 0);
}

static void
build_foreign_messages(struct msgbuf *mb)
{
    struct nlmsghdr *nlh;

    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[0]);
    nlh = msg_start(mb, FAMILY + 1, DEVLINK_CMD_NEW, NLM_F_MULTI);
    mnl_attr_put_u32(nlh, 1, 0);
    msg_end(mb, nlh);
    nlh = mnl_nlmsg_put_header((char *) mb->words + mb->len);
    nlh->nlmsg_type = NLMSG_NOOP;
    msg_end(mb, nlh);
    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[1]);
    put_done(mb, 0);
}

static void
build_malformed_port(struct msgbuf *mb)
{
    struct nlmsghdr *nlh;

    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[0]);
    nlh = msg_start(mb, FAMILY, DEVLINK_CMD_NEW, NLM_F_MULTI);
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_BUS_NAME, "netdevsim");
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, "netdevsim10");
    mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_INDEX, 128);
    mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_PCI_VF_NUMBER, 0);
    msg_end(mb, nlh);
    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[1]);
    put_done(mb, 0);
}

static void
build_truncated_datagram(struct msgbuf *mb)
{
    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[0]);
    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[1]);
    mb->len -= 12;
}

static void
build_duplicate(struct msgbuf *mb)
{
    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[2]);
    put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[2]);
    put_done(mb, 0);
}

static const struct feed_case feed_cases[] = {
    { "feed: everything", build_all, NULL, NULL, 0, true, NULL,
      N_ELEMS(nsim_ports) + N_ELEMS(pci_ports) },
    { "feed: handle filter (pre-6.6 kernels dump all)", build_all,
      "pci", "0000:81:00.1", 0, true, NULL, 2 },
    { "feed: filter on unknown handle", build_all,
      "pci", "0000:99:00.0", 0, true, NULL, 0 },
    { "feed: NLMSG_ERROR mid-dump", build_error_mid_dump, NULL, NULL,
      ENODEV, true, "devlink instance is gone", 1 },
    { "feed: NLMSG_DONE with error", build_done_error, NULL, NULL,
      EMSGSIZE, true, NULL, 1 },
    { "feed: NLM_F_DUMP_INTR", build_interrupted, NULL, NULL,
      EAGAIN, true, NULL, 2 },
    { "feed: foreign and NOOP messages ignored", build_foreign_messages,
      NULL, NULL, 0, true, NULL, 2 },
    { "feed: malformed port stops parsing", build_malformed_port,
      NULL, NULL, EINVAL, true, NULL, 1 },
    { "feed: truncated datagram", build_truncated_datagram, NULL, NULL,
      EPROTO, true, NULL, 1 },
    { "feed: duplicate port kept once", build_duplicate, NULL, NULL,
      0, true, NULL, 1 },
};

static void
test_feed(void **state)
{
    const struct feed_case *c = *state;
    struct devlink_port_table *table = devlink_port_table_create();
    struct msgbuf *mb = xzalloc(sizeof *mb);
    char *extack;
    bool done;

    c->build(mb);
    assert_int_equal(devlink_port_table_feed(table, FAMILY, c->bus, c->dev,
                                             mb->words, mb->len, &done,
                                             &extack), c->error);
    assert_int_equal(done, c->done);
    if (c->extack) {
        assert_non_null(extack);
        assert_string_equal(extack, c->extack);
    } else {
        assert_null(extack);
    }
    assert_int_equal(devlink_port_table_count(table), c->n_ports);
    for (size_t i = 0; i < devlink_port_table_count(table); i++) {
        const struct devlink_port *port = devlink_port_table_at(table, i);

        if (c->bus) {
            assert_string_equal(port->bus_name, c->bus);
            assert_string_equal(port->dev_name, c->dev);
        }
    }
    free(extack);
    free(mb);
    devlink_port_table_destroy(table);
}

/* Eswitch. */

#define ABSENT (-1)

struct esw_case {
    const char *name;
    uint8_t cmd;
    int mode;                   /* ABSENT or u16. */
    int inline_mode;            /* ABSENT or u8. */
    int encap_mode;             /* ABSENT or u8. */
    const char *format;         /* Expected devlink_eswitch_format(). */
};

static const struct esw_case esw_cases[] = {
    { "eswitch: switchdev", DEVLINK_CMD_ESWITCH_GET,
      DEVLINK_ESW_MODE_SWITCHDEV, DEVLINK_ESWITCH_INLINE_MODE_NONE,
      DEVLINK_ESWITCH_ENCAP_MODE_BASIC,
      "mode switchdev inline-mode none encap-mode basic" },
    { "eswitch: legacy, mode only", DEVLINK_CMD_ESWITCH_GET,
      DEVLINK_ESW_MODE_LEGACY, ABSENT, ABSENT, "mode legacy" },
    { "eswitch: switchdev_inactive", DEVLINK_CMD_ESWITCH_GET,
      DEVLINK_ESW_MODE_SWITCHDEV_INACTIVE,
      DEVLINK_ESWITCH_INLINE_MODE_NETWORK, DEVLINK_ESWITCH_ENCAP_MODE_NONE,
      "mode switchdev_inactive inline-mode network encap-mode none" },
    { "eswitch: future mode", DEVLINK_CMD_ESWITCH_GET, 7,
      DEVLINK_ESWITCH_INLINE_MODE_TRANSPORT, ABSENT,
      "mode unknown inline-mode transport" },
    { "eswitch: notification command", DEVLINK_CMD_ESWITCH_SET,
      DEVLINK_ESW_MODE_SWITCHDEV, DEVLINK_ESWITCH_INLINE_MODE_LINK, ABSENT,
      "mode switchdev inline-mode link" },
    { "eswitch: nothing", DEVLINK_CMD_ESWITCH_GET, ABSENT, ABSENT, ABSENT,
      "" },
};

static void
test_eswitch_parse(void **state)
{
    const struct esw_case *c = *state;
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct ds s = DS_EMPTY_INITIALIZER;
    struct devlink_eswitch esw;
    struct nlmsghdr *nlh;

    nlh = msg_start(mb, FAMILY, c->cmd, 0);
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_BUS_NAME, "pci");
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, "0000:81:00.0");
    if (c->mode != ABSENT) {
        mnl_attr_put_u16(nlh, DEVLINK_ATTR_ESWITCH_MODE, c->mode);
    }
    if (c->inline_mode != ABSENT) {
        mnl_attr_put_u8(nlh, DEVLINK_ATTR_ESWITCH_INLINE_MODE,
                        c->inline_mode);
    }
    if (c->encap_mode != ABSENT) {
        mnl_attr_put_u8(nlh, DEVLINK_ATTR_ESWITCH_ENCAP_MODE, c->encap_mode);
    }
    msg_end(mb, nlh);

    assert_int_equal(devlink_parse_eswitch_msg(nlh, &esw), 0);
    assert_int_equal(esw.mode_present, c->mode != ABSENT);
    if (c->mode != ABSENT) {
        assert_int_equal(esw.mode, c->mode);
    }
    assert_int_equal(esw.inline_mode_present, c->inline_mode != ABSENT);
    if (c->inline_mode != ABSENT) {
        assert_int_equal(esw.inline_mode, c->inline_mode);
    }
    assert_int_equal(esw.encap_mode_present, c->encap_mode != ABSENT);
    if (c->encap_mode != ABSENT) {
        assert_int_equal(esw.encap_mode, c->encap_mode);
    }
    devlink_eswitch_format(&esw, &s);
    assert_string_equal(ds_cstr(&s), c->format);
    ds_destroy(&s);
    free(mb);
}

/* Checks that 'attr' is a 'type' attribute with a 'len'-byte payload equal
 * to 'data' and zeroed padding. */
static void
check_attr_bytes(const struct nlattr *attr, uint16_t type, uint16_t len,
                 const void *data)
{
    const uint8_t *payload;

    assert_non_null(attr);
    assert_int_equal(mnl_attr_get_type(attr), type);
    assert_int_equal(attr->nla_len, MNL_ATTR_HDRLEN + len);
    assert_int_equal(mnl_attr_get_payload_len(attr), len);
    payload = mnl_attr_get_payload(attr);
    assert_memory_equal(payload, data, len);
    for (size_t i = len; i < MNL_ALIGN(len); i++) {
        assert_int_equal(payload[i], 0);
    }
}

struct esw_set_case {
    const char *name;
    struct devlink_eswitch esw;
    uint32_t expect_len;        /* nlmsg_len. */
};

static const struct esw_set_case esw_set_cases[] = {
    /* 16 (nlmsghdr) + 4 (genlmsghdr) + 8 ("pci") + 20 ("0000:81:00.0")
     * + 8 (mode: 4-byte header, 2-byte u16, 2 bytes of padding). */
    { "eswitch set: mode switchdev",
      { .mode_present = true, .mode = DEVLINK_ESW_MODE_SWITCHDEV }, 56 },
    { "eswitch set: mode legacy",
      { .mode_present = true, .mode = DEVLINK_ESW_MODE_LEGACY }, 56 },
    /* + 8 + 8 for the two u8 attributes. */
    { "eswitch set: mode, inline-mode, encap-mode",
      { .mode_present = true, .mode = DEVLINK_ESW_MODE_SWITCHDEV,
        .inline_mode_present = true,
        .inline_mode = DEVLINK_ESWITCH_INLINE_MODE_TRANSPORT,
        .encap_mode_present = true,
        .encap_mode = DEVLINK_ESWITCH_ENCAP_MODE_BASIC }, 72 },
    { "eswitch set: encap-mode only",
      { .encap_mode_present = true,
        .encap_mode = DEVLINK_ESWITCH_ENCAP_MODE_NONE }, 56 },
};

static void
test_eswitch_set_bytes(void **state)
{
    const struct esw_set_case *c = *state;
    uint64_t buf[DEVLINK_REQUEST_SIZE / sizeof(uint64_t)];
    const struct genlmsghdr *genl;
    struct devlink_eswitch back;
    struct nlmsghdr *nlh;

    memset(buf, 0xa5, sizeof buf);
    nlh = devlink_build_eswitch_set((char *) buf, FAMILY, "pci",
                                    "0000:81:00.0", &c->esw);
    assert_non_null(nlh);
    assert_ptr_equal(nlh, (void *) buf);
    assert_int_equal(nlh->nlmsg_len, c->expect_len);
    assert_int_equal(nlh->nlmsg_type, FAMILY);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    assert_int_equal(nlh->nlmsg_seq, 0);
    genl = mnl_nlmsg_get_payload(nlh);
    assert_int_equal(genl->cmd, DEVLINK_CMD_ESWITCH_SET);
    assert_int_equal(genl->cmd, 30);
    assert_int_equal(genl->version, 1);
    assert_int_equal(genl->reserved, 0);

    check_attr_bytes(find_attr(nlh, DEVLINK_ATTR_BUS_NAME),
                     DEVLINK_ATTR_BUS_NAME, 4, "pci");
    check_attr_bytes(find_attr(nlh, DEVLINK_ATTR_DEV_NAME),
                     DEVLINK_ATTR_DEV_NAME, 13, "0000:81:00.0");
    if (c->esw.mode_present) {
        uint16_t mode = c->esw.mode;

        /* Type 25, a u16: nla_len 6, not 5 (u8) or 8 (u32). */
        check_attr_bytes(find_attr(nlh, DEVLINK_ATTR_ESWITCH_MODE), 25, 2,
                         &mode);
    } else {
        assert_null(find_attr(nlh, DEVLINK_ATTR_ESWITCH_MODE));
    }
    if (c->esw.inline_mode_present) {
        check_attr_bytes(find_attr(nlh, DEVLINK_ATTR_ESWITCH_INLINE_MODE),
                         26, 1, &c->esw.inline_mode);
    } else {
        assert_null(find_attr(nlh, DEVLINK_ATTR_ESWITCH_INLINE_MODE));
    }
    if (c->esw.encap_mode_present) {
        check_attr_bytes(find_attr(nlh, DEVLINK_ATTR_ESWITCH_ENCAP_MODE),
                         62, 1, &c->esw.encap_mode);
    } else {
        assert_null(find_attr(nlh, DEVLINK_ATTR_ESWITCH_ENCAP_MODE));
    }

    /* What the builder wrote parses back (the request has the same layout
     * as a reply). */
    assert_int_equal(devlink_parse_eswitch_msg(nlh, &back), 0);
    assert_int_equal(back.mode_present, c->esw.mode_present);
    assert_int_equal(back.mode, c->esw.mode);
    assert_int_equal(back.inline_mode_present, c->esw.inline_mode_present);
    assert_int_equal(back.inline_mode, c->esw.inline_mode);
    assert_int_equal(back.encap_mode_present, c->esw.encap_mode_present);
    assert_int_equal(back.encap_mode, c->esw.encap_mode);
}

static void
test_builders(void **state OVS_UNUSED)
{
    uint64_t buf[DEVLINK_REQUEST_SIZE / sizeof(uint64_t)];
    struct devlink_eswitch esw = { .mode_present = true, .mode = 1 };
    const struct genlmsghdr *genl;
    char long_name[DEVLINK_NAME_MAX + 2];
    struct nlmsghdr *nlh;

    /* Eswitch get. */
    nlh = devlink_build_eswitch_get((char *) buf, FAMILY, "netdevsim",
                                    "netdevsim10");
    assert_non_null(nlh);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    genl = mnl_nlmsg_get_payload(nlh);
    assert_int_equal(genl->cmd, DEVLINK_CMD_ESWITCH_GET);
    check_attr_bytes(find_attr(nlh, DEVLINK_ATTR_DEV_NAME),
                     DEVLINK_ATTR_DEV_NAME, 12, "netdevsim10");

    /* Port dump, for all instances and for one. */
    nlh = devlink_build_port_dump((char *) buf, FAMILY, NULL, NULL);
    assert_non_null(nlh);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
    assert_int_equal(nlh->nlmsg_len, 16 + 4);
    genl = mnl_nlmsg_get_payload(nlh);
    assert_int_equal(genl->cmd, DEVLINK_CMD_PORT_GET);
    nlh = devlink_build_port_dump((char *) buf, FAMILY, "pci",
                                  "0000:81:00.0");
    assert_non_null(nlh);
    assert_int_equal(nlh->nlmsg_len, 16 + 4 + 8 + 20);
    assert_null(devlink_build_port_dump((char *) buf, FAMILY, "pci", NULL));

    /* Info. */
    nlh = devlink_build_info_get((char *) buf, FAMILY, "pci",
                                 "0000:81:00.0");
    assert_non_null(nlh);
    genl = mnl_nlmsg_get_payload(nlh);
    assert_int_equal(genl->cmd, DEVLINK_CMD_INFO_GET);
    assert_int_equal(genl->cmd, 51);

    /* Invalid handles. */
    memset(long_name, 'x', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    assert_null(devlink_build_eswitch_get((char *) buf, FAMILY, "pci",
                                          NULL));
    assert_null(devlink_build_eswitch_get((char *) buf, FAMILY, "", "x"));
    assert_null(devlink_build_eswitch_set((char *) buf, FAMILY, "pci",
                                          long_name, &esw));
    long_name[DEVLINK_NAME_MAX] = '\0';
    assert_non_null(devlink_build_eswitch_set((char *) buf, FAMILY, "pci",
                                              long_name, &esw));
    assert_null(devlink_build_info_get((char *) buf, FAMILY, NULL, "x"));
}

/* Device info. */

static void
put_version(struct nlmsghdr *nlh, uint16_t type, const char *name,
            const char *value)
{
    struct nlattr *nest = mnl_attr_nest_start(nlh, type);

    if (name) {
        mnl_attr_put_strz(nlh, DEVLINK_ATTR_INFO_VERSION_NAME, name);
    }
    if (value) {
        mnl_attr_put_strz(nlh, DEVLINK_ATTR_INFO_VERSION_VALUE, value);
    }
    mnl_attr_nest_end(nlh, nest);
}

static void
test_info_parse(void **state OVS_UNUSED)
{
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct devlink_info info;
    struct nlmsghdr *nlh;

    nlh = msg_start(mb, FAMILY, DEVLINK_CMD_INFO_GET, 0);
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_BUS_NAME, "pci");
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, "0000:81:00.0");
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_INFO_DRIVER_NAME, "mlx5_core");
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_INFO_SERIAL_NUMBER, "MT2116X09299");
    put_version(nlh, DEVLINK_ATTR_INFO_VERSION_FIXED, "fw.psid",
                "MT_0000000359");
    put_version(nlh, DEVLINK_ATTR_INFO_VERSION_RUNNING, "fw.version",
                "22.39.1002");
    put_version(nlh, DEVLINK_ATTR_INFO_VERSION_RUNNING, "fw",
                "22.39.1002");
    put_version(nlh, DEVLINK_ATTR_INFO_VERSION_STORED, "fw.version",
                "22.41.1000");
    put_version(nlh, DEVLINK_ATTR_INFO_VERSION_STORED, "fw",
                "22.41.1000");
    msg_end(mb, nlh);

    assert_int_equal(devlink_parse_info_msg(nlh, &info), 0);
    assert_string_equal(info.bus_name, "pci");
    assert_string_equal(info.dev_name, "0000:81:00.0");
    assert_string_equal(info.driver_name, "mlx5_core");
    assert_string_equal(info.serial_number, "MT2116X09299");
    assert_null(info.board_serial_number);
    assert_int_equal(info.fixed.n, 1);
    assert_int_equal(info.running.n, 2);
    assert_int_equal(info.stored.n, 2);
    assert_string_equal(info.running.versions[0].name, "fw.version");
    assert_string_equal(info.running.versions[1].name, "fw");
    assert_string_equal(devlink_info_versions_find(&info.fixed, "fw.psid"),
                        "MT_0000000359");
    assert_string_equal(devlink_info_versions_find(&info.running,
                                                   "fw.version"),
                        "22.39.1002");
    assert_string_equal(devlink_info_versions_find(&info.stored,
                                                   "fw.version"),
                        "22.41.1000");
    assert_null(devlink_info_versions_find(&info.running, "fw.psid"));
    devlink_info_uninit(&info);
    devlink_info_uninit(&info);
    devlink_info_uninit(NULL);
    free(mb);
}

/* Malformed and unusual messages, for every parser. */

enum parser {
    PARSE_PORT,
    PARSE_ESWITCH,
    PARSE_INFO,
};

struct parse_case {
    const char *name;
    enum parser parser;
    void (*build)(struct nlmsghdr *);   /* Adds attributes. */
    int error;
};

static void
put_handle(struct nlmsghdr *nlh)
{
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_BUS_NAME, "netdevsim");
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, "netdevsim10");
}

static void
put_port_head(struct nlmsghdr *nlh)
{
    put_handle(nlh);
    mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_INDEX, 128);
}

static void
build_port_minimal(struct nlmsghdr *nlh)
{
    put_port_head(nlh);
}

static void
build_port_unknown_attrs(struct nlmsghdr *nlh)
{
    static const uint8_t junk[3] = { 1, 2, 3 };

    put_port_head(nlh);
    /* An attribute type past DEVLINK_ATTR_MAX, and a known type that this
     * module does not read (PORT_LANES), with odd lengths. */
    mnl_attr_put(nlh, DEVLINK_ATTR_MAX + 7, sizeof junk, junk);
    mnl_attr_put(nlh, DEVLINK_ATTR_PORT_LANES, sizeof junk, junk);
}

static void
build_port_pf_u32(struct nlmsghdr *nlh)
{
    put_port_head(nlh);
    mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_FLAVOUR,
                     DEVLINK_PORT_FLAVOUR_PCI_VF);
    mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_PCI_PF_NUMBER, 0);
}

static void
build_port_flavour_u8(struct nlmsghdr *nlh)
{
    put_port_head(nlh);
    mnl_attr_put_u8(nlh, DEVLINK_ATTR_PORT_FLAVOUR,
                    DEVLINK_PORT_FLAVOUR_PCI_VF);
}

static void
build_port_index_u16(struct nlmsghdr *nlh)
{
    put_handle(nlh);
    mnl_attr_put_u16(nlh, DEVLINK_ATTR_PORT_INDEX, 1);
}

static void
build_port_no_index(struct nlmsghdr *nlh)
{
    put_handle(nlh);
}

static void
build_port_bus_unterminated(struct nlmsghdr *nlh)
{
    mnl_attr_put(nlh, DEVLINK_ATTR_BUS_NAME, 3, "pci");
    mnl_attr_put_strz(nlh, DEVLINK_ATTR_DEV_NAME, "0000:81:00.0");
    mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_INDEX, 1);
}

static void
build_port_netdev_empty(struct nlmsghdr *nlh)
{
    put_port_head(nlh);
    mnl_attr_put(nlh, DEVLINK_ATTR_PORT_NETDEV_NAME, 0, NULL);
}

static void
build_port_truncated(struct nlmsghdr *nlh)
{
    put_port_head(nlh);
    mnl_attr_put_u32(nlh, DEVLINK_ATTR_PORT_NUMBER, 1);
    /* Cut the message in the middle of the last attribute. */
    nlh->nlmsg_len -= 4;
}

static void
build_port_trailing_bytes(struct nlmsghdr *nlh)
{
    put_port_head(nlh);
    /* Four zero bytes: not an attribute (nla_len 0). */
    mnl_nlmsg_put_extra_header(nlh, 4);
}

static void
build_port_hw_addr_too_long(struct nlmsghdr *nlh)
{
    uint8_t addr[DEVLINK_HW_ADDR_MAX + 1];
    struct nlattr *nest;

    memset(addr, 0x11, sizeof addr);
    put_port_head(nlh);
    nest = mnl_attr_nest_start(nlh, DEVLINK_ATTR_PORT_FUNCTION);
    mnl_attr_put(nlh, DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR, sizeof addr, addr);
    mnl_attr_nest_end(nlh, nest);
}

static void
build_port_function_truncated(struct nlmsghdr *nlh)
{
    static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
    struct nlattr *nest;

    put_port_head(nlh);
    nest = mnl_attr_nest_start(nlh, DEVLINK_ATTR_PORT_FUNCTION);
    mnl_attr_put(nlh, DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR, sizeof mac, mac);
    mnl_attr_nest_end(nlh, nest);
    /* Make the nest, the last attribute of the message, end inside its
     * hw_addr attribute. */
    nest->nla_len -= 4;
    nlh->nlmsg_len -= 4;
}

static void
build_esw_mode_u8(struct nlmsghdr *nlh)
{
    put_handle(nlh);
    mnl_attr_put_u8(nlh, DEVLINK_ATTR_ESWITCH_MODE, 1);
}

static void
build_esw_mode_u32(struct nlmsghdr *nlh)
{
    put_handle(nlh);
    mnl_attr_put_u32(nlh, DEVLINK_ATTR_ESWITCH_MODE, 1);
}

static void
build_esw_inline_u16(struct nlmsghdr *nlh)
{
    put_handle(nlh);
    mnl_attr_put_u16(nlh, DEVLINK_ATTR_ESWITCH_MODE, 1);
    mnl_attr_put_u16(nlh, DEVLINK_ATTR_ESWITCH_INLINE_MODE, 0);
}

static void
build_esw_encap_u32(struct nlmsghdr *nlh)
{
    put_handle(nlh);
    mnl_attr_put_u16(nlh, DEVLINK_ATTR_ESWITCH_MODE, 1);
    mnl_attr_put_u32(nlh, DEVLINK_ATTR_ESWITCH_ENCAP_MODE, 1);
}

static void
build_esw_no_genl_header(struct nlmsghdr *nlh)
{
    nlh->nlmsg_len = MNL_NLMSG_HDRLEN + 2;
}

static void
build_info_version_no_value(struct nlmsghdr *nlh)
{
    put_handle(nlh);
    put_version(nlh, DEVLINK_ATTR_INFO_VERSION_RUNNING, "fw.version", NULL);
}

static void
build_info_version_not_nested(struct nlmsghdr *nlh)
{
    put_handle(nlh);
    mnl_attr_put_u8(nlh, DEVLINK_ATTR_INFO_VERSION_FIXED, 1);
}

static void
build_info_driver_unterminated(struct nlmsghdr *nlh)
{
    put_handle(nlh);
    mnl_attr_put(nlh, DEVLINK_ATTR_INFO_DRIVER_NAME, 4, "mlx5");
}

static const struct parse_case parse_cases[] = {
    { "port: minimal", PARSE_PORT, build_port_minimal, 0 },
    { "port: unknown attributes ignored", PARSE_PORT,
      build_port_unknown_attrs, 0 },
    { "port: PF number as u32", PARSE_PORT, build_port_pf_u32, EINVAL },
    { "port: flavour as u8", PARSE_PORT, build_port_flavour_u8, EINVAL },
    { "port: index as u16", PARSE_PORT, build_port_index_u16, EINVAL },
    { "port: no index", PARSE_PORT, build_port_no_index, EINVAL },
    { "port: bus name without terminator", PARSE_PORT,
      build_port_bus_unterminated, EINVAL },
    { "port: empty netdev name", PARSE_PORT, build_port_netdev_empty,
      EINVAL },
    { "port: truncated attribute", PARSE_PORT, build_port_truncated,
      EINVAL },
    { "port: trailing bytes", PARSE_PORT, build_port_trailing_bytes,
      EINVAL },
    { "port: hw_addr too long", PARSE_PORT, build_port_hw_addr_too_long,
      EINVAL },
    { "port: truncated function nest", PARSE_PORT,
      build_port_function_truncated, EINVAL },
    { "eswitch: mode as u8", PARSE_ESWITCH, build_esw_mode_u8, EINVAL },
    { "eswitch: mode as u32", PARSE_ESWITCH, build_esw_mode_u32, EINVAL },
    { "eswitch: inline-mode as u16", PARSE_ESWITCH, build_esw_inline_u16,
      EINVAL },
    { "eswitch: encap-mode as u32", PARSE_ESWITCH, build_esw_encap_u32,
      EINVAL },
    { "eswitch: no genl header", PARSE_ESWITCH, build_esw_no_genl_header,
      EINVAL },
    { "info: version without value", PARSE_INFO,
      build_info_version_no_value, EINVAL },
    { "info: version not nested", PARSE_INFO,
      build_info_version_not_nested, EINVAL },
    { "info: driver name without terminator", PARSE_INFO,
      build_info_driver_unterminated, EINVAL },
};

static void
test_parse_case(void **state)
{
    const struct parse_case *c = *state;
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct nlmsghdr *nlh;
    int error = -1;

    nlh = msg_start(mb, FAMILY, DEVLINK_CMD_NEW, 0);
    c->build(nlh);

    switch (c->parser) {
    case PARSE_PORT: {
        struct devlink_port port;

        error = devlink_parse_port_msg(nlh, &port);
        if (error) {
            assert_null(port.bus_name);
            assert_null(port.netdev_name);
        } else {
            assert_string_equal(port.bus_name, "netdevsim");
            assert_int_equal(port.index, 128);
            assert_false(port.flavour_present);
            assert_string_equal(port.phys_port_name, "");
        }
        devlink_port_uninit(&port);
        break;
    }
    case PARSE_ESWITCH: {
        struct devlink_eswitch esw;

        error = devlink_parse_eswitch_msg(nlh, &esw);
        assert_false(esw.mode_present);
        break;
    }
    case PARSE_INFO: {
        struct devlink_info info;

        error = devlink_parse_info_msg(nlh, &info);
        assert_null(info.bus_name);
        assert_int_equal(info.running.n, 0);
        devlink_info_uninit(&info);
        break;
    }
    }
    assert_int_equal(error, c->error);
    free(mb);
}

/* Names. */

static void
test_names(void **state OVS_UNUSED)
{
    static const struct {
        uint16_t flavour;
        const char *name;
    } flavours[] = {
        { DEVLINK_PORT_FLAVOUR_PHYSICAL, "physical" },
        { DEVLINK_PORT_FLAVOUR_CPU, "cpu" },
        { DEVLINK_PORT_FLAVOUR_DSA, "dsa" },
        { DEVLINK_PORT_FLAVOUR_PCI_PF, "pcipf" },
        { DEVLINK_PORT_FLAVOUR_PCI_VF, "pcivf" },
        { DEVLINK_PORT_FLAVOUR_VIRTUAL, "virtual" },
        { DEVLINK_PORT_FLAVOUR_UNUSED, "unused" },
        { DEVLINK_PORT_FLAVOUR_PCI_SF, "pcisf" },
        { 99, "unknown" },
        { UINT16_MAX, "unknown" },
    };
    static const char *const modes[] = {
        "legacy", "switchdev", "switchdev_inactive",
    };
    uint16_t mode;

    for (size_t i = 0; i < N_ELEMS(flavours); i++) {
        assert_string_equal(devlink_flavour_to_string(flavours[i].flavour),
                            flavours[i].name);
    }
    for (size_t i = 0; i < N_ELEMS(modes); i++) {
        assert_true(devlink_esw_mode_from_string(modes[i], &mode));
        assert_int_equal(mode, i);
        assert_string_equal(devlink_esw_mode_to_string(mode), modes[i]);
    }
    assert_false(devlink_esw_mode_from_string("switchdev-inactive", &mode));
    assert_false(devlink_esw_mode_from_string("Switchdev", &mode));
    assert_false(devlink_esw_mode_from_string("", &mode));
    assert_string_equal(devlink_esw_mode_to_string(3), "unknown");
    assert_string_equal(devlink_port_type_to_string(DEVLINK_PORT_TYPE_ETH),
                        "eth");
    assert_string_equal(devlink_port_type_to_string(DEVLINK_PORT_TYPE_IB),
                        "ib");
    assert_string_equal(devlink_port_type_to_string(9), "unknown");
    assert_string_equal(devlink_inline_mode_to_string(
                            DEVLINK_ESWITCH_INLINE_MODE_TRANSPORT),
                        "transport");
    assert_string_equal(devlink_inline_mode_to_string(4), "unknown");
    assert_string_equal(devlink_encap_mode_to_string(
                            DEVLINK_ESWITCH_ENCAP_MODE_BASIC), "basic");
    assert_string_equal(devlink_encap_mode_to_string(2), "unknown");
}

/* Switch ids from sysfs. */

static void
write_file(const char *dir, const char *netdev, const char *content)
{
    char *subdir = xasprintf("%s/%s", dir, netdev);
    char *file = xasprintf("%s/phys_switch_id", subdir);
    FILE *stream;

    assert_int_equal(mkdir(subdir, 0700), 0);
    if (content) {
        stream = fopen(file, "w");
        assert_non_null(stream);
        fputs(content, stream);
        fclose(stream);
    }
    free(file);
    free(subdir);
}

static void
remove_file(const char *dir, const char *netdev)
{
    char *subdir = xasprintf("%s/%s", dir, netdev);
    char *file = xasprintf("%s/phys_switch_id", subdir);

    unlink(file);
    rmdir(subdir);
    free(file);
    free(subdir);
}

static void
test_sysfs_switch_id(void **state OVS_UNUSED)
{
    static const struct {
        const char *netdev;
        const char *content;    /* NULL: no file. */
    } files[] = {
        { "eni10np1", "0a1b2c3d\n" },
        { "eni10np2", NULL },
        { "eni10npf0vf0", "0a1b2c3d\n" },
        { "eni10npf0vf1", "0a1b2x3d\n" },
    };
    char dir[] = "/tmp/test-devlink-XXXXXX";
    struct devlink_port_table *table = devlink_port_table_create();
    struct msgbuf *mb = xzalloc(sizeof *mb);
    const struct devlink_port *port;
    struct ds s = DS_EMPTY_INITIALIZER;
    bool done;

    assert_non_null(mkdtemp(dir));
    for (size_t i = 0; i < N_ELEMS(files); i++) {
        write_file(dir, files[i].netdev, files[i].content);
    }
    for (size_t i = 0; i < N_ELEMS(nsim_ports); i++) {
        put_port(mb, DEVLINK_CMD_NEW, NLM_F_MULTI, &nsim_ports[i]);
    }
    assert_int_equal(devlink_port_table_feed(table, FAMILY, NULL, NULL,
                                             mb->words, mb->len, &done,
                                             NULL), 0);

    /* The malformed id is reported, after every port was tried. */
    assert_int_equal(devlink_port_table_read_sysfs(table, dir), EINVAL);

    port = devlink_port_table_find_netdev(table, "eni10np1");
    assert_int_equal(port->switch_id_len, 4);
    assert_memory_equal(port->switch_id, "\x0a\x1b\x2c\x3d", 4);
    port = devlink_port_table_find_netdev(table, "eni10np2");
    assert_int_equal(port->switch_id_len, 0);
    port = devlink_port_table_find_netdev(table, "eni10npf0vf0");
    assert_int_equal(port->switch_id_len, 4);
    devlink_port_format(port, &s);
    assert_non_null(strstr(ds_cstr(&s), " switch_id 0a1b2c3d"));
    port = devlink_port_table_find_netdev(table, "eni10npf0vf1");
    assert_int_equal(port->switch_id_len, 0);

    for (size_t i = 0; i < N_ELEMS(files); i++) {
        remove_file(dir, files[i].netdev);
    }
    assert_int_equal(rmdir(dir), 0);
    ds_destroy(&s);
    free(mb);
    devlink_port_table_destroy(table);
}

/* Live tests against the running kernel. */

/* Skips the calling test if the environment forbids netlink sockets. */
static void
skip_without_netlink(int error)
{
    if (error == EPERM || error == EACCES || error == EAFNOSUPPORT
        || error == EPROTONOSUPPORT) {
        print_message("netlink unavailable here (%s), skipping\n",
                      ovs_strerror(error));
        skip();
    }
}

static void
test_live_nlctrl(void **state OVS_UNUSED)
{
    struct devlink_sock *sock;
    char *errmsg;
    int error;

    error = devlink_sock_open__("nlctrl", "notify", &sock, &errmsg);
    if (error) {
        free(errmsg);
        skip_without_netlink(error);
    }
    assert_int_equal(error, 0);
    assert_null(errmsg);
    assert_int_equal(devlink_sock_family(sock), GENL_ID_CTRL);
    assert_int_not_equal(devlink_sock_config_group(sock), 0);
    devlink_sock_close(sock);
    devlink_sock_close(NULL);
}

static void
test_live_unknown_family(void **state OVS_UNUSED)
{
    struct devlink_sock *sock;
    char *errmsg;
    int error;

    error = devlink_sock_open__("ovsoffl-none", NULL, &sock, &errmsg);
    skip_without_netlink(error);
    assert_int_equal(error, ENOENT);
    assert_null(sock);
    assert_non_null(errmsg);
    assert_non_null(strstr(errmsg, "\"ovsoffl-none\" not found"));
    free(errmsg);
}

static void
test_live_devlink(void **state OVS_UNUSED)
{
    struct devlink_port_table *table;
    struct devlink_eswitch esw;
    struct devlink_sock *sock;
    char *errmsg, *extack;
    int error;

    error = devlink_sock_open(&sock, &errmsg);
    skip_without_netlink(error);
    if (error) {
        /* The kernel has no devlink: ENOENT with a clear message. */
        print_message("devlink_sock_open: %s\n", errmsg);
        assert_int_equal(error, ENOENT);
        assert_null(sock);
        assert_non_null(strstr(errmsg, "\"devlink\" not found"));
        assert_non_null(strstr(errmsg, "CONFIG_NET_DEVLINK"));
        free(errmsg);
        return;
    }

    print_message("devlink family %#x, config group %"PRIu32"\n",
                  devlink_sock_family(sock),
                  devlink_sock_config_group(sock));
    assert_int_not_equal(devlink_sock_family(sock), 0);
    assert_int_equal(devlink_port_dump(sock, NULL, NULL, &table, &extack),
                     0);
    print_message("%zu devlink ports\n", devlink_port_table_count(table));
    devlink_port_table_destroy(table);
    free(extack);

    error = devlink_eswitch_get(sock, "netdevsim", "netdevsim999", &esw,
                                &extack);
    assert_int_not_equal(error, 0);
    assert_false(esw.mode_present);
    print_message("eswitch get on a missing instance: %s%s%s\n",
                  ovs_strerror(error), extack ? ": " : "",
                  extack ? extack : "");
    free(extack);
    devlink_sock_close(sock);
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
main(void)
{
    static const struct CMUnitTest fixed_tests[] = {
        cmocka_unit_test(test_port_dump),
        cmocka_unit_test(test_pf_lookup),
        cmocka_unit_test(test_port_format),
        cmocka_unit_test(test_port_insert_duplicate),
        cmocka_unit_test(test_builders),
        cmocka_unit_test(test_info_parse),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_sysfs_switch_id),
        cmocka_unit_test(test_live_nlctrl),
        cmocka_unit_test(test_live_unknown_family),
        cmocka_unit_test(test_live_devlink),
    };
    struct CMUnitTest tests[N_ELEMS(fixed_tests) + N_ELEMS(vf_lookups)
                            + N_ELEMS(name_lookups) + N_ELEMS(ppn_cases)
                            + N_ELEMS(feed_cases) + N_ELEMS(esw_cases)
                            + N_ELEMS(esw_set_cases) + N_ELEMS(parse_cases)];
    size_t n = 0;

    /* The malformed-message tests provoke warnings on purpose. */
    vlog_set_levels(vlog_module_from_name("devlink"), VLF_ANY_DESTINATION,
                    VLL_OFF);
    vlog_set_levels(vlog_module_from_name("nl_mnl"), VLF_ANY_DESTINATION,
                    VLL_OFF);

    for (size_t i = 0; i < N_ELEMS(fixed_tests); i++) {
        tests[n++] = fixed_tests[i];
    }
    ADD_ROWS(tests, n, test_vf_lookup, vf_lookups);
    ADD_ROWS(tests, n, test_name_lookup, name_lookups);
    ADD_ROWS(tests, n, test_phys_port_name, ppn_cases);
    ADD_ROWS(tests, n, test_feed, feed_cases);
    ADD_ROWS(tests, n, test_eswitch_parse, esw_cases);
    ADD_ROWS(tests, n, test_eswitch_set_bytes, esw_set_cases);
    ADD_ROWS(tests, n, test_parse_case, parse_cases);
    return cmocka_run_group_tests_name("devlink", tests, NULL, NULL);
}
