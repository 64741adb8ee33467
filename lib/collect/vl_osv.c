/* OSV JSON (https://ossf.github.io/osv-schema/): one record, an array of
 * records, or an ecosystem's all.zip (one record per member), from OSV.dev,
 * the GitHub Advisory Database and Ubuntu.
 *
 * A record becomes a vulnerability of source "ghsa" (ids GHSA-*), "ubuntu"
 * (UBUNTU-*, USN-*, LSN-*) or "osv" (everything else: PYSEC, RUSTSEC, GO,
 * MAL, ...), chosen by the id's prefix because that is what names the
 * database that wrote it (database_specific has no common field for it).
 * Its aliases become alias links (and for Ubuntu, whose CVE records name
 * the CVE under `related`, the CVE ids of `related` too); each affected
 * package and range becomes a row of affected_pkg (vl_store_pkg_add) with
 * the range as a vers string.
 *
 * Zip members are read one at a time into a bounded buffer and parsed from
 * it, so memory is bounded by the largest member, not by the archive. */
#include <stdio.h>
#include <string.h>

#include <archive.h>
#include <archive_entry.h>

#include "vl_collect_internal.h"
#include "vulnloop/cvss.h"
#include "vulnloop/vers.h"

#define MAX_CVSS 64
#define MAX_REFS 2000
#define MAX_PKG 20000          /* package statements in one record */
#define MAX_EVENTS 1024        /* events in one range */
#define MAX_ALIASES 1000       /* aliases + related in one record */
#define MAX_LIST_VERSIONS 256  /* explicit versions kept per package */
#define MAX_LIST_BYTES (16u << 10)
#define MAX_MEMBER_BYTES (64u << 20)
#define MAX_MEMBERS 5000000L

bool vl_osv_like(const struct vl_jv *o) {
  if (!o || o->type != VL_JOBJ || !vl_jv_get(o, "id") ||
      !vl_jv_get(o, "modified"))
    return false;
  if (vl_jv_get(o, "cveMetadata") || vl_jv_get(o, "sourceIdentifier"))
    return false;
  return vl_jv_get(o, "affected") || vl_jv_get(o, "aliases") ||
         vl_jv_get(o, "schema_version");
}

static const char *source_of(const char *id) {
  if (!strncmp(id, "GHSA-", 5)) return "ghsa";
  if (!strncmp(id, "UBUNTU-", 7) || !strncmp(id, "USN-", 4) ||
      !strncmp(id, "LSN-", 4))
    return "ubuntu";
  return "osv";
}

/* The vers scheme of an OSV ecosystem ("Ubuntu:22.04:LTS" -> deb), or NULL
 * when none of ours compares its versions. */
static const char *ecosystem_scheme(const char *eco) {
  static const struct {
    const char *eco, *vers;
    bool prefix; /* "Debian:12" and "Debian" alike */
  } map[] = {
      {"npm", "npm", false},          {"PyPI", "pypi", false},
      {"Maven", "maven", false},      {"crates.io", "cargo", false},
      {"Go", "golang", false},        {"RubyGems", "gem", false},
      {"NuGet", "nuget", false},      {"Packagist", "composer", false},
      {"Ubuntu", "deb", true},        {"Debian", "deb", true},
      {"Alpine", "alpine", true},     {"Red Hat", "rpm", true},
      {"Rocky Linux", "rpm", true},   {"AlmaLinux", "rpm", true},
      {"SUSE", "rpm", true},          {"openSUSE", "rpm", true},
      {"Mageia", "rpm", true},        {"openEuler", "rpm", true},
      {"Wolfi", "alpine", false},     {"Chainguard", "alpine", false},
      {"Hex", "hex", false},          {"Pub", "pub", false},
      {"ConanCenter", "conan", false}};
  for (size_t i = 0; i < VL_ARRAY_LEN(map); i++) {
    size_t n = strlen(map[i].eco);
    if (!strncmp(eco, map[i].eco, n) &&
        (eco[n] == '\0' || (map[i].prefix && eco[n] == ':')))
      return map[i].vers;
  }
  return NULL;
}

