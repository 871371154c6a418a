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
#include "controller/ifupdown2-import.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "controller/offload-config.h"
#include "controller/shell-words.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/shash.h"
#include "sset.h"
#include "svec.h"
#include "util.h"

/* How the import works.
 *
 * 1. The interfaces file and its includes are read into stanzas ("iface"
 *    blocks with their options), following the syntax of ifupdown2's
 *    networkinterfaces.py: full-line comments, backslashes (each one, with
 *    the blanks and new-lines around it, becomes a space), "auto",
 *    "allow-CLASS", "source" (a glob; a relative one is taken relative to
 *    the directory of the including file, as Debian's ifupdown does,
 *    where ifupdown2 would use its working directory) and
 *    "source-directory" (which ifupdown2 3.0 does not know; Debian's
 *    ifupdown reads the files of the directory whose names consist of
 *    letters, digits, "_" and "-", in lexical order, and so do we).
 *    Option names have "_" and "-" interchangeable, and "$IFACE" in a
 *    value is replaced by the interface name, as in ifupdown2.  Option
 *    lines end at the next keyword ("iface", "auto", "allow-*", "source",
 *    ...), whatever their indentation.
 *
 * 2. Every stanza with an ovs_* option becomes a bridge or a port.  Its
 *    ovs_options and ovs_extra are split into words the way /bin/sh splits
 *    them (ifupdown2 hands them to a shell), with ${IFACE} and friends
 *    expanded, and cut into ovs-vsctl commands at "--".  ovs_options of a
 *    bridge is "set Bridge NAME ...", of a port "set Port NAME ...", as in
 *    ifupdown2.  Each COLUMN[:KEY]=VALUE of a "set" lands in the YAML key
 *    with the same effect, in the order ifupdown2 runs them (a later
 *    setting replaces an earlier one, as in the database).  A column, key,
 *    value or command without an equivalent is an error that quotes it.
 *
 * 3. The YAML is written in file order (bridges in the order of their
 *    stanzas, each with its ports in the order of theirs), with a record of
 *    which line of the interfaces file each YAML line comes from.  It is
 *    then parsed with offload_config_parse_buffer(); an error of the parser
 *    is reported at the interfaces line that produced the YAML line.
 *
 * Two defects of ifupdown2's openvswitch addon are deliberately NOT
 * reproduced (the notes say so where a file would trigger them):
 *
 *   - On reload ("ifreload -a") it sets a bridge's ovs_options and only
 *     then clears the bridge's other_config, external_ids, fail_mode,
 *     protocols, ... so what ovs_options set there is lost
 *     (CumulusNetworks/ifupdown2#344).  ovs-offload sets the keys it owns
 *     key by key and never clears the others.
 *
 *   - On reload it deletes every port of a bridge that is not listed in
 *     ovs_ports (unless it matches ovs_ports_condone_regex, which Proxmox
 *     never writes), which deletes the VF representors and VM ports that
 *     other tools add.  ovs-offload deletes only the rows it owns. */

/* The number of elements of 'ARRAY'.  OVS's ARRAY_SIZE needs the GNU
 * 'typeof' extension, which -std=c11 does not provide. */
#define N_ELEMS(ARRAY) (sizeof (ARRAY) / sizeof (ARRAY)[0])

/* Includes nested deeper than this are an error (a file sourcing itself). */
#define MAX_INCLUDE_DEPTH 16

/* The name under which the generated YAML is validated. */
#define YAML_NAME "<ifupdown2-import>"

/* A place in one of the files read. */
struct ifu_loc {
    size_t file;                /* Index in importer 'files'. */
    int line;                   /* 1-based; 0 for the file as a whole. */
};

/* One option line of a stanza. */
struct ifu_option {
    char *name;                 /* As written, e.g. "ovs_type". */
    char *key;                  /* With '_' as '-', e.g. "ovs-type". */
    char *value;                /* The rest of the line, trimmed. */
    struct ifu_loc loc;
};

/* One "iface NAME FAMILY METHOD" block. */
struct ifu_stanza {
    char *name;                 /* Without an ":alias" suffix. */
    char *written;              /* As written. */
    char *family;               /* "inet", "inet6" or NULL. */
    char *method;               /* "manual", "static", ... or NULL. */
    struct ifu_loc loc;
    struct ifu_option *options;
    size_t n_options;
    size_t allocated_options;
    bool switchdev_comment;     /* A comment in it mentions switchdev. */
};

/* An error, kept until the end to be sorted by place. */
struct imp_msg {
    struct ifu_loc loc;
    size_t seq;                 /* Order of discovery, to keep sort stable. */
    char *text;                 /* Without the "FILE:LINE: " prefix. */
};

/* One key of the YAML output with its value, and what set it. */
struct imp_kv {
    char *key;
    char *yaml;                 /* The value as YAML text. */
    struct ifu_loc loc;
};

/* An ordered map of imp_kv: the YAML keeps the order of first setting. */
struct imp_map {
    struct imp_kv *kvs;
    size_t n;
    size_t allocated;
};

/* A bridge or port of the output: one stanza with ovs_* options. */
struct imp_obj {
    const struct ifu_stanza *st;
    const char *name;           /* st->name. */
    bool valid;                 /* Has a usable ovs_type. */
    bool is_bridge;
    enum offload_port_type type;  /* Ports only. */
    const char *ovs_type;       /* As written, for messages. */
    struct ifu_loc type_loc;    /* Of ovs_type. */

    /* Ports. */
    const char *bridge;         /* ovs_bridge. */
    struct ifu_loc bridge_loc;
    struct svec members;        /* ovs_bonds, in file order. */

    /* Bridges. */
    bool has_ports;             /* ovs_ports given. */
    bool ports_pattern;         /* ovs_ports uses "glob" or "regex". */
    bool condone;               /* ovs_ports_condone_regex given. */
    struct svec ports;          /* ovs_ports. */

    struct imp_map keys;        /* Scalar keys: type, mtu, tag, ... */
    struct imp_map other_config;
    struct imp_map external_ids;

    char *vlan_mode;            /* Port vlan_mode from a "set Port". */
    struct ifu_loc vlan_mode_loc;

    struct svec comments;       /* YAML comments above the item. */
};

struct importer {
    struct svec files;          /* Names of the files read, in order. */
    int depth;                  /* Current include depth. */

    struct imp_msg *errors;
    size_t n_errors;
    size_t allocated_errors;
    size_t seq;

    struct ds *notes;

    struct ifu_stanza **stanzas;
    size_t n_stanzas;
    size_t allocated_stanzas;

    bool auto_all;              /* "auto all". */
    struct sset auto_names;     /* "auto" lines. */
    struct sset hotplug_names;  /* "allow-hotplug" lines. */
    struct sset ovs_names;      /* "allow-ovs" lines. */

    struct imp_obj **objs;      /* In stanza order. */
    size_t n_objs;
    size_t allocated_objs;
    struct shash obj_by_name;   /* Name -> struct imp_obj. */
};

/* The origin of each line of the YAML being written. */
struct yaml_writer {
    struct ds text;
    struct ifu_loc *origins;
    size_t n_lines;
    size_t allocated_lines;
};

static const char *
loc_file(const struct importer *imp, const struct ifu_loc *loc)
{
    return imp->files.names[loc->file];
}

static void OVS_PRINTF_FORMAT(3, 4)
imp_error(struct importer *imp, const struct ifu_loc *loc,
          const char *format, ...)
{
    struct imp_msg *msg;
    va_list args;

    if (imp->n_errors >= imp->allocated_errors) {
        imp->errors = x2nrealloc(imp->errors, &imp->allocated_errors,
                                 sizeof *imp->errors);
    }
    msg = &imp->errors[imp->n_errors++];
    msg->loc = *loc;
    msg->seq = imp->seq++;
    va_start(args, format);
    msg->text = xvasprintf(format, args);
    va_end(args);
}

static void OVS_PRINTF_FORMAT(3, 4)
imp_note(struct importer *imp, const struct ifu_loc *loc,
         const char *format, ...)
{
    va_list args;

    ds_put_format(imp->notes, "%s:", loc_file(imp, loc));
    if (loc->line > 0) {
        ds_put_format(imp->notes, "%d:", loc->line);
    }
    ds_put_char(imp->notes, ' ');
    va_start(args, format);
    ds_put_format_valist(imp->notes, format, args);
    va_end(args);
    ds_put_char(imp->notes, '\n');
}

