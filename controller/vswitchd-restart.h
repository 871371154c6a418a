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

#ifndef VSWITCHD_RESTART_H
#define VSWITCHD_RESTART_H 1

/* "apply --restart-vswitchd": one controlled restart of ovs-vswitchd after
 * an apply changed hw-offload or tc-policy, which ovs-vswitchd reads only
 * at start (controller/plan.h, PLAN_RESTART_KEY).  Like "ovs-ctl restart",
 * it keeps the OpenFlow flows: they are saved per bridge with OVS's
 * ovs-save (TLV map, groups, flows), other_config:flow-restore-wait=true
 * keeps the new ovs-vswitchd from flushing the datapath until they are
 * back, and then the saved script restores them.  How ovs-vswitchd itself
 * is restarted:
 *
 *   1. $OVS_OFFLOAD_RESTART_CMD if set (run with /bin/sh -c; the sandbox
 *      tests use it), flows saved and restored as above;
 *   2. under systemd with ovs-vswitchd.service active, "systemctl restart
 *      ovs-vswitchd.service", flows saved and restored as above (Debian's
 *      unit stops with "ovs-ctl stop", which does not keep them);
 *   3. otherwise "ovs-ctl --no-ovsdb-server restart", which saves and
 *      restores the flows itself.
 *
 * Then it applies the file again (the restart record of the old pid goes,
 * and the read-back verifies) and re-checks the ingress qdiscs and shared
 * TC blocks of the bonds and their members, which an OVS restart is known
 * to break (peers.md pain 3). */

#include <stdbool.h>

struct apply_run_options;
struct ds;
struct json;
struct offload_config;
struct ovsdb_idl;

struct vswitchd_restart_report {
    long int old_pid, new_pid;
    char *method;               /* What was run. */
    bool flows_saved;           /* By us (methods 1 and 2). */
    int n_bridges;              /* Bridges whose flows were saved. */
    bool reapplied;             /* The apply after the restart verified. */
    struct json *blocks;        /* Ingress qdisc check, per bond. */
    int n_block_problems;
    char *error;                /* NULL on success. */
};

/* Restarts ovs-vswitchd as above and applies 'cfg' again with 'aopts'.
 * Fills 'r' (free with vswitchd_restart_report_destroy()).  Returns true
 * on success. */
bool vswitchd_restart_after_apply(const struct apply_run_options *aopts,
                                  const struct offload_config *cfg,
                                  struct ovsdb_idl *idl,
                                  struct vswitchd_restart_report *r);

/* Returns NULL if $OVS_OFFLOAD_RESTART_CMD is unset or a command that can
 * be run without a shell, else a malloc'd message: for option time, before
 * anything changes. */
char *vswitchd_restart_check_env(void);

void vswitchd_restart_report_destroy(struct vswitchd_restart_report *);
struct json *vswitchd_restart_report_to_json(
    const struct vswitchd_restart_report *);
void vswitchd_restart_report_format(const struct vswitchd_restart_report *,
                                    struct ds *);

#endif /* vswitchd-restart.h */
