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

/* Unit tests of the shared netlink plumbing (netlink/nl-mnl.c).
 *
 * The parsers get synthetic messages built with libmnl: attributes checked
 * against a policy (lengths, terminators, truncation, unknown types),
 * acknowledgements laid out as the kernel's netlink_ack() and
 * netlink_dump_done() lay them out, reply streams with stale, interrupted
 * and truncated messages, and generic netlink controller replies.  Most
 * tests are rows of tables, one cmocka test per row.
 *
 * The "live" tests talk to the running kernel over rtnetlink (the loopback
 * device, which every network namespace has) and generic netlink (the
 * "nlctrl" family, which every kernel has); they skip where netlink sockets
 * are forbidden. */

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
#include <libmnl/libmnl.h>
#include <linux/genetlink.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>

#include "netlink/nl-mnl.h"
#include "openvswitch/vlog.h"
#include "util.h"

/* The number of elements of 'ARRAY'. */
#define N_ELEMS(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

/* "No such attribute" in the tables. */
#define ABSENT UINT32_MAX

/* Room for several messages, aligned for 'struct nlmsghdr'. */
struct msgbuf {
    uint64_t words[1024];
    size_t len;                 /* Bytes used. */
};

/* Starts a message of 'type' at the end of 'mb', with a 4-byte family
 * header (a generic netlink header, say) and sequence number 'seq' for port
 * id 'portid'. */
static struct nlmsghdr *
msg_start(struct msgbuf *mb, uint16_t type, uint16_t flags, uint32_t seq,
          uint32_t portid)
{
    struct nlmsghdr *nlh;

    nlh = mnl_nlmsg_put_header((char *) mb->words + mb->len);
    nlh->nlmsg_type = type;
    nlh->nlmsg_flags = flags;
    nlh->nlmsg_seq = seq;
    nlh->nlmsg_pid = portid;
    mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
    return nlh;
}

/* Ends 'nlh', the last message of 'mb'. */
static void
msg_end(struct msgbuf *mb, const struct nlmsghdr *nlh)
{
    mb->len += MNL_ALIGN(nlh->nlmsg_len);
    assert_true(mb->len <= sizeof mb->words);
}

/* Attribute policies. */

enum {
    T_U8 = 1,
    T_U16,
    T_U32,
    T_STR,                      /* At most 8 bytes with the terminator. */
    T_BIN,                      /* 2 to 6 bytes. */
    T_NEST,
    T_UNNAMED,                  /* An entry without a name: ignored. */
    T_UNKNOWN = 40,             /* Beyond the policy. */
};

static const struct nl_mnl_policy test_policy[] = {
    [T_U8] = { .type = MNL_TYPE_U8, .name = "U8" },
    [T_U16] = { .type = MNL_TYPE_U16, .name = "U16" },
    [T_U32] = { .type = MNL_TYPE_U32, .name = "U32" },
    [T_STR] = { .type = MNL_TYPE_NUL_STRING, .name = "STR", .max_len = 8 },
    [T_BIN] = { .type = MNL_TYPE_BINARY, .name = "BIN", .min_len = 2,
                .max_len = 6 },
    [T_NEST] = { .type = MNL_TYPE_NESTED, .name = "NEST" },
    [T_UNNAMED] = { .type = MNL_TYPE_U32 },
};

enum {
    IN_U32 = 1,
    IN_STR,
};

static const struct nl_mnl_policy inner_policy[] = {
    [IN_U32] = { .type = MNL_TYPE_U32, .name = "IN_U32" },
    [IN_STR] = { .type = MNL_TYPE_NUL_STRING, .name = "IN_STR" },
};

static void
put_all(struct nlmsghdr *nlh)
{
    struct nlattr *nest;

    mnl_attr_put_u8(nlh, T_U8, 8);
    mnl_attr_put_u16(nlh, T_U16, 16);
    mnl_attr_put_u32(nlh, T_U32, 32);
    mnl_attr_put_strz(nlh, T_STR, "abc");
    mnl_attr_put(nlh, T_BIN, 4, "\x01\x02\x03\x04");
    nest = mnl_attr_nest_start(nlh, T_NEST);
    mnl_attr_put_u32(nlh, IN_U32, 7);
    mnl_attr_put_strz(nlh, IN_STR, "in");
    mnl_attr_nest_end(nlh, nest);
}

static void
build_unknown(struct nlmsghdr *nlh)
{
    mnl_attr_put_u32(nlh, T_U32, 32);
    mnl_attr_put(nlh, T_UNKNOWN, 3, "xyz");
    mnl_attr_put_u16(nlh, T_UNNAMED, 1);
}

static void
build_u32_short(struct nlmsghdr *nlh)
{
    mnl_attr_put_u16(nlh, T_U32, 1);
}

static void
build_u16_long(struct nlmsghdr *nlh)
{
    mnl_attr_put_u32(nlh, T_U16, 1);
}

static void
build_str_unterminated(struct nlmsghdr *nlh)
{
    mnl_attr_put(nlh, T_STR, 3, "abc");
}

static void
build_str_too_long(struct nlmsghdr *nlh)
{
    mnl_attr_put_strz(nlh, T_STR, "abcdefgh");
}

static void
build_str_longest(struct nlmsghdr *nlh)
{
    mnl_attr_put_strz(nlh, T_STR, "abcdefg");
}

static void
build_bin_short(struct nlmsghdr *nlh)
{
    mnl_attr_put(nlh, T_BIN, 1, "\x01");
}

static void
build_bin_long(struct nlmsghdr *nlh)
{
    mnl_attr_put(nlh, T_BIN, 7, "\x01\x02\x03\x04\x05\x06\x07");
}

static void
build_nest_short(struct nlmsghdr *nlh)
{
    mnl_attr_put(nlh, T_NEST, 2, "\x01\x02");
}

static void
build_cut_payload(struct nlmsghdr *nlh)
{
    /* The last attribute claims 8 bytes of payload; 6 are there. */
    mnl_attr_put_u32(nlh, T_U32, 32);
    mnl_attr_put(nlh, T_BIN, 4, "\x01\x02\x03\x04");
    nlh->nlmsg_len -= 2;
}

