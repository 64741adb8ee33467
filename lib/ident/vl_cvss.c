/* CVSS v2 / v3.0 / v3.1 / v4.0 vector parsing, scoring and printing.
 *
 * One metric table per version, in specification order, drives parsing and
 * printing; a parsed vector is an array of value indices into that table.
 * Scores are computed in tenths (integers) so that severity bands and
 * printing are exact; intermediate arithmetic is double precision, as in
 * the specifications' reference calculators. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "vulnloop/cvss.h"

/* ------------------------------------------------------- metric tables */

enum { G_BASE, G_TEMP, G_ENV, G_SUPP }; /* metric groups */

/* One metric of a version: its abbreviation and its values' abbreviations
 * in specification order. */
struct mdef {
  char name[4];     /* "AV", NUL-padded */
  uint8_t nlen;     /* strlen(name) */
  uint8_t group;    /* G_* */
  uint8_t nvals;    /* entries used in vals */
  uint8_t nd;       /* 1 if vals[0] is "not defined" (X / ND) */
  char vals[6][8];  /* value abbreviations, NUL-padded to 8 bytes so that
                       one is compared as one 64-bit word */
};

/* v2: FIRST "A Complete Guide to the CVSS Version 2.0", section 2 and 3.2.
 * Optional metrics list their "not defined" value (ND) first. */
static const struct mdef v2_metrics[] = {
    {"AV", 2, G_BASE, 3, 0, {"L", "A", "N"}},
    {"AC", 2, G_BASE, 3, 0, {"H", "M", "L"}},
    {"Au", 2, G_BASE, 3, 0, {"M", "S", "N"}},
    {"C", 1, G_BASE, 3, 0, {"N", "P", "C"}},
    {"I", 1, G_BASE, 3, 0, {"N", "P", "C"}},
    {"A", 1, G_BASE, 3, 0, {"N", "P", "C"}},
    {"E", 1, G_TEMP, 5, 1, {"ND", "U", "POC", "F", "H"}},
    {"RL", 2, G_TEMP, 5, 1, {"ND", "OF", "TF", "W", "U"}},
    {"RC", 2, G_TEMP, 4, 1, {"ND", "UC", "UR", "C"}},
    {"CDP", 3, G_ENV, 6, 1, {"ND", "N", "L", "LM", "MH", "H"}},
    {"TD", 2, G_ENV, 5, 1, {"ND", "N", "L", "M", "H"}},
    {"CR", 2, G_ENV, 4, 1, {"ND", "L", "M", "H"}},
    {"IR", 2, G_ENV, 4, 1, {"ND", "L", "M", "H"}},
    {"AR", 2, G_ENV, 4, 1, {"ND", "L", "M", "H"}},
};
enum { V2_AV, V2_AC, V2_AU, V2_C, V2_I, V2_A, V2_E, V2_RL, V2_RC, V2_CDP,
       V2_TD, V2_CR, V2_IR, V2_AR };

/* v3.0 and v3.1: specification section 6, Table 15.  Modified metrics list
 * X first and then the base metric's values in the base metric's order, so
 * that modified index k > 0 is base index k - 1. */
static const struct mdef v3_metrics[] = {
    {"AV", 2, G_BASE, 4, 0, {"N", "A", "L", "P"}},
    {"AC", 2, G_BASE, 2, 0, {"L", "H"}},
    {"PR", 2, G_BASE, 3, 0, {"N", "L", "H"}},
    {"UI", 2, G_BASE, 2, 0, {"N", "R"}},
    {"S", 1, G_BASE, 2, 0, {"U", "C"}},
    {"C", 1, G_BASE, 3, 0, {"H", "L", "N"}},
    {"I", 1, G_BASE, 3, 0, {"H", "L", "N"}},
    {"A", 1, G_BASE, 3, 0, {"H", "L", "N"}},
    {"E", 1, G_TEMP, 5, 1, {"X", "U", "P", "F", "H"}},
    {"RL", 2, G_TEMP, 5, 1, {"X", "O", "T", "W", "U"}},
    {"RC", 2, G_TEMP, 4, 1, {"X", "U", "R", "C"}},
    {"CR", 2, G_ENV, 4, 1, {"X", "L", "M", "H"}},
    {"IR", 2, G_ENV, 4, 1, {"X", "L", "M", "H"}},
    {"AR", 2, G_ENV, 4, 1, {"X", "L", "M", "H"}},
    {"MAV", 3, G_ENV, 5, 1, {"X", "N", "A", "L", "P"}},
    {"MAC", 3, G_ENV, 3, 1, {"X", "L", "H"}},
    {"MPR", 3, G_ENV, 4, 1, {"X", "N", "L", "H"}},
    {"MUI", 3, G_ENV, 3, 1, {"X", "N", "R"}},
    {"MS", 2, G_ENV, 3, 1, {"X", "U", "C"}},
    {"MC", 2, G_ENV, 4, 1, {"X", "H", "L", "N"}},
    {"MI", 2, G_ENV, 4, 1, {"X", "H", "L", "N"}},
    {"MA", 2, G_ENV, 4, 1, {"X", "H", "L", "N"}},
};
enum { V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A, V3_E, V3_RL,
       V3_RC, V3_CR, V3_IR, V3_AR, V3_MAV, V3_MAC, V3_MPR, V3_MUI, V3_MS,
       V3_MC, V3_MI, V3_MA };

/* v4.0: specification section 7, Table 23 (the order is mandatory).
 * Optional metrics list X first; modified metrics then the base metric's
 * values in its order (MSI/MSA add S, Safety, last). */
