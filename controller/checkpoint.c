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

#include "controller/checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "controller/db-state.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"

void
checkpoint_init(struct checkpoint *ck)
{
    memset(ck, 0, sizeof *ck);
}

static void
ckpt_op_destroy(struct ckpt_op *op)
{
    for (size_t i = 0; i < op->n_changes; i++) {
        free(op->changes[i].column);
        free(op->changes[i].key);
        free(op->changes[i].applied);
        free(op->changes[i].restore);
    }
    free(op->changes);
    free(op->name);
    free(op->parent);
}

static void
ckpt_ops_clear(struct checkpoint *ck)
{
    for (size_t i = 0; i < ck->n_ops; i++) {
        ckpt_op_destroy(&ck->ops[i]);
    }
    free(ck->ops);
    ck->ops = NULL;
    ck->n_ops = 0;
}

void
checkpoint_destroy(struct checkpoint *ck)
{
    if (ck) {
        ckpt_ops_clear(ck);
        free(ck->id);
        free(ck->source);
        free(ck->db);
        free(ck->nic_state_file);
        json_destroy(ck->nic_state_before);
        json_destroy(ck->nic_journal);
        memset(ck, 0, sizeof *ck);
    }
}

const char *
ckpt_action_to_string(enum ckpt_action action)
{
    static const char *const names[] = {
        [CKPT_UNCREATE] = "uncreate",
        [CKPT_RECREATE] = "recreate",
        [CKPT_RESTORE] = "restore",
    };
    return action < ARRAY_SIZE(names) ? names[action] : "?";
}

const char *
ckpt_state_to_string(enum ckpt_state state)
{
    return state == CKPT_PENDING ? "pending" : "applying";
}

/* Building the log. */

static struct ckpt_op *
add_op(struct checkpoint *ck, enum plan_table table, enum ckpt_action action,
       const char *name, const char *parent)
{
    ck->ops = xrealloc(ck->ops, (ck->n_ops + 1) * sizeof *ck->ops);
    struct ckpt_op *op = &ck->ops[ck->n_ops++];

    *op = (struct ckpt_op) {
        .table = table, .action = action, .name = xstrdup(name),
        .parent = nullable_xstrdup(parent),
    };
    return op;
}

static void
add_change(struct ckpt_op *op, const char *column, const char *key, bool ref,
           const char *applied, const char *restore)
{
    op->changes = xrealloc(op->changes,
                           (op->n_changes + 1) * sizeof *op->changes);
    op->changes[op->n_changes++] = (struct ckpt_change) {
        .column = xstrdup(column), .key = nullable_xstrdup(key), .ref = ref,
        .applied = nullable_xstrdup(applied),
        .restore = nullable_xstrdup(restore),
    };
}

static void
add_map(struct ckpt_op *op, const char *column, const struct smap *map)
{
    const struct smap_node **nodes = smap_sort(map);

    for (size_t i = 0; i < smap_count(map); i++) {
        add_change(op, column, nodes[i]->key, false, NULL, nodes[i]->value);
    }
    free(nodes);
}

static void
add_refs(struct ckpt_op *op, const char *column, char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        add_change(op, column, NULL, true, NULL, names[i]);
    }
}

/* The value of scalar 'column' of row 'name' in 'st', as the planner writes
 * it (plan.c: diff_string(), diff_int(), diff_int_list()), "" if unset, or
 * NULL if there is no such row or column.  The caller frees it. */
