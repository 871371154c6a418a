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

#include "devlink/devlink.h"

#include <errno.h>
#include <inttypes.h>
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "hash.h"
#include "netlink/nl-mnl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(devlink);

/* enum devlink_esw_mode must agree with the kernel's values. */
BUILD_ASSERT_DECL((int) DEVLINK_ESW_MODE_LEGACY
                  == (int) DEVLINK_ESWITCH_MODE_LEGACY);
BUILD_ASSERT_DECL((int) DEVLINK_ESW_MODE_SWITCHDEV
                  == (int) DEVLINK_ESWITCH_MODE_SWITCHDEV);

/* Attempts at a port dump that the kernel flags as interrupted by a
 * concurrent change (NLM_F_DUMP_INTR). */
#define PORT_DUMP_ATTEMPTS 3

/* Attribute policies (see struct nl_mnl_policy).
 *
 * One entry per attribute this module reads, indexed by attribute type.
 * Attributes without an entry are ignored, so that this code keeps working
 * on kernels newer than its headers; one with an entry but the wrong length
 * or, for strings, no null terminator makes the whole message invalid
 * (EINVAL).
 *
 * The comments give the Linux release in which each attribute appeared, as
 * far as the kernel history was checked; for the port attributes they agree
 * with ovn-vif's lib/netlink-devlink.c.  An attribute that a kernel predates
 * is simply absent from its messages. */
static const struct nl_mnl_policy devlink_policy[] = {
    /* Linux v4.6: devlink itself. */
    [DEVLINK_ATTR_BUS_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                .name = "BUS_NAME" },
    [DEVLINK_ATTR_DEV_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                .name = "DEV_NAME" },
    [DEVLINK_ATTR_PORT_INDEX] = { .type = MNL_TYPE_U32,
                                  .name = "PORT_INDEX" },
    [DEVLINK_ATTR_PORT_TYPE] = { .type = MNL_TYPE_U16,
                                 .name = "PORT_TYPE" },
    [DEVLINK_ATTR_PORT_NETDEV_IFINDEX] = { .type = MNL_TYPE_U32,
                                           .name = "PORT_NETDEV_IFINDEX" },
    [DEVLINK_ATTR_PORT_NETDEV_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                        .name = "PORT_NETDEV_NAME" },

    /* Linux v4.8: eswitch mode, u16. */
    [DEVLINK_ATTR_ESWITCH_MODE] = { .type = MNL_TYPE_U16,
                                    .name = "ESWITCH_MODE" },

    /* Linux v4.10: inline mode, u8. */
    [DEVLINK_ATTR_ESWITCH_INLINE_MODE] = { .type = MNL_TYPE_U8,
                                           .name = "ESWITCH_INLINE_MODE" },

    /* Linux v4.12: encapsulation mode, u8. */
    [DEVLINK_ATTR_ESWITCH_ENCAP_MODE] = { .type = MNL_TYPE_U8,
                                          .name = "ESWITCH_ENCAP_MODE" },

    /* Linux v4.18: port flavours and physical port numbers. */
    [DEVLINK_ATTR_PORT_FLAVOUR] = { .type = MNL_TYPE_U16,
                                    .name = "PORT_FLAVOUR" },
    [DEVLINK_ATTR_PORT_NUMBER] = { .type = MNL_TYPE_U32,
                                   .name = "PORT_NUMBER" },
    [DEVLINK_ATTR_PORT_SPLIT_SUBPORT_NUMBER] = {
        .type = MNL_TYPE_U32, .name = "PORT_SPLIT_SUBPORT_NUMBER" },

    /* Linux v5.1: "devlink dev info". */
    [DEVLINK_ATTR_INFO_DRIVER_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                        .name = "INFO_DRIVER_NAME" },
    [DEVLINK_ATTR_INFO_SERIAL_NUMBER] = { .type = MNL_TYPE_NUL_STRING,
                                          .name = "INFO_SERIAL_NUMBER" },
    [DEVLINK_ATTR_INFO_VERSION_FIXED] = { .type = MNL_TYPE_NESTED,
                                          .name = "INFO_VERSION_FIXED" },
    [DEVLINK_ATTR_INFO_VERSION_RUNNING] = { .type = MNL_TYPE_NESTED,
                                            .name = "INFO_VERSION_RUNNING" },
    [DEVLINK_ATTR_INFO_VERSION_STORED] = { .type = MNL_TYPE_NESTED,
                                           .name = "INFO_VERSION_STORED" },

    /* Linux v5.3: PCI PF and VF port flavours, both numbers u16. */
    [DEVLINK_ATTR_PORT_PCI_PF_NUMBER] = { .type = MNL_TYPE_U16,
                                          .name = "PORT_PCI_PF_NUMBER" },
    [DEVLINK_ATTR_PORT_PCI_VF_NUMBER] = { .type = MNL_TYPE_U16,
                                          .name = "PORT_PCI_VF_NUMBER" },

    /* Linux v5.9. */
    [DEVLINK_ATTR_PORT_FUNCTION] = { .type = MNL_TYPE_NESTED,
                                     .name = "PORT_FUNCTION" },
    [DEVLINK_ATTR_PORT_SPLITTABLE] = { .type = MNL_TYPE_U8,
                                       .name = "PORT_SPLITTABLE" },
    [DEVLINK_ATTR_INFO_BOARD_SERIAL_NUMBER] = {
        .type = MNL_TYPE_NUL_STRING, .name = "INFO_BOARD_SERIAL_NUMBER" },

    /* Linux v5.10: external controllers (SmartNIC hosts). */
    [DEVLINK_ATTR_PORT_EXTERNAL] = { .type = MNL_TYPE_U8,
                                     .name = "PORT_EXTERNAL" },
    [DEVLINK_ATTR_PORT_CONTROLLER_NUMBER] = {
        .type = MNL_TYPE_U32, .name = "PORT_CONTROLLER_NUMBER" },

    /* Linux v5.12: PCI SF (subfunction) ports. */
    [DEVLINK_ATTR_PORT_PCI_SF_NUMBER] = { .type = MNL_TYPE_U32,
                                          .name = "PORT_PCI_SF_NUMBER" },

    /* Linux v5.19: line cards. */
    [DEVLINK_ATTR_LINECARD_INDEX] = { .type = MNL_TYPE_U32,
                                      .name = "LINECARD_INDEX" },
};

/* Inside DEVLINK_ATTR_PORT_FUNCTION. */
static const struct nl_mnl_policy port_function_policy[] = {
    /* Linux v5.9. */
    [DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR] = {
        .type = MNL_TYPE_BINARY, .name = "PORT_FUNCTION_ATTR_HW_ADDR",
        .max_len = DEVLINK_HW_ADDR_MAX },
};

/* Inside DEVLINK_ATTR_INFO_VERSION_{FIXED,RUNNING,STORED}. */
static const struct nl_mnl_policy info_version_policy[] = {
    /* Linux v5.1. */
    [DEVLINK_ATTR_INFO_VERSION_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                         .name = "INFO_VERSION_NAME" },
    [DEVLINK_ATTR_INFO_VERSION_VALUE] = { .type = MNL_TYPE_NUL_STRING,
                                          .name = "INFO_VERSION_VALUE" },
};

/* Parses the attributes of generic netlink message 'nlh'. */
static int
parse_genl_attrs(const struct nlmsghdr *nlh,
                 const struct nl_mnl_policy *policy, size_t n_policy,
                 const struct nlattr **tb, const char *what)
{
    return nl_mnl_parse_attrs(nlh, GENL_HDRLEN, policy, n_policy, tb, what);
}

