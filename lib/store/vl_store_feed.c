/* Feed sync state in the store: one row per source in feed_sync (what the
 * last attempt did, validators, NVD progress), and feed_state for the last
 * successful import.  Shared by all tenants. */
#include <string.h>

#include "vl_db.h"

#define COLS                                                                \
  "source, location, etag, last_modified, attempted, succeeded, result,"    \
  " http_status, error, records, changed, requests, cursor, window_start,"  \
  " window_end, next_index, rate_log"

static const char *dup(struct vl_arena *a, sqlite3_stmt *st, int i) {
  const char *v = vl_db_col(st, i);
  return v ? vl_arena_strdup(a, v) : NULL;
}

static int read_row(sqlite3_stmt *st, struct vl_arena *a,
                    struct vl_feed_sync *f) {
  f->source = dup(a, st, 0);
  f->location = dup(a, st, 1);
  f->etag = dup(a, st, 2);
  f->last_modified = dup(a, st, 3);
  f->attempted = sqlite3_column_int64(st, 4);
  f->succeeded = sqlite3_column_int64(st, 5);
  f->result = dup(a, st, 6);
  f->http_status = (long)sqlite3_column_int64(st, 7);
  f->error = dup(a, st, 8);
  f->records = (long)sqlite3_column_int64(st, 9);
  f->changed = (long)sqlite3_column_int64(st, 10);
  f->requests = (long)sqlite3_column_int64(st, 11);
  f->cursor = sqlite3_column_int64(st, 12);
  f->window_start = sqlite3_column_int64(st, 13);
  f->window_end = sqlite3_column_int64(st, 14);
  f->next_index = (long)sqlite3_column_int64(st, 15);
  f->rate_log = dup(a, st, 16);
  if (!f->source) return VL_ENOMEM;
  return 0;
}

int vl_store_feed_sync_get(struct vl_store *s, const char *source,
                           struct vl_arena *a, struct vl_feed_sync *out,
                           struct vl_diag *d) {
  static const char *q = "SELECT " COLS " FROM feed_sync WHERE source = ?";
  memset(out, 0, sizeof(*out));
  sqlite3_stmt *st = vl_db_prep(s, q, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, source);
  int r = sqlite3_step(st);
  int rc;
  if (r == SQLITE_ROW)
    rc = read_row(st, a, out) ? vl_diag_set(d, VL_ENOMEM, "out of memory")
                              : 0;
  else if (r == SQLITE_DONE)
    rc = VL_ENOTFOUND;
  else
    rc = vl_db_err(s, d, "feed_sync");
  sqlite3_reset(st);
  return rc;
}

int vl_store_feed_sync_put(struct vl_store *s, const struct vl_feed_sync *f,
                           struct vl_diag *d) {
  static const char *ins =
      "INSERT OR REPLACE INTO feed_sync(" COLS ")"
      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  static const char *state =
      "INSERT OR REPLACE INTO feed_state(source, last_import, location,"
      " records, changed) VALUES(?,?,?,?,?)";
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, f->source);
  vl_db_text(st, 2, f->location);
  vl_db_text(st, 3, f->etag);
  vl_db_text(st, 4, f->last_modified);
  if (f->attempted) sqlite3_bind_int64(st, 5, f->attempted);
  if (f->succeeded) sqlite3_bind_int64(st, 6, f->succeeded);
  vl_db_text(st, 7, f->result);
  sqlite3_bind_int64(st, 8, f->http_status);
  vl_db_text(st, 9, f->error);
  sqlite3_bind_int64(st, 10, f->records);
  sqlite3_bind_int64(st, 11, f->changed);
  sqlite3_bind_int64(st, 12, f->requests);
  if (f->cursor) sqlite3_bind_int64(st, 13, f->cursor);
  if (f->window_start) sqlite3_bind_int64(st, 14, f->window_start);
  if (f->window_end) sqlite3_bind_int64(st, 15, f->window_end);
  sqlite3_bind_int64(st, 16, f->next_index);
  vl_db_text(st, 17, f->rate_log);
  int rc = vl_db_done(s, st, d);
  if (rc || !f->succeeded || !f->result ||
      (strcmp(f->result, "changed") && strcmp(f->result, "unchanged")))
    return rc;
  if (!(st = vl_db_prep(s, state, d))) return VL_EDB;
  vl_db_text(st, 1, f->source);
  sqlite3_bind_int64(st, 2, f->succeeded);
  vl_db_text(st, 3, f->location);
  sqlite3_bind_int64(st, 4, f->records);
  sqlite3_bind_int64(st, 5, f->changed);
  return vl_db_done(s, st, d);
}

