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

/* Unit tests of the SR-IOV module (devlink/sriov.c).
 *
 * Each test builds a sysfs fixture tree in a mkdtemp() directory, laid out
 * like the real one: /sys/bus/pci/devices/<BDF> with sriov_* files, virtfn
 * and physfn links, driver links into /sys/bus/pci/drivers, net/<netdev>
 * directories with "flags", and /sys/class/net links.  sysfs files are
 * plain files here, so a "fake kernel" write hook emulates the kernel's
 * side of each write: VFs appearing on a numvfs write (and EBUSY for a
 * non-zero to non-zero change, as the real one), driver links on bind and
 * unbind.  Every write is checked through the module's trace, written as
 * the shell commands it is equivalent to.
 *
 * The rtnetlink part is tested by building requests and parsing synthetic
 * replies; the live test sends to the loopback device of a private network
 * namespace, which has no VFs. */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <inttypes.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <libmnl/libmnl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <cmocka.h>

#include "devlink/sriov.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

/* What the module's paths start with, whatever the root. */
#define SYSFS_PREFIX "/sys/"

/* The PF of most tests. */
#define PF_PCI "0000:03:00.0"
#define PF_NETDEV "ens1f0"
#define PF_DRIVER "mlx5_core"
#define TOTALVFS 8

/* Fixture. */

struct fixture {
    char *root;                 /* The fake /sys. */
    struct ds trace;            /* The module's write trace. */
    struct sriov_ctx ctx;

    /* Fake kernel. */
    const char *vf_driver;      /* Driver new VFs bind to if autoprobe. */
    int enable_limit;           /* Create at most this many VFs, or -1. */
    const char *fail_suffix;    /* Fail writes to paths ending so... */
    int fail_error;             /* ...with this error. */
    bool bind_noop;             /* bind writes do not bind. */
    int n_writes;               /* Writes seen by the hook. */

    /* Fake clock. */
    long long int now;
    int n_sleeps;
    int vfs_appear_after;       /* Sleeps after which the hook's pending
                                 * VFs appear, or -1. */
    int pending_vfs;
};

static char *
fx_path(const struct fixture *fx, const char *rel)
{
    return xasprintf("%s/%s", fx->root, rel);
}

