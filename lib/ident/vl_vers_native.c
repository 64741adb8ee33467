/* Native range notations to vers ranges.
 *
 * The output follows univers (aboutcode-org/univers), whose test data is our
 * oracle: every bound of every alternative becomes one constraint and the
 * list is sorted by version, so "^1.2.9" is ">=1.2.9|<2.0.0" and
 * "<3.4.1||>=4.3.0 <4.3.1" is "<3.4.1|>=4.3.0|<4.3.1".  That flattening is
 * exact for the usual advisory ranges (disjoint alternatives, each a lower
 * and an upper bound); it is not for AND-groups that overlap, which vers
 * cannot express anyway.
 *
 * Versions are normalised as each ecosystem's tooling prints them: PEP 440
 * normal form for pypi ("1.0alpha" -> "1.0a0"), semantic_version's coerce()
 * for npm, golang and composer ("3.3" -> "3.3.0", "2.0.11.2" -> "2.0.11+2",
 * "19.04" -> "19.4"), verbatim otherwise.
 *
 * Supported: npm (node-semver: comparators, ^ ~ x-ranges, hyphen ranges,
 * ||, spaces), pypi (PEP 440: == != <= >= < > ~= === and ==X.*), gem (~>
 * and comma lists), nuget and maven (interval notation), composer (^ ~ , |
 * || wildcards hyphens @flags), golang, conan (^ ~ * and options after a
 * comma), nginx ("1.5.0+", "0.7.52-0.8.39"), openssl (version lists), and
 * GitLab's advisory forms of npm, pypi, gem, golang, composer and conan. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/vers.h"

#define NV_MAX VL_VERSION_MAX /* normalised version buffer */

/* ------------------------------------------------------ normalisation */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Appends the decimal digits s[0..n) without leading zeros. */
static int put_num(struct vl_buf *b, const char *s, size_t n) {
  while (n > 1 && *s == '0') {
    s++;
    n--;
  }
  return vl_buf_append(b, s, n);
}

/* semantic_version's Version.coerce(): up to three leading numbers, padded
 * to three and stripped of leading zeros; the rest becomes prerelease
 * ("-x") or build ("+x", or ".x" for a fourth component). */
static int semver_coerce(const char *s, size_t n, struct vl_buf *b,
                         struct vl_diag *d) {
  size_t i = 0, parts = 0;
  if (n == 0 || !is_digit(s[0]))
    return vl_diag_set(d, VL_EPARSE, "version '%.*s' does not start with a "
                       "number", (int)n, s);
  int rc = 0;
  while (parts < 3 && i < n && is_digit(s[i])) {
    size_t st = i;
    while (i < n && is_digit(s[i])) i++;
    if (parts && (rc = vl_buf_putc(b, '.'))) return rc;
    if ((rc = put_num(b, s + st, i - st))) return rc;
    parts++;
    if (parts < 3 && i + 1 < n && s[i] == '.' && is_digit(s[i + 1]))
      i++;
    else
      break;
  }
  for (; parts < 3; parts++)
    if ((rc = vl_buf_puts(b, ".0"))) return rc;
  if (i == n) return 0;
  /* The rest: anything outside [A-Za-z0-9+.-] becomes '-'. */
  char rest[NV_MAX + 1];
  size_t rl = n - i;
  if (rl > NV_MAX) return vl_diag_set(d, VL_ETOOBIG, "version too long");
  for (size_t k = 0; k < rl; k++) {
    char c = s[i + k];
    rest[k] = (isalnum((unsigned char)c) || c == '+' || c == '.' || c == '-')
                  ? c : '-';
  }
  rest[rl] = '\0';
  const char *pre = "", *build = "";
  size_t prel = 0, buildl = 0;
  char *plus;
  if (rest[0] == '+' || rest[0] == '.') {
    build = rest + 1;
    buildl = rl - 1;
  } else {
    const char *r0 = rest[0] == '-' ? rest + 1 : rest;
    plus = strchr(r0, '+');
    pre = r0;
    prel = plus ? (size_t)(plus - r0) : strlen(r0);
    if (plus) {
      build = plus + 1;
      buildl = strlen(build);
    }
  }
  if (prel && ((rc = vl_buf_putc(b, '-')) || (rc = vl_buf_append(b, pre, prel))))
    return rc;
  if (buildl) {
    if ((rc = vl_buf_putc(b, '+'))) return rc;
    for (size_t k = 0; k < buildl && !rc; k++)
      rc = vl_buf_putc(b, build[k] == '+' ? '.' : build[k]);
  }
  return rc;
}

