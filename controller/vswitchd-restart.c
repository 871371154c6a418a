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

#include "controller/vswitchd-restart.h"

#include <errno.h>
#include <inttypes.h>
#include <fcntl.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <linux/rtnetlink.h>
#include <unistd.h>

#include "controller/apply-run.h"
#include "controller/offload-config.h"
#include "controller/shell-words.h"
#include "controller/vswitchd-ctl.h"
#include "lib/vswitch-idl.h"
#include "netlink/nl-mnl.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/vlog.h"
#include "ovsdb-idl.h"
#include "smap.h"
#include "svec.h"
#include "tc/tc-probe.h"
#include "timeval.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(vswitchd_restart);

#define FLOW_RESTORE_WAIT "flow-restore-wait"

static const char *
ovs_datadir(void)
{
    const char *d = getenv("OVS_PKGDATADIR");

    return d && *d ? d : "/usr/share/openvswitch";
}

/* Runs 'argv' with its standard output going to 'out_fd' (or to our
 * standard error, so that "--format=json" output stays clean), for at most
 * until 'deadline'.  Returns 0 if it exited 0, else a message. */
static char *
run_command(char *const argv[], int out_fd, long long int deadline)
{
    struct ds cmd = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; argv[i]; i++) {
        ds_put_format(&cmd, "%s%s", i ? " " : "", argv[i]);
    }
    VLOG_INFO("running: %s", ds_cstr(&cmd));

    pid_t pid = fork();
    if (pid < 0) {
        char *err = xasprintf("%s: fork failed (%s)", ds_cstr(&cmd),
                              ovs_strerror(errno));
        ds_destroy(&cmd);
        return err;
    } else if (!pid) {
        dup2(out_fd >= 0 ? out_fd : STDERR_FILENO, STDOUT_FILENO);
        execvp(argv[0], argv);
        fprintf(stderr, "%s: %s\n", argv[0], ovs_strerror(errno));
        _exit(127);
    }

    int status;
    for (;;) {
        pid_t r = waitpid(pid, &status, WNOHANG);

        if (r == pid) {
            break;
        } else if (r < 0 && errno != EINTR) {
            status = -1;
            break;
        } else if (time_msec() >= deadline) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            char *err = xasprintf("%s: still running at the deadline; "
                                  "killed", ds_cstr(&cmd));
            ds_destroy(&cmd);
            return err;
        }
        xnanosleep(50 * 1000 * 1000);
    }

    char *err = NULL;
    if (status < 0 || !WIFEXITED(status) || WEXITSTATUS(status)) {
        err = xasprintf("%s: %s", ds_cstr(&cmd),
                        status < 0 ? "lost track of it"
                        : WIFEXITED(status) ? "failed" : "killed by a signal");
        if (status >= 0 && WIFEXITED(status)) {
            char *tmp = xasprintf("%s (exit %d)", err, WEXITSTATUS(status));
            free(err);
            err = tmp;
        }
    }
    ds_destroy(&cmd);
    return err;
}

/* Sets (or clears) other_config:flow-restore-wait in the database, as
 * ovs-ctl's flow_restore_wait (flow_restore_complete) do. */
static char *
flow_restore_wait(struct ovsdb_idl *idl, bool on)
{
    const struct ovsrec_open_vswitch *root = ovsrec_open_vswitch_first(idl);
    struct ovsdb_idl_txn *txn;
    enum ovsdb_idl_txn_status status;

    if (!root) {
        return xstrdup("the database has no Open_vSwitch row");
    }
    txn = ovsdb_idl_txn_create(idl);
    ovsdb_idl_txn_add_comment(txn, "ovs-offload: %s flow-restore-wait "
                              "around an ovs-vswitchd restart",
                              on ? "set" : "clear");
    if (on) {
        ovsrec_open_vswitch_update_other_config_setkey(root,
                                                       FLOW_RESTORE_WAIT,
                                                       "true");
    } else {
        ovsrec_open_vswitch_update_other_config_delkey(root,
                                                       FLOW_RESTORE_WAIT);
    }
    status = ovsdb_idl_txn_commit_block(txn);
    ovsdb_idl_txn_destroy(txn);
    return (status == TXN_SUCCESS || status == TXN_UNCHANGED
            ? NULL
            : xasprintf("cannot %s other_config:"FLOW_RESTORE_WAIT" (%s)",
                        on ? "set" : "clear",
                        ovsdb_idl_txn_status_to_string(status)));
}

