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

#include "ovsdb/offload-apply.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "controller/plan.h"
#include "lib/vswitch-idl.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "ovsdb/offload-idl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(offload_apply);

/* Rows by name: the database's, overlaid with those this transaction
 * inserts. */
struct apply_ctx {
    struct ovsdb_idl *idl;
    struct ovsdb_idl_txn *txn;
    const struct ovsrec_open_vswitch *root;
    struct shash bridges;     /* Name -> const struct ovsrec_bridge *. */
    struct shash ports;       /* Name -> const struct ovsrec_port *. */
    struct shash ifaces;      /* Name -> const struct ovsrec_interface *. */
    char *error;              /* First error, or NULL. */
};

static void OVS_PRINTF_FORMAT(2, 3)
apply_error(struct apply_ctx *ctx, const char *format, ...)
{
    if (!ctx->error) {
        va_list args;

        va_start(args, format);
        ctx->error = xvasprintf(format, args);
        va_end(args);
    }
}

/* Parses the plan's decimal rendering of an integer column. */
static bool
parse_int(const char *s, int64_t *v)
{
    char *end;

    if (!s || !*s) {
        return false;
    }
    *v = strtoll(s, &end, 10);
    return !*end;
}

/* Parses a comma-separated list of integers into a new array. */
static int64_t *
parse_int_list(const char *s, size_t *n)
{
    int64_t *v = NULL;
    char *copy = xstrdup(s ? s : "");
    char *save = NULL;
    size_t allocated = 0;

    *n = 0;
    for (char *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        if (*n >= allocated) {
            v = x2nrealloc(v, &allocated, sizeof *v);
        }
        v[(*n)++] = strtoll(tok, NULL, 10);
    }
    free(copy);
    return v;
}

static const char *
empty_to_null(const char *s)
{
    return s && *s ? s : NULL;
}

/* A map column change: 'setkey'/'delkey' are the column's IDL updaters. */
#define APPLY_MAP(CTX, ROW, TABLE, COL, CHANGE)                         \
    ((CHANGE)->kind == PLAN_SETKEY                                      \
     ? ovsrec_##TABLE##_update_##COL##_setkey(ROW, (CHANGE)->key,       \
                                              (CHANGE)->new_value)      \
     : ovsrec_##TABLE##_update_##COL##_delkey(ROW, (CHANGE)->key))

static bool
is_map_change(const struct plan_change *c)
{
    return c->kind == PLAN_SETKEY || c->kind == PLAN_DELKEY;
}

static void
apply_root_change(struct apply_ctx *ctx, const struct plan_change *c)
{
    const struct ovsrec_open_vswitch *root = ctx->root;

    if (is_map_change(c) && !strcmp(c->column, "other_config")) {
        APPLY_MAP(ctx, root, open_vswitch, other_config, c);
    } else if (is_map_change(c) && !strcmp(c->column, "external_ids")) {
        APPLY_MAP(ctx, root, open_vswitch, external_ids, c);
    } else if (c->kind == PLAN_ADDREF && !strcmp(c->column, "bridges")) {
        const struct ovsrec_bridge *br = shash_find_data(&ctx->bridges,
                                                         c->new_value);
        if (br) {
            ovsrec_open_vswitch_update_bridges_addvalue(root, br);
        } else {
            apply_error(ctx, "bridge %s: no such row", c->new_value);
        }
    } else if (c->kind == PLAN_DELREF && !strcmp(c->column, "bridges")) {
        const struct ovsrec_bridge *br = shash_find_data(&ctx->bridges,
                                                         c->old_value);
        if (br) {
            ovsrec_open_vswitch_update_bridges_delvalue(root, br);
        }
    } else {
        apply_error(ctx, "Open_vSwitch: cannot apply %s to column %s",
                    plan_change_kind_to_string(c->kind), c->column);
    }
}

