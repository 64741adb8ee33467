/* Nessus .nessus v2 reports (NessusClientData_v2), streamed: the policy as
 * one tree, then per ReportHost its HostProperties and each ReportItem as a
 * tree of its own, so memory holds one item at a time whatever the size of
 * the report or of a host. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/scope.h"
#include "vulnloop/xml.h"

#include "vl_scan_internal.h"

#define MAX_CVES 4096

/* Plugins whose result says how authentication went. */
#define PLUGIN_SCAN_INFO "19506"      /* "Credentialed checks : yes" */
#define PLUGIN_AUTH_FAILED "21745"    /* local checks not run */
#define PLUGIN_CRED_FAILED "104410"   /* failure for provided credentials */
#define PLUGIN_CRED_PRIVS "110385"    /* insufficient privilege */
#define PLUGIN_CRED_VALID "141118"    /* valid credentials provided */

static bool sniff(const char *head, size_t n) {
  return vl_scan_memmem(head, n, "<NessusClientData_v2") != NULL;
}

struct host {
  struct vl_scan_host h;
  int64_t asset_id;
  bool registered;
  bool cred_yes, cred_failed, cred_valid;
};

struct nessus {
  struct vl_scanw *w;
  const char *path;
  struct vl_arena *doc_arena;   /* report and policy names */
  struct vl_arena *host_arena;  /* one host's properties */
  struct vl_arena *item_arena;  /* one item (or the policy) */
  struct host host;
  struct vl_scan_report report;
  char *policy;
  long hosts;
};

static int bad(struct nessus *ns, long line, int code, const char *fmt,
               const char *a, const char *b, struct vl_diag *d) {
  vl_diag_where(d, ns->path, line, NULL);
  return vl_diag_set(d, code, fmt, a, b);
}

/* ---------------------------------------------------------------- policy */

static int read_policy(struct nessus *ns, const struct vl_xnode *p,
                       struct vl_diag *d) {
  const struct vl_xnode *name = vl_xnode_child(p, "policyName");
  if (name && name->text_len)
    ns->policy = vl_arena_strdup(ns->doc_arena, name->text);
  const struct vl_xnode *prefs = vl_xnode_child(p, "Preferences");
  const struct vl_xnode *sp = vl_xnode_child(prefs, "ServerPreferences");
  int rc;
  for (const struct vl_xnode *pr = vl_xnode_child(sp, "preference"); pr;
       pr = vl_xnode_next(pr)) {
    const struct vl_xnode *n = vl_xnode_child(pr, "name");
    const struct vl_xnode *v = vl_xnode_child(pr, "value");
    if (!n || !v || strcmp(n->text, "plugin_set")) continue;
    /* "146991;15713;...": the plugins the scan had. */
    const char *s = v->text;
    while (*s) {
      while (*s == ';' || *s == ' ' || *s == '\n' || *s == '\r' ||
             *s == '\t')
        s++;
      const char *e = s;
      while (*e >= '0' && *e <= '9') e++;
      if (e == s) {
        if (!*s) break;
        return bad(ns, v->line, VL_EPARSE,
                   "Policy plugin_set: '%.20s' is not a plugin id%s", s, "",
                   d);
      }
      char id[24];
      if (e - s >= (long)sizeof(id))
        return bad(ns, v->line, VL_EPARSE,
                   "Policy plugin_set: plugin id '%.30s' too long%s", s, "",
                   d);
      memcpy(id, s, (size_t)(e - s));
      id[e - s] = 0;
      if ((rc = vl_scanw_check(ns->w, "plugin", id, d))) return rc;
      s = e;
    }
  }
  /* Families the policy enables whole; a "mixed" family lists its plugins
   * one by one. */
  const struct vl_xnode *fs = vl_xnode_child(p, "FamilySelection");
  for (const struct vl_xnode *f = vl_xnode_child(fs, "FamilyItem"); f;
       f = vl_xnode_next(f)) {
    const struct vl_xnode *n = vl_xnode_child(f, "FamilyName");
    const struct vl_xnode *st = vl_xnode_child(f, "Status");
    if (n && st && !strcmp(st->text, "enabled") && n->text_len &&
        (rc = vl_scanw_check(ns->w, "family", n->text, d)))
      return rc;
  }
  const struct vl_xnode *ips = vl_xnode_child(p, "IndividualPluginSelection");
  for (const struct vl_xnode *i = vl_xnode_child(ips, "PluginItem"); i;
       i = vl_xnode_next(i)) {
    const struct vl_xnode *id = vl_xnode_child(i, "PluginId");
    const struct vl_xnode *st = vl_xnode_child(i, "Status");
    if (id && st && !strcmp(st->text, "enabled") && id->text_len &&
        (rc = vl_scanw_check(ns->w, "plugin", id->text, d)))
      return rc;
  }
  return 0;
}

