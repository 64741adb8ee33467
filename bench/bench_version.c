/* Benchmark of version keys (dpkg scheme).
 *
 *  1. comparisons of pre-parsed keys per second (vl_verkey_cmp), beside the
 *     ceiling of a bare memcmp over the same key bytes;
 *  2. parse + compare of raw version strings per second
 *     (vl_version_key twice + vl_verkey_cmp), beside the ceiling of
 *     strlen + memcmp over the same strings.
 *
 * The versions are realistic Debian 12 version strings ("1:2.36-9+deb12u4",
 * "7.88.1-10+deb12u5", "3.0.11-1~deb12u2", ...) generated from a fixed
 * seed, so runs are comparable.  Single-threaded; times are this
 * process's CPU time (CLOCK_PROCESS_CPUTIME_ID), for the figure and its
 * ceiling alike, so that other load on a shared machine does not count.  Targets: >= 20 million
 * key comparisons/s and >= 3 million parse+compare/s. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vulnloop/version.h"

#define NVER 4096
#define NPAIR (1u << 16)

static uint64_t rng = 0x9E3779B97F4A7C15ULL;

static uint64_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return rng;
}

static unsigned pick(unsigned n) { return (unsigned)(next() % n); }

/* One Debian-looking version into buf. */
static void gen_version(char *buf, size_t size) {
  static const char *const rev_suffix[] = {
      "", "", "", "+deb12u%u", "~deb12u%u", "+b%u", "ubuntu0.%u", "~bpo12+%u"};
  static const char *const up_suffix[] = {"", "", "", "+dfsg", "+ds", "~rc%u",
                                          ".dfsg", "+really%u"};
  char up[32], rev[32], tmp[24];
  int n = snprintf(up, sizeof(up), "%u.%u", pick(12), pick(40));
  if (pick(3)) n += snprintf(up + n, sizeof(up) - (size_t)n, ".%u", pick(30));
  if (!pick(6)) n += snprintf(up + n, sizeof(up) - (size_t)n, ".%u", pick(9));
  snprintf(tmp, sizeof(tmp), up_suffix[pick(8)], 1 + pick(3));
  snprintf(up + n, sizeof(up) - (size_t)n, "%s", tmp);
  int r = snprintf(rev, sizeof(rev), "%u", 1 + pick(12));
  if (!pick(5)) r += snprintf(rev + r, sizeof(rev) - (size_t)r, ".%u", 1 + pick(3));
  snprintf(tmp, sizeof(tmp), rev_suffix[pick(8)], 1 + pick(12));
  snprintf(rev + r, sizeof(rev) - (size_t)r, "%s", tmp);
  if (!pick(8))
    snprintf(buf, size, "%u:%s-%s", 1 + pick(3), up, rev);
  else if (!pick(10))
    snprintf(buf, size, "%s", up); /* native package */
  else
    snprintf(buf, size, "%s-%s", up, rev);
}

/* CPU seconds used by this process. */
static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void report(const char *what, double ops, double t, const char *ceil_what,
                   double ceil_ops, double ct) {
  double rate = ops / t, crate = ceil_ops / ct;
  printf("%-34s %8.2f M/s   ceiling (%s) %8.2f M/s   ratio %.2f\n", what,
         rate / 1e6, ceil_what, crate / 1e6, rate / crate);
}

int main(int argc, char **argv) {
  static char vers[NVER][80];
  static size_t vlen[NVER];
  static struct vl_verkey keys[NVER];
  static uint32_t pa[NPAIR], pb[NPAIR];
  struct vl_diag d;
  long rounds = argc > 1 ? strtol(argv[1], NULL, 10) : 600;
  if (rounds <= 0) rounds = 600;

  for (int i = 0; i < NVER; i++) {
    gen_version(vers[i], sizeof(vers[i]));
    vlen[i] = strlen(vers[i]);
    vl_diag_clear(&d);
    if (vl_version_key(VL_SCHEME_DPKG, vers[i], vlen[i], &keys[i], &d) != 0) {
      fprintf(stderr, "bench_version: '%s': %s\n", vers[i], d.msg);
      return 1;
    }
  }
  /* Pairs of nearby versions half of the time (same package family), so
   * comparisons do not all stop at the first byte. */
  for (unsigned i = 0; i < NPAIR; i++) {
    pa[i] = pick(NVER);
    pb[i] = pick(2) ? pick(NVER) : (pa[i] + 1) % NVER;
  }
  printf("bench_version: %d dpkg versions (e.g. %s, %s, %s), %u pairs\n", NVER,
         vers[0], vers[1], vers[2], NPAIR);

  /* 1. key comparisons vs memcmp of the same bytes. */
  volatile long sink = 0;
  long acc = 0;
  double t0 = now();
  for (long r = 0; r < rounds; r++)
    for (unsigned i = 0; i < NPAIR; i++)
      acc += vl_verkey_cmp(&keys[pa[i]], &keys[pb[i]]);
  double t_cmp = now() - t0;
  sink += acc;
  acc = 0;
  t0 = now();
  for (long r = 0; r < rounds; r++)
    for (unsigned i = 0; i < NPAIR; i++) {
      const struct vl_verkey *a = &keys[pa[i]], *b = &keys[pb[i]];
      acc += memcmp(a->b, b->b, a->len < b->len ? a->len : b->len);
    }
  double t_mem = now() - t0;
  sink += acc;
  double ops = (double)rounds * NPAIR;
  report("key compare (vl_verkey_cmp)", ops, t_cmp, "memcmp", ops, t_mem);

  /* 2. parse both + compare vs strlen + memcmp of the raw strings. */
  long prounds = rounds / 20 > 0 ? rounds / 20 : 1;
  struct vl_verkey ka, kb;
  acc = 0;
  t0 = now();
  for (long r = 0; r < prounds; r++)
    for (unsigned i = 0; i < NPAIR; i++) {
      const char *a = vers[pa[i]], *b = vers[pb[i]];
      if (vl_version_key(VL_SCHEME_DPKG, a, strlen(a), &ka, NULL) != 0 ||
          vl_version_key(VL_SCHEME_DPKG, b, strlen(b), &kb, NULL) != 0)
        return 1;
      acc += vl_verkey_cmp(&ka, &kb);
    }
  double t_parse = now() - t0;
  sink += acc;
  acc = 0;
  t0 = now();
  for (long r = 0; r < prounds; r++)
    for (unsigned i = 0; i < NPAIR; i++) {
      const char *a = vers[pa[i]], *b = vers[pb[i]];
      size_t la = strlen(a), lb = strlen(b);
      acc += memcmp(a, b, la < lb ? la : lb);
    }
  double t_raw = now() - t0;
  sink += acc;
  double pops = (double)prounds * NPAIR;
  report("parse+compare (2x key + cmp)", pops, t_parse, "strlen+memcmp", pops,
         t_raw);
  printf("targets: key compare >= 20 M/s: %s; parse+compare >= 3 M/s: %s\n",
         ops / t_cmp >= 20e6 ? "met" : "NOT met",
         pops / t_parse >= 3e6 ? "met" : "NOT met");
  return sink == 42 ? 2 : 0;
}
