/* vers ranges: parse, validate, simplify, contain, print; NVD and OSV
 * bounds onto the same type.  The algorithms follow purl-spec's
 * VERSION-RANGE-SPEC.rst; see include/vulnloop/vers.h for the contracts. */
#include <stdlib.h>
#include <string.h>

#include "vulnloop/vers.h"

/* ------------------------------------------------------------- schemes */

/* vers names that vl_scheme_from_name() does not know, and the comparison
 * we use for them: nginx releases are plain dotted numbers. */
static const struct {
  const char *name;
  enum vl_scheme scheme;
} extra_schemes[] = {
    {"nginx", VL_SCHEME_GENERIC},
    {"all", VL_SCHEME_GENERIC},
    {"none", VL_SCHEME_GENERIC},
};

/* The vers name printed for each scheme (purl types where they exist). */
static const char *const vers_names[VL_SCHEME__COUNT] = {
    [VL_SCHEME_GENERIC] = "generic", [VL_SCHEME_DPKG] = "deb",
    [VL_SCHEME_RPM] = "rpm",         [VL_SCHEME_APK] = "alpine",
    [VL_SCHEME_SEMVER] = "semver",   [VL_SCHEME_PEP440] = "pypi",
    [VL_SCHEME_MAVEN] = "maven",     [VL_SCHEME_NUGET] = "nuget",
    [VL_SCHEME_GEM] = "gem",         [VL_SCHEME_COMPOSER] = "composer",
    [VL_SCHEME_GOLANG] = "golang",   [VL_SCHEME_ALPM] = "alpm",
    [VL_SCHEME_GENTOO] = "gentoo",   [VL_SCHEME_CONAN] = "conan",
    [VL_SCHEME_NIX] = "nix",         [VL_SCHEME_OPENSSL] = "openssl",
};

int vl_vers_scheme(const char *name, enum vl_scheme *out) {
  for (size_t i = 0; i < VL_ARRAY_LEN(extra_schemes); i++)
    if (strcmp(name, extra_schemes[i].name) == 0) {
      *out = extra_schemes[i].scheme;
      return 0;
    }
  return vl_scheme_from_name(name, out);
}

const char *vl_vers_scheme_name(enum vl_scheme s) {
  if ((int)s < 0 || s >= VL_SCHEME__COUNT || !vers_names[s]) return "generic";
  return vers_names[s];
}

const char *vl_vers_cmp_str(enum vl_vers_cmp c) {
  switch (c) {
    case VL_VERS_NE: return "!=";
    case VL_VERS_LT: return "<";
    case VL_VERS_LE: return "<=";
    case VL_VERS_GT: return ">";
    case VL_VERS_GE: return ">=";
    case VL_VERS_EQ: break;
  }
  return "";
}

static bool is_lesser(enum vl_vers_cmp c) {
  return c == VL_VERS_LT || c == VL_VERS_LE;
}
static bool is_greater(enum vl_vers_cmp c) {
  return c == VL_VERS_GT || c == VL_VERS_GE;
}

/* ----------------------------------------------------------- lifecycle */

int vl_range_new(const char *scheme_name, struct vl_range **out,
                 struct vl_diag *d) {
  *out = NULL;
  size_t n = strlen(scheme_name);
  if (n == 0 || n >= VL_VERS_SCHEME_MAX)
    return vl_diag_set(d, VL_EINVAL, "bad versioning scheme name length %zu",
                       n);
  enum vl_scheme s;
  if (vl_vers_scheme(scheme_name, &s) != 0)
    return vl_diag_set(d, VL_EUNSUPPORTED, "unknown versioning scheme '%s'",
                       scheme_name);
  struct vl_range *r = calloc(1, sizeof(*r));
  if (!r) return vl_diag_set(d, VL_ENOMEM, "out of memory");
  memcpy(r->scheme_name, scheme_name, n + 1);
  r->scheme = s;
  *out = r;
  return 0;
}

