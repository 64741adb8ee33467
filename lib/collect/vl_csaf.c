/* CSAF 2.0 (and compatible 2.1) advisories and VEX documents.
 *
 * A CSAF document is read whole (its product tree must be resolved before
 * the statements that name its products, and the two may come in either
 * order), checked, and stored as one unit: the document's advisories row,
 * one vulnerability record per CVE (source "csaf:<publisher host>") so that
 * `vuln show` and watches see it before the NVD does, one product
 * statement per (vulnerability, product, status), the remediations with
 * the products they apply to, and for Red Hat's documents, what they say
 * about each RHEL release's source package (distro_fixes).
 *
 * A reference that does not resolve (product or group id), a product id
 * defined twice, a circular relationship, a product with contradicting
 * statuses and a wrong type are errors naming the file, line and JSON path;
 * the caller's transaction then keeps nothing of the file.
 *
 * Memory: the document tree lives in the JSON reader's arena; everything
 * derived from it lives in im->arena or in per-vulnerability arrays freed
 * before the next vulnerability. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <zlib.h>

#include "vl_collect_internal.h"
#include "vulnloop/cpe.h"
#include "vulnloop/cvss.h"
#include "vulnloop/purl.h"

#define CSAF_MAX_FILE (48u << 20)     /* bytes of a document (as stored) */
#define CSAF_MAX_TREE (512u << 20)    /* its parsed tree */
#define CSAF_MAX_PRODUCTS 1000000     /* product ids of one document */
#define CSAF_MAX_CHAIN 64             /* relationships nested in each other */
#define CSAF_SNIFF 65536              /* bytes looked at to recognise CSAF */

/* A product id and what the product tree says about it. */
struct prod {
  const char *id, *name;
  const char *cpe, *purl;                 /* own helper, then inherited */
  const char *vendor, *product, *version; /* from its branch path */
  struct prod *component, *platform;      /* a relationship's, or NULL */
  const struct vl_jv *rel;                /* that relationship */
  const char *rel_path;
  size_t idx;                             /* index in definition order */
  int state;                              /* 0 new, 1 resolving, 2 done */
};

struct group {
  const char *id;
  size_t *members;                        /* product indices */
  size_t n;
};

/* Status classes, for contradictions (CSAF 6.1.6). */
enum { C_AFFECTED = 1, C_NOT_AFFECTED = 2, C_FIXED = 4, C_INVESTIGATING = 8,
       C_RECOMMENDED = 16 };

struct csaf {
  struct vl_import *im;
  struct vl_diag *d;
  struct vl_arena *a;
  struct prod **tab;                      /* open addressing by id */
  size_t cap;
  struct prod **list;                     /* by index */
  size_t n, list_cap;
  struct group **gtab;
  size_t gcap, gn;
  struct vl_csaf_doc doc;
  const char *host;                       /* publisher namespace host */
  bool redhat;
  int64_t pk;
  /* per vulnerability, indexed by product */
  unsigned char *cls;
  unsigned char *stored;                  /* lists already stored (bits) */
  const char **justification, **impact;
  const char **severity;                  /* impact threats only */
  int *best_rem;
  const char **cvss_vec;
  double *cvss_score;
  const char **cvss_ver;                  /* versions scored, '|'-joined */
  bool strict;                            /* unresolved ids are errors */
  bool quiet;                             /* already warned about them */
};

/* -------------------------------------------------------------- errors */

static int fail(struct csaf *c, const struct vl_jv *v, const char *path,
                int code, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail(struct csaf *c, const struct vl_jv *v, const char *path,
                int code, const char *fmt, ...) {
  char msg[VL_DIAG_MSG_MAX];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  vl_diag_set(c->d, code, "%s", msg);
  vl_diag_where(c->d, c->im->file, v ? v->line : 0, path);
  return code;
}

static int wrong_type(struct csaf *c, const struct vl_jv *v, const char *path,
                      const char *want) {
  return fail(c, v, path, VL_ETYPE, "expected %s, found %s", want,
              vl_jv_type_name(v->type));
}

/* The field helpers of vl_feed.c name the path but not the file. */
static int field(struct csaf *c, int rc) {
  if (rc) vl_diag_where(c->d, c->im->file, -1, NULL);
  return rc;
}

#define P(buf, ...) snprintf(buf, sizeof(buf), __VA_ARGS__)

static int need_obj(struct csaf *c, const struct vl_jv *o, const char *key,
                    const char *path, const struct vl_jv **out) {
  int rc = field(c, vl_opt_obj(o, key, path, out, c->d));
  if (!rc && !*out) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "%s.%s", path, key);
    return fail(c, o, p, VL_EINVAL, "required field is missing");
  }
  return rc;
}

static int need_str(struct csaf *c, const struct vl_jv *o, const char *key,
                    const char *path, const char **out) {
  return field(c, vl_need_str(o, key, path, out, c->d));
}

static int opt_str(struct csaf *c, const struct vl_jv *o, const char *key,
                   const char *path, const char **out) {
  return field(c, vl_opt_str(o, key, path, out, c->d));
}

static int opt_arr(struct csaf *c, const struct vl_jv *o, const char *key,
                   const char *path, const struct vl_jv **out) {
  return field(c, vl_opt_arr(o, key, path, out, c->d));
}

/* ------------------------------------------------------------ products */

static size_t slot(struct prod **tab, size_t cap, const char *id) {
  size_t h = (size_t)vl_hash64(id, strlen(id)) & (cap - 1);
  while (tab[h] && strcmp(tab[h]->id, id)) h = (h + 1) & (cap - 1);
  return h;
}

static struct prod *lookup(struct csaf *c, const char *id) {
  if (!c->cap || !id) return NULL;
  return c->tab[slot(c->tab, c->cap, id)];
}

static int grow(struct csaf *c) {
  size_t cap = c->cap ? c->cap * 2 : 1024;
  struct prod **t = calloc(cap, sizeof(*t));
  if (!t) return VL_ENOMEM;
  for (size_t i = 0; i < c->cap; i++)
    if (c->tab[i]) t[slot(t, cap, c->tab[i]->id)] = c->tab[i];
  free(c->tab);
  c->tab = t;
  c->cap = cap;
  return 0;
}

/* A product's purl and CPE must parse: the matcher looks products up by
 * them (the store derives its keys from them the same way). */
static int check_purl(struct csaf *c, const struct vl_jv *v, const char *hp,
                      bool single) {
  struct vl_arena *a = NULL;
  struct vl_purl p;
  char path[VL_DIAG_PATH_MAX];
  snprintf(path, sizeof(path), single ? "%s.purl" : "%s.purls[0]", hp);
  int rc = vl_arena_new(1u << 20, &a);
  if (rc) return rc;
  rc = vl_purl_parse(a, v->s, v->len, 0, &p, c->d);
  vl_arena_free(a);
  if (rc) {
    char why[VL_DIAG_MSG_MAX];
    snprintf(why, sizeof(why), "%s", c->d->msg);
    return fail(c, v, path, rc, "not a valid purl: %.200s", why);
  }
  return 0;
}

static int check_cpe(struct csaf *c, const struct vl_jv *v, const char *hp) {
  struct vl_cpe *cpe = malloc(sizeof(*cpe));
  char path[VL_DIAG_PATH_MAX];
  snprintf(path, sizeof(path), "%s.cpe", hp);
  if (!cpe) return VL_ENOMEM;
  int rc = vl_cpe_parse(v->s, v->len, cpe, c->d);
  free(cpe);
  if (rc) {
    char why[VL_DIAG_MSG_MAX];
    snprintf(why, sizeof(why), "%s", c->d->msg);
    return fail(c, v, path, rc, "not a valid CPE: %.200s", why);
  }
  return 0;
}

