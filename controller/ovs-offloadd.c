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

/* ovs-offloadd: keeps the Open_vSwitch database as the configuration file
 * says, and watches the offload.
 *
 * One OVS poll loop, as ovs-vswitchd and ovn-br-controller have, wakes on:
 *
 *   - the database (a long-lived IDL): a change whose plan is not empty is
 *     drift and is repaired; a reconnect after ovsdb-server went away is
 *     followed by a reconcile;
 *   - rtnetlink (rtnl-monitor.h): a link going up or down updates the status
 *     model at once; a tc change asks for a re-sample (at most one a
 *     second); lost events ask for a full re-sample and a reconcile;
 *   - timers: the status sample every --interval, the check for a new
 *     ovs-vswitchd pid, the retry of a failed reconcile (with backoff);
 *   - unixctl: the views, reconcile/now, config/reload, reconcile/hold,
 *     exit.
 *
 * Reconciles pause while ovs-offloadctl changes the database for the
 * operator (reconcile-pause.h): a pending apply --confirm-within, a rollback
 * not yet acknowledged, a plain apply in progress.  *
 * The HTTP endpoint (http-status.h) serves from its own thread what this
 * loop publishes after each sample or event, so a slow client never blocks
 * the loop. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "command-line.h"
#include "controller/block-repair.h"
#include "controller/ctl.h"
#include "controller/http-status.h"
#include "controller/nic-phase.h"
#include "controller/offload-config.h"
#include "controller/offload-status.h"
#include "controller/status-model.h"
#include "controller/option-util.h"
#include "controller/reconcile.h"
#include "controller/reconcile-pause.h"
#include "controller/rtnl-monitor.h"
#include "controller/vswitchd-ctl.h"
#include "daemon.h"
#include "fatal-signal.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/poll-loop.h"
#include "openvswitch/vlog.h"
#include "ovs-offload-version.h"
#include "ovsdb-idl.h"
#include "ovsdb/offload-idl.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(ovs_offloadd);

/* Command-line options. */
struct offloadd_options {
    char *config_file;          /* Absolute. */
    char *nic_state;            /* Absolute, or NULL for the default. */
    char *db;
    long long int interval_ms;
    long long int timeout_ms;
    const char *http_addr;
    int http_port;              /* 0: any free port. */
    bool http;                  /* False with --no-http. */
    char *unixctl_path;
    bool repair_blocks;         /* --repair-blocks. */
    char *checkpoint;           /* Absolute: ovs-offloadctl's checkpoint. */
    int netlink_rcvbuf;         /* Bytes, for the rtnetlink monitor. */
};

/* tc changes re-sample at most this often. */
#define TC_RESAMPLE_MS 1000

/* How often to look for a new ovs-vswitchd pid. */
#define PID_CHECK_MS 500

/* After an ovs-vswitchd restart, how long to let it re-create its ports and
 * ingress qdiscs before checking them. */
#define RESTART_CHECK_DELAY_MS 3000

struct offloadd {
    const struct offloadd_options *opts;
    struct ovsdb_idl *idl;
    struct reconciler *rec;
    struct reconcile_pause *pause;
    struct status_sampler *sampler;
    struct rtnl_monitor *monitor;
    struct http_status *http;
    struct block_repair *blocks;    /* With --repair-blocks, else NULL. */
    bool exiting;

    /* Database connection. */
    unsigned int idl_seqno;
    bool synced;                /* Connected and contents received. */
    bool ever_synced;
    bool idl_changed;           /* Contents changed since the last drift
                                 * check. */

    /* Pending work. */
    bool reconcile_pending;
    enum reconcile_reason reconcile_reason;
    long long int next_sample;  /* time_msec() of the next sample. */
    long long int last_sample;
    bool tc_dirty;
    long long int restart_check_at;  /* LLONG_MAX if none. */
    bool publish_pending;

    /* ovs-vswitchd. */
    long int vswitchd_pid;
    bool vswitchd_seen;
    long long int vswitchd_since;   /* When its current pid was seen. */
    long long int next_pid_check;

    /* Counters. */
    unsigned long long int link_events, resyncs, ovsdb_reconnects,
                           vswitchd_restarts, block_repairs;
    char *reload_error;         /* The last config/reload failure, until a
                                 * reload succeeds. */
};

static struct offloadd_options *parse_options(int argc, char *argv[]);
OVS_NO_RETURN static void usage(void);

