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
                          enum vl_asset_mode mode, int64_t *id, int *changed,
                          struct vl_diag *d) {
  /* ?16 = 1 merges: a NULL attribute keeps the stored one. */
#define SETCOL(c, n) c "=CASE WHEN ?16 AND ?" #n " IS NULL THEN " c " ELSE ?" #n " END"
#define DIFF(c, n) "(?" #n " IS NOT NULL OR NOT ?16) AND " c " IS NOT ?" #n
  static const char *ins =
      "INSERT INTO assets(tenant, name, address, type, os, owner, environment,"
      " exposure, criticality, tags, source, first_seen, last_seen, distro,"
      " release, os_cpe, custom)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?12,?13,?14,?15,?17)"
      " ON CONFLICT(tenant, name) DO UPDATE SET "
      SETCOL("address", 3) "," SETCOL("type", 4) "," SETCOL("os", 5) ","
      SETCOL("owner", 6) "," SETCOL("environment", 7) ","
      SETCOL("exposure", 8) "," SETCOL("criticality", 9) ","
      SETCOL("tags", 10) "," SETCOL("distro", 13) "," SETCOL("release", 14)
      "," SETCOL("os_cpe", 15) "," SETCOL("custom", 17)
      ", source=?11, last_seen=?12 WHERE "
      DIFF("address", 3) " OR " DIFF("type", 4) " OR " DIFF("os", 5) " OR "
      DIFF("owner", 6) " OR " DIFF("environment", 7) " OR "
      DIFF("exposure", 8) " OR " DIFF("criticality", 9) " OR "
      DIFF("tags", 10) " OR " DIFF("distro", 13) " OR " DIFF("release", 14)
      " OR " DIFF("os_cpe", 15) " OR " DIFF("custom", 17);
#undef SETCOL
#undef DIFF
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
  vl_db_text(st, 13, a->distro);
  vl_db_text(st, 14, a->release);
  vl_db_text(st, 15, a->os_cpe);
  sqlite3_bind_int(st, 16, mode == VL_ASSET_MERGE);
  vl_db_text(st, 17, a->custom);
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

int vl_store_asset_by_address(const struct vl_ctx *ctx, const char *address,
                              int64_t *id, struct vl_diag *d) {
  static const char *sel =
      "SELECT id FROM assets WHERE tenant = ? AND address = ? LIMIT 2";
  sqlite3_stmt *st = vl_db_prep(ctx->store, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  vl_db_text(st, 2, address);
  *id = 0;
  int n = 0, step;
  int64_t first = 0;
  while ((step = sqlite3_step(st)) == SQLITE_ROW)
    if (n++ == 0) first = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  if (step != SQLITE_DONE) return vl_db_err(ctx->store, d, "asset by address");
  if (n == 1) *id = first;
  return 0;
}

static const char *sw_ident(const struct vl_software *sw) {
  return sw->ident ? sw->ident : sw->purl ? sw->purl : sw->cpe;
}

int vl_store_software_seen(const struct vl_ctx *ctx, int64_t asset_id,
                           const struct vl_software *sw, int64_t *id,
                           int *changed, struct vl_diag *d) {
  /* Inserts; on a known ident refreshes last_seen and takes the new fields;
   * "changed" (RETURNING) is whether it was removed or had another
   * version. */
  static const char *ups =
      "INSERT INTO software(asset, ident, origin, cpe, vendor, product,"
      " version, scheme, purl, ecosystem, name, source_name, source_version,"
      " arch, first_seen, last_seen, seen_scan)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?15,?16)"
      " ON CONFLICT(asset, ident) DO UPDATE SET origin=?3, cpe=?4, vendor=?5,"
      " product=?6, version=?7, scheme=?8, purl=?9, ecosystem=?10, name=?11,"
      " source_name=?12, source_version=?13, arch=?14, last_seen=?15,"
      " seen_scan=?16, removed=NULL";
  static const char *sel =
      "SELECT id, removed IS NOT NULL OR version IS NOT ?3"
      " FROM software WHERE asset = ?1 AND ident = ?2";
  struct vl_store *s = ctx->store;
  const char *ident = sw_ident(sw);
  if (!ident || !sw->product)
    return vl_diag_set(d, VL_EINVAL,
                       "installed software needs a CPE, a purl or a key, "
                       "and a product name");
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, asset_id);
  vl_db_text(st, 2, ident);
  vl_db_text(st, 3, sw->version);
  int step = sqlite3_step(st);
  *changed = 1;
  if (step == SQLITE_ROW) *changed = sqlite3_column_int(st, 1);
  sqlite3_reset(st);
  if (step != SQLITE_ROW && step != SQLITE_DONE)
    return vl_db_err(s, d, "software lookup");
  if (!(st = vl_db_prep(s, ups, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, asset_id);
  vl_db_text(st, 2, ident);
  vl_db_text(st, 3, sw->origin ? sw->origin : "cmdb");
  vl_db_text(st, 4, sw->cpe);
  vl_db_text(st, 5, sw->vendor);
  vl_db_text(st, 6, sw->product);
  vl_db_text(st, 7, sw->version);
  vl_db_text(st, 8, sw->scheme ? sw->scheme : "generic");
  vl_db_text(st, 9, sw->purl);
  vl_db_text(st, 10, sw->ecosystem);
  vl_db_text(st, 11, sw->name);
  vl_db_text(st, 12, sw->source_name);
  vl_db_text(st, 13, sw->source_version);
  vl_db_text(st, 14, sw->arch);
  sqlite3_bind_int64(st, 15, ctx->now);
  if (sw->seen_scan) sqlite3_bind_int64(st, 16, sw->seen_scan);
  else sqlite3_bind_null(st, 16);
  int rc = vl_db_done(s, st, d);
  if (rc) return rc;
  if (!(st = vl_db_prep(s, sel, d))) return VL_EDB;
  sqlite3_bind_int64(st, 1, asset_id);
  vl_db_text(st, 2, ident);
  vl_db_text(st, 3, sw->version);
  if (sqlite3_step(st) != SQLITE_ROW) {
    sqlite3_reset(st);
    return vl_db_err(s, d, "software lookup");
  }
  *id = sqlite3_column_int64(st, 0);
  sqlite3_reset(st);
  return 0;
}

int vl_store_software_sweep(const struct vl_ctx *ctx, int64_t asset_id,
                            const char *origin, int64_t scan_id, int *n,
                            struct vl_diag *d) {
  static const char *upd =
      "UPDATE software SET removed = ?1 WHERE asset = ?2"
      " AND seen_scan IS NOT ?3 AND removed IS NULL"
      " AND (?4 IS NULL OR origin = ?4)";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, upd, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->now);
  sqlite3_bind_int64(st, 2, asset_id);
  sqlite3_bind_int64(st, 3, scan_id);
  vl_db_text(st, 4, origin);
  int rc = vl_db_done(s, st, d);
  if (!rc) *n = sqlite3_changes(s->db);
  return rc;
}

int vl_store_port_seen(const struct vl_ctx *ctx, const struct vl_port *p,
                       struct vl_diag *d) {
  static const char *ins =
      "INSERT OR REPLACE INTO asset_ports(asset, proto, port, state, service,"
      " product, version, cpe, origin, last_seen, seen_scan)"
      " VALUES(?,?,?,?,?,?,?,?,?,?,?)";
  sqlite3_stmt *st = vl_db_prep(ctx->store, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, p->asset_id);
  vl_db_text(st, 2, p->proto ? p->proto : "tcp");
  sqlite3_bind_int(st, 3, p->port);
  vl_db_text(st, 4, p->state);
  vl_db_text(st, 5, p->service);
  vl_db_text(st, 6, p->product);
  vl_db_text(st, 7, p->version);
  vl_db_text(st, 8, p->cpe);
  vl_db_text(st, 9, p->origin ? p->origin : "nmap");
  sqlite3_bind_int64(st, 10, ctx->now);
  if (p->seen_scan) sqlite3_bind_int64(st, 11, p->seen_scan);
  else sqlite3_bind_null(st, 11);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_port_sweep(const struct vl_ctx *ctx, int64_t asset_id,
                        const char *origin, int64_t scan_id,
                        struct vl_diag *d) {
  static const char *del =
      "DELETE FROM asset_ports WHERE asset = ?1 AND seen_scan IS NOT ?2"
      " AND (?3 IS NULL OR origin = ?3)";
  sqlite3_stmt *st = vl_db_prep(ctx->store, del, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, asset_id);
  sqlite3_bind_int64(st, 2, scan_id);
  vl_db_text(st, 3, origin);
  return vl_db_done(ctx->store, st, d);
}

int vl_store_ports(const struct vl_ctx *ctx, int64_t asset_id, vl_port_cb cb,
                   void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT p.asset, p.proto, p.port, p.state, p.service, p.product,"
      " p.version, p.cpe, p.origin, p.last_seen FROM asset_ports p"
      " JOIN assets a ON a.id = p.asset WHERE a.tenant = ?1"
      " AND (?2 = 0 OR p.asset = ?2) ORDER BY p.asset, p.proto, p.port";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, asset_id);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_port p = {0};
    p.asset_id = sqlite3_column_int64(st, 0);
    p.proto = vl_db_col(st, 1);
    p.port = sqlite3_column_int(st, 2);
    p.state = vl_db_col(st, 3);
    p.service = vl_db_col(st, 4);
    p.product = vl_db_col(st, 5);
    p.version = vl_db_col(st, 6);
    p.cpe = vl_db_col(st, 7);
    p.origin = vl_db_col(st, 8);
    p.last_seen = sqlite3_column_int64(st, 9);
    if ((rc = cb(ud, &p))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "ports");
  sqlite3_reset(st);
  return rc;
}

int vl_store_fix_evidence_set(const struct vl_ctx *ctx, int64_t software_id,
                              const struct vl_fix_evidence *e, size_t n,
                              struct vl_diag *d) {
  static const char *del = "DELETE FROM fix_evidence WHERE software = ?";
  static const char *ins =
      "INSERT OR IGNORE INTO fix_evidence(software, vuln_id, kind, version,"
      " file, line) VALUES(?,?,?,?,?,?)";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, del, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, software_id);
  int rc = vl_db_done(s, st, d);
  for (size_t i = 0; !rc && i < n; i++) {
    if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
    sqlite3_bind_int64(st, 1, software_id);
    vl_db_text(st, 2, e[i].vuln);
    vl_db_text(st, 3, e[i].kind ? e[i].kind : "changelog");
    vl_db_text(st, 4, e[i].version);
    vl_db_text(st, 5, e[i].file);
    if (e[i].line) sqlite3_bind_int64(st, 6, e[i].line);
    else sqlite3_bind_null(st, 6);
    rc = vl_db_done(s, st, d);
  }
  return rc;
}

int vl_store_fix_evidence(const struct vl_ctx *ctx, int64_t software_id,
                          const char *vuln, vl_fix_evidence_cb cb, void *ud,
                          struct vl_diag *d) {
  static const char *sel =
      "SELECT s.asset, e.software, e.vuln_id, e.kind, e.version, e.file,"
      " e.line FROM fix_evidence e JOIN software s ON s.id = e.software"
      " JOIN assets a ON a.id = s.asset WHERE a.tenant = ?1"
      " AND (?2 = 0 OR e.software = ?2) AND (?3 IS NULL OR e.vuln_id = ?3)"
      " ORDER BY e.software, e.vuln_id";
  struct vl_store *s = ctx->store;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, ctx->tenant_id);
  sqlite3_bind_int64(st, 2, software_id);
  vl_db_text(st, 3, vuln);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_fix_evidence e = {0};
    e.asset_id = sqlite3_column_int64(st, 0);
    e.software_id = sqlite3_column_int64(st, 1);
    e.vuln = vl_db_col(st, 2);
    e.kind = vl_db_col(st, 3);
    e.version = vl_db_col(st, 4);
    e.file = vl_db_col(st, 5);
    e.line = (long)sqlite3_column_int64(st, 6);
    if ((rc = cb(ud, &e))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "fix evidence");
  sqlite3_reset(st);
  return rc;
}

#define ASSET_COLS                                                        \
  "id, name, address, type, os, owner, environment, exposure,"            \
  " criticality, tags, source, first_seen, last_seen, distro, release,"   \
  " os_cpe, custom"

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
    a.distro = vl_db_col(st, 13);
    a.release = vl_db_col(st, 14);
    a.os_cpe = vl_db_col(st, 15);
    a.custom = vl_db_col(st, 16);
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
      " s.first_seen, s.last_seen, s.ident, s.origin, s.purl, s.ecosystem,"
      " s.name, s.source_name, s.source_version, s.arch"
      " FROM software s JOIN assets a"
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
    sw.ident = vl_db_col(st, 9);
    sw.origin = vl_db_col(st, 10);
    sw.purl = vl_db_col(st, 11);
    sw.ecosystem = vl_db_col(st, 12);
    sw.name = vl_db_col(st, 13);
    sw.source_name = vl_db_col(st, 14);
    sw.source_version = vl_db_col(st, 15);
    sw.arch = vl_db_col(st, 16);
    if ((rc = cb(ud, &sw))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "software");
  sqlite3_reset(st);
  return rc;
}
