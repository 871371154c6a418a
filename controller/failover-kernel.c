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

#include "controller/failover-kernel.h"

#include <errno.h>
#include <linux/if.h>
#include <signal.h>
#include <stdarg.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "controller/shell-words.h"
#include "controller/traffic-gen.h"
#include "controller/vswitchd-ctl.h"
#include "devlink/ethtool.h"
#include "lag/bond.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/vlog.h"
#include "process.h"
#include "svec.h"
#include "tc/tc-flower.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(failover_kernel);

extern char **environ;

struct failover_kernel {
    char *bond;
    enum failover_kind kind;
    struct svec fail_cmd;       /* Empty: link down over rtnetlink. */
    struct svec restore_cmd;    /* Empty: link up over rtnetlink. */
    long long int cmd_timeout_ms;
};

/* Signals. */

static volatile sig_atomic_t signaled;

static void
on_signal(int sig OVS_UNUSED)
{
    signaled = 1;
}

/* Makes SIGINT and SIGTERM set a flag that failover_signaled() reports, so
 * that the runner can restore a failed leg before the program exits. */
void
failover_catch_signals(void)
{
    struct sigaction sa;

    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
}

bool
failover_signaled(void)
{
    return signaled;
}

/* Commands. */

/* Stores in 'argv' the words of 'template' with each "{leg}" replaced by
 * 'leg'.  The command was split into words before (shell-words.h) and runs
 * without a shell, so a leg name is only ever text inside one argument. */
void
failover_expand_leg(const struct svec *template, const char *leg,
                    struct svec *argv)
{
    for (size_t i = 0; i < template->n; i++) {
        struct ds word = DS_EMPTY_INITIALIZER;

        for (const char *p = template->names[i]; *p;) {
            if (!strncmp(p, "{leg}", 5)) {
                ds_put_cstr(&word, leg);
                p += 5;
            } else {
                ds_put_char(&word, *p++);
            }
        }
        svec_add_nocopy(argv, ds_steal_cstr(&word));
    }
}

/* Starts the program 'argv' (found through $PATH, no shell), in a process
 * group of its own if 'own_group' (so that failover_command_stop() ends all
 * of it), with SIGINT and SIGTERM at their default, and stores its pid in
 * '*pidp'.  Returns 0 or a positive errno value. */
int
failover_command_start(const struct svec *argv, bool own_group, pid_t *pidp,
                       char **errp)
{
    char **args = xcalloc(argv->n + 1, sizeof *args);
    posix_spawnattr_t attr;
    sigset_t dfl;
    int error;

    for (size_t i = 0; i < argv->n; i++) {
        args[i] = argv->names[i];
    }
    posix_spawnattr_init(&attr);
    sigemptyset(&dfl);
    sigaddset(&dfl, SIGINT);
    sigaddset(&dfl, SIGTERM);
    posix_spawnattr_setsigdefault(&attr, &dfl);
    short flags = POSIX_SPAWN_SETSIGDEF;
    if (own_group) {
        posix_spawnattr_setpgroup(&attr, 0);
        flags |= POSIX_SPAWN_SETPGROUP;
    }
    posix_spawnattr_setflags(&attr, flags);
    error = (argv->n
             ? posix_spawnp(pidp, args[0], NULL, &attr, args, environ)
             : EINVAL);
    posix_spawnattr_destroy(&attr);
    free(args);
    if (error) {
        char *cmd = shell_words_join(argv);

        *errp = xasprintf("cannot run \"%s\": %s", cmd,
                          ovs_strerror(error));
        free(cmd);
    }
    return error;
}

/* Ends the command 'pid' that failover_command_start() started in its own
 * group: SIGTERM to the group, SIGKILL after 2 s. */
void
failover_command_stop(pid_t pid)
{
    kill(-pid, SIGTERM);
    for (int i = 0; i < 200; i++) {
        if (waitpid(pid, NULL, WNOHANG) == pid) {
            return;
        }
        xnanosleep(10 * 1000 * 1000);
    }
    kill(-pid, SIGKILL);
    waitpid(pid, NULL, 0);
}

/* Runs 'template' for 'leg' and waits for it, at most 'timeout_ms'.
 * Returns 0 if it exited 0. */
