/* CMDB CSV import: assets and their installed products (CPE).  Columns
 * this importer does not know are kept per asset as custom fields. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"
#include "vulnloop/csv.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/scope.h"

#define MAX_ROWS 1000000

enum col { C_NAME, C_CPE, C_ADDRESS, C_TYPE, C_OS, C_OWNER, C_ENV,
           C_EXPOSURE, C_CRIT, C_TAGS, C_DISTRO, C_RELEASE, C_OS_CPE, C_N };
static const char *col_names[C_N] = {
    "name",        "cpe",      "address",     "type",   "os",
    "owner",       "environment", "exposure", "criticality", "tags",
    "distro",      "release",  "os_cpe"};
#define MAX_CUSTOM 64

struct row {
  char *f[C_N];      /* field values, NULL if empty */
  long line;
  struct vl_cpe_key key;
  char **cv;         /* values of the custom columns, NULL if empty */
};

struct reader {
  const char *file;
  int col[C_N];      /* column index per field, -1 if absent */
  size_t ncols;
  char *custom[MAX_CUSTOM]; /* names of the unknown columns */
  int custom_col[MAX_CUSTOM];
  int ncustom;
  bool header;
  struct vl_arena *arena;
  struct row *rows;
  size_t n, cap;
};

static int read_row(void *ud, const struct vl_csv_row *r, struct vl_diag *d) {
  struct reader *rd = ud;
  if (!rd->header) {
    for (int i = 0; i < C_N; i++) rd->col[i] = -1;
    for (size_t j = 0; j < r->n; j++) {
      const char *h = r->fields[j];
      int found = -1;
      for (int i = 0; i < C_N; i++)
        if (!strcmp(h, col_names[i])) found = i;
      if (found < 0) {
        if (!*h) {
          vl_diag_where(d, rd->file, r->line, NULL);
          return vl_diag_set(d, VL_EINVAL, "column %zu has no name", j + 1);
        }
        for (int k = 0; k < rd->ncustom; k++)
          if (!strcmp(rd->custom[k], h)) {
            vl_diag_where(d, rd->file, r->line, NULL);
            return vl_diag_set(d, VL_EINVAL, "column '%.60s' appears twice",
                               h);
          }
        if (rd->ncustom == MAX_CUSTOM) {
          vl_diag_where(d, rd->file, r->line, NULL);
          return vl_diag_set(d, VL_ETOOBIG, "more than %d custom columns",
                             MAX_CUSTOM);
        }
        rd->custom[rd->ncustom] = vl_arena_strdup(rd->arena, h);
        if (!rd->custom[rd->ncustom]) return VL_ENOMEM;
        rd->custom_col[rd->ncustom++] = (int)j;
        continue;
      }
      if (rd->col[found] >= 0) {
        vl_diag_where(d, rd->file, r->line, NULL);
        return vl_diag_set(d, VL_EINVAL, "column '%s' appears twice", h);
      }
      rd->col[found] = (int)j;
    }
    for (int i = 0; i <= C_CPE; i++)
      if (rd->col[i] < 0) {
        vl_diag_where(d, rd->file, r->line, NULL);
        return vl_diag_set(d, VL_EINVAL, "required column '%s' is missing",
                           col_names[i]);
      }
    rd->ncols = r->n;
    rd->header = true;
    return 0;
  }
  if (r->n != rd->ncols) {
    vl_diag_where(d, rd->file, r->line, NULL);
    return vl_diag_set(d, VL_EINVAL, "%zu fields, but the header has %zu",
                       r->n, rd->ncols);
  }
  if (rd->n == MAX_ROWS) {
    vl_diag_where(d, rd->file, r->line, NULL);
    return vl_diag_set(d, VL_ETOOBIG, "more than %d rows", MAX_ROWS);
  }
  if (rd->n == rd->cap) {
    size_t cap = rd->cap ? rd->cap * 2 : 256;
    struct row *nr = realloc(rd->rows, cap * sizeof(*nr));
    if (!nr) return VL_ENOMEM;
    rd->rows = nr;
    rd->cap = cap;
  }
  struct row *row = &rd->rows[rd->n];
  memset(row, 0, sizeof(*row));
  row->line = r->line;
  for (int i = 0; i < C_N; i++) {
    if (rd->col[i] < 0) continue;
    const char *v = r->fields[rd->col[i]];
    while (*v == ' ') v++;
    size_t len = strlen(v);
    while (len && v[len - 1] == ' ') len--;
    if (!len) continue;
    row->f[i] = vl_arena_strndup(rd->arena, v, len);
    if (!row->f[i]) return vl_diag_set(d, VL_ETOOBIG, "file too large");
  }
  if (rd->ncustom) {
    row->cv = vl_arena_alloc(rd->arena, rd->ncustom * sizeof(*row->cv));
    if (!row->cv) return vl_diag_set(d, VL_ETOOBIG, "file too large");
    for (int k = 0; k < rd->ncustom; k++) {
      const char *v = r->fields[rd->custom_col[k]];
      row->cv[k] = NULL;
      if (*v && !(row->cv[k] = vl_arena_strdup(rd->arena, v)))
        return vl_diag_set(d, VL_ETOOBIG, "file too large");
    }
  }
  vl_diag_where(d, rd->file, r->line, NULL);
  if (!row->f[C_NAME]) return vl_diag_set(d, VL_EINVAL, "column name is empty");
  const char *ex = row->f[C_EXPOSURE];
  if (ex && strcmp(ex, "internet") && strcmp(ex, "internal"))
    return vl_diag_set(d, VL_EINVAL,
                       "column exposure: '%.40s' is neither internet nor "
                       "internal",
                       ex);
  const char *cr = row->f[C_CRIT];
  if (cr && strcmp(cr, "low") && strcmp(cr, "medium") && strcmp(cr, "high") &&
      strcmp(cr, "critical"))
    return vl_diag_set(d, VL_EINVAL,
                       "column criticality: '%.40s' is not low, medium, high "
                       "or critical",
                       cr);
  if (!row->f[C_CPE]) {
    /* An asset and its attributes, without CMDB-listed software. */
    vl_diag_clear(d);
    rd->n++;
    return 0;
  }
  struct vl_diag cd;
  vl_diag_clear(&cd);
  if (vl_cpe_key_fs(row->f[C_CPE], strlen(row->f[C_CPE]), &row->key, &cd))
    return vl_diag_set(d, VL_EINVAL, "column cpe: invalid CPE 2.3 name: %s",
                       cd.msg);
  if (row->key.vendor.kind != VL_CPE_VALUE || row->key.vendor.wild ||
      row->key.product.kind != VL_CPE_VALUE || row->key.product.wild)
    return vl_diag_set(d, VL_EINVAL,
                       "column cpe: an installed product needs a concrete "
                       "vendor and product");
  /* A version may be "-" (not applicable: hardware), never a wildcard. */
  if (row->key.version.kind == VL_CPE_ANY || row->key.version.wild)
    return vl_diag_set(d, VL_EINVAL,
                       "column cpe: an installed product needs a concrete "
                       "version, or '-' where none applies (found a "
                       "wildcard)");
  vl_diag_clear(d);
  rd->n++;
  return 0;
}

