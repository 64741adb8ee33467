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

static const char *child_text(const struct vl_xnode *n, const char *name) {
  const struct vl_xnode *c = vl_xnode_child(n, name);
  return c && c->text_len ? c->text : NULL;
}

static int read_score(struct nessus *ns, const struct vl_xnode *item,
                      const char *name, double *out, struct vl_diag *d) {
  *out = -1;
  const struct vl_xnode *c = vl_xnode_child(item, name);
  if (!c || !c->text_len) return 0;
  if (vl_scan_parse_score(c->text, out))
    return bad(ns, c->line, VL_ETYPE, "%s '%.40s' is not a score 0-10", name,
               c->text, d);
  return 0;
}

static int read_item(struct nessus *ns, const struct vl_xnode *it,
                     struct vl_diag *d) {
  struct host *h = &ns->host;
  int rc = host_register(ns, d);
  if (rc) return rc;
  const char *plugin = vl_xnode_attr(it, "pluginID");
  const char *port_s = vl_xnode_attr(it, "port");
  const char *sev_s = vl_xnode_attr(it, "severity");
  if (!plugin || !*plugin)
    return bad(ns, it->line, VL_EPARSE, "ReportItem without pluginID%s%s", "",
               "", d);
  long long v;
  if (vl_scan_parse_int(plugin, 0, 999999999LL, &v))
    return bad(ns, it->line, VL_ETYPE, "pluginID '%.40s' is not a number%s",
               plugin, "", d);
  struct vl_scan_result r = {0};
  r.plugin = plugin;
  r.name = vl_xnode_attr(it, "pluginName");
  r.family = vl_xnode_attr(it, "pluginFamily");
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
  r.proto = vl_xnode_attr(it, "protocol");
  r.service = vl_xnode_attr(it, "svc_name");
  r.output = child_text(it, "plugin_output");
  r.solution = child_text(it, "solution");
  r.cvss_vector = child_text(it, "cvss_vector");
  r.cvss3_vector = child_text(it, "cvss3_vector");
  if ((rc = read_score(ns, it, "cvss_base_score", &r.cvss_base, d)) ||
      (rc = read_score(ns, it, "cvss3_base_score", &r.cvss3_base, d)))
    return rc;
  /* A local check needs credentials: it looked at the installed packages
   * or registry; the others look from the network. */
  const char *type = child_text(it, "plugin_type");
  r.credentialed = type && !strcmp(type, "local");
  r.confidence = r.credentialed ? 0.9 : 0.7;
  const char *cves[MAX_CVES];
  size_t n = 0;
  struct vl_buf list;
  vl_buf_init(&list, 1u << 20);
  for (const struct vl_xnode *c = vl_xnode_child(it, "cve"); c;
       c = vl_xnode_next(c)) {
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
    if (vl_buf_printf(&list, "%s%s", n > 1 ? "," : "", c->text)) {
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
  int rc;
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
      if ((rc = vl_xml_tree(x, &ev, ns.item_arena, &t, d)) ||
          (rc = read_item(&ns, t, d)))
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
  vl_arena_free(ns.doc_arena);
  vl_arena_free(ns.host_arena);
  vl_arena_free(ns.item_arena);
  return rc;
}

const struct vl_scan_format vl_scan_fmt_nessus = {
    "nessus", "Nessus .nessus v2 report (NessusClientData_v2)", sniff,
    import};
