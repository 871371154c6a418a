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

#include "controller/nic-phase.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "controller/offload-config.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/hmap.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "sset.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(nic_phase);

const char *
nic_step_to_string(enum nic_step step)
{
    static const char *const names[NIC_STEP_MAX] = {
        [NIC_STEP_PREFLIGHT] = "preflight",
        [NIC_STEP_NUMVFS] = "numvfs",
        [NIC_STEP_UNBIND_VFS] = "unbind-vfs",
        [NIC_STEP_SWITCHDEV] = "switchdev",
        [NIC_STEP_HW_TC_OFFLOAD] = "hw-tc-offload",
        [NIC_STEP_BOND] = "bond",
        [NIC_STEP_WAIT_LAG] = "wait-lag",
        [NIC_STEP_BIND_VFS] = "bind-vfs",
        [NIC_STEP_REPRESENTORS] = "representors",
        [NIC_STEP_DONE] = "done",
    };
    return step < NIC_STEP_MAX ? names[step] : "?";
}

const char *
nic_lag_state_to_string(enum nic_lag_state state)
{
    static const char *const names[] = {
        [NIC_LAG_ACTIVE] = "active",
        [NIC_LAG_INACTIVE] = "inactive",
        [NIC_LAG_UNKNOWN] = "unknown",
        [NIC_LAG_FALLBACK] = "fallback",
        [NIC_LAG_NOT_APPLIED] = "not-applied",
    };
    return state < ARRAY_SIZE(names) ? names[state] : "?";
}

/* One change of this run, and how to undo it. */
enum journal_kind {
    J_NUMVFS,                 /* 'name' had 'number' VFs. */
    J_VF_DRIVER,              /* VF 'name' was bound to 'text' (or none). */
    J_ESWITCH,                /* PF 'name' was in mode 'text'. */
    J_HW_TC_OFFLOAD,          /* 'name' had hw-tc-offload 'number'. */
    J_REP_HW_TC_OFFLOAD,      /* The same for a representor: undone on a
                               * failure, not recorded for teardown (the
                               * representor goes with switchdev). */
    J_AUTOPROBE,              /* PF 'name' had autoprobe 'number'. */
    J_BOND_CREATED,           /* Bond 'name' did not exist. */
    J_LINK_DOWN,              /* 'name' was up and we took it down. */
    J_ENSLAVED,               /* 'name' was not enslaved to 'text'. */
};

struct journal_entry {
    enum journal_kind kind;
    char *name;
    char *text;
    int number;
};

/* A PF that the file names, in an sriov entry or as a VF-LAG member. */
struct pf_ctx {
    const struct offload_sriov *cfg;  /* NULL for a bare VF-LAG member. */
    struct nic_pf pf;
    struct nic_vf *vfs;
    size_t n_vfs;
    bool need_unbind;
    bool unbound;                     /* This run unbound its VFs. */
    struct shash old_drivers;         /* VF PCI -> driver before unbind. */
};

/* This run's changes, kept in the result (see nic_phase_rollback()). */
struct nic_journal {
    struct journal_entry *entries;
    size_t n;
};

static void
journal_free(struct journal_entry *entries, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(entries[i].name);
        free(entries[i].text);
    }
    free(entries);
}

struct nic_run {
    struct offload_config *cfg;
    const struct nic_backend *be;
    void *aux;
    bool dry_run;
    struct nic_result *result;

    struct shash pfs;                 /* PF name or PCI -> struct pf_ctx *,
                                       * the same ctx under both keys. */
    struct pf_ctx **pf_list;          /* Each ctx once, in file order. */
    size_t n_pfs;

    struct journal_entry *journal;
    size_t n_journal, allocated_journal;

    struct shash bonds;               /* VF-LAG bond name -> struct nic_bond *
                                       * as preflight read it, or NULL if it
                                       * did not exist. */
};

static void
add_string(char ***v, size_t *n, char *s)
{
    *v = xrealloc(*v, (*n + 1) * sizeof **v);
    (*v)[(*n)++] = s;
}

static void OVS_PRINTF_FORMAT(2, 3)
action(struct nic_run *run, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    char *s = xvasprintf(format, args);
    va_end(args);
    if (!run->dry_run) {
        VLOG_INFO("%s", s);
    }
    add_string(&run->result->actions, &run->result->n_actions, s);
}

static void OVS_PRINTF_FORMAT(2, 3)
warn(struct nic_run *run, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    add_string(&run->result->warnings, &run->result->n_warnings,
               xvasprintf(format, args));
    va_end(args);
}

/* Records the failure of 'step' (the first one wins). */
static bool OVS_PRINTF_FORMAT(3, 4)
fail(struct nic_run *run, enum nic_step step, const char *format, ...)
{
    struct nic_result *r = run->result;

    if (r->ok) {
        va_list args;

        va_start(args, format);
        r->ok = false;
        r->failed_step = step;
        r->error = xvasprintf(format, args);
        va_end(args);
    }
    return false;
}

static const char *const journal_kind_names[] = {
    [J_NUMVFS] = "numvfs",
    [J_VF_DRIVER] = "vf-driver",
    [J_ESWITCH] = "eswitch",
    [J_HW_TC_OFFLOAD] = "hw-tc-offload",
    [J_REP_HW_TC_OFFLOAD] = "rep-hw-tc-offload",
    [J_AUTOPROBE] = "autoprobe",
    [J_BOND_CREATED] = "bond-created",
    [J_LINK_DOWN] = "link-down",
    [J_ENSLAVED] = "enslaved",
};

static struct json *
journal_json(const struct journal_entry *entries, size_t n)
{
    struct json *a = json_array_create_empty();

    for (size_t i = 0; i < n; i++) {
        const struct journal_entry *e = &entries[i];
        struct json *o = json_object_create();

        json_object_put_string(o, "kind", journal_kind_names[e->kind]);
        json_object_put_string(o, "name", e->name);
        json_object_put(o, "text", e->text ? json_string_create(e->text)
                        : json_null_create());
        json_object_put(o, "number", json_integer_create(e->number));
        json_array_add(a, o);
    }
    return a;
}

static void
journal_add(struct nic_run *run, enum journal_kind kind, const char *name,
            const char *text, int number)
{
    if (run->n_journal >= run->allocated_journal) {
        run->journal = x2nrealloc(run->journal, &run->allocated_journal,
                                  sizeof *run->journal);
    }
    run->journal[run->n_journal++] = (struct journal_entry) {
        .kind = kind,
        .name = xstrdup(name),
        .text = nullable_xstrdup(text),
        .number = number,
    };
    if (run->result->journal_hook) {
        struct json *j = journal_json(run->journal, run->n_journal);

        run->result->journal_hook(j, run->result->journal_hook_aux);
        json_destroy(j);
    }
}

/* Backend data. */

static void
nic_pf_uninit(struct nic_pf *pf)
{
    free(pf->name);
    free(pf->pci);
    free(pf->switch_id);
    free(pf->eswitch);
    free(pf->master);
    memset(pf, 0, sizeof *pf);
}

static void
nic_vfs_free(struct nic_vf *vfs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(vfs[i].pci);
        free(vfs[i].driver);
    }
    free(vfs);
}

static void
nic_bond_uninit(struct nic_bond *bond)
{
    free(bond->mode);
    for (size_t i = 0; i < bond->n_slaves; i++) {
        free(bond->slaves[i]);
    }
    free(bond->slaves);
    memset(bond, 0, sizeof *bond);
}

static void
pf_ctx_free(struct pf_ctx *ctx)
{
    nic_pf_uninit(&ctx->pf);
    nic_vfs_free(ctx->vfs, ctx->n_vfs);
    shash_destroy_free_data(&ctx->old_drivers);
    free(ctx);
}

