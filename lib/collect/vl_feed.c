/* Feed import: format detection, the per-file transaction, field helpers. */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>
#include <zlib.h>

#include "vl_collect_internal.h"
#include "vulnloop/cpe.h"

static int type_err(const char *path, const char *key, const struct vl_jv *v,
                    const char *want, struct vl_diag *d) {
  char p[VL_DIAG_PATH_MAX];
  snprintf(p, sizeof(p), "%s.%s", path, key);
  vl_diag_where(d, NULL, v->line, p);
  return vl_diag_set(d, VL_ETYPE, "expected %s, found %s", want,
                     vl_jv_type_name(v->type));
}

static int missing(const struct vl_jv *o, const char *path, const char *key,
                   struct vl_diag *d) {
  char p[VL_DIAG_PATH_MAX];
  snprintf(p, sizeof(p), "%s.%s", path, key);
  vl_diag_where(d, NULL, o ? o->line : -1, p);
  return vl_diag_set(d, VL_EINVAL, "required field is missing");
}

int vl_opt_str(const struct vl_jv *o, const char *key, const char *path,
               const char **out, struct vl_diag *d) {
  const struct vl_jv *v = vl_jv_get(o, key);
  *out = NULL;
  if (!v || v->type == VL_JNULL) return 0;
  if (v->type != VL_JSTR) return type_err(path, key, v, "a string", d);
  *out = v->s;
  return 0;
}

int vl_need_str(const struct vl_jv *o, const char *key, const char *path,
                const char **out, struct vl_diag *d) {
  int rc = vl_opt_str(o, key, path, out, d);
  if (rc) return rc;
  if (!*out || !**out) return missing(o, path, key, d);
  return 0;
}

int vl_opt_time(const struct vl_jv *o, const char *key, const char *path,
                vl_time *out, struct vl_diag *d) {
  const char *s;
  *out = 0;
  int rc = vl_opt_str(o, key, path, &s, d);
  if (rc || !s || !*s) return rc;
  if (vl_time_parse(s, out) != 0) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.%s", path, key);
    vl_diag_where(d, NULL, vl_jv_get(o, key)->line, p);
    return vl_diag_set(d, VL_EINVAL, "not a date/time: \"%.60s\"", s);
  }
  return 0;
}

int vl_need_time(const struct vl_jv *o, const char *key, const char *path,
                 vl_time *out, struct vl_diag *d) {
  const char *s;
  int rc = vl_need_str(o, key, path, &s, d);
  if (rc) return rc;
  return vl_opt_time(o, key, path, out, d);
}

int vl_opt_arr(const struct vl_jv *o, const char *key, const char *path,
               const struct vl_jv **out, struct vl_diag *d) {
  const struct vl_jv *v = vl_jv_get(o, key);
  *out = NULL;
  if (!v || v->type == VL_JNULL) return 0;
  if (v->type != VL_JARR) return type_err(path, key, v, "an array", d);
  *out = v;
  return 0;
}

int vl_opt_obj(const struct vl_jv *o, const char *key, const char *path,
               const struct vl_jv **out, struct vl_diag *d) {
  const struct vl_jv *v = vl_jv_get(o, key);
  *out = NULL;
  if (!v || v->type == VL_JNULL) return 0;
  if (v->type != VL_JOBJ) return type_err(path, key, v, "an object", d);
  *out = v;
  return 0;
}

int vl_affected_from_cpe(struct vl_import *im, struct vl_affected *a,
                         const char *path, struct vl_diag *d) {
  struct vl_cpe_key k;
  int rc = vl_cpe_key_fs(a->criterion, strlen(a->criterion), &k, d);
  if (rc) {
    vl_diag_where(d, NULL, -1, path);
    return rc;
  }
  if (k.vendor.kind != VL_CPE_VALUE || k.vendor.wild ||
      k.product.kind != VL_CPE_VALUE || k.product.wild) {
    vl_diag_where(d, NULL, -1, path);
    return vl_diag_set(d, VL_EINVAL,
                       "CPE criterion without a concrete vendor and product: "
                       "%.100s",
                       a->criterion);
  }
  char part[2] = {k.part, 0};
  a->part = vl_arena_strdup(im->arena, part);
  a->vendor = vl_arena_strdup(im->arena, k.vendor.text);
  a->product = vl_arena_strdup(im->arena, k.product.text);
  if (!a->part || !a->vendor || !a->product) return VL_ENOMEM;
  return 0;
}

/* ------------------------------------------------------------ detection */

enum kind { K_UNKNOWN, K_JSON, K_DEBIAN, K_KEV_CSV, K_EPSS_CSV, K_EXPLOITDB_CSV, K_XML,
            K_ZIP, K_CSAF };

/* The Debian security tracker is one object keyed by source package whose
 * values are keyed by CVE (or TEMP-) ids: {"pkg": {"CVE-...": ...  Seen
 * from its first bytes, so that it can be streamed a package at a time. */
