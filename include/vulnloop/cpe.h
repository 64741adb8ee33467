/* CPE 2.3 names: the well-formed name (WFN), its two bindings and matching.
 *
 * Implements NISTIR 7695 (CPE naming: WFN, the 2.3 formatted string
 * "cpe:2.3:a:openssl:openssl:1.1.1n:*:*:*:*:*:*:*" and the 2.2-style URI
 * "cpe:/a:openssl:openssl:1.1.1n" with its packed "~" edition) and NISTIR 7696
 * (name matching: attribute relations and the name-level CPE_SUPERSET,
 * CPE_SUBSET, CPE_EQUAL and CPE_DISJOINT functions).
 *
 * Ownership: a struct vl_cpe holds everything inline (no heap, no arena); it
 * is a plain value that callers keep on the stack or copy.  Parsers fill a
 * caller-owned struct; binders append to a caller-owned struct vl_buf.
 *
 * Value form: an attribute value is kept in WFN form (NISTIR 7695 5.3.2):
 * letters, digits and '_' as themselves, every other printable character
 * quoted with a backslash ("8\.0\.6001", "joomla\!"), and the unquoted
 * wildcards '*' (one, at the start and/or end) and '?' (runs at the start
 * and/or end).  Case is kept as written; matching ignores ASCII case. */
#ifndef VULNLOOP_CPE_H
#define VULNLOOP_CPE_H

#include <stdbool.h>
#include <stddef.h>

#include "vulnloop/core.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The eleven WFN attributes, in the order of the formatted string. */
enum vl_cpe_attr_id {
  VL_CPE_PART = 0,
  VL_CPE_VENDOR,
  VL_CPE_PRODUCT,
  VL_CPE_VERSION,
  VL_CPE_UPDATE,
  VL_CPE_EDITION,
  VL_CPE_LANGUAGE,
  VL_CPE_SW_EDITION,
  VL_CPE_TARGET_SW,
  VL_CPE_TARGET_HW,
  VL_CPE_OTHER,
  VL_CPE_NATTR
};

/* Caps.  A formatted string or URI longer than VL_CPE_STR_MAX bytes, or an
 * attribute whose WFN form needs VL_CPE_VALUE_MAX bytes or more (with the
 * NUL), is refused with VL_ETOOBIG. */
#define VL_CPE_STR_MAX 2048
#define VL_CPE_VALUE_MAX 256

/* The logical value of one attribute.  Zero is ANY. */
enum vl_cpe_kind {
  VL_CPE_ANY = 0, /* "*" in the formatted string, empty in the URI */
  VL_CPE_NA,      /* "-": not applicable */
  VL_CPE_VALUE    /* a string in WFN form, see above */
};

struct vl_cpe_attr {
  enum vl_cpe_kind kind;     /* ANY, NA or VALUE */
  char v[VL_CPE_VALUE_MAX];  /* WFN form when kind == VALUE, else "" */
};

/* A WFN.  A zeroed struct (or vl_cpe_init) is the name with every attribute
 * ANY.  When VALUE, the part is "a", "o" or "h". */
struct vl_cpe {
  struct vl_cpe_attr attr[VL_CPE_NATTR]; /* indexed by enum vl_cpe_attr_id */
};

/* Returns the WFN name of an attribute ("sw_edition"); "?" if out of range. */
const char *vl_cpe_attr_name(int id);

/* Sets every attribute to ANY. */
void vl_cpe_init(struct vl_cpe *c);

/* Sets attribute id of c from a WFN-form string: "<ANY>" / "<NA>" (or NULL for
 * ANY), otherwise a value with WFN quoting that is checked (printable ASCII,
 * wildcard placement, part in {a,o,h}).  The value is normalised: quoted
 * letters, digits and '_' are stored unquoted, and unquoted punctuation
 * other than the wildcards ("1.2") is taken as the literal and stored quoted
 * ("1\.2").  Fails with VL_EINVAL or VL_ETOOBIG. */
int vl_cpe_set(struct vl_cpe *c, int id, const char *wfn_value,
               struct vl_diag *d);

/* Parses a CPE 2.3 formatted string ("cpe:2.3:" and exactly 11 components;
 * "\" quotes the next character; '.', '-' and other punctuation become
 * quoted in the WFN).  s need not be NUL-terminated.  On failure returns
 * VL_EPARSE (or VL_ETOOBIG) and d->msg starts with "column N: " naming the
 * 1-based column of the fault (except for the overall length cap). */
int vl_cpe_parse_fs(const char *s, size_t len, struct vl_cpe *out,
                    struct vl_diag *d);

/* Parses a CPE URI ("cpe:/" and up to 7 components, percent-encoding, %01 =
 * '?' and %02 = '*' wildcards, a packed edition "~ed~sw_ed~t_sw~t_hw~other").
 * Missing components are ANY.  Errors as vl_cpe_parse_fs. */
int vl_cpe_parse_uri(const char *s, size_t len, struct vl_cpe *out,
                     struct vl_diag *d);

