/* ③ on the command line: triage, queue, policy. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/act.h"
#include "vulnloop/decide.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/store.h"

#define OUT_MAX (1u << 30)

int cli_open_ctx(struct cli_ctx *ctx, struct vl_ctx *vc);

static void tstr(vl_time t, char *buf, size_t size) {
  if (!t)
    snprintf(buf, size, "-");
  else
    vl_time_format(t, buf, size);
}

static void jw_time(struct vl_jw *w, const char *key, vl_time t) {
  vl_jw_key(w, key);
  if (!t) {
    vl_jw_null(w);
    return;
  }
  char b[32];
  vl_time_format(t, b, sizeof(b));
  vl_jw_str(w, b);
}

static int flush_json(struct vl_jw *w, struct vl_buf *b) {
  if (vl_jw_finish(w)) {
    fprintf(stderr, "vulnloop: output too large\n");
    return 1;
  }
  cli_print_buf(b);
  return 0;
}

/* ---------------------------------------------------------------- triage */

struct tri {
  struct cli_ctx *cli;
  const struct vl_ctx *vc;
  struct vl_jw *w;
  bool in_json_models;
};

static int print_outcome(void *ud, const struct vl_outcome *o) {
  struct tri *t = ud;
  char due[32];
  tstr(o->due, due, sizeof(due));
  if (t->cli->json) {
    vl_jw_obj_begin(t->w);
    if (o->clock) {
      vl_jw_kstr(t->w, "clock", o->name);
    } else {
      vl_jw_kstr(t->w, "model", o->name);
      vl_jw_kstr(t->w, "decision", o->decision);
      vl_jw_kstr(t->w, "priority", o->priority);
    }
    jw_time(t->w, "due", o->due);
    vl_jw_obj_end(t->w);
  } else if (o->clock) {
    printf("      clock: %s by %s\n", o->name, due);
  } else {
    printf("      also %s: %s (%s, due %s)\n", o->name, o->decision,
           o->priority ? o->priority : "-", due);
  }
  return 0;
}

static int triage_row(void *ud, const struct vl_finding *f) {
  struct tri *t = ud;
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *lang = t->cli->lang;
  const char *why = !strcmp(lang, "ja") && f->explain_ja ? f->explain_ja
                                                          : f->explain;
  if (t->cli->json) {
    vl_jw_obj_begin(t->w);
    vl_jw_kint(t->w, "finding", f->id);
    vl_jw_kstr(t->w, "asset", f->asset);
    vl_jw_kstr(t->w, "vulnerability", f->vuln);
    vl_jw_kstr(t->w, "owner", f->owner);
    vl_jw_kstr(t->w, "model", f->model);
    vl_jw_kstr(t->w, "decision", f->decision);
    vl_jw_kstr(t->w, "priority", f->priority);
    jw_time(t->w, "due", f->due);
    vl_jw_kstr(t->w, "explanation", why);
    vl_jw_key(t->w, "others");
    vl_jw_arr_begin(t->w);
  } else {
    char due[32];
    tstr(f->due, due, sizeof(due));
    printf("#%-4lld %-16s %-18s %s %-31s due %s\n", (long long)f->id, f->vuln,
           f->asset, f->priority ? f->priority : "--",
           f->decision ? f->decision : "-", due);
    printf("      %s\n", why ? why : "");
  }
  int rc = vl_store_outcomes(t->vc, f->id, print_outcome, t, &d);
  if (t->cli->json) {
    vl_jw_arr_end(t->w);
    vl_jw_obj_end(t->w);
  }
  return rc;
}

