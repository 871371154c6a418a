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

#include "devlink/sriov.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libmnl/libmnl.h>
#include <limits.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "netlink/nl-mnl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "svec.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(sriov);

/* Longest sysfs attribute this module reads.  sysfs attributes are at most
 * a page. */
#define SYSFS_READ_MAX 4096

/* Default interval between two polls of sriov_wait_vfs(). */
#define WAIT_INTERVAL_MS 100

/* Sysfs paths.
 *
 * Every path is built as the root, "/", and a path relative to the root,
 * i.e. what follows "/sys/" on a real system, e.g.
 * "bus/pci/devices/0000:03:00.0/sriov_numvfs". */

static const char real_sysfs[] = "/sys";

static const char *
ctx_root(const struct sriov_ctx *ctx)
{
    return ctx && ctx->sysfs_root ? ctx->sysfs_root : real_sysfs;
}

/* Returns the real path of 'rel' under 'ctx''s root, malloc'd. */
static char *
sys_path(const struct sriov_ctx *ctx, const char *rel)
{
    return xasprintf("%s/%s", ctx_root(ctx), rel);
}

/* Returns a path relative to the root, built from 'format', malloc'd. */
static char * OVS_PRINTF_FORMAT(1, 2)
rel_path(const char *format, ...)
{
    va_list args;
    char *s;

    va_start(args, format);
    s = xvasprintf(format, args);
    va_end(args);
    return s;
}

/* Reads the sysfs attribute at 'rel' into '*textp', malloc'd, without
 * trailing white space.  Returns 0 or a positive errno value (then
 * '*textp' is NULL). */
static int
read_text(const struct sriov_ctx *ctx, const char *rel, char **textp)
{
    char *path = sys_path(ctx, rel);
    char *buf = xmalloc(SYSFS_READ_MAX + 1);
    size_t len = 0;
    int error = 0;
    int fd;

    *textp = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        goto out;
    }
    while (len < SYSFS_READ_MAX) {
        ssize_t n = read(fd, buf + len, SYSFS_READ_MAX - len);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            error = errno;
            break;
        } else if (!n) {
            break;
        }
        len += n;
    }
    close(fd);
    if (!error) {
        while (len > 0 && isspace((unsigned char) buf[len - 1])) {
            len--;
        }
        buf[len] = '\0';
        *textp = buf;
        buf = NULL;
    }
out:
    free(buf);
    free(path);
    return error;
}

/* Reads the sysfs attribute at 'rel', a decimal integer, into '*valuep'.
 * Returns 0, EINVAL if the file does not hold a non-negative integer, or
 * another positive errno value. */
static int
read_int(const struct sriov_ctx *ctx, const char *rel, int *valuep)
{
    char *text;
    int error;

    *valuep = -1;
    error = read_text(ctx, rel, &text);
    if (!error) {
        if (!str_to_int(text, 10, valuep) || *valuep < 0) {
            *valuep = -1;
            error = EINVAL;
        }
        free(text);
    }
    return error;
}

/* Stores in '*basep' the last component of the target of the symlink at
 * 'rel', malloc'd, e.g. "mlx5_core" for a device's "driver" link.  Returns
 * 0 or a positive errno value (ENOENT if there is no such link); then
 * '*basep' is NULL. */
static int
read_link_base(const struct sriov_ctx *ctx, const char *rel, char **basep)
{
    char *path = sys_path(ctx, rel);
    char target[PATH_MAX];
    ssize_t n;

    *basep = NULL;
    n = readlink(path, target, sizeof target - 1);
    free(path);
    if (n < 0) {
        return errno;
    }
    target[n] = '\0';

    /* A link target never ends in "/", but be safe. */
    while (n > 1 && target[n - 1] == '/') {
        target[--n] = '\0';
    }
    const char *slash = strrchr(target, '/');
    *basep = xstrdup(slash ? slash + 1 : target);
    return 0;
}

char *
sriov_sysfs_link_base(const char *sysfs_root, const char *rel)
{
    const struct sriov_ctx ctx = { .sysfs_root = sysfs_root };
    char *base;

    return read_link_base(&ctx, rel, &base) ? NULL : base;
}

/* Returns true if 'rel' exists: if 'follow', what a symlink points to,
 * otherwise the entry itself, symlink or not. */
static bool
sys_exists__(const struct sriov_ctx *ctx, const char *rel, bool follow)
{
    char *path = sys_path(ctx, rel);
    struct stat st;
    bool exists = !(follow ? stat(path, &st) : lstat(path, &st));

    free(path);
    return exists;
}

static bool
sys_exists(const struct sriov_ctx *ctx, const char *rel)
{
    return sys_exists__(ctx, rel, true);
}

static bool
sys_lexists(const struct sriov_ctx *ctx, const char *rel)
{
    return sys_exists__(ctx, rel, false);
}

/* Adds to 'names' the names of the entries of directory 'rel' (without
 * "." and ".."), sorted.  If 'prefix' is nonnull, keeps only the names
 * that start with it.  Returns 0 or a positive errno value (then nothing is
 * added). */
static int
list_dir(const struct sriov_ctx *ctx, const char *rel, const char *prefix,
         struct svec *names)
{
    char *path = sys_path(ctx, rel);
    struct dirent *de;
    DIR *dir;

    dir = opendir(path);
    free(path);
    if (!dir) {
        return errno;
    }
    while ((de = readdir(dir)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
            continue;
        }
        if (prefix && strncmp(de->d_name, prefix, strlen(prefix))) {
            continue;
        }
        svec_add(names, de->d_name);
    }
    closedir(dir);
    svec_sort(names);
    return 0;
}

/* Writes 'value' followed by a new-line, as echo(1) would, to the sysfs
 * attribute at 'rel', in a single write() as sysfs requires, or hands it to
 * 'ctx->write_hook'.  Writes an existing file only: a sysfs attribute is
 * never created.  Records the write in 'ctx->trace' if it succeeds.
 * Returns 0 or a positive errno value, which for sysfs is the kernel's
 * answer to the write. */
static int
write_text(const struct sriov_ctx *ctx, const char *rel, const char *value)
{
    char *logical = xasprintf("%s/%s", real_sysfs, rel);
    char *text = NULL;
    char *path = NULL;
    int error = 0;
    int fd;

    if (ctx && ctx->write_hook) {
        error = ctx->write_hook(ctx->aux, logical, value);
        goto out;
    }

    text = xasprintf("%s\n", value);
    path = sys_path(ctx, rel);
    fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        goto out;
    }
    for (;;) {
        size_t len = strlen(text);
        ssize_t n = write(fd, text, len);

        if (n < 0 && errno == EINTR) {
            continue;
        }
        error = n < 0 ? errno : (size_t) n != len ? EIO : 0;
        break;
    }
    if (close(fd) && !error) {
        error = errno;
    }

out:
    if (!error) {
        VLOG_DBG("echo %s > %s", value, logical);
        if (ctx && ctx->trace) {
            ds_put_format(ctx->trace, "echo%s%s > %s\n", value[0] ? " " : "",
                          value, logical);
        }
    }
    free(path);
    free(text);
    free(logical);
    return error;
}

/* Stores in '*errp', if nonnull, a message formatted from 'format'. */
static void OVS_PRINTF_FORMAT(2, 3)
set_error(char **errp, const char *format, ...)
{
    if (errp) {
        va_list args;

        va_start(args, format);
        *errp = xvasprintf(format, args);
        va_end(args);
    }
}