void vl_range_free(struct vl_range *r) {
  if (!r) return;
  for (size_t i = 0; i < r->n; i++) free(r->c[i].version);
  free(r->c);
  free(r);
}

/* Sort order, a total one so that the canonical string is unique: key,
 * then the version strings bytewise (versions the scheme calls equal but
 * that are written differently, "1.0.0+1" and "1.0.0+2" in semver), then
 * the comparator (the enum order). */
static int constraint_cmp(const struct vl_vers_constraint *a,
                          const struct vl_vers_constraint *b) {
  int c = vl_verkey_cmp(&a->key, &b->key);
  if (c) return c;
  c = strcmp(a->version, b->version);
  if (c) return c < 0 ? -1 : 1;
  return (a->cmp > b->cmp) - (a->cmp < b->cmp);
}

/* Parses a version of r's scheme.  vers writes Go versions without the
 * "v" that Go (and our golang scheme) requires: add it. */
static int range_key(enum vl_scheme s, const char *v, size_t len,
                     struct vl_verkey *key, struct vl_diag *d) {
  if (s == VL_SCHEME_GOLANG && len > 0 && len < VL_VERSION_MAX &&
      v[0] >= '0' && v[0] <= '9') {
    char buf[VL_VERSION_MAX + 1];
    buf[0] = 'v';
    memcpy(buf + 1, v, len);
    return vl_version_key(s, buf, len + 1, key, d);
  }
  return vl_version_key(s, v, len, key, d);
}

int vl_range_add(struct vl_range *r, enum vl_vers_cmp cmp, const char *version,
                 size_t len, struct vl_diag *d) {
  if (r->star)
    return vl_diag_set(d, VL_EINVAL, "'*' must stand alone in a range");
  if (len == 0) return vl_diag_set(d, VL_EINVAL, "empty version");
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)version[i] < 0x21 || (unsigned char)version[i] == 0x7f)
      return vl_diag_set(d, VL_EINVAL,
                         "version has a space or control byte at %zu", i);
  if (r->n >= VL_VERS_MAX_CONSTRAINTS)
    return vl_diag_set(d, VL_ETOOBIG, "more than %d constraints",
                       VL_VERS_MAX_CONSTRAINTS);
  if (r->n == r->cap) {
    size_t ncap = r->cap ? r->cap * 2 : 4;
    if (ncap > VL_VERS_MAX_CONSTRAINTS) ncap = VL_VERS_MAX_CONSTRAINTS;
    struct vl_vers_constraint *nc = realloc(r->c, ncap * sizeof(*nc));
    if (!nc) return vl_diag_set(d, VL_ENOMEM, "out of memory");
    r->c = nc;
    r->cap = ncap;
  }
  struct vl_vers_constraint *c = &r->c[r->n];
  int rc = range_key(r->scheme, version, len, &c->key, d);
  if (rc) return rc;
  c->version = malloc(len + 1);
  if (!c->version) return vl_diag_set(d, VL_ENOMEM, "out of memory");
  memcpy(c->version, version, len);
  c->version[len] = '\0';
  c->cmp = cmp;
  /* Insertion keeps equal elements in arrival order (a stable sort). */
  size_t i = r->n;
  struct vl_vers_constraint tmp = *c;
  while (i > 0 && constraint_cmp(&r->c[i - 1], &tmp) > 0) {
    r->c[i] = r->c[i - 1];
    i--;
  }
  r->c[i] = tmp;
  r->n++;
  return 0;
}

/* --------------------------------------------------------------- parse */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Parses one constraint s[0..n) whose first byte sits at offset pos[0] of
 * the caller's input; pos maps each byte back for messages. */
