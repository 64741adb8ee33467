/* Time zones (TZif files from the system's tzdata) and due-date
 * arithmetic in the tenant's local time: calendar hours, calendar days, and
 * business days that skip weekends and the policy's holidays. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vulnloop/decide.h"

#define TZ_MAX_BYTES (1 << 20)
#define TZDIR "/usr/share/zoneinfo"

/* UTC offsets of a zone: transition times and the offset in force after
 * each (offset before the first: `first`). */
struct zone {
  int64_t *at;
  int32_t *off;
  uint8_t *type;      /* local time type index after each transition */
  size_t n;
  int32_t first;
  char abbr[256][8];  /* abbreviation of each local time type */
  int32_t type_off[256];
  size_t ntypes;
};

static uint32_t be32(const unsigned char *p) {
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p) {
  return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

static bool valid_name(const char *n) {
  if (!*n || n[0] == '/' || strstr(n, "..") || strlen(n) > 60) return false;
  for (const char *p = n; *p; p++)
    if (!(*p == '/' || *p == '_' || *p == '-' || *p == '+' ||
          (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9')))
      return false;
  return true;
}

/* Reads the version-2+ (64-bit) body of a TZif file. */
static int zone_load(const char *name, struct zone *z, struct vl_diag *d) {
  memset(z, 0, sizeof(*z));
  if (!strcmp(name, "UTC") || !strcmp(name, "Etc/UTC")) return 0;
  if (!valid_name(name))
    return vl_diag_set(d, VL_EINVAL, "'%s' is not a time zone name", name);
  char path[128];
  snprintf(path, sizeof(path), "%s/%s", TZDIR, name);
  char *buf;
  size_t len;
  struct vl_diag d2;
  vl_diag_clear(&d2);
  if (vl_read_file(path, TZ_MAX_BYTES, &buf, &len, &d2))
    return vl_diag_set(d, VL_ENOTFOUND,
                       "unknown time zone '%s' (not in %s; is tzdata "
                       "installed?)",
                       name, TZDIR);
  const unsigned char *p = (const unsigned char *)buf;
  int rc = VL_EPARSE;
  if (len < 44 || memcmp(p, "TZif", 4) != 0 || p[4] < '2') goto bad;
  /* Skip the version-1 body. */
  size_t v1 = 44 + be32(p + 32) * 5 + be32(p + 36) * 6 + be32(p + 40) +
              be32(p + 28) * 8 + be32(p + 24) + be32(p + 20);
  if (v1 + 44 > len) goto bad;
  const unsigned char *h = p + v1;
  if (memcmp(h, "TZif", 4) != 0) goto bad;
  uint32_t isutc = be32(h + 20), isstd = be32(h + 24), leap = be32(h + 28),
           timecnt = be32(h + 32), typecnt = be32(h + 36),
           charcnt = be32(h + 40);
  if (typecnt == 0 || timecnt > 100000 || typecnt > 256) goto bad;
  size_t need = 44 + (size_t)timecnt * 9 + (size_t)typecnt * 6 + charcnt +
                (size_t)leap * 12 + isstd + isutc;
  if (v1 + need > len) goto bad;
  const unsigned char *times = h + 44, *idx = times + (size_t)timecnt * 8,
                      *types = idx + timecnt;
  z->n = timecnt;
  z->at = calloc(timecnt + 1, sizeof(*z->at));
  z->off = calloc(timecnt + 1, sizeof(*z->off));
  z->type = calloc(timecnt + 1, 1);
  if (!z->at || !z->off || !z->type) {
    rc = VL_ENOMEM;
    goto fail;
  }
  for (uint32_t i = 0; i < timecnt; i++) {
    if (idx[i] >= typecnt) goto bad;
    z->at[i] = be64(times + (size_t)i * 8);
    z->off[i] = (int32_t)be32(types + (size_t)idx[i] * 6);
    z->type[i] = idx[i];
  }
  z->first = (int32_t)be32(types);
  /* Abbreviations: each type's 6-byte record ends with an index into the
   * character block that follows the types. */
  const char *chars = (const char *)types + (size_t)typecnt * 6;
  z->ntypes = typecnt;
  for (uint32_t i = 0; i < typecnt; i++) {
    unsigned ai = types[(size_t)i * 6 + 5];
    z->type_off[i] = (int32_t)be32(types + (size_t)i * 6);
    if (ai < charcnt) {
      size_t k = 0;
      while (k < 7 && ai + k < charcnt && chars[ai + k]) {
        z->abbr[i][k] = chars[ai + k];
        k++;
      }
      z->abbr[i][k] = '\0';
    }
  }
  free(buf);
  return 0;
bad:
  rc = vl_diag_set(d, VL_EPARSE, "%s: not a TZif file", path);
fail:
  free(z->at);
  free(z->off);
  free(z->type);
  memset(z, 0, sizeof(*z));
  free(buf);
  return rc;
}

static void zone_free(struct zone *z) {
  free(z->at);
  free(z->off);
  free(z->type);
}

/* Offset in force at UTC time t.  Beyond the last transition the last
 * offset holds (the TZif footer's rule is not evaluated: a simplification
 * that is exact for zones without daylight saving time). */
static int32_t zone_offset(const struct zone *z, vl_time t) {
  if (!z->n) return z->first;
  if (t < z->at[0]) return z->first;
  size_t lo = 0, hi = z->n;
  while (hi - lo > 1) {
    size_t mid = (lo + hi) / 2;
    if (z->at[mid] <= t) lo = mid;
    else hi = mid;
  }
  return z->off[lo];
}

static int weekday(int64_t days) { /* 0 = Sunday; 1970-01-01 was Thursday */
  int w = (int)((days + 4) % 7);
  return w < 0 ? w + 7 : w;
}

static bool holiday(const struct vl_policy *p, vl_time local_midnight) {
  char date[16];
  vl_time_format_date(local_midnight, date, sizeof(date));
  for (int i = 0; i < p->nholidays; i++)
    if (!strcmp(p->holidays[i], date)) return true;
  return false;
}

/* The loaded zone behind the opaque handle of decide.h. */
struct vl_tz {
  struct zone z;
};

int vl_tz_open(const char *name, struct vl_tz **out, struct vl_diag *d) {
  struct vl_tz *t = calloc(1, sizeof(*t));
  if (!t) return VL_ENOMEM;
  int rc = zone_load(name && *name ? name : "UTC", &t->z, d);
  if (rc) {
    free(t);
    return rc;
  }
  *out = t;
  return 0;
}

void vl_tz_close(struct vl_tz *t) {
  if (!t) return;
  zone_free(&t->z);
  free(t);
}

void vl_tz_at(const struct vl_tz *t, vl_time when, int32_t *offset,
              char abbr[8]) {
  const struct zone *z = &t->z;
  *offset = zone_offset(z, when);
  snprintf(abbr, 8, "UTC");
  if (!z->ntypes) return;
  size_t ti = 0;
  if (z->n && when >= z->at[0]) {
    size_t lo = 0, hi = z->n;
    while (hi - lo > 1) {
      size_t mid = (lo + hi) / 2;
      if (z->at[mid] <= when) lo = mid;
      else hi = mid;
    }
    ti = z->type[lo];
  }
  if (z->abbr[ti][0]) snprintf(abbr, 8, "%s", z->abbr[ti]);
}

int vl_tz_local(const char *zone, vl_time t, int32_t *offset, char abbr[8],
                struct vl_diag *d) {
  struct vl_tz *z;
  int rc = vl_tz_open(zone, &z, d);
  if (rc) return rc;
  vl_tz_at(z, t, offset, abbr);
  vl_tz_close(z);
  return 0;
}

int vl_tz_check(const char *name, struct vl_diag *d) {
  struct vl_tz *z;
  int rc = vl_tz_open(name, &z, d);
  vl_tz_close(rc ? NULL : z);
  return rc;
}

int vl_due_add(const struct vl_policy *p, vl_time t,
               const struct vl_duration *dur, vl_time *out,
               struct vl_diag *d) {
  if (!dur->unit) {
    *out = 0;
    return 0;
  }
  if (dur->unit == 'h') {
    *out = t + (vl_time)dur->amount * VL_HOUR;
    return 0;
  }
  bool business = dur->unit == 'b' || (dur->unit == 'd' && p->business_days);
  if (!business) {
    *out = t + (vl_time)dur->amount * VL_DAY;
    return 0;
  }
  /* The zone the caller loaded, or this call's own. */
  struct vl_tz *own = NULL;
  const struct vl_tz *tz = p->zone;
  if (!tz) {
    int rc = vl_tz_open(p->timezone, &own, d);
    if (rc) return rc;
    tz = own;
  }
  const struct zone *z = &tz->z;
  /* Walk local days, counting those that are neither weekend nor holiday;
   * keep the local time of day. */
  vl_time local = t + zone_offset(z, t);
  int left = dur->amount;
  for (int guard = 0; left > 0 && guard < 10000; guard++) {
    local += VL_DAY;
    int64_t day = local >= 0 ? local / VL_DAY : (local - VL_DAY + 1) / VL_DAY;
    int w = weekday(day);
    if (w == 0 || w == 6 || holiday(p, day * VL_DAY)) continue;
    left--;
  }
  /* Back to UTC with the offset in force then (checked once more across a
   * transition). */
  vl_time utc = local - zone_offset(z, local);
  utc = local - zone_offset(z, utc);
  vl_tz_close(own);
  *out = utc;
  return 0;
}