static void
build_cut_header(struct nlmsghdr *nlh)
{
    /* Two bytes of a third attribute's header. */
    mnl_attr_put_u32(nlh, T_U32, 32);
    nlh->nlmsg_len += 2;
}

static void
build_trailing(struct nlmsghdr *nlh)
{
    mnl_attr_put_u32(nlh, T_U32, 32);
    nlh->nlmsg_len += 4;        /* Zeroes: an attribute of length 0. */
}

static void
build_unpadded(struct nlmsghdr *nlh)
{
    /* The last attribute's payload is 3 bytes, and the message ends
     * there, without the padding byte. */
    mnl_attr_put_u32(nlh, T_U32, 32);
    mnl_attr_put_strz(nlh, T_STR, "ab");
    nlh->nlmsg_len -= 1;
}

static void
build_repeated(struct nlmsghdr *nlh)
{
    mnl_attr_put_u32(nlh, T_U32, 1);
    mnl_attr_put_u32(nlh, T_U32, 2);
}

static void
build_empty(struct nlmsghdr *nlh OVS_UNUSED)
{
}

static void
build_nest_truncated(struct nlmsghdr *nlh)
{
    /* The nest is the last attribute and loses 2 bytes of its inner u32:
     * whole from outside, truncated inside. */
    struct nlattr *nest = mnl_attr_nest_start(nlh, T_NEST);

    mnl_attr_put_u32(nlh, IN_U32, 7);
    mnl_attr_nest_end(nlh, nest);
    nest->nla_len -= 2;
}

static void
build_nest_bad_inner(struct nlmsghdr *nlh)
{
    struct nlattr *nest = mnl_attr_nest_start(nlh, T_NEST);

    mnl_attr_put_u8(nlh, IN_U32, 7);
    mnl_attr_nest_end(nlh, nest);
}

static void
build_nest_unknown_inner(struct nlmsghdr *nlh)
{
    struct nlattr *nest = mnl_attr_nest_start(nlh, T_NEST);

    mnl_attr_put_u64(nlh, 99, 7);
    mnl_attr_put_strz(nlh, IN_STR, "in");
    mnl_attr_nest_end(nlh, nest);
}

struct attr_case {
    const char *name;
    void (*build)(struct nlmsghdr *);
    int error;                  /* Of nl_mnl_parse_attrs(). */
    bool whole;                 /* Of nl_mnl_msg_attrs_whole(). */
    int nest_error;             /* Of nl_mnl_parse_nested() on T_NEST. */
    uint32_t present;           /* Bit (1 << type) per type in 'tb'. */
};

#define ALL ((1 << T_U8) | (1 << T_U16) | (1 << T_U32) | (1 << T_STR) \
             | (1 << T_BIN) | (1 << T_NEST))

static const struct attr_case attr_cases[] = {
    { "attrs: all valid", put_all, 0, true, 0, ALL },
    { "attrs: unknown and unnamed types ignored", build_unknown, 0, true, 0,
      1 << T_U32 },
    { "attrs: u32 of 2 bytes", build_u32_short, EINVAL, true, 0, 0 },
    { "attrs: u16 of 4 bytes", build_u16_long, EINVAL, true, 0, 0 },
    { "attrs: string without terminator", build_str_unterminated, EINVAL,
      true, 0, 0 },
    { "attrs: string above max_len", build_str_too_long, EINVAL, true, 0,
      0 },
    { "attrs: string of max_len", build_str_longest, 0, true, 0,
      1 << T_STR },
    { "attrs: binary below min_len", build_bin_short, EINVAL, true, 0, 0 },
    { "attrs: binary above max_len", build_bin_long, EINVAL, true, 0, 0 },
    { "attrs: nest too short for an attribute", build_nest_short, EINVAL,
      true, 0, 0 },
    { "attrs: last attribute cut short", build_cut_payload, EINVAL, false,
      0, 0 },
    { "attrs: part of an attribute header", build_cut_header, EINVAL,
      false, 0, 0 },
    { "attrs: zero-length attribute at the end", build_trailing, EINVAL,
      false, 0, 0 },
    { "attrs: last attribute without padding", build_unpadded, 0, true, 0,
      (1 << T_U32) | (1 << T_STR) },
    { "attrs: repeated type, last kept", build_repeated, 0, true, 0,
      1 << T_U32 },
    { "attrs: none", build_empty, 0, true, 0, 0 },
    { "nested: truncated inner attribute", build_nest_truncated, 0, true,
      EINVAL, 1 << T_NEST },
    { "nested: inner u32 of 1 byte", build_nest_bad_inner, 0, true, EINVAL,
      1 << T_NEST },
    { "nested: unknown inner type ignored", build_nest_unknown_inner, 0,
      true, 0, 1 << T_NEST },
};

static void
test_attrs(void **state)
{
    const struct attr_case *c = *state;
    const struct nlattr *tb[N_ELEMS(test_policy)];
    const struct nlattr *itb[N_ELEMS(inner_policy)];
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct nlmsghdr *nlh;

    nlh = msg_start(mb, 0x20, 0, 1, 0);
    c->build(nlh);
    assert_int_equal(nl_mnl_parse_attrs(nlh, GENL_HDRLEN, test_policy,
                                        N_ELEMS(test_policy), tb, c->name),
                     c->error);
    assert_int_equal(nl_mnl_msg_attrs_whole(nlh, GENL_HDRLEN), c->whole);
    if (c->error) {
        free(mb);
        return;
    }
    for (size_t i = 0; i < N_ELEMS(tb); i++) {
        if (tb[i] != NULL) {
            assert_true(c->present & (1u << i));
        } else {
            assert_false(c->present & (1u << i));
        }
    }
    if (c->present & (1 << T_U32)) {
        assert_int_equal(mnl_attr_get_u32(tb[T_U32]),
                         c->build == build_repeated ? 2 : 32);
    }
    if (tb[T_NEST]) {
        assert_int_equal(nl_mnl_parse_nested(tb[T_NEST], inner_policy,
                                             N_ELEMS(inner_policy), itb,
                                             c->name), c->nest_error);
        assert_int_equal(nl_mnl_nest_whole(tb[T_NEST]),
                         c->build != build_nest_truncated);
        if (!c->nest_error && c->build == put_all) {
            assert_int_equal(mnl_attr_get_u32(itb[IN_U32]), 7);
            assert_string_equal(mnl_attr_get_str(itb[IN_STR]), "in");
        }
    }
    free(mb);
}

