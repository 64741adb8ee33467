/* Unit tests of lib/ident/vl_cvss.c.
 *
 * Oracles, all read at run time from $VL_SHARED_DATA:
 *  - cvss/tests/vectors_*: Red Hat's CVSS library test vectors (v2, v3.0,
 *    v3.1 with base/temporal/environmental scores; v4.0 with the score);
 *  - cvss/cvss_constants_extracted.json: an independent extraction of the
 *    v4.0 MacroVector table, compared with ours;
 *  - every NVD / CVE JSON record under nvd/, demo/, feeds/ and distro/:
 *    each published vectorString must parse and give the published
 *    baseScore (and baseSeverity). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vulnloop/core.h"
#include "vulnloop/cvss.h"

#define MAX_FAIL_PRINT 30

static const char *data_dir(void) {
  const char *d = getenv("VL_SHARED_DATA");
  return d && *d ? d : "../shared/data";
}

/* Returns the next line of *cur (NUL-terminating it in place), or NULL. */
static char *next_line(char **cur) {
  char *s = *cur;
  if (!s || !*s) return NULL;
  char *nl = strchr(s, '\n');
  if (nl) {
    *nl = '\0';
    *cur = nl + 1;
  } else {
    *cur = s + strlen(s);
  }
  return s;
}

static long tenths(double x) { return lround(x * 10.0); }

/* ------------------------------------------------- Red Hat vector files */

/* Parses "(a, b, c)" / "(a,)" / "a" where each item is a number or None;
 * returns the count; NaN marks None. */
static int parse_expected(const char *s, double *v, int max) {
  int n = 0;
  while (*s == ' ') s++;
  int paren = *s == '(';
  if (paren) s++;
  while (*s && *s != ')' && *s != '\n' && n < max) {
    while (*s == ' ' || *s == ',') s++;
    if (!*s || *s == ')' || *s == '\n') break;
    if (strncmp(s, "None", 4) == 0) {
      v[n++] = NAN;
      s += 4;
    } else {
      char *e;
      v[n++] = strtod(s, &e);
      if (e == s) return -1;
      s = e;
    }
    if (!paren) break;
  }
  return n;
}

struct counts {
  long checked, failed;
  long per_version[4]; /* v2, v3.0, v3.1, v4.0 (vector files) */
};

static int vidx(enum vl_cvss_version v) {
  return v == VL_CVSS_V2 ? 0 : v == VL_CVSS_V30 ? 1 : v == VL_CVSS_V31 ? 2 : 3;
}