/* Defines product fpn (a full_product_name object) at path. */
static int define(struct csaf *c, const struct vl_jv *fpn, const char *path,
                  const char *vendor, const char *product,
                  const char *version, struct prod **out) {
  int rc;
  const char *id, *name;
  if (fpn->type != VL_JOBJ) return wrong_type(c, fpn, path, "an object");
  if ((rc = need_str(c, fpn, "product_id", path, &id)) ||
      (rc = need_str(c, fpn, "name", path, &name)))
    return rc;
  if (c->n >= CSAF_MAX_PRODUCTS)
    return fail(c, fpn, path, VL_ETOOBIG, "more than %d product ids",
                CSAF_MAX_PRODUCTS);
  if ((c->n + 1) * 2 > c->cap && (rc = grow(c))) return rc;
  size_t h = slot(c->tab, c->cap, id);
  if (c->tab[h]) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "%s.product_id", path);
    return fail(c, fpn, p, VL_EINVAL,
                "product id \"%.100s\" is defined twice (CSAF 6.1.2)", id);
  }
  struct prod *pr = vl_arena_alloc(c->a, sizeof(*pr));
  if (!pr) return VL_ENOMEM;
  pr->id = id;
  pr->name = name;
  pr->vendor = vendor;
  pr->product = product;
  pr->version = version;
  const struct vl_jv *helper;
  char hp[VL_DIAG_PATH_MAX];
  if ((rc = field(c, vl_opt_obj(fpn, "product_identification_helper", path,
                                &helper, c->d))))
    return rc;
  P(hp, "%s.product_identification_helper", path);
  if (helper) {
    if ((rc = opt_str(c, helper, "cpe", hp, &pr->cpe))) return rc;
    if (pr->cpe && (rc = check_cpe(c, vl_jv_get(helper, "cpe"), hp)))
      return rc;
    const struct vl_jv *purl = vl_jv_get(helper, "purl");
    const struct vl_jv *purls = vl_jv_get(helper, "purls"); /* 2.1 */
    if (purl && (rc = opt_str(c, helper, "purl", hp, &pr->purl))) return rc;
    if (!pr->purl && purls) {
      if (purls->type != VL_JARR) {
        char p[VL_DIAG_PATH_MAX];
        P(p, "%s.purls", hp);
        return wrong_type(c, purls, p, "an array");
      }
      if (purls->child && purls->child->type == VL_JSTR)
        pr->purl = purls->child->s;
    }
    if (pr->purl &&
        (rc = check_purl(c, purl ? purl : purls->child, hp, purl != NULL)))
      return rc;
  }
  if (c->n == c->list_cap) {
    size_t cap = c->list_cap ? c->list_cap * 2 : 1024;
    struct prod **l = realloc(c->list, cap * sizeof(*l));
    if (!l) return VL_ENOMEM;
    c->list = l;
    c->list_cap = cap;
  }
  pr->idx = c->n;
  c->list[c->n++] = pr;
  c->tab[h] = pr;
  if (out) *out = pr;
  return 0;
}

static int branches(struct csaf *c, const struct vl_jv *arr, const char *path,
                    const char *vendor, const char *product,
                    const char *version, int depth) {
  if (arr->type != VL_JARR) return wrong_type(c, arr, path, "an array");
  if (depth > 60)
    return fail(c, arr, path, VL_ETOOBIG, "branches nested too deep");
  size_t i = 0;
  for (const struct vl_jv *b = arr->child; b; b = b->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "%s[%zu]", path, i);
    if (b->type != VL_JOBJ) return wrong_type(c, b, p, "an object");
    const char *cat, *name;
    int rc;
    if ((rc = need_str(c, b, "category", p, &cat)) ||
        (rc = need_str(c, b, "name", p, &name)))
      return rc;
    const char *v = vendor, *pn = product, *ver = version;
    if (!strcmp(cat, "vendor"))
      v = name;
    else if (!strcmp(cat, "product_name"))
      pn = name;
    else if (!strcmp(cat, "product_version") ||
             !strcmp(cat, "product_version_range"))
      ver = name;
    const struct vl_jv *prod = vl_jv_get(b, "product");
    const struct vl_jv *sub = vl_jv_get(b, "branches");
    if (!prod && !sub) {
      char q[VL_DIAG_PATH_MAX];
      P(q, "%s.product", p);
      return fail(c, b, q, VL_EINVAL,
                  "a branch needs \"product\" or \"branches\"");
    }
    if (prod) {
      char q[VL_DIAG_PATH_MAX];
      P(q, "%s.product", p);
      if ((rc = define(c, prod, q, v, pn, ver, NULL))) return rc;
    }
    if (sub) {
      char q[VL_DIAG_PATH_MAX];
      P(q, "%s.branches", p);
      if ((rc = branches(c, sub, q, v, pn, ver, depth + 1))) return rc;
    }
  }
  return 0;
}

static const char *const rel_categories[] = {
    "default_component_of", "external_component_of", "installed_on",
    "installed_with", "optional_component_of", NULL};

static bool one_of(const char *s, const char *const *set) {
  for (; *set; set++)
    if (!strcmp(s, *set)) return true;
  return false;
}

/* The package name of a purl ("firefox" of pkg:rpm/redhat/firefox@1?a=b),
 * in the arena, or NULL. */
static const char *purl_name(struct csaf *c, const char *purl) {
  if (!purl || strncmp(purl, "pkg:", 4)) return NULL;
  size_t end = strcspn(purl, "@?#");
  const char *slash = purl + end;
  while (slash > purl && *slash != '/') slash--;
  if (*slash != '/' || (size_t)(slash - purl) + 1 >= end) return NULL;
  return vl_arena_strndup(c->a, slash + 1, end - (size_t)(slash - purl) - 1);
}

/* Resolves a composite product: its component and platform, following
 * relationships that build on other relationships (CSAF 6.1.3: none may
 * lead back to itself). */
static int resolve(struct csaf *c, struct prod *pr, int depth) {
  if (pr->state == 2 || !pr->rel) {
    pr->state = 2;
    return 0;
  }
  if (pr->state == 1 || depth > CSAF_MAX_CHAIN)
    return fail(c, pr->rel, pr->rel_path, VL_EINVAL,
                "circular definition of product id \"%.100s\" (CSAF 6.1.3)",
                pr->id);
  pr->state = 1;
  const char *ref = vl_jv_str(pr->rel, "product_reference");
  const char *to = vl_jv_str(pr->rel, "relates_to_product_reference");
  const char *keys[2] = {"product_reference", "relates_to_product_reference"};
  const char *ids[2] = {ref, to};
  struct prod *found[2];
  for (int k = 0; k < 2; k++) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "%s.%s", pr->rel_path, keys[k]);
    found[k] = lookup(c, ids[k]);
    if (!found[k])
      return fail(c, pr->rel, p, VL_EINVAL,
                  "product id \"%.100s\" is not defined (CSAF 6.1.1)",
                  ids[k]);
    if (found[k] == pr)
      return fail(c, pr->rel, p, VL_EINVAL,
                  "circular definition of product id \"%.100s\" (CSAF "
                  "6.1.3)",
                  pr->id);
    int rc = resolve(c, found[k], depth + 1);
    if (rc) return rc;
  }
  pr->component = found[0];
  pr->platform = found[1];
  /* The component says what it is (purl, vendor/product); the platform
   * where (its CPE).  A missing piece is borrowed from the other side. */
  if (!pr->purl) pr->purl = found[0]->purl;
  if (!pr->cpe) pr->cpe = found[1]->cpe ? found[1]->cpe : found[0]->cpe;
  const char *pkg = found[0]->product ? NULL : purl_name(c, found[0]->purl);
  if (found[0]->product || pkg) {
    /* A package of the platform: named by its purl when its branches give
     * no product name (Red Hat's RPMs). */
    pr->vendor = found[0]->vendor ? found[0]->vendor : found[1]->vendor;
    pr->product = found[0]->product ? found[0]->product : pkg;
    pr->version = found[0]->version;
  } else {
    pr->vendor = found[1]->vendor ? found[1]->vendor : found[0]->vendor;
    pr->product = found[1]->product;
    pr->version = found[0]->version ? found[0]->version : found[1]->version;
  }
  pr->state = 2;
  return 0;
}