/* Waits until an ovs-vswitchd other than 'old_pid' answers on its unixctl
 * socket.  Returns its pid, or 0 at the deadline. */
static long int
wait_new_vswitchd(long int old_pid, long long int deadline)
{
    for (;;) {
        long int pid = vswitchd_ctl_pid();
        char *reply = NULL;

        if (pid && pid != old_pid
            && !vswitchd_ctl_call("version", 0, NULL, &reply)) {
            free(reply);
            return pid;
        }
        free(reply);
        if (time_msec() >= deadline) {
            return 0;
        }
        xnanosleep(100 * 1000 * 1000);
    }
}

/* Saves the flows of every bridge with ovs-save into a script in '*script'
 * (a file name the caller unlinks). */
static char *
save_flows(struct ovsdb_idl *idl, long long int deadline, char **script,
           int *n_bridges)
{
    const struct ovsrec_bridge *br;
    char *ovs_save = xasprintf("%s/scripts/ovs-save", ovs_datadir());
    char **argv = xcalloc(3, sizeof *argv);
    size_t n = 2;
    char *err = NULL;

    argv[0] = ovs_save;
    argv[1] = "save-flows";
    OVSREC_BRIDGE_FOR_EACH (br, idl) {
        argv = xrealloc(argv, (n + 2) * sizeof *argv);
        argv[n++] = br->name;
    }
    argv[n] = NULL;
    *n_bridges = n - 2;

    char tmpl[] = "/tmp/ovs-offload-flows.XXXXXX";
    int fd = mkstemp(tmpl);
    *script = NULL;
    if (fd < 0) {
        err = xasprintf("cannot create a file for the saved flows (%s)",
                        ovs_strerror(errno));
    } else {
        *script = xstrdup(tmpl);
        if (*n_bridges) {
            err = run_command(argv, fd, deadline);
        }
        close(fd);
    }
    free(ovs_save);
    free(argv);
    return err;
}

/* Ingress qdiscs after the restart. */

struct qdisc_list {
    struct tc_probe_qdisc *q;
    size_t n, allocated;
};

static int
qdisc_list_cb(const struct nlmsghdr *nlh, void *list_)
{
    struct qdisc_list *list = list_;
    struct tc_probe_qdisc q;

    if (nlh->nlmsg_type != RTM_NEWQDISC || tc_probe_parse_qdisc(nlh, &q)) {
        return 0;
    }
    if (tc_probe_qdisc_is_ingress(&q)) {
        if (list->n >= list->allocated) {
            list->q = x2nrealloc(list->q, &list->allocated, sizeof *list->q);
        }
        list->q[list->n++] = q;
    }
    return 0;
}

/* Reads every ingress qdisc in the network namespace into 'list'. */
static char *
dump_ingress_qdiscs(struct qdisc_list *list)
{
    uint64_t buf[TC_PROBE_REQUEST_SIZE / sizeof(uint64_t)];
    struct mnl_socket *sock;
    char *msg = NULL, *extack = NULL;
    int error = nl_mnl_open(NETLINK_ROUTE, &sock, &msg);

    if (error) {
        return msg;
    }
    error = nl_mnl_transact(sock, tc_probe_build_qdisc_dump(buf),
                            qdisc_list_cb, list, &extack);
    nl_mnl_close(sock);
    if (error) {
        msg = xasprintf("reading the qdiscs failed (%s)%s%s",
                        ovs_strerror(error), extack ? ": " : "",
                        extack ? extack : "");
    }
    free(extack);
    return msg;
}

static const struct tc_probe_qdisc *
find_ingress(const struct qdisc_list *list, int ifindex)
{
    for (size_t i = 0; i < list->n; i++) {
        if (list->q[i].ifindex == ifindex) {
            return &list->q[i];
        }
    }
    return NULL;
}

