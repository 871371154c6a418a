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

/* Unit tests of the failover runner (controller/failover.c) against a fake
 * bond, a fake clock and fake traffic, of its report writers
 * (controller/failover-report.c) and of the small parsers of
 * controller/failover-kernel.c and controller/traffic-gen.c.
 *
 * The fake bond: each leg is UP, DOWN (before the run), FAILED (since
 * 'since': its link is down, and the bond notices 'detect_delay' ms later,
 * or never if that is negative) or RESTORING (since 'since': link up, back
 * in use 'restore_delay' ms later).  The fake traffic is one datagram per
 * millisecond, sequence number = send time; failing leg 0 loses the
 * datagrams of the next 'loss_ms' milliseconds (the traffic's leg), failing
 * another leg loses none. */

#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "controller/failover-kernel.h"
#include "controller/failover-report.h"
#include "controller/failover.h"
#include "controller/shell-words.h"
#include "controller/traffic-gen.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "openvswitch/shash.h"
#include "svec.h"
#include "util.h"

enum fake_leg_state { UP, DOWN, FAILED, RESTORING };

struct fake_leg {
    const char *name;
    enum fake_leg_state state;
    long long int since;
};

struct fake {
    long long int now;
    struct fake_leg legs[3];
    size_t n_legs;
    long long int detect_delay;     /* < 0: never. */
    long long int restore_delay;
    long long int loss_ms;          /* Loss when leg 0 fails. */
    long long int interrupt_at;     /* < 0: never. */
    struct failover_offload offload_up;     /* All legs up. */
    struct failover_offload offload_after;  /* Once a leg has failed. */
    bool any_failed;
    int n_fail, n_restore;

    /* Traffic. */
    long long int mark;
    long long int loss_start, loss_end;     /* [start, end), or empty. */
};

static int
fake_read(void *f_, struct failover_bond_state *st, char **errp OVS_UNUSED)
{
    struct fake *f = f_;

    st->lacp = st->lacp_negotiated = true;
    for (size_t i = 0; i < f->n_legs; i++) {
        struct fake_leg *l = &f->legs[i];
        bool link_up = true, in_use = true;

        if (l->state == RESTORING && f->now - l->since >= f->restore_delay) {
            l->state = UP;
        }
        switch (l->state) {
        case UP:
            break;
        case DOWN:
            link_up = in_use = false;
            break;
        case FAILED:
            link_up = false;
            in_use = (f->detect_delay < 0
                      || f->now - l->since < f->detect_delay);
            break;
        case RESTORING:
            in_use = false;
            break;
        }
        failover_bond_state_add_leg(st, l->name, link_up, in_use,
                                    link_up ? NULL : "link down");
    }
    return 0;
}

static struct fake_leg *
fake_leg(struct fake *f, const char *name)
{
    for (size_t i = 0; i < f->n_legs; i++) {
        if (!strcmp(f->legs[i].name, name)) {
            return &f->legs[i];
        }
    }
    fail_msg("unknown leg %s", name);
    return NULL;
}

static int
fake_fail_leg(void *f_, const char *leg, char **errp OVS_UNUSED)
{
    struct fake *f = f_;
    struct fake_leg *l = fake_leg(f, leg);

    assert_int_equal(l->state, UP);
    l->state = FAILED;
    l->since = f->now;
    f->n_fail++;
    f->any_failed = true;
    if (l == &f->legs[0]) {
        f->loss_start = f->now;
        f->loss_end = f->now + f->loss_ms;
    }
    return 0;
}

static int
fake_restore_leg(void *f_, const char *leg, char **errp OVS_UNUSED)
{
    struct fake *f = f_;
    struct fake_leg *l = fake_leg(f, leg);

    assert_int_equal(l->state, FAILED);
    l->state = RESTORING;
    l->since = f->now;
    f->n_restore++;
    return 0;
}

