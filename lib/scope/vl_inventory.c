/* The inventory writer: one scan and one transaction per import, coverage
 * of every asset listed, and removal of what an asset no longer lists. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/scope.h"

struct vl_inv {
  const struct vl_ctx *ctx;
  const char *kind, *origin, *source;
  struct vl_inv_opts opts;
  int64_t scan_id;
  int64_t *assets;     /* assets listed, in order, without repeats */
  size_t n, cap;
  int64_t *seen;       /* open-addressing set of those ids (0 = empty) */
  size_t seen_cap;     /* a power of two, at least twice n */
  bool failed;         /* a write failed: only a rollback is possible */
  struct vl_inventory_stats st;
};

int vl_inv_begin(const struct vl_ctx *ctx, const char *kind,
                 const char *origin, const char *source, struct vl_inv **out,
                 struct vl_diag *d) {
  struct vl_inv *inv = calloc(1, sizeof(*inv));
  if (!inv) return VL_ENOMEM;
  inv->ctx = ctx;
  inv->kind = kind;
  inv->origin = origin;
  inv->source = source;
  /* source is the file imported, when there is one */
  int rc = vl_store_begin_import(ctx->store, source, d);
  if (!rc) {
    rc = vl_store_scan_begin(ctx, kind, source, &inv->scan_id, d);
    if (rc) vl_store_rollback(ctx->store);
  }
  if (rc) {
    free(inv);
    return rc;
  }
  inv->st.scan_id = inv->scan_id;
  *out = inv;
  return 0;
}

const struct vl_ctx *vl_inv_ctx(const struct vl_inv *inv) { return inv->ctx; }
const struct vl_inv_opts *vl_inv_opts(const struct vl_inv *inv) {
  return &inv->opts;
}

static int fail(struct vl_inv *inv, int rc) {
  if (rc) inv->failed = true;
  return rc;
}

int vl_inv_asset(struct vl_inv *inv, const struct vl_asset *a,
                 enum vl_asset_mode mode, int64_t *asset_id,
                 struct vl_diag *d) {
  struct vl_asset copy = *a;
  if (!copy.source) copy.source = inv->source;
  int changed;
  int rc = vl_store_asset_upsert(inv->ctx, &copy, mode, asset_id, &changed, d);
  if (rc) return fail(inv, rc);
  /* A repeated asset (a host listed twice) is covered once. */
  if (2 * (inv->n + 1) > inv->seen_cap) {
    size_t cap = inv->seen_cap ? inv->seen_cap * 2 : 128;
    int64_t *ns = calloc(cap, sizeof(*ns));
    if (!ns) return fail(inv, VL_ENOMEM);
    for (size_t i = 0; i < inv->n; i++) {
      size_t h = (size_t)inv->assets[i] * 0x9E3779B97F4A7C15u & (cap - 1);
      while (ns[h]) h = (h + 1) & (cap - 1);
      ns[h] = inv->assets[i];
    }
    free(inv->seen);
    inv->seen = ns;
    inv->seen_cap = cap;
  }
  size_t h = (size_t)*asset_id * 0x9E3779B97F4A7C15u & (inv->seen_cap - 1);
  for (; inv->seen[h]; h = (h + 1) & (inv->seen_cap - 1))
    if (inv->seen[h] == *asset_id) return 0;
  inv->seen[h] = *asset_id;
  if (inv->n == inv->cap) {
    size_t cap = inv->cap ? inv->cap * 2 : 64;
    int64_t *na = realloc(inv->assets, cap * sizeof(*na));
    if (!na) return fail(inv, VL_ENOMEM);
    inv->assets = na;
    inv->cap = cap;
  }
  inv->assets[inv->n++] = *asset_id;
  inv->st.assets++;
  return fail(inv, vl_store_scan_cover(inv->ctx, inv->scan_id, *asset_id, d));
}

int vl_inv_software(struct vl_inv *inv, int64_t asset_id,
                    const struct vl_software *sw, int64_t *software_id,
                    struct vl_diag *d) {
  struct vl_software copy = *sw;
  if (!copy.origin) copy.origin = inv->origin;
  copy.seen_scan = inv->scan_id;
  int64_t id;
  int isnew;
  int rc = vl_store_software_seen(inv->ctx, asset_id, &copy, &id, &isnew, d);
  if (rc) return fail(inv, rc);
  inv->st.software++;
  inv->st.software_new += isnew;
  if (software_id) *software_id = id;
  return 0;
}

int vl_inv_port(struct vl_inv *inv, const struct vl_port *p,
                struct vl_diag *d) {
  struct vl_port copy = *p;
  if (!copy.origin) copy.origin = inv->origin;
  copy.seen_scan = inv->scan_id;
  inv->st.ports++;
  return fail(inv, vl_store_port_seen(inv->ctx, &copy, d));
}

void vl_inv_rows(struct vl_inv *inv, long n) { inv->st.rows += n; }

