/* Aliases between vulnerability ids (a JVNDB entry names CVEs), every
 * source's record of one id, and the filtered list behind "vuln list".
 * Intelligence: shared by all tenants. */
#include <string.h>

#include "vl_db.h"

#define REC_ARENA_MAX (16u << 20)
#define REC_CVSS_MAX 64
#define REC_REFS_MAX 2000
#define REC_AFFECTED_MAX 20000

int vl_store_alias_set(struct vl_store *s, const char *vuln_id,
                       const char *alias, const char *source,
                       struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO vuln_aliases(vuln_id, alias, source) VALUES(?1,?2,?3)"
      " ON CONFLICT(vuln_id, alias) DO UPDATE SET source = ?3"
      " WHERE source IS NOT ?3";
  if (!vuln_id || !alias || !source || !strcmp(vuln_id, alias))
    return vl_diag_set(d, VL_EINVAL, "alias: two different ids and a source "
                                     "are needed");
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln_id);
  vl_db_text(st, 2, alias);
  vl_db_text(st, 3, source);
  return vl_db_done(s, st, d);
}

int vl_store_alias_clear(struct vl_store *s, const char *vuln_id,
                         const char *source, struct vl_diag *d) {
  static const char *del =
      "DELETE FROM vuln_aliases WHERE vuln_id = ? AND source = ?";
  sqlite3_stmt *st = vl_db_prep(s, del, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, vuln_id);
  vl_db_text(st, 2, source);
  return vl_db_done(s, st, d);
}

int vl_store_aliases(struct vl_store *s, const char *id, vl_alias_cb cb,
                     void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT vuln_id, alias, source FROM vuln_aliases"
      " WHERE vuln_id = ?1 OR alias = ?1 ORDER BY vuln_id, alias";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_alias a = {vl_db_col(st, 0), vl_db_col(st, 1), vl_db_col(st, 2)};
    if ((rc = cb(ud, &a))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "aliases");
  sqlite3_reset(st);
  return rc;
}

static const char *acopy(struct vl_arena *a, sqlite3_stmt *st, int i) {
  const char *t = vl_db_col(st, i);
  return t ? vl_arena_strdup(a, t) : NULL;
}

/* Fills v's affected statements of record pk into arena a. */
static int record_affected(struct vl_store *s, int64_t pk, struct vl_vuln *v,
                           struct vl_arena *a, struct vl_diag *d) {
  static const char *sel =
      "SELECT config, config_op, config_negate, node, node_op, node_negate,"
      " vulnerable, criterion, part, vendor, product, match_id, start_incl,"
      " start_excl, end_incl, end_excl FROM affected"
      " WHERE vuln_id = ?1 AND vuln = ?2 ORDER BY config, node, id";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, v->id);
  sqlite3_bind_int64(st, 2, pk);
  size_t cap = 0;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW &&
         v->n_affected < REC_AFFECTED_MAX) {
    if (v->n_affected == cap) {
      size_t ncap = cap ? cap * 2 : 16;
      struct vl_affected *n = vl_arena_alloc(a, ncap * sizeof(*n));
      if (!n) break; /* the arena's cap: show what fits */
      if (cap) memcpy(n, v->affected, cap * sizeof(*n));
      v->affected = n;
      cap = ncap;
    }
    struct vl_affected *x = &v->affected[v->n_affected++];
    x->config = sqlite3_column_int(st, 0);
    x->config_op = acopy(a, st, 1);
    x->config_negate = sqlite3_column_int(st, 2);
    x->node = sqlite3_column_int(st, 3);
    x->node_op = acopy(a, st, 4);
    x->node_negate = sqlite3_column_int(st, 5);
    x->vulnerable = sqlite3_column_int(st, 6);
    x->criterion = acopy(a, st, 7);
    x->part = acopy(a, st, 8);
    x->vendor = acopy(a, st, 9);
    x->product = acopy(a, st, 10);
    x->match_id = acopy(a, st, 11);
    x->start_incl = acopy(a, st, 12);
    x->start_excl = acopy(a, st, 13);
    x->end_incl = acopy(a, st, 14);
    x->end_excl = acopy(a, st, 15);
    if (!x->criterion) {
      v->n_affected--;
      break;
    }
  }
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(s, d, "affected");
  return 0;
}

