/* Unit tests of the version schemes generic, dpkg, rpm, apk, alpm, gentoo
 * and openssl.
 *
 * The expected orders come from independent sources read at run time from
 * $VL_SHARED_DATA/versions: apt's and dpkg's own pair lists, rpm's
 * rpmvercmp.at cases, apk-tools' version.data, and the univers comparison
 * and sort files.  Each data-driven test checks every case, prints each
 * failure, and reports how many cases it checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/core.h"
#include "vulnloop/version.h"

/* ------------------------------------------------------------- helpers */

static char *data_path(const char *rel) {
  const char *root = getenv("VL_SHARED_DATA");
  if (!root) root = "../shared/data";
  size_t n = strlen(root) + strlen(rel) + 2;
  char *p = malloc(n);
  assert_non_null(p);
  snprintf(p, n, "%s/%s", root, rel);
  return p;
}

static char *slurp(const char *rel) {
  char *path = data_path(rel);
  char *buf = NULL;
  size_t len = 0;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_read_file(path, 16u << 20, &buf, &len, &d);
  if (rc) fprintf(stderr, "cannot read %s: %s\n", path, d.msg);
  assert_int_equal(rc, 0);
  free(path);
  return buf;
}

/* Cuts the next line off *cur (replacing its newline by NUL); NULL at end. */
static char *next_line(char **cur) {
  char *line = *cur;
  if (!line || !*line) return NULL;
  char *nl = strchr(line, '\n');
  if (nl) {
    *nl = '\0';
    *cur = nl + 1;
  } else {
    *cur = line + strlen(line);
  }
  return line;
}

static json_t *load_json(const char *rel) {
  char *path = data_path(rel);
  json_error_t err;
  json_t *j = json_load_file(path, 0, &err);
  if (!j) fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
  assert_non_null(j);
  free(path);
  return j;
}

/* Compares a and b in scheme; on a parse failure prints it and returns 2. */
static int cmp3(enum vl_scheme s, const char *a, const char *b) {
  struct vl_verkey ka, kb;
  struct vl_diag d;
  vl_diag_clear(&d);
  if (vl_version_key(s, a, strlen(a), &ka, &d) != 0 ||
      vl_version_key(s, b, strlen(b), &kb, &d) != 0) {
    fprintf(stderr, "  %s: cannot parse '%s' / '%s': %s\n", vl_scheme_name(s),
            a, b, d.msg);
    return 2;
  }
  int r = vl_verkey_cmp(&ka, &kb);
  /* Antisymmetry and byte-identical keys for equal versions. */
  if (vl_verkey_cmp(&kb, &ka) != -r) return 3;
  if (r == 0 && (ka.len != kb.len || memcmp(ka.b, kb.b, ka.len) != 0)) return 3;
  return r;
}

/* Checks one expected comparison; returns 1 if it failed. */
static int expect(enum vl_scheme s, const char *a, const char *b, int want,
                  const char *where) {
  int got = cmp3(s, a, b);
  if (got == want) return 0;
  fprintf(stderr, "  FAIL %s %s: '%s' vs '%s': want %d, got %d\n",
          vl_scheme_name(s), where, a, b, want, got);
  return 1;
}

/* Reads "A<sep>B<sep>R" lines (R = -1, 0, 1), skipping '#' and blank lines,
 * and checks each pair both ways. */
static void check_pair_file(enum vl_scheme s, const char *rel) {
  char *buf = slurp(rel);
  int checked = 0, failed = 0;
  long lineno = 0;
  char *cur = buf;
  for (char *line; (line = next_line(&cur)) != NULL;) {
    lineno++;
    if (line[0] == '#' || line[0] == '\0') continue;
    char a[300], b[300];
    int want;
    if (sscanf(line, "%299s %299s %d", a, b, &want) != 3) continue;
    char where[64];
    snprintf(where, sizeof(where), "%s line %ld", rel, lineno);
    failed += expect(s, a, b, want, where);
    failed += expect(s, b, a, -want, where);
    checked++;
  }
  free(buf);
  printf("%s: %d pairs checked (both ways), %d failures\n", rel, checked,
         failed);
  assert_true(checked > 0);
  assert_int_equal(failed, 0);
}

/* Runs a univers schema file: "comparison" cases give the versions sorted
 * by univers (a stable sort), "equality" cases whether the two are equal.
 * wildcard_release (alpm) counts as expected the documented deviation of
 * pacman's "missing release matches any release". */
