/* MyJVN API (JVN iPedia, feed "hnd"): getVulnOverviewList pages of the
 * entries updated since the last sync (startItem/maxCountItem until
 * totalRes), then getVulnDetailInfo for the listed ids in batches of at
 * most 10 ("+"-joined vulnId).  Both answers are XML carrying the MyJVN
 * status element (status:Status retCd, errCd, errMsg, totalRes,
 * totalResRet, firstRes); an error status is reported as the API's own
 * message.  The details are VULDEF 3.2 documents and are imported as they
 * are by the JVN importer (vl_feed_import), one batch per transaction; each
 * id imported is recorded (feed_docs), so that an interrupted sync resumes
 * with the ids not yet imported. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vl_collect_internal.h"
#include "vulnloop/fetch.h"
#include "vulnloop/store.h"
#include "vulnloop/xml.h"

#define URL_MAX 4096
#define IDS_MAX 200000L           /* ids listed by one sync */
#define PAGES_MAX 10000L          /* overview pages in one sync */
#define ID_LEN 17                 /* "JVNDB-2022-000097" */
#define STATUS_NS "http://jvndb.jvn.jp/myjvn/Status"

struct jvn_id {
  char id[ID_LEN + 1];
  vl_time modified;               /* dcterms:modified of the overview item */
};

struct status {
  int seen;
  long ret, total, total_ret, first;
  char err_cd[64], err_msg[256];
  char method[64];
};

static long attr_long(const struct vl_xml_event *ev, const char *name,
                      long def) {
  for (size_t i = 0; i < ev->n_attrs; i++)
    if (!strcmp(ev->attrs[i].name, name)) {
      char *end;
      long v = strtol(ev->attrs[i].value, &end, 10);
      if (end == ev->attrs[i].value || *end || v < 0 || v > 100000000L)
        return -2;   /* present but not a count */
      return v;
    }
  return def;
}

static void attr_str(const struct vl_xml_event *ev, const char *name,
                     char *out, size_t size) {
  out[0] = '\0';
  for (size_t i = 0; i < ev->n_attrs; i++)
    if (!strcmp(ev->attrs[i].name, name)) {
      snprintf(out, size, "%s", ev->attrs[i].value);
      for (char *c = out; *c; c++)   /* no control characters in messages */
        if ((unsigned char)*c < 0x20) *c = '?';
    }
}

static int id_ok(const char *s, size_t n) {
  if (n != ID_LEN || strncmp(s, "JVNDB-", 6) || s[10] != '-') return 0;
  for (size_t i = 6; i < n; i++)
    if (i != 10 && (s[i] < '0' || s[i] > '9')) return 0;
  return 1;
}

struct ids {
  struct jvn_id *v;
  long n, cap;
};

static int ids_add(struct ids *l, const char *id, vl_time t,
                   struct vl_diag *d) {
  for (long i = 0; i < l->n; i++)   /* an id listed twice: keep the newest */
    if (!strcmp(l->v[i].id, id)) {
      if (t > l->v[i].modified) l->v[i].modified = t;
      return 0;
    }
  if (l->n == IDS_MAX)
    return vl_diag_set(d, VL_ETOOBIG, "more than %ld ids listed", IDS_MAX);
  if (l->n == l->cap) {
    long cap = l->cap ? l->cap * 2 : 64;
    struct jvn_id *v = realloc(l->v, (size_t)cap * sizeof(*v));
    if (!v) return vl_diag_set(d, VL_ENOMEM, "out of memory");
    l->v = v;
    l->cap = cap;
  }
  snprintf(l->v[l->n].id, sizeof(l->v[l->n].id), "%s", id);
  l->v[l->n].modified = t;
  l->n++;
  return 0;
}

/* Reads one answer: its status element, and the ids of the overview's
 * items (ids != NULL) or of the details' Vulinfo elements (found). */
