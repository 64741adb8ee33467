/* Unit tests of lib/ident/vl_cpe.c: CPE 2.3 naming (NISTIR 7695) and name
 * matching (NISTIR 7696).
 *
 * Oracles: every case of $VL_SHARED_DATA/cpe/cpe-name-matching-and-binding-
 * vectors.json (transcribed from the go-cpe port of NIST's reference code)
 * and the worked binding/unbinding examples printed in NISTIR 7695 sections
 * 6.1.2.4, 6.1.3.3, 6.2.2.3 and 6.2.3.3. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/core.h"
#include "vulnloop/cpe.h"

static json_t *vectors;

static int load_vectors(void **state) {
  (void)state;
  const char *dir = getenv("VL_SHARED_DATA");
  if (!dir) {
    fprintf(stderr, "VL_SHARED_DATA is not set\n");
    return -1;
  }
  char path[1024];
  snprintf(path, sizeof(path),
           "%s/cpe/cpe-name-matching-and-binding-vectors.json", dir);
  json_error_t err;
  vectors = json_load_file(path, 0, &err);
  if (!vectors) {
    fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
    return -1;
  }
  return 0;
}

static int free_vectors(void **state) {
  (void)state;
  json_decref(vectors);
  return 0;
}

/* Builds a WFN from a JSON object of WFN-form strings; absent = ANY. */
static int wfn_from_json(json_t *o, struct vl_cpe *c, struct vl_diag *d) {
  vl_cpe_init(c);
  for (int id = 0; id < VL_CPE_NATTR; id++) {
    json_t *v = json_object_get(o, vl_cpe_attr_name(id));
    if (!v) continue;
    int rc = vl_cpe_set(c, id, json_string_value(v), d);
    if (rc) return rc;
  }
  return 0;
}

/* Compares c with the expected JSON WFN; prints differences. */
static bool wfn_matches_json(const struct vl_cpe *c, json_t *o,
                             const char *label) {
  bool ok = true;
  for (int id = 0; id < VL_CPE_NATTR; id++) {
    json_t *v = json_object_get(o, vl_cpe_attr_name(id));
    const char *want = v ? json_string_value(v) : "<ANY>";
    const struct vl_cpe_attr *a = &c->attr[id];
    const char *got = a->kind == VL_CPE_ANY  ? "<ANY>"
                      : a->kind == VL_CPE_NA ? "<NA>"
                                             : a->v;
    if (strcmp(want, got) != 0) {
      printf("  FAIL %s: %s: want %s, got %s\n", label, vl_cpe_attr_name(id),
             want, got);
      ok = false;
    }
  }
  return ok;
}

static bool wfn_equal(const struct vl_cpe *a, const struct vl_cpe *b) {
  for (int id = 0; id < VL_CPE_NATTR; id++) {
    if (a->attr[id].kind != b->attr[id].kind) return false;
    if (strcmp(a->attr[id].v, b->attr[id].v) != 0) return false;
  }
  return true;
}

/* Binds c both ways and unbinds again: the WFN must survive. */
static bool roundtrips(const struct vl_cpe *c, const char *label) {
  struct vl_buf b;
  struct vl_cpe back;
  struct vl_diag d;
  bool ok = true;
  vl_buf_init(&b, 8192);
  vl_diag_clear(&d);
  if (vl_cpe_to_fs(c, &b) || vl_cpe_parse_fs(b.data, b.len, &back, &d) ||
      !wfn_equal(c, &back)) {
    printf("  FAIL %s: formatted string %s does not round-trip (%s)\n", label,
           b.data ? b.data : "", d.msg);
    ok = false;
  }
  vl_buf_reset(&b);
  vl_diag_clear(&d);
  if (vl_cpe_to_uri(c, &b) || vl_cpe_parse_uri(b.data, b.len, &back, &d) ||
      !wfn_equal(c, &back)) {
    printf("  FAIL %s: URI %s does not round-trip (%s)\n", label,
           b.data ? b.data : "", d.msg);
    ok = false;
  }
  vl_buf_free(&b);
  return ok;
}

