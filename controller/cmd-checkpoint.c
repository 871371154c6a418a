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

/* "apply --confirm-within", "confirm" and "rollback": the checkpoint
 * (checkpoint.h) around an apply, its guardian (rollback-guard.h), and the
 * rollback itself: the OVSDB undo log as one transaction, then the NIC
 * journal, then the NIC state file as it was. */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "controller/apply-run.h"
#include "controller/checkpoint-ctl.h"
#include "controller/checkpoint.h"
#include "controller/ctl.h"
#include "controller/db-state.h"
#include "controller/nic-backend.h"
#include "controller/nic-phase.h"
#include "controller/offloadd-notify.h"
#include "controller/plan.h"
#include "controller/reconcile-pause.h"
#include "controller/rollback-guard.h"
#include "controller/vswitchd-ctl.h"
#include "openvswitch/compiler.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "ovsdb/offload-apply.h"
#include "ovsdb/offload-idl.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(cmd_checkpoint);

/* How many times a rollback re-plans when the database changes under it. */
#define ROLLBACK_MAX_ATTEMPTS 5

/* Messages go to stdout, or to stderr when stdout carries JSON. */
static void OVS_PRINTF_FORMAT(2, 3)
say(const struct ctl_options *opts, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    vfprintf(opts->json ? stderr : stdout, format, args);
    va_end(args);
}

/* The rollback. */

/* Rolls the database back to before the apply of 'ck'.  Returns false,
 * having said why, if it could not (a conflict: then nothing changed). */
static bool
rollback_ovsdb(const struct ctl_options *opts, const struct checkpoint *ck,
               struct ovsdb_idl *idl)
{
    long long int deadline = time_msec() + opts->timeout_ms;

    for (int attempt = 1; ; attempt++) {
        struct db_state st;
        struct plan plan;
        struct ds conflicts = DS_EMPTY_INITIALIZER;

        db_state_init(&st);
        offload_idl_snapshot(idl, &st);
        plan_init(&plan);
        size_t n = checkpoint_rollback_plan(ck, &st, &plan, &conflicts);
        db_state_destroy(&st);

        if (n) {
            fprintf(stderr, "%s: the database was not rolled back: another "
                    "client changed what the apply set (nothing of it was "
                    "changed back, to clobber nothing):\n%s",
                    program_name, ds_cstr(&conflicts));
            ds_destroy(&conflicts);
            plan_destroy(&plan);
            return false;
        }
        ds_destroy(&conflicts);
        if (plan_is_empty(&plan)) {
            plan_destroy(&plan);
            say(opts, "%s\n", attempt == 1
                ? "OVSDB: nothing to undo (the apply had not committed)."
                : "OVSDB: verified, the rows are as before the apply.");
            return true;
        }
        if (attempt > ROLLBACK_MAX_ATTEMPTS || time_msec() >= deadline) {
            fprintf(stderr, "%s: the database kept changing during the "
                    "rollback (%d attempts); it may be rolled back in part\n",
                    program_name, attempt - 1);
            plan_destroy(&plan);
            return false;
        }

        struct ds s = DS_EMPTY_INITIALIZER;
        plan_format_text(&plan, &s);
        say(opts, "OVSDB rollback:\n%s", ds_cstr(&s));
        ds_destroy(&s);

        bool bump = !opts->no_wait && vswitchd_ctl_pid() != 0;
        unsigned int seqno = ovsdb_idl_get_seqno(idl);
        char *comment = xasprintf("ovs-offload: rollback of apply %s "
                                  "(checkpoint %s)",
                                  ck->source ? ck->source : "?", ck->id);
        int64_t next_cfg = 0;
        char *err = NULL;
        enum offload_apply_result r = offload_apply_plan(idl, &plan, comment,
                                                         bump, &next_cfg,
                                                         &err);
        free(comment);
        plan_destroy(&plan);

        if (r == OFFLOAD_APPLY_ERROR) {
            fprintf(stderr, "%s: rollback transaction failed: %s\n",
                    program_name, err);
            free(err);
            return false;
        } else if (r == OFFLOAD_APPLY_OK && bump) {
            if (!offload_apply_wait_vswitchd(idl, next_cfg, deadline)) {
                fprintf(stderr, "%s: ovs-vswitchd did not apply the "
                        "rollback in time (see its log)\n", program_name);
            }
        } else {
            /* Committed: let our own update arrive before the check.
             * Try again: the database changed under us; re-plan. */
            offload_idl_wait_change(idl, seqno, deadline);
        }
        /* The next round verifies: its plan must be empty. */
    }
}

