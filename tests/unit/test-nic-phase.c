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

/* Unit tests of the NIC phase against a fake kernel.
 *
 * The fake keeps PFs, VFs, one bond and a log of every write, so the tests
 * can check the order of the steps (facts.md 1.2), that a second run writes
 * nothing, and that a failure leaves the host exactly as before. */

#include <config.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "controller/nic-phase.h"
#include "controller/offload-config.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "unit-util.h"
#include "util.h"

#define MAX_VFS 8

/* The NIC state file of the current test, in a private directory. */
static char state_path[256];

struct fake_pf {
    int autoprobe;
    const char *vf_mac[MAX_VFS];
    const char *name;
    const char *pci;
    const char *switch_id;
    int totalvfs;
    int numvfs;
    const char *eswitch;
    int hw_tc;
    const char *master;
    bool up;
    const char *vf_driver[MAX_VFS];
    bool vf_in_use[MAX_VFS];
};

struct fake {
    struct fake_pf pfs[3];
    size_t n_pfs;
    bool bond_exists;
    bool bond_owned;
    const char *bond_name;
    enum nic_lag_state lag;
    const char *lag_reason;
    const char *enslave_warning;
    const char *fail_op;      /* Make this operation fail. */
    struct ds log;            /* Every write, one per line. */
    struct ds reps_tc;        /* Representors with hw-tc-offload on. */
    int writes;
};

static void OVS_PRINTF_FORMAT(2, 3)
logw(struct fake *f, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    ds_put_format_valist(&f->log, format, args);
    va_end(args);
    ds_put_char(&f->log, '\n');
    f->writes++;
}

static struct fake_pf *
find_pf(struct fake *f, const char *name)
{
    for (size_t i = 0; i < f->n_pfs; i++) {
        if (!strcmp(f->pfs[i].name, name) || !strcmp(f->pfs[i].pci, name)) {
            return &f->pfs[i];
        }
    }
    return NULL;
}

static bool
failing(struct fake *f, const char *op, char **err)
{
    if (f->fail_op && !strcmp(f->fail_op, op)) {
        *err = xasprintf("Can't change mode, E-Switch is busy");
        return true;
    }
    return false;
}

static int
f_pf_get(void *aux, const char *name, struct nic_pf *pf, char **err)
{
    struct fake_pf *fp = find_pf(aux, name);

    if (!fp) {
        *err = xasprintf("no such netdev or PCI device");
        return ENODEV;
    }
    pf->name = xstrdup(fp->name);
    pf->pci = xstrdup(fp->pci);
    pf->switch_id = xstrdup(fp->switch_id);
    pf->totalvfs = fp->totalvfs;
    pf->numvfs = fp->numvfs;
    pf->eswitch = xstrdup(fp->eswitch);
    pf->hw_tc_offload = fp->hw_tc;
    pf->autoprobe = fp->autoprobe;
    pf->master = nullable_xstrdup(fp->master);
    return 0;
}

static int
f_vfs_get(void *aux, const struct nic_pf *pf, struct nic_vf **vfs,
          size_t *n, char **err OVS_UNUSED)
{
    struct fake_pf *fp = find_pf(aux, pf->name);

    *vfs = xcalloc(fp->numvfs + 1, sizeof **vfs);
    *n = fp->numvfs;
    for (int i = 0; i < fp->numvfs; i++) {
        (*vfs)[i].index = i;
        (*vfs)[i].pci = xasprintf("%s-vf%d", fp->pci, i);
        (*vfs)[i].driver = nullable_xstrdup(fp->vf_driver[i]);
        (*vfs)[i].in_use = fp->vf_in_use[i];
    }
    return 0;
}

static int
f_set_numvfs(void *aux, const struct nic_pf *pf, int numvfs, char **err)
{
    struct fake *f = aux;
    struct fake_pf *fp = find_pf(f, pf->name);

    if (failing(f, "numvfs", err)) {
        return EBUSY;
    }
    assert_true(numvfs == 0 || fp->numvfs == 0);   /* 0 first. */
    logw(f, "numvfs %s %d", fp->name, numvfs);
    for (int i = 0; i < MAX_VFS; i++) {
        fp->vf_driver[i] = i < numvfs ? "mlx5_core" : NULL;
        fp->vf_in_use[i] = false;
    }
    fp->numvfs = numvfs;
    return 0;
}