static bool debian_tracker_start(const char *p) {
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (*p++ != '{') return false;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (*p++ != '"') return false;
  while (*p && *p != '"') {
    if (*p == '\\') return false;
    p++;
  }
  if (*p++ != '"') return false;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (*p++ != ':') return false;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  if (*p++ != '{') return false;
  while (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t') p++;
  return !strncmp(p, "\"CVE-", 5) || !strncmp(p, "\"TEMP-", 6);
}

/* Whether p[0..n) starts like an NVD feed (see the NVD .zip section). */
static bool nvd_feed_key(const char *p, size_t n) {
  static const char *const keys[] = {"\"CVE_data_type\"", "\"CVE_Items\"",
                                     "\"resultsPerPage\"",
                                     "\"vulnerabilities\"", NULL};
  size_t i = 0;
  if (n >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3)) i = 3;
  while (i < n && (p[i] == ' ' || p[i] == '\t' || p[i] == '\r' || p[i] == '\n'))
    i++;
  if (i >= n || p[i] != '{') return false;
  for (; i < n; i++) {
    if (p[i] != '"' || p[i - 1] == '\\') continue;
    for (const char *const *k = keys; *k; k++) {
      size_t kl = strlen(*k);
      if (n - i < kl || memcmp(p + i, *k, kl)) continue;
      size_t j = i + kl;
      while (j < n && (p[j] == ' ' || p[j] == '\t' || p[j] == '\r' || p[j] == '\n'))
        j++;
      if (j < n && p[j] == ':') return true;
    }
  }
  return false;
}

/* *nvd: the first bytes look like an NVD feed (nvd_feed_key). */
static int sniff(const char *path, enum kind *k, bool *nvd,
                 struct vl_diag *d) {
  gzFile gz = gzopen(path, "rb");
  if (!gz) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot open: %s", strerror(errno));
  }
  char buf[512];
  int n = gzread(gz, buf, sizeof(buf) - 1);
  gzclose(gz);
  if (n < 0) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EIO, "cannot read");
  }
  buf[n] = '\0';
  *nvd = nvd_feed_key(buf, (size_t)n);
  const char *p = buf;
  if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
      (unsigned char)p[2] == 0xBF)
    p += 3;
  while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
  *k = K_UNKNOWN;
  if (n >= 4 && (!memcmp(buf, "PK\003\004", 4) ||
                 !memcmp(buf, "PK\005\006", 4)))
    *k = K_ZIP; /* an NVD feed, an OSV ecosystem's all.zip, or empty */
  else if (*p == '{' && debian_tracker_start(p))
    *k = K_DEBIAN;
  else if (*p == '{' || *p == '[')
    *k = K_JSON;
  else if (*p == '<')
    *k = K_XML; /* JVN VULDEF or JVNRSS; vl_jvn_import checks the root */
  else if (strncmp(p, "cveID,vendorProject,product", 27) == 0)
    *k = K_KEV_CSV;
  else if (strncmp(p, "#model_version", 14) == 0 ||
           strncmp(p, "cve,epss", 8) == 0)
    *k = K_EPSS_CSV;
  else if (strncmp(p, "id,file,description,date_published,author,type,"
                      "platform,port,date_added,date_updated,verified,codes",
                   99) == 0)
    *k = K_EXPLOITDB_CSV;
  if (n == 0 || !*p) {
    vl_diag_where(d, path, 0, NULL);
    return vl_diag_set(d, VL_EPARSE, "the file is empty");
  }
  return 0;
}

struct json_ctx {
  struct vl_import *im;
  long root_values;
  bool container;   /* a page or feed (possibly with zero records) was seen */
};

static int on_record(void *ud, const struct vl_jv *rec,
                     const struct vl_jrec_info *info, struct vl_diag *d) {
  struct json_ctx *jc = ud;
  struct vl_import *im = jc->im;
  char path[VL_DIAG_PATH_MAX];
  if (info->array_key[0])
    snprintf(path, sizeof(path), "$.%s[%zu]", info->array_key, info->index);
  else
    snprintf(path, sizeof(path), "$[%zu]", info->index);
  vl_arena_reset(im->arena);
  int rc;
  if (rec->type != VL_JOBJ) {
    vl_diag_where(d, im->file, info->line, path);
    return vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                       vl_jv_type_name(rec->type));
  }
  const struct vl_jv *cve = vl_jv_get(rec, "cve");
  if (cve && cve->type == VL_JOBJ && vl_jv_get(cve, "CVE_data_meta")) {
    im->st->format = "nvd-1.1";
    rc = vl_nvd11_record(im, rec, path, info->line, d);
  } else if (cve) {
    im->st->format = "nvd-api-2.0";
    char p2[VL_DIAG_PATH_MAX];
    snprintf(p2, sizeof(p2), "%s.cve", path);
    if (cve->type != VL_JOBJ) {
      vl_diag_where(d, im->file, info->line, p2);
      return vl_diag_set(d, VL_ETYPE, "expected an object, found %s",
                         vl_jv_type_name(cve->type));
    }
    rc = vl_nvd2_record(im, cve, p2, info->line, d);
  } else if (vl_jv_get(rec, "cveID")) {
    im->st->format = "kev-json";
    rc = vl_kev_json_record(im, rec, path, info->line, d);
  } else if (vl_jv_get(rec, "cveMetadata")) {
    im->st->format = "cve5";
    rc = vl_cve5_record(im, rec, path, info->line, d);
  } else if (vl_osv_like(rec)) {
    im->st->format = "osv";
    rc = vl_osv_record(im, rec, path, info->line, d);
  } else {
    vl_diag_where(d, im->file, info->line, path);
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "record is neither an NVD, CVE JSON 5 nor KEV entry");
  }
  if (rc) {
    vl_diag_where(d, im->file, d->line > 0 ? -1 : info->line, NULL);
    return rc;
  }
  im->st->records++;
  return 0;
}

