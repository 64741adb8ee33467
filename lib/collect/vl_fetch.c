/* Feed sync: the configuration, HTTP(S) downloads with libcurl (retries,
 * conditional requests, caps), local mirrors, and the NVD API 2.0 pager
 * with its rate limit.  Everything downloaded is imported through
 * vl_feed_import(), one transaction per file or page. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "vl_collect_internal.h"
#include "vulnloop/collect.h"
#include "vulnloop/fetch.h"
#include "vulnloop/json.h"
#include "vulnloop/store.h"

#define CONFIG_MAX (1u << 20)        /* configuration file size cap */
#define URL_MAX 2048                 /* a URL we build */
#define HEADER_MAX 1024              /* one stored response header */
#define REDIRECTS_MAX 5L
#define RETRIES_MAX 10L
#define RETRY_AFTER_MAX 300L         /* seconds we accept to be told to wait */
#define NVD_WINDOW (120 * VL_DAY)    /* NVD's longest lastMod range */
#define NVD_PAGES_MAX 100000L        /* pages in one sync */
#define NVD_WINDOWS_MAX 1000L        /* windows in one sync */
#define MIRROR_FILES_MAX 10000       /* files in a mirror directory */
#define NVD_LIMIT_KEY 50             /* requests per window with a key */
#define NVD_LIMIT_NOKEY 5            /* and without */

/* ------------------------------------------------------------ config */

struct cfg_parse {
  struct vl_fetch_config *c;
  int seen;                          /* root values seen */
};

static int cfg_err(const struct vl_jv *v, const char *path, int code,
                   struct vl_diag *d, const char *msg) {
  vl_diag_where(d, NULL, v ? v->line : 0, path);
  return vl_diag_set(d, code, "%s", msg);
}

static int cfg_long(const struct vl_jv *o, const char *key, const char *path,
                    long lo, long hi, long *out, struct vl_diag *d) {
  const struct vl_jv *v = vl_jv_get(o, key);
  char p[VL_DIAG_PATH_MAX];
  if (!v) return 0;
  snprintf(p, sizeof(p), "%s.%s", path, key);
  if (v->type != VL_JNUM || v->num < lo || v->num > hi ||
      v->num != (double)(long)v->num) {
    vl_diag_where(d, NULL, v->line, p);
    return vl_diag_set(d, VL_ERANGE, "expected an integer in [%ld, %ld]", lo,
                       hi);
  }
  *out = (long)v->num;
  return 0;
}

