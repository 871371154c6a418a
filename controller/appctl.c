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

#include "controller/appctl.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "dirs.h"
#include "jsonrpc.h"
#include "openvswitch/json.h"
#include "openvswitch/poll-loop.h"
#include "timeval.h"
#include "unixctl.h"
#include "util.h"

long int
appctl_pid(const char *target)
{
    char *pidfile = xasprintf("%s/%s.pid", ovs_rundir(), target);
    /* read_pidfile() logs a warning for a missing file; not running is
     * no news here. */
    pid_t pid = access(pidfile, F_OK) ? 0 : read_pidfile(pidfile);

    free(pidfile);
    if (pid <= 0) {
        return 0;
    }
    return kill(pid, 0) == 0 || errno == EPERM ? pid : 0;
}

/* unixctl_client_transact() with a deadline: the reply to 'request' on
 * 'client', or ETIMEDOUT after 'timeout_ms'. */
static int
transact_timeout(struct jsonrpc *client, const char *cmd, int argc,
                 char *argv[], long long int timeout_ms, char **result,
                 char **err)
{
    struct json *params = json_array_create_empty();

    for (int i = 0; i < argc; i++) {
        json_array_add(params, json_string_create(argv[i]));
    }

    struct jsonrpc_msg *request = jsonrpc_create_request(cmd, params, NULL);
    struct json *id = json_clone(request->id);
    long long int deadline = time_msec() + timeout_ms;
    int error = jsonrpc_send(client, request);

    *result = NULL;
    *err = NULL;
    while (!error) {
        struct jsonrpc_msg *reply;

        jsonrpc_run(client);
        error = jsonrpc_recv(client, &reply);
        if (!error) {
            if ((reply->type != JSONRPC_REPLY
                 && reply->type != JSONRPC_ERROR)
                || !reply->id || !json_equal(reply->id, id)) {
                jsonrpc_msg_destroy(reply);
                continue;
            }
            if (reply->error) {
                *err = (reply->error->type == JSON_STRING
                        ? xstrdup(json_string(reply->error))
                        : json_to_string(reply->error, 0));
            } else if (reply->result && reply->result->type == JSON_STRING) {
                *result = xstrdup(json_string(reply->result));
            } else if (reply->result) {
                error = EPROTO;
            }
            jsonrpc_msg_destroy(reply);
            break;
        } else if (error != EAGAIN) {
            break;
        } else if (time_msec() >= deadline) {
            error = ETIMEDOUT;
            break;
        }
        error = 0;
        jsonrpc_wait(client);
        jsonrpc_recv_wait(client);
        poll_timer_wait_until(deadline);
        poll_block();
    }
    json_destroy(id);
    return error;
}

int
appctl_call(const char *target, const char *cmd, int argc, char *argv[],
            long long int timeout_ms, char **reply)
{
    long int pid = appctl_pid(target);
    struct jsonrpc *client;
    char *result = NULL;
    char *err = NULL;

    *reply = NULL;
    if (!pid) {
        *reply = xasprintf("%s is not running (no live pid in %s/%s.pid)",
                           target, ovs_rundir(), target);
        return ESRCH;
    }

    char *path = xasprintf("%s/%s.%ld.ctl", ovs_rundir(), target, pid);
    int error = unixctl_client_create(path, &client);

    if (error) {
        *reply = xasprintf("%s: cannot connect: %s", path,
                           ovs_strerror(error));
        free(path);
        return error;
    }
    free(path);

    error = (timeout_ms > 0
             ? transact_timeout(client, cmd, argc, argv, timeout_ms,
                                &result, &err)
             : unixctl_client_transact(client, cmd, argc, argv, &result,
                                       &err));
    jsonrpc_close(client);
    if (error) {
        *reply = xasprintf("%s: %s", cmd, ovs_strerror(error));
        free(result);
        free(err);
        return error;
    }
    if (err) {
        *reply = err;
        free(result);
        return EINVAL;
    }
    *reply = result ? result : xstrdup("");
    return 0;
}