static int parse_constraint(struct vl_range *r, const char *s, size_t n,
                            const size_t *pos, struct vl_diag *d) {
  enum vl_vers_cmp cmp = VL_VERS_EQ;
  size_t k = 0;
  if (n >= 2 && s[1] == '=' && (s[0] == '>' || s[0] == '<' || s[0] == '!')) {
    cmp = s[0] == '>' ? VL_VERS_GE : s[0] == '<' ? VL_VERS_LE : VL_VERS_NE;
    k = 2;
  } else if (n >= 1 && (s[0] == '<' || s[0] == '>')) {
    cmp = s[0] == '<' ? VL_VERS_LT : VL_VERS_GT;
    k = 1;
  }
  if (k == n)
    return vl_diag_set(d, VL_EPARSE, "empty version at offset %zu",
                       pos[n - 1] + 1);
  char buf[VL_VERSION_MAX + 1];
  size_t bl = 0;
  for (size_t i = k; i < n; i++) {
    char ch = s[i];
    if (strchr("<>=!*", ch))
      return vl_diag_set(d, VL_EPARSE,
                         "unexpected '%c' in version at offset %zu", ch,
                         pos[i]);
    if (ch == '%') {
      int h = i + 2 < n ? hexval(s[i + 1]) : -1;
      int l = h >= 0 ? hexval(s[i + 2]) : -1;
      if (l < 0)
        return vl_diag_set(d, VL_EPARSE, "bad percent-escape at offset %zu",
                           pos[i]);
      ch = (char)(h * 16 + l);
      if ((unsigned char)ch < 0x21 || (unsigned char)ch == 0x7f)
        return vl_diag_set(d, VL_EPARSE,
                           "percent-escape at offset %zu decodes to a "
                           "control character or space", pos[i]);
      i += 2;
    }
    if (bl >= VL_VERSION_MAX)
      return vl_diag_set(d, VL_ETOOBIG, "version at offset %zu is longer "
                         "than %d bytes", pos[k], VL_VERSION_MAX);
    buf[bl++] = ch;
  }
  struct vl_diag sub;
  vl_diag_clear(&sub);
  int rc = vl_range_add(r, cmp, buf, bl, &sub);
  if (rc)
    return vl_diag_set(d, rc, "version '%.*s' at offset %zu: %s", (int)bl,
                       buf, pos[k], sub.msg);
  return 0;
}