static int cfg_source(struct vl_fetch_config *c, const struct vl_jv *o,
                      struct vl_diag *d) {
  char path[VL_DIAG_PATH_MAX];
  int rc;
  snprintf(path, sizeof(path), "$.sources.%s", o->key);
  if (o->type != VL_JOBJ)
    return cfg_err(o, path, VL_ETYPE, d, "expected an object");
  if (c->n >= VL_FETCH_SOURCES_MAX)
    return cfg_err(o, path, VL_ETOOBIG, d, "too many sources (max 32)");
  for (const struct vl_jv *m = o->child; m; m = m->next) {
    static const char *const known[] = {"url", "mirror", "api_key",
                                        "api_key_env", "start", "page_size",
                                        "kind", "ecosystem", "lang", "batch",
                                        NULL};
    size_t k = 0;
    while (known[k] && strcmp(known[k], m->key)) k++;
    if (!known[k]) {
      char p[VL_DIAG_PATH_MAX];
      snprintf(p, sizeof(p), "%s.%s", path, m->key);
      return cfg_err(m, p, VL_EINVAL, d,
                     "unknown field (kind, url, mirror, api_key, "
                     "api_key_env, start, page_size, ecosystem, lang, "
                     "batch)");
    }
  }
  struct vl_fetch_source *src = &c->src[c->n];
  memset(src, 0, sizeof(*src));
  const char *url, *mirror, *key, *key_env, *kind, *eco, *lang;
  if ((rc = vl_opt_str(o, "kind", path, &kind, d)) ||
      (rc = vl_opt_str(o, "ecosystem", path, &eco, d)) ||
      (rc = vl_opt_str(o, "lang", path, &lang, d)) ||
      (rc = vl_opt_str(o, "url", path, &url, d)) ||
      (rc = vl_opt_str(o, "mirror", path, &mirror, d)) ||
      (rc = vl_opt_str(o, "api_key", path, &key, d)) ||
      (rc = vl_opt_str(o, "api_key_env", path, &key_env, d)) ||
      (rc = vl_opt_time(o, "start", path, &src->start, d)))
    return rc;
  src->kind = !strcmp(o->key, "nvd") ? VL_FETCH_NVD : VL_FETCH_FILE;
  if (kind) {
    static const struct {
      const char *name;
      enum vl_fetch_kind kind;
    } kinds[] = {{"file", VL_FETCH_FILE},
                 {"nvd", VL_FETCH_NVD},
                 {"csaf-provider", VL_FETCH_CSAF_PROVIDER},
                 {"myjvn", VL_FETCH_MYJVN},
                 {"osv", VL_FETCH_OSV}};
    size_t k = 0;
    while (k < sizeof(kinds) / sizeof(kinds[0]) && strcmp(kinds[k].name, kind))
      k++;
    if (k == sizeof(kinds) / sizeof(kinds[0])) {
      char p[VL_DIAG_PATH_MAX];
      snprintf(p, sizeof(p), "%s.kind", path);
      return cfg_err(vl_jv_get(o, "kind"), p, VL_EINVAL, d,
                     "unknown kind (file, nvd, csaf-provider, myjvn, osv)");
    }
    src->kind = kinds[k].kind;
  }
  /* MyJVN answers at most 50 overview items per page; NVD 2000. */
  long max_page = src->kind == VL_FETCH_MYJVN ? 50 : 2000;
  src->page_size = max_page;
  if (src->kind == VL_FETCH_MYJVN) {
    if ((rc = cfg_long(o, "page_size", path, 1, 50, &src->page_size, d)))
      return rc;
  } else if ((rc = cfg_long(o, "page_size", path, 1, 2000, &src->page_size,
                            d))) {
    return rc;
  }
  src->batch = 10;
  if ((rc = cfg_long(o, "batch", path, 1, 10, &src->batch, d))) return rc;
  if (lang && strcmp(lang, "ja") && strcmp(lang, "en")) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.lang", path);
    return cfg_err(vl_jv_get(o, "lang"), p, VL_EINVAL, d,
                   "expected \"ja\" or \"en\"");
  }
  if (eco && src->kind != VL_FETCH_OSV)
    return cfg_err(vl_jv_get(o, "ecosystem"), path, VL_EINVAL, d,
                   "\"ecosystem\" is for \"kind\": \"osv\"");
  if (mirror && (src->kind == VL_FETCH_CSAF_PROVIDER ||
                 src->kind == VL_FETCH_MYJVN))
    return cfg_err(o, path, VL_EINVAL, d,
                   "this kind is fetched from a \"url\", not a mirror");
  /* OSV: an ecosystem names its archive under the bucket (or under url,
   * when both are given). */
  char osv_url[URL_MAX];
  if (eco) {
    size_t n = 0;
    if (!*eco || strlen(eco) > 64)
      return cfg_err(vl_jv_get(o, "ecosystem"), path, VL_EINVAL, d,
                     "ecosystem: 1 to 64 characters");
    int k = snprintf(osv_url, sizeof(osv_url), "%s",
                     url ? url : "https://osv-vulnerabilities.storage."
                                 "googleapis.com/");
    n = (size_t)k;
    if (n && osv_url[n - 1] != '/' && n + 1 < sizeof(osv_url))
      osv_url[n++] = '/';
    for (const char *e = eco; *e && n + 4 < sizeof(osv_url); e++) {
      if (*e == ' ') {
        memcpy(osv_url + n, "%20", 3);
        n += 3;
      } else if (isalnum((unsigned char)*e) || strchr(":._-", *e)) {
        osv_url[n++] = *e;
      } else {
        return cfg_err(vl_jv_get(o, "ecosystem"), path, VL_EINVAL, d,
                       "ecosystem: letters, digits, spaces and \":._-\" "
                       "only");
      }
    }
    if (n + 9 >= sizeof(osv_url))
      return cfg_err(o, path, VL_ETOOBIG, d, "URL too long");
    memcpy(osv_url + n, "/all.zip", 9);
    if (mirror)
      return cfg_err(o, path, VL_EINVAL, d,
                     "give \"ecosystem\" or \"mirror\", not both");
    url = osv_url;
  }
  if (!url == !mirror)
    return cfg_err(o, path, VL_EINVAL, d,
                   "give exactly one of \"url\" and \"mirror\"");
  if (url && strncmp(url, "https://", 8) && strncmp(url, "http://", 7)) {
    char p[VL_DIAG_PATH_MAX];
    snprintf(p, sizeof(p), "%s.url", path);
    return cfg_err(vl_jv_get(o, "url"), p, VL_EINVAL, d,
                   "not an http:// or https:// URL");
  }
  if (url && strlen(url) > URL_MAX / 2)
    return cfg_err(o, path, VL_ETOOBIG, d, "URL too long");
  if (key_env && *key_env) {
    const char *e = getenv(key_env);
    if (e && *e) key = e;
  }
  struct vl_arena *a = c->arena;
  src->name = vl_arena_strdup(a, o->key);
  src->lang = lang && !strcmp(lang, "en") ? "en" : "ja";
  src->url = url ? vl_arena_strdup(a, url) : NULL;
  src->mirror = mirror ? vl_arena_strdup(a, mirror) : NULL;
  src->api_key = key && *key ? vl_arena_strdup(a, key) : NULL;
  if (!src->name || (url && !src->url) || (mirror && !src->mirror) ||
      (key && *key && !src->api_key))
    return vl_diag_set(d, VL_ENOMEM, "out of memory");
  if (src->api_key)
    for (const char *p = src->api_key; *p; p++)
      if (!isalnum((unsigned char)*p) && *p != '-')
        return cfg_err(o, path, VL_EINVAL, d,
                       "the API key holds characters other than letters, "
                       "digits and '-'");
  if (!src->start) src->start = vl_time_now() - NVD_WINDOW;
  c->n++;
  return 0;
}

