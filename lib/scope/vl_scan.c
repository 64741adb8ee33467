/* Scanner reports: the writer every scanner importer uses (over the
 * inventory writer), host matching, and the format registry. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/scope.h"

#include "vl_scan_internal.h"

struct vl_scanw {
  struct vl_inv *inv;
  const struct vl_ctx *ctx;
  const char *path;
  const char *scanner;
  int64_t scan_id;
  /* Ports already recorded for port_asset: one bit per (proto, port). */
  int64_t port_asset;
  unsigned char ports[2][65536 / 8];
  struct vl_buf evidence;
  struct vl_scan_stats st;
  /* Hashes of the plugins already recorded as run in this scan, so that
   * each is written once however many results name it (open addressing;
   * 0 marks a free slot). */
  uint64_t *ran;
  size_t ran_n, ran_cap;
  /* Two threads (a large report, see "reading in a thread of its own"):
   * the importer runs in a reader thread and its calls are queued as
   * commands; the calling thread writes them.  Fields the reader uses: */
  const struct vl_scan_format *fmt;
  bool threaded;           /* set before the reader starts, read-only then */
  struct batch *cur;       /* the batch being filled */
  int64_t handles;         /* host handles given out (-1, -2, ...) */
  struct vl_pipe *full;    /* batches to write, reader -> writer */
  struct vl_pipe *empty;   /* batches written, back for reuse */
  int reader_rc;           /* the importer's result, and its diagnostic */
  struct vl_diag reader_d;
  /* Fields the writer uses: asset id of host handle -1 - i at [i]. */
  int64_t *host_ids;
  size_t host_cap;
};

/* Commands queued by the reader thread: one per vl_scanw_* call, with
 * every string copied into the batch's arena. */
enum cmd_kind { CMD_HOST, CMD_HOST_UPDATE, CMD_REPORT, CMD_CHECK, CMD_PORT,
                CMD_RESULT };
struct cmd {
  enum cmd_kind kind;
  int64_t host;               /* the host handle (CMD_HOST: the one given) */
  struct vl_scan_host h;      /* CMD_HOST, CMD_HOST_UPDATE */
  struct vl_scan_report rep;  /* CMD_REPORT */
  struct vl_scan_result r;    /* CMD_RESULT */
  const char *a, *b;          /* CMD_CHECK kind, name; CMD_PORT proto,
                                 service */
  int port;                   /* CMD_PORT */
  bool detected;              /* CMD_RESULT */
  const char **cves;          /* CMD_RESULT: n_cves ids */
  size_t n_cves;
};
#define BATCH_CMDS 256
#define BATCH_BYTES (1u << 20) /* a batch is handed over past this */
#define BATCHES 4              /* batches in flight (memory bound) */
struct batch {
  struct vl_arena *arena;     /* strings and lists of the commands */
  struct cmd cmds[BATCH_CMDS];
  size_t n;
};

#define MAX_RAN (1u << 24)

/* Records plugin as run unless this scan already did. */
static int ran_add(struct vl_scanw *w, const char *plugin, struct vl_diag *d) {
  uint64_t h = vl_hash64(plugin, strlen(plugin)) | 1;
  if ((w->ran_n + 1) * 2 > w->ran_cap) {
    if (w->ran_cap >= MAX_RAN)
      return vl_store_scan_check(w->ctx, w->scan_id, "plugin", plugin, d);
    size_t cap = w->ran_cap ? w->ran_cap * 2 : 1024;
    uint64_t *nv = calloc(cap, sizeof(*nv));
    if (!nv) return VL_ENOMEM;
    for (size_t i = 0; i < w->ran_cap; i++)
      if (w->ran[i]) {
        size_t j = w->ran[i] & (cap - 1);
        while (nv[j]) j = (j + 1) & (cap - 1);
        nv[j] = w->ran[i];
      }
    free(w->ran);
    w->ran = nv;
    w->ran_cap = cap;
  }
  size_t j = h & (w->ran_cap - 1);
  while (w->ran[j]) {
    if (w->ran[j] == h) return 0;
    j = (j + 1) & (w->ran_cap - 1);
  }
  w->ran[j] = h;
  w->ran_n++;
  return vl_store_scan_check(w->ctx, w->scan_id, "plugin", plugin, d);
}

