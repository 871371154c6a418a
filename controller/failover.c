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

#include "controller/failover.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(failover);

/* Share of the datagrams received while a leg was down that the survivors'
 * counters must account for, in percent.  Not 100: the counters and the
 * traffic are sampled a few microseconds apart, so a datagram in flight at
 * a sample may be counted on one side only. */
#define SURVIVOR_SHARE_PCT 90

const char *
failover_kind_to_string(enum failover_kind kind)
{
    switch (kind) {
    case FAILOVER_OVS:
        return "ovs";
    case FAILOVER_LINUX:
        return "linux";
    default:
        OVS_NOT_REACHED();
    }
}

const char *
failover_offload_status_to_string(enum failover_offload_status s)
{
    switch (s) {
    case FAILOVER_OFFLOAD_NOT_APPLICABLE:
        return "not_applicable";
    case FAILOVER_OFFLOAD_RECOVERED:
        return "recovered";
    case FAILOVER_OFFLOAD_NOT_RECOVERED:
        return "not_recovered";
    case FAILOVER_OFFLOAD_UNKNOWN:
        return "unknown";
    default:
        OVS_NOT_REACHED();
    }
}

void
failover_bond_state_init(struct failover_bond_state *s)
{
    memset(s, 0, sizeof *s);
}

void
failover_bond_state_destroy(struct failover_bond_state *s)
{
    if (s) {
        for (size_t i = 0; i < s->n_legs; i++) {
            free(s->legs[i].name);
            free(s->legs[i].why);
        }
        free(s->legs);
        failover_bond_state_init(s);
    }
}

/* Appends a leg named 'name' to 's'.  'why' may be NULL. */
void
failover_bond_state_add_leg(struct failover_bond_state *s, const char *name,
                            bool link_up, bool in_use, const char *why)
{
    s->legs = xrealloc(s->legs, (s->n_legs + 1) * sizeof *s->legs);
    s->legs[s->n_legs++] = (struct failover_leg_state) {
        .name = xstrdup(name),
        .link_up = link_up,
        .in_use = in_use,
        .why = nullable_xstrdup(why),
    };
}

/* Returns the leg of 's' named 'name', or NULL. */
const struct failover_leg_state *
failover_bond_state_find(const struct failover_bond_state *s,
                         const char *name)
{
    for (size_t i = 0; i < s->n_legs; i++) {
        if (!strcmp(s->legs[i].name, name)) {
            return &s->legs[i];
        }
    }
    return NULL;
}

void
failover_result_init(struct failover_result *r)
{
    memset(r, 0, sizeof *r);
    r->max_loss_ms = -1;
}

static void
leg_result_destroy(struct failover_leg_result *lr)
{
    free(lr->name);
    for (size_t i = 0; i < lr->n_survivors; i++) {
        free(lr->survivors[i]);
    }
    free(lr->survivors);
    for (size_t i = 0; i < lr->n_reasons; i++) {
        free(lr->reasons[i]);
    }
    free(lr->reasons);
}

void
failover_result_destroy(struct failover_result *r)
{
    if (r) {
        for (size_t i = 0; i < r->n_legs; i++) {
            leg_result_destroy(&r->legs[i]);
        }
        free(r->legs);
        free(r->bond);
        free(r->traffic_desc);
        free(r->error);
        failover_result_init(r);
    }
}

static void OVS_PRINTF_FORMAT(2, 3)
add_reason(struct failover_leg_result *lr, const char *format, ...)
{
    va_list args;

    va_start(args, format);
    lr->reasons = xrealloc(lr->reasons,
                           (lr->n_reasons + 1) * sizeof *lr->reasons);
    lr->reasons[lr->n_reasons++] = xvasprintf(format, args);
    va_end(args);
}

/* One run's context. */
struct run {
    const struct failover_options *opts;
    const struct failover_backend *be;
    void *aux;
    bool lacp_negotiated;       /* At the start. */
};

static long long int
now(const struct run *run)
{
    return run->be->now_ms(run->aux);
}

static bool
interrupted(const struct run *run)
{
    return run->be->interrupted && run->be->interrupted(run->aux);
}

