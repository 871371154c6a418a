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

#include "controller/plan.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "controller/db-state.h"
#include "controller/offload-config.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

/* What one port of the file asks of the database, flattened: the bridge's
 * own internal port is a desired port too. */
struct desired_port {
    const char *name;
    const char *bridge;
    const struct offload_port *cfg;   /* NULL for a bridge's own port. */
    const struct offload_bridge *br;
    bool adopt;                       /* Take over an unowned row. */
};

/* Planning context. */
struct planner {
    const struct offload_config *cfg;
    const struct db_state *state;
    const struct plan_options *options;
    struct plan *plan;

    struct shash iface_port;          /* Interface name -> db_port *. */
    struct sset desired_ports;        /* Names of all desired ports. */
    struct sset desired_ifaces;       /* Names of all desired interfaces. */
    struct sset desired_bridges;
};

static bool
streq_null(const char *a, const char *b)
{
    return a == b || (a && b && !strcmp(a, b));
}

/* Plan construction. */

void
plan_init(struct plan *plan)
{
    memset(plan, 0, sizeof *plan);
}

void
plan_destroy(struct plan *plan)
{
    if (!plan) {
        return;
    }
    for (size_t i = 0; i < plan->n_ops; i++) {
        struct plan_op *op = &plan->ops[i];

        for (size_t j = 0; j < op->n_changes; j++) {
            struct plan_change *c = &op->changes[j];

            free(c->column);
            free(c->key);
            free(c->old_value);
            free(c->new_value);
        }
        free(op->changes);
        free(op->name);
        free(op->parent);
    }
    free(plan->ops);
    for (size_t i = 0; i < plan->n_warnings; i++) {
        free(plan->warnings[i]);
    }
    free(plan->warnings);
    for (size_t i = 0; i < plan->n_conflicts; i++) {
        free(plan->conflicts[i]);
    }
    free(plan->conflicts);
    free(plan->restart_reason);
    memset(plan, 0, sizeof *plan);
}

/* Returns the index of a new operation in 'plan'.  Operations are addressed
 * by index because adding one may move the array. */
static size_t
plan_add_op(struct plan *plan, enum plan_table table,
            enum plan_action action, const char *name, const char *parent)
{
    if (plan->n_ops >= plan->allocated_ops) {
        plan->ops = x2nrealloc(plan->ops, &plan->allocated_ops,
                               sizeof *plan->ops);
    }
    struct plan_op *op = &plan->ops[plan->n_ops];

    memset(op, 0, sizeof *op);
    op->table = table;
    op->action = action;
    op->name = xstrdup(name);
    op->parent = nullable_xstrdup(parent);
    return plan->n_ops++;
}

static void
op_add_change(struct plan_op *op, enum plan_change_kind kind,
              const char *column, const char *key,
              const char *old_value, const char *new_value)
{
    if (op->n_changes >= op->allocated_changes) {
        op->changes = x2nrealloc(op->changes, &op->allocated_changes,
                                 sizeof *op->changes);
    }
    struct plan_change *c = &op->changes[op->n_changes++];

    c->kind = kind;
    c->column = xstrdup(column);
    c->key = nullable_xstrdup(key);
    c->old_value = nullable_xstrdup(old_value);
    c->new_value = nullable_xstrdup(new_value);
}

static void OVS_PRINTF_FORMAT(2, 3)
plan_warn(struct plan *plan, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    plan->warnings = xrealloc(plan->warnings,
                              (plan->n_warnings + 1) * sizeof *plan->warnings);
    plan->warnings[plan->n_warnings++] = xvasprintf(format, args);
    va_end(args);
}

static void OVS_PRINTF_FORMAT(2, 3)
plan_conflict(struct plan *plan, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    plan->conflicts = xrealloc(plan->conflicts, (plan->n_conflicts + 1)
                               * sizeof *plan->conflicts);
    plan->conflicts[plan->n_conflicts++] = xvasprintf(format, args);
    va_end(args);
}

/* Removes every MODIFY operation that ended up without a change. */
static void
plan_compact(struct plan *plan)
{
    size_t n = 0;

    for (size_t i = 0; i < plan->n_ops; i++) {
        struct plan_op *op = &plan->ops[i];

        if (op->action == PLAN_MODIFY && !op->n_changes) {
            free(op->changes);
            free(op->name);
            free(op->parent);
        } else {
            plan->ops[n++] = *op;
        }
    }
    plan->n_ops = n;
}

/* Column comparisons. */

static void
diff_string(struct plan_op *op, const char *column, const char *cur,
            const char *want)
{
    cur = cur ? cur : "";
    want = want ? want : "";
    if (strcmp(cur, want)) {
        op_add_change(op, PLAN_SET, column, NULL, cur, want);
    }
}

