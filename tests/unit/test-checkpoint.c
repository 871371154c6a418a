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

/* Unit tests of the checkpoint's undo log (controller/checkpoint.h): the
 * inverse of each kind of plan operation, the rollback back to exactly the
 * state before (played on the fake database of fake-ovsdb.c), conflicts,
 * the JSON round trip and the file functions. */

#include <config.h>

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "controller/checkpoint.h"
#include "controller/db-state.h"
#include "controller/offload-config.h"
#include "controller/plan.h"
#include "fake-ovsdb.h"
#include "openvswitch/dynamic-string.h"
#include "openvswitch/json.h"
#include "smap.h"
#include "unit-util.h"
#include "util.h"

/* The tests' YAML, parsed; a parse error fails the test. */
static struct offload_config *
parse(const char *yaml)
{
    return unit_parse_config("test.yaml", yaml);
}

static void
compute(const char *yaml, const struct db_state *st, struct plan *plan)
{
    struct offload_config *cfg = parse(yaml);
    struct plan_options opts = { .vswitchd_pid = 0 };

    plan_init(plan);
    plan_compute(cfg, st, &opts, plan);
    assert_int_equal(plan->n_conflicts, 0);
    offload_config_destroy(cfg);
}

static char *
dump(const struct db_state *st)
{
    struct ds s = DS_EMPTY_INITIALIZER;

    fake_ovsdb_dump(st, &s);
    return ds_steal_cstr(&s);
}

/* A copy of 'st', through the dump's columns. */
static void
copy_state(const struct db_state *st, struct db_state *copy)
{
    db_state_init(copy);
    copy->has_root = st->has_root;
    smap_clone(&copy->other_config, &st->other_config);
    smap_clone(&copy->external_ids, &st->external_ids);

    struct shash_node *node;
    SHASH_FOR_EACH (node, &st->bridges) {
        const struct db_bridge *b = node->data;
        struct db_bridge *c = db_state_add_bridge(copy, b->name);

        free(c->datapath_type);
        c->datapath_type = nullable_xstrdup(b->datapath_type);
        c->fail_mode = nullable_xstrdup(b->fail_mode);
        smap_clone(&c->other_config, &b->other_config);
        smap_clone(&c->external_ids, &b->external_ids);
    }
    SHASH_FOR_EACH (node, &st->ports) {
        const struct db_port *p = node->data;
        struct db_port *c = db_state_add_port(copy, p->bridge, p->name);

        c->tag = p->tag;
        c->trunks = xmemdup(p->trunks, p->n_trunks * sizeof *p->trunks);
        c->n_trunks = p->n_trunks;
        c->bond_mode = nullable_xstrdup(p->bond_mode);
        c->lacp = nullable_xstrdup(p->lacp);
        c->bond_updelay = p->bond_updelay;
        c->bond_downdelay = p->bond_downdelay;
        smap_clone(&c->other_config, &p->other_config);
        smap_clone(&c->external_ids, &p->external_ids);
    }
    SHASH_FOR_EACH (node, &st->ifaces) {
        const struct db_iface *i = node->data;
        const char *holder = NULL;
        struct shash_node *pn;

        SHASH_FOR_EACH (pn, &st->ports) {
            const struct db_port *p = pn->data;
            for (size_t k = 0; k < p->n_ifaces; k++) {
                if (!strcmp(p->ifaces[k], i->name)) {
                    holder = p->name;
                }
            }
        }
        struct db_iface *c = db_state_add_iface(copy, holder, i->name);
        free(c->type);
        c->type = nullable_xstrdup(i->type);
        c->mtu_request = i->mtu_request;
        smap_clone(&c->options, &i->options);
        smap_clone(&c->other_config, &i->other_config);
        smap_clone(&c->external_ids, &i->external_ids);
    }
    db_state_finish(copy);
}

static void
converge(struct db_state *st, const char *yaml)
{
    struct plan plan;

    compute(yaml, st, &plan);
    fake_ovsdb_play(st, &plan);
    plan_destroy(&plan);
    compute(yaml, st, &plan);
    assert_true(plan_is_empty(&plan));
    plan_destroy(&plan);
}