static void OVS_PRINTF_FORMAT(2, 3)
fx_mkdir(const struct fixture *fx, const char *format, ...)
{
    va_list args;
    char *rel, *path;

    va_start(args, format);
    rel = xvasprintf(format, args);
    va_end(args);

    path = fx_path(fx, rel);
    for (char *p = path + strlen(fx->root) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    mkdir(path, 0755);
    free(path);
    free(rel);
}

/* Creates the file 'rel' with 'content', and its directory. */
static void
fx_put(const struct fixture *fx, const char *rel, const char *content)
{
    char *dir = xstrdup(rel);
    char *slash = strrchr(dir, '/');
    char *path;
    FILE *f;

    if (slash) {
        *slash = '\0';
        fx_mkdir(fx, "%s", dir);
    }
    free(dir);

    path = fx_path(fx, rel);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
    free(path);
}

/* Creates the symlink 'rel' pointing to 'target', replacing any. */
static void
fx_link(const struct fixture *fx, const char *rel, const char *target)
{
    char *path = fx_path(fx, rel);

    unlink(path);
    assert_int_equal(symlink(target, path), 0);
    free(path);
}

static void
fx_unlink(const struct fixture *fx, const char *rel)
{
    char *path = fx_path(fx, rel);

    unlink(path);
    free(path);
}

/* Returns the content of file 'rel', malloc'd, or NULL. */
static char *
fx_get(const struct fixture *fx, const char *rel)
{
    char *path = fx_path(fx, rel);
    struct ds s = DS_EMPTY_INITIALIZER;
    FILE *f = fopen(path, "r");

    free(path);
    if (!f) {
        return NULL;
    }
    ds_get_line(&s, f);
    fclose(f);
    return ds_steal_cstr(&s);
}

static bool
fx_exists(const struct fixture *fx, const char *rel)
{
    char *path = fx_path(fx, rel);
    struct stat st;
    bool exists = !lstat(path, &st);

    free(path);
    return exists;
}

static int
remove_cb(const char *path, const struct stat *st OVS_UNUSED,
          int flag OVS_UNUSED, struct FTW *ftw OVS_UNUSED)
{
    return remove(path);
}

/* PCI address of VF 'i' of PF_PCI: functions 2 and up. */
static char *
vf_pci(int i)
{
    int devfn = 2 + i;

    return xasprintf("0000:03:%02x.%x", devfn / 8, devfn % 8);
}

/* Creates a driver directory with bind and unbind files. */
static void
fx_driver(const struct fixture *fx, const char *driver)
{
    char *rel = xasprintf("bus/pci/drivers/%s/bind", driver);

    fx_put(fx, rel, "");
    free(rel);
    rel = xasprintf("bus/pci/drivers/%s/unbind", driver);
    fx_put(fx, rel, "");
    free(rel);
}

/* Binds device 'pci' to 'driver' in the tree. */
static void
fx_bind(const struct fixture *fx, const char *pci, const char *driver)
{
    char *rel = xasprintf("bus/pci/devices/%s/driver", pci);
    char *target = xasprintf("../../drivers/%s", driver);

    fx_link(fx, rel, target);
    free(target);
    free(rel);
}

/* Adds netdev 'name' to device 'pci', down, with its /sys/class/net
 * link. */
static void
fx_netdev(const struct fixture *fx, const char *pci, const char *name)
{
    char *rel, *target;

    rel = xasprintf("bus/pci/devices/%s/net/%s/flags", pci, name);
    fx_put(fx, rel, "0x1002\n");
    free(rel);

    rel = xasprintf("bus/pci/devices/%s/net/%s/device", pci, name);
    target = xasprintf("../../../%s", pci);
    fx_link(fx, rel, target);
    free(target);
    free(rel);

    fx_mkdir(fx, "class/net");
    rel = xasprintf("class/net/%s", name);
    target = xasprintf("../../bus/pci/devices/%s/net/%s", pci, name);
    fx_link(fx, rel, target);
    free(target);
    free(rel);
}

/* Creates VF 'i' of PF_PCI: the device, both links, an IOMMU group of its
 * own, driver_override unset, and if 'driver' is nonnull, bound to it with
 * a netdev. */
static void
fx_create_vf(const struct fixture *fx, int i, const char *driver)
{
    char *pci = vf_pci(i);
    char *rel, *target;

    rel = xasprintf("bus/pci/devices/%s/driver_override", pci);
    fx_put(fx, rel, "(null)\n");
    free(rel);

    rel = xasprintf("bus/pci/devices/%s/physfn", pci);
    fx_link(fx, rel, "../" PF_PCI);
    free(rel);

    rel = xasprintf("bus/pci/devices/" PF_PCI "/virtfn%d", i);
    target = xasprintf("../%s", pci);
    fx_link(fx, rel, target);
    free(target);
    free(rel);

    fx_mkdir(fx, "kernel/iommu_groups/%d/devices", 40 + i);
    rel = xasprintf("bus/pci/devices/%s/iommu_group", pci);
    target = xasprintf("../../../../kernel/iommu_groups/%d", 40 + i);
    fx_link(fx, rel, target);
    free(target);
    free(rel);

    if (driver) {
        char *name = xasprintf(PF_NETDEV "v%d", i);

        fx_bind(fx, pci, driver);
        fx_netdev(fx, pci, name);
        free(name);
    }
    free(pci);
}

/* Removes VF 'i' of PF_PCI. */
static void
fx_destroy_vf(const struct fixture *fx, int i)
{
    char *pci = vf_pci(i);
    char *rel = xasprintf("bus/pci/devices/%s", pci);
    char *path = fx_path(fx, rel);

    nftw(path, remove_cb, 16, FTW_DEPTH | FTW_PHYS);
    free(path);
    free(rel);

    rel = xasprintf("bus/pci/devices/" PF_PCI "/virtfn%d", i);
    fx_unlink(fx, rel);
    free(rel);

    rel = xasprintf("class/net/" PF_NETDEV "v%d", i);
    fx_unlink(fx, rel);
    free(rel);
    free(pci);
}

static int
fx_int(const struct fixture *fx, const char *rel)
{
    char *text = fx_get(fx, rel);
    int value = text ? atoi(text) : -1;

    free(text);
    return value;
}

static bool
ends_with(const char *s, const char *suffix)
{
    size_t len = strlen(s), slen = strlen(suffix);

    return len >= slen && !strcmp(s + len - slen, suffix);
}

/* The fake kernel: every write goes here, with the "/sys/..." path.  It
 * stores the value in the file, as a sysfs attribute would show it, and
 * emulates the kernel's side effects. */
static int
fake_kernel(void *fx_, const char *path, const char *value)
{
    struct fixture *fx = fx_;
    const char *rel = path + strlen(SYSFS_PREFIX);
    char *text;

    fx->n_writes++;
    if (fx->fail_suffix && ends_with(path, fx->fail_suffix)) {
        return fx->fail_error;
    }
    if (!fx_exists(fx, rel)) {
        /* sysfs attributes cannot be created. */
        return ENOENT;
    }

    if (ends_with(rel, "/sriov_numvfs")) {
        int cur = fx_int(fx, "bus/pci/devices/" PF_PCI "/sriov_numvfs");
        int want = atoi(value);
        int autoprobe;

        if (want > TOTALVFS) {
            return ERANGE;
        }
        if (cur > 0 && want > 0 && want != cur) {
            /* "%d VFs already enabled. Disable before enabling %d VFs". */
            return EBUSY;
        }
        autoprobe = fx_int(fx, "bus/pci/devices/" PF_PCI
                           "/sriov_drivers_autoprobe");
        for (int i = 0; i < cur; i++) {
            fx_destroy_vf(fx, i);
        }
        if (fx->enable_limit >= 0) {
            /* "%d VFs requested; only %d enabled", and the write
             * succeeds. */
            want = MIN(want, fx->enable_limit);
        }
        if (fx->vfs_appear_after >= 0) {
            fx->pending_vfs = want;
        } else {
            for (int i = 0; i < want; i++) {
                fx_create_vf(fx, i, autoprobe ? fx->vf_driver : NULL);
            }
        }
        text = xasprintf("%d\n", want);
        fx_put(fx, rel, text);
        free(text);
        return 0;
    } else if (ends_with(rel, "/unbind")) {
        char *link = xasprintf("bus/pci/devices/%s/driver", value);

        fx_unlink(fx, link);
        free(link);
    } else if (ends_with(rel, "/bind") && !fx->bind_noop) {
        char *driver = xstrdup(rel + strlen("bus/pci/drivers/"));

        *strchr(driver, '/') = '\0';
        fx_bind(fx, value, driver);
        free(driver);
    }
    text = xasprintf("%s\n", value);
    fx_put(fx, rel, text);
    free(text);
    return 0;
}

static long long int
fake_now(void *fx_)
{
    struct fixture *fx = fx_;

    return fx->now;
}

static void
fake_sleep(void *fx_, unsigned int ms)
{
    struct fixture *fx = fx_;

    fx->now += ms;
    fx->n_sleeps++;
    if (fx->vfs_appear_after >= 0 && fx->n_sleeps == fx->vfs_appear_after) {
        for (int i = 0; i < fx->pending_vfs; i++) {
            fx_create_vf(fx, i, fx->vf_driver);
        }
    }
}

/* Builds the standard tree: PF_PCI bound to PF_DRIVER with netdev
 * PF_NETDEV, TOTALVFS VFs possible, none enabled, autoprobe on; drivers
 * PF_DRIVER and vfio-pci loaded. */
static int
setup(void **state)
{
    struct fixture *fx = xzalloc(sizeof *fx);
    char template[] = "/tmp/test-sriov.XXXXXX";

    assert_non_null(mkdtemp(template));
    fx->root = xstrdup(template);
    ds_init(&fx->trace);
    fx->ctx.sysfs_root = fx->root;
    fx->ctx.trace = &fx->trace;
    fx->ctx.write_hook = fake_kernel;
    fx->ctx.now_ms = fake_now;
    fx->ctx.sleep_ms = fake_sleep;
    fx->ctx.aux = fx;
    fx->vf_driver = PF_DRIVER;
    fx->enable_limit = -1;
    fx->vfs_appear_after = -1;
    fx->now = 1000;

    fx_driver(fx, PF_DRIVER);
    fx_driver(fx, "vfio-pci");
    fx_put(fx, "bus/pci/devices/" PF_PCI "/sriov_totalvfs", "8\n");
    fx_put(fx, "bus/pci/devices/" PF_PCI "/sriov_numvfs", "0\n");
    fx_put(fx, "bus/pci/devices/" PF_PCI "/sriov_drivers_autoprobe", "1\n");
    fx_bind(fx, PF_PCI, PF_DRIVER);
    fx_netdev(fx, PF_PCI, PF_NETDEV);

    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;

    nftw(fx->root, remove_cb, 16, FTW_DEPTH | FTW_PHYS);
    free(fx->root);
    ds_destroy(&fx->trace);
    free(fx);
    return 0;
}

/* Creates 'n' VFs in the tree as if the kernel had, bound to 'driver' (or
 * unbound if NULL), without going through the module. */
static void
fx_enable(struct fixture *fx, int n, const char *driver)
{
    char *text = xasprintf("%d\n", n);

    for (int i = 0; i < n; i++) {
        fx_create_vf(fx, i, driver);
    }
    fx_put(fx, "bus/pci/devices/" PF_PCI "/sriov_numvfs", text);
    free(text);
}

static void
resolve_pf(struct fixture *fx, struct sriov_pf *pf)
{
    char *err;

    assert_int_equal(sriov_pf_resolve(&fx->ctx, PF_NETDEV, pf, &err), 0);
    assert_null(err);
}

/* Sets netdev 'name' of VF 'i' up. */
static void
fx_vf_up(struct fixture *fx, int i)
{
    char *pci = vf_pci(i);
    char *rel = xasprintf("bus/pci/devices/%s/net/" PF_NETDEV "v%d/flags",
                          pci, i);

    fx_put(fx, rel, "0x1003\n");
    free(rel);
    free(pci);
}

/* PCI addresses. */

static void
test_pci_address(void **state OVS_UNUSED)
{
    static const struct {
        const char *s;
        bool ok;
    } cases[] = {
        { "0000:03:00.0", true },
        { "0000:af:1f.7", true },
        { "10000:00:01.0", true },       /* VMD domain. */
        { "0000:03:00.8", false },       /* Function 0 to 7. */
        { "03:00.0", false },            /* No domain. */
        { "0000:3:00.0", false },
        { "0000:03:00.0 ", false },
        { "0000:03:00", false },
        { "ens1f0", false },
        { "", false },
        { "000g:03:00.0", false },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        if (sriov_is_pci_address(cases[i].s) != cases[i].ok) {
            fail_msg("\"%s\": expected %s", cases[i].s,
                     cases[i].ok ? "valid" : "invalid");
        }
    }
}

/* PF resolution. */

static void
test_resolve_netdev(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;

    resolve_pf(fx, &pf);
    assert_string_equal(pf.pci, PF_PCI);
    assert_string_equal(pf.netdev, PF_NETDEV);
    assert_string_equal(pf.driver, PF_DRIVER);
    assert_int_equal(pf.totalvfs, 8);
    assert_int_equal(pf.numvfs, 0);
    assert_int_equal(pf.autoprobe, 1);
    sriov_pf_uninit(&pf);
    assert_string_equal(ds_cstr(&fx->trace), "");
}

static void
test_resolve_pci(void **state)
{
    struct fixture *fx = *state;
    static const char *const names[] = { PF_PCI, "03:00.0", "0000:03:00.0" };

    for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
        struct sriov_pf pf;
        char *err;

        assert_int_equal(sriov_pf_resolve(&fx->ctx, names[i], &pf, &err), 0);
        assert_null(err);
        assert_string_equal(pf.pci, PF_PCI);
        /* The PF's own netdev. */
        assert_string_equal(pf.netdev, PF_NETDEV);
        sriov_pf_uninit(&pf);
    }
}