static int
compare_msgs(const void *a_, const void *b_)
{
    const struct imp_msg *a = a_;
    const struct imp_msg *b = b_;

    if (a->loc.file != b->loc.file) {
        return a->loc.file < b->loc.file ? -1 : 1;
    }
    if (a->loc.line != b->loc.line) {
        return a->loc.line < b->loc.line ? -1 : 1;
    }
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Ordered maps. */

static struct imp_kv *
imp_map_find(const struct imp_map *map, const char *key)
{
    for (size_t i = 0; i < map->n; i++) {
        if (!strcmp(map->kvs[i].key, key)) {
            return &map->kvs[i];
        }
    }
    return NULL;
}

/* Sets 'key' to the YAML text 'yaml' (taking ownership of it). */
static void
imp_map_set_nocopy(struct imp_map *map, const char *key, char *yaml,
                   const struct ifu_loc *loc)
{
    struct imp_kv *kv = imp_map_find(map, key);

    if (!kv) {
        if (map->n >= map->allocated) {
            map->kvs = x2nrealloc(map->kvs, &map->allocated,
                                  sizeof *map->kvs);
        }
        kv = &map->kvs[map->n++];
        kv->key = xstrdup(key);
    } else {
        free(kv->yaml);
    }
    kv->yaml = yaml;
    kv->loc = *loc;
}

static void
imp_map_set(struct imp_map *map, const char *key, const char *yaml,
            const struct ifu_loc *loc)
{
    imp_map_set_nocopy(map, key, xstrdup(yaml), loc);
}

static void
imp_map_unset(struct imp_map *map, const char *key)
{
    struct imp_kv *kv = imp_map_find(map, key);

    if (kv) {
        size_t i = kv - map->kvs;

        free(kv->key);
        free(kv->yaml);
        memmove(&map->kvs[i], &map->kvs[i + 1],
                (map->n - i - 1) * sizeof *map->kvs);
        map->n--;
    }
}

static void
imp_map_destroy(struct imp_map *map)
{
    for (size_t i = 0; i < map->n; i++) {
        free(map->kvs[i].key);
        free(map->kvs[i].yaml);
    }
    free(map->kvs);
}

/* YAML scalars. */

/* True if 's' can be written as a plain YAML scalar that every YAML parser
 * reads back as the same string. */
static bool
yaml_plain_ok(const char *s)
{
    static const char *const special[] = {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    if (!*s || !isalpha((unsigned char) s[0])) {
        return false;
    }
    for (const char *p = s; *p; p++) {
        if (!isalnum((unsigned char) *p) && !strchr("_.-/+@", *p)) {
            return false;
        }
    }
    for (size_t i = 0; i < N_ELEMS(special); i++) {
        if (!strcasecmp(s, special[i])) {
            return false;
        }
    }
    return true;
}

static void
yaml_put_quoted(struct ds *out, const char *s)
{
    ds_put_char(out, '"');
    for (const unsigned char *p = (const unsigned char *) s; *p; p++) {
        if (*p == '"' || *p == '\\') {
            ds_put_format(out, "\\%c", *p);
        } else if (*p < 0x20 || *p == 0x7f) {
            ds_put_format(out, "\\x%02x", *p);
        } else {
            ds_put_char(out, *p);
        }
    }
    ds_put_char(out, '"');
}

/* Appends 's' to 'out' as a YAML string scalar, plain if possible. */
static void
yaml_put_string(struct ds *out, const char *s)
{
    if (yaml_plain_ok(s)) {
        ds_put_cstr(out, s);
    } else {
        yaml_put_quoted(out, s);
    }
}

static char *
yaml_string(const char *s)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    yaml_put_string(&ds, s);
    return ds_steal_cstr(&ds);
}

static char *
yaml_quoted(const char *s)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    yaml_put_quoted(&ds, s);
    return ds_steal_cstr(&ds);
}

/* Reading the interfaces files. */

static void read_file(struct importer *, const char *name,
                      const struct ifu_loc *from);

static bool
read_whole_file(const char *name, struct ds *text, int *errorp)
{
    char buf[4096];
    FILE *stream;
    size_t n;
    bool ok;

    stream = fopen(name, "r");
    if (!stream) {
        *errorp = errno;
        return false;
    }
    while ((n = fread(buf, 1, sizeof buf, stream)) > 0) {
        ds_put_buffer(text, buf, n);
    }
    ok = !ferror(stream);
    *errorp = ok ? 0 : errno;
    fclose(stream);
    return ok;
}

/* Splits off the first whitespace-delimited word of '*s' into a new string
 * and advances '*s' past it and the whitespace that follows.  Returns NULL
 * if there is no word left. */
static char *
next_word(const char **s)
{
    const char *p = *s;
    const char *start;

    while (isspace((unsigned char) *p)) {
        p++;
    }
    if (!*p) {
        *s = p;
        return NULL;
    }
    start = p;
    while (*p && !isspace((unsigned char) *p)) {
        p++;
    }
    char *word = xmemdup0(start, p - start);
    while (isspace((unsigned char) *p)) {
        p++;
    }
    *s = p;
    return word;
}

static void
stanza_add_option(struct ifu_stanza *st, const char *name,
                  const char *value, const struct ifu_loc *loc)
{
    struct ds ds = DS_EMPTY_INITIALIZER;
    struct ifu_option *opt;

    if (st->n_options >= st->allocated_options) {
        st->options = x2nrealloc(st->options, &st->allocated_options,
                                 sizeof *st->options);
    }
    opt = &st->options[st->n_options++];
    opt->name = xstrdup(name);
    opt->key = xstrdup(name);
    for (char *p = opt->key; *p; p++) {
        if (*p == '_') {
            *p = '-';
        }
    }
    /* ifupdown2 replaces "$IFACE" in every value with the name as
     * written, before anything else. */
    for (const char *p = value; *p; p++) {
        if (!strncmp(p, "$IFACE", 6)) {
            ds_put_cstr(&ds, st->written);
            p += 5;
        } else {
            ds_put_char(&ds, *p);
        }
    }
    opt->value = ds_steal_cstr(&ds);
    opt->loc = *loc;
}

static void
stanza_destroy(struct ifu_stanza *st)
{
    if (st) {
        for (size_t i = 0; i < st->n_options; i++) {
            free(st->options[i].name);
            free(st->options[i].key);
            free(st->options[i].value);
        }
        free(st->options);
        free(st->name);
        free(st->written);
        free(st->family);
        free(st->method);
        free(st);
    }
}

/* "source PATTERN": the files that PATTERN matches, relative to the
 * directory of the including file. */
static void
process_source(struct importer *imp, const struct ifu_loc *loc,
               const char *pattern)
{
    const char *including = loc_file(imp, loc);
    char *full;
    glob_t g;
    int retval;

    if (pattern[0] == '/') {
        full = xstrdup(pattern);
    } else {
        char *dir = dir_name(including);

        full = xasprintf("%s/%s", dir, pattern);
        free(dir);
        imp_note(imp, loc, "source %s: ifupdown2 takes a relative path "
                 "relative to its working directory (\"/\" at boot); the "
                 "import reads %s, relative to the including file, as "
                 "Debian's ifupdown does: write the absolute path", pattern,
                 full);
    }

    retval = glob(full, 0, NULL, &g);
    if (retval == GLOB_NOMATCH) {
        if (!strpbrk(pattern, "*?[")) {
            imp_note(imp, loc, "source %s: no such file (ifupdown2 warns "
                     "and goes on; so does the import)", full);
        }
    } else if (retval) {
        imp_error(imp, loc, "source %s: cannot expand the pattern; "
                  "check the path", full);
    } else {
        for (size_t i = 0; i < g.gl_pathc; i++) {
            read_file(imp, g.gl_pathv[i], loc);
        }
    }
    if (!retval) {
        globfree(&g);
    }
    free(full);
}

/* True if 'name' is a file name that Debian's ifupdown reads from a
 * "source-directory" (the run-parts rule). */
static bool
source_directory_name_ok(const char *name)
{
    if (!*name) {
        return false;
    }
    for (const char *p = name; *p; p++) {
        if (!isalnum((unsigned char) *p) && *p != '_' && *p != '-') {
            return false;
        }
    }
    return true;
}

static void
process_source_directory(struct importer *imp, const struct ifu_loc *loc,
                         const char *dir_arg)
{
    const char *including = loc_file(imp, loc);
    struct svec names;
    struct dirent *de;
    char *dir;
    DIR *d;

    imp_note(imp, loc, "ifupdown2 3.0 does not know 'source-directory' and "
             "reads nothing from %s (the line is an error, or an unknown "
             "option of the stanza above it); the import reads the "
             "directory as Debian's ifupdown does: replace the line with "
             "'source %s/*' for ifupdown2", dir_arg, dir_arg);

    if (dir_arg[0] == '/') {
        dir = xstrdup(dir_arg);
    } else {
        char *parent = dir_name(including);

        dir = xasprintf("%s/%s", parent, dir_arg);
        free(parent);
    }

    d = opendir(dir);
    if (!d) {
        imp_error(imp, loc, "source-directory %s: cannot open (%s); fix "
                  "the path or remove the line", dir, ovs_strerror(errno));
        free(dir);
        return;
    }
    svec_init(&names);
    while ((de = readdir(d)) != NULL) {
        if (source_directory_name_ok(de->d_name)) {
            svec_add(&names, de->d_name);
        }
    }
    closedir(d);
    svec_sort(&names);

    for (size_t i = 0; i < names.n; i++) {
        char *file = xasprintf("%s/%s", dir, names.names[i]);
        struct stat s;

        if (!stat(file, &s) && S_ISREG(s.st_mode)) {
            read_file(imp, file, loc);
        }
        free(file);
    }
    svec_destroy(&names);
    free(dir);
}

/* Processes one logical line (continuations joined) of a file.  '*stp' is
 * the stanza that option lines belong to, NULL if none; '*skipping' is true
 * inside a block whose option lines are ignored ("mapping", "vlan"). */
