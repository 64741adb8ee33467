/* Shared by the inventory importers' fuzz targets: one in-memory store for
 * the whole run, and an import checked for the invariants every importer
 * keeps -- a failure names the input with a message, and a failed import
 * leaves the store's counts exactly as they were. */
#ifndef FUZZ_INVENTORY_H
#define FUZZ_INVENTORY_H

#include <stdlib.h>
#include <string.h>

#include "vulnloop/scope.h"
#include "vulnloop/store.h"

/* The run's store and tenant, opened at the first call. */
static inline const struct vl_ctx *fuzz_inventory_ctx(void) {
  static struct vl_store *store;
  static struct vl_ctx ctx;
  if (!store) {
    struct vl_diag d;
    vl_diag_clear(&d);
    vl_log_set_level(VL_LOG_ERROR);
    if (vl_store_open(":memory:", &store, &d)) abort();
    if (vl_ctx_init(&ctx, store, "default", "fuzz", &d)) abort();
  }
  return &ctx;
}

/* Imports path as format (opts may be NULL); aborts if an invariant
 * breaks. */
static inline void fuzz_inventory_import(const char *path, const char *format,
                                         const struct vl_inv_opts *opts) {
  const struct vl_ctx *ctx = fuzz_inventory_ctx();
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_store_counts before, after;
  struct vl_inventory_stats st;
  if (vl_store_counts(ctx, &before, &d)) abort();
  if (vl_inventory_import(ctx, path, format, "inventory", opts, &st, &d)) {
    if (!d.msg[0]) abort();
    if (vl_store_counts(ctx, &after, &d)) abort();
    if (memcmp(&before, &after, sizeof(before)) != 0) abort();
  }
}

#endif
