#!/usr/bin/env bash
# Quick start: installs what is missing, builds, starts the sandbox (a
# private ovsdb-server and ovs-vswitchd in a private network namespace, with
# a partner bridge whose LACP bond faces ours), applies
# contrib/examples/sandbox.yaml and prints "show".
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

contrib/install-deps.sh
BUILD_DIR=$top/build contrib/build.sh
ctl=$top/build/controller/ovs-offloadctl
example=$top/contrib/examples/sandbox.yaml

contrib/sandbox.sh start
contrib/sandbox.sh exec "$ctl" -c "$example" apply
# LACP needs a few seconds to negotiate with the partner.
for _ in $(seq 1 30); do
    if contrib/sandbox.sh exec ovs-appctl bond/show bond0 2>/dev/null \
            | grep -q 'lacp_status: negotiated'; then
        break
    fi
    sleep 1
done
echo
contrib/sandbox.sh exec "$ctl" -c "$example" show

cat <<EOT

The sandbox keeps running.  Next steps:
  contrib/sandbox.sh exec $ctl -c $example plan     # what would change
  contrib/sandbox.sh exec ovs-vsctl del-port br-offload vm2-p
  contrib/sandbox.sh exec $ctl -c $example apply    # repairs the drift
  contrib/sandbox.sh exec ip link set sb-a0 down    # fail one bond leg
  contrib/sandbox.sh exec $ctl -c $example watch    # live legs, rates, alerts
  contrib/sandbox.sh exec $ctl failover-test bond0  # fail each leg in turn
  contrib/sandbox.sh exec $top/build/controller/ovs-offloadd -c $example \\
      --detach --pidfile --log-file                 # the daemon, then:
  contrib/sandbox.sh exec curl -s http://127.0.0.1:9477/metrics
  contrib/sandbox.sh exec ovs-appctl -t ovs-offloadd lag/show
  contrib/sandbox.sh shell                          # a shell inside it
  man -l docs/ovs-offloadctl.8 ; man -l docs/ovs-offload.yaml.5
Stop it with:
  contrib/sandbox.sh stop
EOT