/* Asks for a reconcile for 'reason' in this loop iteration.  An explicit
 * reason wins over drift and retry. */
static void
request_reconcile(struct offloadd *d, enum reconcile_reason reason)
{
    if (!d->reconcile_pending
        || d->reconcile_reason == RECONCILE_DRIFT
        || d->reconcile_reason == RECONCILE_RETRY) {
        d->reconcile_reason = reason;
    }
    d->reconcile_pending = true;
}

static void
request_sample(struct offloadd *d, long long int when)
{
    d->next_sample = MIN(d->next_sample, when);
}

/* Rtnetlink callbacks. */

static void
on_link(void *d_, const char *ifname, bool up)
{
    struct offloadd *d = d_;

    d->link_events++;
    VLOG_INFO("link %s %s", ifname, up ? "up" : "down");
    status_sampler_link_event(d->sampler, ifname, up);
    if (d->blocks) {
        block_repair_link_event(d->blocks, ifname);
    }
    d->publish_pending = true;
}

static void
on_tc(void *d_)
{
    struct offloadd *d = d_;

    d->tc_dirty = true;
}

static void
on_resync(void *d_)
{
    struct offloadd *d = d_;

    d->resyncs++;
    VLOG_WARN("kernel events were lost: full re-sample and reconcile");
    request_sample(d, time_msec());
    request_reconcile(d, RECONCILE_RESYNC);
    d->publish_pending = true;
}

/* Status. */

static void
update_daemon_info(struct offloadd *d)
{
    const struct reconcile_stats *st = reconciler_stats(d->rec);
    char *error = NULL;

    if (d->reload_error) {
        error = xasprintf("config/reload failed, the previous configuration "
                          "stays in force: %s%s%s", d->reload_error,
                          st->last_error ? "; last reconcile: " : "",
                          st->last_error ? st->last_error : "");
    }

    struct status_daemon_info info = {
        .reconcile_runs = st->runs,
        .last_result = st->last_result,
        .last_time_ms = st->last_time_ms,
        .last_duration_ms = st->last_duration_ms,
        .last_error = error ? error : st->last_error,
        .drift_repairs = st->drift_repairs,
        .link_events = d->link_events,
        .resyncs = d->resyncs,
        .ovsdb_reconnects = d->ovsdb_reconnects,
        .vswitchd_restarts = d->vswitchd_restarts,
        .block_repairs = d->block_repairs,
        .paused = reconcile_pause_reason(d->pause),
    };
    status_sampler_set_daemon_info(d->sampler, &info);
    free(error);
}

static void
publish(struct offloadd *d)
{
    update_daemon_info(d);
    d->publish_pending = false;
    if (!d->http) {
        return;
    }

    struct ds metrics = DS_EMPTY_INITIALIZER;
    struct json *j = status_sampler_to_json(d->sampler);
    char *status = json_to_string(j, JSSF_PRETTY);

    status_sampler_format_prometheus(d->sampler, &metrics);
    http_status_publish(d->http, ds_cstr(&metrics), status);
    free(status);
    json_destroy(j);
    ds_destroy(&metrics);
}

/* After an ovs-vswitchd restart: logs the legs of each bond that have no
 * ingress qdisc, or are not on their bond's shared block, where hw-offload
 * is on (with it off, ovs-vswitchd installs none).  The model's
 * leg_off_bond_block alert says the same for as long as it lasts. */
static void
check_ingress_after_restart(struct offloadd *d)
{
    const struct status_sample *s = status_sampler_current(d->sampler);

    if (!s || s->hw_offload_configured != 1) {
        VLOG_INFO("after the ovs-vswitchd restart: hw-offload is off, no "
                  "ingress qdiscs expected");
        return;
    }

    struct ds missing = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < s->n_bonds; i++) {
        const struct status_bond *b = &s->bonds[i];

        for (size_t k = 0; k < b->n_legs; k++) {
            const struct status_leg *leg = &b->legs[k];

            if (leg->ingress == 0) {
                ds_put_format(&missing, " %s/%s (no ingress qdisc)",
                              b->name, leg->name);
            } else if (leg->ingress == 1 && b->ingress_block
                       && leg->ingress_block != b->ingress_block) {
                ds_put_format(&missing, " %s/%s (not on block %"PRIu32")",
                              b->name, leg->name, b->ingress_block);
            }
        }
    }
    if (missing.length) {
        VLOG_WARN("after the ovs-vswitchd restart: bond legs without their "
                  "ingress hook:%s", ds_cstr(&missing));
    } else {
        VLOG_INFO("after the ovs-vswitchd restart: every bond leg has its "
                  "ingress qdisc or shared block");
    }
    ds_destroy(&missing);
}

