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

#ifndef FAILOVER_H
#define FAILOVER_H 1

/* failover: the runner of "ovs-offloadctl failover-test".
 *
 * For each leg of a bond in turn, with traffic running: fail the leg, wait
 * until the bond notices, measure how long traffic takes to come back on
 * the surviving legs and how much was lost, check that the survivors carry
 * it and that offloaded flows recover, restore the leg and wait until the
 * bond uses it again.  Before the first leg it refuses to start (changing
 * nothing) if any leg is already down or out of use, since the test would
 * then take the bond down altogether.
 *
 * The runner sees the bond, the clock and the traffic only through the
 * vtables below, so that a unit test drives it with a fake bond and a fake
 * clock; controller/failover-kernel.c is the real bond (OVS or Linux) and
 * controller/traffic-gen.c the real traffic.
 *
 * Whatever happens (an error, a timeout, an interrupt that 'interrupted'
 * reports), a leg that the runner failed is restored before
 * failover_run() returns. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What kind of bond. */
enum failover_kind {
    FAILOVER_OVS,               /* OVS bond: state from "bond/show". */
    FAILOVER_LINUX,             /* Linux bonding device: rtnetlink. */
};

const char *failover_kind_to_string(enum failover_kind);

/* One leg, as the backend reads it. */
struct failover_leg_state {
    char *name;
    bool link_up;               /* Administratively up, with carrier. */
    bool in_use;                /* The bond uses it: enabled (OVS), or MII
                                 * up and in the active aggregator (Linux
                                 * 802.3ad). */
    char *why;                  /* If !link_up or !in_use: why, for
                                 * messages.  May be NULL. */
};

/* A bond, as the backend reads it. */
struct failover_bond_state {
    struct failover_leg_state *legs;
    size_t n_legs;
    bool lacp;                  /* LACP is configured. */
    bool lacp_negotiated;       /* ...and negotiated. */
};

void failover_bond_state_init(struct failover_bond_state *);
void failover_bond_state_destroy(struct failover_bond_state *);
void failover_bond_state_add_leg(struct failover_bond_state *,
                                 const char *name, bool link_up, bool in_use,
                                 const char *why);
const struct failover_leg_state *failover_bond_state_find(
    const struct failover_bond_state *, const char *name);

/* Flower filters of the bond and its legs. */
struct failover_offload {
    unsigned int n_filters;     /* All flower filters. */
    unsigned int n_in_hw;       /* Those fully in hardware. */
};

/* The bond and the clock.  Every function that returns 'int' returns 0 or
 * a positive errno value and then stores a malloc'd explanation in
 * '*errp', which the caller frees. */
struct failover_backend {
    /* Reads the state of the bond into 'state' (initialized by the
     * caller). */
    int (*read)(void *aux, struct failover_bond_state *state, char **errp);

    /* Fails, or restores, leg 'leg'. */
    int (*fail_leg)(void *aux, const char *leg, char **errp);
    int (*restore_leg)(void *aux, const char *leg, char **errp);

    /* Packets through 'leg' so far, both directions. */
    int (*leg_packets)(void *aux, const char *leg, uint64_t *packets,
                       char **errp);

    /* Counts the flower filters of the bond and its legs. */
    int (*offload)(void *aux, struct failover_offload *, char **errp);

    /* A monotonic clock in milliseconds, and a sleep on it. */
    long long int (*now_ms)(void *aux);
    void (*sleep_ms)(void *aux, long long int ms);

    /* True once the user asked to stop (SIGINT, SIGTERM).  May be NULL. */
    bool (*interrupted)(void *aux);
};

/* Traffic since the last mark. */
struct failover_traffic_sample {
    uint64_t sent;              /* Datagrams sent. */
    uint64_t received;          /* Of those, received. */
    uint64_t lost;              /* Sequence gaps: never received, and
                                 * followed by one that was. */
    long long int last_rx_ms;   /* Time of the last reception (since the
                                 * mark or before), or -1. */
    long long int max_gap_ms;   /* Longest time without a reception, from
                                 * the last reception before the mark; an
                                 * ongoing gap counts. */
    long long int gap_end_ms;   /* Reception that ended that gap, or -1 if
                                 * it is ongoing. */
};