static bool
rollback_nic(const struct ctl_options *opts, const struct checkpoint *ck)
{
    if (!ck->nic_journal || !json_array(ck->nic_journal)->n) {
        return true;
    }

    struct nic_kernel *k = nic_kernel_create("ovs-offload");
    struct nic_result r;

    nic_result_init(&r);
    bool ok = nic_phase_rollback_json(&nic_kernel_backend, k,
                                      ck->nic_journal, &r);
    say(opts, "NIC: %"PRIuSIZE" change%s undone in reverse order%s\n",
        json_array(ck->nic_journal)->n,
        json_array(ck->nic_journal)->n == 1 ? "" : "s",
        ok ? "." : ", with failures:");
    for (size_t i = 0; i < r.n_warnings; i++) {
        fprintf(stderr, "%s: %s\n", program_name, r.warnings[i]);
    }
    if (r.error) {
        fprintf(stderr, "%s: %s\n", program_name, r.error);
    }
    nic_result_destroy(&r);
    nic_kernel_destroy(k);
    return ok;
}

/* Puts the NIC state file (what teardown restores) back as it was. */
static bool
restore_nic_state_file(const struct checkpoint *ck)
{
    const char *path = ck->nic_state_file;

    if (!path) {
        return true;
    }

    struct json *cur = json_from_file(path);
    bool exists = !access(path, F_OK);
    char *cur_text = exists && cur ? json_to_string(cur, JSSF_SORT) : NULL;
    char *old_text = (ck->nic_state_before
                      ? json_to_string(ck->nic_state_before, JSSF_SORT)
                      : NULL);
    bool ok = true;

    json_destroy(cur);
    if (!ck->nic_state_before) {
        if (exists && unlink(path)) {
            ok = false;
        }
    } else if (!cur_text || strcmp(cur_text, old_text)) {
        char *tmp = xasprintf("%s.rollback", path);
        FILE *f = fopen(tmp, "w");
        char *text = json_to_string(ck->nic_state_before,
                                    JSSF_PRETTY | JSSF_SORT);

        ok = (f && fprintf(f, "%s\n", text) > 0 && !fclose(f)
              && !rename(tmp, path));
        if (!ok) {
            unlink(tmp);
        }
        free(text);
        free(tmp);
    }
    if (!ok) {
        fprintf(stderr, "%s: %s: cannot restore it: %s\n", program_name,
                path, ovs_strerror(errno));
    }
    free(cur_text);
    free(old_text);
    return ok;
}

/* After a rollback, before the checkpoint goes: leaves the marker that keeps
 * ovs-offloadd from applying again what was rolled back (its file, or the
 * file it reloads, still says it), until the operator says the file is
 * right (reconcile-pause.h). */
static void
leave_rollback_marker(const struct ctl_options *opts, const char *path,
                      const struct checkpoint *ck)
{
    char *err;

    if (rollback_marker_write(path, ck->source, ck->id, time_wall_msec(),
                              &err)) {
        fprintf(stderr, "%s: warning: cannot leave the rollback marker, so "
                "ovs-offloadd may apply again what was rolled back: %s\n",
                program_name, err);
        free(err);
    } else if (offloadd_notify_running()) {
        say(opts, "ovs-offloadd is paused until \"ovs-appctl -t "
            "ovs-offloadd config/reload\" or \"ovs-appctl -t ovs-offloadd "
            "reconcile/now\": fix %s first, or it applies again what was "
            "rolled back.\n", ck->source ? ck->source : "the file");
    }
}

/* Rolls back everything 'ck' records: the database first (so that OVS lets
 * go of bonds and VFs before they go), then the kernel.  A database
 * conflict stops it before the kernel is touched. */
static bool
rollback_all(const struct ctl_options *opts, const struct checkpoint *ck,
             struct ovsdb_idl *idl)
{
    if (!rollback_ovsdb(opts, ck, idl)) {
        return false;
    }
    bool nic_ok = rollback_nic(opts, ck);
    bool file_ok = restore_nic_state_file(ck);
    return nic_ok && file_ok;
}

/* apply --confirm-within. */

struct ckpt_session {
    const struct ctl_options *opts;
    char *path;               /* Absolute path of the checkpoint. */
    int lock_fd;
    struct checkpoint ck;
};

static void
ckpt_session_free(struct ckpt_session *cs)
{
    checkpoint_unlock(cs->lock_fd);
    checkpoint_destroy(&cs->ck);
    free(cs->path);
    free(cs);
}

