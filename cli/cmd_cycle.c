/* The cycle's commands: init, feed, triage, ticket, verify, report, audit
 * (asset, match, impact and findings: cmd_scope.c).  Output is text for people, or with
 * --json stable fields (docs/json.md). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/act.h"
#include "vulnloop/collect.h"
#include "vulnloop/decide.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/report.h"
#include "vulnloop/scope.h"
#include "vulnloop/store.h"
#include "vulnloop/verify.h"

#define OUT_MAX (1u << 30)

struct vl_store *cli_store(struct cli_ctx *ctx) {
  if (ctx->store) return ctx->store;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_store_open(ctx->db_path, &ctx->store, &d);
  if (rc) {
    cli_fail(&d, rc);
    return NULL;
  }
  return ctx->store;
}

void cli_close_store(struct cli_ctx *ctx) {
  vl_store_close(ctx->store);
  ctx->store = NULL;
}

/* Opens the store and resolves the tenant into vc. */
int cli_open_ctx(struct cli_ctx *ctx, struct vl_ctx *vc) {
  struct vl_store *s = cli_store(ctx);
  if (!s) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_ctx_init(vc, s, ctx->tenant, ctx->user, &d);
  if (rc) return cli_fail(&d, rc);
  return 0;
}

void cli_fmt_time(vl_time t, char *buf, size_t size) {
  if (!t) {
    snprintf(buf, size, "-");
    return;
  }
  vl_time_format(t, buf, size);
}

void cli_jw_time(struct vl_jw *w, const char *key, vl_time t) {
  char b[32];
  vl_jw_key(w, key);
  if (!t) {
    vl_jw_null(w);
    return;
  }
  vl_time_format(t, b, sizeof(b));
  vl_jw_str(w, b);
}

int cli_print_json(struct vl_jw *w, struct vl_buf *b) {
  int rc = vl_jw_finish(w);
  if (rc) {
    fprintf(stderr, "vulnloop: output too large\n");
    return 1;
  }
  cli_print_buf(b);
  return 0;
}

int cli_parse_id(const char *s, int64_t *out) {
  char *end;
  errno = 0;
  long long v = strtoll(s, &end, 10);
  if (errno || *end || v <= 0) return -1;
  *out = v;
  return 0;
}

/* ------------------------------------------------------------------ init */

int cmd_init(struct cli_ctx *ctx, int argc, char **argv) {
  (void)argc;
  (void)argv;
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_store_check(vc.store, &d);
  if (rc) return cli_fail(&d, rc);
  printf("database %s ready (schema version %d, integrity ok), tenant %s\n",
         ctx->db_path, vl_store_schema_version(vc.store), ctx->tenant);
  return 0;
}

/* ------------------------------------------------------------------ feed */

int cmd_feed(struct cli_ctx *ctx, int argc, char **argv) {
#ifdef VL_HAVE_CMD_FEED_SYNC_C
  if (argc >= 2 && !strcmp(argv[1], "sync"))
    return cmd_feed_sync(ctx, argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "status"))
    return cmd_feed_status(ctx, argc, argv);
#endif
  if (argc < 3 || strcmp(argv[1], "import"))
    return cli_usage("usage: vulnloop feed import FILE... | feed sync "
                     "[--config FILE] [SOURCE...] | feed status [SOURCE...]");
  struct vl_store *s = cli_store(ctx);
  if (!s) return 1;
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  if (ctx->json) vl_jw_arr_begin(&w);
  int status = 0;
  bool any_changed = false;
  for (int i = 2; i < argc; i++) {
    struct vl_feed_stats st;
    struct vl_diag d;
    vl_diag_clear(&d);
    int rc = vl_feed_import(s, argv[i], &st, &d);
    if (rc) {
      cli_fail(&d, rc);
      status = 1;
      continue;
    }
    if (st.changed) any_changed = true;
    if (ctx->json) {
      vl_jw_obj_begin(&w);
      vl_jw_kstr(&w, "file", argv[i]);
      vl_jw_kstr(&w, "format", st.format);
      vl_jw_kint(&w, "records", st.records);
      vl_jw_kint(&w, "changed", st.changed);
      vl_jw_kint(&w, "unchanged", st.unchanged);
      vl_jw_obj_end(&w);
    } else {
      printf("%s: %s, %ld records, %ld new or updated, %ld unchanged\n",
             argv[i], st.format, st.records, st.changed, st.unchanged);
    }
  }
  if (ctx->json) {
    vl_jw_arr_end(&w);
    if (cli_print_json(&w, &b)) status = 1;
  }
  vl_buf_free(&b);
  /* New intelligence can change decisions: a CVE added to KEV tightens the
   * deadline of every open finding of it. */
  if (any_changed && cli_retriage_all(ctx)) status = 1;
  return status;
}