/* Checks one bond: a VF-LAG Linux bond and its members must share one
 * ingress block (OVS binds them to the bond's block); each member of an
 * OVS bond must have an ingress qdisc. */
static struct json *
check_bond(const struct offload_port *port, const struct qdisc_list *list,
           int *problems)
{
    bool vf_lag = port->vf_lag != OFFLOAD_VF_LAG_OFF
                  && if_nametoindex(port->name);
    struct json *j = json_object_create();
    struct json *devs = json_array_create_empty();
    uint32_t block = 0;
    bool ok = true;

    json_object_put_string(j, "bond", port->name);
    json_object_put(j, "vf_lag", json_boolean_create(vf_lag));
    for (size_t i = 0; i < port->n_members + vf_lag; i++) {
        const char *name = i < port->n_members ? port->members[i]
                                               : port->name;
        int ifindex = if_nametoindex(name);
        const struct tc_probe_qdisc *q = ifindex ? find_ingress(list,
                                                                ifindex)
                                                 : NULL;
        struct json *d = json_object_create();

        json_object_put_string(d, "name", name);
        json_object_put(d, "ingress_qdisc", json_boolean_create(q != NULL));
        json_object_put(d, "ingress_block",
                        json_integer_create(q ? q->ingress_block : 0));
        json_array_add(devs, d);
        if (!q) {
            ok = false;
        } else if (vf_lag) {
            if (!q->ingress_block || (block && q->ingress_block != block)) {
                ok = false;
            }
            block = block ? block : q->ingress_block;
        }
    }
    json_object_put(j, "checked", json_boolean_create(true));
    json_object_put(j, "ok", json_boolean_create(ok));
    json_object_put(j, "devices", devs);
    *problems += !ok;
    return j;
}

static struct json *
check_blocks(const struct offload_config *cfg, struct ovsdb_idl *idl,
             int *problems)
{
    const struct ovsrec_open_vswitch *root = ovsrec_open_vswitch_first(idl);
    bool hw = root && smap_get_bool(&root->other_config, "hw-offload", false);
    struct json *arr = json_array_create_empty();
    struct qdisc_list list = { .n = 0 };
    char *dump_err = NULL;
    bool dumped = false;

    for (size_t i = 0; i < cfg->n_bridges; i++) {
        const struct offload_bridge *br = &cfg->bridges[i];
        bool userspace = br->datapath_type
                         && !strcmp(br->datapath_type, "netdev");

        for (size_t k = 0; k < br->n_ports; k++) {
            const struct offload_port *port = &br->ports[k];
            const char *skip = NULL;

            if (port->type != OFFLOAD_PORT_BOND) {
                continue;
            } else if (!hw) {
                skip = "hw-offload is off: OVS adds no ingress qdisc";
            } else if (userspace) {
                skip = "userspace datapath (netdev): OVS uses no TC";
            }
            if (!skip && !dumped) {
                dump_err = dump_ingress_qdiscs(&list);
                dumped = true;
            }
            if (!skip && dump_err) {
                skip = dump_err;
                (*problems)++;
            }
            if (skip) {
                struct json *j = json_object_create();

                json_object_put_string(j, "bond", port->name);
                json_object_put(j, "checked", json_boolean_create(false));
                json_object_put_string(j, "reason", skip);
                json_array_add(arr, j);
            } else {
                json_array_add(arr, check_bond(port, &list, problems));
            }
        }
    }
    free(list.q);
    free(dump_err);
    return arr;
}

char *
vswitchd_restart_check_env(void)
{
    const char *env_cmd = getenv("OVS_OFFLOAD_RESTART_CMD");
    struct svec argv = SVEC_EMPTY_INITIALIZER;
    char *err = (env_cmd && *env_cmd
                 ? shell_words_split_command(env_cmd, &argv) : NULL);
    char *msg = (err ? xasprintf("OVS_OFFLOAD_RESTART_CMD: %s", err)
                 : NULL);

    free(err);
    svec_destroy(&argv);
    return msg;
}