static void
clear_error(char **errp)
{
    if (errp) {
        *errp = NULL;
    }
}

/* PCI addresses. */

static bool
is_hex_run(const char *s, size_t min, size_t max, size_t *lenp)
{
    size_t len = 0;

    while (isxdigit((unsigned char) s[len])) {
        len++;
    }
    *lenp = len;
    return len >= min && len <= max;
}

/* Returns true if 's' is a PCI address in the form sysfs uses,
 * "DDDD:BB:DD.F" (domain, bus, device, function, in hex), with a domain of
 * 4 to 8 hex digits. */
bool
sriov_is_pci_address(const char *s)
{
    size_t len;

    if (!is_hex_run(s, 4, 8, &len) || s[len] != ':') {
        return false;
    }
    s += len + 1;
    if (!is_hex_run(s, 2, 2, &len) || s[len] != ':') {
        return false;
    }
    s += len + 1;
    if (!is_hex_run(s, 2, 2, &len) || s[len] != '.') {
        return false;
    }
    s += len + 1;
    return s[0] >= '0' && s[0] <= '7' && s[1] == '\0';
}

/* Returns 'name' as a full PCI address, malloc'd and in lower case, if it
 * is one ("0000:03:00.0") or one without the domain ("03:00.0", as lspci
 * prints it, meaning domain 0000).  Otherwise returns NULL. */
static char *
normalize_pci_address(const char *name)
{
    char *s = (strlen(name) == 7 && name[2] == ':'
               ? xasprintf("0000:%s", name) : xstrdup(name));

    if (!sriov_is_pci_address(s)) {
        free(s);
        return NULL;
    }
    for (char *p = s; *p; p++) {
        *p = tolower((unsigned char) *p);
    }
    return s;
}

/* Physical functions. */

/* Stores in '*pcip' the PCI address of the device that the netdev "device"
 * link 'rel' leads to, malloc'd: the device itself for a PCI netdev, or its
 * nearest PCI ancestor, e.g. for virtio-net, whose device is "virtioN"
 * under the PCI device.  Returns 0, ENOENT if there is no such link, or
 * ENOTSUP if no PCI device is on the way. */
static int
netdev_pci(const struct sriov_ctx *ctx, const char *rel, char **pcip)
{
    char *path = sys_path(ctx, rel);
    char *real = realpath(path, NULL);
    int error = ENOTSUP;
    char *p;

    *pcip = NULL;
    free(path);
    if (!real) {
        return errno;
    }
    while ((p = strrchr(real, '/')) != NULL) {
        if (sriov_is_pci_address(p + 1)) {
            *pcip = xstrdup(p + 1);
            error = 0;
            break;
        }
        *p = '\0';
    }
    free(real);
    return error;
}

/* Resolves 'name', a netdev name (e.g. "ens1f0") or a PCI address (e.g.
 * "0000:03:00.0" or "03:00.0"), to the PCI device behind it, and reads its
 * SR-IOV attributes into '*pf', which the caller must free with
 * sriov_pf_uninit() (also after an error, which leaves it empty).
 *
 * A netdev is resolved through /sys/class/net/<name>/device (or the PCI
 * device above it, for virtio-net), a PCI address through
 * /sys/bus/pci/devices/<address>.  'pf->netdev' is 'name' for a
 * netdev, otherwise the PF's first netdev in name order, if any.  A device
 * without SR-IOV capability is not an error here: its 'totalvfs' and
 * 'numvfs' are -1.
 *
 * Returns 0 if successful.  Returns ENODEV if there is no such netdev or
 * PCI device, or the netdev is not a PCI device (e.g. veth); EINVAL if
 * 'name' is a VF rather than a PF. */
int
sriov_pf_resolve(const struct sriov_ctx *ctx, const char *name,
                 struct sriov_pf *pf, char **errp)
{
    char *pci = normalize_pci_address(name);
    char *physfn = NULL;
    char *rel;
    int error;

    memset(pf, 0, sizeof *pf);
    clear_error(errp);

    if (!pci) {
        rel = rel_path("class/net/%s/device", name);
        error = strchr(name, '/') ? ENODEV : netdev_pci(ctx, rel, &pci);
        free(rel);
        if (error == ENOTSUP) {
            set_error(errp, "%s: netdev is not on a PCI device", name);
            return ENODEV;
        } else if (error) {
            char *dir = rel_path("class/net/%s", name);

            if (!strchr(name, '/') && sys_exists(ctx, dir)) {
                set_error(errp, "%s: netdev is not backed by a device "
                          "(a virtual netdev such as veth or a bond?)", name);
            } else {
                set_error(errp, "%s: no such netdev or PCI device", name);
            }
            free(dir);
            return ENODEV;
        }
        pf->netdev = xstrdup(name);
    }

    rel = rel_path("bus/pci/devices/%s", pci);
    if (!sys_exists(ctx, rel)) {
        set_error(errp, "%s: %s is not a PCI device", name, pci);
        free(rel);
        free(pci);
        sriov_pf_uninit(pf);
        return ENODEV;
    }
    free(rel);

    rel = rel_path("bus/pci/devices/%s/physfn", pci);
    error = read_link_base(ctx, rel, &physfn);
    free(rel);
    if (!error) {
        set_error(errp, "%s: PCI device %s is a VF of PF %s, not a PF", name,
                  pci, physfn);
        free(physfn);
        free(pci);
        sriov_pf_uninit(pf);
        return EINVAL;
    }
    pf->pci = pci;

    if (!pf->netdev) {
        struct svec names = SVEC_EMPTY_INITIALIZER;

        rel = rel_path("bus/pci/devices/%s/net", pci);
        if (!list_dir(ctx, rel, NULL, &names) && names.n) {
            pf->netdev = xstrdup(names.names[0]);
        }
        svec_destroy(&names);
        free(rel);
    }

    rel = rel_path("bus/pci/devices/%s/driver", pci);
    read_link_base(ctx, rel, &pf->driver);
    free(rel);

    rel = rel_path("bus/pci/devices/%s/sriov_totalvfs", pci);
    read_int(ctx, rel, &pf->totalvfs);
    free(rel);

    rel = rel_path("bus/pci/devices/%s/sriov_numvfs", pci);
    read_int(ctx, rel, &pf->numvfs);
    free(rel);

    rel = rel_path("bus/pci/devices/%s/sriov_drivers_autoprobe", pci);
    read_int(ctx, rel, &pf->autoprobe);
    free(rel);
    return 0;
}

/* Frees the contents of 'pf' and clears it.  'pf' may be NULL. */
void
sriov_pf_uninit(struct sriov_pf *pf)
{
    if (pf) {
        free(pf->pci);
        free(pf->netdev);
        free(pf->driver);
        memset(pf, 0, sizeof *pf);
    }
}

/* Returns a name for 'pf' in messages: "ens1f0 (0000:03:00.0)" or just the
 * PCI address, malloc'd. */
static char *
pf_label(const struct sriov_pf *pf)
{
    return (pf->netdev
            ? xasprintf("%s (%s)", pf->netdev, pf->pci)
            : xstrdup(pf->pci));
}

/* Virtual functions. */

static int vf_read(const struct sriov_ctx *, const char *vf_pci,
                   bool find_index, struct sriov_vf *, char **errp);