/* triage --explain: every input with its source, every model's row. */
static int explain(struct cli_ctx *ctx, const struct vl_ctx *vc,
                   const struct vl_finding *f) {
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_policy *p = malloc(sizeof(*p));
  if (!p) return 1;
  char source[200];
  int rc = vl_policy_load(vc, p, source, sizeof(source), &d);
  struct vl_decide_inputs in;
  struct vl_decision dec[4];
  int n = 0;
  if (!rc) rc = vl_decide_finding(vc, p, f, &in, dec, &n, &d);
  if (rc) {
    free(p);
    return cli_fail(&d, rc);
  }
  char buf[4096], due[32];
  if (ctx->json) {
    struct vl_buf b;
    vl_buf_init(&b, 1 << 20);
    struct vl_jw w;
    vl_jw_init(&w, &b, 1);
    vl_jw_obj_begin(&w);
    vl_jw_kint(&w, "finding", f->id);
    vl_jw_kstr(&w, "asset", f->asset);
    vl_jw_kstr(&w, "vulnerability", f->vuln);
    vl_jw_kstr(&w, "policy", source);
    vl_jw_key(&w, "inputs");
    vl_jw_obj_begin(&w);
    vl_jw_kbool(&w, "kev", in.kev);
    jw_time(&w, "kev_added", in.kev ? in.kev_added : 0);
    vl_jw_kstr(&w, "exploitation", in.exploitation == 2 ? "active"
                                   : in.exploitation == 1 ? "poc" : "none");
    vl_jw_kstr(&w, "exploitation_source", in.exploitation_src);
    vl_jw_kbool(&w, "automatable", in.automatable);
    vl_jw_kstr(&w, "automatable_source", in.automatable_src);
    vl_jw_kstr(&w, "technical_impact", in.total ? "total" : "partial");
    vl_jw_kstr(&w, "technical_impact_source", in.total_src);
    vl_jw_kstr(&w, "exposure", in.exposure == 2 ? "internet"
                               : in.exposure == 1 ? "internal" : NULL);
    if (in.has_cvss) vl_jw_kdouble(&w, "cvss", in.cvss, 1);
    else { vl_jw_key(&w, "cvss"); vl_jw_null(&w); }
    vl_jw_kstr(&w, "cvss_source", in.has_cvss ? in.cvss_src : NULL);
    if (in.has_epss) vl_jw_kdouble(&w, "epss", in.epss, 5);
    else { vl_jw_key(&w, "epss"); vl_jw_null(&w); }
    vl_jw_kbool(&w, "fix_available", in.fix == 1);
    vl_jw_kstr(&w, "fix_source", in.fix_src);
    vl_jw_kbool(&w, "zero_day", in.zero_day);
    vl_jw_kint(&w, "exploitation_attempts", in.attempts);
    vl_jw_obj_end(&w);
    vl_jw_key(&w, "models");
    vl_jw_arr_begin(&w);
    for (int i = 0; i < n; i++) {
      vl_jw_obj_begin(&w);
      vl_jw_kstr(&w, "model", dec[i].model);
      vl_jw_kstr(&w, "decision", dec[i].decision);
      vl_jw_kstr(&w, "priority", dec[i].priority);
      vl_jw_kstr(&w, "row", dec[i].row);
      jw_time(&w, "due", dec[i].due);
      vl_jw_key(&w, "clocks");
      vl_jw_arr_begin(&w);
      for (int k = 0; k < dec[i].nclocks; k++) {
        vl_jw_obj_begin(&w);
        vl_jw_kstr(&w, "name", dec[i].clocks[k].name);
        jw_time(&w, "due", dec[i].clocks[k].due);
        vl_jw_obj_end(&w);
      }
      vl_jw_arr_end(&w);
      vl_decision_explain(&dec[i], &in, ctx->lang, buf, sizeof(buf));
      vl_jw_kstr(&w, "explanation", buf);
      vl_jw_obj_end(&w);
    }
    vl_jw_arr_end(&w);
    vl_jw_obj_end(&w);
    rc = flush_json(&w, &b);
    vl_buf_free(&b);
    free(p);
    return rc;
  }
  printf("finding #%lld: %s on %s (installed %s)\n", (long long)f->id, f->vuln,
         f->asset, f->version ? f->version : "?");
  printf("policy: %s (primary model %s)\n", source, p->primary);
  printf("inputs:\n");
  char kev[64] = "no";
  if (in.kev) {
    char day[16];
    vl_time_format_date(in.kev_added, day, sizeof(day));
    snprintf(kev, sizeof(kev), "yes, added %s%s", day,
             in.kev_ransomware ? ", known ransomware use" : "");
  }
  printf("  in CISA KEV:        %s\n", kev);
  printf("  exploitation:       %s (%s)\n",
         in.exploitation == 2 ? "active" : in.exploitation == 1 ? "public PoC" : "none",
         in.exploitation_src);
  printf("  automatable:        %s (%s)\n", in.automatable ? "yes" : "no",
         in.automatable_src);
  printf("  technical impact:   %s (%s)\n", in.total ? "total" : "partial",
         in.total_src);
  printf("  exposure:           %s\n", in.exposure == 2   ? "internet-facing"
                                       : in.exposure == 1 ? "internal"
                                       : "unknown (assumed internet-facing)");
  printf("  asset criticality:  %s\n", f->criticality ? f->criticality
                                                      : "unknown (assumed medium)");
  printf("  CVSS:               %s\n", in.has_cvss ? in.cvss_src : "none published");
  if (in.has_epss && in.epss_percentile >= 0)
    printf("  EPSS:               %.5f (percentile %.5f)\n", in.epss,
           in.epss_percentile);
  else if (in.has_epss)
    printf("  EPSS:               %.5f (percentile not published)\n", in.epss);
  else
    printf("  EPSS:               unknown (no EPSS score imported)\n");
  printf("  fix:                %s\n", in.fix_src);
  printf("  zero-day:           %s\n", in.zero_day ? "yes (exploited, no fix)" : "no");
  printf("  attempts seen:      %d\n", in.attempts);
  printf("decisions:\n");
  for (int i = 0; i < n; i++) {
    tstr(dec[i].due, due, sizeof(due));
    printf("  %s%-22s %-32s %s due %s  [%s]\n", i == 0 ? "* " : "  ",
           dec[i].model, dec[i].decision, dec[i].priority, due, dec[i].row);
    for (int k = 0; k < dec[i].nclocks; k++) {
      tstr(dec[i].clocks[k].due, due, sizeof(due));
      printf("      clock: %s by %s\n", dec[i].clocks[k].name, due);
    }
  }
  vl_decision_explain(&dec[0], &in, ctx->lang, buf, sizeof(buf));
  printf("explanation:\n  %s\n", buf);
  free(p);
  return 0;
}

