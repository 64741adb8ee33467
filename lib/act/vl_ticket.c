/* Tickets: grouping findings by fix, the state machine, actions. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/act.h"
#include "vulnloop/decide.h"
#include "vulnloop/jsonw.h"

/* ---------------------------------------------------------------- sync */

struct pending {
  int64_t id;
  char *vuln;
  char fix[400];
  bool mitigate;   /* no fixed version known: mitigate now */
};

struct plist {
  struct pending *v;
  size_t n, cap;
};

static int want(void *ud, const struct vl_finding *f) {
  struct plist *l = ud;
  if (f->ticket_id) return 0;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    struct pending *n = realloc(l->v, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    l->v = n;
    l->cap = cap;
  }
  struct pending *p = &l->v[l->n];
  p->id = f->id;
  p->vuln = strdup(f->vuln);
  if (!p->vuln) return VL_ENOMEM;
  vl_plan_fix(f, p->fix, sizeof(p->fix), &p->mitigate);
  l->n++;
  return 0;
}

struct due_ctx {
  vl_time min_due;
};

static int min_due(void *ud, const struct vl_finding *f) {
  struct due_ctx *c = ud;
  if (f->due && (!c->min_due || f->due < c->min_due)) c->min_due = f->due;
  return 0;
}

struct tlist {
  int64_t *id;
  vl_time *due;
  size_t n, cap;
};

static int each_ticket(void *ud, const struct vl_ticket *t) {
  struct tlist *l = ud;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    int64_t *a = realloc(l->id, cap * sizeof(*a));
    if (!a) return VL_ENOMEM;
    l->id = a;
    vl_time *b = realloc(l->due, cap * sizeof(*b));
    if (!b) return VL_ENOMEM;
    l->due = b;
    l->cap = cap;
  }
  l->id[l->n] = t->id;
  l->due[l->n] = t->due;
  l->n++;
  return 0;
}

static int sync_body(const struct vl_ctx *ctx, struct vl_ticket_sync_stats *st,
                     struct plist *pl, struct tlist *tl, struct vl_diag *d) {
  struct vl_finding_filter flt = {0};
  flt.unresolved = true;
  int rc = vl_store_findings(ctx, &flt, want, pl, d);
  if (rc) return rc;
  for (size_t i = 0; i < pl->n; i++) {
    int64_t tid;
    int created;
    char title[512];
    snprintf(title, sizeof(title), "%s: %s", pl->v[i].vuln, pl->v[i].fix);
    if ((rc = vl_store_ticket_ensure(ctx, pl->v[i].vuln, pl->v[i].fix, title,
                                     &tid, &created, d)))
      return rc;
    if (created && pl->v[i].mitigate &&
        (rc = vl_store_ticket_update(ctx, tid, NULL, NULL, "mitigate", 0, d)))
      return rc;
    if (created) {
      st->created++;
      char after[700];
      snprintf(after, sizeof(after), "{\"state\":\"open\",\"title\":\"%s\"}",
               title);
      if ((rc = vl_store_audit(ctx, "ticket.create", "ticket", tid, NULL,
                               after, d)))
        return rc;
    }
    if ((rc = vl_store_finding_set_ticket(ctx, pl->v[i].id, tid, d))) return rc;
    st->linked++;
  }
  /* Each ticket is due when its most urgent unresolved finding is. */
  if ((rc = vl_store_tickets(ctx, 0, NULL, each_ticket, tl, d))) return rc;
  for (size_t i = 0; i < tl->n; i++) {
    struct due_ctx dc = {0};
    struct vl_finding_filter tf = {0};
    tf.ticket_id = tl->id[i];
    tf.unresolved = true;
    if ((rc = vl_store_findings(ctx, &tf, min_due, &dc, d))) return rc;
    if (dc.min_due && dc.min_due != tl->due[i]) {
      char b[64] = "", a[64];
      if (tl->due[i]) vl_time_format(tl->due[i], b, sizeof(b));
      vl_time_format(dc.min_due, a, sizeof(a));
      char before[96], after[96];
      snprintf(before, sizeof(before), "{\"due\":\"%s\"}", b);
      snprintf(after, sizeof(after), "{\"due\":\"%s\"}", a);
      if ((rc = vl_store_ticket_update(ctx, tl->id[i], NULL, NULL, NULL,
                                       dc.min_due, d)) ||
          (rc = vl_store_audit(ctx, "ticket.due", "ticket", tl->id[i],
                               tl->due[i] ? before : NULL, after, d)))
        return rc;
    }
  }
  return 0;
}

int vl_ticket_sync(const struct vl_ctx *ctx, struct vl_ticket_sync_stats *st,
                   struct vl_diag *d) {
  memset(st, 0, sizeof(*st));
  struct plist pl = {0};
  struct tlist tl = {0};
  int rc = vl_store_begin(ctx->store, d);
  if (!rc) {
    rc = sync_body(ctx, st, &pl, &tl, d);
    if (rc)
      vl_store_rollback(ctx->store);
    else
      rc = vl_store_commit(ctx->store, d);
  }
  for (size_t i = 0; i < pl.n; i++) free(pl.v[i].vuln);
  free(pl.v);
  free(tl.id);
  free(tl.due);
  return rc;
}

