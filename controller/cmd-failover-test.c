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

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/ctl.h"
#include "controller/failover-kernel.h"
#include "controller/failover-report.h"
#include "controller/failover.h"
#include "controller/offload-config.h"
#include "controller/shell-words.h"
#include "controller/traffic-gen.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "svec.h"
#include "util.h"

/* Defaults of failover-test. */
#define FT_POLL_MS 10           /* Bond state sampling. */
#define FT_HOLD_MS 2000         /* Leg kept failed after detection. */
#define FT_MAX_LOSS_MS 1000
#define FT_WARMUP 50            /* Datagrams that must arrive before the
                                 * first failure. */

/* The only bond of the -c file, malloc'd, or NULL having said why. */
static char *
bond_from_config(const struct ctl_options *opts)
{
    struct offload_config *cfg = ctl_load_config(opts);
    struct ds names = DS_EMPTY_INITIALIZER;
    char *bond = NULL;
    size_t n = 0;

    if (!cfg) {
        return NULL;
    }
    for (size_t i = 0; i < cfg->n_bridges; i++) {
        for (size_t j = 0; j < cfg->bridges[i].n_ports; j++) {
            const struct offload_port *p = &cfg->bridges[i].ports[j];

            if (p->type == OFFLOAD_PORT_BOND) {
                ds_put_format(&names, "%s%s", n++ ? ", " : "", p->name);
                if (!bond) {
                    bond = xstrdup(p->name);
                }
            }
        }
    }
    if (n != 1) {
        fprintf(stderr, "%s: failover-test: %s has %s bond%s%s%s%s; name "
                "the bond to test\n", program_name,
                opts->ifupdown2 ? opts->ifupdown2 : opts->config_file,
                n ? "more than one" : "no", n ? "s" : "", n ? " (" : "",
                ds_cstr(&names), n ? ")" : "");
        free(bond);
        bond = NULL;
    }
    ds_destroy(&names);
    offload_config_destroy(cfg);
    return bond;
}

static bool
write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");

    if (!f || fputs(text, f) == EOF || fclose(f)) {
        fprintf(stderr, "%s: failover-test: cannot write %s: %s\n",
                program_name, path, ovs_strerror(errno));
        if (f) {
            fclose(f);
        }
        return false;
    }
    return true;
}

/* Prints 'r' and writes the report files.  Returns false if a file could
 * not be written. */
static bool
output(const struct ctl_options *opts, const struct failover_result *r)
{
    struct json *j = failover_result_to_json(r);
    bool ok = true;

    if (opts->report) {
        char *text = json_to_string(j, JSSF_PRETTY);

        ok = write_file(opts->report, text) && ok;
        free(text);
    }
    if (opts->junit) {
        struct ds xml = DS_EMPTY_INITIALIZER;

        failover_result_to_junit(r, &xml);
        ok = write_file(opts->junit, ds_cstr(&xml)) && ok;
        ds_destroy(&xml);
    }
    if (opts->json) {
        ctl_print_json(j);
    } else {
        struct ds s = DS_EMPTY_INITIALIZER;

        failover_result_format_text(r, &s);
        fputs(ds_cstr(&s), stdout);
        ds_destroy(&s);
        json_destroy(j);
    }
    if (r->refused && r->error) {
        fprintf(stderr, "%s: failover-test: refused: %s; nothing was "
                "changed\n", program_name, r->error);
    }
    return ok;
}

static void
tg_mark(void *tg)
{
    traffic_gen_mark(tg);
}

static void
tg_sample(void *tg, struct failover_traffic_sample *s)
{
    traffic_gen_sample(tg, s);
}

/* "failover-test [BOND]". */
/* Splits the user's command 'cmd' (option 'option', NULL if not given)
 * into 'argv'.  Returns false, with a message on stderr, if it cannot be
 * run without a shell. */
static bool
split_command(const char *option, const char *cmd, struct svec *argv)
{
    char *err = cmd ? shell_words_split_command(cmd, argv) : NULL;

    if (err) {
        fprintf(stderr, "%s: failover-test: %s: %s; nothing was changed\n",
                program_name, option, err);
        free(err);
        return false;
    }
    return true;
}

