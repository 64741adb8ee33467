/* CPE 2.3: WFN, formatted-string and URI bindings (NISTIR 7695) and name
 * matching (NISTIR 7696).  Written from the specifications.
 *
 * Both parsers first turn a component into a short array of logical
 * characters (struct tok): a character plus whether it is quoted (a literal
 * punctuation character) or, for '*' and '?', an unquoted wildcard.  One
 * checker then enforces the WFN rules on that array and one writer produces
 * the WFN form, so the two bindings cannot drift apart. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "vulnloop/cpe.h"

static const char *const attr_names[VL_CPE_NATTR] = {
    "part",     "vendor",     "product",   "version",   "update", "edition",
    "language", "sw_edition", "target_sw", "target_hw", "other"};

const char *vl_cpe_attr_name(int id) {
  if (id < 0 || id >= VL_CPE_NATTR) return "?";
  return attr_names[id];
}

const char *vl_cpe_rel_name(enum vl_cpe_rel r) {
  switch (r) {
  case VL_CPE_REL_DISJOINT: return "disjoint";
  case VL_CPE_REL_SUBSET: return "subset";
  case VL_CPE_REL_SUPERSET: return "superset";
  case VL_CPE_REL_EQUAL: return "equal";
  case VL_CPE_REL_UNDEFINED: return "undefined";
  }
  return "?";
}

void vl_cpe_init(struct vl_cpe *c) { memset(c, 0, sizeof(*c)); }

/* ------------------------------------------------------------ tokens */

/* One logical character of an attribute value. */
struct tok {
  char c;         /* the character (as written; case kept) */
  bool quoted;    /* a literal punctuation character */
  size_t col;     /* 1-based column in the input, for messages */
};

/* Longest value in logical characters; every WFN char needs >= 1 byte. */
#define TOK_MAX (VL_CPE_VALUE_MAX - 1)

struct toks {
  struct tok t[TOK_MAX];
  size_t n;
};

static bool is_wordc(unsigned char c) { return isalnum(c) || c == '_'; }
static bool is_punct_ascii(unsigned char c) {
  return c >= 0x21 && c <= 0x7e && !is_wordc(c);
}
static bool is_wild(const struct tok *t) {
  return !t->quoted && (t->c == '*' || t->c == '?');
}

static int tok_push(struct toks *ts, char c, bool quoted, size_t col,
                    const char *what, struct vl_diag *d) {
  if (ts->n >= TOK_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "column %zu: %s longer than %d characters",
                       col, what, TOK_MAX);
  /* Letters, digits and '_' are never quoted in the normal form. */
  if (is_wordc((unsigned char)c)) quoted = false;
  ts->t[ts->n].c = c;
  ts->t[ts->n].quoted = quoted;
  ts->t[ts->n].col = col;
  ts->n++;
  return 0;
}

/* Checks the WFN rules of NISTIR 7695 5.3.2 on a decoded value and sets
 * attr from it.  A lone unquoted '*' means ANY. */
