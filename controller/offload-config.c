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
#include "controller/offload-config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "controller/yaml-tree.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "smap.h"
#include "util.h"

/* The number of elements of 'ARRAY'.  OVS's ARRAY_SIZE needs the GNU
 * 'typeof' extension, which -std=c11 does not provide. */
#define N_ELEMS(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

/* How the parser works.
 *
 * The YAML text becomes a tree (yaml-tree.h).  parse_mapping() then walks
 * one mapping of the tree with the table of keys of its place (top level,
 * 'ovs:', a bridge, a port, an sriov entry, a VF, a 'linux-bond:', a
 * 'representors:'): each known key is parsed according to its kind
 * (integer with a range, enumeration, interface name, ...) into the field
 * at its offset in the model, or by a custom handler.  Keys that are not
 * known in that place go through report_unknown_key(), which uses the
 * table of key aliases (a common wrong name in one place, such as 'name'
 * for 'pf' in an sriov entry), the table of misplaced keys (keys that
 * belong elsewhere, such as bond keys under 'ovs:') and the tables of the
 * other places to tell where the key belongs, or suggests the closest known
 * key.
 *
 * Every error is recorded with its position and parsing goes on, so that
 * one run reports all the errors of a file.  The rules that span the whole
 * file (patch peers, VF-LAG bonds against the sriov entries of their
 * members, representors against the sriov entry of their PF) are checked
 * once it is parsed, while the tree still exists. */

/* Where a key is written. */
enum place {
    PLACE_TOP,                  /* Top level of the file. */
    PLACE_OVS,                  /* Under 'ovs:'. */
    PLACE_BRIDGE,               /* In a bridge: bridges[]. */
    PLACE_PORT,                 /* In a port: bridges[].ports[]. */
    PLACE_SRIOV,                /* In an sriov entry: sriov[]. */
    PLACE_VF,                   /* In a VF entry: sriov[].vfs[]. */
    PLACE_LINUX_BOND,           /* In bridges[].ports[].linux-bond. */
    PLACE_REPRESENTORS,         /* In bridges[].ports[].representors. */
    PLACE_OVS_OTHER_CONFIG,     /* In 'other-config' under 'ovs:'. */
    PLACE_BRIDGE_OTHER_CONFIG,  /* In a bridge's 'other-config'. */
    PLACE_PORT_OTHER_CONFIG,    /* In a port's 'other-config'. */
    PLACE_EXTERNAL_IDS,         /* In any 'external-ids'. */
};

enum value_kind {
    V_STRING,                   /* Any non-empty scalar, into a char *. */
    V_ENUM,                     /* One of 'choices', into a char *. */
    V_INT,                      /* Integer in min..max, into an int. */
    V_LLINT,                    /* Integer in min..max, into a long long. */
    V_BOOL,                     /* true or false, into a bool. */
    V_TRISTATE,                 /* true or false, into a tristate. */
    V_SMAP,                     /* Mapping of strings, into a struct smap. */
    V_RESERVED,                 /* Reserved for a later release. */
    V_CUSTOM,                   /* Parsed by 'parse'. */
};

struct parser;
struct key_def;

/* Custom parser for the value of 'pair', for the object 'obj'. */
typedef void key_parse_func(struct parser *, const struct key_def *,
                            const struct ytree_pair *pair, void *obj);

/* Port types, as bits, to restrict a port key to some types. */
#define PT_BIT(TYPE) (1u << (TYPE))
#define PT_BOND PT_BIT(OFFLOAD_PORT_BOND)
#define PT_PATCH PT_BIT(OFFLOAD_PORT_PATCH)
#define PT_ALL (PT_BIT(OFFLOAD_PORT_SYSTEM) | PT_BIT(OFFLOAD_PORT_INTERNAL) \
                | PT_PATCH | PT_BOND | PT_BIT(OFFLOAD_PORT_REPRESENTOR))

/* A key of the schema. */
struct key_def {
    const char *name;
    enum value_kind kind;
    size_t offset;              /* Of the field in the object. */
    long long int min;          /* V_INT, V_LLINT. */
    long long int max;          /* V_INT, V_LLINT. */
    const char *const *choices; /* V_ENUM: NULL-terminated. */
    enum place map_place;       /* V_SMAP: the place of the map's keys. */
    bool early;                 /* Parsed before the other keys. */
    unsigned int port_types;    /* PLACE_PORT: PT_* it applies to. */
    const char *example;        /* A correct line, for messages. */
    const char *reserved;       /* V_RESERVED: why and what to do. */
    key_parse_func *parse;      /* V_CUSTOM. */
};

/* A key that is often written in the wrong place. */
enum ovs_name_kind {
    OVS_NAME_COLUMN,            /* A Port column, e.g. bond_mode. */
    OVS_NAME_OTHER_CONFIG,      /* An other_config key, e.g. lacp-time. */
    OVS_NAME_NONE,              /* Only a key of our schema. */
};

struct misplaced_key {
    const char *name;           /* As OVS or our schema spells it. */
    enum place home;            /* Where it is written: PLACE_PORT (a
                                 * bond or representors key), PLACE_OVS,
                                 * PLACE_SRIOV, PLACE_LINUX_BOND or
                                 * PLACE_REPRESENTORS. */
    enum ovs_name_kind ovs_kind;
    const char *schema_key;     /* The key to use in our schema. */
    const char *example;        /* E.g. "lacp-time: fast". */
    const char *what;           /* What it is, in OVS terms. */
    const char *where;          /* Where to set it: "under 'ovs:'". */
};

/* A wrong name often used for a key of one place, e.g. 'name' for 'pf' in
 * an sriov entry.  Matched with '_' for '-'. */
struct key_alias {
    enum place place;
    const char *alias;
    const char *key;
};

/* A use of an interface name, to detect clashes. */
enum name_kind {
    NAME_BRIDGE,
    NAME_PORT,
    NAME_MEMBER,
};

struct name_use {
    enum name_kind kind;
    char *role;                 /* E.g. "a port of bridge 'br0'". */
    char *where;                /* E.g. "bridge 'br0'". */
    int bridge_id;              /* Index of the bridge in the file. */
    int port_id;                /* Serial number of the port in the file. */
    int line;
    int column;
};

/* A patch port's peer, checked once the whole file is parsed. */
struct peer_ref {
    const struct offload_bridge *bridge;
    const struct offload_port *port;
    int line;                   /* Of the 'peer' value. */
    int column;
};

/* A bond port with VF-LAG, or a representors entry, checked against the
 * sriov entries once the whole file is parsed.  'node' is the port's
 * mapping, or the value of 'representors'. */
struct cross_ref {
    const struct offload_bridge *bridge;
    const struct offload_port *port;
    const struct ytree_node *node;
};

/* A VF's MAC address, to detect one MAC on two VFs. */
struct mac_use {
    const char *pf;
    int vf;
    int line;
    int column;
};

struct parser {
    struct ytree_diags diags;
    struct shash names;         /* Interface name -> struct name_use *. */

    struct peer_ref *peers;
    size_t n_peers;
    size_t allocated_peers;

    struct cross_ref *lags;     /* Bond ports with vf-lag auto|require. */
    size_t n_lags;
    size_t allocated_lags;
    struct cross_ref *reps;     /* Representors entries. */
    size_t n_reps;
    size_t allocated_reps;
    struct shash macs;          /* VF MAC -> struct mac_use *. */

    /* The bridge and port being parsed, for messages. */
    struct offload_bridge *bridge;
    int bridge_id;
    struct offload_port *port;
    int port_id;
    bool port_type_known;       /* False if 'type' has an invalid value. */
    bool vf_lag_known;          /* False if 'vf-lag' has an invalid value. */

    /* The sriov entry and VF being parsed, for messages. */
    struct offload_sriov *sriov;
    struct offload_vf *vf;
};

static key_parse_func parse_version;
static key_parse_func parse_ovs;
static key_parse_func parse_bridges;
static key_parse_func parse_bridge_name;
static key_parse_func parse_ports;
static key_parse_func parse_port_name;
static key_parse_func parse_port_type;
static key_parse_func parse_members;
static key_parse_func parse_trunks;
static key_parse_func parse_peer;
static key_parse_func parse_vf_lag;
static key_parse_func parse_fallback;
static key_parse_func parse_linux_bond;
static key_parse_func parse_linux_bond_mode;
static key_parse_func parse_representors;
static key_parse_func parse_rep_vfs;
static key_parse_func parse_sriov;
static key_parse_func parse_pf;
static key_parse_func parse_driver;
static key_parse_func parse_vfs;
static key_parse_func parse_mac;

static const char *const tc_policies[] = {
    "none", "skip_sw", "skip_hw", NULL
};
static const char *const datapath_types[] = { "system", "netdev", NULL };
static const char *const fail_modes[] = { "standalone", "secure", NULL };
static const char *const bond_modes[] = {
    "balance-tcp", "balance-slb", "active-backup", NULL
};
static const char *const lacp_modes[] = { "active", "passive", "off", NULL };
static const char *const lacp_times[] = { "fast", "slow", NULL };
static const char *const detect_modes[] = { "carrier", "miimon", NULL };
static const char *const eswitch_modes[] = { "legacy", "switchdev", NULL };

/* Indexed by enum offload_vf_lag. */
static const char *const vf_lag_modes[] = { "off", "auto", "require", NULL };

/* The Linux bond modes with which mlx5 activates a VF-LAG: their transmit
 * types are active-backup and hash (facts.md 1.1). */
static const char *const linux_bond_modes[] = {
    "active-backup", "balance-xor", "802.3ad", NULL
};
static const char *const lacp_rates[] = { "slow", "fast", NULL };
static const char *const xmit_hash_policies[] = {
    "layer2", "layer2+3", "layer3+4", "encap2+3", "encap3+4", NULL
};

/* Indexed by enum offload_port_type. */
static const char *const port_type_names[] = {
    "system", "internal", "patch", "bond", "representor", NULL
};

static const struct key_def top_keys[] = {
    { .name = "version", .kind = V_CUSTOM, .parse = parse_version,
      .example = "version: 1" },
    { .name = "owner", .kind = V_STRING,
      .offset = offsetof(struct offload_config, owner),
      .example = "owner: ovs-offload" },
    { .name = "ovs", .kind = V_CUSTOM, .parse = parse_ovs,
      .example = "ovs: {max-idle: 10000}" },
    { .name = "sriov", .kind = V_CUSTOM, .parse = parse_sriov,
      .example = "sriov: [{pf: enp129s0f0np0, numvfs: 4}]" },
    { .name = "bridges", .kind = V_CUSTOM, .parse = parse_bridges,
      .example = "bridges: [{name: br0}]" },
};

static const struct key_def ovs_keys[] = {
    { .name = "hw-offload", .kind = V_TRISTATE,
      .offset = offsetof(struct offload_global, hw_offload),
      .example = "hw-offload: true" },
    { .name = "tc-policy", .kind = V_ENUM, .choices = tc_policies,
      .offset = offsetof(struct offload_global, tc_policy),
      .example = "tc-policy: skip_sw" },
    { .name = "max-idle", .kind = V_LLINT, .min = 500, .max = INT_MAX,
      .offset = offsetof(struct offload_global, max_idle),
      .example = "max-idle: 10000" },
    { .name = "other-config", .kind = V_SMAP,
      .map_place = PLACE_OVS_OTHER_CONFIG,
      .offset = offsetof(struct offload_global, other_config),
      .example = "other-config: {n-handler-threads: \"4\"}" },
    { .name = "external-ids", .kind = V_SMAP,
      .map_place = PLACE_EXTERNAL_IDS,
      .offset = offsetof(struct offload_global, external_ids),
      .example = "external-ids: {site: lab}" },
};

static const struct key_def bridge_keys[] = {
    { .name = "name", .kind = V_CUSTOM, .parse = parse_bridge_name,
      .early = true, .example = "name: br0" },
    { .name = "datapath-type", .kind = V_ENUM, .choices = datapath_types,
      .offset = offsetof(struct offload_bridge, datapath_type),
      .example = "datapath-type: netdev" },
    { .name = "fail-mode", .kind = V_ENUM, .choices = fail_modes,
      .offset = offsetof(struct offload_bridge, fail_mode),
      .example = "fail-mode: standalone" },
    { .name = "mtu", .kind = V_INT, .min = 68, .max = 65535,
      .offset = offsetof(struct offload_bridge, mtu),
      .example = "mtu: 9000" },
    { .name = "adopt", .kind = V_BOOL,
      .offset = offsetof(struct offload_bridge, adopt),
      .example = "adopt: true" },
    { .name = "other-config", .kind = V_SMAP,
      .map_place = PLACE_BRIDGE_OTHER_CONFIG,
      .offset = offsetof(struct offload_bridge, other_config),
      .example = "other-config: {mac-aging-time: \"300\"}" },
    { .name = "external-ids", .kind = V_SMAP,
      .map_place = PLACE_EXTERNAL_IDS,
      .offset = offsetof(struct offload_bridge, external_ids),
      .example = "external-ids: {role: uplink}" },
    { .name = "ports", .kind = V_CUSTOM, .parse = parse_ports,
      .example = "ports: [{name: eth0}]" },
};

