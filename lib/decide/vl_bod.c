/* CISA BOD 26-04 (10 June 2026), Table 1: remediation timelines.
 *
 * Rows as in CERT/CC's SSVC encoding (data/csv/cisa_bod_26_04_1_0_0.csv);
 * tests/unit/test_decide.c checks every row of that file against this
 * table. */
#include <string.h>

#include "vulnloop/decide.h"

static const struct {
  bool kev, exposed, automatable, total;
  const char *outcome;
  int days;
} table[16] = {
    {0, 0, 0, 0, "fix on system upgrade", 0},
    {1, 0, 0, 0, "14 days", 14},
    {0, 1, 0, 0, "60 days", 60},
    {0, 0, 1, 0, "60 days", 60},
    {0, 0, 0, 1, "fix on system upgrade", 0},
    {1, 1, 0, 0, "14 days", 14},
    {1, 0, 1, 0, "14 days", 14},
    {0, 1, 1, 0, "14 days", 14},
    {1, 0, 0, 1, "14 days", 14},
    {0, 1, 0, 1, "14 days", 14},
    {0, 0, 1, 1, "60 days", 60},
    {1, 1, 1, 0, "3 days", 3},
    {1, 1, 0, 1, "3 days & forensic investigation", 3},
    {1, 0, 1, 1, "3 days & forensic investigation", 3},
    {0, 1, 1, 1, "3 days", 3},
    {1, 1, 1, 1, "3 days & forensic investigation", 3},
};

const char *vl_bod2604_lookup(const struct vl_bod_inputs *in, int *row,
                              int *days) {
  for (int i = 0; i < 16; i++)
    if (table[i].kev == in->kev && table[i].exposed == in->exposed &&
        table[i].automatable == in->automatable && table[i].total == in->total) {
      if (row) *row = i;
      if (days) *days = table[i].days;
      return table[i].outcome;
    }
  return NULL; /* unreachable: the table is complete */
}
