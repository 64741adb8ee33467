/* The CISA Known Exploited Vulnerabilities catalogue, JSON and CSV. */
#include <stdio.h>
#include <string.h>

#include "vl_collect_internal.h"
#include "vulnloop/csv.h"

static bool valid_cve(const char *s) {
  if (strncmp(s, "CVE-", 4) != 0) return false;
  const char *p = s + 4;
  int n = 0;
  while (*p >= '0' && *p <= '9') p++, n++;
  if (n != 4 || *p++ != '-') return false;
  n = 0;
  while (*p >= '0' && *p <= '9') p++, n++;
  return n >= 4 && *p == '\0';
}

static int kev_store(struct vl_import *im, struct vl_kev *k, long line,
                     const char *path, struct vl_diag *d) {
  int changed;
  int rc = vl_store_kev_upsert(im->store, k, &changed, d);
  if (rc) {
    vl_diag_where(d, im->file, d->line > 0 ? -1 : line, path);
    return rc;
  }
  if (changed)
    im->st->changed++;
  else
    im->st->unchanged++;
  return 0;
}

int vl_kev_json_record(struct vl_import *im, const struct vl_jv *rec,
                       const char *path, long line, struct vl_diag *d) {
  struct vl_kev k = {0};
  const char *ransom = NULL;
  int rc;
  if ((rc = vl_need_str(rec, "cveID", path, &k.cve, d)) ||
      (rc = vl_opt_str(rec, "vendorProject", path, &k.vendor, d)) ||
      (rc = vl_opt_str(rec, "product", path, &k.product, d)) ||
      (rc = vl_opt_str(rec, "vulnerabilityName", path, &k.name, d)) ||
      (rc = vl_opt_str(rec, "shortDescription", path, &k.description, d)) ||
      (rc = vl_opt_str(rec, "requiredAction", path, &k.action, d)) ||
      (rc = vl_opt_str(rec, "notes", path, &k.notes, d)) ||
      (rc = vl_need_time(rec, "dateAdded", path, &k.date_added, d)) ||
      (rc = vl_opt_time(rec, "dueDate", path, &k.due_date, d)) ||
      (rc = vl_opt_str(rec, "knownRansomwareCampaignUse", path, &ransom, d)))
    goto fail;
  if (!valid_cve(k.cve)) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.cveID", path);
    vl_diag_where(d, NULL, vl_jv_get(rec, "cveID")->line, p);
    rc = vl_diag_set(d, VL_EINVAL, "not a CVE id: \"%.40s\"", k.cve);
    goto fail;
  }
  const struct vl_jv *cwes = vl_jv_get(rec, "cwes");
  if (cwes && cwes->type == VL_JARR) {
    struct vl_buf b;
    vl_buf_init(&b, 4096);
    for (const struct vl_jv *c = cwes->child; c; c = c->next)
      if (c->type == VL_JSTR) {
        if (b.len) vl_buf_puts(&b, ",");
        vl_buf_puts(&b, c->s);
      }
    k.cwes = b.len ? vl_arena_strdup(im->arena, b.data) : NULL;
    vl_buf_free(&b);
  }
  k.ransomware = ransom && !strcmp(ransom, "Known");
  return kev_store(im, &k, line, path, d);
fail:
  vl_diag_where(d, im->file, d->line > 0 ? -1 : line, NULL);
  return rc;
}

/* CSV columns by name, from the header row. */
enum { C_CVE, C_VENDOR, C_PRODUCT, C_NAME, C_ADDED, C_DESC, C_ACTION, C_DUE,
       C_RANSOM, C_NOTES, C_CWES, C_N };

struct csv_ctx {
  struct vl_import *im;
  int col[C_N];
  bool header;
};

static int kev_csv_row(void *ud, const struct vl_csv_row *row,
                       struct vl_diag *d) {
  static const char *names[C_N] = {
      "cveID",   "vendorProject", "product",  "vulnerabilityName",
      "dateAdded", "shortDescription", "requiredAction", "dueDate",
      "knownRansomwareCampaignUse", "notes", "cwes"};
  struct csv_ctx *c = ud;
  struct vl_import *im = c->im;
  if (!c->header) {
    for (int i = 0; i < C_N; i++) {
      c->col[i] = -1;
      for (size_t j = 0; j < row->n; j++)
        if (!strcmp(row->fields[j], names[i])) c->col[i] = (int)j;
    }
    for (int i = 0; i <= C_ADDED; i++)
      if (c->col[i] < 0) {
        vl_diag_where(d, im->file, row->line, NULL);
        return vl_diag_set(d, VL_EINVAL, "KEV CSV header lacks column %s",
                           names[i]);
      }
    c->header = true;
    return 0;
  }
  const char *f[C_N];
  for (int i = 0; i < C_N; i++) {
    f[i] = NULL;
    if (c->col[i] >= 0 && (size_t)c->col[i] < row->n) f[i] = row->fields[c->col[i]];
    if (f[i] && !*f[i]) f[i] = NULL;
  }
  char path[64];
  snprintf(path, sizeof(path), "row %ld", row->line);
  vl_arena_reset(im->arena);
  struct vl_kev k = {0};
  k.cve = f[C_CVE];
  if (!k.cve || !valid_cve(k.cve)) {
    vl_diag_where(d, im->file, row->line, NULL);
    return vl_diag_set(d, VL_EINVAL, "column cveID: not a CVE id: \"%.40s\"",
                       k.cve ? k.cve : "");
  }
  if (!f[C_ADDED] || vl_time_parse(f[C_ADDED], &k.date_added)) {
    vl_diag_where(d, im->file, row->line, NULL);
    return vl_diag_set(d, VL_EINVAL, "column dateAdded: not a date");
  }
  if (f[C_DUE] && vl_time_parse(f[C_DUE], &k.due_date)) {
    vl_diag_where(d, im->file, row->line, NULL);
    return vl_diag_set(d, VL_EINVAL, "column dueDate: not a date");
  }
  k.vendor = f[C_VENDOR];
  k.product = f[C_PRODUCT];
  k.name = f[C_NAME];
  k.description = f[C_DESC];
  k.action = f[C_ACTION];
  k.notes = f[C_NOTES];
  k.ransomware = f[C_RANSOM] && !strcmp(f[C_RANSOM], "Known");
  /* The CSV lists CWEs as "CWE-59, CWE-436"; store as the JSON does. */
  if (f[C_CWES]) {
    struct vl_buf b;
    vl_buf_init(&b, 4096);
    for (const char *p = f[C_CWES]; *p; p++)
      if (*p != ' ') vl_buf_putc(&b, *p);
    k.cwes = vl_arena_strdup(im->arena, b.data ? b.data : "");
    vl_buf_free(&b);
  }
  im->st->records++;
  return kev_store(im, &k, row->line, NULL, d);
}

int vl_kev_csv_import(struct vl_import *im, struct vl_diag *d) {
  struct csv_ctx c = {im, {0}, false};
  return vl_csv_read_file(im->file, NULL, kev_csv_row, &c, d);
}
