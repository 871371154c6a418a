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

#include <stdlib.h>
#include <string.h>

#include "controller/appctl.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(vswitchd_ctl);

long int
vswitchd_ctl_pid(void)
{
    return appctl_pid("ovs-vswitchd");
}

int
vswitchd_ctl_call(const char *cmd, int argc, char *argv[], char **reply)
{
    return vswitchd_ctl_call_timeout(cmd, argc, argv, 0, reply);
}

int
vswitchd_ctl_call_timeout(const char *cmd, int argc, char *argv[],
                          long long int timeout_ms, char **reply)
{
    return appctl_call("ovs-vswitchd", cmd, argc, argv, timeout_ms, reply);
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

uint8_t
vswitchd_parse_lacp_state(const char *text)
{
    static const char *const names[] = {
        "activity", "timeout", "aggregation", "synchronized",
        "collecting", "distributing", "defaulted", "expired",
    };
    char *copy = xstrdup(text);
    char *save = NULL;
    uint8_t state = 0;

    for (char *w = strtok_r(copy, " \r", &save); w;
         w = strtok_r(NULL, " \r", &save)) {
        for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
            if (!strcmp(w, names[i])) {
                state |= 1u << i;
            }
        }
    }
    free(copy);
    return state;
}

size_t
vswitchd_parse_lacp_show(const char *text, struct lacp_status **bondsp,
                         size_t *n_bondsp)
{
    char *copy = xstrdup(text);
    char *save = NULL;
    struct lacp_status *bonds = NULL;
    size_t n = 0;
    struct lacp_status *bond = NULL;
    struct lacp_member_status *m = NULL;
    const char *v;

    for (char *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        if (!strncmp(line, "---- ", 5)) {
            char *end = strstr(line + 5, " ----");

            if (!end) {
                continue;
            }
            bonds = xrealloc(bonds, (n + 1) * sizeof *bonds);
            bond = &bonds[n++];
            memset(bond, 0, sizeof *bond);
            bond->name = xmemdup0(line + 5, end - (line + 5));
            m = NULL;
        } else if (!bond) {
            continue;
        } else if (!strncmp(line, "member: ", 8)) {
            /* "member: NAME: STATUS attached|detached". */
            char *colon = strrchr(line + 8, ':');

            if (!colon) {
                continue;
            }
            bond->members = xrealloc(bond->members, (bond->n_members + 1)
                                     * sizeof *bond->members);
            m = &bond->members[bond->n_members++];
            memset(m, 0, sizeof *m);
            m->name = xmemdup0(line + 8, colon - (line + 8));

            char *st = colon + 1;
            while (*st == ' ') {
                st++;
            }
            char *sp = strchr(st, ' ');
            m->status = sp ? xmemdup0(st, sp - st) : trimmed(st);
            m->attached = sp && !strncmp(sp + 1, "attached", 8);
        } else if (!m && (v = line_value(line, "  status"))) {
            bond->active = strstr(v, "active") != NULL;
            bond->negotiated = strstr(v, "negotiated") != NULL;
        } else if (!m && (v = line_value(line, "  sys_id"))) {
            bond->sys_id = trimmed(v);
        } else if (!m && (v = line_value(line, "  lacp_time"))) {
            bond->lacp_time = trimmed(v);
        } else if (m && (v = line_value(line, "  may_enable"))) {
            m->may_enable = !strncmp(v, " true", 5);
        } else if (m && (v = line_value(line, "  actor state"))) {
            m->actor_state = vswitchd_parse_lacp_state(v);
        } else if (m && (v = line_value(line, "  partner state"))) {
            m->partner_state = vswitchd_parse_lacp_state(v);
        } else if (m && (v = line_value(line, "  partner sys_id"))) {
            free(m->partner_sys_id);
            m->partner_sys_id = trimmed(v);
        }
    }
    free(copy);
    *bondsp = bonds;
    *n_bondsp = n;
    return n;
}

void
lacp_status_list_destroy(struct lacp_status *bonds, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        struct lacp_status *b = &bonds[i];

        for (size_t j = 0; j < b->n_members; j++) {
            free(b->members[j].name);
            free(b->members[j].status);
            free(b->members[j].partner_sys_id);
        }
        free(b->members);
        free(b->name);
        free(b->sys_id);
        free(b->lacp_time);
    }
    free(bonds);
}

size_t
vswitchd_parse_bond_list(const char *text, struct bond_status **bondsp)
{
    char *copy = xstrdup(text);
    char *save = NULL;
    struct bond_status *bonds = NULL;
    size_t n = 0;

    for (char *line = strtok_r(copy, "\n", &save); line;
         line = strtok_r(NULL, "\n", &save)) {
        char *f[4];
        char *p = line;
        size_t nf = 0;

        /* "NAME\tMODE\tRECIRC\tM1, M2". */
        while (nf < 4) {
            f[nf++] = p;
            p = strchr(p, '\t');
            if (!p) {
                break;
            }
            *p++ = '\0';
        }
        if (nf < 3 || !strcmp(f[0], "bond")) {
            continue;           /* The header, or not a bond line. */
        }

        bonds = xrealloc(bonds, (n + 1) * sizeof *bonds);
        struct bond_status *b = &bonds[n++];
        memset(b, 0, sizeof *b);
        b->name = xstrdup(f[0]);
        b->bond_mode = xstrdup(f[1]);
        if (nf == 4) {
            char *msave = NULL;

            for (char *m = strtok_r(f[3], ", \r", &msave); m;
                 m = strtok_r(NULL, ", \r", &msave)) {
                b->members = xrealloc(b->members, (b->n_members + 1)
                                      * sizeof *b->members);
                memset(&b->members[b->n_members], 0, sizeof *b->members);
                b->members[b->n_members++].name = xstrdup(m);
            }
        }
    }
    free(copy);
    *bondsp = bonds;
    return n;
}
