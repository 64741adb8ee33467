/* Unit tests of lib/ident/vl_purl.c against the purl conformance suite in
 * $VL_SHARED_DATA/purl: every case of the JSON files in tests/spec and
 * tests/types (test types parse, build and validate, with and without
 * expected_failure) and of legacy-test-suite-data.json.
 *
 * Where the suite contradicts itself the test says so and checks the
 * documented resolution instead of silently skipping:
 *  - the same input is both a required parse failure ("qualifier key not in
 *    lower case") and a successful parse/validate elsewhere: the library
 *    normalises by default and rejects under VL_PURL_STRICT, so such a case
 *    is checked with VL_PURL_STRICT;
 *  - three legacy cases are contradicted by a case of the current suite;
 *    the test checks that the current case exists with the opposite verdict
 *    and that the library follows the current suite. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/core.h"
#include "vulnloop/purl.h"

#define ARENA_MAX (1u << 20)

static char data_dir[1024];

/* All test files of the current suite, loaded once. */
static json_t *suite_files[128];
static char *suite_names[128];
static size_t nsuite;

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(const char *sub) {
  char path[1400];
  snprintf(path, sizeof(path), "%s/purl/tests/%s", data_dir, sub);
  DIR *dir = opendir(path);
  if (!dir) {
    fprintf(stderr, "cannot open %s\n", path);
    return -1;
  }
  char *names[128];
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL && n < 128) {
    size_t l = strlen(e->d_name);
    if (l > 5 && strcmp(e->d_name + l - 5, ".json") == 0)
      names[n++] = strdup(e->d_name);
  }
  closedir(dir);
  qsort(names, n, sizeof(names[0]), cmp_str);
  for (size_t i = 0; i < n && nsuite < 128; i++) {
    char fp[1800];
    snprintf(fp, sizeof(fp), "%s/%s", path, names[i]);
    json_error_t err;
    json_t *j = json_load_file(fp, 0, &err);
    if (!j) {
      fprintf(stderr, "%s:%d: %s\n", fp, err.line, err.text);
      return -1;
    }
    suite_files[nsuite] = j;
    suite_names[nsuite] = names[i];
    nsuite++;
  }
  return 0;
}

static int setup(void **state) {
  (void)state;
  const char *d = getenv("VL_SHARED_DATA");
  if (!d) {
    fprintf(stderr, "VL_SHARED_DATA is not set\n");
    return -1;
  }
  snprintf(data_dir, sizeof(data_dir), "%s", d);
  if (load_dir("spec") || load_dir("types")) return -1;
  return nsuite > 0 ? 0 : -1;
}

static int teardown(void **state) {
  (void)state;
  for (size_t i = 0; i < nsuite; i++) {
    json_decref(suite_files[i]);
    free(suite_names[i]);
  }
  return 0;
}

/* ------------------------------------------------------------- helpers */

static const char *jstr(json_t *o, const char *k) {
  json_t *v = json_object_get(o, k);
  return json_is_string(v) ? json_string_value(v) : NULL;
}

static bool same_str(const char *a, const char *b) {
  if (!a || !b) return a == b;
  return strcmp(a, b) == 0;
}

/* Compares parsed components with an expected JSON object; prints
 * differences under label.  An empty qualifiers object equals null. */
static bool components_match(const struct vl_purl *p, json_t *want,
                             const char *label) {
  bool ok = true;
  static const char *const keys[] = {"type", "namespace", "name", "version",
                                     "subpath"};
  const char *got[] = {p->type, p->ns, p->name, p->version, p->subpath};
  for (size_t k = 0; k < 5; k++) {
    const char *w = jstr(want, keys[k]);
    if (!same_str(w, got[k])) {
      printf("  FAIL %s: %s want %s got %s\n", label, keys[k],
             w ? w : "null", got[k] ? got[k] : "null");
      ok = false;
    }
  }
  json_t *q = json_object_get(want, "qualifiers");
  size_t wn = json_is_object(q) ? json_object_size(q) : 0;
  if (wn != p->nquals) {
    printf("  FAIL %s: %zu qualifiers, want %zu\n", label, p->nquals, wn);
    ok = false;
  } else if (wn) {
    const char *k;
    json_t *v;
    json_object_foreach(q, k, v) {
      const char *g = vl_purl_qualifier(p, k);
      if (!same_str(g, json_string_value(v))) {
        printf("  FAIL %s: qualifier %s want %s got %s\n", label, k,
               json_string_value(v), g ? g : "null");
        ok = false;
      }
    }
  }
  return ok;
}

