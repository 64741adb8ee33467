/* The storage interface: every read and write of vulnloop's data.
 *
 * Callers speak in nouns (include/vulnloop/model.h); all SQL lives behind
 * this header in lib/store/.  The SQLite back end is the default; the
 * interface is shaped so that a PostgreSQL back end can implement the same
 * functions (it would be selected by a "postgresql://" path in
 * vl_store_open) without any caller changing.
 *
 * Tenancy is enforced here: every function that touches tenant data takes a
 * struct vl_ctx and filters by its tenant.
 *
 * Ownership: strings passed in are borrowed.  Structs handed to callbacks
 * point into the current result row and are valid only during the call.
 * Callbacks return 0 to continue, or a non-zero code that stops the
 * iteration and is returned by the iterating function. */
#ifndef VULNLOOP_STORE_H
#define VULNLOOP_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "vulnloop/core.h"
#include "vulnloop/model.h"

struct vl_store;

/* Who acts, for which tenant, at what time: travels with every call. */
struct vl_ctx {
  struct vl_store *store; /* borrowed */
  int64_t tenant_id;      /* resolved by vl_ctx_init */
  const char *tenant;     /* tenant name (borrowed) */
  const char *actor;      /* user name for the audit log (borrowed) */
  vl_time now;            /* the time of this unit of work */
};

/* Opens (creating if needed) the database at path and applies pending
 * migrations.  Caller closes with vl_store_close(). */
int vl_store_open(const char *path, struct vl_store **out, struct vl_diag *d);
void vl_store_close(struct vl_store *s);
/* The schema version after migrations. */
int vl_store_schema_version(struct vl_store *s);
/* Checks the database file's integrity (SQLite quick_check); VL_EDB with
 * the first problem in d if it is damaged. */
int vl_store_check(struct vl_store *s, struct vl_diag *d);

/* Resolves (creating if needed) the tenant and fills ctx. */
int vl_ctx_init(struct vl_ctx *ctx, struct vl_store *s, const char *tenant,
                const char *actor, struct vl_diag *d);

/* Transactions: imports run inside one, so that a failure leaves the
 * database exactly as it was.  Not nestable. */
int vl_store_begin(struct vl_store *s, struct vl_diag *d);
int vl_store_commit(struct vl_store *s, struct vl_diag *d);
void vl_store_rollback(struct vl_store *s);

/* --------------------------------------------------------- intelligence */

/* Inserts or replaces a vulnerability with its CVSS vectors, references and
 * affected statements from one source.  An existing record of the same id
 * and source whose modified time is equal or newer is kept (*changed = 0). */
int vl_store_vuln_upsert(struct vl_store *s, const struct vl_vuln *v,
                         int *changed, struct vl_diag *d);
/* Inserts or updates a KEV entry; *changed = 0 if identical. */
int vl_store_kev_upsert(struct vl_store *s, const struct vl_kev *k,
                        int *changed, struct vl_diag *d);
int vl_store_ssvc_upsert(struct vl_store *s, const struct vl_ssvc *v,
                         int *changed, struct vl_diag *d);

/* What a vendor or CERT says to do about a vulnerability. */
struct vl_remediation {
  const char *vuln;       /* CVE id */
  const char *kind;       /* vendor_fix, workaround, mitigation, none_available */
  const char *text;       /* the advisory's words */
  const char *url;        /* may be NULL */
  const char *source;     /* who says so, e.g. "fortinet (CVE record)" */
};
/* Replaces the remediations that advisory (id, source) gives for vuln. */
int vl_store_remediations_set(struct vl_store *s, const char *advisory_id,
                              const char *source, const char *vuln,
                              const struct vl_remediation *r, size_t n,
                              struct vl_diag *d);
typedef int (*vl_remediation_cb)(void *ud, const struct vl_remediation *r);
int vl_store_remediations(struct vl_store *s, const char *vuln,
                          vl_remediation_cb cb, void *ud, struct vl_diag *d);

