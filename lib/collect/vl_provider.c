/* CSAF 2.0 providers (CSAF 2.0 section 7): from a provider-metadata.json,
 * every distribution's ROLIE feeds (feed.entry[]: content.src or link
 * rel=self, link rel=hash) and directories (changes.csv: "path","time",
 * newest first), the documents changed since the last sync.  Each
 * document's SHA-512 or SHA-256 is checked against its published hash file
 * before it is imported (its own transaction, vl_feed_import); a document
 * that fails is refused, recorded with the reason, and tried again next
 * time.  Progress is one feed_docs row per document, written after each:
 * an interrupted sync resumes where it stopped.  OpenPGP signatures are
 * not checked (no OpenPGP library among the dependencies). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "vl_collect_internal.h"
#include "vulnloop/csv.h"
#include "vulnloop/fetch.h"
#include "vulnloop/json.h"
#include "vulnloop/store.h"

#define META_MAX (4u << 20)       /* provider-metadata.json */
#define FEED_MAX (256u << 20)     /* a ROLIE feed or changes.csv */
#define HASH_FILE_MAX 4096        /* a .sha256/.sha512 file */
#define DOCS_MAX 500000           /* documents listed by one provider */
#define DISTS_MAX 64              /* feeds plus directories */
#define URL_MAX 2048

/* ------------------------------------------------------------ parsers */

static int perr(const char *name, long line, const char *path, int code,
                struct vl_diag *d, const char *msg) {
  vl_diag_where(d, name, line, path);
  return vl_diag_set(d, code, "%s", msg);
}

static int http_url(const char *u) {
  return !strncmp(u, "https://", 8) || !strncmp(u, "http://", 7);
}

/* A URL we may request: http(s), printable ASCII without spaces, bounded. */
static int url_ok(const char *u, size_t len) {
  if (len > URL_MAX / 2 || !http_url(u)) return 0;
  for (size_t i = 0; i < len; i++)
    if ((unsigned char)u[i] <= 0x20 || (unsigned char)u[i] >= 0x7f) return 0;
  return 1;
}

struct meta_parse {
  const char *name;
  struct vl_arena *a;
  struct vl_provider_meta *out;
  int seen;
};

static int add_url(struct meta_parse *p, const struct vl_jv *v,
                   const char *path, const char ***list, size_t *n,
                   struct vl_diag *d) {
  if (v->type != VL_JSTR)
    return perr(p->name, v->line, path, VL_ETYPE, d, "expected a string");
  if (!url_ok(v->s, v->len))
    return perr(p->name, v->line, path, VL_EINVAL, d,
                "not an http:// or https:// URL");
  if (p->out->n_feeds + p->out->n_dirs >= DISTS_MAX)
    return perr(p->name, v->line, path, VL_ETOOBIG, d,
                "more than 64 feeds and directories");
  const char **nl = vl_arena_alloc(p->a, (*n + 1) * sizeof(*nl));
  char *s = vl_arena_strndup(p->a, v->s, v->len);
  if (!nl || !s) return vl_diag_set(d, VL_ENOMEM, "out of memory");
  if (*n) memcpy(nl, *list, *n * sizeof(*nl));
  nl[(*n)++] = s;
  *list = nl;
  return 0;
}

