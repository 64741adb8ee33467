/* Triage: gather each open finding's inputs, run the tenant's models,
 * store the primary decision with its explanation (en and ja), the other
 * models' outcomes and the clocks, and audit every change with its
 * reason. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"
#include "vulnloop/cvss.h"
#include "vulnloop/decide.h"

/* Value of metric name in a validated vector ("AV" in ".../AV:N/..."). */
static char metric(const char *vec, const char *name) {
  size_t n = strlen(name);
  for (const char *p = vec; (p = strstr(p, name)); p++)
    if ((p == vec || p[-1] == '/' || p[-1] == '(') && p[n] == ':')
      return p[n + 1];
  return 0;
}

/* SSVC automatable / technical impact from CVSS, when CISA has not scored
 * the CVE (docs/decide.md). */
static bool derive(const char *vector, bool *automatable, bool *total) {
  struct vl_cvss c;
  if (!vector || vl_cvss_parse(vector, strlen(vector), &c, NULL)) return false;
  const char *v = vector;
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
  return true;
}

struct gather {
  struct vl_decide_inputs *in;
  bool has_ssvc;
  char ssvc_expl[16], ssvc_auto[16], ssvc_impact[16], ssvc_src[64];
  char cvss_version[8], cvss_source[64];
  int exploits;
  char exploit_ref[128];
};

static int on_info(void *ud, const struct vl_vuln_info *v) {
  struct gather *g = ud;
  struct vl_decide_inputs *in = g->in;
  in->kev = v->in_kev;
  in->kev_added = v->kev_added;
  in->kev_ransomware = v->kev_ransomware;
  if (v->has_cvss) {
    in->has_cvss = true;
    in->cvss = v->cvss_score;
    snprintf(in->cvss_vector, sizeof(in->cvss_vector), "%s", v->cvss_vector);
    snprintf(in->cvss_src, sizeof(in->cvss_src), "CVSS %s %.1f (%s)",
             v->cvss_version, v->cvss_score,
             v->cvss_source ? v->cvss_source : "?");
  }
  if (v->has_epss) {
    in->has_epss = true;
    in->epss = v->epss;
    in->epss_percentile = v->epss_percentile;
    in->epss_date = v->epss_date;
  }
  g->has_ssvc = v->has_ssvc;
  snprintf(g->ssvc_expl, sizeof(g->ssvc_expl), "%s",
           v->ssvc_exploitation ? v->ssvc_exploitation : "");
  snprintf(g->ssvc_auto, sizeof(g->ssvc_auto), "%s",
           v->ssvc_automatable ? v->ssvc_automatable : "");
  snprintf(g->ssvc_impact, sizeof(g->ssvc_impact), "%s",
           v->ssvc_impact ? v->ssvc_impact : "");
  snprintf(g->ssvc_src, sizeof(g->ssvc_src), "%s",
           v->ssvc_source ? v->ssvc_source : "");
  g->exploits = v->exploits;
  snprintf(g->exploit_ref, sizeof(g->exploit_ref), "%s",
           v->exploit_ref ? v->exploit_ref : "");
  return 0;
}

static int on_remediation(void *ud, const struct vl_remediation *r) {
  struct vl_decide_inputs *in = ud;
  if (!strcmp(r->kind, "vendor_fix") && in->fix != 1) {
    in->fix = 1;
    snprintf(in->fix_src, sizeof(in->fix_src), "vendor fix named by %s",
             r->source);
  } else if ((!strcmp(r->kind, "workaround") || !strcmp(r->kind, "mitigation")) &&
             !in->workaround) {
    in->workaround = true;
    snprintf(in->workaround_src, sizeof(in->workaround_src), "%s", r->source);
  }
  return 0;
}

