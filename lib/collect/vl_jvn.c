/* JVN iPedia (JPCERT/CC and IPA): VULDEF 3.x documents (MyJVN
 * getVulnDetailInfo responses and the jvndb_detail feeds) and JVNRSS /
 * JVNDBRSS 1.0 feeds (RDF items), streamed one record at a time.
 *
 * Each <Vulinfo> or <item> becomes a struct vl_vuln whose source says which
 * document it came from: "jvn" (VULDEF detail) or "jvn-rss" (the RSS
 * overview, which has a shorter description), with "-en" appended when the
 * document's xml:lang is English.  Separate sources keep both languages
 * side by side and let each follow its own "newer DateLastUpdated replaces"
 * rule (an RSS overview and the detail of one entry carry the same date:
 * under one source the first imported would hide the other).  Every CVE
 * (and JVN#/JVNVU# advisory id) an entry names is recorded as an alias of
 * its JVNDB id. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vl_collect_internal.h"
#include "vulnloop/cpe.h"
#include "vulnloop/xml.h"

#define JVN_MAX_CVSS 16
#define JVN_MAX_CPES 2000
#define JVN_MAX_REFS 2000
#define JVN_MAX_ALIASES 500
#define JVN_ID_MAX 64
#define JVN_MAX_REMEDIES 16

#define NS_VULDEF "http://jvn.jp/vuldef/"
#define NS_RDF "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_XML "http://www.w3.org/XML/1998/namespace"

/* One record being converted. */
struct rec {
  struct vl_import *im;
  const char *source;            /* "jvn" or "jvn-en" */
  bool english;                  /* the document's xml:lang is en */
  struct vl_vuln v;
  struct vl_cvss_rec cvss[JVN_MAX_CVSS];
  struct vl_affected *aff;       /* JVN_MAX_CPES, in the arena */
  const char **refs;             /* JVN_MAX_REFS, in the arena */
  const char *aliases[JVN_MAX_ALIASES];
  size_t n_aliases;
  struct vl_remediation rem[JVN_MAX_REMEDIES]; /* from <Solution> */
  size_t n_rem;
  struct vl_buf cwe;             /* comma-separated CWE ids */
};

static int where(struct rec *r, const struct vl_xnode *n, const char *elem,
                 struct vl_diag *d) {
  vl_diag_where(d, r->im->file, n ? n->line : 0, elem);
  return d ? d->code : VL_EINVAL;
}

static bool is_cve(const char *s) {
  if (strncmp(s, "CVE-", 4) != 0) return false;
  size_t i = 4, n = 0;
  for (; s[i] >= '0' && s[i] <= '9'; i++) n++;
  if (n != 4 || s[i] != '-') return false;
  n = 0;
  for (i++; s[i] >= '0' && s[i] <= '9'; i++) n++;
  return n >= 4 && n <= 19 && s[i] == '\0';
}

/* JVN advisory ids: "JVN#96321933", "JVNVU#99520559", "JVNTA#...". */
static bool is_jvn_advisory(const char *s) {
  if (strncmp(s, "JVN", 3) != 0 || strchr(s, ' ') || strlen(s) > 40)
    return false;
  const char *h = strchr(s, '#');
  return h && h[1] >= '0' && h[1] <= '9';
}

static bool space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The node's text without surrounding white space, copied into the record
 * arena (the caller may edit it), or NULL if empty. */
static char *text(struct rec *r, const struct vl_xnode *n) {
  if (!n) return NULL;
  const char *s = n->text, *e = n->text + n->text_len;
  while (s < e && space(*s)) s++;
  while (e > s && space(e[-1])) e--;
  if (s == e) return NULL;
  return vl_arena_strndup(r->im->arena, s, (size_t)(e - s));
}

/* Each line trimmed, runs of blank lines made one. */
static char *tidy_lines(char *o) {
  size_t w = 0, i = 0;
  int blank = 0;
  while (o[i]) {
    size_t s = i, e;
    while (o[i] && o[i] != '\n') i++;
    e = i;
    if (o[i]) i++;
    while (s < e && space(o[s])) s++;
    while (e > s && space(o[e - 1])) e--;
    if (s == e) {
      blank = w > 0;
      continue;
    }
    if (w) o[w++] = '\n';
    if (blank) o[w++] = '\n';
    blank = 0;
    memmove(o + w, o + s, e - s);
    w += e - s;
  }
  o[w] = '\0';
  return o;
}