/* An NVD API 2.0 record ({"cve": {"id", ..., "lastModified", ...}}) whose
 * stored copy is as new is skipped before it is built: re-importing an
 * unchanged feed costs a parse and a lookup per record.  The NVD writes id
 * and lastModified first; a record that does not is built as usual. */
static int on_peek(void *ud, const struct vl_jv *rec,
                   const struct vl_jrec_info *info, struct vl_diag *d) {
  struct json_ctx *jc = ud;
  const struct vl_jv *cve = rec->type == VL_JOBJ ? rec->child : NULL;
  if (!cve || cve->type != VL_JOBJ || !cve->key || strcmp(cve->key, "cve"))
    return rec->n ? VL_JSON_BUILD : VL_JSON_ASK;
  const char *id = NULL, *mod = NULL;
  for (const struct vl_jv *m = cve->child; m; m = m->next) {
    if (m->type != VL_JSTR) return VL_JSON_BUILD; /* past the header */
    if (!strcmp(m->key, "id"))
      id = m->s;
    else if (!strcmp(m->key, "lastModified"))
      mod = m->s;
  }
  if (!id || !mod) return cve->n < 8 ? VL_JSON_ASK : VL_JSON_BUILD;
  vl_time t, old;
  if (vl_time_parse(mod, &t)) return VL_JSON_BUILD; /* reported when built */
  int rc = vl_store_vuln_modified(jc->im->store, id, "nvd", &old, d);
  if (rc) {
    vl_diag_where(d, jc->im->file, info->line, NULL);
    return rc;
  }
  if (!old || old < t) return VL_JSON_BUILD;
  jc->im->st->format = "nvd-api-2.0";
  jc->im->st->records++;
  jc->im->st->unchanged++;
  return VL_JSON_SKIP;
}

static int on_root(void *ud, const struct vl_jv *root, long line,
                   struct vl_diag *d) {
  struct json_ctx *jc = ud;
  struct vl_import *im = jc->im;
  jc->root_values++;
  if (root->type != VL_JOBJ) return 0; /* a top-level array was streamed */
  /* Containers whose records were streamed: nothing more to do. */
  if (vl_jv_get(root, "vulnerabilities") || vl_jv_get(root, "CVE_Items")) {
    jc->container = true;
    return 0;
  }
  vl_arena_reset(im->arena);
  int rc;
  if (vl_jv_get(root, "cveMetadata")) {
    im->st->format = "cve5";
    rc = vl_cve5_record(im, root, "$", line, d);
  } else if (vl_jv_get(root, "id") && (vl_jv_get(root, "descriptions") ||
                                       vl_jv_get(root, "sourceIdentifier"))) {
    im->st->format = "nvd-api-2.0";
    rc = vl_nvd2_record(im, root, "$", line, d);
  } else if (vl_jv_get(root, "cve")) {
    struct vl_jrec_info info = {im->file, "", 0, line, false};
    return on_record(ud, root, &info, d);
  } else if (vl_alpine_secdb_like(root)) {
    return vl_alpine_secdb(im, root, line, d); /* vl_distro.c */
  } else if (vl_debian_tracker_like(root)) {
    return vl_debian_tracker(im, root, line, d);
  } else if (vl_osv_like(root)) {
    im->st->format = "osv";
    rc = vl_osv_record(im, root, "$", line, d);
  } else if (vl_msf_modules_like(root)) {
    im->st->format = "metasploit-json";
    return vl_msf_modules(im, root, line, d);
  } else {
    vl_diag_where(d, im->file, line, "$");
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "not a known feed format (NVD API 2.0 page, NVD 1.1 "
                       "feed, NVD cve object, CVE JSON 5 record, CISA KEV, "
                       "OSV record, Metasploit metadata, Debian security "
                       "tracker, Alpine secdb)");
  }
  if (rc) {
    vl_diag_where(d, im->file, d->line > 0 ? -1 : line, NULL);
    return rc;
  }
  im->st->records++;
  return 0;
}

static int on_debian_member(void *ud, const struct vl_jv *rec,
                            const struct vl_jrec_info *info,
                            struct vl_diag *d) {
  struct vl_import *im = ud;
  vl_arena_reset(im->arena);
  int rc = vl_debian_package(im, info->array_key, rec, d);
  if (rc) vl_diag_where(d, im->file, d->line > 0 ? -1 : info->line, NULL);
  return rc;
}

/* ------------------------------------------------------ pipelined NVD */

