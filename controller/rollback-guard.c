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

#include "controller/rollback-guard.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "controller/checkpoint.h"
#include "timeval.h"
#include "util.h"

/* How often the guardian looks at the checkpoint file. */
#define GUARD_POLL_MS 200

/* Whether checkpoint 'path' still is the one with 'id'. */
static bool
still_ours(const char *path, const char *id)
{
    struct checkpoint ck;
    char *err;
    bool ours;

    if (checkpoint_load(path, &ck, &err)) {
        /* Gone (confirmed or rolled back by hand) or unreadable: in
         * neither case is there anything for us to do. */
        free(err);
        return false;
    }
    ours = ck.id && !strcmp(ck.id, id);
    checkpoint_destroy(&ck);
    return ours;
}

/* Closes every file descriptor above stderr. */
static void
close_other_fds(void)
{
    DIR *dir = opendir("/proc/self/fd");

    if (dir) {
        int dir_fd = dirfd(dir);
        struct dirent *de;
        int fds[1024];
        size_t n = 0;

        while ((de = readdir(dir)) && n < ARRAY_SIZE(fds)) {
            int fd = atoi(de->d_name);

            if (fd > 2 && fd != dir_fd) {
                fds[n++] = fd;
            }
        }
        closedir(dir);
        for (size_t i = 0; i < n; i++) {
            close(fds[i]);
        }
    } else {
        for (int fd = 3; fd < 1024; fd++) {
            close(fd);
        }
    }
}

static void
reset_signals(void)
{
    sigset_t none;

    /* libopenvswitch's fatal-signal handlers write to pipes that are
     * closed here: the default dispositions let SIGTERM end us. */
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) {
            signal(sig, SIG_DFL);
        }
    }
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
}

static void
redirect_stdio(const char *log)
{
    int null = open("/dev/null", O_RDWR);
    int out = log ? open(log, O_WRONLY | O_CREAT | O_APPEND, 0600) : -1;

    if (out < 0) {
        out = null;
    }
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
    }
    if (out >= 0) {
        dup2(out, STDOUT_FILENO);
        dup2(out, STDERR_FILENO);
    }
    if (null > 2) {
        close(null);
    }
    if (out > 2 && out != null) {
        close(out);
    }
}

static void
sleep_ms(long long int ms)
{
    struct timespec ts = { .tv_sec = ms / 1000,
                           .tv_nsec = (ms % 1000) * 1000 * 1000 };

    while (nanosleep(&ts, &ts) && errno == EINTR) {
        continue;
    }
}

static void OVS_NO_RETURN
guard_main(const char *path, const char *id, long long int deadline,
           char *const argv[])
{
    for (;;) {
        long long int left = deadline - time_wall_msec();

        if (!still_ours(path, id)) {
            _exit(0);
        }
        if (left <= 0) {
            break;
        }
        sleep_ms(MIN(left, GUARD_POLL_MS));
    }

    printf("%s: checkpoint %s was not confirmed in time: rolling back\n",
           argv[0], id);
    fflush(stdout);
    setenv(ROLLBACK_GUARD_ENV, id, 1);
    execv(argv[0], argv);
    fprintf(stderr, "%s: cannot run the rollback: %s\n", argv[0],
            ovs_strerror(errno));
    _exit(1);
}

pid_t
rollback_guard_start(const char *path, const char *id, long long int deadline,
                     char *const argv[], const char *log, char **errp)
{
    int fds[2];
    pid_t child;

    *errp = NULL;
    if (pipe(fds)) {
        *errp = xasprintf("pipe: %s", ovs_strerror(errno));
        return 0;
    }
    fflush(NULL);
    child = fork();
    if (child < 0) {
        *errp = xasprintf("fork: %s", ovs_strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return 0;
    }
    if (!child) {
        /* The intermediate child: a new session, then the guardian, which
         * is no session leader and so never gets a controlling
         * terminal. */
        close(fds[0]);
        setsid();
        pid_t guard = fork();
        if (!guard) {
            close(fds[1]);
            reset_signals();
            redirect_stdio(log);
            close_other_fds();
            if (chdir("/")) {
                /* Not fatal: the paths we use are absolute or were made
                 * absolute by the caller. */
            }
            umask(077);
            prctl(PR_SET_NAME, ROLLBACK_GUARD_COMM, 0, 0, 0);
            guard_main(path, id, deadline, argv);
        }
        ignore(write(fds[1], &guard, sizeof guard));
        _exit(guard > 0 ? 0 : 1);
    }

    pid_t guard = 0;
    int status;

    close(fds[1]);
    if (read(fds[0], &guard, sizeof guard) != sizeof guard || guard <= 0) {
        guard = 0;
        *errp = xstrdup("cannot start the guardian process");
    }
    close(fds[0]);
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
        continue;
    }
    return guard;
}

bool
rollback_guard_alive(pid_t pid)
{
    char *path = xasprintf("/proc/%ld/comm", (long int) pid);
    char comm[64] = "";
    FILE *f = pid > 0 ? fopen(path, "r") : NULL;
    bool alive = false;

    if (f) {
        if (fgets(comm, sizeof comm, f)) {
            comm[strcspn(comm, "\n")] = '\0';
            alive = !strcmp(comm, ROLLBACK_GUARD_COMM);
        }
        fclose(f);
    }
    free(path);
    return alive;
}

void
rollback_guard_stop(pid_t pid)
{
    if (pid > 0 && pid != getpid() && rollback_guard_alive(pid)) {
        kill(pid, SIGTERM);
    }
}