static char *
attr_strdup(const struct nlattr *attr)
{
    return attr ? xstrdup(mnl_attr_get_str(attr)) : NULL;
}

/* The get_*() functions store in '*present' whether validated attribute
 * 'attr' is nonnull and in '*value' its value, or 0. */
static void
get_u8(const struct nlattr *attr, bool *present, uint8_t *value)
{
    *present = attr != NULL;
    *value = attr ? mnl_attr_get_u8(attr) : 0;
}

static void
get_u16(const struct nlattr *attr, bool *present, uint16_t *value)
{
    *present = attr != NULL;
    *value = attr ? mnl_attr_get_u16(attr) : 0;
}

static void
get_u32(const struct nlattr *attr, bool *present, uint32_t *value)
{
    *present = attr != NULL;
    *value = attr ? mnl_attr_get_u32(attr) : 0;
}

/* Returns the value of u8 boolean attribute 'attr', false if it is
 * absent. */
static bool
get_bool(const struct nlattr *attr)
{
    return attr && mnl_attr_get_u8(attr);
}

/* Names. */

static const char *
name_lookup(const char *const names[], size_t n_names, unsigned int value)
{
    return value < n_names && names[value] ? names[value] : "unknown";
}

/* The spellings are those of devlink(8). */
static const char *const esw_mode_names[] = {
    [DEVLINK_ESW_MODE_LEGACY] = "legacy",
    [DEVLINK_ESW_MODE_SWITCHDEV] = "switchdev",
    [DEVLINK_ESW_MODE_SWITCHDEV_INACTIVE] = "switchdev_inactive",
};

static const char *const inline_mode_names[] = {
    [DEVLINK_ESWITCH_INLINE_MODE_NONE] = "none",
    [DEVLINK_ESWITCH_INLINE_MODE_LINK] = "link",
    [DEVLINK_ESWITCH_INLINE_MODE_NETWORK] = "network",
    [DEVLINK_ESWITCH_INLINE_MODE_TRANSPORT] = "transport",
};

static const char *const encap_mode_names[] = {
    [DEVLINK_ESWITCH_ENCAP_MODE_NONE] = "none",
    [DEVLINK_ESWITCH_ENCAP_MODE_BASIC] = "basic",
};

static const char *const port_type_names[] = {
    [DEVLINK_PORT_TYPE_NOTSET] = "notset",
    [DEVLINK_PORT_TYPE_AUTO] = "auto",
    [DEVLINK_PORT_TYPE_ETH] = "eth",
    [DEVLINK_PORT_TYPE_IB] = "ib",
};

static const char *const flavour_names[] = {
    [DEVLINK_PORT_FLAVOUR_PHYSICAL] = "physical",
    [DEVLINK_PORT_FLAVOUR_CPU] = "cpu",
    [DEVLINK_PORT_FLAVOUR_DSA] = "dsa",
    [DEVLINK_PORT_FLAVOUR_PCI_PF] = "pcipf",
    [DEVLINK_PORT_FLAVOUR_PCI_VF] = "pcivf",
    [DEVLINK_PORT_FLAVOUR_VIRTUAL] = "virtual",
    [DEVLINK_PORT_FLAVOUR_UNUSED] = "unused",
    [DEVLINK_PORT_FLAVOUR_PCI_SF] = "pcisf",
};

/* Returns the devlink(8) name of eswitch 'mode' ("legacy", "switchdev",
 * "switchdev_inactive"), or "unknown". */
const char *
devlink_esw_mode_to_string(uint16_t mode)
{
    return name_lookup(esw_mode_names, ARRAY_SIZE(esw_mode_names), mode);
}

/* Parses 's', one of the names that devlink_esw_mode_to_string() returns,
 * into '*mode'.  Returns true if successful, false if 's' is not a mode
 * name. */
bool
devlink_esw_mode_from_string(const char *s, uint16_t *mode)
{
    for (size_t i = 0; i < ARRAY_SIZE(esw_mode_names); i++) {
        if (esw_mode_names[i] && !strcmp(s, esw_mode_names[i])) {
            *mode = i;
            return true;
        }
    }
    return false;
}

/* Returns the devlink(8) name of eswitch inline mode 'inline_mode' ("none",
 * "link", "network", "transport"), or "unknown". */
const char *
devlink_inline_mode_to_string(uint8_t inline_mode)
{
    return name_lookup(inline_mode_names, ARRAY_SIZE(inline_mode_names),
                       inline_mode);
}

/* Returns the devlink(8) name of eswitch encapsulation mode 'encap_mode'
 * ("none", "basic"), or "unknown". */
const char *
devlink_encap_mode_to_string(uint8_t encap_mode)
{
    return name_lookup(encap_mode_names, ARRAY_SIZE(encap_mode_names),
                       encap_mode);
}

/* Returns the devlink(8) name of port type 'type' ("notset", "auto", "eth",
 * "ib"), or "unknown". */
const char *
devlink_port_type_to_string(uint16_t type)
{
    return name_lookup(port_type_names, ARRAY_SIZE(port_type_names), type);
}

/* Returns the devlink(8) name of port flavour 'flavour' ("physical",
 * "pcipf", "pcivf", "pcisf", "virtual", ...), or "unknown". */
const char *
devlink_flavour_to_string(uint16_t flavour)
{
    return name_lookup(flavour_names, ARRAY_SIZE(flavour_names), flavour);
}

/* Message builders. */

/* Starts a devlink request for 'cmd' to family 'family' in 'buf'. */
static struct nlmsghdr *
put_request(char *buf, uint16_t family, uint8_t cmd, uint16_t flags)
{
    return nl_mnl_put_genl_request(buf, DEVLINK_REQUEST_SIZE, family, cmd,
                                   DEVLINK_GENL_VERSION, flags);
}

static bool
name_ok(const char *name)
{
    return name && name[0] && strlen(name) <= DEVLINK_NAME_MAX;
}

/* Appends the devlink handle 'bus'/'dev' to 'nlh'.  Returns false if either
 * name is NULL, empty or too long. */
static bool
put_handle(struct nlmsghdr *nlh, const char *bus, const char *dev)
{
    return (name_ok(bus) && name_ok(dev)
            && mnl_attr_put_strz_check(nlh, DEVLINK_REQUEST_SIZE,
                                       DEVLINK_ATTR_BUS_NAME, bus)
            && mnl_attr_put_strz_check(nlh, DEVLINK_REQUEST_SIZE,
                                       DEVLINK_ATTR_DEV_NAME, dev));
}

/* Builds in 'buf' a DEVLINK_CMD_ESWITCH_GET request for 'bus'/'dev' to
 * generic netlink family 'family'.  Returns the message, or NULL if a name
 * is NULL, empty or longer than DEVLINK_NAME_MAX.
 *
 * Like every devlink_build_*() function, this needs 'buf' to be
 * DEVLINK_REQUEST_SIZE bytes, aligned for a 'struct nlmsghdr', and leaves
 * the sequence number 0. */
struct nlmsghdr *
devlink_build_eswitch_get(char *buf, uint16_t family, const char *bus,
                          const char *dev)
{
    struct nlmsghdr *nlh = put_request(buf, family, DEVLINK_CMD_ESWITCH_GET,
                                       NLM_F_ACK);

    return put_handle(nlh, bus, dev) ? nlh : NULL;
}

