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

#include <errno.h>
#include <float.h>
#include <getopt.h>
#include <limits.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "command-line.h"
#include "controller/apply-early.h"
#include "controller/apply-run.h"
#include "controller/checkpoint-ctl.h"
#include "controller/ctl.h"
#include "controller/db-state.h"
#include "controller/ifupdown2-import.h"
#include "controller/offloadd-notify.h"
#include "controller/nic-backend.h"
#include "controller/nic-phase.h"
#include "controller/nic-report.h"
#include "controller/doctor.h"
#include "lib/vswitch-idl.h"
#include "controller/offload-config.h"
#include "controller/offload-show.h"
#include "controller/option-util.h"
#include "controller/plan.h"
#include "controller/vswitchd-ctl.h"
#include "controller/vswitchd-restart.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/vlog.h"
#include "ovs-offload-version.h"
#include "ovsdb-idl.h"
#include "ovsdb/offload-apply.h"
#include "ovsdb/offload-idl.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ovs_offloadctl);

struct ctl_command {
    const char *name;
    int min_args, max_args;
    const char *usage;
    int (*handler)(const struct ctl_options *, int argc, char *argv[]);
};

/* "import ifupdown2 FILE": the equivalent native file on stdout. */
static int
cmd_import(const struct ctl_options *opts OVS_UNUSED, int argc OVS_UNUSED,
           char *argv[])
{
    struct ds yaml = DS_EMPTY_INITIALIZER;
    int rc = CTL_EXIT_FAIL;

    if (strcmp(argv[0], "ifupdown2")) {
        fprintf(stderr, "%s: import: unknown format \"%s\" (supported: "
                "ifupdown2)\n", program_name, argv[0]);
        return CTL_EXIT_USAGE;
    }
    if (ctl_import_ifupdown2(argv[1], &yaml)) {
        fputs(ds_cstr(&yaml), stdout);
        rc = CTL_EXIT_OK;
    }
    ds_destroy(&yaml);
    return rc;
}

/* Prints the NIC phase's outcome 'nic' (may be NULL) and 'plan'. */
static void
print_plan(const struct ctl_options *opts, const struct nic_result *nic,
           const struct plan *plan)
{
    if (opts->json) {
        struct json *j = plan_to_json(plan);

        if (nic) {
            json_object_put(j, "nic", nic_result_to_json(nic));
        }
        ctl_print_json(j);
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        if (nic) {
            nic_result_format_text(nic, &s);
        }
        plan_format_text(plan, &s);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
    }
}

/* Runs the NIC phase for 'cfg' if it asks for one ('dry_run' for plan).
 * Returns NULL if there is nothing to do, else the outcome, which the
 * caller frees with nic_result_destroy() and free(). */
static struct nic_result *
run_nic_phase(const struct ctl_options *opts, struct offload_config *cfg,
              bool dry_run, struct ckpt_session *cs)
{
    if (!nic_phase_needed(cfg)) {
        return NULL;
    }

    struct nic_result *r = xmalloc(sizeof *r);
    struct nic_kernel *k = nic_kernel_create(cfg->owner);

    nic_result_init(r);
    ckpt_session_watch_nic(cs, r);
    nic_phase_run(cfg, &nic_kernel_backend, k, dry_run, opts->nic_state, r);
    nic_kernel_destroy(k);
    return r;
}

static void
nic_result_free(struct nic_result *r)
{
    if (r) {
        nic_result_destroy(r);
        free(r);
    }
}

/* "validate": the file only, no database. */
static int
cmd_validate(const struct ctl_options *opts, int argc OVS_UNUSED,
             char *argv[] OVS_UNUSED)
{
    struct offload_config *cfg = ctl_load_config(opts);

    if (!cfg) {
        return CTL_EXIT_FAIL;
    }

    size_t n_ports = 0;
    for (size_t i = 0; i < cfg->n_bridges; i++) {
        n_ports += cfg->bridges[i].n_ports;
    }
    if (opts->json) {
        struct json *j = json_object_create();

        json_object_put(j, "valid", json_boolean_create(true));
        json_object_put_string(j, "file", opts->config_file);
        json_object_put(j, "bridges", json_integer_create(cfg->n_bridges));
        json_object_put(j, "ports", json_integer_create(n_ports));
        ctl_print_json(j);
    } else {
        printf("%s: valid (%"PRIuSIZE" bridge%s, %"PRIuSIZE" port%s)\n",
               opts->config_file, cfg->n_bridges,
               cfg->n_bridges == 1 ? "" : "s", n_ports,
               n_ports == 1 ? "" : "s");
    }
    offload_config_destroy(cfg);
    return CTL_EXIT_OK;
}

