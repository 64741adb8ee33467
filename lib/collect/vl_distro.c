/* Distribution security trackers: what a distribution says about a CVE in
 * each of its releases, per source package, with the fixed version in the
 * distribution's own version scheme.
 *
 *   Debian security tracker JSON ("debian-tracker"):
 *     {PACKAGE: {CVE-ID: {description, releases: {CODENAME: {status,
 *      fixed_version, urgency, repositories}}}}}
 *   Alpine secdb ("alpine-secdb"):
 *     {distroversion, reponame, packages: [{pkg: {name,
 *      secfixes: {VERSION: [CVE-ID, ...]}}}]}
 *
 * The Debian tracker is streamed one package at a time: vl_feed.c
 * recognises its shape from its first bytes and asks the JSON reader to
 * stream the members of the root object, so memory stays flat whatever its
 * size.  A tracker-shaped file the sniffer did not recognise, and Alpine's
 * secdb (well under 1 MB), arrive as a whole root tree from vl_feed.c's
 * root callback, bounded by the root cap of vl_feed_import.
 *
 * Status words are the store's: "fixed", "open", "not-affected",
 * "undetermined".  A fixed version of "0" means, in both trackers, that the
 * release never shipped the vulnerable code: not-affected, no version.
 * Every other fixed version must parse in the distribution's scheme. */
#include <stdio.h>
#include <string.h>

#include "vl_collect_internal.h"
#include "vulnloop/version.h"

#define NAME_MAX_LEN 128    /* package, release and CVE ids */

/* The path of a member: "$.curl.CVE-2023-38545". */
static void sub(char *out, const char *path, const char *key) {
  snprintf(out, VL_DIAG_PATH_MAX, "%s.%.100s", path, key);
}

static int type_at(const char *path, const struct vl_jv *v, const char *want,
                   struct vl_diag *d) {
  vl_diag_where(d, NULL, v->line, path);
  return vl_diag_set(d, VL_ETYPE, "expected %s, found %s", want,
                     vl_jv_type_name(v->type));
}

static int bad_name(const char *path, const struct vl_jv *v, const char *what,
                    const char *s, struct vl_diag *d) {
  vl_diag_where(d, NULL, v->line, path);
  return vl_diag_set(d, VL_EINVAL, "not a %s: \"%.60s\"", what, s);
}

/* Non-empty, at most NAME_MAX_LEN bytes, no control characters. */
static bool plain_name(const char *s) {
  size_t n = strlen(s);
  if (n == 0 || n > NAME_MAX_LEN) return false;
  for (; *s; s++)
    if ((unsigned char)*s < 0x20 || *s == 0x7f) return false;
  return true;
}

/* Checks a fixed version in scheme; the error names path. */
static int check_version(enum vl_scheme scheme, const char *v,
                         const char *path, long line, struct vl_diag *d) {
  struct vl_verkey k;
  int rc = vl_version_key(scheme, v, strlen(v), &k, d);
  if (rc) {
    char msg[VL_DIAG_MSG_MAX];
    snprintf(msg, sizeof(msg), "%s", d ? d->msg : "");
    vl_diag_where(d, NULL, line, path);
    return vl_diag_set(d, rc, "not a valid %s version: \"%.60s\" (%.200s)",
                       vl_scheme_name(scheme), v, msg);
  }
  return 0;
}

static int store_fix(struct vl_import *im, const struct vl_distro_fix *f,
                     struct vl_diag *d) {
  int changed;
  int rc = vl_store_distro_fix_upsert(im->store, f, &changed, d);
  if (rc) return rc;
  im->st->records++;
  if (changed)
    im->st->changed++;
  else
    im->st->unchanged++;
  return 0;
}

/* ------------------------------------------------------------- Debian */

bool vl_debian_tracker_like(const struct vl_jv *root) {
  const struct vl_jv *pkg = root && root->type == VL_JOBJ ? root->child : NULL;
  if (!pkg || pkg->type != VL_JOBJ || !pkg->child) return false;
  const struct vl_jv *c = pkg->child;
  return c->type == VL_JOBJ && c->key &&
         (vl_cve_syntax(c->key, strlen(c->key)) ||
          strncmp(c->key, "TEMP-", 5) == 0);
}

