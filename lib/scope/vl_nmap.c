/* Nmap XML reports (nmap -oX): the hosts that are up, their addresses and
 * names, open ports with the service Nmap recognised, and the products it
 * named with a versioned CPE.  Streamed: one <host> in memory at a time.
 *
 * A host becomes the asset named by its first host name, else its address;
 * when an asset of the tenant already has that address (a CMDB entry), the
 * scan is recorded on that asset instead.  Service CPEs with a version
 * become software of origin "nmap" (scheme generic), every open port a
 * port, and the first OS match's CPE the asset's os_cpe. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"
#include "vulnloop/scope.h"
#include "vulnloop/xml.h"

#define HOST_ARENA (64u << 20)
#define MAX_HOSTS 1000000L

/* Names of the tenant's assets by id, loaded once when an address first
 * matches an existing asset. */
struct named {
  int64_t id;
  char *name;
};
struct names {
  struct named *v;
  size_t n, cap;
  bool loaded;
};

static int add_name(void *ud, const struct vl_asset *a) {
  struct names *ns = ud;
  if (ns->n == ns->cap) {
    size_t cap = ns->cap ? ns->cap * 2 : 256;
    struct named *nv = realloc(ns->v, cap * sizeof(*nv));
    if (!nv) return VL_ENOMEM;
    ns->v = nv;
    ns->cap = cap;
  }
  if (!(ns->v[ns->n].name = strdup(a->name))) return VL_ENOMEM;
  ns->v[ns->n++].id = a->id;
  return 0;
}

static void names_free(struct names *ns) {
  for (size_t i = 0; i < ns->n; i++) free(ns->v[i].name);
  free(ns->v);
}

static const char *name_of(struct names *ns, const struct vl_ctx *ctx,
                           int64_t id, struct vl_diag *d) {
  if (!ns->loaded) {
    if (vl_store_assets(ctx, add_name, ns, d)) return NULL;
    ns->loaded = true;
  }
  for (size_t i = 0; i < ns->n; i++)
    if (ns->v[i].id == id) return ns->v[i].name;
  return NULL;
}

static int at(const struct vl_xml *x, const struct vl_xnode *n,
              const char *elem, struct vl_diag *d) {
  vl_diag_where(d, vl_xml_name(x), n ? n->line : 0, elem);
  return d ? d->code : VL_EINVAL;
}

/* A CPE (2.2 URI as Nmap writes it, or 2.3) as a 2.3 formatted string in
 * the arena, with its key. */
static int cpe_fs(struct vl_arena *a, const char *s, const char **out,
                  struct vl_cpe_key *key, struct vl_diag *d) {
  struct vl_cpe c;
  struct vl_diag cd;
  vl_diag_clear(&cd);
  if (vl_cpe_parse(s, strlen(s), &c, &cd))
    return vl_diag_set(d, VL_EINVAL, "not a CPE: \"%.80s\": %s", s, cd.msg);
  struct vl_buf b;
  vl_buf_init(&b, VL_CPE_STR_MAX);
  int rc = vl_cpe_to_fs(&c, &b);
  if (!rc && !(*out = vl_arena_strndup(a, b.data, b.len))) rc = VL_ETOOBIG;
  vl_buf_free(&b);
  if (rc) return vl_diag_set(d, rc, "CPE too long");
  vl_cpe_key_of(&c, key);
  return 0;
}

static bool concrete(const struct vl_cpe_keyattr *k) {
  return k->kind == VL_CPE_VALUE && !k->wild && k->text[0];
}