static int has_release(const char *v) { return strrchr(v, '-') != NULL; }

static void check_univers(enum vl_scheme s, const char *rel,
                          int wildcard_release) {
  json_t *root = load_json(rel);
  size_t idx;
  json_t *c;
  int checked = 0, failed = 0, deviations = 0;
  assert_true(json_is_array(root));
  json_array_foreach(root, idx, c) {
    const char *type = json_string_value(json_object_get(c, "test_type"));
    json_t *in = json_object_get(json_object_get(c, "input"), "versions");
    json_t *out = json_object_get(c, "expected_output");
    char where[64];
    snprintf(where, sizeof(where), "%s case %zu", rel, idx);
    assert_non_null(type);
    assert_true(json_is_array(in));
    if (strcmp(type, "comparison") == 0) {
      assert_true(json_is_array(out));
      size_t n = json_array_size(out);
      for (size_t i = 0; i + 1 < n; i++) {
        const char *a = json_string_value(json_array_get(out, i));
        const char *b = json_string_value(json_array_get(out, i + 1));
        /* Stable sort: a pair the sort swapped must be strictly ordered. */
        int swapped = n == 2 && strcmp(a, json_string_value(
                                              json_array_get(in, 0))) != 0;
        int got = cmp3(s, a, b);
        if (got == 2 || got == 3 || got > 0 || (swapped && got == 0)) {
          if (wildcard_release && got == 0 &&
              has_release(a) != has_release(b)) {
            deviations++;
            continue;
          }
          fprintf(stderr, "  FAIL %s: '%s' should sort before '%s' (got %d)\n",
                  where, a, b, got);
          failed++;
        }
      }
    } else if (strcmp(type, "equality") == 0) {
      const char *a = json_string_value(json_array_get(in, 0));
      const char *b = json_string_value(json_array_get(in, 1));
      int want_equal = json_is_true(out);
      int got = cmp3(s, a, b);
      if (got == 2 || got == 3 || (got == 0) != want_equal) {
        if (wildcard_release && want_equal && has_release(a) != has_release(b)) {
          /* pacman ignores the release when one side has none; our total
           * order puts the release-less one first, and must still agree on
           * everything before the release. */
          char va[300], vb[300];
          snprintf(va, sizeof(va), "%s", a);
          snprintf(vb, sizeof(vb), "%s", b);
          if (has_release(va)) *strrchr(va, '-') = '\0';
          if (has_release(vb)) *strrchr(vb, '-') = '\0';
          int want = has_release(a) ? 1 : -1;
          if (cmp3(s, va, vb) == 0 && got == want) {
            deviations++;
            checked++;
            continue;
          }
        }
        fprintf(stderr, "  FAIL %s: '%s' %s '%s' (got %d)\n", where, a,
                want_equal ? "==" : "!=", b, got);
        failed++;
      }
    } else {
      fprintf(stderr, "  FAIL %s: unknown test_type '%s'\n", where, type);
      failed++;
    }
    checked++;
  }
  json_decref(root);
  printf("%s: %d cases checked, %d failures", rel, checked, failed);
  if (wildcard_release) printf(", %d wildcard-release deviations", deviations);
  printf("\n");
  assert_true(checked > 0);
  assert_int_equal(failed, 0);
}

/* ------------------------------------------------------------- dpkg */

static void test_dpkg_deb_versions_tsv(void **state) {
  (void)state;
  check_pair_file(VL_SCHEME_DPKG, "versions/deb-versions.tsv");
}

static void test_dpkg_apt_versions_lst(void **state) {
  (void)state;
  check_pair_file(VL_SCHEME_DPKG, "versions/apt-versions.lst");
}

static void test_dpkg_univers(void **state) {
  (void)state;
  check_univers(VL_SCHEME_DPKG,
                "versions/univers/tests/data/schema/deb_version_python_pkg_test.json",
                0);
}

/* dpkg rules stated in deb-version(7): '~' before everything, even the end;
 * a missing revision is "0"; leading zeros do not count. */
