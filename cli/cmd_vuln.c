/* vulnloop vuln: everything known about a vulnerability, from every source.
 *
 *   vulnloop [--lang en|ja] [--json] vuln show ID
 *   vulnloop [--json] vuln list [--kev] [--since DATE] [--keyword K]
 *                               [--cvss-min N] [--limit N]
 *
 * ID is a CVE, a JVNDB id, a JVN advisory id or any id in the store; a
 * CSAF document's tracking id (RHSA-2024:1234, cisco-sa-...) shows the
 * document: its vulnerabilities, statements per product and remediations.
 * "show" prints each source's record (NVD, CVE JSON 5, JVN, ...), the best
 * CVSS, KEV, SSVC, EPSS and exploit data, and the ids linked to it in both
 * directions (a CVE's JVN entries with their Japanese title and description
 * beside the English; a JVNDB entry's CVEs), and the vendors' CSAF
 * advisories and VEX documents about it.  --lang ja puts Japanese text
 * first and uses Japanese labels.  An unknown id exits 1; usage errors 2.
 * The --json fields are documented in docs/json.md. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/store.h"

#define VULN_JSON_MAX (64u << 20)
#define VULN_LINKS_MAX 256
#define VULN_ID_MAX 128
#define VULN_REFS_SHOWN 10
#define VULN_AFFECTED_SHOWN 10

/* ">= 2.0.1, < 2.3.1", or "" when the statement has no bounds. */
static void bounds(const struct vl_affected *a, char *buf, size_t n) {
  const char *ops[4] = {">= ", "> ", "<= ", "< "};
  const char *vals[4] = {a->start_incl, a->start_excl, a->end_incl,
                         a->end_excl};
  size_t w = 0;
  buf[0] = '\0';
  for (int i = 0; i < 4 && w < n; i++) {
    if (!vals[i]) continue;
    int k = snprintf(buf + w, n - w, "%s%s%s", w ? ", " : "", ops[i], vals[i]);
    if (k < 0) break;
    w += (size_t)k;
  }
}

enum lbl {
  L_PUBLISHED, L_MODIFIED, L_TITLE, L_DESC_EN, L_DESC_JA, L_CWE, L_STATUS,
  L_REFS, L_MORE, L_KEV, L_KEV_NOT, L_KEV_ADDED, L_KEV_DUE, L_RANSOM,
  L_SSVC, L_EPSS, L_EXPLOITS, L_BEST, L_LINKED, L_NAMES,
  L_NAMED_BY, L_NOT_STORED, L_NO_OWN, L_NONE, L_REMEDY, L_AFFECTED,
  L_PLATFORM, L_PKGS, L_DISTROS, L_NLBL
};

static const char *const labels[2][L_NLBL] = {
    {"Published", "Last modified", "Title", "Description (en)",
     "Description (ja)", "CWE", "Status", "References", "more", "CISA KEV",
     "not listed", "added", "due", "known ransomware use", "SSVC", "EPSS",
     "Published exploits", "Best CVSS", "Linked ids",
     "named by this record", "names this id", "not in the database",
     "no record of this id itself; known through the linked ids", "none",
     "What to do", "Affected (CPE)",
     "not vulnerable itself: a platform, or a product named without versions",
     "Packages (OSV)", "Distributions"},
    {"公開日", "最終更新日", "タイトル", "概要（英語）", "概要（日本語）",
     "CWE", "状態", "参考情報", "件 他", "CISA KEV（悪用が確認された脆弱性）",
     "掲載なし", "追加日", "対応期限", "ランサムウェアでの悪用あり", "SSVC",
     "EPSS", "公開されたエクスプロイト", "代表的な CVSS",
     "関連 ID", "この ID が参照", "この ID を参照", "データベースに未登録",
     "この ID 自体の記録はなく、関連 ID から判明", "なし", "対策",
     "影響を受ける製品 (CPE)",
     "それ自体は脆弱でない: プラットフォーム、またはバージョン指定のない製品名",
     "パッケージ (OSV)", "ディストリビューション"}};

/* The text shown first, in both languages: from the id's own records when
 * they have it, else from a linked record (a CVE's Japanese text comes from
 * its JVN entry).  Strings are malloc'd copies. */
struct headline {
  char *title[2], *desc[2], *from[2]; /* [0] English, [1] Japanese */
};

struct show {
  struct cli_ctx *ctx;
  struct vl_store *s;
  int ja;                       /* labels and text order */
  struct vl_jw *w;              /* JSON output, or NULL for text */
  int n_records;
  struct headline *h;           /* descriptions shown at the top */
};

static const char *L(const struct show *sh, enum lbl l) {
  return labels[sh->ja][l];
}

static void date_str(vl_time t, char *buf, size_t n) {
  if (t)
    vl_time_format_date(t, buf, n);
  else
    snprintf(buf, n, "-");
}

/* Prints text indented, each line of it. */
static void put_block(const char *label, const char *text) {
  printf("  %s:\n", label);
  const char *p = text;
  while (*p) {
    const char *nl = strchr(p, '\n');
    size_t n = nl ? (size_t)(nl - p) : strlen(p);
    if (n)
      printf("    %.*s\n", (int)n, p);
    else
      printf("\n");
    p += n;
    if (*p) p++;
  }
}

static void json_time(struct vl_jw *w, const char *k, vl_time t) {
  char buf[32];
  vl_jw_key(w, k);
  if (!t) {
    vl_jw_null(w);
    return;
  }
  vl_time_format(t, buf, sizeof(buf));
  vl_jw_str(w, buf);
}

