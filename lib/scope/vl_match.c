/* The matcher: installed software against NVD configurations, package
 * statements (OSV), distributions' own statements and changelogs.
 *
 * The engine (struct vl_matcher) works in four steps:
 *   1. intern: every installed row is reduced to a distinct key (its
 *      identity, version and, for a distribution package, the asset's
 *      release); rows are split between threads, each with a table of its
 *      own, merged at the end;
 *   2. fetch: the statements each distinct product, package and source
 *      package can carry are loaded once (from the store, or a caller's
 *      source) and compiled (CPE attributes, parsed ranges, version keys);
 *   3. compare: each distinct key is compared once with its statements
 *      (in parallel), giving its verdicts;
 *   4. fan out: per asset, the verdicts of its rows are gathered; NVD
 *      configurations that need the whole asset (AND, negation, running-on)
 *      are evaluated with everything the asset carries; fix statements
 *      (distribution, changelog) suppress what they override.
 * Memory: rows and keys borrow the caller's software until the run ends;
 * statements, caches and verdicts belong to the matcher. */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"
#include "vulnloop/scope.h"
#include "vulnloop/vers.h"
#include "vulnloop/version.h"

#define MAX_THREADS 16
#define MAX_CONFIG_ROWS 20000
/* the arena of a run's criteria and configurations (struct vl_matcher
 * pool): a synthetic full NVD needs ~60 MB */
#define MAX_POOL_BYTES ((size_t)4 << 30)

static char *dup(const char *s) { return s ? strdup(s) : NULL; }
static bool eq(const char *a, const char *b) {
  return a == b || (a && b && !strcmp(a, b));
}

/* Appends s to buf (at bytes used of size, size > 0), truncated as
 * snprintf truncates; returns the bytes used.  The caches' keys are built
 * per distinct key, and a printf call costs more than the lookup. */
static size_t bcat(char *buf, size_t size, size_t at, const char *s) {
  size_t n = strlen(s);
  if (at >= size - 1) n = 0;
  else if (n > size - 1 - at) n = size - 1 - at;
  memcpy(buf + at, s, n);
  buf[at + n] = '\0';
  return at + n;
}

/* buf = a SEP b [SEP c] (c may be NULL), truncated like snprintf. */
static void bjoin(char *buf, size_t size, const char *a, const char *sep,
                  const char *b, const char *c) {
  size_t at = bcat(buf, size, 0, a);
  at = bcat(buf, size, at, sep);
  at = bcat(buf, size, at, b);
  if (c) bcat(buf, size, bcat(buf, size, at, sep), c);
}

/* ---------------------------------------------------------- small tools */

struct plist {
  void **v;
  size_t n, cap;
};

static int plist_push(struct plist *l, void *p) {
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 8;
    void **nv = realloc(l->v, cap * sizeof(*nv));
    if (!nv) return VL_ENOMEM;
    l->v = nv;
    l->cap = cap;
  }
  l->v[l->n++] = p;
  return 0;
}

/* Hashing of strings, 8 bytes at a time: the rows' identity fields and
 * the caches' keys are hashed for every row and every statement, and a
 * multiply per byte (FNV) made that the larger part of interning.  The
 * length goes in with the bytes, so that field boundaries count. */
static uint64_t hword(uint64_t h, uint64_t w) {
  h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
  return h ^ (h >> 32);
}

static uint64_t hbytes(uint64_t h, const char *s, size_t n) {
  h = hword(h, (uint64_t)n);
  for (; n >= 8; s += 8, n -= 8) {
    uint64_t w;
    memcpy(&w, s, 8);
    h = hword(h, w);
  }
  if (n) {
    uint64_t w = 0;         /* the tail, byte by byte: a memcpy of a
                               variable length costs more than the loop */
    for (size_t i = 0; i < n; i++) w |= (uint64_t)(unsigned char)s[i] << (8 * i);
    h = hword(h, w);
  }
  return h;
}

/* The final mix (MurmurHash3's): every bit of h reaches the low bits that
 * pick a slot. */
static uint64_t hfinal(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 33);
}

static uint64_t hstr(const char *s) {
  return hfinal(hbytes(0x243F6A8885A308D3ULL, s, strlen(s)));
}

/* A string-keyed map (open addressing) for the statement caches. */
struct smap {
  char **k;
  void **v;
  uint64_t *h;              /* each key's hash: most probes end on it */
  size_t n, cap;
  struct vl_arena *keys;    /* borrowed: where keys are copied (the
                               matcher's maps: 250,000 vulnerability ids
                               need no malloc and free each), or NULL:
                               strdup'd, freed by smap_free */
};

static void **smap_slot_h(struct smap *m, const char *key, uint64_t h,
                          bool *found) {
  size_t i = (size_t)h & (m->cap - 1);
  while (m->k[i] && (m->h[i] != h || strcmp(m->k[i], key)))
    i = (i + 1) & (m->cap - 1);
  *found = m->k[i] != NULL;
  return &m->v[i];
}

static void **smap_slot(struct smap *m, const char *key, bool *found) {
  return smap_slot_h(m, key, hstr(key), found);
}

/* Finds key; when absent, inserts it (value NULL).  *out is the value's
 * slot; *found says whether it was there. */
static int smap_get(struct smap *m, const char *key, void ***out,
                    bool *found) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 64;
    struct smap nm = {calloc(cap, sizeof(char *)), calloc(cap, sizeof(void *)),
                      malloc(cap * sizeof(uint64_t)), m->n, cap, m->keys};
    if (!nm.k || !nm.v || !nm.h) {
      free(nm.k);
      free(nm.v);
      free(nm.h);
      return VL_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->k[i]) continue;
      size_t at = (size_t)m->h[i] & (cap - 1);
      while (nm.k[at]) at = (at + 1) & (cap - 1);
      nm.k[at] = m->k[i];
      nm.v[at] = m->v[i];
      nm.h[at] = m->h[i];
    }
    free(m->k);
    free(m->v);
    free(m->h);
    *m = nm;
  }
  uint64_t h = hstr(key);
  void **slot = smap_slot_h(m, key, h, found);
  if (!*found) {
    char *k = m->keys ? vl_arena_strdup(m->keys, key) : strdup(key);
    if (!k) return VL_ENOMEM;
    m->k[slot - m->v] = k;
    m->h[slot - m->v] = h;
    *slot = NULL;
    m->n++;
  }
  *out = slot;
  return 0;
}

static void smap_free(struct smap *m, void (*fv)(void *)) {
  for (size_t i = 0; i < m->cap; i++) {
    if (!m->k[i]) continue;
    if (!m->keys) free(m->k[i]);
    if (fv) fv(m->v[i]);
  }
  free(m->k);
  free(m->v);
  free(m->h);
}

/* An integer-keyed map (open addressing) of non-NULL pointers. */
struct umap {
  uint64_t *k;
  void **v;                 /* NULL: empty slot */
  size_t n, cap;
};

static size_t umap_at(const struct umap *m, uint64_t key) {
  uint64_t h = key ^ (key >> 31);
  h *= 0x9E3779B97F4A7C15ULL;
  h ^= h >> 29;
  size_t i = (size_t)h & (m->cap - 1);
  while (m->v[i] && m->k[i] != key) i = (i + 1) & (m->cap - 1);
  return i;
}

static void *umap_find(const struct umap *m, uint64_t key) {
  return m->cap ? m->v[umap_at(m, key)] : NULL;
}

/* Sets key to v (not NULL). */
static int umap_put(struct umap *m, uint64_t key, void *v) {
  if ((m->n + 1) * 2 > m->cap) {
    size_t cap = m->cap ? m->cap * 2 : 1024;
    struct umap nm = {malloc(cap * sizeof(uint64_t)),
                      calloc(cap, sizeof(void *)), m->n, cap};
    if (!nm.k || !nm.v) {
      free(nm.k);
      free(nm.v);
      return VL_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++) {
      if (!m->v[i]) continue;
      size_t at = umap_at(&nm, m->k[i]);
      nm.k[at] = m->k[i];
      nm.v[at] = m->v[i];
    }
    free(m->k);
    free(m->v);
    *m = nm;
  }
  size_t at = umap_at(m, key);
  if (!m->v[at]) m->n++;
  m->k[at] = key;
  m->v[at] = v;
  return 0;
}

static void umap_free(struct umap *m, void (*fv)(void *)) {
  for (size_t i = 0; fv && i < m->cap; i++)
    if (m->v[i]) fv(m->v[i]);
  free(m->k);
  free(m->v);
}

static void plist_free(void *p) {
  struct plist *l = p;
  if (!l) return;
  free(l->v);
  free(l);
}

/* ------------------------------------------------- compiled statements */

/* In the order a row's verdicts are preferred: a distribution's word on
 * its own package, a vendor's CSAF statement, the package's changelog,
 * then the ecosystems' and NVD's ranges. */
enum src_kind { S_DISTRO = 0, S_CSAF, S_CHANGELOG, S_OSV, S_NVD, S_NVDNAME };
static const char *const src_name[] = {"distro", "csaf", "changelog", "osv",
                                       "nvd",    "nvd"};

struct config;

/* One CPE criterion of a configuration. */
struct crit {
  struct config *cfg;
  int node;
  bool node_and, node_negate;
  bool simple;              /* OR node, OR configuration, no negation: the
                               criterion alone makes the configuration hold */
  bool vulnerable;
  /* compiled once per distinct criterion and per distinct bounds, shared
   * (struct cpec and struct rngc, owned by the matcher's caches) */
  const char *criterion;
  const char *bound;        /* ">= 7.69.0, < 8.4.0", or NULL */
  const char *fix;          /* the excluded end: the first fixed version */
  const struct vl_cpe_key *k; /* part, vendor, product, version, update;
                               NULL when the criterion does not parse */
  bool others_any;          /* edition..other all ANY: the fast compare */
  const struct vl_range *range; /* version bounds, or NULL */
  const struct rngc *rg;    /* the compiled bounds range comes from */
  bool bad;                 /* bounds or criterion that do not parse */
  bool pooled;              /* in the matcher's arena (freed with it), not
                               malloc'd */
  int64_t row_id;
};

/* A distinct criterion, parsed once. */
struct cpec {
  char *text;
  struct vl_cpe_key k;
  bool others_any, bad;
};

/* Distinct version bounds, compiled once. */
struct rngc {
  char *bound, *fix;
  struct vl_range *range;
  bool bad;
  /* The shape NVD bounds compile to (vl_range_from_nvd): at most one lower
   * and one upper constraint (lower below upper), or one "=".  For it,
   * range_has() compares the interval itself; keys borrowed from range. */
  bool interval;
  const struct vl_verkey *lo, *hi; /* NULL: unbounded on that side */
  bool lo_incl, hi_incl;
};

static void cpec_free(void *p) {
  struct cpec *c = p;
  if (!c) return;
  free(c->text);
  free(c);
}

static void rngc_free(void *p) {
  struct rngc *r = p;
  if (!r) return;
  free(r->bound);
  free(r->fix);
  vl_range_free(r->range);
  free(r);
}

struct config {
  struct vl_matcher *m;     /* whose caches compile its criteria */
  const char *vuln;         /* borrowed: the key of m->vulns */
  uint32_t vno;             /* the vulnerability's number in this run */
  int config;
  bool and_, negate;
  bool loaded;              /* every criterion is here (complex ones) */
  struct crit **c;
  size_t n, cap;
};

struct pkgst {
  uint32_t vno;
  char *vuln, *source, *ecosystem, *name, *range_text, *fixed;
  struct vl_range *range;   /* NULL: version list only, or unparsable */
  enum vl_scheme scheme;
  bool has_scheme;
  char **list;              /* explicit versions */
  size_t nlist;
};

struct dist {
  uint32_t vno;
  char *distro, *release, *src, *vuln, *status, *fixed, *source, *urgency;
  enum vl_scheme scheme;
  bool scheme_ok;
  struct vl_verkey fixed_key;
  bool fixed_ok;
};

static void crit_free(struct crit *c) {
  if (c && !c->pooled) free(c);
}

/* A configuration lives in the matcher's arena: only its list is its
 * own. */
static void config_free(void *p) {
  struct config *c = p;
  if (!c) return;
  for (size_t i = 0; i < c->n; i++) crit_free(c->c[i]);
  free(c->c);
}

static void pkgst_free(struct pkgst *p) {
  if (!p) return;
  free(p->vuln);
  free(p->source);
  free(p->ecosystem);
  free(p->name);
  free(p->range_text);
  free(p->fixed);
  vl_range_free(p->range);
  for (size_t i = 0; i < p->nlist; i++) free(p->list[i]);
  free(p->list);
  free(p);
}

static void pkglist_free(void *v) {
  struct plist *l = v;
  if (!l) return;
  for (size_t i = 0; i < l->n; i++) pkgst_free(l->v[i]);
  plist_free(l);
}

static void dist_free(struct dist *x) {
  if (!x) return;
  free(x->distro);
  free(x->release);
  free(x->src);
  free(x->vuln);
  free(x->status);
  free(x->fixed);
  free(x->source);
  free(x->urgency);
  free(x);
}

static void distlist_free(void *v) {
  struct plist *l = v;
  if (!l) return;
  for (size_t i = 0; i < l->n; i++) dist_free(l->v[i]);
  plist_free(l);
}

/* One CSAF/VEX product statement. */
struct csafst {
  uint32_t vno;
  char *vuln, *doc, *publisher, *name, *status, *justification, *remediation;
  char *purl_version;       /* the version its purl names, or NULL: any */
  struct crit *cpe;         /* its CPE, compared like a criterion, or NULL */
  bool by_purl;
};

static void crit_free(struct crit *c);

static void csafst_free(struct csafst *x) {
  if (!x) return;
  free(x->vuln);
  free(x->doc);
  free(x->publisher);
  free(x->name);
  free(x->status);
  free(x->justification);
  free(x->remediation);
  free(x->purl_version);
  crit_free(x->cpe);
  free(x);
}

static void csaflist_free(void *v) {
  struct plist *l = v;
  if (!l) return;
  for (size_t i = 0; i < l->n; i++) csafst_free(l->v[i]);
  plist_free(l);
}

static char *bound_text(const struct vl_affected *a) {
  char buf[800];
  size_t n = 0;
  buf[0] = '\0';
  const char *ops[4] = {">= ", "> ", "<= ", "< "};
  const char *b[4] = {a->start_incl, a->start_excl, a->end_incl, a->end_excl};
  for (int i = 0; i < 4; i++) {
    if (!b[i] || n >= sizeof(buf)) continue;
    int w = snprintf(buf + n, sizeof(buf) - n, "%s%s%s", n ? ", " : "",
                     ops[i], b[i]);
    if (w > 0) n += (size_t)w;
  }
  return n ? strdup(buf) : NULL;
}

struct vl_matcher;
static void *pool_alloc(struct vl_matcher *m, size_t size);
static int cpec_get(struct vl_matcher *m, const char *criterion,
                    const struct cpec **out);
static int rngc_get(struct vl_matcher *m, const struct vl_affected *a,
                    const struct rngc **out);

/* A criterion of row r; its parsed CPE and bounds come from m's caches.
 * pooled: allocated in m's arena (a configuration's, kept for the
 * matcher's life: one bump, no malloc, no free), else malloc'd (crit_free
 * frees it).  NULL: out of memory. */
