/* OpenVAS / Greenbone (GVM) XML reports (<report> as exported by GSA or
 * gvm-cli get_reports), streamed: each <result> and each <host> is read as
 * a tree of its own.  Results come before the <host> elements that say how
 * a host was scanned, so hosts are remembered by address (one small entry
 * per host) until then. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/scope.h"
#include "vulnloop/xml.h"

#include "vl_scan_internal.h"

#define MAX_CVES 4096
#define MAX_HOSTS 1000000

static bool sniff(const char *head, size_t n) {
  if (vl_scan_memmem(head, n, "<NessusClientData")) return false;
  if (!vl_scan_memmem(head, n, "<report") &&
      !vl_scan_memmem(head, n, "<get_reports_response"))
    return false;
  return vl_scan_memmem(head, n, "format_id=") ||
         vl_scan_memmem(head, n, "<gmp>") ||
         vl_scan_memmem(head, n, "<omp>") ||
         vl_scan_memmem(head, n, "<results") ||
         vl_scan_memmem(head, n, "<scan_run_status>");
}

struct known {
  char *ip;         /* malloc'd; NULL: free slot */
  int64_t asset_id;
};

struct ov {
  struct vl_scanw *w;
  const char *path;
  struct vl_arena *arena, *doc;
  struct known *hosts;  /* open addressing by address */
  size_t cap, n;
  struct vl_scan_report report;
};

static int bad(struct ov *o, long line, int code, const char *what,
               const char *val, struct vl_diag *d) {
  vl_diag_where(d, o->path, line, NULL);
  return vl_diag_set(d, code, what, val);
}

static const char *trim(struct vl_arena *a, const char *s) {
  while (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t') s++;
  size_t n = strlen(s);
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' ||
               s[n - 1] == '\t'))
    n--;
  return vl_arena_strndup(a, s, n);
}

static const char *text_of(const struct vl_xnode *n, const char *name) {
  const struct vl_xnode *c = vl_xnode_child(n, name);
  return c && c->text_len ? c->text : NULL;
}

/* ---------------------------------------------------------- known hosts */

static struct known *host_slot(struct ov *o, const char *ip) {
  size_t h = (size_t)vl_hash64(ip, strlen(ip)) & (o->cap - 1);
  while (o->hosts[h].ip && strcmp(o->hosts[h].ip, ip)) h = (h + 1) & (o->cap - 1);
  return &o->hosts[h];
}

static int host_grow(struct ov *o) {
  size_t cap = o->cap ? o->cap * 2 : 256;
  struct known *old = o->hosts;
  size_t oldcap = o->cap;
  o->hosts = calloc(cap, sizeof(*o->hosts));
  if (!o->hosts) {
    o->hosts = old;
    return VL_ENOMEM;
  }
  o->cap = cap;
  for (size_t i = 0; i < oldcap; i++)
    if (old[i].ip) *host_slot(o, old[i].ip) = old[i];
  free(old);
  return 0;
}

/* The asset of the host at ip, registering it (with what the caller knows
 * of it) the first time, or updating it when h carries the host's own
 * element. */
static int host_asset(struct ov *o, const struct vl_scan_host *h, long line,
                      bool full, int64_t *asset_id, struct vl_diag *d) {
  const char *ip = h->address;
  int rc;
  if ((o->n + 1) * 2 > o->cap && (rc = host_grow(o))) return rc;
  struct known *k = host_slot(o, ip);
  if (k->ip && !full) {
    *asset_id = k->asset_id;
    return 0;
  }
  if (!k->ip && o->n == MAX_HOSTS)
    return bad(o, line, VL_ETOOBIG, "more than %s hosts", "1000000", d);
  if ((rc = vl_scanw_host(o->w, h, asset_id, d))) return rc;
  if (!k->ip) {
    if (!(k->ip = strdup(ip))) return VL_ENOMEM;
    o->n++;
  }
  k->asset_id = *asset_id;
  return 0;
}

/* --------------------------------------------------------------- results */

