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

#ifndef VERDICT_H
#define VERDICT_H 1

/* Pure functions that judge a status sample: rates from two counter
 * samples, the imbalance of a bond's legs, and the alert rules of
 * docs/status.md. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct status_bond;
struct status_sample;

/* Imbalance above this ratio (busier / quieter leg) raises "imbalance". */
#define VERDICT_IMBALANCE_MAX 4.0

/* A bond "carries traffic" from this many packets per second over all its
 * legs; below it, imbalance and idle legs are not judged (LACP alone sends
 * one PDU per second and leg). */
#define VERDICT_BUSY_PPS 100.0

/* A leg "carries none" below this share of the busiest leg's rate. */
#define VERDICT_IDLE_SHARE 0.01

/* Rate per second of a counter that went from 'prev' to 'cur' in
 * 'interval_ms'.  Returns false (rate unknown) if the interval is not
 * positive or the counter went down (a reset or a wrap: the driver was
 * reloaded, the device recreated); never a negative rate. */
bool verdict_rate(uint64_t prev, uint64_t cur, long long int interval_ms,
                  double *rate);

/* Imbalance of 'bond': busier up leg's pps (rx + tx) over the quieter
 * one's.  Returns false (null) when unknown: fewer than two up legs with
 * rates, the bond carries less than VERDICT_BUSY_PPS, or the quieter leg
 * carries nothing (that is "leg_idle", not a ratio). */
bool verdict_imbalance(const struct status_bond *bond, double *ratio);

/* True if 'leg' of 'bond' is up while the bond's ingress qdisc is on a
 * shared block and the leg's is not on that same block (known ingress
 * only): the "leg_off_bond_block" alert. */
struct status_leg;
bool verdict_leg_off_block(const struct status_bond *bond,
                           const struct status_leg *leg);

/* Recomputes the imbalance ratio of every bond and all alerts of
 * 'sample', replacing those it had. */
void verdict_judge(struct status_sample *sample);

#endif /* verdict.h */
