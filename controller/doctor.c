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

#include "controller/doctor.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "devlink/sriov.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/vlog.h"
#include "svec.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(doctor);

/* Largest file this module reads (/proc/cpuinfo on a large host is a few
 * hundred kB). */
#define READ_MAX (4 * 1024 * 1024)

/* Known minimums. */

/* NVIDIA's VF-LAG quick start guide for ConnectX-5 (Apr 2020): "OpenVswitch
 * => 2.12 ... Kernel => 4.10". */
#define VF_LAG_MIN_OVS "2.12"
#define VF_LAG_MIN_KERNEL "4.10"

/* Upstream mlx5 VF LAG: "mlx5e-updates-2018-12-14 (VF Lag)", Linux 5.0. */
#define VF_LAG_UPSTREAM_KERNEL "5.0"

/* mlx5 lag debugfs (commit 7f46a0b7327a): Linux 5.19. */
#define LAG_DEBUGFS_MIN_KERNEL "5.19"

/* other_config:hw-offload: OVS 2.8. */
#define HW_OFFLOAD_MIN_OVS "2.8"

/* AWS enhanced networking with the Intel 82599 VF: the historical floor
 * ("2.14.2 or higher") and the current one ("versions earlier than 2.16.4
 * ... do not build properly on some Linux distributions"). */
#define IXGBEVF_MIN "2.14.2"
#define IXGBEVF_RECOMMENDED "2.16.4"

/* Status names. */

static const char *const status_names[] = {
    [DOCTOR_PASS] = "PASS",
    [DOCTOR_WARN] = "WARN",
    [DOCTOR_FAIL] = "FAIL",
    [DOCTOR_SKIP] = "SKIP",
};

/* Returns "PASS", "WARN", "FAIL" or "SKIP". */
const char *
doctor_status_to_string(enum doctor_status status)
{
    return (status < ARRAY_SIZE(status_names) && status_names[status]
            ? status_names[status] : "????");
}

/* Versions. */

/* Parses the leading dotted decimal numbers of 's' into 'parts' (room for
 * DOCTOR_VERSION_MAX_PARTS) and their number into '*n_parts': "6.1.0-56-
 * amd64" gives 6, 1, 0; "4.1.0-k" 4, 1, 0; "1.5.0g" 1, 5, 0; "v2.17.9"
 * 2, 17, 9; "5.14.0-284.11.1.el9_2" 5, 14, 0.  Parsing stops at the first
 * character that is neither a digit nor a dot followed by a digit; a
 * leading "v" is skipped.  Components beyond the maximum are ignored, and
 * each saturates at UINT_MAX.  Returns false, with no parts, if 's' does
 * not start with a number. */
bool
doctor_version_parse(const char *s, unsigned int parts[], size_t *n_parts)
{
    *n_parts = 0;
    if (!s) {
        return false;
    }
    if (*s == 'v' || *s == 'V') {
        s++;
    }
    if (!isdigit((unsigned char) *s)) {
        return false;
    }
    for (;;) {
        unsigned long long int value = 0;

        while (isdigit((unsigned char) *s)) {
            value = MIN(value * 10 + (*s - '0'), UINT_MAX);
            s++;
        }
        if (*n_parts < DOCTOR_VERSION_MAX_PARTS) {
            parts[(*n_parts)++] = value;
        }
        if (s[0] != '.' || !isdigit((unsigned char) s[1])) {
            return true;
        }
        s++;
    }
}

/* Compares versions 'a' and 'b' by their dotted numeric prefixes (see
 * doctor_version_parse()), a missing component counting as 0, so that
 * "4.10" equals "4.10.0" and "6.1.0-56-amd64" equals "6.1".  Returns a
 * negative, zero or positive value as 'a' is older than, as new as or
 * newer than 'b'.  A string without a number sorts before any version; two
 * of them compare as strings. */
int
doctor_version_compare(const char *a, const char *b)
{
    unsigned int pa[DOCTOR_VERSION_MAX_PARTS], pb[DOCTOR_VERSION_MAX_PARTS];
    size_t na, nb;
    bool ok_a = doctor_version_parse(a, pa, &na);
    bool ok_b = doctor_version_parse(b, pb, &nb);

    if (!ok_a || !ok_b) {
        return (ok_a ? 1 : ok_b ? -1
                : strcmp(a ? a : "", b ? b : ""));
    }
    for (size_t i = 0; i < MAX(na, nb); i++) {
        unsigned int x = i < na ? pa[i] : 0;
        unsigned int y = i < nb ? pb[i] : 0;

        if (x != y) {
            return x < y ? -1 : 1;
        }
    }
    return 0;
}

/* Report. */

void
doctor_report_init(struct doctor_report *report)
{
    report->results = NULL;
    report->n = 0;
    report->allocated = 0;
}

/* Frees the results in 'report'.  'report' may be NULL. */
void
doctor_report_destroy(struct doctor_report *report)
{
    if (report) {
        for (size_t i = 0; i < report->n; i++) {
            free(report->results[i].check);
            free(report->results[i].finding);
            free(report->results[i].remedy);
        }
        free(report->results);
        doctor_report_init(report);
    }
}

static void
report_addv(struct doctor_report *report, const char *check,
            enum doctor_status status, const char *remedy,
            const char *format, va_list args)
{
    struct doctor_result *r;

    if (report->n >= report->allocated) {
        report->results = x2nrealloc(report->results, &report->allocated,
                                     sizeof *report->results);
    }
    r = &report->results[report->n++];
    r->check = xstrdup(check);
    r->status = status;
    r->finding = xvasprintf(format, args);
    r->remedy = remedy ? xstrdup(remedy) : NULL;
}

/* Appends to 'report' a result of 'check' with 'status', a finding
 * formatted from 'format', and 'remedy' (may be NULL).  For callers with
 * checks of their own, too. */
void
doctor_report_add(struct doctor_report *report, const char *check,
                  enum doctor_status status, const char *remedy,
                  const char *format, ...)
{
    va_list args;

    va_start(args, format);
    report_addv(report, check, status, remedy, format, args);
    va_end(args);
}

/* Returns the number of results in 'report' with 'status'. */
size_t
doctor_report_count(const struct doctor_report *report,
                    enum doctor_status status)
{
    size_t n = 0;

    for (size_t i = 0; i < report->n; i++) {
        n += report->results[i].status == status;
    }
    return n;
}

/* Returns the exit status for 'report': 1 if any check failed, else 0. */
int
doctor_report_exit_code(const struct doctor_report *report)
{
    return doctor_report_count(report, DOCTOR_FAIL) ? 1 : 0;
}

/* Appends 'report' to 's' as text, one line per result, "STATUS check:
 * finding", each WARN or FAIL followed by an indented "remedy:" line when
 * it has one, and a summary line. */
void
doctor_report_format(const struct doctor_report *report, struct ds *s)
{
    for (size_t i = 0; i < report->n; i++) {
        const struct doctor_result *r = &report->results[i];

        ds_put_format(s, "%s %s: %s\n", doctor_status_to_string(r->status),
                      r->check, r->finding);
        if (r->remedy
            && (r->status == DOCTOR_WARN || r->status == DOCTOR_FAIL)) {
            ds_put_format(s, "     remedy: %s\n", r->remedy);
        }
    }
    ds_put_format(s, "%"PRIuSIZE" passed, %"PRIuSIZE" warnings, %"PRIuSIZE
                  " failed, %"PRIuSIZE" skipped\n",
                  doctor_report_count(report, DOCTOR_PASS),
                  doctor_report_count(report, DOCTOR_WARN),
                  doctor_report_count(report, DOCTOR_FAIL),
                  doctor_report_count(report, DOCTOR_SKIP));
}