/* "plan": what apply would change. */
static int
cmd_plan(const struct ctl_options *opts, int argc OVS_UNUSED,
         char *argv[] OVS_UNUSED)
{
    struct offload_config *cfg;
    struct ovsdb_idl *idl;

    if (!ctl_open_session(opts, &cfg, &idl)) {
        return CTL_EXIT_FAIL;
    }

    struct nic_result *nic = run_nic_phase(opts, cfg, true, NULL);
    struct plan plan;
    apply_compute_plan(cfg, idl, &plan);
    print_plan(opts, nic, &plan);

    int rc = (plan.n_conflicts || (nic && !nic->ok)
              ? CTL_EXIT_FAIL : CTL_EXIT_OK);
    nic_result_free(nic);
    plan_destroy(&plan);
    offload_idl_destroy(idl);
    offload_config_destroy(cfg);
    return rc;
}

/* Makes the database match 'cfg' in one transaction, waits for
 * ovs-vswitchd and verifies by reading back; prints the report. */
static int
apply_config(const struct ctl_options *opts, const struct offload_config *cfg,
             struct ovsdb_idl *idl, const struct nic_result *nic,
             struct ckpt_session *cs)
{
    struct apply_run_options aopts = {
        .source = opts->ifupdown2 ? opts->ifupdown2 : opts->config_file,
        .dry_run = opts->dry_run,
        .no_wait = opts->no_wait,
        .timeout_ms = opts->timeout_ms,
    };
    struct apply_report report;

    ckpt_session_hook(cs, &aopts);
    bool ok = apply_run(&aopts, cfg, idl, &report);

    /* --restart-vswitchd: controller/vswitchd-restart.h. */
    struct vswitchd_restart_report restart = { .old_pid = 0 };
    bool restarted = (ok && opts->restart_vswitchd && !opts->dry_run
                      && report.plan.restart_needed);
    if (restarted) {
        ok = vswitchd_restart_after_apply(&aopts, cfg, idl, &restart);
    }

    if (opts->json) {
        struct json *j = apply_report_to_json(&report);

        if (nic) {
            json_object_put(j, "nic", nic_result_to_json(nic));
        }
        json_object_put(j, "vswitchd_restart", restarted
                        ? vswitchd_restart_report_to_json(&restart)
                        : json_null_create());
        ctl_print_json(j);
    } else {
        print_plan(opts, nic, &report.plan);
        if (opts->dry_run) {
            puts("Dry run: nothing was changed.");
        } else if (report.sent && ok) {
            printf("Applied %"PRIuSIZE" operation%s in one transaction "
                   "(%lld ms%s); the database matches the file.\n",
                   report.plan.n_ops, report.plan.n_ops == 1 ? "" : "s",
                   report.duration_ms,
                   report.waited ? ", ovs-vswitchd has applied it"
                   : ", ovs-vswitchd not waited for");
        }
        if (restarted) {
            struct ds s = DS_EMPTY_INITIALIZER;

            vswitchd_restart_report_format(&restart, &s);
            fputs(ds_cstr(&s), stdout);
            ds_destroy(&s);
        } else if (report.plan.restart_needed && !opts->dry_run) {
            puts("ovs-vswitchd was not restarted; \"apply "
                 "--restart-vswitchd\" restarts it once, keeping the "
                 "flows.");
        }
    }
    if (report.error) {
        fprintf(stderr, "%s: %s\n", program_name, report.error);
    }
    if (restart.error) {
        fprintf(stderr, "%s: --restart-vswitchd: %s\n", program_name,
                restart.error);
    }
    vswitchd_restart_report_destroy(&restart);
    apply_report_destroy(&report);
    return ok ? CTL_EXIT_OK : CTL_EXIT_FAIL;
}

