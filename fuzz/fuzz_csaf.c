/* Fuzz target: CSAF documents through the feed importer (detection, the
 * whole-document reader, product tree resolution, statements, Red Hat's
 * distro rows, the store), then statements read back, and found again by
 * the keys the matcher uses (purl, CPE). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "vulnloop/collect.h"
#include "vulnloop/store.h"

#define READ_BACK_MAX 2000 /* statements checked per input (the store grows) */

static struct vl_store *store;

struct seen {
  long n;
  char purl[256];
  char cpe[256];
};

static int on_status(void *ud, const struct vl_product_status *p) {
  struct seen *s = ud;
  /* Every statement names its vulnerability, document, product and one of
   * the four statuses. */
  if (!p->vuln || !p->doc || !p->product_id || !p->status || !p->source)
    abort();
  if (strcmp(p->status, "known_affected") &&
      strcmp(p->status, "known_not_affected") && strcmp(p->status, "fixed") &&
      strcmp(p->status, "under_investigation"))
    abort();
  if (p->purl && !s->purl[0] && strlen(p->purl) < sizeof(s->purl))
    snprintf(s->purl, sizeof(s->purl), "%s", p->purl);
  if (p->cpe && !s->cpe[0] && strlen(p->cpe) < sizeof(s->cpe))
    snprintf(s->cpe, sizeof(s->cpe), "%s", p->cpe);
  return ++s->n >= READ_BACK_MAX ? 1 : 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct vl_diag d;
  vl_diag_clear(&d);
  if (!store && vl_store_open(":memory:", &store, &d)) abort();
  char path[64];
  int fd = fuzz_input_file("csaf", data, size, path);
  if (fd < 0) return 0;
  struct vl_feed_stats st;
  int rc = vl_feed_import(store, path, &st, &d);
  close(fd);
  /* A failure must come with a message naming the input. */
  if (rc && !d.msg[0]) abort();
  if (rc || strncmp(st.format, "csaf", 4)) return 0;
  /* One document is one record. */
  if (st.records != 1 || st.changed + st.unchanged != 1) abort();
  struct seen all;
  memset(&all, 0, sizeof(all));
  vl_diag_clear(&d);
  rc = vl_store_product_status(store, NULL, NULL, NULL, on_status, &all, &d);
  if (rc && rc != 1) abort();
  if (all.purl[0]) {
    struct seen by = {0, "", ""};
    rc = vl_store_product_status(store, NULL, all.purl, NULL, on_status, &by,
                                 &d);
    if ((rc && rc != 1) || !by.n) abort();
  }
  if (all.cpe[0]) {
    struct seen by = {0, "", ""};
    rc = vl_store_product_status(store, NULL, NULL, all.cpe, on_status, &by,
                                 &d);
    /* A CPE whose vendor or product is ANY names nothing. */
    if (rc && rc != 1) abort();
  }
  return 0;
}