struct one_f {
  struct cli_ctx *ctx;
  const struct vl_ctx *vc;
  int status;
  bool found;
};

static int explain_cb(void *ud, const struct vl_finding *f) {
  struct one_f *o = ud;
  o->found = true;
  o->status = explain(o->ctx, o->vc, f);
  return 0;
}

int cmd_triage(struct cli_ctx *ctx, int argc, char **argv) {
  int64_t id = 0;
  for (int i = 1; i < argc;) {
    const char *v;
    int r = cli_opt(argc, argv, &i, "--explain", &v);
    if (r < 0) return 2;
    char *end;
    if (r == 0 || (id = strtoll(v, &end, 10)) <= 0 || *end)
      return cli_usage("usage: vulnloop triage [--explain FINDING-ID]");
  }
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc;
  if (id) {
    struct vl_finding_filter flt = {0};
    flt.id = id;
    struct one_f o = {ctx, &vc, 0, false};
    if ((rc = vl_store_findings(&vc, &flt, explain_cb, &o, &d)))
      return cli_fail(&d, rc);
    if (!o.found) {
      fprintf(stderr, "vulnloop: no finding %lld in tenant %s\n", (long long)id,
              ctx->tenant);
      return 1;
    }
    return o.status;
  }
  struct vl_triage_stats st;
  struct vl_ticket_sync_stats ts;
  if ((rc = vl_triage_run(&vc, &st, &d)) || (rc = vl_ticket_sync(&vc, &ts, &d)))
    return cli_fail(&d, rc);
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  struct tri t = {ctx, &vc, &w, false};
  struct vl_finding_filter flt = {0};
  flt.unresolved = true;
  if (ctx->json)
    vl_jw_arr_begin(&w);
  else
    printf("triaged %ld open findings (%ld decisions changed, %ld deadlines "
           "tightened); %ld tickets created, %ld findings grouped\n",
           st.findings, st.changed, st.tightened, ts.created, ts.linked);
  rc = vl_store_findings(&vc, &flt, triage_row, &t, &d);
  int status = 0;
  if (rc)
    status = cli_fail(&d, rc);
  else if (ctx->json) {
    vl_jw_arr_end(&w);
    status = flush_json(&w, &b);
  }
  vl_buf_free(&b);
  return status;
}

