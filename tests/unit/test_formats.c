/* lib/formats: the streaming JSON reader, the CSV reader, the JSON writer. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "vulnloop/csv.h"
#include "vulnloop/json.h"
#include "vulnloop/jsonw.h"

struct seen {
  int records, roots;
  char ids[8][32];
  long lines[8];
  char root_title[64];
};

static int rec(void *ud, const struct vl_jv *r, const struct vl_jrec_info *i,
               struct vl_diag *d) {
  (void)d;
  struct seen *s = ud;
  const char *id = vl_jv_str(vl_jv_get(r, "cve"), "id");
  if (s->records < 8) {
    snprintf(s->ids[s->records], 32, "%s:%zu", id ? id : "?", i->index);
    s->lines[s->records] = i->line;
  }
  s->records++;
  return 0;
}

static int root(void *ud, const struct vl_jv *r, long line, struct vl_diag *d) {
  (void)line;
  (void)d;
  struct seen *s = ud;
  s->roots++;
  const char *t = vl_jv_str(r, "format");
  snprintf(s->root_title, sizeof(s->root_title), "%s", t ? t : "");
  /* Streamed arrays are kept empty in the root. */
  const struct vl_jv *v = vl_jv_get(r, "vulnerabilities");
  assert_non_null(v);
  assert_int_equal(v->n, 0);
  return 0;
}

static void test_json_streams_records_with_lines(void **state) {
  (void)state;
  static const char doc[] =
      "{\"format\": \"NVD_CVE\",\n"
      " \"vulnerabilities\": [\n"
      "  {\"cve\": {\"id\": \"CVE-1\", \"n\": [1, 2.5, true, null]}},\n"
      "  {\"cve\": {\"id\": \"CVE-2\"}}\n"
      " ]}\n";
  static const char *const keys[] = {"vulnerabilities", NULL};
  struct vl_json_opts o = {.stream_keys = keys, .max_record_bytes = 1 << 20,
      .max_root_bytes = 1 << 20, .max_depth = 32};
  struct seen s = {0};
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_json_stream_mem("t.json", doc, sizeof(doc) - 1, &o, rec,
                                      root, &s, &d),
                   0);
  assert_int_equal(s.records, 2);
  assert_string_equal(s.ids[0], "CVE-1:0");
  assert_string_equal(s.ids[1], "CVE-2:1");
  assert_int_equal(s.lines[0], 3);
  assert_int_equal(s.lines[1], 4);
  assert_int_equal(s.roots, 1);
  assert_string_equal(s.root_title, "NVD_CVE");
}

static void test_json_error_names_file_and_line(void **state) {
  (void)state;
  static const char doc[] = "{\"vulnerabilities\": [\n {\"cve\": {\"id\": }}\n]}";
  static const char *const keys[] = {"vulnerabilities", NULL};
  struct vl_json_opts o = {.stream_keys = keys, .max_record_bytes = 1 << 20,
      .max_root_bytes = 1 << 20, .max_depth = 32};
  struct seen s = {0};
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_json_stream_mem("bad.json", doc, sizeof(doc) - 1, &o,
                                      rec, root, &s, &d),
                   VL_EPARSE);
  assert_string_equal(d.file, "bad.json");
  assert_int_equal(d.line, 2);
  assert_non_null(strstr(d.msg, "invalid JSON"));
}

static void test_json_truncated_and_depth(void **state) {
  (void)state;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct seen s = {0};
  static const char *const keys[] = {"vulnerabilities", NULL};
  struct vl_json_opts o = {.stream_keys = keys, .max_record_bytes = 1 << 20,
      .max_root_bytes = 1 << 20, .max_depth = 8};
  static const char trunc[] = "{\"vulnerabilities\": [{\"cve\": {\"id\": \"X\"";
  assert_int_equal(vl_json_stream_mem("t.json", trunc, sizeof(trunc) - 1, &o,
                                      rec, root, &s, &d),
                   VL_EPARSE);
  assert_non_null(strstr(d.msg, "ends too early"));
  vl_diag_clear(&d);
  static const char deep[] = "[[[[[[[[[[[[1]]]]]]]]]]]]";
  assert_int_equal(vl_json_stream_mem("d.json", deep, sizeof(deep) - 1, &o,
                                      NULL, NULL, &s, &d),
                   VL_ETOOBIG);
}

struct members {
  int n;
  char keys[4][32];
  size_t kids[4];
  int roots;
};

static int on_member(void *ud, const struct vl_jv *r,
                     const struct vl_jrec_info *i, struct vl_diag *d) {
  (void)d;
  struct members *m = ud;
  assert_true(i->member);
  if (m->n < 4) {
    snprintf(m->keys[m->n], 32, "%s", i->array_key);
    m->kids[m->n] = r->n;
  }
  m->n++;
  return 0;
}

static int on_member_root(void *ud, const struct vl_jv *r, long line,
                          struct vl_diag *d) {
  (void)line;
  (void)d;
  struct members *m = ud;
  m->roots++;
  assert_int_equal(r->n, 0); /* every member was streamed */
  return 0;
}

/* A document that is one big object keyed by name (the Debian tracker):
 * each member arrives as a record under the member cap, not the root's. */
