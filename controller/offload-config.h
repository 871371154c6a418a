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

#ifndef OFFLOAD_CONFIG_H
#define OFFLOAD_CONFIG_H 1

/* Desired state of ovs-offload: the parsed and validated contents of
 * ovs-offload.yaml (see ovs-offload.yaml(5)).
 *
 * offload_config_parse_file() reads a YAML (or JSON) file, checks every key,
 * type and range, and every cross-object rule (duplicate names, a member in
 * two bonds, a port in two bridges, ...).  It reports *all* errors of a file
 * in one go, each as "FILE:LINE:COLUMN: what is wrong; how to fix it".  Only
 * a file without errors yields a configuration, so nothing downstream ever
 * sees half-valid input.
 *
 * The model is plain data: the planner (plan.h) compares it with a snapshot
 * of the database (db-state.h). */

#include <stdbool.h>
#include <stddef.h>
#include "openvswitch/shash.h"
#include "smap.h"

struct ds;

#define OFFLOAD_CONFIG_DEFAULT_FILE "/etc/ovs-offload/ovs-offload.yaml"
#define OFFLOAD_CONFIG_VERSION 1

/* Linux limits interface names to IFNAMSIZ - 1 bytes. */
#define OFFLOAD_IFNAME_MAX 15

/* A tri-state boolean for optional settings. */
enum offload_tristate {
    OFFLOAD_UNSET = 0,
    OFFLOAD_FALSE,
    OFFLOAD_TRUE,
};

enum offload_port_type {
    OFFLOAD_PORT_SYSTEM,      /* An existing kernel netdev. */
    OFFLOAD_PORT_INTERNAL,    /* An OVS internal port. */
    OFFLOAD_PORT_PATCH,       /* A patch port, with a peer. */
    OFFLOAD_PORT_BOND,        /* An OVS bond over two or more members. */
    OFFLOAD_PORT_REPRESENTOR, /* A VF representor netdev, by name. */
    OFFLOAD_PORT_REPRESENTORS,/* The representors of some or all VFs of a
                               * PF ("representors: {pf: ..., vfs: ...}"),
                               * resolved through devlink ports into one
                               * representor port each before planning. */
};

/* What to do about VF-LAG for a bond over the two PFs of one NIC. */
enum offload_vf_lag {
    OFFLOAD_VF_LAG_OFF = 0,   /* A plain OVS bond, as without the NIC
                               * layer. */
    OFFLOAD_VF_LAG_AUTO,      /* Linux bond over the PFs; if the NIC does not
                               * activate the LAG, remove it and build the
                               * OVS bond fallback. */
    OFFLOAD_VF_LAG_REQUIRE,   /* Linux bond over the PFs; if the NIC does not
                               * activate the LAG, fail and roll back. */
};

/* The Linux bond of a VF-LAG ("linux-bond:" under the bond port).  Unset
 * numbers are -1, unset strings NULL. */
struct offload_linux_bond {
    char *mode;               /* "active-backup", "balance-xor", "802.3ad";
                               * NULL means "802.3ad". */
    int miimon;               /* Milliseconds; -1 means 100. */
    char *lacp_rate;          /* "slow", "fast" or NULL. */
    char *xmit_hash_policy;   /* "layer2", "layer2+3", "layer3+4",
                               * "encap2+3", "encap3+4" or NULL. */
    int updelay;
    int downdelay;
};

/* Where a value came from in the file, for messages. */
struct offload_mark {
    int line;                 /* 1-based. */
    int column;               /* 1-based. */
};

/* Open_vSwitch table: global settings.  All optional. */
struct offload_global {
    enum offload_tristate hw_offload;
    char *tc_policy;          /* "none", "skip_sw", "skip_hw" or NULL. */
    long long int max_idle;   /* Milliseconds, >= 500, or -1 if unset. */
    struct smap other_config; /* Free keys for Open_vSwitch other_config. */
    struct smap external_ids; /* Free keys for Open_vSwitch external_ids. */
};

struct offload_port {
    char *name;               /* Port name; also the interface name, except
                               * for bonds whose interfaces are "members". */
    enum offload_port_type type;
    struct offload_mark mark;

    int mtu;                  /* Interface mtu_request, 0 if unset. */
    int tag;                  /* Access VLAN 0..4095, or -1 if unset. */
    int64_t *trunks;          /* Trunk VLANs, sorted, no duplicates. */
    size_t n_trunks;

    char *peer;               /* OFFLOAD_PORT_PATCH only. */

    /* OFFLOAD_PORT_BOND only. */
    char **members;           /* Interface names, in file order. */
    size_t n_members;
    char *bond_mode;          /* "balance-tcp", "balance-slb",
                               * "active-backup" or NULL. */
    char *lacp;               /* "active", "passive", "off" or NULL. */
    char *lacp_time;          /* "fast", "slow" or NULL. */
    enum offload_tristate lacp_fallback_ab;
    int updelay;              /* Milliseconds, or -1 if unset. */
    int downdelay;            /* Milliseconds, or -1 if unset. */
    char *detect;             /* "carrier", "miimon" or NULL. */
    int miimon_interval;      /* Milliseconds, or -1 if unset. */