/* ------------------------------------------------------------------ host */

static int host_register(struct nessus *ns, struct vl_diag *d) {
  struct host *h = &ns->host;
  if (h->registered) return 0;
  int rc = vl_scanw_host(ns->w, &h->h, &h->asset_id, d);
  if (rc) return rc;
  h->registered = true;
  ns->hosts++;
  return 0;
}

static int read_props(struct nessus *ns, const struct vl_xnode *t,
                      struct vl_diag *d) {
  struct host *h = &ns->host;
  struct vl_arena *a = ns->host_arena;
  for (const struct vl_xnode *tag = vl_xnode_child(t, "tag"); tag;
       tag = vl_xnode_next(tag)) {
    const char *n = vl_xnode_attr(tag, "name");
    if (!n) return bad(ns, tag->line, VL_EPARSE, "tag without a name%s%s",
                       "", "", d);
    const char *v = tag->text;
    char *copy = NULL;
#define KEEP(field)                                         \
  do {                                                      \
    if (!(copy = vl_arena_strdup(a, v))) return VL_ETOOBIG; \
    h->h.field = copy;                                      \
  } while (0)
    if (!strcmp(n, "host-fqdn")) KEEP(fqdn);
    else if (!strcmp(n, "netbios-name")) KEEP(netbios);
    else if (!strcmp(n, "hostname")) KEEP(hostname);
    else if (!strcmp(n, "host-ip")) KEEP(address);
    else if (!strcmp(n, "operating-system")) KEEP(os);
    else if (!strcmp(n, "cpe") && !strncmp(v, "cpe:/o:", 7)) KEEP(os_cpe);
#undef KEEP
    else if (!strcmp(n, "Credentialed_Scan")) {
      if (!strcmp(v, "true")) h->cred_yes = true;
      else if (strcmp(v, "false"))
        return bad(ns, tag->line, VL_ETYPE,
                   "Credentialed_Scan is '%.40s', not true or false%s", v, "",
                   d);
    } else if (!strcmp(n, "HOST_START_TIMESTAMP") ||
               !strcmp(n, "HOST_END_TIMESTAMP")) {
      long long t2;
      if (vl_scan_parse_int(v, 0, 253402300799LL, &t2))
        return bad(ns, tag->line, VL_ETYPE, "%s '%.40s' is not a Unix time",
                   n, v, d);
      if (n[5] == 'S') h->h.started = (vl_time)t2;
      else h->h.ended = (vl_time)t2;
    } else if (!strcmp(n, "HOST_START") || !strcmp(n, "HOST_END")) {
      vl_time t2;
      /* The text form, used only when no *_TIMESTAMP tag gives the time;
       * it carries no zone: read as UTC. */
      if (vl_scan_parse_ctime(v, &t2))
        return bad(ns, tag->line, VL_ETYPE, "%s '%.40s' is not a date", n, v,
                   d);
      if (n[5] == 'S' && !h->h.started) h->h.started = t2;
      if (n[5] == 'E' && !h->h.ended) h->h.ended = t2;
    }
  }
  return host_register(ns, d);
}