static int scan(const char *path, const char *name, struct status *st,
                struct ids *ids, struct ids *found, struct vl_diag *d) {
  struct vl_xml *x = NULL;
  struct vl_arena *a = NULL;
  int rc = vl_arena_new(16u << 20, &a);
  memset(st, 0, sizeof(*st));
  if (rc) return vl_diag_set(d, rc, "out of memory");
  if ((rc = vl_xml_open_file(path, NULL, &x, d))) goto out;
  struct vl_xml_event ev;
  while (!(rc = vl_xml_next(x, &ev, d)) && ev.type != VL_XML_EOF) {
    if (ev.type != VL_XML_START) continue;
    if (!strcmp(ev.name, "Status") && !strcmp(ev.ns, STATUS_NS)) {
      st->seen = 1;
      st->ret = attr_long(&ev, "retCd", -2);
      st->total = attr_long(&ev, "totalRes", -1);
      st->total_ret = attr_long(&ev, "totalResRet", -1);
      st->first = attr_long(&ev, "firstRes", -1);
      attr_str(&ev, "errCd", st->err_cd, sizeof(st->err_cd));
      attr_str(&ev, "errMsg", st->err_msg, sizeof(st->err_msg));
      attr_str(&ev, "method", st->method, sizeof(st->method));
      if (st->ret == -2 || st->total == -2 || st->total_ret == -2 ||
          st->first == -2) {
        vl_diag_where(d, name, ev.line, "status:Status");
        rc = vl_diag_set(d, VL_EPARSE,
                         "retCd, totalRes, totalResRet and firstRes must be "
                         "counts");
        goto out;
      }
      continue;
    }
    if (found && !strcmp(ev.name, "VulinfoID") && !ev.empty) {
      struct vl_xnode *idn;
      vl_arena_reset(a);
      if ((rc = vl_xml_tree(x, &ev, a, &idn, d))) goto out;
      /* A malformed id is the JVN importer's to report. */
      if (id_ok(idn->text, idn->text_len) &&
          (rc = ids_add(found, idn->text, 0, d)))
        goto out;
      continue;
    }
    if (!ids || ev.depth != 1 || strcmp(ev.name, "item") || ev.empty)
      continue;
    struct vl_xnode *item;
    vl_arena_reset(a);
    if ((rc = vl_xml_tree(x, &ev, a, &item, d))) goto out;
    const struct vl_xnode *idn = vl_xnode_child(item, "identifier");
    const struct vl_xnode *mod = vl_xnode_child(item, "modified");
    if (!idn || !id_ok(idn->text, idn->text_len)) {
      vl_diag_where(d, name, item->line, "item/sec:identifier");
      rc = vl_diag_set(d, VL_EPARSE,
                       "an item without a JVNDB-YYYY-NNNNNN identifier");
      goto out;
    }
    vl_time t = 0;
    if (mod && mod->text_len && vl_time_parse(mod->text, &t)) {
      vl_diag_where(d, name, mod->line, "item/dcterms:modified");
      rc = vl_diag_set(d, VL_EPARSE, "not an ISO 8601 time");
      goto out;
    }
    if ((rc = ids_add(ids, idn->text, t, d))) {
      vl_diag_where(d, name, item->line, NULL);
      goto out;
    }
  }
  if (rc) goto out;
  if (!st->seen) {
    vl_diag_where(d, name, 0, NULL);
    rc = vl_diag_set(d, VL_EPARSE,
                     "not a MyJVN API answer (no status:Status element)");
  } else if (st->ret != 0) {
    vl_diag_where(d, name, 0, NULL);
    rc = vl_diag_set(d, VL_EINVAL, "MyJVN API error %s: %s",
                     st->err_cd[0] ? st->err_cd : "(no code)",
                     st->err_msg[0] ? st->err_msg : "(no message)");
  }
out:
  vl_xml_free(x);
  vl_arena_free(a);
  return rc;
}

static int base_url(char *out, size_t size, const char *base,
                    const char *method) {
  int n = snprintf(out, size, "%s%smethod=%s&feed=hnd", base,
                   strchr(base, '?') ? "&" : "?", method);
  return n < 0 || (size_t)n >= size ? VL_ETOOBIG : 0;
}

/* Errors in an answer name the request, not the temporary file. */
static void name_url(struct vl_diag *d, const char *tmp, const char *url) {
  if (!d->file[0] || !strcmp(d->file, tmp))
    snprintf(d->file, sizeof(d->file), "%s", url);
}