static int toks_to_attr(const struct toks *ts, int id, size_t col0,
                        struct vl_cpe_attr *attr, struct vl_diag *d) {
  const char *what = attr_names[id];
  size_t n = ts->n;
  if (n == 0)
    return vl_diag_set(d, VL_EPARSE, "column %zu: empty %s", col0, what);
  if (n == 1 && !ts->t[0].quoted && ts->t[0].c == '*') {
    attr->kind = VL_CPE_ANY;
    attr->v[0] = '\0';
    return 0;
  }
  for (size_t i = 0; i < n; i++) {
    const struct tok *t = &ts->t[i];
    if (t->quoted || (t->c != '*' && t->c != '?')) continue;
    if (t->c == '*') {
      if ((i != 0 && i != n - 1) ||
          (i + 1 < n && !ts->t[i + 1].quoted && ts->t[i + 1].c == '*'))
        return vl_diag_set(d, VL_EPARSE,
                           "column %zu: unquoted '*' inside %s (only one, at "
                           "the start or end, is allowed)",
                           t->col, what);
    } else {
      bool lead = true, trail = true;
      for (size_t j = 0; j < i && lead; j++)
        lead = !ts->t[j].quoted && ts->t[j].c == '?';
      for (size_t j = i + 1; j < n && trail; j++)
        trail = !ts->t[j].quoted && ts->t[j].c == '?';
      if (!lead && !trail)
        return vl_diag_set(d, VL_EPARSE,
                           "column %zu: unquoted '?' inside %s (only at the "
                           "start or end)",
                           t->col, what);
    }
  }
  if (id == VL_CPE_PART) {
    char p = (char)tolower((unsigned char)ts->t[0].c);
    if (n != 1 || (p != 'a' && p != 'o' && p != 'h'))
      return vl_diag_set(d, VL_EPARSE,
                         "column %zu: part must be a, o or h", ts->t[0].col);
    attr->kind = VL_CPE_VALUE;
    attr->v[0] = p;
    attr->v[1] = '\0';
    return 0;
  }
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    size_t need = ts->t[i].quoted ? 2 : 1;
    if (w + need >= VL_CPE_VALUE_MAX)
      return vl_diag_set(d, VL_ETOOBIG, "column %zu: %s too long", ts->t[i].col,
                         what);
    if (ts->t[i].quoted) attr->v[w++] = '\\';
    attr->v[w++] = ts->t[i].c;
  }
  attr->v[w] = '\0';
  attr->kind = VL_CPE_VALUE;
  return 0;
}

/* --------------------------------------------------------------- WFN form */

int vl_cpe_set(struct vl_cpe *c, int id, const char *v, struct vl_diag *d) {
  if (id < 0 || id >= VL_CPE_NATTR)
    return vl_diag_set(d, VL_EINVAL, "no CPE attribute %d", id);
  struct vl_cpe_attr *a = &c->attr[id];
  if (!v || strcmp(v, "<ANY>") == 0) {
    a->kind = VL_CPE_ANY;
    a->v[0] = '\0';
    return 0;
  }
  if (strcmp(v, "<NA>") == 0) {
    a->kind = VL_CPE_NA;
    a->v[0] = '\0';
    return 0;
  }
  struct toks ts;
  ts.n = 0;
  for (size_t i = 0; v[i]; i++) {
    unsigned char ch = (unsigned char)v[i];
    int rc;
    if (ch == '\\') {
      unsigned char nx = (unsigned char)v[i + 1];
      if (nx < 0x21 || nx > 0x7e)
        return vl_diag_set(d, VL_EINVAL,
                           "column %zu: backslash must quote a printable "
                           "character in %s",
                           i + 1, attr_names[id]);
      rc = tok_push(&ts, (char)nx, true, i + 1, attr_names[id], d);
      i++;
    } else if (is_wordc(ch) || ch == '*' || ch == '?') {
      rc = tok_push(&ts, (char)ch, false, i + 1, attr_names[id], d);
    } else if (is_punct_ascii(ch)) {
      /* Lenient, like the formatted-string parser: unquoted punctuation
       * ("1.2") is taken as the literal and stored quoted. */
      rc = tok_push(&ts, (char)ch, true, i + 1, attr_names[id], d);
    } else {
      return vl_diag_set(d, VL_EINVAL,
                         "column %zu: character 0x%02x not allowed in a WFN "
                         "%s value",
                         i + 1, ch, attr_names[id]);
    }
    if (rc) return rc;
  }
  int rc = toks_to_attr(&ts, id, 1, a, d);
  if (rc == VL_EPARSE) {
    if (d) d->code = VL_EINVAL;
    return VL_EINVAL;
  }
  return rc;
}

/* ------------------------------------------------- formatted string (2.3) */

#define FS_PREFIX "cpe:2.3:"
#define FS_PREFIX_LEN 8

