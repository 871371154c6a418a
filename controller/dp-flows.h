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

#ifndef DP_FLOWS_H
#define DP_FLOWS_H 1

/* Datapath flows as ovs-vswitchd lists them: the text of
 * "ovs-appctl dpctl/dump-flows -m type=offloaded" and "... type=ovs"
 * (OVS lib/dpctl.c, format_dpif_flow()), one flow per line:
 *
 *   ufid:..., recirc_id(0),in_port(2),..., packets:10, bytes:980,
 *   used:0.5s, offloaded:yes, dp:tc, actions:hash(l4(0)),recirc(0x1)
 *
 * counted as offloaded or software flows, with a reason per software flow
 * where its actions tell one. */

#include <stdbool.h>
#include <stddef.h>

/* Why a datapath flow stays in software, from its actions. */
enum dp_flow_reason {
    DP_REASON_NONE,             /* Nothing in the actions tells. */
    DP_REASON_HASH,             /* hash(): OVS balance-tcp bond. */
    DP_REASON_USERSPACE,        /* userspace(): sent to ovs-vswitchd. */
    DP_REASON_CT,               /* ct(): connection tracking. */
    DP_REASON_N
};

/* "hash action (balance-tcp)", "userspace action", "ct action", or NULL
 * for DP_REASON_NONE. */
const char *dp_flow_reason_to_string(enum dp_flow_reason);

/* The reason that the actions of a flow line (the text after "actions:",
 * 'n' bytes at 'actions') tell. */
enum dp_flow_reason dp_flow_reason_of(const char *actions, size_t n);

struct dp_flows {
    bool available;             /* The counts are known. */
    unsigned long long int offloaded;
    unsigned long long int software;
    unsigned long long int reasons[DP_REASON_N];  /* Software flows. */
};

void dp_flows_init(struct dp_flows *);

/* Adds the flows in 'text' (a dump-flows reply) to 'flows': to the
 * offloaded count, or with 'software' to the software count and reasons.
 * Lines without ", actions:" (e.g. "flow-dump from pmd on cpu core: 3")
 * are not flows.  Linear in the length of 'text'. */
void dp_flows_parse(const char *text, bool software, struct dp_flows *);

/* Asks ovs-vswitchd for both dumps (every datapath if it has several) and
 * fills 'flows'.  A datapath that does not know a type (the userspace
 * datapath and type=offloaded) counts as 0 flows of that type.  Returns 0,
 * or a positive errno value if ovs-vswitchd could not be asked, with
 * 'flows->available' false and the reason in '*errp' (caller frees; 'errp'
 * may be NULL). */
int dp_flows_fetch(struct dp_flows *, char **errp);

#endif /* dp-flows.h */
