/* Exploit-likelihood intelligence in the store: FIRST EPSS scores and
 * published exploits (ExploitDB, Metasploit).  Shared by all tenants. */
#include "vl_db.h"

int vl_store_epss_upsert(struct vl_store *s, const struct vl_epss *e,
                         int *changed, struct vl_diag *d) {
  /* One row per CVE: a score of a later day replaces the stored one; a
   * score of the same day replaces it only if it differs (a corrected
   * file), so re-importing a file changes nothing; an older file never
   * overwrites a newer score. */
  static const char *ins =
      "INSERT INTO epss(cve, score, percentile, score_date, model)"
      " VALUES(?1,?2,?3,?4,?5)"
      " ON CONFLICT(cve) DO UPDATE SET score=?2, percentile=?3,"
      " score_date=?4, model=?5"
      " WHERE ?4 > score_date OR (?4 = score_date AND (score IS NOT ?2 OR"
      " percentile IS NOT ?3 OR model IS NOT ?5))";
  *changed = 0;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, e->cve);
  sqlite3_bind_double(st, 2, e->score);
  if (e->percentile >= 0) sqlite3_bind_double(st, 3, e->percentile);
  sqlite3_bind_int64(st, 4, e->score_date);
  vl_db_text(st, 5, e->model);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  *changed = sqlite3_changes(s->db) > 0;
  return 0;
}

/* A multi-row form of the same upsert: per-statement overhead dominates
 * the import of a daily file, so rows go EPSS_BATCH at a time. */
#define EPSS_BATCH 32
#define ROW1 "(?,?,?,?,?)"
#define ROW4 ROW1 "," ROW1 "," ROW1 "," ROW1
#define ROW16 ROW4 "," ROW4 "," ROW4 "," ROW4

static int bind_epss(sqlite3_stmt *st, int base, const struct vl_epss *e) {
  /* The strings outlive the step: the caller holds them until it returns. */
  if (sqlite3_bind_text(st, base + 1, e->cve, -1, SQLITE_STATIC) ||
      sqlite3_bind_double(st, base + 2, e->score) ||
      (e->percentile >= 0 &&
       sqlite3_bind_double(st, base + 3, e->percentile)) ||
      sqlite3_bind_int64(st, base + 4, e->score_date) ||
      (e->model && sqlite3_bind_text(st, base + 5, e->model, -1,
                                     SQLITE_STATIC)))
    return VL_EDB;
  return 0;
}

int vl_store_epss_upsert_many(struct vl_store *s, const struct vl_epss *e,
                              size_t n, size_t *changed, struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO epss(cve, score, percentile, score_date, model) VALUES "
      ROW16 "," ROW16
      " ON CONFLICT(cve) DO UPDATE SET score=excluded.score,"
      " percentile=excluded.percentile, score_date=excluded.score_date,"
      " model=excluded.model"
      " WHERE excluded.score_date > score_date OR"
      " (excluded.score_date = score_date AND"
      " (score IS NOT excluded.score OR percentile IS NOT excluded.percentile"
      " OR model IS NOT excluded.model))";
  size_t i = 0;
  int rc;
  *changed = 0;
  for (; n - i >= EPSS_BATCH; i += EPSS_BATCH) {
    sqlite3_stmt *st = vl_db_prep(s, ins, d);
    if (!st) return VL_EDB;
    for (int k = 0; k < EPSS_BATCH; k++)
      if (bind_epss(st, 5 * k, &e[i + (size_t)k]))
        return vl_db_err(s, d, "epss bind");
    if ((rc = vl_db_done(s, st, d))) return rc;
    *changed += (size_t)sqlite3_changes(s->db);
  }
  for (; i < n; i++) {
    int one;
    if ((rc = vl_store_epss_upsert(s, &e[i], &one, d))) return rc;
    *changed += (size_t)one;
  }
  return 0;
}

int vl_store_exploit_upsert(struct vl_store *s, const struct vl_exploit *x,
                            int *changed, struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO exploits(cve, source, ref, kind, published)"
      " VALUES(?1,?2,?3,?4,?5)"
      " ON CONFLICT(cve, source, ref) DO UPDATE SET kind=?4, published=?5"
      " WHERE kind IS NOT ?4 OR published IS NOT ?5";
  *changed = 0;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, x->cve);
  vl_db_text(st, 2, x->source);
  vl_db_text(st, 3, x->ref);
  vl_db_text(st, 4, x->kind);
  if (x->published) sqlite3_bind_int64(st, 5, x->published);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  *changed = sqlite3_changes(s->db) > 0;
  return 0;
}
