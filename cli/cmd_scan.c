/* Scanner reports: scan import (Nessus, OpenVAS/GVM, Qualys) and scan
 * list.  Output is text for people, or with --json stable fields. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/scope.h"
#include "vulnloop/store.h"

#define OUT_MAX (1u << 28)

static int usage(void) {
  return cli_usage("usage: vulnloop scan import [--format F] FILE... | "
                   "scan list [--json]");
}

static int scan_import(struct cli_ctx *ctx, int argc, char **argv) {
  const char *format = NULL;
  int first = -1;
  for (int i = 2; i < argc;) {
    const char *v;
    int m = cli_opt(argc, argv, &i, "--format", &v);
    if (m < 0) return 2;
    if (m) {
      format = v;
      continue;
    }
    if (argv[i][0] == '-' && argv[i][1])
      return cli_usage("scan import: unknown option '%s'", argv[i]);
    if (first < 0) first = i;
    i++;
  }
  if (first < 0) return usage();
  if (format) {
    bool known = false;
    for (const struct vl_scan_format *const *f = vl_scan_formats(); *f; f++)
      if (!strcmp((*f)->name, format)) known = true;
    if (!known) return cli_usage("scan import: unknown format '%s'", format);
  }
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_buf b;
  struct vl_jw w;
  vl_buf_init(&b, OUT_MAX);
  vl_jw_init(&w, &b, 1);
  vl_jw_arr_begin(&w);
  int status = 0;
  for (int i = first; i < argc; i++) {
    const char *v;
    int j = i;
    if (cli_opt(argc, argv, &j, "--format", &v) == 1) {
      i = j - 1;
      continue;
    }
    struct vl_scan_stats st;
    struct vl_diag d;
    vl_diag_clear(&d);
    int rc = vl_scan_import(&vc, argv[i], format, "scan", &st, &d);
    if (rc) {
      cli_fail(&d, rc);
      status = 1;
      continue;
    }
    if (ctx->json) {
      vl_jw_obj_begin(&w);
      vl_jw_kstr(&w, "file", argv[i]);
      vl_jw_kstr(&w, "format", st.format);
      vl_jw_kint(&w, "scan", st.scan_id);
      vl_jw_kint(&w, "hosts", st.hosts);
      vl_jw_kint(&w, "credentialed", st.credentialed);
      vl_jw_kint(&w, "auth_failed", st.auth_failed);
      vl_jw_kint(&w, "results", st.results);
      vl_jw_kint(&w, "findings", st.findings);
      vl_jw_kint(&w, "findings_new", st.findings_new);
      vl_jw_kint(&w, "ports", st.ports);
      vl_jw_kint(&w, "checks", st.checks);
      vl_jw_obj_end(&w);
    } else {
      printf("%s: %s report, scan %lld: %ld hosts (%ld credentialed, %ld "
             "failed authentication), %ld results, %ld CVE detections (%ld "
             "new findings), %ld ports, %ld checks recorded\n",
             argv[i], st.format, (long long)st.scan_id, st.hosts,
             st.credentialed, st.auth_failed, st.results, st.findings,
             st.findings_new, st.ports, st.checks);
    }
  }
  vl_jw_arr_end(&w);
  if (ctx->json && cli_print_json(&w, &b)) status = 1;
  vl_buf_free(&b);
  return status;
}

struct list_ud {
  struct cli_out o;
  const struct vl_ctx *vc;
  int rc;
};

static int host_row(void *ud, const struct vl_scan_hostrec *h) {
  struct list_ud *l = ud;
  const char *auth = h->auth_ok == 1 ? "ok" : h->auth_ok == 0 ? "failed"
                                                              : "-";
  if (l->o.ctx->json) {
    struct vl_jw *w = l->o.w;
    vl_jw_obj_begin(w);
    vl_jw_kstr(w, "asset", h->asset);
    vl_jw_kstr(w, "host", h->host);
    vl_jw_kbool(w, "credentialed", h->credentialed);
    vl_jw_key(w, "auth_ok");
    if (h->auth_ok < 0) vl_jw_null(w);
    else vl_jw_bool(w, h->auth_ok == 1);
    cli_jw_time(w, "started", h->started);
    cli_jw_time(w, "ended", h->ended);
    vl_jw_kint(w, "results", h->results);
    vl_jw_obj_end(w);
  } else {
    char s[32], e[32];
    cli_fmt_time(h->started, s, sizeof(s));
    cli_fmt_time(h->ended, e, sizeof(e));
    printf("  %-30s %-16s credentialed %-3s auth %-6s %s .. %s  %ld results\n",
           h->asset, h->host ? h->host : "-", h->credentialed ? "yes" : "no",
           auth, s, e, h->results);
  }
  return 0;
}

static int scan_row(void *ud, const struct vl_scan_summary *s) {
  struct list_ud *l = ud;
  struct vl_diag d;
  vl_diag_clear(&d);
  l->o.n++;
  if (l->o.ctx->json) {
    struct vl_jw *w = l->o.w;
    vl_jw_obj_begin(w);
    vl_jw_kint(w, "id", s->scan.id);
    vl_jw_kstr(w, "kind", s->scan.kind);
    vl_jw_kstr(w, "scanner", s->scanner);
    vl_jw_kstr(w, "source", s->scan.source);
    vl_jw_kstr(w, "name", s->name);
    vl_jw_kstr(w, "policy", s->policy);
    cli_jw_time(w, "started", s->started);
    cli_jw_time(w, "ended", s->ended);
    cli_jw_time(w, "imported", s->scan.started);
    vl_jw_kint(w, "hosts", s->hosts);
    vl_jw_kint(w, "credentialed", s->credentialed);
    vl_jw_kint(w, "auth_failed", s->auth_failed);
    vl_jw_kint(w, "results", s->results);
    vl_jw_key(w, "host_list");
    vl_jw_arr_begin(w);
  } else {
    char a[32], b[32], c[32];
    cli_fmt_time(s->started, a, sizeof(a));
    cli_fmt_time(s->ended, b, sizeof(b));
    cli_fmt_time(s->scan.started, c, sizeof(c));
    printf("scan %lld  %s  %s  %s\n  report %s, policy %s, %s .. %s, "
           "imported %s\n  %ld hosts, %ld credentialed, %ld failed "
           "authentication, %ld results\n",
           (long long)s->scan.id, s->scanner, s->scan.kind,
           s->scan.source ? s->scan.source : "-", s->name ? s->name : "-",
           s->policy ? s->policy : "-", a, b, c, s->hosts, s->credentialed,
           s->auth_failed, s->results);
  }
  int rc = vl_store_scan_hosts(l->vc, s->scan.id, host_row, l, &d);
  if (rc) {
    l->rc = cli_fail(&d, rc);
    return rc;
  }
  if (l->o.ctx->json) {
    vl_jw_arr_end(l->o.w);
    vl_jw_obj_end(l->o.w);
  }
  return 0;
}

static int scan_list(struct cli_ctx *ctx, int argc, char **argv) {
  (void)argv;
  if (argc != 2) return usage();
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_buf b;
  struct vl_jw w;
  vl_buf_init(&b, OUT_MAX);
  vl_jw_init(&w, &b, 1);
  struct list_ud l = {{ctx, &w, &vc, 0}, &vc, 0};
  if (ctx->json) vl_jw_arr_begin(&w);
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_store_scan_summaries(&vc, scan_row, &l, &d);
  int status = 0;
  if (rc) status = l.rc ? l.rc : cli_fail(&d, rc);
  if (!status && ctx->json) {
    vl_jw_arr_end(&w);
    status = cli_print_json(&w, &b);
  } else if (!status && l.o.n == 0) {
    printf("no scanner reports imported\n");
  }
  vl_buf_free(&b);
  return status;
}

int cmd_scan(struct cli_ctx *ctx, int argc, char **argv) {
  cli_trailing_globals(ctx, &argc, argv);
  if (argc < 2) return usage();
  if (!strcmp(argv[1], "import")) return scan_import(ctx, argc, argv);
  if (!strcmp(argv[1], "list")) return scan_list(ctx, argc, argv);
  return usage();
}
