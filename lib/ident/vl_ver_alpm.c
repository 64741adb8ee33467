/* The alpm scheme: Arch Linux [epoch:]version[-release] as pacman's vercmp
 * orders them.
 *
 * Parsing (pacman's parseEVR): leading digits followed by ':' are the epoch
 * (default 0); the release follows the last '-'.  Empty strings and control
 * bytes are refused; anything else is accepted, as pacman does.
 *
 * pacman's rpmvercmp(): bytes that are not ASCII letters or digits separate
 * segments (letter runs and digit runs).  At each position the one with
 * fewer separator bytes before its next segment is older ("1.0" < "1..0");
 * with equal counts digit runs beat letter runs, digit runs compare
 * numerically and letter runs by strcmp.  When a string has run out right
 * after a segment, it is newer than a letter run that follows directly
 * ("1.0a" < "1.0", "1.0rc" < "1.0") and older than anything else ("1.0" <
 * "1.0.a" < "1.0.1", "1.0" < "1.0.").  When it ends in separators it is
 * newer than any letter run and older than any digit run ("1.0.a" < "1.0."
 * < "1.0.1").
 *
 * Two deviations, both because pacman's order is not a total order and a
 * key must be one:
 *  - pacman compares releases only when both versions have one ("1.5" ==
 *    "1.5-1" == "1.5-2" although "1.5-1" < "1.5-2"); here, as in rpm 4.18,
 *    a missing release sorts before every release.
 *  - the ranks at one position are, in order: letter run with no separator,
 *    end, digit run with no separator, letter runs with 1, 2, ...
 *    separators, end after separators, digit runs with 1, 2, ...
 *    separators.  pacman agrees except (a) a digit run with fewer (>= 1)
 *    separators before it than a letter run ("1.5" vs "1..a") and (b) a
 *    trailing separator against a digit run right after letters ("1a." vs
 *    "1a5"), where pacman's own answers form cycles ("1a5" < "1a.b" <
 *    "1a." < "1a5").
 *
 * Key: putnum(epoch), the version's segments and end mark, then when a
 * release is present its segments and end mark.  Bytes: 0x01 letters 0x00
 * (no separator), 0x02 end, 0x03 putnum (no separator), 0x04 count letters
 * 0x00, 0x05 end after separators, 0x06 count putnum. */
#include <string.h>

#include "vl_ver_internal.h"

enum { K_ALPHA0 = 0x01, K_END0 = 0x02, K_NUM0 = 0x03, K_ALPHA = 0x04,
       K_END = 0x05, K_NUM = 0x06 };

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_alpha(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int put_part(struct vl_verkey *k, const char *p, size_t n) {
  int rc;
  size_t i = 0;
  for (;;) {
    size_t seps = 0;
    while (i < n && !is_digit((unsigned char)p[i]) &&
           !is_alpha((unsigned char)p[i])) {
      i++;
      seps++;
    }
    if (i >= n) return vl_verkey_putc(k, seps ? K_END : K_END0);
    unsigned char sc = (unsigned char)(seps > 255 ? 255 : seps);
    size_t j = i;
    int num = is_digit((unsigned char)p[i]);
    if (num) {
      while (j < n && is_digit((unsigned char)p[j])) j++;
      rc = vl_verkey_putc(k, seps ? K_NUM : K_NUM0);
    } else {
      while (j < n && is_alpha((unsigned char)p[j])) j++;
      rc = vl_verkey_putc(k, seps ? K_ALPHA : K_ALPHA0);
    }
    if (rc == 0 && seps) rc = vl_verkey_putc(k, sc);
    if (rc) return rc;
    if (num) {
      rc = vl_verkey_putnum(k, p + i, j - i);
    } else if ((rc = vl_verkey_put(k, p + i, j - i)) == 0) {
      rc = vl_verkey_putc(k, 0);
    }
    if (rc) return rc;
    i = j;
  }
}

int vl_ver_alpm_key(const char *s, size_t len, struct vl_verkey *k,
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
