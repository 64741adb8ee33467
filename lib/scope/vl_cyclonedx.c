/* CycloneDX SBOMs (JSON and XML, spec 1.0-1.7) as inventory, and the SBOM
 * package mapping shared with the SPDX and CMDB JSON importers.
 *
 * A BOM describes one asset: --asset NAME, else its subject
 * (metadata.component, "name@version").  Every component, nested ones
 * included, becomes installed software of origin "sbom" (see
 * vl_sbom_software for the mapping); components of type operating-system
 * give the asset's platform instead.  Components are collected first (the
 * subject may come after them) into one capped arena, deduplicated by
 * ident, and written when the document has been read in full.
 *
 * JSON is streamed (include/vulnloop/json.h): each top-level component is
 * one record; dependencies, vulnerabilities and services are streamed past
 * without being kept.  XML goes through the safe reader
 * (include/vulnloop/xml.h: no DTD, no entities): each top-level component
 * is read as one tree. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"
#include "vulnloop/json.h"
#include "vulnloop/purl.h"
#include "vulnloop/scope.h"
#include "vulnloop/version.h"
#include "vulnloop/xml.h"

#define MAX_PKGS 200000            /* components (packages) in one SBOM */
#define MAX_NEST 24                /* components inside components */
#define SBOM_ARENA (256u << 20)    /* strings of one SBOM's packages */
#define MAX_ASSET_NAME 256

/* ------------------------------------------------- the package mapping */

static char *lower(struct vl_arena *a, const char *s) {
  char *t = vl_arena_strdup(a, s);
  if (t)
    for (char *c = t; *c; c++) *c = (char)tolower((unsigned char)*c);
  return t;
}

static int nomem(struct vl_diag *d) {
  return vl_diag_set(d, VL_ETOOBIG, "the SBOM is too large (over %u MiB of "
                     "package data)", SBOM_ARENA >> 20);
}

/* The package name in the ecosystem's own spelling (as OSV and the
 * distributions write it): Maven "group:artifact"; npm, Go, Composer and
 * the rest "namespace/name"; deb, rpm, apk and alpm the binary package
 * name alone (their namespace is the vendor). */
static const char *eco_name(struct vl_arena *a, const struct vl_purl *p) {
  if (!p->ns || !strcmp(p->type, "deb") || !strcmp(p->type, "rpm") ||
      !strcmp(p->type, "apk") || !strcmp(p->type, "alpm"))
    return p->name;
  return vl_arena_printf(a, "%s%s%s", p->ns,
                         strcmp(p->type, "maven") ? "/" : ":", p->name);
}