static int by_name_line(const void *a, const void *b) {
  const struct row *x = a, *y = b;
  int c = strcmp(x->f[C_NAME], y->f[C_NAME]);
  if (c) return c;
  return x->line < y->line ? -1 : x->line > y->line;
}

/* Checks the rows of one asset agree on its attributes (custom ones too)
 * and list no product twice; fills the asset from them. */
static int one_asset(const struct reader *rd, struct row *r, size_t n,
                     struct vl_asset *a, struct vl_diag *d) {
  const char *file = rd->file;
  memset(a, 0, sizeof(*a));
  a->name = r[0].f[C_NAME];
  const char **dst[C_N] = {NULL,          NULL,        &a->address,
                           &a->type,      &a->os,      &a->owner,
                           &a->environment, NULL,      &a->criticality,
                           &a->tags,      &a->distro,  &a->release,
                           &a->os_cpe};
  const char *exposure = NULL;
  dst[C_EXPOSURE] = &exposure;
  long from[C_N] = {0};
  const char *cv[MAX_CUSTOM] = {0};
  long cfrom[MAX_CUSTOM] = {0};
  for (size_t i = 0; i < n; i++) {
    for (int c = C_ADDRESS; c < C_N; c++) {
      if (!r[i].f[c]) continue;
      if (*dst[c] && strcmp(*dst[c], r[i].f[c]) != 0) {
        vl_diag_where(d, file, r[i].line, NULL);
        return vl_diag_set(d, VL_EINVAL,
                           "asset '%s': column %s is '%.40s' here but "
                           "'%.40s' on line %ld",
                           a->name, col_names[c], r[i].f[c], *dst[c], from[c]);
      }
      *dst[c] = r[i].f[c];
      from[c] = r[i].line;
    }
    for (int k = 0; k < rd->ncustom; k++) {
      const char *v = r[i].cv[k];
      if (!v) continue;
      if (cv[k] && strcmp(cv[k], v) != 0) {
        vl_diag_where(d, file, r[i].line, NULL);
        return vl_diag_set(d, VL_EINVAL,
                           "asset '%s': column %.40s is '%.40s' here but "
                           "'%.40s' on line %ld",
                           a->name, rd->custom[k], v, cv[k], cfrom[k]);
      }
      cv[k] = v;
      cfrom[k] = r[i].line;
    }
    for (size_t j = 0; r[i].f[C_CPE] && j < i; j++)
      if (r[j].f[C_CPE] && !strcmp(r[i].f[C_CPE], r[j].f[C_CPE])) {
        vl_diag_where(d, file, r[i].line, NULL);
        return vl_diag_set(d, VL_EEXIST,
                           "duplicate row: asset '%s' already lists %s on "
                           "line %ld",
                           a->name, r[i].f[C_CPE], r[j].line);
      }
  }
  a->exposure = !exposure                      ? VL_EXPOSURE_UNKNOWN
                : !strcmp(exposure, "internet") ? VL_EXPOSURE_INTERNET
                                                : VL_EXPOSURE_INTERNAL;
  a->source = file;
  /* The custom fields given, as one JSON object (columns in file order). */
  int given = 0;
  for (int k = 0; k < rd->ncustom; k++) given += cv[k] != NULL;
  if (!given) return 0;
  struct vl_buf b;
  struct vl_jw w;
  vl_buf_init(&b, 1u << 20);
  vl_jw_init(&w, &b, 0);
  vl_jw_obj_begin(&w);
  for (int k = 0; k < rd->ncustom; k++)
    if (cv[k]) vl_jw_kstr(&w, rd->custom[k], cv[k]);
  vl_jw_obj_end(&w);
  int rc = vl_jw_finish(&w);
  if (!rc && !(a->custom = vl_arena_strndup(rd->arena, b.data, b.len)))
    rc = VL_ENOMEM;
  vl_buf_free(&b);
  if (rc) {
    vl_diag_where(d, file, r[0].line, NULL);
    return vl_diag_set(d, rc, "asset '%s': custom fields too large", a->name);
  }
  return 0;
}