/* Decodes one formatted-string component starting at *pos into ts (or sets
 * *kind for "*" and "-").  Leaves *pos on the ':' or at len. */
static int fs_component(const char *s, size_t len, size_t *pos, int id,
                        struct toks *ts, enum vl_cpe_kind *kind,
                        struct vl_diag *d) {
  size_t start = *pos, i = *pos;
  ts->n = 0;
  while (i < len && s[i] != ':') {
    unsigned char ch = (unsigned char)s[i];
    int rc;
    if (ch == '\\') {
      if (i + 1 >= len)
        return vl_diag_set(d, VL_EPARSE, "column %zu: backslash at the end",
                           i + 1);
      unsigned char nx = (unsigned char)s[i + 1];
      if (nx < 0x21 || nx > 0x7e)
        return vl_diag_set(d, VL_EPARSE,
                           "column %zu: backslash before a non-printable "
                           "character in %s",
                           i + 1, attr_names[id]);
      rc = tok_push(ts, (char)nx, true, i + 1, attr_names[id], d);
      i += 2;
    } else if (is_wordc(ch) || ch == '*' || ch == '?') {
      rc = tok_push(ts, (char)ch, false, i + 1, attr_names[id], d);
      i++;
    } else if (is_punct_ascii(ch)) {
      /* '.', '-' and (leniently, as the NIST reference does) any other
       * printable punctuation written unquoted is a literal. */
      rc = tok_push(ts, (char)ch, true, i + 1, attr_names[id], d);
      i++;
    } else {
      return vl_diag_set(d, VL_EPARSE,
                         "column %zu: character 0x%02x not allowed in %s",
                         i + 1, ch, attr_names[id]);
    }
    if (rc) return rc;
  }
  *pos = i;
  size_t n = i - start;
  if (n == 0)
    return vl_diag_set(d, VL_EPARSE, "column %zu: empty %s component",
                       start + 1, attr_names[id]);
  if (n == 1 && s[start] == '*') {
    *kind = VL_CPE_ANY;
  } else if (n == 1 && s[start] == '-') {
    *kind = VL_CPE_NA;
  } else {
    *kind = VL_CPE_VALUE;
  }
  return 0;
}

/* Walks all 11 components; calls back for each (stores into c or key). */
static int fs_walk(const char *s, size_t len, struct vl_cpe *c,
                   struct vl_cpe_key *key, struct vl_diag *d) {
  if (len > VL_CPE_STR_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "CPE longer than %d bytes",
                       VL_CPE_STR_MAX);
  if (len < FS_PREFIX_LEN || strncasecmp(s, FS_PREFIX, FS_PREFIX_LEN) != 0)
    return vl_diag_set(d, VL_EPARSE,
                       "column 1: a formatted string starts with \"cpe:2.3:\"");
  struct toks ts;
  struct vl_cpe_attr tmp;
  size_t pos = FS_PREFIX_LEN;
  for (int id = 0; id < VL_CPE_NATTR; id++) {
    if (id > 0) {
      if (pos >= len)
        return vl_diag_set(d, VL_EPARSE,
                           "column %zu: only %d components, 11 expected",
                           len + 1, id);
      pos++; /* the ':' */
    }
    size_t col0 = pos + 1;
    enum vl_cpe_kind kind = VL_CPE_ANY;
    int rc = fs_component(s, len, &pos, id, &ts, &kind, d);
    if (rc) return rc;
    struct vl_cpe_attr *a = c ? &c->attr[id] : &tmp;
    if (kind == VL_CPE_VALUE) {
      rc = toks_to_attr(&ts, id, col0, a, d);
      if (rc) return rc;
    } else {
      if (id == VL_CPE_PART && kind == VL_CPE_NA)
        return vl_diag_set(d, VL_EPARSE, "column %zu: part cannot be NA",
                           col0);
      a->kind = kind;
      a->v[0] = '\0';
    }
    if (key) {
      struct vl_cpe_keyattr *ka = NULL;
      switch (id) {
      case VL_CPE_PART:
        key->part = a->kind == VL_CPE_VALUE ? a->v[0] : '*';
        break;
      case VL_CPE_VENDOR: ka = &key->vendor; break;
      case VL_CPE_PRODUCT: ka = &key->product; break;
      case VL_CPE_VERSION: ka = &key->version; break;
      case VL_CPE_UPDATE: ka = &key->update; break;
      default: break;
      }
      if (ka) {
        ka->kind = a->kind;
        ka->wild = false;
        size_t w = 0;
        if (a->kind == VL_CPE_VALUE) {
          for (size_t k = 0; k < ts.n; k++) {
            ka->text[w++] = (char)tolower((unsigned char)ts.t[k].c);
            if (is_wild(&ts.t[k])) ka->wild = true;
          }
        }
        ka->text[w] = '\0';
      }
    }
  }
  if (pos < len)
    return vl_diag_set(d, VL_EPARSE,
                       "column %zu: more than 11 components", pos + 1);
  return 0;
}

