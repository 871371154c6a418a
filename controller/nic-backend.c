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

#include "controller/nic-backend.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "controller/nic-phase.h"
#include "controller/offload-config.h"
#include "devlink/devlink.h"
#include "devlink/ethtool.h"
#include "devlink/sriov.h"
#include "lag/bond.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "openvswitch/vlog.h"
#include "packets.h"
#include "tc/tc-probe.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(nic_backend);

struct nic_kernel {
    char *owner;
    struct devlink_sock *dl;          /* NULL until first needed. */
    char *dl_error;                   /* Why devlink is unavailable. */
    struct shash handles;             /* PF netdev -> "bus/dev" devlink
                                       * handle (char *). */
    struct shash devdirs;             /* PF netdev -> sysfs device dir of a
                                       * non-PCI PF (char *). */
};

struct nic_kernel *
nic_kernel_create(const char *owner)
{
    struct nic_kernel *k = xzalloc(sizeof *k);

    k->owner = xstrdup(owner);
    shash_init(&k->handles);
    shash_init(&k->devdirs);
    return k;
}

void
nic_kernel_destroy(struct nic_kernel *k)
{
    if (k) {
        devlink_sock_close(k->dl);
        free(k->dl_error);
        shash_destroy_free_data(&k->handles);
        shash_destroy_free_data(&k->devdirs);
        free(k->owner);
        free(k);
    }
}

static struct devlink_sock *
get_devlink(struct nic_kernel *k, char **err)
{
    if (!k->dl && !k->dl_error) {
        devlink_sock_open(&k->dl, &k->dl_error);
    }
    if (!k->dl && err) {
        *err = xstrdup(k->dl_error ? k->dl_error : "devlink unavailable");
    }
    return k->dl;
}

/* Reads the first line of sysfs file 'path' into a new string, or NULL. */
static char *
read_line(const char *path)
{
    char buf[256];
    FILE *f = fopen(path, "r");
    char *s = NULL;

    if (f && fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        s = xstrdup(buf);
    }
    if (f) {
        fclose(f);
    }
    return s;
}

/* Basename of the target of symlink 'path', or NULL. */
static char *
link_base(const char *path)
{
    char *real = realpath(path, NULL);
    char *base = NULL;

    if (real) {
        base = xstrdup(strrchr(real, '/') ? strrchr(real, '/') + 1 : real);
        free(real);
    }
    return base;
}

static int
read_int(const char *path, int dflt)
{
    char *s = read_line(path);
    int v = s ? atoi(s) : dflt;

    free(s);
    return v;
}

/* Splits devlink handle "bus/dev" into its parts, which point into 'buf'. */
static bool
split_handle(const struct nic_kernel *k, const char *pf, char *buf,
             size_t size, const char **bus, const char **dev)
{
    const char *h = shash_find_data(&k->handles, pf);
    char *slash;

    if (!h || strlen(h) >= size) {
        return false;
    }
    strcpy(buf, h);
    slash = strchr(buf, '/');
    if (!slash) {
        return false;
    }
    *slash = '\0';
    *bus = buf;
    *dev = slash + 1;
    return true;
}