int vl_range_parse(const char *s, size_t len, struct vl_range **out,
                   struct vl_diag *d) {
  *out = NULL;
  if (len > VL_VERS_MAX_LEN)
    return vl_diag_set(d, VL_ETOOBIG, "vers longer than %d bytes",
                       VL_VERS_MAX_LEN);
  int rc = 0;
  struct vl_range *r = NULL;
  char *t = malloc(len + 1);
  size_t *pos = malloc((len + 1) * sizeof(*pos));
  if (!t || !pos) {
    rc = vl_diag_set(d, VL_ENOMEM, "out of memory");
    goto out;
  }
  /* Spaces and tabs are not significant; keep where each byte came from. */
  size_t n = 0;
  for (size_t i = 0; i < len; i++) {
    unsigned char ch = (unsigned char)s[i];
    if (ch == ' ' || ch == '\t') continue;
    if (ch < 0x21 || ch > 0x7e) {
      rc = vl_diag_set(d, VL_EPARSE,
                       "byte 0x%02x at offset %zu is not printable ASCII", ch,
                       i);
      goto out;
    }
    pos[n] = i;
    t[n++] = (char)ch;
  }
  t[n] = '\0';
  pos[n] = len;
  if (n < 5 || memcmp(t, "vers:", 5) != 0) {
    rc = vl_diag_set(d, VL_EPARSE, "expected 'vers:' at offset %zu",
                     n ? pos[0] : 0);
    goto out;
  }
  const char *slash = memchr(t + 5, '/', n - 5);
  if (!slash) {
    rc = vl_diag_set(d, VL_EPARSE, "no '/' after the versioning scheme");
    goto out;
  }
  size_t sl = (size_t)(slash - (t + 5));
  if (sl == 0 || sl >= VL_VERS_SCHEME_MAX) {
    rc = vl_diag_set(d, VL_EPARSE, "bad versioning scheme at offset %zu",
                     pos[5]);
    goto out;
  }
  char scheme[VL_VERS_SCHEME_MAX];
  for (size_t i = 0; i < sl; i++) {
    char ch = t[5 + i];
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-' ||
          ch == '.' || ch == '+')) {
      rc = vl_diag_set(d, VL_EPARSE,
                       "versioning scheme must be lowercase letters and "
                       "digits: '%c' at offset %zu", ch, pos[5 + i]);
      goto out;
    }
    scheme[i] = ch;
  }
  scheme[sl] = '\0';
  rc = vl_range_new(scheme, &r, d);
  if (rc) goto out;
  size_t at = 5 + sl + 1;
  if (at == n) {
    rc = vl_diag_set(d, VL_EPARSE, "no constraints at offset %zu", pos[n]);
    goto out;
  }
  if (n - at == 1 && t[at] == '*') {
    r->star = true;
    goto out;
  }
  bool any = false;
  while (at < n) {
    size_t e = at;
    while (e < n && t[e] != '|') e++;
    if (e > at) {
      if (memchr(t + at, '*', e - at)) {
        const char *st = memchr(t + at, '*', e - at);
        rc = vl_diag_set(d, VL_EPARSE,
                         "'*' must be the only constraint (offset %zu)",
                         pos[st - t]);
        goto out;
      }
      rc = parse_constraint(r, t + at, e - at, pos + at, d);
      if (rc) goto out;
      any = true;
    }
    at = e + 1;
  }
  if (!any) rc = vl_diag_set(d, VL_EPARSE, "no constraints");
out:
  free(t);
  free(pos);
  if (rc) {
    vl_range_free(r);
    r = NULL;
  }
  *out = r;
  return rc;
}

/* -------------------------------------------------------------- print */

int vl_range_to_string(const struct vl_range *r, struct vl_buf *out) {
  int rc = vl_buf_printf(out, "vers:%s/", r->scheme_name);
  if (rc) return rc;
  if (r->star) return vl_buf_putc(out, '*');
  for (size_t i = 0; i < r->n && !rc; i++) {
    if (i) rc = vl_buf_putc(out, '|');
    if (!rc) rc = vl_buf_puts(out, vl_vers_cmp_str(r->c[i].cmp));
    for (const char *p = r->c[i].version; *p && !rc; p++) {
      unsigned char ch = (unsigned char)*p;
      if (ch <= 0x20 || ch >= 0x7f || strchr("><=!*|%", ch))
        rc = vl_buf_printf(out, "%%%02X", ch);
      else
        rc = vl_buf_putc(out, (char)ch);
    }
  }
  return rc;
}

/* ----------------------------------------------------------- validate */

int vl_range_validate(const struct vl_range *r, struct vl_diag *d) {
  if (r->star) return 0;
  if (r->n == 0) return vl_diag_set(d, VL_EINVAL, "range has no constraint");
  for (size_t i = 1; i < r->n; i++)
    if (vl_verkey_cmp(&r->c[i - 1].key, &r->c[i].key) == 0)
      return vl_diag_set(d, VL_EINVAL, "version '%s' occurs more than once",
                         r->c[i].version);
  /* Ignoring "!=": "=" is followed only by "=", ">" or ">=". */
  const struct vl_vers_constraint *prev = NULL;
  for (size_t i = 0; i < r->n; i++) {
    const struct vl_vers_constraint *c = &r->c[i];
    if (c->cmp == VL_VERS_NE) continue;
    if (prev && prev->cmp == VL_VERS_EQ && is_lesser(c->cmp))
      return vl_diag_set(d, VL_EINVAL, "'%s' after '=%s'", c->version,
                         prev->version);
    prev = c;
  }
  /* Ignoring "=" and "!=": lesser and greater comparators alternate. */
  prev = NULL;
  for (size_t i = 0; i < r->n; i++) {
    const struct vl_vers_constraint *c = &r->c[i];
    if (c->cmp == VL_VERS_NE || c->cmp == VL_VERS_EQ) continue;
    if (prev && is_lesser(prev->cmp) == is_lesser(c->cmp))
      return vl_diag_set(d, VL_EINVAL,
                         "'%s%s' follows '%s%s': comparators must alternate",
                         vl_vers_cmp_str(c->cmp), c->version,
                         vl_vers_cmp_str(prev->cmp), prev->version);
    prev = c;
  }
  return 0;
}