static char *
scalar_value(const struct db_state *st, enum plan_table table,
             const char *name, const char *column)
{
    if (table == PLAN_BRIDGE) {
        const struct db_bridge *br = shash_find_data(&st->bridges, name);

        if (!br) {
            return NULL;
        } else if (!strcmp(column, "datapath_type")) {
            return xstrdup(br->datapath_type ? br->datapath_type : "");
        } else if (!strcmp(column, "fail_mode")) {
            return xstrdup(br->fail_mode ? br->fail_mode : "");
        }
    } else if (table == PLAN_PORT) {
        const struct db_port *port = shash_find_data(&st->ports, name);

        if (!port) {
            return NULL;
        } else if (!strcmp(column, "tag")) {
            return (port->tag < 0 ? xstrdup("")
                    : xasprintf("%"PRId64, port->tag));
        } else if (!strcmp(column, "trunks")) {
            return plan_int_list_to_string(port->trunks, port->n_trunks);
        } else if (!strcmp(column, "bond_mode")) {
            return xstrdup(port->bond_mode ? port->bond_mode : "");
        } else if (!strcmp(column, "lacp")) {
            return xstrdup(port->lacp ? port->lacp : "");
        } else if (!strcmp(column, "bond_updelay")) {
            return xasprintf("%"PRId64, port->bond_updelay);
        } else if (!strcmp(column, "bond_downdelay")) {
            return xasprintf("%"PRId64, port->bond_downdelay);
        }
    } else if (table == PLAN_INTERFACE) {
        const struct db_iface *iface = shash_find_data(&st->ifaces, name);

        if (!iface) {
            return NULL;
        } else if (!strcmp(column, "type")) {
            return xstrdup(iface->type ? iface->type : "");
        } else if (!strcmp(column, "mtu_request")) {
            return (iface->mtu_request ? xasprintf("%"PRId64,
                                                   iface->mtu_request)
                    : xstrdup(""));
        }
    }
    return NULL;
}

/* Map column 'column' of row 'name' in 'st', or NULL. */
static const struct smap *
map_column(const struct db_state *st, enum plan_table table,
           const char *name, const char *column)
{
    bool oc = !strcmp(column, "other_config");
    bool ext = !strcmp(column, "external_ids");

    switch (table) {
    case PLAN_OPEN_VSWITCH:
        return (!st->has_root ? NULL : oc ? &st->other_config
                : ext ? &st->external_ids : NULL);
    case PLAN_BRIDGE: {
        const struct db_bridge *br = shash_find_data(&st->bridges, name);
        return !br ? NULL : oc ? &br->other_config
               : ext ? &br->external_ids : NULL;
    }
    case PLAN_PORT: {
        const struct db_port *port = shash_find_data(&st->ports, name);
        return !port ? NULL : oc ? &port->other_config
               : ext ? &port->external_ids : NULL;
    }
    case PLAN_INTERFACE: {
        const struct db_iface *iface = shash_find_data(&st->ifaces, name);
        return (!iface ? NULL : oc ? &iface->other_config
                : ext ? &iface->external_ids
                : !strcmp(column, "options") ? &iface->options : NULL);
    }
    default:
        return NULL;
    }
}

/* The names in the reference column of row 'name' of 'table' in 'st' (a
 * Bridge's ports, a Port's interfaces): none if there is no such row. */
static void
row_refs(const struct db_state *st, enum plan_table table, const char *name,
         char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    if (table == PLAN_BRIDGE) {
        const struct db_bridge *br = shash_find_data(&st->bridges, name);
        if (br) {
            *names = br->ports;
            *n = br->n_ports;
        }
    } else if (table == PLAN_PORT) {
        const struct db_port *port = shash_find_data(&st->ports, name);
        if (port) {
            *names = port->ifaces;
            *n = port->n_ifaces;
        }
    }
}

/* Whether reference column 'column' of row 'name' holds row 'target'. */
static bool
has_ref(const struct db_state *st, enum plan_table table, const char *name,
        const char *target)
{
    char **names;
    size_t n;

    if (table == PLAN_OPEN_VSWITCH) {
        /* Bridges are not root rows: every one is in Open_vSwitch. */
        return shash_find(&st->bridges, target) != NULL;
    }
    row_refs(st, table, name, &names, &n);
    for (size_t i = 0; i < n; i++) {
        if (!strcmp(names[i], target)) {
            return true;
        }
    }
    return false;
}

static bool
row_exists(const struct db_state *st, enum plan_table table, const char *name)
{
    switch (table) {
    case PLAN_OPEN_VSWITCH:
        return st->has_root;
    case PLAN_BRIDGE:
        return shash_find(&st->bridges, name) != NULL;
    case PLAN_PORT:
        return shash_find(&st->ports, name) != NULL;
    case PLAN_INTERFACE:
        return shash_find(&st->ifaces, name) != NULL;
    default:
        return false;
    }
}