int vl_store_feed_sync_each(struct vl_store *s, vl_feed_sync_cb cb, void *ud,
                            struct vl_diag *d) {
  static const char *q = "SELECT " COLS " FROM feed_sync ORDER BY source";
  struct vl_arena *a = NULL;
  int rc = vl_arena_new(1u << 20, &a);
  if (rc) return vl_diag_set(d, rc, "out of memory");
  sqlite3_stmt *st = vl_db_prep(s, q, d);
  if (!st) {
    rc = VL_EDB;
    goto out;
  }
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_feed_sync f;
    memset(&f, 0, sizeof(f));
    vl_arena_reset(a);
    if (read_row(st, a, &f)) {
      rc = vl_diag_set(d, VL_ENOMEM, "out of memory");
      break;
    }
    if ((rc = cb(ud, &f))) break;
  }
  if (!rc && r != SQLITE_DONE) rc = vl_db_err(s, d, "feed_sync");
  sqlite3_reset(st);
out:
  vl_arena_free(a);
  return rc;
}

/* ------------------------------------------------- fetched documents */

#define DOC_COLS "source, url, updated, sha, status, error, attempted"

static int read_doc(sqlite3_stmt *st, struct vl_arena *a,
                    struct vl_feed_doc *f) {
  f->source = dup(a, st, 0);
  f->url = dup(a, st, 1);
  f->updated = sqlite3_column_int64(st, 2);
  f->sha = dup(a, st, 3);
  f->status = dup(a, st, 4);
  f->error = dup(a, st, 5);
  f->attempted = sqlite3_column_int64(st, 6);
  return f->source && f->url && f->status ? 0 : VL_ENOMEM;
}

int vl_store_feed_doc_get(struct vl_store *s, const char *source,
                          const char *url, struct vl_arena *a,
                          struct vl_feed_doc *out, struct vl_diag *d) {
  static const char *q =
      "SELECT " DOC_COLS " FROM feed_docs WHERE source = ? AND url = ?";
  memset(out, 0, sizeof(*out));
  sqlite3_stmt *st = vl_db_prep(s, q, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, source);
  vl_db_text(st, 2, url);
  int r = sqlite3_step(st);
  int rc;
  if (r == SQLITE_ROW)
    rc = read_doc(st, a, out) ? vl_diag_set(d, VL_ENOMEM, "out of memory")
                              : 0;
  else if (r == SQLITE_DONE)
    rc = VL_ENOTFOUND;
  else
    rc = vl_db_err(s, d, "feed_docs");
  sqlite3_reset(st);
  return rc;
}

int vl_store_feed_doc_put(struct vl_store *s, const struct vl_feed_doc *f,
                          struct vl_diag *d) {
  static const char *q = "INSERT OR REPLACE INTO feed_docs(" DOC_COLS ")"
                         " VALUES(?,?,?,?,?,?,?)";
  sqlite3_stmt *st = vl_db_prep(s, q, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, f->source);
  vl_db_text(st, 2, f->url);
  if (f->updated) sqlite3_bind_int64(st, 3, f->updated);
  vl_db_text(st, 4, f->sha);
  vl_db_text(st, 5, f->status);
  vl_db_text(st, 6, f->error);
  sqlite3_bind_int64(st, 7, f->attempted);
  return vl_db_done(s, st, d);
}

int vl_store_feed_doc_counts(struct vl_store *s, const char *source,
                             struct vl_feed_doc_counts *out,
                             struct vl_diag *d) {
  static const char *q =
      "SELECT count(*) FILTER (WHERE status = 'imported'),"
      " count(*) FILTER (WHERE status <> 'imported'),"
      " count(*) FILTER (WHERE status IN ('hash-mismatch', 'no-hash'))"
      " FROM feed_docs WHERE source = ?";
  memset(out, 0, sizeof(*out));
  sqlite3_stmt *st = vl_db_prep(s, q, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, source);
  int rc = 0;
  if (sqlite3_step(st) == SQLITE_ROW) {
    out->imported = (long)sqlite3_column_int64(st, 0);
    out->refused = (long)sqlite3_column_int64(st, 1);
    out->hash_failures = (long)sqlite3_column_int64(st, 2);
  } else {
    rc = vl_db_err(s, d, "feed_docs");
  }
  sqlite3_reset(st);
  return rc;
}

int vl_store_feed_doc_refused(struct vl_store *s, const char *source,
                              vl_feed_doc_cb cb, void *ud,
                              struct vl_diag *d) {
  static const char *q = "SELECT " DOC_COLS " FROM feed_docs"
                         " WHERE source = ? AND status <> 'imported'"
                         " ORDER BY url";
  struct vl_arena *a = NULL;
  int rc = vl_arena_new(1u << 20, &a);
  if (rc) return vl_diag_set(d, rc, "out of memory");
  sqlite3_stmt *st = vl_db_prep(s, q, d);
  if (!st) {
    rc = VL_EDB;
    goto out;
  }
  vl_db_text(st, 1, source);
  int r;
  while ((r = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_feed_doc f;
    vl_arena_reset(a);
    if (read_doc(st, a, &f)) {
      rc = vl_diag_set(d, VL_ENOMEM, "out of memory");
      break;
    }
    if ((rc = cb(ud, &f))) break;
  }
  if (!rc && r != SQLITE_DONE && r != SQLITE_ROW)
    rc = vl_db_err(s, d, "feed_docs");
  sqlite3_reset(st);
out:
  vl_arena_free(a);
  return rc;
}
