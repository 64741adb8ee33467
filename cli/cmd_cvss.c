/* vulnloop cvss: score CVSS vectors.
 *
 *   vulnloop [--json] cvss VECTOR...
 *
 * Prints one line per vector: the base score, its severity and the vector
 * ("9.8 CRITICAL  CVSS:3.1/AV:N/...").  With --json (before or after
 * "cvss") prints one JSON array with every score of every vector.  A
 * malformed vector is reported on stderr with the byte offset and metric of
 * the bad part; the good vectors are still printed and the exit status is
 * then 1. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/cvss.h"
#include "vulnloop/jsonw.h"

#define CVSS_JSON_MAX (64u << 20)

static void usage_text(FILE *f) {
  fprintf(f,
          "usage: vulnloop [--json] cvss VECTOR...\n"
          "  VECTOR: CVSS v2 (AV:N/AC:L/Au:N/C:P/I:P/A:P), v3.0/v3.1 "
          "(CVSS:3.1/...) or v4.0 (CVSS:4.0/...)\n");
}

/* Reports a bad vector with a caret under the failing byte. */
static void report_bad(const char *vec, const struct vl_cvss *c,
                       const struct vl_diag *d) {
  fprintf(stderr, "vulnloop: %s\n", d->msg);
  size_t n = strlen(vec);
  if (n > 200) return;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)vec[i] < 0x20 || (unsigned char)vec[i] > 0x7e) return;
  fprintf(stderr, "  %s\n  %*s^\n", vec, (int)c->err_offset, "");
}

static void put_optional(struct vl_jw *w, const char *key, double v) {
  if (v < 0) return; /* not defined by this version */
  vl_jw_kdouble(w, key, v, 1);
}

static void put_json(struct vl_jw *w, const char *given,
                     const struct vl_cvss *c,
                     const struct vl_cvss_scores *s) {
  char canon[VL_CVSS_FORMAT_MAX];
  int v4 = c->version == VL_CVSS_V40;
  if (vl_cvss_format(c, canon, sizeof(canon)) != 0) canon[0] = '\0';
  vl_jw_obj_begin(w);
  vl_jw_kstr(w, "version", vl_cvss_version_name(c->version));
  vl_jw_kstr(w, "vector", given);
  vl_jw_kstr(w, "canonical", canon);
  if (v4) vl_jw_kstr(w, "nomenclature", s->nomenclature);
  vl_jw_kdouble(w, "base_score", s->base, 1);
  vl_jw_kstr(w, "base_severity", vl_cvss_severity_name(s->base_severity));
  put_optional(w, "impact_score", s->impact);
  put_optional(w, "exploitability_score", s->exploitability);
  vl_jw_kdouble(w, v4 ? "threat_score" : "temporal_score", s->temporal, 1);
  vl_jw_kstr(w, v4 ? "threat_severity" : "temporal_severity",
             vl_cvss_severity_name(s->temporal_severity));
  vl_jw_kdouble(w, "environmental_score", s->environmental, 1);
  vl_jw_kstr(w, "environmental_severity",
             vl_cvss_severity_name(s->environmental_severity));
  put_optional(w,
               c->version == VL_CVSS_V2 ? "adjusted_impact_score"
                                        : "modified_impact_score",
               s->modified_impact);
  vl_jw_kbool(w, v4 ? "has_threat" : "has_temporal", s->has_temporal);
  vl_jw_kbool(w, "has_environmental", s->has_environmental);
  vl_jw_kdouble(w, "score", s->score, 1);
  vl_jw_kstr(w, "severity", vl_cvss_severity_name(s->severity));
  vl_jw_obj_end(w);
}

int cmd_cvss(struct cli_ctx *ctx, int argc, char **argv) {
  int json = ctx->json, bad = 0, nvec = 0;
  for (int i = 1; i < argc; i++) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      usage_text(stdout);
      return 0;
    }
    if (!strcmp(argv[i], "--json"))
      json = 1;
    else
      nvec++;
  }
  if (nvec == 0) {
    usage_text(stderr);
    return 2;
  }
  struct vl_buf out;
  struct vl_jw w;
  vl_buf_init(&out, CVSS_JSON_MAX);
  vl_jw_init(&w, &out, 1);
  if (json) vl_jw_arr_begin(&w);
  for (int i = 1; i < argc; i++) {
    const char *vec = argv[i];
    if (!strcmp(vec, "--json")) continue;
    struct vl_cvss c;
    struct vl_cvss_scores s;
    struct vl_diag d;
    vl_diag_clear(&d);
    int rc = vl_cvss_parse(vec, strlen(vec), &c, &d);
    if (rc == 0) rc = vl_cvss_scores(&c, &s);
    if (rc) {
      report_bad(vec, &c, &d);
      bad = 1;
      continue;
    }
    if (json)
      put_json(&w, vec, &c, &s);
    else
      printf("%.1f %-8s  %s\n", s.base,
             vl_cvss_severity_name(s.base_severity), vec);
  }
  if (json) {
    vl_jw_arr_end(&w);
    int rc = vl_jw_finish(&w);
    if (rc) {
      vl_buf_free(&out);
      return cli_fail(NULL, rc);
    }
    cli_print_buf(&out);
  }
  vl_buf_free(&out);
  return bad ? 1 : 0;
}