/* One release's statement: releases.CODENAME of pkg's CVE. */
static int debian_release(struct vl_import *im, const char *pkg,
                          const char *cve, const struct vl_jv *rel,
                          const char *path, struct vl_diag *d) {
  char p[VL_DIAG_PATH_MAX];
  const char *status, *fixed, *urgency;
  int rc;
  if (rel->type != VL_JOBJ) return type_at(path, rel, "an object", d);
  if (!plain_name(rel->key)) return bad_name(path, rel, "release", rel->key, d);
  if ((rc = vl_need_str(rel, "status", path, &status, d)) ||
      (rc = vl_opt_str(rel, "fixed_version", path, &fixed, d)) ||
      (rc = vl_opt_str(rel, "urgency", path, &urgency, d)))
    return rc;
  struct vl_distro_fix f = {"debian", rel->key, pkg, cve, NULL, NULL,
                            "dpkg", urgency, "debian-tracker", 0};
  if (fixed && !*fixed) fixed = NULL;
  if (!strcmp(status, "resolved")) {
    if (!fixed) {
      sub(p, path, "fixed_version");
      vl_diag_where(d, NULL, rel->line, p);
      return vl_diag_set(d, VL_EINVAL,
                         "a resolved release needs a fixed_version");
    }
    f.status = strcmp(fixed, "0") ? "fixed" : "not-affected";
  } else if (!strcmp(status, "open")) {
    f.status = "open";
  } else if (!strcmp(status, "undetermined")) {
    f.status = "undetermined";
  } else {
    sub(p, path, "status");
    vl_diag_where(d, NULL, vl_jv_get(rel, "status")->line, p);
    return vl_diag_set(d, VL_EINVAL,
                       "unknown status \"%.40s\" (resolved, open, "
                       "undetermined)",
                       status);
  }
  if (fixed && strcmp(fixed, "0")) {
    sub(p, path, "fixed_version");
    if ((rc = check_version(VL_SCHEME_DPKG, fixed, p,
                            vl_jv_get(rel, "fixed_version")->line, d)))
      return rc;
    f.fixed_version = fixed;
  }
  if ((rc = store_fix(im, &f, d))) vl_diag_where(d, NULL, rel->line, path);
  return rc;
}

/* One package of the tracker: {CVE-...: {releases: {...}}}.  Called per
 * streamed member (vl_feed.c streams the tracker one package at a time) or
 * per member of a whole tree. */
int vl_debian_package(struct vl_import *im, const char *name,
                      const struct vl_jv *pkg, struct vl_diag *d) {
  char pp[VL_DIAG_PATH_MAX], cp[VL_DIAG_PATH_MAX], rp[VL_DIAG_PATH_MAX];
  char relp[VL_DIAG_PATH_MAX];
  int rc;
  im->st->format = "debian-tracker";
  sub(pp, "$", name);
  if (pkg->type != VL_JOBJ) return type_at(pp, pkg, "an object", d);
  if (!plain_name(name)) return bad_name(pp, pkg, "package name", name, d);
  for (const struct vl_jv *cve = pkg->child; cve; cve = cve->next) {
    sub(cp, pp, cve->key);
    if (cve->type != VL_JOBJ) return type_at(cp, cve, "an object", d);
    /* TEMP-nnnnnnn-xxxxxx: the tracker's own ids for issues without a
     * CVE; they name nothing elsewhere, so they are not kept. */
    if (!strncmp(cve->key, "TEMP-", 5)) continue;
    if (!vl_cve_syntax(cve->key, strlen(cve->key)))
      return bad_name(cp, cve, "CVE id", cve->key, d);
    /* An entry without releases may carry "releases": [] (seen in the
     * tracker's data): no statement.  Any other array is an error. */
    const struct vl_jv *rels = vl_jv_get(cve, "releases");
    if (rels && rels->type == VL_JARR && rels->n == 0) continue;
    if ((rc = vl_opt_obj(cve, "releases", cp, &rels, d))) return rc;
    if (!rels) continue;
    sub(rp, cp, "releases");
    for (const struct vl_jv *rel = rels->child; rel; rel = rel->next) {
      sub(relp, rp, rel->key);
      if ((rc = debian_release(im, name, cve->key, rel, relp, d))) return rc;
    }
  }
  return 0;
}

int vl_debian_tracker(struct vl_import *im, const struct vl_jv *root,
                      long line, struct vl_diag *d) {
  im->st->format = "debian-tracker";
  for (const struct vl_jv *pkg = root->child; pkg; pkg = pkg->next) {
    int rc = vl_debian_package(im, pkg->key, pkg, d);
    if (rc) {
      vl_diag_where(d, im->file, d->line > 0 ? -1 : line, NULL);
      return rc;
    }
  }
  return 0;
}

