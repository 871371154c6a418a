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

#include "controller/offload-status.h"

#include <errno.h>
#include <linux/if.h>
#include <linux/pkt_sched.h>
#include <linux/rtnetlink.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "controller/dp-flows.h"
#include "controller/nic-phase.h"
#include "controller/offload-config.h"
#include "controller/plan.h"
#include "controller/status-model.h"
#include "controller/verdict.h"
#include "controller/vswitchd-ctl.h"
#include "devlink/ethtool.h"
#include "lag/bond.h"
#include "lib/vswitch-idl.h"
#include "netlink/nl-mnl.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "sset.h"
#include "svec.h"
#include "tc/tc-flower.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(offload_status);

/* How long one unixctl call of a sample may take. */
#define STATUS_CTL_TIMEOUT_MS 1000

/* A bond from the desired state. */
struct status_target {
    struct svec members;
    bool vf_lag;
    char *lacp;                 /* "active", "passive", "off" or NULL. */
};

struct status_sampler {
    struct svec bonds;          /* Bonds to watch, in order; empty:
                                 * discover. */
    struct shash targets;       /* From the desired state: name ->
                                 * struct status_target. */
    char *nic_state_file;

    struct status_sample cur;   /* Latest sample. */
    struct status_sample prev;  /* The one before. */
    bool has_cur, has_prev;
    long long int cur_mono_ms;  /* Monotonic time of 'cur'. */

    bool has_daemon;
    struct status_daemon daemon;
};

struct status_sampler *
status_sampler_create(void)
{
    struct status_sampler *s = xzalloc(sizeof *s);

    svec_init(&s->bonds);
    shash_init(&s->targets);
    status_sample_init(&s->cur);
    status_sample_init(&s->prev);
    return s;
}

static void
clear_targets(struct status_sampler *s)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &s->targets) {
        struct status_target *t = node->data;

        svec_destroy(&t->members);
        free(t->lacp);
        free(t);
    }
    shash_clear(&s->targets);
    svec_clear(&s->bonds);
}

void
status_sampler_destroy(struct status_sampler *s)
{
    if (!s) {
        return;
    }
    clear_targets(s);
    shash_destroy(&s->targets);
    svec_destroy(&s->bonds);
    status_sample_destroy(&s->cur);
    status_sample_destroy(&s->prev);
    free(s->daemon.last_error);
    free(s->daemon.paused);
    free(s->nic_state_file);
    free(s);
}

void
status_sampler_set_targets(struct status_sampler *s,
                           const struct offload_config *cfg,
                           char *const *bonds, size_t n_bonds)
{
    clear_targets(s);
    for (size_t i = 0; cfg && i < cfg->n_bridges; i++) {
        const struct offload_bridge *br = &cfg->bridges[i];

        for (size_t j = 0; j < br->n_ports; j++) {
            const struct offload_port *p = &br->ports[j];

            if (p->type != OFFLOAD_PORT_BOND || p->n_members < 2
                || shash_find(&s->targets, p->name)) {
                continue;
            }

            struct status_target *t = xzalloc(sizeof *t);
            svec_init(&t->members);
            for (size_t k = 0; k < p->n_members; k++) {
                svec_add(&t->members, p->members[k]);
            }
            t->vf_lag = p->vf_lag != OFFLOAD_VF_LAG_OFF;
            t->lacp = nullable_xstrdup(p->lacp);
            shash_add(&s->targets, p->name, t);
            svec_add(&s->bonds, p->name);
        }
    }
    for (size_t i = 0; i < n_bonds; i++) {
        if (!svec_contains_unsorted(&s->bonds, bonds[i])) {
            svec_add(&s->bonds, bonds[i]);
        }
    }
}

void
status_sampler_set_nic_state_file(struct status_sampler *s, const char *path)
{
    free(s->nic_state_file);
    s->nic_state_file = nullable_xstrdup(path);
}

/* Reading the kernel: one link dump and one qdisc dump per sample. */

struct link_table {
    struct bond_link *links;
    size_t n, allocated;
    struct shash by_name;       /* Name -> struct bond_link index + 1. */
};