static const struct key_def port_keys[] = {
    { .name = "name", .kind = V_CUSTOM, .parse = parse_port_name,
      .early = true, .example = "name: eth0" },
    { .name = "type", .kind = V_CUSTOM, .parse = parse_port_type,
      .early = true, .example = "type: bond" },
    { .name = "members", .kind = V_CUSTOM, .parse = parse_members,
      .port_types = PT_BOND, .example = "members: [eth0, eth1]" },
    { .name = "bond-mode", .kind = V_ENUM, .choices = bond_modes,
      .port_types = PT_BOND,
      .offset = offsetof(struct offload_port, bond_mode),
      .example = "bond-mode: balance-tcp" },
    { .name = "lacp", .kind = V_ENUM, .choices = lacp_modes,
      .port_types = PT_BOND,
      .offset = offsetof(struct offload_port, lacp),
      .example = "lacp: active" },
    { .name = "lacp-time", .kind = V_ENUM, .choices = lacp_times,
      .port_types = PT_BOND,
      .offset = offsetof(struct offload_port, lacp_time),
      .example = "lacp-time: fast" },
    { .name = "lacp-fallback-ab", .kind = V_TRISTATE, .port_types = PT_BOND,
      .offset = offsetof(struct offload_port, lacp_fallback_ab),
      .example = "lacp-fallback-ab: true" },
    { .name = "updelay", .kind = V_INT, .min = 0, .max = INT_MAX,
      .port_types = PT_BOND,
      .offset = offsetof(struct offload_port, updelay),
      .example = "updelay: 100" },
    { .name = "downdelay", .kind = V_INT, .min = 0, .max = INT_MAX,
      .port_types = PT_BOND,
      .offset = offsetof(struct offload_port, downdelay),
      .example = "downdelay: 100" },
    { .name = "detect", .kind = V_ENUM, .choices = detect_modes,
      .port_types = PT_BOND,
      .offset = offsetof(struct offload_port, detect),
      .example = "detect: miimon" },
    { .name = "miimon-interval", .kind = V_INT, .min = 1, .max = INT_MAX,
      .port_types = PT_BOND,
      .offset = offsetof(struct offload_port, miimon_interval),
      .example = "miimon-interval: 100" },
    { .name = "vf-lag", .kind = V_CUSTOM, .parse = parse_vf_lag,
      .choices = vf_lag_modes, .port_types = PT_BOND,
      .example = "vf-lag: auto" },
    { .name = "fallback", .kind = V_CUSTOM, .parse = parse_fallback,
      .choices = bond_modes, .port_types = PT_BOND,
      .offset = offsetof(struct offload_port, fallback),
      .example = "fallback: balance-tcp" },
    { .name = "linux-bond", .kind = V_CUSTOM, .parse = parse_linux_bond,
      .port_types = PT_BOND,
      .example = "linux-bond: {mode: 802.3ad, miimon: 100}" },
    { .name = "mtu", .kind = V_INT, .min = 68, .max = 65535,
      .port_types = PT_ALL & ~PT_PATCH,
      .offset = offsetof(struct offload_port, mtu),
      .example = "mtu: 9000" },
    { .name = "tag", .kind = V_INT, .min = 0, .max = 4095,
      .offset = offsetof(struct offload_port, tag),
      .example = "tag: 10" },
    { .name = "trunks", .kind = V_CUSTOM, .parse = parse_trunks,
      .example = "trunks: [10, 20]" },
    { .name = "peer", .kind = V_CUSTOM, .parse = parse_peer,
      .port_types = PT_PATCH, .example = "peer: patch-b" },
    { .name = "other-config", .kind = V_SMAP,
      .map_place = PLACE_PORT_OTHER_CONFIG,
      .offset = offsetof(struct offload_port, other_config),
      .example = "other-config: {bond-rebalance-interval: \"10000\"}" },
    { .name = "external-ids", .kind = V_SMAP,
      .map_place = PLACE_EXTERNAL_IDS,
      .offset = offsetof(struct offload_port, external_ids),
      .example = "external-ids: {vm: web1}" },
    /* Only in a port entry of its own, see parse_representors_entry(). */
    { .name = "representors", .kind = V_CUSTOM, .parse = parse_representors,
      .example = "representors: {pf: enp129s0f0np0, vfs: all}" },
};

static const struct key_def sriov_keys[] = {
    { .name = "pf", .kind = V_CUSTOM, .parse = parse_pf,
      .early = true, .offset = offsetof(struct offload_sriov, pf),
      .example = "pf: enp129s0f0np0" },
    { .name = "numvfs", .kind = V_INT, .min = 0, .max = 2048,
      .early = true, .offset = offsetof(struct offload_sriov, numvfs),
      .example = "numvfs: 4" },
    { .name = "allow-destroy", .kind = V_BOOL,
      .offset = offsetof(struct offload_sriov, allow_destroy),
      .example = "allow-destroy: true" },
    { .name = "eswitch", .kind = V_ENUM, .choices = eswitch_modes,
      .offset = offsetof(struct offload_sriov, eswitch),
      .example = "eswitch: switchdev" },
    { .name = "hw-tc-offload", .kind = V_TRISTATE,
      .offset = offsetof(struct offload_sriov, hw_tc_offload),
      .example = "hw-tc-offload: true" },
    { .name = "vf-driver", .kind = V_CUSTOM, .parse = parse_driver,
      .offset = offsetof(struct offload_sriov, vf_driver),
      .example = "vf-driver: vfio-pci" },
    { .name = "autoprobe", .kind = V_TRISTATE,
      .offset = offsetof(struct offload_sriov, autoprobe),
      .example = "autoprobe: false" },
    { .name = "vfs", .kind = V_CUSTOM, .parse = parse_vfs,
      .example = "vfs: [{index: 0, trust: true}]" },
};

static const struct key_def vf_keys[] = {
    { .name = "index", .kind = V_INT, .min = 0, .max = 2047,
      .early = true, .offset = offsetof(struct offload_vf, index),
      .example = "index: 0" },
    { .name = "mac", .kind = V_CUSTOM, .parse = parse_mac,
      .offset = offsetof(struct offload_vf, mac),
      .example = "mac: \"02:00:00:00:00:01\"" },
    { .name = "trust", .kind = V_TRISTATE,
      .offset = offsetof(struct offload_vf, trust),
      .example = "trust: true" },
    { .name = "spoofchk", .kind = V_TRISTATE,
      .offset = offsetof(struct offload_vf, spoofchk),
      .example = "spoofchk: false" },
    { .name = "driver", .kind = V_CUSTOM, .parse = parse_driver,
      .offset = offsetof(struct offload_vf, driver),
      .example = "driver: vfio-pci" },
};

static const struct key_def linux_bond_keys[] = {
    { .name = "mode", .kind = V_CUSTOM, .parse = parse_linux_bond_mode,
      .choices = linux_bond_modes,
      .offset = offsetof(struct offload_linux_bond, mode),
      .example = "mode: 802.3ad" },
    { .name = "miimon", .kind = V_INT, .min = 0, .max = INT_MAX,
      .offset = offsetof(struct offload_linux_bond, miimon),
      .example = "miimon: 100" },
    { .name = "lacp-rate", .kind = V_ENUM, .choices = lacp_rates,
      .offset = offsetof(struct offload_linux_bond, lacp_rate),
      .example = "lacp-rate: fast" },
    { .name = "xmit-hash-policy", .kind = V_ENUM,
      .choices = xmit_hash_policies,
      .offset = offsetof(struct offload_linux_bond, xmit_hash_policy),
      .example = "xmit-hash-policy: layer2+3" },
    { .name = "updelay", .kind = V_INT, .min = 0, .max = INT_MAX,
      .offset = offsetof(struct offload_linux_bond, updelay),
      .example = "updelay: 200" },
    { .name = "downdelay", .kind = V_INT, .min = 0, .max = INT_MAX,
      .offset = offsetof(struct offload_linux_bond, downdelay),
      .example = "downdelay: 200" },
};

/* The keys of the value of 'representors', into a struct offload_port. */
static const struct key_def representors_keys[] = {
    { .name = "pf", .kind = V_CUSTOM, .parse = parse_pf,
      .early = true, .offset = offsetof(struct offload_port, rep_pf),
      .example = "pf: enp129s0f0np0" },
    { .name = "vfs", .kind = V_CUSTOM, .parse = parse_rep_vfs,
      .example = "vfs: all" },
};

#define BOND_PORT_COLUMN "a per-bond Port column"
#define BOND_OTHER_CONFIG "a per-bond Port other_config key"
#define BOND_KEY "a key of bond ports"
#define GLOBAL_KEY "a global Open_vSwitch other_config key"
#define VF_LAG_KEY "a VF-LAG key of bond ports"
#define SRIOV_KEY "an SR-IOV setting of a PF"
#define LINUX_BOND_KEY "an option of the Linux bond of a VF-LAG"

#define ON_BOND "on the bond port (bridges[].ports[] with type: bond)"
#define UNDER_OVS "under 'ovs:'"
#define IN_SRIOV "in the PF's entry under 'sriov:' (sriov[] with pf: <PF>)"
#define UNDER_LINUX_BOND "under 'linux-bond:' of the bond port (with " \
    "vf-lag: auto or require)"
#define AS_PORT "as a port entry of its own in the bridge's ports " \
    "(bridges[].ports[])"

/* Keys that belong in one place and are often written in another. */
static const struct misplaced_key misplaced_keys[] = {
    { "bond-mode", PLACE_PORT, OVS_NAME_COLUMN, "bond-mode",
      "bond-mode: balance-tcp", BOND_PORT_COLUMN " (bond_mode)", ON_BOND },
    { "lacp", PLACE_PORT, OVS_NAME_COLUMN, "lacp",
      "lacp: active", BOND_PORT_COLUMN " (lacp)", ON_BOND },
    { "bond-updelay", PLACE_PORT, OVS_NAME_COLUMN, "updelay",
      "updelay: 100", BOND_PORT_COLUMN " (bond_updelay)", ON_BOND },
    { "bond-downdelay", PLACE_PORT, OVS_NAME_COLUMN, "downdelay",
      "downdelay: 100", BOND_PORT_COLUMN " (bond_downdelay)", ON_BOND },
    { "lacp-time", PLACE_PORT, OVS_NAME_OTHER_CONFIG, "lacp-time",
      "lacp-time: fast", BOND_OTHER_CONFIG, ON_BOND },
    { "lacp-fallback-ab", PLACE_PORT, OVS_NAME_OTHER_CONFIG,
      "lacp-fallback-ab", "lacp-fallback-ab: true", BOND_OTHER_CONFIG,
      ON_BOND },
    { "bond-detect-mode", PLACE_PORT, OVS_NAME_OTHER_CONFIG, "detect",
      "detect: miimon", BOND_OTHER_CONFIG, ON_BOND },
    { "bond-miimon-interval", PLACE_PORT, OVS_NAME_OTHER_CONFIG,
      "miimon-interval", "miimon-interval: 100", BOND_OTHER_CONFIG,
      ON_BOND },
    { "updelay", PLACE_PORT, OVS_NAME_NONE, "updelay",
      "updelay: 100", BOND_KEY, ON_BOND },
    { "downdelay", PLACE_PORT, OVS_NAME_NONE, "downdelay",
      "downdelay: 100", BOND_KEY, ON_BOND },
    { "detect", PLACE_PORT, OVS_NAME_NONE, "detect",
      "detect: miimon", BOND_KEY, ON_BOND },
    { "miimon-interval", PLACE_PORT, OVS_NAME_NONE, "miimon-interval",
      "miimon-interval: 100", BOND_KEY, ON_BOND },
    { "members", PLACE_PORT, OVS_NAME_NONE, "members",
      "members: [eth0, eth1]", BOND_KEY, ON_BOND },
    { "vf-lag", PLACE_PORT, OVS_NAME_NONE, "vf-lag",
      "vf-lag: auto", VF_LAG_KEY, ON_BOND },
    { "fallback", PLACE_PORT, OVS_NAME_NONE, "fallback",
      "fallback: balance-tcp", VF_LAG_KEY, ON_BOND },
    { "linux-bond", PLACE_PORT, OVS_NAME_NONE, "linux-bond",
      "linux-bond: {mode: 802.3ad}", VF_LAG_KEY, ON_BOND },
    { "representors", PLACE_PORT, OVS_NAME_NONE, "representors",
      "- representors: {pf: enp129s0f0np0, vfs: all}",
      "the set of VF representor ports of a PF", AS_PORT },
    { "vf", PLACE_REPRESENTORS, OVS_NAME_NONE, "vfs",
      "- representors: {pf: enp129s0f0np0, vfs: [1]}",
      "a VF index, which selects representors by PF and VF", AS_PORT },
    { "hw-offload", PLACE_OVS, OVS_NAME_OTHER_CONFIG, "hw-offload",
      "hw-offload: true", GLOBAL_KEY, UNDER_OVS },
    { "tc-policy", PLACE_OVS, OVS_NAME_OTHER_CONFIG, "tc-policy",
      "tc-policy: skip_sw", GLOBAL_KEY, UNDER_OVS },
    { "max-idle", PLACE_OVS, OVS_NAME_OTHER_CONFIG, "max-idle",
      "max-idle: 10000", GLOBAL_KEY, UNDER_OVS },
    { "numvfs", PLACE_SRIOV, OVS_NAME_NONE, "numvfs",
      "numvfs: 4", SRIOV_KEY, IN_SRIOV },
    { "sriov-numvfs", PLACE_SRIOV, OVS_NAME_NONE, "numvfs",
      "numvfs: 4", SRIOV_KEY " (sysfs sriov_numvfs)", IN_SRIOV },
    { "eswitch", PLACE_SRIOV, OVS_NAME_NONE, "eswitch",
      "eswitch: switchdev", SRIOV_KEY, IN_SRIOV },
    { "hw-tc-offload", PLACE_SRIOV, OVS_NAME_NONE, "hw-tc-offload",
      "hw-tc-offload: true", SRIOV_KEY, IN_SRIOV },
    { "vf-driver", PLACE_SRIOV, OVS_NAME_NONE, "vf-driver",
      "vf-driver: vfio-pci", SRIOV_KEY " (a VF entry takes 'driver')",
      IN_SRIOV },
    { "autoprobe", PLACE_SRIOV, OVS_NAME_NONE, "autoprobe",
      "autoprobe: false", SRIOV_KEY, IN_SRIOV },
    { "sriov-drivers-autoprobe", PLACE_SRIOV, OVS_NAME_NONE, "autoprobe",
      "autoprobe: false", SRIOV_KEY " (sysfs sriov_drivers_autoprobe)",
      IN_SRIOV },
    { "allow-destroy", PLACE_SRIOV, OVS_NAME_NONE, "allow-destroy",
      "allow-destroy: true", SRIOV_KEY, IN_SRIOV },
    { "miimon", PLACE_LINUX_BOND, OVS_NAME_NONE, "miimon",
      "miimon: 100", LINUX_BOND_KEY " (an OVS bond takes 'detect: miimon' "
      "and 'miimon-interval')", UNDER_LINUX_BOND },
    { "lacp-rate", PLACE_LINUX_BOND, OVS_NAME_NONE, "lacp-rate",
      "lacp-rate: fast", LINUX_BOND_KEY " (an OVS bond takes 'lacp-time')",
      UNDER_LINUX_BOND },
    { "xmit-hash-policy", PLACE_LINUX_BOND, OVS_NAME_NONE,
      "xmit-hash-policy", "xmit-hash-policy: layer2+3", LINUX_BOND_KEY,
      UNDER_LINUX_BOND },
};

/* Wrong names often used for a key, per place. */
static const struct key_alias key_aliases[] = {
    { PLACE_PORT, "mode", "bond-mode" },
    { PLACE_SRIOV, "name", "pf" },
    { PLACE_SRIOV, "device", "pf" },
    { PLACE_SRIOV, "mode", "eswitch" },
    { PLACE_SRIOV, "driver", "vf-driver" },
    { PLACE_VF, "vf", "index" },
    { PLACE_VF, "id", "index" },
    { PLACE_VF, "vf-driver", "driver" },
    { PLACE_VF, "spoof-check", "spoofchk" },
    { PLACE_LINUX_BOND, "bond-mode", "mode" },
    { PLACE_LINUX_BOND, "lacp-time", "lacp-rate" },
    { PLACE_LINUX_BOND, "miimon-interval", "miimon" },
    { PLACE_REPRESENTORS, "name", "pf" },
    { PLACE_REPRESENTORS, "vf", "vfs" },
    { PLACE_REPRESENTORS, "index", "vfs" },
};

