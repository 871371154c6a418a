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

#ifndef RECONCILE_PAUSE_H
#define RECONCILE_PAUSE_H 1

/* When ovs-offloadd must not reconcile, because ovs-offloadctl is changing
 * the database on an operator's behalf:
 *
 *   - an "apply --confirm-within" is pending: its checkpoint file CK exists
 *     (controller/cmd-checkpoint.c).  Repairing "drift" then would undo the
 *     apply the operator is trying out;
 *   - it was rolled back: the rollback left the marker CK.rolled-back, and
 *     re-applying the file (which still says what was rolled back) would
 *     undo the rollback.  The marker stays until the operator says the file
 *     is right again (config/reload or reconcile/now remove it);
 *   - a plain "apply" is running: it holds the daemon ("reconcile/hold")
 *     from before its commit until it asks the daemon to follow the file
 *     ("config/reload FILE"), so that its own transaction is not reverted
 *     as drift while it verifies.  A hold expires by itself, so a killed
 *     CLI cannot pause the daemon for long.
 *
 * While paused, the daemon still samples and publishes; only reconciles
 * wait.  Both files are looked at before every automatic reconcile (a stat
 * each), so that a checkpoint created just before a commit is seen before
 * the commit's change is mistaken for drift. */

#include <stdbool.h>

/* The marker a rollback leaves next to the checkpoint 'checkpoint'. */
#define ROLLBACK_MARKER_SUFFIX ".rolled-back"
char *rollback_marker_path(const char *checkpoint);

/* Writes the marker of 'checkpoint' (JSON: the wall-clock time, the file
 * whose apply was rolled back, the checkpoint id).  Returns 0 or an errno
 * value with '*errp' set (the caller frees it). */
int rollback_marker_write(const char *checkpoint, const char *source,
                          const char *id, long long int time_ms,
                          char **errp);

/* What the daemon knows, and the pure decision made of it. */
struct pause_facts {
    const char *checkpoint;     /* Its path, for the messages. */
    bool checkpoint_exists;
    bool marker_exists;
    const char *rb_source;      /* From the marker; NULL if unknown. */
    long long int rb_time_ms;   /* From the marker; 0 if unknown. */
    bool held;                  /* A "reconcile/hold" is in force. */
};

/* Why the daemon must not reconcile now, or NULL if it may.  A pending
 * checkpoint comes first, then the marker, then a hold.  The caller frees
 * the result. */
char *pause_reason(const struct pause_facts *);

/* The daemon's view of the pause. */
struct reconcile_pause;

struct reconcile_pause *reconcile_pause_create(const char *checkpoint);
void reconcile_pause_destroy(struct reconcile_pause *);

/* Looks at the files (and the hold's expiry) again.  Logs at INFO when the
 * daemon pauses, when the reason changes and when it resumes.  Returns true
 * if the pause started, ended or changed reason. */
bool reconcile_pause_update(struct reconcile_pause *);

/* The reason of the last update, or NULL if not paused. */
const char *reconcile_pause_reason(const struct reconcile_pause *);

/* True if the checkpoint existed at the last update. */
bool reconcile_pause_checkpoint_pending(const struct reconcile_pause *);

/* Holds reconciles for 'ms' milliseconds from now; 0 releases the hold. */
void reconcile_pause_hold(struct reconcile_pause *, long long int ms);

/* Removes the rollback marker: the operator has fixed the file.  Returns 0
 * or an errno value with '*errp' set (the caller frees it). */
int reconcile_pause_clear_marker(struct reconcile_pause *, char **errp);

/* While paused, the poll loop must wake by this time (time_msec()) to see
 * the pause end.  LLONG_MAX when not paused. */
long long int reconcile_pause_wake_time(const struct reconcile_pause *);

#endif /* reconcile-pause.h */