static int
link_dump_cb(const struct nlmsghdr *nlh, void *aux)
{
    struct link_table *t = aux;

    if (nlh->nlmsg_type != RTM_NEWLINK) {
        return 0;
    }
    if (t->n == t->allocated) {
        t->links = x2nrealloc(t->links, &t->allocated, sizeof *t->links);
    }
    if (!bond_parse_link_msg(nlh, &t->links[t->n])) {
        t->n++;
    }
    return 0;
}

static int
link_table_dump(struct link_table *t)
{
    struct mnl_socket *sock;
    char buf[64] __attribute__((aligned(4)));
    char *err = NULL;

    memset(t, 0, sizeof *t);
    shash_init(&t->by_name);

    int error = nl_mnl_open(NETLINK_ROUTE, &sock, &err);
    if (!error) {
        struct nlmsghdr *req = nl_mnl_put_request(
            buf, sizeof buf, RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP,
            sizeof(struct ifinfomsg));
        error = nl_mnl_transact(sock, req, link_dump_cb, t, &err);
        nl_mnl_close(sock);
    }
    if (error) {
        static struct vlog_rate_limit rl = VLOG_RATE_LIMIT_INIT(1, 5);
        VLOG_WARN_RL(&rl, "link dump failed: %s",
                     err ? err : ovs_strerror(error));
    }
    free(err);
    for (size_t i = 0; i < t->n; i++) {
        shash_replace(&t->by_name, t->links[i].ifname,
                      (void *) (uintptr_t) (i + 1));
    }
    return error;
}

static const struct bond_link *
link_find(const struct link_table *t, const char *name)
{
    const void *data = shash_find_data(&t->by_name, name);
    uintptr_t idx = (uintptr_t) data;

    return idx ? &t->links[idx - 1] : NULL;
}

static void
link_table_destroy(struct link_table *t)
{
    shash_destroy(&t->by_name);
    free(t->links);
}

/* The ingress qdisc of each device: whether it has one, and its shared
 * block. */
struct ingress_info {
    int ifindex;
    uint32_t block;             /* 0 if none. */
};

struct ingress_table {
    struct ingress_info *v;
    size_t n, allocated;
};

static int
qdisc_attr_cb(const struct nlattr *attr, void *aux)
{
    uint32_t *block = aux;

    if (mnl_attr_get_type(attr) == TCA_INGRESS_BLOCK
        && mnl_attr_get_payload_len(attr) >= sizeof(uint32_t)) {
        *block = mnl_attr_get_u32(attr);
    }
    return MNL_CB_OK;
}

static int
qdisc_dump_cb(const struct nlmsghdr *nlh, void *aux)
{
    struct ingress_table *t = aux;
    const struct tcmsg *tcm;

    if (nlh->nlmsg_type != RTM_NEWQDISC
        || nlh->nlmsg_len < NLMSG_LENGTH(sizeof *tcm)) {
        return 0;
    }
    tcm = mnl_nlmsg_get_payload(nlh);
    /* Both "ingress" and "clsact" sit at ffff:fff1. */
    if (tcm->tcm_parent != TC_H_INGRESS) {
        return 0;
    }

    uint32_t block = 0;
    if (nl_mnl_msg_attrs_whole(nlh, sizeof *tcm)) {
        mnl_attr_parse(nlh, sizeof *tcm, qdisc_attr_cb, &block);
    }
    if (t->n == t->allocated) {
        t->v = x2nrealloc(t->v, &t->allocated, sizeof *t->v);
    }
    t->v[t->n].ifindex = tcm->tcm_ifindex;
    t->v[t->n].block = block;
    t->n++;
    return 0;
}

