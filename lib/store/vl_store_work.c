/* Findings, tickets, actions and scans, per tenant. */
#include <string.h>

#include "vl_db.h"

int vl_store_finding_upsert(const struct vl_ctx *ctx,
                            const struct vl_finding *f, int64_t *id,
                            int *created, struct vl_diag *d) {
  static const char *sel =
      "SELECT id, status FROM findings WHERE asset = ? AND vuln_id = ?"
      " AND software IS ?";
  static const char *ins =
      "INSERT INTO findings(tenant, asset, vuln_id, software, status,"
      " evidence, criterion, bound, installed_version, confidence,"
      " first_seen, last_seen) VALUES(?,?,?,?,'open',?,?,?,?,?,?,?)";
  /* A finding seen again refreshes its evidence; one that had been fixed
   * is a regression and opens again. */
  static const char *upd =
      "UPDATE findings SET last_seen = ?2, evidence = ?3, criterion = ?4,"
      " bound = ?5, installed_version = ?6, confidence = ?7,"
      " status = CASE WHEN status = 'fixed' THEN 'open' ELSE status END,"
      " fixed_at = CASE WHEN status = 'fixed' THEN NULL ELSE fixed_at END"
      " WHERE id = ?1";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, f->asset_id);
  vl_db_text(st, 2, f->vuln);
  if (f->software_id) sqlite3_bind_int64(st, 3, f->software_id);
  int step = sqlite3_step(st), rc;
  if (step == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    const char *status = vl_db_col(st, 1);
    *created = status && !strcmp(status, VL_FINDING_FIXED);
    sqlite3_reset(st);
    if (!(st = vl_db_prep(s, upd, d))) return VL_EDB;
    sqlite3_bind_int64(st, 1, *id);
    sqlite3_bind_int64(st, 2, ctx->now);
    vl_db_text(st, 3, f->evidence);
    vl_db_text(st, 4, f->criterion);
    vl_db_text(st, 5, f->bound);
    vl_db_text(st, 6, f->version);
    sqlite3_bind_double(st, 7, f->confidence);
    return vl_db_done(s, st, d);
  }
  sqlite3_reset(st);
  if (step != SQLITE_DONE) return vl_db_err(s, d, "finding lookup");
  if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, f->asset_id);
  vl_db_text(st, 3, f->vuln);
  if (f->software_id) sqlite3_bind_int64(st, 4, f->software_id);
  vl_db_text(st, 5, f->evidence);
  vl_db_text(st, 6, f->criterion);
  vl_db_text(st, 7, f->bound);
  vl_db_text(st, 8, f->version);
  sqlite3_bind_double(st, 9, f->confidence);
  sqlite3_bind_int64(st, 10, ctx->now);
  sqlite3_bind_int64(st, 11, ctx->now);
  if ((rc = vl_db_done(s, st, d))) return rc;
  *id = sqlite3_last_insert_rowid(s->db);
  *created = 1;
  return 0;
}

