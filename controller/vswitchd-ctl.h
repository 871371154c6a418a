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

#ifndef VSWITCHD_CTL_H
#define VSWITCHD_CTL_H 1

/* Talking to the running ovs-vswitchd over its unixctl socket, as
 * "ovs-appctl -t ovs-vswitchd" does, and parsing what it says.
 *
 * The socket and pidfile are found under the OVS run directory, which
 * honours OVS_RUNDIR. */

#include <stdbool.h>
#include <stddef.h>

/* Pid of the running ovs-vswitchd, or 0 if its pidfile is missing or names
 * a dead process. */
long int vswitchd_ctl_pid(void);

/* Runs unixctl command 'cmd' with 'argc' arguments 'argv' on ovs-vswitchd.
 * Returns 0 and stores the reply in '*reply', or returns a positive errno
 * value (with the daemon's error text, if any, in '*reply').  The caller
 * frees '*reply'. */
int vswitchd_ctl_call(const char *cmd, int argc, char *argv[],
                      char **reply);

/* One member of an OVS bond, from "bond/show". */
struct bond_member_status {
    char *name;
    bool enabled;
    bool active;              /* The active member. */
    bool may_enable;
};

/* An OVS bond, from "bond/show BOND". */
struct bond_status {
    char *name;
    char *bond_mode;
    char *lacp_status;        /* "negotiated", "configured", "off", ... */
    char *lacp_fallback_ab;
    struct bond_member_status *members;
    size_t n_members;
};

/* Parses the text of "bond/show BOND" into 'bond'.  Returns false if the
 * text holds no bond.  Free with bond_status_destroy(). */
bool vswitchd_parse_bond_show(const char *text, struct bond_status *bond);
void bond_status_destroy(struct bond_status *);

#endif /* vswitchd-ctl.h */