const char *vl_scanw_path(const struct vl_scanw *w) { return w->path; }

/* Is there an asset of that name? */
static int by_name_cb(void *ud, const struct vl_asset *a) {
  int64_t *id = ud;
  *id = a->id;
  return 0;
}

static int asset_named(const struct vl_ctx *ctx, const char *name,
                       int64_t *id, struct vl_diag *d) {
  *id = 0;
  if (!name || !*name) return 0;
  int rc = vl_store_asset_by_name(ctx, name, by_name_cb, id, d);
  if (rc == VL_ENOTFOUND) {
    *id = 0;
    vl_diag_clear(d);
    return 0;
  }
  return rc;
}

/* The name the host is stored under: an existing asset named by the FQDN,
 * the DNS host name or the NetBIOS name, else the one asset with its
 * address, else a new asset named by the first of those the report gives.
 * NetBIOS comes after DNS: machines cloned from one image share a NetBIOS
 * name (the real Qualys sample has three such hosts). */
static int host_name(struct vl_scanw *w, const struct vl_scan_host *h,
                     char *out, size_t size, struct vl_diag *d) {
  const char *names[] = {h->fqdn, h->hostname, h->netbios, h->name};
  int64_t id;
  int rc;
  for (size_t i = 0; i < VL_ARRAY_LEN(names); i++) {
    if ((rc = asset_named(w->ctx, names[i], &id, d))) return rc;
    if (id) {
      snprintf(out, size, "%s", names[i]);
      return 0;
    }
  }
  if (h->address && *h->address) {
    if ((rc = vl_store_asset_by_address(w->ctx, h->address, &id, d)))
      return rc;
    if (id) return vl_store_asset_name(w->ctx, id, out, size, d);
  }
  const char *first = NULL;
  for (size_t i = 0; i < VL_ARRAY_LEN(names) && !first; i++)
    if (names[i] && *names[i]) first = names[i];
  if (!first) first = h->address;
  if (!first || !*first) {
    vl_diag_where(d, w->path, 0, NULL);
    return vl_diag_set(d, VL_EINVAL, "a host has neither a name nor an "
                                     "address");
  }
  snprintf(out, size, "%s", first);
  return 0;
}

static int host_row(struct vl_scanw *w, int64_t asset_id,
                    const struct vl_scan_host *h, struct vl_diag *d) {
  struct vl_scan_hostrec r = {0};
  r.scan_id = w->scan_id;
  r.asset_id = asset_id;
  r.host = h->name ? h->name : h->address;
  r.credentialed = h->credentialed;
  r.auth_ok = h->auth_ok;
  r.started = h->started;
  r.ended = h->ended;
  return vl_store_scan_host_set(w->ctx, &r, d);
}

static int do_host(struct vl_scanw *w, const struct vl_scan_host *h,
                   int64_t *asset_id, struct vl_diag *d) {
  char name[512];
  int rc = host_name(w, h, name, sizeof(name), d);
  if (rc) return rc;
  struct vl_asset a = {0};
  a.name = name;
  a.address = h->address && *h->address ? h->address : NULL;
  a.os = h->os && *h->os ? h->os : NULL;
  a.os_cpe = h->os_cpe && *h->os_cpe ? h->os_cpe : NULL;
  if ((rc = vl_inv_asset(w->inv, &a, VL_ASSET_MERGE, asset_id, d))) return rc;
  return host_row(w, *asset_id, h, d);
}

static int do_report(struct vl_scanw *w, const struct vl_scan_report *r,
                     struct vl_diag *d) {
  struct vl_scan_report copy = *r;
  copy.scanner = w->scanner;
  return vl_store_scan_report_set(w->ctx, w->scan_id, &copy, d);
}

