/* asset collect: the inventory of the machine it runs on (or of a directory
 * holding a machine's files): os-release, installed packages (dpkg, else
 * rpm, else apk), listening ports from /proc/net, and the CVEs each Debian
 * package's own changelog says its installed version fixes.
 *
 * One import: one scan and one transaction.  Packages get the origin of
 * their package manager (dpkg, rpm, apk), so that a later `asset import
 * --format dpkg-status` of the same host's status file is the same origin;
 * ports get the origin "collect" and are replaced as a set.
 *
 * Nothing here runs a shell.  rpm (only when an rpm database is present and
 * no dpkg one) is started with a fixed argument vector. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vulnloop/scope.h"
#include "vulnloop/version.h"

extern char **environ;

#define CHANGELOG_MAX (32u << 20)
#define PROCNET_MAX (64u << 20)
#define EVIDENCE_MAX 20000
#define PORTS_MAX (65536 * 2)

#define RPM_QF "%{NAME}\\t%{EPOCH}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{SOURCERPM}\\n"

struct collector {
  const struct vl_ctx *ctx;
  struct vl_inv *inv;
  const char *root;        /* "" for this machine, else without a final '/' */
  char root_real[PATH_MAX];/* realpath of the root, when one is given */
  struct vl_collect_stats *st;
  struct vl_fix_evidence *ev; /* EVIDENCE_MAX, reused per package */
  char (*cves)[32];
  char (*versions)[VL_VERSION_MAX + 1];
  size_t nev;
  char file[PATH_MAX];     /* the changelog being read, as on the host */
};

static int path_of(char *buf, size_t size, const char *root,
                   const char *path) {
  int n = snprintf(buf, size, "%s%s", root, path);
  return n < 0 || (size_t)n >= size ? VL_ETOOBIG : 0;
}

static bool exists(const char *p) {
  struct stat sb;
  return stat(p, &sb) == 0;
}

/* Whether p (under a given root) resolves inside it: symbolic links in a
 * mounted image must not lead to the collecting machine's files. */
static bool inside_root(const struct collector *c, const char *p) {
  if (!c->root[0]) return true;
  char real[PATH_MAX];
  if (!realpath(p, real)) return false;
  size_t n = strlen(c->root_real);
  return !strncmp(real, c->root_real, n) && (real[n] == '/' || !real[n]);
}

/* ------------------------------------------------------------ changelogs */

static int on_cve(void *ud, const char *version, const char *cve, long line) {
  struct collector *c = ud;
  /* Changelogs are newest first: a CVE named again in an older entry is
   * recorded with the oldest entry that names it (where it was fixed). */
  for (size_t i = 0; i < c->nev; i++)
    if (!strcmp(c->cves[i], cve)) {
      snprintf(c->versions[i], sizeof(c->versions[i]), "%s", version);
      c->ev[i].line = line;
      return 0;
    }
  if (c->nev == EVIDENCE_MAX) return 0;
  size_t i = c->nev++;
  snprintf(c->cves[i], sizeof(c->cves[i]), "%s", cve);
  snprintf(c->versions[i], sizeof(c->versions[i]), "%s", version);
  memset(&c->ev[i], 0, sizeof(c->ev[i]));
  c->ev[i].vuln = c->cves[i];
  c->ev[i].version = c->versions[i];
  c->ev[i].kind = "changelog";
  c->ev[i].file = c->file;
  c->ev[i].line = line;
  return 0;
}

/* The changelog of a package: its own doc directory, or (when that is a
 * symbolic link or has none) its source package's.  *found false if none. */
static int find_changelog(struct collector *c, const struct vl_software *sw,
                          char *full, size_t size, bool *found) {
  static const char *files[] = {"changelog.Debian.gz", "changelog.Debian"};
  const char *dirs[2] = {sw->name, sw->source_name};
  *found = false;
  for (int k = 0; k < 2; k++) {
    if (!dirs[k] || (k == 1 && !strcmp(dirs[0], dirs[1]))) continue;
    char dir[PATH_MAX];
    if (snprintf(dir, sizeof(dir), "%s/usr/share/doc/%s", c->root, dirs[k]) >=
        (int)sizeof(dir))
      return VL_ETOOBIG;
    struct stat sb;
    if (lstat(dir, &sb) != 0 || S_ISLNK(sb.st_mode)) continue;
    for (size_t f = 0; f < VL_ARRAY_LEN(files); f++) {
      snprintf(c->file, sizeof(c->file), "/usr/share/doc/%s/%s", dirs[k],
               files[f]);
      if (path_of(full, size, c->root, c->file)) return VL_ETOOBIG;
      if (exists(full) && inside_root(c, full)) {
        *found = true;
        return 0;
      }
    }
  }
  return 0;
}

