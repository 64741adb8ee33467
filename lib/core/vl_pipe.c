/* A bounded queue of pointers between threads (include/vulnloop/core.h).
 * One mutex and two condition variables; a ring of cap slots. */
#include <pthread.h>
#include <stdlib.h>

#include "vulnloop/core.h"

struct vl_pipe {
  pthread_mutex_t mu;       /* guards every field below */
  pthread_cond_t can_push;  /* signalled when a slot frees or on stop */
  pthread_cond_t can_pop;   /* signalled when an item arrives or on close */
  void **ring;              /* cap slots; items [head, head + n) mod cap */
  size_t cap, head, n;
  bool closed;              /* the producer has pushed its last item */
  bool stopped;             /* the consumer takes no more items */
};

int vl_pipe_new(size_t cap, struct vl_pipe **out) {
  *out = NULL;
  if (cap == 0) return VL_EINVAL;
  struct vl_pipe *p = calloc(1, sizeof(*p));
  if (!p) return VL_ENOMEM;
  if (!(p->ring = calloc(cap, sizeof(*p->ring)))) {
    free(p);
    return VL_ENOMEM;
  }
  p->cap = cap;
  pthread_mutex_init(&p->mu, NULL);
  pthread_cond_init(&p->can_push, NULL);
  pthread_cond_init(&p->can_pop, NULL);
  *out = p;
  return 0;
}

void vl_pipe_free(struct vl_pipe *p) {
  if (!p) return;
  pthread_mutex_destroy(&p->mu);
  pthread_cond_destroy(&p->can_push);
  pthread_cond_destroy(&p->can_pop);
  free(p->ring);
  free(p);
}

bool vl_pipe_push(struct vl_pipe *p, void *item) {
  pthread_mutex_lock(&p->mu);
  while (p->n == p->cap && !p->stopped) pthread_cond_wait(&p->can_push, &p->mu);
  bool ok = !p->stopped && !p->closed;
  if (ok) {
    p->ring[(p->head + p->n) % p->cap] = item;
    p->n++;
    pthread_cond_signal(&p->can_pop);
  }
  pthread_mutex_unlock(&p->mu);
  return ok;
}

void *vl_pipe_pop(struct vl_pipe *p) {
  pthread_mutex_lock(&p->mu);
  while (p->n == 0 && !p->closed) pthread_cond_wait(&p->can_pop, &p->mu);
  void *item = NULL;
  if (p->n) {
    item = p->ring[p->head];
    p->head = (p->head + 1) % p->cap;
    p->n--;
    pthread_cond_signal(&p->can_push);
  }
  pthread_mutex_unlock(&p->mu);
  return item;
}

void vl_pipe_close(struct vl_pipe *p) {
  pthread_mutex_lock(&p->mu);
  p->closed = true;
  pthread_cond_broadcast(&p->can_pop);
  pthread_mutex_unlock(&p->mu);
}

void vl_pipe_stop(struct vl_pipe *p) {
  pthread_mutex_lock(&p->mu);
  p->stopped = true;
  pthread_cond_broadcast(&p->can_push);
  pthread_mutex_unlock(&p->mu);
}
