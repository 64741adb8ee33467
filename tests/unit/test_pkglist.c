/* lib/scope/vl_pkglist.c: the os-release parser and the Debian changelog
 * reader (fix evidence), on small texts whose answers are known by reading
 * them.  The real machine's changelogs are checked against an independent
 * reading in the golden case "collect". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/scope.h"

static int parse_os(const char *text, struct vl_os_release *o,
                    struct vl_diag *d) {
  vl_diag_clear(d);
  return vl_os_release_parse(text, strlen(text), "os-release", o, d);
}

static void test_os_release_debian(void **state) {
  (void)state;
  struct vl_os_release o;
  struct vl_diag d;
  const char *t =
      "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
      "NAME=\"Debian GNU/Linux\"\n"
      "VERSION_ID=\"12\"\n"
      "VERSION=\"12 (bookworm)\"\n"
      "VERSION_CODENAME=bookworm\n"
      "ID=debian\n"
      "HOME_URL=\"https://www.debian.org/\"\n";
  assert_int_equal(parse_os(t, &o, &d), 0);
  assert_string_equal(o.id, "debian");
  assert_string_equal(o.version_id, "12");
  assert_string_equal(o.codename, "bookworm");
  assert_string_equal(o.pretty, "Debian GNU/Linux 12 (bookworm)");
  assert_string_equal(o.cpe, "cpe:2.3:o:debian:debian_linux:12:*:*:*:*:*:*:*");
}

static void test_os_release_cpe_name_and_quotes(void **state) {
  (void)state;
  struct vl_os_release o;
  struct vl_diag d;
  /* RHEL writes a CPE 2.2 URI; single quotes, escapes, comments and
   * blank lines; NAME + VERSION_ID stand in for a missing PRETTY_NAME. */
  const char *t =
      "# a comment\n"
      "\n"
      "NAME='Red Hat Enterprise Linux'\n"
      "ID=\"rhel\"\n"
      "VERSION_ID=\"9.4\"\n"
      "CPE_NAME=\"cpe:/o:redhat:enterprise_linux:9::baseos\"\n"
      "VARIANT=\"say \\\"hi\\\" \\\\ there\"\r\n";
  assert_int_equal(parse_os(t, &o, &d), 0);
  assert_string_equal(o.id, "rhel");
  assert_string_equal(o.version_id, "9.4");
  assert_string_equal(o.codename, "");
  assert_string_equal(o.pretty, "Red Hat Enterprise Linux 9.4");
  assert_string_equal(o.cpe,
                      "cpe:2.3:o:redhat:enterprise_linux:9:*:baseos:*:*:*:*:*");
  /* Alpine: derived CPE with NVD's vendor and product names. */
  assert_int_equal(parse_os("ID=alpine\nVERSION_ID=3.19.1\n", &o, &d), 0);
  assert_string_equal(o.cpe,
                      "cpe:2.3:o:alpinelinux:alpine_linux:3.19.1:*:*:*:*:*:*:*");
  assert_string_equal(o.pretty, "alpine 3.19.1");
  /* No version: the CPE's version is ANY. */
  assert_int_equal(parse_os("ID=debian\nVERSION_CODENAME=trixie\n", &o, &d), 0);
  assert_string_equal(o.cpe, "cpe:2.3:o:debian:debian_linux:*:*:*:*:*:*:*:*");
}

