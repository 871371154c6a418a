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

#ifndef YAML_TREE_H
#define YAML_TREE_H 1

/* A small in-memory tree of a YAML (or JSON) document, built with libyaml's
 * event API, and a collector of positioned diagnostics.
 *
 * Every node carries its 1-based line and column.  Mappings keep their
 * entries in file order, each with its key node and its value node, so that
 * messages can point at a key as well as at a value.
 *
 * ytree_parse() reports, through a "struct ytree_diags":
 *
 *   - libyaml syntax errors, as "FILE:LINE:COL: <problem> <context>; ...";
 *     the tree is then unusable and ytree_parse() returns false.
 *
 *   - duplicate keys in a mapping: the later entry is reported and dropped
 *     from the tree.
 *
 *   - anchors ("&name") and aliases ("*name"), which ovs-offload does not
 *     support: each is reported, and an alias is dropped from the tree.
 *
 *   - more than one document in the stream, nesting deeper than
 *     YTREE_MAX_DEPTH, and scalars that contain a NUL byte.
 *
 * Errors of the last three kinds do not stop the tree from being built, so
 * that a caller can go on validating it and report all errors of a file in
 * one run. */

#include <stdbool.h>
#include <stddef.h>
#include "openvswitch/compiler.h"

/* Documents nested deeper than this are rejected. */
#define YTREE_MAX_DEPTH 64

enum ytree_type {
    YTREE_SCALAR,
    YTREE_MAPPING,
    YTREE_SEQUENCE,
};

struct ytree_pair {
    struct ytree_node *key;
    struct ytree_node *value;
};

struct ytree_node {
    enum ytree_type type;
    int line;                   /* 1-based. */
    int column;                 /* 1-based. */

    /* YTREE_SCALAR. */
    char *scalar;               /* Null-terminated value. */
    bool plain;                 /* True if written without quotes and not as
                                 * a literal or folded block. */

    /* YTREE_MAPPING. */
    struct ytree_pair *pairs;
    size_t n_pairs;

    /* YTREE_SEQUENCE. */
    struct ytree_node **items;
    size_t n_items;
};

/* One positioned message.  'text' is the complete line, starting with
 * "FILE:LINE:COL: ", without a trailing new-line. */
struct ytree_diag {
    int line;
    int column;
    char *text;
};

/* A collection of messages about one file. */
struct ytree_diags {
    char *file_name;
    struct ytree_diag *diags;
    size_t n;
    size_t allocated;
};

void ytree_diags_init(struct ytree_diags *, const char *file_name);
void ytree_diags_destroy(struct ytree_diags *);
void ytree_diags_add(struct ytree_diags *, int line, int column,
                     const char *format, ...) OVS_PRINTF_FORMAT(4, 5);
void ytree_diags_add_at(struct ytree_diags *, const struct ytree_node *,
                        const char *format, ...) OVS_PRINTF_FORMAT(3, 4);
char *ytree_diags_to_string(const struct ytree_diags *);

bool ytree_parse(const char *buf, size_t len, struct ytree_diags *,
                 struct ytree_node **rootp);
void ytree_destroy(struct ytree_node *);

bool ytree_is_null(const struct ytree_node *);
const char *ytree_type_to_string(enum ytree_type);
const struct ytree_pair *ytree_find(const struct ytree_node *mapping,
                                    const char *key);

#endif /* yaml-tree.h */