static void
test_resolve_errors(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;
    char *err;

    /* No such thing. */
    assert_int_equal(sriov_pf_resolve(&fx->ctx, "nosuch0", &pf, &err),
                     ENODEV);
    assert_non_null(strstr(err, "no such netdev or PCI device"));
    assert_null(pf.pci);
    free(err);
    sriov_pf_uninit(&pf);

    assert_int_equal(sriov_pf_resolve(&fx->ctx, "0000:04:00.0", &pf, &err),
                     ENODEV);
    assert_non_null(strstr(err, "is not a PCI device"));
    free(err);
    sriov_pf_uninit(&pf);

    /* A virtual netdev: a directory without a device link. */
    fx_put(fx, "class/net/veth0/flags", "0x1003\n");
    assert_int_equal(sriov_pf_resolve(&fx->ctx, "veth0", &pf, &err), ENODEV);
    assert_non_null(strstr(err, "not backed by a device"));
    free(err);
    sriov_pf_uninit(&pf);

    /* Path tricks are not names. */
    assert_int_equal(sriov_pf_resolve(&fx->ctx, "../x", &pf, &err), ENODEV);
    free(err);
    sriov_pf_uninit(&pf);

    /* A VF is not a PF. */
    fx_enable(fx, 2, PF_DRIVER);
    assert_int_equal(sriov_pf_resolve(&fx->ctx, PF_NETDEV "v1", &pf, &err),
                     EINVAL);
    assert_non_null(strstr(err, "is a VF of PF " PF_PCI));
    free(err);
    sriov_pf_uninit(&pf);

    /* The error message may be declined. */
    assert_int_equal(sriov_pf_resolve(&fx->ctx, "nosuch0", &pf, NULL),
                     ENODEV);
    sriov_pf_uninit(&pf);
}

static void
test_resolve_virtio(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;
    char *err;

    /* virtio-net: the netdev's device is "virtio2", a child of the PCI
     * device. */
    fx_put(fx, "bus/pci/devices/0000:00:03.0/virtio2/net/eth0/flags",
           "0x1003\n");
    fx_link(fx, "bus/pci/devices/0000:00:03.0/virtio2/net/eth0/device",
            "../../../virtio2");
    fx_link(fx, "class/net/eth0",
            "../../bus/pci/devices/0000:00:03.0/virtio2/net/eth0");
    assert_int_equal(sriov_pf_resolve(&fx->ctx, "eth0", &pf, &err), 0);
    assert_string_equal(pf.pci, "0000:00:03.0");
    assert_string_equal(pf.netdev, "eth0");
    assert_int_equal(pf.totalvfs, -1);
    sriov_pf_uninit(&pf);

    /* Xen netfront: no PCI device at all. */
    fx_put(fx, "devices/vif-0/net/eth1/flags", "0x1003\n");
    fx_link(fx, "devices/vif-0/net/eth1/device", "../../../vif-0");
    fx_link(fx, "class/net/eth1", "../../devices/vif-0/net/eth1");
    assert_int_equal(sriov_pf_resolve(&fx->ctx, "eth1", &pf, &err), ENODEV);
    assert_string_equal(err, "eth1: netdev is not on a PCI device");
    free(err);
    sriov_pf_uninit(&pf);
}

static void
test_resolve_no_sriov(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;
    bool changed;
    char *err;

    fx_put(fx, "bus/pci/devices/0000:05:00.0/vendor", "0x8086\n");
    fx_netdev(fx, "0000:05:00.0", "eno1");
    assert_int_equal(sriov_pf_resolve(&fx->ctx, "eno1", &pf, &err), 0);
    assert_int_equal(pf.totalvfs, -1);
    assert_int_equal(pf.numvfs, -1);
    assert_int_equal(pf.autoprobe, -1);
    assert_null(pf.driver);

    assert_int_equal(sriov_set_numvfs(&fx->ctx, &pf, 2, false, &changed,
                                      &err), EOPNOTSUPP);
    assert_false(changed);
    assert_non_null(strstr(err, "no SR-IOV capability"));
    free(err);

    assert_int_equal(sriov_set_autoprobe(&fx->ctx, &pf, false, &changed,
                                         &err), EOPNOTSUPP);
    free(err);
    sriov_pf_uninit(&pf);
    assert_string_equal(ds_cstr(&fx->trace), "");
}

/* VF listing. */