static int meta_root(void *ud, const struct vl_jv *root, long line,
                     struct vl_diag *d) {
  struct meta_parse *p = ud;
  char path[VL_DIAG_PATH_MAX];
  int rc;
  (void)line;
  if (p->seen++)
    return perr(p->name, root->line, "$", VL_EPARSE, d,
                "more than one JSON value");
  if (root->type != VL_JOBJ)
    return perr(p->name, root->line, "$", VL_ETYPE, d, "expected an object");
  const struct vl_jv *dist = vl_jv_get(root, "distributions");
  if (!dist)
    return perr(p->name, root->line, "$.distributions", VL_EINVAL, d,
                "missing: a provider-metadata.json without distributions "
                "lists no documents");
  if (dist->type != VL_JARR)
    return perr(p->name, dist->line, "$.distributions", VL_ETYPE, d,
                "expected an array");
  size_t i = 0;
  for (const struct vl_jv *e = dist->child; e; e = e->next, i++) {
    snprintf(path, sizeof(path), "$.distributions[%zu]", i);
    if (e->type != VL_JOBJ)
      return perr(p->name, e->line, path, VL_ETYPE, d, "expected an object");
    const struct vl_jv *dir = vl_jv_get(e, "directory_url");
    const struct vl_jv *rolie = vl_jv_get(e, "rolie");
    if (!dir && !rolie)
      return perr(p->name, e->line, path, VL_EINVAL, d,
                  "neither directory_url nor rolie");
    if (dir) {
      char p2[VL_DIAG_PATH_MAX];
      snprintf(p2, sizeof(p2), "%s.directory_url", path);
      if ((rc = add_url(p, dir, p2, &p->out->dirs, &p->out->n_dirs, d)))
        return rc;
    }
    if (!rolie) continue;
    char rp[VL_DIAG_PATH_MAX];
    snprintf(rp, sizeof(rp), "%s.rolie", path);
    if (rolie->type != VL_JOBJ)
      return perr(p->name, rolie->line, rp, VL_ETYPE, d, "expected an object");
    const struct vl_jv *feeds = vl_jv_get(rolie, "feeds");
    if (!feeds || feeds->type != VL_JARR) {
      snprintf(rp, sizeof(rp), "%s.rolie.feeds", path);
      return perr(p->name, feeds ? feeds->line : rolie->line, rp,
                  feeds ? VL_ETYPE : VL_EINVAL, d,
                  feeds ? "expected an array" : "missing");
    }
    size_t k = 0;
    for (const struct vl_jv *f = feeds->child; f; f = f->next, k++) {
      char fp[VL_DIAG_PATH_MAX];
      snprintf(fp, sizeof(fp), "%s.rolie.feeds[%zu]", path, k);
      if (f->type != VL_JOBJ)
        return perr(p->name, f->line, fp, VL_ETYPE, d, "expected an object");
      const struct vl_jv *u = vl_jv_get(f, "url");
      if (!u) return perr(p->name, f->line, fp, VL_EINVAL, d, "no url");
      snprintf(fp, sizeof(fp), "%s.rolie.feeds[%zu].url", path, k);
      if ((rc = add_url(p, u, fp, &p->out->feeds, &p->out->n_feeds, d)))
        return rc;
    }
  }
  if (!p->out->n_feeds && !p->out->n_dirs)
    return perr(p->name, dist->line, "$.distributions", VL_EINVAL, d,
                "no ROLIE feed and no directory");
  return 0;
}

int vl_provider_meta_parse(const char *name, const char *buf, size_t len,
                           struct vl_arena *a, struct vl_provider_meta *out,
                           struct vl_diag *d) {
  static const struct vl_json_opts opts = {.stream_keys = NULL,
      .max_record_bytes = META_MAX * 4, .max_root_bytes = META_MAX * 4,
      .max_depth = 32};
  memset(out, 0, sizeof(*out));
  if (len > META_MAX)
    return perr(name, 0, NULL, VL_ETOOBIG, d,
                "provider metadata larger than 4 MB");
  struct meta_parse p = {name, a, out, 0};
  int rc = vl_json_stream_mem(name, buf, len, &opts, NULL, meta_root, &p, d);
  if (!rc && !p.seen) rc = perr(name, 1, "$", VL_EPARSE, d, "empty document");
  return rc;
}

static int docs_add(struct vl_provider_docs *o, struct vl_arena *a,
                    const char *url, size_t url_len, const char *hash,
                    size_t hash_len, vl_time t, struct vl_diag *d) {
  if (o->n == DOCS_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "more than %d documents listed",
                       DOCS_MAX);
  if (o->n == o->cap) {
    size_t cap = o->cap ? o->cap * 2 : 64;
    struct vl_provider_doc *v = vl_arena_alloc(a, cap * sizeof(*v));
    if (!v) return vl_diag_set(d, VL_ENOMEM, "out of memory");
    if (o->n) memcpy(v, o->v, o->n * sizeof(*v));
    o->v = v;
    o->cap = cap;
  }
  struct vl_provider_doc *e = &o->v[o->n];
  e->url = vl_arena_strndup(a, url, url_len);
  e->hash_url = hash ? vl_arena_strndup(a, hash, hash_len) : NULL;
  e->updated = t;
  if (!e->url || (hash && !e->hash_url))
    return vl_diag_set(d, VL_ENOMEM, "out of memory");
  o->n++;
  return 0;
}

struct rolie_parse {
  const char *name;
  vl_time since;
  struct vl_arena *a;
  struct vl_provider_docs *out;
  int seen;
};

