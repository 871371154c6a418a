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

/* Unit tests of the configuration parser (controller/offload-config.c) and
 * of the YAML tree (controller/yaml-tree.c).
 *
 * Most tests are rows of a table: a YAML text that must be rejected and the
 * substrings its error output must contain, and optionally the number of
 * error lines, which checks that every error of a file is reported in one
 * run.  The other tests parse good inputs and check the parsed model. */

#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "controller/offload-config.h"
#include "controller/yaml-tree.h"
#include "openvswitch/dynamic-string.h"
#include "smap.h"
#include "util.h"

/* The number of elements of 'ARRAY'.  OVS's ARRAY_SIZE needs the GNU
 * 'typeof' extension, which -std=c11 does not provide. */
#define N_ELEMS(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

#define MAX_EXPECT 4

/* A text that must be rejected. */
struct bad_case {
    const char *name;
    const char *yaml;
    const char *expect[MAX_EXPECT]; /* Substrings of the error output. */
    int n_lines;                    /* Number of error lines, 0: any. */
};

#define HEAD "version: 1\n"
#define BR "version: 1\nbridges:\n  - name: br0\n"
#define PORTS BR "    ports:\n"

static const struct bad_case bad_cases[] = {
    /* The file as a whole. */
    { "empty file", "",
      { "test.yaml:1:1: the file is empty; write at least 'version: 1'" },
      1 },
    { "only comments", "# nothing here\n", { "the file is empty" }, 1 },
    { "empty document", "---\n", { "the file is empty" }, 1 },
    { "top-level sequence", "- version: 1\n",
      { "test.yaml:1:1: the top level must be a mapping",
        "not a sequence; start the file with 'version: 1'" }, 1 },
    { "top-level scalar", "hello\n",
      { "the top level must be a mapping", "not a scalar" }, 1 },
    { "missing version", "owner: me\n",
      { "test.yaml:1:1: 'version' is missing; add 'version: 1'" }, 1 },
    { "version 2", "version: 2\n",
      { "test.yaml:1:10: unsupported version 2; this ovs-offload reads "
        "version 1 only: set 'version: 1'" }, 1 },
    { "quoted version", "version: \"1\"\n",
      { "'version' must be an integer, not the quoted string \"1\"; "
        "remove the quotes" }, 1 },
    { "float version", "version: 1.0\n",
      { "'version' must be an integer, not '1.0'" }, 1 },
    { "second document", HEAD "---\nversion: 1\n",
      { "test.yaml:2:1: a second YAML document starts here" }, 1 },

    /* YAML syntax. */
    { "bad indentation",
      "version: 1\nbridges:\n  - name: br0\n   ports: []\n",
      { "test.yaml:4:4: did not find expected '-' indicator while parsing "
        "a block collection (started at line 3, column 3); fix the YAML "
        "syntax" }, 1 },
    { "tab indentation", "version: 1\novs:\n\tmax-idle: 600\n",
      { "test.yaml:3:1:", "tabs for indentation: indent with spaces" }, 1 },
    { "unclosed flow mapping", "version: 1\novs: {max-idle: 600\n",
      { "test.yaml:", "while parsing a flow mapping (started at line 2, "
        "column 6)" }, 1 },
    { "unclosed quote", "version: 1\nowner: \"abc\n",
      { "found unexpected end of stream while scanning a quoted scalar" },
      1 },
    { "json syntax error", "{\"version\": 1,, }",
      { "test.yaml:1:", "fix the YAML syntax" }, 1 },
    { "invalid utf-8", "version: 1\nowner: \xff\xfe\n",
      { "test.yaml:2:8: invalid", "save the file as UTF-8 text" }, 1 },
    { "nul in scalar", "version: 1\nowner: \"a\\0b\"\n",
      { "test.yaml:2:8: this value contains a NUL character" }, 1 },
    { "duplicate key", "version: 1\nversion: 1\n",
      { "test.yaml:2:1: duplicate key 'version' (first given at line 1, "
        "column 1); remove one of them" }, 1 },
    { "duplicate key in flow", "version: 1\novs: {max-idle: 600, "
      "max-idle: 700}\n",
      { "test.yaml:2:22: duplicate key 'max-idle'" }, 1 },
    { "anchor and alias",
      "version: 1\novs: &o {max-idle: 600}\nx: *o\n",
      { "test.yaml:2:6: YAML anchors ('&o') are not supported",
        "test.yaml:3:4: YAML aliases ('*o') are not supported; write the "
        "value out in full" }, 2 },
    { "non-scalar key", "version: 1\n? [a, b]\n: c\n",
      { "test.yaml:2:3: a mapping key must be a scalar, not a sequence" },
      1 },
    { "deep nesting",
      "version: 1\nx: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
      "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"
      "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
      { "the document nests deeper than 64 levels; flatten it" }, 1 },

    /* Top-level keys. */
    { "unknown top key with suggestion", HEAD "bridge: []\n",
      { "test.yaml:2:1: unknown key 'bridge' at the top level; did you mean "
        "'bridges'?" }, 1 },
    { "unknown top key", HEAD "frobnicate: 1\n",
      { "unknown key 'frobnicate' at the top level; remove it (known keys "
        "here: version, owner, ovs, bridges)" }, 1 },
    { "empty owner", HEAD "owner: ''\n", { "'owner' is empty" }, 1 },
    { "owner mapping", HEAD "owner: {a: b}\n",
      { "'owner' must be a string, not a mapping" }, 1 },
    { "ovs not a mapping", HEAD "ovs: 5\n",
      { "test.yaml:2:6: 'ovs' must be a mapping, not a scalar" }, 1 },
    { "bridges as mapping", HEAD "bridges:\n  br0: {}\n",
      { "test.yaml:3:3: 'bridges' must be a sequence, not a mapping; write "
        "each item as a list entry: '- name: br0'" }, 1 },
    { "bridge as scalar", HEAD "bridges: [br0]\n",
      { "each bridge must be a mapping, not a scalar" }, 1 },
    { "sriov reserved", HEAD "sriov: {}\n",
      { "test.yaml:2:1: 'sriov' is not supported yet: creation of SR-IOV "
        "virtual functions comes with the NIC layer" }, 1 },
    { "vf-lag reserved", HEAD "vf-lag: true\n",
      { "'vf-lag' is not supported yet: VF LAG" }, 1 },
    { "representors reserved", HEAD "representors: []\n",
      { "'representors' is not supported yet: listing representors by PF "
        "and VF index comes with the NIC layer" }, 1 },
    { "ports at top level", HEAD "ports: []\n",
      { "'ports' has no effect at the top level; it is a bridge key: move "
        "it to the bridge (bridges[])" }, 1 },

    /* 'ovs:'. */
    { "lacp-fallback-ab under ovs",
      HEAD "ovs:\n  lacp-fallback-ab: true\n",
      { "test.yaml:3:3: lacp-fallback-ab has no effect in the Open_vSwitch "
        "table; it is a per-bond Port other_config key: set "
        "'lacp-fallback-ab: true' on the bond port (bridges[].ports[] with "
        "type: bond)" }, 1 },
    { "lacp-fallback-ab in ovs other-config",
      HEAD "ovs:\n  other-config: {lacp-fallback-ab: \"true\"}\n",
      { "test.yaml:3:18: lacp-fallback-ab has no effect in the Open_vSwitch "
        "table; it is a per-bond Port other_config key: set "
        "'lacp-fallback-ab: true' on the bond port (bridges[].ports[] with "
        "type: bond)" }, 1 },
    { "bond keys under ovs",
      HEAD "ovs:\n  lacp-time: fast\n  bond_mode: balance-tcp\n"
      "  bond-detect-mode: miimon\n  updelay: 5\n",
      { "lacp-time has no effect in the Open_vSwitch table",
        "bond_mode has no effect in the Open_vSwitch table; it is a "
        "per-bond Port column (bond_mode): set 'bond-mode: balance-tcp'",
        "bond-detect-mode has no effect in the Open_vSwitch table; it is a "
        "per-bond Port other_config key: set 'detect: miimon'",
        "updelay has no effect in the Open_vSwitch table" }, 4 },
    { "bond keys in ovs other-config",
      HEAD "ovs:\n  other-config:\n    lacp: active\n"
      "    bond-miimon-interval: \"100\"\n",
      { "lacp has no effect in the Open_vSwitch table; it is a per-bond "
        "Port column (lacp)",
        "bond-miimon-interval has no effect in the Open_vSwitch table" },
      2 },
    { "global keys in ovs other-config",
      HEAD "ovs:\n  other-config:\n    hw-offload: \"true\"\n"
      "    tc-policy: skip_sw\n    max-idle: \"600\"\n",
      { "test.yaml:4:5: hw-offload in other-config bypasses validation; use "
        "the structured key 'hw-offload:' under 'ovs:' instead",
        "tc-policy in other-config bypasses validation; use the structured "
        "key 'tc-policy:'",
        "use the structured key 'max-idle:'" }, 3 },
    { "hw_offload spelled with underscore", HEAD "ovs: {hw_offload: true}\n",
      { "unknown key 'hw_offload' under 'ovs:'; did you mean "
        "'hw-offload'?" }, 1 },
    { "hw-offload yes", HEAD "ovs: {hw-offload: yes}\n",
      { "test.yaml:2:19: 'hw-offload' must be true or false, not 'yes'; "
        "only lower-case true and false are accepted, for clarity" }, 1 },
    { "hw-offload True", HEAD "ovs: {hw-offload: True}\n",
      { "only lower-case true and false are accepted" }, 1 },
    { "hw-offload quoted", HEAD "ovs: {hw-offload: \"true\"}\n",
      { "'hw-offload' must be true or false, not the quoted string "
        "\"true\"; remove the quotes" }, 1 },
    { "hw-offload 1", HEAD "ovs: {hw-offload: 1}\n",
      { "'hw-offload' must be true or false, not '1'; write e.g. 'true'" },
      1 },
    { "hw-offload null", HEAD "ovs: {hw-offload: }\n",
      { "'hw-offload' has no value; write e.g. 'hw-offload: true'" }, 1 },
    { "tc-policy typo", HEAD "ovs: {tc-policy: skip-sw}\n",
      { "invalid tc-policy 'skip-sw'; did you mean 'skip_sw'? (allowed: "
        "none, skip_sw, skip_hw)" }, 1 },
    { "tc-policy wrong", HEAD "ovs: {tc-policy: everything}\n",
      { "invalid tc-policy 'everything'; use one of: none, skip_sw, "
        "skip_hw" }, 1 },
    { "max-idle too small", HEAD "ovs: {max-idle: 499}\n",
      { "'max-idle' must be at least 500, not 499; write e.g. "
        "'max-idle: 10000'" }, 1 },
    { "max-idle float", HEAD "ovs: {max-idle: 1e4}\n",
      { "'max-idle' must be an integer, not '1e4'" }, 1 },
    { "max-idle hex", HEAD "ovs: {max-idle: 0x1000}\n",
      { "'max-idle' must be an integer, not '0x1000'" }, 1 },
    { "max-idle leading zero", HEAD "ovs: {max-idle: 0600}\n",
      { "'max-idle' has a leading zero in '0600'" }, 1 },
    { "max-idle huge", HEAD "ovs: {max-idle: 99999999999999999999999}\n",
      { "'max-idle' value 99999999999999999999999 is far out of range" },
      1 },
    { "max-idle sequence", HEAD "ovs: {max-idle: [1]}\n",
      { "'max-idle' must be an integer, not a sequence" }, 1 },
    { "other-config as sequence", HEAD "ovs: {other-config: [a]}\n",
      { "'other-config' must be a mapping of keys to values, not a "
        "sequence" }, 1 },
    { "other-config nested value", HEAD "ovs:\n  other-config: {a: {b: c}}\n",
      { "the value of 'a' in other-config must be a string, not a "
        "mapping" }, 1 },
    { "other-config null value", HEAD "ovs:\n  other-config: {a: }\n",
      { "'a' in other-config has no value; give one, or write 'a: \"\"' "
        "for an empty string" }, 1 },
    { "reserved external-ids key",
      HEAD "ovs:\n  external-ids: {ovs-offload-owner: me}\n",
      { "external-ids key 'ovs-offload-owner' is reserved" }, 1 },
    { "name under ovs", HEAD "ovs: {datapath-type: netdev}\n",
      { "'datapath-type' has no effect under 'ovs:'; it is a bridge key: "
        "move it to the bridge (bridges[])" }, 1 },

    /* Bridges. */
    { "bridge without name", HEAD "bridges:\n  - fail-mode: secure\n",
      { "test.yaml:3:5: this bridge has no 'name'; add e.g. 'name: br0'" },
      1 },
    { "bridge name too long", HEAD "bridges:\n  - name: br-0123456789abc\n",
      { "test.yaml:3:11: bridge name 'br-0123456789abc' is 16 bytes long; "
        "Linux limits interface names to 15 bytes: shorten it" }, 1 },
    { "bridge name with slash", HEAD "bridges:\n  - name: br/0\n",
      { "bridge name 'br/0' contains '/'" }, 1 },
    { "bridge name with space", HEAD "bridges:\n  - name: \"br 0\"\n",
      { "bridge name 'br 0' contains whitespace" }, 1 },
    { "bridge name empty", HEAD "bridges:\n  - name: \"\"\n",
      { "the bridge name is empty" }, 1 },
    { "bridge name null", HEAD "bridges:\n  - name:\n",
      { "'name' has no value; write e.g. 'name: br0'" }, 1 },
    { "duplicate bridge", HEAD "bridges:\n  - name: br0\n  - name: br0\n",
      { "test.yaml:4:11: duplicate bridge name 'br0' (first at line 3, "
        "column 11); bridge names must be unique" }, 1 },
    { "datapath_type", BR "    datapath_type: netdev\n",
      { "unknown key 'datapath_type' in bridge 'br0'; did you mean "
        "'datapath-type'?" }, 1 },
    { "datapath-type dpdk", BR "    datapath-type: dpdk\n",
      { "invalid datapath-type 'dpdk'; use one of: system, netdev" }, 1 },
    { "fail-mode typo", BR "    fail-mode: standalon\n",
      { "did you mean 'standalone'?" }, 1 },
    { "bridge mtu too big", BR "    mtu: 65536\n",
      { "'mtu' must be in the range 68 to 65535, not 65536" }, 1 },
    { "adopt quoted", BR "    adopt: 'yes'\n",
      { "'adopt' must be true or false, not the quoted string" }, 1 },
    { "bond key on bridge", BR "    lacp: active\n",
      { "test.yaml:4:5: lacp has no effect in the Bridge table; it is a "
        "per-bond Port column (lacp): set 'lacp: active' on the bond port" },
      1 },
    { "bond key in bridge other-config",
      BR "    other-config: {bond_mode: balance-slb, lacp-time: fast}\n",
      { "bond_mode has no effect in the Bridge table",
        "lacp-time has no effect in the Bridge table; it is a per-bond Port "
        "other_config key: set 'lacp-time: fast' on the bond port" }, 2 },
    { "global key on bridge", BR "    hw-offload: true\n",
      { "hw-offload has no effect in the Bridge table; it is a global "
        "Open_vSwitch other_config key: set 'hw-offload: true' under "
        "'ovs:'" }, 1 },
    { "global key in bridge other-config",
      BR "    other-config: {max-idle: \"1000\"}\n",
      { "max-idle has no effect in the Bridge table; it is a global "
        "Open_vSwitch other_config key" }, 1 },
    { "ports as scalars", BR "    ports: [eth0, eth1]\n",
      { "each port must be a mapping, not a scalar; write '- name: eth0'",
        "write '- name: eth1'" }, 2 },
    { "peer on bridge", BR "    peer: x\n",
      { "'peer' has no effect in bridge 'br0'; it is a port key: move it to "
        "the port (bridges[].ports[])" }, 1 },

    /* Ports. */
    { "port without name", PORTS "      - type: internal\n",
      { "test.yaml:5:9: this port of bridge 'br0' has no 'name'" }, 1 },
    { "port name too long", PORTS "      - name: eth0123456789abcd\n",
      { "port name 'eth0123456789abcd' is 17 bytes long" }, 1 },
    { "port type invalid", PORTS "      - {name: v0, type: vxlan}\n",
      { "invalid type 'vxlan'; use one of: system, internal, patch, bond, "
        "representor" }, 1 },
    { "port type typo", PORTS "      - {name: v0, type: internel}\n",
      { "invalid type 'internel'; did you mean 'internal'?" }, 1 },
    { "bond_mode key on port",
      PORTS "      - {name: b0, type: bond, members: [a, b], "
      "bond_mode: active-backup}\n",
      { "unknown key 'bond_mode' in port 'b0'; did you mean 'bond-mode'?" },
      1 },
    { "bond-detect-mode key on port",
      PORTS "      - {name: b0, type: bond, members: [a, b], "
      "bond-detect-mode: miimon}\n",
      { "unknown key 'bond-detect-mode' in port 'b0'; did you mean "
        "'detect'?" }, 1 },
    { "unknown port key", PORTS "      - {name: p0, colour: blue}\n",
      { "unknown key 'colour' in port 'p0'; remove it (known keys here: "
        "name, type, members," }, 1 },
    { "bridge key on port", PORTS "      - {name: p0, fail-mode: secure}\n",
      { "'fail-mode' has no effect in port 'p0'; it is a bridge key: move it "
        "to the bridge (bridges[])" }, 1 },
    { "global key on port", PORTS "      - {name: p0, tc-policy: skip_hw}\n",
      { "tc-policy has no effect in the Port table; it is a global "
        "Open_vSwitch other_config key: set 'tc-policy: skip_sw' under "
        "'ovs:'" }, 1 },
    { "global key in port other-config",
      PORTS "      - {name: p0, other-config: {hw-offload: \"true\"}}\n",
      { "hw-offload has no effect in the Port table" }, 1 },
    { "bond_mode in port other-config",
      PORTS "      - name: b0\n        type: bond\n"
      "        members: [a, b]\n"
      "        other-config:\n          bond_mode: balance-slb\n"
      "          lacp: active\n          lacp-time: fast\n"
      "          updelay: \"5\"\n",
      { "test.yaml:9:11: bond_mode is a Port column, not an other_config "
        "key: use 'bond-mode:' on the bond port",
        "lacp is a Port column, not an other_config key: use 'lacp:'",
        "lacp-time in other-config bypasses validation; use the structured "
        "key 'lacp-time:' on the bond port instead",
        "updelay is not a Port other_config key; use 'updelay: 100'" }, 4 },
    { "bond keys on system port",
      PORTS "      - {name: eth0, lacp: active, members: [a, b]}\n",
      { "'lacp' applies only to bond ports, and port 'eth0' has type system; "
        "set 'type: bond' on the port or remove 'lacp'",
        "'members' applies only to bond ports" }, 2 },
    { "peer on internal port",
      PORTS "      - {name: i0, type: internal, peer: x}\n",
      { "'peer' applies only to patch ports, and port 'i0' has type "
        "internal; set 'type: patch' on the port or remove 'peer'" }, 1 },
    { "patch without peer", PORTS "      - {name: pa, type: patch}\n",
      { "test.yaml:5:9: patch port 'pa' has no 'peer'; add 'peer: <name of "
        "the other patch port of the pair>'" }, 1 },
    { "mtu on patch port",
      PORTS "      - {name: pa, type: patch, peer: pb, mtu: 1500}\n",
      { "'mtu' has no effect on port 'pa' of type patch; remove it" }, 1 },
    { "pf reserved",
      PORTS "      - {name: r0, type: representor, pf: p0, vf: 1}\n",
      { "test.yaml:5:39: 'pf' is not supported yet: resolution of "
        "representors from PF and VF index comes with the NIC layer; name "
        "the representor netdev in 'name' instead",
        "'vf' is not supported yet" }, 2 },
    { "tag out of range", PORTS "      - {name: p0, tag: 4096}\n",
      { "'tag' must be in the range 0 to 4095, not 4096" }, 1 },
    { "tag negative", PORTS "      - {name: p0, tag: -1}\n",
      { "'tag' must be in the range 0 to 4095, not -1" }, 1 },
    { "trunks out of range", PORTS "      - {name: p0, trunks: [1, 5000]}\n",
      { "test.yaml:5:32: 'trunks' must be in the range 0 to 4095, not "
        "5000" }, 1 },
    { "trunks scalar", PORTS "      - {name: p0, trunks: 10}\n",
      { "'trunks' must be a sequence, not a scalar" }, 1 },
    { "trunks with strings", PORTS "      - {name: p0, trunks: [ten]}\n",
      { "'trunks' must be an integer, not 'ten'" }, 1 },
    { "tag and trunks", PORTS "      - {name: p0, tag: 5, trunks: [1, 2]}\n",
      { "'trunks' has no effect together with 'tag'" }, 1 },
    { "port mtu too small", PORTS "      - {name: p0, mtu: 67}\n",
      { "'mtu' must be in the range 68 to 65535, not 67" }, 1 },
    { "port mtu quoted", PORTS "      - {name: p0, mtu: '1500'}\n",
      { "'mtu' must be an integer, not the quoted string \"1500\"" }, 1 },
    { "port mtu float", PORTS "      - {name: p0, mtu: 1500.0}\n",
      { "'mtu' must be an integer, not '1500.0'" }, 1 },
    { "port reserved external-ids",
      PORTS "      - {name: p0, external-ids: {ovs-offload-keys:x: a}}\n",
      { "external-ids key 'ovs-offload-keys:x' is reserved" }, 1 },

    /* Bonds. */
    { "bond without members", PORTS "      - {name: b0, type: bond}\n",
      { "bond 'b0' has no 'members'; add e.g. 'members: [eth0, eth1]'" },
      1 },
    { "bond with one member",
      PORTS "      - {name: b0, type: bond, members: [eth0]}\n",
      { "bond 'b0' has 1 member; a bond needs at least 2" }, 1 },
    { "bond duplicate member",
      PORTS "      - {name: b0, type: bond, members: [eth0, eth0]}\n",
      { "test.yaml:5:48: duplicate member 'eth0' in bond 'b0' in bridge "
        "'br0' (first at line 5, column 42); list each member once" }, 1 },
    { "member in two bonds",
      PORTS "      - {name: b0, type: bond, members: [eth0, eth1]}\n"
      "      - {name: b1, type: bond, members: [eth2, eth1]}\n",
      { "test.yaml:6:48: 'eth1', a member of bond 'b1' in bridge 'br0', is "
        "already a member of bond 'b0' in bridge 'br0' (line 5, column 48); "
        "an interface can be a member of one bond only" }, 1 },
    { "member is a port",
      PORTS "      - {name: eth1}\n"
      "      - {name: b0, type: bond, members: [eth0, eth1]}\n",
      { "'eth1', a member of bond 'b0' in bridge 'br0', is already a port "
        "of bridge 'br0' (line 5, column 16); an interface is either a port "
        "or a bond member, never both" }, 1 },
    { "member name too long",
      PORTS "      - {name: b0, type: bond, members: [eth0, "
      "enp1s0f0np0-long]}\n",
      { "member name 'enp1s0f0np0-long' is 16 bytes long" }, 1 },
    { "members not a list",
      PORTS "      - {name: b0, type: bond, members: eth0}\n",
      { "'members' must be a sequence, not a scalar",
        "bond 'b0' has 0 members" }, 2 },
    { "bond-mode typo",
      PORTS "      - {name: b0, type: bond, members: [a, b], "
      "bond-mode: balance_tcp, lacp: active}\n",
      { "invalid bond-mode 'balance_tcp'; did you mean 'balance-tcp'?" },
      1 },
    { "lacp invalid",
      PORTS "      - {name: b0, type: bond, members: [a, b], lacp: fast}\n",
      { "invalid lacp 'fast'; use one of: active, passive, off" }, 1 },
    { "no follow-on errors after an invalid lacp",
      PORTS "      - {name: b0, type: bond, members: [a, b], lacp: on, "
      "bond-mode: balance-tcp, lacp-time: fast, detect: mii, "
      "miimon-interval: 10}\n",
      { "invalid lacp 'on'", "invalid detect 'mii'" }, 2 },
    { "lacp-time invalid",
      PORTS "      - {name: b0, type: bond, members: [a, b], lacp: active, "
      "lacp-time: quick}\n",
      { "invalid lacp-time 'quick'" }, 1 },
    { "lacp-time without lacp",
      PORTS "      - {name: b0, type: bond, members: [a, b], "
      "lacp-time: fast, lacp-fallback-ab: true}\n",
      { "'lacp-time' has no effect without LACP; set 'lacp: active' (or "
        "passive) on bond 'b0', or remove 'lacp-time'",
        "'lacp-fallback-ab' has no effect without LACP" }, 2 },
    { "balance-tcp without lacp",
      PORTS "      - {name: b0, type: bond, members: [a, b], "
      "bond-mode: balance-tcp, lacp: off}\n",
      { "bond-mode balance-tcp needs LACP: without it OVS drops the traffic "
        "received on bond 'b0'" }, 1 },
    { "miimon-interval without detect",
      PORTS "      - {name: b0, type: bond, members: [a, b], "
      "miimon-interval: 100}\n",
      { "'miimon-interval' has no effect without 'detect: miimon'" }, 1 },
    { "miimon-interval with carrier",
      PORTS "      - {name: b0, type: bond, members: [a, b], "
      "detect: carrier, miimon-interval: 100}\n",
      { "'miimon-interval' has no effect without 'detect: miimon'" }, 1 },
    { "miimon-interval zero",
      PORTS "      - {name: b0, type: bond, members: [a, b], "
      "detect: miimon, miimon-interval: 0}\n",
      { "'miimon-interval' must be at least 1, not 0" }, 1 },
    { "updelay negative",
      PORTS "      - {name: b0, type: bond, members: [a, b], updelay: -5, "
      "downdelay: x}\n",
      { "'updelay' must be at least 0, not -5",
        "'downdelay' must be an integer, not 'x'" }, 2 },
    { "lacp-fallback-ab string",
      PORTS "      - {name: b0, type: bond, members: [a, b], lacp: active, "
      "lacp-fallback-ab: on}\n",
      { "'lacp-fallback-ab' must be true or false, not 'on'" }, 1 },

    /* Names across bridges. */
    { "port in two bridges",
      HEAD "bridges:\n  - name: br0\n    ports: [{name: eth0}]\n"
      "  - name: br1\n    ports: [{name: eth0}]\n",
      { "test.yaml:6:20: 'eth0', a port of bridge 'br1', is already a port "
        "of bridge 'br0' (line 4, column 20); a port can be in one bridge "
        "only: remove it from one of them" }, 1 },
    { "duplicate port in a bridge",
      PORTS "      - {name: eth0}\n      - {name: eth0}\n",
      { "test.yaml:6:16: duplicate port 'eth0' in bridge 'br0' (first at "
        "line 5, column 16); remove one of them" }, 1 },
    { "port named like a bridge",
      PORTS "      - {name: br0}\n",
      { "'br0', a port of bridge 'br0', is already a bridge (line 3, column "
        "11); every bridge has an internal port of its own name" }, 1 },

    /* Patch ports. */
    { "patch peer is itself",
      PORTS "      - {name: pa, type: patch, peer: pa}\n",
      { "patch port 'pa' names itself as its peer" }, 1 },
    { "patch peer is not a patch",
      PORTS "      - {name: pa, type: patch, peer: eth0}\n"
      "      - {name: eth0}\n",
      { "peer 'eth0' of patch port 'pa' is a port of type system; the peer "
        "of a patch port must be a patch port" }, 1 },
    { "patch peer is a member",
      PORTS "      - {name: pa, type: patch, peer: eth0}\n"
      "      - {name: b0, type: bond, members: [eth0, eth1]}\n",
      { "peer 'eth0' of patch port 'pa' is a member of bond 'b0' in bridge "
        "'br0'; the peer must be a patch port" }, 1 },
    { "patch ports do not pair",
      PORTS "      - {name: pa, type: patch, peer: pb}\n"
      "      - {name: pb, type: patch, peer: pc}\n"
      "      - {name: pc, type: patch, peer: pb}\n",
      { "patch ports 'pa' and 'pb' do not pair up: 'pb' has 'peer: pc'; "
        "set 'peer: pa' on 'pb'" }, 1 },
    { "patch across datapath types",
      HEAD "bridges:\n  - name: br0\n    datapath-type: netdev\n"
      "    ports: [{name: pa, type: patch, peer: pb}]\n"
      "  - name: br1\n    ports: [{name: pb, type: patch, peer: pa}]\n",
      { "patch port 'pa' (datapath-type netdev) peers with 'pb' "
        "(datapath-type system); patch ports only connect bridges of the "
        "same datapath type" }, 1 },

    /* Many errors at once, reported in file order. */
    { "all errors in one run",
      "version: 3\n"
      "ovs:\n  max-idle: 10\n  lacp-fallback-ab: true\n"
      "bridges:\n  - name: br0\n    fail-mode: open\n"
      "    ports:\n      - {name: eth0, tag: 9999}\n"
      "      - {name: b0, type: bond, members: [eth0]}\n",
      { "test.yaml:1:10: unsupported version 3",
        "test.yaml:3:13: 'max-idle' must be at least 500",
        "test.yaml:7:16: invalid fail-mode 'open'",
        "test.yaml:10:42: 'eth0', a member of bond 'b0'" }, 7 },
};

