/* Re-scan comparison with coverage-aware closure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/scope.h"
#include "vulnloop/verify.h"

struct item {
  int64_t id, asset_id, ticket_id;
  vl_time first_seen, last_seen;
  char status[16];
};

struct items {
  struct item *v;
  size_t n, cap;
};

static int collect(void *ud, const struct vl_finding *f) {
  struct items *l = ud;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    struct item *n = realloc(l->v, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    l->v = n;
    l->cap = cap;
  }
  struct item *it = &l->v[l->n++];
  it->id = f->id;
  it->asset_id = f->asset_id;
  it->ticket_id = f->ticket_id;
  it->first_seen = f->first_seen;
  it->last_seen = f->last_seen;
  snprintf(it->status, sizeof(it->status), "%s", f->status);
  return 0;
}

struct tick {
  int64_t id;
  char state[24];
  int n_findings, n_open;
};

struct ticks {
  struct tick *v;
  size_t n, cap;
};

static int tcollect(void *ud, const struct vl_ticket *t) {
  struct ticks *l = ud;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    struct tick *n = realloc(l->v, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    l->v = n;
    l->cap = cap;
  }
  struct tick *t2 = &l->v[l->n++];
  t2->id = t->id;
  snprintf(t2->state, sizeof(t2->state), "%s", t->state);
  t2->n_findings = t->n_findings;
  t2->n_open = t->n_open;
  return 0;
}

static int close_body(const struct vl_ctx *ctx, struct vl_verify_stats *st,
                      const char *path, struct items *l, struct ticks *tl,
                      struct vl_diag *d) {
  struct vl_finding_filter flt = {0};
  flt.unresolved = true;
  int rc = vl_store_findings(ctx, &flt, collect, l, d);
  if (rc) return rc;
  for (size_t i = 0; i < l->n; i++) {
    struct item *it = &l->v[i];
    bool covered;
    if ((rc = vl_store_scan_covers(ctx, st->scan_id, it->asset_id, &covered,
                                   d)))
      return rc;
    if (!covered) {
      st->not_covered++;
      continue;
    }
    if (it->last_seen >= ctx->now) {
      /* Detected again; a finding first seen in this re-scan is new (counted
       * by the matcher), not "still" detected. */
      if (it->first_seen < ctx->now) st->still_open++;
      continue;
    }
    char before[64], after[512];
    snprintf(before, sizeof(before), "{\"status\":\"%s\"}", it->status);
    snprintf(after, sizeof(after),
             "{\"status\":\"fixed\",\"evidence\":\"re-scan %lld (%s) covered "
             "the asset and did not detect it\"}",
             (long long)st->scan_id, path);
    if ((rc = vl_store_finding_set_status(ctx, it->id, "fixed", d)) ||
        (rc = vl_store_audit(ctx, "finding.fixed", "finding", it->id, before,
                             after, d)))
      return rc;
    st->fixed++;
  }
  if ((rc = vl_store_tickets(ctx, 0, NULL, tcollect, tl, d))) return rc;
  for (size_t i = 0; i < tl->n; i++) {
    struct tick *t = &tl->v[i];
    const char *to = NULL, *why = NULL;
    if (!strcmp(t->state, "closed") || !strcmp(t->state, "accepted") ||
        !strcmp(t->state, "verified"))
      continue;
    if (t->n_findings > 0 && t->n_open == 0) {
      to = "verified";
      why = "re-scan: not detected on any affected asset";
    } else if (!strcmp(t->state, "resolved") && t->n_open > 0) {
      to = "in_progress";
      why = "re-scan still detects it";
    }
    if (!to) continue;
    char before[64], after[256];
    snprintf(before, sizeof(before), "{\"state\":\"%s\"}", t->state);
    snprintf(after, sizeof(after), "{\"state\":\"%s\",\"note\":\"%s (scan %lld)\"}",
             to, why, (long long)st->scan_id);
    if ((rc = vl_store_ticket_update(ctx, t->id, to, NULL, NULL, 0, d)) ||
        (rc = vl_store_audit(ctx, "ticket.state", "ticket", t->id, before,
                             after, d)))
      return rc;
    if (!strcmp(to, "verified"))
      st->tickets_verified++;
    else
      st->tickets_reopened++;
  }
  return 0;
}

int vl_verify_rescan(const struct vl_ctx *ctx, const char *path,
                     struct vl_verify_stats *st, struct vl_diag *d) {
  memset(st, 0, sizeof(*st));
  struct vl_inventory_stats is;
  int rc = vl_inventory_import_csv(ctx, path, "rescan", &is, d);
  if (rc) return rc;
  st->scan_id = is.scan_id;
  st->assets_covered = is.assets;
  struct vl_match_stats ms;
  if ((rc = vl_match_run(ctx, 0, &ms, d))) return rc;
  st->new_findings = ms.new_findings;
  struct items l = {0};
  struct ticks tl = {0};
  if (!(rc = vl_store_begin(ctx->store, d))) {
    rc = close_body(ctx, st, path, &l, &tl, d);
    if (rc)
      vl_store_rollback(ctx->store);
    else
      rc = vl_store_commit(ctx->store, d);
  }
  free(l.v);
  free(tl.v);
  return rc;
}
