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

#include "controller/apply-early.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "controller/apply-run.h"
#include "controller/ctl.h"
#include "controller/nic-backend.h"
#include "controller/nic-phase.h"
#include "controller/offload-config.h"
#include "controller/plan.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "ovsdb-idl.h"
#include "ovsdb/offload-apply.h"
#include "ovsdb/offload-idl.h"
#include "sset.h"
#include "timeval.h"
#include "util.h"

/* True if the PF or bond member 'dev' (netdev name or PCI address) exists
 * in sysfs. */
static bool
device_present(const char *dev)
{
    char *path = strchr(dev, ':')
                 ? xasprintf("/sys/bus/pci/devices/%s/net", dev)
                 : xasprintf("/sys/class/net/%s", dev);
    bool present = !access(path, F_OK);

    free(path);
    return present;
}

/* Adds to 'devs' every PF and VF-LAG bond member that 'cfg' names. */
static void
collect_devices(const struct offload_config *cfg, struct sset *devs)
{
    for (size_t i = 0; i < cfg->n_sriov; i++) {
        sset_add(devs, cfg->sriov[i].pf);
    }
    for (size_t i = 0; i < cfg->n_bridges; i++) {
        const struct offload_bridge *br = &cfg->bridges[i];

        for (size_t j = 0; j < br->n_ports; j++) {
            const struct offload_port *port = &br->ports[j];

            if (port->type == OFFLOAD_PORT_BOND
                && port->vf_lag != OFFLOAD_VF_LAG_OFF) {
                for (size_t k = 0; k < port->n_members; k++) {
                    sset_add(devs, port->members[k]);
                }
            }
        }
    }
}

/* At boot the NIC driver may still be probing and udev renaming the PFs
 * when this runs (it is ordered after systemd-udevd.service only, not after
 * the deprecated systemd-udev-settle.service): waits until every device the
 * file names exists, for at most the --timeout.  Returns false, having said
 * which are missing, on timeout; the NIC phase then reports them too. */
static bool
wait_for_devices(const struct offload_config *cfg, long long int timeout_ms)
{
    long long int deadline = time_msec() + timeout_ms;
    struct sset devs = SSET_INITIALIZER(&devs);
    bool ok;

    collect_devices(cfg, &devs);
    for (;;) {
        const char *dev, *next;

        SSET_FOR_EACH_SAFE (dev, next, &devs) {
            if (device_present(dev)) {
                sset_delete(&devs, SSET_NODE_FROM_NAME(dev));
            }
        }
        ok = sset_is_empty(&devs);
        if (ok || time_msec() >= deadline) {
            break;
        }
        xnanosleep(200 * 1000 * 1000);
    }
    if (!ok) {
        struct ds s = DS_EMPTY_INITIALIZER;
        const char *dev;

        SSET_FOR_EACH (dev, &devs) {
            ds_put_format(&s, " %s", dev);
        }
        fprintf(stderr, "%s: after %lld s these devices still do not "
                "exist:%s\n", program_name, timeout_ms / 1000, ds_cstr(&s));
        ds_destroy(&s);
    }
    sset_destroy(&devs);
    return ok;
}

int
apply_early_nic(const struct ctl_options *opts, struct offload_config *cfg)
{
    if (!nic_phase_needed(cfg)) {
        if (opts->json) {
            struct json *j = json_object_create();

            json_object_put(j, "nic", json_null_create());
            ctl_print_json(j);
        } else {
            printf("%s: no NIC phase (no sriov entry and no VF-LAG bond); "
                   "nothing to do.\n", cfg->file_name);
        }
        return CTL_EXIT_OK;
    }

    if (!opts->dry_run) {
        wait_for_devices(cfg, opts->timeout_ms);
    }

    struct nic_kernel *k = nic_kernel_create(cfg->owner);
    struct nic_result r;

    nic_result_init(&r);
    nic_phase_run(cfg, &nic_kernel_backend, k, opts->dry_run, opts->nic_state,
                  &r);
    nic_kernel_destroy(k);

    if (opts->json) {
        ctl_print_json(nic_result_to_json(&r));
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        nic_result_format_text(&r, &s);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
        if (opts->dry_run) {
            puts("Dry run: nothing was changed.");
        }
    }
    int rc = CTL_EXIT_OK;
    if (!r.ok) {
        fprintf(stderr, "%s: NIC phase failed at step %s: %s%s\n",
                program_name, nic_step_to_string(r.failed_step), r.error,
                r.rolled_back ? "; this run's NIC changes were rolled back"
                : "");
        rc = CTL_EXIT_FAIL;
    }
    nic_result_destroy(&r);
    return rc;
}

/* Moves the operations and changes that 'keep' rejects into a plan of their
 * own and destroys that, so that plan_destroy() frees them as it would. */
