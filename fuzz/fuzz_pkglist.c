/* Fuzz target: the package-list parsers on arbitrary bytes: os-release, a
 * Debian changelog, and the dpkg status, rpm -qa and apk installed imports
 * (through the inventory writer and the store).  Invariants: a failure
 * comes with a message, and a failed import leaves the store's counts
 * exactly as they were. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "fuzz_inventory.h"
#include "vulnloop/scope.h"
#include "vulnloop/store.h"

static int on_cve(void *ud, const char *version, const char *cve, long line) {
  (void)ud;
  /* What the reader hands out is a CVE id of an entry it dated. */
  if (strncmp(cve, "CVE-", 4) != 0 || strlen(cve) < 13 || !*version ||
      line < 1)
    abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_os_release os;
  if (vl_os_release_parse((const char *)data, size, "fuzz", &os, &d)) {
    if (!d.msg[0]) abort();
  } else if (!os.id[0] || strncmp(os.cpe, "cpe:2.3:", 8) != 0) {
    abort();
  }
  vl_diag_clear(&d);
  if (vl_changelog_cves((const char *)data, size, "fuzz", "1:2.0-1", on_cve,
                        NULL, &d) &&
      !d.msg[0])
    abort();
  char path[64];
  int fd = fuzz_input_file("pkglist", data, size, path);
  if (fd < 0) return 0;
  static const char *formats[] = {"dpkg-status", "rpm-qa", "apk-installed"};
  struct vl_inv_opts opts = {"fuzz-host", NULL};
  for (size_t i = 0; i < 3; i++) fuzz_inventory_import(path, formats[i], &opts);
  close(fd);
  return 0;
}
