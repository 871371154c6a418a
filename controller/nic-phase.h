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

#ifndef NIC_PHASE_H
#define NIC_PHASE_H 1

/* The NIC phase: SR-IOV, switchdev, hw-tc-offload and VF-LAG, in the order
 * the driver needs (facts.md section 1.2), before anything is written to
 * OVSDB:
 *
 *   PREFLIGHT -> NUMVFS -> UNBIND_VFS -> SWITCHDEV -> HW_TC_OFFLOAD
 *     -> BOND -> WAIT_LAG -> BIND_VFS -> REPRESENTORS -> DONE
 *
 * PREFLIGHT reads the whole NIC state and checks everything that can be
 * checked before a change; any problem there fails the run with nothing
 * changed.  Each later step compares the desired with the current state and
 * acts only on a difference, so a configured host sees no write at all: no
 * numvfs rewrite, no VF unbound or re-bound.  VFs are unbound only when a
 * step that needs it (eswitch mode change, bond creation) will run.  Every
 * change is journaled; a failure names the step and the kernel's words and
 * undoes this run's changes in reverse order.
 *
 * The kernel is reached only through 'struct nic_backend', so the unit tests
 * drive the same state machine against a fake. */

#include <stdbool.h>
#include <stddef.h>

struct ds;
struct json;
struct nic_journal;
struct offload_config;
struct offload_linux_bond;
struct offload_vf;

enum nic_step {
    NIC_STEP_PREFLIGHT,
    NIC_STEP_NUMVFS,
    NIC_STEP_UNBIND_VFS,
    NIC_STEP_SWITCHDEV,
    NIC_STEP_HW_TC_OFFLOAD,
    NIC_STEP_BOND,
    NIC_STEP_WAIT_LAG,
    NIC_STEP_BIND_VFS,
    NIC_STEP_REPRESENTORS,
    NIC_STEP_DONE,
    NIC_STEP_MAX
};

const char *nic_step_to_string(enum nic_step);

/* A PF as the backend reads it. */
struct nic_pf {
    char *name;               /* Netdev name. */
    char *pci;                /* PCI address. */
    char *switch_id;          /* phys_switch_id, or NULL. */
    int totalvfs;
    int numvfs;
    char *eswitch;            /* "legacy", "switchdev", or NULL unknown. */
    int hw_tc_offload;        /* 1, 0, or -1 unknown. */
    int autoprobe;            /* sriov_drivers_autoprobe: 1, 0, -1
                               * unknown. */
    char *master;             /* Bond it is enslaved to, or NULL. */
};

/* A VF as the backend reads it. */
struct nic_vf {
    int index;
    char *pci;
    char *driver;             /* Bound driver, or NULL. */
    bool in_use;              /* Bound to vfio-pci, or its netdev is up or
                               * enslaved. */
};

/* A Linux bond as the backend reads it. */
struct nic_bond {
    char *mode;
    char **slaves;
    size_t n_slaves;
    bool owned;               /* Carries ovs-offload's ownership tag. */
};

enum nic_lag_state {
    NIC_LAG_ACTIVE,           /* The NIC offloads the LAG. */
    NIC_LAG_INACTIVE,         /* It does not; 'reason' says why. */
    NIC_LAG_UNKNOWN,          /* No signal could tell. */
    NIC_LAG_FALLBACK,         /* Inactive, and the OVS bond was built. */
    NIC_LAG_NOT_APPLIED,      /* Dry run: nothing created yet. */
};

const char *nic_lag_state_to_string(enum nic_lag_state);

/* The kernel, as the state machine sees it.  Every function returns 0 or a
 * positive errno value; on error it stores the kernel's or the system's own
 * words in '*err' (which the caller frees). */
struct nic_backend {
    int (*pf_get)(void *aux, const char *pf, struct nic_pf *, char **err);
    int (*vfs_get)(void *aux, const struct nic_pf *, struct nic_vf **,
                   size_t *n, char **err);
    int (*set_numvfs)(void *aux, const struct nic_pf *, int numvfs,
                      char **err);
    /* Binds the VF at 'pci' to 'driver', or unbinds it if NULL. */
    int (*vf_bind)(void *aux, const char *pci, const char *driver,
                   char **err);
    int (*set_eswitch)(void *aux, const struct nic_pf *, const char *mode,
                       char **err);
    int (*set_hw_tc_offload)(void *aux, const char *netdev, bool on,
                             char **err);
    /* 1 on, 0 off, or a negative value if unknown. */
    int (*get_hw_tc_offload)(void *aux, const char *netdev);
    int (*set_autoprobe)(void *aux, const struct nic_pf *, bool on,
                         char **err);
    /* Makes the MAC, trust and spoof checking of VF 'vf->index' what 'vf'
     * sets (unset fields stay), storing in '*changed' whether anything
     * differed; with 'dry_run' only compares. */
    int (*vf_settings)(void *aux, const struct nic_pf *,
                       const struct offload_vf *vf, bool dry_run,
                       bool *changed, char **err);
    /* ENODEV if there is no such bond. */
    int (*bond_get)(void *aux, const char *name, struct nic_bond *,
                    char **err);
    int (*bond_create)(void *aux, const char *name,
                       const struct offload_linux_bond *, char **err);
    int (*bond_delete)(void *aux, const char *name, char **err);
    int (*link_set_up)(void *aux, const char *netdev, bool up, char **err);
    /* Enslaves 'netdev' to 'bond', or releases it if 'bond' is NULL.  A
     * warning the kernel attached to a successful request goes to
     * '*warning'. */
    int (*enslave)(void *aux, const char *netdev, const char *bond,
                   char **warning, char **err);
    /* Tells whether the NIC offloads the LAG of bond 'name' over 'members',
     * strongest signal first; 'warnings' are the enslave warnings. */
    enum nic_lag_state (*lag_probe)(void *aux, const char *name,
                                    char **members, size_t n_members,
                                    const char *warnings, char **reason);
    /* The representor netdev of VF 'vf' of 'pf', or ENOENT. */
    int (*rep_get)(void *aux, const struct nic_pf *, int vf, char **name,
                   char **err);

