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

#include "controller/attach.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "devlink/sriov.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

/* Reads the first line of ROOT/REL into a new string without the newline,
 * or returns NULL. */
static char *
read_line(const char *root, const char *rel)
{
    char *path = xasprintf("%s/%s", root, rel);
    FILE *f = fopen(path, "r");
    char buf[256];
    char *line = NULL;

    free(path);
    if (!f) {
        return NULL;
    }
    if (fgets(buf, sizeof buf, f)) {
        buf[strcspn(buf, "\n")] = '\0';
        line = xstrdup(buf);
    }
    fclose(f);
    return line;
}

/* Reads a "0x15b3" sysfs id as "15b3". */
static char *
read_id(const char *root, const char *dev, const char *attr)
{
    char *rel = xasprintf("bus/pci/devices/%s/%s", dev, attr);
    char *v = read_line(root, rel);

    free(rel);
    if (v && !strncmp(v, "0x", 2)) {
        memmove(v, v + 2, strlen(v + 2) + 1);
    }
    return v;
}

/* The only entry of directory ROOT/REL (e.g. a device's "net"), or NULL. */
static char *
first_entry(const char *root, const char *rel)
{
    char *path = xasprintf("%s/%s", root, rel);
    DIR *d = opendir(path);
    struct dirent *de;
    char *name = NULL;

    free(path);
    if (!d) {
        return NULL;
    }
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] != '.') {
            name = xstrdup(de->d_name);
            break;
        }
    }
    closedir(d);
    return name;
}

static int
parse_pci(const char *s, struct attach_vf *vf)
{
    unsigned int d = 0, b, sl, f;
    int n = 0;

    if (sscanf(s, "%x:%x:%x.%x%n", &d, &b, &sl, &f, &n) == 4
        && !s[n]) {
        /* Full address. */
    } else if (d = 0, n = 0,
               sscanf(s, "%x:%x.%x%n", &b, &sl, &f, &n) == 3 && !s[n]) {
        /* Domain 0. */
    } else {
        return EINVAL;
    }
    if (d > 0xffff || b > 0xff || sl > 0x1f || f > 7) {
        return EINVAL;
    }
    vf->domain = d;
    vf->bus = b;
    vf->slot = sl;
    vf->function = f;
    vf->pci = xasprintf("%04x:%02x:%02x.%x", d, b, sl, f);
    return 0;
}

