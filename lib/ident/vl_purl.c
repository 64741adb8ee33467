/* Package URLs: parsing, building, type rules and the canonical string.
 * Written from the purl specification (ECMA-427) and its conformance suite.
 *
 * Parse and build share one tail (finish()): both produce decoded
 * components in the arena, then finish() validates the type and qualifier
 * keys, folds case, sorts qualifiers and applies the per-type rules, so a
 * string and the same components always normalise alike. */
#include <ctype.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vulnloop/purl.h"

/* ---------------------------------------------------------------- helpers */

static int hexval(unsigned char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

static int oom(struct vl_diag *d) {
  return vl_diag_set(d, VL_ENOMEM, "purl: out of memory (arena cap)");
}

/* Percent-decodes s[0, n) into a new arena string.  A '%' must start a
 * two-digit hex escape; NUL bytes (raw or %00) are refused. */
static int pct_decode(struct vl_arena *a, const char *s, size_t n,
                      const char *what, char **out, struct vl_diag *d) {
  char *r = vl_arena_alloc(a, n + 1);
  if (!r) return oom(d);
  size_t w = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '%') {
      if (i + 3 > n || hexval((unsigned char)s[i + 1]) < 0 ||
          hexval((unsigned char)s[i + 2]) < 0)
        return vl_diag_set(d, VL_EPARSE,
                           "purl: bad percent-encoding in %s (a '%%' must be "
                           "followed by two hex digits)",
                           what);
      c = (unsigned char)(hexval((unsigned char)s[i + 1]) * 16 +
                          hexval((unsigned char)s[i + 2]));
      i += 2;
    }
    if (c == 0)
      return vl_diag_set(d, VL_EPARSE, "purl: NUL byte in %s", what);
    r[w++] = (char)c;
  }
  r[w] = '\0';
  *out = r;
  return 0;
}

static void lower_inplace(char *s) {
  for (; s && *s; s++) *s = (char)tolower((unsigned char)*s);
}

static bool has_upper(const char *s) {
  for (; *s; s++)
    if (isupper((unsigned char)*s)) return true;
  return false;
}

/* ------------------------------------------------------------- type rules */

enum {
  R_NS_LOWER = 1u << 0,     /* namespace is case-insensitive: lower it */
  R_NAME_LOWER = 1u << 1,   /* name is case-insensitive: lower it */
  R_VER_LOWER = 1u << 2,    /* version is case-insensitive: lower it */
  R_NS_REQUIRED = 1u << 3,  /* a namespace is required */
  R_NS_NONE = 1u << 4,      /* a namespace is prohibited */
  R_VER_REQUIRED = 1u << 5, /* a version is required */
  R_PATH_NAME = 1u << 6,    /* namespace = first segment, name = the rest */
};

struct type_rule {
  const char *type;
  unsigned flags;
  const char *required_qualifier; /* NULL if none */
};

/* The rules of the types in the purl type definitions that constrain or
 * normalise components; types not listed take the generic rules only. */
static const struct type_rule type_rules[] = {
    {"alpm", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"apk", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"bitbucket", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"bitnami", R_NAME_LOWER, NULL},
    {"brew", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"chrome-extension", R_NS_NONE, NULL},
    {"composer", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"cran", R_VER_REQUIRED, NULL},
    {"deb", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"git", R_NS_LOWER | R_NAME_LOWER | R_PATH_NAME, NULL},
    {"github", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"hackage", R_VER_REQUIRED, NULL},
    {"hex", R_NS_LOWER | R_NAME_LOWER, NULL},
    {"huggingface", R_VER_LOWER, NULL},
    {"julia", 0, "uuid"},
    {"oci", R_NS_NONE | R_NAME_LOWER, NULL},
    {"otp", R_NS_NONE, NULL},
    {"pub", R_NAME_LOWER, NULL},
    {"pypi", R_NAME_LOWER, NULL},
    {"qpkg", R_NS_LOWER, NULL},
    {"rpm", R_NS_LOWER, NULL},
    {"swid", 0, "tag_id"},
    {"swift", R_NS_REQUIRED | R_VER_REQUIRED, NULL},
    {"vcpkg", R_NS_NONE, NULL},
    {"vscode-extension", R_NS_REQUIRED, NULL},
};