/* The row that holds 'name' in its reference column, in 'st'. */
static const char *
row_parent(const struct db_state *st, enum plan_table table, const char *name)
{
    if (table == PLAN_PORT) {
        const struct db_port *port = shash_find_data(&st->ports, name);
        return port ? port->bridge : NULL;
    } else if (table == PLAN_INTERFACE) {
        struct shash_node *node;

        SHASH_FOR_EACH (node, &st->ports) {
            const struct db_port *port = node->data;

            for (size_t i = 0; i < port->n_ifaces; i++) {
                if (!strcmp(port->ifaces[i], name)) {
                    return port->name;
                }
            }
        }
    }
    return NULL;
}

/* A RECREATE operation: every column the snapshot has of the row. */
static void
record_deleted_row(struct checkpoint *ck, const struct plan_op *pop,
                   const struct db_state *before)
{
    static const char *const bridge_cols[] = { "datapath_type", "fail_mode" };
    static const char *const port_cols[] = {
        "tag", "trunks", "bond_mode", "lacp", "bond_updelay",
        "bond_downdelay",
    };
    static const char *const iface_cols[] = { "type", "mtu_request" };
    static const char *const row_maps[] = { "other_config", "external_ids" };
    static const char *const iface_maps[] = {
        "options", "other_config", "external_ids",
    };
    const char *const *cols, *const *maps;
    size_t n_cols, n_maps;
    const char *ref_column;

    switch (pop->table) {
    case PLAN_BRIDGE:
        cols = bridge_cols;
        n_cols = ARRAY_SIZE(bridge_cols);
        maps = row_maps;
        n_maps = ARRAY_SIZE(row_maps);
        ref_column = "ports";
        break;
    case PLAN_PORT:
        cols = port_cols;
        n_cols = ARRAY_SIZE(port_cols);
        maps = row_maps;
        n_maps = ARRAY_SIZE(row_maps);
        ref_column = "interfaces";
        break;
    case PLAN_INTERFACE:
        cols = iface_cols;
        n_cols = ARRAY_SIZE(iface_cols);
        maps = iface_maps;
        n_maps = ARRAY_SIZE(iface_maps);
        ref_column = NULL;
        break;
    case PLAN_OPEN_VSWITCH:
    default:
        return;
    }
    if (!row_exists(before, pop->table, pop->name)) {
        return;
    }

    struct ckpt_op *op = add_op(ck, pop->table, CKPT_RECREATE, pop->name,
                                pop->parent);
    for (size_t i = 0; i < n_maps; i++) {
        add_map(op, maps[i],
                map_column(before, pop->table, pop->name, maps[i]));
    }
    if (ref_column) {
        char **names;
        size_t n;

        row_refs(before, pop->table, pop->name, &names, &n);
        add_refs(op, ref_column, names, n);
    }
    for (size_t i = 0; i < n_cols; i++) {
        char *v = scalar_value(before, pop->table, pop->name, cols[i]);

        add_change(op, cols[i], NULL, false, NULL, v);
        free(v);
    }
}

/* Whether 'plan' deletes the row 'name' of 'table'. */
static bool
plan_deletes(const struct plan *plan, enum plan_table table, const char *name)
{
    for (size_t i = 0; i < plan->n_ops; i++) {
        const struct plan_op *op = &plan->ops[i];

        if (op->action == PLAN_DELETE && op->table == table
            && !strcmp(op->name, name)) {
            return true;
        }
    }
    return false;
}

