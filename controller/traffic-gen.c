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

#include "controller/traffic-gen.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "controller/failover.h"
#include "openvswitch/vlog.h"
#include "random.h"
#include "util.h"

VLOG_DEFINE_THIS_MODULE(traffic_gen);

/* The datagram: magic, the run's id (so that datagrams of another run, or
 * anything else on the port, are ignored) and the sequence number, all in
 * network byte order, padded to 64 bytes. */
#define TG_MAGIC 0x4f4f4654     /* "OOFT". */
#define TG_SIZE 64

struct traffic_gen {
    int tx_fd;
    int rx_fd;
    int stop_pipe[2];
    struct sockaddr_storage dst;
    socklen_t dst_len;
    uint32_t run_id;
    long long int period_us;
    pthread_t thread;

    /* Written by the thread, read by the caller: under 'mutex'. */
    pthread_mutex_t mutex;
    uint64_t next_seq;          /* Sequence number of the next datagram. */
    uint64_t received_total;
    long long int last_rx_us;   /* -1 before the first reception. */

    /* The window since the last mark. */
    uint64_t mark_seq;
    uint64_t win_received;
    uint64_t win_highest;
    bool win_any;
    long long int win_prev_rx_us;
    long long int win_max_gap_us;
    long long int win_gap_end_us;
};

static long long int
now_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

/* Milliseconds of the clock that samples use. */
long long int
traffic_gen_now_ms(void)
{
    return now_us() / 1000;
}

/* Parses "NS:ADDR[:PORT]" (an IPv6 ADDR with a PORT in brackets:
 * "NS:[ADDR]:PORT") into malloc'd '*ns' and '*addr' and '*port' (left as
 * is without a PORT).  Returns NULL, or an error message to free. */
char *
traffic_gen_parse_to(const char *arg, char **ns, char **addr, uint16_t *port)
{
    const char *colon = strchr(arg, ':');
    const char *rest, *port_str = NULL;
    char *a;

    *ns = *addr = NULL;
    if (!colon || colon == arg) {
        return xasprintf("\"%s\": expected NS:ADDR[:PORT]", arg);
    }
    rest = colon + 1;
    if (*rest == '[') {
        const char *end = strchr(rest, ']');

        if (!end || (end[1] && end[1] != ':')) {
            return xasprintf("\"%s\": expected NS:[IPV6]:PORT", arg);
        }
        a = xmemdup0(rest + 1, end - rest - 1);
        port_str = end[1] ? end + 2 : NULL;
    } else {
        const char *c = strchr(rest, ':');

        if (c && !strchr(c + 1, ':')) {
            a = xmemdup0(rest, c - rest);
            port_str = c + 1;
        } else {
            a = xstrdup(rest);  /* IPv4 without port, or bare IPv6. */
        }
    }

    struct in6_addr buf;
    if (inet_pton(AF_INET, a, &buf) != 1
        && inet_pton(AF_INET6, a, &buf) != 1) {
        char *err = xasprintf("\"%s\": \"%s\" is not an IP address", arg, a);
        free(a);
        return err;
    }
    if (port_str) {
        char *end;
        long int p = strtol(port_str, &end, 10);

        if (*end || !*port_str || p < 1 || p > 65535) {
            free(a);
            return xasprintf("\"%s\": bad UDP port", arg);
        }
        *port = p;
    }
    *ns = xmemdup0(arg, colon - arg);
    *addr = a;
    return NULL;
}

/* Creates a UDP socket of 'family' in network namespace 'ns' (NULL: ours)
 * and, if 'bind_to' is nonnull, binds it there.  Returns the socket or a
 * negative errno value, with a message in '*errp'. */
