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

/* Splits a CSV line of simple fields (no quotes) in place. */
static int split(char *line, char **field, int max) {
  int n = 0;
  char *p = line;
  line[strcspn(line, "\r\n")] = '\0';
  while (n < max) {
    field[n++] = p;
    char *c = strchr(p, ',');
    if (!c) break;
    *c = '\0';
    p = c + 1;
  }
  return n;
}

static int level(const char *v, const char *const *words, int n) {
  for (int i = 0; i < n; i++)
    if (!strcmp(v, words[i])) return i;
  return -1;
}

static void test_every_ssvc_row(void **state) {
  (void)state;
  static const char *const expl[] = {"none", "public poc", "active"};
  static const char *const lmh[] = {"low", "medium", "high"};
  static const char *const exposure[] = {"small", "controlled", "open"};
  static const char *const human[] = {"low", "medium", "high", "very high"};
  const char *dir = getenv("VL_SHARED_DATA");
  char path[1024], line[512];
  int rows = 0, bad = 0;
  snprintf(path, sizeof(path), "%s/ssvc/cisa_coordinator_2_0_3.csv", dir);
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  assert_non_null(fgets(line, sizeof(line), f));
  while (fgets(line, sizeof(line), f)) {
    char *x[6];
    assert_int_equal(split(line, x, 6), 6);
    int row = -1;
    const char *o = vl_ssvc_coordinator(level(x[1], expl, 3), !strcmp(x[2], "yes"),
                                        !strcmp(x[3], "total"),
                                        level(x[4], lmh, 3), &row);
    if (!o || strcmp(o, x[5]) || row != atoi(x[0])) {
      fprintf(stderr, "coordinator row %s: expected %s, got %s\n", x[0], x[5],
              o ? o : "(null)");
      bad++;
    }
    rows++;
  }
  fclose(f);
  assert_int_equal(rows, 36);
  snprintf(path, sizeof(path), "%s/ssvc/deployer_patch_application_priority_1_0_0.csv", dir);
  f = fopen(path, "r");
  assert_non_null(f);
  assert_non_null(fgets(line, sizeof(line), f));
  while (fgets(line, sizeof(line), f)) {
    char *x[6];
    assert_int_equal(split(line, x, 6), 6);
    int row = -1;
    const char *o = vl_ssvc_deployer(level(x[1], expl, 3), level(x[2], exposure, 3),
                                     !strcmp(x[3], "yes"), level(x[4], human, 4),
                                     &row);
    if (!o || strcmp(o, x[5]) || row != atoi(x[0])) {
      fprintf(stderr, "deployer row %s: expected %s, got %s\n", x[0], x[5],
              o ? o : "(null)");
      bad++;
    }
    rows++;
  }
  fclose(f);
  printf("SSVC: %d rows checked (coordinator 36, deployer 72)\n", rows);
  assert_int_equal(rows, 36 + 72);
  assert_int_equal(bad, 0);
}

static vl_time at(const char *s) {
  vl_time t;
  assert_int_equal(vl_time_parse(s, &t), 0);
  return t;
}