static int on_record(void *ud, const struct vl_vuln *v) {
  struct show *sh = ud;
  sh->n_records++;
  if (sh->w) {
    struct vl_jw *w = sh->w;
    vl_jw_obj_begin(w);
    vl_jw_kstr(w, "id", v->id);
    vl_jw_kstr(w, "source", v->source);
    vl_jw_kstr(w, "status", v->status);
    json_time(w, "published", v->published);
    json_time(w, "modified", v->modified);
    vl_jw_kstr(w, "title", v->title);
    vl_jw_kstr(w, "description_en", v->desc_en);
    vl_jw_kstr(w, "description_ja", v->desc_ja);
    vl_jw_kstr(w, "cwe", v->cwe);
    vl_jw_key(w, "cvss");
    vl_jw_arr_begin(w);
    for (size_t i = 0; i < v->n_cvss; i++) {
      const struct vl_cvss_rec *c = &v->cvss[i];
      vl_jw_obj_begin(w);
      vl_jw_kstr(w, "version", c->version);
      vl_jw_kdouble(w, "score", c->base_score, 1);
      vl_jw_kstr(w, "severity", c->severity);
      vl_jw_kstr(w, "vector", c->vector);
      vl_jw_kstr(w, "source", c->source);
      vl_jw_kstr(w, "type", c->type);
      vl_jw_obj_end(w);
    }
    vl_jw_arr_end(w);
    vl_jw_key(w, "references");
    vl_jw_arr_begin(w);
    for (size_t i = 0; i < v->n_refs; i++) vl_jw_str(w, v->refs[i]);
    vl_jw_arr_end(w);
    vl_jw_key(w, "affected");
    vl_jw_arr_begin(w);
    for (size_t i = 0; i < v->n_affected; i++) {
      const struct vl_affected *a = &v->affected[i];
      vl_jw_obj_begin(w);
      vl_jw_kint(w, "config", a->config);
      vl_jw_kint(w, "node", a->node);
      vl_jw_kstr(w, "criterion", a->criterion);
      vl_jw_kbool(w, "vulnerable", a->vulnerable);
      vl_jw_kstr(w, "start_including", a->start_incl);
      vl_jw_kstr(w, "start_excluding", a->start_excl);
      vl_jw_kstr(w, "end_including", a->end_incl);
      vl_jw_kstr(w, "end_excluding", a->end_excl);
      vl_jw_obj_end(w);
    }
    vl_jw_arr_end(w);
    vl_jw_obj_end(w);
    return 0;
  }
  char pub[16], mod[16];
  date_str(v->published, pub, sizeof(pub));
  date_str(v->modified, mod, sizeof(mod));
  printf("\n[%s] %s\n", v->source, v->id);
  printf("  %s: %s   %s: %s\n", L(sh, L_PUBLISHED), pub, L(sh, L_MODIFIED), mod);
  if (v->status) printf("  %s: %s\n", L(sh, L_STATUS), v->status);
  if (v->title) printf("  %s: %s\n", L(sh, L_TITLE), v->title);
  /* Descriptions already shown at the top are not repeated. */
  for (int k = 0; k < 2; k++) {
    int lang = sh->ja ? 1 - k : k;
    const char *t = lang ? v->desc_ja : v->desc_en;
    if (t && !(sh->h->desc[lang] && !strcmp(sh->h->desc[lang], t)))
      put_block(L(sh, lang ? L_DESC_JA : L_DESC_EN), t);
  }
  if (v->cwe) printf("  %s: %s\n", L(sh, L_CWE), v->cwe);
  for (size_t i = 0; i < v->n_cvss; i++) {
    const struct vl_cvss_rec *c = &v->cvss[i];
    printf("  CVSS %s: %.1f %s (%s%s%s) %s\n", c->version, c->base_score,
           c->severity ? c->severity : "", c->source ? c->source : "?",
           c->type ? ", " : "", c->type ? c->type : "", c->vector);
  }
  if (v->n_affected) {
    printf("  %s (%zu):\n", L(sh, L_AFFECTED), v->n_affected);
    for (size_t i = 0; i < v->n_affected && i < VULN_AFFECTED_SHOWN; i++) {
      const struct vl_affected *a = &v->affected[i];
      char b[600];
      bounds(a, b, sizeof(b));
      printf("    %s%s%s%s\n", a->criterion, *b ? " [" : "", b, *b ? "]" : "");
      if (!a->vulnerable) printf("      (%s)\n", L(sh, L_PLATFORM));
    }
    if (v->n_affected > VULN_AFFECTED_SHOWN)
      printf("    ... %zu %s\n", v->n_affected - VULN_AFFECTED_SHOWN,
             L(sh, L_MORE));
  }
  if (v->n_refs) {
    printf("  %s (%zu):\n", L(sh, L_REFS), v->n_refs);
    for (size_t i = 0; i < v->n_refs && i < VULN_REFS_SHOWN; i++)
      printf("    %s\n", v->refs[i]);
    if (v->n_refs > VULN_REFS_SHOWN)
      printf("    ... %zu %s\n", v->n_refs - VULN_REFS_SHOWN, L(sh, L_MORE));
  }
  return 0;
}

static int on_info(void *ud, const struct vl_vuln_info *v) {
  struct show *sh = ud;
  char a[16], b[16];
  if (sh->w) {
    struct vl_jw *w = sh->w;
    vl_jw_key(w, "summary");
    vl_jw_obj_begin(w);
    json_time(w, "published", v->published);
    json_time(w, "modified", v->modified);
    vl_jw_key(w, "cvss");
    if (v->has_cvss) {
      vl_jw_obj_begin(w);
      vl_jw_kstr(w, "version", v->cvss_version);
      vl_jw_kdouble(w, "score", v->cvss_score, 1);
      vl_jw_kstr(w, "severity", v->cvss_severity);
      vl_jw_kstr(w, "vector", v->cvss_vector);
      vl_jw_kstr(w, "source", v->cvss_source);
      vl_jw_obj_end(w);
    } else {
      vl_jw_null(w);
    }
    vl_jw_key(w, "kev");
    if (v->in_kev) {
      vl_jw_obj_begin(w);
      json_time(w, "date_added", v->kev_added);
      json_time(w, "due_date", v->kev_due);
      vl_jw_kbool(w, "ransomware", v->kev_ransomware);
      vl_jw_kstr(w, "action", v->kev_action);
      vl_jw_obj_end(w);
    } else {
      vl_jw_null(w);
    }
    vl_jw_key(w, "ssvc");
    if (v->has_ssvc) {
      vl_jw_obj_begin(w);
      vl_jw_kstr(w, "exploitation", v->ssvc_exploitation);
      vl_jw_kstr(w, "automatable", v->ssvc_automatable);
      vl_jw_kstr(w, "technical_impact", v->ssvc_impact);
      vl_jw_kstr(w, "source", v->ssvc_source);
      vl_jw_obj_end(w);
    } else {
      vl_jw_null(w);
    }
    vl_jw_key(w, "epss");
    if (v->has_epss) {
      vl_jw_obj_begin(w);
      vl_jw_kdouble(w, "score", v->epss, 5);
      vl_jw_kdouble(w, "percentile", v->epss_percentile, 5);
      json_time(w, "date", v->epss_date);
      vl_jw_obj_end(w);
    } else {
      vl_jw_null(w);
    }
    vl_jw_kint(w, "exploits", v->exploits);
    vl_jw_kstr(w, "exploit_ref", v->exploit_ref);
    vl_jw_obj_end(w);
    return 0;
  }
  if (v->has_cvss)
    printf("%s: %.1f %s (CVSS %s, %s) %s\n", L(sh, L_BEST), v->cvss_score,
           v->cvss_severity ? v->cvss_severity : "", v->cvss_version,
           v->cvss_source ? v->cvss_source : "?", v->cvss_vector);
  if (v->in_kev) {
    date_str(v->kev_added, a, sizeof(a));
    date_str(v->kev_due, b, sizeof(b));
    printf("%s: %s %s, %s %s%s%s\n", L(sh, L_KEV), L(sh, L_KEV_ADDED), a,
           L(sh, L_KEV_DUE), b, v->kev_ransomware ? "; " : "",
           v->kev_ransomware ? L(sh, L_RANSOM) : "");
  } else {
    printf("%s: %s\n", L(sh, L_KEV), L(sh, L_KEV_NOT));
  }
  if (v->has_ssvc)
    printf("%s: exploitation %s, automatable %s, technical impact %s (%s)\n",
           L(sh, L_SSVC), v->ssvc_exploitation ? v->ssvc_exploitation : "?",
           v->ssvc_automatable ? v->ssvc_automatable : "?",
           v->ssvc_impact ? v->ssvc_impact : "?",
           v->ssvc_source ? v->ssvc_source : "?");
  if (v->has_epss) {
    date_str(v->epss_date, a, sizeof(a));
    printf("%s: %.5f (percentile %.5f, %s)\n", L(sh, L_EPSS), v->epss,
           v->epss_percentile, a);
  }
  if (v->exploits)
    printf("%s: %d (%s)\n", L(sh, L_EXPLOITS), v->exploits,
           v->exploit_ref ? v->exploit_ref : "");
  return 0;
}