struct place_info {
    const char *in;             /* Where a key is, e.g. "in a bridge". */
    const char *table;          /* Where it lands, "in the Bridge table". */
    const char *noun;           /* What its keys are, "a bridge key". */
    const char *move;           /* How to move a key there. */
    const struct key_def *keys; /* Structured places only. */
    size_t n_keys;
};

static const struct place_info places[] = {
    [PLACE_TOP] = {
        "at the top level", "at the top level", "a top-level key",
        "move it to the top level", top_keys, N_ELEMS(top_keys) },
    [PLACE_OVS] = {
        "under 'ovs:'", "in the Open_vSwitch table", "a key of 'ovs:'",
        "move it under 'ovs:'", ovs_keys, N_ELEMS(ovs_keys) },
    [PLACE_BRIDGE] = {
        "in a bridge", "in the Bridge table", "a bridge key",
        "move it to the bridge (bridges[])",
        bridge_keys, N_ELEMS(bridge_keys) },
    [PLACE_PORT] = {
        "in a port", "in the Port table", "a port key",
        "move it to the port (bridges[].ports[])",
        port_keys, N_ELEMS(port_keys) },
    [PLACE_SRIOV] = {
        "in an sriov entry", "in an sriov entry",
        "a key of an sriov entry",
        "move it to the PF's entry under 'sriov:' (sriov[])",
        sriov_keys, N_ELEMS(sriov_keys) },
    [PLACE_VF] = {
        "in a VF entry", "in a VF entry", "a key of a VF entry",
        "move it to the VF's entry under 'vfs:' of the PF's sriov entry "
        "(sriov[].vfs[])", vf_keys, N_ELEMS(vf_keys) },
    [PLACE_LINUX_BOND] = {
        "under 'linux-bond:'", "in the Linux bond (linux-bond)",
        "a key of 'linux-bond:'",
        "move it under 'linux-bond:' of the bond port "
        "(bridges[].ports[].linux-bond)",
        linux_bond_keys, N_ELEMS(linux_bond_keys) },
    [PLACE_REPRESENTORS] = {
        "under 'representors:'", "in a representors entry",
        "a key of 'representors:'",
        "move it into a representors entry of the bridge's ports "
        "('- representors: {pf: PF, vfs: all}')",
        representors_keys, N_ELEMS(representors_keys) },
    [PLACE_OVS_OTHER_CONFIG] = {
        "in other-config under 'ovs:'", "in the Open_vSwitch table",
        NULL, NULL, NULL, 0 },
    [PLACE_BRIDGE_OTHER_CONFIG] = {
        "in a bridge's other-config", "in the Bridge table",
        NULL, NULL, NULL, 0 },
    [PLACE_PORT_OTHER_CONFIG] = {
        "in a port's other-config", "in the Port table",
        NULL, NULL, NULL, 0 },
    [PLACE_EXTERNAL_IDS] = {
        "in external-ids", "in external_ids", NULL, NULL, NULL, 0 },
};

/* Small helpers. */

static void OVS_PRINTF_FORMAT(3, 4)
error_at(struct parser *p, const struct ytree_node *node,
         const char *format, ...)
{
    struct ds msg = DS_EMPTY_INITIALIZER;
    va_list args;

    va_start(args, format);
    ds_put_format_valist(&msg, format, args);
    va_end(args);
    ytree_diags_add_at(&p->diags, node, "%s", ds_cstr(&msg));
    ds_destroy(&msg);
}

/* Returns a pointer to the field at 'def->offset' in 'obj'. */
static void *
field(const struct key_def *def, void *obj)
{
    return (char *) obj + def->offset;
}

/* Returns true if 'a' and 'b' are equal, taking '_' and '-' as equal. */
static bool
names_match(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char ca = *a == '_' ? '-' : *a;
        char cb = *b == '_' ? '-' : *b;

        if (ca != cb) {
            return false;
        }
    }
    return !*a && !*b;
}

/* Returns the Levenshtein distance between 'a' and 'b', or a large number
 * for long strings. */
static size_t
edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a);
    size_t lb = strlen(b);
    size_t row[65];

    if (la > 64 || lb > 64) {
        return SIZE_MAX;
    }
    for (size_t j = 0; j <= lb; j++) {
        row[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];

        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] != b[j - 1];
            size_t best = MIN(up + 1, row[j - 1] + 1);

            row[j] = MIN(best, diag + cost);
            diag = up;
        }
    }
    return row[lb];
}

/* Returns the string in 'candidates' (NULL-terminated) closest to 'word',
 * if it is at most 2 edits away, otherwise NULL. */
static const char *
closest_choice(const char *word, const char *const *candidates)
{
    const char *best = NULL;
    size_t best_distance = 3;

    for (size_t i = 0; candidates[i]; i++) {
        size_t d = edit_distance(word, candidates[i]);

        if (d < best_distance) {
            best = candidates[i];
            best_distance = d;
        }
    }
    return best;
}

static void
put_choices(struct ds *s, const char *const *choices)
{
    for (size_t i = 0; choices[i]; i++) {
        ds_put_format(s, "%s%s", i ? ", " : "", choices[i]);
    }
}

static const struct key_def *
find_key(enum place place, const char *name)
{
    const struct place_info *pi = &places[place];

    for (size_t i = 0; i < pi->n_keys; i++) {
        if (!strcmp(pi->keys[i].name, name)) {
            return &pi->keys[i];
        }
    }
    return NULL;
}

static const struct misplaced_key *
find_misplaced(const char *name)
{
    for (size_t i = 0; i < N_ELEMS(misplaced_keys); i++) {
        if (names_match(misplaced_keys[i].name, name)) {
            return &misplaced_keys[i];
        }
    }
    return NULL;
}

/* Appends a description of the bridge being parsed to 's'. */
static void
put_bridge_label(struct ds *s, const struct parser *p)
{
    if (p->bridge && p->bridge->name) {
        ds_put_format(s, "bridge '%s'", p->bridge->name);
    } else if (p->bridge) {
        ds_put_format(s, "the bridge at line %d", p->bridge->mark.line);
    } else {
        ds_put_cstr(s, "a bridge");
    }
}

/* Appends a description of the port being parsed to 's'. */
static void
put_port_label(struct ds *s, const struct parser *p)
{
    if (p->port && p->port->name) {
        ds_put_format(s, "port '%s'", p->port->name);
    } else if (p->port) {
        ds_put_format(s, "the port at line %d", p->port->mark.line);
    } else {
        ds_put_cstr(s, "a port");
    }
}

/* Appends a description of the sriov entry being parsed to 's'. */
static void
put_sriov_label(struct ds *s, const struct parser *p)
{
    if (p->sriov && p->sriov->pf) {
        ds_put_format(s, "the sriov entry of PF '%s'", p->sriov->pf);
    } else if (p->sriov) {
        ds_put_format(s, "the sriov entry at line %d", p->sriov->mark.line);
    } else {
        ds_put_cstr(s, "an sriov entry");
    }
}

/* Appends a description of the VF entry being parsed to 's'. */
static void
put_vf_label(struct ds *s, const struct parser *p)
{
    if (p->vf && p->vf->index >= 0) {
        ds_put_format(s, "VF %d", p->vf->index);
    } else if (p->vf) {
        ds_put_format(s, "the VF entry at line %d", p->vf->mark.line);
    } else {
        ds_put_cstr(s, "a VF entry");
    }
    if (p->sriov && p->sriov->pf) {
        ds_put_format(s, " of PF '%s'", p->sriov->pf);
    }
}

/* Scalar values. */

/* Checks that 'value', the value of 'key', is a non-null scalar.  Reports an
 * error and returns false otherwise. */
static bool
check_scalar(struct parser *p, const struct key_def *def, const char *what,
             const struct ytree_node *value)
{
    if (value->type != YTREE_SCALAR) {
        error_at(p, value, "'%s' must be %s, not %s; write e.g. '%s'",
                 def->name, what, ytree_type_to_string(value->type),
                 def->example);
        return false;
    } else if (ytree_is_null(value)) {
        error_at(p, value, "'%s' has no value; write e.g. '%s'",
                 def->name, def->example);
        return false;
    }
    return true;
}

/* Parses 'value' as a decimal integer into '*n'.  'what' names the value in
 * messages.  Reports an error and returns false if it is not one. */
static bool
parse_integer(struct parser *p, const char *what, const char *example,
              const struct ytree_node *value, long long int *n)
{
    if (value->type != YTREE_SCALAR) {
        error_at(p, value, "'%s' must be an integer, not %s; write e.g. "
                 "'%s'", what, ytree_type_to_string(value->type), example);
        return false;
    } else if (ytree_is_null(value)) {
        error_at(p, value, "'%s' has no value; write e.g. '%s'",
                 what, example);
        return false;
    } else if (!value->plain) {
        error_at(p, value, "'%s' must be an integer, not the quoted string "
                 "\"%s\"; remove the quotes", what, value->scalar);
        return false;
    }

    const char *s = value->scalar;
    const char *digits = s + (*s == '-' || *s == '+');
    if (!*digits || strspn(digits, "0123456789") != strlen(digits)) {
        error_at(p, value, "'%s' must be an integer, not '%s'; write a "
                 "whole decimal number, e.g. '%s'", what, s, example);
        return false;
    } else if (digits[0] == '0' && digits[1]) {
        error_at(p, value, "'%s' has a leading zero in '%s', which YAML may "
                 "read as octal; write the number without leading zeros",
                 what, s);
        return false;
    }

    errno = 0;
    *n = strtoll(s, NULL, 10);
    if (errno == ERANGE) {
        error_at(p, value, "'%s' value %s is far out of range; write e.g. "
                 "'%s'", what, s, example);
        return false;
    }
    return true;
}

/* Checks that 'n', the value of 'what' at 'value', is in 'min'..'max'. */
static bool
check_range(struct parser *p, const char *what, const char *example,
            const struct ytree_node *value, long long int n,
            long long int min, long long int max)
{
    if (n >= min && n <= max) {
        return true;
    } else if (max >= INT_MAX) {
        error_at(p, value, "'%s' must be at least %lld, not %lld; write "
                 "e.g. '%s'", what, min, n, example);
    } else {
        error_at(p, value, "'%s' must be in the range %lld to %lld, not "
                 "%lld; write e.g. '%s'", what, min, max, n, example);
    }
    return false;
}

static bool
parse_bool(struct parser *p, const struct key_def *def,
           const struct ytree_node *value, bool *b)
{
    static const char *const lookalikes[] = {
        "yes", "no", "on", "off", "y", "n", NULL
    };

    if (!check_scalar(p, def, "true or false", value)) {
        return false;
    } else if (value->plain && !strcmp(value->scalar, "true")) {
        *b = true;
        return true;
    } else if (value->plain && !strcmp(value->scalar, "false")) {
        *b = false;
        return true;
    } else if (!value->plain) {
        error_at(p, value, "'%s' must be true or false, not the quoted "
                 "string \"%s\"; remove the quotes", def->name,
                 value->scalar);
        return false;
    }

    bool lookalike = !strcasecmp(value->scalar, "true")
                     || !strcasecmp(value->scalar, "false");
    for (size_t i = 0; lookalikes[i]; i++) {
        lookalike = lookalike || !strcasecmp(value->scalar, lookalikes[i]);
    }
    error_at(p, value, "'%s' must be true or false, not '%s'; %s",
             def->name, value->scalar,
             lookalike ? "only lower-case true and false are accepted, "
             "for clarity" : "write e.g. 'true'");
    return false;
}

static bool
parse_enum(struct parser *p, const struct key_def *def,
           const struct ytree_node *value)
{
    struct ds choices = DS_EMPTY_INITIALIZER;
    const char *closest;

    if (!check_scalar(p, def, "a string", value)) {
        return false;
    }
    for (size_t i = 0; def->choices[i]; i++) {
        if (!strcmp(value->scalar, def->choices[i])) {
            return true;
        }
    }

    put_choices(&choices, def->choices);
    closest = closest_choice(value->scalar, def->choices);
    if (closest) {
        error_at(p, value, "invalid %s '%s'; did you mean '%s'? (allowed: "
                 "%s)", def->name, value->scalar, closest, ds_cstr(&choices));
    } else {
        error_at(p, value, "invalid %s '%s'; use one of: %s", def->name,
                 value->scalar, ds_cstr(&choices));
    }
    ds_destroy(&choices);
    return false;
}

/* Checks that 'name', given at 'node' as 'what' (e.g. "port name"), is a
 * valid Linux interface name. */
static bool
check_ifname(struct parser *p, const char *what, const char *name,
             const struct ytree_node *node)
{
    size_t len = strlen(name);

    if (!len) {
        error_at(p, node, "the %s is empty; give an interface name of 1 to "
                 "%d bytes", what, OFFLOAD_IFNAME_MAX);
    } else if (len > OFFLOAD_IFNAME_MAX) {
        error_at(p, node, "%s '%s' is %zu bytes long; Linux limits "
                 "interface names to %d bytes: shorten it", what, name, len,
                 OFFLOAD_IFNAME_MAX);
    } else if (strchr(name, '/')) {
        error_at(p, node, "%s '%s' contains '/'; Linux does not allow '/' "
                 "in interface names: rename it", what, name);
    } else if (strchr(name, ':')) {
        error_at(p, node, "%s '%s' contains ':'; Linux does not allow ':' "
                 "in interface names: rename it", what, name);
    } else if (!strcmp(name, ".") || !strcmp(name, "..")) {
        error_at(p, node, "%s '%s' is not a valid interface name; rename "
                 "it", what, name);
    } else {
        for (const char *c = name; *c; c++) {
            if (isspace((unsigned char) *c) || iscntrl((unsigned char) *c)) {
                error_at(p, node, "%s '%s' contains whitespace or a control "
                         "character; Linux does not allow them in interface "
                         "names: rename it", what, name);
                return false;
            }
        }
        return true;
    }
    return false;
}

/* Parses an interface name for 'def' from 'value' into a new string in
 * '*namep'.  Returns false if 'value' is not a scalar. */
static bool
parse_ifname(struct parser *p, const struct key_def *def, const char *what,
             const struct ytree_node *value, char **namep)
{
    if (!check_scalar(p, def, "an interface name", value)) {
        return false;
    }
    check_ifname(p, what, value->scalar, value);
    *namep = xstrdup(value->scalar);
    return true;
}

