/* vulnloop version: compare versions and show their keys.
 *
 *   vulnloop version compare [--scheme S] A B     prints -1, 0 or 1
 *   vulnloop version compare [--scheme S]         pairs from stdin
 *   vulnloop version key [--scheme S] V           prints the key in hex
 *   vulnloop version in-range ...                 (cli/cmd_version_range.c)
 *
 * The scheme defaults to "generic".  In the stdin mode every input line
 * gives exactly one output line: -1, 0 or 1, or "E" when the line is not
 * two whitespace-separated versions or a version is invalid; the reason goes
 * to stderr with the line number, and the exit status is 1 if any line
 * failed (0 otherwise).  With --json each result is one JSON object per
 * line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/version.h"

#ifdef VL_HAVE_CMD_VERSION_RANGE_C
int cmd_version_in_range(struct cli_ctx *ctx, int argc, char **argv);
int cmd_version_from_native(struct cli_ctx *ctx, int argc, char **argv);
#endif

/* Longest stdin line accepted (two versions plus blanks). */
#define LINE_MAX_BYTES 4096

static void put_result_json(const char *scheme, const char *a, size_t alen,
                            const char *b, size_t blen, int r) {
  struct vl_buf out;
  struct vl_jw w;
  vl_buf_init(&out, 4 * LINE_MAX_BYTES);
  vl_jw_init(&w, &out, 0);
  vl_jw_obj_begin(&w);
  vl_jw_kstr(&w, "scheme", scheme);
  vl_jw_key(&w, "a");
  vl_jw_strn(&w, a, alen);
  vl_jw_key(&w, "b");
  vl_jw_strn(&w, b, blen);
  vl_jw_kint(&w, "result", r);
  vl_jw_obj_end(&w);
  if (vl_jw_finish(&w) == 0) {
    cli_print_buf(&out);
    fputc('\n', stdout);
  }
  vl_buf_free(&out);
}

static int compare_two(struct cli_ctx *ctx, enum vl_scheme sch, const char *a,
                       const char *b) {
  struct vl_diag d;
  int r;
  vl_diag_clear(&d);
  int rc = vl_version_compare(sch, a, b, &r, &d);
  if (rc) return cli_fail(&d, rc);
  if (ctx->json)
    put_result_json(vl_scheme_name(sch), a, strlen(a), b, strlen(b), r);
  else
    printf("%d\n", r);
  return 0;
}

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' ||
         c == '\f';
}

/* Compares the pairs on stdin, one result line per input line. */
static int compare_stream(struct cli_ctx *ctx, enum vl_scheme sch) {
  static char obuf[1 << 16];
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  long lineno = 0, failed = 0;
  struct vl_verkey ka, kb;
  setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
  while ((n = getline(&line, &cap, stdin)) != -1) {
    lineno++;
    const char *tok[3] = {0};
    size_t tlen[3] = {0};
    int nt = 0;
    struct vl_diag d;
    int rc;
    vl_diag_clear(&d);
    if (n > LINE_MAX_BYTES) {
      rc = vl_diag_set(&d, VL_ETOOBIG, "line longer than %d bytes",
                       LINE_MAX_BYTES);
      goto bad;
    }
    for (ssize_t i = 0; i < n && nt < 3;) {
      while (i < n && is_blank(line[i])) i++;
      if (i >= n) break;
      ssize_t j = i;
      while (j < n && !is_blank(line[j])) j++;
      tok[nt] = line + i;
      tlen[nt] = (size_t)(j - i);
      nt++;
      i = j;
    }
    if (nt != 2) {
      rc = vl_diag_set(&d, VL_EPARSE, "expected two versions, found %s",
                       nt < 2 ? "fewer" : "more");
      goto bad;
    }
    if ((rc = vl_version_key(sch, tok[0], tlen[0], &ka, &d)) != 0) goto bad;
    if ((rc = vl_version_key(sch, tok[1], tlen[1], &kb, &d)) != 0) goto bad;
    int r = vl_verkey_cmp(&ka, &kb);
    if (ctx->json)
      put_result_json(vl_scheme_name(sch), tok[0], tlen[0], tok[1], tlen[1], r);
    else
      fputs(r < 0 ? "-1\n" : r > 0 ? "1\n" : "0\n", stdout);
    continue;
  bad:
    failed++;
    if (ctx->json) {
      printf("{\"line\":%ld,\"error\":\"%s\"}\n", lineno, vl_err_name(rc));
    } else {
      fputs("E\n", stdout);
    }
    fprintf(stderr, "vulnloop: stdin:%ld: %s\n", lineno,
            d.msg[0] ? d.msg : vl_strerror(rc));
  }
  free(line);
  fflush(stdout);
  if (ferror(stdin)) {
    fprintf(stderr, "vulnloop: error reading standard input\n");
    return 1;
  }
  return failed ? 1 : 0;
}

