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

/* Unit tests of the host readiness checks (controller/doctor.c).
 *
 * Each test builds fixture trees for /sys, /proc and /etc in a mkdtemp()
 * directory.  The starting point is a ready mlx5 host: an Intel CPU with
 * intel_iommu=on iommu=pt, a ConnectX PF with two VFs in IOMMU groups of
 * their own, vfio-pci loaded, 2 MB hugepages on a mounted hugetlbfs,
 * debugfs mounted, Linux 6.1.  Each test then breaks one thing and checks
 * the status, finding and remedy of the check concerned, and the exit
 * status. */

#include <config.h>

#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "controller/doctor.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/vlog.h"
#include "util.h"

#define PF_PCI "0000:03:00.0"
#define VF0_PCI "0000:03:00.2"
#define VF1_PCI "0000:03:00.3"

struct fixture {
    char *top;                  /* mkdtemp() directory. */
    char *sys, *proc, *etc;     /* Roots under it. */
    struct doctor_pf pf;
    struct doctor_ovs ovs;
    struct doctor_input in;
    struct doctor_report report;
};

/* Fixture trees. */

static void
mkdirs(const char *path)
{
    char *p = xstrdup(path);

    for (char *s = p + 1; *s; s++) {
        if (*s == '/') {
            *s = '\0';
            mkdir(p, 0755);
            *s = '/';
        }
    }
    mkdir(p, 0755);
    free(p);
}

