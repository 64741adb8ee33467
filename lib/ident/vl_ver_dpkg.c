/* The dpkg scheme: Debian [epoch:]upstream[-revision] as dpkg orders them.
 *
 * Syntax, following dpkg's parseversion() as `dpkg --compare-versions` uses
 * it: blanks around the string are ignored; empty strings, embedded blanks,
 * an empty or non-numeric or negative epoch, an epoch above 2147483647, an
 * empty upstream part and an empty revision after a final "-" are errors
 * (dpkg refuses them too).  An upstream part not starting with a digit, or
 * a character outside dpkg's set, is only a warning in dpkg and the
 * comparison goes on; we accept such strings the same way and compare them
 * as dpkg does, but refuse bytes outside printable ASCII (dpkg would order
 * them by the sign of `char`).  Unlike dpkg's strtol we accept no sign in
 * the epoch.
 *
 * Order (dpkg's verrevcmp): epochs numerically, then upstream, then
 * revision; a missing revision equals "0".  A part is compared as
 * alternating non-digit and digit runs: non-digit runs character by
 * character where '~' < end of run < letters < every other character,
 * digit runs numerically.
 *
 * Key: putnum(epoch), then each part as [mapped non-digit run] 0x03
 * putnum(digit run) ... followed by the end byte 0x02.  Mapping: '~' = 0x01,
 * letters = themselves, other characters = 0x80 + c.  The end byte falls
 * between '~' and the empty-run mark 0x03, which is exactly where dpkg puts
 * a finished string.  An empty (missing) revision encodes like "0". */
#include <stdint.h>
#include <string.h>

#include "vl_ver_internal.h"

enum { K_TILDE = 0x01, K_END = 0x02, K_RUN = 0x03 }; /* K_TILDE: in char_key */

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }

/* The key byte of each character of a non-digit run: '~' = 0x01, letters =
 * themselves, other printable characters = 0x80 + c; 0x00 marks a digit
 * (the run ends there) and 0xff a byte that never gets here (refused).
 * A table because this is the inner loop of the matcher's hot path. */
static const unsigned char char_key[256] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xa1, 0xa2, 0xa3,
    0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xba, 0xbb,
    0xbc, 0xbd, 0xbe, 0xbf, 0xc0, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46, 0x47,
    0x48, 0x49, 0x4a, 0x4b, 0x4c, 0x4d, 0x4e, 0x4f, 0x50, 0x51, 0x52, 0x53,
    0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
    0xe0, 0x61, 0x62, 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a, 0x6b,
    0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72, 0x73, 0x74, 0x75, 0x76, 0x77,
    0x78, 0x79, 0x7a, 0xfb, 0xfc, 0xfd, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff,
};

/* Writes the key of one part (upstream or revision).  Inlined byte writes
 * rather than vl_verkey_put*() calls: parsing is on the matcher's hot
 * path.  The number encoding is vl_verkey_putnum()'s, written out. */
static int put_part(struct vl_verkey *k, const char *p, size_t n) {
  unsigned char *out = k->b;
  size_t o = k->len;
  size_t i = 0;
  if (n == 0) { /* dpkg: a missing part compares like "0" */
    p = "0";
    n = 1;
  }
  while (i < n) {
    unsigned char m;
    while (i < n && (m = char_key[(unsigned char)p[i]]) != 0) {
      if (o >= VL_VERKEY_MAX) return VL_ETOOBIG;
      out[o++] = m;
      i++;
    }
    while (i < n && p[i] == '0') i++; /* leading zeros do not count */
    size_t j = i;
    while (j < n && is_digit((unsigned char)p[j])) j++;
    size_t nd = j - i;
    if (nd >= 255) {
      /* rare: let the shared encoder write the long form */
      k->len = o;
      int rc = vl_verkey_putc(k, K_RUN);
      if (rc == 0) rc = vl_verkey_putnum(k, p + i, nd);
      if (rc) return rc;
      o = k->len;
    } else {
      if (nd + 2 > VL_VERKEY_MAX - o) return VL_ETOOBIG;
      out[o++] = K_RUN;
      out[o++] = (unsigned char)nd;
      memcpy(out + o, p + i, nd);
      o += nd;
    }
    i = j;
  }
  if (o >= VL_VERKEY_MAX) return VL_ETOOBIG;
  out[o++] = K_END;
  k->len = o;
  return 0;
}

static int is_blank(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' ||
         c == '\f';
}

int vl_ver_dpkg_key(const char *s, size_t len, struct vl_verkey *k,
                    struct vl_diag *d) {
  size_t b = 0, e = len;
  while (b < e && is_blank((unsigned char)s[b])) b++;
  while (e > b && is_blank((unsigned char)s[e - 1])) e--;
  if (b == e) return vl_diag_set(d, VL_EPARSE, "version string is empty");
  /* One pass: check the bytes, find the first ':' and the last '-'. */
  size_t colon = SIZE_MAX, hyphen = SIZE_MAX;
  for (size_t i = b; i < e; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x21 || c > 0x7e) {
      if (is_blank(c))
        return vl_diag_set(d, VL_EPARSE,
                           "version string has embedded spaces at position %zu",
                           i + 1);
      return vl_diag_set(d, VL_EPARSE,
                         "byte 0x%02x at position %zu is not printable ASCII",
                         c, i + 1);
    }
    if (c == ':' && colon == SIZE_MAX) colon = i;
    if (c == '-') hyphen = i;
  }

  /* Epoch: up to the first ':'. */
  const char *ep = "0";
  size_t epn = 1;
  size_t vb = b;
  if (colon != SIZE_MAX) {
    size_t cpos = colon;
    if (cpos == b)
      return vl_diag_set(d, VL_EPARSE, "epoch in version is empty at position %zu",
                         b + 1);
    if (s[b] == '-')
      return vl_diag_set(d, VL_EPARSE,
                         "epoch in version is negative at position %zu", b + 1);
    for (size_t i = b; i < cpos; i++)
      if (!is_digit((unsigned char)s[i]))
        return vl_diag_set(d, VL_EPARSE,
                           "epoch in version is not number at position %zu",
                           i + 1);
    ep = s + b;
    epn = cpos - b;
    /* Compare with INT_MAX ignoring leading zeros. */
    while (epn > 1 && *ep == '0') {
      ep++;
      epn--;
    }
    if (epn > 10 || (epn == 10 && memcmp(ep, "2147483647", 10) > 0))
      return vl_diag_set(d, VL_EPARSE,
                         "epoch in version is too big at position %zu", b + 1);
    vb = cpos + 1;
  }

  /* Revision: after the last '-' (one inside the epoch was refused). */
  size_t ve = e, rb = e;
  if (hyphen != SIZE_MAX && hyphen >= vb) {
    ve = hyphen;
    rb = hyphen + 1;
    if (rb == e)
      return vl_diag_set(d, VL_EPARSE,
                         "revision number is empty at position %zu", rb + 1);
  }
  if (ve == vb)
    return vl_diag_set(d, VL_EPARSE, "version number is empty at position %zu",
                       vb + 1);

  int rc;
  if ((rc = vl_verkey_putnum(k, ep, epn)) != 0 ||
      (rc = put_part(k, s + vb, ve - vb)) != 0 ||
      (rc = put_part(k, s + rb, e - rb)) != 0)
    return vl_diag_set(d, VL_ETOOBIG, "version key longer than %d bytes",
                       VL_VERKEY_MAX);
  return 0;
}
