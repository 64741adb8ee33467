/* CSAF documents and VEX statements in the store (migration 9): the
 * document on its advisories row, the vulnerabilities it is about, one
 * product_status row per (vulnerability, product) and its remediations.
 * Shared intelligence; every row hangs off the advisories row and goes with
 * it when a newer version of the document replaces it.
 *
 * The lookup keys of a statement (purl without qualifiers and subpath, with
 * and without its version; CPE vendor and product) are derived here, on
 * insert and on query alike, so that both sides always agree. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vl_db.h"
#include "vulnloop/cpe.h"
#include "vulnloop/purl.h"

/* ------------------------------------------------------------------ keys */

struct keys {
  char *purl_key;    /* malloc'd canonical purl without qualifiers/subpath */
  char *purl_name;   /* the same without the version */
  char vendor[VL_CPE_VALUE_MAX];  /* CPE vendor, lower case, or "" */
  char product[VL_CPE_VALUE_MAX]; /* CPE product, or "" */
};

static void keys_free(struct keys *k) {
  free(k->purl_key);
  free(k->purl_name);
  k->purl_key = k->purl_name = NULL;
}

static int purl_keys(const char *purl, struct keys *k, struct vl_diag *d) {
  struct vl_arena *a = NULL;
  struct vl_buf b;
  vl_buf_init(&b, VL_PURL_STR_MAX * 4);
  int rc = vl_arena_new(1u << 20, &a);
  if (rc) return rc;
  struct vl_purl p;
  if ((rc = vl_purl_parse(a, purl, strlen(purl), 0, &p, d))) {
    char why[VL_DIAG_MSG_MAX];
    snprintf(why, sizeof(why), "%s", d ? d->msg : "");
    /* Whatever the parser's reason, the caller gave a bad filter. */
    rc = vl_diag_set(d, VL_EINVAL, "not a valid purl (%.200s): %.200s", why,
                     purl);
    goto out;
  }
  p.quals = NULL;
  p.nquals = 0;
  p.subpath = NULL;
  if ((rc = vl_purl_to_string(&p, &b))) goto out;
  k->purl_key = vl_buf_steal(&b);
  p.version = NULL;
  if ((rc = vl_purl_to_string(&p, &b))) goto out;
  k->purl_name = vl_buf_steal(&b);
  if (!k->purl_key || !k->purl_name) rc = VL_ENOMEM;
out:
  vl_buf_free(&b);
  vl_arena_free(a);
  return rc;
}

static int cpe_keys(const char *cpe, struct keys *k, struct vl_diag *d) {
  k->vendor[0] = k->product[0] = '\0';
  if (strncmp(cpe, "cpe:", 4) != 0) {
    /* "vendor:product", as a query filter may give it (the product may
     * hold colons; an empty vendor or product names nothing: no keys). */
    const char *colon = strchr(cpe, ':');
    size_t vn = colon ? (size_t)(colon - cpe) : 0;
    if (!colon || vn >= sizeof(k->vendor) ||
        strlen(colon + 1) >= sizeof(k->product))
      return vl_diag_set(d, VL_EINVAL,
                         "not a CPE nor vendor:product: %.200s", cpe);
    if (!vn || !colon[1]) return 0;
    for (size_t i = 0; i < vn; i++)
      k->vendor[i] = (char)tolower((unsigned char)cpe[i]);
    k->vendor[vn] = '\0';
    size_t i = 0;
    for (const char *q = colon + 1; *q; q++)
      k->product[i++] = (char)tolower((unsigned char)*q);
    k->product[i] = '\0';
    return 0;
  }
  struct vl_cpe *c = malloc(sizeof(*c));
  struct vl_cpe_key *key = malloc(sizeof(*key));
  int rc = 0;
  if (!c || !key) {
    rc = VL_ENOMEM;
    goto out;
  }
  if ((rc = vl_cpe_parse(cpe, strlen(cpe), c, d))) {
    char why[VL_DIAG_MSG_MAX];
    snprintf(why, sizeof(why), "%s", d ? d->msg : "");
    rc = vl_diag_set(d, VL_EINVAL, "not a valid CPE (%.200s): %.200s", why,
                     cpe);
    goto out;
  }
  vl_cpe_key_of(c, key);
  /* A pattern or an ANY vendor/product is not a name to look up. */
  if (key->vendor.kind == VL_CPE_VALUE && !key->vendor.wild &&
      key->product.kind == VL_CPE_VALUE && !key->product.wild) {
    memcpy(k->vendor, key->vendor.text, sizeof(k->vendor));
    memcpy(k->product, key->product.text, sizeof(k->product));
  }
out:
  free(c);
  free(key);
  return rc;
}