static struct crit *crit_new(struct vl_matcher *m,
                             const struct vl_affected_row *r, bool pooled) {
  const struct vl_affected *a = &r->a;
  if (!a->criterion) return NULL;
  struct crit *c = pooled ? pool_alloc(m, sizeof(*c)) : calloc(1, sizeof(*c));
  if (!c) return NULL;
  c->pooled = pooled;
  c->node = a->node;
  c->node_and = a->node_op && !strcmp(a->node_op, "AND");
  c->node_negate = a->node_negate;
  c->simple = !c->node_and && !c->node_negate && !a->config_negate &&
              !(a->config_op && !strcmp(a->config_op, "AND"));
  c->vulnerable = a->vulnerable;
  c->row_id = r->id;
  const struct cpec *p;
  const struct rngc *g = NULL;
  if (cpec_get(m, a->criterion, &p) ||
      ((a->start_incl || a->start_excl || a->end_incl || a->end_excl) &&
       rngc_get(m, a, &g))) {
    crit_free(c);
    return NULL;
  }
  c->criterion = p->text;
  if (g) {
    c->bound = g->bound;
    c->fix = g->fix;
    c->range = g->range;
    c->rg = g;
    if (g->bad) {
      c->bad = true;
      vl_log(VL_LOG_WARN, "%s: version bounds of %s do not parse; it matches "
             "nothing", r->vuln, c->criterion);
    }
  }
  /* Criteria were validated on import; one that no longer parses matches
   * nothing (never a guess). */
  if (p->bad) {
    c->bad = true;
    return c;
  }
  c->k = &p->k;
  c->others_any = p->others_any;
  return c;
}

/* A criterion's attribute is a superset of, or equal to, the installed
 * one's (NISTIR 7696 for the values CPE dictionaries use; wildcards inside
 * values go the slow way, see crit_matches). */
static bool attr_covers(const struct vl_cpe_keyattr *c,
                        const struct vl_cpe_keyattr *s) {
  if (c->kind == VL_CPE_ANY) return true;
  if (c->kind == VL_CPE_NA) return s->kind == VL_CPE_NA;
  return s->kind == VL_CPE_VALUE && !s->wild && !strcmp(c->text, s->text);
}

/* The installed side of a comparison, prepared once per distinct key. */
struct inst {
  const char *cpe;
  struct vl_cpe_key k;
  bool k_ok;
  const char *version;      /* the version compared with NVD */
  struct vl_verkey gkey;    /* its generic-scheme key */
  bool gkey_ok;
};

/* Whether v is inside c's bounds (c->range set): the interval compared
 * here in at most two key comparisons when the bounds have that shape
 * (struct rngc.interval: vl_range_contains gives the same answer for it,
 * after up to four), else vl_range_contains.  False on an error. */
static bool range_has(const struct crit *c, const struct vl_verkey *v) {
  const struct rngc *g = c->rg;
  if (g && g->interval && g->range == c->range) {
    if (g->lo) {
      int d = vl_verkey_cmp(v, g->lo);
      if (d < 0 || (d == 0 && !g->lo_incl)) return false;
    }
    if (g->hi) {
      int d = vl_verkey_cmp(v, g->hi);
      if (d > 0 || (d == 0 && !g->hi_incl)) return false;
    }
    return true;
  }
  bool in = false;
  return !vl_range_contains(c->range, v, &in) && in;
}

static bool crit_matches(const struct crit *c, const struct inst *in) {
  if (c->bad || !in->k_ok) return false;
  if (c->others_any) {
    if (c->k->part != '*' && c->k->part != in->k.part) return false;
    if (!attr_covers(&c->k->vendor, &in->k.vendor) ||
        !attr_covers(&c->k->product, &in->k.product) ||
        !attr_covers(&c->k->version, &in->k.version) ||
        !attr_covers(&c->k->update, &in->k.update))
      return false;
  } else {
    struct vl_cpe cw, sw;
    if (vl_cpe_parse_fs(c->criterion, strlen(c->criterion), &cw, NULL) ||
        vl_cpe_parse_fs(in->cpe, strlen(in->cpe), &sw, NULL))
      return false;
    enum vl_cpe_rel rel[VL_CPE_NATTR];
    vl_cpe_compare(&cw, &sw, rel);
    for (int i = 0; i < VL_CPE_NATTR; i++)
      if (rel[i] != VL_CPE_REL_SUPERSET && rel[i] != VL_CPE_REL_EQUAL)
        return false;
  }
  if (!c->range) return true;
  return in->gkey_ok && range_has(c, &in->gkey);
}

/* A package mapped to NVD by name: the criterion's product is the
 * package's (the lookup ensured it); vendor unknown; the criterion's
 * version, when it names one, must be the upstream version. */
static bool crit_matches_name(const struct crit *c, const struct inst *in) {
  if (c->bad || !c->vulnerable || !c->simple) return false;
  if (c->k->part != 'a' && c->k->part != '*') return false;
  if (c->k->version.kind == VL_CPE_NA) return false;
  if (c->k->version.kind == VL_CPE_VALUE &&
      (c->k->version.wild || !in->version ||
       strcmp(c->k->version.text, in->version)))
    return false;
  if (!c->range) return c->k->version.kind == VL_CPE_VALUE;
  return in->gkey_ok && range_has(c, &in->gkey);
}

/* ------------------------------------------------------- keys and rows */

struct key {
  uint64_t h;
  const struct vl_software *sw;  /* the first row's (borrowed) */
  const char *distro, *release;  /* the release, for distribution packages */
  struct plist *cpe, *name, *srcname, *basename, *pkg, *dist;
  struct plist *csaf_cpe, *csaf_purl;
  struct verdict *v;             /* comparison verdicts: findings, then
                                    (from nfind) fix statements */
  size_t nv, nfind;
  struct crit **cm;              /* criteria of complex configurations that
                                    this key matches */
  size_t ncm;
  struct crit **trig;            /* of those, the vulnerable criteria of
                                    non-negated nodes: what can make a
                                    finding (a host's OS matches ~1,500
                                    platform criteria, none of them) */
  size_t ntrig;
  long examined;
};

struct row {
  uint32_t asset;
  uint32_t key;
  const struct vl_software *sw;
};

struct verdict {
  const char *vuln;
  uint32_t vno;             /* vulnerability number: equal ids, equal numbers */
  enum src_kind src;
  bool fix;                 /* a fix statement (suppresses), not a finding */
  double conf;
  const char *criterion, *bound, *installed;
  char *evidence;           /* owned */
  char *statement;          /* owned */
  const char *fixv;         /* the fixed version named, or NULL */
  /* The sentences of a comparison's verdict are written when it is first
   * emitted (verdict_text), not for every verdict of every key: */
  enum vkind {
    V_DONE = 0,             /* evidence and statement are as they stand */
    V_NVD, V_NVDNAME,       /* st: struct crit */
    V_PKG_LIST, V_PKG_RANGE, /* st: struct pkgst */
    V_DIST_NOTAFF, V_DIST_FIXED, V_DIST_OPEN, V_DIST_NOFIX, /* struct dist */
    V_CSAF                  /* st: struct csafst */
  } kind;
  const struct key *k;      /* the key compared (kind != V_DONE) */
  const void *st;           /* the statement compared */
};

struct platform {
  char *distro, *release;   /* release: the tracker's name */
};

struct ktab {               /* a hash table of keys (one per thread) */
  struct key *k;
  size_t n, cap;
  uint32_t *slot;           /* index + 1, 0 empty */
  size_t nslot;
};

struct vl_matcher {
  struct vl_match_src src;
  struct row *rows;
  size_t nrows, caprows;
  bool unsorted;
  struct platform *plat;
  size_t nplat;
  struct ktab keys;         /* the distinct keys */
  struct khot *hot;         /* per key, what the fan-out reads */
  struct vref *vref;        /* the keys' verdicts, packed (khot.off) */
  struct smap cpe_cache, name_cache, pkg_cache, dist_cache;
  struct umap cfg_cache;    /* (vulnerability number, config) -> config */
  struct umap crit_by_row;  /* affected row id -> its criterion */
  struct smap csaf_cache;
  struct smap cpec_cache;   /* criterion -> struct cpec */
  const struct cpec *last_cpec; /* the one cpec_get() gave last (a
                               product's rows mostly repeat a criterion) */
  struct smap rngc_cache;   /* bounds -> struct rngc */
  struct plist rngc_long;   /* struct rngc of bounds too long for a key */
  struct smap vulns;        /* vulnerability id -> its number */
  struct vl_arena *pool;    /* configurations and their criteria (owned;
                               MAX_POOL_BYTES) */
  uint32_t nvulns;
  const char *last_vuln;    /* the id vintern() numbered last (a key of
                               vulns), and its number */
  uint32_t last_vno;
  long examined;
  bool ran;                 /* vl_matcher_run has interned the rows */
  /* impact index (vl_matcher_impact): vendor:product -> keys; key -> rows */
  struct smap prod_keys;
  uint32_t *krow_start, *krow;
  uint64_t *seen;           /* asset bitmap of one query */
  size_t nseen;
};

/* Numbers vulnerability ids in the order first met (deterministic: keys
 * are fetched in row order), so that verdicts group by number. */
static int vintern(struct vl_matcher *m, const char *id, uint32_t *no) {
  /* a product's statements come a vulnerability at a time */
  if (m->last_vuln && !strcmp(m->last_vuln, id)) {
    *no = m->last_vno;
    return 0;
  }
  void **slot;
  bool found;
  int rc = smap_get(&m->vulns, id, &slot, &found);
  if (rc) return rc;
  if (!found) *slot = (void *)(uintptr_t)(++m->nvulns);
  *no = (uint32_t)(uintptr_t)*slot;
  m->last_vuln = m->vulns.k[slot - m->vulns.v];
  m->last_vno = *no;
  return 0;
}

/* "deb", "rpm" or "apk" (asked for every row: no strcmp calls). */
static bool is_distro_eco(const char *e) {
  if (!e || !e[0] || !e[1] || !e[2] || e[3]) return false;
  return (e[0] == 'd' && e[1] == 'e' && e[2] == 'b') ||
         (e[0] == 'r' && e[1] == 'p' && e[2] == 'm') ||
         (e[0] == 'a' && e[1] == 'p' && e[2] == 'k');
}

/* A field of a key: its bytes and length; NULL is not "". */
static uint64_t mix(uint64_t h, const char *s) {
  return s ? hbytes(h, s, strlen(s)) : hword(h, ~(uint64_t)0);
}

static void key_of(const struct vl_matcher *m, const struct row *r,
                   struct key *k) {
  const struct vl_software *s = r->sw;
  memset(k, 0, sizeof(*k));
  k->sw = s;
  if (is_distro_eco(s->ecosystem) && r->asset < m->nplat) {
    k->distro = m->plat[r->asset].distro;
    k->release = m->plat[r->asset].release;
  }
  uint64_t h = 0xcbf29ce484222325ULL;
  const char *f[] = {s->cpe,  s->product,     s->version,        s->ecosystem,
                     s->name, s->source_name, s->source_version, s->purl,
                     k->distro, k->release};
  for (size_t i = 0; i < VL_ARRAY_LEN(f); i++) h = mix(h, f[i]);
  k->h = hfinal(h);
}

static bool key_eq(const struct key *a, const struct key *b) {
  const struct vl_software *x = a->sw, *y = b->sw;
  return a->h == b->h && eq(a->distro, b->distro) &&
         eq(a->release, b->release) && eq(x->cpe, y->cpe) &&
         eq(x->product, y->product) && eq(x->version, y->version) &&
         eq(x->ecosystem, y->ecosystem) && eq(x->name, y->name) &&
         eq(x->source_name, y->source_name) &&
         eq(x->source_version, y->source_version) && eq(x->purl, y->purl);
}

static int ktab_grow(struct ktab *t) {
  size_t ns = t->nslot ? t->nslot * 2 : 1024;
  uint32_t *s = calloc(ns, sizeof(*s));
  if (!s) return VL_ENOMEM;
  for (size_t i = 0; i < t->n; i++) {
    size_t j = (size_t)t->k[i].h & (ns - 1);
    while (s[j]) j = (j + 1) & (ns - 1);
    s[j] = (uint32_t)i + 1;
  }
  free(t->slot);
  t->slot = s;
  t->nslot = ns;
  return 0;
}

/* The index of k in t, inserting a copy when new. */
static int ktab_intern(struct ktab *t, const struct key *k, uint32_t *out) {
  if ((t->n + 1) * 2 > t->nslot && ktab_grow(t)) return VL_ENOMEM;
  size_t j = (size_t)k->h & (t->nslot - 1);
  while (t->slot[j]) {
    if (key_eq(&t->k[t->slot[j] - 1], k)) {
      *out = t->slot[j] - 1;
      return 0;
    }
    j = (j + 1) & (t->nslot - 1);
  }
  if (t->n == UINT32_MAX - 1) return VL_ETOOBIG;
  if (t->n == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 1024;
    struct key *nk = realloc(t->k, cap * sizeof(*nk));
    if (!nk) return VL_ENOMEM;
    t->k = nk;
    t->cap = cap;
  }
  t->k[t->n] = *k;
  t->slot[j] = (uint32_t)t->n + 1;
  *out = (uint32_t)t->n++;
  return 0;
}

static void ktab_free(struct ktab *t, bool results) {
  for (size_t i = 0; results && i < t->n; i++) {
    struct key *k = &t->k[i];
    for (size_t j = 0; j < k->nv; j++) {
      free(k->v[j].evidence);
      free(k->v[j].statement);
    }
    free(k->v);
    free(k->cm);
    free(k->trig);
  }
  free(t->k);
  free(t->slot);
  memset(t, 0, sizeof(*t));
}

/* ------------------------------------------ compiled criteria and bounds */

static int cpec_get(struct vl_matcher *m, const char *criterion,
                    const struct cpec **out) {
  if (m->last_cpec && !strcmp(m->last_cpec->text, criterion)) {
    *out = m->last_cpec;
    return 0;
  }
  void **slot;
  bool found;
  int rc = smap_get(&m->cpec_cache, criterion, &slot, &found);
  if (rc) return rc;
  if (*slot) {
    *out = m->last_cpec = *slot;
    return 0;
  }
  struct cpec *c = calloc(1, sizeof(*c));
  if (!c || !(c->text = strdup(criterion))) {
    free(c);
    return VL_ENOMEM;
  }
  *slot = c;
  struct vl_cpe w;
  if (vl_cpe_parse_fs(c->text, strlen(c->text), &w, NULL)) {
    c->bad = true;
  } else {
    vl_cpe_key_of(&w, &c->k);
    c->others_any = !c->k.vendor.wild && !c->k.product.wild &&
                    !c->k.version.wild && !c->k.update.wild;
    for (int i = VL_CPE_EDITION; i < VL_CPE_NATTR; i++)
      if (w.attr[i].kind != VL_CPE_ANY) c->others_any = false;
  }
  *out = m->last_cpec = c;
  return 0;
}

static int rngc_compile(const struct vl_affected *a, struct rngc **out) {
  struct rngc *g = calloc(1, sizeof(*g));
  if (!g) return VL_ENOMEM;
  g->bound = bound_text(a);
  g->fix = dup(a->end_excl);
  if ((!g->bound) || (a->end_excl && !g->fix)) {
    rngc_free(g);
    return VL_ENOMEM;
  }
  if (vl_range_from_nvd(VL_SCHEME_GENERIC, NULL, a->start_incl, a->start_excl,
                        a->end_incl, a->end_excl, &g->range, NULL)) {
    g->range = NULL;
    g->bad = true;
  }
  const struct vl_range *r = g->range;
  if (r && !r->star && (r->n == 1 || r->n == 2)) {
    g->interval = true;
    for (size_t i = 0; i < r->n; i++) {
      const struct vl_vers_constraint *c = &r->c[i];
      bool lower = c->cmp == VL_VERS_GE || c->cmp == VL_VERS_GT;
      bool upper = c->cmp == VL_VERS_LE || c->cmp == VL_VERS_LT;
      if (c->cmp == VL_VERS_EQ && r->n == 1) {
        g->lo = g->hi = &c->key;
        g->lo_incl = g->hi_incl = true;
      } else if (lower && !g->lo) {
        g->lo = &c->key;
        g->lo_incl = c->cmp == VL_VERS_GE;
      } else if (upper && !g->hi) {
        g->hi = &c->key;
        g->hi_incl = c->cmp == VL_VERS_LE;
      } else {
        g->interval = false; /* "!=", or two bounds on one side */
      }
    }
    if (g->interval && g->lo && g->hi && g->lo != g->hi &&
        vl_verkey_cmp(g->lo, g->hi) >= 0)
      g->interval = false;   /* vl_range_from_nvd refuses these */
  }
  *out = g;
  return 0;
}

