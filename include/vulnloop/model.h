/* The nouns of vulnloop (see docs/internals.md and DESIGN.md).
 *
 * These structs carry data between the phases and the store.  Every string
 * field is borrowed: it belongs to whoever filled the struct (an arena of
 * the importer, or the store's row for the duration of a callback) and must
 * be copied by a callee that keeps it. */
#ifndef VULNLOOP_MODEL_H
#define VULNLOOP_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vulnloop/core.h"

/* One CVSS vector a source published for a vulnerability. */
struct vl_cvss_rec {
  const char *version;  /* "2.0", "3.0", "3.1", "4.0" */
  const char *source;   /* "nvd@nist.gov", a CNA's address, ... */
  const char *type;     /* "Primary" or "Secondary" */
  const char *vector;   /* the vector string */
  double base_score;    /* as published */
  const char *severity; /* as published, upper case */
};

/* One CPE match criterion inside an NVD configuration: the configuration
 * number groups nodes (combined with config_op), the node groups criteria
 * (combined with node_op, possibly negated). */
struct vl_affected {
  int config;             /* 0-based configuration index */
  const char *config_op;  /* "AND" or "OR" */
  bool config_negate;
  int node;               /* 0-based node index within the configuration */
  const char *node_op;    /* "AND" or "OR" */
  bool node_negate;
  bool vulnerable;        /* false = platform-only criterion */
  const char *criterion;  /* cpe:2.3 formatted string */
  const char *part;       /* "a", "o" or "h", from the criterion */
  const char *vendor;     /* lower case, unescaped, from the criterion */
  const char *product;    /* lower case, unescaped, from the criterion */
  const char *match_id;   /* NVD matchCriteriaId, may be NULL */
  const char *start_incl, *start_excl, *end_incl, *end_excl; /* or NULL */
};

struct vl_vuln {
  const char *id;          /* CVE-2022-0778 */
  const char *source;      /* "nvd", "cve5", ... */
  const char *status;      /* vulnStatus */
  vl_time published;
  vl_time modified;        /* lastModified: newer replaces older */
  const char *title;       /* may be NULL */
  const char *desc_en;     /* may be NULL */
  const char *desc_ja;     /* may be NULL */
  const char *cwe;         /* comma-separated CWE ids, may be NULL */
  vl_time kev_added;       /* cisaExploitAdd, 0 if absent */
  vl_time kev_due;         /* cisaActionDue, 0 if absent */
  const char *kev_action;  /* cisaRequiredAction */
  const char *raw_sha256;  /* of the record's bytes, for provenance */
  struct vl_cvss_rec *cvss;
  size_t n_cvss;
  struct vl_affected *affected;
  size_t n_affected;
  const char **refs;       /* reference URLs */
  size_t n_refs;
};

/* One entry of the CISA KEV catalogue. */
struct vl_kev {
  const char *cve;
  const char *vendor, *product, *name, *description, *action, *notes;
  vl_time date_added, due_date;
  bool ransomware;         /* knownRansomwareCampaignUse == "Known" */
  const char *cwes;
  const char *catalog_version;
};

/* SSVC inputs for a vulnerability, and who said so. */
struct vl_ssvc {
  const char *cve;
  const char *exploitation;     /* none, poc, active */
  const char *automatable;      /* yes, no */
  const char *technical_impact; /* partial, total */
  const char *source;
  vl_time timestamp;
};

enum vl_exposure { VL_EXPOSURE_UNKNOWN = 0, VL_EXPOSURE_INTERNAL, VL_EXPOSURE_INTERNET };

struct vl_asset {
  int64_t id;
  const char *name;
  const char *address, *type, *os, *owner, *environment, *tags, *source;
  enum vl_exposure exposure;
  const char *criticality;  /* low, medium, high, critical, or NULL */
  vl_time first_seen, last_seen;
  /* The platform, from /etc/os-release or an inventory that names it:
   * distribution id ("debian", "rhel", "alpine", "ubuntu"), its release
   * ("12", "9.4", "3.19", "22.04") and the OS CPE. */
  const char *distro, *release, *os_cpe;
  const char *custom;       /* extra inventory fields, a JSON object text */
};

/* A product installed on an asset: a CPE-named product (CMDB, Nmap), a
 * package (dpkg, rpm, apk, SBOM component with a purl), or both. */