/* Returns true if the 'n' bytes at 's' are hexadecimal digits. */
static bool
is_xdigits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (!isxdigit((unsigned char) s[i])) {
            return false;
        }
    }
    return true;
}

/* Returns the value of the hexadecimal digit 'c'. */
static int
xdigit_value(char c)
{
    return isdigit((unsigned char) c) ? c - '0'
                                      : tolower((unsigned char) c) - 'a' + 10;
}

/* Returns true if 's' has the shape of a PCI address "DDDD:BB:DD.F" with a
 * domain of 'domain_len' hexadecimal digits. */
static bool
pci_shape(const char *s, size_t domain_len)
{
    const char *b = s + domain_len;     /* At ":BB:DD.F". */

    return (strlen(s) == domain_len + 8 && is_xdigits(s, domain_len)
            && b[0] == ':' && is_xdigits(b + 1, 2) && b[3] == ':'
            && is_xdigits(b + 4, 2) && b[6] == '.' && is_xdigits(b + 7, 1));
}

/* Checks that the value at 'node' of 'what' (e.g. "pf"), which contains a
 * ':', is a PCI address as Linux writes it: "DDDD:BB:DD.F" in lower case,
 * the domain of 4 to 8 hexadecimal digits, the device 00 to 1f and the
 * function 0 to 7. */
static bool
check_pci_address(struct parser *p, const char *what,
                  const struct ytree_node *node)
{
    const char *s = node->scalar;
    size_t len = strlen(s);
    size_t domain_len = len >= 8 ? len - 8 : 0;

    if (domain_len >= 4 && domain_len <= 8 && pci_shape(s, domain_len)) {
        const char *dev = s + domain_len + 4;

        for (const char *c = s; *c; c++) {
            if (isupper((unsigned char) *c)) {
                char *lower = xstrdup(s);

                for (char *l = lower; *l; l++) {
                    *l = tolower((unsigned char) *l);
                }
                error_at(p, node, "%s '%s' has upper-case hexadecimal "
                         "digits; write the PCI address in lower case, as "
                         "the kernel does: '%s'", what, s, lower);
                free(lower);
                return false;
            }
        }
        if (xdigit_value(dev[0]) * 16 + xdigit_value(dev[1]) > 0x1f
            || dev[3] > '7') {
            error_at(p, node, "%s '%s' is not a valid PCI address: the "
                     "device is 00 to 1f and the function 0 to 7; copy the "
                     "address from 'lspci -D'", what, s);
            return false;
        }
        return true;
    } else if (len == 7 && is_xdigits(s, 2) && s[2] == ':'
               && is_xdigits(s + 3, 2) && s[5] == '.'
               && is_xdigits(s + 6, 1)) {
        error_at(p, node, "%s '%s' lacks the PCI domain; write the full "
                 "address DDDD:BB:DD.F as 'lspci -D' shows it, e.g. "
                 "'0000:%s'", what, s, s);
    } else {
        error_at(p, node, "%s '%s' is neither an interface name (which "
                 "cannot contain ':') nor a PCI address; give the PF's "
                 "netdev name (e.g. 'enp129s0f0np0') or its PCI address as "
                 "DDDD:BB:DD.F (e.g. '0000:81:00.0')", what, s);
    }
    return false;
}

/* Parses the PF at 'pair', a netdev name or a PCI address, into a new
 * string in the char * at 'def->offset' of 'obj'. */
static void
parse_pf(struct parser *p, const struct key_def *def,
         const struct ytree_pair *pair, void *obj)
{
    const struct ytree_node *value = pair->value;

    if (!check_scalar(p, def, "a netdev name or a PCI address", value)) {
        return;
    } else if (strchr(value->scalar, ':')) {
        check_pci_address(p, def->name, value);
    } else {
        check_ifname(p, "PF name", value->scalar, value);
    }
    *(char **) field(def, obj) = xstrdup(value->scalar);
}

/* Parses the driver name at 'pair' into a new string in the char * at
 * 'def->offset' of 'obj'. */
static void
parse_driver(struct parser *p, const struct key_def *def,
             const struct ytree_pair *pair, void *obj)
{
    static const char driver_chars[] = "abcdefghijklmnopqrstuvwxyz"
                                       "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789_-";
    const struct ytree_node *value = pair->value;
    const char *s = value->scalar;

    if (!check_scalar(p, def, "a driver name", value)) {
        return;
    } else if (!*s) {
        error_at(p, value, "'%s' is empty; write e.g. '%s', or '%s: none' "
                 "to leave the VF unbound", def->name, def->example,
                 def->name);
    } else if (strspn(s, driver_chars) != strlen(s)) {
        error_at(p, value, "%s '%s' is not a driver name; a driver name has "
                 "only letters, digits, '_' and '-' (e.g. 'vfio-pci', "
                 "'mlx5_core'): write one, or 'none' to leave the VF "
                 "unbound", def->name, s);
    } else {
        *(char **) field(def, obj) = xstrdup(s);
    }
}

/* Maps of free keys. */

/* Reports the misplaced key 'key', which has no effect in 'place', pointing
 * to its right place. */
static void
report_misplaced(struct parser *p, enum place place,
                 const struct ytree_node *key, const struct misplaced_key *mk)
{
    const char *k = key->scalar;

    if (mk->home == PLACE_OVS && place == PLACE_OVS_OTHER_CONFIG) {
        error_at(p, key, "%s in other-config bypasses validation; use the "
                 "structured key '%s:' under 'ovs:' instead (e.g. '%s')",
                 k, mk->schema_key, mk->example);
    } else if (mk->home != PLACE_PORT || place != PLACE_PORT_OTHER_CONFIG) {
        error_at(p, key, "%s has no effect %s; it is %s: set '%s' %s",
                 k, places[place].table, mk->what, mk->example, mk->where);
    } else if (mk->ovs_kind == OVS_NAME_COLUMN) {
        error_at(p, key, "%s is a Port column, not an other_config key: "
                 "use '%s:' on the bond port; remove '%s' from "
                 "other-config", k, mk->schema_key, k);
    } else if (mk->ovs_kind == OVS_NAME_OTHER_CONFIG) {
        error_at(p, key, "%s in other-config bypasses validation; use the "
                 "structured key '%s:' on the bond port instead (e.g. '%s')",
                 k, mk->schema_key, mk->example);
    } else {
        error_at(p, key, "%s is not a Port other_config key; use '%s' %s",
                 k, mk->example, mk->where);
    }
}

/* Checks key 'key' of a free map in 'place'.  Returns false if it must not
 * be stored. */
static bool
check_map_key(struct parser *p, enum place place,
              const struct ytree_node *key)
{
    const struct misplaced_key *mk;

    if (!*key->scalar) {
        error_at(p, key, "empty key %s; give the key a name or remove it",
                 places[place].in);
        return false;
    } else if (place == PLACE_EXTERNAL_IDS) {
        if (!strncmp(key->scalar, "ovs-offload-", 12)) {
            error_at(p, key, "external-ids key '%s' is reserved: keys "
                     "starting with 'ovs-offload-' hold ovs-offload's own "
                     "bookkeeping; choose another key (set the owner name "
                     "with the top-level 'owner:')", key->scalar);
            return false;
        }
        return true;
    }

    mk = find_misplaced(key->scalar);
    if (mk) {
        report_misplaced(p, place, key, mk);
        return false;
    }
    return true;
}

static void
parse_smap(struct parser *p, const struct key_def *def,
           const struct ytree_node *value, struct smap *smap)
{
    if (ytree_is_null(value)) {
        return;
    } else if (value->type != YTREE_MAPPING) {
        error_at(p, value, "'%s' must be a mapping of keys to values, not "
                 "%s; write e.g. '%s'", def->name,
                 ytree_type_to_string(value->type), def->example);
        return;
    }

    for (size_t i = 0; i < value->n_pairs; i++) {
        const struct ytree_node *k = value->pairs[i].key;
        const struct ytree_node *v = value->pairs[i].value;

        if (!check_map_key(p, def->map_place, k)) {
            continue;
        } else if (v->type != YTREE_SCALAR) {
            error_at(p, v, "the value of '%s' in %s must be a string, not "
                     "%s; write e.g. '%s: \"value\"'", k->scalar, def->name,
                     ytree_type_to_string(v->type), k->scalar);
        } else if (ytree_is_null(v)) {
            error_at(p, v, "'%s' in %s has no value; give one, or write "
                     "'%s: \"\"' for an empty string", k->scalar, def->name,
                     k->scalar);
        } else {
            smap_add(smap, k->scalar, v->scalar);
        }
    }
}

/* Unknown keys. */

/* Returns the key of 'place' that matches 'name' with '_' for '-', or is
 * within 2 edits of it, or NULL. */
static const char *
suggest_key(enum place place, const char *name)
{
    const struct place_info *pi = &places[place];
    const char *best = NULL;
    size_t best_distance = 3;

    for (size_t i = 0; i < pi->n_keys; i++) {
        const struct key_def *def = &pi->keys[i];
        size_t d = (names_match(def->name, name) ? 0
                    : edit_distance(name, def->name));

        if (def->kind != V_RESERVED && d < best_distance) {
            best = def->name;
            best_distance = d;
        }
    }
    return best;
}

/* Returns the key that 'name' (with '_' for '-') is a common wrong name
 * for in 'place', or NULL. */
static const char *
find_alias(enum place place, const char *name)
{
    for (size_t i = 0; i < N_ELEMS(key_aliases); i++) {
        if (key_aliases[i].place == place
            && names_match(key_aliases[i].alias, name)) {
            return key_aliases[i].key;
        }
    }
    return NULL;
}

/* Returns the structured place, other than 'place', that has a key matching
 * 'name' (with '_' for '-'), or 'place' if there is none.  Keys of the NIC
 * layer's places come last; in an sriov or VF entry, 'pf' or 'vfs' means
 * the sriov entry's key, elsewhere the representors'. */
static enum place
find_other_place(enum place place, const char *name)
{
    static const enum place order[] = {
        PLACE_OVS, PLACE_BRIDGE, PLACE_PORT, PLACE_TOP, PLACE_REPRESENTORS,
        PLACE_SRIOV, PLACE_VF, PLACE_LINUX_BOND
    };
    static const enum place sriov_order[] = {
        PLACE_OVS, PLACE_BRIDGE, PLACE_PORT, PLACE_TOP, PLACE_SRIOV,
        PLACE_VF, PLACE_REPRESENTORS, PLACE_LINUX_BOND
    };
    bool in_sriov = place == PLACE_SRIOV || place == PLACE_VF;

    BUILD_ASSERT_DECL(N_ELEMS(order) == N_ELEMS(sriov_order));
    for (size_t i = 0; i < N_ELEMS(order); i++) {
        enum place other = in_sriov ? sriov_order[i] : order[i];
        const struct place_info *pi = &places[other];

        if (other == place) {
            continue;
        }
        for (size_t j = 0; j < pi->n_keys; j++) {
            if (pi->keys[j].kind != V_RESERVED
                && names_match(pi->keys[j].name, name)) {
                return other;
            }
        }
    }
    return place;
}

/* Appends to 's' where 'place' is, naming the bridge or port being parsed:
 * e.g. "in port 'eth0'". */
static void
put_place(struct ds *s, const struct parser *p, enum place place)
{
    if (place == PLACE_BRIDGE && p->bridge) {
        ds_put_cstr(s, "in ");
        put_bridge_label(s, p);
    } else if (place == PLACE_PORT && p->port) {
        ds_put_cstr(s, "in ");
        put_port_label(s, p);
    } else if (place == PLACE_SRIOV && p->sriov) {
        ds_put_cstr(s, "in ");
        put_sriov_label(s, p);
    } else if (place == PLACE_VF && p->vf) {
        ds_put_cstr(s, "in ");
        put_vf_label(s, p);
    } else if (place == PLACE_LINUX_BOND && p->port) {
        ds_put_cstr(s, "under 'linux-bond:' of ");
        put_port_label(s, p);
    } else if (place == PLACE_REPRESENTORS && p->port && p->port->rep_pf) {
        ds_put_format(s, "in the representors of PF '%s'", p->port->rep_pf);
    } else {
        ds_put_cstr(s, places[place].in);
    }
}

static void
report_unknown_key(struct parser *p, enum place place,
                   const struct ytree_node *key)
{
    const char *name = key->scalar;
    const struct misplaced_key *mk = find_misplaced(name);
    const char *alias = find_alias(place, name);
    struct ds where = DS_EMPTY_INITIALIZER;
    const char *suggestion;
    enum place other;

    if (!alias && mk && mk->home != place) {
        report_misplaced(p, place, key, mk);
        return;
    }
    put_place(&where, p, place);

    suggestion = alias ? alias : mk ? mk->schema_key : NULL;
    for (size_t i = 0; !suggestion && i < places[place].n_keys; i++) {
        if (names_match(places[place].keys[i].name, name)) {
            suggestion = places[place].keys[i].name;
        }
    }
    if (suggestion) {
        error_at(p, key, "unknown key '%s' %s; did you mean '%s'?",
                 name, ds_cstr(&where), suggestion);
        goto out;
    }

    other = find_other_place(place, name);
    if (other != place) {
        error_at(p, key, "'%s' has no effect %s; it is %s: %s",
                 name, ds_cstr(&where), places[other].noun,
                 places[other].move);
        goto out;
    }

    suggestion = suggest_key(place, name);
    if (suggestion) {
        error_at(p, key, "unknown key '%s' %s; did you mean '%s'?",
                 name, ds_cstr(&where), suggestion);
    } else {
        struct ds known = DS_EMPTY_INITIALIZER;

        for (size_t i = 0; i < places[place].n_keys; i++) {
            if (places[place].keys[i].kind != V_RESERVED) {
                ds_put_format(&known, "%s%s", known.length ? ", " : "",
                              places[place].keys[i].name);
            }
        }
        error_at(p, key, "unknown key '%s' %s; remove it (known keys here: "
                 "%s)", name, ds_cstr(&where), ds_cstr(&known));
        ds_destroy(&known);
    }

out:
    ds_destroy(&where);
}

/* Mappings. */

/* Returns true if 'def' may appear in the port being parsed. */
static bool
check_port_type(struct parser *p, const struct key_def *def,
                const struct ytree_node *key)
{
    struct ds port = DS_EMPTY_INITIALIZER;
    enum offload_port_type type = p->port->type;
    unsigned int mask = def->port_types;

    if (!mask || !p->port_type_known || mask & PT_BIT(type)) {
        return true;
    }

    put_port_label(&port, p);
    if (mask == PT_BOND || mask == PT_PATCH) {
        const char *needed = mask == PT_BOND ? "bond" : "patch";

        error_at(p, key, "'%s' applies only to %s ports, and %s has type "
                 "%s; set 'type: %s' on the port or remove '%s'",
                 def->name, needed, ds_cstr(&port),
                 offload_port_type_to_string(type), needed, def->name);
    } else {
        error_at(p, key, "'%s' has no effect on %s of type %s; remove it",
                 def->name, ds_cstr(&port),
                 offload_port_type_to_string(type));
    }
    ds_destroy(&port);
    return false;
}

