/* SSVC decision tables: the CISA coordinator tree (v2.0.3) and the deployer
 * patch-application priority tree (v1.0.0), as encoded by CERT/CC
 * (data/csv); tests/unit/test_decide.c checks every row against those
 * files. */
#include <string.h>

#include "vulnloop/decide.h"

/* Index: exploitation (none, poc, active) x automatable (no, yes) x
 * technical impact (partial, total) x mission impact (low, medium, high). */
static const char *const coordinator[36] = {
    "track", "track", "track",
    "track", "track", "track*",
    "track", "track", "attend",
    "track", "track", "attend",
    "track", "track", "track*",
    "track", "track*", "attend",
    "track", "track", "attend",
    "track", "track*", "attend",
    "track", "track", "attend",
    "track", "attend", "act",
    "attend", "attend", "act",
    "attend", "act", "act"};

/* Index: exploitation x system exposure (small, controlled, open) x
 * automatable (no, yes) x human impact (low, medium, high, very high). */
static const char *const deployer[72] = {
    "defer", "defer", "scheduled", "scheduled",
    "defer", "scheduled", "scheduled", "scheduled",
    "defer", "scheduled", "scheduled", "scheduled",
    "scheduled", "scheduled", "scheduled", "scheduled",
    "defer", "scheduled", "scheduled", "scheduled",
    "scheduled", "scheduled", "scheduled", "out-of-cycle",
    "defer", "scheduled", "scheduled", "scheduled",
    "scheduled", "scheduled", "scheduled", "scheduled",
    "defer", "scheduled", "scheduled", "scheduled",
    "scheduled", "scheduled", "scheduled", "out-of-cycle",
    "scheduled", "scheduled", "scheduled", "out-of-cycle",
    "scheduled", "scheduled", "out-of-cycle", "out-of-cycle",
    "scheduled", "scheduled", "out-of-cycle", "out-of-cycle",
    "scheduled", "out-of-cycle", "out-of-cycle", "out-of-cycle",
    "scheduled", "scheduled", "out-of-cycle", "out-of-cycle",
    "out-of-cycle", "out-of-cycle", "out-of-cycle", "out-of-cycle",
    "scheduled", "out-of-cycle", "out-of-cycle", "immediate",
    "out-of-cycle", "out-of-cycle", "immediate", "immediate"};

const char *vl_ssvc_coordinator(int exploitation, bool automatable,
                                bool total, int mission, int *row) {
  if (exploitation < 0 || exploitation > 2 || mission < 0 || mission > 2)
    return NULL;
  int i = ((exploitation * 2 + automatable) * 2 + total) * 3 + mission;
  if (row) *row = i;
  return coordinator[i];
}

const char *vl_ssvc_deployer(int exploitation, int exposure, bool automatable,
                             int human, int *row) {
  if (exploitation < 0 || exploitation > 2 || exposure < 0 || exposure > 2 ||
      human < 0 || human > 3)
    return NULL;
  int i = ((exploitation * 3 + exposure) * 2 + automatable) * 4 + human;
  if (row) *row = i;
  return deployer[i];
}