static void
test_vf_list(void **state)
{
    struct fixture *fx = *state;
    struct sriov_vf_list list;
    char *err;

    /* 12 VFs, so that virtfn10 sorts after virtfn9. */
    fx_put(fx, "bus/pci/devices/" PF_PCI "/sriov_totalvfs", "16\n");
    fx_enable(fx, 12, PF_DRIVER);

    /* VF 3 unbound, VF 4 on vfio-pci with an override. */
    char *pci3 = vf_pci(3), *pci4 = vf_pci(4);
    char *rel = xasprintf("bus/pci/devices/%s/driver", pci3);
    fx_unlink(fx, rel);
    free(rel);
    fx_bind(fx, pci4, "vfio-pci");
    rel = xasprintf("bus/pci/devices/%s/driver_override", pci4);
    fx_put(fx, rel, "vfio-pci\n");
    free(rel);

    assert_int_equal(sriov_vf_list_read(&fx->ctx, PF_PCI, &list, &err), 0);
    assert_null(err);
    assert_int_equal(list.n, 12);
    for (size_t i = 0; i < list.n; i++) {
        char *pci = vf_pci(i);
        char *name = xasprintf(PF_NETDEV "v%"PRIuSIZE, i);

        assert_int_equal(list.vfs[i].index, i);
        assert_string_equal(list.vfs[i].pci, pci);
        assert_int_equal(list.vfs[i].iommu_group, 40 + i);
        assert_int_equal(list.vfs[i].n_netdevs, 1);
        assert_string_equal(list.vfs[i].netdevs[0], name);
        if (i == 3) {
            assert_null(list.vfs[i].driver);
        } else if (i == 4) {
            assert_string_equal(list.vfs[i].driver, "vfio-pci");
            assert_string_equal(list.vfs[i].driver_override, "vfio-pci");
        } else {
            assert_string_equal(list.vfs[i].driver, PF_DRIVER);
            assert_null(list.vfs[i].driver_override);
        }
        free(name);
        free(pci);
    }
    sriov_vf_list_destroy(&list);
    sriov_vf_list_destroy(NULL);

    /* A single VF, found by address, knows its index through physfn. */
    struct sriov_vf vf;
    assert_int_equal(sriov_vf_read(&fx->ctx, pci4, &vf, &err), 0);
    assert_int_equal(vf.index, 4);
    sriov_vf_uninit(&vf);

    assert_int_equal(sriov_vf_read(&fx->ctx, "0000:09:00.0", &vf, &err),
                     ENODEV);
    free(err);
    sriov_vf_uninit(&vf);

    assert_int_equal(sriov_vf_list_read(&fx->ctx, "0000:09:00.0", &list,
                                        &err), ENODEV);
    assert_int_equal(list.n, 0);
    free(err);

    free(pci3);
    free(pci4);
}

static void
test_vf_list_empty(void **state)
{
    struct fixture *fx = *state;
    struct sriov_vf_list list;

    assert_int_equal(sriov_vf_list_read(&fx->ctx, PF_PCI, &list, NULL), 0);
    assert_int_equal(list.n, 0);
    assert_null(list.vfs);
    sriov_vf_list_destroy(&list);
}

/* "In use". */

static void
test_in_use(void **state)
{
    struct fixture *fx = *state;
    struct sriov_vf_list list;
    char *pci;
    char *rel;

    fx_enable(fx, 6, PF_DRIVER);

    /* VF 0: idle.  VF 1: up.  VF 2: enslaved.  VF 3: has a VLAN.  VF 4:
     * vfio-pci.  VF 5: unbound. */
    fx_vf_up(fx, 1);
    pci = vf_pci(2);
    rel = xasprintf("bus/pci/devices/%s/net/" PF_NETDEV "v2/master", pci);
    fx_link(fx, rel, "../../../../../../virtual/net/bond0");
    free(rel);
    free(pci);
    pci = vf_pci(3);
    rel = xasprintf("bus/pci/devices/%s/net/" PF_NETDEV "v3/upper_vlan10",
                    pci);
    fx_link(fx, rel, "../../../../../../virtual/net/vlan10");
    free(rel);
    free(pci);
    pci = vf_pci(4);
    fx_bind(fx, pci, "vfio-pci");
    rel = xasprintf("bus/pci/devices/%s/net/" PF_NETDEV "v4", pci);
    {
        char *path = fx_path(fx, rel);

        nftw(path, remove_cb, 16, FTW_DEPTH | FTW_PHYS);
        free(path);
    }
    free(rel);
    free(pci);
    pci = vf_pci(5);
    rel = xasprintf("bus/pci/devices/%s/driver", pci);
    fx_unlink(fx, rel);
    free(rel);
    free(pci);

    static const char *const reasons[] = {
        NULL,
        "netdev " PF_NETDEV "v1 is up",
        "netdev " PF_NETDEV "v2 has master bond0",
        "netdev " PF_NETDEV "v3 has upper device vlan10",
        "bound to vfio-pci",
        NULL,
    };

    assert_int_equal(sriov_vf_list_read(&fx->ctx, PF_PCI, &list, NULL), 0);
    assert_int_equal(list.n, ARRAY_SIZE(reasons));
    for (size_t i = 0; i < list.n; i++) {
        struct ds reason = DS_EMPTY_INITIALIZER;
        bool in_use = sriov_vf_in_use(&fx->ctx, &list.vfs[i], &reason);

        if (reasons[i]) {
            assert_true(in_use);
            assert_string_equal(ds_cstr(&reason), reasons[i]);
        } else {
            assert_false(in_use);
            assert_string_equal(ds_cstr(&reason), "");
        }
        assert_int_equal(sriov_vf_in_use(&fx->ctx, &list.vfs[i], NULL),
                         reasons[i] != NULL);
        ds_destroy(&reason);
    }
    sriov_vf_list_destroy(&list);

    assert_true(sriov_driver_is_userspace("vfio-pci"));
    assert_true(sriov_driver_is_userspace("igb_uio"));
    assert_false(sriov_driver_is_userspace("mlx5_core"));
    assert_false(sriov_driver_is_userspace(NULL));
}

/* numvfs. */

static void
check_numvfs(struct fixture *fx, int want, bool allow_destroy,
             int expect_error, bool expect_changed, const char *expect_trace)
{
    struct sriov_pf pf;
    bool changed = !expect_changed;
    char *err;
    int error;

    ds_clear(&fx->trace);
    resolve_pf(fx, &pf);
    error = sriov_set_numvfs(&fx->ctx, &pf, want, allow_destroy, &changed,
                             &err);
    if (error != expect_error) {
        fail_msg("numvfs %d: expected error %d, got %d (%s)", want,
                 expect_error, error, err ? err : "no message");
    }
    assert_int_equal(changed, expect_changed);
    assert_true(!error == !err);
    assert_string_equal(ds_cstr(&fx->trace), expect_trace);
    free(err);
    sriov_pf_uninit(&pf);
}

#define NUMVFS_FILE "/sys/bus/pci/devices/" PF_PCI "/sriov_numvfs"

static void
test_numvfs_same(void **state)
{
    struct fixture *fx = *state;

    /* 0 -> 0 and 4 -> 4: nothing written at all. */
    check_numvfs(fx, 0, false, 0, false, "");
    fx_enable(fx, 4, PF_DRIVER);
    fx_vf_up(fx, 2);
    check_numvfs(fx, 4, false, 0, false, "");
    assert_int_equal(fx->n_writes, 0);
}

static void
test_numvfs_create(void **state)
{
    struct fixture *fx = *state;

    /* 0 -> 4: one write, and the VFs exist. */
    check_numvfs(fx, 4, false, 0, true, "echo 4 > " NUMVFS_FILE "\n");
    assert_int_equal(fx_int(fx, "bus/pci/devices/" PF_PCI "/sriov_numvfs"),
                     4);
    assert_true(fx_exists(fx, "bus/pci/devices/" PF_PCI "/virtfn3"));
    assert_false(fx_exists(fx, "bus/pci/devices/" PF_PCI "/virtfn4"));

    /* Again: no write. */
    check_numvfs(fx, 4, false, 0, false, "");
}

