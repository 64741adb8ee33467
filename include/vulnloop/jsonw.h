/* A small streaming JSON writer for command output and reports.
 *
 * Output goes to a caller-owned struct vl_buf (so the caller decides where it
 * lands).  Commas, quoting and escaping are handled here; the caller only
 * states structure.  Errors (buffer cap) are sticky: check vl_jw_error() or
 * the return of vl_jw_finish() once at the end. */
#ifndef VULNLOOP_JSONW_H
#define VULNLOOP_JSONW_H

#include <stdbool.h>
#include <stdint.h>

#include "vulnloop/core.h"

#define VL_JW_DEPTH_MAX 64

struct vl_jw {
  struct vl_buf *out;            /* borrowed */
  int depth;                     /* open containers */
  bool need_comma[VL_JW_DEPTH_MAX]; /* per depth: a value was written */
  bool after_key;                /* a key was written, value pending */
  int pretty;                    /* indent with two spaces when nonzero */
  int err;                       /* first error, sticky */
};

void vl_jw_init(struct vl_jw *w, struct vl_buf *out, int pretty);
void vl_jw_obj_begin(struct vl_jw *w);
void vl_jw_obj_end(struct vl_jw *w);
void vl_jw_arr_begin(struct vl_jw *w);
void vl_jw_arr_end(struct vl_jw *w);
void vl_jw_key(struct vl_jw *w, const char *k);
void vl_jw_str(struct vl_jw *w, const char *s); /* NULL writes null */
void vl_jw_strn(struct vl_jw *w, const char *s, size_t n);
void vl_jw_int(struct vl_jw *w, int64_t v);
void vl_jw_double(struct vl_jw *w, double v, int decimals);
void vl_jw_bool(struct vl_jw *w, bool v);
void vl_jw_null(struct vl_jw *w);
/* A value that is already JSON text (stored by this program, e.g. an
 * asset's custom fields); NULL writes null.  Not validated here. */
void vl_jw_raw(struct vl_jw *w, const char *json);
/* Shorthands: key then value. */
void vl_jw_kstr(struct vl_jw *w, const char *k, const char *s);
void vl_jw_kint(struct vl_jw *w, const char *k, int64_t v);
void vl_jw_kbool(struct vl_jw *w, const char *k, bool v);
void vl_jw_kdouble(struct vl_jw *w, const char *k, double v, int decimals);
/* Returns the first error, or 0; appends a newline when pretty. */
int vl_jw_finish(struct vl_jw *w);

#endif