static int
reload_vfs(struct nic_run *run, struct pf_ctx *ctx, char **err)
{
    nic_vfs_free(ctx->vfs, ctx->n_vfs);
    ctx->vfs = NULL;
    ctx->n_vfs = 0;
    return run->be->vfs_get(run->aux, &ctx->pf, &ctx->vfs, &ctx->n_vfs,
                            err);
}

/* Returns the context of PF 'name' (a netdev name or PCI address), reading
 * it through the backend the first time.  NULL, with the failure recorded,
 * if the backend cannot find it. */
static struct pf_ctx *
pf_lookup(struct nic_run *run, const char *name, const char *where)
{
    struct pf_ctx *ctx = shash_find_data(&run->pfs, name);
    char *err = NULL;

    if (ctx) {
        return ctx;
    }

    ctx = xzalloc(sizeof *ctx);
    shash_init(&ctx->old_drivers);
    int error = run->be->pf_get(run->aux, name, &ctx->pf, &err);
    if (!error) {
        error = reload_vfs(run, ctx, &err);
    }
    if (error) {
        fail(run, NIC_STEP_PREFLIGHT, "%s: PF %s: %s", where, name,
             err ? err : ovs_strerror(error));
        free(err);
        pf_ctx_free(ctx);
        return NULL;
    }

    /* The same PF may be named by netdev and by PCI address. */
    struct pf_ctx *same = shash_find_data(&run->pfs, ctx->pf.name);
    if (same) {
        pf_ctx_free(ctx);
        shash_add(&run->pfs, name, same);
        return same;
    }
    shash_add(&run->pfs, name, ctx);
    if (strcmp(name, ctx->pf.name)) {
        shash_add(&run->pfs, ctx->pf.name, ctx);
    }
    if (ctx->pf.pci && !shash_find(&run->pfs, ctx->pf.pci)) {
        shash_add(&run->pfs, ctx->pf.pci, ctx);
    }
    run->pf_list = xrealloc(run->pf_list,
                            (run->n_pfs + 1) * sizeof *run->pf_list);
    run->pf_list[run->n_pfs++] = ctx;
    return ctx;
}

/* The eswitch mode PF 'ctx' will have after this run.  The mode belongs to
 * the device: a PF without an sriov entry of its own takes the mode that
 * another port of the same device is given (netdevsim, and NICs with
 * several ports per PCI function). */
static const char *
wanted_eswitch(const struct nic_run *run, const struct pf_ctx *ctx)
{
    if (ctx->cfg && ctx->cfg->eswitch) {
        return ctx->cfg->eswitch;
    }
    for (size_t i = 0; i < run->n_pfs; i++) {
        const struct pf_ctx *other = run->pf_list[i];

        if (other != ctx && other->cfg && other->cfg->eswitch
            && other->pf.pci && ctx->pf.pci
            && !strcmp(other->pf.pci, ctx->pf.pci)) {
            return other->cfg->eswitch;
        }
    }
    return ctx->pf.eswitch;
}

static bool
eswitch_change_needed(const struct pf_ctx *ctx)
{
    return (ctx->cfg && ctx->cfg->eswitch
            && (!ctx->pf.eswitch
                || strcmp(ctx->cfg->eswitch, ctx->pf.eswitch)));
}

static bool
numvfs_change_needed(const struct pf_ctx *ctx)
{
    return ctx->cfg && ctx->cfg->numvfs >= 0
           && ctx->cfg->numvfs != ctx->pf.numvfs;
}

/* Calls 'fn' for each VF-LAG bond port of the file. */
#define FOR_EACH_LAG_PORT(BR, PORT, CFG)                                \
    for (size_t i__ = 0; i__ < (CFG)->n_bridges; i__++)                 \
        for (size_t j__ = 0;                                            \
             ((BR) = &(CFG)->bridges[i__],                              \
              j__ < (BR)->n_ports);                                     \
             j__++)                                                     \
            if (((PORT) = &(BR)->ports[j__])->type == OFFLOAD_PORT_BOND \
                && (PORT)->vf_lag != OFFLOAD_VF_LAG_OFF)

/* Bond state. */

