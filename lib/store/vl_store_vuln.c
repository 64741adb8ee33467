/* Intelligence in the store: vulnerabilities, CVSS, affected statements,
 * KEV and SSVC.  Shared by all tenants. */
#include <string.h>

#include "vl_db.h"

/* A record's references as JSON: 2,000 URLs (the importers' cap) of up
 * to 4 KiB each fit. */
#define REFS_JSON_MAX (9u << 20)

/* A record's criteria go AFF_BATCH rows per statement, a short tail (and
 * CVSS rows) one row per statement: measured on bench_nvd, 2- and 4-row
 * statements for the 1 to 3 criteria and 2 to 4 CVSS rows of most NVD
 * records made the import ~15% slower than single rows.  Rows keep their
 * order.  (References are one JSON array in vulns.refs: see refs_json.) */
#define AFF_BATCH 8
#define AFF_COLS 18
#define AFF1 "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define AFF4 AFF1 "," AFF1 "," AFF1 "," AFF1
#define AFF_INSERT                                                        \
  "INSERT INTO affected(vuln, vuln_id, config, config_op, config_negate," \
  " node, node_op, node_negate, vulnerable, criterion, part, vendor,"     \
  " product, match_id, start_incl, start_excl, end_incl, end_excl) VALUES"

static void bind_aff(sqlite3_stmt *st, int b, int64_t pk, const char *id,
                     const struct vl_affected *a) {
  sqlite3_bind_int64(st, b + 1, pk);
  vl_db_text_static(st, b + 2, id);
  sqlite3_bind_int(st, b + 3, a->config);
  vl_db_text_static(st, b + 4, a->config_op);
  sqlite3_bind_int(st, b + 5, a->config_negate);
  sqlite3_bind_int(st, b + 6, a->node);
  vl_db_text_static(st, b + 7, a->node_op);
  sqlite3_bind_int(st, b + 8, a->node_negate);
  sqlite3_bind_int(st, b + 9, a->vulnerable);
  vl_db_text_static(st, b + 10, a->criterion);
  vl_db_text_static(st, b + 11, a->part);
  vl_db_text_static(st, b + 12, a->vendor);
  vl_db_text_static(st, b + 13, a->product);
  vl_db_text_static(st, b + 14, a->match_id);
  vl_db_text_static(st, b + 15, a->start_incl);
  vl_db_text_static(st, b + 16, a->start_excl);
  vl_db_text_static(st, b + 17, a->end_incl);
  vl_db_text_static(st, b + 18, a->end_excl);
}

/* A record's reference URLs, in order, as the JSON array stored in
 * vulns.refs (migration 15), written into b; NULL when there are none.
 * One column instead of a row each in vuln_refs: a full NVD has ~3 million
 * references, and a row with its index entry each was a quarter of the
 * import.  Runs without a character JSON must escape are copied whole
 * (URLs rarely have any).  Returns 0, or VL_ETOOBIG past b's cap. */
static int refs_json(const struct vl_vuln *v, struct vl_buf *b,
                     const char **out, struct vl_diag *d) {
  static const char hex[] = "0123456789abcdef";
  *out = NULL;
  if (!v->n_refs) return 0;
  int rc = vl_buf_putc(b, '[');
  for (size_t i = 0; !rc && i < v->n_refs; i++) {
    const unsigned char *u = (const unsigned char *)v->refs[i];
    rc = vl_buf_append(b, i ? ",\"" : "\"", i ? 2 : 1);
    while (!rc && *u) {
      const unsigned char *run = u;
      while (*u >= 0x20 && *u != '"' && *u != '\\') u++;
      if (u > run) rc = vl_buf_append(b, run, (size_t)(u - run));
      if (rc || !*u) break;
      char esc[6] = {'\\', (char)*u, 0, 0, 0, 0};
      size_t n = 2;
      if (*u < 0x20) {
        memcpy(esc + 1, "u00", 3);
        esc[4] = hex[*u >> 4];
        esc[5] = hex[*u & 15];
        n = 6;
      }
      rc = vl_buf_append(b, esc, n);
      u++;
    }
    if (!rc) rc = vl_buf_putc(b, '"');
  }
  if (!rc) rc = vl_buf_putc(b, ']');
  if (rc)
    return vl_diag_set(d, VL_ETOOBIG, "references of %s: more than %u bytes",
                       v->id, REFS_JSON_MAX);
  *out = b->data;
  return 0;
}