void
apply_early_filter_globals(struct plan *plan)
{
    struct plan trash;
    size_t n = 0;

    plan_init(&trash);
    trash.ops = xcalloc(plan->n_ops + 1, sizeof *trash.ops);
    for (size_t i = 0; i < plan->n_ops; i++) {
        struct plan_op *op = &plan->ops[i];

        if (op->table != PLAN_OPEN_VSWITCH) {
            trash.ops[trash.n_ops++] = *op;
            continue;
        }

        /* The root row stays, without its references to bridges: adding
         * or removing a bridge is the normal apply's job. */
        struct plan_op *bin = &trash.ops[trash.n_ops++];
        size_t kept = 0;

        memset(bin, 0, sizeof *bin);
        bin->changes = xcalloc(op->n_changes + 1, sizeof *bin->changes);
        for (size_t j = 0; j < op->n_changes; j++) {
            if (!strcmp(op->changes[j].column, "bridges")) {
                bin->changes[bin->n_changes++] = op->changes[j];
            } else {
                op->changes[kept++] = op->changes[j];
            }
        }
        op->n_changes = kept;
        if (!kept && op->action == PLAN_MODIFY) {
            bin->name = op->name;
            bin->parent = op->parent;
            free(op->changes);
            continue;
        }
        plan->ops[n++] = *op;
    }
    plan->n_ops = n;
    trash.allocated_ops = trash.n_ops;
    plan_destroy(&trash);

    /* Conflicts concern bridges, ports and interfaces, which this plan no
     * longer touches. */
    for (size_t i = 0; i < plan->n_conflicts; i++) {
        free(plan->conflicts[i]);
    }
    plan->n_conflicts = 0;
}

static void
compute_globals_plan(const struct offload_config *cfg, struct ovsdb_idl *idl,
                     struct plan *plan)
{
    /* Without the bridges: their ports are filtered out below anyway, and
     * "representors:" entries are expanded only by the NIC phase, which
     * --globals-only alone does not run (the planner aborts on them). */
    struct offload_config globals = *cfg;

    globals.bridges = NULL;
    globals.n_bridges = 0;
    apply_compute_plan(&globals, idl, plan);
    apply_early_filter_globals(plan);
}

int
apply_early_globals(const struct ctl_options *opts,
                    const struct offload_config *cfg, struct ovsdb_idl *idl)
{
    long long int deadline = time_msec() + opts->timeout_ms;
    char *comment = xasprintf("ovs-offload: apply --globals-only %s",
                              cfg->file_name);
    struct plan plan;
    char *error = NULL;
    bool sent = false;

    for (int attempt = 1; ; attempt++) {
        compute_globals_plan(cfg, idl, &plan);
        if (opts->dry_run || plan_is_empty(&plan)) {
            break;
        }

        unsigned int seqno = ovsdb_idl_get_seqno(idl);
        int64_t next_cfg;
        char *err = NULL;
        enum offload_apply_result r = offload_apply_plan(idl, &plan, comment,
                                                         false, &next_cfg,
                                                         &err);
        if (r == OFFLOAD_APPLY_OK) {
            sent = true;
            offload_idl_wait_change(idl, seqno, deadline);
            break;
        } else if (r == OFFLOAD_APPLY_TRY_AGAIN
                   && attempt < APPLY_MAX_ATTEMPTS
                   && time_msec() < deadline) {
            plan_destroy(&plan);
            offload_idl_wait_change(idl, seqno, deadline);
            continue;
        }
        error = err ? err : xstrdup("the database kept changing under us");
        break;
    }
    free(comment);

    /* Read back. */
    if (sent && !error) {
        struct plan residual;

        compute_globals_plan(cfg, idl, &residual);
        if (!plan_is_empty(&residual)) {
            error = xstrdup("verification failed: the global keys differ "
                            "from the file after the commit");
        }
        plan_destroy(&residual);
    }

    if (opts->json) {
        struct json *j = json_object_create();

        json_object_put(j, "globals_only", json_boolean_create(true));
        json_object_put(j, "transaction_sent", json_boolean_create(sent));
        json_object_put(j, "error", error ? json_string_create(error)
                        : json_null_create());
        json_object_put(j, "plan", plan_to_json(&plan));
        ctl_print_json(j);
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        plan_format_text(&plan, &s);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
        if (opts->dry_run) {
            puts("Dry run: nothing was changed.");
        } else if (sent && !error) {
            puts("Global keys written (ovs-vswitchd not waited for); "
                 "bridges and ports are left to a normal apply.");
        } else if (!sent) {
            puts("The global keys already match the file.");
        }
    }
    plan_destroy(&plan);
    if (error) {
        fprintf(stderr, "%s: %s\n", program_name, error);
        free(error);
        return CTL_EXIT_FAIL;
    }
    return CTL_EXIT_OK;
}

int
apply_early_run(const struct ctl_options *opts)
{
    struct offload_config *cfg;
    struct ovsdb_idl *idl;
    int rc;

    if (!opts->globals_only) {
        cfg = ctl_load_config(opts);
        if (!cfg) {
            return CTL_EXIT_FAIL;
        }
        rc = apply_early_nic(opts, cfg);
        offload_config_destroy(cfg);
        return rc;
    }

    if (!ctl_open_session(opts, &cfg, &idl)) {
        return CTL_EXIT_FAIL;
    }
    rc = opts->nic_only ? apply_early_nic(opts, cfg) : CTL_EXIT_OK;
    if (rc == CTL_EXIT_OK) {
        rc = apply_early_globals(opts, cfg, idl);
    }
    offload_idl_destroy(idl);
    offload_config_destroy(cfg);
    return rc;
}
