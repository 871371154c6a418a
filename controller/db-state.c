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

#include "controller/db-state.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

void
db_state_name_add(char ***names, size_t *n, const char *name)
{
    *names = xrealloc(*names, (*n + 1) * sizeof **names);
    (*names)[(*n)++] = xstrdup(name);
}

static void
free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(names[i]);
    }
    free(names);
}

static int
compare_names(const void *a_, const void *b_)
{
    const char *const *a = a_;
    const char *const *b = b_;

    return strcmp(*a, *b);
}

static int
compare_int64(const void *a_, const void *b_)
{
    const int64_t *a = a_;
    const int64_t *b = b_;

    return *a < *b ? -1 : *a > *b;
}

void
db_state_init(struct db_state *state)
{
    memset(state, 0, sizeof *state);
    smap_init(&state->other_config);
    smap_init(&state->external_ids);
    shash_init(&state->bridges);
    shash_init(&state->ports);
    shash_init(&state->ifaces);
}

static void
db_bridge_free(struct db_bridge *br)
{
    free(br->name);
    free(br->datapath_type);
    free(br->fail_mode);
    smap_destroy(&br->other_config);
    smap_destroy(&br->external_ids);
    free_names(br->ports, br->n_ports);
    free(br);
}

static void
db_port_free(struct db_port *port)
{
    free(port->name);
    free(port->bridge);
    free(port->trunks);
    free(port->bond_mode);
    free(port->lacp);
    smap_destroy(&port->other_config);
    smap_destroy(&port->external_ids);
    free_names(port->ifaces, port->n_ifaces);
    free(port->bond_active_slave);
    free(port);
}

static void
db_iface_free(struct db_iface *iface)
{
    free(iface->name);
    free(iface->type);
    smap_destroy(&iface->options);
    smap_destroy(&iface->other_config);
    smap_destroy(&iface->external_ids);
    free(iface->link_state);
    free(iface->admin_state);
    free(iface->error);
    free(iface);
}

void
db_state_destroy(struct db_state *state)
{
    if (!state) {
        return;
    }
    struct shash_node *node;

    SHASH_FOR_EACH (node, &state->bridges) {
        db_bridge_free(node->data);
    }
    SHASH_FOR_EACH (node, &state->ports) {
        db_port_free(node->data);
    }
    SHASH_FOR_EACH (node, &state->ifaces) {
        db_iface_free(node->data);
    }
    shash_destroy(&state->bridges);
    shash_destroy(&state->ports);
    shash_destroy(&state->ifaces);
    smap_destroy(&state->other_config);
    smap_destroy(&state->external_ids);
}

struct db_bridge *
db_state_add_bridge(struct db_state *state, const char *name)
{
    struct db_bridge *br = xzalloc(sizeof *br);

    br->name = xstrdup(name);
    br->datapath_type = xstrdup("");
    smap_init(&br->other_config);
    smap_init(&br->external_ids);
    shash_replace(&state->bridges, name, br);
    return br;
}

struct db_port *
db_state_add_port(struct db_state *state, const char *bridge,
                  const char *name)
{
    struct db_port *port = xzalloc(sizeof *port);

    port->name = xstrdup(name);
    port->tag = -1;
    smap_init(&port->other_config);
    smap_init(&port->external_ids);
    shash_replace(&state->ports, name, port);
    if (bridge) {
        struct db_bridge *br = shash_find_data(&state->bridges, bridge);

        port->bridge = xstrdup(bridge);
        if (br) {
            db_state_name_add(&br->ports, &br->n_ports, name);
        }
    }
    return port;
}

struct db_iface *
db_state_add_iface(struct db_state *state, const char *port_name,
                   const char *name)
{
    struct db_iface *iface = xzalloc(sizeof *iface);

    iface->name = xstrdup(name);
    iface->type = xstrdup("");
    iface->lacp_current = -1;
    iface->ofport = -1;
    smap_init(&iface->options);
    smap_init(&iface->other_config);
    smap_init(&iface->external_ids);
    shash_replace(&state->ifaces, name, iface);
    if (port_name) {
        struct db_port *port = shash_find_data(&state->ports, port_name);

        if (port) {
            db_state_name_add(&port->ifaces, &port->n_ifaces, name);
        }
    }
    return iface;
}

/* qsort() wants a non-null array even when it is empty. */
static void
sort_array(void *base, size_t n, size_t size,
           int (*compare)(const void *, const void *))
{
    if (n) {
        qsort(base, n, size, compare);
    }
}

void
db_state_finish(struct db_state *state)
{
    struct shash_node *node;

    SHASH_FOR_EACH (node, &state->bridges) {
        struct db_bridge *br = node->data;

        sort_array(br->ports, br->n_ports, sizeof *br->ports,
                   compare_names);
    }
    SHASH_FOR_EACH (node, &state->ports) {
        struct db_port *port = node->data;

        sort_array(port->ifaces, port->n_ifaces, sizeof *port->ifaces,
                   compare_names);
        sort_array(port->trunks, port->n_trunks, sizeof *port->trunks,
                   compare_int64);
    }
}

bool
db_state_is_owned(const struct smap *external_ids)
{
    return smap_get(external_ids, OFFLOAD_OWNER_KEY) != NULL;
}

void
db_state_name_remove(char ***names, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++) {
        if (!strcmp((*names)[i], name)) {
            free((*names)[i]);
            (*names)[i] = (*names)[--*n];
            return;
        }
    }
}

void
db_state_delete_bridge(struct db_state *state, const char *name)
{
    struct db_bridge *br = shash_find_and_delete(&state->bridges, name);

    if (br) {
        db_bridge_free(br);
    }
}

void
db_state_delete_port(struct db_state *state, const char *name)
{
    struct db_port *port = shash_find_and_delete(&state->ports, name);

    if (port) {
        struct db_bridge *br = (port->bridge
                                ? shash_find_data(&state->bridges,
                                                  port->bridge)
                                : NULL);
        if (br) {
            db_state_name_remove(&br->ports, &br->n_ports, name);
        }
        db_port_free(port);
    }
}

void
db_state_delete_iface(struct db_state *state, const char *name)
{
    struct db_iface *iface = shash_find_and_delete(&state->ifaces, name);
    struct shash_node *node;

    if (!iface) {
        return;
    }
    SHASH_FOR_EACH (node, &state->ports) {
        struct db_port *port = node->data;

        db_state_name_remove(&port->ifaces, &port->n_ifaces, name);
    }
    db_iface_free(iface);
}