static bool lc_prefix(const char *s, size_t n, const char *w) {
  size_t l = strlen(w);
  if (l > n) return false;
  for (size_t i = 0; i < l; i++)
    if (tolower((unsigned char)s[i]) != w[i]) return false;
  return true;
}

static bool is_sep(char c) { return c == '.' || c == '-' || c == '_'; }

/* Reads an optional separator, the number after it; returns digits span. */
static size_t read_digits(const char *s, size_t n, size_t *i) {
  size_t st = *i;
  while (*i < n && is_digit(s[*i])) (*i)++;
  return *i - st;
}

/* PEP 440 normal form (what packaging's str(Version(s)) prints). */
static int pep440_norm(const char *s, size_t n, struct vl_buf *b,
                       struct vl_diag *d) {
  size_t i = 0;
  int rc = 0;
  if (i < n && (s[i] == 'v' || s[i] == 'V')) i++;
  /* Epoch. */
  size_t st = i, dl = read_digits(s, n, &i);
  if (dl && i < n && s[i] == '!') {
    bool zero = true;
    for (size_t k = st; k < i; k++) zero &= s[k] == '0';
    if (!zero && ((rc = put_num(b, s + st, dl)) || (rc = vl_buf_putc(b, '!'))))
      return rc;
    i++;
    st = i;
    dl = read_digits(s, n, &i);
  }
  if (!dl) goto bad;
  if ((rc = put_num(b, s + st, dl))) return rc;
  while (i + 1 < n && s[i] == '.' && is_digit(s[i + 1])) {
    i++;
    st = i;
    dl = read_digits(s, n, &i);
    if ((rc = vl_buf_putc(b, '.')) || (rc = put_num(b, s + st, dl))) return rc;
  }
  /* Pre-release. */
  static const struct { const char *w; const char *norm; } pres[] = {
      {"alpha", "a"}, {"beta", "b"}, {"preview", "rc"}, {"pre", "rc"},
      {"rc", "rc"},   {"a", "a"},    {"b", "b"},        {"c", "rc"}};
  size_t j = i < n && is_sep(s[i]) ? i + 1 : i;
  for (size_t k = 0; k < VL_ARRAY_LEN(pres); k++) {
    if (!lc_prefix(s + j, n - j, pres[k].w)) continue;
    /* "post"/"rev" must not be read as "pre"/"r...". */
    size_t e = j + strlen(pres[k].w);
    if (e < n && isalpha((unsigned char)s[e])) continue;
    i = e;
    if (i < n && is_sep(s[i]) && i + 1 < n && is_digit(s[i + 1])) i++;
    st = i;
    dl = read_digits(s, n, &i);
    if ((rc = vl_buf_puts(b, pres[k].norm))) return rc;
    rc = dl ? put_num(b, s + st, dl) : vl_buf_putc(b, '0');
    if (rc) return rc;
    break;
  }
  /* Post-release. */
  j = i < n && is_sep(s[i]) ? i + 1 : i;
  static const char *const posts[] = {"post", "rev", "r"};
  bool post = false;
  for (size_t k = 0; k < VL_ARRAY_LEN(posts); k++) {
    if (!lc_prefix(s + j, n - j, posts[k])) continue;
    size_t e = j + strlen(posts[k]);
    if (e < n && isalpha((unsigned char)s[e])) continue;
    i = e;
    if (i < n && is_sep(s[i]) && i + 1 < n && is_digit(s[i + 1])) i++;
    st = i;
    dl = read_digits(s, n, &i);
    if ((rc = vl_buf_puts(b, ".post"))) return rc;
    rc = dl ? put_num(b, s + st, dl) : vl_buf_putc(b, '0');
    if (rc) return rc;
    post = true;
    break;
  }
  if (!post && i + 1 < n && s[i] == '-' && is_digit(s[i + 1])) {
    i++;
    st = i;
    dl = read_digits(s, n, &i);
    if ((rc = vl_buf_puts(b, ".post")) || (rc = put_num(b, s + st, dl)))
      return rc;
  }
  /* Development release. */
  j = i < n && is_sep(s[i]) ? i + 1 : i;
  if (lc_prefix(s + j, n - j, "dev")) {
    i = j + 3;
    if (i < n && is_sep(s[i]) && i + 1 < n && is_digit(s[i + 1])) i++;
    st = i;
    dl = read_digits(s, n, &i);
    if ((rc = vl_buf_puts(b, ".dev"))) return rc;
    rc = dl ? put_num(b, s + st, dl) : vl_buf_putc(b, '0');
    if (rc) return rc;
  }
  /* Local version label. */
  if (i < n && s[i] == '+') {
    i++;
    if (i == n) goto bad;
    if ((rc = vl_buf_putc(b, '+'))) return rc;
    for (; i < n; i++) {
      char c = s[i];
      if (is_sep(c)) c = '.';
      else if (!isalnum((unsigned char)c)) goto bad;
      if ((rc = vl_buf_putc(b, (char)tolower((unsigned char)c)))) return rc;
    }
  }
  if (i == n) return 0;
bad:
  return vl_diag_set(d, VL_EPARSE, "'%.*s' is not a PEP 440 version", (int)n,
                     s);
}