/* The compiled bounds of a (at least one bound is set). */
static int rngc_get(struct vl_matcher *m, const struct vl_affected *a,
                    const struct rngc **out) {
  /* the key: each bound behind a tag byte saying which it is */
  char key[1024];
  size_t n = 0;
  const char *b[4] = {a->start_incl, a->start_excl, a->end_incl, a->end_excl};
  bool fits = true;
  for (int i = 0; i < 4 && fits; i++) {
    if (!b[i]) continue;
    size_t len = strlen(b[i]);
    if (n + len + 2 >= sizeof(key)) {
      fits = false;
      break;
    }
    key[n++] = (char)('1' + i);
    memcpy(key + n, b[i], len);
    n += len;
    key[n++] = '\x1f';
  }
  key[n] = '\0';
  struct rngc *g;
  int rc;
  if (!fits) {
    /* rare: compiled for this criterion alone, freed with the matcher */
    if ((rc = rngc_compile(a, &g))) return rc;
    if ((rc = plist_push(&m->rngc_long, g))) {
      rngc_free(g);
      return rc;
    }
    *out = g;
    return 0;
  }
  void **slot;
  bool found;
  if ((rc = smap_get(&m->rngc_cache, key, &slot, &found))) return rc;
  if (!*slot) {
    if ((rc = rngc_compile(a, &g))) return rc;
    *slot = g;
  }
  *out = *slot;
  return 0;
}

/* ------------------------------------------------------------- the API */

/* Zeroed memory from m's arena, or NULL (out of memory, or past
 * MAX_POOL_BYTES). */
static void *pool_alloc(struct vl_matcher *m, size_t size) {
  return vl_arena_alloc(m->pool, size);
}

int vl_matcher_new(const struct vl_match_src *src, struct vl_matcher **out) {
  struct vl_matcher *m = calloc(1, sizeof(*m));
  if (!m) return VL_ENOMEM;
  int rc = vl_arena_new(MAX_POOL_BYTES, &m->pool);
  if (rc) {
    free(m);
    return rc;
  }
  struct smap *maps[] = {&m->cpe_cache,  &m->name_cache, &m->pkg_cache,
                         &m->dist_cache, &m->csaf_cache, &m->cpec_cache,
                         &m->rngc_cache, &m->vulns,      &m->prod_keys};
  for (size_t i = 0; i < VL_ARRAY_LEN(maps); i++) maps[i]->keys = m->pool;
  m->src = *src;
  *out = m;
  return 0;
}

void vl_matcher_free(struct vl_matcher *m) {
  if (!m) return;
  free(m->rows);
  for (size_t i = 0; i < m->nplat; i++) {
    free(m->plat[i].distro);
    free(m->plat[i].release);
  }
  free(m->plat);
  ktab_free(&m->keys, true);
  smap_free(&m->cpe_cache, plist_free);
  smap_free(&m->name_cache, plist_free);
  umap_free(&m->cfg_cache, config_free); /* before the pool they live in */
  umap_free(&m->crit_by_row, NULL);
  smap_free(&m->pkg_cache, pkglist_free);
  smap_free(&m->dist_cache, distlist_free);
  smap_free(&m->csaf_cache, csaflist_free);
  smap_free(&m->cpec_cache, cpec_free);
  smap_free(&m->rngc_cache, rngc_free);
  for (size_t i = 0; i < m->rngc_long.n; i++) rngc_free(m->rngc_long.v[i]);
  free(m->rngc_long.v);
  smap_free(&m->prod_keys, plist_free);
  smap_free(&m->vulns, NULL);
  vl_arena_free(m->pool);
  free(m->hot);
  free(m->vref);
  free(m->krow_start);
  free(m->krow);
  free(m->seen);
  free(m);
}

int vl_matcher_asset(struct vl_matcher *m, uint32_t asset, const char *distro,
                     const char *release) {
  if (asset >= m->nplat) {
    size_t n = (size_t)asset + 1, cap = m->nplat;
    while (cap < n) cap = cap ? cap * 2 : 64;
    struct platform *p = realloc(m->plat, cap * sizeof(*p));
    if (!p) return VL_ENOMEM;
    memset(p + m->nplat, 0, (cap - m->nplat) * sizeof(*p));
    m->plat = p;
    m->nplat = cap;
  }
  char buf[64];
  const char *rel = vl_match_release(distro, release, buf, sizeof(buf));
  free(m->plat[asset].distro);
  free(m->plat[asset].release);
  m->plat[asset].distro = dup(distro);
  m->plat[asset].release = dup(rel);
  if ((distro && !m->plat[asset].distro) || (rel && !m->plat[asset].release))
    return VL_ENOMEM;
  return 0;
}

int vl_matcher_add(struct vl_matcher *m, uint32_t asset,
                   const struct vl_software *sw) {
  if (m->nrows == m->caprows) {
    size_t cap = m->caprows ? m->caprows * 2 : 1024;
    struct row *r = realloc(m->rows, cap * sizeof(*r));
    if (!r) return VL_ENOMEM;
    m->rows = r;
    m->caprows = cap;
  }
  if (m->nrows && m->rows[m->nrows - 1].asset > asset) m->unsorted = true;
  m->rows[m->nrows++] = (struct row){asset, 0, sw};
  return 0;
}

/* ------------------------------------------------------ 1. intern (MT) */

/* Rows that borrow the same software struct on assets of the same
 * platform have the same key: a table from (software pointer, platform
 * number) to the key's index spares hashing and comparing the strings of
 * every duplicate row.  When rows do not share structs (each row its own
 * copy), the table only costs, so it is dropped after a sample says so. */
struct memo_ent {
  const struct vl_software *sw; /* NULL: empty */
  uint32_t pid;                 /* platform number (0 for non-distro rows) */
  uint32_t key;                 /* index in the thread's table */
};

struct memo {
  struct memo_ent *e;
  size_t n, cap;
  bool off;                     /* rows do not share structs: not used */
  size_t lookups, hits;
};

#define MEMO_SAMPLE 4096

static size_t memo_hash(const struct vl_software *sw, uint32_t pid,
                        size_t cap) {
  uint64_t h = ((uint64_t)(uintptr_t)sw ^ ((uint64_t)pid << 48)) *
               0x9E3779B97F4A7C15ULL;
  return (size_t)(h >> 20) & (cap - 1);
}

/* The slot of (sw, pid): its entry, or the empty slot to fill. */
static struct memo_ent *memo_slot(struct memo *t, const struct vl_software *sw,
                                  uint32_t pid) {
  size_t i = memo_hash(sw, pid, t->cap);
  while (t->e[i].sw && (t->e[i].sw != sw || t->e[i].pid != pid))
    i = (i + 1) & (t->cap - 1);
  return &t->e[i];
}

static int memo_grow(struct memo *t) {
  size_t cap = t->cap ? t->cap * 2 : 4096;
  struct memo nt = {calloc(cap, sizeof(struct memo_ent)), t->n, cap, t->off,
                    t->lookups, t->hits};
  if (!nt.e) return VL_ENOMEM;
  for (size_t i = 0; i < t->cap; i++)
    if (t->e[i].sw) *memo_slot(&nt, t->e[i].sw, t->e[i].pid) = t->e[i];
  free(t->e);
  *t = nt;
  return 0;
}

struct intern_job {
  struct vl_matcher *m;
  const uint32_t *pid;      /* asset -> platform number (equal distro and
                               release, equal numbers) */
  size_t from, to;
  struct ktab local;
  int rc;
};

static void *intern_worker(void *p) {
  struct intern_job *j = p;
  struct vl_matcher *m = j->m;
  struct memo t = {0};
  for (size_t i = j->from; i < j->to && !j->rc; i++) {
    struct row *r = &m->rows[i];
    struct memo_ent *e = NULL;
    uint32_t pid = 0;
    if (!t.off && t.lookups == MEMO_SAMPLE && t.hits * 4 < t.lookups) {
      t.off = true;         /* under a quarter duplicates by pointer */
      free(t.e);
      t.e = NULL;
    }
    if (!t.off) {
      if (is_distro_eco(r->sw->ecosystem) && r->asset < m->nplat)
        pid = j->pid[r->asset];
      if ((t.n + 1) * 2 > t.cap && (j->rc = memo_grow(&t))) break;
      e = memo_slot(&t, r->sw, pid);
      t.lookups++;
      if (e->sw) {
        t.hits++;
        r->key = e->key;
        continue;
      }
    }
    struct key k;
    key_of(m, r, &k);
    if ((j->rc = ktab_intern(&j->local, &k, &r->key))) break;
    if (e) {
      *e = (struct memo_ent){r->sw, pid, r->key};
      t.n++;
    }
  }
  free(t.e);
  return NULL;
}

/* Numbers the assets' platforms: assets with equal distro and release get
 * equal numbers (1, 2, ...; 0: none).  *out is malloc'd (m->nplat long). */
static int platform_numbers(const struct vl_matcher *m, uint32_t **out) {
  uint32_t *pid = calloc(m->nplat + 1, sizeof(*pid));
  if (!pid) return VL_ENOMEM;
  /* distinct platforms are few: a short list of representatives */
  size_t rep[64], nrep = 0;
  uint32_t next = 1;
  for (size_t a = 0; a < m->nplat; a++) {
    const struct platform *p = &m->plat[a];
    size_t q = 0;
    while (q < nrep && !(eq(m->plat[rep[q]].distro, p->distro) &&
                         eq(m->plat[rep[q]].release, p->release)))
      q++;
    if (q < nrep) {
      pid[a] = pid[rep[q]];
      continue;
    }
    if (nrep < VL_ARRAY_LEN(rep)) rep[nrep++] = a;
    else {
      /* past 64 platforms: the slow way, a linear search of earlier ones */
      size_t b = 0;
      while (b < a && !(eq(m->plat[b].distro, p->distro) &&
                        eq(m->plat[b].release, p->release)))
        b++;
      if (b < a) {
        pid[a] = pid[b];
        continue;
      }
    }
    pid[a] = next++;
  }
  *out = pid;
  return 0;
}

struct remap_job {
  struct row *rows;
  size_t from, to;
  const uint32_t *map;
};

static void *remap_worker(void *p) {
  struct remap_job *j = p;
  for (size_t i = j->from; i < j->to; i++) j->rows[i].key = j->map[j->rows[i].key];
  return NULL;
}

static int cmp_row_asset(const void *a, const void *b) {
  const struct row *x = a, *y = b;
  return x->asset < y->asset ? -1 : x->asset > y->asset;
}

static int intern_all(struct vl_matcher *m, int nt) {
  if (m->unsorted && m->nrows > 1) qsort(m->rows, m->nrows, sizeof(*m->rows), cmp_row_asset);
  uint32_t *pid;
  int rc = platform_numbers(m, &pid);
  if (rc) return rc;
  if (nt <= 1 || m->nrows < 100000) {
    struct intern_job j = {m, pid, 0, m->nrows, {0}, 0};
    intern_worker(&j);
    m->keys = j.local;
    free(pid);
    return j.rc;
  }
  struct intern_job jobs[MAX_THREADS];
  pthread_t th[MAX_THREADS];
  bool started[MAX_THREADS] = {false};
  for (int t = 0; t < nt; t++) {
    jobs[t] = (struct intern_job){m, pid, m->nrows * (size_t)t / (size_t)nt,
                                  m->nrows * (size_t)(t + 1) / (size_t)nt,
                                  {0}, 0};
    if (t && !(started[t] = !pthread_create(&th[t], NULL, intern_worker,
                                            &jobs[t])))
      jobs[t].rc = VL_ENOMEM;
  }
  intern_worker(&jobs[0]);
  /* joined by whether it started: reading a running job's rc would race */
  for (int t = 1; t < nt; t++)
    if (started[t]) pthread_join(th[t], NULL);
  /* Merge: each thread's distinct keys into the global table, then the
   * rows' local numbers into global ones. */
  uint32_t *maps[MAX_THREADS] = {0};
  for (int t = 0; t < nt && !rc; t++) {
    if ((rc = jobs[t].rc)) break;
    if (!(maps[t] = malloc((jobs[t].local.n + 1) * sizeof(uint32_t)))) {
      rc = VL_ENOMEM;
      break;
    }
    for (size_t i = 0; i < jobs[t].local.n && !rc; i++)
      rc = ktab_intern(&m->keys, &jobs[t].local.k[i], &maps[t][i]);
  }
  if (!rc) {
    struct remap_job rj[MAX_THREADS];
    for (int t = 0; t < nt; t++) {
      rj[t] = (struct remap_job){m->rows, jobs[t].from, jobs[t].to, maps[t]};
      if (t && pthread_create(&th[t], NULL, remap_worker, &rj[t])) {
        remap_worker(&rj[t]);
        th[t] = 0;
      }
    }
    remap_worker(&rj[0]);
    for (int t = 1; t < nt; t++)
      if (th[t]) pthread_join(th[t], NULL);
  }
  for (int t = 0; t < nt; t++) {
    ktab_free(&jobs[t].local, false);
    free(maps[t]);
  }
  free(pid);
  return rc;
}

/* --------------------------------------------------------- 2. fetch */

struct fetch {
  struct vl_matcher *m;
  struct plist *list;
  bool by_name;
  struct vl_diag *d;
};

/* Adds row r's criterion to c unless it is there; *out (may be NULL) is
 * the criterion of r in c. */
static int config_put(struct config *c, const struct vl_affected_row *r,
                      struct crit **out) {
  if (out) *out = NULL;
  if (c->n == MAX_CONFIG_ROWS) return VL_ETOOBIG;
  struct crit *had = umap_find(&c->m->crit_by_row, (uint64_t)r->id);
  if (had && had->cfg == c) {
    if (out) *out = had;
    return 0;
  }
  if (had) /* an id seen in another configuration: look here too */
    for (size_t i = 0; i < c->n; i++)
      if (c->c[i]->row_id == r->id) {
        if (out) *out = c->c[i];
        return 0;
      }
  struct crit *k = crit_new(c->m, r, true);
  if (!k) return VL_ENOMEM;
  k->cfg = c;
  if (c->n == c->cap) {
    size_t cap = c->cap ? c->cap * 2 : 4;
    struct crit **nc = realloc(c->c, cap * sizeof(*nc));
    if (!nc) {
      crit_free(k);
      return VL_ENOMEM;
    }
    c->c = nc;
    c->cap = cap;
  }
  c->c[c->n++] = k;
  if (out) *out = k;
  return had ? 0 : umap_put(&c->m->crit_by_row, (uint64_t)r->id, k);
}

static int config_add_row(void *ud, const struct vl_affected_row *r) {
  return config_put(ud, r, NULL);
}

/* The configuration of a row: simple ones hold only the criteria listed
 * by product; others are loaded whole, once. */
