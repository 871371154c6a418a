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

#include "controller/failover-report.h"

#include <inttypes.h>
#include <string.h>

#include "controller/failover.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "util.h"

static const char *
traffic_mode_name(enum failover_traffic_mode mode)
{
    switch (mode) {
    case FAILOVER_TRAFFIC_NONE:
        return "none";
    case FAILOVER_TRAFFIC_BUILTIN:
        return "builtin";
    case FAILOVER_TRAFFIC_COMMAND:
        return "command";
    default:
        OVS_NOT_REACHED();
    }
}

/* A time in ms, or null if not measured (negative). */
/* Puts "filters_WHEN" and "in_hw_WHEN" of 'c' into 'o'. */
static void
put_offload_counts(struct json *o, const char *when,
                   const struct failover_offload *c)
{
    char *filters = xasprintf("filters_%s", when);
    char *in_hw = xasprintf("in_hw_%s", when);

    json_object_put_nocopy(o, filters, json_integer_create(c->n_filters));
    json_object_put_nocopy(o, in_hw, json_integer_create(c->n_in_hw));
}

static struct json *
ms_json(long long int ms)
{
    return ms >= 0 ? json_integer_create(ms) : json_null_create();
}

static struct json *
strings_json(char **strings, size_t n)
{
    struct json *a = json_array_create_empty();

    for (size_t i = 0; i < n; i++) {
        json_array_add(a, json_string_create(strings[i]));
    }
    return a;
}

static struct json *
phase_json(const char *name, struct json *ok, long long int ms)
{
    struct json *p = json_object_create();

    json_object_put_string(p, "phase", name);
    json_object_put(p, "ok", ok);
    json_object_put(p, "ms", ms_json(ms));
    return p;
}

static struct json *
leg_json(const struct failover_leg_result *lr)
{
    struct json *j = json_object_create();
    bool measured = lr->traffic_measured;

    json_object_put_string(j, "leg", lr->name);
    json_object_put(j, "survivors",
                    strings_json(lr->survivors, lr->n_survivors));
    json_object_put(j, "pass", json_boolean_create(lr->pass));
    json_object_put(j, "reasons", strings_json(lr->reasons, lr->n_reasons));
    json_object_put(j, "duration_ms", json_integer_create(lr->duration_ms));

    json_object_put(j, "detected", json_boolean_create(lr->detected));
    json_object_put(j, "detect_ms", ms_json(lr->detect_ms));
    json_object_put(j, "recovered", measured
                    ? json_boolean_create(lr->recovered) : json_null_create());
    json_object_put(j, "recover_ms", ms_json(lr->recover_ms));
    json_object_put(j, "restored", json_boolean_create(lr->restored));
    json_object_put(j, "restore_ms", ms_json(lr->restore_ms));

    if (measured) {
        struct json *t = json_object_create();

        json_object_put(t, "sent", json_integer_create(lr->sent));
        json_object_put(t, "received", json_integer_create(lr->received));
        json_object_put(t, "lost", json_integer_create(lr->lost));
        json_object_put(t, "loss_window_ms", ms_json(lr->loss_window_ms));
        json_object_put(t, "failover_loss_window_ms",
                        ms_json(lr->failover_loss_ms));
        json_object_put(t, "received_while_down",
                        json_integer_create(lr->traffic_while_down));
        json_object_put(j, "packets", t);
    } else {
        json_object_put(j, "packets", json_null_create());
    }
    json_object_put(j, "loss_window_ms", measured
                    ? ms_json(lr->loss_window_ms) : json_null_create());

    struct json *s = json_object_create();
    json_object_put(s, "packets", lr->survivors_measured
                    ? json_integer_create(lr->survivor_packets)
                    : json_null_create());
    json_object_put(s, "carried_traffic", measured && lr->survivors_measured
                    ? json_boolean_create(lr->survivors_carried)
                    : json_null_create());
    json_object_put(j, "survivor_counters", s);

    struct json *o = json_object_create();
    json_object_put_string(o, "status",
                           failover_offload_status_to_string(lr->offload));
    put_offload_counts(o, "before", &lr->offload_before);
    put_offload_counts(o, "during", &lr->offload_during);
    put_offload_counts(o, "after", &lr->offload_after);
    json_object_put(j, "offload", o);

    struct json *phases = json_array_create_empty();
    json_array_add(phases, phase_json("detect",
                                      json_boolean_create(lr->detected),
                                      lr->detect_ms));
    json_array_add(phases, phase_json("recover", measured
                                      ? json_boolean_create(lr->recovered)
                                      : json_null_create(),
                                      lr->recover_ms));
    json_array_add(phases, phase_json(
                       "offload",
                       lr->offload == FAILOVER_OFFLOAD_NOT_APPLICABLE
                       ? json_null_create()
                       : json_boolean_create(lr->offload
                                             == FAILOVER_OFFLOAD_RECOVERED),
                       -1));
    json_array_add(phases, phase_json("restore",
                                      json_boolean_create(lr->restored),
                                      lr->restore_ms));
    json_object_put(j, "phases", phases);
    return j;
}

