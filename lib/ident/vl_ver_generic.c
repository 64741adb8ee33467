/* The generic scheme: upstream version strings as NVD records them.
 *
 * This is the fallback for arbitrary vendor strings, so it accepts any
 * printable input (bytes >= 0x80 are taken as letters); it fails only on an
 * empty string, on control bytes, or when the key would not fit.
 *
 * Rules (a key is a sequence of components, then an end mark):
 *  - Letters are case-insensitive.  A leading "v" or "V" directly before a
 *    digit is ignored ("v1.2" == "1.2").
 *  - The string splits into digit runs, letter runs and separators.  Every
 *    byte that is not a letter or digit is a separator ("." "-" "_" "+" ...);
 *    separators only delimit, so "1.0-1" == "1.0.1" == "1_0_1".
 *  - Digit runs compare numerically, leading zeros ignored ("1.02" == "1.2").
 *    Zero components at the end of a run of numbers that is followed by the
 *    end or by a pre-release word are dropped ("1.0.0" == "1.0" == "1",
 *    "7.0.0-rc1" == "7.0-rc1"), so only real differences count.
 *  - A pre-release word sorts before the release it qualifies:
 *        dev < snapshot < alpha < beta == ea < milestone == m
 *            < pre == preview < rc == cr  <  (end)
 *    ("7.0.0-rc1" < "7.0.0"), and a number after the word orders within it
 *    ("rc1" < "rc2").  The one-letter word "m" and the two-letter words "cr"
 *    and "ea" count as pre-release words only after a separator or at the
 *    start ("1.0-m1"), because "1.1.1m" is an OpenSSL letter release.
 *  - The words "final", "release" and "ga" after a separator mean the
 *    release itself and are ignored ("5.4.24.Final" == "5.4.24",
 *    "5.3.18.RELEASE" == "5.3.18").
 *  - Any other letter run sorts after the end, so "1.0.2" < "1.0.2a" <
 *    "1.0.2b" and "1.1.1m" < "1.1.1n"; letter runs compare alphabetically with
 *    a prefix first ("1.0.2z" < "1.0.2za" < "1.0.2zd"), and Junos
 *    "12.2R3" < "12.2R3-S1".
 *  - A further number sorts after the end ("5.4.13" < "5.4.13.1") and after
 *    a letter run at the same position ("1.0a" < "1.0.1").
 *
 * Key bytes: 0x01 rank = pre-release word, 0x02 = end, 0x03 letters 0x00 =
 * letter run, 0x04 putnum = number. */
#include <string.h>

#include "vl_ver_internal.h"

enum { T_PRE = 0x01, T_END = 0x02, T_ALPHA = 0x03, T_NUM = 0x04 };

/* One component of the parsed string: offsets into the lowered copy. */
struct comp {
  unsigned char type; /* T_PRE, T_ALPHA or T_NUM */
  unsigned char rank; /* pre-release rank for T_PRE */
  unsigned short off; /* start in the lowered copy */
  unsigned short len; /* length in bytes */
};

static const struct {
  const char *word;
  unsigned char rank;
  unsigned char after_digit; /* also a pre-release word right after a digit */
} pre_words[] = {
    {"dev", 1, 1},       {"snapshot", 2, 1}, {"alpha", 3, 1},
    {"beta", 4, 1},      {"ea", 4, 0},       {"milestone", 5, 1},
    {"m", 5, 0},         {"pre", 6, 1},      {"preview", 6, 1},
    {"rc", 7, 1},        {"cr", 7, 0},
};

static int pre_rank(const char *w, size_t n, int after_digit) {
  for (size_t i = 0; i < VL_ARRAY_LEN(pre_words); i++)
    if (strlen(pre_words[i].word) == n && memcmp(pre_words[i].word, w, n) == 0)
      return (after_digit && !pre_words[i].after_digit) ? 0 : pre_words[i].rank;
  return 0;
}