/* Returns 'report' as JSON, which the caller must free with json_destroy():
 *
 *   {"checks": [{"check": "iommu", "status": "PASS", "finding": "...",
 *                "remedy": "..."}, ...],
 *    "summary": {"pass": N, "warn": N, "fail": N, "skip": N},
 *    "exit_code": 0 or 1}
 *
 * "remedy" is present only when there is one. */
struct json *
doctor_report_to_json(const struct doctor_report *report)
{
    struct json *checks = json_array_create_empty();
    struct json *summary = json_object_create();
    struct json *top = json_object_create();

    for (size_t i = 0; i < report->n; i++) {
        const struct doctor_result *r = &report->results[i];
        struct json *o = json_object_create();

        json_object_put_string(o, "check", r->check);
        json_object_put_string(o, "status",
                               doctor_status_to_string(r->status));
        json_object_put_string(o, "finding", r->finding);
        if (r->remedy) {
            json_object_put_string(o, "remedy", r->remedy);
        }
        json_array_add(checks, o);
    }
    for (int status = DOCTOR_PASS; status <= DOCTOR_SKIP; status++) {
        char *key = xstrdup(doctor_status_to_string(status));

        for (char *p = key; *p; p++) {
            *p = tolower((unsigned char) *p);
        }
        json_object_put(summary, key,
                        json_integer_create(doctor_report_count(report,
                                                                status)));
        free(key);
    }
    json_object_put(top, "checks", checks);
    json_object_put(top, "summary", summary);
    json_object_put(top, "exit_code",
                    json_integer_create(doctor_report_exit_code(report)));
    return top;
}

/* Files. */

/* Reads file 'root'/'rel' into '*textp', malloc'd, without trailing white
 * space.  Returns 0 or a positive errno value (then '*textp' is NULL). */
static int
read_file(const char *root, const char *rel, char **textp)
{
    char *path = xasprintf("%s/%s", root, rel);
    struct ds s = DS_EMPTY_INITIALIZER;
    int error = 0;
    FILE *f;
    int c;

    *textp = NULL;
    f = fopen(path, "r");
    free(path);
    if (!f) {
        return errno;
    }
    while ((c = getc(f)) != EOF && s.length < READ_MAX) {
        ds_put_char(&s, c);
    }
    if (ferror(f)) {
        error = errno ? errno : EIO;
    }
    fclose(f);
    if (error) {
        ds_destroy(&s);
        return error;
    }
    ds_chomp(&s, '\n');
    while (s.length && isspace((unsigned char) s.string[s.length - 1])) {
        s.length--;
    }
    *textp = ds_steal_cstr(&s);
    return 0;
}

/* Adds to 'names' the entries of directory 'root'/'rel', sorted.  Returns 0
 * or a positive errno value. */
static int
list_dir(const char *root, const char *rel, struct svec *names)
{
    char *path = xasprintf("%s/%s", root, rel);
    struct dirent *de;
    DIR *dir;

    dir = opendir(path);
    free(path);
    if (!dir) {
        return errno;
    }
    while ((de = readdir(dir)) != NULL) {
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            svec_add(names, de->d_name);
        }
    }
    closedir(dir);
    svec_sort(names);
    return 0;
}

static bool
path_exists(const char *root, const char *rel)
{
    char *path = xasprintf("%s/%s", root, rel);
    struct stat st;
    bool exists = !stat(path, &st);

    free(path);
    return exists;
}

/* Returns 's' with '-' replaced by '_', malloc'd: module names treat both
 * alike ("vfio-pci" is module "vfio_pci"). */
static char *
module_name(const char *s)
{
    char *name = xstrdup(s);

    for (char *p = name; *p; p++) {
        if (*p == '-') {
            *p = '_';
        }
    }
    return name;
}

static bool
same_module(const char *a, const char *b)
{
    char *x = module_name(a), *y = module_name(b);
    bool same = !strcmp(x, y);

    free(x);
    free(y);
    return same;
}

/* Checks. */

/* What one PF resolved to. */
struct pf_state {
    const struct doctor_pf *in;
    char *label;                /* "ens1f0 (0000:03:00.0)" or the name. */
    int error;                  /* From sriov_pf_resolve(). */
    char *errmsg;
    struct sriov_pf pf;
    struct sriov_vf_list vfs;
};

/* State shared by the checks of one run. */
struct doctor_ctx {
    const struct doctor_input *in;
    struct doctor_report *report;
    const char *sys;
    const char *proc;
    const char *etc;
    struct sriov_ctx sriov;

    char *kernel;               /* Running kernel release, or NULL. */
    struct svec cmdline;        /* Kernel command line words. */
    int n_iommu_groups;         /* -1 if unreadable. */
    bool iommu_needed;          /* Passthrough or DPDK. */

    struct pf_state *pfs;

    /* Netdevs by driver, from /sys/class/net/<dev>/device/driver. */
    struct svec ixgbevf_netdevs;
    struct svec ena_netdevs;
    struct svec vif_netdevs;

    /* ixgbevf module. */
    char *ixgbevf_version;      /* Version from ethtool or sysfs, or NULL
                                 * for an in-tree driver without one. */
    bool ixgbevf_out_of_tree;   /* Module taint has 'O'. */

    /* Drivers the setup needs, as module names. */
    struct svec needed_modules;
};

static void OVS_PRINTF_FORMAT(5, 6)
add(struct doctor_ctx *ctx, const char *check, enum doctor_status status,
    const char *remedy, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    report_addv(ctx->report, check, status, remedy, format, args);
    va_end(args);
}

/* Returns the value of the last "key=value" word for 'key' on the kernel
 * command line, or NULL. */
static const char *
cmdline_value(const struct doctor_ctx *ctx, const char *key)
{
    size_t len = strlen(key);
    const char *value = NULL;
    const char *word;
    size_t i;

    SVEC_FOR_EACH (i, word, &ctx->cmdline) {
        if (!strncmp(word, key, len) && word[len] == '=') {
            value = word + len + 1;
        }
    }
    return value;
}

/* Returns true if comma-separated 'list' contains 'item'. */
static bool
list_has(const char *list, const char *item)
{
    size_t len = strlen(item);

    while (list) {
        if (!strncmp(list, item, len)
            && (list[len] == ',' || list[len] == '\0')) {
            return true;
        }
        list = strchr(list, ',');
        list = list ? list + 1 : NULL;
    }
    return false;
}

static void
check_kernel(struct doctor_ctx *ctx)
{
    if (ctx->kernel) {
        add(ctx, "kernel", DOCTOR_PASS, NULL, "Linux %s", ctx->kernel);
    } else {
        add(ctx, "kernel", DOCTOR_WARN, "check that procfs is mounted",
            "cannot read %s/sys/kernel/osrelease: kernel version checks are "
            "skipped", ctx->proc);
    }
}

static void
check_iommu(struct doctor_ctx *ctx)
{
    static const char remedy[]
        = "enable VT-d (Intel) or AMD-Vi in the system firmware and boot "
          "with intel_iommu=on iommu=pt (AMD: amd_iommu=on iommu=pt)";
    char *noiommu = NULL;

    if (ctx->n_iommu_groups > 0) {
        add(ctx, "iommu", DOCTOR_PASS, NULL, "IOMMU on: %d IOMMU groups",
            ctx->n_iommu_groups);
        return;
    }

    read_file(ctx->sys, "module/vfio/parameters/enable_unsafe_noiommu_mode",
              &noiommu);
    if (ctx->in->dpdk && noiommu && (noiommu[0] == 'Y' || noiommu[0] == '1')) {
        add(ctx, "iommu", DOCTOR_WARN, remedy,
            "IOMMU off, vfio in unsafe no-IOMMU mode: DPDK works as root "
            "only and without DMA isolation");
    } else if (ctx->iommu_needed) {
        add(ctx, "iommu", DOCTOR_FAIL, remedy,
            "IOMMU off (no groups under /sys/kernel/iommu_groups): VFs "
            "cannot be passed to VMs or DPDK through vfio-pci");
    } else {
        add(ctx, "iommu", DOCTOR_WARN, remedy,
            "IOMMU off (no groups under /sys/kernel/iommu_groups): fine for "
            "kernel-datapath offload, needed to pass VFs to VMs or DPDK");
    }
    free(noiommu);
}

