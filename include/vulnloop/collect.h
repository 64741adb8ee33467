/* ① Collect: importing vulnerability intelligence into the store.
 *
 * vl_feed_import() reads one file, detects its format from its content
 * (not its name), and upserts every record inside one transaction: a file
 * that fails leaves the store exactly as it was. */
#ifndef VULNLOOP_COLLECT_H
#define VULNLOOP_COLLECT_H

#include "vulnloop/core.h"

struct vl_store;

struct vl_feed_stats {
  const char *format;  /* static name: "nvd-api-2.0", "nvd-1.1", "cve5",
                          "kev-json", "kev-csv" */
  long records;        /* records read */
  long changed;        /* records inserted or replaced */
  long unchanged;      /* records already current */
};

/* Imports path (plain or gzip).  Errors name the file and the line and JSON
 * path or CSV line of the offending record. */
int vl_feed_import(struct vl_store *s, const char *path,
                   struct vl_feed_stats *st, struct vl_diag *d);

#endif
