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

#include "controller/reconcile-pause.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(reconcile_pause);

/* While paused by a file, how often to look whether it went. */
#define PAUSE_CHECK_MS 500

char *
rollback_marker_path(const char *checkpoint)
{
    return xasprintf("%s%s", checkpoint, ROLLBACK_MARKER_SUFFIX);
}

int
rollback_marker_write(const char *checkpoint, const char *source,
                      const char *id, long long int time_ms, char **errp)
{
    char *path = rollback_marker_path(checkpoint);
    char *tmp = xasprintf("%s.tmp", path);
    struct json *j = json_object_create();
    char *when = xastrftime_msec("%Y-%m-%dT%H:%M:%SZ", time_ms, true);
    int error = 0;

    json_object_put(j, "time_ms", json_integer_create(time_ms));
    json_object_put_string(j, "time", when);
    json_object_put(j, "source", (source ? json_string_create(source)
                                  : json_null_create()));
    json_object_put(j, "checkpoint", (id ? json_string_create(id)
                                      : json_null_create()));

    char *text = json_to_string(j, JSSF_PRETTY | JSSF_SORT);
    FILE *f;

    errno = 0;
    f = fopen(tmp, "w");

    /* Written aside and renamed, so that the daemon never reads half. */
    bool ok = f && fprintf(f, "%s\n", text) >= 0;
    if (f && fclose(f)) {
        ok = false;
    }
    if (!ok || rename(tmp, path)) {
        error = errno ? errno : EIO;
        *errp = xasprintf("%s: %s", path, ovs_strerror(error));
        unlink(tmp);
    } else {
        *errp = NULL;
    }
    free(text);
    free(when);
    json_destroy(j);
    free(tmp);
    free(path);
    return error;
}

char *
pause_reason(const struct pause_facts *f)
{
    if (f->checkpoint_exists) {
        return xasprintf("an apply --confirm-within is pending (checkpoint "
                         "%s): waiting for confirm or rollback",
                         f->checkpoint);
    }
    if (f->marker_exists) {
        struct ds s = DS_EMPTY_INITIALIZER;

        ds_put_format(&s, "the apply of %s was rolled back",
                      f->rb_source ? f->rb_source : "(unknown file)");
        if (f->rb_time_ms > 0) {
            char *when = xastrftime_msec(" at %Y-%m-%dT%H:%M:%SZ",
                                         f->rb_time_ms, true);
            ds_put_cstr(&s, when);
            free(when);
        }
        ds_put_format(&s, " (%s%s): fix the file, then \"ovs-appctl -t "
                      "ovs-offloadd config/reload\" or \"reconcile/now\"",
                      f->checkpoint, ROLLBACK_MARKER_SUFFIX);
        return ds_steal_cstr(&s);
    }
    if (f->held) {
        return xstrdup("held by a running \"ovs-offloadctl apply\" until it "
                       "asks for config/reload");
    }
    return NULL;
}

struct reconcile_pause {
    char *checkpoint;
    char *marker;

    bool checkpoint_exists;
    bool marker_exists;
    struct timespec marker_mtime;
    char *rb_source;
    long long int rb_time_ms;
    long long int hold_until;   /* time_msec(); LLONG_MIN if none. */

    char *reason;               /* NULL if not paused. */
};

struct reconcile_pause *
reconcile_pause_create(const char *checkpoint)
{
    struct reconcile_pause *p = xzalloc(sizeof *p);

    p->checkpoint = xstrdup(checkpoint);
    p->marker = rollback_marker_path(checkpoint);
    p->hold_until = LLONG_MIN;
    return p;
}

void
reconcile_pause_destroy(struct reconcile_pause *p)
{
    if (p) {
        free(p->checkpoint);
        free(p->marker);
        free(p->rb_source);
        free(p->reason);
        free(p);
    }
}

/* Reads what the marker says, when it changed. */
static void
read_marker(struct reconcile_pause *p, const struct stat *st)
{
    if (p->marker_exists
        && st->st_mtim.tv_sec == p->marker_mtime.tv_sec
        && st->st_mtim.tv_nsec == p->marker_mtime.tv_nsec) {
        return;
    }
    p->marker_mtime = st->st_mtim;
    free(p->rb_source);
    p->rb_source = NULL;
    p->rb_time_ms = 0;

    struct json *j = json_from_file(p->marker);
    if (j && j->type == JSON_OBJECT) {
        const struct json *src = shash_find_data(json_object(j), "source");
        const struct json *t = shash_find_data(json_object(j), "time_ms");

        if (src && src->type == JSON_STRING) {
            p->rb_source = xstrdup(json_string(src));
        }
        if (t && t->type == JSON_INTEGER) {
            p->rb_time_ms = json_integer(t);
        }
    }
    json_destroy(j);
}

bool
reconcile_pause_update(struct reconcile_pause *p)
{
    struct stat st;

    p->checkpoint_exists = !stat(p->checkpoint, &st);
    if (!stat(p->marker, &st)) {
        read_marker(p, &st);
        p->marker_exists = true;
    } else {
        p->marker_exists = false;
    }
    if (p->hold_until != LLONG_MIN && time_msec() >= p->hold_until) {
        VLOG_INFO("the hold of \"ovs-offloadctl apply\" expired");
        p->hold_until = LLONG_MIN;
    }

    struct pause_facts f = {
        .checkpoint = p->checkpoint,
        .checkpoint_exists = p->checkpoint_exists,
        .marker_exists = p->marker_exists,
        .rb_source = p->rb_source,
        .rb_time_ms = p->rb_time_ms,
        .held = p->hold_until != LLONG_MIN,
    };
    char *reason = pause_reason(&f);

    if (!reason && !p->reason) {
        return false;
    }
    if (reason && p->reason && !strcmp(reason, p->reason)) {
        free(reason);
        return false;
    }
    if (!reason) {
        VLOG_INFO("reconcile resumed");
    } else if (!p->reason) {
        VLOG_INFO("reconcile paused: %s", reason);
    } else {
        VLOG_INFO("reconcile still paused: %s", reason);
    }
    free(p->reason);
    p->reason = reason;
    return true;
}

const char *
reconcile_pause_reason(const struct reconcile_pause *p)
{
    return p->reason;
}

bool
reconcile_pause_checkpoint_pending(const struct reconcile_pause *p)
{
    return p->checkpoint_exists;
}

void
reconcile_pause_hold(struct reconcile_pause *p, long long int ms)
{
    p->hold_until = ms > 0 ? time_msec() + ms : LLONG_MIN;
}

int
reconcile_pause_clear_marker(struct reconcile_pause *p, char **errp)
{
    *errp = NULL;
    if (unlink(p->marker) && errno != ENOENT) {
        int error = errno;

        *errp = xasprintf("%s: cannot remove it: %s", p->marker,
                          ovs_strerror(error));
        return error;
    }
    return 0;
}

long long int
reconcile_pause_wake_time(const struct reconcile_pause *p)
{
    if (!p->reason) {
        return LLONG_MAX;
    }

    long long int t = time_msec() + PAUSE_CHECK_MS;
    if (p->hold_until != LLONG_MIN) {
        t = MIN(t, p->hold_until);
    }
    return t;
}
