/* Fuzz target: the XML reader (events and record trees) and the JVN
 * importer (VULDEF and JVNRSS records, aliases, the store) on arbitrary
 * bytes.  Invariants: a failure names the input with a message, and a
 * failed import leaves the store's counts exactly as they were. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_input.h"
#include "vulnloop/collect.h"
#include "vulnloop/store.h"
#include "vulnloop/xml.h"

static struct vl_store *store;
static struct vl_ctx ctx;

static void walk(const uint8_t *data, size_t size) {
  struct vl_diag d;
  vl_diag_clear(&d);
  static const struct vl_xml_opts opts = {16, 1u << 16, 5000};
  struct vl_xml *x = NULL;
  struct vl_arena *a = NULL;
  if (vl_arena_new(1u << 22, &a)) abort();
  if (vl_xml_open_memory((const char *)data, size, "fuzz", &opts, &x, &d))
    goto out;
  struct vl_xml_event ev;
  for (;;) {
    int rc = vl_xml_next(x, &ev, &d);
    if (rc) {
      if (!d.msg[0]) abort();
      break;
    }
    if (ev.type == VL_XML_EOF) break;
    if (ev.type == VL_XML_START && ev.depth == 1) {
      struct vl_xnode *t;
      vl_arena_reset(a);
      if ((rc = vl_xml_tree(x, &ev, a, &t, &d))) {
        if (!d.msg[0]) abort();
        break;
      }
      for (const struct vl_xnode *c = t->child; c; c = c->next)
        if (vl_xnode_attr(c, "id") && strlen(c->text) != c->text_len) abort();
    }
  }
out:
  vl_xml_free(x);
  vl_arena_free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  struct vl_diag d;
  vl_diag_clear(&d);
  if (!store) {
    if (vl_store_open(":memory:", &store, &d)) abort();
    if (vl_ctx_init(&ctx, store, "default", "fuzz", &d)) abort();
  }
  walk(data, size);
  char path[64];
  int fd = fuzz_input_file("jvn", data, size, path);
  if (fd < 0) return 0;
  struct vl_store_counts before, after;
  if (vl_store_counts(&ctx, &before, &d)) abort();
  struct vl_feed_stats st;
  int rc = vl_feed_import(store, path, &st, &d);
  if (rc) {
    if (!d.msg[0]) abort();
    if (vl_store_counts(&ctx, &after, &d)) abort();
    if (memcmp(&before, &after, sizeof(before)) != 0) abort();
  }
  close(fd);
  return 0;
}