static void
test_attrs_short_message(void **state OVS_UNUSED)
{
    const struct nlattr *tb[N_ELEMS(test_policy)];
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(mb->words);

    /* A payload of 2 bytes, shorter than the 4-byte family header. */
    nlh->nlmsg_len += 2;
    assert_int_equal(nl_mnl_parse_attrs(nlh, GENL_HDRLEN, test_policy,
                                        N_ELEMS(test_policy), tb, "short"),
                     EINVAL);
    assert_false(nl_mnl_msg_attrs_whole(nlh, GENL_HDRLEN));
    assert_true(nl_mnl_msg_attrs_whole(nlh, 2));

    /* nl_mnl_attrs_whole() on raw bytes. */
    assert_true(nl_mnl_attrs_whole(mb->words, 0));
    assert_false(nl_mnl_attrs_whole(mb->words, 3));
    free(mb);
}

/* Requests. */

static void
test_put_request(void **state OVS_UNUSED)
{
    uint64_t buf[8];
    const struct genlmsghdr *genl;
    const uint8_t *bytes = (const uint8_t *) buf;
    struct nlmsghdr *nlh;

    /* Stale bytes everywhere: the whole buffer is cleared. */
    memset(buf, 0xa5, sizeof buf);
    nlh = nl_mnl_put_request(buf, sizeof buf, RTM_GETLINK, NLM_F_DUMP, 16);
    assert_ptr_equal(nlh, (void *) buf);
    assert_int_equal(nlh->nlmsg_len, 16 + 16);
    assert_int_equal(nlh->nlmsg_type, RTM_GETLINK);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
    assert_int_equal(nlh->nlmsg_seq, 0);
    assert_int_equal(nlh->nlmsg_pid, 0);
    for (size_t i = 16; i < sizeof buf; i++) {
        assert_int_equal(bytes[i], 0);
    }

    /* A 5-byte family header takes 8. */
    nlh = nl_mnl_put_request(buf, sizeof buf, 100, 0, 5);
    assert_int_equal(nlh->nlmsg_len, 16 + 8);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST);
    assert_null(nl_mnl_put_request(buf, 16 + 4, 100, 0, 5));
    assert_non_null(nl_mnl_put_request(buf, 16, 100, 0, 0));

    nlh = nl_mnl_put_genl_request(buf, sizeof buf, 0x1b, 7, 2, NLM_F_ACK);
    assert_int_equal(nlh->nlmsg_len, 16 + 4);
    assert_int_equal(nlh->nlmsg_type, 0x1b);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    genl = mnl_nlmsg_get_payload(nlh);
    assert_int_equal(genl->cmd, 7);
    assert_int_equal(genl->version, 2);
    assert_int_equal(genl->reserved, 0);
    assert_null(nl_mnl_put_genl_request(buf, 19, 0x1b, 7, 2, 0));
}

/* Acknowledgements. */

#define LAG_64_VFS "mlx5_core: Can't activate LAG offload, PF is " \
    "configured with more than 64 VFs"

struct ack_case {
    const char *name;
    uint16_t type;              /* NLMSG_ERROR, NLMSG_DONE or another. */
    int code;                   /* Negative errno or 0. */
    bool echo;                  /* Echo the request (uncapped)? */
    uint32_t echo_len;          /* Its nlmsg_len, if not the request's. */
    const char *msg;            /* NLMSGERR_ATTR_MSG, or NULL. */
    bool bad_msg;               /* Put 'msg' without its terminator. */
    uint32_t miss_type;         /* NLMSGERR_ATTR_MISS_TYPE, or ABSENT. */
    bool no_tlvs_flag;          /* Leave out NLM_F_ACK_TLVS. */
    uint32_t truncate;          /* Force nlmsg_len to this if nonzero. */
    int error;                  /* Expected return value. */
    const char *extack;         /* Expected text, or NULL. */
};

static const struct ack_case ack_cases[] = {
    { "ack: error with text (mlx5 busy)", NLMSG_ERROR, -EBUSY, false, 0,
      "Can't change mode, E-Switch is busy", false, ABSENT, false, 0,
      EBUSY, "Can't change mode, E-Switch is busy" },
    { "ack: error with text after the echoed request", NLMSG_ERROR,
      -EOPNOTSUPP, true, 0, "Inline mode can't be set", false, ABSENT,
      false, 0, EOPNOTSUPP, "Inline mode can't be set" },
    { "ack: error with text after an unaligned echoed request",
      NLMSG_ERROR, -EINVAL, true, 27, "Unknown device type", false, ABSENT,
      false, 0, EINVAL, "Unknown device type" },
    { "ack: error without text", NLMSG_ERROR, -ENODEV, false, 0, NULL,
      false, ABSENT, false, 0, ENODEV, NULL },
    { "ack: echoed request, no text", NLMSG_ERROR, -EEXIST, true, 0, NULL,
      false, ABSENT, false, 0, EEXIST, NULL },
    { "ack: success", NLMSG_ERROR, 0, false, 0, NULL, false, ABSENT, false,
      0, 0, NULL },
    { "ack: success with a warning (mlx5 LAG)", NLMSG_ERROR, 0, false, 0,
      LAG_64_VFS, false, ABSENT, false, 0, 0, LAG_64_VFS },
    { "ack: success with a warning, uncapped", NLMSG_ERROR, 0, true, 0,
      "E-Switch mode is already switchdev", false, ABSENT, false, 0, 0,
      "E-Switch mode is already switchdev" },
    { "ack: missing attribute", NLMSG_ERROR, -EINVAL, false, 0, NULL, false,
      3, false, 0, EINVAL, "missing attribute 3" },
    { "ack: message and missing attribute", NLMSG_ERROR, -EINVAL, false, 0,
      "No name", false, 3, false, 0, EINVAL,
      "No name (missing attribute 3)" },
    { "ack: malformed text keeps errno", NLMSG_ERROR, -EPERM, false, 0,
      "nope", true, ABSENT, false, 0, EPERM, NULL },
    { "ack: text without NLM_F_ACK_TLVS ignored", NLMSG_ERROR, -EPERM,
      false, 0, "nope", false, ABSENT, true, 0, EPERM, NULL },
    { "ack: done", NLMSG_DONE, 0, false, 0, NULL, false, ABSENT, false, 0,
      0, NULL },
    { "ack: done with error and text", NLMSG_DONE, -EMSGSIZE, false, 0,
      "dump buffer too small", false, ABSENT, false, 0, EMSGSIZE,
      "dump buffer too small" },
    { "ack: done with ENOBUFS", NLMSG_DONE, -ENOBUFS, false, 0, NULL, false,
      ABSENT, false, 0, ENOBUFS, NULL },
    { "ack: positive error code", NLMSG_ERROR, 5, false, 0, NULL, false,
      ABSENT, false, 0, EPROTO, NULL },
    { "ack: truncated error", NLMSG_ERROR, -EBUSY, false, 0, NULL, false,
      ABSENT, false, MNL_NLMSG_HDRLEN + 2, EPROTO, NULL },
    { "ack: truncated done", NLMSG_DONE, 0, false, 0, NULL, false, ABSENT,
      false, MNL_NLMSG_HDRLEN + 2, EPROTO, NULL },
    { "ack: not an ack", RTM_NEWLINK, 0, false, 0, NULL, false, ABSENT,
      false, 0, EPROTO, NULL },
};