/* A big NVD feed is parsed and converted in a thread of its own while the
 * calling thread, which owns the store connection, writes: yajl and the
 * record trees are about half an import's time, SQLite most of the rest,
 * and the machine has two cores.  The parsing thread never touches the
 * store: it hands batches of converted records (struct vl_vuln copied
 * into the batch's arena, with the line and JSON path for messages) over
 * a vl_pipe; the writing thread upserts them in file order and hands the
 * batches back over a second pipe, so that at most PIPE_BATCHES batches
 * exist.  Records that are not NVD ones (or the root value) travel as a
 * copy of their JSON tree and are converted by the writing thread as a
 * single-threaded import would.  Every message, count and the one
 * transaction per file are the single-threaded import's: the writer
 * handles the records before a parse error first, and stops the parser at
 * its own first error. */
#define PIPE_BATCHES 4              /* batches in flight */
#define BATCH_ITEMS 128             /* records per batch, at most */
#define BATCH_FLUSH (256u << 10)    /* a batch using this much goes */
#define BATCH_MAX (80u << 20)       /* a batch's arena cap: the copy of
                                       one record's tree (capped at 64 MiB
                                       by the reader) fits */
#define KNOWN_MAX 1500000           /* stored NVD ids held for peeking:
                                       a table of at most 2^21 slots of
                                       16 bytes (32 MiB); more: one
                                       thread */

/* The stored NVD records' modified times, loaded by the writing thread
 * before the parser starts, for the parser's peek (on_peek asks the store
 * instead).  Keys are CVE ids packed into 64 bits; an id of another shape
 * is left out, and a record with it is built and left to the upsert's own
 * check.  Open addressing, linear probing, at most 3/4 full. */
struct known_slot {
  uint64_t key;       /* cve_key() of the id; 0: an empty slot */
  vl_time modified;   /* the stored record's */
};

struct known {
  struct known_slot *slot; /* owned; cap slots */
  size_t cap;              /* a power of two, or 0 before the first put */
  size_t n;                /* keys held */
};

/* "CVE-YYYY-N" with 4 to 12 digits of N, packed: year, digit count (so
 * that "0123" and "00123" differ) and N.  0 for any other id. */
static uint64_t cve_key(const char *id) {
  if (strncmp(id, "CVE-", 4)) return 0;
  uint64_t year = 0, num = 0, nd = 0;
  for (int i = 4; i < 8; i++) {
    if (id[i] < '0' || id[i] > '9') return 0;
    year = year * 10 + (uint64_t)(id[i] - '0');
  }
  if (id[8] != '-') return 0;
  for (const char *c = id + 9; *c; c++, nd++) {
    if (*c < '0' || *c > '9' || nd == 12) return 0;
    num = num * 10 + (uint64_t)(*c - '0');
  }
  if (nd < 4) return 0;
  return (year * 16 + nd) << 40 | num;
}

static struct known_slot *known_find(const struct known *k, uint64_t key) {
  size_t mask = k->cap - 1;
  size_t i = (size_t)((key * 0x9E3779B97F4A7C15u) >> 20) & mask;
  while (k->slot[i].key && k->slot[i].key != key) i = (i + 1) & mask;
  return &k->slot[i];
}

static int known_put(void *ud, const char *id, vl_time modified) {
  struct known *k = ud;
  uint64_t key = cve_key(id);
  if (!key) return 0;
  if ((k->n + 1) * 4 > k->cap * 3) {
    if (k->n >= KNOWN_MAX) return VL_ETOOBIG;
    struct known bigger = {NULL, k->cap ? k->cap * 2 : 1 << 16, 0};
    if (!(bigger.slot = calloc(bigger.cap, sizeof(*bigger.slot))))
      return VL_ENOMEM;
    for (size_t i = 0; i < k->cap; i++)
      if (k->slot[i].key) *known_find(&bigger, k->slot[i].key) = k->slot[i];
    bigger.n = k->n;
    free(k->slot);
    *k = bigger;
  }
  struct known_slot *s = known_find(k, key);
  if (!s->key) k->n++;
  s->key = key;
  s->modified = modified;
  return 0;
}

/* One unit handed from the parsing thread to the writing one. */
enum item_kind {
  IT_VULN,   /* a converted NVD record: upserted */
  IT_RECORD, /* another streamed record: converted by on_record */
  IT_ROOT    /* a top-level value: given to on_root */
};

struct item {
  enum item_kind kind;
  long line;                /* where the record starts */
  const char *path;         /* IT_VULN: its JSON path (batch arena) */
  struct vl_vuln *v;        /* IT_VULN: the record (batch arena) */
  const struct vl_jv *tree; /* IT_RECORD, IT_ROOT: a copy (batch arena) */
  struct vl_jrec_info info; /* IT_RECORD: as the reader gave it, array_key
                               copied into the batch arena */
};

struct batch {
  struct vl_arena *arena;          /* owned: all the items point to */
  size_t n;                        /* items filled */
  struct item items[BATCH_ITEMS];  /* in file order */
};

/* The parsing thread's state.  Fields above `cur` are set before the
 * thread starts and only read by it; cur, pst, last_nvd, rc and d are the
 * thread's until it is joined. */
