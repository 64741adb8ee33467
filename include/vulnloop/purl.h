/* Package URLs (purl): parse, build, validate and canonicalise.
 *
 * pkg:type/namespace/name@version?qualifiers#subpath, per the purl
 * specification (ECMA-427) and its conformance suite, including the
 * type-specific rules the suite exercises (case folding for github, pypi's
 * '_' -> '-', required or prohibited namespaces, required qualifiers...).
 *
 * Ownership: a struct vl_purl is arena-backed.  Every string it points to,
 * and its qualifier array, lives in the struct vl_arena passed to the call
 * that filled it, and stays valid until that arena is reset or freed.  The
 * components are stored decoded (no percent-encoding). */
#ifndef VULNLOOP_PURL_H
#define VULNLOOP_PURL_H

#include <stddef.h>

#include "vulnloop/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Caps: longer input strings and more qualifiers are refused (VL_ETOOBIG). */
#define VL_PURL_STR_MAX 8192
#define VL_PURL_QUAL_MAX 64

struct vl_purl_qual {
  const char *key;   /* lower case, [a-z0-9._-], not starting with a digit */
  const char *value; /* decoded, never empty */
};

struct vl_purl {
  const char *type;      /* lower case; required */
  const char *ns;        /* decoded segments joined by '/'; NULL if none */
  const char *name;      /* decoded; required (for type git it may hold '/') */
  const char *version;   /* decoded; NULL if none */
  struct vl_purl_qual *quals; /* sorted by key, keys unique */
  size_t nquals;
  const char *subpath;   /* decoded segments joined by '/'; NULL if none */
};

/* Flags. */
enum {
  /* Reject instead of normalising: qualifier keys that are not lower case
   * (the conformance suite's required "parse" group wants a failure there,
   * while its "recommended" group and the legacy suite lowercase them). */
  VL_PURL_STRICT = 1u << 0
};

/* Parses s[0, len) into out, applying the normalisation and the type rules.
 * As the specification says, literal "." and ".." subpath segments are
 * dropped while parsing, and the canonical string (vl_purl_to_string) drops
 * any "." or ".." segment (also percent-encoded ones) from the subpath.
 * On failure returns VL_EPARSE, VL_EINVAL (a type rule), or VL_ETOOBIG, and
 * d->msg names the problem. */
int vl_purl_parse(struct vl_arena *a, const char *s, size_t len,
                  unsigned flags, struct vl_purl *out, struct vl_diag *d);

/* Builds a purl from decoded components (in is borrowed; its strings may be
 * NULL; a namespace is split on '/'; empty qualifier values are dropped),
 * validating and normalising exactly as vl_purl_parse.  out's strings are
 * copied into a. */
int vl_purl_build(struct vl_arena *a, const struct vl_purl *in,
                  unsigned flags, struct vl_purl *out, struct vl_diag *d);

/* Appends the canonical string of p (as filled by parse or build) to out:
 * lower-case type, each component percent-encoded (all but A-Z a-z 0-9
 * '.' '-' '_' '~' ':' encoded, hex in upper case), qualifiers sorted.
 * Percent-encoding can make it longer than the input: a canonical string
 * longer than VL_PURL_STR_MAX (which vl_purl_parse would refuse) gives
 * VL_ETOOBIG and out is left as it was. */
int vl_purl_to_string(const struct vl_purl *p, struct vl_buf *out);

/* Parse + to_string: the canonical form of s, appended to out. */
int vl_purl_canonical(struct vl_arena *a, const char *s, size_t len,
                      unsigned flags, struct vl_buf *out, struct vl_diag *d);

/* Returns the value of qualifier key (lower case) or NULL. */
const char *vl_purl_qualifier(const struct vl_purl *p, const char *key);

#ifdef __cplusplus
}
#endif
#endif