/* Every leg counts one packet per millisecond. */
static int
fake_leg_packets(void *f_, const char *leg OVS_UNUSED, uint64_t *packets,
                 char **errp OVS_UNUSED)
{
    struct fake *f = f_;

    *packets = f->now;
    return 0;
}

static int
fake_offload(void *f_, struct failover_offload *o, char **errp OVS_UNUSED)
{
    struct fake *f = f_;

    *o = f->any_failed ? f->offload_after : f->offload_up;
    return 0;
}

static long long int
fake_now(void *f_)
{
    return ((struct fake *) f_)->now;
}

static void
fake_sleep(void *f_, long long int ms)
{
    ((struct fake *) f_)->now += ms;
}

static bool
fake_interrupted(void *f_)
{
    struct fake *f = f_;

    return f->interrupt_at >= 0 && f->now >= f->interrupt_at;
}

static const struct failover_backend fake_backend = {
    .read = fake_read,
    .fail_leg = fake_fail_leg,
    .restore_leg = fake_restore_leg,
    .leg_packets = fake_leg_packets,
    .offload = fake_offload,
    .now_ms = fake_now,
    .sleep_ms = fake_sleep,
    .interrupted = fake_interrupted,
};

static bool
lost(const struct fake *f, long long int seq)
{
    return seq >= f->loss_start && seq < f->loss_end;
}

static void
fake_mark(void *f_)
{
    struct fake *f = f_;

    f->mark = f->now;
}

/* Datagram 'seq' is sent and, unless lost, received at time 'seq'. */
static void
fake_sample(void *f_, struct failover_traffic_sample *s)
{
    struct fake *f = f_;
    long long int last_rx = -1, prev = f->mark - 1;
    long long int max_gap = 0, gap_end = -1;

    s->sent = f->now - f->mark;
    s->received = 0;
    for (long long int seq = 0; seq < f->now; seq++) {
        if (lost(f, seq)) {
            continue;
        }
        last_rx = seq;
        if (seq >= f->mark) {
            s->received++;
            if (seq - prev > max_gap) {
                max_gap = seq - prev;
                gap_end = seq;
            }
            prev = seq;
        } else {
            prev = seq;
        }
    }
    s->lost = (last_rx >= f->mark ? last_rx - f->mark + 1 - s->received
               : 0);
    s->last_rx_ms = last_rx;
    if (f->now - prev > max_gap && f->now - prev > 12) {
        max_gap = f->now - prev;
        gap_end = -1;
    }
    s->max_gap_ms = max_gap;
    s->gap_end_ms = gap_end;
}

static void
fake_init(struct fake *f, struct failover_traffic *traffic)
{
    memset(f, 0, sizeof *f);
    f->now = 1000;
    f->legs[0] = (struct fake_leg) { .name = "sb-a0" };
    f->legs[1] = (struct fake_leg) { .name = "sb-a1" };
    f->n_legs = 2;
    f->detect_delay = 30;
    f->restore_delay = 50;
    f->loss_ms = 35;
    f->interrupt_at = -1;
    *traffic = (struct failover_traffic) {
        .mark = fake_mark, .sample = fake_sample, .aux = f, .rate_pps = 1000,
    };
}

static struct failover_options
options(const struct failover_traffic *traffic)
{
    return (struct failover_options) {
        .bond = "bond0",
        .kind = FAILOVER_OVS,
        .timeout_ms = 1000,
        .poll_ms = 10,
        .hold_ms = 200,
        .max_loss_ms = 1000,
        .traffic_mode = FAILOVER_TRAFFIC_BUILTIN,
        .traffic_desc = "a -> b:198.51.100.2 port 47474",
        .traffic = traffic,
    };
}

/* A fresh fake bond and its traffic, the default options and an empty
 * result: each test then changes what it is about. */
static void
start(struct fake *f, struct failover_traffic *traffic,
      struct failover_options *o, struct failover_result *r)
{
    fake_init(f, traffic);
    *o = options(traffic);
    failover_result_init(r);
}