/* -------------------------------------------------------- state machine */

struct tstate {
  bool found;
  char state[24];
};

static int get_state(void *ud, const struct vl_ticket *t) {
  struct tstate *s = ud;
  s->found = true;
  snprintf(s->state, sizeof(s->state), "%s", t->state);
  return 0;
}

static bool in(const char *s, const char *const *set) {
  for (; *set; set++)
    if (!strcmp(s, *set)) return true;
  return false;
}

struct fids {
  int64_t *v;
  char **status;
  size_t n, cap;
};

static int fcollect(void *ud, const struct vl_finding *f) {
  struct fids *l = ud;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 32;
    int64_t *a = realloc(l->v, cap * sizeof(*a));
    if (!a) return VL_ENOMEM;
    l->v = a;
    char **b = realloc(l->status, cap * sizeof(*b));
    if (!b) return VL_ENOMEM;
    l->status = b;
    l->cap = cap;
  }
  l->v[l->n] = f->id;
  l->status[l->n] = strdup(f->status);
  if (!l->status[l->n]) return VL_ENOMEM;
  l->n++;
  return 0;
}

/* Sets the status of the ticket's findings that are in one of from[]. */
static int set_findings(const struct vl_ctx *ctx, int64_t tid,
                        const char *const *from, const char *to,
                        struct vl_diag *d) {
  struct fids l = {0};
  struct vl_finding_filter flt = {0};
  flt.ticket_id = tid;
  int rc = vl_store_findings(ctx, &flt, fcollect, &l, d);
  for (size_t i = 0; i < l.n && !rc; i++) {
    if (!in(l.status[i], from)) continue;
    char before[64], after[64];
    snprintf(before, sizeof(before), "{\"status\":\"%s\"}", l.status[i]);
    snprintf(after, sizeof(after), "{\"status\":\"%s\"}", to);
    rc = vl_store_finding_set_status(ctx, l.v[i], to, d);
    if (!rc)
      rc = vl_store_audit(ctx, "finding.status", "finding", l.v[i], before,
                          after, d);
  }
  for (size_t i = 0; i < l.n; i++) free(l.status[i]);
  free(l.v);
  free(l.status);
  return rc;
}

static int audit_state(const struct vl_ctx *ctx, int64_t id, const char *from,
                       const char *to, const char *note, struct vl_diag *d) {
  struct vl_buf b, a;
  vl_buf_init(&b, 4096);
  vl_buf_init(&a, 8192);
  struct vl_jw w;
  vl_jw_init(&w, &b, 0);
  vl_jw_obj_begin(&w);
  vl_jw_kstr(&w, "state", from);
  vl_jw_obj_end(&w);
  int rc = vl_jw_finish(&w);
  vl_jw_init(&w, &a, 0);
  vl_jw_obj_begin(&w);
  vl_jw_kstr(&w, "state", to);
  if (note) vl_jw_kstr(&w, "note", note);
  vl_jw_obj_end(&w);
  if (!rc) rc = vl_jw_finish(&w);
  if (!rc)
    rc = vl_store_audit(ctx, "ticket.state", "ticket", id, b.data, a.data, d);
  else
    rc = vl_diag_set(d, rc, "note too long");
  vl_buf_free(&b);
  vl_buf_free(&a);
  return rc;
}

static int transition(const struct vl_ctx *ctx, int64_t id,
                      enum vl_ticket_verb verb, const char *note,
                      struct vl_diag *d) {
  static const char *const from_start[] = {"open", "mitigated", NULL};
  static const char *const from_resolve[] = {"open", "in_progress",
                                             "mitigated", NULL};
  static const char *const from_accept[] = {"open", "in_progress", "mitigated",
                                            "resolved", NULL};
  static const char *const from_reopen[] = {"resolved", "verified", "closed",
                                            "accepted", "mitigated", NULL};
  static const char *const from_close[] = {"verified", NULL};
  static const char *const unresolved_accepted[] = {"open", "mitigated", NULL};
  static const char *const accepted_only[] = {"accepted", "mitigated", NULL};
  struct tstate s = {0};
  int rc = vl_store_tickets(ctx, id, NULL, get_state, &s, d);
  if (rc) return rc;
  const char *const *allowed;
  const char *to;
  switch (verb) {
    case VL_TICKET_START: allowed = from_start, to = "in_progress"; break;
    case VL_TICKET_RESOLVE: allowed = from_resolve, to = "resolved"; break;
    case VL_TICKET_ACCEPT: allowed = from_accept, to = "accepted"; break;
    case VL_TICKET_REOPEN: allowed = from_reopen, to = "open"; break;
    case VL_TICKET_CLOSE: allowed = from_close, to = "closed"; break;
    default: return vl_diag_set(d, VL_EINVAL, "unknown ticket verb");
  }
  if (!in(s.state, allowed)) {
    struct vl_buf b;
    vl_buf_init(&b, 256);
    for (const char *const *p = allowed; *p; p++)
      vl_buf_printf(&b, "%s%s", p == allowed ? "" : ", ", *p);
    rc = vl_diag_set(d, VL_ESTATE,
                     "ticket %lld is %s; it can become %s only from: %s",
                     (long long)id, s.state, to, b.data ? b.data : "");
    vl_buf_free(&b);
    return rc;
  }
  if (verb == VL_TICKET_ACCEPT && (!note || !*note))
    return vl_diag_set(d, VL_EINVAL,
                       "accepting a risk needs a reason (--note TEXT)");
  if ((rc = vl_store_ticket_update(ctx, id, to, NULL,
                                   verb == VL_TICKET_ACCEPT ? "accept" : NULL,
                                   0, d)))
    return rc;
  if ((rc = audit_state(ctx, id, s.state, to, note, d))) return rc;
  if (verb == VL_TICKET_ACCEPT)
    rc = set_findings(ctx, id, unresolved_accepted, "accepted", d);
  else if (verb == VL_TICKET_REOPEN)
    rc = set_findings(ctx, id, accepted_only, "open", d);
  return rc;
}