void
checkpoint_record_plan(struct checkpoint *ck, const struct plan *plan,
                       const struct db_state *before)
{
    ckpt_ops_clear(ck);
    for (size_t i = 0; i < plan->n_ops; i++) {
        const struct plan_op *pop = &plan->ops[i];

        if (pop->action == PLAN_DELETE) {
            record_deleted_row(ck, pop, before);

            /* The executor lets the parent bridge go of a deleted port
             * without a change of its own: the bridge gets it back. */
            if (pop->table == PLAN_PORT && pop->parent
                && !plan_deletes(plan, PLAN_BRIDGE, pop->parent)) {
                struct ckpt_op *op = add_op(ck, PLAN_BRIDGE, CKPT_RESTORE,
                                            pop->parent, NULL);
                add_change(op, "ports", NULL, true, NULL, pop->name);
            }
            continue;
        }
        if (pop->action == PLAN_CREATE && pop->table == PLAN_OPEN_VSWITCH) {
            /* The root row is never deleted; a rollback leaves it. */
            continue;
        }

        enum ckpt_action action = (pop->action == PLAN_CREATE
                                   ? CKPT_UNCREATE : CKPT_RESTORE);
        struct ckpt_op *op = add_op(ck, pop->table, action, pop->name,
                                    pop->parent);
        for (size_t j = 0; j < pop->n_changes; j++) {
            const struct plan_change *c = &pop->changes[j];
            const struct smap *map;
            char *old;

            switch (c->kind) {
            case PLAN_SET:
                old = (action == CKPT_RESTORE
                       ? scalar_value(before, pop->table, pop->name,
                                      c->column)
                       : NULL);
                add_change(op, c->column, NULL, false, c->new_value,
                           old ? old : c->old_value);
                free(old);
                break;
            case PLAN_SETKEY:
            case PLAN_DELKEY:
                map = (action == CKPT_RESTORE
                       ? map_column(before, pop->table, pop->name, c->column)
                       : NULL);
                add_change(op, c->column, c->key, false,
                           c->kind == PLAN_SETKEY ? c->new_value : NULL,
                           map ? smap_get(map, c->key) : NULL);
                break;
            case PLAN_ADDREF:
                add_change(op, c->column, NULL, true, c->new_value, NULL);
                break;
            case PLAN_DELREF:
                add_change(op, c->column, NULL, true, NULL, c->old_value);
                break;
            default:
                OVS_NOT_REACHED();
            }
        }
    }
}

void
checkpoint_set_nic_journal(struct checkpoint *ck, const struct json *journal)
{
    json_destroy(ck->nic_journal);
    ck->nic_journal = journal ? json_clone(journal) : NULL;
}

/* Rolling back. */