/* The built-in traffic: a stream of numbered datagrams whose loss can be
 * measured (controller/traffic-gen.c). */
struct failover_traffic {
    void (*mark)(void *aux);
    void (*sample)(void *aux, struct failover_traffic_sample *);
    void *aux;
    unsigned int rate_pps;
};

/* How the traffic was made. */
enum failover_traffic_mode {
    FAILOVER_TRAFFIC_NONE,      /* Not measured. */
    FAILOVER_TRAFFIC_BUILTIN,   /* 'traffic' in the options. */
    FAILOVER_TRAFFIC_COMMAND,   /* A command of the user's: loss unknown. */
};

struct failover_options {
    const char *bond;
    enum failover_kind kind;
    long long int timeout_ms;   /* For each wait: detection, recovery,
                                 * restoration, offload. */
    long long int poll_ms;      /* Sampling interval of the bond state. */
    long long int hold_ms;      /* How long a leg stays failed after the
                                 * bond noticed. */
    long long int max_loss_ms;  /* Longest tolerated loss window, or -1. */
    enum failover_traffic_mode traffic_mode;
    const char *traffic_desc;   /* For the report: the command, or
                                 * "FROM -> TO". */
    const struct failover_traffic *traffic; /* If BUILTIN. */
};

/* Offload check outcome. */
enum failover_offload_status {
    FAILOVER_OFFLOAD_NOT_APPLICABLE,  /* No flower filters at all. */
    FAILOVER_OFFLOAD_RECOVERED,
    FAILOVER_OFFLOAD_NOT_RECOVERED,
    FAILOVER_OFFLOAD_UNKNOWN,         /* Could not be read. */
};

const char *failover_offload_status_to_string(enum failover_offload_status);

/* The outcome for one leg.  Times are -1 where not measured. */
struct failover_leg_result {
    char *name;
    char **survivors;
    size_t n_survivors;

    bool failed;                /* The leg was failed (command ran). */
    bool detected;
    long long int detect_ms;    /* Fail -> bond notices. */

    bool traffic_measured;      /* Built-in traffic. */
    bool recovered;             /* Traffic came through after detection. */
    long long int recover_ms;   /* Fail -> first datagram after the
                                 * longest gap while the leg was down;
                                 * 0 if nothing was lost. */
    long long int failover_loss_ms; /* Loss window of the failover. */
    uint64_t sent, received, lost;  /* Whole leg test. */
    long long int loss_window_ms;   /* Longest loss window, whole leg test
                                     * (0 without loss). */
    bool survivors_measured;
    uint64_t survivor_packets;  /* Packets through the survivors while the
                                 * leg was down. */
    uint64_t traffic_while_down;    /* Datagrams received meanwhile. */
    bool survivors_carried;

    enum failover_offload_status offload;
    struct failover_offload offload_before;
    struct failover_offload offload_during;
    struct failover_offload offload_after;

    bool restored;
    long long int restore_ms;   /* Restore -> bond uses the leg again. */

    long long int duration_ms;
    bool pass;
    char **reasons;             /* Why it did not pass. */
    size_t n_reasons;
};

/* The outcome of a run. */
struct failover_result {
    char *bond;
    enum failover_kind kind;
    enum failover_traffic_mode traffic_mode;
    char *traffic_desc;
    unsigned int rate_pps;
    long long int max_loss_ms;
    long long int timeout_ms;

    bool refused;               /* Did not start; 'error' says why. */
    bool interrupted;
    char *error;                /* Refusal, or an error that stopped the
                                 * run; NULL if none. */
    struct failover_leg_result *legs;
    size_t n_legs;
    long long int duration_ms;
    bool pass;                  /* Every leg passed, none was skipped. */
};

void failover_result_init(struct failover_result *);
void failover_result_destroy(struct failover_result *);

bool failover_run(const struct failover_options *,
                  const struct failover_backend *, void *aux,
                  struct failover_result *);

#endif /* failover.h */