static void test_dpkg_rules(void **state) {
  (void)state;
  static const struct {
    const char *a, *b;
    int want;
  } cases[] = {
      {"1.0~rc1", "1.0", -1},  {"1.0~~", "1.0~", -1},  {"1.0~", "1.0", -1},
      {"1.0", "1.0a", -1},     {"1.0a", "1.0+", -1},    {"1.0", "1.0-0", 0},
      {"1.0", "1.00", 0},      {"0:1.0", "1.0", 0},     {"1.0-1", "1.0-01", 0},
      {"2:1.0", "10:0.1", -1}, {"1.0-1~bpo1", "1.0-1", -1},
      {"7.88.1-10+deb12u5", "7.88.1-10+deb12u12", -1},
      {"3.0.11-1~deb12u2", "3.0.11-1", -1},
      {"1.2.3-99999999999999999999998", "1.2.3-99999999999999999999999", -1},
  };
  int failed = 0;
  for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
    failed += expect(VL_SCHEME_DPKG, cases[i].a, cases[i].b, cases[i].want,
                     "rule");
    failed += expect(VL_SCHEME_DPKG, cases[i].b, cases[i].a, -cases[i].want,
                     "rule");
  }
  printf("dpkg rules: %zu cases checked\n", VL_ARRAY_LEN(cases));
  assert_int_equal(failed, 0);
}

/* ------------------------------------------------------------- rpm */

static void test_rpm_rpmvercmp_tsv(void **state) {
  (void)state;
  check_pair_file(VL_SCHEME_RPM, "versions/rpmvercmp.tsv");
}

/* Caret and EVR rules from rpm's documentation (and rpm.vercmp 4.18). */
static void test_rpm_caret_and_evr(void **state) {
  (void)state;
  static const struct {
    const char *a, *b;
    int want;
  } cases[] = {
      {"1.0^", "1.0", 1},           {"1.0^git1", "1.0.1", -1},
      {"1.0^git1", "1.0^git2", -1}, {"1.0~rc1^git1", "1.0~rc1", 1},
      {"1.0~rc1^git1", "1.0", -1},  {"1.0^", "1.0~", 1},
      {"1:1.0-1", "1.0-2", 1},      {"0:1.0", "1.0", 0},
      {"1.0", "1.0-2", -1},         {"1.0-2", "1.0-10", -1},
      {"1.0", "1.0-~", -1},         {"1.0-", "1.0-~", 1},
  };
  int failed = 0;
  for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
    failed += expect(VL_SCHEME_RPM, cases[i].a, cases[i].b, cases[i].want,
                     "rule");
    failed += expect(VL_SCHEME_RPM, cases[i].b, cases[i].a, -cases[i].want,
                     "rule");
  }
  printf("rpm rules: %zu cases checked\n", VL_ARRAY_LEN(cases));
  assert_int_equal(failed, 0);
}

/* ------------------------------------------------------------- apk */

static void test_apk_alpine_test_txt(void **state) {
  (void)state;
  const char *rel = "versions/univers/tests/data/alpine_test.txt";
  char *buf = slurp(rel);
  int checked = 0, failed = 0;
  char *cur = buf;
  for (char *line; (line = next_line(&cur)) != NULL;) {
    char a[300], op[8], b[300];
    if (line[0] == '#' || sscanf(line, "%299s %7s %299s", a, op, b) != 3)
      continue;
    int want = !strcmp(op, "<") ? -1 : !strcmp(op, ">") ? 1 : 0;
    failed += expect(VL_SCHEME_APK, a, b, want, "alpine_test.txt");
    failed += expect(VL_SCHEME_APK, b, a, -want, "alpine_test.txt");
    checked++;
  }
  free(buf);
  printf("%s: %d pairs checked (both ways), %d failures\n", rel, checked,
         failed);
  assert_true(checked > 0);
  assert_int_equal(failed, 0);
}

static void test_apk_univers(void **state) {
  (void)state;
  check_univers(VL_SCHEME_APK,
                "versions/univers/tests/data/schema/alpine_version_cmp.json", 0);
}

/* ------------------------------------------------ alpm, gentoo, openssl */

static void test_alpm_univers(void **state) {
  (void)state;
  check_univers(VL_SCHEME_ALPM,
                "versions/univers/tests/data/schema/alpm_version_cmp.json", 1);
}

static void test_gentoo_univers(void **state) {
  (void)state;
  check_univers(VL_SCHEME_GENTOO,
                "versions/univers/tests/data/schema/gentoo_version_cmp.json", 0);
}

static void test_openssl_univers(void **state) {
  (void)state;
  check_univers(VL_SCHEME_OPENSSL,
                "versions/univers/tests/data/schema/openssl_version_cmp.json", 0);
}

