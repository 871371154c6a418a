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

/* Receive buffer size.  For a dump, the kernel sizes each batch to the
 * reader's buffer, capped at 32 kB (netlink_recvmsg(), 'max_recvmsg_len'), so
 * with this size no message is ever truncated. */
#define RECV_BUF_SIZE 32768

/* Attempts at a port dump that the kernel flags as interrupted by a
 * concurrent change (NLM_F_DUMP_INTR). */
#define PORT_DUMP_ATTEMPTS 3

/* Attribute policies.
 *
 * One entry per attribute this module reads, indexed by attribute type.
 * Attributes without an entry, or beyond the end of the table, are ignored,
 * so that this code keeps working on kernels newer than its headers.  An
 * attribute with an entry but the wrong length or, for strings, no null
 * terminator makes the whole message invalid (EINVAL).
 *
 * 'max_len' applies to MNL_TYPE_BINARY only (mnl_attr_validate() checks the
 * exact length of the integer types).  'name' is for log messages.
 *
 * The comments give the Linux release in which each attribute appeared, as
 * far as the kernel history was checked; for the port attributes they agree
 * with ovn-vif's lib/netlink-devlink.c.  An attribute that a kernel predates
 * is simply absent from its messages. */
struct attr_policy {
    enum mnl_attr_data_type type;
    const char *name;
    size_t max_len;
};

static const struct attr_policy devlink_policy[] = {
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
static const struct attr_policy port_function_policy[] = {
    /* Linux v5.9. */
    [DEVLINK_PORT_FUNCTION_ATTR_HW_ADDR] = {
        .type = MNL_TYPE_BINARY, .name = "PORT_FUNCTION_ATTR_HW_ADDR",
        .max_len = DEVLINK_HW_ADDR_MAX },
};

/* Inside DEVLINK_ATTR_INFO_VERSION_{FIXED,RUNNING,STORED}. */
static const struct attr_policy info_version_policy[] = {
    /* Linux v5.1. */
    [DEVLINK_ATTR_INFO_VERSION_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                         .name = "INFO_VERSION_NAME" },
    [DEVLINK_ATTR_INFO_VERSION_VALUE] = { .type = MNL_TYPE_NUL_STRING,
                                          .name = "INFO_VERSION_VALUE" },
};

/* Generic netlink controller, CTRL_CMD_NEWFAMILY. */
static const struct attr_policy ctrl_policy[] = {
    /* Linux v2.6.15. */
    [CTRL_ATTR_FAMILY_ID] = { .type = MNL_TYPE_U16, .name = "FAMILY_ID" },
    [CTRL_ATTR_FAMILY_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                .name = "FAMILY_NAME" },
    [CTRL_ATTR_VERSION] = { .type = MNL_TYPE_U32, .name = "VERSION" },

    /* Linux v2.6.23. */
    [CTRL_ATTR_MCAST_GROUPS] = { .type = MNL_TYPE_NESTED,
                                 .name = "MCAST_GROUPS" },
};

/* Inside each entry of CTRL_ATTR_MCAST_GROUPS. */
static const struct attr_policy mcast_grp_policy[] = {
    /* Linux v2.6.23. */
    [CTRL_ATTR_MCAST_GRP_NAME] = { .type = MNL_TYPE_NUL_STRING,
                                   .name = "MCAST_GRP_NAME" },
    [CTRL_ATTR_MCAST_GRP_ID] = { .type = MNL_TYPE_U32,
                                 .name = "MCAST_GRP_ID" },
};

/* Extended acknowledgement TLVs after an NLMSG_ERROR or NLMSG_DONE. */
static const struct attr_policy nlmsgerr_policy[] = {
    /* Linux v4.12. */
    [NLMSGERR_ATTR_MSG] = { .type = MNL_TYPE_NUL_STRING, .name = "MSG" },

    /* Linux v6.0. */
    [NLMSGERR_ATTR_MISS_TYPE] = { .type = MNL_TYPE_U32,
                                  .name = "MISS_TYPE" },
};

struct attr_ctx {
    const struct attr_policy *policy;
    size_t n_policy;
    const struct nlattr **tb;   /* Indexed like 'policy'. */
    const char *what;           /* For log messages. */
};

/* mnl_attr_parse() callback: validates 'attr' against 'ctx_''s policy and
 * stores it in the attribute array. */
static int
attr_cb(const struct nlattr *attr, void *ctx_)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct attr_ctx *ctx = ctx_;
    uint16_t type = mnl_attr_get_type(attr);
    uint16_t len = mnl_attr_get_payload_len(attr);
    const struct attr_policy *p;

    if (type >= ctx->n_policy || !ctx->policy[type].name) {
        /* Unknown to us, e.g. from a newer kernel. */
        return MNL_CB_OK;
    }

    p = &ctx->policy[type];
    if (mnl_attr_validate(attr, p->type) < 0
        || (p->max_len && len > p->max_len)) {
        VLOG_WARN_RL(&rl, "%s: malformed attribute %s (type %"PRIu16", "
                     "%"PRIu16"-byte payload)", ctx->what, p->name, type,
                     len);
        return MNL_CB_ERROR;
    }
    ctx->tb[type] = attr;
    return MNL_CB_OK;
}