/* Returns the number of lines in 's'. */
static int
count_lines(const char *s)
{
    int n = 1;

    for (; *s; s++) {
        n += *s == '\n';
    }
    return n;
}

static void
test_bad_case(void **state)
{
    static char report[8192];
    const struct bad_case *c = *state;
    struct offload_config *cfg = (struct offload_config *) 1;
    struct ds problems = DS_EMPTY_INITIALIZER;
    char *error;

    report[0] = '\0';
    error = offload_config_parse_buffer("test.yaml", c->yaml,
                                        strlen(c->yaml), &cfg);
    if (!error) {
        offload_config_destroy(cfg);
        fail_msg("%s: parsing succeeded", c->name);
    }
    assert_null(cfg);
    for (size_t i = 0; i < MAX_EXPECT && c->expect[i]; i++) {
        if (!strstr(error, c->expect[i])) {
            ds_put_format(&problems, "\"%s\" not found\n", c->expect[i]);
        }
    }
    if (c->n_lines && count_lines(error) != c->n_lines) {
        ds_put_format(&problems, "%d error lines expected, got %d\n",
                      c->n_lines, count_lines(error));
    }

    /* Every message says what is wrong and how to fix it. */
    const char *line = error;
    while (line) {
        const char *end = strchr(line, '\n');
        char *copy = end ? xmemdup0(line, end - line) : xstrdup(line);

        if (strncmp(copy, "test.yaml:", 10) || !strstr(copy, "; ")) {
            ds_put_format(&problems, "malformed message: %s\n", copy);
        }
        free(copy);
        line = end ? end + 1 : NULL;
    }

    if (problems.length) {
        snprintf(report, sizeof report, "%s: %sin:\n%s", c->name,
                 ds_cstr(&problems), error);
    }
    ds_destroy(&problems);
    free(error);
    if (report[0]) {
        fail_msg("%s", report);
    }
}

