/* Fuzz target: the whole feed importer on arbitrary bytes: format
 * detection, streaming JSON, and every importer vl_feed_import dispatches
 * to (NVD 2.0 and 1.1 with .zip, CVE JSON 5, KEV, EPSS, ExploitDB, JVN,
 * OSV with all.zip, the Debian tracker, Alpine secdb; the seeds in
 * corpus/nvd start one of each), and the store. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "vulnloop/collect.h"
#include "vulnloop/store.h"

static struct vl_store *store;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct vl_diag d;
  vl_diag_clear(&d);
  if (!store && vl_store_open(":memory:", &store, &d)) abort();
  char path[64];
  int fd = fuzz_input_file("feed", data, size, path);
  if (fd < 0) return 0;
  struct vl_feed_stats st;
  int rc = vl_feed_import(store, path, &st, &d);
  /* A failure must come with a message naming the input. */
  if (rc && !d.msg[0]) abort();
  close(fd);
  return 0;
}