/* ------------------------------------------------------------ helpers */

enum norm { NORM_NONE, NORM_COERCE, NORM_PEP440, NORM_CONAN };

struct nat {
  struct vl_range *r;
  enum norm norm;
  const char *src;  /* the whole native string, for offsets */
  struct vl_diag *d;
};

/* Adds (cmp, v) after normalising v. */
static int nat_add(struct nat *x, enum vl_vers_cmp cmp, const char *v,
                   size_t n) {
  struct vl_buf b;
  vl_buf_init(&b, NV_MAX);
  int rc = 0;
  if (x->norm != NORM_NONE && n > 0 && (v[0] == 'v' || v[0] == 'V') &&
      n > 1 && is_digit(v[1])) {
    v++;
    n--;
  }
  if (x->norm == NORM_CONAN && n > 1 && v[n - 1] == '-') n--;
  switch (x->norm) {
    case NORM_COERCE: rc = semver_coerce(v, n, &b, x->d); break;
    case NORM_PEP440: rc = pep440_norm(v, n, &b, x->d); break;
    default: rc = vl_buf_append(&b, v, n); break;
  }
  if (!rc && b.len == 0) rc = vl_diag_set(x->d, VL_EPARSE, "empty version");
  if (!rc) rc = vl_range_add(x->r, cmp, b.data, b.len, x->d);
  vl_buf_free(&b);
  return rc;
}

/* Splits v (dot-separated) into at most 8 numeric components; returns the
 * count of leading numeric components read, and where they end. */
#define NPARTS 8
static size_t num_parts(const char *v, size_t n, unsigned long long *p,
                        size_t *end) {
  size_t i = 0, k = 0;
  while (k < NPARTS && i < n && is_digit(v[i])) {
    unsigned long long x = 0;
    while (i < n && is_digit(v[i])) {
      if (x < 100000000000ULL) x = x * 10 + (unsigned)(v[i] - '0');
      i++;
    }
    p[k++] = x;
    if (i + 1 < n && v[i] == '.' && is_digit(v[i + 1]))
      i++;
    else
      break;
  }
  *end = i;
  return k;
}

/* Writes p[0..k) joined by dots, padded with zeros to pad components. */
static int put_parts(struct vl_buf *b, const unsigned long long *p, size_t k,
                     size_t pad) {
  int rc = 0;
  for (size_t i = 0; i < k || i < pad; i++) {
    if (i && (rc = vl_buf_putc(b, '.'))) return rc;
    if ((rc = vl_buf_printf(b, "%llu", i < k ? p[i] : 0ULL))) return rc;
  }
  return rc;
}

/* Adds the bound built from p[0..k) padded to pad parts, plus suffix. */
static int nat_add_parts(struct nat *x, enum vl_vers_cmp cmp,
                         const unsigned long long *p, size_t k, size_t pad,
                         const char *suffix) {
  struct vl_buf b;
  vl_buf_init(&b, NV_MAX);
  int rc = put_parts(&b, p, k, pad);
  if (!rc && suffix) rc = vl_buf_puts(&b, suffix);
  if (!rc) rc = vl_range_add(x->r, cmp, b.data, b.len, x->d);
  vl_buf_free(&b);
  return rc;
}

static bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* One "operator version" token of a space/comma/pipe-separated list.  The
 * operator may be separated from its version by spaces ("< 2.1.7"). */
struct tok {
  char op[4];      /* NUL-terminated operator, "" if none */
  const char *v;   /* version (points into the source) */
  size_t vl;
  size_t off;      /* offset of the token in the source */
};

/* Reads the next token from s[*i..n); separators are spaces, ',' and '|'.
 * Returns 1 with a token, 0 at the end, <0 on error. */