/* Returns true if the attributes from 'start' to 'tail' fill that space
 * exactly, false if the last one is truncated or is followed by bytes too
 * few to be an attribute.  mnl_attr_parse() silently stops at such a
 * point, which would hide a truncated attribute. */
static bool
attrs_fill(const void *start, const void *tail)
{
    const struct nlattr *attr = start;
    int len = (const char *) tail - (const char *) start;

    while (mnl_attr_ok(attr, len)) {
        len -= MNL_ALIGN(attr->nla_len);
        attr = mnl_attr_next(attr);
    }
    /* Negative if the last attribute lacks its trailing padding. */
    return len <= 0;
}

/* Parses the attributes of 'nlh' that start 'offset' bytes into its payload
 * into 'tb', which must have room for 'n_policy' elements.  Returns 0 or
 * EINVAL. */
static int
parse_msg_attrs(const struct nlmsghdr *nlh, size_t offset,
                const struct attr_policy *policy, size_t n_policy,
                const struct nlattr **tb, const char *what)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    struct attr_ctx ctx = {
        .policy = policy,
        .n_policy = n_policy,
        .tb = tb,
        .what = what,
    };

    memset(tb, 0, n_policy * sizeof *tb);
    if (mnl_nlmsg_get_payload_len(nlh) < offset) {
        VLOG_WARN_RL(&rl, "%s: message too short (%zu-byte payload)", what,
                     mnl_nlmsg_get_payload_len(nlh));
        return EINVAL;
    }
    if (mnl_attr_parse(nlh, offset, attr_cb, &ctx) != MNL_CB_OK) {
        return EINVAL;
    }
    if (!attrs_fill(mnl_nlmsg_get_payload_offset(nlh, offset),
                    mnl_nlmsg_get_payload_tail(nlh))) {
        VLOG_WARN_RL(&rl, "%s: truncated attribute", what);
        return EINVAL;
    }
    return 0;
}

/* Parses the attributes nested in 'nest' into 'tb', which must have room
 * for 'n_policy' elements.  Returns 0 or EINVAL. */
static int
parse_nested_attrs(const struct nlattr *nest,
                   const struct attr_policy *policy, size_t n_policy,
                   const struct nlattr **tb, const char *what)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const char *payload = mnl_attr_get_payload(nest);
    struct attr_ctx ctx = {
        .policy = policy,
        .n_policy = n_policy,
        .tb = tb,
        .what = what,
    };

    memset(tb, 0, n_policy * sizeof *tb);
    if (mnl_attr_parse_nested(nest, attr_cb, &ctx) != MNL_CB_OK) {
        return EINVAL;
    }
    if (!attrs_fill(payload, payload + mnl_attr_get_payload_len(nest))) {
        VLOG_WARN_RL(&rl, "%s: truncated nested attribute", what);
        return EINVAL;
    }
    return 0;
}

