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

/* Unit tests of the attachment snippets (controller/attach.c) against a
 * synthetic sysfs tree: a PF 0000:61:00.0 (enp97s0f0np0) with VF 0
 * 0000:61:01.2 (IOMMU group 34, netdev eth5 with a MAC) and VF 1
 * 0000:61:01.3 (group 35, bound to vfio-pci: no netdev). */

#include <config.h>

#include <errno.h>
#include <ftw.h>
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

#include "controller/attach.h"
#include "openvswitch/dynamic-string.h"
#include "util.h"

#define PF "0000:61:00.0"
#define VF0 "0000:61:01.2"
#define VF1 "0000:61:01.3"

static void
mkdirs(const char *root, const char *rel)
{
    char *path = xasprintf("%s/%s", root, rel);

    for (char *p = path + strlen(root) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0755);
            *p = '/';
        }
    }
    mkdir(path, 0755);
    free(path);
}

static void
put(const char *root, const char *rel, const char *text)
{
    char *path = xasprintf("%s/%s", root, rel);
    FILE *f = fopen(path, "w");

    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    free(path);
}

static void
link_to(const char *root, const char *rel, const char *target)
{
    char *path = xasprintf("%s/%s", root, rel);

    assert_int_equal(symlink(target, path), 0);
    free(path);
}

static void
put_vf(const char *root, const char *vf, const char *group)
{
    char *dir = xasprintf("bus/pci/devices/%s", vf);
    char *rel;

    mkdirs(root, dir);
#define PUT(ATTR, TEXT)                                         \
    rel = xasprintf("%s/" ATTR, dir);                           \
    put(root, rel, TEXT);                                       \
    free(rel);
    PUT("vendor", "0x15b3\n");
    PUT("device", "0x101e\n");
    PUT("subsystem_vendor", "0x15b3\n");
    PUT("subsystem_device", "0x0069\n");
#undef PUT
    rel = xasprintf("%s/iommu_group", dir);
    char *target = xasprintf("../../../kernel/iommu_groups/%s", group);
    link_to(root, rel, target);
    free(target);
    free(rel);
    rel = xasprintf("%s/physfn", dir);
    link_to(root, rel, "../" PF);
    free(rel);
    free(dir);
}

static int
setup(void **state)
{
    char template[] = "/tmp/test-attach.XXXXXX";
    char *root;

    assert_non_null(mkdtemp(template));
    root = xstrdup(template);
    mkdirs(root, "bus/pci/devices/" PF "/net/enp97s0f0np0");
    put(root, "bus/pci/devices/" PF "/vendor", "0x15b3\n");
    put(root, "bus/pci/devices/" PF "/device", "0x101d\n");
    link_to(root, "bus/pci/devices/" PF "/virtfn0", "../" VF0);
    link_to(root, "bus/pci/devices/" PF "/virtfn1", "../" VF1);
    mkdirs(root, "class/net/enp97s0f0np0");
    link_to(root, "class/net/enp97s0f0np0/device",
            "../../../bus/pci/devices/" PF);
    put_vf(root, VF0, "34");
    put_vf(root, VF1, "35");
    mkdirs(root, "bus/pci/devices/" VF0 "/net/eth5");
    put(root, "bus/pci/devices/" VF0 "/net/eth5/address",
        "6a:66:2d:48:92:c3\n");
    *state = root;
    return 0;
}

static int
remove_cb(const char *path, const struct stat *st OVS_UNUSED,
          int flag OVS_UNUSED, struct FTW *ftw OVS_UNUSED)
{
    return remove(path);
}

static int
teardown(void **state)
{
    char *root = *state;

    nftw(root, remove_cb, 16, FTW_DEPTH | FTW_PHYS);
    free(root);
    return 0;
}

static void
test_resolve_address(void **state)
{
    struct attach_vf vf;
    char *err;

    assert_int_equal(attach_resolve(*state, VF0, &vf, &err), 0);
    assert_null(err);
    assert_string_equal(vf.pci, VF0);
    assert_int_equal(vf.bus, 0x61);
    assert_int_equal(vf.slot, 1);
    assert_int_equal(vf.function, 2);
    assert_string_equal(vf.vendor, "15b3");
    assert_string_equal(vf.device, "101e");
    assert_string_equal(vf.subsystem_device, "0069");
    assert_int_equal(vf.iommu_group, 34);
    assert_string_equal(vf.mac, "6a:66:2d:48:92:c3");
    assert_string_equal(vf.pf, "enp97s0f0np0");
    assert_int_equal(vf.vf_index, 0);
    attach_vf_destroy(&vf);

    /* Domain 0 may be left out. */
    assert_int_equal(attach_resolve(*state, "61:01.3", &vf, &err), 0);
    assert_string_equal(vf.pci, VF1);
    assert_int_equal(vf.vf_index, 1);
    attach_vf_destroy(&vf);
}

static void
test_resolve_pf_vf(void **state)
{
    struct attach_vf vf;
    char *err;

    assert_int_equal(attach_resolve(*state, "enp97s0f0np0:vf1", &vf, &err),
                     0);
    assert_string_equal(vf.pci, VF1);
    assert_int_equal(vf.iommu_group, 35);
    assert_null(vf.mac);              /* No netdev (vfio-pci). */
    assert_string_equal(vf.pf, "enp97s0f0np0");
    assert_int_equal(vf.vf_index, 1);
    attach_vf_destroy(&vf);
}