static void
check_iommu_cmdline(struct doctor_ctx *ctx)
{
    static const char *const off_keys[] = {
        "intel_iommu", "amd_iommu", "iommu",
    };
    enum doctor_status bad = ctx->iommu_needed ? DOCTOR_FAIL : DOCTOR_WARN;
    const char *intel_iommu, *iommu, *passthrough, *pt;
    char *cpuinfo = NULL;
    bool intel;

    if (!ctx->cmdline.n) {
        add(ctx, "iommu-cmdline", DOCTOR_SKIP, NULL,
            "cannot read %s/cmdline", ctx->proc);
        return;
    }

    for (size_t i = 0; i < ARRAY_SIZE(off_keys); i++) {
        const char *value = cmdline_value(ctx, off_keys[i]);

        if (value && list_has(value, "off")) {
            char *remedy = xasprintf("remove %s=%s from the kernel command "
                                     "line (GRUB_CMDLINE_LINUX) and reboot",
                                     off_keys[i], value);

            add(ctx, "iommu-cmdline", bad, remedy,
                "the kernel command line disables the IOMMU (%s=%s)",
                off_keys[i], value);
            free(remedy);
            return;
        }
    }

    read_file(ctx->proc, "cpuinfo", &cpuinfo);
    intel = cpuinfo && strstr(cpuinfo, "GenuineIntel");
    free(cpuinfo);

    intel_iommu = cmdline_value(ctx, "intel_iommu");
    if (intel && !(intel_iommu && list_has(intel_iommu, "on"))
        && ctx->n_iommu_groups <= 0) {
        add(ctx, "iommu-cmdline", bad,
            "add intel_iommu=on iommu=pt to the kernel command line "
            "(GRUB_CMDLINE_LINUX) and reboot",
            "Intel CPU without intel_iommu=on on the kernel command line");
        return;
    }

    /* iommu.passthrough=1 (Linux 4.18) is the same as iommu=pt. */
    iommu = cmdline_value(ctx, "iommu");
    passthrough = cmdline_value(ctx, "iommu.passthrough");
    pt = (iommu && list_has(iommu, "pt") ? "iommu=pt"
          : passthrough && !strcmp(passthrough, "1") ? "iommu.passthrough=1"
          : NULL);
    if (!pt) {
        add(ctx, "iommu-cmdline", DOCTOR_WARN,
            "add iommu=pt to the kernel command line and reboot",
            "no iommu=pt: devices the host keeps (the PFs) use translated "
            "DMA, which is slower than passthrough");
    } else if (intel && !(intel_iommu && list_has(intel_iommu, "on"))) {
        /* The groups exist: CONFIG_INTEL_IOMMU_DEFAULT_ON. */
        add(ctx, "iommu-cmdline", DOCTOR_PASS, NULL,
            "%s, Intel IOMMU on by the kernel's default", pt);
    } else {
        add(ctx, "iommu-cmdline", DOCTOR_PASS, NULL, "%s%s",
            intel ? "intel_iommu=on " : "", pt);
    }
}

static void
check_pf_sriov(struct doctor_ctx *ctx, struct pf_state *ps)
{
    const struct sriov_pf *pf = &ps->pf;

    if (ps->error) {
        add(ctx, "sriov", DOCTOR_FAIL,
            "name an SR-IOV capable PF by netdev or PCI address (lspci -D)",
            "%s", ps->errmsg);
        return;
    }
    if (!pf->driver) {
        add(ctx, "sriov", DOCTOR_FAIL,
            "load the PF's driver (e.g. modprobe mlx5_core)",
            "%s: no driver is bound: SR-IOV cannot be configured",
            ps->label);
        return;
    }
    if (pf->totalvfs < 0) {
        add(ctx, "sriov", DOCTOR_FAIL,
            "enable SR-IOV in the system firmware (BIOS) and in the NIC "
            "firmware (mlx5: mstconfig -d <PCI> set SRIOV_EN=1 "
            "NUM_OF_VFS=<N>, then reboot)",
            "%s: no SR-IOV capability (no sriov_totalvfs)", ps->label);
        return;
    }
    if (pf->totalvfs == 0) {
        add(ctx, "sriov", DOCTOR_FAIL,
            "enable VFs in the NIC firmware (mlx5: mstconfig -d <PCI> set "
            "SRIOV_EN=1 NUM_OF_VFS=<N>, then reboot)",
            "%s: sriov_totalvfs is 0", ps->label);
        return;
    }
    if (ps->in->want_numvfs > pf->totalvfs) {
        add(ctx, "sriov", DOCTOR_FAIL,
            "lower numvfs, or raise the NIC firmware's limit (mlx5: "
            "mstconfig NUM_OF_VFS) and reboot",
            "%s: %d VFs configured but the PF supports at most %d "
            "(sriov_totalvfs)", ps->label, ps->in->want_numvfs,
            pf->totalvfs);
        return;
    }
    add(ctx, "sriov", DOCTOR_PASS, NULL,
        "%s: driver %s, totalvfs %d, numvfs %d%s", ps->label, pf->driver,
        pf->totalvfs, pf->numvfs,
        pf->autoprobe == 0 ? ", VF autoprobe off" : "");
}

/* Removes PCI-to-PCI bridges (class 0x0604xx) from 'members', the devices
 * of an IOMMU group: vfio accepts a group whose other devices are bridges
 * or bound to vfio-pci. */
static void
remove_bridges(const struct doctor_ctx *ctx, struct svec *members)
{
    struct svec kept = SVEC_EMPTY_INITIALIZER;
    const char *member;
    size_t i;

    SVEC_FOR_EACH (i, member, members) {
        char *rel = xasprintf("bus/pci/devices/%s/class", member);
        char *class = NULL;

        read_file(ctx->sys, rel, &class);
        if (!class || strncmp(class, "0x0604", 6)) {
            svec_add(&kept, member);
        }
        free(class);
        free(rel);
    }
    svec_swap(&kept, members);
    svec_destroy(&kept);
}

