/* Fuzz target for vers ranges (lib/ident/vl_vers.c, vl_vers_native.c).
 *
 * Invariants checked (abort() on violation):
 * - parse(print(parse(x))) succeeds and prints the same canonical string;
 * - simplify keeps a range that still prints and reparses to itself;
 * - containment, validation and fixed_after never crash.
 * An input starting with '#' is "#SCHEME NATIVE": a native range, whose
 * non-empty result must also print to a vers string that parses back. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/vers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *print(const struct vl_range *r) {
  struct vl_buf b;
  vl_buf_init(&b, 1 << 20);
  if (vl_range_to_string(r, &b)) abort();
  return vl_buf_steal(&b);
}

/* print(r) parses back to a range that prints the same. */
static void check_roundtrip(const struct vl_range *r) {
  char *s1 = print(r);
  struct vl_diag d;
  struct vl_range *r2 = NULL;
  if (vl_range_parse(s1, strlen(s1), &r2, &d) != 0) abort();
  char *s2 = print(r2);
  if (strcmp(s1, s2) != 0) abort();
  free(s2);
  free(s1);
  vl_range_free(r2);
}

static void exercise(struct vl_range *r, const char *probe) {
  struct vl_diag d;
  bool in;
  for (size_t i = 0; i < r->n; i++) {
    vl_range_contains(r, &r->c[i].key, &in);
    const char *fix;
    vl_range_fixed_after(r, &r->c[i].key, &fix, &d);
  }
  vl_range_contains_str(r, probe, &in, &d);
  vl_range_validate(r, &d);
  if (vl_range_simplify(r, &d) == 0 && (r->n > 0 || r->star))
    check_roundtrip(r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size > VL_VERS_MAX_LEN) return 0;
  char *s = malloc(size + 1);
  if (!s) return 0;
  memcpy(s, data, size);
  s[size] = '\0';
  struct vl_diag d;
  struct vl_range *r = NULL;
  if (size > 1 && s[0] == '#') {
    char *sp = memchr(s, ' ', size);
    if (sp && !memchr(s, '\0', size)) {
      *sp = '\0';
      if (vl_range_from_native(s + 1, sp + 1, &r, &d) == 0) {
        if (r->n > 0 || r->star) check_roundtrip(r);
        exercise(r, "1.0.0");
        vl_range_free(r);
      }
    }
    free(s);
    return 0;
  }
  if (vl_range_parse(s, size, &r, &d) == 0) {
    check_roundtrip(r);
    /* The probe: the last constraint's text, or a fixed version. */
    const char *probe = r->n ? r->c[r->n - 1].version : "1.0";
    char pbuf[VL_VERSION_MAX + 1];
    snprintf(pbuf, sizeof(pbuf), "%s", probe);
    exercise(r, pbuf);
    vl_range_free(r);
  }
  free(s);
  return 0;
}