struct links {
  char id[VULN_LINKS_MAX][VULN_ID_MAX];
  char source[VULN_LINKS_MAX][32];
  int names[VULN_LINKS_MAX];    /* 1: the shown id names it */
  int n;
};

static int on_alias(void *ud, const struct vl_alias *a) {
  struct links *l = ((void **)ud)[0];
  const char *self = ((void **)ud)[1];
  int names = !strcmp(a->vuln_id, self);
  const char *other = names ? a->alias : a->vuln_id;
  for (int i = 0; i < l->n; i++)
    if (!strcmp(l->id[i], other)) return 0;
  if (l->n == VULN_LINKS_MAX) return 0;
  snprintf(l->id[l->n], VULN_ID_MAX, "%s", other);
  snprintf(l->source[l->n], sizeof(l->source[0]), "%s", a->source);
  l->names[l->n] = names;
  l->n++;
  return 0;
}

static int on_remedy(void *ud, const struct vl_remediation *r) {
  struct show *sh = ud;
  /* CSAF documents' remediations are shown with their products below. */
  if (r->source && !strncmp(r->source, "csaf:", 5)) return 0;
  if (sh->w) {
    vl_jw_obj_begin(sh->w);
    vl_jw_kstr(sh->w, "kind", r->kind);
    vl_jw_kstr(sh->w, "source", r->source);
    vl_jw_kstr(sh->w, "text", r->text);
    vl_jw_kstr(sh->w, "url", r->url);
    vl_jw_obj_end(sh->w);
    return 0;
  }
  static const char *const kinds[][3] = {
      {"vendor_fix", "Vendor fix", "ベンダーの修正"},
      {"workaround", "Workaround", "回避策"},
      {"mitigation", "Mitigation", "緩和策"},
      {"none_available", "No fix available", "修正なし"}};
  const char *kind = r->kind ? r->kind : "?";
  for (size_t i = 0; i < VL_ARRAY_LEN(kinds); i++)
    if (!strcmp(kind, kinds[i][0])) kind = kinds[i][1 + sh->ja];
  if (!sh->n_records++) printf("\n%s:\n", L(sh, L_REMEDY));
  char label[200];
  snprintf(label, sizeof(label), "%s (%s)", kind, r->source ? r->source : "?");
  put_block(label, r->text ? r->text : "");
  return 0;
}

/* OSV package statements: ecosystem, package, vers range, first fix. */
static int on_pkg(void *ud, const char *source, const struct vl_pkg_affected *p) {
  struct show *sh = ud;
  if (sh->w) {
    vl_jw_obj_begin(sh->w);
    vl_jw_kstr(sh->w, "source", source);
    vl_jw_kstr(sh->w, "ecosystem", p->ecosystem);
    vl_jw_kstr(sh->w, "name", p->name);
    vl_jw_kstr(sh->w, "purl", p->purl);
    vl_jw_kstr(sh->w, "range_type", p->range_type);
    vl_jw_kstr(sh->w, "range", p->range);
    vl_jw_kstr(sh->w, "introduced", p->introduced);
    vl_jw_kstr(sh->w, "fixed", p->fixed);
    vl_jw_kint(sh->w, "versions_listed", p->versions);
    vl_jw_obj_end(sh->w);
    return 0;
  }
  if (!sh->n_records++) printf("\n%s:\n", L(sh, L_PKGS));
  printf("  [%s] %s %s: %s%s%s\n", source, p->ecosystem, p->name,
         p->range ? p->range : p->range_type ? p->range_type : "-",
         p->fixed ? ", fixed " : "", p->fixed ? p->fixed : "");
  return 0;
}

/* What each distribution says, per release and source package. */
static int on_distro(void *ud, const struct vl_distro_fix *f) {
  struct show *sh = ud;
  if (sh->w) {
    vl_jw_obj_begin(sh->w);
    vl_jw_kstr(sh->w, "distro", f->distro);
    vl_jw_kstr(sh->w, "release", f->release);
    vl_jw_kstr(sh->w, "package", f->source_pkg);
    vl_jw_kstr(sh->w, "status", f->status);
    vl_jw_kstr(sh->w, "fixed_version", f->fixed_version);
    vl_jw_kstr(sh->w, "scheme", f->scheme);
    vl_jw_kstr(sh->w, "urgency", f->urgency);
    vl_jw_obj_end(sh->w);
    return 0;
  }
  if (!sh->n_records++) printf("\n%s:\n", L(sh, L_DISTROS));
  printf("  %s %s %s: %s%s%s\n", f->distro, f->release, f->source_pkg,
         f->status, f->fixed_version ? " " : "",
         f->fixed_version ? f->fixed_version : "");
  return 0;
}