static void
check_pf_iommu_groups(struct doctor_ctx *ctx, struct pf_state *ps)
{
    enum doctor_status bad = ctx->iommu_needed ? DOCTOR_FAIL : DOCTOR_WARN;
    struct ds problems = DS_EMPTY_INITIALIZER;
    size_t n_problems = 0;

    if (ps->error) {
        add(ctx, "iommu-groups", DOCTOR_SKIP, NULL, "%s: no such PF",
            ps->in->name);
        return;
    }
    if (!ps->vfs.n) {
        add(ctx, "iommu-groups", DOCTOR_SKIP, NULL, "%s: no VFs yet",
            ps->label);
        return;
    }
    if (ctx->n_iommu_groups <= 0) {
        add(ctx, "iommu-groups", DOCTOR_SKIP, NULL, "%s: IOMMU off",
            ps->label);
        return;
    }

    for (size_t i = 0; i < ps->vfs.n; i++) {
        const struct sriov_vf *vf = &ps->vfs.vfs[i];
        struct svec members = SVEC_EMPTY_INITIALIZER;
        char *rel;

        if (vf->iommu_group < 0) {
            ds_put_format(&problems, "%sVF %d (%s) has no IOMMU group",
                          n_problems++ ? "; " : "", vf->index, vf->pci);
            continue;
        }
        rel = xasprintf("kernel/iommu_groups/%d/devices", vf->iommu_group);
        list_dir(ctx->sys, rel, &members);
        free(rel);
        remove_bridges(ctx, &members);
        if (members.n > 1) {
            const char *member;
            size_t j;
            bool first = true;

            ds_put_format(&problems, "%sVF %d (%s) shares IOMMU group %d "
                          "with", n_problems++ ? "; " : "", vf->index,
                          vf->pci, vf->iommu_group);
            SVEC_FOR_EACH (j, member, &members) {
                if (strcmp(member, vf->pci)) {
                    ds_put_format(&problems, "%s %s", first ? "" : ",",
                                  member);
                    first = false;
                }
            }
        }
        svec_destroy(&members);
    }

    if (n_problems) {
        add(ctx, "iommu-groups", bad,
            "a VF can only be assigned together with its whole IOMMU group: "
            "enable ACS in the system firmware or use a slot behind an "
            "ACS-capable root port",
            "%s: %s", ps->label, ds_cstr(&problems));
    } else {
        add(ctx, "iommu-groups", DOCTOR_PASS, NULL,
            "%s: %"PRIuSIZE" VFs, each in its own IOMMU group", ps->label,
            ps->vfs.n);
    }
    ds_destroy(&problems);
}

static void
check_pf_eswitch(struct doctor_ctx *ctx, struct pf_state *ps)
{
    const struct doctor_eswitch *esw = &ps->in->eswitch;
    enum doctor_status bad = (ps->in->want_switchdev ? DOCTOR_FAIL
                              : DOCTOR_WARN);
    const char *label = ps->error ? ps->in->name : ps->label;
    char *why;

    if (!esw->queried) {
        add(ctx, "eswitch", DOCTOR_SKIP, NULL, "%s: not queried", label);
        return;
    }
    if (!esw->error) {
        bool switchdev = esw->mode && !strcmp(esw->mode, "switchdev");

        add(ctx, "eswitch", DOCTOR_PASS, NULL, "%s: eswitch mode %s%s",
            label, esw->mode ? esw->mode : "unknown",
            ps->in->want_switchdev && !switchdev
            ? " (ovs-offload sets switchdev when applying)" : "");
        return;
    }

    why = xasprintf("%s%s%s%s", ovs_strerror(esw->error),
                    esw->extack ? ": \"" : "",
                    esw->extack ? esw->extack : "",
                    esw->extack ? "\"" : "");
    if (esw->error == EOPNOTSUPP && !ps->error && ps->pf.numvfs == 0
        && ps->pf.driver && !strcmp(ps->pf.driver, "mlx5_core")) {
        add(ctx, "eswitch", DOCTOR_WARN,
            "create the VFs first (numvfs), then check again",
            "%s: no eswitch yet (%s): mlx5 reports one only once SR-IOV is "
            "enabled", label, why);
    } else if (esw->error == EOPNOTSUPP) {
        add(ctx, "eswitch", bad,
            "use a NIC and driver with switchdev support (e.g. mlx5 "
            "ConnectX-5 or later)",
            "%s: the driver has no devlink eswitch (%s)", label, why);
    } else if (esw->error == ENOENT) {
        add(ctx, "eswitch", bad,
            "use a kernel built with CONFIG_NET_DEVLINK (Linux 4.8 or "
            "later)", "%s: the kernel has no devlink (%s)", label, why);
    } else {
        add(ctx, "eswitch", bad, NULL, "%s: cannot read the eswitch (%s)",
            label, why);
    }
    free(why);
}

static bool
version_known(const char *v)
{
    return v && v[0] && strcmp(v, "N/A");
}

static void
check_pf_driver(struct doctor_ctx *ctx, struct pf_state *ps)
{
    const struct doctor_pf *in = ps->in;
    const char *label = ps->error ? in->name : ps->label;

    if (!in->driver) {
        add(ctx, "driver", DOCTOR_SKIP, NULL, "%s: no ethtool driver "
            "information", label);
        return;
    }
    if (!strcmp(in->driver, "mlx5_core") && !version_known(in->fw_version)) {
        add(ctx, "driver", DOCTOR_WARN,
            "check the NIC with \"devlink dev info\" and update its "
            "firmware", "%s: driver %s %s, no firmware version reported",
            label, in->driver,
            version_known(in->driver_version) ? in->driver_version : "");
        return;
    }
    add(ctx, "driver", DOCTOR_PASS, NULL, "%s: driver %s%s%s, firmware %s",
        label, in->driver, version_known(in->driver_version) ? " " : "",
        version_known(in->driver_version) ? in->driver_version : "",
        version_known(in->fw_version) ? in->fw_version : "n/a");
}

static void
check_pf_hw_tc(struct doctor_ctx *ctx, struct pf_state *ps)
{
    const struct doctor_pf *in = ps->in;
    const char *label = ps->error ? in->name : ps->label;
    const char *netdev = ps->pf.netdev ? ps->pf.netdev : in->name;
    char *remedy;

    if (in->hw_tc_offload < 0) {
        add(ctx, "hw-tc-offload", DOCTOR_SKIP, NULL, "%s: not queried",
            label);
    } else if (in->hw_tc_offload) {
        add(ctx, "hw-tc-offload", DOCTOR_PASS, NULL, "%s: on", label);
    } else if (in->hw_tc_offload_fixed) {
        add(ctx, "hw-tc-offload", DOCTOR_FAIL,
            "use a NIC and driver that offload TC flower (e.g. mlx5 "
            "ConnectX-5 or later)",
            "%s: off [fixed]: the driver cannot offload TC rules", label);
    } else {
        remedy = xasprintf("ethtool -K %s hw-tc-offload on (ovs-offloadctl "
                           "apply turns it on)", netdev);
        add(ctx, "hw-tc-offload", DOCTOR_WARN, remedy,
            "%s: off: TC rules stay in software", label);
        free(remedy);
    }
}

static void
check_vf_lag_kernel(struct doctor_ctx *ctx)
{
    if (!ctx->in->vf_lag) {
        add(ctx, "vf-lag-kernel", DOCTOR_SKIP, NULL, "no VF-LAG configured");
    } else if (!ctx->kernel) {
        add(ctx, "vf-lag-kernel", DOCTOR_SKIP, NULL,
            "kernel version unknown");
    } else if (doctor_version_compare(ctx->kernel, VF_LAG_MIN_KERNEL) < 0) {
        add(ctx, "vf-lag-kernel", DOCTOR_FAIL,
            "upgrade the kernel (upstream mlx5 VF-LAG: Linux 5.0)",
            "Linux %s is older than %s, the minimum for VF-LAG",
            ctx->kernel, VF_LAG_MIN_KERNEL);
    } else if (doctor_version_compare(ctx->kernel,
                                      VF_LAG_UPSTREAM_KERNEL) < 0) {
        add(ctx, "vf-lag-kernel", DOCTOR_WARN,
            "use Linux 5.0 or later, or a vendor kernel (MLNX_OFED, RHEL) "
            "that backports mlx5 VF-LAG",
            "Linux %s: upstream mlx5 VF-LAG arrived in Linux 5.0; this "
            "kernel needs a vendor backport", ctx->kernel);
    } else {
        add(ctx, "vf-lag-kernel", DOCTOR_PASS, NULL,
            "Linux %s >= %s", ctx->kernel, VF_LAG_MIN_KERNEL);
    }
}

/* Returns true if 'mounts' (the contents of /proc/mounts) has a file system
 * of type 'type', and stores its mount point in '*where' (malloc'd) if
 * 'where' is nonnull. */