/* ----------------------------------------------------------- simplify */

int vl_range_simplify(struct vl_range *r, struct vl_diag *d) {
  (void)d;
  if (r->star || r->n < 2) return 0;
  /* Exact duplicates first (the list is sorted, so they are adjacent). */
  size_t w = 0;
  for (size_t i = 0; i < r->n; i++) {
    if (w > 0 && r->c[w - 1].cmp == r->c[i].cmp &&
        vl_verkey_cmp(&r->c[w - 1].key, &r->c[i].key) == 0) {
      free(r->c[i].version);
      continue;
    }
    r->c[w++] = r->c[i];
  }
  r->n = w;
  /* The spec's procedure over the constraints other than "!=", as a stack:
   * ">"/">=" absorbs a following "=", ">", ">="; a "<"/"<=" absorbs a
   * preceding "=", "<", "<=". */
  size_t *keep = malloc(r->n * sizeof(*keep));
  bool *drop = calloc(r->n, sizeof(*drop));
  if (!keep || !drop) {
    free(keep);
    free(drop);
    return vl_diag_set(d, VL_ENOMEM, "out of memory");
  }
  size_t top = 0;
  for (size_t i = 0; i < r->n; i++) {
    enum vl_vers_cmp c = r->c[i].cmp;
    if (c == VL_VERS_NE) continue;
    for (;;) {
      if (top > 0) {
        enum vl_vers_cmp p = r->c[keep[top - 1]].cmp;
        if (is_greater(p) && (c == VL_VERS_EQ || is_greater(c))) {
          drop[i] = true;
          break;
        }
        if ((p == VL_VERS_EQ || is_lesser(p)) && is_lesser(c)) {
          drop[keep[--top]] = true;
          continue;
        }
      }
      keep[top++] = i;
      break;
    }
  }
  w = 0;
  for (size_t i = 0; i < r->n; i++) {
    if (drop[i]) {
      free(r->c[i].version);
      continue;
    }
    r->c[w++] = r->c[i];
  }
  r->n = w;
  free(keep);
  free(drop);
  return 0;
}

/* ----------------------------------------------------------- contains */

int vl_range_contains(const struct vl_range *r, const struct vl_verkey *v,
                      bool *out) {
  *out = false;
  if (r->star) {
    *out = strcmp(r->scheme_name, "none") != 0;
    return 0;
  }
  bool have_eq = false, have_range = false;
  for (size_t i = 0; i < r->n; i++) {
    enum vl_vers_cmp c = r->c[i].cmp;
    if (c == VL_VERS_EQ) have_eq = true;
    if (c != VL_VERS_EQ && c != VL_VERS_NE) have_range = true;
    if (vl_verkey_cmp(v, &r->c[i].key) != 0) continue;
    if (c == VL_VERS_EQ || c == VL_VERS_LE || c == VL_VERS_GE) {
      *out = true;
      return 0;
    }
  }
  for (size_t i = 0; i < r->n; i++)
    if (r->c[i].cmp == VL_VERS_NE && vl_verkey_cmp(v, &r->c[i].key) == 0)
      return 0;
  if (!have_range) {
    /* Only "=" and "!=": the spec's loop never runs.  A range of "!="
     * alone excludes those versions from everything. */
    *out = !have_eq && r->n > 0;
    return 0;
  }
  /* Walk the "<", "<=", ">", ">=" constraints pairwise; a single one is
   * both the first and the last. */
  const struct vl_vers_constraint *prev = NULL, *first = NULL;
  for (size_t i = 0; i < r->n; i++) {
    const struct vl_vers_constraint *c = &r->c[i];
    if (c->cmp == VL_VERS_EQ || c->cmp == VL_VERS_NE) continue;
    if (!first) {
      first = c;
      if (is_lesser(c->cmp) && vl_verkey_cmp(v, &c->key) < 0) {
        *out = true;
        return 0;
      }
    }
    if (prev && is_greater(prev->cmp) && is_lesser(c->cmp) &&
        vl_verkey_cmp(v, &prev->key) > 0 && vl_verkey_cmp(v, &c->key) < 0) {
      *out = true;
      return 0;
    }
    prev = c;
  }
  if (prev && is_greater(prev->cmp) && vl_verkey_cmp(v, &prev->key) > 0)
    *out = true;
  return 0;
}

