/* Triage: BOD 26-04 decisions for every open finding, explained. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"
#include "vulnloop/cvss.h"
#include "vulnloop/decide.h"

/* Copies of what a decision needs from struct vl_vuln_info (whose strings
 * live only during the store's callback). */
struct facts {
  bool found;
  bool in_kev;
  vl_time kev_added;
  bool has_ssvc;
  char automatable[16], impact[16], ssvc_source[64];
  bool has_cvss;
  char cvss_version[8], cvss_vector[VL_CVSS_VECTOR_MAX];
  double cvss_score;
};

static int copy_facts(void *ud, const struct vl_vuln_info *v) {
  struct facts *f = ud;
  f->found = true;
  f->in_kev = v->in_kev;
  f->kev_added = v->kev_added;
  f->has_ssvc = v->has_ssvc;
  snprintf(f->automatable, sizeof(f->automatable), "%s",
           v->ssvc_automatable ? v->ssvc_automatable : "");
  snprintf(f->impact, sizeof(f->impact), "%s",
           v->ssvc_impact ? v->ssvc_impact : "");
  snprintf(f->ssvc_source, sizeof(f->ssvc_source), "%s",
           v->ssvc_source ? v->ssvc_source : "");
  f->has_cvss = v->has_cvss;
  snprintf(f->cvss_version, sizeof(f->cvss_version), "%s",
           v->cvss_version ? v->cvss_version : "");
  snprintf(f->cvss_vector, sizeof(f->cvss_vector), "%s",
           v->cvss_vector ? v->cvss_vector : "");
  f->cvss_score = v->cvss_score;
  return 0;
}

/* Value of metric name in a validated vector ("AV" in ".../AV:N/..."). */
static char metric(const char *vec, const char *name) {
  size_t n = strlen(name);
  for (const char *p = vec; (p = strstr(p, name)); p++)
    if ((p == vec || p[-1] == '/' || p[-1] == '(') && p[n] == ':')
      return p[n + 1];
  return 0;
}

/* SSVC inputs from CVSS, when CISA has not scored the CVE: automatable
 * when reachable over the network with low complexity, no privileges and
 * no user interaction; total impact when both confidentiality and
 * integrity are lost completely (docs/decide.md). */
static bool derive(const struct facts *f, bool *automatable, bool *total,
                   char *why, size_t size) {
  if (!f->has_cvss) return false;
  struct vl_cvss c;
  if (vl_cvss_parse(f->cvss_vector, strlen(f->cvss_vector), &c, NULL))
    return false;
  const char *v = f->cvss_vector;
  if (c.version == VL_CVSS_V2) {
    *automatable = metric(v, "AV") == 'N' && metric(v, "AC") == 'L' &&
                   metric(v, "Au") == 'N';
    *total = metric(v, "C") == 'C' && metric(v, "I") == 'C';
  } else if (c.version == VL_CVSS_V40) {
    *automatable = metric(v, "AV") == 'N' && metric(v, "AC") == 'L' &&
                   metric(v, "AT") == 'N' && metric(v, "PR") == 'N' &&
                   metric(v, "UI") == 'N';
    *total = metric(v, "VC") == 'H' && metric(v, "VI") == 'H';
  } else {
    *automatable = metric(v, "AV") == 'N' && metric(v, "AC") == 'L' &&
                   metric(v, "PR") == 'N' && metric(v, "UI") == 'N';
    *total = metric(v, "C") == 'H' && metric(v, "I") == 'H';
  }
  snprintf(why, size, "derived from CVSS %s %s", f->cvss_version, v);
  return true;
}

