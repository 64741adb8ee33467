/* FIRST EPSS daily score files (epss_scores-YYYY-MM-DD.csv[.gz]).
 *
 * Every historical layout is read:
 *   2021-04 .. 2021-08   cve,epss
 *   2021-09 .. 2022-01   cve,epss,percentile
 *   2022-02 ..           #model_version:v2022.01.01,score_date:2022-02-04T..
 *                        cve,epss,percentile
 * The score date comes from the comment line, or else from the file name
 * (the older layouts carry it only there); a file with neither is refused,
 * because the store keeps the newest score per CVE and must know how old a
 * score is.  Numbers are parsed by hand (a daily file has ~250,000 rows). */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "vl_collect_internal.h"
#include "vulnloop/csv.h"

#define MODEL_MAX 64   /* bytes of a model version, with the NUL */
#define CVE_MAX 32     /* bytes of a CVE id */
#define PENDING 128    /* rows handed to the store at once */
#define FIELD_MAX 256  /* bytes per field, as the CSV options below */
#define FIELDS_MAX 16  /* fields per row */
#define CHUNK (1 << 16)
/* The longest line that can still be a valid row; a longer one has a
 * field or a field count over its cap, which is reported. */
#define LINE_MAX_BYTES (FIELDS_MAX * (FIELD_MAX + 1) + 2)