static int
ingress_table_dump(struct ingress_table *t)
{
    struct mnl_socket *sock;
    char buf[64] __attribute__((aligned(4)));
    char *err = NULL;

    memset(t, 0, sizeof *t);
    int error = nl_mnl_open(NETLINK_ROUTE, &sock, &err);
    if (!error) {
        struct nlmsghdr *req = nl_mnl_put_request(
            buf, sizeof buf, RTM_GETQDISC, NLM_F_REQUEST | NLM_F_DUMP,
            sizeof(struct tcmsg));
        error = nl_mnl_transact(sock, req, qdisc_dump_cb, t, &err);
        nl_mnl_close(sock);
    }
    free(err);
    return error;
}

static const struct ingress_info *
ingress_find(const struct ingress_table *t, int ifindex)
{
    for (size_t i = 0; i < t->n; i++) {
        if (t->v[i].ifindex == ifindex) {
            return &t->v[i];
        }
    }
    return NULL;
}

/* Building a sample. */

static bool
link_is_lag(const struct bond_link *l)
{
    return !strcmp(l->kind, "bond") || !strcmp(l->kind, "team");
}

static enum status_vf_lag
vf_lag_from_state(const struct json *nic_state, const char *bond,
                  bool expected)
{
    const struct json *lags = (nic_state && nic_state->type == JSON_OBJECT
                               ? shash_find_data(json_object(nic_state),
                                                 "lags")
                               : NULL);
    const struct json *l = (lags && lags->type == JSON_OBJECT
                            ? shash_find_data(json_object(lags), bond)
                            : NULL);
    const struct json *st = (l && l->type == JSON_OBJECT
                             ? shash_find_data(json_object(l), "state")
                             : NULL);

    if (st && st->type == JSON_STRING) {
        const char *v = json_string(st);

        return (!strcmp(v, "active") ? STATUS_VF_LAG_ACTIVE
                : !strcmp(v, "inactive") ? STATUS_VF_LAG_INACTIVE
                : STATUS_VF_LAG_UNKNOWN);
    }
    return expected ? STATUS_VF_LAG_UNKNOWN : STATUS_VF_LAG_NONE;
}

static const struct status_leg *
find_prev_leg(const struct status_sample *prev, const char *bond,
              const char *leg)
{
    for (size_t i = 0; i < prev->n_bonds; i++) {
        if (!strcmp(prev->bonds[i].name, bond)) {
            for (size_t j = 0; j < prev->bonds[i].n_legs; j++) {
                if (!strcmp(prev->bonds[i].legs[j].name, leg)) {
                    return &prev->bonds[i].legs[j];
                }
            }
        }
    }
    return NULL;
}

/* Link state, driver and counters of 'leg', and rates against the same
 * leg of 'prev' ('interval_ms' ago). */
static void
fill_leg(struct status_leg *leg, const char *bond,
         const struct link_table *links, const struct status_sample *prev,
         long long int interval_ms)
{
    const struct bond_link *l = link_find(links, leg->name);

    leg->up = (l && (l->flags & IFF_UP) && (l->flags & IFF_LOWER_UP));

    struct ethtool_driver_info info;
    char *err = NULL;
    if (l && !ethtool_get_driver_info(leg->name, &info, &err)
        && info.driver[0]) {
        leg->driver = xstrdup(info.driver);
    }
    free(err);
    err = NULL;

    struct ethtool_leg_counters c;
    if (l && !ethtool_leg_counters_read(leg->name, NULL, &c, &err)) {
        leg->has_counters = true;
        leg->counters_hw = c.hw;
        leg->rx_packets = c.rx_packets;
        leg->tx_packets = c.tx_packets;
        leg->has_bytes = c.bytes_present;
        leg->rx_bytes = c.rx_bytes;
        leg->tx_bytes = c.tx_bytes;
    }
    free(err);

    const struct status_leg *p = prev ? find_prev_leg(prev, bond, leg->name)
                                      : NULL;
    if (p && p->has_counters && leg->has_counters
        && p->counters_hw == leg->counters_hw) {
        leg->has_pps = (verdict_rate(p->rx_packets, leg->rx_packets,
                                     interval_ms, &leg->rx_pps)
                        & verdict_rate(p->tx_packets, leg->tx_packets,
                                       interval_ms, &leg->tx_pps));
        if (p->has_bytes && leg->has_bytes) {
            double rx, tx;

            leg->has_bps = (verdict_rate(p->rx_bytes, leg->rx_bytes,
                                         interval_ms, &rx)
                            & verdict_rate(p->tx_bytes, leg->tx_bytes,
                                           interval_ms, &tx));
            leg->rx_bps = rx * 8;
            leg->tx_bps = tx * 8;
        }
    }
}

