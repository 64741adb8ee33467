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
/* The same for a large write (a whole feed, a scanner report): WAL writes
 * every page twice, to the log and then by the checkpoint into the
 * database, which doubles the I/O of a transaction that writes most of its
 * pages anew.  When no other connection has the database open, this one
 * runs with a rollback journal instead (it holds only pages that existed
 * before, so appended pages are written once; a killed process still
 * leaves the database as it was), and the database returns to WAL when
 * the transaction ends.  With another connection open it stays in WAL:
 * the same result, slower. */
int vl_store_begin_bulk(struct vl_store *s, struct vl_diag *d);
/* Begins the transaction that imports the file at path: a bulk one when
 * the file is large (VL_LARGE_FILE: most of what it writes is new pages),
 * a plain one otherwise (the daily kind keeps WAL's one-fsync commit, and
 * readers are never shut out). */
int vl_store_begin_import(struct vl_store *s, const char *path,
                          struct vl_diag *d);
int vl_store_commit(struct vl_store *s, struct vl_diag *d);
void vl_store_rollback(struct vl_store *s);

/* --------------------------------------------------------- intelligence */

/* Inserts or replaces a vulnerability with its CVSS vectors, references and
 * affected statements from one source.  An existing record of the same id
 * and source whose modified time is equal or newer is kept (*changed = 0). */
int vl_store_vuln_upsert(struct vl_store *s, const struct vl_vuln *v,
                         int *changed, struct vl_diag *d);
/* The modified time of the record (id, source), or 0 when there is none:
 * an importer asks before converting a record, so that an unchanged one
 * costs a lookup. */
int vl_store_vuln_modified(struct vl_store *s, const char *id,
                           const char *source, vl_time *modified,
                           struct vl_diag *d);
/* Calls cb(ud, vuln_id, modified) for every record of source, in no set
 * order (vuln_id borrowed for the call); a non-zero return from cb stops
 * and is returned.  What an importer that parses in another thread loads
 * beforehand, instead of a vl_store_vuln_modified per record. */
typedef int (*vl_vuln_modified_cb)(void *ud, const char *vuln_id,
                                   vl_time modified);
int vl_store_vuln_modified_each(struct vl_store *s, const char *source,
                                vl_vuln_modified_cb cb, void *ud,
                                struct vl_diag *d);
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
 * ~250,000 rows); *changed receives how many rows were stored.  With
 * fresh set (the table held no score when the caller's transaction began,
 * see vl_store_epss_empty), rows are inserted without the upsert, whose
 * statement journal is a fifth of an import's time; a row that meets a
 * stored CVE after all (a file listing a CVE twice) falls back to the
 * upsert, so the result is the same either way. */
int vl_store_epss_upsert_many(struct vl_store *s, const struct vl_epss *e,
                              size_t n, bool fresh, size_t *changed,
                              struct vl_diag *d);
/* *empty = the store holds no EPSS score. */
int vl_store_epss_empty(struct vl_store *s, bool *empty, struct vl_diag *d);

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
  double epss_min;       /* EPSS probability at least (0..1), 0 = any */
  const char *vendor;    /* a CPE vendor or a source's vendor name, or NULL */
  const char *product;   /* the same for the product, or NULL */
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

/* ------------------------------------------ the matcher (vl_store_match) */
/* Section owned by the matcher (lib/store/vl_store_match.c).  Statements
 * looked up by the keys installed software carries, the findings' extra
 * evidence (which kind of statement, its words, the fix it names), the
 * verdicts that suppress a finding, and the incremental cursor. */

/* NVD statements whose product (lower case) is product, any vendor: a
 * package mapped to a CPE by its name. */
int vl_store_affected_by_name(struct vl_store *s, const char *product,
                              vl_affected_cb cb, void *ud, struct vl_diag *d);