static int where(struct vl_diag *d, const struct vl_jv *v, const char *path,
                 int rc) {
  vl_diag_where(d, NULL, v ? v->line : -1, path);
  return rc;
}

/* Record state built in the record arena. */
struct osv_rec {
  struct vl_import *im;
  const char *id, *source;
  struct vl_cvss_rec cvss[MAX_CVSS];
  size_t n_cvss;
  const char **refs;
  size_t n_refs;
  struct vl_pkg_affected *pkg;
  size_t n_pkg, cap_pkg;
  const char *aliases[MAX_ALIASES];
  size_t n_aliases;
};

static struct vl_pkg_affected *pkg_new(struct osv_rec *r, const char *path,
                                       struct vl_diag *d) {
  if (r->n_pkg == r->cap_pkg) {
    size_t cap = r->cap_pkg ? r->cap_pkg * 2 : 16;
    if (r->n_pkg >= MAX_PKG) {
      vl_diag_where(d, NULL, -1, path);
      vl_diag_set(d, VL_ETOOBIG, "more than %d package ranges in one record",
                  MAX_PKG);
      return NULL;
    }
    struct vl_pkg_affected *n = vl_arena_alloc(r->im->arena, cap * sizeof(*n));
    if (!n) {
      vl_diag_set(d, VL_ETOOBIG, "record too large");
      return NULL;
    }
    if (r->n_pkg) memcpy(n, r->pkg, r->n_pkg * sizeof(*n));
    r->pkg = n;
    r->cap_pkg = cap;
  }
  struct vl_pkg_affected *p = &r->pkg[r->n_pkg++];
  memset(p, 0, sizeof(*p));
  return p;
}

/* severity[]: CVSS vectors; other types (Ubuntu's priority words) are not
 * CVSS and are skipped. */
static int severities(struct osv_rec *r, const struct vl_jv *arr,
                      const char *path, struct vl_diag *d) {
  size_t i = 0;
  int rc;
  for (const struct vl_jv *e = arr ? arr->child : NULL; e; e = e->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.severity[%zu]", path, i);
    if (e->type != VL_JOBJ)
      return where(d, e, p,
                   vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                               vl_jv_type_name(e->type)));
    const char *type, *score;
    if ((rc = vl_need_str(e, "type", p, &type, d)) ||
        (rc = vl_need_str(e, "score", p, &score, d)))
      return rc;
    if (strncmp(type, "CVSS_V", 6)) continue;
    struct vl_cvss c;
    struct vl_cvss_scores sc;
    if ((rc = vl_cvss_parse(score, strlen(score), &c, d)) ||
        (rc = vl_cvss_scores(&c, &sc))) {
      snprintf(p, sizeof(p), "%s.severity[%zu].score", path, i);
      return where(d, e, p, rc);
    }
    if (r->n_cvss == MAX_CVSS)
      return where(d, e, p,
                   vl_diag_set(d, VL_ETOOBIG, "more than %d CVSS vectors",
                               MAX_CVSS));
    struct vl_cvss_rec *cr = &r->cvss[r->n_cvss++];
    cr->version = vl_cvss_version_name(sc.version);
    cr->source = r->source;
    cr->type = "Secondary";
    cr->vector = score;
    cr->base_score = sc.base;
    cr->severity = vl_cvss_severity_name(sc.base_severity);
  }
  return 0;
}