static void
diff_int(struct plan_op *op, const char *column, int64_t cur, int64_t want,
         int64_t unset)
{
    if (cur != want) {
        char *old = cur == unset ? xstrdup("") : xasprintf("%"PRId64, cur);
        char *new = want == unset ? xstrdup("") : xasprintf("%"PRId64, want);

        op_add_change(op, PLAN_SET, column, NULL, old, new);
        free(old);
        free(new);
    }
}

char *
plan_int_list_to_string(const int64_t *v, size_t n)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < n; i++) {
        ds_put_format(&s, "%s%"PRId64, i ? "," : "", v[i]);
    }
    return ds_steal_cstr(&s);
}

/* Both lists must be sorted. */
static void
diff_int_list(struct plan_op *op, const char *column,
              const int64_t *cur, size_t n_cur,
              const int64_t *want, size_t n_want)
{
    if (n_cur != n_want
        || (n_cur && memcmp(cur, want, n_cur * sizeof *cur))) {
        char *old = plan_int_list_to_string(cur, n_cur);
        char *new = plan_int_list_to_string(want, n_want);

        op_add_change(op, PLAN_SET, column, NULL, old, new);
        free(old);
        free(new);
    }
}

/* Name of the external_ids key that records which keys of 'column' this
 * row's map has from ovs-offload.  The caller frees it. */
static char *
keys_record_name(const char *column)
{
    return xasprintf(OFFLOAD_KEYS_PREFIX"%s", column);
}

/* Parses a comma-separated record into 'keys'. */
static void
keys_record_parse(const char *record, struct sset *keys)
{
    if (!record || !*record) {
        return;
    }

    char *copy = xstrdup(record);
    char *save = NULL;

    for (char *k = strtok_r(copy, ",", &save); k;
         k = strtok_r(NULL, ",", &save)) {
        sset_add(keys, k);
    }
    free(copy);
}

static char *
keys_record_format(const struct smap *map)
{
    const struct smap_node **nodes = smap_sort(map);
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < smap_count(map); i++) {
        ds_put_format(&s, "%s%s", i ? "," : "", nodes[i]->key);
    }
    free(nodes);
    return ds_steal_cstr(&s);
}

/* Emits SETKEY changes for the keys of 'want' that differ in 'cur', and
 * DELKEY changes for keys listed in 'managed' that 'want' lacks and 'cur'
 * has.  Keys outside 'want' and 'managed' are never touched. */
static void
diff_map(struct plan_op *op, const char *column, const struct smap *cur,
         const struct smap *want, const struct sset *managed)
{
    const struct smap_node **nodes = smap_sort(want);

    for (size_t i = 0; i < smap_count(want); i++) {
        const char *old = smap_get(cur, nodes[i]->key);

        if (!streq_null(old, nodes[i]->value)) {
            op_add_change(op, PLAN_SETKEY, column, nodes[i]->key, old,
                          nodes[i]->value);
        }
    }
    free(nodes);

    const char **keys = sset_sort(managed);

    for (size_t i = 0; i < sset_count(managed); i++) {
        const char *old = smap_get(cur, keys[i]);

        if (old && !smap_get(want, keys[i])) {
            op_add_change(op, PLAN_DELKEY, column, keys[i], old, NULL);
        }
    }
    free(keys);
}

/* Plans one map column ('column', desired 'want', current 'cur') of a row
 * whose current external_ids are 'cur_ext', recording the managed key list
 * into 'want_ext' (the row's desired external_ids). */
static void
plan_managed_map(struct plan_op *op, const char *column,
                 const struct smap *cur, const struct smap *want,
                 const struct smap *cur_ext, struct smap *want_ext)
{
    char *record = keys_record_name(column);
    struct sset managed = SSET_INITIALIZER(&managed);

    keys_record_parse(smap_get(cur_ext, record), &managed);
    diff_map(op, column, cur, want, &managed);
    if (!smap_is_empty(want)) {
        smap_add_nocopy(want_ext, xstrdup(record), keys_record_format(want));
    }
    sset_destroy(&managed);
    free(record);
}

/* Plans the external_ids column: the user's keys in 'user' plus the keys in
 * 'internal' (owner tag and key records), against 'cur'. */
static void
plan_external_ids(struct plan_op *op, const struct smap *cur,
                  const struct smap *user, const struct smap *internal)
{
    struct smap want = SMAP_INITIALIZER(&want);
    struct sset managed = SSET_INITIALIZER(&managed);
    char *record = keys_record_name("external_ids");
    struct smap_node *node;

    smap_clone(&want, user);
    SMAP_FOR_EACH (node, internal) {
        smap_replace(&want, node->key, node->value);
    }
    if (!smap_is_empty(user)) {
        smap_add_nocopy(&want, xstrdup(record), keys_record_format(user));
    }

    /* Previously managed user keys, and every record key we may have
     * written: those go when no longer wanted. */
    keys_record_parse(smap_get(cur, record), &managed);
    SMAP_FOR_EACH (node, cur) {
        if (!strncmp(node->key, OFFLOAD_KEYS_PREFIX,
                     strlen(OFFLOAD_KEYS_PREFIX))) {
            sset_add(&managed, node->key);
        }
    }
    diff_map(op, "external_ids", cur, &want, &managed);

    sset_destroy(&managed);
    smap_destroy(&want);
    free(record);
}