int vl_store_findings(const struct vl_ctx *ctx,
                      const struct vl_finding_filter *flt, vl_finding_cb cb,
                      void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT f.id, f.asset, a.name, f.vuln_id, f.software, s.cpe,"
      " f.installed_version, f.status, f.evidence, f.criterion, f.bound,"
      " f.confidence, f.first_seen, f.last_seen, f.fixed_at, f.priority,"
      " f.model, f.decision, f.due, f.explain, f.ticket, a.exposure,"
      " a.owner, a.criticality, coalesce(f.rank, 99), f.explain_ja,"
      " f.match_source, f.match_fix, s.name, s.source_name,"
      " f.match_statement, f.vuln_id IN (SELECT cve FROM kev)"
      " FROM findings f JOIN assets a ON a.id = f.asset"
      " LEFT JOIN software s ON s.id = f.software"
      " WHERE f.tenant = ?1 AND (?2 IS NULL OR f.vuln_id = ?2)"
      " AND (?3 = 0 OR f.asset = ?3) AND (?4 IS NULL OR f.status = ?4)"
      " AND (?5 = 0 OR f.status IN ('open', 'mitigated'))"
      " AND (?6 = 0 OR f.ticket = ?6) AND (?7 = 0 OR f.id = ?7)"
      " ORDER BY f.due IS NULL, f.due, coalesce(f.rank, 99), f.vuln_id,"
      " a.name, f.id";
  static const struct vl_finding_filter none = {0};
  if (!flt) flt = &none;
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, flt->vuln);
  sqlite3_bind_int64(st, 3, flt->asset_id);
  vl_db_text(st, 4, flt->status);
  sqlite3_bind_int(st, 5, flt->unresolved);
  sqlite3_bind_int64(st, 6, flt->ticket_id);
  sqlite3_bind_int64(st, 7, flt->id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_finding f = {0};
    f.id = sqlite3_column_int64(st, 0);
    f.asset_id = sqlite3_column_int64(st, 1);
    f.asset = vl_db_col(st, 2);
    f.vuln = vl_db_col(st, 3);
    f.software_id = sqlite3_column_int64(st, 4);
    f.cpe = vl_db_col(st, 5);
    f.version = vl_db_col(st, 6);
    f.status = vl_db_col(st, 7);
    f.evidence = vl_db_col(st, 8);
    f.criterion = vl_db_col(st, 9);
    f.bound = vl_db_col(st, 10);
    f.confidence = sqlite3_column_double(st, 11);
    f.first_seen = sqlite3_column_int64(st, 12);
    f.last_seen = sqlite3_column_int64(st, 13);
    f.fixed_at = sqlite3_column_int64(st, 14);
    f.priority = vl_db_col(st, 15);
    f.model = vl_db_col(st, 16);
    f.decision = vl_db_col(st, 17);
    f.due = sqlite3_column_int64(st, 18);
    f.explain = vl_db_col(st, 19);
    f.ticket_id = sqlite3_column_int64(st, 20);
    f.exposure = vl_db_col(st, 21);
    f.owner = vl_db_col(st, 22);
    f.criticality = vl_db_col(st, 23);
    f.rank = sqlite3_column_int(st, 24);
    f.explain_ja = vl_db_col(st, 25);
    f.source = vl_db_col(st, 26);
    f.fix_version = vl_db_col(st, 27);
    f.package = vl_db_col(st, 28);
    f.source_package = vl_db_col(st, 29);
    f.statement = vl_db_col(st, 30);
    f.in_kev = sqlite3_column_int(st, 31);
    if ((rc = cb(ud, &f))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "findings");
  sqlite3_reset(st);
  return rc;
}

int vl_store_finding_decide(const struct vl_ctx *ctx, int64_t id,
                            const char *priority, const char *model,
                            const char *decision, vl_time due,
                            const char *explain, int rank, int *changed,
                            struct vl_diag *d) {
  static const char *upd =
      "UPDATE findings SET priority = ?3, model = ?4, decision = ?5,"
      " due = ?6, explain = ?7, rank = ?8 WHERE id = ?1 AND tenant = ?2 AND"
      " (priority IS NOT ?3 OR model IS NOT ?4 OR decision IS NOT ?5 OR"
      " due IS NOT ?6 OR explain IS NOT ?7 OR rank IS NOT ?8)";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  vl_db_text(st, 3, priority);
  vl_db_text(st, 4, model);
  vl_db_text(st, 5, decision);
  if (due) sqlite3_bind_int64(st, 6, due);
  vl_db_text(st, 7, explain);
  sqlite3_bind_int(st, 8, rank);
  int rc = vl_db_done(s, st, d);
  if (!rc) *changed = sqlite3_changes(s->db) > 0;
  return rc;
}

