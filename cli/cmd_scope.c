/* Scope commands: asset (import, list, show), match, impact, findings.
 * Output is text for people, or with --json stable fields (docs/json.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/act.h"
#include "vulnloop/decide.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/scope.h"
#include "vulnloop/store.h"

#define OUT_MAX (1u << 30)

/* ----------------------------------------------------------------- asset */

static void jw_asset(struct vl_jw *w, const struct vl_asset *a) {
  static const char *exp[] = {NULL, "internal", "internet"};
  vl_jw_kint(w, "id", a->id);
  vl_jw_kstr(w, "name", a->name);
  vl_jw_kstr(w, "address", a->address);
  vl_jw_kstr(w, "type", a->type);
  vl_jw_kstr(w, "owner", a->owner);
  vl_jw_kstr(w, "environment", a->environment);
  vl_jw_kstr(w, "exposure", exp[a->exposure]);
  vl_jw_kstr(w, "criticality", a->criticality);
  vl_jw_kstr(w, "tags", a->tags);
  vl_jw_kstr(w, "os", a->os);
  vl_jw_kstr(w, "distro", a->distro);
  vl_jw_kstr(w, "release", a->release);
  vl_jw_kstr(w, "os_cpe", a->os_cpe);
  vl_jw_key(w, "custom");
  vl_jw_raw(w, a->custom);
  cli_jw_time(w, "first_seen", a->first_seen);
  cli_jw_time(w, "last_seen", a->last_seen);
}

static int list_asset(void *ud, const struct vl_asset *a) {
  struct cli_out *o = ud;
  static const char *exp[] = {"unknown", "internal", "internet"};
  o->n++;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    jw_asset(o->w, a);
    vl_jw_obj_end(o->w);
  } else {
    printf("%-20s %-9s %-16s %-10s %s\n", a->name, exp[a->exposure],
           a->address ? a->address : "-", a->criticality ? a->criticality : "-",
           a->owner ? a->owner : "-");
  }
  return 0;
}

static int list_sw(void *ud, const struct vl_software *s) {
  struct cli_out *o = ud;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    vl_jw_kint(o->w, "id", s->id);
    vl_jw_kstr(o->w, "origin", s->origin);
    vl_jw_kstr(o->w, "cpe", s->cpe);
    vl_jw_kstr(o->w, "purl", s->purl);
    vl_jw_kstr(o->w, "ecosystem", s->ecosystem);
    vl_jw_kstr(o->w, "name", s->name);
    vl_jw_kstr(o->w, "vendor", s->vendor);
    vl_jw_kstr(o->w, "product", s->product);
    vl_jw_kstr(o->w, "version", s->version);
    vl_jw_kstr(o->w, "scheme", s->scheme);
    vl_jw_kstr(o->w, "source_name", s->source_name);
    vl_jw_kstr(o->w, "source_version", s->source_version);
    vl_jw_kstr(o->w, "arch", s->arch);
    vl_jw_obj_end(o->w);
  } else if (s->cpe) {
    printf("  software: %s\n", s->cpe);
  } else {
    printf("  software: %s %s (%s%s%s)\n", s->name ? s->name : s->product,
           s->version ? s->version : "-", s->origin,
           s->purl ? ", " : "", s->purl ? s->purl : "");
  }
  return 0;
}

static void print_finding_line(const struct vl_finding *f) {
  char due[32];
  cli_fmt_time(f->due, due, sizeof(due));
  printf("  %-16s %-10s %-32s due %s\n", f->vuln, f->status,
         f->decision ? f->decision : "(not triaged)", due);
}

static void jw_finding(struct vl_jw *w, const struct vl_finding *f) {
  vl_jw_kint(w, "id", f->id);
  vl_jw_kstr(w, "asset", f->asset);
  vl_jw_kstr(w, "vulnerability", f->vuln);
  vl_jw_kstr(w, "status", f->status);
  vl_jw_kstr(w, "cpe", f->cpe);
  vl_jw_kstr(w, "installed_version", f->version);
  vl_jw_kstr(w, "criterion", f->criterion);
  vl_jw_kstr(w, "bound", f->bound);
  vl_jw_kstr(w, "evidence", f->evidence);
  vl_jw_kdouble(w, "confidence", f->confidence, 2);
  vl_jw_kstr(w, "exposure", f->exposure);
  vl_jw_kstr(w, "priority", f->priority);
  vl_jw_kstr(w, "model", f->model);
  vl_jw_kstr(w, "decision", f->decision);
  cli_jw_time(w, "due", f->due);
  vl_jw_kstr(w, "explanation", f->explain);
  if (f->ticket_id)
    vl_jw_kint(w, "ticket", f->ticket_id);
  else {
    vl_jw_key(w, "ticket");
    vl_jw_null(w);
  }
  cli_jw_time(w, "first_seen", f->first_seen);
  cli_jw_time(w, "last_seen", f->last_seen);
  cli_jw_time(w, "fixed_at", f->fixed_at);
}