/* One package statement with the vulnerability it is about. */
struct vl_pkg_row {
  const char *vuln;         /* the record's id */
  const char *source;       /* the record's source ("osv", "ghsa", ...) */
  struct vl_pkg_affected p;
};
typedef int (*vl_pkg_row_cb)(void *ud, const struct vl_pkg_row *r);
/* Package statements of (ecosystem, name) as OSV writes them ("PyPI"). */
int vl_store_pkg_by_name(struct vl_store *s, const char *ecosystem,
                         const char *name, vl_pkg_row_cb cb, void *ud,
                         struct vl_diag *d);
/* A distribution's statements about one source package in one release. */
int vl_store_distro_fixes_pkg(struct vl_store *s, const char *distro,
                              const char *release, const char *source_pkg,
                              vl_distro_fix_cb cb, void *ud,
                              struct vl_diag *d);

/* What a finding (or a suppression) rests on, beside struct vl_finding. */
struct vl_match_why {
  const char *source;     /* "nvd", "osv", "distro", "changelog", "csaf" */
  const char *statement;  /* the statement in words: "debian bookworm: curl
                             fixed in 7.88.1-10+deb12u4 (debian-tracker)" */
  const char *fix;        /* the fixed version the statement names, or NULL
                             (no fix yet) */
};
/* vl_store_finding_upsert with the evidence of why. */
int vl_store_match_finding(const struct vl_ctx *ctx,
                           const struct vl_finding *f,
                           const struct vl_match_why *w, int64_t *id,
                           int *created, struct vl_diag *d);
/* Records that f (asset, vuln, software, criterion, bound, version,
 * confidence) would be a finding but w says it is fixed or not affected.
 * An unresolved finding of the same (asset, vuln, software) is closed
 * (status fixed; it keeps why it matched, the suppression row says why it
 * closed); *closed receives its id, or 0. */
int vl_store_match_suppress(const struct vl_ctx *ctx,
                            const struct vl_finding *f,
                            const struct vl_match_why *w, int64_t *closed,
                            struct vl_diag *d);
/* Forgets the suppressions of one asset (a run records them again). */
int vl_store_match_suppress_clear(const struct vl_ctx *ctx, int64_t asset_id,
                                  struct vl_diag *d);
struct vl_match_suppression {
  const char *asset, *vuln;
  int64_t software_id;
  const char *software;   /* its cpe, purl or name */
  const char *installed_version, *criterion, *bound;
  struct vl_match_why why;
  double confidence;
  vl_time first_seen, last_seen;
};
typedef int (*vl_match_suppression_cb)(void *ud,
                                       const struct vl_match_suppression *m);
/* Suppressions of the tenant, of one asset (0: any) and vuln (NULL: any). */
int vl_store_match_suppressions(const struct vl_ctx *ctx, int64_t asset_id,
                                const char *vuln, vl_match_suppression_cb cb,
                                void *ud, struct vl_diag *d);

/* Findings with their evidence of why, filtered. */
struct vl_match_filter {
  struct vl_finding_filter f;
  const char *source;     /* match_source, or "scanner" (no match source) */
  double min_confidence;  /* 0: any */
  bool kev;               /* only vulnerabilities in the KEV catalogue */
  vl_time since;          /* first seen at or after, 0: any */
};
typedef int (*vl_match_finding_cb)(void *ud, const struct vl_finding *f,
                                   const struct vl_match_why *w);
int vl_store_match_findings(const struct vl_ctx *ctx,
                            const struct vl_match_filter *flt,
                            vl_match_finding_cb cb, void *ud,
                            struct vl_diag *d);

/* The tenant's incremental cursor: the change-log seq, the time of the
 * last match run and the last scan (import) it saw (all 0 before the
 * first).  vl_store_match_state_set stores seq, matched and the newest
 * scan of the tenant. */
struct vl_match_state {
  int64_t change_seq;
  vl_time matched;
  int64_t scan_seq;
};
int vl_store_match_state(const struct vl_ctx *ctx, struct vl_match_state *out,
                         struct vl_diag *d);
int vl_store_match_state_set(const struct vl_ctx *ctx, int64_t seq,
                             vl_time matched, struct vl_diag *d);