/* ---------------------------------------------------------------- ticket */

static void jw_ticket(struct vl_jw *w, const struct vl_ticket *t) {
  vl_jw_kint(w, "id", t->id);
  vl_jw_kstr(w, "vulnerability", t->vuln);
  vl_jw_kstr(w, "title", t->title);
  vl_jw_kstr(w, "fix", t->fix);
  vl_jw_kstr(w, "state", t->state);
  vl_jw_kstr(w, "plan", t->plan);
  vl_jw_kstr(w, "owner", t->owner);
  cli_jw_time(w, "due", t->due);
  vl_jw_kint(w, "findings", t->n_findings);
  vl_jw_kint(w, "unresolved", t->n_open);
  cli_jw_time(w, "created", t->created);
  cli_jw_time(w, "updated", t->updated);
}

static int list_ticket(void *ud, const struct vl_ticket *t) {
  struct cli_out *o = ud;
  o->n++;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    jw_ticket(o->w, t);
    vl_jw_obj_end(o->w);
    return 0;
  }
  char due[32];
  cli_fmt_time(t->due, due, sizeof(due));
  printf("#%-4lld %-11s due %-20s %d/%d unresolved  %s\n", (long long)t->id,
         t->state, due, t->n_open, t->n_findings, t->title ? t->title : "");
  return 0;
}

static int show_action(void *ud, const struct vl_action *a) {
  struct cli_out *o = ud;
  char at[32], ex[32];
  cli_fmt_time(a->at, at, sizeof(at));
  cli_fmt_time(a->expires, ex, sizeof(ex));
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    vl_jw_kint(o->w, "id", a->id);
    vl_jw_kstr(o->w, "kind", a->kind);
    vl_jw_kstr(o->w, "note", a->note);
    vl_jw_kstr(o->w, "actor", a->actor);
    cli_jw_time(o->w, "at", a->at);
    cli_jw_time(o->w, "expires", a->expires);
    vl_jw_obj_end(o->w);
  } else {
    if (a->expires)
      printf("  %s %-12s by %s: %s (until %s)\n", at, a->kind, a->actor,
             a->note ? a->note : "", ex);
    else
      printf("  %s %-12s by %s: %s\n", at, a->kind, a->actor,
             a->note ? a->note : "");
  }
  return 0;
}

static int show_remediation(void *ud, const struct vl_remediation *r) {
  struct cli_out *o = ud;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    vl_jw_kstr(o->w, "kind", r->kind);
    vl_jw_kstr(o->w, "text", r->text);
    vl_jw_kstr(o->w, "url", r->url);
    vl_jw_kstr(o->w, "source", r->source);
    vl_jw_obj_end(o->w);
    return 0;
  }
  printf("  %s (%s):\n", !strcmp(r->kind, "vendor_fix") ? "vendor fix" : r->kind,
         r->source);
  for (const char *p = r->text; *p;) {
    const char *nl = strchr(p, '\n');
    int len = nl ? (int)(nl - p) : (int)strlen(p);
    printf("    %.*s\n", len, p);
    p += len + (nl ? 1 : 0);
  }
  return 0;
}

static int show_ticket(void *ud, const struct vl_ticket *t) {
  struct cli_out *o = ud;
  struct vl_diag d;
  vl_diag_clear(&d);
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    jw_ticket(o->w, t);
    vl_jw_key(o->w, "advisories");
    vl_jw_arr_begin(o->w);
  } else {
    list_ticket(o, t);
    bool nofix = !strncmp(t->fix, "no fixed version known", 22);
    printf("recommended: %s%s\n", t->fix,
           nofix ? "" : " (the first version outside the NVD range)");
  }
  int rc0 = vl_store_remediations(o->vc->store, t->vuln, show_remediation, o, &d);
  if (rc0) return rc0;
  if (o->ctx->json) {
    vl_jw_arr_end(o->w);
    vl_jw_key(o->w, "findings_list");
    vl_jw_arr_begin(o->w);
  } else {
    printf("findings:\n");
  }
  struct vl_finding_filter flt = {0};
  flt.ticket_id = t->id;
  int rc = vl_store_findings(o->vc, &flt, cli_finding_row, o, &d);
  if (rc) return rc;
  if (o->ctx->json) {
    vl_jw_arr_end(o->w);
    vl_jw_key(o->w, "actions");
    vl_jw_arr_begin(o->w);
  } else {
    printf("actions:\n");
  }
  if ((rc = vl_store_actions(o->vc, t->id, show_action, o, &d))) return rc;
  if (o->ctx->json) {
    vl_jw_arr_end(o->w);
    vl_jw_obj_end(o->w);
  }
  return 0;
}