static int insert_children(struct vl_store *s, int64_t pk,
                           const struct vl_vuln *v, struct vl_diag *d) {
  static const char *ins_cvss =
      "INSERT INTO vuln_cvss(vuln, version, source, type, vector, "
      "base_score, severity) VALUES(?,?,?,?,?,?,?)";
  static const char *ins_aff = AFF_INSERT AFF1;
  static const char *ins_affs = AFF_INSERT AFF4 "," AFF4;
  int rc;
  for (size_t i = 0; i < v->n_cvss; i++) {
    const struct vl_cvss_rec *c = &v->cvss[i];
    sqlite3_stmt *st = vl_db_prep(s, ins_cvss, d);
    if (!st) return VL_EDB;
    sqlite3_bind_int64(st, 1, pk);
    vl_db_text_static(st, 2, c->version);
    vl_db_text_static(st, 3, c->source);
    vl_db_text_static(st, 4, c->type);
    vl_db_text_static(st, 5, c->vector);
    sqlite3_bind_double(st, 6, c->base_score);
    vl_db_text_static(st, 7, c->severity);
    if ((rc = vl_db_done(s, st, d))) return rc;
  }
  size_t i;
  for (i = 0; v->n_affected - i >= AFF_BATCH; i += AFF_BATCH) {
    sqlite3_stmt *st = vl_db_prep(s, ins_affs, d);
    if (!st) return VL_EDB;
    for (int k = 0; k < AFF_BATCH; k++)
      bind_aff(st, AFF_COLS * k, pk, v->id, &v->affected[i + (size_t)k]);
    if ((rc = vl_db_done(s, st, d))) return rc;
  }
  for (; i < v->n_affected; i++) {
    sqlite3_stmt *st = vl_db_prep(s, ins_aff, d);
    if (!st) return VL_EDB;
    bind_aff(st, 0, pk, v->id, &v->affected[i]);
    if ((rc = vl_db_done(s, st, d))) return rc;
  }
  return 0;
}

static const char sel_vuln[] =
    "SELECT id, modified FROM vulns WHERE vuln_id = ? AND source = ?";

int vl_store_vuln_modified(struct vl_store *s, const char *id,
                           const char *source, vl_time *modified,
                           struct vl_diag *d) {
  *modified = 0;
  sqlite3_stmt *st = vl_db_prep(s, sel_vuln, d);
  if (!st) return VL_EDB;
  sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
  sqlite3_bind_text(st, 2, source, -1, SQLITE_STATIC);
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) *modified = sqlite3_column_int64(st, 1);
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(s, d, "vuln lookup");
  return 0;
}

int vl_store_vuln_modified_each(struct vl_store *s, const char *source,
                                vl_vuln_modified_cb cb, void *ud,
                                struct vl_diag *d) {
  /* From the covering index vulns_source_modified (migration 16): a scan
   * of vulns passed over every record's text, ~0.2 s for 300,000 NVD
   * records. */
  static const char sel[] =
      "SELECT vuln_id, modified FROM vulns INDEXED BY vulns_source_modified"
      " WHERE source = ?";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    const char *id = (const char *)sqlite3_column_text(st, 0);
    if (id && (rc = cb(ud, id, sqlite3_column_int64(st, 1)))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "vuln lookup");
  sqlite3_reset(st);
  return rc;
}