static void
run_sample(struct offloadd *d)
{
    long long int now = time_msec();

    status_sampler_run(d->sampler, d->synced ? d->idl : NULL);
    d->last_sample = time_msec();
    d->next_sample = now + d->opts->interval_ms;
    d->tc_dirty = false;
    if (d->restart_check_at <= now) {
        d->restart_check_at = LLONG_MAX;
        check_ingress_after_restart(d);
    }
    if (d->blocks) {
        const struct offload_config *cfg = reconciler_config(d->rec);

        bool ready = (d->vswitchd_pid
                      && now - d->vswitchd_since
                         >= BLOCK_REPAIR_VSWITCHD_SETTLE_MS);

        d->block_repairs += block_repair_run(
            d->blocks, status_sampler_current(d->sampler),
            cfg ? cfg->owner : NULL, ready, time_msec());
    }
    d->publish_pending = true;
}

/* Reconciliation. */

static bool
run_reconcile(struct offloadd *d, enum reconcile_reason reason,
              struct ds *out)
{
    bool ok;

    d->reconcile_pending = false;
    if (!d->synced) {
        if (out) {
            ds_put_cstr(out, "not connected to the database; the reconcile "
                        "will run once the connection is back\n");
        }
        d->reconcile_pending = true;
        d->reconcile_reason = reason;
        return false;
    }
    ok = reconciler_run(d->rec, d->idl, reason, out);
    /* Our own transaction changed the contents; that is not drift. */
    d->idl_seqno = ovsdb_idl_get_seqno(d->idl);
    d->idl_changed = false;
    d->publish_pending = true;
    return ok;
}

/* Tracks the database connection: the first contents start the first
 * reconcile, contents after a lost connection count as a reconnect. */
static void
track_idl(struct offloadd *d)
{
    unsigned int seqno = ovsdb_idl_get_seqno(d->idl);

    if (!ovsdb_idl_is_connected(d->idl)) {
        if (d->synced) {
            VLOG_WARN("lost the database connection (%s); reconnecting",
                      d->opts->db);
            d->synced = false;
        }
        return;
    }
    if (seqno == d->idl_seqno) {
        return;
    }
    d->idl_seqno = seqno;
    if (d->synced) {
        d->idl_changed = true;
    } else if (!d->ever_synced) {
        d->synced = d->ever_synced = true;
        VLOG_INFO("connected to the database %s", d->opts->db);
        request_reconcile(d, RECONCILE_START);
        request_sample(d, time_msec());
    } else {
        d->synced = true;
        d->ovsdb_reconnects++;
        VLOG_INFO("reconnected to the database %s", d->opts->db);
        request_reconcile(d, RECONCILE_OVSDB_RECONNECT);
        request_sample(d, time_msec());
        d->publish_pending = true;
    }
}

static void
check_vswitchd(struct offloadd *d)
{
    long long int now = time_msec();

    if (now < d->next_pid_check) {
        return;
    }
    d->next_pid_check = now + PID_CHECK_MS;

    long int pid = vswitchd_ctl_pid();
    if (pid == d->vswitchd_pid) {
        return;
    }
    if (!pid) {
        VLOG_WARN("ovs-vswitchd (pid %ld) is not running", d->vswitchd_pid);
    } else if (d->vswitchd_seen) {
        d->vswitchd_restarts++;
        VLOG_INFO("ovs-vswitchd restarted (pid %ld, was %ld)", pid,
                  d->vswitchd_pid);
        request_reconcile(d, RECONCILE_VSWITCHD_RESTART);
        request_sample(d, now);
        d->restart_check_at = now + RESTART_CHECK_DELAY_MS;
        request_sample(d, d->restart_check_at);
        d->publish_pending = true;
    } else {
        VLOG_INFO("ovs-vswitchd is running (pid %ld)", pid);
    }
    if (pid) {
        d->vswitchd_seen = true;
    }
    d->vswitchd_pid = pid;
    d->vswitchd_since = now;
}

/* Looks whether ovs-offloadctl wants the daemon paused.  On resuming, the
 * database is checked for drift again: changes that came while paused were
 * not looked at. */