/* An array of strings: each is handed to fn; anything else is an error. */
static int strings(const struct vl_jv *arr, const char *path, const char *key,
                   int (*fn)(struct osv_rec *, const char *, struct vl_diag *),
                   struct osv_rec *r, struct vl_diag *d) {
  size_t i = 0;
  for (const struct vl_jv *e = arr ? arr->child : NULL; e; e = e->next, i++) {
    if (e->type != VL_JSTR) {
      char p[VL_DIAG_PATH_MAX];
      snprintf(p, sizeof(p), "%s.%s[%zu]", path, key, i);
      return where(d, e, p,
                   vl_diag_set(d, VL_ETYPE, "expected a string, found %s",
                               vl_jv_type_name(e->type)));
    }
    int rc = fn(r, e->s, d);
    if (rc) {
      char p[VL_DIAG_PATH_MAX];
      snprintf(p, sizeof(p), "%s.%s[%zu]", path, key, i);
      return where(d, e, p, rc);
    }
  }
  return 0;
}

static int add_alias(struct osv_rec *r, const char *s, struct vl_diag *d) {
  if (!*s || !strcmp(s, r->id)) return 0;
  for (size_t i = 0; i < r->n_aliases; i++)
    if (!strcmp(r->aliases[i], s)) return 0;
  if (r->n_aliases == MAX_ALIASES)
    return vl_diag_set(d, VL_ETOOBIG, "more than %d aliases", MAX_ALIASES);
  r->aliases[r->n_aliases++] = s;
  return 0;
}

static int add_related_cve(struct osv_rec *r, const char *s,
                           struct vl_diag *d) {
  return vl_cve_syntax(s, strlen(s)) ? add_alias(r, s, d) : 0;
}

static int add_ref(struct osv_rec *r, const char *s, struct vl_diag *d) {
  (void)d;
  if (r->n_refs < MAX_REFS) r->refs[r->n_refs++] = s;
  return 0;
}