static void
vf_read_netdevs(const struct sriov_ctx *ctx, struct sriov_vf *vf)
{
    char *rel = rel_path("bus/pci/devices/%s/net", vf->pci);
    struct svec names = SVEC_EMPTY_INITIALIZER;

    list_dir(ctx, rel, NULL, &names);
    vf->netdevs = names.names;
    vf->n_netdevs = names.n;
    free(rel);
}

/* Reads the VF with PCI address 'vf_pci' into '*vf', which the caller must
 * free with sriov_vf_uninit() (also after an error).  'vf->index' is the
 * VF's number: the N of its PF's virtfn<N> link that points to it, found
 * through the VF's physfn link, or -1 if it has none.
 *
 * Returns 0, or ENODEV if there is no such PCI device. */
int
sriov_vf_read(const struct sriov_ctx *ctx, const char *vf_pci,
              struct sriov_vf *vf, char **errp)
{
    return vf_read(ctx, vf_pci, true, vf, errp);
}

/* Implements sriov_vf_read(), looking for the VF's index only if
 * 'find_index' is true. */
static int
vf_read(const struct sriov_ctx *ctx, const char *vf_pci, bool find_index,
        struct sriov_vf *vf, char **errp)
{
    char *physfn = NULL;
    char *group;
    char *rel;

    memset(vf, 0, sizeof *vf);
    vf->index = -1;
    vf->iommu_group = -1;
    clear_error(errp);

    rel = rel_path("bus/pci/devices/%s", vf_pci);
    if (strchr(vf_pci, '/') || !sys_exists(ctx, rel)) {
        set_error(errp, "%s: no such PCI device", vf_pci);
        free(rel);
        return ENODEV;
    }
    free(rel);
    vf->pci = xstrdup(vf_pci);

    rel = rel_path("bus/pci/devices/%s/driver", vf_pci);
    read_link_base(ctx, rel, &vf->driver);
    free(rel);

    rel = rel_path("bus/pci/devices/%s/driver_override", vf_pci);
    if (!read_text(ctx, rel, &vf->driver_override)
        && (!vf->driver_override[0]
            || !strcmp(vf->driver_override, "(null)"))) {
        free(vf->driver_override);
        vf->driver_override = NULL;
    }
    free(rel);

    vf_read_netdevs(ctx, vf);

    rel = rel_path("bus/pci/devices/%s/iommu_group", vf_pci);
    if (!read_link_base(ctx, rel, &group)) {
        if (!str_to_int(group, 10, &vf->iommu_group)) {
            vf->iommu_group = -1;
        }
        free(group);
    }
    free(rel);

    rel = rel_path("bus/pci/devices/%s/physfn", vf_pci);
    if (find_index && !read_link_base(ctx, rel, &physfn)) {
        struct svec links = SVEC_EMPTY_INITIALIZER;

        free(rel);
        rel = rel_path("bus/pci/devices/%s", physfn);
        list_dir(ctx, rel, "virtfn", &links);
        for (size_t i = 0; i < links.n && vf->index < 0; i++) {
            const char *name = links.names[i];
            char *link = rel_path("%s/%s", rel, name);
            char *target;
            int index;

            if (!read_link_base(ctx, link, &target)) {
                if (!strcmp(target, vf_pci)
                    && str_to_int(name + strlen("virtfn"), 10, &index)) {
                    vf->index = index;
                }
                free(target);
            }
            free(link);
        }
        svec_destroy(&links);
        free(physfn);
    }
    free(rel);
    return 0;
}

/* Frees the contents of 'vf' and clears it.  'vf' may be NULL. */
void
sriov_vf_uninit(struct sriov_vf *vf)
{
    if (vf) {
        free(vf->pci);
        free(vf->driver);
        free(vf->driver_override);
        for (size_t i = 0; i < vf->n_netdevs; i++) {
            free(vf->netdevs[i]);
        }
        free(vf->netdevs);
        memset(vf, 0, sizeof *vf);
    }
}

static int
compare_vfs(const void *a_, const void *b_)
{
    const struct sriov_vf *a = a_;
    const struct sriov_vf *b = b_;

    return a->index < b->index ? -1 : a->index > b->index;
}

/* Reads the VFs of the PF with PCI address 'pf_pci', one per virtfn<N> link
 * of the PF, into '*list', in order of VF number.  The caller must free
 * the list with sriov_vf_list_destroy() (also after an error, which leaves
 * it empty).  A PF without VFs, or without SR-IOV, yields an empty list.
 *
 * Returns 0, or ENODEV if there is no such PCI device. */
int
sriov_vf_list_read(const struct sriov_ctx *ctx, const char *pf_pci,
                   struct sriov_vf_list *list, char **errp)
{
    struct svec links = SVEC_EMPTY_INITIALIZER;
    size_t allocated = 0;
    char *rel;

    list->vfs = NULL;
    list->n = 0;
    clear_error(errp);

    rel = rel_path("bus/pci/devices/%s", pf_pci);
    if (strchr(pf_pci, '/') || list_dir(ctx, rel, "virtfn", &links)) {
        set_error(errp, "%s: no such PCI device", pf_pci);
        free(rel);
        return ENODEV;
    }

    for (size_t i = 0; i < links.n; i++) {
        char *link = rel_path("%s/%s", rel, links.names[i]);
        struct sriov_vf vf;
        char *target;
        int index;

        if (!str_to_int(links.names[i] + strlen("virtfn"), 10, &index)
            || index < 0 || read_link_base(ctx, link, &target)) {
            free(link);
            continue;
        }
        free(link);

        if (!vf_read(ctx, target, false, &vf, NULL)) {
            vf.index = index;
            if (list->n >= allocated) {
                list->vfs = x2nrealloc(list->vfs, &allocated,
                                       sizeof *list->vfs);
            }
            list->vfs[list->n++] = vf;
        } else {
            sriov_vf_uninit(&vf);
        }
        free(target);
    }
    svec_destroy(&links);
    free(rel);

    if (list->n) {
        qsort(list->vfs, list->n, sizeof *list->vfs, compare_vfs);
    }
    return 0;
}

/* Frees the VFs in 'list' and clears it.  'list' may be NULL. */
void
sriov_vf_list_destroy(struct sriov_vf_list *list)
{
    if (list) {
        for (size_t i = 0; i < list->n; i++) {
            sriov_vf_uninit(&list->vfs[i]);
        }
        free(list->vfs);
        list->vfs = NULL;
        list->n = 0;
    }
}

/* Returns true if 'driver' hands the device to user space or to a guest
 * instead of creating a netdev: vfio-pci (VMs and DPDK), uio_pci_generic
 * and igb_uio (DPDK), pci-stub and Xen's pciback (device assignment). */
bool
sriov_driver_is_userspace(const char *driver)
{
    static const char *const drivers[] = {
        "vfio-pci", "uio_pci_generic", "igb_uio", "pci-stub", "pciback",
        "xen-pciback",
    };

    for (size_t i = 0; driver && i < ARRAY_SIZE(drivers); i++) {
        if (!strcmp(driver, drivers[i])) {
            return true;
        }
    }
    return false;
}

