/* Fuzz target: the Nmap XML importer (the safe XML reader, hosts, ports,
 * CPEs, the inventory writer and the store) on arbitrary bytes.
 * Invariants: a failure comes with a message, and a failed import leaves
 * the store's counts exactly as they were. */
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct vl_diag d;
  vl_diag_clear(&d);
  if (!store) {
    if (vl_store_open(":memory:", &store, &d)) abort();
    if (vl_ctx_init(&ctx, store, "default", "fuzz", &d)) abort();
  }
  char path[64];
  int fd = fuzz_input_file("nmap", data, size, path);
  if (fd < 0) return 0;
  struct vl_store_counts before, after;
  struct vl_inventory_stats st;
  if (vl_store_counts(&ctx, &before, &d)) abort();
  if (vl_inventory_import(&ctx, path, "nmap-xml", "inventory", NULL, &st,
                          &d)) {
    if (!d.msg[0]) abort();
    if (vl_store_counts(&ctx, &after, &d)) abort();
    if (memcmp(&before, &after, sizeof(before)) != 0) abort();
  }
  close(fd);
  return 0;
}