/* Returns the JSON report of 'r'.  The caller frees it. */
struct json *
failover_result_to_json(const struct failover_result *r)
{
    struct json *j = json_object_create();

    json_object_put_string(j, "bond", r->bond ? r->bond : "");
    json_object_put_string(j, "kind", failover_kind_to_string(r->kind));
    json_object_put(j, "pass", json_boolean_create(r->pass));
    json_object_put(j, "refused", json_boolean_create(r->refused));
    json_object_put(j, "interrupted", json_boolean_create(r->interrupted));
    json_object_put(j, "error", r->error ? json_string_create(r->error)
                    : json_null_create());
    json_object_put(j, "duration_ms", json_integer_create(r->duration_ms));

    struct json *t = json_object_create();
    json_object_put_string(t, "mode", traffic_mode_name(r->traffic_mode));
    json_object_put(t, "description", r->traffic_desc
                    ? json_string_create(r->traffic_desc)
                    : json_null_create());
    json_object_put(t, "rate_pps", r->traffic_mode == FAILOVER_TRAFFIC_BUILTIN
                    ? json_integer_create(r->rate_pps) : json_null_create());
    json_object_put(t, "loss_measured", json_boolean_create(
                        r->traffic_mode == FAILOVER_TRAFFIC_BUILTIN));
    json_object_put(j, "traffic", t);

    struct json *c = json_object_create();
    json_object_put(c, "timeout_ms", json_integer_create(r->timeout_ms));
    json_object_put(c, "max_loss_ms", ms_json(r->max_loss_ms));
    json_object_put(j, "criteria", c);

    struct json *legs = json_array_create_empty();
    for (size_t i = 0; i < r->n_legs; i++) {
        json_array_add(legs, leg_json(&r->legs[i]));
    }
    json_object_put(j, "legs", legs);
    return j;
}

static void
put_ms(struct ds *s, const char *what, long long int ms)
{
    if (ms >= 0) {
        ds_put_format(s, "%s: %lld ms", what, ms);
    } else {
        ds_put_format(s, "%s: not measured", what);
    }
}