struct keep {
  const struct reader *rd;
  struct vl_asset *a;
  int rc;
};

static const char *keep_str(struct keep *k, const char *v) {
  if (!v) return NULL;
  const char *c = vl_arena_strdup(k->rd->arena, v);
  if (!c) k->rc = VL_ENOMEM;
  return c;
}

/* The stored asset's attributes for the columns this file does not have:
 * a column that is absent keeps what is known, an empty cell clears it. */
static int keep_absent(void *ud, const struct vl_asset *old) {
  struct keep *k = ud;
  const int *col = k->rd->col;
  struct vl_asset *a = k->a;
  if (col[C_ADDRESS] < 0) a->address = keep_str(k, old->address);
  if (col[C_TYPE] < 0) a->type = keep_str(k, old->type);
  if (col[C_OS] < 0) a->os = keep_str(k, old->os);
  if (col[C_OWNER] < 0) a->owner = keep_str(k, old->owner);
  if (col[C_ENV] < 0) a->environment = keep_str(k, old->environment);
  if (col[C_EXPOSURE] < 0) a->exposure = old->exposure;
  if (col[C_CRIT] < 0) a->criticality = keep_str(k, old->criticality);
  if (col[C_TAGS] < 0) a->tags = keep_str(k, old->tags);
  if (col[C_DISTRO] < 0) a->distro = keep_str(k, old->distro);
  if (col[C_RELEASE] < 0) a->release = keep_str(k, old->release);
  if (col[C_OS_CPE] < 0) a->os_cpe = keep_str(k, old->os_cpe);
  if (!k->rd->ncustom) a->custom = keep_str(k, old->custom);
  return 0;
}

