/* Qualys CSV reports: the VMDR "Asset Vuln Datalist" export (by CVE or by
 * QID, with or without its three metadata lines) and the older host-based
 * scan report CSVs (IP, DNS, NetBIOS, QID, ... CVE ID).  Columns are found
 * by name in the header row (the first row with a QID column); rows are
 * streamed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "vulnloop/csv.h"
#include "vulnloop/scope.h"

#include "vl_scan_internal.h"

#define MAX_PREAMBLE 10
#define MAX_ROWS 50000000L
#define MAX_HOSTS 1000000
#define MAX_CVES 1024

static bool sniff(const char *head, size_t n) {
  if (n && head[0] == '<') return false;
  const char *q = vl_scan_memmem(head, n, "\"QID\"");
  if (!q) q = vl_scan_memmem(head, n, ",QID,");
  if (!q) q = vl_scan_memmem(head, n, "\nQID,");
  return q != NULL;
}

enum col { C_QID, C_CVE, C_TITLE, C_SEV, C_QSEV, C_TYPE, C_STATUS, C_PORT,
           C_PROTO, C_NAME, C_DNS, C_NETBIOS, C_FQDN, C_IP, C_IP6, C_OS,
           C_OSCPE, C_SOLUTION, C_RESULTS, C_LAST, C_CVSS2, C_CVSS3,
           C_TRACKING, C_CATEGORY, C_THREAT, C_N };

/* Header names per field, as the exports spell them. */
static const char *const aliases[C_N][4] = {
    [C_QID] = {"QID"},
    [C_CVE] = {"CVE", "CVE ID", "CVEID"},
    [C_TITLE] = {"Title", "VULN TITLE"},
    [C_SEV] = {"Severity", "SEVERITY"},
    [C_QSEV] = {"Q_SEVERITY"},
    [C_TYPE] = {"Type Detected", "Type", "TYPE"},
    [C_STATUS] = {"Status", "Vuln Status"},
    [C_PORT] = {"Port", "PORT"},
    [C_PROTO] = {"Protocol", "PROTOCOL"},
    [C_NAME] = {"Asset Name", "HOSTNAME"},
    [C_DNS] = {"DNS"},
    [C_NETBIOS] = {"NetBIOS"},
    [C_FQDN] = {"FQDN"},
    [C_IP] = {"Asset IPV4", "IP"},
    [C_IP6] = {"Asset IPV6"},
    [C_OS] = {"Operating System", "OS", "OPERATING SYSTEM"},
    [C_OSCPE] = {"OS CPE"},
    [C_SOLUTION] = {"Solution", "SOLUTION"},
    [C_RESULTS] = {"Results", "RESULT"},
    [C_LAST] = {"Last Detected"},
    [C_CVSS2] = {"CVSSv2 Base (nvd)", "CVSS Base", "CVSS_BASE"},
    [C_CVSS3] = {"CVSSv3.1 Base (nvd)", "CVSS3 Base", "CVSS3.1 Base"},
    [C_TRACKING] = {"Tracking Method"},
    [C_CATEGORY] = {"Category", "CATEGORY"},
    [C_THREAT] = {"Threat", "THREAT"},
};

struct known {
  char *key;        /* malloc'd host key; NULL: free slot */
  int64_t asset_id;
  vl_time first, last;
  bool agent;
  struct vl_scan_host h; /* strings borrowed from key's block */
  char *block;      /* malloc'd copies of the host's strings */
};

struct qualys {
  struct vl_scanw *w;
  const char *path;
  int col[C_N];
  size_t ncols;
  bool header;
  long rows, preamble;
  struct known *hosts;
  size_t cap, n;
  vl_time started, ended;
};

static int bad(struct qualys *q, long line, int code, const char *fmt,
               const char *a, const char *b, struct vl_diag *d) {
  vl_diag_where(d, q->path, line, NULL);
  return vl_diag_set(d, code, fmt, a, b);
}

/* An empty field, or Qualys' "'-" / "-" for none, is NULL. */
static const char *field(const struct qualys *q, const struct vl_csv_row *r,
                         enum col c) {
  if (q->col[c] < 0) return NULL;
  const char *v = r->fields[q->col[c]];
  while (*v == ' ') v++;
  if (!*v || !strcmp(v, "'-") || !strcmp(v, "-")) return NULL;
  return v;
}

