/* ② Scope: what the tenant runs, and which vulnerabilities it carries.
 *
 * Inventory imports record a scan with its coverage (which assets it saw),
 * so that verification can tell "not detected" from "not looked at". */
#ifndef VULNLOOP_SCOPE_H
#define VULNLOOP_SCOPE_H

#include <stdbool.h>

#include "vulnloop/core.h"
#include "vulnloop/store.h"

struct vl_inventory_stats {
  int64_t scan_id;     /* the scan this import recorded */
  long rows;           /* data rows read */
  long assets;         /* distinct assets in the file */
  long software_new;   /* products new or re-installed */
  long software_removed; /* products no longer listed on a listed asset */
  long software;       /* software rows listed */
  long ports;          /* open ports listed */
  const char *format;  /* the format read */
};

/* ---------------------------------------------------- the inventory writer
 *
 * Every inventory importer (CMDB, SBOM, package lists, Nmap, asset collect)
 * writes through one of these: one scan, one transaction.  An asset it
 * lists is covered by the scan; software (and ports) of the importer's
 * origin that the import does not list again for that asset are marked
 * removed (ports dropped) when it ends.  Nothing is written if it is ended
 * without commit. */
struct vl_inv;
/* kind names the scan ("inventory", "rescan"); origin the software's
 * origin (cmdb, sbom, dpkg, rpm, apk, nmap); source the file. */
int vl_inv_begin(const struct vl_ctx *ctx, const char *kind,
                 const char *origin, const char *source, struct vl_inv **out,
                 struct vl_diag *d);
const struct vl_ctx *vl_inv_ctx(const struct vl_inv *inv);
int vl_inv_asset(struct vl_inv *inv, const struct vl_asset *a,
                 enum vl_asset_mode mode, int64_t *asset_id,
                 struct vl_diag *d);
/* sw->origin defaults to the writer's origin. */
int vl_inv_software(struct vl_inv *inv, int64_t asset_id,
                    const struct vl_software *sw, int64_t *software_id,
                    struct vl_diag *d);
int vl_inv_port(struct vl_inv *inv, const struct vl_port *p,
                struct vl_diag *d);
/* Counts records read (rows, packages, components, hosts) for the stats. */
void vl_inv_rows(struct vl_inv *inv, long n);
/* commit false (or an earlier error): rolls back, st untouched.  Frees inv
 * either way. */
int vl_inv_end(struct vl_inv *inv, bool commit, struct vl_inventory_stats *st,
               struct vl_diag *d);

/* An inventory format: sniff says whether the first bytes look like it;
 * import reads the file through the writer (without beginning or ending
 * it). */
struct vl_inv_format {
  const char *name;     /* --format value */
  const char *origin;   /* the origin its software gets */
  const char *what;     /* one line for help */
  bool (*sniff)(const char *head, size_t n);
  int (*import)(struct vl_inv *inv, const char *path, struct vl_diag *d);
};
/* Options of one import: formats that do not name the host (a package
 * list, an SBOM of an image) need the asset's name; a package list takes
 * the platform from an os-release file. */
struct vl_inv_opts {
  const char *asset;       /* --asset NAME */
  const char *os_release;  /* --os-release FILE */
};
const struct vl_inv_opts *vl_inv_opts(const struct vl_inv *inv);
/* The formats this build knows; NULL-terminated. */
const struct vl_inv_format *const *vl_inv_formats(void);
/* Imports one file: format by name, or (NULL) recognised from its first
 * bytes.  All or nothing. */
int vl_inventory_import(const struct vl_ctx *ctx, const char *path,
                        const char *format, const char *kind,
                        const struct vl_inv_opts *opts,
                        struct vl_inventory_stats *st, struct vl_diag *d);

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
