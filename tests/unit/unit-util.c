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

#include "unit-util.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "controller/offload-config.h"

struct offload_config *
unit_parse_config(const char *file_name, const char *yaml)
{
    struct offload_config *cfg;
    char *err = offload_config_parse_buffer(file_name, yaml, strlen(yaml),
                                            &cfg);
    if (err) {
        fprintf(stderr, "unexpected parse error:\n%s\n", err);
        free(err);
        fail();
    }
    return cfg;
}
