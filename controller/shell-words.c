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

#include "controller/shell-words.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>

#include "openvswitch/dynamic-string.h"
#include "svec.h"
#include "util.h"

const struct shell_words_rules shell_words_no_shell = {
    .expand = NULL,
    .syntax_hint = " (the command runs without a shell); to use shell "
                   "syntax, write a script and give its path",
    .expansion_hint = " (the command runs without a shell, so nothing "
                      "would expand it); write the value out, or write a "
                      "script and give its path",
};

/* Expands the parameter expansion at '*pp' (which points to a '$') into
 * 'word' through 'rules', advancing '*pp' past it.  A '$' that starts no
 * expansion is literal, as in /bin/sh.  Returns an error message if the
 * expansion is not supported. */
static char *
expand_at(const char **pp, const struct shell_words_rules *rules,
          struct ds *word)
{
    const char *p = *pp + 1;
    const char *name;
    size_t len;
    bool braced = false;
    char *error;

    if (*p == '{') {
        braced = true;
        p++;
    }
    name = p;
    while (isalnum((unsigned char) *p) || *p == '_') {
        p++;
    }
    len = p - name;
    if (!braced && !len && *p != '(') {
        /* A lone '$' is literal. */
        ds_put_char(word, '$');
        *pp += 1;
        return NULL;
    }
    if (braced && *p != '}') {
        return xasprintf("the shell expansion '${...' is not supported%s",
                         rules->expansion_hint);
    }

    /* The expansion as written, at least "$(" for a command
     * substitution. */
    int n = MAX(2, (int) (p - *pp) + braced);
    error = (rules->expand
             ? rules->expand(*pp, n, name, len, word, rules->aux)
             : xasprintf("the shell expansion '%.*s' is not supported%s", n,
                         *pp, rules->expansion_hint));
    if (!error) {
        *pp = p + braced;
    }
    return error;
}

/* Splits 's' into 'words' as /bin/sh does (see shell-words.h), expanding
 * parameters through 'rules'.  Returns NULL, or a malloc'd message for the
 * first shell syntax that is not supported; 'words' may then hold some of
 * the words. */
char *
shell_words_split(const char *s, const struct shell_words_rules *rules,
                  struct svec *words)
{
    struct ds word = DS_EMPTY_INITIALIZER;
    bool in_word = false;
    const char *p = s;
    char *error = NULL;

    while (*p && !error) {
        char c = *p;

        if (isspace((unsigned char) c)) {
            if (in_word) {
                svec_add(words, ds_cstr(&word));
                ds_clear(&word);
                in_word = false;
            }
            p++;
        } else if (c == '#' && !in_word) {
            break;
        } else if (c == '\'') {
            const char *end = strchr(p + 1, '\'');

            if (!end) {
                error = xstrdup("unterminated single quote; close it");
                break;
            }
            ds_put_buffer(&word, p + 1, end - p - 1);
            p = end + 1;
            in_word = true;
        } else if (c == '"') {
            p++;
            in_word = true;
            while (*p && *p != '"' && !error) {
                if (*p == '\\' && p[1] && strchr("$`\"\\", p[1])) {
                    ds_put_char(&word, p[1]);
                    p += 2;
                } else if (*p == '$') {
                    error = expand_at(&p, rules, &word);
                } else if (*p == '`') {
                    error = xasprintf("command substitution ('`') is not "
                                      "supported%s", rules->expansion_hint);
                } else {
                    ds_put_char(&word, *p++);
                }
            }
            if (!error && *p != '"') {
                error = xstrdup("unterminated double quote; close it");
            }
            if (!error) {
                p++;
            }
        } else if (c == '\\') {
            if (p[1]) {
                ds_put_char(&word, p[1]);
                p += 2;
            } else {
                p++;
            }
            in_word = true;
        } else if (c == '$') {
            error = expand_at(&p, rules, &word);
            in_word = true;
        } else if (strchr("|&;<>()`", c)) {
            error = xasprintf("the shell syntax '%c' is not supported%s", c,
                              rules->syntax_hint);
        } else {
            ds_put_char(&word, c);
            in_word = true;
            p++;
        }
    }
    if (!error && in_word) {
        svec_add(words, ds_cstr(&word));
    }
    ds_destroy(&word);
    return error;
}

char *
shell_words_split_command(const char *s, struct svec *argv)
{
    char *error = shell_words_split(s, &shell_words_no_shell, argv);

    if (!error && !argv->n) {
        error = xstrdup("the command is empty; give a program and its "
                        "arguments");
    }
    return error;
}

char *
shell_words_join(const struct svec *argv)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    for (size_t i = 0; i < argv->n; i++) {
        const char *w = argv->names[i];

        if (i) {
            ds_put_char(&s, ' ');
        }
        if (*w && w[strspn(w, "abcdefghijklmnopqrstuvwxyz"
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                           "@%+=:,./_-{}")] == '\0') {
            ds_put_cstr(&s, w);
            continue;
        }
        ds_put_char(&s, '\'');
        for (; *w; w++) {
            if (*w == '\'') {
                ds_put_cstr(&s, "'\\''");
            } else {
                ds_put_char(&s, *w);
            }
        }
        ds_put_char(&s, '\'');
    }
    return ds_steal_cstr(&s);
}
