/* Unit tests of the fetchers' parsers (lib/collect/vl_provider.c,
 * vl_fetch.c's configuration): CSAF provider metadata, ROLIE feeds,
 * changes.csv, hash files, and the feed source kinds.  Malformed,
 * truncated, oversized and wrongly typed input each get an error naming
 * the place; hashes are checked against the FIPS 180-2 test vectors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vulnloop/fetch.h"

static struct vl_arena *arena(void) {
  struct vl_arena *a = NULL;
  assert_int_equal(vl_arena_new(64u << 20, &a), 0);
  return a;
}

static int meta(const char *text, struct vl_provider_meta *m,
                struct vl_diag *d) {
  struct vl_arena *a = arena();
  vl_diag_clear(d);
  int rc = vl_provider_meta_parse("pm.json", text, strlen(text), a, m, d);
  /* m's strings live in a: the tests only look at counts after this. */
  vl_arena_free(a);
  return rc;
}

static void test_meta_rolie_and_directory(void **state) {
  (void)state;
  struct vl_arena *a = arena();
  struct vl_provider_meta m;
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *t =
      "{\"distributions\": [\n"
      " {\"rolie\": {\"feeds\": [{\"url\": \"https://x.test/a.json\"},\n"
      "                         {\"url\": \"https://x.test/b.json\"}]}},\n"
      " {\"directory_url\": \"https://x.test/csaf/\"}]}";
  assert_int_equal(vl_provider_meta_parse("pm.json", t, strlen(t), a, &m, &d),
                   0);
  assert_int_equal(m.n_feeds, 2);
  assert_int_equal(m.n_dirs, 1);
  assert_string_equal(m.feeds[1], "https://x.test/b.json");
  assert_string_equal(m.dirs[0], "https://x.test/csaf/");
  vl_arena_free(a);
}

static void test_meta_errors_name_the_path(void **state) {
  (void)state;
  struct vl_provider_meta m;
  struct vl_diag d;
  /* wrong type */
  assert_int_equal(
      meta("{\"distributions\": [{\"rolie\": {\"feeds\": [{\"url\": 7}]}}]}",
           &m, &d),
      VL_ETYPE);
  assert_string_equal(d.path, "$.distributions[0].rolie.feeds[0].url");
  /* not a URL we fetch */
  assert_int_equal(
      meta("{\"distributions\": [{\"directory_url\": \"file:///etc\"}]}", &m,
           &d),
      VL_EINVAL);
  assert_string_equal(d.path, "$.distributions[0].directory_url");
  /* missing distributions */
  assert_int_equal(meta("{\"role\": \"csaf_provider\"}", &m, &d), VL_EINVAL);
  assert_string_equal(d.path, "$.distributions");
  /* truncated */
  assert_int_equal(meta("{\"distributions\": [{\"directory_url\": \"https:",
                        &m, &d),
                   VL_EPARSE);
  assert_string_equal(d.file, "pm.json");
  /* empty, and not an object */
  assert_int_not_equal(meta("", &m, &d), 0);
  assert_int_equal(meta("[1]", &m, &d), VL_ETYPE);
  /* bytes that are not UTF-8 */
  assert_int_not_equal(meta("{\"distributions\": [{\"directory_url\": "
                            "\"https://x.test/\xff\xfe\"}]}",
                            &m, &d),
                       0);
  assert_true(d.msg[0] != '\0');
}

static void test_meta_oversized(void **state) {
  (void)state;
  size_t n = (4u << 20) + 16;
  char *big = malloc(n + 1);
  assert_non_null(big);
  memset(big, ' ', n);
  big[n] = '\0';
  memcpy(big, "{\"distributions\": []}", 21);
  struct vl_provider_meta m;
  struct vl_diag d;
  assert_int_equal(meta(big, &m, &d), VL_ETOOBIG);
  free(big);
}

static const char rolie[] =
    "{\"feed\": {\"id\": \"f\", \"entry\": [\n"
    "  {\"id\": \"A\", \"updated\": \"2025-02-01T00:00:00.000Z\",\n"
    "   \"link\": [{\"rel\": \"self\", \"href\": \"https://x.test/a.json\"},\n"
    "            {\"rel\": \"hash\", \"href\": \"https://x.test/a.json.sha256\"},\n"
    "            {\"rel\": \"hash\", \"href\": \"https://x.test/a.json.sha512\"}],\n"
    "   \"content\": {\"src\": \"https://x.test/a.json\"}},\n"
    "  {\"id\": \"B\", \"published\": \"2019-01-01T00:00:00Z\",\n"
    "   \"link\": [{\"rel\": \"self\", \"href\": \"https://x.test/b.json\"}]}\n"
    "]}}";