static int host(struct vl_inv *inv, struct vl_xml *x, struct vl_arena *a,
                const struct vl_xnode *h, struct names *ns,
                struct vl_diag *d) {
  const struct vl_ctx *ctx = vl_inv_ctx(inv);
  const struct vl_xnode *st = vl_xnode_child(h, "status");
  const char *state = vl_xnode_attr(st, "state");
  if (!st || !state) {
    vl_diag_set(d, VL_EINVAL, "a host without <status state=...>");
    return at(x, h, "host/status", d);
  }
  if (strcmp(state, "up") != 0) return 0;
  const char *ipv4 = NULL, *ipv6 = NULL, *mac = NULL;
  for (const struct vl_xnode *ad = vl_xnode_child(h, "address"); ad;
       ad = vl_xnode_next(ad)) {
    const char *addr = vl_xnode_attr(ad, "addr");
    const char *type = vl_xnode_attr(ad, "addrtype");
    if (!addr || !*addr || !type) {
      vl_diag_set(d, VL_EINVAL, "an address without addr or addrtype");
      return at(x, ad, "host/address", d);
    }
    if (strlen(addr) > 64) {
      vl_diag_set(d, VL_EINVAL, "address longer than 64 bytes");
      return at(x, ad, "host/address", d);
    }
    if (!strcmp(type, "ipv4") && !ipv4) ipv4 = addr;
    else if (!strcmp(type, "ipv6") && !ipv6) ipv6 = addr;
    else if (!strcmp(type, "mac") && !mac) mac = addr;
  }
  const char *ip = ipv4 ? ipv4 : ipv6;
  const char *hostname = NULL;
  const struct vl_xnode *hn =
      vl_xnode_child(vl_xnode_child(h, "hostnames"), "hostname");
  for (; hn && !hostname; hn = vl_xnode_next(hn)) {
    const char *nm = vl_xnode_attr(hn, "name");
    if (nm && *nm) hostname = nm;
  }
  if (hostname && strlen(hostname) > 255) {
    vl_diag_set(d, VL_EINVAL, "a host name longer than 255 bytes");
    return at(x, h, "host/hostnames/hostname", d);
  }
  if (!ip && !hostname) {
    vl_diag_set(d, VL_EINVAL, "a host that is up without an IP address or "
                "a host name");
    return at(x, h, "host", d);
  }
  struct vl_asset as = {0};
  as.name = hostname ? hostname : ip;
  as.address = ip;
  int rc;
  if (ip) {
    int64_t known;
    if ((rc = vl_store_asset_by_address(ctx, ip, &known, d))) return rc;
    if (known) {
      const char *nm = name_of(ns, ctx, known, d);
      if (!nm && d && d->code) return d->code;
      if (nm) as.name = nm;
    }
  }
  /* The OS: the first match's first CPE. */
  const struct vl_xnode *om =
      vl_xnode_child(vl_xnode_child(h, "os"), "osmatch");
  for (; om && !as.os_cpe; om = vl_xnode_next(om)) {
    if (!as.os) as.os = vl_xnode_attr(om, "name");
    for (const struct vl_xnode *oc = vl_xnode_child(om, "osclass");
         oc && !as.os_cpe; oc = vl_xnode_next(oc)) {
      const struct vl_xnode *c = vl_xnode_child(oc, "cpe");
      if (!c) continue;
      struct vl_cpe_key k;
      if ((rc = cpe_fs(a, c->text, &as.os_cpe, &k, d)))
        return at(x, c, "host/os/osmatch/osclass/cpe", d);
    }
  }
  int64_t aid;
  if ((rc = vl_inv_asset(inv, &as, VL_ASSET_MERGE, &aid, d))) return rc;
  for (const struct vl_xnode *p =
           vl_xnode_child(vl_xnode_child(h, "ports"), "port");
       p; p = vl_xnode_next(p)) {
    const char *proto = vl_xnode_attr(p, "protocol");
    const char *pid = vl_xnode_attr(p, "portid");
    char *end = NULL;
    long num = pid ? strtol(pid, &end, 10) : 0;
    if (!proto || (strcmp(proto, "tcp") && strcmp(proto, "udp") &&
                   strcmp(proto, "sctp") && strcmp(proto, "ip"))) {
      vl_diag_set(d, VL_EINVAL, "protocol \"%.20s\" is not tcp, udp, sctp or "
                  "ip", proto ? proto : "");
      return at(x, p, "port", d);
    }
    if (!pid || !*pid || *end || num < 0 || num > 65535) {
      vl_diag_set(d, VL_EINVAL, "portid \"%.20s\" is not a port number",
                  pid ? pid : "");
      return at(x, p, "port", d);
    }
    const char *pst = vl_xnode_attr(vl_xnode_child(p, "state"), "state");
    if (!pst) {
      vl_diag_set(d, VL_EINVAL, "a port without <state state=...>");
      return at(x, p, "port/state", d);
    }
    if (strcmp(pst, "open") != 0) continue;
    const struct vl_xnode *sv = vl_xnode_child(p, "service");
    struct vl_port port = {0};
    port.asset_id = aid;
    port.proto = proto;
    port.port = (int)num;
    port.state = "open";
    port.service = vl_xnode_attr(sv, "name");
    port.product = vl_xnode_attr(sv, "product");
    port.version = vl_xnode_attr(sv, "version");
    for (const struct vl_xnode *c = vl_xnode_child(sv, "cpe"); c;
         c = vl_xnode_next(c)) {
      const char *fs;
      struct vl_cpe_key k;
      if ((rc = cpe_fs(a, c->text, &fs, &k, d)))
        return at(x, c, "port/service/cpe", d);
      if (!port.cpe) port.cpe = fs;
      if (!concrete(&k.vendor) || !concrete(&k.product) ||
          !concrete(&k.version))
        continue; /* no version: nothing to match */
      struct vl_software sw = {0};
      sw.cpe = fs;
      sw.vendor = vl_arena_strdup(a, k.vendor.text);
      sw.product = vl_arena_strdup(a, k.product.text);
      sw.version = vl_arena_strdup(a, k.version.text);
      if (!sw.vendor || !sw.product || !sw.version)
        return vl_diag_set(d, VL_ETOOBIG, "host record too large");
      sw.scheme = "generic";
      if ((rc = vl_inv_software(inv, aid, &sw, NULL, d)))
        return at(x, c, "port/service/cpe", d);
    }
    if ((rc = vl_inv_port(inv, &port, d))) return at(x, p, "port", d);
  }
  return 0;
}

