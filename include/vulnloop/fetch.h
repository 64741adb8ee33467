/* ① Collect: fetching feeds over HTTP(S) (libcurl) or from a local mirror
 * directory, then importing them with vl_feed_import().
 *
 * A download goes to a temporary file in the database's directory and is
 * imported in one transaction; the temporary file is always removed, so an
 * interrupted sync leaves no partial state.  Conditional requests (ETag,
 * Last-Modified) make an unchanged feed cost one 304.  The NVD API 2.0 is
 * fetched page by page in windows of at most 120 days of lastModified,
 * under NVD's rate limit; each page is imported as it arrives and the
 * progress recorded, so that an interrupted sync resumes at the next page.
 * CSAF providers (vl_provider.c) and the MyJVN API (vl_myjvn.c) list
 * documents; each is fetched, checked (CSAF: its published SHA-512 or
 * SHA-256) and imported in its own transaction, and recorded in the store
 * (feed_docs), so that a sync resumes without fetching them again.  OSV
 * ecosystem archives are single files with conditional requests.
 *
 * Ownership: a loaded configuration owns all its strings (one arena) and is
 * freed with vl_fetch_config_free().  API keys are never printed or logged. */
#ifndef VULNLOOP_FETCH_H
#define VULNLOOP_FETCH_H

#include <signal.h>

#include "vulnloop/core.h"

struct vl_store;

#define VL_FETCH_SOURCES_MAX 32

enum vl_fetch_kind {
  VL_FETCH_FILE,           /* one file, format detected from its content */
  VL_FETCH_NVD,            /* the NVD API 2.0, paged */
  VL_FETCH_CSAF_PROVIDER,  /* a CSAF 2.0 provider-metadata.json */
  VL_FETCH_MYJVN,          /* MyJVN API: overview list, then details */
  VL_FETCH_OSV             /* an OSV ecosystem archive (all.zip) */
};

struct vl_fetch_source {
  const char *name;        /* "kev", "epss", "nvd", or any other name */
  enum vl_fetch_kind kind; /* "kind" in the file; default: NVD API paging
                              for "nvd", a file otherwise */
  const char *url;         /* http(s) URL, or NULL when mirror is set */
  const char *mirror;      /* local directory imported instead, or NULL */
  const char *api_key;     /* NVD key (from the file or the environment) */
  long page_size;          /* NVD resultsPerPage (1..2000) */
  vl_time start;           /* NVD: lastModStartDate of the first sync;
                              MyJVN: dateLastUpdated start of the first */
  const char *lang;        /* MyJVN: "ja" or "en" */
  long batch;              /* MyJVN: ids per getVulnDetailInfo (1..10) */
};

struct vl_fetch_config {
  const char *file;        /* the configuration's path */
  struct vl_fetch_source src[VL_FETCH_SOURCES_MAX];
  size_t n;                /* sources configured */
  long timeout;            /* seconds per request (whole transfer) */
  long connect_timeout;    /* seconds to connect */
  long retries;            /* retries after 429/5xx/timeouts */
  size_t max_bytes;        /* cap of one download */
  struct vl_arena *arena;  /* owns every string above */
};

/* Loads the JSON configuration at path (format: docs/formats.md, "Feed
 * sources").  Errors name the file, line and JSON path.  Caller frees
 * *out with vl_fetch_config_free(). */
int vl_fetch_config_load(const char *path, struct vl_fetch_config **out,
                         struct vl_diag *d);
void vl_fetch_config_free(struct vl_fetch_config *c);
/* The source named name, or NULL. */
const struct vl_fetch_source *vl_fetch_config_find(
    const struct vl_fetch_config *c, const char *name);

/* What one sync of one source did. */
struct vl_fetch_result {
  const char *result;      /* static: "changed", "unchanged", "failed" */
  long http_status;        /* last HTTP status, 0 if none */
  long records;            /* records read */
  long changed;            /* records inserted or replaced */
  long requests;           /* HTTP requests made */
  long retries;            /* of which retries */
  long rate_waits;         /* times the NVD rate limiter made us wait */
  long pages;              /* NVD pages imported */
  long windows;            /* NVD windows completed */
  long documents;          /* CSAF/MyJVN documents imported */
  long skipped;            /* CSAF documents already current */
  long doc_failures;       /* CSAF documents refused (404, bad import) */
  long hash_failures;      /* of which hash mismatches or missing hashes */
};

/* Syncs one source into s; temporary files go to the directory of
 * db_path.  cancel (may be NULL) is polled during transfers: when it
 * becomes non-zero the sync stops with VL_ESTATE.  The outcome, success or
 * failure, is recorded in the store (vl_store_feed_sync_put). */
