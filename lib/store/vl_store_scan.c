/* Scanner reports: per-scan reports and hosts, the checks a scan ran, its
 * results, and scanner findings with their detections (migration 10). */
#include <string.h>

#include "vl_db.h"

static void bind_time(sqlite3_stmt *st, int i, vl_time t) {
  if (t) sqlite3_bind_int64(st, i, t);
  else sqlite3_bind_null(st, i);
}

/* Text bound without a copy: every string a caller passes here lives until
 * the statement has stepped and been reset (vl_db_done), and vl_db_prep
 * clears the bindings before the next use, so the pointer is never read
 * afterwards.  Plugin output and solutions are most of a result's bytes. */
static void bind_real(sqlite3_stmt *st, int i, double v) {
  if (v >= 0) sqlite3_bind_double(st, i, v);
  else sqlite3_bind_null(st, i);
}

int vl_store_scan_report_set(const struct vl_ctx *ctx, int64_t scan_id,
                             const struct vl_scan_report *r,
                             struct vl_diag *d) {
  static const char *ins =
      "INSERT OR REPLACE INTO scan_reports(scan, scanner, name, policy,"
      " started, ended) SELECT id, ?2, ?3, ?4, ?5, ?6 FROM scans"
      " WHERE id = ?1 AND tenant = ?7";
  sqlite3_stmt *st = vl_db_prep(ctx->store, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, scan_id);
  vl_db_text(st, 2, r->scanner);
  vl_db_text(st, 3, r->name);
  vl_db_text(st, 4, r->policy);
  bind_time(st, 5, r->started);
  bind_time(st, 6, r->ended);
  sqlite3_bind_int64(st, 7, ctx->tenant_id);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_scan_host_set(const struct vl_ctx *ctx,
                           const struct vl_scan_hostrec *h,
                           struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO scan_hosts(scan, asset, host, credentialed, auth_ok,"
      " started, ended) VALUES(?1,?2,?3,?4,?5,?6,?7)"
      " ON CONFLICT(scan, asset) DO UPDATE SET host = ?3,"
      " credentialed = ?4, auth_ok = ?5, started = ?6, ended = ?7";
  sqlite3_stmt *st = vl_db_prep(ctx->store, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, h->scan_id);
  sqlite3_bind_int64(st, 2, h->asset_id);
  vl_db_text(st, 3, h->host);
  sqlite3_bind_int(st, 4, h->credentialed);
  if (h->auth_ok >= 0) sqlite3_bind_int(st, 5, h->auth_ok);
  else sqlite3_bind_null(st, 5);
  bind_time(st, 6, h->started);
  bind_time(st, 7, h->ended);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_scan_hosts(const struct vl_ctx *ctx, int64_t scan_id,
                        vl_scan_host_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT h.scan, h.asset, h.host, a.name, h.credentialed,"
      " coalesce(h.auth_ok, -1), coalesce(h.started, 0),"
      " coalesce(h.ended, 0), (SELECT count(*) FROM scan_results r"
      "   WHERE r.scan = h.scan AND r.asset = h.asset)"
      " FROM scan_hosts h JOIN assets a ON a.id = h.asset"
      " JOIN scans s ON s.id = h.scan"
      " WHERE h.scan = ? AND s.tenant = ? ORDER BY a.name";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, scan_id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_scan_hostrec h = {0};
    h.scan_id = sqlite3_column_int64(st, 0);
    h.asset_id = sqlite3_column_int64(st, 1);
    h.host = vl_db_col(st, 2);
    h.asset = vl_db_col(st, 3);
    h.credentialed = sqlite3_column_int(st, 4);
    h.auth_ok = sqlite3_column_int(st, 5);
    h.started = sqlite3_column_int64(st, 6);
    h.ended = sqlite3_column_int64(st, 7);
    h.results = sqlite3_column_int64(st, 8);
    if ((rc = cb(ud, &h))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "scan hosts");
  sqlite3_reset(st);
  return rc;
}

int vl_store_scan_check(const struct vl_ctx *ctx, int64_t scan_id,
                        const char *kind, const char *name,
                        struct vl_diag *d) {
  static const char *ins =
      "INSERT OR IGNORE INTO scan_checks(scan, kind, name) VALUES(?,?,?)";
  sqlite3_stmt *st = vl_db_prep(ctx->store, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, scan_id);
  vl_db_text(st, 2, kind);
  vl_db_text(st, 3, name);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_scan_ran(const struct vl_ctx *ctx, int64_t scan_id,
                      const char *scanner, const char *plugin,
                      const char *family, bool *out, struct vl_diag *d) {
  static const char *sel =
      "SELECT 1 FROM scan_reports r JOIN scans s ON s.id = r.scan"
      " WHERE r.scan = ?1 AND s.tenant = ?2 AND r.scanner = ?3 AND ("
      " EXISTS(SELECT 1 FROM scan_checks c WHERE c.scan = ?1"
      "  AND c.kind = 'plugin' AND c.name = ?4)"
      " OR (?5 IS NOT NULL AND EXISTS(SELECT 1 FROM scan_checks c"
      "  WHERE c.scan = ?1 AND c.kind = 'family' AND c.name = ?5)))";
  sqlite3_stmt *st = vl_db_prep(ctx->store, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, scan_id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  vl_db_text(st, 3, scanner);
  vl_db_text(st, 4, plugin);
  vl_db_text(st, 5, family);
  int step = sqlite3_step(st);
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(ctx->store, d, "scan checks");
  *out = step == SQLITE_ROW;
  return 0;
}

int vl_store_scan_result_add(const struct vl_ctx *ctx,
                             const struct vl_scan_result *r,
                             struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO scan_results(scan, asset, plugin, name, family, severity,"
      " port, proto, service, cves, output, solution, cvss_base,"
      " cvss_vector, cvss3_base, cvss3_vector, credentialed, confidence,"
      " status) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, r->scan_id);
  sqlite3_bind_int64(st, 2, r->asset_id);
  vl_db_text_static(st, 3, r->plugin);
  vl_db_text_static(st, 4, r->name);
  vl_db_text_static(st, 5, r->family);
  sqlite3_bind_int(st, 6, r->severity);
  sqlite3_bind_int(st, 7, r->port);
  vl_db_text_static(st, 8, r->proto ? r->proto : "tcp");
  vl_db_text_static(st, 9, r->service);
  vl_db_text_static(st, 10, r->cves);
  vl_db_text_static(st, 11, r->output);
  vl_db_text_static(st, 12, r->solution);
  bind_real(st, 13, r->cvss_base);
  vl_db_text_static(st, 14, r->cvss_vector);
  bind_real(st, 15, r->cvss3_base);
  vl_db_text_static(st, 16, r->cvss3_vector);
  sqlite3_bind_int(st, 17, r->credentialed);
  sqlite3_bind_double(st, 18, r->confidence);
  vl_db_text_static(st, 19, r->status);
  return vl_db_done(s, st, d);
}

int vl_store_scan_finding(const struct vl_ctx *ctx,
                          const struct vl_scan_detection *det, int64_t *id,
                          int *created, struct vl_diag *d) {
  /* findings is UNIQUE(asset, vuln_id, software), and a scanner finding has
   * no software: NULLs are distinct in a UNIQUE constraint, so the row is
   * found with IS NULL, never by the constraint. */
  static const char *sel =
      "SELECT id, status, confidence FROM findings WHERE tenant = ? AND"
      " asset = ? AND vuln_id = ? AND software IS NULL";
  static const char *ins =
      "INSERT INTO findings(tenant, asset, vuln_id, software, status,"
      " evidence, confidence, first_seen, last_seen)"
      " VALUES(?,?,?,NULL,'open',?,?,?,?)";
  /* Seen again: last_seen and evidence refresh, the confidence is the best
   * of the detections; a fixed finding detected again is a regression. */
  static const char *upd =
      "UPDATE findings SET last_seen = ?2, evidence = ?3, confidence = ?4,"
      " status = CASE WHEN status = 'fixed' THEN 'open' ELSE status END,"
      " fixed_at = CASE WHEN status = 'fixed' THEN NULL ELSE fixed_at END"
      " WHERE id = ?1";
  static const char *det_ins =
      "INSERT INTO finding_detections(finding, scanner, plugin, family, port,"
      " proto, credentialed, scan, last_seen) VALUES(?,?,?,?,?,?,?,?,?)"
      " ON CONFLICT(finding, scanner, plugin, port, proto) DO UPDATE SET"
      " family = excluded.family, credentialed = excluded.credentialed,"
      " scan = excluded.scan, last_seen = excluded.last_seen";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, det->asset_id);
  vl_db_text_static(st, 3, det->vuln);
  int step = sqlite3_step(st), rc;
  if (step == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    const char *status = vl_db_col(st, 1);
    *created = status && !strcmp(status, "fixed");
    double conf = sqlite3_column_double(st, 2);
    /* The best confidence any detection gave it stays. */
    sqlite3_reset(st);
    if (!(st = vl_db_prep(s, upd, d))) return VL_EDB;
    sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_int64(st, 2, ctx->now);
    vl_db_text_static(st, 3, det->evidence);
    sqlite3_bind_double(st, 4, det->confidence > conf ? det->confidence
                                                      : conf);
    if ((rc = vl_db_done(s, st, d))) return rc;
  } else {
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return vl_db_err(s, d, "finding lookup");
    if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
    sqlite3_bind_int64(st, 1, ctx->tenant_id);
    sqlite3_bind_int64(st, 2, det->asset_id);
    vl_db_text_static(st, 3, det->vuln);
    vl_db_text_static(st, 4, det->evidence);
    sqlite3_bind_double(st, 5, det->confidence);
    sqlite3_bind_int64(st, 6, ctx->now);
    sqlite3_bind_int64(st, 7, ctx->now);
    if ((rc = vl_db_done(s, st, d))) return rc;
    *id = sqlite3_last_insert_rowid(s->db);
    *created = 1;
  }
  if (!(st = vl_db_prep(s, det_ins, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, *id);
  vl_db_text_static(st, 2, det->scanner);
  vl_db_text_static(st, 3, det->plugin);
  vl_db_text_static(st, 4, det->family);
  sqlite3_bind_int(st, 5, det->port);
  vl_db_text_static(st, 6, det->proto ? det->proto : "tcp");
  sqlite3_bind_int(st, 7, det->credentialed);
  sqlite3_bind_int64(st, 8, det->scan_id);
  sqlite3_bind_int64(st, 9, ctx->now);
  return vl_db_done(s, st, d);
}

int vl_store_finding_detections(const struct vl_ctx *ctx, int64_t finding,
                                vl_scan_detection_cb cb, void *ud,
                                struct vl_diag *d) {
  static const char *sel =
      "SELECT x.scanner, x.plugin, x.family, x.port, x.proto,"
      " x.credentialed, x.scan, f.asset, f.vuln_id"
      " FROM finding_detections x JOIN findings f ON f.id = x.finding"
      " WHERE x.finding = ? AND f.tenant = ?"
      " ORDER BY x.scanner, x.plugin, x.port, x.proto";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, finding);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_scan_detection x = {0};
    x.scanner = vl_db_col(st, 0);
    x.plugin = vl_db_col(st, 1);
    x.family = vl_db_col(st, 2);
    x.port = sqlite3_column_int(st, 3);
    x.proto = vl_db_col(st, 4);
    x.credentialed = sqlite3_column_int(st, 5);
    x.scan_id = sqlite3_column_int64(st, 6);
    x.asset_id = sqlite3_column_int64(st, 7);
    x.vuln = vl_db_col(st, 8);
    if ((rc = cb(ud, &x))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "detections");
  sqlite3_reset(st);
  return rc;
}

int vl_store_scan_summaries(const struct vl_ctx *ctx, vl_scan_summary_cb cb,
                            void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT s.id, s.kind, s.source, s.started, s.finished, s.success,"
      " r.scanner, r.name, r.policy, coalesce(r.started, 0),"
      " coalesce(r.ended, 0),"
      " (SELECT count(*) FROM scan_hosts h WHERE h.scan = s.id),"
      " (SELECT count(*) FROM scan_hosts h WHERE h.scan = s.id"
      "   AND h.credentialed),"
      " (SELECT count(*) FROM scan_hosts h WHERE h.scan = s.id"
      "   AND h.auth_ok = 0),"
      " (SELECT count(*) FROM scan_results x WHERE x.scan = s.id)"
      " FROM scans s JOIN scan_reports r ON r.scan = s.id"
      " WHERE s.tenant = ? ORDER BY s.id DESC";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_scan_summary x = {0};
    x.scan.id = sqlite3_column_int64(st, 0);
    x.scan.kind = vl_db_col(st, 1);
    x.scan.source = vl_db_col(st, 2);
    x.scan.started = sqlite3_column_int64(st, 3);
    x.scan.finished = sqlite3_column_int64(st, 4);
    x.scan.success = sqlite3_column_int(st, 5);
    x.scanner = vl_db_col(st, 6);
    x.name = vl_db_col(st, 7);
    x.policy = vl_db_col(st, 8);
    x.started = sqlite3_column_int64(st, 9);
    x.ended = sqlite3_column_int64(st, 10);
    x.hosts = sqlite3_column_int64(st, 11);
    x.scan.n_assets = (int)x.hosts;
    x.credentialed = sqlite3_column_int64(st, 12);
    x.auth_failed = sqlite3_column_int64(st, 13);
    x.results = sqlite3_column_int64(st, 14);
    if ((rc = cb(ud, &x))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "scan summaries");
  sqlite3_reset(st);
  return rc;
}

int vl_store_scan_last(const struct vl_ctx *ctx, int64_t *id,
                       struct vl_diag *d) {
  static const char *sel =
      "SELECT coalesce(max(id), 0) FROM scans WHERE tenant = ?";
  sqlite3_stmt *st = vl_db_prep(ctx->store, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (step != SQLITE_ROW) return vl_db_err(ctx->store, d, "last scan");
  return 0;
}

int vl_store_asset_name(const struct vl_ctx *ctx, int64_t id, char *buf,
                        size_t size, struct vl_diag *d) {
  static const char *sel = "SELECT name FROM assets WHERE id = ? AND tenant = ?";
  sqlite3_stmt *st = vl_db_prep(ctx->store, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  int step = sqlite3_step(st), rc = 0;
  if (step == SQLITE_ROW) {
    const char *n = vl_db_col(st, 0);
    if (!n || strlen(n) >= size)
      rc = vl_diag_set(d, VL_ETOOBIG, "asset %lld: name too long",
                       (long long)id);
    else
      memcpy(buf, n, strlen(n) + 1);
  } else if (step == SQLITE_DONE) {
    rc = vl_diag_set(d, VL_ENOTFOUND, "no asset %lld", (long long)id);
  } else {
    rc = vl_db_err(ctx->store, d, "asset name");
  }
  sqlite3_reset(st);
  return rc;
}