static void test_matching_vectors(void **state) {
  (void)state;
  json_t *cases = json_object_get(vectors, "matching");
  assert_non_null(cases);
  size_t i, checked = 0, failed = 0;
  json_t *tc;
  json_array_foreach(cases, i, tc) {
    struct vl_cpe s, t;
    struct vl_diag d;
    char label[32];
    snprintf(label, sizeof(label), "matching[%zu]", i);
    vl_diag_clear(&d);
    if (wfn_from_json(json_object_get(tc, "wfn1"), &s, &d) ||
        wfn_from_json(json_object_get(tc, "wfn2"), &t, &d)) {
      printf("  FAIL %s: WFN rejected: %s\n", label, d.msg);
      failed++;
      continue;
    }
    static const char *const fn[4] = {"disjoint", "equal", "subset",
                                      "superset"};
    bool got[4] = {vl_cpe_is_disjoint(&s, &t), vl_cpe_is_equal(&s, &t),
                   vl_cpe_is_subset(&s, &t), vl_cpe_is_superset(&s, &t)};
    bool bad = false;
    for (int k = 0; k < 4; k++) {
      bool want = json_is_true(json_object_get(tc, fn[k]));
      if (want != got[k]) {
        printf("  FAIL %s: CPE_%s want %d got %d\n", label, fn[k], want,
               got[k]);
        bad = true;
      }
    }
    checked++;
    if (bad) failed++;
  }
  printf("cpe matching vectors: %zu checked, %zu failed\n", checked, failed);
  assert_int_equal(failed, 0);
  assert_int_equal(checked, json_array_size(cases));
}

static void test_unbind_uri_vectors(void **state) {
  (void)state;
  json_t *cases = json_object_get(vectors, "unbind_uri");
  assert_non_null(cases);
  size_t i, checked = 0, failed = 0;
  json_t *tc;
  json_array_foreach(cases, i, tc) {
    const char *uri = json_string_value(json_object_get(tc, "uri"));
    bool want_err = json_is_true(json_object_get(tc, "error"));
    struct vl_cpe c;
    struct vl_diag d;
    char label[600];
    snprintf(label, sizeof(label), "unbind_uri[%zu] %s", i, uri);
    vl_diag_clear(&d);
    int rc = vl_cpe_parse_uri(uri, strlen(uri), &c, &d);
    bool ok;
    if (want_err) {
      ok = rc != 0 && d.msg[0] != '\0';
      if (!ok) printf("  FAIL %s: accepted, want an error\n", label);
    } else if (rc) {
      printf("  FAIL %s: rejected: %s\n", label, d.msg);
      ok = false;
    } else {
      ok = wfn_matches_json(&c, json_object_get(tc, "wfn"), label);
      ok = roundtrips(&c, label) && ok;
    }
    checked++;
    if (!ok) failed++;
  }
  printf("cpe URI unbinding vectors: %zu checked, %zu failed\n", checked,
         failed);
  assert_int_equal(failed, 0);
  assert_int_equal(checked, json_array_size(cases));
}

/* Expected key text: the JSON WFN value unquoted and lower-cased. */
static void expect_key(const char *label, const char *what, json_t *o,
                       const char *attr, const struct vl_cpe_keyattr *ka,
                       bool *ok) {
  json_t *v = json_object_get(o, attr);
  const char *w = v ? json_string_value(v) : "<ANY>";
  enum vl_cpe_kind kind = !strcmp(w, "<ANY>")  ? VL_CPE_ANY
                          : !strcmp(w, "<NA>") ? VL_CPE_NA
                                               : VL_CPE_VALUE;
  char text[VL_CPE_VALUE_MAX] = "";
  size_t n = 0;
  if (kind == VL_CPE_VALUE)
    for (const char *p = w; *p && n + 1 < sizeof(text); p++) {
      if (*p == '\\') p++;
      text[n++] = (char)tolower((unsigned char)*p);
    }
  text[n] = '\0';
  if (ka->kind != kind || strcmp(ka->text, text) != 0) {
    printf("  FAIL %s: key %s want %s got %s\n", label, what, text, ka->text);
    *ok = false;
  }
}

