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

#ifndef FAILOVER_KERNEL_H
#define FAILOVER_KERNEL_H 1

/* failover-kernel: the real bond behind the failover runner
 * (controller/failover.h).
 *
 *   - A Linux bond (a link of kind "bond", lag/bond.h): its slaves over
 *     rtnetlink; a slave is in use while its MII status is up and, in
 *     802.3ad mode, it collects and distributes in the active aggregator.
 *
 *   - An OVS bond ("ovs-appctl bond/show BOND", controller/vswitchd-ctl.h):
 *     a member is in use while it is enabled; its link state comes from
 *     rtnetlink when it is a netdev.
 *
 * A leg is failed by setting its link down over rtnetlink (no tool is run),
 * or with the user's --fail-cmd (run without a shell), and restored
 * likewise.  Offload is read from the flower filters of the bond's shared
 * block and ingress (Linux bond) or of each member's ingress (OVS bond),
 * tc/tc-flower.h.
 * Survivor counters come from devlink/ethtool.h (driver counters, or the
 * netdev's). */

#include <stdbool.h>
#include <sys/types.h>

#include "controller/failover.h"

struct failover_kernel;
struct svec;

struct failover_kernel *failover_kernel_create(const char *bond,
                                               const struct svec *fail_cmd,
                                               const struct svec *restore_cmd,
                                               long long int cmd_timeout_ms,
                                               char **errp);
enum failover_kind failover_kernel_kind(const struct failover_kernel *);
void failover_kernel_destroy(struct failover_kernel *);

extern const struct failover_backend failover_kernel_backend;

bool failover_lacp_member_ok(const char *lacp_show, const char *member);

/* SIGINT and SIGTERM. */
void failover_catch_signals(void);
bool failover_signaled(void);

/* Commands: the user's, split into words by shell-words.h and exec'd
 * directly, without a shell. */
void failover_expand_leg(const struct svec *template, const char *leg,
                         struct svec *argv);
int failover_command_start(const struct svec *argv, bool own_group,
                           pid_t *pidp, char **errp);
void failover_command_stop(pid_t);

#endif /* failover-kernel.h */