/* Parses the attributes of generic netlink message 'nlh'. */
static int
parse_genl_attrs(const struct nlmsghdr *nlh,
                 const struct attr_policy *policy, size_t n_policy,
                 const struct nlattr **tb, const char *what)
{
    return parse_msg_attrs(nlh, GENL_HDRLEN, policy, n_policy, tb, what);
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

/* Starts a generic netlink request in 'buf'.  Zeroes the whole buffer
 * first: libmnl does not clear attribute padding, which would otherwise
 * carry stale bytes to the kernel. */
static struct nlmsghdr *
put_request(char *buf, uint16_t type, uint8_t cmd, uint8_t version,
            uint16_t flags)
{
    struct nlmsghdr *nlh;
    struct genlmsghdr *genl;

    memset(buf, 0, DEVLINK_REQUEST_SIZE);
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = NLM_F_REQUEST | flags;
    genl = mnl_nlmsg_put_extra_header(nlh, sizeof *genl);
    genl->cmd = cmd;
    genl->version = version;
    return nlh;
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

/* Builds in 'buf' a request to the generic netlink controller for the id
 * and multicast groups of the family named 'family_name' (CTRL_CMD_GETFAMILY
 * with CTRL_ATTR_FAMILY_NAME; "genl ctrl get name devlink").  Returns the
 * message, or NULL if 'family_name' is empty or longer than the kernel's
 * limit of GENL_NAMSIZ - 1 bytes.
 *
 * Like every devlink_build_*() function, this needs 'buf' to be
 * DEVLINK_REQUEST_SIZE bytes, aligned for a 'struct nlmsghdr', and leaves
 * the sequence number 0. */
struct nlmsghdr *
devlink_build_family_request(char *buf, const char *family_name)
{
    struct nlmsghdr *nlh = put_request(buf, GENL_ID_CTRL,
                                       CTRL_CMD_GETFAMILY, 1, NLM_F_ACK);

    if (!name_ok(family_name) || strlen(family_name) >= GENL_NAMSIZ
        || !mnl_attr_put_strz_check(nlh, DEVLINK_REQUEST_SIZE,
                                    CTRL_ATTR_FAMILY_NAME, family_name)) {
        return NULL;
    }
    return nlh;
}

/* Builds in 'buf' a DEVLINK_CMD_ESWITCH_GET request for 'bus'/'dev' to
 * generic netlink family 'family'.  Returns the message, or NULL if a name
 * is NULL, empty or longer than DEVLINK_NAME_MAX. */
struct nlmsghdr *
devlink_build_eswitch_get(char *buf, uint16_t family, const char *bus,
                          const char *dev)
{
    struct nlmsghdr *nlh = put_request(buf, family, DEVLINK_CMD_ESWITCH_GET,
                                       DEVLINK_GENL_VERSION, NLM_F_ACK);

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
                                       DEVLINK_GENL_VERSION, NLM_F_ACK);

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
                                       DEVLINK_GENL_VERSION, NLM_F_DUMP);

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
                                       DEVLINK_GENL_VERSION, NLM_F_ACK);

    return put_handle(nlh, bus, dev) ? nlh : NULL;
}

/* Message parsers. */

/* Returns the extended acknowledgement text in 'tb', malloc'd, or NULL. */
static char *
extack_text(const struct nlattr *tb[])
{
    const char *msg = NULL;

    if (tb[NLMSGERR_ATTR_MSG] && mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG])[0]) {
        msg = mnl_attr_get_str(tb[NLMSGERR_ATTR_MSG]);
    }
    if (tb[NLMSGERR_ATTR_MISS_TYPE]) {
        uint32_t type = mnl_attr_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);

        return (msg
                ? xasprintf("%s (missing attribute %"PRIu32")", msg, type)
                : xasprintf("missing attribute %"PRIu32, type));
    }
    return msg ? xstrdup(msg) : NULL;
}

