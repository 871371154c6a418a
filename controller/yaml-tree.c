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
#include "controller/yaml-tree.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "openvswitch/dynamic-string.h"
#include "util.h"

/* The number of elements of 'ARRAY'.  OVS's ARRAY_SIZE needs the GNU
 * 'typeof' extension, which -std=c11 does not provide. */
#define N_ELEMS(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

/* Diagnostics. */

void
ytree_diags_init(struct ytree_diags *diags, const char *file_name)
{
    diags->file_name = xstrdup(file_name ? file_name : "-");
    diags->diags = NULL;
    diags->n = 0;
    diags->allocated = 0;
}

void
ytree_diags_destroy(struct ytree_diags *diags)
{
    if (diags) {
        for (size_t i = 0; i < diags->n; i++) {
            free(diags->diags[i].text);
        }
        free(diags->diags);
        free(diags->file_name);
        diags->diags = NULL;
        diags->n = diags->allocated = 0;
        diags->file_name = NULL;
    }
}

static void OVS_PRINTF_FORMAT(4, 0)
ytree_diags_addv(struct ytree_diags *diags, int line, int column,
                 const char *format, va_list args)
{
    struct ds text = DS_EMPTY_INITIALIZER;

    if (line > 0) {
        ds_put_format(&text, "%s:%d:%d: ", diags->file_name, line, column);
    } else {
        ds_put_format(&text, "%s: ", diags->file_name);
    }
    ds_put_format_valist(&text, format, args);

    if (diags->n >= diags->allocated) {
        diags->diags = x2nrealloc(diags->diags, &diags->allocated,
                                  sizeof *diags->diags);
    }
    struct ytree_diag *diag = &diags->diags[diags->n++];
    diag->line = line;
    diag->column = column;
    diag->text = ds_steal_cstr(&text);
}

/* Adds a message about position 'line':'column' (1-based) of the file.  With
 * 'line' 0, the message is about the file as a whole. */
void
ytree_diags_add(struct ytree_diags *diags, int line, int column,
                const char *format, ...)
{
    va_list args;

    va_start(args, format);
    ytree_diags_addv(diags, line, column, format, args);
    va_end(args);
}

/* Adds a message about the position of 'node'. */
void
ytree_diags_add_at(struct ytree_diags *diags, const struct ytree_node *node,
                   const char *format, ...)
{
    va_list args;

    va_start(args, format);
    ytree_diags_addv(diags, node ? node->line : 0, node ? node->column : 0,
                     format, args);
    va_end(args);
}

static int
compare_diags(const void *a_, const void *b_)
{
    const struct ytree_diag *const *a = a_;
    const struct ytree_diag *const *b = b_;

    if ((*a)->line != (*b)->line) {
        return (*a)->line < (*b)->line ? -1 : 1;
    } else if ((*a)->column != (*b)->column) {
        return (*a)->column < (*b)->column ? -1 : 1;
    } else {
        /* Same position: keep the order in which they were reported. */
        return *a < *b ? -1 : *a > *b;
    }
}

/* Returns the messages in 'diags', sorted by position (messages about the
 * whole file first), one per line, without a trailing new-line, as a string
 * that the caller must free.  Returns NULL if there are no messages. */
char *
ytree_diags_to_string(const struct ytree_diags *diags)
{
    if (!diags->n) {
        return NULL;
    }

    const struct ytree_diag **sorted = xmalloc(diags->n * sizeof *sorted);
    for (size_t i = 0; i < diags->n; i++) {
        sorted[i] = &diags->diags[i];
    }
    qsort(sorted, diags->n, sizeof *sorted, compare_diags);

    struct ds s = DS_EMPTY_INITIALIZER;
    for (size_t i = 0; i < diags->n; i++) {
        if (i) {
            ds_put_char(&s, '\n');
        }
        ds_put_cstr(&s, sorted[i]->text);
    }
    free(sorted);
    return ds_steal_cstr(&s);
}

/* Nodes. */

static struct ytree_node *
ytree_node_create(enum ytree_type type, const yaml_mark_t *mark)
{
    struct ytree_node *node = xzalloc(sizeof *node);

    node->type = type;
    node->line = mark->line + 1;
    node->column = mark->column + 1;
    return node;
}

