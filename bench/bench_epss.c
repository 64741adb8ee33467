/* Benchmark: importing a daily EPSS file.  Generates an EPSS CSV in the
 * current layout (the "#model_version:...,score_date:..." line, then
 * cve,epss,percentile) of N rows (default 300,000; fixed seed, CVE ids
 * ascending by year and number as FIRST publishes them, scores skewed
 * towards zero as real ones are), imports it into a fresh SQLite database
 * through vl_feed_import, and re-imports the unchanged file.  The ceiling,
 * measured in the same run, is the same file read and split into rows by
 * the general CSV reader (vl_csv) with a no-op callback; the importer
 * splits EPSS lines itself (vl_epss.c), so the reading part of an import
 * costs less than this ceiling.  Rates are given in wall-clock
 * time (the import writes a database file) and in the process's CPU time
 * (user + system), which is the steadier figure on a shared machine.
 *
 *   bench_epss [N] */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vulnloop/collect.h"
#include "vulnloop/csv.h"
#include "vulnloop/store.h"

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double cpu_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* One timed phase: wall and CPU seconds. */
struct span {
  double wall, cpu;
};

static uint64_t rng = 20261125;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)rng;
}

static int generate(const char *path, long n) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "#model_version:v2025.03.14,score_date:2026-11-15T00:00:00+0000\n"
             "cve,epss,percentile\n");
  /* Spread the ids over 1999..2026, more in later years. */
  long per_year[28], total = 0;
  for (int y = 0; y < 28; y++) total += per_year[y] = 1 + y * y;
  long written = 0;
  for (int y = 0; y < 28 && written < n; y++) {
    long k = y == 27 ? n - written : n * per_year[y] / total;
    long num = 1;
    for (long i = 0; i < k && written < n; i++, written++) {
      num += 1 + next() % 3;
      /* Most scores are tiny; a few are high. */
      double u = (next() % 1000000) / 1e6;
      double score = u * u * u * u * 0.97 + 0.00004;
      double pct = 0.05 + u * 0.9499;
      fprintf(f, "CVE-%d-%04ld,%.5f,%.5f\n", 1999 + y, num, score, pct);
    }
  }
  return fclose(f) ? -1 : 0;
}

static int noop_row(void *ud, const struct vl_csv_row *row,
                    struct vl_diag *d) {
  (void)d;
  long *rows = ud;
  *rows += (long)row->n > 0;
  return 0;
}

static int import(const char *db, const char *csv, struct vl_feed_stats *st,
                  struct span *t) {
  struct vl_store *s;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_store_open(db, &s, &d);
  if (rc) {
    fprintf(stderr, "bench_epss: %s: %s\n", db, d.msg);
    return rc;
  }
  double t0 = now_s(), c0 = cpu_s();
  rc = vl_feed_import(s, csv, st, &d);
  t->wall = now_s() - t0;
  t->cpu = cpu_s() - c0;
  if (rc) fprintf(stderr, "bench_epss: import: %s:%ld: %s\n", d.file, d.line,
                  d.msg);
  vl_store_close(s);
  return rc;
}

int main(int argc, char **argv) {
  long n = argc > 1 ? atol(argv[1]) : 300000L;
  if (n < 1 || n > 10000000L) n = 300000L;
  const char *tmp = getenv("TMPDIR");
  char dir[512], csv[600], db[600];
  snprintf(dir, sizeof(dir), "%s/bench_epss.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    perror("bench_epss: mkdtemp");
    return 1;
  }
  snprintf(csv, sizeof(csv), "%s/epss_scores-2026-11-15.csv", dir);
  snprintf(db, sizeof(db), "%s/bench.db", dir);
  int status = 1;
  if (generate(csv, n)) {
    perror("bench_epss: generate");
    goto out;
  }

  /* Ceiling: the CSV reader alone, best of three. */
  struct span ceil = {1e9, 1e9};
  long rows = 0;
  for (int i = 0; i < 3; i++) {
    struct vl_diag d;
    vl_diag_clear(&d);
    rows = 0;
    double t0 = now_s(), c0 = cpu_s();
    if (vl_csv_read_file(csv, NULL, noop_row, &rows, &d)) {
      fprintf(stderr, "bench_epss: csv: %s\n", d.msg);
      goto out;
    }
    double t = now_s() - t0, c = cpu_s() - c0;
    if (t < ceil.wall) ceil.wall = t;
    if (c < ceil.cpu) ceil.cpu = c;
  }

  struct vl_feed_stats st;
  struct span imp, re;
  if (import(db, csv, &st, &imp)) goto out;
  if (st.records != n || st.changed != n) {
    fprintf(stderr, "bench_epss: imported %ld records, %ld changed; %ld "
            "expected\n", st.records, st.changed, n);
    goto out;
  }
  if (import(db, csv, &st, &re)) goto out;
  if (st.changed != 0 || st.unchanged != n) {
    fprintf(stderr, "bench_epss: re-import changed %ld records\n", st.changed);
    goto out;
  }
  printf("bench_epss: %ld EPSS rows (%ld lines read by the CSV reader)\n"
         "  %-40s %-28s %s\n", n, rows, "", "wall clock", "CPU time");
  const struct span *sp[] = {&ceil, &imp, &re};
  const char *what[] = {"ceiling (CSV reader, no-op callback):",
                        "import into a fresh database:",
                        "re-import, unchanged:"};
  for (int i = 0; i < 3; i++) {
    char w[64], c[64];
    snprintf(w, sizeof(w), "%.2f M rows/s (%.3f s)", n / sp[i]->wall / 1e6,
             sp[i]->wall);
    snprintf(c, sizeof(c), "%.2f M rows/s (%.3f s)", n / sp[i]->cpu / 1e6,
             sp[i]->cpu);
    printf("  %-40s %-28s %s", what[i], w, c);
    if (i) printf("  ratio %.2f / %.2f", ceil.wall / sp[i]->wall,
                  ceil.cpu / sp[i]->cpu);
    printf("\n");
  }
  printf("  target: 1.00 M rows/s for the import\n");
  status = 0;
out:
  unlink(csv);
  unlink(db);
  {
    char extra[620];
    snprintf(extra, sizeof(extra), "%s-wal", db);
    unlink(extra);
    snprintf(extra, sizeof(extra), "%s-shm", db);
    unlink(extra);
  }
  rmdir(dir);
  return status;
}
