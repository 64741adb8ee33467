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

/* ------------------------------------ package lists, os-release, changelogs
 * (lib/scope/vl_pkglist.c, vl_collect_host.c; docs/formats.md "Package
 * lists, Nmap and asset collect"). */

/* The platform an /etc/os-release file describes.  Fixed-size fields: a
 * value longer than its field is refused (VL_ETOOBIG). */
struct vl_os_release {
  char id[64];          /* ID: debian, ubuntu, rhel, alpine ("" if none) */
  char version_id[64];  /* VERSION_ID: 12, 22.04, 9.4, 3.19.1 ("" if none) */
  char codename[64];    /* VERSION_CODENAME: bookworm ("" if none) */
  char pretty[256];     /* PRETTY_NAME, else NAME and VERSION_ID */
  char cpe[512];        /* CPE_NAME as a 2.3 formatted string, else one
                         * derived from ID and VERSION_ID */
};
/* Parses os-release text (buf borrowed; len bytes; file names it in
 * errors): KEY=VALUE lines, values bare or in single or double quotes with
 * backslash escapes, '#' comments.  ID is required and, like VERSION_ID,
 * must be [a-z0-9._-] (os-release(5)); a line that is not KEY=VALUE, an
 * unterminated quote, a NUL byte or a CPE_NAME that is not a CPE are
 * errors with the line. */
int vl_os_release_parse(const char *buf, size_t len, const char *file,
                        struct vl_os_release *out, struct vl_diag *d);
/* Reads and parses a file (at most 64 KiB). */
int vl_os_release_read(const char *path, struct vl_os_release *out,
                       struct vl_diag *d);

/* A Debian changelog (debian/changelog, /usr/share/doc/PKG/
 * changelog.Debian[.gz]): for every entry "source (version) dists;
 * urgency=..." from the first one whose version is <= installed (dpkg
 * order) to the end, cb gets each CVE id its text mentions, with the
 * entry's version and the line of the mention.  Entries further down are
 * taken even when their version sorts after the installed one (a stable
 * update "590-2.1~deb12u2" lists the unstable upload "590-2.1" it was
 * built from).  Entries above the first such one, entries whose version
 * dpkg cannot parse and everything after "Old Changelog:" are skipped.  Strings passed
 * to cb live for the call.  Errors: installed is not a dpkg version, a NUL
 * byte (not a text file); cb's non-zero return stops and is returned. */
typedef int (*vl_changelog_cb)(void *ud, const char *version, const char *cve,
                               long line);
int vl_changelog_cves(const char *buf, size_t len, const char *file,
                      const char *installed, vl_changelog_cb cb, void *ud,
                      struct vl_diag *d);

/* Writes a package list (format "dpkg-status", "rpm-qa" or "apk-installed")
 * of one asset (asset_id, already written with vl_inv_asset) through the
 * writer; os (may be NULL) gives the distribution for purls.  cb (may be
 * NULL) gets each package written with its software id (for fix
 * evidence).  *n receives the number of installed packages written. */
typedef int (*vl_pkglist_cb)(void *ud, const struct vl_software *sw,
                         int64_t software_id);
int vl_pkglist_write(struct vl_inv *inv, const char *format, const char *path,
                     int64_t asset_id, const struct vl_os_release *os,
                     vl_pkglist_cb cb, void *ud, long *n, struct vl_diag *d);

/* asset collect: inventories the host it runs on, or a directory holding a
 * host's files (root, for tests and for images mounted elsewhere). */
struct vl_collect_opts {
  const char *name;        /* asset name; NULL: the host name */
  const char *root;        /* NULL or "/": this machine */
  bool no_changelogs;      /* skip the changelogs' fix evidence */
};
struct vl_collect_stats {
  struct vl_inventory_stats inv; /* the import, as asset import reports it */
  char asset[256];         /* the asset's name */
  const char *packages_from; /* dpkg, rpm, apk, or NULL when none found */
  long packages;           /* installed packages */
  long ports;              /* listening ports */
  long changelogs;         /* changelogs read */
  long evidence;           /* (package, CVE) fix statements recorded */
  long changelog_errors;   /* changelogs that could not be read (warned) */
};
int vl_collect_host(const struct vl_ctx *ctx, const struct vl_collect_opts *o,
                    struct vl_collect_stats *st, struct vl_diag *d);

