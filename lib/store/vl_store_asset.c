/* Assets and their software, per tenant. */
#include <string.h>

#include "vl_db.h"

static const char *exposure_name(enum vl_exposure e) {
  switch (e) {
    case VL_EXPOSURE_INTERNET: return "internet";
    case VL_EXPOSURE_INTERNAL: return "internal";
    default: return NULL;
  }
}

static enum vl_exposure exposure_parse(const char *s) {
  if (!s) return VL_EXPOSURE_UNKNOWN;
  if (!strcmp(s, "internet")) return VL_EXPOSURE_INTERNET;
  if (!strcmp(s, "internal")) return VL_EXPOSURE_INTERNAL;
  return VL_EXPOSURE_UNKNOWN;
}

int vl_store_asset_upsert(const struct vl_ctx *ctx, const struct vl_asset *a,
                          int64_t *id, int *changed, struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO assets(tenant, name, address, type, os, owner, environment,"
      " exposure, criticality, tags, source, first_seen, last_seen)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12)"
      " ON CONFLICT(tenant, name) DO UPDATE SET address=?3, type=?4, os=?5,"
      " owner=?6, environment=?7, exposure=?8, criticality=?9, tags=?10,"
      " source=?11, last_seen=?12"
      " WHERE address IS NOT ?3 OR type IS NOT ?4 OR os IS NOT ?5 OR"
      " owner IS NOT ?6 OR environment IS NOT ?7 OR exposure IS NOT ?8 OR"
      " criticality IS NOT ?9 OR tags IS NOT ?10";
  static const char *sel = "SELECT id FROM assets WHERE tenant = ? AND name = ?";
  static const char *touch = "UPDATE assets SET last_seen = ? WHERE id = ?";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, a->name);
  vl_db_text(st, 3, a->address);
  vl_db_text(st, 4, a->type);
  vl_db_text(st, 5, a->os);
  vl_db_text(st, 6, a->owner);
  vl_db_text(st, 7, a->environment);
  vl_db_text(st, 8, exposure_name(a->exposure));
  vl_db_text(st, 9, a->criticality);
  vl_db_text(st, 10, a->tags);
  vl_db_text(st, 11, a->source);
  sqlite3_bind_int64(st, 12, ctx->now);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  *changed = sqlite3_changes(s->db) > 0;
  if (!(st = vl_db_prep(s, sel, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, a->name);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return vl_db_err(s, d, "asset lookup");
  }
  *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (!*changed) {
    if (!(st = vl_db_prep(s, touch, d))) return VL_EDB;
    sqlite3_bind_int64(st, 1, ctx->now);
    sqlite3_bind_int64(st, 2, *id);
    if ((rc = vl_db_done(s, st, d))) return rc;
  }
  return 0;
}

int vl_store_software_seen(const struct vl_ctx *ctx, int64_t asset_id,
                           const struct vl_software *sw, int64_t *id,
                           int *changed, struct vl_diag *d) {
  static const char *sel =
      "SELECT id, removed FROM software WHERE asset = ? AND cpe = ?";
  static const char *ins =
      "INSERT INTO software(asset, cpe, part, vendor, product, version,"
      " scheme, first_seen, last_seen) VALUES(?,?,?,?,?,?,?,?,?)";
  static const char *upd =
      "UPDATE software SET last_seen = ?, removed = NULL WHERE id = ?";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, asset_id);
  vl_db_text(st, 2, sw->cpe);
  int step = sqlite3_step(st), rc;
  if (step == SQLITE_ROW) {
    *id = sqlite3_column_int64(st, 0);
    *changed = sqlite3_column_type(st, 1) != SQLITE_NULL;
    sqlite3_reset(st);
    if (!(st = vl_db_prep(s, upd, d))) return VL_EDB;
    sqlite3_bind_int64(st, 1, ctx->now);
    sqlite3_bind_int64(st, 2, *id);
    return vl_db_done(s, st, d);
  }
  sqlite3_reset(st);
  if (step != SQLITE_DONE) return vl_db_err(s, d, "software lookup");
  if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, asset_id);
  vl_db_text(st, 2, sw->cpe);
  vl_db_text(st, 3, NULL);
  vl_db_text(st, 4, sw->vendor);
  vl_db_text(st, 5, sw->product);
  vl_db_text(st, 6, sw->version);
  vl_db_text(st, 7, sw->scheme ? sw->scheme : "generic");
  sqlite3_bind_int64(st, 8, ctx->now);
  sqlite3_bind_int64(st, 9, ctx->now);
  if ((rc = vl_db_done(s, st, d))) return rc;
  *id = sqlite3_last_insert_rowid(s->db);
  *changed = 1;
  return 0;
}