/* The fake keeps drivers as literals: the caller's string is borrowed. */
static const char *
driver_literal(const char *driver)
{
    static const char *const known[] = { "mlx5_core", "vfio-pci" };

    for (size_t i = 0; driver && i < ARRAY_SIZE(known); i++) {
        if (!strcmp(driver, known[i])) {
            return known[i];
        }
    }
    assert_null(driver);
    return NULL;
}

static int
f_vf_bind(void *aux, const char *pci, const char *driver, char **err)
{
    struct fake *f = aux;

    if (failing(f, driver ? "bind" : "unbind", err)) {
        return EIO;
    }
    for (size_t i = 0; i < f->n_pfs; i++) {
        for (int k = 0; k < f->pfs[i].numvfs; k++) {
            char *name = xasprintf("%s-vf%d", f->pfs[i].pci, k);
            bool match = !strcmp(name, pci);

            free(name);
            if (match) {
                logw(f, "%s %s%s%s", driver ? "bind" : "unbind", pci,
                     driver ? " " : "", driver ? driver : "");
                f->pfs[i].vf_driver[k] = driver_literal(driver);
                return 0;
            }
        }
    }
    fail_msg("no VF %s", pci);
    return ENODEV;
}

static int
f_set_eswitch(void *aux, const struct nic_pf *pf, const char *mode,
              char **err)
{
    struct fake *f = aux;
    struct fake_pf *fp = find_pf(f, pf->name);

    if (failing(f, "eswitch", err)) {
        return EBUSY;
    }
    for (int i = 0; i < fp->numvfs; i++) {
        assert_null(fp->vf_driver[i]);    /* VFs unbound first. */
    }
    logw(f, "eswitch %s %s", fp->name, mode);
    fp->eswitch = !strcmp(mode, "switchdev") ? "switchdev" : "legacy";
    return 0;
}

static int
f_set_hw_tc(void *aux, const char *netdev, bool on, char **err OVS_UNUSED)
{
    struct fake *f = aux;
    struct fake_pf *fp = find_pf(f, netdev);

    logw(f, "hw-tc-offload %s %s", netdev, on ? "on" : "off");
    if (fp) {
        fp->hw_tc = on;
    } else if (on) {
        ds_put_format(&f->reps_tc, " %s ", netdev);
    }
    return 0;
}

/* Representors: hw-tc-offload as a set of names. */
static int
f_get_hw_tc(void *aux, const char *netdev)
{
    struct fake *f = aux;
    struct fake_pf *fp = find_pf(f, netdev);

    return fp ? fp->hw_tc : strstr(ds_cstr(&f->reps_tc), netdev) != NULL;
}

static int
f_set_autoprobe(void *aux, const struct nic_pf *pf, bool on,
                char **err OVS_UNUSED)
{
    struct fake *f = aux;
    struct fake_pf *fp = find_pf(f, pf->name);

    assert_int_equal(fp->numvfs, 0);      /* Before the VFs exist. */
    logw(f, "autoprobe %s %d", fp->name, on);
    fp->autoprobe = on;
    return 0;
}

static int
f_vf_settings(void *aux, const struct nic_pf *pf, const struct offload_vf *vf,
              bool dry_run, bool *changed, char **err OVS_UNUSED)
{
    struct fake *f = aux;
    struct fake_pf *fp = find_pf(f, pf->name);
    const char *mac = vf->mac ? "set" : NULL;

    *changed = mac && !fp->vf_mac[vf->index];
    if (*changed && !dry_run) {
        logw(f, "vf-mac %s %d %s", fp->name, vf->index, vf->mac);
        fp->vf_mac[vf->index] = mac;
    }
    return 0;
}

static int
f_bond_get(void *aux, const char *name, struct nic_bond *bond,
           char **err OVS_UNUSED)
{
    struct fake *f = aux;

    if (!f->bond_exists || strcmp(name, f->bond_name)) {
        return ENODEV;
    }
    bond->mode = xstrdup("802.3ad");
    bond->owned = f->bond_owned;
    for (size_t i = 0; i < f->n_pfs; i++) {
        if (f->pfs[i].master && !strcmp(f->pfs[i].master, name)) {
            bond->slaves = xrealloc(bond->slaves, (bond->n_slaves + 1)
                                    * sizeof *bond->slaves);
            bond->slaves[bond->n_slaves++] = xstrdup(f->pfs[i].name);
        }
    }
    return 0;
}

