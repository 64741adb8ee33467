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

int vl_store_epss_empty(struct vl_store *s, bool *empty, struct vl_diag *d) {
  sqlite3_stmt *st = vl_db_prep(s, "SELECT 1 FROM epss LIMIT 1", d);
  if (!st) return VL_EDB;
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return vl_db_err(s, d, "epss");
  *empty = rc == SQLITE_DONE;
  return 0;
}

/* Inserts one batch of rows none of which should be stored yet; *done
 * receives how many went in.  Returns 1 when the next row is stored after
 * all (a file listing a CVE twice).
 *
 * OR FAIL: a multi-row statement that may abort half-way makes SQLite keep
 * a statement journal, a copy of every page the statement touches.  With
 * OR FAIL the rows before a failing one stay (and are counted by
 * sqlite3_changes), so no undo is needed; a failed import's transaction is
 * rolled back as a whole.  (The upsert's DO UPDATE needs the journal
 * whatever its conflict clause.) */
static int epss_insert_fresh(struct vl_store *s, const struct vl_epss *e,
                             size_t *done, struct vl_diag *d) {
  static const char *ins =
      "INSERT OR FAIL INTO epss(cve, score, percentile, score_date, model)"
      " VALUES " ROW16 "," ROW16;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  for (int k = 0; k < EPSS_BATCH; k++)
    if (bind_epss(st, 5 * k, &e[k])) return vl_db_err(s, d, "epss bind");
  int rc = sqlite3_step(st);
  int ext = sqlite3_extended_errcode(s->db);
  sqlite3_reset(st);
  *done = (size_t)sqlite3_changes(s->db);
  if (rc == SQLITE_DONE) return 0;
  /* the key of a WITHOUT ROWID table is reported as a unique index */
  if (ext == SQLITE_CONSTRAINT_PRIMARYKEY || ext == SQLITE_CONSTRAINT_UNIQUE)
    return 1;
  return vl_db_err(s, d, "step");
}

int vl_store_epss_upsert_many(struct vl_store *s, const struct vl_epss *e,
                              size_t n, bool fresh, size_t *changed,
                              struct vl_diag *d) {
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
    if (fresh) {
      size_t done = 0;
      if ((rc = epss_insert_fresh(s, &e[i], &done, d)) < 0) return rc;
      *changed += done;
      if (rc == 0) continue;
      /* The rest of this batch one row at a time, by the upsert. */
      for (size_t k = done; k < EPSS_BATCH; k++) {
        int one;
        if ((rc = vl_store_epss_upsert(s, &e[i + k], &one, d))) return rc;
        *changed += (size_t)one;
      }
      continue;
    }
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
