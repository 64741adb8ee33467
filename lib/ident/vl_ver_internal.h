/* Private to lib/ident: one key function per version scheme.
 *
 * Each writes the order-preserving key of s[0..len) into key (see
 * include/vulnloop/version.h) or fails with VL_EPARSE / VL_ETOOBIG and a
 * message in d naming the offending position. */
#ifndef VL_VER_INTERNAL_H
#define VL_VER_INTERNAL_H

#include "vulnloop/version.h"

typedef int (*vl_ver_key_fn)(const char *s, size_t len, struct vl_verkey *key,
                             struct vl_diag *d);

int vl_ver_generic_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_dpkg_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_rpm_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_apk_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_semver_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_pep440_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_maven_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_nuget_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_gem_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_composer_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_golang_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_alpm_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_gentoo_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_conan_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_nix_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);
int vl_ver_openssl_key(const char *s, size_t len, struct vl_verkey *k, struct vl_diag *d);

/* Shared encoding helpers (vl_version.c). */

/* Appends n bytes; VL_ETOOBIG past VL_VERKEY_MAX. */
int vl_verkey_put(struct vl_verkey *k, const void *p, size_t n);
int vl_verkey_putc(struct vl_verkey *k, unsigned char c);
/* Appends a decimal digit string as an order-preserving number: leading
 * zeros dropped, then a length prefix, then the digits, so that numbers of
 * any length compare numerically under memcmp. */
int vl_verkey_putnum(struct vl_verkey *k, const char *digits, size_t n);

#endif