static int parse_port(const char *s, int *port, const char **proto,
                      struct vl_arena *a) {
  *port = 0;
  *proto = "tcp";
  if (!s || !*s) return 0;
  const char *slash = strchr(s, '/');
  if (!slash) return VL_ETYPE;
  if (strncmp(s, "general", 7) && strncmp(s, "package", 7)) {
    long long v;
    char num[16];
    size_t n = (size_t)(slash - s);
    if (n == 0 || n >= sizeof(num)) return VL_ETYPE;
    memcpy(num, s, n);
    num[n] = 0;
    if (vl_scan_parse_int(num, 0, 65535, &v)) return VL_ETYPE;
    *port = (int)v;
  }
  const char *p = slash + 1;
  size_t n = 0;
  while (p[n] && p[n] != ' ' && p[n] != '(') n++;
  if (!n || n > 16) return VL_ETYPE;
  *proto = vl_arena_strndup(a, p, n);
  return *proto ? 0 : VL_ETOOBIG;
}

static int threat_level(const char *t, int *sev, bool *detect) {
  static const char *names[] = {"Log", "Low", "Medium", "High", "Critical"};
  *detect = true;
  for (int i = 0; i < 5; i++)
    if (!strcmp(t, names[i])) {
      *sev = i;
      return 0;
    }
  if (!strcmp(t, "False Positive") || !strcmp(t, "Debug") ||
      !strcmp(t, "Error")) {
    *sev = 0;
    *detect = false;
    return 0;
  }
  return VL_ETYPE;
}

/* Solution text: <solution> (GVM 20.08 and later) or the tags' solution=. */
static const char *solution_of(struct vl_arena *a, const struct vl_xnode *nvt) {
  const char *s = text_of(nvt, "solution");
  if (s) return s;
  const char *tags = text_of(nvt, "tags");
  if (!tags) return NULL;
  const char *p = strstr(tags, "solution=");
  if (!p || (p != tags && p[-1] != '|')) return NULL;
  p += 9;
  const char *e = strchr(p, '|');
  return vl_arena_strndup(a, p, e ? (size_t)(e - p) : strlen(p));
}

static int add_cve(struct ov *o, long line, const char *id, const char **cves,
                   size_t *n, struct vl_buf *list, struct vl_diag *d) {
  if (!vl_scan_is_cve(id))
    return bad(o, line, VL_ETYPE, "'%.40s' is not a CVE id", id, d);
  for (size_t i = 0; i < *n; i++)
    if (!strcmp(cves[i], id)) return 0;
  if (*n == MAX_CVES)
    return bad(o, line, VL_ETOOBIG, "more than %s CVEs in one result",
               "4096", d);
  cves[(*n)++] = id;
  return vl_buf_printf(list, "%s%s", *n > 1 ? "," : "", id) ? VL_ETOOBIG : 0;
}