static int count_record(void *ud, const struct vl_vuln *v) {
  (void)v;
  (*(int *)ud)++;
  return 0;
}

static int gather(void *ud, const struct vl_vuln *v) {
  struct headline *h = ud;
  const char *desc[2] = {v->desc_en, v->desc_ja};
  for (int lang = 0; lang < 2; lang++) {
    if (h->desc[lang] || !desc[lang]) continue;
    h->desc[lang] = strdup(desc[lang]);
    h->title[lang] = v->title ? strdup(v->title) : NULL;
    h->from[lang] = strdup(v->id);
  }
  return 0;
}

static void headline_free(struct headline *h) {
  for (int i = 0; i < 2; i++) {
    free(h->title[i]);
    free(h->desc[i]);
    free(h->from[i]);
  }
}

static void headline_print(struct show *sh, const char *id) {
  struct headline *h = sh->h;
  for (int k = 0; k < 2; k++) {
    int lang = sh->ja ? 1 - k : k;
    if (!h->desc[lang]) continue;
    char label[160];
    if (strcmp(h->from[lang], id))
      snprintf(label, sizeof(label), "%s [%s]",
               L(sh, lang ? L_DESC_JA : L_DESC_EN), h->from[lang]);
    else
      snprintf(label, sizeof(label), "%s", L(sh, lang ? L_DESC_JA : L_DESC_EN));
    if (h->title[lang]) printf("  %s: %s\n", L(sh, L_TITLE), h->title[lang]);
    put_block(label, h->desc[lang]);
  }
}

static void headline_json(struct show *sh) {
  struct vl_jw *w = sh->w;
  struct headline *h = sh->h;
  static const char *const keys[2] = {"en", "ja"};
  vl_jw_key(w, "headline");
  vl_jw_obj_begin(w);
  for (int lang = 0; lang < 2; lang++) {
    vl_jw_key(w, keys[lang]);
    if (!h->desc[lang]) {
      vl_jw_null(w);
      continue;
    }
    vl_jw_obj_begin(w);
    vl_jw_kstr(w, "from", h->from[lang]);
    vl_jw_kstr(w, "title", h->title[lang]);
    vl_jw_kstr(w, "description", h->desc[lang]);
    vl_jw_obj_end(w);
  }
  vl_jw_obj_end(w);
}

/* ------------------------------------------------------ CSAF advisories */
/* What vendors' CSAF documents (advisories and VEX) say: per document, its
 * metadata, each product's status (a few per status, then a count) and
 * the remediations with their text, URL and how many products they
 * cover. */
#define CSAF_SHOWN 10

enum { CS_AFFECTED, CS_INVESTIGATING, CS_NOT_AFFECTED, CS_FIXED, CS_N };
static const char *const csaf_status[CS_N][3] = {
    {"known_affected", "Affected", "影響あり"},
    {"under_investigation", "Under investigation", "調査中"},
    {"known_not_affected", "Not affected", "影響なし"},
    {"fixed", "Fixed", "修正済み"}};
static const char *const csaf_kinds[][3] = {
    {"vendor_fix", "Vendor fix", "ベンダーの修正"},
    {"optional_patch", "Optional patch", "任意のパッチ"},
    {"mitigation", "Mitigation", "緩和策"},
    {"workaround", "Workaround", "回避策"},
    {"fix_planned", "Fix planned", "修正予定"},
    {"no_fix_planned", "No fix planned", "修正予定なし"},
    {"none_available", "No fix available", "修正なし"}};
enum { CL_HEAD, CL_PUB, CL_SEV, CL_REL, CL_REM, CL_PRODUCTS, CL_JUST,
       CL_NONE, CL_NLBL };
static const char *const csaf_labels[2][CL_NLBL] = {
    {"CSAF advisories", "Publisher", "Severity", "Released", "Remediations",
     "products", "justification", "no product statements"},
    {"CSAF アドバイザリ", "発行者", "深刻度", "公開日", "対策", "製品",
     "根拠", "製品ごとの記述なし"}};

struct csaf_show {
  struct show *sh;
  const char *vuln;             /* only statements about it, or NULL */
  const struct vl_csaf_doc *doc;
  char cur[VULN_ID_MAX];        /* vulnerability being gathered */
  struct vl_buf lines[CS_N];    /* the first CSAF_SHOWN of each status */
  int count[CS_N];
  char last_text[512];          /* previous remediation (to not repeat) */
  int rems;
  struct vl_diag d;             /* a failure inside a callback */
};

static const char *csaf_kind(const struct show *sh, const char *k) {
  for (size_t i = 0; k && i < VL_ARRAY_LEN(csaf_kinds); i++)
    if (!strcmp(k, csaf_kinds[i][0])) return csaf_kinds[i][1 + sh->ja];
  return k ? k : "?";
}

static void csaf_flush(struct csaf_show *cs) {
  for (int i = 0; i < CS_N; i++) {
    if (!cs->count[i]) continue;
    printf("    %s (%d):\n%s", csaf_status[i][1 + cs->sh->ja], cs->count[i],
           cs->lines[i].data ? cs->lines[i].data : "");
    if (cs->count[i] > CSAF_SHOWN)
      printf("      ... %d %s\n", cs->count[i] - CSAF_SHOWN,
             L(cs->sh, L_MORE));
    vl_buf_reset(&cs->lines[i]);
    cs->count[i] = 0;
  }
}

