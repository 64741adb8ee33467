/* vulnloop version in-range [--scheme S] VERSION RANGE
 * vulnloop version range-from-native --scheme S NATIVE
 *
 * in-range prints "true" or "false" and exits 0 in both cases: the answer
 * is the output, not the status, so scripts can tell "not in range" (0,
 * "false") from a bad range or version (1, message on stderr naming the
 * offset).  RANGE is a vers string ("vers:npm/>=1.0.0|<2.0.0"); when it
 * carries its own scheme --scheme may be omitted, and a --scheme that
 * compares differently is an error.  A RANGE without "vers:" is read as
 * the constraints of "vers:S/RANGE" and needs --scheme.
 *
 * range-from-native prints the vers string of a native range ("^1.2.9",
 * ">=1.0,<2.0||>=3.0", "[1.0,2.0)", ...) in scheme S.
 *
 * Exit status: 0 answered, 1 bad input, 2 usage.  --json prints one object.
 * cmd_version.c dispatches "in-range" and "range-from-native" here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/vers.h"

int cmd_version_in_range(struct cli_ctx *ctx, int argc, char **argv);
int cmd_version_from_native(struct cli_ctx *ctx, int argc, char **argv);

/* Reads [--scheme S] and exactly `want` positionals from argv[1..). */
static int read_args(int argc, char **argv, const char **scheme,
                     const char **pos, int want) {
  int np = 0;
  for (int i = 1; i < argc;) {
    const char *v;
    int r = cli_opt(argc, argv, &i, "--scheme", &v);
    if (r < 0) return 2;
    if (r > 0) {
      *scheme = v;
      continue;
    }
    if (!strcmp(argv[i], "--")) {
      for (i++; i < argc; i++) {
        if (np == want) return cli_usage("too many arguments");
        pos[np++] = argv[i];
      }
      break;
    }
    if (!strncmp(argv[i], "--", 2))
      return cli_usage("unknown option '%s'", argv[i]);
    if (np == want) return cli_usage("too many arguments");
    pos[np++] = argv[i++];
  }
  if (np != want) return -1;
  return 0;
}

static int emit(const struct vl_buf *out) {
  cli_print_buf(out);
  return fflush(stdout) == 0 ? 0 : 1;
}

int cmd_version_in_range(struct cli_ctx *ctx, int argc, char **argv) {
  const char *scheme = NULL, *pos[2] = {NULL, NULL};
  int rc = read_args(argc, argv, &scheme, pos, 2);
  if (rc > 0) return rc;
  if (rc < 0)
    return cli_usage("usage: vulnloop version in-range [--scheme S] VERSION "
                     "RANGE");
  const char *version = pos[0], *range = pos[1];
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_buf src, out;
  vl_buf_init(&src, VL_VERS_MAX_LEN + 64);
  vl_buf_init(&out, 2 * VL_VERS_MAX_LEN + 1024);
  struct vl_range *r = NULL;
  int exit_code = 1;
  enum vl_scheme want;
  if (scheme && vl_vers_scheme(scheme, &want) != 0) {
    exit_code = cli_usage("unknown scheme '%s'", scheme);
    goto out;
  }
  bool has_prefix = strncmp(range, "vers:", 5) == 0;
  if (!has_prefix && !scheme) {
    exit_code = cli_usage("RANGE '%s' is not a vers string (vers:SCHEME/...);"
                          " give --scheme", range);
    goto out;
  }
  if (has_prefix ? vl_buf_puts(&src, range)
                 : vl_buf_printf(&src, "vers:%s/%s", scheme, range)) {
    vl_diag_set(&d, VL_ETOOBIG, "range longer than %d bytes",
                VL_VERS_MAX_LEN);
    exit_code = cli_fail(&d, VL_ETOOBIG);
    goto out;
  }
  rc = vl_range_parse(src.data, src.len, &r, &d);
  if (rc) {
    char msg[VL_DIAG_MSG_MAX];
    snprintf(msg, sizeof(msg), "%s", d.msg);
    vl_diag_set(&d, rc, "bad range '%s': %s", src.data, msg);
    exit_code = cli_fail(&d, rc);
    goto out;
  }
  if (scheme && want != r->scheme) {
    exit_code = cli_usage("--scheme %s conflicts with the range's scheme '%s'",
                          scheme, r->scheme_name);
    goto out;
  }
  bool in = false;
  rc = vl_range_contains_str(r, version, &in, &d);
  if (rc) {
    char msg[VL_DIAG_MSG_MAX];
    snprintf(msg, sizeof(msg), "%s", d.msg);
    vl_diag_set(&d, rc, "bad version '%s' for scheme %s: %s", version,
                r->scheme_name, msg);
    exit_code = cli_fail(&d, rc);
    goto out;
  }
  if (ctx->json) {
    struct vl_buf canon;
    vl_buf_init(&canon, 2 * VL_VERS_MAX_LEN);
    rc = vl_range_to_string(r, &canon);
    struct vl_jw w;
    vl_jw_init(&w, &out, 0);
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "version", version);
    vl_jw_kstr(&w, "scheme", r->scheme_name);
    vl_jw_kstr(&w, "range", rc ? src.data : canon.data);
    vl_jw_kbool(&w, "in_range", in);
    vl_jw_obj_end(&w);
    rc = vl_jw_finish(&w);
    vl_buf_free(&canon);
    if (!rc) rc = vl_buf_putc(&out, '\n');
  } else {
    rc = vl_buf_puts(&out, in ? "true\n" : "false\n");
  }
  if (rc) {
    exit_code = cli_fail(NULL, rc);
    goto out;
  }
  exit_code = emit(&out);
out:
  vl_range_free(r);
  vl_buf_free(&src);
  vl_buf_free(&out);
  return exit_code;
}

int cmd_version_from_native(struct cli_ctx *ctx, int argc, char **argv) {
  const char *scheme = NULL, *pos[1] = {NULL};
  int rc = read_args(argc, argv, &scheme, pos, 1);
  if (rc > 0) return rc;
  if (rc < 0 || !scheme)
    return cli_usage("usage: vulnloop version range-from-native --scheme S "
                     "NATIVE");
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_range *r = NULL;
  struct vl_buf vers, out;
  vl_buf_init(&vers, 2 * VL_VERS_MAX_LEN);
  vl_buf_init(&out, 4 * VL_VERS_MAX_LEN + 1024);
  int exit_code = 1;
  rc = vl_range_from_native(scheme, pos[0], &r, &d);
  if (rc) {
    char msg[VL_DIAG_MSG_MAX];
    snprintf(msg, sizeof(msg), "%s", d.msg);
    vl_diag_set(&d, rc, "bad %s range '%s': %s", scheme, pos[0], msg);
    exit_code = cli_fail(&d, rc);
    goto out;
  }
  rc = vl_range_to_string(r, &vers);
  if (!rc && ctx->json) {
    struct vl_jw w;
    vl_jw_init(&w, &out, 0);
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "scheme", scheme);
    vl_jw_kstr(&w, "native", pos[0]);
    vl_jw_kstr(&w, "vers", vers.data ? vers.data : "");
    vl_jw_obj_end(&w);
    rc = vl_jw_finish(&w);
    if (!rc) rc = vl_buf_putc(&out, '\n');
  } else if (!rc) {
    rc = vl_buf_printf(&out, "%s\n", vers.data ? vers.data : "");
  }
  if (rc) {
    exit_code = cli_fail(NULL, rc);
    goto out;
  }
  exit_code = emit(&out);
out:
  vl_range_free(r);
  vl_buf_free(&vers);
  vl_buf_free(&out);
  return exit_code;
}
