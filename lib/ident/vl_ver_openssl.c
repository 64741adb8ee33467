/* The openssl scheme: OpenSSL release versions, both the legacy letter
 * releases (0.9.8zh, 1.0.2zd, 1.1.1w) and the 3.x numbering (3.0.13).
 *
 * Syntax: MAJOR.MINOR.PATCH, then (legacy, MAJOR < 3 only) a run of
 * lower-case letters, then at most one qualifier "-WORD" or "-WORDN" with
 * WORD one of alpha, beta, pre, rc, dev, cvs.  Upper case is folded.
 *
 * Order: the three numbers; then the letters (none < a < ... < y < z < za <
 * zb ...: alphabetical, a prefix first); then the qualifier:
 *   dev (3.x only) < alpha < beta < pre < rc < none < dev, cvs (legacy)
 * and its number.  In the legacy series "-dev" and "-cvs" name the
 * development snapshot after a release (1.0.2zc < 1.0.2zc-dev < 1.0.2zd);
 * from 3.0 on "-dev" is the development before the release (3.2.0-dev <
 * 3.2.0-alpha1 < 3.2.0).
 *
 * Key: putnum x3, letters, 0x00, then 0x01 rank putnum(N) for a
 * pre-release qualifier, 0x02 for none, 0x03 rank putnum(N) for a
 * post-release one. */
#include <string.h>

#include "vl_ver_internal.h"

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static unsigned char lower(unsigned char c) {
  return (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
}

static const struct {
  const char *word;
  unsigned char cls;  /* 0x01 pre, 0x03 post */
  unsigned char rank;
} words[] = {{"alpha", 0x01, 2}, {"beta", 0x01, 3}, {"pre", 0x01, 4},
             {"rc", 0x01, 5},    {"dev", 0x03, 1},  {"cvs", 0x03, 1}};

int vl_ver_openssl_key(const char *s, size_t len, struct vl_verkey *k,
                       struct vl_diag *d) {
  int rc = 0;
  size_t i = 0;
  int legacy = 0;
  if (len == 0) return vl_diag_set(d, VL_EPARSE, "empty version");
  for (int part = 0; part < 3; part++) {
    size_t j = i;
    while (j < len && is_digit((unsigned char)s[j])) j++;
    if (j == i)
      return vl_diag_set(d, VL_EPARSE, "expected a digit at position %zu",
                         i + 1);
    if (part == 0) {
      const char *p = s;
      size_t n = j;
      while (n > 1 && *p == '0') {
        p++;
        n--;
      }
      legacy = n == 1 && *p < '3';
    }
    if ((rc = vl_verkey_putnum(k, s + i, j - i)) != 0) goto toobig;
    i = j;
    if (part < 2) {
      if (i >= len || s[i] != '.')
        return vl_diag_set(d, VL_EPARSE, "expected '.' at position %zu",
                           i + 1);
      i++;
    }
  }
  size_t lb = i;
  while (i < len && lower((unsigned char)s[i]) >= 'a' &&
         lower((unsigned char)s[i]) <= 'z') {
    if ((rc = vl_verkey_putc(k, lower((unsigned char)s[i]))) != 0) goto toobig;
    i++;
  }
  if (i > lb && !legacy)
    return vl_diag_set(d, VL_EPARSE,
                       "letter release at position %zu is not used after 3.0",
                       lb + 1);
  if ((rc = vl_verkey_putc(k, 0x00)) != 0) goto toobig;
  if (i == len) {
    if ((rc = vl_verkey_putc(k, 0x02)) != 0) goto toobig;
    return 0;
  }
  if (s[i] != '-')
    return vl_diag_set(d, VL_EPARSE, "unexpected character at position %zu",
                       i + 1);
  size_t wb = ++i, we = i;
  char w[8];
  while (we < len && we - wb < sizeof(w) - 1 &&
         lower((unsigned char)s[we]) >= 'a' && lower((unsigned char)s[we]) <= 'z') {
    w[we - wb] = (char)lower((unsigned char)s[we]);
    we++;
  }
  w[we - wb] = '\0';
  size_t x;
  for (x = 0; x < VL_ARRAY_LEN(words); x++)
    if (strcmp(w, words[x].word) == 0) break;
  if (x == VL_ARRAY_LEN(words) || (we < len && !is_digit((unsigned char)s[we])))
    return vl_diag_set(d, VL_EPARSE, "unknown qualifier at position %zu",
                       wb + 1);
  size_t nb = we;
  while (we < len && is_digit((unsigned char)s[we])) we++;
  if (we != len)
    return vl_diag_set(d, VL_EPARSE, "unexpected character at position %zu",
                       we + 1);
  unsigned char cls = words[x].cls, rank = words[x].rank;
  if (!legacy && strcmp(w, "dev") == 0) {
    cls = 0x01;
    rank = 1;
  }
  if (!legacy && cls == 0x03)
    return vl_diag_set(d, VL_EPARSE, "qualifier at position %zu is legacy only",
                       wb + 1);
  if ((rc = vl_verkey_putc(k, cls)) != 0 ||
      (rc = vl_verkey_putc(k, rank)) != 0 ||
      (rc = vl_verkey_putnum(k, s + nb, we - nb)) != 0)
    goto toobig;
  return 0;
toobig:
  return vl_diag_set(d, VL_ETOOBIG, "version key longer than %d bytes",
                     VL_VERKEY_MAX);
}