static int on_csaf_status(void *ud, const struct vl_product_status *p) {
  struct csaf_show *cs = ud;
  if (strcmp(p->source, cs->doc->source) ||
      (cs->vuln && strcmp(p->vuln, cs->vuln)))
    return 0;
  struct vl_jw *w = cs->sh->w;
  if (w) {
    vl_jw_obj_begin(w);
    vl_jw_kstr(w, "vuln", p->vuln);
    vl_jw_kstr(w, "product_id", p->product_id);
    vl_jw_kstr(w, "name", p->name);
    vl_jw_kstr(w, "cpe", p->cpe);
    vl_jw_kstr(w, "purl", p->purl);
    vl_jw_kstr(w, "status", p->status);
    vl_jw_kstr(w, "detail", p->detail);
    vl_jw_kstr(w, "justification", p->justification);
    vl_jw_kstr(w, "impact", p->impact);
    vl_jw_kstr(w, "remediation", p->remediation);
    vl_jw_kstr(w, "remediation_url", p->remediation_url);
    vl_jw_kstr(w, "cvss_vector", p->cvss_vector);
    if (p->cvss_vector) vl_jw_kdouble(w, "cvss_score", p->cvss_score, 1);
    vl_jw_obj_end(w);
    return 0;
  }
  if (!cs->vuln && strcmp(cs->cur, p->vuln)) {
    csaf_flush(cs);
    snprintf(cs->cur, sizeof(cs->cur), "%s", p->vuln);
    printf("    [%s]\n", p->vuln);
  }
  int k = CS_AFFECTED;
  for (int i = 0; i < CS_N; i++)
    if (!strcmp(p->status, csaf_status[i][0])) k = i;
  if (cs->count[k]++ >= CSAF_SHOWN) return 0;
  struct vl_buf *b = &cs->lines[k];
  /* Names as vendors write them, without trailing blanks. */
  const char *nm = p->name ? p->name : p->product_id;
  size_t nl = strlen(nm);
  while (nl && (nm[nl - 1] == ' ' || nm[nl - 1] == '\t')) nl--;
  vl_buf_printf(b, "      %.*s", (int)nl, nm);
  if (p->version && p->name && !strstr(p->name, p->version))
    vl_buf_printf(b, " %s", p->version);
  if (p->purl || p->cpe) vl_buf_printf(b, " [%s]", p->purl ? p->purl : p->cpe);
  if (p->detail && strcmp(p->detail, p->status))
    vl_buf_printf(b, " (%s)", p->detail);
  vl_buf_putc(b, '\n');
  if (p->justification)
    vl_buf_printf(b, "        %s: %s\n", csaf_labels[cs->sh->ja][CL_JUST],
                  p->justification);
  if (p->cvss_vector)
    vl_buf_printf(b, "        CVSS %.1f %s\n", p->cvss_score, p->cvss_vector);
  if (p->remediation)
    vl_buf_printf(b, "        %s%s%s\n", csaf_kind(cs->sh, p->remediation),
                  p->remediation_url ? " " : "",
                  p->remediation_url ? p->remediation_url : "");
  return 0;
}

static int on_csaf_rem(void *ud, const struct vl_csaf_remediation *r) {
  struct csaf_show *cs = ud;
  struct vl_jw *w = cs->sh->w;
  int products = 0;
  for (const char *p = r->products; p && *p; products++) {
    p += strcspn(p, " ");
    p += strspn(p, " ");
  }
  if (w) {
    vl_jw_obj_begin(w);
    vl_jw_kstr(w, "vuln", r->vuln);
    vl_jw_kstr(w, "kind", r->kind);
    vl_jw_kstr(w, "text", r->text);
    vl_jw_kstr(w, "url", r->url);
    vl_jw_kint(w, "products", products);
    vl_jw_obj_end(w);
    return 0;
  }
  if (!cs->rems++)
    printf("    %s:\n", csaf_labels[cs->sh->ja][CL_REM]);
  char head[512];
  snprintf(head, sizeof(head), "%s%s%s", r->kind ? r->kind : "",
           cs->vuln ? "" : " ", cs->vuln ? "" : r->vuln);
  /* The same words for the next batch of products: only the URL. */
  char key[512];
  snprintf(key, sizeof(key), "%s|%.400s", head, r->text ? r->text : "");
  bool same = !strcmp(key, cs->last_text);
  snprintf(cs->last_text, sizeof(cs->last_text), "%s", key);
  if (!same) {
    printf("      %s%s%s:\n", csaf_kind(cs->sh, r->kind), cs->vuln ? "" : " ",
           cs->vuln ? "" : r->vuln);
    const char *t = r->text ? r->text : "";
    while (*t) {
      size_t n = strcspn(t, "\n");
      if (n) printf("        %.*s\n", (int)n, t);
      t += n;
      if (*t) t++;
    }
  }
  printf("        %s%s(%d %s)\n", r->url ? r->url : "", r->url ? " " : "",
         products,
         cs->sh->ja || products != 1 ? csaf_labels[cs->sh->ja][CL_PRODUCTS]
                                     : "product");
  return 0;
}

static int on_csaf_doc(void *ud, const struct vl_csaf_doc *doc) {
  struct csaf_show *cs = ud;
  struct show *sh = cs->sh;
  struct vl_jw *w = sh->w;
  cs->doc = doc;
  cs->cur[0] = '\0';
  cs->rems = 0;
  cs->last_text[0] = '\0';
  if (w) {
    vl_jw_obj_begin(w);
    vl_jw_kstr(w, "id", doc->id);
    vl_jw_kstr(w, "source", doc->source);
    vl_jw_kstr(w, "category", doc->category);
    vl_jw_kstr(w, "version", doc->version);
    vl_jw_kstr(w, "status", doc->status);
    vl_jw_kstr(w, "title", doc->title);
    vl_jw_kstr(w, "publisher", doc->publisher);
    vl_jw_kstr(w, "url", doc->url);
    vl_jw_kstr(w, "severity", doc->severity);
    vl_jw_kstr(w, "lang", doc->lang);
    json_time(w, "published", doc->published);
    json_time(w, "modified", doc->modified);
    vl_jw_key(w, "statements");
    vl_jw_arr_begin(w);
  } else {
    char a[16], b[16];
    date_str(doc->published, a, sizeof(a));
    date_str(doc->modified, b, sizeof(b));
    printf("  %s (%s) %s %s, %s\n", doc->id, doc->category,
           sh->ja ? "版" : "version", doc->version, doc->status);
    printf("    %s: %s (%s)\n", L(sh, L_TITLE), doc->title ? doc->title : "",
           doc->source);
    printf("    %s: %s\n", csaf_labels[sh->ja][CL_PUB],
           doc->publisher ? doc->publisher : "?");
    printf("    %s: %s   %s: %s\n", csaf_labels[sh->ja][CL_REL], a,
           L(sh, L_MODIFIED), b);
    if (doc->severity)
      printf("    %s: %s\n", csaf_labels[sh->ja][CL_SEV], doc->severity);
    if (doc->url) printf("    URL: %s\n", doc->url);
  }
  int rc = vl_store_product_status_doc(sh->s, doc->id, on_csaf_status, cs,
                                       &cs->d);
  if (rc) return rc;
  if (w) {
    vl_jw_arr_end(w);
    vl_jw_key(w, "remediations");
    vl_jw_arr_begin(w);
  } else {
    bool any = false;
    for (int i = 0; i < CS_N; i++) any = any || cs->count[i];
    if (!any && !cs->cur[0])
      printf("    (%s)\n", csaf_labels[sh->ja][CL_NONE]);
    csaf_flush(cs);
  }
  rc = vl_store_csaf_remediations(sh->s, doc->id, cs->vuln, on_csaf_rem, cs,
                                  &cs->d);
  if (rc) return rc;
  if (w) {
    vl_jw_arr_end(w);
    vl_jw_obj_end(w);
  }
  return 0;
}

