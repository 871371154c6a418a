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

#include "controller/offloadd-notify.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/appctl.h"
#include "controller/ctl.h"
#include "util.h"

#define OFFLOADD "ovs-offloadd"

/* How long to wait for the daemon's reply to a hold. */
#define HOLD_REPLY_MS 5000

bool
offloadd_notify_running(void)
{
    return appctl_pid(OFFLOADD) != 0;
}

/* A reconcile may follow the reload: give it the daemon's usual time. */
static long long int
reload_timeout_ms(const struct ctl_options *opts)
{
    return 2 * opts->timeout_ms + 10000;
}

bool
offloadd_notify_hold(const struct ctl_options *opts)
{
    if (!offloadd_notify_running()) {
        return false;
    }

    /* The NIC phase and the OVSDB apply each have 'timeout_ms'; a hold
     * expires by itself, in case this process dies before it ends it. */
    long long int secs = MIN(3600, 2 * (opts->timeout_ms / 1000) + 30);
    char *arg = xasprintf("%lld", secs);
    char *argv[] = { arg };
    char *reply;
    int error = appctl_call(OFFLOADD, "reconcile/hold", 1, argv,
                            HOLD_REPLY_MS, &reply);

    if (error && error != ESRCH) {
        fprintf(stderr, "%s: warning: could not ask ovs-offloadd to hold "
                "its reconciles during this apply (%s); it may revert part "
                "of it as drift before this apply asks it to reload\n",
                program_name, reply);
    }
    free(reply);
    free(arg);
    return !error;
}

void
offloadd_notify_release(const struct ctl_options *opts OVS_UNUSED,
                        bool held)
{
    if (held) {
        char *argv[] = { (char *) "0" };
        char *reply;

        appctl_call(OFFLOADD, "reconcile/hold", 1, argv, HOLD_REPLY_MS,
                    &reply);
        free(reply);
    }
}

void
offloadd_notify_follow(const struct ctl_options *opts, const char *file,
                       bool ifupdown2)
{
    if (!offloadd_notify_running()) {
        return;
    }
    if (ifupdown2) {
        offloadd_notify_release(opts, true);
        fprintf(stderr, "%s: warning: ovs-offloadd is running, and it "
                "follows its own configuration file, never an ifupdown2 "
                "file (%s): it will treat this apply as drift and undo it.  "
                "Convert the file (\"%s import ifupdown2 %s\") into the "
                "file ovs-offloadd follows and apply that with -c, or "
                "restart ovs-offloadd with -c on the converted file\n",
                program_name, file, program_name, file);
        return;
    }

    char *abs = abs_file_name(NULL, file);
    char *argv[] = { abs };
    char *reply;
    int error = appctl_call(OFFLOADD, "config/reload", 1, argv,
                            reload_timeout_ms(opts), &reply);

    if (error == EINVAL) {
        /* The daemon said no: another file, or it cannot use this one. */
        size_t n = strlen(reply);
        while (n && reply[n - 1] == '\n') {
            reply[--n] = '\0';
        }
        fprintf(stderr, "%s: warning: %s.\n"
                "%s: ovs-offloadd will treat this apply as drift and undo "
                "it.  To keep it, put this change in the file ovs-offloadd "
                "follows and apply that (-c FILE), or restart ovs-offloadd "
                "with -c %s\n", program_name, reply, program_name, abs);
    } else if (error && error != ESRCH) {
        fprintf(stderr, "%s: warning: could not ask ovs-offloadd to reload "
                "%s (%s); if it follows this file, run \"ovs-appctl -t "
                "ovs-offloadd config/reload\", else it will treat this "
                "apply as drift and undo it\n", program_name, abs, reply);
    }
    free(reply);
    free(abs);
}
