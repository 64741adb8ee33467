/* Streaming CSV input (RFC 4180: quoted fields, doubled quotes, CRLF or LF,
 * newlines inside quotes; a UTF-8 byte-order mark is skipped).
 *
 * Rows are handed to the callback one at a time with their 1-based line
 * number; the fields are valid only during the call. */
#ifndef VULNLOOP_CSV_H
#define VULNLOOP_CSV_H

#include <stddef.h>

#include "vulnloop/core.h"

struct vl_csv_row {
  const char *const *fields; /* NUL-terminated field texts */
  size_t n;                  /* number of fields */
  long line;                 /* line where the row starts */
};

typedef int (*vl_csv_row_fn)(void *ud, const struct vl_csv_row *row,
                             struct vl_diag *d);

struct vl_csv_opts {
  size_t max_field;   /* bytes per field */
  size_t max_fields;  /* fields per row */
};

/* Reads path (gzip detected).  A syntax error (a stray quote, an unclosed
 * quote at the end) gives VL_EPARSE with the file and line. */
int vl_csv_read_file(const char *path, const struct vl_csv_opts *o,
                     vl_csv_row_fn fn, void *ud, struct vl_diag *d);
int vl_csv_read_mem(const char *name, const char *buf, size_t len,
                    const struct vl_csv_opts *o, vl_csv_row_fn fn, void *ud,
                    struct vl_diag *d);

#endif