/* Fills v's CVSS vectors, references and affected statements of record pk
 * into arena a. */
static int record_children(struct vl_store *s, int64_t pk, struct vl_vuln *v,
                           struct vl_arena *a, struct vl_diag *d) {
  static const char *sel_cvss =
      "SELECT version, source, type, vector, base_score, severity"
      " FROM vuln_cvss WHERE vuln = ? ORDER BY version DESC, rowid";
  static const char *sel_refs =
      "SELECT r.value FROM vulns v, json_each(v.refs) r WHERE v.id = ?"
      " ORDER BY r.key";
  struct vl_cvss_rec *c = vl_arena_alloc(a, REC_CVSS_MAX * sizeof(*c));
  const char **r = vl_arena_alloc(a, REC_REFS_MAX * sizeof(*r));
  if (!c || !r) return VL_ENOMEM;
  v->cvss = c;
  v->refs = r;
  sqlite3_stmt *st = vl_db_prep(s, sel_cvss, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, pk);
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW && v->n_cvss < REC_CVSS_MAX) {
    struct vl_cvss_rec *x = &c[v->n_cvss++];
    x->version = vl_arena_strdup(a, vl_db_col(st, 0) ? vl_db_col(st, 0) : "");
    x->source = vl_db_col(st, 1) ? vl_arena_strdup(a, vl_db_col(st, 1)) : NULL;
    x->type = vl_db_col(st, 2) ? vl_arena_strdup(a, vl_db_col(st, 2)) : NULL;
    x->vector = vl_arena_strdup(a, vl_db_col(st, 3) ? vl_db_col(st, 3) : "");
    x->base_score = sqlite3_column_double(st, 4);
    x->severity = vl_db_col(st, 5) ? vl_arena_strdup(a, vl_db_col(st, 5)) : NULL;
  }
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(s, d, "cvss");
  if (!(st = vl_db_prep(s, sel_refs, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, pk);
  while ((step = sqlite3_step(st)) == SQLITE_ROW && v->n_refs < REC_REFS_MAX) {
    const char *u = vl_arena_strdup(a, vl_db_col(st, 0) ? vl_db_col(st, 0) : "");
    if (!u) break;
    r[v->n_refs++] = u;
  }
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(s, d, "references");
  return record_affected(s, pk, v, a, d);
}

int vl_store_vuln_records(struct vl_store *s, const char *id,
                          vl_vuln_record_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT id, vuln_id, source, status, published, modified, title,"
      " desc_en, desc_ja, cwe, kev_added, kev_due, kev_action, raw_sha256"
      " FROM vulns WHERE vuln_id = ? ORDER BY source";
  /* Rows are copied out first: the callback may use the store. */
  struct vl_arena *a = NULL;
  int rc = vl_arena_new(REC_ARENA_MAX, &a);
  if (rc) return rc;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) {
    vl_arena_free(a);
    return VL_EDB;
  }
  vl_db_text(st, 1, id);
  enum { MAXREC = 32 };
  struct vl_vuln v[MAXREC];
  int64_t pk[MAXREC];
  size_t n = 0;
  int step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW && n < MAXREC) {
    struct vl_vuln *x = &v[n];
    memset(x, 0, sizeof(*x));
    pk[n] = sqlite3_column_int64(st, 0);
    const char **f[] = {&x->id,     &x->source,  &x->status, NULL,
                        NULL,       &x->title,   &x->desc_en, &x->desc_ja,
                        &x->cwe,    NULL,        NULL,       &x->kev_action,
                        &x->raw_sha256};
    for (int i = 0; i < (int)VL_ARRAY_LEN(f); i++)
      if (f[i] && vl_db_col(st, i + 1))
        *f[i] = vl_arena_strdup(a, vl_db_col(st, i + 1));
    x->published = sqlite3_column_int64(st, 4);
    x->modified = sqlite3_column_int64(st, 5);
    x->kev_added = sqlite3_column_int64(st, 10);
    x->kev_due = sqlite3_column_int64(st, 11);
    n++;
  }
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE) {
    rc = vl_db_err(s, d, "records");
    goto out;
  }
  if (n == 0) {
    rc = vl_diag_set(d, VL_ENOTFOUND, "no vulnerability %s in the database",
                     id);
    goto out;
  }
  for (size_t i = 0; i < n && !rc; i++) {
    if ((rc = record_children(s, pk[i], &v[i], a, d))) break;
    rc = cb(ud, &v[i]);
  }