int vl_store_vuln_upsert(struct vl_store *s, const struct vl_vuln *v,
                         int *changed, struct vl_diag *d) {
  const char *sel = sel_vuln;
  static const char *ins =
      "INSERT INTO vulns(vuln_id, source, status, published, modified, title,"
      " desc_en, desc_ja, cwe, kev_added, kev_due, kev_action, raw_sha256,"
      " imported, refs) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  static const char *upd =
      "UPDATE vulns SET status=?3, published=?4, modified=?5, title=?6,"
      " desc_en=?7, desc_ja=?8, cwe=?9, kev_added=?10, kev_due=?11,"
      " kev_action=?12, raw_sha256=?13, imported=?14, refs=?15 WHERE id=?1";
  static const char *del_cvss = "DELETE FROM vuln_cvss WHERE vuln = ?";
  /* affected has no index on vuln, but one on (vuln_id, config): without
   * vuln_id, replacing one record scanned every criterion stored. */
  static const char *del_aff =
      "DELETE FROM affected WHERE vuln_id = ?2 AND vuln = ?1";
  static const char *del_pkg = "DELETE FROM affected_pkg WHERE vuln = ?";
  *changed = 0;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, v->id);
  vl_db_text(st, 2, v->source);
  int64_t pk = 0;
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) {
    pk = sqlite3_column_int64(st, 0);
    vl_time old = sqlite3_column_int64(st, 1);
    sqlite3_reset(st);
    if (old >= v->modified) return 0;
  } else {
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return vl_db_err(s, d, "vuln lookup");
  }
  int rc;
  if (pk) {
    const char *dels[] = {del_cvss, del_aff, del_pkg};
    for (size_t i = 0; i < VL_ARRAY_LEN(dels); i++) {
      if (!(st = vl_db_prep(s, dels[i], d))) return VL_EDB;
      sqlite3_bind_int64(st, 1, pk);
      if (dels[i] == del_aff) vl_db_text_static(st, 2, v->id);
      if ((rc = vl_db_done(s, st, d))) return rc;
    }
    if (!(st = vl_db_prep(s, upd, d))) return VL_EDB;
    sqlite3_bind_int64(st, 1, pk);
  } else {
    if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
    vl_db_text_static(st, 1, v->id);
    vl_db_text_static(st, 2, v->source);
  }
  vl_db_text_static(st, 3, v->status);
  sqlite3_bind_int64(st, 4, v->published);
  sqlite3_bind_int64(st, 5, v->modified);
  vl_db_text_static(st, 6, v->title);
  vl_db_text_static(st, 7, v->desc_en);
  vl_db_text_static(st, 8, v->desc_ja);
  vl_db_text_static(st, 9, v->cwe);
  if (v->kev_added) sqlite3_bind_int64(st, 10, v->kev_added);
  if (v->kev_due) sqlite3_bind_int64(st, 11, v->kev_due);
  vl_db_text_static(st, 12, v->kev_action);
  vl_db_text_static(st, 13, v->raw_sha256);
  sqlite3_bind_int64(st, 14, vl_time_now());
  struct vl_buf refs;
  const char *refs_text;
  vl_buf_init(&refs, REFS_JSON_MAX);
  if (!(rc = refs_json(v, &refs, &refs_text, d))) {
    vl_db_text_static(st, 15, refs_text);
    rc = vl_db_done(s, st, d);
  }
  vl_buf_free(&refs);
  if (rc) return rc;
  if (!pk) pk = sqlite3_last_insert_rowid(s->db);
  if ((rc = insert_children(s, pk, v, d))) return rc;
  if ((rc = vl_store_vuln_changed(s, v, d))) return rc;
  *changed = 1;
  return 0;
}

int vl_store_kev_upsert(struct vl_store *s, const struct vl_kev *k,
                        int *changed, struct vl_diag *d) {
  /* Only a real difference counts as a change, so re-importing the same
   * catalogue changes nothing. */
  static const char *ins =
      "INSERT INTO kev(cve, vendor, product, name, description, action, notes,"
      " cwes, date_added, due_date, ransomware, catalog_version, imported)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13)"
      " ON CONFLICT(cve) DO UPDATE SET vendor=?2, product=?3, name=?4,"
      " description=?5, action=?6, notes=?7, cwes=?8, date_added=?9,"
      " due_date=?10, ransomware=?11, catalog_version=?12, imported=?13"
      " WHERE vendor IS NOT ?2 OR product IS NOT ?3 OR name IS NOT ?4 OR"
      " description IS NOT ?5 OR action IS NOT ?6 OR notes IS NOT ?7 OR"
      " cwes IS NOT ?8 OR date_added IS NOT ?9 OR due_date IS NOT ?10 OR"
      " ransomware IS NOT ?11";
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, k->cve);
  vl_db_text(st, 2, k->vendor);
  vl_db_text(st, 3, k->product);
  vl_db_text(st, 4, k->name);
  vl_db_text(st, 5, k->description);
  vl_db_text(st, 6, k->action);
  vl_db_text(st, 7, k->notes);
  vl_db_text(st, 8, k->cwes);
  sqlite3_bind_int64(st, 9, k->date_added);
  if (k->due_date) sqlite3_bind_int64(st, 10, k->due_date);
  sqlite3_bind_int(st, 11, k->ransomware);
  vl_db_text(st, 12, k->catalog_version);
  sqlite3_bind_int64(st, 13, vl_time_now());
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  *changed = sqlite3_changes(s->db) > 0;
  return 0;
}