/* Everything a report or a decision needs about one vulnerability. */
struct vl_vuln_info {
  const char *id;
  const char *desc_en, *desc_ja, *title, *status, *cwe;
  vl_time published, modified;
  const char *cvss_version, *cvss_vector, *cvss_source, *cvss_severity;
  double cvss_score;       /* best available: highest version, Primary first */
  bool has_cvss;
  bool in_kev;
  vl_time kev_added, kev_due;
  bool kev_ransomware;
  const char *kev_action;
  bool has_ssvc;
  const char *ssvc_exploitation, *ssvc_automatable, *ssvc_impact, *ssvc_source;
  bool has_epss;
  double epss, epss_percentile; /* percentile -1: unknown */
  vl_time epss_date;
  int exploits;            /* published exploits / PoCs known */
  const char *exploit_ref; /* one of them */
};
typedef int (*vl_vuln_info_cb)(void *ud, const struct vl_vuln_info *v);
/* Calls cb once with the vulnerability, or returns VL_ENOTFOUND. */
int vl_store_vuln_info(struct vl_store *s, const char *id, vl_vuln_info_cb cb,
                       void *ud, struct vl_diag *d);

/* Affected statements of vendor:product (lower case). */
struct vl_affected_row {
  int64_t id;
  const char *vuln;
  struct vl_affected a;
};
typedef int (*vl_affected_cb)(void *ud, const struct vl_affected_row *r);
int vl_store_affected_by_product(struct vl_store *s, const char *vendor,
                                 const char *product, vl_affected_cb cb,
                                 void *ud, struct vl_diag *d);
/* All statements of one configuration of one vulnerability, in order. */
int vl_store_affected_config(struct vl_store *s, const char *vuln, int config,
                             vl_affected_cb cb, void *ud, struct vl_diag *d);

/* Counts of the intelligence held. */
struct vl_store_counts {
  int64_t vulns, affected, kev, ssvc, assets, software, findings, tickets,
      audit;
};
int vl_store_counts(const struct vl_ctx *ctx, struct vl_store_counts *out,
                    struct vl_diag *d);

/* ---------------------------------------------------------------- assets */

/* Inserts or updates an asset by name; *id receives its id, *changed 1 if
 * anything changed.  VL_ASSET_REPLACE (a CMDB: the source of record) sets
 * every attribute, empty ones to NULL; VL_ASSET_MERGE (an SBOM, a package
 * list, a scanner) sets only those it gives and keeps the others. */
enum vl_asset_mode { VL_ASSET_REPLACE, VL_ASSET_MERGE };
int vl_store_asset_upsert(const struct vl_ctx *ctx, const struct vl_asset *a,
                          enum vl_asset_mode mode, int64_t *id, int *changed,
                          struct vl_diag *d);
/* The asset of the tenant with that address, if exactly one: *id 0 if none
 * (or several). */
int vl_store_asset_by_address(const struct vl_ctx *ctx, const char *address,
                              int64_t *id, struct vl_diag *d);
/* Marks software seen on the asset (inserting it if new, updating its
 * version and fields if they changed).  *changed 1 if new, re-installed or
 * a different version. */
int vl_store_software_seen(const struct vl_ctx *ctx, int64_t asset_id,
                           const struct vl_software *sw, int64_t *id,
                           int *changed, struct vl_diag *d);
/* Marks software of the asset from that origin (NULL: any) that the scan
 * did not list (seen_scan) as removed at ctx->now; *n receives how many. */
int vl_store_software_sweep(const struct vl_ctx *ctx, int64_t asset_id,
                            const char *origin, int64_t scan_id, int *n,
                            struct vl_diag *d);
/* Records an open port (replacing what was known of that port). */
int vl_store_port_seen(const struct vl_ctx *ctx, const struct vl_port *p,
                       struct vl_diag *d);
/* Drops the asset's ports from that origin the scan did not list. */
int vl_store_port_sweep(const struct vl_ctx *ctx, int64_t asset_id,
                        const char *origin, int64_t scan_id,
                        struct vl_diag *d);
typedef int (*vl_port_cb)(void *ud, const struct vl_port *p);
int vl_store_ports(const struct vl_ctx *ctx, int64_t asset_id, vl_port_cb cb,
                   void *ud, struct vl_diag *d);
/* Replaces the fix evidence of one installed package with these n rows. */
int vl_store_fix_evidence_set(const struct vl_ctx *ctx, int64_t software_id,
                              const struct vl_fix_evidence *e, size_t n,
                              struct vl_diag *d);
typedef int (*vl_fix_evidence_cb)(void *ud, const struct vl_fix_evidence *e);
/* Fix evidence of one installed package (software_id), or of every package
 * of the tenant for one vulnerability (software_id 0, vuln set). */
int vl_store_fix_evidence(const struct vl_ctx *ctx, int64_t software_id,
                          const char *vuln, vl_fix_evidence_cb cb, void *ud,
                          struct vl_diag *d);