static int on_package(void *ud, const struct vl_software *sw, int64_t id) {
  struct collector *c = ud;
  c->st->packages++;
  if (!c->ev || strcmp(sw->ecosystem, "deb") != 0) return 0;
  char full[PATH_MAX];
  bool found;
  if (find_changelog(c, sw, full, sizeof(full), &found) || !found) return 0;
  char *buf = NULL;
  size_t len;
  struct vl_diag ld;
  vl_diag_clear(&ld);
  c->nev = 0;
  int rc = vl_read_file(full, CHANGELOG_MAX, &buf, &len, &ld);
  if (!rc)
    rc = vl_changelog_cves(buf, len, c->file,
                           sw->source_version ? sw->source_version
                                              : sw->version,
                           on_cve, c, &ld);
  free(buf);
  if (rc) {
    char msg[1024];
    vl_diag_where(&ld, c->file, -1, NULL);
    vl_diag_format(&ld, msg, sizeof(msg));
    vl_log(VL_LOG_WARN, "%s: changelog skipped: %s", sw->name, msg);
    c->st->changelog_errors++;
    return 0;
  }
  c->st->changelogs++;
  c->st->evidence += (long)c->nev;
  struct vl_diag sd;
  vl_diag_clear(&sd);
  rc = vl_store_fix_evidence_set(c->ctx, id, c->ev, c->nev, &sd);
  if (rc) vl_log(VL_LOG_ERROR, "fix evidence of %s: %s", sw->name, sd.msg);
  return rc;
}

/* ---------------------------------------------------------------- ports */

struct lport {
  char proto[4];
  int port;
  bool public_bind; /* bound to a non-loopback address */
};

struct ports {
  struct lport *v;
  size_t n, cap;
};

static bool hexfield(const char *s, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'F') ||
          (s[i] >= 'a' && s[i] <= 'f')))
      return false;
  return n > 0;
}

/* Whether the hex address of /proc/net/{tcp,udp}[6] is a loopback one:
 * 127.0.0.0/8 (stored in host byte order, little-endian here) or ::1. */
static bool loopback(const char *hex, size_t n) {
  if (n == 8) return !strncasecmp(hex + 6, "7F", 2);
  if (n == 32)
    return !strncmp(hex, "000000000000000000000000", 24) &&
           !strncasecmp(hex + 24, "01000000", 8);
  return false;
}

static int read_procnet(struct collector *c, const char *rel,
                        const char *proto, bool tcp, struct ports *ps,
                        struct vl_diag *d) {
  char full[PATH_MAX];
  if (path_of(full, sizeof(full), c->root, rel))
    return vl_diag_set(d, VL_ETOOBIG, "path too long");
  if (!exists(full)) return 0;
  char *buf;
  size_t len;
  int rc = vl_read_file(full, PROCNET_MAX, &buf, &len, d);
  if (rc) return rc;
  long line = 0;
  for (size_t i = 0; i < len && !rc;) {
    size_t e = i;
    while (e < len && buf[e] != '\n') e++;
    char l[512];
    size_t ll = e - i < sizeof(l) - 1 ? e - i : sizeof(l) - 1;
    memcpy(l, buf + i, ll);
    l[ll] = 0;
    i = e + 1;
    if (++line == 1) continue; /* the header */
    char *f[5];
    int nf = 0;
    for (char *p = l; *p && nf < 5;) {
      while (*p == ' ') p++;
      if (!*p) break;
      f[nf++] = p;
      while (*p && *p != ' ') p++;
      if (*p) *p++ = 0;
    }
    if (nf == 0) continue;
    char *colon = nf >= 4 ? strchr(f[1], ':') : NULL;
    char *rcolon = nf >= 4 ? strchr(f[2], ':') : NULL;
    if (!colon || !rcolon || !hexfield(f[1], (size_t)(colon - f[1])) ||
        !hexfield(colon + 1, strlen(colon + 1)) || strlen(colon + 1) > 4 ||
        !hexfield(f[3], strlen(f[3])) || strlen(f[3]) != 2) {
      vl_diag_where(d, full, line, NULL);
      rc = vl_diag_set(d, VL_EPARSE, "not a socket line (sl local_address "
                       "rem_address st ...)");
      break;
    }
    int port = (int)strtol(colon + 1, NULL, 16);
    int state = (int)strtol(f[3], NULL, 16);
    /* TCP: LISTEN (0x0A).  UDP: an unconnected socket (state 07, no
     * remote port) is one that receives from anyone. */
    bool listening = tcp ? state == 0x0A
                         : state == 0x07 && !strcmp(rcolon + 1, "0000");
    if (!listening || port == 0) continue;
    bool pub = !loopback(f[1], (size_t)(colon - f[1]));
    size_t k = 0;
    for (; k < ps->n; k++)
      if (ps->v[k].port == port && !strcmp(ps->v[k].proto, proto)) break;
    if (k < ps->n) {
      ps->v[k].public_bind |= pub;
      continue;
    }
    if (ps->n == PORTS_MAX) continue;
    if (ps->n == ps->cap) {
      size_t cap = ps->cap ? ps->cap * 2 : 64;
      struct lport *nv = realloc(ps->v, cap * sizeof(*nv));
      if (!nv) {
        rc = vl_diag_set(d, VL_ENOMEM, "out of memory");
        break;
      }
      ps->v = nv;
      ps->cap = cap;
    }
    snprintf(ps->v[ps->n].proto, sizeof(ps->v[ps->n].proto), "%s", proto);
    ps->v[ps->n].port = port;
    ps->v[ps->n++].public_bind = pub;
  }
  free(buf);
  return rc;
}

