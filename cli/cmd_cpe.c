/* vulnloop cpe: parse and match CPE names.
 *
 *   vulnloop [--json] cpe parse CPE
 *   vulnloop [--json] cpe match SOURCE TARGET
 *
 * CPE is a 2.3 formatted string ("cpe:2.3:a:openssl:openssl:1.1.1n:*:...")
 * or a URI ("cpe:/a:openssl:openssl:1.1.1n").  "parse" prints the eleven WFN
 * attributes and both bindings.  "match" prints the NISTIR 7696 relation of
 * SOURCE to TARGET: superset, subset, equal, disjoint, or undefined when no
 * name-level function holds (TARGET has wildcards); it exits 0 whatever the
 * relation.  A malformed CPE is reported on stderr with its column and a
 * caret (exit 1); a usage error exits 2.  --json may also follow "cpe". */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/cpe.h"
#include "vulnloop/jsonw.h"

#define CPE_OUT_MAX (1u << 20)

static void usage_text(FILE *f) {
  fprintf(f,
          "usage: vulnloop [--json] cpe parse CPE\n"
          "       vulnloop [--json] cpe match SOURCE TARGET\n"
          "  CPE: cpe:2.3:part:vendor:product:version:... or "
          "cpe:/part:vendor:product:...\n");
}

/* Parses arg; on failure prints the message and a caret, returns 1. */
static int parse_arg(const char *what, const char *arg, struct vl_cpe *c) {
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_cpe_parse(arg, strlen(arg), c, &d);
  if (rc == 0) return 0;
  fprintf(stderr, "vulnloop: cpe: %s: %s\n", what, d.msg);
  size_t col = 0, n = strlen(arg);
  if (sscanf(d.msg, "column %zu", &col) == 1 && col >= 1 && col <= n + 1 &&
      n <= 200) {
    for (size_t i = 0; i < n; i++)
      if ((unsigned char)arg[i] < 0x20 || (unsigned char)arg[i] > 0x7e)
        return 1;
    fprintf(stderr, "  %s\n  %*s^\n", arg, (int)(col - 1), "");
  }
  return 1;
}

static const char *attr_text(const struct vl_cpe_attr *a) {
  if (a->kind == VL_CPE_ANY) return "ANY";
  if (a->kind == VL_CPE_NA) return "NA";
  return a->v;
}

static int do_parse(struct cli_ctx *ctx, const char *arg) {
  struct vl_cpe c;
  if (parse_arg("CPE", arg, &c)) return 1;
  struct vl_buf fs, uri, wfn, out;
  vl_buf_init(&fs, CPE_OUT_MAX);
  vl_buf_init(&uri, CPE_OUT_MAX);
  vl_buf_init(&wfn, CPE_OUT_MAX);
  vl_buf_init(&out, CPE_OUT_MAX);
  int rc = vl_cpe_to_fs(&c, &fs);
  if (!rc) rc = vl_cpe_to_uri(&c, &uri);
  if (!rc) rc = vl_cpe_to_wfn(&c, &wfn);
  if (!rc && ctx->json) {
    struct vl_jw w;
    vl_jw_init(&w, &out, 1);
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "input", arg);
    vl_jw_key(&w, "wfn");
    vl_jw_obj_begin(&w);
    for (int id = 0; id < VL_CPE_NATTR; id++) {
      const struct vl_cpe_attr *a = &c.attr[id];
      vl_jw_kstr(&w, vl_cpe_attr_name(id),
                 a->kind == VL_CPE_ANY  ? "<ANY>"
                 : a->kind == VL_CPE_NA ? "<NA>"
                                        : a->v);
    }
    vl_jw_obj_end(&w);
    vl_jw_kstr(&w, "formatted_string", fs.data);
    vl_jw_kstr(&w, "uri", uri.data);
    vl_jw_obj_end(&w);
    rc = vl_jw_finish(&w);
  } else if (!rc) {
    for (int id = 0; id < VL_CPE_NATTR && !rc; id++)
      rc = vl_buf_printf(&out, "%-11s %s\n", vl_cpe_attr_name(id),
                         attr_text(&c.attr[id]));
    if (!rc)
      rc = vl_buf_printf(&out, "%-11s %s\n%-11s %s\n%-11s %s\n", "wfn",
                         wfn.data, "fs", fs.data, "uri", uri.data);
  }
  if (!rc) cli_print_buf(&out);
  vl_buf_free(&fs);
  vl_buf_free(&uri);
  vl_buf_free(&wfn);
  vl_buf_free(&out);
  return rc ? cli_fail(NULL, rc) : 0;
}

static int do_match(struct cli_ctx *ctx, const char *sarg, const char *targ) {
  struct vl_cpe s, t;
  if (parse_arg("SOURCE", sarg, &s) || parse_arg("TARGET", targ, &t)) return 1;
  enum vl_cpe_rel rel = vl_cpe_relation(&s, &t);
  if (!ctx->json) {
    printf("%s\n", vl_cpe_rel_name(rel));
    return 0;
  }
  struct vl_buf out;
  struct vl_jw w;
  enum vl_cpe_rel per[VL_CPE_NATTR];
  vl_cpe_compare(&s, &t, per);
  vl_buf_init(&out, CPE_OUT_MAX);
  vl_jw_init(&w, &out, 1);
  vl_jw_obj_begin(&w);
  vl_jw_kstr(&w, "source", sarg);
  vl_jw_kstr(&w, "target", targ);
  vl_jw_kstr(&w, "relation", vl_cpe_rel_name(rel));
  vl_jw_kbool(&w, "superset", vl_cpe_is_superset(&s, &t));
  vl_jw_kbool(&w, "subset", vl_cpe_is_subset(&s, &t));
  vl_jw_kbool(&w, "equal", vl_cpe_is_equal(&s, &t));
  vl_jw_kbool(&w, "disjoint", vl_cpe_is_disjoint(&s, &t));
  vl_jw_key(&w, "attributes");
  vl_jw_obj_begin(&w);
  for (int id = 0; id < VL_CPE_NATTR; id++)
    vl_jw_kstr(&w, vl_cpe_attr_name(id), vl_cpe_rel_name(per[id]));
  vl_jw_obj_end(&w);
  vl_jw_obj_end(&w);
  int rc = vl_jw_finish(&w);
  if (!rc) cli_print_buf(&out);
  vl_buf_free(&out);
  return rc ? cli_fail(NULL, rc) : 0;
}

int cmd_cpe(struct cli_ctx *ctx, int argc, char **argv) {
  const char *pos[4];
  int npos = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      usage_text(stdout);
      return 0;
    }
    if (!strcmp(argv[i], "--json")) {
      ctx->json = true;
      continue;
    }
    if (npos == 4) return cli_usage("cpe: too many arguments (see cpe --help)");
    pos[npos++] = argv[i];
  }
  if (npos == 0) {
    usage_text(stderr);
    return 2;
  }
  if (!strcmp(pos[0], "parse")) {
    if (npos != 2) return cli_usage("usage: vulnloop cpe parse CPE");
    return do_parse(ctx, pos[1]);
  }
  if (!strcmp(pos[0], "match")) {
    if (npos != 3) return cli_usage("usage: vulnloop cpe match SOURCE TARGET");
    return do_match(ctx, pos[1], pos[2]);
  }
  return cli_usage("cpe: unknown subcommand '%s' (parse or match)", pos[0]);
}