static int
k_pf_get(void *aux, const char *name, struct nic_pf *pf, char **err)
{
    struct nic_kernel *k = aux;
    struct sriov_pf spf;
    int error = sriov_pf_resolve(NULL, name, &spf, err);

    if (!error) {
        pf->name = xstrdup(spf.netdev ? spf.netdev : name);
        pf->pci = xstrdup(spf.pci);
        pf->totalvfs = spf.totalvfs;
        pf->numvfs = spf.numvfs;
        pf->autoprobe = spf.autoprobe;
        shash_replace_nocopy(&k->handles, xstrdup(pf->name),
                             xasprintf("pci/%s", spf.pci));
        sriov_pf_uninit(&spf);
    } else {
        /* Another bus with SR-IOV attributes, such as netdevsim. */
        char *dev = xasprintf("/sys/class/net/%s/device", name);
        char *dir = realpath(dev, NULL);
        char *sub = xasprintf("%s/subsystem", dev);
        char *bus = link_base(sub);
        char *numvfs = dir ? xasprintf("%s/sriov_numvfs", dir) : NULL;

        if (dir && bus && !access(numvfs, F_OK)) {
            char *total = xasprintf("%s/sriov_totalvfs", dir);

            free(*err);
            *err = NULL;
            error = 0;
            pf->name = xstrdup(name);
            pf->pci = xstrdup(strrchr(dir, '/') + 1);
            pf->numvfs = read_int(numvfs, 0);
            pf->totalvfs = read_int(total, INT_MAX);
            pf->autoprobe = -1;
            shash_replace_nocopy(&k->handles, xstrdup(name),
                                 xasprintf("%s/%s", bus, pf->pci));
            shash_replace_nocopy(&k->devdirs, xstrdup(name), xstrdup(dir));
            free(total);
        }
        free(numvfs);
        free(bus);
        free(sub);
        free(dir);
        free(dev);
        if (error) {
            return error;
        }
    }

    char *path = xasprintf("/sys/class/net/%s/phys_switch_id", pf->name);
    pf->switch_id = read_line(path);
    free(path);
    path = xasprintf("/sys/class/net/%s/master", pf->name);
    pf->master = link_base(path);
    free(path);

    /* Eswitch mode through devlink; unknown if devlink cannot tell. */
    char hbuf[128];
    const char *bus, *devname;
    struct devlink_sock *dl = get_devlink(k, NULL);
    if (dl && split_handle(k, pf->name, hbuf, sizeof hbuf, &bus, &devname)) {
        struct devlink_eswitch esw;
        char *extack = NULL;

        if (!devlink_eswitch_get(dl, bus, devname, &esw, &extack)
            && esw.mode_present) {
            pf->eswitch = xstrdup(devlink_esw_mode_to_string(esw.mode));
        }
        free(extack);
    }

    struct ethtool_feature f;
    char *ferr = NULL;
    pf->hw_tc_offload = (ethtool_feature_get(pf->name, "hw-tc-offload", &f,
                                             &ferr)
                         ? -1 : f.active);
    free(ferr);
    return 0;
}

static int
k_vfs_get(void *aux, const struct nic_pf *pf, struct nic_vf **vfsp,
          size_t *n, char **err)
{
    struct nic_kernel *k = aux;
    struct sriov_vf_list list;

    *vfsp = NULL;
    *n = 0;
    if (shash_find(&k->devdirs, pf->name)) {
        return 0;           /* No VF devices on this bus. */
    }

    int error = sriov_vf_list_read(NULL, pf->pci, &list, err);
    if (error) {
        return error;
    }
    *vfsp = xcalloc(list.n + 1, sizeof **vfsp);
    for (size_t i = 0; i < list.n; i++) {
        struct nic_vf *vf = &(*vfsp)[i];

        vf->index = list.vfs[i].index;
        vf->pci = xstrdup(list.vfs[i].pci);
        vf->driver = nullable_xstrdup(list.vfs[i].driver);
        vf->in_use = sriov_vf_in_use(NULL, &list.vfs[i], NULL);
    }
    *n = list.n;
    sriov_vf_list_destroy(&list);
    return 0;
}

static int
k_set_numvfs(void *aux, const struct nic_pf *pf, int numvfs, char **err)
{
    struct nic_kernel *k = aux;
    const char *dir = shash_find_data(&k->devdirs, pf->name);

    if (dir) {
        char *path = xasprintf("%s/sriov_numvfs", dir);
        FILE *f = fopen(path, "w");
        int error = 0;

        if (!f || fprintf(f, "%d\n", numvfs) < 0) {
            error = errno ? errno : EIO;
        }
        if (f && fclose(f) && !error) {
            error = errno;
        }
        if (error) {
            *err = xasprintf("%s: %s", path, ovs_strerror(error));
        }
        free(path);
        return error;
    }

    struct sriov_pf spf;
    bool changed;
    int error = sriov_pf_resolve(NULL, pf->pci, &spf, err);
    if (!error) {
        error = sriov_set_numvfs(NULL, &spf, numvfs, true, &changed, err);
    }
    if (!error && numvfs) {
        error = sriov_wait_vfs(NULL, spf.pci, numvfs, SRIOV_WAIT_LINKS,
                               10000, err);
    }
    sriov_pf_uninit(&spf);
    return error;
}