int vl_cpe_parse_fs(const char *s, size_t len, struct vl_cpe *out,
                    struct vl_diag *d) {
  struct vl_cpe c;
  vl_cpe_init(&c);
  int rc = fs_walk(s, len, &c, NULL, d);
  if (rc) return rc;
  *out = c;
  return 0;
}

int vl_cpe_key_fs(const char *s, size_t len, struct vl_cpe_key *out,
                  struct vl_diag *d) {
  struct vl_cpe_key k;
  memset(&k, 0, sizeof(k));
  int rc = fs_walk(s, len, NULL, &k, d);
  if (rc) return rc;
  *out = k;
  return 0;
}

static void key_attr_of(const struct vl_cpe_attr *a, struct vl_cpe_keyattr *k) {
  size_t w = 0;
  k->kind = a->kind;
  k->wild = false;
  for (const char *p = a->v; *p && w + 1 < sizeof(k->text); p++) {
    bool quoted = false;
    if (*p == '\\' && p[1]) {
      p++;
      quoted = true;
    }
    if (!quoted && (*p == '*' || *p == '?')) k->wild = true;
    k->text[w++] = (char)tolower((unsigned char)*p);
  }
  k->text[w] = '\0';
}

void vl_cpe_key_of(const struct vl_cpe *c, struct vl_cpe_key *out) {
  memset(out, 0, sizeof(*out));
  const struct vl_cpe_attr *part = &c->attr[VL_CPE_PART];
  out->part = part->kind == VL_CPE_VALUE ? part->v[0] : '*';
  key_attr_of(&c->attr[VL_CPE_VENDOR], &out->vendor);
  key_attr_of(&c->attr[VL_CPE_PRODUCT], &out->product);
  key_attr_of(&c->attr[VL_CPE_VERSION], &out->version);
  key_attr_of(&c->attr[VL_CPE_UPDATE], &out->update);
}

/* --------------------------------------------------------------------- URI */

#define URI_PREFIX "cpe:/"
#define URI_PREFIX_LEN 5

static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = (unsigned char)tolower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

/* Punctuation that the URI binding percent-encodes (NISTIR 7695 6.1.2.3). */
static bool uri_pct_ok(int code) {
  return (code >= 0x21 && code <= 0x2f) || (code >= 0x3a && code <= 0x40) ||
         (code >= 0x5b && code <= 0x5e) || code == 0x60 ||
         (code >= 0x7b && code <= 0x7e);
}

