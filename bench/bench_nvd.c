/* Benchmark: importing a full NVD.  Generates one NVD API 2.0 file in the
 * page shape ({"resultsPerPage":..,"vulnerabilities":[{"cve":{...}}]}),
 * pretty-printed as the NVD serves it, of N CVEs (default 300,000, about
 * 2.5 GB; fixed seed): two descriptions (en, es), CVSS v3.1 and v2 metrics
 * with every cvssData field, weaknesses, configurations with 1..3 cpeMatch
 * criteria (about 2 per CVE, half with versionStart/End bounds), and
 * references with tags, modelled on /work/shared/data/nvd/.
 *
 * Measured, each in a child process (so that the generator's memory does
 * not count; peak resident memory is the child's ru_maxrss from wait4):
 *   ceiling    the same file through the same streaming reader
 *              (vl_json_stream_file: yajl, building each record's tree,
 *              discarding it) -- the parse cost the import cannot avoid;
 *   import     vl_feed_import into a fresh SQLite database (one
 *              transaction, committed);
 *   re-import  the unchanged file again: every record must be found
 *              current and skipped.
 * The figures are throughputs in MB/s of input (wall clock and CPU time),
 * each import beside the ceiling and the ratio, and the targets: import
 * >= 40% of the ceiling, peak RSS <= 64 MB, re-import >= 5x the import.
 *
 *   bench_nvd [N]            (or VL_BENCH_NVD_N=N; TMPDIR for the files;
 *                             VL_BENCH_NVD_KEEP=1 keeps them, to look at) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vulnloop/collect.h"
#include "vulnloop/json.h"
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

static uint64_t rng = 20261125;
static uint32_t next(void) {
  rng ^= rng << 13;
  rng ^= rng >> 7;
  rng ^= rng << 17;
  return (uint32_t)rng;
}

static const char *const words[] = {
    "buffer",   "overflow", "in",        "the",      "handling", "of",
    "crafted",  "requests", "allows",    "remote",   "attackers", "to",
    "execute",  "arbitrary", "code",     "via",      "a",         "long",
    "header",   "parameter", "component", "when",    "processing", "user",
    "supplied", "input",    "which",     "could",    "lead",      "denial",
    "service",  "memory",   "corruption", "authentication", "bypass", "and",
    "information", "disclosure", "function", "server", "client", "version"};

static void text(FILE *f, size_t bytes) {
  size_t n = 0;
  while (n < bytes) {
    const char *w = words[next() % (sizeof(words) / sizeof(words[0]))];
    n += (size_t)fprintf(f, n ? " %s" : "%s", w);
  }
  fputc('.', f);
}

static void date(FILE *f, int year, uint32_t r) {
  fprintf(f, "%04d-%02u-%02uT%02u:%02u:%02u.%03u", year, 1 + r % 12,
          1 + (r >> 4) % 28, (r >> 9) % 24, (r >> 14) % 60, (r >> 20) % 60,
          (r >> 8) % 1000);
}

static void uuid(FILE *f) {
  fprintf(f, "%08X-%04X-%04X-%04X-%04X%08X", next(), next() & 0xffff,
          next() & 0xffff, next() & 0xffff, next() & 0xffff, next());
}

/* One record, indented as inside an API page's vulnerabilities[].
 * Returns the number of cpeMatch criteria written. */
