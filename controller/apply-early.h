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

#ifndef APPLY_EARLY_H
#define APPLY_EARLY_H 1

/* The two halves of "apply" that run at boot, before ovs-vswitchd starts
 * (docs/startup.md):
 *
 *   apply --nic-only       the NIC phase alone (numvfs, switchdev, VF-LAG
 *                          bond, hw-tc-offload), without any database: it
 *                          runs before network-pre.target, when neither
 *                          ovsdb-server nor ovs-vswitchd is up.
 *
 *   apply --globals-only   only the Open_vSwitch root row (other_config
 *                          hw-offload, tc-policy, max-idle and the other
 *                          global keys, with their bookkeeping), never
 *                          waiting for ovs-vswitchd: it runs between
 *                          ovsdb-server and ovs-vswitchd, so that
 *                          ovs-vswitchd reads hw-offload and tc-policy at
 *                          its very first start and no restart is needed.
 *
 * Bridges, ports and interfaces are left alone by both; the normal "apply"
 * (or the daemon) does them once ovs-vswitchd runs. */

#include <stdbool.h>

struct ctl_options;
struct offload_config;
struct ovsdb_idl;
struct plan;

/* "apply" with --nic-only or --globals-only (both: the NIC phase, then the
 * global keys): loads the file, connects to the database if needed, runs.
 * Returns a CTL_EXIT_* code. */
int apply_early_run(const struct ctl_options *);

/* Runs the NIC phase of 'cfg' and prints its outcome.  Returns a CTL_EXIT_*
 * code. */
int apply_early_nic(const struct ctl_options *, struct offload_config *cfg);

/* Writes the global keys of 'cfg' into the database of 'idl' in one
 * transaction, without waiting for ovs-vswitchd, then reads them back.
 * Prints what it did.  Returns a CTL_EXIT_* code. */
int apply_early_globals(const struct ctl_options *,
                        const struct offload_config *cfg,
                        struct ovsdb_idl *idl);

/* Reduces 'plan' to its Open_vSwitch root-row operation without the
 * changes of the "bridges" reference column (exposed for tests). */
void apply_early_filter_globals(struct plan *plan);

#endif /* apply-early.h */