/* Scalars: NULL and "" both mean unset. */
static bool
scalar_eq(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

static bool
map_eq(const char *a, const char *b)
{
    return a && b ? !strcmp(a, b) : a == b;
}

static void
conflict(struct ds *conflicts, const struct ckpt_op *op,
         const struct ckpt_change *c, const char *cur)
{
    ds_put_format(conflicts, "%s %s: %s", plan_table_to_string(op->table),
                  op->name, c->column);
    if (c->key) {
        ds_put_format(conflicts, ":%s", c->key);
    }
    ds_put_cstr(conflicts, " is ");
    plan_format_value(conflicts, cur);
    ds_put_cstr(conflicts, ", but the apply set ");
    plan_format_value(conflicts, c->applied);
    ds_put_cstr(conflicts, " (before: ");
    plan_format_value(conflicts, c->restore);
    ds_put_cstr(conflicts, "): changed by another client since\n");
}

/* The current value of non-reference change 'c' of 'op'. */
static char *
current_value(const struct db_state *cur, const struct ckpt_op *op,
              const struct ckpt_change *c)
{
    if (c->key) {
        const struct smap *map = map_column(cur, op->table, op->name,
                                            c->column);
        return map ? nullable_xstrdup(smap_get(map, c->key)) : NULL;
    }
    return scalar_value(cur, op->table, op->name, c->column);
}

/* Whether 'c' holds what the apply wrote ('applied') or, if 'restored',
 * what was there before. */
static bool
change_is(const struct ckpt_change *c, const char *value, bool restored)
{
    const char *want = restored ? c->restore : c->applied;

    return c->key ? map_eq(value, want) : scalar_eq(value, want);
}

static void
add_plan_change(struct plan_op *op, enum plan_change_kind kind,
                const char *column, const char *key, const char *old_value,
                const char *new_value)
{
    op->changes = xrealloc(op->changes,
                           (op->n_changes + 1) * sizeof *op->changes);
    op->allocated_changes = op->n_changes + 1;
    op->changes[op->n_changes++] = (struct plan_change) {
        .kind = kind, .column = xstrdup(column),
        .key = nullable_xstrdup(key),
        .old_value = nullable_xstrdup(old_value),
        .new_value = nullable_xstrdup(new_value),
    };
}

static struct plan_op *
add_plan_op(struct plan *plan, enum plan_table table,
            enum plan_action action, const char *name, const char *parent)
{
    plan->ops = xrealloc(plan->ops, (plan->n_ops + 1) * sizeof *plan->ops);
    plan->allocated_ops = plan->n_ops + 1;
    struct plan_op *op = &plan->ops[plan->n_ops++];

    *op = (struct plan_op) {
        .table = table, .action = action, .name = xstrdup(name),
        .parent = nullable_xstrdup(parent),
    };
    return op;
}

/* Rolls back the changes of RESTORE operation 'op' into 'pop' (created on
 * the first change).  Returns the number of conflicts. */
static size_t
rollback_restore(const struct ckpt_op *op, const struct db_state *cur,
                 struct plan *plan, struct ds *conflicts)
{
    size_t n_conflicts = 0;
    size_t idx = SIZE_MAX;

    if (!row_exists(cur, op->table, op->name)) {
        ds_put_format(conflicts, "%s %s: deleted by another client since "
                      "the apply\n", plan_table_to_string(op->table),
                      op->name);
        return 1;
    }
    for (size_t i = 0; i < op->n_changes; i++) {
        const struct ckpt_change *c = &op->changes[i];
        enum plan_change_kind kind;
        const char *old = NULL, *new = NULL;
        char *value = NULL;

        if (c->ref) {
            const char *target = c->applied ? c->applied : c->restore;
            bool present = has_ref(cur, op->table, op->name, target);

            if (c->applied && present) {
                kind = PLAN_DELREF;
                old = target;
            } else if (!c->applied && !present) {
                kind = PLAN_ADDREF;
                new = target;
            } else {
                continue;
            }
        } else {
            value = current_value(cur, op, c);
            if (change_is(c, value, true)) {
                free(value);
                continue;
            } else if (!change_is(c, value, false)) {
                conflict(conflicts, op, c, value);
                n_conflicts++;
                free(value);
                continue;
            }
            kind = (!c->key ? PLAN_SET : c->restore ? PLAN_SETKEY
                    : PLAN_DELKEY);
            old = value;
            new = c->key ? c->restore : c->restore ? c->restore : "";
        }
        if (idx == SIZE_MAX) {
            add_plan_op(plan, op->table, PLAN_MODIFY, op->name, op->parent);
            idx = plan->n_ops - 1;
        }
        add_plan_change(&plan->ops[idx], kind, c->column, c->key, old, new);
        free(value);
    }
    return n_conflicts;
}

static size_t
rollback_uncreate(const struct ckpt_op *op, const struct db_state *cur,
                  struct plan *plan, struct ds *conflicts)
{
    size_t n_conflicts = 0;

    if (!row_exists(cur, op->table, op->name)) {
        return 0;               /* Never created, or gone already. */
    }
    for (size_t i = 0; i < op->n_changes; i++) {
        const struct ckpt_change *c = &op->changes[i];

        if (!c->ref) {
            char *value = current_value(cur, op, c);

            if (!change_is(c, value, false)) {
                conflict(conflicts, op, c, value);
                n_conflicts++;
            }
            free(value);
        }
    }
    if (!n_conflicts) {
        add_plan_op(plan, op->table, PLAN_DELETE, op->name,
                    row_parent(cur, op->table, op->name));
    }
    return n_conflicts;
}

static size_t
rollback_recreate(const struct ckpt_op *op, const struct db_state *cur,
                  struct plan *plan, struct ds *conflicts)
{
    if (row_exists(cur, op->table, op->name)) {
        /* Still there (the apply never committed), or a row of the same
         * name that someone else created since. */
        for (size_t i = 0; i < op->n_changes; i++) {
            const struct ckpt_change *c = &op->changes[i];

            if (!c->ref) {
                char *value = current_value(cur, op, c);
                bool same = change_is(c, value, true);

                free(value);
                if (!same) {
                    ds_put_format(conflicts, "%s %s: the apply deleted it, "
                                  "and another client created a different "
                                  "row of that name since\n",
                                  plan_table_to_string(op->table), op->name);
                    return 1;
                }
            }
        }
        return 0;
    }

    struct plan_op *pop = add_plan_op(plan, op->table, PLAN_CREATE, op->name,
                                      op->parent);
    for (size_t i = 0; i < op->n_changes; i++) {
        const struct ckpt_change *c = &op->changes[i];

        if (c->ref) {
            add_plan_change(pop, PLAN_ADDREF, c->column, NULL, NULL,
                            c->restore);
        } else if (c->key) {
            add_plan_change(pop, PLAN_SETKEY, c->column, c->key, NULL,
                            c->restore);
        } else {
            add_plan_change(pop, PLAN_SET, c->column, NULL, NULL,
                            c->restore ? c->restore : "");
        }
    }
    return 0;
}

size_t
checkpoint_rollback_plan(const struct checkpoint *ck,
                         const struct db_state *cur, struct plan *plan,
                         struct ds *conflicts)
{
    size_t n_conflicts = 0;

    for (size_t i = 0; i < ck->n_ops; i++) {
        const struct ckpt_op *op = &ck->ops[i];

        switch (op->action) {
        case CKPT_UNCREATE:
            n_conflicts += rollback_uncreate(op, cur, plan, conflicts);
            break;
        case CKPT_RECREATE:
            n_conflicts += rollback_recreate(op, cur, plan, conflicts);
            break;
        case CKPT_RESTORE:
            n_conflicts += rollback_restore(op, cur, plan, conflicts);
            break;
        default:
            OVS_NOT_REACHED();
        }
    }
    if (n_conflicts) {
        plan_destroy(plan);
        plan_init(plan);
    }
    return n_conflicts;
}

/* JSON. */

static struct json *
nullable_string(const char *s)
{
    return s ? json_string_create(s) : json_null_create();
}

struct json *
checkpoint_to_json(const struct checkpoint *ck)
{
    struct json *j = json_object_create();
    struct json *ops = json_array_create_empty();

    json_object_put(j, "version", json_integer_create(CHECKPOINT_VERSION));
    json_object_put(j, "id", nullable_string(ck->id));
    json_object_put_string(j, "state", ckpt_state_to_string(ck->state));
    json_object_put(j, "created", json_integer_create(ck->created));
    json_object_put(j, "deadline", json_integer_create(ck->deadline));
    json_object_put(j, "guardian_pid", json_integer_create(ck->guardian_pid));
    json_object_put(j, "source", nullable_string(ck->source));
    json_object_put(j, "db", nullable_string(ck->db));
    json_object_put(j, "nic_state_file", nullable_string(ck->nic_state_file));
    json_object_put(j, "nic_state_before", ck->nic_state_before
                    ? json_clone(ck->nic_state_before) : json_null_create());
    json_object_put(j, "nic_journal", ck->nic_journal
                    ? json_clone(ck->nic_journal)
                    : json_array_create_empty());

    for (size_t i = 0; i < ck->n_ops; i++) {
        const struct ckpt_op *op = &ck->ops[i];
        struct json *o = json_object_create();
        struct json *changes = json_array_create_empty();

        json_object_put_string(o, "table", plan_table_to_string(op->table));
        json_object_put_string(o, "action",
                               ckpt_action_to_string(op->action));
        json_object_put_string(o, "name", op->name);
        json_object_put(o, "parent", nullable_string(op->parent));
        for (size_t k = 0; k < op->n_changes; k++) {
            const struct ckpt_change *c = &op->changes[k];
            struct json *co = json_object_create();

            json_object_put_string(co, "column", c->column);
            json_object_put(co, "key", nullable_string(c->key));
            json_object_put(co, "ref", json_boolean_create(c->ref));
            json_object_put(co, "applied", nullable_string(c->applied));
            json_object_put(co, "restore", nullable_string(c->restore));
            json_array_add(changes, co);
        }
        json_object_put(o, "changes", changes);
        json_array_add(ops, o);
    }
    json_object_put(j, "ovsdb", ops);
    return j;
}

static const struct json *
member(const struct json *o, const char *name, enum json_type type,
       bool nullable, bool *ok)
{
    const struct json *v = (o->type == JSON_OBJECT
                            ? shash_find_data(json_object(o), name) : NULL);

    if (v && (v->type == type || (nullable && v->type == JSON_NULL))) {
        return v->type == JSON_NULL ? NULL : v;
    }
    if (!v && nullable) {
        return NULL;
    }
    *ok = false;
    return NULL;
}

static char *
member_string(const struct json *o, const char *name, bool *ok)
{
    const struct json *v = member(o, name, JSON_STRING, true, ok);

    return v ? xstrdup(json_string(v)) : NULL;
}

static long long int
member_int(const struct json *o, const char *name, bool *ok)
{
    const struct json *v = member(o, name, JSON_INTEGER, false, ok);

    return v ? json_integer(v) : 0;
}

static bool
table_from_string(const char *s, enum plan_table *table)
{
    for (int t = PLAN_OPEN_VSWITCH; t <= PLAN_INTERFACE; t++) {
        if (!strcmp(s, plan_table_to_string(t))) {
            *table = t;
            return true;
        }
    }
    return false;
}

static bool
action_from_string(const char *s, enum ckpt_action *action)
{
    for (int a = CKPT_UNCREATE; a <= CKPT_RESTORE; a++) {
        if (!strcmp(s, ckpt_action_to_string(a))) {
            *action = a;
            return true;
        }
    }
    return false;
}

static bool
op_from_json(struct checkpoint *ck, const struct json *o)
{
    bool ok = true;
    char *table = member_string(o, "table", &ok);
    char *action = member_string(o, "action", &ok);
    char *name = member_string(o, "name", &ok);
    char *parent = member_string(o, "parent", &ok);
    const struct json *changes = member(o, "changes", JSON_ARRAY, false, &ok);
    enum plan_table t = PLAN_OPEN_VSWITCH;
    enum ckpt_action a = CKPT_RESTORE;

    ok = (ok && table && action && name && table_from_string(table, &t)
          && action_from_string(action, &a));
    if (ok) {
        struct ckpt_op *op = add_op(ck, t, a, name, parent);

        for (size_t i = 0; ok && i < json_array(changes)->n; i++) {
            const struct json *co = json_array(changes)->elems[i];

            if (co->type != JSON_OBJECT) {
                ok = false;
                break;
            }

            const struct json *ref = shash_find_data(json_object(co), "ref");
            char *column = member_string(co, "column", &ok);
            char *key = member_string(co, "key", &ok);
            char *applied = member_string(co, "applied", &ok);
            char *restore = member_string(co, "restore", &ok);

            ok = ok && column && ref && (ref->type == JSON_TRUE
                                         || ref->type == JSON_FALSE);
            if (ok) {
                add_change(op, column, key, ref->type == JSON_TRUE, applied,
                           restore);
            }
            free(column);
            free(key);
            free(applied);
            free(restore);
        }
    }
    free(table);
    free(action);
    free(name);
    free(parent);
    return ok;
}

char *
checkpoint_from_json(const struct json *j, struct checkpoint *ck)
{
    bool ok = true;

    checkpoint_init(ck);
    if (j->type != JSON_OBJECT) {
        return xstrdup("not a JSON object");
    }
    if (member_int(j, "version", &ok) != CHECKPOINT_VERSION || !ok) {
        return xasprintf("not a version %d checkpoint", CHECKPOINT_VERSION);
    }

    char *state = member_string(j, "state", &ok);
    ck->state = state && !strcmp(state, "pending") ? CKPT_PENDING
                : CKPT_APPLYING;
    free(state);
    ck->id = member_string(j, "id", &ok);
    ck->created = member_int(j, "created", &ok);
    ck->deadline = member_int(j, "deadline", &ok);
    ck->guardian_pid = member_int(j, "guardian_pid", &ok);
    ck->source = member_string(j, "source", &ok);
    ck->db = member_string(j, "db", &ok);
    ck->nic_state_file = member_string(j, "nic_state_file", &ok);

    const struct json *v = shash_find_data(json_object(j),
                                           "nic_state_before");
    ck->nic_state_before = v && v->type != JSON_NULL ? json_clone(v) : NULL;
    v = member(j, "nic_journal", JSON_ARRAY, true, &ok);
    ck->nic_journal = v && json_array(v)->n ? json_clone(v) : NULL;

    const struct json *ops = member(j, "ovsdb", JSON_ARRAY, false, &ok);
    for (size_t i = 0; ok && i < json_array(ops)->n; i++) {
        ok = op_from_json(ck, json_array(ops)->elems[i]);
    }
    if (!ok || !ck->id) {
        checkpoint_destroy(ck);
        return xstrdup("malformed checkpoint");
    }
    return NULL;
}

/* Files. */

static int
write_file(const char *path, const char *text, char **errp)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    size_t len = strlen(text);
    int error = 0;

    if (fd < 0) {
        error = errno;
    } else {
        if (fchmod(fd, 0600) || write(fd, text, len) != (ssize_t) len
            || fsync(fd)) {
            error = errno ? errno : EIO;
        }
        if (close(fd) && !error) {
            error = errno;
        }
    }
    if (error) {
        *errp = xasprintf("%s: %s", path, ovs_strerror(error));
        unlink(path);
    }
    return error;
}