int vl_sbom_software(struct vl_arena *a, const struct vl_sbom_pkg *in,
                     struct vl_software *sw, const char **field,
                     struct vl_diag *d) {
  memset(sw, 0, sizeof(*sw));
  *field = NULL;
  const char *version = in->version && *in->version ? in->version : NULL;
  sw->scheme = "generic";
  sw->source_name = in->source_name;
  sw->source_version = in->source_version;
  sw->arch = in->arch;
  if (in->purl) {
    struct vl_purl p;
    struct vl_diag pd;
    vl_diag_clear(&pd);
    *field = "purl";
    int rc = vl_purl_parse(a, in->purl, strlen(in->purl), 0, &p, &pd);
    if (rc == VL_ENOMEM) return nomem(d);
    if (rc) return vl_diag_set(d, rc, "invalid purl: %s", pd.msg);
    struct vl_buf b;
    vl_buf_init(&b, 4 * VL_PURL_STR_MAX);
    rc = vl_purl_to_string(&p, &b);
    sw->purl = rc ? NULL : vl_arena_strndup(a, b.data, b.len);
    vl_buf_free(&b);
    if (rc) return vl_diag_set(d, rc, "purl too long once canonical");
    if (!sw->purl) return nomem(d);
    sw->ident = sw->purl;
    sw->ecosystem = p.type;
    enum vl_scheme sc;
    if (!vl_scheme_from_name(p.type, &sc)) sw->scheme = vl_scheme_name(sc);
    if (p.version) version = p.version;
    /* deb and rpm purls carry a non-zero epoch as a qualifier. */
    const char *epoch = vl_purl_qualifier(&p, "epoch");
    if (version && epoch && strcmp(epoch, "0") && !strchr(version, ':') &&
        (!strcmp(p.type, "deb") || !strcmp(p.type, "rpm") ||
         !strcmp(p.type, "alpm")))
      version = vl_arena_printf(a, "%s:%s", epoch, version);
    if (!sw->arch) sw->arch = vl_purl_qualifier(&p, "arch");
    sw->name = eco_name(a, &p);
    sw->product = lower(a, p.name);
    if (!sw->name || !sw->product) return nomem(d);
  }
  if (in->cpe) {
    struct vl_cpe c;
    struct vl_diag cd;
    vl_diag_clear(&cd);
    *field = "cpe";
    int rc = vl_cpe_parse(in->cpe, strlen(in->cpe), &c, &cd);
    if (rc) return vl_diag_set(d, rc, "invalid CPE name: %s", cd.msg);
    struct vl_cpe_key k;
    vl_cpe_key_of(&c, &k);
    if (k.vendor.kind != VL_CPE_VALUE || k.vendor.wild ||
        k.product.kind != VL_CPE_VALUE || k.product.wild)
      return vl_diag_set(d, VL_EINVAL,
                         "an installed product needs a CPE with a concrete "
                         "vendor and product");
    if (k.version.wild)
      return vl_diag_set(d, VL_EINVAL,
                         "an installed product needs a concrete version, "
                         "not a wildcard, in its CPE");
    /* A CPE without a version takes the package's (the matcher compares
     * the CPE's version attribute too). */
    if (k.version.kind == VL_CPE_ANY && version &&
        !vl_cpe_set(&c, VL_CPE_VERSION, version, NULL))
      vl_cpe_key_of(&c, &k);
    struct vl_buf b;
    vl_buf_init(&b, 4 * VL_CPE_STR_MAX);
    rc = vl_cpe_to_fs(&c, &b);
    sw->cpe = rc ? NULL : vl_arena_strndup(a, b.data, b.len);
    vl_buf_free(&b);
    if (!sw->cpe) return rc ? vl_diag_set(d, rc, "CPE too long") : nomem(d);
    sw->vendor = vl_arena_strdup(a, k.vendor.text);
    sw->product = vl_arena_strdup(a, k.product.text);
    if (!sw->vendor || !sw->product) return nomem(d);
    if (!in->purl && k.version.kind != VL_CPE_ANY &&
        !(version = vl_arena_strdup(
              a, k.version.kind == VL_CPE_NA ? "-" : k.version.text)))
      return nomem(d);
  }
  if (!in->purl && !in->cpe) {
    *field = "name";
    if (!in->name || !*in->name)
      return vl_diag_set(d, VL_EINVAL,
                         "a package needs a purl, a CPE or a name");
    const char *name = in->group && *in->group
                           ? vl_arena_printf(a, "%s/%s", in->group, in->name)
                           : in->name;
    sw->name = name;
    sw->product = name ? lower(a, in->name) : NULL;
    sw->ident = version ? vl_arena_printf(a, "%s@%s", name, version) : name;
    if (!sw->product || !sw->ident) return nomem(d);
  }
  if (!version) {
    *field = "version";
    return vl_diag_set(d, VL_EINVAL,
                       "the package has no version (in its purl, its CPE "
                       "or beside them)");
  }
  /* Everything sw points to lives in a, whatever in's strings become. */
  const char **own[] = {&sw->ident,  &sw->name,        &sw->version,
                        &sw->arch,   &sw->source_name, &sw->source_version};
  sw->version = version;
  for (size_t i = 0; i < VL_ARRAY_LEN(own); i++)
    if (*own[i] && !(*own[i] = vl_arena_strdup(a, *own[i]))) return nomem(d);
  *field = NULL;
  return 0;
}

/* --------------------------------------- the packages of one SBOM */

struct vl_sbom {
  struct vl_arena *a;          /* every string and the package array */
  struct vl_software *pkg;     /* malloc'd */
  size_t n, cap;
  size_t *slot;                /* open addressing: index + 1, 0 empty */
  size_t nslot;                /* a power of two */
  size_t max;
  long merged;                 /* duplicates merged */
  long skipped;                /* packages without a version */
};

int vl_sbom_new(size_t max_pkgs, struct vl_sbom **out) {
  struct vl_sbom *s = calloc(1, sizeof(*s));
  if (!s) return VL_ENOMEM;
  s->max = max_pkgs ? max_pkgs : MAX_PKGS;
  int rc = vl_arena_new(SBOM_ARENA, &s->a);
  if (rc) {
    free(s);
    return rc;
  }
  *out = s;
  return 0;
}

void vl_sbom_free(struct vl_sbom *s) {
  if (!s) return;
  vl_arena_free(s->a);
  free(s->pkg);
  free(s->slot);
  free(s);
}

size_t vl_sbom_count(const struct vl_sbom *s) { return s->n; }

static const char *ident_of(const struct vl_software *sw) {
  return sw->ident ? sw->ident : sw->purl ? sw->purl : sw->cpe;
}