/* Sleeps one poll interval, but not past 'deadline'. */
static void
nap(const struct run *run, long long int deadline)
{
    long long int ms = MIN(run->opts->poll_ms, deadline - now(run));

    if (ms > 0) {
        run->be->sleep_ms(run->aux, ms);
    }
}

/* Reads the bond into 'state' (which it destroys first).  On failure logs
 * the error and returns false. */
static bool
read_state(const struct run *run, struct failover_bond_state *state)
{
    char *err = NULL;

    failover_bond_state_destroy(state);
    if (run->be->read(run->aux, state, &err)) {
        VLOG_WARN("%s: %s", run->opts->bond, err ? err : "cannot read");
        free(err);
        return false;
    }
    return true;
}

/* Counts the flower filters into 'o'.  Returns false if it cannot. */
static bool
read_offload(const struct run *run, struct failover_offload *o)
{
    char *err = NULL;

    memset(o, 0, sizeof *o);
    if (run->be->offload(run->aux, o, &err)) {
        VLOG_WARN("%s: flower filters: %s", run->opts->bond,
                  err ? err : "cannot read");
        free(err);
        return false;
    }
    return true;
}

/* Packets through the survivors of 'lr' so far into '*sum'.  Returns false
 * if a counter cannot be read. */
static bool
survivor_packets(const struct run *run, const struct failover_leg_result *lr,
                 uint64_t *sum)
{
    *sum = 0;
    for (size_t i = 0; i < lr->n_survivors; i++) {
        uint64_t n;
        char *err = NULL;

        if (run->be->leg_packets(run->aux, lr->survivors[i], &n, &err)) {
            VLOG_WARN("%s: counters: %s", lr->survivors[i],
                      err ? err : "cannot read");
            free(err);
            return false;
        }
        *sum += n;
    }
    return true;
}

static void
sample(const struct run *run, struct failover_traffic_sample *s)
{
    memset(s, 0, sizeof *s);
    run->opts->traffic->sample(run->opts->traffic->aux, s);
}

/* Is leg 'name' in use by the bond again, as it was at the start? */
static bool
leg_back(const struct run *run, const struct failover_bond_state *state,
         const char *name)
{
    const struct failover_leg_state *leg
        = failover_bond_state_find(state, name);

    return (leg && leg->link_up && leg->in_use
            && (!run->lacp_negotiated || state->lacp_negotiated));
}

/* Waits until the built-in traffic has a reception after 'since', or until
 * 'deadline'.  Returns true if there was one. */
static bool
wait_traffic_after(const struct run *run, long long int since,
                   long long int deadline, long long int *rx_ms)
{
    for (;;) {
        struct failover_traffic_sample s;

        sample(run, &s);
        if (s.last_rx_ms > since) {
            *rx_ms = s.last_rx_ms;
            return true;
        }
        if (now(run) >= deadline || interrupted(run)) {
            return false;
        }
        nap(run, deadline);
    }
}