/* Decodes s[start, end) of a URI into attribute id of c.  col is 1-based. */
static int uri_value(const char *s, size_t start, size_t end, int id,
                     struct vl_cpe_attr *a, struct vl_diag *d) {
  if (end == start) { /* ANY, also for the part (as "*" is in 2.3) */
    a->kind = VL_CPE_ANY;
    a->v[0] = '\0';
    return 0;
  }
  if (end - start == 1 && s[start] == '-') {
    if (id == VL_CPE_PART)
      return vl_diag_set(d, VL_EPARSE, "column %zu: part cannot be NA",
                         start + 1);
    a->kind = VL_CPE_NA;
    a->v[0] = '\0';
    return 0;
  }
  struct toks ts;
  ts.n = 0;
  for (size_t i = start; i < end;) {
    unsigned char ch = (unsigned char)s[i];
    int rc;
    if (ch == '%') {
      int h1 = i + 2 < end ? hexval((unsigned char)s[i + 1]) : -1;
      int h2 = i + 2 < end ? hexval((unsigned char)s[i + 2]) : -1;
      if (h1 < 0 || h2 < 0)
        return vl_diag_set(d, VL_EPARSE,
                           "column %zu: '%%' must be followed by two hex "
                           "digits",
                           i + 1);
      int code = h1 * 16 + h2;
      if (code == 0x01) {
        rc = tok_push(&ts, '?', false, i + 1, attr_names[id], d);
      } else if (code == 0x02) {
        rc = tok_push(&ts, '*', false, i + 1, attr_names[id], d);
      } else if (uri_pct_ok(code)) {
        rc = tok_push(&ts, (char)code, true, i + 1, attr_names[id], d);
      } else {
        return vl_diag_set(d, VL_EPARSE,
                           "column %zu: %%%c%c is not a valid CPE URI "
                           "percent-encoding",
                           i + 1, s[i + 1], s[i + 2]);
      }
      i += 3;
    } else if (is_wordc(ch)) {
      rc = tok_push(&ts, (char)ch, false, i + 1, attr_names[id], d);
      i++;
    } else if (ch == '.' || ch == '-' || ch == '~') {
      rc = tok_push(&ts, (char)ch, true, i + 1, attr_names[id], d);
      i++;
    } else if (ch == '?' || ch == '*') {
      rc = tok_push(&ts, (char)ch, false, i + 1, attr_names[id], d);
      i++;
    } else {
      return vl_diag_set(d, VL_EPARSE,
                         "column %zu: character '%c' not allowed in a CPE "
                         "URI (percent-encode it)",
                         i + 1, ch >= 0x20 && ch < 0x7f ? ch : '?');
    }
    if (rc) return rc;
  }
  return toks_to_attr(&ts, id, start + 1, a, d);
}

/* Unpacks "~edition~sw_edition~target_sw~target_hw~other" from s[start,end);
 * s[start] is '~'.  Any further '~' belongs to other (as a literal). */
static int uri_unpack(const char *s, size_t start, size_t end,
                      struct vl_cpe *c, struct vl_diag *d) {
  static const int ids[5] = {VL_CPE_EDITION, VL_CPE_SW_EDITION,
                             VL_CPE_TARGET_SW, VL_CPE_TARGET_HW, VL_CPE_OTHER};
  size_t p = start + 1;
  for (int f = 0; f < 5; f++) {
    size_t q = p;
    if (f < 4) {
      while (q < end && s[q] != '~') q++;
      if (q >= end)
        return vl_diag_set(d, VL_EPARSE,
                           "column %zu: packed edition needs 5 fields "
                           "separated by '~'",
                           q + 1);
    } else {
      q = end;
    }
    int rc = uri_value(s, p, q, ids[f], &c->attr[ids[f]], d);
    if (rc) return rc;
    p = q + 1;
  }
  return 0;
}