/* Good inputs. */

static struct offload_config *
parse_ok(const char *yaml)
{
    struct offload_config *cfg = NULL;
    char *error;

    error = offload_config_parse_buffer("good.yaml", yaml, strlen(yaml),
                                        &cfg);
    if (error) {
        fail_msg("unexpected error:\n%s", error);
    }
    assert_non_null(cfg);
    return cfg;
}

static void
test_minimal(void **state OVS_UNUSED)
{
    struct offload_config *cfg = parse_ok("version: 1\n");

    assert_int_equal(cfg->version, 1);
    assert_string_equal(cfg->file_name, "good.yaml");
    assert_string_equal(cfg->owner, "ovs-offload");
    assert_int_equal(cfg->global.hw_offload, OFFLOAD_UNSET);
    assert_null(cfg->global.tc_policy);
    assert_int_equal(cfg->global.max_idle, -1);
    assert_true(smap_is_empty(&cfg->global.other_config));
    assert_true(smap_is_empty(&cfg->global.external_ids));
    assert_int_equal(cfg->n_bridges, 0);
    assert_null(offload_config_find_bridge(cfg, "br0"));
    offload_config_destroy(cfg);
}

static const char full_yaml[] =
    "version: 1\n"
    "owner: lab-controller\n"
    "ovs:\n"
    "  hw-offload: true\n"
    "  tc-policy: skip_sw\n"
    "  max-idle: 10000\n"
    "  other-config: {n-handler-threads: 4, pmd-auto-lb: true}\n"
    "  external-ids: {site: \"lab 1\"}\n"
    "bridges:\n"
    "  - name: br0\n"
    "    datapath-type: netdev\n"
    "    fail-mode: standalone\n"
    "    mtu: 9000\n"
    "    adopt: true\n"
    "    other-config: {mac-aging-time: \"300\"}\n"
    "    external-ids: {role: uplink}\n"
    "    ports:\n"
    "      - name: bond0\n"
    "        type: bond\n"
    "        members: [eth0, eth1]\n"
    "        bond-mode: balance-tcp\n"
    "        lacp: active\n"
    "        lacp-time: fast\n"
    "        lacp-fallback-ab: true\n"
    "        updelay: 100\n"
    "        downdelay: 0\n"
    "        detect: miimon\n"
    "        miimon-interval: 50\n"
    "        mtu: 9000\n"
    "        trunks: [20, 10, 20, 4095, 0]\n"
    "        other-config: {bond-rebalance-interval: \"10000\"}\n"
    "        external-ids: {note: uplink}\n"
    "      - {name: vm1, type: internal, mtu: 1500, tag: 10}\n"
    "      - {name: patch-a, type: patch, peer: patch-b}\n"
    "      - {name: eth2, type: system}\n"
    "      - {name: pf0vf0, type: representor}\n"
    "      - name: eth3\n"
    "  - name: br1\n"
    "    datapath-type: netdev\n"
    "    ports:\n"
    "      - {name: patch-b, type: patch, peer: patch-a}\n"
    "  - name: br-empty\n";