static int record(FILE *f, long i, long n) {
  int year = 1999 + (int)(i * 27 / (n ? n : 1));
  uint32_t r = next();
  fprintf(f, "    {\n      \"cve\": {\n        \"id\": \"CVE-%d-%05ld\",\n"
             "        \"sourceIdentifier\": \"cve@mitre.org\",\n"
             "        \"published\": \"", year, 10000 + i);
  date(f, year, r);
  fprintf(f, "\",\n        \"lastModified\": \"");
  date(f, year < 2025 ? year + 1 : 2025, next());
  fprintf(f, "\",\n        \"vulnStatus\": \"%s\",\n        \"cveTags\": [],\n"
             "        \"descriptions\": [\n          {\n"
             "            \"lang\": \"en\",\n            \"value\": \"",
          r % 5 ? "Analyzed" : "Modified");
  text(f, 500 + next() % 700);
  fprintf(f, "\"\n          },\n          {\n            \"lang\": \"es\",\n"
             "            \"value\": \"");
  text(f, 550 + next() % 750);
  static const char *const sev3[] = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};
  static const char *const av[] = {"NETWORK", "ADJACENT_NETWORK", "LOCAL"};
  uint32_t m = next();
  fprintf(f,
          "\"\n          }\n        ],\n        \"metrics\": {\n"
          "          \"cvssMetricV31\": [\n            {\n"
          "              \"source\": \"nvd@nist.gov\",\n"
          "              \"type\": \"Primary\",\n"
          "              \"cvssData\": {\n"
          "                \"version\": \"3.1\",\n"
          "                \"vectorString\": \"CVSS:3.1/AV:N/AC:%s/PR:N/UI:%s/"
          "S:U/C:H/I:H/A:%s\",\n"
          "                \"baseSeverity\": \"%s\",\n"
          "                \"attackVector\": \"NETWORK\",\n"
          "                \"attackComplexity\": \"%s\",\n"
          "                \"privilegesRequired\": \"NONE\",\n"
          "                \"userInteraction\": \"%s\",\n"
          "                \"scope\": \"UNCHANGED\",\n"
          "                \"confidentialityImpact\": \"HIGH\",\n"
          "                \"integrityImpact\": \"HIGH\",\n"
          "                \"availabilityImpact\": \"%s\",\n"
          "                \"baseScore\": %u.%u\n"
          "              },\n"
          "              \"exploitabilityScore\": 3.9,\n"
          "              \"impactScore\": 5.9\n"
          "            }\n          ],\n",
          m & 1 ? "L" : "H", m & 2 ? "N" : "R", m & 4 ? "H" : "N",
          sev3[m % 4], m & 1 ? "LOW" : "HIGH", m & 2 ? "NONE" : "REQUIRED",
          m & 4 ? "HIGH" : "NONE", 4 + m % 6, (m >> 8) % 10);
  fprintf(f,
          "          \"cvssMetricV2\": [\n            {\n"
          "              \"source\": \"nvd@nist.gov\",\n"
          "              \"type\": \"Primary\",\n"
          "              \"cvssData\": {\n"
          "                \"version\": \"2.0\",\n"
          "                \"vectorString\": \"AV:N/AC:L/Au:N/C:P/I:P/A:P\",\n"
          "                \"baseScore\": %u.5,\n"
          "                \"accessVector\": \"%s\",\n"
          "                \"accessComplexity\": \"LOW\",\n"
          "                \"authentication\": \"NONE\",\n"
          "                \"confidentialityImpact\": \"PARTIAL\",\n"
          "                \"integrityImpact\": \"PARTIAL\",\n"
          "                \"availabilityImpact\": \"PARTIAL\"\n"
          "              },\n"
          "              \"baseSeverity\": \"%s\",\n"
          "              \"exploitabilityScore\": 10.0,\n"
          "              \"impactScore\": 6.4,\n"
          "              \"acInsufInfo\": false,\n"
          "              \"obtainAllPrivilege\": false,\n"
          "              \"obtainUserPrivilege\": false,\n"
          "              \"obtainOtherPrivilege\": false,\n"
          "              \"userInteractionRequired\": false\n"
          "            }\n          ]\n        },\n"
          "        \"weaknesses\": [\n          {\n"
          "            \"source\": \"nvd@nist.gov\",\n"
          "            \"type\": \"Primary\",\n"
          "            \"description\": [\n              {\n"
          "                \"lang\": \"en\",\n"
          "                \"value\": \"CWE-%u\"\n"
          "              }\n            ]\n          }\n        ],\n"
          "        \"configurations\": [\n          {\n"
          "            \"nodes\": [\n              {\n"
          "                \"operator\": \"OR\",\n"
          "                \"negate\": false,\n"
          "                \"cpeMatch\": [\n",
          2 + m % 8, av[(m >> 3) % 3], sev3[1 + (m >> 5) % 2],
          20 + (m >> 7) % 900);
  int nm = 1 + (int)(next() % 3);
  for (int k = 0; k < nm; k++) {
    uint32_t v = next();
    fprintf(f,
            "                  {\n"
            "                    \"vulnerable\": true,\n"
            "                    \"criteria\": \"cpe:2.3:a:vendor%u:product%u:"
            "%s:*:*:*:*:*:*:*\",\n",
            v % 3000, (v >> 12) % 8, v & 1 ? "*" : "1.0");
    if (v & 1)
      fprintf(f,
              "                    \"versionStartIncluding\": \"%u.%u\",\n"
              "                    \"versionEndExcluding\": \"%u.%u.%u\",\n",
              (v >> 16) % 4, (v >> 18) % 10, 4 + (v >> 20) % 6,
              (v >> 23) % 20, (v >> 27) % 10);
    fprintf(f, "                    \"matchCriteriaId\": \"");
    uuid(f);
    fprintf(f, "\"\n                  }%s\n", k + 1 < nm ? "," : "");
  }
  fprintf(f, "                ]\n              }\n            ]\n          }\n"
             "        ],\n        \"references\": [\n");
  static const char *const tags[] = {"Patch", "Third Party Advisory",
                                     "Vendor Advisory", "Mailing List",
                                     "Exploit", "Issue Tracking"};
  int nr = 4 + (int)(next() % 12);
  for (int k = 0; k < nr; k++) {
    uint32_t t = next();
    fprintf(f,
            "          {\n"
            "            \"url\": \"https://lists.example-vendor%u.org/archives/"
            "list/security-announce@example-vendor%u.org/message/%08X%08X/\",\n"
            "            \"source\": \"cve@mitre.org\",\n"
            "            \"tags\": [\n"
            "              \"%s\",\n              \"%s\"\n            ]\n"
            "          }%s\n",
            t % 3000, t % 3000, next(), next(), tags[t % 6],
            tags[(t >> 8) % 6], k + 1 < nr ? "," : "");
  }
  fprintf(f, "        ]\n      }\n    }");
  return nm;
}

