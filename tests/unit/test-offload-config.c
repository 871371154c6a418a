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
#define SRIOV HEAD "sriov:\n"
#define LAG PORTS "      - name: bond0\n        type: bond\n" \
    "        members: [p0, p1]\n"

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
        "here: version, owner, ovs, sriov, bridges)" }, 1 },
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
    { "sriov as mapping", HEAD "sriov: {pf: p0}\n",
      { "test.yaml:2:8: 'sriov' must be a sequence, not a mapping; write "
        "each item as a list entry: '- pf: enp129s0f0np0'" }, 1 },
    { "vf-lag at top level", HEAD "vf-lag: auto\n",
      { "test.yaml:2:1: vf-lag has no effect at the top level; it is a "
        "VF-LAG key of bond ports: set 'vf-lag: auto' on the bond port "
        "(bridges[].ports[] with type: bond)" }, 1 },
    { "representors at top level", HEAD "representors: []\n",
      { "test.yaml:2:1: representors has no effect at the top level; it is "
        "the set of VF representor ports of a PF: set '- representors: {pf: "
        "enp129s0f0np0, vfs: all}' as a port entry of its own in the "
        "bridge's ports (bridges[].ports[])" }, 1 },
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
    { "pf and vf on a port",
      PORTS "      - {name: r0, type: representor, pf: p0, vf: 1}\n",
      { "test.yaml:5:39: 'pf' has no effect in port 'r0'; it is a key of "
        "'representors:': move it into a representors entry of the "
        "bridge's ports ('- representors: {pf: PF, vfs: all}')",
        "test.yaml:5:47: vf has no effect in the Port table; it is a VF "
        "index, which selects representors by PF and VF: set '- "
        "representors: {pf: enp129s0f0np0, vfs: [1]}' as a port entry of "
        "its own" }, 2 },
    { "port name with colon", PORTS "      - {name: \"eth0:1\"}\n",
      { "test.yaml:5:16: port name 'eth0:1' contains ':'; Linux does not "
        "allow ':' in interface names: rename it" }, 1 },
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

    /* SR-IOV. */
    { "sriov entry as scalar", SRIOV "  - p0\n",
      { "test.yaml:3:5: each sriov entry must be a mapping, not a scalar; "
        "write '- pf: p0'" }, 1 },
    { "sriov without pf", SRIOV "  - {numvfs: 2}\n",
      { "test.yaml:3:5: this sriov entry has no 'pf'; add the PF's netdev "
        "name or PCI address, e.g. 'pf: enp129s0f0np0'" }, 1 },
    { "sriov name for pf", SRIOV "  - {name: p0}\n",
      { "test.yaml:3:6: unknown key 'name' in the sriov entry at line 3; did "
        "you mean 'pf'?", "this sriov entry has no 'pf'" }, 2 },
    { "duplicate sriov pf", SRIOV "  - {pf: p0}\n  - {pf: p0}\n",
      { "test.yaml:4:10: duplicate sriov entry for PF 'p0' (first at line 3, "
        "column 5); merge the two entries into one" }, 1 },
    { "sriov pf too long", SRIOV "  - {pf: enp129s0f0np0-long}\n",
      { "PF name 'enp129s0f0np0-long' is 18 bytes long; Linux limits "
        "interface names to 15 bytes" }, 1 },
    { "sriov pf pci without domain", SRIOV "  - {pf: \"81:00.0\"}\n",
      { "test.yaml:3:10: pf '81:00.0' lacks the PCI domain; write the full "
        "address DDDD:BB:DD.F as 'lspci -D' shows it, e.g. "
        "'0000:81:00.0'" }, 1 },
    { "sriov pf pci upper case", SRIOV "  - {pf: \"0000:AF:00.0\"}\n",
      { "pf '0000:AF:00.0' has upper-case hexadecimal digits; write the PCI "
        "address in lower case, as the kernel does: '0000:af:00.0'" }, 1 },
    { "sriov pf pci bad device and function",
      SRIOV "  - {pf: \"0000:81:20.0\"}\n  - {pf: \"0000:81:00.8\"}\n",
      { "pf '0000:81:20.0' is not a valid PCI address: the device is 00 to "
        "1f and the function 0 to 7",
        "pf '0000:81:00.8' is not a valid PCI address" }, 2 },
    { "sriov pf neither name nor pci", SRIOV "  - {pf: \"pci:81\"}\n",
      { "pf 'pci:81' is neither an interface name (which cannot contain "
        "':') nor a PCI address; give the PF's netdev name (e.g. "
        "'enp129s0f0np0') or its PCI address as DDDD:BB:DD.F" }, 1 },
    { "sriov pf sequence", SRIOV "  - {pf: [p0]}\n",
      { "'pf' must be a netdev name or a PCI address, not a sequence" }, 1 },
    { "numvfs out of range",
      SRIOV "  - {pf: p0, numvfs: 2049}\n  - {pf: p1, numvfs: -1}\n",
      { "test.yaml:3:22: 'numvfs' must be in the range 0 to 2048, not 2049",
        "'numvfs' must be in the range 0 to 2048, not -1" }, 2 },
    { "eswitch typo", SRIOV "  - {pf: p0, eswitch: swichdev}\n",
      { "invalid eswitch 'swichdev'; did you mean 'switchdev'? (allowed: "
        "legacy, switchdev)" }, 1 },
    { "sriov mode for eswitch", SRIOV "  - {pf: p0, mode: switchdev}\n",
      { "unknown key 'mode' in the sriov entry of PF 'p0'; did you mean "
        "'eswitch'?" }, 1 },
    { "sriov booleans",
      SRIOV "  - {pf: p0, hw-tc-offload: yes, allow-destroy: \"true\", "
      "autoprobe: 0}\n",
      { "'hw-tc-offload' must be true or false, not 'yes'",
        "'allow-destroy' must be true or false, not the quoted string",
        "'autoprobe' must be true or false, not '0'" }, 3 },
    { "vf-driver invalid",
      SRIOV "  - {pf: p0, vf-driver: \"vfio pci\"}\n"
      "  - {pf: p1, vf-driver: \"\"}\n",
      { "test.yaml:3:25: vf-driver 'vfio pci' is not a driver name; a driver "
        "name has only letters, digits, '_' and '-' (e.g. 'vfio-pci', "
        "'mlx5_core'): write one, or 'none' to leave the VF unbound",
        "'vf-driver' is empty; write e.g. 'vf-driver: vfio-pci', or "
        "'vf-driver: none' to leave the VF unbound" }, 2 },
    { "unknown sriov key", SRIOV "  - {pf: p0, colour: blue}\n",
      { "unknown key 'colour' in the sriov entry of PF 'p0'; remove it "
        "(known keys here: pf, numvfs, allow-destroy, eswitch, "
        "hw-tc-offload, vf-driver, autoprobe, vfs)" }, 1 },
    { "sysfs names in sriov",
      SRIOV "  - {pf: p0, sriov_numvfs: 4, sriov_drivers_autoprobe: 0}\n",
      { "unknown key 'sriov_numvfs' in the sriov entry of PF 'p0'; did you "
        "mean 'numvfs'?",
        "unknown key 'sriov_drivers_autoprobe' in the sriov entry of PF "
        "'p0'; did you mean 'autoprobe'?" }, 2 },
    { "bond and global keys in sriov",
      SRIOV "  - {pf: p0, lacp: active, hw-offload: true}\n",
      { "lacp has no effect in an sriov entry; it is a per-bond Port column "
        "(lacp): set 'lacp: active' on the bond port",
        "hw-offload has no effect in an sriov entry; it is a global "
        "Open_vSwitch other_config key: set 'hw-offload: true' under "
        "'ovs:'" }, 2 },
    { "vfs not a list", SRIOV "  - {pf: p0, vfs: {index: 0}}\n",
      { "'vfs' must be a sequence, not a mapping" }, 1 },
    { "vf entry as scalar", SRIOV "  - {pf: p0, vfs: [3]}\n",
      { "test.yaml:3:20: each VF entry must be a mapping, not a scalar; "
        "write '- {index: 3, trust: true}'" }, 1 },
    { "vf without index", SRIOV "  - {pf: p0, vfs: [{trust: true}]}\n",
      { "test.yaml:3:20: this VF entry of the sriov entry of PF 'p0' has no "
        "'index'; add e.g. 'index: 0' (VFs are numbered from 0)" }, 1 },
    { "vf aliases",
      SRIOV "  - {pf: p0, vfs: [{vf: 0}, {index: 1, vf-driver: x}]}\n",
      { "unknown key 'vf' in the VF entry at line 3 of PF 'p0'; did you "
        "mean 'index'?", "this VF entry of the sriov entry of PF 'p0' has "
        "no 'index'",
        "unknown key 'vf-driver' in VF 1 of PF 'p0'; did you mean "
        "'driver'?" }, 3 },
    { "sriov key in a vf",
      SRIOV "  - {pf: p0, vfs: [{index: 0, numvfs: 2, pf: p0}]}\n",
      { "numvfs has no effect in a VF entry; it is an SR-IOV setting of a "
        "PF: set 'numvfs: 4' in the PF's entry under 'sriov:'",
        "'pf' has no effect in VF 0 of PF 'p0'; it is a key of an sriov "
        "entry: move it to the PF's entry under 'sriov:' (sriov[])" }, 2 },
    { "vf index beyond numvfs",
      SRIOV "  - {pf: p0, numvfs: 2, vfs: [{index: 1}, {index: 2}]}\n"
      "  - {pf: p1, numvfs: 0, vfs: [{index: 0}]}\n",
      { "test.yaml:3:51: VF 2 does not exist with 'numvfs: 2' in the sriov "
        "entry of PF 'p0': VFs are numbered 0 to 1; raise numvfs or remove "
        "the VF entry",
        "test.yaml:4:39: VF 0 does not exist: the sriov entry of PF 'p1' has "
        "'numvfs: 0'; raise numvfs or remove the VF entry" }, 2 },
    { "vf index out of range", SRIOV "  - {pf: p0, vfs: [{index: 2048}]}\n",
      { "'index' must be in the range 0 to 2047, not 2048" }, 1 },
    { "vf listed twice",
      SRIOV "  - pf: p0\n    vfs:\n      - {index: 1}\n      - {index: 1}\n",
      { "test.yaml:6:17: VF 1 of the sriov entry of PF 'p0' is listed twice "
        "(first at line 5, column 9); merge the two VF entries" }, 1 },
    { "vf mac malformed",
      SRIOV "  - pf: p0\n    vfs:\n"
      "      - {index: 0, mac: \"02:00:00:00:00\"}\n"
      "      - {index: 1, mac: \"02-00-00-00-00-01\"}\n"
      "      - {index: 2, mac: \"02:00:00:00:00:0g\"}\n",
      { "test.yaml:5:25: mac '02:00:00:00:00' is not a MAC address; write 6 "
        "hexadecimal octets separated by ':', e.g. '02:00:00:00:00:01'",
        "mac '02-00-00-00-00-01' is not a MAC address",
        "mac '02:00:00:00:00:0g' is not a MAC address" }, 3 },
    { "vf mac multicast and zero",
      SRIOV "  - pf: p0\n    vfs:\n"
      "      - {index: 0, mac: \"01:00:5e:00:00:01\"}\n"
      "      - {index: 1, mac: \"00:00:00:00:00:00\"}\n",
      { "test.yaml:5:25: mac 01:00:5e:00:00:01 is a multicast address (the "
        "first octet is odd); a VF needs a unicast address: make the first "
        "octet even",
        "test.yaml:6:25: mac 00:00:00:00:00:00 is not a usable address; give "
        "the VF a unicast address, or remove 'mac' to leave its address as "
        "it is" }, 2 },
    { "vf mac on two vfs",
      SRIOV "  - {pf: p0, vfs: [{index: 0, mac: \"02:00:00:00:00:aa\"}]}\n"
      "  - {pf: p1, vfs: [{index: 3, mac: \"02:00:00:00:00:AA\"}]}\n",
      { "test.yaml:4:36: mac 02:00:00:00:00:AA is already the address of VF "
        "0 of PF 'p0' (line 3, column 36); give each VF its own MAC "
        "address" }, 1 },
    { "vf driver invalid",
      SRIOV "  - {pf: p0, vfs: [{index: 0, driver: vfio/pci}]}\n",
      { "driver 'vfio/pci' is not a driver name" }, 1 },

    /* NIC keys out of place. */
    { "sriov keys on a port",
      PORTS "      - {name: p0, numvfs: 4, eswitch: switchdev}\n",
      { "test.yaml:5:20: numvfs has no effect in the Port table; it is an "
        "SR-IOV setting of a PF: set 'numvfs: 4' in the PF's entry under "
        "'sriov:' (sriov[] with pf: <PF>)",
        "eswitch has no effect in the Port table; it is an SR-IOV setting "
        "of a PF: set 'eswitch: switchdev' in the PF's entry under "
        "'sriov:'" }, 2 },
    { "sriov keys on a bridge",
      BR "    hw-tc-offload: true\n    vf-driver: vfio-pci\n",
      { "hw-tc-offload has no effect in the Bridge table; it is an SR-IOV "
        "setting of a PF: set 'hw-tc-offload: true' in the PF's entry",
        "vf-driver has no effect in the Bridge table; it is an SR-IOV "
        "setting of a PF (a VF entry takes 'driver'): set 'vf-driver: "
        "vfio-pci'" }, 2 },
    { "sriov keys in other-config",
      BR "    other-config: {sriov_numvfs: \"4\"}\n",
      { "sriov_numvfs has no effect in the Bridge table; it is an SR-IOV "
        "setting of a PF (sysfs sriov_numvfs): set 'numvfs: 4' in the PF's "
        "entry under 'sriov:'" }, 1 },
    { "sriov in a bridge", BR "    sriov: []\n",
      { "'sriov' has no effect in bridge 'br0'; it is a top-level key: move "
        "it to the top level" }, 1 },
    { "vf-lag keys on a bridge",
      BR "    vf-lag: auto\n    fallback: balance-tcp\n"
      "    linux-bond: {mode: 802.3ad}\n",
      { "test.yaml:4:5: vf-lag has no effect in the Bridge table; it is a "
        "VF-LAG key of bond ports: set 'vf-lag: auto' on the bond port "
        "(bridges[].ports[] with type: bond)",
        "fallback has no effect in the Bridge table; it is a VF-LAG key of "
        "bond ports: set 'fallback: balance-tcp' on the bond port",
        "linux-bond has no effect in the Bridge table" }, 3 },
    { "vf-lag under ovs", HEAD "ovs: {vf-lag: auto}\n",
      { "vf-lag has no effect in the Open_vSwitch table; it is a VF-LAG key "
        "of bond ports" }, 1 },
    { "vf-lag in port other-config",
      LAG "        other-config: {vf-lag: auto, numvfs: \"4\"}\n",
      { "test.yaml:8:24: vf-lag is not a Port other_config key; use "
        "'vf-lag: auto' on the bond port (bridges[].ports[] with type: "
        "bond)",
        "numvfs has no effect in the Port table; it is an SR-IOV setting of "
        "a PF" }, 2 },
    { "linux bond keys on the bond port",
      LAG "        vf-lag: auto\n        miimon: 100\n"
      "        lacp-rate: fast\n        xmit_hash_policy: layer2\n"
      "        mode: 802.3ad\n",
      { "test.yaml:9:9: miimon has no effect in the Port table; it is an "
        "option of the Linux bond of a VF-LAG (an OVS bond takes 'detect: "
        "miimon' and 'miimon-interval'): set 'miimon: 100' under "
        "'linux-bond:' of the bond port (with vf-lag: auto or require)",
        "lacp-rate has no effect in the Port table; it is an option of the "
        "Linux bond of a VF-LAG (an OVS bond takes 'lacp-time')",
        "xmit_hash_policy has no effect in the Port table",
        "unknown key 'mode' in port 'bond0'; did you mean 'bond-mode'?" },
      4 },

    /* VF-LAG. */
    { "vf-lag on a system port", PORTS "      - {name: p0, vf-lag: auto}\n",
      { "'vf-lag' applies only to bond ports, and port 'p0' has type "
        "system; set 'type: bond' on the port or remove 'vf-lag'" }, 1 },
    { "vf-lag invalid",
      LAG "        vf-lag: requre\n"
      "      - {name: b1, type: bond, members: [a, b], vf-lag: true}\n"
      "      - {name: b2, type: bond, members: [c, d], vf-lag: no}\n",
      { "test.yaml:8:17: invalid vf-lag 'requre'; did you mean 'require'? "
        "(allowed: off, auto, require)",
        "test.yaml:9:57: 'vf-lag' takes off, auto or require, not true; "
        "write 'vf-lag: auto' (or 'require' to fail instead of falling back "
        "to an OVS bond)",
        "'vf-lag' takes off, auto or require, not no; write 'vf-lag: "
        "off'" }, 3 },
    { "vf-lag with three members",
      PORTS "      - {name: bond0, type: bond, members: [p0, p1, p2], "
      "vf-lag: auto}\n",
      { "test.yaml:5:44: bond 'bond0' has 3 members, but VF-LAG needs "
        "exactly the two PFs of one NIC: mlx5 activates the LAG only when "
        "the bond holds both PFs and nothing else; list the two PFs only, "
        "or set 'vf-lag: off'" }, 1 },
    { "vf-lag with bond-mode",
      LAG "        vf-lag: require\n        bond-mode: active-backup\n",
      { "test.yaml:9:9: 'bond-mode' has no effect with 'vf-lag: require': "
        "the OVS bond exists only as the fallback when the NIC does not "
        "activate the LAG; set its mode with 'fallback: active-backup' "
        "instead" }, 1 },
    { "fallback without vf-lag",
      LAG "        fallback: active-backup\n"
      "      - {name: b1, type: bond, members: [a, b], vf-lag: off, "
      "fallback: balance-slb}\n",
      { "test.yaml:8:9: 'fallback' applies only with vf-lag auto or require; "
        "use bond-mode for a plain OVS bond (or set 'vf-lag: auto' on bond "
        "'bond0')",
        "test.yaml:9:62: 'fallback' applies only with vf-lag auto or "
        "require" }, 2 },
    { "linux-bond without vf-lag",
      LAG "        linux-bond: {mode: 802.3ad}\n",
      { "test.yaml:8:9: 'linux-bond' applies only with vf-lag auto or "
        "require: a plain OVS bond has no Linux bond; set 'vf-lag: auto' on "
        "bond 'bond0', or remove 'linux-bond'" }, 1 },
    { "fallback invalid",
      LAG "        vf-lag: auto\n        fallback: balance_tcp\n"
      "      - {name: b1, type: bond, members: [a, b], vf-lag: auto, "
      "fallback: 802.3ad}\n",
      { "invalid fallback 'balance_tcp'; did you mean 'balance-tcp'? "
        "(allowed: balance-tcp, balance-slb, active-backup)",
        "test.yaml:10:73: '802.3ad' is a Linux bond mode, and 'fallback' is "
        "the mode of the OVS bond (balance-tcp, balance-slb or "
        "active-backup, with 'lacp: active' for LACP); set the Linux bond's "
        "mode with 'linux-bond: {mode: 802.3ad}'" }, 2 },
    { "vf-lag on a netdev bridge",
      BR "    ports:\n"
      "      - {name: bond0, type: bond, members: [p0, p1], vf-lag: auto}\n"
      "    datapath-type: netdev\n",
      { "test.yaml:5:62: VF-LAG on bond 'bond0' needs the kernel datapath, "
        "and bridge 'br0' has 'datapath-type: netdev': the NIC offloads "
        "only the kernel datapath's flows (TC flower); set 'datapath-type: "
        "system' on the bridge, or 'vf-lag: off'" }, 1 },
    { "vf-lag member in legacy mode",
      SRIOV "  - {pf: p0, eswitch: switchdev}\n"
      "  - {pf: p1, eswitch: legacy}\n"
      "bridges:\n  - name: br0\n    ports:\n"
      "      - {name: bond0, type: bond, members: [p0, p1], vf-lag: auto}\n",
      { "test.yaml:8:49: member 'p1' of VF-LAG bond 'bond0' has 'eswitch: "
        "legacy' in its sriov entry (line 4); VF-LAG needs both PFs in "
        "switchdev mode: set 'eswitch: switchdev' there, or 'vf-lag: "
        "off'" }, 1 },
    { "vf-lag fallback balance-tcp without lacp",
      LAG "        vf-lag: auto\n        lacp: off\n"
      "      - {name: b1, type: bond, members: [a, b], vf-lag: auto, "
      "fallback: balance-tcp, lacp: off}\n",
      { "test.yaml:9:15: the fallback OVS bond of 'bond0' would be "
        "balance-tcp (the default) without LACP, and OVS drops the traffic "
        "such a bond receives; remove 'lacp: off', or set 'fallback: "
        "active-backup' or 'balance-slb'",
        "test.yaml:10:73: the fallback OVS bond of 'b1' would be balance-tcp "
        "without LACP" }, 2 },
    { "vf-lag lacp keys without lacp",
      LAG "        vf-lag: auto\n        fallback: active-backup\n"
      "        lacp: off\n        lacp-time: fast\n",
      { "test.yaml:11:9: 'lacp-time' has no effect without LACP" }, 1 },
    { "no follow-on errors after an invalid vf-lag",
      LAG "        vf-lag: maybe\n        fallback: balance-slb\n"
      "        linux-bond: {mode: 802.3ad}\n",
      { "invalid vf-lag 'maybe'; use one of: off, auto, require" }, 1 },
    { "linux-bond not a mapping",
      LAG "        vf-lag: auto\n        linux-bond: 802.3ad\n",
      { "test.yaml:9:21: 'linux-bond' must be a mapping, not a scalar; write "
        "e.g. 'linux-bond: {mode: 802.3ad, miimon: 100}'" }, 1 },
    { "linux-bond modes mlx5 rejects",
      PORTS "      - {name: l0, type: bond, members: [a0, a1], vf-lag: auto, "
      "linux-bond: {mode: balance-rr}}\n"
      "      - {name: l1, type: bond, members: [b0, b1], vf-lag: auto, "
      "linux-bond: {mode: broadcast}}\n"
      "      - {name: l2, type: bond, members: [c0, c1], vf-lag: auto, "
      "linux-bond: {mode: balance-tlb}}\n"
      "      - {name: l3, type: bond, members: [d0, d1], vf-lag: auto, "
      "linux-bond: {mode: balance-alb}}\n",
      { "test.yaml:5:84: Linux bond mode 'balance-rr' cannot carry a VF-LAG: "
        "mlx5 activates the LAG only for active-backup, balance-xor and "
        "802.3ad, and rejects round-robin transmission; use one of those "
        "three",
        "Linux bond mode 'broadcast' cannot carry a VF-LAG",
        "rejects the transmit load balancing of balance-tlb",
        "rejects the adaptive load balancing of balance-alb" }, 4 },
    { "linux-bond mode by number or OVS name",
      PORTS "      - {name: l0, type: bond, members: [a0, a1], vf-lag: auto, "
      "linux-bond: {mode: 4}}\n"
      "      - {name: l1, type: bond, members: [b0, b1], vf-lag: auto, "
      "linux-bond: {mode: 0}}\n"
      "      - {name: l2, type: bond, members: [c0, c1], vf-lag: auto, "
      "linux-bond: {mode: balance-tcp}}\n",
      { "test.yaml:5:84: Linux bond mode 4 is written as a number; write its "
        "name, 'mode: 802.3ad'",
        "Linux bond mode 0 is written as a number; write its name, 'mode: "
        "balance-rr' (which VF-LAG does not support either)",
        "'balance-tcp' is an OVS bond mode, not a Linux bond mode; the Linux "
        "bond of a VF-LAG takes active-backup, balance-xor or 802.3ad (set "
        "the OVS fallback bond's mode with 'fallback: balance-tcp' on the "
        "bond port)" }, 3 },
    { "linux-bond mode typo",
      LAG "        vf-lag: auto\n        linux-bond:\n"
      "          mode: 802.3ab\n"
      "      - {name: b1, type: bond, members: [a, b], vf-lag: auto, "
      "linux-bond: {mode: lacp}}\n",
      { "test.yaml:10:17: invalid mode '802.3ab'; did you mean '802.3ad'? "
        "(allowed: active-backup, balance-xor, 802.3ad)",
        "invalid mode 'lacp'; did you mean '802.3ad'?" }, 2 },
    { "linux-bond options that need another mode",
      LAG "        vf-lag: auto\n        linux-bond:\n"
      "          mode: active-backup\n          lacp-rate: fast\n"
      "          xmit-hash-policy: layer2+3\n",
      { "test.yaml:11:11: 'lacp-rate' applies only to mode 802.3ad, and the "
        "Linux bond of port 'bond0' has mode active-backup; remove "
        "'lacp-rate' or set 'mode: 802.3ad'",
        "test.yaml:12:11: 'xmit-hash-policy' applies only to modes "
        "balance-xor and 802.3ad, and the Linux bond of port 'bond0' has "
        "mode active-backup; remove 'xmit-hash-policy' or change the "
        "mode" }, 2 },
    { "linux-bond lacp-rate with balance-xor",
      LAG "        vf-lag: auto\n"
      "        linux-bond: {mode: balance-xor, lacp-rate: slow}\n",
      { "'lacp-rate' applies only to mode 802.3ad, and the Linux bond of "
        "port 'bond0' has mode balance-xor" }, 1 },
    { "linux-bond invalid values",
      LAG "        vf-lag: auto\n        linux-bond:\n"
      "          xmit-hash-policy: layer34\n          lacp-rate: quick\n"
      "          miimon: -1\n          updelay: x\n",
      { "invalid xmit-hash-policy 'layer34'; did you mean 'layer3+4'? "
        "(allowed: layer2, layer2+3, layer3+4, encap2+3, encap3+4)",
        "invalid lacp-rate 'quick'; use one of: slow, fast",
        "'miimon' must be at least 0, not -1",
        "'updelay' must be an integer, not 'x'" }, 4 },
    { "linux-bond delays and miimon",
      LAG "        vf-lag: auto\n        linux-bond: {updelay: 150}\n"
      "      - {name: b1, type: bond, members: [a, b], vf-lag: auto, "
      "linux-bond: {miimon: 0, downdelay: 100}}\n"
      "      - {name: b2, type: bond, members: [c, d], vf-lag: auto, "
      "linux-bond: {miimon: 50, updelay: 75}}\n",
      { "test.yaml:9:22: 'updelay' 150 is not a multiple of miimon 100 (the "
        "default); the kernel would round it down to 100 ms: write a "
        "multiple of 100",
        "'downdelay' has no effect with 'miimon: 0', which turns link "
        "monitoring off; set e.g. 'miimon: 100', or remove 'downdelay'",
        "'updelay' 75 is not a multiple of miimon 50; the kernel would "
        "round it down to 50 ms" }, 3 },
    { "linux-bond aliases and misplaced keys",
      LAG "        vf-lag: auto\n        linux-bond:\n"
      "          bond-mode: 802.3ad\n          lacp-time: fast\n"
      "          miimon-interval: 100\n          lacp: active\n",
      { "test.yaml:10:11: unknown key 'bond-mode' under 'linux-bond:' of "
        "port 'bond0'; did you mean 'mode'?",
        "unknown key 'lacp-time' under 'linux-bond:' of port 'bond0'; did "
        "you mean 'lacp-rate'?",
        "unknown key 'miimon-interval' under 'linux-bond:' of port 'bond0'; "
        "did you mean 'miimon'?",
        "lacp has no effect in the Linux bond (linux-bond); it is a "
        "per-bond Port column (lacp): set 'lacp: active' on the bond "
        "port" }, 4 },
    { "no follow-on errors after an invalid linux-bond mode",
      LAG "        vf-lag: auto\n"
      "        linux-bond: {mode: bogus, lacp-rate: fast, "
      "xmit-hash-policy: layer2, miimon: x, updelay: 150}\n",
      { "invalid mode 'bogus'", "'miimon' must be an integer" }, 2 },

    /* Representors. */
    { "representors with name and type",
      PORTS "      - {name: reps, type: representor, "
      "representors: {pf: p0, vfs: all}}\n",
      { "test.yaml:5:10: 'name' cannot be combined with 'representors': a "
        "representors entry stands for the representor ports of the listed "
        "VFs, whose names the NIC layer finds; remove 'name' (a single "
        "representor netdev is a port of its own: '- {name: NETDEV, type: "
        "representor}')",
        "test.yaml:5:22: 'type' cannot be combined with 'representors'" },
      2 },
    { "representors with other keys",
      PORTS "      - representors: {pf: p0, vfs: all}\n        tag: 10\n",
      { "test.yaml:6:9: 'tag' cannot be combined with 'representors': a "
        "representors entry takes no other key; remove 'tag', or list the "
        "representors that need it as ports of their own with 'type: "
        "representor'" }, 1 },
    { "representors without pf or vfs",
      PORTS "      - representors: {vfs: all}\n"
      "      - representors: {pf: p0}\n",
      { "test.yaml:5:23: this representors entry has no 'pf'; add the PF's "
        "netdev name or PCI address, e.g. 'pf: enp129s0f0np0'",
        "test.yaml:6:23: this representors entry has no 'vfs'; add 'vfs: "
        "all' or a list of VF indexes, e.g. 'vfs: [0, 1]'" }, 2 },
    { "representors not a mapping",
      PORTS "      - representors: p0\n      - representors:\n",
      { "test.yaml:5:23: 'representors' must be a mapping with 'pf' and "
        "'vfs', not a scalar; write e.g. 'representors: {pf: "
        "enp129s0f0np0, vfs: all}'",
        "test.yaml:6:22: 'representors' has no value" }, 2 },
    { "representors vfs invalid",
      PORTS "      - representors: {pf: p0, vfs: 3}\n"
      "      - representors: {pf: p1, vfs: []}\n"
      "      - representors: {pf: p2, vfs: {a: b}}\n"
      "      - representors: {pf: p3, vfs: }\n",
      { "test.yaml:5:37: 'vfs' must be 'all' or a list of VF indexes, not "
        "'3'; write e.g. 'vfs: [3]' or 'vfs: all'",
        "'vfs' is an empty list; list at least one VF index, or write 'vfs: "
        "all' (to have no representors of this PF, remove the entry)",
        "'vfs' must be 'all' or a list of VF indexes, not a mapping",
        "'vfs' has no value; write 'vfs: all' or a list of VF indexes" },
      4 },
    { "representors vf indexes invalid",
      PORTS "      - representors: {pf: p0, vfs: [0, 2048, -1, \"1\", 0]}\n",
      { "'vfs' must be in the range 0 to 2047, not 2048",
        "'vfs' must be in the range 0 to 2047, not -1",
        "'vfs' must be an integer, not the quoted string \"1\"",
        "test.yaml:5:56: VF 0 is listed twice in 'vfs'; list each VF "
        "once" }, 4 },
    { "representors pf invalid",
      PORTS "      - representors: {pf: \"81:00.1\", vfs: all}\n",
      { "pf '81:00.1' lacks the PCI domain" }, 1 },
    { "representors keys misspelled",
      PORTS "      - representors: {pf: p0, vf: 1}\n"
      "      - representors: {name: p1, vfs: all, numvfs: 2}\n",
      { "unknown key 'vf' in the representors of PF 'p0'; did you mean "
        "'vfs'?", "this representors entry has no 'vfs'",
        "unknown key 'name' under 'representors:'; did you mean 'pf'?",
        "numvfs has no effect in a representors entry; it is an SR-IOV "
        "setting of a PF" }, 5 },
    { "unknown key in representors",
      PORTS "      - representors: {pf: p0, vfs: all, colour: blue}\n",
      { "unknown key 'colour' in the representors of PF 'p0'; remove it "
        "(known keys here: pf, vfs)" }, 1 },
    { "representors overlap",
      PORTS "      - representors: {pf: p0, vfs: [0, 1]}\n"
      "      - representors: {pf: p1, vfs: [1]}\n"
      "      - representors: {pf: p0, vfs: [2, 1]}\n",
      { "test.yaml:7:37: the representor of VF 1 of PF 'p0' is already in "
        "the representors entry at line 5, column 9; list each VF of a PF "
        "in one entry only" }, 1 },
    { "representors overlap with all across bridges",
      HEAD "bridges:\n  - name: br0\n"
      "    ports: [{representors: {pf: p0, vfs: all}}]\n"
      "  - name: br1\n"
      "    ports: [{representors: {pf: p0, vfs: [3]}}]\n",
      { "test.yaml:6:42: the representor of VF 3 of PF 'p0' is already in "
        "the representors entry at line 4, column 13, which has 'vfs: all'; "
        "list each VF of a PF in one entry only" }, 1 },
    { "representors of a legacy PF",
      SRIOV "  - {pf: p0, numvfs: 4, eswitch: legacy}\n"
      "bridges:\n  - name: br0\n"
      "    ports: [{representors: {pf: p0, vfs: all}}]\n",
      { "test.yaml:6:33: PF 'p0' has representors only in switchdev mode, "
        "and its sriov entry (line 3) has 'eswitch: legacy'; set 'eswitch: "
        "switchdev' there, or remove this representors entry" }, 1 },
    { "representors beyond numvfs",
      SRIOV "  - {pf: p0, numvfs: 2}\n"
      "bridges:\n  - name: br0\n"
      "    ports: [{representors: {pf: p0, vfs: [1, 2, 5]}}]\n",
      { "test.yaml:6:46: VF 2 of PF 'p0' does not exist with 'numvfs: 2' in "
        "its sriov entry (line 3); remove it from 'vfs', or raise numvfs",
        "test.yaml:6:49: VF 5 of PF 'p0'" }, 2 },
    { "type representors",
      PORTS "      - {name: r0, type: representors}\n",
      { "test.yaml:5:26: 'representors' is not a port type: the "
        "representors of a PF are a port entry of their own, '- "
        "representors: {pf: PF, vfs: all}', with no name and no type; for "
        "one representor netdev write 'type: representor'" }, 1 },

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
    assert_int_equal(cfg->n_sriov, 0);
    assert_null(cfg->sriov);
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
    assert_int_equal(port->vf_lag, OFFLOAD_VF_LAG_OFF);
    assert_null(port->fallback);
    assert_null(port->linux_bond.mode);
    assert_int_equal(port->linux_bond.miimon, -1);
    assert_null(port->linux_bond.lacp_rate);
    assert_null(port->linux_bond.xmit_hash_policy);
    assert_int_equal(port->linux_bond.updelay, -1);
    assert_int_equal(port->linux_bond.downdelay, -1);
    assert_null(port->rep_pf);
    assert_false(port->rep_all_vfs);
    assert_null(port->rep_vfs);
    assert_int_equal(port->n_rep_vfs, 0);

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