static int rolie_time(const struct rolie_parse *p, const struct vl_jv *e,
                      const char *path, vl_time *t, struct vl_diag *d) {
  const struct vl_jv *u = vl_jv_get(e, "updated");
  if (!u) u = vl_jv_get(e, "published");
  char fp[VL_DIAG_PATH_MAX];
  snprintf(fp, sizeof(fp), "%s.updated", path);
  if (!u) return perr(p->name, e->line, fp, VL_EINVAL, d, "missing");
  if (u->type != VL_JSTR)
    return perr(p->name, u->line, fp, VL_ETYPE, d, "expected a string");
  if (vl_time_parse(u->s, t))
    return perr(p->name, u->line, fp, VL_EPARSE, d,
                "not an RFC 3339 time");
  return 0;
}

static int rolie_entry(struct rolie_parse *p, const struct vl_jv *e,
                       const char *path, struct vl_diag *d) {
  if (e->type != VL_JOBJ)
    return perr(p->name, e->line, path, VL_ETYPE, d, "expected an object");
  vl_time t;
  int rc = rolie_time(p, e, path, &t, d);
  if (rc) return rc;
  const struct vl_jv *self = NULL, *hash = NULL;
  const struct vl_jv *content = vl_jv_get(e, "content");
  if (content && content->type == VL_JOBJ) {
    self = vl_jv_get(content, "src");
    if (self && self->type != VL_JSTR) self = NULL;
  }
  const struct vl_jv *links = vl_jv_get(e, "link");
  if (links && links->type != VL_JARR) {
    char fp[VL_DIAG_PATH_MAX];
    snprintf(fp, sizeof(fp), "%s.link", path);
    return perr(p->name, links->line, fp, VL_ETYPE, d, "expected an array");
  }
  size_t k = 0;
  for (const struct vl_jv *l = links ? links->child : NULL; l;
       l = l->next, k++) {
    char fp[VL_DIAG_PATH_MAX];
    snprintf(fp, sizeof(fp), "%s.link[%zu]", path, k);
    const char *rel = vl_jv_str(l, "rel");
    const struct vl_jv *href = vl_jv_get(l, "href");
    if (l->type != VL_JOBJ || !rel || !href || href->type != VL_JSTR)
      return perr(p->name, l->line, fp, VL_ETYPE, d,
                  "expected an object with strings rel and href");
    if (!strcmp(rel, "self") && !self) self = href;
    /* SHA-512 preferred when both are published. */
    if (!strcmp(rel, "hash") &&
        (!hash || (href->len > 7 &&
                   !strcmp(href->s + href->len - 7, ".sha512"))))
      hash = href;
  }
  if (!self)
    return perr(p->name, e->line, path, VL_EINVAL, d,
                "no document URL (content.src or link rel=self)");
  if (!url_ok(self->s, self->len))
    return perr(p->name, self->line, path, VL_EINVAL, d,
                "document URL is not an http:// or https:// URL");
  if (hash && !url_ok(hash->s, hash->len))
    return perr(p->name, hash->line, path, VL_EINVAL, d,
                "hash URL is not an http:// or https:// URL");
  if (t > p->out->newest) p->out->newest = t;
  if (t <= p->since) return 0;
  rc = docs_add(p->out, p->a, self->s, self->len, hash ? hash->s : NULL,
                hash ? hash->len : 0, t, d);
  if (rc) vl_diag_where(d, p->name, e->line, path);
  return rc;
}

static int rolie_root(void *ud, const struct vl_jv *root, long line,
                      struct vl_diag *d) {
  struct rolie_parse *p = ud;
  (void)line;
  if (p->seen++)
    return perr(p->name, root->line, "$", VL_EPARSE, d,
                "more than one JSON value");
  const struct vl_jv *feed = vl_jv_get(root, "feed");
  if (root->type != VL_JOBJ || !feed || feed->type != VL_JOBJ)
    return perr(p->name, root->line, "$.feed", VL_ETYPE, d,
                "not a ROLIE feed (expected an object \"feed\")");
  const struct vl_jv *entries = vl_jv_get(feed, "entry");
  if (!entries) return 0;   /* an empty feed */
  if (entries->type != VL_JARR)
    return perr(p->name, entries->line, "$.feed.entry", VL_ETYPE, d,
                "expected an array");
  size_t i = 0;
  for (const struct vl_jv *e = entries->child; e; e = e->next, i++) {
    char path[VL_DIAG_PATH_MAX];
    snprintf(path, sizeof(path), "$.feed.entry[%zu]", i);
    int rc = rolie_entry(p, e, path, d);
    if (rc) return rc;
  }
  return 0;
}

