/* Streaming CSV reader: a small state machine fed by chunks. */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "vulnloop/csv.h"

enum state { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED };

struct reader {
  const struct vl_csv_opts *o;
  vl_csv_row_fn fn;
  void *ud;
  struct vl_diag *d;
  const char *name;
  struct vl_buf field;     /* field being read */
  char **fields;           /* completed fields of the row */
  size_t nfields, capfields;
  enum state st;
  long line, row_line;     /* current line; line where the row began */
  bool row_started;
  bool bom_checked;
  size_t bom_seen;         /* BOM bytes matched so far */
  bool prev_cr;
};

static int perr(struct reader *r, int code, const char *msg) {
  vl_diag_where(r->d, r->name, r->line, NULL);
  return vl_diag_set(r->d, code, "%s", msg);
}

static int end_field(struct reader *r) {
  if (r->nfields >= r->o->max_fields)
    return perr(r, VL_ETOOBIG, "too many fields in a row");
  if (r->nfields == r->capfields) {
    size_t cap = r->capfields ? r->capfields * 2 : 16;
    char **f = realloc(r->fields, cap * sizeof(*f));
    if (!f) return VL_ENOMEM;
    r->fields = f;
    r->capfields = cap;
  }
  char *s = malloc(r->field.len + 1);
  if (!s) return VL_ENOMEM;
  memcpy(s, r->field.data ? r->field.data : "", r->field.len);
  s[r->field.len] = '\0';
  r->fields[r->nfields++] = s;
  vl_buf_reset(&r->field);
  return 0;
}

static void clear_row(struct reader *r) {
  for (size_t i = 0; i < r->nfields; i++) free(r->fields[i]);
  r->nfields = 0;
  r->row_started = false;
}

static int end_row(struct reader *r) {
  int rc = end_field(r);
  if (rc) return rc;
  /* A blank line is no row. */
  if (!(r->nfields == 1 && r->fields[0][0] == '\0')) {
    struct vl_csv_row row = {(const char *const *)r->fields, r->nfields,
                             r->row_line};
    rc = r->fn(r->ud, &row, r->d);
  }
  clear_row(r);
  return rc;
}

static int put(struct reader *r, char c) {
  int rc = vl_buf_putc(&r->field, c);
  if (rc) return perr(r, VL_ETOOBIG, "field too long");
  return 0;
}

static int feed(struct reader *r, const char *buf, size_t len) {
  int rc = 0;
  for (size_t i = 0; i < len && !rc; i++) {
    char c = buf[i];
    if (!r->bom_checked) {
      static const char bom[] = "\xEF\xBB\xBF";
      if (c == bom[r->bom_seen]) {
        if (++r->bom_seen == 3) r->bom_checked = true;
        continue;
      }
      r->bom_checked = true;
      for (size_t k = 0; k < r->bom_seen && !rc; k++) rc = put(r, bom[k]);
      if (r->bom_seen) r->st = UNQUOTED;
    }
    if (c == '\0') return perr(r, VL_EPARSE, "NUL byte in CSV");
    if (!r->row_started) {
      r->row_started = true;
      r->row_line = r->line;
    }
    bool was_cr = r->prev_cr;
    r->prev_cr = c == '\r';
    switch (r->st) {
      case FIELD_START:
      case UNQUOTED:
        if (c == '"' && r->st == FIELD_START) {
          r->st = QUOTED;
        } else if (c == '"') {
          rc = perr(r, VL_EPARSE, "quote inside an unquoted field");
        } else if (c == ',') {
          rc = end_field(r);
          r->st = FIELD_START;
        } else if (c == '\n') {
          r->line++;
          if (was_cr && r->field.len && r->field.data[r->field.len - 1] == '\r')
            r->field.data[--r->field.len] = '\0';
          rc = end_row(r);
          r->st = FIELD_START;
        } else {
          rc = put(r, c);
          r->st = UNQUOTED;
        }
        break;
      case QUOTED:
        if (c == '"') {
          r->st = QUOTE_IN_QUOTED;
        } else {
          if (c == '\n') r->line++;
          rc = put(r, c);
        }
        break;
      case QUOTE_IN_QUOTED:
        if (c == '"') {
          rc = put(r, '"');
          r->st = QUOTED;
        } else if (c == ',') {
          rc = end_field(r);
          r->st = FIELD_START;
        } else if (c == '\n') {
          r->line++;
          rc = end_row(r);
          r->st = FIELD_START;
        } else if (c == '\r') {
          /* CR before LF after a closing quote. */
        } else {
          rc = perr(r, VL_EPARSE, "text after a closing quote");
        }
        break;
    }
  }
  return rc;
}

static int finish(struct reader *r) {
  if (r->st == QUOTED) return perr(r, VL_EPARSE, "unclosed quote at end of file");
  if (r->row_started) {
    if (r->field.len && r->field.data[r->field.len - 1] == '\r')
      r->field.data[--r->field.len] = '\0';
    return end_row(r);
  }
  return 0;
}

static const struct vl_csv_opts default_opts = {1 << 20, 4096};

static void reader_init(struct reader *r, const char *name,
                        const struct vl_csv_opts *o, vl_csv_row_fn fn,
                        void *ud, struct vl_diag *d) {
  memset(r, 0, sizeof(*r));
  r->o = o ? o : &default_opts;
  r->fn = fn;
  r->ud = ud;
  r->d = d;
  r->name = name;
  r->line = 1;
  vl_buf_init(&r->field, r->o->max_field);
}

static void reader_free(struct reader *r) {
  clear_row(r);
  free(r->fields);
  vl_buf_free(&r->field);
}

int vl_csv_read_mem(const char *name, const char *buf, size_t len,
                    const struct vl_csv_opts *o, vl_csv_row_fn fn, void *ud,
                    struct vl_diag *d) {
  struct reader r;
  reader_init(&r, name, o, fn, ud, d);
  int rc = feed(&r, buf, len);
  if (!rc) rc = finish(&r);
  reader_free(&r);
  return rc;
}

int vl_csv_read_file(const char *path, const struct vl_csv_opts *o,
                     vl_csv_row_fn fn, void *ud, struct vl_diag *d) {
  gzFile gz = gzopen(path, "rb");
  if (!gz) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open: %s", strerror(errno));
  }
  struct reader r;
  reader_init(&r, path, o, fn, ud, d);
  char buf[65536];
  int rc = 0;
  for (;;) {
    int n = gzread(gz, buf, sizeof(buf));
    if (n < 0) {
      int zerr;
      const char *m = gzerror(gz, &zerr);
      rc = perr(&r, VL_EIO, zerr == Z_ERRNO ? strerror(errno) : m);
      break;
    }
    if (n == 0) {
      /* zlib reports a stream cut short only through gzerror. */
      int zerr;
      gzerror(gz, &zerr);
      if (zerr == Z_BUF_ERROR)
        rc = perr(&r, VL_EPARSE, "truncated gzip stream (the file ends too early)");
      break;
    }
    if ((rc = feed(&r, buf, (size_t)n))) break;
  }
  if (!rc) rc = finish(&r);
  reader_free(&r);
  gzclose(gz);
  return rc;
}