static const struct mdef v4_metrics[] = {
    {"AV", 2, G_BASE, 4, 0, {"N", "A", "L", "P"}},
    {"AC", 2, G_BASE, 2, 0, {"L", "H"}},
    {"AT", 2, G_BASE, 2, 0, {"N", "P"}},
    {"PR", 2, G_BASE, 3, 0, {"N", "L", "H"}},
    {"UI", 2, G_BASE, 3, 0, {"N", "P", "A"}},
    {"VC", 2, G_BASE, 3, 0, {"H", "L", "N"}},
    {"VI", 2, G_BASE, 3, 0, {"H", "L", "N"}},
    {"VA", 2, G_BASE, 3, 0, {"H", "L", "N"}},
    {"SC", 2, G_BASE, 3, 0, {"H", "L", "N"}},
    {"SI", 2, G_BASE, 3, 0, {"H", "L", "N"}},
    {"SA", 2, G_BASE, 3, 0, {"H", "L", "N"}},
    {"E", 1, G_TEMP, 4, 1, {"X", "A", "P", "U"}},
    {"CR", 2, G_ENV, 4, 1, {"X", "H", "M", "L"}},
    {"IR", 2, G_ENV, 4, 1, {"X", "H", "M", "L"}},
    {"AR", 2, G_ENV, 4, 1, {"X", "H", "M", "L"}},
    {"MAV", 3, G_ENV, 5, 1, {"X", "N", "A", "L", "P"}},
    {"MAC", 3, G_ENV, 3, 1, {"X", "L", "H"}},
    {"MAT", 3, G_ENV, 3, 1, {"X", "N", "P"}},
    {"MPR", 3, G_ENV, 4, 1, {"X", "N", "L", "H"}},
    {"MUI", 3, G_ENV, 4, 1, {"X", "N", "P", "A"}},
    {"MVC", 3, G_ENV, 4, 1, {"X", "H", "L", "N"}},
    {"MVI", 3, G_ENV, 4, 1, {"X", "H", "L", "N"}},
    {"MVA", 3, G_ENV, 4, 1, {"X", "H", "L", "N"}},
    {"MSC", 3, G_ENV, 4, 1, {"X", "H", "L", "N"}},
    {"MSI", 3, G_ENV, 5, 1, {"X", "H", "L", "N", "S"}},
    {"MSA", 3, G_ENV, 5, 1, {"X", "H", "L", "N", "S"}},
    {"S", 1, G_SUPP, 3, 1, {"X", "N", "P"}},
    {"AU", 2, G_SUPP, 3, 1, {"X", "N", "Y"}},
    {"R", 1, G_SUPP, 4, 1, {"X", "A", "U", "I"}},
    {"V", 1, G_SUPP, 3, 1, {"X", "D", "C"}},
    {"RE", 2, G_SUPP, 4, 1, {"X", "L", "M", "H"}},
    {"U", 1, G_SUPP, 5, 1, {"X", "Clear", "Green", "Amber", "Red"}},
};
enum { V4_AV, V4_AC, V4_AT, V4_PR, V4_UI, V4_VC, V4_VI, V4_VA, V4_SC, V4_SI,
       V4_SA, V4_E, V4_CR, V4_IR, V4_AR, V4_MAV, V4_MAC, V4_MAT, V4_MPR,
       V4_MUI, V4_MVC, V4_MVI, V4_MVA, V4_MSC, V4_MSI, V4_MSA };

static const struct mdef *table_of(enum vl_cvss_version v, size_t *n) {
  switch (v) {
  case VL_CVSS_V2:
    *n = VL_ARRAY_LEN(v2_metrics);
    return v2_metrics;
  case VL_CVSS_V30:
  case VL_CVSS_V31:
    *n = VL_ARRAY_LEN(v3_metrics);
    return v3_metrics;
  case VL_CVSS_V40:
    *n = VL_ARRAY_LEN(v4_metrics);
    return v4_metrics;
  }
  *n = 0;
  return NULL;
}

/* ------------------------------------------------------------- parsing */

/* Records a parse failure at byte off of the input, naming the metric
 * (name, nlen bytes; may be empty). */
static int fail(struct vl_cvss *out, struct vl_diag *d, int code, size_t off,
                const char *name, size_t nlen, const char *what) {
  if (nlen >= sizeof(out->err_metric)) nlen = sizeof(out->err_metric) - 1;
  if (nlen) memcpy(out->err_metric, name, nlen);
  out->err_metric[nlen] = '\0';
  out->err_offset = off;
  if (nlen)
    return vl_diag_set(d, code, "CVSS vector: byte %zu, metric '%s': %s", off,
                       out->err_metric, what);
  return vl_diag_set(d, code, "CVSS vector: byte %zu: %s", off, what);
}

/* Names and values are compared as words: the input bytes are gathered
 * into a word laid out as the NUL-padded table field loads (BYTE_AT), so
 * the padding takes part in the comparison ("A" never matches "AV").
 * Names are at most 3 bytes and values at most 5, so longer input cannot
 * match; a NUL inside the input is caught by a length check on a match. */
static inline uint32_t word4(const char *p) {
  uint32_t w;
  memcpy(&w, p, 4);
  return w;
}
static inline uint64_t word8(const char *p) {
  uint64_t w;
  memcpy(&w, p, 8);
  return w;
}