/* Returns true if 'vf' is in use, and then appends why to 'reason' (if
 * nonnull), e.g. "bound to vfio-pci" or "netdev ens1f0v0 is up".
 *
 * A VF is in use if anything beyond its own driver relies on it, so that
 * destroying it (numvfs change) or unbinding it would break something:
 *
 *   - it is bound to a driver that gives it to user space or a guest
 *     (sriov_driver_is_userspace(): vfio-pci, uio_pci_generic, igb_uio,
 *     pci-stub, pciback), i.e. probably a VM or a DPDK application;
 *
 *   - one of its netdevs is administratively up (IFF_UP in "flags");
 *
 *   - one of its netdevs has a master ("master" link: a bond, a team, a
 *     Linux bridge, a VRF, or the OVS kernel datapath "ovs-system");
 *
 *   - one of its netdevs has upper devices ("upper_*" links: VLANs,
 *     macvlans, ...).
 *
 * An unbound VF, or one bound to a netdev driver with every netdev down and
 * standalone, is not in use.  The netdev state is read from sysfs now, not
 * from 'vf'. */
bool
sriov_vf_in_use(const struct sriov_ctx *ctx, const struct sriov_vf *vf,
                struct ds *reason)
{
    if (sriov_driver_is_userspace(vf->driver)) {
        if (reason) {
            ds_put_format(reason, "bound to %s", vf->driver);
        }
        return true;
    }

    for (size_t i = 0; i < vf->n_netdevs; i++) {
        const char *name = vf->netdevs[i];
        char *dir = rel_path("bus/pci/devices/%s/net/%s", vf->pci, name);
        struct svec uppers = SVEC_EMPTY_INITIALIZER;
        char *rel, *text, *master;
        unsigned long long int flags;
        bool in_use = false;

        rel = rel_path("%s/flags", dir);
        if (!read_text(ctx, rel, &text)) {
            if (str_to_ullong(text, 16, &flags) && flags & IFF_UP) {
                if (reason) {
                    ds_put_format(reason, "netdev %s is up", name);
                }
                in_use = true;
            }
            free(text);
        }
        free(rel);

        rel = rel_path("%s/master", dir);
        if (!in_use && !read_link_base(ctx, rel, &master)) {
            if (reason) {
                ds_put_format(reason, "netdev %s has master %s", name,
                              master);
            }
            free(master);
            in_use = true;
        }
        free(rel);

        if (!in_use && !list_dir(ctx, dir, "upper_", &uppers)
            && uppers.n) {
            if (reason) {
                ds_put_format(reason, "netdev %s has upper device %s", name,
                              uppers.names[0] + strlen("upper_"));
            }
            in_use = true;
        }
        svec_destroy(&uppers);
        free(dir);

        if (in_use) {
            return true;
        }
    }
    return false;
}

/* VF count. */

/* Sets the number of VFs of 'pf' to 'want' by writing sriov_numvfs ("echo
 * N > /sys/bus/pci/devices/<PF>/sriov_numvfs"), and stores in '*changed'
 * whether anything was written.
 *
 * - If the PF already has 'want' VFs, writes nothing.
 *
 * - The kernel refuses (EBUSY) to change a non-zero count to another
 *   non-zero one, so then this writes 0 first, then 'want'.  Any change
 *   from a non-zero count therefore destroys every existing VF, even when
 *   raising the count.  If any existing VF is in use (sriov_vf_in_use()),
 *   such a change is refused with EBUSY unless 'allow_destroy' is true.
 *
 * - 'want' above sriov_totalvfs is refused with ERANGE before any write.
 *
 * The count is read from sysfs now, not from 'pf'.  After the write, the
 * count is read back: the kernel may enable fewer VFs than requested
 * (logging "N VFs requested; only M enabled"), which fails with EIO.
 *
 * Returns 0 if successful.  Otherwise a positive errno value: EINVAL for a
 * negative 'want', EOPNOTSUPP if the PF has no SR-IOV capability, ERANGE,
 * EBUSY, EIO as above, or the kernel's answer to the write, e.g. ENOENT
 * when no driver is bound to the PF or the driver cannot configure SR-IOV
 * through sysfs.  If the failure came after writing 0, the PF is left
 * without VFs and the message says so. */
int
sriov_set_numvfs(const struct sriov_ctx *ctx, const struct sriov_pf *pf,
                 int want, bool allow_destroy, bool *changed, char **errp)
{
    char *numvfs_rel = rel_path("bus/pci/devices/%s/sriov_numvfs", pf->pci);
    char *total_rel = rel_path("bus/pci/devices/%s/sriov_totalvfs",
                               pf->pci);
    char *label = pf_label(pf);
    int total, cur, now;
    int error;

    *changed = false;
    clear_error(errp);

    if (want < 0) {
        set_error(errp, "%s: invalid VF count %d", label, want);
        error = EINVAL;
        goto out;
    }

    error = read_int(ctx, total_rel, &total);
    if (error == ENOENT) {
        set_error(errp, "%s: no SR-IOV capability (no sriov_totalvfs): "
                  "enable SR-IOV in the system firmware (BIOS) and in the "
                  "NIC firmware", label);
        error = EOPNOTSUPP;
        goto out;
    } else if (!error) {
        error = read_int(ctx, numvfs_rel, &cur);
    }
    if (error) {
        set_error(errp, "%s: cannot read the VF count (%s)", label,
                  ovs_strerror(error));
        goto out;
    }

    if (want > total) {
        set_error(errp, "%s: %d VFs requested but the PF supports at most "
                  "%d (sriov_totalvfs)", label, want, total);
        error = ERANGE;
        goto out;
    }
    if (cur == want) {
        goto out;
    }

    if (cur > 0) {
        struct sriov_vf_list vfs;
        struct ds reason = DS_EMPTY_INITIALIZER;
        const struct sriov_vf *busy = NULL;

        sriov_vf_list_read(ctx, pf->pci, &vfs, NULL);
        for (size_t i = 0; i < vfs.n && !busy; i++) {
            if (sriov_vf_in_use(ctx, &vfs.vfs[i], &reason)) {
                busy = &vfs.vfs[i];
            }
        }
        if (busy && !allow_destroy) {
            set_error(errp, "%s: changing the VF count from %d to %d "
                      "destroys all %d VFs (the kernel needs 0 written "
                      "first), but VF %d (%s) is in use: %s; refusing "
                      "without permission to destroy VFs", label, cur, want,
                      cur, busy->index, busy->pci, ds_cstr(&reason));
            error = EBUSY;
        } else if (busy) {
            VLOG_WARN("%s: destroying VFs although VF %d (%s) is in use: "
                      "%s", label, busy->index, busy->pci, ds_cstr(&reason));
        }
        ds_destroy(&reason);
        sriov_vf_list_destroy(&vfs);
        if (error) {
            goto out;
        }

        error = write_text(ctx, numvfs_rel, "0");
        if (error) {
            set_error(errp, "%s: cannot remove the %d VFs (writing 0 to "
                      "sriov_numvfs: %s)", label, cur, ovs_strerror(error));
            goto out;
        }
        *changed = true;
    }

    if (want > 0) {
        char *value = xasprintf("%d", want);

        error = write_text(ctx, numvfs_rel, value);
        free(value);
        if (error) {
            const char *hint = (error == ENOENT
                                ? ": no driver is bound to the PF, or its "
                                  "driver cannot configure SR-IOV through "
                                  "sysfs"
                                : error == ENOMEM || error == EIO
                                ? ": the NIC firmware may allow fewer VFs "
                                  "(e.g. mlx5 NUM_OF_VFS)"
                                : "");

            set_error(errp, "%s: cannot create %d VFs (writing sriov_numvfs:"
                      " %s)%s%s", label, want, ovs_strerror(error), hint,
                      cur > 0 ? "; the PF is left without VFs" : "");
            goto out;
        }
        *changed = true;
    }

    error = read_int(ctx, numvfs_rel, &now);
    if (!error && now != want) {
        set_error(errp, "%s: %d VFs requested; only %d enabled", label, want,
                  now);
        error = EIO;
        goto out;
    }
    error = 0;
    VLOG_INFO("%s: sriov_numvfs %d -> %s%d", label, cur,
              cur > 0 && want > 0 ? "0 -> " : "", want);

out:
    free(label);
    free(total_rel);
    free(numvfs_rel);
    return error;
}

