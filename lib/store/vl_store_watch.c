/* Watchlists in the store: the change log of vulnerability records, the
 * vendor/product names sources give in text, and the tenant's watches.
 * The change log and the names are shared intelligence; watches are the
 * tenant's, and every query on them filters by ctx->tenant_id. */
#include <string.h>

#include "vl_db.h"

int vl_store_vuln_changed(struct vl_store *s, const struct vl_vuln *v,
                          struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO vuln_changes(vuln_id, source, modified, imported)"
      " VALUES(?,?,?,?)";
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, v->id);
  vl_db_text(st, 2, v->source);
  sqlite3_bind_int64(st, 3, v->modified);
  sqlite3_bind_int64(st, 4, vl_time_now());
  return vl_db_done(s, st, d);
}

int vl_store_vuln_names_set(struct vl_store *s, const char *vuln_id,
                            const char *source, const struct vl_vuln_name *n,
                            size_t count, struct vl_diag *d) {
  static const char *del =
      "DELETE FROM vuln_names WHERE vuln_id = ? AND source = ?";
  static const char *ins =
      "INSERT INTO vuln_names(vuln_id, source, vendor, product)"
      " VALUES(?,?,?,?)";
  sqlite3_stmt *st = vl_db_prep(s, del, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln_id);
  vl_db_text(st, 2, source);
  int rc = vl_db_done(s, st, d);
  for (size_t i = 0; !rc && i < count; i++) {
    if (!n[i].vendor && !n[i].product) continue;
    if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
    vl_db_text(st, 1, vuln_id);
    vl_db_text(st, 2, source);
    vl_db_text(st, 3, n[i].vendor);
    vl_db_text(st, 4, n[i].product);
    rc = vl_db_done(s, st, d);
  }
  return rc;
}

/* The id itself and the ids linked to it in either direction. */
#define LINKED_IDS                                                   \
  "(SELECT ?1 UNION SELECT vuln_id FROM vuln_aliases WHERE alias = ?1" \
  " UNION SELECT alias FROM vuln_aliases WHERE vuln_id = ?1)"

int vl_store_vuln_products(struct vl_store *s, const char *vuln_id,
                           vl_vuln_product_cb cb, void *ud,
                           struct vl_diag *d) {
  static const char *sel =
      "SELECT 'cpe', a.vuln_id, v.source, a.vendor, a.product FROM affected a"
      " JOIN vulns v ON v.id = a.vuln WHERE a.vuln_id IN " LINKED_IDS
      " GROUP BY a.vuln_id, v.source, a.vendor, a.product"
      " UNION ALL SELECT 'text', vuln_id, source, vendor, product"
      " FROM vuln_names WHERE vuln_id IN " LINKED_IDS
      " UNION ALL SELECT 'kev', cve, 'kev', vendor, product FROM kev"
      " WHERE cve IN " LINKED_IDS " ORDER BY 1, 2, 3, 4, 5";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_vuln_product p = {vl_db_col(st, 0), vl_db_col(st, 1),
                                vl_db_col(st, 2), vl_db_col(st, 3),
                                vl_db_col(st, 4)};
    if ((rc = cb(ud, &p))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "vuln products");
  sqlite3_reset(st);
  return rc;
}

int vl_store_vuln_texts(struct vl_store *s, const char *vuln_id,
                        vl_vuln_text_cb cb, void *ud, struct vl_diag *d) {
  /* The id's own records first (NVD, then CVE 5), then linked ones. */
  static const char *sel =
      "SELECT * FROM (SELECT vuln_id, source, title, desc_en, desc_ja"
      " FROM vulns WHERE vuln_id IN " LINKED_IDS
      " UNION ALL SELECT cve, 'kev', name, description, NULL FROM kev"
      " WHERE cve IN " LINKED_IDS ")"
      " ORDER BY vuln_id <> ?1, source = 'kev', source <> 'nvd',"
      " source <> 'cve5', vuln_id, source";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_vuln_text t = {vl_db_col(st, 0), vl_db_col(st, 1),
                             vl_db_col(st, 2), vl_db_col(st, 3),
                             vl_db_col(st, 4)};
    if ((rc = cb(ud, &t))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "vuln texts");
  sqlite3_reset(st);
  return rc;
}

