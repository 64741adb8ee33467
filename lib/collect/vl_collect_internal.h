/* Private to lib/collect: record converters shared by the importers. */
#ifndef VL_COLLECT_INTERNAL_H
#define VL_COLLECT_INTERNAL_H

#include "vulnloop/collect.h"
#include "vulnloop/json.h"
#include "vulnloop/model.h"
#include "vulnloop/store.h"

/* State of one file's import. */
struct vl_import {
  struct vl_store *store;    /* borrowed; NULL in a pipelined import's
                                parsing thread, which never touches it */
  struct vl_feed_stats *st;  /* borrowed; the counts and format */
  const char *file;          /* borrowed; the name in messages */
  struct vl_arena *arena;    /* per record, reset between records */
  /* Set in a pipelined import's parsing thread: an NVD record converted by
   * vl_nvd2_record or vl_nvd11_record is handed to emit (v and path
   * borrowed for the call: emit copies what it keeps) instead of being
   * upserted.  NULL otherwise. */
  int (*emit)(void *ud, const struct vl_vuln *v, long line, const char *path,
              struct vl_diag *d);
  void *emit_ud;             /* emit's first argument */
};

/* Where a field lives, for messages: "$.vulnerabilities[3].cve". */
struct vl_jpath {
  char s[VL_DIAG_PATH_MAX];
};

/* Each returns 0, or an error with file, line and JSON path in d. */
int vl_nvd2_record(struct vl_import *im, const struct vl_jv *cve,
                   const char *path, long line, struct vl_diag *d);
int vl_nvd11_record(struct vl_import *im, const struct vl_jv *item,
                    const char *path, long line, struct vl_diag *d);
/* Upserts an NVD record converted earlier (v, path borrowed), counting it
 * changed or unchanged; an error names im->file, line and path. */
int vl_nvd_store(struct vl_import *im, const struct vl_vuln *v, long line,
                 const char *path, struct vl_diag *d);
/* Copies v with every string and array it points to into a, so that it
 * outlives the record's JSON tree; *out is a's.  VL_ETOOBIG past a's cap. */
int vl_vuln_copy(struct vl_arena *a, const struct vl_vuln *v,
                 struct vl_vuln **out);
int vl_cve5_record(struct vl_import *im, const struct vl_jv *rec,
                   const char *path, long line, struct vl_diag *d);
int vl_kev_json_record(struct vl_import *im, const struct vl_jv *rec,
                       const char *path, long line, struct vl_diag *d);
int vl_kev_csv_import(struct vl_import *im, struct vl_diag *d);

/* Field helpers: a missing optional field gives NULL; a field present with
 * the wrong type is an error naming its path. */
int vl_need_str(const struct vl_jv *o, const char *key, const char *path,
                const char **out, struct vl_diag *d);
int vl_opt_str(const struct vl_jv *o, const char *key, const char *path,
               const char **out, struct vl_diag *d);
int vl_need_time(const struct vl_jv *o, const char *key, const char *path,
                 vl_time *out, struct vl_diag *d);
int vl_opt_time(const struct vl_jv *o, const char *key, const char *path,
                vl_time *out, struct vl_diag *d);
int vl_opt_arr(const struct vl_jv *o, const char *key, const char *path,
               const struct vl_jv **out, struct vl_diag *d);
int vl_opt_obj(const struct vl_jv *o, const char *key, const char *path,
               const struct vl_jv **out, struct vl_diag *d);

/* Extracts part/vendor/product of a CPE criterion into the arena. */
int vl_affected_from_cpe(struct vl_import *im, struct vl_affected *a,
                         const char *path, struct vl_diag *d);

/* EPSS and exploits (vl_epss.c, vl_exploitdb.c). */
/* Whether s[0..n) is a CVE id: "CVE-" 4 digits "-" 4 or more digits. */
bool vl_cve_syntax(const char *s, size_t n);
/* A FIRST EPSS score file, any layout; the file is im->file. */
int vl_epss_csv_import(struct vl_import *im, struct vl_diag *d);
/* The Exploit Database's files_exploits.csv. */
int vl_exploitdb_csv_import(struct vl_import *im, struct vl_diag *d);
/* Whether a JSON root is Metasploit's modules_metadata_base.json (an object
 * of module objects), and its import (counts records itself). */
bool vl_msf_modules_like(const struct vl_jv *root);
int vl_msf_modules(struct vl_import *im, const struct vl_jv *root, long line,
                   struct vl_diag *d);

/* JVN iPedia (vl_jvn.c): a VULDEF document or a JVNRSS/JVNDBRSS feed,
 * told apart by the root element (other XML is refused); the file is
 * im->file; sets im->st->format and counts records itself. */
int vl_jvn_import(struct vl_import *im, struct vl_diag *d);

/* ------------------------- distribution trackers (vl_distro.c) */
/* Whether a JSON root is the Debian security tracker document (its first
 * member is a package object whose first member is keyed by a CVE or TEMP
 * id), or an Alpine secdb file ("distroversion" and "packages"); and their
 * imports from the whole root tree, which set im->st->format and count one
 * record per (release, package, CVE) statement. */
bool vl_debian_tracker_like(const struct vl_jv *root);
int vl_debian_package(struct vl_import *im, const char *name,
                      const struct vl_jv *pkg, struct vl_diag *d);
int vl_debian_tracker(struct vl_import *im, const struct vl_jv *root,
                      long line, struct vl_diag *d);
bool vl_alpine_secdb_like(const struct vl_jv *root);
int vl_alpine_secdb(struct vl_import *im, const struct vl_jv *root,
                    long line, struct vl_diag *d);
/* --------------------- end of distribution trackers section */

/* --------------------- OSV section (vl_osv.c): OSV.dev, GitHub
 * advisories (GHSA), Ubuntu's OSV records. */
/* Whether o looks like an OSV record: "id" and "modified" plus one of
 * "affected", "aliases" or "schema_version", and no CVE 5 / NVD keys. */
bool vl_osv_like(const struct vl_jv *o);
/* One OSV record: the vulnerability, its aliases and package statements;
 * counts changed/unchanged (the caller counts records). */
int vl_osv_record(struct vl_import *im, const struct vl_jv *rec,
                  const char *path, long line, struct vl_diag *d);
/* An ecosystem's all.zip (im->file): every member is an OSV record (or an
 * array of them); sets im->st->format and counts records itself. */
int vl_osv_zip_import(struct vl_import *im, struct vl_diag *d);
/* --------------------- end of OSV section */

/* --------------------- CSAF section (vl_csaf.c): CSAF 2.0/2.1 advisories
 * and VEX documents. */
/* Whether the file's first bytes hold a "csaf_version" member. */
bool vl_csaf_sniff(const char *path);
/* One CSAF document (im->file), read whole: the advisory, its vulnerability
 * records, product statements and remediations (Red Hat's also feed
 * distro_fixes); sets im->st->format and counts one record per document. */
int vl_csaf_import(struct vl_import *im, struct vl_diag *d);
/* --------------------- end of CSAF section */

#endif