/* ------------------------------------------------------------- documents */

/* Compares tracking versions: integers ("3") or semantic versions
 * ("1.0.0-rc.1"), number by number; a pre-release sorts before its
 * release; anything else compares as text. */
static int version_cmp(const char *a, const char *b) {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  const char *p = a, *q = b;
  while (*p && *q && *p != '-' && *p != '+' && *q != '-' && *q != '+') {
    if (!isdigit((unsigned char)*p) || !isdigit((unsigned char)*q))
      return strcmp(a, b) < 0 ? -1 : strcmp(a, b) > 0;
    unsigned long long x = strtoull(p, (char **)&p, 10);
    unsigned long long y = strtoull(q, (char **)&q, 10);
    if (x != y) return x < y ? -1 : 1;
    if (*p == '.') p++;
    if (*q == '.') q++;
  }
  bool pe = !*p || *p == '+', qe = !*q || *q == '+';
  bool pn = !pe && *p != '-', qn = !qe && *q != '-';
  if (pn != qn) return pn ? 1 : -1;  /* more numbers: newer */
  if (pe && qe) return 0;
  if (pe != qe) return pe ? 1 : -1;  /* a release beats its pre-release */
  int c = strcmp(p, q);
  return c < 0 ? -1 : c > 0;
}

int vl_store_csaf_doc_begin(struct vl_store *s, const struct vl_csaf_doc *doc,
                            int *changed, int64_t *pk, struct vl_diag *d) {
  static const char *sel =
      "SELECT id, modified, version FROM advisories"
      " WHERE advisory_id = ? AND source = ?";
  static const char *ins =
      "INSERT INTO advisories(advisory_id, source, title, published,"
      " modified, category, version, status, lang, publisher, publisher_ns,"
      " url, severity, summary, raw_sha256, imported)"
      " VALUES(?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16)";
  static const char *upd =
      "UPDATE advisories SET title=?3, published=?4, modified=?5,"
      " category=?6, version=?7, status=?8, lang=?9, publisher=?10,"
      " publisher_ns=?11, url=?12, severity=?13, summary=?14,"
      " raw_sha256=?15, imported=?16 WHERE id=?17";
  static const char *del_status =
      "DELETE FROM product_status WHERE advisory = ?";
  static const char *del_vulns =
      "DELETE FROM advisory_vulns WHERE advisory = ?";
  static const char *del_rem = "DELETE FROM remediations WHERE advisory = ?";
  *changed = 0;
  *pk = 0;
  if (!doc->id || !doc->source)
    return vl_diag_set(d, VL_EINVAL, "CSAF document without id or source");
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, doc->id);
  vl_db_text(st, 2, doc->source);
  int64_t old = 0;
  int step = sqlite3_step(st);
  if (step == SQLITE_ROW) {
    old = sqlite3_column_int64(st, 0);
    vl_time old_mod = sqlite3_column_int64(st, 1);
    int vc = version_cmp(doc->version, vl_db_col(st, 2));
    sqlite3_reset(st);
    /* The current release date decides; on the same date, the version. */
    if (doc->modified < old_mod || (doc->modified == old_mod && vc <= 0))
      return 0;
  } else {
    sqlite3_reset(st);
    if (step != SQLITE_DONE) return vl_db_err(s, d, "CSAF document lookup");
  }
  int rc;
  if (old) {
    const char *dels[] = {del_status, del_vulns, del_rem};
    for (size_t i = 0; i < VL_ARRAY_LEN(dels); i++) {
      if (!(st = vl_db_prep(s, dels[i], d))) return VL_EDB;
      sqlite3_bind_int64(st, 1, old);
      if ((rc = vl_db_done(s, st, d))) return rc;
    }
    if (!(st = vl_db_prep(s, upd, d))) return VL_EDB;
    sqlite3_bind_int64(st, 17, old);
  } else {
    if (!(st = vl_db_prep(s, ins, d))) return VL_EDB;
  }
  vl_db_text(st, 1, doc->id);
  vl_db_text(st, 2, doc->source);
  vl_db_text(st, 3, doc->title);
  sqlite3_bind_int64(st, 4, doc->published);
  sqlite3_bind_int64(st, 5, doc->modified);
  vl_db_text(st, 6, doc->category);
  vl_db_text(st, 7, doc->version);
  vl_db_text(st, 8, doc->status);
  vl_db_text(st, 9, doc->lang);
  vl_db_text(st, 10, doc->publisher);
  vl_db_text(st, 11, doc->publisher_ns);
  vl_db_text(st, 12, doc->url);
  vl_db_text(st, 13, doc->severity);
  vl_db_text(st, 14, doc->summary);
  vl_db_text(st, 15, doc->raw_sha256);
  sqlite3_bind_int64(st, 16, vl_time_now());
  if ((rc = vl_db_done(s, st, d))) return rc;
  *pk = old ? old : sqlite3_last_insert_rowid(s->db);
  *changed = 1;
  return 0;
}