static int do_check(struct vl_scanw *w, const char *kind, const char *name,
                    struct vl_diag *d) {
  w->st.checks++;
  if (!strcmp(kind, "plugin")) return ran_add(w, name, d);
  return vl_store_scan_check(w->ctx, w->scan_id, kind, name, d);
}

static int do_port(struct vl_scanw *w, int64_t asset_id, const char *proto,
                   int port, const char *service, struct vl_diag *d) {
  if (port <= 0 || port > 65535) return 0;
  int p = proto && !strcmp(proto, "udp") ? 1 : 0;
  if (!p && proto && strcmp(proto, "tcp")) return 0; /* icmp, ... */
  if (w->port_asset != asset_id) {
    memset(w->ports, 0, sizeof(w->ports));
    w->port_asset = asset_id;
  }
  unsigned char bit = (unsigned char)(1u << (port & 7));
  if (w->ports[p][port >> 3] & bit) return 0;
  w->ports[p][port >> 3] |= bit;
  struct vl_port vp = {0};
  vp.asset_id = asset_id;
  vp.proto = p ? "udp" : "tcp";
  vp.port = port;
  vp.state = "open";
  vp.service = service && *service ? service : NULL;
  w->st.ports++;
  return vl_inv_port(w->inv, &vp, d);
}

static int do_result(struct vl_scanw *w, int64_t asset_id,
                     const struct vl_scan_result *r, bool detected,
                     const char *const *cves, size_t n_cves,
                     struct vl_diag *d) {
  struct vl_scan_result copy = *r;
  copy.scan_id = w->scan_id;
  copy.asset_id = asset_id;
  if (!copy.proto || !*copy.proto) copy.proto = "tcp";
  int rc = vl_store_scan_result_add(w->ctx, &copy, d);
  if (!rc) rc = ran_add(w, r->plugin, d);
  if (rc) return rc;
  w->st.results++;
  if (!detected || !n_cves) return 0;
  /* The evidence names the plugin, not the CVE: one text for all of them. */
  vl_buf_reset(&w->evidence);
  char port[16] = "general";
  if (copy.port) snprintf(port, sizeof(port), "%d", copy.port);
  vl_buf_printf(&w->evidence, "%s %s %.200s (%.200s) on %s/%s%s", w->scanner,
                !strcmp(w->scanner, "openvas") ? "NVT"
                : !strcmp(w->scanner, "qualys") ? "QID"
                                                : "plugin",
                r->plugin, r->name ? r->name : "", port, copy.proto,
                r->credentialed ? ", credentialed check" : "");
  for (size_t i = 0; i < n_cves; i++) {
    struct vl_scan_detection det = {0};
    det.scan_id = w->scan_id;
    det.asset_id = asset_id;
    det.vuln = cves[i];
    det.scanner = w->scanner;
    det.plugin = r->plugin;
    det.family = r->family;
    det.port = copy.port;
    det.proto = copy.proto;
    det.credentialed = r->credentialed;
    det.confidence = r->confidence;
    det.evidence = w->evidence.data ? w->evidence.data : "";
    int64_t id;
    int created;
    if ((rc = vl_store_scan_finding(w->ctx, &det, &id, &created, d)))
      return rc;
    w->st.findings++;
    w->st.findings_new += created;
  }
  return 0;
}


/* ------------------------------------ reading in a thread of its own */

/* A large report is read in a thread of its own while the calling thread,
 * which owns the database connection, writes: parsing the XML or CSV and
 * writing the rows take about as long as each other, so the two cores
 * halve the import's time.  The importer (fmt->import) runs unchanged in
 * the reader thread; each vl_scanw_* call it makes is queued as a command
 * with its strings copied, in batches through a vl_pipe, and the writer
 * runs them in order.  vl_scanw_host cannot wait for the asset id, so it
 * hands back a handle (-1, -2, ...) that the writer maps to the asset id
 * when it runs the command; the importer only passes it back to the
 * writer's functions.  Errors: the writer's stop the reader at its next
 * call (the pipe refuses it); the reader's stop the writer, which skips
 * the rest; either way the import fails as a whole, and the message is
 * the first failure's. */

