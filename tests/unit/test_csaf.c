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
                   VL_EINVAL);
  /* A CPE with an ANY vendor, or an empty part, names nothing. */
  assert_int_equal(vl_store_product_status(
                       s, NULL, NULL, "cpe:2.3:o:*:enterprise_linux:*:*:*:*:*:*:*:*",
                       on_status, &h, &d),
                   0);
  assert_int_equal(vl_store_product_status(s, NULL, NULL, ":enterprise_linux",
                                           on_status, &h, &d),
                   0);
  assert_int_equal(h.n, 0);
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

static int count_status(void *ud, const struct vl_product_status *p) {
  (void)p;
  (*(long *)ud)++;
  return 0;
}

static long statements(struct vl_store *s, const char *vuln, const char *purl,
                       const char *cpe) {
  long n = 0;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_store_product_status(s, vuln, purl, cpe, count_status, &n, &d);
  if (rc) fprintf(stderr, "product_status: %s\n", d.msg);
  assert_int_equal(rc, 0);
  return n;
}

/* Red Hat's VEX file of CVE-2023-6212, imported by the feed importer and
 * looked up the way the matcher does.  The expected counts were computed
 * from the document itself with Python's json module (statuses resolved
 * through relationships to the component's purl and the platform's CPE),
 * not from this importer's output. */
static void test_redhat_vex_lookups(void **state) {
  (void)state;
  const char *shared = getenv("VL_SHARED_DATA");
  assert_non_null(shared);
  char path[512];
  snprintf(path, sizeof(path),
           "%s/feeds/pkg/fetch/redhat/vex/v1/testdata/fixtures/2023/"
           "cve-2023-6212.json",
           shared);
  struct vl_store *s = open_db();
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_feed_stats st;
  int rc = vl_feed_import(s, path, &st, &d);
  if (rc) fprintf(stderr, "import: %s\n", d.msg);
  assert_int_equal(rc, 0);
  assert_string_equal(st.format, "csaf-vex");
  assert_int_equal(st.changed, 1);
  assert_int_equal(statements(s, "CVE-2023-6212", NULL, NULL), 333);
  assert_int_equal(statements(s, NULL, "pkg:rpm/redhat/firefox", NULL), 86);
  assert_int_equal(statements(s, NULL,
                              "pkg:rpm/redhat/firefox@115.5.0-1.el8_9?arch=x86_64",
                              NULL),
                   5);
  assert_int_equal(statements(s, NULL, NULL, "redhat:enterprise_linux"), 139);
  assert_int_equal(statements(s, NULL, NULL, "cpe:/a:redhat:rhel_eus"), 108);
  assert_int_equal(statements(s, "CVE-2023-6212", "pkg:rpm/redhat/firefox",
                              "redhat:rhel_eus"),
                   20);
  /* The same file again: unchanged, nothing added. */
  vl_diag_clear(&d);
  assert_int_equal(vl_feed_import(s, path, &st, &d), 0);
  assert_int_equal(st.changed, 0);
  assert_int_equal(st.unchanged, 1);
  assert_int_equal(statements(s, NULL, NULL, NULL), 333);
  vl_store_close(s);
}

static void write_file(const char *path, const char *text) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

/* A small valid document; bad variants are made from its text. */
static const char *const good_doc =
    "{\"document\": {\"category\": \"csaf_base\", \"csaf_version\": "
    "\"2.0\",\n"
    " \"title\": \"t\", \"publisher\": {\"category\": \"vendor\", "
    "\"name\": \"V\",\n"
    " \"namespace\": \"https://v.example\"},\n"
    " \"tracking\": {\"id\": \"V-1\", \"version\": \"1\", \"status\": "
    "\"final\",\n"
    "  \"initial_release_date\": \"2024-01-01T00:00:00Z\",\n"
    "  \"current_release_date\": \"2024-01-01T00:00:00Z\",\n"
    "  \"revision_history\": []}},\n"
    " \"product_tree\": {\"full_product_names\": [{\"name\": \"P\", "
    "\"product_id\": \"P1\"}]},\n"
    " \"vulnerabilities\": [{\"cve\": \"CVE-2099-0001\",\n"
    "  \"product_status\": {\"known_affected\": [\"P1\"]}}]}\n";