struct pipe_run {
  const char *path;           /* the file (when rd is NULL); borrowed */
  vl_json_read_fn read;       /* or a reader (an archive member) */
  void *rd;                   /* read's first argument; borrowed */
  struct vl_json_opts opts;   /* the import's, with peek = pipe_on_peek */
  const struct known *known;  /* borrowed, read-only while it runs */
  struct vl_pipe *full;       /* batches to the writer; borrowed */
  struct vl_pipe *empty;      /* batches back for reuse; borrowed */
  struct vl_import pim;       /* store NULL, emit set, st = &pst */
  struct json_ctx pjc;        /* on_record's context, over pim */
  struct batch *cur;          /* being filled; NULL between batches */
  struct vl_feed_stats pst;   /* records counted (and skipped) here */
  bool last_nvd;              /* the last record was counted in pst */
  int rc;                     /* the stream's result */
  struct vl_diag d;           /* its diagnostics */
};

/* The parser's answer when the writer has stopped taking batches. */
static int pipe_stopped(struct vl_diag *d) {
  return vl_diag_set(d, VL_ESTATE, "the writing thread stopped");
}

/* A batch with room for one more item in r->cur, handing a full one
 * over. */
static int pipe_room(struct pipe_run *r, struct vl_diag *d) {
  struct batch *b = r->cur;
  if (b && b->n < BATCH_ITEMS &&
      (b->n == 0 || vl_arena_used(b->arena) < BATCH_FLUSH))
    return 0;
  r->cur = NULL;
  if (b && !vl_pipe_push(r->full, b)) return pipe_stopped(d);
  if (!(r->cur = vl_pipe_pop(r->empty))) return pipe_stopped(d);
  return 0;
}

static int pipe_emit(void *ud, const struct vl_vuln *v, long line,
                     const char *path, struct vl_diag *d) {
  struct pipe_run *r = ud;
  int rc = pipe_room(r, d);
  if (rc) return rc;
  struct batch *b = r->cur;
  struct item *it = &b->items[b->n];
  memset(it, 0, sizeof(*it));
  it->kind = IT_VULN;
  it->line = line;
  if ((rc = vl_vuln_copy(b->arena, v, &it->v)) ||
      !(it->path = vl_arena_strdup(b->arena, path))) {
    vl_diag_where(d, r->pim.file, line, path);
    return vl_diag_set(d, VL_ETOOBIG, "record too large: more than %u MiB "
                       "converted", BATCH_MAX >> 20);
  }
  b->n++;
  return 0;
}

/* A copy of the tree v in a; NULL past a's cap.  Depth is the reader's
 * (max_depth). */
static struct vl_jv *jv_copy(struct vl_arena *a, const struct vl_jv *v) {
  struct vl_jv *c = vl_arena_alloc(a, sizeof(*c));
  if (!c) return NULL;
  *c = *v;
  c->next = c->child = c->last = NULL;
  if (v->key && !(c->key = vl_arena_strdup(a, v->key))) return NULL;
  if (v->s && !(c->s = vl_arena_strndup(a, v->s, v->len))) return NULL;
  for (const struct vl_jv *m = v->child; m; m = m->next) {
    struct vl_jv *mc = jv_copy(a, m);
    if (!mc) return NULL;
    if (c->last)
      c->last->next = mc;
    else
      c->child = mc;
    c->last = mc;
  }
  return c;
}

static int pipe_tree(struct pipe_run *r, enum item_kind kind,
                     const struct vl_jv *tree,
                     const struct vl_jrec_info *info, long line,
                     struct vl_diag *d) {
  int rc = pipe_room(r, d);
  if (rc) return rc;
  struct batch *b = r->cur;
  struct item *it = &b->items[b->n];
  memset(it, 0, sizeof(*it));
  it->kind = kind;
  it->line = line;
  if (info) {
    it->info = *info;
    it->info.array_key = vl_arena_strdup(b->arena, info->array_key);
  }
  if (!(it->tree = jv_copy(b->arena, tree)) || (info && !it->info.array_key)) {
    vl_diag_where(d, r->pim.file, line, NULL);
    return vl_diag_set(d, VL_ETOOBIG, "record too large: more than %u MiB "
                       "copied", BATCH_MAX >> 20);
  }
  b->n++;
  return 0;
}

/* NVD records (and what on_record refuses without converting) are
 * converted here; anything else goes to the writer as a tree. */
static int pipe_on_record(void *ud, const struct vl_jv *rec,
                          const struct vl_jrec_info *info,
                          struct vl_diag *d) {
  struct pipe_run *r = ud;
  if (rec->type != VL_JOBJ || vl_jv_get(rec, "cve")) {
    r->last_nvd = true;
    return on_record(&r->pjc, rec, info, d);
  }
  r->last_nvd = false;
  return pipe_tree(r, IT_RECORD, rec, info, info->line, d);
}

static int pipe_on_root(void *ud, const struct vl_jv *root, long line,
                        struct vl_diag *d) {
  return pipe_tree(ud, IT_ROOT, root, NULL, line, d);
}

