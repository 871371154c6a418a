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

#ifndef TRAFFIC_GEN_H
#define TRAFFIC_GEN_H 1

/* traffic-gen: the built-in traffic of "ovs-offloadctl failover-test".
 *
 * UDP datagrams with sequence numbers at a fixed rate, sent from one network
 * namespace to an address in another, and received there, so that losses
 * (sequence gaps) and loss windows (time without a reception) can be
 * measured to the millisecond.
 *
 * Namespaces.  traffic_gen_start() enters each namespace (setns() on
 * /run/netns/NAME, as "ip netns exec" does) only to create its socket there,
 * then returns to the caller's namespace: a socket stays in the namespace it
 * was created in.  So the rest of the program, its rtnetlink sockets
 * included, never leaves its own namespace.
 *
 * One thread sends on schedule and receives in between.  Times are from
 * CLOCK_MONOTONIC in milliseconds, the clock of traffic_gen_now_ms(). */

#include <stdint.h>

#include "openvswitch/compiler.h"

struct failover_traffic_sample;

/* Default UDP port and rate. */
#define TRAFFIC_GEN_PORT 47474
#define TRAFFIC_GEN_RATE 1000

struct traffic_gen_options {
    const char *from_ns;        /* Sender's netns name, NULL for ours. */
    const char *to_ns;          /* Receiver's netns name, NULL for ours. */
    const char *to_addr;        /* Receiver's IPv4 or IPv6 address. */
    uint16_t port;              /* Receiver's UDP port. */
    unsigned int rate_pps;      /* Datagrams per second, 1..100000. */
};

char *traffic_gen_parse_to(const char *arg, char **ns, char **addr,
                           uint16_t *port) OVS_WARN_UNUSED_RESULT;

struct traffic_gen;

struct traffic_gen *traffic_gen_start(const struct traffic_gen_options *,
                                      char **errp);
int traffic_gen_wait_flowing(struct traffic_gen *, unsigned int n,
                             long long int timeout_ms);
void traffic_gen_mark(struct traffic_gen *);
void traffic_gen_sample(struct traffic_gen *,
                        struct failover_traffic_sample *);
void traffic_gen_stop(struct traffic_gen *);

long long int traffic_gen_now_ms(void);

#endif /* traffic-gen.h */
