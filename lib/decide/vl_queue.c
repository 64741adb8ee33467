/* The work queue: findings and clocks, most pressing first. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/decide.h"

#define QUEUE_MAX 10000000

struct q {
  const struct vl_ctx *ctx;
  const char *owner;
  struct vl_queue_item *v;
  size_t n, cap;
  /* finding id -> index of its remediation item, for the clocks */
  int64_t *fid;
  size_t *fidx;
  size_t nf;
};

static struct vl_queue_item *push(struct q *q) {
  if (q->n == QUEUE_MAX) return NULL;
  if (q->n == q->cap) {
    size_t cap = q->cap ? q->cap * 2 : 64;
    struct vl_queue_item *n = realloc(q->v, cap * sizeof(*n));
    if (!n) return NULL;
    q->v = n;
    q->cap = cap;
  }
  struct vl_queue_item *it = &q->v[q->n++];
  memset(it, 0, sizeof(*it));
  return it;
}

static int on_finding(void *ud, const struct vl_finding *f) {
  struct q *q = ud;
  const char *owner = f->owner && *f->owner ? f->owner : "(no owner)";
  if (q->owner && strcmp(q->owner, owner)) return 0;
  struct vl_queue_item *it = push(q);
  if (!it) return VL_ENOMEM;
  it->due = f->due;
  it->rank = f->rank;
  it->finding = f->id;
  it->ticket = f->ticket_id;
  it->overdue = f->due && f->due < q->ctx->now;
  snprintf(it->owner, sizeof(it->owner), "%s", owner);
  snprintf(it->asset, sizeof(it->asset), "%s", f->asset);
  snprintf(it->vuln, sizeof(it->vuln), "%s", f->vuln);
  snprintf(it->priority, sizeof(it->priority), "%s",
           f->priority ? f->priority : "--");
  snprintf(it->what, sizeof(it->what), "%s",
           f->decision ? f->decision : "not triaged yet");
  size_t *ni = realloc(q->fidx, (q->nf + 1) * sizeof(*ni));
  if (!ni) return VL_ENOMEM;
  q->fidx = ni;
  int64_t *nf = realloc(q->fid, (q->nf + 1) * sizeof(*nf));
  if (!nf) return VL_ENOMEM;
  q->fid = nf;
  q->fid[q->nf] = f->id;
  q->fidx[q->nf] = q->n - 1;
  q->nf++;
  return 0;
}

static int on_outcome(void *ud, const struct vl_outcome *o) {
  struct q *q = ud;
  if (!o->clock) return 0;
  size_t at = (size_t)-1;
  for (size_t i = 0; i < q->nf; i++)
    if (q->fid[i] == o->finding) at = q->fidx[i];
  if (at == (size_t)-1) return 0; /* another owner's */
  struct vl_queue_item base = q->v[at];
  struct vl_queue_item *it = push(q);
  if (!it) return VL_ENOMEM;
  *it = base;
  it->clock = true;
  it->due = o->due;
  it->rank = 0;
  it->overdue = o->due < q->ctx->now;
  snprintf(it->what, sizeof(it->what), "%s", o->name);
  return 0;
}

static int cmp(const void *a, const void *b) {
  const struct vl_queue_item *x = a, *y = b;
  if (!x->due != !y->due) return x->due ? -1 : 1;
  if (x->due != y->due) return x->due < y->due ? -1 : 1;
  if (x->rank != y->rank) return x->rank < y->rank ? -1 : 1;
  if (x->clock != y->clock) return x->clock ? -1 : 1;
  int c = strcmp(x->owner, y->owner);
  if (c) return c;
  c = strcmp(x->vuln, y->vuln);
  if (c) return c;
  return strcmp(x->asset, y->asset);
}

int vl_queue_build(const struct vl_ctx *ctx, const char *owner,
                   struct vl_queue_item **out, size_t *n, struct vl_diag *d) {
  struct q q = {0};
  q.ctx = ctx;
  q.owner = owner;
  struct vl_finding_filter flt = {0};
  flt.unresolved = true;
  int rc = vl_store_findings(ctx, &flt, on_finding, &q, d);
  if (!rc) rc = vl_store_outcomes(ctx, 0, on_outcome, &q, d);
  free(q.fid);
  free(q.fidx);
  if (rc) {
    free(q.v);
    return rc == VL_ENOMEM ? vl_diag_set(d, rc, "queue too large") : rc;
  }
  if (q.n) qsort(q.v, q.n, sizeof(*q.v), cmp);
  *out = q.v;
  *n = q.n;
  return 0;
}