static int rehash(struct vl_sbom *s) {
  size_t n = s->nslot ? s->nslot * 2 : 1024;
  size_t *t = calloc(n, sizeof(*t));
  if (!t) return VL_ENOMEM;
  for (size_t i = 0; i < s->n; i++) {
    const char *id = ident_of(&s->pkg[i]);
    size_t h = (size_t)vl_hash64(id, strlen(id)) & (n - 1);
    while (t[h]) h = (h + 1) & (n - 1);
    t[h] = i + 1;
  }
  free(s->slot);
  s->slot = t;
  s->nslot = n;
  return 0;
}

/* Fills the fields a duplicate gives and the first did not. */
static void merge(struct vl_software *to, const struct vl_software *from) {
  if (!to->cpe && from->cpe) {
    to->cpe = from->cpe;
    to->vendor = from->vendor;
  }
  if (!to->source_name) to->source_name = from->source_name;
  if (!to->source_version) to->source_version = from->source_version;
  if (!to->arch) to->arch = from->arch;
}

int vl_sbom_add(struct vl_sbom *s, const struct vl_sbom_pkg *p,
                const char **field, struct vl_diag *d) {
  struct vl_software sw;
  int rc = vl_sbom_software(s->a, p, &sw, field, d);
  if (rc == VL_EINVAL && *field && !strcmp(*field, "version")) {
    /* Nothing to match (a container's or a folder's name): skipped. */
    vl_diag_clear(d);
    *field = NULL;
    s->skipped++;
    return 0;
  }
  if (rc) return rc;
  if (s->n * 2 >= s->nslot && (rc = rehash(s))) return rc;
  const char *id = ident_of(&sw);
  size_t h = (size_t)vl_hash64(id, strlen(id)) & (s->nslot - 1);
  for (; s->slot[h]; h = (h + 1) & (s->nslot - 1)) {
    struct vl_software *o = &s->pkg[s->slot[h] - 1];
    if (!strcmp(ident_of(o), id)) {
      merge(o, &sw);
      s->merged++;
      return 0;
    }
  }
  if (s->n == s->max)
    return vl_diag_set(d, VL_ETOOBIG, "more than %zu packages", s->max);
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 256;
    struct vl_software *np = realloc(s->pkg, cap * sizeof(*np));
    if (!np) return VL_ENOMEM;
    s->pkg = np;
    s->cap = cap;
  }
  s->pkg[s->n] = sw;
  s->slot[h] = ++s->n;
  return 0;
}

int vl_sbom_write(struct vl_sbom *s, struct vl_inv *inv,
                  const struct vl_asset *a, const char *file,
                  struct vl_diag *d) {
  const char *name = a->name;
  size_t len = name ? strlen(name) : 0;
  bool ctl = false;
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f) ctl = true;
  if (!len || len > MAX_ASSET_NAME || ctl) {
    vl_diag_where(d, file, 0, NULL);
    return vl_diag_set(d, VL_EINVAL,
                       "the asset name '%.60s' is %s (give --asset NAME)",
                       name ? name : "",
                       !len ? "empty" : ctl ? "not printable" : "too long");
  }
  int64_t aid;
  int rc = vl_inv_asset(inv, a, VL_ASSET_MERGE, &aid, d);
  for (size_t i = 0; !rc && i < s->n; i++)
    rc = vl_inv_software(inv, aid, &s->pkg[i], NULL, d);
  if (rc && !d->file[0]) vl_diag_where(d, file, 0, NULL);
  if (!rc)
    vl_log(VL_LOG_INFO, "%s: %zu packages, %ld duplicates merged, %ld "
           "without a version skipped", file, s->n, s->merged, s->skipped);
  return rc;
}

/* Maps a scanner's distribution name to the os-release ID the distribution
 * trackers use. */
static const char *distro_id(struct vl_arena *a, const char *name) {
  static const char *const map[][2] = {
      {"redhat", "rhel"},   {"red hat", "rhel"},   {"amazon", "amzn"},
      {"oracle", "ol"},     {"alma", "almalinux"}, {"rocky linux", "rocky"},
      {"opensuse.leap", "opensuse-leap"},
      {"suse linux enterprise server", "sles"}};
  char *l = lower(a, name);
  if (!l) return NULL;
  for (size_t i = 0; i < VL_ARRAY_LEN(map); i++)
    if (!strcmp(l, map[i][0])) return map[i][1];
  return l;
}

