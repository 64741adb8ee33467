/* libFuzzer target for lib/ident/vl_cpe.c.
 *
 * Invariants checked on every input accepted by a parser:
 *  - binding the WFN to a formatted string and to a URI and parsing those
 *    gives the same WFN back;
 *  - vl_cpe_key_fs accepts exactly what vl_cpe_parse_fs accepts, and gives
 *    the key vl_cpe_key_of gives for the parsed name;
 *  - a name without wildcards is EQUAL to itself (NISTIR 7696). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/cpe.h"

static int same(const struct vl_cpe *a, const struct vl_cpe *b) {
  for (int i = 0; i < VL_CPE_NATTR; i++)
    if (a->attr[i].kind != b->attr[i].kind ||
        strcmp(a->attr[i].v, b->attr[i].v) != 0)
      return 0;
  return 1;
}

static int same_key(const struct vl_cpe_keyattr *a,
                    const struct vl_cpe_keyattr *b) {
  return a->kind == b->kind && a->wild == b->wild &&
         strcmp(a->text, b->text) == 0;
}

static int has_wild(const struct vl_cpe *c) {
  for (int i = 0; i < VL_CPE_NATTR; i++) {
    const char *v = c->attr[i].v;
    for (size_t k = 0; v[k]; k++) {
      if (v[k] == '\\' && v[k + 1]) {
        k++;
        continue;
      }
      if (v[k] == '*' || v[k] == '?') return 1;
    }
  }
  return 0;
}

static void check(const struct vl_cpe *c, const char *in, size_t n) {
  struct vl_buf b;
  struct vl_cpe back;
  struct vl_diag d;
  vl_buf_init(&b, 1 << 16);
  if (vl_cpe_to_fs(c, &b) || vl_cpe_parse_fs(b.data, b.len, &back, &d) ||
      !same(c, &back)) {
    fprintf(stderr, "FS round trip broke for %.*s -> %s\n", (int)n, in,
            b.data ? b.data : "");
    abort();
  }
  vl_buf_reset(&b);
  if (vl_cpe_to_uri(c, &b) || vl_cpe_parse_uri(b.data, b.len, &back, &d) ||
      !same(c, &back)) {
    fprintf(stderr, "URI round trip broke for %.*s -> %s\n", (int)n, in,
            b.data ? b.data : "");
    abort();
  }
  vl_buf_free(&b);
  if (!has_wild(c) && vl_cpe_relation(c, c) != VL_CPE_REL_EQUAL) {
    fprintf(stderr, "name not EQUAL to itself: %.*s\n", (int)n, in);
    abort();
  }
  if (vl_cpe_relation(c, c) == VL_CPE_REL_DISJOINT) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  struct vl_cpe c;
  struct vl_cpe_key k;
  struct vl_diag d;
  int rc = vl_cpe_parse_fs(s, size, &c, &d);
  int krc = vl_cpe_key_fs(s, size, &k, &d);
  if ((rc == 0) != (krc == 0)) abort();
  if (rc == 0) {
    struct vl_cpe_key k2;
    vl_cpe_key_of(&c, &k2);
    if (k.part != k2.part || !same_key(&k.vendor, &k2.vendor) ||
        !same_key(&k.product, &k2.product) ||
        !same_key(&k.version, &k2.version) ||
        !same_key(&k.update, &k2.update)) {
      fprintf(stderr, "key_fs and key_of differ on %.*s\n", (int)size, s);
      abort();
    }
    check(&c, s, size);
  }
  if (vl_cpe_parse_uri(s, size, &c, &d) == 0) check(&c, s, size);
  return 0;
}