int vl_store_csaf_vuln_add(struct vl_store *s, int64_t pk, const char *vuln,
                           const char *title, struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO advisory_vulns(advisory, vuln_id, title, ord)"
      " VALUES(?1, ?2, ?3,"
      " (SELECT count(*) FROM advisory_vulns WHERE advisory = ?1))"
      " ON CONFLICT(advisory, vuln_id) DO NOTHING";
  if (!vuln) return vl_diag_set(d, VL_EINVAL, "CSAF vulnerability without id");
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, pk);
  vl_db_text(st, 2, vuln);
  vl_db_text(st, 3, title);
  return vl_db_done(s, st, d);
}

int vl_store_csaf_status_add(struct vl_store *s, int64_t pk,
                             const struct vl_product_status *p,
                             struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO product_status(advisory, vuln_id, product_id, name,"
      " vendor, product, version, cpe, cpe_vendor, cpe_product, purl,"
      " purl_key, purl_name, status, detail, justification, impact,"
      " remediation, remediation_text, remediation_url, cvss_vector,"
      " cvss_score)"
      " VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)";
  if (!p->vuln || !p->product_id || !p->status || !p->detail)
    return vl_diag_set(d, VL_EINVAL,
                       "product statement without vulnerability, product "
                       "or status");
  struct keys k = {0};
  int rc = 0;
  if (p->purl && (rc = purl_keys(p->purl, &k, d))) goto out;
  if (p->cpe && (rc = cpe_keys(p->cpe, &k, d))) goto out;
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) {
    rc = VL_EDB;
    goto out;
  }
  sqlite3_bind_int64(st, 1, pk);
  vl_db_text(st, 2, p->vuln);
  vl_db_text(st, 3, p->product_id);
  vl_db_text(st, 4, p->name);
  vl_db_text(st, 5, p->vendor);
  vl_db_text(st, 6, p->product);
  vl_db_text(st, 7, p->version);
  vl_db_text(st, 8, p->cpe);
  vl_db_text(st, 9, k.vendor[0] ? k.vendor : NULL);
  vl_db_text(st, 10, k.product[0] ? k.product : NULL);
  vl_db_text(st, 11, p->purl);
  vl_db_text(st, 12, k.purl_key);
  vl_db_text(st, 13, k.purl_name);
  vl_db_text(st, 14, p->status);
  vl_db_text(st, 15, p->detail);
  vl_db_text(st, 16, p->justification);
  vl_db_text(st, 17, p->impact);
  vl_db_text(st, 18, p->remediation);
  vl_db_text(st, 19, p->remediation_text);
  vl_db_text(st, 20, p->remediation_url);
  vl_db_text(st, 21, p->cvss_vector);
  if (p->cvss_vector) sqlite3_bind_double(st, 22, p->cvss_score);
  rc = vl_db_done(s, st, d);
out:
  keys_free(&k);
  return rc;
}