static int next_tok(struct nat *x, const char *s, size_t n, size_t *i,
                    struct tok *t) {
  while (*i < n && (is_space(s[*i]) || s[*i] == ',' || s[*i] == '|')) (*i)++;
  if (*i >= n) return 0;
  t->off = (size_t)(s + *i - x->src);
  size_t ol = 0;
  while (*i < n && strchr("<>=!~^", s[*i])) {
    if (ol >= sizeof(t->op) - 1)
      return vl_diag_set(x->d, VL_EPARSE, "bad operator at offset %zu",
                         t->off);
    t->op[ol++] = s[(*i)++];
  }
  t->op[ol] = '\0';
  while (*i < n && is_space(s[*i])) (*i)++;
  size_t st = *i;
  while (*i < n && !is_space(s[*i]) && s[*i] != ',' && s[*i] != '|') (*i)++;
  t->v = s + st;
  t->vl = *i - st;
  if (t->vl == 0)
    return vl_diag_set(x->d, VL_EPARSE, "operator '%s' without a version at "
                       "offset %zu", t->op, t->off);
  if (strchr("<>=!~^", t->v[0]))
    return vl_diag_set(x->d, VL_EPARSE, "bad operator at offset %zu",
                       t->off);
  return 1;
}

/* Peeks for a hyphen range " - " after the token just read; on a match
 * reads the upper version into *hi and returns 1. */
static int hyphen_after(const char *s, size_t n, size_t *i, const char **hi,
                        size_t *hil) {
  size_t j = *i;
  if (j >= n || !is_space(s[j])) return 0;
  while (j < n && is_space(s[j])) j++;
  if (j + 1 >= n || s[j] != '-' || !is_space(s[j + 1])) return 0;
  j++;
  while (j < n && is_space(s[j])) j++;
  size_t st = j;
  while (j < n && !is_space(s[j]) && s[j] != ',' && s[j] != '|') j++;
  if (j == st) return 0;
  *hi = s + st;
  *hil = j - st;
  *i = j;
  return 1;
}

static enum vl_vers_cmp plain_cmp(const char *op, bool *ok) {
  *ok = true;
  if (!strcmp(op, "") || !strcmp(op, "=") || !strcmp(op, "=="))
    return VL_VERS_EQ;
  if (!strcmp(op, "!=")) return VL_VERS_NE;
  if (!strcmp(op, "<")) return VL_VERS_LT;
  if (!strcmp(op, "<=")) return VL_VERS_LE;
  if (!strcmp(op, ">")) return VL_VERS_GT;
  if (!strcmp(op, ">=") || !strcmp(op, "=>")) return VL_VERS_GE;
  *ok = false;
  return VL_VERS_EQ;
}

static int bad_op(struct nat *x, const struct tok *t) {
  return vl_diag_set(x->d, VL_EPARSE, "unsupported operator '%s' at offset "
                     "%zu", t->op, t->off);
}

/* ---------------------------------------------------- npm / composer */

static bool is_wild(const char *v, size_t n) {
  return n == 1 && (v[0] == 'x' || v[0] == 'X' || v[0] == '*');
}

/* Splits v into numeric parts, noting a wildcard component (x, X, *).
 * *wild is the index of the first wildcard, or SIZE_MAX. */
static size_t xparts(const char *v, size_t n, unsigned long long *p,
                     size_t *wild, size_t *end) {
  *wild = SIZE_MAX;
  size_t k = num_parts(v, n, p, end);
  size_t i = *end;
  if (k == 0 && is_wild(v, n > 0 ? 1 : 0) && (n == 1 || v[1] == '.')) {
    *wild = 0;
    *end = 1;
    return 0;
  }
  if (k > 0 && k < 3 && i + 1 < n && v[i] == '.' &&
      (v[i + 1] == 'x' || v[i + 1] == 'X' || v[i + 1] == '*')) {
    *wild = k;
    i += 2;
    while (i + 1 < n && v[i] == '.' &&
           (v[i + 1] == 'x' || v[i + 1] == 'X' || v[i + 1] == '*'))
      i += 2;
    *end = i;
  }
  return k;
}