int
cmd_failover_test(const struct ctl_options *opts, int argc, char *argv[])
{
    struct failover_options fo = {
        .timeout_ms = opts->timeout_ms,
        .poll_ms = opts->interval_set ? opts->interval_ms : FT_POLL_MS,
        .hold_ms = opts->hold_ms ? opts->hold_ms : FT_HOLD_MS,
        .max_loss_ms = opts->max_loss_set ? opts->max_loss_ms
                                          : FT_MAX_LOSS_MS,
    };
    struct traffic_gen_options to = {
        .port = TRAFFIC_GEN_PORT,
        .rate_pps = opts->rate_pps ? opts->rate_pps : TRAFFIC_GEN_RATE,
    };
    struct failover_traffic traffic = {
        .mark = tg_mark,
        .sample = tg_sample,
        .rate_pps = to.rate_pps,
    };
    struct failover_result r;
    struct traffic_gen *tg = NULL;
    char *to_ns = NULL, *to_addr = NULL, *desc = NULL, *err = NULL;
    pid_t traffic_pid = 0;
    int rc = CTL_EXIT_FAIL;

    /* The user's commands run without a shell: split them now, so that a
     * command we cannot run is a usage error before anything changes. */
    struct svec fail_cmd = SVEC_EMPTY_INITIALIZER;
    struct svec restore_cmd = SVEC_EMPTY_INITIALIZER;
    struct svec traffic_cmd = SVEC_EMPTY_INITIALIZER;
    if (!split_command("--fail-cmd", opts->fail_cmd, &fail_cmd)
        || !split_command("--restore-cmd", opts->restore_cmd, &restore_cmd)
        || !split_command("--traffic", opts->traffic, &traffic_cmd)) {
        rc = CTL_EXIT_USAGE;
        goto out_cmds;
    }

    if (!opts->traffic_from != !opts->traffic_to) {
        fprintf(stderr, "%s: failover-test: --traffic-from and --traffic-to "
                "go together\n", program_name);
        rc = CTL_EXIT_USAGE;
        goto out_cmds;
    }
    if (opts->traffic && opts->traffic_to) {
        fprintf(stderr, "%s: failover-test: --traffic=CMD replaces the "
                "built-in traffic; give one or the other\n", program_name);
        rc = CTL_EXIT_USAGE;
        goto out_cmds;
    }
    if (opts->traffic_to) {
        err = traffic_gen_parse_to(opts->traffic_to, &to_ns, &to_addr,
                                   &to.port);
        if (err) {
            fprintf(stderr, "%s: failover-test: --traffic-to: %s\n",
                    program_name, err);
            free(err);
            rc = CTL_EXIT_USAGE;
            goto out_cmds;
        }
    }

    char *bond = argc ? xstrdup(argv[0]) : bond_from_config(opts);
    if (!bond) {
        goto out;
    }
    fo.bond = bond;

    struct failover_kernel *k = failover_kernel_create(
        bond, &fail_cmd, &restore_cmd, opts->timeout_ms, &err);
    if (!k) {
        fprintf(stderr, "%s: failover-test: %s; nothing was changed\n",
                program_name, err);
        free(err);
        goto out;
    }
    fo.kind = failover_kernel_kind(k);

    /* From here on SIGINT and SIGTERM only set a flag, so that a failed leg
     * is restored before we exit. */
    failover_catch_signals();

    if (opts->traffic_to) {
        to.from_ns = opts->traffic_from;
        to.to_ns = to_ns;
        to.to_addr = to_addr;
        desc = xasprintf("%s -> %s:%s port %u", opts->traffic_from, to_ns,
                         to_addr, to.port);
        tg = traffic_gen_start(&to, &err);
        if (!tg) {
            fprintf(stderr, "%s: failover-test: traffic: %s; nothing was "
                    "changed\n", program_name, err);
            free(err);
            goto out_k;
        }
        if (traffic_gen_wait_flowing(tg, FT_WARMUP, opts->timeout_ms)) {
            fprintf(stderr, "%s: failover-test: traffic %s does not get "
                    "through before any failure (%d datagrams within %lld "
                    "ms); nothing was changed\n", program_name, desc,
                    FT_WARMUP, opts->timeout_ms);
            goto out_tg;
        }
        traffic.aux = tg;
        fo.traffic = &traffic;
        fo.traffic_mode = FAILOVER_TRAFFIC_BUILTIN;
        fo.traffic_desc = desc;
    } else if (opts->traffic) {
        if (failover_command_start(&traffic_cmd, true, &traffic_pid,
                                   &err)) {
            fprintf(stderr, "%s: failover-test: --traffic: %s; nothing was "
                    "changed\n", program_name, err);
            free(err);
            goto out_k;
        }
        fo.traffic_mode = FAILOVER_TRAFFIC_COMMAND;
        fo.traffic_desc = opts->traffic;
    }

    failover_result_init(&r);
    failover_run(&fo, &failover_kernel_backend, k, &r);
    if (traffic_pid) {
        failover_command_stop(traffic_pid);
    }
    traffic_gen_stop(tg);
    tg = NULL;
    rc = output(opts, &r) && r.pass ? CTL_EXIT_OK : CTL_EXIT_FAIL;
    failover_result_destroy(&r);

out_tg:
    traffic_gen_stop(tg);
out_k:
    failover_kernel_destroy(k);
out:
    free(bond);
    free(desc);
    free(to_ns);
    free(to_addr);
out_cmds:
    svec_destroy(&fail_cmd);
    svec_destroy(&restore_cmd);
    svec_destroy(&traffic_cmd);
    return rc;
}