static void
test_full(void **state OVS_UNUSED)
{
    struct offload_config *cfg = parse_ok(full_yaml);
    const struct offload_bridge *br;
    const struct offload_port *port;

    assert_string_equal(cfg->owner, "lab-controller");
    assert_int_equal(cfg->global.hw_offload, OFFLOAD_TRUE);
    assert_string_equal(cfg->global.tc_policy, "skip_sw");
    assert_int_equal(cfg->global.max_idle, 10000);
    assert_string_equal(smap_get(&cfg->global.other_config,
                                 "n-handler-threads"), "4");
    assert_string_equal(smap_get(&cfg->global.other_config, "pmd-auto-lb"),
                        "true");
    assert_string_equal(smap_get(&cfg->global.external_ids, "site"),
                        "lab 1");
    assert_int_equal(cfg->n_bridges, 3);

    br = offload_config_find_bridge(cfg, "br0");
    assert_ptr_equal(br, &cfg->bridges[0]);
    assert_string_equal(br->datapath_type, "netdev");
    assert_string_equal(br->fail_mode, "standalone");
    assert_int_equal(br->mtu, 9000);
    assert_true(br->adopt);
    assert_int_equal(br->mark.line, 10);
    assert_int_equal(br->mark.column, 5);
    assert_string_equal(smap_get(&br->other_config, "mac-aging-time"),
                        "300");
    assert_string_equal(smap_get(&br->external_ids, "role"), "uplink");
    assert_int_equal(br->n_ports, 6);

    port = &br->ports[0];
    assert_string_equal(port->name, "bond0");
    assert_int_equal(port->type, OFFLOAD_PORT_BOND);
    assert_int_equal(port->mark.line, 18);
    assert_int_equal(port->mark.column, 9);
    assert_int_equal(port->n_members, 2);
    assert_string_equal(port->members[0], "eth0");
    assert_string_equal(port->members[1], "eth1");
    assert_string_equal(port->bond_mode, "balance-tcp");
    assert_string_equal(port->lacp, "active");
    assert_string_equal(port->lacp_time, "fast");
    assert_int_equal(port->lacp_fallback_ab, OFFLOAD_TRUE);
    assert_int_equal(port->updelay, 100);
    assert_int_equal(port->downdelay, 0);
    assert_string_equal(port->detect, "miimon");
    assert_int_equal(port->miimon_interval, 50);
    assert_int_equal(port->mtu, 9000);
    assert_int_equal(port->tag, -1);
    assert_int_equal(port->n_trunks, 4);
    assert_int_equal(port->trunks[0], 0);
    assert_int_equal(port->trunks[1], 10);
    assert_int_equal(port->trunks[2], 20);
    assert_int_equal(port->trunks[3], 4095);
    assert_null(port->peer);
    assert_string_equal(smap_get(&port->other_config,
                                 "bond-rebalance-interval"), "10000");
    assert_string_equal(smap_get(&port->external_ids, "note"), "uplink");

    port = &br->ports[1];
    assert_string_equal(port->name, "vm1");
    assert_int_equal(port->type, OFFLOAD_PORT_INTERNAL);
    assert_int_equal(port->mtu, 1500);
    assert_int_equal(port->tag, 10);
    assert_int_equal(port->n_trunks, 0);
    assert_int_equal(port->n_members, 0);
    assert_null(port->bond_mode);

    port = &br->ports[2];
    assert_int_equal(port->type, OFFLOAD_PORT_PATCH);
    assert_string_equal(port->peer, "patch-b");

    port = &br->ports[3];
    assert_string_equal(port->name, "eth2");
    assert_int_equal(port->type, OFFLOAD_PORT_SYSTEM);

    port = &br->ports[4];
    assert_string_equal(port->name, "pf0vf0");
    assert_int_equal(port->type, OFFLOAD_PORT_REPRESENTOR);

    /* Defaults. */
    port = &br->ports[5];
    assert_string_equal(port->name, "eth3");
    assert_int_equal(port->type, OFFLOAD_PORT_SYSTEM);
    assert_int_equal(port->mtu, 0);
    assert_int_equal(port->tag, -1);
    assert_int_equal(port->updelay, -1);
    assert_int_equal(port->downdelay, -1);
    assert_int_equal(port->miimon_interval, -1);
    assert_int_equal(port->lacp_fallback_ab, OFFLOAD_UNSET);
    assert_null(port->lacp);
    assert_null(port->lacp_time);
    assert_null(port->detect);
    assert_null(port->members);
    assert_null(port->trunks);
    assert_true(smap_is_empty(&port->other_config));

    br = offload_config_find_bridge(cfg, "br1");
    assert_ptr_equal(br, &cfg->bridges[1]);
    assert_int_equal(br->n_ports, 1);
    assert_string_equal(br->ports[0].peer, "patch-a");

    br = offload_config_find_bridge(cfg, "br-empty");
    assert_non_null(br);
    assert_null(br->datapath_type);
    assert_null(br->fail_mode);
    assert_int_equal(br->mtu, 0);
    assert_false(br->adopt);
    assert_int_equal(br->n_ports, 0);
    assert_null(offload_config_find_bridge(cfg, "br2"));

    offload_config_destroy(cfg);
}

