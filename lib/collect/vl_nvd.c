/* NVD API 2.0 `cve` objects, NVD 1.1 feed items and CVE JSON 5 records,
 * converted into struct vl_vuln and upserted. */
#include <stdio.h>
#include <string.h>

#include "vl_collect_internal.h"

#define MAX_CVSS 64
#define MAX_AFFECTED 20000
#define MAX_REFS 2000

/* p (VL_DIAG_PATH_MAX bytes) = base "." key, then "[idx]" when idx >= 0,
 * cut short like snprintf.  Every field of every record gets a path in
 * case it is bad; built with printf these were ~5% of an NVD import. */
static void subpath(char *p, const char *base, const char *key, long idx) {
  size_t n = 0, cap = VL_DIAG_PATH_MAX - 1;
  for (const char *c = base; *c && n < cap; c++) p[n++] = *c;
  if (n < cap) p[n++] = '.';
  for (const char *c = key; *c && n < cap; c++) p[n++] = *c;
  if (idx >= 0) {
    char digits[24];
    size_t k = 0;
    unsigned long u = (unsigned long)idx;
    do digits[k++] = (char)('0' + u % 10);
    while ((u /= 10));
    if (n < cap) p[n++] = '[';
    while (k && n < cap) p[n++] = digits[--k];
    if (n < cap) p[n++] = ']';
  }
  p[n] = '\0';
}

/* Growable arrays in the record arena. */
struct acc {
  struct vl_cvss_rec cvss[MAX_CVSS];
  size_t n_cvss;
  struct vl_affected *aff;
  size_t n_aff, cap_aff;
  const char **refs;
  size_t n_refs, cap_refs;
};

/* The counts and pointers only: cvss[] entries are written whole before
 * they are counted.  (Zeroing the 3 KiB of cvss[], twice with the arena's
 * own memset, and a first 64 criteria were ~15% of converting a record,
 * measured with callgrind on bench_nvd's records.) */
static int acc_init(struct vl_import *im, struct acc *a) {
  (void)im;
  a->n_cvss = 0;
  a->aff = NULL;
  a->n_aff = a->cap_aff = 0;
  a->refs = NULL;
  a->n_refs = a->cap_refs = 0;
  return 0;
}

static struct vl_affected *acc_aff(struct vl_import *im, struct acc *a,
                                   struct vl_diag *d) {
  if (a->n_aff == a->cap_aff) {
    size_t cap = a->cap_aff ? a->cap_aff * 2 : 4;
    if (cap > MAX_AFFECTED) {
      vl_diag_set(d, VL_ETOOBIG, "more than %d CPE criteria in one record",
                  MAX_AFFECTED);
      return NULL;
    }
    struct vl_affected *n = vl_arena_alloc(im->arena, cap * sizeof(*n));
    if (!n) {
      vl_diag_set(d, VL_ETOOBIG, "record too large");
      return NULL;
    }
    if (a->n_aff) memcpy(n, a->aff, a->n_aff * sizeof(*n));
    a->aff = n;
    a->cap_aff = cap;
  }
  struct vl_affected *r = &a->aff[a->n_aff++];
  memset(r, 0, sizeof(*r));
  return r;
}

static const char *english(const struct vl_jv *arr, const char *lang_key,
                           const char *val_key) {
  const char *first = NULL;
  for (const struct vl_jv *e = arr ? arr->child : NULL; e; e = e->next) {
    const char *lang = vl_jv_str(e, lang_key), *val = vl_jv_str(e, val_key);
    if (!val) continue;
    if (lang && (!strcmp(lang, "en") || !strncmp(lang, "en-", 3))) return val;
    if (!first) first = val;
  }
  return first;
}

static const char *japanese(const struct vl_jv *arr, const char *lang_key,
                            const char *val_key) {
  for (const struct vl_jv *e = arr ? arr->child : NULL; e; e = e->next) {
    const char *lang = vl_jv_str(e, lang_key), *val = vl_jv_str(e, val_key);
    if (val && lang && !strncmp(lang, "ja", 2)) return val;
  }
  return NULL;
}