static int cfg_root(void *ud, const struct vl_jv *root, long line,
                    struct vl_diag *d) {
  struct cfg_parse *p = ud;
  struct vl_fetch_config *c = p->c;
  int rc;
  (void)line;
  if (p->seen++) return cfg_err(root, "$", VL_EPARSE, d,
                                "more than one JSON value");
  if (root->type != VL_JOBJ)
    return cfg_err(root, "$", VL_ETYPE, d, "expected an object");
  long timeout = 300, conn = 30, retries = 4, max_mb = 1024;
  for (const struct vl_jv *m = root->child; m; m = m->next)
    if (strcmp(m->key, "sources") && strcmp(m->key, "timeout") &&
        strcmp(m->key, "connect_timeout") && strcmp(m->key, "retries") &&
        strcmp(m->key, "max_megabytes")) {
      char path[VL_DIAG_PATH_MAX];
      snprintf(path, sizeof(path), "$.%s", m->key);
      return cfg_err(m, path, VL_EINVAL, d,
                     "unknown field (sources, timeout, connect_timeout, "
                     "retries, max_megabytes)");
    }
  if ((rc = cfg_long(root, "timeout", "$", 1, 86400, &timeout, d)) ||
      (rc = cfg_long(root, "connect_timeout", "$", 1, 600, &conn, d)) ||
      (rc = cfg_long(root, "retries", "$", 0, RETRIES_MAX, &retries, d)) ||
      (rc = cfg_long(root, "max_megabytes", "$", 1, 65536, &max_mb, d)))
    return rc;
  c->timeout = timeout;
  c->connect_timeout = conn;
  c->retries = retries;
  c->max_bytes = (size_t)max_mb << 20;
  const struct vl_jv *s = vl_jv_get(root, "sources");
  if (!s) return cfg_err(root, "$.sources", VL_EINVAL, d,
                         "required field is missing");
  if (s->type != VL_JOBJ)
    return cfg_err(s, "$.sources", VL_ETYPE, d, "expected an object");
  for (const struct vl_jv *m = s->child; m; m = m->next)
    if ((rc = cfg_source(c, m, d))) return rc;
  return 0;
}

int vl_fetch_config_load(const char *path, struct vl_fetch_config **out,
                         struct vl_diag *d) {
  static const struct vl_json_opts opts = {.stream_keys = NULL, .max_record_bytes = CONFIG_MAX,
      .max_root_bytes = CONFIG_MAX, .max_depth = 16};
  char *buf = NULL;
  size_t len = 0;
  struct vl_fetch_config *c = calloc(1, sizeof(*c));
  int rc;
  *out = NULL;
  if (!c) return vl_diag_set(d, VL_ENOMEM, "out of memory");
  if ((rc = vl_arena_new(CONFIG_MAX * 2, &c->arena))) {
    rc = vl_diag_set(d, rc, "out of memory");
    goto out;
  }
  if ((rc = vl_read_file(path, CONFIG_MAX, &buf, &len, d))) goto out;
  c->file = vl_arena_strdup(c->arena, path);
  struct cfg_parse p = {c, 0};
  rc = vl_json_stream_mem(path, buf, len, &opts, NULL, cfg_root, &p, d);
  if (!rc && !p.seen) {
    vl_diag_where(d, NULL, 1, "$");
    rc = vl_diag_set(d, VL_EPARSE, "empty configuration");
  }
out:
  free(buf);
  if (rc) {
    if (!d || !d->file[0]) vl_diag_where(d, path, -1, NULL);
    vl_fetch_config_free(c);
    return rc;
  }
  *out = c;
  return 0;
}

void vl_fetch_config_free(struct vl_fetch_config *c) {
  if (!c) return;
  vl_arena_free(c->arena);
  free(c);
}

const struct vl_fetch_source *vl_fetch_config_find(
    const struct vl_fetch_config *c, const char *name) {
  for (size_t i = 0; i < c->n; i++)
    if (!strcmp(c->src[i].name, name)) return &c->src[i];
  return NULL;
}

/* -------------------------------------------------------------- clock */

static long env_ms(const char *name, long def) {
  const char *e = getenv(name);
  if (!e || !*e) return def;
  char *end;
  errno = 0;
  long v = strtol(e, &end, 10);
  if (errno || *end || v < 0 || v > 3600000L) return def;
  return v;
}

/* Wall-clock milliseconds: the rate log is shared between processes. */
static long long now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long long ms, const volatile sig_atomic_t *cancel) {
  /* In slices, so that a cancel is noticed. */
  while (ms > 0 && !(cancel && *cancel)) {
    long long step = ms > 100 ? 100 : ms;
    struct timespec ts = {(time_t)(step / 1000), (long)(step % 1000) * 1000000L};
    nanosleep(&ts, NULL);
    ms -= step;
  }
}

/* NVD's limit: at most `limit` requests in any window of window_ms.  The
 * start times of the last requests are kept in the store (rate_log), so
 * that one sync after another, in separate processes, keeps to it too. */
struct limiter {
  long long t[NVD_LIMIT_KEY];  /* start times of the last requests (ms) */
  int n, limit;
  long long window_ms;
  long waits;
  char text[NVD_LIMIT_KEY * 24]; /* t[] as stored */
};