/* Assets of the tenant that an incremental run must look at again: those
 * covered by a scan (an inventory import) after the cursor's, and those
 * carrying a product, package or source package named by a record changed
 * after its change-log seq or by a distribution statement stored after
 * its time.  cb gets each asset id once, in id order. */
typedef int (*vl_id_cb)(void *ud, int64_t id);
int vl_store_match_dirty(const struct vl_ctx *ctx,
                         const struct vl_match_state *since, vl_id_cb cb,
                         void *ud, struct vl_diag *d);
/* ------------------------------------------ end of the matcher section */

/* ------------------------- CSAF / VEX product status (vl_store_csaf) */
/* Section owned by the CSAF importer (lib/store/vl_store_csaf.c,
 * migration 9).  A CSAF 2.0 document (advisory or VEX) is an advisories
 * row; what it says about each (vulnerability, product) is a product
 * statement; its remediations are remediations rows with the product ids
 * they apply to.  Shared intelligence, like vulns.  A document is replaced
 * as a whole (vl_store_csaf_doc_begin) and only by a newer version. */

/* One CSAF document's metadata (written by the importer, read back by
 * vl_store_csaf_docs). */
struct vl_csaf_doc {
  int64_t pk;              /* row id (read back; ignored when written) */
  const char *id;          /* document/tracking/id: "RHSA-2024:1234" */
  const char *source;      /* "csaf:<publisher namespace host>" */
  const char *category;    /* csaf_security_advisory, csaf_vex, ... */
  const char *version;     /* document/tracking/version: "1", "2.0.1" */
  const char *status;      /* final, interim, draft */
  const char *title;
  const char *lang;        /* document/lang, or NULL */
  const char *publisher;   /* document/publisher/name */
  const char *publisher_ns;/* document/publisher/namespace */
  const char *url;         /* the self reference, or NULL */
  const char *severity;    /* aggregate_severity/text, or NULL */
  const char *summary;     /* the summary note's text, or NULL */
  const char *raw_sha256;  /* of the file's bytes */
  vl_time published;       /* initial_release_date */
  vl_time modified;        /* current_release_date */
  vl_time imported;        /* read back: when it was stored */
};

/* Starts (re)storing doc: if the store holds the same (id, source) with a
 * current release date and tracking version both not older, nothing is
 * done and *changed = 0; otherwise the document's row is inserted or
 * updated, its previous statements, vulnerabilities and remediations are
 * deleted, *changed = 1 and *pk receives its row id for the calls below.
 * Run inside the import's transaction. */
int vl_store_csaf_doc_begin(struct vl_store *s, const struct vl_csaf_doc *doc,
                            int *changed, int64_t *pk, struct vl_diag *d);
/* Records that document pk is about vuln (with the document's title for
 * it, may be NULL).  Idempotent. */
int vl_store_csaf_vuln_add(struct vl_store *s, int64_t pk, const char *vuln,
                           const char *title, struct vl_diag *d);

/* One statement of a document about a product, as the matcher and
 * `vuln show` read it.  The first eleven fields are the agreed interface
 * with the matcher; the rest add detail for display. */
struct vl_product_status {
  const char *vuln;          /* CVE id (or the document's own vulnerability
                                id) */
  const char *doc;           /* document tracking id, e.g. "RHSA-2024:1234" */
  const char *publisher;     /* document/publisher/name */
  const char *doc_url;       /* the document's self URL, or NULL */
  const char *product_id;    /* CSAF product_id */
  const char *name;          /* full product name */
  const char *cpe, *purl;    /* product_identification_helper, or NULL */
  const char *status;        /* "known_affected", "fixed",
                                "known_not_affected", "under_investigation"
                                (first_/last_ variants folded into
                                affected/fixed; "recommended" into fixed) */
  const char *justification; /* VEX justification (flag label, or the
                                impact statement) for not affected, or NULL */
  const char *remediation;   /* category of the best remediation for this
                                product (vendor_fix, mitigation, workaround,
                                no_fix_planned, none_available), or NULL */
  /* Detail beyond the agreed interface. */
  const char *detail;        /* the CSAF list it came from: "first_fixed",
                                "recommended", ... (= status when plain) */
  const char *source;        /* "csaf:redhat.com" */
  const char *vendor;        /* product tree vendor branch, or NULL */
  const char *product;       /* product tree product_name branch, or NULL */
  const char *version;       /* product_version(_range) branch, or NULL */
  const char *remediation_text; /* that remediation's details, or NULL */
  const char *remediation_url;  /* its url, or NULL */
  const char *cvss_vector;   /* the score given for this product, or NULL */
  double cvss_score;         /* its base score (when cvss_vector is set) */
  const char *impact;        /* threats of category impact: details */
};
/* Appends statement p to document pk (vuln, product_id, status and detail
 * are required; doc, publisher, doc_url and source are the document's and
 * ignored here).  Keys for the filters below are derived from p->purl and
 * p->cpe; an unparsable purl or CPE is VL_EINVAL. */