static void
say_pending(const struct checkpoint *ck, const char *path)
{
    long long int left = (ck->deadline - time_wall_msec() + 999) / 1000;

    fprintf(stderr, "%s: an apply of %s is waiting for confirmation "
            "(checkpoint %s in %s, %s, %s %lld s%s): run \"%s confirm\" to "
            "keep it or \"%s rollback\" to undo it first\n",
            program_name, ck->source ? ck->source : "?", ck->id, path,
            ckpt_state_to_string(ck->state),
            left > 0 ? "rollback in" : "deadline passed", left > 0 ? left
            : -left, rollback_guard_alive(ck->guardian_pid) ? ""
            : "; its guardian is not running", program_name, program_name);
}

/* Starts the guardian of 'cs': at the deadline it runs this program's
 * "rollback" on the same checkpoint, database and NIC state file. */
static bool
start_guardian(struct ckpt_session *cs)
{
    const struct ctl_options *opts = cs->opts;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    char *err = NULL;

    if (n <= 0) {
        fprintf(stderr, "%s: cannot find my own executable: %s\n",
                program_name, ovs_strerror(errno));
        return false;
    }
    exe[n] = '\0';

    char *argv[] = {
        exe,
        xasprintf("--checkpoint=%s", cs->path),
        xasprintf("--db=%s", cs->ck.db),
        xasprintf("--nic-state=%s", cs->ck.nic_state_file),
        xasprintf("--timeout=%lld", (opts->timeout_ms + 999) / 1000),
        xstrdup("rollback"),
        NULL,
    };
    char *log = xasprintf("%s.log", cs->path);

    cs->ck.guardian_pid = rollback_guard_start(cs->path, cs->ck.id,
                                               cs->ck.deadline, argv, log,
                                               &err);
    free(log);
    for (size_t i = 1; argv[i]; i++) {
        free(argv[i]);
    }
    if (!cs->ck.guardian_pid) {
        fprintf(stderr, "%s: %s\n", program_name, err);
        free(err);
        return false;
    }
    return true;
}

struct ckpt_session *
ckpt_session_begin(const struct ctl_options *opts)
{
    struct ckpt_session *cs = xzalloc(sizeof *cs);
    struct checkpoint *ck = &cs->ck;
    char *err = NULL;

    cs->opts = opts;
    cs->path = abs_file_name(NULL, opts->checkpoint);
    checkpoint_init(ck);
    cs->lock_fd = checkpoint_lock(cs->path, &err);
    if (cs->lock_fd < 0) {
        goto error;
    }

    /* One pending apply at a time. */
    struct checkpoint old;
    int error = checkpoint_load(cs->path, &old, &err);
    if (error != ENOENT) {
        if (!error) {
            say_pending(&old, cs->path);
            checkpoint_destroy(&old);
        } else {
            fprintf(stderr, "%s: a checkpoint exists but cannot be read "
                    "(%s); remove it once you know nothing is pending\n",
                    program_name, err);
        }
        free(err);
        ckpt_session_free(cs);
        return NULL;
    }
    free(err);
    err = NULL;

    ck->created = time_wall_msec();
    ck->deadline = ck->created + opts->confirm_within_ms;
    ck->id = xasprintf("%ld-%lld", (long int) getpid(), ck->created);
    ck->state = CKPT_APPLYING;
    /* Absolute: "confirm" may run elsewhere and tells ovs-offloadd to
     * follow it. */
    ck->source = abs_file_name(NULL, opts->ifupdown2 ? opts->ifupdown2
                               : opts->config_file);
    ck->db = xstrdup(opts->db);
    ck->nic_state_file = abs_file_name(NULL, opts->nic_state);
    if (!access(ck->nic_state_file, F_OK)) {
        ck->nic_state_before = json_from_file(ck->nic_state_file);
        if (ck->nic_state_before->type == JSON_STRING) {
            err = xasprintf("%s: cannot keep a copy of it: %s",
                            ck->nic_state_file,
                            json_string(ck->nic_state_before));
            goto error;
        }
    }

    if (checkpoint_create_file(cs->path, ck, &err)) {
        goto error;
    }
    if (!start_guardian(cs)) {
        checkpoint_remove(cs->path, &err);
        goto error;
    }
    if (checkpoint_save(cs->path, ck, &err)) {
        rollback_guard_stop(ck->guardian_pid);
        char *err2;
        checkpoint_remove(cs->path, &err2);
        free(err2);
        goto error;
    }
    VLOG_INFO("checkpoint %s in %s, guardian pid %ld", ck->id, cs->path,
              ck->guardian_pid);
    return cs;

error:
    if (err) {
        fprintf(stderr, "%s: cannot take a checkpoint: %s; nothing was "
                "changed\n", program_name, err);
        free(err);
    }
    ckpt_session_free(cs);
    return NULL;
}

