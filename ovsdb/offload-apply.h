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

#ifndef OFFLOAD_APPLY_H
#define OFFLOAD_APPLY_H 1

/* Executes a plan (controller/plan.h) as ONE OVSDB transaction.
 *
 * Rows are found by name, created rows are linked by name inside the same
 * transaction, map columns change key by key (setkey/delkey), reference
 * columns change value by value (addvalue/delvalue), so keys and references
 * that other clients own are never rewritten.  Every row the plan modifies
 * or deletes, and every scalar column it sets, is verified, so a concurrent
 * change makes the commit fail with TXN_TRY_AGAIN instead of overwriting
 * it. */

#include <stdbool.h>
#include <stdint.h>

struct ovsdb_idl;
struct plan;

enum offload_apply_result {
    OFFLOAD_APPLY_OK,         /* Committed. */
    OFFLOAD_APPLY_TRY_AGAIN,  /* The database changed under us: re-read,
                               * re-plan and try again. */
    OFFLOAD_APPLY_ERROR,      /* Hard failure; nothing was changed. */
};

/* Applies 'plan' through 'idl' in one transaction carrying 'comment'.  If
 * 'bump_cfg' is true, increments Open_vSwitch next_cfg so the caller can
 * wait for ovs-vswitchd, and stores the new value in '*next_cfg'.  On error
 * stores a message in '*errp' (which the caller frees). */
enum offload_apply_result offload_apply_plan(struct ovsdb_idl *idl,
                                             const struct plan *plan,
                                             const char *comment,
                                             bool bump_cfg,
                                             int64_t *next_cfg,
                                             char **errp);

/* Waits until ovs-vswitchd has applied configuration 'next_cfg' (cur_cfg
 * reaches it) or 'deadline' (time_msec()) passes.  Returns true if it did. */
bool offload_apply_wait_vswitchd(struct ovsdb_idl *, int64_t next_cfg,
                                 long long int deadline);

#endif /* offload-apply.h */
