#!/usr/bin/env bash
#
# Copyright (c) 2026 The ovs-offload authors.
# SPDX-License-Identifier: Apache-2.0
#
# Conformance of "ovs-offloadctl import ifupdown2" with the real ifupdown2.
#
# For every tests/sandbox/ifupdown2/*.interfaces (bonds in each mode, LACP
# on and off, VLAN tags, patch ports, ovs_extra, several bridges, MTUs,
# includes), the same file is applied twice, each time to a fresh sandbox
# database:
#
#   A. by Debian's ifupdown2 ("ifup -i FILE -a", its openvswitch and
#      openvswitch_port addons calling /usr/bin/ovs-vsctl), and
#   B. by "ovs-offloadctl import ifupdown2 FILE > x.yaml" and
#      "ovs-offloadctl -c x.yaml apply".
#
# Then the configuration rows of both databases (Bridge, Port, Interface)
# are dumped in a normalized form and must be equal.  Any difference is
# printed, file by file, and fails the test.
#
# ifupdown2 is not installed (it replaces the system's ifupdown): its
# Debian package is downloaded with "apt-get download" and unpacked into
# ${OFFLOAD_CACHE:-/var/cache/ovs-offload}/ifupdown2, once, and run from
# there with /usr/bin/python3 (it needs only the standard library).  Inside
# the sandbox's network namespace it runs in a private mount namespace with
# tmpfs over /run/network (its state and lock) and /etc/network: the host's
# /etc/network/if-*.d hooks stay out of the way (the Debian OVS hook there
# would start the host's openvswitch-switch), and so does the host's
# interfaces file.  Without ifupdown2 (no apt-get, no network, no
# /usr/bin/ovs-vsctl) the test skips, loudly; under CI=true it fails
# instead.
#
# What the comparison deliberately leaves out or normalizes:
#
#   - Bridge datapath_type.  The sandbox has no kernel datapath, and
#     ifupdown2 creates bridges on the default one, so the test appends
#     "ovs_extra set bridge ${IFACE} datapath_type=netdev" to every
#     OVSBridge stanza of a copy of the files, and both sides read that
#     copy: ifupdown2 sets the column in the "add-br" transaction, the
#     importer turns it into "datapath-type: netdev".  Both databases then
#     say netdev, and ovs-vswitchd really builds the bridges.
#
#   - Port bond_fake_iface: ifupdown2 adds bonds with "--fake-iface"
#     (an internal netdev named after the bond, on the kernel datapath
#     only); ovs-offload.yaml has no such key.
#
#   - Port vlan_mode "access" on a port with a tag and no trunks, and
#     "trunk" on a port without a tag, which is what OVS does when
#     vlan_mode is empty: the importer leaves them out (and says so in its
#     notes), so both are compared as empty.
#
#   - external_ids keys that begin with "ovs-offload-": ovs-offload's
#     ownership bookkeeping (see ovs-offload.yaml(5), OWNERSHIP).
#
# Columns that ovs-vswitchd writes (ofport, status, statistics, ...) are not
# configuration and are not dumped.  other_config holds only what the file
# set, on both sides: neither ifupdown2 nor ovs-offload adds keys of their
# own, so it is compared whole.
#
# The netdevs that the files name as OVSPort or bond members are created as
# veth pairs in both sandboxes, so that ovs-vswitchd can open them.

# shellcheck disable=SC2119 source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

FIXTURES=${IFUPDOWN2_FIXTURES:-$SRCDIR/tests/sandbox/ifupdown2}
IFUPDOWN2_CACHE=${OFFLOAD_CACHE:-/var/cache/ovs-offload}/ifupdown2
PYTHON=/usr/bin/python3

# skip_or_fail REASON: a prerequisite is missing.  Skip, except in CI.
skip_or_fail() {
    if [[ ${CI:-} == true ]]; then
        fail "$* (CI=true: a missing prerequisite is a failure)"
    fi
    skip "$*"
}