static void
parse_value(struct parser *p, enum place place, const struct key_def *def,
            const struct ytree_pair *pair, void *obj)
{
    const struct ytree_node *value = pair->value;
    long long int n;
    bool b;

    if (place == PLACE_PORT && !check_port_type(p, def, pair->key)) {
        return;
    }

    switch (def->kind) {
    case V_STRING:
        if (check_scalar(p, def, "a string", value)) {
            if (!*value->scalar) {
                error_at(p, value, "'%s' is empty; write e.g. '%s'",
                         def->name, def->example);
            }
            *(char **) field(def, obj) = xstrdup(value->scalar);
        }
        break;

    case V_ENUM:
        if (parse_enum(p, def, value)) {
            *(char **) field(def, obj) = xstrdup(value->scalar);
        }
        break;

    case V_INT:
    case V_LLINT:
        if (parse_integer(p, def->name, def->example, value, &n)
            && check_range(p, def->name, def->example, value, n,
                           def->min, def->max)) {
            if (def->kind == V_INT) {
                *(int *) field(def, obj) = n;
            } else {
                *(long long int *) field(def, obj) = n;
            }
        }
        break;

    case V_BOOL:
        if (parse_bool(p, def, value, &b)) {
            *(bool *) field(def, obj) = b;
        }
        break;

    case V_TRISTATE:
        if (parse_bool(p, def, value, &b)) {
            *(enum offload_tristate *) field(def, obj) = (b ? OFFLOAD_TRUE
                                                          : OFFLOAD_FALSE);
        }
        break;

    case V_SMAP:
        parse_smap(p, def, value, field(def, obj));
        break;

    case V_RESERVED:
        error_at(p, pair->key, "'%s' is not supported yet: %s",
                 def->name, def->reserved);
        break;

    case V_CUSTOM:
        def->parse(p, def, pair, obj);
        break;
    }
}

/* Parses the keys of the mapping 'node' in 'place' into 'obj'.  Keys marked
 * 'early' go first, so that e.g. a port's name and type are known when its
 * other keys are checked. */
static void
parse_mapping(struct parser *p, const struct ytree_node *node,
              enum place place, void *obj)
{
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < node->n_pairs; i++) {
            const struct ytree_pair *pair = &node->pairs[i];
            const struct key_def *def = find_key(place, pair->key->scalar);

            if (!def) {
                if (pass) {
                    report_unknown_key(p, place, pair->key);
                }
            } else if (def->early == !pass) {
                parse_value(p, place, def, pair, obj);
            }
        }
    }
}

/* Returns the value of 'key' in mapping 'node', or NULL. */
static const struct ytree_node *
find_value(const struct ytree_node *node, const char *key)
{
    const struct ytree_pair *pair = ytree_find(node, key);

    return pair ? pair->value : NULL;
}

/* Returns the key node 'key' in mapping 'node', or NULL. */
static const struct ytree_node *
find_key_node(const struct ytree_node *node, const char *key)
{
    const struct ytree_pair *pair = ytree_find(node, key);

    return pair ? pair->key : NULL;
}

/* Interface names. */

static void
report_name_clash(struct parser *p, const struct ytree_node *node,
                  const char *name, const struct name_use *old,
                  const struct name_use *new)
{
    const char *hint;

    if (old->kind == NAME_BRIDGE && new->kind == NAME_BRIDGE) {
        error_at(p, node, "duplicate bridge name '%s' (first at line %d, "
                 "column %d); bridge names must be unique: rename or remove "
                 "one of them", name, old->line, old->column);
        return;
    } else if (old->kind == NAME_PORT && new->kind == NAME_PORT
               && old->bridge_id == new->bridge_id) {
        error_at(p, node, "duplicate port '%s' in %s (first at line %d, "
                 "column %d); remove one of them", name, old->where,
                 old->line, old->column);
        return;
    } else if (old->kind == NAME_MEMBER && new->kind == NAME_MEMBER
               && old->port_id == new->port_id) {
        error_at(p, node, "duplicate member '%s' in %s (first at line %d, "
                 "column %d); list each member once", name, old->where,
                 old->line, old->column);
        return;
    }

    if (old->kind == NAME_BRIDGE || new->kind == NAME_BRIDGE) {
        hint = "every bridge has an internal port of its own name: rename "
               "the bridge or the interface";
    } else if (old->kind == NAME_PORT && new->kind == NAME_PORT) {
        hint = "a port can be in one bridge only: remove it from one of "
               "them";
    } else if (old->kind == NAME_MEMBER && new->kind == NAME_MEMBER) {
        hint = "an interface can be a member of one bond only: remove it "
               "from one of them";
    } else {
        hint = "an interface is either a port or a bond member, never "
               "both: remove one of them";
    }
    error_at(p, node, "'%s', %s, is already %s (line %d, column %d); %s",
             name, new->role, old->role, old->line, old->column, hint);
}

/* Records that 'name', at 'node', is used as a 'kind' in the bridge and port
 * being parsed, and reports a clash with an earlier use. */
static void
register_name(struct parser *p, const char *name,
              const struct ytree_node *node, enum name_kind kind)
{
    struct name_use *use = xzalloc(sizeof *use);
    struct ds where = DS_EMPTY_INITIALIZER;
    struct name_use *old;

    if (kind == NAME_PORT) {
        put_bridge_label(&where, p);
    } else if (kind == NAME_MEMBER) {
        if (p->port->name) {
            ds_put_format(&where, "bond '%s'", p->port->name);
        } else {
            ds_put_format(&where, "the bond at line %d", p->port->mark.line);
        }
        ds_put_cstr(&where, " in ");
        put_bridge_label(&where, p);
    }

    use->kind = kind;
    use->where = ds_steal_cstr(&where);
    use->role = (kind == NAME_BRIDGE ? xstrdup("a bridge")
                 : xasprintf("a %s of %s", kind == NAME_PORT ? "port"
                             : "member", use->where));
    use->bridge_id = p->bridge_id;
    use->port_id = p->port_id;
    use->line = node->line;
    use->column = node->column;

    old = shash_find_data(&p->names, name);
    if (old) {
        report_name_clash(p, node, name, old, use);
        free(use->role);
        free(use->where);
        free(use);
    } else {
        shash_add(&p->names, name, use);
    }
}

/* Top level and 'ovs:'. */

static void
parse_version(struct parser *p, const struct key_def *def,
              const struct ytree_pair *pair, void *cfg_)
{
    struct offload_config *cfg = cfg_;
    long long int n;

    if (parse_integer(p, def->name, def->example, pair->value, &n)) {
        if (n != OFFLOAD_CONFIG_VERSION) {
            error_at(p, pair->value, "unsupported version %lld; this "
                     "ovs-offload reads version %d only: set 'version: %d'",
                     n, OFFLOAD_CONFIG_VERSION, OFFLOAD_CONFIG_VERSION);
        }
        cfg->version = n;
    }
}

static void
parse_ovs(struct parser *p, const struct key_def *def OVS_UNUSED,
          const struct ytree_pair *pair, void *cfg_)
{
    struct offload_config *cfg = cfg_;

    if (pair->value->type == YTREE_MAPPING) {
        parse_mapping(p, pair->value, PLACE_OVS, &cfg->global);
    } else if (!ytree_is_null(pair->value)) {
        error_at(p, pair->value, "'ovs' must be a mapping, not %s; write "
                 "e.g. 'ovs: {max-idle: 10000}'",
                 ytree_type_to_string(pair->value->type));
    }
}

/* Checks that 'value', the value of 'what', is a sequence (or null, for an
 * empty one).  Returns the number of its items. */
static size_t
check_sequence(struct parser *p, const char *what, const char *example,
               const struct ytree_node *value)
{
    if (value->type == YTREE_SEQUENCE) {
        return value->n_items;
    } else if (!ytree_is_null(value)) {
        error_at(p, value, "'%s' must be a sequence, not %s; write each item "
                 "as a list entry: '%s'", what,
                 ytree_type_to_string(value->type), example);
    }
    return 0;
}

/* Ports. */

static void
parse_port_name(struct parser *p, const struct key_def *def,
                const struct ytree_pair *pair, void *port_)
{
    struct offload_port *port = port_;

    if (parse_ifname(p, def, "port name", pair->value, &port->name)) {
        register_name(p, port->name, pair->value, NAME_PORT);
    }
}

static void
parse_port_type(struct parser *p, const struct key_def *def OVS_UNUSED,
                const struct ytree_pair *pair, void *port_)
{
    static const struct key_def type_def = {
        .name = "type", .choices = port_type_names, .example = "type: bond",
    };
    struct offload_port *port = port_;
    const struct ytree_node *value = pair->value;

    if (value->type == YTREE_SCALAR
        && !strcmp(value->scalar, "representors")) {
        error_at(p, value, "'representors' is not a port type: the "
                 "representors of a PF are a port entry of their own, "
                 "'- representors: {pf: PF, vfs: all}', with no name and no "
                 "type; for one representor netdev write 'type: "
                 "representor'");
        p->port_type_known = false;
        return;
    } else if (!parse_enum(p, &type_def, value)) {
        p->port_type_known = false;
        return;
    }
    for (size_t i = 0; port_type_names[i]; i++) {
        if (!strcmp(pair->value->scalar, port_type_names[i])) {
            port->type = i;
        }
    }
}

static void
parse_members(struct parser *p, const struct key_def *def,
              const struct ytree_pair *pair, void *port_)
{
    struct offload_port *port = port_;
    size_t n = check_sequence(p, def->name, def->example, pair->value);

    port->members = n ? xcalloc(n, sizeof *port->members) : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ytree_node *item = pair->value->items[i];
        char *name;

        if (parse_ifname(p, def, "member name", item, &name)) {
            register_name(p, name, item, NAME_MEMBER);
            port->members[port->n_members++] = name;
        }
    }
}

static int
compare_int64(const void *a_, const void *b_)
{
    const int64_t *a = a_;
    const int64_t *b = b_;

    return *a < *b ? -1 : *a > *b;
}

static void
parse_trunks(struct parser *p, const struct key_def *def,
             const struct ytree_pair *pair, void *port_)
{
    struct offload_port *port = port_;
    size_t n = check_sequence(p, def->name, def->example, pair->value);

    port->trunks = n ? xcalloc(n, sizeof *port->trunks) : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ytree_node *item = pair->value->items[i];
        long long int vlan;

        if (parse_integer(p, "trunks", def->example, item, &vlan)
            && check_range(p, "trunks", def->example, item, vlan, 0, 4095)) {
            port->trunks[port->n_trunks++] = vlan;
        }
    }

    /* Sort and remove duplicates. */
    if (port->n_trunks) {
        size_t n_unique = 1;

        qsort(port->trunks, port->n_trunks, sizeof *port->trunks,
              compare_int64);
        for (size_t i = 1; i < port->n_trunks; i++) {
            if (port->trunks[i] != port->trunks[n_unique - 1]) {
                port->trunks[n_unique++] = port->trunks[i];
            }
        }
        port->n_trunks = n_unique;
    }
}

static void
parse_peer(struct parser *p, const struct key_def *def,
           const struct ytree_pair *pair, void *port_)
{
    struct offload_port *port = port_;

    if (parse_ifname(p, def, "peer name", pair->value, &port->peer)) {
        if (p->n_peers >= p->allocated_peers) {
            p->peers = x2nrealloc(p->peers, &p->allocated_peers,
                                  sizeof *p->peers);
        }

        struct peer_ref *ref = &p->peers[p->n_peers++];
        ref->bridge = p->bridge;
        ref->port = port;
        ref->line = pair->value->line;
        ref->column = pair->value->column;
    }
}

/* VF-LAG. */

/* Returns true if 'mode' is one of the NULL-terminated 'modes'. */
static bool
is_one_of(const char *mode, const char *const *modes)
{
    for (size_t i = 0; modes[i]; i++) {
        if (!strcmp(mode, modes[i])) {
            return true;
        }
    }
    return false;
}

static void
parse_vf_lag(struct parser *p, const struct key_def *def,
             const struct ytree_pair *pair, void *port_)
{
    /* Boolean spellings, which other tools use for VF-LAG. */
    static const char *const yes[] = { "true", "yes", "on", NULL };
    static const char *const no[] = { "false", "no", NULL };
    struct offload_port *port = port_;
    const struct ytree_node *value = pair->value;
    const char *s = value->type == YTREE_SCALAR ? value->scalar : "";
    bool on = is_one_of(s, yes);

    if (on || is_one_of(s, no)) {
        error_at(p, value, "'vf-lag' takes off, auto or require, not %s; "
                 "write 'vf-lag: %s'%s", s, on ? "auto" : "off",
                 on ? " (or 'require' to fail instead of falling back to an "
                 "OVS bond)" : "");
        p->vf_lag_known = false;
        return;
    } else if (!parse_enum(p, def, value)) {
        p->vf_lag_known = false;
        return;
    }
    for (size_t i = 0; vf_lag_modes[i]; i++) {
        if (!strcmp(value->scalar, vf_lag_modes[i])) {
            port->vf_lag = i;
        }
    }
}

/* 'fallback' is the bond_mode of the OVS bond. */
static void
parse_fallback(struct parser *p, const struct key_def *def,
               const struct ytree_pair *pair, void *port_)
{
    struct offload_port *port = port_;
    const struct ytree_node *value = pair->value;

    if (value->type == YTREE_SCALAR
        && is_one_of(value->scalar, linux_bond_modes)
        && !is_one_of(value->scalar, bond_modes)) {
        error_at(p, value, "'%s' is a Linux bond mode, and 'fallback' is the "
                 "mode of the OVS bond (balance-tcp, balance-slb or "
                 "active-backup, with 'lacp: active' for LACP); set the "
                 "Linux bond's mode with 'linux-bond: {mode: %s}'",
                 value->scalar, value->scalar);
    } else if (parse_enum(p, def, value)) {
        port->fallback = xstrdup(value->scalar);
    }
}

/* The Linux bond modes that mlx5 does not accept for a VF-LAG, and why
 * (facts.md 1.1), indexed by the kernel's mode number. */
static const struct {
    const char *name;
    const char *why;            /* NULL if the mode is supported. */
} kernel_bond_modes[] = {
    { "balance-rr", "round-robin transmission" },
    { "active-backup", NULL },
    { "balance-xor", NULL },
    { "broadcast", "broadcast transmission" },
    { "802.3ad", NULL },
    { "balance-tlb", "the transmit load balancing of balance-tlb, whose "
      "transmit type the LAG does not know" },
    { "balance-alb", "the adaptive load balancing of balance-alb, whose "
      "transmit type the LAG does not know" },
};