/* "apply": the NIC phase, then one OVSDB transaction, waited for and
 * verified. */
static int
cmd_apply(const struct ctl_options *opts, int argc OVS_UNUSED,
          char *argv[] OVS_UNUSED)
{
    struct offload_config *cfg;
    struct ovsdb_idl *idl;
    int rc;

    if (opts->nic_only || opts->globals_only) {
        return apply_early_run(opts);   /* At boot: docs/startup.md. */
    }
    if (!opts->dry_run && !opts->confirm_within_ms
        && !access(opts->checkpoint, F_OK)) {
        /* Applying over a pending checkpoint would turn its rollback into
         * a list of conflicts. */
        fprintf(stderr, "%s: an apply --confirm-within is pending (%s): "
                "run \"%s confirm\" to keep it or \"%s rollback\" to undo "
                "it first; nothing was changed\n", program_name,
                opts->checkpoint, program_name, program_name);
        return CTL_EXIT_FAIL;
    }
    if (!ctl_open_session(opts, &cfg, &idl)) {
        return CTL_EXIT_FAIL;
    }

    /* --confirm-within: a checkpoint and its guardian first (its file
     * pauses ovs-offloadd).  A plain apply holds ovs-offloadd instead, so
     * that it does not revert this apply as drift before it can follow
     * it. */
    struct ckpt_session *cs = NULL;
    bool held = false;
    if (opts->confirm_within_ms && !opts->dry_run) {
        cs = ckpt_session_begin(opts);
        if (!cs) {
            offload_idl_destroy(idl);
            offload_config_destroy(cfg);
            return CTL_EXIT_FAIL;
        }
    } else if (!opts->dry_run) {
        held = offloadd_notify_hold(opts);
    }

    struct nic_result *nic = run_nic_phase(opts, cfg, opts->dry_run, cs);
    if (nic && !nic->ok) {
        struct plan none;

        plan_init(&none);
        print_plan(opts, nic, &none);
        plan_destroy(&none);
        fprintf(stderr, "%s: NIC phase failed at step %s: %s%s\n",
                program_name, nic_step_to_string(nic->failed_step),
                nic->error, nic->rolled_back
                ? "; this run's NIC changes were rolled back" : "");
        rc = CTL_EXIT_FAIL;
    } else {
        rc = apply_config(opts, cfg, idl, nic, cs);
        if (rc != CTL_EXIT_OK && nic && nic->journal && !cs) {
            /* The OVSDB side failed: undo this run's NIC changes too. */
            struct nic_kernel *k = nic_kernel_create(cfg->owner);
            bool undone = nic_phase_rollback(&nic_kernel_backend, k, nic);

            nic_kernel_destroy(k);
            fprintf(stderr, "%s: %s\n", program_name, undone
                    ? "this run's NIC changes were rolled back"
                    : "rolling back this run's NIC changes failed in part; "
                      "see the warnings");
        }
    }
    if (cs) {
        /* Pending, or (on failure) everything rolled back now. */
        rc = ckpt_session_finish(cs, rc, nic, idl);
    } else if (!opts->dry_run && rc == CTL_EXIT_OK) {
        offloadd_notify_follow(opts, (opts->ifupdown2 ? opts->ifupdown2
                                      : opts->config_file),
                               opts->ifupdown2 != NULL);
    } else {
        offloadd_notify_release(opts, held);
    }
    nic_result_free(nic);
    offload_idl_destroy(idl);
    offload_config_destroy(cfg);
    return rc;
}

/* "teardown": detach from OVS (every owned row goes, global keys return to
 * their prior values), then undo the NIC changes recorded in the state
 * file in the safe reverse order. */