/* npm/composer caret and tilde, and x-ranges. */
static int semver_special(struct nat *x, const struct tok *t, char kind,
                          bool composer) {
  const char *v = t->v;
  size_t n = t->vl;
  if (n > 1 && (v[0] == 'v' || v[0] == 'V') && is_digit(v[1])) {
    v++;
    n--;
  }
  unsigned long long p[NPARTS];
  size_t end, wild;
  size_t k = xparts(v, n, p, &wild, &end);
  if (wild != SIZE_MAX) k = wild;
  if (k == 0 && kind != 'x')
    return vl_diag_set(x->d, VL_EPARSE, "bad version at offset %zu", t->off);
  if (k > 3) k = 3;
  const char *pre = end < n ? v + end : "";
  size_t prel = end < n ? n - end : 0;
  unsigned long long hi[3] = {0, 0, 0};
  size_t hk;
  int rc;
  if (kind == 'x') {
    if (k == 0) return nat_add_parts(x, VL_VERS_GE, p, 0, 3, NULL);
    memcpy(hi, p, k * sizeof(*hi));
    hi[k - 1]++;
    hk = k;
  } else if (kind == '^') {
    size_t i = 0;
    while (i + 1 < k && p[i] == 0) i++;
    memcpy(hi, p, k * sizeof(*hi));
    hi[i]++;
    hk = i + 1;
  } else { /* '~' */
    size_t i = composer ? (k > 1 ? k - 2 : 0) : (k > 1 ? 1 : 0);
    memcpy(hi, p, k * sizeof(*hi));
    hi[i]++;
    hk = i + 1;
  }
  /* Lower bound: the version as written, padded. */
  struct vl_buf b;
  vl_buf_init(&b, NV_MAX);
  rc = put_parts(&b, p, k, 3);
  if (!rc && prel) rc = vl_buf_append(&b, pre, prel);
  if (!rc) {
    struct vl_buf c;
    vl_buf_init(&c, NV_MAX);
    rc = semver_coerce(b.data, b.len, &c, x->d);
    if (!rc) rc = vl_range_add(x->r, VL_VERS_GE, c.data, c.len, x->d);
    vl_buf_free(&c);
  }
  vl_buf_free(&b);
  if (rc) return rc;
  if (kind == '~' && !composer && prel && k >= 3) {
    /* node-semver via semantic_version: "~0.8.0-pre" is the prerelease
     * window >=0.8.0-pre <0.8.1 or >=0.8.0 <next, and next_minor of a
     * prerelease with patch 0 is M.m.0 itself. */
    unsigned long long q[3] = {p[0], p[1], p[2] + 1};
    if ((rc = nat_add_parts(x, VL_VERS_LT, q, 3, 3, NULL))) return rc;
    if ((rc = nat_add_parts(x, VL_VERS_GE, p, 3, 3, NULL))) return rc;
    if (p[2] == 0) {
      hi[0] = p[0];
      hi[1] = p[1];
      hi[2] = 0;
      hk = 3;
    }
  }
  return nat_add_parts(x, VL_VERS_LT, hi, hk, 3, NULL);
}

static bool has_wild(const char *v, size_t n) {
  for (size_t i = 0; i < n; i++)
    if ((v[i] == 'x' || v[i] == 'X' || v[i] == '*') &&
        (i == 0 || v[i - 1] == '.') && (i + 1 == n || v[i + 1] == '.'))
      return true;
  return false;
}

static int from_npm_like(struct nat *x, const char *s, size_t n,
                         bool composer) {
  size_t i = 0;
  int rc;
  struct tok t;
  /* A lone "*" (or "x") is every version. */
  size_t a = 0, e = n;
  while (a < e && is_space(s[a])) a++;
  while (e > a && is_space(s[e - 1])) e--;
  if (e - a == 1 && is_wild(s + a, 1)) {
    x->r->star = true;
    return 0;
  }
  while ((rc = next_tok(x, s, n, &i, &t)) == 1) {
    if (composer) {
      /* Stability flags ("@dev", "@stable") do not bound versions. */
      const char *at = memchr(t.v, '@', t.vl);
      if (at) t.vl = (size_t)(at - t.v);
      if (t.vl == 0) continue;
    }
    const char *hi;
    size_t hil;
    if (!t.op[0] && hyphen_after(s, n, &i, &hi, &hil)) {
      if ((rc = nat_add(x, VL_VERS_GE, t.v, t.vl)) ||
          (rc = nat_add(x, VL_VERS_LE, hi, hil)))
        return rc;
      continue;
    }
    if (!strcmp(t.op, "^") || !strcmp(t.op, "~") || !strcmp(t.op, "~>")) {
      rc = semver_special(x, &t, t.op[0] == '^' ? '^' : '~', composer);
    } else if (has_wild(t.v, t.vl)) {
      rc = semver_special(x, &t, 'x', composer);
    } else {
      bool ok;
      enum vl_vers_cmp c = plain_cmp(t.op, &ok);
      if (!ok || (!composer && c == VL_VERS_NE)) return bad_op(x, &t);
      rc = nat_add(x, c, t.v, t.vl);
    }
    if (rc) return rc;
  }
  return rc;
}