/* JVN descriptions carry escaped HTML (<ul><li>...): keep the words, make
 * list items lines of their own, drop other tags; tidy the lines. */
static const char *prose(struct rec *r, const struct vl_xnode *n) {
  char *t = text(r, n);
  if (!t) return NULL;
  if (!strchr(t, '<')) return tidy_lines(t);
  size_t len = strlen(t);
  char *o = vl_arena_alloc(r->im->arena, len * 2 + 1);
  if (!o) return t;
  size_t w = 0;
  for (size_t i = 0; i < len;) {
    if (t[i] == '<' && (t[i + 1] == '/' || (t[i + 1] >= 'a' && t[i + 1] <= 'z') ||
                        (t[i + 1] >= 'A' && t[i + 1] <= 'Z'))) {
      const char *gt = strchr(t + i, '>');
      if (!gt) break;
      bool li = (t[i + 1] == 'l' || t[i + 1] == 'L') &&
                (t[i + 2] == 'i' || t[i + 2] == 'I') &&
                (t[i + 3] == '>' || t[i + 3] == ' ');
      bool br = (t[i + 1] == 'b' || t[i + 1] == 'B') &&
                (t[i + 2] == 'r' || t[i + 2] == 'R');
      if (li) {
        o[w++] = '\n';
        o[w++] = '-';
        o[w++] = ' ';
      } else if (br || !strncmp(t + i, "</ul>", 5) || !strncmp(t + i, "<p>", 3)) {
        if (w && o[w - 1] != '\n') o[w++] = '\n';
      }
      i = (size_t)(gt - t) + 1;
      continue;
    }
    o[w++] = t[i++];
  }
  while (w && space(o[w - 1])) w--;
  o[w] = '\0';
  return tidy_lines(o);
}

static int add_alias(struct rec *r, const char *id) {
  if (!id || !strcmp(id, r->v.id)) return 0;
  for (size_t i = 0; i < r->n_aliases; i++)
    if (!strcmp(r->aliases[i], id)) return 0;
  if (r->n_aliases == JVN_MAX_ALIASES) return 0;
  r->aliases[r->n_aliases++] = id;
  return 0;
}

static void add_ref(struct rec *r, const char *url) {
  if (!url || r->v.n_refs == JVN_MAX_REFS) return;
  for (size_t i = 0; i < r->v.n_refs; i++)
    if (!strcmp(r->refs[i], url)) return;
  r->refs[r->v.n_refs++] = url;
}

static int add_cwe(struct rec *r, const char *id) {
  if (!id || strncmp(id, "CWE-", 4) != 0 || strlen(id) > 20) return 0;
  if (r->cwe.len && strstr(r->cwe.data, id)) return 0;
  if (r->cwe.len && vl_buf_putc(&r->cwe, ',')) return VL_ETOOBIG;
  return vl_buf_puts(&r->cwe, id) ? VL_ETOOBIG : 0;
}

static int add_cvss(struct rec *r, const struct vl_xnode *at,
                    const char *elem, const char *version, const char *score,
                    const char *severity, const char *vector,
                    struct vl_diag *d) {
  if (!vector) return 0; /* JVN publishes some entries without a vector */
  if (r->v.n_cvss == JVN_MAX_CVSS) {
    vl_diag_set(d, VL_ETOOBIG, "more than %d CVSS entries", JVN_MAX_CVSS);
    return where(r, at, elem, d);
  }
  char *end = NULL;
  double s = score ? strtod(score, &end) : -1;
  if (!score || end == score || *end || !(s >= 0 && s <= 10)) {
    vl_diag_set(d, VL_EINVAL, "CVSS base score is not a number from 0 to 10: "
                              "\"%.40s\"", score ? score : "");
    return where(r, at, elem, d);
  }
  if (!version || (strcmp(version, "2.0") && strcmp(version, "3.0") &&
                   strcmp(version, "3.1") && strcmp(version, "4.0"))) {
    vl_diag_set(d, VL_EUNSUPPORTED, "unknown CVSS version \"%.20s\"",
                version ? version : "");
    return where(r, at, elem, d);
  }
  struct vl_cvss_rec *c = &r->cvss[r->v.n_cvss++];
  c->version = version;
  c->source = "jvn";
  c->type = "Primary";
  c->vector = vector;
  c->base_score = s;
  char *sev = severity ? vl_arena_strdup(r->im->arena, severity) : NULL;
  for (char *p = sev; p && *p; p++)
    if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
  c->severity = sev;
  return 0;
}