static void test_unbind_fs_vectors(void **state) {
  (void)state;
  json_t *cases = json_object_get(vectors, "unbind_fs");
  assert_non_null(cases);
  size_t i, checked = 0, failed = 0;
  json_t *tc;
  json_array_foreach(cases, i, tc) {
    const char *fs = json_string_value(json_object_get(tc, "fs"));
    bool want_err = json_is_true(json_object_get(tc, "error"));
    struct vl_cpe c;
    struct vl_cpe_key key;
    struct vl_diag d;
    char label[600];
    snprintf(label, sizeof(label), "unbind_fs[%zu] %s", i, fs);
    vl_diag_clear(&d);
    int rc = vl_cpe_parse_fs(fs, strlen(fs), &c, &d);
    int krc = vl_cpe_key_fs(fs, strlen(fs), &key, NULL);
    bool ok;
    if (want_err) {
      ok = rc != 0 && krc != 0 && d.msg[0] != '\0';
      if (!ok) printf("  FAIL %s: accepted, want an error\n", label);
    } else if (rc || krc) {
      printf("  FAIL %s: rejected: %s\n", label, d.msg);
      ok = false;
    } else {
      json_t *w = json_object_get(tc, "wfn");
      ok = wfn_matches_json(&c, w, label);
      ok = roundtrips(&c, label) && ok;
      expect_key(label, "vendor", w, "vendor", &key.vendor, &ok);
      expect_key(label, "product", w, "product", &key.product, &ok);
      expect_key(label, "version", w, "version", &key.version, &ok);
      expect_key(label, "update", w, "update", &key.update, &ok);
    }
    checked++;
    if (!ok) failed++;
  }
  printf("cpe formatted-string unbinding vectors: %zu checked, %zu failed\n",
         checked, failed);
  assert_int_equal(failed, 0);
  assert_int_equal(checked, json_array_size(cases));
}

static void test_unpack_edition_vectors(void **state) {
  (void)state;
  json_t *cases = json_object_get(vectors, "unpack_edition");
  assert_non_null(cases);
  size_t i, checked = 0, failed = 0;
  json_t *tc;
  json_array_foreach(cases, i, tc) {
    const char *packed = json_string_value(json_object_get(tc, "packed"));
    char uri[512];
    snprintf(uri, sizeof(uri), "cpe:/a:vendor:product:1.0::%s", packed);
    struct vl_cpe c;
    struct vl_diag d;
    vl_diag_clear(&d);
    bool ok = true;
    if (vl_cpe_parse_uri(uri, strlen(uri), &c, &d)) {
      printf("  FAIL unpack %s: %s\n", packed, d.msg);
      ok = false;
    } else {
      json_t *w = json_object_get(tc, "wfn");
      static const int ids[5] = {VL_CPE_EDITION, VL_CPE_SW_EDITION,
                                 VL_CPE_TARGET_SW, VL_CPE_TARGET_HW,
                                 VL_CPE_OTHER};
      for (int k = 0; k < 5; k++) {
        json_t *v = json_object_get(w, vl_cpe_attr_name(ids[k]));
        const char *want = v ? json_string_value(v) : "<ANY>";
        const struct vl_cpe_attr *a = &c.attr[ids[k]];
        const char *got = a->kind == VL_CPE_ANY  ? "<ANY>"
                          : a->kind == VL_CPE_NA ? "<NA>"
                                                 : a->v;
        if (strcmp(want, got)) {
          printf("  FAIL unpack %s: %s want %s got %s\n", packed,
                 vl_cpe_attr_name(ids[k]), want, got);
          ok = false;
        }
      }
      ok = roundtrips(&c, packed) && ok;
    }
    checked++;
    if (!ok) failed++;
  }
  printf("cpe packed-edition vectors: %zu checked, %zu failed\n", checked,
         failed);
  assert_int_equal(failed, 0);
  assert_int_equal(checked, json_array_size(cases));
}

/* ------------------------------------------------ NISTIR 7695 examples */

struct bind_example {
  const char *wfn[VL_CPE_NATTR]; /* WFN form, NULL = ANY */
  const char *uri;               /* 6.1.2.4 */
  const char *fs;                /* 6.2.2.3 */
};

/* The binding examples of NISTIR 7695 6.1.2.4 and 6.2.2.3 (same WFNs);
 * attribute order: part vendor product version update edition language
 * sw_edition target_sw target_hw other. */