int vl_nvd_store(struct vl_import *im, const struct vl_vuln *v, long line,
                 const char *path, struct vl_diag *d) {
  int changed = 0;
  int rc = vl_store_vuln_upsert(im->store, v, &changed, d);
  if (rc) {
    vl_diag_where(d, im->file, d->line > 0 ? -1 : line, path);
    return rc;
  }
  if (changed)
    im->st->changed++;
  else
    im->st->unchanged++;
  return 0;
}

static int upsert(struct vl_import *im, struct vl_vuln *v, struct acc *a,
                  long line, const char *path, struct vl_diag *d) {
  v->cvss = a->cvss;
  v->n_cvss = a->n_cvss;
  v->affected = a->aff;
  v->n_affected = a->n_aff;
  v->refs = a->refs;
  v->n_refs = a->n_refs;
  if (im->emit) return im->emit(im->emit_ud, v, line, path, d);
  return vl_nvd_store(im, v, line, path, d);
}

/* s copied into a, or NULL for NULL; *ok turns false past a's cap. */
static const char *dup(struct vl_arena *a, const char *s, bool *ok) {
  if (!s) return NULL;
  const char *c = vl_arena_strdup(a, s);
  if (!c) *ok = false;
  return c;
}

/* "AND" and "OR" are the converters' literals: kept, not copied. */
static const char *op(const char *s) {
  return s && !strcmp(s, "AND") ? "AND" : "OR";
}

int vl_vuln_copy(struct vl_arena *a, const struct vl_vuln *v,
                 struct vl_vuln **out) {
  bool ok = true;
  struct vl_vuln *c = vl_arena_alloc(a, sizeof(*c));
  if (!c) return VL_ETOOBIG;
  *c = *v;
  c->id = dup(a, v->id, &ok);
  c->source = dup(a, v->source, &ok);
  c->status = dup(a, v->status, &ok);
  c->title = dup(a, v->title, &ok);
  c->desc_en = dup(a, v->desc_en, &ok);
  c->desc_ja = dup(a, v->desc_ja, &ok);
  c->cwe = dup(a, v->cwe, &ok);
  c->kev_action = dup(a, v->kev_action, &ok);
  c->raw_sha256 = dup(a, v->raw_sha256, &ok);
  c->cvss = NULL;
  c->affected = NULL;
  c->refs = NULL;
  if (v->n_cvss && !(c->cvss = vl_arena_alloc(a, v->n_cvss * sizeof(*c->cvss))))
    return VL_ETOOBIG;
  for (size_t i = 0; i < v->n_cvss; i++) {
    const struct vl_cvss_rec *f = &v->cvss[i];
    struct vl_cvss_rec *t = &c->cvss[i];
    t->version = dup(a, f->version, &ok);
    t->source = dup(a, f->source, &ok);
    t->type = dup(a, f->type, &ok);
    t->vector = dup(a, f->vector, &ok);
    t->base_score = f->base_score;
    t->severity = dup(a, f->severity, &ok);
  }
  if (v->n_affected &&
      !(c->affected = vl_arena_alloc(a, v->n_affected * sizeof(*c->affected))))
    return VL_ETOOBIG;
  for (size_t i = 0; i < v->n_affected; i++) {
    const struct vl_affected *f = &v->affected[i];
    struct vl_affected *t = &c->affected[i];
    *t = *f;
    t->config_op = op(f->config_op);
    t->node_op = op(f->node_op);
    t->criterion = dup(a, f->criterion, &ok);
    t->part = dup(a, f->part, &ok);
    t->vendor = dup(a, f->vendor, &ok);
    t->product = dup(a, f->product, &ok);
    t->match_id = dup(a, f->match_id, &ok);
    t->start_incl = dup(a, f->start_incl, &ok);
    t->start_excl = dup(a, f->start_excl, &ok);
    t->end_incl = dup(a, f->end_incl, &ok);
    t->end_excl = dup(a, f->end_excl, &ok);
  }
  if (v->n_refs && !(c->refs = vl_arena_alloc(a, v->n_refs * sizeof(*c->refs))))
    return VL_ETOOBIG;
  for (size_t i = 0; i < v->n_refs; i++) c->refs[i] = dup(a, v->refs[i], &ok);
  if (!ok) return VL_ETOOBIG;
  *out = c;
  return 0;
}