/* A CPE 2.2 URI or 2.3 string naming an affected product.  JVN gives no
 * version bounds (its version text is prose), so the statement names the
 * product without claiming a version range: it is stored as a platform
 * criterion (vulnerable = false), indexed by vendor and product, and never
 * turns into a finding by itself. */
static int add_cpe(struct rec *r, const struct vl_xnode *at, const char *elem,
                   const char *cpe, struct vl_diag *d) {
  if (!cpe) return 0;
  if (r->v.n_affected == JVN_MAX_CPES) {
    vl_diag_set(d, VL_ETOOBIG, "more than %d CPE names", JVN_MAX_CPES);
    return where(r, at, elem, d);
  }
  struct vl_cpe c;
  int rc = vl_cpe_parse(cpe, strlen(cpe), &c, d);
  if (rc) {
    char why[VL_DIAG_MSG_MAX];
    snprintf(why, sizeof(why), "%s", d ? d->msg : "");
    vl_diag_set(d, rc, "not a CPE name: \"%.100s\": %.300s", cpe, why);
    return where(r, at, elem, d);
  }
  struct vl_buf fs;
  vl_buf_init(&fs, VL_CPE_STR_MAX * 2);
  rc = vl_cpe_to_fs(&c, &fs);
  const char *crit = rc ? NULL : vl_arena_strdup(r->im->arena, fs.data);
  vl_buf_free(&fs);
  if (!crit) {
    vl_diag_set(d, rc ? rc : VL_ENOMEM, "cannot bind the CPE name \"%.100s\"",
                cpe);
    return where(r, at, elem, d);
  }
  for (size_t i = 0; i < r->v.n_affected; i++)
    if (!strcmp(r->aff[i].criterion, crit)) return 0;
  struct vl_affected *a = &r->aff[r->v.n_affected];
  memset(a, 0, sizeof(*a));
  a->config = 0;
  a->config_op = "OR";
  a->node = 0;
  a->node_op = "OR";
  a->vulnerable = false;
  a->criterion = crit;
  if ((rc = vl_affected_from_cpe(r->im, a, elem, d))) return where(r, at, elem, d);
  r->v.n_affected++;
  return 0;
}

static int parse_time(struct rec *r, const struct vl_xnode *n,
                      const char *elem, vl_time *out, struct vl_diag *d) {
  const char *t = text(r, n);
  *out = 0;
  if (!t) return 0;
  if (vl_time_parse(t, out) != 0) {
    vl_diag_set(d, VL_EINVAL, "not a date/time: \"%.60s\"", t);
    return where(r, n, elem, d);
  }
  return 0;
}

/* What kind of remedy a JVN solution is, from its bracketed lead
 * ("[パッチを適用する]", "[アップデートする]", "[ワークアラウンドを実施する]",
 * or the English site's "[Apply the patch]", "[Update the software]",
 * "[Apply workarounds]"); NULL when it says something else, which is then
 * not stored (an unknown kind must not look like a fix to triage). */
static const char *remedy_kind(const char *t) {
  static const struct {
    const char *word, *kind;
  } words[] = {{"パッチ", "vendor_fix"},        {"アップデート", "vendor_fix"},
               {"バージョンアップ", "vendor_fix"}, {"修正", "vendor_fix"},
               {"ワークアラウンド", "workaround"}, {"回避", "workaround"},
               {"緩和", "mitigation"},          {"使用を停止", "mitigation"},
               {"利用を停止", "mitigation"},     {"atch", "vendor_fix"},
               {"pdate", "vendor_fix"},          {"pgrade", "vendor_fix"},
               {"orkaround", "workaround"},      {"itigat", "mitigation"}};
  if (t[0] != '[') return NULL;
  const char *end = strchr(t, ']');
  if (!end || end - t > 120) return NULL;
  for (size_t i = 0; i < VL_ARRAY_LEN(words); i++) {
    const char *hit = strstr(t, words[i].word);
    if (hit && hit < end) return words[i].kind;
  }
  return NULL;
}