/* Parses 'nlh', an NLMSG_ERROR or NLMSG_DONE message, and returns the error
 * it reports as a positive errno value: 0 for an acknowledgement or the end
 * of a dump, EPROTO if 'nlh' is of another type or too short.
 *
 * If 'extack' is nonnull, stores in '*extack' the extended acknowledgement
 * message (NLMSGERR_ATTR_MSG, followed by the missing attribute type if the
 * kernel named one), malloc'd, or NULL if there is none.  The caller must
 * free it.  A successful acknowledgement may carry a message, a warning.
 *
 * The TLVs follow the error code and, unless the kernel capped the message
 * (NLM_F_CAPPED, always for NETLINK_CAP_ACK sockets), the echoed request.
 * They are present only if NLM_F_ACK_TLVS is set (NETLINK_EXT_ACK, Linux
 * v4.12).  A malformed TLV area drops the text but not the error. */
int
devlink_parse_ack(const struct nlmsghdr *nlh, char **extack)
{
    const struct nlattr *tb[ARRAY_SIZE(nlmsgerr_policy)];
    size_t payload_len = mnl_nlmsg_get_payload_len(nlh);
    size_t offset;
    int code;

    if (extack) {
        *extack = NULL;
    }

    if (nlh->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *err = mnl_nlmsg_get_payload(nlh);

        if (payload_len < sizeof *err) {
            return EPROTO;
        }
        code = err->error;
        offset = sizeof *err;
        if (!(nlh->nlmsg_flags & NLM_F_CAPPED)
            && err->msg.nlmsg_len > sizeof err->msg) {
            offset += err->msg.nlmsg_len - sizeof err->msg;
        }
    } else if (nlh->nlmsg_type == NLMSG_DONE) {
        /* The payload is the dump's final return value. */
        if (payload_len < sizeof code) {
            return EPROTO;
        }
        memcpy(&code, mnl_nlmsg_get_payload(nlh), sizeof code);
        offset = sizeof code;
    } else {
        return EPROTO;
    }

    if (extack && (nlh->nlmsg_flags & NLM_F_ACK_TLVS) && offset < payload_len
        && !parse_msg_attrs(nlh, offset, nlmsgerr_policy,
                            ARRAY_SIZE(nlmsgerr_policy), tb,
                            "devlink ack")) {
        *extack = extack_text(tb);
    }
    return code < 0 ? -code : code > 0 ? EPROTO : 0;
}

/* Parses 'nlh', a generic netlink controller reply (CTRL_CMD_NEWFAMILY),
 * into the family id, stored in '*family', and the id of the multicast group
 * named 'group_name', stored in '*group', or 0 if there is no such group
 * (the kernel never assigns id 0 to a group).  'group_name' may be NULL.
 *
 * Returns 0 if successful, EINVAL if a known attribute is malformed or the
 * family id is missing.
 *
 * Like every devlink_parse_*() function, this expects a complete message,
 * as mnl_nlmsg_ok() guarantees, and ignores the generic netlink command,
 * and unknown attributes. */
