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

#include "controller/offload-show.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "controller/db-state.h"
#include "controller/offload-config.h"
#include "controller/plan.h"
#include "controller/vswitchd-ctl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "smap.h"
#include "sset.h"
#include "util.h"

/* The Open_vSwitch other_config keys that matter for offload. */
static const char *const global_keys[] = {
    "hw-offload", "tc-policy", "max-idle",
};

static struct json *
string_or_null(const char *s)
{
    return s ? json_string_create(s) : json_null_create();
}

static const struct bond_member_status *
find_member(const struct bond_status *bond, const char *name)
{
    for (size_t i = 0; bond && i < bond->n_members; i++) {
        if (!strcmp(bond->members[i].name, name)) {
            return &bond->members[i];
        }
    }
    return NULL;
}

static struct json *
iface_json(const struct db_iface *iface, const struct bond_status *bond)
{
    struct json *j = json_object_create();
    const struct bond_member_status *m = find_member(bond, iface->name);

    json_object_put_string(j, "name", iface->name);
    json_object_put_string(j, "type", *iface->type ? iface->type : "system");
    json_object_put(j, "link_state", string_or_null(iface->link_state));
    json_object_put(j, "admin_state", string_or_null(iface->admin_state));
    json_object_put(j, "error", string_or_null(iface->error));
    if (iface->lacp_current >= 0) {
        json_object_put(j, "lacp_current",
                        json_boolean_create(iface->lacp_current));
    }
    if (m) {
        json_object_put_string(j, "bond_member",
                               m->enabled ? "enabled" : "disabled");
        json_object_put(j, "active", json_boolean_create(m->active));
    }
    return j;
}

/* Asks ovs-vswitchd for "bond/show PORT".  Returns false if it cannot. */
static bool
fetch_bond(const char *port, struct bond_status *bond, char **errp)
{
    char *argv[] = { CONST_CAST(char *, port) };
    char *reply;

    *errp = NULL;
    if (vswitchd_ctl_call("bond/show", 1, argv, &reply)) {
        *errp = reply;
        return false;
    }

    bool ok = vswitchd_parse_bond_show(reply, bond);
    free(reply);
    return ok;
}

static struct json *
port_json(const struct db_state *state, const struct db_port *port,
          long int pid)
{
    struct json *j = json_object_create();
    struct json *ifaces = json_array_create_empty();
    struct bond_status bond;
    bool has_bond = false;

    json_object_put_string(j, "name", port->name);
    json_object_put(j, "owned",
                    json_boolean_create(
                        db_state_is_owned(&port->external_ids)));
    if (port->tag >= 0) {
        json_object_put(j, "tag", json_integer_create(port->tag));
    }
    if (port->n_ifaces > 1) {
        struct json *b = json_object_create();
        char *err = NULL;

        json_object_put(b, "bond_mode", string_or_null(port->bond_mode));
        json_object_put(b, "lacp", string_or_null(port->lacp));
        json_object_put(b, "lacp_time",
                        string_or_null(smap_get(&port->other_config,
                                                "lacp-time")));
        if (pid && fetch_bond(port->name, &bond, &err)) {
            has_bond = true;
            json_object_put(b, "lacp_status",
                            string_or_null(bond.lacp_status));
        } else {
            json_object_put(b, "lacp_status", json_null_create());
            json_object_put_string(b, "error", err ? err
                                   : "ovs-vswitchd is not running");
        }
        free(err);
        json_object_put(j, "bond", b);
    }
    for (size_t i = 0; i < port->n_ifaces; i++) {
        const struct db_iface *iface = shash_find_data(&state->ifaces,
                                                       port->ifaces[i]);
        if (iface) {
            json_array_add(ifaces, iface_json(iface,
                                              has_bond ? &bond : NULL));
        }
    }
    json_object_put(j, "interfaces", ifaces);
    if (has_bond) {
        bond_status_destroy(&bond);
    }
    return j;
}

