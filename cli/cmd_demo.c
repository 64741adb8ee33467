/* `vulnloop demo`: the whole cycle on examples/, step by step, on a fresh
 * database, with a fixed clock so that every run tells the same story. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "vulnloop/act.h"
#include "vulnloop/collect.h"
#include "vulnloop/decide.h"
#include "vulnloop/report.h"
#include "vulnloop/scope.h"
#include "vulnloop/store.h"
#include "vulnloop/verify.h"

/* Day one of the story, in UTC. */
#define DEMO_T0 "2026-11-16T09:00:00Z"

static void phase(const char *n, const char *title) {
  printf("\n== %s %s ==\n", n, title);
}

static int fail(struct vl_diag *d, int rc) { return cli_fail(d, rc); }

static int cmpstr(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Imports every .json/.json.gz file of dir in name order. */
static int import_dir(struct vl_store *s, const char *dir, struct vl_diag *d) {
  DIR *dp = opendir(dir);
  if (!dp) {
    vl_diag_where(d, dir, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open directory: %s", strerror(errno));
  }
  char *names[256] = {0};
  size_t n = 0;
  struct dirent *e;
  while ((e = readdir(dp)) && n < VL_ARRAY_LEN(names))
    if (strstr(e->d_name, ".json")) names[n++] = strdup(e->d_name);
  closedir(dp);
  qsort(names, n, sizeof(*names), cmpstr);
  int rc = 0;
  long recs = 0, changed = 0;
  for (size_t i = 0; i < n; i++) {
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
    struct vl_feed_stats st;
    if (!rc) {
      rc = vl_feed_import(s, path, &st, d);
      recs += st.records;
      changed += st.changed;
    }
    free(names[i]);
  }
  if (!rc) printf("  %-24s %2zu files, %ld records (%ld new)\n", dir, n, recs, changed);
  return rc;
}

struct show {
  int n;
};

static int show_impact(void *ud, const struct vl_finding *f) {
  struct show *s = ud;
  s->n++;
  printf("    %-10s %-9s %-16s installed %s%s%s\n", f->asset,
         f->exposure ? f->exposure : "?", f->vuln,
         f->package ? f->package : "", f->package ? " " : "", f->version);
  return 0;
}

static int show_decision(void *ud, const struct vl_finding *f) {
  (void)ud;
  char due[32] = "-";
  if (f->due) vl_time_format(f->due, due, sizeof(due));
  printf("    %s %-16s %-10s %-31s due %s\n", f->priority, f->vuln, f->asset,
         f->decision, due);
  return 0;
}

struct first_ticket {
  const char *vuln;
  int64_t id[16];
  int n;
};

static int find_tickets(void *ud, const struct vl_ticket *t) {
  struct first_ticket *ft = ud;
  if (!strcmp(t->vuln, ft->vuln) && ft->n < 16) ft->id[ft->n++] = t->id;
  return 0;
}

static int tickets_of(const struct vl_ctx *vc, const char *vuln,
                      struct first_ticket *ft, struct vl_diag *d) {
  memset(ft, 0, sizeof(*ft));
  ft->vuln = vuln;
  return vl_store_tickets(vc, 0, vuln, find_tickets, ft, d);
}

static int show_ticket(void *ud, const struct vl_ticket *t) {
  (void)ud;
  char due[32] = "-";
  if (t->due) vl_time_format(t->due, due, sizeof(due));
  printf("    #%lld %-11s %d findings, due %s: %s\n", (long long)t->id, t->state,
         t->n_findings, due, t->title);
  return 0;
}

static int write_file(const char *path, const struct vl_buf *b) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = b->len ? fwrite(b->data, 1, b->len, f) : 0;
  return (fclose(f) != 0 || w != b->len) ? -1 : 0;
}

static int act_on(struct vl_ctx *vc, const char *vuln, const char *kind,
                  const char *note, vl_time expires, struct vl_diag *d) {
  struct first_ticket ft;
  int rc = tickets_of(vc, vuln, &ft, d);
  for (int i = 0; i < ft.n && !rc; i++) {
    int64_t aid;
    rc = vl_ticket_act(vc, ft.id[i], kind, note, expires, &aid, d);
    if (!rc) printf("    ticket #%lld %s: %s\n", (long long)ft.id[i], kind, note);
  }
  return rc;
}

static int resolve_all(struct vl_ctx *vc, const char *vuln, struct vl_diag *d) {
  struct first_ticket ft;
  int rc = tickets_of(vc, vuln, &ft, d);
  for (int i = 0; i < ft.n && !rc; i++)
    rc = vl_ticket_transition(vc, ft.id[i], VL_TICKET_RESOLVE, NULL, d);
  return rc;
}

int cmd_demo(struct cli_ctx *ctx, int argc, char **argv) {
  const char *examples = "examples", *out = "demo-out";
  for (int i = 1; i < argc;) {
    int r;
    if ((r = cli_opt(argc, argv, &i, "--examples", &examples)) ||
        (r = cli_opt(argc, argv, &i, "--out", &out))) {
      if (r < 0) return 2;
      continue;
    }
    return cli_usage("usage: vulnloop demo [--examples DIR] [--out DIR]");
  }
  char db[1024], path[1024];
  if (mkdir(out, 0755) && errno != EEXIST) {
    fprintf(stderr, "vulnloop: %s: %s\n", out, strerror(errno));
    return 1;
  }
  snprintf(db, sizeof(db), "%s/vulnloop.db", out);
  const char *suffix[] = {"", "-wal", "-shm"};
  for (int i = 0; i < 3; i++) {
    snprintf(path, sizeof(path), "%s%s", db, suffix[i]);
    unlink(path);
  }
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_store *s;
  int rc = vl_store_open(db, &s, &d);
  if (rc) return fail(&d, rc);
  ctx->store = s; /* closed by main */
  struct vl_ctx vc;
  if ((rc = vl_ctx_init(&vc, s, ctx->tenant, "analyst.sato", &d)))
    return fail(&d, rc);
  vl_time t0;
  vl_time_parse(DEMO_T0, &t0);
  vc.now = t0;
  printf("vulnloop demo: a week of vulnerability response at a fictional "
         "company, on real data\n(database %s, clock starts %s)\n",
         db, DEMO_T0);

  phase("1", "Collect: NVD, CVE JSON 5 (CISA Vulnrichment), CISA KEV, "
        "Debian security tracker");
  snprintf(path, sizeof(path), "%s/feeds/nvd", examples);
  if ((rc = import_dir(s, path, &d))) return fail(&d, rc);
  snprintf(path, sizeof(path), "%s/feeds/debian", examples);
  if ((rc = import_dir(s, path, &d))) return fail(&d, rc);
  snprintf(path, sizeof(path), "%s/feeds/cve5", examples);
  if ((rc = import_dir(s, path, &d))) return fail(&d, rc);
  struct vl_feed_stats fs;
  snprintf(path, sizeof(path), "%s/feeds/kev.json.gz", examples);
  if ((rc = vl_feed_import(s, path, &fs, &d))) return fail(&d, rc);
  printf("  %-24s %ld KEV entries\n", path, fs.records);

  phase("2", "Scope: which assets run the affected software");
  struct vl_inventory_stats is;
  snprintf(path, sizeof(path), "%s/cmdb.csv", examples);
  if ((rc = vl_inventory_import_csv(&vc, path, "inventory", &is, &d)))
    return fail(&d, rc);
  printf("  CMDB %s: %ld assets, %ld installed products\n", path, is.assets,
         is.software_new);
  /* Two Debian 12 servers known by their package lists. */
  char osr[1024];
  snprintf(osr, sizeof(osr), "%s/hosts/os-release-debian12", examples);
  static const char *debian_hosts[] = {"ci-01", "mail-01"};
  for (size_t h = 0; h < VL_ARRAY_LEN(debian_hosts); h++) {
    struct vl_inv_opts io = {debian_hosts[h], osr};
    snprintf(path, sizeof(path), "%s/hosts/%s.dpkg-status", examples,
             debian_hosts[h]);
    if ((rc = vl_inventory_import(&vc, path, "dpkg-status", "inventory", &io,
                                  &is, &d)))
      return fail(&d, rc);
    printf("  packages %s (Debian 12): %ld installed\n", path, is.software);
  }
  struct vl_match_stats ms;
  if ((rc = vl_match_run(&vc, 0, &ms, &d))) return fail(&d, rc);
  printf("  matched: %ld findings\n", ms.findings);
  struct show sh = {0};
  if ((rc = vl_store_findings(&vc, NULL, show_impact, &sh, &d)))
    return fail(&d, rc);
  printf("  not reported: %ld verdict%s a distribution's fix overrides: NVD "
         "says curl 7.88.1 has\n  CVE-2023-38545, Debian fixed it in "
         "7.88.1-10+deb12u4 (a backport), which ci-01 runs\n  "
         "(vulnloop impact CVE-2023-38545 shows both statements)\n",
         ms.suppressed, ms.suppressed == 1 ? "" : "s");

  phase("3", "Decide: CISA BOD 26-04 priorities and due dates");
  struct vl_triage_stats ts;
  struct vl_ticket_sync_stats ks;
  if ((rc = vl_triage_run(&vc, &ts, &d)) || (rc = vl_ticket_sync(&vc, &ks, &d)))
    return fail(&d, rc);
  if ((rc = vl_store_findings(&vc, NULL, show_decision, NULL, &d)))
    return fail(&d, rc);
  struct vl_queue_item *q;
  size_t nq;
  if ((rc = vl_queue_build(&vc, NULL, &q, &nq, &d))) return fail(&d, rc);
  printf("  what to do next (vulnloop queue):\n");
  for (size_t i = 0; i < nq && i < 8; i++) {
    char due[32] = "-";
    if (q[i].due) vl_time_format(q[i].due, due, sizeof(due));
    printf("    %s %-3s %-13s %-15s %-10s %s\n", due, q[i].priority, q[i].owner,
           q[i].vuln, q[i].asset, q[i].what);
  }
  if (nq > 8) printf("    ... and %zu more\n", nq - 8);
  free(q);
  printf("  %ld tickets, one per vulnerability and fix:\n", ks.created);
  if ((rc = vl_store_tickets(&vc, 0, NULL, show_ticket, NULL, &d)))
    return fail(&d, rc);

  phase("4", "Act: mitigate the zero-day now, patch everything");
  vc.now = t0 + 2 * VL_HOUR;
  vc.actor = "netops.tanaka";
  if ((rc = act_on(&vc, "CVE-2022-42475", "firewall",
                   "SSL-VPN portal restricted to the corporate IP ranges; "
                   "IPS signature for CVE-2022-42475 enabled",
                   t0 + 7 * VL_DAY, &d)))
    return fail(&d, rc);
  vc.now = t0 + 30 * VL_HOUR;
  if ((rc = act_on(&vc, "CVE-2022-42475", "upgrade",
                   "FortiOS upgraded to 7.0.9 (vendor fix FG-IR-22-398)", 0,
                   &d)) ||
      (rc = resolve_all(&vc, "CVE-2022-42475", &d)))
    return fail(&d, rc);
  vc.now = t0 + 2 * VL_DAY;
  vc.actor = "infra.suzuki";
  if ((rc = act_on(&vc, "CVE-2022-0778", "patch",
                   "OpenSSL updated to 1.1.1n on web-01..03", 0, &d)) ||
      (rc = resolve_all(&vc, "CVE-2022-0778", &d)) ||
      (rc = act_on(&vc, "CVE-2021-44790", "upgrade",
                   "Apache httpd upgraded to 2.4.52", 0, &d)) ||
      (rc = resolve_all(&vc, "CVE-2021-44790", &d)) ||
      (rc = act_on(&vc, "CVE-2021-44224", "upgrade",
                   "Apache httpd upgraded to 2.4.52", 0, &d)) ||
      (rc = resolve_all(&vc, "CVE-2021-44224", &d)) ||
      (rc = act_on(&vc, "CVE-2023-38545", "upgrade",
                   "curl and libcurl4 upgraded to 7.88.1-10+deb12u4 "
                   "(DSA-5523-1) on mail-01",
                   0, &d)) ||
      (rc = resolve_all(&vc, "CVE-2023-38545", &d)))
    return fail(&d, rc);

  phase("5", "Verify: re-scan");
  vc.now = t0 + 3 * VL_DAY;
  vc.actor = "analyst.sato";
  struct vl_verify_stats vs;
  snprintf(path, sizeof(path), "%s/rescan.csv", examples);
  if ((rc = vl_verify_rescan(&vc, path, &vs, &d))) return fail(&d, rc);
  printf("  re-scan %s: %ld assets covered, %ld findings no longer detected, "
         "%ld still detected\n",
         path, vs.assets_covered, vs.fixed, vs.still_open);
  struct vl_inv_opts mo = {"mail-01", osr};
  snprintf(path, sizeof(path), "%s/hosts/mail-01-after.dpkg-status", examples);
  if ((rc = vl_verify_rescan_ex(&vc, path, "dpkg-status", &mo, NULL, NULL,
                                &vs, &d)))
    return fail(&d, rc);
  printf("  re-scan %s: %ld asset covered, %ld findings no longer detected, "
         "%ld still detected\n",
         path, vs.assets_covered, vs.fixed, vs.still_open);
  if ((rc = vl_store_tickets(&vc, 0, NULL, show_ticket, NULL, &d)))
    return fail(&d, rc);

  phase("6", "Report");
  static const char *vulns[] = {"CVE-2022-42475", "CVE-2022-0778",
                                "CVE-2021-44790", "CVE-2021-44224",
                                "CVE-2023-38545"};
  static const char *langs[] = {"en", "ja"};
  for (size_t v = 0; v < VL_ARRAY_LEN(vulns); v++) {
    char line[512];
    if ((rc = vl_report_status_line(&vc, vulns[v], "en", line, sizeof(line), &d)))
      return fail(&d, rc);
    printf("  %s: %s\n", vulns[v], line);
    for (size_t l = 0; l < 2; l++)
      for (int html = 0; html < 2; html++) {
        struct vl_buf b;
        vl_buf_init(&b, 1u << 26);
        rc = vl_report_vuln(&vc, vulns[v], langs[l],
                            html ? VL_REPORT_HTML : VL_REPORT_MD, &b, &d);
        snprintf(path, sizeof(path), "%s/report-%s-%s.%s", out, vulns[v],
                 langs[l], html ? "html" : "md");
        if (!rc && write_file(path, &b)) {
          vl_diag_where(&d, path, 0, NULL);
          rc = vl_diag_set(&d, VL_EIO, "cannot write: %s", strerror(errno));
        }
        vl_buf_free(&b);
        if (rc) return fail(&d, rc);
      }
  }
  printf("  reports (Markdown and HTML, English and Japanese) in %s/\n", out);
  int64_t n;
  if ((rc = vl_store_audit_verify(&vc, &n, &d))) return fail(&d, rc);
  printf("  audit log: %lld events, hash chain intact\n", (long long)n);
  return 0;
}