static enum status_lacp
lacp_from_string(const char *s)
{
    return (!s ? STATUS_LACP_UNKNOWN
            : !strcmp(s, "negotiated") ? STATUS_LACP_NEGOTIATED
            : !strcmp(s, "configured") ? STATUS_LACP_CONFIGURED
            : !strcmp(s, "off") ? STATUS_LACP_OFF
            : STATUS_LACP_UNKNOWN);
}

/* Fills 'b' from ovs-vswitchd's bond/show; false if it has no such bond. */
static bool
sample_ovs_bond(const char *name, struct status_sample *sample)
{
    char *argv[1] = { CONST_CAST(char *, name) };
    char *reply = NULL;
    struct bond_status bs;

    if (!sample->ovs_reachable
        || vswitchd_ctl_call_timeout("bond/show", 1, argv,
                                     STATUS_CTL_TIMEOUT_MS, &reply)
        || !vswitchd_parse_bond_show(reply, &bs)) {
        free(reply);
        return false;
    }
    free(reply);

    struct status_bond *b = status_sample_add_bond(sample, name);
    b->kind = STATUS_BOND_OVS;
    b->mode = nullable_xstrdup(bs.bond_mode);
    b->lacp = lacp_from_string(bs.lacp_status);
    for (size_t i = 0; i < bs.n_members; i++) {
        struct status_leg *leg = status_bond_add_leg(b, bs.members[i].name);

        leg->enabled = bs.members[i].enabled;
        leg->active = bs.members[i].active;
    }
    bond_status_destroy(&bs);
    return true;
}

static bool
sample_linux_bond(const char *name, const struct link_table *links,
                  const struct json *nic_state, bool vf_lag_expected,
                  struct status_sample *sample)
{
    const struct bond_link *bl = link_find(links, name);

    if (!bl || strcmp(bl->kind, "bond")) {
        return false;
    }

    struct status_bond *b = status_sample_add_bond(sample, name);
    uint32_t mode = (bond_opts_has(&bl->opts, BOND_OPT_MODE)
                     ? bond_opts_get(&bl->opts, BOND_OPT_MODE) : UINT32_MAX);
    const char *mode_name = (mode != UINT32_MAX
                             ? bond_opt_value_name(BOND_OPT_MODE, mode)
                             : NULL);

    b->kind = STATUS_BOND_LINUX;
    b->mode = nullable_xstrdup(mode_name);
    b->vf_lag = vf_lag_from_state(nic_state, name, vf_lag_expected);

    struct bond_slave *slaves = NULL;
    size_t n_slaves = 0;
    for (size_t i = 0; i < links->n; i++) {
        const struct bond_link *l = &links->links[i];

        if (l->master != bl->ifindex || !bond_link_is_bond_slave(l)) {
            continue;
        }

        struct status_leg *leg = status_bond_add_leg(b, l->ifname);
        bool active = (l->slave.present & BOND_SLAVE_HAS_STATE
                       && l->slave.state == BOND_SLAVE_ACTIVE);
        leg->active = active;
        if (mode == BOND_M_8023AD && bl->ad_info.present
            && l->slave.present & BOND_SLAVE_HAS_AD_AGGREGATOR_ID) {
            leg->enabled = (l->slave.ad_aggregator_id
                            == bl->ad_info.aggregator_id);
        } else if (mode == BOND_M_ACTIVE_BACKUP) {
            leg->enabled = active;
        } else if (l->slave.present & BOND_SLAVE_HAS_MII_STATUS) {
            leg->enabled = l->slave.mii_status == BOND_MII_UP;
        }

        slaves = xrealloc(slaves, (n_slaves + 1) * sizeof *slaves);
        bond_slave_from_link(l, &slaves[n_slaves++]);
    }
    b->lacp = (mode == BOND_M_8023AD
               ? (bond_lacp_negotiated(slaves, n_slaves)
                  ? STATUS_LACP_NEGOTIATED : STATUS_LACP_CONFIGURED)
               : mode == UINT32_MAX ? STATUS_LACP_UNKNOWN : STATUS_LACP_OFF);
    free(slaves);
    return true;
}