int vl_store_change_last(struct vl_store *s, int64_t *seq,
                         struct vl_diag *d) {
  static const char *sel = "SELECT coalesce(max(seq), 0) FROM vuln_changes";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  int step = sqlite3_step(st);
  *seq = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  return step == SQLITE_ROW ? 0 : vl_db_err(s, d, "change log");
}

int vl_store_watch_add(const struct vl_ctx *ctx, const struct vl_watch *w,
                       int64_t *id, struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO watches(tenant, name, vendor, product, keyword, created,"
      " cursor) VALUES(?,?,?,?,?,?,"
      " (SELECT coalesce(max(seq), 0) FROM vuln_changes))";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, w->name);
  vl_db_text(st, 3, w->vendor);
  vl_db_text(st, 4, w->product);
  vl_db_text(st, 5, w->keyword);
  sqlite3_bind_int64(st, 6, ctx->now);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  *id = sqlite3_last_insert_rowid(s->db);
  return 0;
}

int vl_store_watch_rm(const struct vl_ctx *ctx, int64_t id,
                      struct vl_diag *d) {
  static const char *del = "DELETE FROM watches WHERE id = ? AND tenant = ?";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, del, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  if (sqlite3_changes(s->db) == 0)
    return vl_diag_set(d, VL_ENOTFOUND, "no watch %lld", (long long)id);
  return 0;
}

int vl_store_watches(const struct vl_ctx *ctx, int64_t id, vl_watch_cb cb,
                     void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT id, name, vendor, product, keyword, created, cursor"
      " FROM watches WHERE tenant = ?1 AND (?2 = 0 OR id = ?2) ORDER BY id";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, id);
  int rc = 0, step, n = 0;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_watch w = {sqlite3_column_int64(st, 0), vl_db_col(st, 1),
                         vl_db_col(st, 2), vl_db_col(st, 3),
                         vl_db_col(st, 4), sqlite3_column_int64(st, 5),
                         sqlite3_column_int64(st, 6)};
    n++;
    if ((rc = cb(ud, &w))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "watches");
  sqlite3_reset(st);
  if (!rc && id && !n)
    return vl_diag_set(d, VL_ENOTFOUND, "no watch %lld", (long long)id);
  return rc;
}

int vl_store_watch_set_cursor(const struct vl_ctx *ctx, int64_t id,
                              int64_t seq, struct vl_diag *d) {
  static const char *upd =
      "UPDATE watches SET cursor = ?3 WHERE id = ?1 AND tenant = ?2";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  sqlite3_bind_int64(st, 3, seq);
  return vl_db_done(s, st, d);
}

int vl_store_changes(struct vl_store *s, int64_t after, int64_t upto,
                     vl_time since, vl_change_cb cb, void *ud,
                     struct vl_diag *d) {
  static const char *sel =
      "SELECT vuln_id, group_concat(DISTINCT source), max(modified),"
      " max(imported), max(seq) FROM vuln_changes"
      " WHERE seq > ?1 AND seq <= ?2 AND imported >= ?3"
      " GROUP BY vuln_id ORDER BY max(seq)";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, after);
  sqlite3_bind_int64(st, 2, upto);
  sqlite3_bind_int64(st, 3, since);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_change c = {vl_db_col(st, 0), vl_db_col(st, 1),
                          sqlite3_column_int64(st, 2),
                          sqlite3_column_int64(st, 3),
                          sqlite3_column_int64(st, 4)};
    if ((rc = cb(ud, &c))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "change log");
  sqlite3_reset(st);
  return rc;
}