/* The evidence of why, beside a finding's own fields (docs/json.md). */
static void jw_why(struct vl_jw *w, const struct vl_match_why *y) {
  vl_jw_kstr(w, "source", y->source);
  vl_jw_kstr(w, "statement", y->statement);
  vl_jw_kstr(w, "fixed_version", y->fix);
}

static void print_why(const struct vl_finding *f,
                      const struct vl_match_why *y) {
  printf("    why: %s\n", f->evidence ? f->evidence : "");
  if (y->statement)
    printf("    statement (%s, confidence %.2f): %s; %s%s\n", y->source,
           f->confidence, y->statement, y->fix ? "fix: " : "no fix yet",
           y->fix ? y->fix : "");
}

static int show_finding(void *ud, const struct vl_finding *f,
                        const struct vl_match_why *y) {
  struct cli_out *o = ud;
  o->n++;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    jw_finding(o->w, f);
    jw_why(o->w, y);
    vl_jw_obj_end(o->w);
  } else {
    print_finding_line(f);
    print_why(f, y);
  }
  return 0;
}

/* A verdict a fix statement overrides: both sides. */
static int show_suppression(void *ud, const struct vl_match_suppression *m) {
  struct cli_out *o = ud;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    vl_jw_kstr(o->w, "asset", m->asset);
    vl_jw_kstr(o->w, "vulnerability", m->vuln);
    vl_jw_kstr(o->w, "software", m->software);
    vl_jw_kstr(o->w, "installed_version", m->installed_version);
    vl_jw_kstr(o->w, "criterion", m->criterion);
    vl_jw_kstr(o->w, "bound", m->bound);
    vl_jw_kstr(o->w, "source", m->why.source);
    vl_jw_kstr(o->w, "statement", m->why.statement);
    vl_jw_kdouble(o->w, "confidence", m->confidence, 2);
    cli_jw_time(o->w, "first_seen", m->first_seen);
    cli_jw_time(o->w, "last_seen", m->last_seen);
    vl_jw_obj_end(o->w);
  } else {
    if (!o->n++) printf("not reported (a fix statement overrides):\n");
    printf("  %-16s %-20s %s %s\n", m->vuln, m->asset, m->software,
           m->installed_version ? m->installed_version : "?");
    if (m->criterion)
      printf("    would match %s%s%s\n", m->criterion,
             m->bound ? " with version " : "", m->bound ? m->bound : "");
    printf("    but (%s, confidence %.2f): %s\n", m->why.source,
           m->confidence, m->why.statement);
  }
  return 0;
}

static int show_asset(void *ud, const struct vl_asset *a) {
  struct cli_out *o = ud;
  struct vl_diag d;
  vl_diag_clear(&d);
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    jw_asset(o->w, a);
    vl_jw_key(o->w, "software");
    vl_jw_arr_begin(o->w);
  } else {
    static const char *exp[] = {"unknown", "internal", "internet"};
    printf("asset %s (%s, exposure %s, criticality %s, owner %s)\n", a->name,
           a->type ? a->type : "-", exp[a->exposure],
           a->criticality ? a->criticality : "-", a->owner ? a->owner : "-");
    if (a->distro || a->os || a->os_cpe)
      printf("  platform: %s %s%s%s%s%s\n", a->distro ? a->distro : "-",
             a->release ? a->release : "", a->os ? " / " : "",
             a->os ? a->os : "", a->os_cpe ? " / " : "",
             a->os_cpe ? a->os_cpe : "");
    if (a->custom) printf("  custom: %s\n", a->custom);
  }
  int rc = vl_store_software(o->vc, a->id, list_sw, o, &d);
  if (rc) return rc;
  if (o->ctx->json) {
    vl_jw_arr_end(o->w);
    vl_jw_key(o->w, "findings");
    vl_jw_arr_begin(o->w);
  } else {
    printf("findings:\n");
  }
  struct vl_match_filter flt = {0};
  flt.f.asset_id = a->id;
  if ((rc = vl_store_match_findings(o->vc, &flt, show_finding, o, &d)))
    return rc;
  if (o->ctx->json) {
    vl_jw_arr_end(o->w);
    vl_jw_key(o->w, "suppressed");
    vl_jw_arr_begin(o->w);
  }
  struct cli_out so = *o;
  so.n = 0;
  if ((rc = vl_store_match_suppressions(o->vc, a->id, NULL, show_suppression,
                                        &so, &d)))
    return rc;
  if (o->ctx->json) {
    vl_jw_arr_end(o->w);
    vl_jw_obj_end(o->w);
  }
  return 0;
}