static int fetch_cpe_row(void *ud, const struct vl_affected_row *r) {
  struct fetch *f = ud;
  struct vl_matcher *m = f->m;
  /* a row met before (a product's rows again by name): its criterion */
  struct crit *known = umap_find(&m->crit_by_row, (uint64_t)r->id);
  if (known && known->cfg->config == r->a.config && r->vuln &&
      !strcmp(known->cfg->vuln, r->vuln))
    return plist_push(f->list, known);
  uint32_t vno;
  int rc = vintern(m, r->vuln, &vno);
  if (rc) return rc;
  uint64_t ck = (uint64_t)vno << 32 | (uint32_t)r->a.config;
  struct config *c = umap_find(&m->cfg_cache, ck);
  bool simple = !(r->a.config_op && !strcmp(r->a.config_op, "AND")) &&
                !r->a.config_negate &&
                !(r->a.node_op && !strcmp(r->a.node_op, "AND")) &&
                !r->a.node_negate;
  if (!c) {
    if (!(c = pool_alloc(m, sizeof(*c)))) return VL_ENOMEM;
    if ((rc = umap_put(&m->cfg_cache, ck, c))) return rc;
    c->m = m;
    c->vno = vno;
    c->vuln = m->last_vuln; /* vintern's: r->vuln, as m->vulns keeps it */
    c->config = r->a.config;
    c->and_ = r->a.config_op && !strcmp(r->a.config_op, "AND");
    c->negate = r->a.config_negate;
  }
  if (!simple && !c->loaded) {
    c->loaded = true;
    if (m->src.config &&
        (rc = m->src.config(m->src.ud, r->vuln, r->a.config, config_add_row,
                            c, f->d)))
      return rc;
  }
  struct crit *k;
  if ((rc = config_put(c, r, &k))) return rc;
  return k ? plist_push(f->list, k) : 0;
}

static int fetch_pkg_row(void *ud, const struct vl_pkg_row *r) {
  struct fetch *f = ud;
  struct pkgst *p = calloc(1, sizeof(*p));
  if (!p) return VL_ENOMEM;
  int rc = plist_push(f->list, p);
  if (rc) {
    free(p);
    return rc;
  }
  p->vuln = dup(r->vuln);
  if (p->vuln && (rc = vintern(f->m, r->vuln, &p->vno))) return rc;
  p->source = dup(r->source);
  p->ecosystem = dup(r->p.ecosystem);
  p->name = dup(r->p.name);
  p->range_text = dup(r->p.range);
  p->fixed = dup(r->p.fixed);
  if (!p->vuln || !p->ecosystem || !p->name) return VL_ENOMEM;
  if (r->p.range && vl_range_parse(r->p.range, strlen(r->p.range), &p->range,
                                   NULL)) {
    p->range = NULL;
    vl_log(VL_LOG_WARN, "%s: range %s of %s does not parse; it matches "
           "nothing", r->vuln, r->p.range, r->p.name);
  }
  if (p->range) {
    p->scheme = p->range->scheme;
    p->has_scheme = true;
  }
  for (const char *s = r->p.version_list; s && *s;) {
    const char *e = strchr(s, '\n');
    size_t n = e ? (size_t)(e - s) : strlen(s);
    if (n) {
      char **nl = realloc(p->list, (p->nlist + 1) * sizeof(*nl));
      if (!nl) return VL_ENOMEM;
      p->list = nl;
      if (!(p->list[p->nlist] = strndup(s, n))) return VL_ENOMEM;
      p->nlist++;
    }
    s = e ? e + 1 : s + n;
  }
  return 0;
}

static int fetch_dist_row(void *ud, const struct vl_distro_fix *r) {
  struct fetch *f = ud;
  struct dist *x = calloc(1, sizeof(*x));
  if (!x) return VL_ENOMEM;
  int rc = plist_push(f->list, x);
  if (rc) {
    free(x);
    return rc;
  }
  x->distro = dup(r->distro);
  x->release = dup(r->release);
  x->src = dup(r->source_pkg);
  x->vuln = dup(r->vuln_id);
  if (x->vuln && (rc = vintern(f->m, r->vuln_id, &x->vno))) return rc;
  x->status = dup(r->status);
  x->fixed = dup(r->fixed_version);
  x->source = dup(r->source);
  x->urgency = dup(r->urgency);
  if (!x->vuln || !x->status || !x->src) return VL_ENOMEM;
  x->scheme_ok = r->scheme && !vl_scheme_from_name(r->scheme, &x->scheme);
  x->fixed_ok = x->scheme_ok && x->fixed &&
                !vl_version_key(x->scheme, x->fixed, strlen(x->fixed),
                                &x->fixed_key, NULL);
  return 0;
}

struct csaf_fetch {
  struct fetch f;
  bool by_purl;
};

static int fetch_csaf_row(void *ud, const struct vl_product_status *p) {
  struct csaf_fetch *cf = ud;
  if (strcmp(p->status, "known_affected") && strcmp(p->status, "fixed") &&
      strcmp(p->status, "known_not_affected"))
    return 0;
  struct csafst *x = calloc(1, sizeof(*x));
  if (!x) return VL_ENOMEM;
  int rc = plist_push(cf->f.list, x);
  if (rc) {
    free(x);
    return rc;
  }
  x->by_purl = cf->by_purl;
  x->vuln = dup(p->vuln);
  x->doc = dup(p->doc);
  x->publisher = dup(p->publisher);
  x->name = dup(p->name ? p->name : p->product_id);
  x->status = dup(p->status);
  x->justification = dup(p->justification);
  x->remediation = dup(p->remediation);
  if (!x->vuln || !x->status || (p->doc && !x->doc) || !x->name) return VL_ENOMEM;
  if ((rc = vintern(cf->f.m, p->vuln, &x->vno))) return rc;
  if (cf->by_purl && p->purl) {
    const char *at = strchr(p->purl, '@');
    if (at) {
      size_t n = strcspn(at + 1, "?#");
      if (!(x->purl_version = strndup(at + 1, n))) return VL_ENOMEM;
    }
  } else if (!cf->by_purl && p->cpe) {
    struct vl_affected a = {0};
    a.criterion = p->cpe;
    a.config_op = a.node_op = "OR";
    a.vulnerable = true;
    struct vl_affected_row r = {0, p->vuln, a};
    if (!(x->cpe = crit_new(cf->f.m, &r, false))) return VL_ENOMEM;
  }
  return 0;
}

/* Finds or loads the list cached under key. */
static int cached(struct vl_matcher *m, struct smap *cache, const char *key,
                  struct plist **out, bool *fresh) {
  void **slot;
  bool found;
  int rc = smap_get(cache, key, &slot, &found);
  if (rc) return rc;
  *fresh = !*slot;
  if (!*slot && !(*slot = calloc(1, sizeof(struct plist)))) return VL_ENOMEM;
  *out = *slot;
  (void)m;
  return 0;
}

/* A package name without its trailing soname digits ("libcurl4" ->
 * "libcurl", "libssl3" -> "libssl"), or NULL when it has none. */
static const char *soname_base(const char *n, char *buf, size_t size) {
  if (!n) return NULL;
  size_t len = strlen(n);
  while (len && n[len - 1] >= '0' && n[len - 1] <= '9') len--;
  if (len == strlen(n) || len < 3 || len >= size) return NULL;
  memcpy(buf, n, len);
  buf[len] = '\0';
  return buf;
}

/* The name a package is known by in an ecosystem's statements: Maven
 * "group:artifact", npm "@scope/name", Go "module/path". */
/* Appends n bytes of purl text to buf, percent-decoded. */
static size_t pct_copy(char *buf, size_t at, size_t size, const char *p,
                       size_t n) {
  for (size_t i = 0; i < n && at + 1 < size; i++) {
    unsigned hi, lo;
    if (p[i] == '%' && i + 2 < n &&
        sscanf(p + i + 1, "%1x%1x", &hi, &lo) == 2) {
      buf[at++] = (char)(hi * 16 + lo);
      i += 2;
    } else {
      buf[at++] = p[i];
    }
  }
  buf[at] = '\0';
  return at;
}

static void osv_name(const struct vl_software *s, char *buf, size_t size) {
  const char *name = s->name ? s->name : s->product;
  bcat(buf, size, 0, name ? name : "");
  if (!s->purl || strncmp(s->purl, "pkg:", 4)) return;
  /* pkg:type/ns/name@version?q#sub: the namespace is everything between
   * the type and the last segment */
  const char *p = strchr(s->purl + 4, '/');
  if (!p) return;
  p++;
  size_t n = strcspn(p, "@?#");
  const char *last = p + n;
  while (last > p && last[-1] != '/') last--;
  bool mvn = s->ecosystem && !strcmp(s->ecosystem, "maven");
  size_t at = 0;
  if (last > p) {
    at = pct_copy(buf, 0, size, p, (size_t)(last - 1 - p));
    if (at + 1 < size) buf[at++] = mvn ? ':' : '/';
  }
  pct_copy(buf, at, size, last, (size_t)(p + n - last));
}

static int fetch_key(struct vl_matcher *m, struct key *k, struct vl_diag *d) {
  const struct vl_software *s = k->sw;
  char buf[700];
  bool fresh;
  int rc = 0;
  struct fetch f = {m, NULL, false, d};
  if (s->cpe) {
    struct vl_cpe_key ck;
    if (!vl_cpe_key_fs(s->cpe, strlen(s->cpe), &ck, NULL)) {
      bjoin(buf, sizeof(buf), ck.vendor.text, "\x1f", ck.product.text, NULL);
      if ((rc = cached(m, &m->cpe_cache, buf, &k->cpe, &fresh))) return rc;
      f.list = k->cpe;
      if (fresh && m->src.cpe &&
          (rc = m->src.cpe(m->src.ud, ck.vendor.text, ck.product.text,
                           fetch_cpe_row, &f, d)))
        return rc;
    }
  }
  const char *osv_eco = vl_match_osv_ecosystem(s->ecosystem);
  if (osv_eco && m->src.pkg) {
    char name[512];
    osv_name(s, name, sizeof(name));
    bjoin(buf, sizeof(buf), osv_eco, "\x1f", name, NULL);
    if ((rc = cached(m, &m->pkg_cache, buf, &k->pkg, &fresh))) return rc;
    f.list = k->pkg;
    if (fresh && (rc = m->src.pkg(m->src.ud, osv_eco, name, fetch_pkg_row, &f,
                                  d)))
      return rc;
  }
  const char *srcpkg = s->source_name ? s->source_name : s->name;
  if (is_distro_eco(s->ecosystem) && k->distro && k->release && srcpkg &&
      m->src.distro) {
    bjoin(buf, sizeof(buf), k->distro, "\x1f", k->release, srcpkg);
    if ((rc = cached(m, &m->dist_cache, buf, &k->dist, &fresh))) return rc;
    f.list = k->dist;
    if (fresh && (rc = m->src.distro(m->src.ud, k->distro, k->release, srcpkg,
                                     fetch_dist_row, &f, d)))
      return rc;
  }
  if (m->src.csaf && (s->cpe || s->purl)) {
    struct csaf_fetch cf = {{m, NULL, false, d}, false};
    struct vl_cpe_key ck;
    if (s->cpe && !vl_cpe_key_fs(s->cpe, strlen(s->cpe), &ck, NULL)) {
      snprintf(buf, sizeof(buf), "C\x1f%s:%s", ck.vendor.text, ck.product.text);
      if ((rc = cached(m, &m->csaf_cache, buf, &k->csaf_cpe, &fresh)))
        return rc;
      cf.f.list = k->csaf_cpe;
      snprintf(buf, sizeof(buf), "%s:%s", ck.vendor.text, ck.product.text);
      if (fresh &&
          (rc = m->src.csaf(m->src.ud, NULL, buf, fetch_csaf_row, &cf, d)))
        return rc;
    }
    if (s->purl) {
      /* the package without version, qualifiers or subpath */
      char pb[600];
      snprintf(pb, sizeof(pb), "%.*s", (int)strcspn(s->purl, "@?#"), s->purl);
      snprintf(buf, sizeof(buf), "P\x1f%s", pb);
      if ((rc = cached(m, &m->csaf_cache, buf, &k->csaf_purl, &fresh)))
        return rc;
      cf.f.list = k->csaf_purl;
      cf.by_purl = true;
      if (fresh &&
          (rc = m->src.csaf(m->src.ud, pb, NULL, fetch_csaf_row, &cf, d))) {
        /* a purl the statements' index cannot read names none */
        if (rc != VL_EINVAL) return rc;
        vl_diag_clear(d);
        rc = 0;
      }
    }
  }
  /* A package without a CPE: NVD by its name and its source package's. */
  if (!s->cpe && s->ecosystem && m->src.cpe_name) {
    char b[256];
    const char *names[3] = {s->name, s->source_name,
                            soname_base(s->name, b, sizeof(b))};
    struct plist **lists[3] = {&k->name, &k->srcname, &k->basename};
    for (int i = 0; i < 3; i++) {
      if (!names[i] || (i && s->name && !strcmp(s->name, names[i])) ||
          (i == 2 && s->source_name && !strcmp(s->source_name, names[i])))
        continue;
      if ((rc = cached(m, &m->name_cache, names[i], lists[i], &fresh)))
        return rc;
      f.list = *lists[i];
      if (fresh && (rc = m->src.cpe_name(m->src.ud, names[i], fetch_cpe_row,
                                         &f, d)))
        return rc;
    }
  }
  return 0;
}

/* ------------------------------------------------------- 3. compare (MT) */

static int push_verdict(struct key *k, const struct verdict *v) {
  if ((k->nv & (k->nv - 1)) == 0) {
    size_t cap = k->nv ? k->nv * 2 : 1;
    struct verdict *nv = realloc(k->v, cap * sizeof(*nv));
    if (!nv) return VL_ENOMEM;
    k->v = nv;
  }
  k->v[k->nv++] = *v;
  return 0;
}

static char *fmt(const char *f, ...) __attribute__((format(printf, 1, 2)));
static char *fmt(const char *f, ...) {
  char buf[2048];
  va_list ap;
  va_start(ap, f);
  vsnprintf(buf, sizeof(buf), f, ap);
  va_end(ap);
  return strdup(buf);
}

/* The upstream part of a distribution version: "1:7.88.1-10+deb12u4" ->
 * "7.88.1", "8.4.0-r0" -> "8.4.0". */
static void upstream(const char *v, char *buf, size_t size) {
  const char *c = strchr(v, ':');
  if (c) v = c + 1;
  bcat(buf, size, 0, v);
  char *dash = strrchr(buf, '-');
  if (dash) *dash = '\0';
}

static int cmp_nvd(struct key *k, const struct inst *in, struct plist *l,
                   enum src_kind src) {
  const struct vl_software *s = k->sw;
  for (size_t i = 0; l && i < l->n; i++) {
    struct crit *c = l->v[i];
    k->examined++;
    bool hit = src == S_NVD ? crit_matches(c, in) : crit_matches_name(c, in);
    if (!hit) continue;
    if (!c->simple) {
      if (src != S_NVD) continue;
      struct crit **ncm = realloc(k->cm, (k->ncm + 1) * sizeof(*ncm));
      if (!ncm) return VL_ENOMEM;
      k->cm = ncm;
      k->cm[k->ncm++] = c;
      continue;
    }
    if (!c->vulnerable) continue;
    struct verdict v = {0};
    v.vuln = c->cfg->vuln;
    v.vno = c->cfg->vno;
    v.src = src;
    v.criterion = c->criterion;
    v.bound = c->bound;
    v.installed = src == S_NVD ? in->version : s->version;
    v.fixv = c->fix;
    v.conf = src == S_NVD ? 1.0 : 0.5;
    v.kind = src == S_NVD ? V_NVD : V_NVDNAME;
    v.k = k;
    v.st = c;
    if (push_verdict(k, &v)) return VL_ENOMEM;
  }
  return 0;
}