static int by_proto_port(const void *a, const void *b) {
  const struct lport *x = a, *y = b;
  int c = strcmp(x->proto, y->proto);
  return c ? c : (x->port > y->port) - (x->port < y->port);
}

static int collect_ports(struct collector *c, int64_t aid,
                         struct vl_diag *d) {
  static const struct {
    const char *file, *proto;
    bool tcp;
  } src[] = {{"/proc/net/tcp", "tcp", true},
             {"/proc/net/tcp6", "tcp", true},
             {"/proc/net/udp", "udp", false},
             {"/proc/net/udp6", "udp", false}};
  struct ports ps = {0};
  int rc = 0;
  for (size_t i = 0; i < VL_ARRAY_LEN(src) && !rc; i++)
    rc = read_procnet(c, src[i].file, src[i].proto, src[i].tcp, &ps, d);
  /* The set replaces the asset's ports of an earlier collect. */
  if (!rc) rc = vl_store_port_sweep(c->ctx, aid, "collect", 0, d);
  if (!rc && ps.n) qsort(ps.v, ps.n, sizeof(*ps.v), by_proto_port);
  for (size_t i = 0; i < ps.n && !rc; i++) {
    struct vl_port p = {0};
    p.asset_id = aid;
    p.proto = ps.v[i].proto;
    p.port = ps.v[i].port;
    p.state = ps.v[i].public_bind ? "listening" : "listening (loopback)";
    p.origin = "collect";
    rc = vl_inv_port(c->inv, &p, d);
    c->st->ports++;
  }
  free(ps.v);
  return rc;
}

/* ------------------------------------------------------------------- rpm */

/* Runs `rpm [--root ROOT] --dbpath DB -qa --qf FORMAT` into a temporary file whose
 * name goes to tmp (the caller unlinks it). */
static int run_rpm(const struct collector *c, const char *dbpath, char *tmp,
                   size_t size, struct vl_diag *d) {
  const char *dir = getenv("TMPDIR");
  snprintf(tmp, size, "%s/vulnloop-rpm-XXXXXX", dir && *dir ? dir : "/tmp");
  int fd = mkstemp(tmp);
  if (fd < 0) {
    tmp[0] = 0;
    return vl_diag_set(d, VL_EIO, "cannot create a temporary file: %s",
                       strerror(errno));
  }
  char *argv[10];
  int n = 0;
  argv[n++] = "rpm";
  if (c->root[0]) {
    argv[n++] = "--root";
    argv[n++] = (char *)c->root_real; /* rpm wants an absolute path */
  }
  /* The database found, not rpm's configured default (which differs
   * between distributions, and is ~/.rpmdb in Debian's rpm). */
  argv[n++] = "--dbpath";
  argv[n++] = (char *)dbpath;
  argv[n++] = "-qa";
  argv[n++] = "--qf";
  argv[n++] = RPM_QF;
  argv[n] = NULL;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, fd, 1);
  posix_spawn_file_actions_addclose(&fa, fd);
  pid_t pid;
  int err = posix_spawnp(&pid, "rpm", &fa, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(fd);
  if (err)
    return vl_diag_set(d, VL_EIO, "an rpm database is present but rpm "
                       "cannot be run: %s", strerror(err));
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return vl_diag_set(d, VL_EIO, "rpm: %s", strerror(errno));
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    return vl_diag_set(d, VL_EIO, "rpm -qa failed (exit status %d)",
                       WIFEXITED(status) ? WEXITSTATUS(status) : -1);
  return 0;
}

/* ------------------------------------------------------------ the import */