static bool
mounts_have(const char *mounts, const char *type, char **where)
{
    const char *line = mounts;

    while (line && *line) {
        const char *end = strchr(line, '\n');
        char *copy = (end
                      ? xmemdup0(line, end - line)
                      : xstrdup(line));
        struct svec words = SVEC_EMPTY_INITIALIZER;
        bool found;

        svec_parse_words(&words, copy);
        found = words.n >= 3 && !strcmp(words.names[2], type);
        if (found && where) {
            *where = xstrdup(words.names[1]);
        }
        svec_destroy(&words);
        free(copy);
        if (found) {
            return true;
        }
        line = end ? end + 1 : NULL;
    }
    return false;
}

static void
check_lag_debugfs(struct doctor_ctx *ctx)
{
    char *mounts = NULL;

    if (!ctx->in->vf_lag) {
        add(ctx, "lag-debugfs", DOCTOR_SKIP, NULL, "no VF-LAG configured");
        return;
    }
    if (!ctx->kernel) {
        add(ctx, "lag-debugfs", DOCTOR_SKIP, NULL, "kernel version unknown");
        return;
    }
    if (doctor_version_compare(ctx->kernel, LAG_DEBUGFS_MIN_KERNEL) < 0) {
        add(ctx, "lag-debugfs", DOCTOR_WARN,
            "use Linux 5.19 or later to read the LAG state directly",
            "Linux %s has no mlx5 lag debugfs (%s+): VF-LAG state comes "
            "only from kernel messages", ctx->kernel,
            LAG_DEBUGFS_MIN_KERNEL);
        return;
    }
    read_file(ctx->proc, "mounts", &mounts);
    if (!mounts || !mounts_have(mounts, "debugfs", NULL)) {
        add(ctx, "lag-debugfs", DOCTOR_WARN,
            "mount -t debugfs none /sys/kernel/debug",
            "debugfs is not mounted: no /sys/kernel/debug/mlx5/<PCI>/lag");
    } else {
        add(ctx, "lag-debugfs", DOCTOR_PASS, NULL,
            "Linux %s >= %s and debugfs mounted", ctx->kernel,
            LAG_DEBUGFS_MIN_KERNEL);
    }
    free(mounts);
}

static void
check_ovs(struct doctor_ctx *ctx)
{
    const struct doctor_ovs *ovs = ctx->in->ovs;

    if (!ovs) {
        add(ctx, "ovs", DOCTOR_SKIP, NULL, "not checked");
    } else if (!ovs->reachable) {
        add(ctx, "ovs", DOCTOR_FAIL,
            "start Open vSwitch (systemctl start openvswitch-switch, or "
            "openvswitch) or point ovs-offloadctl at its database",
            "cannot reach OVSDB%s%s", ovs->error ? ": " : "",
            ovs->error ? ovs->error : "");
    } else if (!ovs->version) {
        add(ctx, "ovs", DOCTOR_WARN, NULL,
            "Open vSwitch reachable, version unknown");
    } else if (doctor_version_compare(ovs->version, HW_OFFLOAD_MIN_OVS) < 0) {
        add(ctx, "ovs", DOCTOR_FAIL, "upgrade Open vSwitch",
            "Open vSwitch %s has no hw-offload (%s or later)", ovs->version,
            HW_OFFLOAD_MIN_OVS);
    } else if (ctx->in->vf_lag
               && doctor_version_compare(ovs->version, VF_LAG_MIN_OVS) < 0) {
        add(ctx, "ovs", DOCTOR_FAIL, "upgrade Open vSwitch",
            "Open vSwitch %s is older than %s, the minimum for VF-LAG",
            ovs->version, VF_LAG_MIN_OVS);
    } else {
        add(ctx, "ovs", DOCTOR_PASS, NULL, "Open vSwitch %s", ovs->version);
    }
}

static void
check_hw_offload(struct doctor_ctx *ctx)
{
    const struct doctor_ovs *ovs = ctx->in->ovs;

    if (!ovs || !ovs->reachable) {
        add(ctx, "hw-offload", DOCTOR_SKIP, NULL, "OVS not reachable");
    } else if (!ovs->hw_offload_configured) {
        add(ctx, "hw-offload", DOCTOR_WARN,
            "ovs-offloadctl apply sets other_config:hw-offload=true; "
            "ovs-vswitchd then needs one restart",
            "other_config:hw-offload is not true: flows stay in the "
            "kernel datapath");
    } else if (ovs->hw_offload_in_effect == 0) {
        add(ctx, "hw-offload", DOCTOR_FAIL,
            "restart ovs-vswitchd once (it reads hw-offload only at "
            "start-up)",
            "other_config:hw-offload=true is configured but not in effect");
    } else {
        add(ctx, "hw-offload", DOCTOR_PASS, NULL,
            "other_config:hw-offload=true%s",
            ovs->hw_offload_in_effect > 0 ? ", in effect"
            : " (whether it is in effect is unknown)");
    }
}

static void
check_ixgbevf(struct doctor_ctx *ctx)
{
    const char *v = ctx->ixgbevf_version;
    char *netdevs;

    if (!ctx->ixgbevf_netdevs.n) {
        add(ctx, "ixgbevf", DOCTOR_SKIP, NULL,
            "no ixgbevf interface (AWS Intel 82599 VF)");
        return;
    }
    netdevs = svec_join(&ctx->ixgbevf_netdevs, ", ", "");
    if (!v || (ctx->kernel && !strcmp(v, ctx->kernel))) {
        add(ctx, "ixgbevf", DOCTOR_PASS, NULL,
            "%s: in-tree ixgbevf of Linux %s", netdevs,
            ctx->kernel ? ctx->kernel : "(unknown)");
    } else if (doctor_version_compare(v, IXGBEVF_MIN) < 0) {
        add(ctx, "ixgbevf", DOCTOR_FAIL,
            "install ixgbevf 2.16.4 or later (3.2.2 is known to build on "
            "EL6), then rebuild the initramfs of every installed kernel "
            "(dracut -f)",
            "%s: ixgbevf %s is older than %s, the minimum AWS recommends "
            "for enhanced networking", netdevs, v, IXGBEVF_MIN);
    } else if (doctor_version_compare(v, IXGBEVF_RECOMMENDED) < 0) {
        add(ctx, "ixgbevf", DOCTOR_WARN,
            "install ixgbevf 2.16.4 or later",
            "%s: ixgbevf %s: AWS now recommends %s or later (older versions "
            "do not build on some distributions)", netdevs, v,
            IXGBEVF_RECOMMENDED);
    } else {
        add(ctx, "ixgbevf", DOCTOR_PASS, NULL, "%s: ixgbevf %s%s", netdevs,
            v, ctx->ixgbevf_out_of_tree ? " (out of tree)" : "");
    }
    free(netdevs);
}

/* Returns true if the host looks like an EC2 instance. */
static bool
on_aws(const struct doctor_ctx *ctx)
{
    static const char *const files[] = {
        "devices/virtual/dmi/id/sys_vendor",
        "devices/virtual/dmi/id/bios_vendor",
        "class/dmi/id/sys_vendor",
        "hypervisor/uuid",
    };

    for (size_t i = 0; i < ARRAY_SIZE(files); i++) {
        char *text;

        if (!read_file(ctx->sys, files[i], &text)) {
            bool aws = (strstr(text, "Amazon")
                        || !strncasecmp(text, "ec2", 3));

            free(text);
            if (aws) {
                return true;
            }
        }
    }
    return false;
}

