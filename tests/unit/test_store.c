/* lib/store: migrations, upsert rules, tenant isolation, the audit chain. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vulnloop/store.h"

static char dbpath[256];

static int setup(void **state) {
  (void)state;
  snprintf(dbpath, sizeof(dbpath), "/tmp/vl-test-store-%d.db", (int)getpid());
  unlink(dbpath);
  return 0;
}

static int teardown(void **state) {
  (void)state;
  char p[300];
  unlink(dbpath);
  snprintf(p, sizeof(p), "%s-wal", dbpath);
  unlink(p);
  snprintf(p, sizeof(p), "%s-shm", dbpath);
  unlink(p);
  return 0;
}

static struct vl_store *open_db(void) {
  struct vl_store *s = NULL;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_store_open(dbpath, &s, &d);
  if (rc) fprintf(stderr, "open: %s\n", d.msg);
  assert_int_equal(rc, 0);
  return s;
}

static void test_migrations_idempotent(void **state) {
  (void)state;
  struct vl_store *s = open_db();
  int v = vl_store_schema_version(s);
  assert_true(v >= 1);
  vl_store_close(s);
  s = open_db();
  assert_int_equal(vl_store_schema_version(s), v);
  vl_store_close(s);
}

static int count_cvss(void *ud, const struct vl_vuln_info *v) {
  char **desc = ud;
  *desc = strdup(v->desc_en ? v->desc_en : "");
  return 0;
}

static void test_newer_record_replaces_older_kept(void **state) {
  (void)state;
  struct vl_store *s = open_db();
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_affected aff = {0};
  aff.config_op = "OR";
  aff.node_op = "OR";
  aff.vulnerable = true;
  aff.criterion = "cpe:2.3:a:x:y:*:*:*:*:*:*:*:*";
  aff.part = "a";
  aff.vendor = "x";
  aff.product = "y";
  aff.end_excl = "2.0";
  struct vl_vuln v = {0};
  v.id = "CVE-2000-0001";
  v.source = "nvd";
  v.modified = 1000;
  v.desc_en = "first";
  v.affected = &aff;
  v.n_affected = 1;
  int changed;
  assert_int_equal(vl_store_vuln_upsert(s, &v, &changed, &d), 0);
  assert_int_equal(changed, 1);
  /* Same modification time: unchanged. */
  v.desc_en = "same time, different text";
  assert_int_equal(vl_store_vuln_upsert(s, &v, &changed, &d), 0);
  assert_int_equal(changed, 0);
  /* Older: unchanged. */
  v.modified = 500;
  v.desc_en = "older";
  assert_int_equal(vl_store_vuln_upsert(s, &v, &changed, &d), 0);
  assert_int_equal(changed, 0);
  /* Newer: replaces, and the affected statements are replaced too. */
  v.modified = 2000;
  v.desc_en = "newer";
  v.n_affected = 0;
  assert_int_equal(vl_store_vuln_upsert(s, &v, &changed, &d), 0);
  assert_int_equal(changed, 1);
  char *desc = NULL;
  assert_int_equal(vl_store_vuln_info(s, "CVE-2000-0001", count_cvss, &desc, &d), 0);
  assert_string_equal(desc, "newer");
  free(desc);
  struct vl_ctx ctx;
  assert_int_equal(vl_ctx_init(&ctx, s, "default", "t", &d), 0);
  struct vl_store_counts c;
  assert_int_equal(vl_store_counts(&ctx, &c, &d), 0);
  assert_int_equal(c.vulns, 1);
  assert_int_equal(c.affected, 0);
  vl_store_close(s);
}

static int count_assets(void *ud, const struct vl_asset *a) {
  (void)a;
  (*(int *)ud)++;
  return 0;
}