/* One ranges[] entry of a package: its events into a vers range. */
static int one_range(struct osv_rec *r, const struct vl_jv *rg,
                     const char *path, const char *scheme,
                     struct vl_pkg_affected *p, struct vl_diag *d) {
  int rc;
  if (rg->type != VL_JOBJ)
    return where(d, rg, path,
                 vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                             vl_jv_type_name(rg->type)));
  const char *type;
  const struct vl_jv *events;
  if ((rc = vl_need_str(rg, "type", path, &type, d)) ||
      (rc = vl_opt_arr(rg, "events", path, &events, d)))
    return rc;
  enum vl_osv_range_type t;
  if (!strcmp(type, "SEMVER"))
    t = VL_OSV_SEMVER;
  else if (!strcmp(type, "ECOSYSTEM"))
    t = VL_OSV_ECOSYSTEM;
  else if (!strcmp(type, "GIT"))
    t = VL_OSV_GIT;
  else {
    char pt[VL_DIAG_PATH_MAX];
    snprintf(pt, sizeof(pt), "%s.type", path);
    return where(d, vl_jv_get(rg, "type"), pt,
                 vl_diag_set(d, VL_EUNSUPPORTED,
                             "unknown range type \"%.40s\" (SEMVER, "
                             "ECOSYSTEM or GIT)",
                             type));
  }
  p->range_type = t == VL_OSV_SEMVER ? "SEMVER"
                  : t == VL_OSV_GIT  ? "GIT"
                                     : "ECOSYSTEM";
  if (!events || events->n == 0) {
    char pe[VL_DIAG_PATH_MAX];
    snprintf(pe, sizeof(pe), "%s.events", path);
    return where(d, rg, pe,
                 vl_diag_set(d, VL_EINVAL, "a range without events"));
  }
  if (events->n > MAX_EVENTS)
    return where(d, events, path,
                 vl_diag_set(d, VL_ETOOBIG, "more than %d events in a range",
                             MAX_EVENTS));
  struct vl_osv_event *ev =
      vl_arena_alloc(r->im->arena, events->n * sizeof(*ev));
  if (!ev) return vl_diag_set(d, VL_ETOOBIG, "record too large");
  size_t n = 0;
  for (const struct vl_jv *e = events->child; e; e = e->next, n++) {
    char pe[VL_DIAG_PATH_MAX];
    snprintf(pe, sizeof(pe), "%s.events[%zu]", path, n);
    if (e->type != VL_JOBJ || e->n != 1 || e->child->type != VL_JSTR)
      return where(d, e, pe,
                   vl_diag_set(d, VL_ETYPE,
                               "expected an object of one string "
                               "(introduced, fixed, last_affected or limit)"));
    const char *k = e->child->key;
    if (!strcmp(k, "introduced"))
      ev[n].kind = VL_OSV_INTRODUCED;
    else if (!strcmp(k, "fixed"))
      ev[n].kind = VL_OSV_FIXED;
    else if (!strcmp(k, "last_affected"))
      ev[n].kind = VL_OSV_LAST_AFFECTED;
    else if (!strcmp(k, "limit"))
      ev[n].kind = VL_OSV_LIMIT;
    else
      return where(d, e, pe,
                   vl_diag_set(d, VL_EINVAL, "unknown event \"%.40s\"", k));
    ev[n].version = e->child->s;
    if (ev[n].kind == VL_OSV_INTRODUCED && !p->introduced)
      p->introduced = ev[n].version;
    if (ev[n].kind == VL_OSV_FIXED && !p->fixed) p->fixed = ev[n].version;
  }
  if (t == VL_OSV_GIT) return 0; /* commits, not versions: kept, no range */
  enum vl_scheme s = VL_SCHEME_SEMVER;
  if (t == VL_OSV_ECOSYSTEM && (!scheme || vl_vers_scheme(scheme, &s))) {
    vl_log(VL_LOG_INFO, "%s: %s %s: no version scheme for the ecosystem, "
           "range not derived", r->id, p->ecosystem, p->name);
    return 0;
  }
  if (t == VL_OSV_SEMVER && scheme && vl_vers_scheme(scheme, &s))
    s = VL_SCHEME_SEMVER;
  struct vl_range *vr = NULL;
  struct vl_diag rd;
  vl_diag_clear(&rd);
  rc = vl_range_from_osv(s, t, ev, n, &vr, &rd);
  if (rc) {
    /* A version the scheme cannot parse: the statement is kept with its
     * events, without a range, rather than refusing the whole file. */
    vl_log(VL_LOG_WARN, "%s: %s %s: %s: range not derived: %s", r->id,
           p->ecosystem, p->name, path, rd.msg);
    return 0;
  }
  /* A SEMVER range of npm or cargo compares exactly as their vers scheme
   * does: name it after the ecosystem ("vers:npm/...", not "semver"). */
  enum vl_scheme es;
  if (scheme && !vl_vers_scheme(scheme, &es) && es == vr->scheme)
    snprintf(vr->scheme_name, sizeof(vr->scheme_name), "%s", scheme);
  struct vl_buf b;
  vl_buf_init(&b, VL_VERS_MAX_LEN * 2);
  rc = vl_range_to_string(vr, &b);
  vl_range_free(vr);
  if (!rc) {
    p->range = vl_arena_strndup(r->im->arena, b.data ? b.data : "", b.len);
    if (!p->range) rc = VL_ENOMEM;
  }
  vl_buf_free(&b);
  return rc;
}