static void
test_resolve_errors(void **state)
{
    struct attach_vf vf;
    char *err;

    assert_int_equal(attach_resolve(*state, "enp97s0f0np0:vf7", &vf, &err),
                     ENOENT);
    assert_non_null(strstr(err, "virtfn7"));
    free(err);
    assert_int_equal(attach_resolve(*state, "nosuch:vf0", &vf, &err), ENOENT);
    free(err);
    assert_int_equal(attach_resolve(*state, "garbage", &vf, &err), EINVAL);
    free(err);
    assert_int_equal(attach_resolve(*state, "0000:61:07.0", &vf, &err),
                     ENOENT);
    free(err);
    /* The PF is not a VF. */
    assert_int_equal(attach_resolve(*state, PF, &vf, &err), EINVAL);
    assert_non_null(strstr(err, "not a VF"));
    free(err);
}

static void
resolve_both(void **state, struct attach_vf vfs[2])
{
    char *err;

    assert_int_equal(attach_resolve(*state, VF0, &vfs[0], &err), 0);
    assert_int_equal(attach_resolve(*state, "enp97s0f0np0:vf1", &vfs[1],
                                    &err), 0);
}

static void
test_libvirt(void **state)
{
    struct attach_vf vfs[2];
    struct ds s = DS_EMPTY_INITIALIZER;

    resolve_both(state, vfs);
    attach_format_libvirt(vfs, 2, &s);
    assert_string_equal(ds_cstr(&s),
        "<!-- VF 0000:61:01.2 (15b3:101e, enp97s0f0np0 VF 0, IOMMU group "
        "34): virsh attach-device DOMAIN FILE -->\n"
        "<interface type='hostdev' managed='yes'>\n"
        "  <mac address='6a:66:2d:48:92:c3'/>\n"
        "  <source>\n"
        "    <address type='pci' domain='0x0000' bus='0x61' slot='0x01' "
        "function='0x2'/>\n"
        "  </source>\n"
        "</interface>\n"
        "\n"
        "<!-- VF 0000:61:01.3 (15b3:101e, enp97s0f0np0 VF 1, IOMMU group "
        "35): virsh attach-device DOMAIN FILE -->\n"
        "<interface type='hostdev' managed='yes'>\n"
        "  <source>\n"
        "    <address type='pci' domain='0x0000' bus='0x61' slot='0x01' "
        "function='0x3'/>\n"
        "  </source>\n"
        "</interface>\n");
    ds_destroy(&s);
    attach_vf_destroy(&vfs[0]);
    attach_vf_destroy(&vfs[1]);
}

static void
test_nova(void **state)
{
    struct attach_vf vfs[2];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct attach_options o = { .physnet = "physnet-sriov" };

    resolve_both(state, vfs);
    attach_format_nova(vfs, 2, &o, &s);

    const char *t = ds_cstr(&s);
    assert_non_null(strstr(t, "\n[pci]\n"));
    assert_non_null(strstr(t, "\ndevice_spec = {\"address\": "
                           "\"0000:61:01.2\", \"physical_network\": "
                           "\"physnet-sriov\"}\n"));
    assert_non_null(strstr(t, "\ndevice_spec = {\"address\": "
                           "\"0000:61:01.3\", \"physical_network\": "
                           "\"physnet-sriov\"}\n"));
    /* One alias for the one vendor/product pair, default name. */
    const char *alias = "\nalias = {\"name\": \"ovs-offload-vf\", "
                        "\"vendor_id\": \"15b3\", \"product_id\": \"101e\", "
                        "\"device_type\": \"type-VF\"}\n";
    const char *a = strstr(t, alias);
    assert_non_null(a);
    assert_null(strstr(a + 1, "\nalias"));
    ds_destroy(&s);
    attach_vf_destroy(&vfs[0]);
    attach_vf_destroy(&vfs[1]);
}

static void
test_proxmox(void **state)
{
    struct attach_vf vfs[2];
    struct ds s = DS_EMPTY_INITIALIZER;
    struct attach_options o = { .name = "vfs", .node = "pve1" };

    resolve_both(state, vfs);
    attach_format_proxmox(vfs, 2, &o, &s);

    const char *t = ds_cstr(&s);
    assert_non_null(strstr(t, "pvesh create /cluster/mapping/pci --id vfs "
                           "\\\n    --map 'id=15b3:101e,iommugroup=34,"
                           "node=pve1,path=0000:61:01.2,"
                           "subsystem-id=15b3:0069' \\\n    --map "
                           "'id=15b3:101e,iommugroup=35,node=pve1,"
                           "path=0000:61:01.3,subsystem-id=15b3:0069'\n"));
    assert_non_null(strstr(t, "\nvfs\n\tmap id=15b3:101e,iommugroup=34,"
                           "node=pve1,path=0000:61:01.2,"
                           "subsystem-id=15b3:0069\n\tmap id=15b3:101e,"
                           "iommugroup=35,node=pve1,path=0000:61:01.3,"
                           "subsystem-id=15b3:0069\n"));
    assert_non_null(strstr(t, "\nhostpci0: mapping=vfs,pcie=1\n"));
    ds_destroy(&s);
    attach_vf_destroy(&vfs[0]);
    attach_vf_destroy(&vfs[1]);
}

#define T(NAME) cmocka_unit_test_setup_teardown(NAME, setup, teardown)

int
main(void)
{
    const struct CMUnitTest tests[] = {
        T(test_resolve_address),
        T(test_resolve_pf_vf),
        T(test_resolve_errors),
        T(test_libvirt),
        T(test_nova),
        T(test_proxmox),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