/* Creates file 'root'/'rel' with 'content' and its directories. */
static void
put(const char *root, const char *rel, const char *content)
{
    char *path = xasprintf("%s/%s", root, rel);
    char *dir = xstrdup(path);
    FILE *f;

    *strrchr(dir, '/') = '\0';
    mkdirs(dir);
    f = fopen(path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
    free(dir);
    free(path);
}

/* Creates symlink 'root'/'rel' to 'target', replacing any. */
static void
link_to(const char *root, const char *rel, const char *target)
{
    char *path = xasprintf("%s/%s", root, rel);
    char *dir = xstrdup(path);

    *strrchr(dir, '/') = '\0';
    mkdirs(dir);
    unlink(path);
    assert_int_equal(symlink(target, path), 0);
    free(dir);
    free(path);
}

static void
dir_at(const char *root, const char *rel)
{
    char *path = xasprintf("%s/%s", root, rel);

    mkdirs(path);
    free(path);
}

static int
remove_cb(const char *path, const struct stat *st OVS_UNUSED,
          int flag OVS_UNUSED, struct FTW *ftw OVS_UNUSED)
{
    return remove(path);
}

static void
remove_at(const char *root, const char *rel)
{
    char *path = xasprintf("%s/%s", root, rel);

    nftw(path, remove_cb, 16, FTW_DEPTH | FTW_PHYS);
    free(path);
}

/* Creates PCI device 'pci' bound to 'driver' (if nonnull) with netdev
 * 'netdev' (if nonnull) in the /sys fixture. */
static void
sys_device(const struct fixture *fx, const char *pci, const char *driver,
           const char *netdev)
{
    char *rel, *target;

    rel = xasprintf("bus/pci/devices/%s/vendor", pci);
    put(fx->sys, rel, "0x15b3\n");
    free(rel);
    if (driver) {
        rel = xasprintf("bus/pci/devices/%s/driver", pci);
        target = xasprintf("../../drivers/%s", driver);
        link_to(fx->sys, rel, target);
        free(target);
        free(rel);
    }
    if (netdev) {
        rel = xasprintf("bus/pci/devices/%s/net/%s/device", pci, netdev);
        target = xasprintf("../../../%s", pci);
        link_to(fx->sys, rel, target);
        free(target);
        free(rel);

        rel = xasprintf("class/net/%s", netdev);
        target = xasprintf("../../bus/pci/devices/%s/net/%s", pci, netdev);
        link_to(fx->sys, rel, target);
        free(target);
        free(rel);
    }
}

/* Adds VF 'index' with address 'pci' to PF_PCI in IOMMU group 'group'. */
static void
sys_vf(const struct fixture *fx, int index, const char *pci, int group)
{
    char *rel, *target;

    sys_device(fx, pci, "mlx5_core", NULL);
    rel = xasprintf("bus/pci/devices/" PF_PCI "/virtfn%d", index);
    target = xasprintf("../%s", pci);
    link_to(fx->sys, rel, target);
    free(target);
    free(rel);

    rel = xasprintf("bus/pci/devices/%s/physfn", pci);
    link_to(fx->sys, rel, "../" PF_PCI);
    free(rel);

    rel = xasprintf("bus/pci/devices/%s/iommu_group", pci);
    target = xasprintf("../../../../kernel/iommu_groups/%d", group);
    link_to(fx->sys, rel, target);
    free(target);
    free(rel);

    rel = xasprintf("kernel/iommu_groups/%d/devices/%s", group, pci);
    target = xasprintf("../../../../bus/pci/devices/%s", pci);
    link_to(fx->sys, rel, target);
    free(target);
    free(rel);
}

#define CMDLINE "BOOT_IMAGE=/vmlinuz-6.1.0-56-amd64 root=/dev/sda1 ro " \
                "quiet intel_iommu=on iommu=pt\n"
#define MOUNTS "sysfs /sys sysfs rw 0 0\n" \
               "proc /proc proc rw 0 0\n" \
               "debugfs /sys/kernel/debug debugfs rw 0 0\n" \
               "hugetlbfs /dev/hugepages hugetlbfs rw,pagesize=2M 0 0\n"

static int
setup(void **state)
{
    struct fixture *fx = xzalloc(sizeof *fx);
    char template[] = "/tmp/test-doctor.XXXXXX";

    assert_non_null(mkdtemp(template));
    fx->top = xstrdup(template);
    fx->sys = xasprintf("%s/sys", fx->top);
    fx->proc = xasprintf("%s/proc", fx->top);
    fx->etc = xasprintf("%s/etc", fx->top);

    /* /sys: a ConnectX PF with two VFs. */
    sys_device(fx, PF_PCI, "mlx5_core", "ens1f0");
    put(fx->sys, "bus/pci/devices/" PF_PCI "/sriov_totalvfs", "8\n");
    put(fx->sys, "bus/pci/devices/" PF_PCI "/sriov_numvfs", "2\n");
    put(fx->sys, "bus/pci/devices/" PF_PCI "/sriov_drivers_autoprobe",
        "1\n");
    sys_vf(fx, 0, VF0_PCI, 40);
    sys_vf(fx, 1, VF1_PCI, 41);
    dir_at(fx->sys, "kernel/iommu_groups/1/devices");
    dir_at(fx->sys, "bus/pci/drivers/mlx5_core");
    dir_at(fx->sys, "bus/pci/drivers/vfio-pci");
    put(fx->sys, "kernel/mm/hugepages/hugepages-2048kB/nr_hugepages",
        "1024\n");
    put(fx->sys, "kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages",
        "0\n");
    put(fx->sys, "devices/virtual/dmi/id/sys_vendor", "Dell Inc.\n");

    /* /proc. */
    put(fx->proc, "sys/kernel/osrelease", "6.1.0-56-amd64\n");
    put(fx->proc, "cmdline", CMDLINE);
    put(fx->proc, "cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\n");
    put(fx->proc, "mounts", MOUNTS);
    put(fx->proc, "meminfo", "MemTotal:       65536000 kB\n"
        "HugePages_Total:    1024\nHugepagesize:       2048 kB\n");

    /* /etc. */
    put(fx->etc, "modprobe.d/mlx5.conf",
        "# Nothing harmful.\noptions mlx5_core prof_sel=2\n");
    put(fx->etc, "dracut.conf", "# dracut defaults\n");

    /* Input: everything ready. */
    fx->pf.name = "ens1f0";
    fx->pf.want_numvfs = 2;
    fx->pf.want_switchdev = true;
    fx->pf.eswitch.queried = true;
    fx->pf.eswitch.mode = "switchdev";
    fx->pf.driver = "mlx5_core";
    fx->pf.driver_version = "6.1.0-56-amd64";
    fx->pf.fw_version = "16.35.2000 (MT_0000000080)";
    fx->pf.hw_tc_offload = 1;

    fx->ovs.reachable = true;
    fx->ovs.version = "3.1.0";
    fx->ovs.hw_offload_configured = true;
    fx->ovs.hw_offload_in_effect = 1;

    fx->in.sysfs_root = fx->sys;
    fx->in.procfs_root = fx->proc;
    fx->in.etc_root = fx->etc;
    fx->in.pfs = &fx->pf;
    fx->in.n_pfs = 1;
    fx->in.vf_lag = true;
    fx->in.dpdk = true;
    fx->in.passthrough = true;
    fx->in.ovs = &fx->ovs;

    doctor_report_init(&fx->report);
    *state = fx;
    return 0;
}

static int
teardown(void **state)
{
    struct fixture *fx = *state;

    nftw(fx->top, remove_cb, 16, FTW_DEPTH | FTW_PHYS);
    doctor_report_destroy(&fx->report);
    free(fx->top);
    free(fx->sys);
    free(fx->proc);
    free(fx->etc);
    free(fx);
    return 0;
}

/* Runs the checks afresh. */
static void
run(struct fixture *fx)
{
    doctor_report_destroy(&fx->report);
    doctor_run(&fx->in, &fx->report);
}

/* Returns the 'nth' result (from 0) of 'check'. */
static const struct doctor_result *
result_n(const struct fixture *fx, const char *check, size_t nth)
{
    for (size_t i = 0; i < fx->report.n; i++) {
        if (!strcmp(fx->report.results[i].check, check) && !nth--) {
            return &fx->report.results[i];
        }
    }
    fail_msg("no result for check \"%s\"", check);
    return NULL;
}

static const struct doctor_result *
result(const struct fixture *fx, const char *check)
{
    return result_n(fx, check, 0);
}

/* Checks that 'check' has 'status', a finding that contains 'finding' and,
 * if 'remedy' is nonnull, a remedy that contains it. */
static void
expect(const struct fixture *fx, const char *check,
       enum doctor_status status, const char *finding, const char *remedy)
{
    const struct doctor_result *r = result(fx, check);

    if (r->status != status || !strstr(r->finding, finding)
        || (remedy && (!r->remedy || !strstr(r->remedy, remedy)))) {
        fail_msg("%s: got %s \"%s\" (remedy \"%s\"), expected %s \"%s\" "
                 "(remedy \"%s\")", check, doctor_status_to_string(r->status),
                 r->finding, r->remedy ? r->remedy : "",
                 doctor_status_to_string(status), finding,
                 remedy ? remedy : "");
    }
}

/* Versions. */

static void
test_version_parse(void **state OVS_UNUSED)
{
    static const struct {
        const char *s;
        bool ok;
        size_t n;
        unsigned int parts[4];
    } cases[] = {
        { "6.1.0-56-amd64", true, 3, { 6, 1, 0 } },
        { "5.14.0-284.11.1.el9_2.x86_64", true, 3, { 5, 14, 0 } },
        { "4.1.0-k", true, 3, { 4, 1, 0 } },
        { "1.5.0g", true, 3, { 1, 5, 0 } },
        { "v2.17.9", true, 3, { 2, 17, 9 } },
        { "3.1", true, 2, { 3, 1 } },
        { "2.", true, 1, { 2 } },
        { "10", true, 1, { 10 } },
        { "", false, 0, { 0 } },
        { "N/A", false, 0, { 0 } },
        { "vX", false, 0, { 0 } },
        { "99999999999.1", true, 2, { UINT_MAX, 1 } },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        unsigned int parts[DOCTOR_VERSION_MAX_PARTS];
        size_t n;
        bool ok = doctor_version_parse(cases[i].s, parts, &n);

        if (ok != cases[i].ok || n != cases[i].n
            || memcmp(parts, cases[i].parts, n * sizeof *parts)) {
            fail_msg("\"%s\": parsed %s with %zu parts", cases[i].s,
                     ok ? "ok" : "not ok", n);
        }
    }
    assert_false(doctor_version_parse(NULL, NULL, &(size_t) { 0 }));

    /* Only DOCTOR_VERSION_MAX_PARTS are kept. */
    unsigned int parts[DOCTOR_VERSION_MAX_PARTS];
    size_t n;
    assert_true(doctor_version_parse("1.2.3.4.5.6.7.8.9.10", parts, &n));
    assert_int_equal(n, DOCTOR_VERSION_MAX_PARTS);
    assert_int_equal(parts[7], 8);
}

static void
test_version_compare(void **state OVS_UNUSED)
{
    static const struct {
        const char *a, *b;
        int cmp;
    } cases[] = {
        { "6.1.0-56-amd64", "5.19", 1 },
        { "5.19.0", "5.19", 0 },
        { "5.15.0-91-generic", "5.19", -1 },
        { "4.10", "4.10.0", 0 },
        { "4.9.337", "4.10", -1 },
        { "2.12.0", "2.12", 0 },
        { "2.11.9", "2.12", -1 },
        { "3.1.0", "2.12", 1 },
        { "2.14.2", "2.14.2", 0 },
        { "2.12.1-k", "2.14.2", -1 },
        { "3.2.2", "2.16.4", 1 },
        { "2.16.4", "2.16.10", -1 },
        { "N/A", "1.0", -1 },
        { "1.0", "N/A", 1 },
        { "abc", "abd", -1 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        int cmp = doctor_version_compare(cases[i].a, cases[i].b);
        int sign = (cmp > 0) - (cmp < 0);

        if (sign != cases[i].cmp) {
            fail_msg("\"%s\" vs \"%s\": got %d, expected %d", cases[i].a,
                     cases[i].b, sign, cases[i].cmp);
        }
    }
}

/* A ready host. */

static void
test_ready_host(void **state)
{
    static const char *const passing[] = {
        "kernel", "iommu", "iommu-cmdline", "sriov", "iommu-groups",
        "eswitch", "driver", "hw-tc-offload", "vf-lag-kernel", "lag-debugfs",
        "ovs", "hw-offload", "modprobe", "hugepages", "vfio-pci",
    };
    static const char *const skipped[] = { "ixgbevf", "ena", "dracut" };
    struct fixture *fx = *state;
    struct ds s = DS_EMPTY_INITIALIZER;

    run(fx);
    for (size_t i = 0; i < ARRAY_SIZE(passing); i++) {
        const struct doctor_result *r = result(fx, passing[i]);

        if (r->status != DOCTOR_PASS) {
            fail_msg("%s: %s %s (%s)", passing[i],
                     doctor_status_to_string(r->status), r->finding,
                     r->remedy ? r->remedy : "");
        }
        assert_null(r->remedy);
    }
    for (size_t i = 0; i < ARRAY_SIZE(skipped); i++) {
        assert_int_equal(result(fx, skipped[i])->status, DOCTOR_SKIP);
    }
    assert_int_equal(fx->report.n, ARRAY_SIZE(passing) + ARRAY_SIZE(skipped));
    assert_int_equal(doctor_report_exit_code(&fx->report), 0);

    /* The findings. */
    expect(fx, "kernel", DOCTOR_PASS, "Linux 6.1.0-56-amd64", NULL);
    expect(fx, "iommu", DOCTOR_PASS, "IOMMU on: 3 IOMMU groups", NULL);
    expect(fx, "iommu-cmdline", DOCTOR_PASS, "intel_iommu=on iommu=pt",
           NULL);
    expect(fx, "sriov", DOCTOR_PASS, "ens1f0 (" PF_PCI "): driver "
           "mlx5_core, totalvfs 8, numvfs 2", NULL);
    expect(fx, "iommu-groups", DOCTOR_PASS, "2 VFs, each in its own IOMMU "
           "group", NULL);
    expect(fx, "eswitch", DOCTOR_PASS, "eswitch mode switchdev", NULL);
    expect(fx, "driver", DOCTOR_PASS, "driver mlx5_core 6.1.0-56-amd64, "
           "firmware 16.35.2000 (MT_0000000080)", NULL);
    expect(fx, "hugepages", DOCTOR_PASS, "1024 x 2048 kB (2.0 GiB), "
           "hugetlbfs on /dev/hugepages", NULL);
    expect(fx, "ovs", DOCTOR_PASS, "Open vSwitch 3.1.0", NULL);
    expect(fx, "hw-offload", DOCTOR_PASS, "in effect", NULL);

    /* Text: one line each, then the summary. */
    doctor_report_format(&fx->report, &s);
    assert_true(strstr(ds_cstr(&s), "PASS iommu: IOMMU on: 3 IOMMU groups\n")
                == ds_cstr(&s) + strlen("PASS kernel: Linux "
                                        "6.1.0-56-amd64\n"));
    assert_non_null(strstr(ds_cstr(&s), "SKIP ena: no ENA interface\n"));
    assert_non_null(strstr(ds_cstr(&s), "\n15 passed, 0 warnings, 0 failed, "
                           "3 skipped\n"));
    assert_null(strstr(ds_cstr(&s), "remedy:"));
    ds_destroy(&s);
}

static void
test_json(void **state)
{
    struct fixture *fx = *state;
    const struct json *checks, *first, *summary;
    struct json *json;
    char *text;

    fx->pf.hw_tc_offload = 0;
    run(fx);
    json = doctor_report_to_json(&fx->report);
    assert_int_equal(json->type, JSON_OBJECT);

    checks = shash_find_data(json_object(json), "checks");
    assert_non_null(checks);
    assert_int_equal(checks->type, JSON_ARRAY);
    assert_int_equal(json_array(checks)->n, fx->report.n);

    first = json_array(checks)->elems[0];
    assert_string_equal(json_string(shash_find_data(json_object(first),
                                                    "check")), "kernel");
    assert_string_equal(json_string(shash_find_data(json_object(first),
                                                    "status")), "PASS");
    assert_null(shash_find_data(json_object(first), "remedy"));

    summary = shash_find_data(json_object(json), "summary");
    assert_int_equal(json_integer(shash_find_data(json_object(summary),
                                                  "warn")), 1);
    assert_int_equal(json_integer(shash_find_data(json_object(summary),
                                                  "fail")), 0);
    assert_int_equal(json_integer(shash_find_data(json_object(json),
                                                  "exit_code")), 0);

    text = json_to_string(json, JSSF_SORT);
    assert_non_null(strstr(text, "\"check\":\"hw-tc-offload\",\"finding\":"
                           "\"ens1f0 (" PF_PCI "): off: TC rules stay in "
                           "software\",\"remedy\":\"ethtool -K ens1f0 "
                           "hw-tc-offload on"));
    free(text);
    json_destroy(json);
}

/* IOMMU. */

static void
test_iommu_off(void **state)
{
    struct fixture *fx = *state;

    remove_at(fx->sys, "kernel/iommu_groups");
    put(fx->proc, "cmdline", "root=/dev/sda1 intel_iommu=off\n");
    run(fx);
    expect(fx, "iommu", DOCTOR_FAIL, "IOMMU off", "intel_iommu=on iommu=pt");
    expect(fx, "iommu-cmdline", DOCTOR_FAIL,
           "disables the IOMMU (intel_iommu=off)", "remove intel_iommu=off");
    expect(fx, "iommu-groups", DOCTOR_SKIP, "IOMMU off", NULL);
    assert_int_equal(doctor_report_exit_code(&fx->report), 1);

    /* Without passthrough or DPDK, only a warning. */
    fx->in.dpdk = fx->in.passthrough = false;
    run(fx);
    expect(fx, "iommu", DOCTOR_WARN, "fine for kernel-datapath offload",
           NULL);
    expect(fx, "iommu-cmdline", DOCTOR_WARN, "intel_iommu=off", NULL);

    /* DPDK in vfio's no-IOMMU mode. */
    fx->in.dpdk = true;
    put(fx->sys, "module/vfio/parameters/enable_unsafe_noiommu_mode", "Y\n");
    run(fx);
    expect(fx, "iommu", DOCTOR_WARN, "unsafe no-IOMMU mode", NULL);
}

static void
test_iommu_cmdline(void **state)
{
    struct fixture *fx = *state;

    /* IOMMU on by the kernel's default, but no iommu=pt. */
    put(fx->proc, "cmdline", "root=/dev/sda1 quiet\n");
    run(fx);
    expect(fx, "iommu", DOCTOR_PASS, "IOMMU on", NULL);
    expect(fx, "iommu-cmdline", DOCTOR_WARN, "no iommu=pt",
           "add iommu=pt");

    /* iommu.passthrough=1 is the same as iommu=pt; the IOMMU is on by the
     * kernel's default (the groups exist) without intel_iommu=on. */
    put(fx->proc, "cmdline", "root=/dev/sda1 iommu.passthrough=1\n");
    run(fx);
    expect(fx, "iommu-cmdline", DOCTOR_PASS, "iommu.passthrough=1, Intel "
           "IOMMU on by the kernel's default", NULL);

    /* Intel, IOMMU off, intel_iommu missing. */
    remove_at(fx->sys, "kernel/iommu_groups");
    put(fx->proc, "cmdline", "root=/dev/sda1 iommu=pt\n");
    run(fx);
    expect(fx, "iommu-cmdline", DOCTOR_FAIL, "without intel_iommu=on",
           "intel_iommu=on");

    /* AMD: on by default, nothing to add but iommu=pt. */
    put(fx->proc, "cpuinfo", "vendor_id\t: AuthenticAMD\n");
    run(fx);
    expect(fx, "iommu-cmdline", DOCTOR_PASS, "iommu=pt", NULL);
    assert_null(strstr(result(fx, "iommu-cmdline")->finding, "intel"));

    /* amd_iommu=off. */
    put(fx->proc, "cmdline", "amd_iommu=off iommu=pt\n");
    run(fx);
    expect(fx, "iommu-cmdline", DOCTOR_FAIL, "(amd_iommu=off)", NULL);

    /* "intel_iommu=on,sm_on" is on. */
    put(fx->proc, "cpuinfo", "vendor_id\t: GenuineIntel\n");
    put(fx->proc, "cmdline", "intel_iommu=on,sm_on iommu=pt\n");
    run(fx);
    expect(fx, "iommu-cmdline", DOCTOR_PASS, "intel_iommu=on", NULL);

    /* No cmdline at all. */
    remove_at(fx->proc, "cmdline");
    run(fx);
    expect(fx, "iommu-cmdline", DOCTOR_SKIP, "cannot read", NULL);
}

static void
test_iommu_groups_shared(void **state)
{
    struct fixture *fx = *state;

    /* A PCI bridge in a VF's group is fine: vfio accepts it. */
    put(fx->sys, "bus/pci/devices/0000:00:01.0/class", "0x060400\n");
    link_to(fx->sys, "kernel/iommu_groups/40/devices/0000:00:01.0",
            "../../../../bus/pci/devices/0000:00:01.0");
    run(fx);
    expect(fx, "iommu-groups", DOCTOR_PASS, "each in its own IOMMU group",
           NULL);

    /* VF 1 joins group 40, with VF 0, the bridge and a NIC. */
    link_to(fx->sys, "bus/pci/devices/" VF1_PCI "/iommu_group",
            "../../../../kernel/iommu_groups/40");
    link_to(fx->sys, "kernel/iommu_groups/40/devices/" VF1_PCI,
            "../../../../bus/pci/devices/" VF1_PCI);
    put(fx->sys, "bus/pci/devices/0000:00:19.0/class", "0x020000\n");
    link_to(fx->sys, "kernel/iommu_groups/40/devices/0000:00:19.0",
            "../../../../bus/pci/devices/0000:00:19.0");
    remove_at(fx->sys, "kernel/iommu_groups/41");
    run(fx);
    expect(fx, "iommu-groups", DOCTOR_FAIL,
           "VF 0 (" VF0_PCI ") shares IOMMU group 40 with 0000:00:19.0, "
           VF1_PCI "; VF 1 (" VF1_PCI ") shares IOMMU group 40 with "
           "0000:00:19.0, " VF0_PCI, "ACS");

    /* Not passed through: a warning. */
    fx->in.passthrough = fx->in.dpdk = false;
    run(fx);
    expect(fx, "iommu-groups", DOCTOR_WARN, "shares IOMMU group", NULL);

    /* A VF without a group. */
    remove_at(fx->sys, "bus/pci/devices/" VF0_PCI "/iommu_group");
    run(fx);
    expect(fx, "iommu-groups", DOCTOR_WARN,
           "VF 0 (" VF0_PCI ") has no IOMMU group", NULL);
}

/* SR-IOV. */

static void
test_sriov(void **state)
{
    struct fixture *fx = *state;

    fx->pf.want_numvfs = 16;
    run(fx);
    expect(fx, "sriov", DOCTOR_FAIL, "16 VFs configured but the PF supports "
           "at most 8", "NUM_OF_VFS");

    fx->pf.want_numvfs = -1;
    put(fx->sys, "bus/pci/devices/" PF_PCI "/sriov_totalvfs", "0\n");
    run(fx);
    expect(fx, "sriov", DOCTOR_FAIL, "sriov_totalvfs is 0", "SRIOV_EN=1");

    remove_at(fx->sys, "bus/pci/devices/" PF_PCI "/sriov_totalvfs");
    run(fx);
    expect(fx, "sriov", DOCTOR_FAIL, "no SR-IOV capability", "BIOS");

    put(fx->sys, "bus/pci/devices/" PF_PCI "/sriov_totalvfs", "8\n");
    remove_at(fx->sys, "bus/pci/devices/" PF_PCI "/driver");
    run(fx);
    expect(fx, "sriov", DOCTOR_FAIL, "no driver is bound", "modprobe");

    /* autoprobe off is reported. */
    sys_device(fx, PF_PCI, "mlx5_core", NULL);
    put(fx->sys, "bus/pci/devices/" PF_PCI "/sriov_drivers_autoprobe",
        "0\n");
    run(fx);
    expect(fx, "sriov", DOCTOR_PASS, "numvfs 2, VF autoprobe off", NULL);
}

static void
test_unknown_pf(void **state)
{
    struct fixture *fx = *state;

    fx->pf.name = "nosuch0";
    fx->pf.eswitch.queried = false;
    fx->pf.driver = NULL;
    fx->pf.hw_tc_offload = -1;
    run(fx);
    expect(fx, "sriov", DOCTOR_FAIL, "nosuch0: no such netdev or PCI device",
           "lspci");
    expect(fx, "iommu-groups", DOCTOR_SKIP, "nosuch0: no such PF", NULL);
    expect(fx, "eswitch", DOCTOR_SKIP, "nosuch0: not queried", NULL);
    expect(fx, "driver", DOCTOR_SKIP, "nosuch0", NULL);
    expect(fx, "hw-tc-offload", DOCTOR_SKIP, "nosuch0", NULL);
    assert_int_equal(doctor_report_exit_code(&fx->report), 1);
}

static void
test_no_pfs_two_pfs(void **state)
{
    struct fixture *fx = *state;
    struct doctor_pf pfs[2];

    fx->in.n_pfs = 0;
    run(fx);
    expect(fx, "sriov", DOCTOR_SKIP, "no PF configured", NULL);
    expect(fx, "hw-tc-offload", DOCTOR_SKIP, "no PF configured", NULL);

    /* Two PFs, by netdev and by PCI address: two results per check, in
     * order. */
    sys_device(fx, "0000:03:00.1", "mlx5_core", "ens1f1");
    put(fx->sys, "bus/pci/devices/0000:03:00.1/sriov_totalvfs", "8\n");
    put(fx->sys, "bus/pci/devices/0000:03:00.1/sriov_numvfs", "0\n");
    pfs[0] = fx->pf;
    pfs[1] = fx->pf;
    pfs[1].name = "0000:03:00.1";
    pfs[1].hw_tc_offload = 0;
    fx->in.pfs = pfs;
    fx->in.n_pfs = 2;
    run(fx);
    assert_int_equal(result_n(fx, "sriov", 0)->status, DOCTOR_PASS);
    assert_non_null(strstr(result_n(fx, "sriov", 1)->finding,
                           "ens1f1 (0000:03:00.1): driver mlx5_core, "
                           "totalvfs 8, numvfs 0"));
    assert_int_equal(result_n(fx, "iommu-groups", 1)->status, DOCTOR_SKIP);
    assert_int_equal(result_n(fx, "hw-tc-offload", 0)->status, DOCTOR_PASS);
    assert_int_equal(result_n(fx, "hw-tc-offload", 1)->status, DOCTOR_WARN);
    assert_non_null(strstr(result_n(fx, "hw-tc-offload", 1)->remedy,
                           "ethtool -K ens1f1 hw-tc-offload on"));
    fx->in.pfs = &fx->pf;
    fx->in.n_pfs = 1;
}

/* eswitch, driver, hw-tc-offload. */

static void
test_eswitch(void **state)
{
    struct fixture *fx = *state;

    fx->pf.eswitch.mode = "legacy";
    run(fx);
    expect(fx, "eswitch", DOCTOR_PASS, "eswitch mode legacy (ovs-offload "
           "sets switchdev when applying)", NULL);

    /* mlx5 before VFs exist. */
    put(fx->sys, "bus/pci/devices/" PF_PCI "/sriov_numvfs", "0\n");
    fx->pf.eswitch.error = EOPNOTSUPP;
    fx->pf.eswitch.mode = NULL;
    run(fx);
    expect(fx, "eswitch", DOCTOR_WARN, "mlx5 reports one only once SR-IOV "
           "is enabled", "create the VFs first");

    /* With VFs, EOPNOTSUPP means no switchdev. */
    put(fx->sys, "bus/pci/devices/" PF_PCI "/sriov_numvfs", "2\n");
    fx->pf.eswitch.extack = "Switchdev not supported";
    run(fx);
    expect(fx, "eswitch", DOCTOR_FAIL, "no devlink eswitch (Operation not "
           "supported: \"Switchdev not supported\")", "switchdev support");
    fx->pf.want_switchdev = false;
    run(fx);
    expect(fx, "eswitch", DOCTOR_WARN, "no devlink eswitch", NULL);

    fx->pf.want_switchdev = true;
    fx->pf.eswitch.error = ENOENT;
    fx->pf.eswitch.extack = NULL;
    run(fx);
    expect(fx, "eswitch", DOCTOR_FAIL, "the kernel has no devlink",
           "CONFIG_NET_DEVLINK");

    fx->pf.eswitch.error = ENODEV;
    run(fx);
    expect(fx, "eswitch", DOCTOR_FAIL, "cannot read the eswitch", NULL);

    fx->pf.eswitch.queried = false;
    run(fx);
    expect(fx, "eswitch", DOCTOR_SKIP, "not queried", NULL);
}

static void
test_driver_and_hw_tc(void **state)
{
    struct fixture *fx = *state;

    fx->pf.fw_version = "N/A";
    run(fx);
    expect(fx, "driver", DOCTOR_WARN, "no firmware version reported",
           "devlink dev info");

    fx->pf.driver = "ixgbe";
    fx->pf.driver_version = "5.1.0-k";
    fx->pf.fw_version = "";
    run(fx);
    expect(fx, "driver", DOCTOR_PASS, "driver ixgbe 5.1.0-k, firmware n/a",
           NULL);

    fx->pf.driver = NULL;
    run(fx);
    expect(fx, "driver", DOCTOR_SKIP, "no ethtool driver information", NULL);

    fx->pf.hw_tc_offload = 0;
    fx->pf.hw_tc_offload_fixed = true;
    run(fx);
    expect(fx, "hw-tc-offload", DOCTOR_FAIL, "off [fixed]", "TC flower");

    fx->pf.hw_tc_offload_fixed = false;
    run(fx);
    expect(fx, "hw-tc-offload", DOCTOR_WARN, "off: TC rules stay in "
           "software", "ethtool -K ens1f0 hw-tc-offload on");
    assert_int_equal(doctor_report_exit_code(&fx->report), 0);

    fx->pf.hw_tc_offload = -1;
    run(fx);
    expect(fx, "hw-tc-offload", DOCTOR_SKIP, "not queried", NULL);
}

/* Minimum versions. */

static void
test_vf_lag_kernel(void **state)
{
    struct fixture *fx = *state;
    static const struct {
        const char *kernel;
        enum doctor_status lag, debugfs;
        const char *finding;
    } cases[] = {
        { "4.9.0-19-amd64", DOCTOR_FAIL, DOCTOR_WARN, "older than 4.10" },
        { "4.18.0-553.el8_10.x86_64", DOCTOR_WARN, DOCTOR_WARN,
          "needs a vendor backport" },
        { "5.15.0-91-generic", DOCTOR_PASS, DOCTOR_WARN, ">= 4.10" },
        { "5.19.0", DOCTOR_PASS, DOCTOR_PASS, ">= 4.10" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        put(fx->proc, "sys/kernel/osrelease", cases[i].kernel);
        run(fx);
        expect(fx, "vf-lag-kernel", cases[i].lag, cases[i].finding, NULL);
        expect(fx, "lag-debugfs", cases[i].debugfs, "", NULL);
    }
    expect(fx, "lag-debugfs", DOCTOR_PASS, "debugfs mounted", NULL);

    /* debugfs not mounted. */
    put(fx->proc, "mounts", "sysfs /sys sysfs rw 0 0\n");
    run(fx);
    expect(fx, "lag-debugfs", DOCTOR_WARN, "debugfs is not mounted",
           "mount -t debugfs");

    /* No VF-LAG: both skipped. */
    fx->in.vf_lag = false;
    run(fx);
    expect(fx, "vf-lag-kernel", DOCTOR_SKIP, "no VF-LAG", NULL);
    expect(fx, "lag-debugfs", DOCTOR_SKIP, "no VF-LAG", NULL);

    /* Unknown kernel. */
    fx->in.vf_lag = true;
    remove_at(fx->proc, "sys/kernel/osrelease");
    run(fx);
    expect(fx, "kernel", DOCTOR_WARN, "cannot read", NULL);
    expect(fx, "vf-lag-kernel", DOCTOR_SKIP, "unknown", NULL);
}

static void
test_ovs(void **state)
{
    struct fixture *fx = *state;

    fx->ovs.version = "2.11.1";
    run(fx);
    expect(fx, "ovs", DOCTOR_FAIL, "older than 2.12, the minimum for "
           "VF-LAG", "upgrade");
    fx->in.vf_lag = false;
    run(fx);
    expect(fx, "ovs", DOCTOR_PASS, "Open vSwitch 2.11.1", NULL);

    fx->ovs.version = "2.7.0";
    run(fx);
    expect(fx, "ovs", DOCTOR_FAIL, "has no hw-offload (2.8 or later)", NULL);

    fx->ovs.version = NULL;
    run(fx);
    expect(fx, "ovs", DOCTOR_WARN, "version unknown", NULL);

    fx->ovs.version = "3.1.0";
    fx->ovs.hw_offload_in_effect = 0;
    run(fx);
    expect(fx, "hw-offload", DOCTOR_FAIL, "configured but not in effect",
           "restart ovs-vswitchd once");

    fx->ovs.hw_offload_in_effect = -1;
    run(fx);
    expect(fx, "hw-offload", DOCTOR_PASS, "whether it is in effect is "
           "unknown", NULL);

    fx->ovs.hw_offload_configured = false;
    run(fx);
    expect(fx, "hw-offload", DOCTOR_WARN, "not true", "ovs-offloadctl apply");

    fx->ovs.reachable = false;
    fx->ovs.error = "database connection failed (No such file or directory)";
    run(fx);
    expect(fx, "ovs", DOCTOR_FAIL, "cannot reach OVSDB: database connection "
           "failed", "start Open vSwitch");
    expect(fx, "hw-offload", DOCTOR_SKIP, "not reachable", NULL);

    fx->in.ovs = NULL;
    run(fx);
    expect(fx, "ovs", DOCTOR_SKIP, "not checked", NULL);
    expect(fx, "hw-offload", DOCTOR_SKIP, "", NULL);
}

/* AWS. */

/* Makes "eth0" an AWS interface with driver 'driver'. */
static void
aws_netdev(struct fixture *fx, const char *driver)
{
    sys_device(fx, "0000:00:03.0", driver, "eth0");
    put(fx->sys, "devices/virtual/dmi/id/sys_vendor", "Amazon EC2\n");
}

static void
test_ixgbevf(void **state)
{
    struct fixture *fx = *state;

    /* The EL6/EL7 in-kernel 2.12.x, reported by the module. */
    aws_netdev(fx, "ixgbevf");
    put(fx->sys, "module/ixgbevf/version", "2.12.1-k\n");
    run(fx);
    expect(fx, "ixgbevf", DOCTOR_FAIL, "eth0: ixgbevf 2.12.1-k is older than "
           "2.14.2", "dracut -f");
    expect(fx, "dracut", DOCTOR_SKIP, "no out-of-tree ixgbevf", NULL);

    /* ethtool's version for a configured PF wins. */
    fx->pf.driver = "ixgbevf";
    fx->pf.driver_version = "2.15.0";
    run(fx);
    expect(fx, "ixgbevf", DOCTOR_WARN, "ixgbevf 2.15.0: AWS now recommends "
           "2.16.4", NULL);

    /* An out-of-tree 3.2.2. */
    fx->pf.driver = "mlx5_core";
    put(fx->sys, "module/ixgbevf/version", "3.2.2\n");
    put(fx->sys, "module/ixgbevf/taint", "O\n");
    run(fx);
    expect(fx, "ixgbevf", DOCTOR_PASS, "eth0: ixgbevf 3.2.2 (out of tree)",
           NULL);
    /* The seed's modprobe.d and dracut settings are missing. */
    expect(fx, "modprobe", DOCTOR_WARN, "no \"alias eth0 ixgbevf\" in "
           "/etc/modprobe.d; no \"options ixgbevf InterruptThrottleRate=1\"",
           "ifaliases.conf");
    expect(fx, "dracut", DOCTOR_WARN, "not in the dracut configuration",
           "add_drivers+=\" ixgbevf \"");

    /* Add them. */
    put(fx->etc, "modprobe.d/ifaliases.conf", "alias eth0 ixgbevf\n");
    put(fx->etc, "modprobe.d/ixgbevf.conf",
        "options ixgbevf InterruptThrottleRate=1\n");
    put(fx->etc, "dracut.conf", "# add_drivers+=\"ixgbevf\"\n"
        "add_drivers+=\" ixgbevf \"\n");
    run(fx);
    expect(fx, "modprobe", DOCTOR_PASS, "blocks mlx5_core, ixgbevf, "
           "vfio_pci", NULL);
    expect(fx, "dracut", DOCTOR_PASS, "ixgbevf is added", NULL);

    /* The setting may come from dracut.conf.d, in any spelling. */
    put(fx->etc, "dracut.conf", "\n");
    put(fx->etc, "dracut.conf.d/ixgbevf.conf",
        "add_drivers+='ixgbevf ena'  # for AWS\n");
    run(fx);
    expect(fx, "dracut", DOCTOR_PASS, "ixgbevf is added", NULL);

    /* A commented-out setting does not count. */
    put(fx->etc, "dracut.conf.d/ixgbevf.conf", "#add_drivers+=\"ixgbevf\"\n");
    run(fx);
    expect(fx, "dracut", DOCTOR_WARN, "", NULL);
}

static void
test_ixgbevf_in_tree(void **state)
{
    struct fixture *fx = *state;

    /* Modern in-tree ixgbevf: no module version; or the kernel release. */
    aws_netdev(fx, "ixgbevf");
    run(fx);
    expect(fx, "ixgbevf", DOCTOR_PASS, "eth0: in-tree ixgbevf of Linux "
           "6.1.0-56-amd64", NULL);

    fx->pf.driver = "ixgbevf";
    fx->pf.driver_version = "6.1.0-56-amd64";
    run(fx);
    expect(fx, "ixgbevf", DOCTOR_PASS, "in-tree", NULL);

    /* InterruptThrottleRate is an out-of-tree parameter. */
    put(fx->etc, "modprobe.d/ixgbevf.conf",
        "options ixgbevf InterruptThrottleRate=1\n");
    run(fx);
    expect(fx, "modprobe", DOCTOR_WARN, "/etc/modprobe.d/ixgbevf.conf sets "
           "InterruptThrottleRate, which the in-tree ixgbevf does not have",
           "remove");
}

static void
test_ena(void **state)
{
    struct fixture *fx = *state;

    aws_netdev(fx, "ena");
    put(fx->sys, "module/ena/version", "2.8.3g\n");
    run(fx);
    expect(fx, "ena", DOCTOR_PASS, "eth0: ena 2.8.3g: enhanced networking "
           "(ENA) on", NULL);
    expect(fx, "ixgbevf", DOCTOR_SKIP, "", NULL);

    /* Xen netfront on EC2. */
    aws_netdev(fx, "vif");
    run(fx);
    expect(fx, "ena", DOCTOR_WARN, "eth0: Xen netfront (vif): enhanced "
           "networking is off", "--ena-support");

    /* Xen netfront elsewhere: not our business. */
    put(fx->sys, "devices/virtual/dmi/id/sys_vendor", "Xen\n");
    run(fx);
    expect(fx, "ena", DOCTOR_SKIP, "", NULL);

    /* Older Xen EC2 instances: "ec2" hypervisor UUID. */
    put(fx->sys, "hypervisor/uuid", "ec2e1916-9099-7caf-fd21-012345abcdef\n");
    run(fx);
    expect(fx, "ena", DOCTOR_WARN, "vif", NULL);
}

/* /etc. */

static void
test_modprobe_blacklist(void **state)
{
    struct fixture *fx = *state;

    put(fx->etc, "modprobe.d/blacklist.conf",
        "# keep the GPU driver out\n"
        "blacklist nouveau\n"
        "\n"
        "blacklist \\\n"
        "    mlx5_core\n"
        "install vfio-pci /bin/false\n");
    /* Not a .conf file: ignored, as modprobe does. */
    put(fx->etc, "modprobe.d/old.conf.bak", "blacklist mlx5_core\n");
    run(fx);
    expect(fx, "modprobe", DOCTOR_FAIL,
           "/etc/modprobe.d/blacklist.conf:4 blacklists mlx5_core; "
           "/etc/modprobe.d/blacklist.conf:6 disables vfio-pci (install "
           "/bin/false)", "remove those lines");
    assert_null(strstr(result(fx, "modprobe")->finding, "nouveau"));
    assert_null(strstr(result(fx, "modprobe")->finding, "old.conf.bak"));

    /* vfio-pci is not needed without DPDK or passthrough. */
    put(fx->etc, "modprobe.d/blacklist.conf", "install vfio_pci /bin/true\n");
    fx->in.dpdk = fx->in.passthrough = false;
    run(fx);
    expect(fx, "modprobe", DOCTOR_PASS, "blocks mlx5_core", NULL);
}

static void
test_dracut_omit(void **state)
{
    struct fixture *fx = *state;

    put(fx->etc, "dracut.conf.d/10-slim.conf",
        "omit_drivers+=\" mlx5_core nouveau \"\n");
    run(fx);
    expect(fx, "dracut", DOCTOR_FAIL, "/etc/dracut.conf.d/10-slim.conf:1 "
           "omits mlx5_core", "omit_drivers");
}

/* DPDK. */

static void
test_hugepages(void **state)
{
    struct fixture *fx = *state;

    /* 1 GB pages too. */
    put(fx->sys, "kernel/mm/hugepages/hugepages-1048576kB/nr_hugepages",
        "4\n");
    run(fx);
    expect(fx, "hugepages", DOCTOR_PASS, "4 x 1048576 kB, 1024 x 2048 kB "
           "(6.0 GiB)", NULL);

    /* No hugetlbfs. */
    put(fx->proc, "mounts", "sysfs /sys sysfs rw 0 0\n");
    run(fx);
    expect(fx, "hugepages", DOCTOR_WARN, "no hugetlbfs is mounted",
           "mount -t hugetlbfs");

    /* No sysfs entries: /proc/meminfo. */
    remove_at(fx->sys, "kernel/mm/hugepages");
    put(fx->proc, "mounts", MOUNTS);
    run(fx);
    expect(fx, "hugepages", DOCTOR_PASS, "1024 x 2048 kB", NULL);

    /* None at all. */
    put(fx->proc, "meminfo", "HugePages_Total:       0\n"
        "Hugepagesize:       2048 kB\n");
    run(fx);
    expect(fx, "hugepages", DOCTOR_FAIL, "no hugepages reserved",
           "nr_hugepages");

    fx->in.dpdk = false;
    run(fx);
    expect(fx, "hugepages", DOCTOR_SKIP, "no DPDK consumer", NULL);
}

static void
test_vfio(void **state)
{
    struct fixture *fx = *state;

    remove_at(fx->sys, "bus/pci/drivers/vfio-pci");
    run(fx);
    expect(fx, "vfio-pci", DOCTOR_FAIL, "vfio-pci is not loaded",
           "modprobe vfio-pci");

    fx->in.dpdk = false;
    run(fx);
    expect(fx, "vfio-pci", DOCTOR_FAIL, "", NULL);

    fx->in.passthrough = false;
    run(fx);
    expect(fx, "vfio-pci", DOCTOR_SKIP, "", NULL);
}

/* Report. */

static void
test_report(void **state OVS_UNUSED)
{
    struct doctor_report report;
    struct ds s = DS_EMPTY_INITIALIZER;

    doctor_report_init(&report);
    assert_int_equal(doctor_report_exit_code(&report), 0);
    doctor_report_add(&report, "custom", DOCTOR_WARN, "do this",
                      "thing %d is odd", 7);
    doctor_report_add(&report, "custom", DOCTOR_PASS, "never printed",
                      "fine");
    assert_int_equal(doctor_report_exit_code(&report), 0);
    doctor_report_add(&report, "other", DOCTOR_FAIL, NULL, "broken");
    assert_int_equal(doctor_report_exit_code(&report), 1);
    assert_int_equal(doctor_report_count(&report, DOCTOR_WARN), 1);

    doctor_report_format(&report, &s);
    assert_string_equal(ds_cstr(&s),
                        "WARN custom: thing 7 is odd\n"
                        "     remedy: do this\n"
                        "PASS custom: fine\n"
                        "FAIL other: broken\n"
                        "1 passed, 1 warnings, 1 failed, 0 skipped\n");
    ds_destroy(&s);
    doctor_report_destroy(&report);
    doctor_report_destroy(NULL);

    assert_string_equal(doctor_status_to_string(DOCTOR_SKIP), "SKIP");
}

#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_version_parse),
        cmocka_unit_test(test_version_compare),
        T(test_ready_host),
        T(test_json),
        T(test_iommu_off),
        T(test_iommu_cmdline),
        T(test_iommu_groups_shared),
        T(test_sriov),
        T(test_unknown_pf),
        T(test_no_pfs_two_pfs),
        T(test_eswitch),
        T(test_driver_and_hw_tc),
        T(test_vf_lag_kernel),
        T(test_ovs),
        T(test_ixgbevf),
        T(test_ixgbevf_in_tree),
        T(test_ena),
        T(test_modprobe_blacklist),
        T(test_dracut_omit),
        T(test_hugepages),
        T(test_vfio),
        cmocka_unit_test(test_report),
    };

    vlog_set_levels(NULL, VLF_ANY_DESTINATION, VLL_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