static int
f_bond_create(void *aux, const char *name,
              const struct offload_linux_bond *lb OVS_UNUSED, char **err)
{
    struct fake *f = aux;

    if (failing(f, "bond", err)) {
        return EOPNOTSUPP;
    }
    for (size_t i = 0; i < f->n_pfs; i++) {
        for (int k = 0; k < f->pfs[i].numvfs; k++) {
            assert_null(f->pfs[i].vf_driver[k]);  /* VFs unbound first. */
        }
    }
    logw(f, "bond-create %s", name);
    f->bond_exists = true;
    f->bond_owned = true;
    f->bond_name = "bond0";
    return 0;
}

static int
f_bond_delete(void *aux, const char *name, char **err OVS_UNUSED)
{
    struct fake *f = aux;

    logw(f, "bond-delete %s", name);
    f->bond_exists = false;
    return 0;
}

static int
f_link_set_up(void *aux, const char *netdev, bool up, char **err OVS_UNUSED)
{
    struct fake *f = aux;
    struct fake_pf *fp = find_pf(f, netdev);

    logw(f, "link %s %s", netdev, up ? "up" : "down");
    if (fp) {
        fp->up = up;
    }
    return 0;
}

static int
f_enslave(void *aux, const char *netdev, const char *bond, char **warning,
          char **err OVS_UNUSED)
{
    struct fake *f = aux;
    struct fake_pf *fp = find_pf(f, netdev);

    if (bond) {
        assert_false(fp->up);                 /* PFs down first. */
    }
    logw(f, "%s %s%s%s", bond ? "enslave" : "release", netdev,
         bond ? " " : "", bond ? bond : "");
    fp->master = bond ? "bond0" : NULL;
    if (bond && warning && f->enslave_warning) {
        *warning = xstrdup(f->enslave_warning);
    }
    return 0;
}

static enum nic_lag_state
f_lag_probe(void *aux, const char *name OVS_UNUSED,
            char **members OVS_UNUSED, size_t n OVS_UNUSED,
            const char *warnings OVS_UNUSED, char **reason)
{
    struct fake *f = aux;

    *reason = nullable_xstrdup(f->lag_reason);
    return f->lag;
}

static int
f_rep_get(void *aux, const struct nic_pf *pf, int vf, char **name,
          char **err)
{
    struct fake_pf *fp = find_pf(aux, pf->name);

    if (vf >= fp->numvfs || strcmp(fp->eswitch, "switchdev")) {
        *err = xasprintf("no representor");
        return ENOENT;
    }
    *name = xasprintf("%s_%d", fp->name, vf);
    return 0;
}

static const struct nic_backend fake_backend = {
    .pf_get = f_pf_get,
    .vfs_get = f_vfs_get,
    .set_numvfs = f_set_numvfs,
    .vf_bind = f_vf_bind,
    .set_eswitch = f_set_eswitch,
    .set_hw_tc_offload = f_set_hw_tc,
    .get_hw_tc_offload = f_get_hw_tc,
    .set_autoprobe = f_set_autoprobe,
    .vf_settings = f_vf_settings,
    .bond_get = f_bond_get,
    .bond_create = f_bond_create,
    .bond_delete = f_bond_delete,
    .link_set_up = f_link_set_up,
    .enslave = f_enslave,
    .lag_probe = f_lag_probe,
    .rep_get = f_rep_get,
};

/* A fresh host: one ConnectX with two PFs in legacy mode, no VFs, and a
 * PF of another NIC. */