int cmd_asset(struct cli_ctx *ctx, int argc, char **argv) {
  cli_trailing_globals(ctx, &argc, argv);
  if (argc < 2)
    return cli_usage("usage: vulnloop asset import [--format F] FILE... | "
                     "collect | list | show NAME");
  struct vl_ctx vc;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  struct cli_out o = {ctx, &w, &vc, 0};
  int rc, status = 0;
#ifdef VL_HAVE_CMD_ASSET_COLLECT_C
  if (!strcmp(argv[1], "collect")) return cmd_asset_collect(ctx, argc, argv);
#endif
  if (!strcmp(argv[1], "import")) {
    struct vl_inv_opts opts = {0};
    const char *format = NULL;
    int nf = 0;
    for (int i = 2; i < argc; i++) {
      int m;
      if ((m = cli_opt(argc, argv, &i, "--format", &format)) ||
          (m = cli_opt(argc, argv, &i, "--asset", &opts.asset)) ||
          (m = cli_opt(argc, argv, &i, "--os-release", &opts.os_release))) {
        if (m < 0) return 2;
        i--;
        continue;
      }
      if (argv[i][0] == '-' && argv[i][1])
        return cli_usage("asset import: unknown option %s", argv[i]);
      argv[2 + nf++] = argv[i];
    }
    if (!nf)
      return cli_usage("usage: vulnloop asset import [--format F] "
                       "[--asset NAME] [--os-release FILE] FILE...");
    argc = 2 + nf;
    if (cli_open_ctx(ctx, &vc)) return 1;
    if (ctx->json) vl_jw_arr_begin(&w);
    for (int i = 2; i < argc; i++) {
      struct vl_inventory_stats st;
      vl_diag_clear(&d);
      if ((rc = vl_inventory_import(&vc, argv[i], format, "inventory", &opts,
                                    &st, &d))) {
        cli_fail(&d, rc);
        status = 1;
        continue;
      }
      if (ctx->json) {
        vl_jw_obj_begin(&w);
        vl_jw_kstr(&w, "file", argv[i]);
        vl_jw_kstr(&w, "format", st.format);
        vl_jw_kint(&w, "scan", st.scan_id);
        vl_jw_kint(&w, "rows", st.rows);
        vl_jw_kint(&w, "assets", st.assets);
        vl_jw_kint(&w, "software_new", st.software_new);
        vl_jw_kint(&w, "software_removed", st.software_removed);
        vl_jw_obj_end(&w);
      } else {
        printf("%s: %ld rows, %ld assets, %ld products new, %ld removed\n",
               argv[i], st.rows, st.assets, st.software_new,
               st.software_removed);
      }
    }
    if (ctx->json) {
      vl_jw_arr_end(&w);
      if (cli_print_json(&w, &b)) status = 1;
    }
    /* Exposure and criticality are decision inputs: open findings are
     * re-decided (quietly unless a decision changed). */
    struct vl_triage_stats ts;
    struct vl_ticket_sync_stats ks;
    vl_diag_clear(&d);
    if ((rc = vl_triage_run(&vc, &ts, &d)) || (rc = vl_ticket_sync(&vc, &ks, &d)))
      status = cli_fail(&d, rc);
    else if (ts.changed && !ctx->json)
      printf("re-triaged %ld open findings: %ld decisions changed, %ld "
             "deadlines tightened\n",
             ts.findings, ts.changed, ts.tightened);
  } else if (!strcmp(argv[1], "list")) {
    if (cli_open_ctx(ctx, &vc)) return 1;
    if (ctx->json) vl_jw_arr_begin(&w);
    if ((rc = vl_store_assets(&vc, list_asset, &o, &d))) status = cli_fail(&d, rc);
    if (ctx->json) {
      vl_jw_arr_end(&w);
      if (!status && cli_print_json(&w, &b)) status = 1;
    }
  } else if (!strcmp(argv[1], "show") && argc == 3) {
    if (cli_open_ctx(ctx, &vc)) return 1;
    if ((rc = vl_store_asset_by_name(&vc, argv[2], show_asset, &o, &d)))
      status = cli_fail(&d, rc);
    else if (ctx->json && cli_print_json(&w, &b))
      status = 1;
  } else {
    status = cli_usage("usage: vulnloop asset import FILE.csv... | list | show NAME");
  }
  vl_buf_free(&b);
  return status;
}

