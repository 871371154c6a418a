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

#ifndef DB_STATE_H
#define DB_STATE_H 1

/* A plain-data snapshot of the part of the Open_vSwitch database that
 * ovs-offload reads: the root row's maps, bridges, ports and interfaces,
 * keyed by name.  The planner (plan.h) works on this snapshot rather than on
 * IDL rows, so that unit tests can build synthetic database states and so
 * that no IDL pointer outlives the iteration it came from.
 *
 * ovsdb/offload-idl.c fills a snapshot from the IDL; tests fill one by hand
 * with the db_state_add_*() helpers. */

#include <stdbool.h>
#include <stdint.h>
#include "openvswitch/shash.h"
#include "smap.h"

/* external_ids key that marks a row as created by ovs-offload.  Its value is
 * the owner name from the configuration. */
#define OFFLOAD_OWNER_KEY "ovs-offload-owner"

/* external_ids key prefix under which ovs-offload records, per row, which
 * keys of a map column it manages: "ovs-offload-keys:other_config" holds a
 * comma-separated sorted list.  Keys that drop out of the file are deleted
 * only if they are listed here, so keys set by others survive. */
#define OFFLOAD_KEYS_PREFIX "ovs-offload-keys:"

/* Open_vSwitch external_ids key prefix recording the value a global
 * other_config key had before ovs-offload first set it ("" if absent), so
 * that removing it from the file restores the operator's value. */
#define OFFLOAD_PRIOR_PREFIX "ovs-offload-prior:"

struct db_iface {
    char *name;
    char *type;               /* "" for a system interface. */
    int64_t mtu_request;      /* 0 if unset. */
    struct smap options;
    struct smap other_config;
    struct smap external_ids;

    /* Status, read-only, for "show". */
    char *link_state;         /* "up", "down" or NULL. */
    char *admin_state;
    int lacp_current;         /* -1 unknown/empty, 0 false, 1 true. */
    int64_t ofport;           /* -1 if unset. */
    char *error;              /* Interface error column, or NULL. */
};

struct db_port {
    char *name;
    char *bridge;             /* Name of the bridge holding it, or NULL. */
    int64_t tag;              /* -1 if unset. */
    int64_t *trunks;          /* Sorted. */
    size_t n_trunks;
    char *bond_mode;          /* NULL if unset. */
    char *lacp;               /* NULL if unset. */
    int64_t bond_updelay;     /* 0 if unset, as OVS reads it. */
    int64_t bond_downdelay;
    struct smap other_config;
    struct smap external_ids;
    char **ifaces;            /* Interface names, sorted. */
    size_t n_ifaces;
    char *bond_active_slave;  /* Status. */
};

struct db_bridge {
    char *name;
    char *datapath_type;      /* "" if unset. */
    char *fail_mode;          /* NULL if unset. */
    struct smap other_config;
    struct smap external_ids;
    char **ports;             /* Port names, sorted. */
    size_t n_ports;
};

struct db_state {
    bool has_root;            /* False if the Open_vSwitch row is missing. */
    struct smap other_config; /* Open_vSwitch other_config. */
    struct smap external_ids; /* Open_vSwitch external_ids. */
    int64_t next_cfg;
    int64_t cur_cfg;

    struct shash bridges;     /* Name -> struct db_bridge *. */
    struct shash ports;       /* Name -> struct db_port *. */
    struct shash ifaces;      /* Name -> struct db_iface *. */
};

void db_state_init(struct db_state *);
void db_state_destroy(struct db_state *);

/* Builders.  Each returns the new object, owned by 'state'; names are
 * copied.  Callers fill the remaining fields directly. */
struct db_bridge *db_state_add_bridge(struct db_state *, const char *name);
struct db_port *db_state_add_port(struct db_state *, const char *bridge,
                                  const char *name);
struct db_iface *db_state_add_iface(struct db_state *, const char *port,
                                    const char *name);

/* Removes the named object, if present, and its name from its parent's
 * list.  Used by tests that play a plan against a snapshot. */
void db_state_delete_bridge(struct db_state *, const char *name);
void db_state_delete_port(struct db_state *, const char *name);
void db_state_delete_iface(struct db_state *, const char *name);

/* Adds or removes 'name' in a sorted-on-finish name list, for reference
 * columns. */
void db_state_name_add(char ***names, size_t *n, const char *name);
void db_state_name_remove(char ***names, size_t *n, const char *name);

/* Sorts the name arrays of every bridge and port; call after building. */
void db_state_finish(struct db_state *);

/* True if 'external_ids' marks the row as created by ovs-offload. */
bool db_state_is_owned(const struct smap *external_ids);

#endif /* db-state.h */
