/* Unit tests of the matcher's engine (struct vl_matcher) with statements
 * of the tests' own, and of its release and ecosystem names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vulnloop/scope.h"
#include "vulnloop/version.h"

/* ------------------------------------------------------------ sources */

static struct vl_affected_row *g_cpe;   /* NVD rows */
static size_t g_ncpe;
static struct vl_distro_fix *g_dist;
static size_t g_ndist;
static struct vl_pkg_row *g_pkg;
static size_t g_npkg;

static int s_cpe(void *ud, const char *vendor, const char *product,
                 vl_affected_cb cb, void *cbud, struct vl_diag *d) {
  (void)ud, (void)d;
  for (size_t i = 0; i < g_ncpe; i++)
    if ((!vendor || !strcmp(g_cpe[i].a.vendor, vendor)) &&
        !strcmp(g_cpe[i].a.product, product)) {
      int rc = cb(cbud, &g_cpe[i]);
      if (rc) return rc;
    }
  return 0;
}
static int s_cpe_name(void *ud, const char *product, vl_affected_cb cb,
                      void *cbud, struct vl_diag *d) {
  return s_cpe(ud, NULL, product, cb, cbud, d);
}
static int s_config(void *ud, const char *vuln, int config, vl_affected_cb cb,
                    void *cbud, struct vl_diag *d) {
  (void)ud, (void)d;
  for (size_t i = 0; i < g_ncpe; i++)
    if (!strcmp(g_cpe[i].vuln, vuln) && g_cpe[i].a.config == config) {
      int rc = cb(cbud, &g_cpe[i]);
      if (rc) return rc;
    }
  return 0;
}
static int s_pkg(void *ud, const char *eco, const char *name, vl_pkg_row_cb cb,
                 void *cbud, struct vl_diag *d) {
  (void)ud, (void)d;
  for (size_t i = 0; i < g_npkg; i++)
    if (!strcmp(g_pkg[i].p.ecosystem, eco) && !strcmp(g_pkg[i].p.name, name)) {
      int rc = cb(cbud, &g_pkg[i]);
      if (rc) return rc;
    }
  return 0;
}
static int s_distro(void *ud, const char *distro, const char *release,
                    const char *src, vl_distro_fix_cb cb, void *cbud,
                    struct vl_diag *d) {
  (void)ud, (void)d;
  for (size_t i = 0; i < g_ndist; i++)
    if (!strcmp(g_dist[i].distro, distro) &&
        !strcmp(g_dist[i].release, release) &&
        !strcmp(g_dist[i].source_pkg, src)) {
      int rc = cb(cbud, &g_dist[i]);
      if (rc) return rc;
    }
  return 0;
}

static const struct vl_match_src src = {NULL,     s_cpe,    s_cpe_name,
                                        s_config, s_pkg,    s_distro,
                                        NULL,     NULL,     NULL};

/* What a run said: "asset vuln software-id [S]" lines. */
struct out {
  char lines[64][160];
  int n;
};
static int collect(void *ud, const struct vl_match_hit *h) {
  struct out *o = ud;
  if (o->n == 64) return VL_ETOOBIG;
  snprintf(o->lines[o->n++], 160, "%u %s %lld%s%s", h->asset, h->vuln,
           (long long)h->software_id, h->suppressed ? " S " : "",
           h->suppressed ? h->why.source : "");
  return 0;
}
static bool has(const struct out *o, const char *line) {
  for (int i = 0; i < o->n; i++)
    if (!strcmp(o->lines[i], line)) return true;
  return false;
}

static struct vl_affected_row nvd_row(int64_t id, const char *vuln, int config,
                                      const char *cop, int node,
                                      const char *nop, bool neg, bool vuln_,
                                      const char *crit, const char *vendor,
                                      const char *product, const char *si,
                                      const char *ee) {
  struct vl_affected_row r = {0};
  r.id = id;
  r.vuln = vuln;
  r.a.config = config;
  r.a.config_op = cop;
  r.a.node = node;
  r.a.node_op = nop;
  r.a.node_negate = neg;
  r.a.vulnerable = vuln_;
  r.a.criterion = crit;
  r.a.vendor = vendor;
  r.a.product = product;
  r.a.start_incl = si;
  r.a.end_excl = ee;
  return r;
}