static bool
has_reason(const struct failover_leg_result *lr, const char *text)
{
    for (size_t i = 0; i < lr->n_reasons; i++) {
        if (strstr(lr->reasons[i], text)) {
            return true;
        }
    }
    return false;
}

static void
test_refuses_leg_down(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    start(&f, &traffic, &o, &r);
    f.legs[1].state = DOWN;

    assert_false(failover_run(&o, &fake_backend, &f, &r));
    assert_true(r.refused);
    assert_false(r.pass);
    assert_non_null(strstr(r.error, "leg sb-a1 is down"));
    assert_int_equal(r.n_legs, 0);
    assert_int_equal(f.n_fail, 0);
    assert_int_equal(f.n_restore, 0);
    assert_int_equal(f.legs[0].state, UP);
    assert_int_equal(f.legs[1].state, DOWN);

    struct ds s = DS_EMPTY_INITIALIZER;
    failover_result_format_text(&r, &s);
    assert_non_null(strstr(ds_cstr(&s), "REFUSED"));
    assert_non_null(strstr(ds_cstr(&s), "Nothing was changed"));
    ds_destroy(&s);
    failover_result_destroy(&r);
}

static void
test_refuses_single_leg(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    start(&f, &traffic, &o, &r);
    f.n_legs = 1;
    assert_false(failover_run(&o, &fake_backend, &f, &r));
    assert_true(r.refused);
    assert_int_equal(f.n_fail, 0);
    failover_result_destroy(&r);
}

static void
test_pass(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    start(&f, &traffic, &o, &r);

    assert_true(failover_run(&o, &fake_backend, &f, &r));
    assert_true(r.pass);
    assert_false(r.refused);
    assert_null(r.error);
    assert_int_equal(r.n_legs, 2);
    assert_int_equal(f.n_fail, 2);
    assert_int_equal(f.n_restore, 2);

    for (size_t i = 0; i < 2; i++) {
        const struct failover_leg_result *lr = &r.legs[i];

        assert_string_equal(lr->name, f.legs[i].name);
        assert_int_equal(lr->n_survivors, 1);
        assert_string_equal(lr->survivors[0], f.legs[1 - i].name);
        assert_true(lr->pass);
        assert_int_equal(lr->n_reasons, 0);
        assert_true(lr->detected);
        assert_int_equal(lr->detect_ms, 30);
        assert_true(lr->restored);
        assert_int_equal(lr->restore_ms, 50);
        assert_true(lr->recovered);
        assert_true(lr->survivors_carried);
        assert_int_equal(lr->offload, FAILOVER_OFFLOAD_NOT_APPLICABLE);
        assert_true(lr->sent > 200);
        assert_true(lr->received + lr->lost <= lr->sent);
    }
    /* Leg 0 carried the traffic: 35 datagrams lost, back 35 ms after the
     * failure; failing leg 1 lost nothing. */
    assert_int_equal(r.legs[0].lost, 35);
    assert_int_equal(r.legs[0].recover_ms, 35);
    assert_int_equal(r.legs[0].loss_window_ms, 36);
    assert_int_equal(r.legs[1].lost, 0);
    assert_int_equal(r.legs[1].recover_ms, 0);
    assert_int_equal(r.legs[1].loss_window_ms, 0);
    failover_result_destroy(&r);
}

static void
test_never_detected(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    start(&f, &traffic, &o, &r);
    f.detect_delay = -1;

    assert_false(failover_run(&o, &fake_backend, &f, &r));
    assert_false(r.pass);
    assert_int_equal(r.n_legs, 2);
    for (size_t i = 0; i < 2; i++) {
        const struct failover_leg_result *lr = &r.legs[i];

        assert_false(lr->pass);
        assert_false(lr->detected);
        assert_int_equal(lr->detect_ms, -1);
        assert_true(has_reason(lr, "did not notice"));
        assert_true(lr->restored);
    }
    /* Each failed leg was restored, and the run waited no longer than the
     * timeout for each detection. */
    assert_int_equal(f.n_fail, 2);
    assert_int_equal(f.n_restore, 2);
    assert_int_equal(f.legs[0].state, UP);
    assert_int_equal(f.legs[1].state, UP);
    assert_true(r.legs[0].duration_ms < 3 * o.timeout_ms);
    failover_result_destroy(&r);
}

