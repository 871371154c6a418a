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

/* Unit tests of the VF-LAG TC probe (tc/tc-probe.c).
 *
 * The builders are checked byte for byte against layouts written out here
 * from the UAPI numbers (pkt_cls.h, pkt_sched.h, rtnetlink.h, tc_gact.h)
 * and what "tc qdisc add ... clsact" and "tc filter add block ..." send;
 * the qdisc parser and the block choice get synthetic input.
 *
 * The build host's kernel has clsact but no cls_flower: the live test there
 * runs in a private network namespace, where the probe of "lo" must fail
 * with the kernel's "TC classifier not found" and leave nothing behind.
 * The real thing runs in the VM tier (tests/vm/scenarios/tc-probe.sh), on
 * netdevsim, through this program's live mode:
 *
 *     test-tc-probe live LEG...
 *
 * which probes the legs and prints "in_hw_count N", "verdict active" or
 * "verdict inactive", and "reason: ..." lines; it exits 0 if the probe ran,
 * 1 with an "error: " line if it failed. */

#include <config.h>

#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <libmnl/libmnl.h>
#include <linux/netlink.h>
#include <linux/pkt_cls.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <cmocka.h>

#include "netlink/nl-mnl.h"
#include "openvswitch/vlog.h"
#include "tc/tc-flower.h"
#include "tc/tc-probe.h"
#include "util.h"

/* The number of elements of 'ARRAY'. */
#define N_ELEMS(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

#define BLOCK 0x0ff10007u

/* Expected bytes, written out field by field in host byte order
 * (netlink's). */
