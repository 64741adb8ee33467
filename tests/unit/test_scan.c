/* Scanner reports (lib/scope/vl_scan.c and its importers, the scanner
 * section of the store): format recognition, host matching, findings
 * without software, regressions, all-or-nothing failures, checks run, and
 * verification by a scanner re-scan.  Reports are written here, small and
 * by hand, so that every expected value follows from the report's text and
 * the rules in docs/formats.md ("Scanner reports") and docs/internals.md
 * ("Verification").  The real reports are checked end to end by the golden
 * cases scan-nessus, scan-openvas, scan-qualys (against python3's reading),
 * scan-bad and scan-verify. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vulnloop/scope.h"
#include "vulnloop/store.h"
#include "vulnloop/verify.h"

struct fx {
  char dir[64];
  struct vl_store *s;
  struct vl_ctx ctx;
};

static int setup(void **state) {
  struct fx *f = calloc(1, sizeof(*f));
  snprintf(f->dir, sizeof(f->dir), "/tmp/test_scan.XXXXXX");
  if (!mkdtemp(f->dir)) return -1;
  struct vl_diag d;
  vl_diag_clear(&d);
  char db[128];
  snprintf(db, sizeof(db), "%s/t.db", f->dir);
  if (vl_store_open(db, &f->s, &d)) return -1;
  if (vl_ctx_init(&f->ctx, f->s, "default", "test", &d)) return -1;
  f->ctx.now = 1763283600; /* 2025-11-16T09:00:00Z */
  *state = f;
  return 0;
}

static int teardown(void **state) {
  struct fx *f = *state;
  vl_store_close(f->s);
  char cmd[160];
  snprintf(cmd, sizeof(cmd), "%s/t.db", f->dir);
  unlink(cmd);
  snprintf(cmd, sizeof(cmd), "%s/t.db-wal", f->dir);
  unlink(cmd);
  snprintf(cmd, sizeof(cmd), "%s/t.db-shm", f->dir);
  unlink(cmd);
  snprintf(cmd, sizeof(cmd), "%s/r", f->dir);
  unlink(cmd);
  rmdir(f->dir);
  free(f);
  return 0;
}

static const char *put(struct fx *f, const char *text) {
  static char path[128];
  snprintf(path, sizeof(path), "%s/r", f->dir);
  FILE *fp = fopen(path, "w");
  assert_non_null(fp);
  fputs(text, fp);
  fclose(fp);
  return path;
}

struct fcount {
  long n, open, fixed;
  double conf;
  char evidence[256];
};

static int count_f(void *ud, const struct vl_finding *fd) {
  struct fcount *c = ud;
  c->n++;
  c->open += !strcmp(fd->status, "open");
  c->fixed += !strcmp(fd->status, "fixed");
  c->conf = fd->confidence;
  snprintf(c->evidence, sizeof(c->evidence), "%s",
           fd->evidence ? fd->evidence : "");
  return 0;
}

static struct fcount findings(struct fx *f, const char *vuln) {
  struct fcount c = {0};
  struct vl_finding_filter flt = {0};
  flt.vuln = vuln;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_store_findings(&f->ctx, &flt, count_f, &c, &d), 0);
  return c;
}

#define NESSUS_HEAD                                                          \
  "<?xml version=\"1.0\"?>\n<NessusClientData_v2><Policy><Preferences>"     \
  "<ServerPreferences><preference><name>plugin_set</name><value>10;20"      \
  "</value></preference></ServerPreferences></Preferences>"                  \
  "<FamilySelection><FamilyItem><FamilyName>Web Servers</FamilyName>"       \
  "<Status>enabled</Status></FamilyItem></FamilySelection></Policy>\n"     \
  "<Report name=\"r\">\n"

