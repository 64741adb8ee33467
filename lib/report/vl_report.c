/* The vulnerability report: detected -> handled -> resolved. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vl_doc.h"
#include "vulnloop/decide.h"
#include "vulnloop/report.h"

struct info {
  bool found;
  char *desc, *published, *modified, *cvss, *kev, *ssvc, *title;
};

struct rep {
  const struct vl_ctx *ctx;
  const char *lang;
  struct vl_tz *zone;       /* the tenant's time zone (from its policy) */
  struct vl_arena *a;
  struct info info;
  /* findings */
  struct fnd {
    int64_t id, asset_id, ticket_id;
    char *asset, *exposure, *version, *evidence, *status, *decision, *model,
        *explain;
    vl_time due, first_seen, fixed_at;
  } *f;
  size_t nf, capf;
  /* actions of the vulnerability's tickets */
  struct act {
    int64_t ticket;
    char *kind, *note, *actor;
    vl_time at, expires;
  } *ac;
  size_t nac, capac;
  int64_t tickets[256];
  size_t nt;
  /* what the advisories say */
  struct rem {
    char *kind, *text, *source;
  } rem[32];
  size_t nrem;
  /* latest re-scan */
  int64_t scan_id;
  char *scan_source;
  vl_time scan_time;
  int scan_assets;
};

static char *cp(struct rep *r, const char *s) {
  return s ? vl_arena_strdup(r->a, s) : NULL;
}

/* A time as the tenant reads it: local time in its policy's time zone,
 * with the zone's abbreviation ("2026-11-19 18:00 JST"). */
static char *when(struct rep *r, vl_time t) {
  if (!t) return cp(r, "-");
  int32_t off = 0;
  char abbr[8] = "UTC";
  if (r->zone) vl_tz_at(r->zone, t, &off, abbr);
  char b[32];
  vl_time_format(t + off, b, sizeof(b));
  b[10] = ' ';
  b[16] = '\0';
  return vl_arena_printf(r->a, "%s %s", b, abbr);
}

static char *day(struct rep *r, vl_time t) {
  char b[16];
  vl_time_format_date(t, b, sizeof(b));
  return cp(r, b);
}

static int on_info(void *ud, const struct vl_vuln_info *v) {
  struct rep *r = ud;
  struct info *i = &r->info;
  i->found = true;
  i->title = cp(r, v->title);
  i->desc = cp(r, !strcmp(r->lang, "ja") && v->desc_ja ? v->desc_ja
                                                       : v->desc_en);
  i->published = v->published ? day(r, v->published) : cp(r, "-");
  i->modified = v->modified ? day(r, v->modified) : cp(r, "-");
  if (v->has_cvss)
    i->cvss = vl_arena_printf(r->a, "%.1f %s (CVSS %s, %s) %s", v->cvss_score,
                              v->cvss_severity ? v->cvss_severity : "",
                              v->cvss_version, v->cvss_source ? v->cvss_source : "?",
                              v->cvss_vector);
  else
    i->cvss = cp(r, vl_msg(r->lang, "intel.none"));
  if (v->in_kev) {
    char *added = day(r, v->kev_added),
         *due = v->kev_due ? day(r, v->kev_due) : cp(r, "-");
    i->kev = vl_arena_printf(r->a, vl_msg(r->lang, "intel.kev.yes"), added, due);
  } else {
    i->kev = cp(r, vl_msg(r->lang, "intel.kev.no"));
  }
  if (v->has_ssvc)
    i->ssvc = vl_arena_printf(
        r->a, vl_msg(r->lang, "intel.ssvc.val"),
        v->ssvc_exploitation ? v->ssvc_exploitation : "?",
        v->ssvc_automatable ? v->ssvc_automatable : "?",
        v->ssvc_impact && *v->ssvc_impact ? v->ssvc_impact : "?");
  return 0;
}

