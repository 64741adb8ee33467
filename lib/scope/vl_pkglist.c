/* Package lists of one host: the dpkg status database, `rpm -qa` with the
 * query format documented in docs/formats.md, and Alpine's apk installed
 * database; /etc/os-release; Debian changelogs (fix evidence).
 *
 * A list is read whole (it is a few MB even on a large server; capped at
 * 256 MiB) into an arena of records, checked (names, versions in the
 * distribution's scheme, no package twice), then written through the
 * inventory writer: all or nothing, as every import. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"
#include "vulnloop/purl.h"
#include "vulnloop/scope.h"
#include "vulnloop/version.h"

#define LIST_MAX (256u << 20)
#define PKG_MAX 500000
#define FIELD_MAX 4096
#define OSREL_MAX (64u << 10)

/* One installed package as a list states it. */
struct pkg {
  const char *name, *version, *arch, *src, *srcver;
  const char *epoch, *ver, *rel; /* rpm: the EVR's parts */
  long line;                     /* where its record starts */
  bool installed;                /* dpkg: Status "install ok installed" */
  bool dup;                      /* rpm: name.arch installed more than once */
};

struct list {
  const char *file;
  struct vl_arena *a;
  struct pkg *p;
  size_t n, cap;
  size_t records;  /* records read, installed or not */
};

static int where(struct vl_diag *d, const char *file, long line) {
  vl_diag_where(d, file, line, NULL);
  return d ? d->code : VL_EINVAL;
}

static struct pkg *add(struct list *l, struct vl_diag *d, long line) {
  if (l->n == PKG_MAX) {
    vl_diag_set(d, VL_ETOOBIG, "more than %d packages", PKG_MAX);
    where(d, l->file, line);
    return NULL;
  }
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 256;
    struct pkg *np = realloc(l->p, cap * sizeof(*np));
    if (!np) {
      vl_diag_set(d, VL_ENOMEM, "out of memory");
      return NULL;
    }
    l->p = np;
    l->cap = cap;
  }
  struct pkg *p = &l->p[l->n++];
  memset(p, 0, sizeof(*p));
  p->line = line;
  return p;
}

static char *dup_n(struct list *l, const char *s, size_t n,
                   struct vl_diag *d) {
  char *c = vl_arena_strndup(l->a, s, n);
  if (!c) vl_diag_set(d, VL_ETOOBIG, "the list is too large");
  return c;
}

/* Debian package names: [a-z0-9][a-z0-9+.-]+ (Debian Policy 5.6.1). */
static bool deb_name_ok(const char *s) {
  size_t n = strlen(s);
  if (n < 2 || n > 128) return false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              (i && (c == '+' || c == '.' || c == '-'));
    if (!ok) return false;
  }
  return true;
}

/* A token of printable ASCII without spaces (architectures, rpm and apk
 * names), at most max bytes. */
static bool token_ok(const char *s, size_t max) {
  size_t n = strlen(s);
  if (!n || n > max) return false;
  for (size_t i = 0; i < n; i++)
    if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
      return false;
  return true;
}

static int check_version(enum vl_scheme sch, const char *v, const char *what,
                         struct vl_diag *d) {
  struct vl_verkey k;
  struct vl_diag vd;
  vl_diag_clear(&vd);
  if (vl_version_key(sch, v, strlen(v), &k, &vd))
    return vl_diag_set(d, VL_EINVAL, "%s: not a valid %s version: \"%.80s\"",
                       what, vl_scheme_name(sch), v);
  return 0;
}

static bool has_nul(const char *buf, size_t len, long *line) {
  const char *z = memchr(buf, 0, len);
  if (!z) return false;
  *line = 1;
  for (const char *p = buf; p < z; p++) *line += *p == '\n';
  return true;
}

/* ------------------------------------------------------------ os-release */

static bool osrel_token_ok(const char *s) {
  for (; *s; s++)
    if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
          *s == '.' || *s == '_' || *s == '-'))
      return false;
  return true;
}

/* The NVD vendor and product of the common distributions' OS CPEs. */
static void os_cpe_names(const char *id, const char **vendor,
                         const char **product) {
  static const char *map[][3] = {
      {"debian", "debian", "debian_linux"},
      {"ubuntu", "canonical", "ubuntu_linux"},
      {"alpine", "alpinelinux", "alpine_linux"},
      {"rhel", "redhat", "enterprise_linux"},
      {"centos", "centos", "centos"},
      {"fedora", "fedoraproject", "fedora"},
      {"rocky", "rocky", "rocky_linux"},
      {"almalinux", "almalinux", "almalinux"},
      {"amzn", "amazon", "amazon_linux"},
      {"ol", "oracle", "linux"},
      {"sles", "suse", "linux_enterprise_server"},
      {"opensuse-leap", "opensuse", "leap"},
  };
  for (size_t i = 0; i < VL_ARRAY_LEN(map); i++)
    if (!strcmp(map[i][0], id)) {
      *vendor = map[i][1];
      *product = map[i][2];
      return;
    }
  *vendor = id;
  *product = id;
}