int
devlink_parse_family_msg(const struct nlmsghdr *nlh, const char *group_name,
                         uint16_t *family, uint32_t *group)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct nlattr *tb[ARRAY_SIZE(ctrl_policy)];
    const struct nlattr *gtb[ARRAY_SIZE(mcast_grp_policy)];
    const struct nlattr *grp;
    int error;

    *family = 0;
    *group = 0;

    error = parse_genl_attrs(nlh, ctrl_policy, ARRAY_SIZE(ctrl_policy), tb,
                             "genl family reply");
    if (error) {
        return error;
    }
    if (!tb[CTRL_ATTR_FAMILY_ID]) {
        VLOG_WARN_RL(&rl, "genl family reply: no family id");
        return EINVAL;
    }

    if (tb[CTRL_ATTR_MCAST_GROUPS]) {
        const struct nlattr *groups = tb[CTRL_ATTR_MCAST_GROUPS];
        const char *payload = mnl_attr_get_payload(groups);

        if (!attrs_fill(payload,
                        payload + mnl_attr_get_payload_len(groups))) {
            return EINVAL;
        }
        mnl_attr_for_each_nested (grp, groups) {
            error = parse_nested_attrs(grp, mcast_grp_policy,
                                       ARRAY_SIZE(mcast_grp_policy), gtb,
                                       "genl multicast group");
            if (error) {
                return error;
            }
            if (group_name && gtb[CTRL_ATTR_MCAST_GRP_NAME]
                && gtb[CTRL_ATTR_MCAST_GRP_ID]
                && !strcmp(mnl_attr_get_str(gtb[CTRL_ATTR_MCAST_GRP_NAME]),
                           group_name)) {
                *group = mnl_attr_get_u32(gtb[CTRL_ATTR_MCAST_GRP_ID]);
            }
        }
    }

    *family = mnl_attr_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
    return 0;
}

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

    error = parse_nested_attrs(nest, port_function_policy,
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

    error = parse_nested_attrs(nest, info_version_policy,
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

/* State of the replies to one request. */
struct reply_state {
    bool done;              /* Got the final ACK, error or NLMSG_DONE. */
    bool interrupted;       /* A message had NLM_F_DUMP_INTR. */
    int error;              /* First error, positive errno. */
    char *extack;           /* First extended ack text, or NULL. */
};

/* Callback for each reply of the expected type.  Returns 0 or a positive
 * errno value. */
typedef int reply_cb_func(const struct nlmsghdr *, void *aux);

/* Processes the 'len' bytes of netlink messages in 'buf', one datagram
 * received from the kernel.  Skips messages whose sequence number or port
 * id differs from 'seq' or 'portid' (0 matches anything).  Passes each
 * message of type 'type' to 'cb' (if nonnull) with 'aux', until the first
 * error, and notes the end of the replies (an acknowledgement, an error or
 * NLMSG_DONE) in 'st'. */
static void
process_replies(const void *buf, size_t len, uint32_t seq, uint32_t portid,
                uint16_t type, reply_cb_func *cb, void *aux,
                struct reply_state *st)
{
    static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(5, 5);
    const struct nlmsghdr *nlh = buf;
    int remaining = len;

    for (; !st->done && mnl_nlmsg_ok(nlh, remaining);
         nlh = mnl_nlmsg_next(nlh, &remaining)) {
        if (!mnl_nlmsg_seq_ok(nlh, seq) || !mnl_nlmsg_portid_ok(nlh, portid)) {
            /* Stale reply to an earlier request. */
            continue;
        }

        if (nlh->nlmsg_type == NLMSG_ERROR || nlh->nlmsg_type == NLMSG_DONE) {
            char *extack;
            int error = devlink_parse_ack(nlh, &extack);

            if (error && !st->error) {
                st->error = error;
            }
            if (extack && !st->extack) {
                st->extack = extack;
            } else {
                free(extack);
            }
            st->done = true;
        } else if (nlh->nlmsg_type == type) {
            if (nlh->nlmsg_flags & NLM_F_DUMP_INTR) {
                st->interrupted = true;
            }
            if (cb && !st->error) {
                st->error = cb(nlh, aux);
            }
        } else if (nlh->nlmsg_type != NLMSG_NOOP) {
            VLOG_DBG_RL(&rl, "ignoring netlink message of type %"PRIu16,
                        nlh->nlmsg_type);
        }
    }
    if (!st->done && remaining > 0) {
        VLOG_WARN_RL(&rl, "truncated netlink message in reply");
        st->error = st->error ? st->error : EPROTO;
        st->done = true;
    }
}

/* Returns the result that 'st' represents, hands its extack to the caller
 * through 'extack' (if nonnull) and frees the rest. */
static int
reply_state_finish(struct reply_state *st, char **extack)
{
    if (extack) {
        *extack = st->extack;
    } else {
        free(st->extack);
    }
    return st->error ? st->error : st->interrupted ? EAGAIN : 0;
}

struct port_feed_ctx {
    struct devlink_port_table *table;
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
    struct port_feed_ctx ctx = { .table = table, .bus = bus, .dev = dev };
    struct reply_state st;

    memset(&st, 0, sizeof st);
    process_replies(buf, len, 0, 0, family, port_feed_cb, &ctx, &st);
    *done = st.done;
    return reply_state_finish(&st, extack);
}

/* Socket. */

struct devlink_sock {
    struct mnl_socket *nl;
    uint32_t portid;
    uint32_t seq;               /* Last sequence number used. */
    uint16_t family;            /* Generic netlink family id. */
    uint32_t config_group;      /* "config" multicast group id, or 0. */
};

/* Sends 'req' on 'sock' and processes the replies until the kernel's final
 * acknowledgement, error or NLMSG_DONE, passing each reply message of the
 * same type as 'req' to 'cb' (if nonnull) with 'aux'.  Returns 0 or a
 * positive errno value, with the kernel's extended ack text (or NULL) in
 * '*extack' if 'extack' is nonnull. */
static int
transact(struct devlink_sock *sock, struct nlmsghdr *req, reply_cb_func *cb,
         void *aux, char **extack)
{
    struct reply_state st;
    char *buf;

    memset(&st, 0, sizeof st);
    if (!++sock->seq) {
        sock->seq++;
    }
    req->nlmsg_seq = sock->seq;
    req->nlmsg_pid = 0;

    if (mnl_socket_sendto(sock->nl, req, req->nlmsg_len) < 0) {
        st.error = errno;
        return reply_state_finish(&st, extack);
    }

    buf = xmalloc(RECV_BUF_SIZE);
    while (!st.done) {
        ssize_t n = mnl_socket_recvfrom(sock->nl, buf, RECV_BUF_SIZE);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            /* ENOBUFS: replies were lost.  ENOSPC: a message was larger
             * than the buffer. */
            st.error = st.error ? st.error : errno;
            break;
        }
        process_replies(buf, n, req->nlmsg_seq, sock->portid,
                        req->nlmsg_type, cb, aux, &st);
    }
    free(buf);
    return reply_state_finish(&st, extack);
}

struct family_ctx {
    const char *group_name;
    bool found;
    uint16_t family;
    uint32_t group;
};

static int
family_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    struct family_ctx *ctx = ctx_;
    int error;

    error = devlink_parse_family_msg(nlh, ctx->group_name, &ctx->family,
                                     &ctx->group);
    ctx->found = !error;
    return error;
}

