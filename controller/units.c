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

#include "controller/units.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "openvswitch/dynamic-string.h"
#include "util.h"

static const struct units_file units[] = {
#include "units-embedded.h"
};

size_t
units_count(void)
{
    return ARRAY_SIZE(units);
}

const struct units_file *
units_get(size_t i)
{
    return i < ARRAY_SIZE(units) ? &units[i] : NULL;
}

char *
units_render(const struct units_file *u, const char *sbindir)
{
    static const char from[] = UNITS_SBINDIR_DEFAULT "/ovs-offload";
    struct ds s = DS_EMPTY_INITIALIZER;
    const char *p = u->text;
    const char *hit;

    while ((hit = strstr(p, from)) != NULL) {
        ds_put_buffer(&s, p, hit - p);
        ds_put_format(&s, "%s/ovs-offload", sbindir);
        p = hit + strlen(from);
    }
    ds_put_cstr(&s, p);
    return ds_steal_cstr(&s);
}

const char *
units_action_to_string(enum units_action a)
{
    switch (a) {
    case UNITS_NEW:
        return "new";
    case UNITS_UNCHANGED:
        return "unchanged";
    case UNITS_REPLACE:
        return "replaces an earlier install-units version";
    case UNITS_REFUSE:
        return "REFUSED: the file exists and was not written by "
               "install-units";
    default:
        OVS_NOT_REACHED();
    }
}

/* Reads the file 'path' into '*textp'.  Returns 0, ENOENT, or another
 * errno value. */
static int
read_file(const char *path, char **textp)
{
    struct ds s = DS_EMPTY_INITIALIZER;
    FILE *f = fopen(path, "r");
    char buf[4096];
    size_t n;

    *textp = NULL;
    if (!f) {
        return errno;
    }
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        ds_put_buffer(&s, buf, n);
    }
    int error = ferror(f) ? EIO : 0;
    fclose(f);
    if (error) {
        ds_destroy(&s);
        return error;
    }
    *textp = ds_steal_cstr(&s);
    return 0;
}

void
units_plan_compute(const char *root, const char *sbindir,
                   struct units_plan *plan)
{
    const char *prefix = root && strcmp(root, "/") ? root : "";

    memset(plan, 0, sizeof *plan);
    plan->items = xcalloc(ARRAY_SIZE(units), sizeof *plan->items);
    for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
        struct units_item *it = &plan->items[plan->n_items++];
        char *cur;

        it->path = xasprintf("%s%s/%s", prefix, UNITS_DIR, units[i].name);
        it->text = units_render(&units[i], sbindir);
        if (read_file(it->path, &cur)) {
            it->action = UNITS_NEW;
        } else if (!strcmp(cur, it->text)) {
            it->action = UNITS_UNCHANGED;
        } else if (!strncmp(cur, UNITS_MARKER, strlen(UNITS_MARKER))) {
            it->action = UNITS_REPLACE;
        } else {
            it->action = UNITS_REFUSE;
            plan->n_refused++;
        }
        free(cur);
    }
}

/* mkdir -p for the directory part of 'path'. */
static int
make_parents(const char *path, char **errp)
{
    char *dir = xstrdup(path);
    int error = 0;

    for (char *p = dir + 1; *p; p++) {
        if (*p != '/') {
            continue;
        }
        *p = '\0';
        if (mkdir(dir, 0755) && errno != EEXIST) {
            error = errno;
            *errp = xasprintf("cannot create directory %s (%s)", dir,
                              ovs_strerror(error));
            break;
        }
        *p = '/';
    }
    free(dir);
    return error;
}

static int
write_file(const char *path, const char *text, char **errp)
{
    char *tmp = xasprintf("%s.tmp-ovs-offload", path);
    size_t len = strlen(text);
    int error = make_parents(path, errp);
    FILE *f;

    if (error) {
        free(tmp);
        return error;
    }
    f = fopen(tmp, "w");
    if (!f) {
        error = errno;
    } else {
        bool ok = fwrite(text, 1, len, f) == len;

        ok = !fflush(f) && ok;
        ok = !fsync(fileno(f)) && ok;
        error = ok ? 0 : (errno ? errno : EIO);
        if (fclose(f) && !error) {
            error = errno;
        }
        if (!error) {
            chmod(tmp, 0644);
            if (rename(tmp, path)) {
                error = errno;
            }
        }
    }
    if (error) {
        *errp = xasprintf("cannot write %s (%s)", path, ovs_strerror(error));
        unlink(tmp);
    }
    free(tmp);
    return error;
}

int
units_plan_write(const struct units_plan *plan, char **errp)
{
    *errp = NULL;
    if (plan->n_refused) {
        *errp = xasprintf("%"PRIuSIZE" file%s exist%s and %s not written by "
                          "install-units; nothing was written",
                          plan->n_refused, plan->n_refused == 1 ? "" : "s",
                          plan->n_refused == 1 ? "s" : "",
                          plan->n_refused == 1 ? "was" : "were");
        return EEXIST;
    }
    for (size_t i = 0; i < plan->n_items; i++) {
        const struct units_item *it = &plan->items[i];

        if (it->action == UNITS_NEW || it->action == UNITS_REPLACE) {
            int error = write_file(it->path, it->text, errp);

            if (error) {
                return error;
            }
        }
    }
    return 0;
}

void
units_plan_destroy(struct units_plan *plan)
{
    for (size_t i = 0; plan && i < plan->n_items; i++) {
        free(plan->items[i].path);
        free(plan->items[i].text);
    }
    if (plan) {
        free(plan->items);
        memset(plan, 0, sizeof *plan);
    }
}
