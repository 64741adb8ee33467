/* Benchmark: importing a large Nessus .nessus v2 report.  Generates (fixed
 * seed) a report of about MB megabytes shaped like the real ones: a Policy
 * with a plugin_set, then ReportHosts with their HostProperties tags and
 * ReportItems carrying description, solution, CVSS, plugin_output and 0-6
 * cve elements (about a third of the items name CVEs, as in real scans).
 * It imports the file into a fresh SQLite database in a temporary folder
 * through vl_scan_import (in a child process, so that its peak RSS is the
 * import's own), and prints findings per second (CVE detections written),
 * the peak RSS, and the ceiling measured in the same run: the same bytes
 * merely stream-parsed by the same XML reader (vl_xml_next over every
 * event), with the ratio of the two.  A report this large is read in a
 * thread of its own while the calling thread writes (vl_scan.c), so the
 * import's CPU time is that of both threads.
 *
 *   bench_nessus [MB]      (default 1024; or $VL_BENCH_MB; VL_BENCH_KEEP=1
 *                          keeps the report and database, to look at) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vulnloop/scope.h"
#include "vulnloop/store.h"
#include "vulnloop/xml.h"

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

static const char *words[] = {
    "remote", "host", "is", "affected", "by", "a", "vulnerability", "in",
    "the", "installed", "version", "of", "package", "which", "allows",
    "attacker", "to", "execute", "arbitrary", "code", "denial", "service",
    "via", "crafted", "request", "kernel", "openssl", "httpd", "fixed",
    "upgrade", "according", "its", "self-reported", "number"};

static void text(FILE *f, int n) {
  for (int i = 0; i < n; i++)
    fprintf(f, "%s%s", i ? " " : "", words[next() % VL_ARRAY_LEN(words)]);
}

static const char *families[] = {"Ubuntu Local Security Checks",
                                 "Web Servers", "Windows", "General",
                                 "Service detection", "CGI abuses"};

/* Returns the bytes written; *items the ReportItems. */
static long long generate(const char *path, long long target, long *items,
                          long *hosts) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  fprintf(f, "<?xml version=\"1.0\" ?>\n<NessusClientData_v2>\n<Policy>"
             "<policyName>Advanced Scan</policyName><Preferences>"
             "<ServerPreferences><preference><name>plugin_set</name><value>");
  for (int i = 0; i < 20000; i++) fprintf(f, "%s%d", i ? ";" : "", 10000 + i);
  fprintf(f, "</value></preference></ServerPreferences></Preferences>"
             "</Policy>\n<Report name=\"bench\" "
             "xmlns:cm=\"http://www.nessus.org/cm\">\n");
  *items = *hosts = 0;
  while (ftello(f) < target) {
    long h = (*hosts)++;
    int cred = next() % 3 != 0;
    fprintf(f, "<ReportHost name=\"10.%ld.%ld.%ld\"><HostProperties>\n",
            (h >> 16) & 255, (h >> 8) & 255, h & 255);
    fprintf(f, "<tag name=\"HOST_END_TIMESTAMP\">%ld</tag>\n",
            1763287200L + (long)(next() % 3600));
    fprintf(f, "<tag name=\"Credentialed_Scan\">%s</tag>\n",
            cred ? "true" : "false");
    fprintf(f, "<tag name=\"operating-system\">Linux Kernel 5.10 on Debian "
               "12</tag>\n<tag name=\"host-ip\">10.%ld.%ld.%ld</tag>\n",
            (h >> 16) & 255, (h >> 8) & 255, h & 255);
    fprintf(f, "<tag name=\"host-fqdn\">host%ld.bench.example</tag>\n", h);
    fprintf(f, "<tag name=\"HOST_START_TIMESTAMP\">1763283600</tag>\n"
               "</HostProperties>\n");
    int n = 20 + (int)(next() % 60);
    for (int i = 0; i < n; i++) {
      int sev = (int)(next() % 5);
      int port = (int[]){0, 22, 80, 443, 3306, 8080}[next() % 6];
      int plugin = 10000 + (int)(next() % 20000);
      fprintf(f, "<ReportItem port=\"%d\" svc_name=\"%s\" protocol=\"tcp\" "
                 "severity=\"%d\" pluginID=\"%d\" pluginName=\"",
              port, port ? "www" : "general", sev, plugin);
      text(f, 6);
      fprintf(f, "\" pluginFamily=\"%s\">\n<description>",
              families[next() % VL_ARRAY_LEN(families)]);
      text(f, 40 + (int)(next() % 80));
      fprintf(f, "</description>\n<fname>bench_%d.nasl</fname>\n"
                 "<plugin_modification_date>2025/01/02"
                 "</plugin_modification_date>\n<plugin_type>%s</plugin_type>"
                 "\n<risk_factor>High</risk_factor>\n<solution>",
              plugin, cred && next() % 2 ? "local" : "remote");
      text(f, 8);
      fprintf(f, "</solution>\n<synopsis>");
      text(f, 10);
      fprintf(f, "</synopsis>\n<cvss_base_score>%d.%d</cvss_base_score>\n"
                 "<cvss_vector>CVSS2#AV:N/AC:L/Au:N/C:P/I:P/A:P</cvss_vector>"
                 "\n",
              (int)(next() % 10), (int)(next() % 10));
      if (sev > 0 && next() % 3 == 0) {
        int nc = 1 + (int)(next() % 6);
        for (int c = 0; c < nc; c++)
          fprintf(f, "<cve>CVE-%d-%d</cve>\n", 2015 + (int)(next() % 11),
                  1000 + (int)(next() % 60000));
      }
      fprintf(f, "<plugin_output>\n  Installed package : ");
      text(f, 3 + (int)(next() % 60));
      fprintf(f, "\n</plugin_output>\n</ReportItem>\n");
      (*items)++;
    }
    fprintf(f, "</ReportHost>\n");
  }
  fprintf(f, "</Report>\n</NessusClientData_v2>\n");
  long long size = ftello(f);
  if (fclose(f)) return -1;
  return size;
}