# ifupdown2_obtain: unpacks Debian's ifupdown2 into IFUPDOWN2_CACHE unless
# it is there already.  Prints why on failure.
ifupdown2_obtain() {
    local dir=$IFUPDOWN2_CACHE tmp deb
    if [[ -r $dir/root/usr/share/ifupdown2/__main__.py && -L $dir/bin/ifup
          && -r $dir/VERSION ]]; then
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 || { echo "apt-get not found"; return 1; }
    command -v dpkg-deb >/dev/null 2>&1 || { echo "dpkg-deb not found"; return 1; }
    mkdir -p "$dir" || { echo "cannot create $dir"; return 1; }
    tmp=$(mktemp -d "$dir/.new.XXXXXX") || { echo "cannot write to $dir"; return 1; }
    if ! (cd "$tmp" && apt-get download ifupdown2) >"$tmp/download.log" 2>&1; then
        echo "'apt-get download ifupdown2' failed (no network or stale" \
            "package lists? try 'apt-get update'):"
        sed 's/^/    /' "$tmp/download.log"
        rm -rf -- "$tmp"
        return 1
    fi
    deb=$(find "$tmp" -maxdepth 1 -name 'ifupdown2_*.deb' | head -n 1)
    if [[ -z $deb ]] || ! dpkg-deb -x "$deb" "$tmp/root"; then
        echo "cannot unpack the ifupdown2 package"
        rm -rf -- "$tmp"
        return 1
    fi
    mkdir -p "$tmp/bin"
    # ifupdown2 acts according to the name it is called by.
    ln -s ../root/usr/share/ifupdown2/__main__.py "$tmp/bin/ifup"
    dpkg-deb -f "$deb" Package Version >"$tmp/VERSION"
    rm -rf -- "${dir:?}/root" "${dir:?}/bin" "${dir:?}/VERSION" \
        "${dir:?}"/ifupdown2_*.deb
    if ! { mv "$tmp/root" "$dir/root" && mv "$tmp/bin" "$dir/bin" &&
        mv "$deb" "$dir/" && mv "$tmp/VERSION" "$dir/VERSION"; }; then
        echo "cannot move the unpacked package into $dir"
        rm -rf -- "$tmp"
        return 1
    fi
    rm -rf -- "$tmp"
}

# prepare_fixtures DIR: copies the fixtures into DIR and makes every
# OVSBridge use the userspace datapath (see the top of this file).
prepare_fixtures() {
    local dir=$1 f
    cp -R "$FIXTURES/." "$dir/"
    while IFS= read -r -d '' f; do
        awk '{ print }
             /^[ \t]*ovs[_-]type[ \t]+OVSBridge[ \t]*$/ {
                 print "\tovs_extra set bridge ${IFACE} datapath_type=netdev"
             }' "$f" >"$f.new" && mv "$f.new" "$f"
    done < <(find "$dir" -type f -print0)
}

# netdev_names FILE...: the OVSPort names and bond members of the files.
netdev_names() {
    awk '/^[ \t]*iface[ \t]/ { name = $2; next }
         /^[ \t]*ovs[_-]type[ \t]+OVSPort[ \t]*$/ { print name }
         /^[ \t]*ovs[_-]bonds[ \t]/ { for (i = 2; i <= NF; i++) print $i }' \
        "$@" | LC_ALL=C sort -u
}

# new_sandbox ID NAMES: a fresh sandbox without the partner bridge (its
# database has no row yet), with a veth for each name of NAMES.
new_sandbox() {
    local id=$1 names=$2 name i=0
    sandbox_stop
    SANDBOX_PARTNER=0 sandbox_start "$id" || fail "cannot start sandbox $id"
    for name in $names; do
        if ! sandbox_exec ip link show dev "$name" >/dev/null 2>&1; then
            sandbox_exec ip link add "$name" type veth peer name "oo-cf$i" ||
                fail "cannot create veth $name"
            sandbox_exec ip link set "$name" up
            sandbox_exec ip link set "oo-cf$i" up
            i=$((i + 1))
        fi
    done
}