int vl_sbom_platform(struct vl_sbom *s, struct vl_asset *a, const char *name,
                     const char *version, const char *cpe) {
  if (a->distro || !name || !*name) return 0; /* the first one wins */
  a->distro = distro_id(s->a, name);
  a->release = version && *version ? vl_arena_strdup(s->a, version) : NULL;
  a->os = vl_arena_printf(s->a, "%s%s%s", name, a->release ? " " : "",
                          a->release ? a->release : "");
  if (cpe) {
    struct vl_cpe c;
    struct vl_buf b;
    if (!vl_cpe_parse(cpe, strlen(cpe), &c, NULL)) {
      vl_buf_init(&b, 4 * VL_CPE_STR_MAX);
      if (!vl_cpe_to_fs(&c, &b)) a->os_cpe = vl_arena_strndup(s->a, b.data, b.len);
      vl_buf_free(&b);
    }
  }
  if (!a->distro || !a->os) return VL_ETOOBIG;
  return 0;
}

struct vl_arena *vl_sbom_arena(struct vl_sbom *s) { return s->a; }

/* ----------------------------------------------------------- CycloneDX */

/* One component, whichever syntax it came in. */
struct comp {
  const char *type, *name, *version, *group, *purl, *cpe, *scope;
  const char *src_name, *src_version, *src_release, *src_epoch;
};

struct cdx {
  struct vl_inv *inv;
  const char *file;
  struct vl_sbom *sbom;
  struct vl_asset asset;       /* platform fields filled from OS components */
  long read;                   /* components read */
  int roots;                   /* top-level JSON values seen */
  long vulns;                  /* vulnerabilities listed (VEX, VDR) */
  const char *subject;         /* metadata.component name[@version] */
  const char *subject_type;
};

/* Trivy records a package's source package in properties. */
static void src_property(struct comp *c, const char *name, const char *value) {
  if (!name || !value || strncmp(name, "aquasecurity:trivy:", 19)) return;
  name += 19;
  if (!strcmp(name, "SrcName")) c->src_name = value;
  else if (!strcmp(name, "SrcVersion")) c->src_version = value;
  else if (!strcmp(name, "SrcRelease")) c->src_release = value;
  else if (!strcmp(name, "SrcEpoch")) c->src_epoch = value;
}

/* Adds one component: the platform or a package.  On failure d holds the
 * message and the field (appended to path by the caller). */
static int add_comp(struct cdx *x, const struct comp *c, const char **field,
                    struct vl_diag *d) {
  x->read++;
  *field = NULL;
  /* "excluded": not part of what runs (a build or test dependency). */
  if (c->scope && !strcmp(c->scope, "excluded")) return 0;
  if (c->type && !strcmp(c->type, "operating-system")) {
    if (vl_sbom_platform(x->sbom, &x->asset, c->name, c->version, c->cpe))
      return nomem(d);
    if (!c->cpe) return 0;
  }
  struct vl_sbom_pkg p = {c->name, c->group, c->version, c->purl, c->cpe,
                          c->src_name, NULL, NULL};
  if (c->src_version) {
    struct vl_arena *a = vl_sbom_arena(x->sbom);
    bool ep = c->src_epoch && strcmp(c->src_epoch, "0");
    p.source_version = vl_arena_printf(
        a, "%s%s%s%s%s", ep ? c->src_epoch : "", ep ? ":" : "",
        c->src_version, c->src_release ? "-" : "",
        c->src_release ? c->src_release : "");
    if (!p.source_version) return nomem(d);
  }
  return vl_sbom_add(x->sbom, &p, field, d);
}

static int subject_of(struct cdx *x, const char *name, const char *version,
                      const char *type) {
  if (!name || !*name) return 0;
  struct vl_arena *a = vl_sbom_arena(x->sbom);
  x->subject = version && *version ? vl_arena_printf(a, "%s@%s", name, version)
                                   : vl_arena_strdup(a, name);
  x->subject_type = type ? vl_arena_strdup(a, type) : NULL;
  return x->subject && (!type || x->subject_type) ? 0 : VL_ETOOBIG;
}

/* Writes the BOM once read: the asset is --asset or the BOM's subject. */
static int cdx_finish(struct cdx *x, struct vl_diag *d) {
  const struct vl_inv_opts *o = vl_inv_opts(x->inv);
  vl_inv_rows(x->inv, x->read);
  if (!x->read && x->vulns) {
    /* Importing it would mark everything the asset's SBOM listed as
     * removed. */
    vl_diag_where(d, x->file, 0, NULL);
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "a VEX or VDR document (vulnerabilities, no "
                       "components) is not an inventory");
  }
  if (o->asset) {
    x->asset.name = o->asset;
  } else if (x->subject) {
    x->asset.name = x->subject;
    x->asset.type = x->subject_type;
  } else {
    vl_diag_where(d, x->file, 0, NULL);
    return vl_diag_set(d, VL_EINVAL,
                       "the BOM does not name what it describes "
                       "(metadata.component): give --asset NAME");
  }
  return vl_sbom_write(x->sbom, x->inv, &x->asset, x->file, d);
}

