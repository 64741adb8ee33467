/* Private to the scanner-report importers (vl_scan.c, vl_nessus.c,
 * vl_openvas.c, vl_qualys.c): small parsers they share.  Strings are
 * borrowed; nothing here allocates. */
#ifndef VL_SCAN_INTERNAL_H
#define VL_SCAN_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "vulnloop/core.h"

/* The first occurrence of the NUL-terminated needle in h[0..n), or NULL. */
const char *vl_scan_memmem(const char *h, size_t n, const char *needle);
/* A decimal integer in [min, max], surrounding blanks allowed; VL_ETYPE
 * otherwise. */
int vl_scan_parse_int(const char *s, long long min, long long max,
                      long long *out);
/* A score 0.0-10.0 ("9.8", "10", "8.1 (AV:N/...)" takes the number). */
int vl_scan_parse_score(const char *s, double *out);
/* "Wed Mar 23 14:31:51 2022" (ctime's form), read as UTC. */
int vl_scan_parse_ctime(const char *s, vl_time *out);
/* Whether s is a CVE id: CVE-YYYY-NNNN with four or more digits. */
bool vl_scan_is_cve(const char *s);

#endif