static const struct bind_example bind_examples[] = {
    {{"a", "microsoft", "internet_explorer", "8\\.0\\.6001", "beta"},
     "cpe:/a:microsoft:internet_explorer:8.0.6001:beta",
     "cpe:2.3:a:microsoft:internet_explorer:8.0.6001:beta:*:*:*:*:*:*"},
    {{"a", "microsoft", "internet_explorer", "8\\.*", "sp?"},
     "cpe:/a:microsoft:internet_explorer:8.%02:sp%01",
     "cpe:2.3:a:microsoft:internet_explorer:8.*:sp?:*:*:*:*:*:*"},
    {{"a", "hp", "insight_diagnostics", "7\\.4\\.0\\.1570", "<NA>", NULL, NULL,
      "online", "win2003", "x64"},
     "cpe:/a:hp:insight_diagnostics:7.4.0.1570:-:~~online~win2003~x64~",
     "cpe:2.3:a:hp:insight_diagnostics:7.4.0.1570:-:*:*:online:win2003:x64:*"},
    {{"a", "hp", "openview_network_manager", "7\\.51", "<NA>", NULL, NULL,
      NULL, "linux"},
     "cpe:/a:hp:openview_network_manager:7.51:-:~~~linux~~",
     "cpe:2.3:a:hp:openview_network_manager:7.51:-:*:*:*:linux:*:*"},
    {{"a", "foo\\\\bar", "big\\$money_manager_2010", NULL, NULL, NULL, NULL,
      "special", "ipod_touch", "80gb"},
     "cpe:/a:foo%5cbar:big%24money_manager_2010:::~~special~ipod_touch~80gb~",
     "cpe:2.3:a:foo\\\\bar:big\\$money_manager_2010:*:*:*:*:special:ipod_"
     "touch:80gb:*"},
};

static void test_nistir7695_binding_examples(void **state) {
  (void)state;
  size_t failed = 0;
  for (size_t i = 0; i < VL_ARRAY_LEN(bind_examples); i++) {
    const struct bind_example *ex = &bind_examples[i];
    struct vl_cpe c, back;
    struct vl_diag d;
    struct vl_buf b;
    vl_diag_clear(&d);
    vl_cpe_init(&c);
    for (int id = 0; id < VL_CPE_NATTR; id++)
      assert_int_equal(vl_cpe_set(&c, id, ex->wfn[id], &d), 0);
    vl_buf_init(&b, 4096);
    assert_int_equal(vl_cpe_to_uri(&c, &b), 0);
    if (strcmp(b.data, ex->uri)) {
      printf("  FAIL example %zu: URI want %s got %s\n", i, ex->uri, b.data);
      failed++;
    }
    vl_buf_reset(&b);
    assert_int_equal(vl_cpe_to_fs(&c, &b), 0);
    if (strcmp(b.data, ex->fs)) {
      printf("  FAIL example %zu: FS want %s got %s\n", i, ex->fs, b.data);
      failed++;
    }
    vl_buf_free(&b);
    /* And the unbinding examples (6.1.3.3, 6.2.3.3) go back to the WFN. */
    if (vl_cpe_parse_uri(ex->uri, strlen(ex->uri), &back, &d) ||
        !wfn_equal(&c, &back)) {
      printf("  FAIL example %zu: URI unbinding (%s)\n", i, d.msg);
      failed++;
    }
    if (vl_cpe_parse_fs(ex->fs, strlen(ex->fs), &back, &d) ||
        !wfn_equal(&c, &back)) {
      printf("  FAIL example %zu: FS unbinding (%s)\n", i, d.msg);
      failed++;
    }
  }
  printf("NISTIR 7695 binding examples: %zu checked, %zu failed\n",
         VL_ARRAY_LEN(bind_examples), failed);
  assert_int_equal(failed, 0);
}