/* Sets sriov_drivers_autoprobe of 'pf' to 'on', if it differs, and stores
 * in '*changed' whether it wrote.  With autoprobe off, VFs created later
 * are not bound to any driver until sriov_vf_bind(), which suits mlx5
 * VF-LAG: create VFs, set switchdev, build the bond, then bind.
 *
 * Returns 0, EOPNOTSUPP if the PF has no sriov_drivers_autoprobe (Linux
 * before v4.12, or no SR-IOV), or the kernel's answer to the write. */
int
sriov_set_autoprobe(const struct sriov_ctx *ctx, const struct sriov_pf *pf,
                    bool on, bool *changed, char **errp)
{
    char *rel = rel_path("bus/pci/devices/%s/sriov_drivers_autoprobe",
                         pf->pci);
    char *label = pf_label(pf);
    int cur;
    int error;

    *changed = false;
    clear_error(errp);

    error = read_int(ctx, rel, &cur);
    if (error == ENOENT) {
        set_error(errp, "%s: no sriov_drivers_autoprobe (Linux 4.12 or "
                  "later with an SR-IOV capable PF is needed)", label);
        error = EOPNOTSUPP;
    } else if (error) {
        set_error(errp, "%s: cannot read sriov_drivers_autoprobe (%s)",
                  label, ovs_strerror(error));
    } else if ((cur != 0) != on) {
        error = write_text(ctx, rel, on ? "1" : "0");
        if (error) {
            set_error(errp, "%s: cannot write sriov_drivers_autoprobe (%s)",
                      label, ovs_strerror(error));
        } else {
            *changed = true;
        }
    }
    free(label);
    free(rel);
    return error;
}

/* Driver binding. */

/* Binds the PCI device 'vf_pci' (normally a VF) to 'driver', e.g. "vfio-pci"
 * for DPDK or a VM, or "mlx5_core" to give it back to the kernel, and stores
 * in '*changed' whether anything was written.
 *
 * If the device is already bound to 'driver', nothing is written, not even
 * driver_override: no unbind and bind again.  Otherwise the sequence is the
 * one of the kernel's sysfs-bus-pci ABI:
 *
 *   echo DRIVER > /sys/bus/pci/devices/<VF>/driver_override
 *   echo <VF> > /sys/bus/pci/drivers/<OLD>/unbind      (if bound)
 *   echo <VF> > /sys/bus/pci/drivers/DRIVER/bind
 *
 * driver_override stays set afterwards, so that the device returns to
 * 'driver' if it is ever probed again, and is also what lets the bind
 * succeed for a driver (vfio-pci) whose ID table does not list the device.
 *
 * If the device is bound to another driver and in use (sriov_vf_in_use()),
 * refuses with EBUSY unless 'allow_disrupt' is true.
 *
 * Returns 0 if successful.  Otherwise a positive errno value: ENODEV for no
 * such device, ENOENT if 'driver' is not loaded (this module never loads
 * modules: "modprobe vfio-pci"), EOPNOTSUPP if the kernel lacks
 * driver_override (Linux < 3.16), EBUSY as above, EIO if the device did not
 * end up bound to 'driver', or the kernel's answer to a write. */
int
sriov_vf_bind(const struct sriov_ctx *ctx, const char *vf_pci,
              const char *driver, bool allow_disrupt, bool *changed,
              char **errp)
{
    char *override_rel = NULL;
    char *driver_rel = NULL;
    char *rel = NULL;
    struct sriov_vf vf;
    int error;

    *changed = false;
    clear_error(errp);

    error = sriov_vf_read(ctx, vf_pci, &vf, errp);
    if (error) {
        goto out;
    }
    if (vf.driver && !strcmp(vf.driver, driver)) {
        goto out;
    }

    if (!driver[0] || strchr(driver, '/')) {
        set_error(errp, "%s: invalid driver name \"%s\"", vf_pci, driver);
        error = EINVAL;
        goto out;
    }
    driver_rel = rel_path("bus/pci/drivers/%s", driver);
    if (!sys_exists(ctx, driver_rel)) {
        set_error(errp, "%s: driver %s is not loaded (load it with "
                  "\"modprobe %s\")", vf_pci, driver, driver);
        error = ENOENT;
        goto out;
    }

    if (vf.driver && !allow_disrupt) {
        struct ds reason = DS_EMPTY_INITIALIZER;

        if (sriov_vf_in_use(ctx, &vf, &reason)) {
            set_error(errp, "%s: binding to %s needs an unbind from %s, but "
                      "the device is in use: %s", vf_pci, driver, vf.driver,
                      ds_cstr(&reason));
            error = EBUSY;
        }
        ds_destroy(&reason);
        if (error) {
            goto out;
        }
    }

    override_rel = rel_path("bus/pci/devices/%s/driver_override", vf_pci);
    if (!sys_lexists(ctx, override_rel)) {
        set_error(errp, "%s: the kernel has no driver_override (Linux 3.16 "
                  "or later is needed)", vf_pci);
        error = EOPNOTSUPP;
        goto out;
    }
    if (!vf.driver_override || strcmp(vf.driver_override, driver)) {
        error = write_text(ctx, override_rel, driver);
        if (error) {
            set_error(errp, "%s: cannot set driver_override to %s (%s)",
                      vf_pci, driver, ovs_strerror(error));
            goto out;
        }
        *changed = true;
    }

    if (vf.driver) {
        rel = rel_path("bus/pci/drivers/%s/unbind", vf.driver);
        error = write_text(ctx, rel, vf_pci);
        if (error) {
            set_error(errp, "%s: cannot unbind from %s (%s)", vf_pci,
                      vf.driver, ovs_strerror(error));
            goto out;
        }
        *changed = true;
        free(rel);
    }

    rel = rel_path("bus/pci/drivers/%s/bind", driver);
    error = write_text(ctx, rel, vf_pci);
    if (error) {
        set_error(errp, "%s: cannot bind to %s (%s)%s", vf_pci, driver,
                  ovs_strerror(error),
                  vf.driver ? "; the device is left unbound" : "");
        goto out;
    }
    *changed = true;

    sriov_vf_uninit(&vf);
    sriov_vf_read(ctx, vf_pci, &vf, NULL);
    if (!vf.driver || strcmp(vf.driver, driver)) {
        set_error(errp, "%s: bound to %s, but the device's driver is now %s",
                  vf_pci, driver, vf.driver ? vf.driver : "none");
        error = EIO;
        goto out;
    }
    VLOG_INFO("%s: bound to %s", vf_pci, driver);

out:
    sriov_vf_uninit(&vf);
    free(rel);
    free(override_rel);
    free(driver_rel);
    return error;
}