/* Builds in 'buf' a DEVLINK_CMD_ESWITCH_SET request for 'bus'/'dev' to
 * generic netlink family 'family', with those attributes of 'esw' whose
 * '*_present' flag is true: DEVLINK_ATTR_ESWITCH_MODE as a u16,
 * DEVLINK_ATTR_ESWITCH_INLINE_MODE and DEVLINK_ATTR_ESWITCH_ENCAP_MODE as
 * u8s, the types the kernel's policy requires.  Returns the message, or NULL
 * if a name is NULL, empty or longer than DEVLINK_NAME_MAX. */
struct nlmsghdr *
devlink_build_eswitch_set(char *buf, uint16_t family, const char *bus,
                          const char *dev, const struct devlink_eswitch *esw)
{
    struct nlmsghdr *nlh = put_request(buf, family, DEVLINK_CMD_ESWITCH_SET,
                                       NLM_F_ACK);

    if (!put_handle(nlh, bus, dev)) {
        return NULL;
    }
    if (esw->mode_present) {
        mnl_attr_put_u16(nlh, DEVLINK_ATTR_ESWITCH_MODE, esw->mode);
    }
    if (esw->inline_mode_present) {
        mnl_attr_put_u8(nlh, DEVLINK_ATTR_ESWITCH_INLINE_MODE,
                        esw->inline_mode);
    }
    if (esw->encap_mode_present) {
        mnl_attr_put_u8(nlh, DEVLINK_ATTR_ESWITCH_ENCAP_MODE,
                        esw->encap_mode);
    }
    return nlh;
}

/* Builds in 'buf' a DEVLINK_CMD_PORT_GET dump request to generic netlink
 * family 'family'.  If 'bus' and 'dev' are nonnull, the request carries that
 * handle; kernels since about v6.6 then dump only that instance's ports,
 * older ones ignore it.  Returns the message, or NULL if only one of 'bus'
 * and 'dev' is nonnull or a name is empty or too long. */
struct nlmsghdr *
devlink_build_port_dump(char *buf, uint16_t family, const char *bus,
                        const char *dev)
{
    struct nlmsghdr *nlh = put_request(buf, family, DEVLINK_CMD_PORT_GET,
                                       NLM_F_DUMP);

    if (!bus && !dev) {
        return nlh;
    }
    return put_handle(nlh, bus, dev) ? nlh : NULL;
}

/* Builds in 'buf' a DEVLINK_CMD_INFO_GET request for 'bus'/'dev' to generic
 * netlink family 'family'.  Returns the message, or NULL if a name is NULL,
 * empty or longer than DEVLINK_NAME_MAX. */
struct nlmsghdr *
devlink_build_info_get(char *buf, uint16_t family, const char *bus,
                       const char *dev)
{
    struct nlmsghdr *nlh = put_request(buf, family, DEVLINK_CMD_INFO_GET,
                                       NLM_F_ACK);

    return put_handle(nlh, bus, dev) ? nlh : NULL;
}

/* Message parsers. */

/* Parses 'nlh', a DEVLINK_CMD_ESWITCH_GET reply, into '*esw'.  Attributes
 * absent from the message have their '*_present' flag false.  Returns 0 if
 * successful, EINVAL if a known attribute is malformed, e.g. a mode that is
 * not a u16; then '*esw' has nothing present. */
int
devlink_parse_eswitch_msg(const struct nlmsghdr *nlh,
                          struct devlink_eswitch *esw)
{
    const struct nlattr *tb[ARRAY_SIZE(devlink_policy)];
    int error;

    memset(esw, 0, sizeof *esw);
    error = parse_genl_attrs(nlh, devlink_policy, ARRAY_SIZE(devlink_policy),
                             tb, "devlink eswitch reply");
    if (error) {
        return error;
    }

    get_u16(tb[DEVLINK_ATTR_ESWITCH_MODE], &esw->mode_present, &esw->mode);
    get_u8(tb[DEVLINK_ATTR_ESWITCH_INLINE_MODE], &esw->inline_mode_present,
           &esw->inline_mode);
    get_u8(tb[DEVLINK_ATTR_ESWITCH_ENCAP_MODE], &esw->encap_mode_present,
           &esw->encap_mode);
    return 0;
}

/* Fills in 'port->phys_port_name' the way the kernel's
 * __devlink_port_phys_port_name_get() (net/devlink/port.c) formats a devlink
 * port's phys_port_name, or leaves it empty where the kernel reports none:
 * for flavours without a name, for missing attributes, and for a name that
 * would not fit into IFNAMSIZ bytes. */
static void
port_derive_phys_port_name(struct devlink_port *port)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    bool pci = false;

    port->phys_port_name[0] = '\0';
    if (!port->flavour_present) {
        return;
    }

    /* The flavour is switched on as an integer: a newer kernel may report a
     * flavour this code does not know. */
    switch (port->flavour) {
    case DEVLINK_PORT_FLAVOUR_PHYSICAL:
        if (port->number_present) {
            if (port->linecard_present) {
                ds_put_format(&s, "l%"PRIu32, port->linecard);
            }
            ds_put_format(&s, "p%"PRIu32, port->number);
            if (port->split_subport_present) {
                ds_put_format(&s, "s%"PRIu32, port->split_subport);
            }
        }
        break;

    case DEVLINK_PORT_FLAVOUR_PCI_PF:
        pci = port->pfnum_present;
        break;

    case DEVLINK_PORT_FLAVOUR_PCI_VF:
        pci = port->pfnum_present && port->vfnum_present;
        break;

    case DEVLINK_PORT_FLAVOUR_PCI_SF:
        pci = port->pfnum_present && port->sfnum_present;
        break;

    case DEVLINK_PORT_FLAVOUR_CPU:
    case DEVLINK_PORT_FLAVOUR_DSA:
    case DEVLINK_PORT_FLAVOUR_VIRTUAL:
    case DEVLINK_PORT_FLAVOUR_UNUSED:
    default:
        /* No phys_port_name. */
        break;
    }

    if (pci) {
        /* An external controller adds a "c<N>" prefix. */
        if (port->external && port->controller_present) {
            ds_put_format(&s, "c%"PRIu32, port->controller);
        }
        ds_put_format(&s, "pf%"PRIu16, port->pfnum);
        if (port->flavour == DEVLINK_PORT_FLAVOUR_PCI_VF) {
            ds_put_format(&s, "vf%"PRIu16, port->vfnum);
        } else if (port->flavour == DEVLINK_PORT_FLAVOUR_PCI_SF) {
            ds_put_format(&s, "sf%"PRIu32, port->sfnum);
        }
    }

    if (s.length < sizeof port->phys_port_name) {
        memcpy(port->phys_port_name, ds_cstr(&s), s.length + 1);
    }
    ds_destroy(&s);
}

/* Parses the DEVLINK_ATTR_PORT_FUNCTION nest 'nest' into 'port'. */
static int
parse_port_function(const struct nlattr *nest, struct devlink_port *port)
{
    const struct nlattr *tb[ARRAY_SIZE(port_function_policy)];
    const struct nlattr *a;
    int error;

    error = nl_mnl_parse_nested(nest, port_function_policy,
                               ARRAY_SIZE(port_function_policy), tb,
                               "devlink port function");
    if (error) {
        return error;
    }
    a = tb[DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR];
    if (a) {
        port->hw_addr_len = mnl_attr_get_payload_len(a);
        memcpy(port->hw_addr, mnl_attr_get_payload(a), port->hw_addr_len);
    }
    return 0;
}