/* Appends the human summary of 'r' to 's'. */
void
failover_result_format_text(const struct failover_result *r, struct ds *s)
{
    ds_put_format(s, "failover-test %s (%s bond)\n", r->bond,
                  failover_kind_to_string(r->kind));
    switch (r->traffic_mode) {
    case FAILOVER_TRAFFIC_NONE:
        ds_put_cstr(s, "traffic: not measured (no --traffic-from/"
                    "--traffic-to or --traffic); bond state only\n");
        break;
    case FAILOVER_TRAFFIC_BUILTIN:
        ds_put_format(s, "traffic: built-in, %u datagrams/s, %s\n",
                      r->rate_pps, r->traffic_desc ? r->traffic_desc : "");
        break;
    case FAILOVER_TRAFFIC_COMMAND:
        ds_put_format(s, "traffic: command \"%s\" (loss not measured)\n",
                      r->traffic_desc ? r->traffic_desc : "");
        break;
    default:
        OVS_NOT_REACHED();
    }
    if (r->refused) {
        ds_put_format(s, "REFUSED: %s\nNothing was changed.\n",
                      r->error ? r->error : "cannot start");
        return;
    }

    for (size_t i = 0; i < r->n_legs; i++) {
        const struct failover_leg_result *lr = &r->legs[i];

        ds_put_format(s, "  leg %s: %s\n", lr->name,
                      lr->pass ? "PASS" : "FAIL");
        ds_put_cstr(s, "    ");
        put_ms(s, "detect", lr->detect_ms);
        if (lr->traffic_measured) {
            ds_put_cstr(s, "; ");
            put_ms(s, "traffic back", lr->recover_ms);
        }
        ds_put_cstr(s, "; ");
        put_ms(s, "restore", lr->restore_ms);
        if (lr->traffic_measured) {
            ds_put_format(s, "\n    datagrams: %"PRIu64" sent, %"PRIu64
                          " received, %"PRIu64" lost", lr->sent,
                          lr->received, lr->lost);
            if (lr->loss_window_ms >= 0) {
                ds_put_format(s, ", loss window %lld ms",
                              lr->loss_window_ms);
            }
        }
        if (lr->survivors_measured) {
            ds_put_format(s, "\n    surviving leg%s: %"PRIu64" packets "
                          "while down", lr->n_survivors == 1 ? "" : "s",
                          lr->survivor_packets);
        }
        ds_put_cstr(s, "\n    offload: ");
        if (lr->offload == FAILOVER_OFFLOAD_NOT_APPLICABLE) {
            ds_put_cstr(s, "not applicable (no flower filters)");
        } else {
            ds_put_format(s, "%s, in_hw filters %u before, %u during, "
                          "%u after",
                          lr->offload == FAILOVER_OFFLOAD_RECOVERED
                          ? "recovered"
                          : lr->offload == FAILOVER_OFFLOAD_NOT_RECOVERED
                          ? "NOT recovered" : "unknown",
                          lr->offload_before.n_in_hw,
                          lr->offload_during.n_in_hw,
                          lr->offload_after.n_in_hw);
        }
        ds_put_char(s, '\n');
        for (size_t k = 0; k < lr->n_reasons; k++) {
            ds_put_format(s, "    - %s\n", lr->reasons[k]);
        }
    }
    size_t n_pass = 0;
    for (size_t i = 0; i < r->n_legs; i++) {
        n_pass += r->legs[i].pass;
    }
    ds_put_format(s, "Result: %s (%"PRIuSIZE" of %"PRIuSIZE" leg%s passed)"
                  "%s%s\n", r->pass ? "PASS" : "FAIL", n_pass, r->n_legs,
                  r->n_legs == 1 ? "" : "s", r->error ? "; " : "",
                  r->error ? r->error : "");
}

/* Appends 'text' to 's' escaped for XML character data, or for an
 * attribute value (in double quotes) if 'attribute'.  Control characters
 * that XML 1.0 forbids even as references become U+FFFD. */
void
failover_xml_escape(const char *text, bool attribute, struct ds *s)
{
    for (const char *p = text; *p; p++) {
        unsigned char c = *p;

        switch (c) {
        case '&':
            ds_put_cstr(s, "&amp;");
            break;
        case '<':
            ds_put_cstr(s, "&lt;");
            break;
        case '>':
            ds_put_cstr(s, "&gt;");
            break;
        case '"':
            ds_put_cstr(s, attribute ? "&quot;" : "\"");
            break;
        case '\'':
            ds_put_cstr(s, attribute ? "&apos;" : "'");
            break;
        case '\n':
        case '\r':
        case '\t':
            /* Attribute values are normalized to spaces unless
             * referenced. */
            if (attribute) {
                ds_put_format(s, "&#%d;", c);
            } else {
                ds_put_char(s, c);
            }
            break;
        default:
            if (c < 0x20 || c == 0x7f) {
                ds_put_cstr(s, "&#xFFFD;");
            } else {
                ds_put_char(s, c);
            }
            break;
        }
    }
}

static void
put_attr(struct ds *s, const char *name, const char *value)
{
    ds_put_format(s, " %s=\"", name);
    failover_xml_escape(value, true, s);
    ds_put_char(s, '"');
}

static void
put_time_attr(struct ds *s, long long int ms)
{
    ds_put_format(s, " time=\"%lld.%03lld\"", MAX(ms, 0) / 1000,
                  MAX(ms, 0) % 1000);
}

