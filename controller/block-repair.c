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

#include "controller/block-repair.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "controller/status-model.h"
#include "lag/bond.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "sset.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(block_repair);

enum block_repair_action
block_repair_decide(const struct block_repair_input *in)
{
    if (!in->alert_cur) {
        return BLOCK_REPAIR_NONE;
    }
    /* One sample may catch ovs-vswitchd between deleting a member's qdisc
     * and adding it on the block, and after a link change it is about to
     * bind the member: only an alert that outlives both is acted on. */
    if (!in->alert_prev || in->link_event || !in->vswitchd_ready) {
        return BLOCK_REPAIR_WAIT;
    }
    if (!in->owned) {
        return BLOCK_REPAIR_NOT_OWNED;
    }
    if (in->repaired_before
        && in->now_ms - in->last_repair_ms < BLOCK_REPAIR_MIN_INTERVAL_MS) {
        return BLOCK_REPAIR_RATE_LIMITED;
    }
    return BLOCK_REPAIR_BOUNCE;
}

const char *
block_repair_action_to_string(enum block_repair_action a)
{
    switch (a) {
    case BLOCK_REPAIR_NONE:
        return "none";
    case BLOCK_REPAIR_WAIT:
        return "wait";
    case BLOCK_REPAIR_NOT_OWNED:
        return "not owned";
    case BLOCK_REPAIR_RATE_LIMITED:
        return "rate limited";
    case BLOCK_REPAIR_BOUNCE:
        return "bounce";
    default:
        return "?";
    }
}

/* What we remember of one leg, by "BOND/LEG" (names have no '/'). */
struct leg_memory {
    bool alert;                 /* In the last sample. */
    bool repaired;              /* Bounced at least once. */
    long long int last_repair_ms;
    bool told_not_owned;        /* Logged that the bond is not ours. */
};

struct block_repair {
    struct shash legs;          /* "BOND/LEG" -> struct leg_memory. */
    struct sset link_events;    /* Names with a link change since the last
                                 * sample. */
};

struct block_repair *
block_repair_create(void)
{
    struct block_repair *r = xzalloc(sizeof *r);

    shash_init(&r->legs);
    sset_init(&r->link_events);
    return r;
}

void
block_repair_destroy(struct block_repair *r)
{
    if (r) {
        shash_destroy_free_data(&r->legs);
        sset_destroy(&r->link_events);
        free(r);
    }
}

void
block_repair_link_event(struct block_repair *r, const char *ifname)
{
    sset_add(&r->link_events, ifname);
}

static bool
has_alert(const struct status_sample *s, const char *bond, const char *leg)
{
    for (size_t i = 0; i < s->n_alerts; i++) {
        const struct status_alert *a = &s->alerts[i];

        if (!strcmp(a->code, "leg_off_bond_block") && a->bond && a->leg
            && !strcmp(a->bond, bond) && !strcmp(a->leg, leg)) {
            return true;
        }
    }
    return false;
}

/* Whether 'bond' is a Linux bond whose alias is our tag for 'owner'; if
 * so, stores its ifindex in '*ifindexp'. */
static bool
bond_is_ours(const char *bond, const char *owner, int *ifindexp)
{
    struct bond_link l;
    const char *tag;

    if (bond_link_get(bond, 0, &l, NULL) || strcmp(l.kind, "bond")) {
        return false;
    }
    tag = bond_owner_from_alias(l.ifalias);
    *ifindexp = l.ifindex;
    return owner && tag && !strcmp(tag, owner);
}

/* Link down, then up, of 'leg' if it is still a member of the bond with
 * ifindex 'bond_ifindex'.  Returns 0 or a positive errno value, with a
 * message in '*errp'. */
static int
bounce(const char *leg, int bond_ifindex, char **errp)
{
    struct bond_link l;
    char *extack = NULL;
    int error;

    *errp = NULL;
    error = bond_link_get(leg, 0, &l, NULL);
    if (error || l.master != bond_ifindex) {
        *errp = xstrdup(error ? ovs_strerror(error)
                        : "it is no longer a member of the bond");
        return error ? error : ENODEV;
    }
    error = bond_link_set_up(l.ifindex, false, &extack);
    if (!error) {
        free(extack);
        extack = NULL;
        /* Up again at once, even if a first try fails: a member left down
         * is worse than one off the block. */
        error = bond_link_set_up(l.ifindex, true, &extack);
        if (error) {
            free(extack);
            extack = NULL;
            error = bond_link_set_up(l.ifindex, true, &extack);
        }
    }
    if (error) {
        *errp = xasprintf("%s%s%s", ovs_strerror(error),
                          extack ? ": " : "", extack ? extack : "");
    }
    free(extack);
    return error;
}

