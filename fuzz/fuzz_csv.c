/* Fuzz target: the CMDB CSV importer (CSV reader, CPE validation, asset
 * grouping, the store) on arbitrary bytes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

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
  int fd = memfd_create("cmdb", 0);
  if (fd < 0) return 0;
  if (size && write(fd, data, size) != (ssize_t)size) {
    close(fd);
    return 0;
  }
  char path[64];
  snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  struct vl_inventory_stats st;
  int rc = vl_inventory_import_csv(&ctx, path, "inventory", &st, &d);
  if (rc && !d.msg[0]) abort();
  close(fd);
  return 0;
}
