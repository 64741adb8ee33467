/* ② Scope: what the tenant runs, and which vulnerabilities it carries.
 *
 * Inventory imports record a scan with its coverage (which assets it saw),
 * so that verification can tell "not detected" from "not looked at". */
#ifndef VULNLOOP_SCOPE_H
#define VULNLOOP_SCOPE_H

#include "vulnloop/core.h"
#include "vulnloop/store.h"

struct vl_inventory_stats {
  int64_t scan_id;     /* the scan this import recorded */
  long rows;           /* data rows read */
  long assets;         /* distinct assets in the file */
  long software_new;   /* products new or re-installed */
  long software_removed; /* products no longer listed on a listed asset */
};

/* Imports a CMDB CSV (docs/formats.md: columns name and cpe required;
 * address, type, os, owner, environment, exposure, criticality, tags
 * optional).  Everything or nothing: one transaction.  kind names the scan
 * ("inventory" for asset import, "rescan" for verify). */
int vl_inventory_import_csv(const struct vl_ctx *ctx, const char *path,
                            const char *kind, struct vl_inventory_stats *st,
                            struct vl_diag *d);

struct vl_match_stats {
  long software;       /* installed products examined */
  long candidates;     /* affected statements examined */
  long findings;       /* findings confirmed (new or seen again) */
  long new_findings;   /* of which new or re-opened */
};

/* Matches the tenant's installed software (asset_id 0: every asset) against
 * every affected statement of the same vendor and product, evaluating NVD
 * configurations in full (AND/OR nodes, negation, platform criteria).
 * Confirmed findings get ctx->now as last_seen. */
int vl_match_run(const struct vl_ctx *ctx, int64_t asset_id,
                 struct vl_match_stats *st, struct vl_diag *d);

#endif