int vl_provider_rolie_parse(const char *name, const char *buf, size_t len,
                            vl_time since, struct vl_arena *a,
                            struct vl_provider_docs *out, struct vl_diag *d) {
  static const struct vl_json_opts opts = {.stream_keys = NULL,
      .max_record_bytes = FEED_MAX, .max_root_bytes = FEED_MAX,
      .max_depth = 32};
  struct rolie_parse p = {name, since, a, out, 0};
  int rc = vl_json_stream_mem(name, buf, len, &opts, NULL, rolie_root, &p, d);
  if (!rc && !p.seen) rc = perr(name, 1, "$", VL_EPARSE, d, "empty document");
  return rc;
}

struct changes_parse {
  const char *name;
  const char *base;
  vl_time since;
  struct vl_arena *a;
  struct vl_provider_docs *out;
};

/* A path in changes.csv: relative, no "..", no scheme, no odd bytes. */
static int rel_path_ok(const char *s) {
  if (!*s || *s == '/' || strstr(s, "..") || strstr(s, "//")) return 0;
  for (const char *c = s; *c; c++)
    if ((unsigned char)*c <= 0x20 || (unsigned char)*c >= 0x7f || *c == '?' ||
        *c == '#' || *c == '\\' || *c == ':')
      return 0;
  return 1;
}

static int changes_row(void *ud, const struct vl_csv_row *row,
                       struct vl_diag *d) {
  struct changes_parse *p = ud;
  if (row->n == 1 && !row->fields[0][0]) return 0;   /* a blank line */
  if (row->n != 2)
    return perr(p->name, row->line, NULL, VL_EPARSE, d,
                "expected two fields: \"path\",\"time\"");
  vl_time t;
  if (vl_time_parse(row->fields[1], &t))
    return perr(p->name, row->line, NULL, VL_EPARSE, d,
                "the time is not RFC 3339");
  if (!rel_path_ok(row->fields[0]))
    return perr(p->name, row->line, NULL, VL_EINVAL, d,
                "the path is not a plain relative path");
  if (t > p->out->newest) p->out->newest = t;
  if (t <= p->since) return 0;
  char url[URL_MAX];
  size_t bl = strlen(p->base);
  while (bl && p->base[bl - 1] == '/') bl--;
  int n = snprintf(url, sizeof(url), "%.*s/%s", (int)bl, p->base,
                   row->fields[0]);
  if (n < 0 || (size_t)n >= sizeof(url))
    return perr(p->name, row->line, NULL, VL_ETOOBIG, d, "URL too long");
  int rc = docs_add(p->out, p->a, url, (size_t)n, NULL, 0, t, d);
  if (rc) vl_diag_where(d, p->name, row->line, NULL);
  return rc;
}

int vl_provider_changes_parse(const char *name, const char *buf, size_t len,
                              const char *base, vl_time since,
                              struct vl_arena *a,
                              struct vl_provider_docs *out,
                              struct vl_diag *d) {
  static const struct vl_csv_opts opts = {URL_MAX / 2, 8};
  struct changes_parse p = {name, base, since, a, out};
  return vl_csv_read_mem(name, buf, len, &opts, changes_row, &p, d);
}

int vl_provider_index_parse(const char *name, const char *buf, size_t len,
                            const char *base, struct vl_arena *a,
                            struct vl_provider_docs *out, struct vl_diag *d) {
  size_t bl = strlen(base);
  while (bl && base[bl - 1] == '/') bl--;
  long line = 0;
  for (size_t i = 0; i < len;) {
    size_t j = i;
    while (j < len && buf[j] != '\n') j++;
    size_t n = j - i;
    line++;
    if (n && buf[i + n - 1] == '\r') n--;
    if (n) {
      char path[URL_MAX / 2 + 1], url[URL_MAX];
      if (n > URL_MAX / 2)
        return perr(name, line, NULL, VL_ETOOBIG, d, "path too long");
      memcpy(path, buf + i, n);
      path[n] = '\0';
      if (memchr(path, '\0', n) || !rel_path_ok(path))
        return perr(name, line, NULL, VL_EINVAL, d,
                    "the path is not a plain relative path");
      int k = snprintf(url, sizeof(url), "%.*s/%s", (int)bl, base, path);
      if (k < 0 || (size_t)k >= sizeof(url))
        return perr(name, line, NULL, VL_ETOOBIG, d, "URL too long");
      int rc = docs_add(out, a, url, (size_t)k, NULL, 0, 0, d);
      if (rc) {
        vl_diag_where(d, name, line, NULL);
        return rc;
      }
    }
    i = j + 1;
  }
  return 0;
}

