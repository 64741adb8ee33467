/* struct vl_diag: where and why something failed. */
#include <stdio.h>
#include <string.h>

#include "vulnloop/core.h"

void vl_diag_clear(struct vl_diag *d) {
  if (!d) return;
  memset(d, 0, sizeof(*d));
}

int vl_diag_set(struct vl_diag *d, int code, const char *fmt, ...) {
  if (!d) return code;
  d->code = code;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
  va_end(ap);
  return code;
}

void vl_diag_where(struct vl_diag *d, const char *file, long line,
                   const char *path) {
  if (!d) return;
  if (file) snprintf(d->file, sizeof(d->file), "%s", file);
  if (line >= 0) d->line = line;
  if (path) snprintf(d->path, sizeof(d->path), "%s", path);
}

void vl_diag_format(const struct vl_diag *d, char *buf, size_t size) {
  if (!size) return;
  buf[0] = '\0';
  if (!d) return;
  size_t n = 0;
#define ADD(...)                                                   \
  do {                                                             \
    if (n < size) {                                                \
      int w_ = snprintf(buf + n, size - n, __VA_ARGS__);           \
      if (w_ > 0) n += (size_t)w_;                                 \
    }                                                              \
  } while (0)
  if (d->file[0]) {
    ADD("%s", d->file);
    if (d->line > 0) ADD(":%ld", d->line);
    ADD(": ");
  } else if (d->line > 0) {
    ADD("line %ld: ", d->line);
  }
  if (d->path[0]) ADD("%s: ", d->path);
  ADD("%s", d->msg[0] ? d->msg : vl_strerror(d->code));
#undef ADD
}