/* ------------------------------------------------------------ statements */

#define STATUS_SELECT                                                       \
  "SELECT p.vuln_id, a.advisory_id, a.publisher, a.url, p.product_id,"     \
  " p.name, p.cpe, p.purl, p.status, p.justification, p.remediation,"      \
  " p.detail, a.source, p.vendor, p.product, p.version,"                   \
  " p.remediation_text, p.remediation_url, p.cvss_vector, p.cvss_score,"   \
  " p.impact FROM product_status p JOIN advisories a ON a.id = p.advisory"
#define STATUS_FILTERS                                                      \
  " AND (?1 IS NULL OR p.vuln_id = ?1)"                                     \
  " AND (?2 IS NULL OR p.purl_key = ?2)"                                    \
  " AND (?3 IS NULL OR p.purl_name = ?3)"                                   \
  " AND (?4 IS NULL OR (p.cpe_vendor = ?4 AND p.cpe_product = ?5))"
#define STATUS_ORDER \
  " ORDER BY p.vuln_id, a.advisory_id, a.source, p.product_id, p.id"

static int status_rows(struct vl_store *s, sqlite3_stmt *st,
                       vl_product_status_cb cb, void *ud, struct vl_diag *d) {
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_product_status p = {0};
    p.vuln = vl_db_col(st, 0);
    p.doc = vl_db_col(st, 1);
    p.publisher = vl_db_col(st, 2);
    p.doc_url = vl_db_col(st, 3);
    p.product_id = vl_db_col(st, 4);
    p.name = vl_db_col(st, 5);
    p.cpe = vl_db_col(st, 6);
    p.purl = vl_db_col(st, 7);
    p.status = vl_db_col(st, 8);
    p.justification = vl_db_col(st, 9);
    p.remediation = vl_db_col(st, 10);
    p.detail = vl_db_col(st, 11);
    p.source = vl_db_col(st, 12);
    p.vendor = vl_db_col(st, 13);
    p.product = vl_db_col(st, 14);
    p.version = vl_db_col(st, 15);
    p.remediation_text = vl_db_col(st, 16);
    p.remediation_url = vl_db_col(st, 17);
    p.cvss_vector = vl_db_col(st, 18);
    p.cvss_score = sqlite3_column_double(st, 19);
    p.impact = vl_db_col(st, 20);
    if ((rc = cb(ud, &p))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "product statements");
  sqlite3_reset(st);
  return rc;
}

int vl_store_product_status(struct vl_store *s, const char *vuln,
                            const char *purl, const char *cpe,
                            vl_product_status_cb cb, void *ud,
                            struct vl_diag *d) {
  /* One statement per leading filter, so that each uses its index. */
  static const char *by_vuln =
      STATUS_SELECT " WHERE p.vuln_id = ?1" STATUS_FILTERS STATUS_ORDER;
  static const char *by_purl =
      STATUS_SELECT " WHERE p.purl_key = ?2" STATUS_FILTERS STATUS_ORDER;
  static const char *by_name =
      STATUS_SELECT " WHERE p.purl_name = ?3" STATUS_FILTERS STATUS_ORDER;
  static const char *by_cpe = STATUS_SELECT
      " WHERE p.cpe_vendor = ?4 AND p.cpe_product = ?5" STATUS_FILTERS
      STATUS_ORDER;
  static const char *all = STATUS_SELECT " WHERE 1" STATUS_FILTERS
      STATUS_ORDER;
  struct keys k = {0};
  int rc = 0;
  if (purl && (rc = purl_keys(purl, &k, d))) goto out;
  if (cpe) {
    if ((rc = cpe_keys(cpe, &k, d))) goto out;
    /* A CPE whose vendor or product is ANY (or a pattern) names no
     * statement. */
    if (!k.vendor[0]) goto out;
  }
  /* A purl with a version is compared whole; without, by its name. */
  bool versioned = purl && strcmp(k.purl_key, k.purl_name) != 0;
  const char *sql = vuln ? by_vuln
                    : purl ? (versioned ? by_purl : by_name)
                    : cpe ? by_cpe
                          : all;
  sqlite3_stmt *st = vl_db_prep(s, sql, d);
  if (!st) {
    rc = VL_EDB;
    goto out;
  }
  vl_db_text(st, 1, vuln);
  if (purl) vl_db_text(st, versioned ? 2 : 3, versioned ? k.purl_key
                                                        : k.purl_name);
  if (cpe) {
    vl_db_text(st, 4, k.vendor);
    vl_db_text(st, 5, k.product);
  }
  rc = status_rows(s, st, cb, ud, d);
out:
  keys_free(&k);
  return rc;
}