static void
track_pause(struct offloadd *d)
{
    if (reconcile_pause_update(d->pause)) {
        d->publish_pending = true;
        if (!reconcile_pause_reason(d->pause)) {
            d->idl_changed = true;
        }
    }
}

static void
maybe_reconcile(struct offloadd *d)
{
    long long int now = time_msec();

    if (!d->synced || reconcile_pause_reason(d->pause)) {
        /* What is pending stays pending. */
        return;
    }
    if (d->idl_changed && !d->reconcile_pending) {
        d->idl_changed = false;
        if (reconciler_drifted(d->rec, d->idl)) {
            VLOG_INFO("the database differs from %s (drift)",
                      d->opts->config_file);
            request_reconcile(d, RECONCILE_DRIFT);
        }
    }
    if (!d->reconcile_pending && reconciler_retry_time(d->rec) <= now) {
        request_reconcile(d, RECONCILE_RETRY);
    }
    if (!d->reconcile_pending) {
        return;
    }
    /* Drift and retries wait out the backoff after a failure. */
    if ((d->reconcile_reason == RECONCILE_DRIFT
         || d->reconcile_reason == RECONCILE_RETRY)
        && reconciler_retry_time(d->rec) != LLONG_MAX
        && now < reconciler_retry_time(d->rec)) {
        return;
    }

    enum reconcile_reason reason = d->reconcile_reason;
    run_reconcile(d, reason, NULL);
    if (reason != RECONCILE_DRIFT) {
        /* A full reconcile is followed by a full sample. */
        request_sample(d, time_msec());
    }
}

static void
maybe_sample(struct offloadd *d)
{
    long long int now = time_msec();

    if (d->tc_dirty) {
        request_sample(d, d->last_sample + TC_RESAMPLE_MS);
    }
    if (now >= d->next_sample) {
        run_sample(d);
    }
}

static void
offloadd_wait(struct offloadd *d)
{
    ovsdb_idl_wait(d->idl);
    rtnl_monitor_wait(d->monitor);
    poll_timer_wait_until(d->next_sample);
    poll_timer_wait_until(d->next_pid_check);
    if (reconcile_pause_reason(d->pause)) {
        /* Nothing to reconcile until the pause ends. */
        poll_timer_wait_until(reconcile_pause_wake_time(d->pause));
        if (d->publish_pending) {
            poll_immediate_wake();
        }
        return;
    }
    if (d->synced && reconciler_retry_time(d->rec) != LLONG_MAX) {
        poll_timer_wait_until(reconciler_retry_time(d->rec));
    }
    if (d->publish_pending || (d->reconcile_pending && d->synced
                               && d->reconcile_reason != RECONCILE_DRIFT
                               && d->reconcile_reason != RECONCILE_RETRY)) {
        poll_immediate_wake();
    }
}

/* Unixctl commands. */

static void
reply_view(struct unixctl_conn *conn, struct offloadd *d,
           enum status_view view)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    update_daemon_info(d);
    status_sampler_format_text(d->sampler, view, &s);
    unixctl_command_reply(conn, ds_cstr(&s));
    ds_destroy(&s);
}

static void
offload_show_cmd(struct unixctl_conn *conn, int argc OVS_UNUSED,
                 const char *argv[] OVS_UNUSED, void *d)
{
    reply_view(conn, d, STATUS_VIEW_OFFLOAD);
}

static void
lag_show_cmd(struct unixctl_conn *conn, int argc OVS_UNUSED,
             const char *argv[] OVS_UNUSED, void *d)
{
    reply_view(conn, d, STATUS_VIEW_LAG);
}

static void
flows_show_cmd(struct unixctl_conn *conn, int argc OVS_UNUSED,
               const char *argv[] OVS_UNUSED, void *d)
{
    reply_view(conn, d, STATUS_VIEW_FLOWS);
}

static void
reply_reconcile(struct unixctl_conn *conn, struct offloadd *d,
                enum reconcile_reason reason, struct ds *out)
{
    bool ok = run_reconcile(d, reason, out);

    /* The reply comes after a fresh sample, so that the views agree. */
    run_sample(d);
    if (ok) {
        unixctl_command_reply(conn, ds_cstr(out));
    } else {
        unixctl_command_reply_error(conn, ds_cstr(out));
    }
}

/* The operator's word that the file is right: ends a pause after a
 * rollback and the hold of an apply.  Returns false, having replied, if
 * the marker cannot be removed. */
