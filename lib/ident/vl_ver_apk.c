/* The apk scheme: Alpine package versions as apk-tools orders them.
 *
 * apk-tools reads a version as a chain of tokens, each of a type that
 * depends on the character that introduces it:
 *   digit run  (the first one, or after a letter)           DIGIT
 *   "." digits                                               DOT
 *   one lower-case letter right after digits                 LETTER
 *   "_" suffix word: alpha beta pre rc (pre-release),
 *                    cvs svn git hg p (post-release)         SUFFIX
 *   digits right after a suffix word                         SUFFIX_NO
 *   "-r" digits                                              REVISION
 * Types must come in this order (DOT may follow DIGIT again, SUFFIX may
 * follow SUFFIX_NO, DIGIT may follow LETTER); anything else is invalid and
 * refused, as is the empty string.  A DOT run that starts with zeros is
 * special: the zeros are one token worth minus their count, and the digits
 * after them a separate DIGIT token (so "1.05" < "1.1" and "1.00" < "1.0").
 *
 * Two versions compare token by token: first the values; where the next
 * token types differ, a pre-release suffix loses to everything, then
 *   end < REVISION < SUFFIX_NO < post suffix < LETTER < DIGIT < DOT.
 *
 * Key: value of the first token, then for each further token a type byte
 * (0x01 pre suffix, 0x02 end, 0x03 revision, 0x04 suffix number, 0x05 post
 * suffix, 0x06 letter, 0x07 digit, 0x08 dot) and its value (putnum for
 * numbers; for DOT 0x00 and 65535 - zeros as two bytes, or 0x01 putnum;
 * the letter itself; the suffix word's index). */
#include <string.h>

#include "vl_ver_internal.h"

/* apk-tools' token types, in its order (the order matters for validity). */
enum tok { T_INVALID = -1, T_DOT, T_DIGIT, T_LETTER, T_SUFFIX, T_SUFFIX_NO,
           T_REV, T_END };

static const char *const pre_suffixes[] = {"alpha", "beta", "pre", "rc"};
static const char *const post_suffixes[] = {"cvs", "svn", "git", "hg", "p"};

static int is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
static int is_lower(unsigned char c) { return c >= 'a' && c <= 'z'; }

struct cur {
  const char *p; /* next byte */
  size_t n;      /* bytes left */
};

/* apk-tools' next_token(): the type of the token that starts at c. */
static enum tok next_type(enum tok t, struct cur *c) {
  enum tok n = T_INVALID;
  if (c->n == 0) return T_END;
  unsigned char ch = (unsigned char)c->p[0];
  if ((t == T_DIGIT || t == T_DOT) && is_lower(ch)) {
    n = T_LETTER;
  } else if (t == T_LETTER && is_digit(ch)) {
    n = T_DIGIT;
  } else if (t == T_SUFFIX && is_digit(ch)) {
    n = T_SUFFIX_NO;
  } else {
    if (ch == '.') {
      n = T_DOT;
    } else if (ch == '_') {
      n = T_SUFFIX;
    } else if (ch == '-' && c->n > 1 && c->p[1] == 'r') {
      n = T_REV;
      c->p++;
      c->n--;
    }
    c->p++;
    c->n--;
  }
  if (n < t && !((n == T_DOT && t == T_DIGIT) ||
                 (n == T_SUFFIX && t == T_SUFFIX_NO) ||
                 (n == T_DIGIT && t == T_LETTER)))
    n = T_INVALID;
  return n;
}

static int put_number(struct vl_verkey *k, struct cur *c) {
  size_t i = 0;
  while (i < c->n && is_digit((unsigned char)c->p[i])) i++;
  int rc = vl_verkey_putnum(k, c->p, i);
  c->p += i;
  c->n -= i;
  return rc;
}

static int match_word(const char *const *words, size_t nw, const struct cur *c,
                      size_t *len) {
  for (size_t w = 0; w < nw; w++) {
    size_t l = strlen(words[w]);
    if (l <= c->n && memcmp(words[w], c->p, l) == 0) {
      *len = l;
      return (int)w;
    }
  }
  return -1;
}

int vl_ver_apk_key(const char *s, size_t len, struct vl_verkey *k,
                   struct vl_diag *d) {
  if (len == 0) return vl_diag_set(d, VL_EPARSE, "empty version");
  struct cur c = {s, len};
  enum tok t = T_DIGIT;
  int rc = 0;
  for (;;) {
    size_t at = (size_t)(c.p - s);
    int forced_digit = 0;
    if (c.n == 0) {
      /* A separator at the very end: apk-tools gives its token value 0. */
      if (t == T_DOT) rc = vl_verkey_putc(k, 0x01);
      if (rc == 0) rc = vl_verkey_putnum(k, "", 0);
      if (rc) goto toobig;
      break;
    }
    switch (t) {
      case T_DOT:
        if (c.p[0] == '0') {
          size_t z = 0;
          while (z < c.n && c.p[z] == '0') z++;
          unsigned v = 65535u - (unsigned)z;
          unsigned char b[3] = {0x00, (unsigned char)(v >> 8),
                                (unsigned char)v};
          rc = vl_verkey_put(k, b, 3);
          c.p += z;
          c.n -= z;
          forced_digit = 1;
        } else {
          if ((rc = vl_verkey_putc(k, 0x01)) == 0) rc = put_number(k, &c);
        }
        break;
      case T_DIGIT:
      case T_SUFFIX_NO:
      case T_REV:
        rc = put_number(k, &c);
        break;
      case T_LETTER:
        rc = vl_verkey_putc(k, (unsigned char)c.p[0]);
        c.p++;
        c.n--;
        break;
      case T_SUFFIX: {
        size_t l = 0;
        int w = match_word(pre_suffixes, VL_ARRAY_LEN(pre_suffixes), &c, &l);
        if (w < 0)
          w = match_word(post_suffixes, VL_ARRAY_LEN(post_suffixes), &c, &l);
        if (w < 0)
          return vl_diag_set(d, VL_EPARSE,
                             "unknown suffix at position %zu", at + 1);
        rc = vl_verkey_putc(k, (unsigned char)w);
        c.p += l;
        c.n -= l;
        break;
      }
      default:
        return vl_diag_set(d, VL_EINTERNAL, "apk tokenizer state");
    }
    if (rc) goto toobig;
    if (c.n == 0) break;
    size_t npos = (size_t)(c.p - s);
    t = forced_digit ? T_DIGIT : next_type(t, &c);
    if (t == T_INVALID)
      return vl_diag_set(d, VL_EPARSE, "invalid character at position %zu",
                         npos + 1);
    if (t == T_END) break;
    unsigned char tb;
    switch (t) {
      case T_REV: tb = 0x03; break;
      case T_SUFFIX_NO: tb = 0x04; break;
      case T_SUFFIX: {
        size_t l;
        tb = match_word(pre_suffixes, VL_ARRAY_LEN(pre_suffixes), &c, &l) >= 0
                 ? 0x01 : 0x05;
        break;
      }
      case T_LETTER: tb = 0x06; break;
      case T_DIGIT: tb = 0x07; break;
      default: tb = 0x08; break; /* T_DOT */
    }
    if ((rc = vl_verkey_putc(k, tb)) != 0) goto toobig;
  }
  if ((rc = vl_verkey_putc(k, 0x02)) != 0) goto toobig;
  return 0;
toobig:
  return vl_diag_set(d, VL_ETOOBIG, "version key longer than %d bytes",
                     VL_VERKEY_MAX);
}