typedef int (*vl_asset_cb)(void *ud, const struct vl_asset *a);
int vl_store_assets(const struct vl_ctx *ctx, vl_asset_cb cb, void *ud,
                    struct vl_diag *d);
int vl_store_asset_by_name(const struct vl_ctx *ctx, const char *name,
                           vl_asset_cb cb, void *ud, struct vl_diag *d);
typedef int (*vl_software_cb)(void *ud, const struct vl_software *sw);
/* Installed (not removed) software of the tenant; asset_id 0 = all assets. */
int vl_store_software(const struct vl_ctx *ctx, int64_t asset_id,
                      vl_software_cb cb, void *ud, struct vl_diag *d);

/* -------------------------------------------------------------- findings */

/* Records that the asset carries the vulnerability through sw: inserts an
 * open finding, or refreshes last_seen and evidence (re-opening one that was
 * fixed: a regression).  *created is 1 for a new or re-opened finding. */
int vl_store_finding_upsert(const struct vl_ctx *ctx,
                            const struct vl_finding *f, int64_t *id,
                            int *created, struct vl_diag *d);

struct vl_finding_filter {
  const char *vuln;     /* only this vulnerability, or NULL */
  int64_t asset_id;     /* only this asset, or 0 */
  const char *status;   /* only this status, or NULL */
  bool unresolved;      /* open or mitigated only */
  int64_t ticket_id;    /* only this ticket, or 0 */
  int64_t id;           /* only this finding, or 0 */
};
typedef int (*vl_finding_cb)(void *ud, const struct vl_finding *f);
/* Findings ordered by due date (none last), then vulnerability, asset. */
int vl_store_findings(const struct vl_ctx *ctx,
                      const struct vl_finding_filter *flt, vl_finding_cb cb,
                      void *ud, struct vl_diag *d);
/* Stores the primary decision: priority, model, decision words, due date,
 * explanation and rank (0 most urgent).  *changed is 1 if anything
 * differs. */
int vl_store_finding_decide(const struct vl_ctx *ctx, int64_t id,
                            const char *priority, const char *model,
                            const char *decision, vl_time due,
                            const char *explain, int rank, int *changed,
                            struct vl_diag *d);

/* The Japanese rendering of the decision's explanation. */
int vl_store_finding_explain_ja(const struct vl_ctx *ctx, int64_t id,
                                const char *text, struct vl_diag *d);

/* The other models' outcomes of a finding, and its clocks (due items of
 * their own, such as BOD 26-04's forensic triage). */
struct vl_outcome {
  int64_t finding;
  bool clock;            /* a clock rather than a model's outcome */
  const char *name;      /* model name, or the clock's name */
  const char *decision;  /* the model's words (NULL for a clock) */
  const char *priority;
  vl_time due;
};
/* Replaces the finding's outcomes and clocks with o[0..n). */
int vl_store_finding_outcomes(const struct vl_ctx *ctx, int64_t id,
                              const struct vl_outcome *o, int n,
                              struct vl_diag *d);
typedef int (*vl_outcome_cb)(void *ud, const struct vl_outcome *o);
/* Outcomes and clocks of unresolved findings (finding 0: all of them). */
int vl_store_outcomes(const struct vl_ctx *ctx, int64_t finding,
                      vl_outcome_cb cb, void *ud, struct vl_diag *d);

/* ---------------------------------------------------------------- policy */

typedef int (*vl_policy_cb)(void *ud, const char *name, const char *text,
                            const char *actor, vl_time updated);
/* Calls cb with the tenant's stored policy, or returns VL_ENOTFOUND. */
int vl_store_policy_get(const struct vl_ctx *ctx, vl_policy_cb cb, void *ud,
                        struct vl_diag *d);
int vl_store_policy_set(const struct vl_ctx *ctx, const char *name,
                        const char *text, struct vl_diag *d);

typedef int (*vl_tenant_cb)(void *ud, int64_t id, const char *name);
int vl_store_tenants(struct vl_store *s, vl_tenant_cb cb, void *ud,
                     struct vl_diag *d);
int vl_store_finding_set_status(const struct vl_ctx *ctx, int64_t id,
                                const char *status, struct vl_diag *d);
int vl_store_finding_set_ticket(const struct vl_ctx *ctx, int64_t id,
                                int64_t ticket_id, struct vl_diag *d);