static void
test_numvfs_zero_first(void **state)
{
    struct fixture *fx = *state;

    /* 4 -> 8 with idle VFs: 0 first, as the kernel requires. */
    fx_enable(fx, 4, PF_DRIVER);
    check_numvfs(fx, 8, false, 0, true,
                 "echo 0 > " NUMVFS_FILE "\n"
                 "echo 8 > " NUMVFS_FILE "\n");
    assert_true(fx_exists(fx, "bus/pci/devices/" PF_PCI "/virtfn7"));

    /* 8 -> 2 likewise. */
    check_numvfs(fx, 2, false, 0, true,
                 "echo 0 > " NUMVFS_FILE "\n"
                 "echo 2 > " NUMVFS_FILE "\n");
    assert_false(fx_exists(fx, "bus/pci/devices/" PF_PCI "/virtfn2"));

    /* 2 -> 0: a single write. */
    check_numvfs(fx, 0, false, 0, true, "echo 0 > " NUMVFS_FILE "\n");
    assert_false(fx_exists(fx, "bus/pci/devices/" PF_PCI "/virtfn0"));
}

static void
test_numvfs_refuse_in_use(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;
    bool changed;
    char *err;

    fx_enable(fx, 4, PF_DRIVER);
    fx_vf_up(fx, 2);

    /* Lowering, resetting and even raising destroy the VFs: refused, and
     * nothing written. */
    check_numvfs(fx, 2, false, EBUSY, false, "");
    check_numvfs(fx, 0, false, EBUSY, false, "");
    check_numvfs(fx, 8, false, EBUSY, false, "");
    assert_int_equal(fx->n_writes, 0);
    assert_int_equal(fx_int(fx, "bus/pci/devices/" PF_PCI "/sriov_numvfs"),
                     4);
    assert_true(fx_exists(fx, "bus/pci/devices/" PF_PCI "/virtfn3"));

    /* The message names the VF and why. */
    resolve_pf(fx, &pf);
    assert_int_equal(sriov_set_numvfs(&fx->ctx, &pf, 2, false, &changed,
                                      &err), EBUSY);
    assert_non_null(strstr(err, "from 4 to 2 destroys all 4 VFs"));
    assert_non_null(strstr(err, "VF 2 (0000:03:00.4) is in use: netdev "
                           PF_NETDEV "v2 is up"));
    free(err);
    sriov_pf_uninit(&pf);

    /* With permission, it goes ahead. */
    check_numvfs(fx, 2, true, 0, true,
                 "echo 0 > " NUMVFS_FILE "\n"
                 "echo 2 > " NUMVFS_FILE "\n");
}

static void
test_numvfs_refuse_vfio(void **state)
{
    struct fixture *fx = *state;
    char *pci = vf_pci(1);

    /* A VF given to DPDK or a VM. */
    fx_enable(fx, 2, PF_DRIVER);
    fx_bind(fx, pci, "vfio-pci");
    check_numvfs(fx, 0, false, EBUSY, false, "");
    check_numvfs(fx, 0, true, 0, true, "echo 0 > " NUMVFS_FILE "\n");
    free(pci);
}

static void
test_numvfs_range(void **state)
{
    struct fixture *fx = *state;

    check_numvfs(fx, TOTALVFS + 1, false, ERANGE, false, "");
    check_numvfs(fx, -1, false, EINVAL, false, "");
    check_numvfs(fx, TOTALVFS, false, 0, true, "echo 8 > " NUMVFS_FILE "\n");
}

static void
test_numvfs_kernel_errors(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;
    bool changed;
    char *err;

    /* No driver on the PF, or one without sriov_configure: ENOENT from
     * the kernel, and nothing was destroyed since there was nothing. */
    fx->fail_suffix = "/sriov_numvfs";
    fx->fail_error = ENOENT;
    resolve_pf(fx, &pf);
    assert_int_equal(sriov_set_numvfs(&fx->ctx, &pf, 2, false, &changed,
                                      &err), ENOENT);
    assert_false(changed);
    assert_string_equal(ds_cstr(&fx->trace), "");
    assert_non_null(strstr(err, "no driver is bound to the PF"));
    assert_null(strstr(err, "left without VFs"));
    free(err);
    sriov_pf_uninit(&pf);
}

/* A write hook that fails every non-zero numvfs write with ENOMEM and
 * passes the rest to the fake kernel. */
static int
fail_create_hook(void *fx_, const char *path, const char *value)
{
    if (ends_with(path, "/sriov_numvfs") && strcmp(value, "0")) {
        return ENOMEM;
    }
    return fake_kernel(fx_, path, value);
}

static void
test_numvfs_left_without_vfs(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;
    bool changed;
    char *err;

    fx_enable(fx, 2, PF_DRIVER);
    fx->ctx.write_hook = fail_create_hook;
    resolve_pf(fx, &pf);
    assert_int_equal(sriov_set_numvfs(&fx->ctx, &pf, 4, false, &changed,
                                      &err), ENOMEM);
    /* The 0 was written. */
    assert_true(changed);
    assert_string_equal(ds_cstr(&fx->trace), "echo 0 > " NUMVFS_FILE "\n");
    assert_non_null(strstr(err, "cannot create 4 VFs"));
    assert_non_null(strstr(err, "the PF is left without VFs"));
    free(err);
    sriov_pf_uninit(&pf);
}

static void
test_numvfs_partial(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;
    bool changed;
    char *err;

    /* The kernel enables fewer VFs than asked for and says so only in the
     * log: the read-back catches it. */
    fx->enable_limit = 3;
    resolve_pf(fx, &pf);
    assert_int_equal(sriov_set_numvfs(&fx->ctx, &pf, 5, false, &changed,
                                      &err), EIO);
    assert_true(changed);
    assert_string_equal(err, PF_NETDEV " (" PF_PCI "): 5 VFs requested; "
                        "only 3 enabled");
    free(err);
    sriov_pf_uninit(&pf);
}

static void
test_autoprobe(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;
    bool changed;
    char *err;

    resolve_pf(fx, &pf);
    assert_int_equal(sriov_set_autoprobe(&fx->ctx, &pf, true, &changed,
                                         &err), 0);
    assert_false(changed);
    assert_null(err);
    assert_string_equal(ds_cstr(&fx->trace), "");

    assert_int_equal(sriov_set_autoprobe(&fx->ctx, &pf, false, &changed,
                                         &err), 0);
    assert_true(changed);
    assert_string_equal(ds_cstr(&fx->trace),
                        "echo 0 > /sys/bus/pci/devices/" PF_PCI
                        "/sriov_drivers_autoprobe\n");
    assert_int_equal(fx_int(fx, "bus/pci/devices/" PF_PCI
                            "/sriov_drivers_autoprobe"), 0);

    ds_clear(&fx->trace);
    assert_int_equal(sriov_set_autoprobe(&fx->ctx, &pf, false, &changed,
                                         &err), 0);
    assert_false(changed);
    assert_string_equal(ds_cstr(&fx->trace), "");

    /* With autoprobe off, new VFs come unbound. */
    check_numvfs(fx, 2, false, 0, true, "echo 2 > " NUMVFS_FILE "\n");
    struct sriov_vf_list list;
    assert_int_equal(sriov_vf_list_read(&fx->ctx, PF_PCI, &list, NULL), 0);
    assert_int_equal(list.n, 2);
    assert_null(list.vfs[0].driver);
    assert_int_equal(list.vfs[0].n_netdevs, 0);
    sriov_vf_list_destroy(&list);

    /* Kernel lacks the file. */
    fx_unlink(fx, "bus/pci/devices/" PF_PCI "/sriov_drivers_autoprobe");
    assert_int_equal(sriov_set_autoprobe(&fx->ctx, &pf, false, &changed,
                                         &err), EOPNOTSUPP);
    assert_non_null(strstr(err, "Linux 4.12"));
    free(err);
    sriov_pf_uninit(&pf);
}