/* A bond that neither ovs-vswitchd nor the kernel knows: what the desired
 * state says, with unknown LACP. */
static void
sample_absent_bond(const char *name, const struct status_target *t,
                   const struct json *nic_state, struct status_sample *sample)
{
    struct status_bond *b = status_sample_add_bond(sample, name);

    b->kind = t && t->vf_lag ? STATUS_BOND_LINUX : STATUS_BOND_OVS;
    b->lacp = (t && t->lacp && !strcmp(t->lacp, "off") ? STATUS_LACP_OFF
               : STATUS_LACP_UNKNOWN);
    b->vf_lag = (t && t->vf_lag
                 ? vf_lag_from_state(nic_state, name, true)
                 : STATUS_VF_LAG_NONE);
    for (size_t i = 0; t && i < t->members.n; i++) {
        status_bond_add_leg(b, t->members.names[i]);
    }
}

/* The names of the bonds to sample. */
static void
bond_names(const struct status_sampler *s, const struct link_table *links,
           bool vswitchd, struct svec *names)
{
    if (s->bonds.n) {
        svec_append(names, &s->bonds);
        return;
    }

    char *reply = NULL;
    if (vswitchd && !vswitchd_ctl_call_timeout("bond/list", 0, NULL,
                                               STATUS_CTL_TIMEOUT_MS,
                                               &reply)) {
        struct bond_status *list = NULL;
        size_t n = vswitchd_parse_bond_list(reply, &list);

        for (size_t i = 0; i < n; i++) {
            svec_add(names, list[i].name);
            bond_status_destroy(&list[i]);
        }
        free(list);
    }
    free(reply);
    for (size_t i = 0; i < links->n; i++) {
        if (!strcmp(links->links[i].kind, "bond")
            && !svec_contains_unsorted(names, links->links[i].ifname)) {
            svec_add(names, links->links[i].ifname);
        }
    }
}

/* One dump target: a device's ingress or a shared block. */
struct tc_target {
    uint32_t block;
    int ifindex;
    const char *device;
    const char *bond;
    const char *leg;
};

static void
add_tc_target(struct tc_target **v, size_t *n, const struct ingress_info *in,
              const char *device, const char *bond, const char *leg)
{
    for (size_t i = 0; i < *n; i++) {
        if (in->block ? (*v)[i].block == in->block
                      : !(*v)[i].block && (*v)[i].ifindex == in->ifindex) {
            return;             /* Each block and device once. */
        }
    }
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = (struct tc_target) {
        .block = in->block, .ifindex = in->ifindex, .device = device,
        .bond = bond, .leg = in->block ? NULL : leg,
    };
}

/* Hardware devices sharing 'block': every device with that ingress block
 * except bond and team masters, which have no hardware callback.  If all
 * are masters, their number. */
static unsigned int
block_legs(const struct ingress_table *ingress,
           const struct link_table *links, uint32_t block)
{
    unsigned int n = 0, n_lag = 0;

    for (size_t i = 0; i < ingress->n; i++) {
        if (ingress->v[i].block != block) {
            continue;
        }

        const struct bond_link *l = NULL;
        for (size_t j = 0; j < links->n; j++) {
            if (links->links[j].ifindex == ingress->v[i].ifindex) {
                l = &links->links[j];
                break;
            }
        }
        if (l && link_is_lag(l)) {
            n_lag++;
        } else {
            n++;
        }
    }
    return n ? n : n_lag;
}