static int count_doc(void *ud, const struct vl_csaf_doc *doc) {
  (void)doc;
  (*(int *)ud)++;
  return 0;
}

/* The CSAF documents with tracking id doc (every vulnerability they are
 * about), or when doc is NULL those about vuln (their statements about
 * it).  Returns 0, or the exit status of the error it reported. */
static int show_csaf(struct show *sh, const char *doc, const char *vuln) {
  struct csaf_show cs;
  memset(&cs, 0, sizeof(cs));
  cs.sh = sh;
  cs.vuln = doc ? NULL : vuln;
  vl_diag_clear(&cs.d);
  for (int i = 0; i < CS_N; i++) vl_buf_init(&cs.lines[i], 1u << 20);
  int n = 0;
  int rc = vl_store_csaf_docs(sh->s, doc, vuln, count_doc, &n, &cs.d);
  /* The "csaf" member is there when there are documents (or when a
   * document is asked for by its id). */
  bool key = sh->w && !rc && (n || doc);
  if (key) {
    vl_jw_key(sh->w, "csaf");
    vl_jw_arr_begin(sh->w);
  }
  if (!rc && !sh->w && n) printf("\n%s:\n", csaf_labels[sh->ja][CL_HEAD]);
  if (!rc && n) rc = vl_store_csaf_docs(sh->s, doc, vuln, on_csaf_doc, &cs,
                                        &cs.d);
  if (key) vl_jw_arr_end(sh->w);
  for (int i = 0; i < CS_N; i++) vl_buf_free(&cs.lines[i]);
  return rc ? cli_fail(&cs.d, rc) : 0;
}

/* `vuln show RHSA-2024:1234`: an id that is a CSAF document's, not a
 * vulnerability's. */
static int show_advisory(struct cli_ctx *ctx, struct vl_store *s,
                         const char *id) {
  struct headline h;
  memset(&h, 0, sizeof(h));
  struct vl_buf out;
  vl_buf_init(&out, VULN_JSON_MAX);
  struct vl_jw w;
  struct show sh = {ctx, s, !strcmp(ctx->lang, "ja"), NULL, 0, &h};
  if (ctx->json) {
    vl_jw_init(&w, &out, 1);
    sh.w = &w;
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "id", id);
  } else {
    printf("%s\n", id);
  }
  int rc = show_csaf(&sh, id, NULL);
  if (!rc && sh.w) {
    vl_jw_obj_end(&w);
    if (vl_jw_finish(&w)) {
      fprintf(stderr, "vulnloop: output too large\n");
      rc = 1;
    } else {
      cli_print_buf(&out);
    }
  }
  vl_buf_free(&out);
  return rc;
}

static int show(struct cli_ctx *ctx, const char *id_arg) {
  char id[VULN_ID_MAX];
  if (!*id_arg || strlen(id_arg) >= sizeof(id))
    return cli_usage("vuln show: bad id");
  snprintf(id, sizeof(id), "%s", id_arg);
  if (!strncmp(id, "cve-", 4) || !strncmp(id, "jvndb-", 6))
    for (char *p = id; *p; p++)
      if (*p >= 'a' && *p <= 'z') *p = (char)(*p - 'a' + 'A');
  struct vl_store *s = cli_store(ctx);
  if (!s) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct links *l = calloc(1, sizeof(*l));
  if (!l) return cli_fail(NULL, VL_ENOMEM);
  void *aud[2] = {l, id};
  int rc = vl_store_aliases(s, id, on_alias, aud, &d);
  if (rc) {
    free(l);
    return cli_fail(&d, rc);
  }
  /* Unknown everywhere: an error before any output. */
  int found = 0;
  rc = vl_store_vuln_records(s, id, count_record, &found, &d);
  if (rc == VL_ENOTFOUND && l->n == 0) {
    /* Not a vulnerability: perhaps a CSAF document's id. */
    int docs = 0;
    struct vl_diag d2;
    vl_diag_clear(&d2);
    int crc = vl_store_csaf_docs(s, id_arg, NULL, count_doc, &docs, &d2);
    free(l);
    if (crc) return cli_fail(&d2, crc);
    if (docs) return show_advisory(ctx, s, id_arg);
    return cli_fail(&d, rc);
  }
  if (rc && rc != VL_ENOTFOUND) {
    free(l);
    return cli_fail(&d, rc);
  }
  vl_diag_clear(&d);
  struct headline h;
  memset(&h, 0, sizeof(h));
  struct vl_buf out;
  vl_buf_init(&out, VULN_JSON_MAX);
  struct vl_jw w;
  struct show sh = {ctx, s, !strcmp(ctx->lang, "ja"), NULL, 0, &h};
  /* Own records first, then linked ones, for the text shown at the top. */
  rc = found ? vl_store_vuln_records(s, id, gather, &h, &d) : 0;
  for (int i = 0; !rc && i < l->n; i++) {
    rc = vl_store_vuln_records(s, l->id[i], gather, &h, &d);
    if (rc == VL_ENOTFOUND) rc = 0;
  }
  if (rc) {
    rc = cli_fail(&d, rc);
    goto out;
  }
  vl_diag_clear(&d);
  if (ctx->json) {
    vl_jw_init(&w, &out, 1);
    sh.w = &w;
    vl_jw_obj_begin(&w);
    vl_jw_kstr(&w, "id", id);
    headline_json(&sh);
    vl_jw_key(&w, "records");
    vl_jw_arr_begin(&w);
  } else {
    printf("%s\n", id);
    headline_print(&sh, id);
  }
  /* The id's own records, then its summary. */
  int rrc = vl_store_vuln_records(s, id, on_record, &sh, &d);
  if (rrc && rrc != VL_ENOTFOUND) {
    rc = cli_fail(&d, rrc);
    goto out;
  }
  if (sh.w) vl_jw_arr_end(&w);
  vl_diag_clear(&d);
  if (rrc == 0) {
    if (!sh.w) printf("\n");
    int irc = vl_store_vuln_info(s, id, on_info, &sh, &d);
    if (irc) {
      rc = cli_fail(&d, irc);
      goto out;
    }
  } else if (sh.w) {
    vl_jw_key(&w, "summary");
    vl_jw_null(&w);
  } else {
    printf("  (%s)\n", L(&sh, L_NO_OWN));
  }
  /* What vendors and CERTs say to do (stored under this id). */
  if (sh.w) {
    vl_jw_key(&w, "remediations");
    vl_jw_arr_begin(&w);
  }
  sh.n_records = 0;
  int mrc = vl_store_remediations(s, id, on_remedy, &sh, &d);
  if (mrc) {
    rc = cli_fail(&d, mrc);
    goto out;
  }
  if (sh.w) vl_jw_arr_end(&w);
  /* Package ecosystems' and distributions' statements about this id. */
  if (sh.w) {
    vl_jw_key(&w, "packages");
    vl_jw_arr_begin(&w);
  }
  sh.n_records = 0;
  if ((mrc = vl_store_pkg_list(s, id, on_pkg, &sh, &d))) {
    rc = cli_fail(&d, mrc);
    goto out;
  }
  if (sh.w) {
    vl_jw_arr_end(&w);
    vl_jw_key(&w, "distributions");
    vl_jw_arr_begin(&w);
  }
  sh.n_records = 0;
  if ((mrc = vl_store_distro_fixes(s, id, on_distro, &sh, &d))) {
    rc = cli_fail(&d, mrc);
    goto out;
  }
  if (sh.w) vl_jw_arr_end(&w);
  /* Vendors' CSAF advisories and VEX documents about this id. */
  if ((rc = show_csaf(&sh, NULL, id))) goto out;
  /* Linked ids, each with its own records. */
  if (sh.w) {
    vl_jw_key(&w, "linked");
    vl_jw_arr_begin(&w);
  } else {
    printf("\n%s:%s%s\n", L(&sh, L_LINKED), l->n ? "" : " ",
           l->n ? "" : L(&sh, L_NONE));
  }
  for (int i = 0; i < l->n; i++) {
    if (sh.w) {
      vl_jw_obj_begin(&w);
      vl_jw_kstr(&w, "id", l->id[i]);
      vl_jw_kstr(&w, "relation", l->names[i] ? "named_by" : "names");
      vl_jw_kstr(&w, "source", l->source[i]);
      vl_jw_key(&w, "records");
      vl_jw_arr_begin(&w);
    } else {
      printf("\n=== %s (%s: %s)\n", l->id[i], l->source[i],
             L(&sh, l->names[i] ? L_NAMES : L_NAMED_BY));
    }
    vl_diag_clear(&d);
    sh.n_records = 0;
    rrc = vl_store_vuln_records(s, l->id[i], on_record, &sh, &d);
    if (rrc && rrc != VL_ENOTFOUND) {
      rc = cli_fail(&d, rrc);
      goto out;
    }
    if (sh.w) {
      vl_jw_arr_end(&w);
      vl_jw_obj_end(&w);
    } else if (rrc == VL_ENOTFOUND) {
      printf("  (%s)\n", L(&sh, L_NOT_STORED));
    }
  }
  if (sh.w) {
    vl_jw_arr_end(&w);
    vl_jw_obj_end(&w);
    if (vl_jw_finish(&w)) {
      fprintf(stderr, "vulnloop: output too large\n");
      rc = 1;
      goto out;
    }
    cli_print_buf(&out);
  }
  rc = 0;
out:
  vl_buf_free(&out);
  headline_free(&h);
  free(l);
  return rc;
}