static int
cmd_teardown(const struct ctl_options *opts, int argc OVS_UNUSED,
             char *argv[] OVS_UNUSED)
{
    struct offload_config *file_cfg = NULL;
    char *errors = offload_config_parse_file(opts->config_file, &file_cfg);
    char *yaml = xasprintf("version: 1\nowner: \"%s\"\n",
                           file_cfg ? file_cfg->owner : "ovs-offload");
    struct offload_config *empty;
    struct ovsdb_idl *idl;
    int rc;

    free(errors);
    offload_config_destroy(file_cfg);
    errors = offload_config_parse_buffer("(teardown)", yaml, strlen(yaml),
                                         &empty);
    free(yaml);
    ovs_assert(!errors);

    idl = ctl_connect_db(opts);
    if (!idl) {
        offload_config_destroy(empty);
        return CTL_EXIT_FAIL;
    }
    rc = apply_config(opts, empty, idl, NULL, NULL);
    offload_idl_destroy(idl);
    offload_config_destroy(empty);
    if (rc != CTL_EXIT_OK) {
        return rc;
    }

    struct nic_kernel *k = nic_kernel_create("ovs-offload");
    struct nic_result r;
    struct ds s = DS_EMPTY_INITIALIZER;

    nic_result_init(&r);
    if (!nic_phase_teardown(&nic_kernel_backend, k, opts->dry_run,
                            opts->nic_state, &r)) {
        rc = CTL_EXIT_FAIL;
    }
    if (opts->json) {
        ctl_print_json(nic_result_to_json(&r));
    } else {
        nic_result_format_text(&r, &s);
        fputs(ds_cstr(&s), stdout);
    }
    ds_destroy(&s);
    nic_result_destroy(&r);
    nic_kernel_destroy(k);
    return rc;
}

/* "show": our topology with live state. */
static int
cmd_show(const struct ctl_options *opts, int argc OVS_UNUSED,
         char *argv[] OVS_UNUSED)
{
    struct offload_config *cfg = NULL;
    struct ovsdb_idl *idl = ctl_connect_db(opts);

    if (!idl) {
        return CTL_EXIT_FAIL;
    }

    char *errors = NULL;
    if (opts->ifupdown2) {
        cfg = ctl_load_config(opts);
    } else {
        errors = offload_config_parse_file(opts->config_file, &cfg);
    }
    if (errors) {
        fprintf(stderr, "%s: %s: not usable, showing owned bridges only:\n%s",
                program_name, opts->config_file, errors);
        free(errors);
    }

    struct db_state state;
    db_state_init(&state);
    offload_idl_snapshot(idl, &state);

    struct json *nic_state = json_from_file(opts->nic_state);
    if (nic_state && nic_state->type != JSON_OBJECT) {
        json_destroy(nic_state);        /* Absent or unreadable. */
        nic_state = NULL;
    }
    struct json *j = offload_show_collect(cfg, &state, vswitchd_ctl_pid(),
                                          nic_state);
    json_destroy(nic_state);
    if (opts->json) {
        ctl_print_json(j);
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        offload_show_format_text(j, &s);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
        json_destroy(j);
    }

    db_state_destroy(&state);
    offload_config_destroy(cfg);
    offload_idl_destroy(idl);
    return CTL_EXIT_OK;
}

/* "reps PF": the representor of each VF of PF. */
static int
cmd_reps(const struct ctl_options *opts, int argc OVS_UNUSED, char *argv[])
{
    char *err = NULL;
    struct json *table = nic_report_reps(argv[0], &err);

    if (!table) {
        fprintf(stderr, "%s: %s\n", program_name, err ? err : "failed");
        free(err);
        return CTL_EXIT_FAIL;
    }
    if (opts->json) {
        ctl_print_json(table);
    } else {
        char *text = nic_report_reps_text(table);

        fputs(text, stdout);
        free(text);
        json_destroy(table);
    }
    return CTL_EXIT_OK;
}