static void
apply_bridge_change(struct apply_ctx *ctx, const struct ovsrec_bridge *row,
                    const struct plan_change *c)
{
    if (c->kind == PLAN_SET && !strcmp(c->column, "datapath_type")) {
        ovsrec_bridge_verify_datapath_type(row);
        ovsrec_bridge_set_datapath_type(row, c->new_value);
    } else if (c->kind == PLAN_SET && !strcmp(c->column, "fail_mode")) {
        ovsrec_bridge_verify_fail_mode(row);
        ovsrec_bridge_set_fail_mode(row, empty_to_null(c->new_value));
    } else if (is_map_change(c) && !strcmp(c->column, "other_config")) {
        APPLY_MAP(ctx, row, bridge, other_config, c);
    } else if (is_map_change(c) && !strcmp(c->column, "external_ids")) {
        APPLY_MAP(ctx, row, bridge, external_ids, c);
    } else if (c->kind == PLAN_ADDREF && !strcmp(c->column, "ports")) {
        const struct ovsrec_port *port = shash_find_data(&ctx->ports,
                                                         c->new_value);
        if (port) {
            ovsrec_bridge_update_ports_addvalue(row, port);
        } else {
            apply_error(ctx, "port %s: no such row", c->new_value);
        }
    } else if (c->kind == PLAN_DELREF && !strcmp(c->column, "ports")) {
        const struct ovsrec_port *port = shash_find_data(&ctx->ports,
                                                         c->old_value);
        if (port) {
            ovsrec_bridge_update_ports_delvalue(row, port);
        }
    } else {
        apply_error(ctx, "Bridge %s: cannot apply %s to column %s",
                    row->name, plan_change_kind_to_string(c->kind),
                    c->column);
    }
}

static void
apply_port_change(struct apply_ctx *ctx, const struct ovsrec_port *row,
                  const struct plan_change *c)
{
    int64_t v;

    if (c->kind == PLAN_SET && !strcmp(c->column, "tag")) {
        ovsrec_port_verify_tag(row);
        bool has = parse_int(c->new_value, &v);
        ovsrec_port_set_tag(row, has ? &v : NULL, has);
    } else if (c->kind == PLAN_SET && !strcmp(c->column, "trunks")) {
        size_t n;
        int64_t *trunks = parse_int_list(c->new_value, &n);

        ovsrec_port_verify_trunks(row);
        ovsrec_port_set_trunks(row, trunks, n);
        free(trunks);
    } else if (c->kind == PLAN_SET && !strcmp(c->column, "bond_mode")) {
        ovsrec_port_verify_bond_mode(row);
        ovsrec_port_set_bond_mode(row, empty_to_null(c->new_value));
    } else if (c->kind == PLAN_SET && !strcmp(c->column, "lacp")) {
        ovsrec_port_verify_lacp(row);
        ovsrec_port_set_lacp(row, empty_to_null(c->new_value));
    } else if (c->kind == PLAN_SET && !strcmp(c->column, "bond_updelay")) {
        ovsrec_port_verify_bond_updelay(row);
        ovsrec_port_set_bond_updelay(row, parse_int(c->new_value, &v)
                                          ? v : 0);
    } else if (c->kind == PLAN_SET && !strcmp(c->column, "bond_downdelay")) {
        ovsrec_port_verify_bond_downdelay(row);
        ovsrec_port_set_bond_downdelay(row, parse_int(c->new_value, &v)
                                            ? v : 0);
    } else if (is_map_change(c) && !strcmp(c->column, "other_config")) {
        APPLY_MAP(ctx, row, port, other_config, c);
    } else if (is_map_change(c) && !strcmp(c->column, "external_ids")) {
        APPLY_MAP(ctx, row, port, external_ids, c);
    } else if (c->kind == PLAN_ADDREF && !strcmp(c->column, "interfaces")) {
        const struct ovsrec_interface *iface
            = shash_find_data(&ctx->ifaces, c->new_value);
        if (iface) {
            ovsrec_port_update_interfaces_addvalue(row, iface);
        } else {
            apply_error(ctx, "interface %s: no such row", c->new_value);
        }
    } else if (c->kind == PLAN_DELREF && !strcmp(c->column, "interfaces")) {
        const struct ovsrec_interface *iface
            = shash_find_data(&ctx->ifaces, c->old_value);
        if (iface) {
            ovsrec_port_update_interfaces_delvalue(row, iface);
        }
    } else {
        apply_error(ctx, "Port %s: cannot apply %s to column %s",
                    row->name, plan_change_kind_to_string(c->kind),
                    c->column);
    }
}