static void test_sniff(void **state) {
  (void)state;
  static const struct {
    const char *head, *want;
  } cases[] = {
      {"<?xml version=\"1.0\"?>\n<NessusClientData_v2>", "nessus"},
      {"<report id=\"x\" format_id=\"a994\"><owner>", "openvas"},
      {"<get_reports_response status=\"200\"><report><results>", "openvas"},
      {"\"Asset Vuln Datalist Report\"\n\"CVE\",\"QID\",\"Title\"", "qualys"},
      {"IP,HOSTNAME,QID,VULN TITLE\n", "qualys"},
      {"name,cpe\nweb-01,cpe:2.3:a:x:y:1:*:*:*:*:*:*:*\n", NULL},
      {"<?xml version=\"1.0\"?><nmaprun>", NULL},
  };
  for (size_t i = 0; i < VL_ARRAY_LEN(cases); i++) {
    const struct vl_scan_format *fmt =
        vl_scan_sniff(cases[i].head, strlen(cases[i].head));
    if (!cases[i].want)
      assert_null(fmt);
    else {
      assert_non_null(fmt);
      assert_string_equal(fmt->name, cases[i].want);
    }
  }
}

static int asset_cb(void *ud, const struct vl_asset *a) {
  char *out = ud;
  snprintf(out, 256, "%s|%s|%s|%s", a->name, a->address ? a->address : "",
           a->owner ? a->owner : "", a->os ? a->os : "");
  return 0;
}

/* A host is matched to the asset with its address; the asset keeps its
 * name and owner, gains the OS. */
static void test_match_by_address(void **state) {
  struct fx *f = *state;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_asset a = {0};
  a.name = "db-01";
  a.address = "10.1.1.1";
  a.owner = "dba";
  int64_t id;
  int changed;
  assert_int_equal(
      vl_store_asset_upsert(&f->ctx, &a, VL_ASSET_REPLACE, &id, &changed, &d),
      0);
  const char *p = put(f, NESSUS_HEAD
                      "<ReportHost name=\"10.1.1.1\"><HostProperties>"
                      "<tag name=\"host-ip\">10.1.1.1</tag>"
                      "<tag name=\"operating-system\">Debian 12</tag>"
                      "</HostProperties>"
                      "<ReportItem port=\"5432\" protocol=\"tcp\" "
                      "severity=\"2\" pluginID=\"10\"><cve>CVE-2024-0001</cve>"
                      "</ReportItem></ReportHost></Report>"
                      "</NessusClientData_v2>\n");
  struct vl_scan_stats st;
  assert_int_equal(vl_scan_import(&f->ctx, p, NULL, "scan", &st, &d), 0);
  assert_int_equal(st.hosts, 1);
  assert_int_equal(st.findings, 1);
  assert_int_equal(st.ports, 1);
  char got[256] = "";
  assert_int_equal(vl_store_asset_by_name(&f->ctx, "db-01", asset_cb, got, &d),
                   0);
  assert_string_equal(got, "db-01|10.1.1.1|dba|Debian 12");
  struct fcount c = findings(f, "CVE-2024-0001");
  assert_int_equal(c.n, 1);
  /* A remote check: 0.7; the evidence names scanner, plugin and port. */
  assert_true(c.conf > 0.69 && c.conf < 0.71);
  assert_string_equal(c.evidence,
                      "nessus plugin 10 () on 5432/tcp");
}

/* Imported twice: one finding, not two (software is NULL and NULLs are
 * distinct in UNIQUE); fixed then detected again: re-opened. */
static void test_no_duplicates_and_regression(void **state) {
  struct fx *f = *state;
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *text = NESSUS_HEAD
      "<ReportHost name=\"h1\"><ReportItem port=\"80\" severity=\"3\" "
      "pluginID=\"20\" pluginFamily=\"Web Servers\"><plugin_type>local"
      "</plugin_type><cve>CVE-2024-0002</cve><cve>CVE-2024-0003</cve>"
      "</ReportItem><ReportItem port=\"443\" severity=\"3\" pluginID=\"10\">"
      "<cve>CVE-2024-0002</cve></ReportItem></ReportHost></Report>"
      "</NessusClientData_v2>\n";
  struct vl_scan_stats st;
  assert_int_equal(vl_scan_import(&f->ctx, put(f, text), NULL, "scan", &st,
                                  &d), 0);
  assert_int_equal(st.findings, 3);      /* three CVE detections */
  assert_int_equal(st.findings_new, 2);  /* two (asset, CVE) findings */
  f->ctx.now += 3600;
  assert_int_equal(vl_scan_import(&f->ctx, put(f, text), NULL, "scan", &st,
                                  &d), 0);
  assert_int_equal(st.findings_new, 0);
  struct fcount c = findings(f, "CVE-2024-0002");
  assert_int_equal(c.n, 1);
  /* The best confidence of its detections: the local check's 0.9. */
  assert_true(c.conf > 0.89 && c.conf < 0.91);
}