int vl_cpe_parse_uri(const char *s, size_t len, struct vl_cpe *out,
                     struct vl_diag *d) {
  if (len > VL_CPE_STR_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "CPE longer than %d bytes",
                       VL_CPE_STR_MAX);
  if (len < URI_PREFIX_LEN ||
      strncasecmp(s, URI_PREFIX, URI_PREFIX_LEN) != 0)
    return vl_diag_set(d, VL_EPARSE,
                       "column 1: a CPE URI starts with \"cpe:/\"");
  struct vl_cpe c;
  vl_cpe_init(&c);
  size_t pos = URI_PREFIX_LEN;
  for (int id = 0; id <= VL_CPE_LANGUAGE; id++) {
    size_t end = pos;
    while (end < len && s[end] != ':') end++;
    int rc;
    if (id == VL_CPE_EDITION && end > pos && s[pos] == '~')
      rc = uri_unpack(s, pos, end, &c, d);
    else
      rc = uri_value(s, pos, end, id, &c.attr[id], d);
    if (rc) return rc;
    if (end >= len) {
      *out = c;
      return 0;
    }
    pos = end + 1;
  }
  return vl_diag_set(d, VL_EPARSE, "column %zu: more than 7 components",
                     pos);
}

int vl_cpe_parse(const char *s, size_t len, struct vl_cpe *out,
                 struct vl_diag *d) {
  if (len >= FS_PREFIX_LEN && strncasecmp(s, FS_PREFIX, FS_PREFIX_LEN) == 0)
    return vl_cpe_parse_fs(s, len, out, d);
  if (len >= URI_PREFIX_LEN && strncasecmp(s, URI_PREFIX, URI_PREFIX_LEN) == 0)
    return vl_cpe_parse_uri(s, len, out, d);
  return vl_diag_set(d, VL_EPARSE,
                     "column 1: a CPE starts with \"cpe:2.3:\" or \"cpe:/\"");
}

/* ----------------------------------------------------------------- binding */

/* A value that is one literal hyphen must stay quoted in both bindings:
 * a bare "-" would read back as NA. */
static bool lone_hyphen(const struct vl_cpe_attr *a) {
  return a->kind == VL_CPE_VALUE && strcmp(a->v, "\\-") == 0;
}

static int fs_bind_value(const struct vl_cpe_attr *a, struct vl_buf *b) {
  if (a->kind == VL_CPE_ANY) return vl_buf_putc(b, '*');
  if (a->kind == VL_CPE_NA) return vl_buf_putc(b, '-');
  if (lone_hyphen(a)) return vl_buf_puts(b, "\\-");
  int rc = 0;
  for (const char *p = a->v; *p && !rc; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      if (*p == '.' || *p == '-' || *p == '_') {
        rc = vl_buf_putc(b, *p);
      } else {
        rc = vl_buf_putc(b, '\\');
        if (!rc) rc = vl_buf_putc(b, *p);
      }
    } else {
      rc = vl_buf_putc(b, *p);
    }
  }
  return rc;
}

int vl_cpe_to_fs(const struct vl_cpe *c, struct vl_buf *out) {
  int rc = vl_buf_puts(out, FS_PREFIX);
  for (int id = 0; id < VL_CPE_NATTR && !rc; id++) {
    if (id) rc = vl_buf_putc(out, ':');
    if (!rc) rc = fs_bind_value(&c->attr[id], out);
  }
  return rc;
}

/* Appends the URI form of a value; ANY is "" and NA is "-". */
static int uri_bind_value(const struct vl_cpe_attr *a, struct vl_buf *b) {
  if (a->kind == VL_CPE_ANY) return 0;
  if (a->kind == VL_CPE_NA) return vl_buf_putc(b, '-');
  if (lone_hyphen(a)) return vl_buf_puts(b, "%2d");
  int rc = 0;
  for (const char *p = a->v; *p && !rc; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      if (*p == '.' || *p == '-' || *p == '_')
        rc = vl_buf_putc(b, *p);
      else
        rc = vl_buf_printf(b, "%%%02x", (unsigned)(unsigned char)*p);
    } else if (*p == '?') {
      rc = vl_buf_puts(b, "%01");
    } else if (*p == '*') {
      rc = vl_buf_puts(b, "%02");
    } else {
      rc = vl_buf_putc(b, *p);
    }
  }
  return rc;
}

