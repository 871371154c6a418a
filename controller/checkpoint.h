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

#ifndef CHECKPOINT_H
#define CHECKPOINT_H 1

/* The checkpoint of "apply --confirm-within": an undo log.
 *
 * Before the transaction commits, the plan (what the apply sets) and the
 * database snapshot the plan was computed from (what was there) give, for
 * every row and column the apply touches, both values.  The checkpoint
 * keeps them as operations on rows:
 *
 *   UNCREATE  a row the apply creates: delete it again.  Its 'changes' are
 *             what the apply wrote, checked before the delete.
 *   RECREATE  a row the apply deletes: insert it again with every column
 *             the snapshot has (the columns ovs-offload manages; see
 *             db-state.h).  The new row gets a new UUID.
 *   RESTORE   a row the apply modifies: put each changed column, map key
 *             and reference back.
 *
 * plus the NIC journal of the run (nic-phase.h), the NIC state file as it
 * was, a deadline and the pid of the guardian process.
 *
 * checkpoint_rollback_plan() turns the log into a plan (plan.h) against the
 * database as it is at rollback time, so that offload_apply_plan() executes
 * it as one transaction.  A value that is neither what the apply wrote nor
 * what was there before was changed by someone else since: that is a
 * conflict, and the rollback then changes nothing at all (no partial
 * rollback that would clobber another client's change).  A value still at
 * its old value needs nothing, which is also how a checkpoint whose apply
 * never committed (the CLI was killed first) rolls back to a no-op.
 *
 * Everything here is pure (no I/O but the file functions at the end), for
 * unit tests. */

#include <stdbool.h>
#include <stddef.h>

#include "controller/plan.h"
#include "openvswitch/compiler.h"

struct db_state;
struct ds;
struct json;

/* Version of the checkpoint file format. */
#define CHECKPOINT_VERSION 1

enum ckpt_action {
    CKPT_UNCREATE,
    CKPT_RECREATE,
    CKPT_RESTORE,
};

/* One column, map key or reference of a row, before and after the apply.
 * For a reference column ('ref'), 'applied' names a row the apply adds and
 * 'restore' a row it removes.  NULL means absent (a map key, a reference)
 * or unset (a scalar, where NULL and "" are the same). */
struct ckpt_change {
    char *column;
    char *key;                /* Map key, or NULL. */
    bool ref;                 /* Reference column: values are row names. */
    char *applied;            /* What the apply writes. */
    char *restore;            /* What was there before. */
};

struct ckpt_op {
    enum plan_table table;
    enum ckpt_action action;
    char *name;               /* Row name ("." for Open_vSwitch). */
    char *parent;             /* Bridge of a port, port of an interface, or
                               * NULL. */
    struct ckpt_change *changes;
    size_t n_changes;
};

enum ckpt_state {
    CKPT_APPLYING,            /* The apply has not finished (or was killed
                               * before it did). */
    CKPT_PENDING,             /* Applied and verified; waiting for
                               * "confirm". */
};

struct checkpoint {
    char *id;                 /* Unique per apply; the guardian acts only on
                               * its own checkpoint. */
    enum ckpt_state state;
    long long int created;    /* Wall clock, ms since the epoch. */
    long long int deadline;   /* Wall clock: roll back after this. */
    long int guardian_pid;    /* 0 if none. */
    char *source;             /* The applied file. */
    char *db;                 /* OVSDB remote. */

    char *nic_state_file;     /* Path of the NIC state file, or NULL. */
    struct json *nic_state_before;  /* Its contents before the apply, or
                                     * NULL if it did not exist. */
    struct json *nic_journal;       /* JSON array (nic_journal_to_json()) or
                                     * NULL: the kernel changes made. */

    struct ckpt_op *ops;      /* The OVSDB undo log. */
    size_t n_ops;
};

void checkpoint_init(struct checkpoint *);
void checkpoint_destroy(struct checkpoint *);

/* Replaces the OVSDB undo log of 'ck' by the inverse of 'plan', which was
 * computed against 'before'. */
void checkpoint_record_plan(struct checkpoint *ck, const struct plan *plan,
                            const struct db_state *before);

/* Replaces the NIC journal of 'ck' by a copy of 'journal' (may be NULL). */
void checkpoint_set_nic_journal(struct checkpoint *, const struct json *);

/* Computes in 'plan' (initialized by the caller) the transaction that rolls
 * the database in 'cur' back.  Appends to 'conflicts' one line per value
 * that another client changed since the apply; if there is any, the plan is
 * left empty.  Returns the number of conflicts. */
size_t checkpoint_rollback_plan(const struct checkpoint *ck,
                                const struct db_state *cur,
                                struct plan *plan, struct ds *conflicts);

/* JSON. */
struct json *checkpoint_to_json(const struct checkpoint *);
char *checkpoint_from_json(const struct json *, struct checkpoint *)
    OVS_WARN_UNUSED_RESULT;

const char *ckpt_action_to_string(enum ckpt_action);
const char *ckpt_state_to_string(enum ckpt_state);

/* Files.  Each returns 0 or a positive errno value, with an explanation in
 * '*errp' (which the caller frees) on error.  The file is written with mode
 * 0600, through a temporary file and rename(2), so that a reader never sees
 * half of it. */

/* Writes 'ck' to 'path', which must not exist yet (EEXIST otherwise): the
 * check and the creation are one atomic link(2). */
int checkpoint_create_file(const char *path, const struct checkpoint *,
                           char **errp);
/* Replaces 'path' with 'ck'. */
int checkpoint_save(const char *path, const struct checkpoint *, char **errp);
/* Reads 'path' into 'ck' (uninitialized).  ENOENT if there is none. */
int checkpoint_load(const char *path, struct checkpoint *, char **errp);
/* Removes 'path'.  A missing file is not an error. */
int checkpoint_remove(const char *path, char **errp);

/* Takes the lock that serializes apply, confirm, rollback and the guardian
 * on checkpoint 'path' (flock(2) on "PATH.lock"), waiting for it.  Returns
 * the lock's fd, to release with checkpoint_unlock(), or -1 with '*errp'
 * set. */
int checkpoint_lock(const char *path, char **errp);
void checkpoint_unlock(int fd);

#endif /* checkpoint.h */
