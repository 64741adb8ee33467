/* ③ Decide: a priority, a due date and a plan for every open finding.
 *
 * The model is CISA BOD 26-04 (its Table 1 is built in, see
 * docs/decide.md).  Its four inputs come from the store: KEV membership,
 * the asset's exposure, and SSVC "automatable" and "technical impact" from
 * CISA's Vulnrichment.  Where SSVC is missing the inputs are derived from
 * the best CVSS vector, and where that is missing too the worse value is
 * assumed; every decision says which inputs were assumed and why. */
#ifndef VULNLOOP_DECIDE_H
#define VULNLOOP_DECIDE_H

#include <stdbool.h>

#include "vulnloop/core.h"
#include "vulnloop/store.h"

#define VL_MODEL_BOD2604 "CISA BOD 26-04"

/* The four inputs of BOD 26-04 Table 1. */
struct vl_bod_inputs {
  bool kev;          /* listed in CISA KEV */
  bool exposed;      /* asset publicly exposed (internet-facing) */
  bool automatable;  /* SSVC Automatable */
  bool total;        /* SSVC Technical Impact: total (else partial) */
};

/* Looks up Table 1: returns the outcome words ("3 days & forensic
 * investigation", "3 days", "14 days", "60 days", "fix on system upgrade")
 * and the 0-based row number of the CERT/CC encoding; *days is 0 for
 * "fix on system upgrade". */
const char *vl_bod2604_lookup(const struct vl_bod_inputs *in, int *row,
                              int *days);

struct vl_decision {
  char model[48];        /* VL_MODEL_BOD2604 */
  char decision[48];     /* the model's outcome words */
  char priority[4];      /* P1 (3 days) .. P4 (on upgrade) */
  vl_time due;           /* 0: no deadline */
  char explain[1024];    /* why, with every input and its source */
};

/* Decides one finding; vulnerability facts come from the store. */
int vl_decide_finding(const struct vl_ctx *ctx, const struct vl_finding *f,
                      struct vl_decision *out, struct vl_diag *d);

/* The fix that closes a finding, for grouping findings into tickets:
 * "upgrade openssl to 1.1.1n or later".  Written into buf. */
void vl_plan_fix(const struct vl_finding *f, char *buf, size_t size);

struct vl_triage_stats {
  long findings;   /* open findings decided */
  long changed;    /* decisions that changed */
};

/* Decides every unresolved finding of the tenant, storing each decision
 * and auditing every change.  One transaction. */
int vl_triage_run(const struct vl_ctx *ctx, struct vl_triage_stats *st,
                  struct vl_diag *d);

#endif