static struct json *
bridge_json(const struct db_state *state, const char *name, bool in_file,
            long int pid)
{
    const struct db_bridge *br = shash_find_data(&state->bridges, name);
    struct json *j = json_object_create();
    struct json *ports = json_array_create_empty();

    json_object_put_string(j, "name", name);
    json_object_put(j, "in_file", json_boolean_create(in_file));
    json_object_put(j, "present", json_boolean_create(br != NULL));
    if (br) {
        json_object_put(j, "owned",
                        json_boolean_create(
                            db_state_is_owned(&br->external_ids)));
        json_object_put_string(j, "datapath_type",
                               *br->datapath_type ? br->datapath_type
                               : "system");
        for (size_t i = 0; i < br->n_ports; i++) {
            const struct db_port *port = shash_find_data(&state->ports,
                                                         br->ports[i]);
            if (port) {
                json_array_add(ports, port_json(state, port, pid));
            }
        }
    }
    json_object_put(j, "ports", ports);
    return j;
}

struct json *
offload_show_collect(const struct offload_config *cfg,
                     const struct db_state *state, long int vswitchd_pid,
                     const struct json *nic_state)
{
    struct json *j = json_object_create();
    const struct json *lags = (nic_state && nic_state->type == JSON_OBJECT
                               ? shash_find_data(json_object(nic_state),
                                                 "lags")
                               : NULL);

    json_object_put(j, "vf_lag", lags && lags->type == JSON_OBJECT
                    ? json_clone(lags) : json_object_create());
    struct json *bridges = json_array_create_empty();
    struct sset done = SSET_INITIALIZER(&done);

    for (size_t i = 0; cfg && i < cfg->n_bridges; i++) {
        sset_add(&done, cfg->bridges[i].name);
        json_array_add(bridges, bridge_json(state, cfg->bridges[i].name,
                                             true, vswitchd_pid));
    }

    const struct shash_node **nodes = shash_sort(&state->bridges);
    for (size_t i = 0; i < shash_count(&state->bridges); i++) {
        const struct db_bridge *br = nodes[i]->data;

        if (db_state_is_owned(&br->external_ids)
            && !sset_contains(&done, br->name)) {
            json_array_add(bridges, bridge_json(state, br->name, false,
                                                vswitchd_pid));
        }
    }
    free(nodes);
    sset_destroy(&done);
    json_object_put(j, "bridges", bridges);

    struct smap in_force = SMAP_INITIALIZER(&in_force);
    for (size_t i = 0; i < ARRAY_SIZE(global_keys); i++) {
        const char *v = smap_get(&state->other_config, global_keys[i]);

        if (v) {
            smap_add(&in_force, global_keys[i], v);
        }
    }
    json_object_put(j, "other_config", smap_to_json(&in_force));
    smap_destroy(&in_force);

    struct json *vsd = json_object_create();
    json_object_put(vsd, "running", json_boolean_create(vswitchd_pid != 0));
    if (vswitchd_pid) {
        json_object_put(vsd, "pid", json_integer_create(vswitchd_pid));
    }
    json_object_put(vsd, "cur_cfg", json_integer_create(state->cur_cfg));
    json_object_put(vsd, "next_cfg", json_integer_create(state->next_cfg));
    json_object_put(j, "vswitchd", vsd);

    const char *reason = plan_pending_restart(&state->external_ids,
                                              vswitchd_pid);
    json_object_put(j, "restart_pending", json_boolean_create(reason));
    json_object_put(j, "restart_reason", string_or_null(reason));
    return j;
}

/* Text rendering of the document built above. */

static const char *
jstr(const struct json *obj, const char *key, const char *dflt)
{
    const struct json *v = shash_find_data(json_object(obj), key);

    return v && v->type == JSON_STRING ? json_string(v) : dflt;
}

static bool
jbool(const struct json *obj, const char *key)
{
    const struct json *v = shash_find_data(json_object(obj), key);

    return v && v->type == JSON_TRUE;
}

static const struct json *
jget(const struct json *obj, const char *key)
{
    return shash_find_data(json_object(obj), key);
}

static void
format_iface(const struct json *iface, struct ds *out)
{
    const struct json *lc = jget(iface, "lacp_current");

    ds_put_format(out, "        %s: link %s", jstr(iface, "name", "?"),
                  jstr(iface, "link_state", "unknown"));
    if (jstr(iface, "bond_member", NULL)) {
        ds_put_format(out, ", member %s%s", jstr(iface, "bond_member", ""),
                      jbool(iface, "active") ? " (active)" : "");
    }
    if (lc) {
        ds_put_format(out, ", lacp %s",
                      lc->type == JSON_TRUE ? "current" : "not current");
    }
    if (jstr(iface, "error", NULL)) {
        ds_put_format(out, ", error: %s", jstr(iface, "error", ""));
    }
    ds_put_char(out, '\n');
}