# run_ifupdown2 DIR FILE LOG: "ifup -i FILE -a" in the current sandbox, from
# DIR (ifupdown2 takes a relative "source" relative to its working
# directory).  ifupdown2's own status is logged, not checked: it fails on
# the address steps that the sandbox cannot do and it silently ignores
# failed ovs-vsctl commands, so the database is the only witness.
run_ifupdown2() {
    local dir=$1 file=$2 log=$3 rc=0
    # shellcheck disable=SC2016
    sandbox_exec unshare -m sh -c '
        set -e
        cache=$1 dir=$2 file=$3 python=$4
        mount --make-rprivate /
        [ -d /run/network ] || mkdir -p /run/network
        mount -t tmpfs ifupdown2-run /run/network
        mount -t tmpfs ifupdown2-etc /etc/network
        if [ -d /var/run/openvswitch ]; then
            mount -t tmpfs ifupdown2-ovs /var/run/openvswitch
        fi
        mkdir -p /etc/network/ifupdown2
        for d in if-pre-up.d if-up.d if-post-up.d if-pre-down.d if-down.d \
                 if-post-down.d; do
            mkdir -p /etc/network/$d
        done
        cp "$cache/root/etc/network/ifupdown2/addons.conf" \
            /etc/network/ifupdown2/
        sed -e "s|^state_dir=.*|state_dir=/run/network/|" \
            -e "s|^template_enable=.*|template_enable=0|" \
            "$cache/root/etc/network/ifupdown2/ifupdown2.conf" \
            >/etc/network/ifupdown2/ifupdown2.conf
        cd "$dir"
        exec "$python" "$cache/bin/ifup" -i "$file" -a -v
    ' sh "$IFUPDOWN2_CACHE" "$dir" "$file" "$PYTHON" >"$log" 2>&1 || rc=$?
    log "ifupdown2 on $(basename "$file") -> exit $rc (see below)"
    grep -E '^(error|warning):|executing /usr/bin/ovs-vsctl' "$log" |
        sed 's/^/    ifupdown2: /' >&2 || true
}

# dump_db OUT: the normalized configuration rows of the current sandbox.
dump_db() {
    local out=$1 t
    for t in Bridge Port Interface; do
        ovs_vsctl --format=json --data=json list "$t" >"$TEST_TMP/$t.json" ||
            fail "cannot list $t"
    done
    "$PYTHON" - "$TEST_TMP" >"$out" <<'EOF' || fail "cannot normalize the database dump"
import json
import sys

d = sys.argv[1]


def rows(table):
    with open("%s/%s.json" % (d, table)) as f:
        j = json.load(f)
    return [dict(zip(j["headings"], r)) for r in j["data"]]


def atom(v):
    if isinstance(v, list) and v[0] == "uuid":
        return names.get(v[1], v[1])
    if isinstance(v, bool):
        return "true" if v else "false"
    return str(v)


def value(v):
    """An OVSDB datum as text: sets sorted in [], maps sorted in {}."""
    if isinstance(v, list) and v[0] == "set":
        return "[" + " ".join(sorted(atom(a) for a in v[1])) + "]"
    if isinstance(v, list) and v[0] == "map":
        return "{" + " ".join("%s=%s" % (atom(k), atom(x))
                              for k, x in sorted(v[1])) + "}"
    return atom(v)


tables = {t: rows(t) for t in ("Bridge", "Port", "Interface")}
names = {}
for t in tables.values():
    for r in t:
        names[r["_uuid"][1]] = r["name"]

columns = {
    "Bridge": ["datapath_type", "fail_mode", "ports", "other_config",
               "external_ids"],
    "Port": ["interfaces", "bond_mode", "lacp", "tag", "trunks",
             "vlan_mode", "bond_updelay", "bond_downdelay", "other_config",
             "external_ids"],
    "Interface": ["type", "mtu_request", "options", "other_config",
                  "external_ids"],
}
lines = []
for t, rs in tables.items():
    for r in rs:
        if t == "Port":
            # vlan_mode as OVS applies it when it is empty.
            tag = value(r["tag"]) != "[]"
            trunks = value(r["trunks"]) != "[]"
            mode = value(r["vlan_mode"])
            if (mode == "access" and tag and not trunks) or \
               (mode == "trunk" and not tag):
                r["vlan_mode"] = ["set", []]
        for c in columns[t]:
            v = r[c]
            if c == "external_ids":
                v = ["map", [kv for kv in v[1]
                             if not kv[0].startswith("ovs-offload-")]]
            lines.append("%s %s %s=%s" % (t, r["name"], c, value(v)))
print("\n".join(sorted(lines)))
EOF
}