/* ------------------------------------------------------------------ item */

/* A ReportItem is streamed rather than built as a tree: only the attributes
 * and children read_item uses are kept (the description, synopsis and the
 * rest are parsed and checked but not copied).  What is kept is what the
 * tree would have given: the first child of each name, its own text (not
 * that of elements nested in it), every cve child in order (up to one past
 * the cap, so that the cap is reported where the tree reported it); the
 * tree's caps on text are applied the same way. */
enum {
  F_OUTPUT, F_SOLUTION, F_CVSS_VECTOR, F_CVSS3_VECTOR, F_CVSS_BASE,
  F_CVSS3_BASE, F_TYPE, F_N
};
static const char *const field_names[F_N] = {
    "plugin_output",   "solution",         "cvss_vector", "cvss3_vector",
    "cvss_base_score", "cvss3_base_score", "plugin_type"};

struct field {
  const char *text;  /* own text, NUL-terminated (item arena); "" if none */
  size_t len;
  long line;         /* of the start tag */
  bool seen;         /* the item has such a child */
};

struct item {
  long line;
  const char *plugin, *port, *severity, *name, *family, *proto, *service;
  struct field f[F_N];
  struct field *cves;  /* MAX_CVES + 1 of them, allocated once */
  size_t n_cves;
};

/* Appends an event's text to a kept field, in the item arena. */
static int field_add(struct nessus *ns, struct field *f,
                     const struct vl_xml_event *ev) {
  char *t = vl_arena_alloc(ns->item_arena, f->len + ev->text_len + 1);
  if (!t) return VL_ETOOBIG;
  memcpy(t, f->text, f->len);
  memcpy(t + f->len, ev->text, ev->text_len);
  f->len += ev->text_len;
  t[f->len] = 0;
  f->text = t;
  return 0;
}

static int item_attrs(struct nessus *ns, const struct vl_xml_event *ev,
                      struct item *it) {
  static const char *const names[] = {"pluginID",   "port",
                                      "severity",   "pluginName",
                                      "pluginFamily", "protocol", "svc_name"};
  const char **dst[] = {&it->plugin, &it->port,  &it->severity, &it->name,
                        &it->family, &it->proto, &it->service};
  for (size_t k = 0; k < VL_ARRAY_LEN(names); k++) {
    *dst[k] = NULL;
    for (size_t i = 0; i < ev->n_attrs && !*dst[k]; i++)
      if (!strcmp(ev->attrs[i].name, names[k]) &&
          !(*dst[k] = vl_arena_strdup(ns->item_arena, ev->attrs[i].value)))
        return VL_ETOOBIG;
  }
  return 0;
}