/* --------------------------------------------------------------- pypi */

static int from_pypi(struct nat *x, const char *s, size_t n) {
  size_t i = 0;
  int rc;
  struct tok t;
  while ((rc = next_tok(x, s, n, &i, &t)) == 1) {
    if (!strcmp(t.op, "===")) {
      /* Arbitrary equality: the string itself, unnormalised. */
      rc = vl_range_add(x->r, VL_VERS_EQ, t.v, t.vl, x->d);
    } else if (!strcmp(t.op, "~=")) {
      /* ~=X.Y.Z means >=X.Y.Z, ==X.Y.* */
      unsigned long long p[NPARTS];
      size_t end, k = num_parts(t.v, t.vl, p, &end);
      if (k < 2)
        return vl_diag_set(x->d, VL_EPARSE, "'~=' needs two release "
                           "components at offset %zu", t.off);
      if ((rc = nat_add(x, VL_VERS_GE, t.v, t.vl))) return rc;
      p[k - 2]++;
      rc = nat_add_parts(x, VL_VERS_LT, p, k - 1, 0, NULL);
    } else if (t.vl >= 2 && t.v[t.vl - 1] == '*' && t.v[t.vl - 2] == '.') {
      /* ==X.Y.* is >=X.Y.dev0 <X.(Y+1).dev0 (dev releases sort first);
       * != of it is the complement. */
      unsigned long long p[NPARTS];
      size_t end, k = num_parts(t.v, t.vl - 2, p, &end);
      if (k == 0 || end != t.vl - 2 ||
          (strcmp(t.op, "==") && strcmp(t.op, "!=")))
        return vl_diag_set(x->d, VL_EPARSE, "bad wildcard at offset %zu",
                           t.off);
      bool eq = !strcmp(t.op, "==");
      if ((rc = nat_add_parts(x, eq ? VL_VERS_GE : VL_VERS_LT, p, k, 0,
                              ".dev0")))
        return rc;
      p[k - 1]++;
      rc = nat_add_parts(x, eq ? VL_VERS_LT : VL_VERS_GE, p, k, 0, ".dev0");
    } else {
      bool ok;
      enum vl_vers_cmp c = plain_cmp(t.op, &ok);
      if (!ok || !strcmp(t.op, "=")) return bad_op(x, &t);
      rc = nat_add(x, c, t.v, t.vl);
    }
    if (rc) return rc;
  }
  return rc;
}

/* ---------------------------------------------------------------- gem */

static int from_gem(struct nat *x, const char *s, size_t n) {
  size_t i = 0;
  int rc;
  struct tok t;
  /* Quotes from Gemfile lists ("'~> 2.2.0', '!= 2.2.1'") separate like
   * spaces; the copy keeps offsets. */
  char *q = malloc(n + 1);
  if (!q) return vl_diag_set(x->d, VL_ENOMEM, "out of memory");
  for (size_t k = 0; k < n; k++) q[k] = (s[k] == '\'' || s[k] == '"') ? ' ' : s[k];
  q[n] = '\0';
  const char *src = x->src;
  x->src = q;
  s = q;
  while ((rc = next_tok(x, s, n, &i, &t)) == 1) {
    if (t.vl == 0) continue;
    if (!strcmp(t.op, "~>")) {
      /* Pessimistic: drop the last component and bump the one before;
       * components stop at the first non-numeric one. */
      unsigned long long p[NPARTS];
      size_t end, k = num_parts(t.v, t.vl, p, &end);
      if (k == 0) {
        rc = vl_diag_set(x->d, VL_EPARSE, "bad version at offset %zu",
                         t.off);
        break;
      }
      if ((rc = nat_add(x, VL_VERS_GE, t.v, t.vl))) break;
      size_t keep = k > 1 ? k - 1 : 1;
      p[keep - 1]++;
      rc = nat_add_parts(x, VL_VERS_LT, p, keep, 0, NULL);
    } else {
      bool ok;
      enum vl_vers_cmp c = plain_cmp(t.op, &ok);
      rc = (!ok || !strcmp(t.op, "==")) ? bad_op(x, &t)
                                        : nat_add(x, c, t.v, t.vl);
    }
    if (rc) break;
  }
  x->src = src;
  free(q);
  return rc;
}

