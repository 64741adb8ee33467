/* SPDX 2.1-2.3 SBOMs (JSON and tag-value) as inventory.
 *
 * A document describes one asset: --asset NAME, else the document's name.
 * Every package becomes installed software of origin "sbom" through the
 * mapping shared with CycloneDX (vl_sbom_software): its first purl
 * externalRef, its first cpe23Type (else cpe22Type) externalRef, its name
 * and versionInfo.  Two kinds of package are not software: what the
 * document DESCRIBES (the image or folder itself: it is the asset), and an
 * operating system (primaryPackagePurpose OPERATING-SYSTEM, or Trivy's
 * SPDXRef-OperatingSystem-* ids), which gives the asset's platform.
 * Since relationships may come after the packages, packages are collected
 * (with where they were read, for messages) and mapped at the end.
 *
 * SPDX 3 (JSON-LD, a different model) is refused with a clear message. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "vulnloop/json.h"
#include "vulnloop/scope.h"

#define MAX_PKGS 200000
#define MAX_DESCRIBED 1024
#define MAX_LINE (64u << 10)       /* one tag-value line */
#define MAX_TEXT (1u << 20)        /* one <text>...</text> value */

struct pkg {
  const char *id, *name, *version, *purl, *cpe, *purpose;
  long line;
  char path[64];                   /* "$.packages[12]" or "" (tag-value) */
  const char *purl_at, *cpe_at;    /* paths of the refs (JSON) */
  long purl_line, cpe_line;
};

struct spdx {
  struct vl_inv *inv;
  const char *file;
  struct vl_sbom *sbom;
  struct vl_arena *a;              /* the SBOM's arena */
  struct pkg *pkg;
  size_t n, cap;
  const char *described[MAX_DESCRIBED];
  size_t n_described;
  const char *doc_id;              /* SPDXRef-DOCUMENT, usually */
  const char *doc_name;
  const char *version;             /* spdxVersion */
  int roots;
};

static int nomem(struct vl_diag *d) {
  return vl_diag_set(d, VL_ETOOBIG, "the SBOM is too large");
}

static struct pkg *pkg_new(struct spdx *x, struct vl_diag *d) {
  if (x->n == MAX_PKGS) {
    vl_diag_set(d, VL_ETOOBIG, "more than %d packages", MAX_PKGS);
    return NULL;
  }
  if (x->n == x->cap) {
    size_t cap = x->cap ? x->cap * 2 : 256;
    struct pkg *np = realloc(x->pkg, cap * sizeof(*np));
    if (!np) {
      vl_diag_set(d, VL_ENOMEM, "out of memory");
      return NULL;
    }
    x->pkg = np;
    x->cap = cap;
  }
  struct pkg *p = &x->pkg[x->n++];
  memset(p, 0, sizeof(*p));
  return p;
}

static int describe(struct spdx *x, const char *id, struct vl_diag *d) {
  if (x->n_described == MAX_DESCRIBED)
    return vl_diag_set(d, VL_ETOOBIG, "more than %d described elements",
                       MAX_DESCRIBED);
  if (!(x->described[x->n_described++] = vl_arena_strdup(x->a, id)))
    return nomem(d);
  return 0;
}

/* spdxVersion: 2.1 to 2.3; SPDX 3 named as such. */
static int check_version(const char *v, struct vl_diag *d) {
  if (v && (!strcmp(v, "SPDX-2.1") || !strcmp(v, "SPDX-2.2") ||
            !strcmp(v, "SPDX-2.3")))
    return 0;
  if (v && !strncmp(v, "SPDX-3", 6))
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "SPDX 3 (%.20s) is not supported: its JSON-LD model "
                       "differs from SPDX 2; export SPDX 2.3 or CycloneDX",
                       v);
  return vl_diag_set(d, VL_EUNSUPPORTED,
                     "SPDX version '%.20s' is not supported (SPDX-2.1 to "
                     "SPDX-2.3 are)",
                     v ? v : "(none)");
}

static bool is_os(const struct pkg *p) {
  return (p->purpose && !strcmp(p->purpose, "OPERATING-SYSTEM")) ||
         (p->id && !strncmp(p->id, "SPDXRef-OperatingSystem", 23));
}

