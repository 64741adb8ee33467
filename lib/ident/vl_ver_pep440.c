/* PEP 440 version keys, ordered exactly as packaging.version.Version.
 *
 * Syntax is packaging's VERSION_PATTERN (case-insensitive, surrounding
 * whitespace allowed): [v][N!]N(.N)*[{a|b|rc|alpha|beta|c|pre|preview}[N]]
 * [-N | {post|rev|r}[N]][dev[N]][+local], where the pre, post and dev parts
 * may be preceded and followed by one optional separator of "-", "_" or ".".
 * A missing pre/post/dev number is 0; "c", "pre" and "preview" mean "rc",
 * "alpha" and "beta" mean "a" and "b", "rev" and "r" mean "post".
 * Input is UTF-8.  Like packaging's regex (re.IGNORECASE on str), letters
 * also match the non-ASCII characters that case-fold to ASCII ones (U+017F
 * = s, U+0131 and U+0130 = i, U+212A = k) and Python's Unicode spaces are
 * trimmed; such spellings keep their lowercased text, as in packaging.
 *
 * Key, following packaging's _cmpkey:
 *   num(epoch)
 *   release without trailing zeros: 0x02 num per component, then 0x01
 *   pre:  0x01 if only a dev part follows (1.0.dev0 < 1.0a0),
 *         0x02 letters 0x00 num (letters "a" < "b" < "rc" compared as text,
 *         as packaging does), 0x03 if none
 *   post: 0x01 if none, 0x02 letters 0x00 num ("post")
 *   dev:  0x01 num, 0x02 if none
 *   local (absent = nothing, which sorts first): 0x01 then per segment
 *         0x02 lowercased-bytes 0x00 for a string, 0x03 num for a number,
 *         so that numbers sort after strings and fewer segments first. */
#include <string.h>

#include "vl_ver_internal.h"

/* Python's \s for str patterns: ASCII blanks, \x1c-\x1f, and the
 * Unicode spaces (UTF-8 here).  Returns the length of the space character
 * starting at s[i], or 0. */
static size_t space_at(const char *s, size_t end, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f))
    return 1;
  const unsigned char *u = (const unsigned char *)s + i;
  size_t n = end - i;
  if (n >= 2 && u[0] == 0xC2 && (u[1] == 0x85 || u[1] == 0xA0)) return 2;
  if (n < 3) return 0;
  if (u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80) return 3; /* U+1680 */
  if (u[0] == 0xE2 && u[1] == 0x80 &&
      ((u[2] >= 0x80 && u[2] <= 0x8A) || u[2] == 0xA8 || u[2] == 0xA9 ||
       u[2] == 0xAF))
    return 3; /* U+2000-200A, U+2028, U+2029, U+202F */
  if (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) return 3; /* U+205F */
  if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) return 3; /* U+3000 */
  return 0;
}

/* The same, for the space character that ends at s[end - 1]. */
static size_t space_before(const char *s, size_t b, size_t end) {
  for (size_t n = 1; n <= 3 && n <= end - b; n++)
    if (space_at(s, end, end - n) == n) return n;
  return 0;
}

/* Python's re.IGNORECASE matches ASCII letters case-insensitively and also
 * the non-ASCII characters that case-fold to one: U+017F (long s) = s,
 * U+0131 (dotless i) and U+0130 (I with dot) = i, U+212A (Kelvin) = k.
 * Returns the bytes at s[i] matching the lowercase letter want, or 0. */
static size_t ci_char(const char *s, size_t end, size_t i, char want) {
  char c = s[i];
  if (c == want || (c >= 'A' && c <= 'Z' && c + 32 == want)) return 1;
  const unsigned char *u = (const unsigned char *)s + i;
  size_t n = end - i;
  if (want == 's' && n >= 2 && u[0] == 0xC5 && u[1] == 0xBF) return 2;
  if (want == 'i' && n >= 2 && u[0] == 0xC4 && (u[1] == 0xB1 || u[1] == 0xB0))
    return 2;
  if (want == 'k' && n >= 3 && u[0] == 0xE2 && u[1] == 0x84 && u[2] == 0xAA)
    return 3;
  return 0;
}

