/* The logger: the one mutable global, writing to stderr. */
#include <stdio.h>

#include "vulnloop/core.h"

static enum vl_log_level current = VL_LOG_WARN;

void vl_log_set_level(enum vl_log_level lvl) { current = lvl; }
enum vl_log_level vl_log_get_level(void) { return current; }

void vl_log(enum vl_log_level lvl, const char *fmt, ...) {
  static const char *names[] = {"error", "warning", "info", "debug"};
  if (lvl > current) return;
  fprintf(stderr, "vulnloop: %s: ", names[lvl]);
  va_list ap;
  va_start(ap, fmt);
  vfprintf(stderr, fmt, ap);
  va_end(ap);
  fputc('\n', stderr);
}
