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

/* A fake ovsdb-server for unit tests: carries out a plan on a db_state the
 * way offload_apply_plan() and ovsdb-server would (rows first, then column
 * changes, then deletions, then garbage collection of unreferenced ports
 * and interfaces).  Shared by the planner and checkpoint tests. */

#include <config.h>

#include "fake-ovsdb.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "controller/db-state.h"
#include "controller/plan.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"

static struct smap *
map_column(struct db_state *st, const struct plan_op *op, const char *col)
{
    bool ext = !strcmp(col, "external_ids");
    bool oc = !strcmp(col, "other_config");

    switch (op->table) {
    case PLAN_OPEN_VSWITCH:
        return ext ? &st->external_ids : oc ? &st->other_config : NULL;
    case PLAN_BRIDGE: {
        struct db_bridge *br = shash_find_data(&st->bridges, op->name);
        return ext ? &br->external_ids : oc ? &br->other_config : NULL;
    }
    case PLAN_PORT: {
        struct db_port *port = shash_find_data(&st->ports, op->name);
        return ext ? &port->external_ids : oc ? &port->other_config : NULL;
    }
    case PLAN_INTERFACE: {
        struct db_iface *iface = shash_find_data(&st->ifaces, op->name);
        return (ext ? &iface->external_ids : oc ? &iface->other_config
                : !strcmp(col, "options") ? &iface->options : NULL);
    }
    default:
        return NULL;
    }
}

static void
replace_str(char **dst, const char *v)
{
    free(*dst);
    *dst = v && *v ? xstrdup(v) : NULL;
}

static void
set_column(struct db_state *st, const struct plan_op *op,
           const struct plan_change *c)
{
    const char *v = c->new_value;

    if (op->table == PLAN_BRIDGE) {
        struct db_bridge *br = shash_find_data(&st->bridges, op->name);

        if (!strcmp(c->column, "datapath_type")) {
            free(br->datapath_type);
            br->datapath_type = xstrdup(v);
        } else if (!strcmp(c->column, "fail_mode")) {
            replace_str(&br->fail_mode, v);
        } else {
            fail_msg("Bridge column %s", c->column);
        }
    } else if (op->table == PLAN_PORT) {
        struct db_port *port = shash_find_data(&st->ports, op->name);

        if (!strcmp(c->column, "tag")) {
            port->tag = *v ? atoll(v) : -1;
        } else if (!strcmp(c->column, "trunks")) {
            free(port->trunks);
            port->trunks = NULL;
            port->n_trunks = 0;
            for (const char *p = v; *p; p = strchr(p, ',') ? strchr(p, ',')
                                                              + 1 : "") {
                port->trunks = xrealloc(port->trunks, (port->n_trunks + 1)
                                        * sizeof *port->trunks);
                port->trunks[port->n_trunks++] = atoll(p);
            }
        } else if (!strcmp(c->column, "bond_mode")) {
            replace_str(&port->bond_mode, v);
        } else if (!strcmp(c->column, "lacp")) {
            replace_str(&port->lacp, v);
        } else if (!strcmp(c->column, "bond_updelay")) {
            port->bond_updelay = atoll(v);
        } else if (!strcmp(c->column, "bond_downdelay")) {
            port->bond_downdelay = atoll(v);
        } else {
            fail_msg("Port column %s", c->column);
        }
    } else if (op->table == PLAN_INTERFACE) {
        struct db_iface *iface = shash_find_data(&st->ifaces, op->name);

        if (!strcmp(c->column, "type")) {
            free(iface->type);
            iface->type = xstrdup(v);
        } else if (!strcmp(c->column, "mtu_request")) {
            iface->mtu_request = *v ? atoll(v) : 0;
        } else {
            fail_msg("Interface column %s", c->column);
        }
    } else {
        fail_msg("SET on table %d", op->table);
    }
}

/* Deletes ports and interfaces that nothing references any more. */
static void
garbage_collect(struct db_state *st)
{
    struct shash_node *node, *next;

    SHASH_FOR_EACH_SAFE (node, next, &st->ports) {
        struct db_port *port = node->data;
        struct db_bridge *br = (port->bridge
                                ? shash_find_data(&st->bridges, port->bridge)
                                : NULL);
        bool referenced = false;

        for (size_t i = 0; br && i < br->n_ports; i++) {
            referenced = referenced || !strcmp(br->ports[i], port->name);
        }
        if (!referenced) {
            db_state_delete_port(st, port->name);
        }
    }
    SHASH_FOR_EACH_SAFE (node, next, &st->ifaces) {
        struct shash_node *pn;
        bool referenced = false;

        SHASH_FOR_EACH (pn, &st->ports) {
            struct db_port *port = pn->data;

            for (size_t i = 0; i < port->n_ifaces; i++) {
                referenced = referenced || !strcmp(port->ifaces[i],
                                                   node->name);
            }
        }
        if (!referenced) {
            db_state_delete_iface(st, node->name);
        }
    }
}

static void
play_ref(struct db_state *st, const struct plan_op *op,
         const struct plan_change *c)
{
    bool add = c->kind == PLAN_ADDREF;
    const char *name = add ? c->new_value : c->old_value;

    if (op->table == PLAN_BRIDGE) {
        struct db_bridge *br = shash_find_data(&st->bridges, op->name);
        struct db_port *port = shash_find_data(&st->ports, name);

        if (add) {
            db_state_name_add(&br->ports, &br->n_ports, name);
            free(port->bridge);
            port->bridge = xstrdup(op->name);
        } else {
            db_state_name_remove(&br->ports, &br->n_ports, name);
        }
    } else if (op->table == PLAN_PORT) {
        struct db_port *port = shash_find_data(&st->ports, op->name);

        if (add) {
            db_state_name_add(&port->ifaces, &port->n_ifaces, name);
        } else {
            db_state_name_remove(&port->ifaces, &port->n_ifaces, name);
        }
    }
}