int vl_myjvn_sync(struct vl_fetch_session *ss, struct vl_store *s,
                  const char *tmp, struct vl_feed_sync *fs,
                  struct vl_diag *d) {
  const struct vl_fetch_source *src = vl_fetch_session_source(ss);
  struct vl_fetch_result *r = vl_fetch_session_result(ss);
  struct ids ids = {NULL, 0, 0};
  struct vl_arena *a = NULL;
  vl_time started = vl_time_now();
  vl_time from = fs->cursor ? fs->cursor : src->start;
  char url[URL_MAX];
  int rc = vl_arena_new(1u << 20, &a);
  if (rc) return vl_diag_set(d, rc, "out of memory");
  /* A process killed during the sync leaves "partial" (and the ids it
   * imported recorded), not the previous sync's result. */
  fs->result = "partial";
  fs->error = NULL;
  if ((rc = vl_store_feed_sync_put(s, fs, d))) goto out;
  /* The API filters by day: the day of the last sync is asked again, and
   * what it lists again is skipped by the per-id record below. */
  char day[16];
  vl_time_format_date(from, day, sizeof(day));
  long next = 1;
  for (long pg = 0;; pg++) {
    if (pg == PAGES_MAX) {
      rc = vl_diag_set(d, VL_ETOOBIG, "more than %ld overview pages",
                       PAGES_MAX);
      goto out;
    }
    if (base_url(url, sizeof(url), src->url, "getVulnOverviewList")) {
      rc = vl_diag_set(d, VL_ETOOBIG, "URL too long");
      goto out;
    }
    size_t n = strlen(url);
    snprintf(url + n, sizeof(url) - n,
             "&rangeDatePublic=n&rangeDatePublished=n"
             "&rangeDateFirstPublished=n&datePublishedStartY=%.4s"
             "&datePublishedStartM=%.2s&datePublishedStartD=%.2s"
             "&startItem=%ld&maxCountItem=%ld&lang=%s",
             day, day + 5, day + 8, next, src->page_size, src->lang);
    struct status st;
    if ((rc = vl_fetch_get(ss, url, tmp, d)) ||
        (rc = scan(tmp, url, &st, &ids, NULL, d))) {
      name_url(d, tmp, url);
      goto out;
    }
    r->pages++;
    if (st.total < 0 || st.total_ret < 0 ||
        (st.total_ret > 0 && st.first != next)) {
      vl_diag_clear(d);
      vl_diag_where(d, url, 0, "status:Status");
      rc = vl_diag_set(d, VL_EINVAL,
                       "not the page asked for (startItem %ld; firstRes %ld, "
                       "totalResRet %ld, totalRes %ld)",
                       next, st.first, st.total_ret, st.total);
      goto out;
    }
    if (st.total_ret > src->page_size) {
      vl_diag_where(d, url, 0, "status:Status");
      rc = vl_diag_set(d, VL_EINVAL,
                       "totalResRet %ld is more than the %ld asked for",
                       st.total_ret, src->page_size);
      goto out;
    }
    next += st.total_ret;
    if (!st.total_ret || next > st.total) break;
  }
  /* Details, for the ids not imported at (or after) their listed time. */
  struct jvn_id *todo[10];
  long i = 0;
  while (i < ids.n) {
    int k = 0;
    for (; i < ids.n && k < src->batch; i++) {
      struct vl_feed_doc row;
      vl_arena_reset(a);
      rc = vl_store_feed_doc_get(s, src->name, ids.v[i].id, a, &row, d);
      if (rc && rc != VL_ENOTFOUND) goto out;
      if (!rc && !strcmp(row.status, "imported") &&
          row.updated >= ids.v[i].modified) {
        r->skipped++;
        continue;
      }
      todo[k++] = &ids.v[i];
    }
    if (!k) continue;
    if (base_url(url, sizeof(url), src->url, "getVulnDetailInfo")) {
      rc = vl_diag_set(d, VL_ETOOBIG, "URL too long");
      goto out;
    }
    size_t n = strlen(url);
    n += (size_t)snprintf(url + n, sizeof(url) - n, "&vulnId=");
    for (int j = 0; j < k; j++)
      n += (size_t)snprintf(url + n, sizeof(url) - n, "%s%s", j ? "+" : "",
                            todo[j]->id);
    snprintf(url + n, sizeof(url) - n, "&lang=%s", src->lang);
    struct status st;
    struct ids found = {NULL, 0, 0};
    if ((rc = vl_fetch_get(ss, url, tmp, d)) ||
        (rc = scan(tmp, url, &st, NULL, &found, d))) {
      free(found.v);
      name_url(d, tmp, url);
      goto out;
    }
    /* Every id asked for must be answered: one missing is reported, not
     * recorded as imported. */
    for (int j = 0; j < k && !rc; j++) {
      long f = 0;
      while (f < found.n && strcmp(found.v[f].id, todo[j]->id)) f++;
      if (f == found.n) {
        vl_diag_where(d, url, 0, NULL);
        rc = vl_diag_set(d, VL_EINVAL, "no details for %s in the answer",
                         todo[j]->id);
      }
    }
    free(found.v);
    if (rc || (rc = vl_fetch_import(s, tmp, r, d))) {
      name_url(d, tmp, url);
      goto out;
    }
    for (int j = 0; j < k; j++) {
      struct vl_feed_doc row = {src->name, todo[j]->id, todo[j]->modified,
                                NULL, "imported", NULL, vl_time_now()};
      if ((rc = vl_store_feed_doc_put(s, &row, d))) goto out;
    }
    r->documents += k;
  }
  /* Everything listed is in: the next sync asks from today. */
  fs->cursor = started;
out:
  free(ids.v);
  vl_arena_free(a);
  return rc;
}