/* Unbinds the PCI device 'vf_pci' from its driver ("echo <VF> >
 * /sys/bus/pci/drivers/<DRV>/unbind"), as mlx5 needs for every VF before a
 * switchdev or VF-LAG change, and stores in '*changed' whether anything was
 * written.  An unbound device is left alone.  driver_override is not
 * touched.
 *
 * If the device is in use (sriov_vf_in_use()), refuses with EBUSY unless
 * 'allow_disrupt' is true.
 *
 * Returns 0, ENODEV for no such device, EBUSY as above, EIO if the device
 * is still bound afterwards, or the kernel's answer to the write. */
int
sriov_vf_unbind(const struct sriov_ctx *ctx, const char *vf_pci,
                bool allow_disrupt, bool *changed, char **errp)
{
    struct ds reason = DS_EMPTY_INITIALIZER;
    struct sriov_vf vf;
    char *rel = NULL;
    int error;

    *changed = false;
    clear_error(errp);

    error = sriov_vf_read(ctx, vf_pci, &vf, errp);
    if (error || !vf.driver) {
        goto out;
    }
    if (!allow_disrupt && sriov_vf_in_use(ctx, &vf, &reason)) {
        set_error(errp, "%s: cannot unbind from %s: the device is in use: %s",
                  vf_pci, vf.driver, ds_cstr(&reason));
        error = EBUSY;
        goto out;
    }

    rel = rel_path("bus/pci/drivers/%s/unbind", vf.driver);
    error = write_text(ctx, rel, vf_pci);
    if (error) {
        set_error(errp, "%s: cannot unbind from %s (%s)", vf_pci, vf.driver,
                  ovs_strerror(error));
        goto out;
    }
    *changed = true;

    free(rel);
    rel = rel_path("bus/pci/devices/%s/driver", vf_pci);
    if (sys_lexists(ctx, rel)) {
        set_error(errp, "%s: still bound to %s after unbind", vf_pci,
                  vf.driver);
        error = EIO;
        goto out;
    }
    VLOG_INFO("%s: unbound from %s", vf_pci, vf.driver);

out:
    ds_destroy(&reason);
    sriov_vf_uninit(&vf);
    free(rel);
    return error;
}

/* Waiting. */

/* Returns true if the PF with PCI address 'pf_pci' has at least 'n_vfs' VFs
 * in the state 'flags' asks for (enum sriov_wait_flags): their virtfn<N>
 * links exist (SRIOV_WAIT_LINKS) and each has at least one netdev
 * (SRIOV_WAIT_NETDEVS).  Otherwise appends what is missing to 'missing'
 * (if nonnull), e.g. "virtfn3" or "netdev of VF 2 (0000:03:00.4)", and
 * returns false.
 *
 * This does not block: a poll loop calls it from its run function.  Only
 * ask for netdevs when the VFs are bound to a netdev driver (autoprobe on,
 * not vfio-pci). */
bool
sriov_vfs_ready(const struct sriov_ctx *ctx, const char *pf_pci, int n_vfs,
                unsigned int flags, struct ds *missing)
{
    for (int i = 0; i < n_vfs; i++) {
        char *rel = rel_path("bus/pci/devices/%s/virtfn%d", pf_pci, i);
        char *target;

        /* The links come first, whatever 'flags' says. */
        if (read_link_base(ctx, rel, &target)) {
            if (missing) {
                ds_put_format(missing, "virtfn%d", i);
            }
            free(rel);
            return false;
        }
        free(rel);

        if (flags & SRIOV_WAIT_NETDEVS) {
            struct svec names = SVEC_EMPTY_INITIALIZER;
            bool none;

            rel = rel_path("bus/pci/devices/%s/net", target);
            list_dir(ctx, rel, NULL, &names);
            none = !names.n;
            svec_destroy(&names);
            free(rel);
            if (none) {
                if (missing) {
                    ds_put_format(missing, "netdev of VF %d (%s)", i,
                                  target);
                }
                free(target);
                return false;
            }
        }
        free(target);
    }
    return true;
}

static long long int
ctx_now(const struct sriov_ctx *ctx)
{
    return ctx && ctx->now_ms ? ctx->now_ms(ctx->aux) : time_msec();
}

static void
ctx_sleep(const struct sriov_ctx *ctx, unsigned int ms)
{
    if (ctx && ctx->sleep_ms) {
        ctx->sleep_ms(ctx->aux, ms);
    } else {
        xnanosleep((uint64_t) ms * 1000 * 1000);
    }
}

/* Calls 'cond' with 'cond_aux' until it returns true, sleeping
 * 'interval_ms' between calls (at least 1 ms), for at most 'timeout_ms' by
 * 'ctx''s clock.  'cond' is always called at least once, and once more at
 * the deadline.  Returns 0 if 'cond' returned true, ETIMEDOUT otherwise.
 *
 * This blocks: it is for one-shot commands, not for a daemon's main
 * loop. */
int
sriov_poll(const struct sriov_ctx *ctx, bool (*cond)(void *cond_aux),
           void *cond_aux, unsigned int timeout_ms, unsigned int interval_ms)
{
    long long int deadline = ctx_now(ctx) + timeout_ms;

    interval_ms = MAX(interval_ms, 1);
    for (;;) {
        long long int now;

        if (cond(cond_aux)) {
            return 0;
        }
        now = ctx_now(ctx);
        if (now >= deadline) {
            return ETIMEDOUT;
        }
        ctx_sleep(ctx, MIN(interval_ms, deadline - now));
    }
}

struct wait_vfs_aux {
    const struct sriov_ctx *ctx;
    const char *pf_pci;
    int n_vfs;
    unsigned int flags;
};

static bool
wait_vfs_cond(void *aux_)
{
    const struct wait_vfs_aux *aux = aux_;

    return sriov_vfs_ready(aux->ctx, aux->pf_pci, aux->n_vfs, aux->flags,
                           NULL);
}

/* Waits up to 'timeout_ms' for the PF with PCI address 'pf_pci' to have
 * 'n_vfs' VFs in the state that 'flags' describes (see sriov_vfs_ready()),
 * polling every 100 ms.  VF creation can take seconds per VF on some NICs
 * (mlx5 with many VFs).
 *
 * Returns 0, or ETIMEDOUT with a message naming what is still missing. */
int
sriov_wait_vfs(const struct sriov_ctx *ctx, const char *pf_pci, int n_vfs,
               unsigned int flags, unsigned int timeout_ms, char **errp)
{
    struct wait_vfs_aux aux = {
        .ctx = ctx,
        .pf_pci = pf_pci,
        .n_vfs = n_vfs,
        .flags = flags,
    };
    int error;

    clear_error(errp);
    error = sriov_poll(ctx, wait_vfs_cond, &aux, timeout_ms,
                       WAIT_INTERVAL_MS);
    if (error) {
        struct ds missing = DS_EMPTY_INITIALIZER;

        sriov_vfs_ready(ctx, pf_pci, n_vfs, flags, &missing);
        set_error(errp, "%s: %d VFs not ready after %u ms: no %s yet",
                  pf_pci, n_vfs, timeout_ms, ds_cstr(&missing));
        ds_destroy(&missing);
    }
    return error;
}

/* Per-VF settings over rtnetlink. */