int vl_decide_finding(const struct vl_ctx *ctx, const struct vl_finding *f,
                      struct vl_decision *out, struct vl_diag *d) {
  struct facts fx;
  memset(&fx, 0, sizeof(fx));
  memset(out, 0, sizeof(*out));
  int rc = vl_store_vuln_info(ctx->store, f->vuln, copy_facts, &fx, d);
  if (rc && rc != VL_ENOTFOUND) return rc;
  vl_diag_clear(d);
  struct vl_bod_inputs in = {0};
  char kev_s[96], exp_s[96], auto_s[400], tot_s[400], derived[300] = "";
  bool d_auto = false, d_total = false;
  bool have_derived = derive(&fx, &d_auto, &d_total, derived, sizeof(derived));

  in.kev = fx.in_kev;
  if (fx.in_kev) {
    char date[16];
    vl_time_format_date(fx.kev_added, date, sizeof(date));
    snprintf(kev_s, sizeof(kev_s), "in KEV since %s", date);
  } else {
    snprintf(kev_s, sizeof(kev_s), "not in KEV");
  }

  if (f->exposure && !strcmp(f->exposure, "internet")) {
    in.exposed = true;
    snprintf(exp_s, sizeof(exp_s), "internet-facing");
  } else if (f->exposure && !strcmp(f->exposure, "internal")) {
    snprintf(exp_s, sizeof(exp_s), "internal");
  } else {
    in.exposed = true;
    snprintf(exp_s, sizeof(exp_s),
             "exposure unknown (assumed internet-facing: set it in the CMDB)");
  }

  if (!strcmp(fx.automatable, "yes") || !strcmp(fx.automatable, "no")) {
    in.automatable = !strcmp(fx.automatable, "yes");
    snprintf(auto_s, sizeof(auto_s), "%sautomatable (SSVC, %s)",
             in.automatable ? "" : "not ", fx.ssvc_source);
  } else if (have_derived) {
    in.automatable = d_auto;
    snprintf(auto_s, sizeof(auto_s), "%sautomatable (assumed: no SSVC; %s)",
             d_auto ? "" : "not ", derived);
  } else {
    in.automatable = true;
    snprintf(auto_s, sizeof(auto_s),
             "automatable (assumed: no SSVC and no CVSS, the worse value)");
  }

  if (!strcmp(fx.impact, "total") || !strcmp(fx.impact, "partial")) {
    in.total = !strcmp(fx.impact, "total");
    snprintf(tot_s, sizeof(tot_s), "%s technical impact (SSVC, %s)",
             fx.impact, fx.ssvc_source);
  } else if (have_derived) {
    in.total = d_total;
    snprintf(tot_s, sizeof(tot_s), "%s technical impact (assumed: no SSVC; %s)",
             d_total ? "total" : "partial", derived);
  } else {
    in.total = true;
    snprintf(tot_s, sizeof(tot_s),
             "total technical impact (assumed: no SSVC and no CVSS, the worse "
             "value)");
  }

  int row = 0, days = 0;
  const char *outcome = vl_bod2604_lookup(&in, &row, &days);
  snprintf(out->model, sizeof(out->model), "%s", VL_MODEL_BOD2604);
  snprintf(out->decision, sizeof(out->decision), "%s", outcome);
  snprintf(out->priority, sizeof(out->priority), "%s",
           days == 3 ? "P1" : days == 14 ? "P2" : days == 60 ? "P3" : "P4");
  /* The clock starts when the finding was first seen, or when the CVE was
   * added to KEV if that came later (so a KEV addition tightens it). */
  vl_time start = f->first_seen ? f->first_seen : ctx->now;
  if (in.kev && fx.kev_added > start) start = fx.kev_added;
  out->due = days ? start + days * VL_DAY : 0;
  char due_s[64] = "no deadline: fix on the next system upgrade";
  if (out->due) {
    char t[24];
    vl_time_format(out->due, t, sizeof(t));
    snprintf(due_s, sizeof(due_s), "due %s", t);
  }
  snprintf(out->explain, sizeof(out->explain),
           "%s (BOD 26-04 row %d): %s, %s, %s, %s; %s", outcome, row, kev_s,
           exp_s, auto_s, tot_s, due_s);
  return 0;
}

void vl_plan_fix(const struct vl_finding *f, char *buf, size_t size) {
  char product[300] = "the product";
  struct vl_cpe_key k;
  if (f->criterion &&
      vl_cpe_key_fs(f->criterion, strlen(f->criterion), &k, NULL) == 0)
    snprintf(product, sizeof(product), "%s", k.product.text);
  /* The upper bound of the matched range names the fixed version. */
  const char *b = f->bound ? f->bound : "";
  const char *lt = strstr(b, "< ");
  const char *le = strstr(b, "<= ");
  if (le) {
    snprintf(buf, size, "upgrade %s to a version later than %s", product,
             le + 3);
  } else if (lt) {
    snprintf(buf, size, "upgrade %s to %s or later", product, lt + 2);
  } else {
    snprintf(buf, size, "apply the vendor fix for %s %s", product,
             f->version ? f->version : "");
  }
}

struct ids {
  int64_t *v;
  size_t n, cap;
};

static int collect(void *ud, const struct vl_finding *f) {
  struct ids *ids = ud;
  if (ids->n == ids->cap) {
    size_t cap = ids->cap ? ids->cap * 2 : 64;
    int64_t *n = realloc(ids->v, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    ids->v = n;
    ids->cap = cap;
  }
  ids->v[ids->n++] = f->id;
  return 0;
}

struct one {
  const struct vl_ctx *ctx;
  struct vl_triage_stats *st;
};

static int decide_one(void *ud, const struct vl_finding *f) {
  struct one *o = ud;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_decision dec;
  int rc = vl_decide_finding(o->ctx, f, &dec, &d);
  if (rc) return rc;
  char before[256], after[256], due[24] = "", old_due[24] = "";
  if (f->due) vl_time_format(f->due, old_due, sizeof(old_due));
  if (dec.due) vl_time_format(dec.due, due, sizeof(due));
  snprintf(before, sizeof(before), "{\"decision\":\"%s\",\"due\":\"%s\"}",
           f->decision ? f->decision : "", old_due);
  snprintf(after, sizeof(after), "{\"decision\":\"%s\",\"due\":\"%s\"}",
           dec.decision, due);
  int changed;
  if ((rc = vl_store_finding_decide(o->ctx, f->id, dec.priority, dec.model,
                                    dec.decision, dec.due, dec.explain,
                                    &changed, &d)))
    return rc;
  o->st->findings++;
  if (changed) {
    o->st->changed++;
    if ((rc = vl_store_audit(o->ctx, "finding.decide", "finding", f->id,
                             f->decision ? before : NULL, after, &d)))
      return rc;
  }
  return 0;
}

int vl_triage_run(const struct vl_ctx *ctx, struct vl_triage_stats *st,
                  struct vl_diag *d) {
  memset(st, 0, sizeof(*st));
  struct ids ids = {0};
  struct vl_finding_filter flt = {0};
  flt.unresolved = true;
  int rc = vl_store_findings(ctx, &flt, collect, &ids, d);
  if (!rc) rc = vl_store_begin(ctx->store, d);
  if (rc) goto out;
  struct one o = {ctx, st};
  for (size_t i = 0; i < ids.n && !rc; i++) {
    struct vl_finding_filter one = {0};
    one.id = ids.v[i];
    rc = vl_store_findings(ctx, &one, decide_one, &o, d);
  }
  if (rc)
    vl_store_rollback(ctx->store);
  else
    rc = vl_store_commit(ctx->store, d);
out:
  free(ids.v);
  return rc;
}
