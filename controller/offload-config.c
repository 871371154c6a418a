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
 * 'ovs:', a bridge, a port): each known key is parsed according to its
 * kind (integer with a range, enumeration, interface name, ...) into the
 * field at its offset in the model, or by a custom handler.  Keys that are
 * not known in that place go through report_unknown_key(), which uses the
 * table of misplaced keys (keys that belong elsewhere, such as bond keys
 * under 'ovs:') and the tables of the other places to tell where the key
 * belongs, or suggests the closest known key.
 *
 * Every error is recorded with its position and parsing goes on, so that
 * one run reports all the errors of a file. */

/* Where a key is written. */
enum place {
    PLACE_TOP,                  /* Top level of the file. */
    PLACE_OVS,                  /* Under 'ovs:'. */
    PLACE_BRIDGE,               /* In a bridge: bridges[]. */
    PLACE_PORT,                 /* In a port: bridges[].ports[]. */
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
    enum place home;            /* PLACE_PORT (bonds) or PLACE_OVS. */
    enum ovs_name_kind ovs_kind;
    const char *schema_key;     /* The key to use in our schema. */
    const char *example;        /* E.g. "lacp-time: fast". */
    const char *what;           /* What it is, in OVS terms. */
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

struct parser {
    struct ytree_diags diags;
    struct shash names;         /* Interface name -> struct name_use *. */

    struct peer_ref *peers;
    size_t n_peers;
    size_t allocated_peers;

