#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# Invalid files are rejected before anything is written: for each file
# below, "apply" and "validate" exit 1, stderr points at the error as
# "FILE:LINE:COL: message; fix", and conf.db is byte-identical afterwards.
# "validate" accepts contrib/examples/sandbox.yaml.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
test_init

# Each case: a file name, the line the error must be reported on ("" for
# any line), and the contents.  Syntax errors are located by libyaml: at the
# token where it gave up.
cases=()
add_case() {
    local name=$1 line=$2
    cat >"$TEST_TMP/$name"
    cases+=("$name:$line")
}

add_case unknown-key.yaml 7 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: vm1-p
        colour: red
YAML

add_case wrong-type.yaml 7 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: vm1-p
        tag: ten
YAML

add_case tag-5000.yaml 7 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: vm1-p
        tag: 5000
YAML

add_case duplicate-port.yaml 7 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: vm1-p
      - name: vm1-p
YAML

add_case member-in-two-bonds.yaml 12 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: bond0
        type: bond
        members: [sb-a0, sb-a1]
        bond-mode: active-backup
      - name: bond1
        type: bond
        members: [sb-a1, vm1-p]
        bond-mode: active-backup
YAML

add_case port-in-two-bridges.yaml 10 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: vm1-p
  - name: br-other
    datapath-type: netdev
    ports:
      - name: vm1-p
YAML

add_case name-16-bytes.yaml 6 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: abcdefghijklmnop
YAML

add_case name-with-slash.yaml 6 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: vm1/p
YAML

add_case bond-one-member.yaml 8 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: bond0
        type: bond
        members: [sb-a0]
        bond-mode: active-backup
YAML

add_case fallback-under-ovs.yaml 3 <<'YAML'
version: 1
ovs:
  lacp-fallback-ab: true
bridges:
  - name: br-offload
    datapath-type: netdev
    ports:
      - name: vm1-p
YAML

add_case yaml-syntax.yaml 6 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    ports: [vm1-p
  - name: br-other
YAML

add_case bad-json.json 2 <<'JSON'
{"version": 1,
 "bridges": [{"name": "br-offload" "datapath-type": "netdev",
              "ports": [{"name": "vm1-p"}]}]}
JSON

add_case duplicate-key.yaml 5 <<'YAML'
version: 1
bridges:
  - name: br-offload
    datapath-type: netdev
    datapath-type: system
    ports:
      - name: vm1-p
YAML

# The reference file is valid.
ctl_ok -c "$SANDBOX_YAML" validate

# Nothing may reach the database: start from a database at rest.
db_wait_settled 2
cp "$SANDBOX_DIR/conf.db" "$TEST_TMP/conf.db.orig"

check_location() {
    local file=$1 line=$2 re
    re="(^|[[:space:]/])$(basename "$file" | sed 's/[.]/[.]/g'):${line:-[0-9]+}:[0-9]+: [^;]+; "
    if ! grep -qE -- "$re" <<<"$CTL_ERR"; then
        ctl_show
        fail "$file: stderr has no '$(basename "$file"):${line:-LINE}:COL: message; fix' line"
    fi
}

for c in "${cases[@]}"; do
    name=${c%%:*}
    line=${c#*:}
    file=$TEST_TMP/$name

    ctl -c "$file" validate
    if [[ $CTL_RC != 1 ]]; then
        ctl_show
        fail "validate of $name exited $CTL_RC, expected 1"
    fi
    check_location "$file" "$line"

    ctl -c "$file" apply
    if [[ $CTL_RC != 1 ]]; then
        ctl_show
        fail "apply of $name exited $CTL_RC, expected 1"
    fi
    check_location "$file" "$line"
    log "$name: $(head -n 1 <<<"$CTL_ERR")"

    if ! cmp "$TEST_TMP/conf.db.orig" "$SANDBOX_DIR/conf.db"; then
        echo "records added to conf.db:" >&2
        tail -c +"$(($(stat -c %s "$TEST_TMP/conf.db.orig") + 1))" "$SANDBOX_DIR/conf.db" >&2
        fail "apply of $name changed conf.db"
    fi
done

# The same holds for plan and apply --dry-run of one of them.
ctl -c "$TEST_TMP/tag-5000.yaml" plan
assert_eq 1 "$CTL_RC" "plan of tag-5000.yaml exit status"
ctl -c "$TEST_TMP/tag-5000.yaml" apply --dry-run
assert_eq 1 "$CTL_RC" "apply --dry-run of tag-5000.yaml exit status"
cmp "$TEST_TMP/conf.db.orig" "$SANDBOX_DIR/conf.db" || fail "plan/dry-run changed conf.db"

# Usage errors are 2, and write nothing either.
for args in "bogus-command" "--format=xml apply" "--no-such-option apply" ""; do
    # shellcheck disable=SC2086  # split the arguments on purpose
    ctl -c "$SANDBOX_YAML" $args
    if [[ $CTL_RC != 2 ]]; then
        ctl_show
        fail "'ovs-offloadctl $args' exited $CTL_RC, expected 2 (usage)"
    fi
done
cmp "$TEST_TMP/conf.db.orig" "$SANDBOX_DIR/conf.db" || fail "a usage error changed conf.db"

# A missing file is an error too, not a usage error.
ctl -c "$TEST_TMP/does-not-exist.yaml" apply
assert_eq 1 "$CTL_RC" "apply of a missing file exit status"

assert_eq "br-partner" "$(ovs_vsctl list-br)" "bridges after all the invalid applies"
log "${#cases[@]} invalid files rejected, conf.db untouched"
pass