/* Binding. */

static void
check_bind(struct fixture *fx, int vf, const char *driver,
           bool allow_disrupt, int expect_error, bool expect_changed,
           const char *expect_trace)
{
    char *pci = vf_pci(vf);
    bool changed = !expect_changed;
    char *err;
    int error;

    ds_clear(&fx->trace);
    error = (driver
             ? sriov_vf_bind(&fx->ctx, pci, driver, allow_disrupt, &changed,
                             &err)
             : sriov_vf_unbind(&fx->ctx, pci, allow_disrupt, &changed,
                               &err));
    if (error != expect_error) {
        fail_msg("VF %d %s: expected error %d, got %d (%s)", vf,
                 driver ? driver : "unbind", expect_error, error,
                 err ? err : "no message");
    }
    assert_int_equal(changed, expect_changed);
    assert_true(!error == !err);
    if (strcmp(ds_cstr(&fx->trace), expect_trace)) {
        fail_msg("trace:\n%sexpected:\n%s", ds_cstr(&fx->trace),
                 expect_trace);
    }
    free(err);
    free(pci);
}

static char *
vf_driver(struct fixture *fx, int vf)
{
    char *pci = vf_pci(vf);
    struct sriov_vf v;
    char *driver;

    assert_int_equal(sriov_vf_read(&fx->ctx, pci, &v, NULL), 0);
    driver = v.driver ? xstrdup(v.driver) : NULL;
    sriov_vf_uninit(&v);
    free(pci);
    return driver;
}

#define VF0 "0000:03:00.2"
#define VF1 "0000:03:00.3"

static void
test_bind_vfio(void **state)
{
    struct fixture *fx = *state;
    char *driver;

    fx_enable(fx, 2, PF_DRIVER);

    /* Already on mlx5_core: nothing, not even driver_override. */
    check_bind(fx, 0, PF_DRIVER, false, 0, false, "");

    /* To vfio-pci: override, unbind, bind, in that order. */
    check_bind(fx, 0, "vfio-pci", false, 0, true,
               "echo vfio-pci > /sys/bus/pci/devices/" VF0
               "/driver_override\n"
               "echo " VF0 " > /sys/bus/pci/drivers/mlx5_core/unbind\n"
               "echo " VF0 " > /sys/bus/pci/drivers/vfio-pci/bind\n");
    driver = vf_driver(fx, 0);
    assert_string_equal(driver, "vfio-pci");
    free(driver);

    /* Again: no unbind and bind. */
    check_bind(fx, 0, "vfio-pci", false, 0, false, "");
    check_bind(fx, 0, "vfio-pci", true, 0, false, "");

    /* VF 1 untouched. */
    driver = vf_driver(fx, 1);
    assert_string_equal(driver, PF_DRIVER);
    free(driver);
}

static void
test_bind_unbound(void **state)
{
    struct fixture *fx = *state;
    char *driver;

    fx->vf_driver = NULL;
    fx_enable(fx, 2, NULL);

    /* Unbound VF, override already right: only the bind. */
    fx_put(fx, "bus/pci/devices/" VF1 "/driver_override", "vfio-pci\n");
    check_bind(fx, 1, "vfio-pci", false, 0, true,
               "echo " VF1 " > /sys/bus/pci/drivers/vfio-pci/bind\n");

    /* Back to the kernel driver. */
    check_bind(fx, 0, PF_DRIVER, false, 0, true,
               "echo mlx5_core > /sys/bus/pci/devices/" VF0
               "/driver_override\n"
               "echo " VF0 " > /sys/bus/pci/drivers/mlx5_core/bind\n");
    driver = vf_driver(fx, 0);
    assert_string_equal(driver, PF_DRIVER);
    free(driver);
}

static void
test_bind_in_use(void **state)
{
    struct fixture *fx = *state;

    fx_enable(fx, 2, PF_DRIVER);
    fx_vf_up(fx, 1);
    check_bind(fx, 1, "vfio-pci", false, EBUSY, false, "");
    check_bind(fx, 1, NULL, false, EBUSY, false, "");
    assert_int_equal(fx->n_writes, 0);

    check_bind(fx, 1, "vfio-pci", true, 0, true,
               "echo vfio-pci > /sys/bus/pci/devices/" VF1
               "/driver_override\n"
               "echo " VF1 " > /sys/bus/pci/drivers/mlx5_core/unbind\n"
               "echo " VF1 " > /sys/bus/pci/drivers/vfio-pci/bind\n");
}

static void
test_bind_errors(void **state)
{
    struct fixture *fx = *state;
    char *err;
    bool changed;

    fx_enable(fx, 2, PF_DRIVER);

    /* Driver not loaded: nothing is touched. */
    check_bind(fx, 0, "igb_uio", false, ENOENT, false, "");
    assert_int_equal(sriov_vf_bind(&fx->ctx, VF0, "igb_uio", false, &changed,
                                   &err), ENOENT);
    assert_non_null(strstr(err, "modprobe igb_uio"));
    free(err);

    /* Bad names. */
    check_bind(fx, 0, "../x", false, EINVAL, false, "");
    assert_int_equal(sriov_vf_bind(&fx->ctx, "0000:09:00.0", "vfio-pci",
                                   false, &changed, &err), ENODEV);
    free(err);

    /* No driver_override in this kernel. */
    fx_unlink(fx, "bus/pci/devices/" VF0 "/driver_override");
    check_bind(fx, 0, "vfio-pci", false, EOPNOTSUPP, false, "");

    /* The bind "succeeds" but the device is not bound afterwards. */
    fx->bind_noop = true;
    check_bind(fx, 1, "vfio-pci", false, EIO, true,
               "echo vfio-pci > /sys/bus/pci/devices/" VF1
               "/driver_override\n"
               "echo " VF1 " > /sys/bus/pci/drivers/mlx5_core/unbind\n"
               "echo " VF1 " > /sys/bus/pci/drivers/vfio-pci/bind\n");

    /* The kernel refuses the bind. */
    fx->bind_noop = false;
    fx->fail_suffix = "/vfio-pci/bind";
    fx->fail_error = ENODEV;
    assert_int_equal(sriov_vf_bind(&fx->ctx, VF1, "vfio-pci", false,
                                   &changed, &err), ENODEV);
    assert_true(strstr(err, "cannot bind to vfio-pci") != NULL);
    free(err);
}

static void
test_unbind(void **state)
{
    struct fixture *fx = *state;
    char *driver;

    fx_enable(fx, 2, PF_DRIVER);
    check_bind(fx, 0, NULL, false, 0, true,
               "echo " VF0 " > /sys/bus/pci/drivers/mlx5_core/unbind\n");
    driver = vf_driver(fx, 0);
    assert_null(driver);

    /* Already unbound: nothing. */
    check_bind(fx, 0, NULL, false, 0, false, "");

    /* Still bound afterwards. */
    fx->fail_suffix = "/unbind";
    fx->fail_error = 0;
    fx->ctx.write_hook = NULL;
    check_bind(fx, 1, NULL, false, EIO, true,
               "echo " VF1 " > /sys/bus/pci/drivers/mlx5_core/unbind\n");
}