static void
process_line(struct importer *imp, const struct ifu_loc *loc,
             const char *line, struct ifu_stanza **stp, bool *skipping)
{
    const char *p = line;
    char *word;

    while (isspace((unsigned char) *p)) {
        p++;
    }
    if (!*p) {
        return;
    }
    if (*p == '#') {
        if (*stp && strcasestr(p, "switchdev")) {
            (*stp)->switchdev_comment = true;
        }
        return;
    }

    word = next_word(&p);
    if (!strcmp(word, "iface")) {
        struct ifu_stanza *st = xzalloc(sizeof *st);
        char *name = next_word(&p);
        char *colon;

        *stp = NULL;
        *skipping = false;
        if (!name) {
            imp_error(imp, loc, "'iface' without an interface name; write "
                      "'iface NAME inet manual'");
            free(st);
            goto out;
        }
        /* ifupdown2 drops an ":alias" suffix. */
        st->written = xstrdup(name);
        colon = strchr(name, ':');
        if (colon) {
            *colon = '\0';
        }
        st->name = name;
        st->family = next_word(&p);
        st->method = next_word(&p);
        st->loc = *loc;
        if (st->family && strcmp(st->family, "inet")
            && strcmp(st->family, "inet6")) {
            imp_error(imp, loc, "iface %s: unknown address family '%s'; "
                      "use inet or inet6", name, st->family);
        }
        if (imp->n_stanzas >= imp->allocated_stanzas) {
            imp->stanzas = x2nrealloc(imp->stanzas, &imp->allocated_stanzas,
                                      sizeof *imp->stanzas);
        }
        imp->stanzas[imp->n_stanzas++] = st;
        *stp = st;
    } else if (!strcmp(word, "auto") || !strncmp(word, "allow-", 6)) {
        struct sset *set = ((!strcmp(word, "auto")
                             || !strcmp(word, "allow-auto"))
                            ? &imp->auto_names
                            : !strcmp(word, "allow-hotplug")
                            ? &imp->hotplug_names
                            : !strcmp(word, "allow-ovs") ? &imp->ovs_names
                            : NULL);
        char *name;
        int n = 0;

        *stp = NULL;
        *skipping = false;
        while ((name = next_word(&p)) != NULL) {
            if (set == &imp->auto_names && !strcmp(name, "all")) {
                imp->auto_all = true;
            } else if (set) {
                sset_add(set, name);
            }
            free(name);
            n++;
        }
        if (!n) {
            imp_error(imp, loc, "'%s' without interface names; name the "
                      "interfaces or remove the line", word);
        } else if (!set) {
            imp_note(imp, loc, "'%s' is ignored: ifupdown2 brings up only "
                     "'auto' and 'allow-hotplug' interfaces at boot", word);
        }
    } else if (!strcmp(word, "source") || !strcmp(word, "source-directory")) {
        char *arg = next_word(&p);

        *stp = NULL;
        *skipping = false;
        if (!arg) {
            imp_error(imp, loc, "'%s' without a path; give the path or "
                      "remove the line", word);
        } else if (!strcmp(word, "source")) {
            process_source(imp, loc, arg);
        } else {
            process_source_directory(imp, loc, arg);
        }
        free(arg);
    } else if (!strcmp(word, "mapping") || !strcmp(word, "vlan")) {
        *stp = NULL;
        *skipping = true;
        imp_note(imp, loc, "left to ifupdown2: the '%s' stanza (not Open "
                 "vSwitch)", word);
    } else if (*skipping) {
        /* An option of a "mapping" or "vlan" block. */
    } else if (*stp) {
        if (!*p) {
            imp_error(imp, loc, "iface %s: option '%s' has no value "
                      "(ifupdown2 rejects it); give it a value or remove "
                      "the line", (*stp)->name, word);
        } else {
            stanza_add_option(*stp, word, p, loc);
        }
    } else {
        imp_error(imp, loc, "'%s' outside an iface stanza; move it under "
                  "an 'iface NAME inet METHOD' line or remove it", word);
    }

out:
    free(word);
}

/* True if 'line' is Mako template syntax: a "%" control line, or a "<%"
 * block.  ifupdown2 renders a file that contains "%" with Mako. */
static bool
is_template_line(const char *line)
{
    while (isspace((unsigned char) *line)) {
        line++;
    }
    return *line == '%' || strstr(line, "<%");
}

static void
parse_text(struct importer *imp, size_t file, const char *text)
{
    struct ifu_stanza *st = NULL;
    struct ds line = DS_EMPTY_INITIALIZER;
    bool skipping = false;
    const char *p = text;
    int lineno = 0;

    while (*p) {
        struct ifu_loc loc = { .file = file, .line = lineno + 1 };

        /* One logical line.  Like ifupdown2, which joins the pieces of the
         * whole file between backslashes with a space after stripping
         * them, every backslash and the blanks around it, new-lines
         * included, become one space: a backslash at the end of a line
         * continues it on the next line, and no backslash is left in a
         * value. */
        ds_clear(&line);
        lineno++;
        for (; *p && *p != '\n'; p++) {
            if (*p != '\\') {
                ds_put_char(&line, *p);
                continue;
            }
            while (line.length
                   && isspace((unsigned char) ds_last(&line))) {
                line.length--;
            }
            ds_put_char(&line, ' ');
            while (isspace((unsigned char) p[1])) {
                lineno += p[1] == '\n';
                p++;
            }
        }
        if (*p) {
            p++;
        }
        if (is_template_line(ds_cstr(&line))) {
            imp_error(imp, &loc, "the file is a Mako template (\"%s\"), "
                      "which ifupdown2 renders before reading it, and the "
                      "import reads plain files only; import the rendered "
                      "file, e.g. the output of 'ifquery -a -i FILE'",
                      ds_cstr(&line));
            break;
        }
        process_line(imp, &loc, ds_cstr(&line), &st, &skipping);
    }
    ds_destroy(&line);
}

static void
read_file(struct importer *imp, const char *name, const struct ifu_loc *from)
{
    struct ds text = DS_EMPTY_INITIALIZER;
    struct ifu_loc loc;
    int error;

    if (imp->depth >= MAX_INCLUDE_DEPTH) {
        imp_error(imp, from, "'source' lines nested deeper than %d levels "
                  "at %s (does a file include itself?); break the loop",
                  MAX_INCLUDE_DEPTH, name);
        return;
    }

    svec_add(&imp->files, name);
    loc.file = imp->files.n - 1;
    loc.line = 0;
    if (!read_whole_file(name, &text, &error)) {
        if (from) {
            imp_error(imp, from, "cannot read %s (%s); fix the path or the "
                      "file's permissions", name, ovs_strerror(error));
        } else {
            imp_error(imp, &loc, "cannot read the file (%s); give the path "
                      "of an interfaces file", ovs_strerror(error));
        }
    } else if (text.length && memchr(text.string, '\0', text.length)) {
        imp_error(imp, from ? from : &loc, "%s is not a text file (it "
                  "contains a NUL byte); give the path of an interfaces "
                  "file", name);
    } else {
        imp->depth++;
        parse_text(imp, loc.file, ds_cstr(&text));
        imp->depth--;
    }
    ds_destroy(&text);
}

/* Shell words. */

/* The shell_words_expand_func of the importer: ifupdown2 runs ovs_options
 * and ovs_extra through /bin/sh with IFACE, LOGICAL, METHOD and ADDRFAM in
 * the environment, so those are expanded for stanza 'st_'.  Returns an
 * error message for any other expansion. */
static char *
expand_variable(const char *text, int text_len, const char *name, size_t len,
                struct ds *word, void *st_)
{
    const struct ifu_stanza *st = st_;

    if (len == 5 && (!strncmp(name, "IFACE", 5))) {
        ds_put_cstr(word, st->name);
    } else if (len == 7 && !strncmp(name, "LOGICAL", 7)) {
        ds_put_cstr(word, st->name);
    } else if (len == 6 && !strncmp(name, "METHOD", 6)) {
        ds_put_cstr(word, st->method ? st->method : "");
    } else if (len == 7 && !strncmp(name, "ADDRFAM", 7)) {
        ds_put_cstr(word, st->family ? st->family : "");
    } else {
        return xasprintf("the shell expansion '%.*s' is not supported "
                         "(only ${IFACE}, ${LOGICAL}, ${METHOD} and "
                         "${ADDRFAM} are); write the value out", text_len,
                         text);
    }
    return NULL;
}

/* Splits 's' into words as /bin/sh does (controller/shell-words.h),
 * expanding the variables of expand_variable() for 'st'.  Other shell
 * syntax (command substitution, pipes, redirections, ';', '&') is refused
 * with an error message. */
static char *
shell_split(const char *s, const struct ifu_stanza *st, struct svec *words)
{
    const struct shell_words_rules rules = {
        .expand = expand_variable,
        .aux = CONST_CAST(struct ifu_stanza *, st),
        .syntax_hint = " (only ovs-vsctl arguments are); remove it",
        .expansion_hint = "; write the value out",
    };

    return shell_words_split(s, &rules, words);
}

/* Values. */

/* Removes the OVSDB quoting of a string value ("..." with backslash
 * escapes), as ovs-vsctl does.  Returns NULL if 's' is badly quoted. */
static char *
ovsdb_unquote(const char *s)
{
    struct ds out = DS_EMPTY_INITIALIZER;
    size_t len = strlen(s);

    if (s[0] != '"') {
        return xstrdup(s);
    }
    if (len < 2 || s[len - 1] != '"') {
        ds_destroy(&out);
        return NULL;
    }
    for (size_t i = 1; i < len - 1; i++) {
        if (s[i] == '\\' && i + 1 < len - 1) {
            i++;
        } else if (s[i] == '"') {
            ds_destroy(&out);
            return NULL;
        }
        ds_put_char(&out, s[i]);
    }
    return ds_steal_cstr(&out);
}

static bool
parse_nonneg_int(const char *s, int *valuep)
{
    return (isdigit((unsigned char) s[0]) && str_to_int(s, 10, valuep)
            && *valuep >= 0);
}

/* Parses an ovs-vsctl set of integers ("10,20", "[10, 20]", "10 20") into
 * the YAML flow sequence '*yamlp'.  Returns false on a bad element. */
static bool
parse_int_set(const char *s, char **yamlp)
{
    struct ds yaml = DS_EMPTY_INITIALIZER;
    char *copy = xstrdup(s);
    char *save_ptr = NULL;
    char *start = copy;
    size_t len = strlen(copy);
    bool ok = true;
    int n = 0;

    if (len >= 2 && copy[0] == '[' && copy[len - 1] == ']') {
        copy[len - 1] = '\0';
        start = copy + 1;
    }
    ds_put_char(&yaml, '[');
    for (char *tok = strtok_r(start, ", ", &save_ptr); tok;
         tok = strtok_r(NULL, ", ", &save_ptr)) {
        int value;

        if (!parse_nonneg_int(tok, &value)) {
            ok = false;
            break;
        }
        ds_put_format(&yaml, "%s%d", n++ ? ", " : "", value);
    }
    ds_put_char(&yaml, ']');
    free(copy);
    if (!ok) {
        ds_destroy(&yaml);
        return false;
    }
    *yamlp = ds_steal_cstr(&yaml);
    return true;
}