int vl_store_ssvc_upsert(struct vl_store *s, const struct vl_ssvc *v,
                         int *changed, struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO ssvc(cve, source, exploitation, automatable,"
      " technical_impact, timestamp) VALUES(?1,?2,?3,?4,?5,?6)"
      " ON CONFLICT(cve, source) DO UPDATE SET exploitation=?3,"
      " automatable=?4, technical_impact=?5, timestamp=?6"
      " WHERE timestamp < ?6";
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, v->cve);
  vl_db_text(st, 2, v->source);
  vl_db_text(st, 3, v->exploitation);
  vl_db_text(st, 4, v->automatable);
  vl_db_text(st, 5, v->technical_impact);
  sqlite3_bind_int64(st, 6, v->timestamp);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  *changed = sqlite3_changes(s->db) > 0;
  return 0;
}

int vl_store_vuln_info(struct vl_store *s, const char *id, vl_vuln_info_cb cb,
                       void *ud, struct vl_diag *d) {
  /* The NVD record is preferred; any source will do. */
  static const char *sel =
      "SELECT id, vuln_id, desc_en, desc_ja, title, status, cwe, published,"
      " modified, kev_added, kev_due, kev_action FROM vulns WHERE vuln_id = ?"
      " ORDER BY source = 'nvd' DESC, modified DESC LIMIT 1";
  /* Best CVSS: newest version, Primary (the NVD's own) first. */
  static const char *sel_cvss =
      "SELECT version, vector, source, severity, base_score FROM vuln_cvss"
      " WHERE vuln = ? ORDER BY version DESC, type = 'Primary' DESC LIMIT 1";
  static const char *sel_kev =
      "SELECT date_added, due_date, ransomware, action FROM kev WHERE cve = ?";
  static const char *sel_ssvc =
      "SELECT exploitation, automatable, technical_impact, source FROM ssvc"
      " WHERE cve = ? ORDER BY timestamp DESC LIMIT 1";
  static const char *sel_epss =
      "SELECT score, percentile, score_date FROM epss WHERE cve = ?";
  static const char *sel_expl =
      "SELECT count(*), min(ref) FROM exploits WHERE cve = ?";
  sqlite3_stmt *st = vl_db_prep(s, sel, d), *sc = NULL, *sk = NULL,
               *ss = NULL, *se = NULL, *sx = NULL;
  if (!st) return VL_EDB;
  vl_db_text(st, 1, id);
  int rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    sqlite3_reset(st);
    if (rc != SQLITE_DONE) return vl_db_err(s, d, "vuln");
    return vl_diag_set(d, VL_ENOTFOUND, "no vulnerability %s in the database",
                       id);
  }
  struct vl_vuln_info v = {0};
  int64_t pk = sqlite3_column_int64(st, 0);
  v.id = vl_db_col(st, 1);
  v.desc_en = vl_db_col(st, 2);
  v.desc_ja = vl_db_col(st, 3);
  v.title = vl_db_col(st, 4);
  v.status = vl_db_col(st, 5);
  v.cwe = vl_db_col(st, 6);
  v.published = sqlite3_column_int64(st, 7);
  v.modified = sqlite3_column_int64(st, 8);
  /* NVD's own KEV fields stand in until the catalogue is imported. */
  if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
    v.in_kev = true;
    v.kev_added = sqlite3_column_int64(st, 9);
    v.kev_due = sqlite3_column_int64(st, 10);
    v.kev_action = vl_db_col(st, 11);
  }
  rc = VL_EDB;
  if (!(sc = vl_db_prep(s, sel_cvss, d))) goto out;
  sqlite3_bind_int64(sc, 1, pk);
  if (sqlite3_step(sc) == SQLITE_ROW) {
    v.has_cvss = true;
    v.cvss_version = vl_db_col(sc, 0);
    v.cvss_vector = vl_db_col(sc, 1);
    v.cvss_source = vl_db_col(sc, 2);
    v.cvss_severity = vl_db_col(sc, 3);
    v.cvss_score = sqlite3_column_double(sc, 4);
  }
  if (!(sk = vl_db_prep(s, sel_kev, d))) goto out;
  vl_db_text(sk, 1, v.id);
  if (sqlite3_step(sk) == SQLITE_ROW) {
    v.in_kev = true;
    v.kev_added = sqlite3_column_int64(sk, 0);
    v.kev_due = sqlite3_column_int64(sk, 1);
    v.kev_ransomware = sqlite3_column_int(sk, 2);
    v.kev_action = vl_db_col(sk, 3);
  }
  if (!(ss = vl_db_prep(s, sel_ssvc, d))) goto out;
  vl_db_text(ss, 1, v.id);
  if (sqlite3_step(ss) == SQLITE_ROW) {
    v.has_ssvc = true;
    v.ssvc_exploitation = vl_db_col(ss, 0);
    v.ssvc_automatable = vl_db_col(ss, 1);
    v.ssvc_impact = vl_db_col(ss, 2);
    v.ssvc_source = vl_db_col(ss, 3);
  }
  if (!(se = vl_db_prep(s, sel_epss, d))) goto out;
  vl_db_text(se, 1, v.id);
  if (sqlite3_step(se) == SQLITE_ROW) {
    v.has_epss = true;
    v.epss = sqlite3_column_double(se, 0);
    /* The oldest EPSS layout has no percentile: unknown, not 0. */
    v.epss_percentile = sqlite3_column_type(se, 1) == SQLITE_NULL
                            ? -1
                            : sqlite3_column_double(se, 1);
    v.epss_date = sqlite3_column_int64(se, 2);
  }
  if (!(sx = vl_db_prep(s, sel_expl, d))) goto out;
  vl_db_text(sx, 1, v.id);
  if (sqlite3_step(sx) == SQLITE_ROW) {
    v.exploits = sqlite3_column_int(sx, 0);
    v.exploit_ref = vl_db_col(sx, 1);
  }
  rc = cb(ud, &v);
