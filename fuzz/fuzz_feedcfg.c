/* Fuzz target: the feed-sync configuration parser (a JSON file naming
 * sources, URLs, mirrors and API-key settings). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vulnloop/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  int fd = memfd_create("feeds", 0);
  if (fd < 0) return 0;
  if (size && write(fd, data, size) != (ssize_t)size) {
    close(fd);
    return 0;
  }
  char path[64];
  snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
  struct vl_fetch_config *c = NULL;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_fetch_config_load(path, &c, &d);
  if (rc && !d.msg[0]) abort(); /* a refusal always says why */
  if (!rc && !c) abort();
  vl_fetch_config_free(c);
  close(fd);
  return 0;
}