int vl_os_release_parse(const char *buf, size_t len, const char *file,
                        struct vl_os_release *out, struct vl_diag *d) {
  memset(out, 0, sizeof(*out));
  char name[128] = "", cpe_name[512] = "";
  long cpe_line = 0, nul_line;
  if (has_nul(buf, len, &nul_line)) {
    vl_diag_set(d, VL_EPARSE, "a NUL byte: not an os-release text file");
    return where(d, file, nul_line);
  }
  long line = 0;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && buf[e] != '\n') e++;
    line++;
    const char *s = buf + i, *end = buf + e;
    i = e + 1;
    while (s < end && (*s == ' ' || *s == '\t')) s++;
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
      end--;
    if (s == end || *s == '#') continue;
    const char *eq = memchr(s, '=', (size_t)(end - s));
    size_t klen = eq ? (size_t)(eq - s) : 0;
    bool kok = klen > 0 && klen < 64;
    for (size_t k = 0; kok && k < klen; k++)
      kok = (s[k] >= 'A' && s[k] <= 'Z') || (s[k] >= '0' && s[k] <= '9') ||
            s[k] == '_';
    if (!kok) {
      vl_diag_set(d, VL_EPARSE, "not a KEY=VALUE line: \"%.*s\"",
                  (int)((end - s) > 60 ? 60 : (end - s)), s);
      return where(d, file, line);
    }
    char key[64], val[512];
    memcpy(key, s, klen);
    key[klen] = 0;
    size_t vn = 0;
    const char *v = eq + 1;
    char q = (v < end && (*v == '"' || *v == '\'')) ? *v : 0;
    if (q) v++;
    bool closed = !q;
    for (; v < end; v++) {
      char c = *v;
      if (q && c == q) {
        closed = true;
        v++;
        break;
      }
      if (q == '"' && c == '\\' && v + 1 < end) c = *++v;
      if (vn + 1 >= sizeof(val)) {
        vl_diag_set(d, VL_ETOOBIG, "%s: value longer than %zu bytes", key,
                    sizeof(val) - 1);
        return where(d, file, line);
      }
      val[vn++] = c;
    }
    val[vn] = 0;
    if (!closed) {
      vl_diag_set(d, VL_EPARSE, "%s: the quoted value is not closed", key);
      return where(d, file, line);
    }
    if (v != end) {
      vl_diag_set(d, VL_EPARSE, "%s: text after the closing quote", key);
      return where(d, file, line);
    }
    char *dst = NULL;
    size_t cap = 0;
    if (!strcmp(key, "ID")) dst = out->id, cap = sizeof(out->id);
    else if (!strcmp(key, "VERSION_ID"))
      dst = out->version_id, cap = sizeof(out->version_id);
    else if (!strcmp(key, "VERSION_CODENAME"))
      dst = out->codename, cap = sizeof(out->codename);
    else if (!strcmp(key, "PRETTY_NAME"))
      dst = out->pretty, cap = sizeof(out->pretty);
    else if (!strcmp(key, "NAME"))
      dst = name, cap = sizeof(name);
    else if (!strcmp(key, "CPE_NAME"))
      dst = cpe_name, cap = sizeof(cpe_name), cpe_line = line;
    if (!dst) continue;
    if (vn >= cap) {
      vl_diag_set(d, VL_ETOOBIG, "%s: value longer than %zu bytes", key,
                  cap - 1);
      return where(d, file, line);
    }
    memcpy(dst, val, vn + 1);
    if ((dst == out->id || dst == out->version_id) && !osrel_token_ok(dst)) {
      vl_diag_set(d, VL_EINVAL,
                  "%s: \"%.60s\" is not lower-case letters, digits, '.', "
                  "'_' and '-'",
                  key, dst);
      return where(d, file, line);
    }
  }
  if (!out->id[0]) {
    vl_diag_set(d, VL_EINVAL, "no ID= line (which distribution?)");
    return where(d, file, 0);
  }
  if (!out->pretty[0]) {
    snprintf(out->pretty, sizeof(out->pretty), "%s%s%s",
             name[0] ? name : out->id, out->version_id[0] ? " " : "",
             out->version_id);
  }
  struct vl_cpe c;
  struct vl_buf b;
  vl_buf_init(&b, sizeof(out->cpe) - 1);
  int rc = 0;
  if (cpe_name[0]) {
    struct vl_diag cd;
    vl_diag_clear(&cd);
    if (vl_cpe_parse(cpe_name, strlen(cpe_name), &c, &cd)) {
      vl_buf_free(&b);
      vl_diag_set(d, VL_EINVAL, "CPE_NAME: not a CPE: %s", cd.msg);
      return where(d, file, cpe_line);
    }
  } else {
    const char *vendor, *product;
    os_cpe_names(out->id, &vendor, &product);
    vl_cpe_init(&c);
    rc = vl_cpe_set(&c, VL_CPE_PART, "o", d);
    if (!rc) rc = vl_cpe_set(&c, VL_CPE_VENDOR, vendor, d);
    if (!rc) rc = vl_cpe_set(&c, VL_CPE_PRODUCT, product, d);
    if (!rc && out->version_id[0])
      rc = vl_cpe_set(&c, VL_CPE_VERSION, out->version_id, d);
    if (rc) {
      vl_buf_free(&b);
      return where(d, file, 0);
    }
  }
  rc = vl_cpe_to_fs(&c, &b);
  if (!rc) memcpy(out->cpe, b.data, b.len + 1);
  vl_buf_free(&b);
  if (rc) {
    vl_diag_set(d, rc, "CPE_NAME: too long");
    return where(d, file, cpe_line);
  }
  return 0;
}

int vl_os_release_read(const char *path, struct vl_os_release *out,
                       struct vl_diag *d) {
  char *buf;
  size_t len;
  int rc = vl_read_file(path, OSREL_MAX, &buf, &len, d);
  if (rc) return rc;
  rc = vl_os_release_parse(buf, len, path, out, d);
  free(buf);
  return rc;
}

/* ------------------------------------------------------------- changelog */

/* "CVE-YYYY-NNNN…" at s (not preceded by a letter or digit); its length or
 * 0. */