static size_t gslot(struct group **tab, size_t cap, const char *id) {
  size_t h = (size_t)vl_hash64(id, strlen(id)) & (cap - 1);
  while (tab[h] && strcmp(tab[h]->id, id)) h = (h + 1) & (cap - 1);
  return h;
}

static struct group *glookup(struct csaf *c, const char *id) {
  if (!c->gcap || !id) return NULL;
  return c->gtab[gslot(c->gtab, c->gcap, id)];
}

/* Resolves a product id at path (an element of an array). */
static int product_ref(struct csaf *c, const struct vl_jv *e, const char *path,
                       struct prod **out) {
  if (e->type != VL_JSTR) return wrong_type(c, e, path, "a string");
  *out = lookup(c, e->s);
  if (!*out)
    return fail(c, e, path, VL_EINVAL,
                "product id \"%.100s\" is not defined (CSAF 6.1.1)", e->s);
  return 0;
}

static int product_groups(struct csaf *c, const struct vl_jv *arr,
                          const char *path) {
  if (arr->type != VL_JARR) return wrong_type(c, arr, path, "an array");
  size_t cap = 16;
  while (cap < arr->n * 2 + 2) cap *= 2;
  c->gtab = calloc(cap, sizeof(*c->gtab));
  if (!c->gtab) return VL_ENOMEM;
  c->gcap = cap;
  size_t i = 0;
  for (const struct vl_jv *g = arr->child; g; g = g->next, i++) {
    char p[VL_DIAG_PATH_MAX], q[VL_DIAG_PATH_MAX];
    P(p, "%s[%zu]", path, i);
    if (g->type != VL_JOBJ) return wrong_type(c, g, p, "an object");
    const char *id;
    const struct vl_jv *ids;
    int rc;
    if ((rc = need_str(c, g, "group_id", p, &id)) ||
        (rc = opt_arr(c, g, "product_ids", p, &ids)))
      return rc;
    P(q, "%s.product_ids", p);
    if (!ids) return fail(c, g, q, VL_EINVAL, "required field is missing");
    size_t h = gslot(c->gtab, c->gcap, id);
    if (c->gtab[h]) {
      P(q, "%s.group_id", p);
      return fail(c, g, q, VL_EINVAL,
                  "product group id \"%.100s\" is defined twice (CSAF "
                  "6.1.5)",
                  id);
    }
    struct group *gr = vl_arena_alloc(c->a, sizeof(*gr));
    if (!gr || !(gr->members = vl_arena_alloc(
                     c->a, (ids->n ? ids->n : 1) * sizeof(size_t))))
      return VL_ENOMEM;
    gr->id = id;
    size_t j = 0;
    for (const struct vl_jv *e = ids->child; e; e = e->next, j++) {
      char r[VL_DIAG_PATH_MAX];
      P(r, "%s[%zu]", q, j);
      struct prod *pr;
      if ((rc = product_ref(c, e, r, &pr))) return rc;
      gr->members[gr->n++] = pr->idx;
    }
    c->gtab[h] = gr;
    c->gn++;
  }
  return 0;
}

static int product_tree(struct csaf *c, const struct vl_jv *pt,
                        const char *path) {
  int rc;
  const struct vl_jv *br = vl_jv_get(pt, "branches"), *fpns, *rels, *groups;
  char p[VL_DIAG_PATH_MAX];
  if (br) {
    P(p, "%s.branches", path);
    if ((rc = branches(c, br, p, NULL, NULL, NULL, 0))) return rc;
  }
  if ((rc = opt_arr(c, pt, "full_product_names", path, &fpns)) ||
      (rc = opt_arr(c, pt, "relationships", path, &rels)) ||
      (rc = opt_arr(c, pt, "product_groups", path, &groups)))
    return rc;
  size_t i = 0;
  for (const struct vl_jv *f = fpns ? fpns->child : NULL; f; f = f->next, i++) {
    P(p, "%s.full_product_names[%zu]", path, i);
    if ((rc = define(c, f, p, NULL, NULL, NULL, NULL))) return rc;
  }
  i = 0;
  for (const struct vl_jv *r = rels ? rels->child : NULL; r; r = r->next, i++) {
    char q[VL_DIAG_PATH_MAX];
    P(p, "%s.relationships[%zu]", path, i);
    if (r->type != VL_JOBJ) return wrong_type(c, r, p, "an object");
    const char *cat, *ref, *to;
    const struct vl_jv *fpn;
    if ((rc = need_str(c, r, "category", p, &cat)) ||
        (rc = need_str(c, r, "product_reference", p, &ref)) ||
        (rc = need_str(c, r, "relates_to_product_reference", p, &to)) ||
        (rc = need_obj(c, r, "full_product_name", p, &fpn)))
      return rc;
    if (!one_of(cat, rel_categories)) {
      P(q, "%s.category", p);
      return fail(c, r, q, VL_EINVAL, "unknown relationship category \"%.60s\"",
                  cat);
    }
    P(q, "%s.full_product_name", p);
    struct prod *pr;
    if ((rc = define(c, fpn, q, NULL, NULL, NULL, &pr))) return rc;
    pr->rel = r;
    if (!(pr->rel_path = vl_arena_strdup(c->a, p))) return VL_ENOMEM;
  }
  for (size_t k = 0; k < c->n; k++)
    if ((rc = resolve(c, c->list[k], 0))) return rc;
  if (groups) {
    P(p, "%s.product_groups", path);
    if ((rc = product_groups(c, groups, p))) return rc;
  }
  return 0;
}

/* Calls fn for every product named by o's product_ids (key) and group_ids. */
/* Unlike a status or a flag (the facts a matcher acts on), a remediation,
 * threat or score that names an undefined product id does not make the
 * document useless (Fortinet's documents have such slips): the id is
 * reported and ignored, unless c->strict. */
typedef int (*each_fn)(struct csaf *c, size_t idx, void *ud);
static int each_product(struct csaf *c, const struct vl_jv *o,
                        const char *key, const char *path, each_fn fn,
                        void *ud, bool need) {
  const struct vl_jv *ids, *gids;
  int rc;
  if ((rc = opt_arr(c, o, key, path, &ids)) ||
      (rc = opt_arr(c, o, "group_ids", path, &gids)))
    return rc;
  if (need && !ids && !gids) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "%s.%s", path, key);
    return fail(c, o, p, VL_EINVAL, "required field is missing");
  }
  size_t i = 0;
  for (const struct vl_jv *e = ids ? ids->child : NULL; e; e = e->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "%s.%s[%zu]", path, key, i);
    if (e->type != VL_JSTR) return wrong_type(c, e, p, "a string");
    struct prod *pr = lookup(c, e->s);
    if (!pr && c->strict)
      return fail(c, e, p, VL_EINVAL,
                  "product id \"%.100s\" is not defined (CSAF 6.1.1)", e->s);
    if (!pr) {
      if (c->quiet) continue;
      vl_log(VL_LOG_WARN,
             "%s:%ld: %s: product id \"%.100s\" is not defined (CSAF "
             "6.1.1); ignored",
             c->im->file, e->line, p, e->s);
      continue;
    }
    if ((rc = fn(c, pr->idx, ud))) return rc;
  }
  i = 0;
  for (const struct vl_jv *e = gids ? gids->child : NULL; e; e = e->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "%s.group_ids[%zu]", path, i);
    if (e->type != VL_JSTR) return wrong_type(c, e, p, "a string");
    struct group *g = glookup(c, e->s);
    if (!g && c->strict)
      return fail(c, e, p, VL_EINVAL,
                  "product group id \"%.100s\" is not defined (CSAF 6.1.4)",
                  e->s);
    if (!g) {
      if (c->quiet) continue;
      vl_log(VL_LOG_WARN,
             "%s:%ld: %s: product group id \"%.100s\" is not defined "
             "(CSAF 6.1.4); ignored",
             c->im->file, e->line, p, e->s);
      continue;
    }
    for (size_t k = 0; k < g->n; k++)
      if ((rc = fn(c, g->members[k], ud))) return rc;
  }
  return 0;
}