static bool
unpause(struct unixctl_conn *conn, struct offloadd *d)
{
    char *err;

    reconcile_pause_hold(d->pause, 0);
    if (reconcile_pause_clear_marker(d->pause, &err)) {
        VLOG_WARN("%s", err);
        unixctl_command_reply_error(conn, err);
        free(err);
        return false;
    }
    track_pause(d);
    return true;
}

static void
reconcile_now_cmd(struct unixctl_conn *conn, int argc OVS_UNUSED,
                  const char *argv[] OVS_UNUSED, void *d_)
{
    struct offloadd *d = d_;
    struct ds out = DS_EMPTY_INITIALIZER;

    track_pause(d);
    if (reconcile_pause_checkpoint_pending(d->pause)) {
        ds_put_format(&out, "reconcile paused: %s; run \"ovs-offloadctl "
                      "confirm\" or \"ovs-offloadctl rollback\" first\n",
                      reconcile_pause_reason(d->pause));
        unixctl_command_reply_error(conn, ds_cstr(&out));
    } else if (unpause(conn, d)) {
        reply_reconcile(conn, d, RECONCILE_REQUEST, &out);
    }
    ds_destroy(&out);
}

/* "reconcile/hold SECS": ovs-offloadctl apply, before its commit. */
static void
reconcile_hold_cmd(struct unixctl_conn *conn, int argc OVS_UNUSED,
                   const char *argv[], void *d_)
{
    struct offloadd *d = d_;
    long long int ms;

    if (!option_parse_seconds(argv[1], 0, 3600, &ms)) {
        unixctl_command_reply_error(conn, "reconcile/hold: SECS must be a "
                                    "number of seconds from 0 to 3600");
        return;
    }
    reconcile_pause_hold(d->pause, ms);
    track_pause(d);
    unixctl_command_reply(conn, NULL);
}

/* True if 'a' and 'b' name the same file: same real path, or the same
 * absolute name if either cannot be resolved. */
static bool
same_file(const char *a, const char *b)
{
    char *ra = realpath(a, NULL);
    char *rb = realpath(b, NULL);
    char *aa = abs_file_name(NULL, a);
    char *ab = abs_file_name(NULL, b);
    bool same = (ra && rb ? !strcmp(ra, rb) : !strcmp(aa, ab));

    free(ra);
    free(rb);
    free(aa);
    free(ab);
    return same;
}

/* "config/reload [FILE]".  With FILE (ovs-offloadctl after an apply or a
 * confirm), only if it is the file this daemon follows. */
static void
config_reload_cmd(struct unixctl_conn *conn, int argc,
                  const char *argv[], void *d_)
{
    struct offloadd *d = d_;
    struct ds out = DS_EMPTY_INITIALIZER;

    if (argc > 1 && !same_file(argv[1], d->opts->config_file)) {
        /* The caller's apply is over either way: end its hold, so that
         * what differs from our file is repaired as drift. */
        reconcile_pause_hold(d->pause, 0);
        track_pause(d);
        VLOG_INFO("config/reload %s: not reloaded, this daemon follows %s",
                  argv[1], d->opts->config_file);
        ds_put_format(&out, "ovs-offloadd follows %s, not %s; nothing was "
                      "reloaded\n", d->opts->config_file, argv[1]);
        unixctl_command_reply_error(conn, ds_cstr(&out));
        ds_destroy(&out);
        return;
    }

    char *errors = reconciler_load(d->rec);

    free(d->reload_error);
    d->reload_error = errors;
    if (errors) {
        VLOG_WARN("config/reload: %s is invalid, keeping the previous "
                  "configuration:\n%s", d->opts->config_file, errors);
        ds_put_format(&out, "%s is invalid; the previous configuration "
                      "stays in force:\n%s", d->opts->config_file, errors);
        reconcile_pause_hold(d->pause, 0);
        track_pause(d);
        unixctl_command_reply_error(conn, ds_cstr(&out));
        d->publish_pending = true;
    } else {
        VLOG_INFO("config/reload: loaded %s", d->opts->config_file);
        status_sampler_set_targets(d->sampler, reconciler_config(d->rec),
                                   NULL, 0);
        ds_put_format(&out, "loaded %s\n", d->opts->config_file);
        if (!unpause(conn, d)) {
            /* Replied. */
        } else if (reconcile_pause_reason(d->pause)) {
            /* A pending apply --confirm-within: its confirm removes the
             * checkpoint next, and then this file is what counts. */
            ds_put_format(&out, "not reconciled now: reconcile paused: %s\n",
                          reconcile_pause_reason(d->pause));
            d->publish_pending = true;
            unixctl_command_reply(conn, ds_cstr(&out));
        } else {
            reply_reconcile(conn, d, RECONCILE_RELOAD, &out);
        }
    }
    ds_destroy(&out);
}

