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
#include "fuzz_inventory.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64];
  int fd = fuzz_input_file("nmap", data, size, path);
  if (fd < 0) return 0;
  fuzz_inventory_import(path, "nmap-xml", NULL);
  close(fd);
  return 0;
}