/* One SolutionItem may hold several leads ("[アップデートする] ...
 * [ワークアラウンドを実施する] ..."): each becomes a remediation of its kind. */
static void add_remedy(struct rec *r, const char *text) {
  if (!text) return;
  size_t len = strlen(text), start = 0;
  const char *kind = remedy_kind(text);
  for (size_t i = 1; i <= len; i++) {
    const char *next = NULL;
    if (i < len && text[i] == '[' && space(text[i - 1]))
      next = remedy_kind(text + i);
    if (i < len && !next) continue;
    size_t e = i;
    while (e > start && space(text[e - 1])) e--;
    if (kind && e > start && r->n_rem < JVN_MAX_REMEDIES) {
      const char *t = vl_arena_strndup(r->im->arena, text + start, e - start);
      if (t) r->rem[r->n_rem++] = (struct vl_remediation){NULL, kind, t, NULL, NULL};
    }
    start = i;
    kind = next;
  }
}

/* The entry's solutions, as remediations of the entry and of every CVE it
 * names (so that triage and reports of the CVE can cite JVN). */
static int store_remedies(struct rec *r, struct vl_diag *d) {
  if (!r->n_rem) return 0;
  const char *src = vl_arena_printf(r->im->arena, "JVN %s%s", r->v.id,
                                    r->english ? " (en)" : "");
  if (!src) return VL_ENOMEM;
  for (size_t i = 0; i < r->n_rem; i++) r->rem[i].source = src;
  int rc = 0;
  for (size_t i = 0; !rc && i <= r->n_aliases; i++) {
    const char *target = i == 0 ? r->v.id : r->aliases[i - 1];
    if (i > 0 && !is_cve(target)) continue;
    for (size_t k = 0; k < r->n_rem; k++) r->rem[k].vuln = target;
    rc = vl_store_remediations_set(r->im->store, r->v.id, src, target, r->rem,
                                   r->n_rem, d);
  }
  return rc;
}

static int store(struct rec *r, const struct vl_xnode *at, const char *elem,
                 struct vl_diag *d) {
  struct vl_vuln *v = &r->v;
  v->source = r->source;
  v->cvss = r->cvss;
  v->affected = r->aff;
  v->refs = r->refs;
  v->cwe = r->cwe.len ? vl_arena_strdup(r->im->arena, r->cwe.data) : NULL;
  int changed = 0, rc = vl_store_vuln_upsert(r->im->store, v, &changed, d);
  if (!rc && changed) {
    rc = vl_store_alias_clear(r->im->store, v->id, r->source, d);
    for (size_t i = 0; !rc && i < r->n_aliases; i++)
      rc = vl_store_alias_set(r->im->store, v->id, r->aliases[i], r->source, d);
    if (!rc) rc = store_remedies(r, d);
  }
  if (rc) return where(r, at, elem, d);
  if (changed)
    r->im->st->changed++;
  else
    r->im->st->unchanged++;
  r->im->st->records++;
  return 0;
}

static int rec_init(struct rec *r, struct vl_import *im, bool rss,
                    bool english) {
  memset(r, 0, sizeof(*r));
  r->im = im;
  r->english = english;
  r->source = rss ? (english ? "jvn-rss-en" : "jvn-rss")
                  : (english ? "jvn-en" : "jvn");
  vl_buf_init(&r->cwe, 4096);
  r->aff = vl_arena_alloc(im->arena, JVN_MAX_CPES * sizeof(*r->aff));
  r->refs = vl_arena_alloc(im->arena, JVN_MAX_REFS * sizeof(*r->refs));
  return r->aff && r->refs ? 0 : VL_ENOMEM;
}

