/* The rpm scheme: [epoch:]version[-release] as rpm 4.18's rpm.vercmp()
 * (rpmverParse + rpmverCmp) orders them.
 *
 * Parsing (rpm's parseEVR): leading digits followed by ':' are the epoch
 * (":1.0" has epoch 0; no epoch means 0); the release follows the last '-'
 * after that.  A missing release sorts before every release, even "~" and
 * the empty one: "1.0" < "1.0-~" < "1.0-" < "1.0-0", as rpm 4.18 does.
 * We refuse empty strings and control bytes; rpm accepts anything else,
 * and so do we.
 *
 * rpmvercmp() on each part: bytes that are not ASCII letters, digits, '~'
 * or '^' only separate; the rest splits into tokens, compared in turn:
 *   '~' < end of string < '^' < letter run < digit run,
 * letter runs by strcmp (ASCII, case-sensitive), digit runs numerically.
 *
 * Key: putnum(epoch), the version's tokens, 0x02, then, only when a release
 * is present, the release's tokens and 0x02.  Tokens: '~' = 0x01,
 * '^' = 0x03, letter run = 0x04 letters 0x00, digit run = 0x05 putnum. */
#include <string.h>

#include "vl_ver_internal.h"

enum { K_TILDE = 0x01, K_END = 0x02, K_CARET = 0x03, K_ALPHA = 0x04,
       K_NUM = 0x05 };

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int put_part(struct vl_verkey *k, const char *p, size_t n) {
  int rc;
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)p[i];
    size_t j = i + 1;
    if (c == '~' || c == '^') {
      rc = vl_verkey_putc(k, c == '~' ? K_TILDE : K_CARET);
    } else if (is_digit(c)) {
      while (j < n && is_digit((unsigned char)p[j])) j++;
      if ((rc = vl_verkey_putc(k, K_NUM)) == 0)
        rc = vl_verkey_putnum(k, p + i, j - i);
    } else if (is_alpha(c)) {
      while (j < n && is_alpha((unsigned char)p[j])) j++;
      if ((rc = vl_verkey_putc(k, K_ALPHA)) == 0 &&
          (rc = vl_verkey_put(k, p + i, j - i)) == 0)
        rc = vl_verkey_putc(k, 0);
    } else {
      rc = 0; /* separator */
    }
    if (rc) return rc;
    i = j;
  }
  return vl_verkey_putc(k, K_END);
}

int vl_ver_rpm_key(const char *s, size_t len, struct vl_verkey *k,
                   struct vl_diag *d) {
  if (len == 0) return vl_diag_set(d, VL_EPARSE, "empty version");
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f)
      return vl_diag_set(d, VL_EPARSE, "control byte 0x%02x at position %zu",
                         c, i + 1);
  }
  size_t i = 0;
  while (i < len && is_digit((unsigned char)s[i])) i++;
  const char *ep = "0";
  size_t epn = 1, vb = 0;
  if (i < len && s[i] == ':') {
    if (i > 0) {
      ep = s;
      epn = i;
    }
    vb = i + 1;
  }
  /* The release starts after the last '-' that follows the epoch digits. */
  size_t ve = len, rb = 0;
  int has_rel = 0;
  for (size_t j = len; j > i; j--)
    if (s[j - 1] == '-') {
      ve = j - 1;
      rb = j;
      has_rel = 1;
      break;
    }
  int rc;
  if ((rc = vl_verkey_putnum(k, ep, epn)) != 0 ||
      (rc = put_part(k, s + vb, ve - vb)) != 0 ||
      (has_rel && (rc = put_part(k, s + rb, len - rb)) != 0))
    return vl_diag_set(d, VL_ETOOBIG, "version key longer than %d bytes",
                       VL_VERKEY_MAX);
  return 0;
}
