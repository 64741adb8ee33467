/* Version schemes: names, dispatch and the shared key encoders.
 *
 * The build defines VL_HAVE_<FILE> for each scheme source present, so the
 * library links while schemes are added one by one; a scheme that is not
 * built answers VL_EUNSUPPORTED. */
#include <string.h>
#include <strings.h>

#include "vl_ver_internal.h"


static const struct {
  enum vl_scheme scheme;
  const char *name;
} names[] = {
    {VL_SCHEME_GENERIC, "generic"},   {VL_SCHEME_DPKG, "dpkg"},
    {VL_SCHEME_DPKG, "deb"},          {VL_SCHEME_DPKG, "debian"},
    {VL_SCHEME_DPKG, "ubuntu"},       {VL_SCHEME_RPM, "rpm"},
    {VL_SCHEME_RPM, "redhat"},        {VL_SCHEME_RPM, "rhel"},
    {VL_SCHEME_RPM, "fedora"},        {VL_SCHEME_RPM, "suse"},
    {VL_SCHEME_APK, "apk"},           {VL_SCHEME_APK, "alpine"},
    {VL_SCHEME_SEMVER, "semver"},     {VL_SCHEME_SEMVER, "npm"},
    {VL_SCHEME_SEMVER, "cargo"},      {VL_SCHEME_SEMVER, "hex"},
    {VL_SCHEME_PEP440, "pep440"},     {VL_SCHEME_PEP440, "pypi"},
    {VL_SCHEME_MAVEN, "maven"},       {VL_SCHEME_NUGET, "nuget"},
    {VL_SCHEME_GEM, "gem"},           {VL_SCHEME_GEM, "rubygems"},
    {VL_SCHEME_COMPOSER, "composer"}, {VL_SCHEME_GOLANG, "golang"},
    {VL_SCHEME_GOLANG, "go"},         {VL_SCHEME_ALPM, "alpm"},
    {VL_SCHEME_ALPM, "arch"},         {VL_SCHEME_GENTOO, "gentoo"},
    {VL_SCHEME_GENTOO, "ebuild"},     {VL_SCHEME_CONAN, "conan"},
    {VL_SCHEME_NIX, "nix"},           {VL_SCHEME_OPENSSL, "openssl"},
};

int vl_scheme_from_name(const char *name, enum vl_scheme *out) {
  for (size_t i = 0; i < VL_ARRAY_LEN(names); i++)
    if (strcasecmp(name, names[i].name) == 0) {
      *out = names[i].scheme;
      return 0;
    }
  return VL_ENOTFOUND;
}

const char *vl_scheme_name(enum vl_scheme s) {
  for (size_t i = 0; i < VL_ARRAY_LEN(names); i++)
    if (names[i].scheme == s) return names[i].name;
  return "unknown";
}

static vl_ver_key_fn key_fn(enum vl_scheme s) {
  switch (s) {
#ifdef VL_HAVE_VL_VER_GENERIC_C
    case VL_SCHEME_GENERIC: return vl_ver_generic_key;
#endif
#ifdef VL_HAVE_VL_VER_DPKG_C
    case VL_SCHEME_DPKG: return vl_ver_dpkg_key;
#endif
#ifdef VL_HAVE_VL_VER_RPM_C
    case VL_SCHEME_RPM: return vl_ver_rpm_key;
#endif
#ifdef VL_HAVE_VL_VER_APK_C
    case VL_SCHEME_APK: return vl_ver_apk_key;
#endif
#ifdef VL_HAVE_VL_VER_SEMVER_C
    case VL_SCHEME_SEMVER: return vl_ver_semver_key;
#endif
#ifdef VL_HAVE_VL_VER_PEP440_C
    case VL_SCHEME_PEP440: return vl_ver_pep440_key;
#endif
#ifdef VL_HAVE_VL_VER_MAVEN_C
    case VL_SCHEME_MAVEN: return vl_ver_maven_key;
#endif
#ifdef VL_HAVE_VL_VER_MISC_C
    case VL_SCHEME_NUGET: return vl_ver_nuget_key;
#endif
#ifdef VL_HAVE_VL_VER_MISC_C
    case VL_SCHEME_GEM: return vl_ver_gem_key;
#endif
#ifdef VL_HAVE_VL_VER_MISC_C
    case VL_SCHEME_COMPOSER: return vl_ver_composer_key;
#endif
#ifdef VL_HAVE_VL_VER_MISC_C
    case VL_SCHEME_GOLANG: return vl_ver_golang_key;
#endif
#ifdef VL_HAVE_VL_VER_ALPM_C
    case VL_SCHEME_ALPM: return vl_ver_alpm_key;
#endif
#ifdef VL_HAVE_VL_VER_GENTOO_C
    case VL_SCHEME_GENTOO: return vl_ver_gentoo_key;
#endif
#ifdef VL_HAVE_VL_VER_MISC_C
    case VL_SCHEME_CONAN: return vl_ver_conan_key;
#endif
#ifdef VL_HAVE_VL_VER_MISC_C
    case VL_SCHEME_NIX: return vl_ver_nix_key;
#endif
#ifdef VL_HAVE_VL_VER_OPENSSL_C
    case VL_SCHEME_OPENSSL: return vl_ver_openssl_key;
#endif
    default: return NULL;
  }
}

int vl_version_key(enum vl_scheme scheme, const char *s, size_t len,
                   struct vl_verkey *key, struct vl_diag *d) {
  vl_ver_key_fn fn = key_fn(scheme);
  if (!fn)
    return vl_diag_set(d, VL_EUNSUPPORTED, "version scheme '%s' is not built in",
                       vl_scheme_name(scheme));
  if (len > VL_VERSION_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "version longer than %d bytes",
                       VL_VERSION_MAX);
  key->len = 0;
  return fn(s, len, key, d);
}

int vl_verkey_cmp(const struct vl_verkey *a, const struct vl_verkey *b) {
  size_t n = a->len < b->len ? a->len : b->len;
  int c = memcmp(a->b, b->b, n);
  if (c) return c < 0 ? -1 : 1;
  return a->len < b->len ? -1 : a->len > b->len;
}

int vl_version_compare(enum vl_scheme scheme, const char *a, const char *b,
                       int *out, struct vl_diag *d) {
  struct vl_verkey ka, kb;
  int rc = vl_version_key(scheme, a, strlen(a), &ka, d);
  if (rc) return rc;
  rc = vl_version_key(scheme, b, strlen(b), &kb, d);
  if (rc) return rc;
  *out = vl_verkey_cmp(&ka, &kb);
  return 0;
}

int vl_verkey_put(struct vl_verkey *k, const void *p, size_t n) {
  if (n > VL_VERKEY_MAX - k->len) return VL_ETOOBIG;
  memcpy(k->b + k->len, p, n);
  k->len += n;
  return 0;
}

int vl_verkey_putc(struct vl_verkey *k, unsigned char c) {
  return vl_verkey_put(k, &c, 1);
}

int vl_verkey_putnum(struct vl_verkey *k, const char *digits, size_t n) {
  while (n > 0 && *digits == '0') {
    digits++;
    n--;
  }
  /* Length prefix: one byte for < 255 digits, else 0xFF and two bytes.
   * Longer numbers than VL_VERSION_MAX never reach here. */
  int rc;
  if (n < 255) {
    rc = vl_verkey_putc(k, (unsigned char)n);
  } else {
    unsigned char p[3] = {0xFF, (unsigned char)(n >> 8), (unsigned char)n};
    rc = vl_verkey_put(k, p, 3);
  }
  if (rc) return rc;
  return vl_verkey_put(k, digits, n);
}
