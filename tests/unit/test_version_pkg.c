/* Unit tests of the package-ecosystem version schemes: semver, PEP 440,
 * Maven, NuGet, RubyGems, Composer, Go modules, Conan and Nix.
 *
 * Oracles: the univers comparison data (read at run time from
 * $VL_SHARED_DATA, Apache-2.0) for Maven, NuGet and Conan; the example lists
 * of the SemVer 2.0.0 and PEP 440 specifications (the PEP 440 cases were
 * checked against python3-packaging 23.0 before being written down); hand
 * cases for the other schemes, each saying where its expected answer comes
 * from.  Larger differential runs against npm semver and packaging live in
 * tests/diff/. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/version.h"

/* Key of v or fail the test with the parser's message. */
static int key_of(enum vl_scheme sc, const char *v, struct vl_verkey *k) {
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_version_key(sc, v, strlen(v), k, &d);
  if (rc)
    printf("  %s: cannot parse '%s': %s\n", vl_scheme_name(sc), v, d.msg);
  return rc;
}

/* Compares a and b; returns 0 and sets *out, or -1 after printing. */
static int cmp(enum vl_scheme sc, const char *a, const char *b, int *out) {
  struct vl_verkey ka, kb;
  if (key_of(sc, a, &ka) || key_of(sc, b, &kb)) return -1;
  *out = vl_verkey_cmp(&ka, &kb);
  return 0;
}

/* Checks that each list is strictly increasing (every pair, not only
 * neighbours); returns the number of failures. */
static int check_order(enum vl_scheme sc, const char *const *v, size_t n,
                       int *checked) {
  int bad = 0;
  for (size_t i = 0; i < n; i++)
    for (size_t j = i + 1; j < n; j++) {
      int c;
      (*checked)++;
      if (cmp(sc, v[i], v[j], &c) || c >= 0) {
        printf("  %s: expected '%s' < '%s'\n", vl_scheme_name(sc), v[i], v[j]);
        bad++;
      }
    }
  return bad;
}

/* Checks that all versions of a NULL-terminated group get identical keys. */
static int check_equal(enum vl_scheme sc, const char *const *g, int *checked) {
  int bad = 0;
  struct vl_verkey k0, k;
  if (key_of(sc, g[0], &k0)) return 1;
  for (size_t i = 1; g[i]; i++) {
    (*checked)++;
    if (key_of(sc, g[i], &k) || k.len != k0.len ||
        memcmp(k.b, k0.b, k.len) != 0) {
      printf("  %s: expected '%s' == '%s'\n", vl_scheme_name(sc), g[0], g[i]);
      bad++;
    }
  }
  return bad;
}

/* Expects VL_EPARSE (or VL_ETOOBIG) with "offset N" in the message when
 * offset >= 0. */
static int check_invalid(enum vl_scheme sc, const char *v, long offset,
                         int *checked) {
  struct vl_diag d;
  struct vl_verkey k;
  vl_diag_clear(&d);
  (*checked)++;
  int rc = vl_version_key(sc, v, strlen(v), &k, &d);
  if (rc != VL_EPARSE) {
    printf("  %s: '%s' should be rejected, got %s\n", vl_scheme_name(sc), v,
           vl_err_name(rc));
    return 1;
  }
  if (offset >= 0) {
    char want[32];
    snprintf(want, sizeof(want), "offset %ld ", offset);
    if (!strstr(d.msg, want)) {
      printf("  %s: '%s': message '%s' lacks '%s'\n", vl_scheme_name(sc), v,
             d.msg, want);
      return 1;
    }
  }
  return 0;
}

/* ------------------------------------------------------------ univers data */

