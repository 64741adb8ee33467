/* bench_cvss: CVSS vectors parsed and scored per second on one core.
 *
 * The input is a fixed-seed mix shaped like the NVD: mostly v3.1 base
 * vectors, some with temporal metrics, v2 base vectors, and v4.0 vectors
 * (base, some with threat and environmental metrics).  The ceiling is
 * measured in the same run over the same bytes: a loop that only hashes
 * each vector (FNV-1a), i.e. reads every byte once and does nothing else.
 * Prints each figure, the ceiling and the ratio.  Target: >= 5 million
 * vectors/s.  Times are this thread's CPU time (the machine is shared), best
 * of three passes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vulnloop/core.h"
#include "vulnloop/cvss.h"

#define NVEC 8192
#define VLEN 200

static char vecs[NVEC][VLEN];
static size_t lens[NVEC];

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;
static uint32_t rnd(uint32_t n) {
  rng_state ^= rng_state << 13;
  rng_state ^= rng_state >> 7;
  rng_state ^= rng_state << 17;
  return (uint32_t)(rng_state % n);
}

/* Appends "/NAME:" and a random one of vals (a space-separated list). */
static size_t put(char *b, size_t n, const char *name, const char *vals) {
  const char *choice[8];
  size_t clen[8], k = 0;
  const char *p = vals;
  while (*p && k < 8) {
    const char *e = strchr(p, ' ');
    size_t l = e ? (size_t)(e - p) : strlen(p);
    choice[k] = p;
    clen[k++] = l;
    p += l;
    while (*p == ' ') p++;
  }
  uint32_t r = rnd((uint32_t)k);
  n += (size_t)snprintf(b + n, VLEN - n, "%s%s:%.*s", n ? "/" : "", name,
                        (int)clen[r], choice[r]);
  return n;
}

static size_t make_v31(char *b, int temporal) {
  size_t n = (size_t)snprintf(b, VLEN, "CVSS:3.1");
  n = put(b, n, "AV", "N N N N L L A P");
  n = put(b, n, "AC", "L L L H");
  n = put(b, n, "PR", "N N L H");
  n = put(b, n, "UI", "N N R");
  n = put(b, n, "S", "U U U C");
  n = put(b, n, "C", "H H L N");
  n = put(b, n, "I", "H H L N");
  n = put(b, n, "A", "H H L N");
  if (temporal) {
    n = put(b, n, "E", "U P F H");
    n = put(b, n, "RL", "O T W U");
    n = put(b, n, "RC", "U R C");
  }
  return n;
}

static size_t make_v2(char *b) {
  size_t n = 0;
  b[0] = '\0';
  n = put(b, n, "AV", "N N N L A");
  n = put(b, n, "AC", "L L M H");
  n = put(b, n, "Au", "N N N S M");
  n = put(b, n, "C", "N P C");
  n = put(b, n, "I", "N P C");
  n = put(b, n, "A", "N P C");
  return n;
}

static size_t make_v4(char *b, int extra) {
  size_t n = (size_t)snprintf(b, VLEN, "CVSS:4.0");
  n = put(b, n, "AV", "N N N L A P");
  n = put(b, n, "AC", "L L H");
  n = put(b, n, "AT", "N N P");
  n = put(b, n, "PR", "N N L H");
  n = put(b, n, "UI", "N N P A");
  n = put(b, n, "VC", "H H L N");
  n = put(b, n, "VI", "H H L N");
  n = put(b, n, "VA", "H H L N");
  n = put(b, n, "SC", "N N L H");
  n = put(b, n, "SI", "N N L H");
  n = put(b, n, "SA", "N N L H");
  if (extra) {
    n = put(b, n, "E", "A P U");
    n = put(b, n, "CR", "H M L");
    n = put(b, n, "MAV", "N A L P");
    n = put(b, n, "MSI", "S H L N");
  }
  return n;
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

int main(void) {
  size_t bytes = 0;
  for (int i = 0; i < NVEC; i++) {
    uint32_t r = rnd(100);
    if (r < 55)
      lens[i] = make_v31(vecs[i], 0);
    else if (r < 65)
      lens[i] = make_v31(vecs[i], 1);
    else if (r < 80)
      lens[i] = make_v2(vecs[i]);
    else if (r < 93)
      lens[i] = make_v4(vecs[i], 0);
    else
      lens[i] = make_v4(vecs[i], 1);
    bytes += lens[i];
    struct vl_cvss c;
    struct vl_diag d;
    if (vl_cvss_parse(vecs[i], lens[i], &c, &d) != 0) {
      fprintf(stderr, "bench_cvss: generated a bad vector %s: %s\n", vecs[i],
              d.msg);
      return 1;
    }
  }
  const int rounds = 300; /* 8192 * 300 = 2.5 million vectors per pass */
  double best_parse = 0, best_full = 0, best_ceil = 0;
  volatile uint64_t sink = 0;
  for (int pass = 0; pass < 3; pass++) {
    /* ceiling: only read the bytes */
    double t0 = now();
    uint64_t h = 0;
    for (int r = 0; r < rounds; r++)
      for (int i = 0; i < NVEC; i++) h ^= vl_hash64(vecs[i], lens[i]);
    double t1 = now();
    sink ^= h;
    double ceil_rate = (double)rounds * NVEC / (t1 - t0);
    if (ceil_rate > best_ceil) best_ceil = ceil_rate;

    /* parse only */
    struct vl_cvss c;
    struct vl_cvss_scores s;
    long errors = 0;
    t0 = now();
    for (int r = 0; r < rounds; r++)
      for (int i = 0; i < NVEC; i++) {
        errors += vl_cvss_parse(vecs[i], lens[i], &c, NULL) != 0;
        sink ^= c.val[0];
      }
    t1 = now();
    double parse_rate = (double)rounds * NVEC / (t1 - t0);
    if (parse_rate > best_parse) best_parse = parse_rate;

    /* parse and score */
    t0 = now();
    for (int r = 0; r < rounds; r++)
      for (int i = 0; i < NVEC; i++) {
        errors += vl_cvss_parse(vecs[i], lens[i], &c, NULL) != 0;
        errors += vl_cvss_scores(&c, &s) != 0;
        sink ^= (uint64_t)(s.score * 10);
      }
    t1 = now();
    double full_rate = (double)rounds * NVEC / (t1 - t0);
    if (full_rate > best_full) best_full = full_rate;
    if (errors) {
      fprintf(stderr, "bench_cvss: %ld errors\n", errors);
      return 1;
    }
  }
  printf("bench_cvss: %d distinct vectors (55%% v3.1 base, 10%% v3.1 "
         "temporal, 15%% v2, 13%% v4.0 base, 7%% v4.0 threat+env), mean "
         "%.0f bytes; best of 3 passes of %d vectors\n",
         NVEC, (double)bytes / NVEC, rounds * NVEC);
  printf("ceiling (FNV-1a hash of the same bytes): %10.0f vectors/s\n",
         best_ceil);
  printf("parse only:                              %10.0f vectors/s  "
         "ratio %.2f of ceiling\n",
         best_parse, best_parse / best_ceil);
  printf("parse + score:                           %10.0f vectors/s  "
         "ratio %.2f of ceiling  (target >= 5000000: %s)\n",
         best_full, best_full / best_ceil,
         best_full >= 5e6 ? "met" : "NOT met");
  return sink == 42 ? 2 : 0;
}
