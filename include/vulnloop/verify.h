/* ⑤ Verify: a re-scan decides what is gone.
 *
 * A finding becomes "fixed" only when the re-scan covered its asset and did
 * not detect it; an asset the re-scan did not cover keeps its findings
 * open, however long ago it was seen.  Tickets whose findings are all fixed
 * become "verified"; a "resolved" ticket whose finding is still detected
 * goes back to "in_progress". */
#ifndef VULNLOOP_VERIFY_H
#define VULNLOOP_VERIFY_H

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
};

/* Imports path as a re-scan inventory (CMDB CSV), matches it, and closes
 * what it no longer detects. */
int vl_verify_rescan(const struct vl_ctx *ctx, const char *path,
                     struct vl_verify_stats *st, struct vl_diag *d);

#endif