/* Unbinding examples of NISTIR 7695 6.1.3.3 not covered above. */
static void test_nistir7695_uri_unbinding_examples(void **state) {
  (void)state;
  struct vl_cpe c;
  struct vl_diag d;
  vl_diag_clear(&d);
  /* Example 5: %07 is not a legal encoding. */
  const char *e5 =
      "cpe:/a:foo%5cbar:big%24money_2010%07:::~~special~ipod_touch~80gb~";
  assert_int_not_equal(vl_cpe_parse_uri(e5, strlen(e5), &c, &d), 0);
  /* Example 6: a raw and an encoded tilde both become a quoted '~'. */
  const char *e6 = "cpe:/a:foo~bar:big%7emoney_2010";
  assert_int_equal(vl_cpe_parse_uri(e6, strlen(e6), &c, &d), 0);
  assert_string_equal(c.attr[VL_CPE_VENDOR].v, "foo\\~bar");
  assert_string_equal(c.attr[VL_CPE_PRODUCT].v, "big\\~money_2010");
  assert_int_equal(c.attr[VL_CPE_VERSION].kind, VL_CPE_ANY);
  /* Example 7: %02 ('*') embedded in a value. */
  const char *e7 = "cpe:/a:foo:bar:12.%02.1234";
  assert_int_not_equal(vl_cpe_parse_uri(e7, strlen(e7), &c, &d), 0);
  /* 6.2.3.3 example 6 style: an embedded unquoted '*' in a formatted string
   * is an error, a quoted one is a literal. */
  const char *f1 = "cpe:2.3:a:foo:bar:12.*.1234:*:*:*:*:*:*:*";
  assert_int_not_equal(vl_cpe_parse_fs(f1, strlen(f1), &c, &d), 0);
  const char *f2 = "cpe:2.3:a:foo:bar:12.\\*.1234:*:*:*:*:*:*:*";
  assert_int_equal(vl_cpe_parse_fs(f2, strlen(f2), &c, &d), 0);
  assert_string_equal(c.attr[VL_CPE_VERSION].v, "12\\.\\*\\.1234");
  assert_int_equal(vl_cpe_compare_attr(&c.attr[VL_CPE_VERSION],
                                       &c.attr[VL_CPE_VERSION]),
                   VL_CPE_REL_EQUAL);
}

/* Table 6-2 of NISTIR 7696, one row each. */
static void test_nistir7696_table_6_2(void **state) {
  (void)state;
  static const struct {
    const char *src, *tgt;
    enum vl_cpe_rel want;
  } rows[] = {
      {"<ANY>", "<ANY>", VL_CPE_REL_EQUAL},        /* 1 */
      {"<ANY>", "<NA>", VL_CPE_REL_SUPERSET},      /* 2 */
      {"<ANY>", "foo", VL_CPE_REL_SUPERSET},       /* 3 */
      {"<ANY>", "fo*", VL_CPE_REL_UNDEFINED},      /* 4 */
      {"<NA>", "<ANY>", VL_CPE_REL_SUBSET},        /* 5 */
      {"<NA>", "<NA>", VL_CPE_REL_EQUAL},          /* 6 */
      {"<NA>", "foo", VL_CPE_REL_DISJOINT},        /* 7 */
      {"<NA>", "fo?", VL_CPE_REL_UNDEFINED},       /* 8 */
      {"foo", "FOO", VL_CPE_REL_EQUAL},            /* 9, case-insensitive */
      {"foo", "bar", VL_CPE_REL_DISJOINT},         /* 10 */
      {"foo", "*oo", VL_CPE_REL_UNDEFINED},        /* 11 */
      {"foo", "<NA>", VL_CPE_REL_DISJOINT},        /* 12 */
      {"foo", "<ANY>", VL_CPE_REL_SUBSET},         /* 13 */
      {"8\\.*", "8\\.0\\.6001", VL_CPE_REL_SUPERSET}, /* 14 */
      {"8\\.*", "9\\.0", VL_CPE_REL_DISJOINT},     /* 14 */
      {"fo*", "<ANY>", VL_CPE_REL_SUBSET},         /* 15 */
      {"fo*", "<NA>", VL_CPE_REL_DISJOINT},        /* 16 */
      {"fo*", "f*", VL_CPE_REL_UNDEFINED},         /* 17 */
      {"*\\-beta", "2\\.0\\-beta", VL_CPE_REL_SUPERSET},
      {"*\\-beta", "2\\.0\\-betax", VL_CPE_REL_DISJOINT},
  };
  size_t failed = 0;
  for (size_t i = 0; i < VL_ARRAY_LEN(rows); i++) {
    struct vl_cpe s, t;
    vl_cpe_init(&s);
    vl_cpe_init(&t);
    assert_int_equal(vl_cpe_set(&s, VL_CPE_VENDOR, rows[i].src, NULL), 0);
    assert_int_equal(vl_cpe_set(&t, VL_CPE_VENDOR, rows[i].tgt, NULL), 0);
    enum vl_cpe_rel r =
        vl_cpe_compare_attr(&s.attr[VL_CPE_VENDOR], &t.attr[VL_CPE_VENDOR]);
    if (r != rows[i].want) {
      printf("  FAIL row %zu: %s vs %s want %s got %s\n", i, rows[i].src,
             rows[i].tgt, vl_cpe_rel_name(rows[i].want), vl_cpe_rel_name(r));
      failed++;
    }
  }
  printf("NISTIR 7696 table 6-2 rows: %zu checked, %zu failed\n",
         VL_ARRAY_LEN(rows), failed);
  assert_int_equal(failed, 0);
}