    /* How long a LAG that this run built may take to activate: the driver
     * does it asynchronously (mlx5's bond work), so an inactive verdict is
     * probed again every 'lag_poll_ms' until 'lag_wait_ms' have passed. */
    unsigned int lag_wait_ms;
    unsigned int lag_poll_ms;
};

/* The VF-LAG outcome of one bond port. */
struct nic_lag_result {
    char *bond;               /* Port and Linux bond name. */
    char *bridge;
    enum nic_lag_state state;
    char *reason;             /* Why, or NULL. */
};

struct nic_result {
    bool ok;
    enum nic_step failed_step;        /* When !ok. */
    char *error;                      /* When !ok: the step and the kernel's
                                       * own words. */
    char **actions;                   /* What was done (or, in a dry run,
                                       * would be done), in order. */
    size_t n_actions;
    char **warnings;
    size_t n_warnings;
    struct nic_lag_result *lags;
    size_t n_lags;
    bool rolled_back;                 /* This run's changes were undone. */
    struct nic_journal *journal;      /* After a successful run, its changes,
                                       * for nic_phase_rollback(). */

    /* If nonnull, called (set it after nic_result_init()) after each change
     * the run journals, with the whole journal so far as JSON (see
     * nic_journal_to_json()), so that a caller can persist it before the
     * next change: apply --confirm-within keeps it in its checkpoint. */
    void (*journal_hook)(const struct json *journal, void *aux);
    void *journal_hook_aux;
};

void nic_result_init(struct nic_result *);
void nic_result_destroy(struct nic_result *);

/* Runs the NIC phase for 'cfg' through 'backend' (with 'aux').  With
 * 'dry_run', reads the state and records the actions without doing them.
 * On success rewrites 'cfg' for the OVSDB phase: a VF-LAG bond port becomes
 * a system port on the Linux bond, or the OVS bond fallback; representor
 * sets become one representor port each.  Returns true on success.
 *
 * If 'state_file' is nonnull, a successful run records there, for every PF
 * and bond it changed, the state from before ovs-offload first changed it,
 * which is what nic_phase_teardown() restores. */
bool nic_phase_run(struct offload_config *cfg,
                   const struct nic_backend *backend, void *aux,
                   bool dry_run, const char *state_file,
                   struct nic_result *result);

/* Undoes, in reverse order, the changes of the successful run whose outcome
 * is 'result', for when a later phase (the OVSDB transaction) fails.
 * Returns true if every change was undone; failures become warnings in
 * 'result'. */
bool nic_phase_rollback(const struct nic_backend *, void *aux,
                        struct nic_result *result);

/* The journal of a successful run as a JSON array of objects
 * {"kind": ..., "name": ..., "text": ..., "number": ...}; NULL if 'result'
 * has none.  The caller owns the result. */
struct json *nic_journal_to_json(const struct nic_result *result);

/* Undoes, in reverse order, the changes in 'journal' (as made by
 * nic_journal_to_json() or passed to a journal hook), for a rollback in
 * another process than the run's.  Returns true if every change was undone;
 * failures become warnings in 'result' (initialized by the caller), a
 * malformed journal its error. */
bool nic_phase_rollback_json(const struct nic_backend *, void *aux,
                             const struct json *journal,
                             struct nic_result *result);

/* Undoes what the runs recorded in 'state_file' did, in the safe reverse
 * order of the VF-LAG how-tos: unbind the VFs, remove the bonds ovs-offload
 * created, back to the recorded eswitch mode and hw-tc-offload, back to the
 * recorded numvfs.  Touches only what the file records.  On success removes
 * the file (unless 'dry_run'). */
bool nic_phase_teardown(const struct nic_backend *backend, void *aux,
                        bool dry_run, const char *state_file,
                        struct nic_result *result);

#define NIC_STATE_FILE_DEFAULT "/var/lib/ovs-offload/nic-state.json"

/* True if 'cfg' asks for anything of the NIC phase. */
bool nic_phase_needed(const struct offload_config *cfg);

void nic_result_format_text(const struct nic_result *, struct ds *);
struct json *nic_result_to_json(const struct nic_result *);

#endif /* nic-phase.h */
