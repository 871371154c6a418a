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

#ifndef ATTACH_H
#define ATTACH_H 1

/* "ovs-offloadctl attach libvirt|nova|proxmox VF...": the snippets that
 * hand VFs to virtual machines, filled in from sysfs so that nobody copies
 * PCI addresses, vendor and device ids or IOMMU groups by hand (seeds 001,
 * 002 and 003).  A VF is named by its PCI address ("0000:03:00.2", or
 * "03:00.2" in domain 0) or as "PF:vfN" ("enp3s0f0np0:vf2", resolved
 * through /sys/class/net/PF/device/virtfnN).  Every sysfs path is taken
 * under a root directory, so that the unit tests can use a synthetic
 * tree. */

#include <stddef.h>

struct ds;

struct attach_vf {
    char *pci;                  /* "0000:03:00.2". */
    unsigned int domain, bus, slot, function;
    char *vendor, *device;      /* "15b3", "101e" (no "0x"). */
    char *subsystem_vendor, *subsystem_device;  /* Or NULL. */
    int iommu_group;            /* -1 if unknown (IOMMU off?). */
    char *mac;                  /* The VF netdev's address, or NULL (e.g.
                                 * bound to vfio-pci). */
    char *pf;                   /* PF netdev, or NULL. */
    int vf_index;               /* N of the PF's virtfnN, or -1. */
};

/* Resolves 'spec' under 'sysfs_root' (NULL for "/sys").  Returns 0 and
 * fills 'vf', or a positive errno value with a message in '*errp'. */
int attach_resolve(const char *sysfs_root, const char *spec,
                   struct attach_vf *vf, char **errp);
void attach_vf_destroy(struct attach_vf *);

struct attach_options {
    const char *physnet;        /* nova: physical_network. */
    const char *name;           /* nova alias name; Proxmox mapping id. */
    const char *node;           /* Proxmox node name. */
};

#define ATTACH_DEFAULT_PHYSNET "physnet1"
#define ATTACH_DEFAULT_NAME "ovs-offload-vf"

/* libvirt: one <interface type='hostdev' managed='yes'> per VF. */
void attach_format_libvirt(const struct attach_vf *, size_t n, struct ds *);

/* nova.conf: a [pci] section with one device_spec per VF and one alias per
 * vendor/product pair. */
void attach_format_nova(const struct attach_vf *, size_t n,
                        const struct attach_options *, struct ds *);

/* Proxmox VE: the PCI resource mapping (pvesh command and the
 * /etc/pve/mapping/pci.cfg stanza) and the VM's hostpci line. */
void attach_format_proxmox(const struct attach_vf *, size_t n,
                           const struct attach_options *, struct ds *);

#endif /* attach.h */