/* ------------------------------------------------------- vulnerabilities */

/* The status lists, in the order statements are stored, with the status
 * they fold into. */
static const struct {
  const char *list, *status;
  unsigned char cls;
} status_lists[] = {
    {"known_affected", "known_affected", C_AFFECTED},
    {"first_affected", "known_affected", C_AFFECTED},
    {"last_affected", "known_affected", C_AFFECTED},
    {"under_investigation", "under_investigation", C_INVESTIGATING},
    {"known_not_affected", "known_not_affected", C_NOT_AFFECTED},
    {"fixed", "fixed", C_FIXED},
    {"first_fixed", "fixed", C_FIXED},
    {"recommended", "fixed", C_RECOMMENDED},
};

static const char *const flag_labels[] = {
    "component_not_present", "inline_mitigations_already_exist",
    "vulnerable_code_cannot_be_controlled_by_adversary",
    "vulnerable_code_not_in_execute_path", "vulnerable_code_not_present",
    NULL};

/* Remediation categories, best first (2.1 adds fix_planned and
 * optional_patch). */
static const char *const rem_categories[] = {
    "vendor_fix", "optional_patch", "mitigation", "workaround",
    "fix_planned", "no_fix_planned", "none_available", NULL};

static int rem_rank(const char *cat) {
  for (int i = 0; rem_categories[i]; i++)
    if (!strcmp(cat, rem_categories[i])) return i;
  return -1;
}

struct vuln_arrays_ud {
  const char *text;             /* a score's vector */
  double score;                 /* its base score */
  const char *versions;         /* its CVSS versions, "|3.1|2.0|" */
  const char *path;             /* where it is, for errors */
  const struct vl_jv *elem;
  int rem;                      /* a remediation's index in rems */
  const struct vl_jv **rems;
};

static int set_cls(struct csaf *c, size_t idx, void *ud) {
  unsigned char bit = *(unsigned char *)ud;
  unsigned char status_bits = c->cls[idx] & (C_AFFECTED | C_NOT_AFFECTED |
                                             C_FIXED | C_INVESTIGATING);
  if ((bit & ~C_RECOMMENDED) && status_bits && !(status_bits & bit))
    return VL_ESTATE; /* reported by the caller, which knows the path */
  c->cls[idx] |= bit;
  return 0;
}

static int set_justification(struct csaf *c, size_t idx, void *ud) {
  if (!c->justification[idx]) c->justification[idx] = ud;
  return 0;
}

static int set_severity(struct csaf *c, size_t idx, void *ud) {
  if (!c->severity[idx]) c->severity[idx] = ud;
  return 0;
}

static int set_impact(struct csaf *c, size_t idx, void *ud) {
  const char *text = ud;
  if (!c->impact[idx]) {
    c->impact[idx] = text;
  } else {
    const char *both = vl_arena_printf(c->a, "%s; %s", c->impact[idx], text);
    if (!both) return VL_ENOMEM;
    c->impact[idx] = both;
  }
  return 0;
}

static int set_rem(struct csaf *c, size_t idx, void *ud) {
  struct vuln_arrays_ud *u = ud;
  int cur = c->best_rem[idx];
  if (cur < 0 ||
      rem_rank(vl_jv_str(u->rems[u->rem], "category")) <
          rem_rank(vl_jv_str(u->rems[cur], "category")))
    c->best_rem[idx] = u->rem;
  return 0;
}

static int set_score(struct csaf *c, size_t idx, void *ud) {
  struct vuln_arrays_ud *u = ud;
  if (!c->cvss_vec[idx]) {
    c->cvss_vec[idx] = u->text;
    c->cvss_score[idx] = u->score;
  }
  /* One score per CVSS version and product (CSAF 6.1.7).  u->versions is
   * "|3.1|2.0|"; the product's are kept the same way. */
  const char *had = c->cvss_ver[idx];
  for (const char *v = u->versions + 1; *v; v += strcspn(v, "|") + 1) {
    char one[24];
    snprintf(one, sizeof(one), "|%.*s|", (int)strcspn(v, "|") % 20, v);
    if (had && strstr(had, one))
      return fail(c, u->elem, u->path, VL_EINVAL,
                  "product \"%.100s\" has a second CVSS %.*s score (CSAF "
                  "6.1.7)",
                  c->list[idx]->id, (int)strlen(one) - 2, one + 1);
  }
  c->cvss_ver[idx] = had ? vl_arena_printf(c->a, "%s%s", had, u->versions + 1)
                         : u->versions;
  return c->cvss_ver[idx] ? 0 : VL_ENOMEM;
}

/* Collects remediation product ids into a space-separated list. */
static int add_id(struct csaf *c, size_t idx, void *ud) {
  struct vl_buf *b = ud;
  if (b->len && vl_buf_putc(b, ' ')) return VL_ETOOBIG;
  return vl_buf_puts(b, c->list[idx]->id) ? VL_ETOOBIG : 0;
}

struct vrec {
  struct vl_cvss_rec cvss[16];
  size_t n_cvss;
  const char *refs[64];
  size_t n_refs;
};

static int score_one(struct csaf *c, const struct vl_jv *s, const char *path,
                     const char *key, struct vrec *vr, bool *any) {
  const struct vl_jv *o;
  int rc = field(c, vl_opt_obj(s, key, path, &o, c->d));
  if (rc || !o) return rc;
  char p[VL_DIAG_PATH_MAX];
  P(p, "%s.%s", path, key);
  const char *vec, *ver, *sev;
  if ((rc = need_str(c, o, "vectorString", p, &vec)) ||
      (rc = need_str(c, o, "version", p, &ver)) ||
      (rc = opt_str(c, o, "baseSeverity", p, &sev)))
    return rc;
  const struct vl_jv *bs = vl_jv_get(o, "baseScore");
  char q[VL_DIAG_PATH_MAX];
  P(q, "%s.baseScore", p);
  if (!bs) return fail(c, o, q, VL_EINVAL, "required field is missing");
  if (bs->type != VL_JNUM) return wrong_type(c, bs, q, "a number");
  if (bs->num < 0 || bs->num > 10)
    return fail(c, bs, q, VL_ERANGE, "base score %g is not within 0-10",
                bs->num);
  /* The vector must be valid (CSAF 6.1.8) and of the version the object
   * says. */
  struct vl_cvss cv;
  struct vl_cvss_scores sc;
  char vp[VL_DIAG_PATH_MAX];
  P(vp, "%s.vectorString", p);
  rc = vl_cvss_parse(vec, strlen(vec), &cv, c->d);
  if (rc) {
    char why[VL_DIAG_MSG_MAX];
    snprintf(why, sizeof(why), "%s", c->d->msg);
    return fail(c, vl_jv_get(o, "vectorString"), vp, rc,
                "not a valid CVSS vector (CSAF 6.1.8): %.200s", why);
  }
  const char *want = cv.version == VL_CVSS_V2    ? "2.0"
                     : cv.version == VL_CVSS_V30 ? "3.0"
                     : cv.version == VL_CVSS_V31 ? "3.1"
                                                 : "4.0";
  if (strcmp(ver, want)) {
    char q2[VL_DIAG_PATH_MAX];
    P(q2, "%s.version", p);
    return fail(c, vl_jv_get(o, "version"), q2, VL_EINVAL,
                "version \"%.10s\" but a CVSS %s vector", ver, want);
  }
  /* A stated score that is not the vector's (Fortinet's documents have
   * such) is kept as published, with a warning: the vector says more. */
  if (vl_cvss_scores(&cv, &sc) == 0 && (bs->num - sc.base > 0.05 ||
                                         sc.base - bs->num > 0.05))
    vl_log(VL_LOG_WARN,
           "%s:%ld: %s: base score %.1f, but the vector's is %.1f (CSAF "
           "6.1.9)",
           c->im->file, bs->line, q, bs->num, sc.base);
  *any = true;
  bool dup = false;
  for (size_t i = 0; i < vr->n_cvss; i++)
    if (!strcmp(vr->cvss[i].vector, vec)) dup = true;
  if (!dup && vr->n_cvss < VL_ARRAY_LEN(vr->cvss)) {
    struct vl_cvss_rec *r = &vr->cvss[vr->n_cvss++];
    r->version = ver;
    r->source = c->host;
    r->type = "Secondary";
    r->vector = vec;
    r->base_score = bs->num;
    r->severity = sev;
  }
  return 0;
}