static void run(struct vl_software *sw, const uint32_t *asset, size_t n,
                int threads, struct out *o) {
  struct vl_matcher *m;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_matcher_new(&src, &m), 0);
  assert_int_equal(vl_matcher_asset(m, 0, "debian", "12"), 0);
  assert_int_equal(vl_matcher_asset(m, 1, "debian", "12"), 0);
  assert_int_equal(vl_matcher_asset(m, 2, "debian", "11"), 0);
  for (size_t i = 0; i < n; i++)
    assert_int_equal(vl_matcher_add(m, asset[i], &sw[i]), 0);
  memset(o, 0, sizeof(*o));
  struct vl_match_stats st = {0};
  assert_int_equal(vl_matcher_run(m, threads, collect, o, &st, &d), 0);
  vl_matcher_free(m);
}

/* ------------------------------------------------------------- tests */

/* Rows that borrow one software struct are interned by its pointer: the
 * same struct on a Debian 12 and a Debian 11 asset is still two keys (only
 * bookworm has a statement), and a CPE-named application shared by every
 * asset is matched on each.  Rows that are all separate copies (past the
 * sample after which the pointer table is dropped) give the same verdicts
 * as shared ones. */
static int count_curl(void *ud, const struct vl_match_hit *h) {
  long *n = ud;
  if (!h->suppressed && !strcmp(h->vuln, "CVE-2023-38545")) n[h->asset]++;
  return 0;
}

static void test_shared_rows(void **state) {
  (void)state;
  struct vl_distro_fix f[] = {{"debian", "bookworm", "curl", "CVE-2023-38545",
                               "fixed", "7.88.1-10+deb12u4", "dpkg", NULL,
                               "t", 0}};
  struct vl_affected_row r[] = {
      nvd_row(1, "CVE-2099-0100", 0, "OR", 0, "OR", false, true,
              "cpe:2.3:a:haxx:libcurl:*:*:*:*:*:*:*:*", "haxx", "libcurl",
              "7.69.0", "8.4.0")};
  g_dist = f;
  g_ndist = 1;
  g_cpe = r;
  g_ncpe = 1;
  g_npkg = 0;
  struct vl_software deb = {0}, app = {0};
  deb.id = 7;
  deb.ecosystem = "deb";
  deb.name = deb.product = deb.source_name = "curl";
  deb.version = "7.88.1-10+deb12u3";
  app.id = 8;
  app.cpe = "cpe:2.3:a:haxx:libcurl:8.1.0:*:*:*:*:*:*:*";
  app.product = "libcurl";
  app.version = "8.1.0";
  struct vl_matcher *m;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_matcher_new(&src, &m), 0);
  assert_int_equal(vl_matcher_asset(m, 0, "debian", "12"), 0);
  assert_int_equal(vl_matcher_asset(m, 1, "debian", "12.5"), 0);
  assert_int_equal(vl_matcher_asset(m, 2, "debian", "11"), 0);
  for (uint32_t a = 0; a < 3; a++) {
    assert_int_equal(vl_matcher_add(m, a, &deb), 0);
    assert_int_equal(vl_matcher_add(m, a, &app), 0);
  }
  struct out o;
  memset(&o, 0, sizeof(o));
  struct vl_match_stats st = {0};
  assert_int_equal(vl_matcher_run(m, 1, collect, &o, &st, &d), 0);
  vl_matcher_free(m);
  assert_true(has(&o, "0 CVE-2023-38545 7"));
  assert_true(has(&o, "1 CVE-2023-38545 7"));
  assert_false(has(&o, "2 CVE-2023-38545 7"));
  for (int a = 0; a < 3; a++) {
    char line[64];
    snprintf(line, sizeof(line), "%d CVE-2099-0100 8", a);
    assert_true(has(&o, line));
  }
  assert_int_equal(o.n, 5);
  assert_int_equal(st.keys, 3); /* deb on bookworm, deb on bullseye, app */

  /* 6,000 separate copies on assets 0 (bookworm) and 2 (bullseye) */
  enum { NCOPY = 6000 };
  struct vl_software *cp = calloc(NCOPY, sizeof(*cp));
  assert_non_null(cp);
  assert_int_equal(vl_matcher_new(&src, &m), 0);
  assert_int_equal(vl_matcher_asset(m, 0, "debian", "12"), 0);
  assert_int_equal(vl_matcher_asset(m, 2, "debian", "11"), 0);
  for (size_t i = 0; i < NCOPY; i++) {
    cp[i] = deb;
    cp[i].id = (int64_t)i + 100;
    assert_int_equal(vl_matcher_add(m, i < NCOPY / 2 ? 0 : 2, &cp[i]), 0);
  }
  long n[3] = {0};
  memset(&st, 0, sizeof(st));
  assert_int_equal(vl_matcher_run(m, 1, count_curl, n, &st, &d), 0);
  vl_matcher_free(m);
  free(cp);
  assert_int_equal(n[0], NCOPY / 2);
  assert_int_equal(n[2], 0);
  assert_int_equal(st.keys, 2);
}


