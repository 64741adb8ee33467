/* The SBOM package mapping (vl_sbom_software, lib/scope/vl_cyclonedx.c):
 * how a purl, a CPE or a bare name becomes installed software, and the
 * per-SBOM set that merges duplicates.  Expected values are written from
 * the purl specification (canonical form, type rules) and the version
 * schemes' names in include/vulnloop/version.h, not from the code's
 * output.  The importers themselves are checked end to end by the golden
 * cases "sbom" and "sbom-bad". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/scope.h"

static struct vl_arena *arena;

static int setup(void **state) {
  (void)state;
  return vl_arena_new(1u << 22, &arena);
}

static int teardown(void **state) {
  (void)state;
  vl_arena_free(arena);
  return 0;
}

static void str_eq(const char *got, const char *want) {
  if (!want)
    assert_null(got);
  else {
    assert_non_null(got);
    assert_string_equal(got, want);
  }
}

struct purl_case {
  const char *purl, *version;           /* input */
  const char *ident, *ecosystem, *scheme, *name, *product, *ver, *arch;
};

static void test_purl_mapping(void **state) {
  (void)state;
  static const struct purl_case cases[] = {
      {"pkg:npm/%40angular/core@16.2.0", NULL,
       "pkg:npm/%40angular/core@16.2.0", "npm", "semver", "@angular/core",
       "core", "16.2.0", NULL},
      /* an unencoded '@' in the namespace is the same package */
      {"pkg:npm/@angular/core@16.2.0", NULL, "pkg:npm/%40angular/core@16.2.0",
       "npm", "semver", "@angular/core", "core", "16.2.0", NULL},
      {"pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2", NULL,
       "pkg:maven/org.apache.logging.log4j/log4j-core@2.13.2", "maven",
       "maven", "org.apache.logging.log4j:log4j-core", "log4j-core", "2.13.2",
       NULL},
      /* pypi: lower case, '_' -> '-' (purl type rule) */
      {"pkg:pypi/Django_Rest@3.0", NULL, "pkg:pypi/django-rest@3.0", "pypi",
       "pep440", "django-rest", "django-rest", "3.0", NULL},
      {"pkg:deb/debian/curl@7.88.1-10+deb12u5?arch=amd64", NULL,
       "pkg:deb/debian/curl@7.88.1-10%2Bdeb12u5?arch=amd64", "deb", "dpkg",
       "curl", "curl", "7.88.1-10+deb12u5", "amd64"},
      /* rpm: the epoch qualifier joins the version */
      {"pkg:rpm/redhat/openssl@3.0.7-18.el9?arch=x86_64&epoch=1", NULL,
       "pkg:rpm/redhat/openssl@3.0.7-18.el9?arch=x86_64&epoch=1", "rpm", "rpm",
       "openssl", "openssl", "1:3.0.7-18.el9", "x86_64"},
      {"pkg:rpm/redhat/bash@5.1-6.el9?epoch=0", NULL,
       "pkg:rpm/redhat/bash@5.1-6.el9?epoch=0", "rpm", "rpm", "bash", "bash",
       "5.1-6.el9", NULL},
      {"pkg:apk/alpine/musl@1.2.3-r0?distro=3.16.0", NULL,
       "pkg:apk/alpine/musl@1.2.3-r0?distro=3.16.0", "apk", "apk", "musl",
       "musl", "1.2.3-r0", NULL},
      {"pkg:golang/github.com/package-url/packageurl-go@v0.1.1", NULL,
       "pkg:golang/github.com/package-url/packageurl-go@v0.1.1", "golang",
       "golang", "github.com/package-url/packageurl-go", "packageurl-go",
       "v0.1.1", NULL},
      {"pkg:cargo/serde@1.0.190", NULL, "pkg:cargo/serde@1.0.190", "cargo",
       "semver", "serde", "serde", "1.0.190", NULL},
      {"pkg:gem/rails@7.0.0", NULL, "pkg:gem/rails@7.0.0", "gem", "gem",
       "rails", "rails", "7.0.0", NULL},
      {"pkg:nuget/Newtonsoft.Json@13.0.1", NULL,
       "pkg:nuget/Newtonsoft.Json@13.0.1", "nuget", "nuget", "Newtonsoft.Json",
       "newtonsoft.json", "13.0.1", NULL},
      {"pkg:composer/pear/log@1.13.1", NULL, "pkg:composer/pear/log@1.13.1",
       "composer", "composer", "pear/log", "log", "1.13.1", NULL},
      /* a type without a scheme here: generic; github lower-cases */
      {"pkg:github/Package-URL/purl-spec@v1.0", NULL,
       "pkg:github/package-url/purl-spec@v1.0", "github", "generic",
       "package-url/purl-spec", "purl-spec", "v1.0", NULL},
      /* no version in the purl: the component's */
      {"pkg:npm/lodash", "4.17.21", "pkg:npm/lodash", "npm", "semver",
       "lodash", "lodash", "4.17.21", NULL},
  };
  for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
    const struct purl_case *c = &cases[i];
    struct vl_sbom_pkg p = {.purl = c->purl, .version = c->version};
    struct vl_software sw;
    struct vl_diag d;
    const char *field;
    vl_diag_clear(&d);
    int rc = vl_sbom_software(arena, &p, &sw, &field, &d);
    if (rc) fprintf(stderr, "%s: %s\n", c->purl, d.msg);
    assert_int_equal(rc, 0);
    str_eq(sw.ident, c->ident);
    str_eq(sw.purl, c->ident);
    str_eq(sw.ecosystem, c->ecosystem);
    str_eq(sw.scheme, c->scheme);
    str_eq(sw.name, c->name);
    str_eq(sw.product, c->product);
    str_eq(sw.version, c->ver);
    str_eq(sw.arch, c->arch);
    assert_null(sw.cpe);
    assert_null(sw.vendor);
  }
}