static const char *bdup(struct batch *b, const char *s, bool *ok) {
  if (!s) return NULL;
  char *c = vl_arena_strdup(b->arena, s);
  if (!c) *ok = false;
  return c;
}

static void dup_host(struct batch *b, struct vl_scan_host *h, bool *ok) {
  h->name = bdup(b, h->name, ok);
  h->fqdn = bdup(b, h->fqdn, ok);
  h->netbios = bdup(b, h->netbios, ok);
  h->hostname = bdup(b, h->hostname, ok);
  h->address = bdup(b, h->address, ok);
  h->os = bdup(b, h->os, ok);
  h->os_cpe = bdup(b, h->os_cpe, ok);
}

static int reader_stopped(struct vl_diag *d) {
  return vl_diag_set(d, VL_ESTATE, "the writer stopped");
}

/* Hands the batch being filled to the writer and takes an empty one. */
static int hand_over(struct vl_scanw *w, struct vl_diag *d) {
  if (w->cur && w->cur->n) {
    if (!vl_pipe_push(w->full, w->cur)) return reader_stopped(d);
    w->cur = NULL;
  }
  if (!w->cur && !(w->cur = vl_pipe_pop(w->empty))) return reader_stopped(d);
  return 0;
}

/* A command slot in the current batch, handing it over first when full. */
static int next_cmd(struct vl_scanw *w, enum cmd_kind kind, struct cmd **out,
                    struct vl_diag *d) {
  int rc;
  if ((!w->cur || w->cur->n == BATCH_CMDS ||
       vl_arena_used(w->cur->arena) > BATCH_BYTES) &&
      (rc = hand_over(w, d)))
    return rc;
  struct cmd *c = &w->cur->cmds[w->cur->n];
  memset(c, 0, sizeof(*c));
  c->kind = kind;
  *out = c;
  return 0;
}

/* The command is complete: counts it, or fails if a copy did not fit. */
static int queued(struct vl_scanw *w, bool ok, struct vl_diag *d) {
  if (!ok) {
    vl_diag_where(d, w->path, 0, NULL);
    return vl_diag_set(d, VL_ETOOBIG, "a record is larger than the "
                                      "importer's cap");
  }
  w->cur->n++;
  return 0;
}

/* The asset id of a host handle (writer). */
static int host_id(struct vl_scanw *w, int64_t handle, int64_t *id,
                   struct vl_diag *d) {
  size_t i = (size_t)(-1 - handle);
  if (handle >= 0 || i >= w->host_cap || !w->host_ids[i])
    return vl_diag_set(d, VL_EINTERNAL, "unknown host handle %lld",
                       (long long)handle);
  *id = w->host_ids[i];
  return 0;
}

static int run_cmd(struct vl_scanw *w, const struct cmd *c,
                   struct vl_diag *d) {
  int64_t id = 0;
  int rc;
  switch (c->kind) {
  case CMD_HOST: {
    size_t i = (size_t)(-1 - c->host);
    if (i >= w->host_cap) {
      size_t cap = w->host_cap ? w->host_cap * 2 : 256;
      while (cap <= i) cap *= 2;
      int64_t *nv = realloc(w->host_ids, cap * sizeof(*nv));
      if (!nv) return VL_ENOMEM;
      memset(nv + w->host_cap, 0, (cap - w->host_cap) * sizeof(*nv));
      w->host_ids = nv;
      w->host_cap = cap;
    }
    if ((rc = do_host(w, &c->h, &id, d))) return rc;
    w->host_ids[i] = id;
    return 0;
  }
  case CMD_HOST_UPDATE:
    if ((rc = host_id(w, c->host, &id, d))) return rc;
    return host_row(w, id, &c->h, d);
  case CMD_REPORT:
    return do_report(w, &c->rep, d);
  case CMD_CHECK:
    return do_check(w, c->a, c->b, d);
  case CMD_PORT:
    if ((rc = host_id(w, c->host, &id, d))) return rc;
    return do_port(w, id, c->a, c->port, c->b, d);
  case CMD_RESULT:
    if ((rc = host_id(w, c->host, &id, d))) return rc;
    return do_result(w, id, &c->r, c->detected, c->cves, c->n_cves, d);
  }
  return vl_diag_set(d, VL_EINTERNAL, "unknown command");
}