/* Right after the ReportItem's start event: reads it through its end. */
static int item_read(struct nessus *ns, struct vl_xml *x,
                     const struct vl_xml_event *start, size_t max_text,
                     struct item *it, struct vl_diag *d) {
  struct field *cves = it->cves;
  memset(it, 0, sizeof(*it));
  it->cves = cves;
  it->line = start->line;
  for (size_t k = 0; k < F_N; k++) it->f[k].text = "";
  if (item_attrs(ns, start, it))
    return bad(ns, start->line, VL_ETOOBIG, "record too large%s%s", "", "",
               d);
  if (start->empty) return 0;
  int rc;
  /* Own text of each open element, by depth, for the per-element cap. */
  size_t own[64] = {0};
  size_t total = 0;
  struct field *cur = NULL;  /* the kept child being read, if any */
  const int top = start->depth, child = top + 1;
  struct vl_xml_event ev;
  for (;;) {
    if ((rc = vl_xml_next(x, &ev, d))) return rc;
    if (ev.type == VL_XML_EOF)
      return bad(ns, ev.line, VL_EPARSE,
                 "malformed XML: the document ends inside an element%s%s",
                 "", "", d);
    if (ev.type == VL_XML_TEXT) {
      int parent = ev.depth - 1;
      total += ev.text_len;
      if (parent < 0 || parent >= (int)VL_ARRAY_LEN(own))
        return bad(ns, ev.line, VL_ETOOBIG, "elements nested too deeply%s%s",
                   "", "", d);
      if (own[parent] + ev.text_len > max_text || total > 4 * max_text)
        return bad(ns, ev.line, VL_ETOOBIG, "text too large%s%s", "", "", d);
      own[parent] += ev.text_len;
      if (cur && parent == child && field_add(ns, cur, &ev))
        return bad(ns, ev.line, VL_ETOOBIG, "record too large%s%s", "", "",
                   d);
      continue;
    }
    if (ev.type == VL_XML_END) {
      if (ev.depth <= top) return 0;
      if (ev.depth == child) cur = NULL;
      continue;
    }
    if (ev.depth < (int)VL_ARRAY_LEN(own)) own[ev.depth] = 0;
    if (ev.depth != child) continue;
    cur = NULL;
    if (!strcmp(ev.name, "cve")) {
      if (it->n_cves <= MAX_CVES) cur = &it->cves[it->n_cves++];
    } else {
      for (size_t k = 0; k < F_N; k++)
        if (!strcmp(ev.name, field_names[k])) {
          if (!it->f[k].seen) cur = &it->f[k];
          break;
        }
    }
    if (cur) {
      cur->text = "";
      cur->len = 0;
      cur->line = ev.line;
      cur->seen = true;
    }
    if (ev.empty) cur = NULL;
  }
}

static const char *field_text(const struct item *it, int k) {
  return it->f[k].len ? it->f[k].text : NULL;
}

static int read_score(struct nessus *ns, const struct item *it, int k,
                      double *out, struct vl_diag *d) {
  *out = -1;
  const struct field *c = &it->f[k];
  if (!c->len) return 0;
  if (vl_scan_parse_score(c->text, out))
    return bad(ns, c->line, VL_ETYPE, "%s '%.40s' is not a score 0-10",
               field_names[k], c->text, d);
  return 0;
}