static int store_rows(struct vl_inv *inv, struct reader *rd,
                      struct vl_diag *d) {
  qsort(rd->rows, rd->n, sizeof(*rd->rows), by_name_line);
  for (size_t i = 0; i < rd->n;) {
    size_t j = i;
    while (j < rd->n && !strcmp(rd->rows[j].f[C_NAME], rd->rows[i].f[C_NAME]))
      j++;
    struct vl_asset a;
    int rc = one_asset(rd, rd->rows + i, j - i, &a, d);
    if (!rc) {
      struct keep k = {rd, &a, 0};
      rc = vl_store_asset_by_name(vl_inv_ctx(inv), a.name, keep_absent, &k, d);
      if (rc == VL_ENOTFOUND) {
        vl_diag_clear(d);
        rc = 0;
      }
      if (!rc) rc = k.rc;
    }
    int64_t aid;
    if (!rc) rc = vl_inv_asset(inv, &a, VL_ASSET_REPLACE, &aid, d);
    for (size_t k = i; !rc && k < j; k++) {
      struct row *r = &rd->rows[k];
      if (!r->f[C_CPE]) continue;
      struct vl_software sw = {0};
      sw.cpe = r->f[C_CPE];
      sw.vendor = r->key.vendor.text;
      sw.product = r->key.product.text;
      sw.version = r->key.version.text;
      sw.scheme = "generic";
      rc = vl_inv_software(inv, aid, &sw, NULL, d);
    }
    if (rc) return rc;
    i = j;
  }
  return 0;
}

static bool sniff_csv(const char *head, size_t n) {
  /* A header row naming the name column. */
  size_t len = 0;
  while (len < n && head[len] != '\n') len++;
  char line[1024];
  if (len >= sizeof(line)) return false;
  memcpy(line, head, len);
  line[len] = 0;
  for (char *t = strtok(line, ",\r"); t; t = strtok(NULL, ",\r"))
    if (!strcmp(t, "name") || !strcmp(t, "\"name\"")) return true;
  return false;
}

static int import_csv(struct vl_inv *inv, const char *path,
                      struct vl_diag *d) {
  struct reader rd;
  memset(&rd, 0, sizeof(rd));
  rd.file = path;
  int rc = vl_arena_new(256u << 20, &rd.arena);
  if (rc) return rc;
  rc = vl_csv_read_file(path, NULL, read_row, &rd, d);
  if (!rc && !rd.header) {
    vl_diag_where(d, path, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "the file is empty (no header row)");
  } else if (!rc && rd.n == 0) {
    vl_diag_where(d, path, 1, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "no asset rows after the header");
  }
  vl_inv_rows(inv, (long)rd.n);
  if (!rc) rc = store_rows(inv, &rd, d);
  vl_arena_free(rd.arena);
  free(rd.rows);
  return rc;
}

const struct vl_inv_format vl_inv_fmt_cmdb_csv = {
    "cmdb-csv", "cmdb",
    "CMDB CSV: name, cpe, address, type, os, owner, environment, exposure, "
    "criticality, tags, distro, release, os_cpe; other columns are kept as "
    "custom fields",
    sniff_csv, import_csv};

int vl_inventory_import_csv(const struct vl_ctx *ctx, const char *path,
                            const char *kind, struct vl_inventory_stats *st,
                            struct vl_diag *d) {
  return vl_inventory_import(ctx, path, "cmdb-csv", kind, NULL, st, d);
}