static int one_affected(struct osv_rec *r, const struct vl_jv *a,
                        const char *path, struct vl_diag *d) {
  int rc;
  if (a->type != VL_JOBJ)
    return where(d, a, path,
                 vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                             vl_jv_type_name(a->type)));
  const struct vl_jv *pkg, *ranges, *versions;
  char pp[VL_DIAG_PATH_MAX];
  snprintf(pp, sizeof(pp), "%s.package", path);
  if ((rc = vl_opt_obj(a, "package", path, &pkg, d)) ||
      (rc = vl_opt_arr(a, "ranges", path, &ranges, d)) ||
      (rc = vl_opt_arr(a, "versions", path, &versions, d)))
    return rc;
  struct vl_pkg_affected base;
  memset(&base, 0, sizeof(base));
  if (!pkg) return 0; /* OSS-Fuzz style records without a package */
  if ((rc = vl_need_str(pkg, "ecosystem", pp, &base.ecosystem, d)) ||
      (rc = vl_need_str(pkg, "name", pp, &base.name, d)) ||
      (rc = vl_opt_str(pkg, "purl", pp, &base.purl, d)))
    return rc;
  /* versions[]: counted, and the first ones kept. */
  struct vl_buf list;
  vl_buf_init(&list, MAX_LIST_BYTES);
  size_t i = 0;
  for (const struct vl_jv *v = versions ? versions->child : NULL; v;
       v = v->next, i++) {
    if (v->type != VL_JSTR) {
      char pv[VL_DIAG_PATH_MAX];
      snprintf(pv, sizeof(pv), "%s.versions[%zu]", path, i);
      vl_buf_free(&list);
      return where(d, v, pv,
                   vl_diag_set(d, VL_ETYPE, "expected a string, found %s",
                               vl_jv_type_name(v->type)));
    }
    if (i < MAX_LIST_VERSIONS && list.len + v->len + 1 < MAX_LIST_BYTES) {
      if (list.len) vl_buf_putc(&list, '\n');
      vl_buf_append(&list, v->s, v->len);
    }
  }
  base.versions = (long)i;
  if (list.len) {
    base.version_list = vl_arena_strndup(r->im->arena, list.data, list.len);
    if (!base.version_list) {
      vl_buf_free(&list);
      return vl_diag_set(d, VL_ETOOBIG, "record too large");
    }
  }
  vl_buf_free(&list);
  const char *scheme = ecosystem_scheme(base.ecosystem);
  if (!ranges || ranges->n == 0) {
    struct vl_pkg_affected *p = pkg_new(r, path, d);
    if (!p) return d->code ? d->code : VL_ETOOBIG;
    *p = base;
    vl_log(VL_LOG_INFO, "%s: %s %s: no ranges, %ld versions listed", r->id,
           p->ecosystem, p->name, p->versions);
    return 0;
  }
  i = 0;
  for (const struct vl_jv *rg = ranges->child; rg; rg = rg->next, i++) {
    char pr[VL_DIAG_PATH_MAX];
    snprintf(pr, sizeof(pr), "%s.ranges[%zu]", path, i);
    struct vl_pkg_affected *p = pkg_new(r, pr, d);
    if (!p) return d->code ? d->code : VL_ETOOBIG;
    *p = base;
    if ((rc = one_range(r, rg, pr, scheme, p, d))) return rc;
    vl_log(VL_LOG_INFO, "%s: %s %s: %s %s%s%s, %ld versions listed", r->id,
           p->ecosystem, p->name, p->range_type,
           p->range ? p->range : "(no vers range)",
           p->fixed ? ", fixed " : "", p->fixed ? p->fixed : "", p->versions);
  }
  return 0;
}