static int on_finding(void *ud, const struct vl_finding *f) {
  struct rep *r = ud;
  if (r->nf == r->capf) {
    size_t cap = r->capf ? r->capf * 2 : 16;
    struct fnd *n = realloc(r->f, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    r->f = n;
    r->capf = cap;
  }
  struct fnd *x = &r->f[r->nf++];
  memset(x, 0, sizeof(*x));
  x->id = f->id;
  x->asset_id = f->asset_id;
  x->ticket_id = f->ticket_id;
  x->asset = cp(r, f->asset);
  x->exposure = cp(r, f->exposure ? f->exposure : "unknown");
  x->version = cp(r, f->version);
  x->evidence = cp(r, f->evidence);
  x->status = cp(r, f->status);
  x->decision = cp(r, f->decision);
  x->model = cp(r, f->model);
  x->explain = cp(r, !strcmp(r->lang, "ja") && f->explain_ja ? f->explain_ja
                                                              : f->explain);
  x->due = f->due;
  x->first_seen = f->first_seen;
  x->fixed_at = f->fixed_at;
  if (f->ticket_id) {
    bool have = false;
    for (size_t i = 0; i < r->nt; i++) have |= r->tickets[i] == f->ticket_id;
    if (!have && r->nt < VL_ARRAY_LEN(r->tickets))
      r->tickets[r->nt++] = f->ticket_id;
  }
  return 0;
}

static int on_action(void *ud, const struct vl_action *a) {
  struct rep *r = ud;
  if (r->nac == r->capac) {
    size_t cap = r->capac ? r->capac * 2 : 16;
    struct act *n = realloc(r->ac, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    r->ac = n;
    r->capac = cap;
  }
  struct act *x = &r->ac[r->nac++];
  x->ticket = a->ticket_id;
  x->kind = cp(r, a->kind);
  x->note = cp(r, a->note);
  x->actor = cp(r, a->actor);
  x->at = a->at;
  x->expires = a->expires;
  return 0;
}

static int on_rem(void *ud, const struct vl_remediation *x) {
  struct rep *r = ud;
  if (r->nrem == VL_ARRAY_LEN(r->rem)) return 0;
  r->rem[r->nrem].kind = cp(r, x->kind);
  /* Vendors list one instruction per line; a report line joins them. */
  struct vl_buf b;
  vl_buf_init(&b, 1 << 20);
  for (const char *p = x->text; *p; p++)
    vl_buf_puts(&b, *p == '\n' ? "; " : (char[2]){*p, 0});
  r->rem[r->nrem].text = cp(r, b.data ? b.data : "");
  vl_buf_free(&b);
  r->rem[r->nrem].source = cp(r, x->source);
  r->nrem++;
  return 0;
}

static int on_scan(void *ud, const struct vl_scan *s) {
  struct rep *r = ud;
  /* The newest scan that came after the first detection re-scans. */
  vl_time first = 0;
  for (size_t i = 0; i < r->nf; i++)
    if (!first || r->f[i].first_seen < first) first = r->f[i].first_seen;
  if (r->scan_id || !s->success || s->started <= first) return 0;
  r->scan_id = s->id;
  r->scan_source = cp(r, s->source);
  r->scan_time = s->started;
  r->scan_assets = s->n_assets;
  return 0;
}

static const char *status_text(struct rep *r, const char *status) {
  char id[48];
  snprintf(id, sizeof(id), "status.%s", status);
  return vl_msg(r->lang, id);
}

static const char *exposure_text(struct rep *r, const char *e) {
  char id[48];
  snprintf(id, sizeof(id), "exposure.%s", e);
  return vl_msg(r->lang, id);
}

/* Distinct assets and how many are in each state. */
static void tally(struct rep *r, int *n, int *fixed, int *mitigated, int *open,
                  int *accepted) {
  *n = *fixed = *mitigated = *open = *accepted = 0;
  for (size_t i = 0; i < r->nf; i++) {
    bool seen = false;
    for (size_t j = 0; j < i; j++) seen |= r->f[j].asset_id == r->f[i].asset_id;
    if (seen) continue;
    (*n)++;
    /* An asset's state is its worst finding's. */
    int worst = 0; /* 0 fixed, 1 accepted, 2 mitigated, 3 open */
    for (size_t j = i; j < r->nf; j++) {
      if (r->f[j].asset_id != r->f[i].asset_id) continue;
      const char *s = r->f[j].status;
      int w = !strcmp(s, "open") ? 3 : !strcmp(s, "mitigated") ? 2
              : !strcmp(s, "accepted") ? 1 : 0;
      if (w > worst) worst = w;
    }
    if (worst == 3) (*open)++;
    else if (worst == 2) (*mitigated)++;
    else if (worst == 1) (*accepted)++;
    else (*fixed)++;
  }
}

static void status_line(struct rep *r, char *buf, size_t size) {
  int n, fixed, mit, open, acc;
  tally(r, &n, &fixed, &mit, &open, &acc);
  if (n == 0)
    snprintf(buf, size, "%s", vl_msg(r->lang, "line.none"));
  else if (fixed == n && n == 1)
    snprintf(buf, size, "%s", vl_msg(r->lang, "line.all1"));
  else if (fixed == n)
    snprintf(buf, size, vl_msg(r->lang, "line.all"), n);
  else
    snprintf(buf, size, vl_msg(r->lang, "line.partial"), n, fixed, mit, open,
             acc);
}

static int gather(struct rep *r, const char *vuln, struct vl_diag *d) {
  struct vl_policy *p = malloc(sizeof(*p));
  if (!p) return VL_ENOMEM;
  int rc = vl_policy_load(r->ctx, p, NULL, 0, d);
  /* A zone that cannot be read leaves the report in UTC (when()). */
  struct vl_diag tzd;
  vl_diag_clear(&tzd);
  if (!rc && vl_tz_open(p->timezone, &r->zone, &tzd)) r->zone = NULL;
  free(p);
  if (rc) return rc;
  rc = vl_store_vuln_info(r->ctx->store, vuln, on_info, r, d);
  if (rc && rc != VL_ENOTFOUND) return rc;
  struct vl_finding_filter flt = {0};
  flt.vuln = vuln;
  if ((rc = vl_store_findings(r->ctx, &flt, on_finding, r, d))) return rc;
  if (!r->info.found && r->nf == 0)
    return vl_diag_set(d, VL_ENOTFOUND,
                       "%s is neither in the database nor in any finding of "
                       "tenant %s",
                       vuln, r->ctx->tenant);
  for (size_t i = 0; i < r->nt; i++)
    if ((rc = vl_store_actions(r->ctx, r->tickets[i], on_action, r, d)))
      return rc;
  if ((rc = vl_store_remediations(r->ctx->store, vuln, on_rem, r, d))) return rc;
  return vl_store_scans(r->ctx, on_scan, r, d);
}

static void rep_free(struct rep *r) {
  vl_tz_close(r->zone);
  vl_arena_free(r->a);
  free(r->f);
  free(r->ac);
}

int vl_report_status_line(const struct vl_ctx *ctx, const char *vuln,
                          const char *lang, char *buf, size_t size,
                          struct vl_diag *d) {
  struct rep r;
  memset(&r, 0, sizeof(r));
  r.ctx = ctx;
  r.lang = lang;
  int rc = vl_arena_new(64u << 20, &r.a);
  if (!rc) rc = gather(&r, vuln, d);
  if (!rc) status_line(&r, buf, size);
  rep_free(&r);
  return rc;
}

static void render(struct rep *r, const char *vuln, struct vl_doc *doc) {
  const char *L = r->lang;
  char title[256], line[512];
  snprintf(title, sizeof(title), vl_msg(L, "report.title"), vuln);
  vl_doc_begin(doc, title, L);
  status_line(r, line, sizeof(line));
  vl_doc_strong(doc, line);
  vl_doc_kv(doc, vl_msg(L, "report.tenant"), r->ctx->tenant);
  vl_doc_kv(doc, vl_msg(L, "report.generated"), when(r, r->ctx->now));
  vl_doc_list_end(doc);

  vl_doc_h(doc, 2, vl_msg(L, "sec.intel"));
  if (r->info.found) {
    if (r->info.title) vl_doc_p(doc, r->info.title);
    vl_doc_kv(doc, vl_msg(L, "intel.published"), r->info.published);
    vl_doc_kv(doc, vl_msg(L, "intel.modified"), r->info.modified);
    vl_doc_kv(doc, vl_msg(L, "intel.cvss"), r->info.cvss);
    vl_doc_kv(doc, vl_msg(L, "intel.kev"), r->info.kev);
    if (r->info.ssvc) vl_doc_kv(doc, vl_msg(L, "intel.ssvc"), r->info.ssvc);
    vl_doc_list_end(doc);
    if (r->info.desc) vl_doc_p(doc, r->info.desc);
  }

  vl_doc_h(doc, 2, vl_msg(L, "sec.scope"));
  if (!r->nf) {
    vl_doc_p(doc, vl_msg(L, "line.none"));
    vl_doc_end(doc);
    return;
  }
  const char *h1[] = {vl_msg(L, "col.asset"), vl_msg(L, "col.exposure"),
                      vl_msg(L, "col.installed"), vl_msg(L, "col.evidence"),
                      vl_msg(L, "col.status")};
  vl_doc_table(doc, h1, 5);
  for (size_t i = 0; i < r->nf; i++) {
    const char *c[] = {r->f[i].asset, exposure_text(r, r->f[i].exposure),
                       r->f[i].version, r->f[i].evidence,
                       status_text(r, r->f[i].status)};
    vl_doc_row(doc, c, 5);
  }
  vl_doc_table_end(doc);

  vl_doc_h(doc, 2, vl_msg(L, "sec.decide"));
  const char *h2[] = {vl_msg(L, "col.asset"), vl_msg(L, "col.decision"),
                      vl_msg(L, "col.due"), vl_msg(L, "decide.why")};
  vl_doc_table(doc, h2, 4);
  for (size_t i = 0; i < r->nf; i++) {
    char *dec = cp(r, vl_msg(L, "decide.none"));
    if (r->f[i].decision) {
      char id[96];
      snprintf(id, sizeof(id), "decision.%s", r->f[i].decision);
      const char *words = vl_msg(L, id);
      if (words == id) words = r->f[i].decision; /* not in the catalogue */
      dec = vl_arena_printf(r->a, "%s (%s)", words, r->f[i].model);
    }
    const char *c[] = {r->f[i].asset, dec, r->f[i].due ? when(r, r->f[i].due) : "-",
                       r->f[i].explain ? r->f[i].explain : ""};
    vl_doc_row(doc, c, 4);
  }
  vl_doc_table_end(doc);

  for (size_t i = 0; i < r->nrem; i++) {
    char id[64];
    snprintf(id, sizeof(id), "rem.%s", r->rem[i].kind);
    const char *k = vl_msg(L, id);
    vl_doc_kv(doc, vl_arena_printf(r->a, "%s (%s)", k, r->rem[i].source),
              r->rem[i].text);
  }
  if (r->nrem) vl_doc_list_end(doc);

  vl_doc_h(doc, 2, vl_msg(L, "sec.act"));
  if (!r->nac) {
    vl_doc_p(doc, vl_msg(L, "act.none"));
  } else {
    const char *h3[] = {vl_msg(L, "col.when"), vl_msg(L, "col.ticket"),
                        vl_msg(L, "col.action"), vl_msg(L, "col.note"),
                        vl_msg(L, "col.by")};
    vl_doc_table(doc, h3, 5);
    for (size_t i = 0; i < r->nac; i++) {
      char id[64];
      snprintf(id, sizeof(id), "act.kind.%s", r->ac[i].kind);
      char *kind = cp(r, vl_msg(L, id));
      if (r->ac[i].expires) {
        char *until = vl_arena_printf(r->a, vl_msg(L, "act.expires"),
                                      when(r, r->ac[i].expires));
        kind = vl_arena_printf(r->a, "%s (%s)", kind, until);
      }
      char *t = vl_arena_printf(r->a, "#%lld", (long long)r->ac[i].ticket);
      const char *c[] = {when(r, r->ac[i].at), t, kind, r->ac[i].note,
                         r->ac[i].actor};
      vl_doc_row(doc, c, 5);
    }
    vl_doc_table_end(doc);
  }

  vl_doc_h(doc, 2, vl_msg(L, "sec.verify"));
  if (!r->scan_id) {
    vl_doc_p(doc, vl_msg(L, "verify.none"));
  } else {
    char *s = vl_arena_printf(r->a, vl_msg(L, "verify.scan"), r->scan_source,
                              when(r, r->scan_time), r->scan_assets);
    vl_doc_p(doc, s);
    const char *h4[] = {vl_msg(L, "col.asset"), vl_msg(L, "col.result")};
    vl_doc_table(doc, h4, 2);
    for (size_t i = 0; i < r->nf; i++) {
      bool covered = false;
      vl_store_scan_covers(r->ctx, r->scan_id, r->f[i].asset_id, &covered, NULL);
      const char *res =
          !covered ? vl_msg(L, "verify.notcovered")
          : !strcmp(r->f[i].status, "fixed") ? vl_msg(L, "verify.gone")
                                             : vl_msg(L, "verify.still");
      const char *c[] = {r->f[i].asset, res};
      vl_doc_row(doc, c, 2);
    }
    vl_doc_table_end(doc);
  }

  vl_doc_h(doc, 2, vl_msg(L, "sec.timeline"));
  int n, fixed, mit, open, acc;
  tally(r, &n, &fixed, &mit, &open, &acc);
  vl_time first = 0;
  for (size_t i = 0; i < r->nf; i++)
    if (!first || r->f[i].first_seen < first) first = r->f[i].first_seen;
  if (r->nf) {
    char *t = n == 1 ? cp(r, vl_msg(L, "timeline.detected1"))
                     : vl_arena_printf(r->a, vl_msg(L, "timeline.detected"), n);
    vl_doc_list_item(doc, vl_arena_printf(r->a, "%s: %s", when(r, first), t));
  }
  for (size_t i = 0; i < r->nac; i++) {
    char id[64];
    snprintf(id, sizeof(id), "act.kind.%s", r->ac[i].kind);
    char *t = vl_arena_printf(r->a, vl_msg(L, "timeline.action"), vl_msg(L, id),
                              (long long)r->ac[i].ticket);
    vl_doc_list_item(doc, vl_arena_printf(r->a, "%s: %s", when(r, r->ac[i].at), t));
  }
  for (size_t i = 0; i < r->nf; i++)
    if (!strcmp(r->f[i].status, "fixed") && r->f[i].fixed_at) {
      char *t = vl_arena_printf(r->a, vl_msg(L, "timeline.fixed"), r->f[i].asset);
      vl_doc_list_item(doc, vl_arena_printf(r->a, "%s: %s",
                                            when(r, r->f[i].fixed_at), t));
    }
  vl_doc_list_end(doc);
  vl_doc_end(doc);
}

int vl_report_vuln(const struct vl_ctx *ctx, const char *vuln,
                   const char *lang, enum vl_report_format fmt,
                   struct vl_buf *out, struct vl_diag *d) {
  struct rep r;
  memset(&r, 0, sizeof(r));
  r.ctx = ctx;
  r.lang = lang;
  int rc = vl_arena_new(64u << 20, &r.a);
  if (!rc) rc = gather(&r, vuln, d);
  if (!rc) {
    struct vl_doc doc = {out, fmt, 0};
    render(&r, vuln, &doc);
    if (doc.err) rc = vl_diag_set(d, doc.err, "report too large");
  }
  rep_free(&r);
  return rc;
}