out:
  sqlite3_reset(st);
  if (sc) sqlite3_reset(sc);
  if (sk) sqlite3_reset(sk);
  if (ss) sqlite3_reset(ss);
  if (se) sqlite3_reset(se);
  if (sx) sqlite3_reset(sx);
  return rc;
}

static int affected_rows(struct vl_store *s, sqlite3_stmt *st,
                         vl_affected_cb cb, void *ud, struct vl_diag *d) {
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_affected_row r = {0};
    r.id = sqlite3_column_int64(st, 0);
    r.vuln = vl_db_col(st, 1);
    r.a.config = sqlite3_column_int(st, 2);
    r.a.config_op = vl_db_col(st, 3);
    r.a.config_negate = sqlite3_column_int(st, 4);
    r.a.node = sqlite3_column_int(st, 5);
    r.a.node_op = vl_db_col(st, 6);
    r.a.node_negate = sqlite3_column_int(st, 7);
    r.a.vulnerable = sqlite3_column_int(st, 8);
    r.a.criterion = vl_db_col(st, 9);
    r.a.part = vl_db_col(st, 10);
    r.a.vendor = vl_db_col(st, 11);
    r.a.product = vl_db_col(st, 12);
    r.a.match_id = vl_db_col(st, 13);
    r.a.start_incl = vl_db_col(st, 14);
    r.a.start_excl = vl_db_col(st, 15);
    r.a.end_incl = vl_db_col(st, 16);
    r.a.end_excl = vl_db_col(st, 17);
    if ((rc = cb(ud, &r))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "affected");
  sqlite3_reset(st);
  return rc;
}

#define AFFECTED_COLS                                                    \
  "id, vuln_id, config, config_op, config_negate, node, node_op,"        \
  " node_negate, vulnerable, criterion, part, vendor, product, match_id," \
  " start_incl, start_excl, end_incl, end_excl"

int vl_store_affected_by_product(struct vl_store *s, const char *vendor,
                                 const char *product, vl_affected_cb cb,
                                 void *ud, struct vl_diag *d) {
  static const char *sel = "SELECT " AFFECTED_COLS
                           " FROM affected WHERE vendor = ? AND product = ?"
                           " ORDER BY vuln_id, config, node, id";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vendor);
  vl_db_text(st, 2, product);
  return affected_rows(s, st, cb, ud, d);
}