/* The bond noticed: measure while the leg stays down. */
static void
measure_failover(const struct run *run, struct failover_leg_result *lr,
                 long long int t0, long long int t_detect)
{
    const struct failover_options *opts = run->opts;
    long long int hold_end = t_detect + opts->hold_ms;
    struct failover_traffic_sample s_detect, s_hold;
    uint64_t p0 = 0, p1 = 0;
    bool builtin = opts->traffic_mode == FAILOVER_TRAFFIC_BUILTIN;
    long long int first_rx = -1;

    lr->survivors_measured = survivor_packets(run, lr, &p0);
    if (builtin) {
        sample(run, &s_detect);
        lr->recovered = wait_traffic_after(run, t_detect,
                                           t_detect + opts->timeout_ms,
                                           &first_rx);
        hold_end = MAX(hold_end, now(run));
    }
    while (now(run) < hold_end && !interrupted(run)) {
        nap(run, hold_end);
    }
    if (lr->survivors_measured) {
        lr->survivors_measured = survivor_packets(run, lr, &p1);
        lr->survivor_packets = p1 - p0;
    }
    read_offload(run, &lr->offload_during);
    if (!builtin) {
        return;
    }

    sample(run, &s_hold);
    lr->traffic_while_down = s_hold.received - s_detect.received;
    if (!lr->recovered) {
        add_reason(lr, "no traffic came through on the surviving leg%s "
                   "within %lld ms of the failure being detected",
                   lr->n_survivors == 1 ? "" : "s", opts->timeout_ms);
    } else if (s_hold.gap_end_ms < 0) {
        lr->recovered = false;
        add_reason(lr, "traffic stopped again while the leg was down "
                   "(nothing received for %lld ms)", s_hold.max_gap_ms);
    } else if (s_hold.lost) {
        /* The outage the failure caused began before the bond noticed.  A
         * longest gap that began later is scattered loss on the survivor,
         * not the failover: then traffic was back when first seen after
         * the detection. */
        long long int gap_start = s_hold.gap_end_ms - s_hold.max_gap_ms;

        lr->recover_ms = MAX(0, (gap_start <= t_detect ? s_hold.gap_end_ms
                                 : first_rx) - t0);
        lr->failover_loss_ms = s_hold.max_gap_ms;
    } else {
        lr->recover_ms = 0;
        lr->failover_loss_ms = 0;
    }

    if (lr->survivors_measured) {
        lr->survivors_carried
            = (lr->traffic_while_down > 0
               && lr->survivor_packets * 100
                  >= lr->traffic_while_down * SURVIVOR_SHARE_PCT);
        if (!lr->survivors_carried && lr->recovered) {
            add_reason(lr, "the surviving leg%s counted %"PRIu64" packets "
                       "while %"PRIu64" datagrams came through",
                       lr->n_survivors == 1 ? "" : "s", lr->survivor_packets,
                       lr->traffic_while_down);
        }
    }
}

/* Restores leg 'lr' (which this run failed) and waits until the bond uses
 * it again; then waits for the offload and the traffic to come back. */
static void
restore_leg(const struct run *run, struct failover_leg_result *lr)
{
    const struct failover_options *opts = run->opts;
    struct failover_bond_state state;
    long long int t1 = now(run);
    long long int deadline = t1 + opts->timeout_ms;
    char *err = NULL;

    if (run->be->restore_leg(run->aux, lr->name, &err)) {
        add_reason(lr, "cannot restore the leg: %s", err ? err : "failed");
        VLOG_ERR("%s: cannot restore leg %s: %s", opts->bond, lr->name,
                 err ? err : "failed");
        free(err);
        return;
    }
    if (interrupted(run)) {
        /* The leg is restored; waiting for the bond would only delay the
         * exit the user asked for. */
        return;
    }

    failover_bond_state_init(&state);
    for (;;) {
        if (read_state(run, &state) && leg_back(run, &state, lr->name)) {
            lr->restored = true;
            lr->restore_ms = now(run) - t1;
            break;
        }
        if (now(run) >= deadline || interrupted(run)) {
            break;
        }
        nap(run, deadline);
    }
    failover_bond_state_destroy(&state);
    if (!lr->restored) {
        add_reason(lr, "the bond did not take the leg back%s within %lld ms",
                   run->lacp_negotiated ? " (with LACP negotiated)" : "",
                   opts->timeout_ms);
        return;
    }

    if (opts->traffic_mode == FAILOVER_TRAFFIC_BUILTIN) {
        long long int t2 = now(run);
        long long int rx_ms;

        if (!wait_traffic_after(run, t2, t2 + opts->timeout_ms, &rx_ms)) {
            add_reason(lr, "no traffic came through within %lld ms after "
                       "the leg was restored", opts->timeout_ms);
        }
    }
}

/* Compares the flower filters after the restoration with those before,
 * waiting for the in_hw count to come back. */