static int
run_leg_command(const struct svec *template, const char *leg,
                long long int timeout_ms, char **errp)
{
    struct svec argv = SVEC_EMPTY_INITIALIZER;
    pid_t pid;
    int status, error;

    failover_expand_leg(template, leg, &argv);
    error = failover_command_start(&argv, true, &pid, errp);
    if (error) {
        svec_destroy(&argv);
        return error;
    }
    char *cmd = shell_words_join(&argv);
    svec_destroy(&argv);

    /* Not interrupted by SIGINT: the command's outcome decides whether
     * there is a leg to restore. */
    long long int deadline = traffic_gen_now_ms() + timeout_ms;
    for (;;) {
        pid_t p = waitpid(pid, &status, WNOHANG);

        if (p == pid) {
            break;
        } else if (p < 0 && errno != EINTR) {
            error = errno;
            *errp = xasprintf("\"%s\": %s", cmd, ovs_strerror(error));
            free(cmd);
            return error;
        } else if (traffic_gen_now_ms() >= deadline) {
            kill(-pid, SIGKILL);
            waitpid(pid, NULL, 0);
            *errp = xasprintf("\"%s\" did not finish within %lld ms", cmd,
                              timeout_ms);
            free(cmd);
            return ETIMEDOUT;
        }
        xnanosleep(5 * 1000 * 1000);
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status)) {
        char *what = process_status_msg(status);

        *errp = xasprintf("\"%s\" failed (%s)", cmd, what);
        free(what);
        free(cmd);
        return ECHILD;
    }
    free(cmd);
    return 0;
}

/* The bond. */

static const char *
link_why(unsigned int flags)
{
    return (!(flags & IFF_UP) ? "link administratively down"
            : !(flags & IFF_LOWER_UP) ? "no carrier" : NULL);
}

/* Returns true if "lacp/show" text 'text' shows 'member' with LACP
 * current and attached, its partner synchronized, collecting and
 * distributing: LACP is (re-)negotiated on that member. */
bool
failover_lacp_member_ok(const char *text, const char *member)
{
    const uint8_t in_sync = (BOND_LACP_ST_SYNCHRONIZATION
                             | BOND_LACP_ST_COLLECTING
                             | BOND_LACP_ST_DISTRIBUTING);
    struct lacp_status *bonds;
    size_t n_bonds;
    bool ok = false;

    vswitchd_parse_lacp_show(text, &bonds, &n_bonds);
    for (size_t i = 0; i < n_bonds; i++) {
        for (size_t j = 0; j < bonds[i].n_members; j++) {
            const struct lacp_member_status *m = &bonds[i].members[j];

            if (!strcmp(m->name, member)) {
                ok = (m->status && !strcmp(m->status, "current")
                      && m->attached
                      && (m->partner_state & in_sync) == in_sync);
            }
        }
    }
    lacp_status_list_destroy(bonds, n_bonds);
    return ok;
}

static int
read_ovs(const struct failover_kernel *k, struct failover_bond_state *st,
         char **errp)
{
    char *argv[] = { k->bond };
    struct bond_status bs;
    char *reply;
    int error = vswitchd_ctl_call("bond/show", 1, argv, &reply);

    if (error) {
        *errp = xasprintf("bond/show %s: %s", k->bond,
                          reply ? reply : ovs_strerror(error));
        free(reply);
        return error;
    }
    if (!vswitchd_parse_bond_show(reply, &bs)) {
        *errp = xasprintf("bond/show %s: no bond in the reply", k->bond);
        free(reply);
        return EPROTO;
    }
    free(reply);

    st->lacp = bs.lacp_status && strcmp(bs.lacp_status, "off");
    st->lacp_negotiated = (bs.lacp_status
                           && !strcmp(bs.lacp_status, "negotiated"));

    /* With LACP, "enabled" is not the whole story: a member is back only
     * once its LACP state is current again and the partner is in sync. */
    char *lacp = NULL;
    if (st->lacp && vswitchd_ctl_call("lacp/show", 1, argv, &lacp)) {
        free(lacp);
        lacp = NULL;
    }
    for (size_t i = 0; i < bs.n_members; i++) {
        const struct bond_member_status *m = &bs.members[i];
        struct bond_link link;
        bool exists = !bond_link_get(m->name, 0, &link, NULL);
        bool up = (exists
                   ? (link.flags & IFF_UP) && (link.flags & IFF_LOWER_UP)
                   : m->enabled);
        bool lacp_ok = !lacp || failover_lacp_member_ok(lacp, m->name);
        const char *why = (exists && !up ? link_why(link.flags)
                           : !m->enabled ? "disabled in bond/show"
                           : !lacp_ok ? "LACP not current and in sync"
                           : NULL);

        failover_bond_state_add_leg(st, m->name, up, m->enabled && lacp_ok,
                                    why);
    }
    free(lacp);
    bond_status_destroy(&bs);
    return 0;
}

/* Returns 'error'; if it is nonzero, stores in '*errp' "WHAT: ERROR", with
 * the kernel's ": EXTACK" if there is one, WHAT formatted from 'format'.
 * Frees 'extack' either way. */