static void
test_loss_too_long(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    start(&f, &traffic, &o, &r);
    o.max_loss_ms = 20;

    assert_false(failover_run(&o, &fake_backend, &f, &r));
    assert_false(r.legs[0].pass);
    assert_true(has_reason(&r.legs[0], "lost for 36 ms"));
    assert_true(r.legs[1].pass);
    failover_result_destroy(&r);
}

static void
test_offload(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    /* Recovered: the same number in hardware after. */
    start(&f, &traffic, &o, &r);
    f.offload_up = (struct failover_offload) { 4, 4 };
    f.offload_after = (struct failover_offload) { 4, 4 };
    assert_true(failover_run(&o, &fake_backend, &f, &r));
    assert_int_equal(r.legs[0].offload, FAILOVER_OFFLOAD_RECOVERED);
    assert_int_equal(r.legs[0].offload_before.n_in_hw, 4);
    assert_int_equal(r.legs[0].offload_after.n_in_hw, 4);
    failover_result_destroy(&r);

    /* Not recovered: fewer in hardware after the restoration. */
    start(&f, &traffic, &o, &r);
    f.offload_up = (struct failover_offload) { 4, 4 };
    f.offload_after = (struct failover_offload) { 4, 1 };
    assert_false(failover_run(&o, &fake_backend, &f, &r));
    assert_int_equal(r.legs[0].offload, FAILOVER_OFFLOAD_NOT_RECOVERED);
    assert_true(has_reason(&r.legs[0], "offload did not recover"));
    failover_result_destroy(&r);
}

static void
test_interrupted(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    start(&f, &traffic, &o, &r);
    f.interrupt_at = f.now + 100;       /* While leg 0 is down. */

    assert_false(failover_run(&o, &fake_backend, &f, &r));
    assert_true(r.interrupted);
    assert_int_equal(r.n_legs, 1);
    assert_int_equal(f.n_fail, 1);
    assert_int_equal(f.n_restore, 1);
    assert_int_not_equal(f.legs[0].state, FAILED);
    assert_true(has_reason(&r.legs[0], "interrupted"));
    failover_result_destroy(&r);
}

static void
test_no_traffic(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    start(&f, &traffic, &o, &r);
    o.traffic_mode = FAILOVER_TRAFFIC_NONE;
    o.traffic = NULL;
    assert_true(failover_run(&o, &fake_backend, &f, &r));
    assert_false(r.legs[0].traffic_measured);
    assert_int_equal(r.legs[0].recover_ms, -1);

    struct json *j = failover_result_to_json(&r);
    char *text = json_to_string(j, 0);
    assert_non_null(strstr(text, "\"mode\":\"none\""));
    assert_non_null(strstr(text, "\"packets\":null"));
    free(text);
    json_destroy(j);

    struct ds s = DS_EMPTY_INITIALIZER;
    failover_result_format_text(&r, &s);
    assert_non_null(strstr(ds_cstr(&s), "traffic: not measured"));
    ds_destroy(&s);
    failover_result_destroy(&r);
}

static const struct json *
get(const struct json *j, const char *key)
{
    assert_int_equal(j->type, JSON_OBJECT);
    const struct json *v = shash_find_data(json_object(j), key);
    assert_non_null(v);
    return v;
}

static size_t
array_size(const struct json *a)
{
    return json_array(a)->n;
}

static const struct json *
array_at(const struct json *a, size_t i)
{
    assert_true(i < json_array(a)->n);
    return json_array(a)->elems[i];
}