/* Builds in 'mb' the acknowledgement that 'c' describes, for a
 * CTRL_CMD_GETFAMILY request. */
static struct nlmsghdr *
build_ack(struct msgbuf *mb, const struct ack_case *c)
{
    uint64_t req_buf[NL_MNL_GENL_REQUEST_SIZE / sizeof(uint64_t)];
    struct nlmsghdr *nlh, *req;

    req = nl_mnl_build_genl_family(req_buf, "devlink");
    if (c->echo_len) {
        req->nlmsg_len = c->echo_len;
    }
    nlh = mnl_nlmsg_put_header(mb->words);
    nlh->nlmsg_type = c->type;
    if (c->type == NLMSG_ERROR) {
        size_t echo_len = c->echo ? req->nlmsg_len - MNL_NLMSG_HDRLEN : 0;
        struct nlmsgerr *err;

        /* netlink_ack(): the request's payload padded to 4 bytes, then
         * the TLVs. */
        err = mnl_nlmsg_put_extra_header(nlh, sizeof *err + echo_len);
        err->error = c->code;
        memcpy(&err->msg, req, c->echo ? req->nlmsg_len : sizeof *req);
        if (!c->echo) {
            nlh->nlmsg_flags |= NLM_F_CAPPED;
        }
    } else if (c->type == NLMSG_DONE) {
        int *code = mnl_nlmsg_put_extra_header(nlh, sizeof *code);

        *code = c->code;
    } else {
        mnl_nlmsg_put_extra_header(nlh, GENL_HDRLEN);
    }
    if ((c->msg || c->miss_type != ABSENT) && !c->no_tlvs_flag) {
        nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
    }
    if (c->msg) {
        if (c->bad_msg) {
            mnl_attr_put(nlh, NLMSGERR_ATTR_MSG, strlen(c->msg), c->msg);
        } else {
            mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, c->msg);
        }
    }
    if (c->miss_type != ABSENT) {
        mnl_attr_put_u32(nlh, NLMSGERR_ATTR_MISS_TYPE, c->miss_type);
    }
    if (c->truncate) {
        nlh->nlmsg_len = c->truncate;
    }
    return nlh;
}

static void
test_ack(void **state)
{
    const struct ack_case *c = *state;
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct nlmsghdr *nlh = build_ack(mb, c);
    char *extack;

    assert_int_equal(nl_mnl_parse_ack(nlh, &extack), c->error);
    if (c->extack) {
        assert_non_null(extack);
        assert_string_equal(extack, c->extack);
    } else {
        assert_null(extack);
    }
    free(extack);

    /* The text is optional. */
    assert_int_equal(nl_mnl_parse_ack(nlh, NULL), c->error);
    free(mb);
}

/* Replies. */

#define SEQ 77
#define PORTID 4242
#define DATA_TYPE 0x20

/* What the callback saw. */
struct seen {
    unsigned int n;             /* Messages. */
    uint32_t last;              /* u32 of the last one. */
    unsigned int fail_at;       /* Fail (EINVAL) at this message, or 0. */
};

static int
seen_cb(const struct nlmsghdr *nlh, void *seen_)
{
    struct seen *seen = seen_;
    const struct nlattr *tb[N_ELEMS(test_policy)];

    assert_int_equal(nlh->nlmsg_type, DATA_TYPE);
    seen->n++;
    if (!nl_mnl_parse_attrs(nlh, GENL_HDRLEN, test_policy,
                            N_ELEMS(test_policy), tb, "seen")
        && tb[T_U32]) {
        seen->last = mnl_attr_get_u32(tb[T_U32]);
    }
    return seen->n == seen->fail_at ? EINVAL : 0;
}

/* Appends a data message with u32 'value' to 'mb'. */
static struct nlmsghdr *
put_data(struct msgbuf *mb, uint32_t value, uint16_t flags, uint32_t seq,
         uint32_t portid)
{
    struct nlmsghdr *nlh = msg_start(mb, DATA_TYPE, NLM_F_MULTI | flags,
                                     seq, portid);

    mnl_attr_put_u32(nlh, T_U32, value);
    msg_end(mb, nlh);
    return nlh;
}

/* Appends an NLMSG_DONE with 'code' and, if nonnull, text 'msg'. */
static void
put_done(struct msgbuf *mb, int code, const char *msg)
{
    struct nlmsghdr *nlh;
    int *payload;

    nlh = mnl_nlmsg_put_header((char *) mb->words + mb->len);
    nlh->nlmsg_type = NLMSG_DONE;
    nlh->nlmsg_flags = NLM_F_MULTI | (msg ? NLM_F_ACK_TLVS : 0);
    nlh->nlmsg_seq = SEQ;
    nlh->nlmsg_pid = PORTID;
    payload = mnl_nlmsg_put_extra_header(nlh, sizeof *payload);
    *payload = code;
    if (msg) {
        mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
    }
    msg_end(mb, nlh);
}

