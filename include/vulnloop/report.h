/* ⑥ Report: what a SOC sends to managers and customers.
 *
 * Reports are written in English or Japanese (message catalogue in
 * lib/report/vl_msg.c), as Markdown or as a self-contained HTML page. */
#ifndef VULNLOOP_REPORT_H
#define VULNLOOP_REPORT_H

#include "vulnloop/core.h"
#include "vulnloop/store.h"

enum vl_report_format { VL_REPORT_MD, VL_REPORT_HTML };

/* Appends the report on one vulnerability to out: what was published,
 * which assets were affected and why, what was decided and done, and the
 * re-scan result.  lang is "en" or "ja". */
int vl_report_vuln(const struct vl_ctx *ctx, const char *vuln,
                   const char *lang, enum vl_report_format fmt,
                   struct vl_buf *out, struct vl_diag *d);

/* The one-line status of a vulnerability for the tenant ("resolved on all 4
 * affected assets; re-scan: not detected"), in lang, into buf. */
int vl_report_status_line(const struct vl_ctx *ctx, const char *vuln,
                          const char *lang, char *buf, size_t size,
                          struct vl_diag *d);

/* Message catalogue: the text of message id in lang (falls back to
 * English); never NULL.  Formats take printf arguments as documented at
 * each id in vl_msg.c. */
const char *vl_msg(const char *lang, const char *id);

#endif