int vl_store_finding_explain_ja(const struct vl_ctx *ctx, int64_t id,
                                const char *text, struct vl_diag *d) {
  static const char *upd =
      "UPDATE findings SET explain_ja = ?3 WHERE id = ?1 AND tenant = ?2";
  sqlite3_stmt *st = vl_db_prep(ctx->store, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  vl_db_text(st, 3, text);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_finding_outcomes(const struct vl_ctx *ctx, int64_t id,
                              const struct vl_outcome *o, int n,
                              struct vl_diag *d) {
  static const char *del_m = "DELETE FROM finding_models WHERE finding = ?1"
                             " AND finding IN (SELECT id FROM findings"
                             " WHERE tenant = ?2)";
  static const char *del_c = "DELETE FROM finding_clocks WHERE finding = ?1"
                             " AND finding IN (SELECT id FROM findings"
                             " WHERE tenant = ?2)";
  static const char *ins_m =
      "INSERT INTO finding_models(finding, model, decision, priority, due)"
      " VALUES(?,?,?,?,?)";
  static const char *ins_c =
      "INSERT OR REPLACE INTO finding_clocks(finding, name, due)"
      " VALUES(?,?,?)";
  struct vl_store *s = ctx->store;
  const char *dels[] = {del_m, del_c};
  int rc;
  for (int i = 0; i < 2; i++) {
    sqlite3_stmt *st = vl_db_prep(s, dels[i], d);
    if (!st) return VL_EDB;
    sqlite3_bind_int64(st, 1, id);
    sqlite3_bind_int64(st, 2, ctx->tenant_id);
    if ((rc = vl_db_done(s, st, d))) return rc;
  }
  for (int i = 0; i < n; i++) {
    sqlite3_stmt *st = vl_db_prep(s, o[i].clock ? ins_c : ins_m, d);
    if (!st) return VL_EDB;
    sqlite3_bind_int64(st, 1, id);
    if (o[i].clock) {
      vl_db_text(st, 2, o[i].name);
      sqlite3_bind_int64(st, 3, o[i].due);
    } else {
      vl_db_text(st, 2, o[i].name);
      vl_db_text(st, 3, o[i].decision);
      vl_db_text(st, 4, o[i].priority);
      if (o[i].due) sqlite3_bind_int64(st, 5, o[i].due);
    }
    if ((rc = vl_db_done(s, st, d))) return rc;
  }
  return 0;
}

int vl_store_outcomes(const struct vl_ctx *ctx, int64_t finding,
                      vl_outcome_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT 0, m.finding, m.model, m.decision, m.priority, m.due"
      " FROM finding_models m JOIN findings f ON f.id = m.finding"
      " WHERE f.tenant = ?1 AND (?2 = 0 OR m.finding = ?2)"
      " AND f.status IN ('open', 'mitigated')"
      " UNION ALL"
      " SELECT 1, c.finding, c.name, NULL, NULL, c.due"
      " FROM finding_clocks c JOIN findings f ON f.id = c.finding"
      " WHERE f.tenant = ?1 AND (?2 = 0 OR c.finding = ?2)"
      " AND f.status IN ('open', 'mitigated')"
      " ORDER BY 2, 1, 6";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, finding);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_outcome o = {0};
    o.clock = sqlite3_column_int(st, 0);
    o.finding = sqlite3_column_int64(st, 1);
    o.name = vl_db_col(st, 2);
    o.decision = vl_db_col(st, 3);
    o.priority = vl_db_col(st, 4);
    o.due = sqlite3_column_int64(st, 5);
    if ((rc = cb(ud, &o))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "outcomes");
  sqlite3_reset(st);
  return rc;
}

int vl_store_policy_get(const struct vl_ctx *ctx, vl_policy_cb cb, void *ud,
                        struct vl_diag *d) {
  static const char *sel =
      "SELECT name, text, actor, updated FROM policies WHERE tenant = ?";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  int step = sqlite3_step(st), rc = 0;
  if (step == SQLITE_ROW)
    rc = cb(ud, vl_db_col(st, 0), vl_db_col(st, 1), vl_db_col(st, 2),
            sqlite3_column_int64(st, 3));
  else if (step != SQLITE_DONE)
    rc = vl_db_err(s, d, "policy");
  else
    rc = VL_ENOTFOUND;
  sqlite3_reset(st);
  return rc;
}

int vl_store_policy_set(const struct vl_ctx *ctx, const char *name,
                        const char *text, struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO policies(tenant, name, text, actor, updated)"
      " VALUES(?1,?2,?3,?4,?5) ON CONFLICT(tenant) DO UPDATE SET"
      " name=?2, text=?3, actor=?4, updated=?5";
  sqlite3_stmt *st = vl_db_prep(ctx->store, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, name);
  vl_db_text(st, 3, text);
  vl_db_text(st, 4, ctx->actor);
  sqlite3_bind_int64(st, 5, ctx->now);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_tenants(struct vl_store *s, vl_tenant_cb cb, void *ud,
                     struct vl_diag *d) {
  static const char *sel = "SELECT id, name FROM tenants ORDER BY id";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW)
    if ((rc = cb(ud, sqlite3_column_int64(st, 0), vl_db_col(st, 1)))) break;
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "tenants");
  sqlite3_reset(st);
  return rc;
}