static void *reader_main(void *arg) {
  struct vl_scanw *w = arg;
  struct vl_diag *d = &w->reader_d;
  int rc = hand_over(w, d);
  if (!rc) rc = w->fmt->import(w, w->path, d);
  /* The commands before a failure are written (and fail) first, as in a
   * single thread. */
  if (w->cur && w->cur->n && !vl_pipe_push(w->full, w->cur) && !rc)
    rc = reader_stopped(d);
  w->reader_rc = rc;
  vl_pipe_close(w->full);
  return NULL;
}

/* Runs fmt->import in a reader thread and writes what it queues, in
 * order: the first failure in the report's order is the one reported, as
 * with one thread.  Without a thread, runs it in this one. */
static int import_threaded(struct vl_scanw *w, struct vl_diag *d) {
  struct batch *batches[BATCHES] = {0};
  int rc = vl_pipe_new(BATCHES, &w->full);
  if (!rc) rc = vl_pipe_new(BATCHES, &w->empty);
  for (size_t i = 0; !rc && i < BATCHES; i++) {
    if (!(batches[i] = calloc(1, sizeof(*batches[i]))) ||
        vl_arena_new(256u << 20, &batches[i]->arena))
      rc = VL_ENOMEM;
    else
      vl_pipe_push(w->empty, batches[i]);
  }
  pthread_t th;
  bool started = false;
  if (!rc) {
    vl_diag_clear(&w->reader_d);
    w->threaded = true;
    if (pthread_create(&th, NULL, reader_main, w) == 0) {
      started = true;
    } else {
      w->threaded = false;
      rc = w->fmt->import(w, w->path, d);
    }
  }
  if (started) {
    struct batch *b;
    while ((b = vl_pipe_pop(w->full))) {
      for (size_t i = 0; !rc && i < b->n; i++)
        if ((rc = run_cmd(w, &b->cmds[i], d))) {
          vl_pipe_stop(w->full);   /* the reader's next hand-over fails */
          vl_pipe_close(w->empty); /* and so does its wait for a batch */
        }
      if (rc) continue; /* drained until the reader has closed the pipe */
      b->n = 0;
      vl_arena_reset(b->arena);
      vl_pipe_push(w->empty, b);
    }
    pthread_join(th, NULL);
    w->threaded = false;
    if (!rc && w->reader_rc) {
      rc = w->reader_rc;
      *d = w->reader_d;
    }
  }
  for (size_t i = 0; i < BATCHES; i++)
    if (batches[i]) {
      vl_arena_free(batches[i]->arena);
      free(batches[i]);
    }
  vl_pipe_free(w->full);
  vl_pipe_free(w->empty);
  w->full = w->empty = NULL;
  free(w->host_ids);
  w->host_ids = NULL;
  w->host_cap = 0;
  return rc;
}

/* ------------------------------------------- the importers' writer API */

int vl_scanw_host(struct vl_scanw *w, const struct vl_scan_host *h,
                  int64_t *asset_id, struct vl_diag *d) {
  if (!w->threaded) return do_host(w, h, asset_id, d);
  struct cmd *c;
  int rc = next_cmd(w, CMD_HOST, &c, d);
  if (rc) return rc;
  bool ok = true;
  c->h = *h;
  dup_host(w->cur, &c->h, &ok);
  c->host = *asset_id = -1 - w->handles++;
  return queued(w, ok, d);
}

int vl_scanw_host_update(struct vl_scanw *w, int64_t asset_id,
                         const struct vl_scan_host *h, struct vl_diag *d) {
  if (!w->threaded) return host_row(w, asset_id, h, d);
  struct cmd *c;
  int rc = next_cmd(w, CMD_HOST_UPDATE, &c, d);
  if (rc) return rc;
  bool ok = true;
  c->host = asset_id;
  c->h = *h;
  dup_host(w->cur, &c->h, &ok);
  return queued(w, ok, d);
}