static void test_name_relation_words(void **state) {
  (void)state;
  struct vl_cpe a, b;
  const char *ga = "cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*";
  const char *gb = "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*";
  assert_int_equal(vl_cpe_parse(ga, strlen(ga), &a, NULL), 0);
  assert_int_equal(vl_cpe_parse(gb, strlen(gb), &b, NULL), 0);
  assert_int_equal(vl_cpe_relation(&b, &a), VL_CPE_REL_SUPERSET);
  assert_int_equal(vl_cpe_relation(&a, &b), VL_CPE_REL_SUBSET);
  assert_int_equal(vl_cpe_relation(&a, &a), VL_CPE_REL_EQUAL);
  const char *gc = "cpe:/a:openssl:openssl:3.0.0";
  assert_int_equal(vl_cpe_parse(gc, strlen(gc), &b, NULL), 0);
  assert_int_equal(vl_cpe_relation(&a, &b), VL_CPE_REL_DISJOINT);
}

static void test_bad_input_reports_column(void **state) {
  (void)state;
  struct vl_cpe c;
  struct vl_diag d;
  const char *s = "cpe:2.3:a:2g*lux:x:1:*:*:*:*:*:*:*";
  vl_diag_clear(&d);
  assert_int_equal(vl_cpe_parse(s, strlen(s), &c, &d), VL_EPARSE);
  assert_non_null(strstr(d.msg, "column 13"));
  const char *few = "cpe:2.3:a:b:c";
  assert_int_equal(vl_cpe_parse(few, strlen(few), &c, &d), VL_EPARSE);
  const char *many = "cpe:2.3:a:b:c:*:*:*:*:*:*:*:*:*";
  assert_int_equal(vl_cpe_parse(many, strlen(many), &c, &d), VL_EPARSE);
  const char *trail = "cpe:2.3:a:b:c:*:*:*:*:*:*:*:x\\";
  assert_int_equal(vl_cpe_parse(trail, strlen(trail), &c, &d), VL_EPARSE);
  const char *uri8 = "cpe:/a:b:c:d:e:f:g:h";
  assert_int_equal(vl_cpe_parse(uri8, strlen(uri8), &c, &d), VL_EPARSE);
  char big[VL_CPE_STR_MAX + 16];
  memset(big, 'a', sizeof(big));
  memcpy(big, "cpe:2.3:a:", 10);
  assert_int_equal(vl_cpe_parse(big, sizeof(big), &c, &d), VL_ETOOBIG);
  /* A value past the attribute cap is refused, not truncated. */
  char longv[600];
  snprintf(longv, sizeof(longv), "cpe:2.3:a:v:%0400d:*:*:*:*:*:*:*:*", 7);
  assert_int_equal(vl_cpe_parse(longv, strlen(longv), &c, &d), VL_ETOOBIG);
}

/* Fuzzing found: a URI whose part is ANY (a lone asterisk or empty part)
 * bound back to an empty part that the parser then refused. */
static void test_uri_any_part_roundtrips(void **state) {
  (void)state;
  struct vl_cpe c;
  struct vl_diag d;
  const char *u = "cpe:/*:?3~x64~";
  vl_diag_clear(&d);
  assert_int_equal(vl_cpe_parse_uri(u, strlen(u), &c, &d), 0);
  assert_int_equal(c.attr[VL_CPE_PART].kind, VL_CPE_ANY);
  assert_true(roundtrips(&c, u));
  const char *fs = "cpe:2.3:*:vendor:*:*:*:*:*:*:*:*:*";
  assert_int_equal(vl_cpe_parse_fs(fs, strlen(fs), &c, &d), 0);
  assert_true(roundtrips(&c, fs));
}

