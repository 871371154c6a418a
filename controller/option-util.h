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


#ifndef CONTROLLER_OPTION_UTIL_H
#define CONTROLLER_OPTION_UTIL_H 1

/* Parsing of command-line option values, shared by ovs-offloadctl and
 * ovs-offloadd so that both read the same syntax the same way.  Each
 * program reports a bad value in its own words. */

#include <stdbool.h>

/* Parses 'arg', a number of seconds (fractions allowed) from 'min' to 'max'
 * inclusive, into '*ms', rounded to the nearest millisecond.  Returns false,
 * leaving '*ms' alone, if 'arg' is not such a number. */
bool option_parse_seconds(const char *arg, double min, double max,
                          long long int *ms);

#endif /* controller/option-util.h */