static const struct type_rule *rule_for(const char *type) {
  for (size_t i = 0; i < VL_ARRAY_LEN(type_rules); i++)
    if (strcmp(type_rules[i].type, type) == 0) return &type_rules[i];
  return NULL;
}

const char *vl_purl_qualifier(const struct vl_purl *p, const char *key) {
  for (size_t i = 0; i < p->nquals; i++)
    if (strcmp(p->quals[i].key, key) == 0) return p->quals[i].value;
  return NULL;
}

/* Chrome extension ids are 32 letters a-p; versions are 1 to 4 dot-separated
 * integers 0..65535. */
static int check_chrome(const struct vl_purl *p, struct vl_diag *d) {
  size_t n = strlen(p->name);
  bool ok = n == 32;
  for (size_t i = 0; ok && i < n; i++) ok = p->name[i] >= 'a' && p->name[i] <= 'p';
  if (!ok)
    return vl_diag_set(d, VL_EINVAL,
                       "purl: chrome-extension name must be 32 letters a-p");
  if (!p->version) return 0;
  const char *v = p->version;
  int segs = 0;
  while (1) {
    long num = 0;
    size_t digits = 0;
    while (digits < 6 && isdigit((unsigned char)v[digits])) {
      num = num * 10 + (v[digits] - '0');
      digits++;
    }
    if (digits == 0 || num > 65535 || ++segs > 4 ||
        (v[digits] != '.' && v[digits] != '\0'))
      return vl_diag_set(d, VL_EINVAL,
                         "purl: chrome-extension version must be 1 to 4 "
                         "dot-separated numbers");
    if (v[digits] == '\0') break;
    v += digits + 1;
  }
  return 0;
}

static int apply_type_rules(struct vl_purl *p, struct vl_diag *d) {
  const struct type_rule *r = rule_for(p->type);
  unsigned f = r ? r->flags : 0;
  if (f & R_NS_LOWER) lower_inplace((char *)p->ns);
  if (f & R_NAME_LOWER) lower_inplace((char *)p->name);
  if (f & R_VER_LOWER) lower_inplace((char *)p->version);
  if ((f & R_NS_REQUIRED) && !p->ns)
    return vl_diag_set(d, VL_EINVAL, "purl: type %s requires a namespace",
                       p->type);
  if ((f & R_NS_NONE) && p->ns)
    return vl_diag_set(d, VL_EINVAL,
                       "purl: type %s does not allow a namespace", p->type);
  if ((f & R_VER_REQUIRED) && !p->version)
    return vl_diag_set(d, VL_EINVAL, "purl: type %s requires a version",
                       p->type);
  if (r && r->required_qualifier && !vl_purl_qualifier(p, r->required_qualifier))
    return vl_diag_set(d, VL_EINVAL,
                       "purl: type %s requires the qualifier %s", p->type,
                       r->required_qualifier);
  if (strcmp(p->type, "pypi") == 0) {
    /* PEP 503 normalisation as the pypi type asks: lower case, '_' -> '-'. */
    for (char *c = (char *)p->name; *c; c++)
      if (*c == '_') *c = '-';
  } else if (strcmp(p->type, "cpan") == 0) {
    if (strstr(p->name, "::"))
      return vl_diag_set(d, VL_EINVAL,
                         "purl: cpan name must be a distribution name "
                         "(\"URI-PackageURL\"), not a module name with '::'");
  } else if (strcmp(p->type, "mlflow") == 0) {
    /* Model names are case-insensitive on Databricks only. */
    const char *repo = vl_purl_qualifier(p, "repository_url");
    if (repo && strstr(repo, "databricks")) lower_inplace((char *)p->name);
  } else if (strcmp(p->type, "conan") == 0) {
    if (vl_purl_qualifier(p, "channel") && !p->ns)
      return vl_diag_set(d, VL_EINVAL,
                         "purl: conan channel qualifier needs a namespace "
                         "(the user)");
  } else if (strcmp(p->type, "chrome-extension") == 0) {
    return check_chrome(p, d);
  }
  return 0;
}

/* ---------------------------------------------------------------- finish */

static int qual_cmp(const void *x, const void *y) {
  const struct vl_purl_qual *a = x, *b = y;
  return strcmp(a->key, b->key);
}