/* A value that is one quoted hyphen must not bind to "-" (which is NA). */
static void test_lone_quoted_hyphen_is_not_na(void **state) {
  (void)state;
  struct vl_cpe c;
  struct vl_buf b;
  const char *fs = "cpe:2.3:a:v:p:\\-:*:*:*:*:*:*:*";
  assert_int_equal(vl_cpe_parse_fs(fs, strlen(fs), &c, NULL), 0);
  assert_int_equal(c.attr[VL_CPE_VERSION].kind, VL_CPE_VALUE);
  assert_string_equal(c.attr[VL_CPE_VERSION].v, "\\-");
  vl_buf_init(&b, 1024);
  assert_int_equal(vl_cpe_to_uri(&c, &b), 0);
  assert_string_equal(b.data, "cpe:/a:v:p:%2d");
  vl_buf_free(&b);
  assert_true(roundtrips(&c, fs));
}

/* ------------------------------------------------ real NVD formatted strings */

struct nvd_counts {
  size_t checked, failed;
};

/* NVD publishes canonical formatted strings: each must parse, bind back to
 * the identical string, survive the URI binding, and give the same key. */
static void check_nvd_cpe(const char *fs, struct nvd_counts *n) {
  struct vl_cpe c;
  struct vl_cpe_key k;
  struct vl_diag d;
  struct vl_buf b;
  bool ok = true;
  vl_diag_clear(&d);
  vl_buf_init(&b, 8192);
  if (vl_cpe_parse_fs(fs, strlen(fs), &c, &d)) {
    printf("  FAIL NVD %s: %s\n", fs, d.msg);
    ok = false;
  } else if (vl_cpe_to_fs(&c, &b) || strcmp(b.data, fs) != 0) {
    printf("  FAIL NVD %s: binds back to %s\n", fs, b.data ? b.data : "");
    ok = false;
  } else if (!roundtrips(&c, fs)) {
    ok = false;
  } else if (vl_cpe_key_fs(fs, strlen(fs), &k, &d)) {
    printf("  FAIL NVD %s: key: %s\n", fs, d.msg);
    ok = false;
  } else {
    /* The key's vendor is the FS vendor field without backslashes, lower. */
    const char *p = fs + 10; /* after "cpe:2.3:x:" */
    char want[VL_CPE_VALUE_MAX];
    size_t w = 0;
    for (; *p && *p != ':' && w + 1 < sizeof(want); p++) {
      if (*p == '\\' && p[1]) p++;
      want[w++] = (char)tolower((unsigned char)*p);
    }
    want[w] = '\0';
    if (k.vendor.kind == VL_CPE_VALUE && strcmp(k.vendor.text, want) != 0) {
      printf("  FAIL NVD %s: key vendor %s, want %s\n", fs, k.vendor.text,
             want);
      ok = false;
    }
  }
  vl_buf_free(&b);
  n->checked++;
  if (!ok) n->failed++;
}

/* Visits every string under a "criteria" (NVD API 2.0) or "cpe23Uri"
 * (NVD 1.1) key. */
static void walk_nvd(json_t *j, struct nvd_counts *n) {
  if (json_is_object(j)) {
    const char *k;
    json_t *v;
    json_object_foreach(j, k, v) {
      if (json_is_string(v) &&
          (!strcmp(k, "criteria") || !strcmp(k, "cpe23Uri")))
        check_nvd_cpe(json_string_value(v), n);
      else
        walk_nvd(v, n);
    }
  } else if (json_is_array(j)) {
    size_t i;
    json_t *v;
    json_array_foreach(j, i, v) walk_nvd(v, n);
  }
}

