/* CMDB JSON import: the CMDB CSV's assets as JSON, with their software
 * listed by CPE or purl, and every other member kept as a custom field.
 *
 * The document is an array of assets, or {"assets": [...]}; each asset is
 * one streamed record, validated as the CSV importer validates a row
 * (lib/scope/vl_cmdb.c) and written at once: the CMDB is the source of
 * record (VL_ASSET_REPLACE, origin "cmdb", like the CSV).  Errors name the
 * JSON path and its line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"
#include "vulnloop/json.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/scope.h"

#define MAX_ASSETS 1000000
#define MAX_SOFTWARE 100000       /* per asset */
#define MAX_CUSTOM 64             /* custom fields per asset */
#define MAX_CUSTOM_BYTES (64u << 10)
#define MAX_NAME 256

struct seen {                     /* an asset name already read */
  const char *name;               /* in the names arena */
  size_t index;
};

struct reader {
  struct vl_inv *inv;
  const char *file;
  struct vl_arena *names;         /* asset names, for repeats */
  struct seen *seen;              /* open addressing */
  size_t nseen, nslot;
  struct vl_arena *a;             /* one asset's strings, reset per asset */
  int roots;
  long assets;
};

static int where(struct vl_diag *d, const char *file, const struct vl_jv *v,
                 const char *path, int rc) {
  vl_diag_where(d, file, v ? v->line : 0, path);
  return rc;
}

static int type_err(struct vl_diag *d, const char *file, const struct vl_jv *v,
                    const char *path, const char *want) {
  return where(d, file, v, path,
               vl_diag_set(d, VL_ETYPE, "expected %s, found %s", want,
                           vl_jv_type_name(v->type)));
}

/* Records name; a repeat is an error naming the first place. */
static int remember(struct reader *r, const char *name, size_t index,
                    size_t *first) {
  if (r->nseen * 2 >= r->nslot) {
    size_t n = r->nslot ? r->nslot * 2 : 1024;
    struct seen *t = calloc(n, sizeof(*t));
    if (!t) return VL_ENOMEM;
    for (size_t i = 0; i < r->nslot; i++) {
      if (!r->seen[i].name) continue;
      size_t h = (size_t)vl_hash64(r->seen[i].name, strlen(r->seen[i].name));
      for (h &= n - 1; t[h].name; h = (h + 1) & (n - 1)) {
      }
      t[h] = r->seen[i];
    }
    free(r->seen);
    r->seen = t;
    r->nslot = n;
  }
  size_t h = (size_t)vl_hash64(name, strlen(name)) & (r->nslot - 1);
  for (; r->seen[h].name; h = (h + 1) & (r->nslot - 1))
    if (!strcmp(r->seen[h].name, name)) {
      *first = r->seen[h].index;
      return VL_EEXIST;
    }
  if (!(r->seen[h].name = vl_arena_strdup(r->names, name))) return VL_ETOOBIG;
  r->seen[h].index = index;
  r->nseen++;
  return 0;
}

/* Writes any JSON value (a custom field) back as JSON. */
static void write_value(struct vl_jw *w, const struct vl_jv *v) {
  switch (v->type) {
    case VL_JNULL: vl_jw_null(w); break;
    case VL_JBOOL: vl_jw_bool(w, v->b); break;
    case VL_JNUM: vl_jw_raw(w, v->s); break;
    case VL_JSTR: vl_jw_strn(w, v->s, v->len); break;
    case VL_JARR:
      vl_jw_arr_begin(w);
      for (const struct vl_jv *c = v->child; c; c = c->next) write_value(w, c);
      vl_jw_arr_end(w);
      break;
    case VL_JOBJ:
      vl_jw_obj_begin(w);
      for (const struct vl_jv *c = v->child; c; c = c->next) {
        vl_jw_key(w, c->key);
        write_value(w, c);
      }
      vl_jw_obj_end(w);
      break;
  }
}

enum field { F_NAME, F_ADDRESS, F_TYPE, F_OS, F_OWNER, F_ENV, F_EXPOSURE,
             F_CRIT, F_TAGS, F_DISTRO, F_RELEASE, F_OS_CPE, F_SOFTWARE, F_N };
static const char *const field_names[F_N] = {
    "name",     "address",     "type", "os",     "owner",
    "environment", "exposure", "criticality", "tags", "distro",
    "release",  "os_cpe",      "software"};

