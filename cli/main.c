/* vulnloop: global options and dispatch to command groups. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/core.h"

#ifdef VL_HAVE_CMD_CYCLE_C
int cmd_feed(struct cli_ctx *ctx, int argc, char **argv);
int cmd_asset(struct cli_ctx *ctx, int argc, char **argv);
int cmd_match(struct cli_ctx *ctx, int argc, char **argv);
int cmd_impact(struct cli_ctx *ctx, int argc, char **argv);
int cmd_triage(struct cli_ctx *ctx, int argc, char **argv);
int cmd_ticket(struct cli_ctx *ctx, int argc, char **argv);
int cmd_verify(struct cli_ctx *ctx, int argc, char **argv);
int cmd_report(struct cli_ctx *ctx, int argc, char **argv);
int cmd_findings(struct cli_ctx *ctx, int argc, char **argv);
int cmd_init(struct cli_ctx *ctx, int argc, char **argv);
int cmd_audit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_demo(struct cli_ctx *ctx, int argc, char **argv);
int cmd_status(struct cli_ctx *ctx, int argc, char **argv);
int cmd_queue(struct cli_ctx *ctx, int argc, char **argv);
int cmd_policy(struct cli_ctx *ctx, int argc, char **argv);
void cli_close_store(struct cli_ctx *ctx);
#endif

static int cmd_help(struct cli_ctx *ctx, int argc, char **argv);
#ifdef VL_HAVE_CMD_VULN_C
int cmd_vuln(struct cli_ctx *ctx, int argc, char **argv);
#endif
#ifdef VL_HAVE_CMD_WATCH_C
int cmd_watch(struct cli_ctx *ctx, int argc, char **argv);
#endif
#ifdef VL_HAVE_CMD_DISTRO_C
int cmd_distro(struct cli_ctx *ctx, int argc, char **argv);
#endif

static const struct {
  const char *name;
  int (*fn)(struct cli_ctx *, int, char **);
  const char *help;
} commands[] = {
    {"help", cmd_help, "show this list"},
#ifdef VL_HAVE_CMD_CYCLE_C
    {"init", cmd_init, "create or migrate the database"},
    {"feed", cmd_feed, "import intelligence: NVD, CVE 5, KEV, EPSS, ExploitDB, JVN"},
    {"asset", cmd_asset, "import, collect, list and show assets and their software"},
    {"match", cmd_match, "find which assets are affected"},
    {"impact", cmd_impact, "list the assets a vulnerability affects"},
    {"findings", cmd_findings, "list findings"},
    {"triage", cmd_triage, "prioritise open findings and set due dates"},
    {"queue", cmd_queue, "what to do next, by due date, per owner"},
    {"policy", cmd_policy, "show, check or set the decision policy"},
    {"ticket", cmd_ticket, "remediation tickets and actions"},
    {"verify", cmd_verify, "compare a re-scan with open findings"},
    {"report", cmd_report, "write a report (md or html, en or ja)"},
    {"audit", cmd_audit, "show and check the audit log"},
    {"status", cmd_status, "what the database holds"},
    {"demo", cmd_demo, "run the whole cycle on the example data"},
#endif
#ifdef VL_HAVE_CMD_SCAN_C
    {"scan", cmd_scan, "import scanner reports (Nessus, OpenVAS/GVM, Qualys)"},
#endif
#ifdef VL_HAVE_CMD_VULN_C
    {"vuln", cmd_vuln, "show or list vulnerabilities from every source"},
#endif
#ifdef VL_HAVE_CMD_WATCH_C
    {"watch", cmd_watch, "watchlists: vendors, products, keywords and their news"},
#endif
#ifdef VL_HAVE_CMD_DISTRO_C
    {"distro", cmd_distro, "what distribution trackers say about a CVE"},
#endif
#ifdef VL_HAVE_CMD_VERSION_C
    {"version", cmd_version, "compare versions, test range membership"},
#endif
#ifdef VL_HAVE_CMD_CVSS_C
    {"cvss", cmd_cvss, "score CVSS vectors"},
#endif
#ifdef VL_HAVE_CMD_CPE_C
    {"cpe", cmd_cpe, "parse and match CPE names"},
#endif
#ifdef VL_HAVE_CMD_PURL_C
    {"purl", cmd_purl, "parse and canonicalise package URLs"},
#endif
};

static void usage(FILE *f) {
  fprintf(f,
          "usage: vulnloop [--db PATH] [--tenant NAME] [--lang en|ja] [--json]\n"
          "                [-v|-q] COMMAND [ARGS...]\n\ncommands:\n");
  for (size_t i = 0; i < VL_ARRAY_LEN(commands); i++)
    fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
}

static int cmd_help(struct cli_ctx *ctx, int argc, char **argv) {
  (void)ctx;
  (void)argc;
  (void)argv;
  usage(stdout);
  return 0;
}

int cli_fail(const struct vl_diag *d, int rc) {
  char msg[1200];
  if (d && (d->msg[0] || d->file[0])) {
    vl_diag_format(d, msg, sizeof(msg));
  } else {
    snprintf(msg, sizeof(msg), "%s", vl_strerror(rc));
  }
  fprintf(stderr, "vulnloop: %s\n", msg);
  return 1;
}

int cli_usage(const char *fmt, ...) {
  va_list ap;
  fputs("vulnloop: ", stderr);
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
  return 2;
}

void cli_print_buf(const struct vl_buf *b) {
  if (b->len) fwrite(b->data, 1, b->len, stdout);
}

void cli_trailing_globals(struct cli_ctx *ctx, int *argc, char **argv) {
  int j = 1;
  for (int i = 1; i < *argc; i++) {
    if (!strcmp(argv[i], "--json")) {
      ctx->json = true;
    } else if (!strcmp(argv[i], "--lang") && i + 1 < *argc &&
               (!strcmp(argv[i + 1], "en") || !strcmp(argv[i + 1], "ja"))) {
      ctx->lang = argv[++i];
    } else {
      argv[j++] = argv[i];
    }
  }
  *argc = j;
}

int cli_opt(int argc, char **argv, int *i, const char *name,
            const char **val) {
  const char *a = argv[*i];
  size_t n = strlen(name);
  if (strncmp(a, name, n) != 0) return 0;
  if (a[n] == '=') {
    *val = a + n + 1;
    (*i)++;
    return 1;
  }
  if (a[n] != '\0') return 0;
  if (*i + 1 >= argc) {
    cli_usage("option %s needs a value", name);
    return -1;
  }
  *val = argv[*i + 1];
  *i += 2;
  return 1;
}

int main(int argc, char **argv) {
  struct cli_ctx ctx = {0};
  ctx.db_path = "vulnloop.db";
  ctx.tenant = "default";
  ctx.lang = "en";
  ctx.user = getenv("VULNLOOP_USER");
  if (!ctx.user || !*ctx.user) ctx.user = getenv("USER");
  if (!ctx.user || !*ctx.user) ctx.user = "unknown";
  const char *env_lang = getenv("VULNLOOP_LANG");
  if (env_lang && (!strcmp(env_lang, "ja") || !strcmp(env_lang, "en")))
    ctx.lang = env_lang;

  int i = 1;
  while (i < argc && argv[i][0] == '-') {
    const char *v;
    int r;
    if (!strcmp(argv[i], "--")) {
      i++;
      break;
    }
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      usage(stdout);
      return 0;
    }
    if (!strcmp(argv[i], "--json")) {
      ctx.json = true;
      i++;
      continue;
    }
    if (!strcmp(argv[i], "-v") || !strcmp(argv[i], "--verbose")) {
      vl_log_set_level(vl_log_get_level() < VL_LOG_INFO ? VL_LOG_INFO
                                                        : VL_LOG_DEBUG);
      i++;
      continue;
    }
    if (!strcmp(argv[i], "-q") || !strcmp(argv[i], "--quiet")) {
      vl_log_set_level(VL_LOG_ERROR);
      i++;
      continue;
    }
    if ((r = cli_opt(argc, argv, &i, "--db", &v)) != 0) {
      if (r < 0) return 2;
      ctx.db_path = v;
      continue;
    }
    if ((r = cli_opt(argc, argv, &i, "--tenant", &v)) != 0) {
      if (r < 0) return 2;
      ctx.tenant = v;
      continue;
    }
    if ((r = cli_opt(argc, argv, &i, "--lang", &v)) != 0) {
      if (r < 0) return 2;
      if (strcmp(v, "en") && strcmp(v, "ja"))
        return cli_usage("--lang must be en or ja, not '%s'", v);
      ctx.lang = v;
      continue;
    }
    return cli_usage("unknown option '%s' (see vulnloop --help)", argv[i]);
  }
  if (i >= argc) {
    usage(stderr);
    return 2;
  }
  for (size_t c = 0; c < VL_ARRAY_LEN(commands); c++) {
    if (strcmp(argv[i], commands[c].name) == 0) {
      int rc = commands[c].fn(&ctx, argc - i, argv + i);
#ifdef VL_HAVE_CMD_CYCLE_C
      cli_close_store(&ctx);
#endif
      fflush(stdout);
      if (ferror(stdout)) {
        fprintf(stderr, "vulnloop: error writing to standard output\n");
        return 1;
      }
      return rc;
    }
  }
  return cli_usage("unknown command '%s' (see vulnloop --help)", argv[i]);
}