static bool spec_ok(const char *v) {
  /* 1.0 .. 1.7: the fields read here have not changed across them. */
  return v && v[0] == '1' && v[1] == '.' && v[2] >= '0' && v[2] <= '7' &&
         !v[3];
}

/* ----------------------------------------------------- CycloneDX JSON */

static int jwhere(struct vl_diag *d, const char *file, const struct vl_jv *v,
                  const char *path, int rc) {
  vl_diag_where(d, file, v ? v->line : 0, path);
  return rc;
}

static int jtype(struct vl_diag *d, const char *file, const struct vl_jv *v,
                 const char *path, const char *want) {
  return jwhere(d, file, v, path,
                vl_diag_set(d, VL_ETYPE, "expected %s, found %s", want,
                            vl_jv_type_name(v->type)));
}

/* An optional string member; null counts as absent. */
static int jstr(struct cdx *x, const struct vl_jv *o, const char *key,
                const char *path, const char **out, struct vl_diag *d) {
  const struct vl_jv *v = vl_jv_get(o, key);
  *out = NULL;
  if (!v || v->type == VL_JNULL) return 0;
  if (v->type != VL_JSTR) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.%s", path, key);
    return jtype(d, x->file, v, p, "a string");
  }
  *out = v->s;
  return 0;
}

static int json_comp(struct cdx *x, const struct vl_jv *o, const char *path,
                     int nest, struct vl_diag *d) {
  if (o->type != VL_JOBJ) return jtype(d, x->file, o, path, "an object");
  if (nest > MAX_NEST)
    return jwhere(d, x->file, o, path,
                  vl_diag_set(d, VL_ETOOBIG,
                              "components nested more than %d deep",
                              MAX_NEST));
  struct comp c;
  memset(&c, 0, sizeof(c));
  int rc;
  if ((rc = jstr(x, o, "type", path, &c.type, d)) ||
      (rc = jstr(x, o, "name", path, &c.name, d)) ||
      (rc = jstr(x, o, "version", path, &c.version, d)) ||
      (rc = jstr(x, o, "group", path, &c.group, d)) ||
      (rc = jstr(x, o, "purl", path, &c.purl, d)) ||
      (rc = jstr(x, o, "cpe", path, &c.cpe, d)) ||
      (rc = jstr(x, o, "scope", path, &c.scope, d)))
    return rc;
  char p[VL_DIAG_PATH_MAX];
  const struct vl_jv *props = vl_jv_get(o, "properties");
  if (props && props->type == VL_JARR)
    for (const struct vl_jv *e = props->child; e; e = e->next)
      src_property(&c, vl_jv_str(e, "name"), vl_jv_str(e, "value"));
  const char *field;
  if ((rc = add_comp(x, &c, &field, d))) {
    if (field) snprintf(p, sizeof(p), "%s.%s", path, field);
    const struct vl_jv *at = field ? vl_jv_get(o, field) : NULL;
    return jwhere(d, x->file, at ? at : o, field ? p : path, rc);
  }
  const struct vl_jv *kids = vl_jv_get(o, "components");
  if (!kids || kids->type == VL_JNULL) return 0;
  if (kids->type != VL_JARR) {
    snprintf(p, sizeof(p), "%s.components", path);
    return jtype(d, x->file, kids, p, "an array");
  }
  size_t i = 0;
  for (const struct vl_jv *k = kids->child; k; k = k->next, i++) {
    snprintf(p, sizeof(p), "%s.components[%zu]", path, i);
    if ((rc = json_comp(x, k, p, nest + 1, d))) return rc;
  }
  return 0;
}

static int json_record(void *ud, const struct vl_jv *rec,
                       const struct vl_jrec_info *info, struct vl_diag *d) {
  struct cdx *x = ud;
  if (!*info->array_key)
    return jwhere(d, x->file, rec, "$",
                  vl_diag_set(d, VL_ETYPE,
                              "expected a CycloneDX BOM (an object), found "
                              "an array"));
  if (x->roots)
    return jwhere(d, x->file, rec, NULL,
                  vl_diag_set(d, VL_EINVAL,
                              "more than one JSON value (one BOM per file)"));
  if (!strcmp(info->array_key, "vulnerabilities")) x->vulns++;
  if (strcmp(info->array_key, "components")) return 0;
  char p[VL_DIAG_PATH_MAX];
  snprintf(p, sizeof(p), "$.components[%zu]", info->index);
  return json_comp(x, rec, p, 0, d);
}