int vl_scanw_report(struct vl_scanw *w, const struct vl_scan_report *r,
                    struct vl_diag *d) {
  if (!w->threaded) return do_report(w, r, d);
  struct cmd *c;
  int rc = next_cmd(w, CMD_REPORT, &c, d);
  if (rc) return rc;
  bool ok = true;
  c->rep = *r;
  c->rep.scanner = bdup(w->cur, r->scanner, &ok);
  c->rep.name = bdup(w->cur, r->name, &ok);
  c->rep.policy = bdup(w->cur, r->policy, &ok);
  return queued(w, ok, d);
}

int vl_scanw_check(struct vl_scanw *w, const char *kind, const char *name,
                   struct vl_diag *d) {
  if (!w->threaded) return do_check(w, kind, name, d);
  struct cmd *c;
  int rc = next_cmd(w, CMD_CHECK, &c, d);
  if (rc) return rc;
  bool ok = true;
  c->a = bdup(w->cur, kind, &ok);
  c->b = bdup(w->cur, name, &ok);
  return queued(w, ok, d);
}

int vl_scanw_port(struct vl_scanw *w, int64_t asset_id, const char *proto,
                  int port, const char *service, struct vl_diag *d) {
  if (!w->threaded) return do_port(w, asset_id, proto, port, service, d);
  if (port <= 0 || port > 65535) return 0;
  struct cmd *c;
  int rc = next_cmd(w, CMD_PORT, &c, d);
  if (rc) return rc;
  bool ok = true;
  c->host = asset_id;
  c->a = bdup(w->cur, proto, &ok);
  c->port = port;
  c->b = bdup(w->cur, service, &ok);
  return queued(w, ok, d);
}

int vl_scanw_result(struct vl_scanw *w, int64_t asset_id,
                    const struct vl_scan_result *r, bool detected,
                    const char *const *cves, size_t n_cves,
                    struct vl_diag *d) {
  if (!w->threaded)
    return do_result(w, asset_id, r, detected, cves, n_cves, d);
  struct cmd *c;
  int rc = next_cmd(w, CMD_RESULT, &c, d);
  if (rc) return rc;
  struct batch *b = w->cur;
  bool ok = true;
  c->host = asset_id;
  c->detected = detected;
  c->r = *r;
  c->r.plugin = bdup(b, r->plugin, &ok);
  c->r.name = bdup(b, r->name, &ok);
  c->r.family = bdup(b, r->family, &ok);
  c->r.proto = bdup(b, r->proto, &ok);
  c->r.service = bdup(b, r->service, &ok);
  c->r.cves = bdup(b, r->cves, &ok);
  c->r.output = bdup(b, r->output, &ok);
  c->r.solution = bdup(b, r->solution, &ok);
  c->r.cvss_vector = bdup(b, r->cvss_vector, &ok);
  c->r.cvss3_vector = bdup(b, r->cvss3_vector, &ok);
  c->r.status = bdup(b, r->status, &ok);
  if (n_cves) {
    c->cves = vl_arena_alloc(b->arena, n_cves * sizeof(*c->cves));
    if (!c->cves) ok = false;
    for (size_t i = 0; ok && i < n_cves; i++)
      c->cves[i] = bdup(b, cves[i], &ok);
    c->n_cves = n_cves;
  }
  return queued(w, ok, d);
}

/* ------------------------------------------------------ shared parsers */

const char *vl_scan_memmem(const char *h, size_t n, const char *needle) {
  size_t k = strlen(needle);
  if (!k || k > n) return NULL;
  for (size_t i = 0; i + k <= n; i++)
    if (h[i] == needle[0] && !memcmp(h + i, needle, k)) return h + i;
  return NULL;
}

