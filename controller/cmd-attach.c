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

#include <stdio.h>
#include <string.h>

#include "controller/attach.h"
#include "controller/ctl.h"
#include "openvswitch/compiler.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

/* "attach libvirt|nova|proxmox VF...": prints the snippets. */
int
cmd_attach(const struct ctl_options *opts, int argc, char *argv[])
{
    const char *format = argv[0];
    struct attach_options ao = {
        .physnet = opts->physnet,
        .name = opts->attach_name,
        .node = opts->node,
    };

    if (strcmp(format, "libvirt") && strcmp(format, "nova")
        && strcmp(format, "proxmox")) {
        fprintf(stderr, "%s: attach: unknown format \"%s\" (libvirt, nova "
                "or proxmox)\n", program_name, format);
        return CTL_EXIT_USAGE;
    }

    char *sysfs = opts->root ? xasprintf("%s/sys", opts->root) : NULL;
    struct attach_vf *vfs = xcalloc(argc - 1, sizeof *vfs);
    size_t n = 0;
    int rc = CTL_EXIT_OK;

    for (int i = 1; i < argc; i++) {
        char *err;

        if (attach_resolve(sysfs, argv[i], &vfs[n], &err)) {
            fprintf(stderr, "%s: %s\n", program_name, err);
            free(err);
            rc = CTL_EXIT_FAIL;
        } else {
            n++;
        }
    }

    if (rc == CTL_EXIT_OK) {
        struct ds s = DS_EMPTY_INITIALIZER;

        if (!strcmp(format, "libvirt")) {
            attach_format_libvirt(vfs, n, &s);
        } else if (!strcmp(format, "nova")) {
            attach_format_nova(vfs, n, &ao, &s);
        } else {
            attach_format_proxmox(vfs, n, &ao, &s);
        }
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
    }
    for (size_t i = 0; i < n; i++) {
        attach_vf_destroy(&vfs[i]);
    }
    free(vfs);
    free(sysfs);
    return rc;
}