static void
make_parent_dir(const char *path)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');

    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0700);
    }
    free(dir);
}

static char *
checkpoint_text(const struct checkpoint *ck)
{
    struct json *j = checkpoint_to_json(ck);
    char *s = json_to_string(j, JSSF_PRETTY | JSSF_SORT);
    char *text = xasprintf("%s\n", s);

    free(s);
    json_destroy(j);
    return text;
}

/* Writes 'ck' to 'path' through a temporary file, so that a reader sees
 * the old file or the new one, never a part: linked if 'exclusive' (it
 * fails, EEXIST, if 'path' exists), else renamed over it. */
static int
publish(const char *path, const struct checkpoint *ck, bool exclusive,
        char **errp)
{
    char *tmp = xasprintf("%s.new.%ld", path, (long int) getpid());
    char *text = checkpoint_text(ck);
    int error;

    *errp = NULL;
    error = write_file(tmp, text, errp);
    if (!error && (exclusive ? link(tmp, path) : rename(tmp, path))) {
        error = errno;
        *errp = xasprintf("%s: %s", path, ovs_strerror(error));
    }
    if (exclusive || error) {
        unlink(tmp);
    }
    free(text);
    free(tmp);
    return error;
}

int
checkpoint_create_file(const char *path, const struct checkpoint *ck,
                       char **errp)
{
    make_parent_dir(path);
    return publish(path, ck, true, errp);
}

