/* SemVer 2.0.0 precedence keys (npm, cargo, hex).
 *
 * Accepted syntax mirrors npm `semver` in its default (non-loose) mode:
 * surrounding whitespace (JavaScript's trim() set, input being UTF-8) is
 * trimmed, one optional leading "v", then
 * MAJOR.MINOR.PATCH with no leading zeros, an optional "-" pre-release of
 * dot-separated identifiers ([0-9A-Za-z-]+, numeric ones without leading
 * zeros) and an optional "+" build of dot-separated [0-9A-Za-z-]+.  Like npm,
 * MAJOR, MINOR and PATCH above 2^53-1 are refused; "=" prefixes and the loose
 * forms ("1.2", "1.2.3beta") are refused.  Pre-release numbers of any length
 * compare exactly (npm itself loses precision past 2^53).
 *
 * Key: num(MAJOR) num(MINOR) num(PATCH), then 0x02 for a release or 0x01
 * followed by the identifiers: numeric 0x01 num, alphanumeric 0x02 bytes
 * 0x00.  A release sorts after every pre-release of the same triple; fewer
 * identifiers sort first because the shorter key is a prefix; numeric
 * identifiers sort before alphanumeric ones.  Build metadata is not encoded. */
#include <string.h>

#include "vl_ver_internal.h"

/* JavaScript's String.prototype.trim() set (WhiteSpace and LineTerminator):
 * TAB, LF, VT, FF, CR, SP, U+00A0, U+1680, U+2000-200A, U+2028, U+2029,
 * U+202F, U+205F, U+3000, U+FEFF, as UTF-8.  Returns the length of the one
 * starting at s[i], or 0. */
static size_t space_at(const char *s, size_t end, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == ' ' || (c >= '\t' && c <= '\r')) return 1;
  const unsigned char *u = (const unsigned char *)s + i;
  size_t n = end - i;
  if (n >= 2 && u[0] == 0xC2 && u[1] == 0xA0) return 2;
  if (n < 3) return 0;
  if (u[0] == 0xE1 && u[1] == 0x9A && u[2] == 0x80) return 3;
  if (u[0] == 0xE2 && u[1] == 0x80 &&
      ((u[2] >= 0x80 && u[2] <= 0x8A) || u[2] == 0xA8 || u[2] == 0xA9 ||
       u[2] == 0xAF))
    return 3;
  if (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) return 3;
  if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80) return 3;
  if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) return 3;
  return 0;
}

static size_t space_before(const char *s, size_t b, size_t end) {
  for (size_t n = 1; n <= 3 && n <= end - b; n++)
    if (space_at(s, end, end - n) == n) return n;
  return 0;
}

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_ident(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         c == '-';
}

static int fail_at(struct vl_diag *d, const char *s, size_t len, size_t pos,
                   const char *what) {
  if (pos < len)
    return vl_diag_set(d, VL_EPARSE, "semver: %s at offset %zu ('%c')", what,
                       pos, (s[pos] >= 0x20 && s[pos] < 0x7f) ? s[pos] : '?');
  return vl_diag_set(d, VL_EPARSE, "semver: %s at offset %zu (end of input)",
                     what, pos);
}

/* Digit strings not longer than "9007199254740991" and not above it. */
static int within_safe_integer(const char *p, size_t n) {
  static const char max[] = "9007199254740991";
  if (n != sizeof(max) - 1) return n < sizeof(max) - 1;
  return memcmp(p, max, n) <= 0;
}

/* Parses one main-version number at s[*i]; strict: no leading zeros. */
static int main_number(const char *s, size_t len, size_t *i,
                       struct vl_verkey *k, struct vl_diag *d) {
  size_t b = *i;
  while (*i < len && is_digit(s[*i])) (*i)++;
  size_t n = *i - b;
  if (n == 0) return fail_at(d, s, len, b, "expected a number");
  if (n > 1 && s[b] == '0')
    return fail_at(d, s, len, b, "leading zero in a version number");
  if (!within_safe_integer(s + b, n))
    return vl_diag_set(d, VL_EPARSE,
                       "semver: number at offset %zu exceeds 2^53-1", b);
  int rc = vl_verkey_putnum(k, s + b, n);
  if (rc) return vl_diag_set(d, rc, "semver: key too long");
  return 0;
}

int vl_ver_semver_key(const char *s, size_t len, struct vl_verkey *k,
                      struct vl_diag *d) {
  size_t end = len, i = 0, sp;
  int rc;
  while (i < end && (sp = space_at(s, end, i))) i += sp;
  while (end > i && (sp = space_before(s, i, end))) end -= sp;
  if (i < end && s[i] == 'v') i++;
  for (int part = 0; part < 3; part++) {
    if (part > 0) {
      if (i >= end || s[i] != '.') return fail_at(d, s, end, i, "expected '.'");
      i++;
    }
    rc = main_number(s, end, &i, k, d);
    if (rc) return rc;
  }
  if (i < end && s[i] == '-') {
    i++;
    if ((rc = vl_verkey_putc(k, 0x01))) goto toobig;
    for (;;) {
      size_t b = i;
      int numeric = 1;
      while (i < end && is_ident(s[i])) {
        if (!is_digit(s[i])) numeric = 0;
        i++;
      }
      size_t n = i - b;
      if (n == 0)
        return fail_at(d, s, end, b, "empty pre-release identifier");
      if (numeric) {
        if (n > 1 && s[b] == '0')
          return fail_at(d, s, end, b,
                         "leading zero in a numeric pre-release identifier");
        if ((rc = vl_verkey_putc(k, 0x01))) goto toobig;
        if ((rc = vl_verkey_putnum(k, s + b, n))) goto toobig;
      } else {
        if ((rc = vl_verkey_putc(k, 0x02))) goto toobig;
        if ((rc = vl_verkey_put(k, s + b, n))) goto toobig;
        if ((rc = vl_verkey_putc(k, 0x00))) goto toobig;
      }
      if (i < end && s[i] == '.') {
        i++;
        continue;
      }
      break;
    }
  } else {
    if ((rc = vl_verkey_putc(k, 0x02))) goto toobig;
  }
  if (i < end && s[i] == '+') {
    i++;
    for (;;) {
      size_t b = i;
      while (i < end && is_ident(s[i])) i++;
      if (i == b) return fail_at(d, s, end, b, "empty build identifier");
      if (i < end && s[i] == '.') {
        i++;
        continue;
      }
      break;
    }
  }
  if (i != end) return fail_at(d, s, end, i, "unexpected character");
  return 0;
toobig:
  return vl_diag_set(d, rc, "semver: key longer than %d bytes", VL_VERKEY_MAX);
}