static void test_tenants_are_isolated(void **state) {
  (void)state;
  struct vl_store *s = open_db();
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_ctx a, b;
  assert_int_equal(vl_ctx_init(&a, s, "acme", "t", &d), 0);
  assert_int_equal(vl_ctx_init(&b, s, "globex", "t", &d), 0);
  assert_true(a.tenant_id != b.tenant_id);
  struct vl_asset as = {0};
  as.name = "web-01";
  int64_t id;
  int changed;
  assert_int_equal(vl_store_asset_upsert(&a, &as, VL_ASSET_REPLACE, &id, &changed, &d), 0);
  int n = 0;
  assert_int_equal(vl_store_assets(&b, count_assets, &n, &d), 0);
  assert_int_equal(n, 0);
  assert_int_equal(vl_store_assets(&a, count_assets, &n, &d), 0);
  assert_int_equal(n, 1);
  /* A ticket id of one tenant is not found from the other. */
  int64_t tid;
  int created;
  assert_int_equal(vl_store_ticket_ensure(&a, "CVE-1", "fix", "t", &tid,
                                          &created, &d), 0);
  assert_int_equal(vl_store_ticket_update(&b, tid, "closed", NULL, NULL, 0, &d),
                   VL_ENOTFOUND);
  vl_store_close(s);
}

