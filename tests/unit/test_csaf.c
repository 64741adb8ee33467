/* CSAF / VEX: the product-status store API (lib/store/vl_store_csaf.c) and
 * the importer's refusals of bad input (lib/collect/vl_csaf.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vulnloop/collect.h"
#include "vulnloop/store.h"

static char dbpath[256];

static void unlink_db(void) {
  char p[300];
  unlink(dbpath);
  snprintf(p, sizeof(p), "%s-wal", dbpath);
  unlink(p);
  snprintf(p, sizeof(p), "%s-shm", dbpath);
  unlink(p);
}

static int setup(void **state) {
  (void)state;
  snprintf(dbpath, sizeof(dbpath), "/tmp/vl-test-csaf-%d.db", (int)getpid());
  unlink_db();
  return 0;
}

static int teardown(void **state) {
  (void)state;
  unlink_db();
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

/* Collects "vuln doc product_id status" lines. */
struct seen {
  char text[4096];
  int n;
};

static int on_status(void *ud, const struct vl_product_status *p) {
  struct seen *s = ud;
  size_t len = strlen(s->text);
  snprintf(s->text + len, sizeof(s->text) - len, "%s %s %s %s %s\n", p->vuln,
           p->doc, p->product_id, p->status,
           p->justification ? p->justification : "-");
  s->n++;
  return 0;
}

static struct vl_csaf_doc doc_v(const char *version, vl_time modified) {
  struct vl_csaf_doc doc = {0};
  doc.id = "RHSA-2024:0001";
  doc.source = "csaf:redhat.com";
  doc.category = "csaf_security_advisory";
  doc.version = version;
  doc.status = "final";
  doc.title = "openssl security update";
  doc.publisher = "Red Hat Product Security";
  doc.url = "https://access.redhat.com/security/data/csaf/v2/advisories/"
            "2024/rhsa-2024_0001.json";
  doc.published = 1700000000;
  doc.modified = modified;
  return doc;
}

static void add_statements(struct vl_store *s, int64_t pk) {
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_product_status p = {0};
  p.vuln = "CVE-2023-0001";
  p.product_id = "BaseOS-8.8.0.Z.MAIN:openssl-1:1.1.1k-12.el8_9.src";
  p.name = "openssl-1:1.1.1k-12.el8_9.src as a component of RHEL 8";
  p.purl = "pkg:rpm/redhat/openssl@1.1.1k-12.el8_9?arch=src&epoch=1";
  p.status = p.detail = "fixed";
  p.remediation = "vendor_fix";
  assert_int_equal(vl_store_csaf_status_add(s, pk, &p, &d), 0);
  struct vl_product_status q = {0};
  q.vuln = "CVE-2023-0001";
  q.product_id = "BaseOS-8.8.0.Z.MAIN";
  q.name = "Red Hat Enterprise Linux BaseOS (v. 8)";
  q.cpe = "cpe:/o:redhat:enterprise_linux:8::baseos";
  q.status = "known_not_affected";
  q.detail = "known_not_affected";
  q.justification = "component_not_present";
  assert_int_equal(vl_store_csaf_status_add(s, pk, &q, &d), 0);
  q.vuln = "CVE-2023-0002";
  q.status = q.detail = "known_affected";
  q.justification = NULL;
  assert_int_equal(vl_store_csaf_status_add(s, pk, &q, &d), 0);
}