int vl_store_csaf_status_add(struct vl_store *s, int64_t pk,
                             const struct vl_product_status *p,
                             struct vl_diag *d);

typedef int (*vl_product_status_cb)(void *ud,
                                    const struct vl_product_status *p);
/* Statements about one vulnerability (vuln != NULL), or all statements
 * naming that purl (purl, compared without qualifiers/subpath; a purl
 * without a version names every version of the package) or that CPE
 * vendor:product (cpe: "vendor:product", or a CPE in either binding whose
 * vendor and product are used; one whose vendor or product is ANY or
 * empty names nothing) — every non-NULL filter applies (all NULL: every
 * statement).  Ordered by vulnerability, document, product id.  No rows is
 * not an error; an unparsable purl or CPE filter is VL_EINVAL. */
int vl_store_product_status(struct vl_store *s, const char *vuln,
                            const char *purl, const char *cpe,
                            vl_product_status_cb cb, void *ud,
                            struct vl_diag *d);
/* Every statement of the document(s) with tracking id doc (any publisher),
 * in the same order. */
int vl_store_product_status_doc(struct vl_store *s, const char *doc,
                                vl_product_status_cb cb, void *ud,
                                struct vl_diag *d);

/* One remediation of a document, with the product ids it applies to. */
struct vl_csaf_remediation {
  const char *doc;        /* tracking id (read back) */
  const char *vuln;       /* CVE id */
  const char *kind;       /* vendor_fix, workaround, mitigation,
                             none_available, no_fix_planned */
  const char *text;       /* details */
  const char *url;        /* may be NULL */
  const char *products;   /* product ids, space-separated, group ids
                             resolved */
};
int vl_store_csaf_remediation_add(struct vl_store *s, int64_t pk,
                                  const struct vl_csaf_remediation *r,
                                  struct vl_diag *d);
typedef int (*vl_csaf_remediation_cb)(void *ud,
                                      const struct vl_csaf_remediation *r);
/* The remediations of the document(s) with tracking id doc about vuln
 * (NULL: every vulnerability), in document order. */
int vl_store_csaf_remediations(struct vl_store *s, const char *doc,
                               const char *vuln, vl_csaf_remediation_cb cb,
                               void *ud, struct vl_diag *d);

typedef int (*vl_csaf_doc_cb)(void *ud, const struct vl_csaf_doc *doc);
/* The documents with tracking id doc (case-insensitive; any publisher),
 * or when doc is NULL, the documents about vulnerability vuln, or when
 * both are NULL every document; newest first.  No rows is not an error. */
int vl_store_csaf_docs(struct vl_store *s, const char *doc, const char *vuln,
                       vl_csaf_doc_cb cb, void *ud, struct vl_diag *d);
/* The vulnerabilities document pk is about, in document order. */
typedef int (*vl_csaf_vuln_cb)(void *ud, const char *vuln, const char *title);
int vl_store_csaf_doc_vulns(struct vl_store *s, int64_t pk,
                            vl_csaf_vuln_cb cb, void *ud, struct vl_diag *d);