int vl_store_finding_set_status(const struct vl_ctx *ctx, int64_t id,
                                const char *status, struct vl_diag *d) {
  static const char *upd =
      "UPDATE findings SET status = ?3,"
      " fixed_at = CASE WHEN ?3 = 'fixed' THEN ?4 ELSE NULL END"
      " WHERE id = ?1 AND tenant = ?2";
  sqlite3_stmt *st = vl_db_prep(ctx->store, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  vl_db_text(st, 3, status);
  sqlite3_bind_int64(st, 4, ctx->now);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_finding_set_ticket(const struct vl_ctx *ctx, int64_t id,
                                int64_t ticket_id, struct vl_diag *d) {
  static const char *upd =
      "UPDATE findings SET ticket = ?3 WHERE id = ?1 AND tenant = ?2";
  sqlite3_stmt *st = vl_db_prep(ctx->store, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  sqlite3_bind_int64(st, 3, ticket_id);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_ticket_ensure(const struct vl_ctx *ctx, const char *vuln,
                           const char *fix, const char *title, int64_t *id,
                           int *created, struct vl_diag *d) {
  static const char *sel =
      "SELECT id FROM tickets WHERE tenant = ? AND vuln_id = ? AND fix = ?";
  static const char *ins =
      "INSERT INTO tickets(tenant, vuln_id, fix, title, state, plan, created,"
      " updated) VALUES(?,?,?,?,'open','patch',?,?)";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, vuln);
  vl_db_text(st, 3, fix);
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    *created = 0;
    sqlite3_reset(st);
    return 0;
  }
  sqlite3_reset(st);
  if (step != SQLITE_DONE) return vl_db_err(s, d, "ticket lookup");
  if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, vuln);
  vl_db_text(st, 3, fix);
  vl_db_text(st, 4, title);
  sqlite3_bind_int64(st, 5, ctx->now);
  sqlite3_bind_int64(st, 6, ctx->now);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  *id = sqlite3_last_insert_rowid(s->db);
  *created = 1;
  return 0;
}

int vl_store_tickets(const struct vl_ctx *ctx, int64_t id, const char *vuln,
                     vl_ticket_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT t.id, t.vuln_id, t.fix, t.state, t.owner, t.plan, t.due,"
      " t.title, t.external_ref, t.created, t.updated,"
      " (SELECT count(*) FROM findings f WHERE f.ticket = t.id),"
      " (SELECT count(*) FROM findings f WHERE f.ticket = t.id"
      "   AND f.status IN ('open', 'mitigated'))"
      " FROM tickets t WHERE t.tenant = ?1 AND (?2 = 0 OR t.id = ?2)"
      " AND (?3 IS NULL OR t.vuln_id = ?3)"
      " ORDER BY t.due IS NULL, t.due, t.id";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, id);
  vl_db_text(st, 3, vuln);
  int rc = 0, step, n = 0;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_ticket t = {0};
    t.id = sqlite3_column_int64(st, 0);
    t.vuln = vl_db_col(st, 1);
    t.fix = vl_db_col(st, 2);
    t.state = vl_db_col(st, 3);
    t.owner = vl_db_col(st, 4);
    t.plan = vl_db_col(st, 5);
    t.due = sqlite3_column_int64(st, 6);
    t.title = vl_db_col(st, 7);
    t.external_ref = vl_db_col(st, 8);
    t.created = sqlite3_column_int64(st, 9);
    t.updated = sqlite3_column_int64(st, 10);
    t.n_findings = sqlite3_column_int(st, 11);
    t.n_open = sqlite3_column_int(st, 12);
    n++;
    if ((rc = cb(ud, &t))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "tickets");
  sqlite3_reset(st);
  if (!rc && id && !n)
    rc = vl_diag_set(d, VL_ENOTFOUND, "no ticket %lld in tenant %s",
                     (long long)id, ctx->tenant);
  return rc;
}