static bool
in_list(const char *value, const char *const *list)
{
    for (; *list; list++) {
        if (!strcmp(value, *list)) {
            return true;
        }
    }
    return false;
}

static char *
join_list(const char *const *list)
{
    struct ds ds = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; list[i]; i++) {
        ds_put_format(&ds, "%s%s", !i ? "" : !list[i + 1] ? " or " : ", ",
                      list[i]);
    }
    return ds_steal_cstr(&ds);
}

/* Applying ovs-vsctl "set" commands. */

/* What is being applied, for messages. */
struct apply_ctx {
    struct importer *imp;
    struct imp_obj *obj;
    const struct ifu_option *opt;   /* ovs_options or ovs_extra. */
};

static const char *const bond_modes[] = {
    "balance-tcp", "balance-slb", "active-backup", NULL,
};
static const char *const lacp_modes[] = { "active", "passive", "off", NULL };
static const char *const lacp_times[] = { "fast", "slow", NULL };
static const char *const bools[] = { "true", "false", NULL };
static const char *const detect_modes[] = { "carrier", "miimon", NULL };
static const char *const datapath_types[] = { "system", "netdev", NULL };
static const char *const fail_modes[] = { "standalone", "secure", NULL };

static void OVS_PRINTF_FORMAT(3, 4)
apply_error(const struct apply_ctx *ctx, const char *arg,
            const char *format, ...)
{
    struct ds msg = DS_EMPTY_INITIALIZER;
    va_list args;

    va_start(args, format);
    ds_put_format_valist(&msg, format, args);
    va_end(args);
    imp_error(ctx->imp, &ctx->opt->loc, "%s of %s: '%s' %s",
              ctx->opt->name, ctx->obj->name, arg, ds_cstr(&msg));
    ds_destroy(&msg);
}

/* Sets the scalar 'key' of the object to 'value', which must be one of
 * 'allowed'. */
static void
apply_enum(const struct apply_ctx *ctx, const char *arg, const char *key,
           const char *value, const char *const *allowed)
{
    if (!in_list(value, allowed)) {
        char *list = join_list(allowed);

        apply_error(ctx, arg, "has no equivalent in ovs-offload.yaml, whose "
                    "'%s' is %s; use one of these values", key, list);
        free(list);
        return;
    }
    imp_map_set(&ctx->obj->keys, key, value, &ctx->opt->loc);
}

static void
apply_int(const struct apply_ctx *ctx, const char *arg, const char *key,
          const char *value)
{
    int n;

    if (!parse_nonneg_int(value, &n)) {
        apply_error(ctx, arg, "is not a non-negative decimal integer; write "
                    "the number");
        return;
    }
    imp_map_set_nocopy(&ctx->obj->keys, key, xasprintf("%d", n),
                       &ctx->opt->loc);
}

static void
apply_map(const struct apply_ctx *ctx, const char *arg, struct imp_map *map,
          const char *column, const char *key, const char *value)
{
    if (!key) {
        apply_error(ctx, arg, "sets the whole %s column; set its keys one "
                    "by one ('%s:KEY=VALUE')", column, column);
        return;
    }
    imp_map_set_nocopy(map, key, yaml_quoted(value), &ctx->opt->loc);
}

/* True if the port is a bond; otherwise reports that 'arg' needs one. */
static bool
require_bond(const struct apply_ctx *ctx, const char *arg)
{
    if (ctx->obj->type == OFFLOAD_PORT_BOND) {
        return true;
    }
    apply_error(ctx, arg, "applies to bonds only in ovs-offload.yaml, and "
                "%s is an %s; remove it, or make %s an OVSBond",
                ctx->obj->name, ctx->obj->ovs_type, ctx->obj->name);
    return false;
}

static void
apply_bridge_column(const struct apply_ctx *ctx, const char *arg,
                    const char *column, const char *key, const char *value)
{
    struct imp_obj *obj = ctx->obj;

    if (!strcmp(column, "datapath_type") && !key) {
        apply_enum(ctx, arg, "datapath-type", value, datapath_types);
    } else if (!strcmp(column, "fail_mode") && !key) {
        apply_enum(ctx, arg, "fail-mode", value, fail_modes);
    } else if (!strcmp(column, "other_config")) {
        apply_map(ctx, arg, &obj->other_config, column, key, value);
    } else if (!strcmp(column, "external_ids")) {
        apply_map(ctx, arg, &obj->external_ids, column, key, value);
    } else {
        apply_error(ctx, arg, "has no equivalent in ovs-offload.yaml (Bridge "
                    "column %s); remove it, or manage that column outside "
                    "ovs-offload", column);
        return;
    }

    /* ifupdown2 runs a bridge's ovs_options before it clears the bridge's
     * columns on reload: see the top of this file. */
    if (!strcmp(ctx->opt->key, "ovs-options")
        && strcmp(column, "datapath_type")) {
        imp_note(ctx->imp, &ctx->opt->loc, "%s of %s: ifupdown2 loses '%s' "
                 "on every reload (it clears the bridge's columns after "
                 "setting ovs_options, CumulusNetworks/ifupdown2#344); "
                 "ovs-offload keeps it", ctx->opt->name, obj->name, arg);
    }
}

static void
apply_port_column(const struct apply_ctx *ctx, const char *arg,
                  const char *column, const char *key, const char *value)
{
    struct imp_obj *obj = ctx->obj;

    if (!strcmp(column, "bond_mode") && !key) {
        if (require_bond(ctx, arg)) {
            apply_enum(ctx, arg, "bond-mode", value, bond_modes);
        }
    } else if (!strcmp(column, "lacp") && !key) {
        if (require_bond(ctx, arg)) {
            apply_enum(ctx, arg, "lacp", value, lacp_modes);
        }
    } else if (!strcmp(column, "bond_updelay") && !key) {
        if (require_bond(ctx, arg)) {
            apply_int(ctx, arg, "updelay", value);
        }
    } else if (!strcmp(column, "bond_downdelay") && !key) {
        if (require_bond(ctx, arg)) {
            apply_int(ctx, arg, "downdelay", value);
        }
    } else if (!strcmp(column, "tag") && !key) {
        if (!strcmp(value, "[]")) {
            imp_map_unset(&obj->keys, "tag");
        } else {
            apply_int(ctx, arg, "tag", value);
        }
    } else if (!strcmp(column, "trunks") && !key) {
        char *yaml;

        if (!strcmp(value, "[]") || !value[0]) {
            imp_map_unset(&obj->keys, "trunks");
        } else if (!parse_int_set(value, &yaml)) {
            apply_error(ctx, arg, "is not a list of VLAN numbers; write "
                        "'trunks=10,20'");
        } else {
            imp_map_set_nocopy(&obj->keys, "trunks", yaml, &ctx->opt->loc);
        }
    } else if (!strcmp(column, "vlan_mode") && !key) {
        free(obj->vlan_mode);
        obj->vlan_mode = (!strcmp(value, "[]") || !value[0]
                          ? NULL : xstrdup(value));
        obj->vlan_mode_loc = ctx->opt->loc;
    } else if (!strcmp(column, "other_config") && key
               && !strcmp(key, "lacp-time")) {
        if (require_bond(ctx, arg)) {
            apply_enum(ctx, arg, "lacp-time", value, lacp_times);
        }
    } else if (!strcmp(column, "other_config") && key
               && !strcmp(key, "lacp-fallback-ab")) {
        if (require_bond(ctx, arg)) {
            apply_enum(ctx, arg, "lacp-fallback-ab", value, bools);
        }
    } else if (!strcmp(column, "other_config") && key
               && !strcmp(key, "bond-detect-mode")) {
        if (require_bond(ctx, arg)) {
            apply_enum(ctx, arg, "detect", value, detect_modes);
        }
    } else if (!strcmp(column, "other_config") && key
               && !strcmp(key, "bond-miimon-interval")) {
        if (require_bond(ctx, arg)) {
            apply_int(ctx, arg, "miimon-interval", value);
        }
    } else if (!strcmp(column, "other_config")) {
        apply_map(ctx, arg, &obj->other_config, column, key, value);
    } else if (!strcmp(column, "external_ids")) {
        apply_map(ctx, arg, &obj->external_ids, column, key, value);
    } else {
        apply_error(ctx, arg, "has no equivalent in ovs-offload.yaml (Port "
                    "column %s); remove it, or manage that column outside "
                    "ovs-offload", column);
    }
}

static void
set_port_type(struct imp_obj *obj, enum offload_port_type type,
              const struct ifu_loc *loc)
{
    obj->type = type;
    imp_map_set(&obj->keys, "type", offload_port_type_to_string(type), loc);
}

static void
apply_interface_column(const struct apply_ctx *ctx, const char *arg,
                       const char *column, const char *key,
                       const char *value)
{
    struct imp_obj *obj = ctx->obj;

    if (!strcmp(column, "mtu_request") && !key) {
        apply_int(ctx, arg, "mtu", value);
    } else if (!obj->is_bridge && !strcmp(column, "type") && !key
               && (obj->type == OFFLOAD_PORT_SYSTEM
                   || obj->type == OFFLOAD_PORT_INTERNAL
                   || obj->type == OFFLOAD_PORT_PATCH)
               && (!strcmp(value, "internal") || !strcmp(value, "patch")
                   || !strcmp(value, "system") || !value[0])) {
        set_port_type(obj, (!strcmp(value, "internal")
                            ? OFFLOAD_PORT_INTERNAL
                            : !strcmp(value, "patch") ? OFFLOAD_PORT_PATCH
                            : OFFLOAD_PORT_SYSTEM), &ctx->opt->loc);
    } else if (!obj->is_bridge && !strcmp(column, "options") && key
               && !strcmp(key, "peer")) {
        imp_map_set_nocopy(&obj->keys, "peer", yaml_string(value),
                           &ctx->opt->loc);
    } else {
        apply_error(ctx, arg, "has no equivalent in ovs-offload.yaml "
                    "(Interface column %s%s%s of %s %s); remove it, or "
                    "manage it outside ovs-offload", column,
                    key ? ":" : "", key ? key : "", obj->ovs_type,
                    obj->name);
    }
}