int vl_scan_parse_int(const char *s, long long min, long long max,
                      long long *out) {
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
  bool neg = *s == '-';
  if (neg) s++;
  if (*s < '0' || *s > '9') return VL_ETYPE;
  long long v = 0;
  for (; *s >= '0' && *s <= '9'; s++) {
    if (v > (9223372036854775807LL - 9) / 10) return VL_ETYPE;
    v = v * 10 + (*s - '0');
  }
  while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') s++;
  if (*s) return VL_ETYPE;
  if (neg) v = -v;
  if (v < min || v > max) return VL_ETYPE;
  *out = v;
  return 0;
}

int vl_scan_parse_score(const char *s, double *out) {
  while (*s == ' ') s++;
  int whole = 0, digits = 0;
  for (; *s >= '0' && *s <= '9' && digits < 3; s++, digits++)
    whole = whole * 10 + (*s - '0');
  if (!digits) return VL_ETYPE;
  double v = whole;
  if (*s == '.') {
    s++;
    double f = 0.1;
    if (*s < '0' || *s > '9') return VL_ETYPE;
    for (int i = 0; *s >= '0' && *s <= '9'; s++, i++)
      if (i < 3) {
        v += (*s - '0') * f;
        f /= 10;
      }
  }
  while (*s == ' ') s++;
  if (*s && *s != '(') return VL_ETYPE;
  if (v > 10.0) return VL_ETYPE;
  *out = v;
  return 0;
}

int vl_scan_parse_ctime(const char *s, vl_time *out) {
  static const char *months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                 "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char wd[4], mon[4];
  int day, h, m, sec, year, used = 0;
  if (sscanf(s, " %3s %3s %d %d:%d:%d %d %n", wd, mon, &day, &h, &m, &sec,
             &year, &used) != 7 ||
      s[used])
    return VL_ETYPE;
  int mo = -1;
  for (int i = 0; i < 12; i++)
    if (!strcmp(mon, months[i])) mo = i + 1;
  if (mo < 0 || day < 1 || day > 31 || h > 23 || m > 59 || sec > 60 ||
      h < 0 || m < 0 || sec < 0 || year < 1970 || year > 9999)
    return VL_ETYPE;
  char iso[32];
  snprintf(iso, sizeof(iso), "%04d-%02d-%02dT%02d:%02d:%02dZ", year, mo, day,
           h, m, sec);
  return vl_time_parse(iso, out) ? VL_ETYPE : 0;
}

bool vl_scan_is_cve(const char *s) {
  if (strncmp(s, "CVE-", 4)) return false;
  s += 4;
  for (int i = 0; i < 4; i++)
    if (s[i] < '0' || s[i] > '9') return false;
  if (s[4] != '-') return false;
  s += 5;
  int n = 0;
  for (; s[n]; n++)
    if (s[n] < '0' || s[n] > '9' || n > 12) return false;
  return n >= 4;
}

/* ------------------------------------------------------------- formats */

#ifdef VL_HAVE_VL_NESSUS_C
extern const struct vl_scan_format vl_scan_fmt_nessus;
#endif
#ifdef VL_HAVE_VL_OPENVAS_C
extern const struct vl_scan_format vl_scan_fmt_openvas;
#endif
#ifdef VL_HAVE_VL_QUALYS_C
extern const struct vl_scan_format vl_scan_fmt_qualys;
#endif

static const struct vl_scan_format *const formats[] = {
#ifdef VL_HAVE_VL_NESSUS_C
    &vl_scan_fmt_nessus,
#endif
#ifdef VL_HAVE_VL_OPENVAS_C
    &vl_scan_fmt_openvas,
#endif
#ifdef VL_HAVE_VL_QUALYS_C
    &vl_scan_fmt_qualys,
#endif
    NULL,
};

const struct vl_scan_format *const *vl_scan_formats(void) { return formats; }

const struct vl_scan_format *vl_scan_sniff(const char *head, size_t n) {
  for (size_t i = 0; formats[i]; i++)
    if (formats[i]->sniff(head, n)) return formats[i];
  return NULL;
}

static int read_head(const char *path, char *head, size_t size, size_t *n,
                     struct vl_diag *d) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open: %s", strerror(errno));
  }
  *n = fread(head, 1, size, f);
  fclose(f);
  return 0;
}