static void
save_or_warn(struct ckpt_session *cs)
{
    char *err;

    if (checkpoint_save(cs->path, &cs->ck, &err)) {
        fprintf(stderr, "%s: cannot update the checkpoint: %s\n",
                program_name, err);
        free(err);
    }
}

static void
nic_journal_hook(const struct json *journal, void *cs_)
{
    struct ckpt_session *cs = cs_;

    checkpoint_set_nic_journal(&cs->ck, journal);
    save_or_warn(cs);
}

void
ckpt_session_watch_nic(struct ckpt_session *cs, struct nic_result *nic)
{
    if (cs && nic) {
        nic->journal_hook = nic_journal_hook;
        nic->journal_hook_aux = cs;
    }
}

static bool
record_plan(const struct plan *plan, struct ovsdb_idl *idl, void *cs_,
            char **errp)
{
    struct ckpt_session *cs = cs_;
    struct db_state before;

    db_state_init(&before);
    offload_idl_snapshot(idl, &before);
    checkpoint_record_plan(&cs->ck, plan, &before);
    db_state_destroy(&before);
    if (checkpoint_save(cs->path, &cs->ck, errp)) {
        char *err = *errp;

        *errp = xasprintf("cannot write the undo log, so the transaction "
                          "was not sent: %s", err);
        free(err);
        return false;
    }
    return true;
}

void
ckpt_session_hook(struct ckpt_session *cs, struct apply_run_options *aopts)
{
    if (cs) {
        aopts->before_commit = record_plan;
        aopts->before_commit_aux = cs;
    }
}

int
ckpt_session_finish(struct ckpt_session *cs, int rc,
                    const struct nic_result *nic, struct ovsdb_idl *idl)
{
    const struct ctl_options *opts = cs->opts;
    struct checkpoint *ck = &cs->ck;
    char *err;

    if (rc == CTL_EXIT_OK && getenv(CKPT_TEST_FAIL_VERIFY_ENV)) {
        fprintf(stderr, "%s: %s is set: the verification counts as "
                "failed\n", program_name, CKPT_TEST_FAIL_VERIFY_ENV);
        rc = CTL_EXIT_FAIL;
    }
    if (rc == CTL_EXIT_OK) {
        ck->state = CKPT_PENDING;
        if (!checkpoint_save(cs->path, ck, &err)) {
            long long int left = (ck->deadline - time_wall_msec()) / 1000;

            say(opts, "Run \"%s confirm\" within %lld s to keep this; "
                "otherwise it is rolled back (\"%s rollback\" does it now). "
                "Checkpoint: %s, guardian pid %ld.\n", program_name,
                left > 0 ? left : 0, program_name, cs->path,
                ck->guardian_pid);
            ckpt_session_free(cs);
            return CTL_EXIT_OK;
        }
        fprintf(stderr, "%s: cannot mark the checkpoint pending: %s\n",
                program_name, err);
        free(err);
        rc = CTL_EXIT_FAIL;
    }

    if (nic && !nic->ok) {
        /* The NIC phase has undone its own changes already. */
        checkpoint_set_nic_journal(ck, NULL);
    }
    fprintf(stderr, "%s: the apply failed: rolling back what it changed\n",
            program_name);
    if (rollback_all(opts, ck, idl)) {
        rollback_guard_stop(ck->guardian_pid);
        leave_rollback_marker(opts, cs->path, ck);
        if (checkpoint_remove(cs->path, &err)) {
            fprintf(stderr, "%s: %s\n", program_name, err);
            free(err);
        }
        fprintf(stderr, "%s: rolled back: the database and the NIC are as "
                "before the apply\n", program_name);
    } else {
        fprintf(stderr, "%s: the rollback is incomplete; the checkpoint %s "
                "is kept (\"%s rollback\" tries again, \"%s confirm\" "
                "keeps the current state)\n", program_name, cs->path,
                program_name, program_name);
    }
    ckpt_session_free(cs);
    return rc;
}

/* Commands. */

/* Locks and loads the checkpoint of 'opts' into 'ck'.  Returns the lock fd,
 * or -1 if there is none or it cannot be read, with '*error' set. */
static int
lock_and_load(const struct ctl_options *opts, char **pathp,
              struct checkpoint *ck, int *error)
{
    char *path = abs_file_name(NULL, opts->checkpoint);
    char *err = NULL;
    int fd = checkpoint_lock(path, &err);

    *pathp = path;
    checkpoint_init(ck);
    if (fd < 0) {
        *error = EIO;
    } else {
        *error = checkpoint_load(path, ck, &err);
        if (*error) {
            checkpoint_unlock(fd);
            fd = -1;
        }
    }
    if (*error && *error != ENOENT) {
        fprintf(stderr, "%s: %s\n", program_name, err);
    }
    free(err);
    return fd;
}