/* Every OpenSSL release in order: each must be strictly before the next. */
static void test_openssl_versort(void **state) {
  (void)state;
  json_t *root =
      load_json("versions/univers/tests/data/openssl/openssl_versort_expected.json");
  size_t n = json_array_size(root);
  int failed = 0;
  for (size_t i = 0; i + 1 < n; i++) {
    const char *a = json_string_value(json_object_get(json_array_get(root, i), "string"));
    const char *b =
        json_string_value(json_object_get(json_array_get(root, i + 1), "string"));
    assert_non_null(a);
    assert_non_null(b);
    failed += expect(VL_SCHEME_OPENSSL, a, b, -1, "versort");
  }
  json_decref(root);
  printf("openssl_versort_expected.json: %zu versions, %zu neighbours checked\n",
         n, n ? n - 1 : 0);
  assert_true(n > 100);
  assert_int_equal(failed, 0);
}

/* ------------------------------------------------------------- generic */

static void test_generic_nvd_examples(void **state) {
  (void)state;
  static const struct {
    const char *a, *b;
    int want;
  } cases[] = {
      {"2.4.52", "2.4.9", 1},        {"2.4.52", "2.4.52", 0},
      {"1.1.1n", "1.1.1m", 1},       {"1.1.1m", "1.1.1", 1},
      {"1.0.2zc", "1.0.2zd", -1},    {"1.0.2", "1.0.2a", -1},
      {"1.0.2z", "1.0.2za", -1},     {"7.0.0-rc1", "7.0.0", -1},
      {"7.0.0-rc1", "7.0.0-rc2", -1}, {"7.0.0-beta2", "7.0.0-rc1", -1},
      {"7.0.0-alpha", "7.0.0-beta", -1}, {"1.0-dev", "1.0-alpha1", -1},
      {"1.0-SNAPSHOT", "1.0", -1},   {"5.0.0-M1", "5.0.0", -1},
      {"5.0.0-m1", "5.0.0-RC1", -1}, {"7.0.0rc1", "7.0.0", -1},
      {"12.2R3-S1", "12.2R3", 1},    {"12.2R3-S1", "12.2R3-S2", -1},
      {"12.2R3", "12.2R10", -1},     {"5.4.13", "5.4.13.1", -1},
      {"1.02", "1.2", 0},            {"1.0", "1.0.0", 0},
      {"7.0.0-RC1", "7.0-rc1", 0},   {"1.0_1", "1.0-1", 0},
      {"1.0-1", "1.0.1", 0},         {"V1.2", "1.2", 0},
      {"1.0A", "1.0a", 0},           {"10.0", "9.9", 1},
      {"1.0a", "1.0.1", -1},         {"2.4.9", "2.4.10", -1},
      {"1.2.3-preview1", "1.2.3", -1},
      {"5.4.24.Final", "5.4.24", 0}, {"5.3.18.RELEASE", "5.3.18", 0},
      {"5.4.24.Final", "5.4.25.Final", -1}, {"2.0.0-GA", "2.0.0-RC1", 1},
      {"99999999999999999999999.1", "99999999999999999999998.1", 1},
  };
  int failed = 0;
  for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
    failed += expect(VL_SCHEME_GENERIC, cases[i].a, cases[i].b, cases[i].want,
                     "nvd");
    failed += expect(VL_SCHEME_GENERIC, cases[i].b, cases[i].a, -cases[i].want,
                     "nvd");
  }
  printf("generic: %zu cases checked\n", VL_ARRAY_LEN(cases));
  assert_int_equal(failed, 0);
}

/* The generic scheme is the fallback for any vendor string: every printable
 * string up to the length cap must give a key. */
static void test_generic_accepts_printable(void **state) {
  (void)state;
  char s[VL_VERSION_MAX];
  struct vl_verkey k;
  struct vl_diag d;
  uint64_t x = 88172645463325252ULL;
  int n = 0;
  for (int iter = 0; iter < 20000; iter++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    size_t len = 1 + (size_t)(x % 64);
    for (size_t i = 0; i < len; i++) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      s[i] = (char)(0x20 + x % 95);
    }
    vl_diag_clear(&d);
    int rc = vl_version_key(VL_SCHEME_GENERIC, s, len, &k, &d);
    if (rc) {
      fprintf(stderr, "  FAIL generic refused '%.*s': %s\n", (int)len, s, d.msg);
      n++;
    }
  }
  printf("generic: 20000 random printable strings checked\n");
  assert_int_equal(n, 0);
}

/* --------------------------------------------------- errors with positions */