static int import_nmap(struct vl_inv *inv, const char *path,
                       struct vl_diag *d) {
  struct vl_xml *x = NULL;
  struct vl_arena *a = NULL;
  struct names ns = {0};
  long hosts = 0;
  int rc = vl_arena_new(HOST_ARENA, &a);
  if (rc) return rc;
  if ((rc = vl_xml_open_file(path, NULL, &x, d))) goto out;
  struct vl_xml_event ev;
  bool root = false;
  for (;;) {
    if ((rc = vl_xml_next(x, &ev, d))) goto out;
    if (ev.type == VL_XML_EOF) break;
    if (ev.type != VL_XML_START) continue;
    if (ev.depth == 0) {
      if (strcmp(ev.name, "nmaprun") != 0) {
        vl_diag_where(d, path, ev.line, NULL);
        rc = vl_diag_set(d, VL_EUNSUPPORTED,
                         "not an Nmap XML report: the root element is <%.60s>"
                         " (expected <nmaprun>)",
                         ev.name);
        goto out;
      }
      root = true;
      continue;
    }
    if (ev.depth != 1 || strcmp(ev.name, "host") != 0) continue;
    if (++hosts > MAX_HOSTS) {
      vl_diag_where(d, path, ev.line, NULL);
      rc = vl_diag_set(d, VL_ETOOBIG, "more than %ld hosts", MAX_HOSTS);
      goto out;
    }
    struct vl_xnode *t;
    vl_arena_reset(a);
    if ((rc = vl_xml_tree(x, &ev, a, &t, d))) goto out;
    vl_inv_rows(inv, 1);
    if ((rc = host(inv, x, a, t, &ns, d))) goto out;
  }
  if (!root) {
    vl_diag_where(d, path, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "no <nmaprun> element");
  }
out:
  vl_xml_free(x);
  vl_arena_free(a);
  names_free(&ns);
  return rc;
}

static bool sniff_nmap(const char *h, size_t n) {
  static const char *marks[] = {"<nmaprun", "<!DOCTYPE nmaprun"};
  for (size_t m = 0; m < VL_ARRAY_LEN(marks); m++) {
    size_t ml = strlen(marks[m]);
    for (size_t i = 0; i + ml <= n; i++)
      if (!memcmp(h + i, marks[m], ml)) return true;
  }
  return false;
}

const struct vl_inv_format vl_inv_fmt_nmap_xml = {
    "nmap-xml", "nmap",
    "Nmap XML (nmap -oX): hosts up, addresses, names, open ports, service "
    "and OS CPEs",
    sniff_nmap, import_nmap};