static const char nic_yaml[] =
    "version: 1\n"
    "sriov:\n"
    "  - pf: enp129s0f0np0\n"
    "    numvfs: 4\n"
    "    allow-destroy: false\n"
    "    eswitch: switchdev\n"
    "    hw-tc-offload: true\n"
    "    vf-driver: mlx5_core\n"
    "    autoprobe: false\n"
    "    vfs:\n"
    "      - {index: 0, mac: \"02:00:00:00:00:01\", trust: true, "
    "spoofchk: false, driver: vfio-pci}\n"
    "      - index: 3\n"
    "        mac: 02:AB:00:00:00:02\n"
    "  - pf: \"0000:81:00.1\"\n"
    "    numvfs: 8\n"
    "    allow-destroy: true\n"
    "    vf-driver: none\n"
    "  - pf: enp129s0f1np1\n"
    "bridges:\n"
    "  - name: vmbr1\n"
    "    ports:\n"
    "      - name: bond0\n"
    "        type: bond\n"
    "        members: [enp129s0f0np0, enp129s0f1np1]\n"
    "        vf-lag: auto\n"
    "        fallback: balance-tcp\n"
    "        linux-bond:\n"
    "          mode: 802.3ad\n"
    "          miimon: 100\n"
    "          lacp-rate: fast\n"
    "          xmit-hash-policy: layer3+4\n"
    "          updelay: 0\n"
    "          downdelay: 200\n"
    "        lacp: active\n"
    "        lacp-time: fast\n"
    "      - representors: {pf: enp129s0f0np0, vfs: all}\n"
    "      - representors: {pf: \"0000:81:00.1\", vfs: [2, 0]}\n"
    "      - representors: {pf: enp3s0f0, vfs: [2, 0]}\n"
    "      - name: bond1\n"
    "        type: bond\n"
    "        members: [a0, a1]\n"
    "        vf-lag: require\n"
    "        fallback: active-backup\n"
    "        linux-bond:\n"
    "      - {name: bond2, type: bond, members: [b0, b1], vf-lag: off, "
    "bond-mode: balance-slb}\n"
    "      - {name: bond3, type: bond, members: [c0, c1], vf-lag: auto, "
    "linux-bond: {mode: active-backup}}\n"
    "  - name: vmbr2\n"
    "    ports:\n"
    "      - representors: {pf: enp3s0f0, vfs: [1, 3]}\n";