static int ticket_usage(void) {
  return cli_usage(
      "usage: vulnloop ticket list | show ID | start ID | resolve ID |\n"
      "       act ID --kind KIND --note TEXT [--expires TIME] |\n"
      "       accept ID --note REASON | reopen ID | close ID");
}

int cmd_ticket(struct cli_ctx *ctx, int argc, char **argv) {
  if (argc < 2) return ticket_usage();
  const char *sub = argv[1];
  struct vl_ctx vc;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  struct cli_out o = {ctx, &w, &vc, 0};
  int rc, status = 0;
  if (!strcmp(sub, "list")) {
    if (argc != 2) return ticket_usage();
    if (cli_open_ctx(ctx, &vc)) return 1;
    if (ctx->json) vl_jw_arr_begin(&w);
    if ((rc = vl_store_tickets(&vc, 0, NULL, list_ticket, &o, &d)))
      status = cli_fail(&d, rc);
    else if (ctx->json) {
      vl_jw_arr_end(&w);
      status = cli_print_json(&w, &b);
    }
    vl_buf_free(&b);
    return status;
  }
  int64_t id;
  if (argc < 3 || cli_parse_id(argv[2], &id)) {
    vl_buf_free(&b);
    return ticket_usage();
  }
  const char *kind = NULL, *note = NULL, *expires_s = NULL;
  for (int i = 3; i < argc;) {
    int r;
    if ((r = cli_opt(argc, argv, &i, "--kind", &kind)) ||
        (r = cli_opt(argc, argv, &i, "--note", &note)) ||
        (r = cli_opt(argc, argv, &i, "--expires", &expires_s))) {
      if (r < 0) return 2;
      continue;
    }
    vl_buf_free(&b);
    return ticket_usage();
  }
  if (cli_open_ctx(ctx, &vc)) return 1;
  if (!strcmp(sub, "show")) {
    if ((rc = vl_store_tickets(&vc, id, NULL, show_ticket, &o, &d)))
      status = cli_fail(&d, rc);
    else if (ctx->json)
      status = cli_print_json(&w, &b);
  } else if (!strcmp(sub, "act")) {
    vl_time expires = 0;
    if (!kind || !note) {
      status = cli_usage("ticket act needs --kind KIND and --note TEXT");
    } else if (expires_s && vl_time_parse(expires_s, &expires)) {
      status = cli_usage("--expires: not a date/time: %s", expires_s);
    } else {
      int64_t aid;
      if ((rc = vl_ticket_act(&vc, id, kind, note, expires, &aid, &d)))
        status = cli_fail(&d, rc);
      else if (!ctx->json)
        printf("ticket %lld: recorded action %lld (%s)\n", (long long)id,
               (long long)aid, kind);
    }
  } else {
    static const struct {
      const char *name;
      enum vl_ticket_verb verb;
    } verbs[] = {{"start", VL_TICKET_START},   {"resolve", VL_TICKET_RESOLVE},
                 {"accept", VL_TICKET_ACCEPT}, {"reopen", VL_TICKET_REOPEN},
                 {"close", VL_TICKET_CLOSE}};
    size_t k = 0;
    while (k < VL_ARRAY_LEN(verbs) && strcmp(verbs[k].name, sub)) k++;
    if (k == VL_ARRAY_LEN(verbs)) {
      status = ticket_usage();
    } else if ((rc = vl_ticket_transition(&vc, id, verbs[k].verb, note, &d))) {
      status = cli_fail(&d, rc);
    } else if (!ctx->json) {
      printf("ticket %lld: %s\n", (long long)id, sub);
    }
  }
  vl_buf_free(&b);
  return status;
}

/* ---------------------------------------------------------------- verify */

/* Findings the re-scan closed or could not verify, one per line, or as a
 * JSON array (ud is a struct cli_out). */
static int verify_note(void *ud, const struct vl_verify_note *n) {
  struct cli_out *o = ud;
  o->n++;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    vl_jw_kint(o->w, "finding", n->finding);
    vl_jw_kstr(o->w, "asset", n->asset);
    vl_jw_kstr(o->w, "vuln", n->vuln);
    vl_jw_kstr(o->w, "outcome", n->fixed ? "fixed" : "not verified");
    vl_jw_kstr(o->w, "reason", n->reason);
    vl_jw_obj_end(o->w);
  } else {
    /* Text lines wait in the buffer and follow the summary. */
    vl_buf_printf(o->w->out, "  %s %s on %s: %s\n",
                  n->fixed ? "fixed:" : "not verified:", n->vuln, n->asset,
                  n->reason);
  }
  return 0;
}