static void
check_ena(struct doctor_ctx *ctx)
{
    char *list;

    if (ctx->ena_netdevs.n) {
        char *version = NULL;

        list = svec_join(&ctx->ena_netdevs, ", ", "");
        read_file(ctx->sys, "module/ena/version", &version);
        add(ctx, "ena", DOCTOR_PASS, NULL,
            "%s: ena%s%s: enhanced networking (ENA) on", list,
            version ? " " : "", version ? version : "");
        free(version);
        free(list);
    } else if (ctx->vif_netdevs.n && on_aws(ctx)) {
        list = svec_join(&ctx->vif_netdevs, ", ", "");
        add(ctx, "ena", DOCTOR_WARN,
            "stop the instance and enable enhanced networking (aws ec2 "
            "modify-instance-attribute --ena-support, or "
            "--sriov-net-support simple for ixgbevf instance types)",
            "%s: Xen netfront (vif): enhanced networking is off", list);
        free(list);
    } else {
        add(ctx, "ena", DOCTOR_SKIP, NULL, "no ENA interface");
    }
}

/* One line of a configuration file, with where it came from. */
struct conf_line {
    char *file;                 /* Path as printed. */
    int lineno;
    struct svec words;
};

struct conf_lines {
    struct conf_line *lines;
    size_t n, allocated;
};

static void
conf_lines_destroy(struct conf_lines *cl)
{
    for (size_t i = 0; i < cl->n; i++) {
        free(cl->lines[i].file);
        svec_destroy(&cl->lines[i].words);
    }
    free(cl->lines);
}

/* Ends 's' at its first "#" outside quotes that starts a word: a comment
 * in the shell (dracut.conf) and, at the start of a line, in
 * modprobe.d(5). */
static void
strip_comment(char *s)
{
    char quote = 0;

    for (char *p = s; *p; p++) {
        if (quote) {
            quote = *p == quote ? 0 : quote;
        } else if (*p == '"' || *p == '\'') {
            quote = *p;
        } else if (*p == '#' && (p == s || isspace((unsigned char) p[-1]))) {
            *p = '\0';
            return;
        }
    }
}

/* Adds the lines of file 'root'/'rel' to 'cl', with comments removed,
 * backslash continuations joined, and each line split into words
 * (shell-like quoting).  'display' names the file in findings. */
static void
conf_read(const char *root, const char *rel, const char *display,
          struct conf_lines *cl)
{
    struct ds logical = DS_EMPTY_INITIALIZER;
    bool continued = false;
    int lineno = 0, start = 0;
    char *text, *line, *next;

    if (read_file(root, rel, &text)) {
        return;
    }
    for (line = text; line; line = next) {
        struct svec words = SVEC_EMPTY_INITIALIZER;
        size_t len;

        next = strchr(line, '\n');
        if (next) {
            *next++ = '\0';
        }
        lineno++;
        if (!continued) {
            start = lineno;
            ds_clear(&logical);
        }
        ds_put_cstr(&logical, line);
        len = logical.length;
        continued = len && logical.string[len - 1] == '\\';
        if (continued) {
            logical.string[len - 1] = ' ';
            continue;
        }

        strip_comment(ds_cstr(&logical));
        svec_parse_words(&words, ds_cstr(&logical));
        if (words.n) {
            struct conf_line *l;

            if (cl->n >= cl->allocated) {
                cl->lines = x2nrealloc(cl->lines, &cl->allocated,
                                       sizeof *cl->lines);
            }
            l = &cl->lines[cl->n++];
            l->file = xstrdup(display);
            l->lineno = start;
            l->words = words;
        } else {
            svec_destroy(&words);
        }
    }
    ds_destroy(&logical);
    free(text);
}

/* Reads every "*.conf" file of directory 'dir' under 'ctx->etc', in name
 * order, into 'cl'. */
static void
conf_read_dir(const struct doctor_ctx *ctx, const char *dir,
              struct conf_lines *cl)
{
    struct svec names = SVEC_EMPTY_INITIALIZER;
    const char *name;
    size_t i;

    list_dir(ctx->etc, dir, &names);
    SVEC_FOR_EACH (i, name, &names) {
        size_t len = strlen(name);

        if (len > 5 && !strcmp(name + len - 5, ".conf")) {
            char *rel = xasprintf("%s/%s", dir, name);
            char *display = xasprintf("%s/%s", "/etc", rel);

            conf_read(ctx->etc, rel, display, cl);
            free(display);
            free(rel);
        }
    }
    svec_destroy(&names);
}

static bool
needed_module(const struct doctor_ctx *ctx, const char *name)
{
    const char *m;
    size_t i;

    SVEC_FOR_EACH (i, m, &ctx->needed_modules) {
        if (same_module(m, name)) {
            return true;
        }
    }
    return false;
}

static void
check_modprobe(struct doctor_ctx *ctx)
{
    struct ds blocked = DS_EMPTY_INITIALIZER;
    struct ds notes = DS_EMPTY_INITIALIZER;
    struct conf_lines cl = { NULL, 0, 0 };
    bool alias = false, itr = false;
    const char *itr_where = NULL;
    char *needed;

    conf_read_dir(ctx, "modprobe.d", &cl);
    for (size_t i = 0; i < cl.n; i++) {
        const struct conf_line *l = &cl.lines[i];
        const char *cmd = l->words.names[0];
        const char *mod = l->words.n > 1 ? l->words.names[1] : "";

        if (!strcmp(cmd, "blacklist") && needed_module(ctx, mod)) {
            ds_put_format(&blocked, "%s%s:%d blacklists %s",
                          blocked.length ? "; " : "", l->file, l->lineno,
                          mod);
        } else if (!strcmp(cmd, "install") && needed_module(ctx, mod)
                   && l->words.n > 2
                   && (strstr(l->words.names[2], "/false")
                       || strstr(l->words.names[2], "/true"))) {
            ds_put_format(&blocked, "%s%s:%d disables %s (install %s)",
                          blocked.length ? "; " : "", l->file, l->lineno,
                          mod, l->words.names[2]);
        } else if (!strcmp(cmd, "alias") && l->words.n > 2
                   && same_module(l->words.names[2], "ixgbevf")) {
            alias = true;
        } else if (!strcmp(cmd, "options") && same_module(mod, "ixgbevf")) {
            for (size_t j = 2; j < l->words.n; j++) {
                if (!strncmp(l->words.names[j], "InterruptThrottleRate=",
                             strlen("InterruptThrottleRate="))) {
                    itr = true;
                    itr_where = l->file;
                }
            }
        }
    }

    if (ctx->ixgbevf_netdevs.n && ctx->ixgbevf_out_of_tree) {
        if (!alias) {
            ds_put_format(&notes, "no \"alias eth0 ixgbevf\" in "
                          "/etc/modprobe.d");
        }
        if (!itr) {
            ds_put_format(&notes, "%sno \"options ixgbevf "
                          "InterruptThrottleRate=1\" in /etc/modprobe.d",
                          notes.length ? "; " : "");
        }
    } else if (ctx->ixgbevf_netdevs.n && itr) {
        ds_put_format(&notes, "%s sets InterruptThrottleRate, which the "
                      "in-tree ixgbevf does not have (the kernel ignores it "
                      "and logs \"unknown parameter\")", itr_where);
    }

    needed = svec_join(&ctx->needed_modules, ", ", "");
    if (blocked.length) {
        add(ctx, "modprobe", DOCTOR_FAIL,
            "remove those lines and rebuild the initramfs (dracut -f or "
            "update-initramfs -u)", "%s", ds_cstr(&blocked));
    } else if (notes.length) {
        add(ctx, "modprobe", DOCTOR_WARN,
            ctx->ixgbevf_out_of_tree
            ? "create /etc/modprobe.d/ifaliases.conf with \"alias eth0 "
              "ixgbevf\" and /etc/modprobe.d/ixgbevf.conf with \"options "
              "ixgbevf InterruptThrottleRate=1\""
            : "remove the InterruptThrottleRate option",
            "%s", ds_cstr(&notes));
    } else {
        add(ctx, "modprobe", DOCTOR_PASS, NULL,
            "nothing in /etc/modprobe.d blocks %s",
            needed[0] ? needed : "the drivers in use");
    }
    free(needed);
    ds_destroy(&notes);
    ds_destroy(&blocked);
    conf_lines_destroy(&cl);
}

