/* vulnloop feed sync / feed status: download feeds named in the feed
 * configuration (docs/formats.md, "Feed sources") and report what each
 * source's last sync did.  Called from cmd_feed in cmd_cycle.c. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "vulnloop/fetch.h"
#include "vulnloop/jsonw.h"
#include "vulnloop/store.h"

#define OUT_MAX (16u << 20)

/* The only global of the command: set by SIGINT/SIGTERM, polled by the
 * transfer, so that an interrupted sync stops cleanly (temporary file
 * removed, nothing half-imported, progress recorded). */
static volatile sig_atomic_t cancelled;

static void on_signal(int sig) {
  (void)sig;
  cancelled = 1;
}

static const char *config_path(const char *opt) {
  if (opt) return opt;
  const char *e = getenv("VULNLOOP_FEEDS");
  if (e && *e) return e;
  return "vulnloop-feeds.json";
}

static void time_str(vl_time t, char *b, size_t n) {
  if (t)
    vl_time_format(t, b, n);
  else
    snprintf(b, n, "-");
}

int cmd_feed_sync(struct cli_ctx *ctx, int argc, char **argv) {
  const char *cfg_opt = NULL;
  const char *names[VL_FETCH_SOURCES_MAX];
  size_t n_names = 0;
  for (int i = 2; i < argc;) {
    const char *v;
    int m = cli_opt(argc, argv, &i, "--config", &v);
    if (m < 0) return 2;
    if (m) {
      cfg_opt = v;
      continue;
    }
    if (argv[i][0] == '-')
      return cli_usage("feed sync: unknown option %s", argv[i]);
    if (n_names == VL_FETCH_SOURCES_MAX)
      return cli_usage("feed sync: too many sources");
    names[n_names++] = argv[i++];
  }
  struct vl_diag d;
  vl_diag_clear(&d);
  struct vl_fetch_config *c = NULL;
  int rc = vl_fetch_config_load(config_path(cfg_opt), &c, &d);
  if (rc) return cli_fail(&d, rc);
  for (size_t i = 0; i < n_names; i++)
    if (!vl_fetch_config_find(c, names[i])) {
      fprintf(stderr, "vulnloop: %s: no source named %s\n", c->file,
              names[i]);
      vl_fetch_config_free(c);
      return 1;
    }
  if (!n_names)
    for (size_t i = 0; i < c->n; i++) names[n_names++] = c->src[i].name;
  struct vl_store *s = cli_store(ctx);
  if (!s) {
    vl_fetch_config_free(c);
    return 1;
  }
  struct sigaction sa, old_int, old_term;
  memset(&sa, 0, sizeof(sa));
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, &old_int);
  sigaction(SIGTERM, &sa, &old_term);
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  if (ctx->json) vl_jw_arr_begin(&w);
  int status = 0;
  bool any_changed = false;
  for (size_t i = 0; i < n_names && !cancelled; i++) {
    const struct vl_fetch_source *src = vl_fetch_config_find(c, names[i]);
    struct vl_fetch_result r;
    vl_diag_clear(&d);
    rc = vl_fetch_sync(s, ctx->db_path, c, src, &cancelled, &r, &d);
    if (r.changed) any_changed = true;
    if (ctx->json) {
      vl_jw_obj_begin(&w);
      vl_jw_kstr(&w, "source", src->name);
      vl_jw_kstr(&w, "result", rc ? "failed" : r.result);
      vl_jw_kint(&w, "http_status", r.http_status);
      vl_jw_kint(&w, "records", r.records);
      vl_jw_kint(&w, "changed", r.changed);
      vl_jw_kint(&w, "requests", r.requests);
      vl_jw_kint(&w, "retries", r.retries);
      if (src->kind == VL_FETCH_CSAF_PROVIDER ||
          src->kind == VL_FETCH_MYJVN) {
        vl_jw_kint(&w, "documents", r.documents);
        vl_jw_kint(&w, "already_imported", r.skipped);
        vl_jw_kint(&w, "refused", r.doc_failures);
        vl_jw_kint(&w, "hash_failures", r.hash_failures);
      }
      if (src->kind == VL_FETCH_NVD || src->kind == VL_FETCH_MYJVN) {
        vl_jw_kint(&w, "pages", r.pages);
        vl_jw_kint(&w, "windows", r.windows);
        vl_jw_kint(&w, "rate_waits", r.rate_waits);
      }
      if (rc) {
        char msg[1024];
        vl_diag_format(&d, msg, sizeof(msg));
        vl_jw_kstr(&w, "error", msg);
      }
      vl_jw_obj_end(&w);
    }
    int docs = src->kind == VL_FETCH_CSAF_PROVIDER ||
               src->kind == VL_FETCH_MYJVN;
    if (rc && !(docs && !ctx->json && (r.documents || r.doc_failures))) {
      char msg[1024];
      vl_diag_format(&d, msg, sizeof(msg));
      fprintf(stderr, "vulnloop: feed sync %s: %s\n", src->name, msg);
      status = 1;
      continue;
    }
    if (ctx->json) continue;
    /* A provider whose documents were partly refused: what went in, then
     * why the rest did not (stdout flushed first: the order is kept). */
    printf("%s: %s, %ld records, %ld new or updated, %ld requests",
           src->name, rc ? "failed" : r.result, r.records, r.changed,
           r.requests);
    if (r.retries) printf(", %ld retries", r.retries);
    if (docs)
      printf(", %ld documents imported, %ld already imported, %ld refused "
             "(%ld hash failures)",
             r.documents, r.skipped, r.doc_failures, r.hash_failures);
    if (src->kind == VL_FETCH_MYJVN) printf(", %ld pages", r.pages);
    if (src->kind == VL_FETCH_NVD && !src->mirror)
      printf(", %ld pages, %ld windows, %ld rate-limit waits", r.pages,
             r.windows, r.rate_waits);
    printf("\n");
    fflush(stdout);
    if (rc) {
      char msg[1024];
      vl_diag_format(&d, msg, sizeof(msg));
      fprintf(stderr, "vulnloop: feed sync %s: %s\n", src->name, msg);
      status = 1;
    }
  }
  sigaction(SIGINT, &old_int, NULL);
  sigaction(SIGTERM, &old_term, NULL);
  if (cancelled) {
    fprintf(stderr, "vulnloop: feed sync interrupted\n");
    status = 1;
  }
  if (ctx->json) {
    vl_jw_arr_end(&w);
    if (vl_jw_finish(&w)) {
      fprintf(stderr, "vulnloop: output too large\n");
      status = 1;
    } else {
      cli_print_buf(&b);
    }
  }
  vl_buf_free(&b);
  vl_fetch_config_free(c);
  /* New intelligence can change decisions (as after feed import). */
  if (any_changed && cli_retriage_all(ctx)) status = 1;
  return status;
}