static int collect_asset_id(void *ud, const struct vl_asset *a) {
  return vl_ids_push(ud, a->id);
}

/* ---------------------------------------------------------- match/impact */

int cmd_match(struct cli_ctx *ctx, int argc, char **argv) {
  cli_trailing_globals(ctx, &argc, argv);
  bool full = false;
  const char *asset = NULL;
  for (int i = 1; i < argc;) {
    int r;
    if (!strcmp(argv[i], "--full")) {
      full = true;
      i++;
    } else if ((r = cli_opt(argc, argv, &i, "--asset", &asset)) != 0) {
      if (r < 0) return 2;
    } else {
      return cli_usage("usage: vulnloop match [--full] [--asset NAME]");
    }
  }
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_match_stats st;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc;
  if (asset) {
    struct vl_ids ids = {0};
    if ((rc = vl_store_asset_by_name(&vc, asset, collect_asset_id, &ids, &d)))
      return cli_fail(&d, rc);
    int64_t id = ids.n ? ids.v[0] : 0;
    vl_ids_free(&ids);
    rc = vl_match_run(&vc, id, &st, &d);
  } else if (full) {
    rc = vl_match_run(&vc, 0, &st, &d);
  } else {
    rc = vl_match_incremental(&vc, &st, &d);
  }
  if (rc) return cli_fail(&d, rc);
  if (ctx->json) {
    struct vl_buf b;
    vl_buf_init(&b, 4096);
    struct vl_jw w;
    vl_jw_init(&w, &b, 1);
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "mode", asset ? "asset" : st.incremental ? "incremental"
                                                            : "full");
    vl_jw_kint(&w, "assets", st.assets);
    vl_jw_kint(&w, "software", st.software);
    vl_jw_kint(&w, "keys", st.keys);
    vl_jw_kint(&w, "statements", st.candidates);
    vl_jw_kint(&w, "findings", st.findings);
    vl_jw_kint(&w, "new_findings", st.new_findings);
    vl_jw_kint(&w, "suppressed", st.suppressed);
    vl_jw_kint(&w, "closed", st.closed);
    vl_jw_obj_end(&w);
    rc = cli_print_json(&w, &b);
    vl_buf_free(&b);
    return rc;
  }
  printf("matched %ld installed products against %ld affected statements: "
         "%ld findings (%ld new)\n",
         st.software, st.candidates, st.findings, st.new_findings);
  if (st.suppressed || st.closed)
    printf("%ld verdicts overridden by a fix statement (%ld open findings "
           "closed)\n", st.suppressed, st.closed);
  return 0;
}

int cli_finding_row(void *ud, const struct vl_finding *f) {
  struct cli_out *o = ud;
  o->n++;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    jw_finding(o->w, f);
    vl_jw_obj_end(o->w);
    return 0;
  }
  printf("%-20s %-9s installed %-12s %-10s\n", f->asset,
         f->exposure ? f->exposure : "unknown", f->version ? f->version : "?",
         f->status);
  printf("    criterion %s%s%s\n", f->criterion ? f->criterion : "?",
         f->bound ? ", version " : "", f->bound ? f->bound : "");
  return 0;
}

/* One finding with its evidence of why (impact, findings). */
static int why_row(void *ud, const struct vl_finding *f,
                   const struct vl_match_why *y) {
  struct cli_out *o = ud;
  o->n++;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    jw_finding(o->w, f);
    jw_why(o->w, y);
    vl_jw_obj_end(o->w);
    return 0;
  }
  printf("%-20s %-16s %-9s %-8s confidence %.2f\n", f->asset, f->vuln,
         f->exposure ? f->exposure : "unknown", f->status, f->confidence);
  printf("    why: %s\n", f->evidence ? f->evidence : "?");
  bool unresolved = f->status && (!strcmp(f->status, VL_FINDING_OPEN) ||
                                  !strcmp(f->status, VL_FINDING_MITIGATED));
  if (y->statement)
    printf("    %s: %s%s%s\n", y->source, y->statement,
           y->fix ? "; fix: " : unresolved ? "; no fix yet" : "",
           y->fix ? y->fix : "");
  return 0;
}

