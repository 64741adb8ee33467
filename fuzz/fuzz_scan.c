/* Fuzz targets fuzz_nessus, fuzz_openvas, fuzz_qualys: one scanner-report
 * importer each (FUZZ_SCAN_FORMAT, set by fuzz/meson.build), through the
 * scan writer and the store, on arbitrary bytes.  Invariants: a failure
 * names the input with a message, and a failed import leaves the store's
 * counts (assets, findings) exactly as they were. */
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
  int fd = fuzz_input_file(FUZZ_SCAN_FORMAT, data, size, path);
  if (fd < 0) return 0;
  struct vl_store_counts before, after;
  if (vl_store_counts(&ctx, &before, &d)) abort();
  struct vl_scan_stats st;
  int rc = vl_scan_import(&ctx, path, FUZZ_SCAN_FORMAT, "scan", &st, &d);
  if (rc) {
    if (!d.msg[0]) abort();
    if (vl_store_counts(&ctx, &after, &d)) abort();
    if (memcmp(&before, &after, sizeof(before)) != 0) abort();
  } else if (st.findings_new > st.findings || st.credentialed > st.hosts) {
    abort();
  }
  /* The sniffer must not read past what it is given. */
  (void)vl_scan_sniff((const char *)data, size < 4096 ? size : 4096);
  close(fd);
  return 0;
}