static const char *const sw_keys[] = {"cpe",  "purl", "name",
                                      "version", "arch", "source_name",
                                      "source_version"};

static int one_software(struct reader *r, int64_t aid, const struct vl_jv *o,
                        const char *path, struct vl_software *out,
                        struct vl_diag *d) {
  if (o->type != VL_JOBJ) return type_err(d, r->file, o, path, "an object");
  const char *v[VL_ARRAY_LEN(sw_keys)] = {0};
  char p[VL_DIAG_PATH_MAX];
  for (const struct vl_jv *m = o->child; m; m = m->next) {
    size_t k = 0;
    while (k < VL_ARRAY_LEN(sw_keys) && strcmp(m->key, sw_keys[k])) k++;
    snprintf(p, sizeof(p), "%s.%s", path, m->key);
    if (k == VL_ARRAY_LEN(sw_keys))
      return where(d, r->file, m, p,
                   vl_diag_set(d, VL_EINVAL,
                               "unknown member (software entries have cpe, "
                               "purl, name, version, arch, source_name, "
                               "source_version)"));
    if (m->type == VL_JNULL) continue;
    if (m->type != VL_JSTR) return type_err(d, r->file, m, p, "a string");
    if (!*m->s) continue;
    v[k] = m->s;
  }
  const char *cpe = v[0], *purl = v[1];
  if (!cpe && !purl)
    return where(d, r->file, o, path,
                 vl_diag_set(d, VL_EINVAL,
                             "a software entry needs a cpe or a purl"));
  if (cpe) {
    /* The CSV's rules: a 2.3 formatted string, concrete vendor, product
     * and version ('-' where none applies). */
    struct vl_cpe_key key;
    struct vl_diag cd;
    vl_diag_clear(&cd);
    snprintf(p, sizeof(p), "%s.cpe", path);
    const struct vl_jv *at = vl_jv_get(o, "cpe");
    if (vl_cpe_key_fs(cpe, strlen(cpe), &key, &cd))
      return where(d, r->file, at, p,
                   vl_diag_set(d, VL_EINVAL, "invalid CPE 2.3 name: %s",
                               cd.msg));
    if (key.vendor.kind != VL_CPE_VALUE || key.vendor.wild ||
        key.product.kind != VL_CPE_VALUE || key.product.wild)
      return where(d, r->file, at, p,
                   vl_diag_set(d, VL_EINVAL,
                               "an installed product needs a concrete vendor "
                               "and product"));
    if (key.version.kind == VL_CPE_ANY || key.version.wild)
      return where(d, r->file, at, p,
                   vl_diag_set(d, VL_EINVAL,
                               "an installed product needs a concrete "
                               "version, or '-' where none applies (found a "
                               "wildcard)"));
  }
  struct vl_sbom_pkg sp = {v[2], NULL, v[3], purl, cpe, v[5], v[6], v[4]};
  const char *field;
  int rc = vl_sbom_software(r->a, &sp, out, &field, d);
  if (rc) {
    if (field) snprintf(p, sizeof(p), "%s.%s", path, field);
    const struct vl_jv *at = field ? vl_jv_get(o, field) : NULL;
    return where(d, r->file, at ? at : o, field && at ? p : path, rc);
  }
  (void)aid;
  return 0;
}

static const char *sw_ident(const struct vl_software *x) {
  return x->ident ? x->ident : x->purl ? x->purl : x->cpe;
}

/* By ident, then by the entry's index (kept in id while validating). */
static int by_ident(const void *a, const void *b) {
  const struct vl_software *x = a, *y = b;
  int c = strcmp(sw_ident(x), sw_ident(y));
  return c ? c : (x->id > y->id) - (x->id < y->id);
}