static void test_os_release_errors(void **state) {
  (void)state;
  struct vl_os_release o;
  struct vl_diag d;
  assert_int_not_equal(parse_os("NAME=x\nVERSION_ID=1\n", &o, &d), 0);
  assert_non_null(strstr(d.msg, "no ID="));
  assert_int_not_equal(parse_os("ID=debian\nthis is not a pair\n", &o, &d), 0);
  assert_int_equal(d.line, 2);
  assert_string_equal(d.file, "os-release");
  assert_non_null(strstr(d.msg, "not a KEY=VALUE line"));
  assert_int_not_equal(parse_os("ID=debian\nPRETTY_NAME=\"open\n", &o, &d), 0);
  assert_int_equal(d.line, 2);
  assert_non_null(strstr(d.msg, "not closed"));
  assert_int_not_equal(parse_os("ID=\"Debian Linux\"\n", &o, &d), 0);
  assert_int_equal(d.line, 1);
  assert_int_not_equal(parse_os("ID=debian\nCPE_NAME=\"cpe:nonsense\"\n", &o,
                                &d),
                       0);
  assert_int_equal(d.line, 2);
  assert_non_null(strstr(d.msg, "CPE_NAME"));
  assert_int_not_equal(parse_os("ID=debian\nVERSION_ID=\"12\"x\n", &o, &d), 0);
  assert_non_null(strstr(d.msg, "after the closing quote"));
  char big[1200] = "ID=debian\nPRETTY_NAME=";
  memset(big + strlen(big), 'a', 1000);
  big[sizeof(big) - 1] = 0;
  assert_int_equal(parse_os(big, &o, &d), VL_ETOOBIG);
  /* A NUL byte: not text (UTF-16 files have them everywhere). */
  static const char nul[] = "I\0D=debian\n";
  vl_diag_clear(&d);
  assert_int_not_equal(
      vl_os_release_parse(nul, sizeof(nul) - 1, "os-release", &o, &d), 0);
  assert_non_null(strstr(d.msg, "NUL"));
}

struct seen {
  char v[32][128];
  int n;
};

static int collect(void *ud, const char *version, const char *cve, long line) {
  struct seen *s = ud;
  if (s->n < 32)
    snprintf(s->v[s->n++], sizeof(s->v[0]), "%s %s %ld", version, cve, line);
  return 0;
}

static const char changelog[] =
    "openssl (3.0.15-1~deb12u1) bookworm-security; urgency=medium\n" /* 1 */
    "\n"
    "  * Fixes CVE-2024-0003.\n"                                    /* 3 */
    "\n"
    " -- A Maintainer <a@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n"
    "\n"
    "openssl (3.0.14-1~deb12u2) bookworm; urgency=medium\n"         /* 7 */
    "\n"
    "  * CVE-2024-0002, CVE-2024-0001: two on one line.\n"          /* 9 */
    "  * XCVE-2024-9999 is not one, nor CVE-2024-123, nor CVE-24-1234.\n"
    "\n"
    " -- A Maintainer <a@example.org>  Mon, 01 Jan 2024 00:00:00 +0000\n"
    "\n"
    "openssl (not a version!) unstable; urgency=low\n"               /* 14 */
    "  * CVE-2024-7777 in an entry whose version dpkg refuses.\n"
    "\n"
    "openssl (3.0.9-1) unstable; urgency=high\n"                     /* 17 */
    "  * Again CVE-2024-0001 (first fixed here), and CVE-2023-12345678.\n"
    "Local variables:\n"
    "  * CVE-2024-8888 after a trailer line belongs to no entry.\n"
    "Old Changelog:\n"
    "openssl (0.9-1) unstable; urgency=low\n"
    "  * CVE-2000-0001 is in the old changelog.\n";

static void test_changelog_entries_up_to_installed(void **state) {
  (void)state;
  struct seen s = {0};
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_changelog_cves(changelog, sizeof(changelog) - 1,
                                     "changelog.Debian", "3.0.14-1~deb12u2",
                                     collect, &s, &d),
                   0);
  assert_int_equal(s.n, 4);
  assert_string_equal(s.v[0], "3.0.14-1~deb12u2 CVE-2024-0002 9");
  assert_string_equal(s.v[1], "3.0.14-1~deb12u2 CVE-2024-0001 9");
  assert_string_equal(s.v[2], "3.0.9-1 CVE-2024-0001 18");
  assert_string_equal(s.v[3], "3.0.9-1 CVE-2023-12345678 18");
  /* A newer installed version takes the newest entry too; an older one
   * only what it already had. */
  memset(&s, 0, sizeof(s));
  assert_int_equal(vl_changelog_cves(changelog, sizeof(changelog) - 1, "c",
                                     "3.0.15-1~deb12u1", collect, &s, &d),
                   0);
  assert_int_equal(s.n, 5);
  assert_string_equal(s.v[0], "3.0.15-1~deb12u1 CVE-2024-0003 3");
  memset(&s, 0, sizeof(s));
  assert_int_equal(vl_changelog_cves(changelog, sizeof(changelog) - 1, "c",
                                     "3.0.10-1", collect, &s, &d),
                   0);
  assert_int_equal(s.n, 2);
  /* "~" sorts before anything: 3.0.14-1~deb12u2 < 3.0.14-1. */
  memset(&s, 0, sizeof(s));
  assert_int_equal(vl_changelog_cves(changelog, sizeof(changelog) - 1, "c",
                                     "3.0.14-1~deb12u1", collect, &s, &d),
                   0);
  assert_int_equal(s.n, 2);
}