/* on_peek, asking the loaded ids instead of the store. */
static int pipe_on_peek(void *ud, const struct vl_jv *rec,
                        const struct vl_jrec_info *info, struct vl_diag *d) {
  struct pipe_run *r = ud;
  (void)info;
  (void)d;
  const struct vl_jv *cve = rec->type == VL_JOBJ ? rec->child : NULL;
  if (!cve || cve->type != VL_JOBJ || !cve->key || strcmp(cve->key, "cve"))
    return rec->n ? VL_JSON_BUILD : VL_JSON_ASK;
  const char *id = NULL, *mod = NULL;
  for (const struct vl_jv *m = cve->child; m; m = m->next) {
    if (m->type != VL_JSTR) return VL_JSON_BUILD; /* past the header */
    if (!strcmp(m->key, "id"))
      id = m->s;
    else if (!strcmp(m->key, "lastModified"))
      mod = m->s;
  }
  if (!id || !mod) return cve->n < 8 ? VL_JSON_ASK : VL_JSON_BUILD;
  vl_time t;
  uint64_t key = r->known->cap ? cve_key(id) : 0;
  if (!key || vl_time_parse(mod, &t)) return VL_JSON_BUILD;
  const struct known_slot *s = known_find(r->known, key);
  if (!s->key || !s->modified || s->modified < t) return VL_JSON_BUILD;
  r->pst.format = "nvd-api-2.0";
  r->pst.records++;
  r->pst.unchanged++;
  r->last_nvd = true;
  return VL_JSON_SKIP;
}

static void *pipe_parse(void *arg) {
  struct pipe_run *r = arg;
  if (r->rd)
    r->rc = vl_json_stream_reader(r->pim.file, r->read, r->rd, &r->opts,
                                  pipe_on_record, pipe_on_root, r, &r->d);
  else
    r->rc = vl_json_stream_file(r->path, &r->opts, pipe_on_record,
                                pipe_on_root, r, &r->d);
  /* The records before a failure are written (and fail) first, as in a
   * single thread. */
  if (r->cur && r->cur->n) vl_pipe_push(r->full, r->cur);
  r->cur = NULL;
  vl_pipe_close(r->full);
  return NULL;
}

/* The writer's part: one item, as a single-threaded import does it. */
static int pipe_write(struct json_ctx *jc, const struct item *it,
                      struct vl_diag *d) {
  switch (it->kind) {
  case IT_VULN:
    return vl_nvd_store(jc->im, it->v, it->line, it->path, d);
  case IT_RECORD:
    return on_record(jc, it->tree, &it->info, d);
  case IT_ROOT:
    return on_root(jc, it->tree, it->line, d);
  }
  return VL_EINTERNAL;
}

/* Streams the JSON of path (or of the reader read/rd, named im->file) with
 * the parsing in a second thread.  *done = false, nothing read, when it
 * cannot be pipelined (too many stored NVD ids to hold, or no thread):
 * the caller streams it in its own thread. */
static int pipe_stream(struct json_ctx *jc, const char *path,
                       vl_json_read_fn read, void *rd,
                       const struct vl_json_opts *o, bool *done,
                       struct vl_diag *d) {
  struct vl_import *im = jc->im;
  struct known known = {NULL, 0, 0};
  struct batch *batches[PIPE_BATCHES] = {NULL};
  struct pipe_run *r = NULL;
  struct vl_pipe *full = NULL, *empty = NULL;
  *done = false;
  int rc = vl_store_vuln_modified_each(im->store, "nvd", known_put, &known, d);
  if (rc == VL_ETOOBIG || rc == VL_ENOMEM) {
    vl_log(VL_LOG_DEBUG, "%s: more stored NVD records than the parsing "
           "thread can hold: one thread", im->file);
    rc = 0;
    goto out;
  }
  if (rc) goto out;
  if (!(r = calloc(1, sizeof(*r)))) goto nomem;
  if (vl_pipe_new(PIPE_BATCHES, &full) || vl_pipe_new(PIPE_BATCHES, &empty))
    goto nomem;
  for (size_t i = 0; i < PIPE_BATCHES; i++) {
    if (!(batches[i] = calloc(1, sizeof(*batches[i]))) ||
        vl_arena_new(BATCH_MAX, &batches[i]->arena))
      goto nomem;
    vl_pipe_push(empty, batches[i]);
  }
  r->path = path;
  r->read = read;
  r->rd = rd;
  r->opts = *o;
  r->opts.peek = pipe_on_peek;
  r->known = &known;
  r->full = full;
  r->empty = empty;
  r->pst.format = "unknown";
  r->pim = (struct vl_import){NULL, &r->pst, im->file, NULL, pipe_emit, r};
  r->pjc = (struct json_ctx){&r->pim, 0, false};
  if (vl_arena_new(64u << 20, &r->pim.arena)) goto nomem;
  pthread_t th;
  if (pthread_create(&th, NULL, pipe_parse, r)) {
    vl_log(VL_LOG_DEBUG, "%s: no parsing thread: one thread", im->file);
    goto out;
  }
  *done = true;
  vl_log(VL_LOG_DEBUG, "%s: parsing in a second thread (%zu stored NVD ids "
         "held)", im->file, known.n);
  struct batch *b;
  while ((b = vl_pipe_pop(full))) {
    for (size_t i = 0; !rc && i < b->n; i++)
      if ((rc = pipe_write(jc, &b->items[i], d))) {
        vl_pipe_stop(full);   /* the parser's next hand-over fails */
        vl_pipe_close(empty); /* and so does its wait for a batch */
      }
    if (rc) continue; /* drained until the parser has closed the pipe */
    b->n = 0;
    vl_arena_reset(b->arena);
    vl_pipe_push(empty, b);
  }
  pthread_join(th, NULL);
  if (!rc && r->rc) {
    rc = r->rc;
    *d = r->d;
  }
  im->st->records += r->pst.records;
  im->st->unchanged += r->pst.unchanged;
  if (strcmp(r->pst.format, "unknown") &&
      (r->last_nvd || !strcmp(im->st->format, "unknown")))
    im->st->format = r->pst.format;
  jc->container = jc->container || r->pjc.container;
  jc->root_values += r->pjc.root_values;
  goto out;
nomem:
  rc = vl_diag_set(d, VL_ENOMEM, "%s: out of memory for the parsing thread",
                   im->file);
out:
  if (r) vl_arena_free(r->pim.arena);
  free(r);
  for (size_t i = 0; i < PIPE_BATCHES; i++) {
    if (batches[i]) vl_arena_free(batches[i]->arena);
    free(batches[i]);
  }
  vl_pipe_free(full);
  vl_pipe_free(empty);
  free(known.slot);
  return rc;
}