int vl_store_product_status_doc(struct vl_store *s, const char *doc,
                                vl_product_status_cb cb, void *ud,
                                struct vl_diag *d) {
  static const char *sel = STATUS_SELECT
      " WHERE a.advisory_id = ?6 COLLATE NOCASE" STATUS_FILTERS STATUS_ORDER;
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 6, doc);
  return status_rows(s, st, cb, ud, d);
}

/* ---------------------------------------------------------- remediations */

int vl_store_csaf_remediation_add(struct vl_store *s, int64_t pk,
                                  const struct vl_csaf_remediation *r,
                                  struct vl_diag *d) {
  static const char *ins =
      "INSERT INTO remediations(advisory, vuln_id, kind, text, url, products)"
      " VALUES(?,?,?,?,?,?)";
  if (!r->kind) return vl_diag_set(d, VL_EINVAL, "remediation without kind");
  sqlite3_stmt *st = vl_db_prep(s, ins, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, pk);
  vl_db_text(st, 2, r->vuln);
  vl_db_text(st, 3, r->kind);
  vl_db_text(st, 4, r->text);
  vl_db_text(st, 5, r->url);
  vl_db_text(st, 6, r->products);
  return vl_db_done(s, st, d);
}

int vl_store_csaf_remediations(struct vl_store *s, const char *doc,
                               const char *vuln, vl_csaf_remediation_cb cb,
                               void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT a.advisory_id, r.vuln_id, r.kind, r.text, r.url, r.products"
      " FROM remediations r JOIN advisories a ON a.id = r.advisory"
      " WHERE a.advisory_id = ?1 COLLATE NOCASE"
      " AND (?2 IS NULL OR r.vuln_id = ?2) AND a.category IS NOT NULL"
      " ORDER BY a.source, r.rowid";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  vl_db_text(st, 1, doc);
  vl_db_text(st, 2, vuln);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW) {
    struct vl_csaf_remediation r = {vl_db_col(st, 0), vl_db_col(st, 1),
                                    vl_db_col(st, 2), vl_db_col(st, 3),
                                    vl_db_col(st, 4), vl_db_col(st, 5)};
    if ((rc = cb(ud, &r))) break;
  }
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "CSAF remediations");
  sqlite3_reset(st);
  return rc;
}

/* ------------------------------------------------------ documents (read) */