static void limiter_load(struct limiter *l, const char *log) {
  long long now = now_ms();
  const char *p = log;
  char *end;
  l->n = 0;
  while (p && *p) {
    errno = 0;
    long long v = strtoll(p, &end, 10);
    if (end == p || errno) break;
    p = end;
    if (v > now || v <= now - l->window_ms) continue;  /* stale or odd */
    if (l->n == l->limit) {  /* keep the newest */
      memmove(l->t, l->t + 1, sizeof(l->t[0]) * (size_t)(l->n - 1));
      l->n--;
    }
    l->t[l->n++] = v;
  }
}

static const char *limiter_text(struct limiter *l) {
  size_t off = 0;
  l->text[0] = '\0';
  for (int i = 0; i < l->n; i++) {
    int k = snprintf(l->text + off, sizeof(l->text) - off, "%s%lld",
                     i ? " " : "", l->t[i]);
    if (k < 0 || (size_t)k >= sizeof(l->text) - off) break;
    off += (size_t)k;
  }
  return l->text;
}

static void limiter_take(struct limiter *l,
                         const volatile sig_atomic_t *cancel) {
  if (l->n == l->limit) {
    long long wait = l->t[0] + l->window_ms - now_ms();
    if (wait > 0) {
      l->waits++;
      vl_log(VL_LOG_INFO, "nvd: %d requests in the rate window, waiting",
             l->limit);
      sleep_ms(wait, cancel);
    }
    memmove(l->t, l->t + 1, sizeof(l->t[0]) * (size_t)(l->n - 1));
    l->n--;
  }
  l->t[l->n++] = now_ms();
}

/* --------------------------------------------------------------- HTTP */

struct xfer {
  FILE *f;                       /* the temporary file */
  size_t got, max;               /* bytes written, cap */
  int too_big;
  char etag[HEADER_MAX];         /* response validators */
  char last_modified[HEADER_MAX];
  long retry_after;              /* seconds, -1 if absent */
  char message[HEADER_MAX];      /* NVD's "message" header on errors */
  const volatile sig_atomic_t *cancel;
};

static size_t on_body(char *p, size_t size, size_t n, void *ud) {
  struct xfer *x = ud;
  size_t len = size * n;
  if (x->got + len > x->max) {
    x->too_big = 1;
    return 0;
  }
  if (fwrite(p, 1, len, x->f) != len) return 0;
  x->got += len;
  return len;
}

static void header_value(const char *p, size_t len, char *out, size_t size) {
  while (len && (*p == ' ' || *p == '\t')) p++, len--;
  while (len && (p[len - 1] == '\r' || p[len - 1] == '\n' ||
                 p[len - 1] == ' '))
    len--;
  if (len >= size) len = 0;   /* too long to be a validator: ignore it */
  memcpy(out, p, len);
  out[len] = '\0';
}

static size_t on_header(char *p, size_t size, size_t n, void *ud) {
  struct xfer *x = ud;
  size_t len = size * n;
  /* A new response (after a redirect) starts over. */
  if (len > 5 && !strncmp(p, "HTTP/", 5)) {
    x->etag[0] = x->last_modified[0] = x->message[0] = '\0';
    x->retry_after = -1;
  } else if (len > 5 && !strncasecmp(p, "ETag:", 5)) {
    header_value(p + 5, len - 5, x->etag, sizeof(x->etag));
  } else if (len > 14 && !strncasecmp(p, "Last-Modified:", 14)) {
    header_value(p + 14, len - 14, x->last_modified,
                 sizeof(x->last_modified));
  } else if (len > 8 && !strncasecmp(p, "message:", 8)) {
    header_value(p + 8, len - 8, x->message, sizeof(x->message));
    for (char *c = x->message; *c; c++)   /* printable ASCII only */
      if (*c < 0x20 || *c > 0x7e) *c = '?';
  } else if (len > 12 && !strncasecmp(p, "Retry-After:", 12)) {
    char v[32];
    header_value(p + 12, len - 12, v, sizeof(v));
    char *end;
    long s = strtol(v, &end, 10);
    if (end != v && !*end && s >= 0)
      x->retry_after = s > RETRY_AFTER_MAX ? RETRY_AFTER_MAX : s;
  }
  return len;
}

static int on_progress(void *ud, curl_off_t dt, curl_off_t dn, curl_off_t ut,
                       curl_off_t un) {
  struct xfer *x = ud;
  (void)dt, (void)dn, (void)ut, (void)un;
  return x->cancel && *x->cancel;
}

struct get {
  const char *url;               /* borrowed */
  const char *etag, *last_modified; /* validators to send, or NULL */
  const char *api_key;           /* sent as the apiKey header, or NULL */
  const char *tmp;               /* where the body goes */
  /* out */
  long status;
  char etag_out[HEADER_MAX], lm_out[HEADER_MAX];
};

struct vl_fetch_session {
  const struct vl_fetch_config *c;
  const struct vl_fetch_source *src;
  const volatile sig_atomic_t *cancel;
  struct vl_fetch_result *r;
  struct limiter *lim;           /* NVD only */
  long backoff_ms;               /* first retry delay */
};

