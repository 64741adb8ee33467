/* The gentoo scheme: ebuild versions as the Package Manager Specification
 * (PMS, section 3.2-3.3) defines and orders them.
 *
 * Syntax: numbers separated by '.', an optional lower-case letter, any
 * number of suffixes _alpha _beta _pre _rc _p each with an optional number,
 * an optional revision -rN.  Anything else is refused.
 *
 * Order (PMS algorithms 3.1-3.7):
 *  - the first number compares as an integer; later numbers compare as
 *    integers, except that when either starts with '0' both compare as
 *    strings with trailing zeros removed ("1.01" < "1.1", "1.0" == "1.00");
 *    a version with more numbers is greater ("1.0b" < "1.0.0");
 *  - then the letter (none < a < ... < z);
 *  - then the suffixes in turn: _alpha < _beta < _pre < _rc < _p, equal
 *    names by their number (missing = 0); where one version has more
 *    suffixes, it is greater if its next one is _p and smaller otherwise;
 *  - then the revision (missing = -r0).
 *
 * Key: putnum(first); per further number 0x01 stripped-string 0x00 (leading
 * zero) or 0x02 putnum; 0x00; the letter or 0x00; per suffix its rank
 * (1..4, 6 for _p) and putnum; 0x05; putnum(revision). */
#include <string.h>

#include "vl_ver_internal.h"

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

static const struct {
  const char *name;
  unsigned char rank;
} suffixes[] = {{"alpha", 1}, {"beta", 2}, {"pre", 3}, {"rc", 4}, {"p", 6}};

static size_t digits(const char *s, size_t len, size_t i) {
  size_t j = i;
  while (j < len && is_digit((unsigned char)s[j])) j++;
  return j - i;
}

int vl_ver_gentoo_key(const char *s, size_t len, struct vl_verkey *k,
                      struct vl_diag *d) {
  int rc = 0;
  size_t i = 0, n;
  if (len == 0) return vl_diag_set(d, VL_EPARSE, "empty version");
  n = digits(s, len, 0);
  if (n == 0)
    return vl_diag_set(d, VL_EPARSE, "expected a digit at position 1");
  if ((rc = vl_verkey_putnum(k, s, n)) != 0) goto toobig;
  i = n;
  while (i < len && s[i] == '.') {
    n = digits(s, len, i + 1);
    if (n == 0)
      return vl_diag_set(d, VL_EPARSE, "expected a digit at position %zu",
                         i + 2);
    const char *p = s + i + 1;
    if (p[0] == '0') {
      size_t m = n;
      while (m > 0 && p[m - 1] == '0') m--;
      if ((rc = vl_verkey_putc(k, 0x01)) != 0 ||
          (rc = vl_verkey_put(k, p, m)) != 0 ||
          (rc = vl_verkey_putc(k, 0x00)) != 0)
        goto toobig;
    } else {
      if ((rc = vl_verkey_putc(k, 0x02)) != 0 ||
          (rc = vl_verkey_putnum(k, p, n)) != 0)
        goto toobig;
    }
    i += 1 + n;
  }
  if ((rc = vl_verkey_putc(k, 0x00)) != 0) goto toobig;
  unsigned char letter = 0;
  if (i < len && s[i] >= 'a' && s[i] <= 'z') letter = (unsigned char)s[i++];
  if ((rc = vl_verkey_putc(k, letter)) != 0) goto toobig;
  while (i < len && s[i] == '_') {
    size_t w, at = i + 1;
    for (w = 0; w < VL_ARRAY_LEN(suffixes); w++) {
      size_t l = strlen(suffixes[w].name);
      if (len - at >= l && memcmp(s + at, suffixes[w].name, l) == 0 &&
          (at + l == len || !(s[at + l] >= 'a' && s[at + l] <= 'z')))
        break;
    }
    if (w == VL_ARRAY_LEN(suffixes))
      return vl_diag_set(d, VL_EPARSE, "unknown suffix at position %zu",
                         at + 1);
    at += strlen(suffixes[w].name);
    n = digits(s, len, at);
    if ((rc = vl_verkey_putc(k, suffixes[w].rank)) != 0 ||
        (rc = vl_verkey_putnum(k, s + at, n)) != 0)
      goto toobig;
    i = at + n;
  }
  if ((rc = vl_verkey_putc(k, 0x05)) != 0) goto toobig;
  size_t rn = 0;
  const char *rp = "";
  if (i + 1 < len && s[i] == '-' && s[i + 1] == 'r') {
    rn = digits(s, len, i + 2);
    if (rn == 0)
      return vl_diag_set(d, VL_EPARSE, "expected a digit at position %zu",
                         i + 3);
    rp = s + i + 2;
    i += 2 + rn;
  }
  if (i < len)
    return vl_diag_set(d, VL_EPARSE, "unexpected '%c' at position %zu",
                       (s[i] >= 0x20 && s[i] < 0x7f) ? s[i] : '?', i + 1);
  if ((rc = vl_verkey_putnum(k, rp, rn)) != 0) goto toobig;
  return 0;
toobig:
  return vl_diag_set(d, VL_ETOOBIG, "version key longer than %d bytes",
                     VL_VERKEY_MAX);
}