bool
vswitchd_restart_after_apply(const struct apply_run_options *aopts,
                             const struct offload_config *cfg,
                             struct ovsdb_idl *idl,
                             struct vswitchd_restart_report *r)
{
    long long int deadline = time_msec() + aopts->timeout_ms;
    const char *env_cmd = getenv("OVS_OFFLOAD_RESTART_CMD");
    char *script = NULL;
    bool we_set_wait = false;
    char *err = NULL;

    memset(r, 0, sizeof *r);
    r->old_pid = vswitchd_ctl_pid();
    if (!r->old_pid) {
        r->error = xstrdup("ovs-vswitchd is not running; nothing to "
                           "restart");
        return false;
    }

    /* How. */
    char *argv[6] = { NULL };
    struct svec env_argv = SVEC_EMPTY_INITIALIZER;
    char *ovs_ctl = xasprintf("%s/scripts/ovs-ctl", ovs_datadir());
    if (env_cmd && *env_cmd) {
        /* The user's command runs without a shell: split it into words
         * before anything changes, so that one we cannot run is refused
         * here. */
        err = shell_words_split_command(env_cmd, &env_argv);
        if (err) {
            r->error = xasprintf("OVS_OFFLOAD_RESTART_CMD: %s; ovs-vswitchd "
                                 "was not restarted", err);
            goto out;
        }
        svec_terminate(&env_argv);
        r->flows_saved = true;
        r->method = xasprintf("OVS_OFFLOAD_RESTART_CMD (%s)", env_cmd);
    } else {
        char *is_active[] = { "systemctl", "is-active", "--quiet",
                              "ovs-vswitchd.service", NULL };
        char *e = NULL;

        if (!access("/run/systemd/system", F_OK)
            && !(e = run_command(is_active, -1, deadline))) {
            argv[0] = "systemctl";
            argv[1] = "restart";
            argv[2] = "ovs-vswitchd.service";
            r->flows_saved = true;
        } else {
            argv[0] = ovs_ctl;
            argv[1] = "--no-ovsdb-server";
            argv[2] = "restart";
        }
        free(e);
        r->method = xasprintf("%s %s %s", argv[0], argv[1], argv[2]);
    }

    /* Save the flows and ask the next ovs-vswitchd to wait for them. */
    if (r->flows_saved) {
        const struct ovsrec_open_vswitch *root
            = ovsrec_open_vswitch_first(idl);

        err = save_flows(idl, deadline, &script, &r->n_bridges);
        if (!err && root && !smap_get_bool(&root->other_config,
                                           FLOW_RESTORE_WAIT, false)) {
            err = flow_restore_wait(idl, true);
            we_set_wait = !err;
        }
        if (err) {
            r->error = xasprintf("saving the flows failed, ovs-vswitchd was "
                                 "not restarted: %s", err);
            goto out;
        }
    }

    /* Restart. */
    err = run_command(env_argv.n ? env_argv.names : argv, -1, deadline);
    r->new_pid = wait_new_vswitchd(r->old_pid, deadline);
    if (!r->new_pid) {
        r->error = xasprintf("no new ovs-vswitchd answers after the restart"
                             "%s%s", err ? ": " : "", err ? err : "");
        goto out;
    } else if (err) {
        VLOG_WARN("%s, but a new ovs-vswitchd (pid %ld) runs", err,
                  r->new_pid);
    }
    free(err);
    err = NULL;

    /* Restore the flows, then let ovs-vswitchd go on. */
    if (r->flows_saved && r->n_bridges) {
        /* Not a user's hook: the restore script that ovs-save wrote,
         * which ovs-ctl itself runs with sh the same way. */
        char *sh[] = { "/bin/sh", script, NULL };

        err = run_command(sh, -1, deadline);
        if (err) {
            r->error = xasprintf("restoring the saved flows failed: %s", err);
        }
    }

out:
    free(err);
    if (we_set_wait) {
        err = flow_restore_wait(idl, false);
        if (err && !r->error) {
            r->error = err;
        } else {
            free(err);
        }
    }
    if (script) {
        unlink(script);
        free(script);
    }
    free(ovs_ctl);
    svec_destroy(&env_argv);
    if (r->error) {
        return false;
    }

