/* Streaming JSON input: a document is read in chunks (plain or gzip) and
 * handed over record by record, so memory stays flat whatever the size.
 *
 * The elements of the arrays under chosen top-level keys ("vulnerabilities"
 * of an NVD API page, "CVE_Items" of an NVD 1.1 feed), or of a top-level
 * array, are each built into a small tree and given to the record callback
 * one at a time; everything else of a top-level value is built into a
 * "root" tree given to the root callback when that value ends (a file may
 * hold several top-level values, one per line: JSON Lines).
 *
 * Trees live in an arena owned by the stream and are valid only during the
 * callback.  Strings in trees are NUL-terminated UTF-8 as the parser
 * validated them. */
#ifndef VULNLOOP_JSON_H
#define VULNLOOP_JSON_H

#include <stdbool.h>
#include <stddef.h>

#include "vulnloop/core.h"

enum vl_jtype { VL_JNULL, VL_JBOOL, VL_JNUM, VL_JSTR, VL_JARR, VL_JOBJ };

struct vl_jv {
  enum vl_jtype type;      /* what this value is */
  const char *key;         /* its key when inside an object, else NULL */
  struct vl_jv *next;      /* next sibling in the parent container */
  struct vl_jv *child;     /* first member (objects, arrays) */
  struct vl_jv *last;      /* last member, for appending */
  size_t n;                /* number of members */
  const char *s;           /* string value, or the number's text */
  size_t len;              /* bytes in s */
  double num;              /* number value */
  bool b;                  /* boolean value */
  long line;               /* input line where the value starts */
};

/* Member lookup: NULL if o is not an object or has no such key. */
const struct vl_jv *vl_jv_get(const struct vl_jv *o, const char *key);
/* Typed lookups: NULL/def when absent or of another type. */
const char *vl_jv_str(const struct vl_jv *o, const char *key);
double vl_jv_num(const struct vl_jv *o, const char *key, double def);
bool vl_jv_bool(const struct vl_jv *o, const char *key, bool def);
/* Path lookup with dots: "cve.metrics" (no array indices). */
const struct vl_jv *vl_jv_path(const struct vl_jv *o, const char *path);
const char *vl_jv_type_name(enum vl_jtype t);

/* Where a record came from, for error messages. */
struct vl_jrec_info {
  const char *file;        /* input name */
  const char *array_key;   /* top-level key of the array, "" for a root
                              array, the member's name for a streamed
                              member of the root object */
  size_t index;            /* 0-based element (or member) index */
  long line;               /* line where the element starts */
  bool member;             /* a member of the root object (see opts) */
};

/* Return 0 to go on; non-zero stops the stream and is returned. */
typedef int (*vl_json_record_fn)(void *ud, const struct vl_jv *rec,
                                 const struct vl_jrec_info *info,
                                 struct vl_diag *d);
typedef int (*vl_json_root_fn)(void *ud, const struct vl_jv *root,
                               long line, struct vl_diag *d);

/* A look at a streamed record while it is being built, so that a record
 * known to be current can be skipped without building it: called after
 * each scalar at most peek_depth levels inside the record (its own members
 * are level 1) with the record's tree so far.  Returns VL_JSON_ASK to be
 * called again, VL_JSON_BUILD to build the rest without asking again,
 * VL_JSON_SKIP to discard the rest of the record (the parser still checks
 * its syntax; the record callback is not called for it), or an error. */
enum { VL_JSON_ASK = 0, VL_JSON_BUILD = 1, VL_JSON_SKIP = 2 };
typedef int (*vl_json_peek_fn)(void *ud, const struct vl_jv *partial,
                               const struct vl_jrec_info *info,
                               struct vl_diag *d);

struct vl_json_opts {
  const char *const *stream_keys; /* NULL-terminated; NULL = none */
  bool stream_members;            /* stream each member of a root object as
                                     a record (documents that are one big
                                     object keyed by name, such as the
                                     Debian security tracker) */
  size_t max_record_bytes;        /* cap of one record's tree (arena) */
  size_t max_root_bytes;          /* cap of the root tree */
  int max_depth;                  /* nesting cap */
  vl_json_peek_fn peek;           /* NULL: every record is built */
  int peek_depth;                 /* levels peek is called for */
};

/* Reads path (gzip detected by magic bytes).  Syntax errors give VL_EPARSE
 * with the file and line in d. */
int vl_json_stream_file(const char *path, const struct vl_json_opts *o,
                        vl_json_record_fn on_record, vl_json_root_fn on_root,
                        void *ud, struct vl_diag *d);
/* The same over a reader: read() fills buf with up to cap bytes and returns
 * how many, 0 at the end of the input, or a negative VL_E code with d
 * filled (an archive member, streamed without holding it whole). */
typedef long (*vl_json_read_fn)(void *rd, unsigned char *buf, size_t cap,
                                struct vl_diag *d);
int vl_json_stream_reader(const char *name, vl_json_read_fn read, void *rd,
                          const struct vl_json_opts *o,
                          vl_json_record_fn on_record,
                          vl_json_root_fn on_root, void *ud,
                          struct vl_diag *d);
/* The same over a memory buffer; name is used in messages. */
int vl_json_stream_mem(const char *name, const char *buf, size_t len,
                       const struct vl_json_opts *o,
                       vl_json_record_fn on_record, vl_json_root_fn on_root,
                       void *ud, struct vl_diag *d);

#endif