/* --------------------------------------------------------- nuget/maven */

/* Interval notation: "[1.0,2.0)", "(,1.0]", "[1.0]", several intervals
 * separated by commas; a bare version is ">=" in NuGet and "=" in Maven. */
static int from_interval(struct nat *x, const char *s, size_t n,
                         bool nuget) {
  size_t i = 0;
  int rc = 0;
  bool any = false;
  for (;;) {
    while (i < n && (is_space(s[i]) || s[i] == ',')) i++;
    if (i >= n) break;
    any = true;
    size_t off = i;
    if (s[i] != '[' && s[i] != '(') {
      size_t st = i;
      while (i < n && s[i] != ',' && !is_space(s[i])) i++;
      if ((rc = nat_add(x, nuget ? VL_VERS_GE : VL_VERS_EQ, s + st, i - st)))
        return rc;
      continue;
    }
    bool lo_incl = s[i] == '[';
    i++;
    size_t close = i;
    while (close < n && s[close] != ']' && s[close] != ')') close++;
    if (close >= n)
      return vl_diag_set(x->d, VL_EPARSE, "unclosed interval at offset %zu",
                         off);
    bool hi_incl = s[close] == ']';
    const char *comma = memchr(s + i, ',', close - i);
    const char *a = s + i, *b;
    size_t al, bl;
    if (!comma) {
      /* "[1.0]": exactly that version. */
      while (a < s + close && is_space(*a)) a++;
      al = (size_t)(s + close - a);
      while (al && is_space(a[al - 1])) al--;
      if (!lo_incl || !hi_incl || !al)
        return vl_diag_set(x->d, VL_EPARSE, "bad interval at offset %zu",
                           off);
      if ((rc = nat_add(x, VL_VERS_EQ, a, al))) return rc;
    } else {
      al = (size_t)(comma - a);
      b = comma + 1;
      bl = (size_t)(s + close - b);
      while (al && is_space(*a)) { a++; al--; }
      while (al && is_space(a[al - 1])) al--;
      while (bl && is_space(*b)) { b++; bl--; }
      while (bl && is_space(b[bl - 1])) bl--;
      if (!al && !bl)
        return vl_diag_set(x->d, VL_EPARSE, "empty interval at offset %zu",
                           off);
      if (al && (rc = nat_add(x, lo_incl ? VL_VERS_GE : VL_VERS_GT, a, al)))
        return rc;
      if (bl && (rc = nat_add(x, hi_incl ? VL_VERS_LE : VL_VERS_LT, b, bl)))
        return rc;
    }
    i = close + 1;
  }
  if (!any) return vl_diag_set(x->d, VL_EPARSE, "empty range");
  return 0;
}

/* ---------------------------------------------------------------- conan */

/* Conan's upper bound: bump component idx, drop the rest, append "-" (the
 * lowest prerelease, so that prereleases of the bound are excluded). */
static int conan_bound(struct nat *x, const char *v, size_t n, bool caret,
                       size_t off) {
  unsigned long long p[NPARTS];
  size_t end, k = num_parts(v, n, p, &end);
  if (k == 0)
    return vl_diag_set(x->d, VL_EPARSE, "bad version at offset %zu", off);
  size_t idx;
  if (caret) {
    idx = 0;
    while (idx + 1 < k && p[idx] == 0) idx++;
  } else {
    idx = k > 1 ? 1 : 0;
  }
  p[idx]++;
  return nat_add_parts(x, VL_VERS_LT, p, idx + 1, 0, "-");
}

static int from_conan(struct nat *x, const char *s, size_t n) {
  /* Options follow a comma: "*, include_prerelease=True". */
  const char *comma = memchr(s, ',', n);
  if (comma) n = (size_t)(comma - s);
  size_t i = 0;
  int rc;
  struct tok t;
  while ((rc = next_tok(x, s, n, &i, &t)) == 1) {
    if (t.vl >= 1 && t.v[0] == '*' && (t.vl == 1 || t.v[1] == '-')) {
      rc = nat_add(x, VL_VERS_GE, "0.0.0", 5);
    } else if (!strcmp(t.op, "~") || !strcmp(t.op, "^")) {
      if ((rc = nat_add(x, VL_VERS_GE, t.v, t.vl))) return rc;
      rc = conan_bound(x, t.v, t.vl, t.op[0] == '^', t.off);
    } else {
      bool ok;
      enum vl_vers_cmp c = plain_cmp(t.op, &ok);
      if (!ok || !strcmp(t.op, "==")) return bad_op(x, &t);
      rc = nat_add(x, c, t.v, t.vl);
    }
    if (rc) return rc;
  }
  return rc;
}