int vl_decide_gather(const struct vl_ctx *ctx, const struct vl_finding *f,
                     struct vl_decide_inputs *in, struct vl_diag *d) {
  memset(in, 0, sizeof(*in));
  snprintf(in->vuln, sizeof(in->vuln), "%s", f->vuln);
  struct gather g;
  memset(&g, 0, sizeof(g));
  g.in = in;
  int rc = vl_store_vuln_info(ctx->store, f->vuln, on_info, &g, d);
  if (rc && rc != VL_ENOTFOUND) return rc;
  vl_diag_clear(d);
  in->first_seen = f->first_seen;
  in->attempts = 0;

  /* Exploitation: KEV or SSVC "active", else SSVC "poc" or a published
   * exploit, else none. */
  if (in->kev) {
    in->exploitation = VL_EXPL_ACTIVE;
    snprintf(in->exploitation_src, sizeof(in->exploitation_src), "CISA KEV");
    snprintf(in->exploitation_src_ja, sizeof(in->exploitation_src_ja), "CISA KEV");
  } else if (!strcmp(g.ssvc_expl, "active")) {
    in->exploitation = VL_EXPL_ACTIVE;
    snprintf(in->exploitation_src, sizeof(in->exploitation_src), "SSVC, %s",
             g.ssvc_src);
    snprintf(in->exploitation_src_ja, sizeof(in->exploitation_src_ja),
             "SSVC、%s", g.ssvc_src);
  } else if (!strcmp(g.ssvc_expl, "poc") || g.exploits > 0) {
    in->exploitation = VL_EXPL_POC;
    if (g.exploits > 0) {
      snprintf(in->exploitation_src, sizeof(in->exploitation_src),
               "public exploit %s", g.exploit_ref);
      snprintf(in->exploitation_src_ja, sizeof(in->exploitation_src_ja),
               "公開エクスプロイト %s", g.exploit_ref);
    } else {
      snprintf(in->exploitation_src, sizeof(in->exploitation_src), "SSVC, %s",
               g.ssvc_src);
      snprintf(in->exploitation_src_ja, sizeof(in->exploitation_src_ja),
               "SSVC、%s", g.ssvc_src);
    }
  } else if (!strcmp(g.ssvc_expl, "none")) {
    snprintf(in->exploitation_src, sizeof(in->exploitation_src), "SSVC, %s",
             g.ssvc_src);
    snprintf(in->exploitation_src_ja, sizeof(in->exploitation_src_ja),
             "SSVC、%s", g.ssvc_src);
  } else {
    in->exploitation_assumed = true;
    snprintf(in->exploitation_src, sizeof(in->exploitation_src),
             "assumed: not in KEV, no SSVC, no public exploit on record");
    snprintf(in->exploitation_src_ja, sizeof(in->exploitation_src_ja),
             "仮定: KEV 未登録、SSVC なし、公開エクスプロイトの記録なし");
  }
  in->poc_public = g.exploits > 0 || in->exploitation >= VL_EXPL_POC;

  bool d_auto = false, d_total = false;
  bool derived = derive(in->has_cvss ? in->cvss_vector : NULL, &d_auto, &d_total);
  if (!strcmp(g.ssvc_auto, "yes") || !strcmp(g.ssvc_auto, "no")) {
    in->automatable = !strcmp(g.ssvc_auto, "yes");
    snprintf(in->automatable_src, sizeof(in->automatable_src), "SSVC, %s",
             g.ssvc_src);
    snprintf(in->automatable_src_ja, sizeof(in->automatable_src_ja),
             "SSVC、%s", g.ssvc_src);
  } else if (derived) {
    in->automatable = d_auto;
    in->automatable_assumed = true;
    snprintf(in->automatable_src, sizeof(in->automatable_src),
             "assumed: no SSVC; derived from %s", in->cvss_vector);
    snprintf(in->automatable_src_ja, sizeof(in->automatable_src_ja),
             "仮定: SSVC なし、%s から導出", in->cvss_vector);
  } else {
    in->automatable = true;
    in->automatable_assumed = true;
    snprintf(in->automatable_src, sizeof(in->automatable_src),
             "assumed: no SSVC and no CVSS, the worse value");
    snprintf(in->automatable_src_ja, sizeof(in->automatable_src_ja),
             "仮定: SSVC も CVSS もないため悪い側の値");
  }
  if (!strcmp(g.ssvc_impact, "total") || !strcmp(g.ssvc_impact, "partial")) {
    in->total = !strcmp(g.ssvc_impact, "total");
    snprintf(in->total_src, sizeof(in->total_src), "SSVC, %s", g.ssvc_src);
    snprintf(in->total_src_ja, sizeof(in->total_src_ja), "SSVC、%s",
             g.ssvc_src);
  } else if (derived) {
    in->total = d_total;
    in->total_assumed = true;
    snprintf(in->total_src, sizeof(in->total_src),
             "assumed: no SSVC; derived from %s", in->cvss_vector);
    snprintf(in->total_src_ja, sizeof(in->total_src_ja),
             "仮定: SSVC なし、%s から導出", in->cvss_vector);
  } else {
    in->total = true;
    in->total_assumed = true;
    snprintf(in->total_src, sizeof(in->total_src),
             "assumed: no SSVC and no CVSS, the worse value");
    snprintf(in->total_src_ja, sizeof(in->total_src_ja),
             "仮定: SSVC も CVSS もないため悪い側の値");
  }

  /* A fix exists when the matched statement names the fixed version: a
   * distribution's or an advisory's for a package, else the upper bound of
   * the NVD range. */
  const char *lt = f->bound ? strstr(f->bound, "< ") : NULL;
  if (f->fix_version && f->source && strcmp(f->source, "nvd") != 0) {
    in->fix = 1;
    snprintf(in->fix_src, sizeof(in->fix_src), "fixed in %s (%s statement)",
             f->fix_version, f->source);
    snprintf(in->fix_version, sizeof(in->fix_version), "%s", f->fix_version);
  } else if (lt) {
    in->fix = 1;
    snprintf(in->fix_src, sizeof(in->fix_src), "fixed in %s (NVD range)", lt + 2);
    snprintf(in->fix_version, sizeof(in->fix_version), "%s", lt + 2);
  } else {
    in->fix = 0;
    snprintf(in->fix_src, sizeof(in->fix_src),
             "no fixed version known (the NVD criterion names no fixed "
             "version and no vendor fix is recorded)");
  }
  /* An advisory's vendor fix counts as a fix; its workaround is noted. */
  if ((rc = vl_store_remediations(ctx->store, f->vuln, on_remediation, in, d)))
    return rc;
  in->zero_day = in->exploitation == VL_EXPL_ACTIVE && in->fix == 0;

  in->exposure = !f->exposure                     ? 0
                 : !strcmp(f->exposure, "internet") ? 2
                 : !strcmp(f->exposure, "internal") ? 1
                                                    : 0;
  static const char *crit[4] = {"low", "medium", "high", "critical"};
  in->criticality = -1;
  for (int i = 0; f->criticality && i < 4; i++)
    if (!strcmp(f->criticality, crit[i])) in->criticality = i;
  /* SSVC impacts from the asset's criticality; unknown: medium. */
  static const int mission[4] = {0, 1, 2, 2}, human[4] = {0, 1, 2, 3};
  in->mission = in->criticality >= 0 ? mission[in->criticality] : 1;
  in->human = in->criticality >= 0 ? human[in->criticality] : 1;
  return 0;
}

