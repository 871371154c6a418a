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

/* Unit tests of the /bin/sh-like word splitter (controller/shell-words.c):
 * quoting, escapes, comments, refused shell syntax in both the importer's
 * words and the no-shell rules of the user's commands, expansion through a
 * callback, and quoting back for messages. */

#include <config.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "controller/shell-words.h"
#include "openvswitch/dynamic-string.h"
#include "svec.h"
#include "util.h"

/* Splits 's' under 'rules' and checks that it gives the words of 'want'
 * (a NULL-terminated list). */
static void
check_words(const char *s, const struct shell_words_rules *rules,
            const char *const want[])
{
    struct svec words = SVEC_EMPTY_INITIALIZER;
    char *err = shell_words_split(s, rules, &words);
    size_t n = 0;

    if (err) {
        fail_msg("\"%s\": %s", s, err);
    }
    while (want[n]) {
        n++;
    }
    assert_int_equal(words.n, n);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(words.names[i], want[i]);
    }
    svec_destroy(&words);
}

/* Splits 's' under 'rules' and checks that it is refused with a message
 * that contains 'want'. */
static void
check_refused(const char *s, const struct shell_words_rules *rules,
              const char *want)
{
    struct svec words = SVEC_EMPTY_INITIALIZER;
    char *err = shell_words_split(s, rules, &words);

    if (!err) {
        fail_msg("\"%s\" was not refused", s);
    }
    if (!strstr(err, want)) {
        fail_msg("\"%s\": \"%s\" does not say \"%s\"", s, err, want);
    }
    free(err);
    svec_destroy(&words);
}

#define WORDS(...) ((const char *const[]) { __VA_ARGS__, NULL })
#define NO_WORDS ((const char *const[]) { NULL })

static void
test_quoting(void **state OVS_UNUSED)
{
    const struct shell_words_rules *r = &shell_words_no_shell;

    check_words("a  b\tc\n", r, WORDS("a", "b", "c"));
    check_words("", r, NO_WORDS);
    check_words("   ", r, NO_WORDS);
    check_words("'a b' \"c d\" e\\ f", r, WORDS("a b", "c d", "e f"));
    check_words("'' \"\"", r, WORDS("", ""));
    check_words("a'b'\"c\"d", r, WORDS("abcd"));
    /* Single quotes keep everything, even '\', '$' and '"'. */
    check_words("'a\\b $X \"; |'", r, WORDS("a\\b $X \"; |"));
    /* In double quotes a backslash quotes only $ ` " \. */
    check_words("\"\\$ \\` \\\" \\\\ \\n\"", r, WORDS("$ ` \" \\ \\n"));
    /* Outside quotes it quotes any character; a trailing one vanishes. */
    check_words("\\; \\| \\$X a\\", r, WORDS(";", "|", "$X", "a"));
    /* '#' begins a comment only at the start of a word. */
    check_words("a#b # c d", r, WORDS("a#b"));
    /* A lone '$' is literal, as in /bin/sh. */
    check_words("cost $ \"$\" a$", r, WORDS("cost", "$", "$", "a$"));
}

static void
test_refusals(void **state OVS_UNUSED)
{
    const struct shell_words_rules *r = &shell_words_no_shell;

    check_refused("a 'b", r, "unterminated single quote");
    check_refused("a \"b", r, "unterminated double quote");
    for (const char *p = "|&;<>()`"; *p; p++) {
        char *s = xasprintf("prog a%cb", *p);
        char *want = xasprintf("the shell syntax '%c' is not supported (the "
                               "command runs without a shell); to use shell "
                               "syntax, write a script and give its path",
                               *p);

        check_refused(s, r, want);
        free(want);
        free(s);
    }
    check_refused("a && b", r, "'&'");
    check_refused("a > /tmp/x", r, "'>'");
    check_refused("echo \"`id`\"", r, "command substitution ('`')");
    check_refused("echo $HOME", r, "the shell expansion '$HOME' is not "
                  "supported (the command runs without a shell");
    check_refused("echo \"${HOME}\"", r, "'${HOME}'");
    check_refused("echo $(id)", r, "'$('");
    check_refused("echo ${HOME", r, "'${...'");
    check_refused("echo ${}", r, "'${}'");
}

static void
test_split_command(void **state OVS_UNUSED)
{
    struct svec argv = SVEC_EMPTY_INITIALIZER;
    char *err;

    err = shell_words_split_command("  # only a comment", &argv);
    assert_non_null(err);
    assert_non_null(strstr(err, "empty"));
    free(err);
    svec_destroy(&argv);

    svec_init(&argv);
    assert_null(shell_words_split_command("'/opt/my hooks/down' {leg}",
                                          &argv));
    assert_int_equal(argv.n, 2);
    assert_string_equal(argv.names[0], "/opt/my hooks/down");
    assert_string_equal(argv.names[1], "{leg}");
    svec_destroy(&argv);
}

/* A callback that knows NAME (= "x y") and EMPTY (= ""). */
static char *
expand_test(const char *text, int text_len, const char *name, size_t len,
            struct ds *value, void *aux)
{
    int *calls = aux;

    (*calls)++;
    if (len == 4 && !strncmp(name, "NAME", 4)) {
        ds_put_cstr(value, "x y");
    } else if (len == 5 && !strncmp(name, "EMPTY", 5)) {
        /* Nothing. */
    } else {
        return xasprintf("no %.*s here", text_len, text);
    }
    return NULL;
}

static void
test_expansion(void **state OVS_UNUSED)
{
    int calls = 0;
    const struct shell_words_rules r = {
        .expand = expand_test,
        .aux = &calls,
        .syntax_hint = "; remove it",
        .expansion_hint = "; write the value out",
    };

    /* The value stays in its word: no field splitting happens here. */
    check_words("a $NAME ${NAME}b \"<$NAME>\" '$NAME'", &r,
                WORDS("a", "x y", "x yb", "<x y>", "$NAME"));
    assert_int_equal(calls, 3);
    check_words("$EMPTY \"$EMPTY\" c", &r, WORDS("", "", "c"));

    /* The callback's message, with the expansion as written. */
    check_refused("a $OTHER", &r, "no $OTHER here");
    check_refused("a \"${OTHER}\"", &r, "no ${OTHER} here");
    check_refused("a $(id)", &r, "no $( here");
    /* The caller's hints. */
    check_refused("a ${NAME", &r,
                  "the shell expansion '${...' is not supported; write the "
                  "value out");
    check_refused("a | b", &r,
                  "the shell syntax '|' is not supported; remove it");
    check_refused("\"`id`\"", &r,
                  "command substitution ('`') is not supported; write the "
                  "value out");
}

static void
test_join(void **state OVS_UNUSED)
{
    struct svec argv = SVEC_EMPTY_INITIALIZER;
    struct svec back = SVEC_EMPTY_INITIALIZER;
    char *s;

    svec_add(&argv, "ssh");
    svec_add(&argv, "sw-1.example");
    svec_add(&argv, "shut eth1; it's down");
    svec_add(&argv, "");
    svec_add(&argv, "{leg}");
    s = shell_words_join(&argv);
    assert_string_equal(s, "ssh sw-1.example 'shut eth1; it'\\''s down' '' "
                        "{leg}");

    /* Split again, it gives the same words. */
    assert_null(shell_words_split(s, &shell_words_no_shell, &back));
    assert_true(svec_equal(&argv, &back));
    free(s);
    svec_destroy(&back);
    svec_destroy(&argv);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoting),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_split_command),
        cmocka_unit_test(test_expansion),
        cmocka_unit_test(test_join),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