static int print_key(struct cli_ctx *ctx, enum vl_scheme sch, const char *v) {
  struct vl_diag d;
  struct vl_verkey k;
  char hex[2 * VL_VERKEY_MAX + 1];
  static const char digits[] = "0123456789abcdef";
  vl_diag_clear(&d);
  int rc = vl_version_key(sch, v, strlen(v), &k, &d);
  if (rc) return cli_fail(&d, rc);
  for (size_t i = 0; i < k.len; i++) {
    hex[2 * i] = digits[k.b[i] >> 4];
    hex[2 * i + 1] = digits[k.b[i] & 15];
  }
  hex[2 * k.len] = '\0';
  if (ctx->json) {
    struct vl_buf out;
    struct vl_jw w;
    vl_buf_init(&out, 8 * VL_VERKEY_MAX);
    vl_jw_init(&w, &out, 0);
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "scheme", vl_scheme_name(sch));
    vl_jw_kstr(&w, "version", v);
    vl_jw_kstr(&w, "key", hex);
    vl_jw_obj_end(&w);
    rc = vl_jw_finish(&w);
    if (rc == 0) {
      cli_print_buf(&out);
      fputc('\n', stdout);
    }
    vl_buf_free(&out);
    if (rc) return cli_fail(NULL, rc);
  } else {
    printf("%s\n", hex);
  }
  return 0;
}

static int version_usage(void) {
  return cli_usage(
      "usage: vulnloop version compare [--scheme S] [A B]\n"
      "       vulnloop version key [--scheme S] VERSION\n"
      "       vulnloop version in-range [--scheme S] VERSION RANGE\n"
      "       vulnloop version range-from-native --scheme S NATIVE");
}

int cmd_version(struct cli_ctx *ctx, int argc, char **argv) {
  if (argc < 2) return version_usage();
  const char *sub = argv[1];
#ifdef VL_HAVE_CMD_VERSION_RANGE_C
  if (strcmp(sub, "range-from-native") == 0)
    return cmd_version_from_native(ctx, argc - 1, argv + 1);
#endif
  if (strcmp(sub, "in-range") == 0) {
#ifdef VL_HAVE_CMD_VERSION_RANGE_C
    return cmd_version_in_range(ctx, argc - 1, argv + 1);
#else
    return cli_usage("'version in-range' is not built in");
#endif
  }
  int is_compare = strcmp(sub, "compare") == 0;
  if (!is_compare && strcmp(sub, "key") != 0) {
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) {
      version_usage();
      return 0;
    }
    return cli_usage("unknown version command '%s'", sub);
  }
  const char *scheme_name = "generic";
  const char *pos[3];
  int np = 0;
  for (int i = 2; i < argc;) {
    const char *v;
    int r = cli_opt(argc, argv, &i, "--scheme", &v);
    if (r < 0) return 2;
    if (r > 0) {
      scheme_name = v;
      continue;
    }
    if (!strcmp(argv[i], "--json")) {
      ctx->json = true;
      i++;
      continue;
    }
    if (!strcmp(argv[i], "--")) {
      for (i++; i < argc; i++) {
        if (np >= 2) return cli_usage("too many arguments");
        pos[np++] = argv[i];
      }
      break;
    }
    if (argv[i][0] == '-' && argv[i][1] == '-')
      return cli_usage("unknown option '%s'", argv[i]);
    if (np >= 2) return cli_usage("too many arguments");
    pos[np++] = argv[i++];
  }
  enum vl_scheme sch;
  if (vl_scheme_from_name(scheme_name, &sch) != 0)
    return cli_usage("unknown version scheme '%s'", scheme_name);
  if (is_compare) {
    if (np == 2) return compare_two(ctx, sch, pos[0], pos[1]);
    if (np == 0) return compare_stream(ctx, sch);
    return cli_usage("version compare needs two versions or none (stdin)");
  }
  if (np != 1) return cli_usage("version key needs one version");
  return print_key(ctx, sch, pos[0]);
}