int cmd_verify(struct cli_ctx *ctx, int argc, char **argv) {
  const char *format = NULL, *file = NULL;
  struct vl_inv_opts opts = {0};
  static const char *usage =
      "usage: vulnloop verify [--format F] [--asset NAME] "
      "[--os-release FILE] FILE";
  for (int i = 1; i < argc;) {
    int m;
    if ((m = cli_opt(argc, argv, &i, "--format", &format)) ||
        (m = cli_opt(argc, argv, &i, "--asset", &opts.asset)) ||
        (m = cli_opt(argc, argv, &i, "--os-release", &opts.os_release))) {
      if (m < 0) return 2;
      continue;
    }
    if ((argv[i][0] == '-' && argv[i][1]) || file) return cli_usage("%s", usage);
    file = argv[i++];
  }
  if (!file) return cli_usage("%s", usage);
  argv[1] = (char *)file;
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_verify_stats st;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_buf b;
  vl_buf_init(&b, 1u << 28);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  struct cli_out o = {ctx, &w, &vc, 0};
  if (ctx->json) {
    vl_jw_obj_begin(&w);
    vl_jw_key(&w, "notes");
    vl_jw_arr_begin(&w);
  }
  int rc = vl_verify_rescan_ex(&vc, argv[1], format, &opts, verify_note, &o,
                               &st, &d);
  if (rc) {
    vl_buf_free(&b);
    return cli_fail(&d, rc);
  }
  if (ctx->json) {
    vl_jw_arr_end(&w);
    vl_jw_kint(&w, "scan", st.scan_id);
    vl_jw_kstr(&w, "format", st.format);
    vl_jw_kint(&w, "assets_covered", st.assets_covered);
    vl_jw_kint(&w, "fixed", st.fixed);
    vl_jw_kint(&w, "still_detected", st.still_open);
    vl_jw_kint(&w, "new_findings", st.new_findings);
    vl_jw_kint(&w, "not_covered", st.not_covered);
    vl_jw_kint(&w, "not_verified", st.not_verified);
    vl_jw_kint(&w, "tickets_verified", st.tickets_verified);
    vl_jw_kint(&w, "tickets_reopened", st.tickets_reopened);
    vl_jw_obj_end(&w);
    rc = cli_print_json(&w, &b);
    vl_buf_free(&b);
    return rc;
  }
  printf("re-scan %s covered %ld assets: %ld findings fixed (not detected), "
         "%ld still detected, %ld new; %ld open findings on assets not "
         "re-scanned stay open\n",
         argv[1], st.assets_covered, st.fixed, st.still_open, st.new_findings,
         st.not_covered);
  if (st.not_verified)
    printf("%ld findings on re-scanned assets not verified: they stay open\n",
           st.not_verified);
  printf("tickets: %ld verified, %ld back in progress\n", st.tickets_verified,
         st.tickets_reopened);
  if (b.len) cli_print_buf(&b);
  vl_buf_free(&b);
  return 0;
}

/* ---------------------------------------------------------------- report */

int cmd_report(struct cli_ctx *ctx, int argc, char **argv) {
  const char *lang = ctx->lang, *format = "md", *outfile = NULL;
  if (argc < 3 || strcmp(argv[1], "cve"))
    return cli_usage("usage: vulnloop report cve ID [--lang en|ja] "
                     "[--format md|html] [--output FILE]");
  const char *vuln = argv[2];
  for (int i = 3; i < argc;) {
    int r;
    if ((r = cli_opt(argc, argv, &i, "--lang", &lang)) ||
        (r = cli_opt(argc, argv, &i, "--format", &format)) ||
        (r = cli_opt(argc, argv, &i, "--output", &outfile))) {
      if (r < 0) return 2;
      continue;
    }
    return cli_usage("report: unknown argument '%s'", argv[i]);
  }
  if (strcmp(lang, "en") && strcmp(lang, "ja"))
    return cli_usage("--lang must be en or ja");
  if (strcmp(format, "md") && strcmp(format, "html"))
    return cli_usage("--format must be md or html");
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_report_vuln(&vc, vuln, lang,
                          strcmp(format, "html") ? VL_REPORT_MD : VL_REPORT_HTML,
                          &b, &d);
  int status = 0;
  if (rc) {
    status = cli_fail(&d, rc);
  } else if (outfile) {
    FILE *f = fopen(outfile, "wb");
    if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0) {
      fprintf(stderr, "vulnloop: %s: cannot write: %s\n", outfile,
              strerror(errno));
      status = 1;
    }
  } else {
    cli_print_buf(&b);
  }
  vl_buf_free(&b);
  return status;
}