/* Initializes 'link' for VF 'vf' with nothing present. */
void
sriov_vf_link_init(struct sriov_vf_link *link, uint32_t vf)
{
    memset(link, 0, sizeof *link);
    link->vf = vf;
    link->spoofchk = -1;
    link->trust = -1;
}

/* Starts an rtnetlink request of type 'type' in 'buf' of 'size' bytes, for
 * the netdev with ifindex 'ifindex', with an acknowledgement requested.
 * Zeroes 'buf' first: libmnl does not clear attribute padding.  Returns
 * NULL if 'size' is too small for the headers. */
static struct nlmsghdr *
put_link_request(void *buf, size_t size, uint16_t type, int ifindex)
{
    struct nlmsghdr *nlh = nl_mnl_put_request(buf, size, type, NLM_F_ACK,
                                              sizeof(struct ifinfomsg));
    struct ifinfomsg *ifi;

    if (nlh) {
        ifi = mnl_nlmsg_get_payload(nlh);
        ifi->ifi_family = AF_UNSPEC;
        ifi->ifi_index = ifindex;
    }
    return nlh;
}

/* Builds in 'buf', 'size' bytes aligned for a 'struct nlmsghdr', an
 * RTM_SETLINK request for the PF with ifindex 'ifindex' that sets, for VF
 * 'link->vf', the settings present in 'link' ("ip link set PF vf N mac M
 * spoofchk on|off trust on|off"):
 *
 *   ifinfomsg { AF_UNSPEC, ifindex }
 *   IFLA_VFINFO_LIST {
 *       IFLA_VF_INFO {
 *           IFLA_VF_MAC       struct ifla_vf_mac { vf, mac[32] }
 *           IFLA_VF_SPOOFCHK  struct ifla_vf_spoofchk { vf, setting }
 *           IFLA_VF_TRUST     struct ifla_vf_trust { vf, setting }
 *       }
 *   }
 *
 * with NLM_F_ACK and sequence number 0.  Returns the message, or NULL if
 * 'link' sets nothing or 'buf' is too small (SRIOV_REQUEST_SIZE always
 * suffices). */
struct nlmsghdr *
sriov_build_vf_set(void *buf, size_t size, int ifindex,
                   const struct sriov_vf_link *link)
{
    struct nlattr *list, *info;
    struct nlmsghdr *nlh;

    if (!link->mac_present && link->spoofchk < 0 && link->trust < 0) {
        return NULL;
    }
    nlh = put_link_request(buf, size, RTM_SETLINK, ifindex);
    if (!nlh) {
        return NULL;
    }

    list = mnl_attr_nest_start_check(nlh, size, IFLA_VFINFO_LIST);
    info = list ? mnl_attr_nest_start_check(nlh, size, IFLA_VF_INFO) : NULL;
    if (!info) {
        return NULL;
    }
    if (link->mac_present) {
        struct ifla_vf_mac mac;

        memset(&mac, 0, sizeof mac);
        mac.vf = link->vf;
        memcpy(mac.mac, link->mac, SRIOV_MAC_LEN);
        if (!mnl_attr_put_check(nlh, size, IFLA_VF_MAC, sizeof mac, &mac)) {
            return NULL;
        }
    }
    if (link->spoofchk >= 0) {
        struct ifla_vf_spoofchk spoofchk = {
            .vf = link->vf,
            .setting = link->spoofchk != 0,
        };

        if (!mnl_attr_put_check(nlh, size, IFLA_VF_SPOOFCHK, sizeof spoofchk,
                                &spoofchk)) {
            return NULL;
        }
    }
    if (link->trust >= 0) {
        struct ifla_vf_trust trust = {
            .vf = link->vf,
            .setting = link->trust != 0,
        };

        if (!mnl_attr_put_check(nlh, size, IFLA_VF_TRUST, sizeof trust,
                                &trust)) {
            return NULL;
        }
    }
    mnl_attr_nest_end(nlh, info);
    mnl_attr_nest_end(nlh, list);
    return nlh;
}

/* Builds in 'buf', 'size' bytes aligned for a 'struct nlmsghdr', an
 * RTM_GETLINK request for the netdev with ifindex 'ifindex' that asks for
 * its VFs without their statistics (IFLA_EXT_MASK RTEXT_FILTER_VF |
 * RTEXT_FILTER_SKIP_STATS; "ip link show PF"), with NLM_F_ACK.  Returns the
 * message, or NULL if 'buf' is too small. */
struct nlmsghdr *
sriov_build_getlink(void *buf, size_t size, int ifindex)
{
    struct nlmsghdr *nlh = put_link_request(buf, size, RTM_GETLINK, ifindex);

    if (!nlh || !mnl_attr_put_u32_check(nlh, size, IFLA_EXT_MASK,
                                        RTEXT_FILTER_VF
                                        | RTEXT_FILTER_SKIP_STATS)) {
        return NULL;
    }
    return nlh;
}

/* Parses one IFLA_VF_INFO nest into 'link'.  Returns 0 or EINVAL. */
static int
parse_vf_info(const struct nlattr *info, struct sriov_vf_link *link)
{
    const struct nlattr *attr;
    bool have_vf = false;

    if (!nl_mnl_nest_whole(info)) {
        return EINVAL;
    }
    sriov_vf_link_init(link, 0);
    mnl_attr_for_each_nested (attr, info) {
        size_t len = mnl_attr_get_payload_len(attr);
        const void *payload = mnl_attr_get_payload(attr);

        switch (mnl_attr_get_type(attr)) {
        case IFLA_VF_MAC: {
            struct ifla_vf_mac mac;
            static const uint8_t zero[SRIOV_MAC_LEN];

            if (len < sizeof mac) {
                return EINVAL;
            }
            memcpy(&mac, payload, sizeof mac);
            link->vf = mac.vf;
            have_vf = true;
            memcpy(link->mac, mac.mac, SRIOV_MAC_LEN);
            link->mac_present = memcmp(link->mac, zero, SRIOV_MAC_LEN) != 0;
            break;
        }
        case IFLA_VF_SPOOFCHK: {
            struct ifla_vf_spoofchk spoofchk;

            if (len < sizeof spoofchk) {
                return EINVAL;
            }
            memcpy(&spoofchk, payload, sizeof spoofchk);
            link->vf = spoofchk.vf;
            have_vf = true;
            /* Drivers without spoof checking report (u32) -1. */
            link->spoofchk = (spoofchk.setting <= 1
                              ? (int) spoofchk.setting : -1);
            break;
        }
        case IFLA_VF_TRUST: {
            struct ifla_vf_trust trust;

            if (len < sizeof trust) {
                return EINVAL;
            }
            memcpy(&trust, payload, sizeof trust);
            link->vf = trust.vf;
            have_vf = true;
            link->trust = trust.setting <= 1 ? (int) trust.setting : -1;
            break;
        }
        default:
            /* VLANs, rates, link state, statistics...: not needed. */
            break;
        }
    }
    return have_vf ? 0 : EINVAL;
}

/* Parses 'nlh', an RTM_NEWLINK message for a PF (the reply to
 * sriov_build_getlink()), into an array of VF settings stored in '*vfs',
 * which the caller must free(), and their number in '*n_vfs'.  A netdev
 * without VFs, or a message without IFLA_VFINFO_LIST, yields none.  Each
 * VF's MAC is present only if non-zero; spoofchk and trust are -1 where the
 * driver does not report them.
 *
 * Returns 0 or EINVAL if the message is malformed (then no VFs). */