/* Open_vSwitch root row. */

static void
global_other_config(const struct offload_global *g, struct smap *want)
{
    smap_clone(want, &g->other_config);
    if (g->hw_offload != OFFLOAD_UNSET) {
        smap_replace(want, "hw-offload",
                     g->hw_offload == OFFLOAD_TRUE ? "true" : "false");
    }
    if (g->tc_policy) {
        smap_replace(want, "tc-policy", g->tc_policy);
    }
    if (g->max_idle >= 0) {
        char *v = xasprintf("%lld", g->max_idle);

        smap_replace(want, "max-idle", v);
        free(v);
    }
}

const char *
plan_pending_restart(const struct smap *external_ids, long int pid)
{
    const char *rec = smap_get(external_ids, PLAN_RESTART_KEY);
    char *end;

    if (!rec || pid <= 0) {
        return NULL;
    }
    long int rec_pid = strtol(rec, &end, 10);

    return rec_pid == pid && *end == ' ' ? end + 1 : NULL;
}

/* Decides whether the change of hw-offload or tc-policy from 'cur' to 'want'
 * (Open_vSwitch other_config) needs ovs-vswitchd to restart.  ovs-vswitchd
 * reads tc-policy only when it first enables hw-offload, and never turns
 * offload off while it runs.  Returns the reason or NULL. */
static char *
restart_reason(const struct smap *cur, const struct smap *want)
{
    bool cur_hw = smap_get_bool(cur, "hw-offload", false);
    bool want_hw = smap_get_bool(want, "hw-offload", false);
    const char *cur_pol = smap_get_def(cur, "tc-policy", "none");
    const char *want_pol = smap_get_def(want, "tc-policy", "none");

    if (cur_hw && !want_hw) {
        return xstrdup("hw-offload changes from true to false: ovs-vswitchd "
                       "keeps TC offload enabled until it restarts");
    } else if (cur_hw && strcmp(cur_pol, want_pol)) {
        return xasprintf("tc-policy changes from %s to %s: ovs-vswitchd "
                         "reads tc-policy only when it first enables "
                         "hw-offload", cur_pol, want_pol);
    }
    return NULL;
}

static void
plan_root(struct planner *p, size_t *root_op)
{
    const struct db_state *st = p->state;
    const struct offload_global *g = &p->cfg->global;
    struct plan *plan = p->plan;
    struct smap want_oc = SMAP_INITIALIZER(&want_oc);
    struct smap internal = SMAP_INITIALIZER(&internal);
    struct sset managed = SSET_INITIALIZER(&managed);
    char *record = keys_record_name("other_config");
    struct smap_node *node;

    *root_op = plan_add_op(plan, PLAN_OPEN_VSWITCH,
                           st->has_root ? PLAN_MODIFY : PLAN_CREATE, ".",
                           NULL);
    struct plan_op *op = &plan->ops[*root_op];

    /* other_config: keys that leave the file go back to the value they had
     * before ovs-offload first set them. */
    global_other_config(g, &want_oc);
    keys_record_parse(smap_get(&st->external_ids, record), &managed);

    struct smap eff = SMAP_INITIALIZER(&eff);   /* Effective result. */
    smap_clone(&eff, &st->other_config);

    const char **keys = sset_sort(&managed);
    for (size_t i = 0; i < sset_count(&managed); i++) {
        if (!smap_get(&want_oc, keys[i])) {
            char *prior_key = xasprintf(OFFLOAD_PRIOR_PREFIX"%s", keys[i]);
            const char *prior = smap_get(&st->external_ids, prior_key);
            const char *old = smap_get(&st->other_config, keys[i]);

            if (prior && *prior) {
                if (!streq_null(old, prior)) {
                    op_add_change(op, PLAN_SETKEY, "other_config", keys[i],
                                  old, prior);
                    smap_replace(&eff, keys[i], prior);
                }
            } else if (old) {
                op_add_change(op, PLAN_DELKEY, "other_config", keys[i], old,
                              NULL);
                smap_remove(&eff, keys[i]);
            }
            free(prior_key);
        }
    }
    free(keys);

    struct sset none = SSET_INITIALIZER(&none);
    diff_map(op, "other_config", &st->other_config, &want_oc, &none);
    sset_destroy(&none);
    SMAP_FOR_EACH (node, &want_oc) {
        smap_replace(&eff, node->key, node->value);
        if (!sset_contains(&managed, node->key)) {
            char *prior_key = xasprintf(OFFLOAD_PRIOR_PREFIX"%s", node->key);

            smap_add(&internal, prior_key,
                     smap_get_def(&st->other_config, node->key, ""));
            free(prior_key);
        } else {
            char *prior_key = xasprintf(OFFLOAD_PRIOR_PREFIX"%s", node->key);
            const char *prior = smap_get(&st->external_ids, prior_key);

            if (prior) {
                smap_add(&internal, prior_key, prior);
            }
            free(prior_key);
        }
    }
    if (!smap_is_empty(&want_oc)) {
        smap_add_nocopy(&internal, xstrdup(record),
                        keys_record_format(&want_oc));
    }

    /* Restart bookkeeping. */
    long int pid = p->options->vswitchd_pid;
    char *reason = pid ? restart_reason(&st->other_config, &eff) : NULL;
    const char *pending = plan_pending_restart(&st->external_ids, pid);

    if (reason) {
        plan->restart_needed = true;
        plan->restart_reason = xstrdup(reason);
        char *v = xasprintf("%ld %s", pid, reason);
        smap_add_nocopy(&internal, xstrdup(PLAN_RESTART_KEY), v);
    } else if (pending) {
        plan->restart_needed = true;
        plan->restart_reason = xstrdup(pending);
        smap_add(&internal, PLAN_RESTART_KEY,
                 smap_get(&st->external_ids, PLAN_RESTART_KEY));
    }
    free(reason);

    /* external_ids: the user's keys, the key records and the priors.  Stale
     * priors and restart records go too. */
    struct smap cur_ext_view = SMAP_INITIALIZER(&cur_ext_view);
    SMAP_FOR_EACH (node, &st->external_ids) {
        smap_add(&cur_ext_view, node->key, node->value);
    }
    plan_external_ids(op, &cur_ext_view, &g->external_ids, &internal);
    SMAP_FOR_EACH (node, &st->external_ids) {
        bool ours = (!strncmp(node->key, OFFLOAD_PRIOR_PREFIX,
                              strlen(OFFLOAD_PRIOR_PREFIX))
                     || !strcmp(node->key, PLAN_RESTART_KEY));

        if (ours && !smap_get(&internal, node->key)) {
            op_add_change(op, PLAN_DELKEY, "external_ids", node->key,
                          node->value, NULL);
        }
    }

    smap_destroy(&cur_ext_view);
    smap_destroy(&eff);
    sset_destroy(&managed);
    smap_destroy(&want_oc);
    smap_destroy(&internal);
    free(record);
}