/* Frees 'node' and everything below it.  The depth of a tree is limited by
 * YTREE_MAX_DEPTH, which bounds the recursion. */
void
ytree_destroy(struct ytree_node *node)
{
    if (!node) {
        return;
    }
    free(node->scalar);
    for (size_t i = 0; i < node->n_pairs; i++) {
        ytree_destroy(node->pairs[i].key);
        ytree_destroy(node->pairs[i].value);
    }
    free(node->pairs);
    for (size_t i = 0; i < node->n_items; i++) {
        ytree_destroy(node->items[i]);
    }
    free(node->items);
    free(node);
}

/* Returns true if 'node' is a YAML null: an empty value, "~" or "null"
 * written without quotes. */
bool
ytree_is_null(const struct ytree_node *node)
{
    static const char *const nulls[] = { "", "~", "null", "Null", "NULL" };

    if (!node || node->type != YTREE_SCALAR || !node->plain) {
        return false;
    }
    for (size_t i = 0; i < N_ELEMS(nulls); i++) {
        if (!strcmp(node->scalar, nulls[i])) {
            return true;
        }
    }
    return false;
}

/* Returns a noun phrase for 'type', for messages: "a scalar", ... */
const char *
ytree_type_to_string(enum ytree_type type)
{
    switch (type) {
    case YTREE_SCALAR:
        return "a scalar";
    case YTREE_MAPPING:
        return "a mapping";
    case YTREE_SEQUENCE:
        return "a sequence";
    }
    return "an unknown node";
}

/* Returns the entry of 'mapping' whose key is the scalar 'key', or NULL. */
const struct ytree_pair *
ytree_find(const struct ytree_node *mapping, const char *key)
{
    if (mapping && mapping->type == YTREE_MAPPING) {
        for (size_t i = 0; i < mapping->n_pairs; i++) {
            const struct ytree_node *k = mapping->pairs[i].key;

            if (k->type == YTREE_SCALAR && !strcmp(k->scalar, key)) {
                return &mapping->pairs[i];
            }
        }
    }
    return NULL;
}

/* Building a tree from libyaml events. */

/* A collection being built. */
struct frame {
    struct ytree_node *node;    /* The mapping or sequence. */
    struct ytree_node *key;     /* Mapping: the key awaiting its value. */
    bool has_key;               /* Mapping: true if 'key' was seen (it may
                                 * still be NULL, if it was dropped). */
};

struct builder {
    struct ytree_diags *diags;
    struct frame *stack;
    size_t n_stack;
    size_t allocated_stack;
    struct ytree_node *root;
};

static bool
is_duplicate_key(struct builder *b, const struct ytree_node *mapping,
                 const struct ytree_node *key)
{
    for (size_t i = 0; i < mapping->n_pairs; i++) {
        const struct ytree_node *old = mapping->pairs[i].key;

        if (!strcmp(old->scalar, key->scalar)) {
            ytree_diags_add_at(b->diags, key,
                               "duplicate key '%s' (first given at line %d, "
                               "column %d); remove one of them",
                               key->scalar, old->line, old->column);
            return true;
        }
    }
    return false;
}

static void
add_pair(struct builder *b, struct frame *frame, struct ytree_node *value)
{
    struct ytree_node *mapping = frame->node;
    struct ytree_node *key = frame->key;

    frame->key = NULL;
    frame->has_key = false;

    if (!key || !value) {
        /* Dropped because of an alias, which was already reported. */
    } else if (key->type != YTREE_SCALAR) {
        ytree_diags_add_at(b->diags, key,
                           "a mapping key must be a scalar, not %s; "
                           "write a plain name before the ':'",
                           ytree_type_to_string(key->type));
    } else if (!is_duplicate_key(b, mapping, key)) {
        mapping->pairs = xrealloc(mapping->pairs, (mapping->n_pairs + 1)
                                  * sizeof *mapping->pairs);
        mapping->pairs[mapping->n_pairs].key = key;
        mapping->pairs[mapping->n_pairs].value = value;
        mapping->n_pairs++;
        return;
    }
    ytree_destroy(key);
    ytree_destroy(value);
}

/* Hands over the complete 'node' (NULL for a dropped node) to the collection
 * on top of the stack, or makes it the root. */