/* Parses 'nlh', a devlink port message, into '*port', which the caller must
 * later free with devlink_port_uninit().
 *
 * The generic netlink command is not checked: the kernel answers a port
 * dump with DEVLINK_CMD_NEW (3) instead of DEVLINK_CMD_PORT_NEW (7), a bug
 * that devlink.yaml documents and keeps for compatibility, a single port
 * get with DEVLINK_CMD_PORT_NEW, and notifications with PORT_NEW or
 * PORT_DEL.
 *
 * Returns 0 if successful.  Returns EINVAL if a known attribute is malformed
 * (e.g. a PF number that is not a u16) or if the bus name, device name or
 * port index is missing; then '*port' is empty. */
int
devlink_parse_port_msg(const struct nlmsghdr *nlh, struct devlink_port *port)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct nlattr *tb[ARRAY_SIZE(devlink_policy)];
    int error;

    memset(port, 0, sizeof *port);
    error = parse_genl_attrs(nlh, devlink_policy, ARRAY_SIZE(devlink_policy),
                             tb, "devlink port message");
    if (error) {
        return error;
    }
    if (!tb[DEVLINK_ATTR_BUS_NAME] || !tb[DEVLINK_ATTR_DEV_NAME]
        || !tb[DEVLINK_ATTR_PORT_INDEX]) {
        VLOG_WARN_RL(&rl, "devlink port message: missing handle or index");
        return EINVAL;
    }
    if (tb[DEVLINK_ATTR_PORT_FUNCTION]) {
        error = parse_port_function(tb[DEVLINK_ATTR_PORT_FUNCTION], port);
        if (error) {
            memset(port, 0, sizeof *port);
            return error;
        }
    }

    port->bus_name = attr_strdup(tb[DEVLINK_ATTR_BUS_NAME]);
    port->dev_name = attr_strdup(tb[DEVLINK_ATTR_DEV_NAME]);
    port->index = mnl_attr_get_u32(tb[DEVLINK_ATTR_PORT_INDEX]);

    get_u16(tb[DEVLINK_ATTR_PORT_TYPE], &port->type_present, &port->type);
    get_u16(tb[DEVLINK_ATTR_PORT_FLAVOUR], &port->flavour_present,
            &port->flavour);
    get_u32(tb[DEVLINK_ATTR_PORT_NUMBER], &port->number_present,
            &port->number);
    get_u32(tb[DEVLINK_ATTR_PORT_SPLIT_SUBPORT_NUMBER],
            &port->split_subport_present, &port->split_subport);
    port->splittable = get_bool(tb[DEVLINK_ATTR_PORT_SPLITTABLE]);
    get_u32(tb[DEVLINK_ATTR_LINECARD_INDEX], &port->linecard_present,
            &port->linecard);
    get_u32(tb[DEVLINK_ATTR_PORT_CONTROLLER_NUMBER],
            &port->controller_present, &port->controller);
    port->external = get_bool(tb[DEVLINK_ATTR_PORT_EXTERNAL]);
    get_u16(tb[DEVLINK_ATTR_PORT_PCI_PF_NUMBER], &port->pfnum_present,
            &port->pfnum);
    get_u16(tb[DEVLINK_ATTR_PORT_PCI_VF_NUMBER], &port->vfnum_present,
            &port->vfnum);
    get_u32(tb[DEVLINK_ATTR_PORT_PCI_SF_NUMBER], &port->sfnum_present,
            &port->sfnum);
    port->netdev_name = attr_strdup(tb[DEVLINK_ATTR_PORT_NETDEV_NAME]);
    get_u32(tb[DEVLINK_ATTR_PORT_NETDEV_IFINDEX], &port->ifindex_present,
            &port->ifindex);

    port_derive_phys_port_name(port);
    return 0;
}

/* Frees the strings in 'port' and clears it.  'port' may be NULL. */
void
devlink_port_uninit(struct devlink_port *port)
{
    if (port) {
        free(port->bus_name);
        free(port->dev_name);
        free(port->netdev_name);
        memset(port, 0, sizeof *port);
    }
}

static void
info_versions_destroy(struct devlink_info_versions *versions)
{
    for (size_t i = 0; i < versions->n; i++) {
        free(versions->versions[i].name);
        free(versions->versions[i].value);
    }
    free(versions->versions);
}

/* Parses one DEVLINK_ATTR_INFO_VERSION_* nest and appends it to
 * 'versions'. */
static int
parse_info_version(const struct nlattr *nest,
                   struct devlink_info_versions *versions)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct nlattr *tb[ARRAY_SIZE(info_version_policy)];
    struct devlink_info_version *v;
    int error;

    error = nl_mnl_parse_nested(nest, info_version_policy,
                               ARRAY_SIZE(info_version_policy), tb,
                               "devlink info version");
    if (error) {
        return error;
    }
    if (!tb[DEVLINK_ATTR_INFO_VERSION_NAME]
        || !tb[DEVLINK_ATTR_INFO_VERSION_VALUE]) {
        VLOG_WARN_RL(&rl, "devlink info version: missing name or value");
        return EINVAL;
    }

    if (versions->n >= versions->allocated) {
        versions->versions = x2nrealloc(versions->versions,
                                        &versions->allocated,
                                        sizeof *versions->versions);
    }
    v = &versions->versions[versions->n++];
    v->name = attr_strdup(tb[DEVLINK_ATTR_INFO_VERSION_NAME]);
    v->value = attr_strdup(tb[DEVLINK_ATTR_INFO_VERSION_VALUE]);
    return 0;
}

/* Parses 'nlh', a DEVLINK_CMD_INFO_GET reply, into '*info', which the
 * caller must later free with devlink_info_uninit().  The reply holds one
 * nest per version, so each of the fixed, running and stored lists keeps
 * every version in the kernel's order.
 *
 * Returns 0 if successful, EINVAL if a known attribute is malformed or a
 * version lacks its name or value; then '*info' is empty. */
int
devlink_parse_info_msg(const struct nlmsghdr *nlh, struct devlink_info *info)
{
    const struct nlattr *tb[ARRAY_SIZE(devlink_policy)];
    const struct nlattr *attr;
    int error;

    memset(info, 0, sizeof *info);
    error = parse_genl_attrs(nlh, devlink_policy, ARRAY_SIZE(devlink_policy),
                             tb, "devlink info reply");
    if (error) {
        return error;
    }

    info->bus_name = attr_strdup(tb[DEVLINK_ATTR_BUS_NAME]);
    info->dev_name = attr_strdup(tb[DEVLINK_ATTR_DEV_NAME]);
    info->driver_name = attr_strdup(tb[DEVLINK_ATTR_INFO_DRIVER_NAME]);
    info->serial_number = attr_strdup(tb[DEVLINK_ATTR_INFO_SERIAL_NUMBER]);
    info->board_serial_number
        = attr_strdup(tb[DEVLINK_ATTR_INFO_BOARD_SERIAL_NUMBER]);

    /* 'tb' holds only the last of each repeated attribute, so walk them
     * all.  parse_genl_attrs() already checked that each is a nest. */
    mnl_attr_for_each (attr, nlh, GENL_HDRLEN) {
        struct devlink_info_versions *versions;

        switch (mnl_attr_get_type(attr)) {
        case DEVLINK_ATTR_INFO_VERSION_FIXED:
            versions = &info->fixed;
            break;
        case DEVLINK_ATTR_INFO_VERSION_RUNNING:
            versions = &info->running;
            break;
        case DEVLINK_ATTR_INFO_VERSION_STORED:
            versions = &info->stored;
            break;
        default:
            continue;
        }
        error = parse_info_version(attr, versions);
        if (error) {
            devlink_info_uninit(info);
            return error;
        }
    }
    return 0;
}

