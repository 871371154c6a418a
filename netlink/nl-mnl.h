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

#ifndef NL_MNL_H
#define NL_MNL_H 1

/* nl-mnl: the netlink plumbing that tc/, devlink/ and lag/ share, on top of
 * libmnl.
 *
 * ovs-offload talks to the kernel with libmnl rather than OVS's netlink
 * library because it needs the text of the kernel's extended acks ("Can't
 * change mode, E-Switch is busy", "Can't activate LAG offload, ..."): for
 * offload problems that text, not the errno, is the diagnosis.  Code that
 * uses this module must not include OVS's "netlink.h" or
 * "netlink-socket.h": their definitions clash with libmnl's.
 *
 * The module has five parts:
 *
 *   - Attribute parsing against a policy (struct nl_mnl_policy), into an
 *     array indexed by attribute type, with the check that libmnl lacks:
 *     mnl_attr_parse() stops silently at a truncated attribute, these
 *     functions report it.
 *
 *   - Request headers: nl_mnl_put_request() and nl_mnl_put_genl_request()
 *     start a request in a caller's buffer.
 *
 *   - Acknowledgements: nl_mnl_parse_ack() reads the error code and the
 *     extended ack text of an NLMSG_ERROR or NLMSG_DONE.
 *
 *   - Replies and transactions: struct nl_mnl_reply processes what a socket
 *     receives in reply to one request, without the socket (for tests and
 *     for callers with their own sockets); nl_mnl_transact() sends a
 *     request on a socket from nl_mnl_open() and processes its replies.
 *
 *   - Generic netlink family resolution ("genl ctrl get name NAME").
 *
 * Errors.  Every function that returns 'int' returns 0 or a positive errno
 * value.  Functions with a 'char **extack' store there NULL or the kernel's
 * extended ack text, malloc'd, which the caller frees; the kernel may attach
 * a text to a successful acknowledgement too, as a warning (mlx5 does so
 * when it cannot activate a LAG), so look at it on success as well.
 * 'extack' may be NULL.  Those with a 'char **errp' store there, on failure,
 * a malloc'd explanation, and NULL on success. */

#include <libmnl/libmnl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct nlattr;
struct nlmsghdr;

/* Receive buffer of nl_mnl_transact().  The kernel sizes its dump messages
 * after the largest buffer recvmsg() was given, up to 32 kB, so no dump
 * message is larger; a larger single reply (RTM_NEWLINK of a PF with many
 * VFs) makes the buffer grow. */
#define NL_MNL_RECV_SIZE 32768

/* Attributes. */

/* How to check one attribute type.  A policy is an array of these indexed
 * by attribute type.  Entries without a 'name', and types beyond the end of
 * the array, are ignored, so that code keeps working on kernels newer than
 * its headers.  An attribute with an entry that fails its check makes the
 * whole message (or nest) invalid.
 *
 * 'type' is checked with mnl_attr_validate(): the exact length of the
 * integer types, a null terminator for MNL_TYPE_NUL_STRING, room for an
 * attribute header in a nonempty MNL_TYPE_NESTED.  'min_len' and 'max_len'
 * (0: no limit) bound the payload length further, for MNL_TYPE_BINARY and
 * MNL_TYPE_NUL_STRING (the terminator counts). */
struct nl_mnl_policy {
    enum mnl_attr_data_type type;
    const char *name;           /* For log messages; NULL: no entry. */
    size_t min_len;
    size_t max_len;
};

int nl_mnl_parse_attrs(const struct nlmsghdr *, size_t offset,
                       const struct nl_mnl_policy *, size_t n_policy,
                       const struct nlattr *tb[], const char *what);
int nl_mnl_parse_nested(const struct nlattr *nest,
                        const struct nl_mnl_policy *, size_t n_policy,
                        const struct nlattr *tb[], const char *what);

bool nl_mnl_attrs_whole(const void *start, size_t len);
bool nl_mnl_msg_attrs_whole(const struct nlmsghdr *, size_t offset);
bool nl_mnl_nest_whole(const struct nlattr *nest);

/* Requests. */

struct nlmsghdr *nl_mnl_put_request(void *buf, size_t size, uint16_t type,
                                    uint16_t flags, size_t hdrlen);
struct nlmsghdr *nl_mnl_put_genl_request(void *buf, size_t size,
                                         uint16_t family, uint8_t cmd,
                                         uint8_t version, uint16_t flags);

/* Acknowledgements. */

int nl_mnl_parse_ack(const struct nlmsghdr *, char **extack);

/* Replies. */

/* Called for each message of a reply that is neither an acknowledgement nor
 * NLMSG_NOOP.  Returns 0 or a positive errno value; after an error, the
 * remaining messages are received but no longer passed on. */
typedef int nl_mnl_msg_cb(const struct nlmsghdr *, void *aux);

/* The state of the replies to one request.  Initialize it with
 * nl_mnl_reply_init(), feed it each datagram with nl_mnl_reply_feed() until
 * that returns false, and end it with nl_mnl_reply_finish().  The members
 * are for reading only. */
struct nl_mnl_reply {
    uint32_t seq;               /* Sequence number of the request, or 0. */
    uint32_t portid;            /* Port id of the socket, or 0. */
    nl_mnl_msg_cb *cb;          /* May be NULL. */
    void *aux;

    bool done;                  /* Saw the ack, error or NLMSG_DONE. */
    bool interrupted;           /* A message had NLM_F_DUMP_INTR. */
    int error;                  /* First error, or 0. */
    char *extack;               /* First extended ack text, or NULL. */
};

void nl_mnl_reply_init(struct nl_mnl_reply *, uint32_t seq, uint32_t portid,
                       nl_mnl_msg_cb *, void *aux);
bool nl_mnl_reply_feed(struct nl_mnl_reply *, const void *buf, size_t len);
void nl_mnl_reply_set_error(struct nl_mnl_reply *, int error);
int nl_mnl_reply_finish(struct nl_mnl_reply *, char **extack);
int nl_mnl_reply_parse(const void *buf, size_t len, nl_mnl_msg_cb *,
                       void *aux, bool *done, char **extack);

/* Sockets and transactions. */

int nl_mnl_open(int bus, struct mnl_socket **sockp, char **errp);
void nl_mnl_close(struct mnl_socket *);
int nl_mnl_transact(struct mnl_socket *, struct nlmsghdr *req,
                    nl_mnl_msg_cb *, void *aux, char **extack);
int nl_mnl_transact_one(struct mnl_socket *, struct nlmsghdr *req,
                        uint16_t type, struct nlmsghdr **replyp,
                        char **extack);

/* Generic netlink. */

/* Size of the buffer that nl_mnl_build_genl_family() needs. */
#define NL_MNL_GENL_REQUEST_SIZE 64

struct nlmsghdr *nl_mnl_build_genl_family(void *buf, const char *name);
int nl_mnl_parse_genl_family(const struct nlmsghdr *,
                             const char *group_name, uint16_t *family,
                             uint32_t *group);
int nl_mnl_genl_family(struct mnl_socket *, const char *name,
                       uint16_t *family, const char *group_name,
                       uint32_t *group, char **errp);

#endif /* nl-mnl.h */