/* Opens a devlink socket and stores it in '*sockp'.  Equivalent to
 * devlink_sock_open__(DEVLINK_GENL_NAME, DEVLINK_GENL_MCGRP_CONFIG_NAME,
 * ...), which see. */
int
devlink_sock_open(struct devlink_sock **sockp, char **errmsg)
{
    return devlink_sock_open__(DEVLINK_GENL_NAME,
                               DEVLINK_GENL_MCGRP_CONFIG_NAME, sockp, errmsg);
}

/* Opens a generic netlink socket (libmnl, NETLINK_GENERIC) with extended
 * acknowledgements (NETLINK_EXT_ACK) and capped error messages
 * (NETLINK_CAP_ACK), and resolves the id of the family named 'family_name'
 * and of its multicast group named 'group_name' (which may be NULL), as
 * "genl ctrl get name devlink" does.  devlink_sock_open() uses "devlink" and
 * "config"; other names are for tests.
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
    uint64_t req_buf[DEVLINK_REQUEST_SIZE / sizeof(uint64_t)];
    struct family_ctx ctx = { .group_name = group_name };
    struct devlink_sock *sock;
    struct nlmsghdr *req;
    char *extack = NULL;
    char *msg = NULL;
    int one = 1;
    int error;

    *sockp = NULL;
    sock = xzalloc(sizeof *sock);
    sock->nl = mnl_socket_open(NETLINK_GENERIC);
    if (!sock->nl) {
        error = errno;
        msg = xasprintf("cannot open generic netlink socket (%s)",
                        ovs_strerror(error));
        goto error;
    }
    if (mnl_socket_bind(sock->nl, 0, MNL_SOCKET_AUTOPID) < 0) {
        error = errno;
        msg = xasprintf("cannot bind generic netlink socket (%s)",
                        ovs_strerror(error));
        goto error;
    }
    sock->portid = mnl_socket_get_portid(sock->nl);

    /* Both options are best effort.  Without NETLINK_EXT_ACK (Linux v4.12)
     * errors come without the kernel's text; without NETLINK_CAP_ACK (Linux
     * v4.3) they echo the whole request, which devlink_parse_ack() skips. */
    if (mnl_socket_setsockopt(sock->nl, NETLINK_EXT_ACK, &one,
                              sizeof one) < 0) {
        VLOG_INFO("kernel does not support NETLINK_EXT_ACK (%s): devlink "
                  "errors will lack the kernel's explanation",
                  ovs_strerror(errno));
    }
    if (mnl_socket_setsockopt(sock->nl, NETLINK_CAP_ACK, &one,
                              sizeof one) < 0) {
        VLOG_DBG("cannot set NETLINK_CAP_ACK (%s)", ovs_strerror(errno));
    }

    req = devlink_build_family_request((char *) req_buf, family_name);
    if (!req) {
        error = EINVAL;
        msg = xstrdup("invalid generic netlink family name");
        goto error;
    }
    error = transact(sock, req, family_cb, &ctx, &extack);
    if (!error && !ctx.found) {
        error = EPROTO;
    }
    if (error) {
        struct ds s = DS_EMPTY_INITIALIZER;

        if (error == ENOENT) {
            ds_put_format(&s, "generic netlink family \"%s\" not found: the "
                          "running kernel does not provide it", family_name);
            if (!strcmp(family_name, DEVLINK_GENL_NAME)) {
                ds_put_cstr(&s, " (kernel built without CONFIG_NET_DEVLINK;"
                            " eswitch mode and representors cannot be "
                            "managed)");
            }
        } else {
            ds_put_format(&s, "cannot resolve generic netlink family \"%s\" "
                          "(%s)", family_name, ovs_strerror(error));
        }
        if (extack) {
            ds_put_format(&s, ": %s", extack);
        }
        msg = ds_steal_cstr(&s);
        goto error;
    }
    free(extack);

    sock->family = ctx.family;
    sock->config_group = ctx.group;
    if (group_name && !ctx.group) {
        VLOG_WARN("generic netlink family \"%s\" has no multicast group "
                  "\"%s\"", family_name, group_name);
    }
    *sockp = sock;
    if (errmsg) {
        *errmsg = NULL;
    }
    return 0;

