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

#ifndef SHELL_WORDS_H
#define SHELL_WORDS_H 1

/* shell-words: splitting a command line into words the way /bin/sh does,
 * without a shell.
 *
 * Blanks separate words; single quotes, double quotes and backslashes
 * quote; '#' at the start of a word begins a comment.  Parameter expansion
 * ("$NAME", "${NAME}") goes through a callback, so that each caller decides
 * which variables exist.  Every other piece of shell syntax (pipes,
 * redirections, ';', '&', '(', ')', command substitution) is refused with
 * an error message rather than misread: the words are meant for execvp(),
 * never for a shell.
 *
 * Users: the ifupdown2 importer (ovs_options, ovs_extra, which ifupdown2
 * runs through /bin/sh with a few variables set) and the user-given hooks
 * (failover-test --fail-cmd, --restore-cmd, --traffic and
 * $OVS_OFFLOAD_RESTART_CMD), which we exec directly with no shell and no
 * expansion at all. */

#include <stddef.h>

struct ds;
struct svec;

/* Expands the parameter expansion 'text' ('text_len' bytes as written:
 * "$NAME", "${NAME}" or "$(" for a command substitution), whose name is
 * 'name_len' bytes at 'name' (empty for "$(" and "${}"), by appending its
 * value to 'value'.  Returns NULL, or a malloc'd error message if the
 * expansion is not supported. */
typedef char *shell_words_expand_func(const char *text, int text_len,
                                      const char *name, size_t name_len,
                                      struct ds *value, void *aux);

struct shell_words_rules {
    /* NULL: every expansion is refused (the command runs with no shell, so
     * nothing would expand it). */
    shell_words_expand_func *expand;
    void *aux;

    /* Appended to the message that refuses a shell operator such as '|',
     * e.g. " (only ovs-vsctl arguments are); remove it". */
    const char *syntax_hint;

    /* Appended to the message that refuses an expansion or a command
     * substitution, e.g. "; write the value out". */
    const char *expansion_hint;
};

/* The rules for a user-given command that is exec'd directly: nothing is
 * expanded and the messages say how to get a shell (a script). */
extern const struct shell_words_rules shell_words_no_shell;

char *shell_words_split(const char *s, const struct shell_words_rules *,
                        struct svec *words);

/* Splits user-given command 's' under 'shell_words_no_shell' into 'argv'.
 * Returns NULL, or a malloc'd message (also for a command with no words). */
char *shell_words_split_command(const char *s, struct svec *argv);

/* Returns 'argv' as one line, each word quoted for /bin/sh if it needs it,
 * for messages; malloc'd. */
char *shell_words_join(const struct svec *argv);

#endif /* shell-words.h */
