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

/* Unit tests of the ifupdown2 importer (controller/ifupdown2-import.c).
 *
 * Every case writes one or more interfaces files (the first is the one
 * imported; the others are reached through "source" or "source-directory")
 * into a fresh directory made with mkdtemp().  Most cases are rows of a
 * table: the substrings that the YAML, the notes or the errors must
 * contain.  The YAML of every successful import is parsed again with
 * offload_config_parse_buffer(), and the fixed tests check the parsed
 * model field by field. */

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

#include "controller/ifupdown2-import.h"
#include "controller/offload-config.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "util.h"

/* The number of elements of 'ARRAY'.  OVS's ARRAY_SIZE needs the GNU
 * 'typeof' extension, which -std=c11 does not provide. */
#define N_ELEMS(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

#define MAX_FILES 4
#define MAX_EXPECT 8

/* A file of a case: 'path' relative to the case's directory. */
struct file_spec {
    const char *path;
    const char *text;
};

struct import_case {
    const char *name;
    struct file_spec files[MAX_FILES];  /* files[0] is imported. */
    const char *yaml[MAX_EXPECT];       /* Substrings of the YAML. */
    const char *notes[MAX_EXPECT];      /* Substrings of the notes. */
    const char *errors[MAX_EXPECT];     /* Substrings of the errors; the
                                         * import must fail if any. */
    int n_errors;                       /* Error lines, 0: any. */
};

/* The Proxmox layout of seed 002: an OVS bond over the two PFs of a
 * switchdev NIC, VF representors as OVSPorts in interfaces.d. */
#define SEED_002                                \
    "auto lo\n"                                 \
    "iface lo inet loopback\n"                  \
    "\n"                                        \
    "auto enp129s0f0np0\n"                      \
    "iface enp129s0f0np0 inet manual\n"         \
    "\n"                                        \
    "auto enp129s0f1np1\n"                      \
    "iface enp129s0f1np1 inet manual\n"         \
    "\n"                                        \
    "auto vmbr1\n"                              \
    "iface vmbr1 inet static\n"                 \
    "\tovs_type OVSBridge\n"                    \
    "\tovs_ports bond1\n"                       \
    "\tovs_mtu 9000\n"                          \
    "\taddress 192.168.1.2/24\n"                \
    "\n"                                        \
    "auto bond1\n"                              \
    "iface bond1 inet manual\n"                 \
    "\tovs_type OVSBond\n"                      \
    "\tovs_bonds enp129s0f0np0 enp129s0f1np1\n" \
    "\tovs_bridge vmbr1\n"                      \
    "\tovs_mtu 9000\n"                          \
    "\tovs_options lacp=active bond_mode=balance-tcp\n" \
    "\n"                                        \
    "source /etc/network/interfaces.d/*\n"

#define SEED_002_VFS                            \
    "# Add VFs to the offloaded switch\n"       \
    "auto ovs-sw1pf0vf0\n"                      \
    "iface ovs-sw1pf0vf0 inet manual\n"         \
    "\tovs_type OVSPort\n"                      \
    "\tovs_bridge vmbr1\n"                      \
    "\tovs_mtu 9000\n"                          \
    "auto ovs-sw1pf0vf1\n"                      \
    "iface ovs-sw1pf0vf1 inet manual\n"         \
    "\tovs_type OVSPort\n"                      \
    "\tovs_bridge vmbr1\n"                      \
    "\tovs_mtu 9000\n"

/* A bridge with one port, to which a case appends a stanza. */
#define BR0                                     \
    "auto vmbr0\n"                              \
    "iface vmbr0 inet manual\n"                 \
    "\tovs_type OVSBridge\n"                    \
    "\tovs_ports eth0 bond0\n"                  \
    "\n"                                        \
    "auto eth0\n"                               \
    "iface eth0 inet manual\n"                  \
    "\tovs_type OVSPort\n"                      \
    "\tovs_bridge vmbr0\n"                      \
    "\n"
/* BR0 is 10 lines long: the stanza of a case starts at line 11. */

#define BOND0(OPTIONS)                          \
    "auto bond0\n"                              \
    "iface bond0 inet manual\n"                 \
    "\tovs_type OVSBond\n"                      \
    "\tovs_bridge vmbr0\n"                      \
    "\tovs_bonds eth1 eth2\n"                   \
    OPTIONS