/* Interfaces. */

static const char *
iface_type(const struct offload_port *port)
{
    if (!port) {
        return "internal";
    }
    switch (port->type) {
    case OFFLOAD_PORT_INTERNAL:
        return "internal";
    case OFFLOAD_PORT_PATCH:
        return "patch";
    case OFFLOAD_PORT_SYSTEM:
    case OFFLOAD_PORT_BOND:
    case OFFLOAD_PORT_REPRESENTOR:
        return "";
    case OFFLOAD_PORT_REPRESENTORS:
    default:
        /* Expanded into OFFLOAD_PORT_REPRESENTOR ports before planning. */
        OVS_NOT_REACHED();
    }
}

static void
owner_tags(const struct planner *p, struct smap *internal)
{
    smap_add(internal, OFFLOAD_OWNER_KEY, p->cfg->owner);
}

/* Plans interface 'name' of desired port 'dp'. */
static void
plan_iface(struct planner *p, const struct desired_port *dp,
           const char *name)
{
    const struct db_iface *cur = shash_find_data(&p->state->ifaces, name);
    const struct offload_port *port = dp->cfg;
    struct smap internal = SMAP_INITIALIZER(&internal);
    struct smap empty = SMAP_INITIALIZER(&empty);
    struct smap want_opts = SMAP_INITIALIZER(&want_opts);
    struct smap none = SMAP_INITIALIZER(&none);
    size_t idx;

    if (cur) {
        const struct db_port *holder = shash_find_data(&p->iface_port, name);

        if (!db_state_is_owned(&cur->external_ids) && !dp->adopt) {
            plan_conflict(p->plan, "interface %s exists (in port %s) and was "
                          "not created by ovs-offload: remove it from the "
                          "database or rename it in the file", name,
                          holder ? holder->name : "?");
            goto out;
        }
    }

    idx = plan_add_op(p->plan, PLAN_INTERFACE,
                      cur ? PLAN_MODIFY : PLAN_CREATE, name, dp->name);
    struct plan_op *op = &p->plan->ops[idx];
    int mtu = port ? port->mtu : dp->br->mtu;

    diff_string(op, "type", cur ? cur->type : NULL, iface_type(port));
    diff_int(op, "mtu_request", cur ? cur->mtu_request : 0, mtu, 0);
    if (port && port->type == OFFLOAD_PORT_PATCH) {
        smap_add(&want_opts, "peer", port->peer);
    }
    plan_managed_map(op, "options", cur ? &cur->options : &none, &want_opts,
                     cur ? &cur->external_ids : &none, &internal);
    owner_tags(p, &internal);
    plan_external_ids(op, cur ? &cur->external_ids : &none, &empty,
                      &internal);

out:
    smap_destroy(&internal);
    smap_destroy(&empty);
    smap_destroy(&want_opts);
    smap_destroy(&none);
}