static void
test_json(void **state OVS_UNUSED)
{
    static const char json[] =
        "{\"version\": 1, \"ovs\": {\"hw-offload\": false},\n"
        " \"bridges\": [{\"name\": \"br0\", \"ports\": [\n"
        "   {\"name\": \"b0\", \"type\": \"bond\", \"members\": [\"a\", "
        "\"b\"],\n    \"bond-mode\": \"active-backup\", \"updelay\": 5},\n"
        "   {\"name\": \"p1\", \"trunks\": []}]}]}\n";
    struct offload_config *cfg = parse_ok(json);

    assert_int_equal(cfg->global.hw_offload, OFFLOAD_FALSE);
    assert_int_equal(cfg->n_bridges, 1);
    assert_int_equal(cfg->bridges[0].n_ports, 2);
    assert_string_equal(cfg->bridges[0].ports[0].bond_mode, "active-backup");
    assert_int_equal(cfg->bridges[0].ports[0].updelay, 5);
    assert_int_equal(cfg->bridges[0].ports[1].n_trunks, 0);
    offload_config_destroy(cfg);
}

static void
test_nulls_are_empty(void **state OVS_UNUSED)
{
    struct offload_config *cfg = parse_ok(
        "version: 1\novs:\nbridges:\n  - name: br0\n    ports:\n"
        "    other-config:\n");

    assert_int_equal(cfg->n_bridges, 1);
    assert_int_equal(cfg->bridges[0].n_ports, 0);
    offload_config_destroy(cfg);
}