static int read_header(struct qualys *q, const struct vl_csv_row *r,
                       struct vl_diag *d) {
  int qid = -1;
  for (size_t j = 0; j < r->n; j++)
    if (!strcmp(r->fields[j], "QID")) qid = (int)j;
  if (qid < 0) {
    if (++q->preamble > MAX_PREAMBLE)
      return bad(q, r->line, VL_EPARSE,
                 "no header row with a QID column in the first %s rows%s",
                 "10", "", d);
    return 0;
  }
  for (int c = 0; c < C_N; c++) q->col[c] = -1;
  for (size_t j = 0; j < r->n; j++)
    for (int c = 0; c < C_N; c++)
      for (int k = 0; k < 4 && aliases[c][k]; k++)
        if (!strcmp(r->fields[j], aliases[c][k]) && q->col[c] < 0)
          q->col[c] = (int)j;
  if (q->col[C_IP] < 0 && q->col[C_NAME] < 0 && q->col[C_DNS] < 0)
    return bad(q, r->line, VL_EPARSE,
               "the header names no host column (Asset IPV4, IP, Asset Name, "
               "HOSTNAME or DNS)%s%s",
               "", "", d);
  q->ncols = r->n;
  q->header = true;
  return 0;
}

static size_t slot(struct qualys *q, const char *key) {
  size_t h = (size_t)vl_hash64(key, strlen(key)) & (q->cap - 1);
  while (q->hosts[h].key && strcmp(q->hosts[h].key, key))
    h = (h + 1) & (q->cap - 1);
  return h;
}

static int grow(struct qualys *q) {
  size_t cap = q->cap ? q->cap * 2 : 256;
  struct known *old = q->hosts;
  size_t oldcap = q->cap;
  if (!(q->hosts = calloc(cap, sizeof(*q->hosts)))) {
    q->hosts = old;
    return VL_ENOMEM;
  }
  q->cap = cap;
  for (size_t i = 0; i < oldcap; i++)
    if (old[i].key) q->hosts[slot(q, old[i].key)] = old[i];
  free(old);
  return 0;
}

/* "Feb 03, 2026 07:00 AM" (VMDR); other date forms are not read. */
static int parse_when(const char *s, vl_time *out) {
  static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char mon[4], ampm[3];
  int day, year, h, m, used = 0;
  if (sscanf(s, "%3s %d, %d %d:%d %2s%n", mon, &day, &year, &h, &m, ampm,
             &used) != 6 || s[used])
    return VL_ETYPE;
  int mo = -1;
  for (int i = 0; i < 12; i++)
    if (!strcmp(mon, months[i])) mo = i + 1;
  if (mo < 0 || h < 1 || h > 12 || m < 0 || m > 59 || day < 1 || day > 31)
    return VL_ETYPE;
  if (!strcmp(ampm, "AM")) h = h == 12 ? 0 : h;
  else if (!strcmp(ampm, "PM")) h = h == 12 ? 12 : h + 12;
  else return VL_ETYPE;
  char iso[32];
  snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:00Z", year, mo, day, h,
           m);
  return vl_time_parse(iso, out) ? VL_ETYPE : 0;
}

static char *dup_into(char **p, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  memcpy(*p, s, n);
  char *r = *p;
  *p += n;
  return r;
}