/* Fills in from a JSON components object (borrowing its strings). */
static void components_from_json(json_t *o, struct vl_purl *in,
                                 struct vl_purl_qual *qbuf, size_t qcap) {
  memset(in, 0, sizeof(*in));
  in->type = jstr(o, "type");
  in->ns = jstr(o, "namespace");
  in->name = jstr(o, "name");
  in->version = jstr(o, "version");
  in->subpath = jstr(o, "subpath");
  json_t *q = json_object_get(o, "qualifiers");
  if (json_is_object(q)) {
    const char *k;
    json_t *v;
    json_object_foreach(q, k, v) {
      if (in->nquals >= qcap) break;
      qbuf[in->nquals].key = k;
      qbuf[in->nquals].value = json_string_value(v);
      in->nquals++;
    }
    in->quals = qbuf;
  }
}

/* Canonical string of s, or NULL on failure (message in d).  Caller frees. */
static char *canon(const char *s, unsigned flags, struct vl_diag *d) {
  struct vl_arena *a;
  struct vl_purl p;
  struct vl_buf b;
  char *r = NULL;
  if (vl_arena_new(ARENA_MAX, &a)) return NULL;
  vl_buf_init(&b, VL_PURL_STR_MAX * 4);
  if (vl_purl_parse(a, s, strlen(s), flags, &p, d) == 0 &&
      vl_purl_to_string(&p, &b) == 0)
    r = vl_buf_steal(&b);
  vl_buf_free(&b);
  vl_arena_free(a);
  return r;
}

/* Is s the input of a case that expects success anywhere in the suite? */
static bool suite_accepts(const char *s) {
  for (size_t f = 0; f < nsuite; f++) {
    size_t i;
    json_t *tc;
    json_array_foreach(json_object_get(suite_files[f], "tests"), i, tc) {
      const char *tt = jstr(tc, "test_type");
      if (json_is_true(json_object_get(tc, "expected_failure"))) continue;
      if (!tt || (strcmp(tt, "parse") && strcmp(tt, "validate"))) continue;
      if (same_str(jstr(tc, "input"), s)) return true;
    }
  }
  return false;
}

/* ------------------------------------------------------------- the suite */

struct counts {
  size_t checked, failed, contradictions;
};

static bool run_case(json_t *tc, const char *label, struct counts *c) {
  const char *tt = jstr(tc, "test_type");
  bool want_fail = json_is_true(json_object_get(tc, "expected_failure"));
  json_t *input = json_object_get(tc, "input");
  json_t *want = json_object_get(tc, "expected_output");
  struct vl_arena *a;
  struct vl_diag d;
  bool ok = true;
  vl_diag_clear(&d);
  assert_int_equal(vl_arena_new(ARENA_MAX, &a), 0);
  if (tt && strcmp(tt, "parse") == 0) {
    const char *s = json_string_value(input);
    struct vl_purl p;
    int rc = vl_purl_parse(a, s, strlen(s), 0, &p, &d);
    if (want_fail) {
      if (rc == 0 && suite_accepts(s)) {
        /* The suite also expects this very input to succeed. */
        vl_diag_clear(&d);
        rc = vl_purl_parse(a, s, strlen(s), VL_PURL_STRICT, &p, &d);
        printf("  note %s: suite contradicts itself on %s; checked with "
               "VL_PURL_STRICT: %s\n",
               label, s, rc ? d.msg : "accepted");
        c->contradictions++;
      }
      if (rc == 0) {
        printf("  FAIL %s: %s accepted, want a failure\n", label, s);
        ok = false;
      } else if (!d.msg[0]) {
        printf("  FAIL %s: %s failed without a message\n", label, s);
        ok = false;
      }
    } else if (rc) {
      printf("  FAIL %s: %s rejected: %s\n", label, s, d.msg);
      ok = false;
    } else {
      ok = components_match(&p, want, label);
    }
  } else if (tt && strcmp(tt, "build") == 0) {
    struct vl_purl in, p;
    struct vl_purl_qual qbuf[VL_PURL_QUAL_MAX];
    struct vl_buf b;
    components_from_json(input, &in, qbuf, VL_PURL_QUAL_MAX);
    vl_buf_init(&b, VL_PURL_STR_MAX * 4);
    int rc = vl_purl_build(a, &in, 0, &p, &d);
    if (rc == 0) rc = vl_purl_to_string(&p, &b);
    if (want_fail) {
      if (rc == 0) {
        printf("  FAIL %s: built %s, want a failure\n", label, b.data);
        ok = false;
      }
    } else if (rc) {
      printf("  FAIL %s: build rejected: %s\n", label, d.msg);
      ok = false;
    } else if (!same_str(b.data, json_string_value(want))) {
      printf("  FAIL %s: built %s, want %s\n", label, b.data,
             json_string_value(want));
      ok = false;
    }
    vl_buf_free(&b);
  } else if (tt && strcmp(tt, "validate") == 0) {
    const char *s = json_string_value(input);
    char *got = canon(s, 0, &d);
    if (want_fail) {
      if (got) {
        printf("  FAIL %s: %s accepted, want a failure\n", label, s);
        ok = false;
      }
    } else if (!got) {
      printf("  FAIL %s: %s rejected: %s\n", label, s, d.msg);
      ok = false;
    } else if (!same_str(got, json_string_value(want))) {
      printf("  FAIL %s: %s canonicalised to %s, want %s\n", label, s, got,
             json_string_value(want));
      ok = false;
    } else {
      /* The expected canonical form must be a fixed point. */
      char *again = canon(got, 0, &d);
      if (!same_str(again, got)) {
        printf("  FAIL %s: canonical %s is not stable (%s)\n", label, got,
               again ? again : d.msg);
        ok = false;
      }
      free(again);
    }
    free(got);
  } else {
    printf("  FAIL %s: unknown test_type %s\n", label, tt ? tt : "null");
    ok = false;
  }
  vl_arena_free(a);
  c->checked++;
  if (!ok) c->failed++;
  return ok;
}