static void test_release_names(void **state) {
  (void)state;
  char b[32];
  assert_string_equal(vl_match_release("debian", "12", b, sizeof(b)), "bookworm");
  assert_string_equal(vl_match_release("debian", "12.5", b, sizeof(b)), "bookworm");
  assert_string_equal(vl_match_release("debian", "11", b, sizeof(b)), "bullseye");
  assert_string_equal(vl_match_release("debian", "bookworm", b, sizeof(b)), "bookworm");
  assert_string_equal(vl_match_release("debian", "120", b, sizeof(b)), "120");
  assert_string_equal(vl_match_release("alpine", "3.18.4", b, sizeof(b)), "v3.18");
  assert_string_equal(vl_match_release("alpine", "3.19", b, sizeof(b)), "v3.19");
  assert_string_equal(vl_match_release("alpine", "edge", b, sizeof(b)), "edge");
  assert_string_equal(vl_match_release("rhel", "9.4", b, sizeof(b)), "9.4");
  assert_null(vl_match_release("debian", NULL, b, sizeof(b)));
  assert_string_equal(vl_match_osv_ecosystem("pypi"), "PyPI");
  assert_string_equal(vl_match_osv_ecosystem("cargo"), "crates.io");
  assert_string_equal(vl_match_osv_ecosystem("golang"), "Go");
  assert_null(vl_match_osv_ecosystem("deb"));
  assert_null(vl_match_osv_ecosystem(NULL));
}

/* Debian's word in its own scheme: before the fixed version a finding,
 * at or after it none (epochs count); open is a finding without a fix;
 * Debian 11 (no statement) is not compared. */
static void test_distro(void **state) {
  (void)state;
  struct vl_distro_fix f[] = {
      {"debian", "bookworm", "curl", "CVE-2023-38545", "fixed",
       "7.88.1-10+deb12u4", "dpkg", NULL, "t", 0},
      {"debian", "bookworm", "curl", "CVE-2099-0001", "open", NULL, "dpkg",
       NULL, "t", 0},
      {"debian", "bookworm", "curl", "CVE-2099-0002", "not-affected", NULL,
       "dpkg", NULL, "t", 0},
      {"debian", "bookworm", "curl", "CVE-2099-0003", "fixed", "not a version",
       "dpkg", NULL, "t", 0}};
  g_dist = f;
  g_ndist = 4;
  g_ncpe = g_npkg = 0;
  struct vl_software sw[3] = {{0}};
  const char *ver[3] = {"7.88.1-10+deb12u3", "1:7.0-1", "7.88.1-10+deb12u3"};
  for (int i = 0; i < 3; i++) {
    sw[i].id = 10 + i;
    sw[i].ecosystem = "deb";
    sw[i].name = sw[i].product = "curl";
    sw[i].source_name = "curl";
    sw[i].version = ver[i];
  }
  uint32_t asset[3] = {0, 1, 2};
  struct out o;
  run(sw, asset, 3, 1, &o);
  assert_true(has(&o, "0 CVE-2023-38545 10"));
  assert_true(has(&o, "0 CVE-2099-0001 10"));
  assert_true(has(&o, "1 CVE-2099-0001 11"));
  assert_false(has(&o, "1 CVE-2023-38545 11")); /* epoch 1 > none */
  assert_int_equal(o.n, 3);                       /* nothing for asset 2 */
}

/* A running-on configuration whose platform node is negated: the
 * application matches only where the platform is absent. */