static int OVS_PRINTF_FORMAT(4, 5)
report_error(int error, char *extack, char **errp, const char *format, ...)
{
    if (error) {
        struct ds s = DS_EMPTY_INITIALIZER;
        va_list args;

        va_start(args, format);
        ds_put_format_valist(&s, format, args);
        va_end(args);
        ds_put_format(&s, ": %s%s%s", ovs_strerror(error),
                      extack ? ": " : "", extack ? extack : "");
        *errp = ds_steal_cstr(&s);
    }
    free(extack);
    return error;
}

static int
read_linux(const struct failover_kernel *k, struct failover_bond_state *st,
           char **errp)
{
    struct bond_state bs;
    struct bond_slave *slaves = NULL;
    size_t n = 0;
    char *extack = NULL;
    int error = bond_get(k->bond, 0, &bs, &extack);

    if (!error) {
        error = bond_slaves_dump(bs.ifindex, &slaves, &n, &extack);
    }
    error = report_error(error, extack, errp, "%s", k->bond);
    if (error) {
        free(slaves);
        return error;
    }

    bool lacp = (bond_opts_has(&bs.opts, BOND_OPT_MODE)
                 && bond_opts_get(&bs.opts, BOND_OPT_MODE) == BOND_M_8023AD);
    st->lacp = lacp;
    st->lacp_negotiated = lacp && bond_lacp_negotiated(slaves, n);
    for (size_t i = 0; i < n; i++) {
        const struct bond_slave *s = &slaves[i];
        const struct bond_slave_info *info = &s->info;
        bool up = (s->flags & IFF_UP) && (s->flags & IFF_LOWER_UP);
        bool mii_up = ((info->present & BOND_SLAVE_HAS_MII_STATUS)
                       && info->mii_status == BOND_MII_UP);
        uint8_t want = BOND_LACP_ST_COLLECTING | BOND_LACP_ST_DISTRIBUTING;
        bool in_agg = (!lacp
                       || (bs.ad_info.present
                           && (info->present
                               & BOND_SLAVE_HAS_AD_AGGREGATOR_ID)
                           && info->ad_aggregator_id
                              == bs.ad_info.aggregator_id
                           && (info->present
                               & BOND_SLAVE_HAS_AD_ACTOR_STATE)
                           && (info->ad_actor_oper_port_state & want)
                              == want));
        const char *why = (!up ? link_why(s->flags)
                           : !mii_up ? "MII status not up"
                           : !in_agg ? "not distributing in the active "
                                       "aggregator" : NULL);

        failover_bond_state_add_leg(st, s->ifname, up, mii_up && in_agg,
                                    why);
    }
    free(slaves);
    return 0;
}

static int
kernel_read(void *k_, struct failover_bond_state *st, char **errp)
{
    struct failover_kernel *k = k_;

    return (k->kind == FAILOVER_LINUX
            ? read_linux(k, st, errp) : read_ovs(k, st, errp));
}

static int
set_leg(struct failover_kernel *k, const char *leg, bool up, char **errp)
{
    const struct svec *cmd = up ? &k->restore_cmd : &k->fail_cmd;

    if (cmd->n) {
        return run_leg_command(cmd, leg, k->cmd_timeout_ms, errp);
    }

    char *extack = NULL;
    int ifindex;
    int error = bond_link_ifindex(leg, &ifindex);

    if (!error) {
        error = bond_link_set_up(ifindex, up, &extack);
    }
    return report_error(error, extack, errp, "set %s %s", leg,
                        up ? "up" : "down");
}

static int
kernel_fail_leg(void *k, const char *leg, char **errp)
{
    return set_leg(k, leg, false, errp);
}

static int
kernel_restore_leg(void *k, const char *leg, char **errp)
{
    return set_leg(k, leg, true, errp);
}

static int
kernel_leg_packets(void *k OVS_UNUSED, const char *leg, uint64_t *packets,
                   char **errp)
{
    struct ethtool_leg_counters c;
    int error = ethtool_leg_counters_read(leg, NULL, &c, errp);

    *packets = error ? 0 : c.rx_packets + c.tx_packets;
    return error;
}

static int
dump_into(const struct tc_flower_dump_target *t, unsigned int n_legs,
          struct tc_flower_summary *sum, const char *what, char **errp)
{
    char *extack = NULL;
    int error = tc_flower_dump_summary(t, n_legs, sum, &extack);

    return report_error(error, extack, errp, "flower filters of %s", what);
}

/* Counts the flower filters that carry the bond's flows.  A Linux bond's
 * legs share the bond's block (its index is the bond's ifindex, as OVS
 * makes it), so the block is dumped once, or the bond's own ingress when it
 * has no shared block; an OVS bond's members each have their own ingress. */
