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

#ifndef UNITS_H
#define UNITS_H 1

/* The systemd units of ovs-offload (contrib/systemd/, embedded in the
 * binary at build time by cmake/EmbedUnits.cmake), and how "ovs-offloadctl
 * install-units" installs them: under /etc/systemd/system, with the
 * binaries' directory filled in, never over a file that it did not write
 * itself.  docs/startup.md explains the boot order they make. */

#include <stdbool.h>
#include <stddef.h>

/* Where the units go (under --root, if given). */
#define UNITS_DIR "/etc/systemd/system"

/* The first line of every file install-units writes; a file without it is
 * somebody else's and is never overwritten (unless identical). */
#define UNITS_MARKER "# ovs-offload: written by ovs-offloadctl install-units."

/* The directory of the binaries as written in contrib/systemd/. */
#define UNITS_SBINDIR_DEFAULT "/usr/sbin"

struct units_file {
    /* Relative to UNITS_DIR, e.g.
     * "ovs-vswitchd.service.d/ovs-offload.conf". */
    const char *name;
    const char *text;           /* As in contrib/systemd/. */
};

size_t units_count(void);
const struct units_file *units_get(size_t);

/* Returns the text of 'u' with the ovs-offload binaries taken from
 * 'sbindir' instead of UNITS_SBINDIR_DEFAULT.  The caller frees it. */
char *units_render(const struct units_file *u, const char *sbindir);

enum units_action {
    UNITS_NEW,                  /* No such file yet. */
    UNITS_UNCHANGED,            /* Identical file already there. */
    UNITS_REPLACE,              /* Our earlier version: replaced. */
    UNITS_REFUSE,               /* Someone else's file: left alone. */
};

const char *units_action_to_string(enum units_action);

struct units_item {
    char *path;                 /* Full path, under the root. */
    char *text;                 /* What install-units writes there. */
    enum units_action action;
};

struct units_plan {
    struct units_item *items;
    size_t n_items;
    size_t n_refused;
};

/* Works out in 'plan' what installing every unit under 'root' (NULL or ""
 * for "/") with binaries in 'sbindir' would do. */
void units_plan_compute(const char *root, const char *sbindir,
                        struct units_plan *plan);

/* Writes the new and replaced files of 'plan' (creating directories),
 * each through a temporary file and rename().  Writes nothing if 'plan'
 * refuses a file.  Returns 0 or a positive errno value, with a message in
 * '*errp' (freed by the caller). */
int units_plan_write(const struct units_plan *plan, char **errp);

void units_plan_destroy(struct units_plan *);

#endif /* units.h */