static void
check_offload(const struct run *run, struct failover_leg_result *lr,
              bool before_ok)
{
    long long int deadline = now(run) + run->opts->timeout_ms;
    bool after_ok;

    for (;;) {
        after_ok = read_offload(run, &lr->offload_after);
        if ((after_ok && lr->offload_after.n_in_hw
             >= lr->offload_before.n_in_hw)
            || !lr->restored || now(run) >= deadline || interrupted(run)) {
            break;
        }
        nap(run, deadline);
    }

    if (!before_ok || !after_ok) {
        lr->offload = FAILOVER_OFFLOAD_UNKNOWN;
        add_reason(lr, "cannot read the flower filters");
    } else if (!lr->offload_before.n_filters
               && !lr->offload_after.n_filters) {
        lr->offload = FAILOVER_OFFLOAD_NOT_APPLICABLE;
    } else if (lr->offload_after.n_in_hw >= lr->offload_before.n_in_hw) {
        lr->offload = FAILOVER_OFFLOAD_RECOVERED;
    } else {
        lr->offload = FAILOVER_OFFLOAD_NOT_RECOVERED;
        add_reason(lr, "offload did not recover: %u flower filters in "
                   "hardware before the failure, %u after the restoration",
                   lr->offload_before.n_in_hw, lr->offload_after.n_in_hw);
    }
}

/* Tests leg 'index' of 'legs' into 'lr'. */
static void
run_leg(const struct run *run, const struct failover_bond_state *legs,
        size_t index, struct failover_leg_result *lr)
{
    const struct failover_options *opts = run->opts;
    const struct failover_traffic *traffic = opts->traffic;
    bool builtin = opts->traffic_mode == FAILOVER_TRAFFIC_BUILTIN;
    long long int t_leg = now(run);
    char *err = NULL;

    lr->name = xstrdup(legs->legs[index].name);
    lr->survivors = xmalloc(legs->n_legs * sizeof *lr->survivors);
    for (size_t i = 0; i < legs->n_legs; i++) {
        if (i != index) {
            lr->survivors[lr->n_survivors++] = xstrdup(legs->legs[i].name);
        }
    }
    lr->detect_ms = lr->recover_ms = lr->restore_ms = -1;
    lr->failover_loss_ms = lr->loss_window_ms = -1;
    lr->traffic_measured = builtin;

    bool offload_ok = read_offload(run, &lr->offload_before);
    if (builtin) {
        traffic->mark(traffic->aux);
    }

    /* Fail the leg.  From here on, whatever happens, restore it. */
    long long int t0 = now(run);
    VLOG_INFO("%s: failing leg %s", opts->bond, lr->name);
    lr->failed = true;
    if (run->be->fail_leg(run->aux, lr->name, &err)) {
        add_reason(lr, "cannot fail the leg: %s", err ? err : "failed");
        free(err);
        goto restore;
    }

    /* Wait for the bond to notice. */
    struct failover_bond_state state;
    long long int deadline = t0 + opts->timeout_ms;
    failover_bond_state_init(&state);
    for (;;) {
        if (read_state(run, &state)) {
            const struct failover_leg_state *leg
                = failover_bond_state_find(&state, lr->name);

            if (!leg || !leg->in_use) {
                lr->detected = true;
                lr->detect_ms = now(run) - t0;
                break;
            }
        }
        if (now(run) >= deadline || interrupted(run)) {
            break;
        }
        nap(run, deadline);
    }
    if (lr->detected) {
        for (size_t i = 0; i < lr->n_survivors; i++) {
            const struct failover_leg_state *s
                = failover_bond_state_find(&state, lr->survivors[i]);

            if (!s || !s->link_up || !s->in_use) {
                add_reason(lr, "surviving leg %s went out of use too%s%s",
                           lr->survivors[i], s && s->why ? ": " : "",
                           s && s->why ? s->why : "");
            }
        }
    }
    failover_bond_state_destroy(&state);
    if (!lr->detected) {
        if (!interrupted(run)) {
            add_reason(lr, "the bond did not notice the failure within "
                       "%lld ms", opts->timeout_ms);
        }
        goto restore;
    }
    VLOG_INFO("%s: leg %s out of use after %lld ms", opts->bond, lr->name,
              lr->detect_ms);

    measure_failover(run, lr, t0, t0 + lr->detect_ms);

restore:
    restore_leg(run, lr);
    check_offload(run, lr, offload_ok);

    if (builtin) {
        struct failover_traffic_sample s;

        sample(run, &s);
        lr->sent = s.sent;
        lr->received = s.received;
        lr->lost = s.lost;
        lr->loss_window_ms = s.lost ? s.max_gap_ms : 0;
        if (opts->max_loss_ms >= 0 && lr->loss_window_ms > opts->max_loss_ms) {
            add_reason(lr, "traffic was lost for %lld ms (at most %lld ms "
                       "allowed)", lr->loss_window_ms, opts->max_loss_ms);
        }
    }
    if (interrupted(run)) {
        add_reason(lr, "interrupted");
    }
    lr->duration_ms = now(run) - t_leg;
    lr->pass = !lr->n_reasons;
}