/* ------------------------------------------------------------ the matcher
 *
 * Which assets does a vulnerability affect, and why.  Statements of four
 * kinds are compared with what each asset carries:
 *   nvd     CPE criteria in NVD configurations, evaluated as a whole per
 *           asset (AND/OR, negation, running-on platforms); a package
 *           without a CPE is mapped to NVD by product == package or source
 *           package name, at lower confidence;
 *   osv     package ranges (vers) and version lists of an ecosystem (npm,
 *           PyPI, Maven, Go, crates, NuGet, gems, Composer);
 *   distro  a distribution's word on its own source package in the asset's
 *           release (Debian tracker, Alpine secdb), compared in its scheme;
 *   changelog  the package's own changelog naming the CVE as fixed;
 *   csaf    a vendor's CSAF/VEX statement on the product (known_affected,
 *           fixed, known_not_affected), matched by purl or CPE.
 * A distribution's "fixed" (installed >= fixed) or "not affected", and a
 * changelog, suppress the other sources' verdicts for that package and for
 * a CPE-named product of the same name on the same asset: the suppression
 * is recorded with both statements.
 *
 * The work is done on distinct installed keys (the software's identity and
 * version, and the asset's release for distribution packages), each
 * compared once with its statements, then fanned out to the rows that
 * carry it: a fleet's duplication costs a hash lookup per row. */
struct vl_match_stats {
  long software;       /* installed products examined */
  long candidates;     /* affected statements examined */
  long findings;       /* findings confirmed (new or seen again) */
  long new_findings;   /* of which new or re-opened */
  long keys;           /* distinct installed keys compared */
  long assets;         /* assets matched */
  long suppressed;     /* verdicts suppressed by a fix statement */
  long closed;         /* unresolved findings closed by such a statement */
  bool incremental;    /* only the assets a change can touch were matched */
};

/* Matches the tenant's installed software (asset_id 0: every asset) against
 * every statement that names what it carries.  Confirmed findings get
 * ctx->now as last_seen.  One transaction; advances the incremental
 * cursor when asset_id is 0. */
int vl_match_run(const struct vl_ctx *ctx, int64_t asset_id,
                 struct vl_match_stats *st, struct vl_diag *d);
/* The same for only the assets that changed since the last run (software
 * listed, changed or removed) or that carry a product, package or source
 * package named by a record or distribution statement changed since; the
 * findings equal those of a full run. */
int vl_match_incremental(const struct vl_ctx *ctx, struct vl_match_stats *st,
                         struct vl_diag *d);

/* ----- the engine, for callers with statements and software of their own
 * (the store's run above, bench/bench_match.c). */

/* Where statements come from.  Each function calls cb for every row it
 * has (none is not an error); the engine calls them from one thread. */
struct vl_match_src {
  void *ud;
  int (*cpe)(void *ud, const char *vendor, const char *product,
             vl_affected_cb cb, void *cbud, struct vl_diag *d);
  /* vendor unknown: statements whose product is product */
  int (*cpe_name)(void *ud, const char *product, vl_affected_cb cb,
                  void *cbud, struct vl_diag *d);
  int (*config)(void *ud, const char *vuln, int config, vl_affected_cb cb,
                void *cbud, struct vl_diag *d);
  int (*pkg)(void *ud, const char *ecosystem, const char *name,
             vl_pkg_row_cb cb, void *cbud, struct vl_diag *d);
  int (*distro)(void *ud, const char *distro, const char *release,
                const char *source_pkg, vl_distro_fix_cb cb, void *cbud,
                struct vl_diag *d);
  /* changelog statements of one installed row; may be NULL */
  int (*evidence)(void *ud, int64_t software_id, vl_fix_evidence_cb cb,
                  void *cbud, struct vl_diag *d);
  /* whether the row carries an unresolved finding of vuln (a fix statement
   * alone then closes it); may be NULL; called from worker threads */
  bool (*open)(void *ud, uint32_t asset, int64_t software_id,
               const char *vuln);
  /* CSAF/VEX product statements naming a purl (without its version) or a
   * CPE vendor:product; may be NULL */
  int (*csaf)(void *ud, const char *purl, const char *cpe,
              vl_product_status_cb cb, void *cbud, struct vl_diag *d);
};

/* One verdict: a finding, or (suppressed) a finding a fix statement
 * overrides.  Strings live for the callback. */
struct vl_match_hit {
  uint32_t asset;          /* the caller's asset number */
  int64_t software_id;
  const char *vuln;
  const char *criterion;   /* NVD criterion, or the package statement */
  const char *bound;       /* the range compared, or NULL */
  const char *installed;   /* the installed version compared */
  const char *evidence;    /* the sentence: what was compared with what */
  double confidence;
  bool suppressed;
  bool fix_only;           /* suppressed: no other verdict, but an open
                              finding (src.open) the fix statement closes */
  struct vl_match_why why; /* for a suppressed verdict: the fix statement */
};
typedef int (*vl_match_hit_cb)(void *ud, const struct vl_match_hit *h);