int vl_decide_finding(const struct vl_ctx *ctx, const struct vl_policy *p,
                      const struct vl_finding *f, struct vl_decide_inputs *in,
                      struct vl_decision out[4], int *n, struct vl_diag *d) {
  int rc = vl_decide_gather(ctx, f, in, d);
  if (rc) return rc;
  *n = 0;
  for (int i = 0; i < p->nmodels; i++) {
    if ((rc = vl_decide_model(p->models[i], in, p, ctx->now, &out[i], d)))
      return rc;
    (*n)++;
  }
  return 0;
}

void vl_plan_fix(const struct vl_finding *f, char *buf, size_t size,
                 bool *mitigate) {
  char product[300] = "the product";
  struct vl_cpe_key k;
  if (f->criterion &&
      vl_cpe_key_fs(f->criterion, strlen(f->criterion), &k, NULL) == 0)
    snprintf(product, sizeof(product), "%s", k.product.text);
  /* A package's statement (distribution, OSV, advisory) names its own
   * fixed version; else the upper bound of the matched range does. */
  const char *b = f->bound ? f->bound : "";
  const char *lt = strstr(b, "< ");
  const char *le = strstr(b, "<= ");
  bool m = false;
  /* Named by the source package, so that one ticket covers a
   * distribution's fix of all its binary packages. */
  const char *pname = f->source_package ? f->source_package : f->package;
  bool pkg = f->source && strcmp(f->source, "nvd") != 0 && pname;
  if (pkg && f->fix_version) {
    snprintf(buf, size, "upgrade %s to %s or later", pname, f->fix_version);
  } else if (pkg) {
    snprintf(buf, size,
             "no fixed version of %s yet (%s): mitigate now, patch when "
             "available",
             pname, f->source);
    m = true;
  } else if (lt) {
    snprintf(buf, size, "upgrade %s to %s or later", product, lt + 2);
  } else if (le) {
    snprintf(buf, size,
             "no fixed version known for %s up to %s: mitigate now, patch "
             "when available",
             product, le + 3);
    m = true;
  } else {
    snprintf(buf, size,
             "no fixed version known for %s %s: mitigate now, patch when "
             "available",
             product, f->version ? f->version : "");
    m = true;
  }
  if (mitigate) *mitigate = m;
}

/* ----------------------------------------------------------------- run */

static int collect(void *ud, const struct vl_finding *f) {
  return vl_ids_push(ud, f->id);
}