static void test_rolie_since_and_hash_choice(void **state) {
  (void)state;
  struct vl_arena *a = arena();
  struct vl_provider_docs docs;
  struct vl_diag d;
  vl_time since;
  memset(&docs, 0, sizeof(docs));
  vl_diag_clear(&d);
  assert_int_equal(vl_time_parse("2020-01-01T00:00:00Z", &since), 0);
  assert_int_equal(vl_provider_rolie_parse("feed.json", rolie, strlen(rolie),
                                           since, a, &docs, &d),
                   0);
  assert_int_equal(docs.n, 1);   /* B (2019) is older than since */
  assert_string_equal(docs.v[0].url, "https://x.test/a.json");
  assert_string_equal(docs.v[0].hash_url, "https://x.test/a.json.sha512");
  vl_time t;
  assert_int_equal(vl_time_parse("2025-02-01T00:00:00Z", &t), 0);
  assert_int_equal(docs.v[0].updated, t);
  assert_int_equal(docs.newest, t);
  /* since 0: both, B without a hash link */
  memset(&docs, 0, sizeof(docs));
  assert_int_equal(vl_provider_rolie_parse("feed.json", rolie, strlen(rolie),
                                           0, a, &docs, &d),
                   0);
  assert_int_equal(docs.n, 2);
  assert_null(docs.v[1].hash_url);
  vl_arena_free(a);
}

static int rolie_err(const char *t, struct vl_diag *d) {
  struct vl_arena *a = arena();
  struct vl_provider_docs docs;
  memset(&docs, 0, sizeof(docs));
  vl_diag_clear(d);
  int rc = vl_provider_rolie_parse("feed.json", t, strlen(t), 0, a, &docs, d);
  vl_arena_free(a);
  return rc;
}

static void test_rolie_errors(void **state) {
  (void)state;
  struct vl_diag d;
  assert_int_equal(rolie_err("{\"feed\": {\"entry\": [{\"id\": \"x\", "
                             "\"updated\": \"yesterday\"}]}}",
                             &d),
                   VL_EPARSE);
  assert_string_equal(d.path, "$.feed.entry[0].updated");
  assert_int_equal(rolie_err("{\"feed\": {\"entry\": [{\"updated\": "
                             "\"2025-01-01\", \"link\": {}}]}}",
                             &d),
                   VL_ETYPE);
  assert_string_equal(d.path, "$.feed.entry[0].link");
  assert_int_equal(rolie_err("{\"feed\": {\"entry\": [{\"updated\": "
                             "\"2025-01-01\"}]}}",
                             &d),
                   VL_EINVAL);
  assert_non_null(strstr(d.msg, "no document URL"));
  assert_int_equal(rolie_err("{\"feed\": {\"entry\": [{\"updated\": "
                             "\"2025-01-01\", \"content\": {\"src\": "
                             "\"ftp://x.test/a.json\"}}]}}",
                             &d),
                   VL_EINVAL);
  assert_int_equal(rolie_err("{\"feed\": {\"entry\": 3}}", &d), VL_ETYPE);
  assert_int_equal(rolie_err("{\"entry\": []}", &d), VL_ETYPE);
  assert_string_equal(d.path, "$.feed");
  assert_int_equal(rolie_err("{\"feed\": {\"entry\": [", &d), VL_EPARSE);
  assert_int_equal(rolie_err("{\"feed\": {}}", &d), 0);  /* an empty feed */
}

static int changes(const char *t, vl_time since, struct vl_provider_docs *docs,
                   struct vl_arena *a, struct vl_diag *d) {
  memset(docs, 0, sizeof(*docs));
  vl_diag_clear(d);
  return vl_provider_changes_parse("changes.csv", t, strlen(t),
                                   "https://x.test/csaf/", since, a, docs, d);
}