struct vl_matcher;
int vl_matcher_new(const struct vl_match_src *src, struct vl_matcher **out);
void vl_matcher_free(struct vl_matcher *m);
/* The platform of asset number asset (distro id and release as
 * os-release gives them); strings copied. */
int vl_matcher_asset(struct vl_matcher *m, uint32_t asset, const char *distro,
                     const char *release);
/* Adds one installed row of asset number asset.  sw is borrowed until
 * vl_matcher_run returns (rows of one asset should be added together). */
int vl_matcher_add(struct vl_matcher *m, uint32_t asset,
                   const struct vl_software *sw);
/* Runs with threads workers (1 when src functions are not thread-safe:
 * they are only called from the calling thread either way); cb is called
 * from the calling thread, per asset in order. */
int vl_matcher_run(struct vl_matcher *m, int threads, vl_match_hit_cb cb,
                   void *ud, struct vl_match_stats *st, struct vl_diag *d);

/* "Which assets does this new vulnerability affect?" against the rows of
 * a matcher that has run: the CPE statements a[0..n) of one vulnerability
 * are compared with the distinct keys of their products only (an index
 * built at the first call), then fanned out to the rows carrying them.
 * Criteria of configurations that need the whole asset (AND, negation)
 * are not evaluated here (the next run does); *assets receives how many
 * distinct assets carry a match; cb (may be NULL) gets each once. */
int vl_matcher_impact(struct vl_matcher *m, const char *vuln,
                      const struct vl_affected *a, size_t n,
                      int (*cb)(void *ud, uint32_t asset), void *ud,
                      size_t *assets, struct vl_diag *d);

/* The release name a distribution's tracker uses for an os-release
 * VERSION_ID ("debian", "12" -> "bookworm"; "alpine", "3.18.4" ->
 * "v3.18"); the release itself when it is already a name. */
const char *vl_match_release(const char *distro, const char *release,
                             char *buf, size_t size);
/* The OSV ecosystem of a purl type ("pypi" -> "PyPI"), or NULL. */
const char *vl_match_osv_ecosystem(const char *purl_type);

/* ------------------------------------------ scanner reports (vl_scan) */
/* Nessus .nessus v2, OpenVAS/GVM XML and Qualys CSV reports
 * (docs/formats.md, "Scanner reports").  An import is one scan and one
 * transaction through the inventory writer (origin "scan"): its hosts are
 * matched to assets by name (FQDN, NetBIOS, host name) or address, or
 * created (merged, never replacing a CMDB's attributes); each host's
 * coverage (credentials, authentication, times) and the checks the scan
 * ran are recorded; every result is kept, and each CVE of a detection
 * becomes or refreshes a finding. */
struct vl_scan_stats {
  int64_t scan_id;       /* the scan this import recorded */
  const char *format;    /* the format read */
  long hosts;            /* hosts (assets) covered */
  long credentialed;     /* of which scanned with credentials */
  long auth_failed;      /* of which authentication failed */
  long results;          /* results kept */
  long findings;         /* CVE detections (findings new or seen again) */
  long findings_new;     /* of which new or re-opened */
  long ports;            /* open ports listed */
  long checks;           /* checks (plugins, families) recorded as run */
};

/* The writer a scanner-report importer uses; opaque. */
struct vl_scanw;
/* A host as the report describes it.  Strings borrowed. */
struct vl_scan_host {
  const char *name;      /* the report's name for it (may be an address) */
  const char *fqdn, *netbios, *hostname, *address;
  const char *os;        /* operating system as reported, or NULL */
  const char *os_cpe;    /* OS CPE as reported, or NULL */
  bool credentialed;     /* credentials were used (or an agent ran) */
  int auth_ok;           /* 1 succeeded, 0 failed, -1 unknown */
  vl_time started, ended; /* 0 if not given */
};
/* Matches or creates the host's asset, covers it and records the host in
 * the scan; *asset_id receives the asset. */
int vl_scanw_host(struct vl_scanw *w, const struct vl_scan_host *h,
                  int64_t *asset_id, struct vl_diag *d);
/* Rewrites the scan's record of a host already given (facts learnt after
 * its results: Nessus plugin 19506, OpenVAS <host> details). */
int vl_scanw_host_update(struct vl_scanw *w, int64_t asset_id,
                         const struct vl_scan_host *h, struct vl_diag *d);
/* The report's own name and times. */
int vl_scanw_report(struct vl_scanw *w, const struct vl_scan_report *r,
                    struct vl_diag *d);