test_init --no-sandbox

if [[ ! -d $FIXTURES ]]; then
    fail "no fixtures in $FIXTURES"
fi
[[ -x $PYTHON ]] || skip_or_fail "$PYTHON not found (ifupdown2 needs Debian's python3)"
[[ -x /usr/bin/ovs-vsctl ]] ||
    skip_or_fail "/usr/bin/ovs-vsctl not found (ifupdown2's OVS addons call it by that path)"
command -v unshare >/dev/null 2>&1 || skip_or_fail "unshare (util-linux) not found"
if ! why=$(ifupdown2_obtain); then
    skip_or_fail "cannot obtain ifupdown2: $why"
fi
# (--version asks dpkg, which does not know the unpacked package.)
if ! out=$("$PYTHON" "$IFUPDOWN2_CACHE/bin/ifup" --help 2>&1); then
    skip_or_fail "the unpacked ifupdown2 does not run: $out"
fi
log "ifupdown2: $(tr '\n' ' ' <"$IFUPDOWN2_CACHE/VERSION")(in $IFUPDOWN2_CACHE)"

# The importer is reached through the CLI.
if ! "$OFFLOADCTL" import ifupdown2 /dev/null >"$TEST_TMP/probe.out" 2>&1; then
    cat "$TEST_TMP/probe.out" >&2
    skip_or_fail "$OFFLOADCTL has no working 'import ifupdown2' command"
fi

work=$TEST_TMP/fixtures
mkdir -p "$work"
prepare_fixtures "$work"

results=()
failed=0
n=0
for fixture in "$work"/*.interfaces; do
    base=$(basename "$fixture" .interfaces)
    n=$((n + 1))
    log "===== $base.interfaces"
    files=("$fixture")
    if [[ -d $work/$base.d ]]; then
        files+=("$work/$base.d"/*)
    fi
    names=$(netdev_names "${files[@]}")

    # A: ifupdown2.
    new_sandbox "ifu2-a$n-$$" "$names"
    run_ifupdown2 "$work" "$fixture" "$TEST_TMP/$base.ifupdown2.log"
    dump_db "$TEST_TMP/$base.ifupdown2.dump"
    sandbox_stop

    # B: ovs-offload.
    new_sandbox "ifu2-b$n-$$" "$names"
    if ! "$OFFLOADCTL" import ifupdown2 "$fixture" >"$TEST_TMP/$base.yaml" \
        2>"$TEST_TMP/$base.notes"; then
        cat "$TEST_TMP/$base.notes" >&2
        results+=("$base: the import failed")
        failed=1
        sandbox_stop
        continue
    fi
    sed 's/^/    import note: /' "$TEST_TMP/$base.notes" >&2
    ctl -c "$TEST_TMP/$base.yaml" apply
    if [[ $CTL_RC != 0 ]]; then
        ctl_show
        results+=("$base: apply failed (exit $CTL_RC)")
        failed=1
        sandbox_stop
        continue
    fi
    dump_db "$TEST_TMP/$base.offload.dump"
    sandbox_stop

    if [[ ! -s $TEST_TMP/$base.ifupdown2.dump ]]; then
        results+=("$base: ifupdown2 created nothing")
        failed=1
    elif diff -u --label "ifupdown2" --label "ovs-offload" \
        "$TEST_TMP/$base.ifupdown2.dump" "$TEST_TMP/$base.offload.dump" \
        >"$TEST_TMP/$base.diff"; then
        results+=("$base: match ($(grep -c . "$TEST_TMP/$base.ifupdown2.dump") column values)")
    else
        {
            echo "$base.interfaces: the databases differ (- ifupdown2, + ovs-offload):"
            cat "$TEST_TMP/$base.diff"
            echo "--- the imported YAML:"
            cat "$TEST_TMP/$base.yaml"
        } >&2
        results+=("$base: DIFFERS ($(grep -c '^[-+][^-+]' "$TEST_TMP/$base.diff") lines)")
        failed=1
    fi
done

((n > 0)) || fail "no *.interfaces file in $FIXTURES"
log "results:"
printf '    %s\n' "${results[@]}" >&2
((failed == 0)) || fail "ovs-offload and ifupdown2 differ (see above)"
pass