static void
exit_cmd(struct unixctl_conn *conn, int argc OVS_UNUSED,
         const char *argv[] OVS_UNUSED, void *d_)
{
    struct offloadd *d = d_;

    d->exiting = true;
    unixctl_command_reply(conn, NULL);
}

int
main(int argc, char *argv[])
{
    struct unixctl_server *unixctl;
    struct offloadd d;
    char *err;

    set_program_name(argv[0]);
    ovs_cmdl_proctitle_init(argc, argv);
    service_start(&argc, &argv);
    struct offloadd_options *opts = parse_options(argc, argv);
    fatal_ignore_sigpipe();

    memset(&d, 0, sizeof d);
    d.opts = opts;
    d.restart_check_at = LLONG_MAX;
    d.next_sample = LLONG_MAX;

    /* Refuse to start with a bad file, before detaching, so that the error
     * reaches the terminal or the service manager. */
    d.rec = reconciler_create(opts->config_file, opts->nic_state,
                              opts->timeout_ms);
    d.pause = reconcile_pause_create(opts->checkpoint);
    err = reconciler_load(d.rec);
    if (err) {
        ovs_fatal(0, "%s is invalid; not starting:\n%s", opts->config_file,
                  err);
    }

    daemonize_start(false);

    if (unixctl_server_create(opts->unixctl_path, &unixctl)) {
        exit(EXIT_FAILURE);
    }
    unixctl_command_register("offload/show", "", 0, 0, offload_show_cmd, &d);
    unixctl_command_register("lag/show", "", 0, 0, lag_show_cmd, &d);
    unixctl_command_register("flows/show", "", 0, 0, flows_show_cmd, &d);
    unixctl_command_register("reconcile/now", "", 0, 0, reconcile_now_cmd,
                             &d);
    unixctl_command_register("config/reload", "[FILE]", 0, 1,
                             config_reload_cmd, &d);
    unixctl_command_register("reconcile/hold", "SECS", 1, 1,
                             reconcile_hold_cmd, &d);
    unixctl_command_register("exit", "", 0, 0, exit_cmd, &d);

    d.sampler = status_sampler_create();
    d.blocks = opts->repair_blocks ? block_repair_create() : NULL;
    status_sampler_set_targets(d.sampler, reconciler_config(d.rec), NULL, 0);
    if (opts->nic_state) {
        status_sampler_set_nic_state_file(d.sampler, opts->nic_state);
    }

    static const struct rtnl_monitor_cbs cbs = {
        .link = on_link, .tc = on_tc, .resync = on_resync,
    };
    d.monitor = rtnl_monitor_create(&cbs, &d);
    rtnl_monitor_set_rcvbuf(d.monitor, opts->netlink_rcvbuf);
    if (rtnl_monitor_open(d.monitor, &err)) {
        ovs_fatal(0, "%s", err);
    }

    d.idl = offload_idl_create_persistent(opts->db);

    /* The HTTP thread starts after the fork of --detach, which keeps only
     * the calling thread. */
    if (opts->http) {
        d.http = http_status_start(opts->http_addr, opts->http_port, &err);
        if (!d.http) {
            ovs_fatal(0, "%s", err);
        }
        VLOG_INFO("serving /metrics and /status.json on http://%s%s%s:%d/",
                  strchr(opts->http_addr, ':') ? "[" : "", opts->http_addr,
                  strchr(opts->http_addr, ':') ? "]" : "",
                  http_status_port(d.http));
    }

    daemonize_complete();
    VLOG_INFO("%s %s started; configuration %s, database %s",
              program_name, OVS_OFFLOAD_VERSION, opts->config_file, opts->db);

    d.next_sample = time_msec();
    while (!d.exiting) {
        unixctl_server_run(unixctl);
        ovsdb_idl_run(d.idl);
        track_idl(&d);
        rtnl_monitor_run(d.monitor);
        check_vswitchd(&d);
        track_pause(&d);
        maybe_reconcile(&d);
        maybe_sample(&d);
        if (d.publish_pending) {
            publish(&d);
        }

        unixctl_server_wait(unixctl);
        offloadd_wait(&d);
        if (d.exiting) {
            poll_immediate_wake();
        }
        poll_block();
    }
    VLOG_INFO("exiting");

    http_status_stop(d.http);
    rtnl_monitor_destroy(d.monitor);
    status_sampler_destroy(d.sampler);
    block_repair_destroy(d.blocks);
    ovsdb_idl_destroy(d.idl);
    reconciler_destroy(d.rec);
    reconcile_pause_destroy(d.pause);
    unixctl_server_destroy(unixctl);
    free(d.reload_error);
    free(opts->config_file);
    free(opts->nic_state);
    free(opts->db);
    free(opts->unixctl_path);
    free(opts->checkpoint);
    free(opts);
    service_stop();
    return 0;
}