static void test_business_days_in_tokyo(void **state) {
  (void)state;
  struct vl_policy p;
  vl_policy_default(&p);
  snprintf(p.timezone, sizeof(p.timezone), "Asia/Tokyo");
  struct vl_diag d;
  vl_diag_clear(&d);
  vl_time out;
  /* Friday 2026-11-20 17:00 JST (08:00 UTC) + 1 business day = Monday
   * 2026-11-23 17:00 JST... which is Labour Thanksgiving Day when listed
   * as a holiday, so Tuesday. */
  struct vl_duration one_bd = {1, 'b'};
  assert_int_equal(vl_due_add(&p, at("2026-11-20T08:00:00Z"), &one_bd, &out, &d), 0);
  assert_int_equal(out, at("2026-11-23T08:00:00Z"));
  /* The same with the zone loaded once (as triage does for a whole run). */
  struct vl_tz *tokyo;
  assert_int_equal(vl_tz_open("Asia/Tokyo", &tokyo, &d), 0);
  p.zone = tokyo;
  assert_int_equal(vl_due_add(&p, at("2026-11-20T08:00:00Z"), &one_bd, &out, &d), 0);
  assert_int_equal(out, at("2026-11-23T08:00:00Z"));
  p.zone = NULL;
  vl_tz_close(tokyo);
  snprintf(p.holidays[p.nholidays++], 11, "2026-11-23");
  assert_int_equal(vl_due_add(&p, at("2026-11-20T08:00:00Z"), &one_bd, &out, &d), 0);
  assert_int_equal(out, at("2026-11-24T08:00:00Z"));
  /* Friday 23:30 JST is Friday 14:30 UTC: the local weekday decides. */
  assert_int_equal(vl_due_add(&p, at("2026-11-20T14:30:00Z"), &one_bd, &out, &d), 0);
  assert_int_equal(out, at("2026-11-24T14:30:00Z"));
  /* Calendar hours and days ignore the calendar. */
  struct vl_duration h24 = {24, 'h'}, d3 = {3, 'd'}, none = {0, 0};
  assert_int_equal(vl_due_add(&p, at("2026-11-20T08:00:00Z"), &h24, &out, &d), 0);
  assert_int_equal(out, at("2026-11-21T08:00:00Z"));
  assert_int_equal(vl_due_add(&p, at("2026-11-20T08:00:00Z"), &d3, &out, &d), 0);
  assert_int_equal(out, at("2026-11-23T08:00:00Z"));
  /* ... unless the policy counts every day as a business day. */
  p.business_days = true;
  assert_int_equal(vl_due_add(&p, at("2026-11-20T08:00:00Z"), &d3, &out, &d), 0);
  assert_int_equal(out, at("2026-11-26T08:00:00Z"));
  assert_int_equal(vl_due_add(&p, at("2026-11-20T08:00:00Z"), &none, &out, &d), 0);
  assert_int_equal(out, 0);
  /* New York keeps its local time of day across the end of DST
   * (2026-11-01): Friday 2026-10-30 09:00 EDT (13:00 UTC) + 2 business
   * days = Tuesday 2026-11-03 09:00 EST (14:00 UTC). */
  snprintf(p.timezone, sizeof(p.timezone), "America/New_York");
  p.nholidays = 0;
  struct vl_duration two_bd = {2, 'b'};
  assert_int_equal(vl_due_add(&p, at("2026-10-30T13:00:00Z"), &two_bd, &out, &d), 0);
  assert_int_equal(out, at("2026-11-03T14:00:00Z"));
  int32_t off;
  char abbr[8];
  assert_int_equal(vl_tz_local("Asia/Tokyo", at("2026-11-20T08:00:00Z"), &off, abbr, &d), 0);
  assert_int_equal(off, 9 * 3600);
  assert_string_equal(abbr, "JST");
  assert_int_equal(vl_tz_local("America/New_York", at("2026-10-30T13:00:00Z"), &off, abbr, &d), 0);
  assert_int_equal(off, -4 * 3600);
  assert_string_equal(abbr, "EDT");
  assert_int_equal(vl_tz_local("America/New_York", at("2026-11-03T14:00:00Z"), &off, abbr, &d), 0);
  assert_int_equal(off, -5 * 3600);
  assert_string_equal(abbr, "EST");
  assert_int_equal(vl_tz_local("UTC", at("2026-11-03T14:00:00Z"), &off, abbr, &d), 0);
  assert_int_equal(off, 0);
  assert_int_equal(vl_tz_check("Mars/Olympus", &d), VL_ENOTFOUND);
  assert_int_equal(vl_tz_check("../../etc/passwd", &d), VL_EINVAL);
}