/* Runs every case of a univers schema/<scheme>_version_cmp.json file. */
static void run_univers(const char *file, enum vl_scheme sc) {
  const char *root = getenv("VL_SHARED_DATA");
  assert_non_null(root);
  char path[1024];
  snprintf(path, sizeof(path),
           "%s/versions/univers/tests/data/schema/%s", root, file);
  json_error_t err;
  json_t *doc = json_load_file(path, 0, &err);
  if (!doc) printf("cannot load %s: %s\n", path, err.text);
  assert_non_null(doc);
  assert_true(json_is_array(doc));
  int bad = 0, checked = 0;
  size_t i;
  json_t *c;
  json_array_foreach(doc, i, c) {
    const char *type = json_string_value(json_object_get(c, "test_type"));
    json_t *vs = json_object_get(json_object_get(c, "input"), "versions");
    json_t *exp = json_object_get(c, "expected_output");
    assert_non_null(type);
    assert_int_equal(json_array_size(vs), 2);
    const char *a = json_string_value(json_array_get(vs, 0));
    const char *b = json_string_value(json_array_get(vs, 1));
    assert_non_null(a);
    assert_non_null(b);
    int r;
    checked++;
    if (cmp(sc, a, b, &r)) {
      bad++;
      continue;
    }
    if (strcmp(type, "equality") == 0) {
      int want = json_is_true(exp);
      if ((r == 0) != want) {
        printf("  case %zu: %s '%s' %s '%s', got %d\n", i, file, a,
               want ? "==" : "!=", b, r);
        bad++;
      }
    } else if (strcmp(type, "comparison") == 0) {
      /* expected_output is the pair sorted ascending. */
      const char *lo = json_string_value(json_array_get(exp, 0));
      const char *hi = json_string_value(json_array_get(exp, 1));
      assert_non_null(lo);
      assert_non_null(hi);
      int r2;
      if (cmp(sc, lo, hi, &r2) || r2 >= 0) {
        printf("  case %zu: %s expected '%s' < '%s'\n", i, file, lo, hi);
        bad++;
      }
    } else {
      printf("  case %zu: unknown test_type '%s'\n", i, type);
      bad++;
    }
  }
  printf("%s: %d cases checked, %d failed\n", file, checked, bad);
  json_decref(doc);
  assert_int_equal(bad, 0);
  assert_true(checked > 0);
}

static void test_univers_maven(void **state) {
  (void)state;
  run_univers("maven_version_cmp.json", VL_SCHEME_MAVEN);
}

static void test_univers_nuget(void **state) {
  (void)state;
  run_univers("nuget_version_cmp.json", VL_SCHEME_NUGET);
}

static void test_univers_conan(void **state) {
  (void)state;
  run_univers("conan_version_cmp.json", VL_SCHEME_CONAN);
}

/* ------------------------------------------------------------------ semver */

