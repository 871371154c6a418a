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

#include "ovsdb/offload-idl.h"

#include <errno.h>
#include <string.h>

#include "controller/db-state.h"
#include "dirs.h"
#include "lib/vswitch-idl.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(offload_idl);

char *
offload_idl_default_remote(void)
{
    return xasprintf("unix:%s/db.sock", ovs_rundir());
}

/* The columns ovs-offload reads or writes; nothing else is replicated. */
static void
register_columns(struct ovsdb_idl *idl)
{
    static const struct ovsdb_idl_column *const columns[] = {
        &ovsrec_open_vswitch_col_bridges,
        &ovsrec_open_vswitch_col_other_config,
        &ovsrec_open_vswitch_col_external_ids,
        &ovsrec_open_vswitch_col_next_cfg,
        &ovsrec_open_vswitch_col_cur_cfg,
        &ovsrec_open_vswitch_col_ovs_version,

        &ovsrec_bridge_col_name,
        &ovsrec_bridge_col_datapath_type,
        &ovsrec_bridge_col_fail_mode,
        &ovsrec_bridge_col_other_config,
        &ovsrec_bridge_col_external_ids,
        &ovsrec_bridge_col_ports,

        &ovsrec_port_col_name,
        &ovsrec_port_col_tag,
        &ovsrec_port_col_trunks,
        &ovsrec_port_col_bond_mode,
        &ovsrec_port_col_lacp,
        &ovsrec_port_col_bond_updelay,
        &ovsrec_port_col_bond_downdelay,
        &ovsrec_port_col_bond_active_slave,
        &ovsrec_port_col_other_config,
        &ovsrec_port_col_external_ids,
        &ovsrec_port_col_interfaces,

        &ovsrec_interface_col_name,
        &ovsrec_interface_col_type,
        &ovsrec_interface_col_options,
        &ovsrec_interface_col_mtu_request,
        &ovsrec_interface_col_other_config,
        &ovsrec_interface_col_external_ids,
        &ovsrec_interface_col_link_state,
        &ovsrec_interface_col_admin_state,
        &ovsrec_interface_col_lacp_current,
        &ovsrec_interface_col_ofport,
        &ovsrec_interface_col_error,
    };

    ovsdb_idl_add_table(idl, &ovsrec_table_open_vswitch);
    ovsdb_idl_add_table(idl, &ovsrec_table_bridge);
    ovsdb_idl_add_table(idl, &ovsrec_table_port);
    ovsdb_idl_add_table(idl, &ovsrec_table_interface);
    for (size_t i = 0; i < ARRAY_SIZE(columns); i++) {
        ovsdb_idl_add_column(idl, columns[i]);
    }
}

int
offload_idl_connect(const char *remote, long long int timeout_ms,
                    struct ovsdb_idl **idlp, char **errp)
{
    struct ovsdb_idl *idl = ovsdb_idl_create(remote, &ovsrec_idl_class,
                                             false, false);
    long long int deadline = time_msec() + timeout_ms;

    *idlp = NULL;
    *errp = NULL;
    register_columns(idl);

