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

#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/ctl.h"
#include "controller/units.h"
#include "openvswitch/compiler.h"
#include "openvswitch/json.h"
#include "util.h"

/* The directory the units name for ovs-offloadctl and ovs-offloadd: that of
 * the running binary (so that a build or a /usr/local install gets units
 * that run it), unless OVS_OFFLOAD_SBINDIR says otherwise (packaging,
 * tests). */
static char *
units_sbindir(void)
{
    const char *env = getenv("OVS_OFFLOAD_SBINDIR");
    char exe[PATH_MAX];

    if (env && *env) {
        return xstrdup(env);
    }
    if (realpath("/proc/self/exe", exe)) {
        return xstrdup(dirname(exe));
    }
    return xstrdup(UNITS_SBINDIR_DEFAULT);
}

/* "install-units": shows (default) or writes (--write) the systemd units. */
int
cmd_install_units(const struct ctl_options *opts, int argc OVS_UNUSED,
                  char *argv[] OVS_UNUSED)
{
    char *sbindir = units_sbindir();
    struct units_plan plan;
    int rc = CTL_EXIT_OK;
    char *err = NULL;

    units_plan_compute(opts->root, sbindir, &plan);
    if (opts->write && units_plan_write(&plan, &err)) {
        rc = CTL_EXIT_FAIL;
    } else if (!opts->write && plan.n_refused) {
        rc = CTL_EXIT_FAIL;
    }

    if (opts->json) {
        struct json *arr = json_array_create_empty();

        for (size_t i = 0; i < plan.n_items; i++) {
            const struct units_item *it = &plan.items[i];
            struct json *o = json_object_create();

            json_object_put_string(o, "path", it->path);
            json_object_put_string(o, "action",
                                   it->action == UNITS_NEW ? "new"
                                   : it->action == UNITS_UNCHANGED
                                   ? "unchanged"
                                   : it->action == UNITS_REPLACE ? "replace"
                                   : "refuse");
            json_object_put_string(o, "text", it->text);
            json_array_add(arr, o);
        }
        struct json *j = json_object_create();
        json_object_put(j, "written", json_boolean_create(opts->write
                                                          && !rc));
        json_object_put(j, "files", arr);
        ctl_print_json(j);
    } else {
        for (size_t i = 0; i < plan.n_items; i++) {
            const struct units_item *it = &plan.items[i];

            if (opts->write) {
                printf("%s: %s%s\n", it->path,
                       units_action_to_string(it->action),
                       rc || it->action == UNITS_UNCHANGED
                       || it->action == UNITS_REFUSE ? "" : ", written");
            } else {
                printf("==> %s (%s) <==\n%s\n", it->path,
                       units_action_to_string(it->action), it->text);
            }
        }
        if (!opts->write) {
            printf("Dry run: nothing was written; --write writes these "
                   "files%s.\n", opts->root ? "" : " (--root=DIR: under DIR)");
        } else if (!rc) {
            printf("Now run: systemctl daemon-reload && systemctl enable "
                   "ovs-offload-nic.service ovs-offloadd.service\n");
        }
    }
    if (err) {
        fprintf(stderr, "%s: %s\n", program_name, err);
    } else if (plan.n_refused) {
        fprintf(stderr, "%s: %"PRIuSIZE" file(s) exist and were not written "
                "by install-units (no \"%s\" first line); move them away "
                "or keep them\n", program_name, plan.n_refused,
                UNITS_MARKER);
    }
    free(err);
    free(sbindir);
    units_plan_destroy(&plan);
    return rc;
}