int vl_osv_record(struct vl_import *im, const struct vl_jv *rec,
                  const char *path, long line, struct vl_diag *d) {
  struct osv_rec *r = vl_arena_alloc(im->arena, sizeof(*r));
  if (!r) return vl_diag_set(d, VL_ETOOBIG, "record too large");
  r->im = im;
  r->refs = vl_arena_alloc(im->arena, MAX_REFS * sizeof(*r->refs));
  if (!r->refs) return vl_diag_set(d, VL_ETOOBIG, "record too large");
  struct vl_vuln v;
  memset(&v, 0, sizeof(v));
  const struct vl_jv *aliases, *related, *sev, *refs, *affected, *dbs;
  const char *withdrawn;
  int rc;
  if ((rc = vl_need_str(rec, "id", path, &v.id, d)) ||
      (rc = vl_need_time(rec, "modified", path, &v.modified, d)) ||
      (rc = vl_opt_time(rec, "published", path, &v.published, d)) ||
      (rc = vl_opt_str(rec, "withdrawn", path, &withdrawn, d)) ||
      (rc = vl_opt_str(rec, "summary", path, &v.title, d)) ||
      (rc = vl_opt_str(rec, "details", path, &v.desc_en, d)) ||
      (rc = vl_opt_arr(rec, "aliases", path, &aliases, d)) ||
      (rc = vl_opt_arr(rec, "related", path, &related, d)) ||
      (rc = vl_opt_arr(rec, "severity", path, &sev, d)) ||
      (rc = vl_opt_arr(rec, "references", path, &refs, d)) ||
      (rc = vl_opt_arr(rec, "affected", path, &affected, d)) ||
      (rc = vl_opt_obj(rec, "database_specific", path, &dbs, d)))
    goto fail;
  r->id = v.id;
  r->source = v.source = source_of(v.id);
  if (withdrawn) v.status = "withdrawn";
  if ((rc = strings(aliases, path, "aliases", add_alias, r, d))) goto fail;
  if (!strcmp(r->source, "ubuntu") &&
      (rc = strings(related, path, "related", add_related_cve, r, d)))
    goto fail;
  if ((rc = severities(r, sev, path, d))) goto fail;
  size_t i = 0;
  for (const struct vl_jv *e = refs ? refs->child : NULL; e; e = e->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.references[%zu]", path, i);
    const char *url;
    if (e->type != VL_JOBJ) {
      rc = where(d, e, p,
                 vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                             vl_jv_type_name(e->type)));
      goto fail;
    }
    if ((rc = vl_need_str(e, "url", p, &url, d))) goto fail;
    add_ref(r, url, d);
  }
  /* GitHub's CWE ids, comma-separated as the NVD importer stores them. */
  const struct vl_jv *cwes = dbs ? vl_jv_get(dbs, "cwe_ids") : NULL;
  if (cwes && cwes->type == VL_JARR && cwes->n) {
    struct vl_buf b;
    vl_buf_init(&b, 4096);
    for (const struct vl_jv *c = cwes->child; c; c = c->next)
      if (c->type == VL_JSTR) {
        if (b.len) vl_buf_putc(&b, ',');
        vl_buf_append(&b, c->s, c->len);
      }
    v.cwe = b.len ? vl_arena_strndup(im->arena, b.data, b.len) : NULL;
    vl_buf_free(&b);
  }
  i = 0;
  for (const struct vl_jv *a = affected ? affected->child : NULL; a;
       a = a->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.affected[%zu]", path, i);
    if ((rc = one_affected(r, a, p, d))) goto fail;
  }
  v.cvss = r->cvss;
  v.n_cvss = r->n_cvss;
  v.refs = r->refs;
  v.n_refs = r->n_refs;
  int changed = 0;
  if ((rc = vl_store_vuln_upsert(im->store, &v, &changed, d))) goto fail;
  if (!changed) {
    im->st->unchanged++;
    return 0;
  }
  if ((rc = vl_store_alias_clear(im->store, v.id, v.source, d))) goto fail;
  for (i = 0; i < r->n_aliases; i++)
    if ((rc = vl_store_alias_set(im->store, v.id, r->aliases[i], v.source, d)))
      goto fail;
  if ((rc = vl_store_pkg_add(im->store, v.id, v.source, r->pkg, r->n_pkg, d)))
    goto fail;
  im->st->changed++;
  return 0;
fail:
  vl_diag_where(d, im->file, d->line > 0 ? -1 : line,
                d->path[0] ? NULL : path);
  return rc;
}

/* ------------------------------------------------------------- all.zip */

struct member {
  struct vl_import *im;
  long records;
};

static int member_record(void *ud, const struct vl_jv *rec,
                         const struct vl_jrec_info *info, struct vl_diag *d) {
  struct member *m = ud;
  char path[VL_DIAG_PATH_MAX];
  snprintf(path, sizeof(path), "$[%zu]", info->index);
  vl_arena_reset(m->im->arena);
  if (!vl_osv_like(rec)) {
    vl_diag_where(d, m->im->file, info->line, path);
    return vl_diag_set(d, VL_EUNSUPPORTED, "not an OSV record");
  }
  int rc = vl_osv_record(m->im, rec, path, info->line, d);
  if (!rc) m->records++;
  return rc;
}

