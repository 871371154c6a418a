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

#ifndef NIC_REPORT_H
#define NIC_REPORT_H 1

/* Read-only reports on the NIC layer for ovs-offloadctl:
 *
 *   - "reps PF": the VF representor table that seed 001's map_rep.py
 *     prints (VF index, representor, VF netdev, VF PCI address, PF);
 *
 *   - "doctor": host readiness (controller/doctor.h), with the PFs of the
 *     file described live through the kernel backend. */

struct doctor_ovs;
struct doctor_report;
struct json;
struct offload_config;

/* Returns the representor table of PF 'pf' (netdev or PCI address) as a
 * JSON array of objects, or NULL with an explanation in '*err'. */
struct json *nic_report_reps(const char *pf, char **err);

/* Renders the table from nic_report_reps() as aligned text. */
char *nic_report_reps_text(const struct json *table);

/* Runs the readiness checks for the PFs that 'cfg' names (may be NULL),
 * with 'ovs' (may be NULL) about OVS, into 'report'. */
void nic_report_doctor(const struct offload_config *cfg,
                       const struct doctor_ovs *ovs,
                       struct doctor_report *report);

#endif /* nic-report.h */