/* Parses either binding, chosen by the prefix ("cpe:2.3:" or "cpe:/",
 * case-insensitive). */
int vl_cpe_parse(const char *s, size_t len, struct vl_cpe *out,
                 struct vl_diag *d);

/* Appends the formatted-string binding of c to out. */
int vl_cpe_to_fs(const struct vl_cpe *c, struct vl_buf *out);

/* Appends the URI binding of c to out (trailing empty components dropped,
 * the extended attributes packed into the edition when any is not ANY). */
int vl_cpe_to_uri(const struct vl_cpe *c, struct vl_buf *out);

/* Appends the WFN as text: wfn:[part="a",vendor="microsoft",...], listing
 * every attribute, ANY as ANY and NA as NA (NISTIR 7695 5.2 notation). */
int vl_cpe_to_wfn(const struct vl_cpe *c, struct vl_buf *out);

/* ---------------------------------------------------------------- matching */

/* Relation of a source attribute (or name) to a target (NISTIR 7696). */
enum vl_cpe_rel {
  VL_CPE_REL_DISJOINT = 0,
  VL_CPE_REL_SUBSET,
  VL_CPE_REL_SUPERSET,
  VL_CPE_REL_EQUAL,
  VL_CPE_REL_UNDEFINED /* target value has wildcards (table 6-2, rows 4, 8,
                          11 and 17) */
};

/* "disjoint", "subset", "superset", "equal", "undefined". */
const char *vl_cpe_rel_name(enum vl_cpe_rel r);

/* Compares one attribute (NISTIR 7696 table 6-2), ignoring ASCII case.  A
 * source value with wildcards is SUPERSET of a target value it matches:
 * '*' matches any run of characters, a run of n '?' matches up to n
 * characters (as the NIST reference implementation does).  Cannot fail. */
enum vl_cpe_rel vl_cpe_compare_attr(const struct vl_cpe_attr *source,
                                    const struct vl_cpe_attr *target);

/* Fills rel[i] with the relation of every attribute. */
void vl_cpe_compare(const struct vl_cpe *source, const struct vl_cpe *target,
                    enum vl_cpe_rel rel[VL_CPE_NATTR]);

/* The name-level functions of NISTIR 7696 section 6.2.  DISJOINT: some
 * attribute is DISJOINT.  EQUAL: all EQUAL.  SUBSET: all SUBSET or EQUAL.
 * SUPERSET: all SUPERSET or EQUAL.  An UNDEFINED attribute makes EQUAL,
 * SUBSET and SUPERSET false. */
bool vl_cpe_is_disjoint(const struct vl_cpe *source,
                        const struct vl_cpe *target);
bool vl_cpe_is_equal(const struct vl_cpe *source, const struct vl_cpe *target);
bool vl_cpe_is_subset(const struct vl_cpe *source,
                      const struct vl_cpe *target);
bool vl_cpe_is_superset(const struct vl_cpe *source,
                        const struct vl_cpe *target);

/* One word for the name-level relation: EQUAL if equal, else SUPERSET, else
 * SUBSET, else DISJOINT, else UNDEFINED (no function of 6.2 holds). */
enum vl_cpe_rel vl_cpe_relation(const struct vl_cpe *source,
                                const struct vl_cpe *target);

/* -------------------------------------------------------- index key helper */

/* One attribute of a key: its kind and its value unquoted (backslashes
 * removed) and in lower case.  Unquoted wildcards stay in text as '*'/'?'
 * and set wild; a wild text is a pattern, not a name to look up. */
struct vl_cpe_keyattr {
  enum vl_cpe_kind kind;        /* ANY, NA or VALUE */
  bool wild;                    /* VALUE with unquoted '*' or '?' */
  char text[VL_CPE_VALUE_MAX];  /* unquoted, lower case; "" unless VALUE */
};

/* What the matcher indexes on. */
struct vl_cpe_key {
  char part;                      /* 'a', 'o', 'h', or '*' for ANY */
  struct vl_cpe_keyattr vendor;   /* e.g. "openssl" */
  struct vl_cpe_keyattr product;  /* e.g. "openssl" */
  struct vl_cpe_keyattr version;  /* e.g. "1.1.1n" (unquoted) */
  struct vl_cpe_keyattr update;   /* e.g. "beta" */
};

/* Fast path for formatted strings: one pass with exactly the validation of
 * vl_cpe_parse_fs (it accepts the same strings), but only the part, vendor,
 * product, version and update are kept and no struct vl_cpe is filled.
 * Fills out; errors as vl_cpe_parse_fs.
 * Example: "cpe:2.3:a:OpenSSL:openssl:1.1.1n:*:*:*:*:*:*:*" gives part 'a',
 * vendor "openssl", product "openssl", version "1.1.1n", update ANY. */
int vl_cpe_key_fs(const char *s, size_t len, struct vl_cpe_key *out,
                  struct vl_diag *d);

/* The same key from an already parsed name (either binding).  Cannot fail. */
void vl_cpe_key_of(const struct vl_cpe *c, struct vl_cpe_key *out);

#ifdef __cplusplus
}
#endif
#endif