/* ------------------------------------------------------------------ list */

struct list_ud {
  struct vl_jw *w;
  int ja;
  long n;
};

static int on_row(void *ud, const struct vl_vuln_row *r) {
  struct list_ud *lu = ud;
  lu->n++;
  char mod[16];
  date_str(r->modified, mod, sizeof(mod));
  const char *title = r->title ? r->title : lu->ja && r->desc_ja ? r->desc_ja
                                          : r->desc_en ? r->desc_en
                                                       : r->desc_ja;
  if (lu->w) {
    struct vl_jw *w = lu->w;
    vl_jw_obj_begin(w);
    vl_jw_kstr(w, "id", r->id);
    vl_jw_kstr(w, "source", r->source);
    json_time(w, "modified", r->modified);
    vl_jw_key(w, "cvss");
    if (r->cvss >= 0)
      vl_jw_double(w, r->cvss, 1);
    else
      vl_jw_null(w);
    vl_jw_kbool(w, "kev", r->in_kev);
    vl_jw_kstr(w, "title", r->title);
    vl_jw_obj_end(w);
    return 0;
  }
  char score[8];
  if (r->cvss >= 0)
    snprintf(score, sizeof(score), "%.1f", r->cvss);
  else
    snprintf(score, sizeof(score), "-");
  /* One line per id: the title is cut at 100 bytes on a UTF-8 boundary. */
  size_t n = title ? strlen(title) : 0;
  if (n > 100) {
    n = 100;
    while (n && ((unsigned char)title[n] & 0xC0) == 0x80) n--;
  }
  /* Line breaks and runs of white space in a description become one
   * space: one line per id. */
  char one[128];
  size_t o = 0;
  for (size_t i = 0; i < n && o + 1 < sizeof(one); i++) {
    char c = title[i];
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (c == ' ' && o && one[o - 1] == ' ') continue;
    one[o++] = c;
  }
  one[o] = 0;
  printf("%-20s %-8s %s %5s %-3s %s%s\n", r->id, r->source, mod, score,
         r->in_kev ? "KEV" : "-", one,
         title && n < strlen(title) ? "..." : "");
  return 0;
}

/* `vuln list --advisories`: the CSAF documents, newest first, with the
 * list's --since, --keyword (in the id, title or publisher) and --limit. */
struct adv_ud {
  struct list_ud *lu;
  const struct vl_vuln_filter *f;
};

static char lc(char c) { return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c; }

/* Whether needle occurs in hay, ASCII case-insensitively. */
static bool ci_has(const char *hay, const char *needle) {
  size_t n = strlen(needle);
  for (; hay && *hay; hay++) {
    size_t i = 0;
    while (i < n && hay[i] && lc(hay[i]) == lc(needle[i])) i++;
    if (i == n) return true;
  }
  return false;
}

