/* The matcher: installed CPEs against NVD configurations.
 *
 * For each asset: every installed product looks up the affected statements
 * of its vendor:product; each (vulnerability, configuration) so found is
 * then evaluated as a whole against all of the asset's products, so that a
 * "running on" configuration (an AND of an application node and a platform
 * node) matches only where the platform is present too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"
#include "vulnloop/scope.h"
#include "vulnloop/vers.h"
#include "vulnloop/version.h"

#define MAX_SW_PER_ASSET 100000
#define MAX_CANDIDATES 100000
#define MAX_CONFIG_ROWS 20000

struct sw {
  int64_t id;
  char *cpe;                /* owned */
  char *version;            /* owned, unquoted */
  struct vl_cpe wfn;        /* parsed */
  struct vl_verkey key;     /* generic-scheme key of the version */
  bool key_ok;
};

struct cand {
  char *vuln;               /* owned */
  int config;
};

struct asset_run {
  const struct vl_ctx *ctx;
  struct vl_match_stats *st;
  int64_t asset_id;
  struct sw *sw;
  size_t nsw, capsw;
  struct cand *cand;
  size_t ncand, capcand;
  size_t cur_sw;            /* software whose statements are being listed */
};

/* One criterion of a configuration, copied out of the store's row. */
struct crit {
  int node;
  bool node_and, node_negate, vulnerable;
  char *criterion, *start_incl, *start_excl, *end_incl, *end_excl;
  struct vl_cpe wfn;
  struct vl_range *range;   /* the version bounds, NULL if none */
  bool bad_bounds;          /* bounds that do not parse match nothing */
};

static char *dup(const char *s) { return s ? strdup(s) : NULL; }

static void free_crits(struct crit *c, size_t n) {
  for (size_t i = 0; i < n; i++) {
    free(c[i].criterion);
    free(c[i].start_incl);
    free(c[i].start_excl);
    free(c[i].end_incl);
    free(c[i].end_excl);
    vl_range_free(c[i].range);
  }
  free(c);
}

/* Version bounds: true when the installed version lies inside the range
 * (include/vulnloop/vers.h, built from NVD's Including/Excluding bounds).
 * Bounds that cannot be parsed, or an installed version that cannot, make
 * the answer "no" (never a guess). */
static bool in_bounds(const struct sw *s, const struct crit *c) {
  if (c->bad_bounds) return false;
  if (!c->range) return true;
  bool in = false;
  if (!s->key_ok || vl_range_contains(c->range, &s->key, &in)) return false;
  return in;
}

/* Does criterion c match installed product s?  Every attribute of the
 * criterion must be a superset of (or equal to) the product's; the version
 * bounds must hold. */
static bool crit_matches(const struct crit *c, const struct sw *s) {
  enum vl_cpe_rel rel[VL_CPE_NATTR];
  vl_cpe_compare(&c->wfn, &s->wfn, rel);
  for (int i = 0; i < VL_CPE_NATTR; i++)
    if (rel[i] != VL_CPE_REL_SUPERSET && rel[i] != VL_CPE_REL_EQUAL)
      return false;
  return in_bounds(s, c);
}

static void bound_text(const struct crit *c, char *buf, size_t size) {
  size_t n = 0;
  buf[0] = '\0';
  const char *ops[4] = {">= ", "> ", "<= ", "< "};
  const char *b[4] = {c->start_incl, c->start_excl, c->end_incl, c->end_excl};
  for (int i = 0; i < 4; i++) {
    if (!b[i] || n >= size) continue;
    int w = snprintf(buf + n, size - n, "%s%s%s", n ? ", " : "", ops[i], b[i]);
    if (w > 0) n += (size_t)w;
  }
}

struct load_ctx {
  struct crit *c;
  size_t n, cap;
  bool config_and;      /* the configuration's operator */
  bool config_negate;
};