/* ------------------------------------------------------------- NVD 2.0 */

static int nvd2_metrics(struct vl_import *im, const struct vl_jv *metrics,
                        const char *path, struct acc *a, struct vl_diag *d) {
  static const struct {
    const char *key, *version;
  } kinds[] = {{"cvssMetricV40", "4.0"},
               {"cvssMetricV31", "3.1"},
               {"cvssMetricV30", "3.0"},
               {"cvssMetricV2", "2.0"}};
  for (size_t k = 0; k < VL_ARRAY_LEN(kinds); k++) {
    const struct vl_jv *arr;
    char p[VL_DIAG_PATH_MAX];
    int rc = vl_opt_arr(metrics, kinds[k].key, path, &arr, d);
    if (rc) return rc;
    size_t i = 0;
    for (const struct vl_jv *m = arr ? arr->child : NULL; m; m = m->next, i++) {
      subpath(p, path, kinds[k].key, (long)i);
      const struct vl_jv *data;
      if ((rc = vl_opt_obj(m, "cvssData", p, &data, d))) return rc;
      if (!data) {
        vl_diag_where(d, NULL, m->line, p);
        return vl_diag_set(d, VL_EINVAL, "metric without cvssData");
      }
      if (a->n_cvss == MAX_CVSS) return vl_diag_set(d, VL_ETOOBIG, "too many CVSS metrics");
      struct vl_cvss_rec *c = &a->cvss[a->n_cvss];
      char pd[VL_DIAG_PATH_MAX];
      subpath(pd, p, "cvssData", -1);
      if ((rc = vl_need_str(data, "vectorString", pd, &c->vector, d)) ||
          (rc = vl_opt_str(m, "source", p, &c->source, d)) ||
          (rc = vl_opt_str(m, "type", p, &c->type, d)) ||
          (rc = vl_opt_str(data, "baseSeverity", pd, &c->severity, d)))
        return rc;
      if (!c->severity && (rc = vl_opt_str(m, "baseSeverity", p, &c->severity, d)))
        return rc;
      const struct vl_jv *bs = vl_jv_get(data, "baseScore");
      if (!bs || bs->type != VL_JNUM) {
        snprintf(pd, sizeof(pd), "%s.cvssData.baseScore", p);
        vl_diag_where(d, NULL, bs ? bs->line : data->line, pd);
        return vl_diag_set(d, VL_ETYPE, "expected a number");
      }
      c->base_score = bs->num;
      c->version = kinds[k].version;
      a->n_cvss++;
    }
  }
  return 0;
}

/* The criterion (under crit_key) and the version bounds of one cpeMatch
 * entry: NVD 2.0 and the 1.1 feeds name them alike but for the criterion. */
static int match_entry(struct vl_import *im, const struct vl_jv *m,
                       const char *pm, const char *crit_key,
                       struct vl_affected *af, struct vl_diag *d) {
  int rc;
  if ((rc = vl_need_str(m, crit_key, pm, &af->criterion, d)) ||
      (rc = vl_opt_str(m, "versionStartIncluding", pm, &af->start_incl, d)) ||
      (rc = vl_opt_str(m, "versionStartExcluding", pm, &af->start_excl, d)) ||
      (rc = vl_opt_str(m, "versionEndIncluding", pm, &af->end_incl, d)) ||
      (rc = vl_opt_str(m, "versionEndExcluding", pm, &af->end_excl, d)))
    return rc;
  char pc[VL_DIAG_PATH_MAX];
  subpath(pc, pm, crit_key, -1);
  if ((rc = vl_affected_from_cpe(im, af, pc, d)))
    vl_diag_where(d, NULL, m->line, NULL);
  return rc;
}