static int cmp_pkg(struct key *k) {
  const struct vl_software *s = k->sw;
  const char *ver = s->version;
  if (!k->pkg || !ver) return 0;
  for (size_t i = 0; i < k->pkg->n; i++) {
    struct pkgst *p = k->pkg->v[i];
    k->examined++;
    bool hit = false;
    const char *how = NULL;
    for (size_t j = 0; j < p->nlist && !hit; j++)
      if (!strcmp(p->list[j], ver)) hit = true, how = "listed version";
    if (!hit && p->range) {
      struct vl_verkey vk;
      bool in = false;
      if (!vl_range_version_key(p->range, ver, &vk, NULL) &&
          !vl_range_contains(p->range, &vk, &in) && in)
        hit = true, how = "range";
    }
    if (!hit) continue;
    struct verdict v = {0};
    v.vuln = p->vuln;
    v.vno = p->vno;
    v.src = S_OSV;
    v.conf = 0.9;
    v.criterion = p->range_text;
    v.bound = p->range_text;
    v.installed = ver;
    v.fixv = p->fixed;
    v.kind = strcmp(how, "range") ? V_PKG_LIST : V_PKG_RANGE;
    v.k = k;
    v.st = p;
    if (push_verdict(k, &v)) return VL_ENOMEM;
  }
  return 0;
}

static int cmp_dist(struct key *k) {
  const struct vl_software *s = k->sw;
  const char *ver = s->source_version ? s->source_version : s->version;
  if (!k->dist || !ver) return 0;
  /* the installed version, parsed once in the scheme of the statements
   * (one per distribution: re-parsed only when it changes) */
  struct vl_verkey ik;
  enum vl_scheme ik_scheme = VL_SCHEME_GENERIC;
  bool ik_have = false, ik_ok = false;
  size_t ver_len = strlen(ver);
  for (size_t i = 0; i < k->dist->n; i++) {
    struct dist *x = k->dist->v[i];
    k->examined++;
    struct verdict v = {0};
    v.vuln = x->vuln;
    v.vno = x->vno;
    v.src = S_DISTRO;
    v.installed = ver;
    v.criterion = NULL;
    if (!strcmp(x->status, "not-affected") ||
        (x->fixed && !strcmp(x->fixed, "0"))) {
      v.fix = true;
      v.conf = 1.0;
      v.kind = V_DIST_NOTAFF;
    } else if (!strcmp(x->status, "fixed")) {
      if (x->fixed_ok && (!ik_have || ik_scheme != x->scheme)) {
        ik_ok = !vl_version_key(x->scheme, ver, ver_len, &ik, NULL);
        ik_scheme = x->scheme;
        ik_have = true;
      }
      if (!x->fixed_ok || !ik_ok) {
        vl_log(VL_LOG_WARN, "%s %s %s %s: version %s or %s does not parse in "
               "%s; not compared", x->distro, x->release, x->src, x->vuln,
               ver, x->fixed ? x->fixed : "(none)",
               x->scheme_ok ? vl_scheme_name(x->scheme) : "its scheme");
        continue;
      }
      v.fixv = x->fixed;
      v.conf = 1.0;
      if (vl_verkey_cmp(&ik, &x->fixed_key) >= 0) {
        v.fix = true;
        v.kind = V_DIST_FIXED;
      } else {
        v.bound = x->fixed;
        v.kind = V_DIST_OPEN;
      }
    } else {
      bool open = !strcmp(x->status, "open");
      v.conf = open ? 0.9 : 0.5;
      v.kind = V_DIST_NOFIX;
    }
    v.k = k;
    v.st = x;
    if (push_verdict(k, &v)) return VL_ENOMEM;
  }
  return 0;
}

static int cmp_csaf(struct key *k, const struct inst *in) {
  const struct vl_software *s = k->sw;
  struct plist *lists[2] = {k->csaf_cpe, k->csaf_purl};
  for (int li = 0; li < 2; li++)
    for (size_t i = 0; lists[li] && i < lists[li]->n; i++) {
      struct csafst *x = lists[li]->v[i];
      k->examined++;
      bool applies;
      if (x->by_purl)
        applies = !x->purl_version ||
                  (s->version && !strcmp(x->purl_version, s->version));
      else
        applies = x->cpe && in->k_ok && crit_matches(x->cpe, in);
      if (!applies) continue;
      struct verdict v = {0};
      v.vuln = x->vuln;
      v.vno = x->vno;
      v.src = S_CSAF;
      v.installed = s->version;
      v.criterion = x->by_purl ? NULL : x->cpe->criterion;
      bool affected = !strcmp(x->status, "known_affected");
      v.fix = !affected;
      v.conf = affected ? 0.9 : 0.95;
      v.kind = V_CSAF;
      v.k = k;
      v.st = x;
      if (push_verdict(k, &v)) return VL_ENOMEM;
    }
  return 0;
}

/* The version a package mapped to NVD by name is compared at: the
 * upstream part of a distribution package's (source) version. */
static void name_version(const struct vl_software *s, char *up, size_t size) {
  const char *v = s->source_version ? s->source_version : s->version;
  if (is_distro_eco(s->ecosystem))
    upstream(v, up, size);
  else
    bcat(up, size, 0, v);
}

/* Writes the evidence and statement of a comparison's verdict, once (the
 * first time it is emitted; called from one thread). */
static int verdict_text(struct verdict *v) {
  if (v->kind == V_DONE) return 0;
  const struct vl_software *s = v->k->sw;
  char *ev = NULL, *stm = NULL;
  switch (v->kind) {
  case V_NVD:
  case V_NVDNAME: {
    const struct crit *c = v->st;
    if (v->kind == V_NVD) {
      ev = c->bound
          ? fmt("installed %s (version %s) matches NVD criterion %s with "
                "version %s", s->cpe, v->installed, c->criterion, c->bound)
          : fmt("installed %s (version %s) matches NVD criterion %s", s->cpe,
                v->installed, c->criterion);
    } else {
      char up[VL_VERSION_MAX + 1];
      name_version(s, up, sizeof(up));
      ev = fmt("package %s %s (upstream version %s) mapped by name to "
               "NVD criterion %s%s%s; lower confidence: the vendor is "
               "not known",
               s->name ? s->name : s->product, s->version, up, c->criterion,
               c->bound ? " with version " : "", c->bound ? c->bound : "");
    }
    stm = c->bound ? fmt("NVD %s: %s versions %s", c->cfg->vuln, c->criterion,
                         c->bound)
                   : fmt("NVD %s: %s", c->cfg->vuln, c->criterion);
    break;
  }
  case V_PKG_LIST:
  case V_PKG_RANGE: {
    const struct pkgst *p = v->st;
    bool range = v->kind == V_PKG_RANGE;
    ev = fmt("package %s %s %s is inside %s %s of %s (%s)%s%s", p->ecosystem,
             p->name, v->installed, range ? "the range" : "the",
             range ? p->range_text : "listed versions", p->vuln, p->source,
             p->fixed ? "; fixed in " : "", p->fixed ? p->fixed : "");
    stm = fmt("%s %s %s: %s%s%s", p->source, p->ecosystem, p->name,
              p->range_text ? p->range_text : "listed versions",
              p->fixed ? ", fixed in " : ", no fix yet",
              p->fixed ? p->fixed : "");
    break;
  }
  case V_DIST_NOTAFF:
  case V_DIST_FIXED:
  case V_DIST_OPEN:
  case V_DIST_NOFIX: {
    const struct dist *x = v->st;
    const char *pkg = s->name ? s->name : s->product, *ver = v->installed;
    if (v->kind == V_DIST_NOTAFF) {
      stm = fmt("%s %s: %s is not affected by %s (%s)", x->distro, x->release,
                x->src, x->vuln, x->source);
      if (!stm) return VL_ENOMEM;
      v->statement = stm;
      v->kind = V_DONE;
      return 0;
    }
    if (v->kind == V_DIST_NOFIX) {
      bool open = !strcmp(x->status, "open");
      stm = fmt("%s %s: %s %s %s, no fix yet (%s)", x->distro, x->release,
                x->src, x->vuln, open ? "open" : "undetermined", x->source);
      ev = fmt("installed %s %s (source %s): %s %s says %s for %s, no "
               "fix yet (%s)", pkg, ver, x->src, x->distro, x->release,
               x->status, x->vuln, x->source);
      break;
    }
    stm = fmt("%s %s: %s %s fixed in %s (%s)", x->distro, x->release, x->src,
              x->vuln, x->fixed, x->source);
    if (v->kind == V_DIST_FIXED)
      ev = fmt("installed %s %s (source %s) >= %s", pkg, ver, x->src,
               x->fixed);
    else
      ev = fmt("installed %s %s (source %s) %s < fixed version %s "
               "(%s %s, %s)", pkg, ver, x->src, vl_scheme_name(x->scheme),
               x->fixed, x->distro, x->release, x->source);
    break;
  }
  case V_CSAF: {
    const struct csafst *x = v->st;
    stm = fmt("CSAF %s (%s): %s %s%s%s%s%s", x->doc ? x->doc : "?",
              x->publisher ? x->publisher : "?", x->name, x->status,
              x->justification ? ", " : "",
              x->justification ? x->justification : "",
              x->remediation ? "; remediation: " : "",
              x->remediation ? x->remediation : "");
    ev = fmt("installed %s %s is named by %s as %s for %s",
             s->cpe ? s->cpe : s->purl, s->version ? s->version : "?",
             x->doc ? x->doc : "a CSAF document", x->status, x->vuln);
    break;
  }
  case V_DONE:
    return 0;
  }
  if (!ev || !stm) {
    free(ev);
    free(stm);
    return VL_ENOMEM;
  }
  v->evidence = ev;
  v->statement = stm;
  v->kind = V_DONE;
  return 0;
}

static int compare_key(struct key *k) {
  const struct vl_software *s = k->sw;
  struct inst in;
  memset(&in, 0, sizeof(in));
  int rc;
  char up[VL_VERSION_MAX + 1];
  if (s->cpe && k->cpe) {
    in.cpe = s->cpe;
    in.k_ok = !vl_cpe_key_fs(s->cpe, strlen(s->cpe), &in.k, NULL);
    in.version = s->version ? s->version : "";
    in.gkey_ok = !vl_version_key(VL_SCHEME_GENERIC, in.version,
                                 strlen(in.version), &in.gkey, NULL);
    if ((rc = cmp_nvd(k, &in, k->cpe, S_NVD))) return rc;
  }
  if (k->csaf_cpe || k->csaf_purl) {
    if (s->cpe && !in.cpe) {
      in.cpe = s->cpe;
      in.k_ok = !vl_cpe_key_fs(s->cpe, strlen(s->cpe), &in.k, NULL);
      in.version = s->version ? s->version : "";
      in.gkey_ok = !vl_version_key(VL_SCHEME_GENERIC, in.version,
                                   strlen(in.version), &in.gkey, NULL);
    }
    if ((rc = cmp_csaf(k, &in))) return rc;
  }
  if ((rc = cmp_pkg(k)) || (rc = cmp_dist(k))) return rc;
  if ((k->name || k->srcname || k->basename) && s->version) {
    name_version(s, up, sizeof(up));
    in.version = up;
    in.gkey_ok = !vl_version_key(VL_SCHEME_GENERIC, up, strlen(up), &in.gkey,
                                 NULL);
    if ((rc = cmp_nvd(k, &in, k->name, S_NVDNAME)) ||
        (rc = cmp_nvd(k, &in, k->srcname, S_NVDNAME)) ||
        (rc = cmp_nvd(k, &in, k->basename, S_NVDNAME)))
      return rc;
  }
  return 0;
}

struct cmp_job {
  struct key *k;
  size_t from, to;
  int rc;
};

static int cmp_crit_ptr(const void *a, const void *b) {
  uintptr_t x = (uintptr_t) * (struct crit *const *)a,
            y = (uintptr_t) * (struct crit *const *)b;
  return x < y ? -1 : x > y;
}

/* Puts a key's finding verdicts before its fix statements, each in the
 * order found (the fan-out gathers them in two passes). */
static int partition_fix(struct key *k) {
  size_t nf = 0;
  for (size_t i = 0; i < k->nv; i++) nf += !k->v[i].fix;
  k->nfind = nf;
  if (nf == 0 || nf == k->nv) return 0;
  struct verdict *t = malloc(k->nv * sizeof(*t));
  if (!t) return VL_ENOMEM;
  size_t a = 0, b = nf;
  for (size_t i = 0; i < k->nv; i++) t[k->v[i].fix ? b++ : a++] = k->v[i];
  memcpy(k->v, t, k->nv * sizeof(*t));
  free(t);
  return 0;
}

/* Compares one key and prepares what the fan-out reads of it. */
static int compare_one(struct key *k) {
  int rc = compare_key(k);
  if (!rc) rc = partition_fix(k);
  /* sorted, so that an asset's evaluation looks a criterion up */
  if (!rc && k->ncm > 1) qsort(k->cm, k->ncm, sizeof(*k->cm), cmp_crit_ptr);
  size_t nt = 0;
  for (size_t q = 0; !rc && q < k->ncm; q++)
    nt += k->cm[q]->vulnerable && !k->cm[q]->node_negate;
  if (!rc && nt && !(k->trig = malloc(nt * sizeof(*k->trig)))) rc = VL_ENOMEM;
  for (size_t q = 0; !rc && nt && q < k->ncm; q++)
    if (k->cm[q]->vulnerable && !k->cm[q]->node_negate)
      k->trig[k->ntrig++] = k->cm[q];
  return rc;
}

static void *compare_worker(void *p) {
  struct cmp_job *j = p;
  for (size_t i = j->from; i < j->to && !j->rc; i++) j->rc = compare_one(&j->k[i]);
  return NULL;
}

/* Fetch and compare overlapped, with threads: the calling thread fetches
 * the keys in order (the sources are called from it alone) and publishes
 * how many are done; the other threads compare fetched keys in chunks,
 * and the calling thread joins them when fetching ends.  A key's
 * comparison reads what its own fetch and earlier ones built (its lists,
 * their criteria and statements), which later fetches never change: a
 * cached list is filled once, by the fetch that created it; criteria,
 * configurations' ids and numbers, statements are written before they are
 * listed.  So the verdicts equal those of fetching everything first. */
struct cmp_pipe {
  struct vl_matcher *m;
  pthread_mutex_t mu;
  pthread_cond_t cv;        /* signalled when fetched or stop change */
  size_t fetched;           /* keys fetched (under mu) */
  bool stop;                /* fetching has ended, done or failed (under mu) */
  atomic_size_t next;       /* the first key of the next chunk to compare */
  atomic_int rc;            /* the first comparison error, or 0 */
};

#define CMP_CHUNK 64        /* keys a comparing thread takes at a time */
#define FETCH_PUBLISH 256   /* keys fetched between publications */

static void pipe_compare(struct cmp_pipe *p) {
  size_t n = p->m->keys.n;
  while (!atomic_load(&p->rc)) {
    size_t a = atomic_fetch_add(&p->next, CMP_CHUNK);
    if (a >= n) return;
    size_t b = n - a > CMP_CHUNK ? a + CMP_CHUNK : n;
    pthread_mutex_lock(&p->mu);
    while (p->fetched < b && !p->stop) pthread_cond_wait(&p->cv, &p->mu);
    bool ready = p->fetched >= b;
    pthread_mutex_unlock(&p->mu);
    if (!ready) return;     /* fetching failed */
    for (size_t i = a; i < b; i++) {
      int rc = compare_one(&p->m->keys.k[i]);
      if (rc) {
        int none = 0;
        atomic_compare_exchange_strong(&p->rc, &none, rc);
        return;
      }
    }
  }
}

