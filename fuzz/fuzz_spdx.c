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
#include "fuzz_inventory.h"

static unsigned long runs;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  size_t i = 0;
  while (i < size && (data[i] == ' ' || data[i] == '\n' || data[i] == '\t'))
    i++;
  const char *format = i < size && data[i] == '{' ? "spdx-json" : "spdx-tv";
  char path[64];
  int fd = fuzz_input_file("spdx", data, size, path);
  if (fd < 0) return 0;
  struct vl_inv_opts opts = {(runs++ & 1) ? "fuzz-asset" : NULL, NULL};
  fuzz_inventory_import(path, format, &opts);
  close(fd);
  return 0;
}