/* Ports. */

static void
port_other_config(const struct offload_port *port, struct smap *want)
{
    smap_clone(want, &port->other_config);
    if (port->lacp_time) {
        smap_replace(want, "lacp-time", port->lacp_time);
    }
    if (port->lacp_fallback_ab != OFFLOAD_UNSET) {
        smap_replace(want, "lacp-fallback-ab",
                     port->lacp_fallback_ab == OFFLOAD_TRUE
                     ? "true" : "false");
    }
    if (port->detect) {
        smap_replace(want, "bond-detect-mode", port->detect);
    }
    if (port->miimon_interval >= 0) {
        char *v = xasprintf("%d", port->miimon_interval);

        smap_replace(want, "bond-miimon-interval", v);
        free(v);
    }
}

/* Fills 'names' with the interface names of desired port 'dp', sorted. */
static void
desired_iface_names(const struct desired_port *dp, struct sset *names)
{
    if (dp->cfg && dp->cfg->type == OFFLOAD_PORT_BOND) {
        for (size_t i = 0; i < dp->cfg->n_members; i++) {
            sset_add(names, dp->cfg->members[i]);
        }
    } else {
        sset_add(names, dp->name);
    }
}

/* Plans desired port 'dp' and its interfaces.  Adds to 'bridge_op' (an
 * index into the plan) the reference changes of the bridge. */
static void
plan_port(struct planner *p, const struct desired_port *dp, size_t bridge_op)
{
    const struct db_port *cur = shash_find_data(&p->state->ports, dp->name);
    const struct offload_port *port = dp->cfg;
    struct smap internal = SMAP_INITIALIZER(&internal);
    struct smap empty = SMAP_INITIALIZER(&empty);
    struct smap want_oc = SMAP_INITIALIZER(&want_oc);
    struct smap none = SMAP_INITIALIZER(&none);
    struct sset ifaces = SSET_INITIALIZER(&ifaces);

    if (cur && !db_state_is_owned(&cur->external_ids) && !dp->adopt) {
        plan_conflict(p->plan, "port %s exists (on bridge %s) and was not "
                      "created by ovs-offload: remove it with "
                      "\"ovs-vsctl del-port %s\" or rename it in the file",
                      dp->name, cur->bridge ? cur->bridge : "?", dp->name);
        goto out;
    }

    /* Membership in the bridge. */
    if (!cur || !streq_null(cur->bridge, dp->bridge)) {
        op_add_change(&p->plan->ops[bridge_op], PLAN_ADDREF, "ports", NULL,
                      NULL, dp->name);
    }

    size_t idx = plan_add_op(p->plan, PLAN_PORT,
                             cur ? PLAN_MODIFY : PLAN_CREATE, dp->name,
                             dp->bridge);
    struct plan_op *op = &p->plan->ops[idx];
    bool bond = port && port->type == OFFLOAD_PORT_BOND;

    if (cur && cur->bridge && strcmp(cur->bridge, dp->bridge)) {
        /* Moving between bridges: the old bridge lets go in the same
         * transaction. */
        size_t old_br = plan_add_op(p->plan, PLAN_BRIDGE, PLAN_MODIFY,
                                    cur->bridge, NULL);

        op_add_change(&p->plan->ops[old_br], PLAN_DELREF, "ports", NULL,
                      dp->name, NULL);
        op = &p->plan->ops[idx];
    }

    diff_int(op, "tag", cur ? cur->tag : -1,
             port && port->tag >= 0 ? port->tag : -1, -1);
    diff_int_list(op, "trunks", cur ? cur->trunks : NULL,
                  cur ? cur->n_trunks : 0,
                  port ? port->trunks : NULL, port ? port->n_trunks : 0);
    diff_string(op, "bond_mode", cur ? cur->bond_mode : NULL,
                bond ? port->bond_mode : NULL);
    diff_string(op, "lacp", cur ? cur->lacp : NULL,
                bond ? port->lacp : NULL);
    diff_int(op, "bond_updelay", cur ? cur->bond_updelay : 0,
             bond && port->updelay > 0 ? port->updelay : 0, -1);
    diff_int(op, "bond_downdelay", cur ? cur->bond_downdelay : 0,
             bond && port->downdelay > 0 ? port->downdelay : 0, -1);

    if (port) {
        port_other_config(port, &want_oc);
    }
    plan_managed_map(op, "other_config", cur ? &cur->other_config : &none,
                     &want_oc, cur ? &cur->external_ids : &none, &internal);
    owner_tags(p, &internal);
    plan_external_ids(op, cur ? &cur->external_ids : &none,
                      port ? &port->external_ids : &empty, &internal);

    /* Interfaces: references first, then each row. */
    desired_iface_names(dp, &ifaces);
    const char *name;
    SSET_FOR_EACH (name, &ifaces) {
        bool has = false;

        for (size_t i = 0; cur && i < cur->n_ifaces; i++) {
            has = has || !strcmp(cur->ifaces[i], name);
        }
        if (!has) {
            op_add_change(op, PLAN_ADDREF, "interfaces", NULL, NULL, name);
        }
    }
    for (size_t i = 0; cur && i < cur->n_ifaces; i++) {
        if (!sset_contains(&ifaces, cur->ifaces[i])) {
            op_add_change(op, PLAN_DELREF, "interfaces", NULL,
                          cur->ifaces[i], NULL);
        }
    }
    for (size_t i = 0; cur && i < cur->n_ifaces; i++) {
        if (!sset_contains(&p->desired_ifaces, cur->ifaces[i])) {
            plan_add_op(p->plan, PLAN_INTERFACE, PLAN_DELETE,
                        cur->ifaces[i], dp->name);
        }
    }

    const char **sorted = sset_sort(&ifaces);
    for (size_t i = 0; i < sset_count(&ifaces); i++) {
        plan_iface(p, dp, sorted[i]);
    }
    free(sorted);

out:
    sset_destroy(&ifaces);
    smap_destroy(&internal);
    smap_destroy(&empty);
    smap_destroy(&want_oc);
    smap_destroy(&none);
}