int vl_inv_end(struct vl_inv *inv, bool commit, struct vl_inventory_stats *st,
               struct vl_diag *d) {
  const struct vl_ctx *ctx = inv->ctx;
  int rc = 0;
  if (!commit || inv->failed) goto rollback;
  for (size_t i = 0; i < inv->n; i++) {
    int removed = 0;
    rc = vl_store_software_sweep(ctx, inv->assets[i], inv->origin,
                                 inv->scan_id, &removed, d);
    if (!rc)
      rc = vl_store_port_sweep(ctx, inv->assets[i], inv->origin, inv->scan_id,
                               d);
    if (rc) goto rollback;
    inv->st.software_removed += removed;
  }
  if ((rc = vl_store_scan_finish(ctx, inv->scan_id, true, d))) goto rollback;
  if ((rc = vl_store_commit(ctx->store, d))) goto rollback;
  if (st) *st = inv->st;
  free(inv->assets);
  free(inv->seen);
  free(inv);
  return 0;
rollback:
  vl_store_rollback(ctx->store);
  free(inv->assets);
  free(inv->seen);
  free(inv);
  return rc;
}

/* ------------------------------------------------------------- formats */

extern const struct vl_inv_format vl_inv_fmt_cmdb_csv;
#ifdef VL_HAVE_VL_CMDB_JSON_C
extern const struct vl_inv_format vl_inv_fmt_cmdb_json;
#endif
#ifdef VL_HAVE_VL_CYCLONEDX_C
extern const struct vl_inv_format vl_inv_fmt_cyclonedx_json,
    vl_inv_fmt_cyclonedx_xml;
#endif
#ifdef VL_HAVE_VL_SPDX_C
extern const struct vl_inv_format vl_inv_fmt_spdx_json, vl_inv_fmt_spdx_tv;
#endif
#ifdef VL_HAVE_VL_PKGLIST_C
extern const struct vl_inv_format vl_inv_fmt_dpkg_status, vl_inv_fmt_rpm_qa,
    vl_inv_fmt_apk_installed;
#endif
#ifdef VL_HAVE_VL_NMAP_C
extern const struct vl_inv_format vl_inv_fmt_nmap_xml;
#endif

static const struct vl_inv_format *const formats[] = {
#ifdef VL_HAVE_VL_CYCLONEDX_C
    &vl_inv_fmt_cyclonedx_json, &vl_inv_fmt_cyclonedx_xml,
#endif
#ifdef VL_HAVE_VL_SPDX_C
    &vl_inv_fmt_spdx_json, &vl_inv_fmt_spdx_tv,
#endif
#ifdef VL_HAVE_VL_PKGLIST_C
    &vl_inv_fmt_dpkg_status, &vl_inv_fmt_rpm_qa, &vl_inv_fmt_apk_installed,
#endif
#ifdef VL_HAVE_VL_NMAP_C
    &vl_inv_fmt_nmap_xml,
#endif
#ifdef VL_HAVE_VL_CMDB_JSON_C
    &vl_inv_fmt_cmdb_json,
#endif
    /* Last: a CSV sniff is the loosest. */
    &vl_inv_fmt_cmdb_csv,
    NULL,
};

const struct vl_inv_format *const *vl_inv_formats(void) { return formats; }

static int sniff_file(const char *path, const struct vl_inv_format **out,
                      struct vl_diag *d) {
  char head[4096];
  size_t n;
  FILE *f = fopen(path, "rb");
  if (!f) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open: %s", strerror(errno));
  }
  n = fread(head, 1, sizeof(head), f);
  fclose(f);
  if (n == 0) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EINVAL, "the file is empty");
  }
  for (size_t i = 0; formats[i]; i++)
    if (formats[i]->sniff && formats[i]->sniff(head, n)) {
      *out = formats[i];
      return 0;
    }
  vl_diag_where(d, path, 0, NULL);
  char known[512] = "";
  for (size_t i = 0; formats[i]; i++)
    snprintf(known + strlen(known), sizeof(known) - strlen(known), "%s%s",
             i ? ", " : "", formats[i]->name);
  return vl_diag_set(d, VL_EINVAL,
                     "not a known inventory format (give --format; known: "
                     "%s)",
                     known);
}

int vl_inventory_import(const struct vl_ctx *ctx, const char *path,
                        const char *format, const char *kind,
                        const struct vl_inv_opts *opts,
                        struct vl_inventory_stats *st, struct vl_diag *d) {
  const struct vl_inv_format *fmt = NULL;
  memset(st, 0, sizeof(*st));
  if (format) {
    for (size_t i = 0; formats[i]; i++)
      if (!strcmp(formats[i]->name, format)) fmt = formats[i];
    if (!fmt) return vl_diag_set(d, VL_EINVAL, "unknown format '%s'", format);
  } else {
    int rc = sniff_file(path, &fmt, d);
    if (rc) return rc;
  }
  struct vl_inv *inv;
  int rc = vl_inv_begin(ctx, kind, fmt->origin, path, &inv, d);
  if (rc) return rc;
  if (opts) inv->opts = *opts;
  rc = fmt->import(inv, path, d);
  if (!rc && inv->n == 0) {
    vl_diag_where(d, path, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "the file lists no asset");
  }
  int erc = vl_inv_end(inv, rc == 0, st, d);
  if (!rc) rc = erc;
  if (!rc) {
    st->format = fmt->name;
    vl_log(VL_LOG_INFO, "%s: %s, scan %lld, %ld assets, %ld software",
           path, fmt->name, (long long)st->scan_id, st->assets,
           st->software);
  }
  return rc;
}