static void test_cpe_mapping(void **state) {
  (void)state;
  struct vl_software sw;
  struct vl_diag d;
  const char *field;
  /* a 2.2 URI is stored as a 2.3 formatted string */
  struct vl_sbom_pkg p = {.cpe = "cpe:/a:openssl:openssl:1.1.1k"};
  assert_int_equal(vl_sbom_software(arena, &p, &sw, &field, &d), 0);
  str_eq(sw.cpe, "cpe:2.3:a:openssl:openssl:1.1.1k:*:*:*:*:*:*:*");
  str_eq(sw.vendor, "openssl");
  str_eq(sw.product, "openssl");
  str_eq(sw.version, "1.1.1k");
  str_eq(sw.scheme, "generic");
  assert_null(sw.ident); /* the store's default: the CPE */
  assert_null(sw.purl);
  /* a CPE without a version takes the package's */
  struct vl_sbom_pkg q = {.cpe = "cpe:2.3:a:apache:http_server:*:*:*:*:*:*:*:*",
                          .version = "2.4.51"};
  assert_int_equal(vl_sbom_software(arena, &q, &sw, &field, &d), 0);
  str_eq(sw.cpe, "cpe:2.3:a:apache:http_server:2.4.51:*:*:*:*:*:*:*");
  str_eq(sw.version, "2.4.51");
  /* purl and CPE: ident from the purl, vendor and product from the CPE */
  struct vl_sbom_pkg r = {
      .purl = "pkg:maven/org.apache.commons/commons-io@2.13.0",
      .cpe = "cpe:2.3:a:apache:commons-io:2.13.0:*:*:*:*:*:*:*"};
  assert_int_equal(vl_sbom_software(arena, &r, &sw, &field, &d), 0);
  str_eq(sw.ident, "pkg:maven/org.apache.commons/commons-io@2.13.0");
  str_eq(sw.vendor, "apache");
  str_eq(sw.product, "commons-io");
  str_eq(sw.scheme, "maven");
  /* wildcard vendor, wildcard version, bad syntax: errors on "cpe" */
  static const char *const bad[] = {
      "cpe:2.3:a:*:openssl:1.0:*:*:*:*:*:*:*",
      "cpe:2.3:a:openssl:openssl:1.*:*:*:*:*:*:*:*", "cpe:2.3:a:openssl"};
  for (size_t i = 0; i < 3; i++) {
    struct vl_sbom_pkg b = {.cpe = bad[i], .version = "1"};
    vl_diag_clear(&d);
    assert_int_not_equal(vl_sbom_software(arena, &b, &sw, &field, &d), 0);
    str_eq(field, "cpe");
    assert_true(d.msg[0] != 0);
  }
}

