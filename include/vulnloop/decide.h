/* ③ Decide: a priority, a due date and a plan for every open finding.
 *
 * Inputs are gathered per finding from the store, each with its source;
 * where one is unknown the decision names the value it assumed and why
 * (docs/decide.md).  Four models decide: CISA BOD 26-04 Table 1, the CISA
 * SSVC coordinator tree, the SSVC deployer tree, and the tenant's own SLA
 * table.  The tenant's policy (a JSON file, `vulnloop policy`) picks the
 * primary model, whose due date counts, and the models shown beside it.
 *
 * Ownership: all structs here are plain values with inline storage. */
#ifndef VULNLOOP_DECIDE_H
#define VULNLOOP_DECIDE_H

#include <stdbool.h>

#include "vulnloop/core.h"
#include "vulnloop/store.h"

#define VL_MODEL_BOD2604 "CISA BOD 26-04"
#define VL_MODEL_COORD "CISA SSVC coordinator"
#define VL_MODEL_DEPLOYER "SSVC deployer"
#define VL_MODEL_SLA "SLA"

/* ------------------------------------------------------------ the tables */

/* The four inputs of BOD 26-04 Table 1. */
struct vl_bod_inputs {
  bool kev;          /* listed in CISA KEV */
  bool exposed;      /* asset publicly exposed (internet-facing) */
  bool automatable;  /* SSVC Automatable */
  bool total;        /* SSVC Technical Impact: total (else partial) */
};

/* Looks up Table 1: returns the outcome words ("3 days & forensic
 * investigation", "3 days", "14 days", "60 days", "fix on system upgrade")
 * and the 0-based row number of CERT/CC's encoding; *days is 0 for "fix on
 * system upgrade". */
const char *vl_bod2604_lookup(const struct vl_bod_inputs *in, int *row,
                              int *days);

/* Exploitation: 0 none, 1 public PoC, 2 active. */
enum { VL_EXPL_NONE = 0, VL_EXPL_POC = 1, VL_EXPL_ACTIVE = 2 };

/* CISA coordinator tree: mission 0 low, 1 medium, 2 high.  Returns track,
 * track*, attend or act (NULL for an input out of range). */
const char *vl_ssvc_coordinator(int exploitation, bool automatable,
                                bool total, int mission, int *row);
/* Deployer tree: exposure 0 small, 1 controlled, 2 open; human impact 0
 * low .. 3 very high.  Returns defer, scheduled, out-of-cycle or immediate. */
const char *vl_ssvc_deployer(int exploitation, int exposure, bool automatable,
                             int human, int *row);

/* ---------------------------------------------------------------- policy */

#define VL_POLICY_RULES 32
#define VL_POLICY_HOLIDAYS 64

/* A duration as a policy writes it: "24h", "14d", "10bd" (business days in
 * the tenant's time zone), or none. */
struct vl_duration {
  int amount;          /* 0 with unit 0: no deadline */
  char unit;           /* 'h', 'd', 'b' (business days), or 0 */
};

/* One row of the SLA table: the first rule whose conditions all hold
 * decides.  A condition left at -1 (or < 0 for the minimums) is not
 * checked. */
struct vl_sla_rule {
  char name[96];
  int kev;             /* -1 any, 0 not in KEV, 1 in KEV */
  int zero_day;        /* -1 any, 0/1 */
  int exploited;       /* -1 any, 0/1: actively exploited */
  int exposure;        /* -1 any, 1 internal, 2 internet */
  int criticality;     /* -1 any, else minimum: 0 low .. 3 critical */
  double cvss_min;     /* < 0: any */
  double epss_min;     /* < 0: any */
  char priority[8];
  struct vl_duration due;
};

/* A time zone loaded from the system's tzdata (vl_tz_open). */
struct vl_tz;

