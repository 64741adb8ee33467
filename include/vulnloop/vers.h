/* Version ranges: one range type for vers, NVD cpeMatch bounds, OSV events
 * and native range syntaxes (npm, pypi, gem, nuget, composer, golang, conan,
 * nginx, openssl and GitLab's advisory formats).
 *
 * A range is a versioning scheme plus a list of constraints (comparator and
 * version), kept sorted by version in the scheme's order, each version
 * parsed once into a struct vl_verkey so that containment is a few
 * memcmp()s.  The order is total, so the canonical string is unique: equal
 * keys sort by the version's bytes ("1.0.0+1" before "1.0.0+2"), then by
 * comparator ("!=" < "<" < "<=" < "=" < ">" < ">=").  The vers spec is
 * purl-spec's VERSION-RANGE-SPEC.rst.
 *
 * Ownership: every constructor hands back a struct vl_range that the caller
 * frees with vl_range_free(); the range owns its constraint array and the
 * version strings in it (one malloc each).  String arguments are borrowed.
 *
 * Leniency: vl_range_parse() accepts what the spec's parsing section accepts
 * and sorts; it does not reject duplicate versions or non-alternating
 * comparators (univers does not either).  vl_range_validate() applies the
 * spec's validation rules and vl_range_simplify() its simplification. */
#ifndef VULNLOOP_VERS_H
#define VULNLOOP_VERS_H

#include <stdbool.h>
#include <stddef.h>

#include "vulnloop/core.h"
#include "vulnloop/version.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest vers / native range string accepted (VL_ETOOBIG past it). */
#define VL_VERS_MAX_LEN 8192
/* Most constraints in one range (VL_ETOOBIG past it). */
#define VL_VERS_MAX_CONSTRAINTS 512
/* Longest versioning-scheme name, NUL included. */
#define VL_VERS_SCHEME_MAX 32

enum vl_vers_cmp {
  VL_VERS_NE = 0, /* "!=" (the enum order is the tie-break order) */
  VL_VERS_LT,     /* "<"  */
  VL_VERS_LE,     /* "<=" */
  VL_VERS_EQ,     /* ""   (a bare version) */
  VL_VERS_GT,     /* ">"  */
  VL_VERS_GE      /* ">=" */
};

struct vl_vers_constraint {
  enum vl_vers_cmp cmp;  /* comparator */
  char *version;         /* owned by the range; as written (percent-decoded) */
  struct vl_verkey key;  /* version parsed in the range's scheme */
};

struct vl_range {
  char scheme_name[VL_VERS_SCHEME_MAX]; /* vers versioning scheme: "npm" */
  enum vl_scheme scheme;  /* the comparison used for scheme_name */
  bool star;              /* "*": every version (scheme "none": no version) */
  size_t n;               /* constraints used */
  size_t cap;             /* constraints allocated */
  struct vl_vers_constraint *c; /* owned; sorted (see above) */
};

/* "!=", "<", ... and "" for VL_VERS_EQ; never NULL. */
const char *vl_vers_cmp_str(enum vl_vers_cmp c);

/* Maps a vers versioning-scheme name to the comparison it uses ("npm" ->
 * semver, "pypi" -> pep440, "deb" -> dpkg, "nginx" -> generic, ...).
 * VL_ENOTFOUND for a name we do not know. */
int vl_vers_scheme(const char *name, enum vl_scheme *out);
/* The vers name we print for a scheme ("deb" for dpkg, "pypi" for pep440,
 * "alpine" for apk); never NULL. */
const char *vl_vers_scheme_name(enum vl_scheme s);

/* An empty range in scheme_name (a vers versioning-scheme name).  Caller
 * frees with vl_range_free(). */
int vl_range_new(const char *scheme_name, struct vl_range **out,
                 struct vl_diag *d);
void vl_range_free(struct vl_range *r);

/* Parses version (len bytes) in r's scheme and inserts (cmp, version) at
 * its sorted place.  Duplicates are kept (see vl_range_simplify()). */
int vl_range_add(struct vl_range *r, enum vl_vers_cmp cmp, const char *version,
                 size_t len, struct vl_diag *d);

/* Parses a vers string ("vers:npm/>=1.0.0|<2.0.0", spaces ignored).  On
 * VL_EPARSE / VL_EINVAL d->msg names the byte offset in s.  A scheme whose
 * version comparison is not built answers VL_EUNSUPPORTED. */
