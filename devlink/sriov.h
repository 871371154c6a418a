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

#ifndef SRIOV_H
#define SRIOV_H 1

/* sriov: SR-IOV physical and virtual functions through sysfs and
 * rtnetlink.
 *
 * The module reads and changes:
 *
 *   - The VF count of a PF: sriov_totalvfs, sriov_numvfs and
 *     sriov_drivers_autoprobe under /sys/bus/pci/devices/<PF>/.
 *
 *   - The VFs of a PF: the virtfn<N> links, each VF's bound driver, its
 *     driver_override, its netdevs and its IOMMU group.
 *
 *   - VF driver binding: driver_override, driver/unbind and
 *     drivers/<DRV>/bind, e.g. to hand a VF to vfio-pci for DPDK, or to
 *     unbind mlx5 VFs before switchdev and VF-LAG and bind them again
 *     afterwards.
 *
 *   - Per-VF MAC address, trust and spoof checking, which the PF's driver
 *     owns: RTM_SETLINK on the PF with IFLA_VFINFO_LIST ("ip link set PF vf
 *     N mac ... trust on spoofchk off").
 *
 * Idempotence.  Every change first reads the current state and writes only
 * on a difference, and reports through a 'bool *changed' whether it wrote
 * anything.  A host that is already configured sees no write at all: no
 * numvfs rewrite, which would destroy every VF, and no VF unbound and bound
 * again.
 *
 * Safety.  Operations that would tear down a VF that something uses
 * (sriov_vf_in_use() defines "in use") refuse with EBUSY unless the caller
 * explicitly allows it.
 *
 * Every sysfs path is under a configurable root ('struct sriov_ctx'), so
 * that unit tests run against a fixture tree in a temporary directory.  The
 * context can also record every write (a "trace") and route writes through
 * a hook that emulates the kernel's side effects.
 *
 * Errors.  Functions that return 'int' return 0 or a positive errno value.
 * Those that take a 'char **errp' store there, on failure, a malloc'd
 * explanation that names the device and the file, which the caller must
 * free, and NULL on success.  'errp' may be NULL. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ds;
struct nlmsghdr;

/* Where and how the module touches sysfs.  A null 'struct sriov_ctx *' or
 * an all-zero one means the real /sys, no trace, the real clock. */
struct sriov_ctx {
    const char *sysfs_root;     /* NULL means "/sys". */

    /* If nonnull, every successful sysfs write is appended here as a shell
     * line, "echo VALUE > /sys/PATH\n" (or "echo > /sys/PATH\n" for an
     * empty value), with PATH relative to 'sysfs_root' but printed under
     * "/sys" whatever the root. */
    struct ds *trace;

    /* If nonnull, each sysfs write goes to this function instead of to the
     * file, with the "/sys/..." path and the value (without the new-line
     * that the module adds).  It returns 0 or a positive errno value, as
     * the kernel's answer to the write.  For tests, which emulate the
     * kernel with it: the VF links that appear on a numvfs write, the
     * driver link after a bind, the count the kernel really reached.
     * 'aux' is passed back. */
    int (*write_hook)(void *aux, const char *path, const char *value);

    /* The clock for waits.  If both are null, the real clock
     * (time_msec()) and sleep.  Tests pass a fake clock that advances on
     * sleep. */
    long long int (*now_ms)(void *aux);
    void (*sleep_ms)(void *aux, unsigned int ms);

    void *aux;
};

/* Physical functions. */

/* A PF as read from sysfs. */
struct sriov_pf {
    char *pci;                  /* PCI address, e.g. "0000:03:00.0". */
    char *netdev;               /* The netdev named, or the PF's first one,
                                 * or NULL if it has none. */
    char *driver;               /* Bound driver, e.g. "mlx5_core", or
                                 * NULL. */
    int totalvfs;               /* sriov_totalvfs, -1 without SR-IOV. */
    int numvfs;                 /* sriov_numvfs, -1 without SR-IOV. */
    int autoprobe;              /* sriov_drivers_autoprobe: 1, 0, or -1 if
                                 * absent (Linux < 4.12 or no SR-IOV). */
};

bool sriov_is_pci_address(const char *);
int sriov_pf_resolve(const struct sriov_ctx *, const char *name,
                     struct sriov_pf *, char **errp);
void sriov_pf_uninit(struct sriov_pf *);

int sriov_set_numvfs(const struct sriov_ctx *, const struct sriov_pf *,
                     int want, bool allow_destroy, bool *changed,
                     char **errp);