static int is_release_word(const char *w, size_t n) {
  return (n == 5 && memcmp(w, "final", 5) == 0) ||
         (n == 7 && memcmp(w, "release", 7) == 0) ||
         (n == 2 && memcmp(w, "ga", 2) == 0);
}

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_letter(unsigned char c) {
  return (c >= 'a' && c <= 'z') || c >= 0x80;
}

int vl_ver_generic_key(const char *s, size_t len, struct vl_verkey *k,
                       struct vl_diag *d) {
  char low[VL_VERSION_MAX];
  struct comp comps[VL_VERSION_MAX];
  size_t nc = 0;
  int rc;

  if (len == 0) return vl_diag_set(d, VL_EPARSE, "empty version");
  if (len > VL_VERSION_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "version longer than %d bytes",
                       VL_VERSION_MAX);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x20 || c == 0x7f)
      return vl_diag_set(d, VL_EPARSE,
                         "control byte 0x%02x at position %zu", c, i + 1);
    low[i] = (char)((c >= 'A' && c <= 'Z') ? c + ('a' - 'A') : c);
  }

  size_t i = 0;
  if (len >= 2 && low[0] == 'v' && is_digit((unsigned char)low[1])) i = 1;
  while (i < len) {
    unsigned char c = (unsigned char)low[i];
    size_t j = i;
    if (is_digit(c)) {
      while (j < len && is_digit((unsigned char)low[j])) j++;
      comps[nc++] = (struct comp){T_NUM, 0, (unsigned short)i,
                                  (unsigned short)(j - i)};
    } else if (is_letter(c)) {
      while (j < len && is_letter((unsigned char)low[j])) j++;
      int after_digit = i > 0 && is_digit((unsigned char)low[i - 1]);
      int r = pre_rank(low + i, j - i, after_digit);
      if (!after_digit && is_release_word(low + i, j - i)) {
        i = j;
        continue;
      }
      comps[nc++] = (struct comp){r ? T_PRE : T_ALPHA, (unsigned char)r,
                                  (unsigned short)i, (unsigned short)(j - i)};
    } else {
      j = i + 1; /* separator */
    }
    i = j;
  }

  for (size_t n = 0; n < nc; n++) {
    const struct comp *c = &comps[n];
    if (c->type == T_NUM) {
      /* Drop trailing zero numbers of a run that ends at the end or at a
       * pre-release word (but never the run's first number). */
      int zero = 1;
      for (size_t z = 0; z < c->len; z++)
        if (low[c->off + z] != '0') zero = 0;
      if (zero && n > 0 && comps[n - 1].type == T_NUM) {
        size_t m = n;
        while (m < nc && comps[m].type == T_NUM) {
          int mz = 1;
          for (size_t z = 0; z < comps[m].len; z++)
            if (low[comps[m].off + z] != '0') mz = 0;
          if (!mz) break;
          m++;
        }
        if (m == nc || comps[m].type == T_PRE) {
          n = m - 1;
          continue;
        }
      }
      if ((rc = vl_verkey_putc(k, T_NUM)) != 0 ||
          (rc = vl_verkey_putnum(k, low + c->off, c->len)) != 0)
        goto toobig;
    } else if (c->type == T_PRE) {
      if ((rc = vl_verkey_putc(k, T_PRE)) != 0 ||
          (rc = vl_verkey_putc(k, c->rank)) != 0)
        goto toobig;
    } else {
      if ((rc = vl_verkey_putc(k, T_ALPHA)) != 0 ||
          (rc = vl_verkey_put(k, low + c->off, c->len)) != 0 ||
          (rc = vl_verkey_putc(k, 0)) != 0)
        goto toobig;
    }
  }
  if ((rc = vl_verkey_putc(k, T_END)) != 0) goto toobig;
  return 0;

toobig:
  return vl_diag_set(d, VL_ETOOBIG, "version key longer than %d bytes",
                     VL_VERKEY_MAX);
}