static void
apply_iface_change(struct apply_ctx *ctx, const struct ovsrec_interface *row,
                   const struct plan_change *c)
{
    int64_t v;

    if (c->kind == PLAN_SET && !strcmp(c->column, "type")) {
        ovsrec_interface_verify_type(row);
        ovsrec_interface_set_type(row, c->new_value);
    } else if (c->kind == PLAN_SET && !strcmp(c->column, "mtu_request")) {
        bool has = parse_int(c->new_value, &v);

        ovsrec_interface_verify_mtu_request(row);
        ovsrec_interface_set_mtu_request(row, has ? &v : NULL, has);
    } else if (is_map_change(c) && !strcmp(c->column, "options")) {
        APPLY_MAP(ctx, row, interface, options, c);
    } else if (is_map_change(c) && !strcmp(c->column, "other_config")) {
        APPLY_MAP(ctx, row, interface, other_config, c);
    } else if (is_map_change(c) && !strcmp(c->column, "external_ids")) {
        APPLY_MAP(ctx, row, interface, external_ids, c);
    } else {
        apply_error(ctx, "Interface %s: cannot apply %s to column %s",
                    row->name, plan_change_kind_to_string(c->kind),
                    c->column);
    }
}

static void
index_rows(struct apply_ctx *ctx)
{
    const struct ovsrec_bridge *br;
    const struct ovsrec_port *port;
    const struct ovsrec_interface *iface;

    OVSREC_BRIDGE_FOR_EACH (br, ctx->idl) {
        shash_replace(&ctx->bridges, br->name, br);
    }
    OVSREC_PORT_FOR_EACH (port, ctx->idl) {
        shash_replace(&ctx->ports, port->name, port);
    }
    OVSREC_INTERFACE_FOR_EACH (iface, ctx->idl) {
        shash_replace(&ctx->ifaces, iface->name, iface);
    }
}

/* Inserts the rows of CREATE operations and indexes them by name. */
static void
insert_rows(struct apply_ctx *ctx, const struct plan *plan)
{
    for (size_t i = 0; i < plan->n_ops; i++) {
        const struct plan_op *op = &plan->ops[i];

        if (op->action != PLAN_CREATE) {
            continue;
        }
        switch (op->table) {
        case PLAN_OPEN_VSWITCH:
            if (!ctx->root) {
                ctx->root = ovsrec_open_vswitch_insert(ctx->txn);
            }
            break;
        case PLAN_BRIDGE: {
            const struct ovsrec_bridge *row = ovsrec_bridge_insert(ctx->txn);

            ovsrec_bridge_set_name(row, op->name);
            shash_replace(&ctx->bridges, op->name, row);
            break;
        }
        case PLAN_PORT: {
            const struct ovsrec_port *row = ovsrec_port_insert(ctx->txn);

            ovsrec_port_set_name(row, op->name);
            shash_replace(&ctx->ports, op->name, row);
            break;
        }
        case PLAN_INTERFACE: {
            const struct ovsrec_interface *row
                = ovsrec_interface_insert(ctx->txn);

            ovsrec_interface_set_name(row, op->name);
            shash_replace(&ctx->ifaces, op->name, row);
            break;
        }
        default:
            OVS_NOT_REACHED();
        }
    }
}