/* Joins the reasons of 'lr' with "; ". */
static char *
join_reasons(const struct failover_leg_result *lr)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < lr->n_reasons; i++) {
        ds_put_format(&s, "%s%s", i ? "; " : "", lr->reasons[i]);
    }
    return ds_steal_cstr(&s);
}

/* Appends the JUnit XML report of 'r' to 's'. */
void
failover_result_to_junit(const struct failover_result *r, struct ds *s)
{
    bool preflight = r->refused || !r->n_legs;
    size_t n_failures = 0;
    char *suite = xasprintf("failover-test %s", r->bond);
    char *classname = xasprintf("failover-test.%s", r->bond);

    for (size_t i = 0; i < r->n_legs; i++) {
        n_failures += !r->legs[i].pass;
    }

    ds_put_cstr(s, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    ds_put_cstr(s, "<testsuite");
    put_attr(s, "name", suite);
    ds_put_format(s, " tests=\"%"PRIuSIZE"\" failures=\"%"PRIuSIZE"\" "
                  "errors=\"%d\" skipped=\"0\"",
                  preflight ? 1 : r->n_legs, n_failures, preflight ? 1 : 0);
    put_time_attr(s, r->duration_ms);
    ds_put_cstr(s, ">\n  <properties>\n");
    struct {
        const char *name, *value;
    } props[] = {
        { "bond", r->bond },
        { "kind", failover_kind_to_string(r->kind) },
        { "traffic", traffic_mode_name(r->traffic_mode) },
    };
    for (size_t i = 0; i < ARRAY_SIZE(props); i++) {
        ds_put_cstr(s, "    <property");
        put_attr(s, "name", props[i].name);
        put_attr(s, "value", props[i].value);
        ds_put_cstr(s, "/>\n");
    }
    ds_put_cstr(s, "  </properties>\n");

    if (preflight) {
        ds_put_cstr(s, "  <testcase");
        put_attr(s, "classname", classname);
        put_attr(s, "name", "preflight");
        put_time_attr(s, r->duration_ms);
        ds_put_cstr(s, ">\n    <error");
        put_attr(s, "message", r->error ? r->error : "no leg was tested");
        put_attr(s, "type", r->refused ? "refused" : "error");
        ds_put_cstr(s, "/>\n  </testcase>\n");
    }
    for (size_t i = 0; i < r->n_legs; i++) {
        const struct failover_leg_result *lr = &r->legs[i];
        char *name = xasprintf("leg %s", lr->name);

        ds_put_cstr(s, "  <testcase");
        put_attr(s, "classname", classname);
        put_attr(s, "name", name);
        put_time_attr(s, lr->duration_ms);
        ds_put_cstr(s, ">\n");
        if (!lr->pass) {
            char *msg = join_reasons(lr);

            ds_put_cstr(s, "    <failure");
            put_attr(s, "message", msg);
            put_attr(s, "type", "failover");
            ds_put_cstr(s, ">");
            for (size_t k = 0; k < lr->n_reasons; k++) {
                failover_xml_escape(lr->reasons[k], false, s);
                ds_put_char(s, '\n');
            }
            ds_put_cstr(s, "</failure>\n");
            free(msg);
        }
        ds_put_format(s, "    <system-out>detect_ms=%lld recover_ms=%lld "
                      "restore_ms=%lld", lr->detect_ms, lr->recover_ms,
                      lr->restore_ms);
        if (lr->traffic_measured) {
            ds_put_format(s, " sent=%"PRIu64" received=%"PRIu64
                          " lost=%"PRIu64" loss_window_ms=%lld", lr->sent,
                          lr->received, lr->lost, lr->loss_window_ms);
        }
        ds_put_format(s, " offload=%s in_hw_before=%u in_hw_after=%u"
                      "</system-out>\n",
                      failover_offload_status_to_string(lr->offload),
                      lr->offload_before.n_in_hw, lr->offload_after.n_in_hw);
        ds_put_cstr(s, "  </testcase>\n");
        free(name);
    }
    ds_put_cstr(s, "</testsuite>\n");
    free(suite);
    free(classname);
}