static void test_parse_errors_name_position(void **state) {
  (void)state;
  static const struct {
    enum vl_scheme s;
    const char *v;
    const char *msg_part;
  } cases[] = {
      {VL_SCHEME_DPKG, "", "empty"},
      {VL_SCHEME_DPKG, "1.0 2", "position 4"},
      {VL_SCHEME_DPKG, ":1.0", "epoch in version is empty"},
      {VL_SCHEME_DPKG, "a:1.0", "epoch in version is not number at position 1"},
      {VL_SCHEME_DPKG, "1x:1.0", "position 2"},
      {VL_SCHEME_DPKG, "-1:1.0", "negative"},
      {VL_SCHEME_DPKG, "2147483648:1.0", "too big"},
      {VL_SCHEME_DPKG, "1.0-", "revision number is empty at position 5"},
      {VL_SCHEME_DPKG, "1:-1", "version number is empty at position 3"},
      {VL_SCHEME_RPM, "", "empty"},
      {VL_SCHEME_RPM, "1.0\n", "position 4"},
      {VL_SCHEME_APK, "1.0-x", "position 4"},
      {VL_SCHEME_APK, "1.0_foo", "suffix at position 5"},
      {VL_SCHEME_APK, "1.0A", "position 4"},
      {VL_SCHEME_ALPM, "", "empty"},
      {VL_SCHEME_GENTOO, "1.0_foo", "suffix at position 5"},
      {VL_SCHEME_GENTOO, "a1", "position 1"},
      {VL_SCHEME_GENTOO, "1..0", "position 3"},
      {VL_SCHEME_GENTOO, "1.0-r", "position 6"},
      {VL_SCHEME_GENTOO, "1.0ab", "position 5"},
      {VL_SCHEME_OPENSSL, "1.0", "position 4"},
      {VL_SCHEME_OPENSSL, "3.0.0a", "position 6"},
      {VL_SCHEME_OPENSSL, "1.0.2-foo", "position 7"},
      {VL_SCHEME_GENERIC, "", "empty"},
      {VL_SCHEME_GENERIC, "1.0\t1", "position 4"},
  };
  int failed = 0;
  for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
    struct vl_verkey k;
    struct vl_diag d;
    vl_diag_clear(&d);
    int rc = vl_version_key(cases[i].s, cases[i].v, strlen(cases[i].v), &k, &d);
    if (rc != VL_EPARSE || !strstr(d.msg, cases[i].msg_part)) {
      fprintf(stderr, "  FAIL %s '%s': rc %d msg '%s', want '%s'\n",
              vl_scheme_name(cases[i].s), cases[i].v, rc, d.msg,
              cases[i].msg_part);
      failed++;
    }
  }
  printf("parse errors: %zu cases checked\n", VL_ARRAY_LEN(cases));
  assert_int_equal(failed, 0);
}

static void test_overlong_is_toobig(void **state) {
  (void)state;
  char s[VL_VERSION_MAX + 2];
  memset(s, '1', sizeof(s));
  struct vl_verkey k;
  struct vl_diag d;
  static const enum vl_scheme all[] = {
      VL_SCHEME_GENERIC, VL_SCHEME_DPKG,   VL_SCHEME_RPM,    VL_SCHEME_APK,
      VL_SCHEME_ALPM,    VL_SCHEME_GENTOO, VL_SCHEME_OPENSSL};
  for (size_t i = 0; i < VL_ARRAY_LEN(all); i++) {
    vl_diag_clear(&d);
    assert_int_equal(vl_version_key(all[i], s, sizeof(s), &k, &d), VL_ETOOBIG);
  }
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_dpkg_deb_versions_tsv),
      cmocka_unit_test(test_dpkg_apt_versions_lst),
      cmocka_unit_test(test_dpkg_univers),
      cmocka_unit_test(test_dpkg_rules),
      cmocka_unit_test(test_rpm_rpmvercmp_tsv),
      cmocka_unit_test(test_rpm_caret_and_evr),
      cmocka_unit_test(test_apk_alpine_test_txt),
      cmocka_unit_test(test_apk_univers),
      cmocka_unit_test(test_alpm_univers),
      cmocka_unit_test(test_gentoo_univers),
      cmocka_unit_test(test_openssl_univers),
      cmocka_unit_test(test_openssl_versort),
      cmocka_unit_test(test_generic_nvd_examples),
      cmocka_unit_test(test_generic_accepts_printable),
      cmocka_unit_test(test_parse_errors_name_position),
      cmocka_unit_test(test_overlong_is_toobig),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
