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

/* tc-scan: times our TC flower scan (tc/tc-flower.h) of one device's
 * ingress or one shared block, the way the status sampler reads it, and
 * prints what it found.  bench/tc-scan.sh runs it in the VM next to
 * "tc -s -j filter show ... | jq", and the tc-scan VM scenario checks its
 * counts against tc's.
 *
 *   tc-scan (--dev=DEV | --block=N) [--legs=N] [--repeat=N]
 *           [--mode=summary|collect]
 *
 * --mode=summary (default) is tc_flower_dump_summary(): each filter is
 * classified as it is parsed, in constant memory.  --mode=collect is
 * tc_flower_dump_collect() followed by classifying the array, as a caller
 * that keeps the filters does.  The dump runs --repeat times (default 1);
 * every run must find the same counts.
 *
 * Output, one "key value" line each: target, filters, the count of each
 * offload state (in_hw, not_in_hw, partial, skip_hw, unknown), hw_packets,
 * sw_packets, runs, seconds_min, seconds_median, filters_per_second (from
 * the median), and vm_hwm_kb / vm_rss_kb from /proc/self/status after the
 * runs.  Exit status 0, or 1 with a message on stderr. */

#include <config.h>

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tc/tc-flower.h"
#include "util.h"

static double
now_seconds(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Returns the value in kB of 'key' ("VmHWM", "VmRSS") in /proc/self/status,
 * or -1 if it is not there. */
static long long int
proc_status_kb(const char *key)
{
    long long int kb = -1;
    size_t key_len = strlen(key);
    char line[256];
    FILE *f;

    f = fopen("/proc/self/status", "r");
    if (!f) {
        return -1;
    }
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, key, key_len) && line[key_len] == ':') {
            kb = strtoll(line + key_len + 1, NULL, 10);
            break;
        }
    }
    fclose(f);
    return kb;
}

static int
compare_doubles(const void *a_, const void *b_)
{
    const double *a = a_, *b = b_;

    return *a < *b ? -1 : *a > *b;
}

/* One dump of 'target' into 'summary', by way of 'mode'. */
static int
scan_once(const struct tc_flower_dump_target *target, unsigned int legs,
          bool collect, struct tc_flower_summary *summary, char **extack)
{
    tc_flower_summary_init(summary);
    if (!collect) {
        return tc_flower_dump_summary(target, legs, summary, extack);
    }

    struct tc_flower_filter *filters = NULL;
    size_t n_filters = 0;
    int error = tc_flower_dump_collect(target, &filters, &n_filters, extack);
    if (!error) {
        for (size_t i = 0; i < n_filters; i++) {
            tc_flower_summary_add(summary, &filters[i], legs);
        }
    }
    free(filters);
    return error;
}

static void OVS_NO_RETURN
usage(void)
{
    printf("usage: tc-scan (--dev=DEV | --block=N) [--legs=N] [--repeat=N]\n"
           "               [--mode=summary|collect]\n");
    exit(EXIT_SUCCESS);
}

/* Parses 's' as an unsigned integer in [min, max] for option 'name'. */
static unsigned long int
parse_uint(const char *name, const char *s, unsigned long int min,
           unsigned long int max)
{
    char *end;
    unsigned long int v;

    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || end == s || *end || v < min || v > max) {
        ovs_fatal(0, "--%s: '%s' is not a number from %lu to %lu",
                  name, s, min, max);
    }
    return v;
}

int
main(int argc, char *argv[])
{
    static const struct option long_options[] = {
        {"dev", required_argument, NULL, 'd'},
        {"block", required_argument, NULL, 'b'},
        {"legs", required_argument, NULL, 'l'},
        {"repeat", required_argument, NULL, 'r'},
        {"mode", required_argument, NULL, 'm'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    struct tc_flower_dump_target target = { 0, 0 };
    const char *dev = NULL;
    unsigned int legs = 1, repeat = 1;
    bool collect = false;

    set_program_name(argv[0]);
    for (;;) {
        int c = getopt_long(argc, argv, "", long_options, NULL);
        if (c == -1) {
            break;
        }
        switch (c) {
        case 'd':
            dev = optarg;
            break;
        case 'b':
            target.block_index = parse_uint("block", optarg, 1, UINT32_MAX);
            break;
        case 'l':
            legs = parse_uint("legs", optarg, 0, 64);
            break;
        case 'r':
            repeat = parse_uint("repeat", optarg, 1, 1000);
            break;
        case 'm':
            if (!strcmp(optarg, "collect")) {
                collect = true;
            } else if (strcmp(optarg, "summary")) {
                ovs_fatal(0, "--mode: '%s' is neither summary nor collect",
                          optarg);
            }
            break;
        case 'h':
            usage();
        default:
            exit(EXIT_FAILURE);
        }
    }
    if (optind < argc || !dev == !target.block_index) {
        ovs_fatal(0, "give exactly one of --dev=DEV and --block=N "
                  "(--help for usage)");
    }
    if (dev) {
        target.ifindex = if_nametoindex(dev);
        if (!target.ifindex) {
            ovs_fatal(errno, "%s", dev);
        }
    }

    double *seconds = xcalloc(repeat, sizeof *seconds);
    struct tc_flower_summary summary, first;
    for (unsigned int i = 0; i < repeat; i++) {
        char *extack = NULL;
        double t0 = now_seconds();
        int error = scan_once(&target, legs, collect, &summary, &extack);
        seconds[i] = now_seconds() - t0;
        if (error) {
            ovs_fatal(0, "dump failed: %s%s%s", ovs_strerror(error),
                      extack ? ": " : "", extack ? extack : "");
        }
        free(extack);
        /* The filters do not change during a benchmark; a count that
         * differs between runs would make the timings incomparable. */
        if (!i) {
            first = summary;
        } else if (memcmp(first.n_state, summary.n_state,
                          sizeof first.n_state)
                   || first.n_filters != summary.n_filters) {
            ovs_fatal(0, "run %u found other counts than run 1", i + 1);
        }
    }
    long long int hwm = proc_status_kb("VmHWM");
    long long int rss = proc_status_kb("VmRSS");

    qsort(seconds, repeat, sizeof *seconds, compare_doubles);
    double median = (repeat % 2 ? seconds[repeat / 2]
                     : (seconds[repeat / 2 - 1] + seconds[repeat / 2]) / 2);

    if (dev) {
        printf("target dev %s ingress\n", dev);
    } else {
        printf("target block %"PRIu32"\n", target.block_index);
    }
    printf("mode %s\n", collect ? "collect" : "summary");
    printf("legs %u\n", legs);
    printf("filters %u\n", summary.n_filters);
    for (int s = 0; s < TC_OFFLOAD_MAX; s++) {
        printf("%s %u\n", tc_offload_state_to_string(s), summary.n_state[s]);
    }
    printf("hw_packets %"PRIu64"\n", summary.hw.n_packets);
    printf("sw_packets %"PRIu64"\n", summary.sw.n_packets);
    printf("runs %u\n", repeat);
    printf("seconds_min %.6f\n", seconds[0]);
    printf("seconds_median %.6f\n", median);
    printf("filters_per_second %.0f\n",
           median > 0 ? summary.n_filters / median : 0.0);
    printf("vm_hwm_kb %lld\n", hwm);
    printf("vm_rss_kb %lld\n", rss);
    free(seconds);
    return 0;
}
