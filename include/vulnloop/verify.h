/* ⑤ Verify: a re-scan decides what is gone.
 *
 * A finding becomes "fixed" only when the re-scan covered its asset and did
 * not detect it; an asset the re-scan did not cover keeps its findings
 * open, however long ago it was seen.  Tickets whose findings are all fixed
 * become "verified"; a "resolved" ticket whose finding is still detected
 * goes back to "in_progress".
 *
 * The re-scan may be an inventory (CMDB CSV) or a scanner report (Nessus,
 * OpenVAS/GVM, Qualys).  A finding a scanner detected closes only when the
 * re-scan covered its asset, ran the plugin (NVT, QID) that detected it,
 * and, if that detection was credentialed, scanned the host with
 * credentials that authenticated; otherwise it stays open, "not verified"
 * with the reason.  A scanner report does not list installed software, so
 * it does not close findings the matcher made from an inventory. */
#ifndef VULNLOOP_VERIFY_H
#define VULNLOOP_VERIFY_H

#include <stdbool.h>

#include "vulnloop/core.h"
#include "vulnloop/store.h"

struct vl_verify_stats {
  int64_t scan_id;
  long assets_covered;   /* assets in the re-scan */
  long fixed;            /* findings no longer detected */
  long still_open;       /* findings from before the re-scan detected again */
  long new_findings;     /* findings new (or back) in this re-scan */
  long not_covered;      /* unresolved findings on assets not re-scanned */
  long tickets_verified; /* tickets whose findings are all fixed */
  long tickets_reopened; /* resolved tickets whose findings remain */
  long not_verified;     /* covered, not detected, but the re-scan could
                            not have seen it: they stay open */
  const char *format;    /* the re-scan's format: "cmdb-csv", "nessus"... */
};

/* What became of one finding, for the caller to show. */
struct vl_verify_note {
  int64_t finding;
  const char *asset;     /* asset name */
  const char *vuln;
  bool fixed;            /* closed; else not verified */
  const char *reason;    /* why (not verified), or how it was seen gone */
};
typedef int (*vl_verify_cb)(void *ud, const struct vl_verify_note *n);

/* Imports path as a re-scan inventory (CMDB CSV), matches it, and closes
 * what it no longer detects. */
int vl_verify_rescan(const struct vl_ctx *ctx, const char *path,
                     struct vl_verify_stats *st, struct vl_diag *d);
/* The same for any re-scan: a scanner report recognised by its first bytes
 * (or format "nessus", "openvas", "qualys"), else any inventory format
 * (recognised, or named: "cmdb-csv", "dpkg-status", "cyclonedx-json"...;
 * opts gives --asset/--os-release for those that need them), calling cb
 * (may be NULL) for every finding left "not verified", and for every
 * scanner finding closed.  An inventory re-scan's not-covered matcher
 * findings are only counted, as before. */
struct vl_inv_opts;
int vl_verify_rescan_ex(const struct vl_ctx *ctx, const char *path,
                        const char *format, const struct vl_inv_opts *opts,
                        vl_verify_cb cb, void *ud,
                        struct vl_verify_stats *st, struct vl_diag *d);

#endif