/* Applies one COLUMN[:KEY]=VALUE argument of "set TABLE". */
static void
apply_set_arg(const struct apply_ctx *ctx, const char *table,
              const char *arg)
{
    const char *eq = strchr(arg, '=');
    char *column, *key, *value, *colon;

    if (!eq || eq == arg) {
        apply_error(ctx, arg, "is not COLUMN=VALUE or COLUMN:KEY=VALUE; fix "
                    "it");
        return;
    }
    column = xmemdup0(arg, eq - arg);
    colon = strchr(column, ':');
    key = NULL;
    if (colon) {
        *colon = '\0';
        key = ovsdb_unquote(colon + 1);
    }
    /* ovs-vsctl takes '-' for '_' in column names ("other-config"). */
    for (char *p = column; *p; p++) {
        if (*p == '-') {
            *p = '_';
        }
    }
    value = ovsdb_unquote(eq + 1);
    if (!value || (colon && !key)) {
        apply_error(ctx, arg, "has a badly quoted key or value; fix the "
                    "quotes");
    } else if (!strcmp(table, "bridge")) {
        apply_bridge_column(ctx, arg, column, key, value);
    } else if (!strcmp(table, "port")) {
        apply_port_column(ctx, arg, column, key, value);
    } else {
        apply_interface_column(ctx, arg, column, key, value);
    }
    free(column);
    free(key);
    free(value);
}

/* Applies one ovs-vsctl command, 'n' words at 'words'. */
static void
apply_command(const struct apply_ctx *ctx, char **words, size_t n)
{
    struct imp_obj *obj = ctx->obj;
    struct svec quoted_words;
    char *quoted;
    size_t i = 0;

    svec_init(&quoted_words);
    for (size_t j = 0; j < n; j++) {
        svec_add(&quoted_words, words[j]);
    }
    quoted = svec_join(&quoted_words, " ", "");
    svec_destroy(&quoted_words);

    while (i < n && !strncmp(words[i], "--", 2)) {
        if (strcmp(words[i], "--if-exists")) {
            apply_error(ctx, quoted, "uses the ovs-vsctl option %s, which "
                        "the import does not support; remove it",
                        words[i]);
            goto out;
        }
        i++;
    }
    if (i >= n) {
        goto out;
    }

    if (!strcmp(words[i], "set")) {
        const char *table = n - i > 1 ? words[i + 1] : "";
        const char *record = n - i > 2 ? words[i + 2] : "";
        char *lower = xstrdup(table);

        for (char *p = lower; *p; p++) {
            *p = tolower((unsigned char) *p);
        }
        if (n - i < 4) {
            apply_error(ctx, quoted, "is incomplete; write 'set TABLE "
                        "RECORD COLUMN=VALUE'");
        } else if (strcmp(lower, "bridge") && strcmp(lower, "port")
                   && strcmp(lower, "interface")) {
            apply_error(ctx, quoted, "changes the %s table, which "
                        "ovs-offload.yaml does not describe (only Bridge, "
                        "Port and Interface); remove it, or manage it "
                        "outside ovs-offload", table);
        } else if (strcmp(record, obj->name)) {
            apply_error(ctx, quoted, "changes %s %s, not the row of this "
                        "stanza (ifupdown2 runs it in the transaction of "
                        "%s: it fails if %s does not exist yet, and the "
                        "stanza of %s may undo it); move it to the stanza "
                        "of %s and write ${IFACE}", table, record,
                        obj->name, record, record, record);
        } else if (obj->is_bridge && !strcmp(lower, "port")) {
            apply_error(ctx, quoted, "changes the bridge's own Port row, "
                        "which ovs-offload.yaml does not describe; remove "
                        "it");
        } else if (!obj->is_bridge && !strcmp(lower, "bridge")) {
            apply_error(ctx, quoted, "names %s, which is an %s, not a "
                        "bridge (ovs-vsctl fails); move it to the stanza of "
                        "the bridge %s", record, obj->ovs_type,
                        obj->bridge ? obj->bridge : "");
        } else if (!strcmp(lower, "interface")
                   && obj->type == OFFLOAD_PORT_BOND && !obj->is_bridge) {
            apply_error(ctx, quoted, "names the bond %s, which has no "
                        "Interface row of its name (ovs-vsctl fails); set "
                        "the members' MTU with ovs_mtu", record);
        } else {
            for (size_t j = i + 3; j < n; j++) {
                apply_set_arg(ctx, lower, words[j]);
            }
        }
        free(lower);
    } else if (!strcmp(words[i], "br-set-external-id")) {
        if (n - i != 4) {
            apply_error(ctx, quoted, "must be 'br-set-external-id BRIDGE "
                        "KEY VALUE' (removing a key has no equivalent); fix "
                        "it");
        } else if (!obj->is_bridge || strcmp(words[i + 1], obj->name)) {
            apply_error(ctx, quoted, "does not name the bridge of this "
                        "stanza; move it to the stanza of %s and write "
                        "${IFACE}", words[i + 1]);
        } else {
            imp_map_set_nocopy(&obj->external_ids, words[i + 2],
                               yaml_quoted(words[i + 3]), &ctx->opt->loc);
        }
    } else {
        apply_error(ctx, quoted, "is not supported: the import understands "
                    "'set Bridge|Port|Interface ${IFACE} "
                    "COLUMN[:KEY]=VALUE' and 'br-set-external-id' only; "
                    "express it with ovs_* options or in ovs-offload.yaml, "
                    "or remove it");
    }

out:
    free(quoted);
}

/* Applies the ovs-vsctl commands of option 'opt' (ovs_options or
 * ovs_extra) to 'obj'.  If 'set_table' is nonnull, the option's text
 * continues "set SET_TABLE NAME", as ovs_options does in ifupdown2. */
static void
apply_option(struct importer *imp, struct imp_obj *obj,
             const struct ifu_option *opt, const char *set_table)
{
    struct apply_ctx ctx = { .imp = imp, .obj = obj, .opt = opt };
    struct svec words, cmd;
    char *error;

    svec_init(&words);
    svec_init(&cmd);
    error = shell_split(opt->value, obj->st, &words);
    if (error) {
        imp_error(imp, &opt->loc, "%s of %s: %s", opt->name, obj->name,
                  error);
        free(error);
        goto out;
    }
    if (set_table) {
        svec_add(&cmd, "set");
        svec_add(&cmd, set_table);
        svec_add(&cmd, obj->name);
    }
    for (size_t i = 0; i <= words.n; i++) {
        if (i == words.n || !strcmp(words.names[i], "--")) {
            if (cmd.n) {
                apply_command(&ctx, cmd.names, cmd.n);
            }
            svec_clear(&cmd);
        } else {
            svec_add(&cmd, words.names[i]);
        }
    }

out:
    svec_destroy(&words);
    svec_destroy(&cmd);
}

/* Building the model. */

static const char *const known_ovs_options[] = {
    "ovs-type", "ovs-bridge", "ovs-ports", "ovs-bonds", "ovs-options",
    "ovs-extra", "ovs-mtu", "ovs-patch-peer", "ovs-ports-condone-regex",
    "ovs-tunnel-type", "ovs-tunnel-options", NULL,
};

/* Options that may be given more than once (ifupdown2 uses them all). */
static const char *const multi_ovs_options[] = {
    "ovs-ports", "ovs-extra", NULL,
};

static bool
is_ovs_option(const struct ifu_option *opt)
{
    return !strncmp(opt->key, "ovs-", 4);
}

static bool
stanza_has_ovs(const struct ifu_stanza *st)
{
    for (size_t i = 0; i < st->n_options; i++) {
        if (is_ovs_option(&st->options[i])) {
            return true;
        }
    }
    return false;
}

/* Returns the first option 'key' of 'st', or NULL. */
static const struct ifu_option *
stanza_find(const struct ifu_stanza *st, const char *key)
{
    for (size_t i = 0; i < st->n_options; i++) {
        if (!strcmp(st->options[i].key, key)) {
            return &st->options[i];
        }
    }
    return NULL;
}

/* Reports ovs_* options that are unknown or given twice. */
static void
check_ovs_options(struct importer *imp, const struct ifu_stanza *st)
{
    for (size_t i = 0; i < st->n_options; i++) {
        const struct ifu_option *opt = &st->options[i];
        const struct ifu_option *first;

        if (!is_ovs_option(opt)) {
            continue;
        }
        if (!in_list(opt->key, known_ovs_options)) {
            imp_error(imp, &opt->loc, "iface %s: unknown option %s "
                      "(ifupdown2 rejects it); use ovs_type, ovs_bridge, "
                      "ovs_ports, ovs_bonds, ovs_options, ovs_extra, "
                      "ovs_mtu or ovs_patch_peer", st->name, opt->name);
            continue;
        }
        first = stanza_find(st, opt->key);
        if (first != opt && !in_list(opt->key, multi_ovs_options)) {
            imp_error(imp, &opt->loc, "iface %s: %s is given twice "
                      "(ifupdown2 uses only the first one, line %d); merge "
                      "them into one line", st->name, opt->name,
                      first->loc.line);
        }
    }
}

/* Notes an ovs_* option that ifupdown2 ignores for this stanza type. */
static void
note_ignored(struct importer *imp, const struct imp_obj *obj,
             const char *key)
{
    const struct ifu_option *opt = stanza_find(obj->st, key);

    if (opt) {
        imp_note(imp, &opt->loc, "%s on the %s %s is ignored, as ifupdown2 "
                 "ignores it", opt->name, obj->ovs_type, obj->name);
    }
}