static int nvd2_configs(struct vl_import *im, const struct vl_jv *configs,
                        const char *path, struct acc *a, struct vl_diag *d) {
  size_t ci = 0;
  int rc;
  for (const struct vl_jv *c = configs ? configs->child : NULL; c;
       c = c->next, ci++) {
    char pc[VL_DIAG_PATH_MAX];
    subpath(pc, path, "configurations", (long)ci);
    const char *cop;
    const struct vl_jv *nodes;
    if ((rc = vl_opt_str(c, "operator", pc, &cop, d)) ||
        (rc = vl_opt_arr(c, "nodes", pc, &nodes, d)))
      return rc;
    bool cneg = vl_jv_bool(c, "negate", false);
    size_t ni = 0;
    for (const struct vl_jv *n = nodes ? nodes->child : NULL; n;
         n = n->next, ni++) {
      char pn[VL_DIAG_PATH_MAX];
      subpath(pn, pc, "nodes", (long)ni);
      const char *nop;
      const struct vl_jv *matches;
      if ((rc = vl_opt_str(n, "operator", pn, &nop, d)) ||
          (rc = vl_opt_arr(n, "cpeMatch", pn, &matches, d)))
        return rc;
      size_t mi = 0;
      for (const struct vl_jv *m = matches ? matches->child : NULL; m;
           m = m->next, mi++) {
        char pm[VL_DIAG_PATH_MAX];
        subpath(pm, pn, "cpeMatch", (long)mi);
        struct vl_affected *af = acc_aff(im, a, d);
        if (!af) return VL_ETOOBIG;
        af->config = (int)ci;
        af->config_op = cop && !strcmp(cop, "AND") ? "AND" : "OR";
        af->config_negate = cneg;
        af->node = (int)ni;
        af->node_op = nop && !strcmp(nop, "AND") ? "AND" : "OR";
        af->node_negate = vl_jv_bool(n, "negate", false);
        af->vulnerable = vl_jv_bool(m, "vulnerable", true);
        if ((rc = match_entry(im, m, pm, "criteria", af, d)) ||
            (rc = vl_opt_str(m, "matchCriteriaId", pm, &af->match_id, d)))
          return rc;
      }
    }
  }
  return 0;
}

/* The first MAX_REFS reference URLs, in an array sized to the record's
 * (not MAX_REFS pointers zeroed for every record). */
static int refs(struct vl_import *im, struct acc *a, const struct vl_jv *arr,
                const char *url_key) {
  size_t more = arr ? arr->n : 0;
  if (more > MAX_REFS - a->n_refs) more = MAX_REFS - a->n_refs;
  size_t want = a->n_refs + more;
  if (want > a->cap_refs) {
    const char **n = vl_arena_alloc(im->arena, want * sizeof(*n));
    if (!n) return VL_ENOMEM;
    if (a->n_refs) memcpy(n, a->refs, a->n_refs * sizeof(*n));
    a->refs = n;
    a->cap_refs = want;
  }
  for (const struct vl_jv *r = arr ? arr->child : NULL; r; r = r->next) {
    const char *u = vl_jv_str(r, url_key);
    if (u && a->n_refs < a->cap_refs) a->refs[a->n_refs++] = u;
  }
  return 0;
}

static const char *cwe_list(struct vl_import *im, const struct vl_jv *weak) {
  struct vl_buf b;
  vl_buf_init(&b, 4096);
  for (const struct vl_jv *w = weak ? weak->child : NULL; w; w = w->next) {
    const struct vl_jv *desc = vl_jv_get(w, "description");
    for (const struct vl_jv *e = desc ? desc->child : NULL; e; e = e->next) {
      const char *v = vl_jv_str(e, "value");
      if (!v || strncmp(v, "CWE-", 4) != 0) continue;
      if (b.len && strstr(b.data, v)) continue;
      if (b.len) vl_buf_puts(&b, ",");
      vl_buf_puts(&b, v);
    }
  }
  const char *r = b.len ? vl_arena_strdup(im->arena, b.data) : NULL;
  vl_buf_free(&b);
  return r;
}