/* A character of a local segment ([a-z0-9] under IGNORECASE); returns its
 * length, or 0. */
static size_t local_char(const char *s, size_t end, size_t i) {
  char c = s[i];
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
    return 1;
  size_t n;
  if ((n = ci_char(s, end, i, 's')) || (n = ci_char(s, end, i, 'i')) ||
      (n = ci_char(s, end, i, 'k')))
    return n;
  return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static int is_sep(char c) { return c == '-' || c == '_' || c == '.'; }

/* A span of digits inside the input. */
struct span {
  size_t b, n; /* offset and length; n == 0 means absent / zero */
};

struct pep440 {
  struct span epoch;
  struct span rel[VL_VERSION_MAX / 2 + 1]; /* release components */
  size_t nrel;
  int pre;            /* a pre-release part is present */
  struct span pre_w;  /* its letters as written */
  struct span pre_n;
  int post;           /* 0/1 */
  struct span post_n;
  struct span post_w; /* its letters as written; n == 0 for "-N" */
  int dev;            /* 0/1 */
  struct span dev_n;
  size_t local_b, local_e; /* local part, without '+'; b == e if absent */
  int has_local;
};

/* Case-insensitive match of word at s[i]; returns the bytes matched or 0. */
static size_t match_word(const char *s, size_t end, size_t i, const char *w) {
  size_t j = i;
  for (; *w; w++) {
    size_t n = j < end ? ci_char(s, end, j, *w) : 0;
    if (!n) return 0;
    j += n;
  }
  return j - i;
}

static size_t digits(const char *s, size_t end, size_t i) {
  size_t j = i;
  while (j < end && is_digit(s[j])) j++;
  return j - i;
}

/* Tries "[sep]word[sep][N]" at *i for one of words[]; on success sets *which
 * (index into words) and *num, advances *i and returns 1. */
static int opt_segment(const char *s, size_t end, size_t *i,
                       const char *const *words, size_t nwords,
                       struct span *word, struct span *num) {
  size_t j = *i;
  if (j < end && is_sep(s[j])) j++;
  for (size_t w = 0; w < nwords; w++) {
    size_t n = match_word(s, end, j, words[w]);
    if (!n) continue;
    size_t k = j + n;
    num->b = k;
    num->n = 0;
    size_t sk = k;
    if (sk < end && is_sep(s[sk])) sk++;
    size_t nd = digits(s, end, sk);
    if (nd) {
      num->b = sk;
      num->n = nd;
      k = sk + nd;
    } else {
      k = sk; /* a trailing separator with no number is allowed */
    }
    word->b = j;
    word->n = n;
    *i = k;
    return 1;
  }
  return 0;
}

static int fail_at(struct vl_diag *d, const char *s, size_t len, size_t pos,
                   const char *what) {
  if (pos < len)
    return vl_diag_set(d, VL_EPARSE, "pep440: %s at offset %zu ('%c')", what,
                       pos, (s[pos] >= 0x20 && s[pos] < 0x7f) ? s[pos] : '?');
  return vl_diag_set(d, VL_EPARSE, "pep440: %s at offset %zu (end of input)",
                     what, pos);
}

static int parse(const char *s, size_t len, struct pep440 *v,
                 struct vl_diag *d) {
  size_t i = 0, end = len;
  memset(v, 0, sizeof(*v));
  size_t n;
  while (i < end && (n = space_at(s, end, i))) i += n;
  while (end > i && (n = space_before(s, i, end))) end -= n;
  if (i < end && lower(s[i]) == 'v') i++;
  /* Epoch or first release component. */
  size_t nd = digits(s, end, i);
  if (!nd) return fail_at(d, s, end, i, "expected a release number");
  if (i + nd < end && s[i + nd] == '!') {
    v->epoch.b = i;
    v->epoch.n = nd;
    i += nd + 1;
    nd = digits(s, end, i);
    if (!nd) return fail_at(d, s, end, i, "expected a release number");
  }
  for (;;) {
    if (v->nrel >= VL_ARRAY_LEN(v->rel))
      return vl_diag_set(d, VL_ETOOBIG, "pep440: too many release parts");
    v->rel[v->nrel].b = i;
    v->rel[v->nrel].n = nd;
    v->nrel++;
    i += nd;
    if (i + 1 < end && s[i] == '.' && is_digit(s[i + 1])) {
      i++;
      nd = digits(s, end, i);
      continue;
    }
    break;
  }
  static const char *const pre_words[] = {"alpha", "a",   "beta", "b",
                                          "preview", "pre", "c",  "rc"};
  if (opt_segment(s, end, &i, pre_words, VL_ARRAY_LEN(pre_words), &v->pre_w,
                  &v->pre_n))
    v->pre = 1;
  /* Post: "-N" or [sep]{post|rev|r}[sep][N]. */
  if (i + 1 < end && s[i] == '-' && is_digit(s[i + 1])) {
    v->post = 1;
    v->post_n.b = i + 1;
    v->post_n.n = digits(s, end, i + 1);
    i += 1 + v->post_n.n;
  } else {
    static const char *const post_words[] = {"post", "rev", "r"};
    if (opt_segment(s, end, &i, post_words, VL_ARRAY_LEN(post_words),
                    &v->post_w, &v->post_n))
      v->post = 1;
  }
  static const char *const dev_words[] = {"dev"};
  struct span dev_w;
  if (opt_segment(s, end, &i, dev_words, 1, &dev_w, &v->dev_n)) v->dev = 1;
  if (i < end && s[i] == '+') {
    i++;
    v->has_local = 1;
    v->local_b = i;
    for (;;) {
      size_t b = i;
      while (i < end && (n = local_char(s, end, i))) i += n;
      if (i == b) return fail_at(d, s, end, i, "empty local version segment");
      if (i < end && is_sep(s[i])) {
        i++;
        continue;
      }
      break;
    }
    v->local_e = i;
  }
  if (i != end) return fail_at(d, s, end, i, "unexpected character");
  return 0;
}

static int put_span_num(struct vl_verkey *k, const char *s, struct span sp) {
  return vl_verkey_putnum(k, s + sp.b, sp.n);
}

static int is_zero(const char *s, struct span sp) {
  for (size_t j = 0; j < sp.n; j++)
    if (s[sp.b + j] != '0') return 0;
  return 1;
}

/* str.lower() of a local segment: ASCII, U+212A -> k, U+0130 -> i U+0307;
 * U+017F and U+0131 are already lowercase.  The UTF-8 bytes keep Python's
 * code point order under memcmp. */
static int put_lower(struct vl_verkey *k, const char *s, size_t b, size_t e) {
  int rc = 0;
  for (size_t j = b; !rc && j < e;) {
    const unsigned char *u = (const unsigned char *)s + j;
    if (u[0] == 0xE2) { /* Kelvin sign */
      rc = vl_verkey_putc(k, 'k');
      j += 3;
    } else if (u[0] == 0xC4 && u[1] == 0xB0) {
      rc = vl_verkey_put(k, "i\xCC\x87", 3);
      j += 2;
    } else {
      rc = vl_verkey_putc(k, (unsigned char)lower(s[j]));
      j++;
    }
  }
  return rc;
}

/* A pre or post letter as packaging keeps it, then 0x00: lowercased, with
 * alpha/beta/c/pre/preview/rev/r (ASCII spellings only, as packaging
 * compares the lowercased text with them) replaced by a/b/rc/post; "-N"
 * (empty span) is post.  packaging orders these letters as strings. */
static int put_letters(struct vl_verkey *k, const char *s, struct span w) {
  static const struct {
    const char *from, *to;
  } canon[] = {{"alpha", "a"}, {"beta", "b"},  {"c", "rc"},   {"pre", "rc"},
               {"preview", "rc"}, {"rev", "post"}, {"r", "post"}};
  int rc;
  const char *out = NULL;
  int ascii = 1;
  char low[8];
  for (size_t j = 0; j < w.n; j++)
    if ((unsigned char)s[w.b + j] >= 0x80) ascii = 0;
  if (w.n == 0) out = "post";
  if (!out && ascii && w.n < sizeof(low)) {
    for (size_t j = 0; j < w.n; j++) low[j] = lower(s[w.b + j]);
    low[w.n] = '\0';
    out = low;
    for (size_t c = 0; c < VL_ARRAY_LEN(canon); c++)
      if (strcmp(low, canon[c].from) == 0) out = canon[c].to;
  }
  if (out)
    rc = vl_verkey_put(k, out, strlen(out));
  else
    rc = put_lower(k, s, w.b, w.b + w.n);
  return rc ? rc : vl_verkey_putc(k, 0x00);
}

static int encode(const char *s, const struct pep440 *v, struct vl_verkey *k) {
  int rc;
  if ((rc = put_span_num(k, s, v->epoch))) return rc;
  size_t nrel = v->nrel;
  while (nrel > 0 && is_zero(s, v->rel[nrel - 1])) nrel--;
  for (size_t j = 0; j < nrel; j++) {
    if ((rc = vl_verkey_putc(k, 0x02))) return rc;
    if ((rc = put_span_num(k, s, v->rel[j]))) return rc;
  }
  if ((rc = vl_verkey_putc(k, 0x01))) return rc;
  if (v->pre) {
    if ((rc = vl_verkey_putc(k, 0x02))) return rc;
    if ((rc = put_letters(k, s, v->pre_w))) return rc;
    if ((rc = put_span_num(k, s, v->pre_n))) return rc;
  } else if (!v->post && v->dev) {
    if ((rc = vl_verkey_putc(k, 0x01))) return rc;
  } else {
    if ((rc = vl_verkey_putc(k, 0x03))) return rc;
  }
  if (v->post) {
    if ((rc = vl_verkey_putc(k, 0x02))) return rc;
    if ((rc = put_letters(k, s, v->post_w))) return rc;
    if ((rc = put_span_num(k, s, v->post_n))) return rc;
  } else {
    if ((rc = vl_verkey_putc(k, 0x01))) return rc;
  }
  if (v->dev) {
    if ((rc = vl_verkey_putc(k, 0x01))) return rc;
    if ((rc = put_span_num(k, s, v->dev_n))) return rc;
  } else {
    if ((rc = vl_verkey_putc(k, 0x02))) return rc;
  }
  if (v->has_local) {
    if ((rc = vl_verkey_putc(k, 0x01))) return rc;
    size_t i = v->local_b;
    while (i < v->local_e) {
      size_t b = i;
      int numeric = 1;
      while (i < v->local_e && !is_sep(s[i])) {
        if (!is_digit(s[i])) numeric = 0;
        i++;
      }
      if (numeric) {
        if ((rc = vl_verkey_putc(k, 0x03))) return rc;
        if ((rc = vl_verkey_putnum(k, s + b, i - b))) return rc;
      } else {
        if ((rc = vl_verkey_putc(k, 0x02))) return rc;
        if ((rc = put_lower(k, s, b, i))) return rc;
        if ((rc = vl_verkey_putc(k, 0x00))) return rc;
      }
      if (i < v->local_e) i++; /* the separator */
    }
  }
  return 0;
}

int vl_ver_pep440_key(const char *s, size_t len, struct vl_verkey *k,
                      struct vl_diag *d) {
  struct pep440 v;
  int rc = parse(s, len, &v, d);
  if (rc) return rc;
  rc = encode(s, &v, k);
  if (rc)
    return vl_diag_set(d, rc, "pep440: key longer than %d bytes",
                       VL_VERKEY_MAX);
  return 0;
}