    /* Apply again: the restart record names the old pid and goes; the
     * read-back verifies the whole file against the new ovs-vswitchd. */
    struct apply_report rep;
    r->reapplied = apply_run(aopts, cfg, idl, &rep);
    if (!r->reapplied) {
        r->error = xasprintf("apply after the restart: %s",
                             rep.error ? rep.error : "failed");
    }
    apply_report_destroy(&rep);

    r->blocks = check_blocks(cfg, idl, &r->n_block_problems);
    if (!r->error && r->n_block_problems) {
        r->error = xasprintf("%d bond%s lack%s the ingress qdisc or shared "
                             "TC block OVS should have put there after the "
                             "restart", r->n_block_problems,
                             r->n_block_problems == 1 ? "" : "s",
                             r->n_block_problems == 1 ? "s" : "");
    }
    return !r->error;
}

void
vswitchd_restart_report_destroy(struct vswitchd_restart_report *r)
{
    if (r) {
        free(r->method);
        free(r->error);
        json_destroy(r->blocks);
    }
}

struct json *
vswitchd_restart_report_to_json(const struct vswitchd_restart_report *r)
{
    struct json *j = json_object_create();

    json_object_put(j, "old_pid", json_integer_create(r->old_pid));
    json_object_put(j, "new_pid", json_integer_create(r->new_pid));
    json_object_put(j, "method", r->method ? json_string_create(r->method)
                    : json_null_create());
    json_object_put(j, "flows_saved_by_us",
                    json_boolean_create(r->flows_saved));
    json_object_put(j, "bridges_saved", json_integer_create(r->n_bridges));
    json_object_put(j, "reapplied", json_boolean_create(r->reapplied));
    json_object_put(j, "bonds", r->blocks ? json_clone(r->blocks)
                    : json_array_create_empty());
    json_object_put(j, "error", r->error ? json_string_create(r->error)
                    : json_null_create());
    return j;
}

void
vswitchd_restart_report_format(const struct vswitchd_restart_report *r,
                               struct ds *s)
{
    if (r->new_pid) {
        ds_put_format(s, "Restarted ovs-vswitchd (pid %ld -> %ld) with %s",
                      r->old_pid, r->new_pid, r->method);
        if (r->flows_saved) {
            ds_put_format(s, "; OpenFlow flows of %d bridge%s saved with "
                          "ovs-save and restored", r->n_bridges,
                          r->n_bridges == 1 ? "" : "s");
        } else {
            ds_put_cstr(s, ", which saves and restores the flows");
        }
        ds_put_format(s, ".\n%s\n", r->reapplied
                      ? "Applied again after the restart: the database "
                        "matches the file, no restart pending."
                      : "The apply after the restart did not verify.");
    }
    for (size_t i = 0; r->blocks && i < r->blocks->array.n; i++) {
        const struct json *b = r->blocks->array.elems[i];
        const char *bond = json_string(shash_find_data(json_object(b),
                                                       "bond"));

        if (!json_boolean(shash_find_data(json_object(b), "checked"))) {
            ds_put_format(s, "Bond %s: ingress qdiscs not checked (%s).\n",
                          bond, json_string(shash_find_data(json_object(b),
                                                            "reason")));
            continue;
        }
        bool ok = json_boolean(shash_find_data(json_object(b), "ok"));
        const struct json *devs = shash_find_data(json_object(b), "devices");

        ds_put_format(s, "Bond %s: %s;", bond, ok
                      ? "ingress qdiscs in place" : "INGRESS QDISC PROBLEM");
        for (size_t k = 0; k < devs->array.n; k++) {
            const struct shash *d = json_object(devs->array.elems[k]);

            if (json_boolean(shash_find_data(d, "ingress_qdisc"))) {
                ds_put_format(s, " %s block %"PRId64"",
                              json_string(shash_find_data(d, "name")),
                              json_integer(shash_find_data(d,
                                                           "ingress_block")));
            } else {
                ds_put_format(s, " %s no ingress qdisc",
                              json_string(shash_find_data(d, "name")));
            }
        }
        ds_put_char(s, '\n');
    }
}