static int one_asset(struct reader *r, const struct vl_jv *o,
                     const char *path, size_t index, struct vl_diag *d) {
  if (o->type != VL_JOBJ) return type_err(d, r->file, o, path, "an object");
  const struct vl_jv *f[F_N] = {0};
  char p[VL_DIAG_PATH_MAX];
  int ncustom = 0;
  struct vl_buf cb;
  struct vl_jw w;
  vl_buf_init(&cb, MAX_CUSTOM_BYTES);
  vl_jw_init(&w, &cb, 0);
  vl_jw_obj_begin(&w);
  for (const struct vl_jv *m = o->child; m; m = m->next) {
    int k = 0;
    while (k < F_N && strcmp(m->key, field_names[k])) k++;
    snprintf(p, sizeof(p), "%s.%s", path, m->key);
    if (k < F_N && f[k]) {
      vl_buf_free(&cb);
      return where(d, r->file, m, p,
                   vl_diag_set(d, VL_EINVAL, "the member appears twice"));
    }
    if (k < F_N) {
      f[k] = m;
      continue;
    }
    if (++ncustom > MAX_CUSTOM) {
      vl_buf_free(&cb);
      return where(d, r->file, m, p,
                   vl_diag_set(d, VL_ETOOBIG, "more than %d custom fields",
                               MAX_CUSTOM));
    }
    vl_jw_key(&w, m->key);
    write_value(&w, m);
  }
  vl_jw_obj_end(&w);
  int rc = vl_jw_finish(&w);
  struct vl_asset a;
  memset(&a, 0, sizeof(a));
  if (!rc && ncustom && !(a.custom = vl_arena_strndup(r->a, cb.data, cb.len)))
    rc = VL_ETOOBIG;
  vl_buf_free(&cb);
  if (rc)
    return where(d, r->file, o, path,
                 vl_diag_set(d, VL_ETOOBIG,
                             "custom fields over %u bytes of JSON",
                             MAX_CUSTOM_BYTES));
  const char *s[F_N] = {0};
  for (int k = 0; k < F_SOFTWARE; k++) {
    const struct vl_jv *v = f[k];
    if (!v || v->type == VL_JNULL) continue;
    snprintf(p, sizeof(p), "%s.%s", path, field_names[k]);
    if (k == F_TAGS && v->type == VL_JARR) {
      struct vl_buf tb;
      vl_buf_init(&tb, MAX_CUSTOM_BYTES);
      size_t i = 0;
      for (const struct vl_jv *t = v->child; t; t = t->next, i++) {
        if (t->type != VL_JSTR) {
          vl_buf_free(&tb);
          snprintf(p, sizeof(p), "%s.tags[%zu]", path, i);
          return type_err(d, r->file, t, p, "a string");
        }
        if (strchr(t->s, ',')) {
          vl_buf_free(&tb);
          snprintf(p, sizeof(p), "%s.tags[%zu]", path, i);
          return where(d, r->file, t, p,
                       vl_diag_set(d, VL_EINVAL,
                                   "a tag cannot hold a comma (tags are "
                                   "stored comma-separated)"));
        }
        if (tb.len) vl_buf_putc(&tb, ',');
        vl_buf_puts(&tb, t->s);
      }
      if (tb.len && !(s[k] = vl_arena_strndup(r->a, tb.data, tb.len))) {
        vl_buf_free(&tb);
        return where(d, r->file, v, p, vl_diag_set(d, VL_ETOOBIG, "too large"));
      }
      vl_buf_free(&tb);
      continue;
    }
    if (v->type != VL_JSTR)
      return type_err(d, r->file, v, p,
                      k == F_TAGS ? "a string or an array of strings"
                                  : "a string");
    /* Trimmed, as the CSV's fields are. */
    const char *t = v->s;
    size_t len = v->len;
    while (len && *t == ' ') t++, len--;
    while (len && t[len - 1] == ' ') len--;
    if (len && !(s[k] = vl_arena_strndup(r->a, t, len)))
      return where(d, r->file, v, p, vl_diag_set(d, VL_ETOOBIG, "too large"));
  }
  snprintf(p, sizeof(p), "%s.name", path);
  if (!s[F_NAME])
    return where(d, r->file, f[F_NAME] ? f[F_NAME] : o, f[F_NAME] ? p : path,
                 vl_diag_set(d, VL_EINVAL, "an asset needs a name"));
  if (strlen(s[F_NAME]) > MAX_NAME)
    return where(d, r->file, f[F_NAME], p,
                 vl_diag_set(d, VL_EINVAL, "a name longer than %d bytes",
                             MAX_NAME));
  size_t first;
  if ((rc = remember(r, s[F_NAME], index, &first)))
    return where(d, r->file, f[F_NAME], p,
                 rc == VL_EEXIST
                     ? vl_diag_set(d, rc,
                                   "asset '%.60s' is listed twice (first as "
                                   "asset %zu)",
                                   s[F_NAME], first)
                     : vl_diag_set(d, rc, "too many assets"));
  const char *ex = s[F_EXPOSURE];
  snprintf(p, sizeof(p), "%s.exposure", path);
  if (ex && strcmp(ex, "internet") && strcmp(ex, "internal"))
    return where(d, r->file, f[F_EXPOSURE], p,
                 vl_diag_set(d, VL_EINVAL,
                             "'%.40s' is neither internet nor internal", ex));
  const char *cr = s[F_CRIT];
  snprintf(p, sizeof(p), "%s.criticality", path);
  if (cr && strcmp(cr, "low") && strcmp(cr, "medium") && strcmp(cr, "high") &&
      strcmp(cr, "critical"))
    return where(d, r->file, f[F_CRIT], p,
                 vl_diag_set(d, VL_EINVAL,
                             "'%.40s' is not low, medium, high or critical",
                             cr));
  if (s[F_OS_CPE]) {
    struct vl_cpe_key key;
    struct vl_diag cd;
    vl_diag_clear(&cd);
    snprintf(p, sizeof(p), "%s.os_cpe", path);
    if (vl_cpe_key_fs(s[F_OS_CPE], strlen(s[F_OS_CPE]), &key, &cd))
      return where(d, r->file, f[F_OS_CPE], p,
                   vl_diag_set(d, VL_EINVAL, "invalid CPE 2.3 name: %s",
                               cd.msg));
  }
  a.name = s[F_NAME];
  a.address = s[F_ADDRESS];
  a.type = s[F_TYPE];
  a.os = s[F_OS];
  a.owner = s[F_OWNER];
  a.environment = s[F_ENV];
  a.criticality = s[F_CRIT];
  a.tags = s[F_TAGS];
  a.distro = s[F_DISTRO];
  a.release = s[F_RELEASE];
  a.os_cpe = s[F_OS_CPE];
  a.exposure = !ex                       ? VL_EXPOSURE_UNKNOWN
               : !strcmp(ex, "internet") ? VL_EXPOSURE_INTERNET
                                         : VL_EXPOSURE_INTERNAL;
  /* Software: all validated, and no product twice, before anything is
   * written for the asset. */
  const struct vl_jv *sw = f[F_SOFTWARE];
  struct vl_software *list = NULL;
  size_t n = 0;
  snprintf(p, sizeof(p), "%s.software", path);
  if (sw && sw->type != VL_JNULL && sw->type != VL_JARR)
    return type_err(d, r->file, sw, p, "an array");
  if (sw && sw->type == VL_JARR && sw->n) {
    if (sw->n > MAX_SOFTWARE)
      return where(d, r->file, sw, p,
                   vl_diag_set(d, VL_ETOOBIG, "more than %d software entries",
                               MAX_SOFTWARE));
    if (!(list = vl_arena_alloc(r->a, sw->n * sizeof(*list))))
      return where(d, r->file, sw, p, vl_diag_set(d, VL_ETOOBIG, "too large"));
    for (const struct vl_jv *e = sw->child; e; e = e->next, n++) {
      snprintf(p, sizeof(p), "%s.software[%zu]", path, n);
      if ((rc = one_software(r, 0, e, p, &list[n], d))) return rc;
      list[n].id = (int64_t)n; /* the entry's index, for messages */
    }
    struct vl_software *sorted = vl_arena_alloc(r->a, n * sizeof(*sorted));
    if (!sorted)
      return where(d, r->file, sw, path, vl_diag_set(d, VL_ETOOBIG, "too large"));
    memcpy(sorted, list, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), by_ident);
    for (size_t i = 1; i < n; i++) {
      if (strcmp(sw_ident(&sorted[i]), sw_ident(&sorted[i - 1]))) continue;
      size_t later = (size_t)sorted[i].id, earlier = (size_t)sorted[i - 1].id;
      const struct vl_jv *e = sw->child;
      for (size_t k = 0; k < later; k++) e = e->next;
      snprintf(p, sizeof(p), "%s.software[%zu]", path, later);
      return where(d, r->file, e, p,
                   vl_diag_set(d, VL_EEXIST,
                               "duplicate: asset '%.60s' already lists %.200s "
                               "at software[%zu]",
                               a.name, sw_ident(&sorted[i]), earlier));
    }
  }
  int64_t aid;
  if ((rc = vl_inv_asset(r->inv, &a, VL_ASSET_REPLACE, &aid, d)))
    return where(d, r->file, o, path, rc);
  for (size_t i = 0; i < n; i++) {
    list[i].id = 0;
    if ((rc = vl_inv_software(r->inv, aid, &list[i], NULL, d)))
      return where(d, r->file, o, path, rc);
  }
  r->assets++;
  return 0;
}

