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

#include "controller/nic-report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "controller/doctor.h"
#include "controller/nic-backend.h"
#include "controller/nic-phase.h"
#include "controller/offload-config.h"
#include "devlink/ethtool.h"
#include "devlink/sriov.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "sset.h"
#include "util.h"

static void
nic_pf_free_fields(struct nic_pf *pf)
{
    free(pf->name);
    free(pf->pci);
    free(pf->switch_id);
    free(pf->eswitch);
    free(pf->master);
}

struct json *
nic_report_reps(const char *pf_name, char **err)
{
    struct nic_kernel *k = nic_kernel_create("ovs-offload");
    const struct nic_backend *be = &nic_kernel_backend;
    struct nic_pf pf;
    struct sriov_vf_list vfs = { .n = 0 };
    struct json *table = NULL;

    memset(&pf, 0, sizeof pf);
    *err = NULL;
    if (be->pf_get(k, pf_name, &pf, err)) {
        goto out;
    }

    /* VF devices exist only on PCI; other buses report indexes only. */
    char *ignored = NULL;
    sriov_vf_list_read(NULL, pf.pci, &vfs, &ignored);
    free(ignored);

    table = json_array_create_empty();
    for (int i = 0; i < pf.numvfs; i++) {
        const struct sriov_vf *vf = NULL;
        struct json *row = json_object_create();
        char *rep = NULL;
        char *rep_err = NULL;

        for (size_t j = 0; j < vfs.n; j++) {
            if (vfs.vfs[j].index == i) {
                vf = &vfs.vfs[j];
            }
        }
        be->rep_get(k, &pf, i, &rep, &rep_err);
        json_object_put(row, "vf", json_integer_create(i));
        json_object_put(row, "representor", rep ? json_string_create(rep)
                        : json_null_create());
        json_object_put(row, "vf_netdev", vf && vf->n_netdevs
                        ? json_string_create(vf->netdevs[0])
                        : json_null_create());
        json_object_put(row, "vf_pci", vf ? json_string_create(vf->pci)
                        : json_null_create());
        json_object_put_string(row, "pf", pf.name);
        json_array_add(table, row);
        free(rep);
        free(rep_err);
    }
    sriov_vf_list_destroy(&vfs);

out:
    nic_pf_free_fields(&pf);
    nic_kernel_destroy(k);
    return table;
}

static const char *
cell(const struct json *row, const char *key)
{
    const struct json *v = shash_find_data(json_object(row), key);

    return v && v->type == JSON_STRING ? json_string(v) : "-";
}

char *
nic_report_reps_text(const struct json *table)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    ds_put_format(&s, "%-4s %-16s %-16s %-14s %s\n", "VF", "REPRESENTOR",
                  "VF NETDEV", "VF PCI", "PF");
    for (size_t i = 0; i < json_array(table)->n; i++) {
        const struct json *row = json_array(table)->elems[i];

        ds_put_format(&s, "%-4"PRId64" %-16s %-16s %-14s %s\n",
                      json_integer(shash_find_data(json_object(row), "vf")),
                      cell(row, "representor"), cell(row, "vf_netdev"),
                      cell(row, "vf_pci"), cell(row, "pf"));
    }
    return ds_steal_cstr(&s);
}

/* The PFs the file names: sriov entries and VF-LAG members. */
static void
config_pfs(const struct offload_config *cfg, struct sset *pfs,
           bool *vf_lag, bool *dpdk)
{
    for (size_t i = 0; cfg && i < cfg->n_sriov; i++) {
        const struct offload_sriov *s = &cfg->sriov[i];

        sset_add(pfs, s->pf);
        *dpdk = *dpdk || (s->vf_driver && !strcmp(s->vf_driver, "vfio-pci"));
        for (size_t j = 0; j < s->n_vfs; j++) {
            *dpdk = *dpdk || (s->vfs[j].driver
                              && !strcmp(s->vfs[j].driver, "vfio-pci"));
        }
    }
    for (size_t b = 0; cfg && b < cfg->n_bridges; b++) {
        for (size_t p = 0; p < cfg->bridges[b].n_ports; p++) {
            const struct offload_port *port = &cfg->bridges[b].ports[p];

            if (port->type == OFFLOAD_PORT_BOND
                && port->vf_lag != OFFLOAD_VF_LAG_OFF) {
                *vf_lag = true;
                for (size_t m = 0; m < port->n_members; m++) {
                    sset_add(pfs, port->members[m]);
                }
            }
        }
    }
}

static const struct offload_sriov *
find_sriov(const struct offload_config *cfg, const char *pf)
{
    for (size_t i = 0; cfg && i < cfg->n_sriov; i++) {
        if (!strcmp(cfg->sriov[i].pf, pf)) {
            return &cfg->sriov[i];
        }
    }
    return NULL;
}

void
nic_report_doctor(const struct offload_config *cfg,
                  const struct doctor_ovs *ovs,
                  struct doctor_report *report)
{
    struct sset names = SSET_INITIALIZER(&names);
    bool vf_lag = false, dpdk = false;

    config_pfs(cfg, &names, &vf_lag, &dpdk);

    struct nic_kernel *k = nic_kernel_create("ovs-offload");
    size_t n = sset_count(&names);
    struct doctor_pf *pfs = xcalloc(n + 1, sizeof *pfs);
    struct nic_pf *live = xcalloc(n + 1, sizeof *live);
    struct ethtool_driver_info *info = xcalloc(n + 1, sizeof *info);
    const char **sorted = sset_sort(&names);

    for (size_t i = 0; i < n; i++) {
        const struct offload_sriov *s = find_sriov(cfg, sorted[i]);
        char *err = NULL;

        pfs[i].name = sorted[i];
        pfs[i].want_numvfs = s ? s->numvfs : -1;
        pfs[i].want_switchdev = vf_lag || (s && s->eswitch
                                           && !strcmp(s->eswitch,
                                                      "switchdev"));
        pfs[i].hw_tc_offload = -1;
        if (!nic_kernel_backend.pf_get(k, sorted[i], &live[i], &err)) {
            pfs[i].eswitch.queried = true;
            pfs[i].eswitch.mode = live[i].eswitch;
            pfs[i].eswitch.error = live[i].eswitch ? 0 : EOPNOTSUPP;
            pfs[i].hw_tc_offload = live[i].hw_tc_offload;
            if (!ethtool_get_driver_info(live[i].name, &info[i], NULL)) {
                pfs[i].driver = info[i].driver;
                pfs[i].driver_version = info[i].version;
                pfs[i].fw_version = info[i].fw_version;
            }
        }
        free(err);
    }

    struct doctor_input input = {
        .pfs = pfs,
        .n_pfs = n,
        .vf_lag = vf_lag,
        .dpdk = dpdk,
        .passthrough = dpdk,
        .ovs = ovs,
    };
    doctor_run(&input, report);

    for (size_t i = 0; i < n; i++) {
        nic_pf_free_fields(&live[i]);
    }
    free(sorted);
    free(live);
    free(info);
    free(pfs);
    nic_kernel_destroy(k);
    sset_destroy(&names);
}