bool vl_scan_is_report(const char *path) {
  char head[4096];
  size_t n = 0;
  struct vl_diag d;
  vl_diag_clear(&d);
  if (read_head(path, head, sizeof(head), &n, &d)) return false;
  return vl_scan_sniff(head, n) != NULL;
}

/* Credentialed and failed-authentication hosts, read back once committed:
 * an importer may learn them only after a host's results. */
static int count_host(void *ud, const struct vl_scan_hostrec *h) {
  struct vl_scan_stats *st = ud;
  st->credentialed += h->credentialed;
  st->auth_failed += h->auth_ok == 0;
  return 0;
}

/* Whether a report is read in a thread of its own: from VL_LARGE_FILE on, or
 * from VULNLOOP_READER_THREAD_BYTES bytes (0: always) when that is set,
 * which the tests use to run small reports both ways. */
static bool use_reader_thread(const char *path) {
  long long min = VL_LARGE_FILE;
  const char *e = getenv("VULNLOOP_READER_THREAD_BYTES");
  if (e && *e) {
    char *end;
    long long v = strtoll(e, &end, 10);
    if (!*end && v >= 0) min = v;
  }
  return vl_file_at_least(path, min);
}

int vl_scan_import(const struct vl_ctx *ctx, const char *path,
                   const char *format, const char *kind,
                   struct vl_scan_stats *st, struct vl_diag *d) {
  const struct vl_scan_format *fmt = NULL;
  memset(st, 0, sizeof(*st));
  if (format) {
    for (size_t i = 0; formats[i]; i++)
      if (!strcmp(formats[i]->name, format)) fmt = formats[i];
    if (!fmt) return vl_diag_set(d, VL_EINVAL, "unknown format '%s'", format);
  } else {
    char head[4096];
    size_t n = 0;
    int rc = read_head(path, head, sizeof(head), &n, d);
    if (rc) return rc;
    if (n == 0) {
      vl_diag_where(d, path, 0, NULL);
      return vl_diag_set(d, VL_EINVAL, "the file is empty");
    }
    if (!(fmt = vl_scan_sniff(head, n))) {
      char known[256] = "";
      for (size_t i = 0; formats[i]; i++)
        snprintf(known + strlen(known), sizeof(known) - strlen(known),
                 "%s%s", i ? ", " : "", formats[i]->name);
      vl_diag_where(d, path, 0, NULL);
      return vl_diag_set(d, VL_EINVAL,
                         "not a known scanner report (give --format; "
                         "known: %s)",
                         known);
    }
  }
  struct vl_scanw *w = calloc(1, sizeof(*w));
  if (!w) return VL_ENOMEM;
  w->ctx = ctx;
  w->path = path;
  w->scanner = fmt->name;
  w->port_asset = -1;
  vl_buf_init(&w->evidence, 4096);
  int rc = vl_inv_begin(ctx, kind, "scan", path, &w->inv, d);
  if (rc) goto out;
  if (!(rc = vl_store_scan_last(ctx, &w->scan_id, d))) {
    struct vl_scan_report r = {0};
    rc = vl_scanw_report(w, &r, d);
  }
  if (!rc) {
    w->fmt = fmt;
    rc = use_reader_thread(path) ? import_threaded(w, d)
                                 : fmt->import(w, path, d);
    /* A database error names no file: it is this report's. */
    if (rc && !d->file[0]) vl_diag_where(d, path, 0, NULL);
  }
  struct vl_inventory_stats is;
  int erc = vl_inv_end(w->inv, rc == 0, &is, d);
  if (!rc) rc = erc;
  if (!rc) {
    *st = w->st;
    st->scan_id = is.scan_id;
    st->format = fmt->name;
    st->hosts = is.assets;
    rc = vl_store_scan_hosts(ctx, st->scan_id, count_host, st, d);
    vl_log(VL_LOG_INFO, "%s: %s, scan %lld, %ld hosts, %ld results", path,
           fmt->name, (long long)st->scan_id, st->hosts, st->results);
  }
out:
  vl_buf_free(&w->evidence);
  free(w->ran);
  free(w);
  return rc;
}