int vl_store_csaf_docs(struct vl_store *s, const char *doc, const char *vuln,
                       vl_csaf_doc_cb cb, void *ud, struct vl_diag *d) {
  /* category is set only on rows that CSAF documents wrote (JVN and CVE 5
   * remediations share the advisories table). */
#define DOC_COLS                                                          \
  "a.id, a.advisory_id, a.source, a.category, a.version, a.status,"      \
  " a.title, a.lang, a.publisher, a.publisher_ns, a.url, a.severity,"    \
  " a.summary, a.raw_sha256, a.published, a.modified, a.imported"
  static const char *by_id =
      "SELECT " DOC_COLS " FROM advisories a"
      " WHERE a.advisory_id = ?1 COLLATE NOCASE AND a.category IS NOT NULL"
      " ORDER BY a.modified DESC, a.source";
  static const char *by_vuln =
      "SELECT " DOC_COLS " FROM advisories a"
      " JOIN advisory_vulns v ON v.advisory = a.id WHERE v.vuln_id = ?1"
      " AND a.category IS NOT NULL"
      " ORDER BY a.modified DESC, a.advisory_id, a.source";
  static const char *all =
      "SELECT " DOC_COLS " FROM advisories a WHERE a.category IS NOT NULL"
      " ORDER BY a.modified DESC, a.advisory_id, a.source";
#undef DOC_COLS
  int rc = 0;
  {
    sqlite3_stmt *st = vl_db_prep(s, doc ? by_id : vuln ? by_vuln : all, d);
    if (!st) return VL_EDB;
    if (doc || vuln) vl_db_text(st, 1, doc ? doc : vuln);
    int step;
    while ((step = sqlite3_step(st)) == SQLITE_ROW) {
      struct vl_csaf_doc o = {0};
      o.pk = sqlite3_column_int64(st, 0);
      o.id = vl_db_col(st, 1);
      o.source = vl_db_col(st, 2);
      o.category = vl_db_col(st, 3);
      o.version = vl_db_col(st, 4);
      o.status = vl_db_col(st, 5);
      o.title = vl_db_col(st, 6);
      o.lang = vl_db_col(st, 7);
      o.publisher = vl_db_col(st, 8);
      o.publisher_ns = vl_db_col(st, 9);
      o.url = vl_db_col(st, 10);
      o.severity = vl_db_col(st, 11);
      o.summary = vl_db_col(st, 12);
      o.raw_sha256 = vl_db_col(st, 13);
      o.published = sqlite3_column_int64(st, 14);
      o.modified = sqlite3_column_int64(st, 15);
      o.imported = sqlite3_column_int64(st, 16);
      if ((rc = cb(ud, &o))) break;
    }
    if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "CSAF documents");
    sqlite3_reset(st);
  }
  return rc;
}

int vl_store_csaf_doc_vulns(struct vl_store *s, int64_t pk,
                            vl_csaf_vuln_cb cb, void *ud, struct vl_diag *d) {
  static const char *sel =
      "SELECT vuln_id, title FROM advisory_vulns WHERE advisory = ?"
      " ORDER BY ord";
  sqlite3_stmt *st = vl_db_prep(s, sel, d);
  if (!st) return VL_EDB;
  sqlite3_bind_int64(st, 1, pk);
  int rc = 0, step;
  while ((step = sqlite3_step(st)) == SQLITE_ROW)
    if ((rc = cb(ud, vl_db_col(st, 0), vl_db_col(st, 1)))) break;
  if (!rc && step != SQLITE_DONE) rc = vl_db_err(s, d, "CSAF vulnerabilities");
  sqlite3_reset(st);
  return rc;
}

int vl_store_csaf_names_refresh(struct vl_store *s, const char *vuln,
                                const char *source, struct vl_diag *d) {
  static const char *del =
      "DELETE FROM vuln_names WHERE vuln_id = ?1 AND source = ?2";
  static const char *ins =
      "INSERT INTO vuln_names(vuln_id, source, vendor, product)"
      " SELECT DISTINCT ?1, ?2, p.vendor, p.product FROM product_status p"
      " JOIN advisories a ON a.id = p.advisory"
      " WHERE p.vuln_id = ?1 AND a.source = ?2"
      " AND (p.vendor IS NOT NULL OR p.product IS NOT NULL)"
      " ORDER BY p.vendor, p.product";
  const char *sqls[] = {del, ins};
  for (size_t i = 0; i < 2; i++) {
    sqlite3_stmt *st = vl_db_prep(s, sqls[i], d);
    if (!st) return VL_EDB;
    vl_db_text(st, 1, vuln);
    vl_db_text(st, 2, source);
    int rc = vl_db_done(s, st, d);
    if (rc) return rc;
  }
  return 0;
}
