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

/* Unit tests of the --repair-blocks decision (controller/block-repair.c):
 * from the alert in the previous and the current sample, a link change
 * between them, the bond's ownership and the time of the last bounce. */

#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "controller/block-repair.h"
#include "controller/status-model.h"
#include "controller/verdict.h"
#include "util.h"

#define NOW 1000000LL

struct decide_case {
    const char *name;
    bool alert_prev, alert_cur, link_event, owned, repaired_before;
    long long int last_repair_ms;
    enum block_repair_action expected;
    bool vswitchd_down;
};

static const struct decide_case cases[] = {
    { "no alert", false, false, false, true, false, 0, BLOCK_REPAIR_NONE, false },
    { "alert gone", true, false, false, true, false, 0, BLOCK_REPAIR_NONE, false },
    { "first sample with the alert", false, true, false, true, false, 0,
      BLOCK_REPAIR_WAIT, false },
    { "two samples", true, true, false, true, false, 0,
      BLOCK_REPAIR_BOUNCE, false },
    { "two samples, link change between", true, true, true, true, false, 0,
      BLOCK_REPAIR_WAIT, false },
    { "link change in the first sample only", false, true, true, true,
      false, 0, BLOCK_REPAIR_WAIT, false },
    { "not our bond", true, true, false, false, false, 0,
      BLOCK_REPAIR_NOT_OWNED, false },
    { "not our bond, link change", true, true, true, false, false, 0,
      BLOCK_REPAIR_WAIT, false },
    { "bounced 10 s ago", true, true, false, true, true, NOW - 10000,
      BLOCK_REPAIR_RATE_LIMITED, false },
    { "bounced just under a minute ago", true, true, false, true, true,
      NOW - BLOCK_REPAIR_MIN_INTERVAL_MS + 1, BLOCK_REPAIR_RATE_LIMITED, false },
    { "bounced a minute ago", true, true, false, true, true,
      NOW - BLOCK_REPAIR_MIN_INTERVAL_MS, BLOCK_REPAIR_BOUNCE, false },
    { "not ours, bounced before", true, true, false, false, true,
      NOW - 10000, BLOCK_REPAIR_NOT_OWNED, false },
    /* last_repair_ms means nothing without repaired_before. */
    { "never bounced, time 0", true, true, false, true, false, NOW,
      BLOCK_REPAIR_BOUNCE, false },
    { "ovs-vswitchd not ready", true, true, false, true, false, 0,
      BLOCK_REPAIR_WAIT, true },
    { "ovs-vswitchd not ready, no alert", false, false, false, true, false,
      0, BLOCK_REPAIR_NONE, true },
};

static void
test_decide(void **state OVS_UNUSED)
{
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        const struct decide_case *c = &cases[i];
        struct block_repair_input in = {
            .alert_prev = c->alert_prev,
            .alert_cur = c->alert_cur,
            .link_event = c->link_event,
            .owned = c->owned,
            .vswitchd_ready = !c->vswitchd_down,
            .repaired_before = c->repaired_before,
            .last_repair_ms = c->last_repair_ms,
            .now_ms = NOW,
        };
        enum block_repair_action a = block_repair_decide(&in);

        print_message("case: %s: %s\n", c->name,
                      block_repair_action_to_string(a));
        assert_int_equal(a, c->expected);
    }
}

/* block_repair_run() on samples: a bond whose leg is off the block in two
 * samples, but which is no Linux bond of ours (no such netdev here), is
 * never bounced; nor is a leg without the alert. */
static void
test_run_not_owned(void **state OVS_UNUSED)
{
    struct block_repair *r = block_repair_create();

    for (int round = 0; round < 3; round++) {
        struct status_sample s;

        status_sample_init(&s);
        struct status_bond *b = status_sample_add_bond(&s, "ovsoffnx0");
        b->kind = STATUS_BOND_LINUX;
        b->ingress = 1;
        b->ingress_block = 4242;
        static const char *const names[2] = { "ovsoffnx1", "ovsoffnx2" };
        for (int i = 0; i < 2; i++) {
            struct status_leg *leg = status_bond_add_leg(b, names[i]);

            leg->up = 1;
            leg->ingress = i;
            leg->ingress_block = i ? 4242 : 0;
        }
        verdict_judge(&s);
        assert_int_equal(s.n_alerts, 1);
        assert_string_equal(s.alerts[0].leg, "ovsoffnx1");
        assert_int_equal(block_repair_run(r, &s, "ovs-offload", true,
                                          NOW + round * 1000), 0);
        status_sample_destroy(&s);
    }
    block_repair_destroy(r);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_decide),
        cmocka_unit_test(test_run_not_owned),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