static void
format_port(const struct json *port, struct ds *out)
{
    const struct json *bond = jget(port, "bond");
    const struct json *tag = jget(port, "tag");
    const struct json *ifaces = jget(port, "interfaces");

    ds_put_format(out, "    Port %s", jstr(port, "name", "?"));
    if (!jbool(port, "owned")) {
        ds_put_cstr(out, " (not managed by ovs-offload)");
    }
    if (tag && tag->type == JSON_INTEGER) {
        ds_put_format(out, ", tag %"PRId64, json_integer(tag));
    }
    ds_put_char(out, '\n');
    if (bond) {
        ds_put_format(out, "      bond_mode: %s, lacp: %s, lacp-time: %s\n"
                      "      lacp_status: %s\n",
                      jstr(bond, "bond_mode", "(default)"),
                      jstr(bond, "lacp", "off"),
                      jstr(bond, "lacp_time", "slow"),
                      jstr(bond, "lacp_status", "unknown"));
        if (jstr(bond, "error", NULL)) {
            ds_put_format(out, "      (no live bond state: %s)\n",
                          jstr(bond, "error", ""));
        }
    }
    for (size_t i = 0; ifaces && i < json_array(ifaces)->n; i++) {
        format_iface(json_array(ifaces)->elems[i], out);
    }
}

void
offload_show_format_text(const struct json *j, struct ds *out)
{
    const struct json *bridges = jget(j, "bridges");
    const struct json *vsd = jget(j, "vswitchd");
    const struct json *oc = jget(j, "other_config");

    for (size_t i = 0; i < json_array(bridges)->n; i++) {
        const struct json *br = json_array(bridges)->elems[i];
        const struct json *ports = jget(br, "ports");

        ds_put_format(out, "Bridge %s", jstr(br, "name", "?"));
        if (!jbool(br, "present")) {
            ds_put_cstr(out, ": not in the database (run apply)\n");
            continue;
        }
        ds_put_format(out, " (datapath %s%s%s)\n",
                      jstr(br, "datapath_type", "system"),
                      jbool(br, "owned") ? "" : ", not managed",
                      jbool(br, "in_file") ? "" : ", no longer in the file");
        for (size_t k = 0; k < json_array(ports)->n; k++) {
            format_port(json_array(ports)->elems[k], out);
        }
    }

    const struct json *lags = jget(j, "vf_lag");
    const struct shash_node **lag_nodes = shash_sort(json_object(lags));
    for (size_t i = 0; i < shash_count(json_object(lags)); i++) {
        const struct json *l = lag_nodes[i]->data;

        ds_put_format(out, "VF-LAG %s: %s%s%s (as of the last apply)\n",
                      lag_nodes[i]->name, jstr(l, "state", "unknown"),
                      jstr(l, "reason", NULL) ? ": " : "",
                      jstr(l, "reason", ""));
    }
    free(lag_nodes);

    ds_put_cstr(out, "Open_vSwitch other_config:");
    if (shash_is_empty(json_object(oc))) {
        ds_put_cstr(out, " (none of hw-offload, tc-policy, max-idle set)");
    } else {
        const struct shash_node **nodes = shash_sort(json_object(oc));

        for (size_t i = 0; i < shash_count(json_object(oc)); i++) {
            ds_put_format(out, " %s=%s", nodes[i]->name,
                          json_string(nodes[i]->data));
        }
        free(nodes);
    }
    ds_put_char(out, '\n');

    const struct json *pid = jget(vsd, "pid");
    if (pid) {
        ds_put_format(out, "ovs-vswitchd: running, pid %"PRId64", cur_cfg "
                      "%"PRId64" of %"PRId64"\n", json_integer(pid),
                      json_integer(jget(vsd, "cur_cfg")),
                      json_integer(jget(vsd, "next_cfg")));
    } else {
        ds_put_cstr(out, "ovs-vswitchd: not running\n");
    }
    if (jbool(j, "restart_pending")) {
        ds_put_format(out, "Restart pending: yes: %s\n",
                      jstr(j, "restart_reason", ""));
    } else {
        ds_put_cstr(out, "Restart pending: no\n");
    }
}