struct one {
  const struct vl_ctx *ctx;
  const struct vl_policy *p;
  struct vl_triage_stats *st;
  struct vl_diag *d;
};

static int decide_one(void *ud, const struct vl_finding *f) {
  struct one *o = ud;
  struct vl_decide_inputs in;
  struct vl_decision dec[4];
  int n = 0;
  int rc = vl_decide_finding(o->ctx, o->p, f, &in, dec, &n, o->d);
  if (rc) return rc;
  char *en = malloc(4096), *ja = malloc(4096);
  if (!en || !ja) {
    free(en);
    free(ja);
    return VL_ENOMEM;
  }
  vl_decision_explain(&dec[0], &in, "en", en, 4096);
  vl_decision_explain(&dec[0], &in, "ja", ja, 4096);
  char due[24] = "", old_due[24] = "";
  if (f->due) vl_time_format(f->due, old_due, sizeof(old_due));
  if (dec[0].due) vl_time_format(dec[0].due, due, sizeof(due));
  int changed = 0;
  rc = vl_store_finding_decide(o->ctx, f->id, dec[0].priority, dec[0].model,
                               dec[0].decision, dec[0].due, en, dec[0].rank,
                               &changed, o->d);
  /* The Japanese explanation rides along (stored by the same update path). */
  if (!rc) rc = vl_store_finding_explain_ja(o->ctx, f->id, ja, o->d);
  struct vl_outcome oc[4 + VL_CLOCKS];
  int no = 0;
  for (int i = 1; i < n; i++) {
    oc[no] = (struct vl_outcome){f->id, false, dec[i].model, dec[i].decision,
                                 dec[i].priority, dec[i].due};
    no++;
  }
  for (int i = 0; i < dec[0].nclocks; i++) {
    oc[no] = (struct vl_outcome){f->id, true, dec[0].clocks[i].name, NULL,
                                 NULL, dec[0].clocks[i].due};
    no++;
  }
  if (!rc) rc = vl_store_finding_outcomes(o->ctx, f->id, oc, no, o->d);
  o->st->findings++;
  if (!rc && changed) {
    o->st->changed++;
    bool tighter = f->due && dec[0].due && dec[0].due < f->due;
    if (tighter) o->st->tightened++;
    struct vl_buf b, a;
    vl_buf_init(&b, 8192);
    vl_buf_init(&a, 16384);
    if (f->decision)
      vl_buf_printf(&b, "{\"decision\":\"%s\",\"due\":\"%s\"}", f->decision,
                    old_due);
    /* The reason goes with the change: the explanation names the inputs. */
    vl_buf_printf(&a, "{\"decision\":\"%s\",\"due\":\"%s\",\"reason\":\"",
                  dec[0].decision, due);
    for (const char *c = en; *c; c++) {
      if (*c == '"' || *c == '\\') vl_buf_putc(&a, '\\');
      vl_buf_putc(&a, *c);
    }
    vl_buf_puts(&a, "\"}");
    rc = vl_store_audit(o->ctx, tighter ? "finding.tightened" : "finding.decide",
                        "finding", f->id, f->decision ? b.data : NULL, a.data,
                        o->d);
    vl_buf_free(&b);
    vl_buf_free(&a);
  }
  free(en);
  free(ja);
  return rc;
}

int vl_triage_run(const struct vl_ctx *ctx, struct vl_triage_stats *st,
                  struct vl_diag *d) {
  memset(st, 0, sizeof(*st));
  struct vl_ids ids = {0};
  struct vl_finding_filter flt = {0};
  flt.unresolved = true;
  struct vl_policy *p = malloc(sizeof(*p));
  if (!p) return VL_ENOMEM;
  struct vl_tz *zone = NULL;
  int rc = vl_policy_load(ctx, p, NULL, 0, d);
  /* One read of the time zone for the whole run, not one per deadline.
   * If it cannot be read, vl_due_add reports that where a business-day
   * deadline needs it (other deadlines do not). */
  if (!rc) {
    struct vl_diag tzd;
    vl_diag_clear(&tzd);
    if (vl_tz_open(p->timezone, &zone, &tzd) == 0) p->zone = zone;
  }
  if (!rc) rc = vl_store_findings(ctx, &flt, collect, &ids, d);
  if (!rc) rc = vl_store_begin(ctx->store, d);
  if (rc) goto out;
  struct one o = {ctx, p, st, d};
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
  vl_ids_free(&ids);
  vl_tz_close(zone);
  free(p);
  return rc;
}