static void
add_node(struct builder *b, struct ytree_node *node)
{
    if (!b->n_stack) {
        b->root = node;
        return;
    }

    struct frame *top = &b->stack[b->n_stack - 1];
    if (top->node->type == YTREE_SEQUENCE) {
        if (node) {
            struct ytree_node *seq = top->node;

            seq->items = xrealloc(seq->items,
                                  (seq->n_items + 1) * sizeof *seq->items);
            seq->items[seq->n_items++] = node;
        }
    } else if (!top->has_key) {
        top->key = node;
        top->has_key = true;
    } else {
        add_pair(b, top, node);
    }
}

static void
report_anchor(struct builder *b, const yaml_mark_t *mark,
              const yaml_char_t *anchor)
{
    if (anchor) {
        ytree_diags_add(b->diags, mark->line + 1, mark->column + 1,
                        "YAML anchors ('&%s') are not supported; write the "
                        "value out in full", (const char *) anchor);
    }
}

static void
handle_scalar(struct builder *b, const yaml_event_t *event)
{
    struct ytree_node *node = ytree_node_create(YTREE_SCALAR,
                                                &event->start_mark);
    const char *value = (const char *) event->data.scalar.value;
    size_t length = event->data.scalar.length;

    report_anchor(b, &event->start_mark, event->data.scalar.anchor);
    node->scalar = xmemdup0(value, length);
    node->plain = (event->data.scalar.style == YAML_PLAIN_SCALAR_STYLE
                   && !event->data.scalar.tag);
    if (strlen(node->scalar) != length) {
        ytree_diags_add_at(b->diags, node,
                           "this value contains a NUL character; "
                           "remove the \\0 escape");
    }
    add_node(b, node);
}

static void
handle_alias(struct builder *b, const yaml_event_t *event)
{
    ytree_diags_add(b->diags, event->start_mark.line + 1,
                    event->start_mark.column + 1,
                    "YAML aliases ('*%s') are not supported; write the "
                    "value out in full",
                    (const char *) event->data.alias.anchor);
    add_node(b, NULL);
}

/* Starts a collection.  Returns false if it nests too deeply. */
static bool
start_collection(struct builder *b, enum ytree_type type,
                 const yaml_event_t *event, const yaml_char_t *anchor)
{
    if (b->n_stack >= YTREE_MAX_DEPTH) {
        ytree_diags_add(b->diags, event->start_mark.line + 1,
                        event->start_mark.column + 1,
                        "the document nests deeper than %d levels; "
                        "flatten it", YTREE_MAX_DEPTH);
        return false;
    }
    report_anchor(b, &event->start_mark, anchor);
    if (b->n_stack >= b->allocated_stack) {
        b->stack = x2nrealloc(b->stack, &b->allocated_stack,
                              sizeof *b->stack);
    }

    struct frame *frame = &b->stack[b->n_stack++];
    frame->node = ytree_node_create(type, &event->start_mark);
    frame->key = NULL;
    frame->has_key = false;
    return true;
}

static void
end_collection(struct builder *b)
{
    struct frame *frame = &b->stack[--b->n_stack];

    /* libyaml guarantees that a mapping ends after a value, never after a
     * lone key, but be defensive. */
    ytree_destroy(frame->key);
    add_node(b, frame->node);
}

static void
builder_destroy(struct builder *b)
{
    for (size_t i = 0; i < b->n_stack; i++) {
        ytree_destroy(b->stack[i].node);
        ytree_destroy(b->stack[i].key);
    }
    free(b->stack);
    ytree_destroy(b->root);
}

/* Converts the byte 'offset' into 'buf' to a 1-based line and column. */
static void
offset_to_position(const char *buf, size_t len, size_t offset,
                   int *line, int *column)
{
    *line = 1;
    *column = 1;
    for (size_t i = 0; i < offset && i < len; i++) {
        if (buf[i] == '\n') {
            *line += 1;
            *column = 1;
        } else if (((unsigned char) buf[i] & 0xc0) != 0x80) {
            *column += 1;
        }
    }
}

/* Returns the byte of 'buf' at the position of 'mark', or 0. */
static char
char_at_mark(const char *buf, size_t len, const yaml_mark_t *mark)
{
    size_t line = 0;
    size_t column = 0;

    for (size_t i = 0; i < len; i++) {
        if (line == mark->line && column == mark->column) {
            return buf[i];
        } else if (buf[i] == '\n') {
            line++;
            column = 0;
        } else if (((unsigned char) buf[i] & 0xc0) != 0x80) {
            column++;
        }
    }
    return 0;
}