/* The distribution tracker rows of a Red Hat statement: a source RPM of a
 * RHEL release ("cpe:/o:redhat:enterprise_linux:8::baseos" gives "8",
 * "cpe:/a:redhat:rhel_eus:9.2::appstream" gives "9.2"). */
static int rhel_release(const char *cpe, char *out, size_t size) {
  const char *p = NULL;
  if (!cpe) return -1;
  if (!strncmp(cpe, "cpe:/", 5)) p = cpe + 5;
  else if (!strncmp(cpe, "cpe:2.3:", 8)) p = cpe + 8;
  else return -1;
  if (!*p || p[1] != ':') return -1;
  p += 2;
  if (strncmp(p, "redhat:", 7)) return -1;
  p += 7;
  const char *prod = p, *colon = strchr(p, ':');
  if (!colon) return -1;
  size_t pl = (size_t)(colon - prod);
  if (!((pl == 16 && !strncmp(prod, "enterprise_linux", 16)) ||
        (pl > 5 && !strncmp(prod, "rhel_", 5))))
    return -1;
  const char *v = colon + 1, *end = strchr(v, ':');
  size_t vl = end ? (size_t)(end - v) : strlen(v);
  if (!vl || vl >= size || (vl == 1 && (*v == '*' || *v == '-'))) return -1;
  for (size_t i = 0; i < vl; i++)
    if (!isdigit((unsigned char)v[i]) && v[i] != '.') return -1;
  memcpy(out, v, vl);
  out[vl] = '\0';
  return 0;
}

/* Name, version and epoch of "pkg:rpm/redhat/NAME@VERSION?arch=src&epoch=1"
 * (only source RPMs name a source package): 0, 1 if the purl is not a
 * source RPM's, or VL_ENOMEM. */
static int rpm_src(struct csaf *c, const char *purl, const char **name,
                   const char **evr) {
  if (!purl || strncmp(purl, "pkg:rpm/", 8)) return 1;
  const char *q = strchr(purl, '?');
  if (!q || !strstr(q, "arch=src")) return 1;
  const char *slash = strrchr(purl, '/');
  if (!slash || slash > q) return 1;
  const char *at = memchr(slash, '@', (size_t)(q - slash));
  const char *n_end = at ? at : q;
  *name = vl_arena_strndup(c->a, slash + 1, (size_t)(n_end - slash - 1));
  *evr = NULL;
  if (!*name) return VL_ENOMEM;
  if (at) {
    const char *e = strstr(q, "epoch=");
    size_t el = 1;
    const char *ep = "0";
    if (e && (e[-1] == '?' || e[-1] == '&')) {
      ep = e + 6;
      el = strcspn(ep, "&#");
    }
    *evr = vl_arena_printf(c->a, "%.*s:%.*s", (int)el, ep,
                           (int)(q - at - 1), at + 1);
    if (!*evr) return VL_ENOMEM;
  }
  return **name ? 0 : 1;
}

/* The same from an RPM file name without its ".rpm": a product version
 * "telnet-1:0.17-65.el7_6.src" (Red Hat's documents before purls). */
static int nevra_src(struct csaf *c, const char *nevra, const char **name,
                     const char **evr) {
  size_t n = nevra ? strlen(nevra) : 0;
  if (n < 5 || strcmp(nevra + n - 4, ".src")) return 1;
  n -= 4;
  const char *rel = NULL, *ver = NULL;
  for (size_t i = n; i-- > 0;)
    if (nevra[i] == '-') {
      if (!rel) {
        rel = nevra + i;
      } else {
        ver = nevra + i;
        break;
      }
    }
  if (!rel || !ver || ver == nevra) return 1;
  bool epoch = memchr(ver, ':', (size_t)(rel - ver)) != NULL;
  *name = vl_arena_strndup(c->a, nevra, (size_t)(ver - nevra));
  *evr = vl_arena_printf(c->a, "%s%.*s", epoch ? "" : "0:",
                         (int)(nevra + n - ver - 1), ver + 1);
  return *name && *evr ? 0 : VL_ENOMEM;
}

static int rhel_row(struct csaf *c, const char *vuln, const struct prod *pr,
                    const char *status, const char *impact) {
  const struct prod *plat = pr->platform ? pr->platform : pr;
  char release[32];
  const char *name, *evr;
  if (rhel_release(plat->cpe, release, sizeof(release))) return 0;
  int rc = rpm_src(c, pr->purl, &name, &evr);
  if (rc == 1 && !pr->purl) {
    const struct prod *comp = pr->component ? pr->component : pr;
    rc = nevra_src(c, comp->version ? comp->version : comp->name, &name, &evr);
  }
  if (rc == VL_ENOMEM) return rc;
  if (rc) return 0;
  struct vl_distro_fix f = {0};
  f.distro = "rhel";
  f.release = release;
  f.source_pkg = name;
  f.vuln_id = vuln;
  f.scheme = "rpm";
  f.urgency = impact;
  f.source = "redhat-csaf";
  if (!strcmp(status, "fixed")) {
    if (!evr) return 0; /* a fix needs a version */
    f.status = "fixed";
    f.fixed_version = evr;
  } else if (!strcmp(status, "known_not_affected")) {
    f.status = "not-affected";
  } else {
    f.status = "open";
  }
  int changed;
  return vl_store_distro_fix_upsert(c->im->store, &f, &changed, c->d);
}