int vl_range_parse(const char *s, size_t len, struct vl_range **out,
                   struct vl_diag *d);

/* Applies the spec's validation rules: one star alone, unique versions, and
 * the comparator sequence rules.  VL_EINVAL with the reason in d. */
int vl_range_validate(const struct vl_range *r, struct vl_diag *d);

/* Drops exact duplicates, then removes redundant constraints with the
 * spec's simplification procedure (in place). */
int vl_range_simplify(struct vl_range *r, struct vl_diag *d);

/* Appends the canonical vers string of r to out (versions with any of
 * "><=!*|%", spaces or non-ASCII bytes are percent-encoded).  A range
 * without constraints (only vl_range_from_native("") makes one, as univers
 * does) prints "vers:S/", which vl_range_parse() refuses. */
int vl_range_to_string(const struct vl_range *r, struct vl_buf *out);

/* Containment by the spec's algorithm, on a key parsed in r->scheme (see
 * vl_range_version_key()).  A
 * range made only of "!=" constraints contains every other version. */
int vl_range_contains(const struct vl_range *r, const struct vl_verkey *v,
                      bool *out);
/* Parses version as r's constraints were parsed (vl_version_key() in
 * r->scheme; for golang a missing leading "v" is supplied, since vers
 * writes Go versions without it). */
int vl_range_version_key(const struct vl_range *r, const char *version,
                         struct vl_verkey *key, struct vl_diag *d);
/* The same with a version string (parsed in r->scheme). */
int vl_range_contains_str(const struct vl_range *r, const char *version,
                          bool *out, struct vl_diag *d);

/* Remediation: the lowest version named in r that is above `installed` and
 * outside r (a "<" or "!=" bound, e.g. the fixed release); meant for an
 * installed version that r contains.  *out points into r.  VL_ENOTFOUND when r names no such version (e.g. "<=" or no upper
 * bound: the next release cannot be named). */
int vl_range_fixed_after(const struct vl_range *r,
                         const struct vl_verkey *installed, const char **out,
                         struct vl_diag *d);

/* NVD cpeMatch bounds onto a range in scheme s.  version is the CPE's version
 * field: an exact version (no bounds allowed with it), "*" or NULL (then the
 * bounds apply; none at all means every version).  "-" (not applicable) is
 * VL_EUNSUPPORTED.  Empty strings count as absent.  Bounds that leave no
 * version are VL_EINVAL; inclusive bounds at one version give "=v". */
int vl_range_from_nvd(enum vl_scheme s, const char *version,
                      const char *start_incl, const char *start_excl,
                      const char *end_incl, const char *end_excl,
                      struct vl_range **out, struct vl_diag *d);

/* OSV ranges. */
enum vl_osv_range_type { VL_OSV_SEMVER, VL_OSV_ECOSYSTEM, VL_OSV_GIT };
enum vl_osv_event_kind {
  VL_OSV_INTRODUCED, VL_OSV_FIXED, VL_OSV_LAST_AFFECTED, VL_OSV_LIMIT
};
struct vl_osv_event {
  enum vl_osv_event_kind kind;
  const char *version;   /* borrowed; introduced "0" = before everything */
};

/* Builds the range an OSV `ranges[]` entry describes (events in any order;
 * they are sorted as the OSV evaluation algorithm does; a "fixed" and an
 * "introduced" at the same version close first).  SEMVER ranges compare
 * with SemVer 2.0 whatever s is; ECOSYSTEM ranges use s.  "limit" events cap
 * the range below the highest limit ("*" = no limit).  GIT ranges name
 * commits and give VL_EUNSUPPORTED.  No events, or no interval at all, give
 * VL_EINVAL. */
int vl_range_from_osv(enum vl_scheme s, enum vl_osv_range_type type,
                      const struct vl_osv_event *ev, size_t n,
                      struct vl_range **out, struct vl_diag *d);

/* Converts a native range notation of scheme_name (a vers scheme name: npm,
 * pypi, gem, nuget, maven, composer, golang, conan, nginx, openssl) to a
 * range, normalising versions and flattening the expression as univers
 * does (see vl_vers_native.c: the result lists every bound of every
 * alternative, sorted; it is exact when the alternatives do not overlap). */
int vl_range_from_native(const char *scheme_name, const char *native,
                         struct vl_range **out, struct vl_diag *d);

#ifdef __cplusplus
}
#endif
#endif