static void test_and_negate(void **state) {
  (void)state;
  /* a bound longer than any version a scheme accepts (VL_VERSION_MAX) */
  static char huge[VL_VERSION_MAX + 40];
  memset(huge, '9', sizeof(huge) - 1);
  struct vl_affected_row r[] = {
      nvd_row(1, "CVE-2099-1000", 0, "AND", 0, "OR", false, true,
              "cpe:2.3:a:acme:app:*:*:*:*:*:*:*:*", "acme", "app", "1.0", "2.0"),
      nvd_row(2, "CVE-2099-1000", 0, "AND", 1, "OR", true, false,
              "cpe:2.3:o:acme:os:-:*:*:*:*:*:*:*", "acme", "os", NULL, NULL),
      nvd_row(3, "CVE-2099-1001", 0, "OR", 0, "OR", false, true,
              "cpe:2.3:a:acme:app:*:*:*:*:*:*:*:*", "acme", "app", huge,
              NULL)};
  g_cpe = r;
  g_ncpe = 3;
  g_ndist = g_npkg = 0;
  struct vl_software sw[3] = {{0}};
  sw[0].id = 1;
  sw[0].cpe = "cpe:2.3:a:acme:app:1.5:*:*:*:*:*:*:*";
  sw[0].product = "app";
  sw[0].version = "1.5";
  sw[1] = sw[0];
  sw[1].id = 2;
  sw[2].id = 3;
  sw[2].cpe = "cpe:2.3:o:acme:os:-:*:*:*:*:*:*:*";
  sw[2].product = "os";
  sw[2].version = "-";
  uint32_t asset[3] = {0, 1, 1};
  struct out o;
  run(sw, asset, 3, 1, &o);
  assert_true(has(&o, "0 CVE-2099-1000 1"));
  assert_int_equal(o.n, 1); /* asset 1 runs the OS; bad bounds match none */
}

/* The distribution's fix overrides NVD's range on a CPE-named product of
 * the same name (library package without its soname digits). */
static void test_suppress(void **state) {
  (void)state;
  struct vl_affected_row r[] = {nvd_row(
      1, "CVE-2023-38545", 0, "OR", 0, "OR", false, true,
      "cpe:2.3:a:haxx:libcurl:*:*:*:*:*:*:*:*", "haxx", "libcurl", "7.69.0",
      "8.4.0")};
  struct vl_distro_fix f[] = {{"debian", "bookworm", "curl", "CVE-2023-38545",
                               "fixed", "7.88.1-10+deb12u4", "dpkg", NULL,
                               "t", 0}};
  g_cpe = r;
  g_ncpe = 1;
  g_dist = f;
  g_ndist = 1;
  g_npkg = 0;
  struct vl_software sw[3] = {{0}};
  sw[0].id = 1;
  sw[0].cpe = "cpe:2.3:a:haxx:libcurl:7.88.1:*:*:*:*:*:*:*";
  sw[0].product = "libcurl";
  sw[0].version = "7.88.1";
  sw[1].id = 2;
  sw[1].ecosystem = "deb";
  sw[1].name = sw[1].product = "libcurl4";
  sw[1].source_name = "curl";
  sw[1].version = "7.88.1-10+deb12u4";
  sw[2] = sw[0];
  sw[2].id = 3;
  uint32_t asset[3] = {0, 0, 1};
  struct out o;
  run(sw, asset, 3, 1, &o);
  assert_true(has(&o, "0 CVE-2023-38545 1 S distro"));
  assert_true(has(&o, "0 CVE-2023-38545 2 S distro")); /* mapped by name */
  assert_true(has(&o, "1 CVE-2023-38545 3"));          /* no Debian package */
  assert_int_equal(o.n, 3);
}

/* Package statements: a vers range and an explicit version list; a range
 * that does not parse matches nothing. */
static void test_pkg(void **state) {
  (void)state;
  struct vl_pkg_row p[3] = {{0}};
  p[0].vuln = "GHSA-1";
  p[0].source = "ghsa";
  p[0].p.ecosystem = "npm";
  p[0].p.name = "@scope/lib";
  p[0].p.range = "vers:npm/>=1.0.0|<1.4.2";
  p[0].p.fixed = "1.4.2";
  p[1].vuln = "GHSA-2";
  p[1].source = "ghsa";
  p[1].p.ecosystem = "npm";
  p[1].p.name = "@scope/lib";
  p[1].p.version_list = "0.9.0\n1.4.2";
  p[2] = p[0];
  p[2].vuln = "GHSA-3";
  p[2].p.range = "vers:npm/>=1.0.0|<<1";
  g_pkg = p;
  g_npkg = 3;
  g_ncpe = g_ndist = 0;
  struct vl_software sw[3] = {{0}};
  const char *ver[3] = {"1.4.1", "1.4.2", "0.9.0"};
  char purl[3][80];
  for (int i = 0; i < 3; i++) {
    sw[i].id = i + 1;
    sw[i].ecosystem = "npm";
    sw[i].name = sw[i].product = "lib";
    sw[i].version = ver[i];
    snprintf(purl[i], sizeof(purl[i]), "pkg:npm/%%40scope/lib@%s", ver[i]);
    sw[i].purl = purl[i];
  }
  uint32_t asset[3] = {0, 1, 2};
  struct out o;
  run(sw, asset, 3, 1, &o);
  assert_true(has(&o, "0 GHSA-1 1"));
  assert_true(has(&o, "1 GHSA-2 2"));
  assert_true(has(&o, "2 GHSA-2 3"));
  assert_int_equal(o.n, 3);
}

