/* Version keys for NuGet, RubyGems, Composer, Go modules, Conan and Nix.
 *
 * Each scheme's syntax and order is documented above its key function.
 * Shared conventions: numbers go through vl_verkey_putnum (any length, leading
 * zeros dropped); strings are written as their bytes and a 0x00 terminator,
 * so NUL bytes in input are refused; "end of list" markers are chosen per
 * scheme so that the shorter list sorts where that scheme puts it. */
#include <string.h>

#include "vl_ver_internal.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
static int is_alnum_dash(char c) { return is_digit(c) || is_alpha(c) || c == '-'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static int is_ws(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
         c == '\v';
}

static int fail_at(struct vl_diag *d, const char *scheme, const char *s,
                   size_t len, size_t pos, const char *what) {
  if (pos < len)
    return vl_diag_set(d, VL_EPARSE, "%s: %s at offset %zu ('%c')", scheme,
                       what, pos,
                       (s[pos] >= 0x20 && s[pos] < 0x7f) ? s[pos] : '?');
  return vl_diag_set(d, VL_EPARSE, "%s: %s at offset %zu (end of input)",
                     scheme, what, pos);
}

static int too_big(struct vl_diag *d, const char *scheme, int rc) {
  return vl_diag_set(d, rc, "%s: key longer than %d bytes", scheme,
                     VL_VERKEY_MAX);
}

static int has_nul(const char *s, size_t len, size_t *at) {
  const char *z = memchr(s, '\0', len);
  if (!z) return 0;
  *at = (size_t)(z - s);
  return 1;
}

/* Digits s[0..n) (leading zeros allowed) as a value not above max_digits
 * ("2147483647"); negative allows one more ("2147483648"). */
static int fits(const char *p, size_t n, const char *max) {
  while (n > 1 && *p == '0') {
    p++;
    n--;
  }
  size_t m = strlen(max);
  if (n != m) return n < m;
  return memcmp(p, max, n) <= 0;
}

/* A signed number: 0x01 num for >= 0, 0x00 and the complemented num for < 0
 * (complementing reverses memcmp order; the length byte keeps it
 * self-delimiting). */
static int put_signed(struct vl_verkey *k, int neg, const char *p, size_t n) {
  size_t j = 0;
  while (j < n && p[j] == '0') j++;
  if (j == n) neg = 0; /* -0 is 0 */
  if (!neg) {
    int rc = vl_verkey_putc(k, 0x01);
    return rc ? rc : vl_verkey_putnum(k, p, n);
  }
  struct vl_verkey t;
  t.len = 0;
  int rc = vl_verkey_putnum(&t, p, n);
  if (rc) return rc;
  for (size_t i = 0; i < t.len; i++) t.b[i] = (unsigned char)~t.b[i];
  rc = vl_verkey_putc(k, 0x00);
  return rc ? rc : vl_verkey_put(k, t.b, t.len);
}

/* ------------------------------------------------------------------ NuGet */

/* NuGet (NuGet.Versioning.NuGetVersion): 1 to 4 numeric parts (leading zeros
 * allowed, each at most 2^31-1, missing parts are 0), an optional "-"
 * release label list of [0-9A-Za-z-]+ separated by ".", optional "+"
 * metadata (ignored).  Labels compare like VersionComparer: a label that
 * int.TryParse accepts (optional "-", digits, within Int32) is numeric and
 * sorts before text; text compares case-insensitively; fewer labels first;
 * a release sorts after its pre-releases.
 * Key: 4 x num, then 0x02 (release) or 0x01 and per label 0x01 signed-num or
 * 0x02 lowercased-bytes 0x00. */
int vl_ver_nuget_key(const char *s, size_t len, struct vl_verkey *k,
                     struct vl_diag *d) {
  static const char *const sch = "nuget";
  size_t i = 0;
  int rc, parts = 0;
  for (;;) {
    size_t b = i;
    while (i < len && is_digit(s[i])) i++;
    if (i == b) return fail_at(d, sch, s, len, i, "expected a number");
    if (!fits(s + b, i - b, "2147483647"))
      return vl_diag_set(d, VL_EPARSE, "nuget: number at offset %zu exceeds "
                         "2^31-1", b);
    if ((rc = vl_verkey_putnum(k, s + b, i - b))) return too_big(d, sch, rc);
    parts++;
    if (i < len && s[i] == '.' && parts < 4) {
      i++;
      continue;
    }
    break;
  }
  for (; parts < 4; parts++)
    if ((rc = vl_verkey_putnum(k, "0", 1))) return too_big(d, sch, rc);
  if (i < len && s[i] == '-') {
    i++;
    if ((rc = vl_verkey_putc(k, 0x01))) return too_big(d, sch, rc);
    for (;;) {
      size_t b = i;
      while (i < len && is_alnum_dash(s[i])) i++;
      size_t n = i - b;
      if (n == 0) return fail_at(d, sch, s, len, i, "empty release label");
      int neg = s[b] == '-';
      size_t db = b + (size_t)neg, j = db;
      while (j < i && is_digit(s[j])) j++;
      if (j == i && j > db && fits(s + db, i - db, neg ? "2147483648"
                                                        : "2147483647")) {
        rc = vl_verkey_putc(k, 0x01);
        if (!rc) rc = put_signed(k, neg, s + db, i - db);
      } else {
        rc = vl_verkey_putc(k, 0x02);
        for (size_t c = b; !rc && c < i; c++)
          rc = vl_verkey_putc(k, (unsigned char)lower(s[c]));
        if (!rc) rc = vl_verkey_putc(k, 0x00);
      }
      if (rc) return too_big(d, sch, rc);
      if (i < len && s[i] == '.') {
        i++;
        continue;
      }
      break;
    }
  } else if ((rc = vl_verkey_putc(k, 0x02))) {
    return too_big(d, sch, rc);
  }
  if (i < len && s[i] == '+') {
    i++;
    for (;;) {
      size_t b = i;
      while (i < len && is_alnum_dash(s[i])) i++;
      if (i == b) return fail_at(d, sch, s, len, i, "empty metadata part");
      if (i < len && s[i] == '.') {
        i++;
        continue;
      }
      break;
    }
  }
  if (i != len) return fail_at(d, sch, s, len, i, "unexpected character");
  return 0;
}

/* -------------------------------------------------------------- Go modules */

/* Go modules (golang.org/x/mod/semver): "v" then MAJOR[.MINOR[.PATCH]] (the
 * short forms mean .0), numbers without leading zeros and of any length;
 * only the full form may carry "-" pre-release identifiers (SemVer rules)
 * and "+" build metadata, which is ignored ("+incompatible" included).
 * Pseudo-versions are ordinary pre-releases.  Key as for semver: 3 x num,
 * 0x02 for a release or 0x01 and per identifier 0x01 num / 0x02 bytes 0x00. */
int vl_ver_golang_key(const char *s, size_t len, struct vl_verkey *k,
                      struct vl_diag *d) {
  static const char *const sch = "golang";
  size_t i = 0;
  int rc, parts = 0;
  if (len == 0 || s[0] != 'v')
    return fail_at(d, sch, s, len, 0, "expected 'v'");
  i = 1;
  for (;;) {
    size_t b = i;
    while (i < len && is_digit(s[i])) i++;
    if (i == b) return fail_at(d, sch, s, len, i, "expected a number");
    if (i - b > 1 && s[b] == '0')
      return fail_at(d, sch, s, len, b, "leading zero in a number");
    if ((rc = vl_verkey_putnum(k, s + b, i - b))) return too_big(d, sch, rc);
    parts++;
    if (i < len && s[i] == '.' && parts < 3) {
      i++;
      continue;
    }
    break;
  }
  for (int p = parts; p < 3; p++)
    if ((rc = vl_verkey_putnum(k, "0", 1))) return too_big(d, sch, rc);
  if (parts == 3 && i < len && s[i] == '-') {
    i++;
    if ((rc = vl_verkey_putc(k, 0x01))) return too_big(d, sch, rc);
    for (;;) {
      size_t b = i;
      int numeric = 1;
      while (i < len && is_alnum_dash(s[i])) {
        if (!is_digit(s[i])) numeric = 0;
        i++;
      }
      if (i == b) return fail_at(d, sch, s, len, i, "empty identifier");
      if (numeric) {
        if (i - b > 1 && s[b] == '0')
          return fail_at(d, sch, s, len, b, "leading zero in an identifier");
        rc = vl_verkey_putc(k, 0x01);
        if (!rc) rc = vl_verkey_putnum(k, s + b, i - b);
      } else {
        rc = vl_verkey_putc(k, 0x02);
        if (!rc) rc = vl_verkey_put(k, s + b, i - b);
        if (!rc) rc = vl_verkey_putc(k, 0x00);
      }
      if (rc) return too_big(d, sch, rc);
      if (i < len && s[i] == '.') {
        i++;
        continue;
      }
      break;
    }
  } else if ((rc = vl_verkey_putc(k, 0x02))) {
    return too_big(d, sch, rc);
  }
  if (parts == 3 && i < len && s[i] == '+') {
    i++;
    for (;;) {
      size_t b = i;
      while (i < len && is_alnum_dash(s[i])) i++;
      if (i == b) return fail_at(d, sch, s, len, i, "empty build identifier");
      if (i < len && s[i] == '.') {
        i++;
        continue;
      }
      break;
    }
  }
  if (i != len) return fail_at(d, sch, s, len, i, "unexpected character");
  return 0;
}

/* ---------------------------------------------------------------- RubyGems */

struct gem_seg {
  size_t b, n; /* span in the input */
  int num;     /* 1 digits, 0 letters, -1 the "pre" that "-" stands for */
};

static int gem_zero(const char *s, const struct gem_seg *x) {
  if (x->num != 1) return 0;
  for (size_t z = 0; z < x->n; z++)
    if (s[x->b + z] != '0') return 0;
  return 1;
}

/* RubyGems (Gem::Version): after trimming whitespace the version must match
 * [0-9]+(\.[0-9a-zA-Z]+)*(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?, or be empty
 * (= "0").  Each "-" means ".pre.".  Segments are the runs of digits
 * (numbers) and of letters (strings, case-sensitive); the canonical
 * segments drop the trailing zeros of the numeric head and of the rest.
 * Comparison pads the shorter list with 0; strings sort before numbers.
 * Key: the zeros are folded into the next non-zero segment: a string
 * preceded by z zeros is 0x01 z bytes 0x00, a number is 0x03 (255-z) num,
 * and the end is 0x02 (fewer zeros before a string sort first, fewer zeros
 * before a number sort last, as padding with 0 implies). */
int vl_ver_gem_key(const char *s, size_t len, struct vl_verkey *k,
                   struct vl_diag *d) {
  static const char *const sch = "gem";
  size_t b = 0, e = len, i;
  int rc;
  if (len > VL_VERSION_MAX) /* bounds sg[] and keep[] below */
    return vl_diag_set(d, VL_ETOOBIG, "gem: version longer than %d bytes",
                       VL_VERSION_MAX);
  while (b < e && is_ws(s[b])) b++;
  while (e > b && is_ws(s[e - 1])) e--;
  /* Validate. */
  i = b;
  if (i < e) {
    size_t st = i;
    while (i < e && is_digit(s[i])) i++;
    if (i == st) return fail_at(d, sch, s, e, i, "expected a number");
    while (i < e && s[i] == '.') {
      st = ++i;
      while (i < e && (is_digit(s[i]) || is_alpha(s[i]))) i++;
      if (i == st) return fail_at(d, sch, s, e, i, "empty segment");
    }
    if (i < e && s[i] == '-') {
      for (;;) {
        st = ++i;
        while (i < e && is_alnum_dash(s[i])) i++;
        if (i == st) return fail_at(d, sch, s, e, i, "empty segment");
        if (i < e && s[i] == '.') continue;
        break;
      }
    }
    if (i != e) return fail_at(d, sch, s, e, i, "unexpected character");
  }
  /* Segments: (offset, length, is_number); "-" contributes a "pre". */
  struct gem_seg sg[VL_VERSION_MAX + 1];
  size_t n = 0;
  for (i = b; i < e;) {
    if (s[i] == '-') {
      sg[n].b = 0;
      sg[n].n = 0; /* "pre" */
      sg[n].num = -1;
      n++;
      i++;
    } else if (is_digit(s[i]) || is_alpha(s[i])) {
      size_t st = i;
      int num = is_digit(s[i]);
      while (i < e && (num ? is_digit(s[i]) : is_alpha(s[i]))) i++;
      sg[n].b = st;
      sg[n].n = i - st;
      sg[n].num = num;
      n++;
    } else {
      i++;
    }
  }
  /* Canonical: the numeric head and the rest each lose trailing zeros. */
  int keep[VL_VERSION_MAX + 1];
  size_t head = 0;
  while (head < n && sg[head].num == 1) head++;
  for (size_t j = 0; j < n; j++) keep[j] = 1;
  for (size_t j = head; j > 0 && gem_zero(s, &sg[j - 1]); j--) keep[j - 1] = 0;
  for (size_t j = n; j > head && gem_zero(s, &sg[j - 1]); j--) keep[j - 1] = 0;
  unsigned zeros = 0;
  for (size_t j = 0; j < n; j++) {
    if (!keep[j]) continue;
    const struct gem_seg *x = &sg[j];
    if (x->num == 1) {
      size_t z = 0;
      while (z < x->n && s[x->b + z] == '0') z++;
      if (z == x->n) {
        zeros++;
        continue;
      }
      rc = vl_verkey_putc(k, 0x03);
      if (!rc) rc = vl_verkey_putc(k, (unsigned char)(255 - zeros));
      if (!rc) rc = vl_verkey_putnum(k, s + x->b, x->n);
    } else {
      rc = vl_verkey_putc(k, 0x01);
      if (!rc) rc = vl_verkey_putc(k, (unsigned char)zeros);
      if (!rc)
        rc = x->num < 0 ? vl_verkey_put(k, "pre", 3)
                        : vl_verkey_put(k, s + x->b, x->n);
      if (!rc) rc = vl_verkey_putc(k, 0x00);
    }
    if (rc) return too_big(d, sch, rc);
    zeros = 0;
  }
  if ((rc = vl_verkey_putc(k, 0x02))) return too_big(d, sch, rc);
  return 0;
}

/* ---------------------------------------------------------------- Composer */

/* Composer (composer/semver VersionParser::normalize, then PHP's
 * version_compare).  Accepted: "master", "trunk", "default" (optionally
 * "dev-" prefixed) = 9999999-dev; v?N(.N){0,3} or a date-like
 * v?NNNN([.:-]?NN){1,6}([.:-]?N{1,3}){0,2}, then an optional stability
 * [._-]?(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?N)*) and optional
 * [.-]?dev; build metadata "+..." is dropped; N.x-dev style branches
 * (x, X or * parts, then [.-]dev) become N.9999999...-dev.  Named
 * branches ("dev-foo") have no order and are refused.
 * The normalised parts compare as version_compare does: numbers
 * numerically; dev < alpha < beta < RC < (missing part) < number < patch.
 * Key: per part 0x02 dev, 0x03 alpha, 0x04 beta, 0x05 RC, 0x07 num,
 * 0x08 patch; 0x06 at the end. */
static int is_csep(char c) { return c == '.' || c == '-' || c == '_'; }

static size_t ci_word(const char *s, size_t e, size_t i, const char *w) {
  size_t n = strlen(w);
  if (e - i < n) return 0;
  for (size_t j = 0; j < n; j++)
    if (lower(s[i + j]) != w[j]) return 0;
  return n;
}

/* The stability and dev suffix of a Composer version. */
struct composer_tail {
  int stab;      /* 0 none, 1 stable, 3 alpha, 4 beta, 5 RC, 8 patch */
  size_t nb, ne; /* the numbers after the stability word */
  int dev;       /* a dev suffix is present */
  size_t fail;   /* where parsing stopped, on failure */
};

/* [._-]?(stable|beta|b|RC|alpha|a|patch|pl|p)((?:[.-]?N)*) then [.-]?dev, all
 * optional, from s[i]; returns 1 when that reaches e. */
static int composer_tail_parse(const char *s, size_t i, size_t e,
                               struct composer_tail *t) {
  static const struct {
    const char *w;
    int code;
  } words[] = {{"stable", 1}, {"beta", 4}, {"b", 4},  {"rc", 5}, {"alpha", 3},
               {"a", 3},      {"patch", 8}, {"pl", 8}, {"p", 8}};
  memset(t, 0, sizeof(*t));
  size_t j = i;
  if (j < e && is_csep(s[j])) j++;
  size_t after_sep = j;
  for (size_t w = 0; w < VL_ARRAY_LEN(words); w++) {
    size_t n = ci_word(s, e, j, words[w].w);
    if (!n) continue;
    t->stab = words[w].code;
    j += n;
    t->nb = j;
    for (;;) {
      size_t q = j;
      if (q < e && (s[q] == '.' || s[q] == '-')) q++;
      if (q < e && is_digit(s[q])) {
        while (q < e && is_digit(s[q])) q++;
        j = q;
        continue;
      }
      break;
    }
    t->ne = j;
    i = j;
    break;
  }
  /* dev, after the stability or (without one) after the optional [._-]. */
  size_t starts[2] = {i, after_sep};
  for (int c = 0; c < (t->stab ? 1 : 2); c++) {
    size_t q = starts[c];
    if (q < e && (s[q] == '.' || s[q] == '-')) q++;
    if (ci_word(s, e, q, "dev") == 3 && q + 3 == e) {
      t->dev = 1;
      return 1;
    }
  }
  t->fail = i;
  return i == e;
}

static int put_nums_of(struct vl_verkey *k, const char *s, size_t b, size_t e) {
  /* Every digit run in s[b..e) is one numeric part. */
  int rc = 0;
  for (size_t i = b; !rc && i < e;) {
    if (!is_digit(s[i])) {
      i++;
      continue;
    }
    size_t st = i;
    while (i < e && is_digit(s[i])) i++;
    rc = vl_verkey_putc(k, 0x07);
    if (!rc) rc = vl_verkey_putnum(k, s + st, i - st);
  }
  return rc;
}

int vl_ver_composer_key(const char *s, size_t len, struct vl_verkey *k,
                        struct vl_diag *d) {
  static const char *const sch = "composer";
  size_t b = 0, e = len, i;
  int rc = 0;
  size_t at;
  if (has_nul(s, len, &at)) return fail_at(d, sch, s, len, at, "NUL byte");
  while (b < e && is_ws(s[b])) b++;
  while (e > b && is_ws(s[e - 1])) e--;
  /* Drop build metadata. */
  for (i = b; i < e; i++)
    if (s[i] == '+') {
      if (i == b || i + 1 == e)
        return fail_at(d, sch, s, e, i, "misplaced '+'");
      e = i;
      break;
    }
  i = b;
  size_t dv = ci_word(s, e, i, "dev-");
  size_t w = i + dv;
  if ((ci_word(s, e, w, "master") == 6 && w + 6 == e) ||
      (ci_word(s, e, w, "trunk") == 5 && w + 5 == e) ||
      (ci_word(s, e, w, "default") == 7 && w + 7 == e)) {
    rc = vl_verkey_putc(k, 0x07);
    if (!rc) rc = vl_verkey_putnum(k, "9999999", 7);
    if (!rc) rc = vl_verkey_putc(k, 0x02);
    if (!rc) rc = vl_verkey_putc(k, 0x06);
    return rc ? too_big(d, sch, rc) : 0;
  }
  if (dv)
    return vl_diag_set(d, VL_EPARSE,
                       "composer: branch '%.*s' has no version order",
                       (int)(e - b), s + b);
  if (i < e && (s[i] == 'v' || s[i] == 'V')) i++;
  size_t nb = i;
  /* Branch alias: N(.N|.x)*[.-]dev with at least one x. */
  {
    size_t j = i, parts = 0;
    int wild = 0, ok = 1;
    while (ok) {
      size_t st = j;
      while (j < e && is_digit(s[j])) j++;
      if (j == st) {
        if (parts > 0 && j < e && (s[j] == 'x' || s[j] == 'X' || s[j] == '*')) {
          j++;
          wild = 1;
        } else {
          ok = 0;
          break;
        }
      }
      parts++;
      if (parts < 4 && j + 1 < e && s[j] == '.' &&
          (is_digit(s[j + 1]) || s[j + 1] == 'x' || s[j + 1] == 'X' ||
           s[j + 1] == '*')) {
        j++;
        continue;
      }
      break;
    }
    if (ok && wild) {
      if (j < e && (s[j] == '.' || s[j] == '-')) j++;
      if (ci_word(s, e, j, "dev") == 3 && j + 3 == e) {
        size_t p = i, np = 0;
        while (p < e && np < 4) {
          if (is_digit(s[p])) {
            size_t st = p;
            while (p < e && is_digit(s[p])) p++;
            rc = vl_verkey_putc(k, 0x07);
            if (!rc) rc = vl_verkey_putnum(k, s + st, p - st);
          } else {
            p++;
            rc = vl_verkey_putc(k, 0x07);
            if (!rc) rc = vl_verkey_putnum(k, "9999999", 7);
          }
          if (rc) return too_big(d, sch, rc);
          np++;
          if (p < e && s[p] == '.' && p + 1 < e && s[p + 1] != 'd' &&
              s[p + 1] != 'D')
            p++;
          else
            break;
        }
        for (; np < 4; np++) {
          rc = vl_verkey_putc(k, 0x07);
          if (!rc) rc = vl_verkey_putnum(k, "9999999", 7);
          if (rc) return too_big(d, sch, rc);
        }
        rc = vl_verkey_putc(k, 0x02);
        if (!rc) rc = vl_verkey_putc(k, 0x06);
        return rc ? too_big(d, sch, rc) : 0;
      }
    }
  }
  /* Numeric head: classic N(.N){0,3} with at most 5 digits first, else
   * date-like; then the stability and dev suffixes must reach the end. */
  struct composer_tail t;
  memset(&t, 0, sizeof(t));
  size_t st = i;
  while (i < e && is_digit(s[i])) i++;
  if (i == st) return fail_at(d, sch, s, e, i, "expected a number");
  size_t parts = 1, head_end = i;
  int classic = 0, ok = 0;
  if (i - st <= 5) {
    size_t j = i;
    while (parts < 4 && j + 1 < e && s[j] == '.' && is_digit(s[j + 1])) {
      j++;
      while (j < e && is_digit(s[j])) j++;
      parts++;
    }
    ok = composer_tail_parse(s, j, e, &t);
    if (ok) {
      classic = 1;
      head_end = j;
    }
  }
  if (!ok && i - st >= 4) {
    /* NNNN then ([.:-]?NN){1,6} then ([.:-]?N{1,3}){0,2}, greedily. */
    size_t j = st + 4;
    int pairs = 0, tails = 0;
    for (;;) {
      size_t q = j;
      if (q < e && (s[q] == '.' || s[q] == ':' || s[q] == '-')) q++;
      if (pairs < 6 && q + 2 <= e && is_digit(s[q]) && is_digit(s[q + 1])) {
        j = q + 2;
        pairs++;
        continue;
      }
      break;
    }
    for (; pairs > 0;) {
      size_t q = j;
      if (q < e && (s[q] == '.' || s[q] == ':' || s[q] == '-')) q++;
      size_t nd = 0;
      while (q + nd < e && nd < 3 && is_digit(s[q + nd])) nd++;
      if (tails < 2 && nd > 0) {
        j = q + nd;
        tails++;
        continue;
      }
      break;
    }
    if (pairs > 0 && composer_tail_parse(s, j, e, &t)) {
      ok = 1;
      head_end = j;
    }
  }
  if (!ok)
    return fail_at(d, sch, s, e, t.fail > i ? t.fail : i,
                   "unexpected character");
  int stab = t.stab;
  size_t stab_num_b = t.nb, stab_num_e = t.ne;
  int dev = t.dev;
  /* Emit. */
  rc = put_nums_of(k, s, nb, head_end);
  if (!rc && classic)
    for (size_t p = parts; !rc && p < 4; p++) {
      rc = vl_verkey_putc(k, 0x07);
      if (!rc) rc = vl_verkey_putnum(k, "0", 1);
    }
  if (!rc && stab > 1) {
    rc = vl_verkey_putc(k, (unsigned char)stab);
    if (!rc) rc = put_nums_of(k, s, stab_num_b, stab_num_e);
  }
  if (!rc && dev && stab != 1) rc = vl_verkey_putc(k, 0x02);
  if (!rc) rc = vl_verkey_putc(k, 0x06);
  return rc ? too_big(d, sch, rc) : 0;
}

/* ------------------------------------------------------------------- Conan */

/* Conan 2 (conans.model.version.Version): "+" splits off the build (last
 * "+"), then "-" the pre-release (first "-"); main, pre and build are each
 * "."-separated items with trailing zero items ignored.  An item that Python
 * int() reads (ASCII digits with an optional "-") is a number, anything else
 * a string.  Numbers compare numerically, strings bytewise, and a number
 * with a string as their decimal texts; that mixed rule is not transitive
 * (2 < 10 < "1a" < 2), so the key files a string that starts with digits
 * right after the number those digits spell (and before the next number),
 * strings starting below '0' before all numbers and the others after all
 * numbers: exact except in such cycles.  Items: 0x01 bytes 0x00 (low
 * string), 0x02 signed-num 0x00 (number), 0x02 signed-num 0x01 bytes 0x00
 * (digit-led string), 0x03 bytes 0x00 (high string); a list ends with 0x00.
 * Version: main list, then 0x01 pre list or 0x02 (no pre-release sorts
 * last), then 0x01 (no build sorts first) or 0x02 build list. */
static int conan_list(const char *s, size_t b, size_t e, struct vl_verkey *k) {
  /* Trailing items that are the number 0 do not count; an empty text is
   * one empty item. */
  size_t end = e;
  int none = 0;
  for (;;) {
    size_t st = end;
    while (st > b && s[st - 1] != '.') st--;
    size_t p = st < end && s[st] == '-' ? st + 1 : st;
    size_t q = p;
    while (q < end && s[q] == '0') q++;
    if (!(p < end && q == end)) break; /* not a zero number */
    if (st == b) {
      none = 1;
      break;
    }
    end = st - 1; /* drop ".0" */
  }
  int rc = 0;
  size_t i = b;
  while (!none && !rc) {
    size_t st = i;
    while (i < end && s[i] != '.') i++;
    size_t n = i - st;
    int neg = n > 0 && s[st] == '-';
    size_t db = st + (size_t)neg, j = db;
    while (j < i && is_digit(s[j])) j++;
    if (j == i && j > db) {
      rc = vl_verkey_putc(k, 0x02);
      if (!rc) rc = put_signed(k, neg, s + db, i - db);
      if (!rc) rc = vl_verkey_putc(k, 0x00);
    } else if (n > 0 && is_digit(s[st])) {
      size_t dd = st;
      while (dd < i && is_digit(s[dd])) dd++;
      rc = vl_verkey_putc(k, 0x02);
      if (!rc) rc = put_signed(k, 0, s + st, dd - st);
      if (!rc) rc = vl_verkey_putc(k, 0x01);
      if (!rc) rc = vl_verkey_put(k, s + st, n);
      if (!rc) rc = vl_verkey_putc(k, 0x00);
    } else {
      rc = vl_verkey_putc(k, (n == 0 || (unsigned char)s[st] < '0') ? 0x01
                                                                     : 0x03);
      if (!rc) rc = vl_verkey_put(k, s + st, n);
      if (!rc) rc = vl_verkey_putc(k, 0x00);
    }
    if (i >= end) break;
    i++;
  }
  if (!rc) rc = vl_verkey_putc(k, 0x00);
  return rc;
}

int vl_ver_conan_key(const char *s, size_t len, struct vl_verkey *k,
                     struct vl_diag *d) {
  static const char *const sch = "conan";
  size_t at;
  if (has_nul(s, len, &at)) return fail_at(d, sch, s, len, at, "NUL byte");
  size_t e = len, plus = len, dash = len;
  for (size_t i = len; i > 0; i--)
    if (s[i - 1] == '+') {
      plus = i - 1;
      break;
    }
  e = plus;
  for (size_t i = 0; i < e; i++)
    if (s[i] == '-') {
      dash = i;
      break;
    }
  size_t main_e = dash < e ? dash : e;
  int rc = conan_list(s, 0, main_e, k);
  if (!rc) {
    if (dash < e) {
      rc = vl_verkey_putc(k, 0x01);
      if (!rc) rc = conan_list(s, dash + 1, e, k);
    } else {
      rc = vl_verkey_putc(k, 0x02);
    }
  }
  if (!rc) {
    if (plus < len) {
      rc = vl_verkey_putc(k, 0x02);
      if (!rc) rc = conan_list(s, plus + 1, len, k);
    } else {
      rc = vl_verkey_putc(k, 0x01);
    }
  }
  return rc ? too_big(d, sch, rc) : 0;
}

/* --------------------------------------------------------------------- Nix */

/* Nix (builtins.compareVersions): components are maximal runs of digits or
 * of other characters, "." and "-" only separate.  Two numbers (digit runs
 * that fit a C int) compare numerically; "pre" sorts before everything; a
 * missing component sorts after "pre" and before everything else; other
 * strings (including digit runs too long for an int) sort lexically and
 * before numbers.  Key: per component 0x01 ("pre"), 0x03 bytes 0x00
 * (string) or 0x04 num (number); 0x02 at the end. */
int vl_ver_nix_key(const char *s, size_t len, struct vl_verkey *k,
                   struct vl_diag *d) {
  static const char *const sch = "nix";
  size_t at;
  if (has_nul(s, len, &at)) return fail_at(d, sch, s, len, at, "NUL byte");
  int rc = 0;
  size_t i = 0;
  while (!rc) {
    while (i < len && (s[i] == '.' || s[i] == '-')) i++;
    if (i == len) break;
    size_t st = i;
    if (is_digit(s[i])) {
      while (i < len && is_digit(s[i])) i++;
      if (fits(s + st, i - st, "2147483647")) {
        rc = vl_verkey_putc(k, 0x04);
        if (!rc) rc = vl_verkey_putnum(k, s + st, i - st);
        continue;
      }
    } else {
      while (i < len && !is_digit(s[i]) && s[i] != '.' && s[i] != '-') i++;
      if (i - st == 3 && memcmp(s + st, "pre", 3) == 0) {
        rc = vl_verkey_putc(k, 0x01);
        continue;
      }
    }
    rc = vl_verkey_putc(k, 0x03);
    if (!rc) rc = vl_verkey_put(k, s + st, i - st);
    if (!rc) rc = vl_verkey_putc(k, 0x00);
  }
  if (!rc) rc = vl_verkey_putc(k, 0x02);
  return rc ? too_big(d, sch, rc) : 0;
}