static int json_root(void *ud, const struct vl_jv *root, long line,
                     struct vl_diag *d) {
  struct cdx *x = ud;
  (void)line;
  if (x->roots++)
    return jwhere(d, x->file, root, NULL,
                  vl_diag_set(d, VL_EINVAL,
                              "more than one JSON value (one BOM per file)"));
  if (root->type != VL_JOBJ) return jtype(d, x->file, root, "$", "an object");
  const char *fmt, *spec;
  int rc;
  if ((rc = jstr(x, root, "bomFormat", "$", &fmt, d)) ||
      (rc = jstr(x, root, "specVersion", "$", &spec, d)))
    return rc;
  if (!fmt || strcmp(fmt, "CycloneDX"))
    return jwhere(d, x->file, root, "$.bomFormat",
                  vl_diag_set(d, VL_EINVAL,
                              "not a CycloneDX BOM (bomFormat is not "
                              "\"CycloneDX\")"));
  if (!spec_ok(spec))
    return jwhere(d, x->file, vl_jv_get(root, "specVersion"),
                  "$.specVersion",
                  vl_diag_set(d, VL_EUNSUPPORTED,
                              "CycloneDX specVersion '%.20s' is not supported "
                              "(1.0 to 1.7 are)",
                              spec ? spec : "(none)"));
  const struct vl_jv *kids = vl_jv_get(root, "components");
  if (kids && kids->type != VL_JARR && kids->type != VL_JNULL)
    return jtype(d, x->file, kids, "$.components", "an array");
  const struct vl_jv *md = vl_jv_get(root, "metadata");
  if (!md || md->type == VL_JNULL) return 0;
  if (md->type != VL_JOBJ) return jtype(d, x->file, md, "$.metadata", "an object");
  const struct vl_jv *mc = vl_jv_get(md, "component");
  if (!mc || mc->type == VL_JNULL) return 0;
  if (mc->type != VL_JOBJ)
    return jtype(d, x->file, mc, "$.metadata.component", "an object");
  const char *name, *version, *type;
  if ((rc = jstr(x, mc, "name", "$.metadata.component", &name, d)) ||
      (rc = jstr(x, mc, "version", "$.metadata.component", &version, d)) ||
      (rc = jstr(x, mc, "type", "$.metadata.component", &type, d)))
    return rc;
  if (subject_of(x, name, version, type)) return nomem(d);
  return 0;
}

static int import_json(struct vl_inv *inv, const char *path,
                       struct vl_diag *d) {
  static const char *const keys[] = {"components", "dependencies",
                                     "vulnerabilities", "services",
                                     "compositions", "annotations", NULL};
  static const struct vl_json_opts opts = {.stream_keys = keys,
                                           .max_record_bytes = 64u << 20,
                                           .max_root_bytes = 64u << 20,
                                           .max_depth = 64};
  struct cdx x;
  memset(&x, 0, sizeof(x));
  x.inv = inv;
  x.file = path;
  int rc = vl_sbom_new(MAX_PKGS, &x.sbom);
  if (rc) return rc;
  rc = vl_json_stream_file(path, &opts, json_record, json_root, &x, d);
  if (!rc && !x.roots) {
    vl_diag_where(d, path, 0, NULL);
    rc = vl_diag_set(d, VL_EPARSE, "no JSON value in the file");
  }
  if (!rc) rc = cdx_finish(&x, d);
  vl_sbom_free(x.sbom);
  return rc;
}

/* ------------------------------------------------------ CycloneDX XML */

static const char *xtext(struct vl_arena *a, const struct vl_xnode *n) {
  if (!n) return NULL;
  const char *s = n->text;
  size_t len = n->text_len;
  while (len && isspace((unsigned char)*s)) s++, len--;
  while (len && isspace((unsigned char)s[len - 1])) len--;
  return vl_arena_strndup(a, s, len);
}

/* A child in the BOM's own namespace (extensions may use others). */
static const struct vl_xnode *xchild(const struct vl_xnode *n, const char *ns,
                                     const char *name) {
  for (const struct vl_xnode *c = n ? n->child : NULL; c; c = c->next)
    if (!strcmp(c->name, name) && !strcmp(c->ns, ns)) return c;
  return NULL;
}

static int xwhere(struct vl_diag *d, const char *file, long line,
                  const char *path, int rc) {
  vl_diag_where(d, file, line, path);
  return rc;
}

