/* UTC time: parsing ISO 8601 / RFC 3339 and formatting. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/core.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
 * days_from_civil). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = (unsigned)(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int *y, int *m, int *d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = (unsigned)(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t yy = (int64_t)yoe + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = (int)(doy - (153 * mp + 2) / 5 + 1);
  *m = (int)(mp < 10 ? mp + 3 : mp - 9);
  *y = (int)(yy + (*m <= 2));
}

static int digits(const char **p, int n, int *out) {
  int v = 0;
  for (int i = 0; i < n; i++) {
    if (!isdigit((unsigned char)(*p)[i])) return -1;
    v = v * 10 + ((*p)[i] - '0');
  }
  *p += n;
  *out = v;
  return 0;
}

int vl_time_parse(const char *s, vl_time *out) {
  const char *p = s;
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!s) return VL_EINVAL;
  while (*p == ' ') p++;
  if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
      digits(&p, 2, &d))
    return VL_EPARSE;
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return VL_ERANGE;
  int64_t off = 0;
  if (*p == 'T' || *p == 't' || *p == ' ') {
    p++;
    if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
      return VL_EPARSE;
    if (*p == ':') {
      p++;
      if (digits(&p, 2, &se)) return VL_EPARSE;
      if (*p == '.' || *p == ',') {
        p++;
        while (isdigit((unsigned char)*p)) p++;
      }
    }
    if (h > 24 || mi > 59 || se > 60) return VL_ERANGE;
    if (*p == 'Z' || *p == 'z') {
      p++;
    } else if (*p == '+' || *p == '-') {
      int sign = *p == '-' ? -1 : 1, oh, om = 0;
      p++;
      if (digits(&p, 2, &oh)) return VL_EPARSE;
      if (*p == ':') p++;
      if (isdigit((unsigned char)*p) && digits(&p, 2, &om)) return VL_EPARSE;
      off = sign * (oh * 3600 + om * 60);
    }
  }
  while (*p == ' ') p++;
  if (*p) return VL_EPARSE;
  *out = days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 + h * 3600 +
         mi * 60 + se - off;
  return 0;
}

vl_time vl_time_now(void) {
  const char *env = getenv("VULNLOOP_NOW");
  vl_time t;
  if (env && *env && vl_time_parse(env, &t) == 0) return t;
  return (vl_time)time(NULL);
}

static void split(vl_time t, int *y, int *mo, int *d, int *h, int *mi,
                  int *s) {
  int64_t days = t / 86400, rem = t % 86400;
  if (rem < 0) {
    rem += 86400;
    days--;
  }
  civil_from_days(days, y, mo, d);
  *h = (int)(rem / 3600);
  *mi = (int)(rem / 60 % 60);
  *s = (int)(rem % 60);
}

void vl_time_format(vl_time t, char *buf, size_t size) {
  int y, mo, d, h, mi, s;
  split(t, &y, &mo, &d, &h, &mi, &s);
  snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
}

void vl_time_format_date(vl_time t, char *buf, size_t size) {
  int y, mo, d, h, mi, s;
  split(t, &y, &mo, &d, &h, &mi, &s);
  snprintf(buf, size, "%04d-%02d-%02d", y, mo, d);
}
