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

#include "controller/ctl.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/ifupdown2-import.h"
#include "controller/offload-config.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "ovsdb/offload-idl.h"
#include "util.h"

void
ctl_print_json(struct json *j)
{
    char *s = json_to_string(j, JSSF_PRETTY | JSSF_SORT);

    puts(s);
    free(s);
    json_destroy(j);
}

/* Prints 'errors' (one per line) to stderr, then that nothing changed. */
void
ctl_report_errors(const char *file, const char *errors)
{
    size_t n = 0;

    for (const char *p = errors; *p; p++) {
        n += *p == '\n';
    }
    fputs(errors, stderr);
    if (errors[0] && errors[strlen(errors) - 1] != '\n') {
        fputc('\n', stderr);
        n++;
    }
    fprintf(stderr, "%s: %"PRIuSIZE" error%s; nothing was changed\n", file,
            n, n == 1 ? "" : "s");
}

/* Translates the interfaces(5) file 'path' into our YAML in 'yaml', with
 * its notes on stderr.  Returns false, having printed the errors, if it
 * cannot. */
bool
ctl_import_ifupdown2(const char *path, struct ds *yaml)
{
    struct ds notes = DS_EMPTY_INITIALIZER;
    char *errors = ifupdown2_import_file(path, yaml, &notes);

    fputs(ds_cstr(&notes), stderr);
    ds_destroy(&notes);
    if (errors) {
        ctl_report_errors(path, errors);
        free(errors);
        return false;
    }
    return true;
}

/* Loads the desired state: the file named in 'opts', or the interfaces(5)
 * file given with --ifupdown2.  On failure prints every error, says that
 * nothing was changed, and returns NULL. */
struct offload_config *
ctl_load_config(const struct ctl_options *opts)
{
    struct offload_config *cfg;
    char *errors;

    if (opts->ifupdown2) {
        struct ds yaml = DS_EMPTY_INITIALIZER;

        if (!ctl_import_ifupdown2(opts->ifupdown2, &yaml)) {
            ds_destroy(&yaml);
            return NULL;
        }
        errors = offload_config_parse_buffer(opts->ifupdown2, ds_cstr(&yaml),
                                             yaml.length, &cfg);
        ds_destroy(&yaml);
    } else {
        errors = offload_config_parse_file(opts->config_file, &cfg);
    }
    if (errors) {
        ctl_report_errors(opts->ifupdown2 ? opts->ifupdown2
                          : opts->config_file, errors);
        free(errors);
        return NULL;
    }
    return cfg;
}

struct ovsdb_idl *
ctl_connect_db(const struct ctl_options *opts)
{
    struct ovsdb_idl *idl;
    char *err;

    if (offload_idl_connect(opts->db, opts->timeout_ms, &idl, &err)) {
        fprintf(stderr, "%s: %s\n", program_name, err);
        free(err);
        return NULL;
    }
    return idl;
}

/* Loads the file and connects to the database, for the commands that need
 * both.  Returns false, having said why, if either fails. */
bool
ctl_open_session(const struct ctl_options *opts, struct offload_config **cfgp,
             struct ovsdb_idl **idlp)
{
    *cfgp = ctl_load_config(opts);
    *idlp = *cfgp ? ctl_connect_db(opts) : NULL;
    if (!*idlp) {
        offload_config_destroy(*cfgp);
        *cfgp = NULL;
        return false;
    }
    return true;
}