static void *pipe_worker(void *p) {
  pipe_compare(p);
  return NULL;
}

static void pipe_publish(struct cmp_pipe *p, size_t fetched, bool stop) {
  pthread_mutex_lock(&p->mu);
  p->fetched = fetched;
  p->stop = stop;
  pthread_cond_broadcast(&p->cv);
  pthread_mutex_unlock(&p->mu);
}

/* Fetches every key and compares them, ct threads (ct > 1) overlapping
 * the two.  Returns a fetch's error as is (d set), a comparison's as its
 * code. */
static int fetch_compare(struct vl_matcher *m, int ct, struct vl_diag *d,
                         int *cmp_rc) {
  struct cmp_pipe p = {.m = m};
  atomic_init(&p.next, 0);
  atomic_init(&p.rc, 0);
  *cmp_rc = 0;
  if (pthread_mutex_init(&p.mu, NULL)) return VL_ENOMEM;
  if (pthread_cond_init(&p.cv, NULL)) {
    pthread_mutex_destroy(&p.mu);
    return VL_ENOMEM;
  }
  pthread_t th[MAX_THREADS];
  bool started[MAX_THREADS] = {false};
  for (int t = 1; t < ct; t++)
    started[t] = !pthread_create(&th[t], NULL, pipe_worker, &p);
  int rc = 0;
  size_t n = m->keys.n;
  for (size_t i = 0; i < n && !rc; i++) {
    rc = fetch_key(m, &m->keys.k[i], d);
    if (!rc && (i + 1) % FETCH_PUBLISH == 0 && i + 1 < n)
      pipe_publish(&p, i + 1, false);
  }
  pipe_publish(&p, rc ? p.fetched : n, true);
  if (!rc) pipe_compare(&p);
  for (int t = 1; t < ct; t++)
    if (started[t]) pthread_join(th[t], NULL);
  *cmp_rc = atomic_load(&p.rc);
  pthread_cond_destroy(&p.cv);
  pthread_mutex_destroy(&p.mu);
  return rc;
}

/* ------------------------------------------------------ 4. fan out (MT) */

struct avd {                /* a verdict on one row of the asset */
  uint64_t sk;              /* sort key: vno (high 32 bits), the row in the
                               asset (AVD_ROW_BITS), source (3 bits), fix
                               statement (lowest bit: every finding of a
                               row is gathered before its fixes, so the
                               bit keeps the gathering order) */
  const struct verdict *v;
};

/* 16 bytes an entry, sorted for every asset: the row and v->fix are in
 * the sort key, not beside it.  An asset may carry 2^28 rows. */
#define AVD_ROW_BITS 28
#define AVD_ROW_MAX ((size_t)1 << AVD_ROW_BITS)

/* What the fan-out reads of a key's verdict: packed beside the key's
 * others (struct khot), so that a row costs no visit to the verdicts. */
struct vref {
  uint32_t vno;
  unsigned char src;        /* enum src_kind */
  bool fix;
};

/* What the fan-out reads of a key. */
struct khot {
  struct verdict *v;        /* the key's verdicts */
  uint32_t off;             /* its first struct vref in the matcher's pool */
  uint32_t nfind, nv;
  bool trig;                /* it matches a criterion of a complex
                               configuration that can make a finding */
  bool cm;                  /* it matches any such criterion (ncm > 0) */
};

#define AVD_VNO(a) ((uint32_t)((a)->sk >> 32))
#define AVD_FIX(a) ((bool)((a)->sk & 1))
/* the row (an index of m->rows) of an entry of job j's asset */
#define AVD_ROW(j, a) \
  ((j)->a0 + (size_t)(((a)->sk >> 4) & (AVD_ROW_MAX - 1)))

/* Sorts av[0..n) by sk, stably (equal keys keep the order they were
 * gathered in, which decides the best of a row's equal verdicts);
 * tmp holds n entries.  A bottom-up merge sort on integer keys: no
 * comparison callback, no pointer chasing. */
static void avd_sort(struct avd *av, struct avd *tmp, size_t n) {
  /* runs of 8 by insertion */
  for (size_t b = 0; b < n; b += 8) {
    size_t e = b + 8 < n ? b + 8 : n;
    for (size_t i = b + 1; i < e; i++) {
      struct avd x = av[i];
      size_t q = i;
      while (q > b && av[q - 1].sk > x.sk) {
        av[q] = av[q - 1];
        q--;
      }
      av[q] = x;
    }
  }
  struct avd *src = av, *dst = tmp;
  for (size_t w = 8; w < n; w *= 2) {
    for (size_t b = 0; b < n; b += 2 * w) {
      size_t mid = b + w < n ? b + w : n, e = b + 2 * w < n ? b + 2 * w : n;
      size_t x = b, y = mid, o = b;
      while (x < mid && y < e) dst[o++] = src[y].sk < src[x].sk ? src[y++] : src[x++];
      while (x < mid) dst[o++] = src[x++];
      while (y < e) dst[o++] = src[y++];
    }
    struct avd *t = src;
    src = dst;
    dst = t;
  }
  if (src != av) memcpy(av, src, n * sizeof(*av));
}

struct out {                /* one emitted verdict */
  size_t row;
  const struct verdict *f;  /* the finding */
  const struct verdict *s;  /* what suppresses it, or NULL */
};

struct fan_job {
  struct vl_matcher *m;
  size_t from, to;          /* rows */
  size_t a0;                /* the first row of the asset being fanned out */
  struct out *o;
  size_t no, capo;
  struct verdict **own;     /* verdicts made here (complex, changelog) */
  size_t nown, capown;
  struct avd *av, *avtmp;   /* avtmp: capav entries, for the sort */
  size_t nav, capav;
  int rc;
  bool evidence;            /* may call src.evidence (one thread only) */
  struct vl_diag *d;
  /* the vulnerabilities the asset has a finding verdict for: a bitmap
   * by number (vwords words), and the numbers set, cleared per asset */
  uint64_t *vbits;
  size_t vwords;
  uint32_t *vlist;
  size_t nvlist, capvlist;
  /* the calling thread's job (whose verdicts come first) hands them to
   * the callback as it goes, instead of keeping them all for the end;
   * cb NULL for the other threads' jobs (borrowed) */
  vl_match_hit_cb cb;
  void *ud;
  struct vl_match_stats *st;
};

/* Adds vno to the asset's set. */
static int vset_add(struct fan_job *j, uint32_t vno) {
  size_t w = vno >> 6;
  if (w >= j->vwords) {
    size_t nw = j->vwords ? j->vwords : 1024;
    while (nw <= w) nw *= 2;
    uint64_t *nb = realloc(j->vbits, nw * sizeof(*nb));
    if (!nb) return VL_ENOMEM;
    memset(nb + j->vwords, 0, (nw - j->vwords) * sizeof(*nb));
    j->vbits = nb;
    j->vwords = nw;
  }
  uint64_t bit = (uint64_t)1 << (vno & 63);
  if (j->vbits[w] & bit) return 0;
  if (j->nvlist == j->capvlist) {
    size_t cap = j->capvlist ? j->capvlist * 2 : 256;
    uint32_t *nl = realloc(j->vlist, cap * sizeof(*nl));
    if (!nl) return VL_ENOMEM;
    j->vlist = nl;
    j->capvlist = cap;
  }
  j->vbits[w] |= bit;
  j->vlist[j->nvlist++] = vno;
  return 0;
}

static bool vset_has(const struct fan_job *j, uint32_t vno) {
  size_t w = vno >> 6;
  return w < j->vwords && (j->vbits[w] >> (vno & 63) & 1);
}

static void vset_clear(struct fan_job *j) {
  for (size_t i = 0; i < j->nvlist; i++)
    j->vbits[j->vlist[i] >> 6] = 0;
  j->nvlist = 0;
}

static int av_push(struct fan_job *j, size_t row, const struct verdict *v,
                   uint32_t vno, unsigned src, bool fix) {
  if (j->nav == j->capav) {
    size_t cap = j->capav ? j->capav * 2 : 64;
    struct avd *n = realloc(j->av, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    j->av = n;
    if (!(n = realloc(j->avtmp, cap * sizeof(*n)))) return VL_ENOMEM;
    j->avtmp = n;
    j->capav = cap;
  }
  j->av[j->nav++] = (struct avd){
      (uint64_t)vno << 32 | (uint64_t)(row - j->a0) << 4 |
          (uint64_t)(src & 7) << 1 | (uint64_t)fix,
      v};
  return 0;
}

static struct verdict *own_new(struct fan_job *j) {
  if (j->nown == j->capown) {
    size_t cap = j->capown ? j->capown * 2 : 16;
    struct verdict **n = realloc(j->own, cap * sizeof(*n));
    if (!n) return NULL;
    j->own = n;
    j->capown = cap;
  }
  struct verdict *v = calloc(1, sizeof(*v));
  if (v) j->own[j->nown++] = v;
  return v;
}

/* Complex configurations touched by the asset's rows [a0, a1): evaluated
 * as a whole with every criterion the asset's keys match.  When one holds,
 * each vulnerable criterion of a holding, non-negated node that a row
 * matches becomes a verdict of that row. */

/* Whether key k matches criterion c (k->cm is sorted). */
static bool key_has(const struct key *k, const struct crit *c) {
  size_t lo = 0, hi = k->ncm;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if ((uintptr_t)k->cm[mid] < (uintptr_t)c) lo = mid + 1;
    else hi = mid;
  }
  return lo < k->ncm && k->cm[lo] == c;
}

/* The first of the asset's rows (those whose keys match complex criteria,
 * crow[0..n), ascending) matching c, or SIZE_MAX. */
static size_t pair_row(const struct vl_matcher *m, const size_t *crow,
                       size_t n, const struct crit *c) {
  for (size_t i = 0; i < n; i++)
    if (key_has(&m->keys.k[m->rows[crow[i]].key], c)) return crow[i];
  return SIZE_MAX;
}

static int eval_complex(struct fan_job *j, size_t a0, size_t a1) {
  struct vl_matcher *m = j->m;
  struct plist seen = {0};
  int rc = 0;
  /* the asset's rows whose keys match criteria of such configurations */
  size_t np = 0;
  for (size_t r = a0; r < a1; r++) np += m->hot[m->rows[r].key].cm;
  size_t *pairs = malloc((np + 1) * sizeof(*pairs));
  if (!pairs) return VL_ENOMEM;
  np = 0;
  for (size_t r = a0; r < a1; r++)
    if (m->hot[m->rows[r].key].cm) pairs[np++] = r;
  /* Only a matched vulnerable criterion can make a finding: platforms
   * alone (a host's OS matches every running-on configuration naming it)
   * trigger nothing. */
  for (size_t r = a0; r < a1 && !rc; r++) {
    if (!m->hot[m->rows[r].key].trig) continue;
    struct key *k = &m->keys.k[m->rows[r].key];
    for (size_t i = 0; i < k->ntrig && !rc; i++) {
      struct config *c = k->trig[i]->cfg;
      bool dup_ = false;
      for (size_t s = 0; s < seen.n && !dup_; s++) dup_ = seen.v[s] == c;
      if (dup_) continue;
      if ((rc = plist_push(&seen, c))) break;
      /* mrow[ci]: the first row of the asset matching criterion ci */
      size_t *mrow = malloc((c->n + 1) * sizeof(size_t));
      bool *nodeval = malloc((c->n + 1) * sizeof(bool));
      if (!mrow || !nodeval) {
        free(mrow);
        free(nodeval);
        rc = VL_ENOMEM;
        break;
      }
      for (size_t ci = 0; ci < c->n; ci++)
        mrow[ci] = pair_row(m, pairs, np, c->c[ci]);
      bool val = c->and_;
      for (size_t ci = 0; ci < c->n;) {
        size_t cj = ci;
        while (cj < c->n && c->c[cj]->node == c->c[ci]->node) cj++;
        bool nand = c->c[ci]->node_and, nv = nand;
        for (size_t q = ci; q < cj; q++) {
          bool hit = mrow[q] != SIZE_MAX;
          nv = nand ? (nv && hit) : (nv || hit);
        }
        if (c->c[ci]->node_negate) nv = !nv;
        for (size_t q = ci; q < cj; q++) nodeval[q] = nv;
        val = c->and_ ? (val && nv) : (val || nv);
        ci = cj;
      }
      if (c->negate) val = !val;
      for (size_t ci = 0; val && ci < c->n && !rc; ci++) {
        struct crit *cr = c->c[ci];
        if (!cr->vulnerable || cr->node_negate || mrow[ci] == SIZE_MAX ||
            (!c->and_ && !nodeval[ci]))
          continue;
        const struct vl_software *s = m->rows[mrow[ci]].sw;
        struct verdict *v = own_new(j);
        if (!v) {
          rc = VL_ENOMEM;
          break;
        }
        v->vuln = c->vuln;
        v->vno = c->vno;
        v->src = S_NVD;
        v->conf = 1.0;
        v->criterion = cr->criterion;
        v->bound = cr->bound;
        v->fixv = cr->fix;
        v->installed = s->version;
        v->evidence = cr->bound
            ? fmt("installed %s (version %s) matches NVD criterion %s with "
                  "version %s", s->cpe, s->version, cr->criterion, cr->bound)
            : fmt("installed %s (version %s) matches NVD criterion %s",
                  s->cpe, s->version, cr->criterion);
        v->statement = fmt("NVD %s configuration %d (%s of %zu criteria) "
                           "holds on the asset", c->vuln, c->config + 1,
                           c->and_ ? "AND" : "OR", c->n);
        if (!v->evidence || !v->statement) rc = VL_ENOMEM;
        else rc = av_push(j, mrow[ci], v, v->vno, v->src, v->fix);
      }
      free(mrow);
      free(nodeval);
    }
  }
  free(pairs);
  free(seen.v);
  return rc;
}

static int ev_cb(void *ud, const struct vl_fix_evidence *e);

struct ev_ctx {
  struct fan_job *j;
  size_t row;
};

static int ev_cb(void *ud, const struct vl_fix_evidence *e) {
  struct ev_ctx *x = ud;
  struct fan_job *j = x->j;
  const struct vl_software *s = j->m->rows[x->row].sw;
  struct verdict *v = own_new(j);
  if (!v) return VL_ENOMEM;
  v->src = S_CHANGELOG;
  v->fix = true;
  v->conf = 0.7;
  v->installed = s->version;
  v->vuln = NULL;
  v->statement = fmt("changelog of %s %s names %s as fixed in %s (%s line %ld)",
                     s->name ? s->name : s->product,
                     s->version ? s->version : "?", e->vuln,
                     e->version ? e->version : "?", e->file ? e->file : "?",
                     e->line);
  v->evidence = dup(e->vuln); /* the vulnerability, owned */
  if (!v->statement || !v->evidence) return VL_ENOMEM;
  v->vuln = v->evidence;
  int rc = vintern(j->m, e->vuln, &v->vno);
  if (rc) return rc;
  return av_push(j, x->row, v, v->vno, v->src, v->fix);
}

static bool related(const struct vl_software *fix,
                    const struct vl_software *f) {
  /* A fix statement about package fix covers f when f is a product of the
   * same name on the asset (CPE product or package; a library package's
   * name without its soname digits). */
  char b[256];
  const char *fn[3] = {fix->name, fix->source_name,
                       soname_base(fix->name, b, sizeof(b))};
  const char *pn[3] = {f->product, f->name, f->source_name};
  for (int a = 0; a < 3; a++)
    for (int c = 0; c < 3; c++)
      if (fn[a] && pn[c] && !strcmp(fn[a], pn[c])) return true;
  return false;
}

