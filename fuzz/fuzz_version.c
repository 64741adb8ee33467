/* libFuzzer target for the version schemes.
 *
 * Input: the first byte picks the scheme (modulo VL_SCHEME__COUNT, so every
 * scheme is reached, built or not); the rest is two versions separated by
 * the first '\n' (or split in half when there is none).  Checks: no crash,
 * no sanitizer report; a key is deterministic, compares equal to itself,
 * and key comparison is antisymmetric; the generic scheme accepts every
 * printable string within the length cap. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/version.h"

static int printable(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++)
    if (p[i] < 0x20 || p[i] > 0x7e) return 0;
  return n > 0;
}

static void check_one(enum vl_scheme s, const uint8_t *p, size_t n,
                      struct vl_verkey *k, int *ok) {
  struct vl_diag d;
  struct vl_verkey again;
  vl_diag_clear(&d);
  *ok = vl_version_key(s, (const char *)p, n, k, &d) == 0;
  if (!*ok) {
    if (s == VL_SCHEME_GENERIC && printable(p, n) && n <= VL_VERSION_MAX &&
        d.code != VL_ETOOBIG)
      abort(); /* the fallback scheme must take any printable string */
    return;
  }
  if (k->len > VL_VERKEY_MAX) abort();
  if (vl_verkey_cmp(k, k) != 0) abort();
  if (vl_version_key(s, (const char *)p, n, &again, &d) != 0) abort();
  if (again.len != k->len || memcmp(again.b, k->b, k->len) != 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  enum vl_scheme s = (enum vl_scheme)(data[0] % VL_SCHEME__COUNT);
  const uint8_t *p = data + 1;
  size_t n = size - 1;
  const uint8_t *nl = memchr(p, '\n', n);
  size_t na = nl ? (size_t)(nl - p) : n / 2;
  const uint8_t *b = nl ? nl + 1 : p + na;
  size_t nb = n - (size_t)(b - p);
  struct vl_verkey ka, kb;
  int oka, okb;
  check_one(s, p, na, &ka, &oka);
  check_one(s, b, nb, &kb, &okb);
  if (oka && okb) {
    int ab = vl_verkey_cmp(&ka, &kb), ba = vl_verkey_cmp(&kb, &ka);
    if (ab != -ba || ab < -1 || ab > 1) abort();
    if (ab == 0 && (ka.len != kb.len || memcmp(ka.b, kb.b, ka.len) != 0))
      abort();
  }
  return 0;
}