bool vl_cve_syntax(const char *s, size_t n) {
  if (n < 13 || n > CVE_MAX || memcmp(s, "CVE-", 4) != 0) return false;
  for (size_t i = 4; i < 8; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  if (s[8] != '-') return false;
  for (size_t i = 9; i < n; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

/* A probability: "0.00383", "1", "1.0", "4e-05".  Returns false for
 * anything else, including numbers outside [0,1]. */
static bool parse_prob(const char *s, double *out) {
  static const double p10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,
                               1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
                               1e18, 1e19, 1e20, 1e21, 1e22};
  const char *p = s;
  uint64_t m = 0;
  int digits = 0, frac = 0;
  while (*p >= '0' && *p <= '9') {
    if (digits < 18) m = m * 10 + (uint64_t)(*p - '0');
    digits++, p++;
  }
  if (*p == '.') {
    p++;
    while (*p >= '0' && *p <= '9') {
      if (digits < 18) m = m * 10 + (uint64_t)(*p - '0'), frac++;
      digits++, p++;
    }
  }
  if (digits == 0) return false;
  double x;
  if (*p == '\0' && digits <= 18 && m <= (UINT64_C(1) << 53)) {
    /* Both operands are exact, so the quotient is correctly rounded. */
    x = (double)m / p10[frac];
  } else {
    /* Long mantissas and exponents: validate the syntax, then let strtod
     * round (the library never changes LC_NUMERIC from "C"). */
    if (*p == 'e' || *p == 'E') {
      p++;
      if (*p == '+' || *p == '-') p++;
      if (*p < '0' || *p > '9') return false;
      while (*p >= '0' && *p <= '9') p++;
    }
    if (*p != '\0' || p - s > 64) return false;
    char *end;
    x = strtod(s, &end);
    if (*end != '\0') return false;
  }
  if (!isfinite(x) || x < 0 || x > 1) return false;
  *out = x;
  return true;
}

/* s as it may be shown in a message: at most 40 bytes, anything but
 * printable ASCII as \xNN (a file in another encoding is named, not
 * echoed). */
static const char *shown(const char *s, char out[static 164]) {
  size_t k = 0;
  for (size_t i = 0; s[i] && i < 40; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch >= 0x20 && ch < 0x7f && ch != '\\') {
      out[k++] = (char)ch;
    } else {
      static const char hex[] = "0123456789ABCDEF";
      out[k++] = '\\';
      out[k++] = 'x';
      out[k++] = hex[ch >> 4];
      out[k++] = hex[ch & 15];
    }
  }
  out[k] = '\0';
  return out;
}

struct epss_ctx {
  struct vl_import *im;
  bool header;             /* the column header has been read */
  bool have_date;          /* score_date known (comment or file name) */
  size_t ncols;            /* 2 or 3 */
  char model[MODEL_MAX];   /* "" when not given */
  vl_time score_date;
  bool fresh;              /* the store held no score when the file began */
  size_t npending;                     /* rows parsed, not yet stored */
  struct vl_epss pending[PENDING];     /* their cve point into cves */
  char cves[PENDING][CVE_MAX + 1];
  long last_line;                      /* line of the last pending row */
};

static int flush(struct epss_ctx *c, struct vl_diag *d) {
  size_t changed;
  if (!c->npending) return 0;
  int rc = vl_store_epss_upsert_many(c->im->store, c->pending, c->npending,
                                     c->fresh, &changed, d);
  if (rc) {
    vl_diag_where(d, c->im->file, c->last_line, NULL);
    return rc;
  }
  c->im->st->changed += (long)changed;
  c->im->st->unchanged += (long)(c->npending - changed);
  c->npending = 0;
  return 0;
}

/* "#model_version:v2023.03.01,score_date:2023-03-07T00:00:00+0000", split
 * at its commas by the CSV reader. */
static int comment_row(struct epss_ctx *c, const struct vl_csv_row *row,
                       struct vl_diag *d) {
  for (size_t i = 0; i < row->n; i++) {
    const char *f = row->fields[i];
    if (i == 0) f++; /* the '#' */
    const char *colon = strchr(f, ':');
    if (!colon) continue;
    size_t klen = (size_t)(colon - f);
    const char *v = colon + 1;
    if (klen == 13 && !memcmp(f, "model_version", 13)) {
      size_t n = strlen(v);
      bool ok = n > 0 && n < MODEL_MAX;
      for (size_t k = 0; ok && k < n; k++)
        ok = v[k] > ' ' && v[k] < 0x7f;
      if (!ok) {
        char b[164];
        vl_diag_where(d, c->im->file, row->line, NULL);
        return vl_diag_set(d, VL_EINVAL, "model_version: not a version: "
                           "\"%s\"", shown(v, b));
      }
      memcpy(c->model, v, n + 1);
    } else if (klen == 10 && !memcmp(f, "score_date", 10)) {
      if (vl_time_parse(v, &c->score_date)) {
        char b[164];
        vl_diag_where(d, c->im->file, row->line, NULL);
        return vl_diag_set(d, VL_EINVAL, "score_date: not a date: \"%s\"",
                           shown(v, b));
      }
      c->have_date = true;
    }
  }
  return 0;
}

/* The older layouts have their date only in the published file name. */
static bool date_from_name(const char *path, vl_time *out) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  const char *p = strstr(base, "epss_scores-");
  if (!p) return false;
  char day[11];
  p += 12;
  for (int i = 0; i < 10; i++) {
    if (!p[i]) return false;
    day[i] = p[i];
  }
  day[10] = '\0';
  return vl_time_parse(day, out) == 0;
}

static int header_row(struct epss_ctx *c, const struct vl_csv_row *row,
                      struct vl_diag *d) {
  struct vl_import *im = c->im;
  const char *const *f = row->fields;
  bool ok = (row->n == 2 || row->n == 3) && !strcmp(f[0], "cve") &&
            !strcmp(f[1], "epss") && (row->n == 2 || !strcmp(f[2], "percentile"));
  if (!ok) {
    char found[64];
    size_t k = 0;
    for (size_t i = 0; i < row->n && k < sizeof(found) - 1; i++) {
      if (i) found[k++] = ',';
      for (const char *q = f[i]; *q && k < sizeof(found) - 1; q++)
        found[k++] = *q;
    }
    found[k] = '\0';
    vl_diag_where(d, im->file, row->line, NULL);
    return vl_diag_set(d, VL_EINVAL,
                       "EPSS header must be \"cve,epss,percentile\" or "
                       "\"cve,epss\", found \"%s\"",
                       found);
  }
  if (!c->have_date) {
    if (!date_from_name(im->file, &c->score_date)) {
      vl_diag_where(d, im->file, row->line, NULL);
      return vl_diag_set(d, VL_EINVAL,
                         "no score date: neither a \"#...score_date:\" line "
                         "nor a file name like epss_scores-YYYY-MM-DD.csv");
    }
    c->have_date = true;
  }
  c->ncols = row->n;
  c->header = true;
  return 0;
}