static int first_id(void *ud, const struct vl_finding *fd) {
  *(int64_t *)ud = fd->id;
  return 1;
}

static void test_regression_reopens(void **state) {
  struct fx *f = *state;
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *text = NESSUS_HEAD
      "<ReportHost name=\"h2\"><ReportItem port=\"80\" severity=\"3\" "
      "pluginID=\"20\"><cve>CVE-2024-0009</cve></ReportItem></ReportHost>"
      "</Report></NessusClientData_v2>\n";
  struct vl_scan_stats st;
  assert_int_equal(vl_scan_import(&f->ctx, put(f, text), NULL, "scan", &st,
                                  &d), 0);
  struct vl_finding_filter flt = {0};
  flt.vuln = "CVE-2024-0009";
  int64_t id = 0;
  assert_int_equal(vl_store_findings(&f->ctx, &flt, first_id, &id, &d), 1);
  assert_int_equal(vl_store_finding_set_status(&f->ctx, id, "fixed", &d), 0);
  f->ctx.now += 60;
  assert_int_equal(vl_scan_import(&f->ctx, put(f, text), NULL, "scan", &st,
                                  &d), 0);
  assert_int_equal(st.findings_new, 1);
  struct fcount c = findings(f, "CVE-2024-0009");
  assert_int_equal(c.n, 1);
  assert_int_equal(c.open, 1);
}

/* A bad second host: nothing of the report is kept. */
static void test_all_or_nothing(void **state) {
  struct fx *f = *state;
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_store_counts before, after;
  assert_int_equal(vl_store_counts(&f->ctx, &before, &d), 0);
  const char *p = put(f, NESSUS_HEAD
                      "<ReportHost name=\"ok\"><ReportItem port=\"1\" "
                      "severity=\"3\" pluginID=\"10\"><cve>CVE-2024-0100</cve>"
                      "</ReportItem></ReportHost>\n"
                      "<ReportHost name=\"bad\">\n<ReportItem port=\"1\" "
                      "severity=\"9\" pluginID=\"10\"/></ReportHost></Report>"
                      "</NessusClientData_v2>\n");
  struct vl_scan_stats st;
  assert_int_equal(vl_scan_import(&f->ctx, p, NULL, "scan", &st, &d),
                   VL_ETYPE);
  assert_int_equal(d.line, 6); /* the bad ReportItem's line */
  assert_non_null(strstr(d.msg, "severity '9'"));
  assert_int_equal(vl_store_counts(&f->ctx, &after, &d), 0);
  assert_memory_equal(&before, &after, sizeof(before));
}

/* The entity declarations of an XXE never reach the importer. */
static void test_xxe_refused(void **state) {
  struct fx *f = *state;
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *p = put(f, "<?xml version=\"1.0\"?>\n<!DOCTYPE report [\n"
                         "<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
                         "<report format_id=\"x\"><report><results><result>"
                         "<host>&x;</host><nvt oid=\"1\"/></result></results>"
                         "</report></report>\n");
  struct vl_scan_stats st;
  assert_int_equal(vl_scan_import(&f->ctx, p, "openvas", "scan", &st, &d),
                   VL_EUNSUPPORTED);
  assert_non_null(strstr(d.file, "/r"));
}

static int ran(struct fx *f, int64_t scan, const char *scanner,
               const char *plugin, const char *family) {
  bool out = false;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(
      vl_store_scan_ran(&f->ctx, scan, scanner, plugin, family, &out, &d), 0);
  return out;
}

/* Checks run: the plugin_set, a family enabled whole, the plugins that
 * reported; not another scanner's. */