static void test_nvd_formatted_strings_roundtrip(void **state) {
  (void)state;
  static const char *const files[] = {
      "nvd/ALL-staged-nvd-api2-cves.jsonl",
      "nvd/osv-dev/vulnfeeds/test_data/nvdcve-1.1-test-data.json",
      "nvd/CVE-2023-38545.json",
  };
  const char *dir = getenv("VL_SHARED_DATA");
  struct nvd_counts n = {0, 0};
  assert_non_null(dir);
  for (size_t f = 0; f < VL_ARRAY_LEN(files); f++) {
    char path[1200];
    snprintf(path, sizeof(path), "%s/%s", dir, files[f]);
    json_error_t err;
    json_t *j;
    if (strstr(files[f], ".jsonl")) {
      /* JSON Lines: one document after another. */
      FILE *fp = fopen(path, "r");
      assert_non_null(fp);
      j = json_loadf(fp, JSON_DISABLE_EOF_CHECK, &err);
      while (j) {
        walk_nvd(j, &n);
        json_decref(j);
        j = json_loadf(fp, JSON_DISABLE_EOF_CHECK, &err);
      }
      fclose(fp);
      continue;
    }
    j = json_load_file(path, 0, &err);
    assert_non_null(j);
    walk_nvd(j, &n);
    json_decref(j);
  }
  printf("NVD formatted strings: %zu checked, %zu failed\n", n.checked,
         n.failed);
  assert_int_equal(n.failed, 0);
  assert_true(n.checked > 500);
}

static void test_key_helper(void **state) {
  (void)state;
  struct vl_cpe_key k, k2;
  struct vl_cpe c;
  const char *s = "cpe:2.3:a:OpenSSL:openssl:1.1.1n:*:*:*:*:*:*:*";
  assert_int_equal(vl_cpe_key_fs(s, strlen(s), &k, NULL), 0);
  assert_int_equal(k.part, 'a');
  assert_int_equal(k.vendor.kind, VL_CPE_VALUE);
  assert_string_equal(k.vendor.text, "openssl");
  assert_string_equal(k.product.text, "openssl");
  assert_string_equal(k.version.text, "1.1.1n");
  assert_false(k.version.wild);
  assert_int_equal(k.update.kind, VL_CPE_ANY);
  assert_string_equal(k.update.text, "");
  const char *w = "cpe:2.3:o:micro*:windows_\\*:-:sp?:*:*:*:*:*:*";
  assert_int_equal(vl_cpe_key_fs(w, strlen(w), &k, NULL), 0);
  assert_true(k.vendor.wild);
  assert_false(k.product.wild); /* a quoted '*' is a literal */
  assert_string_equal(k.product.text, "windows_*");
  assert_int_equal(k.version.kind, VL_CPE_NA);
  assert_true(k.update.wild);
  /* The key of the parsed WFN is the same, whichever binding it came from. */
  assert_int_equal(vl_cpe_parse(w, strlen(w), &c, NULL), 0);
  vl_cpe_key_of(&c, &k2);
  assert_int_equal(k2.vendor.kind, k.vendor.kind);
  assert_int_equal(k2.vendor.wild, k.vendor.wild);
  assert_string_equal(k2.vendor.text, k.vendor.text);
  assert_int_equal(k2.update.wild, true);
  assert_string_equal(k2.product.text, "windows_*");
  const char *u = "cpe:/a:Apache:http_server:2.4.51";
  assert_int_equal(vl_cpe_parse(u, strlen(u), &c, NULL), 0);
  vl_cpe_key_of(&c, &k2);
  assert_string_equal(k2.vendor.text, "apache");
  assert_string_equal(k2.version.text, "2.4.51");
  /* The key helper refuses what the full parser refuses. */
  const char *bad = "cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*";
  assert_int_equal(vl_cpe_key_fs(bad, strlen(bad), &k, NULL), VL_EPARSE);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_matching_vectors),
      cmocka_unit_test(test_unbind_uri_vectors),
      cmocka_unit_test(test_unbind_fs_vectors),
      cmocka_unit_test(test_unpack_edition_vectors),
      cmocka_unit_test(test_nistir7695_binding_examples),
      cmocka_unit_test(test_nistir7695_uri_unbinding_examples),
      cmocka_unit_test(test_nistir7696_table_6_2),
      cmocka_unit_test(test_name_relation_words),
      cmocka_unit_test(test_bad_input_reports_column),
      cmocka_unit_test(test_uri_any_part_roundtrips),
      cmocka_unit_test(test_lone_quoted_hyphen_is_not_na),
      cmocka_unit_test(test_nvd_formatted_strings_roundtrip),
      cmocka_unit_test(test_key_helper),
  };
  return cmocka_run_group_tests(tests, load_vectors, free_vectors);
}