int
attach_resolve(const char *sysfs_root, const char *spec, struct attach_vf *vf,
               char **errp)
{
    const char *root = sysfs_root ? sysfs_root : "/sys";
    const char *colon = strrchr(spec, ':');
    int error = 0;

    memset(vf, 0, sizeof *vf);
    vf->iommu_group = -1;
    vf->vf_index = -1;
    *errp = NULL;

    /* "PF:vfN". */
    if (colon && !strncmp(colon + 1, "vf", 2) && colon[3]) {
        char *end;
        long idx = strtol(colon + 3, &end, 10);
        char *pf = xmemdup0(spec, colon - spec);

        if (*end || idx < 0 || idx > 4096) {
            *errp = xasprintf("%s: expected PF:vfN with N a VF index", spec);
            free(pf);
            return EINVAL;
        }
        char *rel = xasprintf("class/net/%s/device/virtfn%ld", pf, idx);
        char *addr = sriov_sysfs_link_base(root, rel);

        free(rel);
        if (!addr) {
            *errp = xasprintf("%s: %s/class/net/%s/device/virtfn%ld does not "
                              "exist (no such PF, or fewer VFs)", spec, root,
                              pf, idx);
            free(pf);
            return ENOENT;
        }
        error = parse_pci(addr, vf);
        free(addr);
        vf->pf = pf;
        vf->vf_index = idx;
    } else {
        error = parse_pci(spec, vf);
    }
    if (error) {
        *errp = xasprintf("%s: not a PCI address (0000:03:00.2) or PF:vfN "
                          "(enp3s0f0np0:vf2)", spec);
        attach_vf_destroy(vf);
        return error;
    }

    char *dir = xasprintf("%s/bus/pci/devices/%s", root, vf->pci);
    bool exists = !access(dir, F_OK);
    free(dir);
    if (!exists) {
        *errp = xasprintf("%s: no PCI device %s in %s/bus/pci/devices",
                          spec, vf->pci, root);
        attach_vf_destroy(vf);
        return ENOENT;
    }

    vf->vendor = read_id(root, vf->pci, "vendor");
    vf->device = read_id(root, vf->pci, "device");
    vf->subsystem_vendor = read_id(root, vf->pci, "subsystem_vendor");
    vf->subsystem_device = read_id(root, vf->pci, "subsystem_device");
    if (!vf->vendor || !vf->device) {
        *errp = xasprintf("%s: cannot read the vendor and device ids of %s",
                          spec, vf->pci);
        attach_vf_destroy(vf);
        return EIO;
    }

    char *rel = xasprintf("bus/pci/devices/%s/iommu_group", vf->pci);
    char *group = sriov_sysfs_link_base(root, rel);
    free(rel);
    if (group) {
        vf->iommu_group = atoi(group);
        free(group);
    }

    /* Its MAC, while a network driver holds it. */
    rel = xasprintf("bus/pci/devices/%s/net", vf->pci);
    char *netdev = first_entry(root, rel);
    free(rel);
    if (netdev) {
        rel = xasprintf("bus/pci/devices/%s/net/%s/address", vf->pci, netdev);
        vf->mac = read_line(root, rel);
        free(rel);
        free(netdev);
    }

    /* Its PF and index, when given as an address. */
    if (!vf->pf) {
        rel = xasprintf("bus/pci/devices/%s/physfn", vf->pci);
        char *pf_pci = sriov_sysfs_link_base(root, rel);
        free(rel);
        if (!pf_pci) {
            *errp = xasprintf("%s: %s is not a VF (no physfn link)", spec,
                              vf->pci);
            attach_vf_destroy(vf);
            return EINVAL;
        }
        rel = xasprintf("bus/pci/devices/%s/net", pf_pci);
        vf->pf = first_entry(root, rel);
        free(rel);
        for (int i = 0; i < 4096; i++) {
            rel = xasprintf("bus/pci/devices/%s/virtfn%d", pf_pci, i);
            char *a = sriov_sysfs_link_base(root, rel);
            free(rel);
            if (!a) {
                break;
            }
            bool same = !strcmp(a, vf->pci);
            free(a);
            if (same) {
                vf->vf_index = i;
                break;
            }
        }
        free(pf_pci);
    }
    return 0;
}

void
attach_vf_destroy(struct attach_vf *vf)
{
    if (vf) {
        free(vf->pci);
        free(vf->vendor);
        free(vf->device);
        free(vf->subsystem_vendor);
        free(vf->subsystem_device);
        free(vf->mac);
        free(vf->pf);
        memset(vf, 0, sizeof *vf);
    }
}

static void
put_origin(const struct attach_vf *vf, struct ds *s)
{
    ds_put_format(s, "%s (%s:%s", vf->pci, vf->vendor, vf->device);
    if (vf->pf) {
        ds_put_format(s, ", %s VF %d", vf->pf, vf->vf_index);
    }
    if (vf->iommu_group >= 0) {
        ds_put_format(s, ", IOMMU group %d", vf->iommu_group);
    }
    ds_put_char(s, ')');
}

void
attach_format_libvirt(const struct attach_vf *vfs, size_t n, struct ds *s)
{
    for (size_t i = 0; i < n; i++) {
        const struct attach_vf *vf = &vfs[i];

        if (i) {
            ds_put_char(s, '\n');
        }
        /* "--" may not appear inside an XML comment. */
        struct ds origin = DS_EMPTY_INITIALIZER;
        put_origin(vf, &origin);
        for (char *p; (p = strstr(ds_cstr(&origin), "--")) != NULL; ) {
            p[1] = '_';
        }
        ds_put_format(s, "<!-- VF %s", ds_cstr(&origin));
        ds_destroy(&origin);
        ds_put_cstr(s, ": virsh attach-device DOMAIN FILE -->\n"
                    "<interface type='hostdev' managed='yes'>\n");
        if (vf->mac) {
            ds_put_format(s, "  <mac address='%s'/>\n", vf->mac);
        }
        ds_put_format(s, "  <source>\n"
                      "    <address type='pci' domain='0x%04x' bus='0x%02x' "
                      "slot='0x%02x' function='0x%x'/>\n"
                      "  </source>\n"
                      "</interface>\n",
                      vf->domain, vf->bus, vf->slot, vf->function);
    }
}

