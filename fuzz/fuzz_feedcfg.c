/* Fuzz target: the feed-sync configuration parser (a JSON file naming
 * sources, URLs, mirrors and API-key settings). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "vulnloop/fetch.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[64];
  int fd = fuzz_input_file("feeds", data, size, path);
  if (fd < 0) return 0;
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