struct vl_policy {
  const struct vl_tz *zone;      /* borrowed: the loaded `timezone`, set by
                                    whoever decides many findings
                                    (vl_triage_run); NULL: vl_due_add loads
                                    it on each call */
  char primary[24];              /* model id whose due date counts */
  char models[4][24];            /* model ids shown, primary first */
  int nmodels;
  char timezone[64];             /* IANA name, e.g. Asia/Tokyo */
  bool business_days;            /* count "d" as business days too */
  char holidays[VL_POLICY_HOLIDAYS][11]; /* YYYY-MM-DD, tenant-local */
  int nholidays;
  struct vl_sla_rule rules[VL_POLICY_RULES];
  int nrules;
  /* How long each SSVC outcome may take. */
  struct vl_duration coord_due[4];    /* track, track*, attend, act */
  struct vl_duration deployer_due[4]; /* defer, scheduled, out-of-cycle, immediate */
};

/* Model ids as policies name them. */
#define VL_MODEL_ID_BOD "bod-26-04"
#define VL_MODEL_ID_COORD "ssvc-coordinator"
#define VL_MODEL_ID_DEPLOYER "ssvc-deployer"
#define VL_MODEL_ID_SLA "sla"

/* The built-in policy (docs/decide.md). */
void vl_policy_default(struct vl_policy *p);
/* Parses a policy document (JSON).  Errors name the JSON path and line. */
int vl_policy_parse(const char *name, const char *text, size_t len,
                    struct vl_policy *out, struct vl_diag *d);
/* Writes the effective policy as JSON (the format vl_policy_parse reads). */
int vl_policy_to_json(const struct vl_policy *p, struct vl_buf *out);
/* The tenant's policy, or the default; *source says which. */
int vl_policy_load(const struct vl_ctx *ctx, struct vl_policy *out,
                   char *source, size_t source_size, struct vl_diag *d);
/* Validates and stores text as the tenant's policy (audited). */
int vl_policy_store(const struct vl_ctx *ctx, const char *name,
                    const char *text, size_t len, struct vl_diag *d);

/* Loads zone name (NULL or "" is UTC) once for many look-ups; caller
 * releases with vl_tz_close(). */
int vl_tz_open(const char *name, struct vl_tz **out, struct vl_diag *d);
void vl_tz_close(struct vl_tz *z);
/* The UTC offset (seconds) and abbreviation ("JST") in force in z at t. */
void vl_tz_at(const struct vl_tz *z, vl_time t, int32_t *offset,
              char abbr[8]);
/* The same for a zone by name, for one-off look-ups. */
int vl_tz_local(const char *zone, vl_time t, int32_t *offset, char abbr[8],
                struct vl_diag *d);

/* Checks that name is a time zone of the system's tzdata. */
int vl_tz_check(const char *name, struct vl_diag *d);

/* Adds a duration to t in time zone tz (business days skip Saturdays,
 * Sundays and the policy's holidays, keeping the local time of day). */
int vl_due_add(const struct vl_policy *p, vl_time t,
               const struct vl_duration *dur, vl_time *out,
               struct vl_diag *d);

/* ---------------------------------------------------------------- inputs */

/* Everything a decision may use, each with where it came from. */
struct vl_decide_inputs {
  char vuln[64];
  /* severity */
  bool has_cvss;
  double cvss;
  char cvss_src[160];            /* "CVSS 3.1 9.8 (nvd@nist.gov)" */
  char cvss_vector[256];
  bool has_epss;
  double epss, epss_percentile;
  vl_time epss_date;
  /* exploitation */
  bool kev;
  vl_time kev_added;
  bool kev_ransomware;
  int exploitation;              /* VL_EXPL_* */
  char exploitation_src[160];
  char exploitation_src_ja[200];
  bool exploitation_assumed;
  bool poc_public;               /* an exploit or PoC is published */
  /* SSVC */
  bool automatable;
  char automatable_src[300];
  char automatable_src_ja[340];
  bool automatable_assumed;
  bool total;                    /* technical impact total */
  char total_src[300];
  char total_src_ja[340];
  bool total_assumed;
  /* remediation */
  int fix;                       /* 1 a fix exists, 0 none, -1 unknown */
  char fix_src[200];
  char fix_version[64];          /* the first fixed version, when known */
  bool workaround;               /* an advisory gives a workaround */
  char workaround_src[160];
  bool zero_day;                 /* exploited and no fix */
  /* the asset */
  int exposure;                  /* 0 unknown, 1 internal, 2 internet */
  int criticality;               /* -1 unknown, 0 low .. 3 critical */
  int mission;                   /* SSVC mission impact 0..2, from criticality */
  int human;                     /* SSVC human impact 0..3, from criticality */
  int attempts;                  /* exploitation attempts seen on the asset */
  vl_time first_seen;
};