unsigned int
block_repair_run(struct block_repair *r, const struct status_sample *s,
                 const char *owner, bool vswitchd_ready,
                 long long int now_ms)
{
    struct shash seen = SHASH_INITIALIZER(&seen);
    unsigned int n = 0;

    for (size_t i = 0; i < s->n_bonds; i++) {
        const struct status_bond *b = &s->bonds[i];

        for (size_t j = 0; j < b->n_legs; j++) {
            const struct status_leg *leg = &b->legs[j];
            char *key = xasprintf("%s/%s", b->name, leg->name);
            struct leg_memory *m = shash_find_data(&r->legs, key);
            bool alert = has_alert(s, b->name, leg->name);
            int bond_ifindex = 0;

            if (!m && !alert) {
                free(key);
                continue;
            }
            if (!m) {
                m = xzalloc(sizeof *m);
                shash_add(&r->legs, key, m);
            }
            shash_replace(&seen, key, m);

            struct block_repair_input in = {
                .alert_prev = m->alert,
                .alert_cur = alert,
                .link_event = (sset_contains(&r->link_events, leg->name)
                               || sset_contains(&r->link_events, b->name)),
                .vswitchd_ready = vswitchd_ready,
                .repaired_before = m->repaired,
                .last_repair_ms = m->last_repair_ms,
                .now_ms = now_ms,
            };
            /* Read the kernel only when the rest says "bounce". */
            in.owned = true;
            if (block_repair_decide(&in) == BLOCK_REPAIR_BOUNCE) {
                in.owned = (b->kind == STATUS_BOND_LINUX
                            && bond_is_ours(b->name, owner, &bond_ifindex));
            }

            enum block_repair_action action = block_repair_decide(&in);
            if (action == BLOCK_REPAIR_NOT_OWNED && !m->told_not_owned) {
                m->told_not_owned = true;
                VLOG_WARN("%s: leg %s is off the bond's ingress block, but "
                          "%s is not a Linux bond tagged %s%s: not touching "
                          "it (a link down/up of %s makes ovs-vswitchd bind "
                          "it again)", b->name, leg->name, b->name,
                          BOND_OWNER_PREFIX, owner ? owner : "?", leg->name);
            } else if (action == BLOCK_REPAIR_BOUNCE) {
                char *err;
                bool again = m->repaired;

                m->repaired = true;
                m->last_repair_ms = now_ms;
                if (bounce(leg->name, bond_ifindex, &err)) {
                    VLOG_WARN("%s: leg %s is off the bond's ingress block "
                              "%"PRIu32"; its link down/up failed: %s",
                              b->name, leg->name, b->ingress_block, err);
                } else {
                    n++;
                    VLOG_WARN("%s: leg %s was off the bond's ingress block "
                              "%"PRIu32" for two samples: bounced its link "
                              "(down, up) so that ovs-vswitchd binds it "
                              "again%s", b->name, leg->name,
                              b->ingress_block,
                              again ? "; the previous bounce did not help: "
                              "an ovs-vswitchd that bound this member once "
                              "does not bind it again on a link change, "
                              "restart ovs-vswitchd" : "");
                }
                free(err);
            }
            if (!alert) {
                m->told_not_owned = false;
            }
            m->alert = alert;
            free(key);
        }
    }

    /* Forget legs that are gone, or healthy and not bounced within the
     * rate limit. */
    struct shash_node *node;
    SHASH_FOR_EACH_SAFE (node, &r->legs) {
        struct leg_memory *m = node->data;

        if (!shash_find(&seen, node->name)
            || (!m->alert && (!m->repaired
                              || now_ms - m->last_repair_ms
                                 >= BLOCK_REPAIR_MIN_INTERVAL_MS))) {
            free(m);
            shash_delete(&r->legs, node);
        }
    }
    shash_destroy(&seen);
    sset_clear(&r->link_events);
    return n;
}