static void
report_parser_error(const yaml_parser_t *parser, const char *buf, size_t len,
                    struct ytree_diags *diags)
{
    const char *problem = parser->problem ? parser->problem : "syntax error";
    int line, column;

    if (parser->error == YAML_MEMORY_ERROR) {
        out_of_memory();
    } else if (parser->error == YAML_READER_ERROR) {
        offset_to_position(buf, len, parser->problem_offset, &line, &column);
        ytree_diags_add(diags, line, column,
                        "%s (byte offset %zu); save the file as UTF-8 text",
                        problem, parser->problem_offset);
        return;
    }

    struct ds msg = DS_EMPTY_INITIALIZER;
    const yaml_mark_t *mark = &parser->problem_mark;

    ds_put_cstr(&msg, problem);
    if (parser->context) {
        ds_put_format(&msg, " %s", parser->context);
        if (parser->context_mark.line != mark->line
            || parser->context_mark.column != mark->column) {
            ds_put_format(&msg, " (started at line %zu, column %zu)",
                          parser->context_mark.line + 1,
                          parser->context_mark.column + 1);
        }
    }
    if (char_at_mark(buf, len, mark) == '\t') {
        ds_put_cstr(&msg, "; YAML does not allow tabs for indentation: "
                    "indent with spaces");
    } else {
        ds_put_cstr(&msg, "; fix the YAML syntax (check the indentation, "
                    "the ':' after each key and the quotes)");
    }
    ytree_diags_add(diags, mark->line + 1, mark->column + 1, "%s",
                    ds_cstr(&msg));
    ds_destroy(&msg);
}

/* Parses the 'len' bytes of YAML or JSON text in 'buf' into a tree, stored
 * in '*rootp' (NULL for a stream without any document), which the caller
 * must free with ytree_destroy().  Messages go to 'diags'.
 *
 * Returns false on a syntax error, or on a document nested too deeply, with
 * NULL in '*rootp'.  Returns true otherwise, even if there were other errors
 * (duplicate keys, aliases, ...): the caller checks 'diags->n'. */
bool
ytree_parse(const char *buf, size_t len, struct ytree_diags *diags,
            struct ytree_node **rootp)
{
    struct builder b = { .diags = diags };
    yaml_parser_t parser;
    size_t n_documents = 0;
    bool ok = true;
    bool done = false;

    *rootp = NULL;
    if (!yaml_parser_initialize(&parser)) {
        out_of_memory();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *) buf, len);

    while (ok && !done) {
        yaml_event_t event;

        if (!yaml_parser_parse(&parser, &event)) {
            report_parser_error(&parser, buf, len, diags);
            ok = false;
            break;
        }

        switch (event.type) {
        case YAML_DOCUMENT_START_EVENT:
            if (++n_documents > 1) {
                ytree_diags_add(diags, event.start_mark.line + 1,
                                event.start_mark.column + 1,
                                "a second YAML document starts here; "
                                "keep the whole configuration in a single "
                                "document (remove this '---' and what "
                                "follows, or merge it into the first)");
                done = true;
            }
            break;

        case YAML_SCALAR_EVENT:
            handle_scalar(&b, &event);
            break;

        case YAML_ALIAS_EVENT:
            handle_alias(&b, &event);
            break;

        case YAML_SEQUENCE_START_EVENT:
            ok = start_collection(&b, YTREE_SEQUENCE, &event,
                                  event.data.sequence_start.anchor);
            break;

        case YAML_MAPPING_START_EVENT:
            ok = start_collection(&b, YTREE_MAPPING, &event,
                                  event.data.mapping_start.anchor);
            break;

        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            end_collection(&b);
            break;

        case YAML_STREAM_END_EVENT:
            done = true;
            break;

        case YAML_NO_EVENT:
        case YAML_STREAM_START_EVENT:
        case YAML_DOCUMENT_END_EVENT:
        default:
            break;
        }
        yaml_event_delete(&event);
    }
    yaml_parser_delete(&parser);

    if (ok && !b.n_stack) {
        *rootp = b.root;
        b.root = NULL;
    } else {
        ok = false;
    }
    builder_destroy(&b);
    return ok;
}