/* A stable update's changelog lists the unstable upload it was built
 * from, whose version sorts after the update's own: its fixes are in the
 * installed package all the same (less 590-2.1~deb12u2 above 590-2.1). */
static void test_changelog_stable_update_above_unstable(void **state) {
  (void)state;
  static const char cl[] =
      "less (590-2.1~deb12u2) bookworm; urgency=medium\n"
      "  * Rebuild for bookworm.\n"
      "\n"
      "less (590-2.1) unstable; urgency=medium\n"
      "  * Fix CVE-2024-32487.\n"
      "\n"
      "less (590-2) unstable; urgency=medium\n"
      "  * Fix CVE-2022-48624.\n";
  struct seen s = {0};
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_changelog_cves(cl, sizeof(cl) - 1, "c",
                                     "590-2.1~deb12u2", collect, &s, &d),
                   0);
  assert_int_equal(s.n, 2);
  assert_string_equal(s.v[0], "590-2.1 CVE-2024-32487 5");
  assert_string_equal(s.v[1], "590-2 CVE-2022-48624 8");
  /* An older installed version (a doc directory shared with a newer
   * package): the entries above the first one it contains are not its. */
  memset(&s, 0, sizeof(s));
  assert_int_equal(vl_changelog_cves(cl, sizeof(cl) - 1, "c", "590-2",
                                     collect, &s, &d),
                   0);
  assert_int_equal(s.n, 1);
  assert_string_equal(s.v[0], "590-2 CVE-2022-48624 8");
}

static void test_changelog_truncated_and_bad(void **state) {
  (void)state;
  struct seen s = {0};
  struct vl_diag d;
  vl_diag_clear(&d);
  /* Cut in the middle of the second entry's CVE id: what is whole counts. */
  size_t cut = (size_t)(strstr(changelog, "CVE-2024-0001:") - changelog) + 8;
  assert_int_equal(vl_changelog_cves(changelog, cut, "c", "9.9", collect, &s,
                                     &d),
                   0);
  assert_int_equal(s.n, 2);
  assert_string_equal(s.v[1], "3.0.14-1~deb12u2 CVE-2024-0002 9");
  /* The installed version must be one. */
  vl_diag_clear(&d);
  assert_int_equal(vl_changelog_cves(changelog, sizeof(changelog) - 1, "c",
                                     "not a version", collect, &s, &d),
                   VL_EINVAL);
  assert_non_null(strstr(d.msg, "not a dpkg version"));
  /* Binary: a NUL byte, with its line. */
  static const char bin[] = "pkg (1.0) unstable; urgency=low\n  * x\0y\n";
  vl_diag_clear(&d);
  assert_int_equal(vl_changelog_cves(bin, sizeof(bin) - 1, "c", "1.0",
                                     collect, &s, &d),
                   VL_EPARSE);
  assert_int_equal(d.line, 2);
  /* Empty text: nothing, no error. */
  memset(&s, 0, sizeof(s));
  assert_int_equal(vl_changelog_cves("", 0, "c", "1.0", collect, &s, &d), 0);
  assert_int_equal(s.n, 0);
}

static int stop_at_first(void *ud, const char *v, const char *cve, long l) {
  (void)v, (void)cve, (void)l;
  ++*(int *)ud;
  return VL_ERANGE;
}

static void test_changelog_callback_stops(void **state) {
  (void)state;
  int calls = 0;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_changelog_cves(changelog, sizeof(changelog) - 1, "c",
                                     "9", stop_at_first, &calls, &d),
                   VL_ERANGE);
  assert_int_equal(calls, 1);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_os_release_debian),
      cmocka_unit_test(test_os_release_cpe_name_and_quotes),
      cmocka_unit_test(test_os_release_errors),
      cmocka_unit_test(test_changelog_entries_up_to_installed),
      cmocka_unit_test(test_changelog_stable_update_above_unstable),
      cmocka_unit_test(test_changelog_truncated_and_bad),
      cmocka_unit_test(test_changelog_callback_stops),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
