/* Distribution security trackers in the store: one row per (distro,
 * release, source package, CVE).  Shared by all tenants. */
#include "vl_db.h"

int vl_store_distro_fix_upsert(struct vl_store *s,
                               const struct vl_distro_fix *f, int *changed,
                               struct vl_diag *d) {
  /* A re-import replaces a row only when the tracker changed its word, so
   * that re-importing the same file changes nothing (and `imported` keeps
   * the time the statement was last new). */
  static const char *ins =
      "INSERT INTO distro_fixes(distro, release, source_pkg, vuln_id,"
      " status, fixed_version, scheme, urgency, source, imported)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"
      " ON CONFLICT(distro, release, source_pkg, vuln_id) DO UPDATE SET"
      " status=?5, fixed_version=?6, scheme=?7, urgency=?8, source=?9,"
      " imported=?10"
      " WHERE status IS NOT ?5 OR fixed_version IS NOT ?6 OR scheme IS NOT ?7"
      " OR urgency IS NOT ?8 OR source IS NOT ?9";
  *changed = 0;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, f->distro);
  vl_db_text(st, 2, f->release);
  vl_db_text(st, 3, f->source_pkg);
  vl_db_text(st, 4, f->vuln_id);
  vl_db_text(st, 5, f->status);
  vl_db_text(st, 6, f->fixed_version);
  vl_db_text(st, 7, f->scheme);
  vl_db_text(st, 8, f->urgency);
  vl_db_text(st, 9, f->source);
  sqlite3_bind_int64(st, 10, vl_time_now());
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  *changed = sqlite3_changes(s->db) > 0;
  return 0;
}

#define DISTRO_COLS                                                     \
  "distro, release, source_pkg, vuln_id, status, fixed_version, scheme,"  \
  " urgency, source, imported"

static int distro_rows(struct vl_store *s, sqlite3_stmt *st,
                       vl_distro_fix_cb cb, void *ud, struct vl_diag *d) {
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_distro_fix f = {
        vl_db_col(st, 0), vl_db_col(st, 1), vl_db_col(st, 2),
        vl_db_col(st, 3), vl_db_col(st, 4), vl_db_col(st, 5),
        vl_db_col(st, 6), vl_db_col(st, 7), vl_db_col(st, 8),
        (vl_time)sqlite3_column_int64(st, 9)};
    if ((rc = cb(ud, &f))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "distro fixes");
  sqlite3_reset(st);
  return rc;
}

int vl_store_distro_fixes(struct vl_store *s, const char *vuln_id,
                          vl_distro_fix_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT " DISTRO_COLS " FROM distro_fixes"
      " WHERE vuln_id = ?1 ORDER BY distro, release, source_pkg";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln_id);
  return distro_rows(s, st, cb, ud, d);
}

/* What a distribution says of one source package in one release (the
 * matcher's lookup). */
int vl_store_distro_fixes_pkg(struct vl_store *s, const char *distro,
                              const char *release, const char *source_pkg,
                              vl_distro_fix_cb cb, void *ud,
                              struct vl_diag *d) {
  static const char *sel =
      "SELECT " DISTRO_COLS " FROM distro_fixes"
      " WHERE distro = ?1 AND release = ?2 AND source_pkg = ?3"
      " ORDER BY vuln_id";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, distro);
  vl_db_text(st, 2, release);
  vl_db_text(st, 3, source_pkg);
  return distro_rows(s, st, cb, ud, d);
}