struct bad_case {
  const char *name;       /* file name */
  const char *from, *to;  /* replace from by to in good_doc (NULL: cut) */
  int code;               /* expected error */
  long line;              /* expected line (0: none) */
  const char *path;       /* expected JSON path prefix, or "" */
};

static void test_bad_documents(void **state) {
  (void)state;
  static const struct bad_case cases[] = {
      {"wrong-type.json", "[\"P1\"]}}]}", "\"P1\"}}]}", VL_ETYPE, 10,
       "$.vulnerabilities[0].product_status.known_affected"},
      {"undefined.json", "[\"P1\"]}}]}", "[\"P2\"]}}]}", VL_EINVAL, 10,
       "$.vulnerabilities[0].product_status.known_affected[0]"},
      {"missing.json", "\"title\": \"t\", ", "", VL_EINVAL, 1,
       "$.document.title"},
      {"number-id.json", "\"id\": \"V-1\"", "\"id\": 1", VL_ETYPE, 4,
       "$.document.tracking.id"},
      {"truncated.json", "\"vulnerabilities\"", NULL, VL_EPARSE, 0, ""},
      {"bad-utf8.json", "\"name\": \"P\"", "\"name\": \"\xff\xfe\"",
       VL_EPARSE, 8, ""},
      {"not-json.json", "\"vulnerabilities\": [", "\"vulnerabilities\": [}",
       VL_EPARSE, 9, ""},
  };
  struct vl_store *s = open_db();
  for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
    const struct bad_case *c = &cases[i];
    char text[4096], path[300];
    const char *at = strstr(good_doc, c->from);
    assert_non_null(at);
    size_t head = (size_t)(at - good_doc);
    if (c->to)
      snprintf(text, sizeof(text), "%.*s%s%s", (int)head, good_doc, c->to,
               at + strlen(c->from));
    else
      snprintf(text, sizeof(text), "%.*s", (int)head, good_doc);
    snprintf(path, sizeof(path), "/tmp/vl-test-csaf-%d-%s", (int)getpid(),
             c->name);
    write_file(path, text);
    struct vl_diag d;
    vl_diag_clear(&d);
    struct vl_feed_stats st;
    int rc = vl_feed_import(s, path, &st, &d);
    unlink(path);
    if (rc != c->code)
      fprintf(stderr, "%s: %d %s (%s)\n", c->name, rc, d.msg, d.path);
    assert_int_equal(rc, c->code);
    assert_string_equal(d.file, path);
    if (c->line) assert_int_equal(d.line, c->line);
    assert_true(d.line > 0);
    assert_int_equal(strncmp(d.path, c->path, strlen(c->path)), 0);
    assert_int_equal(statements(s, NULL, NULL, NULL), 0);
  }
  /* The good document imports (the cases above fail for their fault). */
  char path[300];
  snprintf(path, sizeof(path), "/tmp/vl-test-csaf-%d-good.json",
           (int)getpid());
  write_file(path, good_doc);
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_feed_stats st;
  assert_int_equal(vl_feed_import(s, path, &st, &d), 0);
  assert_int_equal(statements(s, "CVE-2099-0001", NULL, NULL), 1);
  /* Oversized: refused before it is read (a sparse file past the cap). */
  FILE *f = fopen(path, "r+b");
  assert_non_null(f);
  assert_int_equal(fseek(f, 60L << 20, SEEK_SET), 0);
  fputc(' ', f);
  fclose(f);
  vl_diag_clear(&d);
  assert_int_equal(vl_feed_import(s, path, &st, &d), VL_ETOOBIG);
  assert_string_equal(d.file, path);
  unlink(path);
  vl_store_close(s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test_setup_teardown(test_status_filters, setup, teardown),
      cmocka_unit_test_setup_teardown(test_doc_versions, setup, teardown),
      cmocka_unit_test_setup_teardown(test_redhat_vex_lookups, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_bad_documents, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
