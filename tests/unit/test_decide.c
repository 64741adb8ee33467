/* lib/decide: BOD 26-04 Table 1, every row of CERT/CC's encoding. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/decide.h"

/* Reads ../shared/data/ssvc/cisa_bod_26_04_1_0_0.csv: row,kev,exposure,
 * automatable,technical impact,outcome. */
static void test_every_bod_row(void **state) {
  (void)state;
  const char *dir = getenv("VL_SHARED_DATA");
  assert_non_null(dir);
  char path[1024];
  snprintf(path, sizeof(path), "%s/ssvc/cisa_bod_26_04_1_0_0.csv", dir);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  char line[512];
  int rows = 0, bad = 0;
  assert_non_null(fgets(line, sizeof(line), f)); /* header */
  while (fgets(line, sizeof(line), f)) {
    line[strcspn(line, "\r\n")] = '\0';
    char *field[6];
    int n = 0;
    char *p = line;
    while (n < 6) {
      field[n++] = p;
      char *c = strchr(p, ',');
      if (!c) break;
      *c = '\0';
      p = c + 1;
    }
    assert_int_equal(n, 6);
    struct vl_bod_inputs in = {
        !strcmp(field[1], "yes"), !strcmp(field[2], "yes"),
        !strcmp(field[3], "yes"), !strcmp(field[4], "total")};
    int row = -1, days = -1;
    const char *out = vl_bod2604_lookup(&in, &row, &days);
    if (!out || strcmp(out, field[5]) || row != atoi(field[0])) {
      fprintf(stderr, "row %s: expected '%s', got '%s' (row %d)\n", field[0],
              field[5], out ? out : "(null)", row);
      bad++;
    }
    int want_days = !strncmp(field[5], "3 days", 6)    ? 3
                    : !strcmp(field[5], "14 days")      ? 14
                    : !strcmp(field[5], "60 days")      ? 60
                                                        : 0;
    if (days != want_days) {
      fprintf(stderr, "row %s: %d days, expected %d\n", field[0], days,
              want_days);
      bad++;
    }
    rows++;
  }
  fclose(f);
  printf("BOD 26-04: %d rows checked\n", rows);
  assert_int_equal(rows, 16);
  assert_int_equal(bad, 0);
}

static void test_plan_fix_from_bound(void **state) {
  (void)state;
  struct vl_finding f = {0};
  char buf[256];
  f.criterion = "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*";
  f.bound = ">= 1.1.0, < 1.1.1n";
  vl_plan_fix(&f, buf, sizeof(buf));
  assert_string_equal(buf, "upgrade openssl to 1.1.1n or later");
  f.bound = ">= 5.0.0, <= 5.0.14";
  vl_plan_fix(&f, buf, sizeof(buf));
  assert_string_equal(buf, "upgrade openssl to a version later than 5.0.14");
  f.bound = NULL;
  f.version = "r81";
  f.criterion = "cpe:2.3:o:checkpoint:quantum_spark_firmware:r81:*:*:*:*:*:*:*";
  vl_plan_fix(&f, buf, sizeof(buf));
  assert_string_equal(buf, "apply the vendor fix for quantum_spark_firmware r81");
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_bod_row),
      cmocka_unit_test(test_plan_fix_from_bound),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
