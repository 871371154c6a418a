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
#include <stdint.h>

/* Pid of the running ovs-vswitchd, or 0 if its pidfile is missing or names
 * a dead process. */
long int vswitchd_ctl_pid(void);

/* Runs unixctl command 'cmd' with 'argc' arguments 'argv' on ovs-vswitchd.
 * Returns 0 and stores the reply in '*reply', or returns a positive errno
 * value (with the daemon's error text, if any, in '*reply').  The caller
 * frees '*reply'. */
int vswitchd_ctl_call(const char *cmd, int argc, char *argv[],
                      char **reply);

/* As vswitchd_ctl_call(), but gives up with ETIMEDOUT after 'timeout_ms'
 * (0: wait as long as it takes). */
int vswitchd_ctl_call_timeout(const char *cmd, int argc, char *argv[],
                              long long int timeout_ms, char **reply);

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

/* One member of an LACP bond, from "lacp/show". */
struct lacp_member_status {
    char *name;
    char *status;             /* "current", "expired" or "defaulted". */
    bool attached;
    bool may_enable;
    uint8_t actor_state;      /* LACP state bits, as BOND_LACP_ST_* in
                               * lag/bond.h. */
    uint8_t partner_state;
    char *partner_sys_id;     /* "xx:xx:xx:xx:xx:xx" or NULL. */
};

/* An LACP bond, from "lacp/show [BOND]" (OVS lib/lacp.c,
 * lacp_print_details()). */
struct lacp_status {
    char *name;
    bool active;              /* "active" (else "passive"). */
    bool negotiated;
    char *sys_id;
    char *lacp_time;          /* "fast" or "slow". */
    struct lacp_member_status *members;
    size_t n_members;
};

/* Parses the text of "lacp/show [BOND]", which lists one or more bonds,
 * into '*bondsp' (an array of '*n_bondsp').  Returns the number of bonds.
 * Free with lacp_status_list_destroy(). */
size_t vswitchd_parse_lacp_show(const char *text, struct lacp_status **bondsp,
                                size_t *n_bondsp);
void lacp_status_list_destroy(struct lacp_status *, size_t n);

/* Parses "lacp/show" state flags (" activity timeout aggregation
 * synchronized collecting distributing defaulted expired") into LACP
 * state bits. */
uint8_t vswitchd_parse_lacp_state(const char *text);

/* Parses the text of "bond/list" ("bond\ttype\trecircID\tmembers" and
 * one line per bond) into '*bondsp' (name, bond_mode and members' names;
 * the other fields stay unset).  Returns the number of bonds.  Free each
 * with bond_status_destroy(), then the array. */
size_t vswitchd_parse_bond_list(const char *text, struct bond_status **bondsp);

#endif /* vswitchd-ctl.h */