/* ------------------------------------------------------------ hashing */

static int hexval(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

int vl_provider_hash_check(const char *text, size_t len, const char *path,
                           struct vl_diag *d) {
  unsigned char want[64], got[64];
  size_t i = 0, n = 0;
  while (i < len && (text[i] == ' ' || text[i] == '\t')) i++;
  size_t start = i;
  while (i < len && hexval((unsigned char)text[i]) >= 0) i++;
  n = i - start;
  if ((n != 64 && n != 128) ||
      (i < len && text[i] != ' ' && text[i] != '\t' && text[i] != '\n' &&
       text[i] != '\r'))
    return vl_diag_set(d, VL_EINVAL,
                       "the hash file does not start with a SHA-256 or "
                       "SHA-512 in hex");
  for (size_t k = 0; k < n / 2; k++)
    want[k] = (unsigned char)(hexval((unsigned char)text[start + 2 * k]) * 16 +
                              hexval((unsigned char)text[start + 2 * k + 1]));
  FILE *f = fopen(path, "rb");
  if (!f) return vl_diag_set(d, VL_EIO, "%s: %s", path, strerror(errno));
  crypto_hash_sha256_state s256;
  crypto_hash_sha512_state s512;
  if (n == 64)
    crypto_hash_sha256_init(&s256);
  else
    crypto_hash_sha512_init(&s512);
  unsigned char buf[65536];
  size_t k;
  while ((k = fread(buf, 1, sizeof(buf), f)) > 0) {
    if (n == 64)
      crypto_hash_sha256_update(&s256, buf, k);
    else
      crypto_hash_sha512_update(&s512, buf, k);
  }
  int bad = ferror(f);
  fclose(f);
  if (bad) return vl_diag_set(d, VL_EIO, "%s: read error", path);
  if (n == 64)
    crypto_hash_sha256_final(&s256, got);
  else
    crypto_hash_sha512_final(&s512, got);
  if (sodium_memcmp(want, got, n / 2)) {
    char hex[129];
    for (size_t j = 0; j < n / 2; j++)
      snprintf(hex + 2 * j, 3, "%02x", got[j]);
    return vl_diag_set(d, VL_EINVAL,
                       "%s mismatch: the document's is %.16s..., the "
                       "published %.16s...",
                       n == 64 ? "SHA-256" : "SHA-512", hex, text + start);
  }
  return 0;
}

/* --------------------------------------------------------------- sync */

static int doc_cmp_url(const void *a, const void *b) {
  const struct vl_provider_doc *x = a, *y = b;
  int c = strcmp(x->url, y->url);
  if (c) return c;
  return x->updated < y->updated ? 1 : x->updated > y->updated ? -1 : 0;
}

static int doc_cmp_time(const void *a, const void *b) {
  const struct vl_provider_doc *x = a, *y = b;
  if (x->updated != y->updated) return x->updated < y->updated ? -1 : 1;
  return strcmp(x->url, y->url);
}

/* Errors that stop the whole sync rather than refuse one document. */
static int fatal(int rc) {
  return rc == VL_ESTATE || rc == VL_EDB || rc == VL_ENOMEM ||
         rc == VL_EINTERNAL;
}

/* "URL[:LINE][: PATH]: message" for a document's refusal: the temporary
 * file's name means nothing to the user. */
static void doc_msg(const char *url, const struct vl_diag *d, char *out,
                    size_t size) {
  char line[32] = "";
  if (d->line > 0) snprintf(line, sizeof(line), ":%ld", d->line);
  snprintf(out, size, "%s%s%s%s: %s", url, line, d->path[0] ? ": " : "",
           d->path, d->msg);
}

static int fetch_small(struct vl_fetch_session *ss, const char *url,
                       const char *tmp, size_t max, char **buf, size_t *len,
                       struct vl_diag *d) {
  int rc = vl_fetch_get(ss, url, tmp, d);
  if (!rc) rc = vl_read_file(tmp, max, buf, len, d);
  if (rc && (!d->file[0] || !strcmp(d->file, tmp)))
    snprintf(d->file, sizeof(d->file), "%s", url);
  return rc;
}

/* The hash file's text into out (at most HASH_FILE_MAX bytes). */
static int fetch_hash(struct vl_fetch_session *ss, const struct vl_provider_doc *doc,
                      const char *tmp, char **text, size_t *len,
                      const char **status, struct vl_diag *d) {
  int rc;
  *status = "no-hash";
  if (doc->hash_url)
    return fetch_small(ss, doc->hash_url, tmp, HASH_FILE_MAX, text, len, d);
  /* A directory publishes DOC.sha512 and/or DOC.sha256 beside it. */
  static const char *const ext[] = {".sha512", ".sha256"};
  for (size_t i = 0; i < 2; i++) {
    char url[URL_MAX];
    snprintf(url, sizeof(url), "%s%s", doc->url, ext[i]);
    vl_diag_clear(d);
    rc = fetch_small(ss, url, tmp, HASH_FILE_MAX, text, len, d);
    if (rc != VL_ENOTFOUND) return rc;
  }
  vl_diag_clear(d);
  return vl_diag_set(d, VL_ENOTFOUND,
                     "no hash file published (.sha512 and .sha256: "
                     "HTTP 404)");
}

/* One document: hash, download, check, import.  0, or the reason in d with
 * *status saying which kind of refusal. */
static int sync_doc(struct vl_fetch_session *ss, struct vl_store *s,
                    const struct vl_provider_doc *doc, const char *tmp,
                    const char **status, struct vl_diag *d) {
  char *text = NULL;
  size_t len = 0;
  int rc = fetch_hash(ss, doc, tmp, &text, &len, status, d);
  if (rc) {
    if (rc != VL_ENOTFOUND) *status = "failed";
    goto out;
  }
  *status = "failed";
  if ((rc = vl_fetch_get(ss, doc->url, tmp, d))) goto out;
  if ((rc = vl_provider_hash_check(text, len, tmp, d))) {
    if (rc == VL_EINVAL) *status = "hash-mismatch";
    goto out;
  }
  rc = vl_fetch_import(s, tmp, vl_fetch_session_result(ss), d);
out:
  free(text);
  return rc;
}

int vl_provider_sync(struct vl_fetch_session *ss, struct vl_store *s,
                     const char *tmp, struct vl_feed_sync *fs,
                     struct vl_diag *d) {
  const struct vl_fetch_source *src = vl_fetch_session_source(ss);
  struct vl_fetch_result *r = vl_fetch_session_result(ss);
  struct vl_arena *a = NULL, *rows = NULL;
  struct vl_provider_meta meta;
  struct vl_provider_docs docs;
  char *buf = NULL;
  size_t len = 0;
  char first_err[VL_DIAG_MSG_MAX + URL_MAX];
  vl_time oldest_failed = 0;
  int rc;
  memset(&docs, 0, sizeof(docs));
  first_err[0] = '\0';
  if ((rc = vl_arena_new((size_t)DOCS_MAX * 512, &a)) ||
      (rc = vl_arena_new(1u << 20, &rows))) {
    rc = vl_diag_set(d, rc, "out of memory");
    goto out;
  }
  /* A process killed during the sync leaves "partial" (and the documents
   * it imported recorded), not the previous sync's result. */
  fs->result = "partial";
  fs->error = NULL;
  if ((rc = vl_store_feed_sync_put(s, fs, d))) goto out;
  if ((rc = fetch_small(ss, src->url, tmp, META_MAX, &buf, &len, d)) ||
      (rc = vl_provider_meta_parse(src->url, buf, len, a, &meta, d)))
    goto out;
  free(buf);
  buf = NULL;
  int https = !strncmp(src->url, "https:", 6);
  for (size_t i = 0; i < meta.n_feeds + meta.n_dirs; i++) {
    int is_feed = i < meta.n_feeds;
    const char *u = is_feed ? meta.feeds[i] : meta.dirs[i - meta.n_feeds];
    char url[URL_MAX];
    if (is_feed) {
      snprintf(url, sizeof(url), "%s", u);
    } else {
      size_t bl = strlen(u);
      while (bl && u[bl - 1] == '/') bl--;
      snprintf(url, sizeof(url), "%.*s/changes.csv", (int)bl, u);
    }
    rc = fetch_small(ss, url, tmp, FEED_MAX, &buf, &len, d);
    if (rc == VL_ENOTFOUND && !is_feed) {
      /* No changes.csv: index.txt lists the documents without times, so
       * only documents not imported yet are fetched. */
      size_t bl = strlen(u);
      while (bl && u[bl - 1] == '/') bl--;
      snprintf(url, sizeof(url), "%.*s/index.txt", (int)bl, u);
      vl_diag_clear(d);
      if ((rc = fetch_small(ss, url, tmp, FEED_MAX, &buf, &len, d))) goto out;
      rc = vl_provider_index_parse(url, buf, len, u, a, &docs, d);
      free(buf);
      buf = NULL;
      if (rc) goto out;
      continue;
    }
    if (rc) goto out;
    rc = is_feed ? vl_provider_rolie_parse(url, buf, len, fs->cursor, a,
                                           &docs, d)
                 : vl_provider_changes_parse(url, buf, len, u, fs->cursor, a,
                                             &docs, d);
    free(buf);
    buf = NULL;
    if (rc) goto out;
  }
  /* One version per document, the newest; then oldest change first. */
  if (docs.n) {
    qsort(docs.v, docs.n, sizeof(docs.v[0]), doc_cmp_url);
    size_t k = 0;
    for (size_t i = 0; i < docs.n; i++)
      if (!k || strcmp(docs.v[k - 1].url, docs.v[i].url)) docs.v[k++] = docs.v[i];
    docs.n = k;
    qsort(docs.v, docs.n, sizeof(docs.v[0]), doc_cmp_time);
  }
  for (size_t i = 0; i < docs.n; i++) {
    const struct vl_provider_doc *doc = &docs.v[i];
    struct vl_feed_doc row;
    vl_arena_reset(rows);
    rc = vl_store_feed_doc_get(s, src->name, doc->url, rows, &row, d);
    if (rc && rc != VL_ENOTFOUND) goto out;
    if (!rc && !strcmp(row.status, "imported") &&
        row.updated >= doc->updated) {
      r->skipped++;   /* imported by an earlier, interrupted sync */
      continue;
    }
    /* No downgrade: an https provider's documents come over https. */
    const char *status = "failed";
    vl_diag_clear(d);
    if (https && (strncmp(doc->url, "https:", 6) ||
                  (doc->hash_url && strncmp(doc->hash_url, "https:", 6)))) {
      rc = vl_diag_set(d, VL_EDENIED,
                       "an https provider lists a document over http");
    } else {
      rc = sync_doc(ss, s, doc, tmp, &status, d);
      if (fatal(rc)) goto out;
    }
    char msg[VL_DIAG_MSG_MAX + URL_MAX];
    memset(&row, 0, sizeof(row));
    row.source = src->name;
    row.url = doc->url;
    row.updated = doc->updated;
    row.attempted = vl_time_now();
    if (rc) {
      doc_msg(doc->url, d, msg, sizeof(msg));
      row.status = status;
      row.error = msg;
      r->doc_failures++;
      if (!strcmp(row.status, "hash-mismatch") ||
          !strcmp(row.status, "no-hash"))
        r->hash_failures++;
      if (!first_err[0]) snprintf(first_err, sizeof(first_err), "%s", msg);
      if (!oldest_failed || doc->updated < oldest_failed)
        oldest_failed = doc->updated;
      vl_log(VL_LOG_INFO, "%s: refused %s", src->name, msg);
    } else {
      row.status = "imported";
      r->documents++;
    }
    struct vl_diag d2;
    vl_diag_clear(&d2);
    if ((rc = vl_store_feed_doc_put(s, &row, &d2))) {
      *d = d2;
      goto out;
    }
  }
  rc = 0;
  /* The cursor passes only what is done: a refused document is listed
   * (and tried) again by the next sync. */
  vl_time upto = oldest_failed ? oldest_failed - 1 : docs.newest;
  if (upto > fs->cursor) fs->cursor = upto;
  if (r->doc_failures) {
    vl_diag_clear(d);
    vl_diag_where(d, src->url, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL,
                     "%ld of %zu documents refused (%ld hash failures); "
                     "first: %s",
                     r->doc_failures, docs.n - (size_t)r->skipped,
                     r->hash_failures, first_err);
  }
out:
  free(buf);
  vl_arena_free(rows);
  vl_arena_free(a);
  return rc;
}