static const char before_yaml[] =
    "version: 1\n"
    "ovs: {max-idle: 10000}\n"
    "bridges:\n"
    "  - name: br0\n"
    "    datapath-type: netdev\n"
    "    fail-mode: standalone\n"
    "    ports:\n"
    "      - {name: bond0, type: bond, members: [a0, a1],"
    " bond-mode: balance-tcp, lacp: active}\n"
    "      - {name: vm1, type: system, tag: 10}\n"
    "      - {name: vm2, type: internal, mtu: 1400, trunks: [20, 10]}\n"
    "  - name: br1\n"
    "    ports:\n"
    "      - {name: p1, type: system}\n";

/* Every kind of operation: root keys set and added, a bridge's scalar, a
 * port's tag, a bond's members (an interface deleted, one created), a new
 * bond taking over the interface of a deleted port, a whole bridge
 * deleted with its ports. */
static const char after_yaml[] =
    "version: 1\n"
    "ovs: {max-idle: 20000, hw-offload: true}\n"
    "bridges:\n"
    "  - name: br0\n"
    "    datapath-type: netdev\n"
    "    fail-mode: secure\n"
    "    ports:\n"
    "      - {name: bond0, type: bond, members: [a0, a2],"
    " bond-mode: active-backup, lacp: active}\n"
    "      - {name: vm1, type: system, tag: 20}\n"
    "      - {name: bond1, type: bond, members: [vm2, b1],"
    " bond-mode: active-backup}\n";

/* The database before: before_yaml applied, plus what others own: a root
 * key and a port added by hand to br0. */
static void
build_before(struct db_state *st)
{
    db_state_init(st);
    st->has_root = true;
    smap_add(&st->other_config, "foreign", "x");
    converge(st, before_yaml);

    struct db_port *hand = db_state_add_port(st, "br0", "hand0");
    db_state_add_iface(st, "hand0", "hand0");
    hand->tag = 5;
    db_state_finish(st);
}

static const struct ckpt_op *
find_ckpt_op(const struct checkpoint *ck, enum plan_table table,
             const char *name, enum ckpt_action action)
{
    for (size_t i = 0; i < ck->n_ops; i++) {
        const struct ckpt_op *op = &ck->ops[i];

        if (op->table == table && op->action == action
            && !strcmp(op->name, name)) {
            return op;
        }
    }
    return NULL;
}

static const struct ckpt_change *
find_ckpt_change(const struct ckpt_op *op, const char *column,
                 const char *key, const char *value)
{
    for (size_t i = 0; op && i < op->n_changes; i++) {
        const struct ckpt_change *c = &op->changes[i];
        const char *v = c->applied ? c->applied : c->restore;

        if (!strcmp(c->column, column)
            && (!key || (c->key && !strcmp(c->key, key)))
            && (!value || (v && !strcmp(v, value)))) {
            return c;
        }
    }
    return NULL;
}

static void
assert_value(const char *expected, const char *actual)
{
    if (expected) {
        assert_non_null(actual);
        assert_string_equal(expected, actual);
    } else {
        assert_null(actual);
    }
}

