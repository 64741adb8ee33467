/* libFuzzer target for lib/ident/vl_cvss.c: parse, score, print, re-parse.
 *
 * Invariants checked (abort on violation):
 *  - a failed parse points inside the input (err_offset <= size);
 *  - a parsed vector always scores; every score is a multiple of 0.1 in
 *    0.0..10.0 and its severity is the band of the score;
 *  - the canonical form fits VL_CVSS_FORMAT_MAX, re-parses, gives the same
 *    scores, and printing it again gives the same text. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/core.h"
#include "vulnloop/cvss.h"

static void check_score(enum vl_cvss_version v, double x,
                        enum vl_cvss_severity sev) {
  if (!(x >= 0.0 && x <= 10.0)) abort();
  double t = x * 10.0;
  if (fabs(t - floor(t + 0.5)) > 1e-9) abort();
  if (vl_cvss_severity(v, x) != sev) abort();
}

static int same_scores(const struct vl_cvss_scores *a,
                       const struct vl_cvss_scores *b) {
  return lround(a->base * 10) == lround(b->base * 10) &&
         lround(a->temporal * 10) == lround(b->temporal * 10) &&
         lround(a->environmental * 10) == lround(b->environmental * 10) &&
         lround(a->score * 10) == lround(b->score * 10) &&
         lround(a->impact * 10) == lround(b->impact * 10) &&
         lround(a->exploitability * 10) == lround(b->exploitability * 10) &&
         lround(a->modified_impact * 10) == lround(b->modified_impact * 10) &&
         a->has_temporal == b->has_temporal &&
         a->has_environmental == b->has_environmental;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct vl_cvss c, c2;
  struct vl_cvss_scores s, s2;
  struct vl_diag d;
  char buf[VL_CVSS_FORMAT_MAX], buf2[VL_CVSS_FORMAT_MAX];
  /* a private copy, so that reads past size are caught */
  char *in = malloc(size ? size : 1);
  if (!in) return 0;
  if (size) memcpy(in, data, size);
  vl_diag_clear(&d);
  int rc = vl_cvss_parse(in, size, &c, &d);
  if (rc) {
    if (rc >= 0 || d.code != rc || d.msg[0] == '\0') abort();
    if (c.err_offset > size && rc != VL_ETOOBIG) abort();
    free(in);
    return 0;
  }
  if (vl_cvss_scores(&c, &s) != 0) abort();
  check_score(c.version, s.base, s.base_severity);
  check_score(c.version, s.temporal, s.temporal_severity);
  check_score(c.version, s.environmental, s.environmental_severity);
  check_score(c.version, s.score, s.severity);
  if (vl_cvss_format(&c, buf, sizeof(buf)) != 0) abort();
  if (vl_cvss_parse(buf, strlen(buf), &c2, &d) != 0) abort();
  if (c2.version != c.version) abort();
  if (vl_cvss_scores(&c2, &s2) != 0 || !same_scores(&s, &s2)) abort();
  if (vl_cvss_format(&c2, buf2, sizeof(buf2)) != 0 || strcmp(buf, buf2))
    abort();
  free(in);
  return 0;
}