static void
test_nic(void **state OVS_UNUSED)
{
    struct offload_config *cfg = parse_ok(nic_yaml);
    const struct offload_sriov *s;
    const struct offload_bridge *br;
    const struct offload_port *port;

    assert_int_equal(cfg->n_sriov, 3);

    s = &cfg->sriov[0];
    assert_string_equal(s->pf, "enp129s0f0np0");
    assert_int_equal(s->mark.line, 3);
    assert_int_equal(s->mark.column, 5);
    assert_int_equal(s->numvfs, 4);
    assert_false(s->allow_destroy);
    assert_string_equal(s->eswitch, "switchdev");
    assert_int_equal(s->hw_tc_offload, OFFLOAD_TRUE);
    assert_string_equal(s->vf_driver, "mlx5_core");
    assert_int_equal(s->autoprobe, OFFLOAD_FALSE);
    assert_int_equal(s->n_vfs, 2);
    assert_int_equal(s->vfs[0].index, 0);
    assert_int_equal(s->vfs[0].mark.line, 11);
    assert_string_equal(s->vfs[0].mac, "02:00:00:00:00:01");
    assert_int_equal(s->vfs[0].trust, OFFLOAD_TRUE);
    assert_int_equal(s->vfs[0].spoofchk, OFFLOAD_FALSE);
    assert_string_equal(s->vfs[0].driver, "vfio-pci");
    assert_int_equal(s->vfs[1].index, 3);
    assert_string_equal(s->vfs[1].mac, "02:ab:00:00:00:02");
    assert_int_equal(s->vfs[1].trust, OFFLOAD_UNSET);
    assert_int_equal(s->vfs[1].spoofchk, OFFLOAD_UNSET);
    assert_null(s->vfs[1].driver);

    s = &cfg->sriov[1];
    assert_string_equal(s->pf, "0000:81:00.1");
    assert_int_equal(s->numvfs, 8);
    assert_true(s->allow_destroy);
    assert_null(s->eswitch);
    assert_string_equal(s->vf_driver, "none");
    assert_int_equal(s->n_vfs, 0);
    assert_null(s->vfs);

    /* Defaults. */
    s = &cfg->sriov[2];
    assert_string_equal(s->pf, "enp129s0f1np1");
    assert_int_equal(s->numvfs, -1);
    assert_false(s->allow_destroy);
    assert_null(s->eswitch);
    assert_int_equal(s->hw_tc_offload, OFFLOAD_UNSET);
    assert_null(s->vf_driver);
    assert_int_equal(s->autoprobe, OFFLOAD_UNSET);
    assert_int_equal(s->n_vfs, 0);

    br = offload_config_find_bridge(cfg, "vmbr1");
    assert_int_equal(br->n_ports, 7);

    port = &br->ports[0];
    assert_string_equal(port->name, "bond0");
    assert_int_equal(port->type, OFFLOAD_PORT_BOND);
    assert_int_equal(port->vf_lag, OFFLOAD_VF_LAG_AUTO);
    assert_string_equal(port->fallback, "balance-tcp");
    assert_null(port->bond_mode);
    assert_string_equal(port->linux_bond.mode, "802.3ad");
    assert_int_equal(port->linux_bond.miimon, 100);
    assert_string_equal(port->linux_bond.lacp_rate, "fast");
    assert_string_equal(port->linux_bond.xmit_hash_policy, "layer3+4");
    assert_int_equal(port->linux_bond.updelay, 0);
    assert_int_equal(port->linux_bond.downdelay, 200);
    assert_string_equal(port->lacp, "active");
    assert_string_equal(port->lacp_time, "fast");
    assert_int_equal(port->updelay, -1);
    assert_null(port->rep_pf);

    port = &br->ports[1];
    assert_int_equal(port->type, OFFLOAD_PORT_REPRESENTORS);
    assert_string_equal(port->name, "representors:enp129s0f0np0");
    assert_string_equal(port->rep_pf, "enp129s0f0np0");
    assert_true(port->rep_all_vfs);
    assert_int_equal(port->n_rep_vfs, 0);
    assert_null(port->rep_vfs);
    assert_int_equal(port->mark.line, 36);
    assert_int_equal(port->mark.column, 9);
    assert_int_equal(port->tag, -1);
    assert_int_equal(port->vf_lag, OFFLOAD_VF_LAG_OFF);

    port = &br->ports[2];
    assert_int_equal(port->type, OFFLOAD_PORT_REPRESENTORS);
    assert_string_equal(port->name, "representors:0000:81:00.1");
    assert_string_equal(port->rep_pf, "0000:81:00.1");
    assert_false(port->rep_all_vfs);
    assert_int_equal(port->n_rep_vfs, 2);
    assert_int_equal(port->rep_vfs[0], 0);
    assert_int_equal(port->rep_vfs[1], 2);

    /* The same VFs of another PF. */
    port = &br->ports[3];
    assert_string_equal(port->rep_pf, "enp3s0f0");
    assert_int_equal(port->n_rep_vfs, 2);

    /* 'require' with a fallback; 'linux-bond' empty: all defaults. */
    port = &br->ports[4];
    assert_string_equal(port->name, "bond1");
    assert_int_equal(port->vf_lag, OFFLOAD_VF_LAG_REQUIRE);
    assert_string_equal(port->fallback, "active-backup");
    assert_null(port->linux_bond.mode);
    assert_int_equal(port->linux_bond.miimon, -1);
    assert_null(port->linux_bond.lacp_rate);
    assert_null(port->linux_bond.xmit_hash_policy);
    assert_int_equal(port->linux_bond.updelay, -1);
    assert_int_equal(port->linux_bond.downdelay, -1);
    assert_null(port->lacp);

    port = &br->ports[5];
    assert_int_equal(port->vf_lag, OFFLOAD_VF_LAG_OFF);
    assert_string_equal(port->bond_mode, "balance-slb");
    assert_null(port->fallback);

    port = &br->ports[6];
    assert_int_equal(port->vf_lag, OFFLOAD_VF_LAG_AUTO);
    assert_null(port->fallback);
    assert_string_equal(port->linux_bond.mode, "active-backup");

    /* Other VFs of a PF in another bridge. */
    br = offload_config_find_bridge(cfg, "vmbr2");
    assert_int_equal(br->n_ports, 1);
    assert_string_equal(br->ports[0].name, "representors:enp3s0f0");
    assert_int_equal(br->ports[0].n_rep_vfs, 2);
    assert_int_equal(br->ports[0].rep_vfs[0], 1);
    assert_int_equal(br->ports[0].rep_vfs[1], 3);

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
    assert_string_equal(
        offload_port_type_to_string(OFFLOAD_PORT_REPRESENTORS),
        "representors");
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
    } else if (strstr(relative, "vf-lag")) {
        const struct offload_bridge *br;
        const struct offload_port *bond;

        assert_int_equal(cfg->global.hw_offload, OFFLOAD_TRUE);
        assert_string_equal(cfg->global.tc_policy, "skip_sw");
        assert_int_equal(cfg->n_sriov, 2);
        for (size_t i = 0; i < 2; i++) {
            assert_int_equal(cfg->sriov[i].numvfs, 4);
            assert_string_equal(cfg->sriov[i].eswitch, "switchdev");
            assert_int_equal(cfg->sriov[i].hw_tc_offload, OFFLOAD_TRUE);
        }
        assert_string_equal(cfg->sriov[0].pf, "enp129s0f0np0");
        assert_string_equal(cfg->sriov[1].pf, "enp129s0f1np1");

        br = offload_config_find_bridge(cfg, "vmbr1");
        assert_non_null(br);
        assert_string_equal(br->datapath_type, "system");
        assert_int_equal(br->n_ports, 3);
        bond = &br->ports[0];
        assert_string_equal(bond->name, "bond0");
        assert_int_equal(bond->type, OFFLOAD_PORT_BOND);
        assert_int_equal(bond->n_members, 2);
        assert_string_equal(bond->members[0], cfg->sriov[0].pf);
        assert_string_equal(bond->members[1], cfg->sriov[1].pf);
        assert_int_equal(bond->vf_lag, OFFLOAD_VF_LAG_AUTO);
        assert_string_equal(bond->fallback, "balance-tcp");
        assert_null(bond->bond_mode);
        assert_string_equal(bond->linux_bond.mode, "802.3ad");
        assert_string_equal(bond->lacp, "active");
        for (size_t i = 0; i < 2; i++) {
            const struct offload_port *reps = &br->ports[i + 1];

            assert_int_equal(reps->type, OFFLOAD_PORT_REPRESENTORS);
            assert_string_equal(reps->rep_pf, cfg->sriov[i].pf);
            assert_true(reps->rep_all_vfs);
        }
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

/* A switchdev PF implies hw-offload=true unless the file says otherwise;
 * legacy SR-IOV does not. */
static void
test_hw_offload_implied(void **state OVS_UNUSED)
{
    static const struct {
        const char *yaml;
        enum offload_tristate expected;
    } cases[] = {
        { SRIOV "  - {pf: p0, eswitch: switchdev}\n", OFFLOAD_TRUE },
        { SRIOV "  - {pf: p0, eswitch: legacy}\n", OFFLOAD_UNSET },
        { SRIOV "  - {pf: p0, numvfs: 4}\n", OFFLOAD_UNSET },
        { HEAD "ovs: {hw-offload: false}\nsriov:\n"
          "  - {pf: p0, eswitch: switchdev}\n", OFFLOAD_FALSE },
        { HEAD, OFFLOAD_UNSET },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        struct offload_config *cfg = parse_ok(cases[i].yaml);

        assert_int_equal(cfg->global.hw_offload, cases[i].expected);
        offload_config_destroy(cfg);
    }
}

int
main(void)
{
    static const char *const examples[] = {
        "contrib/examples/sandbox.yaml",
        "contrib/examples/full.yaml",
        "contrib/examples/vf-lag.yaml",
    };
    static const struct CMUnitTest fixed_tests[] = {
        cmocka_unit_test(test_minimal),
        cmocka_unit_test(test_full),
        cmocka_unit_test(test_nic),
        cmocka_unit_test(test_hw_offload_implied),
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
