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

#ifndef CTL_H
#define CTL_H 1

/* ovs-offloadctl: the options every command sees, and the helpers that the
 * command files (controller/cmd-*.c) share.  Each command is a function
 *
 *     int cmd_NAME(const struct ctl_options *, int argc, char *argv[]);
 *
 * listed in the table in ovs-offloadctl.c, and returns one of the CTL_EXIT_*
 * codes. */

#include <stdbool.h>

struct ds;
struct json;
struct offload_config;
struct ovsdb_idl;

/* Where apply --confirm-within keeps its checkpoint. */
#define CTL_CHECKPOINT_DEFAULT "/var/lib/ovs-offload/checkpoint.json"

/* Exit codes. */
enum {
    CTL_EXIT_OK = 0,
    CTL_EXIT_FAIL = 1,          /* Invalid file, conflict, failed apply,
                                 * failed test. */
    CTL_EXIT_USAGE = 2,
};

struct ctl_options {
    /* Global. */
    const char *config_file;
    const char *ifupdown2;      /* Read this interfaces(5) file instead. */
    const char *nic_state;      /* NIC state file. */
    char *db;
    bool json;
    long long int timeout_ms;

    /* apply, teardown. */
    bool dry_run;
    bool no_wait;
    bool restart_vswitchd;      /* apply --restart-vswitchd. */
    long long int confirm_within_ms;  /* apply --confirm-within=SECS, or 0. */
    const char *checkpoint;     /* --checkpoint=FILE (apply, confirm,
                                 * rollback). */

    /* watch, failover-test. */
    long long int interval_ms;  /* --interval=SECS (may be fractional). */
    long long int count;        /* --count=N refreshes, 0 for forever. */

    /* failover-test. */
    const char *fail_cmd;       /* --fail-cmd=CMD ("{leg}" = the leg). */
    const char *restore_cmd;    /* --restore-cmd=CMD. */
    const char *traffic;        /* --traffic=CMD instead of the built-in
                                 * generator. */
    const char *report;         /* --report=FILE: JSON report. */
    const char *junit;          /* --junit=FILE: JUnit XML report. */

    /* install-units. */
    bool write;                 /* --write: really write (default: show). */
    const char *root;           /* --root=DIR: prefix for written paths. */

    /* apply at boot (controller/apply-early.h, docs/startup.md). */
    bool nic_only;              /* --nic-only: the NIC phase, no database. */
    bool globals_only;          /* --globals-only: only the Open_vSwitch
                                 * global keys, never waiting for
                                 * ovs-vswitchd. */
};

/* Prints 'j' as pretty JSON on stdout and frees it. */
void ctl_print_json(struct json *j);

/* Prints 'errors' (one per line) to stderr, then that nothing changed in
 * 'file'. */
void ctl_report_errors(const char *file, const char *errors);

/* Loads the desired state: the file named in 'opts', or the interfaces(5)
 * file given with --ifupdown2.  On failure prints every error, says that
 * nothing was changed, and returns NULL. */
struct offload_config *ctl_load_config(const struct ctl_options *);

/* Translates the interfaces(5) file 'path' into our YAML in 'yaml', with
 * its notes on stderr.  Returns false, having printed the errors, if it
 * cannot. */
bool ctl_import_ifupdown2(const char *path, struct ds *yaml);

/* Connects to the database in 'opts'; on failure says why, returns NULL. */
struct ovsdb_idl *ctl_connect_db(const struct ctl_options *);

/* Loads the file and connects to the database, for the commands that need
 * both.  Returns false, having said why, if either fails. */
bool ctl_open_session(const struct ctl_options *, struct offload_config **,
                      struct ovsdb_idl **);

/* Commands implemented outside ovs-offloadctl.c. */
int cmd_watch(const struct ctl_options *, int argc, char *argv[]);
int cmd_failover_test(const struct ctl_options *, int argc, char *argv[]);
int cmd_install_units(const struct ctl_options *, int argc, char *argv[]);
int cmd_attach(const struct ctl_options *, int argc, char *argv[]);
int cmd_confirm(const struct ctl_options *, int argc, char *argv[]);
int cmd_rollback(const struct ctl_options *, int argc, char *argv[]);

#endif /* ctl.h */