static int
socket_in_ns(const char *ns, int family, const struct sockaddr *bind_to,
             socklen_t bind_len, char **errp)
{
    int self_fd = -1, ns_fd = -1, fd = -1, error;

    if (ns) {
        char *path = xasprintf("/run/netns/%s", ns);

        self_fd = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
        if (self_fd < 0) {
            self_fd = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
        }
        ns_fd = open(path, O_RDONLY | O_CLOEXEC);
        if (self_fd < 0 || ns_fd < 0) {
            error = errno;
            *errp = xasprintf("%s: %s", ns_fd < 0 ? path
                              : "/proc/self/ns/net", ovs_strerror(error));
            free(path);
            goto out;
        }
        free(path);
        if (setns(ns_fd, CLONE_NEWNET)) {
            error = errno;
            *errp = xasprintf("cannot enter network namespace %s: %s", ns,
                              ovs_strerror(error));
            goto out;
        }
    }

    fd = socket(family, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    error = fd < 0 ? errno : 0;
    if (!error && bind_to && bind(fd, bind_to, bind_len)) {
        error = errno;
        close(fd);
    }
    if (error) {
        *errp = xasprintf("%s%s%s: %s", bind_to ? "cannot bind the receiver"
                          : "cannot create the sender", ns ? " in " : "",
                          ns ? ns : "", ovs_strerror(error));
    }

    if (ns && setns(self_fd, CLONE_NEWNET)) {
        /* Going on in the wrong namespace would make every later rtnetlink
         * request act on the traffic namespace instead of ours. */
        ovs_fatal(errno, "cannot return to the original network namespace");
    }

out:
    if (self_fd >= 0) {
        close(self_fd);
    }
    if (ns_fd >= 0) {
        close(ns_fd);
    }
    return error ? -error : fd;
}

static void
send_one(struct traffic_gen *tg, uint64_t seq)
{
    uint8_t buf[TG_SIZE];
    uint32_t magic = htonl(TG_MAGIC), id = htonl(tg->run_id);
    uint32_t hi = htonl(seq >> 32), lo = htonl(seq & 0xffffffff);

    memset(buf, 0, sizeof buf);
    memcpy(buf, &magic, 4);
    memcpy(buf + 4, &id, 4);
    memcpy(buf + 8, &hi, 4);
    memcpy(buf + 12, &lo, 4);
    /* Errors (ENOBUFS, an unreachable network while the bond fails over)
     * are part of what is measured: the sequence number is used up, and
     * the receiver sees a gap. */
    ignore(sendto(tg->tx_fd, buf, sizeof buf, 0,
                  (struct sockaddr *) &tg->dst, tg->dst_len));
}

static void
receive_all(struct traffic_gen *tg)
{
    for (;;) {
        uint8_t buf[TG_SIZE];
        uint32_t magic, id, hi, lo;
        ssize_t n = recv(tg->rx_fd, buf, sizeof buf, MSG_DONTWAIT);

        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        if (n < 16) {
            continue;
        }
        memcpy(&magic, buf, 4);
        memcpy(&id, buf + 4, 4);
        memcpy(&hi, buf + 8, 4);
        memcpy(&lo, buf + 12, 4);
        if (ntohl(magic) != TG_MAGIC || ntohl(id) != tg->run_id) {
            continue;
        }

        uint64_t seq = ((uint64_t) ntohl(hi) << 32) | ntohl(lo);
        long long int now = now_us();

        pthread_mutex_lock(&tg->mutex);
        tg->received_total++;
        tg->last_rx_us = now;
        if (seq >= tg->mark_seq) {
            tg->win_received++;
            if (!tg->win_any || seq > tg->win_highest) {
                tg->win_highest = seq;
            }
            tg->win_any = true;
        }
        if (now - tg->win_prev_rx_us > tg->win_max_gap_us) {
            tg->win_max_gap_us = now - tg->win_prev_rx_us;
            tg->win_gap_end_us = now;
        }
        tg->win_prev_rx_us = now;
        pthread_mutex_unlock(&tg->mutex);
    }
}

static void *
traffic_thread(void *tg_)
{
    struct traffic_gen *tg = tg_;
    long long int next_send = now_us();

    for (;;) {
        long long int now = now_us();

        while (now >= next_send) {
            uint64_t seq;

            pthread_mutex_lock(&tg->mutex);
            seq = tg->next_seq++;
            pthread_mutex_unlock(&tg->mutex);
            send_one(tg, seq);

            next_send += tg->period_us;
            if (now - next_send > 1000000) {
                /* Descheduled for a long time: no burst to catch up. */
                next_send = now;
            }
        }

        struct pollfd pfds[2] = {
            { .fd = tg->rx_fd, .events = POLLIN },
            { .fd = tg->stop_pipe[0], .events = POLLIN },
        };
        long long int wait = next_send - now;
        struct timespec ts = {
            .tv_sec = wait / 1000000,
            .tv_nsec = (wait % 1000000) * 1000,
        };
        if (ppoll(pfds, 2, &ts, NULL) > 0) {
            if (pfds[1].revents) {
                break;
            }
            if (pfds[0].revents) {
                receive_all(tg);
            }
        }
    }
    return NULL;
}

/* Starts the traffic of 'opts'.  Returns the generator, or NULL with an
 * explanation in '*errp' (to free). */
struct traffic_gen *
traffic_gen_start(const struct traffic_gen_options *opts, char **errp)
{
    struct traffic_gen *tg = xzalloc(sizeof *tg);
    struct sockaddr_in *sin = (struct sockaddr_in *) &tg->dst;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) &tg->dst;
    int family;

    *errp = NULL;
    tg->tx_fd = tg->rx_fd = tg->stop_pipe[0] = tg->stop_pipe[1] = -1;
    if (inet_pton(AF_INET, opts->to_addr, &sin->sin_addr) == 1) {
        family = sin->sin_family = AF_INET;
        sin->sin_port = htons(opts->port);
        tg->dst_len = sizeof *sin;
    } else if (inet_pton(AF_INET6, opts->to_addr, &sin6->sin6_addr) == 1) {
        family = sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(opts->port);
        tg->dst_len = sizeof *sin6;
    } else {
        *errp = xasprintf("\"%s\" is not an IP address", opts->to_addr);
        goto error;
    }
    if (!opts->rate_pps || opts->rate_pps > 100000) {
        *errp = xasprintf("rate %u out of range (1 to 100000 per second)",
                          opts->rate_pps);
        goto error;
    }

    tg->rx_fd = socket_in_ns(opts->to_ns, family,
                             (struct sockaddr *) &tg->dst, tg->dst_len, errp);
    if (tg->rx_fd < 0) {
        goto error;
    }
    int rcvbuf = 1 << 20;
    ignore(setsockopt(tg->rx_fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
                      sizeof rcvbuf));
    tg->tx_fd = socket_in_ns(opts->from_ns, family, NULL, 0, errp);
    if (tg->tx_fd < 0) {
        goto error;
    }
    if (pipe2(tg->stop_pipe, O_CLOEXEC)) {
        *errp = xasprintf("pipe: %s", ovs_strerror(errno));
        goto error;
    }

    tg->run_id = random_uint32();
    tg->period_us = 1000000 / opts->rate_pps;
    tg->last_rx_us = -1;
    pthread_mutex_init(&tg->mutex, NULL);
    traffic_gen_mark(tg);

    /* A plain pthread rather than ovs_thread_create(): the thread never
     * touches OVS state (no RCU, no logging), and OVS threads would forbid
     * the fork that --fail-cmd needs.  Signals go to the main thread. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    int error = pthread_create(&tg->thread, NULL, traffic_thread, tg);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    if (error) {
        *errp = xasprintf("cannot start the traffic thread: %s",
                          ovs_strerror(error));
        pthread_mutex_destroy(&tg->mutex);
        goto error;
    }
    return tg;

error:
    if (tg->rx_fd >= 0) {
        close(tg->rx_fd);
    }
    if (tg->tx_fd >= 0) {
        close(tg->tx_fd);
    }
    if (tg->stop_pipe[0] >= 0) {
        close(tg->stop_pipe[0]);
        close(tg->stop_pipe[1]);
    }
    free(tg);
    return NULL;
}

/* Waits until 'tg' has received at least 'n' datagrams in all, at most
 * 'timeout_ms'.  Returns 0 or ETIMEDOUT. */
int
traffic_gen_wait_flowing(struct traffic_gen *tg, unsigned int n,
                         long long int timeout_ms)
{
    long long int deadline = traffic_gen_now_ms() + timeout_ms;

    for (;;) {
        uint64_t got;

        pthread_mutex_lock(&tg->mutex);
        got = tg->received_total;
        pthread_mutex_unlock(&tg->mutex);
        if (got >= n) {
            return 0;
        }
        if (traffic_gen_now_ms() >= deadline) {
            return ETIMEDOUT;
        }
        xnanosleep(10 * 1000 * 1000);
    }
}

/* Starts a new window: the next sample counts from here. */
void
traffic_gen_mark(struct traffic_gen *tg)
{
    long long int now = now_us();

    pthread_mutex_lock(&tg->mutex);
    tg->mark_seq = tg->next_seq;
    tg->win_received = 0;
    tg->win_highest = 0;
    tg->win_any = false;
    tg->win_prev_rx_us = tg->last_rx_us >= 0 ? tg->last_rx_us : now;
    tg->win_max_gap_us = 0;
    tg->win_gap_end_us = -1;
    pthread_mutex_unlock(&tg->mutex);
}

static long long int
us_to_ms(long long int us)
{
    return us < 0 ? -1 : (us + 500) / 1000;
}

/* The traffic since the last mark, into 's'. */
void
traffic_gen_sample(struct traffic_gen *tg, struct failover_traffic_sample *s)
{
    long long int now = now_us();

    pthread_mutex_lock(&tg->mutex);
    s->sent = tg->next_seq - tg->mark_seq;
    s->received = tg->win_received;
    s->lost = (tg->win_any
               ? tg->win_highest - tg->mark_seq + 1 - tg->win_received : 0);
    if (s->lost > s->sent) {
        s->lost = 0;            /* Duplicates; cannot happen on a LAN. */
    }
    s->last_rx_ms = tg->last_rx_us >= 0 ? tg->last_rx_us / 1000 : -1;

    /* The time since the last reception is an ongoing gap only once it is
     * clearly longer than the interval between datagrams; before that, the
     * next one is merely not due yet. */
    long long int ongoing = now - tg->win_prev_rx_us;
    if (ongoing > tg->win_max_gap_us
        && ongoing > 2 * tg->period_us + 10000) {
        s->max_gap_ms = us_to_ms(ongoing);
        s->gap_end_ms = -1;
    } else {
        s->max_gap_ms = us_to_ms(tg->win_max_gap_us);
        s->gap_end_ms = (tg->win_gap_end_us >= 0
                         ? tg->win_gap_end_us / 1000 : -1);
    }
    pthread_mutex_unlock(&tg->mutex);
}

/* Stops the traffic and frees 'tg' (which may be NULL). */
void
traffic_gen_stop(struct traffic_gen *tg)
{
    if (!tg) {
        return;
    }
    ignore(write(tg->stop_pipe[1], "x", 1));
    pthread_join(tg->thread, NULL);
    close(tg->rx_fd);
    close(tg->tx_fd);
    close(tg->stop_pipe[0]);
    close(tg->stop_pipe[1]);
    pthread_mutex_destroy(&tg->mutex);
    free(tg);
}