static void
parse_linux_bond_mode(struct parser *p, const struct key_def *def,
                      const struct ytree_pair *pair, void *bond_)
{
    struct offload_linux_bond *bond = bond_;
    const struct ytree_node *value = pair->value;
    const char *mode = value->type == YTREE_SCALAR ? value->scalar : "";

    if (strlen(mode) == 1 && mode[0] >= '0'
        && mode[0] < '0' + (int) N_ELEMS(kernel_bond_modes)) {
        const char *name = kernel_bond_modes[mode[0] - '0'].name;

        error_at(p, value, "Linux bond mode %s is written as a number; "
                 "write its name, 'mode: %s'%s", mode, name,
                 kernel_bond_modes[mode[0] - '0'].why
                 ? " (which VF-LAG does not support either)" : "");
        return;
    }
    for (size_t i = 0; i < N_ELEMS(kernel_bond_modes); i++) {
        if (!strcmp(mode, kernel_bond_modes[i].name)
            && kernel_bond_modes[i].why) {
            error_at(p, value, "Linux bond mode '%s' cannot carry a "
                     "VF-LAG: mlx5 activates the LAG only for "
                     "active-backup, balance-xor and 802.3ad, and rejects "
                     "%s; use one of those three", mode,
                     kernel_bond_modes[i].why);
            return;
        }
    }
    if (is_one_of(mode, bond_modes) && strcmp(mode, "active-backup")) {
        error_at(p, value, "'%s' is an OVS bond mode, not a Linux bond "
                 "mode; the Linux bond of a VF-LAG takes active-backup, "
                 "balance-xor or 802.3ad (set the OVS fallback bond's mode "
                 "with 'fallback: %s' on the bond port)", mode, mode);
    } else if (!strcmp(mode, "lacp")) {
        error_at(p, value, "invalid mode 'lacp'; did you mean '802.3ad'? "
                 "(allowed: active-backup, balance-xor, 802.3ad)");
    } else if (parse_enum(p, def, value)) {
        bond->mode = xstrdup(mode);
    }
}

/* Checks the rules between the keys of 'node', the 'linux-bond' of the port
 * being parsed. */
static void
check_linux_bond(struct parser *p, const struct ytree_node *node,
                 const struct offload_linux_bond *bond)
{
    static const char *const delays[] = { "updelay", "downdelay" };
    struct ds label = DS_EMPTY_INITIALIZER;
    const char *mode = bond->mode ? bond->mode : "802.3ad";
    bool mode_ok = bond->mode || !find_value(node, "mode");
    bool miimon_ok = bond->miimon >= 0 || !find_value(node, "miimon");
    int miimon = bond->miimon >= 0 ? bond->miimon : 100;
    const struct ytree_node *key;

    put_port_label(&label, p);
    key = find_key_node(node, "lacp-rate");
    if (key && mode_ok && strcmp(mode, "802.3ad")) {
        error_at(p, key, "'lacp-rate' applies only to mode 802.3ad, and the "
                 "Linux bond of %s has mode %s; remove 'lacp-rate' or set "
                 "'mode: 802.3ad'", ds_cstr(&label), mode);
    }
    key = find_key_node(node, "xmit-hash-policy");
    if (key && mode_ok && !strcmp(mode, "active-backup")) {
        error_at(p, key, "'xmit-hash-policy' applies only to modes "
                 "balance-xor and 802.3ad, and the Linux bond of %s has "
                 "mode active-backup; remove 'xmit-hash-policy' or change "
                 "the mode", ds_cstr(&label));
    }

    for (size_t i = 0; miimon_ok && i < N_ELEMS(delays); i++) {
        int delay = i ? bond->downdelay : bond->updelay;

        key = find_key_node(node, delays[i]);
        if (!key || delay <= 0) {
            continue;
        } else if (!miimon) {
            error_at(p, key, "'%s' has no effect with 'miimon: 0', which "
                     "turns link monitoring off; set e.g. 'miimon: 100', or "
                     "remove '%s'", delays[i], delays[i]);
        } else if (delay % miimon) {
            error_at(p, key, "'%s' %d is not a multiple of miimon %d%s; "
                     "the kernel would round it down to %d ms: write a "
                     "multiple of %d", delays[i], delay, miimon,
                     bond->miimon >= 0 ? "" : " (the default)",
                     delay / miimon * miimon, miimon);
        }
    }
    ds_destroy(&label);
}

static void
parse_linux_bond(struct parser *p, const struct key_def *def,
                 const struct ytree_pair *pair, void *port_)
{
    struct offload_port *port = port_;
    const struct ytree_node *value = pair->value;

    if (value->type == YTREE_MAPPING) {
        parse_mapping(p, value, PLACE_LINUX_BOND, &port->linux_bond);
        check_linux_bond(p, value, &port->linux_bond);
    } else if (!ytree_is_null(value)) {
        error_at(p, value, "'linux-bond' must be a mapping, not %s; write "
                 "e.g. '%s'", ytree_type_to_string(value->type),
                 def->example);
    }
}

/* Representors. */

static int
compare_int(const void *a_, const void *b_)
{
    const int *a = a_;
    const int *b = b_;

    return *a < *b ? -1 : *a > *b;
}

static void
parse_rep_vfs(struct parser *p, const struct key_def *def,
              const struct ytree_pair *pair, void *port_)
{
    static const char example[] = "vfs: [0, 1]";
    struct offload_port *port = port_;
    const struct ytree_node *value = pair->value;

    if (value->type == YTREE_SCALAR && !strcmp(value->scalar, "all")) {
        port->rep_all_vfs = true;
        return;
    } else if (ytree_is_null(value)) {
        error_at(p, value, "'vfs' has no value; write 'vfs: all' or a list "
                 "of VF indexes, e.g. '%s'", example);
        return;
    } else if (value->type == YTREE_SCALAR) {
        bool number = (*value->scalar
                       && strspn(value->scalar, "0123456789")
                          == strlen(value->scalar));

        error_at(p, value, "'vfs' must be 'all' or a list of VF indexes, "
                 "not '%s'; write e.g. 'vfs: [%s]' or 'vfs: all'",
                 value->scalar, number ? value->scalar : "0");
        return;
    } else if (value->type != YTREE_SEQUENCE) {
        error_at(p, value, "'vfs' must be 'all' or a list of VF indexes, "
                 "not %s; write e.g. '%s' or 'vfs: all'",
                 ytree_type_to_string(value->type), example);
        return;
    } else if (!value->n_items) {
        error_at(p, value, "'vfs' is an empty list; list at least one VF "
                 "index, or write 'vfs: all' (to have no representors of "
                 "this PF, remove the entry)");
        return;
    }

    port->rep_vfs = xcalloc(value->n_items, sizeof *port->rep_vfs);
    for (size_t i = 0; i < value->n_items; i++) {
        const struct ytree_node *item = value->items[i];
        bool dup = false;
        long long int vf;

        if (!parse_integer(p, def->name, example, item, &vf)
            || !check_range(p, def->name, example, item, vf, 0, 2047)) {
            continue;
        }
        for (size_t j = 0; j < port->n_rep_vfs; j++) {
            dup = dup || port->rep_vfs[j] == vf;
        }
        if (dup) {
            error_at(p, item, "VF %lld is listed twice in 'vfs'; list each "
                     "VF once", vf);
        } else {
            port->rep_vfs[port->n_rep_vfs++] = vf;
        }
    }
    qsort(port->rep_vfs, port->n_rep_vfs, sizeof *port->rep_vfs,
          compare_int);
}

/* Returns the first VF that the representors entries 'a' and 'b' (of one
 * PF) both list, or -1 if they share none.  "all" shares VF 0 onwards. */
static int
first_shared_vf(const struct offload_port *a, const struct offload_port *b)
{
    if (a->rep_all_vfs && b->rep_all_vfs) {
        return 0;
    } else if (a->rep_all_vfs || b->rep_all_vfs) {
        const struct offload_port *list = a->rep_all_vfs ? b : a;

        return list->n_rep_vfs ? list->rep_vfs[0] : -1;
    }
    for (size_t i = 0, j = 0; i < a->n_rep_vfs && j < b->n_rep_vfs;) {
        if (a->rep_vfs[i] == b->rep_vfs[j]) {
            return a->rep_vfs[i];
        } else if (a->rep_vfs[i] < b->rep_vfs[j]) {
            i++;
        } else {
            j++;
        }
    }
    return -1;
}

/* Records the representors entry 'port', whose 'representors' value is
 * 'node', and reports a VF that an earlier entry of the same PF lists
 * too. */
static void
add_representors(struct parser *p, const struct ytree_node *node,
                 const struct offload_port *port)
{
    const struct ytree_node *vfs = find_value(node, "vfs");

    for (size_t i = 0; i < p->n_reps; i++) {
        const struct offload_port *old = p->reps[i].port;
        int vf;

        if (strcmp(old->rep_pf, port->rep_pf)) {
            continue;
        }
        vf = first_shared_vf(old, port);
        if (vf >= 0) {
            error_at(p, vfs, "the representor of VF %d of PF '%s' is "
                     "already in the representors entry at line %d, column "
                     "%d%s; list each VF of a PF in one entry only", vf,
                     port->rep_pf, old->mark.line, old->mark.column,
                     old->rep_all_vfs ? ", which has 'vfs: all'" : "");
            break;
        }
    }

    if (p->n_reps >= p->allocated_reps) {
        p->reps = x2nrealloc(p->reps, &p->allocated_reps, sizeof *p->reps);
    }
    p->reps[p->n_reps++] = (struct cross_ref) {
        .bridge = p->bridge, .port = port, .node = node,
    };
}

/* The value of 'representors' in a port entry of its own. */
static void
parse_representors(struct parser *p, const struct key_def *def,
                   const struct ytree_pair *pair, void *port_)
{
    struct offload_port *port = port_;
    const struct ytree_node *value = pair->value;

    if (ytree_is_null(value)) {
        error_at(p, value, "'representors' has no value; write e.g. '%s'",
                 def->example);
        return;
    } else if (value->type != YTREE_MAPPING) {
        error_at(p, value, "'representors' must be a mapping with 'pf' and "
                 "'vfs', not %s; write e.g. '%s'",
                 ytree_type_to_string(value->type), def->example);
        return;
    }

    parse_mapping(p, value, PLACE_REPRESENTORS, port);
    if (!find_value(value, "pf")) {
        error_at(p, value, "this representors entry has no 'pf'; add the "
                 "PF's netdev name or PCI address, e.g. 'pf: "
                 "enp129s0f0np0'");
    }
    if (!find_value(value, "vfs")) {
        error_at(p, value, "this representors entry has no 'vfs'; add "
                 "'vfs: all' or a list of VF indexes, e.g. 'vfs: [0, 1]'");
    }
    if (port->rep_pf && (port->rep_all_vfs || port->n_rep_vfs)) {
        add_representors(p, value, port);
    }
}

/* Parses 'item', a port entry with the key 'representors', into 'port'. */
static void
parse_representors_entry(struct parser *p, const struct ytree_node *item,
                         struct offload_port *port)
{
    port->type = OFFLOAD_PORT_REPRESENTORS;
    for (size_t i = 0; i < item->n_pairs; i++) {
        const struct ytree_pair *pair = &item->pairs[i];
        const char *k = pair->key->scalar;

        if (!strcmp(k, "representors")) {
            parse_value(p, PLACE_PORT, find_key(PLACE_PORT, k), pair, port);
        } else if (!strcmp(k, "name") || !strcmp(k, "type")) {
            error_at(p, pair->key, "'%s' cannot be combined with "
                     "'representors': a representors entry stands for the "
                     "representor ports of the listed VFs, whose names the "
                     "NIC layer finds; remove '%s' (a single representor "
                     "netdev is a port of its own: '- {name: NETDEV, type: "
                     "representor}')", k, k);
        } else {
            error_at(p, pair->key, "'%s' cannot be combined with "
                     "'representors': a representors entry takes no other "
                     "key; remove '%s', or list the representors that need "
                     "it as ports of their own with 'type: representor'",
                     k, k);
        }
    }
    port->name = xasprintf("representors:%s",
                           port->rep_pf ? port->rep_pf : "?");
}

/* Bonds. */

static bool
lacp_enabled(const struct offload_port *port)
{
    return port->lacp && strcmp(port->lacp, "off");
}

/* Checks the rules of a bond with 'vf-lag: auto' or 'require' that need
 * only the port itself; check_vf_lags() checks the others once the whole
 * file is parsed. */
static void
check_vf_lag_bond(struct parser *p, const struct ytree_node *node,
                  const struct offload_port *port, const char *label)
{
    const char *policy = vf_lag_modes[port->vf_lag];
    const struct ytree_node *key;

    if (port->n_members > 2) {
        error_at(p, find_value(node, "members"), "bond %s has %zu members, "
                 "but VF-LAG needs exactly the two PFs of one NIC: mlx5 "
                 "activates the LAG only when the bond holds both PFs and "
                 "nothing else; list the two PFs only, or set 'vf-lag: off'",
                 label, port->n_members);
    }

    key = find_key_node(node, "bond-mode");
    if (key) {
        error_at(p, key, "'bond-mode' has no effect with 'vf-lag: %s': the "
                 "OVS bond exists only as the fallback when the NIC does "
                 "not activate the LAG; set its mode with 'fallback: %s' "
                 "instead (and the Linux bond's with 'linux-bond: {mode: "
                 "...}')", policy, port->bond_mode ? port->bond_mode
                                                  : "balance-tcp");
    }

    if (p->n_lags >= p->allocated_lags) {
        p->lags = x2nrealloc(p->lags, &p->allocated_lags, sizeof *p->lags);
    }
    p->lags[p->n_lags++] = (struct cross_ref) {
        .bridge = p->bridge, .port = port, .node = node,
    };
}

/* Reports bond settings that have no effect, or are harmful, with the
 * other settings of the same bond. */
static void
check_bond(struct parser *p, const struct ytree_node *node,
           struct offload_port *port, const char *label)
{
    const struct ytree_node *key;

    if (!find_value(node, "members")) {
        error_at(p, node, "bond %s has no 'members'; add e.g. 'members: "
                 "[eth0, eth1]' with at least 2 interfaces", label);
    } else if (port->n_members < 2) {
        error_at(p, find_value(node, "members"), "bond %s has %zu "
                 "member%s; a bond needs at least 2: add a member, or make "
                 "it a plain port (type: system) named after the interface",
                 label, port->n_members, port->n_members == 1 ? "" : "s");
    }