static int load_row(void *ud, const struct vl_affected_row *r) {
  struct load_ctx *l = ud;
  if (l->n == MAX_CONFIG_ROWS) return VL_ETOOBIG;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 16;
    struct crit *nc = realloc(l->c, cap * sizeof(*nc));
    if (!nc) return VL_ENOMEM;
    l->c = nc;
    l->cap = cap;
  }
  struct crit *c = &l->c[l->n++];
  memset(c, 0, sizeof(*c));
  l->config_and = r->a.config_op && !strcmp(r->a.config_op, "AND");
  l->config_negate = r->a.config_negate;
  c->node = r->a.node;
  c->node_and = r->a.node_op && !strcmp(r->a.node_op, "AND");
  c->node_negate = r->a.node_negate;
  c->vulnerable = r->a.vulnerable;
  c->criterion = dup(r->a.criterion);
  c->start_incl = dup(r->a.start_incl);
  c->start_excl = dup(r->a.start_excl);
  c->end_incl = dup(r->a.end_incl);
  c->end_excl = dup(r->a.end_excl);
  if (!c->criterion) return VL_ENOMEM;
  if (c->start_incl || c->start_excl || c->end_incl || c->end_excl) {
    if (vl_range_from_nvd(VL_SCHEME_GENERIC, NULL, c->start_incl, c->start_excl,
                          c->end_incl, c->end_excl, &c->range, NULL)) {
      c->range = NULL;
      c->bad_bounds = true;
      vl_log(VL_LOG_WARN, "%s: version bounds of %s do not parse; it matches "
             "nothing", r->vuln, c->criterion);
    }
  }
  /* Criteria were validated on import; one that no longer parses can match
   * nothing (never a guess). */
  if (vl_cpe_parse_fs(c->criterion, strlen(c->criterion), &c->wfn, NULL)) {
    vl_cpe_init(&c->wfn);
    c->wfn.attr[VL_CPE_PART].kind = VL_CPE_NA;
  }
  return 0;
}

static int record(struct asset_run *ar, const char *vuln,
                  const struct crit *c, const struct sw *s,
                  struct vl_diag *d) {
  char bound[600], evidence[1200];
  bound_text(c, bound, sizeof(bound));
  if (bound[0])
    snprintf(evidence, sizeof(evidence),
             "installed %s (version %s) matches NVD criterion %s with "
             "version %s",
             s->cpe, s->version, c->criterion, bound);
  else
    snprintf(evidence, sizeof(evidence),
             "installed %s (version %s) matches NVD criterion %s", s->cpe,
             s->version, c->criterion);
  struct vl_finding f = {0};
  f.asset_id = ar->asset_id;
  f.vuln = vuln;
  f.software_id = s->id;
  f.version = s->version;
  f.evidence = evidence;
  f.criterion = c->criterion;
  f.bound = bound[0] ? bound : NULL;
  f.confidence = 1.0;
  int64_t id;
  int created;
  int rc = vl_store_finding_upsert(ar->ctx, &f, &id, &created, d);
  if (rc) return rc;
  ar->st->findings++;
  if (created) {
    ar->st->new_findings++;
    char after[1400];
    snprintf(after, sizeof(after),
             "{\"vulnerability\":\"%s\",\"software\":%lld,\"status\":\"open\"}",
             vuln, (long long)s->id);
    rc = vl_store_audit(ar->ctx, "finding.detected", "finding", id, NULL,
                        after, d);
  }
  return rc;
}

/* Evaluates one configuration against the asset; when it holds, records a
 * finding for every vulnerable criterion that an installed product
 * matches. */
static int eval_config(struct asset_run *ar, const char *vuln, int config,
                       struct vl_diag *d) {
  struct load_ctx l = {0};
  int rc = vl_store_affected_config(ar->ctx->store, vuln, config, load_row,
                                    &l, d);
  if (rc || !l.n) goto out;
  bool val = l.config_and;
  for (size_t i = 0; i < l.n;) {
    size_t j = i;
    while (j < l.n && l.c[j].node == l.c[i].node) j++;
    bool node_and = l.c[i].node_and, nv = node_and;
    for (size_t k = i; k < j; k++) {
      bool m = false;
      for (size_t s = 0; s < ar->nsw && !m; s++)
        m = crit_matches(&l.c[k], &ar->sw[s]);
      nv = node_and ? (nv && m) : (nv || m);
    }
    if (l.c[i].node_negate) nv = !nv;
    val = l.config_and ? (val && nv) : (val || nv);
    i = j;
  }
  if (l.config_negate) val = !val;
  if (!val) goto out;
  for (size_t k = 0; k < l.n && !rc; k++) {
    if (!l.c[k].vulnerable || l.c[k].node_negate) continue;
    for (size_t s = 0; s < ar->nsw && !rc; s++)
      if (crit_matches(&l.c[k], &ar->sw[s]))
        rc = record(ar, vuln, &l.c[k], &ar->sw[s], d);
  }
out:
  free_crits(l.c, l.n);
  return rc;
}