static void test_checks_run(void **state) {
  struct fx *f = *state;
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *p = put(f, NESSUS_HEAD
                      "<ReportHost name=\"h3\"><ReportItem port=\"0\" "
                      "severity=\"0\" pluginID=\"99\"/></ReportHost></Report>"
                      "</NessusClientData_v2>\n");
  struct vl_scan_stats st;
  assert_int_equal(vl_scan_import(&f->ctx, p, NULL, "scan", &st, &d), 0);
  assert_true(ran(f, st.scan_id, "nessus", "10", NULL));
  assert_true(ran(f, st.scan_id, "nessus", "99", NULL));
  assert_false(ran(f, st.scan_id, "nessus", "30", NULL));
  assert_true(ran(f, st.scan_id, "nessus", "30", "Web Servers"));
  assert_false(ran(f, st.scan_id, "nessus", "30", "Windows"));
  assert_false(ran(f, st.scan_id, "openvas", "10", NULL));
}

/* Qualys: an agent counts as credentialed; a FIXED row is not a finding;
 * "Potential" is 0.5. */
static void test_qualys_rows(void **state) {
  struct fx *f = *state;
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *p = put(
      f, "\"IP\",\"DNS\",\"Tracking Method\",\"QID\",\"Type\",\"Vuln Status\","
         "\"Severity\",\"Port\",\"Protocol\",\"CVE ID\"\n"
         "\"10.2.0.1\",\"q1\",\"QAGENT\",\"100\",\"Potential\",\"Active\",\"4\","
         "\"22\",\"tcp\",\"CVE-2024-0200, CVE-2024-0201\"\n"
         "\"10.2.0.1\",\"q1\",\"QAGENT\",\"101\",\"Confirmed\",\"Fixed\",\"5\","
         "\"\",\"\",\"CVE-2024-0202\"\n");
  struct vl_scan_stats st;
  assert_int_equal(vl_scan_import(&f->ctx, p, NULL, "scan", &st, &d), 0);
  assert_int_equal(st.hosts, 1);
  assert_int_equal(st.credentialed, 1);
  assert_int_equal(st.results, 2);
  assert_int_equal(st.findings, 2);
  struct fcount c = findings(f, "CVE-2024-0200");
  assert_int_equal(c.n, 1);
  assert_true(c.conf > 0.49 && c.conf < 0.51);
  assert_int_equal(findings(f, "CVE-2024-0202").n, 0);
}

struct hostrow {
  int credentialed, auth_ok;
  vl_time started;
  char asset[64];
};

static int host_cb(void *ud, const struct vl_scan_hostrec *h) {
  struct hostrow *r = ud;
  r->credentialed = h->credentialed;
  r->auth_ok = h->auth_ok;
  r->started = h->started;
  snprintf(r->asset, sizeof(r->asset), "%s", h->asset);
  return 0;
}

/* OpenVAS: the <host> element that follows the results says how the host
 * was scanned (Auth-SSH-Success), names it (hostname detail) and the NVT
 * that produced a detail ran. */
static void test_openvas_host_details(void **state) {
  struct fx *f = *state;
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *p = put(
      f, "<report id=\"a\" format_id=\"b\"><report id=\"c\">\n"
         "<results><result><host>10.3.0.1</host><port>22/tcp</port>"
         "<nvt oid=\"1.3.6.1.4.1.25623.1.0.1\"><name>n</name>"
         "<refs><ref type=\"cve\" id=\"CVE-2024-0400\"/></refs></nvt>"
         "<threat>High</threat><severity>7.5</severity>"
         "<qod><value>97</value><type>package</type></qod></result>"
         "</results>\n<host><ip>10.3.0.1</ip>"
         "<start>2025-11-16T08:00:00Z</start><end>2025-11-16T08:30:00Z</end>"
         "<detail><name>hostname</name><value>ov1</value></detail>"
         "<detail><name>Auth-SSH-Success</name><value>22</value><source>"
         "<type>nvt</type><name>1.3.6.1.4.1.25623.1.0.90022</name></source>"
         "</detail></host></report></report>\n");
  struct vl_scan_stats st;
  assert_int_equal(vl_scan_import(&f->ctx, p, NULL, "scan", &st, &d), 0);
  assert_int_equal(st.hosts, 1);
  assert_int_equal(st.credentialed, 1);
  struct hostrow h = {0};
  assert_int_equal(vl_store_scan_hosts(&f->ctx, st.scan_id, host_cb, &h, &d),
                   0);
  /* Named by its address at the result, the host keeps that asset. */
  assert_string_equal(h.asset, "10.3.0.1");
  assert_int_equal(h.credentialed, 1);
  assert_int_equal(h.auth_ok, 1);
  assert_int_equal(h.started, 1763280000);
  assert_true(ran(f, st.scan_id, "openvas", "1.3.6.1.4.1.25623.1.0.90022",
                  NULL));
  struct fcount c = findings(f, "CVE-2024-0400");
  assert_int_equal(c.n, 1);
  assert_true(c.conf > 0.96 && c.conf < 0.98);
}