static void test_json_streams_root_members(void **state) {
  (void)state;
  static const char doc[] =
      "{\"openssl\": {\"CVE-1\": {}, \"CVE-2\": {}},\n"
      " \"curl\": {\"CVE-3\": {}},\n"
      " \"zlib\": {}}";
  struct vl_json_opts o = {.max_record_bytes = 1 << 16, .max_root_bytes = 256,
                           .max_depth = 8, .stream_members = true};
  struct members m = {0};
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_json_stream_mem("t.json", doc, sizeof(doc) - 1, &o,
                                      on_member, on_member_root, &m, &d),
                   0);
  assert_int_equal(m.n, 3);
  assert_string_equal(m.keys[0], "openssl");
  assert_int_equal(m.kids[0], 2);
  assert_string_equal(m.keys[1], "curl");
  assert_string_equal(m.keys[2], "zlib");
  assert_int_equal(m.roots, 1);
}

static void test_json_record_cap(void **state) {
  (void)state;
  char doc[4096];
  int n = snprintf(doc, sizeof(doc), "{\"vulnerabilities\": [{\"cve\": {\"id\": \"");
  memset(doc + n, 'a', 3000);
  snprintf(doc + n + 3000, sizeof(doc) - (size_t)n - 3000, "\"}}]}");
  static const char *const keys[] = {"vulnerabilities", NULL};
  struct vl_json_opts o = {.stream_keys = keys, .max_record_bytes = 1024,
      .max_root_bytes = 1 << 20, .max_depth = 8};
  struct seen s = {0};
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_json_stream_mem("big.json", doc, strlen(doc), &o, rec,
                                      root, &s, &d),
                   VL_ETOOBIG);
}

struct rows {
  int n;
  char last[4][64];
  long line;
  size_t nf;
};

static int on_row(void *ud, const struct vl_csv_row *r, struct vl_diag *d) {
  (void)d;
  struct rows *rs = ud;
  rs->n++;
  rs->nf = r->n;
  rs->line = r->line;
  for (size_t i = 0; i < r->n && i < 4; i++)
    snprintf(rs->last[i], 64, "%s", r->fields[i]);
  return 0;
}

static void test_csv_quotes_crlf_bom(void **state) {
  (void)state;
  static const char doc[] =
      "\xEF\xBB\xBFname,cpe\r\n"
      "a,\"x,y\"\r\n"
      "\r\n"
      "b,\"multi\nline \"\"q\"\"\"\r\n";
  struct rows rs = {0};
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_csv_read_mem("t.csv", doc, sizeof(doc) - 1, NULL, on_row,
                                   &rs, &d),
                   0);
  assert_int_equal(rs.n, 3);
  assert_int_equal(rs.nf, 2);
  assert_string_equal(rs.last[0], "b");
  assert_string_equal(rs.last[1], "multi\nline \"q\"");
  assert_int_equal(rs.line, 4);
}

static void test_csv_errors_have_lines(void **state) {
  (void)state;
  struct rows rs = {0};
  struct vl_diag d;
  vl_diag_clear(&d);
  static const char stray[] = "a,b\nx,y\"z\n";
  assert_int_equal(vl_csv_read_mem("s.csv", stray, sizeof(stray) - 1, NULL,
                                   on_row, &rs, &d),
                   VL_EPARSE);
  assert_int_equal(d.line, 2);
  vl_diag_clear(&d);
  static const char open_q[] = "a,b\n\"x,y\n";
  assert_int_equal(vl_csv_read_mem("o.csv", open_q, sizeof(open_q) - 1, NULL,
                                   on_row, &rs, &d),
                   VL_EPARSE);
  assert_non_null(strstr(d.msg, "unclosed"));
}

static void test_jsonw_escapes_and_nests(void **state) {
  (void)state;
  struct vl_buf b;
  vl_buf_init(&b, 1 << 16);
  struct vl_jw w;
  vl_jw_init(&w, &b, 0);
  vl_jw_arr_begin(&w);
  vl_jw_obj_begin(&w);
  vl_jw_kstr(&w, "s", "a\"b\\c\n\x01日本");
  vl_jw_kint(&w, "i", -42);
  vl_jw_key(&w, "n");
  vl_jw_null(&w);
  vl_jw_kbool(&w, "t", true);
  vl_jw_obj_end(&w);
  vl_jw_arr_end(&w);
  assert_int_equal(vl_jw_finish(&w), 0);
  assert_string_equal(b.data,
                      "[{\"s\":\"a\\\"b\\\\c\\n\\u0001日本\",\"i\":-42,"
                      "\"n\":null,\"t\":true}]");
  vl_buf_free(&b);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_json_streams_records_with_lines),
      cmocka_unit_test(test_json_error_names_file_and_line),
      cmocka_unit_test(test_json_truncated_and_depth),
      cmocka_unit_test(test_json_record_cap),
      cmocka_unit_test(test_json_streams_root_members),
      cmocka_unit_test(test_csv_quotes_crlf_bom),
      cmocka_unit_test(test_csv_errors_have_lines),
      cmocka_unit_test(test_jsonw_escapes_and_nests),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
