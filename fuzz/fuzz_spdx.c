/* Fuzz target: the SPDX importer, JSON or tag-value by the first byte ('{'
 * is JSON), through the inventory writer into an in-memory store.  Every
 * other input also names the asset (--asset).  Invariants: a failure names
 * the input with a message, and a failed import leaves the store's counts
 * exactly as they were. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "vulnloop/scope.h"
#include "vulnloop/store.h"

static struct vl_store *store;
static struct vl_ctx ctx;
static unsigned long runs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct vl_diag d;
  vl_diag_clear(&d);
  if (!store) {
    vl_log_set_level(VL_LOG_ERROR);
    if (vl_store_open(":memory:", &store, &d)) abort();
    if (vl_ctx_init(&ctx, store, "default", "fuzz", &d)) abort();
  }
  size_t i = 0;
  while (i < size && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t'))
    i++;
  const char *format = i < size && data[i] == '{' ? "spdx-json" : "spdx-tv";
  char path[64];
  int fd = fuzz_input_file("spdx", data, size, path);
  if (fd < 0) return 0;
  struct vl_inv_opts opts = {(runs++ & 1) ? "fuzz-asset" : NULL, NULL};
  struct vl_store_counts before, after;
  if (vl_store_counts(&ctx, &before, &d)) abort();
  struct vl_inventory_stats st;
  int rc = vl_inventory_import(&ctx, path, format, "inventory", &opts, &st, &d);
  if (rc) {
    if (!d.msg[0]) abort();
    if (vl_store_counts(&ctx, &after, &d)) abort();
    if (memcmp(&before, &after, sizeof(before)) != 0) abort();
  }
  close(fd);
  return 0;
}