/* Waiting. */

static void
test_wait(void **state)
{
    struct fixture *fx = *state;
    struct sriov_pf pf;
    struct ds missing = DS_EMPTY_INITIALIZER;
    bool changed;
    char *err;

    /* The VFs appear after the third sleep of 100 ms. */
    fx->vfs_appear_after = 3;
    resolve_pf(fx, &pf);
    assert_int_equal(sriov_set_numvfs(&fx->ctx, &pf, 2, false, &changed,
                                      &err), 0);
    assert_false(sriov_vfs_ready(&fx->ctx, PF_PCI, 2, SRIOV_WAIT_LINKS,
                                 &missing));
    assert_string_equal(ds_cstr(&missing), "virtfn0");
    ds_destroy(&missing);

    assert_int_equal(sriov_wait_vfs(&fx->ctx, PF_PCI, 2,
                                    SRIOV_WAIT_LINKS | SRIOV_WAIT_NETDEVS,
                                    5000, &err), 0);
    assert_null(err);
    assert_int_equal(fx->n_sleeps, 3);
    assert_int_equal(fx->now, 1300);

    /* Already there: no sleep. */
    fx->n_sleeps = 0;
    assert_int_equal(sriov_wait_vfs(&fx->ctx, PF_PCI, 2, SRIOV_WAIT_LINKS,
                                    5000, &err), 0);
    assert_int_equal(fx->n_sleeps, 0);
    sriov_pf_uninit(&pf);
}

static void
test_wait_timeout(void **state)
{
    struct fixture *fx = *state;
    char *err;

    /* Links present, netdevs never come: unbound VFs. */
    fx_enable(fx, 2, NULL);
    assert_true(sriov_vfs_ready(&fx->ctx, PF_PCI, 2, SRIOV_WAIT_LINKS,
                                NULL));
    assert_int_equal(sriov_wait_vfs(&fx->ctx, PF_PCI, 2, SRIOV_WAIT_NETDEVS,
                                    250, &err), ETIMEDOUT);
    assert_string_equal(err, PF_PCI ": 2 VFs not ready after 250 ms: no "
                        "netdev of VF 0 (" VF0 ") yet");
    free(err);
    /* 100 + 100 + 50 ms, never past the deadline. */
    assert_int_equal(fx->now, 1250);
    assert_int_equal(fx->n_sleeps, 3);

    /* More VFs than exist. */
    assert_int_equal(sriov_wait_vfs(&fx->ctx, PF_PCI, 3, SRIOV_WAIT_LINKS, 0,
                                    &err), ETIMEDOUT);
    assert_non_null(strstr(err, "no virtfn2 yet"));
    free(err);
}

/* rtnetlink messages. */

static void
test_build_vf_set(void **state OVS_UNUSED)
{
    uint64_t buf[SRIOV_REQUEST_SIZE / sizeof(uint64_t)];
    static const uint8_t mac[SRIOV_MAC_LEN] = { 0x02, 0, 0, 0, 0, 0x07 };
    const struct nlattr *attr, *list, *info;
    const struct ifinfomsg *ifi;
    struct sriov_vf_link link;
    struct nlmsghdr *nlh;
    int n_list = 0, n_info = 0;
    bool seen_mac = false, seen_spoof = false, seen_trust = false;

    sriov_vf_link_init(&link, 3);
    assert_null(sriov_build_vf_set(buf, sizeof buf, 7, &link));

    link.mac_present = true;
    memcpy(link.mac, mac, sizeof mac);
    link.spoofchk = 0;
    link.trust = 1;
    nlh = sriov_build_vf_set(buf, sizeof buf, 7, &link);
    assert_non_null(nlh);
    assert_int_equal(nlh->nlmsg_type, RTM_SETLINK);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    ifi = mnl_nlmsg_get_payload(nlh);
    assert_int_equal(ifi->ifi_family, AF_UNSPEC);
    assert_int_equal(ifi->ifi_index, 7);

    mnl_attr_for_each (attr, nlh, sizeof *ifi) {
        assert_int_equal(mnl_attr_get_type(attr), IFLA_VFINFO_LIST);
        list = attr;
        n_list++;
    }
    assert_int_equal(n_list, 1);
    mnl_attr_for_each_nested (attr, list) {
        assert_int_equal(mnl_attr_get_type(attr), IFLA_VF_INFO);
        info = attr;
        n_info++;
    }
    assert_int_equal(n_info, 1);
    mnl_attr_for_each_nested (attr, info) {
        const void *payload = mnl_attr_get_payload(attr);

        switch (mnl_attr_get_type(attr)) {
        case IFLA_VF_MAC: {
            struct ifla_vf_mac m;
            static const uint8_t zero[32 - SRIOV_MAC_LEN];

            assert_int_equal(mnl_attr_get_payload_len(attr), sizeof m);
            memcpy(&m, payload, sizeof m);
            assert_int_equal(m.vf, 3);
            assert_memory_equal(m.mac, mac, sizeof mac);
            assert_memory_equal(m.mac + SRIOV_MAC_LEN, zero, sizeof zero);
            seen_mac = true;
            break;
        }
        case IFLA_VF_SPOOFCHK: {
            struct ifla_vf_spoofchk s;

            assert_int_equal(mnl_attr_get_payload_len(attr), sizeof s);
            memcpy(&s, payload, sizeof s);
            assert_int_equal(s.vf, 3);
            assert_int_equal(s.setting, 0);
            seen_spoof = true;
            break;
        }
        case IFLA_VF_TRUST: {
            struct ifla_vf_trust t;

            assert_int_equal(mnl_attr_get_payload_len(attr), sizeof t);
            memcpy(&t, payload, sizeof t);
            assert_int_equal(t.vf, 3);
            assert_int_equal(t.setting, 1);
            seen_trust = true;
            break;
        }
        default:
            fail_msg("unexpected attribute %d", mnl_attr_get_type(attr));
        }
    }
    assert_true(seen_mac && seen_spoof && seen_trust);

    /* Only what is present. */
    sriov_vf_link_init(&link, 0);
    link.trust = 0;
    nlh = sriov_build_vf_set(buf, sizeof buf, 7, &link);
    assert_non_null(nlh);
    /* Header, ifinfomsg, two nest headers, one 12-byte trust. */
    assert_int_equal(nlh->nlmsg_len, 16 + 16 + 4 + 4 + 12);

    /* Too small a buffer. */
    assert_null(sriov_build_vf_set(buf, 40, 7, &link));
    assert_null(sriov_build_vf_set(buf, 8, 7, &link));
}