/* Frees the contents of 'info' and clears it.  'info' may be NULL. */
void
devlink_info_uninit(struct devlink_info *info)
{
    if (info) {
        free(info->bus_name);
        free(info->dev_name);
        free(info->driver_name);
        free(info->serial_number);
        free(info->board_serial_number);
        info_versions_destroy(&info->fixed);
        info_versions_destroy(&info->running);
        info_versions_destroy(&info->stored);
        memset(info, 0, sizeof *info);
    }
}

/* Returns the value of the first version named 'name' in 'versions' (e.g.
 * "fw.version" in 'info->running'), or NULL if there is none. */
const char *
devlink_info_versions_find(const struct devlink_info_versions *versions,
                           const char *name)
{
    for (size_t i = 0; i < versions->n; i++) {
        if (!strcmp(versions->versions[i].name, name)) {
            return versions->versions[i].value;
        }
    }
    return NULL;
}

/* Formatting. */

/* Appends to 's' the attributes of 'esw' that are present, as devlink(8)
 * prints them, e.g. "mode switchdev inline-mode none encap-mode basic". */
void
devlink_eswitch_format(const struct devlink_eswitch *esw, struct ds *s)
{
    const char *sep = "";

    if (esw->mode_present) {
        ds_put_format(s, "mode %s", devlink_esw_mode_to_string(esw->mode));
        sep = " ";
    }
    if (esw->inline_mode_present) {
        ds_put_format(s, "%sinline-mode %s", sep,
                      devlink_inline_mode_to_string(esw->inline_mode));
        sep = " ";
    }
    if (esw->encap_mode_present) {
        ds_put_format(s, "%sencap-mode %s", sep,
                      devlink_encap_mode_to_string(esw->encap_mode));
    }
}

/* Appends to 's' a one-line description of 'port' in the style of "devlink
 * port show", e.g. "pci/0000:81:00.0/1: type eth netdev ens1f0npf0vf0
 * flavour pcivf controller 0 pfnum 0 vfnum 0 external false splittable
 * false phys_port_name pf0vf0".  Absent attributes are left out. */
void
devlink_port_format(const struct devlink_port *port, struct ds *s)
{
    ds_put_format(s, "%s/%s/%"PRIu32":", port->bus_name, port->dev_name,
                  port->index);
    if (port->type_present) {
        ds_put_format(s, " type %s", devlink_port_type_to_string(port->type));
    }
    if (port->netdev_name) {
        ds_put_format(s, " netdev %s", port->netdev_name);
    }
    if (port->flavour_present) {
        ds_put_format(s, " flavour %s",
                      devlink_flavour_to_string(port->flavour));
    }
    if (port->number_present) {
        ds_put_format(s, " port %"PRIu32, port->number);
    }
    if (port->split_subport_present) {
        ds_put_format(s, " split_subport %"PRIu32, port->split_subport);
    }
    if (port->controller_present) {
        ds_put_format(s, " controller %"PRIu32, port->controller);
    }
    if (port->pfnum_present) {
        ds_put_format(s, " pfnum %"PRIu16, port->pfnum);
    }
    if (port->vfnum_present) {
        ds_put_format(s, " vfnum %"PRIu16, port->vfnum);
    }
    if (port->sfnum_present) {
        ds_put_format(s, " sfnum %"PRIu32, port->sfnum);
    }
    if (port->controller_present) {
        ds_put_format(s, " external %s", port->external ? "true" : "false");
    }
    ds_put_format(s, " splittable %s", port->splittable ? "true" : "false");
    if (port->hw_addr_len) {
        ds_put_cstr(s, " hw_addr ");
        for (size_t i = 0; i < port->hw_addr_len; i++) {
            ds_put_format(s, "%s%02x", i ? ":" : "", port->hw_addr[i]);
        }
    }
    if (port->phys_port_name[0]) {
        ds_put_format(s, " phys_port_name %s", port->phys_port_name);
    }
    if (port->switch_id_len) {
        ds_put_cstr(s, " switch_id ");
        for (size_t i = 0; i < port->switch_id_len; i++) {
            ds_put_format(s, "%02x", port->switch_id[i]);
        }
    }
}

/* Port table. */

struct port_node {
    struct hmap_node index_node;     /* In 'by_index'. */
    struct hmap_node function_node;  /* In 'by_function', if indexed. */
    struct hmap_node netdev_node;    /* In 'by_netdev', if indexed. */
    bool in_by_function;
    bool in_by_netdev;
    struct devlink_port port;
};

/* The ports of a dump, in the kernel's order, with three indexes over the
 * same nodes:
 *
 *   - 'by_index': every port, keyed on handle and port index.
 *
 *   - 'by_function': PCI PF and VF ports that have their numbers, keyed on
 *     handle, controller number (0 if absent), flavour, PF number and VF
 *     number (0 for a PF).
 *
 *   - 'by_netdev': ports with a netdev, keyed on the netdev name. */
struct devlink_port_table {
    struct port_node **nodes;
    size_t n;
    size_t allocated;
    struct hmap by_index;
    struct hmap by_function;
    struct hmap by_netdev;
};

static uint32_t
hash_handle(const char *bus, const char *dev)
{
    return hash_string(dev, hash_string(bus, 0));
}

static uint32_t
hash_index(const char *bus, const char *dev, uint32_t index)
{
    return hash_int(index, hash_handle(bus, dev));
}

static uint32_t
hash_function(const char *bus, const char *dev, uint32_t controller,
              uint16_t flavour, uint16_t pfnum, uint16_t vfnum)
{
    uint32_t hash = hash_handle(bus, dev);

    hash = hash_add(hash, controller);
    hash = hash_add(hash, ((uint32_t) flavour << 16) | pfnum);
    hash = hash_add(hash, vfnum);
    return hash_finish(hash, 12);
}

static bool
port_has_handle(const struct devlink_port *port, const char *bus,
                const char *dev)
{
    return !strcmp(port->bus_name, bus) && !strcmp(port->dev_name, dev);
}

/* Returns true if 'port' belongs in the 'by_function' index. */
static bool
port_is_function(const struct devlink_port *port)
{
    if (!port->flavour_present || !port->pfnum_present) {
        return false;
    }
    return (port->flavour == DEVLINK_PORT_FLAVOUR_PCI_PF
            || (port->flavour == DEVLINK_PORT_FLAVOUR_PCI_VF
                && port->vfnum_present));
}

static uint32_t
port_function_hash(const struct devlink_port *port)
{
    return hash_function(port->bus_name, port->dev_name,
                         port->controller_present ? port->controller : 0,
                         port->flavour, port->pfnum,
                         port->vfnum_present ? port->vfnum : 0);
}

/* Creates and returns a new, empty port table.  The caller must eventually
 * destroy it with devlink_port_table_destroy(). */
struct devlink_port_table *
devlink_port_table_create(void)
{
    struct devlink_port_table *table = xzalloc(sizeof *table);

    hmap_init(&table->by_index);
    hmap_init(&table->by_function);
    hmap_init(&table->by_netdev);
    return table;
}