static bool
parse_mtu(struct importer *imp, struct imp_obj *obj)
{
    const struct ifu_option *opt = stanza_find(obj->st, "ovs-mtu");
    int mtu;

    if (!opt) {
        return true;
    }
    if (!parse_nonneg_int(opt->value, &mtu)) {
        imp_error(imp, &opt->loc, "%s of %s: '%s' is not a number; write "
                  "the MTU in bytes, e.g. 'ovs_mtu 9000'", opt->name,
                  obj->name, opt->value);
        return false;
    }
    imp_map_set_nocopy(&obj->keys, "mtu", xasprintf("%d", mtu), &opt->loc);
    return true;
}

static void
apply_extras(struct importer *imp, struct imp_obj *obj)
{
    for (size_t i = 0; i < obj->st->n_options; i++) {
        const struct ifu_option *opt = &obj->st->options[i];

        if (!strcmp(opt->key, "ovs-extra")) {
            apply_option(imp, obj, opt, NULL);
        }
    }
}

static void
import_bridge(struct importer *imp, struct imp_obj *obj)
{
    const struct ifu_stanza *st = obj->st;
    const struct ifu_option *opt;

    note_ignored(imp, obj, "ovs-bridge");
    note_ignored(imp, obj, "ovs-bonds");
    note_ignored(imp, obj, "ovs-patch-peer");

    for (size_t i = 0; i < st->n_options; i++) {
        opt = &st->options[i];
        if (!strcmp(opt->key, "ovs-ports")) {
            const char *p = opt->value;
            char *word;

            obj->has_ports = true;
            while ((word = next_word(&p)) != NULL) {
                if (!strcmp(word, "glob") || !strcmp(word, "regex")) {
                    obj->ports_pattern = true;
                }
                svec_add_nocopy(&obj->ports, word);
            }
        }
    }

    opt = stanza_find(st, "ovs-ports-condone-regex");
    if (opt) {
        obj->condone = true;
        imp_note(imp, &opt->loc, "%s of %s is not needed: ovs-offload never "
                 "deletes ports it does not own", opt->name, obj->name);
    }

    /* The order of ifupdown2's _addbridge(): ovs_options, ovs_extra,
     * ovs_mtu. */
    opt = stanza_find(st, "ovs-options");
    if (opt) {
        apply_option(imp, obj, opt, "Bridge");
    }
    apply_extras(imp, obj);
    parse_mtu(imp, obj);
}

static void
import_port(struct importer *imp, struct imp_obj *obj)
{
    const struct ifu_stanza *st = obj->st;
    const struct ifu_option *opt;

    note_ignored(imp, obj, "ovs-ports");
    note_ignored(imp, obj, "ovs-ports-condone-regex");
    if (obj->type != OFFLOAD_PORT_BOND) {
        note_ignored(imp, obj, "ovs-bonds");
    }
    if (obj->type != OFFLOAD_PORT_PATCH) {
        note_ignored(imp, obj, "ovs-patch-peer");
    }

    opt = stanza_find(st, "ovs-bridge");
    if (!opt) {
        imp_error(imp, &st->loc, "iface %s: %s without ovs_bridge "
                  "(ifupdown2 ignores the stanza); add 'ovs_bridge BRIDGE'",
                  st->name, obj->ovs_type);
    } else {
        obj->bridge = opt->value;
        obj->bridge_loc = opt->loc;
    }

    set_port_type(obj, obj->type, &obj->type_loc);
    if (obj->type == OFFLOAD_PORT_BOND) {
        opt = stanza_find(st, "ovs-bonds");
        if (!opt) {
            imp_error(imp, &st->loc, "iface %s: OVSBond without ovs_bonds "
                      "(ifupdown2 fails: \"missing ovs-bonds option\"); add "
                      "'ovs_bonds IFACE1 IFACE2'", st->name);
        } else {
            struct ds yaml = DS_EMPTY_INITIALIZER;
            const char *p = opt->value;
            char *word;

            while ((word = next_word(&p)) != NULL) {
                svec_add_nocopy(&obj->members, word);
            }
            if (obj->members.n < 2) {
                imp_error(imp, &opt->loc, "iface %s: the OVSBond has %s "
                          "member (%s) but a bond needs at least 2 "
                          "(ovs-vsctl add-bond refuses fewer); add a member "
                          "to ovs_bonds, or make it an OVSPort",
                          st->name, obj->members.n ? "one" : "no",
                          opt->value);
            }
            ds_put_char(&yaml, '[');
            for (size_t i = 0; i < obj->members.n; i++) {
                if (i) {
                    ds_put_cstr(&yaml, ", ");
                }
                yaml_put_string(&yaml, obj->members.names[i]);
            }
            ds_put_char(&yaml, ']');
            imp_map_set_nocopy(&obj->keys, "members", ds_steal_cstr(&yaml),
                               &opt->loc);
        }
    }

    /* The order of ifupdown2's _addport(): ovs_options, the type, the
     * patch peer, ovs_mtu, ovs_extra. */
    opt = stanza_find(st, "ovs-options");
    if (opt) {
        apply_option(imp, obj, opt, "Port");
    }
    if (obj->type == OFFLOAD_PORT_PATCH) {
        opt = stanza_find(st, "ovs-patch-peer");
        if (!opt) {
            imp_error(imp, &st->loc, "iface %s: OVSPatchPort without "
                      "ovs_patch_peer (ifupdown2 fails: \"missing "
                      "ovs-patch-peer\"); add 'ovs_patch_peer PEER'",
                      st->name);
        } else {
            imp_map_set_nocopy(&obj->keys, "peer", yaml_string(opt->value),
                               &opt->loc);
        }
    }
    parse_mtu(imp, obj);
    apply_extras(imp, obj);

    /* Port vlan_mode has no key in ovs-offload.yaml.  The two values that
     * OVS applies anyway (access for a port with a tag and no trunks, trunk
     * for a port without a tag) can be left out; the others cannot. */
    if (obj->vlan_mode) {
        bool tag = imp_map_find(&obj->keys, "tag") != NULL;
        bool trunks = imp_map_find(&obj->keys, "trunks") != NULL;

        if ((!strcmp(obj->vlan_mode, "access") && tag && !trunks)
            || (!strcmp(obj->vlan_mode, "trunk") && !tag)) {
            imp_note(imp, &obj->vlan_mode_loc, "vlan_mode=%s of %s is "
                     "left out: OVS behaves so by default for a port %s "
                     "(Port vlan_mode stays empty)", obj->vlan_mode,
                     obj->name, tag ? "with a tag and no trunks"
                     : "without a tag");
        } else {
            imp_error(imp, &obj->vlan_mode_loc, "vlan_mode=%s of %s has no "
                      "equivalent in ovs-offload.yaml, which has tag "
                      "(access) and trunks only; remove it, or use tag or "
                      "trunks alone", obj->vlan_mode, obj->name);
        }
    }
}

static void
import_obj(struct importer *imp, struct imp_obj *obj)
{
    static const struct {
        const char *name;
        bool is_bridge;
        enum offload_port_type type;
    } types[] = {
        { "OVSBridge", true, OFFLOAD_PORT_SYSTEM },
        { "OVSPort", false, OFFLOAD_PORT_SYSTEM },
        { "OVSIntPort", false, OFFLOAD_PORT_INTERNAL },
        { "OVSBond", false, OFFLOAD_PORT_BOND },
        { "OVSPatchPort", false, OFFLOAD_PORT_PATCH },
    };
    const struct ifu_stanza *st = obj->st;
    const struct ifu_option *type_opt;

    check_ovs_options(imp, st);
    type_opt = stanza_find(st, "ovs-type");
    if (!type_opt) {
        imp_error(imp, &st->loc, "iface %s has ovs_* options but no "
                  "ovs_type (ifupdown2 ignores them); add 'ovs_type "
                  "OVSBridge' (or OVSPort, OVSIntPort, OVSBond, "
                  "OVSPatchPort) or remove them", st->name);
        return;
    }
    if (strchr(st->name, '[')) {
        imp_error(imp, &st->loc, "iface %s: interface ranges are not "
                  "supported for Open vSwitch stanzas; write one stanza per "
                  "interface", st->name);
        return;
    }
    obj->ovs_type = type_opt->value;
    obj->type_loc = type_opt->loc;
    for (size_t i = 0; i < N_ELEMS(types); i++) {
        if (!strcmp(type_opt->value, types[i].name)) {
            obj->valid = true;
            obj->is_bridge = types[i].is_bridge;
            obj->type = types[i].type;
        }
    }
    if (!obj->valid) {
        if (!strcmp(type_opt->value, "OVSTunnel")) {
            imp_error(imp, &type_opt->loc, "iface %s: OVSTunnel has no "
                      "equivalent in ovs-offload.yaml (it has no tunnel "
                      "ports); keep this stanza out of the import and "
                      "leave it to ifupdown2", st->name);
        } else {
            imp_error(imp, &type_opt->loc, "iface %s: unknown ovs_type "
                      "'%s'; use OVSBridge, OVSPort, OVSIntPort, OVSBond "
                      "or OVSPatchPort", st->name, type_opt->value);
        }
        return;
    }
    if (obj->is_bridge) {
        import_bridge(imp, obj);
    } else {
        import_port(imp, obj);
    }
}

