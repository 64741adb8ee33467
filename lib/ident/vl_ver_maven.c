/* Maven ComparableVersion keys (maven-artifact 3.x).
 *
 * Parsing follows ComparableVersion 3.x: the version is lowercased; "." ends
 * an item, "-" ends an item and opens a sub-list, a digit/letter transition
 * ends an item and opens a sub-list; an empty item before "." or "-" is 0;
 * a one-letter a/b/m directly followed by a digit means alpha/beta/
 * milestone; ga and final mean "" (release), cr means rc.  Each list is then
 * normalised from its end: null items (0, "", empty list) are dropped, the
 * walk passes over non-null sub-lists and stops at the first non-null
 * number or string.  A list compared with a missing item compares all its
 * items with null (MNG-6964).  The later rule that treats a string
 * qualifier after "." like one after "-" (present in maven-artifact 3.8.7,
 * checked with Debian's jar) is not applied: the univers reference data
 * orders "2-1" before "2.0.a", as Maven 3.6 did; 3.8.7 disagrees with that
 * data on 6 of its 977 cases (3 distinct pairs).  Digits are ASCII; other bytes are letters
 * and are compared as bytes (Java compares UTF-16 units after Unicode
 * lowercasing; the two agree on ASCII).
 *
 * ComparableVersion is not a total order: an item is compared with a missing
 * item ("null") by value but with a present item by kind (number > list >
 * string), which gives cycles such as 1.sp > 1 > 1-alpha > 1.sp and
 * 1 > 1.0.alpha > 1-1 > 1.  No memcmp key can reproduce a cycle.  The key
 * therefore orders the items at the first difference by how the rest of the
 * list compares with null (below / equal / above) first and by kind and
 * value second.  This agrees with Maven on every comparison that is not part
 * of such a cycle; on the cyclic ones it keeps the null ordering (so 1.sp >
 * 1-alpha and 1.0.alpha < 1-1, which is also what Maven 3.8.7 answers).
 *
 * Key of a list: per item a marker, then the item; then 0x20 (end).
 * Marker = 0x10 + kind if the list from this item on is below null, 0x30 +
 * kind if above (kind: string 0, list 1, number 2).  A number is num(digits);
 * a string is its qualifier rank (alpha 0, beta 1, milestone 2, rc 3,
 * snapshot 4, release 5, sp 6) or 7 followed by its bytes and 0x00 for an
 * unknown qualifier (ordered lexically after sp); a list is its own key. */
#include <stdint.h>
#include <string.h>

#include "vl_ver_internal.h"

enum kind { K_STR = 0, K_LIST = 1, K_INT = 2 };

#define MAX_ITEMS (2 * VL_VERSION_MAX + 4)

struct item {
  uint16_t b, n;       /* K_INT, K_STR: text span in the input */
  int16_t first, last; /* K_LIST: children, -1 if none */
  int16_t prev, next;  /* siblings, -1 at the ends */
  int8_t kind;         /* enum kind */
  int8_t rank;         /* K_STR: 0..6 known qualifier, 7 unknown */
  int8_t zero;         /* K_INT: value is 0 */
  int8_t nullc;        /* sign of this item compared with a missing one */
  int8_t suffix;       /* sign of the list from this item on vs. missing */
};

struct tree {
  struct item it[MAX_ITEMS];
  int n;
  int16_t lists[MAX_ITEMS]; /* list items in creation order */
  int nlists;
};

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static char lower(char c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }

static int new_item(struct tree *t, enum kind k) {
  if (t->n >= MAX_ITEMS) return -1;
  int i = t->n++;
  memset(&t->it[i], 0, sizeof(t->it[i]));
  t->it[i].kind = (int8_t)k;
  t->it[i].first = t->it[i].last = -1;
  t->it[i].prev = t->it[i].next = -1;
  if (k == K_LIST) t->lists[t->nlists++] = (int16_t)i;
  return i;
}

static void append(struct tree *t, int list, int child) {
  struct item *l = &t->it[list];
  t->it[child].prev = l->last;
  if (l->last >= 0)
    t->it[l->last].next = (int16_t)child;
  else
    l->first = (int16_t)child;
  l->last = (int16_t)child;
}

static int word_eq(const char *s, size_t b, size_t n, const char *w) {
  if (strlen(w) != n) return 0;
  for (size_t j = 0; j < n; j++)
    if (lower(s[b + j]) != w[j]) return 0;
  return 1;
}

static int qualifier_rank(const char *s, size_t b, size_t n,
                          int followed_by_digit) {
  if (followed_by_digit && n == 1) {
    char c = lower(s[b]);
    if (c == 'a') return 0;
    if (c == 'b') return 1;
    if (c == 'm') return 2;
  }
  static const char *const known[] = {"alpha", "beta", "milestone", "rc",
                                      "snapshot", "", "sp"};
  for (int r = 0; r < (int)VL_ARRAY_LEN(known); r++)
    if (word_eq(s, b, n, known[r])) return r;
  if (word_eq(s, b, n, "ga") || word_eq(s, b, n, "final")) return 5;
  if (word_eq(s, b, n, "cr")) return 3;
  return 7;
}

/* Adds the item s[b..e) (digits if is_num) to list; returns 0 or -1. */
static int add_token(struct tree *t, int list, const char *s, size_t b,
                     size_t e, int is_num, int followed_by_digit) {
  int i = new_item(t, is_num ? K_INT : K_STR);
  if (i < 0) return -1;
  struct item *x = &t->it[i];
  x->b = (uint16_t)b;
  x->n = (uint16_t)(e - b);
  if (is_num) {
    x->zero = 1;
    for (size_t j = b; j < e; j++)
      if (s[j] != '0') x->zero = 0;
  } else {
    x->rank = (int8_t)qualifier_rank(s, b, e - b, followed_by_digit);
  }
  append(t, list, i);
  return 0;
}