static int read_result(struct ov *o, const struct vl_xnode *r,
                       struct vl_diag *d) {
  struct vl_arena *a = o->arena;
  const struct vl_xnode *hn = vl_xnode_child(r, "host");
  const char *ip = hn ? trim(a, hn->text) : NULL;
  if (!ip || !*ip)
    return bad(o, r->line, VL_EPARSE, "result without a host%s", "", d);
  const struct vl_xnode *nvt = vl_xnode_child(r, "nvt");
  const char *oid = vl_xnode_attr(nvt, "oid");
  if (!oid || !*oid)
    return bad(o, r->line, VL_EPARSE, "result without an NVT oid%s", "", d);
  struct vl_scan_host h = {0};
  h.name = ip;
  h.address = ip;
  h.hostname = text_of(hn, "hostname");
  h.auth_ok = -1;
  int64_t asset_id;
  int rc = host_asset(o, &h, r->line, false, &asset_id, d);
  if (rc) return rc;

  struct vl_scan_result res = {0};
  res.plugin = oid;
  res.name = text_of(nvt, "name");
  if (!res.name) res.name = text_of(r, "name");
  res.family = text_of(nvt, "family");
  const struct vl_xnode *port = vl_xnode_child(r, "port");
  if (parse_port(port ? trim(a, port->text) : NULL, &res.port, &res.proto, a))
    return bad(o, port->line, VL_ETYPE,
               "port '%.40s' is not PORT/PROTO or general/PROTO", port->text,
               d);
  bool detect = true;
  const char *threat = text_of(r, "threat");
  const struct vl_xnode *sev = vl_xnode_child(r, "severity");
  double score = -1;
  if (sev && sev->text_len) {
    /* -1 is GVM's "false positive"/error marker, -99 "debug". */
    if (!strncmp(sev->text, "-", 1)) detect = false;
    else if (vl_scan_parse_score(sev->text, &score))
      return bad(o, sev->line, VL_ETYPE, "severity '%.40s' is not a score",
                 sev->text, d);
  }
  if (threat) {
    const struct vl_xnode *tn = vl_xnode_child(r, "threat");
    bool det2;
    if (threat_level(threat, &res.severity, &det2))
      return bad(o, tn->line, VL_ETYPE,
                 "threat '%.40s' is not Log, Low, Medium, High or Critical",
                 threat, d);
    detect = detect && det2;
  } else if (score >= 0) {
    res.severity = score == 0 ? 0 : score < 4 ? 1 : score < 7 ? 2
                                  : score < 9 ? 3 : 4;
  }
  res.cvss_base = -1;
  res.cvss3_base = -1;
  const struct vl_xnode *cb = vl_xnode_child(nvt, "cvss_base");
  if (cb && cb->text_len && strcmp(cb->text, "None") &&
      vl_scan_parse_score(cb->text, &res.cvss_base))
    return bad(o, cb->line, VL_ETYPE, "cvss_base '%.40s' is not a score",
               cb->text, d);
  const struct vl_xnode *svs = vl_xnode_child(nvt, "severities");
  for (const struct vl_xnode *s = vl_xnode_child(svs, "severity"); s;
       s = vl_xnode_next(s)) {
    const char *type = vl_xnode_attr(s, "type");
    const char *vec = text_of(s, "value");
    const char *sc = text_of(s, "score");
    double v = -1;
    if (sc && vl_scan_parse_score(sc, &v))
      return bad(o, s->line, VL_ETYPE, "severity score '%.40s' is not a score",
                 sc, d);
    if (type && !strncmp(type, "cvss_base_v3", 12)) {
      res.cvss3_vector = vec;
      res.cvss3_base = v;
    } else if (type && !strcmp(type, "cvss_base_v2")) {
      res.cvss_vector = vec;
      if (v >= 0) res.cvss_base = v;
    }
  }
  res.solution = solution_of(a, nvt);
  res.output = text_of(r, "description");
  const struct vl_xnode *qod = vl_xnode_child(r, "qod");
  const char *qtype = text_of(qod, "type");
  const struct vl_xnode *qv = vl_xnode_child(qod, "value");
  res.confidence = 0.7;
  if (qv && qv->text_len) {
    long long q;
    if (vl_scan_parse_int(qv->text, 0, 100, &q))
      return bad(o, qv->line, VL_ETYPE, "qod value '%.40s' is not 0-100",
                 qv->text, d);
    res.confidence = (double)q / 100.0;
  }
  /* Quality of detection types that need a login on the host. */
  res.credentialed = qtype && (!strcmp(qtype, "package") ||
                               !strcmp(qtype, "registry") ||
                               !strncmp(qtype, "executable_version", 18));

  const char *cves[MAX_CVES];
  size_t n = 0;
  struct vl_buf list;
  vl_buf_init(&list, 1u << 20);
  const struct vl_xnode *refs = vl_xnode_child(nvt, "refs");
  for (const struct vl_xnode *ref = vl_xnode_child(refs, "ref"); ref && !rc;
       ref = vl_xnode_next(ref)) {
    const char *type = vl_xnode_attr(ref, "type");
    const char *id = vl_xnode_attr(ref, "id");
    if (type && id && (!strcmp(type, "cve") || !strcmp(type, "cve_id")))
      rc = add_cve(o, ref->line, id, cves, &n, &list, d);
  }
  /* Older reports: <cve>CVE-a, CVE-b</cve> or NOCVE. */
  const struct vl_xnode *cn = vl_xnode_child(nvt, "cve");
  if (!rc && cn && cn->text_len && strcmp(cn->text, "NOCVE")) {
    char *copy = vl_arena_strdup(a, cn->text);
    if (!copy) rc = VL_ETOOBIG;
    for (char *p = copy; !rc && p && *p;) {
      while (*p == ' ' || *p == ',' || *p == '\n' || *p == '\t') p++;
      if (!*p) break;
      char *e = p;
      while (*e && *e != ',' && *e != ' ' && *e != '\n' && *e != '\t') e++;
      char save = *e;
      *e = 0;
      rc = add_cve(o, cn->line, p, cves, &n, &list, d);
      if (!save) break;
      p = e + 1;
    }
  }
  if (!rc) {
    res.cves = list.data;
    rc = vl_scanw_result(o->w, asset_id, &res, detect && res.severity > 0,
                         cves, n, d);
  }
  vl_buf_free(&list);
  if (!rc && res.port > 0)
    rc = vl_scanw_port(o->w, asset_id, res.proto, res.port, NULL, d);
  return rc;
}