    unsigned int seqno = ovsdb_idl_get_seqno(idl);
    for (;;) {
        ovsdb_idl_run(idl);
        if (!ovsdb_idl_is_alive(idl)) {
            int error = ovsdb_idl_get_last_error(idl);

            *errp = xasprintf("%s: database connection failed (%s); is "
                              "ovsdb-server running? (--db=REMOTE names "
                              "another one)", remote,
                              ovs_retval_to_string(error));
            ovsdb_idl_destroy(idl);
            return error ? error : ECONNREFUSED;
        }
        if (ovsdb_idl_has_ever_connected(idl)
            && seqno != ovsdb_idl_get_seqno(idl)) {
            break;
        }
        if (time_msec() >= deadline) {
            *errp = xasprintf("%s: no answer from the database within %lld "
                              "ms", remote, timeout_ms);
            ovsdb_idl_destroy(idl);
            return ETIMEDOUT;
        }
        ovsdb_idl_wait(idl);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    *idlp = idl;
    return 0;
}

struct ovsdb_idl *
offload_idl_create_persistent(const char *remote)
{
    struct ovsdb_idl *idl = ovsdb_idl_create(remote, &ovsrec_idl_class,
                                             false, true);

    register_columns(idl);
    return idl;
}

bool
offload_idl_wait(struct ovsdb_idl *idl,
                 bool (*done)(struct ovsdb_idl *, const void *aux),
                 const void *aux, long long int deadline)
{
    for (;;) {
        ovsdb_idl_run(idl);
        if (done(idl, aux)) {
            return true;
        }
        if (time_msec() >= deadline || !ovsdb_idl_is_alive(idl)) {
            return false;
        }
        ovsdb_idl_wait(idl);
        poll_timer_wait_until(deadline);
        poll_block();
    }
}

static bool
seqno_changed(struct ovsdb_idl *idl, const void *seqno_)
{
    const unsigned int *seqno = seqno_;

    return ovsdb_idl_get_seqno(idl) != *seqno;
}

bool
offload_idl_wait_change(struct ovsdb_idl *idl, unsigned int seqno,
                        long long int deadline)
{
    return offload_idl_wait(idl, seqno_changed, &seqno, deadline);
}

static void
smap_copy_into(struct smap *dst, const struct smap *src)
{
    smap_clear(dst);
    smap_clone(dst, src);
}

static void
snapshot_iface(struct db_state *state, const char *port,
               const struct ovsrec_interface *row)
{
    struct db_iface *iface = db_state_add_iface(state, port, row->name);

    free(iface->type);
    iface->type = xstrdup(row->type ? row->type : "");
    iface->mtu_request = row->n_mtu_request ? row->mtu_request[0] : 0;
    smap_copy_into(&iface->options, &row->options);
    smap_copy_into(&iface->other_config, &row->other_config);
    smap_copy_into(&iface->external_ids, &row->external_ids);
    iface->link_state = row->link_state ? xstrdup(row->link_state) : NULL;
    iface->admin_state = row->admin_state ? xstrdup(row->admin_state) : NULL;
    iface->lacp_current = row->n_lacp_current ? row->lacp_current[0] : -1;
    iface->ofport = row->n_ofport ? row->ofport[0] : -1;
    iface->error = row->error ? xstrdup(row->error) : NULL;
}

static void
snapshot_port(struct db_state *state, const char *bridge,
              const struct ovsrec_port *row)
{
    struct db_port *port = db_state_add_port(state, bridge, row->name);

    port->tag = row->n_tag ? row->tag[0] : -1;
    port->n_trunks = row->n_trunks;
    port->trunks = xmemdup(row->trunks, row->n_trunks * sizeof *row->trunks);
    port->bond_mode = row->bond_mode ? xstrdup(row->bond_mode) : NULL;
    port->lacp = row->lacp ? xstrdup(row->lacp) : NULL;
    port->bond_updelay = row->bond_updelay;
    port->bond_downdelay = row->bond_downdelay;
    port->bond_active_slave = (row->bond_active_slave
                               ? xstrdup(row->bond_active_slave) : NULL);
    smap_copy_into(&port->other_config, &row->other_config);
    smap_copy_into(&port->external_ids, &row->external_ids);
    for (size_t i = 0; i < row->n_interfaces; i++) {
        snapshot_iface(state, row->name, row->interfaces[i]);
    }
}

void
offload_idl_snapshot(struct ovsdb_idl *idl, struct db_state *state)
{
    const struct ovsrec_open_vswitch *root = ovsrec_open_vswitch_first(idl);
    const struct ovsrec_bridge *br_row;
    const struct ovsrec_port *port_row;
    const struct ovsrec_interface *iface_row;

    if (root) {
        state->has_root = true;
        smap_copy_into(&state->other_config, &root->other_config);
        smap_copy_into(&state->external_ids, &root->external_ids);
        state->next_cfg = root->next_cfg;
        state->cur_cfg = root->cur_cfg;
    }
    OVSREC_BRIDGE_FOR_EACH (br_row, idl) {
        struct db_bridge *br = db_state_add_bridge(state, br_row->name);

        free(br->datapath_type);
        br->datapath_type = xstrdup(br_row->datapath_type
                                    ? br_row->datapath_type : "");
        br->fail_mode = br_row->fail_mode ? xstrdup(br_row->fail_mode) : NULL;
        smap_copy_into(&br->other_config, &br_row->other_config);
        smap_copy_into(&br->external_ids, &br_row->external_ids);
        for (size_t i = 0; i < br_row->n_ports; i++) {
            snapshot_port(state, br_row->name, br_row->ports[i]);
        }
    }

    /* Rows that no bridge or port references (only mid-transaction). */
    OVSREC_PORT_FOR_EACH (port_row, idl) {
        if (!shash_find(&state->ports, port_row->name)) {
            snapshot_port(state, NULL, port_row);
        }
    }
    OVSREC_INTERFACE_FOR_EACH (iface_row, idl) {
        if (!shash_find(&state->ifaces, iface_row->name)) {
            snapshot_iface(state, NULL, iface_row);
        }
    }
    db_state_finish(state);
}

void
offload_idl_destroy(struct ovsdb_idl *idl)
{
    ovsdb_idl_destroy(idl);
}
