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

#ifndef FAILOVER_REPORT_H
#define FAILOVER_REPORT_H 1

/* failover-report: what "ovs-offloadctl failover-test" prints and writes.
 *
 *   - failover_result_to_json(): the JSON report (-f json, --report=FILE),
 *     whose layout docs/ovs-offloadctl.8 describes.
 *
 *   - failover_result_format_text(): the human summary.
 *
 *   - failover_result_to_junit(): JUnit XML (--junit=FILE): one
 *     <testsuite>, one <testcase> per leg with a <failure> when the leg
 *     failed, or one <testcase name="preflight"> with an <error> when the
 *     test refused to start or could not run. */

#include <stdbool.h>

struct ds;
struct failover_result;
struct json;

struct json *failover_result_to_json(const struct failover_result *);
void failover_result_format_text(const struct failover_result *,
                                 struct ds *);
void failover_result_to_junit(const struct failover_result *, struct ds *);

void failover_xml_escape(const char *, bool attribute, struct ds *);

#endif /* failover-report.h */