static int on_record(void *ud, const struct vl_jv *rec,
                     const struct vl_jrec_info *info, struct vl_diag *d) {
  struct reader *r = ud;
  if (r->roots)
    return where(d, r->file, rec, NULL,
                 vl_diag_set(d, VL_EINVAL,
                             "more than one JSON value (one CMDB per file)"));
  bool top = !*info->array_key;
  if (!top && strcmp(info->array_key, "assets")) return 0;
  if (info->index >= MAX_ASSETS)
    return where(d, r->file, rec, NULL,
                 vl_diag_set(d, VL_ETOOBIG, "more than %d assets",
                             MAX_ASSETS));
  char p[VL_DIAG_PATH_MAX];
  snprintf(p, sizeof(p), top ? "$[%zu]" : "$.assets[%zu]", info->index);
  vl_arena_reset(r->a);
  return one_asset(r, rec, p, info->index, d);
}

static int on_root(void *ud, const struct vl_jv *root, long line,
                   struct vl_diag *d) {
  struct reader *r = ud;
  (void)line;
  if (r->roots++)
    return where(d, r->file, root, NULL,
                 vl_diag_set(d, VL_EINVAL,
                             "more than one JSON value (one CMDB per file)"));
  if (root->type == VL_JARR) return 0;
  if (root->type != VL_JOBJ)
    return type_err(d, r->file, root, "$",
                    "an array of assets or {\"assets\": [...]}");
  const struct vl_jv *as = vl_jv_get(root, "assets");
  if (!as)
    return where(d, r->file, root, "$",
                 vl_diag_set(d, VL_EINVAL,
                             "expected an array of assets or {\"assets\": "
                             "[...]}, found an object without \"assets\""));
  if (as->type != VL_JARR) return type_err(d, r->file, as, "$.assets", "an array");
  return 0;
}