static int read_item(struct nessus *ns, const struct item *it,
                     struct vl_diag *d) {
  struct host *h = &ns->host;
  int rc = host_register(ns, d);
  if (rc) return rc;
  const char *plugin = it->plugin;
  const char *port_s = it->port;
  const char *sev_s = it->severity;
  if (!plugin || !*plugin)
    return bad(ns, it->line, VL_EPARSE, "ReportItem without pluginID%s%s", "",
               "", d);
  long long v;
  if (vl_scan_parse_int(plugin, 0, 999999999LL, &v))
    return bad(ns, it->line, VL_ETYPE, "pluginID '%.40s' is not a number%s",
               plugin, "", d);
  struct vl_scan_result r = {0};
  r.plugin = plugin;
  r.name = it->name;
  r.family = it->family;
  if (!sev_s || vl_scan_parse_int(sev_s, 0, 4, &v))
    return bad(ns, it->line, VL_ETYPE,
               "ReportItem %s: severity '%.20s' is not 0-4", plugin,
               sev_s ? sev_s : "(none)", d);
  r.severity = (int)v;
  if (!port_s || vl_scan_parse_int(port_s, 0, 65535, &v))
    return bad(ns, it->line, VL_ETYPE,
               "ReportItem %s: port '%.20s' is not 0-65535", plugin,
               port_s ? port_s : "(none)", d);
  r.port = (int)v;
  r.proto = it->proto;
  r.service = it->service;
  r.output = field_text(it, F_OUTPUT);
  r.solution = field_text(it, F_SOLUTION);
  r.cvss_vector = field_text(it, F_CVSS_VECTOR);
  r.cvss3_vector = field_text(it, F_CVSS3_VECTOR);
  if ((rc = read_score(ns, it, F_CVSS_BASE, &r.cvss_base, d)) ||
      (rc = read_score(ns, it, F_CVSS3_BASE, &r.cvss3_base, d)))
    return rc;
  /* A local check needs credentials: it looked at the installed packages
   * or registry; the others look from the network. */
  const char *type = field_text(it, F_TYPE);
  r.credentialed = type && !strcmp(type, "local");
  r.confidence = r.credentialed ? 0.9 : 0.7;
  const char *cves[MAX_CVES];
  size_t n = 0;
  struct vl_buf list;
  vl_buf_init(&list, 1u << 20);
  for (size_t i = 0; i < it->n_cves; i++) {
    const struct field *c = &it->cves[i];
    if (!vl_scan_is_cve(c->text)) {
      vl_buf_free(&list);
      return bad(ns, c->line, VL_ETYPE,
                 "ReportItem %s: cve '%.40s' is not a CVE id", plugin,
                 c->text, d);
    }
    if (n == MAX_CVES) {
      vl_buf_free(&list);
      return bad(ns, c->line, VL_ETOOBIG,
                 "ReportItem %s: more than %s CVEs", plugin, "4096", d);
    }
    cves[n++] = c->text;
    if ((n > 1 && vl_buf_putc(&list, ',')) ||
        vl_buf_append(&list, c->text, c->len)) {
      vl_buf_free(&list);
      return VL_ETOOBIG;
    }
  }
  r.cves = list.data;
  if (!strcmp(plugin, PLUGIN_SCAN_INFO) && r.output &&
      strstr(r.output, "Credentialed checks : yes"))
    h->cred_yes = true;
  if (!strcmp(plugin, PLUGIN_AUTH_FAILED) ||
      !strcmp(plugin, PLUGIN_CRED_FAILED) || !strcmp(plugin, PLUGIN_CRED_PRIVS))
    h->cred_failed = true;
  if (!strcmp(plugin, PLUGIN_CRED_VALID)) h->cred_valid = true;
  rc = vl_scanw_result(ns->w, h->asset_id, &r, r.severity > 0, cves, n, d);
  vl_buf_free(&list);
  if (!rc && r.port > 0)
    rc = vl_scanw_port(ns->w, h->asset_id, r.proto, r.port, r.service, d);
  return rc;
}

static int host_end(struct nessus *ns, struct vl_diag *d) {
  struct host *h = &ns->host;
  int rc = host_register(ns, d);
  if (rc) return rc;
  h->h.credentialed = h->cred_yes || h->cred_valid || h->cred_failed;
  h->h.auth_ok = h->cred_failed ? 0 : h->h.credentialed ? 1 : -1;
  if (h->h.started &&
      (!ns->report.started || h->h.started < ns->report.started))
    ns->report.started = h->h.started;
  if (h->h.ended > ns->report.ended) ns->report.ended = h->h.ended;
  return vl_scanw_host_update(ns->w, h->asset_id, &h->h, d);
}

/* ---------------------------------------------------------------- driver */