static struct vl_decide_inputs story_inputs(void) {
  struct vl_decide_inputs in;
  memset(&in, 0, sizeof(in));
  in.first_seen = at("2026-11-16T09:00:00Z");
  in.criticality = 3;
  in.mission = 2;
  in.human = 3;
  return in;
}

/* The stories of the demo, as decisions. */
static void test_story_zero_day_vpn(void **state) {
  (void)state;
  struct vl_policy p;
  vl_policy_default(&p);
  struct vl_decide_inputs in = story_inputs();
  in.kev = true;
  in.kev_added = at("2026-11-16T07:00:00Z");
  in.exploitation = VL_EXPL_ACTIVE;
  in.automatable = in.total = true;
  in.exposure = 2;
  in.fix = 0;
  in.zero_day = true;
  struct vl_decision dec;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_decide_model(VL_MODEL_ID_BOD, &in, &p, in.first_seen, &dec, &d), 0);
  assert_string_equal(dec.decision, "3 days & forensic investigation");
  assert_int_equal(dec.due, at("2026-11-19T09:00:00Z"));
  /* The three forensic clocks count from the later of the KEV addition and
   * the detection. */
  assert_int_equal(dec.nclocks, 3);
  assert_int_equal(dec.clocks[0].due, at("2026-11-16T11:00:00Z"));
  assert_int_equal(dec.clocks[1].due, at("2026-11-17T09:00:00Z"));
  assert_int_equal(dec.clocks[2].due, at("2026-11-19T09:00:00Z"));
  assert_int_equal(vl_decide_model(VL_MODEL_ID_SLA, &in, &p, in.first_seen, &dec, &d), 0);
  assert_string_equal(dec.decision, "zero-day on an internet-facing asset");
  assert_string_equal(dec.priority, "P0");
  assert_int_equal(dec.due, at("2026-11-17T09:00:00Z"));
  assert_int_equal(vl_decide_model(VL_MODEL_ID_COORD, &in, &p, in.first_seen, &dec, &d), 0);
  assert_string_equal(dec.decision, "act");
  assert_int_equal(vl_decide_model(VL_MODEL_ID_DEPLOYER, &in, &p, in.first_seen, &dec, &d), 0);
  assert_string_equal(dec.decision, "immediate");
  char buf[4096];
  vl_decision_explain(&dec, &in, "en", buf, sizeof(buf));
  assert_non_null(strstr(buf, "zero-day"));
}

static void test_story_openssl_dos_internal_then_kev(void **state) {
  (void)state;
  struct vl_policy p;
  vl_policy_default(&p);
  struct vl_decide_inputs in = story_inputs();
  in.automatable = true; /* AV:N/AC:L/PR:N/UI:N */
  in.total = false;      /* availability only */
  in.exposure = 1;
  in.fix = 1;
  struct vl_decision dec;
  struct vl_diag d;
  vl_diag_clear(&d);
  assert_int_equal(vl_decide_model(VL_MODEL_ID_BOD, &in, &p, in.first_seen, &dec, &d), 0);
  assert_string_equal(dec.decision, "60 days");
  vl_time before = dec.due;
  assert_int_equal(before, at("2027-01-15T09:00:00Z"));
  /* Added to KEV four days later: 14 days from the addition. */
  in.kev = true;
  in.kev_added = at("2026-11-20T00:00:00Z");
  in.exploitation = VL_EXPL_ACTIVE;
  assert_int_equal(vl_decide_model(VL_MODEL_ID_BOD, &in, &p, in.first_seen, &dec, &d), 0);
  assert_string_equal(dec.decision, "14 days");
  assert_int_equal(dec.due, at("2026-12-04T00:00:00Z"));
  assert_true(dec.due < before);
}