/* ------------------------------------------------------------------ hosts */

static int read_time(struct ov *o, const struct vl_xnode *n, const char *name,
                     vl_time *out, struct vl_diag *d) {
  const struct vl_xnode *c = vl_xnode_child(n, name);
  *out = 0;
  if (!c || !c->text_len) return 0;
  const char *t = trim(o->arena, c->text);
  if (!t) return VL_ETOOBIG;
  if (*t && vl_time_parse(t, out))
    return bad(o, c->line, VL_ETYPE, "'%.40s' is not a time", t, d);
  return 0;
}

static int read_host(struct ov *o, const struct vl_xnode *hn,
                     struct vl_diag *d) {
  struct vl_arena *a = o->arena;
  const char *ip = text_of(hn, "ip");
  ip = trim(a, ip ? ip : hn->text);
  if (!ip || !*ip)
    return bad(o, hn->line, VL_EPARSE, "host without an address%s", "", d);
  struct vl_scan_host h = {0};
  h.name = ip;
  h.address = ip;
  h.auth_ok = -1;
  int rc;
  if ((rc = read_time(o, hn, "start", &h.started, d)) ||
      (rc = read_time(o, hn, "end", &h.ended, d)))
    return rc;
  bool success = false, failure = false;
  for (const struct vl_xnode *det = vl_xnode_child(hn, "detail"); det;
       det = vl_xnode_next(det)) {
    const char *name = text_of(det, "name");
    const char *value = text_of(det, "value");
    if (!name) continue;
    size_t len = strlen(name);
    if (!strcmp(name, "hostname") && value) h.hostname = value;
    else if (!strcmp(name, "best_os_txt") && value) h.os = value;
    else if (!strcmp(name, "best_os_cpe") && value) h.os_cpe = value;
    else if (!strncmp(name, "Auth-", 5) && len > 8 &&
             !strcmp(name + len - 8, "-Success"))
      success = true;
    else if (!strncmp(name, "Auth-", 5) && len > 8 &&
             !strcmp(name + len - 8, "-Failure"))
      failure = true;
    /* The NVT that produced the detail ran on the host. */
    const struct vl_xnode *src = vl_xnode_child(det, "source");
    const char *stype = text_of(src, "type");
    const char *sname = text_of(src, "name");
    if (stype && sname && !strcmp(stype, "nvt") &&
        (rc = vl_scanw_check(o->w, "plugin", sname, d)))
      return rc;
  }
  h.credentialed = success || failure;
  h.auth_ok = failure ? 0 : success ? 1 : -1;
  if (h.started && (!o->report.started || h.started < o->report.started))
    o->report.started = h.started;
  if (h.ended > o->report.ended) o->report.ended = h.ended;
  int64_t asset_id;
  return host_asset(o, &h, hn->line, true, &asset_id, d);
}