void
attach_format_nova(const struct attach_vf *vfs, size_t n,
                   const struct attach_options *o, struct ds *s)
{
    const char *physnet = o->physnet ? o->physnet : ATTACH_DEFAULT_PHYSNET;
    const char *name = o->name ? o->name : ATTACH_DEFAULT_NAME;

    ds_put_cstr(s, "# nova.conf on the compute node (nova-compute), and the "
                "alias lines also\n# on the controllers (nova-api, "
                "nova-scheduler).  For Neutron ports with\n# vnic_type "
                "direct only device_spec is needed; the alias serves "
                "flavors\n# (pci_passthrough:alias).\n[pci]\n");
    for (size_t i = 0; i < n; i++) {
        ds_put_cstr(s, "# VF ");
        put_origin(&vfs[i], s);
        ds_put_format(s, "\ndevice_spec = {\"address\": \"%s\", "
                      "\"physical_network\": \"%s\"}\n", vfs[i].pci,
                      physnet);
    }
    for (size_t i = 0; i < n; i++) {
        bool seen = false;

        for (size_t k = 0; k < i; k++) {
            seen |= (!strcmp(vfs[k].vendor, vfs[i].vendor)
                     && !strcmp(vfs[k].device, vfs[i].device));
        }
        if (!seen) {
            ds_put_format(s, "alias = {\"name\": \"%s\", \"vendor_id\": "
                          "\"%s\", \"product_id\": \"%s\", "
                          "\"device_type\": \"type-VF\"}\n", name,
                          vfs[i].vendor, vfs[i].device);
        }
    }
}

void
attach_format_proxmox(const struct attach_vf *vfs, size_t n,
                      const struct attach_options *o, struct ds *s)
{
    const char *name = o->name ? o->name : ATTACH_DEFAULT_NAME;
    char host[256] = "NODE";
    const char *node = o->node;
    struct ds map = DS_EMPTY_INITIALIZER;

    if (!node) {
        if (!gethostname(host, sizeof host)) {
            host[sizeof host - 1] = '\0';
            host[strcspn(host, ".")] = '\0';
        }
        node = host;
    }

    for (size_t i = 0; i < n; i++) {
        const struct attach_vf *vf = &vfs[i];

        ds_put_format(&map, "%s:%s", vf->vendor, vf->device);
        if (vf->iommu_group >= 0) {
            ds_put_format(&map, ",iommugroup=%d", vf->iommu_group);
        }
        ds_put_format(&map, ",node=%s,path=%s", node, vf->pci);
        if (vf->subsystem_vendor && vf->subsystem_device) {
            ds_put_format(&map, ",subsystem-id=%s:%s", vf->subsystem_vendor,
                          vf->subsystem_device);
        }
        ds_put_char(&map, '\n');
    }

    ds_put_format(s, "# Proxmox VE PCI resource mapping \"%s\" of ", name);
    for (size_t i = 0; i < n; i++) {
        ds_put_format(s, "%s", i ? ", " : "");
        put_origin(&vfs[i], s);
    }
    ds_put_format(s, "\n# Create it through the cluster API (Datacenter -> "
                  "Resource Mappings does the same):\npvesh create "
                  "/cluster/mapping/pci --id %s", name);

    struct ds lines = DS_EMPTY_INITIALIZER;
    const char *p = ds_cstr(&map);
    while (*p) {
        size_t len = strcspn(p, "\n");

        ds_put_format(s, " \\\n    --map 'id=%.*s'", (int) len, p);
        ds_put_format(&lines, "\tmap id=%.*s\n", (int) len, p);
        p += len + (p[len] == '\n');
    }
    ds_put_format(s, "\n# which stores in /etc/pve/mapping/pci.cfg:\n"
                  "%s\n%s"
                  "# Then give the VM one of these VFs (qm set VMID "
                  "--hostpci0 mapping=%s,pcie=1),\n# i.e. in "
                  "/etc/pve/qemu-server/VMID.conf:\nhostpci0: mapping=%s,"
                  "pcie=1\n", name, ds_cstr(&lines), name, name);
    ds_destroy(&lines);
    ds_destroy(&map);
}