static void test_policy_errors_name_the_path(void **state) {
  (void)state;
  struct vl_policy p;
  struct vl_diag d;
  static const char *bad[][2] = {
      {"{\"primary\": \"cvss\"}", "$.primary"},
      {"{\"timezone\": \"Mars/Olympus\"}", "$.timezone"},
      {"{\"sla\": [{\"priority\": \"P1\", \"due\": \"7x\"}]}", "$.sla[0].due"},
      {"{\"sla\": [{\"priority\": \"P1\", \"due\": \"7d\",\n \"if\": {\"cvss\": 9}}]}",
       "$.sla[0].if.cvss"},
      {"{\"holidays\": [\"2026-02-30x\"]}", "$.holidays[0]"},
      {"{\"colour\": 1}", "$.colour"},
      {"[1]", "$"},
  };
  for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
    vl_diag_clear(&d);
    int rc = vl_policy_parse("p.json", bad[i][0], strlen(bad[i][0]), &p, &d);
    if (rc == 0 || strcmp(d.path, bad[i][1]) != 0)
      fprintf(stderr, "case %zu: rc %d path '%s' msg '%s'\n", i, rc, d.path, d.msg);
    assert_int_not_equal(rc, 0);
    assert_string_equal(d.path, bad[i][1]);
    assert_string_equal(d.file, "p.json");
  }
  vl_diag_clear(&d);
  assert_int_equal(vl_policy_parse("p.json", "{\"primary\": ", 12, &p, &d), VL_EPARSE);
  /* The default policy written out parses back to the same policy (compared
   * through its written form: structs have padding). */
  struct vl_policy def, back;
  vl_policy_default(&def);
  struct vl_buf b, b2;
  vl_buf_init(&b, 1 << 20);
  vl_buf_init(&b2, 1 << 20);
  int rc1 = vl_policy_to_json(&def, &b);
  int rc2 = vl_policy_parse("default", b.data, b.len, &back, &d);
  int rc3 = vl_policy_to_json(&back, &b2);
  bool same = b.len == b2.len && b.len && !memcmp(b.data, b2.data, b.len);
  vl_buf_free(&b);
  vl_buf_free(&b2);
  assert_int_equal(rc1, 0);
  assert_int_equal(rc2, 0);
  assert_int_equal(rc3, 0);
  assert_true(same);
  assert_int_equal(back.nrules, def.nrules);
  assert_int_equal(back.rules[0].due.amount, 24);
  assert_int_equal(back.rules[0].due.unit, 'h');
}

static void test_plan_fix_from_bound(void **state) {
  (void)state;
  struct vl_finding f = {0};
  char buf[256];
  f.criterion = "cpe:2.3:a:openssl:openssl:*:*:*:*:*:*:*:*";
  f.bound = ">= 1.1.0, < 1.1.1n";
  bool mitigate = true;
  vl_plan_fix(&f, buf, sizeof(buf), &mitigate);
  assert_string_equal(buf, "upgrade openssl to 1.1.1n or later");
  assert_false(mitigate);
  f.bound = ">= 5.0.0, <= 5.0.14";
  vl_plan_fix(&f, buf, sizeof(buf), &mitigate);
  assert_string_equal(buf, "no fixed version known for openssl up to 5.0.14: "
                           "mitigate now, patch when available");
  assert_true(mitigate);
  f.bound = NULL;
  f.version = "r81";
  f.criterion = "cpe:2.3:o:checkpoint:quantum_spark_firmware:r81:*:*:*:*:*:*:*";
  vl_plan_fix(&f, buf, sizeof(buf), &mitigate);
  assert_string_equal(buf, "no fixed version known for quantum_spark_firmware "
                           "r81: mitigate now, patch when available");
  assert_true(mitigate);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_every_bod_row),
      cmocka_unit_test(test_plan_fix_from_bound),
      cmocka_unit_test(test_every_ssvc_row),
      cmocka_unit_test(test_business_days_in_tokyo),
      cmocka_unit_test(test_story_zero_day_vpn),
      cmocka_unit_test(test_story_openssl_dos_internal_then_kev),
      cmocka_unit_test(test_policy_errors_name_the_path),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