/* --------------------------------------------------------------- tickets */

/* Finds the ticket of (vuln, fix) or creates one; *created 1 if new. */
int vl_store_ticket_ensure(const struct vl_ctx *ctx, const char *vuln,
                           const char *fix, const char *title, int64_t *id,
                           int *created, struct vl_diag *d);
typedef int (*vl_ticket_cb)(void *ud, const struct vl_ticket *t);
/* id 0 = all tickets of the tenant; vuln NULL = any vulnerability. */
int vl_store_tickets(const struct vl_ctx *ctx, int64_t id, const char *vuln,
                     vl_ticket_cb cb, void *ud, struct vl_diag *d);
int vl_store_ticket_update(const struct vl_ctx *ctx, int64_t id,
                           const char *state, const char *owner,
                           const char *plan, vl_time due, struct vl_diag *d);
int vl_store_action_add(const struct vl_ctx *ctx, const struct vl_action *a,
                        int64_t *id, struct vl_diag *d);
typedef int (*vl_action_cb)(void *ud, const struct vl_action *a);
int vl_store_actions(const struct vl_ctx *ctx, int64_t ticket_id,
                     vl_action_cb cb, void *ud, struct vl_diag *d);

/* ----------------------------------------------------------------- scans */

int vl_store_scan_begin(const struct vl_ctx *ctx, const char *kind,
                        const char *source, int64_t *id, struct vl_diag *d);
int vl_store_scan_cover(const struct vl_ctx *ctx, int64_t scan_id,
                        int64_t asset_id, struct vl_diag *d);
int vl_store_scan_finish(const struct vl_ctx *ctx, int64_t scan_id,
                         bool success, struct vl_diag *d);
/* Whether the asset was covered by the scan. */
int vl_store_scan_covers(const struct vl_ctx *ctx, int64_t scan_id,
                         int64_t asset_id, bool *out, struct vl_diag *d);
typedef int (*vl_scan_cb)(void *ud, const struct vl_scan *s);
/* Scans of the tenant, newest first. */
int vl_store_scans(const struct vl_ctx *ctx, vl_scan_cb cb, void *ud,
                   struct vl_diag *d);

/* ----------------------------------------------------------------- audit */

/* Appends an event to the tenant's hash chain (hash = SHA-256 of the
 * previous hash and the event's canonical fields). */
int vl_store_audit(const struct vl_ctx *ctx, const char *action,
                   const char *object_type, int64_t object_id,
                   const char *before, const char *after, struct vl_diag *d);
typedef int (*vl_audit_cb)(void *ud, const struct vl_audit_event *e);
int vl_store_audit_list(const struct vl_ctx *ctx, const char *object_type,
                        int64_t object_id, vl_audit_cb cb, void *ud,
                        struct vl_diag *d);
/* Recomputes the chain; VL_EINTERNAL with the first bad event id in d if
 * it was tampered with.  *n receives the number of events checked. */
int vl_store_audit_verify(const struct vl_ctx *ctx, int64_t *n,
                          struct vl_diag *d);

/* ------------------------------------------------- EPSS and exploits */

/* One FIRST EPSS score.  The store keeps one score per CVE: the newest. */
struct vl_epss {
  const char *cve;        /* CVE id (borrowed) */
  double score;           /* probability of exploitation in 30 days, [0,1] */
  double percentile;      /* [0,1], or negative when the file has none */
  vl_time score_date;     /* the day the score is for */
  const char *model;      /* model version ("v2023.03.01"), or NULL */
};
/* Stores e unless the CVE already has a score of a later date, or of the
 * same date with the same values (then *changed = 0). */
int vl_store_epss_upsert(struct vl_store *s, const struct vl_epss *e,
                         int *changed, struct vl_diag *d);
/* The same for e[0..n) in as few statements as possible (a daily file has
 * ~250,000 rows); *changed receives how many rows were stored. */
int vl_store_epss_upsert_many(struct vl_store *s, const struct vl_epss *e,
                              size_t n, size_t *changed, struct vl_diag *d);

/* A published exploit or proof of concept of a CVE. */
struct vl_exploit {
  const char *cve;        /* CVE id (borrowed) */
  const char *source;     /* "exploitdb", "metasploit" */
  const char *ref;        /* its id in that source: "EDB-16929", module */
  const char *kind;       /* "remote", "webapps", "dos", "local",
                             "metasploit", ... */
  vl_time published;      /* 0 when unknown */
};
/* Inserts or updates (cve, source, ref); *changed = 0 if identical. */
int vl_store_exploit_upsert(struct vl_store *s, const struct vl_exploit *x,
                            int *changed, struct vl_diag *d);