static void test_changes_csv(void **state) {
  (void)state;
  struct vl_arena *a = arena();
  struct vl_provider_docs docs;
  struct vl_diag d;
  vl_time since;
  assert_int_equal(vl_time_parse("2021-01-01T00:00:00Z", &since), 0);
  const char *t = "\"2022/b.json\",\"2022-03-17T13:03:42Z\"\r\n"
                  "\"2021/a.json\",\"2021-12-20T16:16:00Z\"\r\n"
                  "\"2019/old.json\",\"2019-07-26T06:38:00Z\"\r\n";
  assert_int_equal(changes(t, since, &docs, a, &d), 0);
  assert_int_equal(docs.n, 2);
  assert_string_equal(docs.v[0].url, "https://x.test/csaf/2022/b.json");
  assert_string_equal(docs.v[1].url, "https://x.test/csaf/2021/a.json");
  assert_null(docs.v[0].hash_url);
  vl_time t0;
  assert_int_equal(vl_time_parse("2022-03-17T13:03:42Z", &t0), 0);
  assert_int_equal(docs.newest, t0);
  /* escapes out of the directory are refused, naming the line */
  assert_int_equal(changes("\"a.json\",\"2022-01-01T00:00:00Z\"\n"
                           "\"../../etc/passwd\",\"2022-01-01T00:00:00Z\"\n",
                           0, &docs, a, &d),
                   VL_EINVAL);
  assert_int_equal(d.line, 2);
  assert_string_equal(d.file, "changes.csv");
  assert_int_equal(changes("\"https://evil.test/x.json\",\"2022-01-01\"\n", 0,
                           &docs, a, &d),
                   VL_EINVAL);
  assert_int_equal(changes("\"/abs.json\",\"2022-01-01\"\n", 0, &docs, a, &d),
                   VL_EINVAL);
  /* wrong field count, bad time, unclosed quote (truncated) */
  assert_int_equal(changes("\"a.json\"\n", 0, &docs, a, &d), VL_EPARSE);
  assert_int_equal(changes("\"a.json\",\"soon\"\n", 0, &docs, a, &d),
                   VL_EPARSE);
  assert_int_equal(d.line, 1);
  assert_int_equal(changes("\"a.json\",\"2022-01-01T00:00", 0, &docs, a, &d),
                   VL_EPARSE);
  vl_arena_free(a);
}

static void test_index_txt(void **state) {
  (void)state;
  struct vl_arena *a = arena();
  struct vl_provider_docs docs;
  struct vl_diag d;
  memset(&docs, 0, sizeof(docs));
  vl_diag_clear(&d);
  const char *t = "2022/b.json\r\n\n2021/a.json";  /* no final newline */
  assert_int_equal(vl_provider_index_parse("index.txt", t, strlen(t),
                                           "https://x.test/csaf", a, &docs,
                                           &d),
                   0);
  assert_int_equal(docs.n, 2);
  assert_string_equal(docs.v[1].url, "https://x.test/csaf/2021/a.json");
  assert_int_equal(docs.v[0].updated, 0);
  memset(&docs, 0, sizeof(docs));
  const char *bad = "ok.json\nsub/../../x.json\n";
  assert_int_equal(vl_provider_index_parse("index.txt", bad, strlen(bad),
                                           "https://x.test/csaf", a, &docs,
                                           &d),
                   VL_EINVAL);
  assert_int_equal(d.line, 2);
  /* a NUL inside a line */
  const char nul[] = "a\0b.json\n";
  assert_int_equal(vl_provider_index_parse("index.txt", nul, sizeof(nul) - 1,
                                           "https://x.test/csaf", a, &docs,
                                           &d),
                   VL_EINVAL);
  vl_arena_free(a);
}

static void write_file(const char *path, const char *s) {
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(s, 1, strlen(s), f), strlen(s));
  fclose(f);
}

/* FIPS 180-2 vectors for "abc". */
#define ABC256 "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define ABC512                                                              \
  "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"        \
  "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"

static void test_hash_check(void **state) {
  (void)state;
  char path[] = "/tmp/test-fetch-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  write_file(path, "abc");
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *ok256 = ABC256 "  doc.json\n";
  const char *ok512 = ABC512 "\n";
  const char *upper = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF6"
                      "1F20015AD  doc.json";
  assert_int_equal(vl_provider_hash_check(ok256, strlen(ok256), path, &d), 0);
  assert_int_equal(vl_provider_hash_check(ok512, strlen(ok512), path, &d), 0);
  assert_int_equal(vl_provider_hash_check(upper, strlen(upper), path, &d), 0);
  write_file(path, "abd");
  assert_int_equal(vl_provider_hash_check(ok256, strlen(ok256), path, &d),
                   VL_EINVAL);
  assert_non_null(strstr(d.msg, "SHA-256 mismatch"));
  assert_int_equal(vl_provider_hash_check(ok512, strlen(ok512), path, &d),
                   VL_EINVAL);
  assert_non_null(strstr(d.msg, "SHA-512 mismatch"));
  /* truncated, not hex, empty, an HTML error page */
  assert_int_equal(vl_provider_hash_check(ABC256, 40, path, &d), VL_EINVAL);
  assert_int_equal(vl_provider_hash_check("zz", 2, path, &d), VL_EINVAL);
  assert_int_equal(vl_provider_hash_check("", 0, path, &d), VL_EINVAL);
  const char *html = "<html>404</html>";
  assert_int_equal(vl_provider_hash_check(html, strlen(html), path, &d),
                   VL_EINVAL);
  remove(path);
}