/* The ceiling: every event of the file through the same reader. */
static int parse_only(const char *path, long *events, struct vl_diag *d) {
  static const struct vl_xml_opts opts = {32, 8u << 20, 1000000000L};
  struct vl_xml *x;
  int rc = vl_xml_open_file(path, &opts, &x, d);
  if (rc) return rc;
  struct vl_xml_event ev;
  *events = 0;
  do {
    if ((rc = vl_xml_next(x, &ev, d))) break;
    (*events)++;
  } while (ev.type != VL_XML_EOF);
  vl_xml_free(x);
  return rc;
}

struct result {
  int rc;
  double secs, cpu;
  struct vl_scan_stats st;
  char msg[512];
};

static void import_child(const char *dir, const char *path, int fd) {
  struct result r = {0};
  char db[4096];
  snprintf(db, sizeof(db), "%s/bench.db", dir);
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_store *s = NULL;
  struct vl_ctx ctx;
  r.rc = vl_store_open(db, &s, &d);
  if (!r.rc) r.rc = vl_ctx_init(&ctx, s, "default", "bench", &d);
  if (!r.rc) {
    double t0 = now_s(), c0 = cpu_s();
    r.rc = vl_scan_import(&ctx, path, "nessus", "scan", &r.st, &d);
    r.secs = now_s() - t0;
    r.cpu = cpu_s() - c0;
  }
  if (r.rc) vl_diag_format(&d, r.msg, sizeof(r.msg));
  vl_store_close(s);
  r.st.format = NULL;
  if (write(fd, &r, sizeof(r)) != (ssize_t)sizeof(r)) _exit(2);
  _exit(0);
}