int vl_fetch_sync(struct vl_store *s, const char *db_path,
                  const struct vl_fetch_config *c,
                  const struct vl_fetch_source *src,
                  const volatile sig_atomic_t *cancel,
                  struct vl_fetch_result *r, struct vl_diag *d);

/* ------------------------------------------------------------------
 * Between the fetchers of lib/collect (vl_fetch.c, vl_provider.c,
 * vl_myjvn.c); not for front ends.  A session is one sync of one source:
 * its configuration, retries, counters and cancel flag. */
struct vl_fetch_session;
struct vl_feed_sync;

/* GET url with the session's retries and caps into the file tmp
 * (truncated first).  0 for HTTP 200; other answers are errors in d (a 404
 * is VL_ENOTFOUND).  Counts requests and retries in the session's result. */
int vl_fetch_get(struct vl_fetch_session *ss, const char *url,
                 const char *tmp, struct vl_diag *d);
/* vl_feed_import() of path, adding its counts to r. */
int vl_fetch_import(struct vl_store *s, const char *path,
                    struct vl_fetch_result *r, struct vl_diag *d);
/* The source and result of a session (borrowed). */
const struct vl_fetch_source *vl_fetch_session_source(
    const struct vl_fetch_session *ss);
struct vl_fetch_result *vl_fetch_session_result(struct vl_fetch_session *ss);

/* CSAF provider sync (vl_provider.c): fs is the source's row (cursor = the
 * newest change time fully synced); tmp a scratch file. */
int vl_provider_sync(struct vl_fetch_session *ss, struct vl_store *s,
                     const char *tmp, struct vl_feed_sync *fs,
                     struct vl_diag *d);
/* MyJVN sync (vl_myjvn.c): overview pages from fs->cursor (or the
 * source's start), then details in batches. */
int vl_myjvn_sync(struct vl_fetch_session *ss, struct vl_store *s,
                  const char *tmp, struct vl_feed_sync *fs,
                  struct vl_diag *d);

/* CSAF provider parsers, exposed for the fuzz target and unit tests.
 * Strings live in arena a; name is used in messages. */
struct vl_provider_meta {
  const char **feeds;      /* ROLIE feed URLs */
  size_t n_feeds;
  const char **dirs;       /* directory_url values */
  size_t n_dirs;
};
struct vl_provider_doc {
  const char *url;         /* the advisory document */
  const char *hash_url;    /* its .sha256/.sha512, or NULL (directory:
                              tried as url + ".sha512", then ".sha256") */
  vl_time updated;         /* change time from the feed or changes.csv */
};
struct vl_provider_docs {
  struct vl_provider_doc *v;
  size_t n, cap;
  vl_time newest;          /* newest time listed (all rows, not only new) */
};
/* provider-metadata.json (CSAF 2.0 section 7.1.20). */
int vl_provider_meta_parse(const char *name, const char *buf, size_t len,
                           struct vl_arena *a, struct vl_provider_meta *out,
                           struct vl_diag *d);
/* A ROLIE feed: entries updated after since are appended to out. */
int vl_provider_rolie_parse(const char *name, const char *buf, size_t len,
                            vl_time since, struct vl_arena *a,
                            struct vl_provider_docs *out, struct vl_diag *d);
/* changes.csv ("path","time", newest first) under base (the directory
 * URL): rows changed after since are appended to out. */
int vl_provider_changes_parse(const char *name, const char *buf, size_t len,
                              const char *base, vl_time since,
                              struct vl_arena *a,
                              struct vl_provider_docs *out,
                              struct vl_diag *d);
/* index.txt (one path per line, relative to base): every document, with
 * no change time (updated 0: fetched once, when not imported yet). */
int vl_provider_index_parse(const char *name, const char *buf, size_t len,
                            const char *base, struct vl_arena *a,
                            struct vl_provider_docs *out, struct vl_diag *d);
/* Checks a hash file's text ("HEX  NAME" or "HEX") against the SHA-256 or
 * SHA-512 (by the hex length) of the file at path.  VL_EINVAL with a
 * message on a mismatch or an unreadable hash. */
int vl_provider_hash_check(const char *hash_text, size_t len,
                           const char *path, struct vl_diag *d);

/* Test hooks (environment):
 *   VULNLOOP_FETCH_RATE_WINDOW_MS  length of NVD's rate window (30000)
 *   VULNLOOP_FETCH_BACKOFF_MS      first retry delay (1000), doubled each
 *                                  time; Retry-After is honoured as given,
 *                                  scaled by the same factor over 1000. */

#endif