int
sriov_parse_vfinfo(const struct nlmsghdr *nlh, struct sriov_vf_link **vfs,
                   size_t *n_vfs)
{
    const size_t hdrlen = MNL_ALIGN(sizeof(struct ifinfomsg));
    const struct nlattr *attr, *list = NULL;
    size_t allocated = 0;

    *vfs = NULL;
    *n_vfs = 0;
    if (nlh->nlmsg_type != RTM_NEWLINK
        || !nl_mnl_msg_attrs_whole(nlh, hdrlen)) {
        return EINVAL;
    }
    mnl_attr_for_each (attr, nlh, hdrlen) {
        if (mnl_attr_get_type(attr) == IFLA_VFINFO_LIST) {
            list = attr;
        }
    }
    if (!list) {
        return 0;
    }
    if (!nl_mnl_nest_whole(list)) {
        return EINVAL;
    }
    mnl_attr_for_each_nested (attr, list) {
        struct sriov_vf_link link;

        if (mnl_attr_get_type(attr) != IFLA_VF_INFO) {
            continue;
        }
        if (parse_vf_info(attr, &link)) {
            free(*vfs);
            *vfs = NULL;
            *n_vfs = 0;
            return EINVAL;
        }
        if (*n_vfs >= allocated) {
            *vfs = x2nrealloc(*vfs, &allocated, sizeof **vfs);
        }
        (*vfs)[(*n_vfs)++] = link;
    }
    return 0;
}

/* Formats a rtnetlink failure for 'pf_netdev' into '*errp'. */
static void
set_rtnl_error(char **errp, const char *pf_netdev, const char *what,
               int error, const char *extack)
{
    set_error(errp, "%s: %s failed (%s)%s%s%s", pf_netdev, what,
              ovs_strerror(error), extack ? ": \"" : "",
              extack ? extack : "", extack ? "\"" : "");
}

/* Reads the per-VF settings of PF netdev 'pf_netdev' ("ip link show PF")
 * into '*vfs', which the caller must free(), and their number into
 * '*n_vfs' (0 for a netdev without VFs).  See sriov_parse_vfinfo().
 * Returns 0 or a positive errno value, e.g. ENODEV for no such netdev. */
int
sriov_vf_link_get(const char *pf_netdev, struct sriov_vf_link **vfs,
                  size_t *n_vfs, char **errp)
{
    uint64_t buf[SRIOV_REQUEST_SIZE / sizeof(uint64_t)];
    struct nlmsghdr *req, *reply = NULL;
    struct mnl_socket *sock;
    char *extack = NULL;
    int ifindex;
    int error;

    *vfs = NULL;
    *n_vfs = 0;
    clear_error(errp);

    ifindex = if_nametoindex(pf_netdev);
    if (!ifindex) {
        set_error(errp, "%s: no such netdev", pf_netdev);
        return ENODEV;
    }
    req = sriov_build_getlink(buf, sizeof buf, ifindex);
    error = nl_mnl_open(NETLINK_ROUTE, &sock, errp);
    if (error) {
        return error;
    }
    error = nl_mnl_transact_one(sock, req, RTM_NEWLINK, &reply, &extack);
    nl_mnl_close(sock);
    if (!error) {
        error = sriov_parse_vfinfo(reply, vfs, n_vfs);
    }
    if (error) {
        set_rtnl_error(errp, pf_netdev, "reading VF settings", error,
                       extack);
    }
    free(reply);
    free(extack);
    return error;
}

/* Sends the settings present in 'link' for VF 'link->vf' to PF netdev
 * 'pf_netdev' unconditionally ("ip link set PF vf N ...").  Returns 0 or a
 * positive errno value with the kernel's explanation in '*errp', e.g.
 * EOPNOTSUPP from a driver that cannot set the VF's trust.  A warning the
 * kernel attaches to a success is logged.  EINVAL if 'link' sets
 * nothing. */
int
sriov_vf_link_write(const char *pf_netdev, const struct sriov_vf_link *link,
                    char **errp)
{
    uint64_t buf[SRIOV_REQUEST_SIZE / sizeof(uint64_t)];
    struct nlmsghdr *req;
    struct mnl_socket *sock;
    char *extack = NULL;
    int ifindex;
    int error;

    clear_error(errp);
    ifindex = if_nametoindex(pf_netdev);
    if (!ifindex) {
        set_error(errp, "%s: no such netdev", pf_netdev);
        return ENODEV;
    }
    req = sriov_build_vf_set(buf, sizeof buf, ifindex, link);
    if (!req) {
        set_error(errp, "%s: nothing to set for VF %"PRIu32, pf_netdev,
                  link->vf);
        return EINVAL;
    }
    error = nl_mnl_open(NETLINK_ROUTE, &sock, errp);
    if (error) {
        return error;
    }
    error = nl_mnl_transact(sock, req, NULL, NULL, &extack);
    nl_mnl_close(sock);
    if (error) {
        char *what = xasprintf("setting VF %"PRIu32, link->vf);

        set_rtnl_error(errp, pf_netdev, what, error, extack);
        free(what);
    } else if (extack) {
        VLOG_WARN("%s: VF %"PRIu32": kernel warning: %s", pf_netdev,
                  link->vf, extack);
    }
    free(extack);
    return error;
}

/* Makes the settings of VF 'want->vf' of PF netdev 'pf_netdev' match those
 * present in 'want': reads the current ones and sends only those that
 * differ, or nothing.  Stores in '*changed' whether it sent anything.
 * Returns 0, ENOENT if the PF has no such VF, or a positive errno value
 * from sriov_vf_link_get() or sriov_vf_link_write(). */
int
sriov_vf_link_set(const char *pf_netdev, const struct sriov_vf_link *want,
                  bool *changed, char **errp)
{
    const struct sriov_vf_link *cur = NULL;
    struct sriov_vf_link diff;
    struct sriov_vf_link *vfs;
    size_t n_vfs;
    int error;

    *changed = false;
    error = sriov_vf_link_get(pf_netdev, &vfs, &n_vfs, errp);
    if (error) {
        return error;
    }
    for (size_t i = 0; i < n_vfs; i++) {
        if (vfs[i].vf == want->vf) {
            cur = &vfs[i];
        }
    }
    if (!cur) {
        set_error(errp, "%s: no VF %"PRIu32" (the PF reports %"PRIuSIZE
                  " VFs)", pf_netdev, want->vf, n_vfs);
        free(vfs);
        return ENOENT;
    }

    sriov_vf_link_init(&diff, want->vf);
    if (want->mac_present
        && (!cur->mac_present
            || memcmp(cur->mac, want->mac, SRIOV_MAC_LEN))) {
        diff.mac_present = true;
        memcpy(diff.mac, want->mac, SRIOV_MAC_LEN);
    }
    if (want->spoofchk >= 0 && cur->spoofchk != (want->spoofchk != 0)) {
        diff.spoofchk = want->spoofchk != 0;
    }
    if (want->trust >= 0 && cur->trust != (want->trust != 0)) {
        diff.trust = want->trust != 0;
    }
    free(vfs);

    if (!diff.mac_present && diff.spoofchk < 0 && diff.trust < 0) {
        return 0;
    }
    error = sriov_vf_link_write(pf_netdev, &diff, errp);
    *changed = !error;
    return error;
}