static int
k_vf_bind(void *aux OVS_UNUSED, const char *pci, const char *driver,
          char **err)
{
    bool changed;

    return (driver
            ? sriov_vf_bind(NULL, pci, driver, true, &changed, err)
            : sriov_vf_unbind(NULL, pci, true, &changed, err));
}

static int
k_set_eswitch(void *aux, const struct nic_pf *pf, const char *mode,
              char **err)
{
    struct nic_kernel *k = aux;
    struct devlink_sock *dl = get_devlink(k, err);
    const char *bus, *dev;
    char hbuf[128];
    uint16_t m;

    if (!dl) {
        return EOPNOTSUPP;
    }
    if (!split_handle(k, pf->name, hbuf, sizeof hbuf, &bus, &dev)
        || !devlink_esw_mode_from_string(mode, &m)) {
        *err = xasprintf("%s: no devlink handle or bad mode %s", pf->name,
                         mode);
        return EINVAL;
    }
    return devlink_eswitch_set(dl, bus, dev, m, err);
}

static int
k_set_hw_tc_offload(void *aux OVS_UNUSED, const char *netdev, bool on,
                    char **err)
{
    bool changed;

    return ethtool_feature_set(netdev, "hw-tc-offload", on, &changed, err);
}

static int
k_get_hw_tc_offload(void *aux OVS_UNUSED, const char *netdev)
{
    struct ethtool_feature f;
    char *err = NULL;
    int error = ethtool_feature_get(netdev, "hw-tc-offload", &f, &err);

    free(err);
    return error ? -1 : f.active;
}

static int
k_set_autoprobe(void *aux OVS_UNUSED, const struct nic_pf *pf, bool on,
                char **err)
{
    struct sriov_pf spf;
    bool changed;
    int error = sriov_pf_resolve(NULL, pf->pci, &spf, err);

    if (!error) {
        error = sriov_set_autoprobe(NULL, &spf, on, &changed, err);
    }
    sriov_pf_uninit(&spf);
    return error;
}

static int
k_vf_settings(void *aux OVS_UNUSED, const struct nic_pf *pf,
              const struct offload_vf *v, bool dry_run, bool *changed,
              char **err)
{
    struct sriov_vf_link want;

    sriov_vf_link_init(&want, v->index);
    struct eth_addr ea;
    if (v->mac && eth_addr_from_string(v->mac, &ea)) {
        memcpy(want.mac, ea.ea, sizeof want.mac);
        want.mac_present = true;
    }
    if (v->trust != OFFLOAD_UNSET) {
        want.trust = v->trust == OFFLOAD_TRUE;
    }
    if (v->spoofchk != OFFLOAD_UNSET) {
        want.spoofchk = v->spoofchk == OFFLOAD_TRUE;
    }
    if (!dry_run) {
        return sriov_vf_link_set(pf->name, &want, changed, err);
    }

    /* A dry run compares only. */
    struct sriov_vf_link *vfs;
    size_t n;
    int error = sriov_vf_link_get(pf->name, &vfs, &n, err);

    *changed = false;
    if (error) {
        return error;
    }
    error = ENOENT;
    for (size_t i = 0; i < n; i++) {
        if (vfs[i].vf == (uint32_t) v->index) {
            const struct sriov_vf_link *cur = &vfs[i];

            *changed = ((want.mac_present
                         && memcmp(want.mac, cur->mac, sizeof want.mac))
                        || (want.trust >= 0 && want.trust != cur->trust)
                        || (want.spoofchk >= 0
                            && want.spoofchk != cur->spoofchk));
            error = 0;
        }
    }
    free(vfs);
    return error;
}