/* Reads the inputs of finding f from the store. */
int vl_decide_gather(const struct vl_ctx *ctx, const struct vl_finding *f,
                     struct vl_decide_inputs *in, struct vl_diag *d);

/* ------------------------------------------------------------- decisions */

#define VL_CLOCKS 3

/* A due item of its own, such as the forensic-triage clocks of BOD 26-04. */
struct vl_clock {
  char name[96];
  char name_ja[160];
  vl_time due;
};

struct vl_decision {
  char model[32];        /* e.g. VL_MODEL_BOD2604 */
  char decision[48];     /* the model's own outcome words */
  char priority[8];      /* P0 .. P4 */
  int rank;              /* for ordering: 0 most urgent */
  vl_time due;           /* 0: no deadline */
  char row[128];         /* which row or rule decided */
  struct vl_clock clocks[VL_CLOCKS];
  int nclocks;
};

/* Runs model id on the inputs (no store access: this is the hot path). */
int vl_decide_model(const char *model_id, const struct vl_decide_inputs *in,
                    const struct vl_policy *p, vl_time now,
                    struct vl_decision *out, struct vl_diag *d);

/* The explanation: every input, its source or assumption, the model's row
 * and the due date, in lang ("en" or "ja"). */
void vl_decision_explain(const struct vl_decision *dec,
                         const struct vl_decide_inputs *in, const char *lang,
                         char *buf, size_t size);

/* Decides one finding with the tenant's policy: out[0] is the primary
 * model's decision, out[1..] the others; *n receives how many. */
int vl_decide_finding(const struct vl_ctx *ctx, const struct vl_policy *p,
                      const struct vl_finding *f, struct vl_decide_inputs *in,
                      struct vl_decision out[4], int *n, struct vl_diag *d);

/* ------------------------------------------------------------------ plans */

/* The fix that closes a finding, for grouping findings into tickets:
 * "upgrade openssl to 1.1.1n or later", or, when no fixed version is known,
 * "no fixed version known for fortios 7.0.5: mitigate now, patch when
 * available".  *mitigate is set in the second case. */
void vl_plan_fix(const struct vl_finding *f, char *buf, size_t size,
                 bool *mitigate);

/* ----------------------------------------------------------------- triage */

struct vl_triage_stats {
  long findings;   /* open findings decided */
  long changed;    /* decisions that changed */
  long tightened;  /* of which with an earlier due date */
};

/* Decides every unresolved finding of the tenant with its policy, storing
 * each decision, the other models' outcomes and the clocks, and auditing
 * every change with its reason.  One transaction. */
int vl_triage_run(const struct vl_ctx *ctx, struct vl_triage_stats *st,
                  struct vl_diag *d);

/* ----------------------------------------------------------------- queue */

/* One thing to do: a finding's remediation, or one of its clocks. */
struct vl_queue_item {
  vl_time due;             /* 0: no deadline */
  int rank;                /* decision urgency, 0 most urgent */
  bool clock;              /* a clock rather than the remediation */
  bool overdue;            /* due before ctx->now */
  int64_t finding, ticket;
  char owner[64];          /* asset owner, "(no owner)" if none */
  char asset[128];
  char vuln[64];
  char priority[8];
  char what[160];          /* decision words, or the clock's name */
};

/* What to do next: every unresolved finding and clock of the tenant
 * (owner NULL: every owner), ordered by due date (none last), then rank,
 * then CVSS.  *out is malloc'd (caller free()s). */
int vl_queue_build(const struct vl_ctx *ctx, const char *owner,
                   struct vl_queue_item **out, size_t *n, struct vl_diag *d);

#endif
