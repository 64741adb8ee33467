/* The matcher's store functions: statements by the keys installed software
 * carries, findings with the evidence of why, suppressions and the
 * incremental cursor.  Per tenant where the data is the tenant's. */
#include <string.h>

#include "vl_db.h"

int vl_store_pkg_by_name(struct vl_store *s, const char *ecosystem,
                         const char *name, vl_pkg_row_cb cb, void *ud,
                         struct vl_diag *d) {
  static const char *sel =
      "SELECT vuln_id, source, ecosystem, name, purl, range_type, range,"
      " introduced, fixed, versions, version_list FROM affected_pkg"
      " WHERE ecosystem = ? AND name = ? ORDER BY vuln_id, source, id";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, ecosystem);
  vl_db_text(st, 2, name);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_pkg_row r = {0};
    r.vuln = vl_db_col(st, 0);
    r.source = vl_db_col(st, 1);
    r.p.ecosystem = vl_db_col(st, 2);
    r.p.name = vl_db_col(st, 3);
    r.p.purl = vl_db_col(st, 4);
    r.p.range_type = vl_db_col(st, 5);
    r.p.range = vl_db_col(st, 6);
    r.p.introduced = vl_db_col(st, 7);
    r.p.fixed = vl_db_col(st, 8);
    r.p.versions = sqlite3_column_int(st, 9);
    r.p.version_list = vl_db_col(st, 10);
    if ((rc = cb(ud, &r))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "package statements");
  sqlite3_reset(st);
  return rc;
}