static void set_text(struct rec *r, const char *title, const char *desc) {
  r->v.title = title;
  if (r->english)
    r->v.desc_en = desc;
  else
    r->v.desc_ja = desc;
}

/* --------------------------------------------------------------- VULDEF */

/* The vendor and product names of <AffectedItem> in JVN's own words
 * (watchlists match them where no CPE is given). */
static int vuldef_names(struct rec *r, const struct vl_xnode *aff,
                        struct vl_diag *d) {
  struct vl_vuln_name n[64];
  size_t k = 0;
  for (const struct vl_xnode *it = vl_xnode_child(aff, "AffectedItem");
       it && k < VL_ARRAY_LEN(n); it = vl_xnode_next(it)) {
    n[k] = (struct vl_vuln_name){text(r, vl_xnode_child(it, "Name")),
                                 text(r, vl_xnode_child(it, "ProductName"))};
    if (n[k].vendor || n[k].product) k++;
  }
  return vl_store_vuln_names_set(r->im->store, r->v.id, r->source, n, k, d);
}

static int vuldef_record(struct vl_import *im, const struct vl_xnode *vi,
                         bool english, struct vl_diag *d) {
  struct rec *r = vl_arena_alloc(im->arena, sizeof(*r));
  if (!r) return VL_ENOMEM;
  int rc = rec_init(r, im, false, english);
  if (rc) return rc;
  const struct vl_xnode *data = vl_xnode_child(vi, "VulinfoData");
  r->v.id = text(r, vl_xnode_child(vi, "VulinfoID"));
  if (!r->v.id || strlen(r->v.id) > JVN_ID_MAX) {
    vl_diag_set(d, VL_EINVAL, r->v.id ? "VulinfoID too long"
                                      : "Vulinfo without a VulinfoID");
    rc = where(r, vi, "Vulinfo/VulinfoID", d);
    goto out;
  }
  if (!data) {
    vl_diag_set(d, VL_EINVAL, "%s: Vulinfo without VulinfoData", r->v.id);
    rc = where(r, vi, "Vulinfo/VulinfoData", d);
    goto out;
  }
  set_text(r, text(r, vl_xnode_child(data, "Title")),
           prose(r, vl_xnode_child(vl_xnode_child(data, "VulinfoDescription"),
                                   "Overview")));
  if ((rc = parse_time(r, vl_xnode_child(data, "DateFirstPublished"),
                       "VulinfoData/DateFirstPublished", &r->v.published, d)) ||
      (rc = parse_time(r, vl_xnode_child(data, "DateLastUpdated"),
                       "VulinfoData/DateLastUpdated", &r->v.modified, d)))
    goto out;
  if (!r->v.modified) r->v.modified = r->v.published;
  if (!r->v.modified) {
    vl_diag_set(d, VL_EINVAL, "%s: neither DateLastUpdated nor "
                              "DateFirstPublished", r->v.id);
    rc = where(r, data, "VulinfoData/DateLastUpdated", d);
    goto out;
  }
  const struct vl_xnode *impact = vl_xnode_child(data, "Impact");
  for (const struct vl_xnode *c = vl_xnode_child(impact, "Cvss"); c;
       c = vl_xnode_next(c)) {
    const struct vl_xnode *sev = vl_xnode_child(c, "Severity");
    if ((rc = add_cvss(r, c, "Impact/Cvss", vl_xnode_attr(c, "version"),
                       text(r, vl_xnode_child(c, "Base")), text(r, sev),
                       text(r, vl_xnode_child(c, "Vector")), d)))
      goto out;
  }
  const struct vl_xnode *sol = vl_xnode_child(data, "Solution");
  for (const struct vl_xnode *it = vl_xnode_child(sol, "SolutionItem"); it;
       it = vl_xnode_next(it))
    add_remedy(r, prose(r, vl_xnode_child(it, "Description")));
  const struct vl_xnode *aff = vl_xnode_child(data, "Affected");
  for (const struct vl_xnode *it = vl_xnode_child(aff, "AffectedItem"); it;
       it = vl_xnode_next(it))
    for (const struct vl_xnode *c = vl_xnode_child(it, "Cpe"); c;
         c = vl_xnode_next(c))
      if ((rc = add_cpe(r, c, "Affected/AffectedItem/Cpe", text(r, c), d)))
        goto out;
  const struct vl_xnode *rel = vl_xnode_child(data, "Related");
  for (const struct vl_xnode *it = vl_xnode_child(rel, "RelatedItem"); it;
       it = vl_xnode_next(it)) {
    const char *type = vl_xnode_attr(it, "type");
    const char *id = text(r, vl_xnode_child(it, "VulinfoID"));
    add_ref(r, text(r, vl_xnode_child(it, "URL")));
    if (!id) continue;
    if (type && !strcmp(type, "cwe")) {
      if ((rc = add_cwe(r, id))) goto out;
    } else if (is_cve(id) || is_jvn_advisory(id)) {
      add_alias(r, id);
    }
  }
  long before = im->st->changed;
  rc = store(r, vi, "Vulinfo", d);
  if (!rc && im->st->changed > before) rc = vuldef_names(r, aff, d);
out:
  vl_buf_free(&r->cwe);
  return rc;
}