struct vl_software {
  int64_t id;
  int64_t asset_id;
  const char *ident;    /* unique per asset: the importer's key (NULL: the
                         * purl if any, else the CPE) */
  const char *origin;   /* which inventory lists it: cmdb, sbom, dpkg, rpm,
                         * apk, nmap, scan; a re-import of one origin
                         * removes only that origin's software */
  const char *cpe;      /* cpe:2.3 formatted string, or NULL */
  const char *vendor, *product, *version; /* lower case; vendor may be NULL */
  const char *scheme;   /* version scheme name, "generic" for CPE */
  const char *purl;     /* package URL, or NULL */
  const char *ecosystem; /* purl type or package format: deb, rpm, apk, npm,
                          * pypi, maven, golang, cargo, nuget, gem,
                          * composer; NULL for a CPE-only product */
  const char *name;     /* package name (binary package for deb/rpm/apk) */
  const char *source_name, *source_version; /* deb/rpm source package */
  const char *arch;
  int64_t seen_scan;    /* the scan (import) that last listed it */
  vl_time first_seen, last_seen;
  vl_time removed;      /* 0 while installed */
};

/* An open network port on an asset (Nmap, asset collect, scanners). */
struct vl_port {
  int64_t asset_id;
  const char *proto;    /* tcp, udp */
  int port;
  const char *state;    /* open, listening */
  const char *service, *product, *version, *cpe;
  const char *origin;
  int64_t seen_scan;
  vl_time last_seen;
};

/* A package's own statement that a vulnerability is fixed in the installed
 * version (a Debian changelog, an RPM changelog): backport evidence. */
struct vl_fix_evidence {
  int64_t asset_id;
  int64_t software_id;
  const char *vuln;     /* CVE id */
  const char *kind;     /* changelog */
  const char *version;  /* the changelog entry's version */
  const char *file;     /* where it was read */
  long line;
};

/* Finding status. */
#define VL_FINDING_OPEN "open"
#define VL_FINDING_MITIGATED "mitigated"
#define VL_FINDING_FIXED "fixed"          /* re-scan: not detected */
#define VL_FINDING_ACCEPTED "accepted"

struct vl_finding {
  int64_t id;
  int64_t asset_id;
  const char *asset;      /* asset name */
  const char *vuln;       /* CVE id */
  int64_t software_id;
  const char *cpe;        /* installed product */
  const char *version;    /* installed version */
  const char *status;
  const char *evidence;   /* why it matched, human readable */
  const char *criterion;  /* the NVD criterion that matched */
  const char *bound;      /* e.g. ">= 1.1.0, < 1.1.1n" */
  double confidence;      /* 0..1 */
  vl_time first_seen, last_seen, fixed_at;
  const char *priority;   /* decision summary, e.g. "P1" */
  const char *model;      /* decision model */
  const char *decision;   /* the model's own outcome words */
  vl_time due;            /* 0 if none */
  const char *explain;    /* the decision, explained (English) */
  const char *explain_ja; /* the same in Japanese */
  int64_t ticket_id;      /* 0 if none */
  const char *exposure;   /* asset exposure, for display */
  const char *owner;      /* asset owner */
  const char *criticality;/* asset criticality */
  int rank;               /* decision urgency, 0 most urgent */
  const char *source;     /* the matcher's source: nvd, osv, distro,
                           * changelog, csaf; NULL for a scanner's */
  const char *fix_version;/* the version the statement says fixes it */
  const char *package;    /* the package, for a package finding */
  const char *source_package; /* its source package (deb, rpm, apk) */
  const char *statement;  /* the matcher's statement, in words */
  bool in_kev;            /* the vulnerability is in CISA KEV */
};

/* Ticket states. */
#define VL_TICKET_OPEN "open"
#define VL_TICKET_IN_PROGRESS "in_progress"
#define VL_TICKET_MITIGATED "mitigated"
#define VL_TICKET_RESOLVED "resolved"
#define VL_TICKET_VERIFIED "verified"
#define VL_TICKET_CLOSED "closed"
#define VL_TICKET_ACCEPTED "accepted"

struct vl_ticket {
  int64_t id;
  const char *vuln;       /* CVE id */
  const char *fix;        /* the fix that closes it, e.g. "openssl >= 1.1.1n" */
  const char *state;
  const char *owner;
  const char *plan;       /* patch, mitigate, accept */
  vl_time due;
  const char *title;
  const char *external_ref;
  vl_time created, updated;
  int n_findings;         /* findings in the ticket */
  int n_open;             /* of which not yet fixed */
};

struct vl_action {
  int64_t id;
  int64_t ticket_id;
  const char *kind;       /* patch, upgrade, waf, firewall, config, signature, service-stop */
  const char *note;
  const char *actor;
  vl_time at;
  vl_time expires;        /* 0: permanent */
};

struct vl_audit_event {
  int64_t id;
  vl_time at;
  const char *actor;
  const char *action;      /* e.g. "ticket.state" */
  const char *object_type; /* "ticket", "finding", ... */
  int64_t object_id;
  const char *before;      /* JSON, may be NULL */
  const char *after;       /* JSON, may be NULL */
  const char *prev_hash, *hash;
};

struct vl_scan {
  int64_t id;
  const char *kind;     /* "inventory", "nessus", ... */
  const char *source;   /* file name */
  vl_time started, finished;
  int n_assets;         /* assets covered */
  bool success;
};

#endif