/* Parses a number of seconds (may be fractional) into milliseconds. */
static long long int
parse_seconds(const char *option, const char *arg, double min)
{
    long long int ms;

    if (!option_parse_seconds(arg, min, 86400, &ms)) {
        ovs_fatal(0, "%s: \"%s\" is not a number of seconds between %g and "
                  "86400", option, arg, min);
    }
    return ms;
}

static struct offloadd_options *
parse_options(int argc, char *argv[])
{
    enum {
        OPT_DB = UCHAR_MAX + 1,
        OPT_NIC_STATE,
        OPT_INTERVAL,
        OPT_TIMEOUT,
        OPT_HTTP_ADDR,
        OPT_HTTP_PORT,
        OPT_NO_HTTP,
        OPT_UNIXCTL,
        OPT_REPAIR_BLOCKS,
        OPT_CHECKPOINT,
        OPT_NETLINK_RCVBUF,
        VLOG_OPTION_ENUMS,
        DAEMON_OPTION_ENUMS,
    };
    static const struct option long_options[] = {
        {"config", required_argument, NULL, 'c'},
        {"db", required_argument, NULL, OPT_DB},
        {"nic-state", required_argument, NULL, OPT_NIC_STATE},
        {"interval", required_argument, NULL, OPT_INTERVAL},
        {"timeout", required_argument, NULL, OPT_TIMEOUT},
        {"http-addr", required_argument, NULL, OPT_HTTP_ADDR},
        {"http-port", required_argument, NULL, OPT_HTTP_PORT},
        {"no-http", no_argument, NULL, OPT_NO_HTTP},
        {"unixctl", required_argument, NULL, OPT_UNIXCTL},
        {"repair-blocks", no_argument, NULL, OPT_REPAIR_BLOCKS},
        {"checkpoint", required_argument, NULL, OPT_CHECKPOINT},
        {"netlink-rcvbuf", required_argument, NULL, OPT_NETLINK_RCVBUF},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        VLOG_LONG_OPTIONS,
        DAEMON_LONG_OPTIONS,
        {NULL, 0, NULL, 0},
    };
    char *short_options = ovs_cmdl_long_options_to_short_options(
        long_options);
    struct offloadd_options *opts = xzalloc(sizeof *opts);

    const char *config_file = OFFLOAD_CONFIG_DEFAULT_FILE;
    const char *nic_state = NULL;
    const char *checkpoint = CTL_CHECKPOINT_DEFAULT;

    opts->interval_ms = 5000;
    opts->timeout_ms = 30000;
    opts->http_addr = "127.0.0.1";
    opts->http_port = 9477;
    opts->http = true;
    opts->netlink_rcvbuf = RTNL_MONITOR_RCVBUF_DEFAULT;

    for (;;) {
        int c = getopt_long(argc, argv, short_options, long_options, NULL);
        char *end;

        if (c == -1) {
            break;
        }
        switch (c) {
        case 'c':
            config_file = optarg;
            break;

        case OPT_DB:
            free(opts->db);
            opts->db = xstrdup(optarg);
            break;

        case OPT_NIC_STATE:
            nic_state = optarg;
            break;

        case OPT_INTERVAL:
            opts->interval_ms = parse_seconds("--interval", optarg, 0.1);
            break;

        case OPT_TIMEOUT:
            opts->timeout_ms = parse_seconds("--timeout", optarg, 1);
            break;

        case OPT_HTTP_ADDR:
            opts->http_addr = optarg;
            break;

        case OPT_HTTP_PORT: {
            long int port = strtol(optarg, &end, 10);

            if (*end || end == optarg || port < 0 || port > 65535) {
                ovs_fatal(0, "--http-port: \"%s\" is not a TCP port (0 picks "
                          "a free one)", optarg);
            }
            opts->http_port = port;
            opts->http = true;
            break;
        }

        case OPT_NO_HTTP:
            opts->http = false;
            break;

        case OPT_UNIXCTL:
            free(opts->unixctl_path);
            opts->unixctl_path = xstrdup(optarg);
            break;

        case OPT_REPAIR_BLOCKS:
            opts->repair_blocks = true;
            break;

        case OPT_CHECKPOINT:
            checkpoint = optarg;
            break;

        case OPT_NETLINK_RCVBUF: {
            long int bytes = strtol(optarg, &end, 10);

            if (*end || end == optarg || bytes < RTNL_MONITOR_RCVBUF_MIN
                || bytes > RTNL_MONITOR_RCVBUF_MAX) {
                ovs_fatal(0, "--netlink-rcvbuf: \"%s\" is not a number of "
                          "bytes between %d and %d", optarg,
                          RTNL_MONITOR_RCVBUF_MIN, RTNL_MONITOR_RCVBUF_MAX);
            }
            opts->netlink_rcvbuf = bytes;
            break;
        }

        case 'h':
            usage();

        case 'V':
            printf("%s (ovs-offload) %s\n", program_name,
                   OVS_OFFLOAD_VERSION);
            exit(EXIT_SUCCESS);

        VLOG_OPTION_HANDLERS
        DAEMON_OPTION_HANDLERS

        case '?':
            exit(EXIT_FAILURE);

        default:
            abort();
        }
    }
    free(short_options);

    if (optind < argc) {
        ovs_fatal(0, "unexpected argument \"%s\" (use --help for help)",
                  argv[optind]);
    }
    if (!opts->db) {
        opts->db = offload_idl_default_remote();
    }
    /* --detach changes to "/" (unless --no-chdir); config/reload must still
     * find the files. */
    opts->config_file = abs_file_name(NULL, config_file);
    opts->nic_state = nic_state ? abs_file_name(NULL, nic_state) : NULL;
    opts->checkpoint = abs_file_name(NULL, checkpoint);
    return opts;
}

