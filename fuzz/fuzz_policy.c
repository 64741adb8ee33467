/* Fuzz target: the decision-policy parser.  Whatever parses must write out
 * and parse back to the same text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/decide.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static struct vl_policy p, q;
  struct vl_diag d;
  vl_diag_clear(&d);
  if (vl_policy_parse("fuzz", (const char *)data, size, &p, &d)) {
    if (!d.msg[0]) abort(); /* a refusal always says why */
    return 0;
  }
  struct vl_buf a, b;
  vl_buf_init(&a, 1 << 22);
  vl_buf_init(&b, 1 << 22);
  if (vl_policy_to_json(&p, &a)) abort();
  if (vl_policy_parse("again", a.data, a.len, &q, &d)) abort();
  if (vl_policy_to_json(&q, &b)) abort();
  if (a.len != b.len || memcmp(a.data, b.data, a.len)) abort();
  vl_buf_free(&a);
  vl_buf_free(&b);
  return 0;
}
