/* CVSS v2, v3.0, v3.1 and v4.0: parse vector strings, compute scores.
 *
 * vl_cvss_parse() turns a vector string into a struct vl_cvss (plain data,
 * no allocation, no pointers into the input); vl_cvss_scores() computes the
 * base, temporal/threat and environmental scores from it; vl_cvss_format()
 * prints the canonical vector back.  Everything is allocation-free and
 * thread-safe: all tables are const.  All strings are borrowed.
 *
 * Scores follow the specifications exactly: v2 round_to_1_decimal (FIRST
 * CVSS v2 guide), v3.0's original Roundup, v3.1's integer-based Roundup
 * (spec Appendix A), v4.0 MacroVector lookup and severity-distance
 * interpolation as in FIRST's reference calculator. */
#ifndef VULNLOOP_CVSS_H
#define VULNLOOP_CVSS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vulnloop/core.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vl_cvss_version {
  VL_CVSS_V2 = 2,
  VL_CVSS_V30 = 30,
  VL_CVSS_V31 = 31,
  VL_CVSS_V40 = 40
};

/* Longest vector string accepted (the longest valid v4.0 vector is about
 * 190 bytes); longer input is refused with VL_ETOOBIG. */
#define VL_CVSS_VECTOR_MAX 512
/* A buffer of this size always holds a canonical vector and its NUL. */
#define VL_CVSS_FORMAT_MAX 256
/* Number of metric slots (v4.0 has 32 metrics, the most of any version). */
#define VL_CVSS_METRICS 32

/* A parsed vector.  val[i] is 0 when metric i of the version's metric table
 * (spec order) is absent, else 1 + the index of its value in that table.
 * On a parse failure only err_offset and err_metric are meaningful. */
struct vl_cvss {
  enum vl_cvss_version version;   /* detected from the prefix */
  uint8_t val[VL_CVSS_METRICS];   /* per metric: 0 absent, else 1 + value */
  size_t err_offset;              /* failure: byte offset of the bad part */
  char err_metric[8];             /* failure: metric name there ("" if none) */
};

enum vl_cvss_severity {
  VL_CVSS_SEV_NONE = 0,   /* 0.0 (v3/v4 only; v2 calls 0.0 LOW) */
  VL_CVSS_SEV_LOW,
  VL_CVSS_SEV_MEDIUM,
  VL_CVSS_SEV_HIGH,
  VL_CVSS_SEV_CRITICAL    /* v3/v4 only */
};

/* Scores of one vector.  Every score is a multiple of 0.1 in 0.0..10.0;
 * subscores that a version does not define are -1. */
struct vl_cvss_scores {
  enum vl_cvss_version version;
  double base;            /* base score (v4: CVSS-B, threat/env ignored) */
  double impact;          /* v2/v3 base impact subscore; v4: -1 */
  double exploitability;  /* v2/v3 base exploitability subscore; v4: -1 */
  double temporal;        /* v2/v3 temporal; v4 CVSS-BT (base + threat) */
  double environmental;   /* v2/v3 environmental; v4 CVSS-BE or CVSS-BTE */
  double modified_impact; /* v2 adjusted impact; v3 modified impact when
                             environmental metrics are defined (or v3.1
                             S:C, where it changes the score); else -1 */
  double score;           /* the score the vector as written denotes: the
                             environmental one if environmental metrics are
                             present, else temporal/threat if those are,
                             else base */
  bool has_temporal;      /* any temporal (v4: threat) metric present */
  bool has_environmental; /* any environmental metric present */
  enum vl_cvss_severity base_severity;
  enum vl_cvss_severity temporal_severity;
  enum vl_cvss_severity environmental_severity;
  enum vl_cvss_severity severity; /* of score */
  char nomenclature[9];   /* v4: "CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE";
                             v2/v3: "" */
};

/* Parses vector[0..len) (need not be NUL-terminated).  The version is
 * detected: "CVSS:3.0/", "CVSS:3.1/" and "CVSS:4.0/" prefixes; otherwise a
 * v2 vector, bare or in parentheses ("(AV:N/AC:L/...)").  Every base metric
 * must appear exactly once; no metric may repeat; values must be valid;
 * v4.0 metrics must be in the specification's order (v2 and v3 allow any
 * order: so do FIRST's JSON schemas, whose v4.0 vectorString pattern fixes
 * the order).  v2's "Au" is also accepted spelt "AU", as some feeds write
 * it.  On failure returns VL_EPARSE (VL_ETOOBIG past
 * VL_CVSS_VECTOR_MAX, VL_EUNSUPPORTED for an unknown CVSS version), fills
 * out->err_offset / out->err_metric and d's message with the position. */
int vl_cvss_parse(const char *vector, size_t len, struct vl_cvss *out,
                  struct vl_diag *d);

/* Computes all scores of a parsed vector.  Returns VL_EINVAL if c does not
 * hold a valid parse (e.g. a base metric is missing). */
int vl_cvss_scores(const struct vl_cvss *c, struct vl_cvss_scores *out);

/* Writes the canonical vector (prefix, metrics in specification order,
 * "not defined" values omitted; v2 without parentheses) into buf.  Returns
 * VL_ETOOBIG if size is too small (buf then holds ""), VL_EINVAL if c is
 * not a valid parse.  VL_CVSS_FORMAT_MAX always suffices. */
int vl_cvss_format(const struct vl_cvss *c, char *buf, size_t size);

/* The severity band of score under version's rules: v2 uses NVD's bands
 * (LOW 0.0-3.9, MEDIUM 4.0-6.9, HIGH 7.0-10.0); v3/v4 the specification's
 * (NONE 0.0, LOW 0.1-3.9, MEDIUM 4.0-6.9, HIGH 7.0-8.9, CRITICAL 9.0-10.0). */
enum vl_cvss_severity vl_cvss_severity(enum vl_cvss_version version,
                                       double score);
/* "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL" (static; "UNKNOWN" if out of
 * range). */
const char *vl_cvss_severity_name(enum vl_cvss_severity s);
/* "2.0", "3.0", "3.1", "4.0" (static; "?" if unknown). */
const char *vl_cvss_version_name(enum vl_cvss_version v);

/* The CVSS v4.0 MacroVector score table of the specification: macro holds
 * six digits eq1..eq6 ("000000".."212221").  Returns 0 and the score, or
 * VL_ENOTFOUND if the specification defines no such MacroVector, VL_EINVAL
 * if macro is not six digits. */
int vl_cvss4_macro_score(const char *macro, double *score);

#ifdef __cplusplus
}
#endif
#endif