static void
test_misc(void **state OVS_UNUSED)
{
    offload_config_destroy(NULL);
    assert_string_equal(offload_port_type_to_string(OFFLOAD_PORT_SYSTEM),
                        "system");
    assert_string_equal(offload_port_type_to_string(OFFLOAD_PORT_INTERNAL),
                        "internal");
    assert_string_equal(offload_port_type_to_string(OFFLOAD_PORT_PATCH),
                        "patch");
    assert_string_equal(offload_port_type_to_string(OFFLOAD_PORT_BOND),
                        "bond");
    assert_string_equal(
        offload_port_type_to_string(OFFLOAD_PORT_REPRESENTOR),
        "representor");
    assert_null(offload_config_find_bridge(NULL, "br0"));
}

static void
test_missing_file(void **state OVS_UNUSED)
{
    struct offload_config *cfg = (struct offload_config *) 1;
    char *error;

    error = offload_config_parse_file("/nonexistent/ovs-offload.yaml", &cfg);
    assert_null(cfg);
    assert_string_equal(error, "/nonexistent/ovs-offload.yaml: cannot read: "
                        "No such file or directory; create it or pass "
                        "--config=FILE");
    free(error);
}

/* Returns the name of 'relative', a file of the source tree, found from
 * $SRCDIR (set by ctest) or else from the name of this source file. */
