/* Benchmark: prioritising findings.  Decides 10 million findings with the
 * primary model of the default policy (CISA BOD 26-04) and with the SLA
 * table, from a pool of 65,536 distinct generated input sets (fixed seed),
 * beside a ceiling measured in the same run: a loop that reads the same
 * input fields and folds them into a checksum, with no decision.
 *
 *   bench_triage [N]   (default 10,000,000) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vulnloop/decide.h"

#define POOL 65536

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static uint64_t rng = 20261125;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)rng;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 10000000L;
  struct vl_decide_inputs *pool = calloc(POOL, sizeof(*pool));
  if (!pool) return 1;
  vl_time base = 1763283600; /* 2025-11-16T09:00:00Z */
  for (int i = 0; i < POOL; i++) {
    struct vl_decide_inputs *in = &pool[i];
    uint32_t r = next();
    in->kev = (r & 15) == 0;                /* about 6% in KEV */
    in->kev_added = base - (vl_time)(next() % 1000) * VL_DAY;
    in->exposure = 1 + (r >> 4 & 1);
    in->automatable = r >> 5 & 1;
    in->total = (r >> 6 & 3) == 0;
    in->exploitation = in->kev ? VL_EXPL_ACTIVE : (int)(r >> 8 & 1);
    in->has_cvss = (r >> 9 & 7) != 0;
    in->cvss = (double)(next() % 101) / 10.0;
    in->has_epss = true;
    in->epss = (double)(next() % 100000) / 100000.0;
    in->fix = (r >> 12 & 7) != 0;
    in->zero_day = in->exploitation == VL_EXPL_ACTIVE && !in->fix;
    in->criticality = (int)(r >> 15 & 3);
    in->mission = in->criticality > 2 ? 2 : in->criticality;
    in->human = in->criticality;
    in->first_seen = base - (vl_time)(next() % 100) * VL_DAY;
  }
  struct vl_policy p;
  vl_policy_default(&p);
  struct vl_diag d;
  vl_diag_clear(&d);

  /* Ceiling: read the same fields, fold them, decide nothing. */
  double t0 = now_s();
  uint64_t sum = 0;
  for (long i = 0; i < n; i++) {
    const struct vl_decide_inputs *in = &pool[i & (POOL - 1)];
    sum += (uint64_t)in->kev + (uint64_t)in->exposure * 3 +
           (uint64_t)in->automatable * 5 + (uint64_t)in->total * 7 +
           (uint64_t)in->first_seen + (uint64_t)in->kev_added;
  }
  double ceiling = n / (now_s() - t0);

  static const char *const models[] = {VL_MODEL_ID_BOD, VL_MODEL_ID_SLA,
                                       VL_MODEL_ID_COORD};
  printf("bench_triage: %ld findings from %d distinct input sets\n", n, POOL);
  printf("  ceiling (read the inputs, no decision): %.1f M/s (checksum %llu)\n",
         ceiling / 1e6, (unsigned long long)(sum & 0xffff));
  for (size_t m = 0; m < sizeof(models) / sizeof(models[0]); m++) {
    struct vl_decision dec;
    uint64_t acc = 0;
    t0 = now_s();
    for (long i = 0; i < n; i++) {
      if (vl_decide_model(models[m], &pool[i & (POOL - 1)], &p, base, &dec, &d))
        return 1;
      acc += (uint64_t)dec.due + (uint64_t)dec.rank;
    }
    double rate = n / (now_s() - t0);
    printf("  %-17s %6.2f M findings/s  ratio to ceiling %.3f  (target >= 5 M/s: "
           "%s; checksum %llu)\n",
           models[m], rate / 1e6, rate / ceiling, rate >= 5e6 ? "met" : "NOT met",
           (unsigned long long)(acc & 0xffff));
  }
  free(pool);
  return 0;
}
