/* Watchlists: adding and removing watches (audited), matching a changed
 * vulnerability against a watch, and the news of every watch of a tenant.
 * See include/vulnloop/watch.h for the matching rules. */
#include <stdio.h>
#include <string.h>

#include "vulnloop/jsonw.h"
#include "vulnloop/watch.h"

#define WATCH_REASONS_MAX 4     /* reasons spelled out per item */
#define WATCH_TITLE_MAX 100     /* bytes of a title cut from a description */
#define WATCH_ARENA_MAX (4u << 20)

/* ------------------------------------------------------------ text rules */

static char lower(char c) {
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

/* ASCII lower case, "_" as a space, into out (cut at size - 1). */
static void norm(const char *s, char *out, size_t size) {
  size_t i = 0;
  for (; s && s[i] && i + 1 < size; i++) out[i] = s[i] == '_' ? ' ' : lower(s[i]);
  out[i] = '\0';
}

/* Where needle occurs in hay, ASCII case-insensitively, or NULL. */
static const char *ci_find(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  if (!n) return NULL;
  for (const char *p = hay; *p; p++) {
    size_t i = 0;
    while (i < n && p[i] && lower(p[i]) == lower(needle[i])) i++;
    if (i == n) return p;
  }
  return NULL;
}

/* Whether the watch term (normalised) names the source's words: equal, or
 * a whole-word part ("apache" in "Apache Software Foundation"). */
static bool names(const char *words, const char *term) {
  char w[VL_WATCH_TERM_MAX * 2 + 1], t[VL_WATCH_TERM_MAX + 1];
  if (!words || !term) return false;
  norm(words, w, sizeof(w));
  norm(term, t, sizeof(t));
  size_t n = strlen(t);
  if (!n) return false;
  for (const char *p = w; (p = ci_find(p, t)); p++)
    if ((p == w || !alnum(p[-1])) && !alnum(p[n])) return true;
  return false;
}

static bool same(const char *a, const char *b) {
  char x[VL_WATCH_TERM_MAX * 2 + 1], y[VL_WATCH_TERM_MAX * 2 + 1];
  if (!a || !b) return false;
  norm(a, x, sizeof(x));
  norm(b, y, sizeof(y));
  return !strcmp(x, y);
}

/* -------------------------------------------------------------- matching */

struct match {
  const struct vl_watch *w;
  bool ja;                 /* reasons in Japanese */
  const char *vuln_id;     /* the id asked about */
  struct vl_buf *why;
  int reasons;             /* reasons found (some beyond those spelled out) */
  /* the current group of product rows: one reason per (origin, id, source) */
  char group[256];
  int group_hits;
};

static void reason(struct match *m, const char *fmt, const char *a,
                   const char *b, const char *c) {
  m->reasons++;
  if (m->reasons > WATCH_REASONS_MAX) return;
  if (m->why->len) vl_buf_puts(m->why, "; ");
  vl_buf_printf(m->why, fmt, a ? a : "", b ? b : "", c ? c : "");
}

/* "nvd" for the id's own record, "jvn JVNDB-2023-000001" for a linked one. */
static void whose(const struct match *m, const char *id, const char *source,
                  char *buf, size_t size) {
  if (id && strcmp(id, m->vuln_id))
    snprintf(buf, size, "%s %s", source ? source : "?", id);
  else
    snprintf(buf, size, "%s", source ? source : "?");
}

static void flush_group(struct match *m) {
  if (m->group_hits > 1 && m->reasons <= WATCH_REASONS_MAX) {
    vl_buf_printf(m->why, m->ja ? "（他 %d 件）" : " (+%d more)",
                  m->group_hits - 1);
  }
  m->group_hits = 0;
}

static int on_product(void *ud, const struct vl_vuln_product *p) {
  struct match *m = ud;
  const struct vl_watch *w = m->w;
  bool cpe = !strcmp(p->origin, "cpe");
  bool hit;
  if (cpe)
    hit = same(p->vendor, w->vendor) &&
          (!w->product || same(p->product, w->product));
  else
    hit = (same(p->vendor, w->vendor) || names(p->vendor, w->vendor)) &&
          (!w->product || same(p->product, w->product) ||
           names(p->product, w->product));
  if (!hit) return 0;
  char src[160], key[256];
  whose(m, p->vuln_id, p->source, src, sizeof(src));
  snprintf(key, sizeof(key), "%s|%s", p->origin, src);
  if (m->group_hits && !strcmp(key, m->group)) {
    m->group_hits++;
    return 0;
  }
  flush_group(m);
  snprintf(m->group, sizeof(m->group), "%s", key);
  m->group_hits = 1;
  if (cpe)
    reason(m, m->ja ? "%s の CPE %s:%s" : "%s CPE %s:%s", src, p->vendor,
           p->product);
  else if (!strcmp(p->origin, "kev"))
    reason(m,
           m->ja ? "%sKEV のベンダー \"%s\" 製品 \"%s\""
                 : "%sKEV vendor \"%s\" product \"%s\"",
           "", p->vendor, p->product);
  else
    reason(m,
           m->ja ? "%s のベンダー \"%s\" 製品 \"%s\""
                 : "%s vendor \"%s\" product \"%s\"",
           src, p->vendor, p->product);
  return 0;
}

static int on_text(void *ud, const struct vl_vuln_text *t) {
  struct match *m = ud;
  static const char *const field[2][3] = {
      {"title", "description (en)", "description (ja)"},
      {"タイトル", "概要（英語）", "概要（日本語）"}};
  const char *texts[] = {t->title, t->desc_en, t->desc_ja};
  for (size_t i = 0; i < VL_ARRAY_LEN(texts); i++) {
    if (!texts[i] || !ci_find(texts[i], m->w->keyword)) continue;
    char src[160];
    whose(m, t->vuln_id, t->source, src, sizeof(src));
    if (m->ja)
      reason(m, "%s の%sにキーワード \"%s\"", src, field[1][i],
             m->w->keyword);
    else
      reason(m, "keyword \"%s\" in the %s of %s", m->w->keyword,
             field[0][i], src);
    break;
  }
  return 0;
}

int vl_watch_match(struct vl_store *s, const struct vl_watch *w,
                   const char *vuln_id, bool ja, bool *hit, char *why,
                   size_t why_size, struct vl_diag *d) {
  struct vl_buf b;
  vl_buf_init(&b, VL_WATCH_WHY_MAX);
  struct match m = {w, ja, vuln_id, &b, 0, "", 0};
  int rc = 0;
  if (w->vendor) {
    rc = vl_store_vuln_products(s, vuln_id, on_product, &m, d);
    flush_group(&m);
  }
  if (!rc && w->keyword) rc = vl_store_vuln_texts(s, vuln_id, on_text, &m, d);
  if (!rc && m.reasons > WATCH_REASONS_MAX)
    vl_buf_printf(&b, ja ? "; 他 %d 件" : "; and %d more",
                  m.reasons - WATCH_REASONS_MAX);
  *hit = !rc && m.reasons > 0;
  snprintf(why, why_size, "%s", *hit && b.data ? b.data : "");
  vl_buf_free(&b);
  return rc;
}

/* ----------------------------------------------------------------- titles */

/* Title candidates: [own record or linked][en, ja][title, description]. */
struct titles {
  const char *vuln_id;  /* the id asked about */
  char *slot[2][2][2];  /* in the arena; the first of each kind wins */
  struct vl_arena *a;
};

static bool japanese_source(const char *source) {
  /* JVN's documents are Japanese unless the source says "-en". */
  return !strncmp(source, "jvn", 3) && !strstr(source, "-en");
}

/* The first line of text, cut at WATCH_TITLE_MAX bytes on a UTF-8
 * boundary, with "..." when cut. */
static char *shorten(struct vl_arena *a, const char *text) {
  size_t n = strcspn(text, "\r\n"), full = n;
  if (n > WATCH_TITLE_MAX) {
    n = WATCH_TITLE_MAX;
    while (n && ((unsigned char)text[n] & 0xC0) == 0x80) n--;
  }
  return vl_arena_printf(a, "%.*s%s", (int)n, text, n < full ? "..." : "");
}

static void offer(struct titles *ti, int linked, int ja, int desc,
                  const char *text) {
  if (text && *text && !ti->slot[linked][ja][desc])
    ti->slot[linked][ja][desc] = shorten(ti->a, text);
}

static int on_title(void *ud, const struct vl_vuln_text *t) {
  struct titles *ti = ud;
  int linked = strcmp(t->vuln_id, ti->vuln_id) != 0;
  offer(ti, linked, japanese_source(t->source), 0, t->title);
  offer(ti, linked, 0, 1, t->desc_en);
  offer(ti, linked, 1, 1, t->desc_ja);
  return 0;
}

/* In the language asked for: the id's own records first, then linked ones
 * (a CVE's Japanese title from its JVN entry); else the other language. */
static const char *pick_title(const struct titles *ti, int ja) {
  for (int lang = 0; lang < 2; lang++)
    for (int linked = 0; linked < 2; linked++)
      for (int desc = 0; desc < 2; desc++) {
        const char *t = ti->slot[linked][lang ? !ja : ja][desc];
        if (t) return t;
      }
  return NULL;
}

/* ------------------------------------------------------------------- news */

struct news {
  const struct vl_ctx *ctx;
  const struct vl_news_opts *o;
  const struct vl_watch *w;
  struct vl_arena *a;
  vl_news_cb cb;
  void *ud;
  struct vl_diag *d;
};

static int on_change(void *ud, const struct vl_change *c) {
  struct news *nw = ud;
  char why[VL_WATCH_WHY_MAX];
  bool hit = false;
  int rc = vl_watch_match(nw->ctx->store, nw->w, c->vuln_id, nw->o->ja,
                          &hit, why, sizeof(why), nw->d);
  if (rc || !hit) return rc;
  vl_arena_reset(nw->a);
  struct titles ti = {c->vuln_id, {{{NULL}}}, nw->a};
  if ((rc = vl_store_vuln_texts(nw->ctx->store, c->vuln_id, on_title, &ti,
                                nw->d)))
    return rc;
  struct vl_news_item it = {nw->w,       c->vuln_id, c->sources,
                            c->modified, c->imported, NULL, why};
  it.title = pick_title(&ti, nw->o->ja);
  return nw->cb(nw->ud, &it);
}

struct watch_list {
  struct vl_watch *v;
  int n;
  struct vl_arena *a;
};

static const char *dup_or_null(struct vl_arena *a, const char *s) {
  return s ? vl_arena_strdup(a, s) : NULL;
}

static int on_watch(void *ud, const struct vl_watch *w) {
  struct watch_list *l = ud;
  if (l->n == VL_WATCH_MAX) return VL_ETOOBIG;
  struct vl_watch *c = &l->v[l->n];
  *c = *w;
  c->name = dup_or_null(l->a, w->name);
  c->vendor = dup_or_null(l->a, w->vendor);
  c->product = dup_or_null(l->a, w->product);
  c->keyword = dup_or_null(l->a, w->keyword);
  if (!c->name) return VL_ENOMEM;
  l->n++;
  return 0;
}

int vl_watch_news(const struct vl_ctx *ctx, const struct vl_news_opts *o,
                  vl_news_cb cb, void *ud, int *n_watches,
                  struct vl_diag *d) {
  struct vl_store *s = ctx->store;
  struct watch_list l = {NULL, 0, NULL};
  struct vl_arena *titles = NULL;
  bool advance = !o->all && !o->since;
  int64_t upto = 0;
  *n_watches = 0;
  int rc = vl_arena_new(WATCH_ARENA_MAX, &l.a);
  if (!rc) rc = vl_arena_new(WATCH_ARENA_MAX, &titles);
  if (rc) goto out;
  l.v = vl_arena_alloc(l.a, VL_WATCH_MAX * sizeof(*l.v));
  if (!l.v) {
    rc = VL_ENOMEM;
    goto out;
  }
  if ((rc = vl_store_begin(s, d))) goto out;
  rc = vl_store_watches(ctx, 0, on_watch, &l, d);
  if (rc == VL_ETOOBIG)
    rc = vl_diag_set(d, rc, "more than %d watches", VL_WATCH_MAX);
  if (!rc) rc = vl_store_change_last(s, &upto, d);
  for (int i = 0; !rc && i < l.n; i++) {
    struct news nw = {ctx, o, &l.v[i], titles, cb, ud, d};
    rc = vl_store_changes(s, advance ? l.v[i].cursor : 0, upto, o->since,
                          on_change, &nw, d);
    if (!rc && advance && l.v[i].cursor < upto)
      rc = vl_store_watch_set_cursor(ctx, l.v[i].id, upto, d);
  }
  if (rc)
    vl_store_rollback(s);
  else
    rc = vl_store_commit(s, d);
  *n_watches = l.n;
out:
  vl_arena_free(titles);
  vl_arena_free(l.a);
  return rc;
}

/* ------------------------------------------------------------ add and rm */

/* Checks one term: present (non-empty, not only blanks), within the cap,
 * no control characters. */
static int check_term(const char *what, const char *v, size_t max,
                      struct vl_diag *d) {
  if (!v) return 0;
  size_t n = strlen(v), blank = 0;
  if (n > max)
    return vl_diag_set(d, VL_EINVAL, "%s: longer than %zu bytes", what, max);
  for (size_t i = 0; i < n; i++) {
    if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
      return vl_diag_set(d, VL_EINVAL, "%s: control characters", what);
    if (v[i] == ' ') blank++;
  }
  if (blank == n) return vl_diag_set(d, VL_EINVAL, "%s: empty", what);
  return 0;
}

static int count_watch(void *ud, const struct vl_watch *w) {
  (void)w;
  (*(int *)ud)++;
  return 0;
}

static void watch_json(struct vl_jw *j, const struct vl_watch *w) {
  vl_jw_obj_begin(j);
  vl_jw_kstr(j, "name", w->name);
  vl_jw_kstr(j, "vendor", w->vendor);
  vl_jw_kstr(j, "product", w->product);
  vl_jw_kstr(j, "keyword", w->keyword);
  vl_jw_obj_end(j);
}

int vl_watch_add(const struct vl_ctx *ctx, const char *name,
                 const char *vendor, const char *product, const char *keyword,
                 int64_t *id, struct vl_diag *d) {
  int rc;
  if ((rc = check_term("--vendor", vendor, VL_WATCH_TERM_MAX, d)) ||
      (rc = check_term("--product", product, VL_WATCH_TERM_MAX, d)) ||
      (rc = check_term("--keyword", keyword, VL_WATCH_TERM_MAX, d)) ||
      (rc = check_term("--name", name, VL_WATCH_NAME_MAX, d)))
    return rc;
  if (product && !vendor)
    return vl_diag_set(d, VL_EINVAL, "--product needs --vendor");
  if (vendor && keyword)
    return vl_diag_set(d, VL_EINVAL, "--vendor and --keyword: one watch "
                                     "watches one of them (add two watches)");
  if (!vendor && !keyword)
    return vl_diag_set(d, VL_EINVAL, "a watch needs --vendor (and "
                                     "optionally --product) or --keyword");
  char v[VL_WATCH_TERM_MAX + 1], p[VL_WATCH_TERM_MAX + 1];
  char dflt[VL_WATCH_TERM_MAX * 2 + 16];
  /* Lower case as CPE names are; "_" is kept (matching reads it as a
   * space). */
  size_t i = 0;
  for (; vendor && vendor[i]; i++) v[i] = lower(vendor[i]);
  v[i] = '\0';
  for (i = 0; product && product[i]; i++) p[i] = lower(product[i]);
  p[i] = '\0';
  if (!name) {
    if (keyword)
      snprintf(dflt, sizeof(dflt), "%s", keyword);
    else if (product)
      snprintf(dflt, sizeof(dflt), "%s/%s", v, p);
    else
      snprintf(dflt, sizeof(dflt), "%s", v);
    name = dflt;
  }
  struct vl_watch w = {0, name, vendor ? v : NULL, product ? p : NULL,
                       keyword, ctx->now, 0};
  struct vl_buf b;
  vl_buf_init(&b, 4096);
  struct vl_jw j;
  vl_jw_init(&j, &b, 0);
  watch_json(&j, &w);
  int n = 0;
  if ((rc = vl_jw_finish(&j))) goto out;
  if ((rc = vl_store_begin(ctx->store, d))) goto out;
  rc = vl_store_watches(ctx, 0, count_watch, &n, d);
  if (!rc && n >= VL_WATCH_MAX)
    rc = vl_diag_set(d, VL_ETOOBIG, "the tenant has %d watches already (the "
                                    "most allowed)", n);
  if (!rc) rc = vl_store_watch_add(ctx, &w, id, d);
  if (!rc) rc = vl_store_audit(ctx, "watch.add", "watch", *id, NULL, b.data, d);
  if (rc)
    vl_store_rollback(ctx->store);
  else
    rc = vl_store_commit(ctx->store, d);
out:
  vl_buf_free(&b);
  return rc;
}

struct rm_ud {
  struct vl_buf *b;
};

static int on_rm_watch(void *ud, const struct vl_watch *w) {
  struct rm_ud *r = ud;
  struct vl_jw j;
  vl_jw_init(&j, r->b, 0);
  watch_json(&j, w);
  return vl_jw_finish(&j);
}

int vl_watch_rm(const struct vl_ctx *ctx, int64_t id, struct vl_diag *d) {
  if (id <= 0) return vl_diag_set(d, VL_ENOTFOUND, "no watch %lld",
                                  (long long)id);
  struct vl_buf b;
  vl_buf_init(&b, 4096);
  struct rm_ud r = {&b};
  int rc = vl_store_begin(ctx->store, d);
  if (rc) goto out;
  rc = vl_store_watches(ctx, id, on_rm_watch, &r, d);
  if (!rc) rc = vl_store_watch_rm(ctx, id, d);
  if (!rc) rc = vl_store_audit(ctx, "watch.rm", "watch", id, b.data, NULL, d);
  if (rc)
    vl_store_rollback(ctx->store);
  else
    rc = vl_store_commit(ctx->store, d);
out:
  vl_buf_free(&b);
  return rc;
}