static int import_json(struct vl_inv *inv, const char *path,
                       struct vl_diag *d) {
  static const char *const keys[] = {"assets", NULL};
  static const struct vl_json_opts opts = {.stream_keys = keys,
                                           .max_record_bytes = 64u << 20,
                                           .max_root_bytes = 1u << 20,
                                           .max_depth = 32};
  struct reader r;
  memset(&r, 0, sizeof(r));
  r.inv = inv;
  r.file = path;
  int rc = vl_arena_new(256u << 20, &r.names);
  if (!rc) rc = vl_arena_new(256u << 20, &r.a);
  if (!rc) rc = vl_json_stream_file(path, &opts, on_record, on_root, &r, d);
  if (!rc && !r.roots) {
    vl_diag_where(d, path, 0, NULL);
    rc = vl_diag_set(d, VL_EPARSE, "no JSON value in the file");
  }
  if (!rc && !r.assets) {
    vl_diag_where(d, path, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "the file lists no asset");
  }
  vl_inv_rows(inv, r.assets);
  vl_arena_free(r.names);
  vl_arena_free(r.a);
  free(r.seen);
  return rc;
}

static bool sniff(const char *h, size_t n) {
  size_t i = 0;
  if (n >= 3 && !memcmp(h, "\xef\xbb\xbf", 3)) i = 3;
  while (i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' ||
                   h[i] == '\n'))
    i++;
  if (i >= n) return false;
  if (h[i] == '{') return vl_sbom_sniff_member(h + i, n - i, "assets", NULL);
  if (h[i] != '[') return false;
  for (i++; i < n && (h[i] == ' ' || h[i] == '\t' || h[i] == '\r' ||
                      h[i] == '\n');
       i++) {
  }
  return i < n && h[i] == '{' &&
         vl_sbom_sniff_member(h + i, n - i, "name", NULL);
}

const struct vl_inv_format vl_inv_fmt_cmdb_json = {
    "cmdb-json", "cmdb",
    "CMDB JSON: [ {name, address, ..., tags, software: [{cpe|purl, ...}]} ] "
    "or {\"assets\": [...]}; other members are kept as custom fields",
    sniff, import_json};