/* Notes what of stanza 'st' (of 'obj', if nonnull) stays with ifupdown2. */
static void
note_left_options(struct importer *imp, const struct ifu_stanza *st,
                  struct imp_obj *obj)
{
    if (st->method && (!strcmp(st->method, "dhcp")
                       || !strcmp(st->method, "dhcp6"))) {
        imp_note(imp, &st->loc, "left to ifupdown2: %s (%s) on %s",
                 st->method, st->family ? st->family : "inet", st->name);
        if (obj) {
            svec_add_nocopy(&obj->comments,
                            xasprintf("left to ifupdown2: %s (%s)",
                                      st->method,
                                      st->family ? st->family : "inet"));
        }
    }
    for (size_t i = 0; i < st->n_options; i++) {
        const struct ifu_option *opt = &st->options[i];

        if (is_ovs_option(opt)) {
            continue;
        }
        if (!strcmp(opt->key, "address") || !strcmp(opt->key, "gateway")) {
            imp_note(imp, &opt->loc, "left to ifupdown2: %s %s on %s",
                     opt->name, opt->value, st->name);
        } else {
            imp_note(imp, &opt->loc, "left to ifupdown2: '%s %s' on %s",
                     opt->name, opt->value, st->name);
        }
        if (obj) {
            svec_add_nocopy(&obj->comments,
                            xasprintf("left to ifupdown2: %s %s", opt->name,
                                      opt->value));
        }
    }
}

/* The names of the uplink representors (PFs) of a NIC in switchdev mode end
 * in "np" and the port number, from their phys_port_name "pN", e.g.
 * enp129s0f0np0, ens1f1np1, enP2p1s0f0np0. */
static bool
looks_like_switchdev_pf(const char *name)
{
    size_t i = strlen(name);

    if (strncmp(name, "en", 2)) {
        return false;
    }
    while (i > 0 && isdigit((unsigned char) name[i - 1])) {
        i--;
    }
    return (i < strlen(name) && i >= 5 && name[i - 1] == 'p'
            && name[i - 2] == 'n');
}

/* VF representors are named "pfNvfM" (by phys_port_name, often with a
 * prefix from a udev rule) or "PFNAME_M" (e.g. enp65s0f0_0). */
static bool
looks_like_representor(const char *name)
{
    const char *p = name;
    const char *us = strrchr(name, '_');

    while ((p = strstr(p, "pf")) != NULL) {
        p += 2;
        if (isdigit((unsigned char) *p)) {
            while (isdigit((unsigned char) *p)) {
                p++;
            }
            if (!strncmp(p, "vf", 2) && isdigit((unsigned char) p[2])) {
                return true;
            }
        }
    }
    if (us && us[1] && (!strncmp(name, "en", 2) || !strncmp(name, "eth", 3))) {
        for (p = us + 1; isdigit((unsigned char) *p); p++) {
            continue;
        }
        return !*p;
    }
    return false;
}

/* Seed 002: an OVS bond over the two PFs of a switchdev NIC gives the host
 * a redundant uplink, but not the VFs, whose traffic leaves through their
 * own PF only.  VF-LAG (a Linux bond over the PFs, which the NIC mirrors in
 * hardware) is what gives the VFs redundancy. */
static void
note_vf_lag(struct importer *imp, struct imp_obj *obj)
{
    bool pfs = obj->members.n >= 2;
    char *members, *slaves;

    for (size_t i = 0; i < obj->members.n; i++) {
        if (!looks_like_switchdev_pf(obj->members.names[i])) {
            pfs = false;
        }
    }
    if (!pfs && !obj->st->switchdev_comment) {
        return;
    }

    members = svec_join(&obj->members, ", ", "");
    slaves = svec_join(&obj->members, " ", "");
    imp_note(imp, &obj->st->loc, "%s is an OVS bond over %s, which %s the "
             "PFs (uplinks) of a NIC in switchdev mode: with an OVS bond "
             "the VFs get no link redundancy, since each VF's traffic "
             "leaves through its own PF only.  Express it as VF-LAG "
             "instead: in ovs-offload.yaml, give port %s of %s "
             "'vf-lag: auto' (the NIC offloads a Linux bond over %s, and "
             "this OVS bond stays as the fallback if it cannot) and add an "
             "sriov entry with 'eswitch: switchdev' for each PF; see "
             "contrib/examples/vf-lag.yaml",
             obj->name, members,
             obj->st->switchdev_comment ? "the file says are" : "look like",
             obj->name, obj->bridge ? obj->bridge : "the bridge", slaves);
    svec_add_nocopy(&obj->comments,
                    xasprintf("VF-LAG: %s bonds switchdev PFs with an OVS "
                              "bond, so the VFs get no link redundancy; "
                              "see the notes", obj->name));
    free(members);
    free(slaves);
}

static bool
brought_up_at_boot(const struct importer *imp, const char *name)
{
    return (imp->auto_all || sset_contains(&imp->auto_names, name)
            || sset_contains(&imp->hotplug_names, name));
}

/* Checks across stanzas: bridges referenced by ports, ovs_ports. */
static void
cross_check(struct importer *imp)
{
    for (size_t i = 0; i < imp->n_objs; i++) {
        struct imp_obj *obj = imp->objs[i];
        struct imp_obj *br;

        if (!obj->valid) {
            continue;
        }
        if (!brought_up_at_boot(imp, obj->name)) {
            imp_note(imp, &obj->st->loc, "%s is not marked 'auto' (%s): "
                     "ifupdown2 brings it up at boot only as a dependency "
                     "of another interface (CumulusNetworks/ifupdown2#40); "
                     "ovs-offload applies it anyway", obj->name,
                     sset_contains(&imp->ovs_names, obj->name)
                     ? "allow-ovs is not enough" : "nor allow-hotplug");
        }
        if (obj->is_bridge) {
            if (obj->has_ports && !obj->condone) {
                imp_note(imp, &obj->st->loc, "on reload, ifupdown2 deletes "
                         "every port of %s that ovs_ports does not list, "
                         "e.g. VF representors or VM ports added later; "
                         "ovs-offload deletes only the ports it owns",
                         obj->name);
            }
            for (size_t j = 0; j < obj->ports.n && !obj->ports_pattern;
                 j++) {
                const char *port = obj->ports.names[j];
                struct imp_obj *p = shash_find_data(&imp->obj_by_name, port);

                if (!p || !p->valid) {
                    imp_note(imp, &obj->st->loc, "%s lists %s in ovs_ports "
                             "but no Open vSwitch stanza defines %s: "
                             "ifupdown2 does not add it, and neither does "
                             "the import; give it 'ovs_type OVSPort' and "
                             "'ovs_bridge %s'", obj->name, port, port,
                             obj->name);
                }
            }
            continue;
        }

        if (obj->type == OFFLOAD_PORT_BOND) {
            note_vf_lag(imp, obj);
        } else if (obj->type == OFFLOAD_PORT_SYSTEM
                   && looks_like_representor(obj->name)) {
            imp_note(imp, &obj->type_loc, "%s looks like the representor "
                     "of a VF: if it is, 'type: representor' says so in "
                     "ovs-offload.yaml (the database rows are the same)",
                     obj->name);
        }
        if (!obj->bridge) {
            continue;
        }
        br = shash_find_data(&imp->obj_by_name, obj->bridge);
        if (!br || !br->valid || !br->is_bridge) {
            imp_error(imp, &obj->bridge_loc, "iface %s: ovs_bridge %s, but "
                      "no stanza defines %s as an OVSBridge; add 'iface %s "
                      "inet manual' with 'ovs_type OVSBridge', or fix the "
                      "name", obj->name, obj->bridge, obj->bridge,
                      obj->bridge);
            obj->bridge = NULL;
        } else if (br->has_ports && !br->ports_pattern
                   && !svec_contains_unsorted(&br->ports, obj->name)) {
            imp_note(imp, &obj->bridge_loc, "%s is in %s but not in its "
                     "ovs_ports: ifupdown2 deletes it on every reload and "
                     "adds it back (a flap); add it to ovs_ports of %s",
                     obj->name, br->name, br->name);
        }
    }
}

static void
build_model(struct importer *imp)
{
    /* The Open vSwitch stanzas first, so that the others can be matched
     * against them. */
    for (size_t i = 0; i < imp->n_stanzas; i++) {
        const struct ifu_stanza *st = imp->stanzas[i];
        struct imp_obj *obj;

        if (!stanza_has_ovs(st)) {
            continue;
        }
        obj = shash_find_data(&imp->obj_by_name, st->name);
        if (obj) {
            imp_error(imp, &st->loc, "iface %s: a second stanza with ovs_* "
                      "options (the first is at %s:%d; ifupdown2 would run "
                      "both); put all ovs_* options of %s in one stanza",
                      st->name, loc_file(imp, &obj->st->loc),
                      obj->st->loc.line, st->name);
            continue;
        }
        obj = xzalloc(sizeof *obj);
        obj->st = st;
        obj->name = st->name;
        svec_init(&obj->members);
        svec_init(&obj->ports);
        svec_init(&obj->comments);
        if (imp->n_objs >= imp->allocated_objs) {
            imp->objs = x2nrealloc(imp->objs, &imp->allocated_objs,
                                   sizeof *imp->objs);
        }
        imp->objs[imp->n_objs++] = obj;
        shash_add(&imp->obj_by_name, st->name, obj);
    }

    for (size_t i = 0; i < imp->n_objs; i++) {
        import_obj(imp, imp->objs[i]);
    }

    /* What stays with ifupdown2, in file order. */
    for (size_t i = 0; i < imp->n_stanzas; i++) {
        const struct ifu_stanza *st = imp->stanzas[i];
        struct imp_obj *obj = shash_find_data(&imp->obj_by_name, st->name);
        const char *bond = NULL;

        if (obj) {
            note_left_options(imp, st, obj);
            continue;
        }
        for (size_t j = 0; j < imp->n_objs && !bond; j++) {
            if (svec_contains_unsorted(&imp->objs[j]->members, st->name)) {
                bond = imp->objs[j]->name;
            }
        }
        if (bond) {
            imp_note(imp, &st->loc, "left to ifupdown2: iface %s %s %s "
                     "(a member of the OVS bond %s)", st->name,
                     st->family ? st->family : "", st->method ? st->method
                     : "", bond);
        } else {
            imp_note(imp, &st->loc, "left to ifupdown2: iface %s %s %s "
                     "(not Open vSwitch)", st->name,
                     st->family ? st->family : "",
                     st->method ? st->method : "");
        }
        note_left_options(imp, st, NULL);
    }

    cross_check(imp);
}