static const struct import_case cases[] = {
    /* Good files. */
    { "an empty file",
      .files = { { "interfaces", "" } },
      .yaml = { "version: 1\n\n# No Open vSwitch bridge in the file.\n"
                "bridges: []\n" } },
    { "no OVS at all",
      .files = { { "interfaces",
          "auto lo\niface lo inet loopback\n\n"
          "auto eth0\niface eth0 inet dhcp\n" } },
      .yaml = { "bridges: []", "version: 1" },
      .notes = {
        "interfaces:2: left to ifupdown2: iface lo inet loopback (not Open "
        "vSwitch)",
        "interfaces:5: left to ifupdown2: dhcp (inet) on eth0" } },
    { "header names the source file",
      .files = { { "interfaces", BR0 } },
      .yaml = {
        "# ovs-offload.yaml imported from the ifupdown2 configuration\n"
        "#   /",
        "/interfaces\n# by \"ovs-offloadctl import ifupdown2\"",
        "  # ", "interfaces:2: iface vmbr0 inet manual, OVSBridge\n"
        "  - name: vmbr0\n    ports:\n",
        "      - name: eth0\n        type: system\n" } },
    { "bond modes and LACP",
      .files = { { "interfaces",
          BR0 BOND0("\tovs_options bond_mode=balance-slb lacp=active "
                    "other_config:lacp-time=fast "
                    "other_config:lacp-fallback-ab=true bond_updelay=100 "
                    "bond_downdelay=200\n") } },
      .yaml = { "        members: [eth1, eth2]\n"
        "        bond-mode: balance-slb\n"
        "        lacp: active\n"
        "        lacp-time: fast\n"
        "        lacp-fallback-ab: true\n"
        "        updelay: 100\n"
        "        downdelay: 200\n" } },
    { "active-backup without LACP",
      .files = { { "interfaces",
          BR0 BOND0("\tovs_options bond_mode=active-backup lacp=off\n") } },
      .yaml = { "bond-mode: active-backup\n        lacp: off\n" } },
    { "miimon and a free Port other_config key",
      .files = { { "interfaces",
          BR0 BOND0("\tovs_options other_config:bond-detect-mode=miimon "
                    "other_config:bond-miimon-interval=100 "
                    "other_config:bond-rebalance-interval=10000\n") } },
      .yaml = { "        detect: miimon\n        miimon-interval: 100\n"
        "        other-config:\n"
        "          bond-rebalance-interval: \"10000\"\n" } },
    { "internal port with a VLAN tag and an address",
      .files = { { "interfaces",
          BR0
          "auto mgmt0\n"
          "iface mgmt0 inet static\n"
          "\taddress 192.0.2.10/24\n"
          "\tgateway 192.0.2.1\n"
          "\tovs_type OVSIntPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_options tag=10 vlan_mode=access\n"
          "\tovs_mtu 1500\n" } },
      .yaml = { "      # left to ifupdown2: address 192.0.2.10/24\n"
        "      # left to ifupdown2: gateway 192.0.2.1\n"
        "      - name: mgmt0\n"
        "        type: internal\n"
        "        mtu: 1500\n"
        "        tag: 10\n" },
      .notes = {
        "interfaces:13: left to ifupdown2: address 192.0.2.10/24 on mgmt0",
        "interfaces:14: left to ifupdown2: gateway 192.0.2.1 on mgmt0",
        "interfaces:17: vlan_mode=access of mgmt0 is left out" } },
    { "trunk port",
      .files = { { "interfaces",
          BR0
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_options trunks=30,10,20 vlan_mode=trunk\n" } },
      .yaml = { "      - name: eth3\n        type: system\n"
        "        trunks: [30, 10, 20]\n" },
      .notes = { "vlan_mode=trunk of eth3 is left out" } },
    { "patch ports between two bridges",
      .files = { { "interfaces",
          "auto br-int\n"
          "iface br-int inet manual\n"
          "\tovs_type OVSBridge\n"
          "\tovs_ports int-to-ex\n"
          "auto br-ex\n"
          "iface br-ex inet manual\n"
          "\tovs_type OVSBridge\n"
          "\tovs_ports ex-to-int\n"
          "auto int-to-ex\n"
          "iface int-to-ex inet manual\n"
          "\tovs_type OVSPatchPort\n"
          "\tovs_bridge br-int\n"
          "\tovs_patch_peer ex-to-int\n"
          "auto ex-to-int\n"
          "iface ex-to-int inet manual\n"
          "\tovs_type OVSPatchPort\n"
          "\tovs_bridge br-ex\n"
          "\tovs_patch_peer int-to-ex\n" } },
      .yaml = { "  - name: br-int\n    ports:\n",
        "      - name: int-to-ex\n        type: patch\n"
        "        peer: ex-to-int\n",
        "      - name: ex-to-int\n        type: patch\n"
        "        peer: int-to-ex\n" } },
    { "ovs_extra with known columns",
      .files = { { "interfaces",
          "auto vmbr0\n"
          "iface vmbr0 inet manual\n"
          "\tovs_type OVSBridge\n"
          "\tovs_extra set bridge ${IFACE} other-config:mac-aging-time=300"
          " -- set Bridge $IFACE fail_mode=secure -- br-set-external-id"
          " ${IFACE} role uplink\n"
          "\tovs_extra set Interface \"${IFACE}\" mtu_request=9000\n"
          "auto eth0\n"
          "iface eth0 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_extra set port ${IFACE} 'other_config:note=\"a b\"' -- "
          "set interface ${IFACE} mtu_request=1500 -- "
          "set Port ${IFACE} external_ids:owner=$LOGICAL\n" } },
      .yaml = { "  - name: vmbr0\n    fail-mode: secure\n    mtu: 9000\n"
        "    other-config:\n      mac-aging-time: \"300\"\n"
        "    external-ids:\n      role: \"uplink\"\n",
        "      - name: eth0\n        type: system\n        mtu: 1500\n"
        "        other-config:\n          note: \"a b\"\n"
        "        external-ids:\n          owner: \"eth0\"\n" } },
    { "ovs_options of a bridge, #344 noted",
      .files = { { "interfaces",
          "auto vmbr0\n"
          "iface vmbr0 inet manual\n"
          "\tovs_type OVSBridge\n"
          "\tovs_options datapath_type=netdev "
          "other_config:mac-table-size=4096\n" } },
      .yaml = { "    datapath-type: netdev\n",
        "      mac-table-size: \"4096\"\n", "    ports: []\n" },
      .notes = { "interfaces:4: ovs_options of vmbr0: ifupdown2 loses "
        "'other_config:mac-table-size=4096' on every reload",
        "CumulusNetworks/ifupdown2#344" } },
    { "an internal port made with set Interface type=internal",
      .files = { { "interfaces",
          BR0
          "auto vm9\n"
          "iface vm9 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_extra set interface ${IFACE} type=internal\n" } },
      .yaml = { "      - name: vm9\n        type: internal\n" } },
    { "option names with dashes, continuations, comments",
      .files = { { "interfaces",
          "# A comment\n"
          "auto vmbr0\n"
          "iface vmbr0 inet manual\n"
          "    ovs-type OVSBridge\n"
          "    # a comment inside a stanza\n"
          "    ovs_ports \\\n"
          "        bond0\n"
          "auto bond0\n"
          "iface bond0 inet manual\n"
          "    ovs_type OVSBond\n"
          "    ovs-bridge vmbr0\n"
          "    ovs_bonds eth1 \\\n"
          "        eth2\n"
          "    ovs_options bond_mode=balance-tcp \\\n"
          "        lacp=active # the switch wants LACP\n" } },
      .yaml = { "members: [eth1, eth2]\n        bond-mode: balance-tcp\n"
        "        lacp: active\n" } },
    { "allow-ovs and allow-hotplug",
      .files = { { "interfaces",
          "allow-ovs vmbr0\n"
          "iface vmbr0 inet manual\n"
          "\tovs_type OVSBridge\n"
          "allow-hotplug eth0\n"
          "iface eth0 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "allow-vmbr0 eth0\n" } },
      .yaml = { "  - name: vmbr0\n", "      - name: eth0\n" },
      .notes = { "interfaces:2: vmbr0 is not marked 'auto' (allow-ovs is not "
        "enough)", "CumulusNetworks/ifupdown2#40",
        "interfaces:8: 'allow-vmbr0' is ignored" } },
    { "source with a glob, relative to the including file",
      .files = { { "interfaces", "auto lo\niface lo inet loopback\n"
          "source interfaces.d/*.cfg\n"
          "source missing-file\n" },
        { "interfaces.d/b.cfg", BR0 },
        { "interfaces.d/a.cfg", "# first\n" },
        { "interfaces.d/c.txt", "this is no interfaces file\n" } },
      .yaml = { "interfaces.d/b.cfg:2: iface vmbr0 inet manual, OVSBridge\n" },
      .notes = { "interfaces:4: source ", "missing-file: no such file" } },
    { "source-directory",
      .files = { { "interfaces", "source-directory parts\n" },
        { "parts/10-bridge", BR0 },
        { "parts/20_port",
          "auto eth5\niface eth5 inet manual\n\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n" },
        { "parts/30.conf", "not read: the name has a dot\n" } },
      .yaml = { "      - name: eth0\n", "      - name: eth5\n" },
      .notes = {
        "interfaces:1: ifupdown2 3.0 does not know 'source-directory' and "
        "reads nothing from parts",
        "parts/20_port:4: eth5 is in vmbr0 but not in its ovs_ports" } },
    { "an inet6 stanza of an OVS bridge",
      .files = { { "interfaces",
          BR0
          "iface vmbr0 inet6 static\n"
          "\taddress 2001:db8::2/64\n" } },
      .yaml = {
        "  # left to ifupdown2: address 2001:db8::2/64\n  - name: vmbr0\n" },
      .notes = { "interfaces:12: left to ifupdown2: address 2001:db8::2/64 on "
        "vmbr0" } },
    { "ports that ifupdown2 would delete or not add",
      .files = { { "interfaces",
          BR0
          "auto eth7\n"
          "iface eth7 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n" } },
      .yaml = { "      - name: eth7\n" },
      .notes = {
        "interfaces:2: on reload, ifupdown2 deletes every port of vmbr0 "
        "that ovs_ports does not list",
        "interfaces:2: vmbr0 lists bond0 in ovs_ports but no Open vSwitch "
        "stanza defines bond0",
        "interfaces:14: eth7 is in vmbr0 but not in its ovs_ports" } },
    { "seed 002 with a switchdev comment instead of PF names",
      .files = { { "interfaces",
          BR0
          "auto bond0\n"
          "iface bond0 inet manual\n"
          "\t# eth1 and eth2 are the PFs of a NIC in switchdev mode\n"
          "\tovs_type OVSBond\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_bonds eth1 eth2\n" } },
      .yaml = { "      # VF-LAG: bond0 bonds switchdev PFs" },
      .notes = {
        "interfaces:12: bond0 is an OVS bond over eth1, eth2, which the "
        "file says are the PFs" } },
    { "representor names",
      .files = { { "interfaces",
          BR0
          "auto enp65s0f0_3\n"
          "iface enp65s0f0_3 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n" } },
      .yaml = { "      - name: enp65s0f0_3\n" },
      .notes = {
        "interfaces:13: enp65s0f0_3 looks like the representor of a VF" } },
    { "quoted names and values",
      .files = { { "interfaces",
          BR0
          "auto on\n"
          "iface on inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_options external_ids:x='a \"b\"' "
          "external_ids:y=\"c d\" 'external_ids:z=\"e f\"'\n" } },
      .yaml = {
        "      - name: \"on\"\n",
        "          x: \"a \\\"b\\\"\"\n"
        "          \"y\": \"c d\"\n"
        "          z: \"e f\"\n" } },
    { "backslashes as ifupdown2 reads them",
      .files = { { "interfaces",
          BR0
          "auto bond0\n"
          "iface bond0 inet manual\n"
          "\tovs_type OVSBond\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_bonds eth1\\eth2 \\\n"
          "\n"
          "\t\teth3\n"
          "\tovs_options bond_mode=active-backup\n" } },
      .yaml = { "        members: [eth1, eth2, eth3]\n"
                "        bond-mode: active-backup\n" },
      .notes = { "interfaces:2: on reload" } },
    { "$IFACE is replaced everywhere, allow-auto is auto",
      .files = { { "interfaces",
          "allow-auto vmbr0\n"
          "iface vmbr0 inet manual\n"
          "\tovs_type OVSBridge\n"
          "\tovs_extra br-set-external-id $IFACE k '$IFACE'\n" } },
      .yaml = { "      k: \"vmbr0\"\n" } },
    { "relative source",
      .files = { { "etc/interfaces", "source sub/x\n" },
        { "etc/sub/x", BR0 } },
      .yaml = { "etc/sub/x:2: iface vmbr0" },
      .notes = { "etc/interfaces:1: source sub/x: ifupdown2 takes a "
                 "relative path relative to its working directory",
                 "as Debian's ifupdown does: write the absolute path" } },

    /* Errors. */
    { "unknown ovs_options key",
      .files = { { "interfaces",
          BR0 BOND0("\tovs_options bond_mode=balance-tcp lacp=active "
                    "foo=bar\n") } },
      .errors = { "interfaces:16: ovs_options of bond0: 'foo=bar' has no "
                  "equivalent in ovs-offload.yaml (Port column foo); "
                  "remove it" },
      .n_errors = 1 },
    { "unknown bond mode",
      .files = { { "interfaces",
          BR0 BOND0("\tovs_options bond_mode=balance-xor\n") } },
      .errors = { "interfaces:16: ovs_options of bond0: 'bond_mode=balance-"
                  "xor' has no equivalent in ovs-offload.yaml, whose "
                  "'bond-mode' is balance-tcp, balance-slb or "
                  "active-backup; use one of these values" },
      .n_errors = 1 },
    { "unsupported ovs_extra command",
      .files = { { "interfaces",
          "auto vmbr0\n"
          "iface vmbr0 inet manual\n"
          "\tovs_type OVSBridge\n"
          "\tovs_extra add-port ${IFACE} eth9 -- set bridge ${IFACE} "
          "stp_enable=true\n" } },
      .errors = { "interfaces:4: ovs_extra of vmbr0: 'add-port vmbr0 eth9' "
                  "is not supported",
                  "interfaces:4: ovs_extra of vmbr0: 'stp_enable=true' has "
                  "no equivalent in ovs-offload.yaml (Bridge column "
                  "stp_enable)" },
      .n_errors = 2 },
    { "ovs_extra with a command substitution",
      .files = { { "interfaces",
          BR0
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_extra set interface ${IFACE} "
          "external-ids:iface-id=$(hostname -s)\n" } },
      .errors = { "interfaces:15: ovs_extra of eth3: the shell expansion "
                  "'$(' is not supported" },
      .n_errors = 1 },
    { "ovs_extra on another row",
      .files = { { "interfaces",
          BR0
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_extra set port eth0 tag=5 -- set bridge vmbr0 "
          "fail_mode=secure\n" } },
      .errors = { "interfaces:15: ovs_extra of eth3: 'set port eth0 tag=5' "
                  "changes port eth0, not the row of this stanza",
                  "move it to the stanza of eth0 and write ${IFACE}",
                  "'set bridge vmbr0 fail_mode=secure' changes bridge "
                  "vmbr0" },
      .n_errors = 2 },
    { "Interface of a bond",
      .files = { { "interfaces",
          BR0 BOND0("\tovs_extra set interface ${IFACE} "
                    "mtu_request=9000\n") } },
      .errors = { "interfaces:16: ovs_extra of bond0: 'set interface bond0 "
                  "mtu_request=9000' names the bond bond0, which has no "
                  "Interface row of its name" },
      .n_errors = 1 },
    { "OVSBond without ovs_bonds",
      .files = { { "interfaces",
          BR0
          "auto bond0\n"
          "iface bond0 inet manual\n"
          "\tovs_type OVSBond\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_options bond_mode=active-backup\n" } },
      .errors = { "interfaces:12: iface bond0: OVSBond without ovs_bonds "
                  "(ifupdown2 fails: \"missing ovs-bonds option\"); add "
                  "'ovs_bonds IFACE1 IFACE2'" },
      .n_errors = 1 },
    { "bond with one member",
      .files = { { "interfaces",
          BR0
          "auto bond0\n"
          "iface bond0 inet manual\n"
          "\tovs_type OVSBond\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_bonds eth1\n" } },
      .errors = { "interfaces:15: iface bond0: the OVSBond has one member "
                  "(eth1) but a bond needs at least 2" },
      .n_errors = 1 },
    { "OVSPort without ovs_bridge",
      .files = { { "interfaces",
          BR0
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_type OVSPort\n" } },
      .errors = { "interfaces:12: iface eth3: OVSPort without ovs_bridge "
                  "(ifupdown2 ignores the stanza); add 'ovs_bridge "
                  "BRIDGE'" },
      .n_errors = 1 },
    { "bridge referenced but not defined",
      .files = { { "interfaces",
          BR0
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr9\n" } },
      .errors = { "interfaces:14: iface eth3: ovs_bridge vmbr9, but no "
                  "stanza defines vmbr9 as an OVSBridge; add 'iface vmbr9 "
                  "inet manual' with 'ovs_type OVSBridge', or fix the "
                  "name" },
      .n_errors = 1 },
    { "ovs_bridge names a port",
      .files = { { "interfaces",
          BR0
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge eth0\n" } },
      .errors = { "interfaces:14: iface eth3: ovs_bridge eth0, but no "
                  "stanza defines eth0 as an OVSBridge" },
      .n_errors = 1 },
    { "OVSPatchPort without peer",
      .files = { { "interfaces",
          BR0
          "auto p0\n"
          "iface p0 inet manual\n"
          "\tovs_type OVSPatchPort\n"
          "\tovs_bridge vmbr0\n" } },
      .errors = { "interfaces:12: iface p0: OVSPatchPort without "
                  "ovs_patch_peer" },
      .n_errors = 1 },
    { "unknown ovs_type and OVSTunnel",
      .files = { { "interfaces",
          BR0
          "auto gre0\n"
          "iface gre0 inet manual\n"
          "\tovs_type OVSTunnel\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_tunnel_type gre\n"
          "auto x0\n"
          "iface x0 inet manual\n"
          "\tovs_type OVSFoo\n"
          "\tovs_bridge vmbr0\n" } },
      .errors = { "interfaces:13: iface gre0: OVSTunnel has no equivalent "
                  "in ovs-offload.yaml",
                  "interfaces:18: iface x0: unknown ovs_type 'OVSFoo'; use "
                  "OVSBridge, OVSPort, OVSIntPort, OVSBond or "
                  "OVSPatchPort" },
      .n_errors = 2 },
    { "ovs options without ovs_type, unknown and repeated options",
      .files = { { "interfaces",
          BR0
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_bridge vmbr0\n"
          "auto eth4\n"
          "iface eth4 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_options tag=1\n"
          "\tovs_options tag=2\n"
          "\tovs_colour blue\n" } },
      .errors = { "interfaces:12: iface eth3 has ovs_* options but no "
                  "ovs_type",
                  "interfaces:19: iface eth4: ovs_options is given twice "
                  "(ifupdown2 uses only the first one, line 18); merge "
                  "them into one line",
                  "interfaces:20: iface eth4: unknown option ovs_colour" },
      .n_errors = 3 },
    { "bond keys on a plain port, vlan_mode without equivalent",
      .files = { { "interfaces",
          BR0
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_options lacp=active tag=5 vlan_mode=native-untagged\n" } },
      .errors = { "interfaces:15: ovs_options of eth3: 'lacp=active' "
                  "applies to bonds only in ovs-offload.yaml, and eth3 is "
                  "an OVSPort; remove it, or make eth3 an OVSBond",
                  "interfaces:15: vlan_mode=native-untagged of eth3 has no "
                  "equivalent in ovs-offload.yaml" },
      .n_errors = 2 },
    { "bad values",
      .files = { { "interfaces",
          BR0 BOND0("\tovs_options tag=ten trunks=1,x bond_updelay=-1 "
                    "other_config:lacp-fallback-ab=yes\n"
                    "\tovs_mtu big\n")
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_options 'unterminated\n" } },
      .errors = { "interfaces:16: ovs_options of bond0: 'tag=ten' is not a "
                  "non-negative decimal integer",
                  "'trunks=1,x' is not a list of VLAN numbers",
                  "'bond_updelay=-1' is not a non-negative decimal integer",
                  "'other_config:lacp-fallback-ab=yes' has no equivalent "
                  "in ovs-offload.yaml, whose 'lacp-fallback-ab' is true "
                  "or false",
                  "interfaces:17: ovs_mtu of bond0: 'big' is not a number",
                  "interfaces:22: ovs_options of eth3: unterminated single "
                  "quote" },
      .n_errors = 6 },
    { "errors found by the ovs-offload.yaml parser",
      .files = { { "interfaces",
          BR0 BOND0("\tovs_options other_config:lacp-time=fast "
                    "bond_mode=balance-tcp\n")
          "auto p0\n"
          "iface p0 inet manual\n"
          "\tovs_type OVSPatchPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_patch_peer eth0\n"
          "\tovs_mtu 1500\n" } },
      .errors = { "interfaces:16: in the imported ovs-offload.yaml (line ",
                  "lacp-time", "balance-tcp",
                  "interfaces:21: in the imported ovs-offload.yaml",
                  "interfaces:22: in the imported ovs-offload.yaml" } },
    { "a member that is also a port",
      .files = { { "interfaces",
          BR0
          "auto bond0\n"
          "iface bond0 inet manual\n"
          "\tovs_type OVSBond\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_bonds eth0 eth1\n" } },
      .errors = { "interfaces:15: in the imported ovs-offload.yaml",
                  "eth0" } },
    { "two OVS stanzas of one name",
      .files = { { "interfaces",
          BR0
          "iface vmbr0 inet6 manual\n"
          "\tovs_type OVSBridge\n" } },
      .errors = { "interfaces:11: iface vmbr0: a second stanza with ovs_* "
                  "options (the first is at ", "interfaces:2;" } },
    { "syntax errors",
      .files = { { "interfaces",
          "ovs_type OVSBridge\n"
          "auto\n"
          "iface\n"
          "iface vmbr0 ipx manual\n"
          "\tovs_type\n"
          "source\n" } },
      .errors = { "interfaces:1: 'ovs_type' outside an iface stanza",
                  "interfaces:2: 'auto' without interface names",
                  "interfaces:3: 'iface' without an interface name",
                  "interfaces:4: iface vmbr0: unknown address family 'ipx'",
                  "interfaces:5: iface vmbr0: option 'ovs_type' has no "
                  "value",
                  "interfaces:6: 'source' without a path" },
      .n_errors = 6 },
    { "Mako template",
      .files = { { "interfaces",
          BR0
          "% for v in [11, 12]:\n"
          "auto vlan${v}\n"
          "% endfor\n" } },
      .errors = { "interfaces:11: the file is a Mako template (\"% for v in "
                  "[11, 12]:\"), which ifupdown2 renders before reading it" },
      .n_errors = 1 },
    { "include loop",
      .files = { { "interfaces", "source interfaces\n" } },
      .errors = { "interfaces:1: 'source' lines nested deeper than 16 "
                  "levels" },
      .n_errors = 1 },
    { "missing source-directory",
      .files = { { "interfaces", "source-directory nowhere\n" } },
      .errors = { "interfaces:1: source-directory ",
                  "nowhere: cannot open (No such file or directory)" },
      .n_errors = 1 },
};

/* Case directories. */

static int
remove_entry(const char *path, const struct stat *s OVS_UNUSED,
             int flag OVS_UNUSED, struct FTW *ftw OVS_UNUSED)
{
    return remove(path);
}

static char *
make_case_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    char *dir = xasprintf("%s/test-ifupdown2-import.XXXXXX",
                          tmp && *tmp ? tmp : "/tmp");

    assert_non_null(mkdtemp(dir));
    return dir;
}

static void
remove_case_dir(char *dir)
{
    assert_int_equal(nftw(dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
    free(dir);
}

static void
write_file(const char *dir, const char *rel, const char *text)
{
    char *path = xasprintf("%s/%s", dir, rel);
    char *slash = strrchr(path, '/');
    FILE *stream;

    /* Make the parent directories of 'rel'. */
    for (char *p = path + strlen(dir) + 1; p < slash; p++) {
        if (*p == '/') {
            *p = '\0';
            assert_true(!mkdir(path, 0700) || errno == EEXIST);
            *p = '/';
        }
    }
    *slash = '\0';
    assert_true(!mkdir(path, 0700) || errno == EEXIST);
    *slash = '/';

    stream = fopen(path, "w");
    assert_non_null(stream);
    assert_int_equal(fputs(text, stream) >= 0, 1);
    assert_int_equal(fclose(stream), 0);
    free(path);
}

/* Writes 'files' into a new directory, imports the first one and returns
 * the importer's result.  '*dirp' is the directory, for remove_case_dir(). */
static char *
import_files(const struct file_spec *files, size_t n_files,
             struct ds *yaml, struct ds *notes, char **dirp)
{
    char *dir = make_case_dir();
    char *path;
    char *error;

    for (size_t i = 0; i < n_files && files[i].path; i++) {
        write_file(dir, files[i].path, files[i].text);
    }
    path = xasprintf("%s/%s", dir, files[0].path);
    error = ifupdown2_import_file(path, yaml, notes);
    free(path);
    *dirp = dir;
    return error;
}

static void
assert_contains(const char *haystack, const char *needle, const char *what)
{
    if (!strstr(haystack, needle)) {
        print_error("%s does not contain:\n%s\n--- %s:\n%s\n---\n", what,
                    needle, what, haystack);
        fail();
    }
}

static int
count_lines(const char *s)
{
    int n = 0;

    for (; *s; s++) {
        n += *s == '\n';
    }
    return n;
}

/* Parses 'yaml' with the parser of ovs-offload.yaml, which must accept it.
 * Returns the configuration. */
static struct offload_config *
parse_yaml(const struct ds *yaml)
{
    struct offload_config *cfg;
    char *error;

    error = offload_config_parse_buffer("imported.yaml", yaml->string,
                                        yaml->length, &cfg);
    if (error) {
        print_error("the imported YAML does not parse:\n%s\n--- YAML:\n%s",
                    error, yaml->string);
        free(error);
        fail();
    }
    return cfg;
}

static void
test_case(void **state)
{
    const struct import_case *c = *state;
    struct ds yaml = DS_EMPTY_INITIALIZER;
    struct ds notes = DS_EMPTY_INITIALIZER;
    char *error;
    char *dir;

    error = import_files(c->files, MAX_FILES, &yaml, &notes, &dir);
    if (c->errors[0]) {
        if (!error) {
            print_error("the import succeeded, but must fail; YAML:\n%s",
                        ds_cstr(&yaml));
            fail();
        }
        assert_int_equal(yaml.length, 0);
        for (size_t i = 0; i < MAX_EXPECT && c->errors[i]; i++) {
            assert_contains(error, c->errors[i], "the errors");
        }
        if (c->n_errors) {
            if (count_lines(error) != c->n_errors) {
                print_error("expected %d error lines:\n%s", c->n_errors,
                            error);
                fail();
            }
        }
        /* Every error names a file and a line, and says how to fix it. */
        char *save_ptr = NULL;
        for (char *line = strtok_r(error, "\n", &save_ptr); line;
             line = strtok_r(NULL, "\n", &save_ptr)) {
            assert_contains(line, dir, "the error line");
            assert_contains(line, "; ", "the error line");
        }
    } else {
        if (error) {
            print_error("the import failed:\n%s", error);
            fail();
        }
        for (size_t i = 0; i < MAX_EXPECT && c->yaml[i]; i++) {
            assert_contains(ds_cstr(&yaml), c->yaml[i], "the YAML");
        }
        offload_config_destroy(parse_yaml(&yaml));
    }
    for (size_t i = 0; i < MAX_EXPECT && c->notes[i]; i++) {
        assert_contains(ds_cstr(&notes), c->notes[i], "the notes");
    }
    free(error);
    ds_destroy(&yaml);
    ds_destroy(&notes);
    remove_case_dir(dir);
}

/* Fixed tests: the parsed model. */

static const struct offload_port *
find_port(const struct offload_bridge *br, const char *name)
{
    for (size_t i = 0; i < br->n_ports; i++) {
        if (!strcmp(br->ports[i].name, name)) {
            return &br->ports[i];
        }
    }
    print_error("no port %s in bridge %s\n", name, br->name);
    fail();
    return NULL;
}

/* Seed 002, with the VF stanzas in /etc/network/interfaces.d/ as on the
 * host of the seed; the "source" line is rewritten to the case
 * directory. */
static void
test_seed_002(void **state OVS_UNUSED)
{
    struct ds yaml = DS_EMPTY_INITIALIZER;
    struct ds notes = DS_EMPTY_INITIALIZER;
    const struct offload_bridge *br;
    const struct offload_port *port;
    struct offload_config *cfg;
    struct file_spec files[2];
    char *dir = make_case_dir();
    char *text, *path, *error;

    /* The absolute "source" line of the seed, pointed at the case
     * directory. */
    text = xasprintf("%.*ssource %s/interfaces.d/*\n",
                     (int) (strstr(SEED_002, "source ") - SEED_002),
                     SEED_002, dir);
    files[0] = (struct file_spec) { "interfaces", text };
    files[1] = (struct file_spec) { "interfaces.d/ovs-sw1", SEED_002_VFS };
    for (size_t i = 0; i < N_ELEMS(files); i++) {
        write_file(dir, files[i].path, files[i].text);
    }
    path = xasprintf("%s/interfaces", dir);
    error = ifupdown2_import_file(path, &yaml, &notes);
    if (error) {
        print_error("%s", error);
        fail();
    }

    cfg = parse_yaml(&yaml);
    assert_int_equal(cfg->n_bridges, 1);
    br = &cfg->bridges[0];
    assert_string_equal(br->name, "vmbr1");
    assert_int_equal(br->mtu, 9000);
    assert_null(br->datapath_type);
    assert_int_equal(br->n_ports, 3);

    port = &br->ports[0];
    assert_string_equal(port->name, "bond1");
    assert_int_equal(port->type, OFFLOAD_PORT_BOND);
    assert_int_equal(port->n_members, 2);
    assert_string_equal(port->members[0], "enp129s0f0np0");
    assert_string_equal(port->members[1], "enp129s0f1np1");
    assert_string_equal(port->bond_mode, "balance-tcp");
    assert_string_equal(port->lacp, "active");
    assert_null(port->lacp_time);
    assert_int_equal(port->lacp_fallback_ab, OFFLOAD_UNSET);
    assert_int_equal(port->mtu, 9000);

    for (size_t i = 1; i < 3; i++) {
        port = &br->ports[i];
        assert_string_equal(port->name, i == 1 ? "ovs-sw1pf0vf0"
                            : "ovs-sw1pf0vf1");
        assert_int_equal(port->type, OFFLOAD_PORT_SYSTEM);
        assert_int_equal(port->mtu, 9000);
        assert_int_equal(port->tag, -1);
    }

    assert_contains(ds_cstr(&notes), "interfaces:15: left to ifupdown2: "
                    "address 192.168.1.2/24 on vmbr1", "the notes");
    assert_contains(ds_cstr(&yaml), "  # left to ifupdown2: address "
                    "192.168.1.2/24\n  - name: vmbr1\n", "the YAML");
    assert_contains(ds_cstr(&notes), "interfaces:18: bond1 is an OVS bond "
                    "over enp129s0f0np0, enp129s0f1np1, which look like the "
                    "PFs (uplinks) of a NIC in switchdev mode: with an OVS "
                    "bond the VFs get no link redundancy", "the notes");
    assert_contains(ds_cstr(&notes), "Express it as VF-LAG instead: in "
                    "ovs-offload.yaml, give port bond1 of vmbr1 'vf-lag: "
                    "auto'", "the notes");
    assert_contains(ds_cstr(&notes), "a Linux bond over enp129s0f0np0 "
                    "enp129s0f1np1", "the notes");
    assert_contains(ds_cstr(&yaml), "      # VF-LAG: bond1 bonds switchdev "
                    "PFs with an OVS bond", "the YAML");
    assert_contains(ds_cstr(&notes), "interfaces.d/ovs-sw1:4: ovs-sw1pf0vf0 "
                    "looks like the representor of a VF", "the notes");
    assert_contains(ds_cstr(&notes), "interfaces:5: left to ifupdown2: "
                    "iface enp129s0f0np0 inet manual (a member of the OVS "
                    "bond bond1)", "the notes");
    assert_contains(ds_cstr(&notes), "once ovs-offload manages these "
                    "bridges, remove the ovs_* options", "the notes");

    offload_config_destroy(cfg);
    free(error);
    free(path);
    free(text);
    ds_destroy(&yaml);
    ds_destroy(&notes);
    remove_case_dir(dir);
}

/* Every structured key, read back from the parsed model. */
static void
test_all_keys(void **state OVS_UNUSED)
{
    static const struct file_spec files[] = {
        { "interfaces",
          "auto vmbr0\n"
          "iface vmbr0 inet manual\n"
          "\tovs_type OVSBridge\n"
          "\tovs_ports bond0 mgmt0 eth3 patch-a\n"
          "\tovs_options datapath_type=netdev fail_mode=standalone\n"
          "\tovs_extra set bridge ${IFACE} other_config:mac-aging-time=300\n"
          "\tovs_mtu 9000\n"
          "auto bond0\n"
          "iface bond0 inet manual\n"
          "\tovs_type OVSBond\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_bonds eth1 eth2\n"
          "\tovs_mtu 9000\n"
          "\tovs_options bond_mode=balance-tcp lacp=active "
          "other_config:lacp-time=fast other_config:lacp-fallback-ab=true "
          "bond_updelay=100 bond_downdelay=50 "
          "other_config:bond-detect-mode=miimon "
          "other_config:bond-miimon-interval=100 trunks=10,20\n"
          "auto mgmt0\n"
          "iface mgmt0 inet static\n"
          "\taddress 192.0.2.2/24\n"
          "\tovs_type OVSIntPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_options tag=10\n"
          "\tovs_mtu 1500\n"
          "auto eth3\n"
          "iface eth3 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_extra set port ${IFACE} external_ids:k=v\n"
          "auto patch-a\n"
          "iface patch-a inet manual\n"
          "\tovs_type OVSPatchPort\n"
          "\tovs_bridge vmbr0\n"
          "\tovs_patch_peer patch-b\n"
          "auto br2\n"
          "iface br2 inet manual\n"
          "\tovs_type OVSBridge\n"
          "\tovs_ports patch-b\n"
          "\tovs_options datapath_type=netdev\n"
          "auto patch-b\n"
          "iface patch-b inet manual\n"
          "\tovs_type OVSPatchPort\n"
          "\tovs_bridge br2\n"
          "\tovs_patch_peer patch-a\n" },
    };
    struct ds yaml = DS_EMPTY_INITIALIZER;
    struct ds notes = DS_EMPTY_INITIALIZER;
    const struct offload_bridge *br;
    const struct offload_port *port;
    struct offload_config *cfg;
    char *error, *dir;

    error = import_files(files, N_ELEMS(files), &yaml, &notes, &dir);
    if (error) {
        print_error("%s", error);
        fail();
    }
    cfg = parse_yaml(&yaml);
    assert_int_equal(cfg->n_bridges, 2);

    br = &cfg->bridges[0];
    assert_string_equal(br->name, "vmbr0");
    assert_string_equal(br->datapath_type, "netdev");
    assert_string_equal(br->fail_mode, "standalone");
    assert_int_equal(br->mtu, 9000);
    assert_string_equal(smap_get(&br->other_config, "mac-aging-time"),
                        "300");
    assert_int_equal(br->n_ports, 4);
    assert_string_equal(br->ports[0].name, "bond0");
    assert_string_equal(br->ports[1].name, "mgmt0");
    assert_string_equal(br->ports[2].name, "eth3");
    assert_string_equal(br->ports[3].name, "patch-a");

    port = find_port(br, "bond0");
    assert_int_equal(port->type, OFFLOAD_PORT_BOND);
    assert_string_equal(port->bond_mode, "balance-tcp");
    assert_string_equal(port->lacp, "active");
    assert_string_equal(port->lacp_time, "fast");
    assert_int_equal(port->lacp_fallback_ab, OFFLOAD_TRUE);
    assert_int_equal(port->updelay, 100);
    assert_int_equal(port->downdelay, 50);
    assert_string_equal(port->detect, "miimon");
    assert_int_equal(port->miimon_interval, 100);
    assert_int_equal(port->mtu, 9000);
    assert_int_equal(port->n_trunks, 2);
    assert_int_equal(port->trunks[0], 10);
    assert_int_equal(port->trunks[1], 20);

    port = find_port(br, "mgmt0");
    assert_int_equal(port->type, OFFLOAD_PORT_INTERNAL);
    assert_int_equal(port->tag, 10);
    assert_int_equal(port->mtu, 1500);

    port = find_port(br, "eth3");
    assert_int_equal(port->type, OFFLOAD_PORT_SYSTEM);
    assert_string_equal(smap_get(&port->external_ids, "k"), "v");

    port = find_port(br, "patch-a");
    assert_int_equal(port->type, OFFLOAD_PORT_PATCH);
    assert_string_equal(port->peer, "patch-b");

    br = &cfg->bridges[1];
    assert_string_equal(br->name, "br2");
    port = find_port(br, "patch-b");
    assert_string_equal(port->peer, "patch-a");

    assert_contains(ds_cstr(&notes), "left to ifupdown2: address "
                    "192.0.2.2/24 on mgmt0", "the notes");
    assert_contains(ds_cstr(&notes), "ovs_options of vmbr0: ifupdown2 loses "
                    "'fail_mode=standalone' on every reload", "the notes");

    offload_config_destroy(cfg);
    ds_destroy(&yaml);
    ds_destroy(&notes);
    remove_case_dir(dir);
}

/* The same input gives the same output, byte for byte, and the order of
 * the output is the order of the file. */
static void
test_deterministic(void **state OVS_UNUSED)
{
    static const struct file_spec files[] = {
        { "interfaces",
          "source b/*\n"
          "auto zz\n"
          "iface zz inet manual\n"
          "\tovs_type OVSBridge\n"
          "\tovs_extra set bridge ${IFACE} other_config:z=1 -- "
          "set bridge ${IFACE} other_config:a=2 -- "
          "set bridge ${IFACE} other_config:z=3\n" },
        { "b/2",
          "auto aa\n"
          "iface aa inet manual\n"
          "\tovs_type OVSBridge\n"
          "auto p2\n"
          "iface p2 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge zz\n" },
        { "b/1",
          "auto p1\n"
          "iface p1 inet manual\n"
          "\tovs_type OVSPort\n"
          "\tovs_bridge zz\n" },
    };
    struct ds yaml1 = DS_EMPTY_INITIALIZER, notes1 = DS_EMPTY_INITIALIZER;
    struct ds yaml2 = DS_EMPTY_INITIALIZER, notes2 = DS_EMPTY_INITIALIZER;
    struct offload_config *cfg;
    char *dir, *path;

    assert_null(import_files(files, N_ELEMS(files), &yaml1, &notes1, &dir));
    path = xasprintf("%s/interfaces", dir);
    assert_null(ifupdown2_import_file(path, &yaml2, &notes2));
    assert_string_equal(ds_cstr(&yaml1), ds_cstr(&yaml2));
    assert_string_equal(ds_cstr(&notes1), ds_cstr(&notes2));

    cfg = parse_yaml(&yaml1);
    assert_int_equal(cfg->n_bridges, 2);
    /* b/1 and b/2 are sourced (in glob order) before zz's stanza. */
    assert_string_equal(cfg->bridges[0].name, "aa");
    assert_string_equal(cfg->bridges[1].name, "zz");
    assert_int_equal(cfg->bridges[1].n_ports, 2);
    assert_string_equal(cfg->bridges[1].ports[0].name, "p1");
    assert_string_equal(cfg->bridges[1].ports[1].name, "p2");
    /* A later setting of a key replaces an earlier one, in its place. */
    assert_contains(ds_cstr(&yaml1), "    other-config:\n      z: \"3\"\n"
                    "      a: \"2\"\n", "the YAML");
    offload_config_destroy(cfg);

    free(path);
    ds_destroy(&yaml1);
    ds_destroy(&notes1);
    ds_destroy(&yaml2);
    ds_destroy(&notes2);
    remove_case_dir(dir);
}

static void
test_missing_file(void **state OVS_UNUSED)
{
    static const char missing[] = "/nonexistent/interfaces";
    struct ds yaml = DS_EMPTY_INITIALIZER;
    struct ds notes = DS_EMPTY_INITIALIZER;
    char *error;

    error = ifupdown2_import_file(missing, &yaml, &notes);
    assert_non_null(error);
    assert_string_equal(error, "/nonexistent/interfaces: cannot read the "
                        "file (No such file or directory); give the path "
                        "of an interfaces file\n");
    assert_int_equal(yaml.length, 0);
    free(error);
    ds_destroy(&yaml);
    ds_destroy(&notes);
}

int
main(void)
{
    static const struct CMUnitTest fixed_tests[] = {
        cmocka_unit_test(test_seed_002),
        cmocka_unit_test(test_all_keys),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_missing_file),
    };
    struct CMUnitTest tests[N_ELEMS(fixed_tests) + N_ELEMS(cases)];
    size_t n = 0;

    for (size_t i = 0; i < N_ELEMS(fixed_tests); i++) {
        tests[n++] = fixed_tests[i];
    }
    for (size_t i = 0; i < N_ELEMS(cases); i++) {
        tests[n++] = (struct CMUnitTest) {
            .name = cases[i].name,
            .test_func = test_case,
            .initial_state = CONST_CAST(struct import_case *, &cases[i]),
        };
    }
    return cmocka_run_group_tests_name("ifupdown2-import", tests, NULL,
                                       NULL);
}
