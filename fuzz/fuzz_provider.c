/* Fuzz target: the CSAF provider parsers (provider-metadata.json, a ROLIE
 * feed, changes.csv, index.txt) and the hash-file check, on arbitrary
 * bytes.  The first byte picks the parser; the rest is the document.
 * Invariants: a refusal always says why; every document listed has a URL,
 * every URL is http(s) without spaces, and only documents changed after
 * `since` are listed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vulnloop/fetch.h"

static void check_url(const char *u) {
  if (!u || (strncmp(u, "http://", 7) && strncmp(u, "https://", 8))) abort();
  for (const char *c = u; *c; c++)
    if ((unsigned char)*c <= 0x20) abort();
}

static void check_docs(const struct vl_provider_docs *docs, vl_time since) {
  for (size_t i = 0; i < docs->n; i++) {
    check_url(docs->v[i].url);
    if (docs->v[i].hash_url) check_url(docs->v[i].hash_url);
    if (docs->v[i].updated <= since || docs->v[i].updated > docs->newest)
      abort();
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  const char *buf = (const char *)data + 1;
  size_t len = size - 1;
  const vl_time since = 1600000000;  /* 2020-09-13 */
  struct vl_arena *a = NULL;
  struct vl_diag d;
  vl_diag_clear(&d);
  if (vl_arena_new(64u << 20, &a)) abort();
  int rc = 0;
  switch (data[0] % 5) {
  case 0: {
    struct vl_provider_meta m;
    rc = vl_provider_meta_parse("fuzz", buf, len, a, &m, &d);
    if (!rc) {
      if (!m.n_feeds && !m.n_dirs) abort();
      for (size_t i = 0; i < m.n_feeds; i++) check_url(m.feeds[i]);
      for (size_t i = 0; i < m.n_dirs; i++) check_url(m.dirs[i]);
    }
    break;
  }
  case 1: {
    struct vl_provider_docs docs;
    memset(&docs, 0, sizeof(docs));
    rc = vl_provider_rolie_parse("fuzz", buf, len, since, a, &docs, &d);
    if (!rc) check_docs(&docs, since);
    break;
  }
  case 2: {
    struct vl_provider_docs docs;
    memset(&docs, 0, sizeof(docs));
    rc = vl_provider_changes_parse("fuzz", buf, len, "https://x.test/csaf",
                                   since, a, &docs, &d);
    if (!rc) {
      check_docs(&docs, since);
      for (size_t i = 0; i < docs.n; i++)
        if (strncmp(docs.v[i].url, "https://x.test/csaf/", 20) ||
            strstr(docs.v[i].url + 20, ".."))
          abort();
    }
    break;
  }
  case 3: {
    struct vl_provider_docs docs;
    memset(&docs, 0, sizeof(docs));
    rc = vl_provider_index_parse("fuzz", buf, len, "https://x.test/csaf", a,
                                 &docs, &d);
    if (!rc)
      for (size_t i = 0; i < docs.n; i++) {
        check_url(docs.v[i].url);
        if (strncmp(docs.v[i].url, "https://x.test/csaf/", 20) ||
            strstr(docs.v[i].url + 20, ".."))
          abort();
      }
    break;
  }
  default: {
    /* The hash file is the input; the document a fixed small file. */
    char path[] = "/tmp/fuzz-provider-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) break;
    if (write(fd, "{}\n", 3) != 3) abort();
    close(fd);
    rc = vl_provider_hash_check(buf, len, path, &d);
    remove(path);
    break;
  }
  }
  if (rc && !d.msg[0]) abort();
  vl_arena_free(a);
  return 0;
}