/* Replaces the names (vuln_names, for watches) that source gives vuln with
 * the distinct product-tree vendor/product names of every statement its
 * stored documents make about vuln. */
int vl_store_csaf_names_refresh(struct vl_store *s, const char *vuln,
                                const char *source, struct vl_diag *d);
/* ------------------------- end of CSAF / VEX product status section */

/* ------------------------------------- fetched documents (vl_fetch) */
/* Section owned by the fetchers (lib/store/vl_store_feed.c).  One row per
 * (source, document URL) that a CSAF provider or MyJVN listed: the change
 * time it was last imported at, or why it was last refused.  Shared by
 * all tenants. */
struct vl_feed_doc {
  const char *source;        /* the configured source's name */
  const char *url;           /* the document's URL (or MyJVN id) */
  vl_time updated;           /* change time listed for the version seen */
  const char *sha;           /* hex SHA-256/512 checked, or NULL */
  const char *status;        /* "imported", "failed", "hash-mismatch",
                                "no-hash" */
  const char *error;         /* why it was refused, or NULL */
  vl_time attempted;         /* when */
};
/* Reads the row of (source, url); VL_ENOTFOUND if none.  Strings live in
 * arena a. */
int vl_store_feed_doc_get(struct vl_store *s, const char *source,
                          const char *url, struct vl_arena *a,
                          struct vl_feed_doc *out, struct vl_diag *d);
/* Inserts or replaces the row of (f->source, f->url). */
int vl_store_feed_doc_put(struct vl_store *s, const struct vl_feed_doc *f,
                          struct vl_diag *d);
struct vl_feed_doc_counts {
  long imported;             /* documents whose last attempt imported */
  long refused;              /* documents whose last attempt failed */
  long hash_failures;        /* of which hash mismatches or missing hashes */
};
int vl_store_feed_doc_counts(struct vl_store *s, const char *source,
                             struct vl_feed_doc_counts *out,
                             struct vl_diag *d);
typedef int (*vl_feed_doc_cb)(void *ud, const struct vl_feed_doc *f);
/* Calls cb for the refused documents of source, by URL. */
int vl_store_feed_doc_refused(struct vl_store *s, const char *source,
                              vl_feed_doc_cb cb, void *ud, struct vl_diag *d);
/* ---------------------------------- end of fetched documents section */

/* ------------------------------------ scanner reports (vl_store_scan) */
/* Section owned by scanner-report imports (lib/store/vl_store_scan.c):
 * what a Nessus, OpenVAS/GVM or Qualys report says, per scan and host, and
 * which checks it ran, so that verification can tell "not detected" from
 * "not looked for". */

/* The report as a whole (one per scan). */
struct vl_scan_report {
  const char *scanner;   /* "nessus", "openvas", "qualys" */
  const char *name;      /* the report's or task's name, or NULL */
  const char *policy;    /* the scan policy's name, or NULL */
  vl_time started, ended; /* 0 if the report does not say */
};
int vl_store_scan_report_set(const struct vl_ctx *ctx, int64_t scan_id,
                             const struct vl_scan_report *r,
                             struct vl_diag *d);

/* One host of one scan: coverage with its quality. */
struct vl_scan_hostrec {
  int64_t scan_id, asset_id;
  const char *host;      /* the host as the report names it */
  const char *asset;     /* asset name (rows handed to callbacks) */
  bool credentialed;     /* credentials were used (or an agent ran) */
  int auth_ok;           /* 1 authentication succeeded, 0 failed, -1 unknown */
  vl_time started, ended; /* 0 if not given */
  long results;          /* results recorded for the host (callbacks) */
};
/* Inserts or replaces the row of (scan, asset). */
int vl_store_scan_host_set(const struct vl_ctx *ctx,
                           const struct vl_scan_hostrec *h,
                           struct vl_diag *d);
typedef int (*vl_scan_host_cb)(void *ud, const struct vl_scan_hostrec *h);
/* The hosts of one scan of the tenant, by asset name. */
int vl_store_scan_hosts(const struct vl_ctx *ctx, int64_t scan_id,
                        vl_scan_host_cb cb, void *ud, struct vl_diag *d);