static int vulnerability(struct csaf *c, const struct vl_jv *v,
                         const char *path, size_t vi) {
  int rc;
  if (v->type != VL_JOBJ) return wrong_type(c, v, path, "an object");
  const char *cve, *title;
  vl_time release, discovery;
  const struct vl_jv *ids, *notes, *ps, *flags, *threats, *rems, *scores,
      *refs, *cwe;
  if ((rc = opt_str(c, v, "cve", path, &cve)) ||
      (rc = opt_str(c, v, "title", path, &title)) ||
      (rc = field(c, vl_opt_time(v, "release_date", path, &release, c->d))) ||
      (rc = field(c, vl_opt_time(v, "discovery_date", path, &discovery,
                                 c->d))) ||
      (rc = opt_arr(c, v, "ids", path, &ids)) ||
      (rc = opt_arr(c, v, "notes", path, &notes)) ||
      (rc = field(c, vl_opt_obj(v, "product_status", path, &ps, c->d))) ||
      (rc = opt_arr(c, v, "flags", path, &flags)) ||
      (rc = opt_arr(c, v, "threats", path, &threats)) ||
      (rc = opt_arr(c, v, "remediations", path, &rems)) ||
      (rc = opt_arr(c, v, "scores", path, &scores)) ||
      (rc = opt_arr(c, v, "references", path, &refs)) ||
      (rc = field(c, vl_opt_obj(v, "cwe", path, &cwe, c->d))))
    return rc;
  char p[VL_DIAG_PATH_MAX];
  if (cve && !vl_cve_syntax(cve, strlen(cve))) {
    P(p, "%s.cve", path);
    return fail(c, vl_jv_get(v, "cve"), p, VL_EINVAL,
                "not a CVE id: \"%.60s\"", cve);
  }
  const char *id = cve;
  size_t i = 0;
  for (const struct vl_jv *e = ids ? ids->child : NULL; e; e = e->next, i++) {
    P(p, "%s.ids[%zu]", path, i);
    if (e->type != VL_JOBJ) return wrong_type(c, e, p, "an object");
    const char *sys, *text;
    if ((rc = need_str(c, e, "system_name", p, &sys)) ||
        (rc = need_str(c, e, "text", p, &text)))
      return rc;
    if (!id) id = text;
  }
  /* Without any id, the document's own id stands for it (with its
   * position when the document has several). */
  if (!id) id = vi ? vl_arena_printf(c->a, "%s#%zu", c->doc.id, vi + 1)
                   : c->doc.id;
  if (!id) return VL_ENOMEM;
  struct vl_vuln rec = {0};
  struct vrec vr = {0};
  rec.id = id;
  rec.source = c->doc.source;
  rec.title = title;
  rec.modified = c->doc.modified;
  rec.published = c->doc.published;
  /* Published: the vulnerability's release date, else its discovery
   * date, else the document's. */
  if (release) rec.published = release;
  else if (discovery) rec.published = discovery;
  i = 0;
  const char *summary = NULL;
  for (const struct vl_jv *n = notes ? notes->child : NULL; n; n = n->next, i++) {
    P(p, "%s.notes[%zu]", path, i);
    if (n->type != VL_JOBJ) return wrong_type(c, n, p, "an object");
    const char *cat, *text;
    if ((rc = need_str(c, n, "category", p, &cat)) ||
        (rc = need_str(c, n, "text", p, &text)))
      return rc;
    bool ja = c->doc.lang && !strncmp(c->doc.lang, "ja", 2);
    if (!strcmp(cat, "description") && !(ja ? rec.desc_ja : rec.desc_en))
      *(ja ? &rec.desc_ja : &rec.desc_en) = text;
    if (!strcmp(cat, "summary") && !summary) summary = text;
  }
  if (!rec.title) rec.title = summary;
  if (!rec.desc_en && !rec.desc_ja && summary) rec.desc_en = summary;
  if (cwe) {
    P(p, "%s.cwe", path);
    if ((rc = need_str(c, cwe, "id", p, &rec.cwe))) return rc;
  }
  const struct vl_jv *cwes = vl_jv_get(v, "cwes"); /* 2.1 */
  if (!rec.cwe && cwes && cwes->type == VL_JARR && cwes->child)
    rec.cwe = vl_jv_str(cwes->child, "id");
  i = 0;
  for (const struct vl_jv *r = refs ? refs->child : NULL; r; r = r->next, i++) {
    P(p, "%s.references[%zu]", path, i);
    if (r->type != VL_JOBJ) return wrong_type(c, r, p, "an object");
    const char *url;
    if ((rc = need_str(c, r, "url", p, &url))) return rc;
    if (vr.n_refs < VL_ARRAY_LEN(vr.refs)) vr.refs[vr.n_refs++] = url;
  }

  /* Per-product facts of this vulnerability. */
  size_t n = c->n ? c->n : 1;
  c->cls = calloc(n, 1);
  c->stored = calloc(n, 1);
  c->justification = calloc(n, sizeof(char *));
  c->impact = calloc(n, sizeof(char *));
  c->severity = calloc(n, sizeof(char *));
  c->best_rem = malloc(n * sizeof(int));
  c->cvss_vec = calloc(n, sizeof(char *));
  c->cvss_score = calloc(n, sizeof(double));
  c->cvss_ver = calloc(n, sizeof(char *));
  if (!c->cls || !c->stored || !c->justification || !c->impact || !c->severity ||
      !c->best_rem ||
      !c->cvss_vec || !c->cvss_score || !c->cvss_ver)
    return VL_ENOMEM;
  for (size_t k = 0; k < n; k++) c->best_rem[k] = -1;

  /* Statuses: every id must resolve and no product may be both affected
   * and not affected (or fixed). */
  if (ps) {
    for (size_t l = 0; l < VL_ARRAY_LEN(status_lists); l++) {
      const struct vl_jv *arr;
      P(p, "%s.product_status", path);
      if ((rc = opt_arr(c, ps, status_lists[l].list, p, &arr))) return rc;
      size_t j = 0;
      for (const struct vl_jv *e = arr ? arr->child : NULL; e;
           e = e->next, j++) {
        char q[VL_DIAG_PATH_MAX];
        P(q, "%s.product_status.%s[%zu]", path, status_lists[l].list, j);
        struct prod *pr;
        if ((rc = product_ref(c, e, q, &pr))) return rc;
        unsigned char bit = status_lists[l].cls;
        if (set_cls(c, pr->idx, &bit))
          return fail(c, e, q, VL_EINVAL,
                      "product \"%.100s\" has contradicting statuses (CSAF "
                      "6.1.6)",
                      pr->id);
      }
    }
  }
  i = 0;
  for (const struct vl_jv *f = flags ? flags->child : NULL; f; f = f->next, i++) {
    P(p, "%s.flags[%zu]", path, i);
    if (f->type != VL_JOBJ) return wrong_type(c, f, p, "an object");
    const char *label;
    if ((rc = need_str(c, f, "label", p, &label))) return rc;
    if (!one_of(label, flag_labels)) {
      char q[VL_DIAG_PATH_MAX];
      P(q, "%s.label", p);
      return fail(c, f, q, VL_EINVAL, "unknown flag label \"%.60s\"", label);
    }
    c->strict = true;
    rc = each_product(c, f, "product_ids", p, set_justification,
                      (void *)label, true);
    c->strict = false;
    if (rc) return rc;
  }
  i = 0;
  for (const struct vl_jv *t2 = threats ? threats->child : NULL; t2;
       t2 = t2->next, i++) {
    P(p, "%s.threats[%zu]", path, i);
    if (t2->type != VL_JOBJ) return wrong_type(c, t2, p, "an object");
    const char *cat, *details;
    if ((rc = need_str(c, t2, "category", p, &cat)) ||
        (rc = need_str(c, t2, "details", p, &details)))
      return rc;
    const char *text = details;
    if (!strcmp(cat, "exploit_status"))
      text = vl_arena_printf(c->a, "exploit status: %s", details);
    else if (strcmp(cat, "impact"))
      continue; /* target_set: not about the product's state */
    if (!text) return VL_ENOMEM;
    /* A threat that names no product is about every product (Red Hat's
     * advisories rate the vulnerability as a whole). */
    bool impact = !strcmp(cat, "impact");
    if (!vl_jv_get(t2, "product_ids") && !vl_jv_get(t2, "group_ids")) {
      for (size_t k = 0; k < c->n; k++)
        if ((rc = set_impact(c, k, (void *)text)) ||
            (impact && (rc = set_severity(c, k, (void *)details))))
          return rc;
    } else if ((rc = each_product(c, t2, "product_ids", p, set_impact,
                                  (void *)text, false)) ||
               (impact && (rc = each_product(c, t2, "product_ids", p,
                                             set_severity, (void *)details,
                                             false)))) {
      return rc;
    }
  }
  const struct vl_jv *rem_list[256];
  size_t n_rem = 0;
  i = 0;
  for (const struct vl_jv *r = rems ? rems->child : NULL; r; r = r->next, i++) {
    P(p, "%s.remediations[%zu]", path, i);
    if (r->type != VL_JOBJ) return wrong_type(c, r, p, "an object");
    const char *cat, *details, *url;
    if ((rc = need_str(c, r, "category", p, &cat)) ||
        (rc = need_str(c, r, "details", p, &details)) ||
        (rc = opt_str(c, r, "url", p, &url)))
      return rc;
    if (rem_rank(cat) < 0) {
      char q[VL_DIAG_PATH_MAX];
      P(q, "%s.category", p);
      return fail(c, r, q, VL_EINVAL, "unknown remediation category \"%.60s\"",
                  cat);
    }
    if (n_rem == VL_ARRAY_LEN(rem_list))
      return fail(c, r, p, VL_ETOOBIG, "more than %zu remediations",
                  VL_ARRAY_LEN(rem_list));
    rem_list[n_rem] = r;
    struct vuln_arrays_ud u = {0};
    u.rem = (int)n_rem;
    u.rems = rem_list;
    n_rem++;
    if ((rc = each_product(c, r, "product_ids", p, set_rem, &u, false)))
      return rc;
  }
  i = 0;
  for (const struct vl_jv *s = scores ? scores->child : NULL; s;
       s = s->next, i++) {
    P(p, "%s.scores[%zu]", path, i);
    if (s->type != VL_JOBJ) return wrong_type(c, s, p, "an object");
    bool any = false;
    size_t before = vr.n_cvss;
    (void)before;
    const char *keys[] = {"cvss_v3", "cvss_v2", "cvss_v4"};
    struct vuln_arrays_ud u = {0};
    char versions[64] = "|";
    for (size_t k = 0; k < VL_ARRAY_LEN(keys); k++) {
      bool got = false;
      if ((rc = score_one(c, s, p, keys[k], &vr, &got))) return rc;
      if (!got) continue;
      const struct vl_jv *o = vl_jv_get(s, keys[k]);
      if (!u.text) {
        u.text = vl_jv_str(o, "vectorString");
        u.score = vl_jv_num(o, "baseScore", 0);
      }
      size_t len = strlen(versions);
      snprintf(versions + len, sizeof(versions) - len, "%.10s|",
               vl_jv_str(o, "version"));
      any = true;
    }
    u.versions = vl_arena_strdup(c->a, versions);
    u.path = vl_arena_strdup(c->a, p);
    u.elem = s;
    if (!u.versions || !u.path) return VL_ENOMEM;
    if (!any)
      return fail(c, s, p, VL_EINVAL, "a score without cvss_v2 or cvss_v3");
    if ((rc = each_product(c, s, "products", p, set_score, &u, true)))
      return rc;
  }
  /* The VEX profile: a product not affected says why (a flag or an impact
   * statement, CSAF 6.1.27.9), an affected one what to do (a remediation,
   * 6.1.27.10). */
  if (ps && !strcmp(c->doc.category, "csaf_vex")) {
    for (size_t l = 0; l < VL_ARRAY_LEN(status_lists); l++) {
      bool na = status_lists[l].cls == C_NOT_AFFECTED;
      if (!na && status_lists[l].cls != C_AFFECTED) continue;
      const struct vl_jv *arr = vl_jv_get(ps, status_lists[l].list);
      size_t j = 0;
      for (const struct vl_jv *e = arr ? arr->child : NULL; e;
           e = e->next, j++) {
        size_t k = lookup(c, e->s)->idx;
        if (na ? (c->justification[k] || c->impact[k]) : c->best_rem[k] >= 0)
          continue;
        P(p, "%s.product_status.%s[%zu]", path, status_lists[l].list, j);
        return fail(c, e, p, VL_EINVAL,
                    na ? "VEX: product \"%.100s\" is not affected but no "
                         "flag or impact statement says why (CSAF 6.1.27.9)"
                       : "VEX: product \"%.100s\" is affected but no "
                         "remediation says what to do (CSAF 6.1.27.10)",
                    e->s);
      }
    }
  }
  rec.cvss = vr.cvss;
  rec.n_cvss = vr.n_cvss;
  rec.refs = vr.refs;
  rec.n_refs = vr.n_refs;

  /* Store. */
  int changed;
  if ((rc = vl_store_vuln_upsert(c->im->store, &rec, &changed, c->d)) ||
      (rc = vl_store_csaf_vuln_add(c->im->store, c->pk, id, rec.title, c->d)))
    return rc;
  for (size_t l = 0; ps && l < VL_ARRAY_LEN(status_lists); l++) {
    const struct vl_jv *arr = vl_jv_get(ps, status_lists[l].list);
    size_t j = 0;
    for (const struct vl_jv *e = arr ? arr->child : NULL; e;
         e = e->next, j++) {
      struct prod *pr = lookup(c, e->s);
      /* A product listed twice in one list is one statement (status_lists
       * has 8 lists: one bit each). */
      if (c->stored[pr->idx] & (1u << l)) continue;
      c->stored[pr->idx] |= (unsigned char)(1u << l);
      struct vl_product_status st = {0};
      st.vuln = id;
      st.product_id = pr->id;
      st.name = pr->name;
      st.cpe = pr->cpe;
      st.purl = pr->purl;
      st.status = status_lists[l].status;
      st.detail = status_lists[l].list;
      st.vendor = pr->vendor;
      st.product = pr->product;
      st.version = pr->version;
      st.impact = c->impact[pr->idx];
      if (!strcmp(st.status, "known_not_affected"))
        st.justification = c->justification[pr->idx]
                               ? c->justification[pr->idx]
                               : c->impact[pr->idx];
      int br = c->best_rem[pr->idx];
      if (br >= 0) {
        st.remediation = vl_jv_str(rem_list[br], "category");
        st.remediation_text = vl_jv_str(rem_list[br], "details");
        st.remediation_url = vl_jv_str(rem_list[br], "url");
      }
      st.cvss_vector = c->cvss_vec[pr->idx];
      st.cvss_score = c->cvss_score[pr->idx];
      if ((rc = vl_store_csaf_status_add(c->im->store, c->pk, &st, c->d))) {
        char q[VL_DIAG_PATH_MAX];
        P(q, "%s.product_status.%s[%zu]", path, status_lists[l].list, j);
        vl_diag_where(c->d, c->im->file, e->line, q);
        return rc;
      }
      /* The tracker is keyed by CVE: a Bugzilla id is not one. */
      if (c->redhat && cve &&
          (rc = rhel_row(c, id, pr, st.status, c->severity[pr->idx])))
        return rc;
    }
  }
  for (size_t r = 0; r < n_rem; r++) {
    struct vl_buf b;
    vl_buf_init(&b, 16u << 20);
    P(p, "%s.remediations[%zu]", path, r);
    c->quiet = true; /* the first pass warned */
    rc = each_product(c, rem_list[r], "product_ids", p, add_id, &b, false);
    c->quiet = false;
    struct vl_csaf_remediation cr = {0};
    cr.vuln = id;
    cr.kind = vl_jv_str(rem_list[r], "category");
    cr.text = vl_jv_str(rem_list[r], "details");
    cr.url = vl_jv_str(rem_list[r], "url");
    cr.products = b.len ? b.data : NULL;
    if (!rc) rc = vl_store_csaf_remediation_add(c->im->store, c->pk, &cr, c->d);
    vl_buf_free(&b);
    if (rc) return rc;
  }
  return vl_store_csaf_names_refresh(c->im->store, id, c->doc.source, c->d);
}