static int add_sw(void *ud, const struct vl_software *s) {
  struct asset_run *ar = ud;
  if (ar->nsw == MAX_SW_PER_ASSET) return VL_ETOOBIG;
  if (ar->nsw == ar->capsw) {
    size_t cap = ar->capsw ? ar->capsw * 2 : 32;
    struct sw *n = realloc(ar->sw, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    ar->sw = n;
    ar->capsw = cap;
  }
  struct sw *w = &ar->sw[ar->nsw];
  memset(w, 0, sizeof(*w));
  w->id = s->id;
  w->cpe = dup(s->cpe);
  w->version = dup(s->version ? s->version : "");
  if (!w->cpe || !w->version) {
    free(w->cpe);
    free(w->version);
    return VL_ENOMEM;
  }
  ar->nsw++;
  if (vl_cpe_parse_fs(w->cpe, strlen(w->cpe), &w->wfn, NULL)) {
    vl_cpe_init(&w->wfn);
    w->wfn.attr[VL_CPE_PART].kind = VL_CPE_NA;
  }
  w->key_ok = vl_version_key(VL_SCHEME_GENERIC, w->version,
                             strlen(w->version), &w->key, NULL) == 0;
  return 0;
}

static int add_cand(void *ud, const struct vl_affected_row *r) {
  struct asset_run *ar = ud;
  ar->st->candidates++;
  for (size_t i = 0; i < ar->ncand; i++)
    if (ar->cand[i].config == r->a.config && !strcmp(ar->cand[i].vuln, r->vuln))
      return 0;
  if (ar->ncand == MAX_CANDIDATES) return VL_ETOOBIG;
  if (ar->ncand == ar->capcand) {
    size_t cap = ar->capcand ? ar->capcand * 2 : 32;
    struct cand *n = realloc(ar->cand, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    ar->cand = n;
    ar->capcand = cap;
  }
  ar->cand[ar->ncand].vuln = dup(r->vuln);
  ar->cand[ar->ncand].config = r->a.config;
  if (!ar->cand[ar->ncand].vuln) return VL_ENOMEM;
  ar->ncand++;
  return 0;
}

static void run_reset(struct asset_run *ar) {
  for (size_t i = 0; i < ar->nsw; i++) {
    free(ar->sw[i].cpe);
    free(ar->sw[i].version);
  }
  for (size_t i = 0; i < ar->ncand; i++) free(ar->cand[i].vuln);
  ar->nsw = ar->ncand = 0;
}

static int match_asset(struct asset_run *ar, int64_t asset_id,
                       struct vl_diag *d) {
  run_reset(ar);
  ar->asset_id = asset_id;
  int rc = vl_store_software(ar->ctx, asset_id, add_sw, ar, d);
  if (rc) return rc;
  ar->st->software += (long)ar->nsw;
  for (size_t i = 0; i < ar->nsw; i++) {
    struct vl_cpe_key k;
    if (vl_cpe_key_fs(ar->sw[i].cpe, strlen(ar->sw[i].cpe), &k, NULL))
      continue;
    if ((rc = vl_store_affected_by_product(ar->ctx->store, k.vendor.text,
                                           k.product.text, add_cand, ar, d)))
      return rc;
  }
  for (size_t i = 0; i < ar->ncand && !rc; i++)
    rc = eval_config(ar, ar->cand[i].vuln, ar->cand[i].config, d);
  vl_log(VL_LOG_DEBUG, "asset %lld: %zu products, %zu candidate configurations",
         (long long)asset_id, ar->nsw, ar->ncand);
  return rc;
}

static int collect_asset(void *ud, const struct vl_asset *a) {
  return vl_ids_push(ud, a->id);
}

int vl_match_run(const struct vl_ctx *ctx, int64_t asset_id,
                 struct vl_match_stats *st, struct vl_diag *d) {
  memset(st, 0, sizeof(*st));
  struct asset_run ar = {0};
  ar.ctx = ctx;
  ar.st = st;
  struct vl_ids ids = {0};
  int rc;
  if (asset_id) {
    rc = collect_asset(&ids, &(struct vl_asset){.id = asset_id});
  } else {
    rc = vl_store_assets(ctx, collect_asset, &ids, d);
  }
  if (!rc) rc = vl_store_begin(ctx->store, d);
  if (!rc) {
    for (size_t i = 0; i < ids.n && !rc; i++)
      rc = match_asset(&ar, ids.v[i], d);
    if (rc)
      vl_store_rollback(ctx->store);
    else
      rc = vl_store_commit(ctx->store, d);
  }
  run_reset(&ar);
  free(ar.sw);
  free(ar.cand);
  vl_ids_free(&ids);
  return rc;
}
