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

#ifndef BLOCK_REPAIR_H
#define BLOCK_REPAIR_H 1

/* ovs-offloadd --repair-blocks: puts a Linux bond's member back on the
 * bond's shared ingress block ("leg_off_bond_block", docs/status.md).
 *
 * ovs-vswitchd binds a member's ingress to its bond's block when it sees
 * an rtnetlink change of the member while the bond is an OVS port
 * (netdev_linux_update_lag(), facts.md section 3.5).  A member enslaved
 * before ovs-vswitchd started, or present across an ovs-vswitchd restart,
 * may see no such change and stay off the block.  The known workaround is
 * a link down/up of the member; this module does it, over rtnetlink, for
 * bonds we own only, once the alert has held for two samples, at most once
 * a minute per leg.
 *
 * The decision is a pure function (block_repair_decide()) so that unit
 * tests cover it; block_repair_run() applies it to each sample. */

#include <stdbool.h>

struct status_sample;

/* At most one bounce per leg in this many milliseconds. */
#define BLOCK_REPAIR_MIN_INTERVAL_MS 60000

/* A bounce waits this long after ovs-vswitchd (re)started, so that it has
 * opened its ports and made the bond's block first. */
#define BLOCK_REPAIR_VSWITCHD_SETTLE_MS 3000

/* What is known about one leg when a full sample completes. */
struct block_repair_input {
    bool alert_prev;            /* "leg_off_bond_block" held for the leg in
                                 * the previous sample. */
    bool alert_cur;             /* ... and holds in this one. */
    bool link_event;            /* A link change of the leg or its bond
                                 * since the previous sample: ovs-vswitchd
                                 * may be binding it right now. */
    bool vswitchd_ready;        /* ovs-vswitchd runs, and has for
                                 * BLOCK_REPAIR_VSWITCHD_SETTLE_MS: only it
                                 * binds a member after the bounce. */
    bool owned;                 /* The bond is a Linux bond carrying our
                                 * ownership tag. */
    bool repaired_before;       /* We bounced this leg before. */
    long long int last_repair_ms;   /* When, if 'repaired_before'. */
    long long int now_ms;
};

enum block_repair_action {
    BLOCK_REPAIR_NONE,          /* No alert. */
    BLOCK_REPAIR_WAIT,          /* Alert in this sample only, a link
                                 * change since the previous one, or
                                 * ovs-vswitchd not (yet) ready. */
    BLOCK_REPAIR_NOT_OWNED,     /* Not our bond: alert only. */
    BLOCK_REPAIR_RATE_LIMITED,  /* Bounced less than a minute ago. */
    BLOCK_REPAIR_BOUNCE,        /* Link down, then up. */
};

enum block_repair_action block_repair_decide(
    const struct block_repair_input *);
const char *block_repair_action_to_string(enum block_repair_action);

struct block_repair *block_repair_create(void);
void block_repair_destroy(struct block_repair *);

/* A link change of 'ifname' (from rtnetlink). */
void block_repair_link_event(struct block_repair *, const char *ifname);

/* After each full sample: decides for every leg of 'sample' and bounces
 * those it should, for bonds whose alias is "ovs-offload:'owner'".  Logs
 * every bounce at WARN.  Returns the number of legs bounced. */
unsigned int block_repair_run(struct block_repair *,
                              const struct status_sample *sample,
                              const char *owner, bool vswitchd_ready,
                              long long int now_ms);

#endif /* block-repair.h */