/* Maps the packages collected and writes the asset. */
static int finish(struct spdx *x, struct vl_diag *d) {
  struct vl_asset asset;
  memset(&asset, 0, sizeof(asset));
  vl_inv_rows(x->inv, (long)x->n);
  for (size_t i = 0; i < x->n; i++) {
    struct pkg *p = &x->pkg[i];
    bool described = false;
    for (size_t k = 0; p->id && k < x->n_described; k++)
      if (!strcmp(x->described[k], p->id)) described = true;
    if (described) continue;
    if (is_os(p)) {
      if (vl_sbom_platform(x->sbom, &asset, p->name, p->version, p->cpe))
        return nomem(d);
      continue;
    }
    struct vl_sbom_pkg sp = {p->name, NULL, p->version, p->purl, p->cpe,
                             NULL, NULL, NULL};
    const char *field;
    int rc = vl_sbom_add(x->sbom, &sp, &field, d);
    if (rc) {
      char path[VL_DIAG_PATH_MAX];
      long line = p->line;
      if (field && !strcmp(field, "purl") && p->purl_at) {
        snprintf(path, sizeof(path), "%s", p->purl_at);
        line = p->purl_line;
      } else if (field && !strcmp(field, "cpe") && p->cpe_at) {
        snprintf(path, sizeof(path), "%s", p->cpe_at);
        line = p->cpe_line;
      } else if (p->path[0]) {
        snprintf(path, sizeof(path), "%s%s%s", p->path, field ? "." : "",
                 !field                    ? ""
                 : !strcmp(field, "name") ? "name"
                                           : "versionInfo");
      } else {
        snprintf(path, sizeof(path), "package %.80s", p->name ? p->name : "");
        if (field && !strcmp(field, "purl")) line = p->purl_line;
        if (field && !strcmp(field, "cpe")) line = p->cpe_line;
      }
      vl_diag_where(d, x->file, line, path);
      return rc;
    }
  }
  const struct vl_inv_opts *o = vl_inv_opts(x->inv);
  asset.name = o->asset ? o->asset : x->doc_name;
  if (!asset.name) {
    vl_diag_where(d, x->file, 0, NULL);
    return vl_diag_set(d, VL_EINVAL,
                       "the document has no name: give --asset NAME");
  }
  return vl_sbom_write(x->sbom, x->inv, &asset, x->file, d);
}

static int spdx_init(struct spdx *x, struct vl_inv *inv, const char *path) {
  memset(x, 0, sizeof(*x));
  x->inv = inv;
  x->file = path;
  int rc = vl_sbom_new(MAX_PKGS, &x->sbom);
  if (!rc) x->a = vl_sbom_arena(x->sbom);
  return rc;
}

static void spdx_free(struct spdx *x) {
  vl_sbom_free(x->sbom);
  free(x->pkg);
}

/* ------------------------------------------------------------------ JSON */

static int jwhere(struct vl_diag *d, const char *file, const struct vl_jv *v,
                  const char *path, int rc) {
  vl_diag_where(d, file, v ? v->line : 0, path);
  return rc;
}

static int jstr(struct spdx *x, const struct vl_jv *o, const char *key,
                const char *path, const char **out, struct vl_diag *d) {
  const struct vl_jv *v = vl_jv_get(o, key);
  *out = NULL;
  if (!v || v->type == VL_JNULL) return 0;
  if (v->type != VL_JSTR) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.%s", path, key);
    return jwhere(d, x->file, v, p,
                  vl_diag_set(d, VL_ETYPE, "expected a string, found %s",
                              vl_jv_type_name(v->type)));
  }
  if (!(*out = vl_arena_strdup(x->a, v->s))) return nomem(d);
  return 0;
}