/* Parses dracut setting 'l' ("add_drivers+=\" ixgbevf \"", split into
 * words by the shell-like parser: 'add_drivers+=' and ' ixgbevf ' come out
 * as one word "add_drivers+= ixgbevf ") into its key and adds its value's
 * words to 'values'.  Returns the key, malloc'd, or NULL if 'l' is not an
 * assignment. */
static char *
dracut_setting(const struct conf_line *l, struct svec *values)
{
    const char *word = l->words.names[0];
    const char *eq = strchr(word, '=');
    char *key;

    if (!eq || eq == word) {
        return NULL;
    }
    key = xmemdup0(word, eq - word);
    if (key[strlen(key) - 1] == '+') {
        key[strlen(key) - 1] = '\0';
    }
    svec_parse_words(values, eq + 1);
    for (size_t i = 1; i < l->words.n; i++) {
        svec_parse_words(values, l->words.names[i]);
    }
    return key;
}

static void
check_dracut(struct doctor_ctx *ctx)
{
    struct ds omitted = DS_EMPTY_INITIALIZER;
    struct conf_lines cl = { NULL, 0, 0 };
    bool added = false;

    conf_read(ctx->etc, "dracut.conf", "/etc/dracut.conf", &cl);
    conf_read_dir(ctx, "dracut.conf.d", &cl);
    for (size_t i = 0; i < cl.n; i++) {
        struct svec values = SVEC_EMPTY_INITIALIZER;
        char *key = dracut_setting(&cl.lines[i], &values);
        const char *v;
        size_t j;

        if (key) {
            SVEC_FOR_EACH (j, v, &values) {
                if (!strcmp(key, "omit_drivers") && needed_module(ctx, v)) {
                    ds_put_format(&omitted, "%s%s:%d omits %s",
                                  omitted.length ? "; " : "",
                                  cl.lines[i].file, cl.lines[i].lineno, v);
                } else if ((!strcmp(key, "add_drivers")
                            || !strcmp(key, "force_drivers")
                            || !strcmp(key, "drivers"))
                           && same_module(v, "ixgbevf")) {
                    added = true;
                }
            }
        }
        free(key);
        svec_destroy(&values);
    }

    if (omitted.length) {
        add(ctx, "dracut", DOCTOR_FAIL,
            "remove the driver from omit_drivers and run dracut -f",
            "%s", ds_cstr(&omitted));
    } else if (!ctx->ixgbevf_netdevs.n || !ctx->ixgbevf_out_of_tree) {
        add(ctx, "dracut", DOCTOR_SKIP, NULL,
            "no out-of-tree ixgbevf to put in the initramfs");
    } else if (!added) {
        add(ctx, "dracut", DOCTOR_WARN,
            "add add_drivers+=\" ixgbevf \" to /etc/dracut.conf.d/"
            "ixgbevf.conf and run dracut -f for every installed kernel; "
            "repeat after each kernel update (or use DKMS)",
            "the out-of-tree ixgbevf is not in the dracut configuration: "
            "after a reboot the initramfs may load the old one and the "
            "instance may lose its network");
    } else {
        add(ctx, "dracut", DOCTOR_PASS, NULL,
            "ixgbevf is added to the initramfs (rebuild it after each "
            "kernel update)");
    }
    ds_destroy(&omitted);
    conf_lines_destroy(&cl);
}

