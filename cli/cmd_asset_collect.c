/* vulnloop asset collect [--name NAME] [--root DIR] [--no-changelogs]:
 * inventories this machine (or a directory holding a machine's files) as
 * one import, then re-decides open findings as asset import does. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/act.h"
#include "vulnloop/decide.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/scope.h"
#include "vulnloop/store.h"

#define USAGE \
  "usage: vulnloop asset collect [--name NAME] [--root DIR] [--no-changelogs]"

int cmd_asset_collect(struct cli_ctx *ctx, int argc, char **argv) {
  struct vl_collect_opts o = {0};
  cli_trailing_globals(ctx, &argc, argv);
  for (int i = 2; i < argc;) {
    int m;
    if ((m = cli_opt(argc, argv, &i, "--name", &o.name)) ||
        (m = cli_opt(argc, argv, &i, "--root", &o.root))) {
      if (m < 0) return 2;
      continue;
    }
    if (!strcmp(argv[i], "--no-changelogs")) {
      o.no_changelogs = true;
      i++;
      continue;
    }
    return cli_usage("asset collect: unexpected argument %s\n" USAGE, argv[i]);
  }
  struct vl_ctx vc;
  if (cli_open_ctx(ctx, &vc)) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_collect_stats st;
  int rc = vl_collect_host(&vc, &o, &st, &d);
  if (rc) return cli_fail(&d, rc);
  int status = 0;
  if (ctx->json) {
    struct vl_buf b;
    vl_buf_init(&b, 1u << 20);
    struct vl_jw w;
    vl_jw_init(&w, &b, 1);
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "asset", st.asset);
    vl_jw_kstr(&w, "format", st.inv.format);
    vl_jw_kint(&w, "scan", st.inv.scan_id);
    vl_jw_kstr(&w, "packages_from", st.packages_from);
    vl_jw_kint(&w, "packages", st.packages);
    vl_jw_kint(&w, "ports", st.ports);
    vl_jw_kint(&w, "changelogs", st.changelogs);
    vl_jw_kint(&w, "changelog_errors", st.changelog_errors);
    vl_jw_kint(&w, "fix_evidence", st.evidence);
    vl_jw_kint(&w, "software_new", st.inv.software_new);
    vl_jw_kint(&w, "software_removed", st.inv.software_removed);
    vl_jw_obj_end(&w);
    status = cli_print_json(&w, &b);
    vl_buf_free(&b);
  } else {
    printf("%s: %ld packages (%s), %ld listening ports, %ld fix statements "
           "from %ld changelogs; %ld products new, %ld removed\n",
           st.asset, st.packages,
           st.packages_from ? st.packages_from : "no package database",
           st.ports, st.evidence, st.changelogs, st.inv.software_new,
           st.inv.software_removed);
    if (st.changelog_errors)
      printf("%ld changelogs could not be read (see the warnings)\n",
             st.changelog_errors);
  }
  struct vl_triage_stats ts;
  struct vl_ticket_sync_stats ks;
  vl_diag_clear(&d);
  if ((rc = vl_triage_run(&vc, &ts, &d)) || (rc = vl_ticket_sync(&vc, &ks, &d)))
    status = cli_fail(&d, rc);
  else if (ts.changed && !ctx->json)
    printf("re-triaged %ld open findings: %ld decisions changed, %ld "
           "deadlines tightened\n",
           ts.findings, ts.changed, ts.tightened);
  return status;
}