static int xml_comp(struct cdx *x, const struct vl_xnode *n, const char *ns,
                    const char *path, int nest, struct vl_diag *d) {
  if (nest > MAX_NEST)
    return xwhere(d, x->file, n->line, path,
                  vl_diag_set(d, VL_ETOOBIG,
                              "components nested more than %d deep",
                              MAX_NEST));
  struct vl_arena *a = vl_sbom_arena(x->sbom);
  struct comp c;
  memset(&c, 0, sizeof(c));
  static const char *const names[] = {"name", "version", "group", "purl",
                                      "cpe", "scope"};
  const char **dst[] = {&c.name, &c.version, &c.group,
                        &c.purl, &c.cpe,     &c.scope};
  for (size_t i = 0; i < VL_ARRAY_LEN(names); i++) {
    const struct vl_xnode *e = xchild(n, ns, names[i]);
    if (e && e->child) {
      char p[VL_DIAG_PATH_MAX];
      snprintf(p, sizeof(p), "%s/%s", path, names[i]);
      return xwhere(d, x->file, e->line, p,
                    vl_diag_set(d, VL_ETYPE,
                                "expected text, found the element <%s>",
                                e->child->name));
    }
    if (e && !(*dst[i] = xtext(a, e))) return nomem(d);
  }
  const char *t = vl_xnode_attr(n, "type");
  c.type = t ? vl_arena_strdup(a, t) : NULL;
  const struct vl_xnode *props = xchild(n, ns, "properties");
  for (const struct vl_xnode *e = xchild(props, ns, "property"); e;
       e = vl_xnode_next(e)) {
    const char *pn = vl_xnode_attr(e, "name");
    if (pn && !strncmp(pn, "aquasecurity:trivy:Src", 22)) {
      const char *v = xtext(a, e), *k = vl_arena_strdup(a, pn);
      if (!v || !k) return nomem(d);
      src_property(&c, k, v);
    }
  }
  const char *field;
  int rc = add_comp(x, &c, &field, d);
  if (rc) {
    char p[VL_DIAG_PATH_MAX];
    const struct vl_xnode *e = field ? xchild(n, ns, field) : NULL;
    snprintf(p, sizeof(p), "%s/%s", path, e ? field : "");
    return xwhere(d, x->file, e ? e->line : n->line, e ? p : path, rc);
  }
  const struct vl_xnode *kids = xchild(n, ns, "components");
  size_t i = 1;
  for (const struct vl_xnode *k = xchild(kids, ns, "component"); k;
       k = vl_xnode_next(k), i++) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s/components/component[%zu]", path, i);
    if ((rc = xml_comp(x, k, ns, p, nest + 1, d))) return rc;
  }
  return 0;
}

/* Reads past the element just started (and everything in it). */
static int xml_skip(struct vl_xml *r, const struct vl_xml_event *start,
                    struct vl_diag *d) {
  if (start->empty) return 0;
  int depth = start->depth;
  char name[64];
  snprintf(name, sizeof(name), "%s", start->name); /* the reader's, until
                                                       its next event */
  struct vl_xml_event ev;
  for (;;) {
    int rc = vl_xml_next(r, &ev, d);
    if (rc) return rc;
    if (ev.type == VL_XML_EOF)
      return xwhere(d, vl_xml_name(r), ev.line, NULL,
                    vl_diag_set(d, VL_EPARSE,
                                "malformed XML: the document ends inside "
                                "<%s>",
                                name));
    if (ev.type == VL_XML_END && ev.depth == depth) return 0;
  }
}

#define BOM_NS "http://cyclonedx.org/schema/bom/"