/* Appends a capped NLMSG_ERROR with 'code' and, if nonnull, text 'msg'. */
static void
put_error(struct msgbuf *mb, int code, const char *msg)
{
    struct nlmsghdr *nlh;
    struct nlmsgerr *err;

    nlh = mnl_nlmsg_put_header((char *) mb->words + mb->len);
    nlh->nlmsg_type = NLMSG_ERROR;
    nlh->nlmsg_flags = NLM_F_CAPPED | (msg ? NLM_F_ACK_TLVS : 0);
    nlh->nlmsg_seq = SEQ;
    nlh->nlmsg_pid = PORTID;
    err = mnl_nlmsg_put_extra_header(nlh, sizeof *err);
    err->error = code;
    err->msg.nlmsg_len = 36;
    err->msg.nlmsg_seq = SEQ;
    if (msg) {
        mnl_attr_put_strz(nlh, NLMSGERR_ATTR_MSG, msg);
    }
    msg_end(mb, nlh);
}

static void
put_noop(struct msgbuf *mb)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header((char *) mb->words
                                                + mb->len);

    nlh->nlmsg_type = NLMSG_NOOP;
    nlh->nlmsg_seq = SEQ;
    msg_end(mb, nlh);
}

static void
test_reply_dump(void **state OVS_UNUSED)
{
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct seen seen = { .n = 0 };
    struct nl_mnl_reply reply;
    char *extack = (char *) "not touched";

    nl_mnl_reply_init(&reply, SEQ, PORTID, seen_cb, &seen);

    /* First datagram: two messages, a stale one of an earlier request, one
     * for another socket, a NOOP. */
    put_data(mb, 1, 0, SEQ, PORTID);
    put_data(mb, 99, 0, SEQ - 1, PORTID);
    put_data(mb, 98, 0, SEQ, PORTID + 1);
    put_noop(mb);
    put_data(mb, 2, 0, SEQ, PORTID);
    assert_true(nl_mnl_reply_feed(&reply, mb->words, mb->len));
    assert_int_equal(seen.n, 2);
    assert_int_equal(seen.last, 2);
    assert_false(reply.done);

    /* Second datagram: one more and the end; what follows is ignored. */
    memset(mb, 0, sizeof *mb);
    put_data(mb, 3, 0, SEQ, PORTID);
    put_done(mb, 0, NULL);
    put_data(mb, 97, 0, SEQ, PORTID);
    assert_false(nl_mnl_reply_feed(&reply, mb->words, mb->len));
    assert_true(reply.done);
    assert_int_equal(seen.n, 3);
    assert_int_equal(seen.last, 3);

    /* More data after the end is not looked at. */
    assert_false(nl_mnl_reply_feed(&reply, mb->words, mb->len));
    assert_int_equal(seen.n, 3);

    assert_int_equal(nl_mnl_reply_finish(&reply, &extack), 0);
    assert_null(extack);
    free(mb);
}

static void
test_reply_any_seq(void **state OVS_UNUSED)
{
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct seen seen = { .n = 0 };
    struct nl_mnl_reply reply;

    /* 0 and 0 accept every sequence number and port id. */
    nl_mnl_reply_init(&reply, 0, 0, seen_cb, &seen);
    put_data(mb, 1, 0, SEQ - 1, PORTID);
    put_data(mb, 2, 0, SEQ, PORTID + 1);
    put_done(mb, 0, NULL);
    assert_false(nl_mnl_reply_feed(&reply, mb->words, mb->len));
    assert_int_equal(seen.n, 2);
    assert_int_equal(nl_mnl_reply_finish(&reply, NULL), 0);
    free(mb);
}

/* How a reply stream goes, and what it comes to. */
struct stream_case {
    const char *name;
    void (*build)(struct msgbuf *);
    unsigned int fail_at;       /* The callback fails at this message. */
    size_t cut;                 /* Feed this many bytes fewer. */
    bool done;                  /* Expected 'reply.done'. */
    int error;                  /* Expected result. */
    const char *extack;         /* Expected text, or NULL. */
    unsigned int n_seen;        /* Messages the callback saw. */
};

static void
build_ack_ok(struct msgbuf *mb)
{
    put_error(mb, 0, NULL);
}

static void
build_get_reply(struct msgbuf *mb)
{
    put_data(mb, 1, 0, SEQ, PORTID);
    put_error(mb, 0, NULL);
}

static void
build_warning(struct msgbuf *mb)
{
    put_data(mb, 1, 0, SEQ, PORTID);
    put_error(mb, 0, LAG_64_VFS);
}

static void
build_error_text(struct msgbuf *mb)
{
    put_error(mb, -EOPNOTSUPP, "TC offload is disabled on net device");
}

static void
build_three(struct msgbuf *mb)
{
    put_data(mb, 1, 0, SEQ, PORTID);
    put_data(mb, 2, 0, SEQ, PORTID);
    put_data(mb, 3, 0, SEQ, PORTID);
    put_done(mb, 0, NULL);
}

static void
build_interrupted(struct msgbuf *mb)
{
    put_data(mb, 1, 0, SEQ, PORTID);
    put_data(mb, 2, NLM_F_DUMP_INTR, SEQ, PORTID);
    put_done(mb, 0, NULL);
}

static void
build_interrupted_error(struct msgbuf *mb)
{
    put_data(mb, 1, NLM_F_DUMP_INTR, SEQ, PORTID);
    put_error(mb, -ENODEV, "gone");
}

static void
build_done_enobufs(struct msgbuf *mb)
{
    put_data(mb, 1, 0, SEQ, PORTID);
    put_done(mb, -ENOBUFS, NULL);
}

static void
build_no_end(struct msgbuf *mb)
{
    put_data(mb, 1, 0, SEQ, PORTID);
}