static size_t cve_at(const char *s, const char *end) {
  if (end - s < 13 || memcmp(s, "CVE-", 4) != 0) return 0;
  const char *p = s + 4;
  for (int i = 0; i < 4; i++, p++)
    if (*p < '0' || *p > '9') return 0;
  if (*p++ != '-') return 0;
  size_t n = 0;
  while (p < end && *p >= '0' && *p <= '9' && n < 20) p++, n++;
  if (n < 4 || n > 19) return 0;
  if (p < end && ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
                  (*p >= 'A' && *p <= 'Z')))
    return 0;
  return (size_t)(p - s);
}

/* An entry heading "name (version) dist...; ...": the version's bounds. */
static bool heading(const char *s, const char *end, const char **v,
                    size_t *vn) {
  const char *p = s;
  if (p >= end || !((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9')))
    return false;
  while (p < end && *p != ' ') {
    char c = *p;
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
          c == '-' || c == '.'))
      return false;
    p++;
  }
  if (end - p < 3 || p[1] != '(') return false;
  const char *vs = p + 2, *ve = vs;
  while (ve < end && *ve != ')' && *ve != ' ' && *ve != '(') ve++;
  if (ve >= end || *ve != ')' || ve == vs) return false;
  if (!memchr(ve, ';', (size_t)(end - ve))) return false;
  *v = vs;
  *vn = (size_t)(ve - vs);
  return true;
}

int vl_changelog_cves(const char *buf, size_t len, const char *file,
                      const char *installed, vl_changelog_cb cb, void *ud,
                      struct vl_diag *d) {
  struct vl_verkey inst, k;
  struct vl_diag vd;
  vl_diag_clear(&vd);
  long nul_line;
  if (!installed ||
      vl_version_key(VL_SCHEME_DPKG, installed, strlen(installed), &inst,
                     &vd)) {
    vl_diag_set(d, VL_EINVAL, "installed version \"%.80s\" is not a dpkg "
                "version", installed ? installed : "");
    return where(d, file, 0);
  }
  if (has_nul(buf, len, &nul_line)) {
    vl_diag_set(d, VL_EPARSE, "a NUL byte: not a changelog text file");
    return where(d, file, nul_line);
  }
  /* The changelog shipped with a package describes what it contains:
   * every entry from the first one not newer than the installed version
   * on.  Entries further down may sort after it (a stable update's entry
   * "590-2.1~deb12u2" above the unstable upload "590-2.1" it was built
   * from): they are in the installed package all the same.  Entries above
   * the first such one (a doc directory shared with a newer package) are
   * not. */
  bool take = false, started = false;
  char version[VL_VERSION_MAX + 1] = "";
  long line = 0;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && buf[e] != '\n') e++;
    line++;
    const char *s = buf + i, *end = buf + e;
    i = e + 1;
    if (s == end) continue;
    if (*s != ' ' && *s != '\t') {
      const char *v;
      size_t vn;
      if (end - s >= 14 && !memcmp(s, "Old Changelog:", 14)) break;
      if (heading(s, end, &v, &vn)) {
        vl_diag_clear(&vd);
        bool parsed = vn <= VL_VERSION_MAX &&
                      !vl_version_key(VL_SCHEME_DPKG, v, vn, &k, &vd);
        if (!started && parsed && vl_verkey_cmp(&k, &inst) <= 0)
          started = true;
        take = started && parsed;
        if (take) {
          memcpy(version, v, vn);
          version[vn] = 0;
        }
      } else {
        take = false; /* an Emacs trailer, a note: no entry's text */
      }
      continue;
    }
    if (!take) continue;
    for (const char *p = s; p < end; p++) {
      if (*p != 'C') continue;
      if (p > s && ((p[-1] >= '0' && p[-1] <= '9') ||
                    (p[-1] >= 'a' && p[-1] <= 'z') ||
                    (p[-1] >= 'A' && p[-1] <= 'Z')))
        continue;
      size_t n = cve_at(p, end);
      if (!n) continue;
      char cve[32];
      memcpy(cve, p, n);
      cve[n] = 0;
      int rc = cb(ud, version, cve, line);
      if (rc) return rc;
      p += n - 1;
    }
  }
  return 0;
}

/* -------------------------------------------------------- record parsers */

/* dpkg's Status: "want flag state" (dpkg-query(1)). */
static bool status_ok(const char *v, size_t n) {
  static const char *want[] = {"unknown", "install", "hold", "deinstall",
                               "purge", NULL};
  static const char *flag[] = {"ok", "reinstreq", NULL};
  static const char *state[] = {"not-installed", "config-files",
                                "half-installed", "unpacked",
                                "half-configured", "triggers-awaited",
                                "triggers-pending", "installed", NULL};
  const char *const *sets[3] = {want, flag, state};
  const char *p = v, *end = v + n;
  for (int w = 0; w < 3; w++) {
    const char *e = p;
    while (e < end && *e != ' ') e++;
    bool ok = false;
    for (const char *const *k = sets[w]; *k && !ok; k++)
      ok = strlen(*k) == (size_t)(e - p) && !memcmp(*k, p, (size_t)(e - p));
    if (!ok || (w < 2 && e == end) || (w == 2 && e != end)) return false;
    p = e + 1;
  }
  return true;
}