int vl_store_ticket_update(const struct vl_ctx *ctx, int64_t id,
                           const char *state, const char *owner,
                           const char *plan, vl_time due, struct vl_diag *d) {
  static const char *upd =
      "UPDATE tickets SET state = coalesce(?3, state),"
      " owner = coalesce(?4, owner), plan = coalesce(?5, plan),"
      " due = CASE WHEN ?6 = 0 THEN due ELSE ?6 END, updated = ?7"
      " WHERE id = ?1 AND tenant = ?2";
  sqlite3_stmt *st = vl_db_prep(ctx->store, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  vl_db_text(st, 3, state);
  vl_db_text(st, 4, owner);
  vl_db_text(st, 5, plan);
  sqlite3_bind_int64(st, 6, due);
  sqlite3_bind_int64(st, 7, ctx->now);
  int rc = vl_db_done(ctx->store, st, d);
  if (!rc && sqlite3_changes(ctx->store->db) == 0)
    rc = vl_diag_set(d, VL_ENOTFOUND, "no ticket %lld in tenant %s",
                     (long long)id, ctx->tenant);
  return rc;
}

int vl_store_action_add(const struct vl_ctx *ctx, const struct vl_action *a,
                        int64_t *id, struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO actions(ticket, kind, note, actor, at, expires)"
      " SELECT id, ?3, ?4, ?5, ?6, ?7 FROM tickets"
      " WHERE id = ?1 AND tenant = ?2";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, a->ticket_id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  vl_db_text(st, 3, a->kind);
  vl_db_text(st, 4, a->note);
  vl_db_text(st, 5, a->actor);
  sqlite3_bind_int64(st, 6, a->at);
  if (a->expires) sqlite3_bind_int64(st, 7, a->expires);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  if (sqlite3_changes(s->db) == 0)
    return vl_diag_set(d, VL_ENOTFOUND, "no ticket %lld in tenant %s",
                       (long long)a->ticket_id, ctx->tenant);
  *id = sqlite3_last_insert_rowid(s->db);
  return 0;
}

int vl_store_actions(const struct vl_ctx *ctx, int64_t ticket_id,
                     vl_action_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT ac.id, ac.ticket, ac.kind, ac.note, ac.actor, ac.at, ac.expires"
      " FROM actions ac JOIN tickets t ON t.id = ac.ticket"
      " WHERE t.tenant = ?1 AND (?2 = 0 OR ac.ticket = ?2)"
      " ORDER BY ac.at, ac.id";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, ticket_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_action a = {0};
    a.id = sqlite3_column_int64(st, 0);
    a.ticket_id = sqlite3_column_int64(st, 1);
    a.kind = vl_db_col(st, 2);
    a.note = vl_db_col(st, 3);
    a.actor = vl_db_col(st, 4);
    a.at = sqlite3_column_int64(st, 5);
    a.expires = sqlite3_column_int64(st, 6);
    if ((rc = cb(ud, &a))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "actions");
  sqlite3_reset(st);
  return rc;
}

int vl_store_scan_begin(const struct vl_ctx *ctx, const char *kind,
                        const char *source, int64_t *id, struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO scans(tenant, kind, source, started) VALUES(?,?,?,?)";
  sqlite3_stmt *st = vl_db_prep(ctx->store, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, kind);
  vl_db_text(st, 3, source);
  sqlite3_bind_int64(st, 4, ctx->now);
  int rc = vl_db_done(ctx->store, st, d);
  if (!rc) *id = sqlite3_last_insert_rowid(ctx->store->db);
  return rc;
}

int vl_store_scan_cover(const struct vl_ctx *ctx, int64_t scan_id,
                        int64_t asset_id, struct vl_diag *d) {
  static const char *ins =
      "INSERT OR IGNORE INTO scan_coverage(scan, asset) VALUES(?,?)";
  sqlite3_stmt *st = vl_db_prep(ctx->store, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, scan_id);
  sqlite3_bind_int64(st, 2, asset_id);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_scan_finish(const struct vl_ctx *ctx, int64_t scan_id,
                         bool success, struct vl_diag *d) {
  static const char *upd =
      "UPDATE scans SET finished = ?3, success = ?4 WHERE id = ?1"
      " AND tenant = ?2";
  sqlite3_stmt *st = vl_db_prep(ctx->store, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, scan_id);
  sqlite3_bind_int64(st, 2, ctx->tenant_id);
  sqlite3_bind_int64(st, 3, ctx->now);
  sqlite3_bind_int(st, 4, success);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_scan_covers(const struct vl_ctx *ctx, int64_t scan_id,
                         int64_t asset_id, bool *out, struct vl_diag *d) {
  static const char *sel =
      "SELECT 1 FROM scan_coverage c JOIN scans s ON s.id = c.scan"
      " WHERE c.scan = ? AND c.asset = ? AND s.tenant = ?";
  sqlite3_stmt *st = vl_db_prep(ctx->store, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, scan_id);
  sqlite3_bind_int64(st, 2, asset_id);
  sqlite3_bind_int64(st, 3, ctx->tenant_id);
  int step = sqlite3_step(st);
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(ctx->store, d, "coverage");
  *out = step == SQLITE_ROW;
  return 0;
}

int vl_store_scans(const struct vl_ctx *ctx, vl_scan_cb cb, void *ud,
                   struct vl_diag *d) {
  static const char *sel =
      "SELECT s.id, s.kind, s.source, s.started, s.finished, s.success,"
      " (SELECT count(*) FROM scan_coverage c WHERE c.scan = s.id)"
      " FROM scans s WHERE s.tenant = ? ORDER BY s.id DESC";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_scan sc = {0};
    sc.id = sqlite3_column_int64(st, 0);
    sc.kind = vl_db_col(st, 1);
    sc.source = vl_db_col(st, 2);
    sc.started = sqlite3_column_int64(st, 3);
    sc.finished = sqlite3_column_int64(st, 4);
    sc.success = sqlite3_column_int(st, 5);
    sc.n_assets = sqlite3_column_int(st, 6);
    if ((rc = cb(ud, &sc))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "scans");
  sqlite3_reset(st);
  return rc;
}