static void
test_record_each_kind(void **state OVS_UNUSED)
{
    struct db_state before;
    struct checkpoint ck;
    struct plan plan;
    const struct ckpt_op *op;
    const struct ckpt_change *c;

    build_before(&before);
    compute(after_yaml, &before, &plan);
    checkpoint_init(&ck);
    checkpoint_record_plan(&ck, &plan, &before);

    /* Modified root: old values of keys set, none for keys added. */
    op = find_ckpt_op(&ck, PLAN_OPEN_VSWITCH, ".", CKPT_RESTORE);
    c = find_ckpt_change(op, "other_config", "max-idle", NULL);
    assert_value("20000", c->applied);
    assert_value("10000", c->restore);
    c = find_ckpt_change(op, "other_config", "hw-offload", NULL);
    assert_value("true", c->applied);
    assert_null(c->restore);
    assert_null(find_ckpt_change(op, "other_config", "foreign", NULL));
    c = find_ckpt_change(op, "bridges", NULL, "br1");
    assert_true(c->ref);
    assert_null(c->applied);

    /* A scalar of a modified bridge, and its references. */
    op = find_ckpt_op(&ck, PLAN_BRIDGE, "br0", CKPT_RESTORE);
    c = find_ckpt_change(op, "fail_mode", NULL, NULL);
    assert_value("secure", c->applied);
    assert_value("standalone", c->restore);
    assert_non_null(find_ckpt_change(op, "ports", NULL, "bond1"));

    /* The deleted port vm2 goes back into br0 (the executor removes it
     * from the bridge without a change of its own). */
    c = NULL;
    for (size_t i = 0; i < ck.n_ops && !c; i++) {
        if (ck.ops[i].table == PLAN_BRIDGE
            && !strcmp(ck.ops[i].name, "br0")) {
            c = find_ckpt_change(&ck.ops[i], "ports", NULL, "vm2");
        }
    }
    assert_non_null(c);
    assert_true(c->ref);
    assert_null(c->applied);
    assert_value("vm2", c->restore);

    /* A modified port's scalar. */
    op = find_ckpt_op(&ck, PLAN_PORT, "vm1", CKPT_RESTORE);
    c = find_ckpt_change(op, "tag", NULL, NULL);
    assert_value("20", c->applied);
    assert_value("10", c->restore);

    /* A created row: what was written, for the check before deleting. */
    op = find_ckpt_op(&ck, PLAN_PORT, "bond1", CKPT_UNCREATE);
    assert_non_null(op);
    c = find_ckpt_change(op, "bond_mode", NULL, NULL);
    assert_value("active-backup", c->applied);
    assert_non_null(find_ckpt_op(&ck, PLAN_INTERFACE, "b1", CKPT_UNCREATE));
    assert_non_null(find_ckpt_op(&ck, PLAN_INTERFACE, "a2", CKPT_UNCREATE));

    /* Deleted rows: every column of the snapshot. */
    op = find_ckpt_op(&ck, PLAN_PORT, "vm2", CKPT_RECREATE);
    assert_value("br0", op->parent);
    assert_value("10,20", find_ckpt_change(op, "trunks", NULL,
                                           NULL)->restore);
    assert_value("", find_ckpt_change(op, "tag", NULL, NULL)->restore);
    assert_true(find_ckpt_change(op, "interfaces", NULL, "vm2")->ref);
    assert_value("ovs-offload",
                 find_ckpt_change(op, "external_ids", OFFLOAD_OWNER_KEY,
                                  NULL)->restore);
    op = find_ckpt_op(&ck, PLAN_BRIDGE, "br1", CKPT_RECREATE);
    assert_non_null(find_ckpt_change(op, "ports", NULL, "p1"));
    assert_non_null(find_ckpt_change(op, "ports", NULL, "br1"));
    op = find_ckpt_op(&ck, PLAN_INTERFACE, "a1", CKPT_RECREATE);
    assert_non_null(op);
    assert_non_null(find_ckpt_op(&ck, PLAN_PORT, "p1", CKPT_RECREATE));

    /* The interface vm2 moves: modified, its old type kept. */
    op = find_ckpt_op(&ck, PLAN_INTERFACE, "vm2", CKPT_RESTORE);
    c = find_ckpt_change(op, "type", NULL, NULL);
    assert_value("internal", c->restore);
    c = find_ckpt_change(op, "mtu_request", NULL, NULL);
    assert_value("1400", c->restore);

    /* Nothing about what others own. */
    assert_null(find_ckpt_op(&ck, PLAN_PORT, "hand0", CKPT_RESTORE));

    checkpoint_destroy(&ck);
    plan_destroy(&plan);
    db_state_destroy(&before);
}