static int json_package(struct spdx *x, const struct vl_jv *o,
                        const char *path, struct vl_diag *d) {
  if (o->type != VL_JOBJ)
    return jwhere(d, x->file, o, path,
                  vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                              vl_jv_type_name(o->type)));
  struct pkg *p = pkg_new(x, d);
  if (!p) return jwhere(d, x->file, o, path, d->code);
  p->line = o->line;
  snprintf(p->path, sizeof(p->path), "%s", path);
  int rc;
  if ((rc = jstr(x, o, "SPDXID", path, &p->id, d)) ||
      (rc = jstr(x, o, "name", path, &p->name, d)) ||
      (rc = jstr(x, o, "versionInfo", path, &p->version, d)) ||
      (rc = jstr(x, o, "primaryPackagePurpose", path, &p->purpose, d)))
    return rc;
  const struct vl_jv *refs = vl_jv_get(o, "externalRefs");
  if (!refs || refs->type == VL_JNULL) return 0;
  char rp[VL_DIAG_PATH_MAX];
  if (refs->type != VL_JARR) {
    snprintf(rp, sizeof(rp), "%s.externalRefs", path);
    return jwhere(d, x->file, refs, rp,
                  vl_diag_set(d, VL_ETYPE, "expected an array, found %s",
                              vl_jv_type_name(refs->type)));
  }
  size_t i = 0;
  bool cpe23 = false;
  for (const struct vl_jv *r = refs->child; r; r = r->next, i++) {
    snprintf(rp, sizeof(rp), "%s.externalRefs[%zu]", path, i);
    if (r->type != VL_JOBJ)
      return jwhere(d, x->file, r, rp,
                    vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                                vl_jv_type_name(r->type)));
    const char *type, *loc;
    if ((rc = jstr(x, r, "referenceType", rp, &type, d)) ||
        (rc = jstr(x, r, "referenceLocator", rp, &loc, d)))
      return rc;
    if (!type || !loc) continue;
    char lp[VL_DIAG_PATH_MAX];
    snprintf(lp, sizeof(lp), "%s.referenceLocator", rp);
    const char **dst = NULL;
    if (!strcmp(type, "purl") && !p->purl) {
      dst = &p->purl;
      if (!(p->purl_at = vl_arena_strdup(x->a, lp))) return nomem(d);
      p->purl_line = r->line;
    } else if ((!strcmp(type, "cpe23Type") && !cpe23) ||
               (!strcmp(type, "cpe22Type") && !p->cpe)) {
      dst = &p->cpe;
      cpe23 = !strcmp(type, "cpe23Type");
      if (!(p->cpe_at = vl_arena_strdup(x->a, lp))) return nomem(d);
      p->cpe_line = r->line;
    }
    if (dst) *dst = loc;
  }
  return 0;
}

static int json_relationship(struct spdx *x, const struct vl_jv *o,
                             const char *path, struct vl_diag *d) {
  if (o->type != VL_JOBJ)
    return jwhere(d, x->file, o, path,
                  vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                              vl_jv_type_name(o->type)));
  const char *a = vl_jv_str(o, "spdxElementId");
  const char *t = vl_jv_str(o, "relationshipType");
  const char *b = vl_jv_str(o, "relatedSpdxElement");
  if (!a || !t || !b) return 0;
  int rc = 0;
  if (!strcmp(t, "DESCRIBES") && !strcmp(a, "SPDXRef-DOCUMENT"))
    rc = describe(x, b, d);
  else if (!strcmp(t, "DESCRIBED_BY") && !strcmp(b, "SPDXRef-DOCUMENT"))
    rc = describe(x, a, d);
  return rc ? jwhere(d, x->file, o, path, rc) : 0;
}

static int json_record(void *ud, const struct vl_jv *rec,
                       const struct vl_jrec_info *info, struct vl_diag *d) {
  struct spdx *x = ud;
  if (!*info->array_key)
    return jwhere(d, x->file, rec, "$",
                  vl_diag_set(d, VL_ETYPE,
                              "expected an SPDX document (an object), found "
                              "an array"));
  if (x->roots)
    return jwhere(d, x->file, rec, NULL,
                  vl_diag_set(d, VL_EINVAL,
                              "more than one JSON value (one document per "
                              "file)"));
  char p[VL_DIAG_PATH_MAX];
  snprintf(p, sizeof(p), "$.%s[%zu]", info->array_key, info->index);
  if (!strcmp(info->array_key, "packages")) return json_package(x, rec, p, d);
  if (!strcmp(info->array_key, "relationships"))
    return json_relationship(x, rec, p, d);
  return 0;
}

