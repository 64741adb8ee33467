/* vulnloop purl: parse and canonicalise package URLs.
 *
 *   vulnloop [--json] purl parse [--strict] PURL
 *
 * Prints the decoded components (type, namespace, name, version, each
 * qualifier, subpath) and the canonical form.  --strict refuses qualifier
 * keys that are not lower case instead of folding them.  A bad purl is
 * reported on stderr with the problem (exit 1); a usage error exits 2.
 * --json may also follow "purl". */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/purl.h"

#define PURL_OUT_MAX (1u << 20)
#define PURL_ARENA_MAX (1u << 20)

static void usage_text(FILE *f) {
  fprintf(f,
          "usage: vulnloop [--json] purl parse [--strict] PURL\n"
          "  PURL: pkg:type/namespace/name@version?qualifiers#subpath\n");
}

static int do_parse(struct cli_ctx *ctx, const char *arg, unsigned flags) {
  struct vl_arena *a = NULL;
  struct vl_purl p;
  struct vl_diag d;
  struct vl_buf canon, out;
  int rc = vl_arena_new(PURL_ARENA_MAX, &a);
  if (rc) return cli_fail(NULL, rc);
  vl_buf_init(&canon, PURL_OUT_MAX);
  vl_buf_init(&out, PURL_OUT_MAX);
  vl_diag_clear(&d);
  rc = vl_purl_parse(a, arg, strlen(arg), flags, &p, &d);
  if (rc) {
    rc = cli_fail(&d, rc);
    goto out;
  }
  rc = vl_purl_to_string(&p, &canon);
  if (!rc && ctx->json) {
    struct vl_jw w;
    vl_jw_init(&w, &out, 1);
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "input", arg);
    vl_jw_kstr(&w, "type", p.type);
    vl_jw_kstr(&w, "namespace", p.ns);
    vl_jw_kstr(&w, "name", p.name);
    vl_jw_kstr(&w, "version", p.version);
    vl_jw_key(&w, "qualifiers");
    if (p.nquals) {
      vl_jw_obj_begin(&w);
      for (size_t i = 0; i < p.nquals; i++)
        vl_jw_kstr(&w, p.quals[i].key, p.quals[i].value);
      vl_jw_obj_end(&w);
    } else {
      vl_jw_null(&w);
    }
    vl_jw_kstr(&w, "subpath", p.subpath);
    vl_jw_kstr(&w, "canonical", canon.data);
    vl_jw_obj_end(&w);
    rc = vl_jw_finish(&w);
  } else if (!rc) {
    rc = vl_buf_printf(&out, "%-10s %s\n", "type", p.type);
    if (!rc && p.ns) rc = vl_buf_printf(&out, "%-10s %s\n", "namespace", p.ns);
    if (!rc) rc = vl_buf_printf(&out, "%-10s %s\n", "name", p.name);
    if (!rc && p.version)
      rc = vl_buf_printf(&out, "%-10s %s\n", "version", p.version);
    for (size_t i = 0; i < p.nquals && !rc; i++)
      rc = vl_buf_printf(&out, "%-10s %s=%s\n", "qualifier", p.quals[i].key,
                         p.quals[i].value);
    if (!rc && p.subpath)
      rc = vl_buf_printf(&out, "%-10s %s\n", "subpath", p.subpath);
    if (!rc) rc = vl_buf_printf(&out, "%-10s %s\n", "canonical", canon.data);
  }
  if (rc) {
    rc = cli_fail(NULL, rc);
    goto out;
  }
  cli_print_buf(&out);
out:
  vl_buf_free(&canon);
  vl_buf_free(&out);
  vl_arena_free(a);
  return rc;
}

int cmd_purl(struct cli_ctx *ctx, int argc, char **argv) {
  const char *pos[3];
  int npos = 0;
  unsigned flags = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      usage_text(stdout);
      return 0;
    }
    if (!strcmp(argv[i], "--json")) {
      ctx->json = true;
      continue;
    }
    if (!strcmp(argv[i], "--strict")) {
      flags |= VL_PURL_STRICT;
      continue;
    }
    if (npos == 3) return cli_usage("purl: too many arguments (see purl --help)");
    pos[npos++] = argv[i];
  }
  if (npos == 0) {
    usage_text(stderr);
    return 2;
  }
  if (!strcmp(pos[0], "parse")) {
    if (npos != 2) return cli_usage("usage: vulnloop purl parse [--strict] PURL");
    return do_parse(ctx, pos[1], flags);
  }
  return cli_usage("purl: unknown subcommand '%s' (parse)", pos[0]);
}