int vl_cpe_to_uri(const struct vl_cpe *c, struct vl_buf *out) {
  struct vl_buf tmp;
  vl_buf_init(&tmp, out->max);
  int rc = vl_buf_puts(&tmp, URI_PREFIX);
  bool packed = false;
  for (int id = VL_CPE_SW_EDITION; id <= VL_CPE_OTHER; id++)
    if (c->attr[id].kind != VL_CPE_ANY) packed = true;
  for (int id = 0; id <= VL_CPE_LANGUAGE && !rc; id++) {
    if (id) rc = vl_buf_putc(&tmp, ':');
    if (rc) break;
    if (id == VL_CPE_EDITION && packed) {
      static const int ids[5] = {VL_CPE_EDITION, VL_CPE_SW_EDITION,
                                 VL_CPE_TARGET_SW, VL_CPE_TARGET_HW,
                                 VL_CPE_OTHER};
      for (int f = 0; f < 5 && !rc; f++) {
        rc = vl_buf_putc(&tmp, '~');
        if (!rc) rc = uri_bind_value(&c->attr[ids[f]], &tmp);
      }
    } else {
      rc = uri_bind_value(&c->attr[id], &tmp);
    }
  }
  if (!rc) {
    size_t n = tmp.len;
    while (n > URI_PREFIX_LEN && tmp.data[n - 1] == ':') n--;
    rc = vl_buf_append(out, tmp.data, n);
  }
  vl_buf_free(&tmp);
  return rc;
}

int vl_cpe_to_wfn(const struct vl_cpe *c, struct vl_buf *out) {
  int rc = vl_buf_puts(out, "wfn:[");
  for (int id = 0; id < VL_CPE_NATTR && !rc; id++) {
    const struct vl_cpe_attr *a = &c->attr[id];
    if (a->kind == VL_CPE_ANY)
      rc = vl_buf_printf(out, "%s%s=ANY", id ? "," : "", attr_names[id]);
    else if (a->kind == VL_CPE_NA)
      rc = vl_buf_printf(out, "%s%s=NA", id ? "," : "", attr_names[id]);
    else
      rc = vl_buf_printf(out, "%s%s=\"%s\"", id ? "," : "", attr_names[id],
                         a->v);
  }
  if (!rc) rc = vl_buf_putc(out, ']');
  return rc;
}

/* ---------------------------------------------------------------- matching */

/* Logical characters of a WFN value, lower-cased; wild[i] marks unquoted
 * wildcards.  Returns the count. */
static size_t logical(const char *v, char *ch, bool *wild) {
  size_t n = 0;
  for (const char *p = v; *p && n < TOK_MAX; p++) {
    bool q = false;
    if (*p == '\\' && p[1]) {
      p++;
      q = true;
    }
    ch[n] = (char)tolower((unsigned char)*p);
    wild[n] = !q && (*p == '*' || *p == '?');
    n++;
  }
  return n;
}

static bool has_wildcards(const struct vl_cpe_attr *a) {
  if (a->kind != VL_CPE_VALUE) return false;
  for (const char *p = a->v; *p; p++) {
    if (*p == '\\' && p[1]) {
      p++;
      continue;
    }
    if (*p == '*' || *p == '?') return true;
  }
  return false;
}