/* Frees 'table' and every port in it.  'table' may be NULL. */
void
devlink_port_table_destroy(struct devlink_port_table *table)
{
    if (table) {
        for (size_t i = 0; i < table->n; i++) {
            devlink_port_uninit(&table->nodes[i]->port);
            free(table->nodes[i]);
        }
        free(table->nodes);
        hmap_destroy(&table->by_index);
        hmap_destroy(&table->by_function);
        hmap_destroy(&table->by_netdev);
        free(table);
    }
}

/* Adds 'port', which must have its bus and device names, to 'table'.
 *
 * On success, returns 0 and moves the contents of 'port' into the table,
 * leaving 'port' cleared.  If 'table' already has a port with the same
 * handle and index, returns EEXIST and leaves 'port' to the caller. */
int
devlink_port_table_insert(struct devlink_port_table *table,
                          struct devlink_port *port)
{
    uint32_t hash = hash_index(port->bus_name, port->dev_name, port->index);
    struct port_node *node;

    if (devlink_port_table_find_index(table, port->bus_name, port->dev_name,
                                      port->index)) {
        return EEXIST;
    }

    node = xzalloc(sizeof *node);
    node->port = *port;
    memset(port, 0, sizeof *port);

    hmap_insert(&table->by_index, &node->index_node, hash);
    if (port_is_function(&node->port)) {
        hmap_insert(&table->by_function, &node->function_node,
                    port_function_hash(&node->port));
        node->in_by_function = true;
    }
    if (node->port.netdev_name) {
        hmap_insert(&table->by_netdev, &node->netdev_node,
                    hash_string(node->port.netdev_name, 0));
        node->in_by_netdev = true;
    }

    if (table->n >= table->allocated) {
        table->nodes = x2nrealloc(table->nodes, &table->allocated,
                                  sizeof *table->nodes);
    }
    table->nodes[table->n++] = node;
    return 0;
}

/* Returns the number of ports in 'table'. */
size_t
devlink_port_table_count(const struct devlink_port_table *table)
{
    return table->n;
}

/* Returns port number 'idx' of 'table', counting from 0 in the order the
 * ports were inserted (for a dump, the kernel's order).  'idx' must be less
 * than devlink_port_table_count(table). */
const struct devlink_port *
devlink_port_table_at(const struct devlink_port_table *table, size_t idx)
{
    ovs_assert(idx < table->n);
    return &table->nodes[idx]->port;
}

/* Returns the port of 'table' with handle 'bus'/'dev' and port index
 * 'index', or NULL if there is none. */
const struct devlink_port *
devlink_port_table_find_index(const struct devlink_port_table *table,
                              const char *bus, const char *dev,
                              uint32_t index)
{
    const struct port_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, index_node, hash_index(bus, dev, index),
                             &table->by_index) {
        if (node->port.index == index
            && port_has_handle(&node->port, bus, dev)) {
            return &node->port;
        }
    }
    return NULL;
}

static const struct devlink_port *
find_function(const struct devlink_port_table *table, const char *bus,
              const char *dev, uint32_t controller, uint16_t flavour,
              uint16_t pfnum, uint16_t vfnum)
{
    uint32_t hash = hash_function(bus, dev, controller, flavour, pfnum,
                                  vfnum);
    const struct port_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, function_node, hash,
                             &table->by_function) {
        const struct devlink_port *port = &node->port;
        uint32_t port_controller = (port->controller_present
                                    ? port->controller : 0);
        uint16_t port_vfnum = port->vfnum_present ? port->vfnum : 0;

        if (port->flavour == flavour && port->pfnum == pfnum
            && port_vfnum == vfnum && port_controller == controller
            && port_has_handle(port, bus, dev)) {
            return port;
        }
    }
    return NULL;
}

/* Returns the representor port (flavour pcivf) of VF 'vfnum' of PF 'pfnum'
 * on controller 'controller' in devlink instance 'bus'/'dev', or NULL if
 * 'table' has none.
 *
 * 'controller' is 0 for the local host.  On a SmartNIC such as BlueField,
 * the host's VFs belong to an external controller, usually 1 ("c1pf0vf0").
 * Older kernels do not report a controller number; such ports count as
 * controller 0.
 *
 * With mlx5 each PF is its own devlink instance, yet the PF number still
 * matters: VF 0 of PF 0 and VF 0 of PF 1 differ in 'pfnum' and, with VF
 * LAG, share one switch id.
 *
 * This is the lookup behind "devlink port show" filtered on "flavour pcivf
 * pfnum P vfnum V". */
const struct devlink_port *
devlink_port_table_find_vf(const struct devlink_port_table *table,
                           const char *bus, const char *dev,
                           uint32_t controller, uint16_t pfnum,
                           uint16_t vfnum)
{
    return find_function(table, bus, dev, controller,
                         DEVLINK_PORT_FLAVOUR_PCI_VF, pfnum, vfnum);
}

/* Returns the port of flavour pcipf for PF 'pfnum' on controller
 * 'controller' in devlink instance 'bus'/'dev', or NULL if 'table' has none.
 * Such ports exist on SmartNICs (the host PF's representor), not for the
 * uplink of an ordinary NIC, which is a physical port. */
const struct devlink_port *
devlink_port_table_find_pf(const struct devlink_port_table *table,
                           const char *bus, const char *dev,
                           uint32_t controller, uint16_t pfnum)
{
    return find_function(table, bus, dev, controller,
                         DEVLINK_PORT_FLAVOUR_PCI_PF, pfnum, 0);
}

/* Returns the port of 'table' whose netdev is named 'netdev_name', or NULL
 * if there is none.  Netdev names are unique in a network namespace, and the
 * kernel reports a port's netdev only if it is in the devlink instance's
 * namespace. */
const struct devlink_port *
devlink_port_table_find_netdev(const struct devlink_port_table *table,
                               const char *netdev_name)
{
    const struct port_node *node;

    HMAP_FOR_EACH_WITH_HASH (node, netdev_node, hash_string(netdev_name, 0),
                             &table->by_netdev) {
        if (!strcmp(node->port.netdev_name, netdev_name)) {
            return &node->port;
        }
    }
    return NULL;
}

/* Reads the switch id of 'port''s netdev from 'file', a phys_switch_id file
 * in sysfs, which holds the id in hex followed by a new-line. */
static int
read_switch_id(const char *file, struct devlink_port *port)
{
    char line[2 * DEVLINK_SWITCH_ID_MAX + 3];
    FILE *stream;
    size_t len;

    stream = fopen(file, "r");
    if (!stream) {
        return errno;
    }
    if (!fgets(line, sizeof line, stream)) {
        /* sysfs fails the read with EOPNOTSUPP if the netdev has no switch
         * id. */
        int error = ferror(stream) ? errno : EINVAL;

        fclose(stream);
        return error;
    }
    fclose(stream);

    len = strcspn(line, "\n");
    if (!len || len % 2 || len / 2 > DEVLINK_SWITCH_ID_MAX) {
        return EINVAL;
    }
    for (size_t i = 0; i < len / 2; i++) {
        int hi = hexit_value(line[2 * i]);
        int lo = hexit_value(line[2 * i + 1]);

        if (hi < 0 || lo < 0) {
            return EINVAL;
        }
        port->switch_id[i] = (hi << 4) | lo;
    }
    port->switch_id_len = len / 2;
    return 0;
}