int vl_range_version_key(const struct vl_range *r, const char *version,
                         struct vl_verkey *key, struct vl_diag *d) {
  return range_key(r->scheme, version, strlen(version), key, d);
}

int vl_range_contains_str(const struct vl_range *r, const char *version,
                          bool *out, struct vl_diag *d) {
  *out = false;
  if (r->star) return vl_range_contains(r, NULL, out);
  struct vl_verkey k;
  int rc = range_key(r->scheme, version, strlen(version), &k, d);
  if (rc) return rc;
  return vl_range_contains(r, &k, out);
}

int vl_range_fixed_after(const struct vl_range *r,
                         const struct vl_verkey *installed, const char **out,
                         struct vl_diag *d) {
  *out = NULL;
  if (!r->star)
    for (size_t i = 0; i < r->n; i++) {
      const struct vl_vers_constraint *c = &r->c[i];
      if (vl_verkey_cmp(&c->key, installed) <= 0) continue;
      bool in;
      vl_range_contains(r, &c->key, &in);
      if (!in) {
        *out = c->version;
        return 0;
      }
    }
  return vl_diag_set(d, VL_ENOTFOUND,
                     "the range names no version above the installed one "
                     "that is outside it");
}

/* ---------------------------------------------------------------- NVD */

static bool present(const char *s) { return s && *s; }