static int
kernel_offload(void *k_, struct failover_offload *o, char **errp)
{
    struct failover_kernel *k = k_;
    struct failover_bond_state st;
    struct tc_flower_summary sum;
    int error;

    failover_bond_state_init(&st);
    error = kernel_read(k, &st, errp);
    if (error) {
        return error;
    }
    tc_flower_summary_init(&sum);
    if (k->kind == FAILOVER_LINUX) {
        int ifindex;

        error = bond_link_ifindex(k->bond, &ifindex);
        if (!error) {
            struct tc_flower_dump_target block = { .block_index = ifindex };

            error = dump_into(&block, st.n_legs, &sum, k->bond, errp);
            if (!error && !sum.n_filters) {
                struct tc_flower_dump_target dev = { .ifindex = ifindex };

                error = dump_into(&dev, st.n_legs, &sum, k->bond, errp);
            }
        } else {
            *errp = xasprintf("%s: %s", k->bond, ovs_strerror(error));
        }
    } else {
        for (size_t i = 0; !error && i < st.n_legs; i++) {
            int ifindex;

            if (bond_link_ifindex(st.legs[i].name, &ifindex)) {
                continue;       /* Not a netdev (e.g. DPDK): no filters. */
            }
            struct tc_flower_dump_target dev = { .ifindex = ifindex };
            error = dump_into(&dev, 1, &sum, st.legs[i].name, errp);
        }
    }
    failover_bond_state_destroy(&st);
    o->n_filters = sum.n_filters;
    o->n_in_hw = sum.n_state[TC_OFFLOAD_IN_HW];
    return error;
}

static long long int
kernel_now_ms(void *k OVS_UNUSED)
{
    return traffic_gen_now_ms();
}

/* Sleeps 'ms', less if a signal arrives (so that SIGINT is seen at once). */
static void
kernel_sleep_ms(void *k OVS_UNUSED, long long int ms)
{
    struct timespec ts = { .tv_sec = ms / 1000,
                           .tv_nsec = (ms % 1000) * 1000000 };

    nanosleep(&ts, NULL);
}

static bool
kernel_interrupted(void *k OVS_UNUSED)
{
    return failover_signaled();
}

const struct failover_backend failover_kernel_backend = {
    .read = kernel_read,
    .fail_leg = kernel_fail_leg,
    .restore_leg = kernel_restore_leg,
    .leg_packets = kernel_leg_packets,
    .offload = kernel_offload,
    .now_ms = kernel_now_ms,
    .sleep_ms = kernel_sleep_ms,
    .interrupted = kernel_interrupted,
};

/* Finds bond 'bond': a Linux bond of that name, else an OVS bond that
 * ovs-vswitchd knows.  Returns the backend's state, or NULL with an
 * explanation in '*errp'.  'fail_cmd' and 'restore_cmd' (may be NULL or
 * empty) are the user's commands, already split into words, each run for at
 * most 'cmd_timeout_ms'. */
struct failover_kernel *
failover_kernel_create(const char *bond, const struct svec *fail_cmd,
                       const struct svec *restore_cmd,
                       long long int cmd_timeout_ms, char **errp)
{
    struct bond_link link;
    enum failover_kind kind;

    *errp = NULL;
    if (!bond_link_get(bond, 0, &link, NULL) && bond_link_is_bond(&link)) {
        kind = FAILOVER_LINUX;
    } else {
        char *argv[] = { CONST_CAST(char *, bond) };
        char *reply;
        struct bond_status bs;
        int error = vswitchd_ctl_call("bond/show", 1, argv, &reply);

        if (reply) {
            size_t n = strlen(reply);

            while (n && (reply[n - 1] == '\n' || reply[n - 1] == ' ')) {
                reply[--n] = '\0';
            }
        }
        if (error || !vswitchd_parse_bond_show(reply, &bs)) {
            *errp = xasprintf("%s is neither a Linux bond nor an OVS bond "
                              "(bond/show: %s)", bond,
                              reply && *reply ? reply
                              : error ? ovs_strerror(error) : "no bond");
            free(reply);
            return NULL;
        }
        free(reply);
        bond_status_destroy(&bs);
        kind = FAILOVER_OVS;
    }

    struct failover_kernel *k = xzalloc(sizeof *k);
    k->bond = xstrdup(bond);
    k->kind = kind;
    svec_init(&k->fail_cmd);
    svec_init(&k->restore_cmd);
    if (fail_cmd) {
        svec_append(&k->fail_cmd, fail_cmd);
    }
    if (restore_cmd) {
        svec_append(&k->restore_cmd, restore_cmd);
    }
    k->cmd_timeout_ms = cmd_timeout_ms;
    return k;
}

enum failover_kind
failover_kernel_kind(const struct failover_kernel *k)
{
    return k->kind;
}

void
failover_kernel_destroy(struct failover_kernel *k)
{
    if (k) {
        free(k->bond);
        svec_destroy(&k->fail_cmd);
        svec_destroy(&k->restore_cmd);
        free(k);
    }
}