struct st_out {
  struct vl_store *s;
  struct cli_ctx *ctx;
  struct vl_jw *w;
  long n;
  int argc;          /* source names to show (argv[2..]); all if none */
  char **argv;
};

static void jw_time(struct vl_jw *w, const char *k, vl_time t) {
  char b[32];
  vl_jw_key(w, k);
  if (!t) {
    vl_jw_null(w);
    return;
  }
  vl_time_format(t, b, sizeof(b));
  vl_jw_str(w, b);
}

static int refused_row(void *ud, const struct vl_feed_doc *f) {
  struct st_out *o = ud;
  if (o->ctx->json) {
    vl_jw_obj_begin(o->w);
    vl_jw_kstr(o->w, "url", f->url);
    vl_jw_kstr(o->w, "status", f->status);
    vl_jw_kstr(o->w, "error", f->error);
    vl_jw_obj_end(o->w);
  } else {
    printf("  refused (%s): %s\n", f->status, f->error ? f->error : f->url);
  }
  return 0;
}

/* CSAF/MyJVN sources: documents imported and refused, and why. */
static int status_docs(struct st_out *o, const struct vl_feed_sync *f) {
  struct vl_feed_doc_counts n;
  struct vl_diag d;
  vl_diag_clear(&d);
  int rc = vl_store_feed_doc_counts(o->s, f->source, &n, &d);
  if (rc || (!n.imported && !n.refused)) return rc;
  if (o->ctx->json) {
    vl_jw_key(o->w, "documents");
    vl_jw_obj_begin(o->w);
    vl_jw_kint(o->w, "imported", n.imported);
    vl_jw_kint(o->w, "refused", n.refused);
    vl_jw_kint(o->w, "hash_failures", n.hash_failures);
    vl_jw_key(o->w, "refusals");
    vl_jw_arr_begin(o->w);
  } else {
    printf("  documents: %ld imported, %ld refused (%ld hash failures)\n",
           n.imported, n.refused, n.hash_failures);
  }
  rc = vl_store_feed_doc_refused(o->s, f->source, refused_row, o, &d);
  if (o->ctx->json) {
    vl_jw_arr_end(o->w);
    vl_jw_obj_end(o->w);
  }
  return rc;
}