static void test_status_filters(void **state) {
  (void)state;
  struct vl_store *s = open_db();
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_store_begin(s, &d), 0);
  struct vl_csaf_doc doc = doc_v("1", 1700000000);
  int changed = -1;
  int64_t pk = 0;
  assert_int_equal(vl_store_csaf_doc_begin(s, &doc, &changed, &pk, &d), 0);
  assert_int_equal(changed, 1);
  assert_true(pk > 0);
  add_statements(s, pk);
  assert_int_equal(vl_store_commit(s, &d), 0);

  struct seen a = {{0}, 0};
  assert_int_equal(
      vl_store_product_status(s, "CVE-2023-0001", NULL, NULL, on_status, &a,
                              &d),
      0);
  assert_string_equal(
      a.text,
      "CVE-2023-0001 RHSA-2024:0001 BaseOS-8.8.0.Z.MAIN known_not_affected "
      "component_not_present\n"
      "CVE-2023-0001 RHSA-2024:0001 "
      "BaseOS-8.8.0.Z.MAIN:openssl-1:1.1.1k-12.el8_9.src fixed -\n");

  /* The purl is compared without qualifiers; without a version it names
   * every version of the package. */
  struct seen b = {{0}, 0};
  assert_int_equal(vl_store_product_status(
                       s, NULL, "pkg:rpm/redhat/openssl@1.1.1k-12.el8_9",
                       NULL, on_status, &b, &d),
                   0);
  assert_int_equal(b.n, 1);
  struct seen c = {{0}, 0};
  assert_int_equal(vl_store_product_status(s, NULL, "pkg:rpm/redhat/openssl",
                                           NULL, on_status, &c, &d),
                   0);
  assert_int_equal(c.n, 1);
  struct seen e = {{0}, 0};
  assert_int_equal(vl_store_product_status(
                       s, NULL, "pkg:rpm/redhat/openssl@1.1.1k-13.el8_9",
                       NULL, on_status, &e, &d),
                   0);
  assert_int_equal(e.n, 0);

  /* The CPE filter: vendor:product, or a CPE in either binding. */
  const char *cpes[] = {"redhat:enterprise_linux",
                        "cpe:2.3:o:redhat:enterprise_linux:9:*:*:*:*:*:*:*",
                        "cpe:/o:RedHat:Enterprise_Linux"};
  for (size_t i = 0; i < 3; i++) {
    struct seen f = {{0}, 0};
    assert_int_equal(
        vl_store_product_status(s, NULL, NULL, cpes[i], on_status, &f, &d),
        0);
    assert_int_equal(f.n, 2);
  }
  /* Filters combine. */
  struct seen g = {{0}, 0};
  assert_int_equal(vl_store_product_status(s, "CVE-2023-0002", NULL,
                                           "redhat:enterprise_linux",
                                           on_status, &g, &d),
                   0);
  assert_string_equal(g.text, "CVE-2023-0002 RHSA-2024:0001 "
                              "BaseOS-8.8.0.Z.MAIN known_affected -\n");
  struct seen h = {{0}, 0};
  assert_int_equal(vl_store_product_status(s, "CVE-2023-0002",
                                           "pkg:rpm/redhat/openssl", NULL,
                                           on_status, &h, &d),
                   0);
  assert_int_equal(h.n, 0);
  /* Bad filters are refused. */
  assert_int_equal(vl_store_product_status(s, NULL, "pkg:", NULL, on_status,
                                           &h, &d),
                   VL_EPARSE);
  assert_int_equal(vl_store_product_status(s, NULL, NULL, "nocolon",
                                           on_status, &h, &d),
                   VL_EINVAL);
  vl_store_close(s);
}

static void test_doc_versions(void **state) {
  (void)state;
  struct vl_store *s = open_db();
  struct vl_diag d;
  vl_diag_clear(&d);
  int changed;
  int64_t pk, pk2;
  struct vl_csaf_doc v2 = doc_v("2", 1700001000);
  assert_int_equal(vl_store_begin(s, &d), 0);
  assert_int_equal(vl_store_csaf_doc_begin(s, &v2, &changed, &pk, &d), 0);
  assert_int_equal(changed, 1);
  add_statements(s, pk);
  /* The same, and an older date or version: unchanged, nothing deleted. */
  assert_int_equal(vl_store_csaf_doc_begin(s, &v2, &changed, &pk2, &d), 0);
  assert_int_equal(changed, 0);
  struct vl_csaf_doc old = doc_v("3", 1700000999);
  assert_int_equal(vl_store_csaf_doc_begin(s, &old, &changed, &pk2, &d), 0);
  assert_int_equal(changed, 0);
  struct vl_csaf_doc v10 = doc_v("10", 1700001000); /* 10 > 2, not "10" < "2" */
  struct vl_csaf_doc v1 = doc_v("1", 1700001000);
  assert_int_equal(vl_store_csaf_doc_begin(s, &v1, &changed, &pk2, &d), 0);
  assert_int_equal(changed, 0);
  struct seen a = {{0}, 0};
  assert_int_equal(vl_store_product_status_doc(s, "rhsa-2024:0001", on_status,
                                               &a, &d),
                   0);
  assert_int_equal(a.n, 3);
  /* A newer version on the same date replaces every statement. */
  assert_int_equal(vl_store_csaf_doc_begin(s, &v10, &changed, &pk2, &d), 0);
  assert_int_equal(changed, 1);
  assert_int_equal(pk2, pk);
  struct seen b = {{0}, 0};
  assert_int_equal(vl_store_product_status_doc(s, "RHSA-2024:0001", on_status,
                                               &b, &d),
                   0);
  assert_int_equal(b.n, 0);
  /* Semantic versions: a release is newer than its pre-release. */
  struct vl_csaf_doc rc1 = doc_v("11.0.0-rc.1", 1700001000);
  struct vl_csaf_doc rel = doc_v("11.0.0", 1700001000);
  assert_int_equal(vl_store_csaf_doc_begin(s, &rc1, &changed, &pk2, &d), 0);
  assert_int_equal(changed, 1);
  assert_int_equal(vl_store_csaf_doc_begin(s, &rel, &changed, &pk2, &d), 0);
  assert_int_equal(changed, 1);
  assert_int_equal(vl_store_csaf_doc_begin(s, &rc1, &changed, &pk2, &d), 0);
  assert_int_equal(changed, 0);
  assert_int_equal(vl_store_commit(s, &d), 0);
  vl_store_close(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_status_filters, setup, teardown),
      cmocka_unit_test_setup_teardown(test_doc_versions, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