static int on_adv_row(void *ud, const struct vl_csaf_doc *doc) {
  struct adv_ud *a = ud;
  struct list_ud *lu = a->lu;
  if (a->f->since && doc->modified < a->f->since) return 0;
  if (a->f->keyword && !ci_has(doc->id, a->f->keyword) &&
      !ci_has(doc->title, a->f->keyword) &&
      !ci_has(doc->publisher, a->f->keyword))
    return 0;
  if (lu->n >= (a->f->limit ? a->f->limit : 1000)) return 1;
  lu->n++;
  if (lu->w) {
    struct vl_jw *w = lu->w;
    vl_jw_obj_begin(w);
    vl_jw_kstr(w, "id", doc->id);
    vl_jw_kstr(w, "source", doc->source);
    vl_jw_kstr(w, "category", doc->category);
    vl_jw_kstr(w, "version", doc->version);
    json_time(w, "modified", doc->modified);
    vl_jw_kstr(w, "severity", doc->severity);
    vl_jw_kstr(w, "publisher", doc->publisher);
    vl_jw_kstr(w, "title", doc->title);
    vl_jw_kstr(w, "url", doc->url);
    vl_jw_obj_end(w);
    return 0;
  }
  char mod[16];
  date_str(doc->modified, mod, sizeof(mod));
  const char *title = doc->title ? doc->title : "";
  size_t n = strlen(title);
  if (n > 100) {
    n = 100;
    while (n && ((unsigned char)title[n] & 0xC0) == 0x80) n--;
  }
  printf("%-24s %-20s %s %-9s %.*s%s\n", doc->id, doc->source, mod,
         doc->severity ? doc->severity : "-", (int)n, title,
         n < strlen(title) ? "..." : "");
  return 0;
}

static int list(struct cli_ctx *ctx, int argc, char **argv) {
  struct vl_vuln_filter f = {0};
  bool advisories = false;
  for (int i = 2; i < argc;) {
    const char *v;
    int r;
    if (!strcmp(argv[i], "--advisories")) {
      advisories = true;
      i++;
    } else if (!strcmp(argv[i], "--kev")) {
      f.kev = true;
      i++;
    } else if ((r = cli_opt(argc, argv, &i, "--since", &v))) {
      if (r < 0) return 2;
      if (vl_time_parse(v, &f.since))
        return cli_usage("--since: not a date: '%s'", v);
    } else if ((r = cli_opt(argc, argv, &i, "--keyword", &v))) {
      if (r < 0) return 2;
      if (strlen(v) > 200) return cli_usage("--keyword: too long");
      f.keyword = v;
    } else if ((r = cli_opt(argc, argv, &i, "--cvss-min", &v))) {
      if (r < 0) return 2;
      char *end;
      f.cvss_min = strtod(v, &end);
      if (end == v || *end || !(f.cvss_min >= 0 && f.cvss_min <= 10))
        return cli_usage("--cvss-min: a score from 0 to 10, not '%s'", v);
    } else if ((r = cli_opt(argc, argv, &i, "--epss-min", &v))) {
      if (r < 0) return 2;
      char *end;
      f.epss_min = strtod(v, &end);
      if (end == v || *end || !(f.epss_min >= 0 && f.epss_min <= 1))
        return cli_usage("--epss-min: a probability from 0 to 1, not '%s'",
                         v);
    } else if ((r = cli_opt(argc, argv, &i, "--vendor", &v))) {
      if (r < 0) return 2;
      if (strlen(v) > 200) return cli_usage("--vendor: too long");
      f.vendor = v;
    } else if ((r = cli_opt(argc, argv, &i, "--product", &v))) {
      if (r < 0) return 2;
      if (strlen(v) > 200) return cli_usage("--product: too long");
      f.product = v;
    } else if ((r = cli_opt(argc, argv, &i, "--limit", &v))) {
      if (r < 0) return 2;
      char *end;
      long n = strtol(v, &end, 10);
      if (end == v || *end || n < 1 || n > 100000)
        return cli_usage("--limit: a number from 1 to 100000, not '%s'", v);
      f.limit = n;
    } else {
      return cli_usage("vuln list: unknown option '%s'", argv[i]);
    }
  }
  struct vl_store *s = cli_store(ctx);
  if (!s) return 1;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_buf out;
  vl_buf_init(&out, VULN_JSON_MAX);
  struct vl_jw w;
  struct list_ud lu = {NULL, !strcmp(ctx->lang, "ja"), 0};
  if (ctx->json) {
    vl_jw_init(&w, &out, 1);
    lu.w = &w;
    vl_jw_arr_begin(&w);
  }
  if (advisories && (f.kev || f.cvss_min > 0 || f.epss_min > 0 ||
                     f.vendor || f.product)) {
    vl_buf_free(&out);
    return cli_usage("--advisories lists documents: not with --kev, "
                     "--cvss-min, --epss-min, --vendor or --product");
  }
  struct adv_ud au = {&lu, &f};
  int rc = advisories ? vl_store_csaf_docs(s, NULL, NULL, on_adv_row, &au, &d)
                      : vl_store_vuln_list(s, &f, on_row, &lu, &d);
  if (rc == 1 && advisories) rc = 0; /* --limit reached */
  if (rc) {
    vl_buf_free(&out);
    return cli_fail(&d, rc);
  }
  if (ctx->json) {
    vl_jw_arr_end(&w);
    if (vl_jw_finish(&w)) {
      vl_buf_free(&out);
      fprintf(stderr, "vulnloop: output too large\n");
      return 1;
    }
    cli_print_buf(&out);
  } else if (lu.n == 0) {
    printf(advisories ? (lu.ja ? "該当するアドバイザリはありません\n"
                               : "no advisories match\n")
           : lu.ja    ? "該当する脆弱性はありません\n"
                      : "no vulnerabilities match\n");
  }
  vl_buf_free(&out);
  return 0;
}

int cmd_vuln(struct cli_ctx *ctx, int argc, char **argv) {
  static const char *usage =
      "usage: vulnloop [--lang en|ja] [--json] vuln show ID\n"
      "       vulnloop [--json] vuln list [--kev] [--since DATE] "
      "[--keyword K] [--cvss-min N] [--limit N]\n"
      "       vulnloop [--json] vuln list --advisories [--since DATE] "
      "[--keyword K] [--limit N]";
  /* --json and --lang may also follow "vuln". */
  cli_trailing_globals(ctx, &argc, argv);
  if (argc >= 2 && !strcmp(argv[1], "show")) {
    if (argc != 3) return cli_usage("%s", usage);
    return show(ctx, argv[2]);
  }
  if (argc >= 2 && !strcmp(argv[1], "list")) return list(ctx, argc, argv);
  return cli_usage("%s", usage);
}