/* ----------------------------------------------------------------- driver */

static int import(struct vl_scanw *w, const char *path, struct vl_diag *d) {
  static const struct vl_xml_opts opts = {32, 8u << 20, 1000000000L};
  struct ov o = {0};
  o.w = w;
  o.path = path;
  struct vl_xml *x = NULL;
  int rc;
  if ((rc = vl_arena_new(64u << 20, &o.arena)) ||
      (rc = vl_arena_new(1u << 16, &o.doc)))
    goto out;
  if ((rc = vl_xml_open_file(path, &opts, &x, d))) goto out;
  struct vl_xml_event ev;
  int report_depth = 0;  /* depth of the <report> holding the results */
  bool root_ok = false;
  vl_time scan_start = 0, scan_end = 0;
  for (;;) {
    if ((rc = vl_xml_next(x, &ev, d))) goto out;
    if (ev.type == VL_XML_EOF) break;
    if (ev.type != VL_XML_START) continue;
    if (ev.depth == 0) {
      if (strcmp(ev.name, "report") && strcmp(ev.name, "get_reports_response")) {
        rc = bad(&o, ev.line, VL_EUNSUPPORTED,
                 "root element <%.60s> is not an OpenVAS/GVM <report>",
                 ev.name, d);
        goto out;
      }
      root_ok = true;
      continue;
    }
    if (!strcmp(ev.name, "report") && ev.depth <= 2) {
      report_depth = ev.depth;
      continue;
    }
    struct vl_xnode *t;
    if (!strcmp(ev.name, "result") && ev.depth == report_depth + 2) {
      vl_arena_reset(o.arena);
      if ((rc = vl_xml_tree(x, &ev, o.arena, &t, d)) ||
          (rc = read_result(&o, t, d)))
        goto out;
    } else if (!strcmp(ev.name, "host") && ev.depth == report_depth + 1) {
      vl_arena_reset(o.arena);
      if ((rc = vl_xml_tree(x, &ev, o.arena, &t, d)) ||
          (rc = read_host(&o, t, d)))
        goto out;
    } else if ((!strcmp(ev.name, "scan_start") ||
                !strcmp(ev.name, "scan_end") || !strcmp(ev.name, "task")) &&
               ev.depth == report_depth + 1) {
      vl_arena_reset(o.arena);
      if ((rc = vl_xml_tree(x, &ev, o.arena, &t, d))) goto out;
      if (!strcmp(ev.name, "task")) {
        const char *name = text_of(t, "name");
        if (name && !o.report.name)
          o.report.name = vl_arena_strdup(o.doc, name);
        continue;
      }
      const char *s = trim(o.arena, t->text);
      vl_time tv = 0;
      if (s && *s && vl_time_parse(s, &tv)) {
        rc = bad(&o, t->line, VL_ETYPE, "'%.40s' is not a time", s, d);
        goto out;
      }
      if (ev.name[5] == 's') scan_start = tv;
      else scan_end = tv;
    }
  }
  if (!root_ok) {
    rc = bad(&o, 0, VL_EPARSE, "no root element%s", "", d);
    goto out;
  }
  if (scan_start) o.report.started = scan_start;
  if (scan_end) o.report.ended = scan_end;
  rc = vl_scanw_report(w, &o.report, d);
out:
  if (rc == VL_ETOOBIG && !d->msg[0]) {
    vl_diag_where(d, path, 0, NULL);
    vl_diag_set(d, VL_ETOOBIG, "a record is larger than the importer's cap");
  }
  vl_xml_free(x);
  for (size_t i = 0; i < o.cap; i++) free(o.hosts[i].ip);
  free(o.hosts);
  vl_arena_free(o.arena);
  vl_arena_free(o.doc);
  return rc;
}

const struct vl_scan_format vl_scan_fmt_openvas = {
    "openvas", "OpenVAS / Greenbone GVM XML report (<report>)", sniff, import};