/* Validates and normalises p in place (its strings are arena copies). */
static int finish(struct vl_purl *p, unsigned flags, struct vl_diag *d) {
  char *t = (char *)p->type;
  if (!t || !*t)
    return vl_diag_set(d, VL_EPARSE, "purl: the type is missing");
  if (!isalpha((unsigned char)t[0]))
    return vl_diag_set(d, VL_EPARSE, "purl: type '%s' must start with a letter",
                       t);
  for (const char *c = t; *c; c++)
    if (!isalnum((unsigned char)*c) && *c != '.' && *c != '+' && *c != '-')
      return vl_diag_set(d, VL_EPARSE,
                         "purl: type '%s' contains '%c' (only letters, "
                         "digits, '.', '+' and '-' are allowed)",
                         t, *c);
  lower_inplace(t);
  if (!p->name || !*p->name)
    return vl_diag_set(d, VL_EPARSE, "purl: the name is missing");
  if (p->ns && !*p->ns) p->ns = NULL;
  if (p->version && !*p->version) p->version = NULL;
  if (p->subpath && !*p->subpath) p->subpath = NULL;

  /* Qualifiers: validate keys, drop empty values, sort, refuse duplicates. */
  size_t w = 0;
  for (size_t i = 0; i < p->nquals; i++) {
    char *k = (char *)p->quals[i].key;
    if (!k || !*k)
      return vl_diag_set(d, VL_EPARSE, "purl: empty qualifier key");
    if (isdigit((unsigned char)k[0]))
      return vl_diag_set(d, VL_EPARSE,
                         "purl: qualifier key '%s' starts with a digit", k);
    for (const char *c = k; *c; c++)
      if (!isalnum((unsigned char)*c) && *c != '.' && *c != '-' && *c != '_')
        return vl_diag_set(d, VL_EPARSE,
                           "purl: qualifier key '%s' contains '%c' (only "
                           "letters, digits, '.', '-' and '_')",
                           k, *c);
    if (has_upper(k)) {
      if (flags & VL_PURL_STRICT)
        return vl_diag_set(d, VL_EPARSE,
                           "purl: qualifier key '%s' is not lower case", k);
      lower_inplace(k);
    }
    if (!p->quals[i].value || !*p->quals[i].value) continue;
    p->quals[w++] = p->quals[i];
  }
  p->nquals = w;
  if (w > 1) qsort(p->quals, w, sizeof(p->quals[0]), qual_cmp);
  for (size_t i = 1; i < w; i++)
    if (strcmp(p->quals[i - 1].key, p->quals[i].key) == 0)
      return vl_diag_set(d, VL_EPARSE, "purl: qualifier '%s' appears twice",
                         p->quals[i].key);
  return apply_type_rules(p, d);
}

/* ------------------------------------------------------------------ parse */

/* Decodes the '/'-separated segments of s[0, n), dropping empty ones (and
 * literal "." / ".." when dots is set), refusing a decoded '/', and joins
 * them with '/'.  *out is NULL when nothing remains. */
static int decode_segments(struct vl_arena *a, const char *s, size_t n,
                           bool dots, const char *what, char **out,
                           struct vl_diag *d) {
  char *r = vl_arena_alloc(a, n + 1);
  if (!r) return oom(d);
  size_t w = 0, i = 0;
  while (i <= n) {
    size_t j = i;
    while (j < n && s[j] != '/') j++;
    size_t len = j - i;
    bool skip = len == 0 ||
                (dots && ((len == 1 && s[i] == '.') ||
                          (len == 2 && s[i] == '.' && s[i + 1] == '.')));
    if (!skip) {
      char *seg;
      int rc = pct_decode(a, s + i, len, what, &seg, d);
      if (rc) return rc;
      if (strchr(seg, '/'))
        return vl_diag_set(d, VL_EPARSE,
                           "purl: a %s segment contains an encoded '/'", what);
      size_t sl = strlen(seg);
      if (w) r[w++] = '/';
      memcpy(r + w, seg, sl);
      w += sl;
    }
    i = j + 1;
  }
  r[w] = '\0';
  *out = w ? r : NULL;
  return 0;
}

static const char *memrchr_c(const char *s, size_t n, char c) {
  while (n > 0) {
    n--;
    if (s[n] == c) return s + n;
  }
  return NULL;
}