int cmd_impact(struct cli_ctx *ctx, int argc, char **argv) {
  cli_trailing_globals(ctx, &argc, argv);
  if (argc != 2) return cli_usage("usage: vulnloop impact CVE-ID");
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  struct cli_out o = {ctx, &w, &vc, 0};
  struct vl_match_filter flt = {0};
  flt.f.vuln = argv[1];
  struct vl_diag d;
  vl_diag_clear(&d);
  if (ctx->json) {
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "vulnerability", argv[1]);
    vl_jw_key(&w, "findings");
    vl_jw_arr_begin(&w);
  }
  int rc = vl_store_match_findings(&vc, &flt, why_row, &o, &d), status = 0;
  long n = o.n;
  if (!rc && !ctx->json) {
    if (!n)
      printf("%s: no affected asset in tenant %s\n", argv[1], ctx->tenant);
    else
      printf("%s: %ld findings\n", argv[1], n);
  }
  if (!rc && ctx->json) {
    vl_jw_arr_end(&w);
    vl_jw_key(&w, "suppressed");
    vl_jw_arr_begin(&w);
  }
  o.n = 0;
  if (!rc)
    rc = vl_store_match_suppressions(&vc, 0, argv[1], show_suppression, &o,
                                     &d);
  if (rc) {
    status = cli_fail(&d, rc);
  } else if (ctx->json) {
    vl_jw_arr_end(&w);
    vl_jw_obj_end(&w);
    status = cli_print_json(&w, &b);
  }
  vl_buf_free(&b);
  return status;
}

int cmd_findings(struct cli_ctx *ctx, int argc, char **argv) {
  cli_trailing_globals(ctx, &argc, argv);
  struct vl_match_filter flt = {0};
  const char *asset = NULL;
  static const char *usage =
      "usage: vulnloop findings [--open] [--status S] [--vuln ID] "
      "[--asset NAME] [--min-confidence X] [--source "
      "nvd|osv|distro|changelog|csaf|scanner] [--kev] [--since DATE]";
  for (int i = 1; i < argc;) {
    const char *v;
    int r;
    if ((r = cli_opt(argc, argv, &i, "--status", &v)) != 0) {
      if (r < 0) return 2;
      flt.f.status = v;
    } else if ((r = cli_opt(argc, argv, &i, "--vuln", &v)) != 0) {
      if (r < 0) return 2;
      flt.f.vuln = v;
    } else if ((r = cli_opt(argc, argv, &i, "--asset", &asset)) != 0) {
      if (r < 0) return 2;
    } else if ((r = cli_opt(argc, argv, &i, "--source", &v)) != 0) {
      if (r < 0) return 2;
      if (strcmp(v, "nvd") && strcmp(v, "osv") && strcmp(v, "distro") &&
          strcmp(v, "changelog") && strcmp(v, "csaf") && strcmp(v, "scanner"))
        return cli_usage("findings: unknown source %s (nvd, osv, distro, "
                         "changelog, csaf, scanner)", v);
      flt.source = v;
    } else if ((r = cli_opt(argc, argv, &i, "--min-confidence", &v)) != 0) {
      if (r < 0) return 2;
      char *end;
      errno = 0;
      flt.min_confidence = strtod(v, &end);
      if (errno || end == v || *end || flt.min_confidence < 0 ||
          flt.min_confidence > 1)
        return cli_usage("findings: --min-confidence takes a number from 0 "
                         "to 1, not %s", v);
    } else if ((r = cli_opt(argc, argv, &i, "--since", &v)) != 0) {
      if (r < 0) return 2;
      if (vl_time_parse(v, &flt.since))
        return cli_usage("findings: --since takes a date (2026-11-01), not "
                         "%s", v);
    } else if (!strcmp(argv[i], "--kev")) {
      flt.kev = true;
      i++;
    } else if (!strcmp(argv[i], "--open")) {
      flt.f.unresolved = true;
      i++;
    } else {
      return cli_usage("%s", usage);
    }
  }
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  if (asset) {
    struct vl_ids ids = {0};
    int rc = vl_store_asset_by_name(&vc, asset, collect_asset_id, &ids, &d);
    flt.f.asset_id = ids.n ? ids.v[0] : 0;
    vl_ids_free(&ids);
    if (rc) return cli_fail(&d, rc);
  }
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  struct cli_out o = {ctx, &w, &vc, 0};
  if (ctx->json) vl_jw_arr_begin(&w);
  int rc = vl_store_match_findings(&vc, &flt, why_row, &o, &d), status = 0;
  if (rc)
    status = cli_fail(&d, rc);
  else if (ctx->json) {
    vl_jw_arr_end(&w);
    status = cli_print_json(&w, &b);
  }
  vl_buf_free(&b);
  return status;
}