/* Why the bond in 'state' cannot be tested, or NULL if it can. */
static char *
refusal(const struct failover_bond_state *state, const char *bond)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    if (state->n_legs < 2) {
        ds_put_format(&s, "%s has %"PRIuSIZE" leg%s; failing one would take "
                      "the bond down", bond, state->n_legs,
                      state->n_legs == 1 ? "" : "s");
    }
    for (size_t i = 0; i < state->n_legs; i++) {
        const struct failover_leg_state *leg = &state->legs[i];

        if (!leg->link_up || !leg->in_use) {
            ds_put_format(&s, "%sleg %s is %s%s%s", s.length ? "; " : "",
                          leg->name,
                          !leg->link_up ? "down" : "not in use by the bond",
                          leg->why ? ": " : "", leg->why ? leg->why : "");
        }
    }
    if (state->lacp && !state->lacp_negotiated) {
        ds_put_format(&s, "%sLACP is not negotiated", s.length ? "; " : "");
    }
    if (!s.length) {
        ds_destroy(&s);
        return NULL;
    }
    return ds_steal_cstr(&s);
}

/* Runs the failover test of 'opts->bond' through 'be' and 'aux', into 'r'
 * (initialized by the caller, who destroys it).  Returns 'r->pass'.
 *
 * If the bond cannot be read, or any leg is down or out of use, changes
 * nothing and sets 'r->refused' and 'r->error'. */
bool
failover_run(const struct failover_options *opts,
             const struct failover_backend *be, void *aux,
             struct failover_result *r)
{
    struct run run = { .opts = opts, .be = be, .aux = aux };
    struct failover_bond_state state;
    long long int t_start = now(&run);
    char *err = NULL;

    r->bond = xstrdup(opts->bond);
    r->kind = opts->kind;
    r->traffic_mode = opts->traffic_mode;
    r->traffic_desc = nullable_xstrdup(opts->traffic_desc);
    r->rate_pps = (opts->traffic_mode == FAILOVER_TRAFFIC_BUILTIN
                   ? opts->traffic->rate_pps : 0);
    r->max_loss_ms = opts->max_loss_ms;
    r->timeout_ms = opts->timeout_ms;

    failover_bond_state_init(&state);
    if (be->read(aux, &state, &err)) {
        r->refused = true;
        r->error = xasprintf("cannot read bond %s: %s", opts->bond,
                             err ? err : "failed");
        free(err);
        failover_bond_state_destroy(&state);
        return false;
    }
    r->error = refusal(&state, opts->bond);
    if (r->error) {
        r->refused = true;
        failover_bond_state_destroy(&state);
        return false;
    }
    run.lacp_negotiated = state.lacp_negotiated;

    r->legs = xcalloc(state.n_legs, sizeof *r->legs);
    for (size_t i = 0; i < state.n_legs; i++) {
        if (interrupted(&run)) {
            break;
        }
        run_leg(&run, &state, i, &r->legs[r->n_legs++]);
    }
    r->interrupted = interrupted(&run);

    r->pass = !r->interrupted && r->n_legs == state.n_legs;
    for (size_t i = 0; i < r->n_legs; i++) {
        r->pass = r->pass && r->legs[i].pass;
    }
    if (r->interrupted) {
        r->error = xstrdup("interrupted");
    }
    r->duration_ms = now(&run) - t_start;
    failover_bond_state_destroy(&state);
    return r->pass;
}