/* Whole-column values for a row that this transaction inserts: partial
 * updates (setkey, addvalue) are for rows that exist already, so a new row
 * gets each map and reference column written once, as "ovs-vsctl add-bond"
 * does. */
struct new_row {
    struct smap other_config;
    struct smap external_ids;
    struct smap options;
    const void **refs;        /* Rows for the table's reference column. */
    size_t n_refs;
};

static void
new_row_add_ref(struct new_row *nr, const void *row)
{
    nr->refs = xrealloc(nr->refs, (nr->n_refs + 1) * sizeof *nr->refs);
    nr->refs[nr->n_refs++] = row;
}

/* Gathers into 'nr' the map keys and the references (resolved by name) of
 * CREATE operation 'op'; scalar SETs are left to the caller. */
static void
new_row_collect(struct apply_ctx *ctx, const struct plan_op *op,
                struct new_row *nr)
{
    const struct shash *targets[] = {
        [PLAN_OPEN_VSWITCH] = &ctx->bridges,
        [PLAN_BRIDGE] = &ctx->ports,
        [PLAN_PORT] = &ctx->ifaces,
        [PLAN_INTERFACE] = NULL,
    };

    smap_init(&nr->other_config);
    smap_init(&nr->external_ids);
    smap_init(&nr->options);
    nr->refs = NULL;
    nr->n_refs = 0;
    for (size_t i = 0; i < op->n_changes; i++) {
        const struct plan_change *c = &op->changes[i];

        if (c->kind == PLAN_SETKEY) {
            struct smap *map = (!strcmp(c->column, "other_config")
                                ? &nr->other_config
                                : !strcmp(c->column, "external_ids")
                                ? &nr->external_ids : &nr->options);
            smap_replace(map, c->key, c->new_value);
        } else if (c->kind == PLAN_ADDREF && targets[op->table]) {
            const void *row = shash_find_data(targets[op->table],
                                              c->new_value);
            if (row) {
                new_row_add_ref(nr, row);
            } else {
                apply_error(ctx, "%s %s: no row named %s to reference",
                            plan_table_to_string(op->table), op->name,
                            c->new_value);
            }
        }
    }
}

static void
new_row_destroy(struct new_row *nr)
{
    smap_destroy(&nr->other_config);
    smap_destroy(&nr->external_ids);
    smap_destroy(&nr->options);
    free(nr->refs);
}

static bool
is_partial_change(const struct plan_change *c)
{
    return c->kind != PLAN_SET;
}

/* Writes the whole-column values of new row 'op' (see struct new_row). */
static void
write_new_row(struct apply_ctx *ctx, const struct plan_op *op)
{
    struct new_row nr;

    new_row_collect(ctx, op, &nr);
    switch (op->table) {
    case PLAN_OPEN_VSWITCH:
        ovsrec_open_vswitch_set_other_config(ctx->root, &nr.other_config);
        ovsrec_open_vswitch_set_external_ids(ctx->root, &nr.external_ids);
        ovsrec_open_vswitch_set_bridges(
            ctx->root, (struct ovsrec_bridge **) nr.refs, nr.n_refs);
        break;
    case PLAN_BRIDGE: {
        const struct ovsrec_bridge *row = shash_find_data(&ctx->bridges,
                                                          op->name);
        ovsrec_bridge_set_other_config(row, &nr.other_config);
        ovsrec_bridge_set_external_ids(row, &nr.external_ids);
        ovsrec_bridge_set_ports(row, (struct ovsrec_port **) nr.refs,
                                nr.n_refs);
        break;
    }
    case PLAN_PORT: {
        const struct ovsrec_port *row = shash_find_data(&ctx->ports,
                                                        op->name);
        ovsrec_port_set_other_config(row, &nr.other_config);
        ovsrec_port_set_external_ids(row, &nr.external_ids);
        ovsrec_port_set_interfaces(row, (struct ovsrec_interface **) nr.refs,
                                   nr.n_refs);
        break;
    }
    case PLAN_INTERFACE: {
        const struct ovsrec_interface *row = shash_find_data(&ctx->ifaces,
                                                             op->name);
        ovsrec_interface_set_options(row, &nr.options);
        ovsrec_interface_set_other_config(row, &nr.other_config);
        ovsrec_interface_set_external_ids(row, &nr.external_ids);
        break;
    }
    default:
        OVS_NOT_REACHED();
    }
    new_row_destroy(&nr);
}