/* Fills in the switch id of each port in 'table' that has a netdev, from
 * "<sysfs_net>/<netdev>/phys_switch_id" ("cat
 * /sys/class/net/<netdev>/phys_switch_id"; "ip -d link show" prints it as
 * "switchid").  'sysfs_net' is normally NULL, which means "/sys/class/net";
 * tests pass a directory of their own.  devlink itself does not report
 * switch ids.
 *
 * A netdev without a switch id (no file, or a read that fails with
 * EOPNOTSUPP, as for a netdev that is not a switchdev port) keeps
 * 'switch_id_len' 0 and is not an error.  Returns 0, or the first other
 * error, after trying every port. */
int
devlink_port_table_read_sysfs(struct devlink_port_table *table,
                              const char *sysfs_net)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    int first_error = 0;

    if (!sysfs_net) {
        sysfs_net = "/sys/class/net";
    }
    for (size_t i = 0; i < table->n; i++) {
        struct devlink_port *port = &table->nodes[i]->port;
        char *file;
        int error;

        port->switch_id_len = 0;
        if (!port->netdev_name) {
            continue;
        }
        file = xasprintf("%s/%s/phys_switch_id", sysfs_net,
                         port->netdev_name);
        error = read_switch_id(file, port);
        if (error && error != ENOENT && error != EOPNOTSUPP) {
            VLOG_WARN_RL(&rl, "%s: cannot read switch id (%s)", file,
                         ovs_strerror(error));
            if (!first_error) {
                first_error = error;
            }
        }
        free(file);
    }
    return first_error;
}

/* Replies. */

struct port_feed_ctx {
    struct devlink_port_table *table;
    uint16_t family;            /* Generic netlink family id. */
    const char *bus;            /* Keep only this instance, if nonnull. */
    const char *dev;
};

static int
port_feed_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    struct port_feed_ctx *ctx = ctx_;
    struct devlink_port port;
    int error;

    if (nlh->nlmsg_type != ctx->family) {
        return 0;
    }
    error = devlink_parse_port_msg(nlh, &port);
    if (error) {
        return error;
    }
    if (ctx->bus && !port_has_handle(&port, ctx->bus, ctx->dev)) {
        /* Kernels before about v6.6 ignore the handle in a dump request. */
        devlink_port_uninit(&port);
        return 0;
    }
    if (devlink_port_table_insert(ctx->table, &port)) {
        VLOG_WARN_RL(&rl, "%s/%s/%"PRIu32": duplicate port in dump",
                     port.bus_name, port.dev_name, port.index);
        devlink_port_uninit(&port);
    }
    return 0;
}

/* Adds to 'table' the ports in 'buf', 'len' bytes received from the kernel
 * in reply to a port dump of generic netlink family 'family': one datagram,
 * which may hold several messages.  If 'bus' and 'dev' are nonnull, keeps
 * only the ports of that devlink instance.  Sets '*done' to true if 'buf'
 * ends the dump (NLMSG_DONE or an error), false if more is to come.
 *
 * Port messages are recognized by their netlink type, never by their
 * generic netlink command, because of the DEVLINK_CMD_NEW quirk described
 * at devlink_parse_port_msg().
 *
 * Returns 0 or the first error: the kernel's (e.g. ENODEV), EINVAL for a
 * malformed port message, EAGAIN if the kernel flagged the dump as
 * inconsistent (NLM_F_DUMP_INTR) because ports changed meanwhile, EPROTO for
 * a truncated message.  Stores in '*extack' (if nonnull) the kernel's
 * message or NULL, which the caller must free.
 *
 * devlink_port_dump() does the I/O; this is its parsing half. */
int
devlink_port_table_feed(struct devlink_port_table *table, uint16_t family,
                        const char *bus, const char *dev, const void *buf,
                        size_t len, bool *done, char **extack)
{
    struct port_feed_ctx ctx = {
        .table = table,
        .family = family,
        .bus = bus,
        .dev = dev,
    };

    return nl_mnl_reply_parse(buf, len, port_feed_cb, &ctx, done, extack);
}

/* Socket. */

struct devlink_sock {
    struct mnl_socket *nl;
    uint16_t family;            /* Generic netlink family id. */
    uint32_t config_group;      /* "config" multicast group id, or 0. */
};

/* Opens a devlink socket and stores it in '*sockp'.  Equivalent to
 * devlink_sock_open__(DEVLINK_GENL_NAME, DEVLINK_GENL_MCGRP_CONFIG_NAME,
 * ...), which see. */
int
devlink_sock_open(struct devlink_sock **sockp, char **errmsg)
{
    return devlink_sock_open__(DEVLINK_GENL_NAME,
                               DEVLINK_GENL_MCGRP_CONFIG_NAME, sockp, errmsg);
}

/* Opens a generic netlink socket with nl_mnl_open() and resolves the id of
 * the family named 'family_name' and of its multicast group named
 * 'group_name' (which may be NULL), as "genl ctrl get name devlink" does.
 * devlink_sock_open() uses DEVLINK_GENL_NAME and its "config" group;
 * other names are for tests.
 *
 * On success, returns 0, stores the socket in '*sockp', which the caller
 * must close with devlink_sock_close(), and NULL in '*errmsg' (if nonnull).
 *
 * On failure, returns a positive errno value, stores NULL in '*sockp' and an
 * explanation in '*errmsg' (if nonnull), malloc'd, which the caller must
 * free.  If the kernel does not know the family, the error is ENOENT: a
 * kernel built without CONFIG_NET_DEVLINK has no devlink family at all. */
int
devlink_sock_open__(const char *family_name, const char *group_name,
                    struct devlink_sock **sockp, char **errmsg)
{
    struct devlink_sock *sock;
    char *msg = NULL;
    int error;

    *sockp = NULL;
    sock = xzalloc(sizeof *sock);
    error = nl_mnl_open(NETLINK_GENERIC, &sock->nl, &msg);
    if (!error) {
        error = nl_mnl_genl_family(sock->nl, family_name, &sock->family,
                                   group_name, &sock->config_group, &msg);
    }
    if (error) {
        if (error == ENOENT && family_name
            && !strcmp(family_name, DEVLINK_GENL_NAME)) {
            char *full = xasprintf("%s (kernel built without "
                                   "CONFIG_NET_DEVLINK; eswitch mode and "
                                   "representors cannot be managed)", msg);

            free(msg);
            msg = full;
        }
        devlink_sock_close(sock);
        if (errmsg) {
            *errmsg = msg;
        } else {
            free(msg);
        }
        return error;
    }

    if (group_name && !sock->config_group) {
        VLOG_WARN("generic netlink family \"%s\" has no multicast group "
                  "\"%s\"", family_name, group_name);
    }
    *sockp = sock;
    if (errmsg) {
        *errmsg = NULL;
    }
    return 0;
}

/* Closes 'sock'.  'sock' may be NULL. */
void
devlink_sock_close(struct devlink_sock *sock)
{
    if (sock) {
        nl_mnl_close(sock->nl);
        free(sock);
    }
}

/* Returns the generic netlink family id of 'sock''s family. */
uint16_t
devlink_sock_family(const struct devlink_sock *sock)
{
    return sock->family;
}

/* Returns the id of the multicast group that devlink notifications go to
 * ("config"), for a monitor socket to join, or 0 if the kernel has none. */
uint32_t
devlink_sock_config_group(const struct devlink_sock *sock)
{
    return sock->config_group;
}

/* Operations. */

struct eswitch_ctx {
    uint16_t family;
    struct devlink_eswitch *esw;
    bool found;
};