int sriov_set_autoprobe(const struct sriov_ctx *, const struct sriov_pf *,
                        bool on, bool *changed, char **errp);

/* Virtual functions. */

/* A VF as read from sysfs. */
struct sriov_vf {
    int index;                  /* N of the PF's virtfn<N> link, or -1. */
    char *pci;                  /* PCI address of the VF. */
    char *driver;               /* Bound driver, or NULL if unbound. */
    char *driver_override;      /* NULL if unset or unsupported. */
    char **netdevs;             /* Netdev names, sorted. */
    size_t n_netdevs;
    int iommu_group;            /* IOMMU group number, or -1 if none. */
};

/* A PF's VFs, in order of VF index. */
struct sriov_vf_list {
    struct sriov_vf *vfs;
    size_t n;
};

int sriov_vf_list_read(const struct sriov_ctx *, const char *pf_pci,
                       struct sriov_vf_list *, char **errp);
void sriov_vf_list_destroy(struct sriov_vf_list *);
int sriov_vf_read(const struct sriov_ctx *, const char *vf_pci,
                  struct sriov_vf *, char **errp);
void sriov_vf_uninit(struct sriov_vf *);

bool sriov_driver_is_userspace(const char *driver);
bool sriov_vf_in_use(const struct sriov_ctx *, const struct sriov_vf *,
                     struct ds *reason);

int sriov_vf_bind(const struct sriov_ctx *, const char *vf_pci,
                  const char *driver, bool allow_disrupt, bool *changed,
                  char **errp);
int sriov_vf_unbind(const struct sriov_ctx *, const char *vf_pci,
                    bool allow_disrupt, bool *changed, char **errp);

/* Waiting. */

/* What sriov_vfs_ready() and sriov_wait_vfs() wait for. */
enum sriov_wait_flags {
    SRIOV_WAIT_LINKS = 1 << 0,      /* virtfn0 ... virtfn<N-1> exist. */
    SRIOV_WAIT_NETDEVS = 1 << 1,    /* Each of them has a netdev. */
};

bool sriov_vfs_ready(const struct sriov_ctx *, const char *pf_pci,
                     int n_vfs, unsigned int flags, struct ds *missing);
int sriov_wait_vfs(const struct sriov_ctx *, const char *pf_pci, int n_vfs,
                   unsigned int flags, unsigned int timeout_ms,
                   char **errp);
int sriov_poll(const struct sriov_ctx *, bool (*cond)(void *cond_aux),
               void *cond_aux, unsigned int timeout_ms,
               unsigned int interval_ms);

/* Per-VF settings over rtnetlink. */

/* Length of a VF MAC address. */
#define SRIOV_MAC_LEN 6

/* Size of the buffer that sriov_build_*() need. */
#define SRIOV_REQUEST_SIZE 512

/* The MAC, trust and spoof-checking settings of one VF.  In a request,
 * only the fields that are "present" (mac_present, or an 'int' other than
 * -1) are sent; in a reply, absent or unknown ones are -1 or not
 * present. */
struct sriov_vf_link {
    uint32_t vf;                /* VF number. */
    bool mac_present;
    uint8_t mac[SRIOV_MAC_LEN];
    int spoofchk;               /* 1 on, 0 off, -1 unknown or unchanged. */
    int trust;                  /* 1 on, 0 off, -1 unknown or unchanged. */
};

void sriov_vf_link_init(struct sriov_vf_link *, uint32_t vf);

int sriov_vf_link_get(const char *pf_netdev, struct sriov_vf_link **vfs,
                      size_t *n_vfs, char **errp);
int sriov_vf_link_set(const char *pf_netdev, const struct sriov_vf_link *,
                      bool *changed, char **errp);
int sriov_vf_link_write(const char *pf_netdev, const struct sriov_vf_link *,
                        char **errp);

struct nlmsghdr *sriov_build_vf_set(void *buf, size_t size, int ifindex,
                                    const struct sriov_vf_link *);
struct nlmsghdr *sriov_build_getlink(void *buf, size_t size, int ifindex);
int sriov_parse_vfinfo(const struct nlmsghdr *, struct sriov_vf_link **vfs,
                       size_t *n_vfs);

/* The last component of the target of the symlink 'rel' under
 * 'sysfs_root' (NULL: "/sys"), malloc'd, e.g. "mlx5_core" for a device's
 * "driver" link; NULL if there is no such link. */
char *sriov_sysfs_link_base(const char *sysfs_root, const char *rel);

#endif /* sriov.h */