int vl_nvd2_record(struct vl_import *im, const struct vl_jv *cve,
                   const char *path, long line, struct vl_diag *d) {
  struct vl_vuln v = {0};
  struct acc acc, *a = &acc; /* v points into it until upsert returns */
  int rc = acc_init(im, a);
  if (rc) return rc;
  const struct vl_jv *descs, *metrics, *configs, *refarr, *weak;
  if ((rc = vl_need_str(cve, "id", path, &v.id, d)) ||
      (rc = vl_need_time(cve, "lastModified", path, &v.modified, d)) ||
      (rc = vl_opt_time(cve, "published", path, &v.published, d)) ||
      (rc = vl_opt_str(cve, "vulnStatus", path, &v.status, d)) ||
      (rc = vl_opt_time(cve, "cisaExploitAdd", path, &v.kev_added, d)) ||
      (rc = vl_opt_time(cve, "cisaActionDue", path, &v.kev_due, d)) ||
      (rc = vl_opt_str(cve, "cisaRequiredAction", path, &v.kev_action, d)) ||
      (rc = vl_opt_str(cve, "cisaVulnerabilityName", path, &v.title, d)) ||
      (rc = vl_opt_arr(cve, "descriptions", path, &descs, d)) ||
      (rc = vl_opt_obj(cve, "metrics", path, &metrics, d)) ||
      (rc = vl_opt_arr(cve, "configurations", path, &configs, d)) ||
      (rc = vl_opt_arr(cve, "references", path, &refarr, d)) ||
      (rc = vl_opt_arr(cve, "weaknesses", path, &weak, d)))
    goto fail;
  char pm[VL_DIAG_PATH_MAX];
  subpath(pm, path, "metrics", -1);
  if (metrics && (rc = nvd2_metrics(im, metrics, pm, a, d))) goto fail;
  if ((rc = nvd2_configs(im, configs, path, a, d))) goto fail;
  if ((rc = refs(im, a, refarr, "url"))) goto fail;
  v.source = "nvd";
  v.desc_en = english(descs, "lang", "value");
  v.desc_ja = japanese(descs, "lang", "value");
  v.cwe = cwe_list(im, weak);
  return upsert(im, &v, a, line, path, d);
fail:
  vl_diag_where(d, im->file, d->line > 0 ? -1 : line, NULL);
  return rc;
}

/* ------------------------------------------------------------- NVD 1.1 */

static int nvd11_node(struct vl_import *im, const struct vl_jv *node,
                      int config, const char *cop, int *nodeno,
                      const char *path, struct acc *a, struct vl_diag *d) {
  int rc;
  const struct vl_jv *matches, *children;
  const char *nop;
  if ((rc = vl_opt_str(node, "operator", path, &nop, d)) ||
      (rc = vl_opt_arr(node, "cpe_match", path, &matches, d)) ||
      (rc = vl_opt_arr(node, "children", path, &children, d)))
    return rc;
  if (children && children->n) {
    size_t i = 0;
    for (const struct vl_jv *c = children->child; c; c = c->next, i++) {
      char p[VL_DIAG_PATH_MAX];
      snprintf(p, sizeof(p), "%s.children[%zu]", path, i);
      if ((rc = nvd11_node(im, c, config, nop, nodeno, p, a, d))) return rc;
    }
    return 0;
  }
  size_t mi = 0;
  for (const struct vl_jv *m = matches ? matches->child : NULL; m;
       m = m->next, mi++) {
    char pm[VL_DIAG_PATH_MAX];
    snprintf(pm, sizeof(pm), "%s.cpe_match[%zu]", path, mi);
    struct vl_affected *af = acc_aff(im, a, d);
    if (!af) return VL_ETOOBIG;
    af->config = config;
    af->config_op = cop && !strcmp(cop, "AND") ? "AND" : "OR";
    af->node = *nodeno;
    af->node_op = nop && !strcmp(nop, "AND") ? "AND" : "OR";
    af->node_negate = vl_jv_bool(node, "negate", false);
    af->vulnerable = vl_jv_bool(m, "vulnerable", true);
    if ((rc = match_entry(im, m, pm, "cpe23Uri", af, d))) return rc;
  }
  (*nodeno)++;
  return 0;
}