/* deb822 stanzas of the dpkg status file. */
static int parse_dpkg(struct list *l, const char *buf, size_t len,
                      struct vl_diag *d) {
  enum { F_PACKAGE, F_STATUS, F_VERSION, F_ARCH, F_SOURCE, F_MULTIARCH, F_N };
  static const char *fname[F_N] = {"Package", "Status", "Version",
                                   "Architecture", "Source", "Multi-Arch"};
  const char *val[F_N];
  size_t vlen[F_N];
  long fline[F_N];
  long line = 0, start = 0;
  bool in = false, any_field = false;
  memset(fline, 0, sizeof(fline));
  for (size_t i = 0; i <= len;) {
    size_t e = i;
    while (e < len && buf[e] != '\n') e++;
    const char *s = buf + i, *end = buf + e;
    bool eof = i >= len;
    i = e + 1;
    if (!eof) line++;
    if (end > s && end[-1] == '\r') end--;
    if (eof || s == end) {
      if (!in) {
        if (eof) break;
        continue;
      }
      /* The end of a stanza. */
      in = false;
      vl_diag_where(d, l->file, start, NULL);
      if (!fline[F_PACKAGE])
        return vl_diag_set(d, VL_EINVAL, "a stanza without a Package field");
      struct pkg *p = add(l, d, start);
      if (!p) return d ? d->code : VL_ETOOBIG;
      if (!(p->name = dup_n(l, val[F_PACKAGE], vlen[F_PACKAGE], d)))
        return VL_ETOOBIG;
      vl_diag_where(d, l->file, fline[F_PACKAGE], NULL);
      if (!deb_name_ok(p->name))
        return vl_diag_set(d, VL_EINVAL,
                           "Package: \"%.80s\" is not a Debian package name",
                           p->name);
      if (!fline[F_STATUS]) {
        vl_diag_where(d, l->file, start, NULL);
        return vl_diag_set(d, VL_EINVAL, "package %s has no Status field",
                           p->name);
      }
      vl_diag_where(d, l->file, fline[F_STATUS], NULL);
      if (!status_ok(val[F_STATUS], vlen[F_STATUS]))
        return vl_diag_set(d, VL_EINVAL,
                           "Status: \"%.*s\" is not \"WANT FLAG STATE\" "
                           "(e.g. install ok installed)",
                           (int)(vlen[F_STATUS] > 60 ? 60 : vlen[F_STATUS]),
                           val[F_STATUS]);
      l->records++;
      p->installed = vlen[F_STATUS] == 20 &&
                     !memcmp(val[F_STATUS], "install ok installed", 20);
      if (!p->installed) {
        l->n--; /* listed, not installed (removed, config files only) */
        p = NULL;
        goto counted;
      }
      for (int f = F_VERSION; f <= F_ARCH; f++)
        if (!fline[f]) {
          vl_diag_where(d, l->file, start, NULL);
          return vl_diag_set(d, VL_EINVAL,
                             "installed package %s has no %s field", p->name,
                             fname[f]);
        }
      if (!(p->version = dup_n(l, val[F_VERSION], vlen[F_VERSION], d)) ||
          !(p->arch = dup_n(l, val[F_ARCH], vlen[F_ARCH], d)))
        return VL_ETOOBIG;
      vl_diag_where(d, l->file, fline[F_VERSION], NULL);
      int rc = check_version(VL_SCHEME_DPKG, p->version, "Version", d);
      if (rc) return rc;
      vl_diag_where(d, l->file, fline[F_ARCH], NULL);
      if (!token_ok(p->arch, 32))
        return vl_diag_set(d, VL_EINVAL, "Architecture: \"%.40s\" is not an "
                           "architecture", p->arch);
      if (fline[F_MULTIARCH]) {
        static const char *ma[] = {"same", "foreign", "allowed", "no"};
        bool ok = false;
        for (size_t m = 0; m < VL_ARRAY_LEN(ma); m++)
          ok |= vlen[F_MULTIARCH] == strlen(ma[m]) &&
                !memcmp(val[F_MULTIARCH], ma[m], vlen[F_MULTIARCH]);
        vl_diag_where(d, l->file, fline[F_MULTIARCH], NULL);
        if (!ok)
          return vl_diag_set(d, VL_EINVAL,
                             "Multi-Arch: \"%.*s\" is not same, foreign, "
                             "allowed or no",
                             (int)(vlen[F_MULTIARCH] > 40 ? 40
                                                          : vlen[F_MULTIARCH]),
                             val[F_MULTIARCH]);
      }
      p->src = p->name;
      p->srcver = p->version;
      if (fline[F_SOURCE]) {
        const char *sv = val[F_SOURCE], *se = sv + vlen[F_SOURCE];
        const char *sp = memchr(sv, ' ', vlen[F_SOURCE]);
        vl_diag_where(d, l->file, fline[F_SOURCE], NULL);
        if (!(p->src = dup_n(l, sv, sp ? (size_t)(sp - sv) : vlen[F_SOURCE],
                             d)))
          return VL_ETOOBIG;
        if (!deb_name_ok(p->src))
          return vl_diag_set(d, VL_EINVAL,
                             "Source: \"%.80s\" is not a Debian package name",
                             p->src);
        if (sp) {
          if (se - sp < 4 || sp[1] != '(' || se[-1] != ')')
            return vl_diag_set(d, VL_EINVAL,
                               "Source: expected \"NAME\" or \"NAME "
                               "(VERSION)\"");
          if (!(p->srcver = dup_n(l, sp + 2, (size_t)(se - sp - 3), d)))
            return VL_ETOOBIG;
          if ((rc = check_version(VL_SCHEME_DPKG, p->srcver,
                                  "Source version", d)))
            return rc;
        }
      }
    counted:
      vl_diag_clear(d);
      if (eof) break;
      continue;
    }
    if (*s == ' ' || *s == '\t') {
      if (!in || !any_field) {
        vl_diag_set(d, VL_EPARSE, "a continuation line outside a field");
        return where(d, l->file, line);
      }
      continue;
    }
    if (*s == '#') continue; /* deb822 comment */
    if (!in) {
      in = true;
      any_field = false;
      start = line;
      memset(fline, 0, sizeof(fline));
    }
    const char *colon = memchr(s, ':', (size_t)(end - s));
    if (!colon || colon == s) {
      vl_diag_set(d, VL_EPARSE, "not a \"Field: value\" line: \"%.*s\"",
                  (int)((end - s) > 60 ? 60 : (end - s)), s);
      return where(d, l->file, line);
    }
    for (const char *c = s; c < colon; c++)
      if ((unsigned char)*c <= ' ' || (unsigned char)*c >= 0x7f) {
        vl_diag_set(d, VL_EPARSE, "a field name with a space or a non-ASCII "
                    "byte");
        return where(d, l->file, line);
      }
    any_field = true;
    const char *v = colon + 1;
    while (v < end && (*v == ' ' || *v == '\t')) v++;
    const char *ve = end;
    while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t')) ve--;
    for (int f = 0; f < F_N; f++) {
      if ((size_t)(colon - s) != strlen(fname[f]) ||
          strncasecmp(s, fname[f], (size_t)(colon - s)) != 0)
        continue;
      if (fline[f]) {
        vl_diag_set(d, VL_EINVAL, "field %s given twice (also on line %ld)",
                    fname[f], fline[f]);
        return where(d, l->file, line);
      }
      if (ve - v > FIELD_MAX) {
        vl_diag_set(d, VL_ETOOBIG, "field %s longer than %d bytes", fname[f],
                    FIELD_MAX);
        return where(d, l->file, line);
      }
      if (v == ve) {
        vl_diag_set(d, VL_EINVAL, "field %s is empty", fname[f]);
        return where(d, l->file, line);
      }
      val[f] = v;
      vlen[f] = (size_t)(ve - v);
      fline[f] = line;
    }
  }
  return 0;
}