/* Bridges. */

static void
plan_bridge(struct planner *p, const struct offload_bridge *br,
            size_t root_op)
{
    const struct db_bridge *cur = shash_find_data(&p->state->bridges,
                                                  br->name);
    struct smap internal = SMAP_INITIALIZER(&internal);
    struct smap none = SMAP_INITIALIZER(&none);

    if (cur && !db_state_is_owned(&cur->external_ids) && !br->adopt) {
        plan_conflict(p->plan, "%s:%d: bridge %s exists and was not created "
                      "by ovs-offload: set 'adopt: true' on it to take it "
                      "over, or delete it with \"ovs-vsctl del-br %s\"",
                      p->cfg->file_name, br->mark.line, br->name, br->name);
        goto out;
    }
    if (!cur) {
        op_add_change(&p->plan->ops[root_op], PLAN_ADDREF, "bridges", NULL,
                      NULL, br->name);
    }

    size_t idx = plan_add_op(p->plan, PLAN_BRIDGE,
                             cur ? PLAN_MODIFY : PLAN_CREATE, br->name,
                             NULL);
    struct plan_op *op = &p->plan->ops[idx];

    diff_string(op, "datapath_type", cur ? cur->datapath_type : NULL,
                br->datapath_type);
    diff_string(op, "fail_mode", cur ? cur->fail_mode : NULL,
                br->fail_mode);
    plan_managed_map(op, "other_config", cur ? &cur->other_config : &none,
                     &br->other_config, cur ? &cur->external_ids : &none,
                     &internal);
    owner_tags(p, &internal);
    plan_external_ids(op, cur ? &cur->external_ids : &none,
                      &br->external_ids, &internal);

    /* The bridge's own internal port, then the file's ports. */
    struct desired_port dp = {
        .name = br->name, .bridge = br->name, .br = br, .adopt = br->adopt,
    };
    plan_port(p, &dp, idx);
    for (size_t i = 0; i < br->n_ports; i++) {
        dp = (struct desired_port) {
            .name = br->ports[i].name, .bridge = br->name,
            .cfg = &br->ports[i], .br = br,
        };
        plan_port(p, &dp, idx);
    }


out:
    smap_destroy(&internal);
    smap_destroy(&none);
}

/* Sweep: owned rows the file no longer describes. */