    /* A key with an invalid value was reported already: the rules that
     * depend on it are not checked, to avoid follow-on errors. */
    bool detect_ok = port->detect || !find_value(node, "detect");
    bool lacp_ok = port->lacp || !find_value(node, "lacp");
    bool fallback_ok = port->fallback || !find_value(node, "fallback");
    bool vf_lag = port->vf_lag != OFFLOAD_VF_LAG_OFF;

    /* With VF-LAG, the OVS bond exists only as the fallback, and the NIC
     * phase gives it 'lacp: active' unless 'lacp' says otherwise. */
    bool lacp_on = lacp_enabled(port) || (vf_lag && !port->lacp);

    if (vf_lag) {
        check_vf_lag_bond(p, node, port, label);
        if (lacp_ok && !lacp_on && fallback_ok
            && (!port->fallback || !strcmp(port->fallback, "balance-tcp"))) {
            key = find_key_node(node, "fallback");
            error_at(p, key ? find_value(node, "fallback")
                     : find_value(node, "lacp"), "the fallback OVS bond of "
                     "%s would be balance-tcp%s without LACP, and OVS drops "
                     "the traffic such a bond receives; remove 'lacp: off', "
                     "or set 'fallback: active-backup' or 'balance-slb'",
                     label, key ? "" : " (the default)");
        }
    } else if (p->vf_lag_known) {
        key = find_key_node(node, "fallback");
        if (key) {
            error_at(p, key, "'fallback' applies only with vf-lag auto or "
                     "require; use bond-mode for a plain OVS bond (or set "
                     "'vf-lag: auto' on bond %s)", label);
        }
        key = find_key_node(node, "linux-bond");
        if (key) {
            error_at(p, key, "'linux-bond' applies only with vf-lag auto or "
                     "require: a plain OVS bond has no Linux bond; set "
                     "'vf-lag: auto' on bond %s, or remove 'linux-bond'",
                     label);
        }
    }

    key = find_key_node(node, "miimon-interval");
    if (key && detect_ok && port->miimon_interval >= 0
        && (!port->detect || strcmp(port->detect, "miimon"))) {
        error_at(p, key, "'miimon-interval' has no effect without "
                 "'detect: miimon'; add 'detect: miimon' or remove "
                 "'miimon-interval'");
    }

    if (lacp_ok && !lacp_on) {
        static const char *const lacp_keys[] = {
            "lacp-time", "lacp-fallback-ab"
        };

        for (size_t i = 0; i < N_ELEMS(lacp_keys); i++) {
            key = find_key_node(node, lacp_keys[i]);
            if (key) {
                error_at(p, key, "'%s' has no effect without LACP; set "
                         "'lacp: active' (or passive) on bond %s, or remove "
                         "'%s'", lacp_keys[i], label, lacp_keys[i]);
            }
        }
        if (!vf_lag && port->bond_mode
            && !strcmp(port->bond_mode, "balance-tcp")) {
            error_at(p, find_value(node, "bond-mode"), "bond-mode "
                     "balance-tcp needs LACP: without it OVS drops the "
                     "traffic received on bond %s; set 'lacp: active' (or "
                     "passive), or use balance-slb or active-backup", label);
        }
    }
}

/* Checks the rules that involve several keys of the port at 'node'. */
static void
check_port(struct parser *p, const struct ytree_node *node,
           struct offload_port *port)
{
    struct ds label = DS_EMPTY_INITIALIZER;
    const struct ytree_node *key;

    if (!port->name) {
        ds_put_cstr(&label, "this port of ");
        put_bridge_label(&label, p);
        if (!find_value(node, "name")) {
            error_at(p, node, "%s has no 'name'; add e.g. 'name: eth0'",
                     ds_cstr(&label));
        }
        ds_clear(&label);
        ds_put_format(&label, "at line %d", port->mark.line);
    } else {
        ds_put_format(&label, "'%s'", port->name);
    }

    if (p->port_type_known && port->type == OFFLOAD_PORT_BOND) {
        check_bond(p, node, port, ds_cstr(&label));
    } else if (p->port_type_known && port->type == OFFLOAD_PORT_PATCH
               && !find_value(node, "peer")) {
        error_at(p, node, "patch port %s has no 'peer'; add 'peer: <name of "
                 "the other patch port of the pair>'", ds_cstr(&label));
    }

    key = find_key_node(node, "trunks");
    if (key && port->tag >= 0 && port->n_trunks) {
        error_at(p, key, "'trunks' has no effect together with 'tag': a port "
                 "with a tag is an access port; remove 'tag' for a trunk "
                 "port, or 'trunks' for an access port");
    }
    ds_destroy(&label);
}

static void
port_init(struct offload_port *port, const struct ytree_node *node)
{
    memset(port, 0, sizeof *port);
    port->type = OFFLOAD_PORT_SYSTEM;
    port->mark.line = node->line;
    port->mark.column = node->column;
    port->tag = -1;
    port->updelay = -1;
    port->downdelay = -1;
    port->miimon_interval = -1;
    port->vf_lag = OFFLOAD_VF_LAG_OFF;
    port->linux_bond.miimon = -1;
    port->linux_bond.updelay = -1;
    port->linux_bond.downdelay = -1;
    smap_init(&port->other_config);
    smap_init(&port->external_ids);
}

static void
parse_ports(struct parser *p, const struct key_def *def,
            const struct ytree_pair *pair, void *bridge_)
{
    struct offload_bridge *bridge = bridge_;
    size_t n = check_sequence(p, def->name, "- name: eth0", pair->value);

    bridge->ports = n ? xcalloc(n, sizeof *bridge->ports) : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ytree_node *item = pair->value->items[i];

        if (item->type != YTREE_MAPPING) {
            bool scalar = item->type == YTREE_SCALAR;

            error_at(p, item, "each port must be a mapping, not %s; write "
                     "'- name: %s'", ytree_type_to_string(item->type),
                     scalar && *item->scalar ? item->scalar : "eth0");
            continue;
        }

        struct offload_port *port = &bridge->ports[bridge->n_ports++];
        port_init(port, item);
        p->port = port;
        p->port_id++;
        p->port_type_known = true;
        p->vf_lag_known = true;
        if (ytree_find(item, "representors")) {
            parse_representors_entry(p, item, port);
        } else {
            parse_mapping(p, item, PLACE_PORT, port);
            check_port(p, item, port);
        }
        p->port = NULL;
    }
}

/* Bridges. */

static void
parse_bridge_name(struct parser *p, const struct key_def *def,
                  const struct ytree_pair *pair, void *bridge_)
{
    struct offload_bridge *bridge = bridge_;

    if (parse_ifname(p, def, "bridge name", pair->value, &bridge->name)) {
        register_name(p, bridge->name, pair->value, NAME_BRIDGE);
    }
}

static void
bridge_init(struct offload_bridge *bridge, const struct ytree_node *node)
{
    memset(bridge, 0, sizeof *bridge);
    bridge->mark.line = node->line;
    bridge->mark.column = node->column;
    smap_init(&bridge->other_config);
    smap_init(&bridge->external_ids);
}

static void
parse_bridges(struct parser *p, const struct key_def *def,
              const struct ytree_pair *pair, void *cfg_)
{
    struct offload_config *cfg = cfg_;
    size_t n = check_sequence(p, def->name, "- name: br0", pair->value);

    cfg->bridges = n ? xcalloc(n, sizeof *cfg->bridges) : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ytree_node *item = pair->value->items[i];

        if (item->type != YTREE_MAPPING) {
            error_at(p, item, "each bridge must be a mapping, not %s; write "
                     "'- name: br0'", ytree_type_to_string(item->type));
            continue;
        }

        struct offload_bridge *bridge = &cfg->bridges[cfg->n_bridges++];
        bridge_init(bridge, item);
        p->bridge = bridge;
        p->bridge_id = i;
        parse_mapping(p, item, PLACE_BRIDGE, bridge);
        if (!find_value(item, "name")) {
            error_at(p, item, "this bridge has no 'name'; add e.g. "
                     "'name: br0'");
        }
        p->bridge = NULL;
    }
}

/* SR-IOV. */

static void
parse_mac(struct parser *p, const struct key_def *def,
          const struct ytree_pair *pair, void *vf_)
{
    struct offload_vf *vf = vf_;
    const struct ytree_node *value = pair->value;
    const char *s = value->scalar;
    bool shape = strlen(s) == 17;
    bool zero = true;
    char *mac;

    if (!check_scalar(p, def, "a MAC address", value)) {
        return;
    }
    for (size_t i = 0; shape && i < 6; i++) {
        shape = is_xdigits(s + 3 * i, 2) && (i == 5 || s[3 * i + 2] == ':');
        zero = zero && s[3 * i] == '0' && s[3 * i + 1] == '0';
    }
    if (!shape) {
        error_at(p, value, "mac '%s' is not a MAC address; write 6 "
                 "hexadecimal octets separated by ':', e.g. "
                 "'02:00:00:00:00:01'", s);
        return;
    } else if (zero) {
        error_at(p, value, "mac %s is not a usable address; give the VF a "
                 "unicast address, or remove 'mac' to leave its address as "
                 "it is", s);
        return;
    } else if (xdigit_value(s[1]) & 1) {
        error_at(p, value, "mac %s is a multicast address (the first octet "
                 "is odd); a VF needs a unicast address: make the first "
                 "octet even, e.g. '02' for a locally administered one", s);
        return;
    }

    mac = xstrdup(s);
    for (char *c = mac; *c; c++) {
        *c = tolower((unsigned char) *c);
    }

    struct mac_use *old = shash_find_data(&p->macs, mac);
    if (old) {
        error_at(p, value, "mac %s is already the address of VF %d of PF "
                 "'%s' (line %d, column %d); give each VF its own MAC "
                 "address", s, old->vf, old->pf, old->line, old->column);
    } else {
        struct mac_use *use = xmalloc(sizeof *use);

        use->pf = p->sriov && p->sriov->pf ? p->sriov->pf : "?";
        use->vf = vf->index;
        use->line = value->line;
        use->column = value->column;
        shash_add(&p->macs, mac, use);
    }
    vf->mac = mac;
}

/* Checks the VF at 'node', just parsed into 'vf', against the other VFs
 * and the 'numvfs' of its sriov entry 's'. */
static void
check_vf(struct parser *p, const struct ytree_node *node,
         const struct offload_sriov *s, const struct offload_vf *vf)
{
    const struct ytree_node *index = find_value(node, "index");
    struct ds label = DS_EMPTY_INITIALIZER;

    put_sriov_label(&label, p);
    if (!index) {
        error_at(p, node, "this VF entry of %s has no 'index'; add e.g. "
                 "'index: 0' (VFs are numbered from 0)", ds_cstr(&label));
    } else if (vf->index < 0) {
        /* Invalid, and reported. */
    } else if (s->numvfs == 0) {
        error_at(p, index, "VF %d does not exist: %s has 'numvfs: 0'; "
                 "raise numvfs or remove the VF entry", vf->index,
                 ds_cstr(&label));
    } else if (s->numvfs > 0 && vf->index >= s->numvfs) {
        error_at(p, index, "VF %d does not exist with 'numvfs: %d' in %s: "
                 "VFs are numbered 0 to %d; raise numvfs or remove the VF "
                 "entry", vf->index, s->numvfs, ds_cstr(&label),
                 s->numvfs - 1);
    } else {
        for (const struct offload_vf *old = s->vfs; old < vf; old++) {
            if (old->index == vf->index) {
                error_at(p, index, "VF %d of %s is listed twice (first at "
                         "line %d, column %d); merge the two VF entries",
                         vf->index, ds_cstr(&label), old->mark.line,
                         old->mark.column);
                break;
            }
        }
    }
    ds_destroy(&label);
}

static void
parse_vfs(struct parser *p, const struct key_def *def,
          const struct ytree_pair *pair, void *sriov_)
{
    struct offload_sriov *s = sriov_;
    size_t n = check_sequence(p, def->name, "- {index: 0, trust: true}",
                              pair->value);

    s->vfs = n ? xcalloc(n, sizeof *s->vfs) : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ytree_node *item = pair->value->items[i];

        if (item->type != YTREE_MAPPING) {
            bool number = (item->type == YTREE_SCALAR && *item->scalar
                           && strspn(item->scalar, "0123456789")
                              == strlen(item->scalar));

            error_at(p, item, "each VF entry must be a mapping, not %s; "
                     "write '- {index: %s, trust: true}'",
                     ytree_type_to_string(item->type),
                     number ? item->scalar : "0");
            continue;
        }

        struct offload_vf *vf = &s->vfs[s->n_vfs++];
        vf->index = -1;
        vf->mark.line = item->line;
        vf->mark.column = item->column;
        p->vf = vf;
        parse_mapping(p, item, PLACE_VF, vf);
        check_vf(p, item, s, vf);
        p->vf = NULL;
    }
}

/* Checks the sriov entry at 'node', just parsed into 'cfg->sriov[i]'. */
static void
check_sriov(struct parser *p, const struct ytree_node *node,
            const struct offload_config *cfg, size_t i)
{
    const struct offload_sriov *s = &cfg->sriov[i];

    if (!find_value(node, "pf")) {
        error_at(p, node, "this sriov entry has no 'pf'; add the PF's "
                 "netdev name or PCI address, e.g. 'pf: enp129s0f0np0'");
        return;
    } else if (!s->pf) {
        return;
    }
    for (size_t j = 0; j < i; j++) {
        const struct offload_sriov *old = &cfg->sriov[j];

        if (old->pf && !strcmp(old->pf, s->pf)) {
            error_at(p, find_value(node, "pf"), "duplicate sriov entry for "
                     "PF '%s' (first at line %d, column %d); merge the two "
                     "entries into one", s->pf, old->mark.line,
                     old->mark.column);
            break;
        }
    }
}

static void
parse_sriov(struct parser *p, const struct key_def *def,
            const struct ytree_pair *pair, void *cfg_)
{
    struct offload_config *cfg = cfg_;
    size_t n = check_sequence(p, def->name, "- pf: enp129s0f0np0",
                              pair->value);

    cfg->sriov = n ? xcalloc(n, sizeof *cfg->sriov) : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct ytree_node *item = pair->value->items[i];

        if (item->type != YTREE_MAPPING) {
            bool scalar = item->type == YTREE_SCALAR;

            error_at(p, item, "each sriov entry must be a mapping, not %s; "
                     "write '- pf: %s'", ytree_type_to_string(item->type),
                     scalar && *item->scalar ? item->scalar
                                             : "enp129s0f0np0");
            continue;
        }

        struct offload_sriov *s = &cfg->sriov[cfg->n_sriov++];
        s->mark.line = item->line;
        s->mark.column = item->column;
        s->numvfs = -1;
        p->sriov = s;
        parse_mapping(p, item, PLACE_SRIOV, s);
        check_sriov(p, item, cfg, cfg->n_sriov - 1);
        p->sriov = NULL;
    }
}