static void test_semver_spec_examples(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* SemVer 2.0.0 section 11. */
  static const char *const main_order[] = {"1.0.0", "2.0.0", "2.1.0", "2.1.1"};
  static const char *const pre_order[] = {
      "1.0.0-alpha",  "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
      "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1",       "1.0.0"};
  bad += check_order(VL_SCHEME_SEMVER, main_order, 4, &n);
  bad += check_order(VL_SCHEME_SEMVER, pre_order, 8, &n);
  /* Section 10: build metadata does not count; section 9 examples. */
  static const char *const eq1[] = {"1.0.0-alpha", "1.0.0-alpha+001", NULL};
  /* npm trims JavaScript white space (here U+FEFF and U+3000). */
  static const char *const eq2[] = {"1.0.0", "1.0.0+20130313144700",
                                    "1.0.0+21AF26D3----117B344092BD",
                                    "v1.0.0", " 1.0.0 ",
                                    "\xEF\xBB\xBF" "1.0.0\xE3\x80\x80", NULL};
  static const char *const eq3[] = {"1.0.0-beta", "1.0.0-beta+exp.sha.5114f85",
                                    NULL};
  bad += check_equal(VL_SCHEME_SEMVER, eq1, &n);
  bad += check_equal(VL_SCHEME_SEMVER, eq2, &n);
  bad += check_equal(VL_SCHEME_SEMVER, eq3, &n);
  /* Section 9 pre-release examples are valid; digits-then-letters is
   * alphanumeric, so a leading zero is allowed there (order as npm semver
   * 7.7.2 sorts them); numbers compare numerically past 64 bits. */
  static const char *const more[] = {
      "1.0.0-0.3.7", "1.0.0-0a", "1.0.0-x.7.z.92", "1.0.0-x.7.z.92.1",
      "1.0.0-x-y-z.--"};
  bad += check_order(VL_SCHEME_SEMVER, more, 5, &n);
  static const char *const big[] = {"1.0.0-99999999999999999999",
                                    "1.0.0-100000000000000000000",
                                    "9007199254740991.0.0"};
  bad += check_order(VL_SCHEME_SEMVER, big, 3, &n);
  printf("semver: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

static void test_semver_parse_errors(void **state) {
  (void)state;
  int bad = 0, n = 0;
  bad += check_invalid(VL_SCHEME_SEMVER, "1.2", 3, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "01.2.3", 0, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "1.2.3-01", 6, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "1.2.3-", 6, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "1.2.3-a..b", 8, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "1.2.3+", 6, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "1.2.3_4", 5, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "=1.2.3", 0, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "1.2.3beta", 5, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "9007199254740992.0.0", 0, &n);
  bad += check_invalid(VL_SCHEME_SEMVER, "", 0, &n);
  printf("semver errors: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------ PEP 440 */

static void test_pep440_spec_examples(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* PEP 440, "Summary of permitted suffixes and relative ordering" (plus
   * local versions placed as the spec's local-version rules say); checked
   * with /usr/bin/python3 packaging 23.0: sorted() leaves it unchanged. */
  static const char *const order[] = {
      "1.dev0",         "1.0.dev456",   "1.0a1",
      "1.0a2.dev456",   "1.0a12.dev456", "1.0a12",
      "1.0b1.dev456",   "1.0b2",        "1.0b2.post345.dev456",
      "1.0b2.post345",  "1.0rc1.dev456", "1.0rc1",
      "1.0",            "1.0+abc.5",    "1.0+abc.7",
      "1.0+5",          "1.0.post456.dev34", "1.0.post456",
      "1.0.15",         "1.1.dev1"};
  bad += check_order(VL_SCHEME_PEP440, order, VL_ARRAY_LEN(order), &n);
  static const char *const epochs[] = {"2.0", "1!1.0", "1!1.0.post1",
                                       "2!0.1"};
  bad += check_order(VL_SCHEME_PEP440, epochs, 4, &n);
  /* packaging keeps non-ASCII spellings of letters as lowercased text and
   * orders them as strings (sorted() with packaging 23.0 gives this list):
   * U+0130 / U+0131 in "preview", U+0131 in a local segment, U+017F in
   * "post". */
  static const char *const folded[] = {
      "1.0prev\xC4\xB0" "ew1", "1.0prev\xC4\xB1" "ew1", "1.0rc1", "1.0",
      "1.0+k", "1.0+\xC4\xB1", "1.0.post1", "1.0.po\xC5\xBFt1"};
  bad += check_order(VL_SCHEME_PEP440, folded, VL_ARRAY_LEN(folded), &n);
  /* Normalisation (all groups checked equal with packaging 23.0). */
  static const char *const g1[] = {"1.0", "1.0.0", "v1.0", "1.0.0.0", "V1",
                                   "0!1.0", " 1.0\n", NULL};
  static const char *const g2[] = {"1.0a", "1.0a0", "1.0-alpha", "1.0.alpha.0",
                                   "1.0ALPHA0", "1.0_a_0", "1.0a-", "1.0a.",
                                   NULL};
  static const char *const g3[] = {"1.0rc1", "1.0c1", "1.0pre1", "1.0preview1",
                                   "1.0-RC-1", NULL};
  static const char *const g4[] = {"1.0b2", "1.0beta2", "1.0.beta.2", NULL};
  static const char *const g5[] = {"1.0.post1", "1.0-1", "1.0-r1", "1.0rev1",
                                   "1.0post1", "1.0_post_1", "1.0.POST1", NULL};
  static const char *const g6[] = {"1.0.post0", "1.0.post", "1.0-post",
                                   "1.0.r", NULL};
  static const char *const g7[] = {"1.0.dev0", "1.0.dev", "1.0-dev0",
                                   "1.0_DEV", NULL};
  static const char *const g8[] = {"1.0+ubuntu.1", "1.0+ubuntu-1",
                                   "1.0+UBUNTU_1", NULL};
  static const char *const g9[] = {"1.0+1", "1.0+01", "1.0+0001", NULL};
  static const char *const g10[] = {"1!2.0", "1!2.0.0", NULL};
  /* Unicode spaces and case folding of packaging's regex (UTF-8 here):
   * U+3000/U+00A0 around, Kelvin sign = k in a local segment. */
  static const char *const g11[] = {"1.0", "\xE3\x80\x80" "1.0\xC2\xA0", NULL};
  static const char *const g12[] = {"1.0+k", "1.0+\xE2\x84\xAA", NULL};
  const char *const *groups[] = {g1, g2, g3, g4, g5, g6, g7, g8, g9, g10,
                                 g11, g12};
  for (size_t i = 0; i < VL_ARRAY_LEN(groups); i++)
    bad += check_equal(VL_SCHEME_PEP440, groups[i], &n);
  printf("pep440: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

static void test_pep440_parse_errors(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* All rejected by packaging 23.0 (InvalidVersion). */
  bad += check_invalid(VL_SCHEME_PEP440, "1.0-", 3, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1.0+", 4, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1.0+a..b", 6, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "a1.0", 0, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1.0.", 3, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1!", 2, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1.0junk", 3, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1.0a-b", 5, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1.0-1-1", 5, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1!v2.0", 2, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1.0.dev1.post1", 8, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "1..0", 1, &n);
  bad += check_invalid(VL_SCHEME_PEP440, "", 0, &n);
  printf("pep440 errors: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------- Maven */

static void test_maven_cycles_and_quirks(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* Not a cycle, agreed by Maven 3.6-3.8 (checked by hand against
   * ComparableVersion's item rules): */
  static const char *const order[] = {"1-alpha", "1-alpha-1", "1-beta",
                                      "1-SNAPSHOT", "1", "1-sp", "1-sp1",
                                      "1-xyz", "1-1", "1.0.1", "1.1"};
  bad += check_order(VL_SCHEME_MAVEN, order, VL_ARRAY_LEN(order), &n);
  static const char *const eq[] = {"1", "1.0", "1-0", "1.0.0-ga", "1FINAL",
                                   "1-final-0", NULL};
  bad += check_equal(VL_SCHEME_MAVEN, eq, &n);
  /* MNG-6964: a sub-list is compared with "missing" item by item. */
  static const char *const m6964[] = {"1-0.alpha", "1-0.beta", "1"};
  bad += check_order(VL_SCHEME_MAVEN, m6964, 3, &n);
  /* The cycle 1.sp > 1 > 1-alpha > 1.sp is broken as documented in
   * vl_ver_maven.c: 1-alpha < 1 < 1.sp. */
  static const char *const cyc[] = {"1-alpha", "1", "1.sp"};
  bad += check_order(VL_SCHEME_MAVEN, cyc, 3, &n);
  printf("maven: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

/* ---------------------------------------------------------------- RubyGems */

static void test_gem(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* Expected answers from the <=> assertions in RubyGems'
   * test/rubygems/test_gem_version.rb (test_spaceship) and the
   * Gem::Version documentation, re-derived by hand from its algorithm
   * (canonical segments, missing = 0, string < number). */
  static const char *const pairs[][2] = {
      {"1.0.a", "1.0"},          {"0.0.0", "1.8.2"},
      {"1.8.2.a", "1.8.2"},      {"1.8.2.a", "1.8.2.b"},
      {"1.8.2.a9", "1.8.2.a10"}, {"0.0.beta", "0.0.beta.1"},
      {"0.0.beta", "0.beta.1"},  {"5.a", "5.0.0.rc2"},
      {"5.0.0.rc2", "5.x"},      {"1.0.0-1", "1.0.0"},
      {"1.0.b1", "1.0.b2"},      {"1.0.beta", "1.0.rc1"},
      {"1.2.a", "1.2.0.1"},      {"1.9.3", "1.10"},
      {"2.0.0.pre", "2.0.0"},    {"1.a.0.1", "1.a.1"}};
  for (size_t i = 0; i < VL_ARRAY_LEN(pairs); i++)
    bad += check_order(VL_SCHEME_GEM, pairs[i], 2, &n);
  static const char *const eq1[] = {"1.0", "1.0.0", "1", " 1.0 ", NULL};
  static const char *const eq2[] = {"", "0", "0.0", NULL};
  static const char *const eq3[] = {"0.beta.1", "0.0.beta.1", NULL};
  static const char *const eq4[] = {"1.0.a", "1.a", "1.0.a.0", "1.0a", NULL};
  static const char *const eq5[] = {"1.0-1", "1.0.pre.1", NULL};
  bad += check_equal(VL_SCHEME_GEM, eq1, &n);
  bad += check_equal(VL_SCHEME_GEM, eq2, &n);
  bad += check_equal(VL_SCHEME_GEM, eq3, &n);
  bad += check_equal(VL_SCHEME_GEM, eq4, &n);
  bad += check_equal(VL_SCHEME_GEM, eq5, &n);
  bad += check_invalid(VL_SCHEME_GEM, "junk", 0, &n);
  bad += check_invalid(VL_SCHEME_GEM, "1.0..1", 4, &n);
  bad += check_invalid(VL_SCHEME_GEM, "1.0-", 4, &n);
  printf("gem: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

/* ---------------------------------------------------------------- Composer */

static void test_composer(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* Input == its normalised form, from composer/semver's
   * VersionParserTest::successfulNormalizedVersions (normalize() results;
   * master/trunk/default map to the 9999999-dev default-branch alias). */
  static const char *const norm[][3] = {
      {"1.0.0", "1.0.0.0", NULL},
      {"1.0.0RC1dev", "1.0.0.0-RC1-dev", NULL},
      {"1.0.0-rC15-dev", "1.0.0.0-RC15-dev", NULL},
      {"1.0.0.RC.15-dev", "1.0.0.0-RC15-dev", NULL},
      {"1.0.0-rc1", "1.0.0.0-RC1", NULL},
      {"1.0.0.pl3-dev", "1.0.0.0-patch3-dev", NULL},
      {"1.0-dev", "1.0.0.0-dev", NULL},
      {"0", "0.0.0.0", NULL},
      {"10.4.13beta.2", "10.4.13.0-beta2", NULL},
      {"10.4.13-b5", "10.4.13.0-beta5", NULL},
      {"v1.0.0", "1.0.0.0", NULL},
      {"2010.01", "2010.01.0.0", NULL},
      {"2010-01-02.5", "2010.01.02.5", NULL},
      {"20100102-203040", "20100102.203040", NULL},
      {"dev-master", "9999999-dev", NULL},
      {"master", "9999999-dev", NULL},
      {"1.x-dev", "1.9999999.9999999.9999999-dev", NULL},
      {"1.0.0+foo", "1.0.0.0", NULL},
      {"1.0.0-stable", "1.0.0.0", NULL},
      {"v1.13.11-beta.0", "1.13.11.0-beta0", NULL},
      {"2010.1.555", "2010.1.555.0", NULL},
      {"v20100102", "20100102", NULL},
      {"20100102-203040-p1", "20100102.203040-patch1", NULL},
      {"201903.0-p2", "201903.0-patch2", NULL}};
  for (size_t i = 0; i < VL_ARRAY_LEN(norm); i++)
    bad += check_equal(VL_SCHEME_COMPOSER, norm[i], &n);
  /* version_compare's order of the normalised forms (PHP manual:
   * dev < alpha = a < beta = b < RC = rc < # < pl = p). */
  static const char *const order[] = {
      "1.0.0-dev",   "1.0.0-alpha1-dev", "1.0.0-alpha1", "1.0.0-beta",
      "1.0.0-beta2", "1.0.0-beta10",     "1.0.0-RC1",    "1.0.0",
      "1.0.0-patch1", "1.0.0.1",        "1.0.1",        "1.x-dev",
      "2.0.0",       "dev-master"};
  bad += check_order(VL_SCHEME_COMPOSER, order, VL_ARRAY_LEN(order), &n);
  bad += check_invalid(VL_SCHEME_COMPOSER, "dev-feature", -1, &n);
  bad += check_invalid(VL_SCHEME_COMPOSER, "1.0.0-gamma", 5, &n);
  printf("composer: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

/* -------------------------------------------------------------- Go modules */

static void test_golang(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* golang.org/x/mod/semver rules (its Compare documentation and tests):
   * short forms are .0, build metadata and +incompatible are ignored,
   * pseudo-versions are pre-releases. */
  static const char *const order[] = {
      "v0.0.0-20190101000000-abcdef123456", "v0.0.1", "v1.2.3",
      "v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4", "v2.0.0-alpha",
      "v2.0.0+incompatible", "v10.0.0"};
  bad += check_order(VL_SCHEME_GOLANG, order, VL_ARRAY_LEN(order), &n);
  static const char *const eq1[] = {"v1", "v1.0", "v1.0.0", "v1.0.0+meta",
                                    NULL};
  static const char *const eq2[] = {"v2.3.4+incompatible", "v2.3.4", NULL};
  bad += check_equal(VL_SCHEME_GOLANG, eq1, &n);
  bad += check_equal(VL_SCHEME_GOLANG, eq2, &n);
  bad += check_invalid(VL_SCHEME_GOLANG, "1.2.3", 0, &n);
  bad += check_invalid(VL_SCHEME_GOLANG, "v1.2.3.4", 6, &n);
  bad += check_invalid(VL_SCHEME_GOLANG, "v01.2.3", 1, &n);
  bad += check_invalid(VL_SCHEME_GOLANG, "v1.2-pre", 4, &n);
  printf("golang: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

/* --------------------------------------------------------------------- Nix */

static void test_nix(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* From Nix's compareVersions rules (src/libstore/names.cc, componentsLT,
   * and the nix-env manual's examples): pre < missing < strings < numbers;
   * "2.3a < 2.3.1" is the example in Nix's own source comment. */
  static const char *const order[] = {"1.0",  "2.3pre1", "2.3pre2",
                                      "2.3",  "2.3a",    "2.3-rc1",
                                      "2.3.1", "2.4",    "2.10"};
  bad += check_order(VL_SCHEME_NIX, order, VL_ARRAY_LEN(order), &n);
  static const char *const eq1[] = {"1.0", "1-0", "1.00", "1..0", NULL};
  bad += check_equal(VL_SCHEME_NIX, eq1, &n);
  /* A digit run beyond int is a string, so it sorts below numbers. */
  static const char *const big[] = {"1.99999999999", "1.0"};
  bad += check_order(VL_SCHEME_NIX, big, 2, &n);
  printf("nix: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------- Conan */

static void test_conan_extra(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* Conan 2 Version rules (conans/model/version.py): pre-release before
   * release before build; "-" splits at the first hyphen; a number and a
   * string compare as text ("1a" < "2", "*" < "1"). */
  static const char *const order[] = {"1.0-alpha.1", "1.0-alpha.2-x",
                                      "1.0", "1.0+b1", "1.0.*", "1.1a",
                                      "1.2", "1.a"};
  bad += check_order(VL_SCHEME_CONAN, order, VL_ARRAY_LEN(order), &n);
  /* The cycle 1.2 < 1.10 < 1.1a < 1.2 (Conan compares 10 with "1a" as
   * text) is broken as documented in vl_ver_misc.c: 1.1a < 1.2 < 1.10. */
  static const char *const cyc[] = {"1.1a", "1.2", "1.10"};
  bad += check_order(VL_SCHEME_CONAN, cyc, 3, &n);
  static const char *const eq[] = {"1.0.0", "1", "1.0", "1.00", NULL};
  bad += check_equal(VL_SCHEME_CONAN, eq, &n);
  printf("conan: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

/* ------------------------------------------------------------------- NuGet */

static void test_nuget_extra(void **state) {
  (void)state;
  int bad = 0, n = 0;
  /* NuGet.Versioning VersionComparer: numeric labels before text, case
   * ignored, labels above Int32 compare as text. */
  static const char *const order[] = {"1.0.0-alpha", "1.0.0-alpha.2",
                                      "1.0.0-alpha.10", "1.0.0-alpha.x",
                                      "1.0.0-Beta", "1.0.0", "1.0.0.1"};
  bad += check_order(VL_SCHEME_NUGET, order, VL_ARRAY_LEN(order), &n);
  bad += check_invalid(VL_SCHEME_NUGET, "1.0.0.0.0", 7, &n);
  bad += check_invalid(VL_SCHEME_NUGET, "1.0.0-", 6, &n);
  bad += check_invalid(VL_SCHEME_NUGET, "2147483648.0", 0, &n);
  printf("nuget: %d checks, %d failed\n", n, bad);
  assert_int_equal(bad, 0);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_univers_maven),
      cmocka_unit_test(test_univers_nuget),
      cmocka_unit_test(test_univers_conan),
      cmocka_unit_test(test_semver_spec_examples),
      cmocka_unit_test(test_semver_parse_errors),
      cmocka_unit_test(test_pep440_spec_examples),
      cmocka_unit_test(test_pep440_parse_errors),
      cmocka_unit_test(test_maven_cycles_and_quirks),
      cmocka_unit_test(test_gem),
      cmocka_unit_test(test_composer),
      cmocka_unit_test(test_golang),
      cmocka_unit_test(test_nix),
      cmocka_unit_test(test_nuget_extra),
      cmocka_unit_test(test_conan_extra),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