/* The host of a row: its asset, registered on first sight. */
static int row_host(struct qualys *q, const struct vl_csv_row *r,
                    struct known **out, struct vl_diag *d) {
  const char *ip = field(q, r, C_IP), *name = field(q, r, C_NAME);
  const char *dns = field(q, r, C_DNS), *nb = field(q, r, C_NETBIOS);
  const char *fqdn = field(q, r, C_FQDN), *ip6 = field(q, r, C_IP6);
  const char *addr = ip ? ip : ip6;
  const char *key = name ? name : dns ? dns : addr;
  if (!key)
    return bad(q, r->line, VL_EINVAL, "the row names no host (no name, DNS "
                                      "or address)%s%s", "", "", d);
  int rc;
  if ((q->n + 1) * 2 > q->cap && (rc = grow(q))) return rc;
  size_t i = slot(q, key);
  struct known *k = &q->hosts[i];
  if (k->key) {
    *out = k;
    return 0;
  }
  if (q->n == MAX_HOSTS)
    return bad(q, r->line, VL_ETOOBIG, "more than %s hosts%s", "1000000", "",
               d);
  const char *os = field(q, r, C_OS), *oscpe = field(q, r, C_OSCPE);
  const char *strs[] = {key, name, dns, nb, fqdn, addr, os, oscpe};
  size_t total = 0;
  for (size_t j = 0; j < VL_ARRAY_LEN(strs); j++)
    total += strs[j] ? strlen(strs[j]) + 1 : 0;
  char *block = malloc(total ? total : 1), *p = block;
  if (!block) return VL_ENOMEM;
  k->block = block;
  k->key = strdup(key);
  if (!k->key) return VL_ENOMEM;
  q->n++;
  dup_into(&p, key);
  k->h.name = dup_into(&p, name);
  k->h.hostname = dup_into(&p, dns);
  k->h.netbios = dup_into(&p, nb);
  k->h.fqdn = dup_into(&p, fqdn);
  k->h.address = dup_into(&p, addr);
  k->h.os = dup_into(&p, os);
  k->h.os_cpe = dup_into(&p, oscpe);
  if (!k->h.name) k->h.name = k->h.hostname ? k->h.hostname : k->h.address;
  k->h.auth_ok = -1;
  const char *track = field(q, r, C_TRACKING);
  /* An agent reads the host from inside: as good as a credentialed scan. */
  k->agent = track && !strcasecmp(track, "QAGENT");
  k->h.credentialed = k->agent;
  k->h.auth_ok = k->agent ? 1 : -1;
  if ((rc = vl_scanw_host(q->w, &k->h, &k->asset_id, d))) return rc;
  *out = k;
  return 0;
}