static void
sample_tc(struct status_sample *sample, const struct link_table *links)
{
    struct ingress_table ingress;
    struct tc_target *targets = NULL;
    size_t n_targets = 0;

    if (ingress_table_dump(&ingress)) {
        free(ingress.v);
        return;
    }
    for (size_t i = 0; i < sample->n_bonds; i++) {
        struct status_bond *b = &sample->bonds[i];
        const struct bond_link *bl = link_find(links, b->name);
        const struct ingress_info *in = (bl ? ingress_find(&ingress,
                                                           bl->ifindex)
                                         : NULL);

        if (bl) {
            b->ingress = in != NULL;
            b->ingress_block = in ? in->block : 0;
        }
        if (in) {
            add_tc_target(&targets, &n_targets, in, b->name, b->name, NULL);
        }
        for (size_t j = 0; j < b->n_legs; j++) {
            const struct bond_link *l = link_find(links, b->legs[j].name);

            in = l ? ingress_find(&ingress, l->ifindex) : NULL;
            if (l) {
                b->legs[j].ingress = in != NULL;
                b->legs[j].ingress_block = in ? in->block : 0;
            }
            if (in) {
                add_tc_target(&targets, &n_targets, in, l->ifname, b->name,
                              b->legs[j].name);
            }
        }
    }
    for (size_t i = 0; i < n_targets; i++) {
        const struct tc_target *t = &targets[i];
        struct status_tc *tc = status_sample_add_tc(sample);
        struct tc_flower_dump_target dt = {
            .ifindex = t->ifindex, .block_index = t->block,
        };
        char *extack = NULL;

        tc->is_block = t->block != 0;
        tc->block = t->block;
        tc->device = t->block ? NULL : xstrdup(t->device);
        tc->legs = t->block ? block_legs(&ingress, links, t->block) : 1;
        tc->bond = nullable_xstrdup(t->bond);
        tc->leg = nullable_xstrdup(t->leg);
        tc->error = tc_flower_dump_summary(&dt, tc->legs, &tc->summary,
                                           &extack);
        free(extack);
    }
    free(targets);
    free(ingress.v);
}

static void
sample_ovs(struct status_sample *sample, struct ovsdb_idl *idl)
{
    const struct ovsrec_open_vswitch *root
        = idl ? ovsrec_open_vswitch_first(idl) : NULL;

    sample->vswitchd_pid = vswitchd_ctl_pid();
    sample->ovs_reachable = sample->vswitchd_pid != 0;
    if (!root) {
        return;
    }

    bool configured = smap_get_bool(&root->other_config, "hw-offload",
                                    false);
    sample->hw_offload_configured = configured;
    sample->tc_policy = xstrdup(smap_get_def(&root->other_config,
                                             "tc-policy", "none"));
    sample->hw_offload_in_effect
        = (!configured ? 0
           : !sample->vswitchd_pid ? -1
           : !plan_pending_restart(&root->external_ids,
                                   sample->vswitchd_pid));
}

static void
copy_daemon(struct status_sample *sample, const struct status_sampler *s)
{
    free(sample->daemon.last_error);
    free(sample->daemon.paused);
    sample->has_daemon = s->has_daemon;
    sample->daemon = s->daemon;
    sample->daemon.last_error = nullable_xstrdup(s->daemon.last_error);
    sample->daemon.paused = nullable_xstrdup(s->daemon.paused);
}