static int
eswitch_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    struct eswitch_ctx *ctx = ctx_;
    int error;

    if (nlh->nlmsg_type != ctx->family) {
        return 0;
    }
    error = devlink_parse_eswitch_msg(nlh, ctx->esw);
    ctx->found = !error;
    return error;
}

/* Reads the eswitch attributes of devlink instance 'bus'/'dev' into '*esw'
 * ("devlink dev eswitch show pci/0000:81:00.0").
 *
 * Returns 0 if successful, otherwise a positive errno value, and then '*esw'
 * has nothing present: e.g. ENODEV for no such instance, EOPNOTSUPP for a
 * driver without eswitch support or, with mlx5, for a PF without SR-IOV
 * enabled.  Stores the kernel's extended ack text or NULL in '*extack' (if
 * nonnull), which the caller must free. */
int
devlink_eswitch_get(struct devlink_sock *sock, const char *bus,
                    const char *dev, struct devlink_eswitch *esw,
                    char **extack)
{
    uint64_t req_buf[DEVLINK_REQUEST_SIZE / sizeof(uint64_t)];
    struct eswitch_ctx ctx = { .family = sock->family, .esw = esw };
    struct nlmsghdr *req;
    int error;

    memset(esw, 0, sizeof *esw);
    if (extack) {
        *extack = NULL;
    }
    req = devlink_build_eswitch_get((char *) req_buf, sock->family, bus, dev);
    if (!req) {
        return EINVAL;
    }
    error = nl_mnl_transact(sock->nl, req, eswitch_cb, &ctx, extack);
    if (!error && !ctx.found) {
        error = EPROTO;
    }
    if (error) {
        memset(esw, 0, sizeof *esw);
    }
    return error;
}

/* Sets those eswitch attributes of devlink instance 'bus'/'dev' whose
 * '*_present' flag is true in 'esw' ("devlink dev eswitch set
 * pci/0000:81:00.0 mode switchdev inline-mode none encap-mode basic").
 *
 * Changing the mode can take seconds (the driver creates or destroys one
 * representor per VF) and, with mlx5, needs every VF unbound from its
 * driver first.
 *
 * Returns 0 if successful, EINVAL if nothing is present in 'esw' or a name
 * is invalid, otherwise the kernel's error, e.g. EBUSY with mlx5's "Can't
 * change mode, E-Switch is busy".  Stores the kernel's extended ack text or
 * NULL in '*extack' (if nonnull), which the caller must free; it may be a
 * warning even on success. */
int
devlink_eswitch_set_attrs(struct devlink_sock *sock, const char *bus,
                          const char *dev, const struct devlink_eswitch *esw,
                          char **extack)
{
    uint64_t req_buf[DEVLINK_REQUEST_SIZE / sizeof(uint64_t)];
    struct nlmsghdr *req;

    if (extack) {
        *extack = NULL;
    }
    if (!esw->mode_present && !esw->inline_mode_present
        && !esw->encap_mode_present) {
        return EINVAL;
    }
    req = devlink_build_eswitch_set((char *) req_buf, sock->family, bus, dev,
                                    esw);
    if (!req) {
        return EINVAL;
    }
    return nl_mnl_transact(sock->nl, req, NULL, NULL, extack);
}

/* Sets the eswitch mode of devlink instance 'bus'/'dev' to 'mode', one of
 * enum devlink_esw_mode ("devlink dev eswitch set pci/0000:81:00.0 mode
 * switchdev").  Otherwise the same as devlink_eswitch_set_attrs().  A kernel
 * that predates a mode rejects it, usually with EINVAL and an extack
 * message. */
int
devlink_eswitch_set(struct devlink_sock *sock, const char *bus,
                    const char *dev, uint16_t mode, char **extack)
{
    struct devlink_eswitch esw = {
        .mode_present = true,
        .mode = mode,
    };

    return devlink_eswitch_set_attrs(sock, bus, dev, &esw, extack);
}

/* Dumps devlink ports ("devlink port show", or "devlink port show
 * pci/0000:81:00.0" for one instance) into a new table stored in '*tablep',
 * which the caller must destroy with devlink_port_table_destroy().  If 'bus'
 * and 'dev' are NULL, dumps the ports of every devlink instance in the
 * network namespace, otherwise only those of 'bus'/'dev' (filtered here too,
 * since older kernels dump everything regardless).
 *
 * If ports change during the dump, the kernel flags it as inconsistent; the
 * dump is then retried a few times before failing with EAGAIN.
 *
 * Returns 0 if successful, otherwise a positive errno value with NULL in
 * '*tablep'.  Stores the kernel's extended ack text or NULL in '*extack'
 * (if nonnull), which the caller must free. */
int
devlink_port_dump(struct devlink_sock *sock, const char *bus,
                  const char *dev, struct devlink_port_table **tablep,
                  char **extack)
{
    uint64_t req_buf[DEVLINK_REQUEST_SIZE / sizeof(uint64_t)];
    int error = EAGAIN;

    *tablep = NULL;
    if (extack) {
        *extack = NULL;
    }
    for (int i = 0; i < PORT_DUMP_ATTEMPTS && error == EAGAIN; i++) {
        struct port_feed_ctx ctx = {
            .family = sock->family,
            .bus = bus,
            .dev = dev,
        };
        struct nlmsghdr *req;

        req = devlink_build_port_dump((char *) req_buf, sock->family, bus,
                                      dev);
        if (!req) {
            return EINVAL;
        }
        if (extack) {
            free(*extack);
            *extack = NULL;
        }
        ctx.table = devlink_port_table_create();
        error = nl_mnl_transact(sock->nl, req, port_feed_cb, &ctx, extack);
        if (error) {
            devlink_port_table_destroy(ctx.table);
        } else {
            *tablep = ctx.table;
        }
    }
    return error;
}

struct info_ctx {
    uint16_t family;
    struct devlink_info *info;
    bool found;
};

static int
info_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    struct info_ctx *ctx = ctx_;
    int error;

    if (nlh->nlmsg_type != ctx->family || ctx->found) {
        /* Only one reply is expected; keep the first. */
        return 0;
    }
    error = devlink_parse_info_msg(nlh, ctx->info);
    ctx->found = !error;
    return error;
}

/* Reads the device information of devlink instance 'bus'/'dev' into
 * '*info' ("devlink dev info pci/0000:81:00.0"), which the caller must free
 * with devlink_info_uninit() (also after an error, which leaves it empty).
 *
 * Returns 0 if successful, otherwise a positive errno value, e.g.
 * EOPNOTSUPP from a driver without info support on kernels that do not
 * fill in the driver name themselves.  Stores the kernel's extended ack text
 * or NULL in '*extack' (if nonnull), which the caller must free. */
int
devlink_info_get(struct devlink_sock *sock, const char *bus,
                 const char *dev, struct devlink_info *info, char **extack)
{
    uint64_t req_buf[DEVLINK_REQUEST_SIZE / sizeof(uint64_t)];
    struct info_ctx ctx = { .family = sock->family, .info = info };
    struct nlmsghdr *req;
    int error;

    memset(info, 0, sizeof *info);
    if (extack) {
        *extack = NULL;
    }
    req = devlink_build_info_get((char *) req_buf, sock->family, bus, dev);
    if (!req) {
        return EINVAL;
    }
    error = nl_mnl_transact(sock->nl, req, info_cb, &ctx, extack);
    if (!error && !ctx.found) {
        error = EPROTO;
    }
    if (error) {
        devlink_info_uninit(info);
    }
    return error;
}