static int epss_row(void *ud, const struct vl_csv_row *row,
                    struct vl_diag *d) {
  struct epss_ctx *c = ud;
  struct vl_import *im = c->im;
  const char *const *f = row->fields;
  if (!c->header) {
    if (f[0][0] == '#') return comment_row(c, row, d);
    return header_row(c, row, d);
  }
  if (row->n != c->ncols) {
    vl_diag_where(d, im->file, row->line, NULL);
    return vl_diag_set(d, VL_EINVAL, "expected %zu fields, found %zu",
                       c->ncols, row->n);
  }
  size_t cvelen = strlen(f[0]);
  if (!vl_cve_syntax(f[0], cvelen)) {
    char b[164];
    vl_diag_where(d, im->file, row->line, NULL);
    return vl_diag_set(d, VL_EINVAL, "column cve: not a CVE id: \"%s\"",
                       shown(f[0], b));
  }
  struct vl_epss *e = &c->pending[c->npending];
  memcpy(c->cves[c->npending], f[0], cvelen + 1);
  e->cve = c->cves[c->npending];
  e->percentile = -1;
  e->score_date = c->score_date;
  e->model = c->model[0] ? c->model : NULL;
  if (!parse_prob(f[1], &e->score)) {
    char b[164];
    vl_diag_where(d, im->file, row->line, NULL);
    return vl_diag_set(d, VL_EINVAL,
                       "column epss: not a probability in [0,1]: \"%s\"",
                       shown(f[1], b));
  }
  if (c->ncols == 3 && !parse_prob(f[2], &e->percentile)) {
    char b[164];
    vl_diag_where(d, im->file, row->line, NULL);
    return vl_diag_set(d, VL_EINVAL,
                       "column percentile: not a number in [0,1]: \"%s\"",
                       shown(f[2], b));
  }
  im->st->records++;
  c->last_line = row->line;
  if (++c->npending == PENDING) return flush(c, d);
  return 0;
}

/* ------------------------------------------------------------ reading */

/* A daily file has ~300,000 rows of "CVE-2024-0001,0.00043,0.09017" and
 * the general CSV reader (a state machine that copies every field into a
 * malloc'd string) took most of the import's time.  Lines are split here
 * in place instead, with the same results as vl_csv for the lines EPSS
 * files are made of: LF or CRLF, a UTF-8 byte-order mark skipped, blank
 * lines ignored, the same caps and messages.  A line holding a quote or a
 * NUL byte is handed to the CSV reader itself (vl_csv_read_mem), so its
 * quoting rules and errors stay the CSV reader's; a quoted field cannot
 * run on to the next line (an EPSS row is one line). */
struct lines {
  struct epss_ctx *c;
  const char *file;
  long offset;               /* line numbers of a delegated line, less 1 */
};

static int line_err(const char *file, long line, int code, const char *msg,
                    struct vl_diag *d) {
  vl_diag_where(d, file, line, NULL);
  return vl_diag_set(d, code, "%s", msg);
}

static int delegated_row(void *ud, const struct vl_csv_row *row,
                         struct vl_diag *d) {
  struct lines *l = ud;
  struct vl_csv_row r = *row;
  r.line += l->offset;
  return epss_row(l->c, &r, d);
}

static int slow_line(struct lines *l, char *p, size_t n, long line,
                     struct vl_diag *d) {
  static const struct vl_csv_opts opts = {FIELD_MAX, FIELDS_MAX};
  size_t quotes = 0;
  for (size_t i = 0; i < n; i++) quotes += p[i] == '"';
  if (quotes % 2)
    return line_err(l->file, line, VL_EPARSE,
                    "a quoted field runs past the end of its line (an EPSS "
                    "row is one line)",
                    d);
  l->offset = line - 1;
  int rc = vl_csv_read_mem(l->file, p, n, &opts, delegated_row, l, d);
  if (rc && d->line > 0 && !strcmp(d->file, l->file)) d->line += l->offset;
  return rc;
}