static void test_audit_chain_detects_tampering(void **state) {
  (void)state;
  struct vl_store *s = open_db();
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_ctx c;
  assert_int_equal(vl_ctx_init(&c, s, "default", "alice", &d), 0);
  for (int i = 1; i <= 3; i++)
    assert_int_equal(vl_store_audit(&c, "ticket.state", "ticket", i,
                                    "{\"state\":\"open\"}",
                                    "{\"state\":\"in_progress\"}", &d),
                     0);
  int64_t n;
  assert_int_equal(vl_store_audit_verify(&c, &n, &d), 0);
  assert_int_equal(n, 3);
  vl_store_close(s);
  /* The triggers refuse edits ... */
  sqlite3 *db;
  assert_int_equal(sqlite3_open(dbpath, &db), SQLITE_OK);
  assert_int_not_equal(
      sqlite3_exec(db, "UPDATE audit SET actor = 'mallory' WHERE id = 2", NULL,
                   NULL, NULL),
      SQLITE_OK);
  /* ... and an edit made behind their back is caught by the chain. */
  assert_int_equal(sqlite3_exec(db,
                                "DROP TRIGGER audit_no_update;"
                                "UPDATE audit SET actor = 'mallory' WHERE id = 2",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  sqlite3_close(db);
  s = open_db();
  assert_int_equal(vl_ctx_init(&c, s, "default", "alice", &d), 0);
  assert_int_equal(vl_store_audit_verify(&c, &n, &d), VL_EINTERNAL);
  assert_non_null(strstr(d.msg, "event 2"));
  vl_store_close(s);
}

static void test_rollback_leaves_nothing(void **state) {
  (void)state;
  struct vl_store *s = open_db();
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_ctx c;
  assert_int_equal(vl_ctx_init(&c, s, "default", "t", &d), 0);
  assert_int_equal(vl_store_begin(s, &d), 0);
  struct vl_asset as = {0};
  as.name = "ghost";
  int64_t id;
  int changed;
  assert_int_equal(vl_store_asset_upsert(&c, &as, VL_ASSET_REPLACE, &id, &changed, &d), 0);
  vl_store_rollback(s);
  int n = 0;
  assert_int_equal(vl_store_assets(&c, count_assets, &n, &d), 0);
  assert_int_equal(n, 0);
  vl_store_close(s);
}


static int get_asset(void *ud, const struct vl_asset *a) {
  char **owner = ud;
  free(owner[0]);
  free(owner[1]);
  owner[0] = a->owner ? strdup(a->owner) : NULL;
  owner[1] = a->os ? strdup(a->os) : NULL;
  return 0;
}

/* A CMDB (replace) sets every attribute; a package list (merge) sets only
 * what it knows and keeps the rest. */
static void test_asset_merge_keeps_attributes(void **state) {
  (void)state;
  struct vl_store *s = open_db();
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_ctx c;
  assert_int_equal(vl_ctx_init(&c, s, "default", "t", &d), 0);
  struct vl_asset as = {0};
  as.name = "web-01";
  as.owner = "alice";
  int64_t id, id2;
  int changed;
  assert_int_equal(vl_store_asset_upsert(&c, &as, VL_ASSET_REPLACE, &id, &changed, &d), 0);
  struct vl_asset pk = {0};
  pk.name = "web-01";
  pk.os = "Debian GNU/Linux 12";
  assert_int_equal(vl_store_asset_upsert(&c, &pk, VL_ASSET_MERGE, &id2, &changed, &d), 0);
  assert_int_equal(id, id2);
  assert_int_equal(changed, 1);
  char *got[2] = {NULL, NULL};
  assert_int_equal(vl_store_asset_by_name(&c, "web-01", get_asset, got, &d), 0);
  assert_string_equal(got[0], "alice");
  assert_string_equal(got[1], "Debian GNU/Linux 12");
  /* The same merge again changes nothing. */
  assert_int_equal(vl_store_asset_upsert(&c, &pk, VL_ASSET_MERGE, &id2, &changed, &d), 0);
  assert_int_equal(changed, 0);
  /* A replace without an owner clears it. */
  assert_int_equal(vl_store_asset_upsert(&c, &pk, VL_ASSET_REPLACE, &id2, &changed, &d), 0);
  assert_int_equal(vl_store_asset_by_name(&c, "web-01", get_asset, got, &d), 0);
  assert_null(got[0]);
  free(got[0]);
  free(got[1]);
  vl_store_close(s);
}

static int count_sw(void *ud, const struct vl_software *sw) {
  (void)sw;
  (*(int *)ud)++;
  return 0;
}

/* A re-import of one origin removes only that origin's software, and only
 * what this import (scan) did not list again. */
static void test_software_sweep_by_origin(void **state) {
  (void)state;
  struct vl_store *s = open_db();
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_ctx c;
  assert_int_equal(vl_ctx_init(&c, s, "default", "t", &d), 0);
  struct vl_asset as = {0};
  as.name = "web-01";
  int64_t aid, sid;
  int changed, n;
  assert_int_equal(vl_store_asset_upsert(&c, &as, VL_ASSET_REPLACE, &aid, &changed, &d), 0);
  struct vl_software cpe = {0};
  cpe.origin = "cmdb";
  cpe.cpe = "cpe:2.3:a:haxx:curl:7.88.1:*:*:*:*:*:*:*";
  cpe.vendor = "haxx";
  cpe.product = "curl";
  cpe.version = "7.88.1";
  cpe.seen_scan = 1;
  assert_int_equal(vl_store_software_seen(&c, aid, &cpe, &sid, &changed, &d), 0);
  assert_int_equal(changed, 1);
  struct vl_software deb = {0};
  deb.origin = "dpkg";
  deb.ident = "deb:curl:amd64";
  deb.product = "curl";
  deb.name = "curl";
  deb.ecosystem = "deb";
  deb.version = "7.88.1-10+deb12u4";
  deb.scheme = "dpkg";
  deb.seen_scan = 1;
  assert_int_equal(vl_store_software_seen(&c, aid, &deb, &sid, &changed, &d), 0);
  /* Seen again at the same version: not a change; a new version is. */
  deb.seen_scan = 2;
  assert_int_equal(vl_store_software_seen(&c, aid, &deb, &sid, &changed, &d), 0);
  assert_int_equal(changed, 0);
  deb.version = "7.88.1-10+deb12u5";
  deb.seen_scan = 3;
  assert_int_equal(vl_store_software_seen(&c, aid, &deb, &sid, &changed, &d), 0);
  assert_int_equal(changed, 1);
  /* Scan 4 of origin dpkg lists nothing: the package goes, the CPE stays. */
  assert_int_equal(vl_store_software_sweep(&c, aid, "dpkg", 4, &n, &d), 0);
  assert_int_equal(n, 1);
  int left = 0;
  assert_int_equal(vl_store_software(&c, aid, count_sw, &left, &d), 0);
  assert_int_equal(left, 1);
  /* A cmdb sweep for scan 1, which listed the CPE: nothing to remove. */
  assert_int_equal(vl_store_software_sweep(&c, aid, "cmdb", 1, &n, &d), 0);
  assert_int_equal(n, 0);
  vl_store_close(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_migrations_idempotent, setup, teardown),
      cmocka_unit_test_setup_teardown(test_newer_record_replaces_older_kept, setup, teardown),
      cmocka_unit_test_setup_teardown(test_tenants_are_isolated, setup, teardown),
      cmocka_unit_test_setup_teardown(test_audit_chain_detects_tampering, setup, teardown),
      cmocka_unit_test_setup_teardown(test_rollback_leaves_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_asset_merge_keeps_attributes, setup, teardown),
      cmocka_unit_test_setup_teardown(test_software_sweep_by_origin, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