/* "doctor": host readiness, PASS / WARN / FAIL with remedies. */
static int
cmd_doctor(const struct ctl_options *opts, int argc OVS_UNUSED,
           char *argv[] OVS_UNUSED)
{
    struct offload_config *cfg = NULL;
    char *errors = offload_config_parse_file(opts->config_file, &cfg);
    struct doctor_ovs ovs = { .hw_offload_in_effect = -1 };
    struct ovsdb_idl *idl = NULL;
    char *db_err = NULL;

    if (errors) {
        fprintf(stderr, "%s: %s: not usable, checking the host without "
                "it:\n%s\n", program_name, opts->config_file, errors);
        free(errors);
    }
    if (!offload_idl_connect(opts->db, opts->timeout_ms, &idl, &db_err)) {
        const struct ovsrec_open_vswitch *root
            = ovsrec_open_vswitch_first(idl);
        long int pid = vswitchd_ctl_pid();

        ovs.reachable = true;
        if (root) {
            ovs.version = root->ovs_version;
            ovs.hw_offload_configured = smap_get_bool(&root->other_config,
                                                      "hw-offload", false);
            if (ovs.hw_offload_configured && pid) {
                ovs.hw_offload_in_effect
                    = plan_pending_restart(&root->external_ids, pid) ? 0 : 1;
            }
        }
    } else {
        ovs.error = db_err;
    }

    struct doctor_report report;
    doctor_report_init(&report);
    nic_report_doctor(cfg, &ovs, &report);
    if (opts->json) {
        ctl_print_json(doctor_report_to_json(&report));
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        doctor_report_format(&report, &s);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
    }

    int rc = doctor_report_exit_code(&report) ? CTL_EXIT_FAIL : CTL_EXIT_OK;
    doctor_report_destroy(&report);
    if (idl) {
        offload_idl_destroy(idl);
    }
    free(db_err);
    offload_config_destroy(cfg);
    return rc;
}

static const struct ctl_command commands[] = {
    { "validate", 0, 0, "check the file; no database needed", cmd_validate },
    { "plan", 0, 0, "print what apply would change", cmd_plan },
    { "apply", 0, 0, "make the database match the file, in one "
      "transaction", cmd_apply },
    { "show", 0, 0, "show the topology with live state", cmd_show },
    { "teardown", 0, 0, "remove what ovs-offload built, in the safe "
      "reverse order", cmd_teardown },
    { "reps", 1, 1, "PF: the representor of each VF of PF", cmd_reps },
    { "doctor", 0, 0, "check host readiness, with remedies", cmd_doctor },
    { "import", 2, 2, "ifupdown2 FILE: print the equivalent native file",
      cmd_import },
    { "watch", 0, 1, "[BOND]: live view of the legs, rates, offload ratio "
      "and alerts", cmd_watch },
    { "failover-test", 0, 1, "[BOND]: fail each leg in turn under traffic "
      "and measure", cmd_failover_test },
    { "install-units", 0, 0, "show (or --write) the systemd units",
      cmd_install_units },
    { "attach", 2, INT_MAX, "libvirt|nova|proxmox VF...: attachment "
      "snippets for VFs", cmd_attach },
    { "confirm", 0, 0, "keep what apply --confirm-within applied",
      cmd_confirm },
    { "rollback", 0, 0, "undo a pending apply --confirm-within now",
      cmd_rollback },
};