static void
plan_sweep(struct planner *p, size_t root_op)
{
    const struct db_state *st = p->state;
    const struct shash_node **nodes = shash_sort(&st->ports);

    for (size_t i = 0; i < shash_count(&st->ports); i++) {
        const struct db_port *port = nodes[i]->data;

        if (!db_state_is_owned(&port->external_ids)
            || sset_contains(&p->desired_ports, port->name)) {
            continue;
        }
        plan_add_op(p->plan, PLAN_PORT, PLAN_DELETE, port->name,
                    port->bridge);
        for (size_t j = 0; j < port->n_ifaces; j++) {
            if (!sset_contains(&p->desired_ifaces, port->ifaces[j])) {
                plan_add_op(p->plan, PLAN_INTERFACE, PLAN_DELETE,
                            port->ifaces[j], port->name);
            }
        }
    }
    free(nodes);

    nodes = shash_sort(&st->bridges);
    for (size_t i = 0; i < shash_count(&st->bridges); i++) {
        const struct db_bridge *br = nodes[i]->data;

        if (!db_state_is_owned(&br->external_ids)
            || sset_contains(&p->desired_bridges, br->name)) {
            continue;
        }

        /* Never delete a foreign port with the bridge. */
        struct ds foreign = DS_EMPTY_INITIALIZER;
        for (size_t j = 0; j < br->n_ports; j++) {
            const struct db_port *port = shash_find_data(&st->ports,
                                                         br->ports[j]);

            if (port && !db_state_is_owned(&port->external_ids)) {
                ds_put_format(&foreign, " %s", port->name);
            }
        }
        if (foreign.length) {
            plan_warn(p->plan, "bridge %s is no longer in the file but is "
                      "kept because it holds ports that ovs-offload did not "
                      "create:%s; remove them to let it go",
                      br->name, ds_cstr(&foreign));
            size_t idx = plan_add_op(p->plan, PLAN_BRIDGE, PLAN_MODIFY,
                                     br->name, NULL);
            for (size_t j = 0; j < br->n_ports; j++) {
                const struct db_port *port = shash_find_data(&st->ports,
                                                             br->ports[j]);

                if (port && db_state_is_owned(&port->external_ids)
                    && !sset_contains(&p->desired_ports, port->name)) {
                    op_add_change(&p->plan->ops[idx], PLAN_DELREF, "ports",
                                  NULL, port->name, NULL);
                }
            }
        } else {
            op_add_change(&p->plan->ops[root_op], PLAN_DELREF, "bridges",
                          NULL, br->name, NULL);
            plan_add_op(p->plan, PLAN_BRIDGE, PLAN_DELETE, br->name, NULL);
        }
        ds_destroy(&foreign);
    }
    free(nodes);
}

void
plan_compute(const struct offload_config *cfg, const struct db_state *state,
             const struct plan_options *options, struct plan *plan)
{
    struct planner p = {
        .cfg = cfg, .state = state, .options = options, .plan = plan,
    };
    struct shash_node *node;

    shash_init(&p.iface_port);
    sset_init(&p.desired_ports);
    sset_init(&p.desired_ifaces);
    sset_init(&p.desired_bridges);

    SHASH_FOR_EACH (node, &state->ports) {
        const struct db_port *port = node->data;

        for (size_t i = 0; i < port->n_ifaces; i++) {
            shash_replace(&p.iface_port, port->ifaces[i], port);
        }
    }
    for (size_t i = 0; i < cfg->n_bridges; i++) {
        const struct offload_bridge *br = &cfg->bridges[i];

        sset_add(&p.desired_bridges, br->name);
        sset_add(&p.desired_ports, br->name);
        sset_add(&p.desired_ifaces, br->name);
        for (size_t j = 0; j < br->n_ports; j++) {
            struct desired_port dp = { .name = br->ports[j].name,
                                       .cfg = &br->ports[j] };
            desired_iface_names(&dp, &p.desired_ifaces);
            sset_add(&p.desired_ports, br->ports[j].name);
        }
    }

    size_t root_op;
    plan_root(&p, &root_op);
    for (size_t i = 0; i < cfg->n_bridges; i++) {
        plan_bridge(&p, &cfg->bridges[i], root_op);
    }
    plan_sweep(&p, root_op);

    plan_compact(plan);

    shash_destroy(&p.iface_port);
    sset_destroy(&p.desired_ports);
    sset_destroy(&p.desired_ifaces);
    sset_destroy(&p.desired_bridges);
}

bool
plan_is_empty(const struct plan *plan)
{
    return !plan->n_ops;
}

/* Output. */

const char *
plan_table_to_string(enum plan_table table)
{
    static const char *const names[] = {
        [PLAN_OPEN_VSWITCH] = "Open_vSwitch",
        [PLAN_BRIDGE] = "Bridge",
        [PLAN_PORT] = "Port",
        [PLAN_INTERFACE] = "Interface",
    };
    return table < ARRAY_SIZE(names) ? names[table] : "?";
}

const char *
plan_action_to_string(enum plan_action action)
{
    static const char *const names[] = {
        [PLAN_CREATE] = "create",
        [PLAN_MODIFY] = "modify",
        [PLAN_DELETE] = "delete",
    };
    return action < ARRAY_SIZE(names) ? names[action] : "?";
}

const char *
plan_change_kind_to_string(enum plan_change_kind kind)
{
    static const char *const names[] = {
        [PLAN_SET] = "set",
        [PLAN_SETKEY] = "setkey",
        [PLAN_DELKEY] = "delkey",
        [PLAN_ADDREF] = "addref",
        [PLAN_DELREF] = "delref",
    };
    return kind < ARRAY_SIZE(names) ? names[kind] : "?";
}

void
plan_format_value(struct ds *out, const char *v)
{
    if (v) {
        ds_put_format(out, "\"%s\"", v);
    } else {
        ds_put_cstr(out, "(none)");
    }
}