int vl_range_from_nvd(enum vl_scheme s, const char *version,
                      const char *start_incl, const char *start_excl,
                      const char *end_incl, const char *end_excl,
                      struct vl_range **out, struct vl_diag *d) {
  *out = NULL;
  struct vl_range *r = NULL;
  int rc = vl_range_new(vl_vers_scheme_name(s), &r, d);
  if (rc) return rc;
  r->scheme = s;
  bool bounds = present(start_incl) || present(start_excl) ||
                present(end_incl) || present(end_excl);
  if (present(start_incl) && present(start_excl)) {
    rc = vl_diag_set(d, VL_EINVAL,
                     "both versionStartIncluding and versionStartExcluding");
    goto out;
  }
  if (present(end_incl) && present(end_excl)) {
    rc = vl_diag_set(d, VL_EINVAL,
                     "both versionEndIncluding and versionEndExcluding");
    goto out;
  }
  if (present(version) && strcmp(version, "*") != 0) {
    if (strcmp(version, "-") == 0) {
      rc = vl_diag_set(d, VL_EUNSUPPORTED,
                       "CPE version '-' (not applicable) is not a range");
      goto out;
    }
    if (bounds) {
      rc = vl_diag_set(d, VL_EINVAL,
                       "exact CPE version '%s' together with range bounds",
                       version);
      goto out;
    }
    rc = vl_range_add(r, VL_VERS_EQ, version, strlen(version), d);
    goto out;
  }
  if (!bounds) {
    r->star = true;
    goto out;
  }
  if (present(start_incl))
    rc = vl_range_add(r, VL_VERS_GE, start_incl, strlen(start_incl), d);
  if (!rc && present(start_excl))
    rc = vl_range_add(r, VL_VERS_GT, start_excl, strlen(start_excl), d);
  if (!rc && present(end_incl))
    rc = vl_range_add(r, VL_VERS_LE, end_incl, strlen(end_incl), d);
  if (!rc && present(end_excl))
    rc = vl_range_add(r, VL_VERS_LT, end_excl, strlen(end_excl), d);
  if (!rc && r->n == 2) {
    struct vl_vers_constraint *lo = &r->c[0], *hi = &r->c[1];
    if (is_lesser(lo->cmp)) {
      lo = &r->c[1];
      hi = &r->c[0];
    }
    int c = vl_verkey_cmp(&lo->key, &hi->key);
    if (c > 0 || (c == 0 && (lo->cmp == VL_VERS_GT || hi->cmp == VL_VERS_LT))) {
      rc = vl_diag_set(d, VL_EINVAL, "NVD bounds '%s%s' and '%s%s' leave no "
                       "version", vl_vers_cmp_str(lo->cmp), lo->version,
                       vl_vers_cmp_str(hi->cmp), hi->version);
    } else if (c == 0) {
      /* Including both ends at one version: just that version. */
      free(r->c[1].version);
      r->n = 1;
      r->c[0].cmp = VL_VERS_EQ;
    }
  }
out:
  if (rc) {
    vl_range_free(r);
    r = NULL;
  }
  *out = r;
  return rc;
}

/* ---------------------------------------------------------------- OSV */

struct osv_ev {
  enum vl_osv_event_kind kind;
  bool zero;            /* introduced "0" */
  const char *version;  /* borrowed */
  struct vl_verkey key;
};

static int osv_ev_cmp(const void *pa, const void *pb) {
  const struct osv_ev *a = pa, *b = pb;
  if (a->zero != b->zero) return a->zero ? -1 : 1;
  int c = a->zero ? 0 : vl_verkey_cmp(&a->key, &b->key);
  if (c) return c;
  /* At one version, "introduced" opens before anything closes. */
  int ka = a->kind == VL_OSV_INTRODUCED ? 0 : 1;
  int kb = b->kind == VL_OSV_INTRODUCED ? 0 : 1;
  return (ka > kb) - (ka < kb);
}