static void
usage(void)
{
    char *remote = offload_idl_default_remote();

    printf("%s: apply and check Open vSwitch hardware offload setups\n"
           "usage: %s [OPTIONS] COMMAND\n\nCommands:\n",
           program_name, program_name);
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        printf("  %-14s %s\n", commands[i].name, commands[i].usage);
    }
    printf("\nOptions:\n"
           "  -c, --config=FILE   desired state (default: %s)\n"
           "  --db=REMOTE         OVSDB remote (default: %s)\n"
           "  -f, --format=FMT    text (default) or json\n"
           "  --dry-run           apply: print the plan, change nothing\n"
           "  --no-wait           apply: do not wait for ovs-vswitchd\n"
           "  --ifupdown2=FILE    read an ifupdown2 interfaces(5) file "
           "instead of -c\n"
           "  --nic-state=FILE    original NIC state, for teardown "
           "(default: " NIC_STATE_FILE_DEFAULT ")\n"
           "  -t, --timeout=SECS  give up after SECS seconds (default 30)\n"
           "  --restart-vswitchd  apply: restart ovs-vswitchd once if "
           "hw-offload or\n"
           "                      tc-policy changed (keeps the flows)\n"
           "  --confirm-within=SECS  apply: roll back unless 'confirm' "
           "comes in time\n"
           "  --checkpoint=FILE   checkpoint of a pending apply "
           "(default: " CTL_CHECKPOINT_DEFAULT ")\n"
           "  --interval=SECS     watch, failover-test: sampling interval\n"
           "  --count=N           watch: stop after N refreshes\n"
           "  --fail-cmd=CMD      failover-test: fail a leg with CMD "
           "({leg} = its name)\n"
           "  --restore-cmd=CMD   failover-test: restore a leg with CMD\n"
           "  --traffic=CMD       failover-test: run CMD as the traffic\n"
           "  --report=FILE       failover-test: write the JSON report\n"
           "  --junit=FILE        failover-test: write a JUnit XML report\n"
           "  --traffic-from=NS   failover-test: send the built-in traffic "
           "from netns NS\n"
           "  --traffic-to=NS:ADDR[:PORT]  ...to ADDR in netns NS\n"
           "  --rate=PPS          failover-test: datagrams per second "
           "(default 1000)\n"
           "  --hold=SECS         failover-test: keep each leg failed SECS "
           "(default 2)\n"
           "  --max-loss-ms=MS    failover-test: longest tolerated loss "
           "(default 1000, or none)\n"
           "  --write             install-units: write the files "
           "(default: show them)\n"
           "  --root=DIR          install-units: write under DIR\n"
           "  --nic-only          apply: the NIC phase only, no database "
           "(at boot)\n"
           "  --globals-only      apply: only the global keys, no wait "
           "(before ovs-vswitchd)\n"
           "  --physnet=NAME      attach nova: physical_network "
           "(default physnet1)\n"
           "  --name=NAME         attach nova/proxmox: alias or mapping "
           "name\n"
           "  --node=NODE         attach proxmox: node (default: this "
           "host)\n"
           "  -v, --verbose       more logging (vlog syntax)\n"
           "  -h, --help          this help\n"
           "  -V, --version       version\n",
           OFFLOAD_CONFIG_DEFAULT_FILE, remote);
    free(remote);
    exit(CTL_EXIT_OK);
}

/* Reports a bad command line, "PROGRAM: MESSAGE", and exits with
 * CTL_EXIT_USAGE. */
static void OVS_NO_RETURN OVS_PRINTF_FORMAT(1, 2)
usage_error(const char *format, ...)
{
    va_list args;

    fprintf(stderr, "%s: ", program_name);
    va_start(args, format);
    vfprintf(stderr, format, args);
    va_end(args);
    fputc('\n', stderr);
    exit(CTL_EXIT_USAGE);
}

/* Parses 'arg', a positive number of seconds (fractions allowed), for
 * 'option'; exits with a usage error if it is not one. */
static long long int
parse_seconds(const char *option, const char *arg)
{
    long long int ms;

    /* DBL_MIN: any positive number. */
    if (!option_parse_seconds(arg, DBL_MIN, 86400 * 365, &ms)) {
        usage_error("%s needs a positive number of seconds, not \"%s\"",
                    option, arg);
    }
    return ms;
}