static int retryable(CURLcode cc, long status) {
  if (cc == CURLE_OPERATION_TIMEDOUT) return 1;
  if (cc != CURLE_OK) return 0;
  return status == 429 || (status >= 500 && status <= 599);
}

/* One request; the body lands in g->tmp (truncated first). */
static int get_once(struct vl_fetch_session *ss, struct get *g, struct xfer *x,
                    CURLcode *ccp, char *errbuf, struct vl_diag *d) {
  CURL *h = curl_easy_init();
  struct curl_slist *hdr = NULL;
  int rc = 0;
  if (!h) return vl_diag_set(d, VL_ENOMEM, "libcurl: cannot create a handle");
  memset(x->etag, 0, sizeof(x->etag));
  x->last_modified[0] = x->message[0] = '\0';
  x->retry_after = -1;
  x->got = 0;
  x->too_big = 0;
  x->f = fopen(g->tmp, "wb");
  if (!x->f) {
    rc = vl_diag_set(d, VL_EIO, "%s: %s", g->tmp, strerror(errno));
    goto out;
  }
  char line[HEADER_MAX + 32];
  if (g->etag) {
    snprintf(line, sizeof(line), "If-None-Match: %s", g->etag);
    hdr = curl_slist_append(hdr, line);
  } else if (g->last_modified) {
    snprintf(line, sizeof(line), "If-Modified-Since: %s", g->last_modified);
    hdr = curl_slist_append(hdr, line);
  }
  if (g->api_key) {
    snprintf(line, sizeof(line), "apiKey: %s", g->api_key);
    hdr = curl_slist_append(hdr, line);
  }
  errbuf[0] = '\0';
  curl_easy_setopt(h, CURLOPT_URL, g->url);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  /* No downgrade: a redirect from https may only go to https. */
  curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR,
                   strncmp(g->url, "https:", 6) ? "http,https" : "https");
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
  curl_easy_setopt(h, CURLOPT_MAXREDIRS, REDIRECTS_MAX);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(h, CURLOPT_TIMEOUT, ss->c->timeout);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, ss->c->connect_timeout);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "vulnloop");
  curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)x->max);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, x);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, x);
  curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, on_progress);
  curl_easy_setopt(h, CURLOPT_XFERINFODATA, x);
  curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  if (hdr) curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
  *ccp = curl_easy_perform(h);
  ss->r->requests++;
  g->status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &g->status);
  if (fclose(x->f) && *ccp == CURLE_OK)
    rc = vl_diag_set(d, VL_EIO, "%s: %s", g->tmp, strerror(errno));
  x->f = NULL;
out:
  curl_slist_free_all(hdr);
  curl_easy_cleanup(h);
  return rc;
}

/* GET with retries; 0 with g->status 200 or 304, else an error in d. */
static int http_get(struct vl_fetch_session *ss, struct get *g, struct vl_diag *d) {
  struct xfer x;
  memset(&x, 0, sizeof(x));
  x.max = ss->c->max_bytes;
  x.cancel = ss->cancel;
  char errbuf[CURL_ERROR_SIZE];
  long delay = ss->backoff_ms;
  for (long attempt = 0;; attempt++) {
    CURLcode cc = CURLE_OK;
    if (ss->lim) limiter_take(ss->lim, ss->cancel);
    int rc = get_once(ss, g, &x, &cc, errbuf, d);
    if (rc) return rc;
    ss->r->http_status = g->status;
    if (ss->cancel && *ss->cancel)
      return vl_diag_set(d, VL_ESTATE, "interrupted");
    if (retryable(cc, g->status) && attempt < ss->c->retries) {
      long wait = delay;
      if (x.retry_after >= 0)
        wait = x.retry_after * ss->backoff_ms;  /* backoff_ms per second */
      vl_log(VL_LOG_INFO, "%s: %s, retrying", ss->src->name,
             cc ? curl_easy_strerror(cc) : "server busy");
      ss->r->retries++;
      sleep_ms(wait, ss->cancel);
      if (delay < 3600000L / 2) delay *= 2;
      continue;
    }
    if (x.too_big || cc == CURLE_FILESIZE_EXCEEDED)
      return vl_diag_set(d, VL_ETOOBIG,
                         "download larger than the cap of %zu MB",
                         ss->c->max_bytes >> 20);
    if (cc == CURLE_PARTIAL_FILE)
      return vl_diag_set(d, VL_EIO,
                         "transfer cut short after %zu bytes (the server "
                         "promised more)", x.got);
    if (cc != CURLE_OK) {
      /* libcurl's own detail holds ports and timings: logged, not kept. */
      if (errbuf[0]) vl_log(VL_LOG_INFO, "%s: %s", ss->src->name, errbuf);
      if (cc == CURLE_OPERATION_TIMEDOUT)
        return vl_diag_set(d, VL_EIO,
                           "timeout: no complete answer within %ld s "
                           "(attempts: %ld)", ss->c->timeout, attempt + 1);
      return vl_diag_set(d, VL_EIO, "%s", curl_easy_strerror(cc));
    }
    if (g->status == 200 || g->status == 304) {
      snprintf(g->etag_out, sizeof(g->etag_out), "%s", x.etag);
      snprintf(g->lm_out, sizeof(g->lm_out), "%s", x.last_modified);
      return 0;
    }
    if (g->status == 429 || g->status >= 500)
      return vl_diag_set(d, VL_EIO, "HTTP %ld after %ld attempts", g->status,
                         attempt + 1);
    if (g->status == 401 || g->status == 403)
      return vl_diag_set(d, VL_EDENIED,
                         "HTTP %ld: access denied (check the API key)",
                         g->status);
    if (g->status == 404)
      return vl_diag_set(d, VL_ENOTFOUND, "HTTP 404: %s",
                         x.message[0] ? x.message : "not found");
    return vl_diag_set(d, VL_EIO, "HTTP %ld%s%s", g->status,
                       x.message[0] ? ": " : "", x.message);
  }
}