/* name-version-release.src.rpm: the source package and its version. */
static bool srpm_split(const char *s, size_t n, size_t *name_len,
                       const char **vr, size_t *vr_len) {
  static const char *ext[] = {".src.rpm", ".nosrc.rpm"};
  size_t base = 0;
  for (size_t i = 0; i < 2 && !base; i++) {
    size_t el = strlen(ext[i]);
    if (n > el && !memcmp(s + n - el, ext[i], el)) base = n - el;
  }
  if (!base) return false;
  const char *r = NULL, *v = NULL;
  for (size_t i = base; i-- > 0;)
    if (s[i] == '-') {
      if (!r) r = s + i;
      else {
        v = s + i;
        break;
      }
    }
  if (!v || v == s || r - v < 2 || (s + base) - r < 2) return false;
  *name_len = (size_t)(v - s);
  *vr = v + 1;
  *vr_len = (size_t)((s + base) - (v + 1));
  return true;
}

/* rpm -qa --qf '%{NAME}\t%{EPOCH}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\t
 * %{SOURCERPM}\n' */
static int parse_rpm(struct list *l, const char *buf, size_t len,
                     struct vl_diag *d) {
  static const char *fname[6] = {"NAME",    "EPOCH", "VERSION",
                                 "RELEASE", "ARCH",  "SOURCERPM"};
  long line = 0;
  for (size_t i = 0; i < len;) {
    size_t e = i;
    while (e < len && buf[e] != '\n') e++;
    const char *s = buf + i, *end = buf + e;
    i = e + 1;
    line++;
    if (end > s && end[-1] == '\r') end--;
    if (s == end) continue;
    const char *f[6];
    size_t fl[6];
    int nf = 0;
    for (const char *p = s;; nf++) {
      const char *t = memchr(p, '\t', (size_t)(end - p));
      if (nf == 6) {
        nf = 7;
        break;
      }
      f[nf] = p;
      fl[nf] = t ? (size_t)(t - p) : (size_t)(end - p);
      if (!t) {
        nf++;
        break;
      }
      p = t + 1;
    }
    if (nf != 6) {
      vl_diag_set(d, VL_EPARSE,
                  "%s tab-separated fields, expected 6 (NAME, EPOCH, VERSION, "
                  "RELEASE, ARCH, SOURCERPM: see docs/formats.md)",
                  nf > 6 ? "more than 6" : nf == 1 ? "1" : "fewer than 6");
      return where(d, l->file, line);
    }
    struct pkg *p = add(l, d, line);
    if (!p) return d ? d->code : VL_ETOOBIG;
    l->records++;
    char *v[6];
    for (int k = 0; k < 6; k++) {
      if (!(v[k] = dup_n(l, f[k], fl[k], d))) return VL_ETOOBIG;
      if (!token_ok(v[k], FIELD_MAX)) {
        vl_diag_set(d, VL_EINVAL,
                    "%s: \"%.60s\" is empty or has spaces or non-ASCII bytes",
                    fname[k], v[k]);
        return where(d, l->file, line);
      }
    }
    p->installed = true;
    p->name = v[0];
    bool no_epoch = !strcmp(v[1], "(none)");
    if (!no_epoch) {
      for (const char *c = v[1]; *c; c++)
        if (*c < '0' || *c > '9' || c - v[1] > 9) {
          vl_diag_set(d, VL_EINVAL, "EPOCH: \"%.40s\" is neither a number "
                      "nor (none)", v[1]);
          return where(d, l->file, line);
        }
      p->epoch = v[1];
    }
    p->ver = v[2];
    p->rel = v[3];
    if (strchr(v[2], '-') || strchr(v[3], '-')) {
      vl_diag_set(d, VL_EINVAL, "VERSION and RELEASE may not contain '-'");
      return where(d, l->file, line);
    }
    p->version = no_epoch ? vl_arena_printf(l->a, "%s-%s", v[2], v[3])
                          : vl_arena_printf(l->a, "%s:%s-%s", v[1], v[2], v[3]);
    if (!p->version) return vl_diag_set(d, VL_ETOOBIG, "the list is too large");
    vl_diag_where(d, l->file, line, NULL);
    int rc = check_version(VL_SCHEME_RPM, p->version, "EPOCH:VERSION-RELEASE",
                           d);
    if (rc) return rc;
    p->arch = strcmp(v[4], "(none)") ? v[4] : NULL;
    if (!strcmp(v[5], "(none)")) continue; /* gpg-pubkey: no source */
    size_t nl, vrl;
    const char *vr;
    if (!srpm_split(v[5], strlen(v[5]), &nl, &vr, &vrl)) {
      vl_diag_set(d, VL_EINVAL,
                  "SOURCERPM: \"%.80s\" is not NAME-VERSION-RELEASE.src.rpm",
                  v[5]);
      return where(d, l->file, line);
    }
    p->src = dup_n(l, v[5], nl, d);
    p->srcver = p->epoch ? vl_arena_printf(l->a, "%s:%.*s", p->epoch,
                                           (int)vrl, vr)
                         : dup_n(l, vr, vrl, d);
    if (!p->src || !p->srcver)
      return vl_diag_set(d, VL_ETOOBIG, "the list is too large");
    vl_diag_clear(d);
  }
  return 0;
}