/* Apply, then roll back: the database is exactly as before. */
static void
test_rollback_exact(void **state OVS_UNUSED)
{
    struct db_state before, db;
    struct checkpoint ck;
    struct plan plan, rb;
    struct ds conflicts = DS_EMPTY_INITIALIZER;

    build_before(&before);
    copy_state(&before, &db);
    char *before_dump = dump(&before);
    char *copy_dump = dump(&db);
    assert_string_equal(before_dump, copy_dump);
    free(copy_dump);

    compute(after_yaml, &db, &plan);
    checkpoint_init(&ck);
    checkpoint_record_plan(&ck, &plan, &db);

    /* Not committed yet (the CLI killed before): nothing to do. */
    plan_init(&rb);
    assert_int_equal(checkpoint_rollback_plan(&ck, &db, &rb, &conflicts), 0);
    assert_true(plan_is_empty(&rb));
    plan_destroy(&rb);

    fake_ovsdb_play(&db, &plan);
    plan_destroy(&plan);
    char *applied_dump = dump(&db);
    assert_string_not_equal(before_dump, applied_dump);
    free(applied_dump);

    plan_init(&rb);
    assert_int_equal(checkpoint_rollback_plan(&ck, &db, &rb, &conflicts), 0);
    assert_string_equal(ds_cstr(&conflicts), "");
    assert_false(plan_is_empty(&rb));
    fake_ovsdb_play(&db, &rb);
    plan_destroy(&rb);

    char *after_dump = dump(&db);
    assert_string_equal(before_dump, after_dump);
    free(after_dump);

    /* Rolled back: a second rollback has nothing to do. */
    plan_init(&rb);
    assert_int_equal(checkpoint_rollback_plan(&ck, &db, &rb, &conflicts), 0);
    assert_true(plan_is_empty(&rb));
    plan_destroy(&rb);

    /* And the planner agrees: the before file matches again, the foreign
     * root key and the hand-made port are untouched. */
    compute(before_yaml, &db, &plan);
    assert_true(plan_is_empty(&plan));
    plan_destroy(&plan);
    assert_string_equal(smap_get(&db.other_config, "foreign"), "x");
    assert_non_null(shash_find(&db.ports, "hand0"));

    free(before_dump);
    ds_destroy(&conflicts);
    checkpoint_destroy(&ck);
    db_state_destroy(&db);
    db_state_destroy(&before);
}

/* Values changed by another client since the apply: reported, and the
 * rollback changes nothing. */
static void
test_rollback_conflicts(void **state OVS_UNUSED)
{
    struct db_state db;
    struct checkpoint ck;
    struct plan plan, rb;

    build_before(&db);
    compute(after_yaml, &db, &plan);
    checkpoint_init(&ck);
    checkpoint_record_plan(&ck, &plan, &db);
    fake_ovsdb_play(&db, &plan);
    plan_destroy(&plan);

    /* A global key the apply set, a column of a row it created, and a
     * row of the name of one it deleted. */
    smap_replace(&db.other_config, "max-idle", "30000");
    struct db_port *bond1 = shash_find_data(&db.ports, "bond1");
    free(bond1->bond_mode);
    bond1->bond_mode = xstrdup("balance-slb");
    db_state_add_bridge(&db, "br1");
    db_state_finish(&db);

    struct ds conflicts = DS_EMPTY_INITIALIZER;
    plan_init(&rb);
    assert_int_equal(checkpoint_rollback_plan(&ck, &db, &rb, &conflicts), 3);
    assert_true(plan_is_empty(&rb));
    assert_non_null(strstr(ds_cstr(&conflicts), "other_config:max-idle is "
                           "\"30000\", but the apply set \"20000\""));
    assert_non_null(strstr(ds_cstr(&conflicts), "Port bond1: bond_mode"));
    assert_non_null(strstr(ds_cstr(&conflicts), "Bridge br1: the apply "
                           "deleted it"));
    plan_destroy(&rb);

    /* A row the apply modified, deleted since. */
    ds_clear(&conflicts);
    smap_replace(&db.other_config, "max-idle", "20000");
    free(bond1->bond_mode);
    bond1->bond_mode = xstrdup("active-backup");
    db_state_delete_bridge(&db, "br1");
    db_state_delete_port(&db, "vm1");
    plan_init(&rb);
    assert_int_equal(checkpoint_rollback_plan(&ck, &db, &rb, &conflicts), 1);
    assert_non_null(strstr(ds_cstr(&conflicts), "Port vm1: deleted"));
    plan_destroy(&rb);

    ds_destroy(&conflicts);
    checkpoint_destroy(&ck);
    db_state_destroy(&db);
}

static void
fill_checkpoint(struct checkpoint *ck)
{
    struct db_state before;
    struct plan plan;

    build_before(&before);
    compute(after_yaml, &before, &plan);
    checkpoint_init(ck);
    checkpoint_record_plan(ck, &plan, &before);
    plan_destroy(&plan);
    db_state_destroy(&before);

    ck->id = xstrdup("123-456");
    ck->state = CKPT_PENDING;
    ck->created = 1700000000000LL;
    ck->deadline = 1700000030000LL;
    ck->guardian_pid = 4242;
    ck->source = xstrdup("/etc/ovs-offload/offload.yaml");
    ck->db = xstrdup("unix:/run/openvswitch/db.sock");
    ck->nic_state_file = xstrdup("/var/lib/ovs-offload/nic-state.json");
    ck->nic_state_before = json_from_string(
        "{\"pfs\": {\"pf0\": {\"numvfs\": 0}}, \"bonds\": []}");
    ck->nic_journal = json_from_string(
        "[{\"kind\": \"numvfs\", \"name\": \"pf0\", \"text\": null,"
        " \"number\": 0}]");
}