static const struct stream_case stream_cases[] = {
    { "reply: plain ack", build_ack_ok, 0, 0, true, 0, NULL, 0 },
    { "reply: get and ack", build_get_reply, 0, 0, true, 0, NULL, 1 },
    { "reply: warning on success kept", build_warning, 0, 0, true, 0,
      LAG_64_VFS, 1 },
    { "reply: error with text", build_error_text, 0, 0, true, EOPNOTSUPP,
      "TC offload is disabled on net device", 0 },
    { "reply: callback error stops the callback, not the reply",
      build_three, 2, 0, true, EINVAL, NULL, 2 },
    { "reply: NLM_F_DUMP_INTR is EAGAIN at the end", build_interrupted, 0,
      0, true, EAGAIN, NULL, 2 },
    { "reply: an error beats NLM_F_DUMP_INTR", build_interrupted_error, 0,
      0, true, ENODEV, "gone", 1 },
    { "reply: NLMSG_DONE with ENOBUFS", build_done_enobufs, 0, 0, true,
      ENOBUFS, NULL, 1 },
    { "reply: more to come", build_no_end, 0, 0, false, 0, NULL, 1 },
    { "reply: truncated message", build_three, 0, 6, true, EPROTO, NULL,
      3 },
    { "reply: less than a header", build_ack_ok, 0,
      sizeof(struct nlmsgerr) + 2, true, EPROTO, NULL, 0 },
};

static void
test_stream(void **state)
{
    const struct stream_case *c = *state;
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct seen seen = { .fail_at = c->fail_at };
    struct nl_mnl_reply reply;
    char *extack;

    nl_mnl_reply_init(&reply, SEQ, PORTID, seen_cb, &seen);
    c->build(mb);
    assert_int_equal(nl_mnl_reply_feed(&reply, mb->words, mb->len - c->cut),
                     !c->done);
    assert_int_equal(reply.done, c->done);
    assert_int_equal(seen.n, c->n_seen);
    assert_int_equal(nl_mnl_reply_finish(&reply, &extack), c->error);
    if (c->extack) {
        assert_non_null(extack);
        assert_string_equal(extack, c->extack);
    } else {
        assert_null(extack);
    }
    free(extack);
    free(mb);
}

static void
test_reply_set_error_and_parse(void **state OVS_UNUSED)
{
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct seen seen = { .n = 0 };
    struct nl_mnl_reply reply;
    char *extack;
    bool done;

    /* A receive error ends the reply; the first error stays. */
    nl_mnl_reply_init(&reply, SEQ, PORTID, seen_cb, &seen);
    put_data(mb, 1, 0, SEQ, PORTID);
    assert_true(nl_mnl_reply_feed(&reply, mb->words, mb->len));
    nl_mnl_reply_set_error(&reply, ENOBUFS);
    nl_mnl_reply_set_error(&reply, EINTR);
    assert_true(reply.done);
    assert_false(nl_mnl_reply_feed(&reply, mb->words, mb->len));
    assert_int_equal(seen.n, 1);
    assert_int_equal(nl_mnl_reply_finish(&reply, NULL), ENOBUFS);

    /* Without a callback, data is skipped. */
    memset(mb, 0, sizeof *mb);
    nl_mnl_reply_init(&reply, SEQ, PORTID, NULL, NULL);
    build_warning(mb);
    assert_false(nl_mnl_reply_feed(&reply, mb->words, mb->len));
    assert_int_equal(nl_mnl_reply_finish(&reply, NULL), 0);

    /* The same in one call, for one datagram. */
    memset(&seen, 0, sizeof seen);
    assert_int_equal(nl_mnl_reply_parse(mb->words, mb->len, seen_cb, &seen,
                                        &done, &extack), 0);
    assert_true(done);
    assert_int_equal(seen.n, 1);
    assert_string_equal(extack, LAG_64_VFS);
    free(extack);
    assert_int_equal(nl_mnl_reply_parse(mb->words, 20, NULL, NULL, &done,
                                        NULL), EPROTO);
    assert_true(done);
    free(mb);
}

/* Generic netlink. */

#define FAMILY 0x1b

static void
put_groups(struct nlmsghdr *nlh, const char *const names[],
           const uint32_t ids[], size_t n)
{
    struct nlattr *groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);

    for (size_t i = 0; i < n; i++) {
        struct nlattr *grp = mnl_attr_nest_start(nlh, i + 1);

        mnl_attr_put_u32(nlh, CTRL_ATTR_MCAST_GRP_ID, ids[i]);
        mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, names[i]);
        mnl_attr_nest_end(nlh, grp);
    }
    mnl_attr_nest_end(nlh, groups);
}

/* The start of the kernel's CTRL_CMD_NEWFAMILY reply for "devlink". */
static void
put_family_head(struct nlmsghdr *nlh)
{
    struct nlattr *ops, *op;

    mnl_attr_put_u16(nlh, CTRL_ATTR_FAMILY_ID, FAMILY);
    mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "devlink");
    mnl_attr_put_u32(nlh, CTRL_ATTR_VERSION, 1);
    mnl_attr_put_u32(nlh, CTRL_ATTR_HDRSIZE, 0);
    mnl_attr_put_u32(nlh, CTRL_ATTR_MAXATTR, 180);
    ops = mnl_attr_nest_start(nlh, CTRL_ATTR_OPS);
    op = mnl_attr_nest_start(nlh, 1);
    mnl_attr_put_u32(nlh, CTRL_ATTR_OP_ID, 1);
    mnl_attr_put_u32(nlh, CTRL_ATTR_OP_FLAGS, 0xe);
    mnl_attr_nest_end(nlh, op);
    mnl_attr_nest_end(nlh, ops);
}

