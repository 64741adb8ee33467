/* ① Collect: watchlists.  A tenant watches a vendor, a vendor's product or
 * a keyword; after every import the vulnerability records that are new or
 * changed (the store's change log) and match a watch are its news.
 *
 * Matching: vendor/product against the affected statements (CPE-derived,
 * lower case) of the id and of the records linked to it by aliases, and
 * against the names sources give in text (CVE 5 affected[], JVN
 * AffectedItem, KEV vendorProject/product: ASCII case-insensitive, equal or
 * a whole-word part, "_" read as a space); a keyword against the titles and
 * descriptions (en and ja; ASCII case-insensitive) of the same records.
 *
 * Ownership: strings passed in are borrowed; structs handed to callbacks
 * are valid only during the call. */
#ifndef VULNLOOP_WATCH_H
#define VULNLOOP_WATCH_H

#include <stdbool.h>
#include <stdint.h>

#include "vulnloop/core.h"
#include "vulnloop/store.h"

#define VL_WATCH_NAME_MAX 100   /* bytes of a watch's name */
#define VL_WATCH_TERM_MAX 200   /* bytes of a vendor, product or keyword */
#define VL_WATCH_MAX 1000       /* watches per tenant */
#define VL_WATCH_WHY_MAX 1024   /* bytes of an item's explanation */

/* Adds a watch for ctx's tenant: vendor (with an optional product), or a
 * keyword, not both.  vendor/product are stored in lower case; name
 * defaults to the terms.  Audited ("watch.add").  *id receives its id.
 * VL_EINVAL for an empty or over-long term, VL_ETOOBIG past VL_WATCH_MAX. */
int vl_watch_add(const struct vl_ctx *ctx, const char *name,
                 const char *vendor, const char *product, const char *keyword,
                 int64_t *id, struct vl_diag *d);
/* Removes watch id of ctx's tenant (VL_ENOTFOUND if none).  Audited
 * ("watch.rm"). */
int vl_watch_rm(const struct vl_ctx *ctx, int64_t id, struct vl_diag *d);

/* Whether record texts and products of vuln_id match w; why receives the
 * reasons, in Japanese when ja ("" when it does not match). */
int vl_watch_match(struct vl_store *s, const struct vl_watch *w,
                   const char *vuln_id, bool ja, bool *hit, char *why,
                   size_t why_size, struct vl_diag *d);

struct vl_news_opts {
  bool all;         /* the whole change log; cursors stay */
  vl_time since;    /* changes recorded at or after; cursors stay; 0 = none */
  bool ja;          /* titles in Japanese where a source has them, and
                       the reasons in Japanese */
};

/* One new or changed vulnerability that matches a watch. */
struct vl_news_item {
  const struct vl_watch *watch;
  const char *vuln_id;
  const char *sources;  /* comma-separated sources whose records changed */
  vl_time modified;     /* newest modification time the sources give */
  vl_time changed;      /* when vulnloop recorded the change */
  const char *title;    /* in the language asked for when there is one */
  const char *why;      /* the reasons it matched */
};
typedef int (*vl_news_cb)(void *ud, const struct vl_news_item *it);

/* Calls cb for every news item of every watch of ctx's tenant, watch by
 * watch, in the order of the changes.  Without all/since, shows what
 * arrived after each watch's cursor and then moves the cursor to the end
 * of the change log (all in one transaction).  *n_watches receives how many
 * watches the tenant has. */
int vl_watch_news(const struct vl_ctx *ctx, const struct vl_news_opts *o,
                  vl_news_cb cb, void *ud, int *n_watches, struct vl_diag *d);

#endif
