/* The audit log: append-only (triggers refuse UPDATE and DELETE) and
 * hash-chained per tenant, so that any edit of the file is detectable. */
#include <stdio.h>
#include <string.h>

#include "vl_db.h"

/* hash = SHA-256(prev_hash | at | actor | action | type | id | before |
 * after), fields separated by a unit separator so they cannot run into
 * each other. */
static int chain_hash(const char *prev, vl_time at, const char *actor,
                      const char *action, const char *type, int64_t oid,
                      const char *before, const char *after, char out[65]) {
  struct vl_buf b;
  vl_buf_init(&b, 1 << 24);
  int rc = vl_buf_printf(&b, "%s\x1f%lld\x1f%s\x1f%s\x1f%s\x1f%lld\x1f%s\x1f%s",
                         prev, (long long)at, actor, action, type,
                         (long long)oid, before ? before : "",
                         after ? after : "");
  if (!rc) vl_sha256_hex(b.data, b.len, out);
  vl_buf_free(&b);
  return rc;
}

int vl_store_audit(const struct vl_ctx *ctx, const char *action,
                   const char *object_type, int64_t object_id,
                   const char *before, const char *after, struct vl_diag *d) {
  static const char *last =
      "SELECT hash FROM audit WHERE tenant = ? ORDER BY id DESC LIMIT 1";
  static const char *ins =
      "INSERT INTO audit(tenant, at, actor, action, object_type, object_id,"
      " before, after, prev_hash, hash) VALUES(?,?,?,?,?,?,?,?,?,?)";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, last, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  char prev[65] = "genesis";
  if (sqlite3_step(st) == SQLITE_ROW)
    snprintf(prev, sizeof(prev), "%s", vl_db_col(st, 0));
  sqlite3_reset(st);
  char hash[65];
  int rc = chain_hash(prev, ctx->now, ctx->actor, action, object_type,
                      object_id, before, after, hash);
  if (rc) return vl_diag_set(d, rc, "audit event too large");
  if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, ctx->now);
  vl_db_text(st, 3, ctx->actor);
  vl_db_text(st, 4, action);
  vl_db_text(st, 5, object_type);
  sqlite3_bind_int64(st, 6, object_id);
  vl_db_text(st, 7, before);
  vl_db_text(st, 8, after);
  vl_db_text(st, 9, prev);
  vl_db_text(st, 10, hash);
  return vl_db_done(s, st, d);
}

static const char *sel_events =
    "SELECT id, at, actor, action, object_type, object_id, before, after,"
    " prev_hash, hash FROM audit WHERE tenant = ?1"
    " AND (?2 IS NULL OR object_type = ?2) AND (?3 = 0 OR object_id = ?3)"
    " ORDER BY id";

static void event_row(sqlite3_stmt *st, struct vl_audit_event *e) {
  e->id = sqlite3_column_int64(st, 0);
  e->at = sqlite3_column_int64(st, 1);
  e->actor = vl_db_col(st, 2);
  e->action = vl_db_col(st, 3);
  e->object_type = vl_db_col(st, 4);
  e->object_id = sqlite3_column_int64(st, 5);
  e->before = vl_db_col(st, 6);
  e->after = vl_db_col(st, 7);
  e->prev_hash = vl_db_col(st, 8);
  e->hash = vl_db_col(st, 9);
}

int vl_store_audit_list(const struct vl_ctx *ctx, const char *object_type,
                        int64_t object_id, vl_audit_cb cb, void *ud,
                        struct vl_diag *d) {
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel_events, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, object_type);
  sqlite3_bind_int64(st, 3, object_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_audit_event e;
    event_row(st, &e);
    if ((rc = cb(ud, &e))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "audit");
  sqlite3_reset(st);
  return rc;
}

int vl_store_audit_verify(const struct vl_ctx *ctx, int64_t *n,
                          struct vl_diag *d) {
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel_events, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 3, 0);
  char prev[65] = "genesis";
  int rc = 0, step;
  *n = 0;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_audit_event e;
    event_row(st, &e);
    char hash[65];
    if (strcmp(e.prev_hash ? e.prev_hash : "", prev) != 0) {
      rc = vl_diag_set(d, VL_EINTERNAL,
                       "audit chain broken at event %lld: it does not follow "
                       "the event before it",
                       (long long)e.id);
      break;
    }
    if ((rc = chain_hash(prev, e.at, e.actor ? e.actor : "", e.action,
                         e.object_type, e.object_id, e.before, e.after, hash)))
      break;
    if (strcmp(hash, e.hash ? e.hash : "") != 0) {
      rc = vl_diag_set(d, VL_EINTERNAL,
                       "audit event %lld was altered: its hash does not match "
                       "its content",
                       (long long)e.id);
      break;
    }
    snprintf(prev, sizeof(prev), "%s", hash);
    (*n)++;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "audit");
  sqlite3_reset(st);
  return rc;
}