static void
test_genl_build(void **state OVS_UNUSED)
{
    uint64_t buf[NL_MNL_GENL_REQUEST_SIZE / sizeof(uint64_t)];
    const struct genlmsghdr *genl;
    const struct nlattr *attr;
    struct nlmsghdr *nlh;

    memset(buf, 0xa5, sizeof buf);
    nlh = nl_mnl_build_genl_family(buf, "devlink");
    assert_non_null(nlh);
    assert_ptr_equal(nlh, (void *) buf);
    assert_int_equal(nlh->nlmsg_type, GENL_ID_CTRL);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    assert_int_equal(nlh->nlmsg_seq, 0);
    assert_int_equal(nlh->nlmsg_len, 16 + 4 + 12);
    genl = mnl_nlmsg_get_payload(nlh);
    assert_int_equal(genl->cmd, CTRL_CMD_GETFAMILY);
    assert_int_equal(genl->version, 1);
    assert_int_equal(genl->reserved, 0);
    attr = mnl_nlmsg_get_payload_offset(nlh, GENL_HDRLEN);
    assert_int_equal(attr->nla_type, CTRL_ATTR_FAMILY_NAME);
    assert_int_equal(attr->nla_len, 4 + 8);
    assert_memory_equal(mnl_attr_get_payload(attr), "devlink", 8);

    /* Padding is zero. */
    nlh = nl_mnl_build_genl_family(buf, "ethtool0");
    assert_int_equal(nlh->nlmsg_len, 16 + 4 + 16);
    assert_memory_equal((char *) buf + 16 + 4 + 4, "ethtool0\0\0\0", 12);

    assert_null(nl_mnl_build_genl_family(buf, ""));
    assert_null(nl_mnl_build_genl_family(buf, NULL));
    /* GENL_NAMSIZ is 16, with the terminator. */
    assert_non_null(nl_mnl_build_genl_family(buf, "fifteen-chars-x"));
    assert_null(nl_mnl_build_genl_family(buf, "sixteen-chars-xx"));
}

struct family_case {
    const char *name;
    const char *const *groups;
    const uint32_t *ids;
    size_t n_groups;
    const char *group_name;     /* Group to look up, or NULL. */
    uint32_t expect_group;
};

static const char *const config_only[] = { "config" };
static const uint32_t config_only_ids[] = { 7 };
static const char *const two_groups[] = { "other", "config" };
static const uint32_t two_groups_ids[] = { 3, 9 };

static const struct family_case family_cases[] = {
    { "family: config group", config_only, config_only_ids, 1, "config",
      7 },
    { "family: config is the second group", two_groups, two_groups_ids, 2,
      "config", 9 },
    { "family: no groups", NULL, NULL, 0, "config", 0 },
    { "family: group not asked for", two_groups, two_groups_ids, 2, NULL,
      0 },
    { "family: other group", two_groups, two_groups_ids, 2, "other", 3 },
    { "family: no such group", two_groups, two_groups_ids, 2, "nope", 0 },
};

static void
test_family_parse(void **state)
{
    const struct family_case *c = *state;
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct nlmsghdr *nlh;
    uint16_t family;
    uint32_t group;

    nlh = msg_start(mb, GENL_ID_CTRL, 0, 1, 0);
    put_family_head(nlh);
    if (c->n_groups) {
        put_groups(nlh, c->groups, c->ids, c->n_groups);
    }
    msg_end(mb, nlh);

    assert_int_equal(nl_mnl_parse_genl_family(nlh, c->group_name, &family,
                                              &group), 0);
    assert_int_equal(family, FAMILY);
    assert_int_equal(group, c->expect_group);
    free(mb);
}

static void
build_family_id_u32(struct nlmsghdr *nlh)
{
    mnl_attr_put_u32(nlh, CTRL_ATTR_FAMILY_ID, FAMILY);
}

static void
build_family_no_id(struct nlmsghdr *nlh)
{
    mnl_attr_put_strz(nlh, CTRL_ATTR_FAMILY_NAME, "devlink");
}

static void
build_family_group_id_u16(struct nlmsghdr *nlh)
{
    struct nlattr *groups, *grp;

    put_family_head(nlh);
    groups = mnl_attr_nest_start(nlh, CTRL_ATTR_MCAST_GROUPS);
    grp = mnl_attr_nest_start(nlh, 1);
    mnl_attr_put_u16(nlh, CTRL_ATTR_MCAST_GRP_ID, 5);
    mnl_attr_put_strz(nlh, CTRL_ATTR_MCAST_GRP_NAME, "config");
    mnl_attr_nest_end(nlh, grp);
    mnl_attr_nest_end(nlh, groups);
}

static void
build_family_groups_truncated(struct nlmsghdr *nlh)
{
    static const char *const names[] = { "config" };
    static const uint32_t ids[] = { 7 };
    struct nlattr *groups;

    put_family_head(nlh);
    groups = (struct nlattr *) mnl_nlmsg_get_payload_tail(nlh);
    put_groups(nlh, names, ids, 1);
    groups->nla_len -= 4;
}

struct family_error_case {
    const char *name;
    void (*build)(struct nlmsghdr *);
};

static const struct family_error_case family_error_cases[] = {
    { "family: id as u32", build_family_id_u32 },
    { "family: no id", build_family_no_id },
    { "family: group id as u16", build_family_group_id_u16 },
    { "family: truncated group list", build_family_groups_truncated },
};

static void
test_family_error(void **state)
{
    const struct family_error_case *c = *state;
    struct msgbuf *mb = xzalloc(sizeof *mb);
    struct nlmsghdr *nlh;
    uint16_t family;
    uint32_t group;

    nlh = msg_start(mb, GENL_ID_CTRL, 0, 1, 0);
    c->build(nlh);
    msg_end(mb, nlh);
    assert_int_equal(nl_mnl_parse_genl_family(nlh, "config", &family,
                                              &group), EINVAL);
    assert_int_equal(family, 0);
    assert_int_equal(group, 0);
    free(mb);
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

/* Builds in 'buf' an RTM_GETLINK request for 'ifindex' (a dump if 0),
 * with an IFLA_EXT_MASK and, if 'mtu' is nonzero, an IFLA_MTU, which a
 * strict kernel refuses in a get request. */
static struct nlmsghdr *
build_getlink(uint64_t *buf, int ifindex, uint32_t mtu)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = RTM_GETLINK;
    nlh->nlmsg_flags = NLM_F_REQUEST | (ifindex ? 0 : NLM_F_DUMP);
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_family = AF_UNSPEC;
    ifi->ifi_index = ifindex;
    mnl_attr_put_u32(nlh, IFLA_EXT_MASK, RTEXT_FILTER_SKIP_STATS);
    if (mtu) {
        mnl_attr_put_u32(nlh, IFLA_MTU, mtu);
    }
    return nlh;
}

struct links {
    unsigned int n;
    bool saw_lo;
};

static int
links_cb(const struct nlmsghdr *nlh, void *links_)
{
    struct links *links = links_;
    const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);

    assert_int_equal(nlh->nlmsg_type, RTM_NEWLINK);
    links->n++;
    links->saw_lo |= ifi->ifi_index == 1;
    return 0;
}