/* Re-decides every tenant after intelligence changed (a CVE added to KEV
 * tightens open findings' deadlines); prints one line per tenant whose
 * decisions changed.  Tenant names are collected first, so that no query
 * is open while each tenant's transaction runs. */
struct names {
  char **v;
  size_t n, cap;
};

static int add_name(void *ud, int64_t id, const char *name) {
  (void)id;
  struct names *nm = ud;
  if (nm->n == nm->cap) {
    size_t cap = nm->cap ? nm->cap * 2 : 8;
    char **v = realloc(nm->v, cap * sizeof(*v));
    if (!v) return VL_ENOMEM;
    nm->v = v;
    nm->cap = cap;
  }
  if (!(nm->v[nm->n] = strdup(name))) return VL_ENOMEM;
  nm->n++;
  return 0;
}

int cli_retriage_all(struct cli_ctx *ctx) {
  struct vl_diag d;
  vl_diag_clear(&d);
  struct names nm = {0};
  int status = 0;
  int rc = vl_store_tenants(ctx->store, add_name, &nm, &d);
  if (rc) status = cli_fail(&d, rc);
  for (size_t i = 0; i < nm.n && !status; i++) {
    struct vl_ctx vc;
    struct vl_triage_stats st = {0};
    struct vl_ticket_sync_stats ts;
    if ((rc = vl_ctx_init(&vc, ctx->store, nm.v[i], ctx->user, &d)) ||
        (rc = vl_triage_run(&vc, &st, &d)) ||
        (rc = vl_ticket_sync(&vc, &ts, &d))) {
      status = cli_fail(&d, rc);
    } else if (st.changed && !ctx->json) {
      printf("tenant %s: re-triaged %ld open findings, %ld decisions changed, "
             "%ld deadlines tightened\n",
             nm.v[i], st.findings, st.changed, st.tightened);
    }
  }
  for (size_t i = 0; i < nm.n; i++) free(nm.v[i]);
  free(nm.v);
  return status;
}

/* ----------------------------------------------------------------- queue */

int cmd_queue(struct cli_ctx *ctx, int argc, char **argv) {
  const char *owner = NULL;
  for (int i = 1; i < argc;) {
    int r = cli_opt(argc, argv, &i, "--owner", &owner);
    if (r < 0) return 2;
    if (r == 0) return cli_usage("usage: vulnloop queue [--owner NAME]");
  }
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_queue_item *items;
  size_t n;
  int rc = vl_queue_build(&vc, owner, &items, &n, &d);
  if (rc) return cli_fail(&d, rc);
  int status = 0;
  if (ctx->json) {
    struct vl_buf b;
    vl_buf_init(&b, OUT_MAX);
    struct vl_jw w;
    vl_jw_init(&w, &b, 1);
    vl_jw_arr_begin(&w);
    for (size_t i = 0; i < n; i++) {
      vl_jw_obj_begin(&w);
      vl_jw_kstr(&w, "owner", items[i].owner);
      jw_time(&w, "due", items[i].due);
      vl_jw_kbool(&w, "overdue", items[i].overdue);
      vl_jw_kstr(&w, "kind", items[i].clock ? "clock" : "remediation");
      vl_jw_kstr(&w, "priority", items[i].priority);
      vl_jw_kstr(&w, "vulnerability", items[i].vuln);
      vl_jw_kstr(&w, "asset", items[i].asset);
      vl_jw_kstr(&w, "what", items[i].what);
      vl_jw_kint(&w, "finding", items[i].finding);
      if (items[i].ticket)
        vl_jw_kint(&w, "ticket", items[i].ticket);
      else {
        vl_jw_key(&w, "ticket");
        vl_jw_null(&w);
      }
      vl_jw_obj_end(&w);
    }
    vl_jw_arr_end(&w);
    status = flush_json(&w, &b);
    vl_buf_free(&b);
  } else if (!n) {
    printf("nothing to do in tenant %s\n", ctx->tenant);
  } else {
    /* Grouped by owner, each group in queue order. */
    for (size_t i = 0; i < n; i++) {
      bool first = true;
      for (size_t j = 0; j < i; j++)
        if (!strcmp(items[j].owner, items[i].owner)) first = false;
      if (!first) continue;
      printf("%s:\n", items[i].owner);
      for (size_t j = i; j < n; j++) {
        if (strcmp(items[j].owner, items[i].owner)) continue;
        char due[32];
        tstr(items[j].due, due, sizeof(due));
        char ticket[24] = "";
        if (items[j].ticket)
          snprintf(ticket, sizeof(ticket), " ticket #%lld",
                   (long long)items[j].ticket);
        printf("  %-20s%s %-3s %-15s %-12s %s%s\n", due,
               items[j].overdue ? " OVERDUE" : "", items[j].priority,
               items[j].vuln, items[j].asset, items[j].what, ticket);
      }
    }
  }
  free(items);
  return status;
}