int vl_collect_host(const struct vl_ctx *ctx, const struct vl_collect_opts *o,
                    struct vl_collect_stats *st, struct vl_diag *d) {
  struct collector c = {0};
  char root[PATH_MAX], pkgfile[PATH_MAX], osfile[PATH_MAX], tmp[PATH_MAX];
  const char *format = NULL, *dbpath = NULL;
  tmp[0] = 0;
  memset(st, 0, sizeof(*st));
  c.ctx = ctx;
  c.st = st;
  snprintf(root, sizeof(root), "%s", o->root ? o->root : "");
  size_t rl = strlen(root);
  while (rl && root[rl - 1] == '/') root[--rl] = 0;
  c.root = root;
  if (root[0]) {
    struct stat sb;
    if (stat(root, &sb) != 0 || !S_ISDIR(sb.st_mode) ||
        !realpath(root, c.root_real)) {
      vl_diag_where(d, root, 0, NULL);
      return vl_diag_set(d, VL_EINVAL, "--root: not a directory");
    }
  }
  /* The asset's name. */
  if (o->name && *o->name) {
    snprintf(st->asset, sizeof(st->asset), "%s", o->name);
  } else if (gethostname(st->asset, sizeof(st->asset) - 1) != 0 ||
             !st->asset[0]) {
    return vl_diag_set(d, VL_EINVAL, "cannot tell the host name: give "
                       "--name NAME");
  }
  /* The platform. */
  struct vl_os_release os;
  bool have_os = false;
  static const char *osrel[] = {"/etc/os-release", "/usr/lib/os-release"};
  for (size_t i = 0; i < VL_ARRAY_LEN(osrel) && !have_os; i++) {
    if (path_of(osfile, sizeof(osfile), root, osrel[i]) || !exists(osfile))
      continue;
    int rc = vl_os_release_read(osfile, &os, d);
    if (rc) return rc;
    have_os = true;
  }
  /* The package manager. */
  static const struct {
    const char *file, *format, *from;
  } pm[] = {{"/var/lib/dpkg/status", "dpkg-status", "dpkg"},
            {"/var/lib/rpm", "rpm-qa", "rpm"},
            {"/usr/lib/sysimage/rpm", "rpm-qa", "rpm"},
            {"/lib/apk/db/installed", "apk-installed", "apk"}};
  for (size_t i = 0; i < VL_ARRAY_LEN(pm) && !format; i++) {
    if (path_of(pkgfile, sizeof(pkgfile), root, pm[i].file) ||
        !exists(pkgfile))
      continue;
    format = pm[i].format;
    dbpath = pm[i].file;
    st->packages_from = pm[i].from;
  }
  const char *origin = st->packages_from ? st->packages_from : "collect";
  if (format && !strcmp(format, "rpm-qa")) {
    int rc = run_rpm(&c, dbpath, tmp, sizeof(tmp), d);
    if (rc) {
      if (tmp[0]) unlink(tmp);
      return rc;
    }
  }
  int rc = vl_inv_begin(ctx, "inventory", origin, "asset collect", &c.inv, d);
  if (rc) goto out;
  struct vl_asset a = {0};
  a.name = st->asset;
  if (have_os) {
    a.distro = os.id;
    a.release = os.version_id[0] ? os.version_id
                : os.codename[0] ? os.codename
                                 : NULL;
    a.os = os.pretty;
    a.os_cpe = os.cpe;
  }
  int64_t aid;
  if ((rc = vl_inv_asset(c.inv, &a, VL_ASSET_MERGE, &aid, d))) goto end;
  if (format) {
    if (!o->no_changelogs && !strcmp(format, "dpkg-status")) {
      c.ev = calloc(EVIDENCE_MAX, sizeof(*c.ev));
      c.cves = calloc(EVIDENCE_MAX, sizeof(*c.cves));
      c.versions = calloc(EVIDENCE_MAX, sizeof(*c.versions));
      if (!c.ev || !c.cves || !c.versions) {
        rc = vl_diag_set(d, VL_ENOMEM, "out of memory");
        goto end;
      }
    }
    long n;
    rc = vl_pkglist_write(c.inv, format,
                          tmp[0] ? tmp : pkgfile, aid, have_os ? &os : NULL,
                          on_package, &c, &n, d);
    if (rc && tmp[0] && d && !strcmp(d->file, tmp))
      vl_diag_where(d, "rpm -qa", -1, NULL);
    if (rc) goto end;
  }
  rc = collect_ports(&c, aid, d);
end:
  {
    int erc = vl_inv_end(c.inv, rc == 0, &st->inv, d);
    if (!rc) rc = erc;
  }
  if (!rc) st->inv.format = "asset collect";
out:
  if (tmp[0]) unlink(tmp);
  free(c.ev);
  free(c.cves);
  free(c.versions);
  return rc;
}