static int count_hits(void *ud, const struct vl_match_hit *h) {
  long *n = ud;
  if (!h->suppressed) (*n)++;
  return 0;
}

/* Two threads give the same verdicts as one, over enough rows to split. */
static void test_threads_agree(void **state) {
  (void)state;
  struct vl_affected_row r[] = {nvd_row(
      1, "CVE-2099-2000", 0, "OR", 0, "OR", false, true,
      "cpe:2.3:a:acme:app:*:*:*:*:*:*:*:*", "acme", "app", "1.0", "1.5")};
  g_cpe = r;
  g_ncpe = 1;
  g_ndist = g_npkg = 0;
  enum { N = 150000 };
  struct vl_software *sw = calloc(N, sizeof(*sw));
  uint32_t *asset = calloc(N, sizeof(*asset));
  static char cpes[10][64], vers[10][8];
  assert_non_null(sw);
  assert_non_null(asset);
  for (int v = 0; v < 10; v++) {
    snprintf(vers[v], sizeof(vers[v]), "1.%d", v);
    snprintf(cpes[v], sizeof(cpes[v]), "cpe:2.3:a:acme:app:1.%d:*:*:*:*:*:*:*", v);
  }
  for (int i = 0; i < N; i++) {
    sw[i].id = i + 1;
    sw[i].cpe = cpes[i % 10];
    sw[i].version = vers[i % 10];
    sw[i].product = "app";
    asset[i] = (uint32_t)(i / 10);
  }
  long counts[2];
  for (int t = 1; t <= 2; t++) {
    struct vl_matcher *m;
    struct vl_diag d;
    vl_diag_clear(&d);
    assert_int_equal(vl_matcher_new(&src, &m), 0);
    for (int i = 0; i < N; i++)
      assert_int_equal(vl_matcher_add(m, asset[i], &sw[i]), 0);
    struct vl_match_stats st = {0};
    counts[t - 1] = 0;
    assert_int_equal(vl_matcher_run(m, t, count_hits, &counts[t - 1], &st, &d),
                     0);
    assert_int_equal(st.keys, 10);
    vl_matcher_free(m);
  }
  assert_int_equal(counts[0], counts[1]);
  assert_int_equal(counts[0], N / 2); /* 1.0 .. 1.4 of every ten */
  free(sw);
  free(asset);
}

static void test_impact(void **state) {
  (void)state;
  g_ncpe = g_ndist = g_npkg = 0;
  struct vl_matcher *m;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_matcher_new(&src, &m), 0);
  struct vl_software sw[2] = {{0}};
  sw[0].id = 1;
  sw[0].cpe = "cpe:2.3:a:acme:app:1.2:*:*:*:*:*:*:*";
  sw[0].version = "1.2";
  sw[0].product = "app";
  sw[1] = sw[0];
  sw[1].id = 2;
  sw[1].cpe = "cpe:2.3:a:acme:app:2.0:*:*:*:*:*:*:*";
  sw[1].version = "2.0";
  struct vl_affected a = {0};
  a.config_op = a.node_op = "OR";
  a.vulnerable = true;
  a.criterion = "cpe:2.3:a:acme:app:*:*:*:*:*:*:*:*";
  a.vendor = "acme";
  a.product = "app";
  a.end_excl = "1.5";
  size_t n;
  /* before a run there is no index */
  assert_int_equal(vl_matcher_impact(m, "CVE-2099-3000", &a, 1, NULL, NULL,
                                     &n, &d),
                   VL_EINVAL);
  for (uint32_t i = 0; i < 4; i++)
    assert_int_equal(vl_matcher_add(m, i, &sw[i % 2]), 0);
  struct vl_match_stats st = {0};
  struct out o;
  assert_int_equal(vl_matcher_run(m, 1, collect, &o, &st, &d), 0);
  assert_int_equal(vl_matcher_impact(m, "CVE-2099-3000", &a, 1, NULL, NULL,
                                     &n, &d),
                   0);
  assert_int_equal(n, 2); /* assets 0 and 2 carry 1.2 */
  vl_matcher_free(m);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_release_names), cmocka_unit_test(test_distro),
      cmocka_unit_test(test_and_negate),    cmocka_unit_test(test_suppress),
      cmocka_unit_test(test_pkg),           cmocka_unit_test(test_threads_agree),
      cmocka_unit_test(test_impact),        cmocka_unit_test(test_shared_rows),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