int vl_store_match_finding(const struct vl_ctx *ctx,
                           const struct vl_finding *f,
                           const struct vl_match_why *w, int64_t *id,
                           int *created, struct vl_diag *d) {
  static const char *upd =
      "UPDATE findings SET match_source = ?3, match_statement = ?4,"
      " match_fix = ?5 WHERE id = ?1 AND tenant = ?2";
  int rc = vl_store_finding_upsert(ctx, f, id, created, d);
  if (rc) return rc;
  sqlite3_stmt *st = vl_db_prep(ctx->store, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, *id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  vl_db_text(st, 3, w->source);
  vl_db_text(st, 4, w->statement);
  vl_db_text(st, 5, w->fix);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_match_suppress(const struct vl_ctx *ctx,
                            const struct vl_finding *f,
                            const struct vl_match_why *w, int64_t *closed,
                            struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO match_suppressed(tenant, asset, vuln_id, software, source,"
      " statement, criterion, bound, installed_version, confidence,"
      " first_seen, last_seen) VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?11)"
      " ON CONFLICT(asset, vuln_id, software) DO UPDATE SET source = ?5,"
      " statement = ?6, criterion = ?7, bound = ?8, installed_version = ?9,"
      " confidence = ?10, last_seen = ?11";
  static const char *sel =
      "SELECT id FROM findings WHERE tenant = ?1 AND asset = ?2"
      " AND vuln_id = ?3 AND software = ?4 AND status IN ('open', 'mitigated')";
  /* The finding keeps why it matched (what was installed, which statement
   * held); why it closed is the suppression row and the audit event. */
  static const char *close =
      "UPDATE findings SET status = 'fixed', fixed_at = ?2 WHERE id = ?1";
  struct vl_store *s = ctx->store;
  *closed = 0;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, f->asset_id);
  vl_db_text(st, 3, f->vuln);
  sqlite3_bind_int64(st, 4, f->software_id);
  vl_db_text(st, 5, w->source);
  vl_db_text(st, 6, w->statement);
  vl_db_text(st, 7, f->criterion);
  vl_db_text(st, 8, f->bound);
  vl_db_text(st, 9, f->version);
  sqlite3_bind_double(st, 10, f->confidence);
  sqlite3_bind_int64(st, 11, ctx->now);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  if (!(st = vl_db_prep(s, sel, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, f->asset_id);
  vl_db_text(st, 3, f->vuln);
  sqlite3_bind_int64(st, 4, f->software_id);
  int step = sqlite3_step(st);
  int64_t id = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(s, d, "finding lookup");
  if (!id) return 0;
  if (!(st = vl_db_prep(s, close, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, ctx->now);
  if ((rc = vl_db_done(s, st, d))) return rc;
  *closed = id;
  return 0;
}

int vl_store_match_suppress_clear(const struct vl_ctx *ctx, int64_t asset_id,
                                  struct vl_diag *d) {
  static const char *del =
      "DELETE FROM match_suppressed WHERE tenant = ?1 AND asset = ?2";
  sqlite3_stmt *st = vl_db_prep(ctx->store, del, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, asset_id);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_match_suppressions(const struct vl_ctx *ctx, int64_t asset_id,
                                const char *vuln, vl_match_suppression_cb cb,
                                void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT a.name, m.vuln_id, m.software,"
      " coalesce(s.cpe, s.purl, s.name, s.product), m.installed_version,"
      " m.criterion, m.bound, m.source, m.statement, m.confidence,"
      " m.first_seen, m.last_seen"
      " FROM match_suppressed m JOIN assets a ON a.id = m.asset"
      " JOIN software s ON s.id = m.software"
      " WHERE m.tenant = ?1 AND (?2 = 0 OR m.asset = ?2)"
      " AND (?3 IS NULL OR m.vuln_id = ?3) AND s.removed IS NULL"
      " ORDER BY m.vuln_id, a.name, m.software";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, asset_id);
  vl_db_text(st, 3, vuln);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_match_suppression m = {0};
    m.asset = vl_db_col(st, 0);
    m.vuln = vl_db_col(st, 1);
    m.software_id = sqlite3_column_int64(st, 2);
    m.software = vl_db_col(st, 3);
    m.installed_version = vl_db_col(st, 4);
    m.criterion = vl_db_col(st, 5);
    m.bound = vl_db_col(st, 6);
    m.why.source = vl_db_col(st, 7);
    m.why.statement = vl_db_col(st, 8);
    m.confidence = sqlite3_column_double(st, 9);
    m.first_seen = sqlite3_column_int64(st, 10);
    m.last_seen = sqlite3_column_int64(st, 11);
    if ((rc = cb(ud, &m))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "suppressions");
  sqlite3_reset(st);
  return rc;
}

struct mf {
  const struct vl_match_filter *flt;
  vl_match_finding_cb cb;
  void *ud;
};

/* vl_store_findings reads the finding's why with the row; this only
 * filters. */
static int mf_row(void *ud, const struct vl_finding *f) {
  struct mf *m = ud;
  const struct vl_match_filter *flt = m->flt;
  if (flt->min_confidence > 0 && f->confidence + 1e-9 < flt->min_confidence)
    return 0;
  if (flt->since && f->first_seen < flt->since) return 0;
  if (flt->kev && !f->in_kev) return 0;
  struct vl_match_why w = {f->source, f->statement, f->fix_version};
  if (flt->source) {
    bool keep;
    if (!strcmp(flt->source, "scanner"))
      keep = !w.source && !f->criterion;
    else if (!strcmp(flt->source, "nvd"))
      keep = w.source ? !strcmp(w.source, "nvd") : f->criterion != NULL;
    else
      keep = w.source && !strcmp(w.source, flt->source);
    if (!keep) return 0;
  }
  return m->cb(m->ud, f, &w);
}

int vl_store_match_findings(const struct vl_ctx *ctx,
                            const struct vl_match_filter *flt,
                            vl_match_finding_cb cb, void *ud,
                            struct vl_diag *d) {
  struct mf m = {flt, cb, ud};
  return vl_store_findings(ctx, &flt->f, mf_row, &m, d);
}

int vl_store_match_state(const struct vl_ctx *ctx, struct vl_match_state *out,
                         struct vl_diag *d) {
  static const char *sel = "SELECT change_seq, matched, scan_seq"
                           " FROM match_state WHERE tenant = ?";
  sqlite3_stmt *st = vl_db_prep(ctx->store, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  int step = sqlite3_step(st);
  memset(out, 0, sizeof(*out));
  if (step == SQLITE_ROW) {
    out->change_seq = sqlite3_column_int64(st, 0);
    out->matched = sqlite3_column_int64(st, 1);
    out->scan_seq = sqlite3_column_int64(st, 2);
  }
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(ctx->store, d, "match state");
  return 0;
}

int vl_store_match_state_set(const struct vl_ctx *ctx, int64_t seq,
                             vl_time matched, struct vl_diag *d) {
  static const char *ins =
      "INSERT OR REPLACE INTO match_state(tenant, change_seq, matched,"
      " scan_seq) VALUES(?1, ?2, ?3,"
      " (SELECT coalesce(max(id), 0) FROM scans WHERE tenant = ?1))";
  sqlite3_stmt *st = vl_db_prep(ctx->store, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, seq);
  sqlite3_bind_int64(st, 3, matched);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_match_dirty(const struct vl_ctx *ctx,
                         const struct vl_match_state *since, vl_id_cb cb,
                         void *ud, struct vl_diag *d) {
  /* Each arm is an index lookup: scans and their coverage by id, the
   * change log by seq (its primary key), then software by product,
   * package name or source package. */
  static const char *sel =
      "WITH ch(vuln_id) AS (SELECT DISTINCT vuln_id FROM vuln_changes"
      "   WHERE seq > ?2),"
      " hit(asset) AS ("
      "  SELECT c.asset FROM scans sc JOIN scan_coverage c ON c.scan = sc.id"
      "   WHERE sc.id > ?4 AND sc.tenant = ?1"
      "  UNION SELECT s.asset FROM ch JOIN affected a ON a.vuln_id = ch.vuln_id"
      "   JOIN software s ON s.product = a.product AND s.removed IS NULL"
      "  UNION SELECT s.asset FROM ch JOIN affected a ON a.vuln_id = ch.vuln_id"
      "   JOIN software s ON (s.name = a.product OR s.source_name = a.product)"
      "   AND s.removed IS NULL"
      "  UNION SELECT s.asset FROM ch JOIN affected_pkg p"
      "   ON p.vuln_id = ch.vuln_id JOIN software s ON s.name = p.name"
      "   AND s.removed IS NULL"
      "  UNION SELECT s.asset FROM distro_fixes f JOIN software s"
      "   ON s.source_name = f.source_pkg AND s.removed IS NULL"
      "   WHERE f.imported > ?3 OR f.vuln_id IN (SELECT vuln_id FROM ch))"
      " SELECT DISTINCT a.id FROM hit JOIN assets a ON a.id = hit.asset"
      " WHERE a.tenant = ?1 ORDER BY a.id";
  sqlite3_stmt *st = vl_db_prep(ctx->store, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, since->change_seq);
  sqlite3_bind_int64(st, 3, since->matched);
  sqlite3_bind_int64(st, 4, since->scan_seq);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW)
    if ((rc = cb(ud, sqlite3_column_int64(st, 0)))) break;
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(ctx->store, d, "match dirty");
  sqlite3_reset(st);
  return rc;
}