void
status_sampler_run(struct status_sampler *s, struct ovsdb_idl *idl)
{
    struct status_sample sample;
    struct link_table links;
    long long int now = time_msec();
    char host[256];

    status_sample_init(&sample);
    sample.time_ms = time_wall_msec();
    sample.interval_ms = s->has_cur ? now - s->cur_mono_ms : 0;
    if (!gethostname(host, sizeof host)) {
        host[sizeof host - 1] = '\0';
        sample.host = xstrdup(host);
    }

    sample.ok = !link_table_dump(&links);
    sample_ovs(&sample, idl);

    struct json *nic_state = json_from_file(
        s->nic_state_file ? s->nic_state_file : NIC_STATE_FILE_DEFAULT);
    if (nic_state && nic_state->type != JSON_OBJECT) {
        json_destroy(nic_state);
        nic_state = NULL;
    }

    struct svec names = SVEC_EMPTY_INITIALIZER;
    bond_names(s, &links, sample.ovs_reachable, &names);
    for (size_t i = 0; i < names.n; i++) {
        const char *name = names.names[i];
        const struct status_target *t = shash_find_data(&s->targets, name);

        if (!sample_ovs_bond(name, &sample)
            && !sample_linux_bond(name, &links, nic_state,
                                  t && t->vf_lag, &sample)) {
            sample_absent_bond(name, t, nic_state, &sample);
        }

        struct status_bond *b = &sample.bonds[sample.n_bonds - 1];
        for (size_t j = 0; j < b->n_legs; j++) {
            fill_leg(&b->legs[j], b->name, &links,
                     s->has_cur ? &s->cur : NULL, sample.interval_ms);
        }
    }
    svec_destroy(&names);
    json_destroy(nic_state);

    sample_tc(&sample, &links);
    link_table_destroy(&links);

    if (sample.ovs_reachable) {
        char *err = NULL;

        dp_flows_fetch(&sample.datapath, &err);
        free(err);
    }

    copy_daemon(&sample, s);
    verdict_judge(&sample);

    status_sample_destroy(&s->prev);
    s->prev = s->cur;
    s->has_prev = s->has_cur;
    s->cur = sample;
    s->has_cur = true;
    s->cur_mono_ms = now;
}

void
status_sampler_link_event(struct status_sampler *s, const char *ifname,
                          bool up)
{
    bool changed = false;

    for (size_t i = 0; i < s->cur.n_bonds; i++) {
        struct status_bond *b = &s->cur.bonds[i];

        for (size_t j = 0; j < b->n_legs; j++) {
            if (!strcmp(b->legs[j].name, ifname) && b->legs[j].up != up) {
                b->legs[j].up = up;
                /* ovs-vswitchd re-binds a member's ingress on a link
                 * change: unknown until the next sample reads it. */
                b->legs[j].ingress = -1;
                b->legs[j].ingress_block = 0;
                changed = true;
            }
        }
    }
    if (changed) {
        verdict_judge(&s->cur);
    }
}

void
status_sampler_set_daemon_info(struct status_sampler *s,
                               const struct status_daemon_info *info)
{
    free(s->daemon.last_error);
    free(s->daemon.paused);
    memset(&s->daemon, 0, sizeof s->daemon);
    s->has_daemon = info != NULL;
    if (info) {
        s->daemon = (struct status_daemon) {
            .reconcile_runs = info->reconcile_runs,
            .last_result = info->last_result,
            .last_time_ms = info->last_time_ms,
            .last_duration_ms = info->last_duration_ms,
            .last_error = nullable_xstrdup(info->last_error),
            .drift_repairs = info->drift_repairs,
            .link_events = info->link_events,
            .resyncs = info->resyncs,
            .ovsdb_reconnects = info->ovsdb_reconnects,
            .vswitchd_restarts = info->vswitchd_restarts,
            .block_repairs = info->block_repairs,
            .paused = nullable_xstrdup(info->paused),
        };
    }
    copy_daemon(&s->cur, s);
}

const struct status_sample *
status_sampler_current(const struct status_sampler *s)
{
    return &s->cur;
}

struct json *
status_sampler_to_json(const struct status_sampler *s)
{
    return status_sample_to_json(&s->cur);
}

void
status_sampler_format_prometheus(const struct status_sampler *s,
                                 struct ds *out)
{
    status_sample_format_prometheus(&s->cur, out);
}

void
status_sampler_format_text(const struct status_sampler *s,
                           enum status_view view, struct ds *out)
{
    status_sample_format_text(&s->cur, view, out);
}

size_t
status_sampler_n_alerts(const struct status_sampler *s)
{
    return s->cur.n_alerts;
}

size_t
status_sampler_n_critical(const struct status_sampler *s)
{
    return status_sample_n_critical(&s->cur);
}