static void
test_live_rtnetlink(void **state OVS_UNUSED)
{
    struct links links = { .n = 0 };
    struct mnl_socket *sock;
    uint64_t buf[64];
    struct nlmsghdr *req, *reply;
    uint32_t seq1;
    char *extack, *err;
    int error;

    error = nl_mnl_open(NETLINK_ROUTE, &sock, &err);
    if (error) {
        free(err);
        skip_without_netlink(error);
    }
    assert_int_equal(error, 0);
    assert_null(err);

    /* "ip link show lo": the loopback device is ifindex 1. */
    memset(buf, 0, sizeof buf);
    req = build_getlink(buf, 1, 0);
    error = nl_mnl_transact(sock, req, links_cb, &links, &extack);
    assert_int_equal(error, 0);
    assert_null(extack);
    assert_int_equal(links.n, 1);
    assert_true(links.saw_lo);
    assert_true(req->nlmsg_flags & NLM_F_ACK);
    seq1 = req->nlmsg_seq;

    /* The same socket again, with a new sequence number; a copy of the
     * reply. */
    memset(buf, 0, sizeof buf);
    req = build_getlink(buf, 1, 0);
    error = nl_mnl_transact_one(sock, req, RTM_NEWLINK, &reply, &extack);
    assert_int_equal(error, 0);
    assert_null(extack);
    assert_int_not_equal(req->nlmsg_seq, seq1);
    assert_non_null(reply);
    assert_int_equal(reply->nlmsg_seq, req->nlmsg_seq);
    free(reply);

    /* Nothing of the wanted type: EPROTO. */
    memset(buf, 0, sizeof buf);
    req = build_getlink(buf, 1, 0);
    error = nl_mnl_transact_one(sock, req, RTM_NEWROUTE, &reply, NULL);
    assert_int_equal(error, EPROTO);
    assert_null(reply);

    /* "ip link show" (a dump): lo among them. */
    memset(&links, 0, sizeof links);
    memset(buf, 0, sizeof buf);
    req = build_getlink(buf, 0, 0);
    error = nl_mnl_transact(sock, req, links_cb, &links, &extack);
    assert_int_equal(error, 0);
    assert_null(extack);
    assert_true(links.n >= 1);
    assert_true(links.saw_lo);

    /* No such device. */
    memset(buf, 0, sizeof buf);
    req = build_getlink(buf, 0x7ffffff0, 0);
    error = nl_mnl_transact(sock, req, NULL, NULL, &extack);
    assert_int_equal(error, ENODEV);
    free(extack);

    /* An attribute a get request must not carry: with
     * NETLINK_GET_STRICT_CHK (Linux 4.20 and later) the kernel refuses it
     * and says why. */
    memset(buf, 0, sizeof buf);
    req = build_getlink(buf, 1, 1500);
    error = nl_mnl_transact(sock, req, NULL, NULL, &extack);
    print_message("get link with IFLA_MTU: %s%s%s\n", ovs_strerror(error),
                  extack ? ": " : "", extack ? extack : "");
    if (error) {
        assert_int_equal(error, EINVAL);
        assert_non_null(extack);
    }
    free(extack);

    nl_mnl_close(sock);
    nl_mnl_close(NULL);
}

static void
test_live_genl(void **state OVS_UNUSED)
{
    struct mnl_socket *sock;
    uint16_t family;
    uint32_t group;
    char *err;
    int error;

    error = nl_mnl_open(NETLINK_GENERIC, &sock, &err);
    if (error) {
        free(err);
        skip_without_netlink(error);
    }
    assert_int_equal(error, 0);

    /* The controller resolves itself. */
    error = nl_mnl_genl_family(sock, "nlctrl", &family, "notify", &group,
                               &err);
    assert_int_equal(error, 0);
    assert_null(err);
    assert_int_equal(family, GENL_ID_CTRL);
    assert_int_not_equal(group, 0);

    error = nl_mnl_genl_family(sock, "nlctrl", &family, NULL, NULL, NULL);
    assert_int_equal(error, 0);
    assert_int_equal(family, GENL_ID_CTRL);

    /* A family no kernel has. */
    error = nl_mnl_genl_family(sock, "ovsoffl-none", &family, NULL, NULL,
                               &err);
    assert_int_equal(error, ENOENT);
    assert_int_equal(family, 0);
    assert_non_null(err);
    assert_non_null(strstr(err, "\"ovsoffl-none\" not found"));
    free(err);

    /* A name that cannot be one. */
    error = nl_mnl_genl_family(sock, "", &family, NULL, NULL, &err);
    assert_int_equal(error, EINVAL);
    assert_non_null(err);
    free(err);

    nl_mnl_close(sock);
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
        cmocka_unit_test(test_attrs_short_message),
        cmocka_unit_test(test_put_request),
        cmocka_unit_test(test_reply_dump),
        cmocka_unit_test(test_reply_any_seq),
        cmocka_unit_test(test_reply_set_error_and_parse),
        cmocka_unit_test(test_genl_build),
        cmocka_unit_test(test_live_rtnetlink),
        cmocka_unit_test(test_live_genl),
    };
    struct CMUnitTest tests[N_ELEMS(fixed_tests) + N_ELEMS(attr_cases)
                            + N_ELEMS(ack_cases) + N_ELEMS(stream_cases)
                            + N_ELEMS(family_cases)
                            + N_ELEMS(family_error_cases)];
    size_t n = 0;

    /* The malformed-message tests provoke warnings on purpose. */
    vlog_set_levels(vlog_module_from_name("nl_mnl"), VLF_ANY_DESTINATION,
                    VLL_OFF);

    for (size_t i = 0; i < N_ELEMS(fixed_tests); i++) {
        tests[n++] = fixed_tests[i];
    }
    ADD_ROWS(tests, n, test_attrs, attr_cases);
    ADD_ROWS(tests, n, test_ack, ack_cases);
    ADD_ROWS(tests, n, test_stream, stream_cases);
    ADD_ROWS(tests, n, test_family_parse, family_cases);
    ADD_ROWS(tests, n, test_family_error, family_error_cases);
    return cmocka_run_group_tests_name("nl-mnl", tests, NULL, NULL);
}