/* ------------------------------------------------------------------ RSS */

static int rss_record(struct vl_import *im, const struct vl_xnode *item,
                      bool english, struct vl_diag *d) {
  struct rec *r = vl_arena_alloc(im->arena, sizeof(*r));
  if (!r) return VL_ENOMEM;
  int rc = rec_init(r, im, true, english);
  if (rc) return rc;
  const struct vl_xnode *ident = NULL, *title = NULL, *desc = NULL,
                        *link = NULL, *mod = NULL, *issued = NULL, *date = NULL;
  for (const struct vl_xnode *c = item->child; c; c = c->next) {
    if (!strcmp(c->name, "identifier")) {
      const char *t = text(r, c);
      if (t && (!ident || !strncmp(t, "JVNDB-", 6))) ident = c;
    } else if (!strcmp(c->name, "title")) {
      title = c;
    } else if (!strcmp(c->name, "description")) {
      desc = c;
    } else if (!strcmp(c->name, "link")) {
      link = c;
    } else if (!strcmp(c->name, "modified")) {
      mod = c;
    } else if (!strcmp(c->name, "issued")) {
      issued = c;
    } else if (!strcmp(c->name, "date")) {
      date = c;
    }
  }
  r->v.id = text(r, ident);
  if (!r->v.id || strlen(r->v.id) > JVN_ID_MAX) {
    vl_diag_set(d, VL_EINVAL, r->v.id ? "identifier too long"
                                      : "item without a sec:identifier");
    rc = where(r, item, "item/sec:identifier", d);
    goto out;
  }
  set_text(r, text(r, title), prose(r, desc));
  add_ref(r, text(r, link));
  vl_time dated = 0;
  if ((rc = parse_time(r, issued, "item/dcterms:issued", &r->v.published, d)) ||
      (rc = parse_time(r, mod, "item/dcterms:modified", &r->v.modified, d)) ||
      (rc = parse_time(r, date, "item/dc:date", &dated, d)))
    goto out;
  if (!r->v.modified) r->v.modified = dated ? dated : r->v.published;
  if (!r->v.published) r->v.published = dated;
  if (!r->v.modified) {
    vl_diag_set(d, VL_EINVAL, "%s: no dcterms:modified, dcterms:issued or "
                              "dc:date", r->v.id);
    rc = where(r, item, "item/dcterms:modified", d);
    goto out;
  }
  for (const struct vl_xnode *c = item->child; c; c = c->next) {
    if (!strcmp(c->name, "references")) {
      const char *id = vl_xnode_attr(c, "id");
      add_ref(r, text(r, c));
      if (!id) continue;
      if (!strncmp(id, "CWE-", 4)) {
        if ((rc = add_cwe(r, id))) goto out;
      } else if (is_cve(id) || is_jvn_advisory(id)) {
        add_alias(r, vl_arena_strdup(im->arena, id));
      }
    } else if (!strcmp(c->name, "cpe")) {
      if ((rc = add_cpe(r, c, "item/sec:cpe", text(r, c), d))) goto out;
    } else if (!strcmp(c->name, "cvss")) {
      const char *a[4] = {vl_xnode_attr(c, "version"), vl_xnode_attr(c, "score"),
                          vl_xnode_attr(c, "severity"), vl_xnode_attr(c, "vector")};
      for (int i = 0; i < 4; i++)
        if (a[i]) a[i] = vl_arena_strdup(im->arena, a[i]);
      if ((rc = add_cvss(r, c, "item/sec:cvss", a[0], a[1], a[2], a[3], d)))
        goto out;
    }
  }
  rc = store(r, item, "item", d);
out:
  vl_buf_free(&r->cwe);
  return rc;
}