int vl_nvd11_record(struct vl_import *im, const struct vl_jv *item,
                    const char *path, long line, struct vl_diag *d) {
  struct vl_vuln v = {0};
  struct acc acc, *a = &acc; /* v points into it until upsert returns */
  int rc = acc_init(im, a);
  if (rc) return rc;
  char p[VL_DIAG_PATH_MAX];
  const struct vl_jv *cve = vl_jv_get(item, "cve"), *meta, *conf, *impact;
  snprintf(p, sizeof(p), "%s.cve", path);
  if ((rc = vl_opt_obj(cve, "CVE_data_meta", p, &meta, d))) goto fail;
  snprintf(p, sizeof(p), "%s.cve.CVE_data_meta", path);
  if ((rc = vl_need_str(meta, "ID", p, &v.id, d)) ||
      (rc = vl_need_time(item, "lastModifiedDate", path, &v.modified, d)) ||
      (rc = vl_opt_time(item, "publishedDate", path, &v.published, d)) ||
      (rc = vl_opt_obj(item, "configurations", path, &conf, d)) ||
      (rc = vl_opt_obj(item, "impact", path, &impact, d)))
    goto fail;
  v.desc_en = english(vl_jv_path(cve, "description.description_data"), "lang",
                      "value");
  if ((rc = refs(im, a, vl_jv_path(cve, "references.reference_data"), "url")))
    goto fail;
  const struct vl_jv *nodes = vl_jv_get(conf, "nodes");
  size_t i = 0;
  for (const struct vl_jv *n = nodes && nodes->type == VL_JARR ? nodes->child
                                                                : NULL;
       n; n = n->next, i++) {
    char pn[VL_DIAG_PATH_MAX];
    int nodeno = 0;
    snprintf(pn, sizeof(pn), "%s.configurations.nodes[%zu]", path, i);
    const char *op = vl_jv_str(n, "operator");
    if ((rc = nvd11_node(im, n, (int)i, op, &nodeno, pn, a, d))) goto fail;
  }
  static const struct {
    const char *metric, *data, *version;
  } kinds[] = {{"baseMetricV3", "cvssV3", NULL}, {"baseMetricV2", "cvssV2", "2.0"}};
  for (size_t k = 0; k < VL_ARRAY_LEN(kinds); k++) {
    const struct vl_jv *data = vl_jv_get(vl_jv_get(impact, kinds[k].metric),
                                         kinds[k].data);
    if (!data || data->type != VL_JOBJ) continue;
    struct vl_cvss_rec *c = &a->cvss[a->n_cvss];
    c->vector = vl_jv_str(data, "vectorString");
    if (!c->vector) continue;
    c->version = kinds[k].version ? kinds[k].version : vl_jv_str(data, "version");
    if (!c->version) c->version = "3.0";
    c->base_score = vl_jv_num(data, "baseScore", 0);
    c->severity = vl_jv_str(data, "baseSeverity");
    if (!c->severity)
      c->severity = vl_jv_str(vl_jv_get(impact, kinds[k].metric), "severity");
    c->source = "nvd@nist.gov";
    c->type = "Primary";
    a->n_cvss++;
  }
  v.source = "nvd";
  return upsert(im, &v, a, line, path, d);
fail:
  vl_diag_where(d, im->file, d->line > 0 ? -1 : line, NULL);
  return rc;
}

/* ---------------------------------------------------------- CVE JSON 5 */