static void
parse_options(int argc, char *argv[], struct ctl_options *opts)
{
    enum {
        OPT_DB = UCHAR_MAX + 1,
        OPT_DRY_RUN,
        OPT_NO_WAIT,
        OPT_IFUPDOWN2,
        OPT_NIC_STATE,
        OPT_RESTART_VSWITCHD,
        OPT_CONFIRM_WITHIN,
        OPT_CHECKPOINT,
        OPT_INTERVAL,
        OPT_COUNT,
        OPT_FAIL_CMD,
        OPT_RESTORE_CMD,
        OPT_TRAFFIC,
        OPT_REPORT,
        OPT_JUNIT,
        OPT_WRITE,
        OPT_ROOT,
        OPT_TRAFFIC_FROM,
        OPT_TRAFFIC_TO,
        OPT_RATE,
        OPT_HOLD,
        OPT_MAX_LOSS_MS,
        OPT_NIC_ONLY,
        OPT_GLOBALS_ONLY,
        OPT_PHYSNET,
        OPT_NAME,
        OPT_NODE,
        VLOG_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"config", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, OPT_DB},
        {"format", required_argument, NULL, 'f'},
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"no-wait", no_argument, NULL, OPT_NO_WAIT},
        {"ifupdown2", required_argument, NULL, OPT_IFUPDOWN2},
        {"nic-state", required_argument, NULL, OPT_NIC_STATE},
        {"restart-vswitchd", no_argument, NULL, OPT_RESTART_VSWITCHD},
        {"confirm-within", required_argument, NULL, OPT_CONFIRM_WITHIN},
        {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"count", required_argument, NULL, OPT_COUNT},
        {"fail-cmd", required_argument, NULL, OPT_FAIL_CMD},
        {"restore-cmd", required_argument, NULL, OPT_RESTORE_CMD},
        {"traffic", required_argument, NULL, OPT_TRAFFIC},
        {"report", required_argument, NULL, OPT_REPORT},
        {"junit", required_argument, NULL, OPT_JUNIT},
        {"write", no_argument, NULL, OPT_WRITE},
        {"root", required_argument, NULL, OPT_ROOT},
        {"traffic-from", required_argument, NULL, OPT_TRAFFIC_FROM},
        {"traffic-to", required_argument, NULL, OPT_TRAFFIC_TO},
        {"rate", required_argument, NULL, OPT_RATE},
        {"hold", required_argument, NULL, OPT_HOLD},
        {"max-loss-ms", required_argument, NULL, OPT_MAX_LOSS_MS},
        {"nic-only", no_argument, NULL, OPT_NIC_ONLY},
        {"globals-only", no_argument, NULL, OPT_GLOBALS_ONLY},
        {"physnet", required_argument, NULL, OPT_PHYSNET},
        {"name", required_argument, NULL, OPT_NAME},
        {"node", required_argument, NULL, OPT_NODE},
        {"timeout", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_cmdl_long_options_to_short_options(
        long_options);

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        char *end;

        if (c == -1) {
            break;
        }
        switch (c) {
        case 'c':
            opts->config_file = optarg;
            break;
        case OPT_DB:
            free(opts->db);
            opts->db = xstrdup(optarg);
            break;
        case 'f':
            if (!strcmp(optarg, "json")) {
                opts->json = true;
            } else if (!strcmp(optarg, "text")) {
                opts->json = false;
            } else {
                usage_error("--format must be text or json, not \"%s\"",
                            optarg);
            }
            break;
        case OPT_DRY_RUN:
            opts->dry_run = true;
            break;
        case OPT_NO_WAIT:
            opts->no_wait = true;
            break;
        case OPT_IFUPDOWN2:
            opts->ifupdown2 = optarg;
            break;
        case OPT_NIC_STATE:
            opts->nic_state = optarg;
            break;
        case OPT_RESTART_VSWITCHD: {
            /* Its restart command runs without a shell: refuse one we
             * cannot run before the apply changes anything. */
            char *err = vswitchd_restart_check_env();

            if (err) {
                usage_error("--restart-vswitchd: %s", err);
            }
            opts->restart_vswitchd = true;
            break;
        }
        case OPT_CONFIRM_WITHIN:
            opts->confirm_within_ms = parse_seconds("--confirm-within",
                                                    optarg);
            break;
        case OPT_CHECKPOINT:
            opts->checkpoint = optarg;
            break;
        case OPT_INTERVAL:
            opts->interval_ms = parse_seconds("--interval", optarg);
            opts->interval_set = true;
            break;
        case OPT_COUNT:
            opts->count = strtoll(optarg, &end, 10);
            if (*end || opts->count <= 0) {
                usage_error("--count needs a positive number, not \"%s\"",
                            optarg);
            }
            break;
        case OPT_FAIL_CMD:
            opts->fail_cmd = optarg;
            break;
        case OPT_RESTORE_CMD:
            opts->restore_cmd = optarg;
            break;
        case OPT_TRAFFIC:
            opts->traffic = optarg;
            break;
        case OPT_REPORT:
            opts->report = optarg;
            break;
        case OPT_JUNIT:
            opts->junit = optarg;
            break;
        case OPT_WRITE:
            opts->write = true;
            break;
        case OPT_ROOT:
            opts->root = optarg;
            break;
        case OPT_TRAFFIC_FROM:
            opts->traffic_from = optarg;
            break;
        case OPT_TRAFFIC_TO:
            opts->traffic_to = optarg;
            break;
        case OPT_RATE:
            opts->rate_pps = strtoul(optarg, &end, 10);
            if (*end || !opts->rate_pps || opts->rate_pps > 100000) {
                usage_error("--rate needs a number of datagrams per second "
                            "(1 to 100000), not \"%s\"", optarg);
            }
            break;
        case OPT_HOLD:
            opts->hold_ms = parse_seconds("--hold", optarg);
            break;
        case OPT_MAX_LOSS_MS:
            opts->max_loss_set = true;
            if (!strcmp(optarg, "none")) {
                opts->max_loss_ms = -1;
                break;
            }
            opts->max_loss_ms = strtoll(optarg, &end, 10);
            if (*end || !*optarg || opts->max_loss_ms < 0) {
                usage_error("--max-loss-ms needs a number of milliseconds "
                            "or \"none\", not \"%s\"", optarg);
            }
            break;
        case OPT_NIC_ONLY:
            opts->nic_only = true;
            break;
        case OPT_GLOBALS_ONLY:
            opts->globals_only = true;
            break;
        case OPT_PHYSNET:
            opts->physnet = optarg;
            break;
        case OPT_NAME:
            opts->attach_name = optarg;
            break;
        case OPT_NODE:
            opts->node = optarg;
            break;
        case 't':
            opts->timeout_ms = strtoll(optarg, &end, 10) * 1000;
            if (*end || opts->timeout_ms <= 0) {
                usage_error("--timeout needs a positive number of seconds, "
                            "not \"%s\"", optarg);
            }
            break;
        case 'h':
            usage();
            break;
        case 'V':
            printf("ovs-offloadctl %s (built against Open vSwitch %s)\n",
                   OVS_OFFLOAD_VERSION, OVS_OFFLOAD_OVS_VERSION);
            exit(CTL_EXIT_OK);
        VLOG_OPTION_HANDLERS
        case '?':
            exit(CTL_EXIT_USAGE);
        default:
            OVS_NOT_REACHED();
        }
    }
    free(short_options);
}

