/* Version schemes: parse a version string once into a comparable key.
 *
 * A key is a byte string whose memcmp() order (shorter-is-less on a common
 * prefix) is exactly the scheme's version order, so that keys can be
 * compared at memory speed, stored as BLOBs and range-scanned by an index.
 * Two versions the scheme calls equal ("1.0" and "1.00" in dpkg) get the
 * same key.
 *
 * Ownership: keys are written into caller-provided storage (struct vl_verkey
 * has a fixed inline buffer), so nothing here allocates. */
#ifndef VULNLOOP_VERSION_H
#define VULNLOOP_VERSION_H

#include <stddef.h>

#include "vulnloop/core.h"

#ifdef __cplusplus
extern "C" {
#endif

enum vl_scheme {
  VL_SCHEME_GENERIC = 0, /* NVD upstream versions: 1.1.1n, 7.0.0-rc1, 12.2R3-S1 */
  VL_SCHEME_DPKG,        /* Debian/Ubuntu */
  VL_SCHEME_RPM,         /* rpmvercmp, [epoch:]version[-release] */
  VL_SCHEME_APK,         /* Alpine */
  VL_SCHEME_SEMVER,      /* SemVer 2.0 (npm, cargo, golang without "v") */
  VL_SCHEME_PEP440,      /* Python */
  VL_SCHEME_MAVEN,       /* Maven ComparableVersion */
  VL_SCHEME_NUGET,
  VL_SCHEME_GEM,
  VL_SCHEME_COMPOSER,
  VL_SCHEME_GOLANG,
  VL_SCHEME_ALPM,        /* Arch pacman (vercmp) */
  VL_SCHEME_GENTOO,
  VL_SCHEME_CONAN,
  VL_SCHEME_NIX,
  VL_SCHEME_OPENSSL,
  VL_SCHEME__COUNT
};

/* Longest key; versions whose key would not fit are refused (VL_ETOOBIG). */
#define VL_VERKEY_MAX 512
/* Longest version string accepted. */
#define VL_VERSION_MAX 256

struct vl_verkey {
  size_t len;                          /* bytes used in b */
  unsigned char b[VL_VERKEY_MAX];      /* the order-preserving encoding */
};

/* "dpkg", "deb" and "debian" name the same scheme; also the purl type or
 * vers versioning-scheme names (npm, pypi, maven, nuget, gem, ...).  Returns
 * VL_ENOTFOUND for an unknown name. */
int vl_scheme_from_name(const char *name, enum vl_scheme *out);
/* Canonical name ("dpkg", "rpm", "semver", ...); never NULL. */
const char *vl_scheme_name(enum vl_scheme s);

/* Parses s (len bytes, need not be NUL-terminated) in scheme into key.
 * A string the scheme rejects gives VL_EPARSE with the offending position
 * in d->msg. */
int vl_version_key(enum vl_scheme scheme, const char *s, size_t len,
                   struct vl_verkey *key, struct vl_diag *d);

/* -1, 0 or 1. */
int vl_verkey_cmp(const struct vl_verkey *a, const struct vl_verkey *b);

/* Parses both and compares; *out is -1, 0 or 1. */
int vl_version_compare(enum vl_scheme scheme, const char *a, const char *b,
                       int *out, struct vl_diag *d);

#ifdef __cplusplus
}
#endif
#endif