static int status_row(void *ud, const struct vl_feed_sync *f) {
  struct st_out *o = ud;
  int rc;
  if (o->argc > 2) {
    int i = 2;
    while (i < o->argc && strcmp(o->argv[i], f->source)) i++;
    if (i == o->argc) return 0;
  }
  o->n++;
  if (o->ctx->json) {
    struct vl_jw *w = o->w;
    vl_jw_obj_begin(w);
    vl_jw_kstr(w, "source", f->source);
    vl_jw_kstr(w, "result", f->result);
    vl_jw_kstr(w, "location", f->location);
    jw_time(w, "attempted", f->attempted);
    jw_time(w, "succeeded", f->succeeded);
    vl_jw_key(w, "http_status");
    if (f->http_status)
      vl_jw_int(w, f->http_status);
    else
      vl_jw_null(w);
    vl_jw_kint(w, "records", f->records);
    vl_jw_kint(w, "changed", f->changed);
    vl_jw_kint(w, "requests", f->requests);
    vl_jw_kstr(w, "etag", f->etag);
    vl_jw_kstr(w, "last_modified", f->last_modified);
    vl_jw_kstr(w, "error", f->error);
    jw_time(w, "cursor", f->cursor);
    if (f->window_start) {
      vl_jw_key(w, "resume");
      vl_jw_obj_begin(w);
      jw_time(w, "window_start", f->window_start);
      jw_time(w, "window_end", f->window_end);
      vl_jw_kint(w, "next_index", f->next_index);
      vl_jw_obj_end(w);
    }
    if ((rc = status_docs(o, f))) return rc;
    vl_jw_obj_end(w);
    return 0;
  }
  char at[32], ok[32];
  time_str(f->attempted, at, sizeof(at));
  time_str(f->succeeded, ok, sizeof(ok));
  printf("%s: %s at %s from %s", f->source, f->result ? f->result : "-", at,
         f->location ? f->location : "-");
  if (f->http_status) printf(" (HTTP %ld)", f->http_status);
  printf("\n  last success %s: %ld records, %ld new or updated\n", ok,
         f->records, f->changed);
  if (f->cursor) {
    char cur[32];
    time_str(f->cursor, cur, sizeof(cur));
    printf("  synced up to %s\n", cur);
  }
  if (f->window_start) {
    char a[32], z[32];
    time_str(f->window_start, a, sizeof(a));
    time_str(f->window_end, z, sizeof(z));
    printf("  resumes window %s .. %s at index %ld\n", a, z, f->next_index);
  }
  if (f->error) printf("  error: %s\n", f->error);
  return status_docs(o, f);
}

int cmd_feed_status(struct cli_ctx *ctx, int argc, char **argv) {
  for (int i = 2; i < argc; i++)
    if (argv[i][0] == '-')
      return cli_usage("usage: vulnloop feed status [SOURCE...]");
  struct vl_store *s = cli_store(ctx);
  if (!s) return 1;
  struct vl_buf b;
  vl_buf_init(&b, OUT_MAX);
  struct vl_jw w;
  vl_jw_init(&w, &b, 1);
  struct st_out o = {s, ctx, &w, 0, argc, argv};
  struct vl_diag d;
  vl_diag_clear(&d);
  if (ctx->json) vl_jw_arr_begin(&w);
  int rc = vl_store_feed_sync_each(s, status_row, &o, &d);
  int status = 0;
  if (rc) {
    status = cli_fail(&d, rc);
  } else if (ctx->json) {
    vl_jw_arr_end(&w);
    if (vl_jw_finish(&w)) {
      fprintf(stderr, "vulnloop: output too large\n");
      status = 1;
    } else {
      cli_print_buf(&b);
    }
  } else if (!o.n) {
    printf("no feed synced yet\n");
  }
  vl_buf_free(&b);
  return status;
}