/* Streams a JSON feed (path, or the reader read/rd named im->file) into
 * the store: in two threads when it is an NVD feed of VL_LARGE_FILE or
 * more (size: its bytes as stored, -1 when unknown). */
static int stream_json(struct json_ctx *jc, const char *path,
                       vl_json_read_fn read, void *rd, bool nvd, long long size,
                       const struct vl_json_opts *o, struct vl_diag *d) {
  struct vl_import *im = jc->im;
  if (nvd && size >= VL_LARGE_FILE) {
    bool done;
    int rc = pipe_stream(jc, path, read, rd, o, &done, d);
    if (rc || done) return rc;
  }
  if (rd) return vl_json_stream_reader(im->file, read, rd, o, on_record,
                                       on_root, jc, d);
  return vl_json_stream_file(path, o, on_record, on_root, jc, d);
}

/* ------------------------------------------------------------ NVD .zip */

/* The NVD's legacy yearly feeds (nvdcve-1.1-2023.json.zip) and mirrors of
 * the 2.0 feeds ship one JSON feed in a zip; OSV ships an ecosystem's
 * records as all.zip.  The first regular member's first bytes tell them
 * apart: an NVD feed is an object with one of the keys below near its
 * start.  An NVD zip holds exactly one feed, streamed out of the archive
 * (never held whole); a second feed member is refused, so the file rolls
 * back -- a mirror that bundles years is split by the user, one import,
 * one transaction, per feed. */
/* Whether the zip's first regular member starts like an NVD feed.  A zip
 * that cannot be read says no: the OSV path reports the damage. */
static bool zip_holds_nvd(const char *path) {
  struct archive *ar = archive_read_new();
  if (!ar) return false;
  archive_read_support_format_zip(ar);
  bool nvd = false;
  if (archive_read_open_filename(ar, path, 1 << 16) == ARCHIVE_OK) {
    struct archive_entry *e;
    int r;
    while ((r = archive_read_next_header(ar, &e)) == ARCHIVE_OK ||
           r == ARCHIVE_WARN) {
      if (archive_entry_filetype(e) != AE_IFREG) continue;
      char buf[1024];
      size_t n = 0;
      la_ssize_t got;
      while (n < sizeof(buf) &&
             (got = archive_read_data(ar, buf + n, sizeof(buf) - n)) > 0)
        n += (size_t)got;
      nvd = nvd_feed_key(buf, n);
      break;
    }
  }
  archive_read_free(ar);
  return nvd;
}

static long zip_read(void *rd, unsigned char *buf, size_t cap,
                     struct vl_diag *d) {
  struct archive *ar = rd;
  la_ssize_t n = archive_read_data(ar, buf, cap);
  if (n < 0) {
    const char *e = archive_error_string(ar);
    return vl_diag_set(d, VL_EPARSE, "damaged or truncated zip: %s",
                       e ? e : "unknown error");
  }
  return (long)n;
}