/* One line without its LF; splits it in place. */
static int fast_line(struct lines *l, char *p, size_t n, long line,
                     struct vl_diag *d) {
  if (n && p[n - 1] == '\r') n--;
  if (n == 0) return 0; /* a blank line is no row */
  const char *fields[FIELDS_MAX];
  size_t nf = 0, start = 0;
  for (size_t i = 0; i <= n; i++) {
    char ch = i < n ? p[i] : ',';
    if (ch == '"' || ch == '\0') return slow_line(l, p, n, line, d);
    if (ch != ',') continue;
    if (i - start > FIELD_MAX)
      return line_err(l->file, line, VL_ETOOBIG, "field too long", d);
    if (nf == FIELDS_MAX)
      return line_err(l->file, line, VL_ETOOBIG, "too many fields in a row",
                      d);
    fields[nf++] = p + start;
    start = i + 1;
  }
  /* Only now cut the fields: a delegated line must stay whole. */
  for (size_t k = 1; k < nf; k++) ((char *)fields[k])[-1] = '\0';
  p[n] = '\0';
  struct vl_csv_row row = {fields, nf, line};
  return epss_row(l->c, &row, d);
}

static int read_lines(struct epss_ctx *c, const char *file,
                      struct vl_diag *d) {
  gzFile gz = gzopen(file, "rb");
  if (!gz) {
    vl_diag_where(d, file, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open: %s", strerror(errno));
  }
  gzbuffer(gz, CHUNK);
  struct lines l = {c, file, 0};
  char *buf = malloc(CHUNK + LINE_MAX_BYTES + 1);
  int rc = buf ? 0 : VL_ENOMEM;
  size_t have = 0;   /* bytes of an unfinished line at buf */
  long line = 1;
  bool first = true;
  while (!rc) {
    int n = gzread(gz, buf + have, CHUNK);
    if (n < 0) {
      int zerr;
      const char *m = gzerror(gz, &zerr);
      rc = line_err(file, line, VL_EIO, zerr == Z_ERRNO ? strerror(errno) : m,
                    d);
      break;
    }
    if (n == 0) {
      int zerr;
      gzerror(gz, &zerr);
      if (zerr == Z_BUF_ERROR)
        rc = line_err(file, line, VL_EPARSE,
                      "truncated gzip stream (the file ends too early)", d);
      else if (have) /* the last line has no LF */
        rc = fast_line(&l, buf, have, line, d);
      break;
    }
    size_t end = have + (size_t)n, at = 0;
    if (first && end >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3)) at = 3;
    if (end >= 3) first = false;
    for (;;) {
      char *nl = memchr(buf + at, '\n', end - at);
      if (!nl) break;
      size_t len = (size_t)(nl - (buf + at));
      if ((rc = fast_line(&l, buf + at, len, line, d))) break;
      line++;
      at += len + 1;
    }
    if (rc) break;
    have = end - at;
    if (have > LINE_MAX_BYTES) {
      /* No valid row is this long: the checks of a line report why. */
      rc = fast_line(&l, buf + at, have, line, d);
      if (!rc) rc = line_err(file, line, VL_ETOOBIG, "field too long", d);
      break;
    }
    memmove(buf, buf + at, have);
  }
  free(buf);
  gzclose(gz);
  return rc;
}

int vl_epss_csv_import(struct vl_import *im, struct vl_diag *d) {
  struct epss_ctx *c = calloc(1, sizeof(*c));
  if (!c) return VL_ENOMEM;
  c->im = im;
  int rc = vl_store_epss_empty(im->store, &c->fresh, d);
  if (!rc) rc = read_lines(c, im->file, d);
  if (!rc) rc = flush(c, d);
  if (!rc && !c->header) {
    vl_diag_where(d, im->file, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "no \"cve,epss\" header line");
  } else if (!rc && im->st->records == 0) {
    vl_diag_where(d, im->file, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "no scores after the header");
  }
  free(c);
  return rc;
}