/* Writing the YAML. */

static void OVS_PRINTF_FORMAT(3, 4)
yw_line(struct yaml_writer *yw, const struct ifu_loc *loc,
        const char *format, ...)
{
    va_list args;

    va_start(args, format);
    ds_put_format_valist(&yw->text, format, args);
    va_end(args);
    ds_put_char(&yw->text, '\n');

    if (yw->n_lines >= yw->allocated_lines) {
        yw->origins = x2nrealloc(yw->origins, &yw->allocated_lines,
                                 sizeof *yw->origins);
    }
    yw->origins[yw->n_lines++] = *loc;
}

static void
yw_map(struct yaml_writer *yw, const struct imp_map *map, const char *key,
       const char *indent, const struct ifu_loc *loc)
{
    if (!map->n) {
        return;
    }
    yw_line(yw, loc, "%s%s:", indent, key);
    for (size_t i = 0; i < map->n; i++) {
        char *k = yaml_string(map->kvs[i].key);

        yw_line(yw, &map->kvs[i].loc, "%s  %s: %s", indent, k,
                map->kvs[i].yaml);
        free(k);
    }
}

/* Writes the keys of 'obj' that are listed in 'order'. */
static void
yw_keys(struct yaml_writer *yw, const struct imp_obj *obj,
        const char *const *order, const char *indent)
{
    for (size_t i = 0; order[i]; i++) {
        const struct imp_kv *kv = imp_map_find(&obj->keys, order[i]);

        if (kv) {
            yw_line(yw, &kv->loc, "%s%s: %s", indent, kv->key, kv->yaml);
        }
    }
    yw_map(yw, &obj->other_config, "other-config", indent, &obj->st->loc);
    yw_map(yw, &obj->external_ids, "external-ids", indent, &obj->st->loc);
}

static void
yw_comments(struct yaml_writer *yw, const struct importer *imp,
            const struct imp_obj *obj, const char *indent)
{
    const struct ifu_stanza *st = obj->st;

    yw_line(yw, &st->loc, "%s# %s:%d: iface %s %s %s, %s", indent,
            loc_file(imp, &st->loc), st->loc.line, st->name,
            st->family ? st->family : "", st->method ? st->method : "",
            obj->ovs_type);
    for (size_t i = 0; i < obj->comments.n; i++) {
        yw_line(yw, &st->loc, "%s# %s", indent, obj->comments.names[i]);
    }
}

static void
write_yaml(const struct importer *imp, const char *path,
           struct yaml_writer *yw)
{
    static const char *const bridge_keys[] = {
        "datapath-type", "fail-mode", "mtu", NULL,
    };
    static const char *const port_keys[] = {
        "type", "members", "peer", "bond-mode", "lacp", "lacp-time",
        "lacp-fallback-ab", "updelay", "downdelay", "detect",
        "miimon-interval", "mtu", "tag", "trunks", NULL,
    };
    struct ifu_loc top = { .file = 0, .line = 1 };
    size_t n_bridges = 0;

    yw_line(yw, &top, "# ovs-offload.yaml imported from the ifupdown2 "
            "configuration");
    yw_line(yw, &top, "#   %s", path);
    yw_line(yw, &top, "# by \"ovs-offloadctl import ifupdown2\": the Open "
            "vSwitch bridges, ports");
    yw_line(yw, &top, "# and bonds of its ovs_* stanzas, in file order.  "
            "See ovs-offload.yaml(5).");
    yw_line(yw, &top, "#");
    yw_line(yw, &top, "# Addresses, gateways and the stanzas that are not "
            "Open vSwitch stay");
    yw_line(yw, &top, "# with ifupdown2: see the comments below and the "
            "notes of the import.");
    yw_line(yw, &top, "%s", "");
    yw_line(yw, &top, "version: 1");
    yw_line(yw, &top, "%s", "");

    for (size_t i = 0; i < imp->n_objs; i++) {
        n_bridges += imp->objs[i]->valid && imp->objs[i]->is_bridge;
    }
    if (!n_bridges) {
        yw_line(yw, &top, "# No Open vSwitch bridge in the file.");
        yw_line(yw, &top, "bridges: []");
        return;
    }

    yw_line(yw, &top, "bridges:");
    for (size_t i = 0; i < imp->n_objs; i++) {
        const struct imp_obj *br = imp->objs[i];
        size_t n_ports = 0;
        char *name;

        if (!br->valid || !br->is_bridge) {
            continue;
        }
        yw_comments(yw, imp, br, "  ");
        name = yaml_string(br->name);
        yw_line(yw, &br->st->loc, "  - name: %s", name);
        free(name);
        yw_keys(yw, br, bridge_keys, "    ");

        for (size_t j = 0; j < imp->n_objs; j++) {
            const struct imp_obj *port = imp->objs[j];

            if (port->valid && !port->is_bridge && port->bridge
                && !strcmp(port->bridge, br->name)) {
                if (!n_ports++) {
                    yw_line(yw, &br->st->loc, "    ports:");
                }
                yw_comments(yw, imp, port, "      ");
                name = yaml_string(port->name);
                yw_line(yw, &port->st->loc, "      - name: %s", name);
                free(name);
                yw_keys(yw, port, port_keys, "        ");
            }
        }
        if (!n_ports) {
            yw_line(yw, &br->st->loc, "    ports: []");
        }
    }
}

/* Checks the YAML with the parser of ovs-offload.yaml and reports each of
 * its errors at the interfaces line that the YAML line came from. */
static void
validate_yaml(struct importer *imp, const struct yaml_writer *yw)
{
    struct offload_config *cfg;
    char *errors;

    errors = offload_config_parse_buffer(YAML_NAME, yw->text.string,
                                         yw->text.length, &cfg);
    if (!errors) {
        offload_config_destroy(cfg);
        return;
    }

    char *save_ptr = NULL;
    for (char *line = strtok_r(errors, "\n", &save_ptr); line;
         line = strtok_r(NULL, "\n", &save_ptr)) {
        const char *prefix = YAML_NAME ":";
        struct ifu_loc loc = { .file = 0, .line = 0 };
        const char *msg = line;
        int yaml_line = 0;

        if (!strncmp(line, prefix, strlen(prefix))) {
            char *end;

            yaml_line = strtol(line + strlen(prefix), &end, 10);
            msg = end;
            while (*msg == ':' || isdigit((unsigned char) *msg)) {
                msg++;
            }
            while (*msg == ' ') {
                msg++;
            }
        }
        if (yaml_line >= 1 && yaml_line <= yw->n_lines) {
            loc = yw->origins[yaml_line - 1];
        }
        imp_error(imp, &loc, "in the imported ovs-offload.yaml (line %d): "
                  "%s", yaml_line, msg);
    }
    free(errors);
}

static void
importer_destroy(struct importer *imp)
{
    for (size_t i = 0; i < imp->n_objs; i++) {
        struct imp_obj *obj = imp->objs[i];

        svec_destroy(&obj->members);
        svec_destroy(&obj->ports);
        svec_destroy(&obj->comments);
        imp_map_destroy(&obj->keys);
        imp_map_destroy(&obj->other_config);
        imp_map_destroy(&obj->external_ids);
        free(obj->vlan_mode);
        free(obj);
    }
    free(imp->objs);
    shash_destroy(&imp->obj_by_name);
    for (size_t i = 0; i < imp->n_stanzas; i++) {
        stanza_destroy(imp->stanzas[i]);
    }
    free(imp->stanzas);
    for (size_t i = 0; i < imp->n_errors; i++) {
        free(imp->errors[i].text);
    }
    free(imp->errors);
    sset_destroy(&imp->auto_names);
    sset_destroy(&imp->hotplug_names);
    sset_destroy(&imp->ovs_names);
    svec_destroy(&imp->files);
}

char *
ifupdown2_import_file(const char *path, struct ds *yaml_out,
                      struct ds *notes)
{
    struct yaml_writer yw = { .text = DS_EMPTY_INITIALIZER };
    struct importer imp;
    char *result = NULL;

    memset(&imp, 0, sizeof imp);
    svec_init(&imp.files);
    sset_init(&imp.auto_names);
    sset_init(&imp.hotplug_names);
    sset_init(&imp.ovs_names);
    shash_init(&imp.obj_by_name);
    imp.notes = notes;

    read_file(&imp, path, NULL);
    if (!imp.n_errors) {
        build_model(&imp);
    }
    if (!imp.n_errors) {
        write_yaml(&imp, path, &yw);
        /* Only a clean import is validated: after an error, settings are
         * missing and the parser's complaints about them would mislead. */
        validate_yaml(&imp, &yw);
    }
    if (!imp.n_errors && imp.n_objs) {
        struct ifu_loc top = { .file = 0, .line = 0 };

        imp_note(&imp, &top, "once ovs-offload manages these bridges, "
                 "remove the ovs_* options from the interfaces files (keep "
                 "addresses and gateways there), or every 'ifreload -a' "
                 "will change the same rows again");
    }

    if (imp.n_errors) {
        struct ds errors = DS_EMPTY_INITIALIZER;

        qsort(imp.errors, imp.n_errors, sizeof *imp.errors, compare_msgs);
        for (size_t i = 0; i < imp.n_errors; i++) {
            const struct imp_msg *msg = &imp.errors[i];

            ds_put_format(&errors, "%s:", loc_file(&imp, &msg->loc));
            if (msg->loc.line > 0) {
                ds_put_format(&errors, "%d:", msg->loc.line);
            }
            ds_put_format(&errors, " %s\n", msg->text);
        }
        result = ds_steal_cstr(&errors);
    } else {
        ds_put_buffer(yaml_out, yw.text.string, yw.text.length);
    }

    ds_destroy(&yw.text);
    free(yw.origins);
    importer_destroy(&imp);
    return result;
}