static void
test_json(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    start(&f, &traffic, &o, &r);
    assert_true(failover_run(&o, &fake_backend, &f, &r));

    /* Through text and back, as a reader of --report sees it. */
    struct json *out = failover_result_to_json(&r);
    char *text = json_to_string(out, JSSF_PRETTY);
    struct json *j = json_from_string(text);
    free(text);
    json_destroy(out);

    assert_int_equal(j->type, JSON_OBJECT);
    assert_string_equal(json_string(get(j, "bond")), "bond0");
    assert_string_equal(json_string(get(j, "kind")), "ovs");
    assert_int_equal(get(j, "pass")->type, JSON_TRUE);
    assert_int_equal(get(j, "refused")->type, JSON_FALSE);
    assert_int_equal(get(j, "error")->type, JSON_NULL);
    assert_string_equal(json_string(get(get(j, "traffic"), "mode")),
                        "builtin");
    assert_int_equal(json_integer(get(get(j, "traffic"), "rate_pps")), 1000);
    assert_int_equal(json_integer(get(get(j, "criteria"), "max_loss_ms")),
                     1000);

    const struct json *legs = get(j, "legs");
    assert_int_equal(legs->type, JSON_ARRAY);
    assert_int_equal(array_size(legs), 2);
    const struct json *l0 = array_at(legs, 0);
    assert_string_equal(json_string(get(l0, "leg")), "sb-a0");
    assert_int_equal(get(l0, "pass")->type, JSON_TRUE);
    assert_int_equal(array_size(get(l0, "reasons")), 0);
    assert_int_equal(json_integer(get(l0, "detect_ms")), 30);
    assert_int_equal(json_integer(get(l0, "recover_ms")), 35);
    assert_int_equal(json_integer(get(l0, "restore_ms")), 50);
    assert_int_equal(json_integer(get(l0, "loss_window_ms")), 36);
    assert_int_equal(json_integer(get(get(l0, "packets"), "lost")), 35);
    assert_true(json_integer(get(get(l0, "packets"), "sent")) > 200);
    assert_string_equal(json_string(get(get(l0, "offload"), "status")),
                        "not_applicable");
    assert_int_equal(json_integer(get(get(l0, "offload"), "in_hw_before")),
                     0);
    const struct json *phases = get(l0, "phases");
    assert_int_equal(array_size(phases), 4);
    assert_string_equal(json_string(get(array_at(phases, 0), "phase")),
                        "detect");
    assert_string_equal(json_string(get(array_at(phases, 3), "phase")),
                        "restore");
    /* Not applicable is not a pass: null, not true. */
    assert_int_equal(get(array_at(phases, 2), "ok")->type, JSON_NULL);

    json_destroy(j);
    failover_result_destroy(&r);
}

static size_t
count(const char *haystack, const char *needle)
{
    size_t n = 0;

    for (const char *p = strstr(haystack, needle); p;
         p = strstr(p + 1, needle)) {
        n++;
    }
    return n;
}