static int out_push(struct fan_job *j, size_t row, const struct verdict *f,
                    const struct verdict *s) {
  if (j->no == j->capo) {
    size_t cap = j->capo ? j->capo * 2 : 256;
    struct out *n = realloc(j->o, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    j->o = n;
    j->capo = cap;
  }
  j->o[j->no++] = (struct out){row, f, s};
  return 0;
}

static int fan_asset(struct fan_job *j, size_t a0, size_t a1) {
  struct vl_matcher *m = j->m;
  j->nav = 0;
  int rc = 0;
  bool complex = false;
  if (a1 - a0 > AVD_ROW_MAX) return VL_ETOOBIG; /* rows of one asset */
  /* Finding verdicts first; fix statements only for the vulnerabilities
   * those name (all of them when a fix alone may close an earlier
   * finding): a Debian host's many "fixed long ago" statements cost a
   * set lookup each, not a place in the sort. */
  vset_clear(j);
  /* a key's finding verdicts come first, its fix statements after
   * (k->v[0..nfind), compare_worker) */
  j->a0 = a0;
  const struct vref *pool = m->vref;
  for (size_t r = a0; r < a1; r++) {
    const struct khot *k = &m->hot[m->rows[r].key];
    if (k->trig) complex = true;
    const struct vref *x = pool + k->off;
    for (size_t i = 0; i < k->nfind; i++)
      if ((rc = av_push(j, r, &k->v[i], x[i].vno, x[i].src, false)) ||
          (rc = vset_add(j, x[i].vno)))
        return rc;
  }
  if (complex) {
    size_t n0 = j->nav;
    if ((rc = eval_complex(j, a0, a1))) return rc;
    for (size_t i = n0; i < j->nav; i++)
      if ((rc = vset_add(j, AVD_VNO(&j->av[i])))) return rc;
  }
  if (!j->nav && !m->src.open) return 0;
  for (size_t r = a0; r < a1; r++) {
    const struct khot *k = &m->hot[m->rows[r].key];
    const struct vref *x = pool + k->off;
    for (size_t i = k->nfind; i < k->nv; i++)
      if ((m->src.open || vset_has(j, x[i].vno)) &&
          (rc = av_push(j, r, &k->v[i], x[i].vno, x[i].src, true)))
        return rc;
  }
  /* Changelogs of the packages that carry a finding. */
  if (j->evidence && m->src.evidence) {
    size_t n = j->nav;
    for (size_t i = 0; i < n && !rc; i++) {
      size_t row = AVD_ROW(j, &j->av[i]);
      const struct vl_software *s = m->rows[row].sw;
      if (AVD_FIX(&j->av[i]) || !s->ecosystem) continue;
      bool done = false;
      for (size_t q = 0; q < i && !done; q++)
        done = AVD_ROW(j, &j->av[q]) == row && !AVD_FIX(&j->av[q]);
      if (done) continue;
      struct ev_ctx x = {j, row};
      rc = m->src.evidence(m->src.ud, s->id, ev_cb, &x, j->d);
    }
    if (rc) return rc;
  }
  if (j->nav > 1) avd_sort(j->av, j->avtmp, j->nav);
  /* Per vulnerability, per row: the row's best finding verdict (the order
   * puts distribution before changelog, OSV and NVD), suppressed by a fix
   * statement of the same row or of a package of that name; a fix
   * statement with no verdict to override still closes a finding the row
   * carries from an earlier run (src.open). */
  for (size_t i = 0; i < j->nav && !rc;) {
    size_t e = i, nfix = 0;
    while (e < j->nav && AVD_VNO(&j->av[e]) == AVD_VNO(&j->av[i])) {
      nfix += AVD_FIX(&j->av[e]);
      e++;
    }
    for (size_t rs = i; rs < e && !rc;) {
      size_t re = rs, row = AVD_ROW(j, &j->av[rs]);
      const struct avd *best = NULL, *own = NULL;
      while (re < e && AVD_ROW(j, &j->av[re]) == row) {
        if (!AVD_FIX(&j->av[re]) && !best) best = &j->av[re];
        if (AVD_FIX(&j->av[re]) && !own) own = &j->av[re];
        re++;
      }
      if (best) {
        const struct verdict *sup = own ? own->v : NULL;
        for (size_t p = i; p < e && !sup && nfix; p++) {
          const struct avd *x = &j->av[p];
          if (AVD_FIX(x) &&
              related(m->rows[AVD_ROW(j, x)].sw, m->rows[row].sw))
            sup = x->v;
        }
        rc = out_push(j, row, best->v, sup);
      } else if (own && m->src.open) {
        const struct row *r = &m->rows[row];
        if (m->src.open(m->src.ud, r->asset, r->sw->id, own->v->vuln))
          rc = out_push(j, row, NULL, own->v);
      }
      rs = re;
    }
    i = e;
  }
  return rc;
}

/* Hands j's verdicts to cb, in order, and empties j's list.  Called from
 * the calling thread only: it writes the verdicts' sentences. */
static int emit_outs(struct fan_job *j, vl_match_hit_cb cb, void *ud,
                     struct vl_match_stats *st) {
  const struct vl_matcher *m = j->m;
  int rc = 0;
  for (size_t i = 0; i < j->no && !rc; i++) {
      const struct out *o = &j->o[i];
      const struct row *r = &m->rows[o->row];
      struct vl_match_hit h = {0};
      /* the verdicts are the keys' or this run's own; only this thread
       * writes their sentences */
      if ((o->f && (rc = verdict_text((struct verdict *)o->f))) ||
          (o->s && (rc = verdict_text((struct verdict *)o->s))))
        break;
      if (!o->f) {
        h.asset = r->asset;
        h.software_id = r->sw->id;
        h.vuln = o->s->vuln;
        h.installed = o->s->installed;
        h.confidence = o->s->conf;
        h.suppressed = h.fix_only = true;
        if (st) st->suppressed++;
        h.why = (struct vl_match_why){src_name[o->s->src], o->s->statement,
                                      o->s->fixv};
        h.evidence = o->s->evidence ? o->s->evidence : o->s->statement;
        rc = cb(ud, &h);
        continue;
      }
      h.asset = r->asset;
      h.software_id = r->sw->id;
      h.vuln = o->f->vuln;
      h.criterion = o->f->criterion;
      h.bound = o->f->bound;
      h.installed = o->f->installed;
      h.confidence = o->f->conf;
      char ev[4096];
      if (o->s) {
        h.suppressed = true;
        h.why = (struct vl_match_why){src_name[o->s->src], o->s->statement,
                                      o->s->fixv};
        snprintf(ev, sizeof(ev), "%s; suppressed: %s", o->f->evidence
                 ? o->f->evidence : o->f->statement, o->s->statement);
        h.evidence = ev;
        h.confidence = o->s->conf;
        if (st) st->suppressed++;
      } else {
        h.why = (struct vl_match_why){src_name[o->f->src], o->f->statement,
                                      o->f->fixv};
        h.evidence = o->f->evidence ? o->f->evidence : o->f->statement;
      }
      rc = cb(ud, &h);
    }
  j->no = 0;
  return rc;
}

static void *fan_worker(void *p) {
  struct fan_job *j = p;
  struct vl_matcher *m = j->m;
  for (size_t r = j->from; r < j->to && !j->rc;) {
    size_t e = r;
    while (e < j->to && m->rows[e].asset == m->rows[r].asset) e++;
    j->rc = fan_asset(j, r, e);
    if (!j->rc && j->cb) j->rc = emit_outs(j, j->cb, j->ud, j->st);
    r = e;
  }
  return NULL;
}

/* Packs what the fan-out reads of each key (struct khot, struct vref). */
static int build_hot(struct vl_matcher *m) {
  size_t total = 0;
  for (size_t i = 0; i < m->keys.n; i++) total += m->keys.k[i].nv;
  if (total >= UINT32_MAX) return VL_ETOOBIG;
  free(m->hot);
  free(m->vref);
  m->hot = malloc((m->keys.n + 1) * sizeof(*m->hot));
  m->vref = malloc((total + 1) * sizeof(*m->vref));
  if (!m->hot || !m->vref) return VL_ENOMEM;
  size_t off = 0;
  for (size_t i = 0; i < m->keys.n; i++) {
    const struct key *k = &m->keys.k[i];
    m->hot[i] = (struct khot){k->v, (uint32_t)off, (uint32_t)k->nfind,
                              (uint32_t)k->nv, k->ntrig > 0, k->ncm > 0};
    for (size_t q = 0; q < k->nv; q++)
      m->vref[off++] = (struct vref){k->v[q].vno, (unsigned char)k->v[q].src,
                                     k->v[q].fix};
  }
  return 0;
}

int vl_matcher_run(struct vl_matcher *m, int threads, vl_match_hit_cb cb,
                   void *ud, struct vl_match_stats *st, struct vl_diag *d) {
  int nt = threads < 1 ? 1 : threads > MAX_THREADS ? MAX_THREADS : threads;
  int rc = intern_all(m, nt);
  if (rc) return vl_diag_set(d, rc, "matcher: %s", vl_strerror(rc));
  m->ran = true;
  pthread_t th[MAX_THREADS];
  int ct = m->keys.n < 1000 ? 1 : nt;
  if (ct > 1) {
    /* fetch and compare, overlapped */
    int crc;
    if ((rc = fetch_compare(m, ct, d, &crc))) return rc;
    if ((rc = crc)) return vl_diag_set(d, rc, "matcher: %s", vl_strerror(rc));
  } else {
    for (size_t i = 0; i < m->keys.n && !rc; i++)
      rc = fetch_key(m, &m->keys.k[i], d);
    if (rc) return rc;
    struct cmp_job cj = {m->keys.k, 0, m->keys.n, 0};
    compare_worker(&cj);
    if ((rc = cj.rc)) return vl_diag_set(d, rc, "matcher: %s", vl_strerror(rc));
  }
  for (size_t i = 0; i < m->keys.n; i++) m->examined += m->keys.k[i].examined;
  if ((rc = build_hot(m))) return vl_diag_set(d, rc, "matcher: %s", vl_strerror(rc));
  /* fan out: threads take whole assets */
  int ft = (m->src.evidence || m->nrows < 100000) ? 1 : nt;
  struct fan_job fj[MAX_THREADS];
  size_t start = 0;
  for (int t = 0; t < ft; t++) {
    size_t end = t == ft - 1 ? m->nrows : m->nrows * (size_t)(t + 1) / (size_t)ft;
    if (end < start) end = start;
    while (end < m->nrows && end > 0 && m->rows[end].asset == m->rows[end - 1].asset)
      end++;
    fj[t] = (struct fan_job){0};
    fj[t].m = m;
    fj[t].from = start;
    fj[t].to = end;
    fj[t].evidence = ft == 1;
    fj[t].d = d;
    if (t == 0) {
      /* the calling thread's assets come first: their verdicts go to the
       * callback as each asset is done (no list of them all to keep) */
      fj[t].cb = cb;
      fj[t].ud = ud;
      fj[t].st = st;
    }
    start = end;
    if (t && pthread_create(&th[t], NULL, fan_worker, &fj[t])) {
      fan_worker(&fj[t]);
      th[t] = 0;
    }
  }
  fan_worker(&fj[0]);
  for (int t = 1; t < ft; t++)
    if (th[t]) pthread_join(th[t], NULL);
  for (int t = 0; t < ft && !rc; t++) rc = fj[t].rc;
  /* emit, in row order */
  long nassets = 0;
  for (size_t r = 0; r < m->nrows; r++)
    if (!r || m->rows[r].asset != m->rows[r - 1].asset) nassets++;
  if (st) {
    st->software += (long)m->nrows;
    st->keys += (long)m->keys.n;
    st->candidates += m->examined;
    st->assets += nassets;
  }
  for (int t = 1; t < ft && !rc; t++) rc = emit_outs(&fj[t], cb, ud, st);
  for (int t = 0; t < ft; t++) {
    for (size_t i = 0; i < fj[t].nown; i++) {
      free(fj[t].own[i]->statement);
      free(fj[t].own[i]->evidence);
      free(fj[t].own[i]);
    }
    free(fj[t].own);
    free(fj[t].o);
    free(fj[t].av);
    free(fj[t].avtmp);
    free(fj[t].vbits);
    free(fj[t].vlist);
  }
  return rc;
}

/* ------------------------------------------------------------- impact */

static int impact_index(struct vl_matcher *m) {
  size_t nk = m->keys.n;
  if (!(m->krow_start = calloc(nk + 1, sizeof(uint32_t))) ||
      !(m->krow = malloc((m->nrows + 1) * sizeof(uint32_t))))
    return VL_ENOMEM;
  for (size_t r = 0; r < m->nrows; r++) m->krow_start[m->rows[r].key + 1]++;
  for (size_t k = 0; k < nk; k++) m->krow_start[k + 1] += m->krow_start[k];
  uint32_t *fill = malloc((nk + 1) * sizeof(uint32_t));
  if (!fill) return VL_ENOMEM;
  memcpy(fill, m->krow_start, (nk + 1) * sizeof(uint32_t));
  for (size_t r = 0; r < m->nrows; r++)
    m->krow[fill[m->rows[r].key]++] = (uint32_t)r;
  free(fill);
  int rc = 0;
  char buf[600];
  for (size_t k = 0; k < nk && !rc; k++) {
    const struct vl_software *s = m->keys.k[k].sw;
    struct vl_cpe_key ck;
    if (!s->cpe || vl_cpe_key_fs(s->cpe, strlen(s->cpe), &ck, NULL)) continue;
    snprintf(buf, sizeof(buf), "%s\x1f%s", ck.vendor.text, ck.product.text);
    void **slot;
    bool found;
    if ((rc = smap_get(&m->prod_keys, buf, &slot, &found))) break;
    if (!*slot && !(*slot = calloc(1, sizeof(struct plist)))) return VL_ENOMEM;
    rc = plist_push(*slot, (void *)(uintptr_t)k);
  }
  uint32_t maxa = 0;
  for (size_t r = 0; r < m->nrows; r++)
    if (m->rows[r].asset > maxa) maxa = m->rows[r].asset;
  m->nseen = ((size_t)maxa + 64) / 64;
  if (!rc && !(m->seen = calloc(m->nseen, sizeof(uint64_t)))) rc = VL_ENOMEM;
  return rc;
}

int vl_matcher_impact(struct vl_matcher *m, const char *vuln,
                      const struct vl_affected *a, size_t n,
                      int (*cb)(void *ud, uint32_t asset), void *ud,
                      size_t *assets, struct vl_diag *d) {
  *assets = 0;
  if (!m->ran)
    return vl_diag_set(d, VL_EINVAL, "matcher: impact before a run");
  int rc = 0;
  if (!m->krow_start && (rc = impact_index(m)))
    return vl_diag_set(d, rc, "matcher: %s", vl_strerror(rc));
  memset(m->seen, 0, m->nseen * sizeof(uint64_t));
  struct config cfg = {0};
  cfg.vuln = (char *)vuln;
  for (size_t i = 0; i < n && !rc; i++) {
    struct vl_affected_row r = {(int64_t)i + 1, vuln, a[i]};
    struct crit *c = crit_new(m, &r, false);
    if (!c) return VL_ENOMEM;
    c->cfg = &cfg;
    if (!c->simple || !c->vulnerable || c->bad) {
      crit_free(c);
      continue;
    }
    char buf[600];
    snprintf(buf, sizeof(buf), "%s\x1f%s", a[i].vendor ? a[i].vendor : "",
             a[i].product ? a[i].product : "");
    bool found;
    void **slot = m->prod_keys.cap ? smap_slot(&m->prod_keys, buf, &found)
                                   : NULL;
    struct plist *keys = slot && found ? *slot : NULL;
    for (size_t q = 0; keys && q < keys->n && !rc; q++) {
      uint32_t k = (uint32_t)(uintptr_t)keys->v[q];
      const struct vl_software *s = m->keys.k[k].sw;
      struct inst in;
      memset(&in, 0, sizeof(in));
      in.cpe = s->cpe;
      in.k_ok = !vl_cpe_key_fs(s->cpe, strlen(s->cpe), &in.k, NULL);
      in.version = s->version ? s->version : "";
      in.gkey_ok = !vl_version_key(VL_SCHEME_GENERIC, in.version,
                                   strlen(in.version), &in.gkey, NULL);
      if (!crit_matches(c, &in)) continue;
      for (uint32_t x = m->krow_start[k]; x < m->krow_start[k + 1] && !rc;
           x++) {
        uint32_t as = m->rows[m->krow[x]].asset;
        uint64_t bit = (uint64_t)1 << (as & 63);
        if (m->seen[as >> 6] & bit) continue;
        m->seen[as >> 6] |= bit;
        (*assets)++;
        if (cb) rc = cb(ud, as);
      }
    }
    crit_free(c);
  }
  return rc;
}

/* ------------------------------------------------- names of releases */

const char *vl_match_release(const char *distro, const char *release,
                             char *buf, size_t size) {
  static const struct {
    const char *distro, *id, *name;
  } map[] = {{"debian", "7", "wheezy"},   {"debian", "8", "jessie"},
             {"debian", "9", "stretch"},  {"debian", "10", "buster"},
             {"debian", "11", "bullseye"}, {"debian", "12", "bookworm"},
             {"debian", "13", "trixie"},  {"debian", "14", "forky"}};
  if (!distro || !release) return release;
  if (!strcmp(distro, "debian")) {
    /* "12", "12.5" (point releases) */
    size_t n = strcspn(release, ".");
    for (size_t i = 0; i < VL_ARRAY_LEN(map); i++)
      if (strlen(map[i].id) == n && !strncmp(release, map[i].id, n))
        return map[i].name;
    return release;
  }
  if (!strcmp(distro, "alpine") && release[0] >= '0' && release[0] <= '9') {
    /* "3.18.4" -> "v3.18" */
    const char *dot = strchr(release, '.');
    size_t n = dot ? strcspn(dot + 1, ".") + (size_t)(dot + 1 - release)
                   : strlen(release);
    snprintf(buf, size, "v%.*s", (int)n, release);
    return buf;
  }
  return release;
}

const char *vl_match_osv_ecosystem(const char *t) {
  static const char *const map[][2] = {
      {"npm", "npm"},         {"pypi", "PyPI"},       {"maven", "Maven"},
      {"golang", "Go"},       {"cargo", "crates.io"}, {"nuget", "NuGet"},
      {"gem", "RubyGems"},    {"composer", "Packagist"}, {"hex", "Hex"},
      {"pub", "Pub"},         {"conan", "ConanCenter"}};
  if (!t) return NULL;
  for (size_t i = 0; i < VL_ARRAY_LEN(map); i++)
    if (!strcmp(t, map[i][0])) return map[i][1];
  return NULL;
}

/* --------------------------------------------------- the store's run */

struct db_asset {
  int64_t id;
  char *distro, *release;
};

struct db_run {
  const struct vl_ctx *ctx;
  struct vl_matcher *m;
  struct vl_match_stats *st;
  struct vl_arena *arena;   /* the software rows' strings */
  struct db_asset *assets;  /* asset number -> id, sorted by id */
  size_t nassets, capassets;
  int64_t only;             /* one asset, or 0 */
  struct vl_ids *want;      /* the assets to match (incremental), or NULL */
  struct smap open;         /* "asset software vuln" of unresolved findings */
  struct vl_diag *d;
};

static int src_cpe(void *ud, const char *vendor, const char *product,
                   vl_affected_cb cb, void *cbud, struct vl_diag *d) {
  struct db_run *r = ud;
  return vl_store_affected_by_product(r->ctx->store, vendor, product, cb,
                                      cbud, d);
}
static int src_cpe_name(void *ud, const char *product, vl_affected_cb cb,
                        void *cbud, struct vl_diag *d) {
  struct db_run *r = ud;
  return vl_store_affected_by_name(r->ctx->store, product, cb, cbud, d);
}
static int src_config(void *ud, const char *vuln, int config,
                      vl_affected_cb cb, void *cbud, struct vl_diag *d) {
  struct db_run *r = ud;
  return vl_store_affected_config(r->ctx->store, vuln, config, cb, cbud, d);
}
static int src_pkg(void *ud, const char *eco, const char *name,
                   vl_pkg_row_cb cb, void *cbud, struct vl_diag *d) {
  struct db_run *r = ud;
  return vl_store_pkg_by_name(r->ctx->store, eco, name, cb, cbud, d);
}
static int src_distro(void *ud, const char *distro, const char *release,
                      const char *src, vl_distro_fix_cb cb, void *cbud,
                      struct vl_diag *d) {
  struct db_run *r = ud;
  return vl_store_distro_fixes_pkg(r->ctx->store, distro, release, src, cb,
                                   cbud, d);
}
static int src_csaf(void *ud, const char *purl, const char *cpe,
                    vl_product_status_cb cb, void *cbud, struct vl_diag *d) {
  struct db_run *r = ud;
  return vl_store_product_status(r->ctx->store, NULL, purl, cpe, cb, cbud, d);
}
static int src_evidence(void *ud, int64_t sw, vl_fix_evidence_cb cb,
                        void *cbud, struct vl_diag *d) {
  struct db_run *r = ud;
  return vl_store_fix_evidence(r->ctx, sw, NULL, cb, cbud, d);
}

static void open_key(char *buf, size_t size, int64_t asset, int64_t sw,
                     const char *vuln) {
  snprintf(buf, size, "%lld %lld %s", (long long)asset, (long long)sw, vuln);
}

static int open_add(void *ud, const struct vl_finding *f) {
  struct db_run *r = ud;
  char k[300];
  void **slot;
  bool found;
  if (!f->software_id) return 0;
  open_key(k, sizeof(k), f->asset_id, f->software_id, f->vuln);
  int rc = smap_get(&r->open, k, &slot, &found);
  if (!rc) *slot = r;
  return rc;
}

static bool src_open(void *ud, uint32_t asset, int64_t sw, const char *vuln) {
  struct db_run *r = ud;
  if (!r->open.n || asset >= r->nassets) return false;
  char k[300];
  open_key(k, sizeof(k), r->assets[asset].id, sw, vuln);
  bool found;
  smap_slot(&r->open, k, &found);
  return found;
}

static const char *acopy(struct vl_arena *a, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *p = vl_arena_alloc(a, n);
  if (p) memcpy(p, s, n);
  return p;
}

static bool wanted(const struct db_run *r, int64_t id) {
  if (r->only) return id == r->only;
  if (!r->want) return true;
  size_t lo = 0, hi = r->want->n;   /* want is sorted ascending */
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (r->want->v[mid] < id) lo = mid + 1;
    else hi = mid;
  }
  return lo < r->want->n && r->want->v[lo] == id;
}