struct notes {
  int fixed, unverified;
  char reason[256];
};

static int note_cb(void *ud, const struct vl_verify_note *n) {
  struct notes *ns = ud;
  if (n->fixed) ns->fixed++;
  else {
    ns->unverified++;
    snprintf(ns->reason, sizeof(ns->reason), "%s", n->reason);
  }
  return 0;
}

/* A credentialed detection is not closed by a re-scan without
 * credentials, and is by one that logged in. */
static void test_verify_needs_credentials(void **state) {
  struct fx *f = *state;
  struct vl_diag d;
  vl_diag_clear(&d);
  const char *first = NESSUS_HEAD
      "<ReportHost name=\"c1\"><HostProperties><tag name=\"Credentialed_Scan\">"
      "true</tag></HostProperties><ReportItem port=\"0\" severity=\"3\" "
      "pluginID=\"20\"><plugin_type>local</plugin_type>"
      "<cve>CVE-2024-0300</cve></ReportItem></ReportHost></Report>"
      "</NessusClientData_v2>\n";
  struct vl_scan_stats st;
  assert_int_equal(vl_scan_import(&f->ctx, put(f, first), NULL, "scan", &st,
                                  &d), 0);
  f->ctx.now += 86400;
  struct vl_verify_stats vs;
  struct notes ns = {0};
  assert_int_equal(
      vl_verify_rescan_ex(&f->ctx,
                          put(f, NESSUS_HEAD "<ReportHost name=\"c1\"/>"
                                             "</Report></NessusClientData_v2>"),
                          NULL, NULL, note_cb, &ns, &vs, &d),
      0);
  assert_int_equal(vs.fixed, 0);
  assert_int_equal(vs.not_verified, 1);
  assert_non_null(strstr(ns.reason, "no credentials"));
  f->ctx.now += 86400;
  memset(&ns, 0, sizeof(ns));
  assert_int_equal(
      vl_verify_rescan_ex(
          &f->ctx,
          put(f, NESSUS_HEAD "<ReportHost name=\"c1\"><HostProperties><tag "
                             "name=\"Credentialed_Scan\">true</tag>"
                             "</HostProperties></ReportHost></Report>"
                             "</NessusClientData_v2>"),
          NULL, NULL, note_cb, &ns, &vs, &d),
      0);
  assert_int_equal(vs.fixed, 1);
  assert_int_equal(ns.fixed, 1);
  assert_int_equal(findings(f, "CVE-2024-0300").fixed, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_sniff),
      cmocka_unit_test_setup_teardown(test_match_by_address, setup, teardown),
      cmocka_unit_test_setup_teardown(test_no_duplicates_and_regression,
                                      setup, teardown),
      cmocka_unit_test_setup_teardown(test_regression_reopens, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_all_or_nothing, setup, teardown),
      cmocka_unit_test_setup_teardown(test_xxe_refused, setup, teardown),
      cmocka_unit_test_setup_teardown(test_checks_run, setup, teardown),
      cmocka_unit_test_setup_teardown(test_qualys_rows, setup, teardown),
      cmocka_unit_test_setup_teardown(test_openvas_host_details, setup,
                                      teardown),
      cmocka_unit_test_setup_teardown(test_verify_needs_credentials, setup,
                                      teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