/* ------------------------------------------------------------- document */

/* MyJVN API responses end with <status:Status retCd="..." errMsg="...">:
 * an error response is reported rather than imported as "no records". */
static int check_status(struct vl_import *im, const struct vl_xml_event *ev,
                        struct vl_diag *d) {
  const char *ret = NULL, *msg = NULL;
  for (size_t i = 0; i < ev->n_attrs; i++) {
    if (!strcmp(ev->attrs[i].name, "retCd")) ret = ev->attrs[i].value;
    if (!strcmp(ev->attrs[i].name, "errMsg")) msg = ev->attrs[i].value;
  }
  if (!ret || !strcmp(ret, "0") || !*ret) return 0;
  vl_diag_where(d, im->file, ev->line, "status:Status");
  return vl_diag_set(d, VL_EINVAL, "the MyJVN API reported an error (retCd %.20s): %.200s",
                     ret, msg && *msg ? msg : "no message");
}

int vl_jvn_import(struct vl_import *im, struct vl_diag *d) {
  static const struct vl_xml_opts opts = {64, 4u << 20, 20000000};
  struct vl_xml *x = NULL;
  int rc = vl_xml_open_file(im->file, &opts, &x, d);
  if (rc) return rc;
  enum { NONE, VULDEF, RSS } kind = NONE;
  bool english = false;
  struct vl_xml_event ev;
  for (;;) {
    if ((rc = vl_xml_next(x, &ev, d))) goto out;
    if (ev.type == VL_XML_EOF) break;
    if (ev.type != VL_XML_START) continue;
    if (ev.depth == 0) {
      if (!strcmp(ev.name, "VULDEF-Document") && !strcmp(ev.ns, NS_VULDEF)) {
        kind = VULDEF;
        im->st->format = "jvn-vuldef";
      } else if (!strcmp(ev.name, "RDF") && !strcmp(ev.ns, NS_RDF)) {
        kind = RSS;
        im->st->format = "jvn-rss";
      } else {
        vl_diag_where(d, im->file, ev.line, NULL);
        rc = vl_diag_set(d, VL_EUNSUPPORTED,
                         "XML of an unknown kind: root element <%.80s>%s%.120s%s "
                         "(expected a JVN VULDEF-Document or a JVNRSS rdf:RDF)",
                         ev.name, *ev.ns ? " in namespace \"" : "", ev.ns,
                         *ev.ns ? "\"" : "");
        goto out;
      }
      for (size_t i = 0; i < ev.n_attrs; i++)
        if (!strcmp(ev.attrs[i].name, "lang") && !strcmp(ev.attrs[i].ns, NS_XML))
          english = !strncmp(ev.attrs[i].value, "en", 2);
      continue;
    }
    if (ev.depth != 1) continue;
    if (!strcmp(ev.name, "Status")) {
      if ((rc = check_status(im, &ev, d))) goto out;
      continue;
    }
    bool record = (kind == VULDEF && !strcmp(ev.name, "Vulinfo")) ||
                  (kind == RSS && !strcmp(ev.name, "item"));
    if (!record) continue;
    vl_arena_reset(im->arena);
    struct vl_xnode *t;
    if ((rc = vl_xml_tree(x, &ev, im->arena, &t, d))) goto out;
    rc = kind == VULDEF ? vuldef_record(im, t, english, d)
                        : rss_record(im, t, english, d);
    if (rc) goto out;
  }
  if (im->st->records == 0) {
    vl_diag_where(d, im->file, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "no records in the file (no %s)",
                     kind == VULDEF ? "Vulinfo" : "item");
  }
out:
  vl_xml_free(x);
  return rc;
}