static void
test_build_getlink(void **state OVS_UNUSED)
{
    uint64_t buf[SRIOV_REQUEST_SIZE / sizeof(uint64_t)];
    const struct nlattr *attr;
    struct nlmsghdr *nlh;
    int n = 0;

    nlh = sriov_build_getlink(buf, sizeof buf, 9);
    assert_non_null(nlh);
    assert_int_equal(nlh->nlmsg_type, RTM_GETLINK);
    assert_int_equal(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
    mnl_attr_for_each (attr, nlh, sizeof(struct ifinfomsg)) {
        assert_int_equal(mnl_attr_get_type(attr), IFLA_EXT_MASK);
        assert_int_equal(mnl_attr_get_u32(attr),
                         RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS);
        n++;
    }
    assert_int_equal(n, 1);
    assert_null(sriov_build_getlink(buf, 20, 9));
}

/* Appends to 'nlh' one IFLA_VF_INFO as the kernel's rtnl_fill_vfinfo()
 * does, with VLAN and rate attributes this module ignores. */
static void
put_vf_info(struct nlmsghdr *nlh, uint32_t vf, const uint8_t *mac,
            uint32_t spoofchk, uint32_t trust)
{
    struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_VF_INFO);
    struct ifla_vf_mac m = { .vf = vf };
    struct ifla_vf_vlan vlan = { .vf = vf };
    struct ifla_vf_spoofchk s = { .vf = vf, .setting = spoofchk };
    struct ifla_vf_trust t = { .vf = vf, .setting = trust };

    if (mac) {
        memcpy(m.mac, mac, SRIOV_MAC_LEN);
    }
    mnl_attr_put(nlh, IFLA_VF_MAC, sizeof m, &m);
    mnl_attr_put(nlh, IFLA_VF_VLAN, sizeof vlan, &vlan);
    mnl_attr_put(nlh, IFLA_VF_SPOOFCHK, sizeof s, &s);
    mnl_attr_put(nlh, IFLA_VF_TRUST, sizeof t, &t);
    mnl_attr_nest_end(nlh, info);
}

static struct nlmsghdr *
start_newlink(void *buf)
{
    struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
    struct ifinfomsg *ifi;

    nlh->nlmsg_type = RTM_NEWLINK;
    ifi = mnl_nlmsg_put_extra_header(nlh, sizeof *ifi);
    ifi->ifi_index = 9;
    mnl_attr_put_strz(nlh, IFLA_IFNAME, PF_NETDEV);
    mnl_attr_put_u32(nlh, IFLA_NUM_VF, 2);
    return nlh;
}

static void
test_parse_vfinfo(void **state OVS_UNUSED)
{
    uint64_t buf[1024];
    static const uint8_t mac[SRIOV_MAC_LEN] = { 0x02, 1, 2, 3, 4, 5 };
    struct sriov_vf_link *vfs;
    struct nlattr *list;
    struct nlmsghdr *nlh;
    size_t n;

    memset(buf, 0, sizeof buf);
    nlh = start_newlink(buf);
    list = mnl_attr_nest_start(nlh, IFLA_VFINFO_LIST);
    put_vf_info(nlh, 0, mac, 1, 0);
    put_vf_info(nlh, 1, NULL, UINT32_MAX, UINT32_MAX);
    mnl_attr_nest_end(nlh, list);

    assert_int_equal(sriov_parse_vfinfo(nlh, &vfs, &n), 0);
    assert_int_equal(n, 2);
    assert_int_equal(vfs[0].vf, 0);
    assert_true(vfs[0].mac_present);
    assert_memory_equal(vfs[0].mac, mac, sizeof mac);
    assert_int_equal(vfs[0].spoofchk, 1);
    assert_int_equal(vfs[0].trust, 0);
    assert_int_equal(vfs[1].vf, 1);
    assert_false(vfs[1].mac_present);
    assert_int_equal(vfs[1].spoofchk, -1);
    assert_int_equal(vfs[1].trust, -1);
    free(vfs);

    /* Truncated: the last attribute claims more than there is. */
    nlh->nlmsg_len -= 4;
    assert_int_equal(sriov_parse_vfinfo(nlh, &vfs, &n), EINVAL);
    assert_null(vfs);
    assert_int_equal(n, 0);

    /* No VF list: a netdev without VFs. */
    memset(buf, 0, sizeof buf);
    nlh = start_newlink(buf);
    assert_int_equal(sriov_parse_vfinfo(nlh, &vfs, &n), 0);
    assert_int_equal(n, 0);

    /* A MAC attribute too short. */
    memset(buf, 0, sizeof buf);
    nlh = start_newlink(buf);
    list = mnl_attr_nest_start(nlh, IFLA_VFINFO_LIST);
    struct nlattr *info = mnl_attr_nest_start(nlh, IFLA_VF_INFO);
    mnl_attr_put_u32(nlh, IFLA_VF_MAC, 0);
    mnl_attr_nest_end(nlh, info);
    mnl_attr_nest_end(nlh, list);
    assert_int_equal(sriov_parse_vfinfo(nlh, &vfs, &n), EINVAL);

    /* Not RTM_NEWLINK. */
    nlh->nlmsg_type = RTM_DELLINK;
    assert_int_equal(sriov_parse_vfinfo(nlh, &vfs, &n), EINVAL);
}

/* Live rtnetlink, in a private network namespace when possible. */
static void
test_live_loopback(void **state OVS_UNUSED)
{
    struct sriov_vf_link *vfs, link;
    bool changed;
    size_t n;
    char *err;
    int error;

    if (geteuid() || unshare(CLONE_NEWNET)) {
        skip();
    }

    /* lo has no VFs. */
    error = sriov_vf_link_get("lo", &vfs, &n, &err);
    assert_int_equal(error, 0);
    assert_null(err);
    assert_int_equal(n, 0);
    free(vfs);

    sriov_vf_link_init(&link, 0);
    link.trust = 1;
    assert_int_equal(sriov_vf_link_set("lo", &link, &changed, &err), ENOENT);
    assert_false(changed);
    assert_non_null(strstr(err, "no VF 0"));
    free(err);

    /* The kernel's refusal comes back as an errno and a message. */
    error = sriov_vf_link_write("lo", &link, &err);
    assert_true(error == EOPNOTSUPP || error == EINVAL);
    assert_non_null(strstr(err, "lo: setting VF 0 failed"));
    free(err);

    assert_int_equal(sriov_vf_link_get("nosuch0", &vfs, &n, &err), ENODEV);
    free(err);
    assert_int_equal(sriov_vf_link_write("nosuch0", &link, &err), ENODEV);
    free(err);
}

#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pci_address),
        T(test_resolve_netdev),
        T(test_resolve_pci),
        T(test_resolve_errors),
        T(test_resolve_virtio),
        T(test_resolve_no_sriov),
        T(test_vf_list),
        T(test_vf_list_empty),
        T(test_in_use),
        T(test_numvfs_same),
        T(test_numvfs_create),
        T(test_numvfs_zero_first),
        T(test_numvfs_refuse_in_use),
        T(test_numvfs_refuse_vfio),
        T(test_numvfs_range),
        T(test_numvfs_kernel_errors),
        T(test_numvfs_left_without_vfs),
        T(test_numvfs_partial),
        T(test_autoprobe),
        T(test_bind_vfio),
        T(test_bind_unbound),
        T(test_bind_in_use),
        T(test_bind_errors),
        T(test_unbind),
        T(test_wait),
        T(test_wait_timeout),
        cmocka_unit_test(test_build_vf_set),
        cmocka_unit_test(test_build_getlink),
        cmocka_unit_test(test_parse_vfinfo),
        cmocka_unit_test(test_live_loopback),
    };

    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