/* Does the pattern (source with wildcards) match the plain target? */
static bool wild_match(const char *src, const char *tgt) {
  char s[TOK_MAX], t[TOK_MAX];
  bool sw[TOK_MAX], tw[TOK_MAX];
  size_t sn = logical(src, s, sw), tn = logical(tgt, t, tw);
  size_t b = 0, e = sn;
  bool lead_star = false, trail_star = false;
  size_t lead_q = 0, trail_q = 0;
  if (b < e && sw[b] && s[b] == '*') {
    lead_star = true;
    b++;
  } else {
    while (b < e && sw[b] && s[b] == '?') {
      lead_q++;
      b++;
    }
  }
  if (b < e && sw[e - 1] && s[e - 1] == '*') {
    trail_star = true;
    e--;
  } else {
    while (b < e && sw[e - 1] && s[e - 1] == '?') {
      trail_q++;
      e--;
    }
  }
  size_t mn = e - b;
  if (mn > tn) return false;
  for (size_t p = 0; p + mn <= tn; p++) {
    if (!lead_star && p > lead_q) break;
    size_t rest = tn - p - mn;
    if (!trail_star && rest > trail_q) continue;
    if (memcmp(t + p, s + b, mn) == 0) return true;
  }
  return false;
}

enum vl_cpe_rel vl_cpe_compare_attr(const struct vl_cpe_attr *source,
                                    const struct vl_cpe_attr *target) {
  if (has_wildcards(target)) return VL_CPE_REL_UNDEFINED;
  if (source->kind == target->kind &&
      (source->kind != VL_CPE_VALUE || strcasecmp(source->v, target->v) == 0))
    return VL_CPE_REL_EQUAL;
  if (source->kind == VL_CPE_ANY) return VL_CPE_REL_SUPERSET;
  if (target->kind == VL_CPE_ANY) return VL_CPE_REL_SUBSET;
  if (source->kind == VL_CPE_NA || target->kind == VL_CPE_NA)
    return VL_CPE_REL_DISJOINT;
  if (!has_wildcards(source)) return VL_CPE_REL_DISJOINT;
  return wild_match(source->v, target->v) ? VL_CPE_REL_SUPERSET
                                          : VL_CPE_REL_DISJOINT;
}

void vl_cpe_compare(const struct vl_cpe *source, const struct vl_cpe *target,
                    enum vl_cpe_rel rel[VL_CPE_NATTR]) {
  for (int i = 0; i < VL_CPE_NATTR; i++)
    rel[i] = vl_cpe_compare_attr(&source->attr[i], &target->attr[i]);
}

bool vl_cpe_is_disjoint(const struct vl_cpe *source,
                        const struct vl_cpe *target) {
  for (int i = 0; i < VL_CPE_NATTR; i++)
    if (vl_cpe_compare_attr(&source->attr[i], &target->attr[i]) ==
        VL_CPE_REL_DISJOINT)
      return true;
  return false;
}

/* True when every attribute relation is EQUAL or `also`. */
static bool all_rel(const struct vl_cpe *source, const struct vl_cpe *target,
                    enum vl_cpe_rel also) {
  for (int i = 0; i < VL_CPE_NATTR; i++) {
    enum vl_cpe_rel r = vl_cpe_compare_attr(&source->attr[i], &target->attr[i]);
    if (r != VL_CPE_REL_EQUAL && r != also) return false;
  }
  return true;
}

bool vl_cpe_is_equal(const struct vl_cpe *source, const struct vl_cpe *target) {
  return all_rel(source, target, VL_CPE_REL_EQUAL);
}

bool vl_cpe_is_subset(const struct vl_cpe *source,
                      const struct vl_cpe *target) {
  return all_rel(source, target, VL_CPE_REL_SUBSET);
}

bool vl_cpe_is_superset(const struct vl_cpe *source,
                        const struct vl_cpe *target) {
  return all_rel(source, target, VL_CPE_REL_SUPERSET);
}

enum vl_cpe_rel vl_cpe_relation(const struct vl_cpe *source,
                                const struct vl_cpe *target) {
  if (vl_cpe_is_equal(source, target)) return VL_CPE_REL_EQUAL;
  if (vl_cpe_is_superset(source, target)) return VL_CPE_REL_SUPERSET;
  if (vl_cpe_is_subset(source, target)) return VL_CPE_REL_SUBSET;
  if (vl_cpe_is_disjoint(source, target)) return VL_CPE_REL_DISJOINT;
  return VL_CPE_REL_UNDEFINED;
}
