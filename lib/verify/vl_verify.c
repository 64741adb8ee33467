/* Re-scan comparison with coverage-aware closure. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/scope.h"
#include "vulnloop/verify.h"

struct item {
  int64_t id, asset_id, ticket_id, software_id;
  vl_time first_seen, last_seen;
  char status[16];
  char vuln[64];
  char asset[128];
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
  it->software_id = f->software_id;
  snprintf(it->status, sizeof(it->status), "%s", f->status);
  snprintf(it->vuln, sizeof(it->vuln), "%s", f->vuln ? f->vuln : "");
  snprintf(it->asset, sizeof(it->asset), "%s", f->asset ? f->asset : "");
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

/* The re-scan's record of its hosts: credentials and authentication. */
struct rhost {
  int64_t asset_id;
  bool credentialed;
  int auth_ok;
};

struct rhosts {
  struct rhost *v;
  size_t n, cap;
};

static int rhost_collect(void *ud, const struct vl_scan_hostrec *h) {
  struct rhosts *l = ud;
  if (l->n == l->cap) {
    size_t cap = l->cap ? l->cap * 2 : 64;
    struct rhost *n = realloc(l->v, cap * sizeof(*n));
    if (!n) return VL_ENOMEM;
    l->v = n;
    l->cap = cap;
  }
  l->v[l->n++] = (struct rhost){h->asset_id, h->credentialed, h->auth_ok};
  return 0;
}

static const struct rhost *rhost_find(const struct rhosts *l, int64_t asset) {
  for (size_t i = 0; i < l->n; i++)
    if (l->v[i].asset_id == asset) return &l->v[i];
  return NULL;
}

/* One finding's detections, checked against the re-scan: the first reason
 * it could not have been seen, or "" if every detection was looked for. */
struct why {
  const struct vl_ctx *ctx;
  int64_t scan_id;
  const struct rhost *host;  /* NULL: the re-scan is not a scanner report */
  long n;                    /* detections */
  char reason[256];
  char how[256];
  struct vl_diag *d;
};

static int why_not(void *ud, const struct vl_scan_detection *x) {
  struct why *w = ud;
  w->n++;
  if (w->reason[0]) return 0;
  bool ran = false;
  int rc = vl_store_scan_ran(w->ctx, w->scan_id, x->scanner, x->plugin,
                             x->family, &ran, w->d);
  if (rc) return rc;
  if (!ran) {
    char port[16] = "general";
    if (x->port) snprintf(port, sizeof(port), "%d", x->port);
    snprintf(w->reason, sizeof(w->reason),
             "plugin did not run: %s %s (detected on %s/%s) is not among the "
             "re-scan's checks",
             x->scanner, x->plugin, port, x->proto);
    return 0;
  }
  if (x->credentialed && (!w->host || !w->host->credentialed)) {
    snprintf(w->reason, sizeof(w->reason),
             "no credentials: %s %s detected it with credentials, the "
             "re-scan of the host had none",
             x->scanner, x->plugin);
    return 0;
  }
  if (x->credentialed && w->host->auth_ok != 1) {
    snprintf(w->reason, sizeof(w->reason),
             "no credentials: %s %s detected it with credentials, the "
             "re-scan's authentication %s",
             x->scanner, x->plugin,
             w->host->auth_ok == 0 ? "failed" : "is not known to have "
                                                "succeeded");
    return 0;
  }
  if (!w->how[0])
    snprintf(w->how, sizeof(w->how), "%s %s ran%s and did not detect it",
             x->scanner, x->plugin, x->credentialed ? " with credentials" : "");
  return 0;
}

static int note(vl_verify_cb cb, void *ud, const struct item *it, bool fixed,
                const char *reason) {
  if (!cb) return 0;
  struct vl_verify_note n = {it->id, it->asset, it->vuln, fixed, reason};
  return cb(ud, &n);
}

