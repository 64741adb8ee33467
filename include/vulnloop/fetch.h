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
 *
 * Ownership: a loaded configuration owns all its strings (one arena) and is
 * freed with vl_fetch_config_free().  API keys are never printed or logged. */
#ifndef VULNLOOP_FETCH_H
#define VULNLOOP_FETCH_H

#include <signal.h>

#include "vulnloop/core.h"

struct vl_store;

#define VL_FETCH_SOURCES_MAX 32

enum vl_fetch_kind { VL_FETCH_FILE, VL_FETCH_NVD };

struct vl_fetch_source {
  const char *name;        /* "kev", "epss", "nvd", or any other name */
  enum vl_fetch_kind kind; /* NVD API paging for "nvd", a file otherwise */
  const char *url;         /* http(s) URL, or NULL when mirror is set */
  const char *mirror;      /* local directory imported instead, or NULL */
  const char *api_key;     /* NVD key (from the file or the environment) */
  long page_size;          /* NVD resultsPerPage (1..2000) */
  vl_time start;           /* NVD: lastModStartDate of the first sync */
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

/* Test hooks (environment):
 *   VULNLOOP_FETCH_RATE_WINDOW_MS  length of NVD's rate window (30000)
 *   VULNLOOP_FETCH_BACKOFF_MS      first retry delay (1000), doubled each
 *                                  time; Retry-After is honoured as given,
 *                                  scaled by the same factor over 1000. */

#endif