static void test_name_only_and_errors(void **state) {
  (void)state;
  struct vl_software sw;
  struct vl_diag d;
  const char *field;
  struct vl_sbom_pkg p = {.name = "Widget", .group = "acme", .version = "3"};
  assert_int_equal(vl_sbom_software(arena, &p, &sw, &field, &d), 0);
  str_eq(sw.ident, "acme/Widget@3");
  str_eq(sw.name, "acme/Widget");
  str_eq(sw.product, "widget");
  str_eq(sw.scheme, "generic");
  assert_null(sw.ecosystem);
  /* no version anywhere */
  struct vl_sbom_pkg q = {.purl = "pkg:oci/testcontainer?repository_url=x"};
  assert_int_not_equal(vl_sbom_software(arena, &q, &sw, &field, &d), 0);
  str_eq(field, "version");
  /* nothing at all */
  struct vl_sbom_pkg r = {.version = "1"};
  assert_int_not_equal(vl_sbom_software(arena, &r, &sw, &field, &d), 0);
  str_eq(field, "name");
  /* a purl that is not one */
  struct vl_sbom_pkg s = {.purl = "npm/a@1"};
  assert_int_not_equal(vl_sbom_software(arena, &s, &sw, &field, &d), 0);
  str_eq(field, "purl");
}

/* Strings handed in are borrowed: the result must not point at them. */
static void test_strings_copied(void **state) {
  (void)state;
  char name[] = "curl", ver[] = "7.0", src[] = "curl-src", arch[] = "amd64";
  struct vl_sbom_pkg p = {.name = name, .version = ver, .source_name = src,
                          .source_version = ver, .arch = arch};
  struct vl_software sw;
  struct vl_diag d;
  const char *field;
  assert_int_equal(vl_sbom_software(arena, &p, &sw, &field, &d), 0);
  memset(name, 'x', 4);
  memset(ver, 'x', 3);
  memset(src, 'x', 8);
  memset(arch, 'x', 5);
  str_eq(sw.name, "curl");
  str_eq(sw.version, "7.0");
  str_eq(sw.source_name, "curl-src");
  str_eq(sw.source_version, "7.0");
  str_eq(sw.arch, "amd64");
  str_eq(sw.ident, "curl@7.0");
}

static void test_set_merges(void **state) {
  (void)state;
  struct vl_sbom *s;
  struct vl_diag d;
  const char *field;
  assert_int_equal(vl_sbom_new(3, &s), 0);
  struct vl_sbom_pkg a = {.purl = "pkg:npm/@angular/core@16.2.0"};
  struct vl_sbom_pkg b = {.purl = "pkg:npm/%40angular/core@16.2.0"};
  struct vl_sbom_pkg c = {.purl = "pkg:npm/@angular/core@16.2.1"};
  struct vl_sbom_pkg none = {.name = "folder"};
  assert_int_equal(vl_sbom_add(s, &a, &field, &d), 0);
  assert_int_equal(vl_sbom_add(s, &b, &field, &d), 0);
  assert_int_equal(vl_sbom_count(s), 1);
  assert_int_equal(vl_sbom_add(s, &c, &field, &d), 0);
  assert_int_equal(vl_sbom_count(s), 2);
  /* without a version: skipped, not an error */
  assert_int_equal(vl_sbom_add(s, &none, &field, &d), 0);
  assert_int_equal(vl_sbom_count(s), 2);
  /* the cap */
  struct vl_sbom_pkg e = {.purl = "pkg:npm/x@1"};
  struct vl_sbom_pkg f = {.purl = "pkg:npm/y@1"};
  assert_int_equal(vl_sbom_add(s, &e, &field, &d), 0);
  assert_int_equal(vl_sbom_add(s, &f, &field, &d), VL_ETOOBIG);
  vl_sbom_free(s);
}

static void test_sniff_member(void **state) {
  (void)state;
  const char *h = "{\n  \"bomFormat\" :\t\"CycloneDX\", \"x\": 1}";
  assert_true(vl_sbom_sniff_member(h, strlen(h), "bomFormat", "CycloneDX"));
  assert_true(vl_sbom_sniff_member(h, strlen(h), "x", NULL));
  assert_false(vl_sbom_sniff_member(h, strlen(h), "bomFormat", "SPDX"));
  /* cut inside the value: not a match */
  assert_false(vl_sbom_sniff_member(h, 24, "bomFormat", "CycloneDX"));
  /* a value, not a key */
  const char *k = "{\"a\": \"bomFormat\"}";
  assert_false(vl_sbom_sniff_member(k, strlen(k), "bomFormat", NULL));
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_purl_mapping),
      cmocka_unit_test(test_cpe_mapping),
      cmocka_unit_test(test_name_only_and_errors),
      cmocka_unit_test(test_strings_copied),
      cmocka_unit_test(test_set_merges),
      cmocka_unit_test(test_sniff_member),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
