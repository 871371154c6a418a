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

#ifndef APPCTL_H
#define APPCTL_H 1

/* A unixctl client for a daemon found as "ovs-appctl -t TARGET" finds it:
 * its pidfile TARGET.pid and its socket TARGET.PID.ctl in the OVS run
 * directory (which honours OVS_RUNDIR).  Used for ovs-vswitchd
 * (vswitchd-ctl.h) and for ovs-offloadd (offloadd-notify.h). */

/* Pid of the running 'target', or 0 if its pidfile is missing or names a
 * dead process. */
long int appctl_pid(const char *target);

/* Runs unixctl command 'cmd' with 'argc' arguments 'argv' on 'target'.
 * Gives up with ETIMEDOUT after 'timeout_ms' (0: waits as long as it
 * takes).  Returns 0 and stores the reply in '*reply', or returns a
 * positive errno value: ESRCH if 'target' does not run, EINVAL if it
 * replied with an error (its text in '*reply'), else the error with a
 * description in '*reply'.  The caller frees '*reply'. */
int appctl_call(const char *target, const char *cmd, int argc, char *argv[],
                long long int timeout_ms, char **reply);

#endif /* appctl.h */
