/* Bounded growable buffers (after curl's dynbuf). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/core.h"

void vl_buf_init(struct vl_buf *b, size_t max) {
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
  b->max = max;
}

void vl_buf_free(struct vl_buf *b) {
  if (!b) return;
  free(b->data);
  b->data = NULL;
  b->len = b->cap = 0;
}

void vl_buf_reset(struct vl_buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}

static int grow(struct vl_buf *b, size_t n) {
  if (n > b->max || b->len + n > b->max) return VL_ETOOBIG;
  size_t need = b->len + n + 1;
  if (need <= b->cap) return 0;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < need) cap *= 2;
  if (cap > b->max + 1) cap = b->max + 1;
  char *p = realloc(b->data, cap);
  if (!p) return VL_ENOMEM;
  b->data = p;
  b->cap = cap;
  return 0;
}

int vl_buf_append(struct vl_buf *b, const void *p, size_t n) {
  int rc = grow(b, n);
  if (rc) return rc;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int vl_buf_puts(struct vl_buf *b, const char *s) {
  return vl_buf_append(b, s, strlen(s));
}

int vl_buf_putc(struct vl_buf *b, char c) { return vl_buf_append(b, &c, 1); }

int vl_buf_vprintf(struct vl_buf *b, const char *fmt, va_list ap) {
  va_list cp;
  va_copy(cp, ap);
  int n = vsnprintf(NULL, 0, fmt, cp);
  va_end(cp);
  if (n < 0) return VL_EINVAL;
  int rc = grow(b, (size_t)n);
  if (rc) return rc;
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  b->len += (size_t)n;
  return 0;
}

int vl_buf_printf(struct vl_buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int rc = vl_buf_vprintf(b, fmt, ap);
  va_end(ap);
  return rc;
}

char *vl_buf_steal(struct vl_buf *b) {
  char *p = b->data;
  if (!p) p = calloc(1, 1);
  b->data = NULL;
  b->len = b->cap = 0;
  return p;
}

int vl_ids_push(struct vl_ids *ids, int64_t id) {
  if (ids->n == ids->cap) {
    size_t cap = ids->cap ? ids->cap * 2 : 64;
    if (cap > SIZE_MAX / sizeof(*ids->v)) return VL_ENOMEM;
    int64_t *n = realloc(ids->v, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    ids->v = n;
    ids->cap = cap;
  }
  ids->v[ids->n++] = id;
  return 0;
}

void vl_ids_free(struct vl_ids *ids) {
  if (!ids) return;
  free(ids->v);
  ids->v = NULL;
  ids->n = ids->cap = 0;
}
