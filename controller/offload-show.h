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

#ifndef OFFLOAD_SHOW_H
#define OFFLOAD_SHOW_H 1

/* "ovs-offloadctl show": ovs-offload's topology with live state.
 *
 * offload_show_collect() gathers everything into one JSON document: the
 * bridges of the file and the bridges ovs-offload owns, their ports with
 * link state from OVSDB, bond and LACP state from ovs-vswitchd
 * ("bond/show"), the Open_vSwitch settings in force and whether a restart of
 * ovs-vswitchd is pending.  offload_show_format_text() renders the same
 * document for people, so both formats always agree. */

struct db_state;
struct ds;
struct json;
struct offload_config;

/* 'cfg' may be NULL (no readable file): then only owned bridges show.
 * 'vswitchd_pid' is 0 if ovs-vswitchd is not running.  'nic_state' is the
 * NIC state file's contents (controller/nic-phase.h), or NULL; its VF-LAG
 * verdicts show as of the last apply.  The caller owns the result. */
struct json *offload_show_collect(const struct offload_config *cfg,
                                  const struct db_state *state,
                                  long int vswitchd_pid,
                                  const struct json *nic_state);

void offload_show_format_text(const struct json *, struct ds *out);

#endif /* offload-show.h */