void
fake_ovsdb_play(struct db_state *st, const struct plan *plan)
{
    /* Rows first, like offload_apply_plan(). */
    for (size_t i = 0; i < plan->n_ops; i++) {
        const struct plan_op *op = &plan->ops[i];

        if (op->action != PLAN_CREATE) {
            continue;
        }
        switch (op->table) {
        case PLAN_OPEN_VSWITCH:
            st->has_root = true;
            break;
        case PLAN_BRIDGE:
            db_state_add_bridge(st, op->name);
            break;
        case PLAN_PORT:
            db_state_add_port(st, NULL, op->name);
            break;
        case PLAN_INTERFACE:
            db_state_add_iface(st, NULL, op->name);
            break;
        default:
            fail();
        }
    }
    for (size_t i = 0; i < plan->n_ops; i++) {
        const struct plan_op *op = &plan->ops[i];

        if (op->action == PLAN_DELETE) {
            continue;
        }
        for (size_t j = 0; j < op->n_changes; j++) {
            const struct plan_change *c = &op->changes[j];

            switch (c->kind) {
            case PLAN_SET:
                set_column(st, op, c);
                break;
            case PLAN_SETKEY:
                smap_replace(map_column(st, op, c->column), c->key,
                             c->new_value);
                break;
            case PLAN_DELKEY:
                smap_remove(map_column(st, op, c->column), c->key);
                break;
            case PLAN_ADDREF:
            case PLAN_DELREF:
                play_ref(st, op, c);
                break;
            default:
                fail();
            }
        }
    }
    for (size_t i = 0; i < plan->n_ops; i++) {
        const struct plan_op *op = &plan->ops[i];

        if (op->action == PLAN_DELETE && op->table == PLAN_BRIDGE) {
            db_state_delete_bridge(st, op->name);
        } else if (op->action == PLAN_DELETE && op->table == PLAN_PORT) {
            db_state_delete_port(st, op->name);
        } else if (op->action == PLAN_DELETE
                   && op->table == PLAN_INTERFACE) {
            db_state_delete_iface(st, op->name);
        }
    }
    garbage_collect(st);
    db_state_finish(st);
}

static void
dump_map(struct ds *out, const char *column, const struct smap *map)
{
    const struct smap_node **nodes = smap_sort(map);

    ds_put_format(out, " %s={", column);
    for (size_t i = 0; i < smap_count(map); i++) {
        ds_put_format(out, "%s%s=%s", i ? "," : "", nodes[i]->key,
                      nodes[i]->value);
    }
    ds_put_char(out, '}');
    free(nodes);
}

static void
dump_names(struct ds *out, const char *column, char **names, size_t n)
{
    ds_put_format(out, " %s=[", column);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(out, "%s%s", i ? "," : "", names[i]);
    }
    ds_put_char(out, ']');
}

void
fake_ovsdb_dump(const struct db_state *st, struct ds *out)
{
    const struct shash_node **nodes;

    ds_put_format(out, "Open_vSwitch root=%d", st->has_root);
    dump_map(out, "other_config", &st->other_config);
    dump_map(out, "external_ids", &st->external_ids);
    ds_put_char(out, '\n');

    nodes = shash_sort(&st->bridges);
    for (size_t i = 0; i < shash_count(&st->bridges); i++) {
        const struct db_bridge *br = nodes[i]->data;

        ds_put_format(out, "Bridge %s datapath_type=%s fail_mode=%s",
                      br->name, br->datapath_type ? br->datapath_type : "",
                      br->fail_mode ? br->fail_mode : "");
        dump_map(out, "other_config", &br->other_config);
        dump_map(out, "external_ids", &br->external_ids);
        dump_names(out, "ports", br->ports, br->n_ports);
        ds_put_char(out, '\n');
    }
    free(nodes);

    nodes = shash_sort(&st->ports);
    for (size_t i = 0; i < shash_count(&st->ports); i++) {
        const struct db_port *port = nodes[i]->data;

        ds_put_format(out, "Port %s bridge=%s tag=%"PRId64" trunks=",
                      port->name, port->bridge ? port->bridge : "",
                      port->tag);
        for (size_t k = 0; k < port->n_trunks; k++) {
            ds_put_format(out, "%s%"PRId64, k ? "," : "", port->trunks[k]);
        }
        ds_put_format(out, " bond_mode=%s lacp=%s updelay=%"PRId64
                      " downdelay=%"PRId64,
                      port->bond_mode ? port->bond_mode : "",
                      port->lacp ? port->lacp : "", port->bond_updelay,
                      port->bond_downdelay);
        dump_map(out, "other_config", &port->other_config);
        dump_map(out, "external_ids", &port->external_ids);
        dump_names(out, "interfaces", port->ifaces, port->n_ifaces);
        ds_put_char(out, '\n');
    }
    free(nodes);

    nodes = shash_sort(&st->ifaces);
    for (size_t i = 0; i < shash_count(&st->ifaces); i++) {
        const struct db_iface *iface = nodes[i]->data;

        ds_put_format(out, "Interface %s type=%s mtu_request=%"PRId64,
                      iface->name, iface->type ? iface->type : "",
                      iface->mtu_request);
        dump_map(out, "options", &iface->options);
        dump_map(out, "other_config", &iface->other_config);
        dump_map(out, "external_ids", &iface->external_ids);
        ds_put_char(out, '\n');
    }
    free(nodes);
}