static int json_root(void *ud, const struct vl_jv *root, long line,
                     struct vl_diag *d) {
  struct spdx *x = ud;
  (void)line;
  if (x->roots++)
    return jwhere(d, x->file, root, NULL,
                  vl_diag_set(d, VL_EINVAL,
                              "more than one JSON value (one document per "
                              "file)"));
  if (root->type != VL_JOBJ)
    return jwhere(d, x->file, root, "$",
                  vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                              vl_jv_type_name(root->type)));
  int rc;
  if ((rc = jstr(x, root, "spdxVersion", "$", &x->version, d)) ||
      (rc = jstr(x, root, "name", "$", &x->doc_name, d)))
    return rc;
  if (!x->version && vl_jv_get(root, "@context"))
    return jwhere(d, x->file, root, "$",
                  vl_diag_set(d, VL_EUNSUPPORTED,
                              "SPDX 3 (JSON-LD with @context) is not "
                              "supported: export SPDX 2.3 or CycloneDX"));
  if ((rc = check_version(x->version, d)))
    return jwhere(d, x->file, vl_jv_get(root, "spdxVersion"),
                  "$.spdxVersion", rc);
  static const char *const arrays[] = {"packages", "relationships"};
  for (size_t k = 0; k < VL_ARRAY_LEN(arrays); k++) {
    const struct vl_jv *v = vl_jv_get(root, arrays[k]);
    if (v && v->type != VL_JARR && v->type != VL_JNULL) {
      char p[64];
      snprintf(p, sizeof(p), "$.%s", arrays[k]);
      return jwhere(d, x->file, v, p,
                    vl_diag_set(d, VL_ETYPE, "expected an array, found %s",
                                vl_jv_type_name(v->type)));
    }
  }
  const struct vl_jv *desc = vl_jv_get(root, "documentDescribes");
  if (desc && desc->type == VL_JARR) {
    size_t i = 0;
    for (const struct vl_jv *e = desc->child; e; e = e->next, i++) {
      char p[64];
      snprintf(p, sizeof(p), "$.documentDescribes[%zu]", i);
      if (e->type != VL_JSTR)
        return jwhere(d, x->file, e, p,
                      vl_diag_set(d, VL_ETYPE, "expected a string, found %s",
                                  vl_jv_type_name(e->type)));
      if ((rc = describe(x, e->s, d))) return jwhere(d, x->file, e, p, rc);
    }
  }
  return 0;
}

static int import_json(struct vl_inv *inv, const char *path,
                       struct vl_diag *d) {
  static const char *const keys[] = {"packages", "relationships", "files",
                                     "snippets", "annotations",
                                     "hasExtractedLicensingInfos", "@graph",
                                     NULL};
  static const struct vl_json_opts opts = {.stream_keys = keys,
                                           .max_record_bytes = 64u << 20,
                                           .max_root_bytes = 64u << 20,
                                           .max_depth = 64};
  struct spdx x;
  int rc = spdx_init(&x, inv, path);
  if (!rc) rc = vl_json_stream_file(path, &opts, json_record, json_root, &x, d);
  if (!rc && !x.roots) {
    vl_diag_where(d, path, 0, NULL);
    rc = vl_diag_set(d, VL_EPARSE, "no JSON value in the file");
  }
  if (!rc) rc = finish(&x, d);
  spdx_free(&x);
  return rc;
}

/* ------------------------------------------------------------ tag-value */

