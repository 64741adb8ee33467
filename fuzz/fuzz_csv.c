/* Fuzz target: the CMDB CSV importer (CSV reader, CPE validation, asset
 * grouping, the store) on arbitrary bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "vulnloop/scope.h"
#include "vulnloop/store.h"

static struct vl_store *store;
static struct vl_ctx ctx;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct vl_diag d;
  vl_diag_clear(&d);
  if (!store) {
    if (vl_store_open(":memory:", &store, &d)) abort();
    if (vl_ctx_init(&ctx, store, "fuzz", "fuzzer", &d)) abort();
  }
  char path[64];
  int fd = fuzz_input_file("cmdb", data, size, path);
  if (fd < 0) return 0;
  struct vl_inventory_stats st;
  int rc = vl_inventory_import_csv(&ctx, path, "inventory", &st, &d);
  if (rc && !d.msg[0]) abort();
  close(fd);
  return 0;
}
