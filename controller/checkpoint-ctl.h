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

#ifndef CHECKPOINT_CTL_H
#define CHECKPOINT_CTL_H 1

/* "apply --confirm-within" in ovs-offloadctl (controller/cmd-checkpoint.c,
 * which also has "confirm" and "rollback"):
 *
 *     cs = ckpt_session_begin(opts);     refuses if one is pending; writes
 *                                        the checkpoint, starts the guardian
 *     ckpt_session_watch_nic(cs, nic);   the NIC journal goes to the file
 *                                        as the NIC phase runs
 *     aopts.before_commit = ckpt_session_before_commit;  the undo log goes
 *     aopts.before_commit_aux = cs;      to the file before the commit
 *     rc = ckpt_session_finish(cs, rc, nic, idl);  keeps it pending, or
 *                                        rolls back at once on failure */

struct apply_run_options;
struct ctl_options;
struct nic_result;
struct ovsdb_idl;
struct plan;

struct ckpt_session;

/* Environment variable that makes a verified apply count as failed, to
 * test the immediate rollback. */
#define CKPT_TEST_FAIL_VERIFY_ENV "OVS_OFFLOAD_TEST_FAIL_VERIFY"

/* Returns NULL, having said why, if no checkpoint can be taken. */
struct ckpt_session *ckpt_session_begin(const struct ctl_options *);

/* Persists the journal of 'nic' (just initialized) as it grows. */
void ckpt_session_watch_nic(struct ckpt_session *, struct nic_result *nic);

/* Sets the before_commit hook of 'aopts' to record the undo log of 'cs'
 * (does nothing if 'cs' is NULL). */
void ckpt_session_hook(struct ckpt_session *cs,
                       struct apply_run_options *aopts);

/* Ends the apply whose outcome is 'rc' (a CTL_EXIT_* code), 'nic' (may be
 * NULL) the NIC phase's: on success the checkpoint stays pending and the
 * command says how to confirm; on failure everything this apply changed is
 * rolled back now.  Frees 'cs' and returns the exit code. */
int ckpt_session_finish(struct ckpt_session *cs, int rc,
                        const struct nic_result *nic, struct ovsdb_idl *idl);

#endif /* checkpoint-ctl.h */