/* Is s[0, n) valid UTF-8 (no overlongs, no surrogates)? */
static bool utf8_ok(const unsigned char *s, size_t n) {
  static const unsigned min[4] = {0, 0x80, 0x800, 0x10000};
  for (size_t i = 0; i < n;) {
    unsigned c = s[i], cp;
    size_t k;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xe0) == 0xc0) {
      k = 1, cp = c & 0x1f;
    } else if ((c & 0xf0) == 0xe0) {
      k = 2, cp = c & 0x0f;
    } else if ((c & 0xf8) == 0xf0) {
      k = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (n - i <= k) return false;
    for (size_t j = 1; j <= k; j++) {
      if ((s[i + j] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (s[i + j] & 0x3f);
    }
    if (cp < min[k] || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
      return false;
    i += k + 1;
  }
  return true;
}

static char *trim(char *s) {
  while (*s == ' ' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = 0;
  return s;
}

/* Reads one line (without its newline) into b; *eof at the end. */
static int read_line(gzFile f, struct vl_buf *b, bool *eof, long line,
                     const char *file, struct vl_diag *d) {
  vl_buf_reset(b);
  *eof = false;
  for (;;) {
    int c = gzgetc(f);
    if (c < 0) {
      int zerr;
      gzerror(f, &zerr);
      if (zerr != Z_OK && zerr != Z_STREAM_END) {
        vl_diag_where(d, file, line, NULL);
        return vl_diag_set(d, VL_EIO, "read failed (a damaged gzip file?)");
      }
      *eof = b->len == 0;
      break;
    }
    if (c == '\n') break;
    if (c == 0) {
      vl_diag_where(d, file, line, NULL);
      return vl_diag_set(d, VL_EPARSE, "a NUL byte: not a text file");
    }
    if (b->len >= MAX_LINE) {
      vl_diag_where(d, file, line, NULL);
      return vl_diag_set(d, VL_ETOOBIG, "a line longer than %u bytes",
                         MAX_LINE);
    }
    if (vl_buf_putc(b, (char)c)) return VL_ENOMEM;
  }
  if (!utf8_ok((const unsigned char *)(b->data ? b->data : ""), b->len)) {
    vl_diag_where(d, file, line, NULL);
    return vl_diag_set(d, VL_EPARSE, "the line is not valid UTF-8");
  }
  return 0;
}

static int import_tv(struct vl_inv *inv, const char *path,
                     struct vl_diag *d) {
  struct spdx x;
  struct vl_buf b, text;
  vl_buf_init(&b, MAX_LINE + 16);
  vl_buf_init(&text, MAX_TEXT + MAX_LINE + 16);
  gzFile f = NULL;
  int rc = spdx_init(&x, inv, path);
  if (rc) goto out;
  if (!(f = gzopen(path, "rb"))) {
    vl_diag_where(d, path, 0, NULL);
    rc = vl_diag_set(d, VL_EIO, "cannot open");
    goto out;
  }
  long line = 0;
  struct pkg *p = NULL;          /* the package being read */
  bool eof;
  for (;;) {
    if ((rc = read_line(f, &b, &eof, ++line, path, d))) goto out;
    if (eof) break;
    char *s = trim(b.data ? b.data : (char *)"");
    if (!*s || *s == '#') continue;
    char *colon = strchr(s, ':');
    if (!colon) {
      vl_diag_where(d, path, line, NULL);
      rc = vl_diag_set(d, VL_EPARSE, "expected 'Tag: value', found '%.60s'",
                       s);
      goto out;
    }
    *colon = 0;
    /* The tag is copied: a <text> value reads more lines into b. */
    char tag[64];
    snprintf(tag, sizeof(tag), "%s", trim(s));
    char *val = trim(colon + 1);
    long at = line;
    if (!strncmp(val, "<text>", 6)) {
      /* A value over several lines, up to </text>. */
      vl_buf_reset(&text);
      char *v = val + 6;
      for (;;) {
        char *end = strstr(v, "</text>");
        if (end) *end = 0;
        if (text.len + strlen(v) > MAX_TEXT) {
          vl_diag_where(d, path, at, NULL);
          rc = vl_diag_set(d, VL_ETOOBIG, "a <text> value over %u bytes",
                           MAX_TEXT);
          goto out;
        }
        if ((rc = vl_buf_puts(&text, v))) goto out;
        if (end) break;
        if ((rc = read_line(f, &b, &eof, ++line, path, d))) goto out;
        if (eof) {
          vl_diag_where(d, path, at, NULL);
          rc = vl_diag_set(d, VL_EPARSE,
                           "<text> is not closed (the file ends too early)");
          goto out;
        }
        if ((rc = vl_buf_putc(&text, '\n'))) goto out;
        v = b.data ? b.data : (char *)"";
      }
      /* Without the line ends around it. */
      val = text.data ? text.data : (char *)"";
      while (isspace((unsigned char)*val)) val++;
      size_t vn = strlen(val);
      while (vn && isspace((unsigned char)val[vn - 1])) val[--vn] = 0;
    }
    if (!x.version) {
      if (strcmp(tag, "SPDXVersion")) {
        vl_diag_where(d, path, at, NULL);
        rc = vl_diag_set(d, VL_EPARSE,
                         "an SPDX tag-value document starts with "
                         "SPDXVersion (found %.40s)",
                         tag);
        goto out;
      }
      if (!(x.version = vl_arena_strdup(x.a, val))) {
        rc = nomem(d);
        goto out;
      }
      if ((rc = check_version(x.version, d))) {
        vl_diag_where(d, path, at, NULL);
        goto out;
      }
      continue;
    }
    const char **dst = NULL;
    if (!strcmp(tag, "PackageName")) {
      if (!(p = pkg_new(&x, d))) {
        vl_diag_where(d, path, at, NULL);
        rc = d->code;
        goto out;
      }
      p->line = at;
      dst = &p->name;
    } else if (!strcmp(tag, "FileName") || !strcmp(tag, "SnippetSPDXID") ||
               !strcmp(tag, "LicenseID")) {
      p = NULL;                  /* the package's fields end here */
    } else if (!strcmp(tag, "DocumentName") && !x.n) {
      dst = &x.doc_name;
    } else if (!strcmp(tag, "SPDXID") && p) {
      dst = &p->id;
    } else if (!strcmp(tag, "PackageVersion") && p) {
      dst = &p->version;
    } else if (!strcmp(tag, "PrimaryPackagePurpose") && p) {
      dst = &p->purpose;
    } else if (!strcmp(tag, "ExternalRef") && p) {
      /* CATEGORY TYPE LOCATOR */
      char cat[64], type[64];
      int off = 0;
      if (sscanf(val, "%63s %63s %n", cat, type, &off) != 2 || !val[off]) {
        vl_diag_where(d, path, at, NULL);
        rc = vl_diag_set(d, VL_EPARSE,
                         "ExternalRef: expected 'CATEGORY TYPE LOCATOR'");
        goto out;
      }
      val += off;
      if (!strcmp(type, "purl") && !p->purl) {
        dst = &p->purl;
        p->purl_line = at;
      } else if ((!strcmp(type, "cpe23Type") &&
                  (!p->cpe || !strncmp(p->cpe, "cpe:/", 5))) ||
                 (!strcmp(type, "cpe22Type") && !p->cpe)) {
        dst = &p->cpe;
        p->cpe_line = at;
      }
    } else if (!strcmp(tag, "Relationship")) {
      char a[256], t[64], bb[256];
      if (sscanf(val, "%255s %63s %255s", a, t, bb) != 3) {
        vl_diag_where(d, path, at, NULL);
        rc = vl_diag_set(d, VL_EPARSE,
                         "Relationship: expected 'ELEMENT TYPE ELEMENT'");
        goto out;
      }
      rc = 0;
      if (!strcmp(t, "DESCRIBES") && !strcmp(a, "SPDXRef-DOCUMENT"))
        rc = describe(&x, bb, d);
      else if (!strcmp(t, "DESCRIBED_BY") && !strcmp(bb, "SPDXRef-DOCUMENT"))
        rc = describe(&x, a, d);
      if (rc) {
        vl_diag_where(d, path, at, NULL);
        goto out;
      }
    }
    if (dst && !(*dst = vl_arena_strdup(x.a, val))) {
      rc = nomem(d);
      goto out;
    }
  }
  if (!x.version) {
    vl_diag_where(d, path, line > 1 ? line - 1 : 0, NULL);
    rc = vl_diag_set(d, VL_EPARSE, "no SPDXVersion: not an SPDX document");
    goto out;
  }
  rc = finish(&x, d);
out:
  if (f) gzclose(f);
  vl_buf_free(&b);
  vl_buf_free(&text);
  spdx_free(&x);
  return rc;
}

/* ------------------------------------------------------------- sniffing */

static bool sniff_json(const char *h, size_t n) {
  size_t i = 0;
  if (n >= 3 && !memcmp(h, "\xef\xbb\xbf", 3)) i = 3;
  while (i < n && isspace((unsigned char)h[i])) i++;
  if (i >= n || h[i] != '{') return false;
  if (vl_sbom_sniff_member(h + i, n - i, "spdxVersion", NULL) ||
      vl_sbom_sniff_member(h + i, n - i, "SPDXID", "SPDXRef-DOCUMENT"))
    return true;
  /* SPDX 3 (refused on import, with a reason) */
  for (size_t k = i; k + 14 <= n; k++)
    if (!memcmp(h + k, "spdx.org/rdf/3", 14)) return true;
  return false;
}

static bool sniff_tv(const char *h, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t j = i;
    if (i == 0 && n >= 3 && !memcmp(h, "\xef\xbb\xbf", 3)) j = i = 3;
    if (n - j >= 12 && !memcmp(h + j, "SPDXVersion:", 12)) return true;
    if (h[j] != '#' && h[j] != '\n' && h[j] != '\r') return false;
    while (j < n && h[j] != '\n') j++;
    i = j + 1;
  }
  return false;
}

const struct vl_inv_format vl_inv_fmt_spdx_json = {
    "spdx-json", "sbom",
    "SPDX 2.1-2.3 JSON: packages by purl or CPE externalRefs; the asset is "
    "--asset or the document name (SPDX 3 is refused)",
    sniff_json, import_json};

const struct vl_inv_format vl_inv_fmt_spdx_tv = {
    "spdx-tv", "sbom", "SPDX 2.1-2.3 tag-value: as spdx-json", sniff_tv,
    import_tv};