static void
test_junit(void **state OVS_UNUSED)
{
    struct failover_traffic traffic;
    struct failover_options o;
    struct failover_result r;
    struct fake f;

    start(&f, &traffic, &o, &r);
    f.legs[1].name = "a<b&\"c'";
    o.max_loss_ms = 20;         /* Leg 0 fails. */
    assert_false(failover_run(&o, &fake_backend, &f, &r));
    /* A reason with every character that needs care. */
    r.legs[0].reasons = xrealloc(r.legs[0].reasons,
                                 (r.legs[0].n_reasons + 1)
                                 * sizeof *r.legs[0].reasons);
    r.legs[0].reasons[r.legs[0].n_reasons++]
        = xstrdup("<fail> & \"quote\" 'apos'\nline2\x01");

    struct ds xml = DS_EMPTY_INITIALIZER;
    failover_result_to_junit(&r, &xml);
    const char *x = ds_cstr(&xml);

    assert_true(!strncmp(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n",
                         39));
    assert_int_equal(count(x, "<testsuite "), 1);
    assert_int_equal(count(x, "</testsuite>"), 1);
    assert_non_null(strstr(x, "name=\"failover-test bond0\" tests=\"2\" "
                           "failures=\"1\" errors=\"0\""));
    assert_int_equal(count(x, "<testcase "), 2);
    assert_int_equal(count(x, "</testcase>"), 2);
    assert_int_equal(count(x, "<failure "), 1);
    assert_int_equal(count(x, "</failure>"), 1);
    assert_non_null(strstr(x, "name=\"leg a&lt;b&amp;&quot;c&apos;\""));
    /* In the attribute: quotes and newlines as references, the control
     * character replaced. */
    assert_non_null(strstr(x, "&lt;fail&gt; &amp; &quot;quote&quot; "
                           "&apos;apos&apos;&#10;line2&#xFFFD;\""));
    /* In character data: quotes as they are. */
    assert_non_null(strstr(x, "&lt;fail&gt; &amp; \"quote\" 'apos'\n"
                           "line2&#xFFFD;\n</failure>"));
    assert_null(strchr(x, '\x01'));
    assert_non_null(strstr(x, " time=\""));
    /* Nothing unescaped: every '&' starts a reference. */
    for (const char *p = strchr(x, '&'); p; p = strchr(p + 1, '&')) {
        assert_true(!strncmp(p, "&amp;", 5) || !strncmp(p, "&lt;", 4)
                    || !strncmp(p, "&gt;", 4) || !strncmp(p, "&quot;", 6)
                    || !strncmp(p, "&apos;", 6) || !strncmp(p, "&#", 2));
    }
    ds_destroy(&xml);
    failover_result_destroy(&r);

    /* Refused: one preflight test case with an error. */
    start(&f, &traffic, &o, &r);
    f.legs[0].state = DOWN;
    assert_false(failover_run(&o, &fake_backend, &f, &r));
    ds_init(&xml);
    failover_result_to_junit(&r, &xml);
    x = ds_cstr(&xml);
    assert_non_null(strstr(x, "tests=\"1\" failures=\"0\" errors=\"1\""));
    assert_int_equal(count(x, "<testcase "), 1);
    assert_non_null(strstr(x, "name=\"preflight\""));
    assert_non_null(strstr(x, "<error message=\"leg sb-a0 is down"));
    assert_non_null(strstr(x, "type=\"refused\""));
    ds_destroy(&xml);
    failover_result_destroy(&r);
}

static void
test_lacp_show(void **state OVS_UNUSED)
{
    static const char text[] =
        "---- bond0 ----\n"
        "  status: active negotiated\n"
        "member: sb-a0: expired attached\n"
        "  port_id: 1\n"
        "  partner state: activity timeout aggregation collecting "
        "distributing\n"
        "\n"
        "member: sb-a1: current attached\n"
        "  port_id: 2\n"
        "  actor state: activity timeout aggregation synchronized "
        "collecting distributing\n"
        "  partner state: activity timeout aggregation synchronized "
        "collecting distributing\n";

    assert_false(failover_lacp_member_ok(text, "sb-a0"));
    assert_true(failover_lacp_member_ok(text, "sb-a1"));
    assert_false(failover_lacp_member_ok(text, "sb-a"));
    assert_false(failover_lacp_member_ok(text, "sb-a2"));
}

static void
test_expand_leg(void **state OVS_UNUSED)
{
    struct svec template = SVEC_EMPTY_INITIALIZER;
    struct svec argv = SVEC_EMPTY_INITIALIZER;

    assert_null(shell_words_split_command("ssh sw 'shut {leg}; show {leg}'",
                                          &template));
    failover_expand_leg(&template, "eth1", &argv);
    assert_int_equal(argv.n, 3);
    assert_string_equal(argv.names[0], "ssh");
    assert_string_equal(argv.names[1], "sw");
    assert_string_equal(argv.names[2], "shut eth1; show eth1");
    svec_destroy(&argv);

    /* A leg name stays inside its one argument, whatever it holds. */
    svec_init(&argv);
    failover_expand_leg(&template, "a b;rm", &argv);
    assert_int_equal(argv.n, 3);
    assert_string_equal(argv.names[2], "shut a b;rm; show a b;rm");
    svec_destroy(&argv);
    svec_destroy(&template);
}