static void fail_case(struct counts *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void fail_case(struct counts *c, const char *fmt, ...) {
  c->failed++;
  if (c->failed > MAX_FAIL_PRINT) return;
  va_list ap;
  va_start(ap, fmt);
  fputs("  FAIL ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

/* The canonical form must re-parse to the same scores. */
static void check_roundtrip(struct counts *c, const char *vec,
                            const struct vl_cvss *p,
                            const struct vl_cvss_scores *s) {
  char buf[VL_CVSS_FORMAT_MAX];
  struct vl_cvss q;
  struct vl_cvss_scores t;
  if (vl_cvss_format(p, buf, sizeof(buf)) != 0 ||
      vl_cvss_parse(buf, strlen(buf), &q, NULL) != 0 ||
      vl_cvss_scores(&q, &t) != 0 || q.version != p->version ||
      tenths(t.base) != tenths(s->base) ||
      tenths(t.temporal) != tenths(s->temporal) ||
      tenths(t.environmental) != tenths(s->environmental) ||
      tenths(t.score) != tenths(s->score))
    fail_case(c, "%s: canonical form '%s' does not round-trip", vec, buf);
}

static void check_file(const char *name, struct counts *c) {
  char path[1024], *text = NULL;
  size_t len;
  struct vl_diag d;
  snprintf(path, sizeof(path), "%s/cvss/tests/%s", data_dir(), name);
  int rc = vl_read_file(path, 4 << 20, &text, &len, &d);
  if (rc) {
    fail_case(c, "%s: cannot read (%s)", path, d.msg);
    return;
  }
  long before = c->checked;
  char *cur = text;
  for (char *line; (line = next_line(&cur)) != NULL;) {
    const char *sep = strstr(line, " - ");
    if (!sep) continue;
    size_t vl = (size_t)(sep - line);
    double exp[3];
    int ne = parse_expected(sep + 3, exp, 3);
    c->checked++;
    struct vl_cvss p;
    struct vl_cvss_scores s;
    if (ne < 1) {
      fail_case(c, "%s: bad expectation line '%s'", name, line);
      continue;
    }
    vl_diag_clear(&d);
    if ((rc = vl_cvss_parse(line, vl, &p, &d)) != 0) {
      fail_case(c, "%s: %.*s: parse failed: %s", name, (int)vl, line, d.msg);
      continue;
    }
    if ((rc = vl_cvss_scores(&p, &s)) != 0) {
      fail_case(c, "%s: %.*s: scores failed", name, (int)vl, line);
      continue;
    }
    line[vl] = '\0';
    c->per_version[vidx(p.version)]++;
    if (p.version == VL_CVSS_V40) {
      if (tenths(s.score) != tenths(exp[0]))
        fail_case(c, "%s: %s: score %.1f, expected %.1f", name, line,
                  s.score, exp[0]);
    } else {
      double got[3] = {s.base, s.temporal, s.environmental};
      bool has[3] = {true, s.has_temporal, s.has_environmental};
      static const char *what[3] = {"base", "temporal", "environmental"};
      for (int k = 0; k < ne && k < 3; k++) {
        if (isnan(exp[k])) {
          if (has[k])
            fail_case(c, "%s: %s: %s present, expected none", name, line,
                      what[k]);
        } else if (tenths(got[k]) != tenths(exp[k])) {
          fail_case(c, "%s: %s: %s %.1f, expected %.1f", name, line, what[k],
                    got[k], exp[k]);
        }
      }
    }
    check_roundtrip(c, line, &p, &s);
  }
  printf("  %-24s %ld vectors\n", name, c->checked - before);
  free(text);
}

static void test_redhat_vector_files(void **state) {
  (void)state;
  static const char *files[] = {
      "vectors_simple2",     "vectors_calculator2", "vectors_cvsslib2",
      "vectors_simple3",     "vectors_simple31",    "vectors_calculator3",
      "vectors_cvsslib3",    "vectors_simple4",     "vectors_security4",
      "vectors_supplemental4", "vectors_threat4"};
  struct counts c;
  memset(&c, 0, sizeof(c));
  for (size_t i = 0; i < VL_ARRAY_LEN(files); i++) check_file(files[i], &c);
  printf("Red Hat vector files: %ld vectors checked (v2 %ld, v3.0 %ld, v3.1 "
         "%ld, v4.0 %ld), each also round-tripped through its canonical "
         "form; %ld failed\n",
         c.checked, c.per_version[0], c.per_version[1], c.per_version[2],
         c.per_version[3], c.failed);
  assert_true(c.checked > 7000);
  assert_int_equal(c.failed, 0);
}

/* ------------------------------------------- v4.0 MacroVector table */

static void test_v4_table_matches_extracted(void **state) {
  (void)state;
  char path[1024];
  snprintf(path, sizeof(path), "%s/cvss/cvss_constants_extracted.json",
           data_dir());
  json_error_t err;
  json_t *root = json_load_file(path, 0, &err);
  assert_non_null(root);
  json_t *lk = json_object_get(json_object_get(root, "cvss4"),
                               "CVSS_LOOKUP_GLOBAL");
  assert_true(json_is_object(lk));
  long checked = 0, failed = 0, present = 0;
  for (int i = 0; i < 1000000; i++) {
    char m[8];
    snprintf(m, sizeof(m), "%06d", i);
    int ok = 1;
    for (int k = 0; k < 6; k++) ok &= m[k] <= '2';
    if (!ok) continue;
    double ours = -1;
    int rc = vl_cvss4_macro_score(m, &ours);
    json_t *v = json_object_get(lk, m);
    checked++;
    if (v) present++;
    if (!v && rc != VL_ENOTFOUND) {
      failed++;
      printf("  FAIL %s: we have %.1f, the specification has none\n", m, ours);
    } else if (v && (rc != 0 || lround(json_number_value(v) * 10) !=
                                    lround(ours * 10))) {
      failed++;
      printf("  FAIL %s: ours %.1f (rc %d), specification %.1f\n", m, ours,
             rc, json_number_value(v));
    }
  }
  printf("v4.0 MacroVector table: %ld MacroVectors checked (%ld defined), "
         "%ld failed\n",
         checked, present, failed);
  assert_int_equal(present, (long)json_object_size(lk));
  assert_int_equal(failed, 0);
  double x;
  assert_int_equal(vl_cvss4_macro_score("00000", &x), VL_EINVAL);
  json_decref(root);
}

/* ------------------------------------------------------ NVD oracle */

struct oracle {
  struct counts c;
  long per_version[4];  /* v2, v3.0, v3.1, v4.0 */
  long nvd, other;      /* vectors inside NVD metric blocks / elsewhere */
  long severities, subscores;
  long strings;         /* JSON strings starting "CVSS:" (parse only) */
  long vendor_temporal; /* vendor records whose "baseScore" is temporal */
  long files, json_files, archives, archive_entries;
  char skipped[4096];   /* archives that could not be opened */
  char where[8192];     /* current file (and archive member) */
};

static void check_severity(struct oracle *o, const char *vec,
                           enum vl_cvss_version ver, double score,
                           const char *published) {
  const char *ours = vl_cvss_severity_name(vl_cvss_severity(ver, score));
  o->severities++;
  if (strcasecmp(ours, published) != 0)
    fail_case(&o->c, "%s: %s: severity %s, published %s", o->where, vec,
              ours, published);
}

static void check_subscore(struct oracle *o, const char *vec, json_t *pub,
                           double ours, const char *what) {
  if (!json_is_number(pub) || ours < 0) return;
  o->subscores++;
  if (tenths(ours) != tenths(json_number_value(pub)))
    fail_case(&o->c, "%s: %s: %s %.1f, published %.1f", o->where, vec, what,
              ours, json_number_value(pub));
}

/* An object holding vectorString and baseScore (NVD cvssData, NVD 1.1
 * cvssV2/cvssV3, CVE 5 cvssV3_1, CSAF cvss_v3 ...).  parent is the object
 * around it, where NVD keeps v2 severities and the subscores.  nvd is set
 * inside NVD's own metric blocks (cvssMetricV*, baseMetricV*). */
static void check_metric(struct oracle *o, json_t *obj, json_t *parent,
                         int nvd) {
  json_t *vs = json_object_get(obj, "vectorString");
  json_t *bs = json_object_get(obj, "baseScore");
  if (!json_is_string(vs) || !json_is_number(bs)) return;
  const char *vec = json_string_value(vs);
  double published = json_number_value(bs);
  struct vl_cvss p;
  struct vl_cvss_scores s;
  struct vl_diag d;
  vl_diag_clear(&d);
  o->c.checked++;
  if (nvd)
    o->nvd++;
  else
    o->other++;
  if (vl_cvss_parse(vec, strlen(vec), &p, &d) != 0) {
    fail_case(&o->c, "%s: %s: parse failed: %s", o->where, vec, d.msg);
    return;
  }
  if (vl_cvss_scores(&p, &s) != 0) {
    fail_case(&o->c, "%s: %s: scores failed", o->where, vec);
    return;
  }
  o->per_version[vidx(p.version)]++;
  json_t *ver = json_object_get(obj, "version");
  if (json_is_string(ver) &&
      strcmp(json_string_value(ver), vl_cvss_version_name(p.version)) != 0)
    fail_case(&o->c, "%s: %s: version %s, published %s", o->where, vec,
              vl_cvss_version_name(p.version), json_string_value(ver));
  /* For v4.0 the published score is that of the vector as written
   * (CVSS-B, -BT, -BE or -BTE). */
  double ours = p.version == VL_CVSS_V40 ? s.score : s.base;
  if (tenths(ours) != tenths(published)) {
    /* Some vendors (Fortinet) publish their temporal score under
     * "baseScore"; that is their labelling, not a scoring difference, and
     * it must still equal our temporal score exactly. */
    if (!nvd && s.has_temporal && tenths(s.temporal) == tenths(published)) {
      o->vendor_temporal++;
      printf("  note: %s: %s: published baseScore %.1f is the temporal "
             "score (base %.1f)\n",
             o->where, vec, published, s.base);
      ours = s.temporal;
    } else {
      fail_case(&o->c, "%s: %s: base score %.1f, published %.1f", o->where,
                vec, ours, published);
      return;
    }
  }
  json_t *sev = json_object_get(obj, "baseSeverity");
  if (!json_is_string(sev) && p.version == VL_CVSS_V2) {
    sev = json_object_get(obj, "severity");
    if (!json_is_string(sev) && parent) {
      sev = json_object_get(parent, "baseSeverity");
      if (!json_is_string(sev)) sev = json_object_get(parent, "severity");
    }
  }
  if (json_is_string(sev))
    check_severity(o, vec, p.version, ours, json_string_value(sev));
  if (p.version != VL_CVSS_V40) {
    json_t *h = json_object_get(obj, "impactScore") ? obj : parent;
    if (h) {
      check_subscore(o, vec, json_object_get(h, "impactScore"), s.impact,
                     "impact subscore");
      check_subscore(o, vec, json_object_get(h, "exploitabilityScore"),
                     s.exploitability, "exploitability subscore");
    }
  }
}

static void walk_json(struct oracle *o, json_t *j, json_t *parent, int nvd,
                      int depth) {
  if (depth > 64) return;
  if (json_is_object(j)) {
    const char *k;
    json_t *v;
    check_metric(o, j, parent, nvd);
    json_object_foreach(j, k, v) {
      int in_nvd = nvd || strncmp(k, "cvssMetricV", 11) == 0 ||
                   strncmp(k, "baseMetricV", 11) == 0;
      walk_json(o, v, j, in_nvd, depth + 1);
    }
  } else if (json_is_string(j) &&
             strncmp(json_string_value(j), "CVSS:", 5) == 0) {
    /* every string that is a v3/v4 vector (OSV "score", CSAF "vector",
     * vectorString ...) must parse, published score or not */
    const char *vec = json_string_value(j);
    struct vl_cvss p;
    struct vl_diag d;
    o->strings++;
    if (vl_cvss_parse(vec, strlen(vec), &p, &d) != 0)
      fail_case(&o->c, "%s: %s: parse failed: %s", o->where, vec, d.msg);
  } else if (json_is_array(j)) {
    size_t i;
    json_t *v;
    /* array elements keep the enclosing object as parent */
    json_array_foreach(j, i, v) walk_json(o, v, parent, nvd, depth + 1);
  }
}

static int ends_with(const char *s, const char *suf) {
  size_t a = strlen(s), b = strlen(suf);
  return a >= b && strcmp(s + a - b, suf) == 0;
}

static int is_json_name(const char *name) {
  return ends_with(name, ".json") || ends_with(name, ".jsonl") ||
         ends_with(name, ".json.gz") || ends_with(name, ".jsonl.gz");
}

/* Checks JSON text (one document, or JSON lines). */
static void oracle_text(struct oracle *o, const char *name, char *text,
                        size_t len) {
  json_error_t err;
  o->json_files++;
  if (ends_with(name, ".jsonl") || ends_with(name, ".jsonl.gz")) {
    char *cur = text;
    for (char *line; (line = next_line(&cur)) != NULL;) {
      json_t *j = json_loads(line, 0, &err);
      if (!j) continue; /* not JSON: not a record */
      walk_json(o, j, NULL, 0, 0);
      json_decref(j);
    }
  } else {
    json_t *j = json_loadb(text, len, 0, &err);
    if (j) {
      walk_json(o, j, NULL, 0, 0);
      json_decref(j);
    }
  }
}

#define MEMBER_MAX (64u << 20)

/* Reads the rest of archive entry into a malloc'd NUL-terminated buffer. */
static char *read_member(struct archive *a, size_t *len) {
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap + 1);
  if (!buf) return NULL;
  for (;;) {
    if (n == cap) {
      if (cap >= MEMBER_MAX) break;
      char *nb = realloc(buf, cap * 2 + 1);
      if (!nb) break;
      buf = nb;
      cap *= 2;
    }
    la_ssize_t r = archive_read_data(a, buf + n, cap - n);
    if (r <= 0) break;
    n += (size_t)r;
  }
  buf[n] = '\0';
  *len = n;
  return buf;
}

/* Gunzips a member that is itself a .gz file. */
static char *gunzip_member(const char *data, size_t n, size_t *len) {
  struct archive *a = archive_read_new();
  struct archive_entry *e;
  char *out = NULL;
  archive_read_support_filter_all(a);
  archive_read_support_format_raw(a);
  if (archive_read_open_memory(a, data, n) == ARCHIVE_OK &&
      archive_read_next_header(a, &e) == ARCHIVE_OK)
    out = read_member(a, len);
  archive_read_free(a);
  return out;
}

static void oracle_archive(struct oracle *o, const char *path) {
  struct archive *a = archive_read_new();
  struct archive_entry *e;
  archive_read_support_filter_all(a);
  archive_read_support_format_all(a);
  if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
    size_t n = strlen(o->skipped);
    if (n + strlen(path) + 40 < sizeof(o->skipped))
      snprintf(o->skipped + n, sizeof(o->skipped) - n, "    %s (%s)\n", path,
               archive_error_string(a) ? archive_error_string(a) : "?");
    archive_read_free(a);
    return;
  }
  o->archives++;
  int rc;
  while ((rc = archive_read_next_header(a, &e)) == ARCHIVE_OK) {
    const char *name = archive_entry_pathname(e);
    if (!name || archive_entry_filetype(e) != AE_IFREG || !is_json_name(name))
      continue;
    o->archive_entries++;
    size_t len;
    char *text = read_member(a, &len);
    if (!text) continue;
    if (ends_with(name, ".gz")) {
      size_t ulen;
      char *u = gunzip_member(text, len, &ulen);
      free(text);
      if (!u) continue;
      text = u;
      len = ulen;
    }
    snprintf(o->where, sizeof(o->where), "%s!%s", path, name);
    oracle_text(o, name, text, len);
    free(text);
  }
  archive_read_free(a);
}

static void oracle_file(struct oracle *o, const char *path) {
  static const char *arch[] = {".zip", ".tar", ".tar.gz", ".tgz", ".tar.zst",
                               ".tar.xz", ".tar.bz2"};
  for (size_t i = 0; i < VL_ARRAY_LEN(arch); i++)
    if (ends_with(path, arch[i])) {
      oracle_archive(o, path);
      return;
    }
  if (!is_json_name(path)) return;
  char *text = NULL;
  size_t len;
  struct vl_diag d;
  snprintf(o->where, sizeof(o->where), "%s", path);
  if (vl_read_file(path, 256u << 20, &text, &len, &d) != 0) {
    fail_case(&o->c, "%s: cannot read: %s", path, d.msg);
    return;
  }
  oracle_text(o, path, text, len);
  free(text);
}

static void oracle_walk(struct oracle *o, const char *dir, int depth) {
  if (depth > 40) return;
  DIR *dh = opendir(dir);
  if (!dh) return;
  struct dirent *e;
  while ((e = readdir(dh)) != NULL) {
    if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    struct stat st;
    if (lstat(path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) {
      oracle_walk(o, path, depth + 1);
    } else if (S_ISREG(st.st_mode)) {
      o->files++;
      oracle_file(o, path);
    }
  }
  closedir(dh);
}

static void test_nvd_oracle(void **state) {
  (void)state;
  static struct oracle o;
  memset(&o, 0, sizeof(o));
  static const char *dirs[] = {"nvd", "demo", "feeds", "distro"};
  for (size_t i = 0; i < VL_ARRAY_LEN(dirs); i++) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", data_dir(), dirs[i]);
    oracle_walk(&o, path, 0);
  }
  printf("NVD oracle: %ld files, %ld archives opened (%ld JSON members), "
         "%ld JSON documents\n",
         o.files, o.archives, o.archive_entries, o.json_files);
  printf("  %ld vectors with a published base score checked: v2 %ld, "
         "v3.0 %ld, v3.1 %ld, v4.0 %ld (%ld in NVD metric blocks, %ld from "
         "CNA/vendor records)\n",
         o.c.checked, o.per_version[0], o.per_version[1], o.per_version[2],
         o.per_version[3], o.nvd, o.other);
  printf("  %ld JSON strings starting \"CVSS:\" parsed (with or without a "
         "published score)\n",
         o.strings);
  printf("  %ld published severities and %ld published subscores checked; "
         "%ld vendor baseScores were temporal scores; %ld failed\n",
         o.severities, o.subscores, o.vendor_temporal, o.c.failed);
  if (o.skipped[0])
    printf("  archives that could not be opened:\n%s", o.skipped);
  assert_true(o.nvd > 500);
  assert_int_equal(o.c.failed, 0);
}

/* ------------------------------------------------- malformed vectors */

/* A malformed vector and where the error must point: at the first
 * occurrence of marker plus delta bytes (marker NULL: the end). */
struct bad {
  const char *vec;
  int rc;
  const char *marker;
  int delta;
  const char *metric;
};

static void test_malformed_vectors_report_position(void **state) {
  (void)state;
  static const struct bad cases[] = {
      {"", VL_EPARSE, NULL, 0, ""},
      {"CVSS:3.1/", VL_EPARSE, NULL, 0, ""},
      {"CVSS:3.1", VL_EPARSE, NULL, 0, ""},
      {"CVSS:3.10/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VL_EUNSUPPORTED,
       "3.10", 0, "CVSS"},
      {"CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", VL_EUNSUPPORTED, "2.0", 0,
       "CVSS"},
      {"CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VL_EUNSUPPORTED,
       "3.2", 0, "CVSS"},
      {"CVSS:3.1/AV:N/AC:L/PR:X/UI:N/S:U/C:H/I:H/A:H", VL_EPARSE, "PR:X", 3,
       "PR"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", VL_EPARSE, NULL, 0, "A"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L", VL_EPARSE, "AV:L",
       0, "AV"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/", VL_EPARSE, "A:H/", 3,
       ""},
      {"CVSS:3.1/AV:N//AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", VL_EPARSE, "//", 1,
       ""},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1", VL_EPARSE, "ZZ",
       0, "ZZ"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E", VL_EPARSE, "/E", 1,
       "E"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:", VL_EPARSE, "E:", 2,
       "E"},
      {"CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MPR:P", VL_EPARSE,
       "MPR:P", 4, "MPR"},
      {"AV:N/AC:L/Au:N/C:P/I:P/A:Q", VL_EPARSE, "A:Q", 2, "A"},
      {"AV:N/AC:L/Au:N/C:P/I:P", VL_EPARSE, NULL, 0, "A"},
      {"(AV:N/AC:L/Au:N/C:P/I:P/A:P", VL_EPARSE, NULL, 0, ""},
      {"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X", VL_EPARSE, "E:X", 2, "E"},
      {"av:N/AC:L/Au:N/C:P/I:P/A:P", VL_EPARSE, "av", 0, "av"},
      /* v4.0 requires the specification's order */
      {"CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
       VL_EPARSE, "AV:N", 0, "AV"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N",
       VL_EPARSE, "SI:S", 3, "SI"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N",
       VL_EPARSE, NULL, 0, "SA"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
       "U:red",
       VL_EPARSE, "U:red", 2, "U"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
       "E:A/E:P",
       VL_EPARSE, "E:P", 0, "E"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/"
       "CR:H/E:A",
       VL_EPARSE, "E:A", 0, "E"},
  };
  long failed = 0;
  for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
    const struct bad *b = &cases[i];
    struct vl_cvss p;
    struct vl_diag d;
    vl_diag_clear(&d);
    int rc = vl_cvss_parse(b->vec, strlen(b->vec), &p, &d);
    size_t off = b->marker ? (size_t)(strstr(b->vec, b->marker) - b->vec) +
                                 (size_t)b->delta
                           : strlen(b->vec);
    if (rc != b->rc || p.err_offset != off ||
        strcmp(p.err_metric, b->metric) != 0 || d.code != b->rc ||
        !strstr(d.msg, "byte")) {
      failed++;
      printf("  FAIL '%s': rc %d offset %zu metric '%s' (%s); expected rc %d "
             "offset %zu metric '%s'\n",
             b->vec, rc, p.err_offset, p.err_metric, d.msg, b->rc, off,
             b->metric);
    }
  }
  /* past the length cap */
  char big[VL_CVSS_VECTOR_MAX + 2];
  memset(big, 'A', sizeof(big));
  struct vl_cvss p;
  if (vl_cvss_parse(big, sizeof(big), &p, NULL) != VL_ETOOBIG) {
    failed++;
    printf("  FAIL over-long vector accepted\n");
  }
  printf("malformed vectors: %zu cases checked, %ld failed\n",
         VL_ARRAY_LEN(cases) + 1, failed);
  assert_int_equal(failed, 0);
}