/* Alpine's installed database: "K:value" lines, stanzas separated by an
 * empty line. */
static int parse_apk(struct list *l, const char *buf, size_t len,
                     struct vl_diag *d) {
  long line = 0, start = 0;
  const char *val[3] = {0}; /* P, V, A */
  size_t vlen[3] = {0};
  long fline[4] = {0};       /* P, V, A, o */
  const char *origin = NULL;
  size_t olen = 0;
  bool in = false;
  static const char keys[4] = {'P', 'V', 'A', 'o'};
  for (size_t i = 0; i <= len;) {
    size_t e = i;
    while (e < len && buf[e] != '\n') e++;
    const char *s = buf + i, *end = buf + e;
    bool eof = i >= len;
    i = e + 1;
    if (!eof) line++;
    if (end > s && end[-1] == '\r') end--;
    if (eof || s == end) {
      if (!in) {
        if (eof) break;
        continue;
      }
      in = false;
      if (!fline[0]) {
        vl_diag_set(d, VL_EINVAL, "a package without a P: (name) line");
        return where(d, l->file, start);
      }
      struct pkg *p = add(l, d, start);
      if (!p) return d ? d->code : VL_ETOOBIG;
      l->records++;
      p->installed = true;
      if (!(p->name = dup_n(l, val[0], vlen[0], d))) return VL_ETOOBIG;
      if (!token_ok(p->name, 128)) {
        vl_diag_set(d, VL_EINVAL, "P: \"%.60s\" is not a package name",
                    p->name);
        return where(d, l->file, fline[0]);
      }
      if (!fline[1]) {
        vl_diag_set(d, VL_EINVAL, "package %s has no V: (version) line",
                    p->name);
        return where(d, l->file, start);
      }
      if (!(p->version = dup_n(l, val[1], vlen[1], d))) return VL_ETOOBIG;
      vl_diag_where(d, l->file, fline[1], NULL);
      int rc = check_version(VL_SCHEME_APK, p->version, "V", d);
      if (rc) return rc;
      if (fline[2]) {
        if (!(p->arch = dup_n(l, val[2], vlen[2], d))) return VL_ETOOBIG;
        if (!token_ok(p->arch, 32)) {
          vl_diag_set(d, VL_EINVAL, "A: \"%.40s\" is not an architecture",
                      p->arch);
          return where(d, l->file, fline[2]);
        }
      }
      p->src = p->name;
      if (origin) {
        if (!(p->src = dup_n(l, origin, olen, d))) return VL_ETOOBIG;
        if (!token_ok(p->src, 128)) {
          vl_diag_set(d, VL_EINVAL, "o: \"%.60s\" is not a package name",
                      p->src);
          return where(d, l->file, fline[3]);
        }
      }
      p->srcver = p->version;
      vl_diag_clear(d);
      if (eof) break;
      continue;
    }
    if (end - s < 2 || s[1] != ':' || (unsigned char)s[0] <= ' ' ||
        (unsigned char)s[0] >= 0x7f) {
      vl_diag_set(d, VL_EPARSE, "not a \"K:value\" line: \"%.*s\"",
                  (int)((end - s) > 60 ? 60 : (end - s)), s);
      return where(d, l->file, line);
    }
    if (!in) {
      in = true;
      start = line;
      memset(fline, 0, sizeof(fline));
      origin = NULL;
    }
    for (int k = 0; k < 4; k++) {
      if (s[0] != keys[k]) continue;
      if (fline[k]) {
        vl_diag_set(d, VL_EINVAL, "%c: given twice in one package (also on "
                    "line %ld)", keys[k], fline[k]);
        return where(d, l->file, line);
      }
      if (end - s - 2 > FIELD_MAX || end - s == 2) {
        vl_diag_set(d, end - s == 2 ? VL_EINVAL : VL_ETOOBIG,
                    "%c: empty or longer than %d bytes", keys[k], FIELD_MAX);
        return where(d, l->file, line);
      }
      fline[k] = line;
      if (k < 3) {
        val[k] = s + 2;
        vlen[k] = (size_t)(end - s - 2);
      } else {
        origin = s + 2;
        olen = (size_t)(end - s - 2);
      }
    }
  }
  return 0;
}