/* CISA's Vulnrichment ADP container carries SSVC inputs and KEV. */
static int cve5_adp(struct vl_import *im, const char *id,
                    const struct vl_jv *adp, struct vl_diag *d) {
  for (const struct vl_jv *c = adp ? adp->child : NULL; c; c = c->next) {
    const char *org = vl_jv_str(vl_jv_get(c, "providerMetadata"), "shortName");
    const struct vl_jv *metrics = vl_jv_get(c, "metrics");
    for (const struct vl_jv *m = metrics ? metrics->child : NULL; m;
         m = m->next) {
      const struct vl_jv *other = vl_jv_get(m, "other");
      const char *type = vl_jv_str(other, "type");
      const struct vl_jv *content = vl_jv_get(other, "content");
      if (!type || !content || strcmp(type, "ssvc") != 0) continue;
      struct vl_ssvc sv = {0};
      sv.cve = id;
      sv.source = org ? org : "adp";
      vl_time_parse(vl_jv_str(content, "timestamp") ? vl_jv_str(content, "timestamp") : "", &sv.timestamp);
      const struct vl_jv *opts = vl_jv_get(content, "options");
      for (const struct vl_jv *o = opts ? opts->child : NULL; o; o = o->next) {
        const char *e = vl_jv_str(o, "Exploitation");
        const char *au = vl_jv_str(o, "Automatable");
        const char *ti = vl_jv_str(o, "Technical Impact");
        if (e) sv.exploitation = !strcmp(e, "public poc") ? "poc" : e;
        if (au) sv.automatable = au;
        if (ti && *ti) sv.technical_impact = ti;
      }
      int changed;
      int rc = vl_store_ssvc_upsert(im->store, &sv, &changed, d);
      if (rc) return rc;
    }
  }
  return 0;
}

/* The CNA's "solutions" and "workarounds": what the vendor says to do. */
static int cve5_remediations(struct vl_import *im, const char *id,
                             const struct vl_jv *cna, struct vl_diag *d) {
  static const struct {
    const char *key, *kind;
  } kinds[] = {{"solutions", "vendor_fix"}, {"workarounds", "workaround"}};
  struct vl_remediation r[16];
  size_t n = 0;
  const char *org = vl_jv_str(vl_jv_get(cna, "providerMetadata"), "shortName");
  char source[128];
  snprintf(source, sizeof(source), "%s (CVE record)", org ? org : "CNA");
  for (size_t k = 0; k < VL_ARRAY_LEN(kinds); k++) {
    const struct vl_jv *arr = vl_jv_get(cna, kinds[k].key);
    const char *text = arr && arr->type == VL_JARR ? english(arr, "lang", "value")
                                                    : NULL;
    if (!text || !*text || n == VL_ARRAY_LEN(r)) continue;
    /* Vendors write CRLF lists; keep them as lines. */
    char *clean = vl_arena_strdup(im->arena, text);
    if (!clean) return VL_ENOMEM;
    size_t w = 0;
    for (size_t i = 0; clean[i]; i++)
      if (clean[i] != '\r') clean[w++] = clean[i];
    while (w && (clean[w - 1] == '\n' || clean[w - 1] == ' ')) w--;
    clean[w] = '\0';
    r[n++] = (struct vl_remediation){id, kinds[k].kind, clean, NULL, source};
  }
  return vl_store_remediations_set(im->store, id, source, id, r, n, d);
}

/* The CNA's affected[].vendor/product in its own words (watchlists match
 * them where no CPE exists yet); "n/a" says nothing. */
static int cve5_names(struct vl_import *im, const char *id,
                      const struct vl_jv *cna, struct vl_diag *d) {
  struct vl_vuln_name n[64];
  size_t k = 0;
  const struct vl_jv *aff = vl_jv_get(cna, "affected");
  for (const struct vl_jv *e = aff && aff->type == VL_JARR ? aff->child : NULL;
       e && k < VL_ARRAY_LEN(n); e = e->next) {
    const char *vendor = vl_jv_str(e, "vendor"), *product = vl_jv_str(e, "product");
    if (vendor && (!*vendor || !strcmp(vendor, "n/a"))) vendor = NULL;
    if (product && (!*product || !strcmp(product, "n/a"))) product = NULL;
    if (vendor || product) n[k++] = (struct vl_vuln_name){vendor, product};
  }
  return vl_store_vuln_names_set(im->store, id, "cve5", n, k, d);
}

