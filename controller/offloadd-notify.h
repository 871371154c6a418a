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

#ifndef OFFLOADD_NOTIFY_H
#define OFFLOADD_NOTIFY_H 1

/* ovs-offloadctl telling a running ovs-offloadd (found by its pidfile
 * ovs-offloadd.pid in the OVS run directory) what it changed, so that the
 * daemon does not undo it as drift:
 *
 *     held = offloadd_notify_hold(opts);    before a plain apply commits
 *     ...apply...
 *     ok ? offloadd_notify_follow(opts, file, false)   "config/reload FILE"
 *        : offloadd_notify_release(held);
 *
 * "confirm" calls offloadd_notify_follow() before it removes the
 * checkpoint.  When no daemon runs, nothing is said. */

#include <stdbool.h>

struct ctl_options;

/* True if ovs-offloadd runs. */
bool offloadd_notify_running(void);

/* Holds the daemon's reconciles for as long as an apply may take.  Returns
 * true if a daemon runs and took the hold. */
bool offloadd_notify_hold(const struct ctl_options *);

/* Ends the hold taken by offloadd_notify_hold() (if 'held'). */
void offloadd_notify_release(const struct ctl_options *, bool held);

/* After 'file' was applied (and, for an apply --confirm-within, confirmed):
 * asks the daemon to reload it, which it does only if it is the file it
 * follows; otherwise warns that it will undo this apply as drift.  With
 * 'ifupdown2', 'file' is an interfaces(5) file the daemon cannot follow:
 * warns likewise.  Ends the hold of offloadd_notify_hold(). */
void offloadd_notify_follow(const struct ctl_options *, const char *file,
                            bool ifupdown2);

#endif /* offloadd-notify.h */
