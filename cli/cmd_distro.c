/* vulnloop distro: what distribution security trackers say about a CVE.
 *
 *   vulnloop [--json] distro show CVE-ID
 *
 * Lists, per distribution, release and source package, the tracker's
 * status (fixed, open, not-affected, undetermined) and the fixed version
 * in the distribution's own scheme (dpkg, apk), as imported by `feed
 * import` from the Debian security tracker and Alpine secdb.  Read-only.
 * No statement is not an error (exit 0, an empty list); usage errors exit
 * 2, store errors 1. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/store.h"

#define DISTRO_JSON_MAX (16u << 20)
#define ID_MAX 64

static const char *usage_text = "usage: vulnloop [--json] distro show CVE-ID";

struct show {
  struct cli_ctx *ctx;
  struct vl_jw *j;   /* --json: the array being written */
  long n;            /* rows seen */
};

static const char *or_dash(const char *s) { return s && *s ? s : "-"; }

static int on_fix(void *ud, const struct vl_distro_fix *f) {
  struct show *sh = ud;
  if (sh->j) {
    char t[32];
    vl_time_format(f->imported, t, sizeof(t));
    vl_jw_obj_begin(sh->j);
    vl_jw_kstr(sh->j, "distro", f->distro);
    vl_jw_kstr(sh->j, "release", f->release);
    vl_jw_kstr(sh->j, "package", f->source_pkg);
    vl_jw_kstr(sh->j, "status", f->status);
    vl_jw_kstr(sh->j, "fixed_version", f->fixed_version);
    vl_jw_kstr(sh->j, "scheme", f->scheme);
    vl_jw_kstr(sh->j, "urgency", f->urgency);
    vl_jw_kstr(sh->j, "source", f->source);
    vl_jw_kstr(sh->j, "imported", t);
    vl_jw_obj_end(sh->j);
  } else {
    if (sh->n == 0)
      printf("%-8s %-12s %-20s %-13s %-24s %-6s %s\n", "DISTRO", "RELEASE",
             "PACKAGE", "STATUS", "FIXED", "SCHEME", "URGENCY");
    printf("%-8s %-12s %-20s %-13s %-24s %-6s %s\n", f->distro, f->release,
           f->source_pkg, f->status, or_dash(f->fixed_version), f->scheme,
           or_dash(f->urgency));
  }
  sh->n++;
  return 0;
}

static int show(struct cli_ctx *ctx, const char *id) {
  struct vl_store *s = cli_store(ctx);
  if (!s) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct show sh = {ctx, NULL, 0};
  struct vl_buf b;
  struct vl_jw j;
  vl_buf_init(&b, DISTRO_JSON_MAX);
  if (ctx->json) {
    vl_jw_init(&j, &b, 1);
    vl_jw_arr_begin(&j);
    sh.j = &j;
  }
  int rc = vl_store_distro_fixes(s, id, on_fix, &sh, &d);
  int out = 0;
  if (rc) {
    out = cli_fail(&d, rc);
  } else if (ctx->json) {
    vl_jw_arr_end(&j);
    if (vl_jw_finish(&j)) {
      fprintf(stderr, "vulnloop: output too large\n");
      out = 1;
    } else {
      cli_print_buf(&b);
    }
  } else if (sh.n == 0) {
    printf("%s: no distribution tracker statement\n", id);
  }
  vl_buf_free(&b);
  return out;
}

int cmd_distro(struct cli_ctx *ctx, int argc, char **argv) {
  if (argc < 2 || strcmp(argv[1], "show") != 0)
    return cli_usage("%s", usage_text);
  if (argc != 3) return cli_usage("%s", usage_text);
  const char *id = argv[2];
  size_t n = strlen(id);
  if (n == 0 || n > ID_MAX)
    return cli_usage("distro show: not a vulnerability id: '%.80s'\n%s", id,
                     usage_text);
  for (const char *p = id; *p; p++)
    if ((unsigned char)*p <= ' ' || *p == 0x7f)
      return cli_usage("distro show: not a vulnerability id: '%.80s'\n%s",
                       id, usage_text);
  return show(ctx, id);
}