static int read_row(void *ud, const struct vl_csv_row *r, struct vl_diag *d) {
  struct qualys *q = ud;
  if (!q->header) return read_header(q, r, d);
  if (r->n == 1 && !r->fields[0][0]) return 0; /* a blank line */
  if (r->n != q->ncols) {
    char a[24], b[24];
    snprintf(a, sizeof(a), "%zu", r->n);
    snprintf(b, sizeof(b), "%zu", q->ncols);
    return bad(q, r->line, VL_EINVAL, "%s fields, but the header has %s", a,
               b, d);
  }
  if (++q->rows > MAX_ROWS)
    return bad(q, r->line, VL_ETOOBIG, "more than %s rows%s", "50000000", "",
               d);
  const char *qid = field(q, r, C_QID);
  long long v;
  if (!qid || vl_scan_parse_int(qid, 1, 99999999, &v))
    return bad(q, r->line, VL_ETYPE, "QID '%.40s' is not a number%s",
               qid ? qid : "", "", d);
  struct known *k = NULL;
  int rc = row_host(q, r, &k, d);
  if (rc) return rc;
  struct vl_scan_result res = {0};
  res.plugin = qid;
  res.name = field(q, r, C_TITLE);
  res.family = field(q, r, C_CATEGORY);
  const char *sev = field(q, r, C_QSEV);
  if (!sev) sev = field(q, r, C_SEV);
  if (sev) {
    if (vl_scan_parse_int(sev, 1, 5, &v))
      return bad(q, r->line, VL_ETYPE, "severity '%.40s' is not 1-5%s", sev,
                 "", d);
    res.severity = (int)v - 1;
  }
  const char *port = field(q, r, C_PORT);
  if (port) {
    if (vl_scan_parse_int(port, 0, 65535, &v))
      return bad(q, r->line, VL_ETYPE, "port '%.40s' is not 0-65535%s", port,
                 "", d);
    res.port = (int)v;
  }
  const char *proto = field(q, r, C_PROTO);
  char lproto[16] = "tcp";
  if (proto) {
    size_t n = strlen(proto);
    if (n >= sizeof(lproto))
      return bad(q, r->line, VL_ETYPE, "protocol '%.40s' is not a protocol%s",
                 proto, "", d);
    for (size_t i = 0; i <= n; i++)
      lproto[i] = (char)(proto[i] >= 'A' && proto[i] <= 'Z' ? proto[i] + 32
                                                           : proto[i]);
  }
  res.proto = lproto;
  res.solution = field(q, r, C_SOLUTION);
  res.output = field(q, r, C_RESULTS);
  res.cvss_base = res.cvss3_base = -1;
  const char *c2 = field(q, r, C_CVSS2), *c3 = field(q, r, C_CVSS3);
  if (c2 && vl_scan_parse_score(c2, &res.cvss_base))
    return bad(q, r->line, VL_ETYPE, "CVSS '%.40s' is not a score%s", c2, "",
               d);
  if (c3 && vl_scan_parse_score(c3, &res.cvss3_base))
    return bad(q, r->line, VL_ETYPE, "CVSS3 '%.40s' is not a score%s", c3, "",
               d);
  char vec[128] = "";
  if (c3 && strchr(c3, '(')) {
    const char *s = strchr(c3, '(') + 1;
    size_t n = strcspn(s, ")");
    if (n < sizeof(vec)) {
      memcpy(vec, s, n);
      vec[n] = 0;
      res.cvss3_vector = vec;
    }
  }
  const char *status = field(q, r, C_STATUS);
  res.status = status;
  const char *type = field(q, r, C_TYPE);
  bool vuln = !type || !strcasecmp(type, "Confirmed") ||
              !strcasecmp(type, "Vuln") || !strcasecmp(type, "Potential");
  bool potential = type && !strcasecmp(type, "Potential");
  bool fixed = status && !strcasecmp(status, "FIXED");
  const char *threat = field(q, r, C_THREAT);
  res.credentialed = k->agent ||
                     (threat && strstr(threat, "Detection Logic (Authenticated)"));
  res.confidence = potential ? 0.5 : 0.9;
  const char *cve = field(q, r, C_CVE);
  const char *cves[MAX_CVES];
  size_t n = 0;
  char *copy = NULL;
  if (cve) {
    if (!(copy = strdup(cve))) return VL_ENOMEM;
    for (char *p = copy; *p;) {
      while (*p == ' ' || *p == ',') p++;
      if (!*p) break;
      char *e = p;
      while (*e && *e != ',' && *e != ' ') e++;
      char save = *e;
      *e = 0;
      if (!vl_scan_is_cve(p)) {
        rc = bad(q, r->line, VL_ETYPE, "CVE '%.40s' is not a CVE id%s", p, "",
                 d);
        break;
      }
      if (n == MAX_CVES) {
        rc = bad(q, r->line, VL_ETOOBIG, "more than %s CVEs in a row%s",
                 "1024", "", d);
        break;
      }
      cves[n++] = p;
      if (!save) break;
      p = e + 1;
    }
  }
  if (!rc) {
    res.cves = cve;
    rc = vl_scanw_result(q->w, k->asset_id, &res, vuln && !fixed, cves, n, d);
  }
  free(copy);
  if (!rc && res.port > 0 && !fixed)
    rc = vl_scanw_port(q->w, k->asset_id, res.proto, res.port, NULL, d);
  const char *last = field(q, r, C_LAST);
  vl_time t;
  if (!rc && last && !parse_when(last, &t)) {
    if (!k->first || t < k->first) k->first = t;
    if (t > k->last) k->last = t;
    if (!q->started || t < q->started) q->started = t;
    if (t > q->ended) q->ended = t;
  }
  return rc;
}

static int import(struct vl_scanw *w, const char *path, struct vl_diag *d) {
  static const struct vl_csv_opts opts = {1u << 20, 256};
  struct qualys q = {0};
  q.w = w;
  q.path = path;
  int rc = vl_csv_read_file(path, &opts, read_row, &q, d);
  if (!rc && !q.header)
    rc = bad(&q, 0, VL_EPARSE, "no header row with a QID column%s%s", "", "",
             d);
  /* The detection times of a host's rows are the best the export says of
   * when it was scanned. */
  for (size_t i = 0; !rc && i < q.cap; i++) {
    struct known *k = &q.hosts[i];
    if (!k->key) continue;
    k->h.started = k->first;
    k->h.ended = k->last;
    rc = vl_scanw_host_update(w, k->asset_id, &k->h, d);
  }
  if (!rc) {
    struct vl_scan_report rep = {0};
    rep.started = q.started;
    rep.ended = q.ended;
    rc = vl_scanw_report(w, &rep, d);
  }
  for (size_t i = 0; i < q.cap; i++) {
    free(q.hosts[i].key);
    free(q.hosts[i].block);
  }
  free(q.hosts);
  return rc;
}

const struct vl_scan_format vl_scan_fmt_qualys = {
    "qualys", "Qualys CSV (VMDR Asset Vuln Datalist; scan report CSV)", sniff,
    import};
