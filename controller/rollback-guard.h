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

#ifndef ROLLBACK_GUARD_H
#define ROLLBACK_GUARD_H 1

/* The guardian of a checkpoint (checkpoint.h): a small detached process
 * that outlives the "apply --confirm-within" that started it, so that the
 * rollback happens even if the CLI is killed, its terminal closes or its
 * SSH session dies.
 *
 * It is double-forked into its own session, with stdin on /dev/null,
 * stdout and stderr on a log file, no other inherited file descriptor and
 * default signal dispositions.  It sleeps until the deadline, looking at
 * the checkpoint file a few times a second: if the file is gone (confirmed,
 * or rolled back by hand) or belongs to another apply, it exits.  At the
 * deadline it executes the rollback command it was given, with
 * ROLLBACK_GUARD_ENV set to the checkpoint's id so that the rollback acts
 * only on that checkpoint.  Executing a fresh program keeps the rollback
 * free of whatever state the CLI had when it forked. */

#include <stdbool.h>
#include <sys/types.h>

/* Environment variable naming the checkpoint a guardian rolls back. */
#define ROLLBACK_GUARD_ENV "OVS_OFFLOAD_CHECKPOINT_ID"

/* The guardian's process name (comm), so that "confirm" stops only a
 * guardian, never a process that reused its pid. */
#define ROLLBACK_GUARD_COMM "offload-guard"

/* Starts the guardian of checkpoint file 'path' with id 'id'.  At
 * 'deadline' (wall clock, ms) it executes 'argv' (argv[0] is the program's
 * path; NULL-terminated).  Its output goes to 'log' (appended).  Returns
 * its pid, or 0 with '*errp' set (the caller frees it). */
pid_t rollback_guard_start(const char *path, const char *id,
                           long long int deadline, char *const argv[],
                           const char *log, char **errp);

/* True if 'pid' is a running guardian. */
bool rollback_guard_alive(pid_t pid);

/* Stops guardian 'pid' if it is one and still waits. */
void rollback_guard_stop(pid_t pid);

#endif /* rollback-guard.h */