static int
k_bond_get(void *aux, const char *name, struct nic_bond *bond, char **err)
{
    struct nic_kernel *k = aux;
    struct bond_state st;
    int ifindex;

    if (bond_link_ifindex(name, &ifindex)) {
        return ENODEV;
    }

    int error = bond_get(NULL, ifindex, &st, err);
    if (error) {
        return error == EMEDIUMTYPE ? EEXIST : error;
    }

    const char *owner = bond_owner_from_alias(st.ifalias);
    bond->owned = owner && !strcmp(owner, k->owner);
    bond->mode = nullable_xstrdup(
        bond_opt_value_name(BOND_OPT_MODE,
                            bond_opts_get(&st.opts, BOND_OPT_MODE)));

    struct bond_slave *slaves;
    size_t n;
    error = bond_slaves_dump(ifindex, &slaves, &n, err);
    if (!error) {
        bond->slaves = xcalloc(n + 1, sizeof *bond->slaves);
        for (size_t i = 0; i < n; i++) {
            bond->slaves[i] = xstrdup(slaves[i].ifname);
        }
        bond->n_slaves = n;
        free(slaves);
    }
    return error;
}

static int
k_bond_create(void *aux, const char *name,
              const struct offload_linux_bond *lb, char **err)
{
    struct nic_kernel *k = aux;
    struct bond_cfg cfg = { .name = name, .owner = k->owner };
    struct {
        const char *key;
        char *value;
    } opts[] = {
        { "mode", xstrdup(lb->mode ? lb->mode : "802.3ad") },
        { "miimon", xasprintf("%d", lb->miimon >= 0 ? lb->miimon : 100) },
        { "lacp_rate", nullable_xstrdup(lb->lacp_rate) },
        { "xmit_hash_policy", nullable_xstrdup(lb->xmit_hash_policy) },
        { "updelay", lb->updelay >= 0 ? xasprintf("%d", lb->updelay) : NULL },
        { "downdelay", (lb->downdelay >= 0
                        ? xasprintf("%d", lb->downdelay) : NULL) },
    };
    char *msg = NULL;
    int ifindex;

    bond_opts_init(&cfg.opts);
    for (size_t i = 0; i < ARRAY_SIZE(opts); i++) {
        if (opts[i].value && !msg) {
            msg = bond_opts_parse(&cfg.opts, opts[i].key, opts[i].value);
        }
        free(opts[i].value);
    }
    if (msg) {
        *err = msg;
        return EINVAL;
    }
    return bond_create(&cfg, &ifindex, err);
}

static int
k_bond_delete(void *aux OVS_UNUSED, const char *name, char **err)
{
    int ifindex;

    return bond_link_ifindex(name, &ifindex) ? 0
           : bond_delete(ifindex, err);
}

static int
k_link_set_up(void *aux OVS_UNUSED, const char *netdev, bool up, char **err)
{
    int ifindex;

    if (bond_link_ifindex(netdev, &ifindex)) {
        *err = xasprintf("%s: no such netdev", netdev);
        return ENODEV;
    }
    return bond_link_set_up(ifindex, up, err);
}

static int
k_enslave(void *aux OVS_UNUSED, const char *netdev, const char *bond,
          char **warning, char **err)
{
    int slave, master;
    char *extack = NULL;
    int error;

    if (bond_link_ifindex(netdev, &slave)
        || (bond && bond_link_ifindex(bond, &master))) {
        *err = xasprintf("%s: no such netdev", bond ? bond : netdev);
        return ENODEV;
    }
    error = (bond ? bond_enslave(slave, master, &extack)
             : bond_release(slave, &extack));
    if (error) {
        *err = extack;
    } else if (warning) {
        *warning = extack;
    } else {
        free(extack);
    }
    return error;
}

/* The VF-LAG verdict, strongest signal first: the kernel's warning when
 * the PFs were enslaved, then mlx5's lag debugfs state, then a probe rule
 * on the legs' shared block (tc/tc-probe.h). */