/* ---------------------------------------------------------- the sync */

/* Removes the temporary files of syncs that were killed (SIGKILL, power
 * loss) in dir: ours by name, untouched for a day (a live download writes
 * to its file all the time). */
static void sweep_tmp(const char *dir) {
  DIR *dh = opendir(dir);
  if (!dh) return;
  time_t now = time(NULL);
  struct dirent *e;
  while ((e = readdir(dh))) {
    char p[4096];
    struct stat sb;
    if (strncmp(e->d_name, ".vulnloop-fetch-", 16) ||
        strlen(e->d_name) != 22)
      continue;
    snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
    if (!lstat(p, &sb) && S_ISREG(sb.st_mode) &&
        now - sb.st_mtime > 24 * 3600) {
      vl_log(VL_LOG_INFO, "removing %s, left by a killed sync", p);
      remove(p);
    }
  }
  closedir(dh);
}

/* A temporary file name in the database's directory. */
static int make_tmp(const char *db_path, char *out, size_t size,
                    struct vl_diag *d) {
  const char *slash = strrchr(db_path, '/');
  int n;
  if (slash) {
    char dir[4096];
    snprintf(dir, sizeof(dir), "%.*s", (int)(slash - db_path), db_path);
    sweep_tmp(dir[0] ? dir : "/");
  } else {
    sweep_tmp(".");
  }
  if (slash)
    n = snprintf(out, size, "%.*s/.vulnloop-fetch-XXXXXX",
                 (int)(slash - db_path), db_path);
  else
    n = snprintf(out, size, ".vulnloop-fetch-XXXXXX");
  if (n < 0 || (size_t)n >= size)
    return vl_diag_set(d, VL_ETOOBIG, "database path too long");
  int fd = mkstemp(out);
  if (fd < 0) return vl_diag_set(d, VL_EIO, "%s: %s", out, strerror(errno));
  close(fd);
  return 0;
}

static int import_file(struct vl_store *s, const char *path,
                       struct vl_fetch_result *r, struct vl_diag *d) {
  struct vl_feed_stats st;
  int rc = vl_feed_import(s, path, &st, d);
  if (rc) return rc;
  r->records += st.records;
  r->changed += st.changed;
  return 0;
}

int vl_fetch_get(struct vl_fetch_session *ss, const char *url,
                 const char *tmp, struct vl_diag *d) {
  struct get g;
  memset(&g, 0, sizeof(g));
  g.url = url;
  g.tmp = tmp;
  int rc = http_get(ss, &g, d);
  if (!rc && g.status != 200)
    rc = vl_diag_set(d, VL_EIO, "HTTP %ld", g.status);
  return rc;
}

int vl_fetch_import(struct vl_store *s, const char *path,
                    struct vl_fetch_result *r, struct vl_diag *d) {
  return import_file(s, path, r, d);
}

const struct vl_fetch_source *vl_fetch_session_source(
    const struct vl_fetch_session *ss) {
  return ss->src;
}

struct vl_fetch_result *vl_fetch_session_result(struct vl_fetch_session *ss) {
  return ss->r;
}