/* ------------------------------------------ aliases and per-source records
 * (JVN/JPCERT/IPA: lib/store/vl_store_alias.c) */

/* Records that vuln_id (e.g. JVNDB-2021-005429) names alias (e.g.
 * CVE-2021-44228), according to source ("jvn").  Idempotent. */
int vl_store_alias_set(struct vl_store *s, const char *vuln_id,
                       const char *alias, const char *source,
                       struct vl_diag *d);
/* Forgets every alias that source gave vuln_id (before re-recording a
 * replaced record's). */
int vl_store_alias_clear(struct vl_store *s, const char *vuln_id,
                         const char *source, struct vl_diag *d);
/* One link; id is the one asked about, other the id on the other side. */
struct vl_alias {
  const char *vuln_id;  /* the id that names the alias (JVNDB-...) */
  const char *alias;    /* the id it names (CVE-...) */
  const char *source;   /* who says so */
};
typedef int (*vl_alias_cb)(void *ud, const struct vl_alias *a);
/* Both directions: links whose vuln_id is id (its aliases) and links whose
 * alias is id (the records that name it), ordered by vuln_id, alias. */
int vl_store_aliases(struct vl_store *s, const char *id, vl_alias_cb cb,
                     void *ud, struct vl_diag *d);

/* Every source's record of one id (e.g. "nvd", "cve5", "jvn"), ordered by
 * source, with its CVSS vectors, references and affected statements filled
 * in; the struct and its arrays live for the callback only. */
typedef int (*vl_vuln_record_cb)(void *ud, const struct vl_vuln *v);
int vl_store_vuln_records(struct vl_store *s, const char *id,
                          vl_vuln_record_cb cb, void *ud, struct vl_diag *d);

/* Vulnerabilities for "vuln list": one row per id (the preferred record,
 * as vl_store_vuln_info chooses), filtered, newest modification first. */
struct vl_vuln_filter {
  bool kev;              /* only ids in the KEV catalogue */
  vl_time since;         /* only records modified at or after, 0 = any */
  const char *keyword;   /* substring of id, title or descriptions, or NULL */
  double cvss_min;       /* best CVSS base score at least, 0 = any */
  long limit;            /* at most this many rows, 0 = 1000 */
};
struct vl_vuln_row {
  const char *id, *source, *title, *desc_en, *desc_ja;
  vl_time modified;
  double cvss;           /* best base score, or -1 */
  bool in_kev;
};
typedef int (*vl_vuln_row_cb)(void *ud, const struct vl_vuln_row *r);
int vl_store_vuln_list(struct vl_store *s, const struct vl_vuln_filter *f,
                       vl_vuln_row_cb cb, void *ud, struct vl_diag *d);

/* ------------------------------------------------ feed sync (vl_fetch) */
/* Section owned by feed sync (lib/store/vl_store_feed.c).  One row per
 * configured source: what the last attempt did, the validators of the last
 * download, and the progress of a paged API.  Shared by all tenants. */
struct vl_feed_sync {
  const char *source;        /* "kev", "epss", "nvd", ... */
  const char *location;      /* URL or mirror directory of the last attempt */
  const char *etag;          /* ETag of the last imported download, or NULL */
  const char *last_modified; /* its Last-Modified header, or NULL */
  vl_time attempted;         /* start of the last attempt, 0 = never */
  vl_time succeeded;         /* end of the last successful sync, 0 = never */
  const char *result;        /* "changed", "unchanged", "failed", "partial" */
  long http_status;          /* last HTTP status, 0 = none (mirror, no reply) */
  const char *error;         /* message of the last failure, or NULL */
  long records;              /* records read by the last sync */
  long changed;              /* records inserted or replaced by it */
  long requests;             /* HTTP requests made by the last attempt */
  vl_time cursor;            /* NVD: end of the last completed window */
  vl_time window_start;      /* NVD: window in progress, 0 = none */
  vl_time window_end;
  long next_index;           /* NVD: startIndex of the next page to fetch */
  const char *rate_log;      /* NVD: times (ms since the epoch, space-
                                separated) of the last requests, or NULL */
};
/* Reads the row of source into out; its strings live in arena a.
 * VL_ENOTFOUND if the source was never synced. */
