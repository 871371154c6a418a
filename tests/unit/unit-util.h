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


#ifndef UNIT_UTIL_H
#define UNIT_UTIL_H 1

/* Helpers shared by the cmocka unit tests (linked in through the
 * offload_unit_support library, see tests/CMakeLists.txt). */

struct offload_config;

/* Parses the YAML text 'yaml' (named 'file_name' in messages) and returns
 * the model; a parse error fails the running test, printing the error. */
struct offload_config *unit_parse_config(const char *file_name,
                                         const char *yaml);

#endif /* unit-util.h */