int
main(int argc, char *argv[])
{
    struct ctl_options opts = {
        .config_file = OFFLOAD_CONFIG_DEFAULT_FILE,
        .nic_state = NIC_STATE_FILE_DEFAULT,
        .timeout_ms = 30000,
        .checkpoint = CTL_CHECKPOINT_DEFAULT,
        .interval_ms = 1000,
    };

    set_program_name(argv[0]);
    vlog_set_levels(NULL, VLF_CONSOLE, VLL_WARN);
    /* The CLI sleeps between samples (watch, failover-test), which the
     * poll loop's timekeeping would report as "unreasonably long poll
     * intervals".  They are not a problem here. */
    vlog_set_levels(vlog_module_from_name("timeval"), VLF_CONSOLE, VLL_ERR);
    parse_options(argc, argv, &opts);

    argc -= optind;
    argv += optind;
    if (argc < 1) {
        fprintf(stderr, "%s: missing command (try --help)\n", program_name);
        free(opts.db);
        return CTL_EXIT_USAGE;
    }

    const struct ctl_command *cmd = NULL;
    for (size_t i = 0; i < ARRAY_SIZE(commands); i++) {
        if (!strcmp(commands[i].name, argv[0])) {
            cmd = &commands[i];
        }
    }

    int n = argc - 1;
    int rc;
    if (!cmd) {
        fprintf(stderr, "%s: unknown command \"%s\" (try --help)\n",
                program_name, argv[0]);
        rc = CTL_EXIT_USAGE;
    } else if (n < cmd->min_args || n > cmd->max_args) {
        fprintf(stderr, "%s: %s takes %d to %d arguments\n", program_name,
                cmd->name, cmd->min_args, cmd->max_args);
        rc = CTL_EXIT_USAGE;
    } else {
        if (!opts.db) {
            opts.db = offload_idl_default_remote();
        }
        rc = cmd->handler(&opts, n, argv + 1);
    }
    free(opts.db);
    return rc;
}