/* Records a check the scan ran: "plugin" (id) or "family" (name). */
int vl_scanw_check(struct vl_scanw *w, const char *kind, const char *name,
                   struct vl_diag *d);
/* Records an open port of the asset (once per asset, proto and port). */
int vl_scanw_port(struct vl_scanw *w, int64_t asset_id, const char *proto,
                  int port, const char *service, struct vl_diag *d);
/* Keeps result r (scan_id and asset_id are filled in here; r->cves is the
 * comma-separated list) and records its plugin as run; when detected, each
 * CVE of cves[0..n) becomes or refreshes a finding of the asset. */
int vl_scanw_result(struct vl_scanw *w, int64_t asset_id,
                    const struct vl_scan_result *r, bool detected,
                    const char *const *cves, size_t n_cves,
                    struct vl_diag *d);
/* The file being read, for messages; the scanner's name. */
const char *vl_scanw_path(const struct vl_scanw *w);

struct vl_scan_format {
  const char *name;      /* --format value and scanner name */
  const char *what;      /* one line for help */
  bool (*sniff)(const char *head, size_t n);
  int (*import)(struct vl_scanw *w, const char *path, struct vl_diag *d);
};
/* The scanner formats of this build; NULL-terminated. */
const struct vl_scan_format *const *vl_scan_formats(void);
/* The format the first bytes of a file look like, or NULL. */
const struct vl_scan_format *vl_scan_sniff(const char *head, size_t n);
/* Whether the file at path is a scanner report (by its first bytes). */
bool vl_scan_is_report(const char *path);
/* Imports one report: format by name or (NULL) recognised; kind names the
 * scan ("scan", or "rescan" for verify).  All or nothing. */
int vl_scan_import(const struct vl_ctx *ctx, const char *path,
                   const char *format, const char *kind,
                   struct vl_scan_stats *st, struct vl_diag *d);
/* -------------------------------------- end of scanner reports section */

/* ------------------------------------------------- SBOM packages section
 * Owned by the SBOM importers (lib/scope/vl_cyclonedx.c, where these are
 * defined; vl_spdx.c and vl_cmdb_json.c use them).  How a package named by
 * an SBOM (CycloneDX component, SPDX package, CMDB JSON software entry)
 * becomes installed software: docs/formats.md, "SBOMs and CMDB JSON".
 * Every pointer in struct vl_sbom_pkg is borrowed. */
struct vl_sbom_pkg {
  const char *name, *group, *version; /* as the SBOM gives them, or NULL */
  const char *purl, *cpe;             /* or NULL */
  const char *source_name, *source_version, *arch; /* or NULL */
};
/* Fills sw from p: a purl (canonical form as ident, its type as ecosystem,
 * the type's version scheme), a CPE (2.3 or 2.2 URI, stored as 2.3; vendor
 * and product from it), or neither (ident "[group/]name[@version]",
 * generic scheme).  Strings are copied into a.  On failure *field names
 * the input field at fault ("purl", "cpe", "name"), d->msg the problem. */
int vl_sbom_software(struct vl_arena *a, const struct vl_sbom_pkg *p,
                     struct vl_software *sw, const char **field,
                     struct vl_diag *d);
/* The packages of one SBOM, deduplicated by ident (a duplicate fills the
 * fields the first lacked).  Free with vl_sbom_free(). */
struct vl_sbom;
int vl_sbom_new(size_t max_pkgs, struct vl_sbom **out);
void vl_sbom_free(struct vl_sbom *s);
struct vl_arena *vl_sbom_arena(struct vl_sbom *s);
size_t vl_sbom_count(const struct vl_sbom *s);
int vl_sbom_add(struct vl_sbom *s, const struct vl_sbom_pkg *p,
                const char **field, struct vl_diag *d);
/* Sets a's distro, release, os (and os_cpe from cpe, may be NULL) from an
 * operating-system component, unless a has a distro already; strings in
 * the SBOM's arena. */
int vl_sbom_platform(struct vl_sbom *s, struct vl_asset *a, const char *name,
                     const char *version, const char *cpe);
/* Writes asset a (merged: an SBOM is not the source of record) and every
 * package through the writer; file names the SBOM in messages. */
int vl_sbom_write(struct vl_sbom *s, struct vl_inv *inv,
                  const struct vl_asset *a, const char *file,
                  struct vl_diag *d);
/* Whether JSON text head[0, n) has the member "key": "value" (value NULL:
 * any value) — for the formats' sniff functions. */
bool vl_sbom_sniff_member(const char *head, size_t n, const char *key,
                          const char *value);
/* ------------------------------------------ end of SBOM packages section */

#endif