/* Applies the column changes of CREATE and MODIFY operations.  Rows that
 * exist already are verified on external_ids, where ownership lives. */
static void
apply_changes(struct apply_ctx *ctx, const struct plan_op *op)
{
    const char *name = op->name;
    bool created = op->action == PLAN_CREATE;

    switch (op->table) {
    case PLAN_OPEN_VSWITCH:
        for (size_t i = 0; i < op->n_changes; i++) {
            if (!created || !is_partial_change(&op->changes[i])) {
                apply_root_change(ctx, &op->changes[i]);
            }
        }
        break;
    case PLAN_BRIDGE: {
        const struct ovsrec_bridge *row = shash_find_data(&ctx->bridges,
                                                          name);
        if (!row) {
            apply_error(ctx, "bridge %s vanished", name);
            break;
        }
        if (op->action == PLAN_MODIFY) {
            ovsrec_bridge_verify_external_ids(row);
        }
        for (size_t i = 0; i < op->n_changes; i++) {
            if (!created || !is_partial_change(&op->changes[i])) {
                apply_bridge_change(ctx, row, &op->changes[i]);
            }
        }
        break;
    }
    case PLAN_PORT: {
        const struct ovsrec_port *row = shash_find_data(&ctx->ports, name);

        if (!row) {
            apply_error(ctx, "port %s vanished", name);
            break;
        }
        if (op->action == PLAN_MODIFY) {
            ovsrec_port_verify_external_ids(row);
        }
        for (size_t i = 0; i < op->n_changes; i++) {
            if (!created || !is_partial_change(&op->changes[i])) {
                apply_port_change(ctx, row, &op->changes[i]);
            }
        }
        break;
    }
    case PLAN_INTERFACE: {
        const struct ovsrec_interface *row = shash_find_data(&ctx->ifaces,
                                                             name);
        if (!row) {
            apply_error(ctx, "interface %s vanished", name);
            break;
        }
        if (op->action == PLAN_MODIFY) {
            ovsrec_interface_verify_external_ids(row);
        }
        for (size_t i = 0; i < op->n_changes; i++) {
            if (!created || !is_partial_change(&op->changes[i])) {
                apply_iface_change(ctx, row, &op->changes[i]);
            }
        }
        break;
    }
    default:
        OVS_NOT_REACHED();
    }
    if (created && !ctx->error) {
        write_new_row(ctx, op);
    }
}

/* Deletes the row of a DELETE operation.  Its parent lets go of it through
 * a DELREF change elsewhere in the plan, or for a port whose bridge goes
 * too, through the bridge's deletion. */
static void
delete_row(struct apply_ctx *ctx, const struct plan_op *op)
{
    switch (op->table) {
    case PLAN_BRIDGE: {
        const struct ovsrec_bridge *row = shash_find_data(&ctx->bridges,
                                                          op->name);
        if (row) {
            ovsrec_bridge_verify_external_ids(row);
            ovsrec_bridge_delete(row);
        }
        break;
    }
    case PLAN_PORT: {
        const struct ovsrec_port *row = shash_find_data(&ctx->ports,
                                                        op->name);
        const struct ovsrec_bridge *br = (op->parent
                                          ? shash_find_data(&ctx->bridges,
                                                            op->parent)
                                          : NULL);
        if (row) {
            ovsrec_port_verify_external_ids(row);
            if (br) {
                ovsrec_bridge_update_ports_delvalue(br, row);
            }
            ovsrec_port_delete(row);
        }
        break;
    }
    case PLAN_INTERFACE: {
        const struct ovsrec_interface *row = shash_find_data(&ctx->ifaces,
                                                             op->name);
        if (row) {
            ovsrec_interface_delete(row);
        }
        break;
    }
    case PLAN_OPEN_VSWITCH:
    default:
        apply_error(ctx, "%s %s: cannot be deleted",
                    plan_table_to_string(op->table), op->name);
        break;
    }
}