/* ------------------------------------------------------- golang, plain */

static int from_plain(struct nat *x, const char *s, size_t n) {
  size_t i = 0;
  int rc;
  struct tok t;
  while ((rc = next_tok(x, s, n, &i, &t)) == 1) {
    bool ok;
    enum vl_vers_cmp c = plain_cmp(t.op, &ok);
    if (!ok) return bad_op(x, &t);
    if ((rc = nat_add(x, c, t.v, t.vl))) return rc;
  }
  return rc;
}

/* --------------------------------------------------------------- nginx */

/* "0.7.52-0.8.39" is an inclusive span; "1.5.0+" is that release and later
 * on its branch: the stable (even minor) branch ends at the next minor,
 * the mainline (odd minor) one does not end. */
static int from_nginx(struct nat *x, const char *s, size_t n) {
  size_t i = 0;
  int rc = 0;
  while (i < n) {
    while (i < n && (is_space(s[i]) || s[i] == ',')) i++;
    if (i >= n) break;
    size_t st = i;
    while (i < n && s[i] != ',') i++;
    size_t e = i;
    while (e > st && is_space(s[e - 1])) e--;
    const char *v = s + st;
    size_t vl = e - st;
    const char *dash = memchr(v, '-', vl);
    if (dash) {
      if ((rc = nat_add(x, VL_VERS_GE, v, (size_t)(dash - v))) ||
          (rc = nat_add(x, VL_VERS_LE, dash + 1, vl - (size_t)(dash - v) - 1)))
        return rc;
    } else if (vl > 1 && v[vl - 1] == '+') {
      vl--;
      if ((rc = nat_add(x, VL_VERS_GE, v, vl))) return rc;
      unsigned long long p[NPARTS];
      size_t end, k = num_parts(v, vl, p, &end);
      if (k < 2)
        return vl_diag_set(x->d, VL_EPARSE, "bad nginx version at offset "
                           "%zu", (size_t)(v - x->src));
      if (p[1] % 2 == 0) {
        p[1]++;
        if ((rc = nat_add_parts(x, VL_VERS_LT, p, 2, 3, NULL))) return rc;
      }
    } else if ((rc = nat_add(x, VL_VERS_EQ, v, vl))) {
      return rc;
    }
  }
  return rc;
}

/* -------------------------------------------------------------- public */

int vl_range_from_native(const char *scheme_name, const char *native,
                         struct vl_range **out, struct vl_diag *d) {
  *out = NULL;
  size_t n = strlen(native);
  if (n > VL_VERS_MAX_LEN)
    return vl_diag_set(d, VL_ETOOBIG, "range longer than %d bytes",
                       VL_VERS_MAX_LEN);
  struct nat x = {.norm = NORM_NONE, .src = native, .d = d};
  int rc = vl_range_new(scheme_name, &x.r, d);
  if (rc) return rc;
  const char *sn = scheme_name;
  if (!strcmp(sn, "npm")) {
    x.norm = NORM_COERCE;
    rc = from_npm_like(&x, native, n, false);
  } else if (!strcmp(sn, "composer")) {
    x.norm = NORM_COERCE;
    rc = from_npm_like(&x, native, n, true);
  } else if (!strcmp(sn, "golang")) {
    x.norm = NORM_COERCE;
    rc = from_plain(&x, native, n);
  } else if (!strcmp(sn, "pypi")) {
    x.norm = NORM_PEP440;
    rc = from_pypi(&x, native, n);
  } else if (!strcmp(sn, "gem")) {
    rc = from_gem(&x, native, n);
  } else if (!strcmp(sn, "nuget") || !strcmp(sn, "maven")) {
    rc = from_interval(&x, native, n, sn[0] == 'n');
  } else if (!strcmp(sn, "conan")) {
    x.norm = NORM_CONAN;
    rc = from_conan(&x, native, n);
  } else if (!strcmp(sn, "nginx")) {
    rc = from_nginx(&x, native, n);
  } else if (!strcmp(sn, "openssl")) {
    rc = from_plain(&x, native, n);
  } else {
    rc = vl_diag_set(d, VL_EUNSUPPORTED,
                     "no native range syntax known for scheme '%s'", sn);
  }
  if (rc) {
    vl_range_free(x.r);
    return rc;
  }
  *out = x.r;
  return 0;
}