static int generate(const char *path, long n, long *criteria) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  setvbuf(f, NULL, _IOFBF, 1 << 20);
  fprintf(f, "{\n  \"resultsPerPage\": %ld,\n  \"startIndex\": 0,\n"
             "  \"totalResults\": %ld,\n  \"format\": \"NVD_CVE\",\n"
             "  \"version\": \"2.0\",\n"
             "  \"timestamp\": \"2026-11-25T00:00:00.000\",\n"
             "  \"vulnerabilities\": [\n", n, n);
  *criteria = 0;
  for (long i = 0; i < n; i++) {
    *criteria += record(f, i, n);
    fputs(i + 1 < n ? ",\n" : "\n", f);
  }
  fputs("  ]\n}\n", f);
  return fclose(f) ? -1 : 0;
}

/* What a child reports back through its pipe. */
struct result {
  int rc;
  double wall, cpu;
  long records, changed, unchanged;
  long maxrss_kb; /* filled in by the parent from wait4 */
};

static int count_record(void *ud, const struct vl_jv *rec,
                        const struct vl_jrec_info *info, struct vl_diag *d) {
  (void)rec, (void)info, (void)d;
  ++*(long *)ud;
  return 0;
}

static void child_parse(const char *file, struct result *r) {
  /* The same options as vl_feed_import's. */
  static const char *const keys[] = {"vulnerabilities", "CVE_Items", NULL};
  static const struct vl_json_opts opts = {.stream_keys = keys,
                                           .max_record_bytes = 64u << 20,
                                           .max_root_bytes = 64u << 20,
                                           .max_depth = 64};
  struct vl_diag d;
  vl_diag_clear(&d);
  double t0 = now_s(), c0 = cpu_s();
  r->rc = vl_json_stream_file(file, &opts, count_record, NULL, &r->records,
                              &d);
  r->wall = now_s() - t0;
  r->cpu = cpu_s() - c0;
  if (r->rc) fprintf(stderr, "bench_nvd: parse: %s:%ld: %s\n", d.file,
                     d.line, d.msg);
}

static void child_import(const char *db, const char *file, struct result *r) {
  struct vl_store *s;
  struct vl_diag d;
  vl_diag_clear(&d);
  double t0 = now_s(), c0 = cpu_s();
  if ((r->rc = vl_store_open(db, &s, &d))) {
    fprintf(stderr, "bench_nvd: %s: %s\n", db, d.msg);
    return;
  }
  struct vl_feed_stats st;
  r->rc = vl_feed_import(s, file, &st, &d);
  vl_store_close(s);
  r->wall = now_s() - t0;
  r->cpu = cpu_s() - c0;
  r->records = st.records;
  r->changed = st.changed;
  r->unchanged = st.unchanged;
  if (r->rc) fprintf(stderr, "bench_nvd: import: %s:%ld: %s: %s\n", d.file,
                     d.line, d.path, d.msg);
}

/* Runs one phase in a child; its peak RSS comes from wait4. */
static int in_child(int phase, const char *db, const char *file,
                    struct result *r) {
  int fd[2];
  memset(r, 0, sizeof(*r));
  if (pipe(fd)) return -1;
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    close(fd[0]);
    struct result cr = {0};
    if (phase == 0)
      child_parse(file, &cr);
    else
      child_import(db, file, &cr);
    ssize_t w = write(fd[1], &cr, sizeof(cr));
    _exit(w == (ssize_t)sizeof(cr) ? 0 : 1);
  }
  close(fd[1]);
  ssize_t got = read(fd[0], r, sizeof(*r));
  close(fd[0]);
  int status;
  struct rusage ru;
  if (wait4(pid, &status, 0, &ru) != pid) return -1;
  if (got != (ssize_t)sizeof(*r) || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0)
    return -1;
  r->maxrss_kb = ru.ru_maxrss;
  return r->rc ? -1 : 0;
}