static void test_conformance_suite(void **state) {
  (void)state;
  struct counts all = {0, 0, 0};
  for (size_t f = 0; f < nsuite; f++) {
    struct counts c = {0, 0, 0};
    json_t *tests = json_object_get(suite_files[f], "tests");
    size_t i;
    json_t *tc;
    json_array_foreach(tests, i, tc) {
      char label[300];
      snprintf(label, sizeof(label), "%s[%zu] (%s %s)", suite_names[f], i,
               jstr(tc, "test_type"), jstr(tc, "description"));
      run_case(tc, label, &c);
    }
    printf("%-28s %3zu cases, %zu failed%s\n", suite_names[f], c.checked,
           c.failed, c.contradictions ? " (self-contradictory cases noted)" : "");
    assert_int_equal(c.checked, json_array_size(tests));
    all.checked += c.checked;
    all.failed += c.failed;
    all.contradictions += c.contradictions;
  }
  printf("purl conformance suite: %zu files, %zu cases, %zu failed, %zu "
         "self-contradictory cases checked with VL_PURL_STRICT\n",
         nsuite, all.checked, all.failed, all.contradictions);
  assert_int_equal(all.failed, 0);
  assert_true(all.checked > 500);
}

/* ------------------------------------------------------------ the legacy */

/* Legacy cases that the current suite overrules, with the current input. */
static const struct {
  const char *legacy_purl;
  const char *current_input;
  bool current_fails;
} superseded[] = {
    /* legacy: a conan namespace needs a channel; current: namespace without
     * channel qualifier is valid. */
    {"pkg:conan/bincrafters/cctz@2.3",
     "pkg:conan/openssl.org/openssl@3.0.3?arch=x86_64&build_type=Debug&"
     "compiler=Visual%20Studio&compiler.runtime=MDd&compiler.version=16&"
     "os=Windows&shared=True&rrev=93a82349c31917d2d674d22065c7a9ef9f380c8e&"
     "prev=b429db8a0e324114c25ec387bfd8281f330d7c5c",
     false},
    /* legacy: cpan names are module names; current: distribution names. */
    {"pkg:cpan/URI::PackageURL@2.11", "pkg:cpan/URI::PackageURL", true},
    {"pkg:cpan/Perl-Version@1.013", "pkg:cpan/URI-PackageURL", false},
};

