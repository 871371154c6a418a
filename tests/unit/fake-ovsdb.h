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

#ifndef FAKE_OVSDB_H
#define FAKE_OVSDB_H 1

struct db_state;
struct ds;
struct plan;

/* Carries out 'plan' on 'st' as the database would. */
void fake_ovsdb_play(struct db_state *st, const struct plan *plan);

/* Appends to 'out' every column of every row of 'st' that the snapshot
 * keeps, one line per row, sorted: equal dumps, equal databases (but for
 * UUIDs, which the snapshot does not have). */
void fake_ovsdb_dump(const struct db_state *st, struct ds *out);

#endif /* fake-ovsdb.h */