static int db_asset(void *ud, const struct vl_asset *a) {
  struct db_run *r = ud;
  if (!wanted(r, a->id)) return 0;
  if (r->nassets == r->capassets) {
    size_t cap = r->capassets ? r->capassets * 2 : 64;
    struct db_asset *n = realloc(r->assets, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    r->assets = n;
    r->capassets = cap;
  }
  struct db_asset *x = &r->assets[r->nassets++];
  x->id = a->id;
  x->distro = dup(a->distro);
  x->release = dup(a->release);
  if ((a->distro && !x->distro) || (a->release && !x->release))
    return VL_ENOMEM;
  return 0;
}

static int cmp_db_asset(const void *a, const void *b) {
  const struct db_asset *x = a, *y = b;
  return x->id < y->id ? -1 : x->id > y->id;
}

static int asset_no(const struct db_run *r, int64_t id, uint32_t *out) {
  size_t lo = 0, hi = r->nassets;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (r->assets[mid].id < id) lo = mid + 1;
    else hi = mid;
  }
  if (lo < r->nassets && r->assets[lo].id == id) {
    *out = (uint32_t)lo;
    return 0;
  }
  return VL_ENOTFOUND;
}

static int db_software(void *ud, const struct vl_software *s) {
  struct db_run *r = ud;
  uint32_t no;
  if (asset_no(r, s->asset_id, &no)) return 0;
  struct vl_software *c = vl_arena_alloc(r->arena, sizeof(*c));
  if (!c) return VL_ETOOBIG;
  *c = *s;
  c->ident = c->origin = NULL;
  c->cpe = acopy(r->arena, s->cpe);
  c->vendor = acopy(r->arena, s->vendor);
  c->product = acopy(r->arena, s->product);
  c->version = acopy(r->arena, s->version);
  c->scheme = acopy(r->arena, s->scheme);
  c->purl = acopy(r->arena, s->purl);
  c->ecosystem = acopy(r->arena, s->ecosystem);
  c->name = acopy(r->arena, s->name);
  c->source_name = acopy(r->arena, s->source_name);
  c->source_version = acopy(r->arena, s->source_version);
  c->arch = NULL;
  if ((s->cpe && !c->cpe) || (s->product && !c->product) ||
      (s->version && !c->version) || (s->purl && !c->purl) ||
      (s->name && !c->name) || (s->source_version && !c->source_version) ||
      (s->source_name && !c->source_name) || (s->ecosystem && !c->ecosystem))
    return VL_ETOOBIG;
  return vl_matcher_add(r->m, no, c);
}

static int db_hit(void *ud, const struct vl_match_hit *h) {
  struct db_run *r = ud;
  struct vl_finding f = {0};
  f.asset_id = r->assets[h->asset].id;
  f.vuln = h->vuln;
  f.software_id = h->software_id;
  f.version = h->installed;
  f.evidence = h->evidence;
  f.criterion = h->criterion;
  f.bound = h->bound;
  f.confidence = h->confidence;
  int64_t id;
  int rc;
  if (h->suppressed) {
    if ((rc = vl_store_match_suppress(r->ctx, &f, &h->why, &id, r->d)))
      return rc;
    if (!id) return 0;
    r->st->closed++;
    char after[600];
    snprintf(after, sizeof(after),
             "{\"vulnerability\":\"%s\",\"software\":%lld,\"status\":"
             "\"fixed\",\"by\":\"%s\"}",
             h->vuln, (long long)h->software_id, h->why.source);
    return vl_store_audit(r->ctx, "finding.suppressed", "finding", id, NULL,
                          after, r->d);
  }
  int created;
  if ((rc = vl_store_match_finding(r->ctx, &f, &h->why, &id, &created, r->d)))
    return rc;
  r->st->findings++;
  if (!created) return 0;
  r->st->new_findings++;
  char after[600];
  snprintf(after, sizeof(after),
           "{\"vulnerability\":\"%s\",\"software\":%lld,\"status\":\"open\"}",
           h->vuln, (long long)h->software_id);
  return vl_store_audit(r->ctx, "finding.detected", "finding", id, NULL, after,
                        r->d);
}

static int collect_id(void *ud, int64_t id) { return vl_ids_push(ud, id); }

/* CSAF statements name products by CPE or purl in a table of their own:
 * a changed vulnerability with any makes the incremental run a full one
 * (rare: a vendor document arrived), so that nothing is missed. */
#define HAS_CSAF 1
static int csaf_any(void *ud, const struct vl_product_status *p) {
  (void)ud, (void)p;
  return HAS_CSAF;
}

struct csaf_scan {
  struct vl_store *s;
  bool any;
  struct vl_diag *d;
};

static int change_csaf(void *ud, const struct vl_change *c) {
  struct csaf_scan *x = ud;
  int rc = vl_store_product_status(x->s, c->vuln_id, NULL, NULL, csaf_any,
                                   NULL, x->d);
  if (rc == HAS_CSAF) {
    x->any = true;
    return HAS_CSAF;
  }
  return rc;
}

/* The run: assets (all, one, or the incremental set), their software, the
 * engine, the findings; one transaction. */
static int db_match(const struct vl_ctx *ctx, int64_t asset_id, bool incr,
                    struct vl_match_stats *st, struct vl_diag *d) {
  memset(st, 0, sizeof(*st));
  st->incremental = incr;
  struct db_run r = {0};
  r.ctx = ctx;
  r.st = st;
  r.only = asset_id;
  r.d = d;
  struct vl_ids want = {0};
  struct vl_match_src src = {&r,         src_cpe,      src_cpe_name,
                             src_config, src_pkg,      src_distro,
                             src_evidence, src_open, src_csaf};
  int64_t last_seq = 0;
  struct vl_match_state since;
  int rc = vl_store_begin(ctx->store, d);
  if (rc) return rc;
  if ((rc = vl_store_change_last(ctx->store, &last_seq, d))) goto out;
  if (incr) {
    struct csaf_scan cs = {ctx->store, false, d};
    if ((rc = vl_store_match_state(ctx, &since, d)) ||
        (rc = vl_store_match_dirty(ctx, &since, collect_id, &want, d)))
      goto out;
    rc = vl_store_changes(ctx->store, since.change_seq, last_seq, 0,
                          change_csaf, &cs, d);
    if (rc && rc != HAS_CSAF) goto out;
    rc = 0;
    r.want = cs.any ? NULL : &want;
  }
  if ((rc = vl_arena_new((size_t)8 << 30, &r.arena))) {
    rc = vl_diag_set(d, rc, "matcher: %s", vl_strerror(rc));
    goto out;
  }
  if ((rc = vl_matcher_new(&src, &r.m))) goto out;
  struct vl_finding_filter unresolved = {0};
  unresolved.unresolved = true;
  unresolved.asset_id = asset_id;
  if ((rc = vl_store_findings(ctx, &unresolved, open_add, &r, d))) goto out;
  if ((rc = vl_store_assets(ctx, db_asset, &r, d))) goto out;
  if (r.nassets > 1)
    qsort(r.assets, r.nassets, sizeof(*r.assets), cmp_db_asset);
  /* a suppression holds while a run finds it again */
  for (size_t i = 0; i < r.nassets && !rc; i++)
    if (!(rc = vl_store_match_suppress_clear(ctx, r.assets[i].id, d)))
      rc = vl_matcher_asset(r.m, (uint32_t)i, r.assets[i].distro,
                            r.assets[i].release);
  if (!rc && r.nassets &&
      !(rc = vl_store_software(ctx, asset_id, db_software, &r, d)))
    rc = vl_matcher_run(r.m, 1, db_hit, &r, st, d);
  if (rc) goto out;
  if (!rc && !asset_id) rc = vl_store_match_state_set(ctx, last_seq, ctx->now, d);
out:
  if (rc)
    vl_store_rollback(ctx->store);
  else
    rc = vl_store_commit(ctx->store, d);
  vl_matcher_free(r.m);
  vl_arena_free(r.arena);
  for (size_t i = 0; i < r.nassets; i++) {
    free(r.assets[i].distro);
    free(r.assets[i].release);
  }
  free(r.assets);
  smap_free(&r.open, NULL);
  vl_ids_free(&want);
  return rc;
}

int vl_match_run(const struct vl_ctx *ctx, int64_t asset_id,
                 struct vl_match_stats *st, struct vl_diag *d) {
  return db_match(ctx, asset_id, false, st, d);
}

int vl_match_incremental(const struct vl_ctx *ctx, struct vl_match_stats *st,
                         struct vl_diag *d) {
  return db_match(ctx, 0, true, st, d);
}