int
checkpoint_save(const char *path, const struct checkpoint *ck, char **errp)
{
    return publish(path, ck, false, errp);
}

int
checkpoint_load(const char *path, struct checkpoint *ck, char **errp)
{
    *errp = NULL;
    checkpoint_init(ck);
    if (access(path, F_OK)) {
        int error = errno;

        *errp = xasprintf("%s: %s", path, ovs_strerror(error));
        return error;
    }

    struct json *j = json_from_file(path);
    char *err = (j->type == JSON_STRING ? xstrdup(json_string(j))
                 : checkpoint_from_json(j, ck));
    json_destroy(j);
    if (err) {
        *errp = xasprintf("%s: %s", path, err);
        free(err);
        return EINVAL;
    }
    return 0;
}

int
checkpoint_remove(const char *path, char **errp)
{
    *errp = NULL;
    if (unlink(path) && errno != ENOENT) {
        int error = errno;

        *errp = xasprintf("%s: %s", path, ovs_strerror(error));
        return error;
    }
    return 0;
}

int
checkpoint_lock(const char *path, char **errp)
{
    char *lock = xasprintf("%s.lock", path);
    int fd;

    *errp = NULL;
    make_parent_dir(path);
    fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX)) {
        *errp = xasprintf("%s: %s", lock, ovs_strerror(errno));
        if (fd >= 0) {
            close(fd);
        }
        fd = -1;
    }
    free(lock);
    return fd;
}

void
checkpoint_unlock(int fd)
{
    if (fd >= 0) {
        close(fd);
    }
}