static int import_xml(struct vl_inv *inv, const char *path,
                      struct vl_diag *d) {
  struct cdx x;
  memset(&x, 0, sizeof(x));
  x.inv = inv;
  x.file = path;
  struct vl_xml *r = NULL;
  struct vl_arena *tree = NULL;
  int rc = vl_sbom_new(MAX_PKGS, &x.sbom);
  if (!rc) rc = vl_arena_new(64u << 20, &tree);
  if (!rc) rc = vl_xml_open_file(path, NULL, &r, d);
  if (rc) goto out;
  struct vl_xml_event ev;
  char ns[128] = "";
  size_t ncomp = 0;
  bool in_components = false;
  for (;;) {
    if ((rc = vl_xml_next(r, &ev, d))) goto out;
    if (ev.type == VL_XML_EOF) break;
    if (ev.type == VL_XML_TEXT) continue;
    if (ev.depth == 0 && ev.type == VL_XML_START) {
      if (strcmp(ev.name, "bom") || strncmp(ev.ns, BOM_NS, strlen(BOM_NS)) ||
          !spec_ok(ev.ns + strlen(BOM_NS))) {
        bool cdx = !strncmp(ev.ns, BOM_NS, strlen(BOM_NS));
        rc = xwhere(d, path, ev.line, NULL,
                    vl_diag_set(d, cdx ? VL_EUNSUPPORTED : VL_EINVAL,
                                cdx ? "CycloneDX namespace %.80s is not "
                                      "supported (1.0 to 1.7 are)"
                                    : "not a CycloneDX BOM: the root element "
                                      "is not <bom> in the namespace "
                                      BOM_NS "1.x (found %.80s)",
                                *ev.ns ? ev.ns : ev.name));
        goto out;
      }
      snprintf(ns, sizeof(ns), "%s", ev.ns);
      continue;
    }
    if (ev.type == VL_XML_END) {
      if (ev.depth == 1) in_components = false;
      continue;
    }
    if (ev.depth == 1 && !strcmp(ev.name, "components") && !strcmp(ev.ns, ns)) {
      in_components = !ev.empty;
      continue;
    }
    if (ev.depth == 1 && !strcmp(ev.name, "metadata") && !strcmp(ev.ns, ns)) {
      struct vl_xnode *md;
      vl_arena_reset(tree);
      if ((rc = vl_xml_tree(r, &ev, tree, &md, d))) goto out;
      const struct vl_xnode *mc = xchild(md, ns, "component");
      if (mc) {
        struct vl_arena *a = vl_sbom_arena(x.sbom);
        const char *n = xtext(a, xchild(mc, ns, "name"));
        const char *v = xtext(a, xchild(mc, ns, "version"));
        if (subject_of(&x, n, v, vl_xnode_attr(mc, "type"))) {
          rc = nomem(d);
          goto out;
        }
      }
      continue;
    }
    if (ev.depth == 2 && in_components && !strcmp(ev.name, "component") &&
        !strcmp(ev.ns, ns)) {
      struct vl_xnode *c;
      char p[VL_DIAG_PATH_MAX];
      snprintf(p, sizeof(p), "/bom/components/component[%zu]", ++ncomp);
      vl_arena_reset(tree);
      if ((rc = vl_xml_tree(r, &ev, tree, &c, d)) ||
          (rc = xml_comp(&x, c, ns, p, 0, d)))
        goto out;
      continue;
    }
    if (ev.depth == 1 && !strcmp(ev.name, "vulnerabilities") && !ev.empty)
      x.vulns++;
    if ((rc = xml_skip(r, &ev, d))) goto out;
  }
  rc = cdx_finish(&x, d);
out:
  vl_xml_free(r);
  vl_arena_free(tree);
  vl_sbom_free(x.sbom);
  return rc;
}

/* ------------------------------------------------------------- sniffing */

/* Skips a UTF-8 byte-order mark and white space. */
static size_t skip_ws(const char *h, size_t n) {
  size_t i = 0;
  if (n >= 3 && !memcmp(h, "\xef\xbb\xbf", 3)) i = 3;
  while (i < n && isspace((unsigned char)h[i])) i++;
  return i;
}

/* Does head hold "key" : "value" (white space allowed around the colon)? */
bool vl_sbom_sniff_member(const char *h, size_t n, const char *key,
                          const char *value) {
  size_t kl = strlen(key);
  for (size_t i = 0; i + kl + 2 <= n; i++) {
    if (h[i] != '"' || memcmp(h + i + 1, key, kl) || h[i + 1 + kl] != '"')
      continue;
    size_t j = i + kl + 2;
    while (j < n && isspace((unsigned char)h[j])) j++;
    if (j >= n || h[j] != ':') continue;
    if (!value) return true;
    j++;
    while (j < n && isspace((unsigned char)h[j])) j++;
    size_t vl = strlen(value);
    if (j + vl + 2 <= n && h[j] == '"' && !memcmp(h + j + 1, value, vl) &&
        h[j + 1 + vl] == '"')
      return true;
  }
  return false;
}

static bool sniff_json(const char *h, size_t n) {
  size_t i = skip_ws(h, n);
  return i < n && h[i] == '{' &&
         vl_sbom_sniff_member(h + i, n - i, "bomFormat", "CycloneDX");
}

static bool sniff_xml(const char *h, size_t n) {
  size_t i = skip_ws(h, n);
  if (i >= n || h[i] != '<') return false;
  size_t nl = strlen(BOM_NS);
  for (; i + nl <= n; i++)
    if (!memcmp(h + i, BOM_NS, nl)) return true;
  return false;
}

const struct vl_inv_format vl_inv_fmt_cyclonedx_json = {
    "cyclonedx-json", "sbom",
    "CycloneDX SBOM, JSON (1.2-1.7): components (nested too) by purl or CPE; "
    "the asset is --asset or metadata.component",
    sniff_json, import_json};

const struct vl_inv_format vl_inv_fmt_cyclonedx_xml = {
    "cyclonedx-xml", "sbom",
    "CycloneDX SBOM, XML (1.0-1.7): as cyclonedx-json; no DTD or entities",
    sniff_xml, import_xml};
