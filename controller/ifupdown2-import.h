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

#ifndef IFUPDOWN2_IMPORT_H
#define IFUPDOWN2_IMPORT_H 1

/* Import of the Open vSwitch part of an ifupdown2 configuration.
 *
 * Proxmox VE hosts describe Open vSwitch in /etc/network/interfaces, with the
 * "ovs_*" options of ifupdown2's openvswitch and openvswitch_port addons:
 *
 *     auto vmbr1
 *     iface vmbr1 inet static
 *         ovs_type OVSBridge
 *         ovs_ports bond1
 *         address 192.0.2.2/24
 *
 *     auto bond1
 *     iface bond1 inet manual
 *         ovs_type OVSBond
 *         ovs_bridge vmbr1
 *         ovs_bonds enp129s0f0np0 enp129s0f1np1
 *         ovs_options lacp=active bond_mode=balance-tcp
 *
 * ifupdown2_import_file() reads such a file, with its "source" and
 * "source-directory" includes, and writes the equivalent ovs-offload.yaml
 * (see ovs-offload.yaml(5)): the same Bridge, Port and Interface rows and
 * columns that ifupdown2 would create, in file order.  It understands the
 * stanza types OVSBridge, OVSPort, OVSIntPort, OVSBond and OVSPatchPort,
 * and the options ovs_type, ovs_bridge, ovs_ports, ovs_bonds, ovs_options,
 * ovs_extra (the ovs-vsctl "set" commands that have a structured
 * equivalent), ovs_mtu and ovs_patch_peer.
 *
 * What the schema cannot express is an error, never silently dropped: every
 * error of the input is reported in one run, one per line, as
 * "FILE:LINE: what is wrong; how to fix it".  The YAML is checked with
 * offload_config_parse_buffer() before it is returned, so it always passes
 * "ovs-offloadctl validate".
 *
 * What stays with ifupdown2 (addresses, gateways, non-OVS stanzas, hooks)
 * and what the import deliberately does differently from ifupdown2 is
 * described in 'notes', one line per note. */

#include "openvswitch/compiler.h"

struct ds;

/* Imports the interfaces file 'path'.  On success returns NULL and appends
 * the YAML document to 'yaml_out'.  On failure returns a malloc'd string
 * with all the errors, one per line (each ending in a new-line), and leaves
 * 'yaml_out' untouched.  In both cases appends the notes to 'notes', one
 * per line, each "FILE:LINE: text" and ending in a new-line. */
char *ifupdown2_import_file(const char *path, struct ds *yaml_out,
                            struct ds *notes)
    OVS_WARN_UNUSED_RESULT;

#endif /* ifupdown2-import.h */