void
plan_format_text(const struct plan *plan, struct ds *out)
{
    static const char sign[] = { [PLAN_CREATE] = '+', [PLAN_MODIFY] = '~',
                                 [PLAN_DELETE] = '-' };

    for (size_t i = 0; i < plan->n_ops; i++) {
        const struct plan_op *op = &plan->ops[i];

        ds_put_format(out, "%c %s %s", sign[op->action],
                      plan_table_to_string(op->table), op->name);
        if (op->parent) {
            ds_put_format(out, " (in %s)", op->parent);
        }
        ds_put_format(out, ": %s\n", plan_action_to_string(op->action));
        for (size_t j = 0; j < op->n_changes; j++) {
            const struct plan_change *c = &op->changes[j];

            ds_put_format(out, "    %s", c->column);
            switch (c->kind) {
            case PLAN_SET:
                ds_put_cstr(out, ": ");
                if (op->action == PLAN_MODIFY) {
                    plan_format_value(out, c->old_value);
                    ds_put_cstr(out, " -> ");
                }
                plan_format_value(out, c->new_value);
                break;
            case PLAN_SETKEY:
                ds_put_format(out, ":%s: ", c->key);
                if (c->old_value) {
                    plan_format_value(out, c->old_value);
                    ds_put_cstr(out, " -> ");
                }
                plan_format_value(out, c->new_value);
                break;
            case PLAN_DELKEY:
                ds_put_format(out, ":%s: ", c->key);
                plan_format_value(out, c->old_value);
                ds_put_cstr(out, " -> (removed)");
                break;
            case PLAN_ADDREF:
                ds_put_format(out, ": + %s", c->new_value);
                break;
            case PLAN_DELREF:
                ds_put_format(out, ": - %s", c->old_value);
                break;
            default:
                OVS_NOT_REACHED();
            }
            ds_put_char(out, '\n');
        }
    }
    for (size_t i = 0; i < plan->n_warnings; i++) {
        ds_put_format(out, "warning: %s\n", plan->warnings[i]);
    }
    for (size_t i = 0; i < plan->n_conflicts; i++) {
        ds_put_format(out, "conflict: %s\n", plan->conflicts[i]);
    }
    if (plan->restart_needed) {
        ds_put_format(out, "restart needed: %s; \"apply "
                      "--restart-vswitchd\" restarts ovs-vswitchd once, "
                      "keeping its flows\n",
                      plan->restart_reason);
    }
    if (!plan->n_ops) {
        ds_put_cstr(out, "No changes: the database matches the file.\n");
    } else {
        size_t n[3] = { 0, 0, 0 };

        for (size_t i = 0; i < plan->n_ops; i++) {
            n[plan->ops[i].action]++;
        }
        ds_put_format(out, "Plan: %"PRIuSIZE" to create, %"PRIuSIZE" to "
                      "modify, %"PRIuSIZE" to delete.\n",
                      n[PLAN_CREATE], n[PLAN_MODIFY], n[PLAN_DELETE]);
    }
}

static struct json *
json_string_or_null(const char *s)
{
    return s ? json_string_create(s) : json_null_create();
}

static struct json *
string_array_to_json(char **v, size_t n)
{
    struct json *a = json_array_create_empty();

    for (size_t i = 0; i < n; i++) {
        json_array_add(a, json_string_create(v[i]));
    }
    return a;
}

struct json *
plan_to_json(const struct plan *plan)
{
    struct json *ops = json_array_create_empty();

    for (size_t i = 0; i < plan->n_ops; i++) {
        const struct plan_op *op = &plan->ops[i];
        struct json *o = json_object_create();
        struct json *changes = json_array_create_empty();

        json_object_put_string(o, "table", plan_table_to_string(op->table));
        json_object_put_string(o, "action",
                               plan_action_to_string(op->action));
        json_object_put_string(o, "name", op->name);
        json_object_put(o, "parent", json_string_or_null(op->parent));
        for (size_t j = 0; j < op->n_changes; j++) {
            const struct plan_change *c = &op->changes[j];
            struct json *cj = json_object_create();

            json_object_put_string(cj, "kind",
                                   plan_change_kind_to_string(c->kind));
            json_object_put_string(cj, "column", c->column);
            json_object_put(cj, "key", json_string_or_null(c->key));
            json_object_put(cj, "old", json_string_or_null(c->old_value));
            json_object_put(cj, "new", json_string_or_null(c->new_value));
            json_array_add(changes, cj);
        }
        json_object_put(o, "changes", changes);
        json_array_add(ops, o);
    }

    struct json *j = json_object_create();
    json_object_put(j, "ops", ops);
    json_object_put(j, "warnings",
                    string_array_to_json(plan->warnings, plan->n_warnings));
    json_object_put(j, "conflicts",
                    string_array_to_json(plan->conflicts,
                                         plan->n_conflicts));
    json_object_put(j, "restart_needed",
                    json_boolean_create(plan->restart_needed));
    json_object_put(j, "restart_reason",
                    json_string_or_null(plan->restart_reason));
    return j;
}