static char *
source_file(const char *relative)
{
    const char *srcdir = getenv("SRCDIR");
    const char *here = __FILE__;
    const char *suffix = "tests/unit/test-offload-config.c";
    size_t len = strlen(here);
    size_t suffix_len = strlen(suffix);

    if (srcdir && *srcdir) {
        return xasprintf("%s/%s", srcdir, relative);
    } else if (len >= suffix_len && !strcmp(here + len - suffix_len, suffix)) {
        return xasprintf("%.*s%s", (int) (len - suffix_len), here, relative);
    }
    return xstrdup(relative);
}

static void
test_example_file(void **state)
{
    const char *relative = *state;
    struct offload_config *cfg;
    char *name = source_file(relative);
    char *error;

    error = offload_config_parse_file(name, &cfg);
    if (error) {
        fail_msg("%s", error);
    }
    assert_non_null(cfg);
    assert_true(cfg->n_bridges > 0);

    if (strstr(relative, "sandbox")) {
        const struct offload_bridge *br;

        assert_int_equal(cfg->global.hw_offload, OFFLOAD_UNSET);
        assert_int_equal(cfg->global.max_idle, 10000);
        assert_false(smap_is_empty(&cfg->global.external_ids));
        br = offload_config_find_bridge(cfg, "br-offload");
        assert_non_null(br);
        assert_string_equal(br->datapath_type, "netdev");
        assert_string_equal(br->fail_mode, "standalone");
        assert_int_equal(br->n_ports, 3);
        assert_string_equal(br->ports[0].name, "bond0");
        assert_int_equal(br->ports[0].type, OFFLOAD_PORT_BOND);
        assert_int_equal(br->ports[0].n_members, 2);
        assert_string_equal(br->ports[0].members[0], "sb-a0");
        assert_string_equal(br->ports[0].members[1], "sb-a1");
        assert_string_equal(br->ports[0].bond_mode, "balance-tcp");
        assert_string_equal(br->ports[0].lacp, "active");
        assert_string_equal(br->ports[0].lacp_time, "fast");
        assert_int_equal(br->ports[0].lacp_fallback_ab, OFFLOAD_TRUE);
        assert_string_equal(br->ports[1].name, "vm1-p");
        assert_int_equal(br->ports[1].type, OFFLOAD_PORT_SYSTEM);
        assert_string_equal(br->ports[2].name, "vm2-p");
        assert_int_equal(br->ports[2].type, OFFLOAD_PORT_SYSTEM);
    }
    offload_config_destroy(cfg);
    free(name);
}