static int nvd_zip_import(struct vl_import *im, const struct vl_json_opts *o,
                          struct vl_diag *d) {
  const char *zip = im->file;
  char name[VL_DIAG_FILE_MAX];
  struct archive *ar = archive_read_new();
  if (!ar) return VL_ENOMEM;
  archive_read_support_format_zip(ar);
  int rc = 0;
  long feeds = 0;
  im->st->format = "nvd-zip";
  if (archive_read_open_filename(ar, zip, 1 << 16) != ARCHIVE_OK) {
    const char *e = archive_error_string(ar);
    vl_diag_where(d, zip, 0, NULL);
    rc = vl_diag_set(d, VL_EPARSE, "damaged or truncated zip: %s",
                     e ? e : "unknown error");
    goto out;
  }
  for (;;) {
    struct archive_entry *e;
    int r = archive_read_next_header(ar, &e);
    if (r == ARCHIVE_EOF) break;
    if (r != ARCHIVE_OK && r != ARCHIVE_WARN) {
      const char *m = archive_error_string(ar);
      vl_diag_where(d, zip, 0, NULL);
      rc = vl_diag_set(d, VL_EPARSE, "damaged or truncated zip: %s",
                       m ? m : "unknown error");
      goto out;
    }
    if (archive_entry_filetype(e) != AE_IFREG) continue;
    const char *mname = archive_entry_pathname(e);
    /* Messages name the member: "nvdcve-1.1-2023.json.zip[nvdcve-...]". */
    snprintf(name, sizeof(name), "%s[%s]", zip, mname ? mname : "?");
    if (++feeds > 1) {
      vl_diag_where(d, name, 0, NULL);
      rc = vl_diag_set(d, VL_EUNSUPPORTED,
                       "a second member: an NVD zip holds one feed (import "
                       "each feed as a file of its own)");
      goto out;
    }
    struct json_ctx jc = {im, 0, false};
    long before = im->st->records;
    im->file = name;
    rc = stream_json(&jc, NULL, zip_read, ar, true,
                     archive_entry_size_is_set(e) ? archive_entry_size(e) : -1,
                     o, d);
    im->file = zip;
    if (rc) goto out;
    if (im->st->records == before && !jc.container) {
      vl_diag_where(d, name, 0, NULL);
      rc = vl_diag_set(d, VL_EINVAL, "no records in the file");
      goto out;
    }
  }
out:
  im->file = zip;
  archive_read_free(ar);
  return rc;
}

int vl_feed_import(struct vl_store *s, const char *path,
                   struct vl_feed_stats *st, struct vl_diag *d) {
  static const char *const keys[] = {"vulnerabilities", "CVE_Items", NULL};
  static const struct vl_json_opts opts = {.stream_keys = keys, .max_record_bytes = 64u << 20,
      .max_root_bytes = 64u << 20, .max_depth = 64, .peek = on_peek,
      .peek_depth = 2};
  struct vl_import im = {s, st, path, NULL, NULL, NULL};
  memset(st, 0, sizeof(*st));
  st->format = "unknown";
  enum kind k = K_UNKNOWN;
  bool nvd = false;
  int rc = sniff(path, &k, &nvd, d);
  if (rc) return rc;
  /* CSAF is read whole (vl_csaf.c): its "vulnerabilities" must not be
   * streamed as NVD records. */
  if (k == K_JSON && vl_csaf_sniff(path)) k = K_CSAF;
  if (k == K_UNKNOWN) {
    vl_diag_where(d, path, 1, NULL);
    return vl_diag_set(d, VL_EUNSUPPORTED,
                       "not a known feed format (expected JSON, XML, a zip "
                       "archive, or the CISA KEV, EPSS or ExploitDB CSV)");
  }
  if ((rc = vl_arena_new(64u << 20, &im.arena))) return rc;
  if ((rc = vl_store_begin_import(s, path, d))) goto out;
  if (k == K_KEV_CSV) {
    st->format = "kev-csv";
    rc = vl_kev_csv_import(&im, d);
  } else if (k == K_EPSS_CSV) {
    st->format = "epss-csv";
    rc = vl_epss_csv_import(&im, d);
  } else if (k == K_EXPLOITDB_CSV) {
    st->format = "exploitdb-csv";
    rc = vl_exploitdb_csv_import(&im, d);
  } else if (k == K_DEBIAN) {
    /* One package at a time: flat memory whatever the tracker's size. */
    static const struct vl_json_opts dopts = {
        .max_record_bytes = 64u << 20, .max_root_bytes = 16u << 20,
        .max_depth = 64, .stream_members = true};
    st->format = "debian-tracker";
    rc = vl_json_stream_file(path, &dopts, on_debian_member, NULL, &im, d);
  } else if (k == K_XML) {
    rc = vl_jvn_import(&im, d);
  } else if (k == K_ZIP) {
    /* An NVD feed or an OSV ecosystem's all.zip: the first member says. */
    rc = zip_holds_nvd(path) ? nvd_zip_import(&im, &opts, d)
                             : vl_osv_zip_import(&im, d);
  } else if (k == K_CSAF) {
    rc = vl_csaf_import(&im, d);
  } else {
    struct json_ctx jc = {&im, 0, false};
    struct stat sb;
    rc = stream_json(&jc, path, NULL, NULL, nvd,
                     stat(path, &sb) ? -1 : (long long)sb.st_size, &opts, d);
    if (!rc && st->records == 0 && !jc.container) {
      vl_diag_where(d, path, 0, NULL);
      rc = vl_diag_set(d, VL_EINVAL, "no records in the file");
    }
  }
  if (rc) {
    vl_store_rollback(s);
    vl_log(VL_LOG_INFO, "%s: rolled back, nothing imported", path);
  } else {
    rc = vl_store_commit(s, d);
    vl_log(VL_LOG_INFO, "%s: %s, %ld records, %ld changed", path, st->format,
           st->records, st->changed);
  }
out:
  vl_arena_free(im.arena);
  if (rc) st->changed = 0;
  return rc;
}