int vl_store_software_sweep(const struct vl_ctx *ctx, int64_t asset_id,
                            vl_time since, int *n, struct vl_diag *d) {
  static const char *upd =
      "UPDATE software SET removed = ? WHERE asset = ? AND last_seen < ?"
      " AND removed IS NULL";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->now);
  sqlite3_bind_int64(st, 2, asset_id);
  sqlite3_bind_int64(st, 3, since);
  int rc = vl_db_done(s, st, d);
  if (!rc) *n = sqlite3_changes(s->db);
  return rc;
}

#define ASSET_COLS                                                        \
  "id, name, address, type, os, owner, environment, exposure,"            \
  " criticality, tags, source, first_seen, last_seen"

static int asset_rows(struct vl_store *s, sqlite3_stmt *st, vl_asset_cb cb,
                      void *ud, struct vl_diag *d) {
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_asset a = {0};
    a.id = sqlite3_column_int64(st, 0);
    a.name = vl_db_col(st, 1);
    a.address = vl_db_col(st, 2);
    a.type = vl_db_col(st, 3);
    a.os = vl_db_col(st, 4);
    a.owner = vl_db_col(st, 5);
    a.environment = vl_db_col(st, 6);
    a.exposure = exposure_parse(vl_db_col(st, 7));
    a.criticality = vl_db_col(st, 8);
    a.tags = vl_db_col(st, 9);
    a.source = vl_db_col(st, 10);
    a.first_seen = sqlite3_column_int64(st, 11);
    a.last_seen = sqlite3_column_int64(st, 12);
    if ((rc = cb(ud, &a))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "assets");
  sqlite3_reset(st);
  return rc;
}

int vl_store_assets(const struct vl_ctx *ctx, vl_asset_cb cb, void *ud,
                    struct vl_diag *d) {
  static const char *sel =
      "SELECT " ASSET_COLS " FROM assets WHERE tenant = ? ORDER BY name";
  sqlite3_stmt *st = vl_db_prep(ctx->store, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  return asset_rows(ctx->store, st, cb, ud, d);
}

struct one_asset {
  vl_asset_cb cb;
  void *ud;
  int found;
};

static int one_asset_cb(void *ud, const struct vl_asset *a) {
  struct one_asset *o = ud;
  o->found = 1;
  return o->cb(o->ud, a);
}

int vl_store_asset_by_name(const struct vl_ctx *ctx, const char *name,
                           vl_asset_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel = "SELECT " ASSET_COLS
                           " FROM assets WHERE tenant = ? AND name = ?";
  sqlite3_stmt *st = vl_db_prep(ctx->store, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, name);
  struct one_asset o = {cb, ud, 0};
  int rc = asset_rows(ctx->store, st, one_asset_cb, &o, d);
  if (rc) return rc;
  if (!o.found)
    return vl_diag_set(d, VL_ENOTFOUND, "no asset named '%s' in tenant %s",
                       name, ctx->tenant);
  return 0;
}

int vl_store_software(const struct vl_ctx *ctx, int64_t asset_id,
                      vl_software_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT s.id, s.asset, s.cpe, s.vendor, s.product, s.version, s.scheme,"
      " s.first_seen, s.last_seen FROM software s JOIN assets a"
      " ON a.id = s.asset WHERE a.tenant = ?1 AND s.removed IS NULL"
      " AND (?2 = 0 OR s.asset = ?2) ORDER BY s.asset, s.id";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, asset_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_software sw = {0};
    sw.id = sqlite3_column_int64(st, 0);
    sw.asset_id = sqlite3_column_int64(st, 1);
    sw.cpe = vl_db_col(st, 2);
    sw.vendor = vl_db_col(st, 3);
    sw.product = vl_db_col(st, 4);
    sw.version = vl_db_col(st, 5);
    sw.scheme = vl_db_col(st, 6);
    sw.first_seen = sqlite3_column_int64(st, 7);
    sw.last_seen = sqlite3_column_int64(st, 8);
    if ((rc = cb(ud, &sw))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "software");
  sqlite3_reset(st);
  return rc;
}