int main(int argc, char **argv) {
  const char *env = getenv("VL_BENCH_NVD_N");
  long n = argc > 1 ? atol(argv[1]) : env && *env ? atol(env) : 300000L;
  if (n < 1 || n > 5000000L) n = 300000L;
  const char *tmp = getenv("TMPDIR");
  char dir[512], file[600], db[600];
  snprintf(dir, sizeof(dir), "%s/bench_nvd.XXXXXX", tmp && *tmp ? tmp : "/tmp");
  if (!mkdtemp(dir)) {
    perror("bench_nvd: mkdtemp");
    return 1;
  }
  snprintf(file, sizeof(file), "%s/nvdcve-2.0-all.json", dir);
  snprintf(db, sizeof(db), "%s/bench.db", dir);
  int status = 1;
  long criteria;
  double g0 = now_s();
  if (generate(file, n, &criteria)) {
    perror("bench_nvd: generate");
    goto out;
  }
  struct stat sb;
  if (stat(file, &sb)) goto out;
  double mb = (double)sb.st_size / 1e6;
  printf("bench_nvd: %ld CVEs, %ld cpeMatch criteria, %.1f MB of NVD API "
         "2.0 JSON (generated in %.1f s)\n", n, criteria, mb, now_s() - g0);
  fflush(stdout);

  struct result ceil, imp, re;
  if (in_child(0, db, file, &ceil) || ceil.records != n) {
    fprintf(stderr, "bench_nvd: ceiling run failed (%ld records)\n",
            ceil.records);
    goto out;
  }
  if (in_child(1, db, file, &imp)) goto out;
  if (imp.records != n || imp.changed != n) {
    fprintf(stderr, "bench_nvd: imported %ld records, %ld changed; %ld "
            "expected\n", imp.records, imp.changed, n);
    goto out;
  }
  if (in_child(1, db, file, &re)) goto out;
  if (re.records != n || re.changed != 0 || re.unchanged != n) {
    fprintf(stderr, "bench_nvd: re-import: %ld records, %ld changed, %ld "
            "unchanged\n", re.records, re.changed, re.unchanged);
    goto out;
  }
  if (stat(db, &sb) == 0)
    printf("  database: %.1f MB\n", (double)sb.st_size / 1e6);
  printf("  %-44s %-26s %-26s %s\n", "", "wall clock", "CPU time",
         "peak RSS");
  const struct result *rs[] = {&ceil, &imp, &re};
  const char *what[] = {"ceiling (streaming reader, trees discarded):",
                        "import into a fresh database:",
                        "re-import, unchanged:"};
  for (int i = 0; i < 3; i++) {
    char w[64], c[64];
    snprintf(w, sizeof(w), "%.1f MB/s (%.2f s)", mb / rs[i]->wall,
             rs[i]->wall);
    snprintf(c, sizeof(c), "%.1f MB/s (%.2f s)", mb / rs[i]->cpu,
             rs[i]->cpu);
    printf("  %-44s %-26s %-26s %.1f MB", what[i], w, c,
           rs[i]->maxrss_kb / 1024.0);
    if (i)
      printf("  ratio to ceiling %.2f / %.2f", ceil.wall / rs[i]->wall,
             ceil.cpu / rs[i]->cpu);
    printf("\n");
  }
  printf("  re-import speed-up over the import: %.1fx wall, %.1fx CPU\n",
         imp.wall / re.wall, imp.cpu / re.cpu);
  printf("  targets: import >= 0.40 of the ceiling; peak RSS <= 64 MB; "
         "re-import >= 5x the import\n");
  status = 0;
out:
  if (getenv("VL_BENCH_NVD_KEEP")) {
    printf("  kept %s and %s\n", file, db);
    return status;
  }
  unlink(file);
  unlink(db);
  {
    char extra[620];
    snprintf(extra, sizeof(extra), "%s-wal", db);
    unlink(extra);
    snprintf(extra, sizeof(extra), "%s-shm", db);
    unlink(extra);
    snprintf(extra, sizeof(extra), "%s-journal", db);
    unlink(extra);
  }
  rmdir(dir);
  return status;
}
