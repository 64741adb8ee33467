/* Fuzz target: the FIRST EPSS score file reader (every layout: the
 * comment line, the header, scores and percentiles), through
 * vl_feed_import on arbitrary bytes: format detection, the CSV reader and
 * the store.  The seed corpus starts with the format's header so that the
 * mutations reach the rows. */
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
  int fd = fuzz_input_file("epss_scores-2026-11-15.csv", data, size, path);
  if (fd < 0) return 0;
  struct vl_feed_stats st;
  int rc = vl_feed_import(store, path, &st, &d);
  /* A failure must come with a message; a success must have read rows. */
  if (rc && !d.msg[0]) abort();
  if (!rc && st.records <= 0) abort();
  close(fd);
  return 0;
}