/* Runs 'cmd' split into words through failover_command_start() and returns
 * its exit status, or -1 if it could not start. */
static int
run_split(const char *cmd)
{
    struct svec argv = SVEC_EMPTY_INITIALIZER;
    char *err = NULL;
    pid_t pid;
    int status = -1;

    assert_null(shell_words_split_command(cmd, &argv));
    if (!failover_command_start(&argv, true, &pid, &err)) {
        assert_int_equal(waitpid(pid, &status, 0), pid);
        assert_true(WIFEXITED(status));
        status = WEXITSTATUS(status);
    } else {
        assert_non_null(err);
        assert_non_null(strstr(err, "cannot run"));
        free(err);
    }
    svec_destroy(&argv);
    return status;
}

static void
test_command_no_shell(void **state OVS_UNUSED)
{
    /* Found through $PATH, exit status seen. */
    assert_int_equal(run_split("true"), 0);
    assert_int_equal(run_split("false"), 1);
    /* No shell: ';' and '$' in a quoted word are plain text that test(1)
     * compares, not a second command or an expansion. */
    assert_int_equal(run_split("test 'a;false' = \\a\\;false"), 0);
    assert_int_equal(run_split("test '$HOME' = \\$HOME"), 0);
    /* A program that does not exist is an error from the spawn. */
    assert_int_equal(run_split("/nonexistent/ovs-offload-no-such-program"),
                     -1);
}

static void
test_parse_to(void **state OVS_UNUSED)
{
    char *ns, *addr, *err;
    uint16_t port = 7;

    assert_null(traffic_gen_parse_to("nsb:198.51.100.2", &ns, &addr, &port));
    assert_string_equal(ns, "nsb");
    assert_string_equal(addr, "198.51.100.2");
    assert_int_equal(port, 7);
    free(ns);
    free(addr);

    assert_null(traffic_gen_parse_to("b:198.51.100.2:5000", &ns, &addr,
                                     &port));
    assert_int_equal(port, 5000);
    free(ns);
    free(addr);

    assert_null(traffic_gen_parse_to("b:[2001:db8::2]:6000", &ns, &addr,
                                     &port));
    assert_string_equal(addr, "2001:db8::2");
    assert_int_equal(port, 6000);
    free(ns);
    free(addr);

    assert_null(traffic_gen_parse_to("b:2001:db8::3", &ns, &addr, &port));
    assert_string_equal(addr, "2001:db8::3");
    free(ns);
    free(addr);

    err = traffic_gen_parse_to("b:not-an-ip", &ns, &addr, &port);
    assert_non_null(err);
    free(err);
    err = traffic_gen_parse_to("198.51.100.2", &ns, &addr, &port);
    assert_non_null(err);
    free(err);
    err = traffic_gen_parse_to("b:198.51.100.2:70000", &ns, &addr, &port);
    assert_non_null(err);
    free(err);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refuses_leg_down),
        cmocka_unit_test(test_refuses_single_leg),
        cmocka_unit_test(test_pass),
        cmocka_unit_test(test_never_detected),
        cmocka_unit_test(test_loss_too_long),
        cmocka_unit_test(test_offload),
        cmocka_unit_test(test_interrupted),
        cmocka_unit_test(test_no_traffic),
        cmocka_unit_test(test_json),
        cmocka_unit_test(test_junit),
        cmocka_unit_test(test_lacp_show),
        cmocka_unit_test(test_expand_leg),
        cmocka_unit_test(test_command_no_shell),
        cmocka_unit_test(test_parse_to),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