/* --------------------------------------------------------------- writing */

struct kind {
  const char *format, *origin, *ecosystem, *purl_type, *scheme, *ident;
  enum vl_scheme sch;
  int (*parse)(struct list *, const char *, size_t, struct vl_diag *);
};

static const struct kind kinds[] = {
    {"dpkg-status", "dpkg", "deb", "deb", "dpkg", "deb", VL_SCHEME_DPKG,
     parse_dpkg},
    {"rpm-qa", "rpm", "rpm", "rpm", "rpm", "rpm", VL_SCHEME_RPM, parse_rpm},
    {"apk-installed", "apk", "apk", "apk", "apk", "apk", VL_SCHEME_APK,
     parse_apk},
};

static int by_name_arch(const void *a, const void *b) {
  const struct pkg *x = *(struct pkg *const *)a, *y = *(struct pkg *const *)b;
  int c = strcmp(x->name, y->name);
  if (!c) c = strcmp(x->arch ? x->arch : "", y->arch ? y->arch : "");
  if (!c) c = x->line < y->line ? -1 : x->line > y->line;
  return c;
}

/* Marks packages listed twice (same name and architecture): an error for
 * dpkg and apk, several installed versions (kernels) for rpm. */
static int find_dups(const struct kind *k, struct list *l, struct vl_diag *d) {
  if (l->n < 2) return 0;
  struct pkg **v = malloc(l->n * sizeof(*v));
  if (!v) return vl_diag_set(d, VL_ENOMEM, "out of memory");
  for (size_t i = 0; i < l->n; i++) v[i] = &l->p[i];
  qsort(v, l->n, sizeof(*v), by_name_arch);
  int rc = 0;
  for (size_t i = 1; i < l->n && !rc; i++) {
    if (strcmp(v[i]->name, v[i - 1]->name) ||
        strcmp(v[i]->arch ? v[i]->arch : "",
               v[i - 1]->arch ? v[i - 1]->arch : ""))
      continue;
    if (k->sch == VL_SCHEME_RPM) {
      v[i]->dup = v[i - 1]->dup = true;
      continue;
    }
    vl_diag_where(d, l->file, v[i]->line, NULL);
    rc = vl_diag_set(d, VL_EEXIST, "package %s%s%s is listed twice (also on "
                     "line %ld)",
                     v[i]->name, v[i]->arch ? ":" : "",
                     v[i]->arch ? v[i]->arch : "", v[i - 1]->line);
  }
  free(v);
  return rc;
}

static const char *make_purl(const struct kind *k, struct list *l,
                             const struct pkg *p,
                             const struct vl_os_release *os,
                             struct vl_diag *d) {
  if (!os || !os->id[0]) return NULL;
  struct vl_purl in = {0}, out;
  struct vl_purl_qual q[3];
  size_t nq = 0;
  in.type = k->purl_type;
  in.ns = os->id;
  in.name = p->name;
  in.version = k->sch == VL_SCHEME_RPM
                   ? vl_arena_printf(l->a, "%s-%s", p->ver, p->rel)
                   : p->version;
  if (p->arch) q[nq++] = (struct vl_purl_qual){"arch", p->arch};
  const char *distro =
      os->version_id[0]
          ? vl_arena_printf(l->a, "%s-%s", os->id, os->version_id)
          : os->codename[0] ? vl_arena_printf(l->a, "%s-%s", os->id,
                                              os->codename)
                            : NULL;
  if (distro) q[nq++] = (struct vl_purl_qual){"distro", distro};
  if (p->epoch) q[nq++] = (struct vl_purl_qual){"epoch", p->epoch};
  in.quals = q;
  in.nquals = nq;
  struct vl_diag pd;
  vl_diag_clear(&pd);
  if (!in.version || vl_purl_build(l->a, &in, 0, &out, &pd)) return NULL;
  struct vl_buf b;
  vl_buf_init(&b, VL_PURL_STR_MAX);
  const char *s = NULL;
  if (!vl_purl_to_string(&out, &b)) s = vl_arena_strndup(l->a, b.data, b.len);
  vl_buf_free(&b);
  (void)d;
  return s;
}