static int import(struct vl_scanw *w, const char *path, struct vl_diag *d) {
  static const struct vl_xml_opts opts = {32, 8u << 20, 1000000000L};
  struct nessus ns = {0};
  ns.w = w;
  ns.path = path;
  struct vl_xml *x = NULL;
  struct item item = {0};
  int rc;
  if (!(item.cves = calloc(MAX_CVES + 1, sizeof(*item.cves)))) {
    rc = VL_ENOMEM;
    goto out;
  }
  if ((rc = vl_arena_new(1u << 16, &ns.doc_arena)) ||
      (rc = vl_arena_new(64u << 20, &ns.host_arena)) ||
      (rc = vl_arena_new(64u << 20, &ns.item_arena)))
    goto out;
  if ((rc = vl_xml_open_file(path, &opts, &x, d))) goto out;
  struct vl_xml_event ev;
  bool in_host = false, seen_report = false;
  for (;;) {
    if ((rc = vl_xml_next(x, &ev, d))) goto out;
    if (ev.type == VL_XML_EOF) break;
    if (ev.type == VL_XML_END) {
      if (ev.depth == 2 && in_host && !strcmp(ev.name, "ReportHost")) {
        if ((rc = host_end(&ns, d))) goto out;
        in_host = false;
      }
      continue;
    }
    if (ev.type != VL_XML_START) continue;
    if (ev.depth == 0) {
      if (strcmp(ev.name, "NessusClientData_v2")) {
        rc = bad(&ns, ev.line, VL_EUNSUPPORTED,
                 "root element <%.60s> is not NessusClientData_v2%s", ev.name,
                 "", d);
        goto out;
      }
      continue;
    }
    struct vl_xnode *t;
    if (ev.depth == 1 && !strcmp(ev.name, "Policy")) {
      vl_arena_reset(ns.item_arena);
      if ((rc = vl_xml_tree(x, &ev, ns.item_arena, &t, d)) ||
          (rc = read_policy(&ns, t, d)))
        goto out;
    } else if (ev.depth == 1 && !strcmp(ev.name, "Report")) {
      seen_report = true;
      for (size_t i = 0; i < ev.n_attrs; i++)
        if (!strcmp(ev.attrs[i].name, "name") && !ns.report.name)
          ns.report.name = vl_arena_strdup(ns.doc_arena, ev.attrs[i].value);
    } else if (ev.depth == 2 && !strcmp(ev.name, "ReportHost")) {
      vl_arena_reset(ns.host_arena);
      memset(&ns.host, 0, sizeof(ns.host));
      ns.host.h.auth_ok = -1;
      const char *name = NULL;
      for (size_t i = 0; i < ev.n_attrs; i++)
        if (!strcmp(ev.attrs[i].name, "name")) name = ev.attrs[i].value;
      if (!name || !*name) {
        rc = bad(&ns, ev.line, VL_EPARSE, "ReportHost without a name%s%s", "",
                 "", d);
        goto out;
      }
      ns.host.h.name = vl_arena_strdup(ns.host_arena, name);
      if (!ns.host.h.name) {
        rc = VL_ETOOBIG;
        goto out;
      }
      in_host = true;
      if (ev.empty) {
        if ((rc = host_end(&ns, d))) goto out;
        in_host = false;
      }
    } else if (ev.depth == 3 && in_host &&
               !strcmp(ev.name, "HostProperties")) {
      vl_arena_reset(ns.item_arena);
      if ((rc = vl_xml_tree(x, &ev, ns.item_arena, &t, d)) ||
          (rc = read_props(&ns, t, d)))
        goto out;
    } else if (ev.depth == 3 && in_host && !strcmp(ev.name, "ReportItem")) {
      vl_arena_reset(ns.item_arena);
      if ((rc = item_read(&ns, x, &ev, opts.max_text, &item, d)) ||
          (rc = read_item(&ns, &item, d)))
        goto out;
    }
  }
  if (!seen_report) {
    rc = bad(&ns, 0, VL_EPARSE, "the report has no <Report> element%s%s", "",
             "", d);
    goto out;
  }
  ns.report.policy = ns.policy;
  rc = vl_scanw_report(w, &ns.report, d);
out:
  if (rc == VL_ETOOBIG && !d->msg[0]) {
    vl_diag_where(d, path, 0, NULL);
    vl_diag_set(d, VL_ETOOBIG, "a record is larger than the importer's cap");
  }
  vl_xml_free(x);
  free(item.cves);
  vl_arena_free(ns.doc_arena);
  vl_arena_free(ns.host_arena);
  vl_arena_free(ns.item_arena);
  return rc;
}

const struct vl_scan_format vl_scan_fmt_nessus = {
    "nessus", "Nessus .nessus v2 report (NessusClientData_v2)", sniff,
    import};