int vl_purl_parse(struct vl_arena *a, const char *s, size_t len,
                  unsigned flags, struct vl_purl *out, struct vl_diag *d) {
  struct vl_purl p;
  memset(&p, 0, sizeof(p));
  if (len > VL_PURL_STR_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "purl: longer than %d bytes",
                       VL_PURL_STR_MAX);
  if (memchr(s, '\0', len))
    return vl_diag_set(d, VL_EPARSE, "purl: contains a NUL byte");
  size_t end = len;
  int rc;

  /* subpath: after the last '#' */
  const char *hash = memrchr_c(s, end, '#');
  if (hash) {
    char *sp;
    size_t off = (size_t)(hash - s);
    rc = decode_segments(a, hash + 1, end - off - 1, true, "subpath", &sp, d);
    if (rc) return rc;
    p.subpath = sp;
    end = off;
  }

  /* qualifiers: after the last '?' */
  const char *q = memrchr_c(s, end, '?');
  if (q) {
    size_t off = (size_t)(q - s), i = off + 1;
    size_t cap = 1;
    for (size_t k = i; k < end; k++)
      if (s[k] == '&') cap++;
    if (cap > VL_PURL_QUAL_MAX)
      return vl_diag_set(d, VL_ETOOBIG, "purl: more than %d qualifiers",
                         VL_PURL_QUAL_MAX);
    p.quals = vl_arena_alloc(a, cap * sizeof(*p.quals));
    if (!p.quals) return oom(d);
    while (i <= end) {
      size_t j = i;
      while (j < end && s[j] != '&') j++;
      if (j > i) {
        const char *eq = memchr(s + i, '=', j - i);
        if (!eq)
          return vl_diag_set(d, VL_EPARSE,
                             "purl: qualifier '%.*s' has no '='",
                             (int)(j - i > 64 ? 64 : j - i), s + i);
        size_t klen = (size_t)(eq - (s + i));
        char *k = vl_arena_strndup(a, s + i, klen);
        char *v;
        if (!k) return oom(d);
        rc = pct_decode(a, eq + 1, (size_t)(s + j - eq - 1), "qualifier value",
                        &v, d);
        if (rc) return rc;
        p.quals[p.nquals].key = k;
        p.quals[p.nquals].value = v;
        p.nquals++;
      }
      i = j + 1;
    }
    end = off;
  }

  /* scheme */
  const char *colon = memchr(s, ':', end);
  if (!colon || colon - s != 3 || strncasecmp(s, "pkg", 3) != 0)
    return vl_diag_set(d, VL_EPARSE,
                       "purl: must start with the scheme \"pkg:\"");
  size_t i = 4;
  while (i < end && s[i] == '/') i++;

  /* type: up to the first '/' */
  const char *slash = memchr(s + i, '/', end - i);
  if (!slash) {
    if (i == end) return vl_diag_set(d, VL_EPARSE, "purl: the type is missing");
    return vl_diag_set(d, VL_EPARSE,
                       "purl: no '/' after the type (the name is missing)");
  }
  char *type = vl_arena_strndup(a, s + i, (size_t)(slash - (s + i)));
  if (!type) return oom(d);
  lower_inplace(type);
  p.type = type;
  i = (size_t)(slash - s) + 1;

  /* version: after the last '@' of the last segment */
  const char *rest = s + i;
  size_t rlen = end - i;
  const char *last = memrchr_c(rest, rlen, '/');
  size_t lstart = last ? (size_t)(last - rest) + 1 : 0;
  const char *at = memrchr_c(rest + lstart, rlen - lstart, '@');
  if (at) {
    char *v;
    size_t off = (size_t)(at - rest);
    rc = pct_decode(a, at + 1, rlen - off - 1, "version", &v, d);
    if (rc) return rc;
    p.version = v;
    rlen = off;
  }

  const struct type_rule *r = rule_for(type);
  if (r && (r->flags & R_PATH_NAME)) {
    /* namespace = first non-empty segment, name = the remaining segments */
    size_t k = 0;
    while (k < rlen && rest[k] == '/') k++;
    size_t e = k;
    while (e < rlen && rest[e] != '/') e++;
    char *first, *tail;
    rc = decode_segments(a, rest + k, e - k, false, "namespace", &first, d);
    if (rc) return rc;
    rc = decode_segments(a, rest + e, rlen - e, false, "name", &tail, d);
    if (rc) return rc;
    if (rlen > 0 && rest[rlen - 1] == '/')
      return vl_diag_set(d, VL_EPARSE, "purl: the name is missing");
    if (tail) {
      p.ns = first;
      p.name = tail;
    } else {
      p.name = first;
    }
  } else {
    const char *ls = memrchr_c(rest, rlen, '/');
    size_t nstart = ls ? (size_t)(ls - rest) + 1 : 0;
    char *name;
    rc = pct_decode(a, rest + nstart, rlen - nstart, "name", &name, d);
    if (rc) return rc;
    p.name = name;
    if (ls) {
      char *ns;
      rc = decode_segments(a, rest, nstart - 1, false, "namespace", &ns, d);
      if (rc) return rc;
      p.ns = ns;
    }
  }
  rc = finish(&p, flags, d);
  if (rc) return rc;
  *out = p;
  return 0;
}