int vl_pkglist_write(struct vl_inv *inv, const char *format, const char *path,
                     int64_t asset_id, const struct vl_os_release *os,
                     vl_pkglist_cb cb, void *ud, long *n, struct vl_diag *d) {
  const struct kind *k = NULL;
  for (size_t i = 0; i < VL_ARRAY_LEN(kinds); i++)
    if (!strcmp(kinds[i].format, format)) k = &kinds[i];
  if (!k) return vl_diag_set(d, VL_EINVAL, "unknown package list '%s'", format);
  struct list l = {0};
  l.file = path;
  char *buf = NULL;
  size_t len;
  long nul_line;
  *n = 0;
  int rc = vl_read_file(path, LIST_MAX, &buf, &len, d);
  if (rc) return rc;
  if ((rc = vl_arena_new(LIST_MAX, &l.a))) goto out;
  if (has_nul(buf, len, &nul_line)) {
    vl_diag_set(d, VL_EPARSE, "a NUL byte: not a %s text file", format);
    rc = where(d, path, nul_line);
    goto out;
  }
  if (len && buf[len - 1] != '\n') {
    /* Every list ends its last line: a file cut short does not. */
    long last = 1;
    for (size_t i = 0; i + 1 < len; i++) last += buf[i] == '\n';
    vl_diag_set(d, VL_EPARSE, "the file ends inside a line (truncated?)");
    rc = where(d, path, last);
    goto out;
  }
  if ((rc = k->parse(&l, buf, len, d))) goto out;
  if (!l.records) {
    vl_diag_set(d, VL_EINVAL, "no package in the file");
    rc = where(d, path, 0);
    goto out;
  }
  if ((rc = find_dups(k, &l, d))) goto out;
  vl_inv_rows(inv, (long)l.n);
  for (size_t i = 0; i < l.n; i++) {
    const struct pkg *p = &l.p[i];
    struct vl_software sw = {0};
    sw.origin = k->origin;
    sw.ident = p->dup ? vl_arena_printf(l.a, "%s:%s:%s:%s", k->ident, p->name,
                                        p->arch ? p->arch : "", p->version)
               : p->arch ? vl_arena_printf(l.a, "%s:%s:%s", k->ident, p->name,
                                           p->arch)
                         : vl_arena_printf(l.a, "%s:%s", k->ident, p->name);
    if (!sw.ident) {
      rc = vl_diag_set(d, VL_ETOOBIG, "the list is too large");
      goto out;
    }
    sw.product = p->name;
    sw.name = p->name;
    sw.version = p->version;
    sw.scheme = k->scheme;
    sw.ecosystem = k->ecosystem;
    sw.source_name = p->src;
    sw.source_version = p->srcver;
    sw.arch = p->arch;
    sw.purl = make_purl(k, &l, p, os, d);
    int64_t id;
    if ((rc = vl_inv_software(inv, asset_id, &sw, &id, d))) {
      where(d, path, p->line);
      goto out;
    }
    (*n)++;
    if (cb && (rc = cb(ud, &sw, id))) goto out;
  }
out:
  free(buf);
  free(l.p);
  vl_arena_free(l.a);
  return rc;
}

/* ------------------------------------------------------- the formats */

static int import_list(struct vl_inv *inv, const char *path, const char *fmt,
                       struct vl_diag *d) {
  const struct vl_inv_opts *o = vl_inv_opts(inv);
  if (!o->asset || !*o->asset) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EINVAL,
                       "a %s list does not name its host: give --asset NAME",
                       fmt);
  }
  struct vl_os_release os;
  struct vl_asset a = {0};
  a.name = o->asset;
  if (o->os_release) {
    int rc = vl_os_release_read(o->os_release, &os, d);
    if (rc) return rc;
    a.distro = os.id;
    a.release = os.version_id[0] ? os.version_id
                : os.codename[0] ? os.codename
                                 : NULL;
    a.os = os.pretty;
    a.os_cpe = os.cpe;
  }
  int64_t aid;
  long n;
  int rc = vl_inv_asset(inv, &a, VL_ASSET_MERGE, &aid, d);
  if (!rc)
    rc = vl_pkglist_write(inv, fmt, path, aid, o->os_release ? &os : NULL,
                          NULL, NULL, &n, d);
  return rc;
}

static int import_dpkg(struct vl_inv *inv, const char *path,
                       struct vl_diag *d) {
  return import_list(inv, path, "dpkg-status", d);
}
static int import_rpm(struct vl_inv *inv, const char *path,
                      struct vl_diag *d) {
  return import_list(inv, path, "rpm-qa", d);
}
static int import_apk(struct vl_inv *inv, const char *path,
                      struct vl_diag *d) {
  return import_list(inv, path, "apk-installed", d);
}

static bool sniff_dpkg(const char *h, size_t n) {
  while (n && (*h == '\n' || *h == '\r')) h++, n--;
  return n >= 9 && !memcmp(h, "Package: ", 9);
}

static bool sniff_apk(const char *h, size_t n) {
  while (n && *h == '\n') h++, n--;
  if (n < 3 || h[1] != ':' || !(h[0] == 'C' || h[0] == 'P')) return false;
  /* A P: line within the first record. */
  for (size_t i = 0; i + 2 < n; i++) {
    if (h[i] == '\n' && h[i + 1] == '\n') return false;
    if ((i == 0 || h[i - 1] == '\n') && h[i] == 'P' && h[i + 1] == ':')
      return true;
  }
  return false;
}

static bool sniff_rpm(const char *h, size_t n) {
  size_t e = 0;
  while (e < n && h[e] != '\n') e++;
  if (e == n) return false;
  int tabs = 0;
  const char *f2 = NULL;
  for (size_t i = 0; i < e; i++)
    if (h[i] == '\t' && ++tabs == 1) f2 = h + i + 1;
  if (tabs != 5) return false;
  if (!strncmp(f2, "(none)\t", 7)) return true;
  while (*f2 >= '0' && *f2 <= '9') f2++;
  return *f2 == '\t' && f2[-1] >= '0' && f2[-1] <= '9';
}

const struct vl_inv_format vl_inv_fmt_dpkg_status = {
    "dpkg-status", "dpkg",
    "dpkg status database (/var/lib/dpkg/status); needs --asset, takes "
    "--os-release",
    sniff_dpkg, import_dpkg};
const struct vl_inv_format vl_inv_fmt_rpm_qa = {
    "rpm-qa", "rpm",
    "rpm -qa --qf '%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t"
    "%{SOURCERPM}\\n'; needs --asset, takes --os-release",
    sniff_rpm, import_rpm};
const struct vl_inv_format vl_inv_fmt_apk_installed = {
    "apk-installed", "apk",
    "Alpine apk database (/lib/apk/db/installed); needs --asset, takes "
    "--os-release",
    sniff_apk, import_apk};