int vl_store_feed_sync_get(struct vl_store *s, const char *source,
                           struct vl_arena *a, struct vl_feed_sync *out,
                           struct vl_diag *d);
/* Inserts or replaces the row of f->source; also records a successful
 * sync in feed_state (source, last_import, location, records, changed). */
int vl_store_feed_sync_put(struct vl_store *s, const struct vl_feed_sync *f,
                           struct vl_diag *d);
typedef int (*vl_feed_sync_cb)(void *ud, const struct vl_feed_sync *f);
/* Calls cb for every row, by source name. */
int vl_store_feed_sync_each(struct vl_store *s, vl_feed_sync_cb cb, void *ud,
                            struct vl_diag *d);
/* ------------------------------------------- end of feed sync section */

/* ------------------------------------------ watchlists (vl_store_watch) */
/* Section owned by watchlists (lib/store/vl_store_watch.c).  The change log
 * of vulnerability records is shared intelligence; watches belong to the
 * tenant of ctx and every query filters by it. */

/* Appends (v->id, v->source, v->modified, now) to the change log.  Called by
 * vl_store_vuln_upsert whenever it inserts or replaces a record. */
int vl_store_vuln_changed(struct vl_store *s, const struct vl_vuln *v,
                          struct vl_diag *d);

/* A vendor and product a source names in text, where it gives no CPE
 * (CVE 5 affected[].vendor/product).  Either may be NULL. */
struct vl_vuln_name {
  const char *vendor;
  const char *product;
};
/* Replaces the names that source gives vuln_id with n[0..count). */
int vl_store_vuln_names_set(struct vl_store *s, const char *vuln_id,
                            const char *source, const struct vl_vuln_name *n,
                            size_t count, struct vl_diag *d);

/* What the store knows of the products of vuln_id, of the records linked
 * to it by aliases (both directions) and of its KEV entry. */
struct vl_vuln_product {
  const char *origin;   /* "cpe" (affected statement, lower case), "text"
                           (a source's own words), "kev" */
  const char *vuln_id;  /* the record that says so (vuln_id or a linked id) */
  const char *source;   /* its source: "nvd", "cve5", "jvn", "kev", ... */
  const char *vendor;   /* may be NULL */
  const char *product;  /* may be NULL */
};
typedef int (*vl_vuln_product_cb)(void *ud, const struct vl_vuln_product *p);
int vl_store_vuln_products(struct vl_store *s, const char *vuln_id,
                           vl_vuln_product_cb cb, void *ud,
                           struct vl_diag *d);

/* The texts of every record of vuln_id and of the records linked to it by
 * aliases, and its KEV entry's name and description (source "kev"). */
struct vl_vuln_text {
  const char *vuln_id, *source;
  const char *title, *desc_en, *desc_ja; /* each may be NULL */
};
typedef int (*vl_vuln_text_cb)(void *ud, const struct vl_vuln_text *t);
int vl_store_vuln_texts(struct vl_store *s, const char *vuln_id,
                        vl_vuln_text_cb cb, void *ud, struct vl_diag *d);

/* One watch of the tenant.  vendor/product are lower case. */
struct vl_watch {
  int64_t id;
  const char *name;
  const char *vendor, *product, *keyword; /* each may be NULL */
  vl_time created;
  int64_t cursor;       /* last change-log seq shown by `watch news` */
};
/* Inserts w for the tenant with its cursor at the end of the change log
 * (a new watch reports what arrives after it); *id receives its id. */
int vl_store_watch_add(const struct vl_ctx *ctx, const struct vl_watch *w,
                       int64_t *id, struct vl_diag *d);
/* Deletes watch id of the tenant; VL_ENOTFOUND if it has none such. */
int vl_store_watch_rm(const struct vl_ctx *ctx, int64_t id,
                      struct vl_diag *d);
typedef int (*vl_watch_cb)(void *ud, const struct vl_watch *w);
/* The tenant's watches by id (id 0 = all; VL_ENOTFOUND if id is not one). */
int vl_store_watches(const struct vl_ctx *ctx, int64_t id, vl_watch_cb cb,
                     void *ud, struct vl_diag *d);
int vl_store_watch_set_cursor(const struct vl_ctx *ctx, int64_t id,
                              int64_t seq, struct vl_diag *d);
/* The last seq of the change log (0 when empty). */
int vl_store_change_last(struct vl_store *s, int64_t *seq, struct vl_diag *d);