/* The matcher's lookup when a package's vendor is not known. */
int vl_store_affected_by_name(struct vl_store *s, const char *product,
                              vl_affected_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel = "SELECT " AFFECTED_COLS
                           " FROM affected WHERE product = ?"
                           " ORDER BY vuln_id, config, node, id";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, product);
  return affected_rows(s, st, cb, ud, d);
}

int vl_store_affected_config(struct vl_store *s, const char *vuln, int config,
                             vl_affected_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel = "SELECT " AFFECTED_COLS
                           " FROM affected WHERE vuln_id = ? AND config = ?"
                           " ORDER BY node, id";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln);
  sqlite3_bind_int(st, 2, config);
  return affected_rows(s, st, cb, ud, d);
}

int vl_store_counts(const struct vl_ctx *ctx, struct vl_store_counts *out,
                    struct vl_diag *d) {
  static const char *sel =
      "SELECT (SELECT count(*) FROM vulns), (SELECT count(*) FROM affected),"
      " (SELECT count(*) FROM kev), (SELECT count(*) FROM ssvc),"
      " (SELECT count(*) FROM assets WHERE tenant = ?1),"
      " (SELECT count(*) FROM software s JOIN assets a ON a.id = s.asset"
      "   WHERE a.tenant = ?1 AND s.removed IS NULL),"
      " (SELECT count(*) FROM findings WHERE tenant = ?1),"
      " (SELECT count(*) FROM tickets WHERE tenant = ?1),"
      " (SELECT count(*) FROM audit WHERE tenant = ?1)";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return vl_db_err(s, d, "counts");
  }
  int64_t *f[] = {&out->vulns,    &out->affected, &out->kev,
                  &out->ssvc,     &out->assets,   &out->software,
                  &out->findings, &out->tickets,  &out->audit};
  for (int i = 0; i < 9; i++) *f[i] = sqlite3_column_int64(st, i);
  sqlite3_reset(st);
  return 0;
}

int vl_store_remediations_set(struct vl_store *s, const char *advisory_id,
                              const char *source, const char *vuln,
                              const struct vl_remediation *r, size_t n,
                              struct vl_diag *d) {
  static const char *ins_adv =
      "INSERT INTO advisories(advisory_id, source) VALUES(?1, ?2)"
      " ON CONFLICT(advisory_id, source) DO NOTHING";
  static const char *sel_adv =
      "SELECT id FROM advisories WHERE advisory_id = ? AND source = ?";
  static const char *del =
      "DELETE FROM remediations WHERE advisory = ? AND vuln_id = ?";
  static const char *ins =
      "INSERT INTO remediations(advisory, vuln_id, kind, text, url)"
      " VALUES(?,?,?,?,?)";
  sqlite3_stmt *st = vl_db_prep(s, ins_adv, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, advisory_id);
  vl_db_text(st, 2, source);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  if (!(st = vl_db_prep(s, sel_adv, d))) return VL_EDB;
  vl_db_text(st, 1, advisory_id);
  vl_db_text(st, 2, source);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return vl_db_err(s, d, "advisory");
  }
  int64_t adv = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (!(st = vl_db_prep(s, del, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, adv);
  vl_db_text(st, 2, vuln);
  if ((rc = vl_db_done(s, st, d))) return rc;
  for (size_t i = 0; i < n; i++) {
    if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
    sqlite3_bind_int64(st, 1, adv);
    vl_db_text(st, 2, vuln);
    vl_db_text(st, 3, r[i].kind);
    vl_db_text(st, 4, r[i].text);
    vl_db_text(st, 5, r[i].url);
    if ((rc = vl_db_done(s, st, d))) return rc;
  }
  return 0;
}

int vl_store_remediations(struct vl_store *s, const char *vuln,
                          vl_remediation_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT r.vuln_id, r.kind, r.text, r.url, a.source FROM remediations r"
      " JOIN advisories a ON a.id = r.advisory WHERE r.vuln_id = ?"
      " ORDER BY r.kind = 'vendor_fix' DESC, r.rowid";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_remediation r = {vl_db_col(st, 0), vl_db_col(st, 1),
                               vl_db_col(st, 2), vl_db_col(st, 3),
                               vl_db_col(st, 4)};
    if ((rc = cb(ud, &r))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "remediations");
  sqlite3_reset(st);
  return rc;
}