/* ----------------------------------------------------------------- audit */

static int audit_row(void *ud, const struct vl_audit_event *e) {
  struct cli_out *o = ud;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    vl_jw_kint(o->w, "id", e->id);
    cli_jw_time(o->w, "at", e->at);
    vl_jw_kstr(o->w, "actor", e->actor);
    vl_jw_kstr(o->w, "action", e->action);
    vl_jw_kstr(o->w, "object_type", e->object_type);
    vl_jw_kint(o->w, "object_id", e->object_id);
    vl_jw_kstr(o->w, "before", e->before);
    vl_jw_kstr(o->w, "after", e->after);
    vl_jw_kstr(o->w, "hash", e->hash);
    vl_jw_obj_end(o->w);
    return 0;
  }
  char at[32];
  cli_fmt_time(e->at, at, sizeof(at));
  printf("%5lld %s %-8s %-16s %s %lld %s -> %s\n", (long long)e->id, at,
         e->actor, e->action, e->object_type, (long long)e->object_id,
         e->before ? e->before : "-", e->after ? e->after : "-");
  return 0;
}

int cmd_audit(struct cli_ctx *ctx, int argc, char **argv) {
  if (argc < 2)
    return cli_usage("usage: vulnloop audit list [TYPE [ID]] | verify");
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc;
  if (!strcmp(argv[1], "verify")) {
    int64_t n;
    if ((rc = vl_store_audit_verify(&vc, &n, &d))) return cli_fail(&d, rc);
    printf("audit log intact: %lld events, hash chain verified\n", (long long)n);
    return 0;
  }
  if (strcmp(argv[1], "list") || argc > 4)
    return cli_usage("usage: vulnloop audit list [TYPE [ID]] | verify");
  int64_t oid = 0;
  if (argc == 4 && cli_parse_id(argv[3], &oid))
    return cli_usage("audit list: bad id '%s'", argv[3]);
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  struct cli_out o = {ctx, &w, &vc, 0};
  if (ctx->json) vl_jw_arr_begin(&w);
  rc = vl_store_audit_list(&vc, argc >= 3 ? argv[2] : NULL, oid, audit_row, &o,
                           &d);
  int status = 0;
  if (rc)
    status = cli_fail(&d, rc);
  else if (ctx->json) {
    vl_jw_arr_end(&w);
    status = cli_print_json(&w, &b);
  }
  vl_buf_free(&b);
  return status;
}

/* ---------------------------------------------------------------- status */

int cmd_status(struct cli_ctx *ctx, int argc, char **argv) {
  (void)argv;
  if (argc != 1) return cli_usage("usage: vulnloop status");
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_store_counts c;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_store_counts(&vc, &c, &d);
  if (rc) return cli_fail(&d, rc);
  if (ctx->json) {
    struct vl_buf b;
    vl_buf_init(&b, 4096);
    struct vl_jw w;
    vl_jw_init(&w, &b, 1);
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "tenant", ctx->tenant);
    vl_jw_kint(&w, "vulnerabilities", c.vulns);
    vl_jw_kint(&w, "affected_statements", c.affected);
    vl_jw_kint(&w, "kev_entries", c.kev);
    vl_jw_kint(&w, "ssvc_entries", c.ssvc);
    vl_jw_kint(&w, "assets", c.assets);
    vl_jw_kint(&w, "software", c.software);
    vl_jw_kint(&w, "findings", c.findings);
    vl_jw_kint(&w, "tickets", c.tickets);
    vl_jw_kint(&w, "audit_events", c.audit);
    vl_jw_obj_end(&w);
    rc = cli_print_json(&w, &b);
    vl_buf_free(&b);
    return rc;
  }
  printf("intelligence: %lld vulnerability records, %lld affected statements, "
         "%lld KEV entries, %lld SSVC entries\n",
         (long long)c.vulns, (long long)c.affected, (long long)c.kev,
         (long long)c.ssvc);
  printf("tenant %s: %lld assets, %lld installed products, %lld findings, "
         "%lld tickets, %lld audit events\n",
         ctx->tenant, (long long)c.assets, (long long)c.software,
         (long long)c.findings, (long long)c.tickets, (long long)c.audit);
  return 0;
}