/* The YAML tree on its own. */

static void
test_tree_marks(void **state OVS_UNUSED)
{
    static const char text[] = "a: 1\nb:\n  - x\n  - {c: 'd'}\n";
    struct ytree_diags diags;
    struct ytree_node *root;
    const struct ytree_pair *pair;

    ytree_diags_init(&diags, "t.yaml");
    assert_true(ytree_parse(text, strlen(text), &diags, &root));
    assert_int_equal(diags.n, 0);
    assert_int_equal(root->type, YTREE_MAPPING);
    assert_int_equal(root->n_pairs, 2);

    pair = ytree_find(root, "a");
    assert_int_equal(pair->key->line, 1);
    assert_int_equal(pair->key->column, 1);
    assert_int_equal(pair->value->line, 1);
    assert_int_equal(pair->value->column, 4);
    assert_string_equal(pair->value->scalar, "1");
    assert_true(pair->value->plain);

    pair = ytree_find(root, "b");
    assert_int_equal(pair->value->type, YTREE_SEQUENCE);
    assert_int_equal(pair->value->n_items, 2);
    assert_int_equal(pair->value->items[0]->line, 3);
    assert_int_equal(pair->value->items[0]->column, 5);

    const struct ytree_node *flow = pair->value->items[1];
    assert_int_equal(flow->type, YTREE_MAPPING);
    assert_int_equal(flow->line, 4);
    assert_int_equal(flow->column, 5);
    assert_false(ytree_find(flow, "c")->value->plain);
    assert_null(ytree_find(root, "z"));

    ytree_destroy(root);
    ytree_diags_destroy(&diags);
}

static void
test_tree_errors_sorted(void **state OVS_UNUSED)
{
    struct ytree_diags diags;
    char *s;

    ytree_diags_init(&diags, "t.yaml");
    assert_null(ytree_diags_to_string(&diags));
    ytree_diags_add(&diags, 3, 1, "third; fix");
    ytree_diags_add(&diags, 1, 5, "second; fix");
    ytree_diags_add(&diags, 1, 2, "first; fix");
    ytree_diags_add(&diags, 0, 0, "file; fix");
    s = ytree_diags_to_string(&diags);
    assert_string_equal(s, "t.yaml: file; fix\nt.yaml:1:2: first; fix\n"
                        "t.yaml:1:5: second; fix\nt.yaml:3:1: third; fix");
    free(s);
    ytree_diags_destroy(&diags);
}

static void
test_tree_syntax_error(void **state OVS_UNUSED)
{
    static const char text[] = "a: [1, 2\n";
    struct ytree_diags diags;
    struct ytree_node *root;

    ytree_diags_init(&diags, "t.yaml");
    assert_false(ytree_parse(text, strlen(text), &diags, &root));
    assert_null(root);
    assert_int_equal(diags.n, 1);
    assert_non_null(strstr(diags.diags[0].text, "t.yaml:2:1: did not find "
                           "expected ',' or ']' while parsing a flow "
                           "sequence (started at line 1, column 4)"));
    ytree_diags_destroy(&diags);
}

int
main(void)
{
    static const char *const examples[] = {
        "contrib/examples/sandbox.yaml",
        "contrib/examples/full.yaml",
    };
    static const struct CMUnitTest fixed_tests[] = {
        cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_nulls_are_empty),
        cmocka_unit_test(test_misc),
        cmocka_unit_test(test_missing_file),
        cmocka_unit_test(test_tree_marks),
        cmocka_unit_test(test_tree_errors_sorted),
        cmocka_unit_test(test_tree_syntax_error),
    };
    struct CMUnitTest tests[N_ELEMS(fixed_tests) + N_ELEMS(examples)
                            + N_ELEMS(bad_cases)];
    size_t n = 0;

    for (size_t i = 0; i < N_ELEMS(fixed_tests); i++) {
        tests[n++] = fixed_tests[i];
    }
    for (size_t i = 0; i < N_ELEMS(examples); i++) {
        tests[n++] = (struct CMUnitTest) {
            .name = examples[i],
            .test_func = test_example_file,
            .initial_state = CONST_CAST(char *, examples[i]),
        };
    }
    for (size_t i = 0; i < N_ELEMS(bad_cases); i++) {
        tests[n++] = (struct CMUnitTest) {
            .name = bad_cases[i].name,
            .test_func = test_bad_case,
            .initial_state = CONST_CAST(struct bad_case *, &bad_cases[i]),
        };
    }
    return cmocka_run_group_tests_name("offload-config", tests, NULL, NULL);
}
