/* Arenas: bump allocation in chained blocks, freed in one call. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/core.h"

#define BLOCK_MIN 8192

struct block {
  struct block *next; /* older block */
  size_t size;        /* usable bytes in data */
  size_t used;        /* bytes handed out */
  _Alignas(16) unsigned char data[];
};

struct vl_arena {
  struct block *head; /* newest block */
  size_t total;       /* bytes of all blocks */
  size_t max;         /* cap on total */
};

int vl_arena_new(size_t max_bytes, struct vl_arena **out) {
  struct vl_arena *a = calloc(1, sizeof(*a));
  if (!a) return VL_ENOMEM;
  a->max = max_bytes;
  *out = a;
  return 0;
}

void vl_arena_free(struct vl_arena *a) {
  if (!a) return;
  struct block *b = a->head;
  while (b) {
    struct block *n = b->next;
    free(b);
    b = n;
  }
  free(a);
}

void vl_arena_reset(struct vl_arena *a) {
  if (!a || !a->head) return;
  struct block *b = a->head;
  while (b->next) {
    struct block *n = b->next;
    a->total -= b->size;
    free(b);
    b = n;
  }
  b->used = 0;
  a->head = b;
}

void *vl_arena_alloc(struct vl_arena *a, size_t size) {
  size_t need = (size + 15) & ~(size_t)15;
  if (need < size) return NULL;
  struct block *b = a->head;
  if (!b || b->size - b->used < need) {
    size_t bs = need > BLOCK_MIN ? need : BLOCK_MIN;
    if (a->head && bs < a->head->size * 2 && a->head->size * 2 <= 1 << 20)
      bs = a->head->size * 2;
    if (a->total + bs > a->max) {
      bs = need;
      if (a->total + bs > a->max) return NULL;
    }
    b = malloc(sizeof(*b) + bs);
    if (!b) return NULL;
    b->size = bs;
    b->used = 0;
    b->next = a->head;
    a->head = b;
    a->total += bs;
  }
  void *p = b->data + b->used;
  b->used += need;
  memset(p, 0, size);
  return p;
}

char *vl_arena_strndup(struct vl_arena *a, const char *s, size_t n) {
  char *p = vl_arena_alloc(a, n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *vl_arena_strdup(struct vl_arena *a, const char *s) {
  return vl_arena_strndup(a, s, strlen(s));
}

char *vl_arena_printf(struct vl_arena *a, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  char *p = vl_arena_alloc(a, (size_t)n + 1);
  if (!p) return NULL;
  va_start(ap, fmt);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return p;
}

size_t vl_arena_used(const struct vl_arena *a) {
  size_t n = 0;
  for (const struct block *b = a->head; b; b = b->next) n += b->used;
  return n;
}