enum offload_apply_result
offload_apply_plan(struct ovsdb_idl *idl, const struct plan *plan,
                   const char *comment, bool bump_cfg, int64_t *next_cfg,
                   char **errp)
{
    struct apply_ctx ctx = {
        .idl = idl,
        .txn = ovsdb_idl_txn_create(idl),
        .root = ovsrec_open_vswitch_first(idl),
    };
    enum offload_apply_result result;

    *errp = NULL;
    shash_init(&ctx.bridges);
    shash_init(&ctx.ports);
    shash_init(&ctx.ifaces);
    ovsdb_idl_txn_add_comment(ctx.txn, "%s", comment);

    index_rows(&ctx);
    insert_rows(&ctx, plan);
    if (!ctx.root) {
        /* plan_compute() creates the root row whenever it is missing. */
        apply_error(&ctx, "the database has no Open_vSwitch row");
    }
    for (size_t i = 0; i < plan->n_ops; i++) {
        if (plan->ops[i].action != PLAN_DELETE) {
            apply_changes(&ctx, &plan->ops[i]);
        }
    }
    for (size_t i = 0; i < plan->n_ops; i++) {
        if (plan->ops[i].action == PLAN_DELETE) {
            delete_row(&ctx, &plan->ops[i]);
        }
    }
    if (bump_cfg) {
        ovsdb_idl_txn_increment(ctx.txn, &ctx.root->header_,
                                &ovsrec_open_vswitch_col_next_cfg, false);
    }

    if (ctx.error) {
        ovsdb_idl_txn_abort(ctx.txn);
        *errp = ctx.error;
        ctx.error = NULL;
        result = OFFLOAD_APPLY_ERROR;
    } else {
        enum ovsdb_idl_txn_status status = ovsdb_idl_txn_commit_block(ctx.txn);

        switch (status) {
        case TXN_SUCCESS:
        case TXN_UNCHANGED:
            if (bump_cfg && next_cfg) {
                *next_cfg = ovsdb_idl_txn_get_increment_new_value(ctx.txn);
            }
            result = OFFLOAD_APPLY_OK;
            break;
        case TXN_TRY_AGAIN:
            result = OFFLOAD_APPLY_TRY_AGAIN;
            break;
        case TXN_UNCOMMITTED:
        case TXN_INCOMPLETE:
        case TXN_ABORTED:
        case TXN_NOT_LOCKED:
        case TXN_ERROR:
        default:
            *errp = xasprintf("transaction failed (%s): %s",
                              ovsdb_idl_txn_status_to_string(status),
                              ovsdb_idl_txn_get_error(ctx.txn));
            result = OFFLOAD_APPLY_ERROR;
            break;
        }
    }

    ovsdb_idl_txn_destroy(ctx.txn);
    shash_destroy(&ctx.bridges);
    shash_destroy(&ctx.ports);
    shash_destroy(&ctx.ifaces);
    free(ctx.error);
    return result;
}

static bool
vswitchd_reached(struct ovsdb_idl *idl, const void *next_cfg_)
{
    const struct ovsrec_open_vswitch *root = ovsrec_open_vswitch_first(idl);
    const int64_t *next_cfg = next_cfg_;

    return root && root->cur_cfg >= *next_cfg;
}

bool
offload_apply_wait_vswitchd(struct ovsdb_idl *idl, int64_t next_cfg,
                            long long int deadline)
{
    return offload_idl_wait(idl, vswitchd_reached, &next_cfg, deadline);
}