out:
  vl_arena_free(a);
  return rc;
}

/* A name (CPE vendor or product, or a source's own words: "Apache Software
 * Foundation") is named by a filter word when, lower-cased and with "_"
 * read as a space, the word is the name or a whole word of it. */
#define NAME_IS(col, p)                                                 \
  "instr(' ' || replace(lower(" col "), '_', ' ') || ' ', ' ' ||"       \
  " replace(lower(" p "), '_', ' ') || ' ') > 0"

int vl_store_vuln_list(struct vl_store *s, const struct vl_vuln_filter *f,
                       vl_vuln_row_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT vuln_id, source, title, desc_en, desc_ja, modified, score, inkev"
      " FROM (SELECT b.vuln_id, b.source, b.title, b.desc_en, b.desc_ja,"
      "   b.modified,"
      "   (SELECT max(base_score) FROM vuln_cvss c WHERE c.vuln = b.id) AS score,"
      "   (b.kev_added IS NOT NULL OR EXISTS(SELECT 1 FROM kev k"
      "      WHERE k.cve = b.vuln_id)) AS inkev"
      "  FROM (SELECT v.*, row_number() OVER (PARTITION BY vuln_id"
      "          ORDER BY source = 'nvd' DESC, modified DESC) AS rn"
      "        FROM vulns v) b WHERE b.rn = 1) o"
      " WHERE (?1 = 0 OR inkev) AND modified >= ?2"
      "  AND (?3 IS NULL OR instr(lower(vuln_id || ' ' || coalesce(title, '')"
      "       || ' ' || coalesce(desc_en, '') || ' ' || coalesce(desc_ja, '')),"
      "       lower(?3)) > 0)"
      "  AND (?4 <= 0 OR coalesce(score, -1) >= ?4)"
      "  AND (?6 <= 0 OR EXISTS(SELECT 1 FROM epss e WHERE e.cve = o.vuln_id"
      "       AND e.score >= ?6))"
      "  AND ((?7 IS NULL AND ?8 IS NULL)"
      "   OR EXISTS(SELECT 1 FROM affected x WHERE x.vuln_id = o.vuln_id"
      "       AND (?7 IS NULL OR " NAME_IS("x.vendor", "?7") ")"
      "       AND (?8 IS NULL OR " NAME_IS("x.product", "?8") "))"
      "   OR EXISTS(SELECT 1 FROM vuln_names n WHERE n.vuln_id = o.vuln_id"
      "       AND (?7 IS NULL OR " NAME_IS("n.vendor", "?7") ")"
      "       AND (?8 IS NULL OR " NAME_IS("n.product", "?8") ")))"
      " ORDER BY modified DESC, vuln_id LIMIT ?5";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int(st, 1, f->kev);
  sqlite3_bind_int64(st, 2, f->since);
  vl_db_text(st, 3, f->keyword && *f->keyword ? f->keyword : NULL);
  sqlite3_bind_double(st, 4, f->cvss_min);
  sqlite3_bind_int64(st, 5, f->limit > 0 ? f->limit : 1000);
  sqlite3_bind_double(st, 6, f->epss_min);
  vl_db_text(st, 7, f->vendor && *f->vendor ? f->vendor : NULL);
  vl_db_text(st, 8, f->product && *f->product ? f->product : NULL);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_vuln_row r = {0};
    r.id = vl_db_col(st, 0);
    r.source = vl_db_col(st, 1);
    r.title = vl_db_col(st, 2);
    r.desc_en = vl_db_col(st, 3);
    r.desc_ja = vl_db_col(st, 4);
    r.modified = sqlite3_column_int64(st, 5);
    r.cvss = sqlite3_column_type(st, 6) == SQLITE_NULL
                 ? -1
                 : sqlite3_column_double(st, 6);
    r.in_kev = sqlite3_column_int(st, 7);
    if ((rc = cb(ud, &r))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "vuln list");
  sqlite3_reset(st);
  return rc;
}