/* Returns the value of "key: value" line 'key' of 'meminfo', or -1. */
static long long int
meminfo_value(const char *meminfo, const char *key)
{
    const char *p = meminfo;
    size_t len = strlen(key);

    while (p) {
        if (!strncmp(p, key, len) && p[len] == ':') {
            return strtoll(p + len + 1, NULL, 10);
        }
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    return -1;
}

static void
check_hugepages(struct doctor_ctx *ctx)
{
    struct svec sizes = SVEC_EMPTY_INITIALIZER;
    struct ds found = DS_EMPTY_INITIALIZER;
    unsigned long long int total_kb = 0;
    char *meminfo = NULL, *mounts = NULL, *where = NULL;
    const char *name;
    size_t i;

    if (!ctx->in->dpdk) {
        add(ctx, "hugepages", DOCTOR_SKIP, NULL, "no DPDK consumer");
        return;
    }

    /* Every size from sysfs; the default size from /proc/meminfo if sysfs
     * has none. */
    list_dir(ctx->sys, "kernel/mm/hugepages", &sizes);
    SVEC_FOR_EACH (i, name, &sizes) {
        unsigned long long int kb;
        char *rel, *text;
        int nr;

        if (sscanf(name, "hugepages-%llukB", &kb) != 1) {
            continue;
        }
        rel = xasprintf("kernel/mm/hugepages/%s/nr_hugepages", name);
        if (!read_file(ctx->sys, rel, &text)) {
            if (str_to_int(text, 10, &nr) && nr > 0) {
                ds_put_format(&found, "%s%d x %llu kB",
                              found.length ? ", " : "", nr, kb);
                total_kb += nr * kb;
            }
            free(text);
        }
        free(rel);
    }
    svec_destroy(&sizes);
    if (!total_kb && !read_file(ctx->proc, "meminfo", &meminfo)) {
        long long int n = meminfo_value(meminfo, "HugePages_Total");
        long long int kb = meminfo_value(meminfo, "Hugepagesize");

        if (n > 0 && kb > 0) {
            ds_put_format(&found, "%lld x %lld kB", n, kb);
            total_kb = n * kb;
        }
    }

    if (!total_kb) {
        add(ctx, "hugepages", DOCTOR_FAIL,
            "echo 1024 > /sys/kernel/mm/hugepages/hugepages-2048kB/"
            "nr_hugepages, and make it persistent (vm.nr_hugepages or "
            "hugepages= on the kernel command line)",
            "no hugepages reserved: DPDK needs them for packet buffers");
    } else if (read_file(ctx->proc, "mounts", &mounts)
               || !mounts_have(mounts, "hugetlbfs", &where)) {
        add(ctx, "hugepages", DOCTOR_WARN,
            "mount -t hugetlbfs nodev /dev/hugepages",
            "%s reserved, but no hugetlbfs is mounted", ds_cstr(&found));
    } else {
        add(ctx, "hugepages", DOCTOR_PASS, NULL,
            "%s (%.1f GiB), hugetlbfs on %s", ds_cstr(&found),
            total_kb / (1024.0 * 1024.0), where);
    }
    free(where);
    free(mounts);
    free(meminfo);
    ds_destroy(&found);
}

static void
check_vfio(struct doctor_ctx *ctx)
{
    if (!ctx->in->dpdk && !ctx->in->passthrough) {
        add(ctx, "vfio-pci", DOCTOR_SKIP, NULL,
            "no DPDK consumer or VF passthrough");
    } else if (path_exists(ctx->sys, "bus/pci/drivers/vfio-pci")) {
        add(ctx, "vfio-pci", DOCTOR_PASS, NULL, "vfio-pci loaded");
    } else {
        add(ctx, "vfio-pci", DOCTOR_FAIL,
            "modprobe vfio-pci, and list it in /etc/modules-load.d/"
            "vfio-pci.conf for boot",
            "vfio-pci is not loaded: VFs cannot be bound to it");
    }
}

/* Setup. */

/* Sorts the netdevs of /sys/class/net by driver. */
static void
scan_netdevs(struct doctor_ctx *ctx)
{
    struct svec names = SVEC_EMPTY_INITIALIZER;
    const char *name;
    size_t i;

    list_dir(ctx->sys, "class/net", &names);
    SVEC_FOR_EACH (i, name, &names) {
        char *rel = xasprintf("class/net/%s/device/driver", name);
        char *driver = sriov_sysfs_link_base(ctx->sys, rel);

        if (!driver) {
            /* Not a device. */
        } else if (!strcmp(driver, "ixgbevf")) {
            svec_add(&ctx->ixgbevf_netdevs, name);
        } else if (!strcmp(driver, "ena")) {
            svec_add(&ctx->ena_netdevs, name);
        } else if (!strcmp(driver, "vif")) {
            svec_add(&ctx->vif_netdevs, name);
        }
        free(driver);
        free(rel);
    }
    svec_destroy(&names);
}

static void
find_ixgbevf_version(struct doctor_ctx *ctx)
{
    char *taint = NULL;

    /* ethtool's answer for a configured PF comes first. */
    for (size_t i = 0; i < ctx->in->n_pfs; i++) {
        const struct doctor_pf *pf = &ctx->in->pfs[i];

        if (pf->driver && !strcmp(pf->driver, "ixgbevf")
            && version_known(pf->driver_version)) {
            ctx->ixgbevf_version = xstrdup(pf->driver_version);
            break;
        }
    }
    if (!ctx->ixgbevf_version) {
        /* Out-of-tree modules, and in-tree ones before about Linux 5.8,
         * declare MODULE_VERSION. */
        read_file(ctx->sys, "module/ixgbevf/version",
                  &ctx->ixgbevf_version);
    }
    if (!read_file(ctx->sys, "module/ixgbevf/taint", &taint)) {
        ctx->ixgbevf_out_of_tree = strchr(taint, 'O') != NULL;
        free(taint);
    }
}

static void
add_needed_module(struct doctor_ctx *ctx, const char *driver)
{
    char *name = module_name(driver);

    if (!svec_contains_unsorted(&ctx->needed_modules, name)) {
        svec_add(&ctx->needed_modules, name);
    }
    free(name);
}

static void
ctx_init(struct doctor_ctx *ctx, const struct doctor_input *in,
         struct doctor_report *report)
{
    struct svec groups = SVEC_EMPTY_INITIALIZER;
    char *cmdline;

    memset(ctx, 0, sizeof *ctx);
    ctx->in = in;
    ctx->report = report;
    ctx->sys = in->sysfs_root ? in->sysfs_root : "/sys";
    ctx->proc = in->procfs_root ? in->procfs_root : "/proc";
    ctx->etc = in->etc_root ? in->etc_root : "/etc";
    ctx->sriov.sysfs_root = ctx->sys;
    ctx->iommu_needed = in->passthrough || in->dpdk;
    svec_init(&ctx->cmdline);
    svec_init(&ctx->ixgbevf_netdevs);
    svec_init(&ctx->ena_netdevs);
    svec_init(&ctx->vif_netdevs);
    svec_init(&ctx->needed_modules);

    read_file(ctx->proc, "sys/kernel/osrelease", &ctx->kernel);
    if (!read_file(ctx->proc, "cmdline", &cmdline)) {
        svec_parse_words(&ctx->cmdline, cmdline);
        free(cmdline);
    }
    ctx->n_iommu_groups = (list_dir(ctx->sys, "kernel/iommu_groups",
                                    &groups)
                           ? -1 : (int) MIN(groups.n, INT_MAX));
    svec_destroy(&groups);

    ctx->pfs = xcalloc(MAX(in->n_pfs, 1), sizeof *ctx->pfs);
    for (size_t i = 0; i < in->n_pfs; i++) {
        struct pf_state *ps = &ctx->pfs[i];

        ps->in = &in->pfs[i];
        ps->error = sriov_pf_resolve(&ctx->sriov, ps->in->name, &ps->pf,
                                     &ps->errmsg);
        if (ps->error) {
            ps->label = xstrdup(ps->in->name);
            ps->vfs.vfs = NULL;
            ps->vfs.n = 0;
            continue;
        }
        ps->label = (ps->pf.netdev
                     ? xasprintf("%s (%s)", ps->pf.netdev, ps->pf.pci)
                     : xstrdup(ps->pf.pci));
        sriov_vf_list_read(&ctx->sriov, ps->pf.pci, &ps->vfs, NULL);
        if (ps->pf.driver) {
            add_needed_module(ctx, ps->pf.driver);
        }
    }

    scan_netdevs(ctx);
    if (ctx->ixgbevf_netdevs.n) {
        add_needed_module(ctx, "ixgbevf");
        find_ixgbevf_version(ctx);
    }
    if (ctx->ena_netdevs.n) {
        add_needed_module(ctx, "ena");
    }
    if (in->dpdk || in->passthrough) {
        add_needed_module(ctx, "vfio-pci");
    }
}

static void
ctx_destroy(struct doctor_ctx *ctx)
{
    for (size_t i = 0; i < ctx->in->n_pfs; i++) {
        struct pf_state *ps = &ctx->pfs[i];

        free(ps->label);
        free(ps->errmsg);
        sriov_pf_uninit(&ps->pf);
        sriov_vf_list_destroy(&ps->vfs);
    }
    free(ctx->pfs);
    free(ctx->kernel);
    free(ctx->ixgbevf_version);
    svec_destroy(&ctx->cmdline);
    svec_destroy(&ctx->ixgbevf_netdevs);
    svec_destroy(&ctx->ena_netdevs);
    svec_destroy(&ctx->vif_netdevs);
    svec_destroy(&ctx->needed_modules);
}

/* Runs every check on the host that 'in' describes and appends the results
 * to 'report', in the order listed in doctor.h.  Per-PF checks give one
 * result per PF in 'in->pfs', or a single SKIP if there is none.  Reads
 * only; never changes the host. */
void
doctor_run(const struct doctor_input *in, struct doctor_report *report)
{
    static void (*const pf_checks[])(struct doctor_ctx *,
                                     struct pf_state *) = {
        check_pf_sriov,
        check_pf_iommu_groups,
        check_pf_eswitch,
        check_pf_driver,
        check_pf_hw_tc,
    };
    static const char *const pf_check_names[] = {
        "sriov", "iommu-groups", "eswitch", "driver", "hw-tc-offload",
    };
    BUILD_ASSERT_DECL(ARRAY_SIZE(pf_checks) == ARRAY_SIZE(pf_check_names));
    struct doctor_ctx ctx;

    ctx_init(&ctx, in, report);

    check_kernel(&ctx);
    check_iommu(&ctx);
    check_iommu_cmdline(&ctx);
    for (size_t i = 0; i < ARRAY_SIZE(pf_checks); i++) {
        if (!in->n_pfs) {
            add(&ctx, pf_check_names[i], DOCTOR_SKIP, NULL,
                "no PF configured");
        }
        for (size_t j = 0; j < in->n_pfs; j++) {
            pf_checks[i](&ctx, &ctx.pfs[j]);
        }
    }
    check_vf_lag_kernel(&ctx);
    check_lag_debugfs(&ctx);
    check_ovs(&ctx);
    check_hw_offload(&ctx);
    check_ixgbevf(&ctx);
    check_ena(&ctx);
    check_modprobe(&ctx);
    check_dracut(&ctx);
    check_hugepages(&ctx);
    check_vfio(&ctx);

    ctx_destroy(&ctx);
}