static void free_arrays(struct csaf *c) {
  free(c->cls);
  free(c->stored);
  c->stored = NULL;
  free(c->justification);
  free(c->impact);
  free(c->severity);
  c->severity = NULL;
  free(c->best_rem);
  free(c->cvss_vec);
  free(c->cvss_score);
  free(c->cvss_ver);
  c->cvss_ver = NULL;
  c->cls = NULL;
  c->justification = c->impact = c->cvss_vec = NULL;
  c->best_rem = NULL;
  c->cvss_score = NULL;
}

/* ------------------------------------------------------------- document */

static const char *host_of(struct vl_arena *a, const char *url) {
  const char *p = strstr(url, "://");
  p = p ? p + 3 : url;
  if (!strncmp(p, "www.", 4)) p += 4;
  size_t n = strcspn(p, "/:?#");
  char *h = vl_arena_strndup(a, p, n);
  for (char *q = h; q && *q; q++) *q = (char)tolower((unsigned char)*q);
  return h;
}

static int document(struct csaf *c, const struct vl_jv *doc) {
  const char *path = "$.document";
  const struct vl_jv *pub, *tracking, *notes, *refs, *sev, *hist;
  const char *csaf_version;
  struct vl_csaf_doc *o = &c->doc;
  int rc;
  if ((rc = need_str(c, doc, "category", path, &o->category)) ||
      (rc = need_str(c, doc, "csaf_version", path, &csaf_version)) ||
      (rc = need_str(c, doc, "title", path, &o->title)) ||
      (rc = opt_str(c, doc, "lang", path, &o->lang)) ||
      (rc = need_obj(c, doc, "publisher", path, &pub)) ||
      (rc = need_obj(c, doc, "tracking", path, &tracking)) ||
      (rc = opt_arr(c, doc, "notes", path, &notes)) ||
      (rc = opt_arr(c, doc, "references", path, &refs)) ||
      (rc = field(c, vl_opt_obj(doc, "aggregate_severity", path, &sev, c->d))))
    return rc;
  if (strcmp(csaf_version, "2.0") && strcmp(csaf_version, "2.1"))
    return fail(c, vl_jv_get(doc, "csaf_version"), "$.document.csaf_version",
                VL_EUNSUPPORTED,
                "CSAF version \"%.20s\" is not supported (2.0, 2.1)",
                csaf_version);
  const char *pcat;
  if ((rc = need_str(c, pub, "name", "$.document.publisher",
                     &o->publisher)) ||
      (rc = need_str(c, pub, "namespace", "$.document.publisher",
                     &o->publisher_ns)) ||
      (rc = need_str(c, pub, "category", "$.document.publisher", &pcat)))
    return rc;
  const char *tp = "$.document.tracking";
  if ((rc = need_str(c, tracking, "id", tp, &o->id)) ||
      (rc = need_str(c, tracking, "version", tp, &o->version)) ||
      (rc = need_str(c, tracking, "status", tp, &o->status)) ||
      (rc = field(c, vl_need_time(tracking, "initial_release_date", tp,
                                  &o->published, c->d))) ||
      (rc = field(c, vl_need_time(tracking, "current_release_date", tp,
                                  &o->modified, c->d))) ||
      (rc = opt_arr(c, tracking, "revision_history", tp, &hist)))
    return rc;
  static const char *const statuses[] = {"draft", "final", "interim", NULL};
  if (!one_of(o->status, statuses))
    return fail(c, vl_jv_get(tracking, "status"), "$.document.tracking.status",
                VL_EINVAL, "unknown document status \"%.30s\"", o->status);
  if (!hist)
    return fail(c, tracking, "$.document.tracking.revision_history",
                VL_EINVAL, "required field is missing");
  if (sev && (rc = opt_str(c, sev, "text", "$.document.aggregate_severity",
                           &o->severity)))
    return rc;
  size_t i = 0;
  for (const struct vl_jv *n = notes ? notes->child : NULL; n; n = n->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "$.document.notes[%zu]", i);
    if (n->type != VL_JOBJ) return wrong_type(c, n, p, "an object");
    const char *cat, *text;
    if ((rc = need_str(c, n, "category", p, &cat)) ||
        (rc = need_str(c, n, "text", p, &text)))
      return rc;
    if (!strcmp(cat, "summary") && !o->summary) o->summary = text;
  }
  i = 0;
  for (const struct vl_jv *r = refs ? refs->child : NULL; r; r = r->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "$.document.references[%zu]", i);
    if (r->type != VL_JOBJ) return wrong_type(c, r, p, "an object");
    const char *url, *cat;
    if ((rc = need_str(c, r, "url", p, &url)) ||
        (rc = opt_str(c, r, "category", p, &cat)))
      return rc;
    if (cat && !strcmp(cat, "self") && !o->url) o->url = url;
  }
  c->host = host_of(c->a, o->publisher_ns);
  if (!c->host || !*c->host)
    return fail(c, pub, "$.document.publisher.namespace", VL_EINVAL,
                "publisher namespace is not a URL: \"%.100s\"",
                o->publisher_ns);
  o->source = vl_arena_printf(c->a, "csaf:%s", c->host);
  if (!o->source) return VL_ENOMEM;
  c->redhat = !strcmp(c->host, "redhat.com");
  return 0;
}