/* Byte pos of a word as word4()/word8() would load it, built in a register
 * (assembling the bytes in memory and loading them as one word would stall
 * store-to-load forwarding on every metric). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define BYTE_AT(c, pos, width) \
  ((uint64_t)(unsigned char)(c) << (8 * ((width) - 1 - (pos))))
#else
#define BYTE_AT(c, pos, width) ((uint64_t)(unsigned char)(c) << (8 * (pos)))
#endif

/* Compares n bytes; names are 1 to 3 bytes, where a loop beats memcmp. */
static inline int same(const char *a, const char *b, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* Index of the value whose padded word is key, or -1.  Branch-free over
 * all six slots (unused ones are zero and key is never zero for a value
 * without NUL bytes): which value a vector holds is unpredictable, and a
 * mispredicted early exit costs more than the extra compares. */
static inline int find_value(const struct mdef *m, uint64_t key) {
  int r = -1;
  for (int k = (int)VL_ARRAY_LEN(m->vals) - 1; k >= 0; k--)
    r = word8(m->vals[k]) == key ? k : r;
  return r < m->nvals ? r : -1;
}

int vl_cvss_parse(const char *vector, size_t len, struct vl_cvss *out,
                  struct vl_diag *d) {
  if (!out) return vl_diag_set(d, VL_EINVAL, "CVSS vector: no output");
  memset(out, 0, sizeof(*out));
  if (!vector && len) return fail(out, d, VL_EINVAL, 0, "", 0, "NULL input");
  if (len > VL_CVSS_VECTOR_MAX)
    return fail(out, d, VL_ETOOBIG, VL_CVSS_VECTOR_MAX, "", 0,
                "vector longer than 512 bytes");
  size_t i = 0, end = len;
  if (len >= 5 && memcmp(vector, "CVSS:", 5) == 0) {
    /* "CVSS:" VERSION "/" METRICS */
    size_t vl = 0;
    while (5 + vl < len && vector[5 + vl] != '/') vl++;
    if (vl == 3 && memcmp(vector + 5, "3.1", 3) == 0)
      out->version = VL_CVSS_V31;
    else if (vl == 3 && memcmp(vector + 5, "3.0", 3) == 0)
      out->version = VL_CVSS_V30;
    else if (vl == 3 && memcmp(vector + 5, "4.0", 3) == 0)
      out->version = VL_CVSS_V40;
    else
      return fail(out, d, VL_EUNSUPPORTED, 5, "CVSS", 4,
                  "unsupported CVSS version (expected 3.0, 3.1 or 4.0)");
    i = 5 + vl < len ? 5 + vl + 1 : len; /* past the '/' */
  } else {
    out->version = VL_CVSS_V2;
    if (len > 0 && vector[0] == '(') {
      if (vector[len - 1] != ')')
        return fail(out, d, VL_EPARSE, len, "", 0,
                    "'(' without closing ')'");
      i = 1;
      end = len - 1;
    }
  }
  size_t nm;
  const struct mdef *t = table_of(out->version, &nm);
  int ordered = out->version == VL_CVSS_V40;
  size_t next = 0; /* the table index after the last metric seen */
  if (i >= end) return fail(out, d, VL_EPARSE, i, "", 0, "no metrics");
  for (;;) {
    /* one component: NAME ':' VALUE, ending at '/' or the end */
    size_t cs = i, j, nl, idx = nm;
    const char *name = vector + cs;
    const struct mdef *e = next < nm ? &t[next] : NULL;
    if (e && cs + e->nlen < end && vector[cs + e->nlen] == ':' &&
        same(name, e->name, e->nlen)) {
      /* fast path: the metric the specification's order expects */
      idx = next;
      nl = e->nlen;
      j = cs + nl;
    } else {
      uint32_t key = 0;
      for (j = cs; j < end && vector[j] != ':' && vector[j] != '/'; j++)
        if (j - cs < 3) key |= (uint32_t)BYTE_AT(vector[j], j - cs, 4);
      nl = j - cs;
      if (j == end || vector[j] == '/') {
        if (nl == 0)
          return fail(out, d, VL_EPARSE, cs, "", 0, "empty metric");
        return fail(out, d, VL_EPARSE, cs, name, nl,
                    "expected METRIC:VALUE");
      }
      if (nl > 0 && nl < 4) {
        for (size_t k = 0; k < nm; k++) {
          if (word4(t[k].name) == key) {
            /* a NUL inside the input must not pass for the padding */
            if (t[k].nlen == nl) idx = k;
            break;
          }
        }
        /* "AU" for v2's "Au" is common in real feeds (VARIoT/VULHUB,
         * some scanners); accept it rather than reject valid data. */
        if (idx == nm && out->version == VL_CVSS_V2 && nl == 2 &&
            memcmp(name, "AU", 2) == 0)
          idx = V2_AU;
      }
    }
    size_t vs = ++j;
    uint64_t vkey = 0;
    for (; j < end && vector[j] != '/'; j++)
      if (j - vs < 6) vkey |= BYTE_AT(vector[j], j - vs, 8);
    size_t ce = j, vl = ce - vs;
    if (idx == nm)
      return fail(out, d, VL_EPARSE, cs, name, nl, "unknown metric");
    if (out->val[idx])
      return fail(out, d, VL_EPARSE, cs, name, nl, "metric given twice");
    if (ordered && idx < next)
      return fail(out, d, VL_EPARSE, cs, name, nl,
                  "metric out of the order the specification requires");
    int k = -1;
    if (vl > 0 && vl < 6) {
      k = find_value(&t[idx], vkey);
      if (k >= 0 && t[idx].vals[k][vl - 1] == '\0') k = -1; /* NUL inside */
    }
    if (k < 0) {
      char what[96];
      size_t w = (size_t)snprintf(what, sizeof(what), "invalid value (expected");
      for (int q = 0; q < t[idx].nvals && w < sizeof(what); q++)
        w += (size_t)snprintf(what + w, sizeof(what) - w, "%s%s",
                              q ? ", " : " ", t[idx].vals[q]);
      if (w < sizeof(what)) snprintf(what + w, sizeof(what) - w, ")");
      return fail(out, d, VL_EPARSE, vs, name, nl, what);
    }
    out->val[idx] = (uint8_t)(k + 1);
    next = idx + 1 < nm ? idx + 1 : 0;
    if (ordered) next = idx + 1;
    if (ce == end) break;
    i = ce + 1;
    if (i == end)
      return fail(out, d, VL_EPARSE, ce, "", 0, "trailing '/'");
  }
  for (size_t k = 0; k < nm; k++)
    if (t[k].group == G_BASE && !out->val[k])
      return fail(out, d, VL_EPARSE, len, t[k].name, t[k].nlen,
                  "missing base metric");
  return 0;
}

/* ------------------------------------------------------------ printing */

int vl_cvss_format(const struct vl_cvss *c, char *buf, size_t size) {
  size_t nm, n = 0;
  if (!buf || size == 0) return VL_EINVAL;
  buf[0] = '\0';
  const struct mdef *t = c ? table_of(c->version, &nm) : NULL;
  if (!t) return VL_EINVAL;
  char tmp[VL_CVSS_FORMAT_MAX];
  const char *prefix = c->version == VL_CVSS_V30   ? "CVSS:3.0"
                       : c->version == VL_CVSS_V31 ? "CVSS:3.1"
                       : c->version == VL_CVSS_V40 ? "CVSS:4.0"
                                                   : "";
  size_t pl = strlen(prefix);
  memcpy(tmp, prefix, pl);
  n = pl;
  for (size_t k = 0; k < nm; k++) {
    unsigned v = c->val[k];
    if (v > t[k].nvals) return VL_EINVAL;
    if (!v) {
      if (t[k].group == G_BASE) return VL_EINVAL;
      continue;
    }
    if (t[k].nd && v == 1) continue; /* "not defined" is the default */
    size_t a = t[k].nlen, b = strlen(t[k].vals[v - 1]);
    if (n + a + b + 2 > sizeof(tmp)) return VL_ETOOBIG; /* cannot happen:
                                         the longest v4.0 form is 178 */
    if (n) tmp[n++] = '/';
    memcpy(tmp + n, t[k].name, a);
    n += a;
    tmp[n++] = ':';
    memcpy(tmp + n, t[k].vals[v - 1], b);
    n += b;
  }
  if (n + 1 > size) return VL_ETOOBIG;
  memcpy(buf, tmp, n);
  buf[n] = '\0';
  return 0;
}

/* ------------------------------------------------------------- scoring */

/* v2 round_to_1_decimal, in tenths.  The tiny epsilon absorbs binary
 * representation error so that an exact decimal x.x5 rounds up as the
 * guide's decimal arithmetic does. */
static int v2_round1(double x) { return (int)floor(x * 10.0 + 0.5 + 1e-9); }

/* Index of an optional metric's value: 0 (not defined) if absent. */
static inline int opt(const struct vl_cvss *c, int m) {
  return c->val[m] ? c->val[m] - 1 : 0;
}
static inline int req(const struct vl_cvss *c, int m) { return c->val[m] - 1; }

/* v2 scores in tenths.  The environmental equation is always evaluated:
 * even with every environmental metric ND it need not reduce to the
 * temporal score (AdjustedImpact is capped at 10, Impact is not: 10.0008
 * for C:C/I:C/A:C). */
static void score_v2(const struct vl_cvss *c, int *base, int *imp, int *expl,
                     int *temp, int *env, int *adj) {
  static const double av[] = {0.395, 0.646, 1.0};
  static const double ac[] = {0.35, 0.61, 0.71};
  static const double au[] = {0.45, 0.56, 0.704};
  static const double cia[] = {0.0, 0.275, 0.660};
  static const double e[] = {1.0, 0.85, 0.9, 0.95, 1.0};
  static const double rl[] = {1.0, 0.87, 0.90, 0.95, 1.0};
  static const double rc[] = {1.0, 0.90, 0.95, 1.0};
  static const double cdp[] = {0.0, 0.0, 0.1, 0.3, 0.4, 0.5};
  static const double td[] = {1.0, 0.0, 0.25, 0.75, 1.0};
  static const double req_w[] = {1.0, 0.5, 1.0, 1.51};
  double C = cia[req(c, V2_C)], I = cia[req(c, V2_I)], A = cia[req(c, V2_A)];
  double impact = 10.41 * (1 - (1 - C) * (1 - I) * (1 - A));
  double ex = 20 * av[req(c, V2_AV)] * ac[req(c, V2_AC)] * au[req(c, V2_AU)];
  double f = impact == 0 ? 0 : 1.176;
  *imp = v2_round1(impact);
  *expl = v2_round1(ex);
  *base = v2_round1(((0.6 * impact) + (0.4 * ex) - 1.5) * f);
  double tm = e[opt(c, V2_E)] * rl[opt(c, V2_RL)] * rc[opt(c, V2_RC)];
  *temp = v2_round1(*base / 10.0 * tm);
  double aimp = 10.41 * (1 - (1 - C * req_w[opt(c, V2_CR)]) *
                                 (1 - I * req_w[opt(c, V2_IR)]) *
                                 (1 - A * req_w[opt(c, V2_AR)]));
  if (aimp > 10) aimp = 10;
  double af = aimp == 0 ? 0 : 1.176;
  int abase = v2_round1(((0.6 * aimp) + (0.4 * ex) - 1.5) * af);
  double atemp = v2_round1(abase / 10.0 * tm) / 10.0;
  *adj = v2_round1(aimp);
  *env = v2_round1((atemp + (10 - atemp) * cdp[opt(c, V2_CDP)]) *
                   td[opt(c, V2_TD)]);
}

/* v3.0 Roundup: the smallest number, to one decimal, >= x (spec 3.0
 * section 7.4), in tenths. */
static int v30_roundup(double x) { return (int)ceil(x * 10.0); }

/* v3.1 Roundup (spec 3.1 Appendix A): integer arithmetic on x * 100000 to
 * avoid floating-point artefacts; in tenths. */
static int v31_roundup(double x) {
  long n = (long)floor(x * 100000.0 + 0.5); /* x >= 0: round half up */
  if (n % 10000 == 0) return (int)(n / 10000);
  return (int)(n / 10000 + 1);
}

/* Subscores are shown rounded half up to one decimal, floored at 0. */
static int sub_round(double x) {
  if (x <= 0) return 0;
  return (int)floor(x * 10.0 + 0.5 + 1e-9);
}

static double pow_n(double x, int n) {
  double r = 1;
  while (n-- > 0) r *= x;
  return r;
}

/* v3.0 / v3.1 scores in tenths.  Without defined environmental metrics
 * the v3.0 modified equations are the base ones, so its environmental
 * score is the temporal one and is only evaluated when needed (the
 * modified impact is then undefined).  Not so in v3.1: its scope-changed
 * modified impact, (MISS x 0.9731 - 0.02)^13, differs from the base
 * impact, and the environmental score of a scope-changed base vector can
 * exceed its base score by 0.1 (vectors_simple31 has 80 such vectors), so
 * v3.1 evaluates it whenever the scope is changed; with scope unchanged the
 * equations coincide again. */
static void score_v3(const struct vl_cvss *c, bool has_env, int *base,
                     int *imp, int *expl, int *temp, int *env, int *mimp) {
  static const double av[] = {0.85, 0.62, 0.55, 0.2};
  static const double ac[] = {0.77, 0.44};
  static const double pr_u[] = {0.85, 0.62, 0.27};
  static const double pr_c[] = {0.85, 0.68, 0.5};
  static const double ui[] = {0.85, 0.62};
  static const double cia[] = {0.56, 0.22, 0.0};
  static const double e[] = {1.0, 0.91, 0.94, 0.97, 1.0};
  static const double rl[] = {1.0, 0.95, 0.96, 0.97, 1.0};
  static const double rc[] = {1.0, 0.92, 0.96, 1.0};
  static const double rq[] = {1.0, 0.5, 1.0, 1.5};
  int v31 = c->version == VL_CVSS_V31;
  int (*roundup)(double) = v31 ? v31_roundup : v30_roundup;

  int changed = req(c, V3_S) == 1;
  double C = cia[req(c, V3_C)], I = cia[req(c, V3_I)], A = cia[req(c, V3_A)];
  double iss = 1 - (1 - C) * (1 - I) * (1 - A);
  double impact = changed ? 7.52 * (iss - 0.029) -
                                3.25 * pow_n(iss - 0.02, 15)
                          : 6.42 * iss;
  double ex = 8.22 * av[req(c, V3_AV)] * ac[req(c, V3_AC)] *
              (changed ? pr_c : pr_u)[req(c, V3_PR)] * ui[req(c, V3_UI)];
  *imp = sub_round(impact);
  *expl = sub_round(ex);
  if (impact <= 0)
    *base = 0;
  else if (changed)
    *base = roundup(fmin(1.08 * (impact + ex), 10));
  else
    *base = roundup(fmin(impact + ex, 10));
  double tm = e[opt(c, V3_E)] * rl[opt(c, V3_RL)] * rc[opt(c, V3_RC)];
  *temp = roundup(*base / 10.0 * tm);

  if (!has_env && (!v31 || !changed)) {
    *env = *temp;
    return;
  }
  /* Modified metrics: index k > 0 is the base value k - 1. */
#define MOD(m, b) (c->val[m] > 1 ? c->val[m] - 2 : req(c, b))
  int mchanged = MOD(V3_MS, V3_S) == 1;
  double MC = cia[MOD(V3_MC, V3_C)], MI = cia[MOD(V3_MI, V3_I)],
         MA = cia[MOD(V3_MA, V3_A)];
  double miss = 1 - (1 - rq[opt(c, V3_CR)] * MC) *
                        (1 - rq[opt(c, V3_IR)] * MI) *
                        (1 - rq[opt(c, V3_AR)] * MA);
  if (miss > 0.915) miss = 0.915;
  double mi;
  if (!mchanged)
    mi = 6.42 * miss;
  else if (v31)
    mi = 7.52 * (miss - 0.029) - 3.25 * pow_n(miss * 0.9731 - 0.02, 13);
  else
    mi = 7.52 * (miss - 0.029) - 3.25 * pow_n(miss - 0.02, 15);
  double mex = 8.22 * av[MOD(V3_MAV, V3_AV)] * ac[MOD(V3_MAC, V3_AC)] *
               (mchanged ? pr_c : pr_u)[MOD(V3_MPR, V3_PR)] *
               ui[MOD(V3_MUI, V3_UI)];
#undef MOD
  *mimp = sub_round(mi);
  if (mi <= 0)
    *env = 0;
  else if (mchanged)
    *env = roundup(roundup(fmin(1.08 * (mi + mex), 10)) / 10.0 * tm);
  else
    *env = roundup(roundup(fmin(mi + mex, 10)) / 10.0 * tm);
}

/* ---------------------------------------------------------- v4.0 score */

/* The CVSS v4.0 MacroVector scores, in tenths, from the FIRST CVSS v4.0
 * specification's reference calculator (FIRSTdotorg/cvss-v4-calculator,
 * cvss_lookup.js, "cvssLookup_global").  Indexed [eq1][eq2][eq3][eq4] and
 * then eq5 * 2 + eq6; -1 where the specification defines no MacroVector
 * (eq3 = 2 exists only with eq6 = 1).  tests/unit/test_cvss.c checks this
 * table against an independent extraction at run time. */
#define NO -1
static const int8_t v4_lookup[3][2][3][3][6] = {
    {{{{100, 99, 98, 95, 95, 92}, {100, 96, 93, 87, 91, 81},
       {93, 90, 89, 80, 81, 68}},
      {{98, 95, 95, 92, 90, 84}, {93, 92, 89, 81, 81, 65},
       {88, 80, 78, 70, 69, 48}},
      {{NO, 92, NO, 82, NO, 72}, {NO, 79, NO, 69, NO, 50},
       {NO, 69, NO, 55, NO, 27}}},
     {{{99, 97, 95, 92, 92, 85}, {95, 91, 90, 83, 84, 71},
       {92, 81, 82, 71, 72, 53}},
      {{95, 93, 92, 85, 85, 73}, {92, 82, 80, 72, 70, 59},
       {84, 70, 71, 52, 50, 30}},
      {{NO, 86, NO, 75, NO, 52}, {NO, 71, NO, 52, NO, 29},
       {NO, 63, NO, 29, NO, 17}}}},
    {{{{98, 95, 94, 87, 91, 81}, {94, 89, 86, 74, 77, 64},
       {87, 75, 74, 63, 63, 49}},
      {{94, 89, 88, 77, 76, 67}, {86, 76, 74, 58, 59, 50},
       {72, 57, 57, 52, 52, 25}},
      {{NO, 83, NO, 70, NO, 54}, {NO, 65, NO, 58, NO, 26},
       {NO, 53, NO, 21, NO, 13}}},
     {{{95, 90, 88, 76, 76, 70}, {90, 77, 75, 62, 61, 53},
       {77, 66, 68, 59, 52, 30}},
      {{89, 78, 76, 67, 62, 58}, {74, 59, 57, 57, 47, 23},
       {61, 52, 57, 29, 24, 16}},
      {{NO, 71, NO, 59, NO, 30}, {NO, 58, NO, 26, NO, 15},
       {NO, 23, NO, 13, NO, 6}}}},
    {{{{93, 87, 86, 72, 75, 58}, {86, 74, 74, 61, 56, 34},
       {70, 54, 52, 40, 40, 22}},
      {{85, 75, 74, 55, 62, 51}, {72, 57, 55, 41, 46, 19},
       {53, 36, 34, 19, 19, 8}},
      {{NO, 64, NO, 51, NO, 20}, {NO, 47, NO, 21, NO, 11},
       {NO, 24, NO, 9, NO, 4}}},
     {{{88, 75, 73, 53, 60, 50}, {73, 55, 59, 40, 41, 20},
       {54, 43, 45, 22, 20, 11}},
      {{75, 55, 58, 45, 40, 21}, {61, 51, 48, 18, 20, 9},
       {46, 18, 17, 7, 8, 2}},
      {{NO, 53, NO, 24, NO, 14}, {NO, 24, NO, 12, NO, 5},
       {NO, 10, NO, 3, NO, 1}}}},
};
#undef NO

/* Score of a MacroVector in tenths, or -1 if it does not exist. */
static int v4_macro(int eq1, int eq2, int eq3, int eq4, int eq5, int eq6) {
  if (eq1 < 0 || eq1 > 2 || eq2 < 0 || eq2 > 1 || eq3 < 0 || eq3 > 2 ||
      eq4 < 0 || eq4 > 2 || eq5 < 0 || eq5 > 2 || eq6 < 0 || eq6 > 1)
    return -1;
  return v4_lookup[eq1][eq2][eq3][eq4][eq5 * 2 + eq6];
}

int vl_cvss4_macro_score(const char *macro, double *score) {
  int q[6];
  if (!macro || !score) return VL_EINVAL;
  for (int k = 0; k < 6; k++) {
    if (macro[k] < '0' || macro[k] > '9') return VL_EINVAL;
    q[k] = macro[k] - '0';
  }
  if (macro[6] != '\0') return VL_EINVAL;
  int v = v4_macro(q[0], q[1], q[2], q[3], q[4], q[5]);
  if (v < 0) return VL_ENOTFOUND;
  *score = v / 10.0;
  return 0;
}

/* Effective metric values of a v4.0 vector as severity levels in tenths
 * (the specification's "levels": 0 is the most severe).  Modified metrics
 * override base ones; E:X counts as A and CR/IR/AR:X as H. */
struct v4eff {
  int av, pr, ui;  /* N 0, A 1, L 2, P 3 / N 0, L 1, H 2 / N 0, P 1, A 2 */
  int ac, at;      /* L 0, H 1 / N 0, P 1 */
  int vc, vi, va;  /* H 0, L 1, N 2 */
  int sc, si, sa;  /* S 0 (SI, SA only), H 1, L 2, N 3 */
  int cr, ir, ar;  /* H 0, M 1, L 2 */
  int e;           /* A 0, P 1, U 2 */
};

/* Highest-severity vectors of each equivalence class (the specification's
 * "max_composed"), as levels. */
static const int8_t v4_max_eq1[3][3][3] = {  /* AV, PR, UI */
    {{0, 0, 0}},
    {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
    {{3, 0, 0}, {1, 1, 1}}};
static const int8_t v4_max_eq1_n[3] = {1, 3, 2};
static const int8_t v4_max_eq2[2][2][2] = {{{0, 0}}, {{1, 0}, {0, 1}}};
static const int8_t v4_max_eq2_n[2] = {1, 2};
static const int8_t v4_max_eq36[3][2][5][6] = { /* VC VI VA CR IR AR */
    {{{0, 0, 0, 0, 0, 0}}, {{0, 0, 1, 1, 1, 0}, {0, 0, 0, 1, 1, 1}}},
    {{{1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}},
     {{1, 0, 1, 0, 1, 0},
      {1, 0, 0, 0, 1, 1},
      {0, 1, 0, 1, 0, 1},
      {0, 1, 1, 1, 0, 0},
      {1, 1, 0, 0, 0, 1}}},
    {{{0}}, {{1, 1, 1, 0, 0, 0}}}};
static const int8_t v4_max_eq36_n[3][2] = {{1, 2}, {2, 5}, {0, 1}};
static const int8_t v4_max_eq4[3][3] = {{1, 0, 0}, {1, 1, 1}, {2, 2, 2}};
/* Depth of each MacroVector class in steps ("max_severity"). */
static const int8_t v4_depth_eq1[3] = {1, 4, 5};
static const int8_t v4_depth_eq2[2] = {1, 2};
static const int8_t v4_depth_eq36[3][2] = {{7, 6}, {8, 8}, {0, 10}};
static const int8_t v4_depth_eq4[3] = {6, 5, 4};

/* The v4.0 score in tenths (specification section 8.2 and the reference
 * calculator's cvss_score.js). */
static int v4_score(const struct v4eff *x) {
  if (x->vc == 2 && x->vi == 2 && x->va == 2 && x->sc == 3 && x->si == 3 &&
      x->sa == 3)
    return 0;
  int eq1 = (x->av == 0 && x->pr == 0 && x->ui == 0) ? 0
            : ((x->av == 0 || x->pr == 0 || x->ui == 0) && x->av != 3) ? 1
                                                                       : 2;
  int eq2 = (x->ac == 0 && x->at == 0) ? 0 : 1;
  int eq3 = (x->vc == 0 && x->vi == 0)                  ? 0
            : (x->vc == 0 || x->vi == 0 || x->va == 0) ? 1
                                                        : 2;
  int eq4 = (x->si == 0 || x->sa == 0)                  ? 0
            : (x->sc == 1 || x->si == 1 || x->sa == 1) ? 1
                                                        : 2;
  int eq5 = x->e;
  int eq6 = ((x->cr == 0 && x->vc == 0) || (x->ir == 0 && x->vi == 0) ||
             (x->ar == 0 && x->va == 0))
                ? 0
                : 1;
  int value = v4_macro(eq1, eq2, eq3, eq4, eq5, eq6);
  if (value < 0) return 0; /* cannot happen: every reachable class exists */

  int lower1 = v4_macro(eq1 + 1, eq2, eq3, eq4, eq5, eq6);
  int lower2 = v4_macro(eq1, eq2 + 1, eq3, eq4, eq5, eq6);
  int lower36;
  if (eq3 == 0 && eq6 == 0) {
    /* two paths down: 00 -> 01 and 00 -> 10; take the higher score as the
     * reference does (a missing right-hand score wins the comparison) */
    int l = v4_macro(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
    int r = v4_macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
    lower36 = (l >= 0 && r >= 0 && l > r) ? l : r;
  } else if (eq3 == 1 && eq6 == 0) {
    lower36 = v4_macro(eq1, eq2, eq3, eq4, eq5, eq6 + 1);
  } else if (eq6 == 1 && eq3 < 2) {
    lower36 = v4_macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
  } else {
    lower36 = -1; /* 21 -> 32 does not exist */
  }
  int lower4 = v4_macro(eq1, eq2, eq3, eq4 + 1, eq5, eq6);
  int lower5 = v4_macro(eq1, eq2, eq3, eq4, eq5 + 1, eq6);

  /* Severity distance from the first highest-severity vector of the class
   * that is at least as severe in every metric. */
  int d[14] = {0};
  for (int a = 0; a < v4_max_eq1_n[eq1]; a++) {
    for (int b = 0; b < v4_max_eq2_n[eq2]; b++) {
      for (int m = 0; m < v4_max_eq36_n[eq3][eq6]; m++) {
        const int8_t *p1 = v4_max_eq1[eq1][a], *p2 = v4_max_eq2[eq2][b];
        const int8_t *p3 = v4_max_eq36[eq3][eq6][m], *p4 = v4_max_eq4[eq4];
        d[0] = x->av - p1[0];
        d[1] = x->pr - p1[1];
        d[2] = x->ui - p1[2];
        d[3] = x->ac - p2[0];
        d[4] = x->at - p2[1];
        d[5] = x->vc - p3[0];
        d[6] = x->vi - p3[1];
        d[7] = x->va - p3[2];
        d[8] = x->cr - p3[3];
        d[9] = x->ir - p3[4];
        d[10] = x->ar - p3[5];
        d[11] = x->sc - p4[0];
        d[12] = x->si - p4[1];
        d[13] = x->sa - p4[2];
        int ok = 1;
        for (int k = 0; k < 14; k++) ok &= d[k] >= 0;
        if (ok) goto found;
      }
    }
  }
found:;
  int dist1 = d[0] + d[1] + d[2];
  int dist2 = d[3] + d[4];
  int dist36 = d[5] + d[6] + d[7] + d[8] + d[9] + d[10];
  int dist4 = d[11] + d[12] + d[13];

  double v = value / 10.0, sum = 0;
  int n = 0;
  if (lower1 >= 0) {
    n++;
    sum += (v - lower1 / 10.0) * ((double)dist1 / v4_depth_eq1[eq1]);
  }
  if (lower2 >= 0) {
    n++;
    sum += (v - lower2 / 10.0) * ((double)dist2 / v4_depth_eq2[eq2]);
  }
  if (lower36 >= 0) {
    n++;
    sum += (v - lower36 / 10.0) *
           ((double)dist36 / v4_depth_eq36[eq3][eq6]);
  }
  if (lower4 >= 0) {
    n++;
    sum += (v - lower4 / 10.0) * ((double)dist4 / v4_depth_eq4[eq4]);
  }
  if (lower5 >= 0) n++; /* eq5's proportion is always 0 */
  if (n) v -= sum / n;
  if (v < 0) v = 0;
  if (v > 10) v = 10;
  /* Round half up at one decimal after lifting by 1e-6, as the reference
   * implementations do, so that an x.x5 tie computed one ULP low still
   * rounds up. */
  return (int)floor((v + 1e-6) * 10.0 + 0.5);
}

/* Effective level of base metric b overridden by modified metric m, whose
 * value index k > 0 is base index k - 1. */
static inline int v4_mod(const struct vl_cvss *c, int b, int m, int use_env) {
  if (use_env && c->val[m] > 1) return c->val[m] - 2;
  return c->val[b] - 1;
}

static void v4_effective(const struct vl_cvss *c, int use_threat,
                         int use_env, struct v4eff *x) {
  x->av = v4_mod(c, V4_AV, V4_MAV, use_env);
  x->ac = v4_mod(c, V4_AC, V4_MAC, use_env);
  x->at = v4_mod(c, V4_AT, V4_MAT, use_env);
  x->pr = v4_mod(c, V4_PR, V4_MPR, use_env);
  x->ui = v4_mod(c, V4_UI, V4_MUI, use_env);
  x->vc = v4_mod(c, V4_VC, V4_MVC, use_env);
  x->vi = v4_mod(c, V4_VI, V4_MVI, use_env);
  x->va = v4_mod(c, V4_VA, V4_MVA, use_env);
  x->sc = v4_mod(c, V4_SC, V4_MSC, use_env) + 1;
  x->si = v4_mod(c, V4_SI, V4_MSI, use_env) + 1;
  x->sa = v4_mod(c, V4_SA, V4_MSA, use_env) + 1;
  if (x->si == 4) x->si = 0; /* MSI:S, Safety, is the most severe */
  if (x->sa == 4) x->sa = 0;
  x->e = use_threat && c->val[V4_E] > 1 ? c->val[V4_E] - 2 : 0;
  x->cr = use_env && c->val[V4_CR] > 1 ? c->val[V4_CR] - 2 : 0;
  x->ir = use_env && c->val[V4_IR] > 1 ? c->val[V4_IR] - 2 : 0;
  x->ar = use_env && c->val[V4_AR] > 1 ? c->val[V4_AR] - 2 : 0;
}

/* CVSS-B, CVSS-BT and the full (CVSS-BE / CVSS-BTE) score, in tenths. */
static void score_v4(const struct vl_cvss *c, bool has_threat, bool has_env,
                     int *base, int *threat, int *full) {
  struct v4eff x;
  v4_effective(c, 0, 0, &x);
  *base = v4_score(&x);
  /* without defined threat / environmental metrics the effective values,
   * and so the scores, are the base ones */
  if (has_threat) {
    v4_effective(c, 1, 0, &x);
    *threat = v4_score(&x);
  } else {
    *threat = *base;
  }
  if (has_env) {
    v4_effective(c, 1, 1, &x);
    *full = v4_score(&x);
  } else {
    *full = *threat;
  }
}

/* The band of a score given in tenths. */
static enum vl_cvss_severity band(enum vl_cvss_version version, int t) {
  if (version == VL_CVSS_V2)
    return t < 40 ? VL_CVSS_SEV_LOW
                  : t < 70 ? VL_CVSS_SEV_MEDIUM : VL_CVSS_SEV_HIGH;
  if (t <= 0) return VL_CVSS_SEV_NONE;
  if (t < 40) return VL_CVSS_SEV_LOW;
  if (t < 70) return VL_CVSS_SEV_MEDIUM;
  if (t < 90) return VL_CVSS_SEV_HIGH;
  return VL_CVSS_SEV_CRITICAL;
}

enum vl_cvss_severity vl_cvss_severity(enum vl_cvss_version version,
                                       double score) {
  return band(version, (int)floor(score * 10.0 + 0.5));
}

const char *vl_cvss_severity_name(enum vl_cvss_severity s) {
  switch (s) {
  case VL_CVSS_SEV_NONE: return "NONE";
  case VL_CVSS_SEV_LOW: return "LOW";
  case VL_CVSS_SEV_MEDIUM: return "MEDIUM";
  case VL_CVSS_SEV_HIGH: return "HIGH";
  case VL_CVSS_SEV_CRITICAL: return "CRITICAL";
  }
  return "UNKNOWN";
}

const char *vl_cvss_version_name(enum vl_cvss_version v) {
  switch (v) {
  case VL_CVSS_V2: return "2.0";
  case VL_CVSS_V30: return "3.0";
  case VL_CVSS_V31: return "3.1";
  case VL_CVSS_V40: return "4.0";
  }
  return "?";
}

int vl_cvss_scores(const struct vl_cvss *c, struct vl_cvss_scores *out) {
  size_t nm;
  if (!c || !out) return VL_EINVAL;
  const struct mdef *t = table_of(c->version, &nm);
  if (!t) return VL_EINVAL;
  /* Validate (a value within its table, every base metric present) and
   * note which groups are defined, without branches: this runs for every
   * vector scored. */
  unsigned bad = 0, ht = 0, he = 0;
  for (size_t k = 0; k < nm; k++) {
    unsigned v = c->val[k], g = t[k].group;
    unsigned defined = v > t[k].nd; /* present and not "not defined" */
    bad |= (v > t[k].nvals) | ((g == G_BASE) & (v == 0));
    ht |= defined & (g == G_TEMP);
    he |= defined & (g == G_ENV);
  }
  if (bad) return VL_EINVAL;
  bool has_t = ht != 0, has_e = he != 0;
  memset(out, 0, sizeof(*out));
  out->version = c->version;
  out->has_temporal = has_t;
  out->has_environmental = has_e;
  int base, imp = -10, expl = -10, temp, env, mimp = -10;
  if (c->version == VL_CVSS_V2)
    score_v2(c, &base, &imp, &expl, &temp, &env, &mimp);
  else if (c->version == VL_CVSS_V40)
    score_v4(c, has_t, has_e, &base, &temp, &env);
  else
    score_v3(c, has_e, &base, &imp, &expl, &temp, &env, &mimp);
  out->base = base / 10.0;
  out->impact = imp / 10.0;
  out->exploitability = expl / 10.0;
  out->temporal = temp / 10.0;
  out->environmental = env / 10.0;
  out->modified_impact = mimp / 10.0;
  int score = has_e ? env : has_t ? temp : base;
  out->score = score / 10.0;
  out->base_severity = band(c->version, base);
  out->temporal_severity = band(c->version, temp);
  out->environmental_severity = band(c->version, env);
  out->severity = band(c->version, score);
  if (c->version == VL_CVSS_V40) {
    size_t n = 0;
    memcpy(out->nomenclature, "CVSS-B", 6);
    n = 6;
    if (has_t) out->nomenclature[n++] = 'T';
    if (has_e) out->nomenclature[n++] = 'E';
    out->nomenclature[n] = '\0';
  }
  return 0;
}