/* Does the current suite hold a parse case for s with this verdict? */
static bool suite_has_parse(const char *s, bool fails) {
  for (size_t f = 0; f < nsuite; f++) {
    size_t i;
    json_t *tc;
    json_array_foreach(json_object_get(suite_files[f], "tests"), i, tc) {
      if (!same_str(jstr(tc, "test_type"), "parse")) continue;
      if (!same_str(jstr(tc, "input"), s)) continue;
      if (json_is_true(json_object_get(tc, "expected_failure")) == fails)
        return true;
    }
  }
  return false;
}

/* s with every "%2F" turned into '/': the legacy suite predates percent-
 * encoding '/' in qualifier values. */
static void unslash(const char *s, char *out, size_t cap) {
  size_t w = 0;
  for (size_t i = 0; s[i] && w + 1 < cap; i++) {
    if (s[i] == '%' && s[i + 1] == '2' && (s[i + 2] == 'F' || s[i + 2] == 'f')) {
      out[w++] = '/';
      i += 2;
    } else {
      out[w++] = s[i];
    }
  }
  out[w] = '\0';
}

static void test_legacy_suite(void **state) {
  (void)state;
  char path[1400];
  snprintf(path, sizeof(path), "%s/purl/legacy-test-suite-data.json",
           data_dir);
  json_error_t err;
  json_t *cases = json_load_file(path, 0, &err);
  assert_non_null(cases);
  size_t i, checked = 0, failed = 0, overruled = 0;
  json_t *tc;
  json_array_foreach(cases, i, tc) {
    const char *s = jstr(tc, "purl");
    bool invalid = json_is_true(json_object_get(tc, "is_invalid"));
    char label[400];
    snprintf(label, sizeof(label), "legacy[%zu] %s", i, s);
    bool ok = true, handled = false;
    for (size_t k = 0; k < VL_ARRAY_LEN(superseded); k++) {
      if (strcmp(superseded[k].legacy_purl, s) != 0) continue;
      handled = true;
      struct vl_diag d;
      char *g = canon(s, 0, &d);
      /* The library follows the current suite, which must really say so. */
      if (!suite_has_parse(superseded[k].current_input,
                           superseded[k].current_fails) ||
          (superseded[k].current_fails == invalid) ||
          ((g == NULL) != !invalid)) {
        printf("  FAIL %s: not overruled as documented\n", label);
        ok = false;
      } else {
        printf("  note %s: overruled by current suite case %s\n", label,
               superseded[k].current_input);
      }
      free(g);
      overruled++;
    }
    if (!handled) {
      struct vl_arena *a;
      struct vl_purl p;
      struct vl_diag d;
      vl_diag_clear(&d);
      assert_int_equal(vl_arena_new(ARENA_MAX, &a), 0);
      int rc = vl_purl_parse(a, s, strlen(s), 0, &p, &d);
      if (invalid) {
        if (rc == 0) {
          printf("  FAIL %s: accepted, want a failure\n", label);
          ok = false;
        }
      } else if (rc) {
        printf("  FAIL %s: rejected: %s\n", label, d.msg);
        ok = false;
      } else {
        ok = components_match(&p, tc, label);
        char *mine = canon(s, 0, &d);
        const char *cp = jstr(tc, "canonical_purl");
        char *theirs = cp ? canon(cp, 0, &d) : NULL;
        char a1[2048], a2[2048];
        unslash(mine ? mine : "", a1, sizeof(a1));
        unslash(cp ? cp : "", a2, sizeof(a2));
        if (!mine || !theirs || strcmp(mine, theirs) || strcmp(a1, a2)) {
          printf("  FAIL %s: canonical %s, legacy says %s\n", label,
                 mine ? mine : "(none)", cp ? cp : "(none)");
          ok = false;
        }
        free(mine);
        free(theirs);
      }
      vl_arena_free(a);
    }
    checked++;
    if (!ok) failed++;
  }
  printf("purl legacy suite: %zu cases, %zu failed (%zu overruled by the "
         "current suite)\n",
         checked, failed, overruled);
  assert_int_equal(failed, 0);
  assert_int_equal(overruled, VL_ARRAY_LEN(superseded));
  json_decref(cases);
}

/* ------------------------------------------------------------ hand cases */