/* Records that the scan ran a check: kind "plugin" (a Nessus plugin id, an
 * OpenVAS NVT OID, a Qualys QID) or "family" (a Nessus plugin family
 * enabled by the policy). */
int vl_store_scan_check(const struct vl_ctx *ctx, int64_t scan_id,
                        const char *kind, const char *name,
                        struct vl_diag *d);
/* Whether the scan ran the check (a plugin by id, or any plugin of the
 * family when family is not NULL and the policy enabled it); false if the
 * scan is not a report of that scanner. */
int vl_store_scan_ran(const struct vl_ctx *ctx, int64_t scan_id,
                      const char *scanner, const char *plugin,
                      const char *family, bool *out, struct vl_diag *d);

/* One result of a report (a Nessus ReportItem, an OpenVAS result, a
 * Qualys row). */
struct vl_scan_result {
  int64_t scan_id, asset_id;
  const char *plugin;    /* plugin id / NVT OID / QID */
  const char *name, *family;
  int severity;          /* 0 info .. 4 critical (Qualys 1-5 mapped 0-4) */
  int port;              /* 0 when general */
  const char *proto;     /* tcp, udp, icmp; "tcp" when not given */
  const char *service;
  const char *cves;      /* comma-separated CVE ids, or NULL */
  const char *output, *solution;
  double cvss_base, cvss3_base; /* negative if not given */
  const char *cvss_vector, *cvss3_vector;
  bool credentialed;     /* a check that ran with credentials */
  double confidence;     /* 0..1, see docs/formats.md */
  const char *status;    /* the report's own status (Qualys), or NULL */
};
int vl_store_scan_result_add(const struct vl_ctx *ctx,
                             const struct vl_scan_result *r,
                             struct vl_diag *d);

/* A scanner's detection of vuln on an asset: the finding (asset, vuln, no
 * software) is inserted open or refreshed (re-opened if it was fixed), and
 * the detection (scanner, plugin, port) is recorded with it.  *created is
 * 1 for a new or re-opened finding. */
struct vl_scan_detection {
  int64_t scan_id, asset_id;
  const char *vuln;      /* CVE id */
  const char *scanner, *plugin, *family;
  int port;
  const char *proto;
  bool credentialed;
  double confidence;
  const char *evidence;  /* human readable */
};
int vl_store_scan_finding(const struct vl_ctx *ctx,
                          const struct vl_scan_detection *det, int64_t *id,
                          int *created, struct vl_diag *d);
typedef int (*vl_scan_detection_cb)(void *ud,
                                    const struct vl_scan_detection *det);
/* The detections recorded for one finding (none: not a scanner finding). */
int vl_store_finding_detections(const struct vl_ctx *ctx, int64_t finding,
                                vl_scan_detection_cb cb, void *ud,
                                struct vl_diag *d);

/* A scan with its report: for `scan list`. */
struct vl_scan_summary {
  struct vl_scan scan;
  const char *scanner;   /* NULL for an inventory import */
  const char *name, *policy;
  vl_time started, ended; /* the report's own times */
  long hosts, credentialed, auth_failed, results;
};
typedef int (*vl_scan_summary_cb)(void *ud, const struct vl_scan_summary *s);
/* Scanner-report scans of the tenant, newest first. */
int vl_store_scan_summaries(const struct vl_ctx *ctx, vl_scan_summary_cb cb,
                            void *ud, struct vl_diag *d);
/* The id of the tenant's newest scan (0 if none): an importer that wrote
 * through the inventory writer learns its scan id this way inside the
 * writer's transaction. */
int vl_store_scan_last(const struct vl_ctx *ctx, int64_t *id,
                       struct vl_diag *d);
/* The name of the tenant's asset id into buf (VL_ENOTFOUND if none). */
int vl_store_asset_name(const struct vl_ctx *ctx, int64_t id, char *buf,
                        size_t size, struct vl_diag *d);
/* ----------------------------- end of scanner reports section */

#endif