static char *
to_text(const struct checkpoint *ck)
{
    struct json *j = checkpoint_to_json(ck);
    char *s = json_to_string(j, JSSF_SORT);

    json_destroy(j);
    return s;
}

static void
test_json_round_trip(void **state OVS_UNUSED)
{
    struct checkpoint ck, back;

    fill_checkpoint(&ck);
    char *text = to_text(&ck);
    struct json *j = json_from_string(text);
    char *err = checkpoint_from_json(j, &back);
    json_destroy(j);
    assert_null(err);

    char *text2 = to_text(&back);
    assert_string_equal(text, text2);
    assert_int_equal(back.n_ops, ck.n_ops);
    assert_int_equal(back.state, CKPT_PENDING);
    assert_int_equal(back.guardian_pid, 4242);
    assert_true(back.deadline == 1700000030000LL);
    free(text2);
    free(text);
    checkpoint_destroy(&back);

    /* Malformed: refused, not half read. */
    static const char *const bad[] = {
        "[]",
        "{\"version\": 2, \"id\": \"x\", \"ovsdb\": []}",
        "{\"version\": 1, \"ovsdb\": []}",
        "{\"version\": 1, \"id\": \"x\", \"ovsdb\": [{\"table\": \"Nope\","
        " \"action\": \"restore\", \"name\": \"a\", \"changes\": []}]}",
        "{\"version\": 1, \"id\": \"x\", \"ovsdb\": [{\"table\": \"Port\","
        " \"action\": \"restore\", \"name\": \"a\", \"changes\": [{}]}]}",
    };
    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        j = json_from_string(bad[i]);
        err = checkpoint_from_json(j, &back);
        json_destroy(j);
        assert_non_null(err);
        free(err);
    }
    checkpoint_destroy(&ck);
}

static void
test_files(void **state OVS_UNUSED)
{
    char dir[] = "/tmp/test-checkpoint.XXXXXX";
    struct checkpoint ck, back;
    struct stat st;
    char *err;

    assert_non_null(mkdtemp(dir));
    char *path = xasprintf("%s/sub/checkpoint.json", dir);
    fill_checkpoint(&ck);

    assert_int_equal(checkpoint_load(path, &back, &err), ENOENT);
    free(err);
    assert_int_equal(checkpoint_create_file(path, &ck, &err), 0);
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);

    /* A second checkpoint while one exists is refused. */
    assert_int_equal(checkpoint_create_file(path, &ck, &err), EEXIST);
    free(err);

    ck.state = CKPT_APPLYING;
    assert_int_equal(checkpoint_save(path, &ck, &err), 0);
    assert_int_equal(checkpoint_load(path, &back, &err), 0);
    assert_int_equal(back.state, CKPT_APPLYING);
    char *a = to_text(&ck), *b = to_text(&back);
    assert_string_equal(a, b);
    free(a);
    free(b);
    checkpoint_destroy(&back);

    int fd = checkpoint_lock(path, &err);
    assert_true(fd >= 0);
    checkpoint_unlock(fd);

    assert_int_equal(checkpoint_remove(path, &err), 0);
    assert_int_equal(checkpoint_remove(path, &err), 0);  /* Gone: fine. */
    assert_int_equal(checkpoint_load(path, &back, &err), ENOENT);
    free(err);

    char *lock = xasprintf("%s.lock", path);
    unlink(lock);
    free(lock);
    char *sub = xasprintf("%s/sub", dir);
    assert_int_equal(rmdir(sub), 0);
    free(sub);
    assert_int_equal(rmdir(dir), 0);
    free(path);
    checkpoint_destroy(&ck);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_each_kind),
        cmocka_unit_test(test_rollback_exact),
        cmocka_unit_test(test_rollback_conflicts),
        cmocka_unit_test(test_json_round_trip),
        cmocka_unit_test(test_files),
    };
    return cmocka_run_group_tests_name("checkpoint", tests, NULL, NULL);
}