/* ---------------------------------------------------------------- policy */

static int read_policy_file(const char *path, char **text, size_t *len) {
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_read_file(path, 1 << 20, text, len, &d);
  if (rc) return cli_fail(&d, rc);
  return 0;
}

int cmd_policy(struct cli_ctx *ctx, int argc, char **argv) {
  if (argc < 2)
    return cli_usage("usage: vulnloop policy show | check FILE | set FILE");
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *sub = argv[1];
  if (!strcmp(sub, "check") && argc == 3) {
    char *text;
    size_t len;
    if (read_policy_file(argv[2], &text, &len)) return 1;
    struct vl_policy *p = malloc(sizeof(*p));
    int rc = p ? vl_policy_parse(argv[2], text, len, p, &d) : VL_ENOMEM;
    free(text);
    if (rc) {
      free(p);
      return cli_fail(&d, rc);
    }
    printf("%s: a valid policy: primary model %s, %d models, %d SLA rules, "
           "time zone %s%s\n",
           argv[2], p->primary, p->nmodels, p->nrules, p->timezone,
           p->business_days ? ", business days" : "");
    free(p);
    return 0;
  }
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  if (!strcmp(sub, "show") && argc == 2) {
    struct vl_policy *p = malloc(sizeof(*p));
    if (!p) return 1;
    char source[200];
    int rc = vl_policy_load(&vc, p, source, sizeof(source), &d);
    if (rc) {
      free(p);
      return cli_fail(&d, rc);
    }
    struct vl_buf b;
    vl_buf_init(&b, 1 << 20);
    rc = vl_policy_to_json(p, &b);
    free(p);
    if (!rc) {
      if (!ctx->json) printf("# effective policy of tenant %s: %s\n", ctx->tenant, source);
      cli_print_buf(&b);
    }
    vl_buf_free(&b);
    return rc ? 1 : 0;
  }
  if (!strcmp(sub, "set") && argc == 3) {
    char *text;
    size_t len;
    if (read_policy_file(argv[2], &text, &len)) return 1;
    int rc = vl_policy_store(&vc, argv[2], text, len, &d);
    free(text);
    if (rc) return cli_fail(&d, rc);
    printf("policy of tenant %s set from %s\n", ctx->tenant, argv[2]);
    /* Deadlines follow the policy. */
    struct vl_triage_stats st;
    struct vl_ticket_sync_stats ts;
    if ((rc = vl_triage_run(&vc, &st, &d)) || (rc = vl_ticket_sync(&vc, &ts, &d)))
      return cli_fail(&d, rc);
    printf("re-triaged %ld open findings: %ld decisions changed\n", st.findings,
           st.changed);
    return 0;
  }
  return cli_usage("usage: vulnloop policy show | check FILE | set FILE");
}