/* ------------------------------------------------------------------ build */

int vl_purl_build(struct vl_arena *a, const struct vl_purl *in,
                  unsigned flags, struct vl_purl *out, struct vl_diag *d) {
  struct vl_purl p;
  memset(&p, 0, sizeof(p));
  if (!in->type || !*in->type)
    return vl_diag_set(d, VL_EINVAL, "purl: the type is missing");
  if (!in->name || !*in->name)
    return vl_diag_set(d, VL_EINVAL, "purl: the name is missing");
  if (in->nquals > VL_PURL_QUAL_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "purl: more than %d qualifiers",
                       VL_PURL_QUAL_MAX);
  const char *parts[5] = {in->type, in->ns, in->name, in->version,
                          in->subpath};
  size_t total = 0;
  for (int k = 0; k < 5; k++) total += parts[k] ? strlen(parts[k]) : 0;
  for (size_t k = 0; k < in->nquals; k++)
    total += (in->quals[k].key ? strlen(in->quals[k].key) : 0) +
             (in->quals[k].value ? strlen(in->quals[k].value) : 0);
  if (total > VL_PURL_STR_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "purl: components longer than %d bytes",
                       VL_PURL_STR_MAX);
  char *type = vl_arena_strdup(a, in->type);
  char *name = vl_arena_strdup(a, in->name);
  if (!type || !name) return oom(d);
  p.type = type;
  p.name = name;
  if (in->version && !(p.version = vl_arena_strdup(a, in->version)))
    return oom(d);
  /* Namespace and subpath: split on '/', drop empty (and for the subpath
   * "." and "..") segments.  The segments are decoded text already, so
   * nothing is percent-decoded: decode_segments would decode, so copy. */
  const char *segsrc[2] = {in->ns, in->subpath};
  const char **segdst[2] = {&p.ns, &p.subpath};
  for (int k = 0; k < 2; k++) {
    const char *src = segsrc[k];
    if (!src) continue;
    size_t n = strlen(src);
    char *r = vl_arena_alloc(a, n + 1);
    if (!r) return oom(d);
    size_t w = 0, i = 0;
    while (i <= n) {
      size_t j = i;
      while (j < n && src[j] != '/') j++;
      size_t l = j - i;
      bool skip = l == 0 || (k == 1 && ((l == 1 && src[i] == '.') ||
                                        (l == 2 && src[i] == '.' &&
                                         src[i + 1] == '.')));
      if (!skip) {
        if (w) r[w++] = '/';
        memcpy(r + w, src + i, l);
        w += l;
      }
      i = j + 1;
    }
    r[w] = '\0';
    *segdst[k] = w ? r : NULL;
  }
  if (in->nquals) {
    p.quals = vl_arena_alloc(a, in->nquals * sizeof(*p.quals));
    if (!p.quals) return oom(d);
    for (size_t k = 0; k < in->nquals; k++) {
      char *key = vl_arena_strdup(a, in->quals[k].key ? in->quals[k].key : "");
      char *val =
          vl_arena_strdup(a, in->quals[k].value ? in->quals[k].value : "");
      if (!key || !val) return oom(d);
      p.quals[k].key = key;
      p.quals[k].value = val;
    }
    p.nquals = in->nquals;
  }
  int rc = finish(&p, flags, d);
  if (rc) {
    if (rc == VL_EPARSE) {
      if (d) d->code = VL_EINVAL;
      rc = VL_EINVAL;
    }
    return rc;
  }
  *out = p;
  return 0;
}

/* -------------------------------------------------------------- to_string */