    /* OFFLOAD_PORT_BOND over the two PFs of one NIC: VF-LAG. */
    enum offload_vf_lag vf_lag;
    char *fallback;           /* OVS bond_mode used when VF-LAG is off or
                               * inactive: "balance-tcp" (default),
                               * "balance-slb" or "active-backup". */
    struct offload_linux_bond linux_bond;

    /* OFFLOAD_PORT_REPRESENTORS only.  Such a port has no name in the file:
     * the parser gives it the synthetic name "representors:PF" (PF as in
     * 'rep_pf'), for messages only.  It is not an interface name (Linux
     * does not allow ':' in one, and neither does the parser), it takes no
     * part in the duplicate-name and port-in-two-bridges checks (two sets
     * of one PF must not share a VF instead), and the NIC phase replaces
     * the port by one OFFLOAD_PORT_REPRESENTOR port per VF before
     * planning. */
    char *rep_pf;             /* PF netdev name or PCI address. */
    bool rep_all_vfs;         /* "vfs: all". */
    int *rep_vfs;             /* Otherwise these VF indexes, sorted. */
    size_t n_rep_vfs;

    struct smap other_config; /* Free Port other_config keys. */
    struct smap external_ids; /* Free Port external_ids keys. */
};

struct offload_bridge {
    char *name;
    struct offload_mark mark;
    char *datapath_type;      /* "system", "netdev" or NULL. */
    char *fail_mode;          /* "standalone", "secure" or NULL. */
    int mtu;                  /* mtu_request of the bridge's internal
                               * interface, 0 if unset. */
    bool adopt;               /* Take over an existing bridge of this name
                               * that ovs-offload did not create. */
    struct smap other_config;
    struct smap external_ids;

    struct offload_port *ports;
    size_t n_ports;
};

/* Per-VF settings ("vfs:" under an sriov entry). */
struct offload_vf {
    int index;
    struct offload_mark mark;
    char *mac;                /* "xx:xx:xx:xx:xx:xx" or NULL. */
    enum offload_tristate trust;
    enum offload_tristate spoofchk;
    char *driver;             /* Overrides the entry's vf-driver. */
};

/* SR-IOV and switchdev settings of one PF ("sriov:" list). */
struct offload_sriov {
    char *pf;                 /* PF netdev name or PCI address. */
    struct offload_mark mark;
    int numvfs;               /* -1 to leave as is. */
    bool allow_destroy;       /* May lower or reset numvfs while VFs are in
                               * use (bound to vfio-pci, up, enslaved). */
    char *eswitch;            /* "legacy", "switchdev" or NULL to leave. */
    enum offload_tristate hw_tc_offload;
    char *vf_driver;          /* Driver for the VFs ("vfio-pci",
                               * "mlx5_core", ...), "none" to leave them
                               * unbound, NULL to leave as is. */
    enum offload_tristate autoprobe;
    struct offload_vf *vfs;
    size_t n_vfs;
};

struct offload_config {
    char *file_name;          /* For messages. */
    int version;              /* Schema version, always 1 for now. */
    char *owner;              /* Value of external_ids:ovs-offload-owner on
                               * rows we create; "ovs-offload" by default. */

    struct offload_global global;

    struct offload_bridge *bridges;
    size_t n_bridges;

    struct offload_sriov *sriov;
    size_t n_sriov;
};

/* Parses and validates the YAML or JSON text in 'buf' (of 'len' bytes),
 * naming 'file_name' in messages.  On success returns NULL and stores a new
 * configuration in '*cfgp', which the caller must free with
 * offload_config_destroy().  On failure returns a malloc'd string with one
 * line per error ("FILE:LINE:COL: message"), all errors of the text, and
 * stores NULL in '*cfgp'. */
char *offload_config_parse_buffer(const char *file_name, const char *buf,
                                  size_t len, struct offload_config **cfgp)
    OVS_WARN_UNUSED_RESULT;

/* Appends the contents of the file named 'file_name' to 'text'.  Returns 0
 * or an errno value (then 'text' may hold part of the file). */
int offload_config_read_file(const char *file_name, struct ds *text);

/* Like offload_config_parse_buffer() for the file named 'file_name'. */
char *offload_config_parse_file(const char *file_name,
                                struct offload_config **cfgp)
    OVS_WARN_UNUSED_RESULT;

void offload_config_destroy(struct offload_config *);

const char *offload_port_type_to_string(enum offload_port_type);

/* Lookups, NULL if absent. */
const struct offload_bridge *offload_config_find_bridge(
    const struct offload_config *, const char *name);

#endif /* offload-config.h */