static void test_caps_and_errors(void **state) {
  (void)state;
  struct vl_arena *a;
  struct vl_purl p;
  struct vl_diag d;
  assert_int_equal(vl_arena_new(ARENA_MAX, &a), 0);
  vl_diag_clear(&d);
  /* Bad percent-encoding names the component. */
  const char *bad = "pkg:npm/foo@1.0%zz";
  assert_int_equal(vl_purl_parse(a, bad, strlen(bad), 0, &p, &d), VL_EPARSE);
  assert_non_null(strstr(d.msg, "version"));
  /* Duplicate qualifier keys. */
  const char *dup = "pkg:npm/foo@1?a=1&A=2";
  assert_int_equal(vl_purl_parse(a, dup, strlen(dup), 0, &p, &d), VL_EPARSE);
  /* Input size cap. */
  static char big[VL_PURL_STR_MAX + 32];
  memset(big, 'a', sizeof(big) - 1);
  memcpy(big, "pkg:npm/", 8);
  assert_int_equal(vl_purl_parse(a, big, strlen(big), 0, &p, &d), VL_ETOOBIG);
  /* Qualifier count cap. */
  struct vl_buf b;
  vl_buf_init(&b, 1 << 16);
  assert_int_equal(vl_buf_puts(&b, "pkg:npm/foo?"), 0);
  for (int k = 0; k <= VL_PURL_QUAL_MAX; k++)
    assert_int_equal(vl_buf_printf(&b, "%sk%d=v", k ? "&" : "", k), 0);
  assert_int_equal(vl_purl_parse(a, b.data, b.len, 0, &p, &d), VL_ETOOBIG);
  vl_buf_free(&b);
  /* Empty qualifier values are dropped; keys are sorted. */
  const char *q = "pkg:deb/debian/curl@7.50.3-1?distro=&arch=i386";
  assert_int_equal(vl_purl_parse(a, q, strlen(q), 0, &p, &d), 0);
  assert_int_equal(p.nquals, 1);
  assert_string_equal(p.quals[0].key, "arch");
  vl_arena_free(a);
}

/* Every type of purl-types-index.json has its test file in the suite run. */
/* Found by fuzz_purl after 296 s: a purl within the input cap whose
 * canonical form (percent-encoding triples '!') is longer than the cap
 * used to be written out, and then did not parse back. */
static void test_canonical_longer_than_cap_is_refused(void **state) {
  (void)state;
  struct vl_arena *a;
  assert_int_equal(vl_arena_new(1 << 22, &a), 0);
  char in[4000];
  size_t n = (size_t)snprintf(in, sizeof(in), "pkg:generic/x");
  while (n < 3900) in[n++] = '!';
  in[n] = '\0';
  struct vl_purl p;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_purl_parse(a, in, n, 0, &p, &d), 0);
  struct vl_buf b;
  vl_buf_init(&b, 1 << 20);
  assert_int_equal(vl_buf_puts(&b, "keep"), 0);
  assert_int_equal(vl_purl_to_string(&p, &b), VL_ETOOBIG);
  assert_string_equal(b.data, "keep"); /* left as it was */
  vl_buf_free(&b);
  /* A shorter one is written and reads back. */
  assert_int_equal(vl_purl_parse(a, "pkg:generic/x!!", 15, 0, &p, &d), 0);
  vl_buf_init(&b, 1 << 20);
  assert_int_equal(vl_purl_to_string(&p, &b), 0);
  assert_string_equal(b.data, "pkg:generic/x%21%21");
  vl_buf_free(&b);
  vl_arena_free(a);
}

static void test_every_indexed_type_is_covered(void **state) {
  (void)state;
  char path[1400];
  snprintf(path, sizeof(path), "%s/purl/purl-types-index.json", data_dir);
  json_error_t err;
  json_t *idx = json_load_file(path, 0, &err);
  assert_non_null(idx);
  size_t i, missing = 0;
  json_t *t;
  json_array_foreach(idx, i, t) {
    char want[256];
    bool found = false;
    snprintf(want, sizeof(want), "%s-test.json", json_string_value(t));
    for (size_t f = 0; f < nsuite && !found; f++)
      found = strcmp(suite_names[f], want) == 0;
    if (!found) {
      printf("  FAIL type %s has no test file\n", json_string_value(t));
      missing++;
    }
  }
  printf("purl types index: %zu types, %zu without tests\n",
         json_array_size(idx), missing);
  assert_int_equal(missing, 0);
  assert_true(json_array_size(idx) > 40);
  json_decref(idx);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_conformance_suite),
      cmocka_unit_test(test_legacy_suite),
      cmocka_unit_test(test_caps_and_errors),
      cmocka_unit_test(test_every_indexed_type_is_covered),
      cmocka_unit_test(test_canonical_longer_than_cap_is_refused),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