static int member_root(void *ud, const struct vl_jv *root, long line,
                       struct vl_diag *d) {
  struct member *m = ud;
  if (root->type == VL_JARR) return 0; /* its records were streamed */
  vl_arena_reset(m->im->arena);
  if (!vl_osv_like(root)) {
    vl_diag_where(d, m->im->file, line, "$");
    return vl_diag_set(d, VL_EUNSUPPORTED, "not an OSV record");
  }
  int rc = vl_osv_record(m->im, root, "$", line, d);
  if (!rc) m->records++;
  return rc;
}

static int zip_err(struct archive *ar, const char *file, const char *member,
                   struct vl_diag *d) {
  const char *e = archive_error_string(ar);
  vl_diag_where(d, file, 0, member);
  return vl_diag_set(d, VL_EPARSE, "damaged or truncated zip: %s",
                     e ? e : "unknown error");
}

int vl_osv_zip_import(struct vl_import *im, struct vl_diag *d) {
  static const struct vl_json_opts opts = {.stream_keys = NULL, .max_record_bytes = 64u << 20,
      .max_root_bytes = 64u << 20, .max_depth = 64};
  const char *zip = im->file;
  struct archive *ar = archive_read_new();
  if (!ar) return VL_ENOMEM;
  archive_read_support_format_zip(ar);
  struct vl_buf buf;
  vl_buf_init(&buf, MAX_MEMBER_BYTES);
  char name[VL_DIAG_FILE_MAX];
  int rc = 0;
  long members = 0;
  im->st->format = "osv-zip";
  if (archive_read_open_filename(ar, zip, 1 << 16) != ARCHIVE_OK) {
    rc = zip_err(ar, zip, NULL, d);
    goto out;
  }
  for (;;) {
    struct archive_entry *e;
    int r = archive_read_next_header(ar, &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      rc = zip_err(ar, zip, NULL, d);
      goto out;
    }
    const char *mname = archive_entry_pathname(e);
    if (!mname) mname = "?";
    if (archive_entry_filetype(e) != AE_IFREG) continue; /* "all/" */
    if (++members > MAX_MEMBERS) {
      vl_diag_where(d, zip, 0, NULL);
      rc = vl_diag_set(d, VL_ETOOBIG, "more than %ld members", MAX_MEMBERS);
      goto out;
    }
    /* Messages name the member: "all.zip[all/GHSA-....json]". */
    snprintf(name, sizeof(name), "%s[%s]", zip, mname);
    vl_buf_reset(&buf);
    for (;;) {
      char chunk[1 << 16];
      la_ssize_t n = archive_read_data(ar, chunk, sizeof(chunk));
      if (n == 0) break;
      if (n < 0) {
        rc = zip_err(ar, name, NULL, d);
        goto out;
      }
      if (vl_buf_append(&buf, chunk, (size_t)n)) {
        vl_diag_where(d, name, 0, NULL);
        rc = vl_diag_set(d, VL_ETOOBIG, "member larger than %u bytes",
                         MAX_MEMBER_BYTES);
        goto out;
      }
    }
    if (buf.len == 0) {
      vl_diag_where(d, name, 0, NULL);
      rc = vl_diag_set(d, VL_EPARSE, "the member is empty");
      goto out;
    }
    struct member m = {im, 0};
    im->file = name;
    rc = vl_json_stream_mem(name, buf.data, buf.len, &opts, member_record,
                            member_root, &m, d);
    im->file = zip;
    if (rc) {
      if (!d->file[0]) vl_diag_where(d, name, -1, NULL);
      goto out;
    }
    im->st->records += m.records;
  }
  if (members == 0) {
    vl_diag_where(d, zip, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "no records in the zip");
  }
out:
  im->file = zip;
  vl_buf_free(&buf);
  archive_read_free(ar);
  return rc;
}