struct bytes {
    uint8_t b[TC_PROBE_REQUEST_SIZE];
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
put_u16(struct bytes *x, uint16_t v)
{
    put_raw(x, &v, 2);
}

static void
put_u32(struct bytes *x, uint32_t v)
{
    put_raw(x, &v, 4);
}

/* nlmsghdr with a length to be fixed up, sequence number and port id 0,
 * then a tcmsg. */
static void
put_headers(struct bytes *x, uint16_t type, uint16_t flags, uint32_t ifindex,
            uint32_t handle, uint32_t parent, uint32_t info)
{
    put_u32(x, 0);
    put_u16(x, type);
    put_u16(x, flags);
    put_u32(x, 0);
    put_u32(x, 0);
    put_u32(x, 0);              /* tcm_family, pads. */
    put_u32(x, ifindex);
    put_u32(x, handle);
    put_u32(x, parent);
    put_u32(x, info);
}

static void
put_a_u32(struct bytes *x, uint16_t type, uint32_t v)
{
    put_u16(x, 8);
    put_u16(x, type);
    put_u32(x, v);
}

static void
put_a_raw(struct bytes *x, uint16_t type, const void *p, size_t n)
{
    put_u16(x, 4 + n);
    put_u16(x, type);
    put_raw(x, p, n);
    put_pad(x);
}

static void
put_a_str(struct bytes *x, uint16_t type, const char *s)
{
    put_a_raw(x, type, s, strlen(s) + 1);
}

/* Starts a nest of 'type' (with NLA_F_NESTED, 0x8000); returns its
 * offset for nest_end(). */
static size_t
nest_start(struct bytes *x, uint16_t type)
{
    size_t start = x->n;

    put_u16(x, 0);
    put_u16(x, type | 0x8000);
    return start;
}

static void
nest_end(struct bytes *x, size_t start)
{
    uint16_t len = x->n - start;

    memcpy(&x->b[start], &len, 2);
}

/* Compares the message that a builder wrote into 'buf' (which held a
 * pattern before) with 'x', whose length it fixes up first, and checks
 * that the rest of the buffer is zero. */
static void
assert_built(const struct nlmsghdr *nlh, const void *buf, struct bytes *x)
{
    uint32_t len = x->n;
    const uint8_t *p = buf;

    memcpy(x->b, &len, 4);
    assert_non_null(nlh);
    assert_ptr_equal(nlh, buf);
    assert_int_equal(nlh->nlmsg_len, x->n);
    assert_memory_equal(buf, x->b, x->n);
    for (size_t i = x->n; i < TC_PROBE_REQUEST_SIZE; i++) {
        assert_int_equal(p[i], 0);
    }
}

/* Builders. */

/* tcm_info of the probe rule: "pref 65521 protocol 0x88b5". */
static uint32_t
probe_info(void)
{
    return 0xfff10000u | htons(0x88b5);
}

static void
test_build_qdisc_dump(void **state OVS_UNUSED)
{
    uint64_t buf[TC_PROBE_REQUEST_SIZE / 8];
    struct bytes x = { .n = 0 };

    memset(buf, 0xa5, sizeof buf);
    /* RTM_GETQDISC 38, NLM_F_REQUEST | NLM_F_DUMP. */
    put_headers(&x, 38, 0x301, 0, 0, 0, 0);
    assert_built(tc_probe_build_qdisc_dump(buf), buf, &x);
}

static void
test_build_clsact(void **state OVS_UNUSED)
{
    uint64_t buf[TC_PROBE_REQUEST_SIZE / 8];
    struct bytes x = { .n = 0 };

    /* "tc qdisc add dev 7 ingress_block BLOCK clsact": RTM_NEWQDISC 36,
     * NLM_F_REQUEST | NLM_F_EXCL | NLM_F_CREATE, handle ffff:0, parent
     * ffff:fff1, TCA_KIND 1, TCA_INGRESS_BLOCK 13. */
    memset(buf, 0xa5, sizeof buf);
    put_headers(&x, 36, 0x601, 7, 0xffff0000, 0xfffffff1, 0);
    put_a_str(&x, 1, "clsact");
    put_a_u32(&x, 13, BLOCK);
    assert_built(tc_probe_build_clsact_add(buf, 7, BLOCK), buf, &x);

    /* "tc qdisc del dev 7 clsact": RTM_DELQDISC 37. */
    memset(buf, 0xa5, sizeof buf);
    memset(&x, 0, sizeof x);
    put_headers(&x, 37, 0x1, 7, 0xffff0000, 0xfffffff1, 0);
    put_a_str(&x, 1, "clsact");
    assert_built(tc_probe_build_clsact_del(buf, 7), buf, &x);
}

/* The start of every request about the probe rule in BLOCK. */
static void
put_filter_head(struct bytes *x, uint16_t type, uint16_t flags)
{
    put_headers(x, type, flags, 0xffffffff, 0x0ff1, BLOCK, probe_info());
    put_a_str(x, 1, "flower");                  /* TCA_KIND. */
    put_a_u32(x, 11, 0);                        /* TCA_CHAIN. */
}

static void
check_filter_add(uint32_t flags)
{
    static const uint8_t eth_type[2] = { 0x88, 0xb5 };
    static const uint8_t dst[6] = { 0x02, 0x6f, 0x66, 0x66, 0x6c, 0x64 };
    static const uint8_t mask[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
    uint32_t gact[5] = { 0, 0, 2, 0, 0 };      /* action TC_ACT_SHOT. */
    uint64_t buf[TC_PROBE_REQUEST_SIZE / 8];
    size_t options, acts, act, act_options;
    struct bytes x = { .n = 0 };

    memset(buf, 0xa5, sizeof buf);
    /* RTM_NEWTFILTER 44, NLM_F_REQUEST | NLM_F_EXCL | NLM_F_CREATE. */
    put_filter_head(&x, 44, 0x601);
    options = nest_start(&x, 2);                /* TCA_OPTIONS. */
    put_a_raw(&x, 8, eth_type, 2);              /* KEY_ETH_TYPE. */
    put_a_raw(&x, 4, dst, 6);                   /* KEY_ETH_DST. */
    put_a_raw(&x, 5, mask, 6);                  /* KEY_ETH_DST_MASK. */
    put_a_u32(&x, 22, flags);                   /* TCA_FLOWER_FLAGS. */
    acts = nest_start(&x, 3);                   /* TCA_FLOWER_ACT. */
    act = nest_start(&x, 1);                    /* First action. */
    put_a_str(&x, 1, "gact");                   /* TCA_ACT_KIND. */
    act_options = nest_start(&x, 2);            /* TCA_ACT_OPTIONS. */
    put_a_raw(&x, 2, gact, sizeof gact);        /* TCA_GACT_PARMS. */
    nest_end(&x, act_options);
    nest_end(&x, act);
    nest_end(&x, acts);
    nest_end(&x, options);
    assert_int_equal(x.n, 148);
    assert_built(tc_probe_build_filter_add(buf, BLOCK, flags), buf, &x);
}

static void
test_build_filter_add(void **state OVS_UNUSED)
{
    check_filter_add(TCA_CLS_FLAGS_SKIP_SW);
    check_filter_add(0);
}

static void
test_build_filter_get_del(void **state OVS_UNUSED)
{
    uint64_t buf[TC_PROBE_REQUEST_SIZE / 8];
    struct bytes x = { .n = 0 };

    /* RTM_GETTFILTER 46, not a dump, no NLM_F_ECHO. */
    memset(buf, 0xa5, sizeof buf);
    put_filter_head(&x, 46, 0x1);
    assert_built(tc_probe_build_filter_get(buf, BLOCK), buf, &x);

    /* RTM_DELTFILTER 45. */
    memset(buf, 0xa5, sizeof buf);
    memset(&x, 0, sizeof x);
    put_filter_head(&x, 45, 0x1);
    assert_built(tc_probe_build_filter_del(buf, BLOCK), buf, &x);
}

/* The add request is laid out as the kernel reports a filter: read back as
 * one, it is the probe rule. */
static void
test_filter_add_reads_back(void **state OVS_UNUSED)
{
    uint64_t buf[TC_PROBE_REQUEST_SIZE / 8];
    struct tc_flower_filter f;

    assert_int_equal(tc_flower_parse_msg(tc_probe_build_filter_add(
                                             buf, BLOCK,
                                             TCA_CLS_FLAGS_SKIP_SW), &f), 0);
    assert_int_equal(f.ifindex, TCM_IFINDEX_MAGIC_BLOCK);
    assert_int_equal(f.block_index, BLOCK);
    assert_int_equal(f.chain, 0);
    assert_int_equal(f.prio, TC_PROBE_PRIO);
    assert_int_equal(f.protocol, TC_PROBE_ETH_TYPE);
    assert_int_equal(f.handle, TC_PROBE_HANDLE);
    assert_true(f.has_flags);
    assert_int_equal(f.flags, TCA_CLS_FLAGS_SKIP_SW);
    assert_false(f.has_in_hw_count);
    assert_int_equal(f.n_actions, 1);
    assert_string_equal(f.act_kind, "gact");
}

/* Qdiscs. */

struct qdisc_case {
    const char *name;
    uint16_t type;              /* Message type. */
    uint32_t parent;
    const char *kind;           /* TCA_KIND, or NULL. */
    bool kind_unterminated;
    int ingress_block;          /* TCA_INGRESS_BLOCK, or -1. */
    int egress_block;           /* TCA_EGRESS_BLOCK, or -1. */
    bool block_u16;             /* Send TCA_INGRESS_BLOCK as a u16. */
    int error;
    bool is_ingress;
};

static const struct qdisc_case qdisc_cases[] = {
    { "qdisc: clsact on a shared block", RTM_NEWQDISC, TC_H_INGRESS,
      "clsact", false, 22, 22, false, 0, true },
    { "qdisc: OVS's ingress on the bond's block", RTM_NEWQDISC,
      TC_H_INGRESS, "ingress", false, 9, -1, false, 0, true },
    { "qdisc: clsact on a private block", RTM_NEWQDISC, TC_H_INGRESS,
      "clsact", false, -1, -1, false, 0, true },
    { "qdisc: root qdisc", RTM_NEWQDISC, TC_H_ROOT, "noqueue", false, -1,
      -1, false, 0, false },
    { "qdisc: ingress kind at another parent", RTM_NEWQDISC, TC_H_ROOT,
      "ingress", false, -1, -1, false, 0, false },
    { "qdisc: no kind", RTM_NEWQDISC, TC_H_INGRESS, NULL, false, -1, -1,
      false, EINVAL, false },
    { "qdisc: kind without terminator", RTM_NEWQDISC, TC_H_INGRESS,
      "clsact", true, -1, -1, false, EINVAL, false },
    { "qdisc: block as u16", RTM_NEWQDISC, TC_H_INGRESS, "clsact", false,
      22, -1, true, EINVAL, false },
    { "qdisc: not RTM_NEWQDISC", RTM_NEWTFILTER, TC_H_INGRESS, "clsact",
      false, -1, -1, false, EINVAL, false },
};

static void
test_parse_qdisc(void **state)
{
    const struct qdisc_case *c = *state;
    uint64_t buf[128];
    struct tc_probe_qdisc q;
    struct nlmsghdr *nlh;
    struct tcmsg *tcm;

    memset(buf, 0, sizeof buf);
    nlh = mnl_nlmsg_put_header(buf);
    nlh->nlmsg_type = c->type;
    nlh->nlmsg_flags = NLM_F_MULTI;
    tcm = mnl_nlmsg_put_extra_header(nlh, sizeof *tcm);
    tcm->tcm_ifindex = 5;
    tcm->tcm_parent = c->parent;
    tcm->tcm_handle = 0xffff0000;
    if (c->kind) {
        if (c->kind_unterminated) {
            mnl_attr_put(nlh, TCA_KIND, strlen(c->kind), c->kind);
        } else {
            mnl_attr_put_strz(nlh, TCA_KIND, c->kind);
        }
    }
    if (c->ingress_block >= 0) {
        if (c->block_u16) {
            mnl_attr_put_u16(nlh, TCA_INGRESS_BLOCK, c->ingress_block);
        } else {
            mnl_attr_put_u32(nlh, TCA_INGRESS_BLOCK, c->ingress_block);
        }
    }
    if (c->egress_block >= 0) {
        mnl_attr_put_u32(nlh, TCA_EGRESS_BLOCK, c->egress_block);
    }
    mnl_attr_put_u32(nlh, 99, 1);               /* Unknown: ignored. */

    assert_int_equal(tc_probe_parse_qdisc(nlh, &q), c->error);
    if (c->error) {
        assert_int_equal(q.ifindex, 0);
        assert_string_equal(q.kind, "");
        return;
    }
    assert_int_equal(q.ifindex, 5);
    assert_int_equal(q.parent, c->parent);
    assert_int_equal(q.handle, 0xffff0000);
    assert_string_equal(q.kind, c->kind);
    assert_int_equal(q.ingress_block, MAX(c->ingress_block, 0));
    assert_int_equal(q.egress_block, MAX(c->egress_block, 0));
    assert_int_equal(tc_probe_qdisc_is_ingress(&q), c->is_ingress);
}

/* Block choice. */

static const struct tc_probe_qdisc clsact22 = {
    .parent = TC_H_INGRESS, .kind = "clsact", .ingress_block = 22,
};
static const struct tc_probe_qdisc ingress22 = {
    .parent = TC_H_INGRESS, .kind = "ingress", .ingress_block = 22,
};
static const struct tc_probe_qdisc clsact23 = {
    .parent = TC_H_INGRESS, .kind = "clsact", .ingress_block = 23,
};
static const struct tc_probe_qdisc clsact_private = {
    .parent = TC_H_INGRESS, .kind = "clsact",
};

struct choose_case {
    const char *name;
    const struct tc_probe_qdisc *ingress[3];
    size_t n_legs;
    int first_ifindex;
    uint32_t used[3];
    size_t n_used;
    int error;
    uint32_t block;
    bool create;
    const char *reason;
};

static const struct choose_case choose_cases[] = {
    { "choose: no qdiscs: a block of our own", { NULL, NULL }, 2, 7,
      { 0 }, 0, 0, 0x0ff10007, true, NULL },
    { "choose: our block index is taken: the next", { NULL, NULL }, 2, 7,
      { 0x0ff10007, 0x0ff10008, 22 }, 3, 0, 0x0ff10009, true, NULL },
    { "choose: index wraps within 0x0ff1", { NULL, NULL }, 2, 0x1ffff,
      { 0x0ff1ffff }, 1, 0, 0x0ff10000, true, NULL },
    { "choose: a shared block (OVS's)", { &clsact22, &ingress22 }, 2, 7,
      { 22 }, 1, 0, 22, false, NULL },
    { "choose: one leg", { &clsact22 }, 1, 7, { 22 }, 1, 0, 22, false,
      NULL },
    { "choose: one leg without a qdisc", { &clsact22, NULL }, 2, 7,
      { 22 }, 1, ENOTSUP, 0, false,
      "legs do not share an ingress block: p0 clsact ingress_block 22, p1 "
      "has no ingress qdisc" },
    { "choose: two blocks", { &clsact22, &clsact23 }, 2, 7, { 22, 23 }, 2,
      ENOTSUP, 0, false,
      "legs do not share an ingress block: p0 clsact ingress_block 22, p1 "
      "clsact ingress_block 23" },
    { "choose: private blocks", { &clsact_private, &clsact_private }, 2, 7,
      { 0 }, 0, ENOTSUP, 0, false,
      "legs do not share an ingress block: p0 clsact without a shared "
      "block, p1 clsact without a shared block" },
    { "choose: first leg without a qdisc", { NULL, &clsact22, &clsact22 },
      3, 7, { 22 }, 1, ENOTSUP, 0, false,
      "legs do not share an ingress block: p0 has no ingress qdisc, p1 "
      "clsact ingress_block 22, p2 clsact ingress_block 22" },
};

static void
test_choose(void **state)
{
    static const char *const legs[] = { "p0", "p1", "p2" };
    const struct choose_case *c = *state;
    uint32_t block;
    char *reason;
    bool create;

    assert_int_equal(tc_probe_choose_block(legs, c->ingress, c->n_legs,
                                           c->first_ifindex, c->used,
                                           c->n_used, &block, &create,
                                           &reason), c->error);
    assert_int_equal(block, c->block);
    assert_int_equal(create, c->create);
    if (c->reason) {
        assert_non_null(reason);
        assert_string_equal(reason, c->reason);
    } else {
        assert_null(reason);
    }
    free(reason);
}

/* Verdicts. */

static void
test_verdict(void **state OVS_UNUSED)
{
    static const struct {
        unsigned int count;
        size_t n_legs;
        enum tc_lag_verdict verdict;
        const char *reason;
    } cases[] = {
        { 2, 2, TC_LAG_ACTIVE, "probe rule in_hw_count 2 of 2 legs" },
        { 1, 2, TC_LAG_INACTIVE, "probe rule in_hw_count 1 of 2 legs" },
        { 0, 2, TC_LAG_INACTIVE, "probe rule in_hw_count 0 of 2 legs" },
        { 3, 2, TC_LAG_INACTIVE, "probe rule in_hw_count 3 of 2 legs (more "
          "devices than the legs offload the block)" },
        { 1, 1, TC_LAG_ACTIVE, "probe rule in_hw_count 1 of 1 leg" },
        { 0, 0, TC_LAG_INACTIVE, "probe rule in_hw_count 0 of 0 legs" },
    };

    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        char *reason;

        assert_int_equal(tc_probe_verdict(cases[i].count, cases[i].n_legs,
                                          &reason), cases[i].verdict);
        assert_string_equal(reason, cases[i].reason);
        free(reason);
        assert_int_equal(tc_probe_verdict(cases[i].count, cases[i].n_legs,
                                          NULL), cases[i].verdict);
    }
    assert_string_equal(tc_lag_verdict_to_string(TC_LAG_ACTIVE), "active");
    assert_string_equal(tc_lag_verdict_to_string(TC_LAG_INACTIVE),
                        "inactive");
}

/* Live. */

struct lo_ingress {
    struct tc_probe_qdisc q;
    bool found;
};

static int
lo_ingress_cb(const struct nlmsghdr *nlh, void *aux_)
{
    struct lo_ingress *aux = aux_;
    struct tc_probe_qdisc q;

    if (!tc_probe_parse_qdisc(nlh, &q) && q.ifindex == 1
        && tc_probe_qdisc_is_ingress(&q)) {
        aux->q = q;
        aux->found = true;
    }
    return 0;
}

/* Reads the ingress qdisc of lo (ifindex 1) into '*aux'. */
static void
read_lo_ingress(struct lo_ingress *aux)
{
    uint64_t buf[TC_PROBE_REQUEST_SIZE / 8];
    struct mnl_socket *sock;

    memset(aux, 0, sizeof *aux);
    assert_int_equal(nl_mnl_open(NETLINK_ROUTE, &sock, NULL), 0);
    assert_int_equal(nl_mnl_transact(sock, tc_probe_build_qdisc_dump(buf),
                                     lo_ingress_cb, aux, NULL), 0);
    nl_mnl_close(sock);
}

static void
test_live(void **state OVS_UNUSED)
{
    static const char *const lo[] = { "lo" };
    static const char *const missing[] = { "lo", "ovsoffl-none0" };
    uint64_t buf[TC_PROBE_REQUEST_SIZE / 8];
    struct lo_ingress lo_ingress;
    struct mnl_socket *sock;
    struct nlmsghdr *nlh;
    unsigned int count;
    char *reason;
    int error;

    /* A leg that does not exist. */
    assert_int_equal(tc_probe_shared_block(missing, 2, &count, &reason),
                     ENODEV);
    assert_int_equal(count, 0);
    assert_string_equal(reason, "ovsoffl-none0: no such network device");
    free(reason);
    assert_int_equal(tc_probe_shared_block(lo, 0, &count, &reason), EINVAL);
    free(reason);

    /* The rest changes lo's qdiscs: in a namespace of our own only. */
    if (geteuid() || unshare(CLONE_NEWNET)) {
        print_message("not root, or no network namespace: skipping\n");
        skip();
    }

    /* lo has no ingress qdisc: the probe makes one, and deletes it, what
     * ever comes of the probe rule. */
    error = tc_probe_shared_block(lo, 1, &count, &reason);
    print_message("probe of lo: %s, in_hw_count %u%s%s\n",
                  error ? ovs_strerror(error) : "ok", count,
                  reason ? ": " : "", reason ? reason : "");
    if (error) {
        /* A kernel without cls_flower, like the build host's. */
        assert_int_equal(count, 0);
        assert_non_null(reason);
    } else {
        /* lo cannot offload. */
        assert_int_equal(count, 0);
    }
    free(reason);
    read_lo_ingress(&lo_ingress);
    assert_false(lo_ingress.found);

    /* lo on a shared block of its own: the probe uses it and leaves the
     * qdisc alone. */
    assert_int_equal(nl_mnl_open(NETLINK_ROUTE, &sock, NULL), 0);
    error = nl_mnl_transact(sock, tc_probe_build_clsact_add(buf, 1, 7),
                            NULL, NULL, &reason);
    if (error) {
        print_message("no clsact here (%s%s%s), skipping the rest\n",
                      ovs_strerror(error), reason ? ": " : "",
                      reason ? reason : "");
        free(reason);
        nl_mnl_close(sock);
        return;
    }
    error = tc_probe_shared_block(lo, 1, &count, &reason);
    print_message("probe of lo on block 7: %s%s%s\n",
                  error ? ovs_strerror(error) : "ok", reason ? ": " : "",
                  reason ? reason : "");
    free(reason);
    read_lo_ingress(&lo_ingress);
    assert_true(lo_ingress.found);
    assert_int_equal(lo_ingress.q.ingress_block, 7);

    /* A clsact without a shared block (the request without its last
     * attribute, TCA_INGRESS_BLOCK): ENOTSUP, nothing touched. */
    assert_int_equal(nl_mnl_transact(sock, tc_probe_build_clsact_del(buf, 1),
                                     NULL, NULL, NULL), 0);
    nlh = tc_probe_build_clsact_add(buf, 1, 7);
    nlh->nlmsg_len -= 8;
    assert_int_equal(nl_mnl_transact(sock, nlh, NULL, NULL, NULL), 0);
    assert_int_equal(tc_probe_shared_block(lo, 1, &count, &reason), ENOTSUP);
    assert_string_equal(reason, "legs do not share an ingress block: lo "
                        "clsact without a shared block");
    free(reason);
    read_lo_ingress(&lo_ingress);
    assert_true(lo_ingress.found);
    assert_int_equal(lo_ingress.q.ingress_block, 0);

    assert_int_equal(nl_mnl_transact(sock, tc_probe_build_clsact_del(buf, 1),
                                     NULL, NULL, NULL), 0);
    read_lo_ingress(&lo_ingress);
    assert_false(lo_ingress.found);
    nl_mnl_close(sock);
}

/* "test-tc-probe live LEG...": probes the legs and prints the outcome. */
static int
live_main(int argc, char *argv[])
{
    const char *const *legs = CONST_CAST(const char *const *, argv);
    enum tc_lag_verdict verdict;
    unsigned int count;
    char *reason, *why;
    int error;

    error = tc_probe_shared_block(legs, argc, &count, &reason);
    if (error) {
        printf("error: %s%s%s\n", ovs_strerror(error), reason ? ": " : "",
               reason ? reason : "");
        free(reason);
        return 1;
    }
    verdict = tc_probe_verdict(count, argc, &why);
    printf("in_hw_count %u\n", count);
    printf("verdict %s\n", tc_lag_verdict_to_string(verdict));
    printf("reason: %s\n", why);
    if (reason) {
        printf("reason: %s\n", reason);
    }
    free(why);
    free(reason);
    return 0;
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
        cmocka_unit_test(test_build_qdisc_dump),
        cmocka_unit_test(test_build_clsact),
        cmocka_unit_test(test_build_filter_add),
        cmocka_unit_test(test_build_filter_get_del),
        cmocka_unit_test(test_filter_add_reads_back),
        cmocka_unit_test(test_verdict),
        /* Last: it leaves the process in a network namespace of its own. */
        cmocka_unit_test(test_live),
    };
    struct CMUnitTest tests[N_ELEMS(fixed_tests) + N_ELEMS(qdisc_cases)
                            + N_ELEMS(choose_cases)];
    size_t n = 0;

    if (argc > 1) {
        if (strcmp(argv[1], "live") || argc < 3) {
            fprintf(stderr, "usage: %s [live LEG...]\n", argv[0]);
            return 2;
        }
        return live_main(argc - 2, argv + 2);
    }

    /* The malformed-message tests provoke warnings on purpose. */
    vlog_set_levels(vlog_module_from_name("nl_mnl"), VLF_ANY_DESTINATION,
                    VLL_OFF);

    ADD_ROWS(tests, n, test_parse_qdisc, qdisc_cases);
    ADD_ROWS(tests, n, test_choose, choose_cases);
    for (size_t i = 0; i < N_ELEMS(fixed_tests); i++) {
        tests[n++] = fixed_tests[i];
    }
    return cmocka_run_group_tests_name("tc-probe", tests, NULL, NULL);
}