int vl_range_from_osv(enum vl_scheme s, enum vl_osv_range_type type,
                      const struct vl_osv_event *ev, size_t n,
                      struct vl_range **out, struct vl_diag *d) {
  *out = NULL;
  if (type == VL_OSV_GIT)
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "OSV GIT ranges name commits, not versions; resolve "
                       "them to released versions first");
  if (type != VL_OSV_SEMVER && type != VL_OSV_ECOSYSTEM)
    return vl_diag_set(d, VL_EINVAL, "unknown OSV range type %d", (int)type);
  if (n == 0) return vl_diag_set(d, VL_EINVAL, "OSV range without events");
  if (n > VL_VERS_MAX_CONSTRAINTS)
    return vl_diag_set(d, VL_ETOOBIG, "more than %d OSV events",
                       VL_VERS_MAX_CONSTRAINTS);
  enum vl_scheme cs = type == VL_OSV_SEMVER ? VL_SCHEME_SEMVER : s;
  struct vl_range *r = NULL;
  struct osv_ev *e = calloc(n, sizeof(*e));
  int rc = 0;
  if (!e) return vl_diag_set(d, VL_ENOMEM, "out of memory");
  rc = vl_range_new(vl_vers_scheme_name(cs), &r, d);
  if (rc) goto out;
  r->scheme = cs;
  size_t m = 0;
  const struct osv_ev *limit = NULL;
  bool unlimited = false;
  for (size_t i = 0; i < n; i++) {
    const char *v = ev[i].version;
    if (!v || !*v) {
      rc = vl_diag_set(d, VL_EINVAL, "OSV event %zu has no version", i);
      goto out;
    }
    if ((int)ev[i].kind < 0 || ev[i].kind > VL_OSV_LIMIT) {
      rc = vl_diag_set(d, VL_EINVAL, "OSV event %zu: unknown kind", i);
      goto out;
    }
    struct osv_ev *x = &e[m];
    x->kind = ev[i].kind;
    x->version = v;
    if (x->kind == VL_OSV_LIMIT && strcmp(v, "*") == 0) {
      unlimited = true;
      continue;
    }
    if (x->kind == VL_OSV_INTRODUCED && strcmp(v, "0") == 0) {
      x->zero = true;
    } else {
      struct vl_diag sub;
      vl_diag_clear(&sub);
      rc = range_key(cs, v, strlen(v), &x->key, &sub);
      if (rc) {
        rc = vl_diag_set(d, rc, "OSV event %zu version '%s': %s", i, v,
                         sub.msg);
        goto out;
      }
    }
    m++;
  }
  qsort(e, m, sizeof(*e), osv_ev_cmp);
  for (size_t i = 0; i < m; i++)
    if (e[i].kind == VL_OSV_LIMIT) limit = &e[i]; /* the highest */
  if (unlimited) limit = NULL;
  /* Walk the sorted events: an interval opens at the first "introduced"
   * and closes at the next "fixed" (<) or "last_affected" (<=). */
  bool open = false;
  bool any = false;
  for (size_t i = 0; i < m; i++) {
    const struct osv_ev *x = &e[i];
    bool past_limit = limit && vl_verkey_cmp(&x->key, &limit->key) >= 0;
    if (x->kind == VL_OSV_LIMIT) continue;
    if (x->kind == VL_OSV_INTRODUCED) {
      if (open || past_limit) continue;
      open = true;
      any = true;
      if (x->zero) continue;
      /* "<X" then ">=X" is one interval going on. */
      if (r->n > 0 && r->c[r->n - 1].cmp == VL_VERS_LT &&
          vl_verkey_cmp(&r->c[r->n - 1].key, &x->key) == 0) {
        free(r->c[--r->n].version);
        continue;
      }
      rc = vl_range_add(r, VL_VERS_GE, x->version, strlen(x->version), d);
    } else {
      if (!open) continue;
      open = false;
      enum vl_vers_cmp c =
          x->kind == VL_OSV_FIXED ? VL_VERS_LT : VL_VERS_LE;
      if (past_limit) {
        c = VL_VERS_LT;
        x = limit;
      }
      /* Closing at the version just opened: "<" leaves nothing, "<="
       * leaves that one version. */
      if (r->n > 0 && r->c[r->n - 1].cmp == VL_VERS_GE &&
          vl_verkey_cmp(&r->c[r->n - 1].key, &x->key) == 0) {
        if (c == VL_VERS_LT)
          free(r->c[--r->n].version);
        else
          r->c[r->n - 1].cmp = VL_VERS_EQ;
        continue;
      }
      rc = vl_range_add(r, c, x->version, strlen(x->version), d);
    }
    if (rc) goto out;
  }
  if (open && limit) {
    rc = vl_range_add(r, VL_VERS_LT, limit->version, strlen(limit->version),
                      d);
    if (rc) goto out;
  }
  if (!any) {
    rc = vl_diag_set(d, VL_EINVAL, "OSV events introduce no version");
    goto out;
  }
  if (r->n == 0) {
    if (open) {
      r->star = true;
    } else {
      rc = vl_diag_set(d, VL_EINVAL, "OSV events describe an empty range");
      goto out;
    }
  }
out:
  free(e);
  if (rc) {
    vl_range_free(r);
    r = NULL;
  }
  *out = r;
  return rc;
}