int main(int argc, char **argv) {
  long mb = 1024;
  const char *env = getenv("VL_BENCH_MB");
  if (argc > 1) mb = strtol(argv[1], NULL, 10);
  else if (env) mb = strtol(env, NULL, 10);
  if (mb <= 0) {
    fprintf(stderr, "usage: bench_nessus [MB]\n");
    return 2;
  }
  char dir[] = "/tmp/bench_nessus.XXXXXX";
  if (!mkdtemp(dir)) return 1;
  char path[4096];
  snprintf(path, sizeof(path), "%s/report.nessus", dir);
  long items, hosts;
  double t0 = now_s();
  long long size = generate(path, mb << 20, &items, &hosts);
  if (size < 0) return 1;
  printf("generated %.1f MB: %ld hosts, %ld report items (%.1f s)\n",
         size / 1048576.0, hosts, items, now_s() - t0);

  struct vl_diag d;
  vl_diag_clear(&d);
  long events;
  t0 = now_s();
  double c0 = cpu_s();
  if (parse_only(path, &events, &d)) {
    char buf[600];
    vl_diag_format(&d, buf, sizeof(buf));
    fprintf(stderr, "parse: %s\n", buf);
    return 1;
  }
  double parse_s = now_s() - t0, parse_cpu = cpu_s() - c0;

  int p[2];
  if (pipe(p)) return 1;
  pid_t pid = fork();
  if (pid < 0) return 1;
  if (pid == 0) {
    close(p[0]);
    import_child(dir, path, p[1]);
  }
  close(p[1]);
  struct result r;
  ssize_t got = read(p[0], &r, sizeof(r));
  int status;
  waitpid(pid, &status, 0);
  struct rusage ru;
  getrusage(RUSAGE_CHILDREN, &ru);
  if (got != (ssize_t)sizeof(r) || r.rc) {
    fprintf(stderr, "import failed: %s\n", got == sizeof(r) ? r.msg : "?");
    return 1;
  }
  struct stat dbst;
  char db[4096];
  snprintf(db, sizeof(db), "%s/bench.db", dir);
  stat(db, &dbst);
  double mbs = size / 1048576.0;
  printf("ceiling (stream-parse only, vl_xml_next): %.2f s, %.1f MB/s, "
         "%.0f items/s (%ld events)\n",
         parse_s, mbs / parse_s, items / parse_s, events);
  printf("import: %.2f s, %.1f MB/s, %ld results, %ld findings (CVE "
         "detections, %ld distinct), %ld hosts\n",
         r.secs, mbs / r.secs, r.st.results, r.st.findings,
         r.st.findings_new, r.st.hosts);
  printf("import: %.0f findings/s, %.0f results/s; peak RSS %.1f MB; "
         "database %.1f MB\n",
         r.st.findings / r.secs, r.st.results / r.secs,
         ru.ru_maxrss / 1024.0, dbst.st_size / 1048576.0);
  printf("CPU time (steadier on a shared machine; the import's counts both "
         "its threads): parse %.2f s, import %.2f s: %.0f findings per CPU "
         "second\n",
         parse_cpu, r.cpu, r.st.findings / r.cpu);
  printf("ratio import/ceiling (bytes per second): %.2f wall, %.2f CPU\n",
         parse_s / r.secs, parse_cpu / r.cpu);
  printf("target: 50000 findings/s (wall clock), flat memory: %s\n",
         r.st.findings / r.secs >= 50000 ? "met" : "NOT MET");
  if (getenv("VL_BENCH_KEEP")) {
    printf("kept %s and %s\n", path, db);
    return 0;
  }
  unlink(db);
  char aux[4200];
  snprintf(aux, sizeof(aux), "%s-wal", db);
  unlink(aux);
  snprintf(aux, sizeof(aux), "%s-shm", db);
  unlink(aux);
  snprintf(aux, sizeof(aux), "%s-journal", db);
  unlink(aux);
  unlink(path);
  rmdir(dir);
  return 0;
}