static int name_cmp(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every regular file of the mirror directory, in name order. */
static int sync_mirror(struct vl_store *s, const struct vl_fetch_source *src,
                       struct vl_fetch_result *r, struct vl_diag *d) {
  DIR *dir = opendir(src->mirror);
  char **names = NULL;
  size_t n = 0;
  int rc = 0;
  if (!dir) return vl_diag_set(d, VL_EIO, "%s: %s", src->mirror,
                               strerror(errno));
  names = calloc(MIRROR_FILES_MAX, sizeof(*names));
  if (!names) {
    rc = vl_diag_set(d, VL_ENOMEM, "out of memory");
    goto out;
  }
  struct dirent *e;
  while ((e = readdir(dir))) {
    if (e->d_name[0] == '.') continue;
    if (n == MIRROR_FILES_MAX) {
      rc = vl_diag_set(d, VL_ETOOBIG, "%s: more than %d files", src->mirror,
                       MIRROR_FILES_MAX);
      goto out;
    }
    if (!(names[n] = strdup(e->d_name))) {
      rc = vl_diag_set(d, VL_ENOMEM, "out of memory");
      goto out;
    }
    n++;
  }
  if (!n) {
    rc = vl_diag_set(d, VL_ENOTFOUND, "%s: no files", src->mirror);
    goto out;
  }
  qsort(names, n, sizeof(*names), name_cmp);
  for (size_t i = 0; i < n && !rc; i++) {
    char p[4096];
    struct stat sb;
    snprintf(p, sizeof(p), "%s/%s", src->mirror, names[i]);
    if (stat(p, &sb) || !S_ISREG(sb.st_mode)) continue;
    rc = import_file(s, p, r, d);
  }
out:
  for (size_t i = 0; names && i < n; i++) free(names[i]);
  free(names);
  closedir(dir);
  return rc;
}

struct page_info {
  long total, start, per_page, count;
  int have_total;
};

static int page_root(void *ud, const struct vl_jv *root, long line,
                     struct vl_diag *d) {
  struct page_info *p = ud;
  (void)line;
  (void)d;
  const struct vl_jv *t = vl_jv_get(root, "totalResults");
  if (t && t->type == VL_JNUM && t->num >= 0 && t->num < 1e9) {
    p->total = (long)t->num;
    p->have_total = 1;
  }
  /* Hostile numbers stay in range before any conversion. */
  double st = vl_jv_num(root, "startIndex", -1);
  double pp = vl_jv_num(root, "resultsPerPage", -1);
  p->start = st >= 0 && st < 1e9 ? (long)st : -1;
  p->per_page = pp >= 0 && pp < 1e9 ? (long)pp : -1;
  return 0;
}

static int page_rec(void *ud, const struct vl_jv *rec,
                    const struct vl_jrec_info *info, struct vl_diag *d) {
  struct page_info *p = ud;
  (void)rec, (void)info, (void)d;
  p->count++;
  return 0;
}

static int nvd_url(char *out, size_t size, const char *base, vl_time from,
                   vl_time to, long start, long per_page) {
  char a[32], b[32];
  vl_time_format(from, a, sizeof(a));
  vl_time_format(to, b, sizeof(b));
  /* NVD requires an explicit offset (a bare time or "Z" has been refused
   * with 404 "Invalid ISO 8601 date/time format"): "...T09:00:00.000+00:00",
   * the '+' URL-encoded. */
  a[19] = b[19] = '\0';
  int n = snprintf(out, size,
                   "%s%slastModStartDate=%s.000%%2B00:00"
                   "&lastModEndDate=%s.000%%2B00:00"
                   "&startIndex=%ld&resultsPerPage=%ld",
                   base, strchr(base, '?') ? "&" : "?", a, b, start, per_page);
  return n < 0 || (size_t)n >= size ? VL_ETOOBIG : 0;
}

static int sync_nvd(struct vl_fetch_session *ss, struct vl_store *s, const char *tmp,
                    struct vl_feed_sync *fs, struct vl_diag *d) {
  static const char *const keys[] = {"vulnerabilities", NULL};
  static const struct vl_json_opts opts = {.stream_keys = keys, .max_record_bytes = 64u << 20,
      .max_root_bytes = 1u << 20, .max_depth = 64};
  vl_time now = vl_time_now();
  int rc;
  /* Rows written between pages say the sync is under way: a process
   * killed here leaves "partial" and the page to resume at. */
  fs->result = "partial";
  fs->error = NULL;
  for (long w = 0; w < NVD_WINDOWS_MAX; w++) {
    if (!fs->window_start) {   /* open the next window */
      vl_time from = fs->cursor ? fs->cursor : ss->src->start;
      if (from >= now) break;
      fs->window_start = from;
      fs->window_end = from + NVD_WINDOW < now ? from + NVD_WINDOW : now;
      fs->next_index = 0;
    }
    for (long pg = 0;; pg++) {
      char url[URL_MAX];
      if (pg >= NVD_PAGES_MAX)
        return vl_diag_set(d, VL_ETOOBIG, "more than %ld pages",
                           NVD_PAGES_MAX);
      if (nvd_url(url, sizeof(url), ss->src->url, fs->window_start,
                  fs->window_end, fs->next_index, ss->src->page_size))
        return vl_diag_set(d, VL_ETOOBIG, "URL too long");
      struct get g;
      memset(&g, 0, sizeof(g));
      g.url = url;
      g.api_key = ss->src->api_key;
      g.tmp = tmp;
      if ((rc = http_get(ss, &g, d))) return rc;
      if (g.status != 200)
        return vl_diag_set(d, VL_EIO, "HTTP %ld", g.status);
      struct page_info pi = {0, -1, -1, 0, 0};
      if ((rc = vl_json_stream_file(tmp, &opts, page_rec, page_root, &pi, d)))
        return rc;
      if (!pi.have_total || pi.start != fs->next_index) {
        vl_diag_where(d, NULL, 0, "$");
        return vl_diag_set(d, VL_EINVAL,
                           "not an NVD API 2.0 page for startIndex %ld",
                           fs->next_index);
      }
      if (pi.count && (rc = import_file(s, tmp, ss->r, d))) return rc;
      ss->r->pages++;
      fs->next_index += pi.count;
      /* Progress is recorded after each page: a sync interrupted here
       * resumes at the next page of this window. */
      fs->rate_log = limiter_text(ss->lim);
      if ((rc = vl_store_feed_sync_put(s, fs, d))) return rc;
      if (fs->next_index >= pi.total || !pi.count) break;
    }
    fs->cursor = fs->window_end;
    fs->window_start = fs->window_end = 0;
    fs->next_index = 0;
    ss->r->windows++;
    if ((rc = vl_store_feed_sync_put(s, fs, d))) return rc;
  }
  return 0;
}

int vl_fetch_sync(struct vl_store *s, const char *db_path,
                  const struct vl_fetch_config *c,
                  const struct vl_fetch_source *src,
                  const volatile sig_atomic_t *cancel,
                  struct vl_fetch_result *r, struct vl_diag *d) {
  struct vl_arena *a = NULL;
  struct vl_feed_sync fs;
  struct limiter lim;
  char tmp[4096] = "";
  int rc = vl_arena_new(1u << 20, &a);
  memset(r, 0, sizeof(*r));
  r->result = "failed";
  if (rc) return vl_diag_set(d, rc, "out of memory");
  rc = vl_store_feed_sync_get(s, src->name, a, &fs, d);
  if (rc == VL_ENOTFOUND) {
    memset(&fs, 0, sizeof(fs));
    fs.source = src->name;
    rc = 0;
  }
  if (rc) goto out;
  fs.location = src->url ? src->url : src->mirror;
  fs.attempted = vl_time_now();
  struct vl_fetch_session ss = {c, src, cancel, r, NULL,
                       env_ms("VULNLOOP_FETCH_BACKOFF_MS", 1000)};
  if (src->kind == VL_FETCH_NVD && src->url) {
    memset(&lim, 0, sizeof(lim));
    lim.limit = src->api_key ? NVD_LIMIT_KEY : NVD_LIMIT_NOKEY;
    lim.window_ms = env_ms("VULNLOOP_FETCH_RATE_WINDOW_MS", 30000);
    limiter_load(&lim, fs.rate_log);
    ss.lim = &lim;
  }
  if (src->mirror) {
    rc = sync_mirror(s, src, r, d);
  } else {
    if ((rc = make_tmp(db_path, tmp, sizeof(tmp), d))) {
      tmp[0] = '\0';
      goto record;
    }
    if (src->kind == VL_FETCH_NVD) {
      rc = sync_nvd(&ss, s, tmp, &fs, d);
    } else if (src->kind == VL_FETCH_CSAF_PROVIDER) {
      rc = vl_provider_sync(&ss, s, tmp, &fs, d);
    } else if (src->kind == VL_FETCH_MYJVN) {
      rc = vl_myjvn_sync(&ss, s, tmp, &fs, d);
    } else {
      struct get g;
      memset(&g, 0, sizeof(g));
      g.url = src->url;
      g.etag = fs.etag;
      g.last_modified = fs.last_modified;
      g.tmp = tmp;
      rc = http_get(&ss, &g, d);
      if (!rc && g.status == 304) {
        r->result = "unchanged";
      } else if (!rc) {
        rc = import_file(s, tmp, r, d);
        if (!rc) {  /* validators count only once their body is imported */
          fs.etag = g.etag_out[0] ? vl_arena_strdup(a, g.etag_out) : NULL;
          fs.last_modified =
              g.lm_out[0] ? vl_arena_strdup(a, g.lm_out) : NULL;
        }
      }
    }
  }
record:
  if (tmp[0]) remove(tmp);
  if (ss.lim) {
    r->rate_waits = ss.lim->waits;
    fs.rate_log = limiter_text(ss.lim);
  }
  if (!rc && strcmp(r->result, "unchanged"))
    r->result = r->changed ? "changed" : "unchanged";
  fs.http_status = r->http_status;
  fs.requests = r->requests;
  /* The temporary file's random name means nothing to the user: errors
   * in a download name where it came from. */
  if (rc && d && (!d->file[0] || (tmp[0] && !strcmp(d->file, tmp))))
    snprintf(d->file, sizeof(d->file), "%s", fs.location);
  if (rc) {
    char msg[VL_DIAG_MSG_MAX + VL_DIAG_PATH_MAX + 16];
    if (d && d->path[0])
      snprintf(msg, sizeof(msg), "%s: %s", d->path, d->msg);
    else
      snprintf(msg, sizeof(msg), "%s", d ? d->msg : vl_strerror(rc));
    fs.result = "failed";
    fs.error = msg;
    struct vl_diag d2;
    vl_diag_clear(&d2);
    vl_store_feed_sync_put(s, &fs, &d2);
  } else {
    fs.result = r->result;
    fs.error = NULL;
    fs.succeeded = vl_time_now();
    if (strcmp(r->result, "unchanged") || src->kind == VL_FETCH_NVD ||
        src->kind == VL_FETCH_CSAF_PROVIDER || src->kind == VL_FETCH_MYJVN ||
        src->mirror) {
      fs.records = r->records;
      fs.changed = r->changed;
    } else {
      fs.changed = 0;
    }
    rc = vl_store_feed_sync_put(s, &fs, d);
  }
out:
  vl_arena_free(a);
  return rc;
}
