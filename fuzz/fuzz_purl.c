/* libFuzzer target for lib/ident/vl_purl.c.
 *
 * Invariants checked on every input that parses:
 *  - the canonical string parses again and is its own canonical form;
 *  - building from the parsed components gives the same canonical string. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/purl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct vl_arena *a;
  struct vl_purl p, p2, p3;
  struct vl_diag d;
  struct vl_buf c1, c2, c3;
  if (vl_arena_new(1 << 22, &a)) return 0;
  vl_buf_init(&c1, 1 << 20);
  vl_buf_init(&c2, 1 << 20);
  vl_buf_init(&c3, 1 << 20);
  if (vl_purl_parse(a, (const char *)data, size, 0, &p, &d) == 0) {
    int rc = vl_purl_to_string(&p, &c1);
    if (rc == VL_ETOOBIG) goto out; /* canonical form past the cap: refused */
    if (rc) abort();
    if (vl_purl_parse(a, c1.data, c1.len, 0, &p2, &d)) {
      fprintf(stderr, "canonical %s does not parse: %s\n", c1.data, d.msg);
      abort();
    }
    if (vl_purl_to_string(&p2, &c2) || strcmp(c1.data, c2.data)) {
      fprintf(stderr, "canonical not stable: %s -> %s\n", c1.data, c2.data);
      abort();
    }
    if (vl_purl_build(a, &p, 0, &p3, &d)) {
      fprintf(stderr, "components of %s do not build: %s\n", c1.data, d.msg);
      abort();
    }
    if (vl_purl_to_string(&p3, &c3) || strcmp(c1.data, c3.data)) {
      fprintf(stderr, "build differs: %s vs %s\n", c1.data, c3.data);
      abort();
    }
  }
out:
  vl_buf_free(&c1);
  vl_buf_free(&c2);
  vl_buf_free(&c3);
  vl_arena_free(a);
  return 0;
}
