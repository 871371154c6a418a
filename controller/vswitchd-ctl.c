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

#include "controller/vswitchd-ctl.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "daemon.h"
#include "dirs.h"
#include "jsonrpc.h"
#include "openvswitch/vlog.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(vswitchd_ctl);

long int
vswitchd_ctl_pid(void)
{
    char *pidfile = xasprintf("%s/ovs-vswitchd.pid", ovs_rundir());
    pid_t pid = read_pidfile(pidfile);

    free(pidfile);
    if (pid <= 0) {
        return 0;
    }
    return kill(pid, 0) == 0 || errno == EPERM ? pid : 0;
}

int
vswitchd_ctl_call(const char *cmd, int argc, char *argv[], char **reply)
{
    long int pid = vswitchd_ctl_pid();
    struct jsonrpc *client;
    char *result = NULL;
    char *err = NULL;

    *reply = NULL;
    if (!pid) {
        *reply = xasprintf("ovs-vswitchd is not running (no live pid in "
                           "%s/ovs-vswitchd.pid)", ovs_rundir());
        return ESRCH;
    }

    char *path = xasprintf("%s/ovs-vswitchd.%ld.ctl", ovs_rundir(), pid);
    int error = unixctl_client_create(path, &client);

    if (error) {
        *reply = xasprintf("%s: cannot connect: %s", path,
                           ovs_strerror(error));
        free(path);
        return error;
    }
    free(path);

    error = unixctl_client_transact(client, cmd, argc, argv, &result, &err);
    jsonrpc_close(client);
    if (error) {
        *reply = xasprintf("%s: %s", cmd, ovs_strerror(error));
        free(result);
        free(err);
        return error;
    }
    if (err) {
        *reply = err;
        free(result);
        return EINVAL;
    }
    *reply = result ? result : xstrdup("");
    return 0;
}

/* Returns the value of a "key: value" line if 'line' starts with 'key'. */
static const char *
line_value(const char *line, const char *key)
{
    size_t n = strlen(key);

    return !strncmp(line, key, n) && line[n] == ':' ? line + n + 1 : NULL;
}

static char *
trimmed(const char *s)
{
    while (*s == ' ') {
        s++;
    }

    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\r')) {
        n--;
    }
    return xmemdup0(s, n);
}

bool
vswitchd_parse_bond_show(const char *text, struct bond_status *bond)
{
    char *copy = xstrdup(text);
    char *save = NULL;
    struct bond_member_status *member = NULL;
    const char *v;

    memset(bond, 0, sizeof *bond);
    for (char *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "---- ", 5)) {
            char *end = strstr(line + 5, " ----");

            if (end && !bond->name) {
                bond->name = xmemdup0(line + 5, end - (line + 5));
            }
        } else if (!strncmp(line, "member ", 7)) {
            char *colon = strrchr(line, ':');

            if (!colon) {
                continue;
            }
            bond->members = xrealloc(bond->members, (bond->n_members + 1)
                                     * sizeof *bond->members);
            member = &bond->members[bond->n_members++];
            memset(member, 0, sizeof *member);
            member->name = xmemdup0(line + 7, colon - (line + 7));
            member->enabled = !strcmp(colon + 1, " enabled");
        } else if (member && !strcmp(line, "  active member")) {
            member->active = true;
        } else if (member && (v = line_value(line, "  may_enable"))) {
            member->may_enable = !strcmp(v, " true");
        } else if ((v = line_value(line, "bond_mode"))) {
            bond->bond_mode = trimmed(v);
        } else if ((v = line_value(line, "lacp_status"))) {
            bond->lacp_status = trimmed(v);
        } else if ((v = line_value(line, "lacp_fallback_ab"))) {
            bond->lacp_fallback_ab = trimmed(v);
        }
    }
    free(copy);
    return bond->name != NULL;
}

void
bond_status_destroy(struct bond_status *bond)
{
    if (!bond) {
        return;
    }
    for (size_t i = 0; i < bond->n_members; i++) {
        free(bond->members[i].name);
    }
    free(bond->members);
    free(bond->name);
    free(bond->bond_mode);
    free(bond->lacp_status);
    free(bond->lacp_fallback_ab);
    memset(bond, 0, sizeof *bond);
}