int vl_ticket_transition(const struct vl_ctx *ctx, int64_t id,
                         enum vl_ticket_verb verb, const char *note,
                         struct vl_diag *d) {
  int rc = vl_store_begin(ctx->store, d);
  if (rc) return rc;
  rc = transition(ctx, id, verb, note, d);
  if (rc) {
    vl_store_rollback(ctx->store);
    return rc;
  }
  return vl_store_commit(ctx->store, d);
}

/* -------------------------------------------------------------- actions */

bool vl_action_kind_valid(const char *kind, bool *mitigation) {
  static const struct {
    const char *kind;
    bool mitigation;
  } kinds[] = {{"patch", false},    {"upgrade", false},  {"waf", true},
               {"firewall", true},  {"config", true},    {"signature", true},
               {"service-stop", true}};
  for (size_t i = 0; i < VL_ARRAY_LEN(kinds); i++)
    if (!strcmp(kind, kinds[i].kind)) {
      if (mitigation) *mitigation = kinds[i].mitigation;
      return true;
    }
  return false;
}

static int act(const struct vl_ctx *ctx, int64_t id, const char *kind,
               const char *note, vl_time expires, int64_t *action_id,
               struct vl_diag *d) {
  static const char *const unresolved[] = {"open", NULL};
  bool mitigation;
  if (!vl_action_kind_valid(kind, &mitigation))
    return vl_diag_set(d, VL_EINVAL,
                       "unknown action kind '%s' (patch, upgrade, waf, "
                       "firewall, config, signature, service-stop)",
                       kind);
  struct tstate s = {0};
  int rc = vl_store_tickets(ctx, id, NULL, get_state, &s, d);
  if (rc) return rc;
  if (!strcmp(s.state, "closed") || !strcmp(s.state, "accepted"))
    return vl_diag_set(d, VL_ESTATE,
                       "ticket %lld is %s; reopen it before recording actions",
                       (long long)id, s.state);
  struct vl_action a = {0};
  a.ticket_id = id;
  a.kind = kind;
  a.note = note;
  a.actor = ctx->actor;
  a.at = ctx->now;
  a.expires = expires;
  if ((rc = vl_store_action_add(ctx, &a, action_id, d))) return rc;
  struct vl_buf b;
  vl_buf_init(&b, 8192);
  struct vl_jw w;
  vl_jw_init(&w, &b, 0);
  vl_jw_obj_begin(&w);
  vl_jw_kint(&w, "action", *action_id);
  vl_jw_kstr(&w, "kind", kind);
  vl_jw_kstr(&w, "note", note);
  if (expires) {
    char t[24];
    vl_time_format(expires, t, sizeof(t));
    vl_jw_kstr(&w, "expires", t);
  }
  vl_jw_obj_end(&w);
  rc = vl_jw_finish(&w);
  if (!rc) rc = vl_store_audit(ctx, "ticket.action", "ticket", id, NULL, b.data, d);
  vl_buf_free(&b);
  if (rc) return rc;
  const char *to = NULL;
  if (mitigation && (!strcmp(s.state, "open") || !strcmp(s.state, "in_progress")))
    to = "mitigated";
  else if (!mitigation && !strcmp(s.state, "open"))
    to = "in_progress";
  if (to) {
    if ((rc = vl_store_ticket_update(ctx, id, to, NULL,
                                     mitigation ? "mitigate" : NULL, 0, d)) ||
        (rc = audit_state(ctx, id, s.state, to, NULL, d)))
      return rc;
  }
  if (mitigation) rc = set_findings(ctx, id, unresolved, "mitigated", d);
  return rc;
}

int vl_ticket_act(const struct vl_ctx *ctx, int64_t id, const char *kind,
                  const char *note, vl_time expires, int64_t *action_id,
                  struct vl_diag *d) {
  int rc = vl_store_begin(ctx->store, d);
  if (rc) return rc;
  rc = act(ctx, id, kind, note, expires, action_id, d);
  if (rc) {
    vl_store_rollback(ctx->store);
    return rc;
  }
  return vl_store_commit(ctx->store, d);
}