static enum nic_lag_state
k_lag_probe(void *aux, const char *name OVS_UNUSED, char **members,
            size_t n_members, const char *warnings, char **reason)
{
    struct nic_kernel *k = aux;

    if (warnings && *warnings && bond_extack_lag_refused(warnings)) {
        *reason = xasprintf("the driver refused the LAG: %s", warnings);
        return NIC_LAG_INACTIVE;
    }
    for (size_t i = 0; i < n_members; i++) {
        const char *h = shash_find_data(&k->handles, members[i]);
        const char *pci = h && !strncmp(h, "pci/", 4) ? h + 4 : NULL;
        char *path = (pci ? xasprintf("/sys/kernel/debug/mlx5/%s/lag/state",
                                      pci) : NULL);
        char *state = path ? read_line(path) : NULL;

        free(path);
        if (state) {
            enum nic_lag_state s = (!strcmp(state, "active")
                                    ? NIC_LAG_ACTIVE : NIC_LAG_INACTIVE);
            *reason = xasprintf("mlx5 debugfs lag/state of %s is \"%s\"",
                                pci, state);
            free(state);
            return s;
        }
    }
    /* A skip_sw probe rule on the legs' shared block: in hardware on every
     * leg, or not. */
    unsigned int in_hw_count = 0;
    char *why = NULL;
    int error = tc_probe_shared_block((const char *const *) members,
                                      n_members, &in_hw_count, &why);
    if (error) {
        *reason = xasprintf("no signal: no enslave warning, no mlx5 lag "
                            "debugfs, and the probe rule failed: %s",
                            why ? why : ovs_strerror(error));
        free(why);
        return NIC_LAG_UNKNOWN;
    }

    char *verdict_reason = NULL;
    enum tc_lag_verdict v = tc_probe_verdict(in_hw_count, n_members,
                                             &verdict_reason);
    *reason = (why
               ? xasprintf("%s (%s)", verdict_reason, why)
               : verdict_reason);
    if (why) {
        free(verdict_reason);
    }
    free(why);
    return v == TC_LAG_ACTIVE ? NIC_LAG_ACTIVE : NIC_LAG_INACTIVE;
}

static int
k_rep_get(void *aux, const struct nic_pf *pf, int vf, char **name,
          char **err)
{
    struct nic_kernel *k = aux;
    struct devlink_sock *dl = get_devlink(k, err);
    struct devlink_port_table *table = NULL;
    const char *bus, *dev;
    char hbuf[128];
    int error;

    if (!dl) {
        return EOPNOTSUPP;
    }
    if (!split_handle(k, pf->name, hbuf, sizeof hbuf, &bus, &dev)) {
        *err = xasprintf("%s: no devlink handle", pf->name);
        return ENOENT;
    }
    error = devlink_port_dump(dl, bus, dev, &table, err);
    if (error) {
        return error;
    }

    *name = NULL;
    for (size_t i = 0; i < devlink_port_table_count(table); i++) {
        const struct devlink_port *p = devlink_port_table_at(table, i);

        if (p->flavour_present && p->flavour == DEVLINK_PORT_FLAVOUR_PCI_VF
            && p->vfnum_present && p->vfnum == vf && !p->external
            && p->netdev_name) {
            *name = xstrdup(p->netdev_name);
            break;
        }
    }
    devlink_port_table_destroy(table);
    if (!*name) {
        *err = xasprintf("%s/%s has no representor for VF %d (is it in "
                         "switchdev mode?)", bus, dev, vf);
        return ENOENT;
    }
    return 0;
}

const struct nic_backend nic_kernel_backend = {
    .pf_get = k_pf_get,
    .vfs_get = k_vfs_get,
    .set_numvfs = k_set_numvfs,
    .vf_bind = k_vf_bind,
    .set_eswitch = k_set_eswitch,
    .set_hw_tc_offload = k_set_hw_tc_offload,
    .get_hw_tc_offload = k_get_hw_tc_offload,
    .set_autoprobe = k_set_autoprobe,
    .vf_settings = k_vf_settings,
    .bond_get = k_bond_get,
    .bond_create = k_bond_create,
    .bond_delete = k_bond_delete,
    .link_set_up = k_link_set_up,
    .enslave = k_enslave,
    .lag_probe = k_lag_probe,
    .rep_get = k_rep_get,
    .lag_wait_ms = 5000,
    .lag_poll_ms = 500,
};