int vl_cve5_record(struct vl_import *im, const struct vl_jv *rec,
                   const char *path, long line, struct vl_diag *d) {
  struct vl_vuln v = {0};
  struct acc acc, *a = &acc; /* v points into it until upsert returns */
  int rc = acc_init(im, a);
  if (rc) return rc;
  const struct vl_jv *meta, *containers, *cna, *adp;
  char p[VL_DIAG_PATH_MAX];
  if ((rc = vl_opt_obj(rec, "cveMetadata", path, &meta, d)) ||
      (rc = vl_opt_obj(rec, "containers", path, &containers, d)))
    goto fail;
  snprintf(p, sizeof(p), "%s.cveMetadata", path);
  const char *state;
  if ((rc = vl_need_str(meta, "cveId", p, &v.id, d)) ||
      (rc = vl_opt_str(meta, "state", p, &state, d)))
    goto fail;
  vl_time upd = 0, pub = 0;
  if ((rc = vl_opt_time(meta, "dateUpdated", p, &upd, d)) ||
      (rc = vl_opt_time(meta, "datePublished", p, &pub, d)))
    goto fail;
  v.modified = upd ? upd : pub;
  v.published = pub;
  v.status = state;
  snprintf(p, sizeof(p), "%s.containers", path);
  if ((rc = vl_opt_obj(containers, "cna", p, &cna, d)) ||
      (rc = vl_opt_arr(containers, "adp", p, &adp, d)))
    goto fail;
  v.title = vl_jv_str(cna, "title");
  v.desc_en = english(vl_jv_get(cna, "descriptions"), "lang", "value");
  v.desc_ja = japanese(vl_jv_get(cna, "descriptions"), "lang", "value");
  if ((rc = refs(im, a, vl_jv_get(cna, "references"), "url"))) goto fail;
  /* CVSS from the CNA and every ADP container. */
  static const struct {
    const char *key, *version;
  } kinds[] = {{"cvssV4_0", "4.0"}, {"cvssV3_1", "3.1"}, {"cvssV3_0", "3.0"},
               {"cvssV2_0", "2.0"}};
  const struct vl_jv *holders[65];
  size_t nh = 0;
  if (cna) holders[nh++] = cna;
  for (const struct vl_jv *c = adp ? adp->child : NULL; c && nh < 65; c = c->next)
    holders[nh++] = c;
  for (size_t h = 0; h < nh; h++) {
    const char *src = vl_jv_str(vl_jv_get(holders[h], "providerMetadata"),
                                "shortName");
    const struct vl_jv *metrics = vl_jv_get(holders[h], "metrics");
    for (const struct vl_jv *m = metrics ? metrics->child : NULL; m; m = m->next)
      for (size_t k = 0; k < VL_ARRAY_LEN(kinds); k++) {
        const struct vl_jv *data = vl_jv_get(m, kinds[k].key);
        if (!data || a->n_cvss == MAX_CVSS) continue;
        struct vl_cvss_rec *c = &a->cvss[a->n_cvss];
        c->vector = vl_jv_str(data, "vectorString");
        if (!c->vector) continue;
        c->version = kinds[k].version;
        c->base_score = vl_jv_num(data, "baseScore", 0);
        c->severity = vl_jv_str(data, "baseSeverity");
        c->source = src;
        c->type = h == 0 ? "CNA" : "ADP";
        a->n_cvss++;
      }
  }
  v.source = "cve5";
  long before = im->st->changed;
  if ((rc = upsert(im, &v, a, line, path, d))) return rc;
  if (im->st->changed > before && (rc = cve5_names(im, v.id, cna, d)))
    goto fail;
  if ((rc = cve5_adp(im, v.id, adp, d))) goto fail;
  if ((rc = cve5_remediations(im, v.id, cna, d))) goto fail;
  return 0;
fail:
  vl_diag_where(d, im->file, d->line > 0 ? -1 : line, NULL);
  return rc;
}
