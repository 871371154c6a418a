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

#ifndef PLAN_H
#define PLAN_H 1

/* The plan: what must change in the Open_vSwitch database so that it matches
 * the desired state.
 *
 * plan_compute() is a pure function of a validated configuration and a
 * database snapshot.  The plan is the single description of a change: "plan"
 * prints it, "apply" executes exactly its operations in one transaction (see
 * ovsdb/offload-apply.h), and after the commit a fresh plan against the new
 * database must be empty, which is how apply verifies its work.
 *
 * Ownership rules applied here:
 *   - Rows are created with external_ids:ovs-offload-owner.
 *   - Rows without that key are never modified or deleted; a name clash
 *     with such a row is a conflict (see plan.conflicts) unless the bridge
 *     says "adopt".
 *   - Owned rows absent from the file are deleted (mark and sweep), but a
 *     bridge holding foreign ports is kept, with a warning.
 *   - Map columns change key by key; keys ovs-offload never set survive. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct db_state;
struct ds;
struct json;
struct offload_config;
struct smap;

enum plan_table {
    PLAN_OPEN_VSWITCH,
    PLAN_BRIDGE,
    PLAN_PORT,
    PLAN_INTERFACE,
};

enum plan_action {
    PLAN_CREATE,
    PLAN_MODIFY,
    PLAN_DELETE,
};

enum plan_change_kind {
    PLAN_SET,                 /* Scalar or set column := new_value ("" to
                               * clear).  Sets of integers are written as a
                               * comma-separated list. */
    PLAN_SETKEY,              /* column[key] := new_value. */
    PLAN_DELKEY,              /* Remove column[key]. */
    PLAN_ADDREF,              /* Add the row named new_value to a reference
                               * column (Bridge ports, Port interfaces,
                               * Open_vSwitch bridges). */
    PLAN_DELREF,              /* Remove the row named old_value from a
                               * reference column. */
};

struct plan_change {
    enum plan_change_kind kind;
    char *column;             /* OVSDB column name, e.g. "other_config". */
    char *key;                /* Map key for SETKEY/DELKEY, else NULL. */
    char *old_value;          /* NULL if absent before. */
    char *new_value;          /* NULL if absent after. */
};

struct plan_op {
    enum plan_table table;
    enum plan_action action;
    char *name;               /* Row name ("." for Open_vSwitch). */
    char *parent;             /* Bridge of a port, port of an interface. */
    struct plan_change *changes;
    size_t n_changes, allocated_changes;
};

struct plan_options {
    long int vswitchd_pid;    /* Pid of the running ovs-vswitchd, or 0 if it
                               * is not running.  Settings that ovs-vswitchd
                               * reads only at start need a restart when it
                               * runs; the plan records the pending restart
                               * against this pid. */
};

/* Open_vSwitch external_ids key recording a pending restart of ovs-vswitchd:
 * "PID REASON".  It is stale, and dropped, once that pid is gone. */
#define PLAN_RESTART_KEY "ovs-offload-restart-pending"

/* Returns the reason recorded in 'external_ids' for a restart of the
 * ovs-vswitchd with pid 'pid', or NULL if none is pending for it. */
const char *plan_pending_restart(const struct smap *external_ids,
                                 long int pid);

struct plan {
    struct plan_op *ops;      /* In execution order. */
    size_t n_ops, allocated_ops;

    char **warnings;          /* Human-readable, one line each. */
    size_t n_warnings;
    char **conflicts;         /* Reasons the plan cannot be applied. */
    size_t n_conflicts;

    bool restart_needed;      /* ovs-vswitchd must restart for a change to
                               * take effect. */
    char *restart_reason;     /* Why, or NULL. */
};

void plan_init(struct plan *);
void plan_destroy(struct plan *);

/* Computes in 'plan' (initialized by the caller) the changes that turn the
 * database in 'state' into the desired state 'cfg'. */
void plan_compute(const struct offload_config *cfg,
                  const struct db_state *state,
                  const struct plan_options *options,
                  struct plan *plan);

/* True if 'plan' has no operation. */
bool plan_is_empty(const struct plan *);

/* Appends a human-readable rendering of 'plan' to 'out'. */
void plan_format_text(const struct plan *, struct ds *out);

/* Returns 'plan' as a JSON object; the caller owns it. */
struct json *plan_to_json(const struct plan *);

const char *plan_table_to_string(enum plan_table);
const char *plan_action_to_string(enum plan_action);
const char *plan_change_kind_to_string(enum plan_change_kind);

/* A set of integers as the plan writes it: "1,2,3", "" if empty.  The
 * caller frees it.  The checkpoint writes the values it restores the same
 * way. */
char *plan_int_list_to_string(const int64_t *, size_t n);

/* Appends column value 'v' to 'out' as the text renderings show it:
 * quoted, or "(none)" if NULL. */
void plan_format_value(struct ds *out, const char *v);

#endif /* plan.h */