/* Forms the parser must accept, with independently known scores (FIRST
 * specification examples / NVD). */
static void test_accepted_forms(void **state) {
  (void)state;
  struct vl_cvss p, q;
  struct vl_cvss_scores s;
  char buf[VL_CVSS_FORMAT_MAX];
  /* v2 in parentheses, as printed by some scanners (CVE-2002-0392: 7.5) */
  const char *v2 = "(AV:N/AC:L/Au:N/C:P/I:P/A:P)";
  assert_int_equal(vl_cvss_parse(v2, strlen(v2), &p, NULL), 0);
  assert_int_equal(vl_cvss_scores(&p, &s), 0);
  assert_int_equal(tenths(s.base), 75);
  assert_int_equal(s.base_severity, VL_CVSS_SEV_HIGH);
  assert_int_equal(vl_cvss_format(&p, buf, sizeof(buf)), 0);
  assert_string_equal(buf, "AV:N/AC:L/Au:N/C:P/I:P/A:P");
  /* v3 in any order, X values dropped from the canonical form */
  const char *v3 = "CVSS:3.1/A:H/I:H/C:H/S:U/UI:N/PR:N/AC:L/AV:N/E:X";
  assert_int_equal(vl_cvss_parse(v3, strlen(v3), &p, NULL), 0);
  assert_int_equal(vl_cvss_scores(&p, &s), 0);
  assert_int_equal(tenths(s.base), 98);
  assert_string_equal(vl_cvss_severity_name(s.base_severity), "CRITICAL");
  assert_false(s.has_temporal);
  assert_int_equal(vl_cvss_format(&p, buf, sizeof(buf)), 0);
  assert_string_equal(buf, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  assert_int_equal(vl_cvss_format(&p, buf, 10), VL_ETOOBIG);
  assert_string_equal(buf, "");
  /* v4.0 nomenclature */
  const char *v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/"
                   "SI:N/SA:N/E:U/CR:L";
  assert_int_equal(vl_cvss_parse(v4, strlen(v4), &q, NULL), 0);
  assert_int_equal(vl_cvss_scores(&q, &s), 0);
  assert_string_equal(s.nomenclature, "CVSS-BTE");
  assert_int_equal(tenths(s.base), 93);
  assert_true(s.temporal < s.base);
  /* the severity bands */
  assert_int_equal(vl_cvss_severity(VL_CVSS_V2, 0.0), VL_CVSS_SEV_LOW);
  assert_int_equal(vl_cvss_severity(VL_CVSS_V2, 3.9), VL_CVSS_SEV_LOW);
  assert_int_equal(vl_cvss_severity(VL_CVSS_V2, 4.0), VL_CVSS_SEV_MEDIUM);
  assert_int_equal(vl_cvss_severity(VL_CVSS_V2, 7.0), VL_CVSS_SEV_HIGH);
  assert_int_equal(vl_cvss_severity(VL_CVSS_V31, 0.0), VL_CVSS_SEV_NONE);
  assert_int_equal(vl_cvss_severity(VL_CVSS_V31, 0.1), VL_CVSS_SEV_LOW);
  assert_int_equal(vl_cvss_severity(VL_CVSS_V40, 6.9), VL_CVSS_SEV_MEDIUM);
  assert_int_equal(vl_cvss_severity(VL_CVSS_V40, 8.9), VL_CVSS_SEV_HIGH);
  assert_int_equal(vl_cvss_severity(VL_CVSS_V30, 9.0), VL_CVSS_SEV_CRITICAL);
  /* an unparsed struct is refused */
  memset(&p, 0, sizeof(p));
  p.version = VL_CVSS_V31;
  assert_int_equal(vl_cvss_scores(&p, &s), VL_EINVAL);
  assert_int_equal(vl_cvss_format(&p, buf, sizeof(buf)), VL_EINVAL);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_redhat_vector_files),
      cmocka_unit_test(test_v4_table_matches_extracted),
      cmocka_unit_test(test_nvd_oracle),
      cmocka_unit_test(test_malformed_vectors_report_position),
      cmocka_unit_test(test_accepted_forms),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