static int add_zero(struct tree *t, int list) {
  int i = new_item(t, K_INT);
  if (i < 0) return -1;
  t->it[i].zero = 1;
  append(t, list, i);
  return 0;
}

static int open_list(struct tree *t, int *list) {
  int l = new_item(t, K_LIST);
  if (l < 0) return -1;
  append(t, *list, l);
  *list = l;
  return 0;
}

static int is_null(const struct tree *t, int i) {
  const struct item *x = &t->it[i];
  if (x->kind == K_INT) return x->zero;
  if (x->kind == K_STR) return x->rank == 5;
  return x->first < 0;
}

static void normalize(struct tree *t, int list) {
  struct item *l = &t->it[list];
  int i = l->last;
  while (i >= 0) {
    int prev = t->it[i].prev;
    if (is_null(t, i)) {
      if (prev >= 0)
        t->it[prev].next = t->it[i].next;
      else
        l->first = t->it[i].next;
      if (t->it[i].next >= 0)
        t->it[t->it[i].next].prev = prev;
      else
        l->last = prev;
    } else if (t->it[i].kind != K_LIST) {
      break;
    }
    i = prev;
  }
}

static int parse(const char *s, size_t len, struct tree *t,
                 struct vl_diag *d) {
  t->n = t->nlists = 0;
  int root = new_item(t, K_LIST);
  int list = root;
  int digit = 0;
  size_t start = 0;
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    int rc = 0;
    if (c == '\0')
      return vl_diag_set(d, VL_EPARSE, "maven: NUL byte at offset %zu", i);
    if (c == '.' || c == '-') {
      rc = (i == start) ? add_zero(t, list)
                        : add_token(t, list, s, start, i, digit, 0);
      start = i + 1;
      if (!rc && c == '-') rc = open_list(t, &list);
    } else if (is_digit(c)) {
      if (!digit && i > start) {
        rc = add_token(t, list, s, start, i, 0, 1);
        start = i;
        if (!rc) rc = open_list(t, &list);
      }
      digit = 1;
    } else {
      if (digit && i > start) {
        rc = add_token(t, list, s, start, i, 1, 0);
        start = i;
        if (!rc) rc = open_list(t, &list);
      }
      digit = 0;
    }
    if (rc) return vl_diag_set(d, VL_ETOOBIG, "maven: too many items");
  }
  if (len > start && add_token(t, list, s, start, len, digit, 0))
    return vl_diag_set(d, VL_ETOOBIG, "maven: too many items");
  for (int j = t->nlists - 1; j >= 0; j--) normalize(t, t->lists[j]);
  return 0;
}

/* Computes nullc and suffix of every item, innermost lists first (they
 * were created after their parents). */
static void compute_signs(struct tree *t) {
  for (int j = t->nlists - 1; j >= 0; j--) {
    struct item *l = &t->it[t->lists[j]];
    int sg = 0;
    for (int c = l->last; c >= 0; c = t->it[c].prev) {
      struct item *x = &t->it[c];
      if (x->kind == K_INT) x->nullc = x->zero ? 0 : 1;
      if (x->kind == K_STR) x->nullc = x->rank < 5 ? -1 : x->rank > 5;
      /* K_LIST: set when that list was processed */
      if (x->nullc) sg = x->nullc;
      x->suffix = (int8_t)sg;
    }
    l->nullc = (int8_t)sg;
  }
}

static int encode_list(const struct tree *t, const char *s, int list,
                       struct vl_verkey *k) {
  int rc;
  for (int c = t->it[list].first; c >= 0; c = t->it[c].next) {
    const struct item *x = &t->it[c];
    /* Normalisation leaves no non-empty suffix equal to null; if one ever
     * did, it would compare like the end of the list. */
    if (x->suffix == 0) break;
    unsigned char m = (unsigned char)((x->suffix < 0 ? 0x10 : 0x30) + x->kind);
    if ((rc = vl_verkey_putc(k, m))) return rc;
    switch (x->kind) {
      case K_INT:
        rc = x->n ? vl_verkey_putnum(k, s + x->b, x->n)
                  : vl_verkey_putnum(k, "0", 1);
        break;
      case K_STR:
        rc = vl_verkey_putc(k, (unsigned char)x->rank);
        if (!rc && x->rank == 7) {
          for (size_t b = 0; !rc && b < x->n; b++)
            rc = vl_verkey_putc(k, (unsigned char)lower(s[x->b + b]));
          if (!rc) rc = vl_verkey_putc(k, 0x00);
        }
        break;
      default: rc = encode_list(t, s, c, k); break;
    }
    if (rc) return rc;
  }
  return vl_verkey_putc(k, 0x20);
}

int vl_ver_maven_key(const char *s, size_t len, struct vl_verkey *k,
                     struct vl_diag *d) {
  struct tree t; /* about 8 KiB */
  if (len > VL_VERSION_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "maven: version longer than %d bytes",
                       VL_VERSION_MAX);
  int rc = parse(s, len, &t, d);
  if (rc) return rc;
  compute_signs(&t);
  rc = encode_list(&t, s, 0, k);
  if (rc)
    return vl_diag_set(d, rc, "maven: key longer than %d bytes",
                       VL_VERKEY_MAX);
  return 0;
}