/* ------------------------------------------------------------- Alpine */

bool vl_alpine_secdb_like(const struct vl_jv *root) {
  return vl_jv_get(root, "distroversion") && vl_jv_get(root, "packages");
}

/* One "VERSION": [ids] member of pkg.secfixes. */
static int alpine_secfix(struct vl_import *im, const char *release,
                         const char *pkg, const struct vl_jv *fix,
                         const char *path, struct vl_diag *d) {
  int rc;
  if (fix->type != VL_JARR) return type_at(path, fix, "an array", d);
  struct vl_distro_fix f = {"alpine", release, pkg, NULL, "not-affected",
                            NULL, "apk", NULL, "alpine-secdb", 0};
  if (strcmp(fix->key, "0")) {
    if ((rc = check_version(VL_SCHEME_APK, fix->key, path, fix->line, d)))
      return rc;
    f.status = "fixed";
    f.fixed_version = fix->key;
  }
  size_t i = 0;
  for (const struct vl_jv *id = fix->child; id; id = id->next, i++) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s[%zu]", path, i);
    if (id->type != VL_JSTR) return type_at(p, id, "a string", d);
    /* An entry may carry several ids separated by spaces, and ids of
     * other kinds (XSA-..., GHSA-...): the CVE ids are kept. */
    for (const char *s = id->s; *s;) {
      while (*s == ' ') s++;
      size_t n = strcspn(s, " ");
      if (n && vl_cve_syntax(s, n)) {
        char cve[32];
        snprintf(cve, sizeof(cve), "%.*s", (int)n, s);
        f.vuln_id = cve;
        if ((rc = store_fix(im, &f, d))) {
          vl_diag_where(d, NULL, id->line, p);
          return rc;
        }
      }
      s += n;
    }
  }
  return 0;
}

int vl_alpine_secdb(struct vl_import *im, const struct vl_jv *root,
                    long line, struct vl_diag *d) {
  const char *release;
  const struct vl_jv *pkgs;
  int rc;
  im->st->format = "alpine-secdb";
  if ((rc = vl_need_str(root, "distroversion", "$", &release, d)) ||
      (rc = vl_opt_arr(root, "packages", "$", &pkgs, d)))
    goto fail;
  if (!plain_name(release)) {
    rc = bad_name("$.distroversion", vl_jv_get(root, "distroversion"),
                  "release", release, d);
    goto fail;
  }
  if (!pkgs) {
    vl_diag_where(d, NULL, line, "$.packages");
    rc = vl_diag_set(d, VL_EINVAL, "required field is missing");
    goto fail;
  }
  size_t i = 0;
  for (const struct vl_jv *e = pkgs->child; e; e = e->next, i++) {
    char ep[VL_DIAG_PATH_MAX], pp[VL_DIAG_PATH_MAX], sp[VL_DIAG_PATH_MAX];
    char fp[VL_DIAG_PATH_MAX];
    const struct vl_jv *pkg, *fixes;
    const char *name;
    snprintf(ep, sizeof(ep), "$.packages[%zu]", i);
    if (e->type != VL_JOBJ) {
      rc = type_at(ep, e, "an object", d);
      goto fail;
    }
    if ((rc = vl_opt_obj(e, "pkg", ep, &pkg, d))) goto fail;
    sub(pp, ep, "pkg");
    if (!pkg) {
      vl_diag_where(d, NULL, e->line, pp);
      rc = vl_diag_set(d, VL_EINVAL, "required field is missing");
      goto fail;
    }
    if ((rc = vl_need_str(pkg, "name", pp, &name, d)) ||
        (rc = vl_opt_obj(pkg, "secfixes", pp, &fixes, d)))
      goto fail;
    if (!plain_name(name)) {
      sub(fp, pp, "name");
      rc = bad_name(fp, vl_jv_get(pkg, "name"), "package name", name, d);
      goto fail;
    }
    if (!fixes) continue;
    sub(sp, pp, "secfixes");
    for (const struct vl_jv *fix = fixes->child; fix; fix = fix->next) {
      snprintf(fp, sizeof(fp), "%s[\"%.100s\"]", sp, fix->key);
      if ((rc = alpine_secfix(im, release, name, fix, fp, d))) goto fail;
    }
  }
  return 0;
fail:
  vl_diag_where(d, im->file, d->line > 0 ? -1 : line, NULL);
  return rc;
}