/* Tells that no checkpoint file 'path' exists, and so 'consequence'. */
static void
say_none_pending(const char *path, const char *consequence)
{
    fprintf(stderr, "%s: no apply is waiting for confirmation (no %s): %s\n",
            program_name, path, consequence);
}

/* "confirm": keep what the pending apply did. */
int
cmd_confirm(const struct ctl_options *opts, int argc OVS_UNUSED,
            char *argv[] OVS_UNUSED)
{
    struct checkpoint ck;
    char *path;
    int error;
    int fd = lock_and_load(opts, &path, &ck, &error);
    int rc = CTL_EXIT_FAIL;

    if (fd < 0) {
        if (error == ENOENT) {
            say_none_pending(path, "nothing to confirm (was it rolled "
                             "back?)");
        }
        free(path);
        return CTL_EXIT_FAIL;
    }
    {
        char *err;

        if (ck.state != CKPT_PENDING) {
            fprintf(stderr, "%s: warning: the apply that took checkpoint %s "
                    "did not finish (was it killed?) or could not be rolled "
                    "back, so what it did was never verified; keeping the "
                    "current state as you asked\n", program_name, ck.id);
        }

        rollback_guard_stop(ck.guardian_pid);
        /* ovs-offloadd reloads the file while the checkpoint still pauses
         * it, so that it never sees the confirmed state as drift from the
         * file it had. */
        if (ck.source) {
            offloadd_notify_follow(opts, ck.source, false);
        }
        if (checkpoint_remove(path, &err)) {
            fprintf(stderr, "%s: %s\n", program_name, err);
            free(err);
        } else {
            say(opts, "Confirmed: the apply of %s stays (checkpoint %s "
                "removed).\n", ck.source ? ck.source : "?", ck.id);
            rc = CTL_EXIT_OK;
        }
    }
    checkpoint_unlock(fd);
    checkpoint_destroy(&ck);
    free(path);
    return rc;
}

/* "rollback": undo the pending apply now.  The guardian runs this too, at
 * the deadline, with ROLLBACK_GUARD_ENV naming its checkpoint. */
int
cmd_rollback(const struct ctl_options *opts, int argc OVS_UNUSED,
             char *argv[] OVS_UNUSED)
{
    const char *guard_id = getenv(ROLLBACK_GUARD_ENV);
    struct checkpoint ck;
    char *path;
    int error;
    int fd = lock_and_load(opts, &path, &ck, &error);
    int rc = CTL_EXIT_FAIL;

    if (fd < 0) {
        if (error == ENOENT) {
            if (guard_id) {
                /* Confirmed or rolled back while we waited for the
                 * lock. */
                free(path);
                return CTL_EXIT_OK;
            }
            say_none_pending(path, "nothing to roll back");
        }
        free(path);
        return CTL_EXIT_FAIL;
    }
    if (guard_id && strcmp(guard_id, ck.id)) {
        say(opts, "Checkpoint %s belongs to another apply; leaving it.\n",
            ck.id);
        rc = CTL_EXIT_OK;
        goto out;
    }

    struct ctl_options db_opts = *opts;
    if (ck.db) {
        db_opts.db = ck.db;
    }
    struct ovsdb_idl *idl = ctl_connect_db(&db_opts);
    if (!idl) {
        fprintf(stderr, "%s: checkpoint %s kept\n", program_name, path);
        goto out;
    }
    if (!guard_id) {
        rollback_guard_stop(ck.guardian_pid);
    }
    say(opts, "Rolling back the apply of %s (checkpoint %s).\n",
        ck.source ? ck.source : "?", ck.id);
    if (rollback_all(opts, &ck, idl)) {
        char *err;

        leave_rollback_marker(opts, path, &ck);
        if (checkpoint_remove(path, &err)) {
            fprintf(stderr, "%s: %s\n", program_name, err);
            free(err);
        }
        say(opts, "Rolled back: the database and the NIC are as before the "
            "apply (rows it deleted are back under new UUIDs).\n");
        rc = CTL_EXIT_OK;
    } else {
        fprintf(stderr, "%s: the rollback is incomplete; checkpoint %s kept "
                "(\"%s rollback\" tries again, \"%s confirm\" keeps the "
                "current state)\n", program_name, path, program_name,
                program_name);
    }
    offload_idl_destroy(idl);

out:
    checkpoint_unlock(fd);
    checkpoint_destroy(&ck);
    free(path);
    return rc;
}
