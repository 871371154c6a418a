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

#include "controller/dp-flows.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "controller/vswitchd-ctl.h"
#include "util.h"

/* A dump of 100k flows takes ovs-vswitchd well under a second. */
#define DP_FLOWS_TIMEOUT_MS 3000

const char *
dp_flow_reason_to_string(enum dp_flow_reason reason)
{
    switch (reason) {
    case DP_REASON_HASH:
        return "hash action (balance-tcp)";
    case DP_REASON_USERSPACE:
        return "userspace action";
    case DP_REASON_CT:
        return "ct action";
    case DP_REASON_NONE:
    case DP_REASON_N:
    default:
        return NULL;
    }
}

/* True if the 'n' bytes at 's' contain the action 'name' followed by '(',
 * as a whole action name (after the start, ',' or '(').  */
static bool
has_action(const char *s, size_t n, const char *name)
{
    size_t len = strlen(name);
    const char *end = s + n;

    for (const char *p = s; p + len <= end; p++) {
        p = memchr(p, name[0], end - p);
        if (!p || p + len > end) {
            return false;
        }
        if (!memcmp(p, name, len)
            && (p == s || p[-1] == ',' || p[-1] == '(')) {
            return true;
        }
    }
    return false;
}

enum dp_flow_reason
dp_flow_reason_of(const char *actions, size_t n)
{
    /* Most specific first: a flow that goes to userspace stays there
     * whatever else it does; balance-tcp's hash() is what keeps OVS bond
     * flows out of TC. */
    if (has_action(actions, n, "userspace(")) {
        return DP_REASON_USERSPACE;
    } else if (has_action(actions, n, "hash(")) {
        return DP_REASON_HASH;
    } else if (has_action(actions, n, "ct(")) {
        return DP_REASON_CT;
    }
    return DP_REASON_NONE;
}

void
dp_flows_init(struct dp_flows *flows)
{
    memset(flows, 0, sizeof *flows);
}

/* memmem() within one line. */
static const char *
find_in(const char *s, size_t n, const char *needle)
{
    return memmem(s, n, needle, strlen(needle));
}

void
dp_flows_parse(const char *text, bool software, struct dp_flows *flows)
{
    static const char key[] = ", actions:";
    const char *p = text;
    const char *end = text + strlen(text);

    while (p < end) {
        const char *nl = memchr(p, '\n', end - p);
        const char *eol = nl ? nl : end;
        const char *a = find_in(p, eol - p, key);

        if (a) {
            a += strlen(key);

            /* "dp-extra-info:" follows the actions with -m. */
            const char *extra = find_in(a, eol - a, ", dp-extra-info:");
            size_t alen = (extra ? extra : eol) - a;

            if (software) {
                flows->software++;
                flows->reasons[dp_flow_reason_of(a, alen)]++;
            } else {
                flows->offloaded++;
            }
        }
        p = eol + 1;
    }
}

/* Runs dpctl/dump-flows -m type=TYPE [DP] and adds the result.  A reply
 * that rejects the type (the userspace datapath knows no "offloaded")
 * counts as no flows. */
static int
dump_one(const char *dp, const char *type, bool software,
         struct dp_flows *flows, char **errp)
{
    char *arg_type = xasprintf("type=%s", type);
    char *argv[3] = { "-m", arg_type, NULL };
    int argc = 2;
    char *reply = NULL;

    if (dp) {
        argv[argc++] = CONST_CAST(char *, dp);
    }

    int error = vswitchd_ctl_call_timeout("dpctl/dump-flows", argc, argv,
                                         DP_FLOWS_TIMEOUT_MS, &reply);
    free(arg_type);
    if (error == EINVAL) {
        /* ovs-vswitchd answered with an error: an unknown type or a
         * datapath that cannot dump this type.  Not a failure of the
         * sample. */
        if (reply && strstr(reply, "multiple datapaths")) {
            *errp = reply;
            return EEXIST;
        }
        free(reply);
        return 0;
    } else if (error) {
        *errp = reply;
        return error;
    }
    dp_flows_parse(reply, software, flows);
    free(reply);
    return 0;
}

static int
dump_dp(const char *dp, struct dp_flows *flows, char **errp)
{
    int error = dump_one(dp, "offloaded", false, flows, errp);
    return error ? error : dump_one(dp, "ovs", true, flows, errp);
}

int
dp_flows_fetch(struct dp_flows *flows, char **errp)
{
    char *err = NULL;

    dp_flows_init(flows);
    int error = dump_dp(NULL, flows, &err);
    if (error == EEXIST) {
        /* Several datapaths (system and netdev): dump each. */
        char *reply = NULL;

        free(err);
        err = NULL;
        dp_flows_init(flows);
        error = vswitchd_ctl_call_timeout("dpctl/dump-dps", 0, NULL,
                                          DP_FLOWS_TIMEOUT_MS, &reply);
        if (!error) {
            char *save = NULL;

            for (char *dp = strtok_r(reply, "\n", &save); dp && !error;
                 dp = strtok_r(NULL, "\n", &save)) {
                error = dump_dp(dp, flows, &err);
            }
            free(reply);
        } else {
            err = reply;
        }
    }
    if (error) {
        dp_flows_init(flows);
        if (errp) {
            *errp = err;
        } else {
            free(err);
        }
        return error == EEXIST ? EINVAL : error;
    }
    free(err);
    flows->available = true;
    if (errp) {
        *errp = NULL;
    }
    return 0;
}
