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

#ifndef DOCTOR_H
#define DOCTOR_H 1

/* doctor: is this host ready for OVS hardware offload on SR-IOV NICs?
 *
 * doctor_run() runs a fixed list of checks and appends one result per
 * check, or per check and PF, to a report.  Each result has a status, a
 * one-line finding and, when something is to be done, a one-line remedy:
 *
 *   PASS  ready.
 *   WARN  works, but not as well as it could, or will need attention.
 *   FAIL  the configured setup cannot work until this is fixed.
 *   SKIP  not applicable (e.g. no DPDK consumer), or not checked.
 *
 * The checks, in output order (names as printed):
 *
 *   kernel          the running kernel's release.
 *   iommu           IOMMU on: groups under /sys/kernel/iommu_groups.
 *   iommu-cmdline   intel_iommu=on (Intel), not *iommu=off, iommu=pt.
 *   sriov           per PF: SR-IOV capability, totalvfs, bound driver.
 *   iommu-groups    per PF: each VF in an IOMMU group of its own (PCI
 *                   bridges aside).
 *   eswitch         per PF: devlink eswitch (switchdev) capability.
 *   driver          per PF: driver and firmware versions.
 *   hw-tc-offload   per PF: the hw-tc-offload feature.
 *   vf-lag-kernel   kernel >= 4.10 for VF-LAG (NVIDIA's VF-LAG guide).
 *   lag-debugfs     kernel >= 5.19 and debugfs for mlx5 lag state.
 *   ovs             OVS reachable; >= 2.8 for hw-offload, >= 2.12 for
 *                   VF-LAG.
 *   hw-offload      other_config:hw-offload configured and in effect.
 *   ixgbevf         AWS Intel 82599 VF driver >= 2.14.2 (2.16.4).
 *   ena             AWS ENA driver in use, not Xen netfront.
 *   modprobe        /etc/modprobe.d: no blacklist of a needed driver;
 *                   ixgbevf alias and options for an out-of-tree driver.
 *   dracut          /etc/dracut.conf{,.d}: out-of-tree ixgbevf in the
 *                   initramfs, no needed driver omitted.
 *   hugepages       DPDK: hugepages reserved, hugetlbfs mounted.
 *   vfio-pci        DPDK or passthrough: vfio-pci loaded.
 *
 * The module reads sysfs, procfs and /etc under configurable roots, so
 * that unit tests use fixture trees.  It does not talk to devlink, ethtool
 * or OVSDB itself: the caller passes in what those told it (struct
 * doctor_pf, struct doctor_ovs).  The output is text or JSON. */

#include <stdbool.h>
#include <stddef.h>
#include "openvswitch/compiler.h"

struct ds;
struct json;

enum doctor_status {
    DOCTOR_PASS,
    DOCTOR_WARN,
    DOCTOR_FAIL,
    DOCTOR_SKIP,
};

const char *doctor_status_to_string(enum doctor_status);

/* Input. */

/* The result of devlink_eswitch_get() for a PF. */
struct doctor_eswitch {
    bool queried;               /* False: not asked, the check is
                                 * skipped. */
    int error;                  /* 0 or its positive errno value. */
    const char *mode;           /* "legacy", "switchdev", ..., if
                                 * !error. */
    const char *extack;         /* The kernel's message, or NULL. */
};

/* One PF named in the configuration, with what the caller learned about it
 * through ethtool and devlink.  Strings may be NULL where unknown. */
struct doctor_pf {
    const char *name;           /* Netdev or PCI address, as configured. */
    int want_numvfs;            /* VFs the configuration asks for, or -1. */
    bool want_switchdev;        /* The configuration needs switchdev. */

    struct doctor_eswitch eswitch;

    /* From ethtool_get_driver_info() of the PF's netdev. */
    const char *driver;
    const char *driver_version;
    const char *fw_version;

    /* From ethtool_feature_get(ETHTOOL_HW_TC_OFFLOAD). */
    int hw_tc_offload;          /* 1 on, 0 off, -1 unknown. */
    bool hw_tc_offload_fixed;   /* The driver cannot change it. */
};

/* What the caller learned from OVSDB and ovs-vswitchd. */
struct doctor_ovs {
    bool reachable;             /* OVSDB answered. */
    const char *error;          /* If !reachable: why, or NULL. */
    const char *version;        /* Open_vSwitch ovs_version, or NULL. */
    bool hw_offload_configured; /* other_config:hw-offload=true. */
    int hw_offload_in_effect;   /* 1 yes, 0 no (configured after
                                 * ovs-vswitchd started), -1 unknown. */
};

struct doctor_input {
    /* NULL means "/sys", "/proc", "/etc". */
    const char *sysfs_root;
    const char *procfs_root;
    const char *etc_root;

    const struct doctor_pf *pfs;
    size_t n_pfs;

    bool vf_lag;                /* VF-LAG (a Linux bond of PFs) is
                                 * configured. */
    bool dpdk;                  /* A DPDK consumer: hugepages, vfio-pci. */
    bool passthrough;           /* VFs are passed to VMs or DPDK through
                                 * VFIO: the IOMMU is required. */

    const struct doctor_ovs *ovs;   /* NULL: OVS checks are skipped. */
};

/* Report. */

struct doctor_result {
    char *check;                /* Check name, e.g. "iommu". */
    enum doctor_status status;
    char *finding;              /* One line. */
    char *remedy;               /* One line, or NULL. */
};

struct doctor_report {
    struct doctor_result *results;
    size_t n;
    size_t allocated;
};

void doctor_report_init(struct doctor_report *);
void doctor_report_destroy(struct doctor_report *);
void doctor_report_add(struct doctor_report *, const char *check,
                       enum doctor_status, const char *remedy,
                       const char *format, ...) OVS_PRINTF_FORMAT(5, 6);
size_t doctor_report_count(const struct doctor_report *, enum doctor_status);
int doctor_report_exit_code(const struct doctor_report *);
void doctor_report_format(const struct doctor_report *, struct ds *);
struct json *doctor_report_to_json(const struct doctor_report *);

void doctor_run(const struct doctor_input *, struct doctor_report *);

/* Versions. */

/* Most numeric components doctor_version_parse() keeps. */
#define DOCTOR_VERSION_MAX_PARTS 8

bool doctor_version_parse(const char *, unsigned int parts[],
                          size_t *n_parts);
int doctor_version_compare(const char *a, const char *b);

#endif /* doctor.h */