static bool keep_raw(unsigned char c) {
  return isalnum(c) || c == '.' || c == '-' || c == '_' || c == '~' ||
         c == ':';
}

/* Appends s[0, n) percent-encoded (upper-case hex). */
static int put_enc(struct vl_buf *b, const char *s, size_t n) {
  static const char hex[] = "0123456789ABCDEF";
  int rc = 0;
  for (size_t i = 0; i < n && !rc; i++) {
    unsigned char c = (unsigned char)s[i];
    if (keep_raw(c)) {
      rc = vl_buf_putc(b, (char)c);
    } else {
      char e[3] = {'%', hex[c >> 4], hex[c & 15]};
      rc = vl_buf_append(b, e, 3);
    }
  }
  return rc;
}

/* Appends the '/'-separated segments of s, each encoded; skips empty ones
 * and, with dots, "." and "..".  Returns the number written in *count. */
static int put_segments(struct vl_buf *b, const char *s, bool dots,
                        size_t *count) {
  size_t n = strlen(s), i = 0;
  int rc = 0;
  *count = 0;
  while (i <= n && !rc) {
    size_t j = i;
    while (j < n && s[j] != '/') j++;
    size_t l = j - i;
    bool skip = l == 0 || (dots && ((l == 1 && s[i] == '.') ||
                                    (l == 2 && s[i] == '.' && s[i + 1] == '.')));
    if (!skip) {
      if (*count) rc = vl_buf_putc(b, '/');
      if (!rc) rc = put_enc(b, s + i, l);
      (*count)++;
    }
    i = j + 1;
  }
  return rc;
}

static int to_string(const struct vl_purl *p, struct vl_buf *out);

int vl_purl_to_string(const struct vl_purl *p, struct vl_buf *out) {
  size_t start = out->len;
  int rc = to_string(p, out);
  /* Percent-encoding can triple a component: a canonical form longer than
   * vl_purl_parse accepts would not read back, so it is refused. */
  if (!rc && out->len - start > VL_PURL_STR_MAX) rc = VL_ETOOBIG;
  if (rc) {
    out->len = start;
    if (out->data) out->data[start] = '\0';
  }
  return rc;
}

static int to_string(const struct vl_purl *p, struct vl_buf *out) {
  int rc = vl_buf_puts(out, "pkg:");
  size_t cnt;
  if (!rc) rc = vl_buf_puts(out, p->type);
  if (!rc) rc = vl_buf_putc(out, '/');
  if (!rc && p->ns) {
    rc = put_segments(out, p->ns, false, &cnt);
    if (!rc && cnt) rc = vl_buf_putc(out, '/');
  }
  if (!rc) {
    const struct type_rule *r = rule_for(p->type);
    if (r && (r->flags & R_PATH_NAME))
      rc = put_segments(out, p->name, false, &cnt);
    else
      rc = put_enc(out, p->name, strlen(p->name));
  }
  if (!rc && p->version) {
    rc = vl_buf_putc(out, '@');
    if (!rc) rc = put_enc(out, p->version, strlen(p->version));
  }
  for (size_t i = 0; i < p->nquals && !rc; i++) {
    rc = vl_buf_putc(out, i ? '&' : '?');
    if (!rc) rc = vl_buf_puts(out, p->quals[i].key);
    if (!rc) rc = vl_buf_putc(out, '=');
    if (!rc) rc = put_enc(out, p->quals[i].value, strlen(p->quals[i].value));
  }
  if (!rc && p->subpath) {
    /* Write into a scratch buffer first: the '#' only if a segment stays. */
    struct vl_buf sp;
    vl_buf_init(&sp, out->max);
    rc = put_segments(&sp, p->subpath, true, &cnt);
    if (!rc && cnt) {
      rc = vl_buf_putc(out, '#');
      if (!rc) rc = vl_buf_append(out, sp.data, sp.len);
    }
    vl_buf_free(&sp);
  }
  return rc;
}

int vl_purl_canonical(struct vl_arena *a, const char *s, size_t len,
                      unsigned flags, struct vl_buf *out, struct vl_diag *d) {
  struct vl_purl p;
  int rc = vl_purl_parse(a, s, len, flags, &p, d);
  if (rc) return rc;
  rc = vl_purl_to_string(&p, out);
  if (rc) return vl_diag_set(d, rc, "purl: canonical form too long");
  return 0;
}