error:
    free(extack);
    if (sock->nl) {
        mnl_socket_close(sock->nl);
    }
    free(sock);
    if (errmsg) {
        *errmsg = msg;
    } else {
        free(msg);
    }
    return error;
}

/* Closes 'sock'.  'sock' may be NULL. */
void
devlink_sock_close(struct devlink_sock *sock)
{
    if (sock) {
        mnl_socket_close(sock->nl);
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
    struct devlink_eswitch *esw;
    bool found;
};

static int
eswitch_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    struct eswitch_ctx *ctx = ctx_;
    int error = devlink_parse_eswitch_msg(nlh, ctx->esw);

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
    struct eswitch_ctx ctx = { .esw = esw };
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
    error = transact(sock, req, eswitch_cb, &ctx, extack);
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
    return transact(sock, req, NULL, NULL, extack);
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
        struct port_feed_ctx ctx = { .bus = bus, .dev = dev };
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
        error = transact(sock, req, port_feed_cb, &ctx, extack);
        if (error) {
            devlink_port_table_destroy(ctx.table);
        } else {
            *tablep = ctx.table;
        }
    }
    return error;
}

struct info_ctx {
    struct devlink_info *info;
    bool found;
};

static int
info_cb(const struct nlmsghdr *nlh, void *ctx_)
{
    struct info_ctx *ctx = ctx_;
    int error;

    if (ctx->found) {
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
    struct info_ctx ctx = { .info = info };
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
    error = transact(sock, req, info_cb, &ctx, extack);
    if (!error && !ctx.found) {
        error = EPROTO;
    }
    if (error) {
        devlink_info_uninit(info);
    }
    return error;
}