static int on_root(void *ud, const struct vl_jv *root, long line,
                   struct vl_diag *d) {
  struct csaf *c = ud;
  (void)line;
  c->d = d;
  if (c->doc.id)
    return fail(c, root, "$", VL_EUNSUPPORTED,
                "more than one JSON value: a CSAF file holds one document");
  if (root->type != VL_JOBJ) return wrong_type(c, root, "$", "an object");
  const struct vl_jv *doc, *pt, *vulns;
  int rc;
  if ((rc = need_obj(c, root, "document", "$", &doc)) ||
      (rc = document(c, doc)) ||
      (rc = field(c, vl_opt_obj(root, "product_tree", "$", &pt, d))) ||
      (rc = opt_arr(c, root, "vulnerabilities", "$", &vulns)))
    return rc;
  c->im->st->format =
      !strcmp(c->doc.category, "csaf_vex") ? "csaf-vex" : "csaf";
  if (pt && (rc = product_tree(c, pt, "$.product_tree"))) return rc;
  /* A vendor's own documents often have no vendor branch (Microsoft's):
   * their products are the publisher's. */
  const char *pcat = vl_jv_str(vl_jv_get(doc, "publisher"), "category");
  if (pcat && !strcmp(pcat, "vendor"))
    for (size_t i = 0; i < c->n; i++)
      if (!c->list[i]->vendor) c->list[i]->vendor = c->doc.publisher;
  c->im->st->records++;
  int changed;
  if ((rc = vl_store_csaf_doc_begin(c->im->store, &c->doc, &changed, &c->pk,
                                    d)))
    return rc;
  if (!changed) {
    c->im->st->unchanged++;
    return 0;
  }
  size_t i = 0;
  for (const struct vl_jv *v = vulns ? vulns->child : NULL; v; v = v->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    P(p, "$.vulnerabilities[%zu]", i);
    rc = vulnerability(c, v, p, i);
    free_arrays(c);
    if (rc) {
      if (!d->file[0]) vl_diag_where(d, c->im->file, v->line, p);
      return rc;
    }
  }
  c->im->st->changed++;
  return 0;
}

bool vl_csaf_sniff(const char *path) {
  gzFile gz = gzopen(path, "rb");
  if (!gz) return false;
  char *buf = malloc(CSAF_SNIFF + 1);
  int n = buf ? gzread(gz, buf, CSAF_SNIFF) : -1;
  gzclose(gz);
  if (n <= 0) {
    free(buf);
    return false;
  }
  buf[n] = '\0';
  bool yes = false;
  for (char *p = buf; !yes && (p = strstr(p, "\"csaf_version\"")); p++) {
    const char *q = p + 14;
    while (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n') q++;
    yes = *q == ':';
  }
  free(buf);
  return yes;
}

int vl_csaf_import(struct vl_import *im, struct vl_diag *d) {
  static const struct vl_json_opts opts = {
      .max_record_bytes = 1u << 20, .max_root_bytes = CSAF_MAX_TREE,
      .max_depth = 64};
  struct stat sb;
  if (stat(im->file, &sb) != 0) {
    vl_diag_where(d, im->file, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open: %s", strerror(errno));
  }
  if ((unsigned long long)sb.st_size > CSAF_MAX_FILE) {
    vl_diag_where(d, im->file, 0, NULL);
    return vl_diag_set(d, VL_ETOOBIG,
                       "a CSAF document of %lld bytes is larger than the "
                       "limit of %u MB",
                       (long long)sb.st_size, CSAF_MAX_FILE >> 20);
  }
  struct csaf c;
  memset(&c, 0, sizeof(c));
  c.im = im;
  c.d = d;
  c.a = im->arena;
  im->st->format = "csaf";
  vl_arena_reset(im->arena);
  int rc = vl_json_stream_file(im->file, &opts, NULL, on_root, &c, d);
  if (!rc && !c.doc.id) {
    vl_diag_where(d, im->file, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "no CSAF document in the file");
  }
  free_arrays(&c);
  free(c.tab);
  free(c.list);
  free(c.gtab);
  return rc;
}
