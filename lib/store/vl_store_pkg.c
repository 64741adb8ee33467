/* OSV package statements (affected_pkg, migration 6).  Intelligence:
 * shared by all tenants.  Rows hang off a vulns row and go with it. */
#include <string.h>

#include "vl_db.h"

int vl_store_pkg_add(struct vl_store *s, const char *vuln_id,
                     const char *source, const struct vl_pkg_affected *p,
                     size_t n, struct vl_diag *d) {
  static const char *sel =
      "SELECT id FROM vulns WHERE vuln_id = ? AND source = ?";
  static const char *ins =
      "INSERT INTO affected_pkg(vuln, vuln_id, source, ecosystem, name, purl,"
      " range_type, range, introduced, fixed, versions, version_list)"
      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?)";
  if (!vuln_id || !source)
    return vl_diag_set(d, VL_EINVAL, "package statement without a record");
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln_id);
  vl_db_text(st, 2, source);
  int step = sqlite3_step(st);
  int64_t pk = step == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(s, d, "package statement: record lookup");
  if (!pk)
    return vl_diag_set(d, VL_ENOTFOUND, "no record %.80s from %.40s",
                       vuln_id, source);
  for (size_t i = 0; i < n; i++) {
    const struct vl_pkg_affected *a = &p[i];
    if (!a->ecosystem || !a->name)
      return vl_diag_set(d, VL_EINVAL,
                         "package statement without ecosystem or name");
    if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
    sqlite3_bind_int64(st, 1, pk);
    vl_db_text(st, 2, vuln_id);
    vl_db_text(st, 3, source);
    vl_db_text(st, 4, a->ecosystem);
    vl_db_text(st, 5, a->name);
    vl_db_text(st, 6, a->purl);
    vl_db_text(st, 7, a->range_type);
    vl_db_text(st, 8, a->range);
    vl_db_text(st, 9, a->introduced);
    vl_db_text(st, 10, a->fixed);
    sqlite3_bind_int64(st, 11, a->versions);
    vl_db_text(st, 12, a->version_list);
    int rc = vl_db_done(s, st, d);
    if (rc) return rc;
  }
  return 0;
}

int vl_store_pkg_list(struct vl_store *s, const char *vuln_id, vl_pkg_cb cb,
                      void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT source, ecosystem, name, purl, range_type, range, introduced,"
      " fixed, versions, version_list FROM affected_pkg WHERE vuln_id = ?"
      " ORDER BY source, id";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_pkg_affected p = {
        vl_db_col(st, 1), vl_db_col(st, 2), vl_db_col(st, 3),
        vl_db_col(st, 4), vl_db_col(st, 5), vl_db_col(st, 6),
        vl_db_col(st, 7), (long)sqlite3_column_int64(st, 8),
        vl_db_col(st, 9)};
    if ((rc = cb(ud, vl_db_col(st, 0), &p))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "package statements");
  sqlite3_reset(st);
  return rc;
}