static void
usage(void)
{
    char *remote = offload_idl_default_remote();

    printf("%s: keeps Open vSwitch as the ovs-offload configuration says, "
           "and watches the offload\n"
           "usage: %s [OPTIONS]\n"
           "\n"
           "Options:\n"
           "  -c, --config=FILE   desired state (default: %s)\n"
           "  --db=REMOTE         OVSDB remote (default: %s)\n"
           "  --nic-state=FILE    NIC state file (default: %s)\n"
           "  --interval=SECS     status sample interval (default: 5)\n"
           "  --timeout=SECS      limit of one reconcile (default: 30)\n"
           "  --http-addr=ADDR    HTTP endpoint address (default: "
           "127.0.0.1)\n"
           "  --http-port=PORT    HTTP endpoint port (default: 9477; 0 picks "
           "a free one)\n"
           "  --no-http           no HTTP endpoint\n"
           "  --unixctl=SOCKET    control socket (default: "
           "<rundir>/%s.<pid>.ctl)\n"
           "  --repair-blocks     bounce the link of a member of our Linux "
           "bond that\n"
           "                      stays off the bond's ingress block "
           "(default: alert only)\n"
           "  --checkpoint=FILE   pause while ovs-offloadctl's checkpoint "
           "FILE\n"
           "                      or FILE.rolled-back exists (default: "
           "%s)\n"
           "  --netlink-rcvbuf=BYTES  rtnetlink receive buffer, %d to %d "
           "(default:\n"
           "                      %d); an overflow costs a full resync\n",
           program_name, program_name, OFFLOAD_CONFIG_DEFAULT_FILE, remote,
           NIC_STATE_FILE_DEFAULT, program_name, CTL_CHECKPOINT_DEFAULT,
           RTNL_MONITOR_RCVBUF_MIN, RTNL_MONITOR_RCVBUF_MAX,
           RTNL_MONITOR_RCVBUF_DEFAULT);
    daemon_usage();
    vlog_usage();
    printf("\nOther options:\n"
           "  -h, --help          display this help message\n"
           "  -V, --version       display version information\n");
    free(remote);
    exit(EXIT_SUCCESS);
}