static void
fake_init(struct fake *f)
{
    memset(f, 0, sizeof *f);
    f->pfs[0] = (struct fake_pf) { .autoprobe = 1,
                                   .name = "pf0", .pci = "0000:81:00.0",
                                   .switch_id = "aa", .totalvfs = 8,
                                   .eswitch = "legacy", .up = true };
    f->pfs[1] = (struct fake_pf) { .autoprobe = 1,
                                   .name = "pf1", .pci = "0000:81:00.1",
                                   .switch_id = "aa", .totalvfs = 8,
                                   .eswitch = "legacy", .up = true };
    f->pfs[2] = (struct fake_pf) { .name = "other0", .pci = "0000:82:00.0",
                                   .switch_id = "bb", .totalvfs = 8,
                                   .eswitch = "legacy", .up = true };
    f->n_pfs = 3;
    f->bond_name = "bond0";
    f->lag = NIC_LAG_ACTIVE;
    ds_init(&f->log);
    ds_init(&f->reps_tc);
}

static void
fake_destroy(struct fake *f)
{
    ds_destroy(&f->log);
    ds_destroy(&f->reps_tc);
}

/* The tests' YAML, parsed; a parse error fails the test. */
static struct offload_config *
parse(const char *yaml)
{
    return unit_parse_config("nic.yaml", yaml);
}

static const char vf_lag_yaml[] =
    "version: 1\n"
    "ovs: {hw-offload: true}\n"
    "sriov:\n"
    "  - {pf: pf0, numvfs: 2, eswitch: switchdev, hw-tc-offload: true}\n"
    "  - {pf: \"0000:81:00.1\", numvfs: 2, eswitch: switchdev,"
    " hw-tc-offload: true}\n"
    "bridges:\n"
    "  - name: br0\n"
    "    datapath-type: system\n"
    "    ports:\n"
    "      - name: bond0\n"
    "        type: bond\n"
    "        members: [pf0, pf1]\n"
    "        vf-lag: VFLAG\n"
    "        fallback: FALLBACK\n"
    "        lacp: active\n"
    "      - representors: {pf: pf0, vfs: all}\n"
    "      - representors: {pf: pf1, vfs: [1]}\n";

/* vf_lag_yaml with its VFLAG and FALLBACK placeholders filled in. */
static struct offload_config *
vf_lag_config(const char *policy, const char *fallback)
{
    struct ds r = DS_EMPTY_INITIALIZER;

    for (const char *c = vf_lag_yaml; *c; c++) {
        if (!strncmp(c, "VFLAG", 5)) {
            ds_put_cstr(&r, policy);
            c += 4;
        } else if (!strncmp(c, "FALLBACK", 8)) {
            ds_put_cstr(&r, fallback);
            c += 7;
        } else {
            ds_put_char(&r, *c);
        }
    }

    struct offload_config *cfg = parse(ds_cstr(&r));
    ds_destroy(&r);
    return cfg;
}

static const struct offload_port *
find_port(const struct offload_config *cfg, const char *name)
{
    for (size_t i = 0; i < cfg->bridges[0].n_ports; i++) {
        if (cfg->bridges[0].ports[i].name
            && !strcmp(cfg->bridges[0].ports[i].name, name)) {
            return &cfg->bridges[0].ports[i];
        }
    }
    return NULL;
}

/* Position of 'line' in the log, or -1. */
static int
log_pos(const struct fake *f, const char *line)
{
    const char *p = strstr(ds_cstr_ro(&f->log), line);

    return p ? p - ds_cstr_ro(&f->log) : -1;
}

static void
run_ok(struct fake *f, struct offload_config *cfg, struct nic_result *r)
{
    nic_result_init(r);
    if (!nic_phase_run(cfg, &fake_backend, f, false, state_path, r)) {
        struct ds s = DS_EMPTY_INITIALIZER;

        nic_result_format_text(r, &s);
        fprintf(stderr, "%s", ds_cstr(&s));
        ds_destroy(&s);
        fail();
    }
}