    /* The bridge and port being parsed, for messages. */
    struct offload_bridge *bridge;
    int bridge_id;
    struct offload_port *port;
    int port_id;
    bool port_type_known;       /* False if 'type' has an invalid value. */
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

/* Indexed by enum offload_port_type. */
static const char *const port_type_names[] = {
    "system", "internal", "patch", "bond", "representor", NULL
};

#define NIC_LAYER "comes with the NIC layer"

static const struct key_def top_keys[] = {
    { .name = "version", .kind = V_CUSTOM, .parse = parse_version,
      .example = "version: 1" },
    { .name = "owner", .kind = V_STRING,
      .offset = offsetof(struct offload_config, owner),
      .example = "owner: ovs-offload" },
    { .name = "ovs", .kind = V_CUSTOM, .parse = parse_ovs,
      .example = "ovs: {max-idle: 10000}" },
    { .name = "bridges", .kind = V_CUSTOM, .parse = parse_bridges,
      .example = "bridges: [{name: br0}]" },
    { .name = "sriov", .kind = V_RESERVED,
      .reserved = "creation of SR-IOV virtual functions " NIC_LAYER
      "; create the VFs outside ovs-offload for now (for example through "
      "/sys/class/net/PF/device/sriov_numvfs)" },
    { .name = "vf-lag", .kind = V_RESERVED,
      .reserved = "VF LAG (bonding of the PFs inside the NIC) " NIC_LAYER
      "; configure it outside ovs-offload, or use an OVS bond "
      "(a port with 'type: bond') for now" },
    { .name = "representors", .kind = V_RESERVED,
      .reserved = "listing representors by PF and VF index " NIC_LAYER
      "; add each representor as a port with 'type: representor' and "
      "its netdev name in 'name' instead" },
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
    { .name = "pf", .kind = V_RESERVED,
      .reserved = "resolution of representors from PF and VF index "
      NIC_LAYER "; name the representor netdev in 'name' instead" },
    { .name = "vf", .kind = V_RESERVED,
      .reserved = "resolution of representors from PF and VF index "
      NIC_LAYER "; name the representor netdev in 'name' instead" },
};

#define BOND_PORT_COLUMN "a per-bond Port column"
#define BOND_OTHER_CONFIG "a per-bond Port other_config key"
#define BOND_KEY "a key of bond ports"
#define GLOBAL_KEY "a global Open_vSwitch other_config key"

/* Keys that belong in one place and are often written in another. */
static const struct misplaced_key misplaced_keys[] = {
    { "bond-mode", PLACE_PORT, OVS_NAME_COLUMN, "bond-mode",
      "bond-mode: balance-tcp", BOND_PORT_COLUMN " (bond_mode)" },
    { "lacp", PLACE_PORT, OVS_NAME_COLUMN, "lacp",
      "lacp: active", BOND_PORT_COLUMN " (lacp)" },
    { "bond-updelay", PLACE_PORT, OVS_NAME_COLUMN, "updelay",
      "updelay: 100", BOND_PORT_COLUMN " (bond_updelay)" },
    { "bond-downdelay", PLACE_PORT, OVS_NAME_COLUMN, "downdelay",
      "downdelay: 100", BOND_PORT_COLUMN " (bond_downdelay)" },
    { "lacp-time", PLACE_PORT, OVS_NAME_OTHER_CONFIG, "lacp-time",
      "lacp-time: fast", BOND_OTHER_CONFIG },
    { "lacp-fallback-ab", PLACE_PORT, OVS_NAME_OTHER_CONFIG,
      "lacp-fallback-ab", "lacp-fallback-ab: true", BOND_OTHER_CONFIG },
    { "bond-detect-mode", PLACE_PORT, OVS_NAME_OTHER_CONFIG, "detect",
      "detect: miimon", BOND_OTHER_CONFIG },
    { "bond-miimon-interval", PLACE_PORT, OVS_NAME_OTHER_CONFIG,
      "miimon-interval", "miimon-interval: 100", BOND_OTHER_CONFIG },
    { "updelay", PLACE_PORT, OVS_NAME_NONE, "updelay",
      "updelay: 100", BOND_KEY },
    { "downdelay", PLACE_PORT, OVS_NAME_NONE, "downdelay",
      "downdelay: 100", BOND_KEY },
    { "detect", PLACE_PORT, OVS_NAME_NONE, "detect",
      "detect: miimon", BOND_KEY },
    { "miimon-interval", PLACE_PORT, OVS_NAME_NONE, "miimon-interval",
      "miimon-interval: 100", BOND_KEY },
    { "members", PLACE_PORT, OVS_NAME_NONE, "members",
      "members: [eth0, eth1]", BOND_KEY },
    { "hw-offload", PLACE_OVS, OVS_NAME_OTHER_CONFIG, "hw-offload",
      "hw-offload: true", GLOBAL_KEY },
    { "tc-policy", PLACE_OVS, OVS_NAME_OTHER_CONFIG, "tc-policy",
      "tc-policy: skip_sw", GLOBAL_KEY },
    { "max-idle", PLACE_OVS, OVS_NAME_OTHER_CONFIG, "max-idle",
      "max-idle: 10000", GLOBAL_KEY },
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
    } else if (mk->home == PLACE_OVS) {
        error_at(p, key, "%s has no effect %s; it is %s: set '%s' under "
                 "'ovs:'", k, places[place].table, mk->what, mk->example);
    } else if (place != PLACE_PORT_OTHER_CONFIG) {
        error_at(p, key, "%s has no effect %s; it is %s: set '%s' on the "
                 "bond port (bridges[].ports[] with type: bond)",
                 k, places[place].table, mk->what, mk->example);
    } else if (mk->ovs_kind == OVS_NAME_COLUMN) {
        error_at(p, key, "%s is a Port column, not an other_config key: "
                 "use '%s:' on the bond port; remove '%s' from "
                 "other-config", k, mk->schema_key, k);
    } else if (mk->ovs_kind == OVS_NAME_OTHER_CONFIG) {
        error_at(p, key, "%s in other-config bypasses validation; use the "
                 "structured key '%s:' on the bond port instead (e.g. '%s')",
                 k, mk->schema_key, mk->example);
    } else {
        error_at(p, key, "%s is not a Port other_config key; use '%s' on "
                 "the bond port", k, mk->example);
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

/* Returns the structured place, other than 'place', that has a key matching
 * 'name' (with '_' for '-'), or 'place' if there is none. */
static enum place
find_other_place(enum place place, const char *name)
{
    static const enum place order[] = {
        PLACE_OVS, PLACE_BRIDGE, PLACE_PORT, PLACE_TOP
    };

    for (size_t i = 0; i < N_ELEMS(order); i++) {
        const struct place_info *pi = &places[order[i]];

        if (order[i] == place) {
            continue;
        }
        for (size_t j = 0; j < pi->n_keys; j++) {
            if (pi->keys[j].kind != V_RESERVED
                && names_match(pi->keys[j].name, name)) {
                return order[i];
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
    struct ds where = DS_EMPTY_INITIALIZER;
    const char *suggestion;
    enum place other;

    if (mk && mk->home != place) {
        report_misplaced(p, place, key, mk);
        return;
    }
    put_place(&where, p, place);

    suggestion = mk ? mk->schema_key : NULL;
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
                 def->name, needed, ds_cstr(&port), port_type_names[type],
                 needed, def->name);
    } else {
        error_at(p, key, "'%s' has no effect on %s of type %s; remove it",
                 def->name, ds_cstr(&port), port_type_names[type]);
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

    if (!parse_enum(p, &type_def, pair->value)) {
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

static bool
lacp_enabled(const struct offload_port *port)
{
    return port->lacp && strcmp(port->lacp, "off");
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

    key = find_key_node(node, "miimon-interval");
    if (key && detect_ok && port->miimon_interval >= 0
        && (!port->detect || strcmp(port->detect, "miimon"))) {
        error_at(p, key, "'miimon-interval' has no effect without "
                 "'detect: miimon'; add 'detect: miimon' or remove "
                 "'miimon-interval'");
    }

    if (lacp_ok && !lacp_enabled(port)) {
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
        if (port->bond_mode && !strcmp(port->bond_mode, "balance-tcp")) {
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
        parse_mapping(p, item, PLACE_PORT, port);
        check_port(p, item, port);
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

/* Cross-checks. */

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

            if (port->name) {
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
                            peer, name, port_type_names[peer_port->type],
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
    free(p->peers);
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
                 "'owner', 'ovs' and 'bridges'), not %s; start the file "
                 "with 'version: 1'", ytree_type_to_string(root->type));
        return;
    }

    parse_mapping(p, root, PLACE_TOP, cfg);
    if (!find_value(root, "version")) {
        error_at(p, root, "'version' is missing; add 'version: %d' at the "
                 "top of the file", OFFLOAD_CONFIG_VERSION);
    }
    check_peers(p, cfg);
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

char *
offload_config_parse_file(const char *file_name,
                          struct offload_config **cfgp)
{
    struct ds text = DS_EMPTY_INITIALIZER;
    char buf[4096];
    int error = 0;
    FILE *stream;

    *cfgp = NULL;
    stream = fopen(file_name, "rb");
    if (!stream) {
        error = errno;
    } else {
        size_t n;

        while ((n = fread(buf, 1, sizeof buf, stream)) > 0) {
            ds_put_buffer(&text, buf, n);
        }
        if (ferror(stream)) {
            error = errno ? errno : EIO;
        }
        fclose(stream);
    }

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
    smap_destroy(&port->other_config);
    smap_destroy(&port->external_ids);
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
    free(cfg);
}

const char *
offload_port_type_to_string(enum offload_port_type type)
{
    size_t i = (unsigned int) type;

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