/* The changed ids of the change log with after < seq <= upto and imported
 * at or after since, one row per id, in the order of their last change. */
struct vl_change {
  const char *vuln_id;
  const char *sources;  /* comma-separated sources whose records changed */
  vl_time modified;     /* newest modification time the sources give */
  vl_time imported;     /* when the last change was recorded */
  int64_t seq;          /* the last change's seq */
};
typedef int (*vl_change_cb)(void *ud, const struct vl_change *c);
int vl_store_changes(struct vl_store *s, int64_t after, int64_t upto,
                     vl_time since, vl_change_cb cb, void *ud,
                     struct vl_diag *d);
/* ------------------------------------------ end of watchlists section */

/* ------------------------------ OSV package statements (vl_store_pkg) */
/* Section owned by the OSV importer (lib/store/vl_store_pkg.c).  What an
 * OSV record (OSV.dev, GitHub advisories, Ubuntu) says is affected: one
 * row per (affected package, range).  Shared intelligence; the rows of a
 * record are deleted when vl_store_vuln_upsert replaces it. */
struct vl_pkg_affected {
  const char *ecosystem;   /* OSV ecosystem as written: "npm", "PyPI",
                              "Ubuntu:22.04:LTS" */
  const char *name;        /* package name as written */
  const char *purl;        /* package.purl, or NULL */
  const char *range_type;  /* "SEMVER", "ECOSYSTEM", "GIT", or NULL when
                              the package has only a versions[] list */
  const char *range;       /* vers string, or NULL (GIT: commits are not
                              versions; an ecosystem without a scheme) */
  const char *introduced;  /* first "introduced" event, or NULL */
  const char *fixed;       /* first "fixed" event, or NULL */
  long versions;           /* explicit versions[] the package lists */
  const char *version_list; /* the first of them, newline-separated (capped
                               by the importer), or NULL */
};
/* Appends p[0..n) to the record (vuln_id, source), which must exist
 * (upserted in the same transaction); VL_ENOTFOUND otherwise. */
int vl_store_pkg_add(struct vl_store *s, const char *vuln_id,
                     const char *source, const struct vl_pkg_affected *p,
                     size_t n, struct vl_diag *d);
typedef int (*vl_pkg_cb)(void *ud, const char *source,
                         const struct vl_pkg_affected *p);
/* Every package statement about vuln_id (from every source), in the order
 * stored.  No rows is not an error. */
int vl_store_pkg_list(struct vl_store *s, const char *vuln_id, vl_pkg_cb cb,
                      void *ud, struct vl_diag *d);
/* ------------------------------ end of OSV package statements section */

/* ---------------------------- distribution trackers (vl_store_distro) */
/* Section owned by distribution security trackers
 * (lib/store/vl_store_distro.c): what a distribution (Debian's security
 * tracker, Alpine's secdb) says about a CVE in one of its releases, per
 * source package.  Shared intelligence, like vulns. */
struct vl_distro_fix {
  const char *distro;        /* "debian", "alpine" */
  const char *release;       /* "bookworm", "v3.18", "edge" */
  const char *source_pkg;    /* the distribution's source package name */
  const char *vuln_id;       /* "CVE-2023-38545" */
  const char *status;        /* "fixed", "open", "not-affected",
                                "undetermined" */
  const char *fixed_version; /* in the distribution's scheme, or NULL */
  const char *scheme;        /* "dpkg" or "apk" */
  const char *urgency;       /* Debian's urgency ("high", ...), or NULL */
  const char *source;        /* the feed it came from: "debian-tracker",
                                "alpine-secdb" */
  vl_time imported;          /* when the row was last stored (rows handed to
                                callbacks); ignored by the upsert */
};
/* Inserts the row of (distro, release, source_pkg, vuln_id), or replaces it
 * only if any field differs (*changed 1 then, else 0). */
int vl_store_distro_fix_upsert(struct vl_store *s,
                               const struct vl_distro_fix *f, int *changed,
                               struct vl_diag *d);
typedef int (*vl_distro_fix_cb)(void *ud, const struct vl_distro_fix *f);
/* Every distribution's statement about vuln_id, ordered by distro, release,
 * source_pkg.  No rows is not an error. */
int vl_store_distro_fixes(struct vl_store *s, const char *vuln_id,
                          vl_distro_fix_cb cb, void *ud, struct vl_diag *d);
/* ------------------------ end of distribution trackers section */

#endif