static int load_cfg(const char *text, struct vl_fetch_config **c,
                    struct vl_diag *d) {
  char path[] = "/tmp/test-fetch-cfg-XXXXXX";
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  close(fd);
  write_file(path, text);
  vl_diag_clear(d);
  int rc = vl_fetch_config_load(path, c, d);
  remove(path);
  return rc;
}

static void test_config_kinds(void **state) {
  (void)state;
  struct vl_fetch_config *c = NULL;
  struct vl_diag d;
  assert_int_equal(
      load_cfg("{\"sources\": {"
               "\"p\": {\"kind\": \"csaf-provider\", \"url\": "
               "\"https://x.test/.well-known/csaf/provider-metadata.json\"},"
               "\"j\": {\"kind\": \"myjvn\", \"url\": "
               "\"https://jvndb.jvn.jp/myjvn\", \"lang\": \"en\", "
               "\"page_size\": 50, \"batch\": 5},"
               "\"o\": {\"kind\": \"osv\", \"ecosystem\": \"Debian:12\"},"
               "\"nvd\": {\"url\": \"https://x.test/nvd\"}}}",
               &c, &d),
      0);
  assert_int_equal(c->n, 4);
  const struct vl_fetch_source *s = vl_fetch_config_find(c, "p");
  assert_int_equal(s->kind, VL_FETCH_CSAF_PROVIDER);
  s = vl_fetch_config_find(c, "j");
  assert_int_equal(s->kind, VL_FETCH_MYJVN);
  assert_string_equal(s->lang, "en");
  assert_int_equal(s->page_size, 50);
  assert_int_equal(s->batch, 5);
  s = vl_fetch_config_find(c, "o");
  assert_int_equal(s->kind, VL_FETCH_OSV);
  assert_string_equal(s->url, "https://osv-vulnerabilities.storage."
                              "googleapis.com/Debian:12/all.zip");
  assert_int_equal(vl_fetch_config_find(c, "nvd")->kind, VL_FETCH_NVD);
  vl_fetch_config_free(c);
  /* MyJVN pages hold at most 50 */
  assert_int_equal(load_cfg("{\"sources\": {\"j\": {\"kind\": \"myjvn\", "
                            "\"url\": \"https://x.test/\", \"page_size\": 51}}}",
                            &c, &d),
                   VL_ERANGE);
  assert_string_equal(d.path, "$.sources.j.page_size");
  assert_int_equal(load_cfg("{\"sources\": {\"j\": {\"kind\": 3, "
                            "\"url\": \"https://x.test/\"}}}",
                            &c, &d),
                   VL_ETYPE);
  assert_int_equal(load_cfg("{\"sources\": {\"j\": {\"kind\": \"myjvn\", "
                            "\"url\": \"https://x.test/\", \"lang\": \"fr\"}}}",
                            &c, &d),
                   VL_EINVAL);
  assert_int_equal(load_cfg("{\"sources\": {\"o\": {\"kind\": \"osv\", "
                            "\"ecosystem\": \"a/b\"}}}",
                            &c, &d),
                   VL_EINVAL);
  assert_int_equal(load_cfg("{\"sources\": {\"o\": {\"kind\": \"osv\", "
                            "\"ecosystem\": \"npm\", \"mirror\": \"/x\"}}}",
                            &c, &d),
                   VL_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_meta_rolie_and_directory),
      cmocka_unit_test(test_meta_errors_name_the_path),
      cmocka_unit_test(test_meta_oversized),
      cmocka_unit_test(test_rolie_since_and_hash_choice),
      cmocka_unit_test(test_rolie_errors),
      cmocka_unit_test(test_changes_csv),
      cmocka_unit_test(test_index_txt),
      cmocka_unit_test(test_hash_check),
      cmocka_unit_test(test_config_kinds),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