static int close_body(const struct vl_ctx *ctx, struct vl_verify_stats *st,
                      const char *path, bool scanner, vl_verify_cb cb,
                      void *ud, struct items *l, struct ticks *tl,
                      struct vl_diag *d) {
  struct vl_finding_filter flt = {0};
  flt.unresolved = true;
  int rc = vl_store_findings(ctx, &flt, collect, l, d);
  if (rc) return rc;
  struct rhosts hosts = {0};
  if (scanner &&
      (rc = vl_store_scan_hosts(ctx, st->scan_id, rhost_collect, &hosts, d)))
    goto out;
  for (size_t i = 0; i < l->n; i++) {
    struct item *it = &l->v[i];
    bool covered;
    if ((rc = vl_store_scan_covers(ctx, st->scan_id, it->asset_id, &covered,
                                   d)))
      goto out;
    if (it->last_seen >= ctx->now && covered) {
      /* Detected again; a finding first seen in this re-scan is new (counted
       * by the matcher), not "still" detected. */
      if (it->first_seen < ctx->now) st->still_open++;
      continue;
    }
    struct why w = {ctx, st->scan_id, NULL, 0, "", "", d};
    if (!it->software_id) {
      w.host = rhost_find(&hosts, it->asset_id);
      if ((rc = vl_store_finding_detections(ctx, it->id, why_not, &w, d)))
        goto out;
    }
    bool by_scanner = w.n > 0;
    if (!covered) {
      st->not_covered++;
      if ((scanner || by_scanner) &&
          (rc = note(cb, ud, it, false, "not covered: the re-scan did not "
                                        "include the asset")))
        goto out;
      continue;
    }
    if (by_scanner && w.reason[0]) {
      st->not_verified++;
      if ((rc = note(cb, ud, it, false, w.reason))) goto out;
      continue;
    }
    if (!by_scanner && scanner) {
      st->not_verified++;
      if ((rc = note(cb, ud, it, false,
                     "not a scanner detection: a scanner report does not "
                     "list installed software (verify with an inventory)")))
        goto out;
      continue;
    }
    char before[64], after[768];
    snprintf(before, sizeof(before), "{\"status\":\"%s\"}", it->status);
    if (by_scanner)
      snprintf(after, sizeof(after),
               "{\"status\":\"fixed\",\"evidence\":\"re-scan %lld (%s) "
               "covered the asset; %s\"}",
               (long long)st->scan_id, path, w.how);
    else
      snprintf(after, sizeof(after),
               "{\"status\":\"fixed\",\"evidence\":\"re-scan %lld (%s) "
               "covered the asset and did not detect it\"}",
               (long long)st->scan_id, path);
    if ((rc = vl_store_finding_set_status(ctx, it->id, "fixed", d)) ||
        (rc = vl_store_audit(ctx, "finding.fixed", "finding", it->id, before,
                             after, d)))
      goto out;
    st->fixed++;
    if (by_scanner && (rc = note(cb, ud, it, true, w.how))) goto out;
  }
  if ((rc = vl_store_tickets(ctx, 0, NULL, tcollect, tl, d))) goto out;
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
      goto out;
    if (!strcmp(to, "verified"))
      st->tickets_verified++;
    else
      st->tickets_reopened++;
  }
out:
  free(hosts.v);
  return rc;
}

/* Whether format names a scanner report format (else an inventory). */
static bool scanner_format(const char *format) {
  const struct vl_scan_format *const *f = vl_scan_formats();
  for (size_t i = 0; f[i]; i++)
    if (!strcmp(f[i]->name, format)) return true;
  return false;
}

int vl_verify_rescan_ex(const struct vl_ctx *ctx, const char *path,
                        const char *format, const struct vl_inv_opts *opts,
                        vl_verify_cb cb, void *ud,
                        struct vl_verify_stats *st, struct vl_diag *d) {
  memset(st, 0, sizeof(*st));
  bool scanner = format ? scanner_format(format) : vl_scan_is_report(path);
  int rc;
  if (scanner) {
    struct vl_scan_stats ss;
    if ((rc = vl_scan_import(ctx, path, format, "rescan", &ss, d))) return rc;
    st->scan_id = ss.scan_id;
    st->assets_covered = ss.hosts;
    st->new_findings = ss.findings_new;
    st->format = ss.format;
  } else {
    struct vl_inventory_stats is;
    if ((rc = vl_inventory_import(ctx, path, format, "rescan", opts, &is, d)))
      return rc;
    st->scan_id = is.scan_id;
    st->assets_covered = is.assets;
    st->format = is.format;
    struct vl_match_stats ms;
    if ((rc = vl_match_run(ctx, 0, &ms, d))) return rc;
    st->new_findings = ms.new_findings;
    /* Findings the match itself closed (the re-scan lists the fixed
     * version a distribution or changelog names) are gone too. */
    st->fixed = ms.closed;
  }
  struct items l = {0};
  struct ticks tl = {0};
  if (!(rc = vl_store_begin(ctx->store, d))) {
    rc = close_body(ctx, st, path, scanner, cb, ud, &l, &tl, d);
    if (rc)
      vl_store_rollback(ctx->store);
    else
      rc = vl_store_commit(ctx->store, d);
  }
  free(l.v);
  free(tl.v);
  return rc;
}

int vl_verify_rescan(const struct vl_ctx *ctx, const char *path,
                     struct vl_verify_stats *st, struct vl_diag *d) {
  return vl_verify_rescan_ex(ctx, path, NULL, NULL, NULL, NULL, st, d);
}
