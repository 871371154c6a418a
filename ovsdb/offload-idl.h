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

#ifndef OFFLOAD_IDL_H
#define OFFLOAD_IDL_H 1

/* Connection to the Open_vSwitch database through the OVS IDL.
 *
 * Registers only the tables and columns that ovs-offload reads or writes,
 * waits for the first complete copy of them, and turns that copy into a
 * plain-data snapshot (controller/db-state.h) for the planner. */

#include <stdbool.h>
#include <stdint.h>

struct db_state;
struct ovsdb_idl;

/* Default remote: unix:<rundir>/db.sock, where the rundir honours
 * OVS_RUNDIR, as in ovs-vsctl.  The caller frees the result. */
char *offload_idl_default_remote(void);

/* Creates an IDL for 'remote' and waits up to 'timeout_ms' for its first
 * complete contents.  On success returns 0 and stores the IDL in '*idlp'; on
 * failure returns a positive errno value and stores an explanation in
 * '*errp' (which the caller frees). */
int offload_idl_connect(const char *remote, long long int timeout_ms,
                        struct ovsdb_idl **idlp, char **errp);

/* Creates an IDL for 'remote' that keeps reconnecting (with backoff) when
 * the connection fails or drops, for a long-lived client such as the daemon,
 * which drives it with ovsdb_idl_run() and ovsdb_idl_wait() from its own
 * poll loop.  Does not wait for a connection. */
struct ovsdb_idl *offload_idl_create_persistent(const char *remote);

/* Runs the IDL until 'done(idl, aux)' is true, the connection dies, or
 * 'deadline' (in time_msec() terms) passes.  Returns true if 'done' held. */
bool offload_idl_wait(struct ovsdb_idl *,
                      bool (*done)(struct ovsdb_idl *, const void *aux),
                      const void *aux, long long int deadline);

/* Waits, as offload_idl_wait(), until the IDL's contents change from
 * sequence number 'seqno'. */
bool offload_idl_wait_change(struct ovsdb_idl *, unsigned int seqno,
                             long long int deadline);

/* Fills 'state' (initialized by the caller) from the IDL's contents. */
void offload_idl_snapshot(struct ovsdb_idl *, struct db_state *state);

void offload_idl_destroy(struct ovsdb_idl *);

#endif /* offload-idl.h */