/* Cross-checks. */

/* Returns the sriov entry of PF 'pf', or NULL. */
static const struct offload_sriov *
find_sriov(const struct offload_config *cfg, const char *pf)
{
    for (size_t i = 0; pf && i < cfg->n_sriov; i++) {
        if (cfg->sriov[i].pf && !strcmp(cfg->sriov[i].pf, pf)) {
            return &cfg->sriov[i];
        }
    }
    return NULL;
}

/* Checks the bonds with VF-LAG against their bridge and the sriov entries
 * of their members. */
static void
check_vf_lags(struct parser *p, const struct offload_config *cfg)
{
    for (size_t i = 0; i < p->n_lags; i++) {
        const struct cross_ref *ref = &p->lags[i];
        const struct offload_port *port = ref->port;
        const struct ytree_node *members = find_value(ref->node, "members");
        const char *dp = ref->bridge->datapath_type;

        if (dp && !strcmp(dp, "netdev")) {
            error_at(p, find_value(ref->node, "vf-lag"), "VF-LAG on bond "
                     "'%s' needs the kernel datapath, and bridge '%s' has "
                     "'datapath-type: netdev': the NIC offloads only the "
                     "kernel datapath's flows (TC flower); set "
                     "'datapath-type: system' on the bridge, or 'vf-lag: "
                     "off'", port->name ? port->name : "?",
                     ref->bridge->name ? ref->bridge->name : "?");
        }

        for (size_t j = 0; members && j < members->n_items; j++) {
            const struct ytree_node *item = members->items[j];
            const struct offload_sriov *s;

            if (item->type != YTREE_SCALAR) {
                continue;
            }
            s = find_sriov(cfg, item->scalar);
            if (s && s->eswitch && !strcmp(s->eswitch, "legacy")) {
                error_at(p, item, "member '%s' of VF-LAG bond '%s' has "
                         "'eswitch: legacy' in its sriov entry (line %d); "
                         "VF-LAG needs both PFs in switchdev mode: set "
                         "'eswitch: switchdev' there, or 'vf-lag: off'",
                         item->scalar, port->name ? port->name : "?",
                         s->mark.line);
            }
        }
    }
}

/* Returns the item of 'vfs', a sequence, that is VF 'vf', or 'vfs'. */
static const struct ytree_node *
find_vf_item(const struct ytree_node *vfs, int vf)
{
    for (size_t i = 0; i < vfs->n_items; i++) {
        const struct ytree_node *item = vfs->items[i];

        if (item->type == YTREE_SCALAR && atoi(item->scalar) == vf) {
            return item;
        }
    }
    return vfs;
}

/* Checks the representors entries against the sriov entries of their
 * PFs. */
static void
check_representors(struct parser *p, const struct offload_config *cfg)
{
    for (size_t i = 0; i < p->n_reps; i++) {
        const struct cross_ref *ref = &p->reps[i];
        const struct offload_port *port = ref->port;
        const struct offload_sriov *s = find_sriov(cfg, port->rep_pf);

        if (!s) {
            continue;
        } else if (s->eswitch && !strcmp(s->eswitch, "legacy")) {
            error_at(p, find_value(ref->node, "pf"), "PF '%s' has "
                     "representors only in switchdev mode, and its sriov "
                     "entry (line %d) has 'eswitch: legacy'; set 'eswitch: "
                     "switchdev' there, or remove this representors entry",
                     port->rep_pf, s->mark.line);
            continue;
        }
        for (size_t j = 0; s->numvfs >= 0 && j < port->n_rep_vfs; j++) {
            int vf = port->rep_vfs[j];

            if (vf >= s->numvfs) {
                error_at(p, find_vf_item(find_value(ref->node, "vfs"), vf),
                         "VF %d of PF '%s' does not exist with 'numvfs: %d' "
                         "in its sriov entry (line %d); remove it from "
                         "'vfs', or raise numvfs", vf, port->rep_pf,
                         s->numvfs, s->mark.line);
            }
        }
    }
}

static const char *
datapath_type_or_default(const struct offload_bridge *bridge)
{
    return bridge->datapath_type ? bridge->datapath_type : "system";
}

/* Checks the peer of every patch port, now that all ports are known. */
static void
check_peers(struct parser *p, const struct offload_config *cfg)
{
    struct shash ports = SHASH_INITIALIZER(&ports);

    for (size_t i = 0; i < cfg->n_bridges; i++) {
        const struct offload_bridge *bridge = &cfg->bridges[i];

        for (size_t j = 0; j < bridge->n_ports; j++) {
            const struct offload_port *port = &bridge->ports[j];

            if (port->name && port->type != OFFLOAD_PORT_REPRESENTORS) {
                shash_add_once(&ports, port->name, bridge);
            }
        }
    }

    for (size_t i = 0; i < p->n_peers; i++) {
        const struct peer_ref *ref = &p->peers[i];
        const char *name = ref->port->name ? ref->port->name : "?";
        const char *peer = ref->port->peer;
        const struct offload_bridge *peer_bridge;
        const struct offload_port *peer_port = NULL;
        const struct name_use *use;

        if (!strcmp(peer, name)) {
            ytree_diags_add(&p->diags, ref->line, ref->column,
                            "patch port '%s' names itself as its peer; set "
                            "'peer' to the other patch port of the pair",
                            name);
            continue;
        }

        peer_bridge = shash_find_data(&ports, peer);
        for (size_t j = 0; peer_bridge && j < peer_bridge->n_ports; j++) {
            if (peer_bridge->ports[j].name
                && !strcmp(peer_bridge->ports[j].name, peer)) {
                peer_port = &peer_bridge->ports[j];
                break;
            }
        }

        use = shash_find_data(&p->names, peer);
        if (!peer_port) {
            if (use && use->kind != NAME_PORT) {
                ytree_diags_add(&p->diags, ref->line, ref->column,
                                "peer '%s' of patch port '%s' is %s; the "
                                "peer must be a patch port: name the other "
                                "patch port of the pair", peer, name,
                                use->role);
            }
        } else if (peer_port->type != OFFLOAD_PORT_PATCH) {
            ytree_diags_add(&p->diags, ref->line, ref->column,
                            "peer '%s' of patch port '%s' is a port of type "
                            "%s; the peer of a patch port must be a patch "
                            "port: give '%s' 'type: patch' and 'peer: %s'",
                            peer, name,
                            offload_port_type_to_string(peer_port->type),
                            peer, name);
        } else if (peer_port->peer && strcmp(peer_port->peer, name)) {
            ytree_diags_add(&p->diags, ref->line, ref->column,
                            "patch ports '%s' and '%s' do not pair up: '%s' "
                            "has 'peer: %s'; set 'peer: %s' on '%s'",
                            name, peer, peer, peer_port->peer, name, peer);
        } else if (strcmp(datapath_type_or_default(ref->bridge),
                          datapath_type_or_default(peer_bridge))
                   && strcmp(name, peer) < 0) {
            ytree_diags_add(&p->diags, ref->line, ref->column,
                            "patch port '%s' (datapath-type %s) peers with "
                            "'%s' (datapath-type %s); patch ports only "
                            "connect bridges of the same datapath type: use "
                            "the same datapath-type on both bridges", name,
                            datapath_type_or_default(ref->bridge), peer,
                            datapath_type_or_default(peer_bridge));
        }
    }
    shash_destroy(&ports);
}

/* Parser. */

static void
parser_init(struct parser *p, const char *file_name)
{
    memset(p, 0, sizeof *p);
    ytree_diags_init(&p->diags, file_name);
    shash_init(&p->names);
    shash_init(&p->macs);
}

static void
parser_destroy(struct parser *p)
{
    const struct shash_node **nodes = shash_sort(&p->names);

    for (size_t i = 0; i < shash_count(&p->names); i++) {
        struct name_use *use = nodes[i]->data;

        free(use->role);
        free(use->where);
        free(use);
    }
    free(nodes);
    shash_destroy(&p->names);
    shash_destroy_free_data(&p->macs);
    free(p->peers);
    free(p->lags);
    free(p->reps);
    ytree_diags_destroy(&p->diags);
}

static struct offload_config *
config_create(const char *file_name)
{
    struct offload_config *cfg = xzalloc(sizeof *cfg);

    cfg->file_name = xstrdup(file_name);
    cfg->global.max_idle = -1;
    smap_init(&cfg->global.other_config);
    smap_init(&cfg->global.external_ids);
    return cfg;
}

/* A PF in switchdev mode is there for OVS to offload to it: unless the file
 * says otherwise, that implies hw-offload=true.  So removing the sriov
 * entries (or switching them back to legacy) drops the key from the file,
 * and apply puts back the value from before ovs-offload set it. */
static void
imply_hw_offload(struct offload_config *cfg)
{
    if (cfg->global.hw_offload != OFFLOAD_UNSET) {
        return;
    }
    for (size_t i = 0; i < cfg->n_sriov; i++) {
        const char *mode = cfg->sriov[i].eswitch;

        if (mode && !strcmp(mode, "switchdev")) {
            cfg->global.hw_offload = OFFLOAD_TRUE;
            return;
        }
    }
}

static void
parse_root(struct parser *p, const struct ytree_node *root,
           struct offload_config *cfg)
{
    if (!root || ytree_is_null(root)) {
        ytree_diags_add(&p->diags, root ? root->line : 1,
                        root ? root->column : 1, "the file is empty; write "
                        "at least 'version: 1'");
        return;
    } else if (root->type != YTREE_MAPPING) {
        error_at(p, root, "the top level must be a mapping (with 'version', "
                 "'owner', 'ovs', 'sriov' and 'bridges'), not %s; start the "
                 "file with 'version: 1'", ytree_type_to_string(root->type));
        return;
    }

    parse_mapping(p, root, PLACE_TOP, cfg);
    if (!find_value(root, "version")) {
        error_at(p, root, "'version' is missing; add 'version: %d' at the "
                 "top of the file", OFFLOAD_CONFIG_VERSION);
    }
    check_peers(p, cfg);
    check_vf_lags(p, cfg);
    check_representors(p, cfg);
    imply_hw_offload(cfg);
    if (!cfg->owner) {
        cfg->owner = xstrdup("ovs-offload");
    }
}

char *
offload_config_parse_buffer(const char *file_name, const char *buf,
                            size_t len, struct offload_config **cfgp)
{
    struct offload_config *cfg;
    struct ytree_node *root;
    struct parser p;
    char *error;

    if (!file_name) {
        file_name = "-";
    }
    parser_init(&p, file_name);
    cfg = config_create(file_name);
    if (ytree_parse(buf, len, &p.diags, &root)) {
        parse_root(&p, root, cfg);
    }
    ytree_destroy(root);

    error = ytree_diags_to_string(&p.diags);
    parser_destroy(&p);
    if (error) {
        offload_config_destroy(cfg);
        cfg = NULL;
    }
    *cfgp = cfg;
    return error;
}

int
offload_config_read_file(const char *file_name, struct ds *text)
{
    char buf[4096];
    int error = 0;
    FILE *stream;

    stream = fopen(file_name, "rb");
    if (!stream) {
        error = errno;
    } else {
        size_t n;

        while ((n = fread(buf, 1, sizeof buf, stream)) > 0) {
            ds_put_buffer(text, buf, n);
        }
        if (ferror(stream)) {
            error = errno ? errno : EIO;
        }
        fclose(stream);
    }
    return error;
}

char *
offload_config_parse_file(const char *file_name,
                          struct offload_config **cfgp)
{
    struct ds text = DS_EMPTY_INITIALIZER;
    int error;

    *cfgp = NULL;
    error = offload_config_read_file(file_name, &text);
    if (error) {
        ds_destroy(&text);
        return xasprintf("%s: cannot read: %s; create it or pass "
                         "--config=FILE", file_name, ovs_strerror(error));
    }

    char *msg = offload_config_parse_buffer(file_name, text.string,
                                            text.length, cfgp);
    ds_destroy(&text);
    return msg;
}

/* Destruction and lookups. */

static void
port_destroy(struct offload_port *port)
{
    free(port->name);
    free(port->trunks);
    free(port->peer);
    for (size_t i = 0; i < port->n_members; i++) {
        free(port->members[i]);
    }
    free(port->members);
    free(port->bond_mode);
    free(port->lacp);
    free(port->lacp_time);
    free(port->detect);
    free(port->fallback);
    free(port->linux_bond.mode);
    free(port->linux_bond.lacp_rate);
    free(port->linux_bond.xmit_hash_policy);
    free(port->rep_pf);
    free(port->rep_vfs);
    smap_destroy(&port->other_config);
    smap_destroy(&port->external_ids);
}

static void
sriov_destroy(struct offload_sriov *s)
{
    free(s->pf);
    free(s->eswitch);
    free(s->vf_driver);
    for (size_t i = 0; i < s->n_vfs; i++) {
        free(s->vfs[i].mac);
        free(s->vfs[i].driver);
    }
    free(s->vfs);
}

static void
bridge_destroy(struct offload_bridge *bridge)
{
    free(bridge->name);
    free(bridge->datapath_type);
    free(bridge->fail_mode);
    smap_destroy(&bridge->other_config);
    smap_destroy(&bridge->external_ids);
    for (size_t i = 0; i < bridge->n_ports; i++) {
        port_destroy(&bridge->ports[i]);
    }
    free(bridge->ports);
}

void
offload_config_destroy(struct offload_config *cfg)
{
    if (!cfg) {
        return;
    }
    free(cfg->file_name);
    free(cfg->owner);
    free(cfg->global.tc_policy);
    smap_destroy(&cfg->global.other_config);
    smap_destroy(&cfg->global.external_ids);
    for (size_t i = 0; i < cfg->n_bridges; i++) {
        bridge_destroy(&cfg->bridges[i]);
    }
    free(cfg->bridges);
    for (size_t i = 0; i < cfg->n_sriov; i++) {
        sriov_destroy(&cfg->sriov[i]);
    }
    free(cfg->sriov);
    free(cfg);
}

const char *
offload_port_type_to_string(enum offload_port_type type)
{
    size_t i = (unsigned int) type;

    if (type == OFFLOAD_PORT_REPRESENTORS) {
        return "representors";
    }
    return i < N_ELEMS(port_type_names) - 1 ? port_type_names[i]
                                                : "unknown";
}

const struct offload_bridge *
offload_config_find_bridge(const struct offload_config *cfg,
                           const char *name)
{
    for (size_t i = 0; cfg && name && i < cfg->n_bridges; i++) {
        if (cfg->bridges[i].name && !strcmp(cfg->bridges[i].name, name)) {
            return &cfg->bridges[i];
        }
    }
    return NULL;
}
