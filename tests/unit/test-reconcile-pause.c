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

/* Unit tests of the daemon's pause (controller/reconcile-pause.c): the
 * decision and its order, the rollback marker as the rollback writes it and
 * the daemon reads it, holds and their expiry, and the pause in the status
 * model (reconcile.paused, ovs_offload_reconcile_paused, offload/show). */

#include <config.h>

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "controller/reconcile-pause.h"
#include "controller/status-model.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "timeval.h"
#include "util.h"

static void
test_reason_order(void **state OVS_UNUSED)
{
    struct pause_facts f = { .checkpoint = "/x/ck.json" };
    char *r;

    assert_null(pause_reason(&f));

    f.held = true;
    r = pause_reason(&f);
    assert_non_null(strstr(r, "ovs-offloadctl apply"));
    free(r);

    f.marker_exists = true;
    f.rb_source = "/etc/a.yaml";
    f.rb_time_ms = 1795000000000LL;
    r = pause_reason(&f);
    assert_non_null(strstr(r, "the apply of /etc/a.yaml was rolled back at "
                           "2026-11-18T"));
    assert_non_null(strstr(r, "/x/ck.json.rolled-back"));
    assert_non_null(strstr(r, "config/reload"));
    free(r);

    f.checkpoint_exists = true;
    r = pause_reason(&f);
    assert_non_null(strstr(r, "confirm-within is pending (checkpoint "
                           "/x/ck.json)"));
    free(r);

    /* A marker that could not be read still pauses. */
    f = (struct pause_facts) { .checkpoint = "c", .marker_exists = true };
    r = pause_reason(&f);
    assert_non_null(strstr(r, "(unknown file) was rolled back ("));
    free(r);
}

/* A fresh directory for the files. */
static char *
make_dir(void)
{
    char *dir = xstrdup("/tmp/test-reconcile-pause.XXXXXX");

    assert_non_null(mkdtemp(dir));
    return dir;
}

static void
touch(const char *path)
{
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs("{}\n", f);
    fclose(f);
}

static void
test_files(void **state OVS_UNUSED)
{
    char *dir = make_dir();
    char *ck = xasprintf("%s/ck.json", dir);
    char *marker = rollback_marker_path(ck);
    struct reconcile_pause *p = reconcile_pause_create(ck);
    char *err;

    assert_string_equal(marker + strlen(ck), ".rolled-back");

    /* Nothing: not paused, no wake-up needed. */
    assert_false(reconcile_pause_update(p));
    assert_null(reconcile_pause_reason(p));
    assert_int_equal(reconcile_pause_wake_time(p), LLONG_MAX);

    /* The checkpoint. */
    touch(ck);
    assert_true(reconcile_pause_update(p));
    assert_true(reconcile_pause_checkpoint_pending(p));
    assert_non_null(strstr(reconcile_pause_reason(p), "pending"));
    assert_true(reconcile_pause_wake_time(p) < LLONG_MAX);
    assert_false(reconcile_pause_update(p));     /* No change, no news. */

    /* Rolled back: the marker is written before the checkpoint goes. */
    assert_int_equal(rollback_marker_write(ck, "/etc/a.yaml", "1-2",
                                           1795000000000LL, &err), 0);
    assert_null(err);
    assert_false(reconcile_pause_update(p));     /* The checkpoint wins. */
    assert_int_equal(unlink(ck), 0);
    assert_true(reconcile_pause_update(p));
    assert_false(reconcile_pause_checkpoint_pending(p));
    assert_non_null(strstr(reconcile_pause_reason(p),
                           "the apply of /etc/a.yaml was rolled back"));

    struct json *j = json_from_file(marker);
    assert_int_equal(j->type, JSON_OBJECT);
    assert_string_equal(json_string(shash_find_data(json_object(j),
                                                     "checkpoint")), "1-2");
    json_destroy(j);

    /* A hold does not end the marker's pause; clearing the marker does. */
    reconcile_pause_hold(p, 60000);
    assert_false(reconcile_pause_update(p));
    assert_int_equal(reconcile_pause_clear_marker(p, &err), 0);
    assert_int_equal(access(marker, F_OK), -1);
    assert_true(reconcile_pause_update(p));
    assert_non_null(strstr(reconcile_pause_reason(p), "held"));
    assert_int_equal(reconcile_pause_clear_marker(p, &err), 0); /* Gone. */

    /* Released by hand... */
    reconcile_pause_hold(p, 0);
    assert_true(reconcile_pause_update(p));
    assert_null(reconcile_pause_reason(p));

    /* ...or by its expiry, which the wake-up time covers. */
    reconcile_pause_hold(p, 50);
    assert_true(reconcile_pause_update(p));
    long long int wake = reconcile_pause_wake_time(p);
    assert_true(wake <= time_msec() + 50);
    usleep(60000);
    assert_true(reconcile_pause_update(p));
    assert_null(reconcile_pause_reason(p));

    reconcile_pause_destroy(p);
    rmdir(dir);
    free(marker);
    free(ck);
    free(dir);
}

static const struct json *
jget(const struct json *j, const char *key)
{
    const struct json *v = shash_find_data(json_object(j), key);

    assert_non_null(v);
    return v;
}

static void
test_status_model(void **state OVS_UNUSED)
{
    struct status_sample s;
    struct ds out = DS_EMPTY_INITIALIZER;
    struct json *j;

    status_sample_init(&s);
    s.has_daemon = true;
    s.daemon.last_result = 1;

    /* Not paused: null, 0, nothing in the text. */
    j = status_sample_to_json(&s);
    assert_int_equal(jget(jget(j, "reconcile"), "paused")->type, JSON_NULL);
    json_destroy(j);
    status_sample_format_prometheus(&s, &out);
    assert_non_null(strstr(ds_cstr(&out),
                           "\novs_offload_reconcile_paused 0\n"));
    ds_clear(&out);
    status_sample_format_text(&s, STATUS_VIEW_OFFLOAD, &out);
    assert_null(strstr(ds_cstr(&out), "paused"));
    ds_clear(&out);

    s.daemon.paused = xstrdup("because");
    j = status_sample_to_json(&s);
    assert_string_equal(json_string(jget(jget(j, "reconcile"), "paused")),
                        "because");
    json_destroy(j);
    status_sample_format_prometheus(&s, &out);
    assert_non_null(strstr(ds_cstr(&out),
                           "\novs_offload_reconcile_paused 1\n"));
    ds_clear(&out);
    status_sample_format_text(&s, STATUS_VIEW_OFFLOAD, &out);
    assert_non_null(strstr(ds_cstr(&out), "reconcile: paused: because\n"));

    ds_destroy(&out);
    status_sample_destroy(&s);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reason_order),
        cmocka_unit_test(test_files),
        cmocka_unit_test(test_status_model),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