static void
test_order_and_rewrite(void **state OVS_UNUSED)
{
    struct offload_config *cfg = vf_lag_config("auto", "active-backup");
    struct nic_result r;
    struct fake f;

    fake_init(&f);
    run_ok(&f, cfg, &r);

    /* facts.md 1.2: numvfs, unbind, switchdev, hw-tc-offload, bond with
     * PFs down then enslaved then up, bind VFs. */
    int numvfs = log_pos(&f, "numvfs pf0 2");
    int unbind = log_pos(&f, "unbind 0000:81:00.0-vf0");
    int esw = log_pos(&f, "eswitch pf0 switchdev");
    int hwtc = log_pos(&f, "hw-tc-offload pf0 on");
    int create = log_pos(&f, "bond-create bond0");
    int down = log_pos(&f, "link pf0 down");
    int enslave = log_pos(&f, "enslave pf0 bond0");
    int up = log_pos(&f, "link bond0 up");
    int bind = log_pos(&f, "bind 0000:81:00.0-vf0 mlx5_core");
    assert_true(numvfs >= 0 && numvfs < unbind);
    assert_true(unbind < esw && esw < hwtc && hwtc < create);
    assert_true(create < down && down < enslave && enslave < up);
    assert_true(up < bind);

    /* OVS gets the Linux bond as a port, and the representors. */
    assert_int_equal(find_port(cfg, "bond0")->type, OFFLOAD_PORT_SYSTEM);
    assert_non_null(find_port(cfg, "pf0_0"));
    assert_non_null(find_port(cfg, "pf0_1"));
    assert_non_null(find_port(cfg, "pf1_1"));
    assert_null(find_port(cfg, "pf1_0"));
    assert_int_equal(cfg->bridges[0].n_ports, 4);
    assert_true(log_pos(&f, "hw-tc-offload pf0_1 on") > bind);
    assert_int_equal(r.n_lags, 1);
    assert_int_equal(r.lags[0].state, NIC_LAG_ACTIVE);

    nic_result_destroy(&r);
    offload_config_destroy(cfg);

    /* A second run on the configured host writes nothing at all. */
    cfg = vf_lag_config("auto", "active-backup");
    ds_clear(&f.log);
    f.writes = 0;
    run_ok(&f, cfg, &r);
    if (f.writes) {
        fprintf(stderr, "unexpected writes:\n%s", ds_cstr(&f.log));
    }
    assert_int_equal(f.writes, 0);
    assert_int_equal(r.n_actions, 1);   /* Only the probe's report. */
    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

static void
test_fallback_when_inactive(void **state OVS_UNUSED)
{
    struct offload_config *cfg = vf_lag_config("auto", "balance-slb");
    struct nic_result r;
    struct fake f;

    fake_init(&f);
    f.lag = NIC_LAG_INACTIVE;
    f.lag_reason = "mlx5 lag/state is disabled";
    f.enslave_warning = "Can't activate LAG offload, PF is configured with "
                        "more than 64 VFs";
    run_ok(&f, cfg, &r);

    assert_false(f.bond_exists);
    assert_null(f.pfs[0].master);
    assert_true(f.pfs[0].up && f.pfs[1].up);
    const struct offload_port *bond = find_port(cfg, "bond0");
    assert_int_equal(bond->type, OFFLOAD_PORT_BOND);
    assert_string_equal(bond->bond_mode, "balance-slb");
    assert_string_equal(bond->lacp, "active");
    assert_int_equal(r.lags[0].state, NIC_LAG_FALLBACK);
    assert_non_null(strstr(r.lags[0].reason, "disabled"));
    /* The kernel's own warning is kept. */
    assert_true(r.n_warnings >= 1);
    bool seen = false;
    for (size_t i = 0; i < r.n_warnings; i++) {
        seen = seen || strstr(r.warnings[i], "more than 64 VFs");
    }
    assert_true(seen);

    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

static void
assert_fresh_host(const struct fake *f)
{
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(f->pfs[i].numvfs, 0);
        assert_string_equal(f->pfs[i].eswitch, "legacy");
        assert_int_equal(f->pfs[i].hw_tc, 0);
        assert_null(f->pfs[i].master);
        assert_true(f->pfs[i].up);
    }
    assert_false(f->bond_exists);
}

static void
test_require_rolls_back(void **state OVS_UNUSED)
{
    struct offload_config *cfg = vf_lag_config("require", "balance-tcp");
    struct nic_result r;
    struct fake f;

    fake_init(&f);
    f.lag = NIC_LAG_INACTIVE;
    f.lag_reason = "probe rule in_hw_count 1 of 2 legs";
    nic_result_init(&r);
    assert_false(nic_phase_run(cfg, &fake_backend, &f, false, state_path, &r));
    assert_int_equal(r.failed_step, NIC_STEP_WAIT_LAG);
    assert_non_null(strstr(r.error, "in_hw_count 1 of 2"));
    assert_true(r.rolled_back);
    assert_fresh_host(&f);

    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

static void
test_failure_mid_way(void **state OVS_UNUSED)
{
    struct offload_config *cfg = vf_lag_config("auto", "balance-tcp");
    struct nic_result r;
    struct fake f;

    fake_init(&f);
    f.fail_op = "eswitch";
    nic_result_init(&r);
    assert_false(nic_phase_run(cfg, &fake_backend, &f, false, state_path, &r));
    assert_int_equal(r.failed_step, NIC_STEP_SWITCHDEV);
    assert_non_null(strstr(r.error, "E-Switch is busy"));
    assert_fresh_host(&f);
    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

static void
test_preflight_changes_nothing(void **state OVS_UNUSED)
{
    static const char *const bad[][2] = {
        { "version: 1\nsriov:\n  - {pf: nosuch, numvfs: 2}\n",
          "PF nosuch: no such netdev" },
        { "version: 1\nsriov:\n  - {pf: pf0, numvfs: 9}\n",
          "at most 8 VFs" },
        { "version: 1\nbridges:\n  - name: br0\n    ports:\n"
          "      - {name: bond0, type: bond, members: [pf0, other0],"
          " vf-lag: auto}\n", "not the two PFs of one NIC" },
        { "version: 1\nbridges:\n  - name: br0\n    ports:\n"
          "      - {name: bond0, type: bond, members: [pf0, pf1],"
          " vf-lag: auto}\n", "needs both PFs in switchdev" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        struct offload_config *cfg = parse(bad[i][0]);
        struct nic_result r;
        struct fake f;

        fake_init(&f);
        nic_result_init(&r);
        assert_false(nic_phase_run(cfg, &fake_backend, &f, false, state_path, &r));
        assert_int_equal(r.failed_step, NIC_STEP_PREFLIGHT);
        if (!strstr(r.error, bad[i][1])) {
            fail_msg("case %zu: \"%s\" lacks \"%s\"", i, r.error, bad[i][1]);
        }
        assert_int_equal(f.writes, 0);
        nic_result_destroy(&r);
        offload_config_destroy(cfg);
        fake_destroy(&f);
    }
}

static void
test_vfs_in_use(void **state OVS_UNUSED)
{
    struct offload_config *cfg = parse("version: 1\nsriov:\n"
                                       "  - {pf: pf0, numvfs: 4}\n");
    struct nic_result r;
    struct fake f;

    fake_init(&f);
    f.pfs[0].numvfs = 2;
    f.pfs[0].vf_driver[0] = "vfio-pci";
    f.pfs[0].vf_in_use[0] = true;
    nic_result_init(&r);
    assert_false(nic_phase_run(cfg, &fake_backend, &f, false, state_path, &r));
    assert_non_null(strstr(r.error, "allow-destroy"));
    assert_int_equal(f.writes, 0);
    nic_result_destroy(&r);
    offload_config_destroy(cfg);

    cfg = parse("version: 1\nsriov:\n"
                "  - {pf: pf0, numvfs: 4, allow-destroy: true}\n");
    run_ok(&f, cfg, &r);
    assert_int_equal(f.pfs[0].numvfs, 4);
    assert_true(log_pos(&f, "numvfs pf0 0") < log_pos(&f, "numvfs pf0 4"));
    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

static void
test_autoprobe_and_vf_settings(void **state OVS_UNUSED)
{
    static const char yaml[] =
        "version: 1\nsriov:\n"
        "  - pf: pf0\n    numvfs: 2\n    autoprobe: false\n"
        "    vfs:\n      - {index: 1, mac: \"02:00:00:00:00:01\"}\n";
    struct offload_config *cfg = parse(yaml);
    struct nic_result r;
    struct fake f;

    fake_init(&f);
    unlink(state_path);
    run_ok(&f, cfg, &r);
    assert_true(log_pos(&f, "autoprobe pf0 0") >= 0);
    assert_true(log_pos(&f, "autoprobe pf0 0") < log_pos(&f, "numvfs pf0 2"));
    assert_true(log_pos(&f, "vf-mac pf0 1 02:00:00:00:00:01") >= 0);
    nic_result_destroy(&r);

    /* Nothing to do the second time. */
    f.writes = 0;
    run_ok(&f, cfg, &r);
    assert_int_equal(f.writes, 0);
    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

/* A later failure (the OVSDB transaction) undoes the NIC phase too. */
static void
test_rollback_after_success(void **state OVS_UNUSED)
{
    struct offload_config *cfg = vf_lag_config("auto", "balance-tcp");
    struct nic_result r;
    struct fake f;

    fake_init(&f);
    unlink(state_path);
    run_ok(&f, cfg, &r);
    assert_true(f.bond_exists);
    assert_non_null(r.journal);
    assert_true(nic_phase_rollback(&fake_backend, &f, &r));
    assert_null(r.journal);
    assert_fresh_host(&f);
    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

/* apply --confirm-within: the journal a hook persisted, taken after
 * 'keep' changes (0: all), and the kernel as it was then. */
struct journal_tap {
    size_t keep;
    size_t calls;
    struct json *journal;
    struct fake *f;
    struct fake_pf pfs[3];
    bool bond_exists;
};

static void
tap_hook(const struct json *journal, void *tap_)
{
    struct journal_tap *tap = tap_;

    tap->calls++;
    assert_int_equal(json_array(journal)->n, tap->calls);
    if (!tap->keep || tap->calls <= tap->keep) {
        /* Through text, as the checkpoint file keeps it. */
        char *text = json_to_string(journal, 0);

        json_destroy(tap->journal);
        tap->journal = json_from_string(text);
        free(text);
        memcpy(tap->pfs, tap->f->pfs, sizeof tap->pfs);
        tap->bond_exists = tap->f->bond_exists;
    }
}

/* A whole NIC phase run from a fresh 'f' (and no state file), with 'tap'
 * watching the journal. */
static void
run_tapped(struct fake *f, struct offload_config *cfg,
           struct journal_tap *tap, struct nic_result *r)
{
    fake_init(f);
    tap->f = f;
    unlink(state_path);
    nic_result_init(r);
    r->journal_hook = tap_hook;
    r->journal_hook_aux = tap;
    assert_true(nic_phase_run(cfg, &fake_backend, f, false, state_path, r));
}

/* Undoes 'journal', read back as the guardian would, on 'f'. */
static void
rollback_json(struct fake *f, const struct json *journal,
              struct nic_result *r)
{
    nic_result_init(r);
    assert_true(nic_phase_rollback_json(&fake_backend, f, journal, r));
}

/* The journal, persisted and read back in another process, undoes a whole
 * run. */
static void
test_rollback_from_json(void **state OVS_UNUSED)
{
    struct offload_config *cfg = vf_lag_config("auto", "balance-tcp");
    struct journal_tap tap = { .keep = 0 };
    struct nic_result r, r2;
    struct fake f;

    run_tapped(&f, cfg, &tap, &r);
    assert_true(tap.calls > 4);
    assert_true(f.bond_exists);
    assert_int_equal(f.pfs[0].numvfs, 2);
    assert_string_equal(f.pfs[1].eswitch, "switchdev");

    /* The hook saw the whole journal. */
    struct json *whole = nic_journal_to_json(&r);
    assert_true(json_equal(whole, tap.journal));
    json_destroy(whole);

    rollback_json(&f, tap.journal, &r2);
    assert_int_equal(r2.n_warnings, 0);
    assert_fresh_host(&f);

    json_destroy(tap.journal);
    nic_result_destroy(&r2);
    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

/* The CLI killed in the middle of the NIC phase: the journal persisted so
 * far undoes what was done so far. */
static void
test_rollback_from_json_killed(void **state OVS_UNUSED)
{
    struct offload_config *cfg = vf_lag_config("auto", "balance-tcp");
    struct journal_tap tap = { .keep = 3 };
    struct nic_result r, r2;
    struct fake f;

    run_tapped(&f, cfg, &tap, &r);
    assert_int_equal(json_array(tap.journal)->n, 3);

    /* The kernel as the kill left it: the first three changes made. */
    memcpy(f.pfs, tap.pfs, sizeof f.pfs);
    f.bond_exists = tap.bond_exists;
    assert_int_equal(f.pfs[0].numvfs, 2);        /* Something to undo. */

    rollback_json(&f, tap.journal, &r2);
    assert_fresh_host(&f);

    /* A malformed journal undoes nothing. */
    struct json *bad = json_from_string("[{\"kind\": \"numvfs\"}]");
    struct nic_result r3;
    nic_result_init(&r3);
    f.writes = 0;
    assert_false(nic_phase_rollback_json(&fake_backend, &f, bad, &r3));
    assert_non_null(r3.error);
    assert_int_equal(f.writes, 0);
    json_destroy(bad);
    nic_result_destroy(&r3);

    json_destroy(tap.journal);
    nic_result_destroy(&r2);
    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

static void
test_dry_run(void **state OVS_UNUSED)
{
    struct offload_config *cfg = vf_lag_config("auto", "balance-tcp");
    struct nic_result r;
    struct fake f;

    fake_init(&f);
    nic_result_init(&r);
    assert_true(nic_phase_run(cfg, &fake_backend, &f, true, state_path, &r));
    assert_int_equal(f.writes, 0);
    assert_true(r.n_actions > 5);
    assert_int_equal(r.lags[0].state, NIC_LAG_NOT_APPLIED);
    /* hw-offload with a balance-tcp fallback: the warning. */
    bool warned = false;
    for (size_t i = 0; i < r.n_warnings; i++) {
        warned = warned || strstr(r.warnings[i], "stay in hardware");
    }
    assert_true(warned);
    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    fake_destroy(&f);
}

static void
test_teardown(void **state OVS_UNUSED)
{
    struct offload_config *cfg = vf_lag_config("auto", "balance-tcp");
    struct nic_result r;
    struct fake f;

    fake_init(&f);
    unlink(state_path);
    run_ok(&f, cfg, &r);
    nic_result_destroy(&r);
    offload_config_destroy(cfg);

    /* A second apply keeps the originals, not the configured state. */
    cfg = vf_lag_config("auto", "balance-tcp");
    run_ok(&f, cfg, &r);
    nic_result_destroy(&r);
    offload_config_destroy(cfg);
    assert_true(f.bond_exists);

    nic_result_init(&r);
    assert_true(nic_phase_teardown(&fake_backend, &f, false, state_path,
                                   &r));
    assert_fresh_host(&f);
    assert_int_equal(access(state_path, F_OK), -1);
    /* The VFs went before the bond and the mode. */
    assert_true(log_pos(&f, "unbind 0000:81:00.0-vf0")
                < log_pos(&f, "bond-delete bond0"));
    assert_true(log_pos(&f, "bond-delete bond0")
                < log_pos(&f, "eswitch pf0 legacy"));
    nic_result_destroy(&r);

    /* Nothing recorded: nothing to do, nothing written. */
    f.writes = 0;
    nic_result_init(&r);
    assert_true(nic_phase_teardown(&fake_backend, &f, false, state_path,
                                   &r));
    assert_int_equal(f.writes, 0);
    nic_result_destroy(&r);
    fake_destroy(&f);
}

static int
setup_state_dir(void **state OVS_UNUSED)
{
    char dir[] = "/tmp/test-nic-phase.XXXXXX";

    assert_non_null(mkdtemp(dir));
    snprintf(state_path, sizeof state_path, "%s/nic-state.json", dir);
    return 0;
}

static int
remove_state_dir(void **state OVS_UNUSED)
{
    char *dir = xstrdup(state_path);

    unlink(state_path);
    *strrchr(dir, '/') = '\0';
    rmdir(dir);
    free(dir);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_and_rewrite),
        cmocka_unit_test(test_fallback_when_inactive),
        cmocka_unit_test(test_require_rolls_back),
        cmocka_unit_test(test_failure_mid_way),
        cmocka_unit_test(test_preflight_changes_nothing),
        cmocka_unit_test(test_vfs_in_use),
        cmocka_unit_test(test_autoprobe_and_vf_settings),
        cmocka_unit_test(test_rollback_after_success),
        cmocka_unit_test(test_rollback_from_json),
        cmocka_unit_test(test_rollback_from_json_killed),
        cmocka_unit_test(test_dry_run),
        cmocka_unit_test(test_teardown),
    };
    return cmocka_run_group_tests_name("nic-phase", tests, setup_state_dir,
                                       remove_state_dir);
}