static bool
bond_matches(const struct nic_bond *bond, const struct offload_port *port)
{
    if (bond->n_slaves != port->n_members) {
        return false;
    }
    for (size_t i = 0; i < port->n_members; i++) {
        bool found = false;

        for (size_t k = 0; k < bond->n_slaves; k++) {
            found = found || !strcmp(bond->slaves[k], port->members[i]);
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

/* Returns 0 and fills 'bond', ENODEV if absent, else an error. */
static int
bond_read(struct nic_run *run, const char *name, struct nic_bond *bond,
          char **err)
{
    memset(bond, 0, sizeof *bond);
    return run->be->bond_get(run->aux, name, bond, err);
}

/* PREFLIGHT: read everything, check everything, change nothing. */
static bool
step_preflight(struct nic_run *run)
{
    const struct offload_config *cfg = run->cfg;
    const struct offload_bridge *br;
    const struct offload_port *port;

    for (size_t i = 0; i < cfg->n_sriov; i++) {
        const struct offload_sriov *s = &cfg->sriov[i];
        char *where = xasprintf("%s:%d", cfg->file_name, s->mark.line);
        struct pf_ctx *ctx = pf_lookup(run, s->pf, where);

        free(where);
        if (!ctx) {
            continue;
        }
        ctx->cfg = s;
        if (s->numvfs > ctx->pf.totalvfs) {
            fail(run, NIC_STEP_PREFLIGHT, "%s:%d: PF %s supports at most %d "
                 "VFs (sriov_totalvfs), not %d: lower numvfs",
                 cfg->file_name, s->mark.line, s->pf, ctx->pf.totalvfs,
                 s->numvfs);
        }
        if (numvfs_change_needed(ctx) && ctx->pf.numvfs > 0
            && !s->allow_destroy) {
            struct ds busy = DS_EMPTY_INITIALIZER;

            for (size_t k = 0; k < ctx->n_vfs; k++) {
                if (ctx->vfs[k].in_use) {
                    ds_put_format(&busy, " %s", ctx->vfs[k].pci);
                }
            }
            if (busy.length) {
                fail(run, NIC_STEP_PREFLIGHT, "%s:%d: changing numvfs of %s "
                     "from %d to %d destroys its VFs, and these are in "
                     "use:%s; free them first, or set 'allow-destroy: true'",
                     cfg->file_name, s->mark.line, s->pf, ctx->pf.numvfs,
                     s->numvfs, ds_cstr(&busy));
            }
            ds_destroy(&busy);
        }
    }

    FOR_EACH_LAG_PORT (br, port, cfg) {
        char *where = xasprintf("%s:%d: bond %s", cfg->file_name,
                                port->mark.line, port->name);
        struct pf_ctx *members[2] = { NULL, NULL };

        for (size_t m = 0; m < port->n_members && m < 2; m++) {
            members[m] = pf_lookup(run, port->members[m], where);
        }
        if (members[0] && members[1]) {
            const struct nic_pf *a = &members[0]->pf;
            const struct nic_pf *b = &members[1]->pf;
            bool same_nic = (a->switch_id && b->switch_id
                             ? !strcmp(a->switch_id, b->switch_id)
                             : a->pci && b->pci
                               && strlen(a->pci) == strlen(b->pci)
                               && !strncmp(a->pci, b->pci,
                                           strlen(a->pci) - 1));
            if (!same_nic) {
                fail(run, NIC_STEP_PREFLIGHT, "%s: %s and %s are not the two "
                     "PFs of one NIC (switch ids %s and %s); VF-LAG bonds "
                     "the ports of one NIC only", where, a->name, b->name,
                     a->switch_id ? a->switch_id : "none",
                     b->switch_id ? b->switch_id : "none");
            }
            for (size_t m = 0; m < 2; m++) {
                const char *mode = wanted_eswitch(run, members[m]);

                if (!mode || strcmp(mode, "switchdev")) {
                    fail(run, NIC_STEP_PREFLIGHT, "%s: PF %s is in %s mode; "
                         "VF-LAG needs both PFs in switchdev: add an sriov "
                         "entry for it with 'eswitch: switchdev'", where,
                         members[m]->pf.name, mode ? mode : "unknown");
                }
                if (members[m]->pf.master
                    && strcmp(members[m]->pf.master, port->name)) {
                    fail(run, NIC_STEP_PREFLIGHT, "%s: PF %s is already "
                         "enslaved to %s; release it first", where,
                         members[m]->pf.name, members[m]->pf.master);
                }
            }
        }

        /* Read once; the later steps use this copy. */
        struct nic_bond *bond = xzalloc(sizeof *bond);
        char *err = NULL;
        int error = bond_read(run, port->name, bond, &err);
        if (!error && !bond->owned) {
            fail(run, NIC_STEP_PREFLIGHT, "%s: a bond named %s exists and "
                 "was not created by ovs-offload; remove it or rename the "
                 "port", where, port->name);
        } else if (error && error != ENODEV) {
            fail(run, NIC_STEP_PREFLIGHT, "%s: %s", where,
                 err ? err : ovs_strerror(error));
        }
        if (error) {
            nic_bond_uninit(bond);
            free(bond);
            bond = NULL;
        }
        shash_replace(&run->bonds, port->name, bond);
        free(err);

        const char *fallback = port->fallback ? port->fallback
                                              : "balance-tcp";
        if (port->vf_lag == OFFLOAD_VF_LAG_AUTO
            && !strcmp(fallback, "balance-tcp")
            && cfg->global.hw_offload == OFFLOAD_TRUE) {
            warn(run, "%s: if VF-LAG is inactive, the balance-tcp fallback "
                 "keeps the bond's egress flows in software under TC "
                 "offload (its hash action cannot be offloaded); "
                 "'fallback: balance-slb' or 'active-backup' stay in "
                 "hardware", where);
        }
        free(where);
    }
    return run->result->ok;
}

/* NUMVFS: write only a different count, 0 first when changing a non-zero
 * one. */
static bool
step_numvfs(struct nic_run *run)
{
    for (size_t i = 0; i < run->n_pfs; i++) {
        struct pf_ctx *ctx = run->pf_list[i];
        char *err = NULL;
        int error = 0;

        /* Autoprobe first, so that new VFs meet the wanted setting. */
        if (ctx->cfg && ctx->cfg->autoprobe != OFFLOAD_UNSET
            && ctx->pf.autoprobe != (ctx->cfg->autoprobe == OFFLOAD_TRUE)) {
            bool on = ctx->cfg->autoprobe == OFFLOAD_TRUE;

            action(run, "%s: sriov_drivers_autoprobe %d", ctx->pf.name, on);
            if (!run->dry_run) {
                journal_add(run, J_AUTOPROBE, ctx->pf.name, NULL,
                            ctx->pf.autoprobe);
                error = run->be->set_autoprobe(run->aux, &ctx->pf, on, &err);
                if (error) {
                    fail(run, NIC_STEP_NUMVFS, "setting autoprobe of %s: %s",
                         ctx->pf.name, err ? err : ovs_strerror(error));
                    free(err);
                    return false;
                }
                ctx->pf.autoprobe = on;
            }
        }

        if (!numvfs_change_needed(ctx)) {
            continue;
        }

        int old = ctx->pf.numvfs;
        int want = ctx->cfg->numvfs;

        action(run, "%s: numvfs %d -> %d%s", ctx->pf.name, old, want,
               old && want ? " (through 0)" : "");
        if (run->dry_run) {
            continue;
        }
        journal_add(run, J_NUMVFS, ctx->pf.name, NULL, old);
        if (old && want) {
            error = run->be->set_numvfs(run->aux, &ctx->pf, 0, &err);
        }
        if (!error) {
            error = run->be->set_numvfs(run->aux, &ctx->pf, want, &err);
        }
        if (!error) {
            ctx->pf.numvfs = want;
            error = reload_vfs(run, ctx, &err);
        }
        if (error) {
            fail(run, NIC_STEP_NUMVFS, "setting numvfs of %s to %d: %s",
                 ctx->pf.name, want, err ? err : ovs_strerror(error));
            free(err);
            return false;
        }
    }
    return true;
}

/* Whether the Linux bond of 'port' must be created or changed, from what
 * preflight read. */
static bool
bond_change_needed(const struct nic_run *run, const struct offload_port *port)
{
    const struct nic_bond *bond = shash_find_data(&run->bonds, port->name);

    return !bond || !bond_matches(bond, port);
}

/* UNBIND_VFS: only on PFs whose eswitch mode changes or that join a bond
 * in this run, since mlx5 needs its VFs unbound for both. */
static bool
step_unbind_vfs(struct nic_run *run)
{
    const struct offload_bridge *br;
    const struct offload_port *port;

    for (size_t i = 0; i < run->n_pfs; i++) {
        run->pf_list[i]->need_unbind = eswitch_change_needed(run->pf_list[i]);
    }
    FOR_EACH_LAG_PORT (br, port, run->cfg) {
        if (bond_change_needed(run, port)) {
            for (size_t m = 0; m < port->n_members; m++) {
                struct pf_ctx *ctx = shash_find_data(&run->pfs,
                                                     port->members[m]);
                if (ctx) {
                    ctx->need_unbind = true;
                }
            }
        }
    }

    for (size_t i = 0; i < run->n_pfs; i++) {
        struct pf_ctx *ctx = run->pf_list[i];

        if (!ctx->need_unbind) {
            continue;
        }
        ctx->unbound = true;
        for (size_t k = 0; k < ctx->n_vfs; k++) {
            struct nic_vf *vf = &ctx->vfs[k];
            char *err = NULL;

            if (!vf->driver) {
                continue;
            }
            action(run, "%s: unbind VF %d (%s) from %s", ctx->pf.name,
                   vf->index, vf->pci, vf->driver);
            shash_replace_nocopy(&ctx->old_drivers, xstrdup(vf->pci),
                                 xstrdup(vf->driver));
            if (run->dry_run) {
                continue;
            }
            journal_add(run, J_VF_DRIVER, vf->pci, vf->driver, 0);
            int error = run->be->vf_bind(run->aux, vf->pci, NULL, &err);
            if (error) {
                fail(run, NIC_STEP_UNBIND_VFS, "unbinding VF %s of %s: %s",
                     vf->pci, ctx->pf.name, err ? err : ovs_strerror(error));
                free(err);
                return false;
            }
            free(vf->driver);
            vf->driver = NULL;
        }
    }
    return true;
}

/* SWITCHDEV. */
static bool
step_switchdev(struct nic_run *run)
{
    for (size_t i = 0; i < run->n_pfs; i++) {
        struct pf_ctx *ctx = run->pf_list[i];
        char *err = NULL;

        if (!eswitch_change_needed(ctx)) {
            continue;
        }
        action(run, "%s: eswitch mode %s -> %s", ctx->pf.name,
               ctx->pf.eswitch ? ctx->pf.eswitch : "unknown",
               ctx->cfg->eswitch);
        if (run->dry_run) {
            continue;
        }
        journal_add(run, J_ESWITCH, ctx->pf.name, ctx->pf.eswitch, 0);
        int error = run->be->set_eswitch(run->aux, &ctx->pf,
                                         ctx->cfg->eswitch, &err);
        if (error) {
            fail(run, NIC_STEP_SWITCHDEV, "setting eswitch mode %s on %s: %s",
                 ctx->cfg->eswitch, ctx->pf.name,
                 err ? err : ovs_strerror(error));
            free(err);
            return false;
        }
        free(ctx->pf.eswitch);
        ctx->pf.eswitch = xstrdup(ctx->cfg->eswitch);
    }
    return true;
}

/* HW_TC_OFFLOAD. */
static bool
step_hw_tc_offload(struct nic_run *run)
{
    for (size_t i = 0; i < run->n_pfs; i++) {
        struct pf_ctx *ctx = run->pf_list[i];
        char *err = NULL;

        if (!ctx->cfg || ctx->cfg->hw_tc_offload == OFFLOAD_UNSET) {
            continue;
        }

        bool want = ctx->cfg->hw_tc_offload == OFFLOAD_TRUE;
        if (ctx->pf.hw_tc_offload == want) {
            continue;
        }
        action(run, "%s: hw-tc-offload %s", ctx->pf.name,
               want ? "on" : "off");
        if (run->dry_run) {
            continue;
        }
        journal_add(run, J_HW_TC_OFFLOAD, ctx->pf.name, NULL,
                    ctx->pf.hw_tc_offload);
        int error = run->be->set_hw_tc_offload(run->aux, ctx->pf.name, want,
                                               &err);
        if (error) {
            fail(run, NIC_STEP_HW_TC_OFFLOAD, "setting hw-tc-offload on %s: "
                 "%s", ctx->pf.name, err ? err : ovs_strerror(error));
            free(err);
            return false;
        }
        ctx->pf.hw_tc_offload = want;
    }
    return true;
}

static struct nic_lag_result *
lag_result(struct nic_run *run, const struct offload_bridge *br,
           const struct offload_port *port)
{
    struct nic_result *r = run->result;

    for (size_t i = 0; i < r->n_lags; i++) {
        if (!strcmp(r->lags[i].bond, port->name)) {
            return &r->lags[i];
        }
    }
    r->lags = xrealloc(r->lags, (r->n_lags + 1) * sizeof *r->lags);
    r->lags[r->n_lags] = (struct nic_lag_result) {
        .bond = xstrdup(port->name),
        .bridge = xstrdup(br->name),
        .state = NIC_LAG_NOT_APPLIED,
    };
    return &r->lags[r->n_lags++];
}

/* Creates or completes the Linux bond of 'port': PFs down, enslaved, then
 * the bond and the PFs up (facts.md 1.2 step 5).  Appends the kernel's
 * warnings to 'warnings'. */
static bool
build_bond(struct nic_run *run, const struct offload_port *port,
           struct ds *warnings)
{
    const struct nic_backend *be = run->be;
    const struct nic_bond *bond = shash_find_data(&run->bonds, port->name);
    char *err = NULL;
    int error = 0;

    if (!bond) {
        action(run, "create bond %s (mode %s)", port->name,
               port->linux_bond.mode ? port->linux_bond.mode : "802.3ad");
        if (!run->dry_run) {
            error = be->bond_create(run->aux, port->name, &port->linux_bond,
                                    &err);
            if (error) {
                goto fail;
            }
            journal_add(run, J_BOND_CREATED, port->name, NULL, 0);
        }
    } else if (bond_matches(bond, port)) {
        return true;
    }

    for (size_t m = 0; m < port->n_members; m++) {
        const char *pf = port->members[m];
        bool enslaved = false;
        char *warning = NULL;

        for (size_t k = 0; bond && k < bond->n_slaves; k++) {
            enslaved = enslaved || !strcmp(bond->slaves[k], pf);
        }
        if (enslaved) {
            continue;
        }
        action(run, "%s: down, enslave to %s", pf, port->name);
        if (run->dry_run) {
            continue;
        }
        error = be->link_set_up(run->aux, pf, false, &err);
        if (error) {
            goto fail;
        }
        journal_add(run, J_LINK_DOWN, pf, NULL, 0);
        error = be->enslave(run->aux, pf, port->name, &warning, &err);
        if (warning) {
            ds_put_format(warnings, "%s%s", warnings->length ? "; " : "",
                          warning);
            warn(run, "enslaving %s to %s: the kernel says: %s", pf,
                 port->name, warning);
            free(warning);
        }
        if (error) {
            goto fail;
        }
        journal_add(run, J_ENSLAVED, pf, port->name, 0);
    }

    action(run, "%s and its members: up", port->name);
    if (!run->dry_run) {
        error = be->link_set_up(run->aux, port->name, true, &err);
        for (size_t m = 0; !error && m < port->n_members; m++) {
            error = be->link_set_up(run->aux, port->members[m], true, &err);
        }
        if (error) {
            goto fail;
        }
    }
    return true;

fail:
    fail(run, NIC_STEP_BOND, "building bond %s over %s and %s: %s",
         port->name, port->members[0], port->members[1],
         err ? err : ovs_strerror(error));
    free(err);
    return false;
}

/* Removes the Linux bond of 'port' cleanly: members released and up, bond
 * deleted.  Failures become warnings. */
static void
remove_bond(struct nic_run *run, const struct offload_port *port)
{
    const struct nic_backend *be = run->be;
    char *err = NULL;

    action(run, "remove bond %s", port->name);
    if (run->dry_run) {
        return;
    }
    for (size_t m = 0; m < port->n_members; m++) {
        if (be->enslave(run->aux, port->members[m], NULL, NULL, &err)
            || be->link_set_up(run->aux, port->members[m], true, &err)) {
            warn(run, "releasing %s from %s: %s", port->members[m],
                 port->name, err ? err : "failed");
            free(err);
            err = NULL;
        }
    }
    if (be->bond_delete(run->aux, port->name, &err)) {
        warn(run, "deleting bond %s: %s", port->name, err ? err : "failed");
        free(err);
    }
}

/* BOND and WAIT_LAG, bond by bond. */
static bool
step_bonds(struct nic_run *run)
{
    const struct offload_bridge *br;
    struct offload_port *port;

    FOR_EACH_LAG_PORT (br, port, run->cfg) {
        struct nic_lag_result *lr = lag_result(run, br, port);
        struct ds warnings = DS_EMPTY_INITIALIZER;
        bool changed = bond_change_needed(run, port);

        if (!build_bond(run, port, &warnings)) {
            ds_destroy(&warnings);
            return false;
        }
        if (run->dry_run) {
            lr->state = changed ? NIC_LAG_NOT_APPLIED : NIC_LAG_UNKNOWN;
            lr->reason = xstrdup(changed
                                 ? "the bond is created by apply, and its "
                                   "activation checked then"
                                 : "not probed in a dry run");
            ds_destroy(&warnings);
            continue;
        }

        /* A LAG built in this run may take a moment to activate.  A
         * refusal in the enslave warnings is final. */
        unsigned int waited = 0;
        for (;;) {
            char *reason = NULL;

            lr->state = run->be->lag_probe(run->aux, port->name,
                                           port->members, port->n_members,
                                           ds_cstr(&warnings), &reason);
            free(lr->reason);
            lr->reason = reason;
            if (lr->state == NIC_LAG_ACTIVE || !changed || warnings.length
                || !run->be->lag_poll_ms
                || waited >= run->be->lag_wait_ms) {
                break;
            }
            xnanosleep((uint64_t) run->be->lag_poll_ms * 1000 * 1000);
            waited += run->be->lag_poll_ms;
        }
        if (waited) {
            action(run, "waited %u ms for VF-LAG on %s", waited, port->name);
        }
        ds_destroy(&warnings);
        action(run, "VF-LAG on %s: %s%s%s", port->name,
               nic_lag_state_to_string(lr->state),
               lr->reason ? ": " : "", lr->reason ? lr->reason : "");

        if (port->vf_lag == OFFLOAD_VF_LAG_REQUIRE
            && lr->state == NIC_LAG_UNKNOWN) {
            /* "require" asks for proof, and there is none. */
            return fail(run, NIC_STEP_WAIT_LAG, "VF-LAG on %s could not be "
                        "verified (%s) and the file says 'vf-lag: require'",
                        port->name, lr->reason ? lr->reason : "no signal");
        }
        if (lr->state != NIC_LAG_INACTIVE) {
            continue;
        }
        if (port->vf_lag == OFFLOAD_VF_LAG_REQUIRE) {
            return fail(run, NIC_STEP_WAIT_LAG, "VF-LAG on %s is inactive "
                        "(%s) and the file says 'vf-lag: require'",
                        port->name, lr->reason ? lr->reason : "no reason");
        }
        remove_bond(run, port);
        lr->state = NIC_LAG_FALLBACK;
    }
    return true;
}

/* The driver VF 'vf' of 'ctx' should end up with, or NULL to leave it. */
static const char *
wanted_driver(const struct pf_ctx *ctx, const struct nic_vf *vf)
{
    if (ctx->cfg) {
        for (size_t i = 0; i < ctx->cfg->n_vfs; i++) {
            if (ctx->cfg->vfs[i].index == vf->index
                && ctx->cfg->vfs[i].driver) {
                return ctx->cfg->vfs[i].driver;
            }
        }
        if (ctx->cfg->vf_driver) {
            return ctx->cfg->vf_driver;
        }
    }
    /* Put back what this run unbound. */
    return ctx->unbound ? shash_find_data(&ctx->old_drivers, vf->pci) : NULL;
}

/* BIND_VFS: bind only VFs whose driver differs from the wanted one. */
static bool
step_bind_vfs(struct nic_run *run)
{
    for (size_t i = 0; i < run->n_pfs; i++) {
        struct pf_ctx *ctx = run->pf_list[i];

        for (size_t k = 0; k < ctx->n_vfs; k++) {
            struct nic_vf *vf = &ctx->vfs[k];
            const char *want = wanted_driver(ctx, vf);
            const char *now = (run->dry_run && ctx->unbound ? NULL
                               : vf->driver);
            char *err = NULL;
            int error = 0;

            if (!want || (!strcmp(want, "none") && !now)
                || (now && !strcmp(want, now))) {
                continue;
            }
            if (!strcmp(want, "none")) {
                action(run, "%s: unbind VF %d (%s)", ctx->pf.name, vf->index,
                       vf->pci);
            } else {
                action(run, "%s: bind VF %d (%s) to %s", ctx->pf.name,
                       vf->index, vf->pci, want);
            }
            if (run->dry_run) {
                continue;
            }
            journal_add(run, J_VF_DRIVER, vf->pci, now, 0);
            if (now) {
                error = run->be->vf_bind(run->aux, vf->pci, NULL, &err);
            }
            if (!error && strcmp(want, "none")) {
                error = run->be->vf_bind(run->aux, vf->pci, want, &err);
            }
            if (error) {
                fail(run, NIC_STEP_BIND_VFS, "binding VF %s of %s to %s: %s",
                     vf->pci, ctx->pf.name, want,
                     err ? err : ovs_strerror(error));
                free(err);
                return false;
            }
            free(vf->driver);
            vf->driver = strcmp(want, "none") ? xstrdup(want) : NULL;
        }

        /* MAC, trust and spoof checking, through the PF. */
        for (size_t k = 0; ctx->cfg && k < ctx->cfg->n_vfs; k++) {
            const struct offload_vf *v = &ctx->cfg->vfs[k];
            bool changed = false;
            char *err = NULL;

            if (!v->mac && v->trust == OFFLOAD_UNSET
                && v->spoofchk == OFFLOAD_UNSET) {
                continue;
            }
            int error = run->be->vf_settings(run->aux, &ctx->pf, v,
                                             run->dry_run, &changed, &err);
            if (error && !run->dry_run) {
                fail(run, NIC_STEP_BIND_VFS, "settings of VF %d of %s: %s",
                     v->index, ctx->pf.name,
                     err ? err : ovs_strerror(error));
                free(err);
                return false;
            }
            free(err);
            if (changed || (error && run->dry_run)) {
                action(run, "%s: VF %d settings:%s%s%s%s%s", ctx->pf.name,
                       v->index, v->mac ? " mac " : "", v->mac ? v->mac : "",
                       v->trust == OFFLOAD_UNSET ? ""
                       : v->trust == OFFLOAD_TRUE ? " trust on"
                       : " trust off",
                       v->spoofchk == OFFLOAD_UNSET ? ""
                       : v->spoofchk == OFFLOAD_TRUE ? " spoofchk on"
                       : " spoofchk off",
                       error ? " (VF not there yet)" : "");
            }
        }
    }
    return true;
}

/* REPRESENTORS: one representor port per VF of each representor set. */
static bool
step_representors(struct nic_run *run)
{
    struct offload_config *cfg = run->cfg;

    for (size_t b = 0; b < cfg->n_bridges; b++) {
        struct offload_bridge *br = &cfg->bridges[b];
        struct offload_port *ports = NULL;
        size_t n_ports = 0;

        for (size_t p = 0; p < br->n_ports; p++) {
            struct offload_port *port = &br->ports[p];

            if (port->type != OFFLOAD_PORT_REPRESENTORS) {
                ports = xrealloc(ports, (n_ports + 1) * sizeof *ports);
                ports[n_ports++] = *port;
                continue;
            }

            char *where = xasprintf("%s:%d: representors", cfg->file_name,
                                    port->mark.line);
            struct pf_ctx *ctx = pf_lookup(run, port->rep_pf, where);
            free(where);
            if (!ctx) {
                run->result->failed_step = NIC_STEP_REPRESENTORS;
                free(ports);
                return false;
            }

            int n_vfs = (ctx->cfg && ctx->cfg->numvfs >= 0
                         ? ctx->cfg->numvfs : ctx->pf.numvfs);
            size_t n = port->rep_all_vfs ? n_vfs : port->n_rep_vfs;
            for (size_t k = 0; k < n; k++) {
                int vf = port->rep_all_vfs ? (int) k : port->rep_vfs[k];
                char *name = NULL;
                char *err = NULL;
                int error = run->be->rep_get(run->aux, &ctx->pf, vf, &name,
                                             &err);
                if (error && run->dry_run) {
                    warn(run, "the representor of %s VF %d does not exist "
                         "yet; apply adds it to %s", ctx->pf.name, vf,
                         br->name);
                    free(err);
                    continue;
                } else if (error) {
                    fail(run, NIC_STEP_REPRESENTORS, "representor of %s VF "
                         "%d: %s", ctx->pf.name, vf,
                         err ? err : ovs_strerror(error));
                    free(err);
                    free(ports);
                    return false;
                }

                /* Representors carry the offloaded flows of their VFs:
                 * hw-tc-offload as on their PF. */
                if (ctx->cfg && ctx->cfg->hw_tc_offload != OFFLOAD_UNSET) {
                    bool want = ctx->cfg->hw_tc_offload == OFFLOAD_TRUE;
                    int cur = run->be->get_hw_tc_offload(run->aux, name);

                    if (cur != want) {
                        action(run, "%s: hw-tc-offload %s", name,
                               want ? "on" : "off");
                    }
                    if (cur != want && !run->dry_run) {
                        journal_add(run, J_REP_HW_TC_OFFLOAD, name, NULL,
                                    cur);
                        error = run->be->set_hw_tc_offload(run->aux, name,
                                                           want, &err);
                        if (error) {
                            fail(run, NIC_STEP_REPRESENTORS, "setting "
                                 "hw-tc-offload on representor %s: %s", name,
                                 err ? err : ovs_strerror(error));
                            free(err);
                            free(name);
                            free(ports);
                            return false;
                        }
                    }
                }

                struct offload_port rep = {
                    .name = name,
                    .type = OFFLOAD_PORT_REPRESENTOR,
                    .mark = port->mark,
                    .tag = -1,
                    .updelay = -1,
                    .downdelay = -1,
                    .miimon_interval = -1,
                };
                smap_init(&rep.other_config);
                smap_init(&rep.external_ids);
                ports = xrealloc(ports, (n_ports + 1) * sizeof *ports);
                ports[n_ports++] = rep;
            }
            /* The set itself is gone from the file's model now. */
            free(port->rep_pf);
            free(port->rep_vfs);
            free(port->name);
            smap_destroy(&port->other_config);
            smap_destroy(&port->external_ids);
        }
        /* The ports moved in memory: an empty hmap points into itself. */
        for (size_t k = 0; k < n_ports; k++) {
            hmap_moved(&ports[k].other_config.map);
            hmap_moved(&ports[k].external_ids.map);
        }
        free(br->ports);
        br->ports = ports;
        br->n_ports = n_ports;
    }
    return true;
}

/* Rewrites the VF-LAG bond ports for the OVSDB phase. */
static void
rewrite_lag_ports(struct nic_run *run)
{
    const struct offload_bridge *br;
    struct offload_port *port;

    FOR_EACH_LAG_PORT (br, port, run->cfg) {
        struct nic_lag_result *lr = lag_result(run, br, port);

        if (lr->state == NIC_LAG_FALLBACK) {
            /* The OVS bond over the PFs, as the seeds build it. */
            free(port->bond_mode);
            port->bond_mode = xstrdup(port->fallback ? port->fallback
                                      : "balance-tcp");
            if (!port->lacp) {
                port->lacp = xstrdup("active");
            }
        } else {
            /* OVS sees the Linux bond as one system port. */
            port->type = OFFLOAD_PORT_SYSTEM;
        }
    }
}

/* Reads PF 'name' afresh for the rollback, which may run after the run's
 * own PF contexts are gone. */
static int
rollback_pf(struct nic_run *run, const char *name, struct nic_pf *pf,
            char **err)
{
    memset(pf, 0, sizeof *pf);
    return run->be->pf_get(run->aux, name, pf, err);
}

/* Undoes the journal in reverse order.  Failures become warnings. */
static void
rollback(struct nic_run *run)
{
    const struct nic_backend *be = run->be;

    for (size_t i = run->n_journal; i-- > 0;) {
        struct journal_entry *j = &run->journal[i];
        char *err = NULL;
        int error = 0;

        switch (j->kind) {
        case J_NUMVFS: {
            struct nic_pf pf;

            error = rollback_pf(run, j->name, &pf, &err);
            if (!error) {
                error = be->set_numvfs(run->aux, &pf, 0, &err);
            }
            if (!error && j->number) {
                error = be->set_numvfs(run->aux, &pf, j->number, &err);
            }
            nic_pf_uninit(&pf);
            break;
        }
        case J_VF_DRIVER:
            error = be->vf_bind(run->aux, j->name, NULL, &err);
            if (j->text) {
                free(err);
                err = NULL;
                error = be->vf_bind(run->aux, j->name, j->text, &err);
            } else {
                error = 0;
            }
            break;
        case J_ESWITCH: {
            struct nic_pf pf;

            error = rollback_pf(run, j->name, &pf, &err);
            if (!error && j->text) {
                error = be->set_eswitch(run->aux, &pf, j->text, &err);
            }
            nic_pf_uninit(&pf);
            break;
        }
        case J_HW_TC_OFFLOAD:
        case J_REP_HW_TC_OFFLOAD:
            if (j->number >= 0) {
                error = be->set_hw_tc_offload(run->aux, j->name, j->number,
                                              &err);
            }
            break;
        case J_AUTOPROBE: {
            struct nic_pf pf;

            error = rollback_pf(run, j->name, &pf, &err);
            if (!error && j->number >= 0) {
                error = be->set_autoprobe(run->aux, &pf, j->number, &err);
            }
            nic_pf_uninit(&pf);
            break;
        }
        case J_BOND_CREATED:
            error = be->bond_delete(run->aux, j->name, &err);
            break;
        case J_LINK_DOWN:
            error = be->link_set_up(run->aux, j->name, true, &err);
            break;
        case J_ENSLAVED:
            error = be->enslave(run->aux, j->name, NULL, NULL, &err);
            break;
        default:
            OVS_NOT_REACHED();
        }
        if (error) {
            warn(run, "rollback: %s: %s", j->name,
                 err ? err : ovs_strerror(error));
        }
        free(err);
    }
    run->result->rolled_back = run->n_journal > 0;
}

bool
nic_phase_needed(const struct offload_config *cfg)
{
    if (cfg->n_sriov) {
        return true;
    }
    for (size_t i = 0; i < cfg->n_bridges; i++) {
        for (size_t j = 0; j < cfg->bridges[i].n_ports; j++) {
            const struct offload_port *port = &cfg->bridges[i].ports[j];

            if (port->type == OFFLOAD_PORT_REPRESENTORS
                || (port->type == OFFLOAD_PORT_BOND
                    && port->vf_lag != OFFLOAD_VF_LAG_OFF)) {
                return true;
            }
        }
    }
    return false;
}

/* The state file: what PFs and bonds were like before ovs-offload first
 * changed them.
 *
 *   {"pfs": {"PF": {"numvfs": N, "eswitch": "legacy", "hw-tc-offload": 0}},
 *    "bonds": ["bond0"]}
 */

static struct json *
state_load(const char *path)
{
    struct json *j = json_from_file(path);

    if (!j || j->type != JSON_OBJECT) {
        json_destroy(j);
        return NULL;
    }
    return j;
}

static struct json *
state_object(struct json *parent, const char *key)
{
    struct json *o = shash_find_data(json_object(parent), key);

    if (!o || o->type != JSON_OBJECT) {
        o = json_object_create();
        json_object_put(parent, key, o);
    }
    return o;
}

static int
state_save(const char *path, const struct json *j, char **err)
{
    char *dir = xstrdup(path);
    char *slash = strrchr(dir, '/');
    char *tmp = xasprintf("%s.tmp", path);
    char *text = json_to_string(j, JSSF_PRETTY | JSSF_SORT);
    int error = 0;
    FILE *f;

    /* Nothing to write if the file already says this. */
    struct json *old = json_from_file(path);
    char *old_text = old ? json_to_string(old, JSSF_PRETTY | JSSF_SORT)
                         : NULL;
    bool same = old_text && !strcmp(old_text, text);
    free(old_text);
    json_destroy(old);
    if (same) {
        free(text);
        free(tmp);
        free(dir);
        return 0;
    }

    if (slash && slash != dir) {
        *slash = '\0';
        mkdir(dir, 0755);
    }
    f = fopen(tmp, "w");
    if (!f || fputs(text, f) < 0 || fputc('\n', f) < 0) {
        error = errno ? errno : EIO;
    }
    if (f && fclose(f) && !error) {
        error = errno;
    }
    if (!error && rename(tmp, path)) {
        error = errno;
    }
    if (error) {
        *err = xasprintf("%s: %s", path, ovs_strerror(error));
        unlink(tmp);
    }
    free(text);
    free(tmp);
    free(dir);
    return error;
}

/* Merges the originals in this run's journal into 'path'.  A value already
 * recorded stays: it is older. */
static void
state_record(struct nic_run *run, const char *path)
{
    struct json *j = state_load(path);
    char *err = NULL;

    if (!run->n_journal && !run->result->n_lags) {
        json_destroy(j);
        return;
    }
    if (!j) {
        j = json_object_create();
    }

    /* The latest VF-LAG verdicts, for "show". */
    struct json *lags = json_object_create();
    for (size_t i = 0; i < run->result->n_lags; i++) {
        const struct nic_lag_result *l = &run->result->lags[i];
        struct json *o = json_object_create();

        json_object_put_string(o, "state", nic_lag_state_to_string(l->state));
        json_object_put_string(o, "bridge", l->bridge);
        json_object_put(o, "reason", l->reason ? json_string_create(l->reason)
                        : json_null_create());
        json_object_put(lags, l->bond, o);
    }
    json_object_put(j, "lags", lags);

    struct json *pfs = state_object(j, "pfs");
    struct json *bonds = shash_find_data(json_object(j), "bonds");
    if (!bonds || bonds->type != JSON_ARRAY) {
        bonds = json_array_create_empty();
        json_object_put(j, "bonds", bonds);
    }

    for (size_t i = 0; i < run->n_journal; i++) {
        const struct journal_entry *e = &run->journal[i];
        const char *key = (e->kind == J_NUMVFS ? "numvfs"
                           : e->kind == J_ESWITCH ? "eswitch"
                           : e->kind == J_HW_TC_OFFLOAD ? "hw-tc-offload"
                           : NULL);
        if (key) {
            struct json *pf = state_object(pfs, e->name);

            if (!shash_find(json_object(pf), key)) {
                json_object_put(pf, key, e->kind == J_ESWITCH
                                ? json_string_create(e->text ? e->text
                                                     : "legacy")
                                : json_integer_create(e->number));
            }
        } else if (e->kind == J_BOND_CREATED) {
            bool known = false;

            for (size_t k = 0; k < json_array(bonds)->n; k++) {
                const struct json *b = json_array(bonds)->elems[k];

                known = known || (b->type == JSON_STRING
                                  && !strcmp(json_string(b), e->name));
            }
            if (!known) {
                json_array_add(bonds, json_string_create(e->name));
            }
        }
    }
    if (state_save(path, j, &err)) {
        warn(run, "cannot record the original NIC state for teardown: %s",
             err);
        free(err);
    }
    json_destroy(j);
}

bool
nic_phase_run(struct offload_config *cfg, const struct nic_backend *backend,
              void *aux, bool dry_run, const char *state_file,
              struct nic_result *result)
{
    struct nic_run run = {
        .cfg = cfg, .be = backend, .aux = aux, .dry_run = dry_run,
        .result = result,
    };
    static bool (*const steps[])(struct nic_run *) = {
        step_preflight, step_numvfs, step_unbind_vfs, step_switchdev,
        step_hw_tc_offload, step_bonds, step_bind_vfs, step_representors,
    };

    shash_init(&run.pfs);
    shash_init(&run.bonds);
    result->ok = true;
    for (size_t i = 0; i < ARRAY_SIZE(steps) && result->ok; i++) {
        steps[i](&run);
    }
    if (result->ok) {
        rewrite_lag_ports(&run);
        if (!dry_run && state_file) {
            state_record(&run, state_file);
        }
    } else if (!dry_run) {
        rollback(&run);
    }

    /* Keep the journal, so that a failure after the NIC phase can still
     * undo it (nic_phase_rollback()). */
    if (result->ok && !dry_run) {
        result->journal = xmalloc(sizeof *result->journal);
        result->journal->entries = run.journal;
        result->journal->n = run.n_journal;
        run.journal = NULL;
        run.n_journal = 0;
    }

    for (size_t i = 0; i < run.n_pfs; i++) {
        pf_ctx_free(run.pf_list[i]);
    }
    free(run.pf_list);
    shash_destroy(&run.pfs);

    struct shash_node *node;
    SHASH_FOR_EACH (node, &run.bonds) {
        if (node->data) {
            nic_bond_uninit(node->data);
            free(node->data);
        }
    }
    shash_destroy(&run.bonds);
    journal_free(run.journal, run.n_journal);
    return result->ok;
}

bool
nic_phase_rollback(const struct nic_backend *backend, void *aux,
                   struct nic_result *result)
{
    struct nic_journal *j = result->journal;
    struct nic_run run = {
        .be = backend, .aux = aux, .result = result,
    };

    if (!j) {
        return true;
    }
    run.journal = j->entries;
    run.n_journal = j->n;
    shash_init(&run.pfs);
    size_t n_warnings = result->n_warnings;
    rollback(&run);
    shash_destroy(&run.pfs);
    journal_free(j->entries, j->n);
    free(j);
    result->journal = NULL;
    return result->n_warnings == n_warnings;
}

struct json *
nic_journal_to_json(const struct nic_result *result)
{
    return (result->journal
            ? journal_json(result->journal->entries, result->journal->n)
            : NULL);
}

bool
nic_phase_rollback_json(const struct nic_backend *backend, void *aux,
                        const struct json *journal, struct nic_result *result)
{
    struct nic_journal *j = xzalloc(sizeof *j);
    size_t n = journal && journal->type == JSON_ARRAY
               ? json_array(journal)->n : 0;

    result->ok = true;
    if (journal && journal->type != JSON_ARRAY) {
        goto malformed;
    }
    j->entries = xcalloc(n ? n : 1, sizeof *j->entries);
    for (size_t i = 0; i < n; i++) {
        const struct json *o = json_array(journal)->elems[i];
        const struct json *kind, *name, *text, *number;
        struct journal_entry *e = &j->entries[j->n];
        size_t k;

        if (o->type != JSON_OBJECT) {
            goto malformed;
        }
        kind = shash_find_data(json_object(o), "kind");
        name = shash_find_data(json_object(o), "name");
        text = shash_find_data(json_object(o), "text");
        number = shash_find_data(json_object(o), "number");
        if (!kind || kind->type != JSON_STRING || !name
            || name->type != JSON_STRING
            || (text && text->type != JSON_STRING && text->type != JSON_NULL)
            || !number || number->type != JSON_INTEGER) {
            goto malformed;
        }
        for (k = 0; k < ARRAY_SIZE(journal_kind_names); k++) {
            if (!strcmp(json_string(kind), journal_kind_names[k])) {
                break;
            }
        }
        if (k >= ARRAY_SIZE(journal_kind_names)) {
            goto malformed;
        }
        e->kind = k;
        e->name = xstrdup(json_string(name));
        e->text = (text && text->type == JSON_STRING
                   ? xstrdup(json_string(text)) : NULL);
        e->number = json_integer(number);
        j->n++;
    }

    if (result->journal) {
        journal_free(result->journal->entries, result->journal->n);
        free(result->journal);
    }
    result->journal = j;
    if (!nic_phase_rollback(backend, aux, result)) {
        result->ok = false;
        result->error = xstrdup("some NIC changes could not be undone; see "
                                "the warnings");
    }
    return result->ok;

malformed:
    journal_free(j->entries, j->n);
    free(j);
    result->ok = false;
    result->error = xstrdup("the NIC journal is malformed; nothing was "
                            "undone");
    return false;
}

/* Teardown. */

static int
json_int_member(const struct json *o, const char *key, int dflt)
{
    const struct json *v = shash_find_data(json_object(o), key);

    return v && v->type == JSON_INTEGER ? json_integer(v) : dflt;
}

static void
teardown_bond(struct nic_run *run, const char *name)
{
    struct nic_bond bond;
    char *err = NULL;

    if (bond_read(run, name, &bond, &err) || !bond.owned) {
        free(err);
        nic_bond_uninit(&bond);
        return;
    }
    action(run, "remove bond %s", name);
    for (size_t i = 0; !run->dry_run && i < bond.n_slaves; i++) {
        if (run->be->enslave(run->aux, bond.slaves[i], NULL, NULL, &err)
            || run->be->link_set_up(run->aux, bond.slaves[i], true, &err)) {
            warn(run, "releasing %s: %s", bond.slaves[i],
                 err ? err : "failed");
            free(err);
            err = NULL;
        }
    }
    if (!run->dry_run && run->be->bond_delete(run->aux, name, &err)) {
        fail(run, NIC_STEP_BOND, "deleting bond %s: %s", name,
             err ? err : "failed");
    }
    free(err);
    nic_bond_uninit(&bond);
}

bool
nic_phase_teardown(const struct nic_backend *backend, void *aux,
                   bool dry_run, const char *state_file,
                   struct nic_result *result)
{
    struct nic_run run = {
        .be = backend, .aux = aux, .dry_run = dry_run, .result = result,
    };
    struct json *j = state_load(state_file);

    result->ok = true;
    if (!j) {
        action(&run, "%s: no NIC state recorded; nothing to tear down",
               state_file);
        return true;
    }
    shash_init(&run.pfs);

    struct json *pfs = state_object(j, "pfs");
    const struct shash_node **nodes = shash_sort(json_object(pfs));
    size_t n = shash_count(json_object(pfs));

    /* Read every PF first. */
    for (size_t i = 0; i < n; i++) {
        if (!pf_lookup(&run, nodes[i]->name, state_file)) {
            /* Gone from the host: nothing of ours is left on it. */
            free(result->error);
            result->error = NULL;
            result->ok = true;
            warn(&run, "PF %s no longer exists; skipped", nodes[i]->name);
        }
    }

    /* VFs unbound before the bond goes and before the mode changes. */
    for (size_t i = 0; i < run.n_pfs && result->ok; i++) {
        struct pf_ctx *ctx = run.pf_list[i];

        for (size_t k = 0; k < ctx->n_vfs; k++) {
            char *err = NULL;

            if (!ctx->vfs[k].driver) {
                continue;
            }
            action(&run, "%s: unbind VF %d (%s)", ctx->pf.name,
                   ctx->vfs[k].index, ctx->vfs[k].pci);
            if (!dry_run && backend->vf_bind(aux, ctx->vfs[k].pci, NULL,
                                             &err)) {
                fail(&run, NIC_STEP_UNBIND_VFS, "unbinding %s: %s",
                     ctx->vfs[k].pci, err ? err : "failed");
            }
            free(err);
        }
    }

    const struct json *bonds = shash_find_data(json_object(j), "bonds");
    for (size_t i = 0; bonds && bonds->type == JSON_ARRAY
                       && i < json_array(bonds)->n && result->ok; i++) {
        const struct json *b = json_array(bonds)->elems[i];

        if (b->type == JSON_STRING) {
            teardown_bond(&run, json_string(b));
        }
    }

    for (size_t i = 0; i < n && result->ok; i++) {
        struct pf_ctx *ctx = shash_find_data(&run.pfs, nodes[i]->name);
        const struct json *orig = nodes[i]->data;
        const struct json *esw = shash_find_data(json_object(orig),
                                                 "eswitch");
        int hw_tc = json_int_member(orig, "hw-tc-offload", -1);
        int numvfs = json_int_member(orig, "numvfs", -1);
        char *err = NULL;
        int error = 0;

        if (!ctx) {
            continue;
        }
        if (esw && esw->type == JSON_STRING && ctx->pf.eswitch
            && strcmp(json_string(esw), ctx->pf.eswitch)) {
            action(&run, "%s: eswitch mode %s -> %s", ctx->pf.name,
                   ctx->pf.eswitch, json_string(esw));
            if (!dry_run) {
                error = backend->set_eswitch(aux, &ctx->pf, json_string(esw),
                                             &err);
            }
        }
        if (!error && hw_tc >= 0 && ctx->pf.hw_tc_offload >= 0
            && hw_tc != ctx->pf.hw_tc_offload) {
            action(&run, "%s: hw-tc-offload %s", ctx->pf.name,
                   hw_tc ? "on" : "off");
            if (!dry_run) {
                error = backend->set_hw_tc_offload(aux, ctx->pf.name, hw_tc,
                                                   &err);
            }
        }
        if (!error && numvfs >= 0 && numvfs != ctx->pf.numvfs) {
            action(&run, "%s: numvfs %d -> %d", ctx->pf.name, ctx->pf.numvfs,
                   numvfs);
            if (!dry_run) {
                error = backend->set_numvfs(aux, &ctx->pf, 0, &err);
                if (!error && numvfs) {
                    error = backend->set_numvfs(aux, &ctx->pf, numvfs, &err);
                }
            }
        }
        if (error) {
            fail(&run, NIC_STEP_NUMVFS, "restoring %s: %s", ctx->pf.name,
                 err ? err : ovs_strerror(error));
        }
        free(err);
    }
    free(nodes);

    if (result->ok && !dry_run && unlink(state_file) && errno != ENOENT) {
        warn(&run, "%s: %s", state_file, ovs_strerror(errno));
    }

    for (size_t i = 0; i < run.n_pfs; i++) {
        pf_ctx_free(run.pf_list[i]);
    }
    free(run.pf_list);
    shash_destroy(&run.pfs);
    json_destroy(j);
    return result->ok;
}

void
nic_result_init(struct nic_result *r)
{
    memset(r, 0, sizeof *r);
    r->ok = true;
    r->failed_step = NIC_STEP_DONE;
}

void
nic_result_destroy(struct nic_result *r)
{
    if (!r) {
        return;
    }
    free(r->error);
    for (size_t i = 0; i < r->n_actions; i++) {
        free(r->actions[i]);
    }
    free(r->actions);
    for (size_t i = 0; i < r->n_warnings; i++) {
        free(r->warnings[i]);
    }
    free(r->warnings);
    for (size_t i = 0; i < r->n_lags; i++) {
        free(r->lags[i].bond);
        free(r->lags[i].bridge);
        free(r->lags[i].reason);
    }
    free(r->lags);
    if (r->journal) {
        journal_free(r->journal->entries, r->journal->n);
        free(r->journal);
    }
    memset(r, 0, sizeof *r);
}

void
nic_result_format_text(const struct nic_result *r, struct ds *out)
{
    for (size_t i = 0; i < r->n_actions; i++) {
        ds_put_format(out, "  nic: %s\n", r->actions[i]);
    }
    for (size_t i = 0; i < r->n_lags; i++) {
        const struct nic_lag_result *l = &r->lags[i];

        ds_put_format(out, "VF-LAG %s (bridge %s): %s%s%s\n", l->bond,
                      l->bridge, nic_lag_state_to_string(l->state),
                      l->reason ? ": " : "", l->reason ? l->reason : "");
    }
    for (size_t i = 0; i < r->n_warnings; i++) {
        ds_put_format(out, "warning: %s\n", r->warnings[i]);
    }
    if (!r->ok) {
        ds_put_format(out, "NIC phase failed at step %s: %s%s\n",
                      nic_step_to_string(r->failed_step), r->error,
                      r->rolled_back ? "; this run's changes were rolled "
                      "back" : "");
    }
}

struct json *
nic_result_to_json(const struct nic_result *r)
{
    struct json *j = json_object_create();
    struct json *actions = json_array_create_empty();
    struct json *warnings = json_array_create_empty();
    struct json *lags = json_array_create_empty();

    for (size_t i = 0; i < r->n_actions; i++) {
        json_array_add(actions, json_string_create(r->actions[i]));
    }
    for (size_t i = 0; i < r->n_warnings; i++) {
        json_array_add(warnings, json_string_create(r->warnings[i]));
    }
    for (size_t i = 0; i < r->n_lags; i++) {
        struct json *l = json_object_create();

        json_object_put_string(l, "bond", r->lags[i].bond);
        json_object_put_string(l, "bridge", r->lags[i].bridge);
        json_object_put_string(l, "state",
                               nic_lag_state_to_string(r->lags[i].state));
        json_object_put(l, "reason", r->lags[i].reason
                        ? json_string_create(r->lags[i].reason)
                        : json_null_create());
        json_array_add(lags, l);
    }
    json_object_put(j, "ok", json_boolean_create(r->ok));
    json_object_put(j, "failed_step", r->ok ? json_null_create()
                    : json_string_create(nic_step_to_string(r->failed_step)));
    json_object_put(j, "error", r->error ? json_string_create(r->error)
                    : json_null_create());
    json_object_put(j, "rolled_back", json_boolean_create(r->rolled_back));
    json_object_put(j, "actions", actions);
    json_object_put(j, "warnings", warnings);
    json_object_put(j, "vf_lag", lags);
    return j;
}
